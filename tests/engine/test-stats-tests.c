/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-stats-tests"

/* Tests of the descriptive statistics, t-tests and one-way ANOVA against
 * R 4.2. Every reference value was printed by R with sprintf ("%.17g")
 * and the R expression that gave it sits next to it. The datasets are
 * typed in below (R's sleep data and two small vectors with ties,
 * negative and missing values), plus the bundled students.csv for the
 * description by group. Figures must agree to a relative 1e-6.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "sonde-engine.h"

#define REL_TOL 1e-6

/* R: sleep$extra[sleep$group == 1] and sleep$extra[sleep$group == 2] */
static const double SLEEP1[] = { 0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0 };
static const double SLEEP2[] = { 1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4 };
/* R: TIES <- c(2.5, -1.0, 3.0, 3.0, 4.2, NA, 0.5, 3.0, -2.25, 5.1) */
static const double TIES[] = { 2.5, -1.0, 3.0, 3.0, 4.2, NAN, 0.5, 3.0, -2.25, 5.1 };
/* R: TIES7 <- TIES[1:7] (paired with OTHER) */
/* (written "TIES, 7" in the table) */
/* R: OTHER <- c(1.0, 0.0, 2.5, NA, 6.0, 4.4, 3.3) */
static const double OTHER[] = { 1.0, 0.0, 2.5, NAN, 6.0, 4.4, 3.3 };
/* R: THIRD <- c(7.5, 6.25, 8.0) */
static const double THIRD[] = { 7.5, 6.25, 8.0 };

/* Checks that @actual is within a relative REL_TOL of @expected (an
 * absolute one near zero); NaN and infinities must match exactly. */
static void
assert_close (const char *what,
              double      actual,
              double      expected)
{
  if (isnan (expected))
    {
      if (!isnan (actual))
        g_test_message ("%s: got %.17g, expected NaN", what, actual);
      g_assert_true (isnan (actual));
      return;
    }
  if (isinf (expected))
    {
      g_assert_cmpfloat (actual, ==, expected);
      return;
    }
  if (fabs (actual - expected) > REL_TOL * MAX (fabs (expected), 1e-12))
    g_test_message ("%s: got %.17g, expected %.17g", what, actual, expected);
  g_assert_cmpfloat_with_epsilon (actual, expected, REL_TOL * MAX (fabs (expected), 1e-12));
}

typedef enum { ONE, STUDENT, WELCH, PAIRED } Kind;

#define DATA(v) v, G_N_ELEMENTS (v)
#define NONE NULL, 0

typedef struct
{
  const char       *name;
  Kind              kind;
  const double     *x;
  gsize             nx;
  const double     *y;
  gsize             ny;
  double            mu;
  SondeAlternative  alternative;
  double            conf_level;
  double            t;
  double            df;
  double            p;
  double            estimate;
  double            conf_low;
  double            conf_high;
  double            cohen_d;
  guint             n1;
  guint             n2;
} TTestCase;

static const TTestCase t_cases[] = {
  {
    "one-sample/sleep1", ONE, DATA (SLEEP1), NONE, 0, SONDE_ALTERNATIVE_TWO_SIDED, 0.95,
    /* R 4.2: tt <- t.test(SLEEP1, mu = 0, alternative = "two.sided", conf.level = 0.95) */
    1.3257101407138212, /* R: tt$statistic */
    9, /* R: tt$parameter */
    0.2175977800684489, /* R: tt$p.value */
    0.75, /* R: tt$estimate */
    -0.52978041352623217, /* R: tt$conf.int[1] */
    2.0297804135262321, /* R: tt$conf.int[2] */
    0.41922635618379955, /* R: (mean(SLEEP1, na.rm = TRUE) - 0) / sd(SLEEP1, na.rm = TRUE) */
    10, 0,
  },
  {
    "one-sample/ties-less", ONE, DATA (TIES), NONE, 2, SONDE_ALTERNATIVE_LESS, 0.9,
    /* R 4.2: tt <- t.test(TIES, mu = 2, alternative = "less", conf.level = 0.9) */
    0.0068752477550911148, /* R: tt$statistic */
    8, /* R: tt$parameter */
    0.50265862801251193, /* R: tt$p.value */
    2.0055555555555555, /* R: tt$estimate */
    -INFINITY, /* R: tt$conf.int[1] */
    3.1342545247506974, /* R: tt$conf.int[2] */
    0.0022917492516970383, /* R: (mean(TIES, na.rm = TRUE) - 2) / sd(TIES, na.rm = TRUE) */
    9, 0,
  },
  {
    "one-sample/ties-greater", ONE, DATA (TIES), NONE, -1, SONDE_ALTERNATIVE_GREATER, 0.99,
    /* R 4.2: tt <- t.test(TIES, mu = -1, alternative = "greater", conf.level = 0.99) */
    3.7195090355043061, /* R: tt$statistic */
    8, /* R: tt$parameter */
    0.0029377701649412748, /* R: tt$p.value */
    2.0055555555555555, /* R: tt$estimate */
    -0.33493339107895803, /* R: tt$conf.int[1] */
    INFINITY, /* R: tt$conf.int[2] */
    1.239836345168102, /* R: (mean(TIES, na.rm = TRUE) - -1) / sd(TIES, na.rm = TRUE) */
    9, 0,
  },
  {
    "student/sleep", STUDENT, DATA (SLEEP1), DATA (SLEEP2), 0, SONDE_ALTERNATIVE_TWO_SIDED, 0.95,
    /* R 4.2: tt <- t.test(SLEEP1, SLEEP2, mu = 0, var.equal = TRUE, alternative = "two.sided", conf.level = 0.95) */
    -1.8608134674868528, /* R: tt$statistic */
    18, /* R: tt$parameter */
    0.079186714215938175, /* R: tt$p.value */
    -1.5800000000000001, /* R: tt$estimate[1] - tt$estimate[2] */
    -3.3638740322875984, /* R: tt$conf.int[1] */
    0.20387403228759859, /* R: tt$conf.int[2] */
    -0.83218108134953961, /* R: x <- na.omit(SLEEP1); y <- na.omit(SLEEP2); (mean(x) - mean(y) - 0) / sqrt(((length(x) - 1) * var(x) + (length(y) - 1) * var(y)) / (length(x) + length(y) - 2)) */
    10, 10,
  },
  {
    "welch/sleep", WELCH, DATA (SLEEP1), DATA (SLEEP2), 0, SONDE_ALTERNATIVE_TWO_SIDED, 0.95,
    /* R 4.2: tt <- t.test(SLEEP1, SLEEP2, mu = 0, var.equal = FALSE, alternative = "two.sided", conf.level = 0.95) */
    -1.8608134674868531, /* R: tt$statistic */
    17.776473516178498, /* R: tt$parameter */
    0.079394140187358173, /* R: tt$p.value */
    -1.5800000000000001, /* R: tt$estimate[1] - tt$estimate[2] */
    -3.3654832307117104, /* R: tt$conf.int[1] */
    0.20548323071171018, /* R: tt$conf.int[2] */
    -0.83218108134953961, /* R: x <- na.omit(SLEEP1); y <- na.omit(SLEEP2); (mean(x) - mean(y) - 0) / sqrt(((length(x) - 1) * var(x) + (length(y) - 1) * var(y)) / (length(x) + length(y) - 2)) */
    10, 10,
  },
  {
    "welch/ties-greater", WELCH, DATA (TIES), DATA (OTHER), 0.5, SONDE_ALTERNATIVE_GREATER, 0.9,
    /* R 4.2: tt <- t.test(TIES, OTHER, mu = 0.5, var.equal = FALSE, alternative = "greater", conf.level = 0.9) */
    -1.1266982047302996, /* R: tt$statistic */
    11.615341773807849, /* R: tt$parameter */
    0.85869541747224021, /* R: tt$p.value */
    -0.86111111111111116, /* R: tt$estimate[1] - tt$estimate[2] */
    -2.502657410855829, /* R: tt$conf.int[1] */
    INFINITY, /* R: tt$conf.int[2] */
    -0.58157846359273457, /* R: x <- na.omit(TIES); y <- na.omit(OTHER); (mean(x) - mean(y) - 0.5) / sqrt(((length(x) - 1) * var(x) + (length(y) - 1) * var(y)) / (length(x) + length(y) - 2)) */
    9, 6,
  },
  {
    "student/ties-less", STUDENT, DATA (TIES), DATA (OTHER), 0, SONDE_ALTERNATIVE_LESS, 0.95,
    /* R 4.2: tt <- t.test(TIES, OTHER, mu = 0, var.equal = TRUE, alternative = "less", conf.level = 0.95) */
    -0.69811212336348927, /* R: tt$statistic */
    13, /* R: tt$parameter */
    0.24870257077541641, /* R: tt$p.value */
    -0.86111111111111116, /* R: tt$estimate[1] - tt$estimate[2] */
    -INFINITY, /* R: tt$conf.int[1] */
    1.3233093756364249, /* R: tt$conf.int[2] */
    -0.36793739533417902, /* R: x <- na.omit(TIES); y <- na.omit(OTHER); (mean(x) - mean(y) - 0) / sqrt(((length(x) - 1) * var(x) + (length(y) - 1) * var(y)) / (length(x) + length(y) - 2)) */
    9, 6,
  },
  {
    "paired/sleep", PAIRED, DATA (SLEEP1), DATA (SLEEP2), 0, SONDE_ALTERNATIVE_TWO_SIDED, 0.95,
    /* R 4.2: tt <- t.test(SLEEP1, SLEEP2, paired = TRUE, mu = 0, alternative = "two.sided", conf.level = 0.95) */
    -4.0621276833820366, /* R: tt$statistic */
    9, /* R: tt$parameter */
    0.0028328901973842702, /* R: tt$p.value */
    -1.5800000000000001, /* R: tt$estimate */
    -2.4598857632769824, /* R: tt$conf.int[1] */
    -0.70011423672301754, /* R: tt$conf.int[2] */
    -1.2845575625910546, /* R: (mean(SLEEP1 - SLEEP2, na.rm = TRUE) - 0) / sd(SLEEP1 - SLEEP2, na.rm = TRUE) */
    10, 10,
  },
  {
    "paired/ties-less", PAIRED, TIES, 7, DATA (OTHER), -0.5, SONDE_ALTERNATIVE_LESS, 0.8,
    /* R 4.2: tt <- t.test(TIES7, OTHER, paired = TRUE, mu = -0.5, alternative = "less", conf.level = 0.8) */
    -0.28416089470711381, /* R: tt$statistic */
    4, /* R: tt$parameter */
    0.3951950709012767, /* R: tt$p.value */
    -0.71999999999999997, /* R: tt$estimate */
    -INFINITY, /* R: tt$conf.int[1] */
    0.0085035022328054932, /* R: tt$conf.int[2] */
    -0.1270806154224533, /* R: (mean(TIES7 - OTHER, na.rm = TRUE) - -0.5) / sd(TIES7 - OTHER, na.rm = TRUE) */
    5, 5,
  },
};

static void
test_t_test (gconstpointer data)
{
  const TTestCase *c = data;
  g_autoptr(GError) error = NULL;
  SondeTTest r = { 0 };
  gboolean ok = FALSE;

  switch (c->kind)
    {
    case ONE:
      ok = sonde_stats_t_test_one_sample (c->x, c->nx, c->mu, c->alternative,
                                          c->conf_level, &r, &error);
      break;
    case STUDENT:
    case WELCH:
      ok = sonde_stats_t_test_two_sample (c->x, c->nx, c->y, c->ny, c->mu,
                                          c->kind == STUDENT, c->alternative,
                                          c->conf_level, &r, &error);
      break;
    case PAIRED:
      g_assert_cmpuint (c->nx, ==, c->ny);
      ok = sonde_stats_t_test_paired (c->x, c->y, c->nx, c->mu, c->alternative,
                                      c->conf_level, &r, &error);
      break;
    default:
      g_assert_not_reached ();
    }

  g_assert_no_error (error);
  g_assert_true (ok);
  assert_close ("t", r.t, c->t);
  assert_close ("df", r.df, c->df);
  assert_close ("p", r.p, c->p);
  assert_close ("estimate", r.estimate, c->estimate);
  assert_close ("conf_low", r.conf_low, c->conf_low);
  assert_close ("conf_high", r.conf_high, c->conf_high);
  assert_close ("cohen_d", r.cohen_d, c->cohen_d);
  g_assert_cmpfloat (r.conf_level, ==, c->conf_level);
  g_assert_cmpuint (r.n1, ==, c->n1);
  g_assert_cmpuint (r.n2, ==, c->n2);
}

static const double CONSTANT[] = { 3.5, 3.5, 3.5, 3.5 };
static const double ONE_VALUE[] = { 1.0, NAN, NAN };

typedef struct
{
  const char   *name;
  Kind          kind;
  const double *x;
  gsize         nx;
  const double *y;
  gsize         ny;
  double        conf_level;
  const char   *message;
} TTestErrorCase;

static const TTestErrorCase t_error_cases[] = {
  { "one-sample/one-value", ONE, DATA (ONE_VALUE), NONE, 0.95,
    "The sample has a single value that is not missing: a t-test needs at least 2." },
  { "one-sample/constant", ONE, DATA (CONSTANT), NONE, 0.95,
    "All values are equal: a t-test needs some spread." },
  { "one-sample/level-one", ONE, DATA (SLEEP1), NONE, 1.0,
    "The confidence level 1 is not between 0 and 1: use for example 0.95 for a 95 % interval." },
  { "one-sample/level-nan", ONE, DATA (SLEEP1), NONE, NAN,
    "The confidence level nan is not between 0 and 1: use for example 0.95 for a 95 % interval." },
  { "welch/first-all-missing", WELCH, ONE_VALUE + 1, 2, DATA (SLEEP2), 0.95,
    "The first sample has no value that is not missing: a t-test needs at least 2." },
  { "student/second-one-value", STUDENT, DATA (SLEEP1), DATA (ONE_VALUE), 0.95,
    "The second sample has a single value that is not missing: a t-test needs at least 2." },
  { "student/constant", STUDENT, DATA (CONSTANT), DATA (CONSTANT), 0.95,
    "All values are equal: a t-test needs some spread." },
  { "welch/constant", WELCH, DATA (CONSTANT), DATA (CONSTANT), 0.95,
    "All values are equal: a t-test needs some spread." },
  { "welch/level-zero", WELCH, DATA (SLEEP1), DATA (SLEEP2), 0.0,
    "The confidence level 0 is not between 0 and 1: use for example 0.95 for a 95 % interval." },
  { "paired/one-pair", PAIRED, ONE_VALUE, 3, CONSTANT, 3, 0.95,
    "Only one pair has both values: a paired t-test needs at least 2 complete pairs." },
  { "paired/constant-differences", PAIRED, SLEEP1, 4, SLEEP1, 4, 0.95,
    "All values are equal: a t-test needs some spread." },
};

static void
test_t_test_error (gconstpointer data)
{
  const TTestErrorCase *c = data;
  g_autoptr(GError) error = NULL;
  SondeTTest r = { 0 };
  gboolean ok;

  if (c->kind == ONE)
    ok = sonde_stats_t_test_one_sample (c->x, c->nx, 0, SONDE_ALTERNATIVE_TWO_SIDED,
                                        c->conf_level, &r, &error);
  else if (c->kind == PAIRED)
    ok = sonde_stats_t_test_paired (c->x, c->y, c->nx, 0, SONDE_ALTERNATIVE_TWO_SIDED,
                                    c->conf_level, &r, &error);
  else
    ok = sonde_stats_t_test_two_sample (c->x, c->nx, c->y, c->ny, 0, c->kind == STUDENT,
                                        SONDE_ALTERNATIVE_TWO_SIDED, c->conf_level,
                                        &r, &error);

  g_assert_false (ok);
  g_assert_error (error, SONDE_ERROR, SONDE_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, c->message);
  /* The result is left untouched on error. */
  g_assert_cmpfloat (r.t, ==, 0.0);
}

static void
test_anova (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SondeAnova) a = NULL;
  double values[G_N_ELEMENTS (TIES) + G_N_ELEMENTS (OTHER) + G_N_ELEMENTS (THIRD)];
  guint groups[G_N_ELEMENTS (values)];
  guint n = 0;

  /* Group 2 has no value: R keeps the level but it takes no part. */
  for (guint i = 0; i < G_N_ELEMENTS (TIES); i++, n++)
    values[n] = TIES[i], groups[n] = 0;
  for (guint i = 0; i < G_N_ELEMENTS (OTHER); i++, n++)
    values[n] = OTHER[i], groups[n] = 1;
  for (guint i = 0; i < G_N_ELEMENTS (THIRD); i++, n++)
    values[n] = THIRD[i], groups[n] = 3;

  /* R 4.2: y <- c(TIES, OTHER, THIRD);
   *   g <- factor(c(rep(0, 10), rep(1, 7), rep(3, 3)), levels = 0:3);
   *   s <- summary(aov(y ~ g))[[1]] */
  a = sonde_stats_anova_one_way (values, groups, n, 4, &error);
  g_assert_no_error (error);
  g_assert_nonnull (a);
  assert_close ("F", a->f, 6.4561958884778159); /* R: s$"F value"[1] */
  assert_close ("df between", a->df_between, 2); /* R: s$Df[1] */
  assert_close ("df within", a->df_within, 15); /* R: s$Df[2] */
  assert_close ("p", a->p, 0.0094886964019705207); /* R: s$"Pr(>F)"[1] */
  assert_close ("ss between", a->ss_between, 62.694444444444407); /* R: s$"Sum Sq"[1] */
  assert_close ("ss within", a->ss_within, 72.830555555555577); /* R: s$"Sum Sq"[2] */
  assert_close ("eta squared", a->eta_squared, 0.46260427555391564); /* R: s$"Sum Sq"[1] / sum(s$"Sum Sq") */
  g_assert_cmpuint (a->n_groups, ==, 4);
  /* R: tapply(y, g, function(v) sum(!is.na(v))) gives 9 6 NA 3 */
  g_assert_cmpuint (a->group_n[0], ==, 9);
  g_assert_cmpuint (a->group_n[1], ==, 6);
  g_assert_cmpuint (a->group_n[2], ==, 0);
  g_assert_cmpuint (a->group_n[3], ==, 3);
  /* R: tapply(y, g, mean, na.rm = TRUE) */
  assert_close ("mean 0", a->group_mean[0], 2.0055555555555555);
  assert_close ("mean 1", a->group_mean[1], 2.8666666666666667);
  assert_close ("mean 2", a->group_mean[2], NAN);
  assert_close ("mean 3", a->group_mean[3], 7.25);
}

static void
test_anova_errors (void)
{
  static const double v[] = { 1.0, 2.0, 3.0, 3.0, 3.0 };
  static const guint one_group[] = { 0, 0, 0, 0, 0 };
  static const guint singletons[] = { 0, 1, 2, 3, 4 };
  static const guint no_spread[] = { 0, 1, 2, 2, 2 };
  g_autoptr(GError) error = NULL;
  SondeAnova *a;

  a = sonde_stats_anova_one_way (v, one_group, 5, 2, &error);
  g_assert_null (a);
  g_assert_error (error, SONDE_ERROR, SONDE_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "Only one group has values: an analysis of variance compares at least 2 groups.");
  g_clear_error (&error);

  a = sonde_stats_anova_one_way (v, singletons, 5, 5, &error);
  g_assert_null (a);
  g_assert_error (error, SONDE_ERROR, SONDE_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "Each group has a single value: an analysis of variance needs several values in at least one group.");
  g_clear_error (&error);

  a = sonde_stats_anova_one_way (v, no_spread, 5, 3, &error);
  g_assert_null (a);
  g_assert_error (error, SONDE_ERROR, SONDE_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "The values are all equal within each group: an analysis of variance needs some spread inside the groups.");
}

typedef struct
{
  const char *group;
  guint       n;
  guint       n_missing;
  double      mean;
  double      sd;
  double      min;
  double      q1;
  double      median;
  double      q3;
  double      max;
} DescribeRow;

static void
assert_row (const SondeDescriptive *d,
            const DescribeRow      *e)
{
  g_assert_cmpstr (d->group, ==, e->group);
  g_assert_cmpuint (d->n, ==, e->n);
  g_assert_cmpuint (d->n_missing, ==, e->n_missing);
  assert_close ("mean", d->mean, e->mean);
  assert_close ("sd", d->sd, e->sd);
  assert_close ("min", d->min, e->min);
  assert_close ("q1", d->q1, e->q1);
  assert_close ("median", d->median, e->median);
  assert_close ("q3", d->q3, e->q3);
  assert_close ("max", d->max, e->max);
}

/* R 4.2, for each group x (all of TIES, then TIES[!is.na(G) & G == lab],
 * then TIES[is.na(G)]):
 *   c(sum(!is.na(x)), sum(is.na(x)), mean(x, na.rm = TRUE), sd(x, na.rm = TRUE),
 *     quantile(x, c(0, .25, .5, .75, 1), type = 7, na.rm = TRUE))
 * with G <- c("b", "a", "b", "a", NA, "b", "a", "c", "b", "a") */
static const DescribeRow ties_all =
  { NULL, 9, 1, 2.0055555555555555, 2.4241550647138435, -2.25, 0.5, 3, 3, 5.0999999999999996 };
static const DescribeRow ties_by_group[] = {
  { "b", 3, 1, 1.0833333333333333, 2.8975564417856186, -2.25, 0.125, 2.5, 2.75, 3 },
  { "a", 4, 0, 1.8999999999999999, 2.6969118141558379, -1, 0.125, 1.75, 3.5249999999999999, 5.0999999999999996 },
  { "c", 1, 0, 3, NAN, 3, 3, 3, 3, 3 },
  { NULL, 1, 0, 4.2000000000000002, NAN, 4.2000000000000002, 4.2000000000000002, 4.2000000000000002, 4.2000000000000002, 4.2000000000000002 },
};
static const char * const ties_groups[] = { "b", "a", "b", "a", NULL, "b", "a", "c", "b", "a" };

static SondeColumn *
ties_column (void)
{
  SondeColumn *column = sonde_column_new ("score", SONDE_COLUMN_TYPE_REAL);

  for (guint i = 0; i < G_N_ELEMENTS (TIES); i++)
    if (isnan (TIES[i]))
      sonde_column_append_missing (column);
    else
      sonde_column_append_real (column, TIES[i]);

  return column;
}

static void
test_describe (void)
{
  g_autoptr(SondeColumn) values = ties_column ();
  g_autoptr(SondeColumn) text = sonde_column_new ("group", SONDE_COLUMN_TYPE_TEXT);
  g_autoptr(SondeColumn) categories = sonde_column_new ("group", SONDE_COLUMN_TYPE_CATEGORICAL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) all = NULL;
  g_autoptr(GArray) by_text = NULL;
  g_autoptr(GArray) by_category = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (ties_groups); i++)
    if (ties_groups[i] == NULL)
      {
        sonde_column_append_missing (text);
        sonde_column_append_missing (categories);
      }
    else
      {
        sonde_column_append_text (text, ties_groups[i], -1);
        sonde_column_append_category (categories, ties_groups[i], -1);
      }

  all = sonde_stats_describe (values, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 1);
  assert_row (&g_array_index (all, SondeDescriptive, 0), &ties_all);
  g_assert_false (g_array_index (all, SondeDescriptive, 0).group_missing);

  by_text = sonde_stats_describe (values, text, &error);
  g_assert_no_error (error);
  by_category = sonde_stats_describe (values, categories, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (by_text->len, ==, G_N_ELEMENTS (ties_by_group));
  g_assert_cmpuint (by_category->len, ==, G_N_ELEMENTS (ties_by_group));
  for (guint i = 0; i < G_N_ELEMENTS (ties_by_group); i++)
    {
      gboolean last = i == G_N_ELEMENTS (ties_by_group) - 1;

      assert_row (&g_array_index (by_text, SondeDescriptive, i), &ties_by_group[i]);
      assert_row (&g_array_index (by_category, SondeDescriptive, i), &ties_by_group[i]);
      g_assert_cmpint (g_array_index (by_text, SondeDescriptive, i).group_missing, ==, last);
      g_assert_cmpint (g_array_index (by_category, SondeDescriptive, i).group_missing, ==, last);
    }
}

static void
test_describe_errors (void)
{
  g_autoptr(SondeColumn) values = ties_column ();
  g_autoptr(SondeColumn) text = sonde_column_new ("name", SONDE_COLUMN_TYPE_TEXT);
  g_autoptr(SondeColumn) reals = sonde_column_new ("weight", SONDE_COLUMN_TYPE_REAL);
  g_autoptr(SondeColumn) short_groups = sonde_column_new ("group", SONDE_COLUMN_TYPE_TEXT);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) result = NULL;

  sonde_column_append_text (text, "Ada", -1);
  sonde_column_append_text (short_groups, "a", -1);

  result = sonde_stats_describe (text, NULL, &error);
  g_assert_null (result);
  g_assert_error (error, SONDE_ERROR, SONDE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Column “name” holds"));
  g_clear_error (&error);

  result = sonde_stats_describe (values, reals, &error);
  g_assert_null (result);
  g_assert_error (error, SONDE_ERROR, SONDE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Column “weight” holds"));
  g_clear_error (&error);

  result = sonde_stats_describe (values, short_groups, &error);
  g_assert_null (result);
  g_assert_error (error, SONDE_ERROR, SONDE_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "Columns “score” (10 rows) and “group” (1 rows) differ in length: they must come from the same table.");
}

/* R 4.2: d <- read.csv("data/samples/students.csv"); for each programme lab:
 *   x <- d$hours_studied_per_week[d$programme == lab]; y <- na.omit(x);
 *   c(length(y), sum(is.na(x)), mean(y), sd(y), min(y),
 *     quantile(y, c(.25, .5, .75), type = 7), max(y))
 * ("data science" is a deliberate misspelling in the sample: a group of its own.) */
static const DescribeRow students_rows[] = {
  { "Data science", 195, 13, 14.311282051282051, 5.7833636181399353, 0.5, 11, 14.300000000000001, 18.300000000000001, 28.899999999999999 },
  { "Informatique", 162, 8, 14.515432098765432, 5.8681112221256138, 0.5, 10.5, 14.550000000000001, 18.100000000000001, 27.899999999999999 },
  { "Biologie", 83, 5, 13.20722891566265, 5.5888124994738941, 0.5, 9.1999999999999993, 13.4, 16.449999999999999, 27.199999999999999 },
  { "Mathématiques", 122, 7, 12.799180327868852, 6.0504694975486677, 0.5, 8.5500000000000007, 13.25, 16.674999999999997, 29 },
  { "data science", 5, 0, 12.1, 6.5019227925283767, 5, 7.9000000000000004, 9.6999999999999993, 18.100000000000001, 19.800000000000001 },
};

static void
test_describe_students (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("SONDE_SAMPLES_DIR"), "students.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(SondeCsvReader) reader = sonde_csv_reader_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SondeTable) table = NULL;
  g_autoptr(GArray) rows = NULL;

  table = sonde_csv_reader_read_file (reader, file, NULL, &error);
  g_assert_no_error (error);
  rows = sonde_stats_describe (sonde_table_find_column (table, "hours_studied_per_week"),
                               sonde_table_find_column (table, "programme"),
                               &error);
  g_assert_no_error (error);

  /* Groups come in the order of first appearance in the file. */
  g_assert_cmpuint (rows->len, ==, G_N_ELEMENTS (students_rows));
  for (guint i = 0; i < G_N_ELEMENTS (students_rows); i++)
    assert_row (&g_array_index (rows, SondeDescriptive, i), &students_rows[i]);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (t_cases); i++)
    {
      g_autofree char *path = g_strconcat ("/engine/stats/t-test/", t_cases[i].name, NULL);

      g_test_add_data_func (path, &t_cases[i], test_t_test);
    }
  for (guint i = 0; i < G_N_ELEMENTS (t_error_cases); i++)
    {
      g_autofree char *path = g_strconcat ("/engine/stats/t-test-error/", t_error_cases[i].name, NULL);

      g_test_add_data_func (path, &t_error_cases[i], test_t_test_error);
    }
  g_test_add_func ("/engine/stats/anova/one-way", test_anova);
  g_test_add_func ("/engine/stats/anova/errors", test_anova_errors);
  g_test_add_func ("/engine/stats/describe/by-group", test_describe);
  g_test_add_func ("/engine/stats/describe/errors", test_describe_errors);
  g_test_add_func ("/engine/stats/describe/students", test_describe_students);

  return g_test_run ();
}
