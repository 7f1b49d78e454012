/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sonde-engine"

/* Principal component analysis, for `sonde-cli pca`, the pipeline step
 * "pca" and whoever wants the directions of most variance of a few
 * numeric columns. It computes what scikit-learn 1.2's PCA computes with
 * svd_solver="full", optionally after StandardScaler (--scale):
 *
 *  - the columns are centred on their means and, when scaled, divided by
 *    their population standard deviation (a constant column by 1);
 *  - the singular value decomposition X = U S Vᵀ of that n × p matrix,
 *    by GSL's one-sided Jacobi method (accurate to the last digits for
 *    small singular values, where the covariance matrix would square the
 *    condition number); when n < p, the SVD of Xᵀ;
 *  - explained variance S²/(n − 1), its share of the total, the
 *    components the rows of Vᵀ;
 *  - signs as sklearn's svd_flip (u_based_decision): in each column of U
 *    the entry of largest absolute value (the first such) is positive, so
 *    the row that scores farthest along a component scores positively.
 *
 * The number of components kept is k, or the smallest k whose cumulative
 * ratio exceeds a fraction (scikit-learn's n_components=0.95: the number
 * of cumulative ratios ≤ 0.95, plus one), or all min (n, p).
 *
 * Sizes: the SVD costs O(n p²) time and n × p doubles; p is a few dozen
 * columns, n up to millions.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <gsl/gsl_linalg.h>

#include "sonde-error.h"
#include "sonde-pca.h"

/**
 * sonde_pca_free:
 * @pca: (nullable) (transfer full): a #SondePca
 *
 * Frees @pca.
 */
void
sonde_pca_free (SondePca *pca)
{
  if (pca == NULL)
    return;
  g_strfreev (pca->columns);
  g_free (pca->mean);
  g_free (pca->scale);
  g_free (pca->components);
  g_free (pca->explained_variance);
  g_free (pca->explained_variance_ratio);
  g_free (pca);
}

/**
 * sonde_pca_fit:
 * @x: @n × @p doubles, row-major, without NaN
 * @n: the number of rows, at least 2
 * @p: the number of columns, at least 1
 * @scale: whether to divide each column by its standard deviation
 * @n_components: how many components to keep, 0 to choose by @variance
 * @variance: with @n_components 0, the fraction of the variance the
 *   components must exceed (0 < @variance < 1); 0 keeps them all
 * @error: return location for a #GError
 *
 * Fits a PCA, as described at the top of this file. Fails when there
 * are fewer than 2 rows, when every column is constant or when
 * @n_components exceeds min (@n, @p).
 *
 * Returns: (transfer full) (nullable): the PCA, or %NULL with @error set.
 */
SondePca *
sonde_pca_fit (const double  *x,
               gsize          n,
               guint          p,
               gboolean       scale,
               guint          n_components,
               double         variance,
               GError       **error)
{
  g_autoptr(SondePca) pca = NULL;
  gsl_matrix *a, *v;
  gsl_vector *s;
  gboolean transposed = n < p;
  guint m = MIN (n, p);
  double total = 0;
  int status;

  g_return_val_if_fail (x != NULL || n == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (n < 2 || p == 0)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                   _("A principal component analysis needs at least 2 rows and 1 column, but there are %zu rows and %u columns."),
                   n, p);
      return NULL;
    }
  if (n_components > m)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                   _("%u components were asked for, but %zu rows of %u columns have at most %u."),
                   n_components, n, p, m);
      return NULL;
    }

  pca = g_new0 (SondePca, 1);
  pca->n_features = p;
  pca->n_all = m;
  pca->n_samples = n;
  pca->scaled = scale;
  pca->mean = g_new0 (double, p);
  pca->scale = g_new (double, p);
  for (guint j = 0; j < p; j++)
    {
      double ss = 0;

      for (gsize i = 0; i < n; i++)
        pca->mean[j] += x[i * p + j];
      pca->mean[j] /= n;
      for (gsize i = 0; i < n; i++)
        ss += (x[i * p + j] - pca->mean[j]) * (x[i * p + j] - pca->mean[j]);
      pca->scale[j] = scale ? sqrt (ss / n) : 1;
      /* A constant column is centred only, as StandardScaler does. */
      if (pca->scale[j] == 0 || !isfinite (pca->scale[j]))
        pca->scale[j] = 1;
    }

  a = transposed ? gsl_matrix_alloc (p, n) : gsl_matrix_alloc (n, p);
  v = gsl_matrix_alloc (m, m);
  s = gsl_vector_alloc (m);
  for (gsize i = 0; i < n; i++)
    for (guint j = 0; j < p; j++)
      {
        double z = (x[i * p + j] - pca->mean[j]) / pca->scale[j];

        /* GSL's default error handler aborts: no value whose square
         * could overflow reaches the SVD. */
        if (!(fabs (z) < 1e150))
          {
            g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                         _("Column %u has a value too far from its mean to analyse (%g): rescale the column first."),
                         j + 1, x[i * p + j]);
            gsl_matrix_free (a);
            gsl_matrix_free (v);
            gsl_vector_free (s);
            return NULL;
          }
        if (transposed)
          gsl_matrix_set (a, j, i, z);
        else
          gsl_matrix_set (a, i, j, z);
      }
  status = gsl_linalg_SV_decomp_jacobi (a, v, s);
  if (status != GSL_SUCCESS)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                   _("The singular value decomposition did not converge (%s); check the columns for huge values."),
                   gsl_strerror (status));
      gsl_matrix_free (a);
      gsl_matrix_free (v);
      gsl_vector_free (s);
      return NULL;
    }

  /* Not transposed: U is a (n × m), V is v (p × p). Transposed: Xᵀ =
   * U' S V'ᵀ, so U is v (n × n) and V is a (p × n). */
  pca->explained_variance = g_new (double, m);
  pca->explained_variance_ratio = g_new (double, m);
  pca->components = g_new (double, (gsize) m * p);
  for (guint c = 0; c < m; c++)
    {
      gsl_matrix *u = transposed ? v : a;
      gsl_matrix *vv = transposed ? a : v;
      double best = -1, sign = 1;

      for (gsize i = 0; i < n; i++)
        {
          double e = fabs (gsl_matrix_get (u, i, c));

          if (e > best)
            {
              best = e;
              sign = gsl_matrix_get (u, i, c) < 0 ? -1 : 1;
            }
        }
      for (guint j = 0; j < p; j++)
        pca->components[(gsize) c * p + j] = sign * gsl_matrix_get (vv, j, c);
      pca->explained_variance[c] = gsl_vector_get (s, c) * gsl_vector_get (s, c) / (n - 1);
      total += pca->explained_variance[c];
    }
  gsl_matrix_free (a);
  gsl_matrix_free (v);
  gsl_vector_free (s);

  if (!(total > 0))
    {
      g_set_error_literal (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                           _("Every column is constant: there is no variance to analyse."));
      return NULL;
    }
  for (guint c = 0; c < m; c++)
    pca->explained_variance_ratio[c] = pca->explained_variance[c] / total;

  if (n_components > 0)
    pca->n_components = n_components;
  else if (variance > 0 && variance < 1)
    {
      double cumulative = 0;
      guint below = 0;

      for (guint c = 0; c < m; c++)
        {
          cumulative += pca->explained_variance_ratio[c];
          if (cumulative <= variance)
            below++;
        }
      pca->n_components = MIN (below + 1, m);
    }
  else
    pca->n_components = m;
  return g_steal_pointer (&pca);
}

/**
 * sonde_pca_fit_table:
 * @table: a #SondeTable
 * @columns: (nullable) (array zero-terminated=1): the numeric columns to
 *   analyse; %NULL for every integer and real column
 * @scale: as for sonde_pca_fit()
 * @n_components: as for sonde_pca_fit()
 * @variance: as for sonde_pca_fit()
 * @error: return location for a #GError
 *
 * Fits a PCA on columns of @table. Rows with a missing value in any of
 * the columns are left out (n_samples says how many were used).
 *
 * Returns: (transfer full) (nullable): the PCA, with its column names,
 *   or %NULL with @error set.
 */
SondePca *
sonde_pca_fit_table (SondeTable          *table,
                     const char * const  *columns,
                     gboolean             scale,
                     guint                n_components,
                     double               variance,
                     GError             **error)
{
  g_autoptr(GPtrArray) chosen = g_ptr_array_new ();
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  g_autofree double *x = NULL;
  guint n_rows = sonde_table_get_n_rows (table);
  guint p;
  gsize n = 0;
  SondePca *pca;

  g_return_val_if_fail (SONDE_IS_TABLE (table), NULL);

  if (columns == NULL)
    {
      for (guint c = 0; c < sonde_table_get_n_columns (table); c++)
        {
          SondeColumn *column = sonde_table_get_column (table, c);
          SondeColumnType type = sonde_column_get_column_type (column);

          if (type == SONDE_COLUMN_TYPE_INTEGER || type == SONDE_COLUMN_TYPE_REAL)
            g_ptr_array_add (chosen, column);
        }
      if (chosen->len == 0)
        {
          g_set_error_literal (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                               _("There is no column of numbers to analyse."));
          return NULL;
        }
    }
  else
    for (guint i = 0; columns[i] != NULL; i++)
      {
        SondeColumn *column = sonde_table_find_column (table, columns[i]);
        SondeColumnType type;

        if (column == NULL)
          {
            g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                         _("There is no column “%s” to analyse."), columns[i]);
            return NULL;
          }
        type = sonde_column_get_column_type (column);
        if (type != SONDE_COLUMN_TYPE_INTEGER && type != SONDE_COLUMN_TYPE_REAL)
          {
            g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                         _("“%s” is not a column of numbers (it holds %s): a principal component analysis needs numbers."),
                         columns[i], sonde_column_type_get_label (type));
            return NULL;
          }
        g_ptr_array_add (chosen, column);
      }

  p = chosen->len;
  x = g_new (double, (gsize) MAX (n_rows, 1) * p);
  for (guint r = 0; r < n_rows; r++)
    {
      gboolean complete = TRUE;

      for (guint j = 0; j < p; j++)
        {
          double value = sonde_column_get_number (g_ptr_array_index (chosen, j), r);

          if (!isfinite (value))
            complete = FALSE;
          x[n * p + j] = value;
        }
      if (complete)
        n++;
    }
  for (guint j = 0; j < p; j++)
    g_strv_builder_add (names, sonde_column_get_name (g_ptr_array_index (chosen, j)));

  if ((pca = sonde_pca_fit (x, n, p, scale, n_components, variance, error)) == NULL)
    return NULL;
  pca->columns = g_strv_builder_end (names);
  return pca;
}

/**
 * sonde_pca_transform:
 * @pca: a #SondePca
 * @x: @n × n_features doubles, row-major
 * @n: the number of rows
 * @out: @n × n_components doubles, row-major
 *
 * Projects rows on the kept components: ((x − mean) / scale) · Vᵀ. A row
 * with a NaN gives NaN scores.
 */
void
sonde_pca_transform (const SondePca *pca,
                     const double   *x,
                     gsize           n,
                     double         *out)
{
  guint p = pca->n_features, k = pca->n_components;

  for (gsize i = 0; i < n; i++)
    for (guint c = 0; c < k; c++)
      {
        double s = 0;

        for (guint j = 0; j < p; j++)
          s += (x[i * p + j] - pca->mean[j]) / pca->scale[j] * pca->components[(gsize) c * p + j];
        out[i * k + c] = s;
      }
}

static void
set_doubles (JsonObject   *object,
             const char   *name,
             const double *v,
             gsize         n)
{
  JsonArray *array = json_array_sized_new (n);

  for (gsize i = 0; i < n; i++)
    json_array_add_double_element (array, v[i]);
  json_object_set_array_member (object, name, array);
}

/**
 * sonde_pca_to_json:
 * @pca: a #SondePca
 * @object: an object to add the members to
 *
 * Writes what the PCA learned: "columns" (when known), "scaled",
 * "n_samples", "mean", "scale", "components" (k arrays of p),
 * "explained_variance" and "explained_variance_ratio" (of every
 * component computed, so the table of variance can be shown again).
 */
void
sonde_pca_to_json (const SondePca *pca,
                   JsonObject     *object)
{
  JsonArray *components = json_array_new ();

  if (pca->columns != NULL)
    {
      JsonArray *names = json_array_new ();

      for (guint j = 0; pca->columns[j] != NULL; j++)
        json_array_add_string_element (names, pca->columns[j]);
      json_object_set_array_member (object, "columns", names);
    }
  json_object_set_boolean_member (object, "scaled", pca->scaled);
  json_object_set_int_member (object, "n_samples", pca->n_samples);
  set_doubles (object, "mean", pca->mean, pca->n_features);
  set_doubles (object, "scale", pca->scale, pca->n_features);
  for (guint c = 0; c < pca->n_components; c++)
    {
      JsonArray *row = json_array_sized_new (pca->n_features);

      for (guint j = 0; j < pca->n_features; j++)
        json_array_add_double_element (row, pca->components[(gsize) c * pca->n_features + j]);
      json_array_add_array_element (components, row);
    }
  json_object_set_array_member (object, "components", components);
  set_doubles (object, "explained_variance", pca->explained_variance, pca->n_all);
  set_doubles (object, "explained_variance_ratio", pca->explained_variance_ratio, pca->n_all);
}

static gboolean
damaged (GError     **error,
         const char  *member)
{
  g_set_error (error, SONDE_ERROR, SONDE_ERROR_PARSE,
               /* Translators: %s is a member of a JSON object ("mean") */
               _("The PCA's learned state is damaged: “%s” is missing or not a list of numbers of the right length."),
               member);
  return FALSE;
}

static gboolean
get_doubles (JsonObject  *object,
             const char  *member,
             gsize        expected,
             double     **out,
             GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return damaged (error, member);
  array = json_node_get_array (node);
  if (expected == 0 || json_array_get_length (array) != expected)
    return damaged (error, member);
  *out = g_new (double, expected);
  for (gsize i = 0; i < expected; i++)
    {
      JsonNode *e = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (e) ||
          (json_node_get_value_type (e) != G_TYPE_DOUBLE && json_node_get_value_type (e) != G_TYPE_INT64))
        return damaged (error, member);
      (*out)[i] = json_node_get_double (e);
    }
  return TRUE;
}

/**
 * sonde_pca_from_json:
 * @object: what sonde_pca_to_json() wrote
 * @error: return location for a #GError
 *
 * Reads a PCA back, checking every length.
 *
 * Returns: (transfer full) (nullable): the PCA, or %NULL with @error set.
 */
SondePca *
sonde_pca_from_json (JsonObject  *object,
                     GError     **error)
{
  g_autoptr(SondePca) pca = g_new0 (SondePca, 1);
  JsonNode *node;
  JsonArray *components;
  guint p;

  node = json_object_get_member (object, "mean");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      damaged (error, "mean");
      return NULL;
    }
  p = pca->n_features = json_array_get_length (json_node_get_array (node));
  node = json_object_get_member (object, "components");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node) ||
      (pca->n_components = json_array_get_length (json_node_get_array (node))) == 0)
    {
      damaged (error, "components");
      return NULL;
    }
  components = json_node_get_array (node);
  node = json_object_get_member (object, "explained_variance");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node) ||
      (pca->n_all = json_array_get_length (json_node_get_array (node))) < pca->n_components)
    {
      damaged (error, "explained_variance");
      return NULL;
    }
  if (!get_doubles (object, "mean", p, &pca->mean, error) ||
      !get_doubles (object, "scale", p, &pca->scale, error) ||
      !get_doubles (object, "explained_variance", pca->n_all, &pca->explained_variance, error) ||
      !get_doubles (object, "explained_variance_ratio", pca->n_all, &pca->explained_variance_ratio, error))
    return NULL;
  for (guint j = 0; j < p; j++)
    if (!(pca->scale[j] > 0))
      {
        damaged (error, "scale");
        return NULL;
      }
  pca->components = g_new (double, (gsize) pca->n_components * p);
  for (guint c = 0; c < pca->n_components; c++)
    {
      JsonNode *row = json_array_get_element (components, c);
      g_autoptr(JsonObject) holder = json_object_new ();
      g_autofree double *values = NULL;

      json_object_set_member (holder, "row", json_node_copy (row));
      if (!get_doubles (holder, "row", p, &values, NULL))
        {
          damaged (error, "components");
          return NULL;
        }
      memcpy (pca->components + (gsize) c * p, values, p * sizeof (double));
    }
  if ((node = json_object_get_member (object, "columns")) != NULL)
    {
      g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
      JsonArray *array = JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;

      if (array == NULL || json_array_get_length (array) != p)
        {
          damaged (error, "columns");
          return NULL;
        }
      for (guint j = 0; j < p; j++)
        {
          JsonNode *e = json_array_get_element (array, j);

          if (!JSON_NODE_HOLDS_VALUE (e) || json_node_get_value_type (e) != G_TYPE_STRING)
            {
              damaged (error, "columns");
              return NULL;
            }
          g_strv_builder_add (names, json_node_get_string (e));
        }
      pca->columns = g_strv_builder_end (names);
    }
  pca->scaled = json_object_get_boolean_member_with_default (object, "scaled", FALSE);
  pca->n_samples = json_object_get_int_member_with_default (object, "n_samples", 0);
  return g_steal_pointer (&pca);
}

/**
 * sonde_pca_to_text:
 * @pca: a #SondePca
 *
 * The table of explained variance (every component computed, the kept
 * ones marked) and the loadings of the kept components, for people.
 *
 * Returns: (transfer full): the text, ending with a newline.
 */
char *
sonde_pca_to_text (const SondePca *pca)
{
  GString *text = g_string_new (NULL);
  double cumulative = 0;
  guint width = 8;

  g_string_append_printf (text, _("Principal component analysis of %u columns, %zu rows (%s).\n"),
                          pca->n_features, pca->n_samples,
                          pca->scaled ? _("columns scaled to unit variance") : _("columns centred, not scaled"));
  g_string_append_printf (text, ngettext ("%u component kept.\n\n", "%u components kept.\n\n", pca->n_components),
                          pca->n_components);
  g_string_append_printf (text, "%-10s %16s %12s %12s\n", _("Component"), _("Variance"), _("Ratio"), _("Cumulative"));
  for (guint c = 0; c < pca->n_all; c++)
    {
      g_autofree char *name = g_strdup_printf ("PC%u", c + 1);

      cumulative += pca->explained_variance_ratio[c];
      g_string_append_printf (text, "%-10s %16.6g %12.6f %12.6f\n", name,
                              pca->explained_variance[c], pca->explained_variance_ratio[c], cumulative);
    }

  for (guint j = 0; j < pca->n_features; j++)
    if (pca->columns != NULL)
      width = MAX (width, g_utf8_strlen (pca->columns[j], -1));
  g_string_append_printf (text, "\n%s\n%-*s", _("Loadings (each component's weight of each column):"), width, "");
  for (guint c = 0; c < pca->n_components; c++)
    {
      g_autofree char *name = g_strdup_printf ("PC%u", c + 1);

      g_string_append_printf (text, " %10s", name);
    }
  g_string_append_c (text, '\n');
  for (guint j = 0; j < pca->n_features; j++)
    {
      g_autofree char *fallback = g_strdup_printf ("x%u", j + 1);
      const char *name = pca->columns != NULL ? pca->columns[j] : fallback;

      g_string_append (text, name);
      for (guint pad = g_utf8_strlen (name, -1); pad < width; pad++)
        g_string_append_c (text, ' ');
      for (guint c = 0; c < pca->n_components; c++)
        g_string_append_printf (text, " %10.6f", pca->components[(gsize) c * pca->n_features + j]);
      g_string_append_c (text, '\n');
    }
  return g_string_free (text, FALSE);
}

/**
 * sonde_pca_to_json_text:
 * @pca: a #SondePca
 *
 * What sonde_pca_to_json() writes, with "n_components" and
 * "cumulative_ratio" added, as pretty-printed JSON for scripts.
 *
 * Returns: (transfer full): the JSON text.
 */
char *
sonde_pca_to_json_text (const SondePca *pca)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree double *cumulative = g_new (double, pca->n_all);
  double sum = 0;

  json_object_set_int_member (object, "n_components", pca->n_components);
  sonde_pca_to_json (pca, object);
  for (guint c = 0; c < pca->n_all; c++)
    cumulative[c] = sum += pca->explained_variance_ratio[c];
  set_doubles (object, "cumulative_ratio", cumulative, pca->n_all);
  json_node_set_object (root, object);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  return json_generator_to_data (generator, NULL);
}
