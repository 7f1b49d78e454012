/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sonde-engine"

/* SondeArffWriter: writes a SondeTable as a Weka ARFF file, for the
 * Export action and `sonde-cli`, so that a table prepared in Sonde opens
 * in Weka. What it writes, SondeArffReader reads back as the same
 * table, with one exception: a yes/no column is written as the nominal
 * attribute {false,true} and reads back as a category column.
 *
 * The mapping:
 *  - the relation is the table's name;
 *  - category → nominal, `{a,b,'c d'}`, with the dictionary in order
 *    (labels never used included);
 *  - yes/no → nominal `{false,true}`;
 *  - whole number → `integer` (a keyword Weka reads as numeric), so that
 *    the column reads back as whole numbers; decimal → `numeric`, the
 *    shortest text that reads back to the same double; NaN and
 *    infinities, which ARFF cannot write, → `?`;
 *  - text → `string`;
 *  - date → `date 'yyyy-MM-dd'`; date and time → `date
 *    "yyyy-MM-dd'T'HH:mm:ss"` in UTC, or with `.SSS` when a value has a
 *    fraction of a second (microseconds below the millisecond are lost:
 *    Java date formats stop at milliseconds);
 *  - missing → `?`.
 * Names and values are put in single quotes when they are empty, hold a
 * space, a comma, a brace, a quote, `%` or a backslash, or read as `?`;
 * inside quotes a backslash escapes quotes, backslashes and line breaks.
 *
 * The whole text is built in memory, then saved atomically
 * (g_file_replace_contents), as SondeCsvWriter does.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "sonde-arff-writer.h"
#include "sonde-error.h"

struct _SondeArffWriter
{
  GObject parent_instance;
};

G_DEFINE_FINAL_TYPE (SondeArffWriter, sonde_arff_writer, G_TYPE_OBJECT)

static void
sonde_arff_writer_class_init (SondeArffWriterClass *klass)
{
}

static void
sonde_arff_writer_init (SondeArffWriter *self)
{
}

/**
 * sonde_arff_writer_new:
 *
 * Creates an ARFF writer.
 *
 * Returns: (transfer full): a new #SondeArffWriter.
 */
SondeArffWriter *
sonde_arff_writer_new (void)
{
  return g_object_new (SONDE_TYPE_ARFF_WRITER, NULL);
}

static gboolean
needs_quotes (const char *text)
{
  if (text[0] == '\0' || strcmp (text, "?") == 0)
    return TRUE;

  for (const char *c = text; *c != '\0'; c++)
    {
      if ((guchar) *c <= ' ' || strchr (",{}'\"%\\", *c) != NULL)
        return TRUE;
    }

  return FALSE;
}

static void
append_quoted (GString    *out,
               const char *text)
{
  if (!needs_quotes (text))
    {
      g_string_append (out, text);
      return;
    }

  g_string_append_c (out, '\'');
  for (const char *c = text; *c != '\0'; c++)
    {
      switch (*c)
        {
        case '\'': g_string_append (out, "\\'"); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default: g_string_append_c (out, *c); break;
        }
    }
  g_string_append_c (out, '\'');
}

static gboolean
has_milliseconds (SondeColumn *column)
{
  guint n = sonde_column_get_n_rows (column);

  for (guint r = 0; r < n; r++)
    {
      if (!sonde_column_is_missing (column, r) &&
          sonde_column_get_datetime (column, r) % G_USEC_PER_SEC != 0)
        return TRUE;
    }

  return FALSE;
}

static void
append_datetime (GString  *out,
                 gint64    usec,
                 gboolean  millis)
{
  /* Floor division, so that instants before 1970 come out right. */
  gint64 ms = usec >= 0 ? usec / 1000 : -((-usec + 999) / 1000);
  gint64 secs = ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000);
  gint64 days = secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400);
  gint64 sod = secs - days * 86400;
  int y, m, d;

  sonde_date_to_ymd ((gint32) days, &y, &m, &d);
  g_string_append_printf (out, "%04d-%02d-%02dT%02d:%02d:%02d",
                          y, m, d, (int) (sod / 3600), (int) (sod / 60 % 60), (int) (sod % 60));
  if (millis)
    g_string_append_printf (out, ".%03d", (int) (ms - secs * 1000));
}

static void
append_attribute (GString     *out,
                  SondeColumn *column,
                  gboolean     millis)
{
  g_string_append (out, "@attribute ");
  append_quoted (out, sonde_column_get_name (column));
  g_string_append_c (out, ' ');

  switch (sonde_column_get_column_type (column))
    {
    case SONDE_COLUMN_TYPE_INTEGER:
      g_string_append (out, "integer");
      break;

    case SONDE_COLUMN_TYPE_REAL:
      g_string_append (out, "numeric");
      break;

    case SONDE_COLUMN_TYPE_BOOLEAN:
      g_string_append (out, "{false,true}");
      break;

    case SONDE_COLUMN_TYPE_CATEGORICAL:
      g_string_append_c (out, '{');
      for (guint k = 0; k < sonde_column_get_n_categories (column); k++)
        {
          if (k > 0)
            g_string_append_c (out, ',');
          append_quoted (out, sonde_column_get_category_label (column, k));
        }
      g_string_append_c (out, '}');
      break;

    case SONDE_COLUMN_TYPE_TEXT:
      g_string_append (out, "string");
      break;

    case SONDE_COLUMN_TYPE_DATE:
      g_string_append (out, "date 'yyyy-MM-dd'");
      break;

    case SONDE_COLUMN_TYPE_DATETIME:
      g_string_append (out, millis ? "date \"yyyy-MM-dd'T'HH:mm:ss.SSS\""
                                   : "date \"yyyy-MM-dd'T'HH:mm:ss\"");
      break;

    default:
      g_assert_not_reached ();
    }

  g_string_append_c (out, '\n');
}

static void
append_value (GString     *out,
              SondeColumn *column,
              guint        row,
              gboolean     millis)
{
  if (sonde_column_is_missing (column, row))
    {
      g_string_append_c (out, '?');
      return;
    }

  switch (sonde_column_get_column_type (column))
    {
    case SONDE_COLUMN_TYPE_INTEGER:
      g_string_append_printf (out, "%" G_GINT64_FORMAT, sonde_column_get_integer (column, row));
      break;

    case SONDE_COLUMN_TYPE_REAL:
      {
        double v = sonde_column_get_real (column, row);
        char buf[G_ASCII_DTOSTR_BUF_SIZE];

        if (!isfinite (v))
          {
            g_string_append_c (out, '?');
            break;
          }
        g_ascii_formatd (buf, sizeof buf, "%.15g", v);
        if (g_ascii_strtod (buf, NULL) != v)
          g_ascii_formatd (buf, sizeof buf, "%.17g", v);
        g_string_append (out, buf);
      }
      break;

    case SONDE_COLUMN_TYPE_BOOLEAN:
      g_string_append (out, sonde_column_get_boolean (column, row) ? "true" : "false");
      break;

    case SONDE_COLUMN_TYPE_CATEGORICAL:
    case SONDE_COLUMN_TYPE_TEXT:
      append_quoted (out, sonde_column_get_text (column, row));
      break;

    case SONDE_COLUMN_TYPE_DATE:
      {
        g_autofree char *text = sonde_column_format_value (column, row);

        g_string_append (out, text);
      }
      break;

    case SONDE_COLUMN_TYPE_DATETIME:
      append_datetime (out, sonde_column_get_datetime (column, row), millis);
      break;

    default:
      g_assert_not_reached ();
    }
}

/**
 * sonde_arff_writer_write_bytes:
 * @self: a #SondeArffWriter
 * @table: the table to write
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Writes @table as ARFF into memory, in UTF-8: the header, then one
 * dense instance per row.
 *
 * Returns: (transfer full) (nullable): the file content, or %NULL with
 *   @error set (%SONDE_ERROR_EMPTY for a table without columns, which
 *   ARFF cannot hold, or %G_IO_ERROR_CANCELLED).
 */
GBytes *
sonde_arff_writer_write_bytes (SondeArffWriter  *self,
                               SondeTable       *table,
                               GCancellable     *cancellable,
                               GError          **error)
{
  g_autoptr(GString) out = NULL;
  g_autofree gboolean *millis = NULL;
  const char *name;
  guint n_columns, n_rows;
  gsize len;

  g_return_val_if_fail (SONDE_IS_ARFF_WRITER (self), NULL);
  g_return_val_if_fail (SONDE_IS_TABLE (table), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  n_columns = sonde_table_get_n_columns (table);
  n_rows = sonde_table_get_n_rows (table);
  if (n_columns == 0)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_EMPTY,
                   _("The table has no column, and an ARFF file needs at least one attribute."));
      return NULL;
    }

  out = g_string_new (NULL);
  name = sonde_table_get_name (table);
  g_string_append (out, "@relation ");
  append_quoted (out, name != NULL && name[0] != '\0' ? name : "sonde");
  g_string_append (out, "\n\n");

  millis = g_new0 (gboolean, n_columns);
  for (guint c = 0; c < n_columns; c++)
    {
      SondeColumn *column = sonde_table_get_column (table, c);

      if (sonde_column_get_column_type (column) == SONDE_COLUMN_TYPE_DATETIME)
        millis[c] = has_milliseconds (column);
      append_attribute (out, column, millis[c]);
    }

  g_string_append (out, "\n@data\n");

  for (guint r = 0; r < n_rows; r++)
    {
      if ((r & 0xFFFF) == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;

      for (guint c = 0; c < n_columns; c++)
        {
          if (c > 0)
            g_string_append_c (out, ',');
          append_value (out, sonde_table_get_column (table, c), r, millis[c]);
        }
      g_string_append_c (out, '\n');
    }

  len = out->len;
  return g_bytes_new_take (g_string_free (g_steal_pointer (&out), FALSE), len);
}

/**
 * sonde_arff_writer_write_file:
 * @self: a #SondeArffWriter
 * @table: the table to write
 * @file: where to write it; replaced if it exists
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Writes @table as ARFF to @file, atomically: on failure, an existing
 * @file is left as it was.
 *
 * Returns: %TRUE on success, %FALSE with @error set.
 */
gboolean
sonde_arff_writer_write_file (SondeArffWriter  *self,
                              SondeTable       *table,
                              GFile            *file,
                              GCancellable     *cancellable,
                              GError          **error)
{
  g_autoptr(GBytes) bytes = NULL;
  gsize len;
  const char *data;

  g_return_val_if_fail (SONDE_IS_ARFF_WRITER (self), FALSE);
  g_return_val_if_fail (SONDE_IS_TABLE (table), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  bytes = sonde_arff_writer_write_bytes (self, table, cancellable, error);
  if (bytes == NULL)
    return FALSE;

  data = g_bytes_get_data (bytes, &len);

  return g_file_replace_contents (file, data != NULL ? data : "", len, NULL, FALSE,
                                  G_FILE_CREATE_REPLACE_DESTINATION, NULL,
                                  cancellable, error);
}
