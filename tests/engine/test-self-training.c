/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-self-training"

/* Tests of the self-training learner against scikit-learn 1.2.1's
 * SelfTrainingClassifier, on iris with 70 % of the labels hidden by a
 * fixed mask: fixtures/learn/iris-semi.csv, made and checked with
 * /usr/bin/python3 outside the project by
 *
 *   import numpy as np, pandas as pd
 *   from sklearn.semi_supervised import SelfTrainingClassifier
 *   from sklearn.naive_bayes import GaussianNB
 *   from sklearn.linear_model import LogisticRegression
 *   d = pd.read_csv('tests/engine/fixtures/learn/iris.csv')
 *   hide = np.random.RandomState(0).rand(150) < 0.7          # 111 rows
 *   d2 = d.copy(); d2.loc[hide, 'species'] = ''
 *   d2.to_csv('tests/engine/fixtures/learn/iris-semi.csv', index=False)
 *   X = d.drop(columns='species').values
 *   codes = pd.Categorical(d.species, categories=sorted(set(d.species))).codes
 *   y = np.where(hide, -1, codes)
 *   for base in (GaussianNB(), LogisticRegression(max_iter=10000)):
 *       s = SelfTrainingClassifier(base).fit(X, y)
 *       print(s.n_iter_, np.bincount(s.labeled_iter_[s.labeled_iter_ >= 0]),
 *             ''.join(map(str, s.predict(X))))
 *   s = SelfTrainingClassifier(GaussianNB(), criterion='k_best', k_best=10).fit(X, y)
 *
 * The per-iteration counts are the bincount without its first entry
 * (the 39 given labels); scikit-learn's last iteration, which adds no
 * row and stops ("no_change"), is Sonde's trailing 0.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "sonde-engine.h"
#include "test-util.h"

static SondeTable *
load_fixture (const char *name)
{
  g_autofree char *path = g_build_filename (FIXTURES_DIR, "learn", name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(SondeImporter) importer = sonde_importer_new ();
  g_autoptr(GError) error = NULL;
  SondeTable *table = sonde_importer_import_file (importer, file, NULL, &error);

  g_assert_no_error (error);
  return table;
}

static const char *features[] = { "sepal_length", "sepal_width", "petal_length", "petal_width", NULL };

typedef struct
{
  const char   *params;       /* "a=b c=d" */
  const char   *predictions;  /* scikit-learn's, class codes of all 150 rows */
  guint         n_iter;
  const double  labelled[10];
} Case;

static const Case cases[] = {
  /* SelfTrainingClassifier(GaussianNB()): n_iter_ 4, bincount [39, 103, 4, 1]. */
  { "base=gaussian-nb",
    "000000000000000000000000000000000000000000000000001111111111111111111121111"
    "112111111111111111111111122222212222222222221222222222222211222222222222222",
    4, { 103, 4, 1, 0 } },
  /* SelfTrainingClassifier(LogisticRegression(max_iter=10000)): n_iter_ 6,
   * bincount [39, 81, 8, 3, 2, 1]. */
  { "base=logistic",
    "000000000000000000000000000000000000000000000000001111111111111111111111111"
    "112111111111111111111111121222212222221222221212122112222212222122212221222",
    6, { 81, 8, 3, 2, 1, 0 } },
  /* criterion='k_best', k_best=10 with GaussianNB: 10 iterations of 10. */
  { "base=gaussian-nb criterion=k_best k_best=10",
    "000000000000000000000000000000000000000000000000001111111111111111111121111"
    "112111111111111111111111122222212222222222221222222222222211222222222222222",
    10, { 10, 10, 10, 10, 10, 10, 10, 10, 10, 10 } },
};

static void
test_sklearn (gconstpointer user_data)
{
  const Case *c = user_data;
  g_autoptr(SondeTable) semi = load_fixture ("iris-semi.csv");
  g_autoptr(SondeTable) iris = load_fixture ("iris.csv");
  g_autoptr(SondeLearner) learner = sonde_learner_new ("self-training", NULL);
  g_autoptr(SondeLearner) loaded = NULL;
  g_auto(GStrv) params = g_strsplit (c->params, " ", -1);
  g_autoptr(GError) error = NULL;
  g_autofree double *pred = NULL;
  g_autofree double *pred_loaded = NULL;
  g_autofree char *json = NULL;
  g_autofree char *description = NULL;
  const double *labelled;
  const char *name = NULL;
  guint n = 0;

  g_assert_cmpuint (strlen (c->predictions), ==, 150);
  for (guint i = 0; params[i] != NULL; i++)
    {
      g_auto(GStrv) kv = g_strsplit (params[i], "=", 2);

      g_assert_true (sonde_learner_set_param (learner, kv[0], kv[1], &error));
    }
  g_assert_true (sonde_learner_fit (learner, semi, features, "species", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sonde_learner_get_n_classes (learner), ==, 3);

  pred = sonde_learner_predict (learner, iris, NULL, 150, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 150; i++)
    g_assert_cmpint ((int) pred[i], ==, c->predictions[i] - '0');

  labelled = sonde_learner_get_history (learner, &name, &n);
  g_assert_cmpstr (name, ==, "labelled");
  g_assert_cmpuint (n, ==, c->n_iter);
  for (guint i = 0; i < n; i++)
    g_assert_cmpfloat (labelled[i], ==, c->labelled[i]);

  json = sonde_learner_to_json (learner, &error);
  g_assert_no_error (error);
  loaded = sonde_learner_new_from_json (json, -1, &error);
  g_assert_no_error (error);
  pred_loaded = sonde_learner_predict (loaded, iris, NULL, 150, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 150; i++)
    g_assert_cmpfloat (pred_loaded[i], ==, pred[i]);
  g_assert_nonnull (sonde_learner_get_history (loaded, NULL, &n));
  g_assert_cmpuint (n, ==, c->n_iter);
  description = sonde_learner_describe (loaded);
  g_assert_nonnull (strstr (description, "from 39 labelled rows"));
}

/* Every other learner still refuses a missing target; self-training
 * needs at least one label. */
static void
test_missing_target (void)
{
  g_autoptr(SondeTable) semi = load_fixture ("iris-semi.csv");
  g_autoptr(SondeLearner) nb = sonde_learner_new ("gaussian-nb", NULL);
  g_autoptr(SondeLearner) self = sonde_learner_new ("self-training", NULL);
  g_autoptr(GError) error = NULL;
  guint rows[] = { 0, 2, 3, 4 };     /* all unlabelled in the fixture */

  g_assert_false (sonde_learner_fit (nb, semi, features, "species", &error));
  g_assert_error (error, SONDE_ERROR, SONDE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "missing"));
  g_clear_error (&error);

  g_assert_false (sonde_learner_fit_rows (self, semi, features, "species", rows, G_N_ELEMENTS (rows), &error));
  g_assert_error (error, SONDE_ERROR, SONDE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "labelled"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  sonde_engine_init ();

  g_test_add_data_func ("/self-training/gaussian-nb", &cases[0], test_sklearn);
  g_test_add_data_func ("/self-training/logistic", &cases[1], test_sklearn);
  g_test_add_data_func ("/self-training/k-best", &cases[2], test_sklearn);
  g_test_add_func ("/self-training/missing-target", test_missing_target);
  return g_test_run ();
}
