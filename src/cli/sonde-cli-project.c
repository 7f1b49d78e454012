/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sonde-cli"

/* Project files (.sonde) from the command line, for scripts, demos and
 * the end-to-end tests of SondeProject:
 *
 *   sonde-cli project info FILE [--json]   datasets, rows, columns and
 *                                          schema version, from the
 *                                          catalogue alone: no rows are
 *                                          read, so it is instant on
 *                                          any size; then the saved
 *                                          pipelines (a pipeline that
 *                                          cannot be read is told, not
 *                                          an error) and rules
 *   sonde-cli project create OUT FILE…     a project of the datasets
 *                                          read from FILE… (any format
 *                                          `sonde-cli import` reads)
 *   sonde-cli query FILE SQL [--format table|csv|json]
 *                                          one read-only SELECT
 *
 * Exit status: 0, 1 when a file cannot be read or written or the query
 * is refused, 2 when the command line is wrong.
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "sonde-engine.h"
#include "sonde-cli-project.h"
#include "sonde-cli-stats.h"

static void
print_error (const char *message)
{
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
  return SONDE_CLI_EXIT_USAGE;
}

static GOptionContext *
make_context (const char   *command,
              const char   *parameter,
              const char   *summary,
              GOptionEntry *entries)
{
  GOptionContext *context = g_option_context_new (parameter);
  g_autofree char *prgname = g_strdup_printf ("sonde-cli %s", command);

  /* So that --help says "sonde-cli project info [OPTION…] FILE". */
  g_set_prgname (prgname);

  g_option_context_set_summary (context, summary);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);

  return context;
}

/* The catalogue of a dataset (its columns, no rows): info never reads
 * the rows, whatever their number. */
static SondeTable *
catalogue_of (SondeProject  *project,
              const char    *name,
              GError       **error)
{
  return sonde_project_load_dataset_head (project, name, 0, NULL, error);
}

/* The number of steps of a saved pipeline, or -1 with @error set when its
 * JSON cannot be read (saved by a newer Sonde, or edited by hand). */
static int
count_steps (const char  *steps_json,
             GError     **error)
{
  g_autoptr(SondePipeline) pipeline = sonde_pipeline_new_from_data (steps_json, -1, error);

  return pipeline != NULL ? (int) sonde_pipeline_get_n_steps (pipeline) : -1;
}

static void
add_pipelines_and_rules_json (SondeProject *project,
                              JsonBuilder  *builder)
{
  g_auto(GStrv) names = NULL;
  g_auto(GStrv) datasets = NULL;
  g_auto(GStrv) steps = NULL;
  g_auto(GStrv) rule_datasets = NULL;
  g_auto(GStrv) expressions = NULL;

  sonde_project_get_pipelines (project, &names, &datasets, &steps);
  json_builder_set_member_name (builder, "pipelines");
  json_builder_begin_array (builder);
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      int n_steps = count_steps (steps[i], &error);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, names[i]);
      json_builder_set_member_name (builder, "dataset");
      json_builder_add_string_value (builder, datasets[i]);
      json_builder_set_member_name (builder, "steps");
      if (n_steps >= 0)
        json_builder_add_int_value (builder, n_steps);
      else
        {
          json_builder_add_null_value (builder);
          json_builder_set_member_name (builder, "error");
          json_builder_add_string_value (builder, error->message);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  sonde_project_get_rules (project, &rule_datasets, &expressions);
  json_builder_set_member_name (builder, "rules");
  json_builder_begin_array (builder);
  for (guint i = 0; rule_datasets[i] != NULL; i++)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "dataset");
      json_builder_add_string_value (builder, rule_datasets[i]);
      json_builder_set_member_name (builder, "expression");
      json_builder_add_string_value (builder, expressions[i]);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

/* Printed only when there are some, so that older projects read as before. */
static void
print_pipelines_and_rules (SondeProject *project)
{
  g_auto(GStrv) names = NULL;
  g_auto(GStrv) datasets = NULL;
  g_auto(GStrv) steps = NULL;
  g_auto(GStrv) rule_datasets = NULL;
  g_auto(GStrv) expressions = NULL;
  guint n;

  sonde_project_get_pipelines (project, &names, &datasets, &steps);
  n = g_strv_length (names);
  if (n > 0)
    g_print (g_dngettext (GETTEXT_PACKAGE, "\n%u pipeline\n", "\n%u pipelines\n", n), n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GError) error = NULL;
      int n_steps = count_steps (steps[i], &error);

      if (n_steps >= 0)
        /* Translators: a pipeline's name, its dataset, its number of steps */
        g_print (g_dngettext (GETTEXT_PACKAGE, "  %s (dataset “%s”): %d step\n", "  %s (dataset “%s”): %d steps\n", n_steps),
                 names[i], datasets[i], n_steps);
      else
        /* Translators: a pipeline's name, its dataset, why it cannot be read */
        g_print (_("  %s (dataset “%s”): cannot be read. %s\n"), names[i], datasets[i], error->message);
    }

  sonde_project_get_rules (project, &rule_datasets, &expressions);
  n = g_strv_length (rule_datasets);
  if (n > 0)
    g_print (g_dngettext (GETTEXT_PACKAGE, "\n%u rule\n", "\n%u rules\n", n), n);
  for (guint i = 0; i < n; i++)
    g_print ("  %s: %s\n", rule_datasets[i], expressions[i]);
}

static gboolean
print_info_json (SondeProject  *project,
                 GError       **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) names = sonde_project_list_datasets (project);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "schema_version");
  json_builder_add_int_value (builder, sonde_project_get_file_schema_version (project));
  json_builder_set_member_name (builder, "created");
  json_builder_add_string_value (builder, sonde_project_get_created (project));
  json_builder_set_member_name (builder, "modified");
  json_builder_add_string_value (builder, sonde_project_get_modified (project));
  json_builder_set_member_name (builder, "datasets");
  json_builder_begin_array (builder);
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autoptr(SondeTable) table = catalogue_of (project, names[i], error);

      if (table == NULL)
        return FALSE;
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, names[i]);
      json_builder_set_member_name (builder, "source");
      json_builder_add_string_value (builder, sonde_table_get_source (table));
      json_builder_set_member_name (builder, "rows");
      json_builder_add_int_value (builder, sonde_project_get_dataset_n_rows (project, names[i]));
      json_builder_set_member_name (builder, "columns");
      json_builder_begin_array (builder);
      for (guint c = 0; c < sonde_table_get_n_columns (table); c++)
        {
          SondeColumn *column = sonde_table_get_column (table, c);
          static const char * const roles[] = { "feature", "target", "identifier", "ignored" };

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "name");
          json_builder_add_string_value (builder, sonde_column_get_name (column));
          json_builder_set_member_name (builder, "type");
          json_builder_add_string_value (builder, sonde_column_type_to_string (sonde_column_get_column_type (column)));
          json_builder_set_member_name (builder, "role");
          json_builder_add_string_value (builder, roles[sonde_column_get_role (column)]);
          json_builder_set_member_name (builder, "unit");
          json_builder_add_string_value (builder, sonde_column_get_unit (column));
          json_builder_set_member_name (builder, "description");
          json_builder_add_string_value (builder, sonde_column_get_description (column));
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  add_pipelines_and_rules_json (project, builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  text = sonde_json_node_to_string (root, TRUE);
  g_print ("%s\n", text);

  return TRUE;
}

static gboolean
print_info_text (SondeProject  *project,
                 const char    *path,
                 GError       **error)
{
  g_auto(GStrv) names = sonde_project_list_datasets (project);

  g_print (_("Project: %s\n"), path);
  g_print (_("Schema version: %d\n"), sonde_project_get_file_schema_version (project));
  g_print (_("Created: %s\n"), sonde_project_get_created (project));
  if (sonde_project_get_modified (project) != NULL)
    g_print (_("Modified: %s\n"), sonde_project_get_modified (project));
  g_print (g_dngettext (GETTEXT_PACKAGE, "%u dataset\n", "%u datasets\n", g_strv_length (names)),
           g_strv_length (names));

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autoptr(SondeTable) table = catalogue_of (project, names[i], error);
      guint n_rows = sonde_project_get_dataset_n_rows (project, names[i]);
      guint n_columns = sonde_project_get_dataset_n_columns (project, names[i]);

      if (table == NULL)
        return FALSE;

      /* Translators: dataset name, then its numbers of rows and columns */
      g_print (_("\n%s: %u rows, %u columns\n"), names[i], n_rows, n_columns);
      for (guint c = 0; c < n_columns; c++)
        {
          SondeColumn *column = sonde_table_get_column (table, c);
          const char *unit = sonde_column_get_unit (column);
          const char *description = sonde_column_get_description (column);

          g_print ("  %-20s %-12s %-10s%s%s%s%s\n", sonde_column_get_name (column),
                   sonde_column_type_to_string (sonde_column_get_column_type (column)),
                   sonde_column_role_get_label (sonde_column_get_role (column)),
                   unit != NULL ? " [" : "", unit != NULL ? unit : "", unit != NULL ? "]" : "",
                   description != NULL ? description : "");
        }
    }
  print_pipelines_and_rules (project);

  return TRUE;
}

static int
run_info (int    argc,
          char **argv)
{
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the description as JSON"), NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = make_context ("project info", _("FILE — describe a Sonde project"),
                                                    _("Lists the datasets of a project, their rows and columns, the schema version of the file, and the saved pipelines and rules."),
                                                    (GOptionEntry *) entries);
  g_autoptr(SondeProject) project = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error (NULL, error->message);
  if (argc != 2)
    return usage_error (context, _("project info needs exactly one FILE."));

  file = g_file_new_for_commandline_arg (argv[1]);
  project = sonde_project_open (file, &error);
  if (project == NULL)
    {
      print_error (error->message);
      return SONDE_CLI_EXIT_INPUT;
    }

  if (json ? !print_info_json (project, &error) : !print_info_text (project, argv[1], &error))
    {
      print_error (error->message);
      return SONDE_CLI_EXIT_INPUT;
    }

  return SONDE_CLI_EXIT_OK;
}

static int
run_create (int    argc,
            char **argv)
{
  g_autoptr(GOptionContext) context = make_context ("project create", _("OUT.sonde FILE… — make a project of datasets"),
                                                    _("Reads each FILE as “sonde-cli import” does and saves them all as the datasets of a new project OUT.sonde (replaced if it exists)."),
                                                    NULL);
  g_autoptr(SondeProject) project = sonde_project_new ();
  g_autoptr(GFile) out = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error (NULL, error->message);
  if (argc < 3)
    return usage_error (context, _("project create needs an OUT.sonde file and at least one FILE to read."));

  for (int i = 2; i < argc; i++)
    {
      g_autoptr(SondeImporter) importer = sonde_importer_new ();
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (argv[i]);
      g_autoptr(SondeTable) table = sonde_importer_import_file (importer, file, NULL, &error);
      const char * const *warnings;

      if (table == NULL || !sonde_project_add_dataset (project, table, &error))
        {
          print_error (error->message);
          return SONDE_CLI_EXIT_INPUT;
        }
      warnings = sonde_importer_get_warnings (importer);
      for (guint w = 0; warnings != NULL && warnings[w] != NULL; w++)
        g_printerr ("%s: %s\n", argv[i], warnings[w]);
    }

  out = g_file_new_for_commandline_arg (argv[1]);
  if (!sonde_project_save (project, out, NULL, &error))
    {
      print_error (error->message);
      return SONDE_CLI_EXIT_INPUT;
    }

  return SONDE_CLI_EXIT_OK;
}

/* The result as aligned columns, missing values left blank. */
static void
print_table (SondeTable *table)
{
  guint n_columns = sonde_table_get_n_columns (table);
  guint n_rows = sonde_table_get_n_rows (table);
  g_autofree glong *widths = g_new0 (glong, MAX (n_columns, 1));
  g_autoptr(GString) line = g_string_new (NULL);

  for (guint c = 0; c < n_columns; c++)
    {
      SondeColumn *column = sonde_table_get_column (table, c);

      widths[c] = g_utf8_strlen (sonde_column_get_name (column), -1);
      for (guint r = 0; r < n_rows; r++)
        {
          g_autofree char *value = sonde_column_is_missing (column, r) ? NULL : sonde_column_format_value (column, r);

          if (value != NULL)
            widths[c] = MAX (widths[c], g_utf8_strlen (value, -1));
        }
    }

  for (int r = -1; r < (int) n_rows; r++)
    {
      g_string_truncate (line, 0);
      for (guint c = 0; c < n_columns; c++)
        {
          SondeColumn *column = sonde_table_get_column (table, c);
          g_autofree char *value = NULL;
          gboolean numeric = sonde_column_type_is_numeric (sonde_column_get_column_type (column));
          glong pad;

          if (r < 0)
            value = g_strdup (sonde_column_get_name (column));
          else if (!sonde_column_is_missing (column, r))
            value = sonde_column_format_value (column, r);
          if (value == NULL)
            value = g_strdup ("");
          for (char *p = value; *p != '\0'; p++)
            if (*p == '\n' || *p == '\t' || *p == '\r')
              *p = ' ';

          pad = widths[c] - g_utf8_strlen (value, -1);
          if (c > 0)
            g_string_append (line, "  ");
          if (numeric)
            {
              for (glong k = 0; k < pad; k++)
                g_string_append_c (line, ' ');
              g_string_append (line, value);
            }
          else
            {
              g_string_append (line, value);
              if (c + 1 < n_columns)
                for (glong k = 0; k < pad; k++)
                  g_string_append_c (line, ' ');
            }
        }
      g_print ("%s\n", line->str);
    }

  g_print (g_dngettext (GETTEXT_PACKAGE, "(%u row)\n", "(%u rows)\n", n_rows), n_rows);
}

static gboolean
write_bytes (GBytes  *bytes,
             GError **error)
{
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

int
sonde_cli_run_query (int    argc,
                     char **argv)
{
  g_autofree char *format = NULL;
  const GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format,
      N_("Output: table (the default), csv or json"), N_("FORMAT") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = make_context ("query", _("FILE SQL — run a read-only query on a Sonde project"),
                                                    _("Runs one SELECT statement on the tables of a project (its datasets and its sonde_ catalogue). Queries cannot change the project."),
                                                    (GOptionEntry *) entries);
  g_autoptr(SondeTable) table = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok = TRUE;

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error (NULL, error->message);
  if (argc != 3)
    return usage_error (context, _("query needs a project FILE and one SQL statement."));
  if (format != NULL && strcmp (format, "table") != 0 && strcmp (format, "csv") != 0 && strcmp (format, "json") != 0)
    {
      g_autofree char *message = g_strdup_printf (_("“%s” is not an output format: use table, csv or json."), format);

      return usage_error (NULL, message);
    }

  file = g_file_new_for_commandline_arg (argv[1]);
  table = sonde_project_query (file, argv[2], NULL, &error);
  if (table == NULL)
    {
      print_error (error->message);
      return SONDE_CLI_EXIT_INPUT;
    }

  if (format == NULL || strcmp (format, "table") == 0)
    print_table (table);
  else if (strcmp (format, "csv") == 0)
    {
      g_autoptr(SondeCsvWriter) writer = sonde_csv_writer_new ();
      g_autoptr(GBytes) bytes = sonde_csv_writer_write_bytes (writer, table, NULL, &error);

      ok = write_bytes (bytes, &error);
    }
  else
    {
      g_autoptr(SondeJsonWriter) writer = sonde_json_writer_new ();
      g_autoptr(GBytes) bytes = sonde_json_writer_write_bytes (writer, table, NULL, &error);

      ok = write_bytes (bytes, &error);
    }

  if (!ok)
    {
      print_error (error->message);
      return SONDE_CLI_EXIT_INPUT;
    }

  return SONDE_CLI_EXIT_OK;
}

int
sonde_cli_run_project (int    argc,
                       char **argv)
{
  g_autofree char *message = NULL;

  if (argc >= 2 && strcmp (argv[1], "info") == 0)
    return run_info (argc - 1, argv + 1);
  if (argc >= 2 && strcmp (argv[1], "create") == 0)
    return run_create (argc - 1, argv + 1);

  if (argc >= 2 && (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0))
    {
      g_print ("%s\n\n  %-8s %s\n  %-8s %s\n",
               _("Usage: sonde-cli project info|create …"),
               "info", _("Describe a Sonde project: datasets, rows, columns, schema version"),
               "create", _("Make a project of datasets read from files"));
      return SONDE_CLI_EXIT_OK;
    }

  message = argc >= 2 ? g_strdup_printf (_("“%s” is not a project command: use info or create."), argv[1])
                      : g_strdup (_("project needs a command: info or create."));
  return usage_error (NULL, message);
}
