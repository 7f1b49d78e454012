/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sonde-learner"

/* k nearest neighbours, classification and regression, as scikit-learn
 * 1.2's KNeighborsClassifier and KNeighborsRegressor with the Euclidean
 * distance: a row's prediction is the majority class (the first class on
 * a tie) or the mean of its k nearest training rows, each counted once
 * (weights=uniform) or by the inverse of its distance (weights=distance;
 * rows at distance 0 then take all the weight). Of equally distant
 * neighbours the earlier training row is taken.
 *
 * The model is the training rows themselves (n × d doubles, also in the
 * model file). Queries are brute force, O(n d) a row, or go through a
 * kd-tree (median splits on the widest column, leaves of up to 16 rows),
 * which is much faster in low dimension; "auto" takes the tree when d is
 * at most 15 and there are at least 64 rows. Both find the same
 * neighbours.
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "sonde-error.h"
#include "sonde-learner-private.h"

enum { P_K, P_WEIGHTS, P_ALGORITHM, N_PARAMS };

static const char * const weightings[] = { "uniform", "distance", NULL };
static const char * const algorithms[] = { "auto", "brute", "kd_tree", NULL };

static const SondeParamSpec knn_params[N_PARAMS] = {
  { "n_neighbors", SONDE_PARAM_INT, 1, G_MAXDOUBLE, 5, NULL,
    N_("How many nearest training rows decide a prediction") },
  { "weights", SONDE_PARAM_ENUM, 0, 1, 0, weightings,
    N_("Whether every neighbour counts the same or by the inverse of its distance") },
  { "algorithm", SONDE_PARAM_ENUM, 0, 2, 0, algorithms,
    N_("How neighbours are searched: a kd-tree in low dimension, or comparing with every row") },
};

#define LEAF_SIZE 16

typedef struct
{
  guint32 start, end;    /* rows perm[start..end) */
  guint32 left, right;   /* children; 0 for a leaf (the root is never a child) */
  double *lo, *hi;       /* the bounding box, d each */
} KdNode;

typedef struct
{
  SondeTask  task;
  gsize      n;
  gsize      d;
  guint      k_classes;
  guint      k;
  gboolean   by_distance;
  double    *x;          /* n × d */
  double    *y;          /* n */
  /* The kd-tree, when used. */
  guint32   *perm;
  GArray    *nodes;      /* KdNode */
} Knn;

static void
knn_free (gpointer data)
{
  Knn *m = data;

  if (m->nodes != NULL)
    {
      for (guint i = 0; i < m->nodes->len; i++)
        {
          g_free (g_array_index (m->nodes, KdNode, i).lo);
          g_free (g_array_index (m->nodes, KdNode, i).hi);
        }
      g_array_unref (m->nodes);
    }
  g_free (m->perm);
  g_free (m->x);
  g_free (m->y);
  g_free (m);
}

typedef struct
{
  const double *x;
  gsize         d;
  gsize         dim;
} SortCtx;

static int
compare_on_dim (const void *a,
                const void *b,
                void       *user_data)
{
  const SortCtx *ctx = user_data;
  guint32 i = *(const guint32 *) a, j = *(const guint32 *) b;
  double u = ctx->x[i * ctx->d + ctx->dim], v = ctx->x[j * ctx->d + ctx->dim];

  return u < v ? -1 : u > v ? 1 : (i > j) - (i < j);
}

static guint32
kd_build (Knn     *m,
          guint32  start,
          guint32  end)
{
  KdNode node = { start, end, 0, 0, g_new (double, m->d), g_new (double, m->d) };
  guint32 id = m->nodes->len;
  gsize widest = 0;

  for (gsize j = 0; j < m->d; j++)
    {
      node.lo[j] = G_MAXDOUBLE;
      node.hi[j] = -G_MAXDOUBLE;
    }
  for (guint32 p = start; p < end; p++)
    for (gsize j = 0; j < m->d; j++)
      {
        double v = m->x[m->perm[p] * m->d + j];

        node.lo[j] = MIN (node.lo[j], v);
        node.hi[j] = MAX (node.hi[j], v);
      }
  for (gsize j = 1; j < m->d; j++)
    if (node.hi[j] - node.lo[j] > node.hi[widest] - node.lo[widest])
      widest = j;
  g_array_append_val (m->nodes, node);

  if (end - start > LEAF_SIZE && node.hi[widest] > node.lo[widest])
    {
      SortCtx ctx = { m->x, m->d, widest };
      guint32 mid = start + (end - start) / 2;
      guint32 left, right;

      /* A full sort of the segment: O(n log² n) to build, simple. */
      g_qsort_with_data (m->perm + start, end - start, sizeof (guint32), compare_on_dim, &ctx);
      left = kd_build (m, start, mid);
      right = kd_build (m, mid, end);
      g_array_index (m->nodes, KdNode, id).left = left;
      g_array_index (m->nodes, KdNode, id).right = right;
    }
  return id;
}

static gpointer
knn_fit (const SondeFitData *data,
         GError            **error)
{
  Knn *m;
  guint k = data->params[P_K];
  int algorithm = data->params[P_ALGORITHM];

  if (k > data->n)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                   _("n_neighbors is %u but there are only %zu training rows; lower n_neighbors."),
                   k, data->n);
      return NULL;
    }

  m = g_new0 (Knn, 1);
  m->task = data->task;
  m->n = data->n;
  m->d = data->d;
  m->k_classes = data->n_classes;
  m->k = k;
  m->by_distance = data->params[P_WEIGHTS] == 1;
  m->x = g_memdup2 (data->x, data->n * data->d * sizeof (double));
  m->y = g_memdup2 (data->y, data->n * sizeof (double));

  if (algorithm == 2 || (algorithm == 0 && data->d <= 15 && data->n >= 64))
    {
      m->perm = g_new (guint32, m->n);
      for (gsize i = 0; i < m->n; i++)
        m->perm[i] = i;
      m->nodes = g_array_new (FALSE, FALSE, sizeof (KdNode));
      kd_build (m, 0, m->n);
    }
  return m;
}

/* The k best so far, sorted by (distance, row), as a plain insertion
 * list: k is small. */
typedef struct
{
  double  *dist;
  guint32 *row;
  guint    k;
  guint    count;
} Best;

static inline double
worst (const Best *b)
{
  return b->count < b->k ? G_MAXDOUBLE : b->dist[b->k - 1];
}

static inline void
offer (Best    *b,
       double   dist,
       guint32  row)
{
  guint p;

  if (b->count == b->k &&
      (dist > b->dist[b->k - 1] || (dist == b->dist[b->k - 1] && row > b->row[b->k - 1])))
    return;
  p = b->count < b->k ? b->count++ : b->k - 1;
  while (p > 0 && (b->dist[p - 1] > dist || (b->dist[p - 1] == dist && b->row[p - 1] > row)))
    {
      b->dist[p] = b->dist[p - 1];
      b->row[p] = b->row[p - 1];
      p--;
    }
  b->dist[p] = dist;
  b->row[p] = row;
}

static inline double
squared_distance (const double *a,
                  const double *b,
                  gsize         d)
{
  double s = 0;

  for (gsize j = 0; j < d; j++)
    {
      double e = a[j] - b[j];

      s += e * e;
    }
  return s;
}

static void
kd_search (const Knn    *m,
           guint32       id,
           const double *q,
           Best         *b)
{
  const KdNode *node = &g_array_index (m->nodes, KdNode, id);
  double box = 0;

  for (gsize j = 0; j < m->d; j++)
    {
      double e = q[j] < node->lo[j] ? node->lo[j] - q[j] : q[j] > node->hi[j] ? q[j] - node->hi[j] : 0;

      box += e * e;
    }
  /* ≤ rather than <: an equally far row with a smaller index may wait. */
  if (box > worst (b))
    return;
  if (node->left == 0)
    {
      for (guint32 p = node->start; p < node->end; p++)
        {
          guint32 r = m->perm[p];

          offer (b, squared_distance (q, m->x + (gsize) r * m->d, m->d), r);
        }
      return;
    }
  kd_search (m, node->left, q, b);
  kd_search (m, node->right, q, b);
}

static void
neighbours (const Knn    *m,
            const double *q,
            Best         *b)
{
  b->count = 0;
  if (m->nodes != NULL)
    kd_search (m, 0, q, b);
  else
    for (gsize r = 0; r < m->n; r++)
      offer (b, squared_distance (q, m->x + r * m->d, m->d), r);
}

/* The class weights (classification) or the prediction (regression). */
static double
combine (const Knn  *m,
         const Best *b,
         double     *votes)
{
  gboolean exact = FALSE;
  double total = 0, sum = 0;

  if (m->by_distance)
    for (guint i = 0; i < b->count; i++)
      if (b->dist[i] == 0)
        exact = TRUE;
  if (votes != NULL)
    memset (votes, 0, sizeof (double) * m->k_classes);
  for (guint i = 0; i < b->count; i++)
    {
      double w = 1;

      if (m->by_distance)
        w = exact ? (b->dist[i] == 0 ? 1 : 0) : 1 / sqrt (b->dist[i]);
      if (votes != NULL)
        votes[(guint) m->y[b->row[i]]] += w;
      sum += w * m->y[b->row[i]];
      total += w;
    }
  if (votes != NULL)
    for (guint c = 0; c < m->k_classes; c++)
      votes[c] /= total;
  return sum / total;
}

static void
knn_run (const Knn    *m,
         const double *x,
         gsize         n,
         double       *pred,
         double       *proba)
{
  g_autofree double *dist = g_new (double, m->k);
  g_autofree guint32 *row = g_new (guint32, m->k);
  g_autofree double *votes = g_new (double, MAX (1, m->k_classes));
  Best b = { dist, row, m->k, 0 };

  for (gsize i = 0; i < n; i++)
    {
      neighbours (m, x + i * m->d, &b);
      if (m->task == SONDE_TASK_REGRESSION)
        {
          pred[i] = combine (m, &b, NULL);
          continue;
        }
      combine (m, &b, votes);
      if (proba != NULL)
        memcpy (proba + i * m->k_classes, votes, sizeof (double) * m->k_classes);
      if (pred != NULL)
        {
          guint best = 0;

          for (guint c = 1; c < m->k_classes; c++)
            if (votes[c] > votes[best])
              best = c;
          pred[i] = best;
        }
    }
}

static void
knn_predict (gconstpointer  model,
             const double  *x,
             gsize          n,
             double        *out)
{
  knn_run (model, x, n, out, NULL);
}

static void
knn_predict_proba (gconstpointer  model,
                   const double  *x,
                   gsize          n,
                   double        *out)
{
  knn_run (model, x, n, NULL, out);
}

static void
knn_save (gconstpointer  model,
          JsonBuilder   *b)
{
  const Knn *m = model;

  json_builder_set_member_name (b, "n_rows");
  json_builder_add_int_value (b, m->n);
  sonde_json_add_doubles (b, "x", m->x, m->n * m->d);
  sonde_json_add_doubles (b, "y", m->y, m->n);
}

static gpointer
knn_load (JsonObject         *o,
          const SondeFitData *shape,
          GError            **error)
{
  double n;
  g_autofree double *x = NULL;
  g_autofree double *y = NULL;
  SondeFitData data = *shape;

  if (!sonde_json_get_number (o, "n_rows", &n, error))
    return NULL;
  if (n < 1 || n != floor (n) || n > G_MAXUINT32 ||
      (x = sonde_json_get_doubles (o, "x", (gsize) n * shape->d, error)) == NULL ||
      (y = sonde_json_get_doubles (o, "y", n, error)) == NULL)
    {
      if (error != NULL && *error == NULL)
        g_set_error_literal (error, SONDE_ERROR, SONDE_ERROR_PARSE,
                             _("The model file is damaged: its training rows are missing."));
      return NULL;
    }
  if (shape->task == SONDE_TASK_CLASSIFICATION)
    for (gsize i = 0; i < n; i++)
      if (!(y[i] >= 0 && y[i] < shape->n_classes && y[i] == floor (y[i])))
        {
          g_set_error_literal (error, SONDE_ERROR, SONDE_ERROR_PARSE,
                               _("The model file is damaged: a training row has a class that does not exist."));
          return NULL;
        }
  data.x = x;
  data.y = y;
  data.n = n;
  return knn_fit (&data, error);
}

static char *
knn_describe (gconstpointer       model,
              const char * const *names)
{
  const Knn *m = model;

  return g_strdup_printf (_("It keeps the %zu training rows and answers with the %u nearest by Euclidean distance%s; columns with large values weigh most, so standardise them first if their units differ."),
                          m->n, m->k, m->nodes != NULL ? _(", found with a kd-tree") : "");
}

const SondeLearnerClass sonde_learner_knn = {
  .name = "knn",
  .label = N_("k nearest neighbours"),
  .classifies = TRUE,
  .regresses = TRUE,
  .params = knn_params,
  .n_params = N_PARAMS,
  .fit = knn_fit,
  .predict = knn_predict,
  .predict_proba = knn_predict_proba,
  .free = knn_free,
  .save = knn_save,
  .load = knn_load,
  .describe = knn_describe,
};
