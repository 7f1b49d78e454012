/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sonde-stats-correlation"

/* Correlation between two numeric variables, and between every pair of
 * several columns of a table. Three coefficients: Pearson's r, Spearman's
 * rho (Pearson on average ranks) and Kendall's tau-b. The tests give the
 * same figures as R's cor.test() with `exact = FALSE`: Student's t with
 * n − 2 degrees of freedom for r and rho, a Fisher-z confidence interval
 * for r, and for tau the normal approximation with the variance of S
 * corrected for ties in both variables.
 *
 * Missing values are NaN; a pair where either value is missing is left
 * out. Pearson and Spearman take O(n log n) time and O(n) memory, so a
 * million rows is fine. Kendall compares every pair with every other, in
 * O(n²) time, and so refuses more than SONDE_CORRELATION_KENDALL_MAX_N
 * pairs rather than freeze the workbench.
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <glib/gi18n-lib.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_statistics_double.h>

#include "sonde-error.h"
#include "sonde-stats-correlation.h"

typedef enum
{
  STATUS_OK,
  STATUS_TOO_FEW,
  STATUS_CONSTANT,
  STATUS_TOO_MANY,
} Status;

typedef struct
{
  double value;
  gsize  index;
} Item;

static int
compare_items (const void *a,
               const void *b)
{
  const Item *ia = a;
  const Item *ib = b;

  if (ia->value < ib->value)
    return -1;
  if (ia->value > ib->value)
    return 1;
  return (ia->index > ib->index) - (ia->index < ib->index);
}

/* Average ranks (1-based), as R's rank() with ties.method = "average". */
static void
rank_average (const double *values,
              gsize         n,
              double       *ranks)
{
  g_autofree Item *items = g_new (Item, n);

  for (gsize i = 0; i < n; i++)
    items[i] = (Item) { values[i], i };
  qsort (items, n, sizeof (Item), compare_items);

  for (gsize i = 0; i < n;)
    {
      gsize j = i + 1;

      while (j < n && items[j].value == items[i].value)
        j++;
      /* Ranks i+1 .. j share their mean. */
      for (gsize k = i; k < j; k++)
        ranks[items[k].index] = (i + 1 + j) / 2.0;
      i = j;
    }
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double da = *(const double *) a;
  double db = *(const double *) b;

  return (da > db) - (da < db);
}

/* The sums over groups of tied values that R's cor.test() needs: with t
 * the size of a group, s1 = Σ t(t−1), s2 = Σ t(t−1)(t−2) and
 * s5 = Σ t(t−1)(2t+5). */
static void
tie_sums (const double *values,
          gsize         n,
          double       *s1,
          double       *s2,
          double       *s5)
{
  g_autofree double *sorted = g_memdup2 (values, n * sizeof (double));

  qsort (sorted, n, sizeof (double), compare_doubles);
  *s1 = *s2 = *s5 = 0.0;
  for (gsize i = 0; i < n;)
    {
      gsize j = i + 1;
      double t;

      while (j < n && sorted[j] == sorted[i])
        j++;
      t = (double) (j - i);
      *s1 += t * (t - 1);
      *s2 += t * (t - 1) * (t - 2);
      *s5 += t * (t - 1) * (2 * t + 5);
      i = j;
    }
}

static gboolean
is_constant (const double *values,
             gsize         n)
{
  for (gsize i = 1; i < n; i++)
    if (values[i] != values[0])
      return FALSE;
  return TRUE;
}

/* p-value of a statistic whose distribution under the null hypothesis
 * has the given lower and upper tails at the observed value. */
static double
tails_to_p (double                      lower,
            double                      upper,
            SondeAlternative alternative)
{
  switch (alternative)
    {
    case SONDE_ALTERNATIVE_LESS:
      return lower;
    case SONDE_ALTERNATIVE_GREATER:
      return upper;
    case SONDE_ALTERNATIVE_TWO_SIDED:
    default:
      return MIN (1.0, 2.0 * MIN (lower, upper));
    }
}

static void
t_test (double                      r,
        gsize                       n,
        SondeAlternative alternative,
        double                     *t,
        double                     *p)
{
  double df = (double) n - 2;

  *t = sqrt (df) * r / sqrt (1 - r * r);
  *p = tails_to_p (gsl_cdf_tdist_P (*t, df), gsl_cdf_tdist_Q (*t, df), alternative);
}

static double
kendall_s (const double *x,
           const double *y,
           gsize         n)
{
  gint64 s = 0;

  for (gsize i = 0; i < n; i++)
    for (gsize j = i + 1; j < n; j++)
      {
        int sx = (x[i] < x[j]) - (x[i] > x[j]);
        int sy = (y[i] < y[j]) - (y[i] > y[j]);

        s += sx * sy;
      }

  return (double) s;
}

/* The core, on complete pairs only. Fills @result except on failure. */
static Status
correlate (const double                *x,
           const double                *y,
           gsize                        n,
           SondeCorrelationMethod       method,
           SondeAlternative  alternative,
           double                       conf_level,
           SondeCorrelation            *result)
{
  double nd = (double) n;

  if (n < 3)
    return STATUS_TOO_FEW;
  if (is_constant (x, n) || is_constant (y, n))
    return STATUS_CONSTANT;
  if (method == SONDE_CORRELATION_KENDALL && n > SONDE_CORRELATION_KENDALL_MAX_N)
    return STATUS_TOO_MANY;

  *result = (SondeCorrelation) {
    .method = method,
    .alternative = alternative,
    .n = (guint) n,
    .df = NAN,
    .conf_level = conf_level,
    .conf_low = NAN,
    .conf_high = NAN,
  };

  switch (method)
    {
    case SONDE_CORRELATION_PEARSON:
      result->estimate = gsl_stats_correlation (x, 1, y, 1, n);
      result->df = nd - 2;
      t_test (result->estimate, n, alternative, &result->statistic, &result->p_value);
      if (n > 3)
        {
          double z = atanh (result->estimate);
          double sigma = 1 / sqrt (nd - 3);

          switch (alternative)
            {
            case SONDE_ALTERNATIVE_LESS:
              result->conf_low = -1;
              result->conf_high = tanh (z + sigma * gsl_cdf_ugaussian_Pinv (conf_level));
              break;
            case SONDE_ALTERNATIVE_GREATER:
              result->conf_low = tanh (z - sigma * gsl_cdf_ugaussian_Pinv (conf_level));
              result->conf_high = 1;
              break;
            case SONDE_ALTERNATIVE_TWO_SIDED:
            default:
              {
                double h = sigma * gsl_cdf_ugaussian_Pinv ((1 + conf_level) / 2);

                result->conf_low = tanh (z - h);
                result->conf_high = tanh (z + h);
              }
              break;
            }
        }
      break;

    case SONDE_CORRELATION_SPEARMAN:
      {
        g_autofree double *rx = g_new (double, n);
        g_autofree double *ry = g_new (double, n);
        double t;

        rank_average (x, n, rx);
        rank_average (y, n, ry);
        result->estimate = gsl_stats_correlation (rx, 1, ry, 1, n);
        result->statistic = (nd * nd * nd - nd) * (1 - result->estimate) / 6;
        t_test (result->estimate, n, alternative, &t, &result->p_value);
      }
      break;

    case SONDE_CORRELATION_KENDALL:
    default:
      {
        double s = kendall_s (x, y, n);
        double t0 = nd * (nd - 1) / 2;
        double x1, x2, x5, y1, y2, y5, var_s, z;

        tie_sums (x, n, &x1, &x2, &x5);
        tie_sums (y, n, &y1, &y2, &y5);
        result->estimate = s / sqrt ((t0 - x1 / 2) * (t0 - y1 / 2));
        /* The variance of S under independence with ties in both
         * variables, as in R's cor.test() (Kendall 1970, eq. 4.4). */
        var_s = (nd * (nd - 1) * (2 * nd + 5) - x5 - y5) / 18
                + x1 * y1 / (2 * nd * (nd - 1))
                + x2 * y2 / (9 * nd * (nd - 1) * (nd - 2));
        z = s / sqrt (var_s);
        result->statistic = z;
        result->p_value = tails_to_p (gsl_cdf_ugaussian_P (z), gsl_cdf_ugaussian_Q (z), alternative);
      }
      break;
    }

  return STATUS_OK;
}

static const char *
method_label (SondeCorrelationMethod method)
{
  switch (method)
    {
    case SONDE_CORRELATION_SPEARMAN:
      return _("Spearman’s rho");
    case SONDE_CORRELATION_KENDALL:
      return _("Kendall’s tau");
    case SONDE_CORRELATION_PEARSON:
    default:
      return _("Pearson’s r");
    }
}

/**
 * sonde_correlation_test:
 * @x: (array length=n): the first variable; NaN marks a missing value
 * @y: (array length=n): the second variable, paired with @x
 * @n: the length of both arrays
 * @method: the coefficient
 * @alternative: the alternative hypothesis
 * @conf_level: the level of Pearson's confidence interval, strictly
 *   between 0 and 1 (0.95 as a rule); ignored by the other methods
 * @result: (out caller-allocates): where to store the result
 * @error: return location for a #GError
 *
 * Measures and tests the correlation of @x and @y, leaving out every pair
 * where either value is NaN. The figures match R's
 * `cor.test (x, y, method = ..., alternative = ..., exact = FALSE)`.
 *
 * Fails with %SONDE_ERROR_INVALID when fewer than 3 complete pairs remain,
 * when either variable is constant over them, or when @conf_level is out of
 * range; and with %SONDE_ERROR_TOO_LARGE when Kendall's tau is asked of
 * more than %SONDE_CORRELATION_KENDALL_MAX_N pairs. @result is left alone
 * on failure.
 *
 * Returns: %TRUE on success.
 */
gboolean
sonde_correlation_test (const double                *x,
                        const double                *y,
                        gsize                        n,
                        SondeCorrelationMethod       method,
                        SondeAlternative  alternative,
                        double                       conf_level,
                        SondeCorrelation            *result,
                        GError                     **error)
{
  g_autofree double *xs = NULL;
  g_autofree double *ys = NULL;
  gsize m = 0;

  g_return_val_if_fail (x != NULL || n == 0, FALSE);
  g_return_val_if_fail (y != NULL || n == 0, FALSE);
  g_return_val_if_fail (method <= SONDE_CORRELATION_KENDALL, FALSE);
  g_return_val_if_fail (alternative <= SONDE_ALTERNATIVE_GREATER, FALSE);
  g_return_val_if_fail (result != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (method == SONDE_CORRELATION_PEARSON && !(conf_level > 0 && conf_level < 1))
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                   _("The confidence level must be strictly between 0 and 1, such as 0.95; %g was given."),
                   conf_level);
      return FALSE;
    }

  xs = g_new (double, MAX (n, 1));
  ys = g_new (double, MAX (n, 1));
  for (gsize i = 0; i < n; i++)
    if (!isnan (x[i]) && !isnan (y[i]))
      {
        xs[m] = x[i];
        ys[m] = y[i];
        m++;
      }

  switch (correlate (xs, ys, m, method, alternative, conf_level, result))
    {
    case STATUS_OK:
      return TRUE;
    case STATUS_TOO_FEW:
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                   _("%s needs at least 3 rows where both variables have a value; only %u such rows were found."),
                   method_label (method), (guint) m);
      return FALSE;
    case STATUS_CONSTANT:
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                   _("One of the variables has the same value in every complete row, so its correlation is not defined. Choose a variable that varies."));
      return FALSE;
    case STATUS_TOO_MANY:
    default:
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_TOO_LARGE,
                   _("Kendall’s tau is limited to %d complete rows and there are %u. Use Spearman’s rho instead, or a sample of the rows."),
                   SONDE_CORRELATION_KENDALL_MAX_N, (guint) MIN (m, G_MAXUINT));
      return FALSE;
    }
}

/**
 * sonde_correlation_matrix_new:
 * @table: the table
 * @columns: (array length=n_columns): indices of numeric columns of @table
 * @n_columns: how many, at least 2
 * @method: the coefficient
 * @missing: pairwise or listwise handling of missing values
 * @error: return location for a #GError
 *
 * Computes the correlation and its two-sided p-value for every pair of
 * the chosen columns. A pair that cannot be measured (fewer than 3
 * complete rows, or a column constant over them) gets NaN rather than
 * failing the whole matrix.
 *
 * Fails with %SONDE_ERROR_INVALID when fewer than 2 columns are given, an
 * index is out of range or a column is not numeric; with
 * %SONDE_ERROR_TOO_LARGE when Kendall's tau would use more than
 * %SONDE_CORRELATION_KENDALL_MAX_N rows.
 *
 * Returns: (transfer full) (nullable): the matrix, to free with
 *   sonde_correlation_matrix_free(), or %NULL on failure.
 */
SondeCorrelationMatrix *
sonde_correlation_matrix_new (SondeTable              *table,
                              const guint             *columns,
                              guint                    n_columns,
                              SondeCorrelationMethod   method,
                              SondeCorrelationMissing  missing,
                              GError                 **error)
{
  g_autoptr(SondeCorrelationMatrix) matrix = NULL;
  g_autofree double *values = NULL;
  g_autofree gboolean *complete = NULL;
  g_autofree double *xs = NULL;
  g_autofree double *ys = NULL;
  guint n_rows;
  guint k = n_columns;

  g_return_val_if_fail (SONDE_IS_TABLE (table), NULL);
  g_return_val_if_fail (columns != NULL || n_columns == 0, NULL);
  g_return_val_if_fail (method <= SONDE_CORRELATION_KENDALL, NULL);
  g_return_val_if_fail (missing <= SONDE_CORRELATION_LISTWISE, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (k < 2)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                   _("A correlation matrix needs at least 2 columns; %u was chosen."), k);
      return NULL;
    }

  n_rows = sonde_table_get_n_rows (table);
  values = g_new (double, (gsize) k * MAX (n_rows, 1));
  for (guint c = 0; c < k; c++)
    {
      SondeColumn *column;

      if (columns[c] >= sonde_table_get_n_columns (table))
        {
          g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                       _("The table has %u columns, so there is no column number %u."),
                       sonde_table_get_n_columns (table), columns[c] + 1);
          return NULL;
        }
      column = sonde_table_get_column (table, columns[c]);
      if (!sonde_column_type_is_numeric (sonde_column_get_column_type (column)))
        {
          g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                       _("The column “%s” holds %s, not numbers, so it cannot be correlated. Leave it out of the matrix."),
                       sonde_column_get_name (column),
                       sonde_column_type_get_label (sonde_column_get_column_type (column)));
          return NULL;
        }
      for (guint r = 0; r < n_rows; r++)
        values[(gsize) c * n_rows + r] = sonde_column_get_number (column, r);
    }

  complete = g_new (gboolean, MAX (n_rows, 1));
  for (guint r = 0; r < n_rows; r++)
    {
      complete[r] = TRUE;
      if (missing == SONDE_CORRELATION_LISTWISE)
        for (guint c = 0; c < k; c++)
          if (isnan (values[(gsize) c * n_rows + r]))
            complete[r] = FALSE;
    }

  matrix = g_new0 (SondeCorrelationMatrix, 1);
  matrix->method = method;
  matrix->missing = missing;
  matrix->k = k;
  matrix->estimates = g_new (double, (gsize) k * k);
  matrix->p_values = g_new (double, (gsize) k * k);
  matrix->counts = g_new0 (guint, (gsize) k * k);

  xs = g_new (double, MAX (n_rows, 1));
  ys = g_new (double, MAX (n_rows, 1));
  for (guint i = 0; i < k; i++)
    for (guint j = i; j < k; j++)
      {
        const double *vi = values + (gsize) i * n_rows;
        const double *vj = values + (gsize) j * n_rows;
        SondeCorrelation result;
        double estimate = NAN;
        double p = NAN;
        gsize m = 0;

        for (guint r = 0; r < n_rows; r++)
          if (complete[r] && !isnan (vi[r]) && !isnan (vj[r]))
            {
              xs[m] = vi[r];
              ys[m] = vj[r];
              m++;
            }

        if (i == j)
          estimate = is_constant (xs, m) ? NAN : 1.0;
        else
          switch (correlate (xs, ys, m, method, SONDE_ALTERNATIVE_TWO_SIDED, 0.95, &result))
            {
            case STATUS_OK:
              estimate = result.estimate;
              p = result.p_value;
              break;
            case STATUS_TOO_MANY:
              g_set_error (error, SONDE_ERROR, SONDE_ERROR_TOO_LARGE,
                           _("Kendall’s tau is limited to %d complete rows and there are %u. Use Spearman’s rho instead, or a sample of the rows."),
                           SONDE_CORRELATION_KENDALL_MAX_N, (guint) m);
              return NULL;
            case STATUS_TOO_FEW:
            case STATUS_CONSTANT:
            default:
              break;
            }

        matrix->estimates[(gsize) i * k + j] = matrix->estimates[(gsize) j * k + i] = estimate;
        matrix->p_values[(gsize) i * k + j] = matrix->p_values[(gsize) j * k + i] = p;
        matrix->counts[(gsize) i * k + j] = matrix->counts[(gsize) j * k + i] = (guint) m;
      }

  return g_steal_pointer (&matrix);
}

/**
 * sonde_correlation_matrix_free:
 * @matrix: (nullable) (transfer full): a matrix
 *
 * Frees @matrix and its arrays. Does nothing with %NULL.
 */
void
sonde_correlation_matrix_free (SondeCorrelationMatrix *matrix)
{
  if (matrix == NULL)
    return;

  g_free (matrix->estimates);
  g_free (matrix->p_values);
  g_free (matrix->counts);
  g_free (matrix);
}
