/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "sonde-table.h"

#include "sonde-stats-tests.h" /* SondeAlternative */

G_BEGIN_DECLS

/**
 * SondeCorrelationMethod:
 * @SONDE_CORRELATION_PEARSON: Pearson's product-moment r.
 * @SONDE_CORRELATION_SPEARMAN: Spearman's rho, the Pearson r of the
 *   ranks (tied values get the average of their ranks).
 * @SONDE_CORRELATION_KENDALL: Kendall's tau-b, which accounts for ties.
 *
 * Which coefficient of correlation to compute.
 */
typedef enum
{
  SONDE_CORRELATION_PEARSON,
  SONDE_CORRELATION_SPEARMAN,
  SONDE_CORRELATION_KENDALL,
} SondeCorrelationMethod;

/**
 * SondeCorrelationMissing:
 * @SONDE_CORRELATION_PAIRWISE: each pair of columns uses every row where
 *   both of its columns have a value, so each pair has its own n.
 * @SONDE_CORRELATION_LISTWISE: only rows with a value in every chosen
 *   column are used, so every pair has the same n.
 *
 * How a correlation matrix deals with missing values.
 */
typedef enum
{
  SONDE_CORRELATION_PAIRWISE,
  SONDE_CORRELATION_LISTWISE,
} SondeCorrelationMissing;

/**
 * SONDE_CORRELATION_KENDALL_MAX_N:
 *
 * The largest number of pairs Kendall's tau accepts: it compares every
 * pair with every other, about 2 × 10⁸ comparisons at this size.
 */
#define SONDE_CORRELATION_KENDALL_MAX_N 20000

/**
 * SondeCorrelation:
 * @method: the coefficient computed.
 * @alternative: the alternative hypothesis of @p_value.
 * @n: the number of complete pairs used.
 * @estimate: r, rho or tau-b.
 * @statistic: as R's cor.test() reports it: t for Pearson, S (the sum of
 *   squared rank differences, (n³ − n)(1 − rho)/6) for Spearman, and z
 *   for Kendall.
 * @df: n − 2 for Pearson; NaN otherwise.
 * @p_value: the p-value: Student's t with n − 2 degrees of freedom for
 *   Pearson and Spearman, the normal approximation with the variance
 *   corrected for ties for Kendall (R's `exact = FALSE`).
 * @conf_level: the level of the confidence interval.
 * @conf_low: the lower end of the Fisher-z confidence interval of r
 *   (Pearson with n > 3 only; NaN otherwise, -Inf for "greater").
 * @conf_high: the upper end (NaN or +Inf likewise).
 *
 * The result of a test of correlation between two variables.
 */
typedef struct
{
  SondeCorrelationMethod      method;
  SondeAlternative alternative;
  guint                       n;
  double                      estimate;
  double                      statistic;
  double                      df;
  double                      p_value;
  double                      conf_level;
  double                      conf_low;
  double                      conf_high;
} SondeCorrelation;

/**
 * SondeCorrelationMatrix:
 * @method: the coefficient computed.
 * @missing: how missing values were handled.
 * @k: the number of columns.
 * @estimates: k × k coefficients, row-major; 1 on the diagonal, NaN for
 *   a pair with fewer than 3 complete rows or a constant column.
 * @p_values: k × k two-sided p-values, row-major; NaN on the diagonal.
 * @counts: k × k numbers of complete rows used by each pair.
 *
 * Correlations between every pair of several columns, as plain arrays.
 */
typedef struct
{
  SondeCorrelationMethod  method;
  SondeCorrelationMissing missing;
  guint                   k;
  double                 *estimates;
  double                 *p_values;
  guint                  *counts;
} SondeCorrelationMatrix;

gboolean                sonde_correlation_test         (const double                *x,
                                                        const double                *y,
                                                        gsize                        n,
                                                        SondeCorrelationMethod       method,
                                                        SondeAlternative  alternative,
                                                        double                       conf_level,
                                                        SondeCorrelation            *result,
                                                        GError                     **error);

SondeCorrelationMatrix *sonde_correlation_matrix_new   (SondeTable                  *table,
                                                        const guint                 *columns,
                                                        guint                        n_columns,
                                                        SondeCorrelationMethod       method,
                                                        SondeCorrelationMissing      missing,
                                                        GError                     **error);
void                    sonde_correlation_matrix_free  (SondeCorrelationMatrix      *matrix);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SondeCorrelationMatrix, sonde_correlation_matrix_free)

G_END_DECLS
