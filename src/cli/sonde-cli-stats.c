/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sonde-cli"

/* `sonde-cli stats FILE ANALYSIS [OPTION…]`: every analysis of the
 * statistics engine from the command line, for instructors scripting a
 * demo and for end-to-end tests against R.
 *
 *   describe     --vars a,b [--by g] [--drop-missing listwise|pairwise]
 *   ttest        --var x [--mu M]                 one-sample
 *                --var x --by g [--student]       two-sample (Welch by default)
 *                --var x --paired-with y          paired
 *   anova        --var y --by g                   with Tukey's HSD
 *   correlation  --vars a,b,c [--method pearson|spearman|kendall]
 *                [--drop-missing pairwise|listwise]
 *   chisq        --row a --col b
 *   mannwhitney  --var x --by g
 *   wilcoxon     --var x [--mu M] | --var x --paired-with y
 *   kruskal      --var x --by g
 *   shapiro      --var x [--by g]
 *   lm           --response y --predictors a,b [--reference g=level…]
 *   logistic     the same, with a yes/no or two-level response
 *
 * The tests take --alternative and --conf-level as R does. The file is
 * read exactly as `sonde-cli inspect` reads it (sonde_cli_read_table() in
 * sonde-cli.c, with every reader option). Numbers come from columns of
 * whole or decimal numbers or yes/no values; groups from columns of
 * categories, text or yes/no values, their levels in R's order (case
 * ignored first, lower case first on a tie) so that group A of a
 * two-sample test and the pairs of Tukey's HSD match R's. Rows with a
 * missing value are left out of each analysis, and the output says how
 * many rows were used and how many dropped.
 *
 * The analyses themselves, their tables, sentences and warnings live in
 * the engine (sonde-stats-report.c), shared with the Statistics pane:
 * this file only turns the command line into a SondeAnalysis and prints
 * the report as text or JSON, or writes it with --html OUT as the
 * accessible HTML document the pane exports.
 *
 * The output is aligned tables and one plain sentence by default, JSON
 * with --json (stable English keys, NaN and infinities as null). Exit
 * status: 0 success, 1 the file cannot be read, the data do not fit
 * the analysis (unknown column, text where numbers are needed, a single
 * group…) or the HTML file cannot be written, 2 the command line is
 * wrong. Datasets are at most a few
 * million rows; each analysis copies the columns it uses once.
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "sonde-cli-stats.h"

typedef struct
{
  /* As given on the command line. */
  char     *var;
  char     *vars;
  char     *by;
  char     *paired_with;
  char     *row;
  char     *col;
  char     *response;
  char     *predictors;
  char    **reference;
  char     *method;
  char     *drop_missing;
  char     *alternative;
  double    mu;
  double    conf_level;
  gboolean  welch;
  gboolean  student;
  gboolean  json;
  char     *html;

  /* Checked and parsed before the file is read. */
  SondeAnalysisKind        analysis;
  SondeAlternative         alt;
  SondeCorrelationMethod   cor_method;
  SondeCorrelationMissing  missing;
  char                   **var_list;
  char                   **predictor_list;
  char                   **reference_levels; /* one per predictor, NULL holes */
} StatsOptions;

static void
stats_options_clear (StatsOptions *o)
{
  g_free (o->var);
  g_free (o->vars);
  g_free (o->by);
  g_free (o->paired_with);
  g_free (o->row);
  g_free (o->col);
  g_free (o->response);
  g_free (o->predictors);
  g_strfreev (o->reference);
  g_free (o->method);
  g_free (o->drop_missing);
  g_free (o->alternative);
  g_free (o->html);
  g_strfreev (o->var_list);
  if (o->reference_levels != NULL)
    for (guint i = 0; o->predictor_list != NULL && o->predictor_list[i] != NULL; i++)
      g_free (o->reference_levels[i]);
  g_free (o->reference_levels);
  g_strfreev (o->predictor_list);
}

/* ------------------------------------------------------------------ */
/* The command                                                         */

static char **
split_list (const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);
  GPtrArray *kept = g_ptr_array_new ();

  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *name = g_strstrip (parts[i]);

      if (*name != '\0')
        g_ptr_array_add (kept, g_strdup (name));
    }
  g_ptr_array_add (kept, NULL);
  return (char **) g_ptr_array_free (kept, FALSE);
}

/* Checks the command line before the file is read: the analysis, the
 * options it needs, and the values of the options that have choices. */
static gboolean
check_arguments (int        argc,
                 char     **argv,
                 gpointer   user_data,
                 char     **message)
{
  StatsOptions *o = user_data;
  const char *name;
  gboolean needs_var = FALSE, needs_by = FALSE, needs_vars = FALSE, needs_model = FALSE;

  if (argc != 3)
    {
      *message = g_strdup (_("stats needs a FILE and an ANALYSIS: describe, ttest, anova, correlation, chisq, mannwhitney, wilcoxon, kruskal, shapiro, lm or logistic."));
      return FALSE;
    }

  name = argv[2];
  if (!sonde_analysis_kind_from_string (name, &o->analysis))
    {
      *message = g_strdup_printf (_("“%s” is not an analysis: use describe, ttest, anova, correlation, chisq, mannwhitney, wilcoxon, kruskal, shapiro, lm or logistic."), name);
      return FALSE;
    }

  if (o->alternative == NULL || strcmp (o->alternative, "two-sided") == 0 || strcmp (o->alternative, "two.sided") == 0)
    o->alt = SONDE_ALTERNATIVE_TWO_SIDED;
  else if (strcmp (o->alternative, "less") == 0)
    o->alt = SONDE_ALTERNATIVE_LESS;
  else if (strcmp (o->alternative, "greater") == 0)
    o->alt = SONDE_ALTERNATIVE_GREATER;
  else
    {
      *message = g_strdup_printf (_("“%s” is not a choice for --alternative: use two-sided, less or greater."), o->alternative);
      return FALSE;
    }

  if (o->method == NULL || strcmp (o->method, "pearson") == 0)
    o->cor_method = SONDE_CORRELATION_PEARSON;
  else if (strcmp (o->method, "spearman") == 0)
    o->cor_method = SONDE_CORRELATION_SPEARMAN;
  else if (strcmp (o->method, "kendall") == 0)
    o->cor_method = SONDE_CORRELATION_KENDALL;
  else
    {
      *message = g_strdup_printf (_("“%s” is not a choice for --method: use pearson, spearman or kendall."), o->method);
      return FALSE;
    }

  /* Pairwise by default for describe and correlation, as the engine. */
  if (o->drop_missing == NULL || strcmp (o->drop_missing, "pairwise") == 0)
    o->missing = SONDE_CORRELATION_PAIRWISE;
  else if (strcmp (o->drop_missing, "listwise") == 0)
    o->missing = SONDE_CORRELATION_LISTWISE;
  else
    {
      *message = g_strdup_printf (_("“%s” is not a choice for --drop-missing: use listwise or pairwise."), o->drop_missing);
      return FALSE;
    }

  if (!(o->conf_level > 0.0 && o->conf_level < 1.0))
    {
      *message = g_strdup_printf (_("The confidence level %g is not between 0 and 1: use for example 0.95 for a 95 %% interval."), o->conf_level);
      return FALSE;
    }

  switch (o->analysis)
    {
    case SONDE_ANALYSIS_DESCRIBE:
      if (o->vars == NULL && o->var != NULL)
        o->vars = g_strdup (o->var);
      needs_vars = TRUE;
      break;
    case SONDE_ANALYSIS_CORRELATION:
      needs_vars = TRUE;
      break;
    case SONDE_ANALYSIS_TTEST:
    case SONDE_ANALYSIS_WILCOXON:
    case SONDE_ANALYSIS_SHAPIRO:
      needs_var = TRUE;
      break;
    case SONDE_ANALYSIS_ANOVA:
    case SONDE_ANALYSIS_MANN_WHITNEY:
    case SONDE_ANALYSIS_KRUSKAL:
      needs_var = needs_by = TRUE;
      break;
    case SONDE_ANALYSIS_LM:
    case SONDE_ANALYSIS_LOGISTIC:
      needs_model = TRUE;
      break;
    case SONDE_ANALYSIS_CHISQ:
    default:
      break;
    }

  if (needs_var && o->var == NULL)
    *message = g_strdup_printf (_("%s needs the column to analyse: give --var COLUMN."), name);
  else if (needs_by && o->by == NULL)
    *message = g_strdup_printf (_("%s needs the column of groups: give --by COLUMN."), name);
  else if (needs_vars && o->vars == NULL)
    *message = g_strdup_printf (_("%s needs columns: give --vars A,B,…"), name);
  else if (o->analysis == SONDE_ANALYSIS_CHISQ && (o->row == NULL || o->col == NULL))
    *message = g_strdup (_("chisq needs two columns: give --row COLUMN and --col COLUMN."));
  else if (needs_model && (o->response == NULL || o->predictors == NULL))
    *message = g_strdup_printf (_("%s needs a model: give --response COLUMN and --predictors A,B,…"), name);
  else if (o->by != NULL && o->paired_with != NULL)
    *message = g_strdup (_("Give --by or --paired-with, not both."));
  else if (o->welch && o->student)
    *message = g_strdup (_("Give --welch or --student, not both."));
  else if ((o->welch || o->student) && (o->analysis != SONDE_ANALYSIS_TTEST || o->by == NULL))
    *message = g_strdup (_("--welch and --student apply to a two-sample t-test (ttest with --by)."));
  else if (o->paired_with != NULL && o->analysis != SONDE_ANALYSIS_TTEST && o->analysis != SONDE_ANALYSIS_WILCOXON)
    *message = g_strdup (_("--paired-with applies to ttest and wilcoxon."));
  else if (o->by != NULL && o->analysis == SONDE_ANALYSIS_WILCOXON)
    *message = g_strdup (_("wilcoxon compares paired values: use mannwhitney to compare two groups."));
  else if (o->drop_missing != NULL && o->analysis != SONDE_ANALYSIS_DESCRIBE && o->analysis != SONDE_ANALYSIS_CORRELATION)
    *message = g_strdup (_("--drop-missing applies to describe and correlation; the other analyses use every row that has the values they need."));
  else if (o->method != NULL && o->analysis != SONDE_ANALYSIS_CORRELATION)
    *message = g_strdup (_("--method applies to correlation."));
  else if (o->json && o->html != NULL)
    *message = g_strdup (_("Choose --json or --html, not both."));
  if (*message != NULL)
    return FALSE;

  if (o->vars != NULL)
    {
      o->var_list = split_list (o->vars);
      if (o->analysis == SONDE_ANALYSIS_CORRELATION && g_strv_length (o->var_list) < 2)
        {
          *message = g_strdup (_("correlation needs at least 2 columns: give --vars A,B,…"));
          return FALSE;
        }
      if (o->var_list[0] == NULL)
        {
          *message = g_strdup_printf (_("%s needs columns: give --vars A,B,…"), name);
          return FALSE;
        }
    }

  if (needs_model)
    {
      guint n;

      o->predictor_list = split_list (o->predictors);
      n = g_strv_length (o->predictor_list);
      o->reference_levels = g_new0 (char *, n + 1);
      for (guint i = 0; o->reference != NULL && o->reference[i] != NULL; i++)
        {
          const char *eq = strchr (o->reference[i], '=');
          g_autofree char *column = eq != NULL ? g_strndup (o->reference[i], eq - o->reference[i]) : NULL;
          gboolean matched = FALSE;

          for (guint j = 0; column != NULL && j < n; j++)
            if (strcmp (o->predictor_list[j], column) == 0)
              {
                g_free (o->reference_levels[j]);
                o->reference_levels[j] = g_strdup (eq + 1);
                matched = TRUE;
              }
          if (!matched)
            {
              *message = g_strdup_printf (_("“%s” is not PREDICTOR=LEVEL with PREDICTOR one of the columns given to --predictors."), o->reference[i]);
              return FALSE;
            }
        }
    }
  else if (o->reference != NULL)
    {
      *message = g_strdup (_("--reference applies to lm and logistic."));
      return FALSE;
    }

  return TRUE;
}

/* Sets a role to @names if the analysis takes it: options an analysis
 * does not use (--by with correlation) have always been ignored. */
static void
set_role (SondeAnalysis      *analysis,
          SondeAnalysisRole   role,
          const char * const *names)
{
  if (sonde_analysis_kind_get_slot (sonde_analysis_get_kind (analysis), role)->used)
    sonde_analysis_set_columns (analysis, role, names);
}

static void
set_role_one (SondeAnalysis     *analysis,
              SondeAnalysisRole  role,
              const char        *name)
{
  const char *names[] = { name, NULL };

  if (name != NULL)
    set_role (analysis, role, names);
}

/* The request the checked options make; @path names the file in
 * messages and in the JSON. */
static SondeAnalysis *
stats_options_to_analysis (StatsOptions *o,
                           const char   *path)
{
  SondeAnalysis *analysis = sonde_analysis_new (o->analysis);

  sonde_analysis_set_file_name (analysis, path);
  if (o->analysis == SONDE_ANALYSIS_DESCRIBE || o->analysis == SONDE_ANALYSIS_CORRELATION)
    set_role (analysis, SONDE_ANALYSIS_ROLE_VARIABLE, (const char * const *) o->var_list);
  else
    set_role_one (analysis, SONDE_ANALYSIS_ROLE_VARIABLE, o->var);
  set_role_one (analysis, SONDE_ANALYSIS_ROLE_GROUP, o->by);
  set_role_one (analysis, SONDE_ANALYSIS_ROLE_PAIRED, o->paired_with);
  set_role_one (analysis, SONDE_ANALYSIS_ROLE_ROW, o->row);
  set_role_one (analysis, SONDE_ANALYSIS_ROLE_COLUMN, o->col);
  set_role_one (analysis, SONDE_ANALYSIS_ROLE_RESPONSE, o->response);
  if (o->predictor_list != NULL)
    {
      set_role (analysis, SONDE_ANALYSIS_ROLE_PREDICTOR, (const char * const *) o->predictor_list);
      for (guint i = 0; o->predictor_list[i] != NULL; i++)
        if (o->reference_levels[i] != NULL)
          sonde_analysis_set_reference (analysis, o->predictor_list[i], o->reference_levels[i]);
    }
  sonde_analysis_set_mu (analysis, o->mu);
  sonde_analysis_set_equal_variances (analysis, o->student);
  sonde_analysis_set_alternative (analysis, o->alt);
  sonde_analysis_set_conf_level (analysis, o->conf_level);
  sonde_analysis_set_method (analysis, o->cor_method);
  sonde_analysis_set_missing (analysis, o->missing);
  return analysis;
}

int
sonde_cli_run_stats (int    argc,
                     char **argv)
{
  StatsOptions o = { 0 };
  const GOptionEntry entries[] = {
    { "var", 0, 0, G_OPTION_ARG_STRING, &o.var, N_("The column to analyse"), N_("COLUMN") },
    { "vars", 0, 0, G_OPTION_ARG_STRING, &o.vars, N_("The columns to describe or correlate, separated by commas"), N_("A,B,…") },
    { "by", 0, 0, G_OPTION_ARG_STRING, &o.by, N_("The column whose values split the rows into groups"), N_("COLUMN") },
    { "paired-with", 0, 0, G_OPTION_ARG_STRING, &o.paired_with, N_("The column paired with --var, row by row (ttest, wilcoxon)"), N_("COLUMN") },
    { "mu", 0, 0, G_OPTION_ARG_DOUBLE, &o.mu, N_("The value under the null hypothesis (0 by default)"), N_("NUMBER") },
    { "welch", 0, 0, G_OPTION_ARG_NONE, &o.welch, N_("Welch's two-sample t-test, without assuming equal variances (the default)"), NULL },
    { "student", 0, 0, G_OPTION_ARG_NONE, &o.student, N_("Student's two-sample t-test, assuming equal variances"), NULL },
    { "alternative", 0, 0, G_OPTION_ARG_STRING, &o.alternative, N_("The alternative hypothesis: two-sided (the default), less or greater"), N_("two-sided|less|greater") },
    { "conf-level", 0, 0, G_OPTION_ARG_DOUBLE, &o.conf_level, N_("The confidence level of intervals, and 1 − the significance level of the sentence (0.95 by default)"), N_("LEVEL") },
    { "method", 0, 0, G_OPTION_ARG_STRING, &o.method, N_("The coefficient of correlation: pearson (the default), spearman or kendall"), N_("pearson|spearman|kendall") },
    { "drop-missing", 0, 0, G_OPTION_ARG_STRING, &o.drop_missing, N_("Rows with a missing value (describe, correlation): pairwise leaves out a row only where its value is missing (the default), listwise leaves it out everywhere"), N_("listwise|pairwise") },
    { "row", 0, 0, G_OPTION_ARG_STRING, &o.row, N_("The column whose values make the rows of the contingency table (chisq)"), N_("COLUMN") },
    { "col", 0, 0, G_OPTION_ARG_STRING, &o.col, N_("The column whose values make its columns (chisq)"), N_("COLUMN") },
    { "response", 0, 0, G_OPTION_ARG_STRING, &o.response, N_("The column the model explains (lm, logistic)"), N_("COLUMN") },
    { "predictors", 0, 0, G_OPTION_ARG_STRING, &o.predictors, N_("The columns that explain it, separated by commas (lm, logistic)"), N_("A,B,…") },
    { "reference", 0, 0, G_OPTION_ARG_STRING_ARRAY, &o.reference, N_("The reference level of a predictor of categories (the first in sorted order by default); repeat for several"), N_("PREDICTOR=LEVEL") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &o.json, N_("Print JSON for scripts"), NULL },
    { "html", 0, 0, G_OPTION_ARG_FILENAME, &o.html, N_("Write the result to OUT as an accessible HTML document instead of printing it"), N_("OUT") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(SondeTable) table = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SondeAnalysis) analysis = NULL;
  g_autoptr(SondeStatsReport) report = NULL;
  int status;

  o.conf_level = 0.95;
  status = sonde_cli_read_table (&argc, &argv, "stats",
                                 _("FILE ANALYSIS — run a statistical test or model on a dataset"),
                                 _("ANALYSIS is one of describe, ttest, anova, correlation, chisq, mannwhitney, wilcoxon, kruskal, shapiro, lm and logistic. "
                                   "The output is a table and a plain sentence, JSON with --json, or an HTML document with --html. Rows with a missing value in a column "
                                   "an analysis needs are left out, and the output says how many."),
                                 (GOptionEntry *) entries, check_arguments, &o, &o.json, &table);
  if (status != SONDE_CLI_EXIT_OK)
    {
      stats_options_clear (&o);
      return status;
    }

  analysis = stats_options_to_analysis (&o, argv[1]);
  report = sonde_analysis_run (analysis, table, NULL, &error);
  if (report == NULL)
    {
      /* Translators: the prefix of error messages of the command-line tool */
      g_printerr (_("sonde-cli: %s\n"), error->message);
      status = SONDE_CLI_EXIT_INPUT;
    }
  else if (o.html != NULL)
    {
      g_autofree char *html = sonde_stats_report_to_html_document (report, NULL);

      if (!g_file_set_contents (o.html, html, -1, &error))
        {
          g_autofree char *display = g_filename_display_name (o.html);

          /* Translators: the file, then why it could not be written */
          g_printerr (_("sonde-cli: could not write the HTML report to %s. %s\n"), display, error->message);
          status = SONDE_CLI_EXIT_INPUT;
        }
    }
  else if (o.json)
    {
      g_autofree char *text = sonde_stats_report_to_json (report);

      g_print ("%s\n", text);
    }
  else
    {
      g_autofree char *text = sonde_stats_report_to_text (report);

      g_print ("%s", text);
    }

  stats_options_clear (&o);
  return status;
}
