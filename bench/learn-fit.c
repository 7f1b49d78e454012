/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-learn-fit"

/* Times the fit and prediction of each learner on a synthetic
 * classification problem given on the command line (rows, columns;
 * 1 000 000 × 10 by default): columns uniform in [0, 1) from SplitMix64,
 * the class 1 when a noisy linear score of the first three columns is
 * positive (10 % of labels flipped), so trees grow deep. Prints one line
 * per learner: fit seconds, predict seconds, training accuracy.
 *
 *   _build/bench/learn-fit [ROWS [COLUMNS [LEARNER…]]]
 *
 * The matching scikit-learn figures come from the same data written by
 * `--csv FILE` (then, in Python: DecisionTreeClassifier().fit(X, y)
 * timed with time.perf_counter()); nothing is compared automatically.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sonde-engine.h"

static guint64
splitmix (guint64 *state)
{
  guint64 z = (*state += G_GUINT64_CONSTANT (0x9E3779B97F4A7C15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xBF58476D1CE4E5B9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94D049BB133111EB);
  return z ^ (z >> 31);
}

int
main (int   argc,
      char *argv[])
{
  gsize n = argc > 1 ? strtoull (argv[1], NULL, 10) : 1000000;
  gsize d = argc > 2 ? strtoull (argv[2], NULL, 10) : 10;
  const char *all[] = { "cart", "gaussian-nb", "logistic", "ridge", "knn", "kmeans", NULL };
  const char * const *names = argc > 3 ? (const char * const *) argv + 3 : all;
  g_autofree double *x = g_new (double, n * d);
  g_autofree double *y = g_new (double, n);
  g_autofree double *pred = g_new (double, n);
  guint64 state = 42;

  sonde_engine_init ();
  for (gsize i = 0; i < n; i++)
    {
      double score;

      for (gsize j = 0; j < d; j++)
        x[i * d + j] = (splitmix (&state) >> 11) * 0x1.0p-53;
      score = x[i * d] + 0.5 * x[i * d + 1 % d] - 0.8 * x[i * d + 2 % d] - 0.35;
      y[i] = score > 0;
      if (splitmix (&state) % 10 == 0)
        y[i] = 1 - y[i];
    }

  for (guint l = 0; names[l] != NULL; l++)
    {
      g_autoptr(SondeLearner) learner = NULL;
      g_autoptr(GError) error = NULL;
      gint64 t0, t1, t2;
      gsize hits = 0;
      gsize m = strcmp (names[l], "knn") == 0 ? MIN (n, 10000) : n;   /* kNN predicts in O(n) a row */
      SondeTask task = strcmp (names[l], "ridge") == 0 ? SONDE_TASK_REGRESSION
                       : strcmp (names[l], "kmeans") == 0 ? SONDE_TASK_CLUSTERING
                       : SONDE_TASK_CLASSIFICATION;

      if ((learner = sonde_learner_new (names[l], &error)) == NULL)
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      if (strcmp (names[l], "kmeans") == 0)
        {
          sonde_learner_set_param (learner, "n_clusters", "8", NULL);
          sonde_learner_set_param (learner, "n_init", "1", NULL);
        }
      t0 = g_get_monotonic_time ();
      if (!sonde_learner_fit_matrix (learner, task, x, n, d, task == SONDE_TASK_CLUSTERING ? NULL : y,
                                     task == SONDE_TASK_CLASSIFICATION ? 2 : 0, &error))
        {
          g_printerr ("%s: %s\n", names[l], error->message);
          return 1;
        }
      t1 = g_get_monotonic_time ();
      sonde_learner_predict_matrix (learner, x, m, pred);
      t2 = g_get_monotonic_time ();
      for (gsize i = 0; i < m; i++)
        hits += task == SONDE_TASK_REGRESSION ? (pred[i] > 0.5) == (y[i] > 0.5) : pred[i] == y[i];
      printf ("%-12s %zu × %zu: fit %.3f s, predict %zu rows %.3f s, training accuracy %.4f\n",
              names[l], n, d, (t1 - t0) / 1e6, m, (t2 - t1) / 1e6, (double) hits / m);
    }
  return 0;
}
