/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sonde-learner"

/* Naive Bayes classifiers, as scikit-learn 1.2's GaussianNB and
 * MultinomialNB.
 *
 * Gaussian: per class, the prior is the class's share of the rows and
 * each feature a normal distribution with the class's mean and
 * population variance, plus var_smoothing times the largest variance of
 * any feature over all rows (so a feature constant within a class does
 * not divide by zero).
 *
 * Multinomial: for counts (word counts, pixel intensities): per class the
 * log share of each feature in the class's total, with alpha added to
 * every count (Laplace/Lidstone smoothing); the features must not be
 * negative.
 *
 * Both fit in one pass over the n × d rows and predict in O(k d) a row;
 * probabilities are normalised with the log-sum-exp trick.
 */

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "sonde-error.h"
#include "sonde-learner-private.h"

typedef struct
{
  gboolean gaussian;
  gsize    d;
  guint    k;
  double  *log_prior;   /* k */
  double  *a;           /* k × d: means (Gaussian) or log feature probabilities */
  double  *b;           /* k × d: variances (Gaussian); NULL for multinomial */
} Bayes;

static void
bayes_free (gpointer data)
{
  Bayes *m = data;

  g_free (m->log_prior);
  g_free (m->a);
  g_free (m->b);
  g_free (m);
}

static Bayes *
bayes_new (gboolean gaussian,
           gsize    d,
           guint    k)
{
  Bayes *m = g_new0 (Bayes, 1);

  m->gaussian = gaussian;
  m->d = d;
  m->k = k;
  m->log_prior = g_new0 (double, k);
  m->a = g_new0 (double, (gsize) k * d);
  if (gaussian)
    m->b = g_new0 (double, (gsize) k * d);
  return m;
}

static const SondeParamSpec gaussian_params[] = {
  { "var_smoothing", SONDE_PARAM_DOUBLE, 0, G_MAXDOUBLE, 1e-9, NULL,
    N_("Share of the largest feature variance added to every variance, for stability") },
};

static const SondeParamSpec multinomial_params[] = {
  { "alpha", SONDE_PARAM_DOUBLE, 0, G_MAXDOUBLE, 1.0, NULL,
    N_("Added to every count (1: Laplace smoothing; 0: none)") },
};

static gpointer
gaussian_fit (const SondeFitData *data,
              GError            **error)
{
  Bayes *m = bayes_new (TRUE, data->d, data->n_classes);
  gsize n = data->n, d = data->d;
  guint k = data->n_classes;
  g_autofree double *count = g_new0 (double, k);
  double max_var = 0;

  for (gsize i = 0; i < n; i++)
    {
      guint c = data->y[i];

      count[c] += 1;
      for (gsize j = 0; j < d; j++)
        m->a[c * d + j] += data->x[i * d + j];
    }
  for (guint c = 0; c < k; c++)
    for (gsize j = 0; j < d; j++)
      m->a[c * d + j] /= MAX (count[c], 1);
  for (gsize i = 0; i < n; i++)
    {
      guint c = data->y[i];

      for (gsize j = 0; j < d; j++)
        {
          double e = data->x[i * d + j] - m->a[c * d + j];

          m->b[c * d + j] += e * e;
        }
    }
  /* The largest variance of a feature over all rows. */
  for (gsize j = 0; j < d; j++)
    {
      double mean = 0, ss = 0;

      for (gsize i = 0; i < n; i++)
        mean += data->x[i * d + j];
      mean /= n;
      for (gsize i = 0; i < n; i++)
        ss += (data->x[i * d + j] - mean) * (data->x[i * d + j] - mean);
      max_var = MAX (max_var, ss / n);
    }
  for (guint c = 0; c < k; c++)
    {
      m->log_prior[c] = count[c] > 0 ? log (count[c] / n) : -1e300;
      for (gsize j = 0; j < d; j++)
        m->b[c * d + j] = m->b[c * d + j] / MAX (count[c], 1) + data->params[0] * max_var;
    }
  for (gsize v = 0; v < (gsize) k * d; v++)
    if (!(m->b[v] > 0))
      {
        bayes_free (m);
        g_set_error_literal (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                             _("A feature does not vary within a class and var_smoothing is 0; set var_smoothing above 0."));
        return NULL;
      }
  return m;
}

static gpointer
multinomial_fit (const SondeFitData *data,
                 GError            **error)
{
  Bayes *m;
  gsize n = data->n, d = data->d;
  guint k = data->n_classes;
  g_autofree double *count = g_new0 (double, k);
  /* As scikit-learn, a tiny alpha instead of 0 keeps the logarithms finite. */
  double alpha = MAX (data->params[0], 1e-10);

  for (gsize i = 0; i < n * d; i++)
    if (data->x[i] < 0)
      {
        g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                     _("Multinomial naive Bayes counts, so its features cannot be negative, but row %zu has %g; use Gaussian naive Bayes or shift the column."),
                     i / d + 1, data->x[i]);
        return NULL;
      }

  m = bayes_new (FALSE, d, k);
  for (gsize i = 0; i < n; i++)
    {
      guint c = data->y[i];

      count[c] += 1;
      for (gsize j = 0; j < d; j++)
        m->a[c * d + j] += data->x[i * d + j];
    }
  for (guint c = 0; c < k; c++)
    {
      double total = 0;

      m->log_prior[c] = count[c] > 0 ? log (count[c] / n) : -1e300;
      for (gsize j = 0; j < d; j++)
        total += m->a[c * d + j] + alpha;
      for (gsize j = 0; j < d; j++)
        m->a[c * d + j] = log (m->a[c * d + j] + alpha) - log (total);
    }
  return m;
}

/* The joint log-likelihood of each class for one row. */
static void
joint_log_likelihood (const Bayes  *m,
                      const double *row,
                      double       *jll)
{
  for (guint c = 0; c < m->k; c++)
    {
      double s = m->log_prior[c];

      if (m->gaussian)
        for (gsize j = 0; j < m->d; j++)
          {
            double var = m->b[c * m->d + j], e = row[j] - m->a[c * m->d + j];

            s -= 0.5 * log (2 * G_PI * var) + 0.5 * e * e / var;
          }
      else
        for (gsize j = 0; j < m->d; j++)
          if (row[j] != 0)
            s += row[j] * m->a[c * m->d + j];
      jll[c] = s;
    }
}

static void
bayes_predict (gconstpointer  model,
               const double  *x,
               gsize          n,
               double        *out)
{
  const Bayes *m = model;
  g_autofree double *jll = g_new (double, m->k);

  for (gsize i = 0; i < n; i++)
    {
      guint best = 0;

      joint_log_likelihood (m, x + i * m->d, jll);
      for (guint c = 1; c < m->k; c++)
        if (jll[c] > jll[best])
          best = c;
      out[i] = best;
    }
}

static void
bayes_predict_proba (gconstpointer  model,
                     const double  *x,
                     gsize          n,
                     double        *out)
{
  const Bayes *m = model;

  for (gsize i = 0; i < n; i++)
    {
      double *p = out + i * m->k;
      double top = -INFINITY, sum = 0;

      joint_log_likelihood (m, x + i * m->d, p);
      for (guint c = 0; c < m->k; c++)
        top = MAX (top, p[c]);
      for (guint c = 0; c < m->k; c++)
        sum += (p[c] = exp (p[c] - top));
      for (guint c = 0; c < m->k; c++)
        p[c] /= sum;
    }
}

static void
bayes_save (gconstpointer  model,
            JsonBuilder   *b)
{
  const Bayes *m = model;

  sonde_json_add_doubles (b, "log_prior", m->log_prior, m->k);
  if (m->gaussian)
    {
      sonde_json_add_doubles (b, "mean", m->a, (gsize) m->k * m->d);
      sonde_json_add_doubles (b, "variance", m->b, (gsize) m->k * m->d);
    }
  else
    sonde_json_add_doubles (b, "feature_log_prob", m->a, (gsize) m->k * m->d);
}

static gpointer
bayes_load (JsonObject         *o,
            const SondeFitData *shape,
            gboolean            gaussian,
            GError            **error)
{
  Bayes *m = g_new0 (Bayes, 1);
  gsize size = (gsize) shape->n_classes * shape->d;

  m->gaussian = gaussian;
  m->d = shape->d;
  m->k = shape->n_classes;
  if ((m->log_prior = sonde_json_get_doubles (o, "log_prior", m->k, error)) == NULL ||
      (m->a = sonde_json_get_doubles (o, gaussian ? "mean" : "feature_log_prob", size, error)) == NULL ||
      (gaussian && (m->b = sonde_json_get_doubles (o, "variance", size, error)) == NULL))
    {
      bayes_free (m);
      return NULL;
    }
  if (gaussian)
    for (gsize v = 0; v < size; v++)
      if (!(m->b[v] > 0))
        {
          bayes_free (m);
          g_set_error_literal (error, SONDE_ERROR, SONDE_ERROR_PARSE,
                               _("The model file is damaged: a variance is not positive."));
          return NULL;
        }
  return m;
}

static gpointer
gaussian_load (JsonObject         *o,
               const SondeFitData *shape,
               GError            **error)
{
  return bayes_load (o, shape, TRUE, error);
}

static gpointer
multinomial_load (JsonObject         *o,
                  const SondeFitData *shape,
                  GError            **error)
{
  return bayes_load (o, shape, FALSE, error);
}

static char *
bayes_describe (gconstpointer       model,
                const char * const *names)
{
  const Bayes *m = model;

  if (m->gaussian)
    return g_strdup (_("Each class is summarised by the mean and variance of every column, taken as independent normal distributions."));
  return g_strdup (_("Each class is summarised by the share of every column in its total count, the columns taken as independent."));
}

const SondeLearnerClass sonde_learner_gaussian_nb = {
  .name = "gaussian-nb",
  .label = N_("Gaussian naive Bayes"),
  .classifies = TRUE,
  .params = gaussian_params,
  .n_params = G_N_ELEMENTS (gaussian_params),
  .fit = gaussian_fit,
  .predict = bayes_predict,
  .predict_proba = bayes_predict_proba,
  .free = bayes_free,
  .save = bayes_save,
  .load = gaussian_load,
  .describe = bayes_describe,
};

const SondeLearnerClass sonde_learner_multinomial_nb = {
  .name = "multinomial-nb",
  .label = N_("Multinomial naive Bayes"),
  .classifies = TRUE,
  .params = multinomial_params,
  .n_params = G_N_ELEMENTS (multinomial_params),
  .fit = multinomial_fit,
  .predict = bayes_predict,
  .predict_proba = bayes_predict_proba,
  .free = bayes_free,
  .save = bayes_save,
  .load = multinomial_load,
  .describe = bayes_describe,
};
