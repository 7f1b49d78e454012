/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sonde-stats-regression"

/* Linear regression by least squares and logistic regression by
 * iteratively reweighted least squares, on a design built from the
 * columns of a table. Every figure is meant to match R 4.2 (summary() of
 * lm() and of glm(family = binomial), confint(), confint.default(),
 * hatvalues()), and the tests check them against R to a relative 1e-6.
 *
 * The design is R's default one: an intercept, numeric predictors as they
 * are, and predictors of categories (categorical, text or yes/no columns)
 * coded by one 0/1 column for each level but the reference level, which
 * is the first level in sorted order unless the caller names another.
 * Levels are sorted without regard to case first, then lower case before
 * upper case, which is R's order in the usual locales; only the levels
 * present in the rows used count, as with R's drop.unused.levels. A row
 * with a missing value in the target or in a predictor is left out
 * (listwise deletion, R's na.omit).
 *
 * Both fits go through GSL's Householder QR decomposition without
 * pivoting: a column whose diagonal element of R is tiny next to the
 * norm of the column (R's tolerance 1e-7) is an exact combination of the
 * columns before it, and the model is refused with the names of the
 * columns involved rather than fitted with an aliased coefficient as R
 * does.
 */

#include "config.h"

#include <float.h>
#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_linalg.h>

#include "sonde-error.h"
#include "sonde-stats-regression.h"

#define RANK_TOL 1e-7
#define IRLS_EPSILON 1e-10
#define IRLS_MAX_ITERATIONS 50

/* The design matrix and the target, restricted to the rows used. */
typedef struct
{
  guint       n;
  guint       p;
  guint       n_dropped;
  guint      *rows;
  double     *x;       /* n × p, row after row */
  double     *y;
  GPtrArray  *names;   /* the R name of each design column */
  GPtrArray  *sources; /* the table column behind each one, NULL for the intercept */
  char       *positive_level;
} Design;

static void
design_clear (Design *d)
{
  g_clear_pointer (&d->rows, g_free);
  g_clear_pointer (&d->x, g_free);
  g_clear_pointer (&d->y, g_free);
  g_clear_pointer (&d->names, g_ptr_array_unref);
  g_clear_pointer (&d->sources, g_ptr_array_unref);
  g_clear_pointer (&d->positive_level, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Design, design_clear)

/* R's order of factor levels: case-insensitive, then lower case first. */
static int
level_compare (gconstpointer a,
               gconstpointer b)
{
  const char *la = *(const char * const *) a;
  const char *lb = *(const char * const *) b;
  g_autofree char *fa = g_utf8_casefold (la, -1);
  g_autofree char *fb = g_utf8_casefold (lb, -1);
  int c = g_utf8_collate (fa, fb);

  if (c == 0)
    c = strcmp (fa, fb);
  if (c == 0)
    c = -strcmp (la, lb);
  return c;
}

static gboolean
is_category_type (SondeColumnType type)
{
  return type == SONDE_COLUMN_TYPE_CATEGORICAL || type == SONDE_COLUMN_TYPE_TEXT ||
         type == SONDE_COLUMN_TYPE_BOOLEAN;
}

/* The label of @row of @column as a level: FALSE/TRUE for yes/no values,
 * as R names the levels of a logical. */
static char *
level_of (SondeColumn *column,
          guint        row)
{
  if (sonde_column_get_column_type (column) == SONDE_COLUMN_TYPE_BOOLEAN)
    return g_strdup (sonde_column_get_boolean (column, row) ? "TRUE" : "FALSE");
  return sonde_column_format_value (column, row);
}

/* The sorted levels of @column in the rows used. */
static GPtrArray *
collect_levels (SondeColumn *column,
                const guint *rows,
                guint        n)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *levels = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < n; i++)
    {
      char *label = level_of (column, rows[i]);

      if (g_hash_table_contains (seen, label))
        {
          g_free (label);
          continue;
        }
      g_ptr_array_add (levels, label);
      g_hash_table_add (seen, label);
    }
  g_ptr_array_sort (levels, level_compare);
  return levels;
}

static SondeColumn *
find_column (SondeTable  *table,
             const char  *name,
             GError     **error)
{
  SondeColumn *column = name != NULL ? sonde_table_find_column (table, name) : NULL;

  if (column == NULL)
    g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                 _("There is no column “%s” in the table: check the spelling of its name."),
                 name != NULL ? name : "");
  return column;
}

/* Builds the design. @logistic selects the kind of target. */
static gboolean
build_design (SondeTable          *table,
              const char          *target,
              const char * const  *predictors,
              const char * const  *reference_levels,
              double               conf_level,
              gboolean             logistic,
              Design              *d,
              GError             **error)
{
  g_autoptr(GPtrArray) columns = g_ptr_array_new ();
  g_autoptr(GPtrArray) all_levels = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  g_autofree guint *reference = NULL;
  SondeColumn *y_column;
  SondeColumnType y_type;
  guint n_rows;
  guint n_predictors = predictors != NULL ? g_strv_length ((char **) predictors) : 0;

  if (!(conf_level > 0.0 && conf_level < 1.0))
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                   _("The confidence level %g is not between 0 and 1: use for example 0.95 for a 95 %% interval."),
                   conf_level);
      return FALSE;
    }

  y_column = find_column (table, target, error);
  if (y_column == NULL)
    return FALSE;
  y_type = sonde_column_get_column_type (y_column);
  if (!logistic && y_type != SONDE_COLUMN_TYPE_INTEGER && y_type != SONDE_COLUMN_TYPE_REAL)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                   _("Column “%s” holds %s, not numbers: choose a column of whole or decimal numbers as the target of a linear regression."),
                   target, sonde_column_type_get_label (y_type));
      return FALSE;
    }
  if (logistic && !is_category_type (y_type))
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                   _("Column “%s” holds %s: the target of a logistic regression must be a column of yes/no values or of categories with exactly two values."),
                   target, sonde_column_type_get_label (y_type));
      return FALSE;
    }

  for (guint j = 0; j < n_predictors; j++)
    {
      SondeColumn *column = find_column (table, predictors[j], error);
      SondeColumnType type;

      if (column == NULL)
        return FALSE;
      type = sonde_column_get_column_type (column);
      if (column == y_column)
        {
          g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                       _("Column “%s” is the target and cannot be a predictor too: remove it from the predictors."),
                       predictors[j]);
          return FALSE;
        }
      if (type != SONDE_COLUMN_TYPE_INTEGER && type != SONDE_COLUMN_TYPE_REAL &&
          !is_category_type (type))
        {
          g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                       _("Column “%s” holds %s and cannot be a predictor: choose columns of numbers, categories, text or yes/no values."),
                       predictors[j], sonde_column_type_get_label (type));
          return FALSE;
        }
      g_ptr_array_add (columns, column);
    }

  /* Listwise deletion. */
  n_rows = sonde_column_get_n_rows (y_column);
  d->rows = g_new (guint, MAX (n_rows, 1));
  d->n = 0;
  for (guint row = 0; row < n_rows; row++)
    {
      gboolean complete = !sonde_column_is_missing (y_column, row);

      for (guint j = 0; complete && j < columns->len; j++)
        complete = row < sonde_column_get_n_rows (columns->pdata[j]) &&
                   !sonde_column_is_missing (columns->pdata[j], row);
      if (complete)
        d->rows[d->n++] = row;
    }
  d->n_dropped = n_rows - d->n;

  /* Levels and reference levels of the predictors of categories. */
  reference = g_new0 (guint, MAX (columns->len, 1));
  d->p = 1;
  for (guint j = 0; j < columns->len; j++)
    {
      SondeColumn *column = columns->pdata[j];
      GPtrArray *levels = NULL;

      if (is_category_type (sonde_column_get_column_type (column)))
        {
          const char *wanted = reference_levels != NULL ? reference_levels[j] : NULL;

          levels = collect_levels (column, d->rows, d->n);
          if (levels->len == 1)
            {
              g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                           _("Column “%s” has a single value (“%s”) in the rows used: a predictor must vary, remove it from the model."),
                           predictors[j], (const char *) levels->pdata[0]);
              g_ptr_array_unref (levels);
              return FALSE;
            }
          if (wanted != NULL)
            {
              guint k;

              for (k = 0; k < levels->len; k++)
                if (g_str_equal (levels->pdata[k], wanted))
                  break;
              if (k == levels->len)
                {
                  g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                               _("Column “%s” has no value “%s” in the rows used: choose one of its values as the reference level."),
                               predictors[j], wanted);
                  g_ptr_array_unref (levels);
                  return FALSE;
                }
              reference[j] = k;
            }
          d->p += levels->len > 0 ? levels->len - 1 : 0;
        }
      else
        d->p++;
      g_ptr_array_add (all_levels, levels != NULL ? levels : g_ptr_array_new ());
    }

  if (d->n <= d->p)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                   _("Only %u rows have no missing value, for %u coefficients to estimate: a regression needs more rows than coefficients. Add rows or remove predictors."),
                   d->n, d->p);
      return FALSE;
    }

  /* The target. */
  d->y = g_new (double, d->n);
  if (logistic)
    {
      g_autoptr(GPtrArray) levels = collect_levels (y_column, d->rows, d->n);

      if (levels->len != 2)
        {
          if (levels->len < 2)
            g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                         _("Every row used has the same value of “%s”: the target must vary for a regression."),
                         target);
          else
            g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                         _("Column “%s” has %u different values in the rows used: the target of a logistic regression must have exactly two."),
                         target, levels->len);
          return FALSE;
        }
      /* FALSE < TRUE: for yes/no values, “true” is 1. */
      d->positive_level = g_strdup (y_type == SONDE_COLUMN_TYPE_BOOLEAN ? "true"
                                                                       : levels->pdata[1]);
      for (guint i = 0; i < d->n; i++)
        {
          g_autofree char *label = level_of (y_column, d->rows[i]);

          d->y[i] = g_str_equal (label, levels->pdata[1]) ? 1.0 : 0.0;
        }
    }
  else
    {
      double first;
      gboolean constant = TRUE;

      for (guint i = 0; i < d->n; i++)
        d->y[i] = sonde_column_get_number (y_column, d->rows[i]);
      first = d->y[0];
      for (guint i = 1; i < d->n && constant; i++)
        constant = d->y[i] == first;
      if (constant)
        {
          g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                       _("Every row used has the same value of “%s”: the target must vary for a regression."),
                       target);
          return FALSE;
        }
    }

  /* The design matrix. */
  d->x = g_new0 (double, (gsize) d->n * d->p);
  d->names = g_ptr_array_new_with_free_func (g_free);
  d->sources = g_ptr_array_new ();
  g_ptr_array_add (d->names, g_strdup ("(Intercept)"));
  g_ptr_array_add (d->sources, NULL);
  for (guint i = 0; i < d->n; i++)
    d->x[(gsize) i * d->p] = 1.0;
  for (guint j = 0; j < columns->len; j++)
    {
      SondeColumn *column = columns->pdata[j];
      GPtrArray *levels = all_levels->pdata[j];
      guint first = d->names->len;

      if (!is_category_type (sonde_column_get_column_type (column)))
        {
          g_ptr_array_add (d->names, g_strdup (predictors[j]));
          g_ptr_array_add (d->sources, (gpointer) predictors[j]);
          for (guint i = 0; i < d->n; i++)
            d->x[(gsize) i * d->p + first] = sonde_column_get_number (column, d->rows[i]);
          continue;
        }

      for (guint k = 0; k < levels->len; k++)
        if (k != reference[j])
          {
            g_ptr_array_add (d->names, g_strconcat (predictors[j], levels->pdata[k], NULL));
            g_ptr_array_add (d->sources, (gpointer) predictors[j]);
          }
      for (guint i = 0; i < d->n; i++)
        {
          g_autofree char *label = level_of (column, d->rows[i]);
          guint col = first;

          for (guint k = 0; k < levels->len; k++)
            {
              if (k == reference[j])
                continue;
              if (g_str_equal (label, levels->pdata[k]))
                d->x[(gsize) i * d->p + col] = 1.0;
              col++;
            }
        }
    }

  return TRUE;
}

/* Householder QR of @x (n × p) into @qr and @tau; fails with the names of
 * the columns involved when a column is an exact combination of the
 * columns before it. */
static gboolean
decompose (const Design  *d,
           gsl_matrix    *qr,
           gsl_vector    *tau,
           const double  *norms,
           GError       **error)
{
  guint p = d->p;

  gsl_linalg_QR_decomp (qr, tau);
  for (guint j = 0; j < p; j++)
    {
      g_autofree double *c = NULL;
      g_autoptr(GPtrArray) involved = NULL;

      if (fabs (gsl_matrix_get (qr, j, j)) > RANK_TOL * norms[j] && norms[j] > 0.0)
        continue;

      /* Column j = X[, 0..j-1] c: solve R[0..j-1, 0..j-1] c = R[0..j-1, j]. */
      c = g_new0 (double, MAX (j, 1));
      for (guint k = j; k-- > 0;)
        {
          double s = gsl_matrix_get (qr, k, j);

          for (guint l = k + 1; l < j; l++)
            s -= gsl_matrix_get (qr, k, l) * c[l];
          c[k] = s / gsl_matrix_get (qr, k, k);
        }

      involved = g_ptr_array_new ();
      g_ptr_array_add (involved, d->sources->pdata[j]);
      for (guint k = 0; k < j; k++)
        {
          const char *source = d->sources->pdata[k];

          if (!(fabs (c[k]) * norms[k] > 1e-6 * norms[j]))
            continue;
          if (source != NULL &&
              !g_ptr_array_find_with_equal_func (involved, source, g_str_equal, NULL))
            g_ptr_array_add (involved, (gpointer) source);
        }

      if (involved->len == 1)
        {
          g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                       _("Predictor “%s” has the same value in every row used, so its effect cannot be told apart from the intercept: remove it from the model."),
                       (const char *) involved->pdata[0]);
        }
      else
        {
          g_autoptr(GString) list = g_string_new (NULL);

          for (guint k = 0; k < involved->len; k++)
            g_string_append_printf (list, "%s“%s”", k > 0 ? ", " : "",
                                    (const char *) involved->pdata[k]);
          g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                       _("Predictors %s are redundant: one of them is an exact combination of the others, so their effects cannot be told apart. Remove one of them from the model."),
                       list->str);
        }
      return FALSE;
    }

  return TRUE;
}

/* The inverse of the upper triangle of @qr, p × p, row after row. */
static double *
invert_r (const gsl_matrix *qr,
          guint             p)
{
  double *inv = g_new0 (double, (gsize) p * p);

  for (guint j = 0; j < p; j++)
    {
      inv[j * p + j] = 1.0 / gsl_matrix_get (qr, j, j);
      for (guint i = j; i-- > 0;)
        {
          double s = 0.0;

          for (guint k = i + 1; k <= j; k++)
            s += gsl_matrix_get (qr, i, k) * inv[k * p + j];
          inv[i * p + j] = -s / gsl_matrix_get (qr, i, i);
        }
    }
  return inv;
}

/* The variance of coefficient j, (R⁻¹ R⁻ᵀ)[j, j], times @scale. */
static double
variance_of (const double *inv,
             guint         p,
             guint         j,
             double        scale)
{
  double s = 0.0;

  for (guint k = j; k < p; k++)
    s += inv[j * p + k] * inv[j * p + k];
  return s * scale;
}

static double *
column_norms (const Design *d)
{
  double *norms = g_new0 (double, d->p);

  for (guint i = 0; i < d->n; i++)
    for (guint j = 0; j < d->p; j++)
      norms[j] += d->x[(gsize) i * d->p + j] * d->x[(gsize) i * d->p + j];
  for (guint j = 0; j < d->p; j++)
    norms[j] = sqrt (norms[j]);
  return norms;
}

/**
 * sonde_stats_linear_regression:
 * @table: a table
 * @target: the name of a column of whole or decimal numbers to explain
 * @predictors: (array zero-terminated=1) (nullable): the names of the
 *   predictor columns: numbers, categories, text or yes/no values
 * @reference_levels: (array) (nullable): for each predictor, its reference
 *   level (as sonde_column_format_value() writes it, or `TRUE`/`FALSE`
 *   for yes/no values), or %NULL for the first level in sorted order; the
 *   whole array may be %NULL
 * @conf_level: the level of the confidence intervals, such as 0.95
 * @error: return location for a #GError
 *
 * Fits `target ~ predictors` by least squares, as R's lm() does with its
 * default treatment contrasts, leaving out the rows with a missing value.
 *
 * Fails with %SONDE_ERROR_INVALID when a column is unknown or of a type
 * that does not fit, when there are no more rows used than coefficients,
 * when the target is constant, and when predictors are redundant (a
 * rank-deficient design), naming the columns involved.
 *
 * Returns: (transfer full): the fit, to free with
 *   sonde_linear_model_free(), or %NULL on error.
 */
SondeLinearModel *
sonde_stats_linear_regression (SondeTable          *table,
                               const char          *target,
                               const char * const  *predictors,
                               const char * const  *reference_levels,
                               double               conf_level,
                               GError             **error)
{
  g_auto(Design) d = { 0 };
  g_autoptr(SondeLinearModel) m = NULL;
  g_autofree double *norms = NULL;
  g_autofree double *inv = NULL;
  gsl_matrix *qr;
  gsl_vector *tau, *y, *beta, *resid;
  double rss = 0.0, tss = 0.0, mean = 0.0, t_crit;
  guint n, p;

  g_return_val_if_fail (SONDE_IS_TABLE (table), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!build_design (table, target, predictors, reference_levels, conf_level, FALSE, &d, error))
    return NULL;
  n = d.n;
  p = d.p;

  norms = column_norms (&d);
  qr = gsl_matrix_alloc (n, p);
  tau = gsl_vector_alloc (p);
  memcpy (qr->data, d.x, sizeof (double) * n * p);
  if (!decompose (&d, qr, tau, norms, error))
    {
      gsl_matrix_free (qr);
      gsl_vector_free (tau);
      return NULL;
    }

  y = gsl_vector_alloc (n);
  beta = gsl_vector_alloc (p);
  resid = gsl_vector_alloc (n);
  memcpy (y->data, d.y, sizeof (double) * n);
  gsl_linalg_QR_lssolve (qr, tau, y, beta, resid);
  inv = invert_r (qr, p);

  m = g_new0 (SondeLinearModel, 1);
  m->n_coefficients = p;
  m->coefficients = g_new0 (SondeCoefficient, p);
  m->conf_level = conf_level;
  m->n_used = n;
  m->n_dropped = d.n_dropped;
  m->rows = g_memdup2 (d.rows, sizeof (guint) * n);
  m->fitted = g_new (double, n);
  m->residuals = g_new (double, n);
  m->hat_values = g_new (double, n);

  for (guint i = 0; i < n; i++)
    mean += d.y[i];
  mean /= n;
  for (guint i = 0; i < n; i++)
    {
      const double *xi = d.x + (gsize) i * p;
      double h = 0.0;

      m->residuals[i] = gsl_vector_get (resid, i);
      m->fitted[i] = d.y[i] - m->residuals[i];
      rss += m->residuals[i] * m->residuals[i];
      tss += (d.y[i] - mean) * (d.y[i] - mean);
      /* h = ‖R⁻ᵀ xᵢ‖². */
      for (guint k = 0; k < p; k++)
        {
          double z = 0.0;

          for (guint j = 0; j <= k; j++)
            z += inv[j * p + k] * xi[j];
          h += z * z;
        }
      m->hat_values[i] = h;
    }

  m->df_residual = n - p;
  m->sigma = sqrt (rss / m->df_residual);
  m->r_squared = 1.0 - rss / tss;
  m->adj_r_squared = 1.0 - (1.0 - m->r_squared) * (n - 1) / m->df_residual;
  m->f_df1 = p - 1;
  m->f_df2 = m->df_residual;
  if (p > 1)
    {
      m->f = ((tss - rss) / m->f_df1) / (rss / m->df_residual);
      m->f_p = gsl_cdf_fdist_Q (m->f, m->f_df1, m->f_df2);
    }
  else
    m->f = m->f_p = NAN;

  t_crit = gsl_cdf_tdist_Qinv ((1.0 - conf_level) / 2.0, m->df_residual);
  for (guint j = 0; j < p; j++)
    {
      SondeCoefficient *c = &m->coefficients[j];

      c->name = g_strdup (d.names->pdata[j]);
      c->estimate = gsl_vector_get (beta, j);
      c->std_error = sqrt (variance_of (inv, p, j, m->sigma * m->sigma));
      c->statistic = c->estimate / c->std_error;
      c->p = 2.0 * gsl_cdf_tdist_Q (fabs (c->statistic), m->df_residual);
      c->conf_low = c->estimate - t_crit * c->std_error;
      c->conf_high = c->estimate + t_crit * c->std_error;
      c->odds_ratio = c->odds_ratio_low = c->odds_ratio_high = NAN;
    }

  gsl_matrix_free (qr);
  gsl_vector_free (tau);
  gsl_vector_free (y);
  gsl_vector_free (beta);
  gsl_vector_free (resid);
  return g_steal_pointer (&m);
}

/**
 * sonde_linear_model_free:
 * @model: (nullable) (transfer full): a result of
 *   sonde_stats_linear_regression()
 *
 * Frees @model and its arrays.
 */
void
sonde_linear_model_free (SondeLinearModel *model)
{
  if (model == NULL)
    return;
  for (guint j = 0; j < model->n_coefficients; j++)
    g_free (model->coefficients[j].name);
  g_free (model->coefficients);
  g_free (model->rows);
  g_free (model->fitted);
  g_free (model->residuals);
  g_free (model->hat_values);
  g_free (model);
}

static double
binomial_deviance (const double *y,
                   const double *mu,
                   guint         n)
{
  double dev = 0.0;

  for (guint i = 0; i < n; i++)
    dev += -2.0 * (y[i] > 0.5 ? log (mu[i]) : log1p (-mu[i]));
  return dev;
}

/* The first predictor (table column) whose values split the two classes
 * with no overlap, or NULL. */
static const char *
find_separating (const Design *d)
{
  for (guint j = 1; j < d->p; j++)
    {
      double min0 = INFINITY, max0 = -INFINITY, min1 = INFINITY, max1 = -INFINITY;

      for (guint i = 0; i < d->n; i++)
        {
          double v = d->x[(gsize) i * d->p + j];

          if (d->y[i] > 0.5)
            {
              min1 = MIN (min1, v);
              max1 = MAX (max1, v);
            }
          else
            {
              min0 = MIN (min0, v);
              max0 = MAX (max0, v);
            }
        }
      if (max0 <= min1 || max1 <= min0)
        return d->sources->pdata[j];
    }
  return NULL;
}

/**
 * sonde_stats_logistic_regression:
 * @table: a table
 * @target: the name of the column to explain: yes/no values, or
 *   categories or text with exactly two values in the rows used (the
 *   second in sorted order counts as 1, as with R's factors)
 * @predictors: (array zero-terminated=1) (nullable): as for
 *   sonde_stats_linear_regression()
 * @reference_levels: (array) (nullable): as for
 *   sonde_stats_linear_regression()
 * @conf_level: the level of the Wald confidence intervals, such as 0.95
 * @error: return location for a #GError
 *
 * Fits the logistic regression `target ~ predictors` by iteratively
 * reweighted least squares, as R's `glm(family = binomial)` does, until
 * the deviance changes by less than a relative 1e-10.
 *
 * Fails with %SONDE_ERROR_INVALID for the same reasons as
 * sonde_stats_linear_regression(), when the target does not have exactly
 * two values, when the fit does not converge, and when the predictors
 * separate the two classes perfectly (naming the predictor when a single
 * one does).
 *
 * Returns: (transfer full): the fit, to free with
 *   sonde_logistic_model_free(), or %NULL on error.
 */
SondeLogisticModel *
sonde_stats_logistic_regression (SondeTable          *table,
                                 const char          *target,
                                 const char * const  *predictors,
                                 const char * const  *reference_levels,
                                 double               conf_level,
                                 GError             **error)
{
  g_auto(Design) d = { 0 };
  g_autoptr(SondeLogisticModel) m = NULL;
  g_autofree double *norms = NULL;
  g_autofree double *inv = NULL;
  g_autofree double *mu = NULL;
  g_autofree double *eta = NULL;
  gsl_matrix *qr;
  gsl_vector *tau, *z, *beta, *resid;
  double dev, dev_old, ybar = 0.0, z_crit;
  gboolean converged = FALSE, boundary = FALSE;
  guint n, p, iter;

  g_return_val_if_fail (SONDE_IS_TABLE (table), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!build_design (table, target, predictors, reference_levels, conf_level, TRUE, &d, error))
    return NULL;
  n = d.n;
  p = d.p;

  norms = column_norms (&d);
  qr = gsl_matrix_alloc (n, p);
  tau = gsl_vector_alloc (p);
  memcpy (qr->data, d.x, sizeof (double) * n * p);
  if (!decompose (&d, qr, tau, norms, error))
    {
      gsl_matrix_free (qr);
      gsl_vector_free (tau);
      return NULL;
    }

  z = gsl_vector_alloc (n);
  beta = gsl_vector_alloc (p);
  resid = gsl_vector_alloc (n);
  mu = g_new (double, n);
  eta = g_new (double, n);

  /* R's starting values: mu = (y + 0.5) / 2. */
  for (guint i = 0; i < n; i++)
    {
      mu[i] = (d.y[i] + 0.5) / 2.0;
      eta[i] = log (mu[i] / (1.0 - mu[i]));
    }
  dev_old = binomial_deviance (d.y, mu, n);
  dev = dev_old;

  for (iter = 1; iter <= IRLS_MAX_ITERATIONS; iter++)
    {
      for (guint i = 0; i < n; i++)
        {
          double w = mu[i] * (1.0 - mu[i]);
          double sw = sqrt (w);

          gsl_vector_set (z, i, sw * (eta[i] + (d.y[i] - mu[i]) / w));
          for (guint j = 0; j < p; j++)
            gsl_matrix_set (qr, i, j, sw * d.x[(gsize) i * p + j]);
        }
      gsl_linalg_QR_decomp (qr, tau);
      gsl_linalg_QR_lssolve (qr, tau, z, beta, resid);

      for (guint i = 0; i < n; i++)
        {
          double e = 0.0;

          for (guint j = 0; j < p; j++)
            e += d.x[(gsize) i * p + j] * gsl_vector_get (beta, j);
          eta[i] = e;
          mu[i] = 1.0 / (1.0 + exp (-e));
        }
      dev = binomial_deviance (d.y, mu, n);
      if (!isfinite (dev))
        break;
      if (fabs (dev - dev_old) / (fabs (dev) + 0.1) < IRLS_EPSILON)
        {
          converged = TRUE;
          break;
        }
      dev_old = dev;
    }

  for (guint i = 0; i < n; i++)
    if (!(mu[i] > 10 * DBL_EPSILON && mu[i] < 1.0 - 10 * DBL_EPSILON))
      boundary = TRUE;

  if (!converged || boundary)
    {
      const char *separating = find_separating (&d);

      if (separating != NULL)
        g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                     _("Predictor “%s” separates the two values of “%s” perfectly, so its coefficient grows without bound: remove it from the model or gather more varied data."),
                     separating, target);
      else if (boundary)
        g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                     _("The predictors together separate the two values of “%s” perfectly, so the coefficients grow without bound: remove a predictor or gather more varied data."),
                     target);
      else
        g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                     _("The logistic regression did not converge after %u iterations: try fewer predictors, or predictors on similar scales."),
                     (guint) IRLS_MAX_ITERATIONS);
      gsl_matrix_free (qr);
      gsl_vector_free (tau);
      gsl_vector_free (z);
      gsl_vector_free (beta);
      gsl_vector_free (resid);
      return NULL;
    }

  inv = invert_r (qr, p);

  m = g_new0 (SondeLogisticModel, 1);
  m->n_coefficients = p;
  m->coefficients = g_new0 (SondeCoefficient, p);
  m->conf_level = conf_level;
  m->positive_level = g_steal_pointer (&d.positive_level);
  m->n_used = n;
  m->n_dropped = d.n_dropped;
  m->deviance = dev;
  m->df_residual = n - p;
  m->null_df = n - 1;
  m->n_iterations = iter;
  /* With 0/1 outcomes the log-likelihood is −deviance / 2. */
  m->aic = dev + 2.0 * p;
  for (guint i = 0; i < n; i++)
    ybar += d.y[i];
  ybar /= n;
  for (guint i = 0; i < n; i++)
    mu[i] = ybar;
  m->null_deviance = binomial_deviance (d.y, mu, n);

  z_crit = gsl_cdf_ugaussian_Qinv ((1.0 - conf_level) / 2.0);
  for (guint j = 0; j < p; j++)
    {
      SondeCoefficient *c = &m->coefficients[j];

      c->name = g_strdup (d.names->pdata[j]);
      c->estimate = gsl_vector_get (beta, j);
      c->std_error = sqrt (variance_of (inv, p, j, 1.0));
      c->statistic = c->estimate / c->std_error;
      c->p = 2.0 * gsl_cdf_ugaussian_Q (fabs (c->statistic));
      c->conf_low = c->estimate - z_crit * c->std_error;
      c->conf_high = c->estimate + z_crit * c->std_error;
      c->odds_ratio = exp (c->estimate);
      c->odds_ratio_low = exp (c->conf_low);
      c->odds_ratio_high = exp (c->conf_high);
    }

  gsl_matrix_free (qr);
  gsl_vector_free (tau);
  gsl_vector_free (z);
  gsl_vector_free (beta);
  gsl_vector_free (resid);
  return g_steal_pointer (&m);
}

/**
 * sonde_logistic_model_free:
 * @model: (nullable) (transfer full): a result of
 *   sonde_stats_logistic_regression()
 *
 * Frees @model and its arrays.
 */
void
sonde_logistic_model_free (SondeLogisticModel *model)
{
  if (model == NULL)
    return;
  for (guint j = 0; j < model->n_coefficients; j++)
    g_free (model->coefficients[j].name);
  g_free (model->coefficients);
  g_free (model->positive_level);
  g_free (model);
}
