/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-stats-report"

/* Tests of SondeAnalysis and SondeStatsReport: the slots of each
 * analysis, the messages of requests that do not fit the data, a t-test
 * report cell by cell, French number formatting, every assumption
 * warning, the HTML and CSV outputs and the asynchronous run. The tables
 * are small and built in code; every figure and every Shapiro-Wilk
 * verdict was checked with R 4.2, the command next to it. The analyses
 * themselves are checked against R on a real dataset by test-cli-stats.
 */

#include "config.h"

#include <locale.h>
#include <math.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "sonde-engine.h"

/* Adds a column of decimal numbers; NaN is a missing value. */
static void
add_numbers (SondeTable   *table,
             const char   *name,
             const double *values,
             guint         n)
{
  g_autoptr(SondeColumn) column = sonde_column_new (name, SONDE_COLUMN_TYPE_REAL);

  for (guint i = 0; i < n; i++)
    {
      if (isnan (values[i]))
        sonde_column_append_missing (column);
      else
        sonde_column_append_real (column, values[i]);
    }
  g_assert_true (sonde_table_add_column (table, column, NULL));
}

static void
add_text (SondeTable         *table,
          const char         *name,
          const char * const *values,
          guint               n)
{
  g_autoptr(SondeColumn) column = sonde_column_new (name, SONDE_COLUMN_TYPE_TEXT);

  for (guint i = 0; i < n; i++)
    sonde_column_append_text (column, values[i], -1);
  g_assert_true (sonde_table_add_column (table, column, NULL));
}

static void
set_one (SondeAnalysis     *analysis,
         SondeAnalysisRole  role,
         const char        *name)
{
  const char *names[] = { name, NULL };

  sonde_analysis_set_columns (analysis, role, names);
}

/* Two groups of 7 and a row without a score. R:
 *   a <- c(1.1, 1.2, 1.3, 1.2, 1.1, 1.4, 9.8)
 *   b <- c(2.1, 2.5, 2.3, 2.8, 2.2, 2.6, 2.4) */
static SondeTable *
two_groups_table (void)
{
  static const double score[] = { 1.1, 1.2, 1.3, 1.2, 1.1, 1.4, 9.8,
                                  2.1, 2.5, 2.3, 2.8, 2.2, 2.6, 2.4, NAN };
  static const char * const group[] = { "A", "A", "A", "A", "A", "A", "A",
                                        "B", "B", "B", "B", "B", "B", "B", "B" };
  SondeTable *table = sonde_table_new ("groups.csv");

  add_numbers (table, "score", score, G_N_ELEMENTS (score));
  add_text (table, "group", group, G_N_ELEMENTS (group));
  return table;
}

static SondeStatsReport *
run_ok (SondeAnalysis *analysis,
        SondeTable    *table)
{
  g_autoptr(GError) error = NULL;
  SondeStatsReport *report = sonde_analysis_run (analysis, table, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (report);
  return report;
}

static guint
n_warnings (SondeStatsReport *report)
{
  return g_strv_length ((char **) sonde_stats_report_get_warnings (report));
}

static gboolean
has_warning (SondeStatsReport *report,
             const char       *text)
{
  const char * const *warnings = sonde_stats_report_get_warnings (report);

  for (guint i = 0; warnings[i] != NULL; i++)
    if (strcmp (warnings[i], text) == 0)
      return TRUE;
  for (guint i = 0; warnings[i] != NULL; i++)
    g_test_message ("warning: %s", warnings[i]);
  return FALSE;
}

static void
test_slots (void)
{
  const SondeAnalysisSlot *s;
  SondeAnalysisKind kind;

  s = sonde_analysis_kind_get_slot (SONDE_ANALYSIS_TTEST, SONDE_ANALYSIS_ROLE_VARIABLE);
  g_assert_true (s->used);
  g_assert_cmpuint (s->min_columns, ==, 1);
  g_assert_cmpuint (s->max_columns, ==, 1);
  g_assert_true (s->numeric);
  s = sonde_analysis_kind_get_slot (SONDE_ANALYSIS_TTEST, SONDE_ANALYSIS_ROLE_GROUP);
  g_assert_true (s->used);
  g_assert_cmpuint (s->min_columns, ==, 0);
  g_assert_cmpuint (s->max_columns, ==, 1);
  g_assert_false (s->numeric);
  g_assert_cmpstr (s->label, ==, "Groups");
  s = sonde_analysis_kind_get_slot (SONDE_ANALYSIS_TTEST, SONDE_ANALYSIS_ROLE_PAIRED);
  g_assert_true (s->used);
  g_assert_cmpuint (s->max_columns, ==, 1);
  g_assert_false (sonde_analysis_kind_get_slot (SONDE_ANALYSIS_TTEST, SONDE_ANALYSIS_ROLE_ROW)->used);

  s = sonde_analysis_kind_get_slot (SONDE_ANALYSIS_CORRELATION, SONDE_ANALYSIS_ROLE_VARIABLE);
  g_assert_cmpuint (s->min_columns, ==, 2);
  g_assert_cmpuint (s->max_columns, ==, G_MAXUINT);
  s = sonde_analysis_kind_get_slot (SONDE_ANALYSIS_ANOVA, SONDE_ANALYSIS_ROLE_GROUP);
  g_assert_cmpuint (s->min_columns, ==, 1);
  s = sonde_analysis_kind_get_slot (SONDE_ANALYSIS_LOGISTIC, SONDE_ANALYSIS_ROLE_PREDICTOR);
  g_assert_cmpuint (s->min_columns, ==, 1);
  g_assert_cmpuint (s->max_columns, ==, G_MAXUINT);
  g_assert_false (s->numeric);
  g_assert_true (sonde_analysis_kind_get_slot (SONDE_ANALYSIS_CHISQ, SONDE_ANALYSIS_ROLE_ROW)->used);
  g_assert_true (sonde_analysis_kind_get_slot (SONDE_ANALYSIS_CHISQ, SONDE_ANALYSIS_ROLE_COLUMN)->used);
  g_assert_false (sonde_analysis_kind_get_slot (SONDE_ANALYSIS_WILCOXON, SONDE_ANALYSIS_ROLE_GROUP)->used);
  g_assert_cmpuint (sonde_analysis_kind_get_slot (SONDE_ANALYSIS_DESCRIBE, SONDE_ANALYSIS_ROLE_GROUP)->max_columns, ==, 1);

  for (guint k = 0; k < SONDE_ANALYSIS_N_KINDS; k++)
    {
      g_assert_true (sonde_analysis_kind_from_string (sonde_analysis_kind_to_string (k), &kind));
      g_assert_cmpint (kind, ==, k);
      g_assert_nonnull (sonde_analysis_kind_get_label (k));
      g_assert_nonnull (sonde_analysis_kind_get_summary (k));
    }
  g_assert_false (sonde_analysis_kind_from_string ("frob", &kind));
}

static void
test_validation (void)
{
  static const struct
  {
    SondeAnalysisKind kind;
    const char *var;
    const char *by;
    const char *paired;
    const char *message;
  } cases[] = {
    { SONDE_ANALYSIS_TTEST, NULL, NULL, NULL, "t-test needs 1 column as “Variable”: choose one." },
    { SONDE_ANALYSIS_ANOVA, "score", NULL, NULL, "One-way ANOVA needs 1 column as “Groups”: choose one." },
    { SONDE_ANALYSIS_TTEST, "nope", NULL, NULL, "There is no column “nope” in groups.csv: its columns are score, group." },
    { SONDE_ANALYSIS_TTEST, "group", NULL, NULL, "Column “group” holds text, not numbers: choose a column of whole or decimal numbers." },
    { SONDE_ANALYSIS_TTEST, "score", "score", NULL, "Column “score” holds decimal number" },
    { SONDE_ANALYSIS_TTEST, "score", "group", "score", "A t-test compares either two groups or two paired columns, not both" },
    { SONDE_ANALYSIS_WILCOXON, "score", "group", NULL, "Wilcoxon signed-rank test takes no column as “Groups”: remove it." },
  };
  g_autoptr(SondeTable) table = two_groups_table ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SondeAnalysis) analysis = sonde_analysis_new (cases[i].kind);
      g_autoptr(SondeStatsReport) report = NULL;
      g_autoptr(GError) error = NULL;

      if (cases[i].var != NULL)
        set_one (analysis, SONDE_ANALYSIS_ROLE_VARIABLE, cases[i].var);
      if (cases[i].by != NULL)
        set_one (analysis, SONDE_ANALYSIS_ROLE_GROUP, cases[i].by);
      if (cases[i].paired != NULL)
        set_one (analysis, SONDE_ANALYSIS_ROLE_PAIRED, cases[i].paired);
      report = sonde_analysis_run (analysis, table, NULL, &error);
      g_assert_null (report);
      g_assert_error (error, SONDE_ERROR, SONDE_ERROR_INVALID);
      g_test_message ("%s", error->message);
      g_assert_true (g_str_has_prefix (error->message, cases[i].message));
    }

  {
    g_autoptr(SondeAnalysis) analysis = sonde_analysis_new (SONDE_ANALYSIS_TTEST);
    const char *two[] = { "score", "score", NULL };
    g_autoptr(GError) error = NULL;

    sonde_analysis_set_columns (analysis, SONDE_ANALYSIS_ROLE_VARIABLE, two);
    g_assert_null (sonde_analysis_run (analysis, table, NULL, &error));
    g_assert_error (error, SONDE_ERROR, SONDE_ERROR_INVALID);
    g_assert_cmpstr (error->message, ==, "t-test takes at most 1 column as “Variable”: remove the others.");
  }
}

static void
test_ttest_report (void)
{
  g_autoptr(SondeTable) table = two_groups_table ();
  g_autoptr(SondeAnalysis) analysis = sonde_analysis_new (SONDE_ANALYSIS_TTEST);
  g_autoptr(SondeStatsReport) report = NULL;
  g_autofree char *text = NULL;
  g_autofree char *json = NULL;
  g_autofree char *description = NULL;

  set_one (analysis, SONDE_ANALYSIS_ROLE_VARIABLE, "score");
  set_one (analysis, SONDE_ANALYSIS_ROLE_GROUP, "group");
  sonde_analysis_set_equal_variances (analysis, TRUE);
  description = sonde_analysis_describe (analysis);
  g_assert_cmpstr (description, ==, "t-test — Variable: score; Groups: group");
  report = run_ok (analysis, table);

  g_assert_true (sonde_stats_report_get_analysis (report) == analysis);
  g_assert_cmpstr (sonde_stats_report_get_title (report), ==, "Student’s two-sample t-test");
  g_assert_cmpuint (sonde_stats_report_get_n_rows_used (report), ==, 14);
  g_assert_cmpuint (sonde_stats_report_get_n_rows_total (report), ==, 15);
  g_assert_cmpuint (sonde_stats_report_get_n_tables (report), ==, 2);

  /* The groups. R: mean(a) 2.442857, sd(a) 3.24595, mean(b) 2.414286 */
  g_assert_cmpstr (sonde_stats_report_get_table_title (report, 0), ==, "Groups");
  g_assert_cmpuint (sonde_stats_report_get_table_n_columns (report, 0), ==, 4);
  g_assert_cmpuint (sonde_stats_report_get_table_n_rows (report, 0), ==, 2);
  g_assert_cmpstr (sonde_stats_report_get_header (report, 0, 0), ==, "group");
  g_assert_cmpstr (sonde_stats_report_get_header (report, 0, 2), ==, "Mean");
  g_assert_cmpstr (sonde_stats_report_get_cell (report, 0, 0, 0), ==, "A");
  g_assert_true (isnan (sonde_stats_report_get_cell_value (report, 0, 0, 0)));
  g_assert_cmpstr (sonde_stats_report_get_cell (report, 0, 0, 1), ==, "7");
  g_assert_cmpfloat (sonde_stats_report_get_cell_value (report, 0, 0, 1), ==, 7.0);
  g_assert_cmpstr (sonde_stats_report_get_cell (report, 0, 0, 2), ==, "2.443");
  g_assert_cmpfloat_with_epsilon (sonde_stats_report_get_cell_value (report, 0, 0, 2), 2.442857142857143, 1e-12);
  g_assert_cmpstr (sonde_stats_report_get_cell (report, 0, 0, 3), ==, "3.246");
  g_assert_cmpstr (sonde_stats_report_get_cell (report, 0, 1, 2), ==, "2.414");

  /* The test. R: tt <- t.test(a, b, var.equal = TRUE):
   * tt$statistic 0.02322443, tt$parameter 12, tt$p.value 0.981853 */
  g_assert_cmpstr (sonde_stats_report_get_cell (report, 1, 0, 0), ==, "t");
  g_assert_cmpfloat_with_epsilon (sonde_stats_report_get_cell_value (report, 1, 0, 1), 0.02322443, 1e-8);
  g_assert_cmpstr (sonde_stats_report_get_cell (report, 1, 1, 1), ==, "12");
  g_assert_cmpstr (sonde_stats_report_get_cell (report, 1, 2, 1), ==, "0.982");
  g_assert_cmpfloat_with_epsilon (sonde_stats_report_get_cell_value (report, 1, 2, 1), 0.981853, 1e-6);

  g_assert_cmpstr (sonde_stats_report_get_sentence (report), ==,
                   "The mean of score does not differ significantly between group A and group B (t = 0.02, p = 0.982).");

  text = sonde_stats_report_to_text (report);
  g_assert_nonnull (strstr (text, "group  n   Mean     SD\n"));
  g_assert_nonnull (strstr (text, "t = 0.02322, df = 12, p = 0.982\n"));
  g_assert_nonnull (strstr (text, "Rows used: 14 of 15 (1 row dropped for missing values).\n"));

  json = sonde_stats_report_to_json (report);
  g_assert_nonnull (strstr (json, "\"file\" : \"groups.csv\""));
  g_assert_nonnull (strstr (json, "\"test\" : \"student\""));
}

static void
test_french (void)
{
  static const double f[] = { 1.5, 2.5, 3.5, 2.0, 3.0 };
  g_autoptr(SondeTable) table = sonde_table_new ("f.csv");
  g_autoptr(SondeAnalysis) analysis = sonde_analysis_new (SONDE_ANALYSIS_TTEST);
  g_autoptr(SondeStatsReport) report = NULL;
  g_autofree char *json = NULL;
  g_autofree char *csv = NULL;
  char *old_numeric = g_strdup (setlocale (LC_NUMERIC, NULL));
  char *old_messages = g_strdup (setlocale (LC_MESSAGES, NULL));

  if (setlocale (LC_ALL, "fr_FR.UTF-8") == NULL)
    {
      g_test_skip ("fr_FR.UTF-8 is not installed");
      g_free (old_numeric);
      g_free (old_messages);
      return;
    }
  g_setenv ("LANGUAGE", "fr", TRUE);

  add_numbers (table, "f", f, G_N_ELEMENTS (f));
  set_one (analysis, SONDE_ANALYSIS_ROLE_VARIABLE, "f");
  sonde_analysis_set_mu (analysis, 0.5);
  report = run_ok (analysis, table);
  g_test_message ("%s", sonde_stats_report_get_sentence (report));

  /* R: t.test(c(1.5, 2.5, 3.5, 2.0, 3.0)): mean 2.5. The sentence may
   * or may not be translated yet, but its numbers take a decimal comma. */
  g_assert_nonnull (strstr (sonde_stats_report_get_sentence (report), "(2,5)"));
  g_assert_nonnull (strstr (sonde_stats_report_get_sentence (report), "0,5"));
  g_assert_null (strstr (sonde_stats_report_get_sentence (report), "2.5"));

  /* JSON and CSV keep the point. */
  json = sonde_stats_report_to_json (report);
  g_assert_nonnull (strstr (json, "\"estimate\" : 2.5"));
  g_assert_nonnull (strstr (json, "\"mu\" : 0.5"));
  csv = sonde_stats_report_to_csv (report);
  g_assert_nonnull (strstr (csv, ",2.5\r\n"));

  setlocale (LC_NUMERIC, old_numeric);
  setlocale (LC_MESSAGES, old_messages);
  setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("LANGUAGE", "C", TRUE);
  g_free (old_numeric);
  g_free (old_messages);
}

static void
test_warnings_ttest (void)
{
  g_autoptr(SondeTable) table = two_groups_table ();
  g_autoptr(SondeAnalysis) student = sonde_analysis_new (SONDE_ANALYSIS_TTEST);
  g_autoptr(SondeAnalysis) welch = NULL;
  g_autoptr(SondeStatsReport) report = NULL;
  g_autoptr(SondeStatsReport) welch_report = NULL;

  set_one (student, SONDE_ANALYSIS_ROLE_VARIABLE, "score");
  set_one (student, SONDE_ANALYSIS_ROLE_GROUP, "group");
  sonde_analysis_set_equal_variances (student, TRUE);
  report = run_ok (student, table);
  g_assert_cmpuint (n_warnings (report), ==, 2);
  /* R: shapiro.test(a)$p.value 1.007946e-05; shapiro.test(b)$p.value 0.9760319 */
  g_assert_true (has_warning (report, "The values of score in group A do not look normally distributed (Shapiro-Wilk p < 0.001); with groups this small, consider the Mann-Whitney test."));
  /* R: var(a) / var(b) 181.3607 */
  g_assert_true (has_warning (report, "The variance of score is 181.4 times larger in group A than in group B: Welch’s t-test, which does not assume equal variances, would be safer."));

  /* Welch's test does not assume equal variances. */
  welch = sonde_analysis_new (SONDE_ANALYSIS_TTEST);
  set_one (welch, SONDE_ANALYSIS_ROLE_VARIABLE, "score");
  set_one (welch, SONDE_ANALYSIS_ROLE_GROUP, "group");
  welch_report = run_ok (welch, table);
  g_assert_cmpuint (n_warnings (welch_report), ==, 1);
}

static void
test_warnings_one_sample_and_paired (void)
{
  g_autoptr(SondeTable) big = sonde_table_new ("big.csv");
  g_autoptr(SondeTable) pairs = sonde_table_new ("pairs.csv");
  g_autoptr(SondeAnalysis) one = sonde_analysis_new (SONDE_ANALYSIS_TTEST);
  g_autoptr(SondeAnalysis) paired = sonde_analysis_new (SONDE_ANALYSIS_TTEST);
  g_autoptr(SondeStatsReport) r1 = NULL;
  g_autoptr(SondeStatsReport) r2 = NULL;
  /* R: p1 <- c(10, 12, 11, 13, 12, 11, 30, 12); p2 <- c(9, 11, 10, 12, 11, 10, 11, 11) */
  static const double p1[] = { 10, 12, 11, 13, 12, 11, 30, 12 };
  static const double p2[] = { 9, 11, 10, 12, 11, 10, 11, 11 };
  double cubes[40];

  /* R: x <- (1:40)^3; shapiro.test(x)$p.value 2.934604e-05 */
  for (guint i = 0; i < 40; i++)
    cubes[i] = pow (i + 1, 3);
  add_numbers (big, "x", cubes, 40);
  set_one (one, SONDE_ANALYSIS_ROLE_VARIABLE, "x");
  r1 = run_ok (one, big);
  g_assert_cmpuint (n_warnings (r1), ==, 1);
  g_assert_true (has_warning (r1, "The values of x do not look normally distributed (Shapiro-Wilk p < 0.001), but with 30 or more values the t-test is robust to it."));

  /* R: shapiro.test(p1 - p2)$p.value 1.047231e-06 */
  add_numbers (pairs, "before", p1, G_N_ELEMENTS (p1));
  add_numbers (pairs, "after", p2, G_N_ELEMENTS (p2));
  set_one (paired, SONDE_ANALYSIS_ROLE_VARIABLE, "before");
  set_one (paired, SONDE_ANALYSIS_ROLE_PAIRED, "after");
  r2 = run_ok (paired, pairs);
  g_assert_cmpuint (n_warnings (r2), ==, 1);
  g_assert_true (has_warning (r2, "The differences between before and after do not look normally distributed (Shapiro-Wilk p < 0.001); with this few pairs, consider the Wilcoxon signed-rank test."));
}

static void
test_warnings_anova (void)
{
  /* R: g1 <- c(5.0, 5.1, 5.2, 5.1, 5.0, 5.3, 9.9); g2 <- c(6, 7, 8, 6.5, 7.5, 7, 6.8)
   *    g3 <- c(8, 8.2, 8.4, 8.1, 8.3, 8.2, 8.5) */
  static const double y[] = { 5.0, 5.1, 5.2, 5.1, 5.0, 5.3, 9.9,
                              6, 7, 8, 6.5, 7.5, 7, 6.8,
                              8, 8.2, 8.4, 8.1, 8.3, 8.2, 8.5 };
  static const char * const g[] = { "g1", "g1", "g1", "g1", "g1", "g1", "g1",
                                    "g2", "g2", "g2", "g2", "g2", "g2", "g2",
                                    "g3", "g3", "g3", "g3", "g3", "g3", "g3" };
  g_autoptr(SondeTable) table = sonde_table_new ("anova.csv");
  g_autoptr(SondeAnalysis) analysis = sonde_analysis_new (SONDE_ANALYSIS_ANOVA);
  g_autoptr(SondeStatsReport) report = NULL;
  g_autofree char *text = NULL;

  add_numbers (table, "y", y, G_N_ELEMENTS (y));
  add_text (table, "g", g, G_N_ELEMENTS (g));
  set_one (analysis, SONDE_ANALYSIS_ROLE_VARIABLE, "y");
  set_one (analysis, SONDE_ANALYSIS_ROLE_GROUP, "g");
  report = run_ok (analysis, table);
  g_assert_cmpuint (n_warnings (report), ==, 2);
  /* R: shapiro.test(g1)$p.value 2.012798e-05 (g2 0.968, g3 0.958) */
  g_assert_true (has_warning (report, "The values of y in group g1 do not look normally distributed (Shapiro-Wilk p < 0.001); with groups this small, consider the Kruskal-Wallis test."));
  /* R: var(g1) / var(g3) 3.28 / 0.02952381 = 111.0968 */
  g_assert_true (has_warning (report, "The variance of y is 111.1 times larger in group g1 than in group g3: the ANOVA assumes equal variances, so its p-value may be off; the Kruskal-Wallis test does not assume them."));

  /* In the text output, the warnings come last. */
  text = sonde_stats_report_to_text (report);
  g_assert_true (g_str_has_suffix (text, "the Kruskal-Wallis test does not assume them.\n"));
}

static void
test_warnings_correlation (void)
{
  /* R: cx <- (1:20)^3; cy <- 1:20 + c(0.1, -0.2, 0.3, -0.1, 0.2, -0.3, 0.1, 0, 0.2, -0.2,
   *                                   0.1, -0.1, 0.3, -0.3, 0.2, 0, -0.1, 0.1, -0.2, 0.2) */
  static const double noise[] = { 0.1, -0.2, 0.3, -0.1, 0.2, -0.3, 0.1, 0, 0.2, -0.2,
                                  0.1, -0.1, 0.3, -0.3, 0.2, 0, -0.1, 0.1, -0.2, 0.2 };
  g_autoptr(SondeTable) table = sonde_table_new ("cor.csv");
  g_autoptr(SondeAnalysis) pearson = sonde_analysis_new (SONDE_ANALYSIS_CORRELATION);
  g_autoptr(SondeAnalysis) spearman = sonde_analysis_new (SONDE_ANALYSIS_CORRELATION);
  g_autoptr(SondeStatsReport) r1 = NULL;
  g_autoptr(SondeStatsReport) r2 = NULL;
  const char *vars[] = { "cx", "cy", NULL };
  double cx[20], cy[20];

  for (guint i = 0; i < 20; i++)
    {
      cx[i] = pow (i + 1, 3);
      cy[i] = i + 1 + noise[i];
    }
  add_numbers (table, "cx", cx, 20);
  add_numbers (table, "cy", cy, 20);
  sonde_analysis_set_columns (pearson, SONDE_ANALYSIS_ROLE_VARIABLE, vars);
  r1 = run_ok (pearson, table);
  /* R: shapiro.test(cx)$p.value 0.003214232; shapiro.test(cy)$p.value 0.5536295 */
  g_assert_cmpuint (n_warnings (r1), ==, 1);
  g_assert_true (has_warning (r1, "The values of cx do not look normally distributed (Shapiro-Wilk p = 0.003): Spearman’s correlation, which does not assume it, would be safer."));

  sonde_analysis_set_columns (spearman, SONDE_ANALYSIS_ROLE_VARIABLE, vars);
  sonde_analysis_set_method (spearman, SONDE_CORRELATION_SPEARMAN);
  r2 = run_ok (spearman, table);
  g_assert_cmpuint (n_warnings (r2), ==, 0);
}

static void
test_warnings_chisq (void)
{
  /* R: r <- c("a","a","a","b","b","b","a","b"); cc <- c("x","y","x","y","x","y","x","x")
   *    chisq.test(table(r, cc))$expected: 2.5 2.5 1.5 1.5, with R's warning */
  static const char * const r[] = { "a", "a", "a", "b", "b", "b", "a", "b" };
  static const char * const c[] = { "x", "y", "x", "y", "x", "y", "x", "x" };
  g_autoptr(SondeTable) table = sonde_table_new ("chisq.csv");
  g_autoptr(SondeAnalysis) analysis = sonde_analysis_new (SONDE_ANALYSIS_CHISQ);
  g_autoptr(SondeStatsReport) report = NULL;

  add_text (table, "r", r, G_N_ELEMENTS (r));
  add_text (table, "c", c, G_N_ELEMENTS (c));
  set_one (analysis, SONDE_ANALYSIS_ROLE_ROW, "r");
  set_one (analysis, SONDE_ANALYSIS_ROLE_COLUMN, "c");
  report = run_ok (analysis, table);
  g_assert_true (has_warning (report, "Some expected counts are below 5: the chi-square approximation may be poor."));
}

static void
test_warnings_lm (void)
{
  /* R: lx <- c(1:19, 50)
   *    ly <- 2 * lx + c(0.5, -0.3, 0.2, -0.4, 0.1, 0.3, -0.2, 0.4, -0.1, 0.2,
   *                     -0.5, 0.3, -0.2, 0.1, 8, -0.3, 0.2, -0.1, 0.4, 0.6)
   *    m <- lm(ly ~ lx) */
  static const double e[] = { 0.5, -0.3, 0.2, -0.4, 0.1, 0.3, -0.2, 0.4, -0.1, 0.2,
                              -0.5, 0.3, -0.2, 0.1, 8, -0.3, 0.2, -0.1, 0.4, 0.6 };
  g_autoptr(SondeTable) table = sonde_table_new ("lm.csv");
  g_autoptr(SondeAnalysis) analysis = sonde_analysis_new (SONDE_ANALYSIS_LM);
  g_autoptr(SondeStatsReport) report = NULL;
  double x[20], y[20];

  for (guint i = 0; i < 20; i++)
    {
      x[i] = i < 19 ? i + 1 : 50;
      y[i] = 2 * x[i] + e[i];
    }
  add_numbers (table, "lx", x, 20);
  add_numbers (table, "ly", y, 20);
  set_one (analysis, SONDE_ANALYSIS_ROLE_RESPONSE, "ly");
  set_one (analysis, SONDE_ANALYSIS_ROLE_PREDICTOR, "lx");
  report = run_ok (analysis, table);
  g_assert_cmpuint (n_warnings (report), ==, 2);
  /* R: shapiro.test(residuals(m))$p.value 4.18414e-08 */
  g_assert_true (has_warning (report, "The residuals of the model do not look normally distributed (Shapiro-Wilk p < 0.001): its p-values and intervals may be off."));
  /* R: sum(hatvalues(m) > 3 * 2 / 20) is 1 (max(hatvalues(m)) 0.7409091) */
  g_assert_true (has_warning (report, "1 row has high leverage (a hat value above 0.3): check it, as it weighs heavily on the model."));
}

static void
test_warnings_logistic (void)
{
  /* R: lgx <- 1:30; lgy <- c(0,0,0,1,0,0,0,0,0,0, 0,0,0,0,1,0,0,0,0,0, 0,0,1,0,0,0,1,0,1,0)
   *    glm(lgy ~ lgx, family = binomial) converges; sum(lgy) is 5 */
  static const guint events[] = { 3, 14, 22, 26, 28 };
  g_autoptr(SondeTable) table = sonde_table_new ("logit.csv");
  g_autoptr(SondeColumn) y = sonde_column_new ("lgy", SONDE_COLUMN_TYPE_BOOLEAN);
  g_autoptr(SondeAnalysis) analysis = sonde_analysis_new (SONDE_ANALYSIS_LOGISTIC);
  g_autoptr(SondeStatsReport) report = NULL;
  double x[30];

  for (guint i = 0; i < 30; i++)
    {
      gboolean event = FALSE;

      x[i] = i + 1;
      for (guint j = 0; j < G_N_ELEMENTS (events); j++)
        if (events[j] == i)
          event = TRUE;
      sonde_column_append_boolean (y, event);
    }
  add_numbers (table, "lgx", x, 30);
  g_assert_true (sonde_table_add_column (table, y, NULL));
  set_one (analysis, SONDE_ANALYSIS_ROLE_RESPONSE, "lgy");
  set_one (analysis, SONDE_ANALYSIS_ROLE_PREDICTOR, "lgx");
  report = run_ok (analysis, table);
  g_assert_cmpuint (n_warnings (report), ==, 1);
  g_assert_true (has_warning (report, "The rarer outcome occurs in 5 rows for 1 coefficient besides the intercept, 5.0 events per predictor: with fewer than 10, the estimates may be biased and unstable."));
}

static void
test_html_csv (void)
{
  g_autoptr(SondeTable) table = two_groups_table ();
  g_autoptr(SondeAnalysis) analysis = sonde_analysis_new (SONDE_ANALYSIS_TTEST);
  g_autoptr(SondeStatsReport) report = NULL;
  g_autofree char *html = NULL;
  g_autofree char *csv = NULL;

  set_one (analysis, SONDE_ANALYSIS_ROLE_VARIABLE, "score");
  set_one (analysis, SONDE_ANALYSIS_ROLE_GROUP, "group");
  sonde_analysis_set_equal_variances (analysis, TRUE);
  report = run_ok (analysis, table);

  html = sonde_stats_report_to_html (report);
  g_test_message ("%s", html);
  g_assert_nonnull (strstr (html, "<h2>Student’s two-sample t-test</h2>\n<p>The mean of score"));
  g_assert_nonnull (strstr (html, "<h3>Warnings</h3>\n<ul>\n<li>The values of score in group A"));
  g_assert_nonnull (strstr (html, "<table>\n<caption>Groups</caption>\n<thead>\n<tr><th scope=\"col\">group</th><th scope=\"col\">n</th>"));
  g_assert_nonnull (strstr (html, "<tr><th scope=\"row\">A</th><td>7</td><td>2.443</td>"));
  g_assert_nonnull (strstr (html, "<caption>Test statistics</caption>"));
  /* "p < 0.001" and the like are escaped. */
  g_assert_nonnull (strstr (html, "(Shapiro-Wilk p &lt; 0.001)"));
  g_assert_null (strstr (html, "p < 0"));

  csv = sonde_stats_report_to_csv (report);
  g_assert_true (g_str_has_prefix (csv, "Groups\r\ngroup,n,Mean,SD\r\nA,7,2.44285714285714,"));
  g_assert_nonnull (strstr (csv, "\r\n\r\nTest statistics\r\nStatistic,Value\r\nt,0.0232244"));
}

typedef struct
{
  SondeAnalysis    *analysis;
  SondeStatsReport *report;
  GError           *error;
  gboolean          done;
} AsyncRun;

static void
run_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  AsyncRun *run = user_data;

  g_assert_null (source);
  run->report = sonde_analysis_run_finish (run->analysis, result, &run->error);
  run->done = TRUE;
}

static void
test_async (void)
{
  g_autoptr(SondeTable) table = two_groups_table ();
  g_autoptr(SondeAnalysis) analysis = sonde_analysis_new (SONDE_ANALYSIS_TTEST);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  AsyncRun run = { analysis, NULL, NULL, FALSE };
  AsyncRun cancelled = { analysis, NULL, NULL, FALSE };

  set_one (analysis, SONDE_ANALYSIS_ROLE_VARIABLE, "score");
  set_one (analysis, SONDE_ANALYSIS_ROLE_GROUP, "group");
  sonde_analysis_run_async (analysis, table, NULL, run_done_cb, &run);
  /* The request was copied: changing it now does not change the run. */
  set_one (analysis, SONDE_ANALYSIS_ROLE_GROUP, "score");
  while (!run.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (run.error);
  g_assert_nonnull (run.report);
  g_assert_true (sonde_stats_report_get_analysis (run.report) == analysis);
  g_assert_cmpuint (sonde_stats_report_get_n_rows_used (run.report), ==, 14);
  g_assert_cmpstr (sonde_stats_report_get_title (run.report), ==, "Welch’s two-sample t-test");
  sonde_stats_report_unref (run.report);

  g_cancellable_cancel (cancellable);
  sonde_analysis_run_async (analysis, table, cancellable, run_done_cb, &cancelled);
  while (!cancelled.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (cancelled.report);
  g_assert_error (cancelled.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&cancelled.error);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("LANGUAGE", "C", TRUE);
  sonde_engine_init ();
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/engine/stats-report/slots", test_slots);
  g_test_add_func ("/engine/stats-report/validation", test_validation);
  g_test_add_func ("/engine/stats-report/ttest", test_ttest_report);
  g_test_add_func ("/engine/stats-report/french", test_french);
  g_test_add_func ("/engine/stats-report/warnings/ttest", test_warnings_ttest);
  g_test_add_func ("/engine/stats-report/warnings/one-sample-paired", test_warnings_one_sample_and_paired);
  g_test_add_func ("/engine/stats-report/warnings/anova", test_warnings_anova);
  g_test_add_func ("/engine/stats-report/warnings/correlation", test_warnings_correlation);
  g_test_add_func ("/engine/stats-report/warnings/chisq", test_warnings_chisq);
  g_test_add_func ("/engine/stats-report/warnings/lm", test_warnings_lm);
  g_test_add_func ("/engine/stats-report/warnings/logistic", test_warnings_logistic);
  g_test_add_func ("/engine/stats-report/html-csv", test_html_csv);
  g_test_add_func ("/engine/stats-report/async", test_async);

  return g_test_run ();
}
