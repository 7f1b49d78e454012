/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sonde-stats-chisq"

/* Pearson's chi-square test of independence between two categorical
 * variables, from a contingency table of counts or from two columns of a
 * table. The figures match R's chisq.test(): Yates' continuity correction,
 * when asked for, applies to 2 × 2 tables only and is capped at half the
 * smallest |observed − expected| as R does; the warning that the
 * approximation may be poor is raised when any expected count is below 5.
 * Cramér's V is computed from the uncorrected X², as is usual.
 *
 * Rows and columns of the contingency table that hold no count are left
 * out before the test, since they would only divide by zero; what remains
 * must be at least 2 × 2. Tables are small (tens of categories), the
 * columns may be long: building the table is one pass over the rows with a
 * hash table of labels per column.
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <glib/gi18n-lib.h>
#include <gsl/gsl_cdf.h>

#include "sonde-error.h"
#include "sonde-stats-chisq.h"

/* The core. @row_labels and @col_labels are optional; the labels of the
 * rows and columns kept are copied. */
static SondeChisq *
chisq_compute (const double  *counts,
               guint          n_rows,
               guint          n_cols,
               char * const  *row_labels,
               char * const  *col_labels,
               gboolean       correct,
               GError       **error)
{
  g_autoptr(SondeChisq) chisq = NULL;
  g_autofree double *row_sums = g_new0 (double, MAX (n_rows, 1));
  g_autofree double *col_sums = g_new0 (double, MAX (n_cols, 1));
  g_autofree guint *rows = g_new (guint, MAX (n_rows, 1));
  g_autofree guint *cols = g_new (guint, MAX (n_cols, 1));
  guint nr = 0;
  guint nc = 0;
  double total = 0;
  double yates = 0;
  double x2 = 0;
  double x2_uncorrected = 0;

  for (guint i = 0; i < n_rows; i++)
    for (guint j = 0; j < n_cols; j++)
      {
        double c = counts[(gsize) i * n_cols + j];

        if (!isfinite (c) || c < 0)
          {
            g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                         _("The count in row %u, column %u of the contingency table is %g; counts must be zero or more."),
                         i + 1, j + 1, c);
            return NULL;
          }
        row_sums[i] += c;
        col_sums[j] += c;
        total += c;
      }

  for (guint i = 0; i < n_rows; i++)
    if (row_sums[i] > 0)
      rows[nr++] = i;
  for (guint j = 0; j < n_cols; j++)
    if (col_sums[j] > 0)
      cols[nc++] = j;

  if (nr < 2 || nc < 2)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                   _("The chi-square test needs at least 2 categories on each side with some counts, but the table has %u × %u once empty rows and columns are left out. Choose variables that each take at least two values."),
                   nr, nc);
      return NULL;
    }

  chisq = g_new0 (SondeChisq, 1);
  chisq->n_rows = nr;
  chisq->n_cols = nc;
  chisq->observed = g_new (double, (gsize) nr * nc);
  chisq->expected = g_new (double, (gsize) nr * nc);
  chisq->total = total;
  if (row_labels != NULL)
    {
      chisq->row_labels = g_new0 (char *, nr + 1);
      for (guint i = 0; i < nr; i++)
        chisq->row_labels[i] = g_strdup (row_labels[rows[i]]);
    }
  if (col_labels != NULL)
    {
      chisq->col_labels = g_new0 (char *, nc + 1);
      for (guint j = 0; j < nc; j++)
        chisq->col_labels[j] = g_strdup (col_labels[cols[j]]);
    }

  for (guint i = 0; i < nr; i++)
    for (guint j = 0; j < nc; j++)
      {
        gsize cell = (gsize) i * nc + j;
        double e = row_sums[rows[i]] * col_sums[cols[j]] / total;

        chisq->observed[cell] = counts[(gsize) rows[i] * n_cols + cols[j]];
        chisq->expected[cell] = e;
        if (e < 5)
          chisq->low_expected = TRUE;
      }

  if (correct && nr == 2 && nc == 2)
    {
      yates = 0.5;
      for (gsize cell = 0; cell < 4; cell++)
        yates = MIN (yates, fabs (chisq->observed[cell] - chisq->expected[cell]));
    }
  chisq->yates = yates > 0;

  for (gsize cell = 0; cell < (gsize) nr * nc; cell++)
    {
      double d = fabs (chisq->observed[cell] - chisq->expected[cell]);

      x2 += (d - yates) * (d - yates) / chisq->expected[cell];
      x2_uncorrected += d * d / chisq->expected[cell];
    }

  chisq->statistic = x2;
  chisq->df = (double) (nr - 1) * (nc - 1);
  chisq->p_value = gsl_cdf_chisq_Q (x2, chisq->df);
  chisq->cramers_v = sqrt (x2_uncorrected / (total * (MIN (nr, nc) - 1)));

  return g_steal_pointer (&chisq);
}

/**
 * sonde_chisq_new_from_counts:
 * @counts: (array): @n_rows × @n_cols counts, row-major
 * @n_rows: the number of rows
 * @n_cols: the number of columns
 * @correct: whether to apply Yates' continuity correction to a 2 × 2 table
 * @error: return location for a #GError
 *
 * Tests the independence of the rows and columns of a contingency table,
 * as R's `chisq.test (counts, correct = correct)`. Rows and columns whose
 * counts are all zero are left out first.
 *
 * Fails with %SONDE_ERROR_INVALID when a count is negative or not finite,
 * or when fewer than 2 rows or 2 columns hold some count.
 *
 * Returns: (transfer full) (nullable): the result, to free with
 *   sonde_chisq_free(), or %NULL on failure.
 */
SondeChisq *
sonde_chisq_new_from_counts (const double  *counts,
                             guint          n_rows,
                             guint          n_cols,
                             gboolean       correct,
                             GError       **error)
{
  g_return_val_if_fail (counts != NULL || n_rows == 0 || n_cols == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return chisq_compute (counts, n_rows, n_cols, NULL, NULL, correct, error);
}

typedef struct
{
  char   *label;
  double  number;
  guint   index;
} Level;

static int
compare_levels (const void *a,
                const void *b)
{
  const Level *la = a;
  const Level *lb = b;

  if (!isnan (la->number) && !isnan (lb->number) && la->number != lb->number)
    return (la->number > lb->number) - (la->number < lb->number);
  return g_utf8_collate (la->label, lb->label);
}

/* The distinct values of @column over the rows where @use is set, sorted
 * as R's table() sorts them: numbers by value, labels alphabetically.
 * Fills @codes with each row's position among them. */
static GArray *
collect_levels (SondeColumn    *column,
                const gboolean *use,
                guint           n_rows,
                guint          *codes)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GArray) levels = g_array_new (FALSE, FALSE, sizeof (Level));
  g_autofree guint *rank = NULL;

  for (guint r = 0; r < n_rows; r++)
    {
      g_autofree char *label = NULL;
      gpointer found;

      if (!use[r])
        continue;
      label = sonde_column_format_value (column, r);
      if (g_hash_table_lookup_extended (seen, label, NULL, &found))
        codes[r] = GPOINTER_TO_UINT (found);
      else
        {
          Level level = { g_steal_pointer (&label), sonde_column_get_number (column, r), levels->len };

          codes[r] = levels->len;
          g_hash_table_insert (seen, level.label, GUINT_TO_POINTER (levels->len));
          g_array_append_val (levels, level);
        }
    }

  qsort (levels->data, levels->len, sizeof (Level), compare_levels);
  rank = g_new (guint, MAX (levels->len, 1));
  for (guint i = 0; i < levels->len; i++)
    rank[g_array_index (levels, Level, i).index] = i;
  for (guint r = 0; r < n_rows; r++)
    if (use[r])
      codes[r] = rank[codes[r]];

  return g_steal_pointer (&levels);
}

static char **
levels_to_labels (GArray *levels)
{
  char **labels = g_new0 (char *, levels->len + 1);

  for (guint i = 0; i < levels->len; i++)
    labels[i] = g_array_index (levels, Level, i).label;

  return labels;
}

/**
 * sonde_chisq_new_from_columns:
 * @rows: the column whose values make the rows of the contingency table
 * @cols: the column whose values make its columns, as long as @rows
 * @correct: whether to apply Yates' continuity correction to a 2 × 2 table
 * @error: return location for a #GError
 *
 * Cross-tabulates @rows and @cols over the rows where both have a value
 * and tests their independence, as R's
 * `chisq.test (table (rows, cols), correct = correct)`. Any column type is
 * accepted: each distinct value is a category, numbers sorted by value and
 * labels alphabetically.
 *
 * Fails with %SONDE_ERROR_INVALID when the columns differ in length, or
 * when fewer than 2 distinct values of either remain.
 *
 * Returns: (transfer full) (nullable): the result, with row and column
 *   labels, to free with sonde_chisq_free(), or %NULL on failure.
 */
SondeChisq *
sonde_chisq_new_from_columns (SondeColumn  *rows,
                              SondeColumn  *cols,
                              gboolean      correct,
                              GError      **error)
{
  g_autofree gboolean *use = NULL;
  g_autofree guint *row_codes = NULL;
  g_autofree guint *col_codes = NULL;
  g_autoptr(GArray) row_levels = NULL;
  g_autoptr(GArray) col_levels = NULL;
  g_autofree char **row_labels = NULL;
  g_autofree char **col_labels = NULL;
  g_autofree double *counts = NULL;
  SondeChisq *chisq;
  guint n;

  g_return_val_if_fail (SONDE_IS_COLUMN (rows), NULL);
  g_return_val_if_fail (SONDE_IS_COLUMN (cols), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  n = sonde_column_get_n_rows (rows);
  if (sonde_column_get_n_rows (cols) != n)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                   _("The columns “%s” and “%s” have %u and %u rows; they must have as many to be cross-tabulated."),
                   sonde_column_get_name (rows), sonde_column_get_name (cols),
                   n, sonde_column_get_n_rows (cols));
      return NULL;
    }

  use = g_new (gboolean, MAX (n, 1));
  row_codes = g_new (guint, MAX (n, 1));
  col_codes = g_new (guint, MAX (n, 1));
  for (guint r = 0; r < n; r++)
    use[r] = !sonde_column_is_missing (rows, r) && !sonde_column_is_missing (cols, r);

  row_levels = collect_levels (rows, use, n, row_codes);
  col_levels = collect_levels (cols, use, n, col_codes);
  row_labels = levels_to_labels (row_levels);
  col_labels = levels_to_labels (col_levels);

  if (row_levels->len < 2 || col_levels->len < 2)
    {
      SondeColumn *lacking = row_levels->len < 2 ? rows : cols;

      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                   _("The column “%s” takes fewer than 2 distinct values in the rows where both columns have a value, so there is nothing to cross-tabulate."),
                   sonde_column_get_name (lacking));
      chisq = NULL;
    }
  else
    {
      counts = g_new0 (double, (gsize) row_levels->len * col_levels->len);
      for (guint r = 0; r < n; r++)
        if (use[r])
          counts[(gsize) row_codes[r] * col_levels->len + col_codes[r]] += 1;

      chisq = chisq_compute (counts, row_levels->len, col_levels->len,
                             row_labels, col_labels, correct, error);
    }

  for (guint i = 0; i < row_levels->len; i++)
    g_free (g_array_index (row_levels, Level, i).label);
  for (guint i = 0; i < col_levels->len; i++)
    g_free (g_array_index (col_levels, Level, i).label);

  return chisq;
}

/**
 * sonde_chisq_free:
 * @chisq: (nullable) (transfer full): a result
 *
 * Frees @chisq and its arrays. Does nothing with %NULL.
 */
void
sonde_chisq_free (SondeChisq *chisq)
{
  if (chisq == NULL)
    return;

  g_strfreev (chisq->row_labels);
  g_strfreev (chisq->col_labels);
  g_free (chisq->observed);
  g_free (chisq->expected);
  g_free (chisq);
}
