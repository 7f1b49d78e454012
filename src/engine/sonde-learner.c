/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sonde-learner"

/* SondeLearner: one interface over every learning algorithm of the
 * engine, in the manner of liblinear's small API: make a learner by
 * name, set its hyperparameters from text (each checked against its
 * range, with a message a person can act on), fit it on a SondeTable and
 * the names of the feature and target columns, predict, give class
 * probabilities, describe what it learned, and save or load it as a JSON
 * model file.
 *
 * The algorithms themselves (sonde-learner-tree.c, -bayes.c, -linear.c,
 * -knn.c) only see a row-major matrix of doubles; this file turns a table
 * into that matrix and remembers how, so that a saved model reads new
 * data the same way:
 *
 *  - numeric columns (integer, real, boolean, date as days, date-time as
 *    seconds) give one matrix column each; a missing value is replaced by
 *    the mean of the training rows;
 *  - categorical columns are one-hot encoded, one matrix column per
 *    category seen in the training rows (in label order); a missing value
 *    counts as the most frequent category, and a category the model never
 *    saw gives a row of zeros (scikit-learn's handle_unknown="ignore");
 *  - text columns are refused (convert them to categorical first).
 *
 * Classes are the distinct target values of the training rows, sorted
 * (numerically for integers, by label otherwise), as scikit-learn's
 * LabelEncoder; predictions are class indices into that list.
 *
 * The model file is JSON: {"format": "sonde-model", "version": 1,
 * "learner", "params", "task", "features": [{"name", "type", "fill" or
 * "categories" and "mode"}], "target", "target_type", "classes", "model"}.
 * Loading checks all of it; predicting checks that the data has every
 * feature column with a compatible type and says which one is wrong.
 *
 * Fitting copies the used columns once into n × d doubles (8 bytes a
 * cell): a million rows of 30 features is 240 MB.
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "sonde-column-private.h"
#include "sonde-error.h"
#include "sonde-json-writer.h"
#include "sonde-learner-private.h"

#define MODEL_FORMAT  "sonde-model"
#define MODEL_VERSION 1

typedef struct
{
  char            *name;
  SondeColumnType  type;
  gboolean         categorical;
  double           fill;          /* numeric: the mean of the training rows */
  GPtrArray       *categories;    /* categorical: labels, in order */
  guint            mode;          /* categorical: the most frequent */
  guint            offset;        /* first matrix column */
} Feature;

struct _SondeLearner
{
  const SondeLearnerClass *klass;
  double                  *params;
  SondeTask                task;

  /* Once fitted. */
  gpointer                 model;
  SondeTask                fitted_task;
  gsize                    d;
  GPtrArray               *features;      /* Feature */
  char                   **feature_names; /* NULL-terminated, as given */
  char                   **matrix_names;  /* d names after one-hot */
  char                    *target;
  SondeColumnType          target_type;
  GPtrArray               *classes;       /* labels */
};

typedef struct
{
  SondeLearner  *learner;
  SondeTable    *table;
  char         **features;
  char          *target;
  guint         *rows;
  guint          n_rows;
} FitJob;

static void
fit_job_free (gpointer data)
{
  FitJob *job = data;

  g_object_unref (job->table);
  g_strfreev (job->features);
  g_free (job->target);
  g_free (job->rows);
  g_free (job);
}

static const SondeLearnerClass * const learners[] = {
  &sonde_learner_cart,
  &sonde_learner_random_forest,
  &sonde_learner_gradient_boosting,
  &sonde_learner_hist_gradient_boosting,
  &sonde_learner_gaussian_nb,
  &sonde_learner_multinomial_nb,
  &sonde_learner_logistic,
  &sonde_learner_linear,
  &sonde_learner_ridge,
  &sonde_learner_knn,
  &sonde_learner_kmeans,
  &sonde_learner_hierarchical,
  &sonde_learner_mlp,
  &sonde_learner_self_training,
};

static void
feature_free (gpointer data)
{
  Feature *f = data;

  g_free (f->name);
  g_clear_pointer (&f->categories, g_ptr_array_unref);
  g_free (f);
}

/* Forgets what was learned, keeps the parameters. */
static void
learner_clear_fit (SondeLearner *self)
{
  if (self->model != NULL)
    self->klass->free (self->model);
  self->model = NULL;
  g_clear_pointer (&self->features, g_ptr_array_unref);
  g_clear_pointer (&self->feature_names, g_strfreev);
  g_clear_pointer (&self->matrix_names, g_strfreev);
  g_clear_pointer (&self->target, g_free);
  g_clear_pointer (&self->classes, g_ptr_array_unref);
  self->d = 0;
}

/**
 * sonde_learner_list_names:
 *
 * Returns: (transfer none): the names sonde_learner_new() knows, in a
 *   static %NULL-terminated array.
 */
const char * const *
sonde_learner_list_names (void)
{
  static const char *names[G_N_ELEMENTS (learners) + 1];
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      for (guint i = 0; i < G_N_ELEMENTS (learners); i++)
        names[i] = learners[i]->name;
      g_once_init_leave (&initialized, 1);
    }
  return names;
}

/**
 * sonde_learner_new:
 * @name: a learner's name, one of sonde_learner_list_names()
 * @error: return location for a #GError
 *
 * Makes an unfitted learner with every hyperparameter at its default.
 *
 * Returns: (transfer full) (nullable): the learner, or %NULL with @error
 *   set when no learner has that name.
 */
SondeLearner *
sonde_learner_new (const char  *name,
                   GError     **error)
{
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (learners); i++)
    if (strcmp (learners[i]->name, name) == 0)
      {
        SondeLearner *self = g_new0 (SondeLearner, 1);

        self->klass = learners[i];
        self->params = g_new0 (double, MAX (1, self->klass->n_params));
        for (guint p = 0; p < self->klass->n_params; p++)
          self->params[p] = self->klass->params[p].default_value;
        return self;
      }

  {
    g_autofree char *known = g_strjoinv (", ", (char **) sonde_learner_list_names ());

    g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                 _("There is no learner called “%s”; the learners are: %s."), name, known);
  }
  return NULL;
}

/**
 * sonde_learner_free:
 * @self: (nullable): a learner
 *
 * Frees the learner and its model.
 */
void
sonde_learner_free (SondeLearner *self)
{
  if (self == NULL)
    return;
  learner_clear_fit (self);
  g_free (self->params);
  g_free (self);
}

/**
 * sonde_learner_copy_unfitted:
 * @self: a learner
 *
 * Returns: (transfer full): a new learner of the same kind with the same
 *   hyperparameters and task, not fitted (what cross-validation fits on
 *   each fold).
 */
SondeLearner *
sonde_learner_copy_unfitted (SondeLearner *self)
{
  SondeLearner *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new0 (SondeLearner, 1);
  copy->klass = self->klass;
  copy->params = g_memdup2 (self->params, sizeof (double) * MAX (1, self->klass->n_params));
  copy->task = self->task;
  return copy;
}

const char *
sonde_learner_get_name (SondeLearner *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->klass->name;
}

/**
 * sonde_learner_get_label:
 * @self: a learner
 *
 * Returns: (transfer none): the learner's name for a person, translated.
 */
const char *
sonde_learner_get_label (SondeLearner *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return _(self->klass->label);
}

/**
 * sonde_learner_get_params:
 * @self: a learner
 * @n_params: (out): the number of hyperparameters
 *
 * Returns: (transfer none) (array length=n_params): the learner's
 *   hyperparameters, their types, ranges and defaults.
 */
const SondeParamSpec *
sonde_learner_get_params (SondeLearner *self,
                          guint        *n_params)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (n_params != NULL, NULL);

  *n_params = self->klass->n_params;
  return self->klass->params;
}

static int
find_param (SondeLearner *self,
            const char   *name)
{
  for (guint p = 0; p < self->klass->n_params; p++)
    if (strcmp (self->klass->params[p].name, name) == 0)
      return p;
  return -1;
}

/**
 * sonde_learner_get_param:
 * @self: a learner
 * @name: a hyperparameter's name
 *
 * Returns: its value (the index for an enum, 0 or 1 for a boolean), or
 *   NAN when the learner has no such hyperparameter.
 */
double
sonde_learner_get_param (SondeLearner *self,
                         const char   *name)
{
  int p;

  g_return_val_if_fail (self != NULL, NAN);
  g_return_val_if_fail (name != NULL, NAN);

  p = find_param (self, name);
  return p < 0 ? NAN : self->params[p];
}

/**
 * sonde_learner_set_param:
 * @self: a learner
 * @name: a hyperparameter's name
 * @value: its value as text: a number, "true"/"false", or an enum's name
 *   (for an integer or a real, "none" stands for the maximum)
 * @error: return location for a #GError
 *
 * Sets one hyperparameter, checking its type and range. A fitted model
 * is kept: the value applies to the next fit.
 *
 * Returns: %TRUE, or %FALSE with @error set to a message naming the
 *   parameter, the value and what is allowed.
 */
gboolean
sonde_learner_set_param (SondeLearner  *self,
                         const char    *name,
                         const char    *value,
                         GError       **error)
{
  const SondeParamSpec *spec;
  double v;
  char *end = NULL;
  int p;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  p = find_param (self, name);
  if (p < 0)
    {
      GString *names = g_string_new (NULL);

      for (guint i = 0; i < self->klass->n_params; i++)
        g_string_append_printf (names, "%s%s", i > 0 ? ", " : "", self->klass->params[i].name);
      if (names->len == 0)
        g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                     _("The learner “%s” has no parameter called “%s”; it has no parameters."),
                     self->klass->name, name);
      else
        g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                     _("The learner “%s” has no parameter called “%s”; its parameters are: %s."),
                     self->klass->name, name, names->str);
      g_string_free (names, TRUE);
      return FALSE;
    }
  spec = &self->klass->params[p];

  switch (spec->type)
    {
    case SONDE_PARAM_BOOL:
      if (g_ascii_strcasecmp (value, "true") == 0 || g_ascii_strcasecmp (value, "yes") == 0 || strcmp (value, "1") == 0)
        v = 1;
      else if (g_ascii_strcasecmp (value, "false") == 0 || g_ascii_strcasecmp (value, "no") == 0 || strcmp (value, "0") == 0)
        v = 0;
      else
        {
          g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                       _("The parameter “%s” is true or false, not “%s”."), name, value);
          return FALSE;
        }
      break;

    case SONDE_PARAM_ENUM:
      for (v = -1, p = 0; spec->choices[p] != NULL; p++)
        if (g_ascii_strcasecmp (spec->choices[p], value) == 0)
          v = p;
      if (v < 0)
        {
          g_autofree char *choices = g_strjoinv (", ", (char **) spec->choices);

          g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                       _("The parameter “%s” cannot be “%s”; choose one of: %s."), name, value, choices);
          return FALSE;
        }
      break;

    case SONDE_PARAM_INT:
    case SONDE_PARAM_DOUBLE:
    default:
      if (g_ascii_strcasecmp (value, "none") == 0 && spec->max == G_MAXDOUBLE)
        {
          v = G_MAXDOUBLE;
          break;
        }
      v = g_ascii_strtod (value, &end);
      if (end == value || *end != '\0' || !isfinite (v))
        {
          g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                       spec->type == SONDE_PARAM_INT ? _("The parameter “%s” is a whole number, not “%s”.")
                                                     : _("The parameter “%s” is a number, not “%s”."),
                       name, value);
          return FALSE;
        }
      if (spec->type == SONDE_PARAM_INT && v != floor (v))
        {
          g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                       _("The parameter “%s” is a whole number, not “%s”."), name, value);
          return FALSE;
        }
      if (v < spec->min || v > spec->max)
        {
          char lo[G_ASCII_DTOSTR_BUF_SIZE], hi[G_ASCII_DTOSTR_BUF_SIZE];

          g_ascii_formatd (lo, sizeof lo, "%g", spec->min);
          if (spec->max == G_MAXDOUBLE)
            g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                         _("The parameter “%s” must be at least %s; “%s” is too small."), name, lo, value);
          else
            {
              g_ascii_formatd (hi, sizeof hi, "%g", spec->max);
              g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                           _("The parameter “%s” must be between %s and %s; “%s” is out of range."),
                           name, lo, hi, value);
            }
          return FALSE;
        }
      break;
    }

  self->params[find_param (self, name)] = v;
  return TRUE;
}

/**
 * sonde_learner_check_params:
 * @self: a learner
 *
 * Checks the hyperparameters together (each one alone is already in its
 * range), as liblinear's check_parameter().
 *
 * Returns: (transfer full) (nullable): %NULL when they fit together, or
 *   a message for a person saying which do not.
 */
char *
sonde_learner_check_params (SondeLearner *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (self->klass->check != NULL)
    return self->klass->check (self->params);
  return NULL;
}

void
sonde_learner_set_task (SondeLearner *self,
                        SondeTask     task)
{
  g_return_if_fail (self != NULL);
  self->task = task;
}

/**
 * sonde_learner_get_task:
 * @self: a learner
 *
 * Returns: the task of the fitted model, or the one asked for with
 *   sonde_learner_set_task() when not fitted.
 */
SondeTask
sonde_learner_get_task (SondeLearner *self)
{
  g_return_val_if_fail (self != NULL, SONDE_TASK_AUTO);
  if (self->model != NULL)
    return self->fitted_task;
  return self->klass->clusters ? SONDE_TASK_CLUSTERING : self->task;
}

gboolean
sonde_learner_is_fitted (SondeLearner *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->model != NULL;
}

/**
 * sonde_learner_get_features:
 * @self: a fitted learner
 *
 * Returns: (transfer none) (nullable): the feature columns the model
 *   reads, %NULL-terminated, or %NULL when not fitted.
 */
const char * const *
sonde_learner_get_features (SondeLearner *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return (const char * const *) self->feature_names;
}

const char *
sonde_learner_get_target (SondeLearner *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->target;
}

/**
 * sonde_learner_get_n_classes:
 * @self: a fitted learner
 *
 * Returns: the number of classes, 0 for regression or when not fitted.
 */
guint
sonde_learner_get_n_classes (SondeLearner *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->classes != NULL ? self->classes->len : 0;
}

/**
 * sonde_learner_get_class_label:
 * @self: a fitted classifier
 * @klass: a class index
 *
 * Returns: (transfer none): the class's label as in the target column.
 */
const char *
sonde_learner_get_class_label (SondeLearner *self,
                               guint         klass)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (self->classes != NULL && klass < self->classes->len, NULL);
  return g_ptr_array_index (self->classes, klass);
}

/* ------------------------------------------------------------------ */
/* From a table to a matrix                                            */

static gboolean
type_is_numeric_feature (SondeColumnType type)
{
  return type == SONDE_COLUMN_TYPE_INTEGER || type == SONDE_COLUMN_TYPE_REAL ||
         type == SONDE_COLUMN_TYPE_BOOLEAN || type == SONDE_COLUMN_TYPE_DATE ||
         type == SONDE_COLUMN_TYPE_DATETIME;
}

/* The label of a categorical or text cell, or NULL when missing. */
static const char *
cell_label (SondeColumn *column,
            guint        row)
{
  if (sonde_column_is_missing (column, row))
    return NULL;
  if (sonde_column_get_column_type (column) == SONDE_COLUMN_TYPE_CATEGORICAL)
    return sonde_column_get_category_label (column, sonde_column_get_code (column, row));
  return sonde_column_get_text (column, row);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Learns how to read one feature column from the training rows. */
static Feature *
feature_learn (SondeColumn  *column,
               const guint  *rows,
               guint         n_rows,
               GError      **error)
{
  g_autoptr(GPtrArray) categories = NULL;
  Feature *f;
  SondeColumnType type = sonde_column_get_column_type (column);
  const char *name = sonde_column_get_name (column);

  if (type == SONDE_COLUMN_TYPE_TEXT)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                   _("The column “%s” holds free text, which a learner cannot use as it is; change its type to categorical, or leave it out of the features."),
                   name);
      return NULL;
    }

  if (type_is_numeric_feature (type))
    {
      double sum = 0;
      guint count = 0;

      for (guint i = 0; i < n_rows; i++)
        {
          double v = sonde_column_get_number (column, rows[i]);

          if (sonde_column_is_missing (column, rows[i]))
            continue;
          if (!isfinite (v))
            {
              g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                           _("Row %u of the column “%s” holds an infinite or undefined value; replace it with a number or mark it as missing."),
                           rows[i] + 1, name);
              return NULL;
            }
          sum += v;
          count++;
        }
      if (count == 0)
        {
          g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                       _("The column “%s” has no values in the rows used for training; leave it out of the features."),
                       name);
          return NULL;
        }
      f = g_new0 (Feature, 1);
      f->fill = sum / count;
    }
  else
    {
      g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
      guint best = 0;

      categories = g_ptr_array_new_with_free_func (g_free);
      for (guint i = 0; i < n_rows; i++)
        {
          const char *label = cell_label (column, rows[i]);

          if (label != NULL)
            g_hash_table_insert (counts, (gpointer) label,
                                 GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counts, label)) + 1));
        }
      if (g_hash_table_size (counts) == 0)
        {
          g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                       _("The column “%s” has no values in the rows used for training; leave it out of the features."),
                       name);
          return NULL;
        }
      {
        GHashTableIter iter;
        gpointer key;

        g_hash_table_iter_init (&iter, counts);
        while (g_hash_table_iter_next (&iter, &key, NULL))
          g_ptr_array_add (categories, g_strdup (key));
      }
      g_ptr_array_sort (categories, compare_strings);
      f = g_new0 (Feature, 1);
      for (guint c = 0; c < categories->len; c++)
        {
          guint count = GPOINTER_TO_UINT (g_hash_table_lookup (counts, g_ptr_array_index (categories, c)));

          if (count > best)
            {
              best = count;
              f->mode = c;
            }
        }
      f->categorical = TRUE;
      f->categories = g_steal_pointer (&categories);
    }

  f->name = g_strdup (name);
  f->type = type;
  return f;
}

static guint
feature_width (const Feature *f)
{
  return f->categorical ? f->categories->len : 1;
}

/* Finds the model's feature columns in @table, checking their types. */
static GPtrArray *
resolve_columns (SondeLearner  *self,
                 SondeTable    *table,
                 GError       **error)
{
  g_autoptr(GPtrArray) columns = g_ptr_array_new ();

  for (guint j = 0; j < self->features->len; j++)
    {
      Feature *f = g_ptr_array_index (self->features, j);
      SondeColumn *column = sonde_table_find_column (table, f->name);
      SondeColumnType type;

      if (column == NULL)
        {
          g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                       _("The model needs the column “%s”, which this dataset does not have."), f->name);
          return NULL;
        }
      type = sonde_column_get_column_type (column);
      if (f->categorical ? (type != SONDE_COLUMN_TYPE_CATEGORICAL && type != SONDE_COLUMN_TYPE_TEXT)
                         : !type_is_numeric_feature (type))
        {
          g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                       _("The model was trained with the column “%s” holding %s values, but in this dataset it holds %s values; change its type back or train the model again."),
                       f->name, sonde_column_type_get_label (f->type), sonde_column_type_get_label (type));
          return NULL;
        }
      g_ptr_array_add (columns, column);
    }
  return g_steal_pointer (&columns);
}

/* The n_rows × d matrix of @rows (all rows when NULL) as the model reads
 * them: imputed, one-hot encoded. */
static double *
build_matrix (SondeLearner  *self,
              SondeTable    *table,
              const guint   *rows,
              guint          n_rows,
              GError       **error)
{
  g_autoptr(GPtrArray) columns = resolve_columns (self, table, error);
  g_autofree double *x = NULL;

  if (columns == NULL)
    return NULL;

  x = g_new0 (double, (gsize) MAX (1, n_rows) * self->d);
  for (guint j = 0; j < self->features->len; j++)
    {
      Feature *f = g_ptr_array_index (self->features, j);
      SondeColumn *column = g_ptr_array_index (columns, j);

      if (!f->categorical)
        {
          for (guint i = 0; i < n_rows; i++)
            {
              guint row = rows != NULL ? rows[i] : i;
              double v;

              if (sonde_column_is_missing (column, row))
                v = f->fill;
              else if (!isfinite (v = sonde_column_get_number (column, row)))
                {
                  g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                               _("Row %u of the column “%s” holds an infinite or undefined value; replace it with a number or mark it as missing."),
                               row + 1, f->name);
                  return NULL;
                }
              x[(gsize) i * self->d + f->offset] = v;
            }
        }
      else
        {
          g_autoptr(GHashTable) index = g_hash_table_new (g_str_hash, g_str_equal);

          for (guint c = 0; c < f->categories->len; c++)
            g_hash_table_insert (index, g_ptr_array_index (f->categories, c), GUINT_TO_POINTER (c + 1));
          for (guint i = 0; i < n_rows; i++)
            {
              guint row = rows != NULL ? rows[i] : i;
              const char *label = cell_label (column, row);
              guint c = label == NULL ? f->mode + 1 : GPOINTER_TO_UINT (g_hash_table_lookup (index, label));

              /* 0: a category the model never saw, a row of zeros. */
              if (c > 0)
                x[(gsize) i * self->d + f->offset + c - 1] = 1.0;
            }
        }
    }
  return g_steal_pointer (&x);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* The class labels of the target over @rows, sorted, and each row's
 * class index in @y. */
static GPtrArray *
learn_classes (SondeColumn  *column,
               const guint  *rows,
               guint         n_rows,
               double       *y,
               GError      **error)
{
  SondeColumnType type = sonde_column_get_column_type (column);
  g_autoptr(GPtrArray) classes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char **labels = g_new0 (char *, MAX (1, n_rows));

  for (guint i = 0; i < n_rows; i++)
    {
      if (sonde_column_is_missing (column, rows[i]))
        {
          g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                       _("Row %u of the target column “%s” is missing; a learner needs the answer for every training row, so remove those rows or fill them in."),
                       rows[i] + 1, sonde_column_get_name (column));
          for (guint k = 0; k < i; k++)
            g_free (labels[k]);
          return NULL;
        }
      labels[i] = sonde_column_format_value (column, rows[i]);
      if (!g_hash_table_contains (index, labels[i]))
        g_hash_table_insert (index, g_strdup (labels[i]), NULL);
    }

  if (type == SONDE_COLUMN_TYPE_INTEGER || type == SONDE_COLUMN_TYPE_REAL)
    {
      /* Numeric order, as numpy.unique on numbers. */
      g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

      for (guint i = 0; i < n_rows; i++)
        if (!g_hash_table_contains (seen, labels[i]))
          {
            double v = sonde_column_get_number (column, rows[i]);

            g_hash_table_add (seen, labels[i]);
            g_array_append_val (values, v);
          }
      g_array_sort (values, compare_doubles);
      for (guint c = 0; c < values->len; c++)
        for (guint i = 0; i < n_rows; i++)
          if (sonde_column_get_number (column, rows[i]) == g_array_index (values, double, c))
            {
              g_ptr_array_add (classes, g_strdup (labels[i]));
              break;
            }
    }
  else
    {
      GHashTableIter iter;
      gpointer key;

      g_hash_table_iter_init (&iter, index);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        g_ptr_array_add (classes, g_strdup (key));
      g_ptr_array_sort (classes, compare_strings);
    }

  for (guint c = 0; c < classes->len; c++)
    g_hash_table_insert (index, g_strdup (g_ptr_array_index (classes, c)), GUINT_TO_POINTER (c));
  for (guint i = 0; i < n_rows; i++)
    {
      y[i] = GPOINTER_TO_UINT (g_hash_table_lookup (index, labels[i]));
      g_free (labels[i]);
    }

  if (classes->len < 2)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                   _("The target column “%s” has only one class (“%s”) in the training rows; a classifier needs at least two."),
                   sonde_column_get_name (column), (const char *) g_ptr_array_index (classes, 0));
      return NULL;
    }
  return g_steal_pointer (&classes);
}

/* The task for a target of @target_type, or SONDE_TASK_AUTO with
 * @error set when the learner cannot do it. */
static SondeTask
resolve_task (SondeLearner     *self,
              const char       *target,
              SondeColumnType   target_type,
              GError          **error)
{
  SondeTask task = self->klass->clusters ? SONDE_TASK_CLUSTERING : self->task;

  if (task == SONDE_TASK_AUTO)
    {
      if (target_type == SONDE_COLUMN_TYPE_REAL || !self->klass->classifies)
        task = SONDE_TASK_REGRESSION;
      else
        task = SONDE_TASK_CLASSIFICATION;
    }
  if (task == SONDE_TASK_CLASSIFICATION && !self->klass->classifies)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                   _("%s predicts numbers, not classes; choose a classifier for the target “%s”."),
                   _(self->klass->label), target);
      return SONDE_TASK_AUTO;
    }
  if (task == SONDE_TASK_REGRESSION && !self->klass->regresses)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                   _("%s predicts classes, but the target “%s” holds %s values; choose a regression learner, or change the column's type to categorical if its values are classes."),
                   _(self->klass->label), target, sonde_column_type_get_label (target_type));
      return SONDE_TASK_AUTO;
    }
  return task;
}

/**
 * sonde_learner_resolve_task:
 * @self: a learner
 * @table: the data
 * @target: (nullable): the target column's name (%NULL for clustering)
 * @error: return location for a #GError
 *
 * The task a fit of @self on @target would take (see #SondeTask), without
 * fitting: what chooses stratified or plain folds.
 *
 * Returns: the task, or %SONDE_TASK_AUTO with @error set when there is no
 *   such column or the learner cannot do that task.
 */
SondeTask
sonde_learner_resolve_task (SondeLearner  *self,
                            SondeTable    *table,
                            const char    *target,
                            GError       **error)
{
  SondeColumn *column;

  g_return_val_if_fail (self != NULL, SONDE_TASK_AUTO);
  g_return_val_if_fail (SONDE_IS_TABLE (table), SONDE_TASK_AUTO);

  if (self->klass->clusters || target == NULL)
    {
      if (self->klass->clusters != (target == NULL))
        {
          g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                       self->klass->clusters ? _("%s groups rows without a target; leave the target out.")
                                             : _("%s learns to predict a column; choose the target column."),
                       _(self->klass->label));
          return SONDE_TASK_AUTO;
        }
      return SONDE_TASK_CLUSTERING;
    }
  if ((column = sonde_table_find_column (table, target)) == NULL)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                   _("There is no column called “%s” to use as the target."), target);
      return SONDE_TASK_AUTO;
    }
  return resolve_task (self, target, sonde_column_get_column_type (column), error);
}

/**
 * sonde_learner_fit:
 * @self: a learner
 * @table: the data
 * @features: (array zero-terminated=1): the feature columns' names
 * @target: (nullable): the target column's name; %NULL for a clustering
 *   learner (and only then)
 * @error: return location for a #GError
 *
 * Fits the learner on every row of @table; see sonde_learner_fit_rows().
 *
 * Returns: %TRUE, or %FALSE with @error set.
 */
gboolean
sonde_learner_fit (SondeLearner        *self,
                   SondeTable          *table,
                   const char * const  *features,
                   const char          *target,
                   GError             **error)
{
  g_return_val_if_fail (SONDE_IS_TABLE (table), FALSE);

  return sonde_learner_fit_rows (self, table, features, target, NULL,
                                 sonde_table_get_n_rows (table), error);
}

/**
 * sonde_learner_fit_rows:
 * @self: a learner
 * @table: the data
 * @features: (array zero-terminated=1): the feature columns' names
 * @target: (nullable): the target column's name; %NULL for a clustering
 *   learner (and only then)
 * @rows: (array length=n_rows) (nullable): the training rows, or %NULL
 *   for the first @n_rows
 * @n_rows: the number of training rows
 * @error: return location for a #GError
 *
 * Learns the preprocessing (means, categories) and then the model from
 * @rows only, so that cross-validation does not leak the test rows into
 * training. A previous fit is forgotten first.
 *
 * Returns: %TRUE, or %FALSE with @error set to a message naming the
 *   column or the parameter at fault: an unknown column, a target of the
 *   wrong type for the task, one class only, a constant target, no
 *   feature that varies, a non-finite value, parameters that do not fit
 *   together, or the learner's own limits.
 */
gboolean
sonde_learner_fit_rows (SondeLearner        *self,
                        SondeTable          *table,
                        const char * const  *features,
                        const char          *target,
                        const guint         *rows,
                        guint                n_rows,
                        GError             **error)
{
  return sonde_learner_fit_rows_full (self, table, features, target, rows, n_rows, NULL, error);
}

/**
 * sonde_learner_fit_rows_full:
 * @self: a learner
 * @table: the data
 * @features: (array zero-terminated=1): the feature columns' names
 * @target: (nullable): the target column's name (%NULL for clustering)
 * @rows: (array length=n_rows) (nullable): the training rows
 * @n_rows: the number of training rows
 * @cancellable: (nullable): a #GCancellable, checked between iterations
 *   of the algorithm
 * @error: return location for a #GError
 *
 * sonde_learner_fit_rows() with a way to stop: when @cancellable is
 * cancelled the fit stops soon, the learner is left unfitted and @error
 * is %G_IO_ERROR_CANCELLED. May run in any thread, as long as nothing
 * else uses @self meanwhile and @table is not changed.
 *
 * Returns: %TRUE, or %FALSE with @error set.
 */
gboolean
sonde_learner_fit_rows_full (SondeLearner        *self,
                             SondeTable          *table,
                             const char * const  *features,
                             const char          *target,
                             const guint         *rows,
                             guint                n_rows,
                             GCancellable        *cancellable,
                             GError             **error)
{
  g_autofree guint *all_rows = NULL;
  g_autofree double *x = NULL;
  g_autofree double *y = NULL;
  g_autofree char *message = NULL;
  g_autoptr(GPtrArray) classes = NULL;
  g_autoptr(GPtrArray) feats = g_ptr_array_new_with_free_func (feature_free);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  SondeColumn *target_column;
  SondeColumnType target_type;
  SondeFitData data = { 0 };
  SondeTask task;
  gsize d = 0;
  gpointer model;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (SONDE_IS_TABLE (table), FALSE);
  g_return_val_if_fail (features != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  learner_clear_fit (self);

  if ((message = sonde_learner_check_params (self)) != NULL)
    {
      g_set_error_literal (error, SONDE_ERROR, SONDE_ERROR_INVALID, message);
      return FALSE;
    }

  if (rows == NULL)
    {
      g_return_val_if_fail (n_rows <= sonde_table_get_n_rows (table), FALSE);
      all_rows = g_new (guint, MAX (1, n_rows));
      for (guint i = 0; i < n_rows; i++)
        all_rows[i] = i;
      rows = all_rows;
    }

  if (features[0] == NULL)
    {
      g_set_error_literal (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                           _("No feature columns were given; choose at least one column to learn from."));
      return FALSE;
    }
  if (n_rows < 2)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_EMPTY,
                   _("There are %u rows to learn from; a learner needs at least 2."), n_rows);
      return FALSE;
    }

  if (self->klass->clusters != (target == NULL))
    {
      if (target == NULL)
        g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                     _("%s learns to predict a column; choose the target column."), _(self->klass->label));
      else
        g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                     _("%s groups rows without a target; leave the target out."), _(self->klass->label));
      return FALSE;
    }

  if (target != NULL)
    {
      target_column = sonde_table_find_column (table, target);
      if (target_column == NULL)
        {
          g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                       _("There is no column called “%s” to use as the target."), target);
          return FALSE;
        }
      target_type = sonde_column_get_column_type (target_column);
    }
  else
    {
      target_column = NULL;
      target_type = SONDE_COLUMN_TYPE_INTEGER;
    }

  for (guint j = 0; features[j] != NULL; j++)
    {
      SondeColumn *column = sonde_table_find_column (table, features[j]);
      Feature *f;

      if (column == NULL)
        {
          g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                       _("There is no column called “%s” to use as a feature."), features[j]);
          return FALSE;
        }
      if (target != NULL && strcmp (features[j], target) == 0)
        {
          g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                       _("The column “%s” is the target; it cannot also be a feature."), target);
          return FALSE;
        }
      for (guint k = 0; k < j; k++)
        if (strcmp (features[k], features[j]) == 0)
          {
            g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                         _("The column “%s” is given twice as a feature."), features[j]);
            return FALSE;
          }
      if ((f = feature_learn (column, rows, n_rows, error)) == NULL)
        return FALSE;
      f->offset = d;
      d += feature_width (f);
      if (f->categorical)
        for (guint c = 0; c < f->categories->len; c++)
          g_ptr_array_add (names, g_strdup_printf ("%s=%s", f->name, (const char *) g_ptr_array_index (f->categories, c)));
      else
        g_ptr_array_add (names, g_strdup (f->name));
      g_ptr_array_add (feats, f);
    }

  /* The task. */
  if ((task = resolve_task (self, target, target_type, error)) == SONDE_TASK_AUTO)
    return FALSE;

  y = g_new0 (double, n_rows);
  if (task == SONDE_TASK_CLUSTERING)
    ;
  else if (task == SONDE_TASK_CLASSIFICATION)
    {
      if (target_type == SONDE_COLUMN_TYPE_DATE || target_type == SONDE_COLUMN_TYPE_DATETIME)
        {
          g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                       _("The target “%s” holds dates, which are not classes; choose a categorical, boolean or integer column."),
                       target);
          return FALSE;
        }
      if (self->klass->semi_supervised)
        {
          /* The classes of the labelled rows; the others get NaN. */
          g_autofree guint *labelled = g_new (guint, n_rows);
          g_autofree double *y_labelled = g_new (double, n_rows);
          guint n_labelled = 0;

          for (guint i = 0; i < n_rows; i++)
            if (!sonde_column_is_missing (target_column, rows[i]))
              labelled[n_labelled++] = rows[i];
          if (n_labelled == 0)
            {
              g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                           _("The target column “%s” is missing in every training row; self-training needs some labelled rows to start from."),
                           target);
              return FALSE;
            }
          if ((classes = learn_classes (target_column, labelled, n_labelled, y_labelled, error)) == NULL)
            return FALSE;
          for (guint i = 0, l = 0; i < n_rows; i++)
            y[i] = sonde_column_is_missing (target_column, rows[i]) ? NAN : y_labelled[l++];
        }
      else if ((classes = learn_classes (target_column, rows, n_rows, y, error)) == NULL)
        return FALSE;
    }
  else
    {
      gboolean constant = TRUE;

      if (!type_is_numeric_feature (target_type))
        {
          g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                       _("The target “%s” holds %s values, not numbers; a regression needs a numeric target (or choose a classifier)."),
                       target, sonde_column_type_get_label (target_type));
          return FALSE;
        }
      for (guint i = 0; i < n_rows; i++)
        {
          if (sonde_column_is_missing (target_column, rows[i]))
            {
              g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                           _("Row %u of the target column “%s” is missing; a learner needs the answer for every training row, so remove those rows or fill them in."),
                           rows[i] + 1, target);
              return FALSE;
            }
          y[i] = sonde_column_get_number (target_column, rows[i]);
          if (!isfinite (y[i]))
            {
              g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                           _("Row %u of the target column “%s” holds an infinite or undefined value; replace it with a number or mark it as missing."),
                           rows[i] + 1, target);
              return FALSE;
            }
          if (y[i] != y[0])
            constant = FALSE;
        }
      if (constant)
        {
          g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                       _("The target “%s” has the same value in every training row; there is nothing to predict."),
                       target);
          return FALSE;
        }
    }

  /* Now the matrix, through the same path as predictions. */
  self->features = g_steal_pointer (&feats);
  self->d = d;
  x = build_matrix (self, table, rows, n_rows, error);
  if (x == NULL)
    {
      learner_clear_fit (self);
      return FALSE;
    }

  {
    gboolean varies = FALSE;

    for (gsize j = 0; j < d && !varies; j++)
      for (gsize i = 1; i < n_rows && !varies; i++)
        if (x[i * d + j] != x[j])
          varies = TRUE;
    if (!varies)
      {
        g_set_error_literal (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                             _("Every feature has the same value in every training row, so there is nothing to learn from; choose other features."));
        learner_clear_fit (self);
        return FALSE;
      }
  }

  data.task = task;
  data.x = x;
  data.n = n_rows;
  data.d = d;
  data.y = task == SONDE_TASK_CLUSTERING ? NULL : y;
  data.n_classes = classes != NULL ? classes->len : 0;
  data.params = self->params;
  data.cancellable = cancellable;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      learner_clear_fit (self);
      return FALSE;
    }
  model = self->klass->fit (&data, error);
  if (model == NULL)
    {
      learner_clear_fit (self);
      return FALSE;
    }

  self->model = model;
  self->fitted_task = task;
  self->feature_names = g_strdupv ((char **) features);
  g_ptr_array_add (names, NULL);
  self->matrix_names = (char **) g_ptr_array_free (g_steal_pointer (&names), FALSE);
  self->target = g_strdup (target);
  self->target_type = target_type;
  self->classes = g_steal_pointer (&classes);
  return TRUE;
}

static void
fit_thread (GTask        *task,
            gpointer      source,
            gpointer      task_data,
            GCancellable *cancellable)
{
  FitJob *job = task_data;
  GError *error = NULL;

  if (sonde_learner_fit_rows_full (job->learner, job->table, (const char * const *) job->features,
                                   job->target, job->rows, job->n_rows, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * sonde_learner_fit_async:
 * @self: a learner, not to be used until the fit has finished
 * @table: the data, not to be changed meanwhile
 * @features: (array zero-terminated=1): the feature columns' names
 * @target: (nullable): the target column's name (%NULL for clustering)
 * @cancellable: (nullable): a #GCancellable
 * @callback: called in the thread-default main context when done
 * @user_data: data for @callback
 *
 * Fits @self on every row of @table in a worker thread (see
 * sonde_learner_fit_rows_full()).
 */
void
sonde_learner_fit_async (SondeLearner        *self,
                         SondeTable          *table,
                         const char * const  *features,
                         const char          *target,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  FitJob *job;

  g_return_if_fail (self != NULL);
  g_return_if_fail (SONDE_IS_TABLE (table));
  g_return_if_fail (features != NULL);

  job = g_new0 (FitJob, 1);
  job->learner = self;
  job->table = g_object_ref (table);
  job->features = g_strdupv ((char **) features);
  job->target = g_strdup (target);
  job->n_rows = sonde_table_get_n_rows (table);
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sonde_learner_fit_async);
  g_task_set_task_data (task, job, fit_job_free);
  g_task_run_in_thread (task, fit_thread);
}

/**
 * sonde_learner_fit_finish:
 * @self: the learner given to sonde_learner_fit_async()
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #GError
 *
 * Returns: %TRUE when @self is fitted, or %FALSE with @error set.
 */
gboolean
sonde_learner_fit_finish (SondeLearner  *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sonde_learner_fit_async, FALSE);
  g_return_val_if_fail (((FitJob *) g_task_get_task_data (G_TASK (result)))->learner == self, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * sonde_learner_fit_matrix:
 * @self: a learner
 * @task: classification or regression (not auto)
 * @x: (array): @n rows of @d doubles, row-major, all finite
 * @n: the number of rows, at least 2
 * @d: the number of columns, at least 1
 * @y: (array length=n): the targets; for classification the class
 *   indices 0..@n_classes-1 as doubles
 * @n_classes: the number of classes (0 for regression)
 * @error: return location for a #GError
 *
 * Fits on a plain matrix, for benches and for callers that prepared the
 * data themselves. The model's columns are named x1..xd and its classes
 * 0..k-1.
 *
 * Returns: %TRUE, or %FALSE with @error set.
 */
gboolean
sonde_learner_fit_matrix (SondeLearner  *self,
                          SondeTask      task,
                          const double  *x,
                          gsize          n,
                          gsize          d,
                          const double  *y,
                          guint          n_classes,
                          GError       **error)
{
  g_autofree char *message = NULL;
  SondeFitData data = { task, x, n, d, y, n_classes, self->params };
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (task != SONDE_TASK_AUTO, FALSE);
  g_return_val_if_fail (x != NULL && d > 0, FALSE);
  g_return_val_if_fail (y != NULL || task == SONDE_TASK_CLUSTERING, FALSE);

  learner_clear_fit (self);
  if ((message = sonde_learner_check_params (self)) != NULL)
    {
      g_set_error_literal (error, SONDE_ERROR, SONDE_ERROR_INVALID, message);
      return FALSE;
    }
  if (task == SONDE_TASK_CLUSTERING ? !self->klass->clusters :
      task == SONDE_TASK_CLASSIFICATION ? !self->klass->classifies : !self->klass->regresses)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                   task == SONDE_TASK_CLUSTERING ? _("%s does not group rows.") :
                   task == SONDE_TASK_CLASSIFICATION ? _("%s does not predict classes.")
                                                     : _("%s does not predict numbers."),
                   _(self->klass->label));
      return FALSE;
    }
  if (n < 2 || (task == SONDE_TASK_CLASSIFICATION && n_classes < 2))
    {
      g_set_error_literal (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                           _("A learner needs at least 2 rows, and a classifier at least 2 classes."));
      return FALSE;
    }
  for (gsize i = 0; i < n * d; i++)
    if (!isfinite (x[i]))
      {
        g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                     _("Row %zu, column %zu holds an infinite or undefined value."), i / d + 1, i % d + 1);
        return FALSE;
      }

  if ((self->model = self->klass->fit (&data, error)) == NULL)
    return FALSE;

  self->fitted_task = task;
  self->d = d;
  self->features = g_ptr_array_new_with_free_func (feature_free);
  for (gsize j = 0; j < d; j++)
    {
      Feature *f = g_new0 (Feature, 1);

      f->name = g_strdup_printf ("x%zu", j + 1);
      f->type = SONDE_COLUMN_TYPE_REAL;
      f->offset = j;
      g_ptr_array_add (self->features, f);
      g_ptr_array_add (names, f->name);
    }
  g_ptr_array_add (names, NULL);
  self->feature_names = g_strdupv ((char **) names->pdata);
  self->matrix_names = g_strdupv ((char **) names->pdata);
  self->target = task == SONDE_TASK_CLUSTERING ? NULL : g_strdup ("y");
  self->target_type = task == SONDE_TASK_CLASSIFICATION ? SONDE_COLUMN_TYPE_INTEGER : SONDE_COLUMN_TYPE_REAL;
  if (task == SONDE_TASK_CLASSIFICATION)
    {
      self->classes = g_ptr_array_new_with_free_func (g_free);
      for (guint c = 0; c < n_classes; c++)
        g_ptr_array_add (self->classes, g_strdup_printf ("%u", c));
    }
  return TRUE;
}

/**
 * sonde_learner_predict_matrix:
 * @self: a fitted learner
 * @x: (array): @n rows of the model's d columns
 * @n: the number of rows
 * @out: (array length=n): the predictions: class indices for a classifier
 */
void
sonde_learner_predict_matrix (SondeLearner *self,
                              const double *x,
                              gsize         n,
                              double       *out)
{
  g_return_if_fail (self != NULL && self->model != NULL);
  self->klass->predict (self->model, x, n, out);
}

/**
 * sonde_learner_predict_proba_matrix:
 * @self: a fitted classifier
 * @x: (array): @n rows of the model's d columns
 * @n: the number of rows
 * @out: (array): n × k probabilities, row-major
 *
 * Returns: %FALSE when the learner gives no probabilities.
 */
gboolean
sonde_learner_predict_proba_matrix (SondeLearner *self,
                                    const double *x,
                                    gsize         n,
                                    double       *out)
{
  g_return_val_if_fail (self != NULL && self->model != NULL, FALSE);

  if (self->fitted_task != SONDE_TASK_CLASSIFICATION || self->klass->predict_proba == NULL)
    return FALSE;
  self->klass->predict_proba (self->model, x, n, out);
  return TRUE;
}

static gboolean
check_fitted (SondeLearner  *self,
              GError       **error)
{
  if (self->model == NULL)
    {
      g_set_error_literal (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                           _("The model has not been trained yet; fit it before predicting."));
      return FALSE;
    }
  return TRUE;
}

/**
 * sonde_learner_predict:
 * @self: a fitted learner
 * @table: data with the model's feature columns (the target is not read)
 * @rows: (array length=n_rows) (nullable): the rows, or %NULL for the
 *   first @n_rows
 * @n_rows: the number of rows
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): @n_rows predictions (class indices
 *   for a classifier: see sonde_learner_get_class_label()), or %NULL with
 *   @error set when a column is missing or of the wrong type.
 */
double *
sonde_learner_predict (SondeLearner  *self,
                       SondeTable    *table,
                       const guint   *rows,
                       guint          n_rows,
                       GError       **error)
{
  g_autofree double *x = NULL;
  double *out;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (SONDE_IS_TABLE (table), NULL);

  if (!check_fitted (self, error))
    return NULL;
  if ((x = build_matrix (self, table, rows, n_rows, error)) == NULL)
    return NULL;
  out = g_new (double, MAX (1, n_rows));
  self->klass->predict (self->model, x, n_rows, out);
  return out;
}

/**
 * sonde_learner_predict_proba:
 * @self: a fitted classifier
 * @table: data with the model's feature columns
 * @rows: (array length=n_rows) (nullable): the rows, or %NULL for the
 *   first @n_rows
 * @n_rows: the number of rows
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): @n_rows × k class probabilities,
 *   row-major, or %NULL with @error set (also when the model is a
 *   regression or its learner gives no probabilities).
 */
double *
sonde_learner_predict_proba (SondeLearner  *self,
                             SondeTable    *table,
                             const guint   *rows,
                             guint          n_rows,
                             GError       **error)
{
  g_autofree double *x = NULL;
  double *out;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (SONDE_IS_TABLE (table), NULL);

  if (!check_fitted (self, error))
    return NULL;
  if (self->fitted_task != SONDE_TASK_CLASSIFICATION || self->klass->predict_proba == NULL)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                   _("%s gives no class probabilities for this model."), _(self->klass->label));
      return NULL;
    }
  if ((x = build_matrix (self, table, rows, n_rows, error)) == NULL)
    return NULL;
  out = g_new (double, MAX (1, (gsize) n_rows * self->classes->len));
  self->klass->predict_proba (self->model, x, n_rows, out);
  return out;
}

/**
 * sonde_learner_describe:
 * @self: a learner
 *
 * Returns: (transfer full): a few sentences for a person: the learner,
 *   its task, the columns it reads and how, and what it learned.
 */
char *
sonde_learner_describe (SondeLearner *self)
{
  GString *s;
  guint n_categorical = 0, n_imputed_hint = 0;

  g_return_val_if_fail (self != NULL, NULL);

  s = g_string_new (NULL);
  if (self->model == NULL)
    {
      g_string_append_printf (s, _("%s, not trained yet."), _(self->klass->label));
      return g_string_free (s, FALSE);
    }

  if (self->fitted_task == SONDE_TASK_CLUSTERING)
    g_string_append_printf (s, _("%s grouping the rows by %u columns."),
                            _(self->klass->label), self->features->len);
  else if (self->fitted_task == SONDE_TASK_CLASSIFICATION)
    g_string_append_printf (s, _("%s predicting “%s” (%u classes) from %u columns."),
                            _(self->klass->label), self->target, self->classes->len, self->features->len);
  else
    g_string_append_printf (s, _("%s predicting “%s” (a number) from %u columns."),
                            _(self->klass->label), self->target, self->features->len);

  for (guint j = 0; j < self->features->len; j++)
    {
      Feature *f = g_ptr_array_index (self->features, j);

      if (f->categorical)
        n_categorical++;
      else
        n_imputed_hint++;
    }
  if (n_categorical > 0)
    {
      g_string_append_c (s, ' ');
      g_string_append_printf (s,
                              g_dngettext (GETTEXT_PACKAGE,
                                           "%u categorical column is one-hot encoded; a missing value counts as its most frequent category.",
                                           "%u categorical columns are one-hot encoded; a missing value counts as their most frequent category.",
                                           n_categorical),
                              n_categorical);
    }
  if (n_imputed_hint > 0)
    g_string_append_printf (s, " %s", _("A missing number is replaced by the column's mean in the training rows."));

  {
    g_autofree char *text = self->klass->describe (self->model, (const char * const *) self->matrix_names);

    if (text != NULL && *text != '\0')
      g_string_append_printf (s, " %s", text);
  }

  return g_string_free (s, FALSE);
}

/**
 * sonde_learner_get_impurity_importance:
 * @self: a fitted cart, random-forest, gradient-boosting or
 *   hist-gradient-boosting learner
 * @names: (out) (transfer none) (optional): the names of the columns the
 *   values belong to: the features, a categorical one split into one
 *   column per category as the model sees them
 * @n_columns: (out): the number of values
 * @error: return location for a #GError
 *
 * The share of the total impurity decrease (Gini, entropy or squared
 * error, weighted by rows) due to each column's splits: scikit-learn's
 * feature_importances_. It is read from the training data, so it
 * favours columns with many distinct values; permutation importance on
 * held-out rows (sonde_permutation_importance()) does not. For
 * hist-gradient-boosting, which scikit-learn gives no
 * feature_importances_, it is each column's total split gain over all
 * trees (LightGBM's importance_type="gain"), normalised.
 *
 * Returns: (transfer full) (nullable): @n_columns values summing to 1,
 *   or %NULL with @error set when the learner is not fitted, has no
 *   trees, or none of its trees has a split.
 */
double *
sonde_learner_get_impurity_importance (SondeLearner        *self,
                                       const char * const **names,
                                       guint               *n_columns,
                                       GError             **error)
{
  g_autofree double *out = NULL;
  guint d;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (n_columns != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (self->model == NULL)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                   _("The model is not trained yet: train it before asking for the importance of its features."));
      return NULL;
    }
  if (self->klass->importance == NULL)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                   _("Impurity importance needs a tree learner (cart, random-forest, gradient-boosting or hist-gradient-boosting); use permutation importance for the others."));
      return NULL;
    }
  d = g_strv_length (self->matrix_names);
  out = g_new0 (double, MAX (1, d));
  if (!self->klass->importance (self->model, out))
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                   _("No tree of the model has a split, so no column decreased the impurity."));
      return NULL;
    }
  if (names != NULL)
    *names = (const char * const *) self->matrix_names;
  *n_columns = d;
  return g_steal_pointer (&out);
}

/**
 * sonde_learner_get_history:
 * @self: a learner
 * @name: (out) (optional): what the series is, such as "loss_curve"
 *   (the training loss of each epoch of a neural network) or "labelled"
 *   (the rows self-training labelled at each iteration)
 * @n: (out): its length
 *
 * A series the fit recorded, saved with the model.
 *
 * Returns: (transfer none) (nullable): the series, or %NULL when the
 *   learner is not fitted or records none.
 */
const double *
sonde_learner_get_history (SondeLearner  *self,
                           const char   **name,
                           guint         *n)
{
  const char *series = NULL;
  const double *v;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (n != NULL, NULL);

  *n = 0;
  if (self->model == NULL || self->klass->history == NULL)
    return NULL;
  v = self->klass->history (self->model, &series, n);
  if (name != NULL)
    *name = series;
  return v;
}

/* ------------------------------------------------------------------ */
/* Model files                                                          */

void
sonde_json_add_doubles (JsonBuilder  *builder,
                        const char   *member,
                        const double *v,
                        gsize         n)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (gsize i = 0; i < n; i++)
    json_builder_add_double_value (builder, v[i]);
  json_builder_end_array (builder);
}

/* A finite number: json-glib reads 1e999 as infinity, which no model
 * holds and no JSON can hold when written again. */
static gboolean
node_is_number (JsonNode *node)
{
  GType t;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  t = json_node_get_value_type (node);
  return (t == G_TYPE_DOUBLE || t == G_TYPE_INT64) && isfinite (json_node_get_double (node));
}

static void
set_bad_file (GError     **error,
              const char  *member)
{
  g_set_error (error, SONDE_ERROR, SONDE_ERROR_PARSE,
               _("The model file is damaged: “%s” is missing or not what Sonde wrote; train and save the model again."),
               member);
}

double *
sonde_json_get_doubles (JsonObject  *object,
                        const char  *member,
                        gsize        expected,
                        GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);
  JsonArray *array;
  g_autofree double *v = NULL;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node) ||
      json_array_get_length (array = json_node_get_array (node)) != expected)
    {
      set_bad_file (error, member);
      return NULL;
    }
  v = g_new (double, MAX (1, expected));
  for (gsize i = 0; i < expected; i++)
    {
      JsonNode *e = json_array_get_element (array, i);

      if (!node_is_number (e))
        {
          set_bad_file (error, member);
          return NULL;
        }
      v[i] = json_node_get_double (e);
    }
  return g_steal_pointer (&v);
}

gboolean
sonde_json_get_number (JsonObject  *object,
                       const char  *member,
                       double      *value,
                       GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (!node_is_number (node))
    {
      set_bad_file (error, member);
      return FALSE;
    }
  *value = json_node_get_double (node);
  return TRUE;
}

static const char *
task_to_string (SondeTask task)
{
  switch (task)
    {
    case SONDE_TASK_CLASSIFICATION:
      return "classification";
    case SONDE_TASK_REGRESSION:
      return "regression";
    case SONDE_TASK_CLUSTERING:
      return "clustering";
    case SONDE_TASK_AUTO:
    default:
      g_assert_not_reached ();
    }
}

/**
 * sonde_learner_to_json:
 * @self: a fitted learner
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the model file's text, or %NULL
 *   with @error set when the learner is not fitted.
 */
char *
sonde_learner_to_json (SondeLearner  *self,
                       GError       **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  if (self->model == NULL)
    {
      g_set_error_literal (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                           _("The model has not been trained yet, so there is nothing to save."));
      return NULL;
    }

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "format");
  json_builder_add_string_value (b, MODEL_FORMAT);
  json_builder_set_member_name (b, "version");
  json_builder_add_int_value (b, MODEL_VERSION);
  json_builder_set_member_name (b, "learner");
  json_builder_add_string_value (b, self->klass->name);
  json_builder_set_member_name (b, "task");
  json_builder_add_string_value (b, task_to_string (self->fitted_task));

  json_builder_set_member_name (b, "params");
  json_builder_begin_object (b);
  for (guint p = 0; p < self->klass->n_params; p++)
    {
      const SondeParamSpec *spec = &self->klass->params[p];

      json_builder_set_member_name (b, spec->name);
      if (spec->type == SONDE_PARAM_ENUM)
        json_builder_add_string_value (b, spec->choices[(int) self->params[p]]);
      else if (spec->type == SONDE_PARAM_BOOL)
        json_builder_add_boolean_value (b, self->params[p] != 0);
      else if (self->params[p] == G_MAXDOUBLE)
        json_builder_add_null_value (b);
      else
        json_builder_add_double_value (b, self->params[p]);
    }
  json_builder_end_object (b);

  json_builder_set_member_name (b, "features");
  json_builder_begin_array (b);
  for (guint j = 0; j < self->features->len; j++)
    {
      Feature *f = g_ptr_array_index (self->features, j);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, f->name);
      json_builder_set_member_name (b, "type");
      json_builder_add_string_value (b, sonde_column_type_to_string (f->type));
      if (f->categorical)
        {
          json_builder_set_member_name (b, "categories");
          json_builder_begin_array (b);
          for (guint c = 0; c < f->categories->len; c++)
            json_builder_add_string_value (b, g_ptr_array_index (f->categories, c));
          json_builder_end_array (b);
          json_builder_set_member_name (b, "mode");
          json_builder_add_int_value (b, f->mode);
        }
      else
        {
          json_builder_set_member_name (b, "fill");
          json_builder_add_double_value (b, f->fill);
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  if (self->target != NULL)
    {
      json_builder_set_member_name (b, "target");
      json_builder_add_string_value (b, self->target);
      json_builder_set_member_name (b, "target_type");
      json_builder_add_string_value (b, sonde_column_type_to_string (self->target_type));
    }
  if (self->classes != NULL)
    {
      json_builder_set_member_name (b, "classes");
      json_builder_begin_array (b);
      for (guint c = 0; c < self->classes->len; c++)
        json_builder_add_string_value (b, g_ptr_array_index (self->classes, c));
      json_builder_end_array (b);
    }

  json_builder_set_member_name (b, "model");
  json_builder_begin_object (b);
  self->klass->save (self->model, b);
  json_builder_end_object (b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  return sonde_json_node_to_string (root, TRUE);
}

static const char *
get_string (JsonObject *object,
            const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/**
 * sonde_learner_new_from_json:
 * @json: a model file's text
 * @length: its length, or -1 when nul-terminated
 * @error: return location for a #GError
 *
 * Reads a model written by sonde_learner_to_json(), checking its format,
 * version, learner, parameters and columns.
 *
 * Returns: (transfer full) (nullable): the fitted learner, or %NULL with
 *   @error set to say what is wrong with the file.
 */
SondeLearner *
sonde_learner_new_from_json (const char  *json,
                             gssize       length,
                             GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(SondeLearner) self = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonObject *root, *params, *model;
  JsonNode *node;
  JsonArray *features, *classes = NULL;
  const char *s, *target, *target_type, *task;
  double version;
  SondeFitData shape = { 0 };
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) matrix_names = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (json != NULL, NULL);

  if (!json_parser_load_from_data (parser, json, length, &local_error))
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_PARSE,
                   _("This is not a Sonde model file: %s"), local_error->message);
      return NULL;
    }
  node = json_parser_get_root (parser);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node) ||
      (s = get_string (root = json_node_get_object (node), "format")) == NULL ||
      strcmp (s, MODEL_FORMAT) != 0)
    {
      g_set_error_literal (error, SONDE_ERROR, SONDE_ERROR_PARSE,
                           _("This is not a Sonde model file: it does not say “\"format\": \"sonde-model\"”."));
      return NULL;
    }
  if (!sonde_json_get_number (root, "version", &version, error))
    return NULL;
  if (version != MODEL_VERSION)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_PARSE,
                   _("This model file has version %g, but this Sonde reads version %d; open it with a newer Sonde."),
                   version, MODEL_VERSION);
      return NULL;
    }
  if ((s = get_string (root, "learner")) == NULL)
    {
      set_bad_file (error, "learner");
      return NULL;
    }
  if ((self = sonde_learner_new (s, error)) == NULL)
    return NULL;

  /* Parameters: go through set_param so that a hand-edited file is
   * checked as a command line would be. */
  node = json_object_get_member (root, "params");
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      set_bad_file (error, "params");
      return NULL;
    }
  params = json_node_get_object (node);
  for (guint p = 0; p < self->klass->n_params; p++)
    {
      const SondeParamSpec *spec = &self->klass->params[p];
      JsonNode *v = json_object_get_member (params, spec->name);
      g_autofree char *text = NULL;

      if (v == NULL)
        continue;
      if (!JSON_NODE_HOLDS_VALUE (v) && !JSON_NODE_HOLDS_NULL (v))
        {
          set_bad_file (error, spec->name);
          return NULL;
        }
      if (JSON_NODE_HOLDS_NULL (v))
        text = g_strdup ("none");
      else if (json_node_get_value_type (v) == G_TYPE_STRING)
        text = g_strdup (json_node_get_string (v));
      else if (json_node_get_value_type (v) == G_TYPE_BOOLEAN)
        text = g_strdup (json_node_get_boolean (v) ? "true" : "false");
      else if (node_is_number (v))
        {
          char buf[G_ASCII_DTOSTR_BUF_SIZE];

          text = g_strdup (g_ascii_dtostr (buf, sizeof buf, json_node_get_double (v)));
        }
      if (text == NULL || !sonde_learner_set_param (self, spec->name, text, error))
        {
          if (text == NULL)
            set_bad_file (error, spec->name);
          return NULL;
        }
    }

  task = get_string (root, "task");
  target = get_string (root, "target");
  target_type = get_string (root, "target_type");
  node = json_object_get_member (root, "features");
  if (task == NULL ||
      (strcmp (task, "classification") != 0 && strcmp (task, "regression") != 0 && strcmp (task, "clustering") != 0) ||
      (strcmp (task, "clustering") == 0) != self->klass->clusters ||
      (!self->klass->clusters &&
       (target == NULL || target_type == NULL || !sonde_column_type_from_string (target_type, &self->target_type))) ||
      node == NULL || !JSON_NODE_HOLDS_ARRAY (node) || json_array_get_length (json_node_get_array (node)) == 0)
    {
      set_bad_file (error, "features");
      return NULL;
    }
  self->fitted_task = strcmp (task, "classification") == 0 ? SONDE_TASK_CLASSIFICATION
                      : strcmp (task, "regression") == 0 ? SONDE_TASK_REGRESSION : SONDE_TASK_CLUSTERING;
  features = json_node_get_array (node);

  self->features = g_ptr_array_new_with_free_func (feature_free);
  for (guint j = 0; j < json_array_get_length (features); j++)
    {
      JsonNode *fn = json_array_get_element (features, j);
      JsonObject *fo;
      Feature *f;
      const char *name, *type;

      if (!JSON_NODE_HOLDS_OBJECT (fn) ||
          (name = get_string (fo = json_node_get_object (fn), "name")) == NULL ||
          (type = get_string (fo, "type")) == NULL)
        {
          set_bad_file (error, "features");
          return NULL;
        }
      f = g_new0 (Feature, 1);
      g_ptr_array_add (self->features, f);
      f->name = g_strdup (name);
      f->offset = self->d;
      if (!sonde_column_type_from_string (type, &f->type) || f->type == SONDE_COLUMN_TYPE_TEXT)
        {
          set_bad_file (error, "features");
          return NULL;
        }
      f->categorical = f->type == SONDE_COLUMN_TYPE_CATEGORICAL;
      if (f->categorical)
        {
          JsonNode *cn = json_object_get_member (fo, "categories");
          JsonArray *ca;
          double mode;

          if (cn == NULL || !JSON_NODE_HOLDS_ARRAY (cn) ||
              json_array_get_length (ca = json_node_get_array (cn)) == 0 ||
              !sonde_json_get_number (fo, "mode", &mode, error) ||
              mode < 0 || mode >= json_array_get_length (ca))
            {
              g_clear_error (error);
              set_bad_file (error, "categories");
              return NULL;
            }
          f->mode = mode;
          f->categories = g_ptr_array_new_with_free_func (g_free);
          for (guint c = 0; c < json_array_get_length (ca); c++)
            {
              JsonNode *e = json_array_get_element (ca, c);

              if (!JSON_NODE_HOLDS_VALUE (e) || json_node_get_value_type (e) != G_TYPE_STRING)
                {
                  set_bad_file (error, "categories");
                  return NULL;
                }
              g_ptr_array_add (f->categories, g_strdup (json_node_get_string (e)));
              g_ptr_array_add (matrix_names, g_strdup_printf ("%s=%s", name, json_node_get_string (e)));
            }
        }
      else
        {
          if (!sonde_json_get_number (fo, "fill", &f->fill, error))
            return NULL;
          g_ptr_array_add (matrix_names, g_strdup (name));
        }
      self->d += feature_width (f);
      g_ptr_array_add (names, g_strdup (name));
    }

  if (self->fitted_task == SONDE_TASK_CLASSIFICATION)
    {
      node = json_object_get_member (root, "classes");
      if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node) ||
          json_array_get_length (classes = json_node_get_array (node)) < 2)
        {
          set_bad_file (error, "classes");
          return NULL;
        }
      self->classes = g_ptr_array_new_with_free_func (g_free);
      for (guint c = 0; c < json_array_get_length (classes); c++)
        {
          JsonNode *e = json_array_get_element (classes, c);

          if (!JSON_NODE_HOLDS_VALUE (e) || json_node_get_value_type (e) != G_TYPE_STRING)
            {
              set_bad_file (error, "classes");
              return NULL;
            }
          g_ptr_array_add (self->classes, g_strdup (json_node_get_string (e)));
        }
    }

  node = json_object_get_member (root, "model");
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      set_bad_file (error, "model");
      return NULL;
    }
  model = json_node_get_object (node);

  shape.task = self->fitted_task;
  shape.d = self->d;
  shape.n_classes = self->classes != NULL ? self->classes->len : 0;
  shape.params = self->params;
  if ((self->model = self->klass->load (model, &shape, error)) == NULL)
    return NULL;

  self->target = g_strdup (target);
  g_ptr_array_add (names, NULL);
  self->feature_names = (char **) g_ptr_array_free (g_steal_pointer (&names), FALSE);
  g_ptr_array_add (matrix_names, NULL);
  self->matrix_names = (char **) g_ptr_array_free (g_steal_pointer (&matrix_names), FALSE);
  return g_steal_pointer (&self);
}

/**
 * sonde_learner_save:
 * @self: a fitted learner
 * @path: the model file to write (replaced atomically)
 * @error: return location for a #GError
 *
 * Returns: %TRUE, or %FALSE with @error set.
 */
gboolean
sonde_learner_save (SondeLearner  *self,
                    const char    *path,
                    GError       **error)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if ((text = sonde_learner_to_json (self, error)) == NULL)
    return FALSE;
  return g_file_set_contents (path, text, -1, error);
}

/**
 * sonde_learner_load:
 * @path: a model file
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the fitted learner, or %NULL with
 *   @error set.
 */
SondeLearner *
sonde_learner_load (const char  *path,
                    GError     **error)
{
  g_autofree char *text = NULL;
  gsize length;

  g_return_val_if_fail (path != NULL, NULL);

  if (!g_file_get_contents (path, &text, &length, error))
    return NULL;
  return sonde_learner_new_from_json (text, length, error);
}

/**
 * sonde_learner_encode_classes:
 * @table: the data
 * @target: the target column's name
 * @labels: (out) (optional) (transfer full): the class labels, sorted as
 *   a classifier sorts them
 * @error: return location for a #GError
 *
 * The class index of every row of @table, as a classifier fitted on all
 * of it numbers them: what stratified folds and pooled metrics need.
 *
 * Returns: (transfer full) (nullable): one index per row, or %NULL with
 *   @error set (no such column, a missing value, one class only).
 */
guint32 *
sonde_learner_encode_classes (SondeTable  *table,
                              const char  *target,
                              GPtrArray  **labels,
                              GError     **error)
{
  SondeColumn *column;
  guint n;
  g_autofree guint *rows = NULL;
  g_autofree double *y = NULL;
  g_autoptr(GPtrArray) classes = NULL;
  guint32 *codes;

  g_return_val_if_fail (SONDE_IS_TABLE (table), NULL);
  g_return_val_if_fail (target != NULL, NULL);

  if ((column = sonde_table_find_column (table, target)) == NULL)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                   _("There is no column called “%s” to use as the target."), target);
      return NULL;
    }
  n = sonde_table_get_n_rows (table);
  if (n == 0)
    {
      g_set_error_literal (error, SONDE_ERROR, SONDE_ERROR_EMPTY,
                           _("The dataset has no rows, so there are no classes to learn."));
      return NULL;
    }
  rows = g_new (guint, MAX (1, n));
  y = g_new (double, MAX (1, n));
  for (guint i = 0; i < n; i++)
    rows[i] = i;
  if ((classes = learn_classes (column, rows, n, y, error)) == NULL)
    return NULL;
  codes = g_new (guint32, MAX (1, n));
  for (guint i = 0; i < n; i++)
    codes[i] = y[i];
  if (labels != NULL)
    *labels = g_steal_pointer (&classes);
  return codes;
}

/**
 * sonde_learner_match_class:
 * @table: the data
 * @target: the target column
 * @label: a class as a person wrote it
 * @error: return location for a #GError
 *
 * The class of @target that @label names, as the learners label it:
 * the label itself, the label written in other case, or, for a boolean
 * target (which the readers make of yes/no, true/false, oui/non, vrai/faux
 * and 1/0 columns), any of those words: "yes" names the class "true".
 *
 * Returns: (transfer full) (nullable): the class label, or %NULL with
 *   @error set to a message that lists the classes.
 */
char *
sonde_learner_match_class (SondeTable  *table,
                           const char  *target,
                           const char  *label,
                           GError     **error)
{
  g_autoptr(GPtrArray) labels = NULL;
  g_autofree guint32 *codes = NULL;
  g_autofree char *list = NULL;
  SondeColumn *column;
  gboolean truth;

  g_return_val_if_fail (SONDE_IS_TABLE (table), NULL);
  g_return_val_if_fail (target != NULL && label != NULL, NULL);

  if ((codes = sonde_learner_encode_classes (table, target, &labels, error)) == NULL)
    return NULL;
  for (guint c = 0; c < labels->len; c++)
    if (strcmp (labels->pdata[c], label) == 0)
      return g_strdup (label);
  {
    g_autofree char *folded = g_utf8_casefold (label, -1);

    for (guint c = 0; c < labels->len; c++)
      {
        g_autofree char *other = g_utf8_casefold (labels->pdata[c], -1);

        if (strcmp (folded, other) == 0)
          return g_strdup (labels->pdata[c]);
      }
  }

  column = sonde_table_find_column (table, target);
  if (sonde_column_get_column_type (column) == SONDE_COLUMN_TYPE_BOOLEAN
      && _sonde_parse_boolean (label, &truth))
    {
      guint n = sonde_table_get_n_rows (table);

      for (guint i = 0; i < n; i++)
        if (!sonde_column_is_missing (column, i) && sonde_column_get_boolean (column, i) == truth)
          return sonde_column_format_value (column, i);
    }

  g_ptr_array_add (labels, NULL);
  list = g_strjoinv (", ", (char **) labels->pdata);
  if (sonde_column_get_column_type (column) == SONDE_COLUMN_TYPE_BOOLEAN)
    g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                 _("“%s” is not a class of “%s”; its classes are: %s (it holds yes/no values, read as true/false, so yes, no, 1 and 0 work too)."),
                 label, target, list);
  else
    g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                 _("“%s” is not a class of “%s”; its classes are: %s."), label, target, list);
  return NULL;
}
