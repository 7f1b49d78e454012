/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-stats-rank"

/* Tests of the rank tests (Wilcoxon rank-sum and signed-rank,
 * Kruskal-Wallis) and of the Shapiro-Wilk test against R 4.2. Every
 * reference value was printed by R with sprintf ("%.17g") and the R
 * expression that gave it sits next to it. The datasets are typed in
 * below (R's own examples of wilcox.test(), small vectors with ties,
 * zeros and missing values), plus the bundled students.csv. Figures must
 * agree to a relative 1e-6. (R calls that warn about ties ran inside
 * suppressWarnings().)
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "sonde-engine.h"

#define REL_TOL 1e-6

/* R: A <- c(0.8, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46, NA) */
static const double A[] = { 0.8, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46, NAN };
/* R: B <- c(1.15, 0.88, 0.90, 0.74, 1.21) */
static const double B[] = { 1.15, 0.88, 0.90, 0.74, 1.21 };
/* R: TIES <- c(2.5, -1.0, 3.0, 3.0, 4.2, NA, 0.5, 3.0, -2.25, 5.1) */
static const double TIES[] = { 2.5, -1.0, 3.0, 3.0, 4.2, NAN, 0.5, 3.0, -2.25, 5.1 };
/* R: OTHER <- c(1.0, 0.0, 2.5, NA, 6.0, 4.4, 3.3) (paired with TIES[1:7],
 * written "TIES, 7" in the table) */
static const double OTHER[] = { 1.0, 0.0, 2.5, NAN, 6.0, 4.4, 3.3 };
/* R: THIRD <- c(7.5, 6.25, 8.0) */
static const double THIRD[] = { 7.5, 6.25, 8.0 };
/* R: SR <- c(1.5, -0.5, 2, 0, 0.5, 3, -2, NA, 1.5, 4, 0, -1) */
static const double SR[] = { 1.5, -0.5, 2, 0, 0.5, 3, -2, NAN, 1.5, 4, 0, -1 };
/* R: X1 <- c(1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30) */
static const double X1[] = { 1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30 };
/* R: Y1 <- c(0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29) */
static const double Y1[] = { 0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29 };

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

typedef enum { RANK_SUM, SIGNED, PAIRED } Kind;

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
  gboolean          allow_exact;
  gboolean          correct;
  double            statistic;
  double            p;
  gboolean          exact;
} WilcoxonCase;

static const WilcoxonCase w_cases[] = {
  {
    "rank-sum/exact-two-sided", RANK_SUM, DATA (A), DATA (B), 0, SONDE_ALTERNATIVE_TWO_SIDED, TRUE, TRUE,
    /* R 4.2: w <- wilcox.test(A, B, alternative = "two.sided") */
    35, /* R: w$statistic */
    0.2544122544122544, /* R: w$p.value */
    TRUE,
  },
  {
    "rank-sum/exact-less", RANK_SUM, DATA (A), DATA (B), 0, SONDE_ALTERNATIVE_LESS, TRUE, TRUE,
    /* R 4.2: w <- wilcox.test(A, B, alternative = "less") */
    35, /* R: w$statistic */
    0.89676989676989671, /* R: w$p.value */
    TRUE,
  },
  {
    "rank-sum/exact-greater", RANK_SUM, DATA (A), DATA (B), 0, SONDE_ALTERNATIVE_GREATER, TRUE, TRUE,
    /* R 4.2: w <- wilcox.test(A, B, alternative = "greater") */
    35, /* R: w$statistic */
    0.1272061272061272, /* R: w$p.value */
    TRUE,
  },
  {
    "rank-sum/normal-two-sided", RANK_SUM, DATA (A), DATA (B), 0, SONDE_ALTERNATIVE_TWO_SIDED, FALSE, TRUE,
    /* R 4.2: w <- wilcox.test(A, B, alternative = "two.sided", exact = FALSE) */
    35, /* R: w$statistic */
    0.24462360512698336, /* R: w$p.value */
    FALSE,
  },
  {
    "rank-sum/normal-less", RANK_SUM, DATA (A), DATA (B), 0, SONDE_ALTERNATIVE_LESS, FALSE, TRUE,
    /* R 4.2: w <- wilcox.test(A, B, alternative = "less", exact = FALSE) */
    35, /* R: w$statistic */
    0.90077534820399385, /* R: w$p.value */
    FALSE,
  },
  {
    "rank-sum/normal-greater", RANK_SUM, DATA (A), DATA (B), 0, SONDE_ALTERNATIVE_GREATER, FALSE, TRUE,
    /* R 4.2: w <- wilcox.test(A, B, alternative = "greater", exact = FALSE) */
    35, /* R: w$statistic */
    0.12231180256349168, /* R: w$p.value */
    FALSE,
  },
  {
    "rank-sum/exact-mu-two-sided", RANK_SUM, DATA (A), DATA (B), 0.2, SONDE_ALTERNATIVE_TWO_SIDED, TRUE, TRUE,
    /* R 4.2: w <- wilcox.test(A, B, alternative = "two.sided", mu = 0.2) */
    30, /* R: w$statistic */
    0.59407259407259405, /* R: w$p.value */
    TRUE,
  },
  {
    "rank-sum/exact-mu-less", RANK_SUM, DATA (A), DATA (B), 0.2, SONDE_ALTERNATIVE_LESS, TRUE, TRUE,
    /* R 4.2: w <- wilcox.test(A, B, alternative = "less", mu = 0.2) */
    30, /* R: w$statistic */
    0.74325674325674329, /* R: w$p.value */
    TRUE,
  },
  {
    "rank-sum/exact-mu-greater", RANK_SUM, DATA (A), DATA (B), 0.2, SONDE_ALTERNATIVE_GREATER, TRUE, TRUE,
    /* R 4.2: w <- wilcox.test(A, B, alternative = "greater", mu = 0.2) */
    30, /* R: w$statistic */
    0.29703629703629703, /* R: w$p.value */
    TRUE,
  },
  {
    "rank-sum/ties-uncorrected-two-sided", RANK_SUM, DATA (TIES), DATA (OTHER), 0, SONDE_ALTERNATIVE_TWO_SIDED, TRUE, FALSE,
    /* R 4.2: w <- wilcox.test(TIES, OTHER, alternative = "two.sided", correct = FALSE) */
    21.5, /* R: w$statistic */
    0.51498554815077879, /* R: w$p.value */
    FALSE,
  },
  {
    "rank-sum/ties-uncorrected-less", RANK_SUM, DATA (TIES), DATA (OTHER), 0, SONDE_ALTERNATIVE_LESS, TRUE, FALSE,
    /* R 4.2: w <- wilcox.test(TIES, OTHER, alternative = "less", correct = FALSE) */
    21.5, /* R: w$statistic */
    0.2574927740753894, /* R: w$p.value */
    FALSE,
  },
  {
    "rank-sum/ties-uncorrected-greater", RANK_SUM, DATA (TIES), DATA (OTHER), 0, SONDE_ALTERNATIVE_GREATER, TRUE, FALSE,
    /* R 4.2: w <- wilcox.test(TIES, OTHER, alternative = "greater", correct = FALSE) */
    21.5, /* R: w$statistic */
    0.7425072259246106, /* R: w$p.value */
    FALSE,
  },
  {
    "rank-sum/ties-two-sided", RANK_SUM, DATA (TIES), DATA (OTHER), 0, SONDE_ALTERNATIVE_TWO_SIDED, TRUE, TRUE,
    /* R 4.2: w <- wilcox.test(TIES, OTHER, alternative = "two.sided") */
    21.5, /* R: w$statistic */
    0.55391487222097413, /* R: w$p.value */
    FALSE,
  },
  {
    "rank-sum/ties-less", RANK_SUM, DATA (TIES), DATA (OTHER), 0, SONDE_ALTERNATIVE_LESS, TRUE, TRUE,
    /* R 4.2: w <- wilcox.test(TIES, OTHER, alternative = "less") */
    21.5, /* R: w$statistic */
    0.27695743611048707, /* R: w$p.value */
    FALSE,
  },
  {
    "rank-sum/ties-greater", RANK_SUM, DATA (TIES), DATA (OTHER), 0, SONDE_ALTERNATIVE_GREATER, TRUE, TRUE,
    /* R 4.2: w <- wilcox.test(TIES, OTHER, alternative = "greater") */
    21.5, /* R: w$statistic */
    0.76123622976394256, /* R: w$p.value */
    FALSE,
  },
  {
    "signed-rank/normal-two-sided", SIGNED, DATA (A), NONE, 1, SONDE_ALTERNATIVE_TWO_SIDED, FALSE, TRUE,
    /* R 4.2: w <- wilcox.test(A, mu = 1, alternative = "two.sided", exact = FALSE) */
    46, /* R: w$statistic */
    0.066545721343716127, /* R: w$p.value */
    FALSE,
  },
  {
    "signed-rank/normal-less", SIGNED, DATA (A), NONE, 1, SONDE_ALTERNATIVE_LESS, FALSE, TRUE,
    /* R 4.2: w <- wilcox.test(A, mu = 1, alternative = "less", exact = FALSE) */
    46, /* R: w$statistic */
    0.97360649968388768, /* R: w$p.value */
    FALSE,
  },
  {
    "signed-rank/normal-greater", SIGNED, DATA (A), NONE, 1, SONDE_ALTERNATIVE_GREATER, FALSE, TRUE,
    /* R 4.2: w <- wilcox.test(A, mu = 1, alternative = "greater", exact = FALSE) */
    46, /* R: w$statistic */
    0.033272860671858064, /* R: w$p.value */
    FALSE,
  },
  {
    "signed-rank/exact-two-sided", SIGNED, DATA (A), NONE, 1, SONDE_ALTERNATIVE_TWO_SIDED, TRUE, TRUE,
    /* R 4.2: w <- wilcox.test(A, mu = 1, alternative = "two.sided") */
    46, /* R: w$statistic */
    0.064453125, /* R: w$p.value */
    TRUE,
  },
  {
    "signed-rank/exact-less", SIGNED, DATA (A), NONE, 1, SONDE_ALTERNATIVE_LESS, TRUE, TRUE,
    /* R 4.2: w <- wilcox.test(A, mu = 1, alternative = "less") */
    46, /* R: w$statistic */
    0.9755859375, /* R: w$p.value */
    TRUE,
  },
  {
    "signed-rank/exact-greater", SIGNED, DATA (A), NONE, 1, SONDE_ALTERNATIVE_GREATER, TRUE, TRUE,
    /* R 4.2: w <- wilcox.test(A, mu = 1, alternative = "greater") */
    46, /* R: w$statistic */
    0.0322265625, /* R: w$p.value */
    TRUE,
  },
  {
    "signed-rank/zeros-ties-two-sided", SIGNED, DATA (SR), NONE, 0, SONDE_ALTERNATIVE_TWO_SIDED, TRUE, TRUE,
    /* R 4.2: w <- wilcox.test(SR, alternative = "two.sided") */
    34, /* R: w$statistic */
    0.19134502330380579, /* R: w$p.value */
    FALSE,
  },
  {
    "signed-rank/zeros-ties-less", SIGNED, DATA (SR), NONE, 0, SONDE_ALTERNATIVE_LESS, TRUE, TRUE,
    /* R 4.2: w <- wilcox.test(SR, alternative = "less") */
    34, /* R: w$statistic */
    0.92297822672812457, /* R: w$p.value */
    FALSE,
  },
  {
    "signed-rank/zeros-ties-greater", SIGNED, DATA (SR), NONE, 0, SONDE_ALTERNATIVE_GREATER, TRUE, TRUE,
    /* R 4.2: w <- wilcox.test(SR, alternative = "greater") */
    34, /* R: w$statistic */
    0.095672511651902895, /* R: w$p.value */
    FALSE,
  },
  {
    "signed-rank/zeros-two-sided", SIGNED, DATA (TIES), NONE, 3, SONDE_ALTERNATIVE_TWO_SIDED, TRUE, TRUE,
    /* R 4.2: w <- wilcox.test(TIES, mu = 3, alternative = "two.sided") */
    5, /* R: w$statistic */
    0.29450739368011009, /* R: w$p.value */
    FALSE,
  },
  {
    "signed-rank/zeros-less", SIGNED, DATA (TIES), NONE, 3, SONDE_ALTERNATIVE_LESS, TRUE, TRUE,
    /* R 4.2: w <- wilcox.test(TIES, mu = 3, alternative = "less") */
    5, /* R: w$statistic */
    0.14725369684005504, /* R: w$p.value */
    FALSE,
  },
  {
    "signed-rank/zeros-greater", SIGNED, DATA (TIES), NONE, 3, SONDE_ALTERNATIVE_GREATER, TRUE, TRUE,
    /* R 4.2: w <- wilcox.test(TIES, mu = 3, alternative = "greater") */
    5, /* R: w$statistic */
    0.8957935981579257, /* R: w$p.value */
    FALSE,
  },
  {
    "paired/exact-two-sided", PAIRED, DATA (X1), DATA (Y1), 0, SONDE_ALTERNATIVE_TWO_SIDED, TRUE, TRUE,
    /* R 4.2: w <- wilcox.test(X1, Y1, paired = TRUE, alternative = "two.sided") */
    40, /* R: w$statistic */
    0.0390625, /* R: w$p.value */
    TRUE,
  },
  {
    "paired/exact-less", PAIRED, DATA (X1), DATA (Y1), 0, SONDE_ALTERNATIVE_LESS, TRUE, TRUE,
    /* R 4.2: w <- wilcox.test(X1, Y1, paired = TRUE, alternative = "less") */
    40, /* R: w$statistic */
    0.986328125, /* R: w$p.value */
    TRUE,
  },
  {
    "paired/exact-greater", PAIRED, DATA (X1), DATA (Y1), 0, SONDE_ALTERNATIVE_GREATER, TRUE, TRUE,
    /* R 4.2: w <- wilcox.test(X1, Y1, paired = TRUE, alternative = "greater") */
    40, /* R: w$statistic */
    0.01953125, /* R: w$p.value */
    TRUE,
  },
  {
    "paired/ties-mu-two-sided", PAIRED, TIES, 7, DATA (OTHER), 0.5, SONDE_ALTERNATIVE_TWO_SIDED, TRUE, TRUE,
    /* R 4.2: w <- wilcox.test(TIES[1:7], OTHER, paired = TRUE, alternative = "two.sided", mu = 0.5) */
    1, /* R: w$statistic */
    0.20124262095772402, /* R: w$p.value */
    FALSE,
  },
  {
    "paired/ties-mu-less", PAIRED, TIES, 7, DATA (OTHER), 0.5, SONDE_ALTERNATIVE_LESS, TRUE, TRUE,
    /* R 4.2: w <- wilcox.test(TIES[1:7], OTHER, paired = TRUE, alternative = "less", mu = 0.5) */
    1, /* R: w$statistic */
    0.10062131047886201, /* R: w$p.value */
    FALSE,
  },
  {
    "paired/ties-mu-greater", PAIRED, TIES, 7, DATA (OTHER), 0.5, SONDE_ALTERNATIVE_GREATER, TRUE, TRUE,
    /* R 4.2: w <- wilcox.test(TIES[1:7], OTHER, paired = TRUE, alternative = "greater", mu = 0.5) */
    1, /* R: w$statistic */
    0.94982587676885455, /* R: w$p.value */
    FALSE,
  },
};

static void
test_wilcoxon (gconstpointer data)
{
  const WilcoxonCase *c = data;
  g_autoptr(GError) error = NULL;
  SondeWilcoxon r = { 0 };
  gboolean ok;

  if (c->kind == RANK_SUM)
    ok = sonde_stats_wilcoxon_rank_sum (c->x, c->nx, c->y, c->ny, c->mu, c->alternative,
                                        c->allow_exact, c->correct, &r, &error);
  else if (c->kind == SIGNED)
    ok = sonde_stats_wilcoxon_signed_rank (c->x, c->nx, c->mu, c->alternative,
                                           c->allow_exact, c->correct, &r, &error);
  else
    ok = sonde_stats_wilcoxon_paired (c->x, c->y, c->ny, c->mu, c->alternative,
                                      c->allow_exact, c->correct, &r, &error);

  g_assert_no_error (error);
  g_assert_true (ok);
  assert_close ("statistic", r.statistic, c->statistic);
  assert_close ("p", r.p, c->p);
  g_assert_cmpint (r.exact, ==, c->exact);
}

static void
test_wilcoxon_counts (void)
{
  g_autoptr(GError) error = NULL;
  SondeWilcoxon r = { 0 };

  /* Missing values are left out of each sample. */
  g_assert_true (sonde_stats_wilcoxon_rank_sum (DATA (TIES), DATA (OTHER), 0, SONDE_ALTERNATIVE_TWO_SIDED,
                                                TRUE, TRUE, &r, &error));
  g_assert_cmpuint (r.n1, ==, 9);
  g_assert_cmpuint (r.n2, ==, 6);
  /* R: sum(SR != 0, na.rm = TRUE) is 9: the zeros are dropped. */
  g_assert_true (sonde_stats_wilcoxon_signed_rank (DATA (SR), 0, SONDE_ALTERNATIVE_TWO_SIDED,
                                                   TRUE, TRUE, &r, &error));
  g_assert_cmpuint (r.n1, ==, 9);
  g_assert_cmpuint (r.n2, ==, 0);
  /* R: d <- TIES[1:7] - OTHER - 0.5; sum(d != 0, na.rm = TRUE) is 4 */
  g_assert_true (sonde_stats_wilcoxon_paired (TIES, OTHER, 7, 0.5, SONDE_ALTERNATIVE_TWO_SIDED,
                                              TRUE, TRUE, &r, &error));
  g_assert_cmpuint (r.n1, ==, 4);
  g_assert_no_error (error);
}

static void
test_wilcoxon_errors (void)
{
  static const double missing[] = { NAN, NAN };
  static const double same[] = { 2.0, 2.0, 2.0 };
  static const double pair_x[] = { 1.0, NAN, 3.0 };
  static const double pair_y[] = { NAN, 2.0, 3.0 };
  g_autoptr(GError) error = NULL;
  SondeWilcoxon r = { 0 };

  g_assert_false (sonde_stats_wilcoxon_rank_sum (DATA (missing), DATA (B), 0, SONDE_ALTERNATIVE_TWO_SIDED,
                                                 TRUE, TRUE, &r, &error));
  g_assert_error (error, SONDE_ERROR, SONDE_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "The first sample has no value that is not missing: a rank-sum test needs at least 1 in each sample.");
  g_clear_error (&error);

  g_assert_false (sonde_stats_wilcoxon_rank_sum (DATA (B), NONE, 0, SONDE_ALTERNATIVE_TWO_SIDED,
                                                 TRUE, TRUE, &r, &error));
  g_assert_error (error, SONDE_ERROR, SONDE_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "The second sample has no value that is not missing: a rank-sum test needs at least 1 in each sample.");
  g_clear_error (&error);

  g_assert_false (sonde_stats_wilcoxon_rank_sum (DATA (same), DATA (same), 0, SONDE_ALTERNATIVE_TWO_SIDED,
                                                 TRUE, TRUE, &r, &error));
  g_assert_error (error, SONDE_ERROR, SONDE_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "All values are equal: a rank-sum test needs some spread.");
  g_clear_error (&error);

  g_assert_false (sonde_stats_wilcoxon_signed_rank (DATA (missing), 0, SONDE_ALTERNATIVE_TWO_SIDED,
                                                    TRUE, TRUE, &r, &error));
  g_assert_error (error, SONDE_ERROR, SONDE_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "The sample has no value that is not missing: a signed-rank test needs at least 1.");
  g_clear_error (&error);

  g_assert_false (sonde_stats_wilcoxon_signed_rank (DATA (same), 2.0, SONDE_ALTERNATIVE_TWO_SIDED,
                                                    TRUE, TRUE, &r, &error));
  g_assert_error (error, SONDE_ERROR, SONDE_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "Every difference is zero, so no rank is left: a signed-rank test needs at least one value that differs from the median under test.");
  g_clear_error (&error);

  g_assert_false (sonde_stats_wilcoxon_paired (pair_x, pair_y, 2, 0, SONDE_ALTERNATIVE_TWO_SIDED,
                                               TRUE, TRUE, &r, &error));
  g_assert_error (error, SONDE_ERROR, SONDE_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "No pair has both values: a paired signed-rank test needs at least 1 complete pair.");
  g_clear_error (&error);

  /* The third pair is complete but its difference is zero. */
  g_assert_false (sonde_stats_wilcoxon_paired (pair_x, pair_y, 3, 0, SONDE_ALTERNATIVE_TWO_SIDED,
                                               TRUE, TRUE, &r, &error));
  g_assert_error (error, SONDE_ERROR, SONDE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Every difference is zero"));

  /* The result is left untouched on error. */
  g_assert_cmpfloat (r.statistic, ==, 0.0);
  g_assert_cmpfloat (r.p, ==, 0.0);
}

static void
test_kruskal (void)
{
  g_autoptr(GError) error = NULL;
  SondeKruskal k = { 0 };
  double values[G_N_ELEMENTS (TIES) + G_N_ELEMENTS (OTHER) + G_N_ELEMENTS (THIRD)];
  guint groups[G_N_ELEMENTS (values)];
  guint n = 0;

  /* Group 2 has no value: it takes no part, as an unused level in R. */
  for (guint i = 0; i < G_N_ELEMENTS (TIES); i++, n++)
    values[n] = TIES[i], groups[n] = 0;
  for (guint i = 0; i < G_N_ELEMENTS (OTHER); i++, n++)
    values[n] = OTHER[i], groups[n] = 1;
  for (guint i = 0; i < G_N_ELEMENTS (THIRD); i++, n++)
    values[n] = THIRD[i], groups[n] = 3;

  /* R 4.2: y <- c(TIES, OTHER, THIRD);
   *   g <- factor(c(rep(0, 10), rep(1, 7), rep(3, 3)), levels = 0:3);
   *   k <- kruskal.test(y, g) */
  g_assert_true (sonde_stats_kruskal_wallis (values, groups, n, 4, &k, &error));
  g_assert_no_error (error);
  assert_close ("statistic", k.statistic, 7.4384797141539929); /* R: k$statistic */
  assert_close ("df", k.df, 2); /* R: k$parameter */
  assert_close ("p", k.p, 0.024252396128022165); /* R: k$p.value */
  g_assert_cmpuint (k.n, ==, 18);
}

static void
test_kruskal_errors (void)
{
  static const double v[] = { 1.0, 2.0, NAN, 3.0 };
  static const double same[] = { 4.0, 4.0, 4.0, 4.0 };
  static const guint one_group[] = { 1, 1, 0, 1 };
  static const guint two_groups[] = { 0, 1, 0, 1 };
  g_autoptr(GError) error = NULL;
  SondeKruskal k = { 0 };

  g_assert_false (sonde_stats_kruskal_wallis (v, one_group, 4, 2, &k, &error));
  g_assert_error (error, SONDE_ERROR, SONDE_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "Only one group has values: a Kruskal-Wallis test compares at least 2 groups.");
  g_clear_error (&error);

  g_assert_false (sonde_stats_kruskal_wallis (v, one_group, 0, 2, &k, &error));
  g_assert_error (error, SONDE_ERROR, SONDE_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "No group has values: a Kruskal-Wallis test compares at least 2 groups.");
  g_clear_error (&error);

  g_assert_false (sonde_stats_kruskal_wallis (same, two_groups, 4, 2, &k, &error));
  g_assert_error (error, SONDE_ERROR, SONDE_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "All values are equal: a Kruskal-Wallis test needs some spread.");
  g_assert_cmpfloat (k.statistic, ==, 0.0);
}

typedef struct
{
  const char   *name;
  const double *x;
  gsize         n;
  guint         n_used;
  double        w;
  double        p;
} ShapiroCase;

/* R: sleep$extra */
static const double SLEEP[] = { 0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0,
                                1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4 };
static const double N3[] = { 1, 2, 4 };
static const double N3_TINY[] = { 1, 2, 2.0000001 };
static const double N4[] = { 2.1, 3.5, 3.9, 8 };
static const double N5[] = { 2.1, 3.5, 3.9, 8, NAN, 1 };
static double SIN100[100];
static double SKEW60[60];
static double CUBES30[30];

static const ShapiroCase sw_cases[] = {
  /* R 4.2: s <- shapiro.test(x); s$statistic and s$p.value */
  { "n3", DATA (N3), 3, 0.96428571428571419, 0.6368868450289632 }, /* R: x <- c(1, 2, 4) */
  { "n3-tiny-p", DATA (N3_TINY), 3, 0.75000007499999233, 1.6539865523525785e-07 }, /* R: x <- c(1, 2, 2.0000001) */
  { "n4", DATA (N4), 4, 0.87975591216546423, 0.33759442573800741 }, /* R: x <- c(2.1, 3.5, 3.9, 8) */
  { "n5-missing", DATA (N5), 5, 0.91051315814472078, 0.47068031758964374 }, /* R: x <- c(2.1, 3.5, 3.9, 8, NA, 1) */
  { "ties", DATA (TIES), 9, 0.9142324805787696, 0.34663147597286148 }, /* R: x <- TIES */
  { "sleep", DATA (SLEEP), 20, 0.94607276250996897, 0.31137541672322422 }, /* R: x <- sleep$extra */
  { "sin100", DATA (SIN100), 100, 0.98104934952306233, 0.1603377324207553 }, /* R: x <- sin(1:100) * 10 + (1:100) / 7 */
  { "cubes30", DATA (CUBES30), 30, 0.83164187531307743, 0.00026194355618054454 }, /* R: x <- ((1:30) / 30)^3 */
  { "skew60", DATA (SKEW60), 60, 0.82821913934428937, 7.3450881979477137e-07 }, /* R: x <- exp(cos(1:60) * 1.5) */
};

static void
test_shapiro (gconstpointer data)
{
  const ShapiroCase *c = data;
  g_autoptr(GError) error = NULL;
  SondeShapiro r = { 0 };

  g_assert_true (sonde_stats_shapiro_wilk (c->x, c->n, &r, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (r.n, ==, c->n_used);
  assert_close ("W", r.w, c->w);
  assert_close ("p", r.p, c->p);
}

static void
test_shapiro_errors (void)
{
  static const double two[] = { 1.0, NAN, 2.0 };
  static const double same[] = { 3.0, 3.0, 3.0, 3.0 };
  g_autofree double *big = g_new (double, 5001);
  g_autoptr(GError) error = NULL;
  SondeShapiro r = { 0 };

  for (guint i = 0; i < 5001; i++)
    big[i] = i;

  g_assert_false (sonde_stats_shapiro_wilk (DATA (two), &r, &error));
  g_assert_error (error, SONDE_ERROR, SONDE_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "The sample has fewer than 3 values that are not missing: a Shapiro-Wilk test needs from 3 to 5000 values.");
  g_clear_error (&error);

  g_assert_false (sonde_stats_shapiro_wilk (big, 5001, &r, &error));
  g_assert_error (error, SONDE_ERROR, SONDE_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "The sample has more than 5000 values that are not missing: a Shapiro-Wilk test needs from 3 to 5000 values; test a random subset of them.");
  g_clear_error (&error);

  /* 5000 values are fine. */
  g_assert_true (sonde_stats_shapiro_wilk (big, 5000, &r, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (r.n, ==, 5000);

  r.w = 0.0;
  g_assert_false (sonde_stats_shapiro_wilk (DATA (same), &r, &error));
  g_assert_error (error, SONDE_ERROR, SONDE_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "All values are equal: a Shapiro-Wilk test needs some spread.");
  g_assert_cmpfloat (r.w, ==, 0.0);
}

/* R 4.2: d <- read.csv("data/samples/students.csv", na.strings = c("", "NA")) */
static void
test_students (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("SONDE_SAMPLES_DIR"), "students.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(SondeCsvReader) reader = sonde_csv_reader_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SondeTable) table = NULL;
  g_autoptr(GArray) yes = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) no = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) grades = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GHashTable) index_of = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree double *hours_all = NULL;
  g_autofree guint *programme_of = NULL;
  SondeColumn *hours, *passed, *programme, *grade;
  SondeWilcoxon w = { 0 };
  SondeKruskal k = { 0 };
  SondeShapiro s = { 0 };
  guint n_rows;

  table = sonde_csv_reader_read_file (reader, file, NULL, &error);
  g_assert_no_error (error);
  hours = sonde_table_find_column (table, "hours_studied_per_week");
  passed = sonde_table_find_column (table, "passed");
  programme = sonde_table_find_column (table, "programme");
  grade = sonde_table_find_column (table, "previous_grade");
  g_assert_nonnull (hours);
  g_assert_nonnull (passed);
  g_assert_nonnull (programme);
  g_assert_nonnull (grade);

  n_rows = sonde_column_get_n_rows (hours);
  hours_all = g_new (double, n_rows);
  programme_of = g_new (guint, n_rows);
  for (guint row = 0; row < n_rows; row++)
    {
      double h = sonde_column_get_number (hours, row);
      double g = sonde_column_get_number (grade, row);
      g_autofree char *label = NULL;
      gpointer found;

      g_assert_false (sonde_column_is_missing (passed, row));
      g_assert_false (sonde_column_is_missing (programme, row));
      g_assert_cmpint (sonde_column_get_column_type (passed), ==, SONDE_COLUMN_TYPE_BOOLEAN);
      /* passed is read as yes/no: 1 for "yes". */
      g_array_append_val (sonde_column_get_number (passed, row) != 0.0 ? yes : no, h);
      g_array_append_val (grades, g);

      hours_all[row] = h;
      label = sonde_column_format_value (programme, row);
      if (!g_hash_table_lookup_extended (index_of, label, NULL, &found))
        {
          found = GUINT_TO_POINTER (g_hash_table_size (index_of));
          g_hash_table_insert (index_of, g_steal_pointer (&label), found);
        }
      programme_of[row] = GPOINTER_TO_UINT (found);
    }

  /* R: w <- wilcox.test(d$hours_studied_per_week[d$passed == "yes"],
   *                     d$hours_studied_per_week[d$passed == "no"]) */
  g_assert_true (sonde_stats_wilcoxon_rank_sum ((double *) (gpointer) yes->data, yes->len,
                                                (double *) (gpointer) no->data, no->len,
                                                0, SONDE_ALTERNATIVE_TWO_SIDED, TRUE, TRUE,
                                                &w, &error));
  g_assert_no_error (error);
  assert_close ("W", w.statistic, 45542.5); /* R: w$statistic */
  assert_close ("p", w.p, 2.6790942593626744e-06); /* R: w$p.value */
  g_assert_false (w.exact);

  /* R: k <- kruskal.test(d$hours_studied_per_week, factor(d$programme))
   * ("data science" is a deliberate misspelling in the sample: a group of its own.) */
  g_assert_cmpuint (g_hash_table_size (index_of), ==, 5);
  g_assert_true (sonde_stats_kruskal_wallis (hours_all, programme_of, n_rows, 5, &k, &error));
  g_assert_no_error (error);
  assert_close ("H", k.statistic, 8.4028650229788635); /* R: k$statistic */
  assert_close ("df", k.df, 4); /* R: k$parameter */
  assert_close ("p", k.p, 0.077886827074380036); /* R: k$p.value */

  /* R: s <- shapiro.test(d$previous_grade); sum(!is.na(d$previous_grade)) is 558 */
  g_assert_true (sonde_stats_shapiro_wilk ((double *) (gpointer) grades->data, grades->len, &s, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (s.n, ==, 558);
  assert_close ("W", s.w, 0.99757190848520882); /* R: s$statistic */
  assert_close ("p", s.p, 0.59859203651204029); /* R: s$p.value */
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  /* The same formulas as in R, with the same libm functions. */
  for (guint i = 0; i < G_N_ELEMENTS (SIN100); i++)
    SIN100[i] = sin (i + 1.0) * 10 + (i + 1.0) / 7;
  for (guint i = 0; i < G_N_ELEMENTS (SKEW60); i++)
    SKEW60[i] = exp (cos (i + 1.0) * 1.5);
  for (guint i = 0; i < G_N_ELEMENTS (CUBES30); i++)
    CUBES30[i] = pow ((i + 1.0) / 30, 3);

  for (guint i = 0; i < G_N_ELEMENTS (w_cases); i++)
    {
      g_autofree char *path = g_strconcat ("/engine/stats/wilcoxon/", w_cases[i].name, NULL);

      g_test_add_data_func (path, &w_cases[i], test_wilcoxon);
    }
  g_test_add_func ("/engine/stats/wilcoxon/counts", test_wilcoxon_counts);
  g_test_add_func ("/engine/stats/wilcoxon/errors", test_wilcoxon_errors);
  g_test_add_func ("/engine/stats/kruskal/ties", test_kruskal);
  g_test_add_func ("/engine/stats/kruskal/errors", test_kruskal_errors);
  for (guint i = 0; i < G_N_ELEMENTS (sw_cases); i++)
    {
      g_autofree char *path = g_strconcat ("/engine/stats/shapiro/", sw_cases[i].name, NULL);

      g_test_add_data_func (path, &sw_cases[i], test_shapiro);
    }
  g_test_add_func ("/engine/stats/shapiro/errors", test_shapiro_errors);
  g_test_add_func ("/engine/stats/students", test_students);

  return g_test_run ();
}
