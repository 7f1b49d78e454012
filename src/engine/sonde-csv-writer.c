/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sonde-engine"

/* SondeCsvWriter: writes a SondeTable as CSV (RFC 4180), for `sonde-cli
 * import --to` and the Export action. What it writes, SondeCsvReader
 * reads back as the same table: values are formatted in the C locale by
 * sonde_column_format_value() (reals as the shortest text that reads
 * back exactly, ISO dates), missing values are empty fields, and a text
 * is quoted when it holds the delimiter, a quote, a line break, spaces
 * at its ends, or when it would otherwise be read as a missing marker
 * ("NA"). Column names that start like a number are quoted so that
 * header detection still sees a header. One limit: an empty text is
 * written as "" and reads back as missing.
 *
 * The whole file is built in memory, then converted to the chosen
 * encoding and saved atomically (g_file_replace_contents), so a failed
 * export never leaves half a file behind. The output is about the size
 * of the table as text.
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sonde-csv-writer.h"
#include "sonde-error.h"

struct _SondeCsvWriter
{
  GObject  parent_instance;

  char     delimiter;
  char     decimal_mark;
  char    *encoding;
};

G_DEFINE_FINAL_TYPE (SondeCsvWriter, sonde_csv_writer, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_DELIMITER,
  PROP_ENCODING,
  PROP_DECIMAL_MARK,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The default missing markers of SondeCsvReader, except the empty one. */
static const char * const marker_texts[] = { "NA", "N/A", "NULL", "?", "-" };

static void
sonde_csv_writer_finalize (GObject *object)
{
  SondeCsvWriter *self = (SondeCsvWriter *)object;

  g_clear_pointer (&self->encoding, g_free);

  G_OBJECT_CLASS (sonde_csv_writer_parent_class)->finalize (object);
}

static void
sonde_csv_writer_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  SondeCsvWriter *self = SONDE_CSV_WRITER (object);

  switch (prop_id)
    {
    case PROP_DELIMITER:
      g_value_set_schar (value, self->delimiter);
      break;

    case PROP_ENCODING:
      g_value_set_string (value, self->encoding);
      break;

    case PROP_DECIMAL_MARK:
      g_value_set_schar (value, self->decimal_mark);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sonde_csv_writer_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  SondeCsvWriter *self = SONDE_CSV_WRITER (object);

  switch (prop_id)
    {
    case PROP_DELIMITER:
      sonde_csv_writer_set_delimiter (self, g_value_get_schar (value));
      break;

    case PROP_ENCODING:
      sonde_csv_writer_set_encoding (self, g_value_get_string (value));
      break;

    case PROP_DECIMAL_MARK:
      sonde_csv_writer_set_decimal_mark (self, g_value_get_schar (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sonde_csv_writer_class_init (SondeCsvWriterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sonde_csv_writer_finalize;
  object_class->get_property = sonde_csv_writer_get_property;
  object_class->set_property = sonde_csv_writer_set_property;

  properties[PROP_DELIMITER] =
    g_param_spec_char ("delimiter", NULL, NULL, 1, G_MAXINT8, ',',
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_ENCODING] =
    g_param_spec_string ("encoding", NULL, NULL, "UTF-8",
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_DECIMAL_MARK] =
    g_param_spec_char ("decimal-mark", NULL, NULL, 1, G_MAXINT8, '.',
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sonde_csv_writer_init (SondeCsvWriter *self)
{
  self->delimiter = ',';
  self->decimal_mark = '.';
  self->encoding = g_strdup ("UTF-8");
}

/**
 * sonde_csv_writer_new:
 *
 * Creates a writer of comma-separated UTF-8 files with '.' as decimal
 * mark and LF line ends.
 *
 * Returns: (transfer full): a new #SondeCsvWriter.
 */
SondeCsvWriter *
sonde_csv_writer_new (void)
{
  return g_object_new (SONDE_TYPE_CSV_WRITER, NULL);
}

/**
 * sonde_csv_writer_get_delimiter:
 * @self: a #SondeCsvWriter
 *
 * Returns: the field delimiter.
 */
char
sonde_csv_writer_get_delimiter (SondeCsvWriter *self)
{
  g_return_val_if_fail (SONDE_IS_CSV_WRITER (self), ',');

  return self->delimiter;
}

/**
 * sonde_csv_writer_set_delimiter:
 * @self: a #SondeCsvWriter
 * @delimiter: an ASCII character other than a quote or a line break
 *
 * Sets the field delimiter.
 */
void
sonde_csv_writer_set_delimiter (SondeCsvWriter *self,
                                char            delimiter)
{
  g_return_if_fail (SONDE_IS_CSV_WRITER (self));
  g_return_if_fail (delimiter > 0 && delimiter != '"' && delimiter != '\n' && delimiter != '\r');

  if (self->delimiter != delimiter)
    {
      self->delimiter = delimiter;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DELIMITER]);
    }
}

/**
 * sonde_csv_writer_get_encoding:
 * @self: a #SondeCsvWriter
 *
 * Returns: (transfer none): the output encoding.
 */
const char *
sonde_csv_writer_get_encoding (SondeCsvWriter *self)
{
  g_return_val_if_fail (SONDE_IS_CSV_WRITER (self), NULL);

  return self->encoding;
}

/**
 * sonde_csv_writer_set_encoding:
 * @self: a #SondeCsvWriter
 * @encoding: (nullable): an encoding iconv knows ("UTF-8",
 *   "WINDOWS-1252"...), or %NULL for UTF-8
 *
 * Sets the output encoding. A text with a character the encoding cannot
 * represent makes the write fail with %SONDE_ERROR_ENCODING.
 */
void
sonde_csv_writer_set_encoding (SondeCsvWriter *self,
                               const char     *encoding)
{
  g_return_if_fail (SONDE_IS_CSV_WRITER (self));

  if (encoding == NULL)
    encoding = "UTF-8";

  if (g_strcmp0 (self->encoding, encoding) != 0)
    {
      g_free (self->encoding);
      self->encoding = g_strdup (encoding);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENCODING]);
    }
}

/**
 * sonde_csv_writer_get_decimal_mark:
 * @self: a #SondeCsvWriter
 *
 * Returns: the decimal mark of reals, '.' or ','.
 */
char
sonde_csv_writer_get_decimal_mark (SondeCsvWriter *self)
{
  g_return_val_if_fail (SONDE_IS_CSV_WRITER (self), '.');

  return self->decimal_mark;
}

/**
 * sonde_csv_writer_set_decimal_mark:
 * @self: a #SondeCsvWriter
 * @decimal_mark: '.' or ','
 *
 * Sets the decimal mark of reals. A comma needs another delimiter than a
 * comma (the write fails otherwise).
 */
void
sonde_csv_writer_set_decimal_mark (SondeCsvWriter *self,
                                   char            decimal_mark)
{
  g_return_if_fail (SONDE_IS_CSV_WRITER (self));
  g_return_if_fail (decimal_mark == '.' || decimal_mark == ',');

  if (self->decimal_mark != decimal_mark)
    {
      self->decimal_mark = decimal_mark;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DECIMAL_MARK]);
    }
}

static gboolean
needs_quotes (const char *text,
              gsize       len,
              char        delimiter,
              gboolean    is_name)
{
  if (len == 0)
    return TRUE;

  if (text[0] == ' ' || text[0] == '\t' || text[len - 1] == ' ' || text[len - 1] == '\t')
    return TRUE;

  if (is_name && (g_ascii_isdigit (text[0]) || text[0] == '+' || text[0] == '-' || text[0] == '.'))
    return TRUE;

  for (gsize i = 0; i < len; i++)
    {
      char c = text[i];

      if (c == delimiter || c == '"' || c == '\n' || c == '\r')
        return TRUE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (marker_texts); i++)
    {
      if (strcmp (text, marker_texts[i]) == 0)
        return TRUE;
    }

  return FALSE;
}

static void
append_field (GString    *out,
              const char *text,
              char        delimiter,
              gboolean    is_name)
{
  gsize len = strlen (text);

  if (!needs_quotes (text, len, delimiter, is_name))
    {
      g_string_append_len (out, text, len);
      return;
    }

  g_string_append_c (out, '"');
  for (gsize i = 0; i < len; i++)
    {
      if (text[i] == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, text[i]);
    }
  g_string_append_c (out, '"');
}

static void
conversion_error (const char  *utf8,
                  gsize        offset,
                  const char  *encoding,
                  GError     **error)
{
  guint line = 1;
  gunichar c = g_utf8_get_char_validated (utf8 + offset, -1);
  char buf[8] = { 0 };

  for (gsize i = 0; i < offset; i++)
    line += utf8[i] == '\n';

  if (c != (gunichar) -1 && c != (gunichar) -2)
    g_unichar_to_utf8 (c, buf);

  g_set_error (error, SONDE_ERROR, SONDE_ERROR_ENCODING,
               /* Translators: the line of the output, a character, then an encoding name */
               _("Line %u: the character “%s” cannot be written in %s. Choose UTF-8, which can write every character."),
               line, buf, encoding);
}

/**
 * sonde_csv_writer_write_bytes:
 * @self: a #SondeCsvWriter
 * @table: the table to write
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Writes @table as CSV into memory: a header with the column names, then
 * one line per row.
 *
 * Returns: (transfer full) (nullable): the file content, or %NULL with
 *   @error set (%SONDE_ERROR_ENCODING, %SONDE_ERROR_INVALID or
 *   %G_IO_ERROR_CANCELLED).
 */
GBytes *
sonde_csv_writer_write_bytes (SondeCsvWriter  *self,
                              SondeTable      *table,
                              GCancellable    *cancellable,
                              GError         **error)
{
  g_autoptr(GString) out = NULL;
  guint n_columns, n_rows;
  gsize written = 0, read = 0;
  g_autoptr(GError) local_error = NULL;
  char *converted;

  g_return_val_if_fail (SONDE_IS_CSV_WRITER (self), NULL);
  g_return_val_if_fail (SONDE_IS_TABLE (table), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (self->decimal_mark == self->delimiter)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                   _("The decimal mark and the delimiter are both “%c”: choose a semicolon as delimiter to write decimal commas."),
                   self->delimiter);
      return NULL;
    }

  n_columns = sonde_table_get_n_columns (table);
  n_rows = sonde_table_get_n_rows (table);
  out = g_string_new (NULL);

  for (guint c = 0; c < n_columns; c++)
    {
      if (c > 0)
        g_string_append_c (out, self->delimiter);
      append_field (out, sonde_column_get_name (sonde_table_get_column (table, c)),
                    self->delimiter, TRUE);
    }
  g_string_append_c (out, '\n');

  for (guint r = 0; r < n_rows; r++)
    {
      if ((r & 0xFFFF) == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;

      for (guint c = 0; c < n_columns; c++)
        {
          SondeColumn *column = sonde_table_get_column (table, c);
          g_autofree char *value = NULL;

          if (c > 0)
            g_string_append_c (out, self->delimiter);

          value = sonde_column_format_value (column, r);
          if (value == NULL)
            continue;

          switch (sonde_column_get_column_type (column))
            {
            case SONDE_COLUMN_TYPE_TEXT:
            case SONDE_COLUMN_TYPE_CATEGORICAL:
              append_field (out, value, self->delimiter, FALSE);
              break;

            case SONDE_COLUMN_TYPE_REAL:
              if (self->decimal_mark != '.')
                g_strdelimit (value, ".", self->decimal_mark);
              g_string_append (out, value);
              break;

            case SONDE_COLUMN_TYPE_INTEGER:
            case SONDE_COLUMN_TYPE_BOOLEAN:
            case SONDE_COLUMN_TYPE_DATE:
            case SONDE_COLUMN_TYPE_DATETIME:
            default:
              g_string_append (out, value);
              break;
            }
        }
      g_string_append_c (out, '\n');
    }

  if (g_ascii_strcasecmp (self->encoding, "UTF-8") == 0 ||
      g_ascii_strcasecmp (self->encoding, "UTF8") == 0)
    {
      gsize len = out->len;

      return g_bytes_new_take (g_string_free (g_steal_pointer (&out), FALSE), len);
    }

  converted = g_convert (out->str, out->len, self->encoding, "UTF-8", &read, &written, &local_error);
  if (converted == NULL)
    {
      if (g_error_matches (local_error, G_CONVERT_ERROR, G_CONVERT_ERROR_ILLEGAL_SEQUENCE))
        conversion_error (out->str, read, self->encoding, error);
      else
        g_set_error (error, SONDE_ERROR, SONDE_ERROR_ENCODING,
                     _("Cannot write in the encoding “%s”: %s"),
                     self->encoding, local_error->message);
      return NULL;
    }

  return g_bytes_new_take (converted, written);
}

/**
 * sonde_csv_writer_write_file:
 * @self: a #SondeCsvWriter
 * @table: the table to write
 * @file: where to write it; replaced if it exists
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Writes @table as CSV to @file, atomically: on failure, an existing
 * @file is left as it was.
 *
 * Returns: %TRUE on success, %FALSE with @error set.
 */
gboolean
sonde_csv_writer_write_file (SondeCsvWriter  *self,
                             SondeTable      *table,
                             GFile           *file,
                             GCancellable    *cancellable,
                             GError         **error)
{
  g_autoptr(GBytes) bytes = NULL;
  gsize len;
  const char *data;

  g_return_val_if_fail (SONDE_IS_CSV_WRITER (self), FALSE);
  g_return_val_if_fail (SONDE_IS_TABLE (table), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  bytes = sonde_csv_writer_write_bytes (self, table, cancellable, error);
  if (bytes == NULL)
    return FALSE;

  data = g_bytes_get_data (bytes, &len);

  return g_file_replace_contents (file, data != NULL ? data : "", len, NULL, FALSE,
                                  G_FILE_CREATE_REPLACE_DESTINATION, NULL,
                                  cancellable, error);
}
