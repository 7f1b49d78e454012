/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sonde-table.h"

G_BEGIN_DECLS

/**
 * SondeParamType:
 * @SONDE_PARAM_INT: a whole number between min and max.
 * @SONDE_PARAM_DOUBLE: a real number between min and max.
 * @SONDE_PARAM_ENUM: one of the names in choices; its value is the index.
 * @SONDE_PARAM_BOOL: true or false (1 or 0).
 *
 * The type of a hyperparameter.
 */
typedef enum
{
  SONDE_PARAM_INT,
  SONDE_PARAM_DOUBLE,
  SONDE_PARAM_ENUM,
  SONDE_PARAM_BOOL,
} SondeParamType;

/**
 * SondeParamSpec:
 * @name: the name used on the command line and in model files.
 * @type: the type of the value.
 * @min: the smallest value allowed (ints and doubles).
 * @max: the largest value allowed; `G_MAXDOUBLE` when unbounded.
 * @default_value: the value a new learner has (the index for an enum).
 * @choices: (nullable): for an enum, the %NULL-terminated names.
 * @description: what it does, untranslated: show it through _().
 *
 * One hyperparameter of a learner. Every value is held as a double.
 */
typedef struct
{
  const char          *name;
  SondeParamType       type;
  double               min;
  double               max;
  double               default_value;
  const char * const  *choices;
  const char          *description;
} SondeParamSpec;

/**
 * SondeTask:
 * @SONDE_TASK_AUTO: classification when the target is categorical,
 *   boolean, text or integer and the learner can classify; regression
 *   when it is real (or integer and the learner only regresses).
 * @SONDE_TASK_CLASSIFICATION: predict a class.
 * @SONDE_TASK_REGRESSION: predict a number.
 * @SONDE_TASK_CLUSTERING: group the rows, without a target (the task of
 *   clustering learners, whatever is asked).
 */
typedef enum
{
  SONDE_TASK_AUTO,
  SONDE_TASK_CLASSIFICATION,
  SONDE_TASK_REGRESSION,
  SONDE_TASK_CLUSTERING,
} SondeTask;

typedef struct _SondeLearner SondeLearner;

const char * const   *sonde_learner_list_names      (void);
SondeLearner         *sonde_learner_new             (const char         *name,
                                                     GError            **error);
void                  sonde_learner_free            (SondeLearner       *self);
SondeLearner         *sonde_learner_copy_unfitted   (SondeLearner       *self);

const char           *sonde_learner_get_name        (SondeLearner       *self);
const char           *sonde_learner_get_label       (SondeLearner       *self);
const SondeParamSpec *sonde_learner_get_params      (SondeLearner       *self,
                                                     guint              *n_params);
gboolean              sonde_learner_set_param       (SondeLearner       *self,
                                                     const char         *name,
                                                     const char         *value,
                                                     GError            **error);
double                sonde_learner_get_param       (SondeLearner       *self,
                                                     const char         *name);
char                 *sonde_learner_check_params    (SondeLearner       *self);
void                  sonde_learner_set_task        (SondeLearner       *self,
                                                     SondeTask           task);
SondeTask             sonde_learner_get_task        (SondeLearner       *self);
SondeTask             sonde_learner_resolve_task    (SondeLearner       *self,
                                                     SondeTable         *table,
                                                     const char         *target,
                                                     GError            **error);

gboolean              sonde_learner_fit             (SondeLearner       *self,
                                                     SondeTable         *table,
                                                     const char * const *features,
                                                     const char         *target,
                                                     GError            **error);
gboolean              sonde_learner_fit_rows        (SondeLearner       *self,
                                                     SondeTable         *table,
                                                     const char * const *features,
                                                     const char         *target,
                                                     const guint        *rows,
                                                     guint               n_rows,
                                                     GError            **error);
gboolean              sonde_learner_fit_rows_full   (SondeLearner       *self,
                                                     SondeTable         *table,
                                                     const char * const *features,
                                                     const char         *target,
                                                     const guint        *rows,
                                                     guint               n_rows,
                                                     GCancellable       *cancellable,
                                                     GError            **error);
void                  sonde_learner_fit_async       (SondeLearner       *self,
                                                     SondeTable         *table,
                                                     const char * const *features,
                                                     const char         *target,
                                                     GCancellable       *cancellable,
                                                     GAsyncReadyCallback callback,
                                                     gpointer            user_data);
gboolean              sonde_learner_fit_finish      (SondeLearner       *self,
                                                     GAsyncResult       *result,
                                                     GError            **error);
gboolean              sonde_learner_is_fitted       (SondeLearner       *self);
const char * const   *sonde_learner_get_features    (SondeLearner       *self);
const char           *sonde_learner_get_target      (SondeLearner       *self);
guint                 sonde_learner_get_n_classes   (SondeLearner       *self);
const char           *sonde_learner_get_class_label (SondeLearner       *self,
                                                     guint               klass);

double               *sonde_learner_predict         (SondeLearner       *self,
                                                     SondeTable         *table,
                                                     const guint        *rows,
                                                     guint               n_rows,
                                                     GError            **error);
double               *sonde_learner_predict_proba   (SondeLearner       *self,
                                                     SondeTable         *table,
                                                     const guint        *rows,
                                                     guint               n_rows,
                                                     GError            **error);
guint32              *sonde_learner_encode_classes  (SondeTable         *table,
                                                     const char         *target,
                                                     GPtrArray         **labels,
                                                     GError            **error);
char                 *sonde_learner_match_class     (SondeTable         *table,
                                                     const char         *target,
                                                     const char         *label,
                                                     GError            **error);
char                 *sonde_learner_describe        (SondeLearner       *self);
const double         *sonde_learner_get_history     (SondeLearner       *self,
                                                     const char        **name,
                                                     guint              *n);
double               *sonde_learner_get_impurity_importance (SondeLearner        *self,
                                                             const char * const **names,
                                                             guint               *n_columns,
                                                             GError             **error);

char                 *sonde_learner_to_json         (SondeLearner       *self,
                                                     GError            **error);
SondeLearner         *sonde_learner_new_from_json   (const char         *json,
                                                     gssize              length,
                                                     GError            **error);
gboolean              sonde_learner_save            (SondeLearner       *self,
                                                     const char         *path,
                                                     GError            **error);
SondeLearner         *sonde_learner_load            (const char         *path,
                                                     GError            **error);

/* The numeric layer underneath: rows of @d doubles, row-major. */
gboolean              sonde_learner_fit_matrix      (SondeLearner       *self,
                                                     SondeTask           task,
                                                     const double       *x,
                                                     gsize               n,
                                                     gsize               d,
                                                     const double       *y,
                                                     guint               n_classes,
                                                     GError            **error);
void                  sonde_learner_predict_matrix  (SondeLearner       *self,
                                                     const double       *x,
                                                     gsize               n,
                                                     double             *out);
gboolean              sonde_learner_predict_proba_matrix (SondeLearner  *self,
                                                          const double  *x,
                                                          gsize          n,
                                                          double        *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SondeLearner, sonde_learner_free)

G_END_DECLS
