/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sonde-stats-rank"

/* Tests on ranks and a test of normality: Wilcoxon's rank-sum test (the
 * Mann-Whitney U test), Wilcoxon's signed-rank test (one sample or
 * paired), the Kruskal-Wallis test and the Shapiro-Wilk test. Every
 * figure is meant to match R 4.2 (wilcox.test() and kruskal.test() with
 * their defaults, shapiro.test()), and the tests check them against R to
 * a relative 1e-6.
 *
 * Missing values are NaN and are left out; the paired test leaves out a
 * pair as soon as one of its values is missing. Ties share the mean of
 * their ranks. The exact distributions of W and V are counted with a
 * plain recurrence over the ranks, used as R does: below 50 values per
 * sample, when there are no ties (and, for V, no zero).
 *
 * The Shapiro-Wilk coefficients and p-value follow Royston (1995),
 * "Remark AS R94: A remark on algorithm AS 181: the W-test for
 * normality", Applied Statistics 44(4), 547–551: approximate
 * coefficients from the expected normal order statistics, and a normal
 * approximation of a transform of W (n from 4 to 11, and from 12 on);
 * for n = 3 the exact distribution of W.
 */

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sort.h>

#include "sonde-error.h"
#include "sonde-stats-rank.h"

/* Copies the values of @x that are not NaN, minus @shift, into a new
 * array. */
static double *
drop_missing (const double *x,
              gsize         n,
              double        shift,
              gsize        *n_kept)
{
  double *kept = g_new (double, MAX (n, 1));
  gsize k = 0;

  for (gsize i = 0; i < n; i++)
    if (!isnan (x[i]))
      kept[k++] = x[i] - shift;

  *n_kept = k;
  return kept;
}

/* Stores in @ranks the ranks of @v (ties get the mean of their ranks,
 * as R's rank()) and returns the sum of t³ − t over the groups of t tied
 * values. */
static double
rank_values (const double *v,
             gsize         n,
             double       *ranks)
{
  g_autofree size_t *order = g_new (size_t, MAX (n, 1));
  double ties = 0.0;
  gsize i = 0;

  gsl_sort_index (order, v, 1, n);
  while (i < n)
    {
      gsize j = i + 1;
      double mean_rank;

      while (j < n && v[order[j]] == v[order[i]])
        j++;
      /* Ranks i + 1 to j, counted from 1. */
      mean_rank = (i + 1 + j) / 2.0;
      for (gsize k = i; k < j; k++)
        ranks[order[k]] = mean_rank;
      ties += (double) (j - i) * (j - i) * (j - i) - (double) (j - i);
      i = j;
    }

  return ties;
}

/* The p-value of the normal approximation for the centred statistic @z
 * (the statistic minus its mean) with standard deviation @sigma. */
static double
normal_p (double            z,
          double            sigma,
          SondeAlternative  alternative,
          gboolean          correct)
{
  double correction = 0.0;

  switch (alternative)
    {
    case SONDE_ALTERNATIVE_LESS:
      if (correct)
        correction = -0.5;
      return gsl_cdf_ugaussian_P ((z - correction) / sigma);
    case SONDE_ALTERNATIVE_GREATER:
      if (correct)
        correction = 0.5;
      return gsl_cdf_ugaussian_Q ((z - correction) / sigma);
    case SONDE_ALTERNATIVE_TWO_SIDED:
    default:
      if (correct)
        correction = z > 0 ? 0.5 : z < 0 ? -0.5 : 0.0;
      z = (z - correction) / sigma;
      return 2 * MIN (gsl_cdf_ugaussian_P (z), gsl_cdf_ugaussian_Q (z));
    }
}

/* The exact p-value from @counts, the number of ways to reach each value
 * 0 … @max of a statistic symmetric about @max / 2, out of @total. */
static double
exact_p (const double     *counts,
         guint             max,
         double            total,
         double            statistic,
         SondeAlternative  alternative)
{
  guint s = (guint) statistic;
  double lower = 0.0, upper = 0.0;

  /* P(S ≤ s) and P(S ≥ s). */
  for (guint i = 0; i <= s; i++)
    lower += counts[i];
  for (guint i = s; i <= max; i++)
    upper += counts[i];
  lower /= total;
  upper /= total;

  switch (alternative)
    {
    case SONDE_ALTERNATIVE_LESS:
      return lower;
    case SONDE_ALTERNATIVE_GREATER:
      return upper;
    case SONDE_ALTERNATIVE_TWO_SIDED:
    default:
      return MIN (1.0, 2 * (statistic > max / 2.0 ? upper : lower));
    }
}

/* The exact p-value of W for samples of @m and @n values without ties.
 * ways[j][s] counts the sets of j ranks among those seen so far whose
 * sum is s; W is the sum of the ranks of x minus m (m + 1) / 2. */
static double
rank_sum_exact_p (guint             m,
                  guint             n,
                  double            w,
                  SondeAlternative  alternative)
{
  guint big = m + n;
  guint max_sum = big * (big + 1) / 2;
  guint max_w = m * n;
  g_autofree double *ways = g_new0 (double, (gsize) (m + 1) * (max_sum + 1));
  g_autofree double *counts = g_new (double, max_w + 1);
  double total = 0.0;

#define WAYS(j, s) ways[(gsize) (j) * (max_sum + 1) + (s)]
  WAYS (0, 0) = 1.0;
  for (guint r = 1; r <= big; r++)
    for (guint j = MIN (r, m); j >= 1; j--)
      for (guint s = max_sum; s >= r; s--)
        WAYS (j, s) += WAYS (j - 1, s - r);

  for (guint u = 0; u <= max_w; u++)
    {
      counts[u] = WAYS (m, u + m * (m + 1) / 2);
      total += counts[u];
    }
#undef WAYS

  return exact_p (counts, max_w, total, w, alternative);
}

/* The exact p-value of V for @n differences without ties or zeros:
 * counts[s] is the number of subsets of the ranks 1 … n summing to s. */
static double
signed_rank_exact_p (guint             n,
                     double            v,
                     SondeAlternative  alternative)
{
  guint max_v = n * (n + 1) / 2;
  g_autofree double *counts = g_new0 (double, max_v + 1);

  counts[0] = 1.0;
  for (guint r = 1; r <= n; r++)
    for (guint s = max_v; s >= r; s--)
      counts[s] += counts[s - r];

  return exact_p (counts, max_v, ldexp (1.0, (int) n), v, alternative);
}

/**
 * sonde_stats_wilcoxon_rank_sum:
 * @x: (array length=nx): the first sample, NaN for a missing value
 * @nx: the length of @x
 * @y: (array length=ny): the second sample, NaN for a missing value
 * @ny: the length of @y
 * @mu: the shift of location of @x against @y under the null hypothesis
 * @alternative: the alternative hypothesis
 * @allow_exact: %TRUE to use the exact distribution when both samples
 *   have fewer than 50 values and there are no ties, as R does by
 *   default; %FALSE for the normal approximation always
 *   (`exact = FALSE`)
 * @correct: %TRUE for the continuity correction of the normal
 *   approximation, as R's default
 * @result: (out caller-allocates): where to store the result
 * @error: return location for a #GError
 *
 * Wilcoxon's rank-sum test, also known as the Mann-Whitney U test, as
 * R's `wilcox.test(x, y, mu = mu)`. The normal approximation is
 * corrected for ties.
 *
 * Fails with %SONDE_ERROR_INVALID, leaving @result untouched, when a
 * sample has no value that is not missing, or when all values are equal.
 *
 * Returns: %TRUE on success.
 */
gboolean
sonde_stats_wilcoxon_rank_sum (const double      *x,
                               gsize              nx,
                               const double      *y,
                               gsize              ny,
                               double             mu,
                               SondeAlternative   alternative,
                               gboolean           allow_exact,
                               gboolean           correct,
                               SondeWilcoxon     *result,
                               GError           **error)
{
  g_autofree double *vx = NULL;
  g_autofree double *vy = NULL;
  g_autofree double *all = NULL;
  g_autofree double *ranks = NULL;
  SondeWilcoxon r = { 0 };
  gsize m, n;
  double ties, w = 0.0;

  g_return_val_if_fail (x != NULL || nx == 0, FALSE);
  g_return_val_if_fail (y != NULL || ny == 0, FALSE);
  g_return_val_if_fail (result != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  vx = drop_missing (x, nx, mu, &m);
  vy = drop_missing (y, ny, 0.0, &n);
  if (m == 0 || n == 0)
    {
      g_set_error_literal (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                           m == 0 ? _("The first sample has no value that is not missing: a rank-sum test needs at least 1 in each sample.")
                                  : _("The second sample has no value that is not missing: a rank-sum test needs at least 1 in each sample."));
      return FALSE;
    }

  all = g_new (double, m + n);
  ranks = g_new (double, m + n);
  memcpy (all, vx, m * sizeof (double));
  memcpy (all + m, vy, n * sizeof (double));
  ties = rank_values (all, m + n, ranks);
  for (gsize i = 0; i < m; i++)
    w += ranks[i];
  w -= m * (m + 1) / 2.0;

  r.statistic = w;
  r.n1 = m;
  r.n2 = n;
  if (allow_exact && m < 50 && n < 50 && ties == 0.0)
    {
      r.exact = TRUE;
      r.p = rank_sum_exact_p (m, n, w, alternative);
    }
  else
    {
      double total = m + n;
      double sigma = sqrt ((m * (double) n / 12) *
                           ((total + 1) - ties / (total * (total - 1))));

      if (!(sigma > 0.0))
        {
          g_set_error_literal (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                               _("All values are equal: a rank-sum test needs some spread."));
          return FALSE;
        }
      r.p = normal_p (w - m * (double) n / 2, sigma, alternative, correct);
    }

  *result = r;
  return TRUE;
}

/* The signed-rank test of the differences @d (none missing) against 0. */
static gboolean
signed_rank (double            *d,
             gsize              n,
             SondeAlternative   alternative,
             gboolean           allow_exact,
             gboolean           correct,
             SondeWilcoxon     *result,
             GError           **error)
{
  g_autofree double *ranks = NULL;
  SondeWilcoxon r = { 0 };
  gboolean zeros = FALSE;
  gsize k = 0;
  double ties, v = 0.0;

  for (gsize i = 0; i < n; i++)
    {
      if (d[i] == 0.0)
        zeros = TRUE;
      else
        d[k++] = d[i];
    }
  if (k == 0)
    {
      g_set_error_literal (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                           _("Every difference is zero, so no rank is left: a signed-rank test needs at least one value that differs from the median under test."));
      return FALSE;
    }

  {
    g_autofree double *abs_d = g_new (double, k);

    for (gsize i = 0; i < k; i++)
      abs_d[i] = fabs (d[i]);
    ranks = g_new (double, k);
    ties = rank_values (abs_d, k, ranks);
  }
  for (gsize i = 0; i < k; i++)
    if (d[i] > 0)
      v += ranks[i];

  r.statistic = v;
  r.n1 = k;
  if (allow_exact && k < 50 && ties == 0.0 && !zeros)
    {
      r.exact = TRUE;
      r.p = signed_rank_exact_p (k, v, alternative);
    }
  else
    {
      double kk = k;
      double sigma = sqrt (kk * (kk + 1) * (2 * kk + 1) / 24 - ties / 48);

      r.p = normal_p (v - kk * (kk + 1) / 4, sigma, alternative, correct);
    }

  *result = r;
  return TRUE;
}

/**
 * sonde_stats_wilcoxon_signed_rank:
 * @x: (array length=n): the values, NaN for a missing one
 * @n: the length of @x
 * @mu: the centre of symmetry (median) under the null hypothesis
 * @alternative: the alternative hypothesis
 * @allow_exact: %TRUE to use the exact distribution when fewer than 50
 *   differences are left and there are no ties and no zeros, as R does
 *   by default; %FALSE for the normal approximation always
 * @correct: %TRUE for the continuity correction of the normal
 *   approximation, as R's default
 * @result: (out caller-allocates): where to store the result
 * @error: return location for a #GError
 *
 * Wilcoxon's signed-rank test of @x against @mu, as R's
 * `wilcox.test(x, mu = mu)`: the values equal to @mu are dropped, the
 * others ranked by their distance to @mu, and the normal approximation
 * is corrected for ties.
 *
 * Fails with %SONDE_ERROR_INVALID, leaving @result untouched, when all
 * values are missing, or when all of them equal @mu.
 *
 * Returns: %TRUE on success.
 */
gboolean
sonde_stats_wilcoxon_signed_rank (const double      *x,
                                  gsize              n,
                                  double             mu,
                                  SondeAlternative   alternative,
                                  gboolean           allow_exact,
                                  gboolean           correct,
                                  SondeWilcoxon     *result,
                                  GError           **error)
{
  g_autofree double *d = NULL;
  gsize k;

  g_return_val_if_fail (x != NULL || n == 0, FALSE);
  g_return_val_if_fail (result != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  d = drop_missing (x, n, mu, &k);
  if (k == 0)
    {
      g_set_error_literal (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                           _("The sample has no value that is not missing: a signed-rank test needs at least 1."));
      return FALSE;
    }

  return signed_rank (d, k, alternative, allow_exact, correct, result, error);
}

/**
 * sonde_stats_wilcoxon_paired:
 * @x: (array length=n): the first values of the pairs, NaN for a missing
 *   one
 * @y: (array length=n): the second values of the pairs, NaN for a
 *   missing one
 * @n: the number of pairs
 * @mu: the centre of symmetry of the differences x − y under the null
 *   hypothesis
 * @alternative: the alternative hypothesis
 * @allow_exact: as for sonde_stats_wilcoxon_signed_rank()
 * @correct: as for sonde_stats_wilcoxon_signed_rank()
 * @result: (out caller-allocates): where to store the result
 * @error: return location for a #GError
 *
 * Wilcoxon's signed-rank test of the differences x − y, as R's
 * `wilcox.test(x, y, mu = mu, paired = TRUE)`. A pair is left out as
 * soon as one of its values is missing.
 *
 * Fails with %SONDE_ERROR_INVALID, leaving @result untouched, when no
 * pair is complete, or when all differences equal @mu.
 *
 * Returns: %TRUE on success.
 */
gboolean
sonde_stats_wilcoxon_paired (const double      *x,
                             const double      *y,
                             gsize              n,
                             double             mu,
                             SondeAlternative   alternative,
                             gboolean           allow_exact,
                             gboolean           correct,
                             SondeWilcoxon     *result,
                             GError           **error)
{
  g_autofree double *d = NULL;
  gsize k = 0;

  g_return_val_if_fail ((x != NULL && y != NULL) || n == 0, FALSE);
  g_return_val_if_fail (result != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  d = g_new (double, MAX (n, 1));
  for (gsize i = 0; i < n; i++)
    if (!isnan (x[i]) && !isnan (y[i]))
      d[k++] = x[i] - y[i] - mu;
  if (k == 0)
    {
      g_set_error_literal (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                           _("No pair has both values: a paired signed-rank test needs at least 1 complete pair."));
      return FALSE;
    }

  return signed_rank (d, k, alternative, allow_exact, correct, result, error);
}

/**
 * sonde_stats_kruskal_wallis:
 * @values: (array length=n): the values, NaN for a missing one
 * @groups: (array length=n): the group of each value, below @n_groups
 * @n: the number of values
 * @n_groups: the number of groups
 * @result: (out caller-allocates): where to store the result
 * @error: return location for a #GError
 *
 * The Kruskal-Wallis rank-sum test of @values by @groups, as R's
 * `kruskal.test(values, factor(groups))`, corrected for ties. Missing
 * values are left out; a group left without values takes no part.
 *
 * Fails with %SONDE_ERROR_INVALID, leaving @result untouched, when fewer
 * than two groups have values or when all values are equal.
 *
 * Returns: %TRUE on success.
 */
gboolean
sonde_stats_kruskal_wallis (const double   *values,
                            const guint    *groups,
                            gsize           n,
                            guint           n_groups,
                            SondeKruskal   *result,
                            GError        **error)
{
  g_autofree double *v = NULL;
  g_autofree guint *g = NULL;
  g_autofree double *ranks = NULL;
  g_autofree double *rank_sum = NULL;
  g_autofree guint *count = NULL;
  SondeKruskal r = { 0 };
  double ties, h = 0.0, total;
  gsize k = 0;
  guint used = 0;

  g_return_val_if_fail ((values != NULL && groups != NULL) || n == 0, FALSE);
  g_return_val_if_fail (result != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  v = g_new (double, MAX (n, 1));
  g = g_new (guint, MAX (n, 1));
  for (gsize i = 0; i < n; i++)
    {
      g_return_val_if_fail (groups[i] < n_groups, FALSE);
      if (isnan (values[i]))
        continue;
      v[k] = values[i];
      g[k++] = groups[i];
    }

  rank_sum = g_new0 (double, MAX (n_groups, 1));
  count = g_new0 (guint, MAX (n_groups, 1));
  ranks = g_new (double, MAX (k, 1));
  ties = rank_values (v, k, ranks);
  for (gsize i = 0; i < k; i++)
    {
      rank_sum[g[i]] += ranks[i];
      count[g[i]]++;
    }
  for (guint j = 0; j < n_groups; j++)
    if (count[j] > 0)
      {
        used++;
        h += rank_sum[j] * rank_sum[j] / count[j];
      }

  if (used < 2)
    {
      g_set_error_literal (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                           used == 0 ? _("No group has values: a Kruskal-Wallis test compares at least 2 groups.")
                                     : _("Only one group has values: a Kruskal-Wallis test compares at least 2 groups."));
      return FALSE;
    }

  total = k;
  if (ties >= total * total * total - total)
    {
      g_set_error_literal (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                           _("All values are equal: a Kruskal-Wallis test needs some spread."));
      return FALSE;
    }

  h = (12 * h / (total * (total + 1)) - 3 * (total + 1)) /
      (1 - ties / (total * total * total - total));
  r.statistic = h;
  r.df = used - 1;
  r.p = gsl_cdf_chisq_Q (h, r.df);
  r.n = k;

  *result = r;
  return TRUE;
}

/* c[0] + c[1] x + … + c[len − 1] x^(len − 1). */
static double
poly (const double *c,
      int           len,
      double        x)
{
  double sum = 0.0;

  for (int i = len - 1; i >= 0; i--)
    sum = sum * x + c[i];

  return sum;
}

/**
 * sonde_stats_shapiro_wilk:
 * @x: (array length=n): the values, NaN for a missing one
 * @n: the length of @x
 * @result: (out caller-allocates): where to store the result
 * @error: return location for a #GError
 *
 * The Shapiro-Wilk test of normality of @x, as R's shapiro.test(), with
 * Royston's 1995 approximations (algorithm AS R94).
 *
 * Fails with %SONDE_ERROR_INVALID, leaving @result untouched, when fewer
 * than 3 or more than 5000 values are not missing, or when they are all
 * equal.
 *
 * Returns: %TRUE on success.
 */
gboolean
sonde_stats_shapiro_wilk (const double  *x,
                          gsize          n,
                          SondeShapiro  *result,
                          GError       **error)
{
  /* Royston (1995), the polynomials in 1/√n for the two largest
   * coefficients, and those for the mean and log standard deviation of
   * the normalising transforms of W. */
  static const double c1[] = { 0.0, 0.221157, -0.147981, -2.071190, 4.434685, -2.706056 };
  static const double c2[] = { 0.0, 0.042981, -0.293762, -1.752461, 5.682633, -3.582633 };
  static const double c3[] = { 0.5440, -0.39978, 0.025054, -6.714e-4 };
  static const double c4[] = { 1.3822, -0.77857, 0.062767, -0.0020322 };
  static const double c5[] = { -1.5861, -0.31082, -0.083751, 0.0038915 };
  static const double c6[] = { -0.4803, -0.082676, 0.0030302 };
  static const double g[] = { -2.273, 0.459 };
  g_autofree double *v = NULL;
  g_autofree double *m = NULL;
  g_autofree double *a = NULL;
  SondeShapiro r = { 0 };
  gsize k;
  double dn, summ2 = 0.0, mean = 0.0, ss = 0.0, ax = 0.0, w, u;

  g_return_val_if_fail (x != NULL || n == 0, FALSE);
  g_return_val_if_fail (result != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  v = drop_missing (x, n, 0.0, &k);
  if (k < 3)
    {
      g_set_error_literal (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                           _("The sample has fewer than 3 values that are not missing: a Shapiro-Wilk test needs from 3 to 5000 values."));
      return FALSE;
    }
  if (k > 5000)
    {
      g_set_error_literal (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                           _("The sample has more than 5000 values that are not missing: a Shapiro-Wilk test needs from 3 to 5000 values; test a random subset of them."));
      return FALSE;
    }
  gsl_sort (v, 1, k);
  /* R's own threshold for "all values identical". */
  if (v[k - 1] - v[0] < 1e-10)
    {
      g_set_error_literal (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                           _("All values are equal: a Shapiro-Wilk test needs some spread."));
      return FALSE;
    }

  /* The coefficients a, antisymmetric: a[k − 1 − i] = −a[i]. */
  dn = k;
  m = g_new (double, k);
  a = g_new (double, k);
  for (gsize i = 0; i < k; i++)
    {
      m[i] = gsl_cdf_ugaussian_Pinv ((i + 1 - 0.375) / (dn + 0.25));
      summ2 += m[i] * m[i];
    }
  if (k == 3)
    {
      a[2] = M_SQRT1_2;
      a[1] = 0.0;
    }
  else
    {
      double ssumm2 = sqrt (summ2);
      gsize first;
      double phi;

      u = 1.0 / sqrt (dn);
      a[k - 1] = m[k - 1] / ssumm2 + poly (c1, 6, u);
      if (k > 5)
        {
          a[k - 2] = m[k - 2] / ssumm2 + poly (c2, 6, u);
          phi = (summ2 - 2 * m[k - 1] * m[k - 1] - 2 * m[k - 2] * m[k - 2]) /
                (1 - 2 * a[k - 1] * a[k - 1] - 2 * a[k - 2] * a[k - 2]);
          first = 2;
        }
      else
        {
          phi = (summ2 - 2 * m[k - 1] * m[k - 1]) / (1 - 2 * a[k - 1] * a[k - 1]);
          first = 1;
        }
      for (gsize i = first; i < k - first; i++)
        a[i] = m[i] / sqrt (phi);
    }
  for (gsize i = 0; i < k / 2; i++)
    a[i] = -a[k - 1 - i];
  if (k % 2 == 1)
    a[k / 2] = 0.0;

  for (gsize i = 0; i < k; i++)
    mean += v[i];
  mean /= dn;
  for (gsize i = 0; i < k; i++)
    {
      ss += (v[i] - mean) * (v[i] - mean);
      ax += a[i] * v[i];
    }
  w = MIN (1.0, ax * ax / ss);

  r.w = w;
  r.n = k;
  if (k == 3)
    {
      /* The exact distribution: P(W ≤ w) = 6/π (asin √w − asin √(3/4)). */
      r.p = MAX (0.0, 6 / M_PI * (asin (sqrt (w)) - asin (sqrt (0.75))));
    }
  else if (k <= 11)
    {
      double gamma = poly (g, 2, dn);
      double y = log (1 - w);

      if (y >= gamma)
        r.p = 1e-99; /* as R: W too small for the transform */
      else
        {
          double mu = poly (c3, 4, dn);
          double sigma = exp (poly (c4, 4, dn));

          y = -log (gamma - y);
          r.p = gsl_cdf_gaussian_Q (y - mu, sigma);
        }
    }
  else
    {
      double ln = log (dn);
      double mu = poly (c5, 4, ln);
      double sigma = exp (poly (c6, 3, ln));

      r.p = gsl_cdf_gaussian_Q (log (1 - w) - mu, sigma);
    }

  *result = r;
  return TRUE;
}
