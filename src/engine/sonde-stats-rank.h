/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "sonde-stats-tests.h"

G_BEGIN_DECLS

/**
 * SondeWilcoxon:
 * @statistic: W, the Mann-Whitney statistic, for the rank-sum test (the
 *   sum of the ranks of x minus n1 (n1 + 1) / 2); V, the sum of the ranks
 *   of the positive differences, for the signed-rank test
 * @p: the p-value for the alternative asked for
 * @exact: %TRUE when @p comes from the exact distribution of the
 *   statistic, %FALSE for the normal approximation
 * @n1: the number of values of x used (rank-sum); the number of
 *   differences left once those equal to zero are dropped (signed-rank)
 * @n2: the number of values of y used (rank-sum), 0 for the signed-rank
 *   test
 *
 * The result of a Wilcoxon test, with the same figures as R's
 * wilcox.test().
 */
typedef struct
{
  double   statistic;
  double   p;
  gboolean exact;
  guint    n1;
  guint    n2;
} SondeWilcoxon;

/**
 * SondeKruskal:
 * @statistic: the Kruskal-Wallis chi-squared, corrected for ties
 * @df: the degrees of freedom, the number of groups with values − 1
 * @p: the p-value, P(χ² ≥ @statistic)
 * @n: the number of values used
 *
 * The result of a Kruskal-Wallis test, as R's kruskal.test().
 */
typedef struct
{
  double statistic;
  double df;
  double p;
  guint  n;
} SondeKruskal;

/**
 * SondeShapiro:
 * @w: the Shapiro-Wilk W statistic
 * @p: the p-value (Royston's approximation)
 * @n: the number of values used
 *
 * The result of a Shapiro-Wilk normality test, as R's shapiro.test().
 */
typedef struct
{
  double w;
  double p;
  guint  n;
} SondeShapiro;

gboolean sonde_stats_wilcoxon_rank_sum    (const double      *x,
                                           gsize              nx,
                                           const double      *y,
                                           gsize              ny,
                                           double             mu,
                                           SondeAlternative   alternative,
                                           gboolean           allow_exact,
                                           gboolean           correct,
                                           SondeWilcoxon     *result,
                                           GError           **error);
gboolean sonde_stats_wilcoxon_signed_rank (const double      *x,
                                           gsize              n,
                                           double             mu,
                                           SondeAlternative   alternative,
                                           gboolean           allow_exact,
                                           gboolean           correct,
                                           SondeWilcoxon     *result,
                                           GError           **error);
gboolean sonde_stats_wilcoxon_paired      (const double      *x,
                                           const double      *y,
                                           gsize              n,
                                           double             mu,
                                           SondeAlternative   alternative,
                                           gboolean           allow_exact,
                                           gboolean           correct,
                                           SondeWilcoxon     *result,
                                           GError           **error);
gboolean sonde_stats_kruskal_wallis       (const double      *values,
                                           const guint       *groups,
                                           gsize              n,
                                           guint              n_groups,
                                           SondeKruskal      *result,
                                           GError           **error);
gboolean sonde_stats_shapiro_wilk         (const double      *x,
                                           gsize              n,
                                           SondeShapiro      *result,
                                           GError           **error);

G_END_DECLS
