/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sonde-metrics"

/* Metrics for judging learned models, written to give the same figures as
 * scikit-learn 1.2 (sklearn.metrics) to 1e-9: the classification metrics
 * from a confusion matrix, the ROC and precision-recall curves of a binary
 * score, the log loss of class probabilities, the usual regression errors
 * and the silhouette of a clustering.
 *
 * The style is liblinear's: plain functions over plain arrays. Classes are
 * codes 0..k-1 in `const guint32 *` arrays of n rows; scores and
 * probabilities are doubles. Truth and prediction share one n, so their
 * lengths cannot disagree; everything else a caller can get wrong (a code
 * out of range, a NaN, a single class where two are needed) is reported
 * through a GError with a sentence a person can act on, and the function
 * then returns NAN or FALSE.
 *
 * Where scikit-learn divides by zero it warns and returns 0
 * (zero_division="warn"); these functions return 0 silently in the same
 * places. Averages over classes follow scikit-learn's default labels=None:
 * classes that occur neither in the truth nor in the predictions are left
 * out. Sizes are those of a held-out set (up to millions of rows, tens of
 * classes); everything is one pass or one sort, except the silhouette,
 * which is O(n² d) like scikit-learn's and meant for up to some thousands
 * of points.
 */

#include "config.h"

#include <float.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <glib/gi18n-lib.h>

#include "sonde-error.h"
#include "sonde-metrics.h"

/* Confusion matrix */

/**
 * sonde_confusion_new:
 * @truth: (array length=n): the true class of each row, 0..@n_classes-1.
 * @pred: (array length=n): the predicted class of each row.
 * @n: the number of rows, at least 1.
 * @n_classes: the number of classes k, at least 1.
 * @error: return location for a #GError
 *
 * Counts a k × k confusion matrix, rows the true class and columns the
 * predicted one, as sklearn.metrics.confusion_matrix (y_true, y_pred,
 * labels=range (k)).
 *
 * Returns: (transfer full) (nullable): the matrix, or %NULL with @error set
 *   when there are no rows or a code is out of range.
 */
SondeConfusion *
sonde_confusion_new (const guint32  *truth,
                     const guint32  *pred,
                     gsize           n,
                     guint           n_classes,
                     GError        **error)
{
  g_autoptr(SondeConfusion) conf = NULL;

  g_return_val_if_fail (truth != NULL || n == 0, NULL);
  g_return_val_if_fail (pred != NULL || n == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (n == 0)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_EMPTY,
                   _("There are no rows to compare predictions with; evaluate the model on a non-empty set."));
      return NULL;
    }
  if (n_classes == 0)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                   _("The number of classes is 0; it must be at least 1."));
      return NULL;
    }

  conf = g_new0 (SondeConfusion, 1);
  conf->n_classes = n_classes;
  conf->n = n;
  conf->counts = g_new0 (guint64, (gsize) n_classes * n_classes);

  for (gsize i = 0; i < n; i++)
    {
      if (truth[i] >= n_classes || pred[i] >= n_classes)
        {
          g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                       _("Row %" PRIu64 " has class code %u, but codes must be below the number of classes, %u."),
                       (guint64) i + 1, MAX (truth[i], pred[i]), n_classes);
          return NULL;
        }
      conf->counts[(gsize) truth[i] * n_classes + pred[i]]++;
    }

  return g_steal_pointer (&conf);
}

/**
 * sonde_confusion_get:
 * @conf: a confusion matrix
 * @true_class: the row, below @conf->n_classes
 * @pred_class: the column, below @conf->n_classes
 *
 * Returns: the number of rows of class @true_class predicted @pred_class.
 */
guint64
sonde_confusion_get (const SondeConfusion *conf,
                     guint                 true_class,
                     guint                 pred_class)
{
  g_return_val_if_fail (conf != NULL, 0);
  g_return_val_if_fail (true_class < conf->n_classes, 0);
  g_return_val_if_fail (pred_class < conf->n_classes, 0);

  return conf->counts[(gsize) true_class * conf->n_classes + pred_class];
}

/**
 * sonde_confusion_free:
 * @conf: (nullable): a confusion matrix
 *
 * Frees @conf.
 */
void
sonde_confusion_free (SondeConfusion *conf)
{
  if (conf == NULL)
    return;
  g_free (conf->counts);
  g_free (conf);
}

/* The counts of class @c seen one-versus-rest. */
typedef struct
{
  double tp;
  double fp;
  double fn;
  double tn;
} Counts;

static Counts
class_counts (const SondeConfusion *conf,
              guint                 c)
{
  guint k = conf->n_classes;
  Counts r = { 0, 0, 0, 0 };

  r.tp = conf->counts[(gsize) c * k + c];
  for (guint j = 0; j < k; j++)
    {
      if (j == c)
        continue;
      r.fn += conf->counts[(gsize) c * k + j];
      r.fp += conf->counts[(gsize) j * k + c];
    }
  r.tn = conf->n - r.tp - r.fn - r.fp;
  return r;
}

/* scikit-learn's zero_division: a ratio whose denominator is 0 is 0. */
static double
ratio (double num,
       double den)
{
  return den != 0 ? num / den : 0;
}

/* Whether class @c occurs in the truth or the predictions, the classes
 * scikit-learn averages over by default. */
static gboolean
class_present (const SondeConfusion *conf,
               guint                 c)
{
  Counts r = class_counts (conf, c);

  return r.tp + r.fn + r.fp > 0;
}

/**
 * sonde_metric_accuracy:
 * @conf: a confusion matrix
 *
 * Returns: the share of rows predicted right, as accuracy_score().
 */
double
sonde_metric_accuracy (const SondeConfusion *conf)
{
  double right = 0;

  g_return_val_if_fail (conf != NULL, NAN);

  for (guint c = 0; c < conf->n_classes; c++)
    right += conf->counts[(gsize) c * conf->n_classes + c];
  return right / conf->n;
}

/**
 * sonde_metric_balanced_accuracy:
 * @conf: a confusion matrix
 *
 * Returns: the mean recall over the classes that occur in the truth, as
 *   balanced_accuracy_score() (adjusted=False).
 */
double
sonde_metric_balanced_accuracy (const SondeConfusion *conf)
{
  double sum = 0;
  guint m = 0;

  g_return_val_if_fail (conf != NULL, NAN);

  for (guint c = 0; c < conf->n_classes; c++)
    {
      Counts r = class_counts (conf, c);

      if (r.tp + r.fn == 0)
        continue;
      sum += r.tp / (r.tp + r.fn);
      m++;
    }
  g_assert (m > 0);
  return sum / m;
}

typedef enum { PRECISION, RECALL, F1 } Prf;

static double
prf_of (double tp,
        double fp,
        double fn,
        Prf    what)
{
  double p = ratio (tp, tp + fp);
  double r = ratio (tp, tp + fn);

  switch (what)
    {
    case PRECISION:
      return p;
    case RECALL:
      return r;
    case F1:
    default:
      /* As scikit-learn: (1 + β²) P R / (β² P + R), with a zero
       * denominator replaced by 1. */
      return p + r != 0 ? 2 * p * r / (p + r) : 0;
    }
}

static double
prf (const SondeConfusion *conf,
     SondeAverage          average,
     guint                 klass,
     Prf                   what)
{
  double sum = 0;
  double wsum = 0;
  guint m = 0;

  switch (average)
    {
    case SONDE_AVERAGE_NONE:
      {
        Counts r;

        g_return_val_if_fail (klass < conf->n_classes, NAN);
        r = class_counts (conf, klass);
        return prf_of (r.tp, r.fp, r.fn, what);
      }

    case SONDE_AVERAGE_MICRO:
      {
        double tp = 0, fp = 0, fn = 0;

        for (guint c = 0; c < conf->n_classes; c++)
          {
            Counts r = class_counts (conf, c);

            tp += r.tp;
            fp += r.fp;
            fn += r.fn;
          }
        return prf_of (tp, fp, fn, what);
      }

    case SONDE_AVERAGE_MACRO:
    case SONDE_AVERAGE_WEIGHTED:
      for (guint c = 0; c < conf->n_classes; c++)
        {
          Counts r = class_counts (conf, c);
          double w = average == SONDE_AVERAGE_WEIGHTED ? r.tp + r.fn : 1;

          if (!class_present (conf, c))
            continue;
          sum += w * prf_of (r.tp, r.fp, r.fn, what);
          wsum += w;
          m++;
        }
      g_assert (m > 0);
      return ratio (sum, wsum);

    default:
      g_return_val_if_reached (NAN);
    }
}

/**
 * sonde_metric_precision:
 * @conf: a confusion matrix
 * @average: how to summarise the classes
 * @klass: the class when @average is %SONDE_AVERAGE_NONE (1 for the
 *   positive class of a binary problem); ignored otherwise
 *
 * Returns: TP / (TP + FP), 0 when nothing was predicted in the class, as
 *   precision_score() with the matching average (NONE with class 1 is
 *   average="binary").
 */
double
sonde_metric_precision (const SondeConfusion *conf,
                        SondeAverage          average,
                        guint                 klass)
{
  g_return_val_if_fail (conf != NULL, NAN);
  return prf (conf, average, klass, PRECISION);
}

/**
 * sonde_metric_recall:
 * @conf: a confusion matrix
 * @average: how to summarise the classes
 * @klass: the class when @average is %SONDE_AVERAGE_NONE
 *
 * Returns: TP / (TP + FN), 0 when the class never occurs, as
 *   recall_score().
 */
double
sonde_metric_recall (const SondeConfusion *conf,
                     SondeAverage          average,
                     guint                 klass)
{
  g_return_val_if_fail (conf != NULL, NAN);
  return prf (conf, average, klass, RECALL);
}

/**
 * sonde_metric_f1:
 * @conf: a confusion matrix
 * @average: how to summarise the classes; MACRO and WEIGHTED average the
 *   per-class F1, they do not take the F1 of averaged precision and recall
 * @klass: the class when @average is %SONDE_AVERAGE_NONE
 *
 * Returns: the harmonic mean of precision and recall, as f1_score().
 */
double
sonde_metric_f1 (const SondeConfusion *conf,
                 SondeAverage          average,
                 guint                 klass)
{
  g_return_val_if_fail (conf != NULL, NAN);
  return prf (conf, average, klass, F1);
}

/**
 * sonde_metric_fpr:
 * @conf: a confusion matrix
 * @klass: the class seen as positive (1 in a binary problem)
 *
 * Returns: FP / (FP + TN) of @klass against the rest, 0 when every row is
 *   of @klass; from multilabel_confusion_matrix().
 */
double
sonde_metric_fpr (const SondeConfusion *conf,
                  guint                 klass)
{
  Counts r;

  g_return_val_if_fail (conf != NULL, NAN);
  g_return_val_if_fail (klass < conf->n_classes, NAN);
  r = class_counts (conf, klass);
  return ratio (r.fp, r.fp + r.tn);
}

/**
 * sonde_metric_fnr:
 * @conf: a confusion matrix
 * @klass: the class seen as positive
 *
 * Returns: FN / (FN + TP), 1 − recall, 0 when @klass never occurs.
 */
double
sonde_metric_fnr (const SondeConfusion *conf,
                  guint                 klass)
{
  Counts r;

  g_return_val_if_fail (conf != NULL, NAN);
  g_return_val_if_fail (klass < conf->n_classes, NAN);
  r = class_counts (conf, klass);
  return ratio (r.fn, r.fn + r.tp);
}

/**
 * sonde_metric_specificity:
 * @conf: a confusion matrix
 * @klass: the class seen as positive
 *
 * Returns: TN / (TN + FP), 1 − FPR, 0 when every row is of @klass.
 */
double
sonde_metric_specificity (const SondeConfusion *conf,
                          guint                 klass)
{
  Counts r;

  g_return_val_if_fail (conf != NULL, NAN);
  g_return_val_if_fail (klass < conf->n_classes, NAN);
  r = class_counts (conf, klass);
  return ratio (r.tn, r.tn + r.fp);
}

/**
 * sonde_metric_mcc:
 * @conf: a confusion matrix
 *
 * Returns: Matthews' correlation coefficient in its multiclass form
 *   (Gorodkin's R_K), as matthews_corrcoef(): 0 when the truth or the
 *   predictions hold a single class.
 */
double
sonde_metric_mcc (const SondeConfusion *conf)
{
  guint k;
  double n, right = 0, tp_dot = 0, tt_dot = 0, pp_dot = 0;
  double cov_tp, cov_pp, cov_tt;

  g_return_val_if_fail (conf != NULL, NAN);

  k = conf->n_classes;
  n = conf->n;
  for (guint c = 0; c < k; c++)
    {
      Counts r = class_counts (conf, c);
      double t = r.tp + r.fn;
      double p = r.tp + r.fp;

      right += r.tp;
      tp_dot += t * p;
      tt_dot += t * t;
      pp_dot += p * p;
    }
  cov_tp = right * n - tp_dot;
  cov_pp = n * n - pp_dot;
  cov_tt = n * n - tt_dot;
  if (cov_pp * cov_tt == 0)
    return 0;
  return cov_tp / sqrt (cov_tt * cov_pp);
}

/**
 * sonde_metric_cohen_kappa:
 * @conf: a confusion matrix
 *
 * Returns: Cohen's kappa between truth and predictions, unweighted, as
 *   cohen_kappa_score(); NAN, as there, when both hold the same single
 *   class.
 */
double
sonde_metric_cohen_kappa (const SondeConfusion *conf)
{
  guint k;
  double observed = 0, expected = 0;

  g_return_val_if_fail (conf != NULL, NAN);

  k = conf->n_classes;
  for (guint i = 0; i < k; i++)
    {
      Counts ri = class_counts (conf, i);

      for (guint j = 0; j < k; j++)
        {
          Counts rj;

          if (i == j)
            continue;
          rj = class_counts (conf, j);
          observed += conf->counts[(gsize) i * k + j];
          expected += (ri.tp + ri.fp) * (rj.tp + rj.fn) / conf->n;
        }
    }
  return 1 - observed / expected;
}

/* Curves of a binary score */

typedef struct
{
  const double *score;
} SortData;

static int
by_score_desc (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  const double *s = ((SortData *) user_data)->score;
  double x = s[*(const gsize *) a];
  double y = s[*(const gsize *) b];

  return (x < y) - (x > y);
}

static gboolean
check_binary (const guint32  *truth,
              const double   *score,
              gsize           n,
              GError        **error)
{
  gsize pos = 0;

  if (n == 0)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_EMPTY,
                   _("There are no rows to compare predictions with; evaluate the model on a non-empty set."));
      return FALSE;
    }
  if (n > G_MAXINT)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_TOO_LARGE,
                   _("This curve handles at most %d rows, but %" PRIu64 " were given; evaluate on a sample."),
                   G_MAXINT, (guint64) n);
      return FALSE;
    }
  for (gsize i = 0; i < n; i++)
    {
      if (truth[i] > 1)
        {
          g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                       _("Row %" PRIu64 " has class code %u, but this curve needs a binary truth coded 0 (negative) or 1 (positive)."),
                       (guint64) i + 1, truth[i]);
          return FALSE;
        }
      if (!isfinite (score[i]))
        {
          g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                       _("The score of row %" PRIu64 " is %g; scores must be finite numbers."),
                       (guint64) i + 1, score[i]);
          return FALSE;
        }
      pos += truth[i];
    }
  if (pos == 0 || pos == n)
    {
      if (pos == 0)
        g_set_error_literal (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                             _("Every row is negative (0); this curve needs rows of both classes. Evaluate on a set with positive and negative rows."));
      else
        g_set_error_literal (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                             _("Every row is positive (1); this curve needs rows of both classes. Evaluate on a set with positive and negative rows."));
      return FALSE;
    }
  return TRUE;
}

/* scikit-learn's _binary_clf_curve: the cumulated false and true
 * positives at each distinct score, highest score first. Returns the
 * number of distinct scores. */
static gsize
clf_curve (const guint32 *truth,
           const double  *score,
           gsize          n,
           double        *fps,
           double        *tps,
           double        *thresholds)
{
  g_autofree gsize *order = g_new (gsize, n);
  SortData data = { score };
  double tp = 0;
  gsize m = 0;

  for (gsize i = 0; i < n; i++)
    order[i] = i;
  g_qsort_with_data (order, (gint) n, sizeof *order, by_score_desc, &data);

  for (gsize i = 0; i < n; i++)
    {
      tp += truth[order[i]];
      if (i + 1 == n || score[order[i]] != score[order[i + 1]])
        {
          tps[m] = tp;
          fps[m] = (double) (i + 1) - tp;
          thresholds[m] = score[order[i]];
          m++;
        }
    }
  return m;
}

/**
 * sonde_roc_curve:
 * @truth: (array length=n): 1 for a positive row, 0 for a negative one;
 *   both must occur
 * @score: (array length=n): the scores, higher meaning more positive
 * @n: the number of rows
 * @fpr: (out) (transfer full) (array length=n_points): false-positive rates
 * @tpr: (out) (transfer full) (array length=n_points): true-positive rates
 * @thresholds: (out) (transfer full) (array length=n_points): the score
 *   from which a row is called positive; the first is the highest score
 *   plus 1, giving the point (0, 0)
 * @n_points: (out): the number of points
 * @error: return location for a #GError
 *
 * The ROC curve as sklearn.metrics.roc_curve() of scikit-learn 1.2 with
 * drop_intermediate=True: points in the middle of a straight run are left
 * out.
 *
 * Returns: %TRUE, or %FALSE with @error set and the outputs untouched.
 */
gboolean
sonde_roc_curve (const guint32  *truth,
                 const double   *score,
                 gsize           n,
                 double        **fpr,
                 double        **tpr,
                 double        **thresholds,
                 gsize          *n_points,
                 GError        **error)
{
  g_autofree double *fps = NULL;
  g_autofree double *tps = NULL;
  g_autofree double *thr = NULL;
  double *out_f, *out_t, *out_thr;
  gsize m, kept;

  g_return_val_if_fail (truth != NULL || n == 0, FALSE);
  g_return_val_if_fail (score != NULL || n == 0, FALSE);
  g_return_val_if_fail (fpr != NULL && tpr != NULL && thresholds != NULL, FALSE);
  g_return_val_if_fail (n_points != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_binary (truth, score, n, error))
    return FALSE;

  fps = g_new (double, n);
  tps = g_new (double, n);
  thr = g_new (double, n);
  m = clf_curve (truth, score, n, fps, tps, thr);

  out_f = g_new (double, m + 1);
  out_t = g_new (double, m + 1);
  out_thr = g_new (double, m + 1);
  out_f[0] = 0;
  out_t[0] = 0;
  out_thr[0] = thr[0] + 1;
  kept = 1;
  for (gsize i = 0; i < m; i++)
    {
      /* A point is dropped when neither count bends there: its second
       * difference is zero in both. */
      if (m > 2 && i > 0 && i + 1 < m
          && fps[i + 1] - 2 * fps[i] + fps[i - 1] == 0
          && tps[i + 1] - 2 * tps[i] + tps[i - 1] == 0)
        continue;
      out_f[kept] = fps[i] / fps[m - 1];
      out_t[kept] = tps[i] / tps[m - 1];
      out_thr[kept] = thr[i];
      kept++;
    }

  *fpr = out_f;
  *tpr = out_t;
  *thresholds = out_thr;
  *n_points = kept;
  return TRUE;
}

/**
 * sonde_metric_roc_auc:
 * @truth: (array length=n): 1 for a positive row, 0 for a negative one
 * @score: (array length=n): the scores
 * @n: the number of rows
 * @error: return location for a #GError
 *
 * Returns: the area under the ROC curve by the trapezoidal rule, as
 *   roc_auc_score() for a binary truth; NAN with @error set on bad input.
 */
double
sonde_metric_roc_auc (const guint32  *truth,
                      const double   *score,
                      gsize           n,
                      GError        **error)
{
  g_autofree double *fpr = NULL;
  g_autofree double *tpr = NULL;
  g_autofree double *thr = NULL;
  gsize m;
  double area = 0;

  if (!sonde_roc_curve (truth, score, n, &fpr, &tpr, &thr, &m, error))
    return NAN;
  for (gsize i = 0; i + 1 < m; i++)
    area += (fpr[i + 1] - fpr[i]) * (tpr[i + 1] + tpr[i]) / 2.0;
  return area;
}

/**
 * sonde_pr_curve:
 * @truth: (array length=n): 1 for a positive row, 0 for a negative one;
 *   both must occur
 * @score: (array length=n): the scores, higher meaning more positive
 * @n: the number of rows
 * @precision: (out) (transfer full) (array length=n_points): precisions,
 *   from the lowest threshold up, ending with 1
 * @recall: (out) (transfer full) (array length=n_points): recalls,
 *   decreasing, ending with 0
 * @thresholds: (out) (transfer full): the n_points − 1 distinct scores,
 *   increasing; point i holds for threshold i
 * @n_points: (out): the number of points
 * @error: return location for a #GError
 *
 * The precision-recall curve as precision_recall_curve() of
 * scikit-learn 1.2 (which keeps every distinct score).
 *
 * Returns: %TRUE, or %FALSE with @error set and the outputs untouched.
 */
gboolean
sonde_pr_curve (const guint32  *truth,
                const double   *score,
                gsize           n,
                double        **precision,
                double        **recall,
                double        **thresholds,
                gsize          *n_points,
                GError        **error)
{
  g_autofree double *fps = NULL;
  g_autofree double *tps = NULL;
  g_autofree double *thr = NULL;
  double *p, *r, *t;
  gsize m;

  g_return_val_if_fail (truth != NULL || n == 0, FALSE);
  g_return_val_if_fail (score != NULL || n == 0, FALSE);
  g_return_val_if_fail (precision != NULL && recall != NULL && thresholds != NULL, FALSE);
  g_return_val_if_fail (n_points != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_binary (truth, score, n, error))
    return FALSE;

  fps = g_new (double, n);
  tps = g_new (double, n);
  thr = g_new (double, n);
  m = clf_curve (truth, score, n, fps, tps, thr);

  p = g_new (double, m + 1);
  r = g_new (double, m + 1);
  t = g_new (double, m);
  for (gsize i = 0; i < m; i++)
    {
      gsize j = m - 1 - i;

      p[i] = tps[j] / (tps[j] + fps[j]);
      r[i] = tps[j] / tps[m - 1];
      t[i] = thr[j];
    }
  p[m] = 1;
  r[m] = 0;

  *precision = p;
  *recall = r;
  *thresholds = t;
  *n_points = m + 1;
  return TRUE;
}

/**
 * sonde_metric_average_precision:
 * @truth: (array length=n): 1 for a positive row, 0 for a negative one
 * @score: (array length=n): the scores
 * @n: the number of rows
 * @error: return location for a #GError
 *
 * Returns: Σ (R_i − R_{i+1}) P_i over the precision-recall curve, as
 *   average_precision_score() (a step sum, not a trapezoid); NAN with
 *   @error set on bad input.
 */
double
sonde_metric_average_precision (const guint32  *truth,
                                const double   *score,
                                gsize           n,
                                GError        **error)
{
  g_autofree double *p = NULL;
  g_autofree double *r = NULL;
  g_autofree double *t = NULL;
  gsize m;
  double sum = 0;

  if (!sonde_pr_curve (truth, score, n, &p, &r, &t, &m, error))
    return NAN;
  for (gsize i = 0; i + 1 < m; i++)
    sum += (r[i + 1] - r[i]) * p[i];
  return -sum;
}

/* Class probabilities */

/* Checks n rows of @n_classes probabilities and their true classes: at
 * least one row and two classes, codes in range, every probability in
 * [0, 1] and every row summing to 1 within 1e-6. */
static gboolean
check_probabilities (const guint32  *truth,
                     const double   *prob,
                     gsize           n,
                     guint           n_classes,
                     GError        **error)
{
  if (n == 0)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_EMPTY,
                   _("There are no rows to compare predictions with; evaluate the model on a non-empty set."));
      return FALSE;
    }
  if (n_classes < 2)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                   _("This metric needs probabilities for at least 2 classes, but %u was given."), n_classes);
      return FALSE;
    }

  for (gsize i = 0; i < n; i++)
    {
      const double *row = prob + i * n_classes;
      double sum = 0;

      if (truth[i] >= n_classes)
        {
          g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                       _("Row %" PRIu64 " has class code %u, but codes must be below the number of classes, %u."),
                       (guint64) i + 1, truth[i], n_classes);
          return FALSE;
        }
      for (guint c = 0; c < n_classes; c++)
        {
          if (!isfinite (row[c]) || row[c] < 0 || row[c] > 1)
            {
              g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                           _("The probability of class %u in row %" PRIu64 " is %g; probabilities must lie between 0 and 1."),
                           c, (guint64) i + 1, row[c]);
              return FALSE;
            }
          sum += row[c];
        }
      if (fabs (sum - 1) > 1e-6)
        {
          g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                       _("The probabilities of row %" PRIu64 " sum to %.9g, not 1; give one probability per class for every row."),
                       (guint64) i + 1, sum);
          return FALSE;
        }
    }
  return TRUE;
}

/**
 * sonde_metric_roc_auc_ovr:
 * @truth: (array length=n): the true class of each row; every class
 *   below @n_classes must occur
 * @prob: n × @n_classes probabilities, row-major, rows summing to 1
 * @n: the number of rows
 * @n_classes: the number of classes, at least 2
 * @weighted: weight each class by its number of true rows instead of
 *   taking the plain mean
 * @error: return location for a #GError
 *
 * The one-versus-rest area under the ROC curve of a multiclass model, as
 * roc_auc_score (y_true, prob, multi_class="ovr", average="macro" or
 * "weighted"): the binary AUC of each class's probability against the
 * rest, averaged.
 *
 * Returns: the area, or NAN with @error set.
 */
double
sonde_metric_roc_auc_ovr (const guint32  *truth,
                          const double   *prob,
                          gsize           n,
                          guint           n_classes,
                          gboolean        weighted,
                          GError        **error)
{
  g_autofree guint32 *is_c = NULL;
  g_autofree double *score = NULL;
  g_autofree gsize *count = NULL;
  double sum = 0, wsum = 0;

  g_return_val_if_fail (truth != NULL || n == 0, NAN);
  g_return_val_if_fail (prob != NULL || n == 0, NAN);
  g_return_val_if_fail (error == NULL || *error == NULL, NAN);

  if (!check_probabilities (truth, prob, n, n_classes, error))
    return NAN;

  count = g_new0 (gsize, n_classes);
  for (gsize i = 0; i < n; i++)
    count[truth[i]]++;
  for (guint c = 0; c < n_classes; c++)
    if (count[c] == 0)
      {
        g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                     _("Class %u never occurs in the truth, so its one-versus-rest ROC curve is undefined; evaluate on a set where every class occurs."),
                     c);
        return NAN;
      }

  is_c = g_new (guint32, n);
  score = g_new (double, n);
  for (guint c = 0; c < n_classes; c++)
    {
      double auc, w = weighted ? count[c] : 1;

      for (gsize i = 0; i < n; i++)
        {
          is_c[i] = truth[i] == c;
          score[i] = prob[i * n_classes + c];
        }
      auc = sonde_metric_roc_auc (is_c, score, n, error);
      if (isnan (auc))
        return NAN;
      sum += w * auc;
      wsum += w;
    }
  return sum / wsum;
}

/**
 * sonde_metric_log_loss:
 * @truth: (array length=n): the true class of each row, below @n_classes
 * @prob: (array length=n): n × @n_classes probabilities, row-major; each
 *   row must sum to 1 within 1e-6
 * @n: the number of rows, at least 1
 * @n_classes: the number of classes, at least 2
 * @error: return location for a #GError
 *
 * The mean negative log-likelihood, as log_loss (y_true, prob,
 * labels=range (k)) of scikit-learn 1.2: probabilities are clipped to
 * [ε, 1 − ε] with ε the double machine epsilon (eps="auto"; not 1e-15 as
 * in earlier releases) and each row is divided by its sum again.
 * Unlike scikit-learn, rows that do not sum to 1 are refused.
 *
 * Returns: the loss, or NAN with @error set.
 */
double
sonde_metric_log_loss (const guint32  *truth,
                       const double   *prob,
                       gsize           n,
                       guint           n_classes,
                       GError        **error)
{
  double loss = 0;

  g_return_val_if_fail (truth != NULL || n == 0, NAN);
  g_return_val_if_fail (prob != NULL || n == 0, NAN);
  g_return_val_if_fail (error == NULL || *error == NULL, NAN);

  if (!check_probabilities (truth, prob, n, n_classes, error))
    return NAN;
  for (gsize i = 0; i < n; i++)
    {
      const double *row = prob + i * n_classes;
      double clipped = 0;

      for (guint c = 0; c < n_classes; c++)
        clipped += CLAMP (row[c], DBL_EPSILON, 1 - DBL_EPSILON);
      loss -= log (CLAMP (row[truth[i]], DBL_EPSILON, 1 - DBL_EPSILON) / clipped);
    }
  return loss / n;
}

/* Regression */

static gboolean
check_regression (const double  *truth,
                  const double  *pred,
                  gsize          n,
                  gsize          min_n,
                  GError       **error)
{
  if (n < min_n)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_EMPTY,
                   _("This metric needs at least %" PRIu64 " rows, but there are %" PRIu64 "."),
                   (guint64) min_n, (guint64) n);
      return FALSE;
    }
  for (gsize i = 0; i < n; i++)
    if (!isfinite (truth[i]) || !isfinite (pred[i]))
      {
        g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                     _("Row %" PRIu64 " has a true value of %g and a prediction of %g; both must be finite numbers. Leave out rows with missing values first."),
                     (guint64) i + 1, truth[i], pred[i]);
        return FALSE;
      }
  return TRUE;
}

/**
 * sonde_metric_rmse:
 * @truth: (array length=n): the true values
 * @pred: (array length=n): the predictions
 * @n: the number of rows, at least 1
 * @error: return location for a #GError
 *
 * Returns: the root of the mean squared error, as mean_squared_error
 *   (squared=False); NAN with @error set on empty or non-finite input.
 */
double
sonde_metric_rmse (const double  *truth,
                   const double  *pred,
                   gsize          n,
                   GError       **error)
{
  double sum = 0;

  g_return_val_if_fail (error == NULL || *error == NULL, NAN);
  if (!check_regression (truth, pred, n, 1, error))
    return NAN;
  for (gsize i = 0; i < n; i++)
    sum += (truth[i] - pred[i]) * (truth[i] - pred[i]);
  return sqrt (sum / n);
}

/**
 * sonde_metric_mae:
 * @truth: (array length=n): the true values
 * @pred: (array length=n): the predictions
 * @n: the number of rows, at least 1
 * @error: return location for a #GError
 *
 * Returns: the mean absolute error, as mean_absolute_error(); NAN with
 *   @error set on empty or non-finite input.
 */
double
sonde_metric_mae (const double  *truth,
                  const double  *pred,
                  gsize          n,
                  GError       **error)
{
  double sum = 0;

  g_return_val_if_fail (error == NULL || *error == NULL, NAN);
  if (!check_regression (truth, pred, n, 1, error))
    return NAN;
  for (gsize i = 0; i < n; i++)
    sum += fabs (pred[i] - truth[i]);
  return sum / n;
}

/**
 * sonde_metric_r2:
 * @truth: (array length=n): the true values
 * @pred: (array length=n): the predictions
 * @n: the number of rows, at least 2
 * @error: return location for a #GError
 *
 * Returns: the coefficient of determination 1 − SS_res / SS_tot, as
 *   r2_score() (force_finite=True: a constant truth gives 1 when predicted
 *   exactly, 0 otherwise); NAN with @error set on bad input.
 */
double
sonde_metric_r2 (const double  *truth,
                 const double  *pred,
                 gsize          n,
                 GError       **error)
{
  double mean = 0, ss_res = 0, ss_tot = 0;

  g_return_val_if_fail (error == NULL || *error == NULL, NAN);
  if (!check_regression (truth, pred, n, 2, error))
    return NAN;
  for (gsize i = 0; i < n; i++)
    mean += truth[i];
  mean /= n;
  for (gsize i = 0; i < n; i++)
    {
      ss_res += (truth[i] - pred[i]) * (truth[i] - pred[i]);
      ss_tot += (truth[i] - mean) * (truth[i] - mean);
    }
  if (ss_tot == 0)
    return ss_res == 0 ? 1 : 0;
  return 1 - ss_res / ss_tot;
}

/**
 * sonde_metric_mape:
 * @truth: (array length=n): the true values, not all zero
 * @pred: (array length=n): the predictions
 * @n: the number of rows, at least 1
 * @error: return location for a #GError
 *
 * Returns: the mean of |pred − truth| / max (|truth|, ε) with ε the double
 *   machine epsilon, as mean_absolute_percentage_error() (a fraction, not
 *   a percentage). A true value of 0 gives a huge term, as there; a truth
 *   that is all zero is refused, since the figure would mean nothing.
 */
double
sonde_metric_mape (const double  *truth,
                   const double  *pred,
                   gsize          n,
                   GError       **error)
{
  double sum = 0;
  gboolean nonzero = FALSE;

  g_return_val_if_fail (error == NULL || *error == NULL, NAN);
  if (!check_regression (truth, pred, n, 1, error))
    return NAN;
  for (gsize i = 0; i < n; i++)
    {
      sum += fabs (pred[i] - truth[i]) / MAX (fabs (truth[i]), DBL_EPSILON);
      nonzero |= truth[i] != 0;
    }
  if (!nonzero)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                   _("Every true value is 0, so the mean absolute percentage error is undefined; use the mean absolute error instead."));
      return NAN;
    }
  return sum / n;
}

/* Clustering */

/**
 * sonde_metric_silhouette:
 * @x: (array length=n): n × @d coordinates, row-major
 * @n: the number of points
 * @d: the number of dimensions, at least 1
 * @labels: (array length=n): the cluster of each point, below @k
 * @k: the number of cluster codes; codes no point has are ignored
 * @error: return location for a #GError
 *
 * The mean silhouette width with euclidean distances, as
 * silhouette_score(): for each point (b − a) / max (a, b) with a its mean
 * distance to the rest of its cluster and b the least mean distance to
 * another cluster; a point alone in its cluster counts 0. Between 2 and
 * n − 1 clusters must be used.
 *
 * Returns: the mean silhouette, or NAN with @error set.
 */
double
sonde_metric_silhouette (const double   *x,
                         gsize           n,
                         gsize           d,
                         const guint32  *labels,
                         guint           k,
                         GError        **error)
{
  g_autofree gsize *size = NULL;
  g_autofree double *sums = NULL;
  gsize used = 0;
  double total = 0;

  g_return_val_if_fail (x != NULL || n == 0, NAN);
  g_return_val_if_fail (labels != NULL || n == 0, NAN);
  g_return_val_if_fail (d > 0, NAN);
  g_return_val_if_fail (error == NULL || *error == NULL, NAN);

  size = g_new0 (gsize, MAX (k, 1));
  for (gsize i = 0; i < n; i++)
    {
      if (labels[i] >= k)
        {
          g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                       _("Point %" PRIu64 " is in cluster %u, but cluster codes must be below the number of clusters, %u."),
                       (guint64) i + 1, labels[i], k);
          return NAN;
        }
      for (gsize j = 0; j < d; j++)
        if (!isfinite (x[i * d + j]))
          {
            g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                         _("Coordinate %" PRIu64 " of point %" PRIu64 " is %g; coordinates must be finite numbers."),
                         (guint64) j + 1, (guint64) i + 1, x[i * d + j]);
            return NAN;
          }
      if (size[labels[i]]++ == 0)
        used++;
    }
  if (used < 2 || used + 1 > n)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                   _("The silhouette needs between 2 and n − 1 clusters, but the %" PRIu64 " points are in %" PRIu64 " clusters."),
                   (guint64) n, (guint64) used);
      return NAN;
    }

  sums = g_new (double, k);
  for (gsize i = 0; i < n; i++)
    {
      double a, b = INFINITY;
      guint own = labels[i];

      for (guint c = 0; c < k; c++)
        sums[c] = 0;
      for (gsize j = 0; j < n; j++)
        {
          double dist2 = 0;

          for (gsize l = 0; l < d; l++)
            {
              double diff = x[i * d + l] - x[j * d + l];
              dist2 += diff * diff;
            }
          sums[labels[j]] += sqrt (dist2);
        }
      if (size[own] == 1)
        continue;
      a = sums[own] / (size[own] - 1);
      for (guint c = 0; c < k; c++)
        if (c != own && size[c] > 0)
          b = MIN (b, sums[c] / size[c]);
      if (MAX (a, b) > 0)
        total += (b - a) / MAX (a, b);
    }
  return total / n;
}
