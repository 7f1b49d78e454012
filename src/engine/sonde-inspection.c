/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sonde-engine"

/* Looking inside a fitted model: which features it leans on, and whether
 * its decisions treat groups of rows alike.
 *
 * Permutation importance follows sklearn.inspection.permutation_importance:
 * the score (accuracy for a classifier, R² for a regressor) on the given
 * rows, minus the score after one feature's values are shuffled among
 * those rows, @n_repeats times per feature; the mean and the population
 * standard deviation of those drops. The shuffles come from GLib's GRand
 * (Mersenne Twister) seeded with the seed's low 32 bits, so the numbers
 * repeat for a seed but differ from numpy's. The shuffled column is a new
 * column put in a shallow copy of the table (the other columns are shared
 * by reference), so the cost per shuffle is one column of @n rows and one
 * prediction pass; a few thousand rows and tens of features take seconds.
 *
 * Fairness compares, per group of a chosen column, the share of rows
 * predicted positive (selection rate), the true-positive rate and the
 * false-positive rate, and reports each one's gap (largest minus
 * smallest), which fairlearn calls the demographic parity difference and
 * the parts of the equalised odds difference.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "sonde-error.h"
#include "sonde-inspection.h"
#include "sonde-metrics.h"

/* Appends @src's value at @row to @dst, which has @src's type (and, for a
 * categorical column, the same categories in the same order). */
static void
append_value (SondeColumn *dst,
              SondeColumn *src,
              guint        row)
{
  if (sonde_column_is_missing (src, row))
    {
      sonde_column_append_missing (dst);
      return;
    }
  switch (sonde_column_get_column_type (src))
    {
    case SONDE_COLUMN_TYPE_INTEGER:
      sonde_column_append_integer (dst, sonde_column_get_integer (src, row));
      break;
    case SONDE_COLUMN_TYPE_REAL:
      sonde_column_append_real (dst, sonde_column_get_real (src, row));
      break;
    case SONDE_COLUMN_TYPE_BOOLEAN:
      sonde_column_append_boolean (dst, sonde_column_get_boolean (src, row));
      break;
    case SONDE_COLUMN_TYPE_CATEGORICAL:
      sonde_column_append_code (dst, sonde_column_get_code (src, row));
      break;
    case SONDE_COLUMN_TYPE_TEXT:
      sonde_column_append_text (dst, sonde_column_get_text (src, row), -1);
      break;
    case SONDE_COLUMN_TYPE_DATE:
      sonde_column_append_date (dst, sonde_column_get_date (src, row));
      break;
    case SONDE_COLUMN_TYPE_DATETIME:
      sonde_column_append_datetime (dst, sonde_column_get_datetime (src, row));
      break;
    default:
      g_assert_not_reached ();
    }
}

/* A copy of @src where row rows[i] holds the value of row rows[perm[i]];
 * the other rows are unchanged. */
static SondeColumn *
permuted_column (SondeColumn *src,
                 const guint *rows,
                 const guint *perm,
                 guint        n_rows)
{
  SondeColumn *dst = sonde_column_new (sonde_column_get_name (src), sonde_column_get_column_type (src));
  guint total = sonde_column_get_n_rows (src);
  g_autofree guint *from = g_new (guint, MAX (1, total));

  if (sonde_column_get_column_type (src) == SONDE_COLUMN_TYPE_CATEGORICAL)
    for (guint c = 0; c < sonde_column_get_n_categories (src); c++)
      sonde_column_add_category (dst, sonde_column_get_category_label (src, c), -1);
  for (guint r = 0; r < total; r++)
    from[r] = r;
  for (guint i = 0; i < n_rows; i++)
    from[rows[i]] = rows[perm[i]];
  sonde_column_reserve (dst, total);
  for (guint r = 0; r < total; r++)
    append_value (dst, src, from[r]);
  return dst;
}

/* @table with column @index replaced by @column, the others shared. */
static SondeTable *
table_with_column (SondeTable  *table,
                   guint        index,
                   SondeColumn *column)
{
  SondeTable *copy = sonde_table_new (sonde_table_get_name (table));

  for (guint c = 0; c < sonde_table_get_n_columns (table); c++)
    {
      gboolean ok = sonde_table_add_column (copy, c == index ? column : sonde_table_get_column (table, c), NULL);

      g_assert (ok);
    }
  return copy;
}

typedef struct
{
  SondeTask    task;
  guint        n_rows;
  const guint *rows;
  double      *truth;       /* classes as the learner's indices (-1: unseen), or numbers */
} Scorer;

static gboolean
score_rows (SondeLearner  *learner,
            SondeTable    *table,
            const Scorer  *scorer,
            double        *score,
            GError       **error)
{
  g_autofree double *pred = sonde_learner_predict (learner, table, scorer->rows, scorer->n_rows, error);

  if (pred == NULL)
    return FALSE;
  if (scorer->task == SONDE_TASK_CLASSIFICATION)
    {
      guint hits = 0;

      for (guint i = 0; i < scorer->n_rows; i++)
        hits += pred[i] == scorer->truth[i];
      *score = (double) hits / scorer->n_rows;
    }
  else
    {
      *score = sonde_metric_r2 (scorer->truth, pred, scorer->n_rows, error);
      if (isnan (*score) && error != NULL && *error != NULL)
        return FALSE;
    }
  return TRUE;
}

/**
 * sonde_permutation_importance:
 * @learner: a fitted classifier or regressor
 * @table: the data, with the learner's features and its target
 * @rows: (array length=n_rows) (nullable): the rows to score on, or %NULL
 *   for every row of @table
 * @n_rows: the number of @rows (ignored when @rows is %NULL)
 * @n_repeats: shuffles per feature, at least 1 (scikit-learn's default is 5)
 * @seed: the seed of the shuffles
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Measures how much the score drops when each feature is shuffled among
 * @rows. Rows whose class the learner never saw count as misclassified.
 *
 * Returns: (transfer full) (nullable): the importances, or %NULL with
 *   @error set when the learner is not fitted, is a clustering, the target
 *   is missing from @table, fewer than two rows are given, or on
 *   cancellation.
 */
SondeImportance *
sonde_permutation_importance (SondeLearner  *learner,
                              SondeTable    *table,
                              const guint   *rows,
                              guint          n_rows,
                              guint          n_repeats,
                              guint64        seed,
                              GCancellable  *cancellable,
                              GError       **error)
{
  g_autoptr(SondeImportance) result = NULL;
  g_autofree guint *all_rows = NULL;
  g_autofree guint *perm = NULL;
  g_autofree double *drops = NULL;
  g_autoptr(GRand) rand = NULL;
  const char * const *features;
  SondeColumn *target;
  Scorer scorer = { 0 };
  g_autofree double *truth = NULL;

  g_return_val_if_fail (learner != NULL, NULL);
  g_return_val_if_fail (SONDE_IS_TABLE (table), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!sonde_learner_is_fitted (learner))
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                   _("The model is not trained yet: train it before measuring the importance of its features."));
      return NULL;
    }
  scorer.task = sonde_learner_get_task (learner);
  if (scorer.task != SONDE_TASK_CLASSIFICATION && scorer.task != SONDE_TASK_REGRESSION)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                   _("Permutation importance needs a classifier or a regressor: a clustering has no score to compare."));
      return NULL;
    }
  if (n_repeats < 1)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                   _("The number of repeats must be at least 1."));
      return NULL;
    }
  target = sonde_table_find_column (table, sonde_learner_get_target (learner));
  if (target == NULL)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                   _("The table has no column “%s”, the model’s target: permutation importance compares predictions with it."),
                   sonde_learner_get_target (learner));
      return NULL;
    }
  if (rows == NULL)
    {
      n_rows = sonde_table_get_n_rows (table);
      rows = all_rows = g_new (guint, MAX (1, n_rows));
      for (guint i = 0; i < n_rows; i++)
        all_rows[i] = i;
    }
  if (n_rows < 2)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                   _("Permutation importance needs at least two rows to shuffle."));
      return NULL;
    }

  scorer.rows = rows;
  scorer.n_rows = n_rows;
  scorer.truth = truth = g_new (double, n_rows);
  if (scorer.task == SONDE_TASK_CLASSIFICATION)
    {
      g_autoptr(GPtrArray) labels = NULL;
      g_autofree guint32 *codes = sonde_learner_encode_classes (table, sonde_learner_get_target (learner), &labels, error);
      g_autofree double *to_learner = NULL;

      if (codes == NULL)
        return NULL;
      /* The table's classes, in the learner's numbering. */
      to_learner = g_new (double, MAX (1, labels->len));
      for (guint c = 0; c < labels->len; c++)
        {
          to_learner[c] = -1;
          for (guint k = 0; k < sonde_learner_get_n_classes (learner); k++)
            if (g_strcmp0 (sonde_learner_get_class_label (learner, k), g_ptr_array_index (labels, c)) == 0)
              to_learner[c] = k;
        }
      for (guint i = 0; i < n_rows; i++)
        truth[i] = codes[rows[i]] < labels->len ? to_learner[codes[rows[i]]] : -1;
    }
  else
    {
      for (guint i = 0; i < n_rows; i++)
        truth[i] = sonde_column_get_number (target, rows[i]);
    }

  features = sonde_learner_get_features (learner);
  result = g_new0 (SondeImportance, 1);
  result->n_features = g_strv_length ((char **) features);
  result->features = g_strdupv ((char **) features);
  result->mean = g_new0 (double, MAX (1, result->n_features));
  result->sd = g_new0 (double, MAX (1, result->n_features));
  if (!score_rows (learner, table, &scorer, &result->baseline, error))
    return NULL;

  rand = g_rand_new_with_seed ((guint32) seed);
  perm = g_new (guint, n_rows);
  drops = g_new (double, n_repeats);
  for (guint f = 0; f < result->n_features; f++)
    {
      int index = sonde_table_find_column_index (table, features[f]);
      double sum = 0, ss = 0;

      if (index < 0)
        {
          g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                       _("The table has no column “%s”, a feature of the model."), features[f]);
          return NULL;
        }
      for (guint r = 0; r < n_repeats; r++)
        {
          g_autoptr(SondeColumn) shuffled = NULL;
          g_autoptr(SondeTable) copy = NULL;
          double score;

          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            return NULL;
          for (guint i = 0; i < n_rows; i++)
            perm[i] = i;
          /* Fisher–Yates, from the end. */
          for (guint i = n_rows - 1; i > 0; i--)
            {
              guint j = (guint) g_rand_int_range (rand, 0, (gint32) i + 1);
              guint t = perm[i];

              perm[i] = perm[j];
              perm[j] = t;
            }
          shuffled = permuted_column (sonde_table_get_column (table, index), rows, perm, n_rows);
          copy = table_with_column (table, index, shuffled);
          if (!score_rows (learner, copy, &scorer, &score, error))
            return NULL;
          drops[r] = result->baseline - score;
          sum += drops[r];
        }
      result->mean[f] = sum / n_repeats;
      for (guint r = 0; r < n_repeats; r++)
        ss += (drops[r] - result->mean[f]) * (drops[r] - result->mean[f]);
      result->sd[f] = sqrt (ss / n_repeats);
    }
  return g_steal_pointer (&result);
}

/**
 * sonde_importance_free:
 * @importance: (nullable): importances
 *
 * Frees @importance.
 */
void
sonde_importance_free (SondeImportance *importance)
{
  if (importance == NULL)
    return;
  g_strfreev (importance->features);
  g_free (importance->mean);
  g_free (importance->sd);
  g_free (importance);
}

static double
gap (const double *values,
     guint         n)
{
  double lo = INFINITY, hi = -INFINITY;

  for (guint i = 0; i < n; i++)
    if (!isnan (values[i]))
      {
        lo = MIN (lo, values[i]);
        hi = MAX (hi, values[i]);
      }
  return hi >= lo ? hi - lo : NAN;
}

/**
 * sonde_fairness_new:
 * @truth: (array length=n): the true class of each row; %NULL entries
 *   (unknown) are left out
 * @pred: (array length=n): the predicted class; %NULL entries are left out
 * @group: (array length=n): the group of each row; %NULL entries are left out
 * @n: the number of rows
 * @positive: the positive class
 * @error: return location for a #GError
 *
 * Per group, in order of first appearance: the selection rate, TPR and
 * FPR of the decisions @pred against @truth, and the gaps between groups.
 *
 * Returns: (transfer full) (nullable): the table, or %NULL with @error
 *   set when no row is left or @positive appears in neither @truth nor
 *   @pred.
 */
SondeFairness *
sonde_fairness_new (const char * const *truth,
                    const char * const *pred,
                    const char * const *group,
                    gsize               n,
                    const char         *positive,
                    GError            **error)
{
  g_autoptr(SondeFairness) result = NULL;
  g_autoptr(GHashTable) index = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) counts = g_array_new (FALSE, TRUE, sizeof (guint64) * 5);
  gboolean seen_positive = FALSE;

  g_return_val_if_fail (n == 0 || (truth != NULL && pred != NULL && group != NULL), NULL);
  g_return_val_if_fail (positive != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* Per group: rows, predicted positive, true positives, actual
   * positives, false positives. */
  for (gsize i = 0; i < n; i++)
    {
      gpointer found;
      guint g;
      guint64 *c;
      gboolean is_pos, said_pos;

      if (truth[i] == NULL || pred[i] == NULL || group[i] == NULL)
        continue;
      if (!g_hash_table_lookup_extended (index, group[i], NULL, &found))
        {
          found = GUINT_TO_POINTER (names->len);
          g_ptr_array_add (names, g_strdup (group[i]));
          g_hash_table_insert (index, g_ptr_array_index (names, names->len - 1), found);
          g_array_set_size (counts, names->len);
        }
      g = GPOINTER_TO_UINT (found);
      c = (guint64 *) (void *) (counts->data + (gsize) g * sizeof (guint64) * 5);
      is_pos = strcmp (truth[i], positive) == 0;
      said_pos = strcmp (pred[i], positive) == 0;
      seen_positive |= is_pos || said_pos;
      c[0]++;
      c[1] += said_pos;
      c[2] += is_pos && said_pos;
      c[3] += is_pos;
      c[4] += !is_pos && said_pos;
    }
  if (names->len == 0)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                   _("No row has a true class, a predicted class and a group: there is nothing to compare."));
      return NULL;
    }
  if (!seen_positive)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                   _("The positive class “%s” appears neither in the true nor in the predicted classes: check its spelling."),
                   positive);
      return NULL;
    }

  result = g_new0 (SondeFairness, 1);
  result->n_groups = names->len;
  result->n = g_new (guint64, names->len);
  result->selection_rate = g_new (double, names->len);
  result->tpr = g_new (double, names->len);
  result->fpr = g_new (double, names->len);
  for (guint g = 0; g < names->len; g++)
    {
      const guint64 *c = (const guint64 *) (const void *) (counts->data + (gsize) g * sizeof (guint64) * 5);
      guint64 negatives = c[0] - c[3];

      result->n[g] = c[0];
      result->selection_rate[g] = (double) c[1] / c[0];
      result->tpr[g] = c[3] > 0 ? (double) c[2] / c[3] : NAN;
      result->fpr[g] = negatives > 0 ? (double) c[4] / negatives : NAN;
    }
  result->selection_gap = gap (result->selection_rate, names->len);
  result->tpr_gap = gap (result->tpr, names->len);
  result->fpr_gap = gap (result->fpr, names->len);
  g_ptr_array_add (names, NULL);
  result->groups = (char **) g_ptr_array_free (g_steal_pointer (&names), FALSE);
  return g_steal_pointer (&result);
}

/**
 * sonde_fairness_free:
 * @fairness: (nullable): a fairness table
 *
 * Frees @fairness.
 */
void
sonde_fairness_free (SondeFairness *fairness)
{
  if (fairness == NULL)
    return;
  g_strfreev (fairness->groups);
  g_free (fairness->n);
  g_free (fairness->selection_rate);
  g_free (fairness->tpr);
  g_free (fairness->fpr);
  g_free (fairness);
}
