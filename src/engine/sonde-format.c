/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sonde-format"

/* Which reader a file needs. The extension decides when it is one we know
 * (students name their files honestly more often than not); otherwise the
 * first bytes do: a zip signature is a workbook, "SQLite format 3" a
 * database, "@relation" after comments an ARFF file, "[" a JSON array, "{"
 * one JSON object per line, and anything else that is text is delimited
 * text. A file whose extension and content disagree gets the content's
 * verdict when the content is unmistakable (a zip or a database), so that a
 * workbook saved as "data.csv" still opens.
 *
 * Reads at most the first 4 KiB of a file.
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "sonde-format.h"

#define SNIFF_SIZE 4096

static const struct {
  SondeFormat  format;
  const char  *name;
  const char  *label;
} formats[] = {
  { SONDE_FORMAT_UNKNOWN, "unknown", N_("unknown format") },
  { SONDE_FORMAT_CSV, "csv", N_("delimited text (CSV, TSV)") },
  { SONDE_FORMAT_JSON, "json", N_("JSON array of objects") },
  { SONDE_FORMAT_NDJSON, "ndjson", N_("JSON, one object per line (NDJSON)") },
  { SONDE_FORMAT_ARFF, "arff", N_("Weka ARFF") },
  { SONDE_FORMAT_XLSX, "xlsx", N_("Excel workbook (.xlsx)") },
  { SONDE_FORMAT_SQLITE, "sqlite", N_("SQLite database") },
};

static const struct {
  const char  *extension;
  SondeFormat  format;
} extensions[] = {
  { "csv", SONDE_FORMAT_CSV },
  { "tsv", SONDE_FORMAT_CSV },
  { "tab", SONDE_FORMAT_CSV },
  { "txt", SONDE_FORMAT_CSV },
  { "json", SONDE_FORMAT_JSON },
  { "ndjson", SONDE_FORMAT_NDJSON },
  { "jsonl", SONDE_FORMAT_NDJSON },
  { "arff", SONDE_FORMAT_ARFF },
  { "xlsx", SONDE_FORMAT_XLSX },
  { "sqlite", SONDE_FORMAT_SQLITE },
  { "sqlite3", SONDE_FORMAT_SQLITE },
  { "db", SONDE_FORMAT_SQLITE },
};

/**
 * sonde_format_to_string:
 *
 * Returns: (transfer none): the short name of @format, such as "csv", as
 *   the command line and project files write it.
 */
const char *
sonde_format_to_string (SondeFormat format)
{
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    if (formats[i].format == format)
      return formats[i].name;

  return "unknown";
}

/**
 * sonde_format_from_string:
 * @name: (nullable): a short name such as "csv" or "xlsx", any case; "tsv"
 *   and "jsonl" are accepted too
 *
 * Returns: the format, or %SONDE_FORMAT_UNKNOWN.
 */
SondeFormat
sonde_format_from_string (const char *name)
{
  if (name == NULL)
    return SONDE_FORMAT_UNKNOWN;

  for (guint i = 1; i < G_N_ELEMENTS (formats); i++)
    if (g_ascii_strcasecmp (formats[i].name, name) == 0)
      return formats[i].format;

  for (guint i = 0; i < G_N_ELEMENTS (extensions); i++)
    if (g_ascii_strcasecmp (extensions[i].extension, name) == 0)
      return extensions[i].format;

  return SONDE_FORMAT_UNKNOWN;
}

/**
 * sonde_format_get_label:
 *
 * Returns: (transfer none): a translated description of @format for people.
 */
const char *
sonde_format_get_label (SondeFormat format)
{
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    if (formats[i].format == format)
      return _(formats[i].label);

  return _(formats[0].label);
}

/**
 * sonde_format_from_extension:
 * @filename: (nullable): a file name or path
 *
 * Returns: the format its extension names, or %SONDE_FORMAT_UNKNOWN.
 */
SondeFormat
sonde_format_from_extension (const char *filename)
{
  const char *dot;

  if (filename == NULL)
    return SONDE_FORMAT_UNKNOWN;

  dot = strrchr (filename, '.');
  if (dot == NULL || strchr (dot, G_DIR_SEPARATOR) != NULL)
    return SONDE_FORMAT_UNKNOWN;

  for (guint i = 0; i < G_N_ELEMENTS (extensions); i++)
    if (g_ascii_strcasecmp (extensions[i].extension, dot + 1) == 0)
      return extensions[i].format;

  return SONDE_FORMAT_UNKNOWN;
}

static gboolean
has_prefix (const guint8 *data,
            gsize         size,
            const char   *prefix,
            gsize         prefix_len)
{
  return size >= prefix_len && memcmp (data, prefix, prefix_len) == 0;
}

/* Skips white space, a UTF-8 byte-order mark and, for ARFF, `%` comment
 * lines. */
static gsize
skip_preamble (const guint8 *data,
               gsize         size,
               gboolean      arff_comments)
{
  gsize i = 0;

  if (has_prefix (data, size, "\xEF\xBB\xBF", 3))
    i = 3;

  while (i < size)
    {
      if (g_ascii_isspace (data[i]))
        i++;
      else if (arff_comments && data[i] == '%')
        {
          while (i < size && data[i] != '\n')
            i++;
        }
      else
        break;
    }

  return i;
}

/**
 * sonde_format_sniff:
 * @data: (array length=size): the first bytes of a file
 * @size: how many; 4 KiB is plenty
 *
 * Guesses a format from content alone. Empty input and binary content that
 * is none of the known formats give %SONDE_FORMAT_UNKNOWN; any other text
 * is %SONDE_FORMAT_CSV, the reader that explains best what is wrong with a
 * text file.
 *
 * Returns: the format the content looks like.
 */
SondeFormat
sonde_format_sniff (const guint8 *data,
                    gsize         size)
{
  gsize start;

  g_return_val_if_fail (data != NULL || size == 0, SONDE_FORMAT_UNKNOWN);

  if (size == 0)
    return SONDE_FORMAT_UNKNOWN;

  if (has_prefix (data, size, "PK\x03\x04", 4))
    return SONDE_FORMAT_XLSX;
  if (has_prefix (data, size, "SQLite format 3", 16))
    return SONDE_FORMAT_SQLITE;
  /* UTF-16 byte-order marks: only the CSV reader converts UTF-16. */
  if (has_prefix (data, size, "\xFF\xFE", 2) || has_prefix (data, size, "\xFE\xFF", 2))
    return SONDE_FORMAT_CSV;

  start = skip_preamble (data, size, TRUE);
  if (size - start >= 9 && g_ascii_strncasecmp ((const char *) data + start, "@relation", 9) == 0)
    return SONDE_FORMAT_ARFF;

  start = skip_preamble (data, size, FALSE);
  if (start < size && data[start] == '[')
    return SONDE_FORMAT_JSON;
  if (start < size && data[start] == '{')
    return SONDE_FORMAT_NDJSON;

  /* Text has no NUL bytes; anything with them is not something we read. */
  if (memchr (data, '\0', size) != NULL)
    return SONDE_FORMAT_UNKNOWN;

  return SONDE_FORMAT_CSV;
}

/**
 * sonde_format_guess_for_file:
 * @file: the file to open
 * @cancellable: (nullable): a #GCancellable
 * @error: where to report a file that cannot be read
 *
 * The extension decides, except that a zip or an SQLite database is always
 * recognised by its content whatever its name, and a file with an unknown
 * extension is sniffed.
 *
 * Returns: the format, %SONDE_FORMAT_UNKNOWN with @error set if the file
 *   cannot be read, or %SONDE_FORMAT_UNKNOWN without an error if its
 *   content matches no format.
 */
SondeFormat
sonde_format_guess_for_file (GFile         *file,
                             GCancellable  *cancellable,
                             GError       **error)
{
  g_autoptr(GFileInputStream) stream = NULL;
  g_autofree char *basename = NULL;
  guint8 head[SNIFF_SIZE];
  gsize n_read = 0;
  SondeFormat by_name;
  SondeFormat by_content;

  g_return_val_if_fail (G_IS_FILE (file), SONDE_FORMAT_UNKNOWN);
  g_return_val_if_fail (error == NULL || *error == NULL, SONDE_FORMAT_UNKNOWN);

  stream = g_file_read (file, cancellable, error);
  if (stream == NULL)
    return SONDE_FORMAT_UNKNOWN;
  if (!g_input_stream_read_all (G_INPUT_STREAM (stream), head, sizeof head, &n_read, cancellable, error))
    return SONDE_FORMAT_UNKNOWN;

  basename = g_file_get_basename (file);
  by_name = sonde_format_from_extension (basename);
  by_content = sonde_format_sniff (head, n_read);

  if (by_content == SONDE_FORMAT_XLSX || by_content == SONDE_FORMAT_SQLITE)
    return by_content;
  if (by_name != SONDE_FORMAT_UNKNOWN)
    return by_name;

  return by_content;
}
