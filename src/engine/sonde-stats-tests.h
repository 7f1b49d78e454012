/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "sonde-column.h"

G_BEGIN_DECLS

/**
 * SondeDescriptive:
 * @group: (nullable): the label of the group as sonde_column_format_value()
 *   writes it, or %NULL for the whole column (no grouping) and for the
 *   group of rows whose group value is missing
 * @group_missing: %TRUE for the group of rows whose group value is missing
 * @n: the number of values that are not missing
 * @n_missing: the number of missing values
 * @mean: the mean, or NaN when @n is 0
 * @sd: the standard deviation with denominator n − 1, or NaN when @n < 2
 * @min: the smallest value, or NaN when @n is 0
 * @q1: the first quartile (R's type 7), or NaN when @n is 0
 * @median: the median, or NaN when @n is 0
 * @q3: the third quartile (R's type 7), or NaN when @n is 0
 * @max: the largest value, or NaN when @n is 0
 *
 * The summary of the values of one group, as R's summary() and sd() give it.
 */
typedef struct
{
  char     *group;
  gboolean  group_missing;
  guint     n;
  guint     n_missing;
  double    mean;
  double    sd;
  double    min;
  double    q1;
  double    median;
  double    q3;
  double    max;
} SondeDescriptive;

/**
 * SondeAlternative:
 * @SONDE_ALTERNATIVE_TWO_SIDED: the true value differs from the one under
 *   the null hypothesis.
 * @SONDE_ALTERNATIVE_LESS: the true value is less than it.
 * @SONDE_ALTERNATIVE_GREATER: the true value is greater than it.
 *
 * The alternative hypothesis of a test, as R's `alternative` argument.
 */
typedef enum
{
  SONDE_ALTERNATIVE_TWO_SIDED,
  SONDE_ALTERNATIVE_LESS,
  SONDE_ALTERNATIVE_GREATER,
} SondeAlternative;

/**
 * SondeTTest:
 * @t: the t statistic
 * @df: the degrees of freedom (not a whole number for Welch's test)
 * @p: the p-value for the alternative asked for
 * @estimate: the mean (one-sample), the difference of the means
 *   mean(x) − mean(y) (two-sample), or the mean of the differences x − y
 *   (paired)
 * @conf_low: the lower bound of the confidence interval of @estimate;
 *   −∞ for %SONDE_ALTERNATIVE_LESS
 * @conf_high: the upper bound; +∞ for %SONDE_ALTERNATIVE_GREATER
 * @conf_level: the level of the interval, such as 0.95
 * @cohen_d: the effect size: (@estimate − mu) divided by the standard
 *   deviation of the values (one-sample), by the pooled standard deviation
 *   of the two samples whether or not the variances are assumed equal
 *   (two-sample), or by the standard deviation of the differences (paired)
 * @n1: the number of values of x used (pairs for the paired test)
 * @n2: the number of values of y used (pairs for the paired test, 0 for
 *   the one-sample test)
 *
 * The result of a t-test, with the same figures as R's t.test().
 */
typedef struct
{
  double t;
  double df;
  double p;
  double estimate;
  double conf_low;
  double conf_high;
  double conf_level;
  double cohen_d;
  guint  n1;
  guint  n2;
} SondeTTest;

/**
 * SondeAnova:
 * @f: the F statistic
 * @df_between: the degrees of freedom between groups (groups − 1)
 * @df_within: the residual degrees of freedom (values − groups)
 * @p: the p-value, P(F' ≥ @f)
 * @ss_between: the sum of squares between groups
 * @ss_within: the residual sum of squares
 * @eta_squared: @ss_between / (@ss_between + @ss_within)
 * @n_groups: the number of groups, the length of @group_n and @group_mean
 * @group_n: the number of values of each group
 * @group_mean: the mean of each group, NaN for a group with no value
 *
 * The result of a one-way analysis of variance, with the same figures as
 * R's `summary(aov(y ~ g))`. Groups without any value take no part in the
 * test, as in R.
 */
typedef struct
{
  double  f;
  double  df_between;
  double  df_within;
  double  p;
  double  ss_between;
  double  ss_within;
  double  eta_squared;
  guint   n_groups;
  guint  *group_n;
  double *group_mean;
} SondeAnova;

GArray     *sonde_stats_describe            (SondeColumn       *values,
                                             SondeColumn       *groups,
                                             GError           **error);

gboolean    sonde_stats_t_test_one_sample   (const double      *x,
                                             gsize              n,
                                             double             mu,
                                             SondeAlternative   alternative,
                                             double             conf_level,
                                             SondeTTest        *result,
                                             GError           **error);
gboolean    sonde_stats_t_test_two_sample   (const double      *x,
                                             gsize              nx,
                                             const double      *y,
                                             gsize              ny,
                                             double             mu,
                                             gboolean           var_equal,
                                             SondeAlternative   alternative,
                                             double             conf_level,
                                             SondeTTest        *result,
                                             GError           **error);
gboolean    sonde_stats_t_test_paired       (const double      *x,
                                             const double      *y,
                                             gsize              n,
                                             double             mu,
                                             SondeAlternative   alternative,
                                             double             conf_level,
                                             SondeTTest        *result,
                                             GError           **error);

SondeAnova *sonde_stats_anova_one_way       (const double      *values,
                                             const guint       *groups,
                                             gsize              n,
                                             guint              n_groups,
                                             GError           **error);
void        sonde_anova_free                (SondeAnova        *anova);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SondeAnova, sonde_anova_free)

G_END_DECLS
