/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sonde-stats-tests"

/* The first statistics a student meets: the summary of a numeric column,
 * overall or by group; Student's, Welch's and the paired t-test; and the
 * one-way analysis of variance. Every figure is meant to match R 4.2
 * (summary() with quantile type 7, sd(), t.test(), summary(aov())), and
 * the tests check them against R to a relative 1e-6.
 *
 * Missing values are NaN in the plain-array functions and are left out;
 * the paired test leaves out a pair as soon as one of its values is
 * missing. The computations are plain passes over arrays of at most a few
 * million values, with GSL for the means, variances, quantiles and the
 * distribution functions of t and F.
 *
 * Tukey's HSD after the ANOVA is in sonde-stats-tukey.c, with the
 * distribution of the studentized range that GSL does not provide.
 */

#include "config.h"

#include <float.h>
#include <math.h>
#include <glib/gi18n-lib.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "sonde-error.h"
#include "sonde-stats-tests.h"

static void
descriptive_clear (gpointer data)
{
  SondeDescriptive *d = data;

  g_clear_pointer (&d->group, g_free);
}

/* Sorts @values (n of them, none missing) in place and fills @d. */
static void
describe_sorted (double           *values,
                 gsize             n,
                 SondeDescriptive *d)
{
  d->n = n;
  d->mean = d->sd = d->min = d->q1 = d->median = d->q3 = d->max = NAN;
  if (n == 0)
    return;

  gsl_sort (values, 1, n);
  d->mean = gsl_stats_mean (values, 1, n);
  if (n > 1)
    d->sd = gsl_stats_sd_m (values, 1, n, d->mean);
  d->min = values[0];
  d->max = values[n - 1];
  /* gsl_stats_quantile_from_sorted_data is R's type 7. */
  d->q1 = gsl_stats_quantile_from_sorted_data (values, 1, n, 0.25);
  d->median = gsl_stats_quantile_from_sorted_data (values, 1, n, 0.5);
  d->q3 = gsl_stats_quantile_from_sorted_data (values, 1, n, 0.75);
}

/**
 * sonde_stats_describe:
 * @values: a column of type %SONDE_COLUMN_TYPE_INTEGER,
 *   %SONDE_COLUMN_TYPE_REAL or %SONDE_COLUMN_TYPE_BOOLEAN
 * @groups: (nullable): a column of type %SONDE_COLUMN_TYPE_CATEGORICAL,
 *   %SONDE_COLUMN_TYPE_TEXT or %SONDE_COLUMN_TYPE_BOOLEAN with as many rows
 *   as @values, or %NULL to describe the whole column
 * @error: return location for a #GError
 *
 * Describes the values of @values: count, missing values, mean, standard
 * deviation, minimum, quartiles and maximum, overall or for each group of
 * rows that share a value of @groups. Groups come in the order in which
 * they first appear in @groups; the rows whose group is missing form one
 * more group, last, with @group_missing set and a %NULL label. Missing
 * values of @values are not used and are counted in @n_missing.
 *
 * Fails with %SONDE_ERROR_INVALID when a column has a type that does not
 * fit or when the two columns differ in length.
 *
 * Returns: (transfer full) (element-type SondeDescriptive): one
 *   #SondeDescriptive per group (a single one without @groups), which
 *   frees its labels with the array, or %NULL on error.
 */
GArray *
sonde_stats_describe (SondeColumn  *values,
                      SondeColumn  *groups,
                      GError      **error)
{
  g_autoptr(GArray) result = NULL;
  g_autoptr(GHashTable) index_of = NULL;
  g_autoptr(GPtrArray) buckets = NULL;
  g_autoptr(GArray) missing = NULL;
  SondeColumnType type;
  guint n_rows;
  guint missing_in_missing_group = 0;

  g_return_val_if_fail (SONDE_IS_COLUMN (values), NULL);
  g_return_val_if_fail (groups == NULL || SONDE_IS_COLUMN (groups), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  type = sonde_column_get_column_type (values);
  if (type != SONDE_COLUMN_TYPE_INTEGER && type != SONDE_COLUMN_TYPE_REAL &&
      type != SONDE_COLUMN_TYPE_BOOLEAN)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                   _("Column “%s” holds %s, not numbers: choose a column of whole or decimal numbers to describe."),
                   sonde_column_get_name (values),
                   sonde_column_type_get_label (type));
      return NULL;
    }

  n_rows = sonde_column_get_n_rows (values);
  if (groups != NULL)
    {
      SondeColumnType group_type = sonde_column_get_column_type (groups);

      if (group_type != SONDE_COLUMN_TYPE_CATEGORICAL &&
          group_type != SONDE_COLUMN_TYPE_TEXT &&
          group_type != SONDE_COLUMN_TYPE_BOOLEAN)
        {
          g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                       _("Column “%s” holds %s and cannot split rows into groups: choose a column of categories, text or yes/no values."),
                       sonde_column_get_name (groups),
                       sonde_column_type_get_label (group_type));
          return NULL;
        }
      if (sonde_column_get_n_rows (groups) != n_rows)
        {
          g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                       _("Columns “%s” (%u rows) and “%s” (%u rows) differ in length: they must come from the same table."),
                       sonde_column_get_name (values), n_rows,
                       sonde_column_get_name (groups),
                       sonde_column_get_n_rows (groups));
          return NULL;
        }
    }

  result = g_array_new (FALSE, TRUE, sizeof (SondeDescriptive));
  g_array_set_clear_func (result, descriptive_clear);
  index_of = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  buckets = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);

  for (guint row = 0; row < n_rows; row++)
    {
      guint group = 0;
      SondeDescriptive *d;
      double value;

      if (groups == NULL)
        {
          if (result->len == 0)
            {
              g_array_set_size (result, 1);
              g_ptr_array_add (buckets, g_array_new (FALSE, FALSE, sizeof (double)));
            }
        }
      else if (sonde_column_is_missing (groups, row))
        {
          /* Collected apart and appended after the loop, so that the
           * group of missing labels comes last. */
          if (missing == NULL)
            missing = g_array_new (FALSE, FALSE, sizeof (double));
          group = G_MAXUINT;
        }
      else
        {
          g_autofree char *label = sonde_column_format_value (groups, row);
          gpointer found;

          if (g_hash_table_lookup_extended (index_of, label, NULL, &found))
            group = GPOINTER_TO_UINT (found);
          else
            {
              SondeDescriptive fresh = { 0 };

              group = result->len;
              fresh.group = g_strdup (label);
              g_array_append_val (result, fresh);
              g_ptr_array_add (buckets, g_array_new (FALSE, FALSE, sizeof (double)));
              g_hash_table_insert (index_of, g_steal_pointer (&label), GUINT_TO_POINTER (group));
            }
        }

      value = sonde_column_get_number (values, row);
      if (group == G_MAXUINT)
        {
          if (isnan (value))
            missing_in_missing_group++;
          else
            g_array_append_val (missing, value);
          continue;
        }

      d = &g_array_index (result, SondeDescriptive, group);
      if (isnan (value))
        d->n_missing++;
      else
        g_array_append_val (g_ptr_array_index (buckets, group), value);
    }

  if (missing != NULL)
    {
      SondeDescriptive fresh = { 0 };

      fresh.group_missing = TRUE;
      fresh.n_missing = missing_in_missing_group;
      g_array_append_val (result, fresh);
      g_ptr_array_add (buckets, g_steal_pointer (&missing));
    }

  /* An empty column without groups still gets its (empty) summary. */
  if (groups == NULL && result->len == 0)
    {
      g_array_set_size (result, 1);
      g_ptr_array_add (buckets, g_array_new (FALSE, FALSE, sizeof (double)));
    }

  for (guint i = 0; i < result->len; i++)
    {
      GArray *bucket = g_ptr_array_index (buckets, i);

      describe_sorted ((double *) (gpointer) bucket->data, bucket->len,
                       &g_array_index (result, SondeDescriptive, i));
    }

  return g_steal_pointer (&result);
}

/* Copies the values of @x that are not NaN into a new array. */
static double *
drop_missing (const double *x,
              gsize         n,
              gsize        *n_kept)
{
  double *kept = g_new (double, MAX (n, 1));
  gsize k = 0;

  for (gsize i = 0; i < n; i++)
    if (!isnan (x[i]))
      kept[k++] = x[i];

  *n_kept = k;
  return kept;
}

static gboolean
check_conf_level (double   conf_level,
                  GError **error)
{
  if (!(conf_level > 0.0 && conf_level < 1.0))
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                   _("The confidence level %g is not between 0 and 1: use for example 0.95 for a 95 %% interval."),
                   conf_level);
      return FALSE;
    }

  return TRUE;
}

/* Which values check_count() is about, to name them in a whole sentence
 * (translators get sentences, not pieces to glue). */
typedef enum
{
  SAMPLE_ONLY,
  SAMPLE_FIRST,
  SAMPLE_SECOND,
  SAMPLE_PAIRS,
} Sample;

static gboolean
check_count (gsize     n,
             Sample    sample,
             GError  **error)
{
  const char *message = NULL;

  if (n >= 2)
    return TRUE;

  switch (sample)
    {
    case SAMPLE_ONLY:
      message = n == 0 ? _("The sample has no value that is not missing: a t-test needs at least 2.")
                       : _("The sample has a single value that is not missing: a t-test needs at least 2.");
      break;
    case SAMPLE_FIRST:
      message = n == 0 ? _("The first sample has no value that is not missing: a t-test needs at least 2.")
                       : _("The first sample has a single value that is not missing: a t-test needs at least 2.");
      break;
    case SAMPLE_SECOND:
      message = n == 0 ? _("The second sample has no value that is not missing: a t-test needs at least 2.")
                       : _("The second sample has a single value that is not missing: a t-test needs at least 2.");
      break;
    case SAMPLE_PAIRS:
    default:
      message = n == 0 ? _("No pair has both values: a paired t-test needs at least 2 complete pairs.")
                       : _("Only one pair has both values: a paired t-test needs at least 2 complete pairs.");
      break;
    }

  g_set_error_literal (error, SONDE_ERROR, SONDE_ERROR_INVALID, message);
  return FALSE;
}

/* R's test for "data are essentially constant". */
static gboolean
check_spread (double    stderr_,
              double    scale,
              GError  **error)
{
  if (!(stderr_ >= 10 * DBL_EPSILON * fabs (scale)) || stderr_ == 0.0)
    {
      g_set_error_literal (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                           _("All values are equal: a t-test needs some spread."));
      return FALSE;
    }

  return TRUE;
}

/* Fills t, p and the interval of @r from the estimate, its standard error
 * and the degrees of freedom. */
static void
finish_t_test (SondeTTest       *r,
               double            mu,
               double            stderr_,
               SondeAlternative  alternative,
               double            conf_level)
{
  double q;

  r->t = (r->estimate - mu) / stderr_;
  r->conf_level = conf_level;

  switch (alternative)
    {
    case SONDE_ALTERNATIVE_LESS:
      r->p = gsl_cdf_tdist_P (r->t, r->df);
      q = gsl_cdf_tdist_Pinv (conf_level, r->df);
      r->conf_low = -INFINITY;
      r->conf_high = r->estimate + q * stderr_;
      break;
    case SONDE_ALTERNATIVE_GREATER:
      r->p = gsl_cdf_tdist_Q (r->t, r->df);
      q = gsl_cdf_tdist_Pinv (conf_level, r->df);
      r->conf_low = r->estimate - q * stderr_;
      r->conf_high = INFINITY;
      break;
    case SONDE_ALTERNATIVE_TWO_SIDED:
    default:
      r->p = 2 * gsl_cdf_tdist_Q (fabs (r->t), r->df);
      q = gsl_cdf_tdist_Pinv (0.5 + conf_level / 2, r->df);
      r->conf_low = r->estimate - q * stderr_;
      r->conf_high = r->estimate + q * stderr_;
      break;
    }
}

/**
 * sonde_stats_t_test_one_sample:
 * @x: (array length=n): the values, NaN for a missing one
 * @n: the length of @x
 * @mu: the mean under the null hypothesis
 * @alternative: the alternative hypothesis
 * @conf_level: the level of the confidence interval, in (0, 1)
 * @result: (out caller-allocates): where to store the result
 * @error: return location for a #GError
 *
 * Tests whether the mean of @x is @mu, as R's `t.test(x, mu = mu)`.
 *
 * Fails with %SONDE_ERROR_INVALID, leaving @result untouched, when fewer
 * than 2 values are not missing, when they are all equal, or when
 * @conf_level is not in (0, 1).
 *
 * Returns: %TRUE on success.
 */
gboolean
sonde_stats_t_test_one_sample (const double      *x,
                               gsize              n,
                               double             mu,
                               SondeAlternative   alternative,
                               double             conf_level,
                               SondeTTest        *result,
                               GError           **error)
{
  g_autofree double *v = NULL;
  SondeTTest r = { 0 };
  gsize k;
  double mean, sd, se;

  g_return_val_if_fail (x != NULL || n == 0, FALSE);
  g_return_val_if_fail (result != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_conf_level (conf_level, error))
    return FALSE;
  v = drop_missing (x, n, &k);
  if (!check_count (k, SAMPLE_ONLY, error))
    return FALSE;

  mean = gsl_stats_mean (v, 1, k);
  sd = gsl_stats_sd_m (v, 1, k, mean);
  se = sd / sqrt ((double) k);
  if (!check_spread (se, mean, error))
    return FALSE;

  r.estimate = mean;
  r.df = k - 1;
  r.n1 = k;
  r.cohen_d = (mean - mu) / sd;
  finish_t_test (&r, mu, se, alternative, conf_level);
  *result = r;
  return TRUE;
}

/**
 * sonde_stats_t_test_two_sample:
 * @x: (array length=nx): the first sample, NaN for a missing value
 * @nx: the length of @x
 * @y: (array length=ny): the second sample, NaN for a missing value
 * @ny: the length of @y
 * @mu: the difference of the means under the null hypothesis, usually 0
 * @var_equal: %TRUE for Student's test, which pools the variances;
 *   %FALSE for Welch's test, which does not assume them equal
 * @alternative: the alternative hypothesis about mean(x) − mean(y)
 * @conf_level: the level of the confidence interval, in (0, 1)
 * @result: (out caller-allocates): where to store the result
 * @error: return location for a #GError
 *
 * Tests whether the means of two independent samples differ by @mu, as
 * R's `t.test(x, y, mu = mu, var.equal = var_equal)`.
 *
 * Fails with %SONDE_ERROR_INVALID, leaving @result untouched, when either
 * sample has fewer than 2 values that are not missing, when the values
 * have no spread, or when @conf_level is not in (0, 1).
 *
 * Returns: %TRUE on success.
 */
gboolean
sonde_stats_t_test_two_sample (const double      *x,
                               gsize              nx,
                               const double      *y,
                               gsize              ny,
                               double             mu,
                               gboolean           var_equal,
                               SondeAlternative   alternative,
                               double             conf_level,
                               SondeTTest        *result,
                               GError           **error)
{
  g_autofree double *vx = NULL;
  g_autofree double *vy = NULL;
  SondeTTest r = { 0 };
  gsize kx, ky;
  double mx, my, varx, vary, pooled, se;

  g_return_val_if_fail (x != NULL || nx == 0, FALSE);
  g_return_val_if_fail (y != NULL || ny == 0, FALSE);
  g_return_val_if_fail (result != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_conf_level (conf_level, error))
    return FALSE;
  vx = drop_missing (x, nx, &kx);
  vy = drop_missing (y, ny, &ky);
  if (!check_count (kx, SAMPLE_FIRST, error) ||
      !check_count (ky, SAMPLE_SECOND, error))
    return FALSE;

  mx = gsl_stats_mean (vx, 1, kx);
  my = gsl_stats_mean (vy, 1, ky);
  varx = gsl_stats_variance_m (vx, 1, kx, mx);
  vary = gsl_stats_variance_m (vy, 1, ky, my);
  pooled = ((kx - 1) * varx + (ky - 1) * vary) / (kx + ky - 2);

  if (var_equal)
    {
      r.df = kx + ky - 2;
      se = sqrt (pooled * (1.0 / kx + 1.0 / ky));
    }
  else
    {
      double sx = varx / kx;
      double sy = vary / ky;

      se = sqrt (sx + sy);
      /* Welch–Satterthwaite. */
      r.df = (sx + sy) * (sx + sy) / (sx * sx / (kx - 1) + sy * sy / (ky - 1));
    }
  if (!check_spread (se, MAX (fabs (mx), fabs (my)), error))
    return FALSE;

  r.estimate = mx - my;
  r.n1 = kx;
  r.n2 = ky;
  r.cohen_d = (r.estimate - mu) / sqrt (pooled);
  finish_t_test (&r, mu, se, alternative, conf_level);
  *result = r;
  return TRUE;
}

/**
 * sonde_stats_t_test_paired:
 * @x: (array length=n): the first measure of each pair, NaN if missing
 * @y: (array length=n): the second measure of each pair, NaN if missing
 * @n: the number of pairs
 * @mu: the mean difference under the null hypothesis, usually 0
 * @alternative: the alternative hypothesis about the mean of x − y
 * @conf_level: the level of the confidence interval, in (0, 1)
 * @result: (out caller-allocates): where to store the result
 * @error: return location for a #GError
 *
 * Tests whether the mean of the differences x − y is @mu, as R's
 * `t.test(x, y, paired = TRUE, mu = mu)`. A pair with a missing value is
 * left out whole.
 *
 * Fails with %SONDE_ERROR_INVALID, leaving @result untouched, when fewer
 * than 2 complete pairs remain, when the differences are all equal, or
 * when @conf_level is not in (0, 1).
 *
 * Returns: %TRUE on success.
 */
gboolean
sonde_stats_t_test_paired (const double      *x,
                           const double      *y,
                           gsize              n,
                           double             mu,
                           SondeAlternative   alternative,
                           double             conf_level,
                           SondeTTest        *result,
                           GError           **error)
{
  g_autofree double *d = NULL;
  SondeTTest r = { 0 };
  gsize k = 0;
  double mean, sd, se;

  g_return_val_if_fail ((x != NULL && y != NULL) || n == 0, FALSE);
  g_return_val_if_fail (result != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_conf_level (conf_level, error))
    return FALSE;

  d = g_new (double, MAX (n, 1));
  for (gsize i = 0; i < n; i++)
    if (!isnan (x[i]) && !isnan (y[i]))
      d[k++] = x[i] - y[i];
  if (!check_count (k, SAMPLE_PAIRS, error))
    return FALSE;

  mean = gsl_stats_mean (d, 1, k);
  sd = gsl_stats_sd_m (d, 1, k, mean);
  se = sd / sqrt ((double) k);
  if (!check_spread (se, mean, error))
    return FALSE;

  r.estimate = mean;
  r.df = k - 1;
  r.n1 = r.n2 = k;
  r.cohen_d = (mean - mu) / sd;
  finish_t_test (&r, mu, se, alternative, conf_level);
  *result = r;
  return TRUE;
}

/**
 * sonde_stats_anova_one_way:
 * @values: (array length=n): the values, NaN for a missing one
 * @groups: (array length=n): the group of each value, below @n_groups
 * @n: the number of values
 * @n_groups: the number of groups
 * @error: return location for a #GError
 *
 * One-way analysis of variance of @values by @groups, as R's
 * `summary(aov(values ~ factor(groups)))`. Missing values are left out;
 * a group left without values takes no part in the test (its mean is NaN).
 *
 * Fails with %SONDE_ERROR_INVALID when fewer than two groups have values,
 * when no group has two values or more (no residual degrees of freedom),
 * or when the values do not vary within groups.
 *
 * Returns: (transfer full): the result, to free with sonde_anova_free(),
 *   or %NULL on error.
 */
SondeAnova *
sonde_stats_anova_one_way (const double  *values,
                           const guint   *groups,
                           gsize          n,
                           guint          n_groups,
                           GError       **error)
{
  g_autoptr(SondeAnova) a = NULL;
  g_autofree double *sum = NULL;
  double grand = 0.0;
  gsize total = 0;
  guint k = 0;

  g_return_val_if_fail ((values != NULL && groups != NULL) || n == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  a = g_new0 (SondeAnova, 1);
  a->n_groups = n_groups;
  a->group_n = g_new0 (guint, MAX (n_groups, 1));
  a->group_mean = g_new (double, MAX (n_groups, 1));
  sum = g_new0 (double, MAX (n_groups, 1));

  for (gsize i = 0; i < n; i++)
    {
      g_return_val_if_fail (groups[i] < n_groups, NULL);
      if (isnan (values[i]))
        continue;
      a->group_n[groups[i]]++;
      sum[groups[i]] += values[i];
      grand += values[i];
      total++;
    }

  for (guint g = 0; g < n_groups; g++)
    {
      a->group_mean[g] = a->group_n[g] > 0 ? sum[g] / a->group_n[g] : NAN;
      if (a->group_n[g] > 0)
        k++;
    }

  if (k < 2)
    {
      g_set_error_literal (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                           k == 0 ? _("No group has values: an analysis of variance compares at least 2 groups.")
                                  : _("Only one group has values: an analysis of variance compares at least 2 groups."));
      return NULL;
    }
  if (total <= k)
    {
      g_set_error_literal (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                           _("Each group has a single value: an analysis of variance needs several values in at least one group."));
      return NULL;
    }

  grand /= total;
  for (guint g = 0; g < n_groups; g++)
    if (a->group_n[g] > 0)
      a->ss_between += a->group_n[g] * (a->group_mean[g] - grand) * (a->group_mean[g] - grand);
  for (gsize i = 0; i < n; i++)
    if (!isnan (values[i]))
      {
        double e = values[i] - a->group_mean[groups[i]];

        a->ss_within += e * e;
      }

  if (a->ss_within == 0.0)
    {
      g_set_error_literal (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                           _("The values are all equal within each group: an analysis of variance needs some spread inside the groups."));
      return NULL;
    }

  a->df_between = k - 1;
  a->df_within = total - k;
  a->f = (a->ss_between / a->df_between) / (a->ss_within / a->df_within);
  a->p = gsl_cdf_fdist_Q (a->f, a->df_between, a->df_within);
  a->eta_squared = a->ss_between / (a->ss_between + a->ss_within);

  return g_steal_pointer (&a);
}

/**
 * sonde_anova_free:
 * @anova: (nullable) (transfer full): a result of
 *   sonde_stats_anova_one_way()
 *
 * Frees @anova and its arrays.
 */
void
sonde_anova_free (SondeAnova *anova)
{
  if (anova == NULL)
    return;

  g_free (anova->group_n);
  g_free (anova->group_mean);
  g_free (anova);
}
