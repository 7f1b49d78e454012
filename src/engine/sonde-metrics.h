/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * SondeAverage:
 * @SONDE_AVERAGE_NONE: the figure for one class, given by its index.
 * @SONDE_AVERAGE_MACRO: the unweighted mean over the classes that occur
 *   in the truth or the predictions.
 * @SONDE_AVERAGE_WEIGHTED: the mean over those classes weighted by their
 *   number of true rows.
 * @SONDE_AVERAGE_MICRO: the figure from the pooled counts of all classes.
 *
 * How a per-class metric is summarised, as scikit-learn's `average`.
 */
typedef enum
{
  SONDE_AVERAGE_NONE,
  SONDE_AVERAGE_MACRO,
  SONDE_AVERAGE_WEIGHTED,
  SONDE_AVERAGE_MICRO,
} SondeAverage;

/**
 * SondeConfusion:
 * @n_classes: the number of classes k.
 * @n: the number of rows counted.
 * @counts: k × k counts, row-major: row = true class, column = predicted
 *   class, as scikit-learn's confusion_matrix().
 *
 * A confusion matrix; the classification metrics are computed from it.
 */
typedef struct
{
  guint    n_classes;
  gsize    n;
  guint64 *counts;
} SondeConfusion;

SondeConfusion *sonde_confusion_new   (const guint32        *truth,
                                       const guint32        *pred,
                                       gsize                 n,
                                       guint                 n_classes,
                                       GError              **error);
guint64         sonde_confusion_get   (const SondeConfusion *conf,
                                       guint                 true_class,
                                       guint                 pred_class);
void            sonde_confusion_free  (SondeConfusion       *conf);

double sonde_metric_accuracy          (const SondeConfusion *conf);
double sonde_metric_balanced_accuracy (const SondeConfusion *conf);
double sonde_metric_precision         (const SondeConfusion *conf,
                                       SondeAverage          average,
                                       guint                 klass);
double sonde_metric_recall            (const SondeConfusion *conf,
                                       SondeAverage          average,
                                       guint                 klass);
double sonde_metric_f1                (const SondeConfusion *conf,
                                       SondeAverage          average,
                                       guint                 klass);
double sonde_metric_fpr               (const SondeConfusion *conf,
                                       guint                 klass);
double sonde_metric_fnr               (const SondeConfusion *conf,
                                       guint                 klass);
double sonde_metric_specificity       (const SondeConfusion *conf,
                                       guint                 klass);
double sonde_metric_mcc               (const SondeConfusion *conf);
double sonde_metric_cohen_kappa       (const SondeConfusion *conf);

gboolean sonde_roc_curve              (const guint32  *truth,
                                       const double   *score,
                                       gsize           n,
                                       double        **fpr,
                                       double        **tpr,
                                       double        **thresholds,
                                       gsize          *n_points,
                                       GError        **error);
double   sonde_metric_roc_auc         (const guint32  *truth,
                                       const double   *score,
                                       gsize           n,
                                       GError        **error);
gboolean sonde_pr_curve               (const guint32  *truth,
                                       const double   *score,
                                       gsize           n,
                                       double        **precision,
                                       double        **recall,
                                       double        **thresholds,
                                       gsize          *n_points,
                                       GError        **error);
double   sonde_metric_average_precision (const guint32 *truth,
                                         const double  *score,
                                         gsize          n,
                                         GError       **error);
double   sonde_metric_roc_auc_ovr     (const guint32  *truth,
                                       const double   *prob,
                                       gsize           n,
                                       guint           n_classes,
                                       gboolean        weighted,
                                       GError        **error);
double   sonde_metric_log_loss        (const guint32  *truth,
                                       const double   *prob,
                                       gsize           n,
                                       guint           n_classes,
                                       GError        **error);

double sonde_metric_rmse              (const double   *truth,
                                       const double   *pred,
                                       gsize           n,
                                       GError        **error);
double sonde_metric_mae               (const double   *truth,
                                       const double   *pred,
                                       gsize           n,
                                       GError        **error);
double sonde_metric_r2                (const double   *truth,
                                       const double   *pred,
                                       gsize           n,
                                       GError        **error);
double sonde_metric_mape              (const double   *truth,
                                       const double   *pred,
                                       gsize           n,
                                       GError        **error);

double sonde_metric_silhouette        (const double   *x,
                                       gsize           n,
                                       gsize           d,
                                       const guint32  *labels,
                                       guint           k,
                                       GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SondeConfusion, sonde_confusion_free)

G_END_DECLS
