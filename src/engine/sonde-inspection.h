/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "sonde-learner.h"

G_BEGIN_DECLS

/**
 * SondeImportance:
 * @n_features: the number of features, in the learner's order
 * @features: (array length=n_features): their names
 * @baseline: the score on the unpermuted rows
 * @mean: (array length=n_features): the mean drop of the score
 * @sd: (array length=n_features): its standard deviation over the repeats
 *   (population, as numpy's std)
 *
 * Permutation importance, as sklearn.inspection.permutation_importance
 * (importances_mean, importances_std).
 */
typedef struct
{
  guint    n_features;
  char   **features;
  double   baseline;
  double  *mean;
  double  *sd;
} SondeImportance;

SondeImportance *sonde_permutation_importance (SondeLearner    *learner,
                                               SondeTable      *table,
                                               const guint     *rows,
                                               guint            n_rows,
                                               guint            n_repeats,
                                               guint64          seed,
                                               GCancellable    *cancellable,
                                               GError         **error);
void             sonde_importance_free        (SondeImportance *importance);

/**
 * SondeFairness:
 * @n_groups: the number of groups that have rows
 * @groups: (array length=n_groups): their labels
 * @n: (array length=n_groups): the rows in each group
 * @selection_rate: (array length=n_groups): the share predicted positive
 * @tpr: (array length=n_groups): true-positive rate (recall), NaN
 *   without positive rows
 * @fpr: (array length=n_groups): false-positive rate, NaN without
 *   negative rows
 * @selection_gap: max − min of @selection_rate
 * @tpr_gap: max − min of @tpr over the groups where it is defined
 * @fpr_gap: max − min of @fpr, likewise
 *
 * Group fairness of a classifier's decisions (demographic parity and
 * equalised odds differences, as fairlearn names them).
 */
typedef struct
{
  guint    n_groups;
  char   **groups;
  guint64 *n;
  double  *selection_rate;
  double  *tpr;
  double  *fpr;
  double   selection_gap;
  double   tpr_gap;
  double   fpr_gap;
} SondeFairness;

SondeFairness *sonde_fairness_new  (const char * const *truth,
                                    const char * const *pred,
                                    const char * const *group,
                                    gsize               n,
                                    const char         *positive,
                                    GError            **error);
void           sonde_fairness_free (SondeFairness      *fairness);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SondeImportance, sonde_importance_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SondeFairness, sonde_fairness_free)

G_END_DECLS
