/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sonde-learner"

/* Multilayer perceptron, as scikit-learn 1.2's MLPClassifier and
 * MLPRegressor behind a StandardScaler.
 *
 * The inputs are standardised inside the model: each column has its
 * training mean taken away and is divided by its population standard
 * deviation (1 when the column is constant); both are saved in the
 * model and applied again to the rows predicted. A network without that
 * step learns badly from columns of very different scales.
 *
 * Up to three hidden layers (hidden1..hidden3, 0 for none) of relu or
 * tanh units; the output is a softmax trained on the cross-entropy for
 * a classification (two units for two classes, where scikit-learn has
 * one logistic unit: the same model), or one identity unit trained on
 * half the squared error for a regression. The L2 penalty adds
 * alpha/2 × the sum of the squared weights (not the biases), divided by
 * the rows of the batch, as scikit-learn does.
 *
 * Weights and biases start uniform in ±sqrt(6 / (fan_in + fan_out))
 * (Glorot and Bengio 2010, scikit-learn's choice for relu and tanh).
 * Each epoch visits the rows in a new random order in batches of
 * batch_size (0: all the rows at once), and updates after each batch
 * with Adam (Kingma and Ba 2015, β1 0.9, β2 0.999, ε 1e-8) or SGD with
 * momentum (Nesterov's when asked). SGD's learning rate is constant,
 * "invscaling" (rate / (t + 1)^0.5, t the rows seen so far, set after
 * each epoch) or "adaptive" (divided by 5 each time the loss stops
 * improving, until below 1e-6). Training stops after `epochs` epochs,
 * or when the epoch's training loss has not gone below the best by tol
 * for more than n_iter_no_change epochs in a row. The loss of every
 * epoch is kept in the model (its loss curve).
 *
 * The matrix products go through GSL's CBLAS (cblas_dgemm), so a batch
 * is a few matrix multiplications. The random numbers are Sonde's
 * SplitMix64, so a seed gives the same network on every platform, but
 * not scikit-learn's network: the comparisons are on scores.
 */

#include "config.h"

#include <float.h>
#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <gsl/gsl_cblas.h>

#include "sonde-error.h"
#include "sonde-learner-private.h"

#define MLP_MAX_LAYERS 5  /* input, up to three hidden, output */

enum
{
  P_HIDDEN1,
  P_HIDDEN2,
  P_HIDDEN3,
  P_ACTIVATION,
  P_SOLVER,
  P_BATCH_SIZE,
  P_LEARNING_RATE,
  P_SCHEDULE,
  P_MOMENTUM,
  P_NESTEROV,
  P_ALPHA,
  P_EPOCHS,
  P_TOL,
  P_N_ITER_NO_CHANGE,
  P_SEED,
  P_N_PARAMS
};

enum { ACT_RELU, ACT_TANH };
enum { SOLVER_ADAM, SOLVER_SGD };
enum { SCHEDULE_CONSTANT, SCHEDULE_INVSCALING, SCHEDULE_ADAPTIVE };

static const char * const activations[] = { "relu", "tanh", NULL };
static const char * const solvers[] = { "adam", "sgd", NULL };
static const char * const schedules[] = { "constant", "invscaling", "adaptive", NULL };

static const SondeParamSpec mlp_params[P_N_PARAMS] = {
  { "hidden1", SONDE_PARAM_INT, 1, 100000, 100, NULL,
    N_("Units in the first hidden layer") },
  { "hidden2", SONDE_PARAM_INT, 0, 100000, 0, NULL,
    N_("Units in the second hidden layer (0: none)") },
  { "hidden3", SONDE_PARAM_INT, 0, 100000, 0, NULL,
    N_("Units in the third hidden layer (0: none)") },
  { "activation", SONDE_PARAM_ENUM, 0, 1, ACT_RELU, activations,
    N_("The function of the hidden units") },
  { "solver", SONDE_PARAM_ENUM, 0, 1, SOLVER_ADAM, solvers,
    N_("How the weights are updated: Adam or stochastic gradient descent") },
  { "batch_size", SONDE_PARAM_INT, 0, G_MAXDOUBLE, 200, NULL,
    N_("Rows per update (0: all rows; 1: one row at a time)") },
  { "learning_rate", SONDE_PARAM_DOUBLE, 1e-12, 100, 0.001, NULL,
    N_("The initial step size of the updates") },
  { "schedule", SONDE_PARAM_ENUM, 0, 2, SCHEDULE_CONSTANT, schedules,
    N_("How SGD's step size changes: constant, invscaling or adaptive") },
  { "momentum", SONDE_PARAM_DOUBLE, 0, 1, 0.9, NULL,
    N_("The momentum of SGD's updates") },
  { "nesterov", SONDE_PARAM_BOOL, 0, 1, 1, NULL,
    N_("Use Nesterov's momentum with SGD") },
  { "alpha", SONDE_PARAM_DOUBLE, 0, G_MAXDOUBLE, 0.0001, NULL,
    N_("Strength of the L2 penalty on the weights") },
  { "epochs", SONDE_PARAM_INT, 1, 1000000, 200, NULL,
    N_("The most passes over the training rows") },
  { "tol", SONDE_PARAM_DOUBLE, 0, G_MAXDOUBLE, 1e-4, NULL,
    N_("The least improvement of the training loss that counts") },
  { "n_iter_no_change", SONDE_PARAM_INT, 1, 1000000, 10, NULL,
    N_("Stop after this many epochs without improvement") },
  { "seed", SONDE_PARAM_INT, 0, 4294967295.0, 0, NULL,
    N_("The seed of the initial weights and of the row order") },
};

typedef struct
{
  gboolean  classify;
  gsize     d;
  guint     k;                        /* outputs: classes, or 1 */
  int       activation;
  guint     n_layers;                 /* sizes, including input and output */
  gsize     size[MLP_MAX_LAYERS];
  double   *mean;                     /* d */
  double   *scale;                    /* d */
  double   *w[MLP_MAX_LAYERS - 1];    /* size[l] × size[l + 1], row-major */
  double   *b[MLP_MAX_LAYERS - 1];    /* size[l + 1] */
  double   *loss;                     /* one per epoch */
  guint     n_epochs;
} Mlp;

static void
mlp_free (gpointer data)
{
  Mlp *m = data;

  g_free (m->mean);
  g_free (m->scale);
  for (guint l = 0; l + 1 < m->n_layers; l++)
    {
      g_free (m->w[l]);
      g_free (m->b[l]);
    }
  g_free (m->loss);
  g_free (m);
}

/* The layer sizes from the parameters; the model's shape. */
static Mlp *
mlp_new (gboolean      classify,
         gsize         d,
         guint         k,
         const double *hidden)
{
  Mlp *m = g_new0 (Mlp, 1);

  m->classify = classify;
  m->d = d;
  m->k = k;
  m->size[m->n_layers++] = d;
  for (guint h = 0; h < 3; h++)
    if (hidden[h] > 0)
      m->size[m->n_layers++] = (gsize) hidden[h];
  m->size[m->n_layers++] = k;
  m->mean = g_new0 (double, d);
  m->scale = g_new0 (double, d);
  for (guint l = 0; l + 1 < m->n_layers; l++)
    {
      m->w[l] = g_new0 (double, m->size[l] * m->size[l + 1]);
      m->b[l] = g_new0 (double, m->size[l + 1]);
    }
  return m;
}

/* Scratch for batches of up to @rows rows. */
typedef struct
{
  gsize   rows;
  double *a[MLP_MAX_LAYERS];        /* activations, rows × size[l] */
  double *delta[MLP_MAX_LAYERS];    /* errors, rows × size[l] */
} Work;

static void
work_init (Work      *work,
           const Mlp *m,
           gsize      rows)
{
  work->rows = rows;
  for (guint l = 0; l < m->n_layers; l++)
    {
      work->a[l] = g_new (double, rows * m->size[l]);
      work->delta[l] = g_new (double, rows * m->size[l]);
    }
}

static void
work_clear (Work      *work,
            const Mlp *m)
{
  for (guint l = 0; l < m->n_layers; l++)
    {
      g_free (work->a[l]);
      g_free (work->delta[l]);
    }
}

/* Forward pass of @n rows whose standardised inputs are in work->a[0];
 * the output layer holds the probabilities (softmax) or the prediction. */
static void
forward (const Mlp *m,
         Work      *work,
         gsize      n)
{
  for (guint l = 0; l + 1 < m->n_layers; l++)
    {
      gsize in = m->size[l], out = m->size[l + 1];
      double *next = work->a[l + 1];
      gboolean last = l + 2 == m->n_layers;

      for (gsize i = 0; i < n; i++)
        memcpy (next + i * out, m->b[l], out * sizeof (double));
      cblas_dgemm (CblasRowMajor, CblasNoTrans, CblasNoTrans, (int) n, (int) out, (int) in,
                   1.0, work->a[l], (int) in, m->w[l], (int) out, 1.0, next, (int) out);
      if (!last)
        {
          if (m->activation == ACT_RELU)
            for (gsize v = 0; v < n * out; v++)
              next[v] = next[v] > 0 ? next[v] : 0;
          else
            for (gsize v = 0; v < n * out; v++)
              next[v] = tanh (next[v]);
        }
      else if (m->classify)
        for (gsize i = 0; i < n; i++)
          {
            double *p = next + i * out, top = -INFINITY, sum = 0;

            for (gsize c = 0; c < out; c++)
              top = MAX (top, p[c]);
            for (gsize c = 0; c < out; c++)
              sum += (p[c] = exp (p[c] - top));
            for (gsize c = 0; c < out; c++)
              p[c] /= sum;
          }
    }
}

/* Standardises @n rows of @x into work->a[0]. */
static void
load_inputs (const Mlp    *m,
             const double *x,
             const guint  *rows,
             gsize         n,
             Work         *work)
{
  for (gsize i = 0; i < n; i++)
    {
      const double *row = x + (gsize) (rows != NULL ? rows[i] : i) * m->d;
      double *dst = work->a[0] + i * m->d;

      for (gsize j = 0; j < m->d; j++)
        dst[j] = (row[j] - m->mean[j]) / m->scale[j];
    }
}

typedef struct
{
  int      solver;
  double   rate;
  double   momentum;
  gboolean nesterov;
  double   beta1, beta2, epsilon;
  guint64  t;                          /* Adam's updates so far */
  double  *v1[2 * (MLP_MAX_LAYERS - 1)];  /* velocity, or Adam's first moment */
  double  *v2[2 * (MLP_MAX_LAYERS - 1)];  /* Adam's second moment */
} Optimiser;

/* Updates one parameter array of @len values from its gradient. */
static void
optimiser_step (Optimiser    *opt,
                guint         slot,
                double       *param,
                const double *grad,
                gsize         len)
{
  double *v1 = opt->v1[slot];

  if (opt->solver == SOLVER_SGD)
    for (gsize v = 0; v < len; v++)
      {
        double update = opt->momentum * v1[v] - opt->rate * grad[v];

        v1[v] = update;
        if (opt->nesterov)
          update = opt->momentum * update - opt->rate * grad[v];
        param[v] += update;
      }
  else
    {
      double *v2 = opt->v2[slot];
      double rate = opt->rate * sqrt (1 - pow (opt->beta2, (double) opt->t))
                    / (1 - pow (opt->beta1, (double) opt->t));

      for (gsize v = 0; v < len; v++)
        {
          v1[v] = opt->beta1 * v1[v] + (1 - opt->beta1) * grad[v];
          v2[v] = opt->beta2 * v2[v] + (1 - opt->beta2) * grad[v] * grad[v];
          param[v] -= rate * v1[v] / (sqrt (v2[v]) + opt->epsilon);
        }
    }
}

/* One batch: forward, loss, backward, update. Returns the batch's loss
 * (with the penalty), as scikit-learn's _backprop. */
static double
train_batch (Mlp           *m,
             Optimiser     *opt,
             Work          *work,
             double       **grad_w,
             double       **grad_b,
             double         alpha,
             const double  *x,
             const double  *y,
             const guint   *rows,
             gsize          n)
{
  guint last = m->n_layers - 1;
  double loss = 0, penalty = 0;
  double *out, *delta;

  load_inputs (m, x, rows, n, work);
  forward (m, work, n);
  out = work->a[last];
  delta = work->delta[last];

  /* The error of the output, which is also the gradient of the loss
   * with respect to its input for both pairs (softmax with
   * cross-entropy, identity with squared error). */
  if (m->classify)
    {
      for (gsize i = 0; i < n; i++)
        {
          guint c = (guint) y[rows[i]];

          for (guint o = 0; o < m->k; o++)
            delta[i * m->k + o] = out[i * m->k + o] - (o == c);
          /* As scikit-learn's log_loss: probabilities clipped to
           * [eps, 1 - eps]. */
          loss -= log (CLAMP (out[i * m->k + c], DBL_EPSILON, 1 - DBL_EPSILON));
        }
      loss /= n;
    }
  else
    {
      for (gsize i = 0; i < n; i++)
        {
          delta[i] = out[i] - y[rows[i]];
          loss += delta[i] * delta[i];
        }
      loss /= 2.0 * n;
    }
  for (guint l = 0; l < last; l++)
    for (gsize v = 0; v < m->size[l] * m->size[l + 1]; v++)
      penalty += m->w[l][v] * m->w[l][v];
  loss += 0.5 * alpha * penalty / n;

  /* Backward: the gradients of every layer, then the update. */
  for (guint l = last; l > 0; l--)
    {
      gsize in = m->size[l - 1], width = m->size[l];
      const double *d = work->delta[l];

      memcpy (grad_w[l - 1], m->w[l - 1], in * width * sizeof (double));
      cblas_dgemm (CblasRowMajor, CblasTrans, CblasNoTrans, (int) in, (int) width, (int) n,
                   1.0 / n, work->a[l - 1], (int) in, d, (int) width, alpha / n, grad_w[l - 1], (int) width);
      for (gsize o = 0; o < width; o++)
        grad_b[l - 1][o] = 0;
      for (gsize i = 0; i < n; i++)
        for (gsize o = 0; o < width; o++)
          grad_b[l - 1][o] += d[i * width + o];
      for (gsize o = 0; o < width; o++)
        grad_b[l - 1][o] /= n;

      if (l > 1)
        {
          double *prev = work->delta[l - 1];
          const double *a = work->a[l - 1];

          cblas_dgemm (CblasRowMajor, CblasNoTrans, CblasTrans, (int) n, (int) in, (int) width,
                       1.0, d, (int) width, m->w[l - 1], (int) width, 0.0, prev, (int) in);
          if (m->activation == ACT_RELU)
            for (gsize v = 0; v < n * in; v++)
              prev[v] = a[v] > 0 ? prev[v] : 0;
          else
            for (gsize v = 0; v < n * in; v++)
              prev[v] *= 1 - a[v] * a[v];
        }
    }

  opt->t++;
  for (guint l = 0; l < last; l++)
    {
      optimiser_step (opt, 2 * l, m->w[l], grad_w[l], m->size[l] * m->size[l + 1]);
      optimiser_step (opt, 2 * l + 1, m->b[l], grad_b[l], m->size[l + 1]);
    }
  return loss;
}

static char *
mlp_check (const double *params)
{
  if (params[P_HIDDEN2] == 0 && params[P_HIDDEN3] > 0)
    return g_strdup (_("hidden3 is set but hidden2 is 0; fill the hidden layers in order."));
  return NULL;
}

static gpointer
mlp_fit (const SondeFitData *data,
         GError            **error)
{
  const double *p = data->params;
  gboolean classify = data->task == SONDE_TASK_CLASSIFICATION;
  g_autoptr(GArray) losses = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree guint *order = g_new (guint, data->n);
  double *grad_w[MLP_MAX_LAYERS - 1] = { NULL }, *grad_b[MLP_MAX_LAYERS - 1] = { NULL };
  Optimiser opt = { 0 };
  Work work = { 0 };
  SondeRng rng;
  Mlp *m;
  gsize n = data->n, d = data->d, batch;
  double best = INFINITY;
  guint no_improvement = 0;
  double n_samples_seen = 0;
  gboolean failed = FALSE;

  m = mlp_new (classify, d, classify ? data->n_classes : 1, p + P_HIDDEN1);
  m->activation = (int) p[P_ACTIVATION];

  /* Standardisation, as StandardScaler. */
  for (gsize j = 0; j < d; j++)
    {
      double mean = 0, ss = 0;

      for (gsize i = 0; i < n; i++)
        mean += data->x[i * d + j];
      mean /= n;
      for (gsize i = 0; i < n; i++)
        ss += (data->x[i * d + j] - mean) * (data->x[i * d + j] - mean);
      m->mean[j] = mean;
      m->scale[j] = ss > 0 ? sqrt (ss / n) : 1.0;
    }

  /* Glorot's uniform initialisation, weights then biases per layer. */
  sonde_rng_init (&rng, (guint64) p[P_SEED], 0);
  for (guint l = 0; l + 1 < m->n_layers; l++)
    {
      double bound = sqrt (6.0 / (m->size[l] + m->size[l + 1]));

      for (gsize v = 0; v < m->size[l] * m->size[l + 1]; v++)
        m->w[l][v] = bound * (2 * sonde_rng_uniform (&rng) - 1);
      for (gsize v = 0; v < m->size[l + 1]; v++)
        m->b[l][v] = bound * (2 * sonde_rng_uniform (&rng) - 1);
      grad_w[l] = g_new (double, m->size[l] * m->size[l + 1]);
      grad_b[l] = g_new (double, m->size[l + 1]);
      opt.v1[2 * l] = g_new0 (double, m->size[l] * m->size[l + 1]);
      opt.v1[2 * l + 1] = g_new0 (double, m->size[l + 1]);
      opt.v2[2 * l] = g_new0 (double, m->size[l] * m->size[l + 1]);
      opt.v2[2 * l + 1] = g_new0 (double, m->size[l + 1]);
    }
  opt.solver = (int) p[P_SOLVER];
  opt.rate = p[P_LEARNING_RATE];
  opt.momentum = p[P_MOMENTUM];
  opt.nesterov = p[P_NESTEROV] != 0;
  opt.beta1 = 0.9;
  opt.beta2 = 0.999;
  opt.epsilon = 1e-8;

  batch = p[P_BATCH_SIZE] == 0 ? n : MIN ((gsize) p[P_BATCH_SIZE], n);
  work_init (&work, m, batch);
  for (gsize i = 0; i < n; i++)
    order[i] = (guint) i;

  for (guint epoch = 0; epoch < (guint) p[P_EPOCHS]; epoch++)
    {
      double total = 0, loss;

      if (sonde_fit_cancelled (data, error))
        {
          failed = TRUE;
          break;
        }
      sonde_rng_shuffle (&rng, order, n);
      for (gsize start = 0; start < n; start += batch)
        {
          gsize len = MIN (batch, n - start);

          total += len * train_batch (m, &opt, &work, grad_w, grad_b, p[P_ALPHA],
                                      data->x, data->y, order + start, len);
        }
      loss = total / n;
      if (!isfinite (loss))
        {
          g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                       _("The network's training loss became infinite at epoch %u; lower learning_rate (now %g)."),
                       epoch + 1, p[P_LEARNING_RATE]);
          failed = TRUE;
          break;
        }
      g_array_append_val (losses, loss);
      n_samples_seen += n;
      if (opt.solver == SOLVER_SGD && p[P_SCHEDULE] == SCHEDULE_INVSCALING)
        opt.rate = p[P_LEARNING_RATE] / pow (n_samples_seen + 1, 0.5);

      /* scikit-learn's _update_no_improvement_count without a
       * validation set. */
      if (loss > best - p[P_TOL])
        no_improvement++;
      else
        no_improvement = 0;
      if (loss < best)
        best = loss;
      if (no_improvement > (guint) p[P_N_ITER_NO_CHANGE])
        {
          if (opt.solver == SOLVER_SGD && p[P_SCHEDULE] == SCHEDULE_ADAPTIVE && opt.rate > 1e-6)
            {
              opt.rate /= 5;
              no_improvement = 0;
            }
          else
            break;
        }
    }

  work_clear (&work, m);
  for (guint l = 0; l + 1 < m->n_layers; l++)
    {
      g_free (grad_w[l]);
      g_free (grad_b[l]);
    }
  for (guint s = 0; s < G_N_ELEMENTS (opt.v1); s++)
    {
      g_free (opt.v1[s]);
      g_free (opt.v2[s]);
    }
  if (failed)
    {
      mlp_free (m);
      return NULL;
    }
  m->n_epochs = losses->len;
  m->loss = (double *) (gpointer) g_array_free (g_steal_pointer (&losses), FALSE);
  return m;
}

/* The output layer for @n rows, in batches, into @out (n × k). */
static void
mlp_outputs (const Mlp    *m,
             const double *x,
             gsize         n,
             double       *out)
{
  gsize batch = MIN (n, 512);
  Work work = { 0 };

  if (n == 0)
    return;
  work_init (&work, m, batch);
  for (gsize start = 0; start < n; start += batch)
    {
      gsize len = MIN (batch, n - start);

      load_inputs (m, x + start * m->d, NULL, len, &work);
      forward (m, &work, len);
      memcpy (out + start * m->k, work.a[m->n_layers - 1], len * m->k * sizeof (double));
    }
  work_clear (&work, m);
}

static void
mlp_predict_proba (gconstpointer  model,
                   const double  *x,
                   gsize          n,
                   double        *out)
{
  mlp_outputs (model, x, n, out);
}

static void
mlp_predict (gconstpointer  model,
             const double  *x,
             gsize          n,
             double        *out)
{
  const Mlp *m = model;
  g_autofree double *p = NULL;

  if (!m->classify)
    {
      mlp_outputs (m, x, n, out);
      return;
    }
  p = g_new (double, MAX (1, n * m->k));
  mlp_outputs (m, x, n, p);
  for (gsize i = 0; i < n; i++)
    {
      guint best = 0;

      for (guint c = 1; c < m->k; c++)
        if (p[i * m->k + c] > p[i * m->k + best])
          best = c;
      out[i] = best;
    }
}

static void
mlp_save (gconstpointer  model,
          JsonBuilder   *b)
{
  const Mlp *m = model;

  json_builder_set_member_name (b, "layers");
  json_builder_begin_array (b);
  for (guint l = 0; l < m->n_layers; l++)
    json_builder_add_int_value (b, m->size[l]);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "activation");
  json_builder_add_string_value (b, activations[m->activation]);
  sonde_json_add_doubles (b, "input_mean", m->mean, m->d);
  sonde_json_add_doubles (b, "input_scale", m->scale, m->d);
  json_builder_set_member_name (b, "weights");
  json_builder_begin_array (b);
  for (guint l = 0; l + 1 < m->n_layers; l++)
    {
      json_builder_begin_object (b);
      sonde_json_add_doubles (b, "w", m->w[l], m->size[l] * m->size[l + 1]);
      sonde_json_add_doubles (b, "b", m->b[l], m->size[l + 1]);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  sonde_json_add_doubles (b, "loss_curve", m->loss, m->n_epochs);
}

static void
set_damaged (GError **error)
{
  g_set_error_literal (error, SONDE_ERROR, SONDE_ERROR_PARSE,
                       _("The model file is damaged: the network's layers do not match its columns and classes; train and save the model again."));
}

static gpointer
mlp_load (JsonObject         *o,
          const SondeFitData *shape,
          GError            **error)
{
  gboolean classify = shape->task == SONDE_TASK_CLASSIFICATION;
  JsonArray *layers, *weights;
  const char *activation;
  double hidden[3] = { 0, 0, 0 };
  guint n_layers;
  Mlp *m;

  if (!json_object_has_member (o, "layers") || !JSON_NODE_HOLDS_ARRAY (json_object_get_member (o, "layers"))
      || !json_object_has_member (o, "weights") || !JSON_NODE_HOLDS_ARRAY (json_object_get_member (o, "weights"))
      || !json_object_has_member (o, "activation")
      || json_node_get_value_type (json_object_get_member (o, "activation")) != G_TYPE_STRING)
    {
      set_damaged (error);
      return NULL;
    }
  layers = json_object_get_array_member (o, "layers");
  weights = json_object_get_array_member (o, "weights");
  n_layers = json_array_get_length (layers);
  for (guint l = 0; l < n_layers; l++)
    if (json_node_get_value_type (json_array_get_element (layers, l)) != G_TYPE_INT64)
      {
        set_damaged (error);
        return NULL;
      }
  activation = json_object_get_string_member (o, "activation");
  if (n_layers < 3 || n_layers > MLP_MAX_LAYERS || json_array_get_length (weights) != n_layers - 1
      || activation == NULL
      || (gsize) json_array_get_int_element (layers, 0) != shape->d
      || json_array_get_int_element (layers, n_layers - 1) != (classify ? shape->n_classes : 1))
    {
      set_damaged (error);
      return NULL;
    }
  for (guint l = 1; l + 1 < n_layers; l++)
    {
      hidden[l - 1] = json_array_get_int_element (layers, l);
      if (hidden[l - 1] < 1 || hidden[l - 1] > 100000)
        {
          set_damaged (error);
          return NULL;
        }
    }

  m = mlp_new (classify, shape->d, classify ? shape->n_classes : 1, hidden);
  m->activation = strcmp (activation, "tanh") == 0 ? ACT_TANH : ACT_RELU;
  g_free (m->mean);
  g_free (m->scale);
  m->mean = m->scale = NULL;
  if ((m->mean = sonde_json_get_doubles (o, "input_mean", m->d, error)) == NULL
      || (m->scale = sonde_json_get_doubles (o, "input_scale", m->d, error)) == NULL)
    goto fail;
  for (gsize j = 0; j < m->d; j++)
    if (!(m->scale[j] > 0))
      {
        set_damaged (error);
        goto fail;
      }
  for (guint l = 0; l + 1 < m->n_layers; l++)
    {
      JsonNode *node = json_array_get_element (weights, l);
      JsonObject *layer;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          set_damaged (error);
          goto fail;
        }
      layer = json_node_get_object (node);
      g_free (m->w[l]);
      g_free (m->b[l]);
      m->w[l] = m->b[l] = NULL;
      if ((m->w[l] = sonde_json_get_doubles (layer, "w", m->size[l] * m->size[l + 1], error)) == NULL
          || (m->b[l] = sonde_json_get_doubles (layer, "b", m->size[l + 1], error)) == NULL)
        goto fail;
    }
  if (json_object_has_member (o, "loss_curve")
      && JSON_NODE_HOLDS_ARRAY (json_object_get_member (o, "loss_curve")))
    {
      guint len = json_array_get_length (json_object_get_array_member (o, "loss_curve"));

      if ((m->loss = sonde_json_get_doubles (o, "loss_curve", len, error)) == NULL)
        goto fail;
      m->n_epochs = len;
    }
  return m;

fail:
  mlp_free (m);
  return NULL;
}

static char *
mlp_describe (gconstpointer       model,
              const char * const *names)
{
  const Mlp *m = model;
  GString *s = g_string_new (NULL);
  GString *sizes = g_string_new (NULL);

  for (guint l = 1; l + 1 < m->n_layers; l++)
    g_string_append_printf (sizes, "%s%zu", l > 1 ? ", " : "", m->size[l]);
  /* Translators: the sizes of the hidden layers such as “100” or “50, 20”, then relu or tanh */
  g_string_append_printf (s, _("A neural network with hidden layers of %s %s units, on the columns standardised with their training mean and standard deviation."),
                          sizes->str, activations[m->activation]);
  if (m->n_epochs > 0)
    {
      g_string_append_c (s, ' ');
      g_string_append_printf (s, g_dngettext (GETTEXT_PACKAGE,
                                              "It trained for %u epoch; the training loss went from %.4g to %.4g.",
                                              "It trained for %u epochs; the training loss went from %.4g to %.4g.",
                                              m->n_epochs),
                              m->n_epochs, m->loss[0], m->loss[m->n_epochs - 1]);
      g_string_append_c (s, ' ');
      g_string_append (s, _("Loss per epoch:"));
      for (guint e = 0; e < m->n_epochs; e++)
        g_string_append_printf (s, "%s%.4g", e > 0 ? "," : " ", m->loss[e]);
      g_string_append_c (s, '.');
    }
  g_string_free (sizes, TRUE);
  return g_string_free (s, FALSE);
}

static const double *
mlp_history (gconstpointer   model,
             const char    **name,
             guint          *n)
{
  const Mlp *m = model;

  *name = "loss_curve";
  *n = m->n_epochs;
  return m->loss;
}

const SondeLearnerClass sonde_learner_mlp = {
  .name = "mlp",
  .label = N_("Neural network (multilayer perceptron)"),
  .classifies = TRUE,
  .regresses = TRUE,
  .params = mlp_params,
  .n_params = G_N_ELEMENTS (mlp_params),
  .fit = mlp_fit,
  .predict = mlp_predict,
  .predict_proba = mlp_predict_proba,
  .free = mlp_free,
  .save = mlp_save,
  .load = mlp_load,
  .describe = mlp_describe,
  .check = mlp_check,
  .history = mlp_history,
};
