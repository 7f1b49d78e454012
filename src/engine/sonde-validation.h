/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "sonde-learner.h"
#include "sonde-progress.h"

G_BEGIN_DECLS

/**
 * SONDE_FOLD_TRAIN:
 *
 * The fold of a row that is only ever trained on (the training part of
 * a holdout split).
 */
#define SONDE_FOLD_TRAIN G_MAXUINT32

/**
 * SONDE_FOLD_UNUSED:
 *
 * The fold of a row that is neither trained on nor tested (the outer
 * test rows during the inner search of a nested cross-validation).
 */
#define SONDE_FOLD_UNUSED (G_MAXUINT32 - 1)

/**
 * SondeFolds:
 * @n: the number of rows.
 * @n_folds: the number of folds.
 * @fold: (array length=n): for each row, the fold in which it is tested
 *   (0..@n_folds-1), or %SONDE_FOLD_TRAIN.
 *
 * A split of rows into folds: in fold f the learner is trained on every
 * row whose fold is not f and tested on the rows whose fold is f.
 */
typedef struct
{
  gsize    n;
  guint    n_folds;
  guint32 *fold;
} SondeFolds;

SondeFolds *sonde_folds_stratified_kfold   (const guint32  *y,
                                            gsize           n,
                                            guint           k,
                                            guint64         seed,
                                            guint           repeat,
                                            GError        **error);
SondeFolds *sonde_folds_kfold              (gsize           n,
                                            guint           k,
                                            guint64         seed,
                                            guint           repeat,
                                            GError        **error);
SondeFolds *sonde_folds_stratified_holdout (const guint32  *y,
                                            gsize           n,
                                            double          test_fraction,
                                            guint64         seed,
                                            GError        **error);
SondeFolds *sonde_folds_leave_one_out      (gsize           n,
                                            GError        **error);
guint      *sonde_folds_get_rows           (const SondeFolds *folds,
                                            guint           fold,
                                            gboolean        test,
                                            guint          *n_rows);
void        sonde_folds_free               (SondeFolds     *folds);

/**
 * SondeCvResult:
 * @task: classification or regression.
 * @n_folds: the number of folds.
 * @score: (array length=n_folds): per fold, the accuracy (classification)
 *   or R² (regression) on the fold's test rows.
 * @mean: the mean of @score over the folds, as scikit-learn's
 *   cross_val_score (...).mean ().
 * @sd: their standard deviation (n - 1 in the denominator).
 * @n: the number of rows of the table.
 * @predictions: (array length=n): each tested row's out-of-fold
 *   prediction (a class index or a number), NAN for rows never tested.
 * @truth: (array length=n): each row's target as the learner saw it (the
 *   class index for a classification), NAN for rows never tested.
 * @pooled: accuracy (classification) or R² (regression) of the pooled
 *   out-of-fold predictions.
 * @pooled_2: macro F1 (classification) or RMSE (regression) of them.
 *
 * What sonde_learner_cross_validate() measured.
 */
typedef struct
{
  SondeTask  task;
  guint      n_folds;
  double    *score;
  double     mean;
  double     sd;
  gsize      n;
  double    *predictions;
  double    *truth;
  double     pooled;
  double     pooled_2;
} SondeCvResult;

SondeCvResult *sonde_learner_cross_validate   (SondeLearner        *self,
                                               SondeTable          *table,
                                               const char * const  *features,
                                               const char          *target,
                                               const SondeFolds    *folds,
                                               GError             **error);
SondeCvResult *sonde_learner_cross_validate_full (SondeLearner      *self,
                                                 SondeTable        *table,
                                                 const char * const *features,
                                                 const char        *target,
                                                 const SondeFolds  *folds,
                                                 GCancellable      *cancellable,
                                                 SondeProgressFunc  progress,
                                                 gpointer           progress_data,
                                                 GError           **error);
void           sonde_learner_cross_validate_async (SondeLearner        *self,
                                                   SondeTable          *table,
                                                   const char * const  *features,
                                                   const char          *target,
                                                   const SondeFolds    *folds,
                                                   GCancellable        *cancellable,
                                                   SondeProgressFunc    progress,
                                                   gpointer             progress_data,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
SondeCvResult *sonde_learner_cross_validate_finish (GAsyncResult      *result,
                                                    GError           **error);
void           sonde_cv_result_free           (SondeCvResult       *result);

/**
 * SondeBootstrapResult:
 * @task: classification or regression.
 * @n_boot: the number of bootstrap samples drawn.
 * @err_train: the error of a model fitted on all rows, on those rows
 *   (err̄: the error rate, or the mean squared error for a regression).
 * @err_oob: the leave-one-out bootstrap error Err⁽¹⁾: for each row, the
 *   mean error of the models whose sample left it out, averaged over the
 *   rows left out at least once.
 * @no_info: the no-information error γ (the error if the predictions
 *   were unrelated to the rows).
 * @err_632: Efron's .632 estimate, 0.368 err̄ + 0.632 Err⁽¹⁾.
 * @err_632plus: Efron and Tibshirani's .632+ estimate.
 * @relative_overfit: R, in [0, 1].
 *
 * What sonde_learner_bootstrap_632plus() measured (Efron and Tibshirani
 * 1997, "Improvements on cross-validation: the .632+ bootstrap method").
 * For a classification, 1 − @err_632plus is the estimated accuracy.
 */
typedef struct
{
  SondeTask  task;
  guint      n_boot;
  double     err_train;
  double     err_oob;
  double     no_info;
  double     err_632;
  double     err_632plus;
  double     relative_overfit;
} SondeBootstrapResult;

SondeBootstrapResult *sonde_learner_bootstrap_632plus (SondeLearner       *self,
                                                       SondeTable         *table,
                                                       const char * const *features,
                                                       const char         *target,
                                                       guint               n_boot,
                                                       guint64             seed,
                                                       GCancellable       *cancellable,
                                                       GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SondeFolds, sonde_folds_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SondeCvResult, sonde_cv_result_free)

G_END_DECLS
