/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sonde-validation"

/* Validation: splitting rows into folds and measuring a learner on the
 * rows it did not see.
 *
 * A split is a SondeFolds, one fold number per row, which is what a
 * person (or scikit-learn's PredefinedSplit) needs to replay it
 * elsewhere. The splits are stratified k-fold (repeatable with a repeat
 * number), plain k-fold for regression, stratified holdout and
 * leave-one-out. They draw from SplitMix64 (sonde-learner-private.h)
 * seeded with the seed and the repeat number, so the same seed gives the
 * same folds on every machine; they are not scikit-learn's folds (which
 * come from NumPy's Mersenne Twister), so comparisons with scikit-learn
 * export these folds instead.
 *
 * Stratified k-fold: the rows of each class, in a shuffled order, are
 * dealt to the folds in turn, and the next class starts dealing where the
 * previous one stopped, so every fold has each class in proportion (to
 * one row) and the fold sizes differ by at most one.
 *
 * sonde_learner_cross_validate() fits a fresh copy of the learner on the
 * training rows of each fold (the imputation and encoding too) and
 * predicts the test rows. sonde_learner_bootstrap_632plus() estimates the
 * error by Efron and Tibshirani's .632+ bootstrap instead. Rows: up to
 * millions; the folds cost O(n).
 */

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "sonde-error.h"
#include "sonde-learner-private.h"
#include "sonde-metrics.h"
#include "sonde-validation.h"

static SondeFolds *
folds_new (gsize n,
           guint n_folds)
{
  SondeFolds *folds = g_new0 (SondeFolds, 1);

  folds->n = n;
  folds->n_folds = n_folds;
  folds->fold = g_new (guint32, MAX (1, n));
  return folds;
}

void
sonde_folds_free (SondeFolds *folds)
{
  if (folds == NULL)
    return;
  g_free (folds->fold);
  g_free (folds);
}

static gboolean
check_k (gsize    n,
         guint    k,
         GError **error)
{
  if (k < 2)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                   _("Cross-validation needs at least 2 folds, not %u."), k);
      return FALSE;
    }
  if (k > n)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                   _("There are %zu rows, too few for %u folds; use at most %zu folds."), n, k, n);
      return FALSE;
    }
  return TRUE;
}

/* The rows of each class, each class's rows shuffled; classes in order. */
static guint *
rows_by_class (const guint32 *y,
               gsize          n,
               SondeRng      *rng,
               guint         *n_classes,
               gsize        **starts)
{
  guint k = 0;
  g_autofree gsize *count = NULL;
  g_autofree gsize *fill = NULL;
  guint *rows = g_new (guint, MAX (1, n));

  for (gsize i = 0; i < n; i++)
    k = MAX (k, y[i] + 1);
  count = g_new0 (gsize, k + 1);
  for (gsize i = 0; i < n; i++)
    count[y[i] + 1]++;
  for (guint c = 0; c < k; c++)
    count[c + 1] += count[c];
  fill = g_memdup2 (count, sizeof (gsize) * (k + 1));
  for (gsize i = 0; i < n; i++)
    rows[fill[y[i]]++] = i;
  for (guint c = 0; c < k; c++)
    sonde_rng_shuffle (rng, rows + count[c], count[c + 1] - count[c]);
  *n_classes = k;
  *starts = g_steal_pointer (&count);
  return rows;
}

/**
 * sonde_folds_stratified_kfold:
 * @y: (array length=n): the class index of each row
 * @n: the number of rows
 * @k: the number of folds, 2..@n
 * @seed: the seed
 * @repeat: the repeat number (0 for the first): repeated k-fold calls
 *   this with 0, 1, 2… for the same @seed
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the folds, or %NULL with @error
 *   set when @k does not fit @n.
 */
SondeFolds *
sonde_folds_stratified_kfold (const guint32  *y,
                              gsize           n,
                              guint           k,
                              guint64         seed,
                              guint           repeat,
                              GError        **error)
{
  SondeFolds *folds;
  SondeRng rng;
  g_autofree guint *rows = NULL;
  g_autofree gsize *starts = NULL;
  guint n_classes;

  g_return_val_if_fail (y != NULL || n == 0, NULL);

  if (!check_k (n, k, error))
    return NULL;

  sonde_rng_init (&rng, seed, repeat);
  rows = rows_by_class (y, n, &rng, &n_classes, &starts);
  folds = folds_new (n, k);
  /* Dealt in turn over all classes one after the other. */
  for (gsize i = 0; i < n; i++)
    folds->fold[rows[i]] = i % k;
  return folds;
}

/**
 * sonde_folds_kfold:
 * @n: the number of rows
 * @k: the number of folds, 2..@n
 * @seed: the seed
 * @repeat: the repeat number
 * @error: return location for a #GError
 *
 * Shuffled k-fold without classes, for regression.
 *
 * Returns: (transfer full) (nullable): the folds, or %NULL with @error set.
 */
SondeFolds *
sonde_folds_kfold (gsize    n,
                   guint    k,
                   guint64  seed,
                   guint    repeat,
                   GError **error)
{
  SondeFolds *folds;
  SondeRng rng;
  g_autofree guint *rows = NULL;

  if (!check_k (n, k, error))
    return NULL;

  sonde_rng_init (&rng, seed, repeat);
  rows = g_new (guint, n);
  for (gsize i = 0; i < n; i++)
    rows[i] = i;
  sonde_rng_shuffle (&rng, rows, n);
  folds = folds_new (n, k);
  for (gsize i = 0; i < n; i++)
    folds->fold[rows[i]] = i % k;
  return folds;
}

/**
 * sonde_folds_stratified_holdout:
 * @y: (array length=n): the class index of each row
 * @n: the number of rows
 * @test_fraction: the share of rows held out, in (0, 1)
 * @seed: the seed
 * @error: return location for a #GError
 *
 * One fold (0) of held-out rows, each class held out in proportion
 * (rounded); every other row is %SONDE_FOLD_TRAIN.
 *
 * Returns: (transfer full) (nullable): the split, or %NULL with @error
 *   set when the fraction leaves no row on one side.
 */
SondeFolds *
sonde_folds_stratified_holdout (const guint32  *y,
                                gsize           n,
                                double          test_fraction,
                                guint64         seed,
                                GError        **error)
{
  SondeFolds *folds;
  SondeRng rng;
  g_autofree guint *rows = NULL;
  g_autofree gsize *starts = NULL;
  guint n_classes;
  gsize n_test = 0;

  g_return_val_if_fail (y != NULL || n == 0, NULL);

  if (!(test_fraction > 0 && test_fraction < 1))
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                   _("The share of rows held out must be between 0 and 1, not %g."), test_fraction);
      return NULL;
    }

  sonde_rng_init (&rng, seed, 0);
  rows = rows_by_class (y, n, &rng, &n_classes, &starts);
  folds = folds_new (n, 1);
  for (guint c = 0; c < n_classes; c++)
    {
      gsize size = starts[c + 1] - starts[c];
      gsize take = (gsize) floor (size * test_fraction + 0.5);

      for (gsize i = 0; i < size; i++)
        folds->fold[rows[starts[c] + i]] = i < take ? 0 : SONDE_FOLD_TRAIN;
      n_test += take;
    }
  if (n_test == 0 || n_test == n)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                   _("Holding out %g of %zu rows leaves no row to %s; choose another share."),
                   test_fraction, n, n_test == 0 ? _("test on") : _("train on"));
      sonde_folds_free (folds);
      return NULL;
    }
  return folds;
}

/**
 * sonde_folds_leave_one_out:
 * @n: the number of rows, at least 2
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): n folds, row i alone in fold i.
 */
SondeFolds *
sonde_folds_leave_one_out (gsize    n,
                           GError **error)
{
  SondeFolds *folds;

  if (n < 2 || n > G_MAXUINT32)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                   _("Leave-one-out needs at least 2 rows and fewer than 4 billion."));
      return NULL;
    }
  folds = folds_new (n, n);
  for (gsize i = 0; i < n; i++)
    folds->fold[i] = i;
  return folds;
}

/**
 * sonde_folds_get_rows:
 * @folds: folds
 * @fold: a fold number
 * @test: %TRUE for the fold's test rows, %FALSE for its training rows
 * @n_rows: (out): the number of rows returned
 *
 * Rows in %SONDE_FOLD_UNUSED are in neither.
 *
 * Returns: (transfer full) (array length=n_rows): the rows, increasing.
 */
guint *
sonde_folds_get_rows (const SondeFolds *folds,
                      guint             fold,
                      gboolean          test,
                      guint            *n_rows)
{
  guint *rows;
  guint m = 0;

  g_return_val_if_fail (folds != NULL, NULL);
  g_return_val_if_fail (n_rows != NULL, NULL);

  rows = g_new (guint, MAX (1, folds->n));
  for (gsize i = 0; i < folds->n; i++)
    if (folds->fold[i] != SONDE_FOLD_UNUSED && (folds->fold[i] == fold) == !!test)
      rows[m++] = i;
  *n_rows = m;
  return rows;
}

void
sonde_cv_result_free (SondeCvResult *result)
{
  if (result == NULL)
    return;
  g_free (result->score);
  g_free (result->predictions);
  g_free (result->truth);
  g_free (result);
}

/**
 * sonde_learner_cross_validate:
 * @self: a learner (not changed: each fold fits a copy)
 * @table: the data
 * @features: (array zero-terminated=1): the feature columns
 * @target: the target column
 * @folds: folds over the rows of @table
 * @error: return location for a #GError
 *
 * Fits a copy of @self on each fold's training rows and scores it on the
 * fold's test rows.
 *
 * Returns: (transfer full) (nullable): the scores and the out-of-fold
 *   predictions, or %NULL with @error set by the first fold that failed
 *   (the message says which fold).
 */
SondeCvResult *
sonde_learner_cross_validate (SondeLearner        *self,
                              SondeTable          *table,
                              const char * const  *features,
                              const char          *target,
                              const SondeFolds    *folds,
                              GError             **error)
{
  return sonde_learner_cross_validate_full (self, table, features, target, folds, NULL, NULL, NULL, error);
}

/**
 * sonde_learner_cross_validate_full:
 * @self: a learner (not changed: each fold fits a copy)
 * @table: the data, not changed meanwhile
 * @features: (array zero-terminated=1): the feature columns
 * @target: the target column
 * @folds: folds over the rows of @table
 * @cancellable: (nullable): a #GCancellable, checked during each fit
 * @progress: (nullable) (scope call): told the share of folds done
 * @progress_data: data for @progress
 * @error: return location for a #GError
 *
 * sonde_learner_cross_validate() with a way to stop and a progress
 * report after each fold; may run in any thread.
 *
 * Returns: (transfer full) (nullable): the result, or %NULL with @error
 *   set (%G_IO_ERROR_CANCELLED when cancelled).
 */
SondeCvResult *
sonde_learner_cross_validate_full (SondeLearner        *self,
                                   SondeTable          *table,
                                   const char * const  *features,
                                   const char          *target,
                                   const SondeFolds    *folds,
                                   GCancellable        *cancellable,
                                   SondeProgressFunc    progress,
                                   gpointer             progress_data,
                                   GError             **error)
{
  g_autoptr(SondeCvResult) result = NULL;
  g_autoptr(GPtrArray) labels = NULL;
  g_autoptr(GHashTable) index = NULL;
  g_autofree guint32 *codes = NULL;
  SondeColumn *target_column;
  SondeTask task;
  gsize n;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (SONDE_IS_TABLE (table), NULL);
  g_return_val_if_fail (folds != NULL, NULL);

  if (target == NULL || sonde_learner_get_task (self) == SONDE_TASK_CLUSTERING)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                   _("%s groups rows without a target, so there is nothing to cross-validate; judge its clusters by their silhouette instead."),
                   sonde_learner_get_label (self));
      return NULL;
    }

  n = sonde_table_get_n_rows (table);
  if (folds->n != n)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                   _("The folds cover %zu rows but the dataset has %zu."), folds->n, n);
      return NULL;
    }
  if ((target_column = sonde_table_find_column (table, target)) == NULL)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                   _("There is no column called “%s” to use as the target."), target);
      return NULL;
    }

  /* What every fold would fail on, said once. */
  for (guint j = 0; features[j] != NULL; j++)
    if (sonde_table_find_column (table, features[j]) == NULL)
      {
        g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                     _("There is no column called “%s” to use as a feature."), features[j]);
        return NULL;
      }
  if ((task = sonde_learner_resolve_task (self, table, target, error)) == SONDE_TASK_AUTO)
    return NULL;

  result = g_new0 (SondeCvResult, 1);
  result->n_folds = folds->n_folds;
  result->score = g_new0 (double, MAX (1, folds->n_folds));
  result->n = n;
  result->predictions = g_new (double, MAX (1, n));
  result->truth = g_new (double, MAX (1, n));
  for (gsize i = 0; i < n; i++)
    result->predictions[i] = result->truth[i] = NAN;

  for (guint f = 0; f < folds->n_folds; f++)
    {
      g_autoptr(SondeLearner) copy = sonde_learner_copy_unfitted (self);
      g_autoptr(GError) local_error = NULL;
      g_autofree guint *train = NULL;
      g_autofree guint *test = NULL;
      g_autofree double *pred = NULL;
      guint n_train, n_test, hits = 0;

      if (progress != NULL)
        progress ((double) f / folds->n_folds, progress_data);
      train = sonde_folds_get_rows (folds, f, FALSE, &n_train);
      test = sonde_folds_get_rows (folds, f, TRUE, &n_test);
      if (n_test == 0)
        continue;
      if (!sonde_learner_fit_rows_full (copy, table, features, target, train, n_train, cancellable, &local_error) ||
          (pred = sonde_learner_predict (copy, table, test, n_test, &local_error)) == NULL)
        {
          if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            g_propagate_error (error, g_steal_pointer (&local_error));
          else
            g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                         _("Fold %u of %u: %s"), f + 1, folds->n_folds, local_error->message);
          return NULL;
        }
      task = sonde_learner_get_task (copy);

      if (task == SONDE_TASK_CLASSIFICATION)
        {
          if (codes == NULL)
            {
              if ((codes = sonde_learner_encode_classes (table, target, &labels, error)) == NULL)
                return NULL;
              index = g_hash_table_new (g_str_hash, g_str_equal);
              for (guint c = 0; c < labels->len; c++)
                g_hash_table_insert (index, g_ptr_array_index (labels, c), GUINT_TO_POINTER (c));
            }
          for (guint i = 0; i < n_test; i++)
            {
              /* The fold's classes may be fewer than all of them. */
              const char *label = sonde_learner_get_class_label (copy, (guint) pred[i]);
              guint c = GPOINTER_TO_UINT (g_hash_table_lookup (index, label));

              result->predictions[test[i]] = c;
              result->truth[test[i]] = codes[test[i]];
              hits += c == codes[test[i]];
            }
          result->score[f] = (double) hits / n_test;
        }
      else
        {
          g_autofree double *truth = g_new (double, n_test);

          for (guint i = 0; i < n_test; i++)
            {
              truth[i] = sonde_column_get_number (target_column, test[i]);
              result->predictions[test[i]] = pred[i];
              result->truth[test[i]] = truth[i];
            }
          result->score[f] = n_test >= 2 ? sonde_metric_r2 (truth, pred, n_test, NULL) : NAN;
        }
    }
  result->task = task;

  {
    double sum = 0, ss = 0;
    guint m = 0;

    for (guint f = 0; f < result->n_folds; f++)
      if (!isnan (result->score[f]))
        {
          sum += result->score[f];
          m++;
        }
    result->mean = m > 0 ? sum / m : NAN;
    for (guint f = 0; f < result->n_folds; f++)
      if (!isnan (result->score[f]))
        ss += (result->score[f] - result->mean) * (result->score[f] - result->mean);
    result->sd = m > 1 ? sqrt (ss / (m - 1)) : NAN;
  }

  /* Pooled figures over the tested rows. */
  {
    g_autofree double *t = g_new (double, MAX (1, n));
    g_autofree double *p = g_new (double, MAX (1, n));
    gsize m = 0;

    for (gsize i = 0; i < n; i++)
      if (!isnan (result->predictions[i]))
        {
          t[m] = result->truth[i];
          p[m] = result->predictions[i];
          m++;
        }
    if (task == SONDE_TASK_CLASSIFICATION && m > 0)
      {
        g_autofree guint32 *ti = g_new (guint32, m);
        g_autofree guint32 *pi = g_new (guint32, m);
        g_autoptr(SondeConfusion) conf = NULL;

        for (gsize i = 0; i < m; i++)
          {
            ti[i] = t[i];
            pi[i] = p[i];
          }
        conf = sonde_confusion_new (ti, pi, m, labels->len, NULL);
        result->pooled = conf != NULL ? sonde_metric_accuracy (conf) : NAN;
        result->pooled_2 = conf != NULL ? sonde_metric_f1 (conf, SONDE_AVERAGE_MACRO, 0) : NAN;
      }
    else if (m > 1)
      {
        result->pooled = sonde_metric_r2 (t, p, m, NULL);
        result->pooled_2 = sonde_metric_rmse (t, p, m, NULL);
      }
    else
      result->pooled = result->pooled_2 = NAN;
  }

  if (progress != NULL)
    progress (1.0, progress_data);
  return g_steal_pointer (&result);
}

typedef struct
{
  SondeLearner      *learner;
  SondeTable        *table;
  char             **features;
  char              *target;
  SondeFolds        *folds;
  SondeProgressFunc  progress;
  gpointer           progress_data;
} CvJob;

static void
cv_job_free (gpointer data)
{
  CvJob *job = data;

  sonde_learner_free (job->learner);
  g_object_unref (job->table);
  g_strfreev (job->features);
  g_free (job->target);
  sonde_folds_free (job->folds);
  g_free (job);
}

static void
cv_thread (GTask        *task,
           gpointer      source,
           gpointer      task_data,
           GCancellable *cancellable)
{
  CvJob *job = task_data;
  GError *error = NULL;
  SondeCvResult *result;

  result = sonde_learner_cross_validate_full (job->learner, job->table, (const char * const *) job->features,
                                              job->target, job->folds, cancellable,
                                              job->progress, job->progress_data, &error);
  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, (GDestroyNotify) sonde_cv_result_free);
}

/**
 * sonde_learner_cross_validate_async:
 * @self: a learner (copied: it may be changed or freed at once)
 * @table: the data, not to be changed meanwhile
 * @features: (array zero-terminated=1): the feature columns
 * @target: the target column
 * @folds: folds over the rows of @table (copied)
 * @cancellable: (nullable): a #GCancellable
 * @progress: (nullable): told the share of folds done, from the worker
 *   thread (see #SondeProgressFunc)
 * @progress_data: data for @progress, kept until @callback runs
 * @callback: called in the thread-default main context when done
 * @user_data: data for @callback
 *
 * Cross-validates in a worker thread.
 */
void
sonde_learner_cross_validate_async (SondeLearner        *self,
                                    SondeTable          *table,
                                    const char * const  *features,
                                    const char          *target,
                                    const SondeFolds    *folds,
                                    GCancellable        *cancellable,
                                    SondeProgressFunc    progress,
                                    gpointer             progress_data,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  CvJob *job;

  g_return_if_fail (self != NULL);
  g_return_if_fail (SONDE_IS_TABLE (table));
  g_return_if_fail (features != NULL);
  g_return_if_fail (folds != NULL);

  job = g_new0 (CvJob, 1);
  job->learner = sonde_learner_copy_unfitted (self);
  job->table = g_object_ref (table);
  job->features = g_strdupv ((char **) features);
  job->target = g_strdup (target);
  job->folds = g_new0 (SondeFolds, 1);
  job->folds->n = folds->n;
  job->folds->n_folds = folds->n_folds;
  job->folds->fold = g_memdup2 (folds->fold, sizeof (guint32) * MAX (1, folds->n));
  job->progress = progress;
  job->progress_data = progress_data;
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sonde_learner_cross_validate_async);
  g_task_set_task_data (task, job, cv_job_free);
  g_task_run_in_thread (task, cv_thread);
}

/**
 * sonde_learner_cross_validate_finish:
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the result, or %NULL with @error set.
 */
SondeCvResult *
sonde_learner_cross_validate_finish (GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sonde_learner_cross_validate_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------ */
/* The .632+ bootstrap                                                 */

/* The target of every row as the losses need it: class indices of all
 * rows (in the order of sonde_learner_encode_classes()) or numbers. */
static double *
target_values (SondeTable  *table,
               const char  *target,
               SondeTask    task,
               GPtrArray  **labels,
               GError     **error)
{
  guint n = sonde_table_get_n_rows (table);
  double *y;

  if (task == SONDE_TASK_CLASSIFICATION)
    {
      g_autofree guint32 *codes = sonde_learner_encode_classes (table, target, labels, error);

      if (codes == NULL)
        return NULL;
      y = g_new (double, MAX (1, n));
      for (guint i = 0; i < n; i++)
        y[i] = codes[i];
    }
  else
    {
      SondeColumn *column = sonde_table_find_column (table, target);

      y = g_new (double, MAX (1, n));
      for (guint i = 0; i < n; i++)
        y[i] = sonde_column_get_number (column, i);
    }
  return y;
}

/* A fitted copy's predictions of @rows, as global class indices. */
static double *
predict_global (SondeLearner  *model,
                SondeTable    *table,
                const guint   *rows,
                guint          n_rows,
                GHashTable    *index,
                GError       **error)
{
  double *pred = sonde_learner_predict (model, table, rows, n_rows, error);

  if (pred != NULL && index != NULL)
    for (guint i = 0; i < n_rows; i++)
      pred[i] = GPOINTER_TO_UINT (g_hash_table_lookup (index, sonde_learner_get_class_label (model, (guint) pred[i])));
  return pred;
}

static double
loss (SondeTask task,
      double    truth,
      double    pred)
{
  return task == SONDE_TASK_CLASSIFICATION ? (truth != pred) : (truth - pred) * (truth - pred);
}

/**
 * sonde_learner_bootstrap_632plus:
 * @self: a learner (not changed: each sample fits a copy)
 * @table: the data
 * @features: (array zero-terminated=1): the feature columns
 * @target: the target column
 * @n_boot: the number of bootstrap samples, at least 2 (50 to 200 is usual)
 * @seed: the seed: sample b draws from SplitMix64 stream b + 1
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Estimates the prediction error by the .632+ bootstrap: @n_boot models
 * fitted on samples of n rows drawn with replacement, each scored on the
 * rows it did not draw, corrected towards the training error by how much
 * the learner overfits (0-1 loss for a classification, squared error
 * for a regression). Costs @n_boot + 1 fits.
 *
 * Returns: (transfer full) (nullable): the estimates, or %NULL with
 *   @error set.
 */
SondeBootstrapResult *
sonde_learner_bootstrap_632plus (SondeLearner        *self,
                                 SondeTable          *table,
                                 const char * const  *features,
                                 const char          *target,
                                 guint                n_boot,
                                 guint64              seed,
                                 GCancellable        *cancellable,
                                 GError             **error)
{
  g_autofree double *y = NULL;
  g_autofree double *full_pred = NULL;
  g_autofree double *oob_sum = NULL;
  g_autofree guint *oob_count = NULL;
  g_autofree guint *sample = NULL;
  g_autofree guint *left_out = NULL;
  g_autofree guint8 *drawn = NULL;
  g_autoptr(GPtrArray) labels = NULL;
  g_autoptr(GHashTable) index = NULL;
  g_autoptr(SondeLearner) full = NULL;
  SondeBootstrapResult *r;
  SondeTask task;
  guint n;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (SONDE_IS_TABLE (table), NULL);
  g_return_val_if_fail (features != NULL, NULL);

  if (n_boot < 2)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                   _("The bootstrap needs at least 2 samples, not %u."), n_boot);
      return NULL;
    }
  if ((task = sonde_learner_resolve_task (self, table, target, error)) == SONDE_TASK_AUTO)
    return NULL;
  if (task == SONDE_TASK_CLUSTERING)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                   _("%s groups rows without a target, so there is no error to estimate."),
                   sonde_learner_get_label (self));
      return NULL;
    }
  n = sonde_table_get_n_rows (table);

  /* The model on all rows: the training error and the no-information
   * rate. */
  full = sonde_learner_copy_unfitted (self);
  sonde_learner_set_task (full, task);
  if (!sonde_learner_fit_rows_full (full, table, features, target, NULL, n, cancellable, error))
    return NULL;
  if ((y = target_values (table, target, task, &labels, error)) == NULL)
    return NULL;
  if (labels != NULL)
    {
      index = g_hash_table_new (g_str_hash, g_str_equal);
      for (guint c = 0; c < labels->len; c++)
        g_hash_table_insert (index, g_ptr_array_index (labels, c), GUINT_TO_POINTER (c));
    }
  if ((full_pred = predict_global (full, table, NULL, n, index, error)) == NULL)
    return NULL;

  r = g_new0 (SondeBootstrapResult, 1);
  r->task = task;
  r->n_boot = n_boot;
  for (guint i = 0; i < n; i++)
    r->err_train += loss (task, y[i], full_pred[i]);
  r->err_train /= n;
  if (task == SONDE_TASK_CLASSIFICATION)
    {
      /* γ = Σ_k p_k (1 − q_k). */
      g_autofree double *p = g_new0 (double, labels->len);
      g_autofree double *q = g_new0 (double, labels->len);

      for (guint i = 0; i < n; i++)
        {
          p[(guint) y[i]] += 1.0 / n;
          q[(guint) full_pred[i]] += 1.0 / n;
        }
      for (guint c = 0; c < labels->len; c++)
        r->no_info += p[c] * (1 - q[c]);
    }
  else
    {
      /* γ = Σ_i Σ_j (y_i − ŷ_j)² / n², in O(n) from the sums. */
      double sy = 0, syy = 0, sp = 0, spp = 0;

      for (guint i = 0; i < n; i++)
        {
          sy += y[i];
          syy += y[i] * y[i];
          sp += full_pred[i];
          spp += full_pred[i] * full_pred[i];
        }
      r->no_info = syy / n - 2 * (sy / n) * (sp / n) + spp / n;
    }

  /* The bootstrap samples. */
  oob_sum = g_new0 (double, MAX (1, n));
  oob_count = g_new0 (guint, MAX (1, n));
  sample = g_new (guint, MAX (1, n));
  left_out = g_new (guint, MAX (1, n));
  drawn = g_new (guint8, MAX (1, n));
  for (guint b = 0; b < n_boot; b++)
    {
      g_autoptr(SondeLearner) model = sonde_learner_copy_unfitted (self);
      g_autoptr(GError) local_error = NULL;
      g_autofree double *pred = NULL;
      guint n_out = 0;
      SondeRng rng;

      sonde_rng_init (&rng, seed, b + 1);
      memset (drawn, 0, n);
      for (guint i = 0; i < n; i++)
        {
          sample[i] = sonde_rng_below (&rng, n);
          drawn[sample[i]] = 1;
        }
      for (guint i = 0; i < n; i++)
        if (!drawn[i])
          left_out[n_out++] = i;
      if (n_out == 0)
        continue;

      /* A sample of a single class cannot train a classifier: skip it,
       * as the usual implementations do. */
      if (task == SONDE_TASK_CLASSIFICATION)
        {
          gboolean several = FALSE;

          for (guint i = 1; i < n && !several; i++)
            several = y[sample[i]] != y[sample[0]];
          if (!several)
            continue;
        }

      sonde_learner_set_task (model, task);
      if (!sonde_learner_fit_rows_full (model, table, features, target, sample, n, cancellable, &local_error) ||
          (pred = predict_global (model, table, left_out, n_out, index, &local_error)) == NULL)
        {
          if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            g_propagate_error (error, g_steal_pointer (&local_error));
          else
            g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                         _("Bootstrap sample %u of %u: %s"), b + 1, n_boot, local_error->message);
          g_free (r);
          return NULL;
        }
      for (guint i = 0; i < n_out; i++)
        {
          oob_sum[left_out[i]] += loss (task, y[left_out[i]], pred[i]);
          oob_count[left_out[i]]++;
        }
    }

  {
    double sum = 0;
    guint m = 0;

    for (guint i = 0; i < n; i++)
      if (oob_count[i] > 0)
        {
          sum += oob_sum[i] / oob_count[i];
          m++;
        }
    if (m == 0)
      {
        g_set_error_literal (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                             _("No bootstrap sample left a row out; draw more samples."));
        g_free (r);
        return NULL;
      }
    r->err_oob = sum / m;
  }

  r->err_632 = 0.368 * r->err_train + 0.632 * r->err_oob;
  {
    double err1 = MIN (r->err_oob, r->no_info);
    double rel = 0, w;

    if (err1 > r->err_train && r->no_info > r->err_train)
      rel = (err1 - r->err_train) / (r->no_info - r->err_train);
    rel = CLAMP (rel, 0, 1);
    w = 0.632 / (1 - 0.368 * rel);
    r->relative_overfit = rel;
    r->err_632plus = (1 - w) * r->err_train + w * err1;
  }
  return r;
}
