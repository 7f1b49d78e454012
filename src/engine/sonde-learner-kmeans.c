/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sonde-learner"

/* k-means clustering, as scikit-learn 1.2's KMeans (algorithm="lloyd"):
 * the greedy k-means++ start of Arthur and Vassilvitskii (2007), trying
 * 2 + ⌊ln k⌋ candidates for each new centre and keeping the one that
 * lowers the sum of squared distances most; then Lloyd's iterations
 * (each row to its nearest centre, each centre to the mean of its rows)
 * until the centres move by at most tol times the mean variance of the
 * columns (squared, summed) or max_iter; a cluster left empty takes the
 * row farthest from its centre. The whole is run n_init times from
 * different starts and the run with the least inertia (the sum of squared
 * distances to the centres) is kept. Randomness comes from the seed
 * parameter through SplitMix64, so a seed gives the same clusters
 * everywhere; scikit-learn's own draws (NumPy's) differ, so the clusters
 * match scikit-learn's when the optimum is clear, not start for start.
 *
 * Cost: O(n k d) an iteration, n × k distances kept during the start.
 * The assignment step is spread over the threads parameter's threads by
 * chunks of rows whose partial sums are added in chunk order, so the
 * clusters do not depend on the number of threads.
 */

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "sonde-error.h"
#include "sonde-learner-private.h"

enum { P_K, P_N_INIT, P_MAX_ITER, P_TOL, P_SEED, P_THREADS, N_PARAMS };

static const SondeParamSpec kmeans_params[N_PARAMS] = {
  { "n_clusters", SONDE_PARAM_INT, 1, G_MAXDOUBLE, 8, NULL,
    N_("How many clusters to form") },
  { "n_init", SONDE_PARAM_INT, 1, 1000, 10, NULL,
    N_("How many starts to try; the best run is kept") },
  { "max_iter", SONDE_PARAM_INT, 1, 1000000, 300, NULL,
    N_("The most iterations of one run") },
  { "tol", SONDE_PARAM_DOUBLE, 0, G_MAXDOUBLE, 1e-4, NULL,
    N_("A run stops when the centres move less than this, relative to the columns' variance") },
  { "seed", SONDE_PARAM_INT, 0, 4294967295.0, 0, NULL,
    N_("The seed of the random starts: the same seed gives the same clusters") },
  { "threads", SONDE_PARAM_INT, 0, 1024, 0, NULL,
    N_("How many threads assign the rows to their centres (0: one per processor); the clusters do not depend on it") },
};

typedef struct
{
  gsize   d;
  guint   k;
  double *centers;    /* k × d */
  double *sizes;      /* k: training rows in each */
  double  inertia;
  guint   n_iter;
} KMeans;

static void
kmeans_free (gpointer data)
{
  KMeans *m = data;

  g_free (m->centers);
  g_free (m->sizes);
  g_free (m);
}

static inline double
sq_dist (const double *a,
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

/* The candidates of one k-means++ step: each row's distance to its
 * nearest centre if each candidate were added, by chunks of rows that
 * the threads take in turn, and each chunk's sums, added in chunk order
 * afterwards so that the draws do not depend on the number of threads. */
#define PLUS_CHUNK 8192

typedef struct
{
  const double *x;
  gsize         n;
  gsize         d;
  guint         trials;
  const gsize  *rows;       /* trials */
  const double *closest;    /* n */
  double       *candidate;  /* trials × n */
  double       *part;       /* n_chunks × trials */
  guint         n_chunks;
  gint          next;
} PlusPass;

static gpointer
plus_worker (gpointer user_data)
{
  PlusPass *p = user_data;

  for (;;)
    {
      guint chunk = g_atomic_int_add (&p->next, 1);
      gsize start, end;
      double *part;

      if (chunk >= p->n_chunks)
        break;
      start = (gsize) chunk * PLUS_CHUNK;
      end = MIN (p->n, start + PLUS_CHUNK);
      part = p->part + (gsize) chunk * p->trials;
      for (guint t = 0; t < p->trials; t++)
        {
          const double *c = p->x + p->rows[t] * p->d;
          double *cand = p->candidate + (gsize) t * p->n;
          double sum = 0;

          for (gsize i = start; i < end; i++)
            sum += cand[i] = MIN (p->closest[i], sq_dist (p->x + i * p->d, c, p->d));
          part[t] = sum;
        }
    }
  return NULL;
}

static void
run_workers (GThreadFunc  func,
             gpointer     data,
             guint        threads,
             guint        n_chunks)
{
  threads = MIN (threads, n_chunks);
  if (threads <= 1)
    func (data);
  else
    {
      g_autofree GThread **pool = g_new (GThread *, threads - 1);

      for (guint t = 0; t + 1 < threads; t++)
        pool[t] = g_thread_new ("sonde-kmeans", func, data);
      func (data);
      for (guint t = 0; t + 1 < threads; t++)
        g_thread_join (pool[t]);
    }
}

/* Greedy k-means++ into @centers. */
static void
plus_plus (const double *x,
           gsize         n,
           gsize         d,
           guint         k,
           guint         threads,
           SondeRng     *rng,
           double       *centers)
{
  guint trials = 2 + (guint) log (k);
  guint n_chunks = (n + PLUS_CHUNK - 1) / PLUS_CHUNK;
  g_autofree double *closest = g_new (double, n);
  g_autofree double *candidate = g_new (double, (gsize) trials * n);
  g_autofree double *part = g_new (double, (gsize) n_chunks * trials);
  g_autofree gsize *rows = g_new (gsize, trials);
  PlusPass p = { x, n, d, trials, rows, closest, candidate, part, n_chunks, 0 };
  double pot = 0;
  gsize first = sonde_rng_below (rng, n);

  memcpy (centers, x + first * d, d * sizeof (double));
  for (gsize i = 0; i < n; i++)
    pot += closest[i] = sq_dist (x + i * d, centers, d);

  for (guint c = 1; c < k; c++)
    {
      double best_pot = G_MAXDOUBLE;
      guint best = 0;

      /* The candidates, drawn in proportion to their distance. */
      for (guint t = 0; t < trials; t++)
        {
          double r = sonde_rng_uniform (rng) * pot, acc = 0;

          rows[t] = n - 1;
          for (gsize i = 0; i < n; i++)
            {
              acc += closest[i];
              if (acc > r)
                {
                  rows[t] = i;
                  break;
                }
            }
        }
      p.next = 0;
      run_workers (plus_worker, &p, threads, n_chunks);
      for (guint t = 0; t < trials; t++)
        {
          double cand_pot = 0;

          for (guint chunk = 0; chunk < n_chunks; chunk++)
            cand_pot += part[(gsize) chunk * trials + t];
          if (cand_pot < best_pot)
            {
              best_pot = cand_pot;
              best = t;
            }
        }
      memcpy (centers + (gsize) c * d, x + rows[best] * d, d * sizeof (double));
      memcpy (closest, candidate + (gsize) best * n, n * sizeof (double));
      pot = best_pot;
    }
}

/* One assignment pass over the rows, split into chunks of CHUNK rows
 * that the threads take in turn. Each chunk keeps its own sums, sizes and
 * inertia, added up in chunk order afterwards, so the result does not
 * depend on the number of threads. The distances use the expansion
 * ‖x − c‖² = ‖x‖² − 2 x·c + ‖c‖² with the centres transposed (d × k), so
 * the inner loop runs over the centres and vectorises; when the two
 * nearest centres are too close for that expansion's rounding, the row is
 * assigned again with exact distances, so assignments are those of the
 * plain computation. */
#define CHUNK 8192

typedef struct
{
  const double *x;
  gsize         n;
  gsize         d;
  guint         k;
  const double *centers;    /* k × d */
  double       *ct;         /* d × k */
  double       *cnorm;      /* k */
  double        cmax;
  guint        *label;      /* n, or NULL */
  double       *dist;       /* n, or NULL */
  double       *sums;       /* n_chunks × k × d, or NULL */
  double       *sizes;      /* n_chunks × k */
  double       *inertia;    /* n_chunks */
  guint         n_chunks;
  gint          next;
} Pass;

static guint
nearest_exact (const double *row,
               const double *centers,
               gsize         d,
               guint         k,
               double       *dist)
{
  double best = G_MAXDOUBLE;
  guint at = 0;

  for (guint c = 0; c < k; c++)
    {
      double e = sq_dist (row, centers + (gsize) c * d, d);

      if (e < best)
        {
          best = e;
          at = c;
        }
    }
  *dist = best;
  return at;
}

static gpointer
pass_worker (gpointer user_data)
{
  Pass *p = user_data;
  gsize d = p->d;
  guint k = p->k;
  g_autofree double *acc = g_new (double, k);

  for (;;)
    {
      guint chunk = g_atomic_int_add (&p->next, 1);
      gsize start, end;
      double *sums, *sizes, inertia = 0;

      if (chunk >= p->n_chunks)
        break;
      start = (gsize) chunk * CHUNK;
      end = MIN (p->n, start + CHUNK);
      sums = p->sums != NULL ? p->sums + (gsize) chunk * k * d : NULL;
      sizes = p->sizes + (gsize) chunk * k;
      if (sums != NULL)
        memset (sums, 0, (gsize) k * d * sizeof (double));
      memset (sizes, 0, k * sizeof (double));
      for (gsize i = start; i < end; i++)
        {
          const double *row = p->x + i * d;
          double xx = 0, best = G_MAXDOUBLE, second = G_MAXDOUBLE, e;
          guint at = 0;

          for (guint c = 0; c < k; c++)
            acc[c] = p->cnorm[c];
          for (gsize j = 0; j < d; j++)
            {
              double v = -2 * row[j];
              const double *col = p->ct + j * k;

              xx += row[j] * row[j];
              for (guint c = 0; c < k; c++)
                acc[c] += v * col[c];
            }
          for (guint c = 0; c < k; c++)
            {
              if (acc[c] < best)
                {
                  second = best;
                  best = acc[c];
                  at = c;
                }
              else if (acc[c] < second)
                second = acc[c];
            }
          if (second - best <= 1e-9 * (xx + p->cmax))
            at = nearest_exact (row, p->centers, d, k, &e);
          else
            e = sq_dist (row, p->centers + (gsize) at * d, d);
          if (p->label != NULL)
            p->label[i] = at;
          if (p->dist != NULL)
            p->dist[i] = e;
          inertia += e;
          sizes[at] += 1;
          if (sums != NULL)
            for (gsize j = 0; j < d; j++)
              sums[(gsize) at * d + j] += row[j];
        }
      p->inertia[chunk] = inertia;
    }
  return NULL;
}

/* Assigns every row to its nearest centre with @threads threads; adds
 * the sizes into @sizes (k), the row sums into @next (k × d) when not
 * NULL, and returns the inertia. */
static double
assign (Pass         *p,
        const double *centers,
        guint         threads,
        double       *sizes,
        double       *next)
{
  gsize d = p->d;
  guint k = p->k;
  double inertia = 0;

  p->centers = centers;
  p->cmax = 0;
  for (guint c = 0; c < k; c++)
    {
      p->cnorm[c] = 0;
      for (gsize j = 0; j < d; j++)
        {
          double v = centers[(gsize) c * d + j];

          p->ct[j * k + c] = v;
          p->cnorm[c] += v * v;
        }
      p->cmax = MAX (p->cmax, p->cnorm[c]);
    }
  p->next = 0;
  run_workers (pass_worker, p, threads, p->n_chunks);

  memset (sizes, 0, k * sizeof (double));
  if (next != NULL)
    memset (next, 0, (gsize) k * d * sizeof (double));
  for (guint chunk = 0; chunk < p->n_chunks; chunk++)
    {
      inertia += p->inertia[chunk];
      for (guint c = 0; c < k; c++)
        sizes[c] += p->sizes[(gsize) chunk * k + c];
      if (next != NULL)
        for (gsize e = 0; e < (gsize) k * d; e++)
          next[e] += p->sums[(gsize) chunk * k * d + e];
    }
  return inertia;
}

/* One run of Lloyd's iterations from @centers; returns the inertia. */
static double
lloyd (const double *x,
       gsize         n,
       gsize         d,
       guint         k,
       guint         max_iter,
       double        tol,
       guint         threads,
       double       *centers,
       double       *sizes,
       guint        *n_iter)
{
  g_autofree double *dist = g_new (double, n);
  g_autofree double *next = g_new (double, (gsize) k * d);
  g_autofree double *ct = g_new (double, (gsize) k * d);
  g_autofree double *cnorm = g_new (double, k);
  guint n_chunks = (n + CHUNK - 1) / CHUNK;
  g_autofree double *sums = g_new (double, (gsize) n_chunks * k * d);
  g_autofree double *chunk_sizes = g_new (double, (gsize) n_chunks * k);
  g_autofree double *chunk_inertia = g_new (double, n_chunks);
  Pass p = { x, n, d, k, NULL, ct, cnorm, 0, NULL, dist, sums, chunk_sizes, chunk_inertia, n_chunks, 0 };
  guint iter;

  for (iter = 0; iter < max_iter; iter++)
    {
      double shift = 0;

      assign (&p, centers, threads, sizes, next);
      for (guint c = 0; c < k; c++)
        {
          if (sizes[c] == 0)
            {
              /* An empty cluster restarts at the row farthest from its
               * centre, which then leaves its own cluster. */
              gsize far = 0;

              for (gsize i = 1; i < n; i++)
                if (dist[i] > dist[far])
                  far = i;
              memcpy (next + (gsize) c * d, x + far * d, d * sizeof (double));
              dist[far] = 0;
              continue;
            }
          for (gsize j = 0; j < d; j++)
            next[(gsize) c * d + j] /= sizes[c];
        }
      for (guint c = 0; c < k; c++)
        shift += sq_dist (next + (gsize) c * d, centers + (gsize) c * d, d);
      memcpy (centers, next, (gsize) k * d * sizeof (double));
      if (shift <= tol)
        {
          iter++;
          break;
        }
    }

  /* The final assignment, its sizes and inertia. */
  p.sums = NULL;
  p.dist = NULL;
  *n_iter = iter;
  return assign (&p, centers, threads, sizes, NULL);
}

static guint
resolve_threads (double threads)
{
  return threads >= 1 ? (guint) threads : MAX (1, g_get_num_processors ());
}

static gpointer
kmeans_fit (const SondeFitData *data,
            GError            **error)
{
  gsize n = data->n, d = data->d;
  guint k = data->params[P_K];
  guint n_init = data->params[P_N_INIT];
  double tol = data->params[P_TOL], mean_var = 0;
  guint threads = resolve_threads (data->params[P_THREADS]);
  g_autofree double *centers = NULL;
  g_autofree double *sizes = NULL;
  KMeans *m;
  SondeRng rng;

  if (k > n)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                   _("n_clusters is %u but there are only %zu rows; ask for fewer clusters."), k, n);
      return NULL;
    }

  for (gsize j = 0; j < d; j++)
    {
      double s = 0, ss = 0;

      for (gsize i = 0; i < n; i++)
        s += data->x[i * d + j];
      s /= n;
      for (gsize i = 0; i < n; i++)
        ss += (data->x[i * d + j] - s) * (data->x[i * d + j] - s);
      mean_var += ss / n;
    }
  tol *= mean_var / d;

  m = g_new0 (KMeans, 1);
  m->d = d;
  m->k = k;
  m->centers = g_new (double, (gsize) k * d);
  m->sizes = g_new (double, k);
  m->inertia = G_MAXDOUBLE;
  centers = g_new (double, (gsize) k * d);
  sizes = g_new (double, k);
  sonde_rng_init (&rng, (guint64) data->params[P_SEED], 0);
  for (guint run = 0; run < n_init; run++)
    {
      guint iters;
      double inertia;

      if (sonde_fit_cancelled (data, error))
        {
          kmeans_free (m);
          return NULL;
        }

      plus_plus (data->x, n, d, k, threads, &rng, centers);
      inertia = lloyd (data->x, n, d, k, data->params[P_MAX_ITER], tol, threads, centers, sizes, &iters);
      if (inertia < m->inertia)
        {
          m->inertia = inertia;
          m->n_iter = iters;
          memcpy (m->centers, centers, (gsize) k * d * sizeof (double));
          memcpy (m->sizes, sizes, k * sizeof (double));
        }
    }
  return m;
}

static void
kmeans_predict (gconstpointer  model,
                const double  *x,
                gsize          n,
                double        *out)
{
  const KMeans *m = model;

  for (gsize i = 0; i < n; i++)
    {
      double best = G_MAXDOUBLE;
      guint at = 0;

      for (guint c = 0; c < m->k; c++)
        {
          double e = sq_dist (x + i * m->d, m->centers + (gsize) c * m->d, m->d);

          if (e < best)
            {
              best = e;
              at = c;
            }
        }
      out[i] = at;
    }
}

static void
kmeans_save (gconstpointer  model,
             JsonBuilder   *b)
{
  const KMeans *m = model;

  json_builder_set_member_name (b, "n_clusters");
  json_builder_add_int_value (b, m->k);
  sonde_json_add_doubles (b, "centers", m->centers, (gsize) m->k * m->d);
  sonde_json_add_doubles (b, "sizes", m->sizes, m->k);
  json_builder_set_member_name (b, "inertia");
  json_builder_add_double_value (b, m->inertia);
  json_builder_set_member_name (b, "iterations");
  json_builder_add_int_value (b, m->n_iter);
}

static gpointer
kmeans_load (JsonObject         *o,
             const SondeFitData *shape,
             GError            **error)
{
  KMeans *m = g_new0 (KMeans, 1);
  double k;

  m->d = shape->d;
  if (!sonde_json_get_number (o, "n_clusters", &k, error) || k < 1 || k != floor (k) || k > G_MAXUINT32 ||
      (m->k = k, (m->centers = sonde_json_get_doubles (o, "centers", (gsize) m->k * m->d, error)) == NULL) ||
      (m->sizes = sonde_json_get_doubles (o, "sizes", m->k, error)) == NULL ||
      !sonde_json_get_number (o, "inertia", &m->inertia, error))
    {
      if (error != NULL && *error == NULL)
        g_set_error_literal (error, SONDE_ERROR, SONDE_ERROR_PARSE,
                             _("The model file is damaged: its number of clusters is not a whole number."));
      kmeans_free (m);
      return NULL;
    }
  m->n_iter = json_object_get_int_member_with_default (o, "iterations", 0);
  return m;
}

static char *
kmeans_describe (gconstpointer       model,
                 const char * const *names)
{
  const KMeans *m = model;
  g_autoptr(GString) sizes = g_string_new (NULL);

  for (guint c = 0; c < m->k; c++)
    g_string_append_printf (sizes, "%s%.0f", c > 0 ? ", " : "", m->sizes[c]);
  return g_strdup_printf (_("It found %u clusters, of %s rows; the sum of squared distances to their centres is %g. Columns with large values weigh most, so standardise them first if their units differ."),
                          m->k, sizes->str, m->inertia);
}

const SondeLearnerClass sonde_learner_kmeans = {
  .name = "kmeans",
  .label = N_("k-means"),
  .clusters = TRUE,
  .params = kmeans_params,
  .n_params = N_PARAMS,
  .fit = kmeans_fit,
  .predict = kmeans_predict,
  .free = kmeans_free,
  .save = kmeans_save,
  .load = kmeans_load,
  .describe = kmeans_describe,
};
