/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sonde-cli"

/* `sonde-cli profile FILE [--json | --csv | --html OUT] [--key COLUMN…] [--rule EXPR…] [--time]`:
 * what a dataset holds, column by column (count, missing, distinct,
 * quartiles, most frequent values, histogram, outliers, personal data),
 * and what looks wrong with it (duplicate rows, duplicate keys,
 * contradictions), with a quality score and its formula. The work is
 * SondeProfile's (src/engine/sonde-profile.c), shared with the Quality
 * pane; this file turns the command line into SondeProfileOptions and
 * prints the profile as text for people, JSON for scripts (stable
 * English keys) or the findings as CSV, or writes it with --html as the
 * accessible HTML document the Quality pane exports
 * (sonde_profile_to_html (), checked with axe-core by tests/html).
 *
 * --key names the column(s) that identify a row; repeat it, or separate
 * names with commas. Without it the profile guesses a key (a column
 * named id or *_id, else one whose values are all different) and says
 * so. --rule gives a condition every row must meet, in the expression
 * language of src/engine/sonde-expr.h (`--rule 'age between 0 and 120'`);
 * repeat it for several; each broken rule is a finding. --time prints on standard error how long the profile took after
 * the file was read, for bench/profile.sh. Exit status: 0 success, 1 the
 * file cannot be read, a key column does not exist, a rule cannot be
 * read or the HTML file cannot be written, 2 the command line is wrong.
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "sonde-cli-profile.h"
#include "sonde-cli-stats.h"

typedef struct
{
  char     **keys;
  char     **rules;
  char      *html;
  gboolean   json;
  gboolean   csv;
  gboolean   time;
  gboolean   quiet;
  int        threads;
} ProfileOptions;

static gboolean
check_arguments (int        argc,
                 char     **argv,
                 gpointer   user_data,
                 char     **message)
{
  ProfileOptions *o = user_data;

  if (argc != 2)
    {
      *message = g_strdup (_("profile needs one FILE."));
      return FALSE;
    }
  if ((o->json ? 1 : 0) + (o->csv ? 1 : 0) + (o->html != NULL ? 1 : 0) > 1)
    {
      *message = g_strdup (_("Choose one of --json, --csv and --html."));
      return FALSE;
    }
  if (o->threads < 0)
    {
      *message = g_strdup_printf (_("--threads takes a number of threads, 0 or more, not %d."), o->threads);
      return FALSE;
    }
  /* The reader's warnings are for people, as with sonde-cli stats --json. */
  o->quiet = o->json || o->csv;
  return TRUE;
}

/* "a,b" "c" -> a, b, c; NULL when none. */
static char **
split_keys (char **keys)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  gboolean any = FALSE;

  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (keys[i], ",", -1);

      for (guint j = 0; parts[j] != NULL; j++)
        {
          char *name = g_strstrip (parts[j]);

          if (*name != '\0')
            {
              g_strv_builder_add (builder, name);
              any = TRUE;
            }
        }
    }
  return any ? g_strv_builder_end (builder) : NULL;
}

int
sonde_cli_run_profile (int    argc,
                       char **argv)
{
  ProfileOptions o = { 0 };
  const GOptionEntry entries[] = {
    { "key", 0, 0, G_OPTION_ARG_STRING_ARRAY, &o.keys, N_("A column that identifies a row, for duplicate keys and contradictions; repeat it or separate names with commas (guessed when not given)"), N_("COLUMN") },
    { "rule", 0, 0, G_OPTION_ARG_STRING_ARRAY, &o.rules, N_("A condition every row must meet, such as “age between 0 and 120”; repeat it for several rules"), N_("EXPRESSION") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &o.json, N_("Print JSON for scripts"), NULL },
    { "csv", 0, 0, G_OPTION_ARG_NONE, &o.csv, N_("Print the findings as CSV"), NULL },
    { "html", 0, 0, G_OPTION_ARG_FILENAME, &o.html, N_("Write the report to OUT as an accessible HTML document instead of printing it"), N_("OUT") },
    { "threads", 0, 0, G_OPTION_ARG_INT, &o.threads, N_("How many threads to use (one per processor by default)"), N_("N") },
    { "time", 0, 0, G_OPTION_ARG_NONE, &o.time, N_("Print on standard error how long the profile took, after reading"), NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(SondeTable) table = NULL;
  g_autoptr(SondeProfile) profile = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) keys = NULL;
  SondeProfileOptions options = { 0 };
  gint64 start;
  int status;

  status = sonde_cli_read_table (&argc, &argv, "profile",
                                 _("FILE — profile a dataset: figures per column, duplicates, personal data, a quality score"),
                                 _("Per column: type, count, missing, distinct values, minimum, maximum, mean, standard deviation, "
                                   "quartiles, most frequent values, histogram, outliers and personal data. For the dataset: "
                                   "duplicate rows, duplicate keys, contradictions, the rows that break the rules given with --rule, "
                                   "and a quality score with its formula. "
                                   "Text by default, JSON with --json, the findings as CSV with --csv, "
                                   "an HTML document with --html."),
                                 (GOptionEntry *) entries, check_arguments, &o, &o.quiet, &table);
  if (status != SONDE_CLI_EXIT_OK)
    {
      g_strfreev (o.keys);
      g_strfreev (o.rules);
      g_free (o.html);
      return status;
    }

  keys = split_keys (o.keys);
  options.key_columns = (const char * const *) keys;
  options.n_threads = o.threads;
  options.rules = (const char * const *) o.rules;
  start = g_get_monotonic_time ();
  profile = sonde_profile_compute (table, &options, NULL, &error);
  if (o.time)
    /* Translators: printed by sonde-cli profile --time */
    g_printerr (_("Profile time: %.3f s\n"), (g_get_monotonic_time () - start) / 1e6);
  if (profile == NULL)
    {
      /* Translators: the prefix of error messages of the command-line tool */
      g_printerr (_("sonde-cli: %s\n"), error->message);
      status = SONDE_CLI_EXIT_INPUT;
    }
  else if (o.html != NULL)
    {
      g_autofree char *html = sonde_profile_to_html (profile, NULL);

      if (!g_file_set_contents (o.html, html, -1, &error))
        {
          g_autofree char *display = g_filename_display_name (o.html);

          /* Translators: the file, then why it could not be written */
          g_printerr (_("sonde-cli: could not write the HTML report to %s. %s\n"), display, error->message);
          status = SONDE_CLI_EXIT_INPUT;
        }
    }
  else
    {
      g_autofree char *text = NULL;

      if (o.json)
        text = sonde_profile_to_json (profile);
      else if (o.csv)
        text = sonde_profile_findings_to_csv (profile);
      else
        text = sonde_profile_to_text (profile);
      g_print (o.json ? "%s\n" : "%s", text);
    }

  g_strfreev (o.keys);
  g_strfreev (o.rules);
  g_free (o.html);
  return status;
}
