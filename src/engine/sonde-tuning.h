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

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SondeTuneResult, sonde_tune_result_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SondeLearningCurve, sonde_learning_curve_free)

G_END_DECLS
