/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sonde-engine"

/* Searching hyperparameters and learning curves, on SondeLearner and
 * SondeFolds: every setting is cross-validated on the same folds, so
 * their scores compare, and the same seed gives the same search.
 *
 * Grid search: `name=v1,v2,v3` per parameter; the settings are the
 * product of the lists, parameters in name order, the last one varying
 * fastest (scikit-learn's ParameterGrid order, so ties resolve as
 * GridSearchCV's do: the first best). Random search: `name=a..b` draws a
 * whole number (both ends included) or a real uniformly, `name=v1,v2`
 * draws one of the values; GLib's GRand (Mersenne Twister) seeded with
 * the seed's low 32 bits.
 *
 * Validation curve: the training and test scores of each value of one
 * parameter on the same folds (scikit-learn's validation_curve).
 *
 * Nested cross-validation: on each outer fold's training rows, the grid
 * or random search on inner folds, then the best setting trained on all
 * those rows and scored on the outer test rows (scikit-learn's
 * cross_val_score (GridSearchCV (est, grid, cv=K), X, y, cv=outer)). The
 * inner folds are scikit-learn's default ones for an integer cv, so that
 * the figures can be checked: StratifiedKFold (K) without shuffling for
 * a classification, KFold (K) without shuffling (contiguous blocks) for
 * a regression, on the outer training rows in table order.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "sonde-error.h"
#include "sonde-metrics.h"
#include "sonde-tuning.h"

typedef struct
{
  char  *name;
  GStrv  values;     /* for a list */
  double low, high;  /* for a range */
  gboolean range;
} Axis;

static void
axis_clear (gpointer data)
{
  Axis *a = data;

  g_free (a->name);
  g_strfreev (a->values);
}

static int
axis_by_name (gconstpointer a,
              gconstpointer b)
{
  return strcmp (((const Axis *) a)->name, ((const Axis *) b)->name);
}

/* "name=v1,v2" or, when @ranges, "name=a..b". */
static GArray *
parse_axes (const char * const  *entries,
            gboolean             ranges,
            GError             **error)
{
  g_autoptr(GArray) axes = g_array_new (FALSE, TRUE, sizeof (Axis));

  g_array_set_clear_func (axes, axis_clear);
  for (guint i = 0; entries != NULL && entries[i] != NULL; i++)
    {
      const char *eq = strchr (entries[i], '=');
      const char *dots;
      Axis axis = { 0 };

      if (eq == NULL || eq == entries[i] || eq[1] == '\0')
        {
          g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                       ranges ? _("“%s” is not a search space: write NAME=LOW..HIGH or NAME=V1,V2, such as max_depth=1..10.")
                              : _("“%s” is not a grid: write NAME=V1,V2,…, such as max_depth=2,4,8."),
                       entries[i]);
          return NULL;
        }
      axis.name = g_strstrip (g_strndup (entries[i], eq - entries[i]));
      dots = strstr (eq + 1, "..");
      if (ranges && dots != NULL)
        {
          g_autofree char *low = g_strndup (eq + 1, dots - eq - 1);
          char *end_low = NULL, *end_high = NULL;

          axis.low = g_ascii_strtod (g_strstrip (low), &end_low);
          axis.high = g_ascii_strtod (dots + 2, &end_high);
          if (end_low == NULL || *end_low != '\0' || end_high == NULL || *end_high != '\0'
              || !isfinite (axis.low) || !isfinite (axis.high) || axis.low > axis.high)
            {
              g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                           _("“%s”: a range is two numbers, the smaller first, such as max_depth=1..10."),
                           entries[i]);
              axis_clear (&axis);
              return NULL;
            }
          axis.range = TRUE;
        }
      else
        {
          axis.values = g_strsplit (eq + 1, ",", -1);
          for (guint v = 0; axis.values[v] != NULL; v++)
            {
              g_strstrip (axis.values[v]);
              if (axis.values[v][0] == '\0')
                {
                  g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                               _("“%s” has an empty value."), entries[i]);
                  axis_clear (&axis);
                  return NULL;
                }
            }
        }
      for (guint k = 0; k < axes->len; k++)
        if (strcmp (g_array_index (axes, Axis, k).name, axis.name) == 0)
          {
            g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                         _("The parameter “%s” is given twice."), axis.name);
            axis_clear (&axis);
            return NULL;
          }
      g_array_append_val (axes, axis);
    }

  if (axes->len == 0)
    {
      g_set_error_literal (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                           _("Give at least one parameter to search, such as max_depth=2,4,8."));
      return NULL;
    }
  g_array_sort (axes, axis_by_name);

  return g_steal_pointer (&axes);
}

void
sonde_tune_result_free (SondeTuneResult *result)
{
  if (result == NULL)
    return;

  for (guint i = 0; i < result->n_candidates; i++)
    {
      g_free (result->settings[i]);
      g_strfreev (result->assignments[i]);
    }
  g_free (result->settings);
  g_free (result->assignments);
  g_free (result->mean);
  g_free (result->sd);
  g_free (result);
}

/* Cross-validates every candidate (a NULL-terminated "name=value" list). */
static SondeTuneResult *
run_candidates (SondeLearner        *learner,
                SondeTable          *table,
                const char * const  *features,
                const char          *target,
                GPtrArray           *candidates,
                const SondeFolds    *folds,
                GCancellable        *cancellable,
                GError             **error)
{
  SondeTuneResult *result = g_new0 (SondeTuneResult, 1);

  result->n_candidates = candidates->len;
  result->settings = g_new0 (char *, candidates->len);
  result->assignments = g_new0 (char **, candidates->len);
  result->mean = g_new0 (double, candidates->len);
  result->sd = g_new0 (double, candidates->len);

  for (guint c = 0; c < candidates->len; c++)
    {
      char **assignment = candidates->pdata[c];
      g_autoptr(SondeLearner) copy = sonde_learner_copy_unfitted (learner);
      g_autoptr(SondeCvResult) cv = NULL;
      g_autoptr(GError) local = NULL;
      g_autofree char *problem = NULL;

      result->assignments[c] = g_strdupv (assignment);
      result->settings[c] = g_strjoinv (", ", assignment);

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto fail;

      for (guint a = 0; assignment[a] != NULL; a++)
        {
          const char *eq = strchr (assignment[a], '=');
          g_autofree char *name = g_strndup (assignment[a], eq - assignment[a]);

          if (!sonde_learner_set_param (copy, name, eq + 1, &local))
            {
              g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                           /* Translators: a setting such as “max_depth=0”, then why it cannot be */
                           _("The setting “%s” cannot be tried: %s"), result->settings[c], local->message);
              goto fail;
            }
        }
      if ((problem = sonde_learner_check_params (copy)) != NULL)
        {
          g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                       _("The setting “%s” cannot be tried: %s"), result->settings[c], problem);
          goto fail;
        }

      cv = sonde_learner_cross_validate_full (copy, table, features, target, folds, cancellable, NULL, NULL, &local);
      if (cv == NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          goto fail;
        }
      result->mean[c] = cv->mean;
      result->sd[c] = cv->sd;
      if (c == 0 || cv->mean > result->mean[result->best])
        result->best = c;
    }

  return result;

fail:
  sonde_tune_result_free (result);
  return NULL;
}

/**
 * sonde_tune_grid:
 * @learner: the learner, with its other parameters set (not changed)
 * @table: the data
 * @features: the feature columns
 * @target: the target column
 * @grid: (array zero-terminated=1): "name=v1,v2,…" per parameter
 * @folds: the folds every setting is scored on
 * @cancellable: (nullable): stops between and inside fits
 * @error: return location for a #GError
 *
 * Grid search: every combination of the values, cross-validated.
 *
 * Returns: (transfer full) (nullable): the scores of every setting.
 */
SondeTuneResult *
sonde_tune_grid (SondeLearner        *learner,
                 SondeTable          *table,
                 const char * const  *features,
                 const char          *target,
                 const char * const  *grid,
                 const SondeFolds    *folds,
                 GCancellable        *cancellable,
                 GError             **error)
{
  g_autoptr(GArray) axes = NULL;
  g_autoptr(GPtrArray) candidates = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autofree guint *index = NULL;
  gsize total = 1;

  g_return_val_if_fail (learner != NULL && folds != NULL, NULL);

  if ((axes = parse_axes (grid, FALSE, error)) == NULL)
    return NULL;

  for (guint k = 0; k < axes->len; k++)
    {
      total *= g_strv_length (g_array_index (axes, Axis, k).values);
      if (total > 10000)
        {
          g_set_error_literal (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                               _("The grid has more than 10 000 settings; use fewer values, or a random search."));
          return NULL;
        }
    }

  index = g_new0 (guint, axes->len);
  for (gsize n = 0; n < total; n++)
    {
      char **assignment = g_new0 (char *, axes->len + 1);

      for (guint k = 0; k < axes->len; k++)
        {
          Axis *axis = &g_array_index (axes, Axis, k);

          assignment[k] = g_strdup_printf ("%s=%s", axis->name, axis->values[index[k]]);
        }
      g_ptr_array_add (candidates, assignment);

      /* The last parameter varies fastest. */
      for (int k = (int) axes->len - 1; k >= 0; k--)
        {
          if (++index[k] < g_strv_length (g_array_index (axes, Axis, k).values))
            break;
          index[k] = 0;
        }
    }

  return run_candidates (learner, table, features, target, candidates, folds, cancellable, error);
}

/**
 * sonde_tune_random:
 * @space: (array zero-terminated=1): "name=low..high" or "name=v1,v2"
 * @n_iter: how many settings to draw
 * @seed: the same seed draws the same settings
 *
 * Random search; see sonde_tune_grid() for the other arguments. A whole
 * number range draws whole numbers when the parameter is an integer.
 *
 * Returns: (transfer full) (nullable): the scores of every setting.
 */
SondeTuneResult *
sonde_tune_random (SondeLearner        *learner,
                   SondeTable          *table,
                   const char * const  *features,
                   const char          *target,
                   const char * const  *space,
                   guint                n_iter,
                   guint64              seed,
                   const SondeFolds    *folds,
                   GCancellable        *cancellable,
                   GError             **error)
{
  g_autoptr(GArray) axes = NULL;
  g_autoptr(GPtrArray) candidates = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GRand) rand = NULL;
  const SondeParamSpec *specs;
  guint n_specs = 0;

  g_return_val_if_fail (learner != NULL && folds != NULL, NULL);

  if (n_iter == 0 || n_iter > 10000)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                   _("A random search draws between 1 and 10 000 settings, not %u."), n_iter);
      return NULL;
    }
  if ((axes = parse_axes (space, TRUE, error)) == NULL)
    return NULL;

  specs = sonde_learner_get_params (learner, &n_specs);
  rand = g_rand_new_with_seed ((guint32) seed);
  for (guint i = 0; i < n_iter; i++)
    {
      char **assignment = g_new0 (char *, axes->len + 1);

      for (guint k = 0; k < axes->len; k++)
        {
          Axis *axis = &g_array_index (axes, Axis, k);

          if (!axis->range)
            assignment[k] = g_strdup_printf ("%s=%s", axis->name,
                                             axis->values[g_rand_int_range (rand, 0, (gint32) g_strv_length (axis->values))]);
          else
            {
              gboolean whole = FALSE;
              char text[G_ASCII_DTOSTR_BUF_SIZE];

              for (guint s = 0; s < n_specs; s++)
                if (strcmp (specs[s].name, axis->name) == 0)
                  whole = specs[s].type == SONDE_PARAM_INT;
              if (whole)
                g_snprintf (text, sizeof text, "%.0f",
                            floor (axis->low) + g_rand_int_range (rand, 0, (gint32) (floor (axis->high) - floor (axis->low)) + 1));
              else
                g_ascii_dtostr (text, sizeof text, axis->low + (axis->high - axis->low) * g_rand_double (rand));
              assignment[k] = g_strdup_printf ("%s=%s", axis->name, text);
            }
        }
      g_ptr_array_add (candidates, assignment);
    }

  return run_candidates (learner, table, features, target, candidates, folds, cancellable, error);
}

/* ------------------------------------------------------------------ */
/* Learning curve                                                       */
/* ------------------------------------------------------------------ */

void
sonde_learning_curve_free (SondeLearningCurve *curve)
{
  if (curve == NULL)
    return;

  g_free (curve->train_size);
  g_free (curve->test_mean);
  g_free (curve->test_sd);
  g_free (curve->train_mean);
  g_free (curve);
}

/* Accuracy (by class label) or R² of @learner on @rows. */
static gboolean
score_rows (SondeLearner  *learner,
            SondeTable    *table,
            const char    *target,
            GPtrArray     *labels,
            const guint32 *codes,
            const guint   *rows,
            guint          n_rows,
            double        *score,
            GError       **error)
{
  g_autofree double *predicted = sonde_learner_predict (learner, table, rows, n_rows, error);

  if (predicted == NULL)
    return FALSE;

  if (codes != NULL)
    {
      guint right = 0;

      for (guint i = 0; i < n_rows; i++)
        {
          const char *label = sonde_learner_get_class_label (learner, (guint) predicted[i]);

          right += g_strcmp0 (label, labels->pdata[codes[rows[i]]]) == 0;
        }
      *score = n_rows > 0 ? (double) right / n_rows : NAN;
    }
  else
    {
      SondeColumn *column = sonde_table_find_column (table, target);
      g_autofree double *truth = g_new (double, MAX (1, n_rows));

      for (guint i = 0; i < n_rows; i++)
        truth[i] = sonde_column_get_number (column, rows[i]);
      *score = sonde_metric_r2 (truth, predicted, n_rows, NULL);
    }

  return TRUE;
}

/**
 * sonde_learning_curve:
 * @fractions: (array length=n_fractions): shares of each fold's training
 *   rows to train on, each in ]0, 1]
 *
 * Trains on the first share of each fold's training rows (in table
 * order) and scores on the fold's test rows and on the rows trained on.
 * A share that holds one class only predicts that class, as
 * scikit-learn's trees do (Sonde's classifiers refuse to fit it).
 *
 * Returns: (transfer full) (nullable): the curve.
 */
SondeLearningCurve *
sonde_learning_curve (SondeLearner       *learner,
                      SondeTable         *table,
                      const char * const *features,
                      const char         *target,
                      const double       *fractions,
                      guint               n_fractions,
                      const SondeFolds   *folds,
                      GCancellable       *cancellable,
                      GError            **error)
{
  g_autoptr(SondeLearningCurve) curve = g_new0 (SondeLearningCurve, 1);
  g_autoptr(GPtrArray) labels = NULL;
  g_autofree guint32 *codes = NULL;
  g_autofree double *scores = NULL;
  SondeTask task;

  g_return_val_if_fail (learner != NULL && folds != NULL, NULL);

  if (n_fractions == 0)
    {
      g_set_error_literal (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                           _("Give at least one training size, such as 0.1,0.5,1."));
      return NULL;
    }
  for (guint s = 0; s < n_fractions; s++)
    if (!(fractions[s] > 0 && fractions[s] <= 1))
      {
        g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                     _("A training size is a share of the training rows, above 0 and at most 1, not %g."),
                     fractions[s]);
        return NULL;
      }

  task = sonde_learner_resolve_task (learner, table, target, error);
  if (task == SONDE_TASK_AUTO)
    return NULL;
  if (task == SONDE_TASK_CLUSTERING)
    {
      g_set_error_literal (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                           _("A clustering learner has no target, so it has no learning curve."));
      return NULL;
    }
  if (task == SONDE_TASK_CLASSIFICATION
      && (codes = sonde_learner_encode_classes (table, target, &labels, error)) == NULL)
    return NULL;

  curve->n_sizes = n_fractions;
  curve->train_size = g_new0 (guint, n_fractions);
  curve->test_mean = g_new0 (double, n_fractions);
  curve->test_sd = g_new0 (double, n_fractions);
  curve->train_mean = g_new0 (double, n_fractions);
  scores = g_new0 (double, folds->n_folds);

  for (guint s = 0; s < n_fractions; s++)
    {
      double train_sum = 0;

      for (guint f = 0; f < folds->n_folds; f++)
        {
          g_autoptr(GArray) train = g_array_new (FALSE, FALSE, sizeof (guint));
          g_autoptr(GArray) test = g_array_new (FALSE, FALSE, sizeof (guint));
          g_autoptr(SondeLearner) copy = sonde_learner_copy_unfitted (learner);
          guint n_train;
          double train_score;

          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            return NULL;

          for (gsize r = 0; r < folds->n; r++)
            {
              guint row = (guint) r;

              if (folds->fold[r] == f)
                g_array_append_val (test, row);
              else
                g_array_append_val (train, row);
            }
          n_train = (guint) MAX (1.0, floor (fractions[s] * train->len));
          if (f == 0)
            curve->train_size[s] = n_train;

          /* A small share of sorted data may hold one class only: as
           * scikit-learn's tree then does, predict that class. */
          if (codes != NULL)
            {
              guint32 first = codes[g_array_index (train, guint, 0)];
              gboolean one_class = TRUE;

              for (guint i = 1; i < n_train && one_class; i++)
                one_class = codes[g_array_index (train, guint, i)] == first;
              if (one_class)
                {
                  guint right = 0;

                  for (guint i = 0; i < test->len; i++)
                    right += codes[g_array_index (test, guint, i)] == first;
                  scores[f] = test->len > 0 ? (double) right / test->len : NAN;
                  train_sum += 1.0;
                  continue;
                }
            }

          sonde_learner_set_task (copy, task);
          if (!sonde_learner_fit_rows_full (copy, table, features, target, (const guint *) (gpointer) train->data, n_train,
                                            cancellable, error)
              || !score_rows (copy, table, target, labels, codes, (const guint *) (gpointer) test->data, test->len,
                              &scores[f], error)
              || !score_rows (copy, table, target, labels, codes, (const guint *) (gpointer) train->data, n_train,
                              &train_score, error))
            return NULL;
          train_sum += train_score;
        }

      curve->test_mean[s] = 0;
      for (guint f = 0; f < folds->n_folds; f++)
        curve->test_mean[s] += scores[f] / folds->n_folds;
      curve->test_sd[s] = 0;
      for (guint f = 0; f < folds->n_folds && folds->n_folds > 1; f++)
        curve->test_sd[s] += (scores[f] - curve->test_mean[s]) * (scores[f] - curve->test_mean[s]) / (folds->n_folds - 1);
      curve->test_sd[s] = sqrt (curve->test_sd[s]);
      curve->train_mean[s] = train_sum / folds->n_folds;
    }

  return g_steal_pointer (&curve);
}

/* ------------------------------------------------------------------ */
/* Validation curve                                                     */

void
sonde_validation_curve_free (SondeValidationCurve *curve)
{
  if (curve == NULL)
    return;

  g_free (curve->param);
  g_strfreev (curve->values);
  g_free (curve->train_mean);
  g_free (curve->train_sd);
  g_free (curve->test_mean);
  g_free (curve->test_sd);
  g_free (curve);
}

static void
mean_sd (const double *v,
         guint         n,
         double       *mean,
         double       *sd)
{
  double m = 0, ss = 0;

  for (guint i = 0; i < n; i++)
    m += v[i] / n;
  for (guint i = 0; i < n && n > 1; i++)
    ss += (v[i] - m) * (v[i] - m) / (n - 1);
  *mean = m;
  *sd = sqrt (ss);
}

/* The task of @learner on @target, and for a classification each row's
 * class code; FALSE with @error set. */
static gboolean
resolve_target (SondeLearner  *learner,
                SondeTable    *table,
                const char    *target,
                SondeTask     *task,
                GPtrArray    **labels,
                guint32      **codes,
                const char    *what,
                GError       **error)
{
  *task = sonde_learner_resolve_task (learner, table, target, error);
  if (*task == SONDE_TASK_AUTO)
    return FALSE;
  if (*task == SONDE_TASK_CLUSTERING)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                   /* Translators: %s is “a validation curve” or “a nested cross-validation” */
                   _("A clustering learner has no target, so it has no score for %s."), what);
      return FALSE;
    }
  if (*task == SONDE_TASK_CLASSIFICATION
      && (*codes = sonde_learner_encode_classes (table, target, labels, error)) == NULL)
    return FALSE;
  return TRUE;
}

/**
 * sonde_validation_curve:
 * @param: the hyperparameter to vary
 * @values: (array zero-terminated=1): its values, as `--param` takes them
 *
 * For each value, trains on each fold's training rows and scores on its
 * test rows and on the rows trained on; see sonde_tune_grid() for the
 * other arguments.
 *
 * Returns: (transfer full) (nullable): the curve.
 */
SondeValidationCurve *
sonde_validation_curve (SondeLearner       *learner,
                        SondeTable         *table,
                        const char * const *features,
                        const char         *target,
                        const char         *param,
                        const char * const *values,
                        const SondeFolds   *folds,
                        GCancellable       *cancellable,
                        GError            **error)
{
  g_autoptr(SondeValidationCurve) curve = g_new0 (SondeValidationCurve, 1);
  g_autoptr(GPtrArray) labels = NULL;
  g_autofree guint32 *codes = NULL;
  g_autofree double *test_scores = NULL;
  g_autofree double *train_scores = NULL;
  SondeTask task;

  g_return_val_if_fail (learner != NULL && folds != NULL && param != NULL, NULL);

  if (values == NULL || values[0] == NULL)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                   _("Give at least one value of “%s” for the validation curve, such as 1,2,4,8."), param);
      return NULL;
    }
  if (!resolve_target (learner, table, target, &task, &labels, &codes, _("a validation curve"), error))
    return NULL;

  curve->n_values = g_strv_length ((char **) values);
  curve->param = g_strdup (param);
  curve->values = g_strdupv ((char **) values);
  curve->train_mean = g_new0 (double, curve->n_values);
  curve->train_sd = g_new0 (double, curve->n_values);
  curve->test_mean = g_new0 (double, curve->n_values);
  curve->test_sd = g_new0 (double, curve->n_values);
  test_scores = g_new0 (double, MAX (1, folds->n_folds));
  train_scores = g_new0 (double, MAX (1, folds->n_folds));

  for (guint v = 0; v < curve->n_values; v++)
    {
      g_autoptr(SondeLearner) setting = sonde_learner_copy_unfitted (learner);
      g_autoptr(GError) local = NULL;
      g_autofree char *problem = NULL;

      if (!sonde_learner_set_param (setting, param, values[v], &local))
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return NULL;
        }
      if ((problem = sonde_learner_check_params (setting)) != NULL)
        {
          g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                       _("The setting “%s” cannot be tried: %s"), values[v], problem);
          return NULL;
        }
      sonde_learner_set_task (setting, task);

      for (guint f = 0; f < folds->n_folds; f++)
        {
          g_autoptr(SondeLearner) copy = sonde_learner_copy_unfitted (setting);
          g_autofree guint *train = NULL;
          g_autofree guint *test = NULL;
          guint n_train, n_test;

          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            return NULL;
          train = sonde_folds_get_rows (folds, f, FALSE, &n_train);
          test = sonde_folds_get_rows (folds, f, TRUE, &n_test);
          if (!sonde_learner_fit_rows_full (copy, table, features, target, train, n_train, cancellable, error)
              || !score_rows (copy, table, target, labels, codes, test, n_test, &test_scores[f], error)
              || !score_rows (copy, table, target, labels, codes, train, n_train, &train_scores[f], error))
            return NULL;
        }
      mean_sd (test_scores, folds->n_folds, &curve->test_mean[v], &curve->test_sd[v]);
      mean_sd (train_scores, folds->n_folds, &curve->train_mean[v], &curve->train_sd[v]);
    }

  return g_steal_pointer (&curve);
}

/* ------------------------------------------------------------------ */
/* Nested cross-validation                                              */

void
sonde_nested_result_free (SondeNestedResult *result)
{
  if (result == NULL)
    return;

  g_strfreev (result->best);
  g_free (result->score);
  g_free (result);
}

/* The inner folds of outer fold @outer_fold: scikit-learn's
 * StratifiedKFold (k) without shuffling on the outer training rows when
 * @codes is given, KFold (k) without shuffling otherwise; every other
 * row is SONDE_FOLD_UNUSED. */
static SondeFolds *
inner_folds (const SondeFolds *outer,
             guint             outer_fold,
             const guint32    *codes,
             guint             k,
             GError          **error)
{
  g_autofree guint *rows = NULL;
  SondeFolds *folds;
  guint n_rows;

  rows = sonde_folds_get_rows (outer, outer_fold, FALSE, &n_rows);
  if (n_rows < k)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                   _("Outer fold %u trains on %u rows, too few for %u inner folds; use fewer folds."),
                   outer_fold + 1, n_rows, k);
      return NULL;
    }

  folds = g_new0 (SondeFolds, 1);
  folds->n = outer->n;
  folds->n_folds = k;
  folds->fold = g_new (guint32, MAX (1, outer->n));
  for (gsize i = 0; i < outer->n; i++)
    folds->fold[i] = SONDE_FOLD_UNUSED;

  if (codes == NULL)
    {
      /* The first n % k folds have one row more, in table order. */
      guint start = 0;

      for (guint f = 0; f < k; f++)
        {
          guint size = n_rows / k + (f < n_rows % k);

          for (guint i = start; i < start + size; i++)
            folds->fold[rows[i]] = f;
          start += size;
        }
      return folds;
    }

  {
    /* Classes numbered in order of first appearance; the sorted codes
     * dealt round-robin give each fold's share of each class; each
     * class's rows, in order, fill fold 0, then fold 1, … */
    g_autoptr(GHashTable) order = g_hash_table_new (NULL, NULL);
    g_autofree guint *encoded = g_new (guint, n_rows);
    g_autofree guint *sorted = g_new (guint, n_rows);
    g_autofree guint *count = NULL;
    g_autofree guint *allocation = NULL;
    g_autofree guint *next_fold = NULL;
    g_autofree guint *used = NULL;
    guint n_classes = 0;

    for (guint i = 0; i < n_rows; i++)
      {
        gpointer key = GUINT_TO_POINTER (codes[rows[i]] + 1);

        if (!g_hash_table_contains (order, key))
          g_hash_table_insert (order, key, GUINT_TO_POINTER (n_classes++));
        encoded[i] = GPOINTER_TO_UINT (g_hash_table_lookup (order, key));
      }
    count = g_new0 (guint, n_classes);
    for (guint i = 0; i < n_rows; i++)
      count[encoded[i]]++;
    for (guint c = 0, i = 0; c < n_classes; c++)
      for (guint j = 0; j < count[c]; j++)
        sorted[i++] = c;
    allocation = g_new0 (guint, (gsize) k * n_classes);
    for (guint f = 0; f < k; f++)
      for (guint i = f; i < n_rows; i += k)
        allocation[f * n_classes + sorted[i]]++;
    next_fold = g_new0 (guint, n_classes);
    used = g_new0 (guint, n_classes);
    for (guint i = 0; i < n_rows; i++)
      {
        guint c = encoded[i];

        while (next_fold[c] < k && used[c] >= allocation[next_fold[c] * n_classes + c])
          {
            next_fold[c]++;
            used[c] = 0;
          }
        folds->fold[rows[i]] = MIN (next_fold[c], k - 1);
        used[c]++;
      }
  }
  return folds;
}

/**
 * sonde_tune_nested:
 * @grid: (array zero-terminated=1) (nullable): the grid of the inner
 *   search, as sonde_tune_grid() takes it; or %NULL for a random search
 * @space: (array zero-terminated=1) (nullable): the space of the inner
 *   random search, with @n_iter and @seed (the same draws in every
 *   outer fold)
 * @outer: the outer folds
 * @inner_folds: the number of inner folds, at least 2
 *
 * Nested cross-validation; see sonde_tune_grid() for the other
 * arguments.
 *
 * Returns: (transfer full) (nullable): the outer scores and the best
 *   setting of each outer fold.
 */
SondeNestedResult *
sonde_tune_nested (SondeLearner        *learner,
                   SondeTable          *table,
                   const char * const  *features,
                   const char          *target,
                   const char * const  *grid,
                   const char * const  *space,
                   guint                n_iter,
                   guint64              seed,
                   const SondeFolds    *outer,
                   guint                n_inner,
                   GCancellable        *cancellable,
                   GError             **error)
{
  g_autoptr(SondeNestedResult) result = g_new0 (SondeNestedResult, 1);
  g_autoptr(GPtrArray) labels = NULL;
  g_autofree guint32 *codes = NULL;
  SondeTask task;

  g_return_val_if_fail (learner != NULL && outer != NULL, NULL);
  g_return_val_if_fail ((grid == NULL) != (space == NULL), NULL);

  if (n_inner < 2)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                   _("A nested cross-validation needs at least 2 inner folds, not %u."), n_inner);
      return NULL;
    }
  if (!resolve_target (learner, table, target, &task, &labels, &codes, _("a nested cross-validation"), error))
    return NULL;

  result->n_folds = outer->n_folds;
  result->inner_folds = n_inner;
  result->best = g_new0 (char *, outer->n_folds + 1);
  result->score = g_new0 (double, MAX (1, outer->n_folds));

  for (guint f = 0; f < outer->n_folds; f++)
    {
      g_autoptr(SondeFolds) inner = NULL;
      g_autoptr(SondeTuneResult) search = NULL;
      g_autoptr(SondeLearner) best = sonde_learner_copy_unfitted (learner);
      g_autoptr(GError) local = NULL;
      g_autofree guint *train = NULL;
      g_autofree guint *test = NULL;
      char **assignment;
      guint n_train, n_test;

      if ((inner = inner_folds (outer, f, codes, n_inner, error)) == NULL)
        return NULL;
      sonde_learner_set_task (best, task);
      if (grid != NULL)
        search = sonde_tune_grid (best, table, features, target, grid, inner, cancellable, &local);
      else
        search = sonde_tune_random (best, table, features, target, space, n_iter, seed, inner, cancellable, &local);
      if (search == NULL)
        {
          if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            g_propagate_error (error, g_steal_pointer (&local));
          else
            g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                         _("Outer fold %u of %u: %s"), f + 1, outer->n_folds, local->message);
          return NULL;
        }

      result->best[f] = g_strdup (search->settings[search->best]);
      assignment = search->assignments[search->best];
      for (guint a = 0; assignment[a] != NULL; a++)
        {
          const char *eq = strchr (assignment[a], '=');
          g_autofree char *name = g_strndup (assignment[a], eq - assignment[a]);

          if (!sonde_learner_set_param (best, name, eq + 1, error))
            return NULL;
        }

      train = sonde_folds_get_rows (outer, f, FALSE, &n_train);
      test = sonde_folds_get_rows (outer, f, TRUE, &n_test);
      if (!sonde_learner_fit_rows_full (best, table, features, target, train, n_train, cancellable, error)
          || !score_rows (best, table, target, labels, codes, test, n_test, &result->score[f], error))
        return NULL;
    }
  mean_sd (result->score, result->n_folds, &result->mean, &result->sd);

  return g_steal_pointer (&result);
}
