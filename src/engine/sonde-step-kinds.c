/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sonde-engine"

/* The kinds of clean step: for each, the check of its parameters, what
 * it learns (fit) and how it transforms a table (apply), as the table of
 * kinds at the end of this file lists them. SondePipeline
 * (sonde-pipeline.c) runs them; a step never changes its input table and
 * shares the columns it does not touch.
 *
 * Parameters are JSON, as a person writes them in a pipeline file; what
 * a step learns is JSON too, saved with the pipeline, so a replay needs
 * nothing but the file. Numbers learned are written as JSON numbers with
 * 17 significant digits (json-glib), which read back to the same double.
 *
 * Sizes: up to tens of millions of rows. Steps walk column arrays; the
 * text steps allocate per changed value only. Grouping (deduplicate,
 * aggregate, join) hashes each row's key into 64 bits, radix-sorts the
 * row indices by hash and compares the rows of equal hash, so it needs
 * two arrays of n pairs, never a hash table entry per row. Medians and
 * quartiles are selected, not sorted. bench/pipeline times 10 M rows.
 *
 * Conventions a person should know, also in the README:
 *  - missing values: NaN in a real column counts as missing;
 *  - quantiles interpolate linearly between order statistics (type 7,
 *    numpy's and pandas' default);
 *  - standardise divides by the population standard deviation (n), as
 *    scikit-learn's StandardScaler; a constant column is only centred;
 *  - one-hot: yes/no columns; a value not seen when fitting, or missing,
 *    gives all no (false);
 *  - ordinal: a value not seen when fitting becomes missing;
 *  - binning: bin i holds edges[i] ≤ x < edges[i+1], the last bin its
 *    upper edge too; values outside the learned edges go to the first or
 *    last bin (scikit-learn's KBinsDiscretizer);
 *  - impute knn: scikit-learn's KNNImputer (nan_euclidean, uniform);
 *  - join keys: a missing key matches nothing, as in SQL; the output
 *    keeps the order of the left rows, then the right rows unmatched;
 *  - aggregate: groups in the order they first appear, missing keys one
 *    group (pandas' groupby(sort=False, dropna=False));
 *  - generalise: numbers become the interval of "width" that holds them,
 *    [lo, lo + width) with lo a multiple of width; dates a year or month;
 *  - pseudonymise: the salt is stored in the pipeline file: whoever has
 *    the file and a guess of a value can check the guess, so share the
 *    cleaned data, not the pipeline.
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "sonde-column-private.h"
#include "sonde-error.h"
#include "sonde-expr.h"
#include "sonde-pca.h"
#include "sonde-text-vector.h"
#include "sonde-step-private.h"

/* ---- Parameters ---- */

static gboolean
param_error (GError     **error,
             const char  *name,
             const char  *expected)
{
  g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
               /* Translators: %s are a parameter name and what it must be ("a string") */
               _("the parameter “%s” must be %s."), name, expected);
  return FALSE;
}

static gboolean
missing_param (GError     **error,
               const char  *name)
{
  g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
               /* Translators: %s is a parameter name */
               _("the parameter “%s” is missing."), name);
  return FALSE;
}

static gboolean
node_is_string (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

static gboolean
node_is_number (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         (json_node_get_value_type (node) == G_TYPE_INT64 || json_node_get_value_type (node) == G_TYPE_DOUBLE);
}

/* A string parameter; @def when absent (NULL: required). */
static gboolean
get_string (JsonObject  *params,
            const char  *name,
            const char  *def,
            const char **out,
            GError     **error)
{
  JsonNode *node = json_object_get_member (params, name);

  if (node == NULL)
    {
      if (def == NULL)
        return missing_param (error, name);
      *out = def;
      return TRUE;
    }
  if (!node_is_string (node))
    return param_error (error, name, _("a string"));
  *out = json_node_get_string (node);
  return TRUE;
}

/* A string among @choices (NULL-terminated); returns its index. */
static gboolean
get_choice (JsonObject          *params,
            const char          *name,
            const char          *def,
            const char * const  *choices,
            guint               *out,
            GError             **error)
{
  const char *value;

  if (!get_string (params, name, def, &value, error))
    return FALSE;
  for (guint i = 0; choices[i] != NULL; i++)
    if (strcmp (choices[i], value) == 0)
      {
        *out = i;
        return TRUE;
      }
  {
    g_autofree char *list = g_strjoinv (", ", (char **) choices);

    g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                 /* Translators: a parameter value, the parameter, the values allowed */
                 _("“%s” is not a value of “%s”: use one of %s."), value, name, list);
  }
  return FALSE;
}

static gboolean
get_number (JsonObject  *params,
            const char  *name,
            double       def,
            double      *out,
            GError     **error)
{
  JsonNode *node = json_object_get_member (params, name);

  if (node == NULL)
    {
      if (isnan (def))
        return missing_param (error, name);
      *out = def;
      return TRUE;
    }
  if (!node_is_number (node))
    return param_error (error, name, _("a number"));
  *out = json_node_get_double (node);
  return TRUE;
}

static gboolean
get_count (JsonObject  *params,
           const char  *name,
           gint64       def,
           gint64       min,
           gint64      *out,
           GError     **error)
{
  JsonNode *node = json_object_get_member (params, name);

  if (node == NULL)
    {
      if (def < 0)
        return missing_param (error, name);
      *out = def;
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
      json_node_get_int (node) < min || json_node_get_int (node) > 100000)
    {
      g_autofree char *low = g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) min);
      /* Translators: %s is the smallest number allowed */
      g_autofree char *what = g_strdup_printf (_("a whole number from %s to 100000"), low);

      return param_error (error, name, what);
    }
  *out = json_node_get_int (node);
  return TRUE;
}

static gboolean
get_boolean (JsonObject  *params,
             const char  *name,
             gboolean     def,
             gboolean    *out,
             GError     **error)
{
  JsonNode *node = json_object_get_member (params, name);

  if (node == NULL)
    {
      *out = def;
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return param_error (error, name, _("true or false"));
  *out = json_node_get_boolean (node);
  return TRUE;
}

/* A list of names: a JSON array of strings, or one string. NULL in *@out
 * when absent and not @required. */
static gboolean
get_names (JsonObject  *params,
           const char  *name,
           gboolean     required,
           GStrv       *out,
           GError     **error)
{
  JsonNode *node = json_object_get_member (params, name);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonArray *array;

  *out = NULL;
  if (node == NULL)
    return required ? missing_param (error, name) : TRUE;
  if (node_is_string (node))
    {
      g_strv_builder_add (builder, json_node_get_string (node));
      *out = g_strv_builder_end (builder);
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return param_error (error, name, _("a list of column names"));
  array = json_node_get_array (node);
  if (json_array_get_length (array) == 0)
    return param_error (error, name, _("a list of at least one column name"));
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (!node_is_string (element))
        return param_error (error, name, _("a list of column names"));
      g_strv_builder_add (builder, json_node_get_string (element));
    }
  *out = g_strv_builder_end (builder);
  return TRUE;
}

/* ---- Columns and tables ---- */

static int
find_column (SondeTable  *table,
             const char  *name,
             GError     **error)
{
  int index = sonde_table_find_column_index (table, name);

  if (index < 0)
    g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                 /* Translators: a column name, then a dataset name */
                 _("there is no column “%s” in “%s”."), name,
                 sonde_table_get_name (table) != NULL ? sonde_table_get_name (table) : "");
  return index;
}

/* The columns named by @names, or every column when @names is NULL. */
static GArray *
find_columns (SondeTable  *table,
              char       **names,
              GError     **error)
{
  g_autoptr(GArray) indices = g_array_new (FALSE, FALSE, sizeof (guint));

  if (names == NULL)
    {
      for (guint c = 0; c < sonde_table_get_n_columns (table); c++)
        g_array_append_val (indices, c);
      return g_steal_pointer (&indices);
    }
  for (guint i = 0; names[i] != NULL; i++)
    {
      int index = find_column (table, names[i], error);

      if (index < 0)
        return NULL;
      g_array_append_val (indices, index);
    }
  return g_steal_pointer (&indices);
}

static gboolean
need_numeric (SondeColumn  *column,
              GError      **error)
{
  SondeColumnType type = sonde_column_get_column_type (column);

  if (type == SONDE_COLUMN_TYPE_INTEGER || type == SONDE_COLUMN_TYPE_REAL)
    return TRUE;
  g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
               /* Translators: a column name, then its type ("Text") */
               _("“%s” is not a column of numbers (it holds %s): change its type first."),
               sonde_column_get_name (column), sonde_column_type_get_label (type));
  return FALSE;
}

static gboolean
need_text (SondeColumn  *column,
           GError      **error)
{
  SondeColumnType type = sonde_column_get_column_type (column);

  if (type == SONDE_COLUMN_TYPE_TEXT || type == SONDE_COLUMN_TYPE_CATEGORICAL)
    return TRUE;
  g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
               _("“%s” is not a column of text or categories (it holds %s): change its type first."),
               sonde_column_get_name (column), sonde_column_type_get_label (type));
  return FALSE;
}

/* Missing, or NaN in a real column. */
static inline gboolean
is_missing (SondeColumn *column,
            guint        row)
{
  if (sonde_column_is_missing (column, row))
    return TRUE;
  return sonde_column_get_column_type (column) == SONDE_COLUMN_TYPE_REAL &&
         isnan (sonde_column_get_real (column, row));
}

/* A number of an INTEGER or REAL column, NaN when missing. */
static inline double
number_at (SondeColumn *column,
           guint        row)
{
  return sonde_column_get_number (column, row);
}

static inline void
mark_cell (SondeStepContext *ctx,
           guint             row)
{
  ctx->changed[row] = 1;
  ctx->effect->cells_changed++;
}

static inline void
mark_missing_made (SondeStepContext *ctx,
                   guint             row)
{
  mark_cell (ctx, row);
  ctx->effect->cells_missing_made++;
}

/* An empty column with the metadata of @like (and for categories of the
 * same type, the same dictionary in the same order, so codes carry). */
static SondeColumn *
column_new_like (SondeColumn     *like,
                 const char      *name,
                 SondeColumnType  type)
{
  SondeColumn *column = sonde_column_new (name != NULL ? name : sonde_column_get_name (like), type);

  sonde_column_set_role (column, sonde_column_get_role (like));
  sonde_column_set_unit (column, sonde_column_get_unit (like));
  sonde_column_set_description (column, sonde_column_get_description (like));
  sonde_column_set_source (column, sonde_column_get_source (like));
  if (type == SONDE_COLUMN_TYPE_CATEGORICAL && sonde_column_get_column_type (like) == type)
    for (guint i = 0; i < sonde_column_get_n_categories (like); i++)
      sonde_column_add_category (column, sonde_column_get_category_label (like, i), -1);
  return column;
}

/* Appends row @row of @src to @dst. The types must be the same, except
 * that text and categories mix; categories go by label, so @dst may
 * have another dictionary. */
static void
append_from (SondeColumn *dst,
             SondeColumn *src,
             guint        row)
{
  SondeColumnType type = sonde_column_get_column_type (dst);

  if (sonde_column_is_missing (src, row))
    {
      sonde_column_append_missing (dst);
      return;
    }
  switch (type)
    {
    case SONDE_COLUMN_TYPE_INTEGER:
      sonde_column_append_integer (dst, sonde_column_get_integer (src, row));
      break;
    case SONDE_COLUMN_TYPE_REAL:
      sonde_column_append_real (dst, number_at (src, row));
      break;
    case SONDE_COLUMN_TYPE_BOOLEAN:
      sonde_column_append_boolean (dst, sonde_column_get_boolean (src, row));
      break;
    case SONDE_COLUMN_TYPE_CATEGORICAL:
      sonde_column_append_category (dst, sonde_column_get_text (src, row), -1);
      break;
    case SONDE_COLUMN_TYPE_TEXT:
      sonde_column_append_text (dst, sonde_column_get_text (src, row), -1);
      break;
    case SONDE_COLUMN_TYPE_DATE:
      sonde_column_append_date (dst, sonde_column_get_date (src, row));
      break;
    case SONDE_COLUMN_TYPE_DATETIME:
      sonde_column_append_datetime (dst, sonde_column_get_datetime (src, row));
      break;
    default:
      g_assert_not_reached ();
    }
}

/* Row @row of @src in the same column type, categories by code. */
static inline void
append_same (SondeColumn *dst,
             SondeColumn *src,
             guint        row)
{
  if (sonde_column_get_column_type (src) == SONDE_COLUMN_TYPE_CATEGORICAL && !sonde_column_is_missing (src, row))
    sonde_column_append_code (dst, sonde_column_get_code (src, row));
  else
    append_from (dst, src, row);
}

/* The rows @rows of @src (-1: a missing value), a new column named
 * @name (NULL: the name of @src). */
static SondeColumn *
column_gather_named (SondeColumn  *src,
                     const char   *name,
                     const gint64 *rows,
                     guint         n)
{
  SondeColumnType type = sonde_column_get_column_type (src);
  SondeColumn *column = column_new_like (src, name, type);
  const guint64 *missing = _sonde_column_get_missing (src);
  const guint8 *values = _sonde_column_get_values (src);
  guint8 *out;
  guint64 *out_missing;
  gsize size;
  guint n_missing = 0;

  if (type == SONDE_COLUMN_TYPE_TEXT || n == 0)
    {
      sonde_column_reserve (column, n);
      for (guint i = 0; i < n; i++)
        {
          if (rows[i] < 0)
            sonde_column_append_missing (column);
          else
            append_same (column, src, (guint) rows[i]);
        }
      return column;
    }

  /* Fixed-size values are copied straight between the arrays: a removal
   * of rows from 10 M costs a pass, not a call per cell. */
  switch (type)
    {
    case SONDE_COLUMN_TYPE_BOOLEAN: size = 1; break;
    case SONDE_COLUMN_TYPE_CATEGORICAL:
    case SONDE_COLUMN_TYPE_DATE: size = 4; break;
    default: size = 8; break;
    }
  out = _sonde_column_fill_begin (column, n);
  out_missing = _sonde_column_get_missing_for_fill (column);
  for (guint i = 0; i < n; i++)
    {
      if (rows[i] < 0 || _sonde_bitmap_get (missing, (guint) rows[i]))
        {
          out_missing[i / 64] |= G_GUINT64_CONSTANT (1) << (i % 64);
          n_missing++;
        }
      else
        memcpy (out + (gsize) i * size, values + (gsize) rows[i] * size, size);
    }
  _sonde_column_fill_end (column, n_missing, NULL, 0);
  return column;
}

static SondeColumn *
column_gather (SondeColumn  *src,
               const gint64 *rows,
               guint         n)
{
  return column_gather_named (src, NULL, rows, n);
}

/* An empty table of the same name and source. */
static SondeTable *
table_new_like (SondeTable *table)
{
  SondeTable *out = sonde_table_new (sonde_table_get_name (table));

  sonde_table_set_source (out, sonde_table_get_source (table));
  return out;
}

/* A new table of the same name and source, sharing the columns of @table
 * except where @skip (one byte per column, may be NULL) says not to. */
static SondeTable *
table_share (SondeTable   *table,
             const guint8 *skip)
{
  SondeTable *out;

  if (skip == NULL)
    return sonde_table_share (table, NULL);
  out = table_new_like (table);
  for (guint c = 0; c < sonde_table_get_n_columns (table); c++)
    if (!skip[c] && !sonde_table_add_column (out, sonde_table_get_column (table, c), NULL))
      g_assert_not_reached ();
  return out;
}

/* The rows of @table whose @keep byte is set; the others are counted as
 * removed in the effect. */
static SondeTable *
table_keep_rows (SondeStepContext *ctx,
                 SondeTable       *table,
                 const guint8     *keep)
{
  guint n = sonde_table_get_n_rows (table);
  g_autofree gint64 *rows = g_new (gint64, MAX (n, 1));
  guint kept = 0;
  SondeTable *out;

  for (guint r = 0; r < n; r++)
    {
      if (keep[r])
        rows[kept++] = r;
      else
        {
          if (ctx->effect->n_removed_rows < SONDE_STEP_EFFECT_N_ROWS)
            ctx->effect->removed_rows[ctx->effect->n_removed_rows++] = r;
          ctx->effect->rows_removed++;
        }
    }
  if (kept == n)
    return table_share (table, NULL);

  out = table_new_like (table);
  for (guint c = 0; c < sonde_table_get_n_columns (table); c++)
    {
      g_autoptr(SondeColumn) column = column_gather (sonde_table_get_column (table, c), rows, kept);

      if (!sonde_table_add_column (out, column, NULL))
        g_assert_not_reached ();
    }
  return out;
}

static gboolean
add_column (SondeTable   *table,
            SondeColumn  *column,
            GError      **error)
{
  if (!sonde_table_add_column (table, column, NULL))
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                   /* Translators: a column name, then a dataset name */
                   _("the column “%s” would be made twice, or is already in “%s”: choose another name."),
                   sonde_column_get_name (column), sonde_table_get_name (table));
      return FALSE;
    }
  return TRUE;
}

/* ---- Numbers ---- */

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* The present values of a numeric column (INTEGER or REAL), read from
 * the column's arrays; sorted when @sort. */
static double *
present_values (SondeColumn *column,
                gboolean     sort,
                guint       *n_out)
{
  guint n = sonde_column_get_n_rows (column);
  double *values = g_new (double, MAX (n, 1));
  const guint64 *missing = _sonde_column_get_missing (column);
  const void *data = _sonde_column_get_values (column);
  guint k = 0;

  if (sonde_column_get_column_type (column) == SONDE_COLUMN_TYPE_REAL)
    for (guint r = 0; r < n; r++)
      {
        double v = ((const double *) data)[r];

        if (!_sonde_bitmap_get (missing, r) && !isnan (v))
          values[k++] = v;
      }
  else
    for (guint r = 0; r < n; r++)
      if (!_sonde_bitmap_get (missing, r))
        values[k++] = (double) ((const gint64 *) data)[r];
  if (sort)
    qsort (values, k, sizeof (double), compare_doubles);
  *n_out = k;
  return values;
}

/* Type 7 quantile of sorted values. */
static double
quantile (const double *sorted,
          guint         n,
          double        p)
{
  double h = (n - 1) * p;
  guint lo = (guint) floor (h);

  if (lo + 1 >= n)
    return sorted[n - 1];
  return sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]);
}

/* The k-th smallest of @v (0-based), by Wirth's selection: @v is
 * reordered so that what comes after k is no smaller. O(n) on average,
 * against O(n log n) for a sort: what makes a median of 10 M values
 * cheap. */
static double
select_kth (double *v,
            guint   n,
            guint   k)
{
  gint64 l = 0, m = (gint64) n - 1;

  while (l < m)
    {
      double x = v[k];
      gint64 i = l, j = m;

      do
        {
          while (v[i] < x)
            i++;
          while (x < v[j])
            j--;
          if (i <= j)
            {
              double t = v[i];

              v[i] = v[j];
              v[j] = t;
              i++;
              j--;
            }
        }
      while (i <= j);
      if (j < (gint64) k)
        l = i;
      if ((gint64) k < i)
        m = j;
    }
  return v[k];
}

/* Type 7 quantile of unsorted values (reordered). */
static double
quantile_select (double *values,
                 guint   n,
                 double  p)
{
  double h = (n - 1) * p;
  guint lo = (guint) floor (h);
  double a = select_kth (values, n, lo), b;

  if (lo + 1 >= n || h == lo)
    return a;
  /* The next order statistic is the smallest of what follows. */
  b = values[lo + 1];
  for (guint i = lo + 2; i < n; i++)
    b = MIN (b, values[i]);
  return a + (h - lo) * (b - a);
}

static gboolean
no_values (SondeColumn  *column,
           GError      **error)
{
  g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
               /* Translators: a column name */
               _("the column “%s” has no value to learn from."), sonde_column_get_name (column));
  return FALSE;
}

/* ---- Row hashing, for deduplicate, aggregate and join ---- */

static inline guint64
mix64 (guint64 h,
       guint64 v)
{
  h ^= v + G_GUINT64_CONSTANT (0x9e3779b97f4a7c15) + (h << 6) + (h >> 2);
  return h * G_GUINT64_CONSTANT (0xff51afd7ed558ccd);
}

static guint64
hash_bytes (const char *s)
{
  guint64 h = G_GUINT64_CONSTANT (14695981039346656037);

  for (; *s != '\0'; s++)
    h = (h ^ (guchar) *s) * G_GUINT64_CONSTANT (1099511628211);
  return h;
}

/* The hash of one cell; categories by label, so two tables agree. */
static guint64
hash_cell (SondeColumn *column,
           guint        row)
{
  if (is_missing (column, row))
    return G_GUINT64_CONSTANT (0x5bd1e995);
  switch (sonde_column_get_column_type (column))
    {
    case SONDE_COLUMN_TYPE_TEXT:
    case SONDE_COLUMN_TYPE_CATEGORICAL:
      return hash_bytes (sonde_column_get_text (column, row));
    case SONDE_COLUMN_TYPE_REAL:
      {
        double v = sonde_column_get_real (column, row);
        guint64 bits;

        if (v == 0)
          v = 0;   /* -0 and 0 are one value */
        memcpy (&bits, &v, sizeof bits);
        return bits;
      }
    case SONDE_COLUMN_TYPE_INTEGER:
      return (guint64) sonde_column_get_integer (column, row);
    case SONDE_COLUMN_TYPE_BOOLEAN:
      return sonde_column_get_boolean (column, row) ? 1 : 2;
    case SONDE_COLUMN_TYPE_DATE:
      return (guint64) sonde_column_get_date (column, row);
    case SONDE_COLUMN_TYPE_DATETIME:
      return (guint64) sonde_column_get_datetime (column, row);
    default:
      g_assert_not_reached ();
    }
}

/* Whether two cells hold the same value (two missing ones do when
 * @missing_equal). The columns may be of two tables, of the same type
 * or text and categories. */
static gboolean
cells_equal (SondeColumn *a,
             guint        ra,
             SondeColumn *b,
             guint        rb,
             gboolean     missing_equal)
{
  gboolean ma = is_missing (a, ra), mb = is_missing (b, rb);

  if (ma || mb)
    return missing_equal && ma && mb;
  switch (sonde_column_get_column_type (a))
    {
    case SONDE_COLUMN_TYPE_TEXT:
    case SONDE_COLUMN_TYPE_CATEGORICAL:
      if (a == b && sonde_column_get_column_type (a) == SONDE_COLUMN_TYPE_CATEGORICAL)
        return sonde_column_get_code (a, ra) == sonde_column_get_code (b, rb);
      return strcmp (sonde_column_get_text (a, ra), sonde_column_get_text (b, rb)) == 0;
    case SONDE_COLUMN_TYPE_INTEGER:
      return sonde_column_get_integer (a, ra) == sonde_column_get_integer (b, rb);
    case SONDE_COLUMN_TYPE_BOOLEAN:
      return sonde_column_get_boolean (a, ra) == sonde_column_get_boolean (b, rb);
    default:
      return number_at (a, ra) == number_at (b, rb);
    }
}

typedef struct
{
  guint64 hash;
  guint   row;
} HashedRow;

static int
compare_hashed (gconstpointer a,
                gconstpointer b)
{
  const HashedRow *x = a, *y = b;

  if (x->hash != y->hash)
    return x->hash < y->hash ? -1 : 1;
  return (x->row > y->row) - (x->row < y->row);
}

/* Sorts by hash, rows of equal hash staying in row order: a stable LSD
 * radix sort on 16-bit digits, four passes over the array, where qsort
 * and its comparison calls took seconds on 10 M rows. */
static void
sort_hashed (HashedRow *rows,
             guint      n)
{
  g_autofree HashedRow *tmp = NULL;
  g_autofree guint *count = NULL;
  HashedRow *src = rows, *dst;

  if (n < 65536)
    {
      qsort (rows, n, sizeof (HashedRow), compare_hashed);
      return;
    }
  dst = tmp = g_new (HashedRow, n);
  count = g_new (guint, 65536);
  for (guint shift = 0; shift < 64; shift += 16)
    {
      HashedRow *swap;
      guint offset = 0;

      memset (count, 0, 65536 * sizeof (guint));
      for (guint i = 0; i < n; i++)
        count[(src[i].hash >> shift) & 0xffff]++;
      for (guint d = 0; d < 65536; d++)
        {
          guint c = count[d];

          count[d] = offset;
          offset += c;
        }
      for (guint i = 0; i < n; i++)
        dst[count[(src[i].hash >> shift) & 0xffff]++] = src[i];
      swap = src;
      src = dst;
      dst = swap;
    }
  /* Four passes: the result is back in @rows. */
  g_assert (src == rows);
}

/* Mixes the hash of each row's cell of @column into @hashes, reading the
 * column's arrays; the same value hashes the same in every table
 * (categories by label, through a hash per label). */
static void
hash_column (SondeColumn *column,
             guint64     *hashes)
{
  guint n = sonde_column_get_n_rows (column);
  SondeColumnType type = sonde_column_get_column_type (column);
  const guint64 *missing = _sonde_column_get_missing (column);
  const void *data = _sonde_column_get_values (column);
  const guint64 missing_hash = G_GUINT64_CONSTANT (0x5bd1e995);

  switch (type)
    {
    case SONDE_COLUMN_TYPE_CATEGORICAL:
      {
        guint n_labels = sonde_column_get_n_categories (column);
        g_autofree guint64 *by_code = g_new (guint64, MAX (n_labels, 1));

        for (guint c = 0; c < n_labels; c++)
          by_code[c] = hash_bytes (sonde_column_get_category_label (column, c));
        for (guint r = 0; r < n; r++)
          hashes[r] = mix64 (hashes[r], _sonde_bitmap_get (missing, r) ? missing_hash
                                                                       : by_code[((const guint32 *) data)[r]]);
        break;
      }
    case SONDE_COLUMN_TYPE_INTEGER:
    case SONDE_COLUMN_TYPE_DATETIME:
      for (guint r = 0; r < n; r++)
        hashes[r] = mix64 (hashes[r], _sonde_bitmap_get (missing, r) ? missing_hash
                                                                     : (guint64) ((const gint64 *) data)[r]);
      break;
    case SONDE_COLUMN_TYPE_DATE:
      for (guint r = 0; r < n; r++)
        hashes[r] = mix64 (hashes[r], _sonde_bitmap_get (missing, r) ? missing_hash
                                                                     : (guint64) ((const gint32 *) data)[r]);
      break;
    default:
      for (guint r = 0; r < n; r++)
        hashes[r] = mix64 (hashes[r], hash_cell (column, r));
    }
}

static HashedRow *
hash_rows (SondeTable   *table,
           const guint  *columns,
           guint         n_columns)
{
  guint n = sonde_table_get_n_rows (table);
  HashedRow *rows = g_new (HashedRow, MAX (n, 1));
  g_autofree guint64 *hashes = g_new0 (guint64, MAX (n, 1));

  for (guint c = 0; c < n_columns; c++)
    hash_column (sonde_table_get_column (table, columns[c]), hashes);
  for (guint r = 0; r < n; r++)
    {
      rows[r].hash = hashes[r];
      rows[r].row = r;
    }
  sort_hashed (rows, n);
  return rows;
}

static gboolean
rows_equal (SondeTable  *a,
            const guint *ca,
            guint        ra,
            SondeTable  *b,
            const guint *cb,
            guint        rb,
            guint        n_columns,
            gboolean     missing_equal)
{
  for (guint c = 0; c < n_columns; c++)
    if (!cells_equal (sonde_table_get_column (a, ca[c]), ra, sonde_table_get_column (b, cb[c]), rb, missing_equal))
      return FALSE;
  return TRUE;
}

/* Groups of equal keys: @group[r] is the group of row r, groups numbered
 * in the order of their first row; returns the number of groups and, in
 * @first (n_groups entries), the first row of each. Missing keys are
 * equal to each other here (one group), as pandas' dropna=False. */
static guint
group_rows (SondeTable  *table,
            const guint *columns,
            guint        n_columns,
            guint       *group,
            GArray      *first)
{
  guint n = sonde_table_get_n_rows (table);
  g_autofree HashedRow *rows = hash_rows (table, columns, n_columns);
  g_autofree guint *leader = g_new (guint, MAX (n, 1));
  guint n_groups = 0;
  gboolean exact = FALSE;

  /* One whole-number, date or instant key without missing values hashes
   * by a bijection of its 64 bits (mix64 from 0 is (v + c) × odd), so
   * equal hashes are equal values and the rows need not be compared:
   * the common key, and the comparisons' random reads were most of the
   * time on 10 M rows. */
  if (n_columns == 1)
    {
      SondeColumn *key = sonde_table_get_column (table, columns[0]);
      SondeColumnType type = sonde_column_get_column_type (key);

      exact = sonde_column_get_n_missing (key) == 0 &&
              (type == SONDE_COLUMN_TYPE_INTEGER || type == SONDE_COLUMN_TYPE_DATE ||
               type == SONDE_COLUMN_TYPE_DATETIME);
    }

  /* Within a run of equal hashes (in row order), each row's leader is the
   * first earlier row equal to it, or itself. */
  for (guint i = 0; i < n; )
    {
      guint j = i;

      while (j < n && rows[j].hash == rows[i].hash)
        j++;
      for (guint k = i; k < j; k++)
        {
          leader[rows[k].row] = exact ? rows[i].row : rows[k].row;
          for (guint m = i; m < k && !exact; m++)
            if (leader[rows[m].row] == rows[m].row &&
                rows_equal (table, columns, rows[m].row, table, columns, rows[k].row, n_columns, TRUE))
              {
                leader[rows[k].row] = rows[m].row;
                break;
              }
        }
      i = j;
    }
  for (guint r = 0; r < n; r++)
    {
      if (leader[r] == r)
        {
          group[r] = n_groups++;
          if (first != NULL)
            g_array_append_val (first, r);
        }
      else
        group[r] = group[leader[r]];
    }
  return n_groups;
}

/* ---- impute ---- */

static const char * const impute_methods[] = { "mean", "median", "mode", "constant", "knn", NULL };
enum { IMPUTE_MEAN, IMPUTE_MEDIAN, IMPUTE_MODE, IMPUTE_CONSTANT, IMPUTE_KNN };

static gboolean
impute_check (JsonObject *params,
              GError    **error)
{
  g_auto(GStrv) columns = NULL;
  guint method;
  JsonNode *value;

  if (!get_names (params, "columns", TRUE, &columns, error) ||
      !get_choice (params, "method", NULL, impute_methods, &method, error))
    return FALSE;
  if (method == IMPUTE_KNN)
    {
      gint64 k, reference;

      return get_count (params, "k", 5, 1, &k, error) &&
             get_count (params, "reference_rows", 10000, 1, &reference, error);
    }
  value = json_object_get_member (params, "value");
  if (method == IMPUTE_CONSTANT)
    {
      if (value == NULL)
        return missing_param (error, "value");
      if (!JSON_NODE_HOLDS_VALUE (value))
        return param_error (error, "value", _("a number, a string or true or false"));
    }
  return TRUE;
}

/* Whether the value at @a sorts before the one at @b (both present):
 * numbers by value, text by bytes, false before true. */
static gboolean
value_less (SondeColumn *column,
            guint        a,
            guint        b)
{
  switch (sonde_column_get_column_type (column))
    {
    case SONDE_COLUMN_TYPE_TEXT:
    case SONDE_COLUMN_TYPE_CATEGORICAL:
      return strcmp (sonde_column_get_text (column, a), sonde_column_get_text (column, b)) < 0;
    case SONDE_COLUMN_TYPE_INTEGER:
      return sonde_column_get_integer (column, a) < sonde_column_get_integer (column, b);
    case SONDE_COLUMN_TYPE_DATETIME:
      return sonde_column_get_datetime (column, a) < sonde_column_get_datetime (column, b);
    default:
      return number_at (column, a) < number_at (column, b);
    }
}

/* The most frequent value of a column, as the first row that holds it;
 * ties go to the smallest value (pandas' mode()[0]). -1 when nothing is
 * present. */
static gint64
mode_row (SondeColumn *column)
{
  g_autoptr(SondeTable) single = sonde_table_new ("mode");
  guint n = sonde_column_get_n_rows (column);
  g_autofree guint *group = NULL;
  g_autoptr(GArray) first = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree guint *counts = NULL;
  guint zero = 0, n_groups;
  gint64 best = -1;

  if (sonde_column_get_column_type (column) == SONDE_COLUMN_TYPE_CATEGORICAL)
    {
      /* Categories are counted by code, without hashing. */
      guint n_labels = sonde_column_get_n_categories (column);
      g_autofree guint *by_code = g_new0 (guint, MAX (n_labels, 1));
      g_autofree gint64 *first_row = g_new (gint64, MAX (n_labels, 1));
      gint64 best_code = -1;

      for (guint c = 0; c < n_labels; c++)
        first_row[c] = -1;
      for (guint r = 0; r < n; r++)
        if (!sonde_column_is_missing (column, r))
          {
            guint32 code = sonde_column_get_code (column, r);

            if (by_code[code]++ == 0)
              first_row[code] = r;
          }
      for (guint c = 0; c < n_labels; c++)
        if (by_code[c] > 0 &&
            (best_code < 0 || by_code[c] > by_code[best_code] ||
             (by_code[c] == by_code[best_code] &&
              strcmp (sonde_column_get_category_label (column, c), sonde_column_get_category_label (column, best_code)) < 0)))
          best_code = c;
      return best_code < 0 ? -1 : first_row[best_code];
    }

  if (!sonde_table_add_column (single, column, NULL))
    g_assert_not_reached ();
  group = g_new (guint, MAX (n, 1));
  n_groups = group_rows (single, &zero, 1, group, first);
  counts = g_new0 (guint, MAX (n_groups, 1));
  for (guint r = 0; r < n; r++)
    if (!is_missing (column, r))
      counts[group[r]]++;
  for (guint g = 0; g < n_groups; g++)
    {
      guint row = g_array_index (first, guint, g);

      if (counts[g] == 0)
        continue;
      if (best < 0 || counts[g] > counts[group[best]] ||
          (counts[g] == counts[group[best]] && value_less (column, row, (guint) best)))
        best = row;
    }
  return best;
}

/* The learned value of @name in @learned's "values" object. */
static JsonNode *
learned_member (JsonObject  *learned,
                const char  *group,
                const char  *name,
                GError     **error)
{
  JsonNode *node = json_object_get_member (learned, group);
  JsonNode *member = NULL;

  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    member = json_object_get_member (json_node_get_object (node), name);
  if (member == NULL)
    g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                 /* Translators: a column name */
                 _("nothing was learned for the column “%s”: fit the pipeline again."), name);
  return member;
}

static JsonObject *
learned_group (JsonObject *learned,
               const char *group)
{
  JsonNode *node = json_object_get_member (learned, group);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      json_object_set_object_member (learned, group, json_object_new ());
      node = json_object_get_member (learned, group);
    }
  return json_node_get_object (node);
}

/* k nearest neighbours, as scikit-learn's KNNImputer (uniform weights,
 * nan_euclidean distances): a missing value of a column is the mean of
 * that column over the k reference rows nearest to the row, among those
 * where it is present. The distance between two rows uses the columns
 * present in both, scaled up by (columns / columns present); with none in
 * common with every candidate, the training mean imputes.
 *
 * The reference rows are the training rows themselves, kept in the
 * learned state so that a replay needs nothing else: at most
 * "reference_rows" of them (10 000 by default), evenly spaced. The
 * pipeline file then holds those rows of the imputed columns: personal
 * data stays personal there. Imputing costs (rows with a missing value)
 * × (reference rows) × (columns). */

static gboolean
knn_fit (JsonObject  *params,
         SondeTable  *table,
         GArray      *columns,
         JsonObject  *learned,
         GError     **error)
{
  guint n = sonde_table_get_n_rows (table);
  guint d = columns->len;
  gint64 max_rows;
  guint n_reference;
  JsonArray *rows = json_array_new ();
  JsonArray *means = json_array_new ();
  JsonObject *knn = json_object_new ();

  json_object_set_array_member (knn, "rows", rows);
  json_object_set_array_member (knn, "means", means);
  json_object_set_object_member (learned, "knn", knn);
  get_count (params, "reference_rows", 10000, 1, &max_rows, NULL);
  for (guint j = 0; j < d; j++)
    {
      SondeColumn *column = sonde_table_get_column (table, g_array_index (columns, guint, j));
      double sum = 0;
      guint count = 0;

      if (!need_numeric (column, error))
        return FALSE;
      for (guint r = 0; r < n; r++)
        {
          double v = number_at (column, r);

          if (!isnan (v))
            sum += v, count++;
        }
      if (count == 0)
        return no_values (column, error);
      json_array_add_double_element (means, sum / count);
    }

  n_reference = MIN ((guint64) n, (guint64) max_rows);
  for (guint i = 0; i < n_reference; i++)
    {
      guint r = (guint) ((guint64) i * n / n_reference);
      JsonArray *row = json_array_new ();

      for (guint j = 0; j < d; j++)
        {
          double v = number_at (sonde_table_get_column (table, g_array_index (columns, guint, j)), r);

          if (isnan (v))
            json_array_add_null_element (row);
          else
            json_array_add_double_element (row, v);
        }
      json_array_add_array_element (rows, row);
    }
  return TRUE;
}

/* The nan_euclidean distance between @x and @y (NaN: missing). */
static double
nan_euclidean (const double *x,
               const double *y,
               guint         d)
{
  double sum = 0;
  guint present = 0;

  for (guint j = 0; j < d; j++)
    if (!isnan (x[j]) && !isnan (y[j]))
      {
        sum += (x[j] - y[j]) * (x[j] - y[j]);
        present++;
      }
  if (present == 0)
    return NAN;
  return sqrt (sum * d / present);
}

static gboolean
distance_before (double a,
                 double b)
{
  /* NaN after every number; equal distances keep the row order. */
  if (isnan (a))
    return FALSE;
  return isnan (b) || a < b;
}

static SondeTable *
knn_apply (SondeStepContext  *ctx,
           JsonObject        *params,
           JsonObject        *learned,
           SondeTable        *table,
           GArray            *columns,
           GError           **error)
{
  guint n = sonde_table_get_n_rows (table);
  guint d = columns->len;
  JsonNode *node = json_object_get_member (learned, "knn");
  JsonObject *knn;
  JsonArray *rows, *means;
  guint n_reference;
  g_autofree double *reference = NULL;
  g_autofree double *mean = NULL;
  g_autofree double *x = NULL;
  g_autofree double *best_dist = NULL;
  g_autofree guint *best_row = NULL;
  g_autofree gboolean *imputed = NULL;
  g_autoptr(GPtrArray) filled = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(SondeTable) out = NULL;
  gint64 k;

  get_count (params, "k", 5, 1, &k, NULL);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node) ||
      (knn = json_node_get_object (node),
       !json_object_has_member (knn, "rows") || !JSON_NODE_HOLDS_ARRAY (json_object_get_member (knn, "rows")) ||
       !json_object_has_member (knn, "means") || !JSON_NODE_HOLDS_ARRAY (json_object_get_member (knn, "means"))))
    {
      g_set_error_literal (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                           _("no reference rows were learned for the nearest neighbours: fit the pipeline again."));
      return NULL;
    }
  rows = json_object_get_array_member (knn, "rows");
  means = json_object_get_array_member (knn, "means");
  n_reference = json_array_get_length (rows);
  if (json_array_get_length (means) != d)
    goto malformed;
  mean = g_new (double, d);
  for (guint j = 0; j < d; j++)
    {
      if (!node_is_number (json_array_get_element (means, j)))
        goto malformed;
      mean[j] = json_array_get_double_element (means, j);
    }
  reference = g_new (double, (gsize) MAX (n_reference, 1) * d);
  for (guint i = 0; i < n_reference; i++)
    {
      JsonNode *row_node = json_array_get_element (rows, i);
      JsonArray *row;

      if (!JSON_NODE_HOLDS_ARRAY (row_node) || json_array_get_length (row = json_node_get_array (row_node)) != d)
        goto malformed;
      for (guint j = 0; j < d; j++)
        {
          JsonNode *v = json_array_get_element (row, j);

          if (JSON_NODE_HOLDS_NULL (v))
            reference[(gsize) i * d + j] = NAN;
          else if (node_is_number (v))
            reference[(gsize) i * d + j] = json_node_get_double (v);
          else
            goto malformed;
        }
    }

  for (guint j = 0; j < d; j++)
    {
      SondeColumn *column = sonde_table_get_column (table, g_array_index (columns, guint, j));

      if (!need_numeric (column, error))
        return NULL;
      g_ptr_array_add (filled, column_new_like (column, NULL, SONDE_COLUMN_TYPE_REAL));
      sonde_column_reserve (g_ptr_array_index (filled, j), n);
    }

  x = g_new (double, d);
  imputed = g_new0 (gboolean, d);
  best_dist = g_new (double, k);
  best_row = g_new (guint, k);
  for (guint r = 0; r < n; r++)
    {
      gboolean any_missing = FALSE;

      for (guint j = 0; j < d; j++)
        {
          x[j] = number_at (sonde_table_get_column (table, g_array_index (columns, guint, j)), r);
          any_missing |= isnan (x[j]);
        }
      for (guint j = 0; j < d; j++)
        {
          guint found = 0;
          gboolean any_distance = FALSE;
          double sum = 0;

          if (!isnan (x[j]))
            {
              sonde_column_append_real (g_ptr_array_index (filled, j), x[j]);
              continue;
            }
          g_assert (any_missing);
          /* The k nearest donors (rows where column j is present), by
           * insertion into a sorted array of k: k is small. */
          for (guint i = 0; i < n_reference; i++)
            {
              const double *y = reference + (gsize) i * d;
              double dist;
              guint pos;

              if (isnan (y[j]))
                continue;
              dist = nan_euclidean (x, y, d);
              any_distance |= !isnan (dist);
              if (found == (guint) k && !distance_before (dist, best_dist[found - 1]))
                continue;
              pos = found < (guint) k ? found++ : found - 1;
              while (pos > 0 && distance_before (dist, best_dist[pos - 1]))
                {
                  best_dist[pos] = best_dist[pos - 1];
                  best_row[pos] = best_row[pos - 1];
                  pos--;
                }
              best_dist[pos] = dist;
              best_row[pos] = i;
            }
          if (!any_distance || found == 0)
            sum = mean[j], found = 1;
          else
            for (guint b = 0; b < found; b++)
              sum += reference[(gsize) best_row[b] * d + j];
          mark_cell (ctx, r);
          imputed[j] = TRUE;
          sonde_column_append_real (g_ptr_array_index (filled, j), sum / found);
        }
    }

  out = table_share (table, NULL);
  for (guint j = 0; j < d; j++)
    {
      guint index = g_array_index (columns, guint, j);

      /* A column with nothing to impute stays as it was, shared. */
      if (!imputed[j])
        continue;
      if (!sonde_table_replace_column (out, index, g_ptr_array_index (filled, j), error))
        return NULL;
    }
  return g_steal_pointer (&out);

malformed:
  g_set_error_literal (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                       _("the reference rows learned for the nearest neighbours are not rows of numbers: fit the pipeline again."));
  return NULL;
}

static gboolean
impute_fit (SondeStepContext *ctx,
            JsonObject       *params,
            SondeTable       *table,
            JsonObject       *learned,
            GError          **error)
{
  g_auto(GStrv) names = NULL;
  g_autoptr(GArray) columns = NULL;
  JsonObject *values = learned_group (learned, "values");
  guint method;

  if (!get_names (params, "columns", TRUE, &names, error) ||
      !get_choice (params, "method", NULL, impute_methods, &method, error) ||
      (columns = find_columns (table, names, error)) == NULL)
    return FALSE;
  if (method == IMPUTE_KNN)
    return knn_fit (params, table, columns, learned, error);

  for (guint i = 0; i < columns->len; i++)
    {
      SondeColumn *column = sonde_table_get_column (table, g_array_index (columns, guint, i));
      const char *name = sonde_column_get_name (column);

      switch (method)
        {
        case IMPUTE_MEAN:
        case IMPUTE_MEDIAN:
          {
            g_autofree double *sorted = NULL;
            guint n;
            double value = 0;

            if (!need_numeric (column, error))
              return FALSE;
            sorted = present_values (column, FALSE, &n);
            if (n == 0)
              return no_values (column, error);
            if (method == IMPUTE_MEDIAN)
              value = quantile_select (sorted, n, 0.5);
            else
              {
                /* Kahan summation keeps the mean of 10 M values exact
                 * to the last digits. */
                double sum = 0, carry = 0;

                for (guint k = 0; k < n; k++)
                  {
                    double y = sorted[k] - carry, t = sum + y;

                    carry = (t - sum) - y;
                    sum = t;
                  }
                value = sum / n;
              }
            json_object_set_double_member (values, name, value);
            break;
          }

        case IMPUTE_MODE:
          {
            gint64 row = mode_row (column);

            if (row < 0)
              return no_values (column, error);
            switch (sonde_column_get_column_type (column))
              {
              case SONDE_COLUMN_TYPE_INTEGER:
                json_object_set_int_member (values, name, sonde_column_get_integer (column, row));
                break;
              case SONDE_COLUMN_TYPE_REAL:
                json_object_set_double_member (values, name, sonde_column_get_real (column, row));
                break;
              case SONDE_COLUMN_TYPE_BOOLEAN:
                json_object_set_boolean_member (values, name, sonde_column_get_boolean (column, row));
                break;
              default:
                {
                  g_autofree char *text = sonde_column_format_value (column, row);

                  json_object_set_string_member (values, name, text);
                }
              }
            break;
          }

        case IMPUTE_CONSTANT:
          json_object_set_member (values, name, json_node_copy (json_object_get_member (params, "value")));
          break;

        default:
          g_assert_not_reached ();
        }
    }
  return TRUE;
}

/* @column with its missing values filled with @value, read as the
 * column's type; an integer column filled with a fraction becomes real. */
static SondeColumn *
fill_column (SondeStepContext  *ctx,
             SondeColumn       *column,
             JsonNode          *value,
             GError           **error)
{
  SondeColumnType type = sonde_column_get_column_type (column);
  SondeColumnType out_type = type;
  guint n = sonde_column_get_n_rows (column);
  g_autoptr(SondeColumn) out = NULL;
  g_autofree char *text = NULL;
  gint64 iv = 0;
  double dv = 0;
  gboolean bv = FALSE, ok = FALSE;
  gint32 days = 0;
  gint64 usec = 0;
  gboolean any = FALSE;

  if (!JSON_NODE_HOLDS_VALUE (value))
    ok = FALSE;
  else if (json_node_get_value_type (value) == G_TYPE_STRING)
    text = g_strdup (json_node_get_string (value));
  else if (json_node_get_value_type (value) == G_TYPE_BOOLEAN)
    text = g_strdup (json_node_get_boolean (value) ? "true" : "false");
  else
    text = sonde_column_format_real (json_node_get_double (value));

  if (text != NULL)
    switch (type)
      {
      case SONDE_COLUMN_TYPE_INTEGER:
        if ((ok = _sonde_parse_integer (text, &iv)))
          break;
        out_type = SONDE_COLUMN_TYPE_REAL;
        G_GNUC_FALLTHROUGH;
      case SONDE_COLUMN_TYPE_REAL:
        ok = _sonde_parse_real (text, &dv);
        break;
      case SONDE_COLUMN_TYPE_BOOLEAN:
        ok = _sonde_parse_boolean (text, &bv);
        break;
      case SONDE_COLUMN_TYPE_DATE:
        ok = _sonde_parse_date (text, &days);
        break;
      case SONDE_COLUMN_TYPE_DATETIME:
        ok = _sonde_parse_datetime (text, &usec);
        break;
      default:
        ok = TRUE;
      }
  if (!ok)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                   /* Translators: a value, a column name, its type */
                   _("“%s” cannot fill the column “%s”, which holds %s."),
                   text != NULL ? text : "", sonde_column_get_name (column), sonde_column_type_get_label (type));
      return NULL;
    }

  for (guint r = 0; r < n && !any; r++)
    any = is_missing (column, r);
  if (!any)
    return g_object_ref (column);

  out = column_new_like (column, NULL, out_type);
  sonde_column_reserve (out, n);
  for (guint r = 0; r < n; r++)
    {
      if (!is_missing (column, r))
        {
          if (out_type != type)
            sonde_column_append_real (out, number_at (column, r));
          else
            append_same (out, column, r);
          continue;
        }
      mark_cell (ctx, r);
      switch (out_type)
        {
        case SONDE_COLUMN_TYPE_INTEGER: sonde_column_append_integer (out, iv); break;
        case SONDE_COLUMN_TYPE_REAL: sonde_column_append_real (out, dv); break;
        case SONDE_COLUMN_TYPE_BOOLEAN: sonde_column_append_boolean (out, bv); break;
        case SONDE_COLUMN_TYPE_CATEGORICAL: sonde_column_append_category (out, text, -1); break;
        case SONDE_COLUMN_TYPE_TEXT: sonde_column_append_text (out, text, -1); break;
        case SONDE_COLUMN_TYPE_DATE: sonde_column_append_date (out, days); break;
        case SONDE_COLUMN_TYPE_DATETIME: sonde_column_append_datetime (out, usec); break;
        default: g_assert_not_reached ();
        }
    }
  return g_steal_pointer (&out);
}

static SondeTable *
impute_apply (SondeStepContext *ctx,
              JsonObject       *params,
              JsonObject       *learned,
              SondeTable       *table,
              GError          **error)
{
  g_auto(GStrv) names = NULL;
  g_autoptr(GArray) columns = NULL;
  g_autoptr(SondeTable) out = NULL;
  guint method;

  if (!get_names (params, "columns", TRUE, &names, error) ||
      !get_choice (params, "method", NULL, impute_methods, &method, error) ||
      (columns = find_columns (table, names, error)) == NULL)
    return NULL;
  if (method == IMPUTE_KNN)
    return knn_apply (ctx, params, learned, table, columns, error);

  out = table_share (table, NULL);
  for (guint i = 0; i < columns->len; i++)
    {
      guint index = g_array_index (columns, guint, i);
      SondeColumn *column = sonde_table_get_column (table, index);
      JsonNode *value = learned_member (learned, "values", sonde_column_get_name (column), error);
      g_autoptr(SondeColumn) filled = NULL;

      if (value == NULL || (filled = fill_column (ctx, column, value, error)) == NULL)
        return NULL;
      if (!sonde_table_replace_column (out, index, filled, error))
        return NULL;
    }
  return g_steal_pointer (&out);
}

/* ---- drop columns ---- */

static gboolean
columns_check (JsonObject *params,
               GError    **error)
{
  g_auto(GStrv) columns = NULL;

  return get_names (params, "columns", TRUE, &columns, error);
}

static SondeTable *
drop_columns_apply (SondeStepContext *ctx,
                    JsonObject       *params,
                    JsonObject       *learned,
                    SondeTable       *table,
                    GError          **error)
{
  g_auto(GStrv) names = NULL;
  g_autoptr(GArray) columns = NULL;
  g_autofree guint8 *skip = g_malloc0 (sonde_table_get_n_columns (table) + 1);

  if (!get_names (params, "columns", TRUE, &names, error) ||
      (columns = find_columns (table, names, error)) == NULL)
    return NULL;
  for (guint i = 0; i < columns->len; i++)
    skip[g_array_index (columns, guint, i)] = 1;
  return table_share (table, skip);
}

/* ---- drop rows with missing values ---- */

static gboolean
optional_columns_check (JsonObject *params,
                        GError    **error)
{
  g_auto(GStrv) columns = NULL;

  return get_names (params, "columns", FALSE, &columns, error);
}

static SondeTable *
drop_missing_apply (SondeStepContext *ctx,
                    JsonObject       *params,
                    JsonObject       *learned,
                    SondeTable       *table,
                    GError          **error)
{
  g_auto(GStrv) names = NULL;
  g_autoptr(GArray) columns = NULL;
  guint n = sonde_table_get_n_rows (table);
  g_autofree guint8 *keep = g_malloc (MAX (n, 1));

  if (!get_names (params, "columns", FALSE, &names, error) ||
      (columns = find_columns (table, names, error)) == NULL)
    return NULL;
  memset (keep, 1, n);
  for (guint i = 0; i < columns->len; i++)
    {
      SondeColumn *column = sonde_table_get_column (table, g_array_index (columns, guint, i));

      if (sonde_column_get_n_missing (column) == 0 && sonde_column_get_column_type (column) != SONDE_COLUMN_TYPE_REAL)
        continue;
      for (guint r = 0; r < n; r++)
        if (keep[r] && is_missing (column, r))
          keep[r] = 0;
    }
  return table_keep_rows (ctx, table, keep);
}

/* ---- deduplicate ---- */

static SondeTable *
deduplicate_apply (SondeStepContext *ctx,
                   JsonObject       *params,
                   JsonObject       *learned,
                   SondeTable       *table,
                   GError          **error)
{
  g_auto(GStrv) names = NULL;
  g_autoptr(GArray) columns = NULL;
  guint n = sonde_table_get_n_rows (table);
  g_autofree guint *group = g_new (guint, MAX (n, 1));
  g_autofree guint8 *keep = g_malloc0 (MAX (n, 1));
  g_autoptr(GArray) first = g_array_new (FALSE, FALSE, sizeof (guint));

  if (!get_names (params, "columns", FALSE, &names, error) ||
      (columns = find_columns (table, names, error)) == NULL)
    return NULL;
  /* Keep the first row of each group, as pandas' drop_duplicates(). */
  group_rows (table, &g_array_index (columns, guint, 0), columns->len, group, first);
  for (guint g = 0; g < first->len; g++)
    keep[g_array_index (first, guint, g)] = 1;
  return table_keep_rows (ctx, table, keep);
}

/* ---- change type ---- */

static gboolean
convert_check (JsonObject *params,
               GError    **error)
{
  const char *column, *type;
  SondeColumnType t;

  if (!get_string (params, "column", NULL, &column, error) ||
      !get_string (params, "type", NULL, &type, error))
    return FALSE;
  if (!sonde_column_type_from_string (type, &t))
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                   /* Translators: a type name */
                   _("“%s” is not a column type: use integer, real, boolean, categorical, text, date or datetime."),
                   type);
      return FALSE;
    }
  return TRUE;
}

static SondeTable *
convert_apply (SondeStepContext *ctx,
               JsonObject       *params,
               JsonObject       *learned,
               SondeTable       *table,
               GError          **error)
{
  const char *name, *type_name;
  SondeColumnType type;
  g_autoptr(SondeColumn) converted = NULL;
  g_autoptr(SondeTable) out = NULL;
  SondeColumn *column;
  int index;

  if (!convert_check (params, error))
    return NULL;
  name = json_object_get_string_member (params, "column");
  type_name = json_object_get_string_member (params, "type");
  sonde_column_type_from_string (type_name, &type);
  if ((index = find_column (table, name, error)) < 0)
    return NULL;
  column = sonde_table_get_column (table, index);
  if (sonde_column_get_column_type (column) == type)
    return table_share (table, NULL);
  converted = sonde_column_convert (column, type, NULL, NULL, error);
  if (converted == NULL)
    return NULL;
  /* A change of type counts as changed the values it could not read. */
  for (guint r = 0; r < sonde_column_get_n_rows (column); r++)
    if (!is_missing (column, r) && sonde_column_is_missing (converted, r))
      mark_missing_made (ctx, r);
  out = table_share (table, NULL);
  if (!sonde_table_replace_column (out, index, converted, error))
    return NULL;
  return g_steal_pointer (&out);
}

/* ---- rename ---- */

static gboolean
rename_check (JsonObject *params,
              GError    **error)
{
  JsonNode *node = json_object_get_member (params, "columns");
  JsonObject *object;
  g_autoptr(GList) members = NULL;

  if (node == NULL)
    return missing_param (error, "columns");
  if (!JSON_NODE_HOLDS_OBJECT (node) || json_object_get_size (json_node_get_object (node)) == 0)
    return param_error (error, "columns", _("an object of old names to new names"));
  object = json_node_get_object (node);
  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *value = json_object_get_member (object, l->data);

      if (!node_is_string (value) || *json_node_get_string (value) == '\0')
        return param_error (error, "columns", _("an object of old names to new names"));
    }
  return TRUE;
}

static SondeTable *
rename_apply (SondeStepContext *ctx,
              JsonObject       *params,
              JsonObject       *learned,
              SondeTable       *table,
              GError          **error)
{
  JsonObject *object;
  g_autoptr(GList) members = NULL;
  g_autoptr(SondeTable) out = NULL;
  guint n_columns = sonde_table_get_n_columns (table);
  g_autofree const char **names = g_new0 (const char *, n_columns + 1);

  if (!rename_check (params, error))
    return NULL;
  object = json_object_get_object_member (params, "columns");
  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next)
    {
      int index = find_column (table, l->data, error);

      if (index < 0)
        return NULL;
      names[index] = json_object_get_string_member (object, l->data);
      if (strcmp (names[index], l->data) != 0)
        ctx->effect->columns_renamed++;
    }
  /* The name lives in the column, so a renamed column is a copy. */
  out = table_new_like (table);
  for (guint c = 0; c < n_columns; c++)
    {
      SondeColumn *column = sonde_table_get_column (table, c);
      g_autoptr(SondeColumn) renamed = names[c] != NULL ? sonde_column_copy (column, names[c]) : g_object_ref (column);

      if (!add_column (out, renamed, error))
        return NULL;
    }
  return g_steal_pointer (&out);
}

/* ---- text: trim, case, Unicode, find and replace, mask ---- */

/* Makes the new text of one value; returns NULL to keep it. */
typedef char *(*TextFunc) (const char *text,
                           gpointer    data);

/* @column (text or categories) with @func applied to each value; for
 * categories, to each label once. */
static SondeColumn *
map_text (SondeStepContext *ctx,
          SondeColumn      *column,
          TextFunc          func,
          gpointer          data)
{
  guint n = sonde_column_get_n_rows (column);
  g_autoptr(SondeColumn) out = NULL;
  gboolean any = FALSE;

  if (sonde_column_get_column_type (column) == SONDE_COLUMN_TYPE_CATEGORICAL)
    {
      guint n_labels = sonde_column_get_n_categories (column);
      g_autofree guint32 *map = g_new (guint32, MAX (n_labels, 1));
      g_autofree guint8 *differs = g_malloc0 (MAX (n_labels, 1));

      /* Labels that become equal merge into one category. */
      out = sonde_column_new (sonde_column_get_name (column), SONDE_COLUMN_TYPE_CATEGORICAL);
      sonde_column_set_role (out, sonde_column_get_role (column));
      sonde_column_set_unit (out, sonde_column_get_unit (column));
      sonde_column_set_description (out, sonde_column_get_description (column));
      sonde_column_set_source (out, sonde_column_get_source (column));
      for (guint i = 0; i < n_labels; i++)
        {
          const char *label = sonde_column_get_category_label (column, i);
          g_autofree char *mapped = func (label, data);

          differs[i] = mapped != NULL && strcmp (mapped, label) != 0;
          any |= differs[i];
          map[i] = sonde_column_add_category (out, differs[i] ? mapped : label, -1);
        }
      if (!any)
        return g_object_ref (column);
      sonde_column_reserve (out, n);
      for (guint r = 0; r < n; r++)
        {
          guint32 code;

          if (sonde_column_is_missing (column, r))
            {
              sonde_column_append_missing (out);
              continue;
            }
          code = sonde_column_get_code (column, r);
          if (differs[code])
            mark_cell (ctx, r);
          sonde_column_append_code (out, map[code]);
        }
      return g_steal_pointer (&out);
    }

  out = column_new_like (column, NULL, SONDE_COLUMN_TYPE_TEXT);
  sonde_column_reserve (out, n);
  for (guint r = 0; r < n; r++)
    {
      const char *text;
      g_autofree char *mapped = NULL;

      if (sonde_column_is_missing (column, r))
        {
          sonde_column_append_missing (out);
          continue;
        }
      text = sonde_column_get_text (column, r);
      mapped = func (text, data);
      if (mapped != NULL && strcmp (mapped, text) != 0)
        {
          mark_cell (ctx, r);
          any = TRUE;
          sonde_column_append_text (out, mapped, -1);
        }
      else
        sonde_column_append_text (out, text, -1);
    }
  if (!any)
    return g_object_ref (column);
  return g_steal_pointer (&out);
}

/* Applies @func to the text columns named by "columns". */
static SondeTable *
map_text_columns (SondeStepContext *ctx,
                  JsonObject       *params,
                  SondeTable       *table,
                  TextFunc          func,
                  gpointer          data,
                  GError          **error)
{
  g_auto(GStrv) names = NULL;
  g_autoptr(GArray) columns = NULL;
  g_autoptr(SondeTable) out = NULL;

  if (!get_names (params, "columns", TRUE, &names, error) ||
      (columns = find_columns (table, names, error)) == NULL)
    return NULL;
  for (guint i = 0; i < columns->len; i++)
    if (!need_text (sonde_table_get_column (table, g_array_index (columns, guint, i)), error))
      return NULL;

  out = table_share (table, NULL);
  for (guint i = 0; i < columns->len; i++)
    {
      guint index = g_array_index (columns, guint, i);
      g_autoptr(SondeColumn) mapped = map_text (ctx, sonde_table_get_column (table, index), func, data);

      if (!sonde_table_replace_column (out, index, mapped, error))
        return NULL;
    }
  return g_steal_pointer (&out);
}

static const char * const text_operations[] = { "trim", "lower", "upper", "nfc", NULL };
enum { TEXT_TRIM, TEXT_LOWER, TEXT_UPPER, TEXT_NFC };

static gboolean
text_check (JsonObject *params,
            GError    **error)
{
  g_auto(GStrv) columns = NULL;
  guint op;

  return get_names (params, "columns", TRUE, &columns, error) &&
         get_choice (params, "operation", NULL, text_operations, &op, error);
}

static char *
text_func (const char *text,
           gpointer    data)
{
  switch (GPOINTER_TO_UINT (data))
    {
    case TEXT_TRIM:
      {
        const char *start = text, *end = text + strlen (text);

        /* Spaces as Unicode sees them, no-break spaces included. */
        while (*start != '\0' && g_unichar_isspace (g_utf8_get_char (start)))
          start = g_utf8_next_char (start);
        while (end > start)
          {
            const char *prev = g_utf8_find_prev_char (start, end);

            if (prev == NULL || !g_unichar_isspace (g_utf8_get_char (prev)))
              break;
            end = prev;
          }
        if (start == text && *end == '\0')
          return NULL;
        return g_strndup (start, end - start);
      }
    case TEXT_LOWER:
      return g_utf8_strdown (text, -1);
    case TEXT_UPPER:
      return g_utf8_strup (text, -1);
    case TEXT_NFC:
      return g_utf8_normalize (text, -1, G_NORMALIZE_NFC);
    default:
      g_assert_not_reached ();
    }
}

static SondeTable *
text_apply (SondeStepContext *ctx,
            JsonObject       *params,
            JsonObject       *learned,
            SondeTable       *table,
            GError          **error)
{
  guint op;

  if (!get_choice (params, "operation", NULL, text_operations, &op, error))
    return NULL;
  return map_text_columns (ctx, params, table, text_func, GUINT_TO_POINTER (op), error);
}

typedef struct
{
  GRegex     *regex;
  const char *replacement;
} ReplaceData;

static GRegex *
replace_regex (JsonObject  *params,
               GError     **error)
{
  const char *pattern;
  gboolean literal;
  g_autofree char *escaped = NULL;
  g_autoptr(GError) local = NULL;
  GRegex *regex;

  if (!get_string (params, "pattern", NULL, &pattern, error) ||
      !get_boolean (params, "literal", FALSE, &literal, error))
    return NULL;
  if (*pattern == '\0')
    {
      param_error (error, "pattern", _("a non-empty pattern"));
      return NULL;
    }
  if (literal)
    pattern = escaped = g_regex_escape_string (pattern, -1);
  regex = g_regex_new (pattern, G_REGEX_OPTIMIZE, 0, &local);
  if (regex == NULL)
    g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                 /* Translators: a regular expression, then GLib's message */
                 _("“%s” is not a regular expression: %s"), pattern, local->message);
  return regex;
}

static gboolean
replace_check (JsonObject *params,
               GError    **error)
{
  g_auto(GStrv) columns = NULL;
  g_autoptr(GRegex) regex = NULL;
  const char *replacement;
  gboolean literal;

  if (!get_names (params, "columns", TRUE, &columns, error) ||
      !get_string (params, "replacement", NULL, &replacement, error) ||
      (regex = replace_regex (params, error)) == NULL)
    return FALSE;
  get_boolean (params, "literal", FALSE, &literal, NULL);
  if (!literal && !g_regex_check_replacement (replacement, NULL, NULL))
    return param_error (error, "replacement", _("a replacement text whose back-references (\\1, \\g<name>) are well formed"));
  return TRUE;
}

static char *
replace_func (const char *text,
              gpointer    data)
{
  ReplaceData *d = data;

  if (!g_regex_match (d->regex, text, 0, NULL))
    return NULL;
  return g_regex_replace (d->regex, text, -1, 0, d->replacement, 0, NULL);
}

static SondeTable *
replace_apply (SondeStepContext *ctx,
               JsonObject       *params,
               JsonObject       *learned,
               SondeTable       *table,
               GError          **error)
{
  g_autoptr(GRegex) regex = NULL;
  ReplaceData data;
  gboolean literal = FALSE;
  g_autofree char *escaped = NULL;

  if (!replace_check (params, error) || (regex = replace_regex (params, error)) == NULL)
    return NULL;
  data.regex = regex;
  data.replacement = json_object_get_string_member (params, "replacement");
  get_boolean (params, "literal", FALSE, &literal, NULL);
  if (literal)
    {
      /* A literal replacement: backslashes are not references. */
      g_autoptr(GString) s = g_string_new (data.replacement);

      g_string_replace (s, "\\", "\\\\", 0);
      data.replacement = escaped = g_string_free (g_steal_pointer (&s), FALSE);
    }
  return map_text_columns (ctx, params, table, replace_func, &data, error);
}

/* Masking keeps the first and last characters a person asks for (a
 * card's last 4 digits, a postcode's department) and replaces the others
 * one for one, so the length still shows. */
typedef struct
{
  gint64      keep_first;
  gint64      keep_last;
  const char *character;
} MaskData;

static gboolean
mask_params (JsonObject  *params,
             MaskData    *data,
             GError     **error)
{
  if (!get_count (params, "keep_first", 0, 0, &data->keep_first, error) ||
      !get_count (params, "keep_last", 4, 0, &data->keep_last, error) ||
      !get_string (params, "character", "*", &data->character, error))
    return FALSE;
  if (g_utf8_strlen (data->character, -1) != 1)
    return param_error (error, "character", _("one character"));
  return TRUE;
}

static gboolean
mask_check (JsonObject *params,
            GError    **error)
{
  g_auto(GStrv) columns = NULL;
  MaskData data;

  return get_names (params, "columns", TRUE, &columns, error) && mask_params (params, &data, error);
}

static char *
mask_func (const char *text,
           gpointer    data)
{
  MaskData *d = data;
  glong length = g_utf8_strlen (text, -1);
  const char *tail;
  GString *s;

  if (length <= d->keep_first + d->keep_last)
    return NULL;
  tail = g_utf8_offset_to_pointer (text, length - d->keep_last);
  s = g_string_sized_new (strlen (text));
  g_string_append_len (s, text, g_utf8_offset_to_pointer (text, d->keep_first) - text);
  for (glong i = d->keep_first; i < length - d->keep_last; i++)
    g_string_append (s, d->character);
  g_string_append (s, tail);
  return g_string_free (s, FALSE);
}

static SondeTable *
mask_apply (SondeStepContext *ctx,
            JsonObject       *params,
            JsonObject       *learned,
            SondeTable       *table,
            GError          **error)
{
  MaskData data;

  if (!mask_params (params, &data, error))
    return NULL;
  return map_text_columns (ctx, params, table, mask_func, &data, error);
}

/* ---- generalise: numbers to intervals, dates to months or years ---- */

static const char * const generalise_levels[] = { "year", "month", NULL };

static gboolean
generalise_check (JsonObject *params,
                  GError    **error)
{
  g_auto(GStrv) columns = NULL;
  double width;
  guint level;

  if (!get_names (params, "columns", TRUE, &columns, error) ||
      !get_number (params, "width", 10, &width, error) ||
      !get_choice (params, "level", "year", generalise_levels, &level, error))
    return FALSE;
  if (!(width > 0) || !isfinite (width))
    return param_error (error, "width", _("a number above 0"));
  return TRUE;
}

/* Each value becomes a category: numbers the interval of "width" that
 * holds them ("[30, 40)"), dates and instants their "year" ("2004") or
 * "month" ("2004-03"), so that fewer rows share a value. */
static SondeTable *
generalise_apply (SondeStepContext *ctx,
                  JsonObject       *params,
                  JsonObject       *learned,
                  SondeTable       *table,
                  GError          **error)
{
  g_auto(GStrv) names = NULL;
  g_autoptr(GArray) columns = NULL;
  g_autoptr(SondeTable) out = NULL;
  guint n = sonde_table_get_n_rows (table);
  double width;
  guint level;

  if (!generalise_check (params, error))
    return NULL;
  get_names (params, "columns", TRUE, &names, NULL);
  get_number (params, "width", 10, &width, NULL);
  get_choice (params, "level", "year", generalise_levels, &level, NULL);
  if ((columns = find_columns (table, names, error)) == NULL)
    return NULL;

  out = table_share (table, NULL);
  for (guint i = 0; i < columns->len; i++)
    {
      guint index = g_array_index (columns, guint, i);
      SondeColumn *column = sonde_table_get_column (table, index);
      SondeColumnType type = sonde_column_get_column_type (column);
      gboolean dates = type == SONDE_COLUMN_TYPE_DATE || type == SONDE_COLUMN_TYPE_DATETIME;
      g_autoptr(SondeColumn) general = NULL;

      if (!dates && type != SONDE_COLUMN_TYPE_INTEGER && type != SONDE_COLUMN_TYPE_REAL)
        {
          g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                       _("“%s” holds %s: only numbers and dates can be generalised; mask text instead."),
                       sonde_column_get_name (column), sonde_column_type_get_label (type));
          return NULL;
        }
      general = column_new_like (column, NULL, SONDE_COLUMN_TYPE_CATEGORICAL);
      sonde_column_reserve (general, n);
      for (guint r = 0; r < n; r++)
        {
          char label[128];

          if (is_missing (column, r))
            {
              sonde_column_append_missing (general);
              continue;
            }
          if (dates)
            {
              gint32 days;
              int y, m, d;

              if (type == SONDE_COLUMN_TYPE_DATE)
                days = sonde_column_get_date (column, r);
              else
                {
                  gint64 usec = sonde_column_get_datetime (column, r);
                  gint64 day_usec = (gint64) 86400 * G_USEC_PER_SEC;

                  days = (gint32) (usec >= 0 ? usec / day_usec : -((-usec + day_usec - 1) / day_usec));
                }
              sonde_date_to_ymd (days, &y, &m, &d);
              if (level == 0)
                g_snprintf (label, sizeof label, "%04d", y);
              else
                g_snprintf (label, sizeof label, "%04d-%02d", y, m);
            }
          else
            {
              double lo = floor (number_at (column, r) / width) * width;
              g_autofree char *a = sonde_column_format_real (lo);
              g_autofree char *b = sonde_column_format_real (lo + width);

              g_snprintf (label, sizeof label, "[%s, %s)", a, b);
            }
          mark_cell (ctx, r);
          sonde_column_append_category (general, label, -1);
        }
      if (!sonde_table_replace_column (out, index, general, error))
        return NULL;
    }
  return g_steal_pointer (&out);
}

/* ---- outliers: cap or remove ---- */

static const char * const outlier_methods[] = { "iqr", "zscore", NULL };
static const char * const outlier_actions[] = { "cap", "remove", NULL };
enum { OUTLIER_IQR, OUTLIER_ZSCORE };
enum { OUTLIER_CAP, OUTLIER_REMOVE };

static gboolean
outliers_check (JsonObject *params,
                GError    **error)
{
  g_auto(GStrv) columns = NULL;
  guint method, action;
  double factor;

  if (!get_names (params, "columns", TRUE, &columns, error) ||
      !get_choice (params, "method", "iqr", outlier_methods, &method, error) ||
      !get_choice (params, "action", "cap", outlier_actions, &action, error) ||
      !get_number (params, "factor", method == OUTLIER_IQR ? 1.5 : 3.0, &factor, error))
    return FALSE;
  if (!(factor > 0) || !isfinite (factor))
    return param_error (error, "factor", _("a number above 0"));
  return TRUE;
}

static gboolean
outliers_fit (SondeStepContext *ctx,
              JsonObject       *params,
              SondeTable       *table,
              JsonObject       *learned,
              GError          **error)
{
  g_auto(GStrv) names = NULL;
  g_autoptr(GArray) columns = NULL;
  JsonObject *bounds = learned_group (learned, "bounds");
  guint method, action;
  double factor;

  if (!outliers_check (params, error))
    return FALSE;
  get_names (params, "columns", TRUE, &names, NULL);
  get_choice (params, "method", "iqr", outlier_methods, &method, NULL);
  get_choice (params, "action", "cap", outlier_actions, &action, NULL);
  get_number (params, "factor", method == OUTLIER_IQR ? 1.5 : 3.0, &factor, NULL);
  if ((columns = find_columns (table, names, error)) == NULL)
    return FALSE;

  for (guint i = 0; i < columns->len; i++)
    {
      SondeColumn *column = sonde_table_get_column (table, g_array_index (columns, guint, i));
      g_autofree double *sorted = NULL;
      JsonArray *pair = json_array_new ();
      double lo, hi;
      guint n;

      if (!need_numeric (column, error))
        {
          json_array_unref (pair);
          return FALSE;
        }
      sorted = present_values (column, FALSE, &n);
      if (n == 0)
        {
          json_array_unref (pair);
          return no_values (column, error);
        }
      if (method == OUTLIER_IQR)
        {
          /* Tukey's fences, as the profile's outliers. */
          double q1 = quantile_select (sorted, n, 0.25), q3 = quantile_select (sorted, n, 0.75);

          lo = q1 - factor * (q3 - q1);
          hi = q3 + factor * (q3 - q1);
        }
      else
        {
          double mean = 0, ss = 0, sd;

          for (guint k = 0; k < n; k++)
            mean += sorted[k];
          mean /= n;
          for (guint k = 0; k < n; k++)
            ss += (sorted[k] - mean) * (sorted[k] - mean);
          /* The sample standard deviation, as pandas' std(). */
          sd = n > 1 ? sqrt (ss / (n - 1)) : 0;
          lo = mean - factor * sd;
          hi = mean + factor * sd;
        }
      json_array_add_double_element (pair, lo);
      json_array_add_double_element (pair, hi);
      json_object_set_array_member (bounds, sonde_column_get_name (column), pair);
    }
  return TRUE;
}

static gboolean
learned_pair (JsonObject  *learned,
              const char  *group,
              const char  *name,
              double      *a,
              double      *b,
              GError     **error)
{
  JsonNode *node = learned_member (learned, group, name, error);
  JsonArray *array;

  if (node == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_ARRAY (node) || json_array_get_length (array = json_node_get_array (node)) != 2 ||
      !node_is_number (json_array_get_element (array, 0)) || !node_is_number (json_array_get_element (array, 1)))
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                   _("what was learned for the column “%s” is not two numbers: fit the pipeline again."), name);
      return FALSE;
    }
  *a = json_array_get_double_element (array, 0);
  *b = json_array_get_double_element (array, 1);
  return TRUE;
}

static SondeTable *
outliers_apply (SondeStepContext *ctx,
                JsonObject       *params,
                JsonObject       *learned,
                SondeTable       *table,
                GError          **error)
{
  g_auto(GStrv) names = NULL;
  g_autoptr(GArray) columns = NULL;
  g_autoptr(SondeTable) out = NULL;
  g_autofree guint8 *keep = NULL;
  guint n = sonde_table_get_n_rows (table);
  guint action;

  if (!outliers_check (params, error))
    return NULL;
  get_names (params, "columns", TRUE, &names, NULL);
  get_choice (params, "action", "cap", outlier_actions, &action, NULL);
  if ((columns = find_columns (table, names, error)) == NULL)
    return NULL;

  if (action == OUTLIER_REMOVE)
    {
      keep = g_malloc (MAX (n, 1));
      memset (keep, 1, n);
    }
  out = table_share (table, NULL);
  for (guint i = 0; i < columns->len; i++)
    {
      guint index = g_array_index (columns, guint, i);
      SondeColumn *column = sonde_table_get_column (table, index);
      gboolean integer = sonde_column_get_column_type (column) == SONDE_COLUMN_TYPE_INTEGER;
      g_autoptr(SondeColumn) capped = NULL;
      double lo, hi;

      if (!need_numeric (column, error) ||
          !learned_pair (learned, "bounds", sonde_column_get_name (column), &lo, &hi, error))
        return NULL;
      if (integer)
        {
          /* Every whole number inside [lo, hi] is inside [⌈lo⌉, ⌊hi⌋],
           * so capping there keeps the column whole. */
          lo = ceil (lo);
          hi = floor (hi);
        }
      if (action == OUTLIER_REMOVE)
        {
          for (guint r = 0; r < n; r++)
            {
              double v = number_at (column, r);

              if (!isnan (v) && (v < lo || v > hi))
                keep[r] = 0;
            }
          continue;
        }
      capped = column_new_like (column, NULL, sonde_column_get_column_type (column));
      sonde_column_reserve (capped, n);
      for (guint r = 0; r < n; r++)
        {
          double v = number_at (column, r);

          if (isnan (v))
            sonde_column_append_missing (capped);
          else if (v < lo || v > hi)
            {
              double c = v < lo ? lo : hi;

              mark_cell (ctx, r);
              if (integer)
                sonde_column_append_integer (capped, (gint64) c);
              else
                sonde_column_append_real (capped, c);
            }
          else
            append_same (capped, column, r);
        }
      if (!sonde_table_replace_column (out, index, capped, error))
        return NULL;
    }
  if (action == OUTLIER_REMOVE)
    return table_keep_rows (ctx, table, keep);
  return g_steal_pointer (&out);
}

/* ---- encodings ---- */

/* The value of a cell as a category label, in @buf for numbers. NULL
 * when missing. */
static const char *
cell_label (SondeColumn *column,
            guint        row,
            char        *buf,
            gsize        size)
{
  if (is_missing (column, row))
    return NULL;
  switch (sonde_column_get_column_type (column))
    {
    case SONDE_COLUMN_TYPE_TEXT:
    case SONDE_COLUMN_TYPE_CATEGORICAL:
      return sonde_column_get_text (column, row);
    case SONDE_COLUMN_TYPE_INTEGER:
      g_snprintf (buf, size, "%" G_GINT64_FORMAT, sonde_column_get_integer (column, row));
      return buf;
    case SONDE_COLUMN_TYPE_BOOLEAN:
      return sonde_column_get_boolean (column, row) ? "true" : "false";
    default:
      {
        g_autofree char *text = sonde_column_format_value (column, row);

        g_strlcpy (buf, text, size);
        return buf;
      }
    }
}

static int
compare_int64 (gconstpointer a,
               gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

/* The distinct labels of a column, sorted by bytes. */
static JsonArray *
distinct_labels (SondeColumn *column)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree gpointer *keys = NULL;
  JsonArray *array = json_array_new ();
  guint n_keys;
  char buf[64];

  if (sonde_column_get_column_type (column) == SONDE_COLUMN_TYPE_CATEGORICAL)
    {
      /* Only the labels in use: a dictionary may hold more. */
      guint n_labels = sonde_column_get_n_categories (column);
      g_autofree guint8 *used = g_malloc0 (MAX (n_labels, 1));

      for (guint r = 0; r < sonde_column_get_n_rows (column); r++)
        if (!sonde_column_is_missing (column, r))
          used[sonde_column_get_code (column, r)] = 1;
      for (guint i = 0; i < n_labels; i++)
        if (used[i])
          g_hash_table_add (seen, g_strdup (sonde_column_get_category_label (column, i)));
    }
  else
    for (guint r = 0; r < sonde_column_get_n_rows (column); r++)
      {
        const char *label = cell_label (column, r, buf, sizeof buf);

        if (label != NULL && !g_hash_table_contains (seen, label))
          g_hash_table_add (seen, g_strdup (label));
      }
  keys = g_hash_table_get_keys_as_array (seen, &n_keys);
  qsort (keys, n_keys, sizeof (gpointer), compare_strings);
  for (guint i = 0; i < n_keys; i++)
    json_array_add_string_element (array, keys[i]);
  return array;
}

static gboolean
encode_check (JsonObject *params,
              GError    **error)
{
  const char *column;
  gboolean keep;
  g_auto(GStrv) order = NULL;

  gint64 max_categories;

  return get_string (params, "column", NULL, &column, error) &&
         get_boolean (params, "keep", FALSE, &keep, error) &&
         get_names (params, "order", FALSE, &order, error) &&
         get_count (params, "max_categories", 1000, 1, &max_categories, error);
}

static gboolean
encode_fit (SondeStepContext *ctx,
            JsonObject       *params,
            SondeTable       *table,
            JsonObject       *learned,
            GError          **error)
{
  g_auto(GStrv) order = NULL;
  SondeColumn *column;
  int index;

  if (!encode_check (params, error))
    return FALSE;
  if ((index = find_column (table, json_object_get_string_member (params, "column"), error)) < 0)
    return FALSE;
  column = sonde_table_get_column (table, index);
  if (sonde_column_get_column_type (column) == SONDE_COLUMN_TYPE_REAL)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                   _("“%s” holds decimal numbers, which are not categories: bin it first."),
                   sonde_column_get_name (column));
      return FALSE;
    }
  get_names (params, "order", FALSE, &order, NULL);
  if (order != NULL)
    {
      /* The order a person gave, e.g. low < medium < high. */
      JsonArray *array = json_array_new ();

      for (guint i = 0; order[i] != NULL; i++)
        json_array_add_string_element (array, order[i]);
      json_object_set_array_member (learned, "categories", array);
    }
  else
    json_object_set_array_member (learned, "categories", distinct_labels (column));
  return TRUE;
}

/* The learned categories as a label → position table. */
static GHashTable *
learned_categories (JsonObject  *learned,
                    JsonArray  **out,
                    GError     **error)
{
  JsonNode *node = json_object_get_member (learned, "categories");
  GHashTable *positions;
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error_literal (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                           _("no categories were learned: fit the pipeline again."));
      return NULL;
    }
  array = json_node_get_array (node);
  positions = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (!node_is_string (element))
        {
          g_hash_table_unref (positions);
          g_set_error_literal (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                               _("the categories learned are not all strings: fit the pipeline again."));
          return NULL;
        }
      if (!g_hash_table_contains (positions, json_node_get_string (element)))
        g_hash_table_insert (positions, (gpointer) json_node_get_string (element), GUINT_TO_POINTER (i + 1));
    }
  *out = array;
  return positions;
}

static SondeTable *
onehot_apply (SondeStepContext *ctx,
              JsonObject       *params,
              JsonObject       *learned,
              SondeTable       *table,
              GError          **error)
{
  g_autoptr(GHashTable) positions = NULL;
  g_autoptr(GPtrArray) dummies = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(SondeTable) out = NULL;
  g_autofree guint8 *skip = NULL;
  g_autofree guint8 **values = NULL;
  JsonArray *categories;
  SondeColumn *column;
  gboolean keep;
  gint64 max_categories;
  guint n, k;
  int index;
  char buf[64];

  if (!encode_check (params, error) ||
      (index = find_column (table, json_object_get_string_member (params, "column"), error)) < 0 ||
      (positions = learned_categories (learned, &categories, error)) == NULL)
    return NULL;
  get_boolean (params, "keep", FALSE, &keep, NULL);
  get_count (params, "max_categories", 1000, 1, &max_categories, NULL);
  column = sonde_table_get_column (table, index);
  n = sonde_table_get_n_rows (table);
  k = json_array_get_length (categories);
  /* A column per category: an identifier would make one per row. */
  if (k > max_categories)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                   _("“%s” has %u different values, and one-hot encoding makes a column for each: "
                     "raise “max_categories” (%u) if that is meant, or use an ordinal encoding."),
                   sonde_column_get_name (column), k, (guint) max_categories);
      return NULL;
    }

  values = g_new0 (guint8 *, MAX (k, 1));
  for (guint i = 0; i < k; i++)
    {
      g_autofree char *name = g_strdup_printf ("%s_%s", sonde_column_get_name (column),
                                               json_array_get_string_element (categories, i));
      /* Yes/no columns, a byte a row: numeric analyses read them as 0
       * and 1, and 20 categories of 10 M rows cost 200 MB, not 1.6 GB. */
      SondeColumn *dummy = column_new_like (column, name, SONDE_COLUMN_TYPE_BOOLEAN);

      /* Zeroed values and no missing bit: every row starts at 0. */
      values[i] = _sonde_column_fill_begin (dummy, n);
      g_ptr_array_add (dummies, dummy);
    }
  for (guint r = 0; r < n; r++)
    {
      const char *label = cell_label (column, r, buf, sizeof buf);
      guint position = label != NULL ? GPOINTER_TO_UINT (g_hash_table_lookup (positions, label)) : 0;

      /* Missing and unseen values: all zeros. */
      if (position > 0)
        values[position - 1][r] = 1;
    }
  for (guint i = 0; i < k; i++)
    _sonde_column_fill_end (g_ptr_array_index (dummies, i), 0, NULL, 0);

  skip = g_malloc0 (sonde_table_get_n_columns (table) + 1);
  skip[index] = !keep;
  out = table_share (table, skip);
  for (guint i = 0; i < k; i++)
    if (!add_column (out, g_ptr_array_index (dummies, i), error))
      return NULL;
  return g_steal_pointer (&out);
}

static SondeTable *
ordinal_apply (SondeStepContext *ctx,
               JsonObject       *params,
               JsonObject       *learned,
               SondeTable       *table,
               GError          **error)
{
  g_autoptr(GHashTable) positions = NULL;
  g_autoptr(SondeColumn) codes = NULL;
  g_autoptr(SondeTable) out = NULL;
  JsonArray *categories;
  SondeColumn *column;
  guint n;
  int index;
  char buf[64];

  if (!encode_check (params, error) ||
      (index = find_column (table, json_object_get_string_member (params, "column"), error)) < 0 ||
      (positions = learned_categories (learned, &categories, error)) == NULL)
    return NULL;
  column = sonde_table_get_column (table, index);
  n = sonde_table_get_n_rows (table);
  codes = column_new_like (column, NULL, SONDE_COLUMN_TYPE_INTEGER);
  sonde_column_reserve (codes, n);
  for (guint r = 0; r < n; r++)
    {
      const char *label = cell_label (column, r, buf, sizeof buf);
      guint position = label != NULL ? GPOINTER_TO_UINT (g_hash_table_lookup (positions, label)) : 0;

      if (label == NULL)
        sonde_column_append_missing (codes);
      else if (position == 0)
        {
          /* A category not seen when fitting has no code. */
          mark_missing_made (ctx, r);
          sonde_column_append_missing (codes);
        }
      else
        {
          mark_cell (ctx, r);
          sonde_column_append_integer (codes, position - 1);
        }
    }
  out = table_share (table, NULL);
  if (!sonde_table_replace_column (out, index, codes, error))
    return NULL;
  return g_steal_pointer (&out);
}

/* ---- scaling ---- */

static const char * const scale_methods[] = { "standard", "minmax", "robust", "log", NULL };
enum { SCALE_STANDARD, SCALE_MINMAX, SCALE_ROBUST, SCALE_LOG };

static gboolean
scale_check (JsonObject *params,
             GError    **error)
{
  g_auto(GStrv) columns = NULL;
  guint method;

  return get_names (params, "columns", TRUE, &columns, error) &&
         get_choice (params, "method", NULL, scale_methods, &method, error);
}

static gboolean
scale_fit (SondeStepContext *ctx,
           JsonObject       *params,
           SondeTable       *table,
           JsonObject       *learned,
           GError          **error)
{
  g_auto(GStrv) names = NULL;
  g_autoptr(GArray) columns = NULL;
  JsonObject *group = learned_group (learned, "scales");
  guint method;

  if (!scale_check (params, error))
    return FALSE;
  get_names (params, "columns", TRUE, &names, NULL);
  get_choice (params, "method", NULL, scale_methods, &method, NULL);
  if ((columns = find_columns (table, names, error)) == NULL)
    return FALSE;

  for (guint i = 0; i < columns->len; i++)
    {
      SondeColumn *column = sonde_table_get_column (table, g_array_index (columns, guint, i));
      g_autofree double *sorted = NULL;
      JsonArray *pair;
      double center = 0, scale = 1;
      guint n;

      if (!need_numeric (column, error))
        return FALSE;
      if (method == SCALE_LOG)
        continue;
      sorted = present_values (column, FALSE, &n);
      if (n == 0)
        return no_values (column, error);
      switch (method)
        {
        case SCALE_STANDARD:
          {
            double ss = 0;

            for (guint k = 0; k < n; k++)
              center += sorted[k];
            center /= n;
            for (guint k = 0; k < n; k++)
              ss += (sorted[k] - center) * (sorted[k] - center);
            scale = sqrt (ss / n);
            break;
          }
        case SCALE_MINMAX:
          {
            double max = sorted[0];

            center = sorted[0];
            for (guint k = 1; k < n; k++)
              {
                center = MIN (center, sorted[k]);
                max = MAX (max, sorted[k]);
              }
            scale = max - center;
            break;
          }
        case SCALE_ROBUST:
          center = quantile_select (sorted, n, 0.5);
          scale = quantile_select (sorted, n, 0.75);
          scale -= quantile_select (sorted, n, 0.25);
          break;
        default:
          g_assert_not_reached ();
        }
      /* A constant column is centred only, as scikit-learn does. */
      if (scale == 0 || !isfinite (scale))
        scale = 1;
      pair = json_array_new ();
      json_array_add_double_element (pair, center);
      json_array_add_double_element (pair, scale);
      json_object_set_array_member (group, sonde_column_get_name (column), pair);
    }
  return TRUE;
}

static SondeTable *
scale_apply (SondeStepContext *ctx,
             JsonObject       *params,
             JsonObject       *learned,
             SondeTable       *table,
             GError          **error)
{
  g_auto(GStrv) names = NULL;
  g_autoptr(GArray) columns = NULL;
  g_autoptr(SondeTable) out = NULL;
  guint n = sonde_table_get_n_rows (table);
  guint method;

  if (!scale_check (params, error))
    return NULL;
  get_names (params, "columns", TRUE, &names, NULL);
  get_choice (params, "method", NULL, scale_methods, &method, NULL);
  if ((columns = find_columns (table, names, error)) == NULL)
    return NULL;

  out = table_share (table, NULL);
  for (guint i = 0; i < columns->len; i++)
    {
      guint index = g_array_index (columns, guint, i);
      SondeColumn *column = sonde_table_get_column (table, index);
      g_autoptr(SondeColumn) scaled = NULL;
      double center = 0, scale = 1;

      if (!need_numeric (column, error))
        return NULL;
      if (method != SCALE_LOG &&
          !learned_pair (learned, "scales", sonde_column_get_name (column), &center, &scale, error))
        return NULL;
      scaled = column_new_like (column, NULL, SONDE_COLUMN_TYPE_REAL);
      sonde_column_reserve (scaled, n);
      for (guint r = 0; r < n; r++)
        {
          double v = number_at (column, r), w;

          if (isnan (v))
            {
              sonde_column_append_missing (scaled);
              continue;
            }
          if (method == SCALE_LOG)
            {
              /* The log of zero or less has no value: missing, counted. */
              if (v <= 0)
                {
                  mark_missing_made (ctx, r);
                  sonde_column_append_missing (scaled);
                  continue;
                }
              w = log (v);
            }
          else
            w = (v - center) / scale;
          if (w != v)
            mark_cell (ctx, r);
          sonde_column_append_real (scaled, w);
        }
      if (!sonde_table_replace_column (out, index, scaled, error))
        return NULL;
    }
  return g_steal_pointer (&out);
}

/* ---- binning ---- */

static const char * const bin_methods[] = { "width", "quantile", NULL };
enum { BIN_WIDTH, BIN_QUANTILE };

static gboolean
bin_check (JsonObject *params,
           GError    **error)
{
  const char *column, *name;
  guint method;
  gint64 bins;

  return get_string (params, "column", NULL, &column, error) &&
         get_choice (params, "method", "width", bin_methods, &method, error) &&
         get_count (params, "bins", -1, 1, &bins, error) &&
         get_string (params, "name", "", &name, error);
}

static gboolean
bin_fit (SondeStepContext *ctx,
         JsonObject       *params,
         SondeTable       *table,
         JsonObject       *learned,
         GError          **error)
{
  g_autofree double *sorted = NULL;
  JsonArray *edges;
  SondeColumn *column;
  guint method, n;
  gint64 bins;
  double last = -INFINITY;
  int index;

  if (!bin_check (params, error))
    return FALSE;
  get_choice (params, "method", "width", bin_methods, &method, NULL);
  get_count (params, "bins", -1, 1, &bins, NULL);
  if ((index = find_column (table, json_object_get_string_member (params, "column"), error)) < 0)
    return FALSE;
  column = sonde_table_get_column (table, index);
  if (!need_numeric (column, error))
    return FALSE;
  /* A few quantile edges are selected, each in a pass; many are read
   * from one sort. */
  sorted = present_values (column, method == BIN_QUANTILE && bins > 32, &n);
  if (n == 0)
    return no_values (column, error);
  if (method == BIN_WIDTH)
    {
      double min = sorted[0], max = sorted[0];

      for (guint k = 1; k < n; k++)
        {
          min = MIN (min, sorted[k]);
          max = MAX (max, sorted[k]);
        }
      sorted[0] = min;
      sorted[n - 1] = max;
    }

  edges = json_array_new ();
  for (gint64 i = 0; i <= bins; i++)
    {
      double edge;

      if (method == BIN_WIDTH)
        edge = i == bins ? sorted[n - 1] : sorted[0] + (sorted[n - 1] - sorted[0]) * i / bins;
      else if (bins > 32)
        edge = quantile (sorted, n, (double) i / bins);
      else
        edge = quantile_select (sorted, n, (double) i / bins);
      /* Equal quantiles make one edge, as pandas' qcut(duplicates="drop"). */
      if (i > 0 && edge <= last)
        continue;
      json_array_add_double_element (edges, edge);
      last = edge;
    }
  json_object_set_array_member (learned, "edges", edges);
  return TRUE;
}

static SondeTable *
bin_apply (SondeStepContext *ctx,
           JsonObject       *params,
           JsonObject       *learned,
           SondeTable       *table,
           GError          **error)
{
  g_autofree double *edges = NULL;
  g_autoptr(SondeColumn) bins = NULL;
  g_autoptr(SondeTable) out = NULL;
  g_autofree char *default_name = NULL;
  const char *name;
  SondeColumn *column;
  JsonNode *node;
  JsonArray *array;
  guint n, n_edges, n_bins;
  int index;

  if (!bin_check (params, error) ||
      (index = find_column (table, json_object_get_string_member (params, "column"), error)) < 0)
    return NULL;
  column = sonde_table_get_column (table, index);
  if (!need_numeric (column, error))
    return NULL;
  node = json_object_get_member (learned, "edges");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node) || json_array_get_length (json_node_get_array (node)) < 1)
    {
      g_set_error_literal (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                           _("no bin edges were learned: fit the pipeline again."));
      return NULL;
    }
  array = json_node_get_array (node);
  n_edges = json_array_get_length (array);
  edges = g_new (double, n_edges);
  for (guint i = 0; i < n_edges; i++)
    {
      if (!node_is_number (json_array_get_element (array, i)))
        {
          g_set_error_literal (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                               _("the bin edges learned are not all numbers: fit the pipeline again."));
          return NULL;
        }
      edges[i] = json_array_get_double_element (array, i);
    }
  n_bins = MAX (n_edges, 2) - 1;

  get_string (params, "name", "", &name, NULL);
  if (*name == '\0')
    name = default_name = g_strdup_printf ("%s_bin", sonde_column_get_name (column));
  n = sonde_table_get_n_rows (table);
  bins = column_new_like (column, name, SONDE_COLUMN_TYPE_INTEGER);
  sonde_column_reserve (bins, n);
  for (guint r = 0; r < n; r++)
    {
      double v = number_at (column, r);
      guint lo = 0, hi = n_bins;

      if (isnan (v))
        {
          sonde_column_append_missing (bins);
          continue;
        }
      /* The last edge ≤ v, by bisection; out of range clips. */
      while (hi - lo > 1)
        {
          guint mid = (lo + hi) / 2;

          if (edges[mid] <= v)
            lo = mid;
          else
            hi = mid;
        }
      sonde_column_append_integer (bins, lo);
    }
  out = table_share (table, NULL);
  if (!add_column (out, bins, error))
    return NULL;
  return g_steal_pointer (&out);
}

/* ---- date parts ---- */

static const char * const date_parts[] = { "year", "month", "day", "weekday", NULL };

static gboolean
date_parts_check (JsonObject *params,
                  GError    **error)
{
  const char *column;
  g_auto(GStrv) parts = NULL;

  if (!get_string (params, "column", NULL, &column, error) ||
      !get_names (params, "parts", FALSE, &parts, error))
    return FALSE;
  for (guint i = 0; parts != NULL && parts[i] != NULL; i++)
    if (!g_strv_contains (date_parts, parts[i]))
      return param_error (error, "parts", _("a list of year, month, day and weekday"));
  return TRUE;
}

static SondeTable *
date_parts_apply (SondeStepContext *ctx,
                  JsonObject       *params,
                  JsonObject       *learned,
                  SondeTable       *table,
                  GError          **error)
{
  g_auto(GStrv) parts = NULL;
  g_autoptr(SondeTable) out = NULL;
  g_autoptr(GPtrArray) made = g_ptr_array_new_with_free_func (g_object_unref);
  int which[4];
  guint n_parts = 0, n;
  SondeColumn *column;
  SondeColumnType type;
  int index;

  if (!date_parts_check (params, error) ||
      (index = find_column (table, json_object_get_string_member (params, "column"), error)) < 0)
    return NULL;
  column = sonde_table_get_column (table, index);
  type = sonde_column_get_column_type (column);
  if (type != SONDE_COLUMN_TYPE_DATE && type != SONDE_COLUMN_TYPE_DATETIME)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                   _("“%s” is not a column of dates (it holds %s): change its type first."),
                   sonde_column_get_name (column), sonde_column_type_get_label (type));
      return NULL;
    }
  get_names (params, "parts", FALSE, &parts, NULL);
  for (guint p = 0; date_parts[p] != NULL; p++)
    if (parts == NULL || g_strv_contains ((const char * const *) parts, date_parts[p]))
      {
        g_autofree char *name = g_strdup_printf ("%s_%s", sonde_column_get_name (column), date_parts[p]);
        SondeColumn *part = column_new_like (column, name, SONDE_COLUMN_TYPE_INTEGER);

        which[n_parts++] = p;
        g_ptr_array_add (made, part);
      }

  n = sonde_table_get_n_rows (table);
  for (guint r = 0; r < n; r++)
    {
      gint32 days;
      int y, m, d;

      if (sonde_column_is_missing (column, r))
        {
          for (guint p = 0; p < n_parts; p++)
            sonde_column_append_missing (g_ptr_array_index (made, p));
          continue;
        }
      if (type == SONDE_COLUMN_TYPE_DATE)
        days = sonde_column_get_date (column, r);
      else
        {
          gint64 usec = sonde_column_get_datetime (column, r);
          gint64 day_usec = (gint64) 86400 * G_USEC_PER_SEC;

          /* Floor division: instants before 1970 belong to the day before. */
          days = (gint32) (usec >= 0 ? usec / day_usec : -((-usec + day_usec - 1) / day_usec));
        }
      sonde_date_to_ymd (days, &y, &m, &d);
      for (guint p = 0; p < n_parts; p++)
        {
          gint64 v;

          switch (which[p])
            {
            case 0: v = y; break;
            case 1: v = m; break;
            case 2: v = d; break;
            /* 1970-01-01 was a Thursday; Monday is 0, as pandas' dayofweek. */
            default: v = (((gint64) days % 7) + 7 + 3) % 7; break;
            }
          sonde_column_append_integer (g_ptr_array_index (made, p), v);
        }
    }
  out = table_share (table, NULL);
  for (guint p = 0; p < n_parts; p++)
    if (!add_column (out, g_ptr_array_index (made, p), error))
      return NULL;
  return g_steal_pointer (&out);
}

/* ---- pseudonymise ---- */

static gboolean
pseudonymise_check (JsonObject *params,
                    GError    **error)
{
  g_auto(GStrv) columns = NULL;
  const char *salt;

  if (!get_names (params, "columns", TRUE, &columns, error) ||
      !get_string (params, "salt", NULL, &salt, error))
    return FALSE;
  /* A short salt is guessed along with the value. */
  if (strlen (salt) < 16)
    return param_error (error, "salt", _("a secret of at least 16 characters"));
  return TRUE;
}

static char *
pseudonym (const char *salt,
           const char *text)
{
  return g_compute_hmac_for_string (G_CHECKSUM_SHA256, (const guchar *) salt, strlen (salt), text, -1);
}

static SondeTable *
pseudonymise_apply (SondeStepContext *ctx,
                    JsonObject       *params,
                    JsonObject       *learned,
                    SondeTable       *table,
                    GError          **error)
{
  g_auto(GStrv) names = NULL;
  g_autoptr(GArray) columns = NULL;
  g_autoptr(SondeTable) out = NULL;
  guint n = sonde_table_get_n_rows (table);
  const char *salt;

  if (!pseudonymise_check (params, error))
    return NULL;
  get_names (params, "columns", TRUE, &names, NULL);
  salt = json_object_get_string_member (params, "salt");
  if ((columns = find_columns (table, names, error)) == NULL)
    return NULL;

  out = table_share (table, NULL);
  for (guint i = 0; i < columns->len; i++)
    {
      guint index = g_array_index (columns, guint, i);
      SondeColumn *column = sonde_table_get_column (table, index);
      gboolean categorical = sonde_column_get_column_type (column) == SONDE_COLUMN_TYPE_CATEGORICAL;
      g_autoptr(SondeColumn) hashed = NULL;
      char buf[64];

      if (categorical)
        {
          /* One HMAC per label; codes carry over. */
          hashed = sonde_column_new (sonde_column_get_name (column), SONDE_COLUMN_TYPE_CATEGORICAL);
          sonde_column_set_role (hashed, sonde_column_get_role (column));
          sonde_column_set_description (hashed, sonde_column_get_description (column));
          sonde_column_set_source (hashed, sonde_column_get_source (column));
          for (guint c = 0; c < sonde_column_get_n_categories (column); c++)
            {
              g_autofree char *h = pseudonym (salt, sonde_column_get_category_label (column, c));

              sonde_column_add_category (hashed, h, -1);
            }
        }
      else
        hashed = column_new_like (column, NULL, SONDE_COLUMN_TYPE_TEXT);
      sonde_column_reserve (hashed, n);
      for (guint r = 0; r < n; r++)
        {
          const char *label;
          g_autofree char *h = NULL;

          if (is_missing (column, r))
            {
              sonde_column_append_missing (hashed);
              continue;
            }
          mark_cell (ctx, r);
          if (categorical)
            {
              sonde_column_append_code (hashed, sonde_column_get_code (column, r));
              continue;
            }
          label = cell_label (column, r, buf, sizeof buf);
          h = pseudonym (salt, label);
          sonde_column_append_text (hashed, h, -1);
        }
      if (!sonde_table_replace_column (out, index, hashed, error))
        return NULL;
    }
  return g_steal_pointer (&out);
}

/* ---- split and merge ---- */

static gboolean
split_check (JsonObject *params,
             GError    **error)
{
  const char *column, *separator;
  g_auto(GStrv) into = NULL;
  gboolean keep;

  if (!get_string (params, "column", NULL, &column, error) ||
      !get_string (params, "separator", NULL, &separator, error) ||
      !get_names (params, "into", TRUE, &into, error) ||
      !get_boolean (params, "keep", FALSE, &keep, error))
    return FALSE;
  if (*separator == '\0')
    return param_error (error, "separator", _("a non-empty text"));
  return TRUE;
}

static SondeTable *
split_apply (SondeStepContext *ctx,
             JsonObject       *params,
             JsonObject       *learned,
             SondeTable       *table,
             GError          **error)
{
  g_auto(GStrv) into = NULL;
  g_autoptr(GPtrArray) made = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(SondeTable) out = NULL;
  g_autofree guint8 *skip = NULL;
  const char *separator;
  SondeColumn *column;
  gboolean keep;
  guint n, k;
  int index;

  if (!split_check (params, error) ||
      (index = find_column (table, json_object_get_string_member (params, "column"), error)) < 0)
    return NULL;
  column = sonde_table_get_column (table, index);
  if (!need_text (column, error))
    return NULL;
  separator = json_object_get_string_member (params, "separator");
  get_names (params, "into", TRUE, &into, NULL);
  get_boolean (params, "keep", FALSE, &keep, NULL);
  k = g_strv_length (into);
  for (guint i = 0; i < k; i++)
    g_ptr_array_add (made, column_new_like (column, into[i], SONDE_COLUMN_TYPE_TEXT));

  n = sonde_table_get_n_rows (table);
  for (guint r = 0; r < n; r++)
    {
      g_auto(GStrv) parts = NULL;
      guint n_parts;

      if (sonde_column_is_missing (column, r))
        {
          for (guint i = 0; i < k; i++)
            sonde_column_append_missing (g_ptr_array_index (made, i));
          continue;
        }
      /* At most k parts: the rest stays in the last, as pandas'
       * str.split(n=k-1); fewer parts leave the last columns missing. */
      parts = g_strsplit (sonde_column_get_text (column, r), separator, k);
      n_parts = g_strv_length (parts);
      for (guint i = 0; i < k; i++)
        {
          if (i < n_parts)
            sonde_column_append_text (g_ptr_array_index (made, i), parts[i], -1);
          else
            sonde_column_append_missing (g_ptr_array_index (made, i));
        }
    }
  skip = g_malloc0 (sonde_table_get_n_columns (table) + 1);
  skip[index] = !keep;
  out = table_share (table, skip);
  for (guint i = 0; i < k; i++)
    if (!add_column (out, g_ptr_array_index (made, i), error))
      return NULL;
  return g_steal_pointer (&out);
}

static gboolean
merge_check (JsonObject *params,
             GError    **error)
{
  const char *name, *separator;
  g_auto(GStrv) columns = NULL;
  gboolean keep;

  return get_names (params, "columns", TRUE, &columns, error) &&
         get_string (params, "name", NULL, &name, error) &&
         get_string (params, "separator", " ", &separator, error) &&
         get_boolean (params, "keep", FALSE, &keep, error);
}

static SondeTable *
merge_apply (SondeStepContext *ctx,
             JsonObject       *params,
             JsonObject       *learned,
             SondeTable       *table,
             GError          **error)
{
  g_auto(GStrv) names = NULL;
  g_autoptr(GArray) columns = NULL;
  g_autoptr(SondeColumn) merged = NULL;
  g_autoptr(SondeTable) out = NULL;
  g_autofree guint8 *skip = NULL;
  g_autoptr(GString) s = g_string_new (NULL);
  const char *name, *separator;
  gboolean keep;
  guint n;

  if (!merge_check (params, error))
    return NULL;
  get_names (params, "columns", TRUE, &names, NULL);
  name = json_object_get_string_member (params, "name");
  get_string (params, "separator", " ", &separator, NULL);
  get_boolean (params, "keep", FALSE, &keep, NULL);
  if ((columns = find_columns (table, names, error)) == NULL)
    return NULL;

  n = sonde_table_get_n_rows (table);
  merged = column_new_like (sonde_table_get_column (table, g_array_index (columns, guint, 0)), name,
                            SONDE_COLUMN_TYPE_TEXT);
  sonde_column_reserve (merged, n);
  for (guint r = 0; r < n; r++)
    {
      gboolean any = FALSE;

      g_string_truncate (s, 0);
      for (guint i = 0; i < columns->len; i++)
        {
          SondeColumn *column = sonde_table_get_column (table, g_array_index (columns, guint, i));
          char buf[64];
          const char *label = cell_label (column, r, buf, sizeof buf);

          /* Missing parts are left out, separator included. */
          if (label == NULL)
            continue;
          if (any)
            g_string_append (s, separator);
          g_string_append (s, label);
          any = TRUE;
        }
      if (any)
        sonde_column_append_text (merged, s->str, s->len);
      else
        sonde_column_append_missing (merged);
    }
  skip = g_malloc0 (sonde_table_get_n_columns (table) + 1);
  for (guint i = 0; i < columns->len && !keep; i++)
    skip[g_array_index (columns, guint, i)] = 1;
  out = table_share (table, skip);
  if (!add_column (out, merged, error))
    return NULL;
  return g_steal_pointer (&out);
}

/* ---- group and aggregate ---- */

static const char * const aggregate_functions[] = { "count", "sum", "mean", "min", "max", NULL };
enum { AGG_COUNT, AGG_SUM, AGG_MEAN, AGG_MIN, AGG_MAX };

/* Reads aggregation @i: its column (NULL for a count of rows), function
 * and output name (a default when not given). */
static gboolean
get_aggregation (JsonObject  *params,
                 guint        i,
                 const char **column,
                 guint       *function,
                 char       **name,
                 GError     **error)
{
  JsonArray *array = json_object_get_array_member (params, "aggregations");
  JsonNode *node = json_array_get_element (array, i);
  JsonObject *object;
  const char *given;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return param_error (error, "aggregations", _("a list of objects with “function”, “column” and “name”"));
  object = json_node_get_object (node);
  if (!get_choice (object, "function", NULL, aggregate_functions, function, error) ||
      !get_string (object, "column", "", column, error) ||
      !get_string (object, "name", "", &given, error))
    return FALSE;
  if (**column == '\0')
    {
      if (*function != AGG_COUNT)
        return missing_param (error, "column");
      *column = NULL;
    }
  if (*given != '\0')
    *name = g_strdup (given);
  else if (*column == NULL)
    *name = g_strdup ("count");
  else
    *name = g_strdup_printf ("%s_%s", *column, aggregate_functions[*function]);
  return TRUE;
}

static gboolean
aggregate_check (JsonObject *params,
                 GError    **error)
{
  g_auto(GStrv) by = NULL;
  JsonNode *node;

  if (!get_names (params, "by", TRUE, &by, error))
    return FALSE;
  node = json_object_get_member (params, "aggregations");
  if (node == NULL)
    return missing_param (error, "aggregations");
  if (!JSON_NODE_HOLDS_ARRAY (node) || json_array_get_length (json_node_get_array (node)) == 0)
    return param_error (error, "aggregations", _("a list of objects with “function”, “column” and “name”"));
  for (guint i = 0; i < json_array_get_length (json_node_get_array (node)); i++)
    {
      g_autofree char *name = NULL;
      const char *column;
      guint function;

      if (!get_aggregation (params, i, &column, &function, &name, error))
        return FALSE;
    }
  return TRUE;
}

static SondeTable *
aggregate_apply (SondeStepContext *ctx,
                 JsonObject       *params,
                 JsonObject       *learned,
                 SondeTable       *table,
                 GError          **error)
{
  g_auto(GStrv) by = NULL;
  g_autoptr(GArray) keys = NULL;
  g_autoptr(GArray) first = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(SondeTable) out = NULL;
  g_autofree guint *group = NULL;
  g_autofree gint64 *first_rows = NULL;
  guint n = sonde_table_get_n_rows (table);
  guint n_groups, n_aggregations;

  if (!aggregate_check (params, error))
    return NULL;
  get_names (params, "by", TRUE, &by, NULL);
  if ((keys = find_columns (table, by, error)) == NULL)
    return NULL;
  n_aggregations = json_array_get_length (json_object_get_array_member (params, "aggregations"));

  /* Groups in the order of their first row (pandas' sort=False). */
  group = g_new (guint, MAX (n, 1));
  n_groups = group_rows (table, &g_array_index (keys, guint, 0), keys->len, group, first);
  first_rows = g_new (gint64, MAX (n_groups, 1));
  for (guint g = 0; g < n_groups; g++)
    first_rows[g] = g_array_index (first, guint, g);

  out = table_new_like (table);
  for (guint i = 0; i < keys->len; i++)
    {
      g_autoptr(SondeColumn) key = column_gather (sonde_table_get_column (table, g_array_index (keys, guint, i)),
                                                  first_rows, n_groups);

      if (!add_column (out, key, error))
        return NULL;
    }

  for (guint a = 0; a < n_aggregations; a++)
    {
      g_autofree char *name = NULL;
      g_autofree guint64 *counts = g_new0 (guint64, MAX (n_groups, 1));
      g_autofree double *acc = g_new0 (double, MAX (n_groups, 1));
      g_autoptr(SondeColumn) result = NULL;
      SondeColumn *column = NULL;
      const char *column_name;
      guint function;

      get_aggregation (params, a, &column_name, &function, &name, NULL);
      if (column_name != NULL)
        {
          int index = find_column (table, column_name, error);

          if (index < 0)
            return NULL;
          column = sonde_table_get_column (table, index);
          if (function != AGG_COUNT && !need_numeric (column, error))
            return NULL;
        }
      for (guint g = 0; g < n_groups; g++)
        acc[g] = function == AGG_MIN ? INFINITY : function == AGG_MAX ? -INFINITY : 0;
      for (guint r = 0; r < n; r++)
        {
          guint g = group[r];
          double v;

          if (column == NULL)
            {
              counts[g]++;
              continue;
            }
          if (function == AGG_COUNT)
            {
              /* A count of a column counts its values, as pandas' count. */
              if (!is_missing (column, r))
                counts[g]++;
              continue;
            }
          v = number_at (column, r);
          if (isnan (v))
            continue;
          counts[g]++;
          switch (function)
            {
            case AGG_SUM:
            case AGG_MEAN: acc[g] += v; break;
            case AGG_MIN: acc[g] = MIN (acc[g], v); break;
            case AGG_MAX: acc[g] = MAX (acc[g], v); break;
            default: g_assert_not_reached ();
            }
        }

      result = sonde_column_new (name, function == AGG_COUNT ? SONDE_COLUMN_TYPE_INTEGER : SONDE_COLUMN_TYPE_REAL);
      sonde_column_reserve (result, n_groups);
      for (guint g = 0; g < n_groups; g++)
        {
          if (function == AGG_COUNT)
            sonde_column_append_integer (result, (gint64) counts[g]);
          else if (function == AGG_SUM)
            sonde_column_append_real (result, acc[g]);   /* 0 for no value, as pandas */
          else if (counts[g] == 0)
            sonde_column_append_missing (result);
          else
            sonde_column_append_real (result, function == AGG_MEAN ? acc[g] / counts[g] : acc[g]);
        }
      if (!add_column (out, result, error))
        return NULL;
    }
  ctx->effect->rows_removed = n - n_groups;
  return g_steal_pointer (&out);
}

/* ---- join and append ---- */

static SondeTable *
lookup_table (SondeStepContext  *ctx,
              const char        *name,
              GError           **error)
{
  if (ctx->lookup == NULL)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                   /* Translators: a dataset name */
                   _("this step needs the dataset “%s”, and none was given to the pipeline."), name);
      return NULL;
    }
  return ctx->lookup (name, ctx->lookup_data, error);
}

static gboolean
types_fit (SondeColumn *a,
           SondeColumn *b)
{
  SondeColumnType ta = sonde_column_get_column_type (a), tb = sonde_column_get_column_type (b);

  if (ta == tb)
    return TRUE;
  return (ta == SONDE_COLUMN_TYPE_TEXT || ta == SONDE_COLUMN_TYPE_CATEGORICAL) &&
         (tb == SONDE_COLUMN_TYPE_TEXT || tb == SONDE_COLUMN_TYPE_CATEGORICAL);
}

static gboolean
types_error (SondeColumn  *a,
             SondeTable   *ta,
             SondeColumn  *b,
             SondeTable   *tb,
             GError      **error)
{
  g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
               /* Translators: a column, its type, a dataset, another type, another dataset */
               _("the column “%s” holds %s in “%s” but %s in “%s”: change the type of one of them first."),
               sonde_column_get_name (a), sonde_column_type_get_label (sonde_column_get_column_type (a)),
               sonde_table_get_name (ta), sonde_column_type_get_label (sonde_column_get_column_type (b)),
               sonde_table_get_name (tb));
  return FALSE;
}

static const char * const join_kinds[] = { "inner", "left", "full", NULL };
enum { JOIN_INNER, JOIN_LEFT, JOIN_FULL };

static gboolean
join_check (JsonObject *params,
            GError    **error)
{
  const char *with, *suffix;
  g_auto(GStrv) on = NULL;
  guint how;

  if (!get_string (params, "with", NULL, &with, error) ||
      !get_names (params, "on", TRUE, &on, error) ||
      !get_choice (params, "how", "inner", join_kinds, &how, error) ||
      !get_string (params, "suffix", "_right", &suffix, error))
    return FALSE;
  /* The suffix is added until a name is free: it cannot be empty. */
  if (*suffix == '\0')
    return param_error (error, "suffix", _("a non-empty text"));
  return TRUE;
}

static SondeTable *
join_apply (SondeStepContext *ctx,
            JsonObject       *params,
            JsonObject       *learned,
            SondeTable       *table,
            GError          **error)
{
  g_autoptr(SondeTable) other = NULL;
  g_autoptr(SondeTable) out = NULL;
  g_auto(GStrv) on = NULL;
  g_autoptr(GArray) lkeys = NULL;
  g_autoptr(GArray) rkeys = NULL;
  g_autoptr(GArray) lrows = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) rrows = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree HashedRow *hashed = NULL;
  g_autofree guint64 *lhash = NULL;
  g_autofree guint8 *matched = NULL;
  g_autofree guint8 *is_rkey = NULL;
  g_autofree int *lkey_of = NULL;
  const char *suffix;
  guint how, n, m, kept = 0;

  if (!join_check (params, error))
    return NULL;
  get_names (params, "on", TRUE, &on, NULL);
  get_choice (params, "how", "inner", join_kinds, &how, NULL);
  get_string (params, "suffix", "_right", &suffix, NULL);
  if ((other = lookup_table (ctx, json_object_get_string_member (params, "with"), error)) == NULL ||
      (lkeys = find_columns (table, on, error)) == NULL ||
      (rkeys = find_columns (other, on, error)) == NULL)
    return NULL;
  for (guint k = 0; k < lkeys->len; k++)
    {
      SondeColumn *a = sonde_table_get_column (table, g_array_index (lkeys, guint, k));
      SondeColumn *b = sonde_table_get_column (other, g_array_index (rkeys, guint, k));

      if (!types_fit (a, b))
        {
          types_error (a, table, b, other, error);
          return NULL;
        }
    }

  n = sonde_table_get_n_rows (table);
  m = sonde_table_get_n_rows (other);
  hashed = hash_rows (other, &g_array_index (rkeys, guint, 0), rkeys->len);
  matched = g_malloc0 (MAX (m, 1));
  lhash = g_new0 (guint64, MAX (n, 1));
  for (guint k = 0; k < lkeys->len; k++)
    hash_column (sonde_table_get_column (table, g_array_index (lkeys, guint, k)), lhash);
  for (guint r = 0; r < n; r++)
    {
      guint64 h = lhash[r];
      gboolean any_missing = FALSE, found = FALSE;
      guint lo = 0, hi = m;

      for (guint k = 0; k < lkeys->len && !any_missing; k++)
        any_missing = is_missing (sonde_table_get_column (table, g_array_index (lkeys, guint, k)), r);
      /* The first right row of hash h, by bisection. */
      while (!any_missing && lo < hi)
        {
          guint mid = (lo + hi) / 2;

          if (hashed[mid].hash < h)
            lo = mid + 1;
          else
            hi = mid;
        }
      for (guint i = lo; !any_missing && i < m && hashed[i].hash == h; i++)
        if (rows_equal (table, &g_array_index (lkeys, guint, 0), r, other, &g_array_index (rkeys, guint, 0),
                        hashed[i].row, lkeys->len, FALSE))
          {
            gint64 left = r, right = hashed[i].row;

            /* Keys repeated on both sides multiply rows: a table holds
             * at most G_MAXUINT32 - 1 of them. */
            if (lrows->len + (gsize) m + 1 >= G_MAXUINT32)
              {
                g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                             _("the join would make more than %u rows: its keys repeat too often on both sides."),
                             G_MAXUINT32 - 1);
                return NULL;
              }

            g_array_append_val (lrows, left);
            g_array_append_val (rrows, right);
            matched[hashed[i].row] = 1;
            found = TRUE;
          }
      if (found)
        kept++;
      else if (how != JOIN_INNER)
        {
          gint64 left = r, right = -1;

          g_array_append_val (lrows, left);
          g_array_append_val (rrows, right);
          kept++;
        }
      else
        {
          if (ctx->effect->n_removed_rows < SONDE_STEP_EFFECT_N_ROWS)
            ctx->effect->removed_rows[ctx->effect->n_removed_rows++] = r;
          ctx->effect->rows_removed++;
        }
    }
  if (how == JOIN_FULL)
    for (guint r = 0; r < m; r++)
      if (!matched[r])
        {
          gint64 left = -1, right = r;

          g_array_append_val (lrows, left);
          g_array_append_val (rrows, right);
        }
  /* Right rows are in hash order within one left row: put them back in
   * their own order, so the result does not depend on the hash. */
  {
    guint i = 0;

    while (i < lrows->len)
      {
        guint j = i + 1;

        while (j < lrows->len && g_array_index (lrows, gint64, j) == g_array_index (lrows, gint64, i) &&
               g_array_index (lrows, gint64, i) >= 0)
          j++;
        if (j - i > 1)
          qsort (&g_array_index (rrows, gint64, i), j - i, sizeof (gint64), compare_int64);
        i = j;
      }
  }

  out = table_new_like (table);
  lkey_of = g_new (int, sonde_table_get_n_columns (table) + 1);
  for (guint c = 0; c < sonde_table_get_n_columns (table); c++)
    lkey_of[c] = -1;
  for (guint k = 0; k < lkeys->len; k++)
    lkey_of[g_array_index (lkeys, guint, k)] = k;
  is_rkey = g_malloc0 (sonde_table_get_n_columns (other) + 1);
  for (guint k = 0; k < rkeys->len; k++)
    is_rkey[g_array_index (rkeys, guint, k)] = 1;

  for (guint c = 0; c < sonde_table_get_n_columns (table); c++)
    {
      SondeColumn *column = sonde_table_get_column (table, c);
      g_autoptr(SondeColumn) joined = NULL;

      if (lkey_of[c] >= 0 && how == JOIN_FULL)
        {
          /* A key of a right row alone comes from the right. */
          SondeColumn *right = sonde_table_get_column (other, g_array_index (rkeys, guint, lkey_of[c]));

          joined = column_new_like (column, NULL, sonde_column_get_column_type (column));
          sonde_column_reserve (joined, lrows->len);
          for (guint i = 0; i < lrows->len; i++)
            {
              gint64 l = g_array_index (lrows, gint64, i);

              if (l >= 0)
                append_same (joined, column, (guint) l);
              else
                append_from (joined, right, (guint) g_array_index (rrows, gint64, i));
            }
        }
      else
        joined = column_gather (column, &g_array_index (lrows, gint64, 0), lrows->len);
      if (!add_column (out, joined, error))
        return NULL;
    }
  for (guint c = 0; c < sonde_table_get_n_columns (other); c++)
    {
      SondeColumn *column = sonde_table_get_column (other, c);
      g_autofree char *name = NULL;
      g_autoptr(SondeColumn) joined = NULL;

      if (is_rkey[c])
        continue;
      name = g_strdup (sonde_column_get_name (column));
      while (sonde_table_find_column_index (out, name) >= 0)
        {
          char *longer = g_strconcat (name, suffix, NULL);

          g_free (name);
          name = longer;
        }
      joined = column_gather_named (column, name, &g_array_index (rrows, gint64, 0), rrows->len);
      if (!add_column (out, joined, error))
        return NULL;
    }
  ctx->effect->rows_added = lrows->len - kept;
  return g_steal_pointer (&out);
}

static gboolean
append_check (JsonObject *params,
              GError    **error)
{
  const char *with;

  return get_string (params, "with", NULL, &with, error);
}

static SondeTable *
append_apply (SondeStepContext *ctx,
              JsonObject       *params,
              JsonObject       *learned,
              SondeTable       *table,
              GError          **error)
{
  g_autoptr(SondeTable) other = NULL;
  g_autoptr(SondeTable) out = NULL;
  guint n, m;

  if (!append_check (params, error) ||
      (other = lookup_table (ctx, json_object_get_string_member (params, "with"), error)) == NULL)
    return NULL;
  n = sonde_table_get_n_rows (table);
  m = sonde_table_get_n_rows (other);

  /* Columns by name: those of the table first, then those only the other
   * dataset has; a column one side lacks is missing there. */
  out = table_new_like (table);
  for (guint c = 0; c < sonde_table_get_n_columns (table); c++)
    {
      SondeColumn *column = sonde_table_get_column (table, c);
      SondeColumn *more = sonde_table_find_column (other, sonde_column_get_name (column));
      g_autoptr(SondeColumn) appended = NULL;

      if (more != NULL && !types_fit (column, more))
        {
          types_error (column, table, more, other, error);
          return NULL;
        }
      appended = column_new_like (column, NULL, sonde_column_get_column_type (column));
      sonde_column_reserve (appended, n + m);
      for (guint r = 0; r < n; r++)
        append_same (appended, column, r);
      for (guint r = 0; r < m; r++)
        {
          if (more != NULL)
            append_from (appended, more, r);
          else
            sonde_column_append_missing (appended);
        }
      if (!add_column (out, appended, error))
        return NULL;
    }
  for (guint c = 0; c < sonde_table_get_n_columns (other); c++)
    {
      SondeColumn *column = sonde_table_get_column (other, c);
      g_autoptr(SondeColumn) appended = NULL;

      if (sonde_table_find_column_index (table, sonde_column_get_name (column)) >= 0)
        continue;
      appended = column_new_like (column, NULL, sonde_column_get_column_type (column));
      sonde_column_reserve (appended, n + m);
      for (guint r = 0; r < n; r++)
        sonde_column_append_missing (appended);
      for (guint r = 0; r < m; r++)
        append_same (appended, column, r);
      if (!add_column (out, appended, error))
        return NULL;
    }
  ctx->effect->rows_added = m;
  return g_steal_pointer (&out);
}

/* ---- The table of kinds ---- */

/* The expression steps ("filter", "derive") come here once SondeExpr
 * exists: a check that compiles the expression, no fit, an apply that
 * evaluates it per row. */
/* ---- filter rows, derive a column: the expression language ---- */

static gboolean
expression_check (JsonObject *params,
                  GError    **error)
{
  const char *text;

  if (!get_string (params, "expression", NULL, &text, error))
    return FALSE;
  if (*text == '\0')
    return param_error (error, "expression", _("an expression, such as age between 0 and 120"));
  return TRUE;
}

/* The expression parsed against @table; its error keeps the position. */
static SondeExpr *
parse_expression (JsonObject  *params,
                  SondeTable  *table,
                  GError     **error)
{
  const char *text = json_object_get_string_member (params, "expression");

  return sonde_expr_parse (text, table, NULL, error);
}

static SondeTable *
filter_apply (SondeStepContext *ctx,
              JsonObject       *params,
              JsonObject       *learned,
              SondeTable       *table,
              GError          **error)
{
  g_autoptr(SondeExpr) expr = parse_expression (params, table, error);
  g_autofree guint8 *truth = NULL;
  guint n = sonde_table_get_n_rows (table);

  if (expr == NULL)
    return NULL;
  if (!sonde_expr_is_predicate (expr))
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                   /* Translators: %s is an expression */
                   _("“%s” is not a condition: a filter keeps the rows where a condition holds, such as age between 0 and 120."),
                   sonde_expr_get_text (expr));
      return NULL;
    }
  if ((truth = sonde_expr_evaluate_truth (expr, table, NULL, NULL, error)) == NULL)
    return NULL;
  /* As SQL's WHERE: a row where the condition is unknown goes too. */
  for (guint r = 0; r < n; r++)
    truth[r] = truth[r] == SONDE_EXPR_TRUE;

  return table_keep_rows (ctx, table, truth);
}

static gboolean
derive_check (JsonObject *params,
              GError    **error)
{
  const char *name;
  gboolean replace;

  return expression_check (params, error)
         && get_string (params, "name", NULL, &name, error)
         && get_boolean (params, "replace", FALSE, &replace, error);
}

static SondeTable *
derive_apply (SondeStepContext *ctx,
              JsonObject       *params,
              JsonObject       *learned,
              SondeTable       *table,
              GError          **error)
{
  g_autoptr(SondeExpr) expr = parse_expression (params, table, error);
  g_autoptr(SondeColumn) column = NULL;
  const char *name = json_object_get_string_member (params, "name");
  gboolean replace = FALSE;
  int existing;
  SondeTable *out;

  if (expr == NULL || !get_boolean (params, "replace", FALSE, &replace, error))
    return NULL;
  if ((column = sonde_expr_evaluate (expr, table, NULL, NULL, error)) == NULL)
    return NULL;
  sonde_column_set_name (column, name);

  existing = sonde_table_find_column_index (table, name);
  if (existing >= 0 && !replace)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                   /* Translators: a column name, then a dataset name */
                   _("“%s” is already a column of “%s”: choose another name, or set \"replace\": true to replace it."),
                   name, sonde_table_get_name (table));
      return NULL;
    }
  if (existing >= 0)
    {
      SondeColumn *old = sonde_table_get_column (table, (guint) existing);
      guint n = sonde_table_get_n_rows (table);
      SondeColumnType ta = sonde_column_get_column_type (old), tb = sonde_column_get_column_type (column);
      gboolean texts = (ta == SONDE_COLUMN_TYPE_TEXT || ta == SONDE_COLUMN_TYPE_CATEGORICAL)
                       && (tb == SONDE_COLUMN_TYPE_TEXT || tb == SONDE_COLUMN_TYPE_CATEGORICAL);

      out = table_share (table, NULL);
      if (!sonde_table_replace_column (out, (guint) existing, column, error))
        {
          g_object_unref (out);
          return NULL;
        }
      for (guint r = 0; r < n; r++)
        {
          gboolean same;

          if (ta == tb || texts)
            same = cells_equal (old, r, column, r, TRUE);
          else if (sonde_column_type_is_numeric (ta) && sonde_column_type_is_numeric (tb))
            same = is_missing (old, r) == is_missing (column, r)
                   && (is_missing (old, r) || number_at (old, r) == number_at (column, r));
          else
            same = is_missing (old, r) && is_missing (column, r);
          if (!same)
            mark_cell (ctx, r);
        }
      return out;
    }

  out = table_share (table, NULL);
  if (!add_column (out, column, error))
    {
      g_object_unref (out);
      return NULL;
    }
  return out;
}

/* ---- principal components ---- */

/* The columns (all integer and real ones when not given) are replaced
 * by PC1..PCk, added at the end; what the PCA learned (columns, means,
 * scales, components and the variance table) is the learned state, so
 * a replay projects new rows on the training components. A row with a
 * missing value in one of the columns gets missing components. */

static gboolean
pca_check (JsonObject *params,
           GError    **error)
{
  g_auto(GStrv) columns = NULL;
  gint64 components;
  double variance;
  gboolean scale;
  const char *prefix;

  if (!get_names (params, "columns", FALSE, &columns, error) ||
      !get_count (params, "components", 0, 1, &components, error) ||
      !get_number (params, "variance", 0, &variance, error) ||
      !get_boolean (params, "scale", FALSE, &scale, error) ||
      !get_string (params, "prefix", "PC", &prefix, error))
    return FALSE;
  if (json_object_has_member (params, "variance") && !(variance > 0 && variance < 1))
    return param_error (error, "variance", _("a fraction between 0 and 1, such as 0.95"));
  if (json_object_has_member (params, "variance") && json_object_has_member (params, "components"))
    {
      g_set_error_literal (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                           _("give “components” or “variance”, not both."));
      return FALSE;
    }
  return TRUE;
}

static gboolean
pca_fit (SondeStepContext *ctx,
         JsonObject       *params,
         SondeTable       *table,
         JsonObject       *learned,
         GError          **error)
{
  g_auto(GStrv) columns = NULL;
  g_autoptr(SondePca) pca = NULL;
  gint64 components;
  double variance;
  gboolean scale;

  if (!pca_check (params, error))
    return FALSE;
  get_names (params, "columns", FALSE, &columns, NULL);
  get_count (params, "components", 0, 1, &components, NULL);
  get_number (params, "variance", 0, &variance, NULL);
  get_boolean (params, "scale", FALSE, &scale, NULL);
  if (columns != NULL)
    for (guint i = 0; columns[i] != NULL; i++)
      {
        int index = find_column (table, columns[i], error);

        if (index < 0 || !need_numeric (sonde_table_get_column (table, index), error))
          return FALSE;
      }
  pca = sonde_pca_fit_table (table, (const char * const *) columns, scale, components, variance, error);
  if (pca == NULL)
    return FALSE;
  sonde_pca_to_json (pca, learned);
  return TRUE;
}

static SondeTable *
pca_apply (SondeStepContext *ctx,
           JsonObject       *params,
           JsonObject       *learned,
           SondeTable       *table,
           GError          **error)
{
  g_autoptr(SondePca) pca = NULL;
  g_autoptr(GPtrArray) outputs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(SondeTable) out = NULL;
  g_autofree guint8 *skip = NULL;
  g_autofree double *x = NULL;
  g_autofree double *scores = NULL;
  g_autofree SondeColumn **inputs = NULL;
  guint n = sonde_table_get_n_rows (table);
  const char *prefix;
  guint p, k;

  if (!pca_check (params, error) || (pca = sonde_pca_from_json (learned, error)) == NULL)
    return NULL;
  if (pca->columns == NULL)
    {
      g_set_error_literal (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                           _("the learned state has no column names: fit the step again."));
      return NULL;
    }
  get_string (params, "prefix", "PC", &prefix, NULL);
  p = pca->n_features;
  k = pca->n_components;
  inputs = g_new (SondeColumn *, p);
  skip = g_malloc0 (sonde_table_get_n_columns (table) + 1);
  for (guint j = 0; j < p; j++)
    {
      int index = find_column (table, pca->columns[j], error);

      if (index < 0 || !need_numeric (sonde_table_get_column (table, index), error))
        return NULL;
      inputs[j] = sonde_table_get_column (table, index);
      skip[index] = 1;
    }

  /* By blocks of rows, so that 10 M rows need no n × p copy. */
  x = g_new (double, (gsize) 4096 * p);
  scores = g_new (double, (gsize) 4096 * k);
  for (guint c = 0; c < k; c++)
    {
      g_autofree char *name = g_strdup_printf ("%s%u", prefix, c + 1);
      SondeColumn *column = sonde_column_new (name, SONDE_COLUMN_TYPE_REAL);

      sonde_column_reserve (column, n);
      g_ptr_array_add (outputs, column);
    }
  for (guint start = 0; start < n; start += 4096)
    {
      guint count = MIN (4096, n - start);

      for (guint r = 0; r < count; r++)
        for (guint j = 0; j < p; j++)
          x[(gsize) r * p + j] = number_at (inputs[j], start + r);
      sonde_pca_transform (pca, x, count, scores);
      for (guint r = 0; r < count; r++)
        for (guint c = 0; c < k; c++)
          {
            double v = scores[(gsize) r * k + c];

            if (isnan (v))
              sonde_column_append_missing (g_ptr_array_index (outputs, c));
            else
              sonde_column_append_real (g_ptr_array_index (outputs, c), v);
          }
    }

  out = table_share (table, skip);
  for (guint c = 0; c < k; c++)
    if (!add_column (out, g_ptr_array_index (outputs, c), error))
      return NULL;
  return g_steal_pointer (&out);
}

/* ---- bag of words and TF-IDF ---- */

/* A text column becomes one column per term of the vocabulary learned
 * when fitting, named "column:term" (or "prefix" then the term): counts (bag_of_words, whole
 * numbers) or TF-IDF weights (tfidf, reals), as SondeTextVector
 * (sonde-text-vector.c) computes them. A missing text is an empty
 * document (all zeros); terms unseen when fitting are ignored. */

static const char * const text_norms[] = { "none", "l2", "l1", NULL };

/* min_df and max_df: a whole number counts documents, a real between 0
 * and 1 is a fraction of them, as in scikit-learn. */
static gboolean
get_df (JsonObject  *params,
        const char  *name,
        double       def,
        gboolean     def_is_count,
        double      *out,
        gboolean    *is_count,
        GError     **error)
{
  JsonNode *node = json_object_get_member (params, name);

  if (node == NULL)
    {
      *out = def;
      *is_count = def_is_count;
      return TRUE;
    }
  if (!node_is_number (node))
    return param_error (error, name, _("a number of documents, or a fraction of them between 0.0 and 1.0"));
  *out = json_node_get_double (node);
  *is_count = json_node_get_value_type (node) == G_TYPE_INT64;
  if (*is_count ? *out < 0 : !(*out >= 0 && *out <= 1))
    return param_error (error, name, _("a number of documents, or a fraction of them between 0.0 and 1.0"));
  return TRUE;
}

static gboolean
text_vector_options (JsonObject              *params,
                     gboolean                 tfidf,
                     SondeTextVectorOptions  *o,
                     GError                 **error)
{
  const char *column, *prefix;
  gint64 max_features, max_terms;
  gboolean keep;
  guint norm = SONDE_TEXT_NORM_L2;

  sonde_text_vector_options_init (o);
  o->tfidf = tfidf;
  if (!get_string (params, "column", NULL, &column, error) ||
      !get_df (params, "min_df", 1, TRUE, &o->min_df, &o->min_df_is_count, error) ||
      !get_df (params, "max_df", 1.0, FALSE, &o->max_df, &o->max_df_is_count, error) ||
      !get_count (params, "max_features", 0, 1, &max_features, error) ||
      !get_count (params, "max_terms", 1000, 1, &max_terms, error) ||
      !get_boolean (params, "binary", FALSE, &o->binary, error) ||
      !get_boolean (params, "keep", FALSE, &keep, error) ||
      !get_string (params, "prefix", "", &prefix, error))
    return FALSE;
  if (tfidf &&
      (!get_boolean (params, "use_idf", TRUE, &o->use_idf, error) ||
       !get_boolean (params, "smooth_idf", TRUE, &o->smooth_idf, error) ||
       !get_boolean (params, "sublinear_tf", FALSE, &o->sublinear_tf, error) ||
       !get_choice (params, "norm", "l2", text_norms, &norm, error)))
    return FALSE;
  o->max_features = max_features;
  o->max_terms = max_terms;
  o->norm = norm;
  return TRUE;
}

static gboolean
bag_of_words_check (JsonObject *params,
                    GError    **error)
{
  SondeTextVectorOptions o;

  return text_vector_options (params, FALSE, &o, error);
}

static gboolean
tfidf_check (JsonObject *params,
             GError    **error)
{
  SondeTextVectorOptions o;

  return text_vector_options (params, TRUE, &o, error);
}

static gboolean
text_vector_fit (JsonObject  *params,
                 gboolean     tfidf,
                 SondeTable  *table,
                 JsonObject  *learned,
                 GError     **error)
{
  g_autoptr(SondeTextVector) vector = NULL;
  g_autofree const char **documents = NULL;
  SondeTextVectorOptions o;
  SondeColumn *column;
  guint n = sonde_table_get_n_rows (table);
  int index;

  if (!text_vector_options (params, tfidf, &o, error) ||
      (index = find_column (table, json_object_get_string_member (params, "column"), error)) < 0 ||
      !need_text (column = sonde_table_get_column (table, index), error))
    return FALSE;
  documents = g_new (const char *, MAX (n, 1));
  for (guint r = 0; r < n; r++)
    documents[r] = sonde_column_is_missing (column, r) ? NULL : sonde_column_get_text (column, r);
  if ((vector = sonde_text_vector_fit (documents, n, &o, error)) == NULL)
    return FALSE;
  sonde_text_vector_to_json (vector, learned);
  return TRUE;
}

static gboolean
bag_of_words_fit (SondeStepContext *ctx,
                  JsonObject       *params,
                  SondeTable       *table,
                  JsonObject       *learned,
                  GError          **error)
{
  return text_vector_fit (params, FALSE, table, learned, error);
}

static gboolean
tfidf_fit (SondeStepContext *ctx,
           JsonObject       *params,
           SondeTable       *table,
           JsonObject       *learned,
           GError          **error)
{
  return text_vector_fit (params, TRUE, table, learned, error);
}

static SondeTable *
text_vector_apply (JsonObject  *params,
                   gboolean     tfidf,
                   JsonObject  *learned,
                   SondeTable  *table,
                   GError     **error)
{
  g_autoptr(SondeTextVector) vector = NULL;
  g_autoptr(GPtrArray) outputs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(SondeTable) out = NULL;
  g_autofree guint8 *skip = NULL;
  g_autofree gpointer *values = NULL;
  g_autofree char *default_prefix = NULL;
  const char *prefix = NULL;
  SondeTextVectorOptions o;
  SondeColumn *column;
  guint n = sonde_table_get_n_rows (table);
  gboolean keep;
  int index;

  if (!text_vector_options (params, tfidf, &o, error) ||
      (index = find_column (table, json_object_get_string_member (params, "column"), error)) < 0 ||
      !need_text (column = sonde_table_get_column (table, index), error) ||
      (vector = sonde_text_vector_from_json (learned, &o, error)) == NULL)
    return NULL;
  get_boolean (params, "keep", FALSE, &keep, NULL);
  if (!json_object_has_member (params, "prefix"))
    default_prefix = g_strdup_printf ("%s:", sonde_column_get_name (column));
  else
    get_string (params, "prefix", "", &prefix, NULL);

  values = g_new (gpointer, MAX (vector->n_terms, 1));
  for (guint t = 0; t < vector->n_terms; t++)
    {
      g_autofree char *name = g_strconcat (default_prefix != NULL ? default_prefix : prefix, vector->terms[t], NULL);
      SondeColumn *term = sonde_column_new (name, tfidf ? SONDE_COLUMN_TYPE_REAL : SONDE_COLUMN_TYPE_INTEGER);

      /* Zeroed, nothing missing: a term absent from a row counts 0. */
      values[t] = _sonde_column_fill_begin (term, n);
      g_ptr_array_add (outputs, term);
    }
  for (guint r = 0; r < n; r++)
    {
      g_autoptr(GArray) entries = NULL;

      if (sonde_column_is_missing (column, r))
        continue;
      entries = sonde_text_vector_transform (vector, sonde_column_get_text (column, r));
      for (guint i = 0; i < entries->len; i++)
        {
          const SondeTextEntry *e = &g_array_index (entries, SondeTextEntry, i);

          if (tfidf)
            ((double *) values[e->term])[r] = e->value;
          else
            ((gint64 *) values[e->term])[r] = (gint64) e->value;
        }
    }
  for (guint t = 0; t < vector->n_terms; t++)
    _sonde_column_fill_end (g_ptr_array_index (outputs, t), 0, NULL, 0);

  skip = g_malloc0 (sonde_table_get_n_columns (table) + 1);
  skip[index] = !keep;
  out = table_share (table, skip);
  for (guint t = 0; t < vector->n_terms; t++)
    if (!add_column (out, g_ptr_array_index (outputs, t), error))
      return NULL;
  return g_steal_pointer (&out);
}

static SondeTable *
bag_of_words_apply (SondeStepContext *ctx,
                    JsonObject       *params,
                    JsonObject       *learned,
                    SondeTable       *table,
                    GError          **error)
{
  return text_vector_apply (params, FALSE, learned, table, error);
}

static SondeTable *
tfidf_apply (SondeStepContext *ctx,
             JsonObject       *params,
             JsonObject       *learned,
             SondeTable       *table,
             GError          **error)
{
  return text_vector_apply (params, TRUE, learned, table, error);
}

static const SondeStepKind kinds[] = {
  { "impute", impute_check, impute_fit, impute_apply },
  { "drop_columns", columns_check, NULL, drop_columns_apply },
  { "drop_missing", optional_columns_check, NULL, drop_missing_apply },
  { "deduplicate", optional_columns_check, NULL, deduplicate_apply },
  { "convert", convert_check, NULL, convert_apply },
  { "rename", rename_check, NULL, rename_apply },
  { "text", text_check, NULL, text_apply },
  { "replace", replace_check, NULL, replace_apply },
  { "outliers", outliers_check, outliers_fit, outliers_apply },
  { "onehot", encode_check, encode_fit, onehot_apply },
  { "ordinal", encode_check, encode_fit, ordinal_apply },
  { "scale", scale_check, scale_fit, scale_apply },
  { "bin", bin_check, bin_fit, bin_apply },
  { "date_parts", date_parts_check, NULL, date_parts_apply },
  { "pseudonymise", pseudonymise_check, NULL, pseudonymise_apply },
  { "mask", mask_check, NULL, mask_apply },
  { "generalise", generalise_check, NULL, generalise_apply },
  { "split", split_check, NULL, split_apply },
  { "merge", merge_check, NULL, merge_apply },
  { "aggregate", aggregate_check, NULL, aggregate_apply },
  { "join", join_check, NULL, join_apply },
  { "append", append_check, NULL, append_apply },
  { "filter", expression_check, NULL, filter_apply },
  { "derive", derive_check, NULL, derive_apply },
  { "pca", pca_check, pca_fit, pca_apply },
  { "bag_of_words", bag_of_words_check, bag_of_words_fit, bag_of_words_apply },
  { "tfidf", tfidf_check, tfidf_fit, tfidf_apply },
};

const SondeStepKind *
_sonde_step_kinds (guint *n_kinds)
{
  *n_kinds = G_N_ELEMENTS (kinds);
  return kinds;
}
