/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-mlp"

/* Tests of the multilayer perceptron (mlp).
 *
 * The comparisons with scikit-learn 1.2.1 (Debian's python3-sklearn, run
 * with /usr/bin/python3 outside the project) use Sonde's own folds, as
 * test-learner.c does: stratified 10 folds of seed 1 (plain 10 folds of
 * seed 1 for diabetes), written by
 *
 *   sonde-cli evaluate F.csv --target T --learner mlp --folds 10 --seed 1 \
 *             --folds-out /tmp/mlpref/F-folds.csv
 *
 * and the reference is the mean fold score of
 *
 *   import pandas as pd, warnings
 *   from sklearn.model_selection import PredefinedSplit, cross_val_score
 *   from sklearn.neural_network import MLPClassifier, MLPRegressor
 *   from sklearn.pipeline import make_pipeline
 *   from sklearn.preprocessing import StandardScaler
 *   warnings.filterwarnings("ignore")
 *   def ref(name, target, est, scoring):
 *       d = pd.read_csv(f'tests/engine/fixtures/learn/{name}.csv')
 *       X = d.drop(columns=[target]).values; y = d[target].values
 *       folds = pd.read_csv(f'/tmp/mlpref/{name}-folds.csv')['fold'].values
 *       return cross_val_score(make_pipeline(StandardScaler(), est), X, y,
 *                              cv=PredefinedSplit(folds), scoring=scoring).mean()
 *   ref('iris', 'species', MLPClassifier(random_state=0), 'accuracy')
 *
 * Sonde draws its own initial weights and row order (SplitMix64), so the
 * networks differ from scikit-learn's by their random start: the issue
 * asks for 2 points of accuracy. digits gives 0.9766 against 0.9805 but
 * takes over 30 s, so it is measured (README) and not tested here.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "sonde-engine.h"
#include "test-util.h"

#define LEARN_DIR FIXTURES_DIR "/learn"

static SondeTable *
load_fixture (const char *name)
{
  g_autofree char *path = g_build_filename (LEARN_DIR, name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(SondeImporter) importer = sonde_importer_new ();
  g_autoptr(GError) error = NULL;
  SondeTable *table;

  table = sonde_importer_import_file (importer, file, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (table);
  return table;
}

static char **
features_of (SondeTable *table,
             const char *target)
{
  GPtrArray *names = g_ptr_array_new ();

  for (guint j = 0; j < sonde_table_get_n_columns (table); j++)
    {
      const char *name = sonde_column_get_name (sonde_table_get_column (table, j));

      if (strcmp (name, target) != 0)
        g_ptr_array_add (names, g_strdup (name));
    }
  g_ptr_array_add (names, NULL);
  return (char **) g_ptr_array_free (names, FALSE);
}

typedef struct
{
  const char *file;
  const char *target;
  const char *params;      /* "a=1 b=2" or NULL */
  double      reference;
  double      tolerance;
} Reference;

static const Reference references[] = {
  /* ref('iris', 'species', MLPClassifier(random_state=0), 'accuracy');
   * Sonde 0.9467. */
  { "iris.csv", "species", NULL, 0.9533333333333334, 0.02 },
  /* ref('wine', 'class', MLPClassifier(random_state=0), 'accuracy');
   * Sonde 0.9778. */
  { "wine.csv", "class", NULL, 0.9777777777777779, 0.02 },
  /* ref('breast_cancer', 'diagnosis', MLPClassifier(random_state=0),
   * 'accuracy'); Sonde 0.9736. */
  { "breast_cancer.csv", "diagnosis", NULL, 0.9753132832080201, 0.02 },
  /* ref('diabetes', 'progression', MLPRegressor(hidden_layer_sizes=(20,),
   * learning_rate_init=0.01, max_iter=1000, alpha=1.0, random_state=r),
   * 'r2') gives 0.4522, 0.4800, 0.4658, 0.4695, 0.4551 for r = 0..4:
   * the random start alone moves R² by 0.03, so that is the tolerance
   * (Sonde's seeds 0, 1, 2 give 0.4609, 0.4489, 0.4852). The defaults
   * (learning rate 0.001, 200 epochs) do not converge on a target of
   * about 150 and give R² near −1 in both. */
  { "diabetes.csv", "progression", "hidden1=20 learning_rate=0.01 epochs=1000 alpha=1", 0.45218450592654325, 0.03 },
};

static void
set_params (SondeLearner *learner,
            const char   *params)
{
  g_auto(GStrv) parts = params != NULL ? g_strsplit (params, " ", -1) : NULL;

  for (guint i = 0; parts != NULL && parts[i] != NULL; i++)
    {
      g_auto(GStrv) kv = g_strsplit (parts[i], "=", 2);
      g_autoptr(GError) error = NULL;

      g_assert_true (sonde_learner_set_param (learner, kv[0], kv[1], &error));
      g_assert_no_error (error);
    }
}

static void
test_sklearn (gconstpointer user_data)
{
  const Reference *ref = user_data;
  g_autoptr(SondeTable) table = load_fixture (ref->file);
  g_auto(GStrv) features = features_of (table, ref->target);
  g_autoptr(SondeLearner) learner = sonde_learner_new ("mlp", NULL);
  g_autoptr(SondeFolds) folds = NULL;
  g_autoptr(SondeCvResult) cv = NULL;
  g_autoptr(GError) error = NULL;
  gsize n = sonde_table_get_n_rows (table);

  set_params (learner, ref->params);
  if (strcmp (ref->file, "diabetes.csv") == 0)
    folds = sonde_folds_kfold (n, 10, 1, 0, &error);
  else
    {
      g_autofree guint32 *codes = sonde_learner_encode_classes (table, ref->target, NULL, &error);

      g_assert_no_error (error);
      folds = sonde_folds_stratified_kfold (codes, n, 10, 1, 0, &error);
    }
  g_assert_no_error (error);

  cv = sonde_learner_cross_validate (learner, table, (const char * const *) features, ref->target, folds, &error);
  g_assert_no_error (error);
  g_assert_nonnull (cv);
  g_test_message ("%s: Sonde %.10g, scikit-learn %.10g", ref->file, cv->mean, ref->reference);
  g_assert_cmpfloat_with_epsilon (cv->mean, ref->reference, ref->tolerance);
}

/* The same seed gives the same network; another seed another one; the
 * model file gives the same predictions and keeps the loss curve. */
static void
test_deterministic (void)
{
  g_autoptr(SondeTable) wine = load_fixture ("wine.csv");
  g_auto(GStrv) features = features_of (wine, "class");
  g_autoptr(SondeLearner) a = sonde_learner_new ("mlp", NULL);
  g_autoptr(SondeLearner) b = sonde_learner_new ("mlp", NULL);
  g_autoptr(SondeLearner) c = sonde_learner_new ("mlp", NULL);
  g_autoptr(SondeLearner) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree double *pa = NULL, *pb = NULL, *pc = NULL, *pl = NULL;
  g_autofree char *json = NULL;
  g_autofree char *description = NULL;
  guint n = sonde_table_get_n_rows (wine), n_a = 0, n_l = 0;
  const double *curve_a, *curve_l;
  const char *name = NULL;
  gboolean differ = FALSE;

  set_params (a, "hidden1=10 hidden2=5 epochs=30 seed=7");
  set_params (b, "hidden1=10 hidden2=5 epochs=30 seed=7");
  set_params (c, "hidden1=10 hidden2=5 epochs=30 seed=8");
  g_assert_true (sonde_learner_fit (a, wine, (const char * const *) features, "class", &error));
  g_assert_true (sonde_learner_fit (b, wine, (const char * const *) features, "class", &error));
  g_assert_true (sonde_learner_fit (c, wine, (const char * const *) features, "class", &error));
  g_assert_no_error (error);
  pa = sonde_learner_predict_proba (a, wine, NULL, n, &error);
  pb = sonde_learner_predict_proba (b, wine, NULL, n, &error);
  pc = sonde_learner_predict_proba (c, wine, NULL, n, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 3 * n; i++)
    {
      g_assert_cmpfloat (pa[i], ==, pb[i]);
      differ |= pa[i] != pc[i];
    }
  g_assert_true (differ);

  curve_a = sonde_learner_get_history (a, &name, &n_a);
  g_assert_cmpstr (name, ==, "loss_curve");
  g_assert_cmpuint (n_a, ==, 30);

  json = sonde_learner_to_json (a, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (json, "\"loss_curve\""));
  g_assert_nonnull (strstr (json, "\"input_mean\""));
  loaded = sonde_learner_new_from_json (json, -1, &error);
  g_assert_no_error (error);
  pl = sonde_learner_predict_proba (loaded, wine, NULL, n, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 3 * n; i++)
    g_assert_cmpfloat_with_epsilon (pa[i], pl[i], 1e-12);
  curve_l = sonde_learner_get_history (loaded, NULL, &n_l);
  g_assert_cmpuint (n_l, ==, n_a);
  for (guint e = 0; e < n_a; e++)
    g_assert_cmpfloat_with_epsilon (curve_a[e], curve_l[e], 1e-12 * curve_a[e]);

  description = sonde_learner_describe (loaded);
  g_assert_nonnull (strstr (description, "10, 5 relu"));
  g_assert_nonnull (strstr (description, "30 epochs"));
  g_assert_nonnull (strstr (description, "standardised"));
}

/* Full-batch gradient descent with a small step on a smooth network
 * (tanh) lowers the loss at every epoch; Adam in mini-batches lowers it
 * overall and stops early once it stalls. */
static void
test_loss_curve (void)
{
  g_autoptr(SondeTable) iris = load_fixture ("iris.csv");
  g_auto(GStrv) features = features_of (iris, "species");
  g_autoptr(SondeLearner) gd = sonde_learner_new ("mlp", NULL);
  g_autoptr(SondeLearner) adam = sonde_learner_new ("mlp", NULL);
  g_autoptr(GError) error = NULL;
  const double *curve;
  guint n = 0;

  set_params (gd, "hidden1=10 activation=tanh solver=sgd momentum=0 batch_size=0 learning_rate=0.05 epochs=200");
  g_assert_true (sonde_learner_fit (gd, iris, (const char * const *) features, "species", &error));
  g_assert_no_error (error);
  curve = sonde_learner_get_history (gd, NULL, &n);
  g_assert_cmpuint (n, ==, 200);
  for (guint e = 1; e < n; e++)
    g_assert_cmpfloat (curve[e], <, curve[e - 1]);
  g_assert_cmpfloat (curve[n - 1], <, 0.5 * curve[0]);

  set_params (adam, "learning_rate=0.01 epochs=5000");
  g_assert_true (sonde_learner_fit (adam, iris, (const char * const *) features, "species", &error));
  g_assert_no_error (error);
  curve = sonde_learner_get_history (adam, NULL, &n);
  g_assert_cmpuint (n, <, 5000);
  g_assert_cmpfloat (curve[n - 1], <, 0.1);
  g_assert_cmpfloat (curve[n - 1], <, 0.1 * curve[0]);
}

static void
test_bad (void)
{
  g_autoptr(SondeTable) iris = load_fixture ("iris.csv");
  g_auto(GStrv) features = features_of (iris, "species");
  g_autoptr(SondeLearner) mlp = sonde_learner_new ("mlp", NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  g_assert_false (sonde_learner_set_param (mlp, "activation", "sigmoid", &error));
  g_assert_nonnull (strstr (error->message, "relu, tanh"));
  g_clear_error (&error);

  set_params (mlp, "hidden3=4");
  g_assert_false (sonde_learner_fit (mlp, iris, (const char * const *) features, "species", &error));
  g_assert_nonnull (strstr (error->message, "hidden2"));
  g_clear_error (&error);
  set_params (mlp, "hidden3=0");

  g_cancellable_cancel (cancellable);
  g_assert_false (sonde_learner_fit_rows_full (mlp, iris, (const char * const *) features, "species",
                                               NULL, 150, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  sonde_engine_init ();

  for (guint i = 0; i < G_N_ELEMENTS (references); i++)
    {
      g_autofree char *path = g_strdup_printf ("/mlp/sklearn/%s", references[i].file);

      g_test_add_data_func (path, &references[i], test_sklearn);
    }
  g_test_add_func ("/mlp/deterministic", test_deterministic);
  g_test_add_func ("/mlp/loss-curve", test_loss_curve);
  g_test_add_func ("/mlp/bad", test_bad);
  return g_test_run ();
}
