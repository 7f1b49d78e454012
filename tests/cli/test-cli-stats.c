/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-cli-stats"

/* End-to-end tests of `sonde-cli stats`: the built binary is run on the
 * bundled data/samples/students.csv and its JSON figures are checked
 * against R 4.2 to a relative 1e-6, its sentences in English (LANGUAGE=C
 * is forced), and its exit statuses for wrong command lines (2) and data
 * that do not fit the analysis (1).
 *
 * Every R reference below reads the file the same way first:
 *   d <- read.csv("data/samples/students.csv", na.strings = c("", "NA"))
 * and orders the levels of programme as Sonde does (R's order in an
 * English locale, lower case first on a tie):
 *   d$programme <- factor(d$programme, levels = c("Biologie", "data science",
 *                         "Data science", "Informatique", "Mathématiques"))
 */

#include "config.h"

#include <math.h>
#include <string.h>
#include <sys/wait.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "cli-run.h"

#define REL_TOL 1e-6


/* Runs `sonde-cli stats FILE ARGS…` (NULL-terminated). */
static void
run_stats (Run        *run,
           const char *file,
           ...)
{
  va_list args;

  va_start (args, file);
  run_cli_va (run, "stats", file, args);
  va_end (args);
}

#define STUDENTS (STATS_SAMPLES_DIR "/students.csv")

static JsonObject *
parse_object (const char *text,
              JsonParser *parser)
{
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_node_get_object (json_parser_get_root (parser));
}

static void
assert_close (const char *what,
              double      actual,
              double      expected)
{
  if (fabs (actual - expected) > REL_TOL * MAX (fabs (expected), 1e-12))
    g_test_message ("%s: got %.17g, expected %.17g", what, actual, expected);
  g_assert_cmpfloat_with_epsilon (actual, expected, REL_TOL * MAX (fabs (expected), 1e-12));
}

static void
assert_member (JsonObject *object,
               const char *name,
               double      expected)
{
  g_assert_true (json_object_has_member (object, name));
  assert_close (name, json_object_get_double_member (object, name), expected);
}

static void
assert_rows (JsonObject *object,
             gint64      used,
             gint64      dropped)
{
  JsonObject *rows = json_object_get_object_member (object, "rows");

  g_assert_nonnull (rows);
  g_assert_cmpint (json_object_get_int_member (rows, "total"), ==, 600);
  g_assert_cmpint (json_object_get_int_member (rows, "used"), ==, used);
  g_assert_cmpint (json_object_get_int_member (rows, "dropped"), ==, dropped);
}

static void
test_ttest_welch (void)
{
  g_auto(Run) run = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *o;

  run_stats (&run, STUDENTS, "ttest", "--var", "previous_grade", "--by", "has_internship", "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  o = parse_object (run.out, parser);
  g_assert_cmpstr (json_object_get_string_member (o, "test"), ==, "welch");
  /* R: tt <- t.test(previous_grade ~ has_internship, data = d) */
  assert_member (o, "t", -0.16573401473476615);  /* R: tt$statistic */
  assert_member (o, "df", 339.90846670985502);   /* R: tt$parameter */
  assert_member (o, "p", 0.86846480667133175);   /* R: tt$p.value */
  assert_member (o, "conf_low", -0.54583598323549298); /* R: tt$conf.int[1] */
  assert_member (o, "conf_high", 0.46100124859427333); /* R: tt$conf.int[2] */
  /* R: sum(!is.na(d$previous_grade)) is 558 */
  assert_rows (o, 558, 42);
}

static void
test_ttest_one_sample_text (void)
{
  g_auto(Run) run = { 0 };
  g_auto(Run) json = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *o;

  run_stats (&json, STUDENTS, "ttest", "--var", "hours_studied_per_week", "--mu", "14",
             "--alternative", "greater", "--json", NULL);
  g_assert_cmpint (json.status, ==, 0);
  o = parse_object (json.out, parser);
  /* R: tt <- t.test(d$hours_studied_per_week, mu = 14, alternative = "greater") */
  assert_member (o, "t", -0.55535502974264961);  /* R: tt$statistic */
  assert_member (o, "df", 566);                  /* R: tt$parameter */
  assert_member (o, "p", 0.71056436533208545);   /* R: tt$p.value */
  assert_member (o, "conf_low", 13.457120085236507); /* R: tt$conf.int[1] */
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (o, "conf_high"))); /* R: Inf */
  assert_rows (o, 567, 33);

  run_stats (&run, STUDENTS, "ttest", "--var", "hours_studied_per_week", "--mu", "14", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Rows used: 567 of 600 (33 rows dropped for missing values).\n"));
  g_assert_nonnull (strstr (run.out, "The mean of hours_studied_per_week (13.86) does not differ significantly from 14 (t = -0.56, p = 0.579).\n"));
}

static void
test_anova_tukey (void)
{
  g_auto(Run) run = { 0 };
  g_auto(Run) text = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *o, *tukey;
  JsonArray *pairs;
  guint found = 0;

  run_stats (&run, STUDENTS, "anova", "--var", "hours_studied_per_week", "--by", "programme", "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  o = parse_object (run.out, parser);
  /* R: fit <- aov(hours_studied_per_week ~ programme, data = d); s <- summary(fit)[[1]] */
  assert_member (o, "f", 2.1774600595246199);   /* R: s$`F value`[1] */
  assert_member (o, "p", 0.070229139854532607); /* R: s$`Pr(>F)`[1] */
  assert_member (o, "df_within", 562);          /* R: fit$df.residual */
  assert_rows (o, 567, 33);

  tukey = json_object_get_object_member (o, "tukey");
  pairs = json_object_get_array_member (tukey, "pairs");
  g_assert_cmpuint (json_array_get_length (pairs), ==, 10);
  for (guint i = 0; i < json_array_get_length (pairs); i++)
    {
      JsonObject *p = json_array_get_object_element (pairs, i);
      const char *name = json_object_get_string_member (p, "comparison");

      /* R: tk <- TukeyHSD(fit)$programme */
      if (strcmp (name, "Mathématiques-Informatique") == 0)
        {
          g_assert_cmpuint (i, ==, 9);
          assert_member (p, "diff", -1.7162517708965872);   /* R: tk["Mathématiques-Informatique", "diff"] */
          assert_member (p, "lower", -3.63333857803721294); /* R: tk["Mathématiques-Informatique", "lwr"] */
          assert_member (p, "upper", 0.20083503624403876);  /* R: tk["Mathématiques-Informatique", "upr"] */
          assert_member (p, "p_adj", 0.10384273560581292);  /* R: tk["Mathématiques-Informatique", "p adj"] */
          found++;
        }
      else if (strcmp (name, "Data science-Biologie") == 0)
        {
          g_assert_cmpuint (i, ==, 1);
          assert_member (p, "diff", 1.1040531356194023);    /* R: tk["Data science-Biologie", "diff"] */
          assert_member (p, "lower", -0.99192176273772592); /* R: tk["Data science-Biologie", "lwr"] */
          assert_member (p, "upper", 3.20002803397653057);  /* R: tk["Data science-Biologie", "upr"] */
          assert_member (p, "p_adj", 0.60100894709489538);  /* R: tk["Data science-Biologie", "p adj"] */
          found++;
        }
    }
  g_assert_cmpuint (found, ==, 2);

  run_stats (&text, STUDENTS, "anova", "--var", "hours_studied_per_week", "--by", "programme", NULL);
  g_assert_cmpint (text.status, ==, 0);
  g_assert_nonnull (strstr (text.out, "Tukey's HSD, 95 % family-wise confidence\n"));
  g_assert_nonnull (strstr (text.out, "The mean of hours_studied_per_week does not differ significantly between the groups of programme (F = 2.18, p = 0.070). Tukey's HSD finds 0 of 10 pairs of groups significantly different.\n"));
}

static void
test_correlation (void)
{
  g_auto(Run) run = { 0 };
  g_auto(Run) pearson = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonParser) parser2 = json_parser_new ();
  JsonObject *o;
  JsonArray *pairs;

  run_stats (&run, STUDENTS, "correlation", "--vars", "age,hours_studied_per_week,previous_grade",
             "--method", "spearman", "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  o = parse_object (run.out, parser);
  pairs = json_object_get_array_member (o, "pairs");
  g_assert_cmpuint (json_array_get_length (pairs), ==, 3);
  /* R: m <- cor(d[, c("age", "hours_studied_per_week", "previous_grade")],
   *             use = "pairwise.complete.obs", method = "spearman") */
  assert_member (json_array_get_object_element (pairs, 0), "estimate", -0.035788524868262457); /* R: m[1, 2] */
  assert_member (json_array_get_object_element (pairs, 2), "estimate", 0.024769359986292257);  /* R: m[2, 3] */
  /* Pairwise: rows with at least 2 of the 3 values. */
  assert_rows (o, 593, 7);

  run_stats (&pearson, STUDENTS, "correlation", "--vars", "hours_studied_per_week,attendance_rate",
             "--drop-missing", "listwise", "--json", NULL);
  g_assert_cmpint (pearson.status, ==, 0);
  o = parse_object (pearson.out, parser2);
  pairs = json_object_get_array_member (o, "pairs");
  /* R: ct <- cor.test(d$hours_studied_per_week, d$attendance_rate) */
  assert_member (json_array_get_object_element (pairs, 0), "estimate", -0.036168174604602185); /* R: ct$estimate */
  assert_member (json_array_get_object_element (pairs, 0), "p", 0.39466261174238193);          /* R: ct$p.value */
  /* R: ct$parameter + 2 is 556 */
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (pairs, 0), "n"), ==, 556);
  assert_rows (o, 556, 44);
}

static void
test_chisq (void)
{
  g_auto(Run) run = { 0 };
  g_auto(Run) text = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *o;

  run_stats (&run, STUDENTS, "chisq", "--row", "programme", "--col", "passed", "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  o = parse_object (run.out, parser);
  /* R: cs <- chisq.test(table(d$programme, d$passed)) */
  assert_member (o, "statistic", 16.741323496075086); /* R: cs$statistic */
  assert_member (o, "df", 4);                         /* R: cs$parameter */
  assert_member (o, "p", 0.0021698916790645951);      /* R: cs$p.value */
  g_assert_true (json_object_get_boolean_member (o, "low_expected")); /* R warns likewise */
  assert_rows (o, 600, 0);

  run_stats (&text, STUDENTS, "chisq", "--row", "programme", "--col", "passed", NULL);
  g_assert_cmpint (text.status, ==, 0);
  g_assert_nonnull (strstr (text.out, "programme and passed are associated (χ² = 16.74, df = 4, p = 0.002).\n"));
}

static void
test_rank_tests (void)
{
  g_auto(Run) kruskal = { 0 };
  g_auto(Run) shapiro = { 0 };
  g_auto(Run) signed_rank = { 0 };
  g_auto(Run) rank_sum = { 0 };
  g_autoptr(JsonParser) p1 = json_parser_new ();
  g_autoptr(JsonParser) p2 = json_parser_new ();
  g_autoptr(JsonParser) p3 = json_parser_new ();
  g_autoptr(JsonParser) p4 = json_parser_new ();
  JsonObject *o;

  run_stats (&kruskal, STUDENTS, "kruskal", "--var", "previous_grade", "--by", "city", "--json", NULL);
  g_assert_cmpint (kruskal.status, ==, 0);
  o = parse_object (kruskal.out, p1);
  /* R: k <- kruskal.test(previous_grade ~ city, data = d) */
  assert_member (o, "statistic", 7.3291436776728371); /* R: k$statistic */
  assert_member (o, "df", 9);                         /* R: k$parameter */
  assert_member (o, "p", 0.60289218098126074);        /* R: k$p.value */

  run_stats (&shapiro, STUDENTS, "shapiro", "--var", "previous_grade", "--json", NULL);
  g_assert_cmpint (shapiro.status, ==, 0);
  o = parse_object (shapiro.out, p2);
  /* R: sw <- shapiro.test(d$previous_grade) */
  assert_member (o, "w", 0.99757190848520882); /* R: sw$statistic */
  assert_member (o, "p", 0.59859203651204029); /* R: sw$p.value */
  assert_rows (o, 558, 42);

  run_stats (&signed_rank, STUDENTS, "wilcoxon", "--var", "attendance_rate", "--mu", "0.8", "--json", NULL);
  g_assert_cmpint (signed_rank.status, ==, 0);
  o = parse_object (signed_rank.out, p3);
  /* R: w <- wilcox.test(d$attendance_rate, mu = 0.8) */
  assert_member (o, "statistic", 89742);          /* R: w$statistic */
  assert_member (o, "p", 0.027280662644630915);   /* R: w$p.value */

  run_stats (&rank_sum, STUDENTS, "mannwhitney", "--var", "previous_grade", "--by", "scholarship", "--json", NULL);
  g_assert_cmpint (rank_sum.status, ==, 0);
  o = parse_object (rank_sum.out, p4);
  /* R: w <- wilcox.test(previous_grade ~ scholarship, data = d) */
  assert_member (o, "statistic", 34259);          /* R: w$statistic */
  assert_member (o, "p", 0.35603120878563455);    /* R: w$p.value */
}

static void
test_regressions (void)
{
  g_auto(Run) lm = { 0 };
  g_auto(Run) glm = { 0 };
  g_autoptr(JsonParser) p1 = json_parser_new ();
  g_autoptr(JsonParser) p2 = json_parser_new ();
  JsonObject *o, *c;
  JsonArray *coefficients;

  run_stats (&lm, STUDENTS, "lm", "--response", "previous_grade",
             "--predictors", "hours_studied_per_week,programme",
             "--reference", "programme=Informatique", "--json", NULL);
  g_assert_cmpint (lm.status, ==, 0);
  o = parse_object (lm.out, p1);
  /* R: d$programme2 <- relevel(d$programme, ref = "Informatique");
   *    l <- summary(lm(previous_grade ~ hours_studied_per_week + programme2, data = d)) */
  coefficients = json_object_get_array_member (o, "coefficients");
  g_assert_cmpuint (json_array_get_length (coefficients), ==, 6);
  c = json_array_get_object_element (coefficients, 1);
  g_assert_cmpstr (json_object_get_string_member (c, "name"), ==, "hours_studied_per_week");
  assert_member (c, "estimate", 0.0078940162021053847);  /* R: l$coefficients[2, 1] */
  assert_member (c, "std_error", 0.020957332114259524);  /* R: l$coefficients[2, 2] */
  assert_member (c, "statistic", 0.37667085481430329);   /* R: l$coefficients[2, 3] */
  assert_member (c, "p", 0.706571580090116);             /* R: l$coefficients[2, 4] */
  assert_member (o, "r_squared", 0.0071510167483940104); /* R: l$r.squared */
  assert_member (o, "f", 0.75050280329876207);           /* R: l$fstatistic[1] */
  assert_rows (o, 527, 73);

  run_stats (&glm, STUDENTS, "logistic", "--response", "passed",
             "--predictors", "hours_studied_per_week,attendance_rate", "--json", NULL);
  g_assert_cmpint (glm.status, ==, 0);
  o = parse_object (glm.out, p2);
  /* R: g <- summary(glm(passed == "yes" ~ hours_studied_per_week + attendance_rate,
   *                     family = binomial, data = d)) */
  coefficients = json_object_get_array_member (o, "coefficients");
  c = json_array_get_object_element (coefficients, 2);
  assert_member (c, "estimate", 3.2076454349887435);      /* R: g$coefficients[3, 1] */
  assert_member (c, "std_error", 0.78407627093749721);    /* R: g$coefficients[3, 2] */
  assert_member (c, "statistic", 4.0909864944050085);     /* R: g$coefficients[3, 3] */
  assert_member (c, "p", 4.2954214819821249e-05);         /* R: g$coefficients[3, 4] */
  assert_member (o, "deviance", 681.38803582340768);      /* R: g$deviance */
  assert_member (o, "aic", 687.38803582340768);           /* R: g$aic */
  assert_rows (o, 556, 44);
}

static void
test_describe (void)
{
  g_auto(Run) run = { 0 };
  g_auto(Run) text = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *o, *v, *g;

  run_stats (&run, STUDENTS, "describe", "--vars", "age,hours_studied_per_week",
             "--drop-missing", "listwise", "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  o = parse_object (run.out, parser);
  v = json_array_get_object_element (json_object_get_array_member (o, "variables"), 0);
  g = json_array_get_object_element (json_object_get_array_member (v, "groups"), 0);
  /* R: x <- d$age[complete.cases(d$age, d$hours_studied_per_week)]:
   * length(x) is 544 */
  g_assert_cmpint (json_object_get_int_member (g, "n"), ==, 544);
  assert_rows (o, 544, 56);

  run_stats (&text, STUDENTS, "describe", "--vars", "previous_grade", NULL);
  g_assert_cmpint (text.status, ==, 0);
  g_assert_nonnull (strstr (text.out, "The mean of previous_grade is 11.57 (SD 2.8, n = 558).\n"));
}

static void
test_bad_input (void)
{
  static const struct { const char *args[6]; const char *message; } cases[] = {
    { { "ttest", "--var", "nope", NULL }, "There is no column “nope” in" },
    { { "ttest", "--var", "student_id", NULL }, "Column “student_id” holds text, not numbers" },
    { { "ttest", "--var", "age", "--by", "hours_studied_per_week", NULL }, "cannot split rows into groups" },
    { { "ttest", "--var", "age", "--by", "programme", NULL }, "Column “programme” has 5 groups: a two-sample test compares exactly 2" },
    { { "anova", "--var", "programme", "--by", "city", NULL }, "Column “programme” holds category, not numbers" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Run) run = { 0 };

      run_stats (&run, STUDENTS, cases[i].args[0], cases[i].args[1], cases[i].args[2],
                 cases[i].args[3], cases[i].args[4], cases[i].args[5], NULL);
      g_assert_cmpint (run.status, ==, 1);
      g_assert_nonnull (strstr (run.err, cases[i].message));
      g_assert_cmpstr (run.out, ==, "");
    }
}

static void
test_one_group (void)
{
  g_autofree char *path = g_build_filename (CLI_FIXTURES_DIR, "one-group.csv", NULL);
  g_auto(Run) ttest = { 0 };
  g_auto(Run) anova = { 0 };

  /* Group B has no score, so only A is left. */
  run_stats (&ttest, path, "ttest", "--var", "score", "--by", "group", NULL);
  g_assert_cmpint (ttest.status, ==, 1);
  g_assert_nonnull (strstr (ttest.err, "Column “group” has a single group (“A”) in the rows with a value of “score”: a two-sample test needs 2 groups."));

  run_stats (&anova, path, "anova", "--var", "score", "--by", "group", NULL);
  g_assert_cmpint (anova.status, ==, 1);
  g_assert_nonnull (strstr (anova.err, "Only one group has values"));
}

/* --html writes the whole document the Statistics pane exports; tests/html
 * runs axe-core on it. */
static void
test_html (void)
{
  g_auto(Run) run = { 0 };
  g_auto(Run) both = { 0 };
  g_autofree char *dir = g_dir_make_tmp ("test-cli-stats-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "ttest.html", NULL);
  g_autofree char *html = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (dir);
  run_stats (&run, STUDENTS, "ttest", "--var", "previous_grade", "--by", "has_internship", "--html", path, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_true (g_file_get_contents (path, &html, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (html, "<!DOCTYPE html>\n<html lang=\"en\">"));
  g_assert_nonnull (strstr (html, "<title>Welch’s two-sample t-test</title>"));
  g_assert_nonnull (strstr (html, "<main>\n<h1>Welch’s two-sample t-test</h1>\n<p>"));
  g_assert_nonnull (strstr (html, "<caption>Groups</caption>"));
  g_assert_null (strstr (html, "<h2>Welch"));
  g_assert_true (g_str_has_suffix (html, "</main>\n</body>\n</html>\n"));

  run_stats (&both, STUDENTS, "ttest", "--var", "age", "--json", "--html", path, NULL);
  g_assert_cmpint (both.status, ==, 2);
  g_assert_nonnull (strstr (both.err, "Choose --json or --html, not both."));

  g_assert_cmpint (g_remove (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_usage (void)
{
  static const struct { const char *args[5]; const char *message; } cases[] = {
    { { NULL }, "stats needs a FILE and an ANALYSIS" },
    { { "frob", NULL }, "“frob” is not an analysis" },
    { { "ttest", NULL }, "ttest needs the column to analyse: give --var COLUMN." },
    { { "anova", "--var", "age", NULL }, "anova needs the column of groups: give --by COLUMN." },
    { { "ttest", "--var", "age", "--alternative=bigger" }, "“bigger” is not a choice for --alternative" },
    { { "correlation", "--vars", "age", NULL }, "correlation needs at least 2 columns" },
    { { "correlation", "--vars", "age,previous_grade", "--method=pearsn" }, "“pearsn” is not a choice for --method" },
    { { "ttest", "--var", "age", "--conf-level=1.5" }, "The confidence level 1.5 is not between 0 and 1" },
    { { "lm", "--response", "age", "--predictors" }, "Missing argument for --predictors" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Run) run = { 0 };

      /* Usage is checked before the file is read: it need not exist. */
      run_stats (&run, "no-such-file.csv", cases[i].args[0], cases[i].args[1], cases[i].args[2],
                 cases[i].args[3], cases[i].args[4], NULL);
      g_assert_cmpint (run.status, ==, 2);
      g_assert_nonnull (strstr (run.err, cases[i].message));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/stats/ttest/welch", test_ttest_welch);
  g_test_add_func ("/cli/stats/ttest/one-sample-text", test_ttest_one_sample_text);
  g_test_add_func ("/cli/stats/anova-tukey", test_anova_tukey);
  g_test_add_func ("/cli/stats/correlation", test_correlation);
  g_test_add_func ("/cli/stats/chisq", test_chisq);
  g_test_add_func ("/cli/stats/rank-tests", test_rank_tests);
  g_test_add_func ("/cli/stats/regressions", test_regressions);
  g_test_add_func ("/cli/stats/describe", test_describe);
  g_test_add_func ("/cli/stats/bad-input", test_bad_input);
  g_test_add_func ("/cli/stats/one-group", test_one_group);
  g_test_add_func ("/cli/stats/html", test_html);
  g_test_add_func ("/cli/stats/usage", test_usage);

  return g_test_run ();
}
