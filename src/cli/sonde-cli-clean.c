/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sonde-cli"

/* `sonde-cli clean FILE --pipeline P.json [--out OUT] [--fit]
 * [--save-fitted P2.json] [--with NAME=FILE…]`: runs a clean pipeline
 * (SondePipeline, src/engine/sonde-pipeline.c) on a dataset and writes
 * the cleaned table.
 *
 * Without --fit the pipeline replays what its steps learned when they
 * were fitted (the training mean, the categories of an encoding), so new
 * data is transformed exactly as the training data was; a step that has
 * not learned yet is an error. With --fit the steps learn anew on FILE;
 * --save-fitted then writes the pipeline with what they learned, to be
 * replayed on other data later.
 *
 * OUT's extension picks the format (csv, json, ndjson, arff, sqlite);
 * without --out the table goes to the standard output as CSV. A line per
 * step says what it did (rows and cells changed, rows removed, columns
 * added), on the standard output, or on standard error when the table
 * goes to the standard output. The datasets of joins and appends are
 * given with --with NAME=FILE, read with the reader's defaults. Exit
 * status: 0 success, 1 a file cannot be read or written or a step fails,
 * 2 the command line is wrong.
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "sonde-cli-clean.h"
#include "sonde-cli-stats.h"

typedef struct
{
  char      *pipeline;
  char      *out;
  char      *save_fitted;
  char     **with;
  gboolean   fit;
  gboolean   quiet;
} CleanOptions;

static gboolean
check_arguments (int        argc,
                 char     **argv,
                 gpointer   user_data,
                 char     **message)
{
  CleanOptions *o = user_data;

  if (argc != 2)
    {
      *message = g_strdup (_("clean needs one FILE."));
      return FALSE;
    }
  if (o->pipeline == NULL)
    {
      *message = g_strdup (_("clean needs a pipeline: give its file with --pipeline."));
      return FALSE;
    }
  if (o->save_fitted != NULL && !o->fit)
    {
      *message = g_strdup (_("--save-fitted writes what the steps learned with --fit: add --fit."));
      return FALSE;
    }
  for (guint i = 0; o->with != NULL && o->with[i] != NULL; i++)
    {
      const char *equal = strchr (o->with[i], '=');

      if (equal == NULL || equal == o->with[i] || equal[1] == '\0')
        {
          *message = g_strdup_printf (_("--with takes NAME=FILE, not “%s”."), o->with[i]);
          return FALSE;
        }
    }
  if (o->out != NULL)
    {
      SondeFormat format = sonde_format_from_extension (o->out);

      if (format == SONDE_FORMAT_UNKNOWN || format == SONDE_FORMAT_XLSX)
        {
          *message = g_strdup_printf (_("“%s” does not end with a format Sonde writes: use .csv, .json, .ndjson, .arff or .sqlite."),
                                      o->out);
          return FALSE;
        }
    }
  /* With the table on the standard output, only it goes there. */
  o->quiet = FALSE;
  return TRUE;
}

/* The datasets of --with, read when a step asks for them. */
static SondeTable *
lookup_dataset (const char  *name,
                gpointer     user_data,
                GError     **error)
{
  CleanOptions *o = user_data;

  for (guint i = 0; o->with != NULL && o->with[i] != NULL; i++)
    {
      const char *equal = strchr (o->with[i], '=');

      if (strlen (name) == (gsize) (equal - o->with[i]) && strncmp (o->with[i], name, equal - o->with[i]) == 0)
        {
          g_autoptr(SondeImporter) importer = sonde_importer_new ();
          g_autoptr(GFile) file = g_file_new_for_commandline_arg (equal + 1);
          SondeTable *table = sonde_importer_import_file (importer, file, NULL, error);

          if (table != NULL)
            sonde_table_set_name (table, name);
          return table;
        }
    }
  g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
               /* Translators: a dataset name, twice */
               _("no file was given for the dataset “%s”: add --with %s=FILE."), name, name);
  return NULL;
}

static gboolean
write_table (SondeTable   *table,
             const char   *path,
             GError      **error)
{
  g_autoptr(GFile) out = path != NULL ? g_file_new_for_commandline_arg (path) : NULL;
  SondeFormat format = path != NULL ? sonde_format_from_extension (path) : SONDE_FORMAT_CSV;
  g_autoptr(GBytes) bytes = NULL;

  switch (format)
    {
    case SONDE_FORMAT_CSV:
      {
        g_autoptr(SondeCsvWriter) writer = sonde_csv_writer_new ();

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
        return sonde_json_writer_write_file (writer, table, out, NULL, error);
      }
    case SONDE_FORMAT_ARFF:
      {
        g_autoptr(SondeArffWriter) writer = sonde_arff_writer_new ();

        return sonde_arff_writer_write_file (writer, table, out, NULL, error);
      }
    case SONDE_FORMAT_SQLITE:
      {
        g_autoptr(SondeSqliteWriter) writer = sonde_sqlite_writer_new ();

        sonde_sqlite_writer_set_replace (writer, TRUE);
        return sonde_sqlite_writer_write_file (writer, table, out, NULL, error);
      }
    default:
      g_assert_not_reached ();
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

static void
print_summary (SondePipeline *pipeline,
               GArray        *effects,
               FILE          *stream)
{
  for (guint i = 0; i < effects->len; i++)
    {
      SondeStep *step = sonde_pipeline_get_step (pipeline, i);
      g_autofree char *what = NULL;

      if (!sonde_step_get_enabled (step))
        what = g_strdup (_("disabled, skipped"));
      else
        what = sonde_step_effect_describe (&g_array_index (effects, SondeStepEffect, i));
      /* Translators: a step number, its kind, what it did */
      fprintf (stream, _("Step %u (%s): %s\n"), i + 1, sonde_step_get_kind (step), what);
    }
}

int
sonde_cli_run_clean (int    argc,
                     char **argv)
{
  CleanOptions o = { 0 };
  const GOptionEntry entries[] = {
    { "pipeline", 'p', 0, G_OPTION_ARG_FILENAME, &o.pipeline, N_("The clean pipeline to run (JSON)"), N_("PIPELINE") },
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &o.out,
      N_("Write the cleaned table to this file, in the format its extension names (CSV on the standard output if not given)"), N_("OUT") },
    { "fit", 0, 0, G_OPTION_ARG_NONE, &o.fit, N_("Let every step learn anew from FILE instead of replaying what it learned"), NULL },
    { "save-fitted", 0, 0, G_OPTION_ARG_FILENAME, &o.save_fitted,
      N_("With --fit, write the pipeline with what its steps learned to this file"), N_("PIPELINE") },
    { "with", 0, 0, G_OPTION_ARG_STRING_ARRAY, &o.with,
      N_("A dataset that a join or an append names, read from FILE; repeat it for each"), N_("NAME=FILE") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(SondeTable) table = NULL;
  g_autoptr(SondeTable) cleaned = NULL;
  g_autoptr(SondePipeline) pipeline = NULL;
  g_autoptr(GArray) effects = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  status = sonde_cli_read_table (&argc, &argv, "clean",
                                 _("FILE — run a clean pipeline on a dataset and write the cleaned table"),
                                 _("Runs the steps of PIPELINE (impute, drop, deduplicate, change type, encode, scale, bin, "
                                   "join…) on FILE. Without --fit the steps replay what they learned when fitted, so new "
                                   "data is cleaned as the training data was; with --fit they learn from FILE, and "
                                   "--save-fitted keeps what they learned. Prints what each step did."),
                                 (GOptionEntry *) entries, check_arguments, &o, &o.quiet, &table);
  if (status != SONDE_CLI_EXIT_OK)
    goto out;

  {
    g_autoptr(GFile) file = g_file_new_for_commandline_arg (o.pipeline);

    pipeline = sonde_pipeline_new_from_file (file, &error);
  }
  if (pipeline == NULL)
    {
      g_printerr (_("sonde-cli: %s\n"), error->message);
      status = SONDE_CLI_EXIT_INPUT;
      goto out;
    }
  sonde_pipeline_set_lookup (pipeline, lookup_dataset, &o, NULL);

  if (o.fit)
    cleaned = sonde_pipeline_fit_apply (pipeline, table, &effects, &error);
  else
    cleaned = sonde_pipeline_apply (pipeline, table, &effects, &error);
  if (cleaned == NULL)
    {
      g_printerr (_("sonde-cli: %s\n"), error->message);
      status = SONDE_CLI_EXIT_INPUT;
      goto out;
    }

  if (!write_table (cleaned, o.out, &error))
    {
      g_printerr (_("sonde-cli: %s\n"), error->message);
      status = SONDE_CLI_EXIT_INPUT;
      goto out;
    }
  if (o.save_fitted != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (o.save_fitted);

      if (!sonde_pipeline_save_file (pipeline, file, &error))
        {
          g_printerr (_("sonde-cli: %s\n"), error->message);
          status = SONDE_CLI_EXIT_INPUT;
          goto out;
        }
    }
  print_summary (pipeline, effects, o.out != NULL ? stdout : stderr);

out:
  g_free (o.pipeline);
  g_free (o.out);
  g_free (o.save_fitted);
  g_strfreev (o.with);
  return status;
}
