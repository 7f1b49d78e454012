/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sonde-cli"

/* `sonde-cli pca FILE [--columns a,b,c] [--components K | --variance F]
 * [--scale] [--json]`: a principal component analysis of numeric
 * columns (every integer and real column by default), by SondePca
 * (src/engine/sonde-pca.c), the same as the pipeline step "pca". It
 * prints the explained variance of every component (variance, ratio,
 * cumulative ratio) and the loadings of the components kept: K of them,
 * or the fewest whose cumulative ratio exceeds F, or all. --scale
 * divides each column by its standard deviation first, as one should
 * when the columns have different units. Rows with a missing value in a
 * chosen column are left out. --json prints the learned state (what the
 * pipeline step stores) with the cumulative ratio, for scripts.
 * Exit status: 0 success, 1 the file cannot be read or analysed, 2 the
 * command line is wrong.
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "sonde-cli-pca.h"
#include "sonde-cli-stats.h"

typedef struct
{
  char     *columns;
  int       components;
  double    variance;
  gboolean  scale;
  gboolean  json;
  gboolean  quiet;
} PcaOptions;

static gboolean
check_arguments (int        argc,
                 char     **argv,
                 gpointer   user_data,
                 char     **message)
{
  PcaOptions *o = user_data;

  if (argc != 2)
    {
      *message = g_strdup (_("pca needs one FILE."));
      return FALSE;
    }
  if (o->components < 0)
    {
      *message = g_strdup_printf (_("--components takes a number of components, 1 or more, not %d."), o->components);
      return FALSE;
    }
  if (o->variance != 0 && !(o->variance > 0 && o->variance < 1))
    {
      *message = g_strdup_printf (_("--variance takes a fraction between 0 and 1, such as 0.95, not %g."), o->variance);
      return FALSE;
    }
  if (o->components > 0 && o->variance > 0)
    {
      *message = g_strdup (_("Choose --components or --variance, not both."));
      return FALSE;
    }
  o->quiet = o->json;
  return TRUE;
}

int
sonde_cli_run_pca (int    argc,
                   char **argv)
{
  PcaOptions o = { 0 };
  const GOptionEntry entries[] = {
    { "columns", 0, 0, G_OPTION_ARG_STRING, &o.columns, N_("The numeric columns to analyse, separated by commas (all of them by default)"), N_("A,B,C") },
    { "components", 'k', 0, G_OPTION_ARG_INT, &o.components, N_("How many components to keep"), N_("K") },
    { "variance", 0, 0, G_OPTION_ARG_DOUBLE, &o.variance, N_("Keep the fewest components whose share of the variance exceeds this fraction"), N_("0.95") },
    { "scale", 0, 0, G_OPTION_ARG_NONE, &o.scale, N_("Divide each column by its standard deviation first (for columns of different units)"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &o.json, N_("Print JSON for scripts"), NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(SondeTable) table = NULL;
  g_autoptr(SondePca) pca = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) columns = NULL;
  int status;

  status = sonde_cli_read_table (&argc, &argv, "pca",
                                 _("FILE — principal component analysis of numeric columns"),
                                 _("Prints the variance each component explains (its share and the cumulative share) and the "
                                   "loadings of the components kept: --components of them, or the fewest that explain more "
                                   "than --variance of the variance, or all. Rows with a missing value are left out."),
                                 (GOptionEntry *) entries, check_arguments, &o, &o.quiet, &table);
  if (status != SONDE_CLI_EXIT_OK)
    {
      g_free (o.columns);
      return status;
    }

  if (o.columns != NULL)
    {
      columns = g_strsplit (o.columns, ",", -1);
      for (guint i = 0; columns[i] != NULL; i++)
        g_strstrip (columns[i]);
    }
  pca = sonde_pca_fit_table (table, (const char * const *) columns, o.scale, o.components, o.variance, &error);
  if (pca == NULL)
    {
      /* Translators: the prefix of error messages of the command-line tool */
      g_printerr (_("sonde-cli: %s\n"), error->message);
      status = SONDE_CLI_EXIT_INPUT;
    }
  else
    {
      g_autofree char *text = o.json ? sonde_pca_to_json_text (pca) : sonde_pca_to_text (pca);

      g_print (o.json ? "%s\n" : "%s", text);
    }
  g_free (o.columns);
  return status;
}
