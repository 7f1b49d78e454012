/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * SondeTukeyPair:
 * @group_a: the first group of the pair (the lower code)
 * @group_b: the second group of the pair (the higher code)
 * @diff: the difference of the means, mean(@group_b) − mean(@group_a),
 *   which R labels “B-A”
 * @lower: the lower bound of the simultaneous confidence interval of @diff
 * @upper: the upper bound
 * @p_adj: the p-value adjusted for all the comparisons
 *
 * One comparison of Tukey's honest significant differences, one line of
 * R's `TukeyHSD(aov(y ~ g))$g`.
 */
typedef struct
{
  guint  group_a;
  guint  group_b;
  double diff;
  double lower;
  double upper;
  double p_adj;
} SondeTukeyPair;

/**
 * SondeTukey:
 * @conf_level: the family-wise confidence level of the intervals
 * @df: the residual degrees of freedom of the analysis of variance
 * @mse: the residual mean square, the pooled variance within groups
 * @n_groups: the number of groups that have values
 * @n_pairs: the length of @pairs, @n_groups (@n_groups − 1) / 2
 * @pairs: the comparisons in R's order: (1, 2), (1, 3) … (1, k), (2, 3) …
 *
 * Tukey's honest significant differences after a one-way analysis of
 * variance, with the Tukey-Kramer intervals for groups of unequal sizes,
 * as R's TukeyHSD() gives them.
 */
typedef struct
{
  double          conf_level;
  double          df;
  double          mse;
  guint           n_groups;
  guint           n_pairs;
  SondeTukeyPair *pairs;
} SondeTukey;

double      sonde_ptukey          (double         q,
                                   double         nranges,
                                   double         nmeans,
                                   double         df,
                                   gboolean       lower_tail);
double      sonde_qtukey          (double         p,
                                   double         nmeans,
                                   double         df);

SondeTukey *sonde_stats_tukey_hsd (const double  *values,
                                   const guint   *groups,
                                   gsize          n,
                                   guint          n_groups,
                                   double         conf_level,
                                   GError       **error);
void        sonde_tukey_free      (SondeTukey    *tukey);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SondeTukey, sonde_tukey_free)

G_END_DECLS
