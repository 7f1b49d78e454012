/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sonde-learner"

/* Agglomerative hierarchical clustering with Euclidean distances, as
 * scikit-learn 1.2's AgglomerativeClustering and SciPy's
 * cluster.hierarchy.linkage: every row starts as a cluster of its own and
 * the two nearest clusters merge until one is left; the tree is cut where
 * n_clusters remain. The distance between two clusters is the linkage:
 * ward (the increase of the within-cluster sum of squares, given as
 * SciPy gives it: sqrt (2 × increase)), average, complete or single.
 *
 * The algorithm is Müllner's nearest-neighbour chain ("Modern
 * hierarchical, agglomerative clustering algorithms", 2011, and SciPy's
 * _hierarchy.nn_chain): it follows nearest neighbours until two clusters
 * are each other's, merges them and updates their distances to the
 * others by the Lance–Williams formulas. It is exact for these four
 * linkages (they are reducible) and costs O(n²) time and n(n − 1)/2
 * doubles of memory, which is why fit refuses more than
 * HIERARCHICAL_MAX_ROWS rows (15 000 rows take 0.9 GB). The merges are
 * then sorted by height (stably, as SciPy), so that the last merges are
 * the top of the dendrogram.
 *
 * Conventions: cluster numbers follow the first appearance of a cluster
 * in the training rows (row 0 is in cluster 0, the first row not in
 * cluster 0 is in cluster 1, …). The tree has no rule for new rows
 * (scikit-learn has no predict for it): the model keeps the centroid of
 * each cluster and a new row goes to the nearest centroid, which can
 * differ from the cluster a training row was given (single linkage makes
 * long chains whose rows can lie nearer to another centroid). The
 * training labels are kept in the model.
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "sonde-error.h"
#include "sonde-learner-private.h"

/* n(n − 1)/2 doubles: 15 000 rows take 112 M doubles, 0.9 GB. */
#define HIERARCHICAL_MAX_ROWS 15000

/* How many of the last merge heights the model keeps and describes. */
#define HIERARCHICAL_N_HEIGHTS 10

enum { P_K, P_LINKAGE, N_PARAMS };
enum { LINK_WARD, LINK_COMPLETE, LINK_AVERAGE, LINK_SINGLE };

static const char * const linkages[] = { "ward", "complete", "average", "single", NULL };

static const SondeParamSpec hierarchical_params[N_PARAMS] = {
  { "n_clusters", SONDE_PARAM_INT, 1, G_MAXDOUBLE, 2, NULL,
    N_("How many clusters to cut the tree into") },
  { "linkage", SONDE_PARAM_ENUM, 0, 3, LINK_WARD, linkages,
    N_("The distance between two clusters: ward (least increase of the variance), complete (farthest rows), average (mean distance) or single (nearest rows)") },
};

typedef struct
{
  gsize   d;
  guint   k;
  guint   linkage;
  double *centers;    /* k × d */
  double *sizes;      /* k */
  double *heights;    /* n_heights: the last merges, the top merge last */
  guint   n_heights;
  double *labels;     /* n_train: the cluster of each training row */
  gsize   n_train;
} Hierarchical;

typedef struct
{
  gsize  a, b;
  double height;
} Merge;

static void
hierarchical_free (gpointer data)
{
  Hierarchical *m = data;

  g_free (m->centers);
  g_free (m->sizes);
  g_free (m->heights);
  g_free (m->labels);
  g_free (m);
}

/* The condensed index of the pair i < j among n. */
static inline gsize
pair_index (gsize n,
            gsize i,
            gsize j)
{
  if (i > j)
    {
      gsize t = i;

      i = j;
      j = t;
    }
  return n * i - i * (i + 1) / 2 + j - i - 1;
}

/* The Lance–Williams update, as SciPy's _hierarchy_distance_update:
 * the distance from the union of x and y to i. */
static inline double
lance_williams (guint  linkage,
                double d_xi,
                double d_yi,
                double d_xy,
                double size_x,
                double size_y,
                double size_i)
{
  switch (linkage)
    {
    case LINK_WARD:
      {
        double t = 1.0 / (size_x + size_y + size_i);

        /* Never below 0 in exact arithmetic; rounding must not make a NaN. */
        return sqrt (MAX (0, (size_i + size_x) * t * d_xi * d_xi +
                             (size_i + size_y) * t * d_yi * d_yi -
                             size_i * t * d_xy * d_xy));
      }
    case LINK_COMPLETE:
      return MAX (d_xi, d_yi);
    case LINK_AVERAGE:
      return (size_x * d_xi + size_y * d_yi) / (size_x + size_y);
    case LINK_SINGLE:
      return MIN (d_xi, d_yi);
    default:
      g_assert_not_reached ();
    }
}

static int
compare_merges (const void *a,
                const void *b)
{
  const Merge *x = a, *y = b;

  if (x->height != y->height)
    return x->height < y->height ? -1 : 1;
  /* Equal heights keep the order of the chain, as SciPy's stable sort:
   * a and b are unused here, the caller's index breaks the tie. */
  return 0;
}

/* Union–find with path halving. */
static gsize
find_root (gsize *parent,
           gsize  i)
{
  while (parent[i] != i)
    {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
  return i;
}

/* The n − 1 merges of the nearest-neighbour chain, in the order they
 * happen (a and b are row indices standing for their clusters). */
static Merge *
nn_chain (const SondeFitData  *data,
          guint                linkage,
          GError             **error)
{
  gsize n = data->n, d = data->d;
  g_autofree double *dist = g_try_new (double, MAX (n * (n - 1) / 2, 1));
  g_autofree double *size = g_new (double, n);
  g_autofree gsize *chain = g_new (gsize, n);
  g_autofree guint8 *active = g_new (guint8, n);
  g_autofree Merge *merges = g_new (Merge, MAX (n - 1, 1));
  gsize chain_len = 0;

  if (dist == NULL)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                   _("Hierarchical clustering of %zu rows needs %.1f GB of memory for their distances, which is not available; cluster a sample of the rows."),
                   n, n * (n - 1) / 2 * sizeof (double) / 1e9);
      return NULL;
    }

  for (gsize i = 0; i < n; i++)
    {
      const double *xi = data->x + i * d;

      for (gsize j = i + 1; j < n; j++)
        {
          const double *xj = data->x + j * d;
          double s = 0;

          for (gsize c = 0; c < d; c++)
            s += (xi[c] - xj[c]) * (xi[c] - xj[c]);
          dist[pair_index (n, i, j)] = sqrt (s);
        }
      size[i] = 1;
      active[i] = 1;
    }

  for (gsize k = 0; k + 1 < n; k++)
    {
      gsize x = 0, y = 0;
      double d_xy;

      if (k % 256 == 0 && sonde_fit_cancelled (data, error))
        return NULL;
      if (chain_len == 0)
        {
          for (gsize i = 0; i < n; i++)
            if (active[i])
              {
                chain[chain_len++] = i;
                break;
              }
        }
      for (;;)
        {
          double best = G_MAXDOUBLE;
          gboolean found = FALSE;

          x = chain[chain_len - 1];
          /* Ties go to the previous cluster of the chain, which ends it. */
          if (chain_len > 1)
            {
              y = chain[chain_len - 2];
              best = dist[pair_index (n, x, y)];
              found = TRUE;
            }
          for (gsize i = 0; i < n; i++)
            {
              double e;

              if (!active[i] || i == x)
                continue;
              e = dist[pair_index (n, x, i)];
              if (!found || e < best)
                {
                  best = e;
                  y = i;
                  found = TRUE;
                }
            }
          if (chain_len > 1 && y == chain[chain_len - 2])
            break;
          /* Distances strictly decrease along the chain, so it never
           * holds a cluster twice. */
          g_assert (chain_len < n);
          chain[chain_len++] = y;
        }
      chain_len -= 2;

      /* x and y merge into y. */
      if (x > y)
        {
          gsize t = x;

          x = y;
          y = t;
        }
      d_xy = dist[pair_index (n, x, y)];
      merges[k].a = x;
      merges[k].b = y;
      merges[k].height = d_xy;
      active[x] = 0;
      for (gsize i = 0; i < n; i++)
        {
          gsize iy;

          if (!active[i] || i == y)
            continue;
          iy = pair_index (n, i, y);
          dist[iy] = lance_williams (linkage, dist[pair_index (n, i, x)], dist[iy], d_xy,
                                     size[x], size[y], size[i]);
        }
      size[y] += size[x];
    }
  return g_steal_pointer (&merges);
}

typedef struct
{
  Merge merge;
  gsize order;
} OrderedMerge;

static int
compare_ordered (const void *a,
                 const void *b)
{
  const OrderedMerge *x = a, *y = b;
  int c = compare_merges (&x->merge, &y->merge);

  if (c != 0)
    return c;
  return x->order < y->order ? -1 : x->order > y->order;
}

static gpointer
hierarchical_fit (const SondeFitData *data,
                  GError            **error)
{
  gsize n = data->n, d = data->d;
  guint k = data->params[P_K];
  guint linkage = data->params[P_LINKAGE];
  g_autofree Merge *merges = NULL;
  g_autofree OrderedMerge *sorted = NULL;
  g_autofree gsize *parent = NULL;
  g_autofree guint *root_label = NULL;
  Hierarchical *m;
  guint next = 0;

  if (k > n)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                   _("n_clusters is %u but there are only %zu rows; ask for fewer clusters."), k, n);
      return NULL;
    }
  if (n > HIERARCHICAL_MAX_ROWS)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                   _("Hierarchical clustering keeps the distance of every pair of rows: %zu rows would take %.1f GB of memory, and it stops at %u rows (%.1f GB). Cluster a sample of the rows, or use k-means."),
                   n, (double) n * (n - 1) / 2 * sizeof (double) / 1e9,
                   HIERARCHICAL_MAX_ROWS,
                   (double) HIERARCHICAL_MAX_ROWS * (HIERARCHICAL_MAX_ROWS - 1) / 2 * sizeof (double) / 1e9);
      return NULL;
    }

  /* Distances must stay finite for the chain to be one (a NaN compares
   * with nothing): the squares of differences must not overflow. */
  for (gsize i = 0; i < n * d; i++)
    if (!(fabs (data->x[i]) < 1e100))
      {
        g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                     _("Row %zu has a value too large for distances (%g): rescale the columns first."),
                     i / d + 1, data->x[i]);
        return NULL;
      }

  if (n > 1 && (merges = nn_chain (data, linkage, error)) == NULL)
    return NULL;

  sorted = g_new (OrderedMerge, MAX (n - 1, 1));
  for (gsize i = 0; i + 1 < n; i++)
    {
      sorted[i].merge = merges[i];
      sorted[i].order = i;
    }
  if (n > 1)
    qsort (sorted, n - 1, sizeof (OrderedMerge), compare_ordered);

  /* The cut: the first n − k merges of the sorted tree. */
  parent = g_new (gsize, n);
  for (gsize i = 0; i < n; i++)
    parent[i] = i;
  for (gsize i = 0; i < n - k; i++)
    {
      gsize ra = find_root (parent, sorted[i].merge.a);
      gsize rb = find_root (parent, sorted[i].merge.b);

      parent[ra] = rb;
    }

  m = g_new0 (Hierarchical, 1);
  m->d = d;
  m->k = k;
  m->linkage = linkage;
  m->n_train = n;
  m->labels = g_new (double, n);
  m->centers = g_new0 (double, (gsize) k * d);
  m->sizes = g_new0 (double, k);
  root_label = g_new (guint, n);
  for (gsize i = 0; i < n; i++)
    root_label[i] = G_MAXUINT;
  for (gsize i = 0; i < n; i++)
    {
      gsize r = find_root (parent, i);
      guint c;

      if (root_label[r] == G_MAXUINT)
        root_label[r] = next++;
      c = root_label[r];
      m->labels[i] = c;
      m->sizes[c] += 1;
      for (gsize j = 0; j < d; j++)
        m->centers[(gsize) c * d + j] += data->x[i * d + j];
    }
  g_assert (next == k);
  for (guint c = 0; c < k; c++)
    for (gsize j = 0; j < d; j++)
      m->centers[(gsize) c * d + j] /= m->sizes[c];

  m->n_heights = MIN (n - 1, HIERARCHICAL_N_HEIGHTS);
  m->heights = g_new (double, MAX (m->n_heights, 1));
  for (guint i = 0; i < m->n_heights; i++)
    m->heights[i] = sorted[n - 1 - m->n_heights + i].merge.height;
  return m;
}

static void
hierarchical_predict (gconstpointer  model,
                      const double  *x,
                      gsize          n,
                      double        *out)
{
  const Hierarchical *m = model;

  for (gsize i = 0; i < n; i++)
    {
      double best = G_MAXDOUBLE;
      guint at = 0;

      for (guint c = 0; c < m->k; c++)
        {
          const double *center = m->centers + (gsize) c * m->d;
          double s = 0;

          for (gsize j = 0; j < m->d; j++)
            s += (x[i * m->d + j] - center[j]) * (x[i * m->d + j] - center[j]);
          if (s < best)
            {
              best = s;
              at = c;
            }
        }
      out[i] = at;
    }
}

static void
hierarchical_save (gconstpointer  model,
                   JsonBuilder   *b)
{
  const Hierarchical *m = model;

  json_builder_set_member_name (b, "n_clusters");
  json_builder_add_int_value (b, m->k);
  json_builder_set_member_name (b, "linkage");
  json_builder_add_string_value (b, linkages[m->linkage]);
  sonde_json_add_doubles (b, "centers", m->centers, (gsize) m->k * m->d);
  sonde_json_add_doubles (b, "sizes", m->sizes, m->k);
  sonde_json_add_doubles (b, "merge_heights", m->heights, m->n_heights);
  sonde_json_add_doubles (b, "labels", m->labels, m->n_train);
}

static gpointer
hierarchical_load (JsonObject         *o,
                   const SondeFitData *shape,
                   GError            **error)
{
  Hierarchical *m = g_new0 (Hierarchical, 1);
  const char *linkage = json_object_get_string_member_with_default (o, "linkage", "");
  JsonNode *node;
  double k;

  m->d = shape->d;
  m->linkage = G_MAXUINT;
  for (guint i = 0; linkages[i] != NULL; i++)
    if (strcmp (linkages[i], linkage) == 0)
      m->linkage = i;
  if (m->linkage == G_MAXUINT)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_PARSE,
                   _("The model file is damaged: “%s” is not a linkage (ward, complete, average or single)."), linkage);
      hierarchical_free (m);
      return NULL;
    }
  if ((node = json_object_get_member (o, "merge_heights")) != NULL && JSON_NODE_HOLDS_ARRAY (node))
    m->n_heights = MIN (json_array_get_length (json_node_get_array (node)), HIERARCHICAL_N_HEIGHTS);
  if ((node = json_object_get_member (o, "labels")) != NULL && JSON_NODE_HOLDS_ARRAY (node))
    m->n_train = json_array_get_length (json_node_get_array (node));
  if (!sonde_json_get_number (o, "n_clusters", &k, error) || k < 1 || k != floor (k) || k > G_MAXUINT32 ||
      (m->k = k, (m->centers = sonde_json_get_doubles (o, "centers", (gsize) m->k * m->d, error)) == NULL) ||
      (m->sizes = sonde_json_get_doubles (o, "sizes", m->k, error)) == NULL ||
      (m->heights = sonde_json_get_doubles (o, "merge_heights", m->n_heights, error)) == NULL ||
      (m->labels = sonde_json_get_doubles (o, "labels", m->n_train, error)) == NULL)
    {
      if (error != NULL && *error == NULL)
        g_set_error_literal (error, SONDE_ERROR, SONDE_ERROR_PARSE,
                             _("The model file is damaged: its number of clusters is not a whole number."));
      hierarchical_free (m);
      return NULL;
    }
  return m;
}

static char *
hierarchical_describe (gconstpointer       model,
                       const char * const *names)
{
  const Hierarchical *m = model;
  g_autoptr(GString) sizes = g_string_new (NULL);
  g_autoptr(GString) heights = g_string_new (NULL);

  for (guint c = 0; c < m->k; c++)
    g_string_append_printf (sizes, "%s%.0f", c > 0 ? ", " : "", m->sizes[c]);
  for (guint i = 0; i < m->n_heights; i++)
    g_string_append_printf (heights, "%s%.6g", i > 0 ? ", " : "", m->heights[i]);
  /* Translators: the first %s is a linkage name (ward, average…), kept in English */
  return g_strdup_printf (_("It cut the tree of %s linkage into %u clusters, of %s rows, numbered in the order their first row appears. The heights of the last merges, the top of the tree last, are %s: a large jump in height before the last merges means well-separated clusters. New rows go to the cluster with the nearest centroid."),
                          linkages[m->linkage], m->k, sizes->str, heights->str);
}

const SondeLearnerClass sonde_learner_hierarchical = {
  .name = "hierarchical",
  .label = N_("Hierarchical clustering"),
  .clusters = TRUE,
  .params = hierarchical_params,
  .n_params = N_PARAMS,
  .fit = hierarchical_fit,
  .predict = hierarchical_predict,
  .free = hierarchical_free,
  .save = hierarchical_save,
  .load = hierarchical_load,
  .describe = hierarchical_describe,
};
