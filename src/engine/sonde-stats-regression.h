/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "sonde-table.h"

G_BEGIN_DECLS

/**
 * SondeCoefficient:
 * @name: the name of the coefficient as R writes it: `(Intercept)`, the
 *   name of a numeric column, or the name of a column of categories
 *   followed by the level (`programmeInformatique`, `has_internshipTRUE`)
 * @estimate: the estimate (log-odds scale for the logistic regression)
 * @std_error: its standard error
 * @statistic: t (linear regression) or z (logistic regression)
 * @p: the two-sided p-value of @statistic
 * @conf_low: the lower bound of the confidence interval of @estimate: t
 *   based for the linear regression, Wald (normal) for the logistic one
 * @conf_high: the upper bound
 * @odds_ratio: exp(@estimate) for the logistic regression, NaN otherwise
 * @odds_ratio_low: exp(@conf_low) for the logistic regression, NaN
 *   otherwise
 * @odds_ratio_high: exp(@conf_high) for the logistic regression, NaN
 *   otherwise
 *
 * One line of the table of coefficients, as R's `summary(fit)$coefficients`
 * and `confint.default(fit)` (logistic) or `confint(fit)` (linear) give it.
 */
typedef struct
{
  char   *name;
  double  estimate;
  double  std_error;
  double  statistic;
  double  p;
  double  conf_low;
  double  conf_high;
  double  odds_ratio;
  double  odds_ratio_low;
  double  odds_ratio_high;
} SondeCoefficient;

/**
 * SondeLinearModel:
 * @n_coefficients: the length of @coefficients
 * @coefficients: the intercept first, then one per numeric predictor and
 *   one per level of a predictor of categories other than its reference
 *   level, in the order of the predictors
 * @conf_level: the level of the confidence intervals
 * @n_used: the number of rows used: those with no missing value in the
 *   target or in a predictor
 * @n_dropped: the number of rows left out for a missing value
 * @r_squared: R²
 * @adj_r_squared: the adjusted R²
 * @sigma: the residual standard error
 * @df_residual: its degrees of freedom, @n_used − @n_coefficients
 * @f: the F statistic against the model with only an intercept, NaN when
 *   there is no predictor
 * @f_df1: its first degrees of freedom, @n_coefficients − 1
 * @f_df2: its second degrees of freedom, @df_residual
 * @f_p: the p-value of @f
 * @rows: the index in the table of each row used (@n_used of them)
 * @fitted: the fitted value of each row used
 * @residuals: the residual of each row used
 * @hat_values: the leverage of each row used, as R's hatvalues()
 *
 * The result of a linear regression by least squares, with the same
 * figures as R's `summary(lm(...))`.
 */
typedef struct
{
  guint             n_coefficients;
  SondeCoefficient *coefficients;
  double            conf_level;
  guint             n_used;
  guint             n_dropped;
  double            r_squared;
  double            adj_r_squared;
  double            sigma;
  double            df_residual;
  double            f;
  double            f_df1;
  double            f_df2;
  double            f_p;
  guint            *rows;
  double           *fitted;
  double           *residuals;
  double           *hat_values;
} SondeLinearModel;

/**
 * SondeLogisticModel:
 * @n_coefficients: the length of @coefficients
 * @coefficients: as in #SondeLinearModel, with z statistics and odds ratios
 * @conf_level: the level of the Wald confidence intervals
 * @positive_level: the value of the target counted as 1 (“true” for a
 *   column of yes/no values, otherwise the second level in sorted order)
 * @n_used: the number of rows used
 * @n_dropped: the number of rows left out for a missing value
 * @null_deviance: the deviance of the model with only an intercept
 * @null_df: its degrees of freedom, @n_used − 1
 * @deviance: the residual deviance
 * @df_residual: its degrees of freedom, @n_used − @n_coefficients
 * @aic: Akaike's information criterion
 * @n_iterations: the number of iterations of the fit (R's `fit$iter`)
 *
 * The result of a logistic regression fitted by iteratively reweighted
 * least squares, with the same figures as R's
 * `summary(glm(..., family = binomial))`.
 */
typedef struct
{
  guint             n_coefficients;
  SondeCoefficient *coefficients;
  double            conf_level;
  char             *positive_level;
  guint             n_used;
  guint             n_dropped;
  double            null_deviance;
  double            null_df;
  double            deviance;
  double            df_residual;
  double            aic;
  guint             n_iterations;
} SondeLogisticModel;

SondeLinearModel   *sonde_stats_linear_regression   (SondeTable          *table,
                                                     const char          *target,
                                                     const char * const  *predictors,
                                                     const char * const  *reference_levels,
                                                     double               conf_level,
                                                     GError             **error);
void                sonde_linear_model_free         (SondeLinearModel    *model);

SondeLogisticModel *sonde_stats_logistic_regression (SondeTable          *table,
                                                     const char          *target,
                                                     const char * const  *predictors,
                                                     const char * const  *reference_levels,
                                                     double               conf_level,
                                                     GError             **error);
void                sonde_logistic_model_free       (SondeLogisticModel  *model);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SondeLinearModel, sonde_linear_model_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SondeLogisticModel, sonde_logistic_model_free)

G_END_DECLS
