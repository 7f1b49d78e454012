/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sonde-learner.h"
#include "sonde-validation.h"

G_BEGIN_DECLS

/**
 * SondeTuneResult:
 * @n_candidates: how many settings were tried.
 * @settings: (array length=n_candidates): each setting for people
 *   ("max_depth=3, min_samples_leaf=5").
 * @assignments: (array length=n_candidates): each setting as a
 *   %NULL-terminated list of "name=value", as `--param` takes them.
 * @mean: (array length=n_candidates): the mean cross-validated score.
 * @sd: (array length=n_candidates): its standard deviation over folds.
 * @best: the index of the best setting (the first of equals).
 *
 * What a search of hyperparameters measured, on the same folds for every
 * setting: accuracy for a classification, R² for a regression.
 */
typedef struct
{
  guint    n_candidates;
  char   **settings;
  char  ***assignments;
  double  *mean;
  double  *sd;
  guint    best;
} SondeTuneResult;

SondeTuneResult *sonde_tune_grid       (SondeLearner        *learner,
                                        SondeTable          *table,
                                        const char * const  *features,
                                        const char          *target,
                                        const char * const  *grid,
                                        const SondeFolds    *folds,
                                        GCancellable        *cancellable,
                                        GError             **error);
SondeTuneResult *sonde_tune_random     (SondeLearner        *learner,
                                        SondeTable          *table,
                                        const char * const  *features,
                                        const char          *target,
                                        const char * const  *space,
                                        guint                n_iter,
                                        guint64              seed,
                                        const SondeFolds    *folds,
                                        GCancellable        *cancellable,
                                        GError             **error);
void             sonde_tune_result_free (SondeTuneResult    *result);

/**
 * SondeLearningCurve:
 * @n_sizes: how many training sizes.
 * @train_size: (array length=n_sizes): rows trained on (in the first fold).
 * @test_mean: (array length=n_sizes): mean score on the test folds.
 * @test_sd: (array length=n_sizes): its standard deviation.
 * @train_mean: (array length=n_sizes): mean score on the rows trained on.
 *
 * Scores against the size of the training set (scikit-learn's
 * learning_curve with shuffle=False: the first rows of each fold's
 * training rows, in table order).
 */
typedef struct
{
  guint    n_sizes;
  guint   *train_size;
  double  *test_mean;
  double  *test_sd;
  double  *train_mean;
} SondeLearningCurve;

SondeLearningCurve *sonde_learning_curve (SondeLearner       *learner,
                                          SondeTable         *table,
                                          const char * const *features,
                                          const char         *target,
                                          const double       *fractions,
                                          guint               n_fractions,
                                          const SondeFolds   *folds,
                                          GCancellable       *cancellable,
                                          GError            **error);
void                sonde_learning_curve_free (SondeLearningCurve *curve);

/**
 * SondeValidationCurve:
 * @n_values: how many values of the parameter.
 * @param: the parameter's name.
 * @values: (array length=n_values): its values, as given.
 * @train_mean: (array length=n_values): mean score on the rows trained on.
 * @train_sd: (array length=n_values): its standard deviation over folds.
 * @test_mean: (array length=n_values): mean score on the test folds.
 * @test_sd: (array length=n_values): its standard deviation over folds.
 *
 * Scores against one hyperparameter, as scikit-learn's
 * validation_curve (the standard deviations have n - 1 in the
 * denominator, as every Sonde cross-validation).
 */
typedef struct
{
  guint    n_values;
  char    *param;
  char   **values;
  double  *train_mean;
  double  *train_sd;
  double  *test_mean;
  double  *test_sd;
} SondeValidationCurve;

SondeValidationCurve *sonde_validation_curve (SondeLearner       *learner,
                                              SondeTable         *table,
                                              const char * const *features,
                                              const char         *target,
                                              const char         *param,
                                              const char * const *values,
                                              const SondeFolds   *folds,
                                              GCancellable       *cancellable,
                                              GError            **error);
void                  sonde_validation_curve_free (SondeValidationCurve *curve);

/**
 * SondeNestedResult:
 * @n_folds: the number of outer folds.
 * @inner_folds: the number of inner folds.
 * @best: (array length=n_folds): per outer fold, the best setting of the
 *   inner search ("max_depth=3, min_samples_leaf=5").
 * @score: (array length=n_folds): per outer fold, the score on its test
 *   rows of the learner with that setting trained on its training rows.
 * @mean: the mean of @score.
 * @sd: its standard deviation (n - 1 in the denominator).
 *
 * What a nested cross-validation measured: an estimate of the whole
 * procedure "search, then train with the best setting", which the best
 * mean score of a search itself overstates.
 */
typedef struct
{
  guint    n_folds;
  guint    inner_folds;
  char   **best;
  double  *score;
  double   mean;
  double   sd;
} SondeNestedResult;

SondeNestedResult *sonde_tune_nested   (SondeLearner        *learner,
                                        SondeTable          *table,
                                        const char * const  *features,
                                        const char          *target,
                                        const char * const  *grid,
                                        const char * const  *space,
                                        guint                n_iter,
                                        guint64              seed,
                                        const SondeFolds    *outer,
                                        guint                inner_folds,
                                        GCancellable        *cancellable,
                                        GError             **error);
void               sonde_nested_result_free (SondeNestedResult *result);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SondeTuneResult, sonde_tune_result_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SondeValidationCurve, sonde_validation_curve_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SondeNestedResult, sonde_nested_result_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SondeLearningCurve, sonde_learning_curve_free)

G_END_DECLS
