/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sonde-learner"

/* Self-training, as scikit-learn 1.2's SelfTrainingClassifier: a
 * semi-supervised classifier for data where only some rows have their
 * class. The rows whose target is missing are the unlabelled ones (this
 * is the one learner that receives them, with y = NaN; every other
 * learner refuses a missing target).
 *
 * The base learner (one of the learners with probabilities, with its
 * default parameters) is trained on the labelled rows; each unlabelled
 * row whose most probable class has a probability above `threshold`
 * (criterion "threshold") — or the k_best most confident ones
 * (criterion "k_best") — takes that class as its label; and again, at
 * most max_iter times, until no row is added or every row has a label.
 * The base learner trained on all the labelled rows, given and added,
 * is the model. The number of rows labelled at each iteration is kept
 * in the model (its "labelled" series).
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "sonde-error.h"
#include "sonde-learner-private.h"

enum { P_BASE, P_THRESHOLD, P_CRITERION, P_K_BEST, P_MAX_ITER, P_N_PARAMS };
enum { CRITERION_THRESHOLD, CRITERION_K_BEST };

static const char * const base_names[] = {
  "gaussian-nb", "logistic", "cart", "random-forest", "gradient-boosting", "knn", "mlp", NULL
};
static const char * const criteria[] = { "threshold", "k_best", NULL };

static const SondeParamSpec self_training_params[P_N_PARAMS] = {
  { "base", SONDE_PARAM_ENUM, 0, 6, 0, base_names,
    N_("The learner trained at each iteration, with its default parameters") },
  { "threshold", SONDE_PARAM_DOUBLE, 0, 1, 0.75, NULL,
    N_("A row takes its predicted class when its probability is above this (criterion threshold)") },
  { "criterion", SONDE_PARAM_ENUM, 0, 1, CRITERION_THRESHOLD, criteria,
    N_("Which rows take their predicted class: above the threshold, or the k_best most confident") },
  { "k_best", SONDE_PARAM_INT, 1, G_MAXDOUBLE, 10, NULL,
    N_("Rows labelled at each iteration (criterion k_best)") },
  { "max_iter", SONDE_PARAM_INT, 1, 100000, 10, NULL,
    N_("The most iterations") },
};

static const SondeLearnerClass *
base_class (guint index)
{
  const SondeLearnerClass * const bases[] = {
    &sonde_learner_gaussian_nb, &sonde_learner_logistic, &sonde_learner_cart,
    &sonde_learner_random_forest, &sonde_learner_gradient_boosting, &sonde_learner_knn,
    &sonde_learner_mlp,
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (bases) == G_N_ELEMENTS (base_names) - 1);
  return bases[MIN (index, G_N_ELEMENTS (bases) - 1)];
}

/* The defaults of @klass's parameters. */
static double *
default_params (const SondeLearnerClass *klass)
{
  double *params = g_new0 (double, MAX (1, klass->n_params));

  for (guint i = 0; i < klass->n_params; i++)
    params[i] = klass->params[i].default_value;
  return params;
}

typedef struct
{
  const SondeLearnerClass *base;
  guint                    base_index;
  gpointer                 model;
  guint                    k;
  guint                    n_given;     /* rows labelled in the data */
  guint                    n_iter;
  double                  *labelled;    /* n_iter: rows labelled at each */
} SelfTraining;

static void
self_training_free (gpointer data)
{
  SelfTraining *m = data;

  if (m->model != NULL)
    m->base->free (m->model);
  g_free (m->labelled);
  g_free (m);
}

typedef struct
{
  guint  row;
  double p;
} Candidate;

static int
by_confidence (gconstpointer a,
               gconstpointer b)
{
  const Candidate *x = a, *y = b;

  if (x->p != y->p)
    return x->p > y->p ? -1 : 1;
  return (x->row > y->row) - (x->row < y->row);
}

/* Fits the base on the rows of @has_label. */
static gpointer
fit_base (const SelfTraining *m,
          const SondeFitData *data,
          const double       *base_params,
          const double       *y,
          const gboolean     *has_label,
          GError            **error)
{
  g_autofree double *x = g_new (double, MAX (1, data->n * data->d));
  g_autofree double *ys = g_new (double, MAX (1, data->n));
  SondeFitData sub = *data;
  gsize n = 0;

  for (gsize i = 0; i < data->n; i++)
    if (has_label[i])
      {
        memcpy (x + n * data->d, data->x + i * data->d, data->d * sizeof (double));
        ys[n++] = y[i];
      }
  sub.x = x;
  sub.y = ys;
  sub.n = n;
  sub.params = base_params;
  return m->base->fit (&sub, error);
}

static gpointer
self_training_fit (const SondeFitData *data,
                   GError            **error)
{
  const double *p = data->params;
  SelfTraining *m = g_new0 (SelfTraining, 1);
  g_autofree double *base_params = NULL;
  g_autofree double *y = g_memdup2 (data->y, data->n * sizeof (double));
  g_autofree gboolean *has_label = g_new0 (gboolean, MAX (1, data->n));
  g_autoptr(GArray) labelled = g_array_new (FALSE, FALSE, sizeof (double));
  guint n_labelled = 0;

  m->base_index = (guint) p[P_BASE];
  m->base = base_class (m->base_index);
  m->k = data->n_classes;
  base_params = default_params (m->base);

  for (gsize i = 0; i < data->n; i++)
    if (!isnan (y[i]))
      {
        has_label[i] = TRUE;
        n_labelled++;
      }
  m->n_given = n_labelled;

  while (n_labelled < data->n && m->n_iter < (guint) p[P_MAX_ITER])
    {
      g_autoptr(GArray) candidates = g_array_new (FALSE, FALSE, sizeof (Candidate));
      g_autofree double *x = NULL;
      g_autofree double *proba = NULL;
      gpointer model;
      gsize n_unlabelled = data->n - n_labelled, u = 0;
      double added = 0;

      if (sonde_fit_cancelled (data, error))
        goto fail;
      m->n_iter++;
      if ((model = fit_base (m, data, base_params, y, has_label, error)) == NULL)
        goto fail;

      x = g_new (double, n_unlabelled * data->d);
      proba = g_new (double, n_unlabelled * m->k);
      for (gsize i = 0; i < data->n; i++)
        if (!has_label[i])
          memcpy (x + (u++) * data->d, data->x + i * data->d, data->d * sizeof (double));
      m->base->predict_proba (model, x, n_unlabelled, proba);
      m->base->free (model);

      u = 0;
      for (gsize i = 0; i < data->n; i++)
        if (!has_label[i])
          {
            const double *row = proba + (u++) * m->k;
            Candidate c = { (guint) i, row[0] };
            guint best = 0;

            for (guint k = 1; k < m->k; k++)
              if (row[k] > row[best])
                best = k;
            c.p = row[best];
            /* The predicted class waits in y until the row is chosen. */
            y[i] = best;
            g_array_append_val (candidates, c);
          }

      if (p[P_CRITERION] == CRITERION_K_BEST)
        {
          g_array_sort (candidates, by_confidence);
          g_array_set_size (candidates, MIN (candidates->len, (guint) p[P_K_BEST]));
        }
      for (guint c = 0; c < candidates->len; c++)
        {
          Candidate *cand = &g_array_index (candidates, Candidate, c);

          if (p[P_CRITERION] == CRITERION_K_BEST || cand->p > p[P_THRESHOLD])
            {
              has_label[cand->row] = TRUE;
              added++;
            }
        }
      for (gsize i = 0; i < data->n; i++)
        if (!has_label[i])
          y[i] = NAN;
      n_labelled += (guint) added;
      g_array_append_val (labelled, added);
      if (added == 0)
        break;
    }

  if ((m->model = fit_base (m, data, base_params, y, has_label, error)) == NULL)
    goto fail;
  m->labelled = (double *) (gpointer) g_array_free (g_steal_pointer (&labelled), FALSE);
  return m;

fail:
  self_training_free (m);
  return NULL;
}

static void
self_training_predict (gconstpointer  model,
                       const double  *x,
                       gsize          n,
                       double        *out)
{
  const SelfTraining *m = model;

  m->base->predict (m->model, x, n, out);
}

static void
self_training_predict_proba (gconstpointer  model,
                             const double  *x,
                             gsize          n,
                             double        *out)
{
  const SelfTraining *m = model;

  m->base->predict_proba (m->model, x, n, out);
}

static void
self_training_save (gconstpointer  model,
                    JsonBuilder   *b)
{
  const SelfTraining *m = model;

  json_builder_set_member_name (b, "base");
  json_builder_add_string_value (b, m->base->name);
  json_builder_set_member_name (b, "given");
  json_builder_add_int_value (b, m->n_given);
  sonde_json_add_doubles (b, "labelled", m->labelled, m->n_iter);
  json_builder_set_member_name (b, "base_model");
  json_builder_begin_object (b);
  m->base->save (m->model, b);
  json_builder_end_object (b);
}

static gpointer
self_training_load (JsonObject         *o,
                    const SondeFitData *shape,
                    GError            **error)
{
  SelfTraining *m = g_new0 (SelfTraining, 1);
  g_autofree double *base_params = NULL;
  SondeFitData base_shape = *shape;
  const char *name = json_object_has_member (o, "base")
                     && json_node_get_value_type (json_object_get_member (o, "base")) == G_TYPE_STRING
                     ? json_object_get_string_member (o, "base") : NULL;
  JsonNode *node = json_object_get_member (o, "base_model");
  JsonArray *labelled;
  double given;

  for (guint i = 0; name != NULL && base_names[i] != NULL; i++)
    if (strcmp (base_names[i], name) == 0)
      {
        m->base_index = i;
        m->base = base_class (i);
      }
  if (m->base == NULL || node == NULL || !JSON_NODE_HOLDS_OBJECT (node)
      || !json_object_has_member (o, "labelled") || !JSON_NODE_HOLDS_ARRAY (json_object_get_member (o, "labelled")))
    {
      g_free (m);
      g_set_error_literal (error, SONDE_ERROR, SONDE_ERROR_PARSE,
                           _("The model file is damaged: the self-training's base learner is missing or unknown; train and save the model again."));
      return NULL;
    }
  m->k = shape->n_classes;
  labelled = json_object_get_array_member (o, "labelled");
  m->n_iter = json_array_get_length (labelled);
  if (!sonde_json_get_number (o, "given", &given, error)
      || (m->n_iter > 0 && (m->labelled = sonde_json_get_doubles (o, "labelled", m->n_iter, error)) == NULL))
    {
      self_training_free (m);
      return NULL;
    }
  m->n_given = (guint) given;
  base_params = default_params (m->base);
  base_shape.params = base_params;
  if ((m->model = m->base->load (json_node_get_object (node), &base_shape, error)) == NULL)
    {
      self_training_free (m);
      return NULL;
    }
  return m;
}

static char *
self_training_describe (gconstpointer       model,
                        const char * const *names)
{
  const SelfTraining *m = model;
  GString *s = g_string_new (NULL);
  double added = 0;

  for (guint i = 0; i < m->n_iter; i++)
    added += m->labelled[i];
  g_string_append_printf (s, _("Self-training of %s (default parameters), from %u labelled rows; "),
                          _(m->base->label), m->n_given);
  g_string_append_printf (s, g_dngettext (GETTEXT_PACKAGE,
                                          "%u iteration labelled %.0f more rows",
                                          "%u iterations labelled %.0f more rows",
                                          m->n_iter),
                          m->n_iter, added);
  for (guint i = 0; i < m->n_iter; i++)
    g_string_append_printf (s, "%s%.0f", i == 0 ? " (" : ", ", m->labelled[i]);
  g_string_append (s, m->n_iter > 0 ? ")." : ".");
  if (m->base->describe != NULL)
    {
      g_autofree char *base = m->base->describe (m->model, names);

      g_string_append_printf (s, " %s", base);
    }
  return g_string_free (s, FALSE);
}

static const double *
self_training_history (gconstpointer   model,
                       const char    **name,
                       guint          *n)
{
  const SelfTraining *m = model;

  *name = "labelled";
  *n = m->n_iter;
  return m->labelled;
}

const SondeLearnerClass sonde_learner_self_training = {
  .name = "self-training",
  .label = N_("Self-training (semi-supervised)"),
  .classifies = TRUE,
  .semi_supervised = TRUE,
  .params = self_training_params,
  .n_params = G_N_ELEMENTS (self_training_params),
  .fit = self_training_fit,
  .predict = self_training_predict,
  .predict_proba = self_training_predict_proba,
  .free = self_training_free,
  .save = self_training_save,
  .load = self_training_load,
  .describe = self_training_describe,
  .history = self_training_history,
};
