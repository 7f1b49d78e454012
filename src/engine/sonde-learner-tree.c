/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sonde-learner"

/* CART decision trees for classification (Gini or entropy) and regression
 * (squared error), grown as scikit-learn 1.2's DecisionTreeClassifier and
 * DecisionTreeRegressor with their "best" splitter: at each node every
 * feature is scanned, the threshold is the midpoint between two
 * consecutive distinct values (values closer than 1e-7 are not split), a
 * node stops at max_depth, below min_samples_split, when a child would
 * have fewer than min_samples_leaf rows, when it is pure, or when the
 * weighted impurity decrease is below min_impurity_decrease. Minimal
 * cost-complexity pruning (Breiman et al. 1984, ch. 3) then removes the
 * weakest links while their effective alpha is at most ccp_alpha.
 *
 * Where scikit-learn visits the features in a random order and keeps the
 * first of equally good splits, this code visits them in column order; on
 * ties the two trees can differ, not their quality.
 *
 * Growing is presorted: each feature's values are sorted once with their
 * rows (O(d n log n)) and both are partitioned stably at every split, so a
 * level of the tree costs O(d n) whatever the depth and the split search
 * reads the values in order instead of gathering them; the memory is 12
 * bytes a cell (a million rows of 30 features: 360 MB) besides the
 * matrix. The nodes are grown from an explicit stack, so
 * deep trees do not grow the C stack.
 */

#include "config.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "sonde-error.h"
#include "sonde-learner-private.h"

enum { P_CRITERION, P_MAX_DEPTH, P_MIN_SPLIT, P_MIN_LEAF, P_MIN_DECREASE, P_CCP_ALPHA, N_PARAMS };

static const char * const criteria[] = { "gini", "entropy", NULL };

static const SondeParamSpec cart_params[N_PARAMS] = {
  { "criterion", SONDE_PARAM_ENUM, 0, 1, 0, criteria,
    N_("How a split is judged in classification: Gini impurity or entropy (regression always uses the squared error)") },
  { "max_depth", SONDE_PARAM_INT, 1, G_MAXDOUBLE, G_MAXDOUBLE, NULL,
    N_("The deepest a leaf may be (“none”: no limit)") },
  { "min_samples_split", SONDE_PARAM_INT, 2, G_MAXDOUBLE, 2, NULL,
    N_("The fewest rows a node needs to be split") },
  { "min_samples_leaf", SONDE_PARAM_INT, 1, G_MAXDOUBLE, 1, NULL,
    N_("The fewest rows each leaf must keep") },
  { "min_impurity_decrease", SONDE_PARAM_DOUBLE, 0, G_MAXDOUBLE, 0, NULL,
    N_("A split must lower the weighted impurity by at least this much") },
  { "ccp_alpha", SONDE_PARAM_DOUBLE, 0, G_MAXDOUBLE, 0, NULL,
    N_("Cost-complexity pruning: remove the branches whose gain per leaf is at most this (0: no pruning)") },
};

typedef struct
{
  gint32  feature;      /* -1 for a leaf */
  double  threshold;    /* left when x <= threshold */
  guint32 left;
  guint32 right;
  double  n;            /* training rows */
  double  impurity;
} Node;

typedef struct
{
  SondeTask  task;
  gsize      d;
  guint      k;         /* values per node: classes, or 1 */
  GArray    *nodes;     /* Node */
  GArray    *values;    /* k per node: class shares, or the mean */
} Tree;

static void
tree_free (gpointer data)
{
  Tree *t = data;

  g_array_unref (t->nodes);
  g_array_unref (t->values);
  g_free (t);
}

static Tree *
tree_new (SondeTask task,
          gsize     d,
          guint     k)
{
  Tree *t = g_new0 (Tree, 1);

  t->task = task;
  t->d = d;
  t->k = k;
  t->nodes = g_array_new (FALSE, TRUE, sizeof (Node));
  t->values = g_array_new (FALSE, TRUE, sizeof (double));
  return t;
}

#define NODE(t, i)  (&g_array_index ((t)->nodes, Node, (i)))
#define VALUE(t, i) (&g_array_index ((t)->values, double, (gsize) (i) * (t)->k))

/* ------------------------------------------------------------------ */
/* Growing                                                             */

typedef struct
{
  const SondeFitData *data;
  gboolean            classify;
  gboolean            entropy;
  guint               k;
  gsize               n;
  gsize               d;
  double             *vals;      /* d × n: per feature, the values sorted, partitioned per node */
  guint32            *order;     /* d × n: the rows of those values */
  guint32            *tmp;
  double             *tmp_vals;
  guint8             *go_left;
  double             *left_counts;
  double             *right_counts;
  double             *node_counts;
  double              max_depth;
  double              min_split;
  double              min_leaf;
  double              min_decrease;
  guint               max_features;  /* features tried per node; d for all */
  SondeRng           *rng;           /* for max_features < d */
  guint32            *features;      /* d, shuffled per node */
} Grower;

typedef struct
{
  gsize   start;
  gsize   end;
  guint   depth;
  guint32 parent;
  gboolean is_left;
} Job;

static double
class_impurity (const double *counts,
                guint         k,
                double        n,
                gboolean      entropy)
{
  double s = 0;

  if (n <= 0)
    return 0;
  if (entropy)
    {
      for (guint c = 0; c < k; c++)
        if (counts[c] > 0)
          {
            double p = counts[c] / n;

            s -= p * log2 (p);
          }
      return s;
    }
  for (guint c = 0; c < k; c++)
    s += counts[c] * counts[c];
  return 1.0 - s / (n * n);
}

static int
compare_by_value (const void *a,
                  const void *b,
                  void       *user_data)
{
  const double *x = user_data;
  double u = x[*(const guint32 *) a], v = x[*(const guint32 *) b];

  if (u < v)
    return -1;
  if (u > v)
    return 1;
  return (*(const guint32 *) a > *(const guint32 *) b) - (*(const guint32 *) a < *(const guint32 *) b);
}

/* Adds a node for rows [start, end) with its value and impurity. */
static guint32
add_node (Grower *g,
          Tree   *t,
          gsize   start,
          gsize   end)
{
  const guint32 *rows = g->order;   /* feature 0's order holds the node's rows */
  Node node = { -1, 0, 0, 0, (double) (end - start), 0 };
  double *value;
  guint32 id = t->nodes->len;

  g_array_set_size (t->values, (gsize) (id + 1) * t->k);
  value = VALUE (t, id);
  if (g->classify)
    {
      memset (g->node_counts, 0, sizeof (double) * g->k);
      for (gsize p = start; p < end; p++)
        g->node_counts[(guint) g->data->y[rows[p]]] += 1;
      node.impurity = class_impurity (g->node_counts, g->k, node.n, g->entropy);
      for (guint c = 0; c < g->k; c++)
        value[c] = g->node_counts[c] / node.n;
    }
  else
    {
      double sum = 0, ss = 0;

      for (gsize p = start; p < end; p++)
        sum += g->data->y[rows[p]];
      value[0] = sum / node.n;
      for (gsize p = start; p < end; p++)
        {
          double e = g->data->y[rows[p]] - value[0];

          ss += e * e;
        }
      node.impurity = ss / node.n;
    }
  g_array_append_val (t->nodes, node);
  return id;
}

/* Finds the best split of rows [start, end) of node @id; FALSE if none. */
static gboolean
find_split (Grower  *g,
            Tree    *t,
            guint32  id,
            gsize    start,
            gsize    end,
            gint32  *best_feature,
            double  *best_threshold,
            gsize   *best_n_left)
{
  const double *y = g->data->y;
  double n = end - start;
  double best = -G_MAXDOUBLE;
  double best_child_impurity = 0;
  gboolean found = FALSE;
  double total_sum = 0;

  if (!g->classify)
    for (gsize p = start; p < end; p++)
      total_sum += y[g->order[p]];

  for (gsize f = 0, tried = 0; f < g->d && tried < g->max_features; f++)
    {
      gsize j = f;
      const guint32 *rows;
      const double *v;
      double sq_left = 0, sq_right = 0, sum_left = 0;

      if (g->max_features < g->d)
        {
          /* Draw the next feature without replacement, as scikit-learn:
           * constant ones do not count towards max_features. */
          gsize pick = f + sonde_rng_below (g->rng, g->d - f);
          guint32 tmp = g->features[f];

          g->features[f] = g->features[pick];
          g->features[pick] = tmp;
          j = g->features[f];
        }
      rows = g->order + j * g->n;
      v = g->vals + j * g->n;
      if (v[end - 1] <= v[start] + 1e-7)
        continue;   /* constant in this node */
      tried++;

      if (g->classify)
        {
          memset (g->left_counts, 0, sizeof (double) * g->k);
          memcpy (g->right_counts, g->node_counts, sizeof (double) * g->k);
          for (guint c = 0; c < g->k; c++)
            sq_right += g->right_counts[c] * g->right_counts[c];
        }

      for (gsize p = start; p + 1 < end; p++)
        {
          guint32 r = rows[p];
          double nl = p + 1 - start, nr = n - nl;
          double proxy;

          if (g->classify)
            {
              guint c = y[r];

              sq_left += 2 * g->left_counts[c] + 1;
              sq_right -= 2 * g->right_counts[c] - 1;
              g->left_counts[c] += 1;
              g->right_counts[c] -= 1;
            }
          else
            sum_left += y[r];

          if (v[p + 1] <= v[p] + 1e-7)
            continue;
          if (nl < g->min_leaf || nr < g->min_leaf)
            continue;

          if (!g->classify)
            {
              double sum_right = total_sum - sum_left;

              proxy = sum_left * sum_left / nl + sum_right * sum_right / nr;
            }
          else if (!g->entropy)
            proxy = -(nl - sq_left / nl) - (nr - sq_right / nr);
          else
            proxy = -nl * class_impurity (g->left_counts, g->k, nl, TRUE)
                    - nr * class_impurity (g->right_counts, g->k, nr, TRUE);

          if (proxy > best)
            {
              double thr = v[p] / 2.0 + v[p + 1] / 2.0;

              if (thr == v[p + 1] || !isfinite (thr))
                thr = v[p];
              best = proxy;
              found = TRUE;
              *best_feature = j;
              *best_threshold = thr;
              *best_n_left = nl;
            }
        }
    }

  if (!found)
    return FALSE;

  /* The weighted impurity of the children, for min_impurity_decrease. */
  {
    Node *node = NODE (t, id);
    double total_n = g->n;
    double decrease;

    if (g->classify)
      {
        gsize j = *best_feature;
        const guint32 *rows = g->order + j * g->n;
        double nl = *best_n_left, nr = n - nl;

        memset (g->left_counts, 0, sizeof (double) * g->k);
        memcpy (g->right_counts, g->node_counts, sizeof (double) * g->k);
        for (gsize p = start; p < start + *best_n_left; p++)
          {
            g->left_counts[(guint) y[rows[p]]] += 1;
            g->right_counts[(guint) y[rows[p]]] -= 1;
          }
        best_child_impurity = (nl * class_impurity (g->left_counts, g->k, nl, g->entropy) +
                               nr * class_impurity (g->right_counts, g->k, nr, g->entropy)) / n;
      }
    else
      {
        /* sum of squares: n·imp = Σy² − n·mean²; proxy = Σ children sum²/n. */
        double mean = VALUE (t, id)[0];
        double ss_node = node->impurity * n;

        best_child_impurity = (ss_node + n * mean * mean - best) / n;
      }
    decrease = n / total_n * (node->impurity - best_child_impurity);
    if (decrease < g->min_decrease)
      return FALSE;
  }
  return TRUE;
}

/* Splits rows [start, end) of every feature's order stably. */
static void
partition (Grower *g,
           gsize   start,
           gsize   end,
           gint32  feature,
           double  threshold)
{
  const double *x = g->vals + (gsize) feature * g->n;

  for (gsize p = start; p < end; p++)
    g->go_left[g->order[(gsize) feature * g->n + p]] = x[p] <= threshold;
  for (gsize j = 0; j < g->d; j++)
    {
      guint32 *rows = g->order + j * g->n;
      double *v = g->vals + j * g->n;
      gsize l = start, m = 0;

      for (gsize p = start; p < end; p++)
        {
          if (g->go_left[rows[p]])
            {
              rows[l] = rows[p];
              v[l++] = v[p];
            }
          else
            {
              g->tmp[m] = rows[p];
              g->tmp_vals[m++] = v[p];
            }
        }
      memcpy (rows + l, g->tmp, m * sizeof (guint32));
      memcpy (v + l, g->tmp_vals, m * sizeof (double));
    }
}

/* Grows the tree; FALSE when cancelled. */
static gboolean
grow (Grower *g,
      Tree   *t)
{
  g_autoptr(GArray) stack = g_array_new (FALSE, FALSE, sizeof (Job));
  Job root = { 0, g->n, 0, G_MAXUINT32, FALSE };

  g_array_append_val (stack, root);
  while (stack->len > 0)
    {
      Job job = g_array_index (stack, Job, stack->len - 1);
      guint32 id;
      gint32 feature = -1;
      double threshold = 0;
      gsize n_left = 0;
      double n = job.end - job.start;

      g_array_set_size (stack, stack->len - 1);
      if ((t->nodes->len & 1023) == 1023 && g_cancellable_is_cancelled (g->data->cancellable))
        return FALSE;
      id = add_node (g, t, job.start, job.end);
      if (job.parent != G_MAXUINT32)
        {
          if (job.is_left)
            NODE (t, job.parent)->left = id;
          else
            NODE (t, job.parent)->right = id;
        }

      if (job.depth >= g->max_depth || n < g->min_split || n < 2 * g->min_leaf ||
          NODE (t, id)->impurity <= DBL_EPSILON)
        continue;
      if (!find_split (g, t, id, job.start, job.end, &feature, &threshold, &n_left))
        continue;

      partition (g, job.start, job.end, feature, threshold);
      g_assert (n_left > 0 && job.start + n_left < job.end);
      NODE (t, id)->feature = feature;
      NODE (t, id)->threshold = threshold;
      {
        Job right = { job.start + n_left, job.end, job.depth + 1, id, FALSE };
        Job left = { job.start, job.start + n_left, job.depth + 1, id, TRUE };

        /* Left on top: it is grown first, as scikit-learn numbers nodes. */
        g_array_append_val (stack, right);
        g_array_append_val (stack, left);
      }
    }
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Pruning                                                             */

/* Subtree risk and leaf count of every node, children after parents in
 * the array so one backward pass suffices. */
static void
subtree_costs (Tree   *t,
               double  total_n,
               double *risk,
               guint  *leaves)
{
  for (guint i = t->nodes->len; i-- > 0;)
    {
      Node *node = NODE (t, i);

      if (node->feature < 0)
        {
          risk[i] = node->n / total_n * node->impurity;
          leaves[i] = 1;
        }
      else
        {
          risk[i] = risk[node->left] + risk[node->right];
          leaves[i] = leaves[node->left] + leaves[node->right];
        }
    }
}

/* Copies the nodes reachable from the root, in depth-first order. */
static Tree *
compact (Tree *t)
{
  Tree *out = tree_new (t->task, t->d, t->k);
  g_autoptr(GArray) stack = g_array_new (FALSE, FALSE, sizeof (guint32) * 2);
  guint32 root[2] = { 0, G_MAXUINT32 };

  g_array_append_val (stack, root);
  while (stack->len > 0)
    {
      guint32 *top = &g_array_index (stack, guint32, (stack->len - 1) * 2);
      guint32 old = top[0], parent_slot = top[1];
      guint32 id = out->nodes->len;
      Node node = *NODE (t, old);

      g_array_set_size (stack, stack->len - 1);
      if (parent_slot != G_MAXUINT32)
        {
          Node *parent = NODE (out, parent_slot >> 1);

          if (parent_slot & 1)
            parent->right = id;
          else
            parent->left = id;
        }
      g_array_append_val (out->nodes, node);
      g_array_append_vals (out->values, VALUE (t, old), t->k);
      if (node.feature >= 0)
        {
          guint32 right[2] = { node.right, (id << 1) | 1 };
          guint32 left[2] = { node.left, id << 1 };

          g_array_append_val (stack, right);
          g_array_append_val (stack, left);
        }
    }
  return out;
}

static void
prune (Tree   *t,
       double  alpha,
       double  total_n)
{
  g_autofree double *risk = g_new (double, t->nodes->len);
  g_autofree guint *leaves = g_new (guint, t->nodes->len);

  for (;;)
    {
      double weakest = G_MAXDOUBLE;
      guint32 at = 0;

      subtree_costs (t, total_n, risk, leaves);
      for (guint i = 0; i < t->nodes->len; i++)
        {
          Node *node = NODE (t, i);

          if (node->feature >= 0 && leaves[i] > 1)
            {
              /* Only nodes still reachable keep meaningful costs; an
               * unreachable one is never weaker than its pruned root. */
              double g_alpha = (node->n / total_n * node->impurity - risk[i]) / (leaves[i] - 1);

              if (g_alpha < weakest)
                {
                  weakest = g_alpha;
                  at = i;
                }
            }
        }
      if (weakest > alpha)
        break;
      NODE (t, at)->feature = -1;
    }
}

/* ------------------------------------------------------------------ */
/* The learner                                                          */

static char *
cart_check (const double *params)
{
  return NULL;
}

/* Each feature's values sorted, with their rows: d × n each. */
static void
presort (const SondeFitData *data,
         double             *vals,
         guint32            *order,
         double             *scratch)
{
  gsize n = data->n, d = data->d;

  for (gsize j = 0; j < d; j++)
    {
      guint32 *rows = order + j * n;
      double *v = vals + j * n;

      for (gsize i = 0; i < n; i++)
        {
          scratch[i] = data->x[i * d + j];
          rows[i] = i;
        }
      g_qsort_with_data (rows, n, sizeof (guint32), compare_by_value, scratch);
      for (gsize i = 0; i < n; i++)
        v[i] = scratch[rows[i]];
    }
}

typedef struct
{
  gboolean entropy;
  double   max_depth;
  double   min_split;
  double   min_leaf;
  double   min_decrease;
  double   ccp_alpha;
  guint    max_features;
} TreeSettings;

/* Grows one tree on @vals/@order (d × m, presorted; partitioned in
 * place, so spent afterwards). NULL when cancelled. */
static Tree *
grow_tree (const SondeFitData *data,
           const TreeSettings *set,
           double             *vals,
           guint32            *order,
           gsize               m,
           SondeRng           *rng)
{
  Grower g = { 0 };
  Tree *t;
  gsize d = data->d;

  g.data = data;
  g.classify = data->task == SONDE_TASK_CLASSIFICATION;
  g.entropy = set->entropy;
  g.k = g.classify ? data->n_classes : 1;
  g.n = m;
  g.d = d;
  g.max_depth = set->max_depth;
  g.min_split = set->min_split;
  g.min_leaf = set->min_leaf;
  g.min_decrease = set->min_decrease;
  g.max_features = MIN (set->max_features, d);
  g.rng = rng;
  g.vals = vals;
  g.order = order;
  g.tmp = g_new (guint32, m);
  g.tmp_vals = g_new (double, m);
  g.go_left = g_new (guint8, data->n);
  g.left_counts = g_new0 (double, g.k);
  g.right_counts = g_new0 (double, g.k);
  g.node_counts = g_new0 (double, g.k);
  g.features = g_new (guint32, d);
  for (gsize j = 0; j < d; j++)
    g.features[j] = j;

  t = tree_new (data->task, d, g.k);
  if (!grow (&g, t))
    g_clear_pointer (&t, tree_free);

  if (t != NULL && set->ccp_alpha > 0)
    {
      Tree *pruned;

      prune (t, set->ccp_alpha, m);
      pruned = compact (t);
      tree_free (t);
      t = pruned;
    }

  g_free (g.tmp_vals);
  g_free (g.tmp);
  g_free (g.go_left);
  g_free (g.left_counts);
  g_free (g.right_counts);
  g_free (g.node_counts);
  g_free (g.features);
  return t;
}

static gboolean
check_rows (gsize    n,
            GError **error)
{
  if (n > G_MAXUINT32 - 1)
    {
      g_set_error_literal (error, SONDE_ERROR, SONDE_ERROR_TOO_LARGE,
                           _("A decision tree learns from at most 4 billion rows."));
      return FALSE;
    }
  return TRUE;
}

static gpointer
cart_fit (const SondeFitData *data,
          GError            **error)
{
  TreeSettings set = {
    data->params[P_CRITERION] == 1, data->params[P_MAX_DEPTH], data->params[P_MIN_SPLIT],
    data->params[P_MIN_LEAF], data->params[P_MIN_DECREASE], data->params[P_CCP_ALPHA], G_MAXUINT,
  };
  gsize n = data->n, d = data->d;
  g_autofree double *vals = NULL;
  g_autofree guint32 *order = NULL;
  g_autofree double *scratch = NULL;
  Tree *t;

  if (!check_rows (n, error))
    return NULL;

  vals = g_new (double, n * d);
  order = g_new (guint32, n * d);
  scratch = g_new (double, n);
  presort (data, vals, order, scratch);
  g_clear_pointer (&scratch, g_free);

  t = grow_tree (data, &set, vals, order, n, NULL);
  if (t == NULL)
    sonde_fit_cancelled (data, error);
  return t;
}

static const double *
leaf_value (const Tree   *t,
            const double *row)
{
  guint32 i = 0;

  for (;;)
    {
      const Node *node = &g_array_index (t->nodes, Node, i);

      if (node->feature < 0)
        return &g_array_index (t->values, double, (gsize) i * t->k);
      i = row[node->feature] <= node->threshold ? node->left : node->right;
    }
}

static void
cart_predict (gconstpointer  model,
              const double  *x,
              gsize          n,
              double        *out)
{
  const Tree *t = model;

  for (gsize i = 0; i < n; i++)
    {
      const double *v = leaf_value (t, x + i * t->d);

      if (t->task == SONDE_TASK_CLASSIFICATION)
        {
          guint best = 0;

          for (guint c = 1; c < t->k; c++)
            if (v[c] > v[best])
              best = c;
          out[i] = best;
        }
      else
        out[i] = v[0];
    }
}

static void
cart_predict_proba (gconstpointer  model,
                    const double  *x,
                    gsize          n,
                    double        *out)
{
  const Tree *t = model;

  for (gsize i = 0; i < n; i++)
    memcpy (out + i * t->k, leaf_value (t, x + i * t->d), sizeof (double) * t->k);
}

static void
cart_save (gconstpointer  model,
           JsonBuilder   *b)
{
  const Tree *t = model;
  guint m = t->nodes->len;
  g_autofree double *feature = g_new (double, m);
  g_autofree double *threshold = g_new (double, m);
  g_autofree double *left = g_new (double, m);
  g_autofree double *right = g_new (double, m);
  g_autofree double *count = g_new (double, m);
  g_autofree double *impurity = g_new (double, m);

  for (guint i = 0; i < m; i++)
    {
      const Node *node = &g_array_index (t->nodes, Node, i);

      feature[i] = node->feature;
      threshold[i] = node->feature >= 0 ? node->threshold : 0;
      left[i] = node->feature >= 0 ? node->left : -1;
      right[i] = node->feature >= 0 ? node->right : -1;
      count[i] = node->n;
      impurity[i] = node->impurity;
    }
  json_builder_set_member_name (b, "n_nodes");
  json_builder_add_int_value (b, m);
  sonde_json_add_doubles (b, "feature", feature, m);
  sonde_json_add_doubles (b, "threshold", threshold, m);
  sonde_json_add_doubles (b, "left", left, m);
  sonde_json_add_doubles (b, "right", right, m);
  sonde_json_add_doubles (b, "n_samples", count, m);
  sonde_json_add_doubles (b, "impurity", impurity, m);
  sonde_json_add_doubles (b, "value", &g_array_index (t->values, double, 0), (gsize) m * t->k);
}

static gpointer
cart_load (JsonObject         *o,
           const SondeFitData *shape,
           GError            **error)
{
  double n_nodes;
  g_autofree double *feature = NULL, *threshold = NULL, *left = NULL, *right = NULL;
  g_autofree double *count = NULL, *impurity = NULL, *value = NULL;
  g_autofree guint8 *has_parent = NULL;
  guint k = shape->task == SONDE_TASK_CLASSIFICATION ? shape->n_classes : 1;
  Tree *t;
  guint m;

  if (!sonde_json_get_number (o, "n_nodes", &n_nodes, error))
    return NULL;
  if (n_nodes < 1 || n_nodes > G_MAXUINT32 || n_nodes != floor (n_nodes))
    {
      g_set_error_literal (error, SONDE_ERROR, SONDE_ERROR_PARSE,
                           _("The model file is damaged: its tree has no nodes."));
      return NULL;
    }
  m = n_nodes;
  if ((feature = sonde_json_get_doubles (o, "feature", m, error)) == NULL ||
      (threshold = sonde_json_get_doubles (o, "threshold", m, error)) == NULL ||
      (left = sonde_json_get_doubles (o, "left", m, error)) == NULL ||
      (right = sonde_json_get_doubles (o, "right", m, error)) == NULL ||
      (count = sonde_json_get_doubles (o, "n_samples", m, error)) == NULL ||
      (impurity = sonde_json_get_doubles (o, "impurity", m, error)) == NULL ||
      (value = sonde_json_get_doubles (o, "value", (gsize) m * k, error)) == NULL)
    return NULL;

  t = tree_new (shape->task, shape->d, k);
  has_parent = g_new0 (guint8, m);
  for (guint i = 0; i < m; i++)
    {
      Node node = { -1, threshold[i], 0, 0, count[i], impurity[i] };

      /* A negative feature is a leaf. Children come after their parent
       * and are whole numbers: no cycles, no walking off. */
      if (feature[i] >= 0)
        {
          if (feature[i] >= shape->d || feature[i] != floor (feature[i]) ||
              !(left[i] > i && left[i] < m && left[i] == floor (left[i])) ||
              !(right[i] > i && right[i] < m && right[i] == floor (right[i])))
            {
              tree_free (t);
              g_set_error_literal (error, SONDE_ERROR, SONDE_ERROR_PARSE,
                                   _("The model file is damaged: a node of its tree points outside the tree."));
              return NULL;
            }
          node.feature = feature[i];
          node.left = left[i];
          node.right = right[i];
          /* A node has one parent: the prediction lays the tree out
           * depth first and counts on it. */
          if (has_parent[node.left] || has_parent[node.right] || node.left == node.right)
            {
              tree_free (t);
              g_set_error_literal (error, SONDE_ERROR, SONDE_ERROR_PARSE,
                                   _("The model file is damaged: two nodes of its tree share a child."));
              return NULL;
            }
          has_parent[node.left] = has_parent[node.right] = 1;
        }
      g_array_append_val (t->nodes, node);
    }
  g_array_append_vals (t->values, value, (gsize) m * k);
  return t;
}

/* Adds each feature's impurity decrease (weighted by rows) to
 * @importance; returns the tree's total. Counts leaves and depth. */
static double
tree_importance (const Tree *t,
                 double     *importance,
                 guint      *leaves,
                 guint      *max_depth)
{
  g_autofree guint *depth = g_new0 (guint, t->nodes->len);
  double total = 0;

  for (guint i = 0; i < t->nodes->len; i++)
    {
      const Node *node = &g_array_index (t->nodes, Node, i);
      const Node *l, *r;
      double gain;

      *max_depth = MAX (*max_depth, depth[i]);
      if (node->feature < 0)
        {
          (*leaves)++;
          continue;
        }
      depth[node->left] = depth[node->right] = depth[i] + 1;
      l = &g_array_index (t->nodes, Node, node->left);
      r = &g_array_index (t->nodes, Node, node->right);
      gain = node->n * node->impurity - l->n * l->impurity - r->n * r->impurity;
      importance[node->feature] += gain;
      total += gain;
    }
  return total;
}

static gsize
top_feature (const double *importance,
             gsize         d)
{
  gsize top = 0;

  for (gsize j = 1; j < d; j++)
    if (importance[j] > importance[top])
      top = j;
  return top;
}

/* Divides @importance by its sum; FALSE when the sum is not positive. */
static gboolean
normalise (double *importance,
           gsize   d)
{
  double sum = 0;

  for (gsize j = 0; j < d; j++)
    sum += importance[j];
  if (!(sum > 0))
    return FALSE;
  for (gsize j = 0; j < d; j++)
    importance[j] /= sum;
  return TRUE;
}

static gboolean
cart_importance (gconstpointer  model,
                 double        *out)
{
  const Tree *t = model;
  guint leaves = 0, max_depth = 0;

  memset (out, 0, sizeof (double) * t->d);
  tree_importance (t, out, &leaves, &max_depth);
  return normalise (out, t->d);
}

static char *
cart_describe (gconstpointer       model,
               const char * const *names)
{
  const Tree *t = model;
  g_autofree double *importance = g_new0 (double, t->d);
  guint leaves = 0, max_depth = 0;
  double total = tree_importance (t, importance, &leaves, &max_depth);
  gsize top = top_feature (importance, t->d);

  if (total <= 0)
    return g_strdup_printf (_("The tree is a single leaf: no split improved on predicting the same value everywhere."));
  return g_strdup_printf (_("The tree has %u leaves and is %u levels deep; the column that matters most is “%s” (%.0f %% of the impurity decrease)."),
                          leaves, max_depth, names[top], 100 * importance[top] / total);
}

const SondeLearnerClass sonde_learner_cart = {
  .name = "cart",
  .label = N_("Decision tree (CART)"),
  .classifies = TRUE,
  .regresses = TRUE,
  .params = cart_params,
  .n_params = N_PARAMS,
  .fit = cart_fit,
  .predict = cart_predict,
  .predict_proba = cart_predict_proba,
  .free = tree_free,
  .save = cart_save,
  .load = cart_load,
  .describe = cart_describe,
  .importance = cart_importance,
  .check = cart_check,
};


/* ------------------------------------------------------------------ */
/* Compact trees for prediction                                        */

/* A tree laid out for prediction: 16 bytes a node, in depth-first order
 * so that a node's left child follows it; a leaf holds the offset of its
 * values instead of a right child. */
typedef struct
{
  double  threshold;
  gint32  feature;      /* -1 for a leaf */
  guint32 next;         /* the right child, or a leaf's first value */
} FlatNode;

typedef struct
{
  guint     k;
  guint32   n_nodes;
  FlatNode *nodes;
  double   *values;
} Flat;

G_STATIC_ASSERT (sizeof (FlatNode) == 16);

static Flat *
flatten (const Tree *t)
{
  g_autoptr(GArray) stack = g_array_new (FALSE, FALSE, sizeof (guint32) * 2);
  guint32 root[2] = { 0, G_MAXUINT32 };
  guint32 leaves = 0, m = t->nodes->len, at = 0;
  Flat *f;

  for (guint32 i = 0; i < m; i++)
    leaves += NODE (t, i)->feature < 0;
  /* One block: the nodes, then the values of the leaves. */
  f = g_malloc (sizeof (Flat) + (gsize) m * sizeof (FlatNode) + (gsize) leaves * t->k * sizeof (double));
  f->k = t->k;
  f->nodes = (FlatNode *) (f + 1);
  f->values = (double *) (f->nodes + m);
  leaves = 0;
  g_array_append_val (stack, root);
  while (stack->len > 0)
    {
      guint32 *top = &g_array_index (stack, guint32, (stack->len - 1) * 2);
      guint32 old = top[0], parent = top[1];
      const Node *node = NODE (t, old);
      guint32 id = at++;

      g_array_set_size (stack, stack->len - 1);
      if (parent != G_MAXUINT32)
        f->nodes[parent].next = id;
      f->nodes[id].feature = node->feature;
      f->nodes[id].threshold = node->threshold;
      if (node->feature < 0)
        {
          f->nodes[id].next = leaves * t->k;
          memcpy (f->values + (gsize) leaves * t->k, VALUE (t, old), t->k * sizeof (double));
          leaves++;
        }
      else
        {
          guint32 right[2] = { node->right, id };
          guint32 left[2] = { node->left, G_MAXUINT32 };

          g_array_append_val (stack, right);
          g_array_append_val (stack, left);
        }
    }
  f->n_nodes = at;
  return f;
}

static inline const double *
flat_leaf (const Flat   *f,
           const double *row)
{
  const FlatNode *nodes = f->nodes;
  guint32 i = 0;

  while (nodes[i].feature >= 0)
    i = row[nodes[i].feature] <= nodes[i].threshold ? i + 1 : nodes[i].next;
  return f->values + nodes[i].next;
}

/* Runs @func on @n rows split in up to @threads parts of at least 1024
 * rows each, in parallel. */
typedef void (*RowsFunc) (gconstpointer model, const double *x, gsize n, double *out);

typedef struct
{
  RowsFunc       func;
  gconstpointer  model;
  const double  *x;
  gsize          n;
  double        *out;
  gsize          d;
  gsize          width;
} RowsJob;

static gpointer
rows_job_run (gpointer user_data)
{
  RowsJob *job = user_data;

  job->func (job->model, job->x, job->n, job->out);
  return NULL;
}

static void
run_on_rows (RowsFunc       func,
             gconstpointer  model,
             const double  *x,
             gsize          n,
             gsize          d,
             double        *out,
             gsize          width,
             guint          threads)
{
  guint parts = MIN (threads, MAX (1, n / 1024));
  g_autofree RowsJob *jobs = NULL;
  g_autofree GThread **pool = NULL;
  gsize per;

  if (parts <= 1)
    {
      func (model, x, n, out);
      return;
    }
  jobs = g_new (RowsJob, parts);
  pool = g_new (GThread *, parts);
  per = (n + parts - 1) / parts;
  for (guint p = 0; p < parts; p++)
    {
      gsize start = MIN (n, p * per), end = MIN (n, start + per);

      jobs[p] = (RowsJob) { func, model, x + start * d, end - start, out + start * width, d, width };
      pool[p] = p + 1 < parts ? g_thread_new ("sonde-predict", rows_job_run, &jobs[p]) : NULL;
    }
  rows_job_run (&jobs[parts - 1]);
  for (guint p = 0; p + 1 < parts; p++)
    g_thread_join (pool[p]);
}

static guint
resolve_threads (double threads)
{
  return threads >= 1 ? (guint) threads : MAX (1, g_get_num_processors ());
}

/* ------------------------------------------------------------------ */
/* Binned columns                                                      */

/* Each column cut into at most 255 bins, as scikit-learn's
 * HistGradientBoosting does: with at most 255 distinct values, one bin
 * each, the edges halfway between them (so the splits are those of an
 * exact tree); otherwise edges at the quantiles of a sample of 200 000
 * rows. A value's code is the first edge it is at most, so
 * "code <= b" is "x <= edge[b]". The codes are kept a column after the
 * other, one byte each. */
#define MAX_BINS 255
#define BIN_SAMPLE 200000

typedef struct
{
  gsize    n;
  gsize    d;
  guint8  *codes;       /* d × n */
  double  *edges;       /* d × (MAX_BINS - 1) */
  guint   *n_edges;     /* d */
} Bins;

static void
bins_free (Bins *b)
{
  g_free (b->codes);
  g_free (b->edges);
  g_free (b->n_edges);
  g_free (b);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Bins, bins_free)

static int
compare_doubles (const void *a,
                 const void *b)
{
  double u = *(const double *) a, v = *(const double *) b;

  return (u > v) - (u < v);
}

/* The number of edges below @v, by a binary search without branches
 * (the compiler makes the choice a conditional move). */
static inline guint8
bin_code (const double *edges,
          guint         n_edges,
          double        v)
{
  const double *base = edges;
  guint len = n_edges;

  if (len == 0)
    return 0;
  while (len > 1)
    {
      guint half = len / 2;

      base = base[half] < v ? base + half : base;
      len -= half;
    }
  return (base - edges) + (*base < v);
}

typedef struct
{
  const SondeFitData *data;
  Bins               *bins;
  const gsize        *rows;     /* the sample, or NULL for all rows */
  gsize               s;
  gint                next;
} BinsJob;

/* Bins the columns that it takes in turn. */
static gpointer
bins_worker (gpointer user_data)
{
  BinsJob *job = user_data;
  Bins *b = job->bins;
  gsize n = b->n, d = b->d, s = job->s;
  const double *x = job->data->x;
  g_autofree double *sample = g_new (double, s);
  g_autofree double *distinct = g_new (double, MAX_BINS + 1);

  for (;;)
    {
      guint j = g_atomic_int_add (&job->next, 1);
      double *edges;
      gsize n_distinct = 0;
      guint m = 0;

      if (j >= d)
        break;
      edges = b->edges + (gsize) j * (MAX_BINS - 1);
      for (gsize i = 0; i < s; i++)
        sample[i] = x[(job->rows != NULL ? job->rows[i] : i) * d + j];
      qsort (sample, s, sizeof (double), compare_doubles);
      for (gsize i = 0; i < s && n_distinct <= MAX_BINS; i++)
        if (i == 0 || sample[i] != sample[i - 1])
          distinct[n_distinct++] = sample[i];
      if (n_distinct <= MAX_BINS)
        {
          for (gsize i = 0; i + 1 < n_distinct; i++)
            {
              double mid = (distinct[i] + distinct[i + 1]) * 0.5;

              edges[m++] = mid == distinct[i + 1] || !isfinite (mid) ? distinct[i] : mid;
            }
        }
      else
        {
          /* Quantiles of the sample (midpoints of the two nearest
           * values, as NumPy's percentile with method="midpoint"). */
          for (guint q = 1; q < MAX_BINS; q++)
            {
              double pos = (double) q / MAX_BINS * (s - 1);
              gsize lo = floor (pos), hi = ceil (pos);
              double e = (sample[lo] + sample[hi]) * 0.5;

              if (m == 0 || e > edges[m - 1])
                edges[m++] = e;
            }
        }
      b->n_edges[j] = m;
      for (gsize i = 0; i < n; i++)
        b->codes[j * n + i] = bin_code (edges, m, x[i * d + j]);
    }
  return NULL;
}

static Bins *
bins_new (const SondeFitData *data,
          guint64             seed,
          guint               threads)
{
  gsize n = data->n, d = data->d, s = MIN (n, BIN_SAMPLE);
  g_autofree gsize *rows = NULL;
  Bins *b = g_new0 (Bins, 1);
  BinsJob job = { data, b, NULL, s, 0 };

  b->n = n;
  b->d = d;
  b->codes = g_new (guint8, n * d);
  b->edges = g_new (double, d * (MAX_BINS - 1));
  b->n_edges = g_new0 (guint, d);
  if (s < n)
    {
      SondeRng rng;

      /* Rows drawn with replacement from their own stream. */
      sonde_rng_init (&rng, seed, G_GUINT64_CONSTANT (0xB1B5));
      rows = g_new (gsize, s);
      for (gsize i = 0; i < s; i++)
        rows[i] = sonde_rng_below (&rng, n);
      job.rows = rows;
    }
  threads = MIN (threads, d);
  if (n * d < 100000)
    threads = 1;
  if (threads <= 1)
    bins_worker (&job);
  else
    {
      g_autofree GThread **pool = g_new (GThread *, threads - 1);

      for (guint t = 0; t + 1 < threads; t++)
        pool[t] = g_thread_new ("sonde-bins", bins_worker, &job);
      bins_worker (&job);
      for (guint t = 0; t + 1 < threads; t++)
        g_thread_join (pool[t]);
    }
  return b;
}

/* ------------------------------------------------------------------ */
/* Growing on binned columns                                           */

/* A forest's tree grown on the bins: the node's rows are one array of
 * row numbers partitioned at each split (not every column), a bootstrap
 * sample is the rows drawn at least once weighted by their draws (as
 * scikit-learn does), and the split search of a feature adds the node's
 * rows into a histogram of its bins (class weights, or weight and sum of
 * the target) and scans its bins that hold rows; a node of at most 32
 * rows sorts its codes instead. The criterion and stopping rules are the exact tree's,
 * with min_samples_split and min_samples_leaf counting rows as
 * scikit-learn does; the thresholds are the bin edges. The rows of a tree
 * are first copied together (their codes, targets and weights), so that
 * a node reads them in increasing order from a small block. */
typedef struct
{
  const SondeFitData *data;
  const Bins         *bins;
  const TreeSettings *set;
  gboolean            classify;
  guint               k;
  gsize               m;          /* the rows in the tree (drawn at least once) */
  const guint8       *codes;      /* d × m: their codes, a column after the other */
  const double       *y;          /* m: their targets */
  const guint32      *yc;         /* m: their classes, when classifying */
  const double       *w;          /* m: their weights (bootstrap draws) */
  guint32            *rows;       /* m: 0 … m − 1, partitioned per node */
  guint32            *tmp;        /* as many */
  double             *hist;       /* MAX_BINS × (k + 1): weights per class, or weight and sum; then rows */
  guint32            *hist_rows;  /* MAX_BINS */
  guint64            *keys;       /* code << 32 | row, for small nodes */
  double             *left;       /* k + 1 */
  double             *node_stats; /* k + 1 */
  guint32            *features;   /* d */
  SondeRng           *rng;
} HGrower;

/* The weighted class counts (or weight, sum and sum of squares) of rows
 * [start, end), into @stats; returns the node's impurity. */
static double
hnode_stats (HGrower *g,
             gsize    start,
             gsize    end,
             double  *stats,
             double  *weight)
{
  double sum = 0, ss = 0, wsum = 0;

  if (g->classify)
    {
      memset (stats, 0, g->k * sizeof (double));
      for (gsize p = start; p < end; p++)
        stats[g->yc[g->rows[p]]] += g->w[g->rows[p]];
      for (guint c = 0; c < g->k; c++)
        wsum += stats[c];
      *weight = wsum;
      return class_impurity (stats, g->k, wsum, g->set->entropy);
    }
  for (gsize p = start; p < end; p++)
    {
      guint32 r = g->rows[p];
      double w = g->w[r], y = g->y[r];

      wsum += w;
      sum += w * y;
    }
  for (gsize p = start; p < end; p++)
    {
      guint32 r = g->rows[p];
      double e = g->y[r] - sum / wsum;

      ss += g->w[r] * e * e;
    }
  stats[0] = wsum;
  stats[1] = sum;
  *weight = wsum;
  return ss / wsum;
}

/* Below this many rows a node sorts its codes instead of filling a
 * histogram of every bin. */
#define SMALL_NODE 32

/* The split proxy (larger is better) of left stats @l, node stats @t. */
static inline double
hproxy (const HGrower *g,
        const double  *l,
        const double  *t,
        double         wl,
        double         wn)
{
  double wr = wn - wl;

  if (!g->classify)
    {
      double sl = l[1], sr = t[1] - l[1];

      return sl * sl / wl + sr * sr / wr;
    }
  if (!g->set->entropy)
    {
      double ql = 0, qr = 0;

      for (guint c = 0; c < g->k; c++)
        {
          double r = t[c] - l[c];

          ql += l[c] * l[c];
          qr += r * r;
        }
      return -(wl - ql / wl) - (wr - qr / wr);
    }
  {
    double ql = 0, qr = 0;

    for (guint c = 0; c < g->k; c++)
      {
        double r = t[c] - l[c];

        if (l[c] > 0)
          ql -= l[c] * log2 (l[c] / wl);
        if (r > 0)
          qr -= r * log2 (r / wr);
      }
    return -ql - qr;
  }
}

/* The best split of rows [start, end) on feature @j: TRUE, the proxy
 * and the last bin of the left side when the feature is not constant. */
static gboolean
hsplit_feature (HGrower *g,
                gsize    j,
                gsize    start,
                gsize    end,
                double   wn,
                double  *best,
                guint   *best_bin,
                gboolean *found)
{
  const guint8 *codes = g->codes + j * g->m;
  guint width = g->classify ? g->k : 2;
  gsize m = end - start;
  double min_leaf = g->set->min_leaf;
  double *l = g->left;

  memset (l, 0, width * sizeof (double));
  if (m <= SMALL_NODE)
    {
      /* Few rows: sort their codes (by insertion). */
      gsize nl = 0;

      for (gsize p = start; p < end; p++)
        {
          guint64 key = ((guint64) codes[g->rows[p]] << 32) | g->rows[p];
          gsize q = p - start;

          while (q > 0 && g->keys[q - 1] > key)
            {
              g->keys[q] = g->keys[q - 1];
              q--;
            }
          g->keys[q] = key;
        }
      if ((g->keys[0] >> 32) == (g->keys[m - 1] >> 32))
        return FALSE;
      for (gsize p = 0; p + 1 < m; p++)
        {
          guint32 r = g->keys[p] & G_MAXUINT32;
          guint code = g->keys[p] >> 32;
          double w = g->w[r], wl;

          if (g->classify)
            l[g->yc[r]] += w;
          else
            {
              l[0] += w;
              l[1] += w * g->y[r];
            }
          nl++;
          if ((g->keys[p + 1] >> 32) == code || nl < min_leaf || m - nl < min_leaf)
            continue;
          wl = 0;
          if (g->classify)
            for (guint c = 0; c < g->k; c++)
              wl += l[c];
          else
            wl = l[0];
          {
            double proxy = hproxy (g, l, g->node_stats, wl, wn);

            if (proxy > *best)
              {
                *best = proxy;
                *best_bin = code;
                *found = TRUE;
              }
          }
        }
      return TRUE;
    }

  {
    double *hist = g->hist;
    guint lo = MAX_BINS, hi = 0;
    gsize nl = 0;

    memset (hist, 0, MAX_BINS * width * sizeof (double));
    memset (g->hist_rows, 0, MAX_BINS * sizeof (guint32));
    if (g->classify)
      for (gsize p = start; p < end; p++)
        {
          guint32 r = g->rows[p];
          guint code = codes[r];

          hist[code * width + g->yc[r]] += g->w[r];
          g->hist_rows[code]++;
        }
    else
      for (gsize p = start; p < end; p++)
        {
          guint32 r = g->rows[p];
          guint code = codes[r];
          double w = g->w[r];

          hist[code * 2] += w;
          hist[code * 2 + 1] += w * g->y[r];
          g->hist_rows[code]++;
        }
    for (guint b = 0; b < MAX_BINS; b++)
      if (g->hist_rows[b] > 0)
        {
          lo = MIN (lo, b);
          hi = b;
        }
    if (lo == hi)
      return FALSE;
    for (guint b = lo; b < hi; b++)
      {
        double wl = 0;

        if (g->hist_rows[b] == 0)
          continue;
        for (guint c = 0; c < width; c++)
          l[c] += hist[b * width + c];
        nl += g->hist_rows[b];
        if (nl < min_leaf || m - nl < min_leaf)
          continue;
        if (g->classify)
          for (guint c = 0; c < g->k; c++)
            wl += l[c];
        else
          wl = l[0];
        {
          double proxy = hproxy (g, l, g->node_stats, wl, wn);

          if (proxy > *best)
            {
              *best = proxy;
              *best_bin = b;
              *found = TRUE;
            }
        }
      }
  }
  return TRUE;
}

static Tree *
hgrow (HGrower *g,
       gsize    n_rows)
{
  const SondeFitData *data = g->data;
  gsize d = data->d;
  guint max_features = MIN (g->set->max_features, d);
  Tree *t = tree_new (data->task, d, g->k);
  g_autoptr(GArray) stack = g_array_new (FALSE, FALSE, sizeof (Job));
  Job root = { 0, n_rows, 0, G_MAXUINT32, FALSE };

  g_array_append_val (stack, root);
  while (stack->len > 0)
    {
      Job job = g_array_index (stack, Job, stack->len - 1);
      gsize m = job.end - job.start;
      Node node = { -1, 0, 0, 0, 0, 0 };
      double wn, best = -G_MAXDOUBLE;
      gint32 feature = -1;
      guint best_bin = 0;
      guint32 id = t->nodes->len;
      double *value;

      g_array_set_size (stack, stack->len - 1);
      if ((id & 1023) == 1023 && g_cancellable_is_cancelled (data->cancellable))
        {
          tree_free (t);
          return NULL;
        }
      node.impurity = hnode_stats (g, job.start, job.end, g->node_stats, &wn);
      node.n = wn;
      g_array_set_size (t->values, (gsize) (id + 1) * t->k);
      value = VALUE (t, id);
      if (g->classify)
        for (guint c = 0; c < g->k; c++)
          value[c] = g->node_stats[c] / wn;
      else
        value[0] = g->node_stats[1] / wn;
      g_array_append_val (t->nodes, node);
      if (job.parent != G_MAXUINT32)
        {
          if (job.is_left)
            NODE (t, job.parent)->left = id;
          else
            NODE (t, job.parent)->right = id;
        }
      if (job.depth >= g->set->max_depth || m < g->set->min_split || m < 2 * g->set->min_leaf ||
          node.impurity <= DBL_EPSILON)
        continue;

      for (gsize f = 0, tried = 0; f < d && tried < max_features; f++)
        {
          gboolean found = FALSE;
          gsize j = f;
          guint bin = 0;

          if (max_features < d)
            {
              /* Drawn without replacement; constant ones do not count. */
              gsize pick = f + sonde_rng_below (g->rng, d - f);
              guint32 tmp = g->features[f];

              g->features[f] = g->features[pick];
              g->features[pick] = tmp;
              j = g->features[f];
            }
          if (!hsplit_feature (g, j, job.start, job.end, wn, &best, &bin, &found))
            continue;
          tried++;
          if (found)
            {
              feature = j;
              best_bin = bin;
            }
        }
      if (feature < 0)
        continue;

      {
        const guint8 *codes = g->codes + (gsize) feature * g->m;
        gsize a = job.start, z = 0;

        /* Stably, so that a node reads its rows' codes, classes and
         * weights in increasing order. */
        for (gsize p = job.start; p < job.end; p++)
          {
            guint32 r = g->rows[p];

            if (codes[r] <= best_bin)
              g->rows[a++] = r;
            else
              g->tmp[z++] = r;
          }
        memcpy (g->rows + a, g->tmp, z * sizeof (guint32));
        NODE (t, id)->feature = feature;
        NODE (t, id)->threshold = g->bins->edges[(gsize) feature * (MAX_BINS - 1) + best_bin];
        {
          Job right = { a, job.end, job.depth + 1, id, FALSE };
          Job left = { job.start, a, job.depth + 1, id, TRUE };

          g_array_append_val (stack, right);
          g_array_append_val (stack, left);
        }
      }
    }
  return t;
}

/* ------------------------------------------------------------------ */
/* Random forests                                                      */

/* Random forests (Breiman 2001) as scikit-learn 1.2's
 * RandomForestClassifier and RandomForestRegressor: n_estimators trees,
 * each grown without pruning on a bootstrap sample of the rows (n draws
 * with replacement) trying max_features columns drawn at random at each
 * node ("sqrt" of the columns for classification and all of them for
 * regression by default, as scikit-learn 1.2); the forest averages the
 * trees' class shares (then takes the largest) or values. Tree t draws
 * from SplitMix64 stream t + 1 of the seed, so a seed gives the same
 * forest; scikit-learn's draws differ, so forests agree in accuracy, not
 * tree for tree.
 *
 * The trees grow on the columns cut once into at most 255 bins (see Bins
 * and hgrow: the splits of an exact tree where a column has at most 255
 * values, bin edges elsewhere), one byte a cell, with each drawn row
 * weighted by its draws as scikit-learn does. The threads parameter's
 * threads take the trees in turn; as tree t draws only from its own
 * stream, the forest does not depend on their number. Prediction goes
 * through the 16-byte nodes of Flat, a block of rows through one tree
 * after the other, the blocks shared among the threads.
 */

enum { F_N_TREES, F_CRITERION, F_MAX_DEPTH, F_MIN_SPLIT, F_MIN_LEAF, F_MAX_FEATURES, F_BOOTSTRAP, F_SEED, F_THREADS, F_N_PARAMS };

static const char * const max_features_choices[] = { "auto", "sqrt", "log2", "all", NULL };

static const SondeParamSpec forest_params[F_N_PARAMS] = {
  { "n_estimators", SONDE_PARAM_INT, 1, 100000, 100, NULL,
    N_("How many trees the forest grows") },
  { "criterion", SONDE_PARAM_ENUM, 0, 1, 0, criteria,
    N_("How a split is judged in classification: Gini impurity or entropy (regression always uses the squared error)") },
  { "max_depth", SONDE_PARAM_INT, 1, G_MAXDOUBLE, G_MAXDOUBLE, NULL,
    N_("The deepest a leaf may be (“none”: no limit)") },
  { "min_samples_split", SONDE_PARAM_INT, 2, G_MAXDOUBLE, 2, NULL,
    N_("The fewest rows a node needs to be split") },
  { "min_samples_leaf", SONDE_PARAM_INT, 1, G_MAXDOUBLE, 1, NULL,
    N_("The fewest rows each leaf must keep") },
  { "max_features", SONDE_PARAM_ENUM, 0, 3, 0, max_features_choices,
    N_("How many columns each split tries: the square root or log2 of their number, all, or auto (square root for classes, all for numbers)") },
  { "bootstrap", SONDE_PARAM_BOOL, 0, 1, 1, NULL,
    N_("Grow each tree on rows drawn with replacement (otherwise on all rows)") },
  { "seed", SONDE_PARAM_INT, 0, 4294967295.0, 0, NULL,
    N_("The seed of the random draws: the same seed gives the same forest") },
  { "threads", SONDE_PARAM_INT, 0, 1024, 0, NULL,
    N_("How many trees are grown at once (0: one per processor); the forest does not depend on it") },
};

typedef struct
{
  SondeTask  task;
  gsize      d;
  guint      k;
  guint      n_trees;
  guint      max_features;
  guint      threads;
  Tree     **trees;
  Flat     **flat;
} Forest;

static void
forest_free (gpointer data)
{
  Forest *f = data;

  for (guint t = 0; t < f->n_trees; t++)
    {
      if (f->trees[t] != NULL)
        tree_free (f->trees[t]);
      if (f->flat != NULL)
        g_free (f->flat[t]);
    }
  g_free (f->trees);
  g_free (f->flat);
  g_free (f);
}

static guint
resolve_max_features (int       choice,
                      SondeTask task,
                      gsize     d)
{
  switch (choice)
    {
    case 1:
      return MAX (1, (guint) sqrt ((double) d));
    case 2:
      return MAX (1, (guint) log2 ((double) d));
    case 3:
      return d;
    case 0:
    default:
      return task == SONDE_TASK_CLASSIFICATION ? MAX (1, (guint) sqrt ((double) d)) : d;
    }
}

typedef struct
{
  const SondeFitData *data;
  const TreeSettings *set;
  const Bins         *bins;
  gboolean            bootstrap;
  Forest             *forest;
  gint                next;
  gint                cancelled;
} ForestFit;

/* A thread of the fit: grows the trees whose numbers it takes in turn.
 * Tree t draws from stream t + 1 of the seed whatever the thread. */
static gpointer
forest_worker (gpointer user_data)
{
  ForestFit *ff = user_data;
  const SondeFitData *data = ff->data;
  gsize n = data->n, d = data->d;
  guint k = ff->forest->k;
  gboolean classify = data->task == SONDE_TASK_CLASSIFICATION;
  g_autofree guint32 *draws = g_new (guint32, n);
  g_autofree guint32 *rows = g_new (guint32, n);
  g_autofree guint32 *tmp = g_new (guint32, n);
  g_autofree guint8 *codes = g_new (guint8, n * d);
  g_autofree double *y = g_new (double, n);
  g_autofree guint32 *yc = classify ? g_new (guint32, n) : NULL;
  g_autofree double *w = g_new (double, n);
  g_autofree double *hist = g_new (double, MAX_BINS * (k + 2));
  g_autofree guint32 *hist_rows = g_new (guint32, MAX_BINS);
  g_autofree guint64 *keys = g_new (guint64, SMALL_NODE);
  g_autofree double *left = g_new (double, k + 2);
  g_autofree double *node_stats = g_new (double, k + 2);
  g_autofree guint32 *features = g_new (guint32, d);
  HGrower g = {
    data, ff->bins, ff->set, classify, k, 0, codes, y, yc, w, rows, tmp,
    hist, hist_rows, keys, left, node_stats, features, NULL,
  };

  for (;;)
    {
      guint t = g_atomic_int_add (&ff->next, 1);
      gsize m = 0;
      SondeRng rng;

      if (t >= ff->forest->n_trees || g_atomic_int_get (&ff->cancelled))
        break;
      sonde_rng_init (&rng, (guint64) data->params[F_SEED], t + 1);
      if (ff->bootstrap)
        {
          memset (draws, 0, n * sizeof (guint32));
          for (gsize i = 0; i < n; i++)
            draws[sonde_rng_below (&rng, n)]++;
        }
      for (gsize i = 0; i < n; i++)
        if (!ff->bootstrap || draws[i] > 0)
          {
            w[m] = ff->bootstrap ? draws[i] : 1;
            y[m] = data->y[i];
            if (classify)
              yc[m] = data->y[i];
            draws[m] = i;   /* overwrites only counts already read */
            rows[m] = m;
            m++;
          }
      for (gsize j = 0; j < d; j++)
        {
          const guint8 *from = ff->bins->codes + j * n;
          guint8 *to = codes + j * m;

          for (gsize q = 0; q < m; q++)
            to[q] = from[draws[q]];
        }
      for (gsize j = 0; j < d; j++)
        features[j] = j;
      g.m = m;
      g.rng = &rng;
      if ((ff->forest->trees[t] = hgrow (&g, m)) == NULL)
        {
          g_atomic_int_set (&ff->cancelled, TRUE);
          break;
        }
      ff->forest->flat[t] = flatten (ff->forest->trees[t]);
    }
  return NULL;
}

static gpointer
forest_fit (const SondeFitData *data,
            GError            **error)
{
  gsize n = data->n, d = data->d;
  TreeSettings set = {
    data->params[F_CRITERION] == 1, data->params[F_MAX_DEPTH], data->params[F_MIN_SPLIT],
    data->params[F_MIN_LEAF], 0, 0, 0,
  };
  g_autoptr(Bins) bins = NULL;
  ForestFit ff = { 0 };
  guint threads;
  Forest *f;

  if (!check_rows (n, error))
    return NULL;

  f = g_new0 (Forest, 1);
  f->task = data->task;
  f->d = d;
  f->k = data->task == SONDE_TASK_CLASSIFICATION ? data->n_classes : 1;
  f->n_trees = data->params[F_N_TREES];
  f->max_features = set.max_features = resolve_max_features (data->params[F_MAX_FEATURES], data->task, d);
  f->threads = threads = resolve_threads (data->params[F_THREADS]);
  f->trees = g_new0 (Tree *, f->n_trees);
  f->flat = g_new0 (Flat *, f->n_trees);

  bins = bins_new (data, (guint64) data->params[F_SEED], threads);
  ff.data = data;
  ff.set = &set;
  ff.bins = bins;
  ff.bootstrap = data->params[F_BOOTSTRAP] != 0;
  ff.forest = f;
  threads = MIN (threads, f->n_trees);
  if (threads <= 1)
    forest_worker (&ff);
  else
    {
      g_autofree GThread **pool = g_new (GThread *, threads - 1);

      for (guint t = 0; t + 1 < threads; t++)
        pool[t] = g_thread_new ("sonde-forest", forest_worker, &ff);
      forest_worker (&ff);
      for (guint t = 0; t + 1 < threads; t++)
        g_thread_join (pool[t]);
    }
  if (ff.cancelled || sonde_fit_cancelled (data, error))
    {
      sonde_fit_cancelled (data, error);
      forest_free (f);
      return NULL;
    }
  return f;
}

/* The mean of the trees' leaf values for rows @x, into @acc (n × k):
 * the rows go by blocks, each through one tree after the other, so that
 * a tree stays in the cache for a whole block. */
#define PREDICT_BLOCK 2048

static void
forest_proba_rows (gconstpointer  model,
                   const double  *x,
                   gsize          n,
                   double        *acc)
{
  const Forest *f = model;
  guint k = f->k;

  memset (acc, 0, n * k * sizeof (double));
  for (gsize start = 0; start < n; start += PREDICT_BLOCK)
    {
      gsize end = MIN (n, start + PREDICT_BLOCK);

      for (guint t = 0; t < f->n_trees; t++)
        for (gsize i = start; i < end; i++)
          {
            const double *v = flat_leaf (f->flat[t], x + i * f->d);

            for (guint c = 0; c < k; c++)
              acc[i * k + c] += v[c];
          }
    }
  for (gsize e = 0; e < n * k; e++)
    acc[e] /= f->n_trees;
}

static void
forest_predict_rows (gconstpointer  model,
                     const double  *x,
                     gsize          n,
                     double        *out)
{
  const Forest *f = model;
  g_autofree double *acc = g_new (double, n * f->k);

  forest_proba_rows (model, x, n, acc);
  for (gsize i = 0; i < n; i++)
    {
      if (f->task == SONDE_TASK_CLASSIFICATION)
        {
          guint best = 0;

          for (guint c = 1; c < f->k; c++)
            if (acc[i * f->k + c] > acc[i * f->k + best])
              best = c;
          out[i] = best;
        }
      else
        out[i] = acc[i];
    }
}

static void
forest_predict (gconstpointer  model,
                const double  *x,
                gsize          n,
                double        *out)
{
  const Forest *f = model;

  run_on_rows (forest_predict_rows, model, x, n, f->d, out, 1, f->threads);
}

static void
forest_predict_proba (gconstpointer  model,
                      const double  *x,
                      gsize          n,
                      double        *out)
{
  const Forest *f = model;

  run_on_rows (forest_proba_rows, model, x, n, f->d, out, f->k, f->threads);
}

static void
forest_save (gconstpointer  model,
             JsonBuilder   *b)
{
  const Forest *f = model;

  json_builder_set_member_name (b, "n_trees");
  json_builder_add_int_value (b, f->n_trees);
  json_builder_set_member_name (b, "max_features");
  json_builder_add_int_value (b, f->max_features);
  json_builder_set_member_name (b, "trees");
  json_builder_begin_array (b);
  for (guint t = 0; t < f->n_trees; t++)
    {
      json_builder_begin_object (b);
      cart_save (f->trees[t], b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static gpointer
forest_load (JsonObject         *o,
             const SondeFitData *shape,
             GError            **error)
{
  JsonNode *node = json_object_get_member (o, "trees");
  JsonArray *trees;
  Forest *f;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node) ||
      json_array_get_length (trees = json_node_get_array (node)) == 0)
    {
      g_set_error_literal (error, SONDE_ERROR, SONDE_ERROR_PARSE,
                           _("The model file is damaged: its forest has no trees."));
      return NULL;
    }
  f = g_new0 (Forest, 1);
  f->task = shape->task;
  f->d = shape->d;
  f->k = shape->task == SONDE_TASK_CLASSIFICATION ? shape->n_classes : 1;
  f->n_trees = json_array_get_length (trees);
  f->max_features = json_object_get_int_member_with_default (o, "max_features", shape->d);
  f->threads = resolve_threads (0);
  f->trees = g_new0 (Tree *, f->n_trees);
  f->flat = g_new0 (Flat *, f->n_trees);
  for (guint t = 0; t < f->n_trees; t++)
    {
      JsonNode *e = json_array_get_element (trees, t);

      if (!JSON_NODE_HOLDS_OBJECT (e))
        {
          g_set_error_literal (error, SONDE_ERROR, SONDE_ERROR_PARSE,
                               _("The model file is damaged: its forest has no trees."));
          forest_free (f);
          return NULL;
        }
      if ((f->trees[t] = cart_load (json_node_get_object (e), shape, error)) == NULL)
        {
          forest_free (f);
          return NULL;
        }
      f->flat[t] = flatten (f->trees[t]);
    }
  return f;
}

static char *
forest_describe (gconstpointer       model,
                 const char * const *names)
{
  const Forest *f = model;
  g_autofree double *importance = g_new0 (double, f->d);
  guint leaves = 0, max_depth = 0;
  double total = 0;
  gsize top;

  for (guint t = 0; t < f->n_trees; t++)
    {
      g_autofree double *one = g_new0 (double, f->d);
      double sum = tree_importance (f->trees[t], one, &leaves, &max_depth);

      /* Each tree's importances sum to one, as scikit-learn's. */
      if (sum > 0)
        for (gsize j = 0; j < f->d; j++)
          importance[j] += one[j] / sum;
      total += sum > 0;
    }
  top = top_feature (importance, f->d);
  if (total <= 0)
    return g_strdup_printf (_("The forest has %u trees, each a single leaf."), f->n_trees);
  return g_strdup_printf (_("The forest has %u trees of %.0f leaves on average, each split trying %u of the %zu columns; the column that matters most is “%s” (%.0f %% of the impurity decrease)."),
                          f->n_trees, (double) leaves / f->n_trees, f->max_features, f->d,
                          names[top], 100 * importance[top] / total);
}

/* scikit-learn's forest: the mean of each tree's normalised importances
 * (trees that are a single leaf count as zeros), normalised again. */
static gboolean
forest_importance (gconstpointer  model,
                   double        *out)
{
  const Forest *f = model;
  g_autofree double *one = g_new (double, f->d);

  memset (out, 0, sizeof (double) * f->d);
  for (guint t = 0; t < f->n_trees; t++)
    {
      guint leaves = 0, max_depth = 0;

      memset (one, 0, sizeof (double) * f->d);
      tree_importance (f->trees[t], one, &leaves, &max_depth);
      if (normalise (one, f->d))
        for (gsize j = 0; j < f->d; j++)
          out[j] += one[j];
    }
  return normalise (out, f->d);
}

const SondeLearnerClass sonde_learner_random_forest = {
  .name = "random-forest",
  .label = N_("Random forest"),
  .classifies = TRUE,
  .regresses = TRUE,
  .params = forest_params,
  .n_params = F_N_PARAMS,
  .fit = forest_fit,
  .predict = forest_predict,
  .predict_proba = forest_predict_proba,
  .free = forest_free,
  .save = forest_save,
  .load = forest_load,
  .describe = forest_describe,
  .importance = forest_importance,
};

/* ------------------------------------------------------------------ */
/* Gradient boosting                                                   */

/* Gradient-boosted trees (Friedman 2001) as scikit-learn 1.2's
 * GradientBoostingClassifier and GradientBoostingRegressor with their
 * defaults (log loss or squared error, no subsampling): start from the
 * class log-odds or log-priors (or the mean), then at each of
 * n_estimators stages fit one regression tree of max_depth levels to
 * the negative gradient (per class for more than two classes), set each
 * leaf to a Newton step (Σ r / Σ p(1 − p), times (K − 1)/K for K classes;
 * the mean residual for a regression) and add learning_rate times it.
 * The trees' splits use the squared error, which ranks splits as
 * scikit-learn's friedman_mse does. The columns are sorted once.
 * Cost: n_estimators × classes trees of O(d n max_depth) each.
 */

enum { B_N_ESTIMATORS, B_LEARNING_RATE, B_MAX_DEPTH, B_MIN_SPLIT, B_MIN_LEAF, B_N_PARAMS };

static const SondeParamSpec boost_params[B_N_PARAMS] = {
  { "n_estimators", SONDE_PARAM_INT, 1, 100000, 100, NULL,
    N_("How many boosting stages (trees per class) to add") },
  { "learning_rate", SONDE_PARAM_DOUBLE, 1e-6, 10, 0.1, NULL,
    N_("How much of each tree is added: smaller values need more stages but overfit less") },
  { "max_depth", SONDE_PARAM_INT, 1, 64, 3, NULL,
    N_("The depth of each tree") },
  { "min_samples_split", SONDE_PARAM_INT, 2, G_MAXDOUBLE, 2, NULL,
    N_("The fewest rows a node needs to be split") },
  { "min_samples_leaf", SONDE_PARAM_INT, 1, G_MAXDOUBLE, 1, NULL,
    N_("The fewest rows each leaf must keep") },
};

typedef struct
{
  SondeTask  task;
  gsize      d;
  guint      k;          /* classes, or 1 */
  guint      m;          /* trees per stage */
  guint      n_stages;
  double     rate;
  double    *init;       /* m */
  Tree     **trees;      /* n_stages × m */
  Flat     **flat;       /* the same for prediction, or NULL */
  guint      threads;    /* for prediction */
} Boost;

static void
boost_free (gpointer data)
{
  Boost *b = data;

  for (guint t = 0; t < b->n_stages * b->m; t++)
    {
      if (b->trees[t] != NULL)
        tree_free (b->trees[t]);
      if (b->flat != NULL)
        g_free (b->flat[t]);
    }
  g_free (b->trees);
  g_free (b->flat);
  g_free (b->init);
  g_free (b);
}

static guint32
leaf_index (const Tree   *t,
            const double *row)
{
  guint32 i = 0;

  for (;;)
    {
      const Node *node = &g_array_index (t->nodes, Node, i);

      if (node->feature < 0)
        return i;
      i = row[node->feature] <= node->threshold ? node->left : node->right;
    }
}

static void
softmax (double *z,
         guint   k)
{
  double top = -INFINITY, sum = 0;

  for (guint c = 0; c < k; c++)
    top = MAX (top, z[c]);
  for (guint c = 0; c < k; c++)
    sum += (z[c] = exp (z[c] - top));
  for (guint c = 0; c < k; c++)
    z[c] /= sum;
}

static double
sigmoid (double z)
{
  return z >= 0 ? 1 / (1 + exp (-z)) : exp (z) / (1 + exp (z));
}

static gpointer
boost_fit (const SondeFitData *data,
           GError            **error)
{
  gsize n = data->n, d = data->d;
  gboolean classify = data->task == SONDE_TASK_CLASSIFICATION;
  TreeSettings set = {
    FALSE, data->params[B_MAX_DEPTH], data->params[B_MIN_SPLIT], data->params[B_MIN_LEAF], 0, 0, G_MAXUINT,
  };
  g_autofree double *gvals = NULL;
  g_autofree guint32 *gorder = NULL;
  g_autofree double *vals = NULL;
  g_autofree guint32 *order = NULL;
  g_autofree double *raw = NULL;
  g_autofree double *resid = NULL;
  g_autofree double *prob = NULL;
  g_autofree double *num = NULL;
  g_autofree double *den = NULL;
  g_autofree guint32 *leaf = NULL;
  SondeFitData tree_data = *data;
  Boost *b;

  if (!check_rows (n, error))
    return NULL;

  b = g_new0 (Boost, 1);
  b->task = data->task;
  b->d = d;
  b->k = classify ? data->n_classes : 1;
  b->m = classify && data->n_classes > 2 ? data->n_classes : 1;
  b->n_stages = data->params[B_N_ESTIMATORS];
  b->rate = data->params[B_LEARNING_RATE];
  b->init = g_new0 (double, b->m);
  b->trees = g_new0 (Tree *, (gsize) b->n_stages * b->m);

  /* The starting scores. */
  if (!classify)
    {
      for (gsize i = 0; i < n; i++)
        b->init[0] += data->y[i] / n;
    }
  else
    {
      g_autofree double *share = g_new0 (double, b->k);

      for (gsize i = 0; i < n; i++)
        share[(guint) data->y[i]] += 1.0 / n;
      for (guint c = 0; c < b->k; c++)
        share[c] = CLAMP (share[c], DBL_EPSILON, 1 - DBL_EPSILON);
      if (b->m == 1)
        b->init[0] = log (share[1] / share[0]);
      else
        for (guint c = 0; c < b->m; c++)
          b->init[c] = log (share[c]);
    }

  raw = g_new (double, n * b->m);
  for (gsize i = 0; i < n; i++)
    memcpy (raw + i * b->m, b->init, b->m * sizeof (double));
  resid = g_new (double, n);
  prob = g_new (double, MAX (b->m, b->k));
  leaf = g_new (guint32, n);
  gvals = g_new (double, n * d);
  gorder = g_new (guint32, n * d);
  vals = g_new (double, n * d);
  order = g_new (guint32, n * d);
  presort (data, gvals, gorder, vals);

  tree_data.task = SONDE_TASK_REGRESSION;
  tree_data.n_classes = 0;
  tree_data.y = resid;

  for (guint s = 0; s < b->n_stages; s++)
    {
      g_autofree double *probs = NULL;

      if (sonde_fit_cancelled (data, error))
        {
          boost_free (b);
          return NULL;
        }
      /* The class probabilities of every row before this stage. */
      if (classify && b->m > 1)
        {
          probs = g_new (double, n * b->m);
          for (gsize i = 0; i < n; i++)
            {
              memcpy (probs + i * b->m, raw + i * b->m, b->m * sizeof (double));
              softmax (probs + i * b->m, b->m);
            }
        }

      for (guint c = 0; c < b->m; c++)
        {
          Tree *t;
          guint n_nodes;

          for (gsize i = 0; i < n; i++)
            {
              if (!classify)
                resid[i] = data->y[i] - raw[i];
              else if (b->m == 1)
                resid[i] = data->y[i] - sigmoid (raw[i]);
              else
                resid[i] = (data->y[i] == c ? 1.0 : 0.0) - probs[i * b->m + c];
            }
          memcpy (vals, gvals, n * d * sizeof (double));
          memcpy (order, gorder, n * d * sizeof (guint32));
          if ((t = grow_tree (&tree_data, &set, vals, order, n, NULL)) == NULL)
            {
              sonde_fit_cancelled (data, error);
              boost_free (b);
              return NULL;
            }
          b->trees[(gsize) s * b->m + c] = t;

          /* Newton steps in the leaves. */
          n_nodes = t->nodes->len;
          num = g_renew (double, num, n_nodes);
          den = g_renew (double, den, n_nodes);
          memset (num, 0, n_nodes * sizeof (double));
          memset (den, 0, n_nodes * sizeof (double));
          for (gsize i = 0; i < n; i++)
            {
              double r = resid[i];

              leaf[i] = leaf_index (t, data->x + i * d);
              num[leaf[i]] += r;
              if (!classify)
                den[leaf[i]] += 1;
              else if (b->m == 1)
                {
                  double p = data->y[i] - r;

                  den[leaf[i]] += p * (1 - p);
                }
              else
                den[leaf[i]] += fabs (r) * (1 - fabs (r));
            }
          for (guint v = 0; v < n_nodes; v++)
            {
              double step;

              if (NODE (t, v)->feature >= 0)
                continue;
              if (classify && b->m > 1)
                num[v] *= (b->k - 1.0) / b->k;
              step = fabs (den[v]) < 1e-150 ? 0 : num[v] / den[v];
              VALUE (t, v)[0] = step;
            }
          for (gsize i = 0; i < n; i++)
            raw[i * b->m + c] += b->rate * VALUE (t, leaf[i])[0];
        }
    }
  return b;
}

static void
boost_raw (const Boost  *b,
           const double *row,
           double       *z)
{
  memcpy (z, b->init, b->m * sizeof (double));
  if (b->flat != NULL)
    for (guint s = 0; s < b->n_stages; s++)
      for (guint c = 0; c < b->m; c++)
        z[c] += b->rate * flat_leaf (b->flat[(gsize) s * b->m + c], row)[0];
  else
    for (guint s = 0; s < b->n_stages; s++)
      for (guint c = 0; c < b->m; c++)
        z[c] += b->rate * leaf_value (b->trees[(gsize) s * b->m + c], row)[0];
}

static void
boost_predict_proba (gconstpointer  model,
                     const double  *x,
                     gsize          n,
                     double        *out)
{
  const Boost *b = model;

  for (gsize i = 0; i < n; i++)
    {
      double *p = out + i * b->k;

      if (b->m == 1)
        {
          double z;

          boost_raw (b, x + i * b->d, &z);
          p[1] = sigmoid (z);
          p[0] = 1 - p[1];
        }
      else
        {
          boost_raw (b, x + i * b->d, p);
          softmax (p, b->k);
        }
    }
}

static void
boost_predict (gconstpointer  model,
               const double  *x,
               gsize          n,
               double        *out)
{
  const Boost *b = model;
  g_autofree double *z = g_new (double, MAX (b->m, b->k));

  for (gsize i = 0; i < n; i++)
    {
      boost_raw (b, x + i * b->d, z);
      if (b->task == SONDE_TASK_REGRESSION)
        out[i] = z[0];
      else if (b->m == 1)
        out[i] = z[0] > 0 ? 1 : 0;
      else
        {
          guint best = 0;

          for (guint c = 1; c < b->m; c++)
            if (z[c] > z[best])
              best = c;
          out[i] = best;
        }
    }
}

static void
boost_save (gconstpointer  model,
            JsonBuilder   *builder)
{
  const Boost *b = model;

  json_builder_set_member_name (builder, "n_stages");
  json_builder_add_int_value (builder, b->n_stages);
  json_builder_set_member_name (builder, "trees_per_stage");
  json_builder_add_int_value (builder, b->m);
  json_builder_set_member_name (builder, "learning_rate");
  json_builder_add_double_value (builder, b->rate);
  sonde_json_add_doubles (builder, "init", b->init, b->m);
  json_builder_set_member_name (builder, "trees");
  json_builder_begin_array (builder);
  for (guint t = 0; t < b->n_stages * b->m; t++)
    {
      json_builder_begin_object (builder);
      cart_save (b->trees[t], builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static gpointer
boost_load (JsonObject         *o,
            const SondeFitData *shape,
            GError            **error)
{
  SondeFitData tree_shape = *shape;
  JsonNode *node = json_object_get_member (o, "trees");
  JsonArray *trees;
  double stages, per_stage;
  Boost *b = g_new0 (Boost, 1);

  b->task = shape->task;
  b->d = shape->d;
  b->k = shape->task == SONDE_TASK_CLASSIFICATION ? shape->n_classes : 1;
  b->m = shape->task == SONDE_TASK_CLASSIFICATION && shape->n_classes > 2 ? shape->n_classes : 1;
  if (!sonde_json_get_number (o, "n_stages", &stages, error) ||
      !sonde_json_get_number (o, "trees_per_stage", &per_stage, error) ||
      !sonde_json_get_number (o, "learning_rate", &b->rate, error) ||
      (b->init = sonde_json_get_doubles (o, "init", b->m, error)) == NULL)
    {
      boost_free (b);
      return NULL;
    }
  if (per_stage != b->m || stages < 1 || stages != floor (stages) || stages > 1e6 ||
      node == NULL || !JSON_NODE_HOLDS_ARRAY (node) ||
      json_array_get_length (trees = json_node_get_array (node)) != stages * b->m)
    {
      g_set_error_literal (error, SONDE_ERROR, SONDE_ERROR_PARSE,
                           _("The model file is damaged: its number of trees does not fit its stages and classes."));
      boost_free (b);
      return NULL;
    }
  b->n_stages = stages;
  b->trees = g_new0 (Tree *, (gsize) b->n_stages * b->m);
  tree_shape.task = SONDE_TASK_REGRESSION;
  tree_shape.n_classes = 0;
  for (guint t = 0; t < b->n_stages * b->m; t++)
    {
      JsonNode *e = json_array_get_element (trees, t);

      if (!JSON_NODE_HOLDS_OBJECT (e) ||
          (b->trees[t] = cart_load (json_node_get_object (e), &tree_shape, error)) == NULL)
        {
          if (error != NULL && *error == NULL)
            g_set_error_literal (error, SONDE_ERROR, SONDE_ERROR_PARSE,
                                 _("The model file is damaged: its number of trees does not fit its stages and classes."));
          boost_free (b);
          return NULL;
        }
    }
  return b;
}

static char *
boost_describe (gconstpointer       model,
                const char * const *names)
{
  const Boost *b = model;
  g_autofree double *importance = g_new0 (double, b->d);
  guint leaves = 0, max_depth = 0;
  double total = 0;
  gsize top;

  for (guint t = 0; t < b->n_stages * b->m; t++)
    total += tree_importance (b->trees[t], importance, &leaves, &max_depth);
  top = top_feature (importance, b->d);
  if (total <= 0)
    return g_strdup_printf (_("%u stages of trees, none of which found a split."), b->n_stages);
  return g_strdup_printf (_("%u stages of %u trees each, added with a learning rate of %g; the column that matters most is “%s” (%.0f %% of the impurity decrease)."),
                          b->n_stages, b->m, b->rate, names[top], 100 * importance[top] / total);
}

/* scikit-learn's gradient boosting: each tree's decrease divided by the
 * rows at its root (not normalised), averaged over the trees that split,
 * then normalised. */
static gboolean
boost_importance (gconstpointer  model,
                  double        *out)
{
  const Boost *b = model;
  g_autofree double *one = g_new (double, b->d);

  memset (out, 0, sizeof (double) * b->d);
  for (guint t = 0; t < b->n_stages * b->m; t++)
    {
      const Tree *tree = b->trees[t];
      guint leaves = 0, max_depth = 0;
      double root;

      if (tree->nodes->len < 2)
        continue;
      root = g_array_index (tree->nodes, Node, 0).n;
      memset (one, 0, sizeof (double) * b->d);
      tree_importance (tree, one, &leaves, &max_depth);
      for (gsize j = 0; j < b->d; j++)
        out[j] += one[j] / root;
    }
  return normalise (out, b->d);
}

const SondeLearnerClass sonde_learner_gradient_boosting = {
  .name = "gradient-boosting",
  .label = N_("Gradient boosting"),
  .classifies = TRUE,
  .regresses = TRUE,
  .params = boost_params,
  .n_params = B_N_PARAMS,
  .fit = boost_fit,
  .predict = boost_predict,
  .predict_proba = boost_predict_proba,
  .free = boost_free,
  .save = boost_save,
  .load = boost_load,
  .describe = boost_describe,
  .importance = boost_importance,
};

/* ------------------------------------------------------------------ */
/* Histogram gradient boosting                                         */

/* Gradient boosting on binned columns, as scikit-learn 1.2's
 * HistGradientBoostingClassifier and HistGradientBoostingRegressor (after
 * LightGBM, Ke et al. 2017): the columns are cut into at most 255 bins
 * once (see Bins); each tree fits the gradients and hessians of the loss
 * (binary log loss, the softmax's with one tree per class, or half the
 * squared error), kept as floats as scikit-learn does, by adding them into
 * per-bin histograms; a split's gain is
 * G_L²/(H_L + λ) + G_R²/(H_R + λ) − G²/(H + λ) over the bins, a leaf's
 * value −G/(H + λ) times the learning rate. Trees grow best leaf first up
 * to max_leaf_nodes leaves, children keep min_samples_leaf rows and a
 * hessian of 1e-3; of two children only the smaller one's histogram is
 * built, the other's is its parent's minus it. The histograms of a node
 * are built by the threads parameter's threads, a block of rows at a time
 * (see hist_build). Early stopping (on by default past 10 000 rows, as scikit-learn's
 * "auto") keeps validation_fraction of the rows out, stratified for
 * classes, and stops when none of the last n_iter_no_change iterations
 * lowered their loss by more than tol against the one before them.
 *
 * The trees are saved as gradient boosting's; a node's "impurity" is
 * −G²/(n (H + λ)), so that the impurity decrease of a split is its gain,
 * and the importance of a column is its total gain over all trees,
 * normalised (LightGBM's importance_type="gain"; scikit-learn's histogram
 * boosting has no feature_importances_).
 */

enum {
  H_LEARNING_RATE, H_MAX_ITER, H_MAX_LEAF_NODES, H_MAX_DEPTH, H_MIN_LEAF, H_L2,
  H_EARLY_STOPPING, H_VALIDATION_FRACTION, H_N_ITER_NO_CHANGE, H_TOL, H_SEED, H_THREADS, H_N_PARAMS
};

static const char * const early_stopping_choices[] = { "auto", "true", "false", NULL };

static const SondeParamSpec hist_params[H_N_PARAMS] = {
  { "learning_rate", SONDE_PARAM_DOUBLE, 1e-6, 10, 0.1, NULL,
    N_("How much of each tree is added: smaller values need more iterations but overfit less") },
  { "max_iter", SONDE_PARAM_INT, 1, 100000, 100, NULL,
    N_("The most boosting iterations (trees per class)") },
  { "max_leaf_nodes", SONDE_PARAM_INT, 2, 1000000, 31, NULL,
    N_("The most leaves of each tree, grown best leaf first") },
  { "max_depth", SONDE_PARAM_INT, 1, G_MAXDOUBLE, G_MAXDOUBLE, NULL,
    N_("The deepest a leaf may be (“none”: no limit)") },
  { "min_samples_leaf", SONDE_PARAM_INT, 1, G_MAXDOUBLE, 20, NULL,
    N_("The fewest rows each leaf must keep") },
  { "l2_regularization", SONDE_PARAM_DOUBLE, 0, G_MAXDOUBLE, 0, NULL,
    N_("Added to the hessians of the leaves: larger values shrink their values") },
  { "early_stopping", SONDE_PARAM_ENUM, 0, 2, 0, early_stopping_choices,
    N_("Stop when the validation loss no longer improves: true, false, or auto (true past 10 000 rows)") },
  { "validation_fraction", SONDE_PARAM_DOUBLE, 0.01, 0.99, 0.1, NULL,
    N_("The share of the rows kept out to decide early stopping") },
  { "n_iter_no_change", SONDE_PARAM_INT, 1, 100000, 10, NULL,
    N_("Early stopping waits this many iterations without improvement") },
  { "tol", SONDE_PARAM_DOUBLE, 0, G_MAXDOUBLE, 1e-7, NULL,
    N_("The least decrease of the validation loss that counts as an improvement") },
  { "seed", SONDE_PARAM_INT, 0, 4294967295.0, 0, NULL,
    N_("The seed of the bins' sample and of the validation rows") },
  { "threads", SONDE_PARAM_INT, 0, 1024, 0, NULL,
    N_("How many threads build the histograms (0: one per processor); the model does not depend on it") },
};

#define MIN_HESSIAN 1e-3

typedef struct
{
  double g;
  double h;
  double n;
} HBin;

typedef struct
{
  guint32  id;          /* in the tree */
  gsize    start;       /* the node's rows in HBoostFit.rows */
  gsize    end;
  guint    depth;
  double   sum_g;
  double   sum_h;
  HBin    *hist;        /* d × MAX_BINS, while it may be split */
  double   gain;        /* of its best split; -1 when none */
  gint32   feature;
  guint    bin;
  double   left_g;
  double   left_h;
} HLeaf;

typedef struct
{
  const SondeFitData *data;
  const Bins         *bins;
  gsize               d;
  guint               threads;
  double              l2;
  double              min_leaf;
  double              max_depth;
  guint               max_leaves;
  const float        *grad;     /* n */
  const float        *hess;     /* n */
  guint32            *rows;     /* the training rows, partitioned per leaf */
  guint32            *tmp;
  HBin               *parts;      /* the blocks' histograms, for hist_build */
} HBoostFit;

/* The histograms of a node are built by blocks of HIST_BLOCK rows, each
 * into its own histograms, which the threads take in turn; the blocks'
 * histograms are then added in block order, so the sums do not depend on
 * the number of threads (and a node of one block adds its rows in order,
 * as scikit-learn does). Each block gathers its rows' gradients and
 * hessians first, so that every column reads them in order. */
#define HIST_BLOCK 16384

typedef struct
{
  const HBoostFit *fit;
  const guint32   *rows;
  gsize            m;
  HBin            *parts;     /* n_blocks × d × MAX_BINS */
  guint            n_blocks;
  gint             next;
} HistJob;

static gpointer
hist_job_run (gpointer user_data)
{
  HistJob *job = user_data;
  const HBoostFit *fit = job->fit;
  gsize n = fit->bins->n, d = fit->d;
  g_autofree float *g = g_new (float, HIST_BLOCK);
  g_autofree float *h = g_new (float, HIST_BLOCK);

  for (;;)
    {
      guint block = g_atomic_int_add (&job->next, 1);
      const guint32 *rows;
      gsize m;

      if (block >= job->n_blocks)
        break;
      rows = job->rows + (gsize) block * HIST_BLOCK;
      m = MIN (HIST_BLOCK, job->m - (gsize) block * HIST_BLOCK);
      for (gsize p = 0; p < m; p++)
        {
          g[p] = fit->grad[rows[p]];
          h[p] = fit->hess[rows[p]];
        }
      for (gsize j = 0; j < d; j++)
        {
          const guint8 *codes = fit->bins->codes + j * n;
          HBin *hist = job->parts + ((gsize) block * d + j) * MAX_BINS;

          memset (hist, 0, MAX_BINS * sizeof (HBin));
          for (gsize p = 0; p < m; p++)
            {
              HBin *bin = hist + codes[rows[p]];

              bin->g += g[p];
              bin->h += h[p];
              bin->n += 1;
            }
        }
    }
  return NULL;
}

/* The histograms of rows @rows (m of them) into @hist (d × MAX_BINS). */
static void
hist_build (const HBoostFit *fit,
            const guint32   *rows,
            gsize            m,
            HBin            *hist)
{
  gsize size = fit->d * MAX_BINS;
  guint n_blocks = MAX (1, (m + HIST_BLOCK - 1) / HIST_BLOCK);
  HistJob job = { fit, rows, m, n_blocks == 1 ? hist : fit->parts, n_blocks, 0 };
  guint threads = MIN (fit->threads, n_blocks);

  if (threads <= 1)
    hist_job_run (&job);
  else
    {
      g_autofree GThread **pool = g_new (GThread *, threads - 1);

      for (guint t = 0; t + 1 < threads; t++)
        pool[t] = g_thread_new ("sonde-histogram", hist_job_run, &job);
      hist_job_run (&job);
      for (guint t = 0; t + 1 < threads; t++)
        g_thread_join (pool[t]);
    }
  if (n_blocks == 1)
    return;
  memcpy (hist, fit->parts, size * sizeof (HBin));
  for (guint b = 1; b < n_blocks; b++)
    {
      const HBin *part = fit->parts + (gsize) b * size;

      for (gsize e = 0; e < size; e++)
        {
          hist[e].g += part[e].g;
          hist[e].h += part[e].h;
          hist[e].n += part[e].n;
        }
    }
}

/* The best split of @leaf from its histograms, as scikit-learn: the first
 * column, then the first bin, of the largest gain above zero. */
static void
hleaf_best_split (const HBoostFit *fit,
                  HLeaf           *leaf)
{
  double lambda = fit->l2;
  double n = leaf->end - leaf->start;
  double parent = leaf->sum_g * leaf->sum_g / (leaf->sum_h + lambda);

  leaf->gain = -1;
  leaf->feature = -1;
  if (leaf->depth >= fit->max_depth || n < 2 * fit->min_leaf)
    return;
  for (gsize j = 0; j < fit->d; j++)
    {
      const HBin *hist = leaf->hist + j * MAX_BINS;
      double gl = 0, hl = 0, nl = 0;

      for (guint b = 0; b + 1 < MAX_BINS; b++)
        {
          double gr, hr, gain;

          gl += hist[b].g;
          hl += hist[b].h;
          nl += hist[b].n;
          if (nl < fit->min_leaf)
            continue;
          if (n - nl < fit->min_leaf)
            break;
          if (hl < MIN_HESSIAN)
            continue;
          hr = leaf->sum_h - hl;
          if (hr < MIN_HESSIAN)
            break;
          gr = leaf->sum_g - gl;
          gain = gl * gl / (hl + lambda) + gr * gr / (hr + lambda) - parent;
          if (gain > leaf->gain && gain > 0)
            {
              leaf->gain = gain;
              leaf->feature = j;
              leaf->bin = b;
              leaf->left_g = gl;
              leaf->left_h = hl;
            }
        }
    }
}

/* Adds a node to @t for a leaf of @n rows with sums @g, @h. */
static guint32
hboost_add_node (Tree   *t,
                 double  n,
                 double  g,
                 double  h,
                 double  lambda)
{
  Node node = { -1, 0, 0, 0, n, -(g * g / (h + lambda)) / n };
  double value = -g / (h + lambda);
  guint32 id = t->nodes->len;

  g_array_append_val (t->nodes, node);
  g_array_append_val (t->values, value);
  return id;
}

/* Grows one tree on the training rows @m; returns it, and the leaves'
 * rows stay in fit->rows for the caller (@leaves, @n_leaves). */
static Tree *
hboost_grow (HBoostFit *fit,
             gsize      m,
             HLeaf    **leaves_out,
             guint     *n_leaves)
{
  Tree *t = tree_new (SONDE_TASK_REGRESSION, fit->d, 1);
  HLeaf *leaves = g_new0 (HLeaf, fit->max_leaves);
  gsize hist_size = fit->d * MAX_BINS;
  guint count = 1;

  leaves[0].start = 0;
  leaves[0].end = m;
  for (gsize p = 0; p < m; p++)
    {
      leaves[0].sum_g += fit->grad[fit->rows[p]];
      leaves[0].sum_h += fit->hess[fit->rows[p]];
    }
  leaves[0].id = hboost_add_node (t, m, leaves[0].sum_g, leaves[0].sum_h, fit->l2);
  leaves[0].hist = g_new (HBin, hist_size);
  hist_build (fit, fit->rows, m, leaves[0].hist);
  hleaf_best_split (fit, &leaves[0]);

  while (count < fit->max_leaves)
    {
      guint at = G_MAXUINT;
      HLeaf *leaf, *small, *large;
      HLeaf left = { 0 }, right = { 0 };
      const guint8 *codes;
      gsize a, z;

      for (guint l = 0; l < count; l++)
        if (leaves[l].feature >= 0 && (at == G_MAXUINT || leaves[l].gain > leaves[at].gain))
          at = l;
      if (at == G_MAXUINT)
        break;
      leaf = &leaves[at];

      /* A stable partition keeps each leaf's rows in increasing order. */
      codes = fit->bins->codes + (gsize) leaf->feature * fit->bins->n;
      a = leaf->start;
      z = 0;
      for (gsize p = leaf->start; p < leaf->end; p++)
        {
          guint32 r = fit->rows[p];

          if (codes[r] <= leaf->bin)
            fit->rows[a++] = r;
          else
            fit->tmp[z++] = r;
        }
      memcpy (fit->rows + a, fit->tmp, z * sizeof (guint32));

      left.start = leaf->start;
      left.end = a;
      right.start = a;
      right.end = leaf->end;
      left.depth = right.depth = leaf->depth + 1;
      left.sum_g = leaf->left_g;
      left.sum_h = leaf->left_h;
      right.sum_g = leaf->sum_g - leaf->left_g;
      right.sum_h = leaf->sum_h - leaf->left_h;
      NODE (t, leaf->id)->feature = leaf->feature;
      NODE (t, leaf->id)->threshold = fit->bins->edges[(gsize) leaf->feature * (MAX_BINS - 1) + leaf->bin];
      left.id = hboost_add_node (t, left.end - left.start, left.sum_g, left.sum_h, fit->l2);
      right.id = hboost_add_node (t, right.end - right.start, right.sum_g, right.sum_h, fit->l2);
      NODE (t, leaf->id)->left = left.id;
      NODE (t, leaf->id)->right = right.id;

      /* The smaller child's histograms, the larger's by subtraction. */
      small = left.end - left.start <= right.end - right.start ? &left : &right;
      large = small == &left ? &right : &left;
      small->hist = g_new (HBin, hist_size);
      hist_build (fit, fit->rows + small->start, small->end - small->start, small->hist);
      large->hist = leaf->hist;
      leaf->hist = NULL;
      for (gsize e = 0; e < hist_size; e++)
        {
          large->hist[e].g -= small->hist[e].g;
          large->hist[e].h -= small->hist[e].h;
          large->hist[e].n -= small->hist[e].n;
        }
      hleaf_best_split (fit, &left);
      hleaf_best_split (fit, &right);
      leaves[at] = left;
      leaves[count++] = right;
    }
  for (guint l = 0; l < count; l++)
    g_clear_pointer (&leaves[l].hist, g_free);
  *leaves_out = leaves;
  *n_leaves = count;
  return t;
}

/* The mean loss of rows @rows (m) at raw scores @raw (n × trees). */
static double
hboost_loss (const Boost   *b,
             const double  *y,
             const double  *raw,
             const guint32 *rows,
             gsize          m)
{
  double sum = 0;

  for (gsize p = 0; p < m; p++)
    {
      guint32 r = rows[p];
      const double *z = raw + (gsize) r * b->m;

      if (b->task == SONDE_TASK_REGRESSION)
        sum += 0.5 * (y[r] - z[0]) * (y[r] - z[0]);
      else if (b->m == 1)
        sum += (z[0] > 0 ? z[0] + log1p (exp (-z[0])) : log1p (exp (z[0]))) - y[r] * z[0];
      else
        {
          double top = -INFINITY, s = 0;

          for (guint c = 0; c < b->m; c++)
            top = MAX (top, z[c]);
          for (guint c = 0; c < b->m; c++)
            s += exp (z[c] - top);
          sum += top + log (s) - z[(guint) y[r]];
        }
    }
  return sum / m;
}

static gboolean
hboost_should_stop (const double *scores,
                    guint         n_scores,
                    guint         no_change,
                    double        tol)
{
  double reference;

  if (n_scores < no_change + 1)
    return FALSE;
  reference = scores[n_scores - no_change - 1] + tol;
  for (guint i = n_scores - no_change; i < n_scores; i++)
    if (scores[i] > reference)
      return FALSE;
  return TRUE;
}

static gpointer
hboost_fit (const SondeFitData *data,
            GError            **error)
{
  gsize n = data->n, d = data->d;
  gboolean classify = data->task == SONDE_TASK_CLASSIFICATION;
  const double *y = data->y;
  guint max_iter = data->params[H_MAX_ITER];
  int early = data->params[H_EARLY_STOPPING];
  gboolean stopping = early == 1 || (early == 0 && n > 10000);
  g_autoptr(Bins) bins = NULL;
  g_autofree guint32 *train = NULL, *val = NULL, *tmp = NULL;
  g_autofree float *grad = NULL, *hess = NULL;
  g_autofree double *raw = NULL, *scores = NULL, *probs = NULL;
  g_autoptr(GPtrArray) trees = g_ptr_array_new ();
  gsize n_train = 0, n_val = 0;
  HBoostFit fit = { 0 };
  guint n_scores = 0, iter;
  SondeRng rng;
  Boost *b;

  if (!check_rows (n, error))
    return NULL;

  b = g_new0 (Boost, 1);
  b->task = data->task;
  b->d = d;
  b->k = classify ? data->n_classes : 1;
  b->m = classify && data->n_classes > 2 ? data->n_classes : 1;
  b->rate = data->params[H_LEARNING_RATE];
  b->init = g_new0 (double, b->m);
  b->threads = resolve_threads (data->params[H_THREADS]);

  /* The validation rows, stratified for classes: the rows shuffled, then
   * taken in that order while their class still wants some. */
  train = g_new (guint32, n);
  sonde_rng_init (&rng, (guint64) data->params[H_SEED], 1);
  if (stopping)
    {
      guint n_groups = classify ? b->k : 1;
      g_autofree double *want = g_new0 (double, n_groups);
      g_autofree guint32 *order = g_new (guint32, n);

      for (gsize i = 0; i < n; i++)
        {
          order[i] = i;
          want[classify ? (guint) y[i] : 0] += 1;
        }
      for (guint c = 0; c < n_groups; c++)
        want[c] = ceil (want[c] * data->params[H_VALIDATION_FRACTION] - 1e-9);
      sonde_rng_shuffle (&rng, order, n);
      val = g_new (guint32, n);
      for (gsize i = 0; i < n; i++)
        {
          guint c = classify ? (guint) y[order[i]] : 0;

          if (want[c] > 0)
            {
              want[c] -= 1;
              val[n_val++] = order[i];
            }
        }
      /* Both in increasing order. */
      memset (order, 0, n * sizeof (guint32));
      for (gsize p = 0; p < n_val; p++)
        order[val[p]] = 1;
      n_val = 0;
      for (gsize i = 0; i < n; i++)
        if (order[i])
          val[n_val++] = i;
        else
          train[n_train++] = i;
      if (n_train < 2 || n_val < 1)
        {
          g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                       _("Early stopping keeps %g of the %zu rows for validation, which leaves too few to learn from; turn early_stopping off or give more rows."),
                       data->params[H_VALIDATION_FRACTION], n);
          boost_free (b);
          return NULL;
        }
    }
  else
    for (gsize i = 0; i < n; i++)
      train[n_train++] = i;

  /* The starting scores, from the training rows. */
  if (!classify)
    {
      for (gsize p = 0; p < n_train; p++)
        b->init[0] += y[train[p]];
      b->init[0] /= n_train;
    }
  else
    {
      g_autofree double *share = g_new0 (double, b->k);

      for (gsize p = 0; p < n_train; p++)
        share[(guint) y[train[p]]] += 1;
      for (guint c = 0; c < b->k; c++)
        share[c] = CLAMP (share[c] / n_train, DBL_EPSILON, 1 - DBL_EPSILON);
      if (b->m == 1)
        b->init[0] = log (share[1] / (1 - share[1]));
      else
        {
          double mean = 0;

          for (guint c = 0; c < b->m; c++)
            mean += (b->init[c] = log (share[c])) / b->m;
          for (guint c = 0; c < b->m; c++)
            b->init[c] -= mean;
        }
    }

  bins = bins_new (data, (guint64) data->params[H_SEED], b->threads);
  raw = g_new (double, n * b->m);
  for (gsize i = 0; i < n; i++)
    memcpy (raw + i * b->m, b->init, b->m * sizeof (double));
  grad = g_new (float, n * b->m);
  hess = g_new (float, n * b->m);
  tmp = g_new (guint32, n);
  probs = g_new (double, b->m);
  scores = g_new (double, max_iter + 1);
  fit.data = data;
  fit.bins = bins;
  fit.d = d;
  fit.threads = b->threads;
  fit.l2 = data->params[H_L2];
  fit.min_leaf = data->params[H_MIN_LEAF];
  fit.max_depth = data->params[H_MAX_DEPTH];
  fit.max_leaves = data->params[H_MAX_LEAF_NODES];
  fit.tmp = tmp;
  fit.rows = g_new (guint32, n_train);
  fit.parts = g_new (HBin, ((n_train + HIST_BLOCK - 1) / HIST_BLOCK) * d * MAX_BINS);
  if (stopping)
    scores[n_scores++] = -hboost_loss (b, y, raw, val, n_val);

  for (iter = 0; iter < max_iter; iter++)
    {
      if (sonde_fit_cancelled (data, error))
        {
          g_free (fit.rows);
          g_free (fit.parts);
          b->n_stages = iter;
          b->trees = (Tree **) g_ptr_array_free (g_steal_pointer (&trees), FALSE);
          boost_free (b);
          return NULL;
        }
      /* The gradients and hessians of every training row and tree, as
       * floats (class c's at grad + c n). */
      for (gsize p = 0; p < n_train; p++)
        {
          guint32 r = train[p];
          const double *z = raw + (gsize) r * b->m;

          if (!classify)
            {
              grad[r] = z[0] - y[r];
              hess[r] = 1;
            }
          else if (b->m == 1)
            {
              double q = sigmoid (z[0]);

              grad[r] = q - y[r];
              hess[r] = q * (1 - q);
            }
          else
            {
              memcpy (probs, z, b->m * sizeof (double));
              softmax (probs, b->m);
              for (guint c = 0; c < b->m; c++)
                {
                  grad[c * n + r] = probs[c] - (y[r] == c);
                  hess[c * n + r] = probs[c] * (1 - probs[c]);
                }
            }
        }
      for (guint c = 0; c < b->m; c++)
        {
          HLeaf *leaves = NULL;
          guint n_leaves = 0;
          Tree *t;

          fit.grad = grad + (gsize) c * n;
          fit.hess = hess + (gsize) c * n;
          memcpy (fit.rows, train, n_train * sizeof (guint32));
          t = hboost_grow (&fit, n_train, &leaves, &n_leaves);
          g_ptr_array_add (trees, t);
          for (guint l = 0; l < n_leaves; l++)
            {
              double step = b->rate * VALUE (t, leaves[l].id)[0];

              for (gsize p = leaves[l].start; p < leaves[l].end; p++)
                raw[(gsize) fit.rows[p] * b->m + c] += step;
            }
          g_free (leaves);
          if (stopping)
            for (gsize p = 0; p < n_val; p++)
              raw[(gsize) val[p] * b->m + c] += b->rate * leaf_value (t, data->x + (gsize) val[p] * d)[0];
        }
      if (stopping)
        {
          scores[n_scores++] = -hboost_loss (b, y, raw, val, n_val);
          if (hboost_should_stop (scores, n_scores, data->params[H_N_ITER_NO_CHANGE], data->params[H_TOL]))
            {
              iter++;
              break;
            }
        }
    }
  g_free (fit.rows);
  g_free (fit.parts);
  b->n_stages = iter;
  b->trees = (Tree **) g_ptr_array_free (g_steal_pointer (&trees), FALSE);
  b->flat = g_new (Flat *, (gsize) b->n_stages * b->m);
  for (guint t = 0; t < b->n_stages * b->m; t++)
    b->flat[t] = flatten (b->trees[t]);
  return b;
}

static gpointer
hboost_load (JsonObject         *o,
             const SondeFitData *shape,
             GError            **error)
{
  Boost *b = boost_load (o, shape, error);

  if (b == NULL)
    return NULL;
  b->threads = resolve_threads (0);
  b->flat = g_new (Flat *, (gsize) b->n_stages * b->m);
  for (guint t = 0; t < b->n_stages * b->m; t++)
    b->flat[t] = flatten (b->trees[t]);
  return b;
}

static void
hboost_predict (gconstpointer  model,
                const double  *x,
                gsize          n,
                double        *out)
{
  const Boost *b = model;

  run_on_rows (boost_predict, model, x, n, b->d, out, 1, b->threads);
}

static void
hboost_predict_proba (gconstpointer  model,
                      const double  *x,
                      gsize          n,
                      double        *out)
{
  const Boost *b = model;

  run_on_rows (boost_predict_proba, model, x, n, b->d, out, b->k, b->threads);
}

/* The total gain of each column's splits over all trees, normalised. */
static gboolean
hboost_importance (gconstpointer  model,
                   double        *out)
{
  const Boost *b = model;
  guint leaves = 0, max_depth = 0;

  memset (out, 0, sizeof (double) * b->d);
  for (guint t = 0; t < b->n_stages * b->m; t++)
    tree_importance (b->trees[t], out, &leaves, &max_depth);
  return normalise (out, b->d);
}

static char *
hboost_describe (gconstpointer       model,
                 const char * const *names)
{
  const Boost *b = model;
  g_autofree double *importance = g_new0 (double, b->d);
  guint leaves = 0, max_depth = 0;
  double total = 0;
  gsize top;

  for (guint t = 0; t < b->n_stages * b->m; t++)
    total += tree_importance (b->trees[t], importance, &leaves, &max_depth);
  top = top_feature (importance, b->d);
  if (total <= 0)
    return g_strdup_printf (_("%u iterations of trees, none of which found a split."), b->n_stages);
  return g_strdup_printf (_("%u iterations of %u trees each (%.1f leaves a tree on average), added with a learning rate of %g; the column that matters most is “%s” (%.0f %% of the gain)."),
                          b->n_stages, b->m, (double) leaves / (b->n_stages * b->m), b->rate,
                          names[top], 100 * importance[top] / total);
}

const SondeLearnerClass sonde_learner_hist_gradient_boosting = {
  .name = "hist-gradient-boosting",
  .label = N_("Histogram gradient boosting"),
  .classifies = TRUE,
  .regresses = TRUE,
  .params = hist_params,
  .n_params = H_N_PARAMS,
  .fit = hboost_fit,
  .predict = hboost_predict,
  .predict_proba = hboost_predict_proba,
  .free = boost_free,
  .save = boost_save,
  .load = hboost_load,
  .describe = hboost_describe,
  .importance = hboost_importance,
};
