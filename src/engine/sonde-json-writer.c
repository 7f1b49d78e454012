/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sonde-engine"

/* SondeJsonWriter: writes a SondeTable as JSON, for the Export action
 * and `sonde-cli`: either one array of objects (pretty enough to read,
 * one object per line inside the brackets) or NDJSON (one object per
 * line, nothing around). Each row is an object whose keys are the column
 * names, in column order; a dotted name (`address.city`) stays a flat
 * key, it is not nested again. Values:
 *  - missing → `null`;
 *  - integers as JSON numbers; reals as the shortest text that reads
 *    back to the same double, always with a `.` or an exponent so that
 *    SondeJsonReader reads a real column back as real (`2.0`, not `2`);
 *    NaN and infinities, which JSON cannot write, → `null`;
 *  - booleans as `true`/`false`; categories and texts as strings;
 *  - dates as `"2024-12-31"`, date-times as `"2024-12-31T23:59:59Z"`
 *    (UTC, with `.ffffff` when there are microseconds).
 * Non-ASCII characters are written as UTF-8, not escaped; control
 * characters are escaped.
 *
 * The whole text is built in memory, then saved atomically
 * (g_file_replace_contents), as SondeCsvWriter does.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "sonde-error.h"
#include "sonde-json-writer.h"

struct _SondeJsonWriter
{
  GObject          parent_instance;

  SondeJsonFormat  format;
};

G_DEFINE_FINAL_TYPE (SondeJsonWriter, sonde_json_writer, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_FORMAT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
sonde_json_writer_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  SondeJsonWriter *self = SONDE_JSON_WRITER (object);

  switch (prop_id)
    {
    case PROP_FORMAT:
      g_value_set_enum (value, self->format);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sonde_json_writer_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  SondeJsonWriter *self = SONDE_JSON_WRITER (object);

  switch (prop_id)
    {
    case PROP_FORMAT:
      sonde_json_writer_set_format (self, g_value_get_enum (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sonde_json_writer_class_init (SondeJsonWriterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = sonde_json_writer_get_property;
  object_class->set_property = sonde_json_writer_set_property;

  /**
   * SondeJsonWriter:format:
   *
   * %SONDE_JSON_FORMAT_ARRAY (the default; %SONDE_JSON_FORMAT_AUTO means
   * the same) or %SONDE_JSON_FORMAT_LINES for NDJSON.
   */
  properties[PROP_FORMAT] =
    g_param_spec_enum ("format", NULL, NULL,
                       SONDE_TYPE_JSON_FORMAT, SONDE_JSON_FORMAT_ARRAY,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sonde_json_writer_init (SondeJsonWriter *self)
{
  self->format = SONDE_JSON_FORMAT_ARRAY;
}

/**
 * sonde_json_writer_new:
 *
 * Creates a writer of arrays of objects.
 *
 * Returns: (transfer full): a new #SondeJsonWriter.
 */
SondeJsonWriter *
sonde_json_writer_new (void)
{
  return g_object_new (SONDE_TYPE_JSON_WRITER, NULL);
}

/**
 * sonde_json_writer_get_format:
 * @self: a #SondeJsonWriter
 *
 * Returns: %SONDE_JSON_FORMAT_ARRAY or %SONDE_JSON_FORMAT_LINES.
 */
SondeJsonFormat
sonde_json_writer_get_format (SondeJsonWriter *self)
{
  g_return_val_if_fail (SONDE_IS_JSON_WRITER (self), SONDE_JSON_FORMAT_ARRAY);

  return self->format;
}

/**
 * sonde_json_writer_set_format:
 * @self: a #SondeJsonWriter
 * @format: %SONDE_JSON_FORMAT_ARRAY or %SONDE_JSON_FORMAT_LINES;
 *   %SONDE_JSON_FORMAT_AUTO is taken as an array
 *
 * Sets the layout written.
 */
void
sonde_json_writer_set_format (SondeJsonWriter *self,
                              SondeJsonFormat  format)
{
  g_return_if_fail (SONDE_IS_JSON_WRITER (self));
  g_return_if_fail (format <= SONDE_JSON_FORMAT_LINES);

  if (format == SONDE_JSON_FORMAT_AUTO)
    format = SONDE_JSON_FORMAT_ARRAY;

  if (self->format != format)
    {
      self->format = format;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FORMAT]);
    }
}

static void
append_string (GString    *out,
               const char *text)
{
  g_string_append_c (out, '"');
  for (const char *c = text; *c != '\0'; c++)
    {
      guchar u = (guchar) *c;

      switch (u)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        case '\b': g_string_append (out, "\\b"); break;
        case '\f': g_string_append (out, "\\f"); break;
        default:
          if (u < 0x20 || u == 0x7F)
            g_string_append_printf (out, "\\u%04x", u);
          else
            g_string_append_c (out, *c);
        }
    }
  g_string_append_c (out, '"');
}

static void
append_real (GString *out,
             double   value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (value))
    {
      g_string_append (out, "null");
      return;
    }

  g_ascii_formatd (buf, sizeof buf, "%.15g", value);
  if (g_ascii_strtod (buf, NULL) != value)
    g_ascii_formatd (buf, sizeof buf, "%.17g", value);
  g_string_append (out, buf);
  if (strpbrk (buf, ".eE") == NULL)
    g_string_append (out, ".0");
}

static void
append_value (GString     *out,
              SondeColumn *column,
              guint        row)
{
  g_autofree char *text = NULL;

  if (sonde_column_is_missing (column, row))
    {
      g_string_append (out, "null");
      return;
    }

  switch (sonde_column_get_column_type (column))
    {
    case SONDE_COLUMN_TYPE_INTEGER:
      g_string_append_printf (out, "%" G_GINT64_FORMAT, sonde_column_get_integer (column, row));
      break;

    case SONDE_COLUMN_TYPE_REAL:
      append_real (out, sonde_column_get_real (column, row));
      break;

    case SONDE_COLUMN_TYPE_BOOLEAN:
      g_string_append (out, sonde_column_get_boolean (column, row) ? "true" : "false");
      break;

    case SONDE_COLUMN_TYPE_CATEGORICAL:
    case SONDE_COLUMN_TYPE_TEXT:
      append_string (out, sonde_column_get_text (column, row));
      break;

    case SONDE_COLUMN_TYPE_DATE:
    case SONDE_COLUMN_TYPE_DATETIME:
      text = sonde_column_format_value (column, row);
      append_string (out, text);
      break;

    default:
      g_assert_not_reached ();
    }
}

/**
 * sonde_json_writer_write_bytes:
 * @self: a #SondeJsonWriter
 * @table: the table to write
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Writes @table as JSON into memory, in UTF-8. A table with no rows
 * gives `[]` as an array, and an empty text as NDJSON.
 *
 * Returns: (transfer full) (nullable): the file content, or %NULL with
 *   @error set to %G_IO_ERROR_CANCELLED.
 */
GBytes *
sonde_json_writer_write_bytes (SondeJsonWriter  *self,
                               SondeTable       *table,
                               GCancellable     *cancellable,
                               GError          **error)
{
  g_autoptr(GString) out = NULL;
  g_autoptr(GString) keys = NULL;
  g_autoptr(GArray) key_ends = NULL;
  gboolean lines;
  guint n_columns, n_rows;
  gsize len;

  g_return_val_if_fail (SONDE_IS_JSON_WRITER (self), NULL);
  g_return_val_if_fail (SONDE_IS_TABLE (table), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  lines = self->format == SONDE_JSON_FORMAT_LINES;
  n_columns = sonde_table_get_n_columns (table);
  n_rows = sonde_table_get_n_rows (table);
  out = g_string_new (NULL);

  /* The keys, quoted once: `"name":` one after the other. */
  keys = g_string_new (NULL);
  key_ends = g_array_sized_new (FALSE, FALSE, sizeof (gsize), n_columns + 1);
  g_array_append_val (key_ends, keys->len);
  for (guint c = 0; c < n_columns; c++)
    {
      append_string (keys, sonde_column_get_name (sonde_table_get_column (table, c)));
      g_string_append_c (keys, ':');
      g_array_append_val (key_ends, keys->len);
    }

  if (!lines)
    g_string_append (out, n_rows > 0 ? "[\n" : "[");

  for (guint r = 0; r < n_rows; r++)
    {
      if ((r & 0xFFFF) == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;

      if (!lines)
        g_string_append (out, "  ");
      g_string_append_c (out, '{');
      for (guint c = 0; c < n_columns; c++)
        {
          gsize start = g_array_index (key_ends, gsize, c);
          gsize end = g_array_index (key_ends, gsize, c + 1);

          if (c > 0)
            g_string_append_c (out, ',');
          g_string_append_len (out, keys->str + start, (gssize) (end - start));
          append_value (out, sonde_table_get_column (table, c), r);
        }
      g_string_append_c (out, '}');
      if (!lines && r + 1 < n_rows)
        g_string_append_c (out, ',');
      g_string_append_c (out, '\n');
    }

  if (!lines)
    g_string_append (out, "]\n");

  len = out->len;
  return g_bytes_new_take (g_string_free (g_steal_pointer (&out), FALSE), len);
}

/**
 * sonde_json_writer_write_file:
 * @self: a #SondeJsonWriter
 * @table: the table to write
 * @file: where to write it; replaced if it exists
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Writes @table as JSON to @file, atomically: on failure, an existing
 * @file is left as it was.
 *
 * Returns: %TRUE on success, %FALSE with @error set.
 */
gboolean
sonde_json_writer_write_file (SondeJsonWriter  *self,
                              SondeTable       *table,
                              GFile            *file,
                              GCancellable     *cancellable,
                              GError          **error)
{
  g_autoptr(GBytes) bytes = NULL;
  gsize len;
  const char *data;

  g_return_val_if_fail (SONDE_IS_JSON_WRITER (self), FALSE);
  g_return_val_if_fail (SONDE_IS_TABLE (table), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  bytes = sonde_json_writer_write_bytes (self, table, cancellable, error);
  if (bytes == NULL)
    return FALSE;

  data = g_bytes_get_data (bytes, &len);

  return g_file_replace_contents (file, data != NULL ? data : "", len, NULL, FALSE,
                                  G_FILE_CREATE_REPLACE_DESTINATION, NULL,
                                  cancellable, error);
}

/**
 * sonde_json_node_to_string:
 * @node: a JSON tree, as built with #JsonBuilder
 * @pretty: whether to indent it
 *
 * json_to_string() made safe for numbers: json-glib 1.6 writes a double
 * whose shortest form has an exponent and no point, such as 1e-25 or
 * 5e-05, as "1e-25.0", which no JSON parser (json-glib's included)
 * reads back. This drops that ".0" outside strings. Model files and the
 * command line's JSON go through it.
 *
 * Returns: (transfer full): the JSON text.
 */
char *
sonde_json_node_to_string (JsonNode *node,
                           gboolean  pretty)
{
  char *text;
  gboolean in_string = FALSE;
  gsize w = 0;

  g_return_val_if_fail (node != NULL, NULL);

  text = json_to_string (node, pretty);
  for (gsize r = 0; text[r] != '\0'; r++)
    {
      char c = text[r];

      text[w++] = c;
      if (in_string)
        {
          if (c == '\\' && text[r + 1] != '\0')
            text[w++] = text[++r];
          else if (c == '"')
            in_string = FALSE;
          continue;
        }
      if (c == '"')
        in_string = TRUE;
      else if ((c == 'e' || c == 'E') && r > 0 && g_ascii_isdigit (text[r - 1]))
        {
          /* An exponent: copy its sign and digits, then skip a ".0". */
          gsize q = r + 1;

          if (text[q] == '+' || text[q] == '-')
            text[w++] = text[q++];
          while (g_ascii_isdigit (text[q]))
            text[w++] = text[q++];
          if (text[q] == '.' && text[q + 1] == '0' && !g_ascii_isdigit (text[q + 2]))
            q += 2;
          r = q - 1;
        }
    }
  text[w] = '\0';
  return text;
}
