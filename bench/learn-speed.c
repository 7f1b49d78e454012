/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-learn-speed"

/* Times one learner's fit, and its prediction of held-out rows, on data
 * written by bench/learn-speed.sh as raw little-endian doubles
 * (PREFIX.x: rows of D values; PREFIX.y: the class, 0 or 1):
 *
 *   _build/bench/learn-speed LEARNER D TRAIN_PREFIX [TEST_PREFIX] [PARAM=VALUE…]
 *
 * Prints one line: the fit seconds, then for a classifier with a test
 * set the prediction seconds and the test AUC, for k-means the number of
 * Lloyd iterations. The fit alone is timed, from the matrix in memory,
 * as scikit-learn's figures in learn-speed.sh are. */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sonde-engine.h"

static double *
read_doubles (const char *prefix,
              const char *ext,
              gsize      *count)
{
  g_autofree char *path = g_strconcat (prefix, ext, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, &error))
    {
      g_printerr ("%s\n", error->message);
      exit (1);
    }
  *count = length / sizeof (double);
  return (double *) (gpointer) contents;
}

static int
compare_scores (const void *a,
                const void *b)
{
  const double *u = a, *v = b;

  return (u[0] > v[0]) - (u[0] < v[0]);
}

/* The area under the ROC curve by ranks (ties get their mean rank). */
static double
auc (const double *score,
     const double *y,
     gsize         n)
{
  g_autofree double *pairs = g_new (double, 2 * n);
  double rank_sum = 0, pos = 0;

  for (gsize i = 0; i < n; i++)
    {
      pairs[2 * i] = score[i];
      pairs[2 * i + 1] = y[i];
    }
  qsort (pairs, n, 2 * sizeof (double), compare_scores);
  for (gsize i = 0; i < n;)
    {
      gsize j = i;
      double mean_rank;

      while (j < n && pairs[2 * j] == pairs[2 * i])
        j++;
      mean_rank = (i + 1 + j) / 2.0;
      for (gsize q = i; q < j; q++)
        if (pairs[2 * q + 1] > 0.5)
          {
            rank_sum += mean_rank;
            pos += 1;
          }
      i = j;
    }
  return (rank_sum - pos * (pos + 1) / 2) / (pos * (n - pos));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(SondeLearner) learner = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree double *x = NULL, *y = NULL, *tx = NULL, *ty = NULL, *proba = NULL;
  g_autofree char *json = NULL;
  const char *test = NULL;
  gboolean clusters;
  gsize d, cells, n, tcells = 0, tn = 0;
  gint64 t0, t1, t2;
  int first_param = 4;

  if (argc < 4)
    {
      g_printerr ("usage: learn-speed LEARNER D TRAIN_PREFIX [TEST_PREFIX] [PARAM=VALUE…]\n");
      return 2;
    }
  sonde_engine_init ();
  clusters = strcmp (argv[1], "kmeans") == 0;
  d = strtoull (argv[2], NULL, 10);
  x = read_doubles (argv[3], ".x", &cells);
  n = cells / d;
  if (!clusters)
    y = read_doubles (argv[3], ".y", &cells);
  if (argc > 4 && strchr (argv[4], '=') == NULL)
    {
      test = argv[4];
      first_param = 5;
      tx = read_doubles (test, ".x", &tcells);
      ty = read_doubles (test, ".y", &tn);
    }
  if ((learner = sonde_learner_new (argv[1], &error)) == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  for (int a = first_param; a < argc; a++)
    {
      g_auto(GStrv) kv = g_strsplit (argv[a], "=", 2);

      if (kv[1] == NULL || !sonde_learner_set_param (learner, kv[0], kv[1], &error))
        {
          g_printerr ("%s: %s\n", argv[a], error != NULL ? error->message : "expected PARAM=VALUE");
          return 1;
        }
    }

  t0 = g_get_monotonic_time ();
  if (!sonde_learner_fit_matrix (learner, clusters ? SONDE_TASK_CLUSTERING : SONDE_TASK_CLASSIFICATION,
                                 x, n, d, y, clusters ? 0 : 2, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  t1 = g_get_monotonic_time ();
  printf ("%s %zu × %zu: fit %.3f s", argv[1], n, d, (t1 - t0) / 1e6);
  if (clusters)
    {
      const char *it;

      json = sonde_learner_to_json (learner, NULL);
      it = json != NULL ? strstr (json, "\"iterations\"") : NULL;
      if (it != NULL)
        printf (", iterations %d", atoi (strchr (it, ':') + 1));
    }
  else if (test != NULL)
    {
      g_autofree double *score = g_new (double, tn);

      proba = g_new (double, tn * 2);
      t1 = g_get_monotonic_time ();
      sonde_learner_predict_proba_matrix (learner, tx, tn, proba);
      t2 = g_get_monotonic_time ();
      for (gsize i = 0; i < tn; i++)
        score[i] = proba[2 * i + 1];
      printf (", predict %zu rows %.3f s, test AUC %.5f", tn, (t2 - t1) / 1e6, auc (score, ty, tn));
    }
  printf ("\n");
  return 0;
}
