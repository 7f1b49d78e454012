/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sonde-cli"

/* sonde-cli: the engine without a window, for instructors scripting a
 * demo, for benchmarks and for end-to-end tests. The commands:
 *
 *   sonde-cli inspect FILE [--json]      shape, and per column its type,
 *                                        missing count and an example
 *   sonde-cli inspect FILE --list        the sheets of a workbook or the
 *                                        tables of a database
 *   sonde-cli import FILE [--to OUT]     read, then write CSV, JSON,
 *                                        NDJSON, ARFF or an SQLite table,
 *                                        chosen by OUT's extension or
 *                                        --out-format (CSV on standard
 *                                        output without --to)
 *   sonde-cli stats FILE ANALYSIS ...    a test or model on the engine's
 *                                        statistics (sonde-cli-stats.c)
 *   sonde-cli chart FILE --kind KIND ... a chart to PNG, SVG or PDF, its
 *                                        summary or its data table
 *                                        (sonde-cli-chart.c)
 *   sonde-cli eval FILE EXPR [--filter]  a column derived from an
 *                                        expression, or the rows where a
 *                                        condition holds (sonde-cli-expr.c)
 *   sonde-cli profile FILE [--json]      figures per column, duplicates,
 *                                        contradictions, personal data and
 *                                        a quality score (sonde-cli-profile.c)
 *   sonde-cli train|evaluate|predict|compare
 *                                        learning: fit and save a model,
 *                                        cross-validate a learner, predict
 *                                        with a saved model, rank learners
 *                                        (sonde-cli-learn.c)
 *   sonde-cli pca FILE [--variance 0.95] principal components: explained
 *                                        variance and loadings
 *                                        (sonde-cli-pca.c)
 *   sonde-cli clean FILE --pipeline P    a clean pipeline replayed (or
 *                                        fitted with --fit) on a dataset
 *                                        (sonde-cli-clean.c)
 *
 * FILE is any format the engine reads (CSV/TSV, JSON, NDJSON, ARFF, .xlsx,
 * SQLite), found by SondeImporter from its extension and content or forced
 * with --format. Every command takes every reader setting as an option
 * (--delimiter, --header, --encoding, --decimal, --thousands, --missing,
 * --ragged, --type for delimited text; --sheet; --table and --query).
 * Exit status: 0 success, 1 the input could not be read or the output
 * written, 2 the command line is wrong. Messages go through gettext, in
 * the language of the user's locale; --json output is for scripts and
 * keeps stable, untranslated keys and type names.
 */

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "sonde-engine.h"

#include "sonde-cli-chart.h"
#include "sonde-cli-expr.h"
#include "sonde-cli-clean.h"
#include "sonde-cli-pca.h"
#include "sonde-cli-profile.h"
#include "sonde-cli-learn.h"
#include "sonde-cli-project.h"
#include "sonde-cli-stats.h"

#define EXIT_OK    0
#define EXIT_INPUT 1
#define EXIT_USAGE 2

typedef struct
{
  char     *delimiter;
  char     *header;
  char     *encoding;
  char     *decimal;
  char     *thousands;
  char    **missing;
  gboolean  no_missing;
  char     *ragged;
  char    **types;

  char     *format;
  char     *sheet;
  char     *table;
  char     *query;

  gboolean  json;
  gboolean  list;

  char     *to;
  char     *out_delimiter;
  char     *out_encoding;
  char     *out_decimal;
  char     *out_format;
  char     *out_table;
  gboolean  replace;
} Options;

static void
options_clear (Options *o)
{
  g_free (o->delimiter);
  g_free (o->header);
  g_free (o->encoding);
  g_free (o->decimal);
  g_free (o->thousands);
  g_strfreev (o->missing);
  g_free (o->ragged);
  g_strfreev (o->types);
  g_free (o->to);
  g_free (o->out_delimiter);
  g_free (o->out_encoding);
  g_free (o->out_decimal);
  g_free (o->format);
  g_free (o->sheet);
  g_free (o->table);
  g_free (o->query);
  g_free (o->out_format);
  g_free (o->out_table);
}

static void
print_error (const char *message)
{
  /* Translators: the prefix of error messages of the command-line tool */
  g_printerr (_("sonde-cli: %s\n"), message);
}

static int
usage_error (GOptionContext *context,
             const char     *message)
{
  print_error (message);
  if (context != NULL)
    {
      g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

      g_printerr ("\n%s", help);
    }
  return EXIT_USAGE;
}

/* ",", ";", "|", "tab" (or a real tab), or "auto"; 0 means sniff. */
static gboolean
parse_delimiter (const char *text,
                 char       *delimiter)
{
  if (text == NULL || g_ascii_strcasecmp (text, "auto") == 0)
    *delimiter = 0;
  else if (g_ascii_strcasecmp (text, "tab") == 0 || strcmp (text, "\\t") == 0 || strcmp (text, "\t") == 0)
    *delimiter = '\t';
  else if (strlen (text) == 1 && text[0] > ' ' && text[0] < 0x7f && text[0] != '"')
    *delimiter = text[0];
  else
    return FALSE;

  return TRUE;
}

static gboolean
parse_decimal (const char *text,
               char       *mark)
{
  if (text == NULL || g_ascii_strcasecmp (text, "auto") == 0)
    *mark = 0;
  else if (strcmp (text, ".") == 0 || strcmp (text, ",") == 0)
    *mark = text[0];
  else
    return FALSE;

  return TRUE;
}

static GOptionEntry *
reader_entries (Options *o)
{
  const GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &o->format,
      N_("Format of FILE: csv, json, ndjson, arff, xlsx or sqlite (guessed from the name and content by default)"), N_("FORMAT") },
    { "sheet", 0, 0, G_OPTION_ARG_STRING, &o->sheet,
      N_("Workbook sheet to read (the first by default)"), N_("SHEET") },
    { "table", 0, 0, G_OPTION_ARG_STRING, &o->table,
      N_("SQLite table or view to read (the first by default)"), N_("TABLE") },
    { "query", 0, 0, G_OPTION_ARG_STRING, &o->query,
      N_("Read-only SQL query to run on an SQLite database instead of reading a table"), N_("SQL") },
    { "delimiter", 'd', 0, G_OPTION_ARG_STRING, &o->delimiter,
      N_("Field delimiter: “,”, “;”, “|”, “tab” or “auto” (the default)"), N_("DELIM") },
    { "header", 0, 0, G_OPTION_ARG_STRING, &o->header,
      N_("Whether the first row names the columns: yes, no or auto"), N_("yes|no|auto") },
    { "encoding", 'e', 0, G_OPTION_ARG_STRING, &o->encoding,
      N_("Encoding of the file: auto, UTF-8, WINDOWS-1252, ISO-8859-1, UTF-16…"), N_("ENCODING") },
    { "decimal", 0, 0, G_OPTION_ARG_STRING, &o->decimal,
      N_("Decimal mark: “.”, “,” or auto"), N_("MARK") },
    { "thousands", 0, 0, G_OPTION_ARG_STRING, &o->thousands,
      N_("Thousands separator, such as “ ” or “.” (none by default)"), N_("CHAR") },
    { "missing", 'm', 0, G_OPTION_ARG_STRING_ARRAY, &o->missing,
      N_("A text that stands for a missing value; repeat for several (replaces the defaults: empty, NA, N/A, NULL, ?, -)"), N_("TEXT") },
    { "no-missing", 0, 0, G_OPTION_ARG_NONE, &o->no_missing,
      N_("Read every field as a value, even empty ones"), NULL },
    { "ragged", 0, 0, G_OPTION_ARG_STRING, &o->ragged,
      N_("Rows with too few or too many fields: stop (the default), pad or skip"), N_("stop|pad|skip") },
    { "type", 't', 0, G_OPTION_ARG_STRING_ARRAY, &o->types,
      N_("Set the type of a column instead of guessing it (integer, real, boolean, categorical, text, date, datetime); repeat for several"), N_("COLUMN=TYPE") },
    G_OPTION_ENTRY_NULL
  };

  return g_memdup2 (entries, sizeof entries);
}

/* Applies the options to @reader. Returns FALSE with a message for the
 * user when one of them is not valid. */
static gboolean
configure_reader (SondeCsvReader  *reader,
                  const Options   *o,
                  char           **message)
{
  char c;

  if (!parse_delimiter (o->delimiter, &c))
    {
      *message = g_strdup_printf (_("“%s” is not a delimiter: use “,”, “;”, “|”, “tab” or “auto”."), o->delimiter);
      return FALSE;
    }
  sonde_csv_reader_set_delimiter (reader, c);

  if (o->header == NULL || g_ascii_strcasecmp (o->header, "auto") == 0)
    sonde_csv_reader_set_header (reader, SONDE_CSV_HEADER_AUTO);
  else if (g_ascii_strcasecmp (o->header, "yes") == 0)
    sonde_csv_reader_set_header (reader, SONDE_CSV_HEADER_YES);
  else if (g_ascii_strcasecmp (o->header, "no") == 0)
    sonde_csv_reader_set_header (reader, SONDE_CSV_HEADER_NO);
  else
    {
      *message = g_strdup_printf (_("“%s” is not a choice for --header: use yes, no or auto."), o->header);
      return FALSE;
    }

  sonde_csv_reader_set_encoding (reader, o->encoding);

  if (!parse_decimal (o->decimal, &c))
    {
      *message = g_strdup_printf (_("“%s” is not a decimal mark: use “.”, “,” or auto."), o->decimal);
      return FALSE;
    }
  sonde_csv_reader_set_decimal_mark (reader, c);

  if (o->thousands != NULL)
    {
      if (!g_utf8_validate (o->thousands, -1, NULL) || g_utf8_strlen (o->thousands, -1) != 1 ||
          g_ascii_isdigit (o->thousands[0]))
        {
          *message = g_strdup_printf (_("“%s” is not a thousands separator: give one character, such as a space or a dot."), o->thousands);
          return FALSE;
        }
      sonde_csv_reader_set_thousands_separator (reader, g_utf8_get_char (o->thousands));
    }

  if (o->no_missing)
    {
      const char * const none[] = { NULL };

      sonde_csv_reader_set_missing_markers (reader, none);
    }
  else if (o->missing != NULL)
    sonde_csv_reader_set_missing_markers (reader, (const char * const *) o->missing);

  if (o->ragged == NULL || g_ascii_strcasecmp (o->ragged, "stop") == 0)
    sonde_csv_reader_set_ragged (reader, SONDE_CSV_RAGGED_STOP);
  else if (g_ascii_strcasecmp (o->ragged, "pad") == 0)
    sonde_csv_reader_set_ragged (reader, SONDE_CSV_RAGGED_PAD);
  else if (g_ascii_strcasecmp (o->ragged, "skip") == 0)
    sonde_csv_reader_set_ragged (reader, SONDE_CSV_RAGGED_SKIP);
  else
    {
      *message = g_strdup_printf (_("“%s” is not a choice for --ragged: use stop, pad or skip."), o->ragged);
      return FALSE;
    }

  for (guint i = 0; o->types != NULL && o->types[i] != NULL; i++)
    {
      const char *eq = strrchr (o->types[i], '=');
      g_autofree char *name = NULL;
      SondeColumnType type;

      if (eq == NULL || eq == o->types[i] || !sonde_column_type_from_string (eq + 1, &type))
        {
          *message = g_strdup_printf (_("“%s” is not COLUMN=TYPE with TYPE one of integer, real, boolean, categorical, text, date, datetime."), o->types[i]);
          return FALSE;
        }
      name = g_strndup (o->types[i], eq - o->types[i]);
      sonde_csv_reader_set_column_type (reader, name, type);
    }

  return TRUE;
}

/* Applies --format, --sheet, --table and --query, and the delimited-text
 * options to the importer's CSV reader. */
static gboolean
configure_importer (SondeImporter  *importer,
                    Options        *o,
                    char          **message)
{
  if (o->format != NULL)
    {
      SondeFormat format = sonde_format_from_string (o->format);

      if (format == SONDE_FORMAT_UNKNOWN)
        {
          *message = g_strdup_printf (_("“%s” is not a format: use csv, json, ndjson, arff, xlsx or sqlite."), o->format);
          return FALSE;
        }
      sonde_importer_set_format (importer, format);
    }

  if (o->table != NULL && o->query != NULL)
    {
      *message = g_strdup (_("Give --table or --query, not both."));
      return FALSE;
    }

  sonde_importer_set_sheet (importer, o->sheet);
  sonde_importer_set_table (importer, o->table);
  sonde_importer_set_query (importer, o->query);

  return configure_reader (sonde_importer_get_csv_reader (importer), o, message);
}

static SondeTable *
read_input (SondeImporter *importer,
            const char    *path)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
  g_autoptr(GError) error = NULL;
  SondeTable *table;

  table = sonde_importer_import_file (importer, file, NULL, &error);
  if (table == NULL)
    print_error (error->message);

  return table;
}

static void
print_warnings (SondeImporter *importer)
{
  const char * const *warnings = sonde_importer_get_warnings (importer);

  for (guint i = 0; warnings[i] != NULL; i++)
    /* Translators: a warning of the command-line tool */
    g_printerr (_("sonde-cli: warning: %s\n"), warnings[i]);
}

static gboolean
is_csv (SondeImporter *importer)
{
  return sonde_importer_get_detected_format (importer) == SONDE_FORMAT_CSV;
}

static char *
example_value (SondeColumn *column)
{
  guint n = sonde_column_get_n_rows (column);

  for (guint r = 0; r < n; r++)
    {
      if (!sonde_column_is_missing (column, r))
        return sonde_column_format_value (column, r);
    }

  return NULL;
}

static const char *
delimiter_label (char delimiter)
{
  static char one[2];

  if (delimiter == '\t')
    return "tab";
  one[0] = delimiter;
  return one;
}

static const char *
warning_kind_name (SondeCsvWarningKind kind)
{
  switch (kind)
    {
    case SONDE_CSV_WARNING_RAGGED_ROW: return "ragged-row";
    case SONDE_CSV_WARNING_RENAMED_COLUMN: return "renamed-column";
    case SONDE_CSV_WARNING_UNKNOWN_COLUMN: return "unknown-column";
    case SONDE_CSV_WARNING_ENCODING: return "encoding";
    default: return "other";
    }
}

static void
print_inspect_json (SondeImporter *importer,
                    SondeTable    *table,
                    const char    *path)
{
  SondeCsvReader *reader = sonde_importer_get_csv_reader (importer);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  GPtrArray *warnings = sonde_csv_reader_get_warnings (reader);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "file");
  json_builder_add_string_value (builder, path);
  json_builder_set_member_name (builder, "format");
  json_builder_add_string_value (builder, sonde_format_to_string (sonde_importer_get_detected_format (importer)));
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, sonde_table_get_name (table));
  json_builder_set_member_name (builder, "rows");
  json_builder_add_int_value (builder, sonde_table_get_n_rows (table));
  if (is_csv (importer))
    {
  json_builder_set_member_name (builder, "delimiter");
  json_builder_add_string_value (builder, delimiter_label (sonde_csv_reader_get_detected_delimiter (reader)));
  json_builder_set_member_name (builder, "encoding");
  json_builder_add_string_value (builder, sonde_csv_reader_get_detected_encoding (reader));
  json_builder_set_member_name (builder, "header");
  json_builder_add_boolean_value (builder, sonde_csv_reader_get_detected_header (reader));
  json_builder_set_member_name (builder, "ragged_rows");
  json_builder_add_int_value (builder, sonde_csv_reader_get_n_ragged_rows (reader));
    }

  json_builder_set_member_name (builder, "columns");
  json_builder_begin_array (builder);
  for (guint c = 0; c < sonde_table_get_n_columns (table); c++)
    {
      SondeColumn *column = sonde_table_get_column (table, c);
      g_autofree char *example = example_value (column);
      SondeColumnType type = sonde_column_get_column_type (column);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, sonde_column_get_name (column));
      json_builder_set_member_name (builder, "type");
      json_builder_add_string_value (builder, sonde_column_type_to_string (type));
      json_builder_set_member_name (builder, "type_label");
      json_builder_add_string_value (builder, sonde_column_type_get_label (type));
      json_builder_set_member_name (builder, "missing");
      json_builder_add_int_value (builder, sonde_column_get_n_missing (column));
      if (type == SONDE_COLUMN_TYPE_CATEGORICAL)
        {
          json_builder_set_member_name (builder, "categories");
          json_builder_add_int_value (builder, sonde_column_get_n_categories (column));
        }
      json_builder_set_member_name (builder, "example");
      if (example != NULL)
        json_builder_add_string_value (builder, example);
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "warnings");
  json_builder_begin_array (builder);
  if (!is_csv (importer))
    {
      const char * const *messages = sonde_importer_get_warnings (importer);

      for (guint i = 0; messages[i] != NULL; i++)
        {
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "kind");
          json_builder_add_string_value (builder, "other");
          json_builder_set_member_name (builder, "message");
          json_builder_add_string_value (builder, messages[i]);
          json_builder_end_object (builder);
        }
    }
  for (guint i = 0; is_csv (importer) && i < warnings->len; i++)
    {
      const SondeCsvWarning *w = g_ptr_array_index (warnings, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, warning_kind_name (w->kind));
      json_builder_set_member_name (builder, "line");
      json_builder_add_int_value (builder, w->line);
      if (w->kind == SONDE_CSV_WARNING_RAGGED_ROW)
        {
          json_builder_set_member_name (builder, "expected_fields");
          json_builder_add_int_value (builder, w->expected_fields);
          json_builder_set_member_name (builder, "actual_fields");
          json_builder_add_int_value (builder, w->actual_fields);
        }
      json_builder_set_member_name (builder, "message");
      json_builder_add_string_value (builder, w->message);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  text = sonde_json_node_to_string (root, TRUE);
  g_print ("%s\n", text);
}

static void
print_inspect_text (SondeImporter *importer,
                    SondeTable    *table,
                    const char    *path)
{
  SondeCsvReader *reader = sonde_importer_get_csv_reader (importer);
  guint n_rows = sonde_table_get_n_rows (table);
  guint n_columns = sonde_table_get_n_columns (table);
  g_autofree char *rows = g_strdup_printf (g_dngettext (NULL, "%u row", "%u rows", n_rows), n_rows);
  g_autofree char *columns = g_strdup_printf (g_dngettext (NULL, "%u column", "%u columns", n_columns), n_columns);
  char delimiter = sonde_csv_reader_get_detected_delimiter (reader);
  g_autofree char *quoted = g_strdup_printf ("“%c”", delimiter);

  /* Translators: file name, "12 rows", "3 columns" */
  g_print (_("%s: %s, %s\n"), path, rows, columns);
  /* Translators: %s describes a file format, such as "Weka ARFF" */
  g_print (_("Format: %s\n"), sonde_format_get_label (sonde_importer_get_detected_format (importer)));
  if (is_csv (importer))
    /* Translators: the delimiter, then the encoding of the file */
    g_print (_("Delimiter: %s; encoding: %s; header: %s\n"),
             delimiter == '\t' ? _("tab") : quoted,
             sonde_csv_reader_get_detected_encoding (reader),
             sonde_csv_reader_get_detected_header (reader) ? _("yes") : _("no"));

  for (guint c = 0; c < n_columns; c++)
    {
      SondeColumn *column = sonde_table_get_column (table, c);
      g_autofree char *example = example_value (column);
      guint missing = sonde_column_get_n_missing (column);
      g_autofree char *missing_text = g_strdup_printf (g_dngettext (NULL, "%u missing", "%u missing", missing), missing);

      /* Translators: column number, name, type, "3 missing", then an example value */
      g_print (_("%3u. %s (%s), %s, for example: %s\n"),
               c + 1, sonde_column_get_name (column),
               sonde_column_type_get_label (sonde_column_get_column_type (column)),
               missing_text,
               example != NULL ? example : _("(no value)"));
    }
}

static GOptionContext *
make_context (const char   *command,
              const char   *parameter,
              const char   *summary,
              Options      *o,
              GOptionEntry *command_entries)
{
  g_autofree char *prgname = g_strdup_printf ("sonde-cli %s", command);
  GOptionContext *context = g_option_context_new (parameter);
  g_autofree GOptionEntry *entries = reader_entries (o);

  /* So that --help says "sonde-cli inspect [OPTION…] FILE". */
  g_set_prgname (prgname);

  /* One flat list: the reader options are what users look for first. */
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, summary);
  if (command_entries != NULL)
    g_option_context_add_main_entries (context, command_entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  return context;
}

/* --list: the sheets of a workbook or the tables of a database. */
static int
list_parts (SondeImporter *importer,
            const char    *path,
            gboolean       json)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = NULL;
  SondeFormat format = sonde_importer_get_format (importer);

  if (format == SONDE_FORMAT_UNKNOWN)
    format = sonde_format_guess_for_file (file, NULL, &error);

  if (format == SONDE_FORMAT_XLSX)
    names = sonde_xlsx_reader_list_sheets (file, NULL, &error);
  else if (format == SONDE_FORMAT_SQLITE)
    names = sonde_sqlite_reader_list_tables (file, &error);
  else if (error == NULL)
    {
      g_autofree char *message =
        /* Translators: %s is a file name */
        g_strdup_printf (_("%s has no sheets or tables to list: --list is for workbooks (.xlsx) and SQLite databases."), path);
      print_error (message);
      return EXIT_INPUT;
    }

  if (names == NULL)
    {
      print_error (error->message);
      return EXIT_INPUT;
    }

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *text = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "format");
      json_builder_add_string_value (builder, sonde_format_to_string (format));
      json_builder_set_member_name (builder, format == SONDE_FORMAT_XLSX ? "sheets" : "tables");
      json_builder_begin_array (builder);
      for (guint i = 0; names[i] != NULL; i++)
        json_builder_add_string_value (builder, names[i]);
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      text = sonde_json_node_to_string (root, TRUE);
      g_print ("%s\n", text);
    }
  else
    {
      for (guint i = 0; names[i] != NULL; i++)
        g_print ("%s\n", names[i]);
    }

  return EXIT_OK;
}

static int
run_inspect (int    argc,
             char **argv)
{
  Options o = { 0 };
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &o.json, N_("Print JSON for scripts"), NULL },
    { "list", 'l', 0, G_OPTION_ARG_NONE, &o.list, N_("List the sheets of a workbook or the tables of a database"), NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = make_context ("inspect", _("FILE — describe the columns of a dataset"),
                                                    _("Shows the number of rows and columns, and for each column its type, its missing values and an example. "
                                                      "FILE may be CSV or TSV, JSON, NDJSON, ARFF, an Excel workbook (.xlsx) or an SQLite database."),
                                                    &o, (GOptionEntry *) entries);
  g_autoptr(SondeImporter) importer = sonde_importer_new ();
  g_autoptr(SondeTable) table = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  int status = EXIT_OK;

  if (!g_option_context_parse (context, &argc, &argv, &error))
    status = usage_error (NULL, error->message);
  else if (argc != 2)
    status = usage_error (context, _("inspect needs exactly one FILE."));
  else if (!configure_importer (importer, &o, &message))
    status = usage_error (NULL, message);
  else if (o.list)
    status = list_parts (importer, argv[1], o.json);
  else if ((table = read_input (importer, argv[1])) == NULL)
    status = EXIT_INPUT;
  else
    {
      if (o.json)
        print_inspect_json (importer, table, argv[1]);
      else
        {
          print_warnings (importer);
          print_inspect_text (importer, table, argv[1]);
        }
    }

  options_clear (&o);
  return status;
}

/* For the commands kept in their own files: see sonde-cli-stats.h. */
int
sonde_cli_read_table (int                *argc,
                      char             ***argv,
                      const char         *command,
                      const char         *parameter,
                      const char         *summary,
                      GOptionEntry       *entries,
                      SondeCliCheckFunc   check,
                      gpointer            user_data,
                      const gboolean     *quiet,
                      SondeTable        **table)
{
  Options o = { 0 };
  g_autoptr(GOptionContext) context = make_context (command, parameter, summary, &o, entries);
  g_autoptr(SondeImporter) importer = sonde_importer_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  int status = EXIT_OK;

  if (!g_option_context_parse (context, argc, argv, &error))
    status = usage_error (NULL, error->message);
  else if (!check (*argc, *argv, user_data, &message))
    status = usage_error (NULL, message);
  else if (!configure_importer (importer, &o, &message))
    status = usage_error (NULL, message);
  else if ((*table = read_input (importer, (*argv)[1])) == NULL)
    status = EXIT_INPUT;
  else if (quiet == NULL || !*quiet)
    print_warnings (importer);

  options_clear (&o);
  return status;
}

/* Writes @table to @path (or standard output when NULL) in @format. */
static gboolean
write_output (SondeTable   *table,
              const char   *path,
              SondeFormat   format,
              Options      *o,
              char          delimiter,
              char          mark,
              GError      **error)
{
  g_autoptr(GFile) out = path != NULL ? g_file_new_for_commandline_arg (path) : NULL;
  g_autoptr(GBytes) bytes = NULL;

  switch (format)
    {
    case SONDE_FORMAT_CSV:
      {
        g_autoptr(SondeCsvWriter) writer = sonde_csv_writer_new ();

        sonde_csv_writer_set_delimiter (writer, delimiter);
        sonde_csv_writer_set_decimal_mark (writer, mark);
        sonde_csv_writer_set_encoding (writer, o->out_encoding);
        if (out != NULL)
          return sonde_csv_writer_write_file (writer, table, out, NULL, error);
        bytes = sonde_csv_writer_write_bytes (writer, table, NULL, error);
        break;
      }

    case SONDE_FORMAT_JSON:
    case SONDE_FORMAT_NDJSON:
      {
        g_autoptr(SondeJsonWriter) writer = sonde_json_writer_new ();

        sonde_json_writer_set_format (writer, format == SONDE_FORMAT_NDJSON ? SONDE_JSON_FORMAT_LINES
                                                                            : SONDE_JSON_FORMAT_ARRAY);
        if (out != NULL)
          return sonde_json_writer_write_file (writer, table, out, NULL, error);
        bytes = sonde_json_writer_write_bytes (writer, table, NULL, error);
        break;
      }

    case SONDE_FORMAT_ARFF:
      {
        g_autoptr(SondeArffWriter) writer = sonde_arff_writer_new ();

        if (out != NULL)
          return sonde_arff_writer_write_file (writer, table, out, NULL, error);
        bytes = sonde_arff_writer_write_bytes (writer, table, NULL, error);
        break;
      }

    case SONDE_FORMAT_SQLITE:
      {
        g_autoptr(SondeSqliteWriter) writer = sonde_sqlite_writer_new ();

        if (out == NULL)
          {
            g_set_error_literal (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                                 _("An SQLite database cannot go to the standard output: give a file with --to."));
            return FALSE;
          }
        sonde_sqlite_writer_set_table_name (writer, o->out_table);
        sonde_sqlite_writer_set_replace (writer, o->replace);
        return sonde_sqlite_writer_write_file (writer, table, out, NULL, error);
      }

    case SONDE_FORMAT_XLSX:
    case SONDE_FORMAT_UNKNOWN:
    default:
      g_set_error_literal (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                           _("Sonde cannot write that format: write csv, json, ndjson, arff or sqlite."));
      return FALSE;
    }

  if (bytes == NULL)
    return FALSE;

  if (fwrite (g_bytes_get_data (bytes, NULL), 1, g_bytes_get_size (bytes), stdout) != g_bytes_get_size (bytes) ||
      fflush (stdout) != 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Cannot write to the standard output."));
      return FALSE;
    }

  return TRUE;
}

static int
run_import (int    argc,
            char **argv)
{
  Options o = { 0 };
  const GOptionEntry entries[] = {
    { "to", 'o', 0, G_OPTION_ARG_FILENAME, &o.to,
      N_("Write the table to this file, in the format its extension names (CSV on the standard output if not given)"), N_("OUT") },
    { "out-format", 0, 0, G_OPTION_ARG_STRING, &o.out_format,
      N_("Format of the output: csv, json, ndjson, arff or sqlite (from the extension of OUT by default)"), N_("FORMAT") },
    { "out-table", 0, 0, G_OPTION_ARG_STRING, &o.out_table,
      N_("Name of the table to write in an SQLite database (the dataset's name by default)"), N_("TABLE") },
    { "replace", 0, 0, G_OPTION_ARG_NONE, &o.replace,
      N_("Replace a table of that name in the SQLite database instead of refusing"), NULL },
    { "out-delimiter", 0, 0, G_OPTION_ARG_STRING, &o.out_delimiter,
      N_("Delimiter of CSV output: “,” (the default), “;”, “|” or “tab”"), N_("DELIM") },
    { "out-encoding", 0, 0, G_OPTION_ARG_STRING, &o.out_encoding,
      N_("Encoding of CSV output (UTF-8 by default)"), N_("ENCODING") },
    { "out-decimal", 0, 0, G_OPTION_ARG_STRING, &o.out_decimal,
      N_("Decimal mark of CSV output: “.” (the default) or “,”"), N_("MARK") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = make_context ("import", _("FILE — read a dataset and write it as CSV, JSON, NDJSON, ARFF or SQLite"),
                                                    _("Reads FILE with the options given, then writes it in the format of OUT: UTF-8, ISO dates and “.” decimals unless told otherwise."),
                                                    &o, (GOptionEntry *) entries);
  g_autoptr(SondeImporter) importer = sonde_importer_new ();
  g_autoptr(SondeTable) table = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  SondeFormat out_format = SONDE_FORMAT_CSV;
  char delimiter = ',';
  char mark = '.';
  int status = EXIT_OK;

  if (!g_option_context_parse (context, &argc, &argv, &error))
    status = usage_error (NULL, error->message);
  else if (argc != 2)
    status = usage_error (context, _("import needs exactly one FILE."));
  else if (!configure_importer (importer, &o, &message))
    status = usage_error (NULL, message);
  else if (o.out_delimiter != NULL && (!parse_delimiter (o.out_delimiter, &delimiter) || delimiter == 0))
    {
      message = g_strdup_printf (_("“%s” is not a delimiter: use “,”, “;”, “|” or “tab”."), o.out_delimiter);
      status = usage_error (NULL, message);
    }
  else if (o.out_decimal != NULL && (!parse_decimal (o.out_decimal, &mark) || mark == 0))
    {
      message = g_strdup_printf (_("“%s” is not a decimal mark: use “.” or “,”."), o.out_decimal);
      status = usage_error (NULL, message);
    }
  else
    {
      if (o.out_format != NULL)
        out_format = sonde_format_from_string (o.out_format);
      else if (o.to != NULL && sonde_format_from_extension (o.to) != SONDE_FORMAT_UNKNOWN)
        out_format = sonde_format_from_extension (o.to);

      if (out_format == SONDE_FORMAT_UNKNOWN || out_format == SONDE_FORMAT_XLSX)
        {
          message = g_strdup_printf (_("“%s” is not a format Sonde writes: use csv, json, ndjson, arff or sqlite."),
                                     o.out_format != NULL ? o.out_format : o.to);
          status = usage_error (NULL, message);
        }
      else if ((table = read_input (importer, argv[1])) == NULL)
        status = EXIT_INPUT;
      else
        {
          print_warnings (importer);
          if (!write_output (table, o.to, out_format, &o, delimiter, mark, &error))
            {
              print_error (error->message);
              status = EXIT_INPUT;
            }
        }
    }

  options_clear (&o);
  return status;
}

static void
print_help (FILE *stream)
{
  fprintf (stream, "%s\n\n%s\n  %-10s %s\n  %-10s %s\n  %-10s %s\n  %-10s %s\n  %-10s %s\n  %-10s %s\n  %-10s %s\n  %-10s %s\n  %-10s %s\n  %-10s %s\n  %-10s %s\n  %-10s %s\n  %-10s %s\n  %-10s %s\n  %-10s %s\n\n%s\n",
           _("Usage: sonde-cli COMMAND [OPTION…] FILE"),
           _("Commands:"),
           "inspect", _("Describe the columns of a dataset (CSV, JSON, ARFF, .xlsx, SQLite)"),
           "import", _("Read a dataset and write it as CSV, JSON, NDJSON, ARFF or SQLite"),
           "stats", _("Run a statistical test or model on a dataset (t-test, ANOVA, regression…)"),
           "chart", _("Draw a chart of a dataset to PNG, SVG or PDF, or describe it in words"),
           "profile", _("Profile a dataset: figures per column, duplicates, personal data, a quality score"),
           "train", _("Train a model (decision tree, random forest, gradient boosting, naive Bayes, logistic, linear, ridge, kNN, k-means, hierarchical clustering) and save it"),
           "evaluate", _("Measure a learner by cross-validation, holdout or leave-one-out"),
           "predict", _("Predict the rows of a dataset with a saved model"),
           "compare", _("Compare learners by cross-validation on the same folds"),
           "tune", _("Search a learner's hyperparameters (grid or random), or draw its learning curve"),
           "pca", _("Principal component analysis: the variance each component explains and its loadings"),
           "eval", _("Evaluate an expression on a dataset: a derived column, or the rows a condition keeps"),
           "clean", _("Run a clean pipeline on a dataset and write the cleaned table"),
           "project", _("Describe a Sonde project (info) or make one from datasets (create)"),
           "query", _("Run a read-only SQL query on a Sonde project"),
           _("Run “sonde-cli COMMAND --help” to see the options of a command."));
}

int
main (int   argc,
      char *argv[])
{
  const char *command;

  setlocale (LC_ALL, "");
  sonde_engine_init ();
  textdomain (GETTEXT_PACKAGE);

  if (argc < 2)
    {
      print_help (stderr);
      return EXIT_USAGE;
    }

  command = argv[1];

  if (strcmp (command, "--help") == 0 || strcmp (command, "-h") == 0 || strcmp (command, "help") == 0)
    {
      print_help (stdout);
      return EXIT_OK;
    }

  if (strcmp (command, "--version") == 0)
    {
      g_print ("sonde-cli %s\n", sonde_engine_get_version ());
      return EXIT_OK;
    }

  /* The command takes the place of the program name for its parser. */
  if (strcmp (command, "inspect") == 0)
    return run_inspect (argc - 1, argv + 1);
  if (strcmp (command, "import") == 0)
    return run_import (argc - 1, argv + 1);
  if (strcmp (command, "stats") == 0)
    return sonde_cli_run_stats (argc - 1, argv + 1);
  if (strcmp (command, "chart") == 0)
    return sonde_cli_run_chart (argc - 1, argv + 1);
  if (strcmp (command, "profile") == 0)
    return sonde_cli_run_profile (argc - 1, argv + 1);
  if (strcmp (command, "train") == 0)
    return sonde_cli_run_train (argc - 1, argv + 1);
  if (strcmp (command, "evaluate") == 0)
    return sonde_cli_run_evaluate (argc - 1, argv + 1);
  if (strcmp (command, "predict") == 0)
    return sonde_cli_run_predict (argc - 1, argv + 1);
  if (strcmp (command, "compare") == 0)
    return sonde_cli_run_compare (argc - 1, argv + 1);
  if (strcmp (command, "tune") == 0)
    return sonde_cli_run_tune (argc - 1, argv + 1);
  if (strcmp (command, "pca") == 0)
    return sonde_cli_run_pca (argc - 1, argv + 1);
  if (strcmp (command, "eval") == 0)
    return sonde_cli_run_eval (argc - 1, argv + 1);
  if (strcmp (command, "clean") == 0)
    return sonde_cli_run_clean (argc - 1, argv + 1);
  if (strcmp (command, "project") == 0)
    return sonde_cli_run_project (argc - 1, argv + 1);
  if (strcmp (command, "query") == 0)
    return sonde_cli_run_query (argc - 1, argv + 1);

  {
    g_autofree char *message = g_strdup_printf (_("“%s” is not a command."), command);

    print_error (message);
    print_help (stderr);
  }

  return EXIT_USAGE;
}
