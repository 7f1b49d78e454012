/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-inspection"

/* Tests of sonde-inspection. Permutation importance cannot equal
 * scikit-learn's digit for digit (GRand and numpy shuffle differently),
 * so it is checked on properties that hold for any shuffle: on iris with
 * an added column of pure noise, a CART of depth 3 trained on a holdout
 * and scored on the other rows gives the noise an importance near 0 and
 * a petal measure the largest one; the same seed gives the same numbers.
 * Fairness is checked against counts done by hand on twelve rows.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "sonde-engine.h"

static SondeTable *
load_iris_with_noise (void)
{
  g_autofree char *path = g_build_filename (FIXTURES_DIR, "learn", "iris.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(SondeImporter) importer = sonde_importer_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SondeColumn) noise = sonde_column_new ("noise", SONDE_COLUMN_TYPE_REAL);
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  SondeTable *table = sonde_importer_import_file (importer, file, NULL, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < sonde_table_get_n_rows (table); i++)
    sonde_column_append_real (noise, g_rand_double (rand));
  sonde_table_add_column (table, noise, &error);
  g_assert_no_error (error);
  return table;
}

static const char *features[] = { "sepal_length", "sepal_width", "petal_length", "petal_width", "noise", NULL };

static SondeImportance *
importance_on_holdout (SondeTable *iris,
                       guint64     seed)
{
  g_autoptr(GError) error = NULL;
  g_autofree guint32 *codes = sonde_learner_encode_classes (iris, "species", NULL, &error);
  g_autoptr(SondeFolds) folds = sonde_folds_stratified_holdout (codes, 150, 0.5, 1, &error);
  g_autoptr(SondeLearner) cart = sonde_learner_new ("cart", &error);
  g_autofree guint *train = NULL;
  g_autofree guint *test = NULL;
  guint n_train, n_test;
  SondeImportance *importance;

  g_assert_no_error (error);
  train = sonde_folds_get_rows (folds, 0, FALSE, &n_train);
  test = sonde_folds_get_rows (folds, 0, TRUE, &n_test);
  sonde_learner_set_param (cart, "max_depth", "3", &error);
  g_assert_no_error (error);
  sonde_learner_fit_rows (cart, iris, features, "species", train, n_train, &error);
  g_assert_no_error (error);
  importance = sonde_permutation_importance (cart, iris, test, n_test, 10, seed, NULL, &error);
  g_assert_no_error (error);
  return importance;
}

static void
test_permutation (void)
{
  g_autoptr(SondeTable) iris = load_iris_with_noise ();
  g_autoptr(SondeImportance) a = importance_on_holdout (iris, 42);
  g_autoptr(SondeImportance) b = importance_on_holdout (iris, 42);
  guint best = 0;

  g_assert_cmpuint (a->n_features, ==, 5);
  g_assert_cmpstr (a->features[4], ==, "noise");
  g_assert_cmpfloat (a->baseline, >, 0.85);
  for (guint f = 0; f < a->n_features; f++)
    {
      g_test_message ("%s: %.4f ± %.4f", a->features[f], a->mean[f], a->sd[f]);
      if (a->mean[f] > a->mean[best])
        best = f;
      /* Deterministic for a seed. */
      g_assert_cmpfloat (a->mean[f], ==, b->mean[f]);
      g_assert_cmpfloat (a->sd[f], ==, b->sd[f]);
      g_assert_cmpfloat (a->sd[f], >=, 0);
    }
  g_assert_cmpfloat (fabs (a->mean[4]), <, 0.02);
  g_assert_true (best == 2 || best == 3);
  g_assert_cmpfloat (a->mean[best], >, 0.2);
}

static void
test_permutation_errors (void)
{
  g_autoptr(SondeTable) iris = load_iris_with_noise ();
  g_autoptr(SondeLearner) cart = sonde_learner_new ("cart", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SondeImportance) none = sonde_permutation_importance (cart, iris, NULL, 0, 5, 1, NULL, &error);

  g_assert_null (none);
  g_assert_error (error, SONDE_ERROR, SONDE_ERROR_INVALID);
}

/* scikit-learn 1.2.1's feature_importances_ on all of iris, computed
 * outside the project:
 *   python3 -c '
 *   import pandas as pd
 *   from sklearn.tree import DecisionTreeClassifier
 *   df = pd.read_csv("tests/engine/fixtures/learn/iris.csv")
 *   X = df.drop(columns="species").values; y = df["species"].values
 *   print(DecisionTreeClassifier(random_state=4, max_depth=3).fit(X, y).feature_importances_)'
 * At the root of iris petal_length and petal_width split equally well;
 * Sonde takes the first column, scikit-learn a random one: random_state 4
 * draws petal_length as Sonde does (random_state 0 gives petal_width and
 * 0 0 0.0539 0.9461). Boosting and forests meet such ties in many of
 * their trees, so they are only checked to sum to 1 with a petal
 * measure first.
 */
static void
test_impurity (void)
{
  static const struct {
    const char *learner;
    const char *params[3];
    double      reference[4];
    double      epsilon;
  } cases[] = {
    { "cart", { "max_depth", "3", NULL }, { 0, 0, 0.5856155514031495, 0.4143844485968506 }, 1e-9 },
    /* Histogram boosting: Sonde's importance is each column's total
     * split gain (the decrease of the second-order loss); scikit-learn
     * has no feature_importances_ for it, but keeps each split's gain in
     * its trees, leaving out the parent's term G²/H at the root only
     * (its root has value 0), which is added back here:
     *   from scipy.special import softmax
     *   m = HistGradientBoostingClassifier(max_iter=10, random_state=0).fit(X, y)
     *   Y = (y[:, None] == m.classes_[None, :])
     *   raws = [np.tile(m._baseline_prediction.ravel(), (len(X), 1))] \
     *          + list(m.staged_decision_function(X))
     *   imp = np.zeros(4)
     *   for i, it in enumerate(m._predictors):
     *       p = softmax(raws[i], axis=1)
     *       g = (p - Y).astype(np.float32); h = (p * (1 - p)).astype(np.float32)
     *       for k, tree in enumerate(it):
     *           for j, nd in enumerate(tree.nodes):
     *               if nd['is_leaf']: continue
     *               gain = nd['gain']
     *               if j == 0:
     *                   gain -= g[:, k].astype(float).sum() ** 2 / h[:, k].astype(float).sum()
     *               imp[nd['feature_idx']] += gain
     *   print(imp / imp.sum())
     * (X, y as above; no early stopping below 10 000 rows). */
    { "hist-gradient-boosting", { "max_iter", "10", NULL },
      { 0.0005733552715971216, 0.002393207036886702, 0.7097227356639482, 0.28731070202756803 }, 1e-6 },
  };
  g_autoptr(SondeTable) iris = load_iris_with_noise ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SondeLearner) learner = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree double *importance = NULL;
      const char * const *names = NULL;
      guint n = 0;

      learner = sonde_learner_new (cases[i].learner, NULL);
      sonde_learner_set_param (learner, cases[i].params[0], cases[i].params[1], &error);
      if (g_str_equal (cases[i].learner, "gradient-boosting"))
        sonde_learner_set_param (learner, "max_depth", "2", &error);
      g_assert_no_error (error);
      {
        static const char *four[] = { "sepal_length", "sepal_width", "petal_length", "petal_width", NULL };

        sonde_learner_fit (learner, iris, four, "species", &error);
        g_assert_no_error (error);
      }
      importance = sonde_learner_get_impurity_importance (learner, &names, &n, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (n, ==, 4);
      g_assert_cmpstr (names[3], ==, "petal_width");
      for (guint j = 0; j < 4; j++)
        g_assert_cmpfloat_with_epsilon (importance[j], cases[i].reference[j], cases[i].epsilon);
    }

  for (guint i = 0; i < 2; i++)
    {
      static const char *learners[] = { "gradient-boosting", "random-forest" };
      g_autoptr(SondeLearner) learner = sonde_learner_new (learners[i], NULL);
      g_autoptr(GError) error = NULL;
      g_autofree double *importance = NULL;
      double sum = 0;
      guint n = 0;

      sonde_learner_set_param (learner, "n_estimators", "20", &error);
      g_assert_no_error (error);
      sonde_learner_fit (learner, iris, features, "species", &error);
      g_assert_no_error (error);
      importance = sonde_learner_get_impurity_importance (learner, NULL, &n, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (n, ==, 5);
      for (guint j = 0; j < n; j++)
        sum += importance[j];
      g_assert_cmpfloat_with_epsilon (sum, 1, 1e-12);
      g_assert_cmpfloat (MAX (importance[2], importance[3]), >, MAX (importance[0], importance[1]));
      g_assert_cmpfloat (MAX (importance[2], importance[3]), >, importance[4]);
    }

  {
    g_autoptr(SondeLearner) knn = sonde_learner_new ("knn", NULL);
    g_autoptr(GError) error = NULL;
    g_autofree double *none = NULL;
    guint n = 0;

    sonde_learner_fit (knn, iris, features, "species", &error);
    g_assert_no_error (error);
    none = sonde_learner_get_impurity_importance (knn, NULL, &n, &error);
    g_assert_null (none);
    g_assert_error (error, SONDE_ERROR, SONDE_ERROR_INVALID);
  }
}

static void
test_fairness (void)
{
  /* Hand counts, positive "yes":
   *   group a (6 rows): predicted yes 3 → selection 0.5; actual yes 3,
   *     caught 2 → TPR 2/3; actual no 3, predicted yes 1 → FPR 1/3.
   *   group b (5 rows, the NULL truth row left out): predicted yes 1 →
   *     0.2; actual yes 2, caught 1 → TPR 0.5; actual no 3, none
   *     predicted yes → FPR 0.
   * Gaps: 0.3, 1/6, 1/3. */
  const char *truth[] = { "yes", "yes", "yes", "no", "no", "no",
                          "yes", "yes", "no", "no", "no", NULL };
  const char *pred[]  = { "yes", "yes", "no", "yes", "no", "no",
                          "yes", "no", "no", "no", "no", "yes" };
  const char *group[] = { "a", "a", "a", "a", "a", "a",
                          "b", "b", "b", "b", "b", "b" };
  g_autoptr(GError) error = NULL;
  g_autoptr(SondeFairness) fair = sonde_fairness_new (truth, pred, group, 12, "yes", &error);
  g_autoptr(SondeFairness) bad = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (fair->n_groups, ==, 2);
  g_assert_cmpstr (fair->groups[0], ==, "a");
  g_assert_cmpstr (fair->groups[1], ==, "b");
  g_assert_cmpuint (fair->n[0], ==, 6);
  g_assert_cmpuint (fair->n[1], ==, 5);
  g_assert_cmpfloat_with_epsilon (fair->selection_rate[0], 0.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (fair->selection_rate[1], 0.2, 1e-12);
  g_assert_cmpfloat_with_epsilon (fair->tpr[0], 2.0 / 3, 1e-12);
  g_assert_cmpfloat_with_epsilon (fair->tpr[1], 0.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (fair->fpr[0], 1.0 / 3, 1e-12);
  g_assert_cmpfloat_with_epsilon (fair->fpr[1], 0, 1e-12);
  g_assert_cmpfloat_with_epsilon (fair->selection_gap, 0.3, 1e-12);
  g_assert_cmpfloat_with_epsilon (fair->tpr_gap, 1.0 / 6, 1e-12);
  g_assert_cmpfloat_with_epsilon (fair->fpr_gap, 1.0 / 3, 1e-12);

  bad = sonde_fairness_new (truth, pred, group, 12, "Yes", &error);
  g_assert_null (bad);
  g_assert_error (error, SONDE_ERROR, SONDE_ERROR_INVALID);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);
  sonde_engine_init ();

  g_test_add_func ("/inspection/permutation", test_permutation);
  g_test_add_func ("/inspection/permutation-errors", test_permutation_errors);
  g_test_add_func ("/inspection/impurity", test_impurity);
  g_test_add_func ("/inspection/fairness", test_fairness);

  return g_test_run ();
}
