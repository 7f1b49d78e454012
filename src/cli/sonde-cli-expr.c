/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sonde-cli"

/* `sonde-cli eval FILE EXPR [--filter] [--out-format csv|json] [--name N]`:
 * the expression language of src/engine/sonde-expr.h on a dataset, as
 * the clean pipeline will use it. Without --filter it prints the column
 * the expression derives (one value per row, named after the expression
 * or --name); with --filter, the rows where the condition is true, every
 * column. CSV by default, JSON (an array of objects) with --out-format
 * json (--format is every command's option for the format of FILE, and
 * --out-format is what `sonde-cli import` calls the written one).
 * --count prints only how many rows a filter keeps, and --time how long
 * the evaluation took (after reading), for the bench. On standard error: how many rows a filter kept and how many were
 * unknown, and how many divisions by zero gave a missing value. An
 * expression that cannot be read is reported with its position and a
 * caret under the place. Exit status: 0 success, 1 the file cannot be
 * read or the expression is wrong, 2 the command line is wrong.
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "sonde-cli-expr.h"
#include "sonde-cli-stats.h"

typedef struct
{
  char     *format;
  char     *name;
  gboolean  filter;
  gboolean  count;
  gboolean  time;
  gboolean  quiet;
} EvalOptions;

static gboolean
check_arguments (int        argc,
                 char     **argv,
                 gpointer   user_data,
                 char     **message)
{
  EvalOptions *o = user_data;

  if (argc != 3)
    {
      *message = g_strdup (_("eval needs a FILE and an EXPRESSION (put the expression in quotes)."));
      return FALSE;
    }
  if (o->format != NULL && strcmp (o->format, "csv") != 0 && strcmp (o->format, "json") != 0)
    {
      *message = g_strdup_printf (_("--out-format takes csv or json, not “%s”."), o->format);
      return FALSE;
    }
  if (o->count && !o->filter)
    {
      *message = g_strdup (_("--count counts the rows a condition keeps; use it with --filter."));
      return FALSE;
    }
  if (o->filter && o->name != NULL)
    {
      *message = g_strdup (_("--name names a derived column; it cannot be used with --filter."));
      return FALSE;
    }
  o->quiet = o->format != NULL && strcmp (o->format, "json") == 0;
  return TRUE;
}

/* The rows of @selection as a table of their own, for the writers. */
static SondeTable *
table_from_selection (SondeTable     *table,
                      SondeSelection *selection)
{
  g_autoptr(SondeTable) out = sonde_table_new (sonde_table_get_name (table));
  guint n_rows = 0;
  const guint32 *rows = sonde_selection_get_rows (selection, &n_rows);

  for (guint c = 0; c < sonde_table_get_n_columns (table); c++)
    {
      SondeColumn *from = sonde_table_get_column (table, c);
      SondeColumnType type = sonde_column_get_column_type (from);
      g_autoptr(SondeColumn) to = sonde_column_new (sonde_column_get_name (from), type);

      sonde_column_reserve (to, n_rows);
      for (guint i = 0; i < n_rows; i++)
        {
          guint r = rows[i];

          if (sonde_column_is_missing (from, r))
            {
              sonde_column_append_missing (to);
              continue;
            }
          switch (type)
            {
            case SONDE_COLUMN_TYPE_INTEGER: sonde_column_append_integer (to, sonde_column_get_integer (from, r)); break;
            case SONDE_COLUMN_TYPE_REAL: sonde_column_append_real (to, sonde_column_get_real (from, r)); break;
            case SONDE_COLUMN_TYPE_BOOLEAN: sonde_column_append_boolean (to, sonde_column_get_boolean (from, r)); break;
            case SONDE_COLUMN_TYPE_CATEGORICAL: sonde_column_append_category (to, sonde_column_get_text (from, r), -1); break;
            case SONDE_COLUMN_TYPE_TEXT: sonde_column_append_text (to, sonde_column_get_text (from, r), -1); break;
            case SONDE_COLUMN_TYPE_DATE: sonde_column_append_date (to, sonde_column_get_date (from, r)); break;
            case SONDE_COLUMN_TYPE_DATETIME: sonde_column_append_datetime (to, sonde_column_get_datetime (from, r)); break;
            default: g_assert_not_reached ();
            }
        }
      g_assert (sonde_table_add_column (out, to, NULL));
    }
  return g_steal_pointer (&out);
}

/* The message, then the expression with a caret line under the error. */
static void
print_expr_error (const char              *text,
                  const GError            *error,
                  const SondeExprPosition *where)
{
  g_autoptr(GString) caret = g_string_new (NULL);

  /* Translators: the prefix of error messages of the command-line tool */
  g_printerr (_("sonde-cli: %s\n"), error->message);
  if (error->domain != SONDE_ERROR || error->code != SONDE_ERROR_PARSE || strchr (text, '\n') != NULL ||
      g_utf8_strlen (text, -1) > 200)
    return;
  for (guint i = 0; i < where->offset; i++)
    g_string_append_c (caret, ' ');
  for (guint i = 0; i < MAX (where->length, 1); i++)
    g_string_append_c (caret, '^');
  g_printerr ("  %s\n  %s\n", text, caret->str);
}

int
sonde_cli_run_eval (int    argc,
                    char **argv)
{
  EvalOptions o = { 0 };
  const GOptionEntry entries[] = {
    { "filter", 0, 0, G_OPTION_ARG_NONE, &o.filter, N_("Print the rows where the condition is true, instead of the derived column"), NULL },
    { "out-format", 0, 0, G_OPTION_ARG_STRING, &o.format, N_("Print csv (the default) or json"), N_("FORMAT") },
    { "count", 0, 0, G_OPTION_ARG_NONE, &o.count, N_("With --filter, print only how many rows meet the condition"), NULL },
    { "time", 0, 0, G_OPTION_ARG_NONE, &o.time, N_("Print on standard error how long the evaluation took, after reading"), NULL },
    { "name", 0, 0, G_OPTION_ARG_STRING, &o.name, N_("The name of the derived column (the expression by default)"), N_("NAME") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(SondeTable) table = NULL;
  g_autoptr(SondeTable) out = NULL;
  g_autoptr(SondeExpr) expr = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  SondeExprPosition where = { 0 };
  SondeExprCounts counts = { 0 };
  gint64 start;
  gboolean json;
  int status;

  status = sonde_cli_read_table (&argc, &argv, "eval",
                                 _("FILE EXPRESSION — evaluate an expression on every row of a dataset"),
                                 _("Derives a column from an expression (price * 1.2, upper(city), if(age >= 18, 'adult', 'minor')) "
                                   "or, with --filter, keeps the rows where a condition is true (age between 0 and 120). "
                                   "The language is described in the README, under “The expression language”."),
                                 (GOptionEntry *) entries, check_arguments, &o, &o.quiet, &table);
  if (status != SONDE_CLI_EXIT_OK)
    goto out;

  json = o.format != NULL && strcmp (o.format, "json") == 0;
  start = g_get_monotonic_time ();
  expr = sonde_expr_parse (argv[2], table, &where, &error);
  if (expr == NULL)
    {
      print_expr_error (argv[2], error, &where);
      status = SONDE_CLI_EXIT_INPUT;
      goto out;
    }

  if (o.filter)
    {
      g_autoptr(SondeSelection) kept = sonde_expr_select (expr, table, NULL, &counts, NULL, &error);

      if (o.time)
        /* Translators: printed by sonde-cli eval --time */
        g_printerr (_("Evaluation time: %.3f s\n"), (g_get_monotonic_time () - start) / 1e6);
      if (kept != NULL && o.count)
        {
          g_print ("%u\n", counts.n_true);
          goto out;
        }
      if (kept != NULL)
        {
          out = table_from_selection (table, kept);
          g_printerr (ngettext ("%u row of %u meets the condition.\n", "%u rows of %u meet the condition.\n",
                                counts.n_true),
                      counts.n_true, counts.n_rows);
          if (counts.n_missing > 0)
            g_printerr (ngettext ("%u row is left out because a value the condition needs is missing.\n",
                                  "%u rows are left out because a value the condition needs is missing.\n",
                                  counts.n_missing),
                        counts.n_missing);
        }
    }
  else
    {
      g_autoptr(SondeColumn) column = sonde_expr_evaluate (expr, table, &counts, NULL, &error);

      if (o.time)
        g_printerr (_("Evaluation time: %.3f s\n"), (g_get_monotonic_time () - start) / 1e6);

      if (column != NULL)
        {
          if (o.name != NULL)
            sonde_column_set_name (column, o.name);
          out = sonde_table_new (sonde_table_get_name (table));
          g_assert (sonde_table_add_column (out, column, NULL));
        }
    }
  if (out != NULL && counts.n_division_by_zero > 0)
    g_printerr (ngettext ("%u division by zero gave a missing value.\n",
                          "%u divisions by zero gave a missing value.\n", counts.n_division_by_zero),
                counts.n_division_by_zero);

  if (out != NULL && json)
    {
      g_autoptr(SondeJsonWriter) writer = sonde_json_writer_new ();

      sonde_json_writer_set_format (writer, SONDE_JSON_FORMAT_ARRAY);
      bytes = sonde_json_writer_write_bytes (writer, out, NULL, &error);
    }
  else if (out != NULL)
    {
      g_autoptr(SondeCsvWriter) writer = sonde_csv_writer_new ();

      bytes = sonde_csv_writer_write_bytes (writer, out, NULL, &error);
    }

  if (bytes == NULL)
    {
      g_printerr (_("sonde-cli: %s\n"), error->message);
      status = SONDE_CLI_EXIT_INPUT;
    }
  else
    {
      gsize size;
      const char *data = g_bytes_get_data (bytes, &size);

      fwrite (data, 1, size, stdout);
      if (json)
        fputc ('\n', stdout);
    }

out:
  g_free (o.format);
  g_free (o.name);
  return status;
}
