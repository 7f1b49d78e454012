/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sonde-learner"

/* Linear models: logistic regression (binary and multinomial, L2),
 * least-squares linear regression and ridge regression, giving the
 * models of scikit-learn 1.2's LogisticRegression (lbfgs; C; the
 * intercept not penalised), LinearRegression and Ridge (alpha; the
 * intercept not penalised).
 *
 * Logistic regression minimises the summed log loss plus ||w||² / (2 C)
 * until the largest gradient component is below 1e-10 per row or
 * max_iter iterations: by Newton's method with a backtracking line search
 * when there are at most 400 parameters (classes × (columns + 1)), whose
 * Hessian costs O(n p²) an iteration, and by L-BFGS (Nocedal and Wright
 * 2006, algorithm 7.5, memory 10, backtracking Armijo line search) above
 * that, where an iteration costs O(n p). It solves in
 * standardised coordinates (each column centred and divided by its
 * standard deviation, the penalty rescaled to match), which is the same
 * optimum reached much faster when columns have very different scales,
 * and the weights are turned back into the original units. Binary
 * problems have one weight vector and a sigmoid, multinomial ones one
 * per class and a softmax, as scikit-learn. Cost: O(n d k) a gradient.
 *
 * Linear regression centres the columns and solves by truncated SVD
 * (GSL's gsl_multifit_linear_tsvd, the minimum-norm solution when columns
 * are collinear); it needs at least as many rows as columns. Ridge
 * solves (XᵀX + αI) w = Xᵀy by Cholesky on the centred data, or the
 * n × n dual (XXᵀ + αI) a = y, w = Xᵀa when there are more columns than
 * rows. Cost: O(n d² + d³).
 */

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <gsl/gsl_multifit.h>

#include "sonde-error.h"
#include "sonde-learner-private.h"

typedef struct
{
  SondeTask task;
  gsize     d;
  guint     k;        /* classes (0 for regression) */
  guint     m;        /* weight vectors: 1 for binary and regression, k otherwise */
  double   *w;        /* m × (d + 1), the intercept last */
  guint     n_iter;
  gboolean  converged;
} Linear;

static void
linear_free (gpointer data)
{
  Linear *l = data;

  g_free (l->w);
  g_free (l);
}

static Linear *
linear_new (SondeTask task,
            gsize     d,
            guint     k)
{
  Linear *l = g_new0 (Linear, 1);

  l->task = task;
  l->d = d;
  l->k = k;
  l->m = task == SONDE_TASK_CLASSIFICATION && k > 2 ? k : 1;
  l->w = g_new0 (double, (gsize) l->m * (d + 1));
  return l;
}

/* Solves A x = b in place for a symmetric positive-definite A (p × p,
 * overwritten by its Cholesky factor). FALSE when A is not definite. */
static gboolean
cholesky_solve (double *a,
                double *b,
                gsize   p)
{
  for (gsize j = 0; j < p; j++)
    {
      double s = a[j * p + j];

      for (gsize k = 0; k < j; k++)
        s -= a[j * p + k] * a[j * p + k];
      if (!(s > 0))
        return FALSE;
      a[j * p + j] = sqrt (s);
      for (gsize i = j + 1; i < p; i++)
        {
          double t = a[i * p + j];

          for (gsize k = 0; k < j; k++)
            t -= a[i * p + k] * a[j * p + k];
          a[i * p + j] = t / a[j * p + j];
        }
    }
  for (gsize i = 0; i < p; i++)
    {
      double t = b[i];

      for (gsize k = 0; k < i; k++)
        t -= a[i * p + k] * b[k];
      b[i] = t / a[i * p + i];
    }
  for (gsize i = p; i-- > 0;)
    {
      double t = b[i];

      for (gsize k = i + 1; k < p; k++)
        t -= a[k * p + i] * b[k];
      b[i] = t / a[i * p + i];
    }
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* L-BFGS                                                              */

typedef double (*ObjectiveFunc) (const double *theta,
                                 double       *grad,
                                 gpointer      user_data);

static GCancellable *current_cancellable (gpointer user_data);

/* Minimises @f from @theta (changed in place). Returns the iterations
 * done; *@converged tells whether the gradient test was met. */
static guint
lbfgs (ObjectiveFunc  f,
       gpointer       user_data,
       double        *theta,
       gsize          p,
       guint          max_iter,
       double         gtol,
       gboolean      *converged)
{
  enum { MEM = 10 };
  g_autofree double *g = g_new (double, p);
  g_autofree double *g_new_ = g_new (double, p);
  g_autofree double *dir = g_new (double, p);
  g_autofree double *trial = g_new (double, p);
  g_autofree double *s = g_new (double, MEM * p);
  g_autofree double *yv = g_new (double, MEM * p);
  double rho[MEM], alpha[MEM];
  guint stored = 0, head = 0, iter;
  double fx = f (theta, g, user_data);

  *converged = FALSE;
  for (iter = 0; iter < max_iter; iter++)
    {
      double gmax = 0, dg = 0, step = 1, ft = 0;
      guint tries;

      if (g_cancellable_is_cancelled (current_cancellable (user_data)))
        break;

      for (gsize i = 0; i < p; i++)
        gmax = MAX (gmax, fabs (g[i]));
      if (gmax <= gtol)
        {
          *converged = TRUE;
          break;
        }

      /* Two-loop recursion: dir = −H g. */
      for (gsize i = 0; i < p; i++)
        dir[i] = -g[i];
      for (guint b = 0; b < stored; b++)
        {
          guint j = (head + MEM - 1 - b) % MEM;
          double a = 0;

          for (gsize i = 0; i < p; i++)
            a += s[j * p + i] * dir[i];
          alpha[j] = a * rho[j];
          for (gsize i = 0; i < p; i++)
            dir[i] -= alpha[j] * yv[j * p + i];
        }
      if (stored > 0)
        {
          guint j = (head + MEM - 1) % MEM;
          double sy = 1 / rho[j], yy = 0;

          for (gsize i = 0; i < p; i++)
            yy += yv[j * p + i] * yv[j * p + i];
          for (gsize i = 0; i < p; i++)
            dir[i] *= sy / yy;
        }
      else
        {
          /* First step: a unit step along the gradient's direction. */
          double norm = 0;

          for (gsize i = 0; i < p; i++)
            norm += g[i] * g[i];
          for (gsize i = 0; i < p; i++)
            dir[i] /= MAX (1.0, sqrt (norm));
        }
      for (guint b = stored; b-- > 0;)
        {
          guint j = (head + MEM - 1 - b) % MEM;
          double beta = 0;

          for (gsize i = 0; i < p; i++)
            beta += yv[j * p + i] * dir[i];
          beta *= rho[j];
          for (gsize i = 0; i < p; i++)
            dir[i] += s[j * p + i] * (alpha[j] - beta);
        }
      for (gsize i = 0; i < p; i++)
        dg += dir[i] * g[i];
      if (dg >= 0)
        {
          /* Not a descent direction: restart from the gradient. */
          stored = 0;
          for (gsize i = 0; i < p; i++)
            dir[i] = -g[i];
          dg = 0;
          for (gsize i = 0; i < p; i++)
            dg += dir[i] * g[i];
        }

      /* Backtracking until Armijo's condition holds. */
      for (tries = 0; tries < 60; tries++, step *= 0.5)
        {
          for (gsize i = 0; i < p; i++)
            trial[i] = theta[i] + step * dir[i];
          ft = f (trial, g_new_, user_data);
          if (isfinite (ft) && ft <= fx + 1e-4 * step * dg)
            break;
        }
      if (tries == 60)
        {
          /* No decrease within rounding: as good as it gets. */
          *converged = TRUE;
          break;
        }

      {
        double sy = 0, yy = 0;

        for (gsize i = 0; i < p; i++)
          {
            s[head * p + i] = trial[i] - theta[i];
            yv[head * p + i] = g_new_[i] - g[i];
            sy += s[head * p + i] * yv[head * p + i];
            yy += yv[head * p + i] * yv[head * p + i];
          }
        /* Keep the pair only where the curvature is clearly positive. */
        if (sy > 1e-10 * yy && sy > 0)
          {
            rho[head] = 1 / sy;
            head = (head + 1) % MEM;
            stored = MIN (stored + 1, MEM);
          }
      }
      memcpy (theta, trial, p * sizeof (double));
      memcpy (g, g_new_, p * sizeof (double));
      if (fabs (fx - ft) <= 1e-13 * MAX (1.0, fabs (fx)))
        {
          fx = ft;
          *converged = TRUE;
          iter++;
          break;
        }
      fx = ft;
    }
  return iter;
}

/* ------------------------------------------------------------------ */
/* Logistic regression                                                 */

enum { L_C, L_MAX_ITER, L_N_PARAMS };

static const SondeParamSpec logistic_params[L_N_PARAMS] = {
  { "C", SONDE_PARAM_DOUBLE, 1e-12, G_MAXDOUBLE, 1.0, NULL,
    N_("Inverse strength of the L2 penalty: smaller values keep the weights smaller") },
  { "max_iter", SONDE_PARAM_INT, 1, 1000000, 1000, NULL,
    N_("The most iterations of the optimiser") },
};

typedef struct
{
  const double *xs;      /* standardised, n × d */
  const double *y;
  gsize         n;
  gsize         d;
  guint         m;
  guint         k;
  const double *penalty; /* d: 1 / (C s_j²) */
  double       *z;       /* m scratch */
  GCancellable *cancellable;
} LogisticProblem;

static GCancellable *
current_cancellable (gpointer user_data)
{
  return ((LogisticProblem *) user_data)->cancellable;
}

/* The mean loss and its gradient over θ = m × (d + 1). */
static double
logistic_objective (const double *theta,
                    double       *grad,
                    gpointer      user_data)
{
  LogisticProblem *pb = user_data;
  gsize d = pb->d, p = (gsize) pb->m * (d + 1);
  double loss = 0;

  memset (grad, 0, p * sizeof (double));
  for (gsize i = 0; i < pb->n; i++)
    {
      const double *row = pb->xs + i * d;
      guint yi = pb->y[i];

      for (guint c = 0; c < pb->m; c++)
        {
          const double *w = theta + c * (d + 1);
          double z = w[d];

          for (gsize j = 0; j < d; j++)
            z += w[j] * row[j];
          pb->z[c] = z;
        }
      if (pb->m == 1)
        {
          double z = pb->z[0], t = yi == 1 ? 1.0 : 0.0;
          double prob = z >= 0 ? 1 / (1 + exp (-z)) : exp (z) / (1 + exp (z));
          double e = prob - t;

          /* log(1 + e^z) − t z, stably. */
          loss += (z > 0 ? z + log1p (exp (-z)) : log1p (exp (z))) - t * z;
          for (gsize j = 0; j < d; j++)
            grad[j] += e * row[j];
          grad[d] += e;
        }
      else
        {
          double top = -INFINITY, sum = 0;

          for (guint c = 0; c < pb->m; c++)
            top = MAX (top, pb->z[c]);
          for (guint c = 0; c < pb->m; c++)
            sum += exp (pb->z[c] - top);
          loss += top + log (sum) - pb->z[yi];
          for (guint c = 0; c < pb->m; c++)
            {
              double e = exp (pb->z[c] - top) / sum - (c == yi ? 1.0 : 0.0);
              double *gw = grad + c * (d + 1);

              for (gsize j = 0; j < d; j++)
                gw[j] += e * row[j];
              gw[d] += e;
            }
        }
    }
  for (guint c = 0; c < pb->m; c++)
    for (gsize j = 0; j < d; j++)
      {
        double w = theta[c * (d + 1) + j];

        loss += 0.5 * pb->penalty[j] * w * w;
        grad[c * (d + 1) + j] += pb->penalty[j] * w;
      }
  for (gsize q = 0; q < p; q++)
    grad[q] /= pb->n;
  return loss / pb->n;
}


/* Newton's method with a backtracking line search, for problems small
 * enough to form the Hessian (p ≤ NEWTON_MAX_P parameters): a handful of
 * iterations where L-BFGS needs thousands on collinear columns. Returns
 * the iterations done, or G_MAXUINT when the Hessian could not be
 * factorised (the caller then goes on with L-BFGS from @theta). */
#define NEWTON_MAX_P 400

static guint
newton (LogisticProblem *pb,
        double          *theta,
        gsize            p,
        guint            max_iter,
        double           gtol,
        gboolean        *converged)
{
  gsize d = pb->d, dd = d + 1;
  g_autofree double *g = g_new (double, p);
  g_autofree double *g_trial = g_new (double, p);
  g_autofree double *h = g_new (double, p * p);
  g_autofree double *dir = g_new (double, p);
  g_autofree double *trial = g_new (double, p);
  g_autofree double *prob = g_new (double, pb->m + 1);
  double fx = logistic_objective (theta, g, pb);
  guint iter;

  *converged = FALSE;
  for (iter = 0; iter < max_iter; iter++)
    {
      double gmax = 0, dg = 0, step = 1, ft = 0, top_diag = 0;
      guint tries;

      if (g_cancellable_is_cancelled (pb->cancellable))
        break;

      for (gsize i = 0; i < p; i++)
        gmax = MAX (gmax, fabs (g[i]));
      if (gmax <= gtol)
        {
          *converged = TRUE;
          break;
        }

      /* The Hessian of the mean loss, lower triangle then mirrored. */
      memset (h, 0, p * p * sizeof (double));
      for (gsize i = 0; i < pb->n; i++)
        {
          const double *row = pb->xs + i * d;

          for (guint c = 0; c < pb->m; c++)
            {
              const double *w = theta + c * dd;
              double z = w[d];

              for (gsize j = 0; j < d; j++)
                z += w[j] * row[j];
              pb->z[c] = z;
            }
          if (pb->m == 1)
            {
              double z = pb->z[0];
              double q = z >= 0 ? 1 / (1 + exp (-z)) : exp (z) / (1 + exp (z));

              prob[0] = q;
            }
          else
            {
              double top = -INFINITY, sum = 0;

              for (guint c = 0; c < pb->m; c++)
                top = MAX (top, pb->z[c]);
              for (guint c = 0; c < pb->m; c++)
                sum += (prob[c] = exp (pb->z[c] - top));
              for (guint c = 0; c < pb->m; c++)
                prob[c] /= sum;
            }
          for (guint a = 0; a < pb->m; a++)
            for (guint b = 0; b <= a; b++)
              {
                double coef = pb->m == 1 ? prob[0] * (1 - prob[0])
                                         : prob[a] * ((a == b ? 1.0 : 0.0) - prob[b]);

                if (coef == 0)
                  continue;
                for (gsize j = 0; j < dd; j++)
                  {
                    double xj = j < d ? row[j] : 1.0;
                    double *hr = h + (a * dd + j) * p + b * dd;
                    gsize kmax = a == b ? j + 1 : dd;

                    for (gsize k = 0; k < kmax; k++)
                      hr[k] += coef * xj * (k < d ? row[k] : 1.0);
                  }
              }
        }
      for (gsize u = 0; u < p; u++)
        {
          for (gsize v = 0; v <= u; v++)
            h[u * p + v] /= pb->n;
          if (u % dd < d)
            h[u * p + u] += pb->penalty[u % dd] / pb->n;
          top_diag = MAX (top_diag, h[u * p + u]);
        }
      /* The softmax does not change when every intercept moves together:
       * a tiny ridge makes that direction definite without moving it. */
      for (gsize u = 0; u < p; u++)
        {
          h[u * p + u] += 1e-12 * top_diag;
          for (gsize v = 0; v < u; v++)
            h[v * p + u] = h[u * p + v];
        }
      for (gsize i = 0; i < p; i++)
        dir[i] = -g[i];
      if (!cholesky_solve (h, dir, p))
        return G_MAXUINT;
      for (gsize i = 0; i < p; i++)
        dg += dir[i] * g[i];
      if (!(dg < 0))
        return G_MAXUINT;

      for (tries = 0; tries < 60; tries++, step *= 0.5)
        {
          for (gsize i = 0; i < p; i++)
            trial[i] = theta[i] + step * dir[i];
          ft = logistic_objective (trial, g_trial, pb);
          if (isfinite (ft) && ft <= fx + 1e-4 * step * dg)
            break;
        }
      if (tries == 60)
        {
          *converged = TRUE;
          break;
        }
      memcpy (theta, trial, p * sizeof (double));
      memcpy (g, g_trial, p * sizeof (double));
      /* Near the optimum a Newton step gains ~g·H⁻¹g/2, below the
       * rounding of f once the gradient is ~1e-8: as good as it gets. */
      if (fx - ft <= 1e-15 * MAX (1.0, fabs (fx)))
        {
          fx = ft;
          *converged = TRUE;
          iter++;
          break;
        }
      fx = ft;
    }
  return iter;
}

/* Column means and standard deviations (1 for a constant column). */
static void
column_scales (const SondeFitData *data,
               double             *mean,
               double             *sd)
{
  gsize n = data->n, d = data->d;

  for (gsize j = 0; j < d; j++)
    {
      double s = 0, ss = 0;

      for (gsize i = 0; i < n; i++)
        s += data->x[i * d + j];
      mean[j] = s / n;
      for (gsize i = 0; i < n; i++)
        ss += (data->x[i * d + j] - mean[j]) * (data->x[i * d + j] - mean[j]);
      sd[j] = sqrt (ss / n);
      if (!(sd[j] > 1e-12 * MAX (1.0, fabs (mean[j]))))
        sd[j] = 1;
    }
}

static gpointer
logistic_fit (const SondeFitData *data,
              GError            **error)
{
  gsize n = data->n, d = data->d;
  Linear *l = linear_new (SONDE_TASK_CLASSIFICATION, d, data->n_classes);
  gsize p = (gsize) l->m * (d + 1);
  g_autofree double *mean = g_new (double, d);
  g_autofree double *sd = g_new (double, d);
  g_autofree double *xs = g_new (double, n * d);
  g_autofree double *penalty = g_new (double, d);
  g_autofree double *z = g_new (double, l->m);
  g_autofree double *theta = g_new0 (double, p);
  LogisticProblem pb = { xs, data->y, n, d, l->m, data->n_classes, penalty, z, data->cancellable };
  double C = data->params[L_C];

  column_scales (data, mean, sd);
  for (gsize i = 0; i < n; i++)
    for (gsize j = 0; j < d; j++)
      xs[i * d + j] = (data->x[i * d + j] - mean[j]) / sd[j];
  for (gsize j = 0; j < d; j++)
    penalty[j] = 1 / (C * sd[j] * sd[j]);

  l->n_iter = p <= NEWTON_MAX_P ? newton (&pb, theta, p, data->params[L_MAX_ITER], 1e-10, &l->converged) : G_MAXUINT;
  if (l->n_iter == G_MAXUINT)
    l->n_iter = lbfgs (logistic_objective, &pb, theta, p, data->params[L_MAX_ITER], 1e-10, &l->converged);

  if (sonde_fit_cancelled (data, error))
    {
      linear_free (l);
      return NULL;
    }

  /* Back to the original units. */
  for (guint c = 0; c < l->m; c++)
    {
      double *ws = theta + c * (d + 1), *w = l->w + c * (d + 1);
      double b = ws[d];

      for (gsize j = 0; j < d; j++)
        {
          w[j] = ws[j] / sd[j];
          b -= w[j] * mean[j];
        }
      w[d] = b;
    }
  return l;
}

static void
linear_scores (const Linear *l,
               const double *row,
               double       *z)
{
  for (guint c = 0; c < l->m; c++)
    {
      const double *w = l->w + c * (l->d + 1);
      double s = w[l->d];

      for (gsize j = 0; j < l->d; j++)
        s += w[j] * row[j];
      z[c] = s;
    }
}

static void
logistic_predict_proba (gconstpointer  model,
                        const double  *x,
                        gsize          n,
                        double        *out)
{
  const Linear *l = model;

  for (gsize i = 0; i < n; i++)
    {
      double *p = out + i * l->k;

      if (l->m == 1)
        {
          double z;

          linear_scores (l, x + i * l->d, &z);
          p[1] = z >= 0 ? 1 / (1 + exp (-z)) : exp (z) / (1 + exp (z));
          p[0] = 1 - p[1];
        }
      else
        {
          double top = -INFINITY, sum = 0;

          linear_scores (l, x + i * l->d, p);
          for (guint c = 0; c < l->k; c++)
            top = MAX (top, p[c]);
          for (guint c = 0; c < l->k; c++)
            sum += (p[c] = exp (p[c] - top));
          for (guint c = 0; c < l->k; c++)
            p[c] /= sum;
        }
    }
}

static void
logistic_predict (gconstpointer  model,
                  const double  *x,
                  gsize          n,
                  double        *out)
{
  const Linear *l = model;
  g_autofree double *z = g_new (double, l->m);

  for (gsize i = 0; i < n; i++)
    {
      linear_scores (l, x + i * l->d, z);
      if (l->m == 1)
        out[i] = z[0] > 0 ? 1 : 0;
      else
        {
          guint best = 0;

          for (guint c = 1; c < l->m; c++)
            if (z[c] > z[best])
              best = c;
          out[i] = best;
        }
    }
}

/* ------------------------------------------------------------------ */
/* Linear and ridge regression                                         */

static const SondeParamSpec ridge_params[] = {
  { "alpha", SONDE_PARAM_DOUBLE, 0, G_MAXDOUBLE, 1.0, NULL,
    N_("Strength of the L2 penalty on the weights (0: ordinary least squares)") },
};

static gpointer
least_squares_fit (const SondeFitData *data,
                   double              alpha,
                   GError            **error)
{
  gsize n = data->n, d = data->d;
  Linear *l = linear_new (SONDE_TASK_REGRESSION, d, 0);
  g_autofree double *mean = g_new0 (double, d);
  g_autofree double *xc = g_new (double, n * d);
  g_autofree double *yc = g_new (double, n);
  double ymean = 0;

  for (gsize i = 0; i < n; i++)
    {
      ymean += data->y[i];
      for (gsize j = 0; j < d; j++)
        mean[j] += data->x[i * d + j];
    }
  ymean /= n;
  for (gsize j = 0; j < d; j++)
    mean[j] /= n;
  for (gsize i = 0; i < n; i++)
    {
      yc[i] = data->y[i] - ymean;
      for (gsize j = 0; j < d; j++)
        xc[i * d + j] = data->x[i * d + j] - mean[j];
    }

  if (alpha == 0)
    {
      gsl_matrix_view X = gsl_matrix_view_array (xc, n, d);
      gsl_vector_view Y = gsl_vector_view_array (yc, n);
      gsl_vector *c = gsl_vector_alloc (d);
      gsl_matrix *cov = gsl_matrix_alloc (d, d);
      gsl_multifit_linear_workspace *work = gsl_multifit_linear_alloc (n, d);
      double chisq;
      size_t rank;

      /* n ≥ d was checked by the caller. */
      gsl_multifit_linear_tsvd (&X.matrix, &Y.vector, 1e-12, c, cov, &chisq, &rank, work);
      for (gsize j = 0; j < d; j++)
        l->w[j] = gsl_vector_get (c, j);
      gsl_multifit_linear_free (work);
      gsl_matrix_free (cov);
      gsl_vector_free (c);
    }
  else if (d <= n)
    {
      g_autofree double *a = g_new0 (double, d * d);

      for (gsize i = 0; i < n; i++)
        {
          const double *row = xc + i * d;

          for (gsize j = 0; j < d; j++)
            {
              l->w[j] += row[j] * yc[i];
              for (gsize k = 0; k <= j; k++)
                a[j * d + k] += row[j] * row[k];
            }
        }
      for (gsize j = 0; j < d; j++)
        {
          a[j * d + j] += alpha;
          for (gsize k = 0; k < j; k++)
            a[k * d + j] = a[j * d + k];
        }
      if (!cholesky_solve (a, l->w, d))
        goto fail;
    }
  else
    {
      g_autofree double *a = g_new0 (double, n * n);
      g_autofree double *dual = g_memdup2 (yc, n * sizeof (double));

      for (gsize i = 0; i < n; i++)
        for (gsize k = 0; k <= i; k++)
          {
            double s = 0;

            for (gsize j = 0; j < d; j++)
              s += xc[i * d + j] * xc[k * d + j];
            a[i * n + k] = a[k * n + i] = s + (i == k ? alpha : 0);
          }
      if (!cholesky_solve (a, dual, n))
        goto fail;
      for (gsize i = 0; i < n; i++)
        for (gsize j = 0; j < d; j++)
          l->w[j] += xc[i * d + j] * dual[i];
    }

  l->w[d] = ymean;
  for (gsize j = 0; j < d; j++)
    l->w[d] -= l->w[j] * mean[j];
  return l;

fail:
  linear_free (l);
  g_set_error_literal (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                       _("The ridge system could not be solved (the numbers are too large or too small); rescale the columns or raise alpha."));
  return NULL;
}

static gpointer
linear_fit (const SondeFitData *data,
            GError            **error)
{
  if (data->d >= data->n)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                   _("Linear regression needs more rows than columns, but there are %zu rows for %zu columns (after one-hot encoding); use ridge regression, or fewer columns."),
                   data->n, data->d);
      return NULL;
    }
  return least_squares_fit (data, 0, error);
}

static gpointer
ridge_fit (const SondeFitData *data,
           GError            **error)
{
  return least_squares_fit (data, data->params[0], error);
}

static void
regression_predict (gconstpointer  model,
                    const double  *x,
                    gsize          n,
                    double        *out)
{
  const Linear *l = model;

  for (gsize i = 0; i < n; i++)
    linear_scores (l, x + i * l->d, out + i);
}

/* ------------------------------------------------------------------ */
/* Files and words                                                     */

static void
linear_save (gconstpointer  model,
             JsonBuilder   *b)
{
  const Linear *l = model;

  json_builder_set_member_name (b, "n_weight_vectors");
  json_builder_add_int_value (b, l->m);
  sonde_json_add_doubles (b, "weights", l->w, (gsize) l->m * (l->d + 1));
  json_builder_set_member_name (b, "iterations");
  json_builder_add_int_value (b, l->n_iter);
  json_builder_set_member_name (b, "converged");
  json_builder_add_boolean_value (b, l->task == SONDE_TASK_REGRESSION || l->converged);
}

static gpointer
linear_load (JsonObject         *o,
             const SondeFitData *shape,
             GError            **error)
{
  Linear *l = linear_new (shape->task, shape->d, shape->n_classes);
  double m;

  g_clear_pointer (&l->w, g_free);
  if (!sonde_json_get_number (o, "n_weight_vectors", &m, error) ||
      m != l->m ||
      (l->w = sonde_json_get_doubles (o, "weights", (gsize) l->m * (l->d + 1), error)) == NULL)
    {
      if (error != NULL && *error == NULL)
        g_set_error_literal (error, SONDE_ERROR, SONDE_ERROR_PARSE,
                             _("The model file is damaged: its number of weight vectors does not fit its classes."));
      linear_free (l);
      return NULL;
    }
  l->converged = json_object_get_boolean_member_with_default (o, "converged", TRUE);
  l->n_iter = json_object_get_int_member_with_default (o, "iterations", 0);
  return l;
}

static char *
linear_describe (gconstpointer       model,
                 const char * const *names)
{
  const Linear *l = model;
  gsize top = 0;
  GString *s = g_string_new (NULL);

  for (gsize j = 1; j < l->d; j++)
    if (fabs (l->w[j]) > fabs (l->w[top]))
      top = j;
  if (l->task == SONDE_TASK_REGRESSION)
    g_string_append_printf (s, _("The prediction is %g plus a weighted sum of the columns; the largest weight is %g, on “%s” (weights depend on each column's units)."),
                            l->w[l->d], l->w[top], names[top]);
  else
    g_string_append_printf (s, _("The optimiser took %u iterations."), l->n_iter);
  if (l->task == SONDE_TASK_CLASSIFICATION && !l->converged)
    g_string_append_printf (s, " %s", _("It stopped at max_iter before converging; raise max_iter."));
  return g_string_free (s, FALSE);
}

const SondeLearnerClass sonde_learner_logistic = {
  .name = "logistic",
  .label = N_("Logistic regression"),
  .classifies = TRUE,
  .params = logistic_params,
  .n_params = L_N_PARAMS,
  .fit = logistic_fit,
  .predict = logistic_predict,
  .predict_proba = logistic_predict_proba,
  .free = linear_free,
  .save = linear_save,
  .load = linear_load,
  .describe = linear_describe,
};

const SondeLearnerClass sonde_learner_linear = {
  .name = "linear",
  .label = N_("Linear regression"),
  .regresses = TRUE,
  .params = NULL,
  .n_params = 0,
  .fit = linear_fit,
  .predict = regression_predict,
  .free = linear_free,
  .save = linear_save,
  .load = linear_load,
  .describe = linear_describe,
};

const SondeLearnerClass sonde_learner_ridge = {
  .name = "ridge",
  .label = N_("Ridge regression"),
  .regresses = TRUE,
  .params = ridge_params,
  .n_params = G_N_ELEMENTS (ridge_params),
  .fit = ridge_fit,
  .predict = regression_predict,
  .free = linear_free,
  .save = linear_save,
  .load = linear_load,
  .describe = linear_describe,
};
