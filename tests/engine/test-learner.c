/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-learner"

/* Tests of SondeLearner and the validation folds.
 *
 * The comparisons with scikit-learn 1.2.1 (Debian's python3-sklearn, run
 * with /usr/bin/python3 outside the project) use Sonde's own folds: the
 * test rebuilds them with sonde_folds_stratified_kfold (codes, n, 10,
 * seed 1, repeat 0) — sonde_folds_kfold for diabetes — which is what
 *
 *   sonde-cli evaluate F.csv --target T --learner knn --folds 10 --seed 1 \
 *             --folds-out /tmp/learnref/F-folds.csv
 *
 * wrote for each fixture F (the folds do not depend on the learner; the
 * "pinned" test below fails if they ever change). The references are the
 * mean fold score of:
 *
 *   import pandas as pd
 *   from sklearn.model_selection import PredefinedSplit, cross_val_score
 *   from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor
 *   from sklearn.naive_bayes import GaussianNB, MultinomialNB
 *   from sklearn.linear_model import LogisticRegression, LinearRegression, Ridge
 *   from sklearn.neighbors import KNeighborsClassifier, KNeighborsRegressor
 *   def ref(name, target, est, scoring):   # scoring "accuracy" or "r2"
 *       d = pd.read_csv(f'{name}.csv')   # in tests/engine/fixtures/learn
 *       X = d.drop(columns=[target]).values; y = d[target].values
 *       folds = pd.read_csv(f'/tmp/learnref/{name}-folds.csv')['fold'].values
 *       return cross_val_score(est, X, y, cv=PredefinedSplit(folds),
 *                              scoring=scoring).mean()
 *
 * with the estimators DecisionTreeClassifier(random_state=0),
 * GaussianNB(), MultinomialNB(), LogisticRegression(max_iter=10000),
 * KNeighborsClassifier(), DecisionTreeRegressor(random_state=0),
 * LinearRegression(), Ridge() and KNeighborsRegressor(), and
 * RandomForestClassifier(random_state=0),
 * RandomForestRegressor(random_state=0),
 * GradientBoostingClassifier(random_state=0) and
 * GradientBoostingRegressor(random_state=0),
 * HistGradientBoostingClassifier(random_state=0) and
 * HistGradientBoostingRegressor(random_state=0). The issue asks
 * for 2 percentage points; where Sonde computes the same model the
 * tolerance is 1e-9 instead, and the comment says why it is not where
 * it is not.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>
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

/* Adds @column to @table, which takes it over. */
static void
add_column (SondeTable  *table,
            SondeColumn *column)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sonde_table_add_column (table, column, &error));
  g_assert_no_error (error);
  g_object_unref (column);
}

/* Every column but @target. */
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

/* ------------------------------------------------------------------ */
/* Hyperparameters                                                     */

static void
test_params (void)
{
  g_autoptr(SondeLearner) cart = sonde_learner_new ("cart", NULL);
  g_autoptr(SondeLearner) knn = sonde_learner_new ("knn", NULL);
  g_autoptr(GError) error = NULL;
  const SondeParamSpec *specs;
  guint n;

  g_assert_nonnull (cart);
  specs = sonde_learner_get_params (cart, &n);
  g_assert_cmpuint (n, ==, 6);
  g_assert_cmpstr (specs[0].name, ==, "criterion");
  g_assert_cmpint (specs[0].type, ==, SONDE_PARAM_ENUM);
  g_assert_cmpfloat (sonde_learner_get_param (cart, "min_samples_split"), ==, 2);
  g_assert_cmpfloat (sonde_learner_get_param (cart, "max_depth"), ==, G_MAXDOUBLE);
  g_assert_true (isnan (sonde_learner_get_param (cart, "nope")));

  g_assert_true (sonde_learner_set_param (cart, "max_depth", "3", &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (sonde_learner_get_param (cart, "max_depth"), ==, 3);
  g_assert_true (sonde_learner_set_param (cart, "max_depth", "none", &error));
  g_assert_cmpfloat (sonde_learner_get_param (cart, "max_depth"), ==, G_MAXDOUBLE);
  g_assert_true (sonde_learner_set_param (cart, "criterion", "entropy", &error));
  g_assert_cmpfloat (sonde_learner_get_param (cart, "criterion"), ==, 1);

  g_assert_false (sonde_learner_set_param (cart, "max_depth", "0", &error));
  g_assert_error (error, SONDE_ERROR, SONDE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "max_depth"));
  g_assert_nonnull (strstr (error->message, "at least 1"));
  g_clear_error (&error);

  g_assert_false (sonde_learner_set_param (cart, "max_depth", "2.5", &error));
  g_assert_nonnull (strstr (error->message, "whole number"));
  g_clear_error (&error);

  g_assert_false (sonde_learner_set_param (cart, "criterion", "mse", &error));
  g_assert_nonnull (strstr (error->message, "gini, entropy"));
  g_clear_error (&error);

  g_assert_false (sonde_learner_set_param (cart, "depth", "3", &error));
  g_assert_nonnull (strstr (error->message, "max_depth"));
  g_clear_error (&error);

  g_assert_false (sonde_learner_set_param (knn, "weights", "", &error));
  g_clear_error (&error);
  g_assert_false (sonde_learner_set_param (knn, "n_neighbors", "five", &error));
  g_assert_nonnull (strstr (error->message, "n_neighbors"));
  g_clear_error (&error);

  g_assert_null (sonde_learner_new ("svm", &error));
  g_assert_error (error, SONDE_ERROR, SONDE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "cart"));
  g_clear_error (&error);

  {
    g_autoptr(SondeLearner) logistic = sonde_learner_new ("logistic", NULL);

    g_assert_false (sonde_learner_set_param (logistic, "C", "0", &error));
    g_assert_nonnull (strstr (error->message, "C"));
    g_clear_error (&error);
    g_assert_true (sonde_learner_set_param (logistic, "C", "0.5", &error));
    g_assert_cmpfloat (sonde_learner_get_param (logistic, "C"), ==, 0.5);
  }
}

/* ------------------------------------------------------------------ */
/* Folds                                                               */

static void
test_stratified_kfold (void)
{
  /* 3 classes of 50, 33 and 20 rows, interleaved. */
  enum { N = 103 };
  guint32 y[N];
  g_autoptr(SondeFolds) a = NULL;
  g_autoptr(SondeFolds) b = NULL;
  g_autoptr(SondeFolds) c = NULL;
  g_autoptr(SondeFolds) r = NULL;
  g_autoptr(GError) error = NULL;
  guint size[5] = { 0 }, per_class[5][3] = { { 0 } }, count[3] = { 0 };
  gboolean differ = FALSE, differ_repeat = FALSE;

  for (guint i = 0; i < N; i++)
    y[i] = i % 2 == 0 && i < 100 ? 0 : i % 3 == 0 || i >= 100 ? 2 : 1;
  for (guint i = 0; i < N; i++)
    count[y[i]]++;
  g_assert_cmpuint (count[0], ==, 50);
  g_assert_cmpuint (count[1], ==, 33);
  g_assert_cmpuint (count[2], ==, 20);

  a = sonde_folds_stratified_kfold (y, N, 5, 42, 0, &error);
  g_assert_no_error (error);
  b = sonde_folds_stratified_kfold (y, N, 5, 42, 0, &error);
  c = sonde_folds_stratified_kfold (y, N, 5, 43, 0, &error);
  r = sonde_folds_stratified_kfold (y, N, 5, 42, 1, &error);
  g_assert_cmpuint (a->n_folds, ==, 5);
  for (guint i = 0; i < N; i++)
    {
      g_assert_cmpuint (a->fold[i], <, 5);
      g_assert_cmpuint (a->fold[i], ==, b->fold[i]);
      differ |= a->fold[i] != c->fold[i];
      differ_repeat |= a->fold[i] != r->fold[i];
      size[a->fold[i]]++;
      per_class[a->fold[i]][y[i]]++;
    }
  g_assert_true (differ);
  g_assert_true (differ_repeat);
  for (guint f = 0; f < 5; f++)
    {
      /* 103 = 5 × 20 + 3: each fold 20 or 21 rows, each class within
       * one row of a fifth of it. */
      g_assert_cmpuint (size[f], >=, 20);
      g_assert_cmpuint (size[f], <=, 21);
      for (guint k = 0; k < 3; k++)
        {
          g_assert_cmpuint (per_class[f][k], >=, count[k] / 5);
          g_assert_cmpuint (per_class[f][k], <=, (count[k] + 4) / 5);
        }
    }

  {
    guint n_test, n_train;
    g_autofree guint *test = sonde_folds_get_rows (a, 2, TRUE, &n_test);
    g_autofree guint *train = sonde_folds_get_rows (a, 2, FALSE, &n_train);

    g_assert_cmpuint (n_test + n_train, ==, N);
    for (guint i = 0; i < n_train; i++)
      g_assert_cmpuint (a->fold[train[i]], !=, 2);
    g_assert_cmpuint (n_test, ==, size[2]);
    for (guint i = 0; i < n_test; i++)
      g_assert_cmpuint (a->fold[test[i]], ==, 2);
  }

  g_assert_null (sonde_folds_stratified_kfold (y, N, 1, 0, 0, &error));
  g_assert_error (error, SONDE_ERROR, SONDE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (sonde_folds_stratified_kfold (y, 4, 5, 0, 0, &error));
  g_assert_error (error, SONDE_ERROR, SONDE_ERROR_INVALID);
}

static void
test_holdout_loo_kfold (void)
{
  enum { N = 40 };
  guint32 y[N];
  g_autoptr(SondeFolds) h = NULL;
  g_autoptr(SondeFolds) loo = NULL;
  g_autoptr(SondeFolds) k = NULL;
  g_autoptr(GError) error = NULL;
  guint test_per_class[2] = { 0 }, sizes[3] = { 0 };

  for (guint i = 0; i < N; i++)
    y[i] = i < 30 ? 0 : 1;
  h = sonde_folds_stratified_holdout (y, N, 0.2, 7, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (h->n_folds, ==, 1);
  for (guint i = 0; i < N; i++)
    if (h->fold[i] == 0)
      test_per_class[y[i]]++;
    else
      g_assert_cmpuint (h->fold[i], ==, SONDE_FOLD_TRAIN);
  g_assert_cmpuint (test_per_class[0], ==, 6);
  g_assert_cmpuint (test_per_class[1], ==, 2);

  g_assert_null (sonde_folds_stratified_holdout (y, N, 1.0, 7, &error));
  g_assert_error (error, SONDE_ERROR, SONDE_ERROR_INVALID);
  g_clear_error (&error);

  loo = sonde_folds_leave_one_out (N, &error);
  g_assert_cmpuint (loo->n_folds, ==, N);
  for (guint i = 0; i < N; i++)
    g_assert_cmpuint (loo->fold[i], ==, i);

  k = sonde_folds_kfold (N, 3, 5, 0, &error);
  for (guint i = 0; i < N; i++)
    sizes[k->fold[i]]++;
  g_assert_cmpuint (sizes[0], ==, 14);
  g_assert_cmpuint (sizes[1], ==, 13);
  g_assert_cmpuint (sizes[2], ==, 13);
}

/* The folds behind the scikit-learn references: if these change, the
 * references must be computed again. */
static void
test_pinned_folds (void)
{
  g_autoptr(SondeTable) iris = load_fixture ("iris.csv");
  g_autoptr(GError) error = NULL;
  g_autofree guint32 *codes = sonde_learner_encode_classes (iris, "species", NULL, &error);
  g_autoptr(SondeFolds) folds = sonde_folds_stratified_kfold (codes, 150, 10, 1, 0, &error);
  /* head -13 /tmp/learnref/iris-folds.csv */
  const guint32 first[12] = { 0, 7, 8, 0, 8, 4, 2, 6, 1, 4, 6, 5 };
  /* head -6 /tmp/learnref/diabetes-folds.csv */
  const guint32 first_diabetes[5] = { 3, 7, 1, 7, 6 };
  g_autoptr(SondeFolds) plain = sonde_folds_kfold (442, 10, 1, 0, NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (first); i++)
    g_assert_cmpuint (folds->fold[i], ==, first[i]);
  for (guint i = 0; i < G_N_ELEMENTS (first_diabetes); i++)
    g_assert_cmpuint (plain->fold[i], ==, first_diabetes[i]);
}

/* ------------------------------------------------------------------ */
/* Against scikit-learn                                                */

typedef struct
{
  const char *file;
  const char *target;
  const char *learner;
  double      reference;   /* see the header comment */
  double      tolerance;
} Reference;

static const Reference references[] = {
  { "iris.csv", "species", "cart", 0.9466666666666667, 1e-9 },
  { "iris.csv", "species", "gaussian-nb", 0.9533333333333334, 1e-9 },
  { "iris.csv", "species", "multinomial-nb", 0.9533333333333334, 1e-9 },
  { "iris.csv", "species", "logistic", 0.9666666666666666, 1e-9 },
  { "iris.csv", "species", "knn", 0.9666666666666666, 1e-9 },
  /* Forests draw their own random numbers, and grow on 255 bins of each
   * column (the exact splits where a column has at most 255 values):
   * Sonde 0.9600. */
  { "iris.csv", "species", "random-forest", 0.9466666666666667, 0.02 },
  { "iris.csv", "species", "gradient-boosting", 0.9533333333333334, 1e-9 },
  /* Sonde 0.9400: the same trees but for one fold (the order of equal
   * splits again). */
  { "iris.csv", "species", "hist-gradient-boosting", 0.9466666666666667, 0.02 },
  { "wine.csv", "class", "cart", 0.8875816993464053, 1e-9 },
  { "wine.csv", "class", "gaussian-nb", 0.9552287581699346, 1e-9 },
  { "wine.csv", "class", "multinomial-nb", 0.8486928104575163, 1e-9 },
  { "wine.csv", "class", "logistic", 0.9604575163398692, 1e-9 },
  { "wine.csv", "class", "knn", 0.7088235294117646, 1e-9 },
  /* Sonde 0.9889. */
  { "wine.csv", "class", "random-forest", 0.9833333333333334, 0.02 },
  { "wine.csv", "class", "gradient-boosting", 0.9493464052287581, 1e-9 },
  /* Sonde 0.9833333333. */
  { "wine.csv", "class", "hist-gradient-boosting", 0.9833333333333332, 0.02 },
  /* Sonde 0.9244: scikit-learn visits the features in a random order and
   * keeps the first of equal splits, Sonde in column order. */
  { "breast_cancer.csv", "diagnosis", "cart", 0.9190476190476191, 0.02 },
  { "breast_cancer.csv", "diagnosis", "gaussian-nb", 0.936591478696742, 1e-9 },
  { "breast_cancer.csv", "diagnosis", "multinomial-nb", 0.8962406015037594, 1e-9 },
  { "breast_cancer.csv", "diagnosis", "logistic", 0.9595238095238094, 1e-9 },
  { "breast_cancer.csv", "diagnosis", "knn", 0.9331766917293234, 1e-9 },
  /* Sonde 0.9631. */
  { "breast_cancer.csv", "diagnosis", "random-forest", 0.963063909774436, 0.02 },
  /* Sonde 0.9631: the order of equal splits. */
  { "breast_cancer.csv", "diagnosis", "gradient-boosting", 0.9648496240601503, 0.02 },
  /* Sonde 0.9701: the same bins, the order of equal splits in a fold. */
  { "breast_cancer.csv", "diagnosis", "hist-gradient-boosting", 0.968358395989975, 0.02 },
  /* Sonde 0.8603: the order of equal splits again. */
  { "digits.csv", "digit", "cart", 0.8614307883302297, 0.02 },
  { "digits.csv", "digit", "gaussian-nb", 0.8386126629422719, 1e-9 },
  { "digits.csv", "digit", "multinomial-nb", 0.9003879577901923, 1e-9 },
  /* Sonde 0.9644: scikit-learn's lbfgs stops at its tolerance (1e-4)
   * short of the optimum, Sonde goes on (see /learner/logistic/). */
  { "digits.csv", "digit", "logistic", 0.9649472377405338, 0.02 },
  { "digits.csv", "digit", "knn", 0.986644941030416, 1e-9 },
  /* Sonde 0.9733. */
  { "digits.csv", "digit", "random-forest", 0.9766294227188081, 0.02 },
  /* Gradient boosting on digits (1000 trees a fold) is left out to keep
   * the test short: Sonde 0.97163 in 19 s, scikit-learn 0.970518311607697
   * in 68 s (sonde-cli evaluate digits.csv --target digit --learner
   * gradient-boosting --seed 1). */
  /* R², not accuracy. Sonde −0.1349: the order of equal splits changes
   * fully grown regression trees more (their leaves hold one row). */
  { "diabetes.csv", "progression", "cart", -0.1032460800358018, 0.05 },
  { "diabetes.csv", "progression", "linear", 0.48435493654446116, 1e-9 },
  { "diabetes.csv", "progression", "ridge", 0.48434561192269276, 1e-9 },
  { "diabetes.csv", "progression", "knn", 0.23847554143306565, 1e-9 },
  /* Sonde 0.4248. */
  { "diabetes.csv", "progression", "random-forest", 0.42134541526411606, 0.02 },
  /* Sonde 0.4148. */
  { "diabetes.csv", "progression", "gradient-boosting", 0.4120287907106367, 0.02 },
  /* Sonde 0.3795138974: the same trees. */
  { "diabetes.csv", "progression", "hist-gradient-boosting", 0.3795138974336902, 0.02 },
};

static void
test_sklearn (gconstpointer user_data)
{
  const Reference *ref = user_data;
  g_autoptr(SondeTable) table = load_fixture (ref->file);
  g_auto(GStrv) features = features_of (table, ref->target);
  g_autoptr(SondeLearner) learner = sonde_learner_new (ref->learner, NULL);
  g_autoptr(SondeFolds) folds = NULL;
  g_autoptr(SondeCvResult) cv = NULL;
  g_autoptr(GError) error = NULL;
  gsize n = sonde_table_get_n_rows (table);

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
  g_assert_cmpuint (cv->n_folds, ==, 10);
  g_test_message ("%s %s: Sonde %.10g, scikit-learn %.10g", ref->file, ref->learner, cv->mean, ref->reference);
  g_assert_cmpfloat_with_epsilon (cv->mean, ref->reference, ref->tolerance);
}

/* ------------------------------------------------------------------ */
/* Single models against scikit-learn                                  */

static JsonObject *
model_json (SondeLearner *learner,
            JsonParser   *parser)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = sonde_learner_to_json (learner, &error);

  g_assert_no_error (error);
  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  return json_node_get_object (json_parser_get_root (parser));
}

static guint
n_nodes (SondeLearner *learner)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root = model_json (learner, parser);

  return json_object_get_int_member (json_object_get_object_member (root, "model"), "n_nodes");
}

static void
test_cart_shapes (void)
{
  /* DecisionTreeClassifier(random_state=0, **kw).fit(X, y).tree_.node_count
   * on iris for each kw below. */
  const struct { const char *name, *value; guint nodes; } cases[] = {
    { NULL, NULL, 17 },
    { "ccp_alpha", "0.01", 9 },
    { "ccp_alpha", "0.02", 7 },
    { "max_depth", "2", 5 },
    { "min_samples_leaf", "5", 11 },
    { "criterion", "entropy", 17 },
    { "min_samples_split", "20", 11 },
    { "min_impurity_decrease", "0.01", 9 },
    { "ccp_alpha", "10", 1 },
  };
  g_autoptr(SondeTable) iris = load_fixture ("iris.csv");
  g_auto(GStrv) features = features_of (iris, "species");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SondeLearner) cart = sonde_learner_new ("cart", NULL);
      g_autoptr(GError) error = NULL;

      if (cases[i].name != NULL)
        g_assert_true (sonde_learner_set_param (cart, cases[i].name, cases[i].value, NULL));
      g_assert_true (sonde_learner_fit (cart, iris, (const char * const *) features, "species", &error));
      g_assert_no_error (error);
      g_test_message ("%s=%s", cases[i].name != NULL ? cases[i].name : "(defaults)", cases[i].value != NULL ? cases[i].value : "");
      g_assert_cmpuint (n_nodes (cart), ==, cases[i].nodes);
    }
}

/* A forest file as Sonde wrote them before the forests grew on bins and
 * took a threads parameter (the file format is the same, version 1):
 * it still loads, without "threads", and predicts through the compact
 * trees. Its first tree is stored breadth first with the root's left
 * child last, which the compact trees lay out depth first again; the
 * second is a single leaf. */
static void
test_forest_old_file (void)
{
  static const char json[] =
    "{\"format\": \"sonde-model\", \"version\": 1, \"learner\": \"random-forest\","
    " \"task\": \"classification\","
    " \"params\": {\"n_estimators\": 2.0, \"criterion\": \"gini\", \"max_depth\": 3.0,"
    "   \"min_samples_split\": 2.0, \"min_samples_leaf\": 1.0, \"max_features\": \"auto\","
    "   \"bootstrap\": true, \"seed\": 0.0},"
    " \"features\": [{\"name\": \"sepal_length\", \"type\": \"real\", \"fill\": 5.8},"
    "   {\"name\": \"sepal_width\", \"type\": \"real\", \"fill\": 3.0},"
    "   {\"name\": \"petal_length\", \"type\": \"real\", \"fill\": 3.7},"
    "   {\"name\": \"petal_width\", \"type\": \"real\", \"fill\": 1.2}],"
    " \"target\": \"species\", \"target_type\": \"categorical\","
    " \"classes\": [\"setosa\", \"versicolor\", \"virginica\"],"
    " \"model\": {\"n_trees\": 2, \"max_features\": 2, \"trees\": ["
    "   {\"n_nodes\": 5, \"feature\": [3, 2, -1, -1, -1], \"threshold\": [0.8, 4.95, 0, 0, 0],"
    "    \"left\": [2, 3, -1, -1, -1], \"right\": [1, 4, -1, -1, -1],"
    "    \"n_samples\": [150, 100, 50, 54, 46], \"impurity\": [0.667, 0.5, 0, 0.17, 0.04],"
    "    \"value\": [0.33, 0.33, 0.34, 0, 0.5, 0.5, 1, 0, 0, 0, 1, 0, 0, 0, 1]},"
    "   {\"n_nodes\": 1, \"feature\": [-1], \"threshold\": [0], \"left\": [-1], \"right\": [-1],"
    "    \"n_samples\": [150], \"impurity\": [0.625], \"value\": [0.5, 0.25, 0.25]}]}}";
  const double rows[] = {
    5.1, 3.5, 1.4, 0.2,
    6.0, 3.0, 4.5, 1.5,
    6.0, 3.0, 5.5, 2.0,
  };
  const double expected[] = {
    0.75, 0.125, 0.125,
    0.25, 0.625, 0.125,
    0.25, 0.125, 0.625,
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(SondeLearner) forest = sonde_learner_new_from_json (json, -1, &error);
  double proba[9], pred[3];

  g_assert_no_error (error);
  g_assert_nonnull (forest);
  g_assert_true (sonde_learner_predict_proba_matrix (forest, rows, 3, proba));
  for (guint i = 0; i < 9; i++)
    g_assert_cmpfloat_with_epsilon (proba[i], expected[i], 1e-12);
  sonde_learner_predict_matrix (forest, rows, 3, pred);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpfloat (pred[i], ==, i);

  /* A "tree" whose two nodes share a child is refused, not laid out. */
  {
    g_autoptr(GString) shared = g_string_new (json);
    g_autoptr(SondeLearner) none = NULL;

    g_string_replace (shared, "\"left\": [2, 3, -1, -1, -1]", "\"left\": [2, 2, -1, -1, -1]", 1);
    none = sonde_learner_new_from_json (shared->str, -1, &error);
    g_assert_null (none);
    g_assert_error (error, SONDE_ERROR, SONDE_ERROR_PARSE);
    g_assert_nonnull (strstr (error->message, "share a child"));
  }
}

/* Histogram boosting's early stopping: on breast cancer (569 rows, so
 * off by default as scikit-learn's "auto") every iteration is kept; with
 * early_stopping=true the validation loss stops improving long before
 * 1000 iterations of a large learning rate. */
static void
test_hist_boosting_stops (void)
{
  g_autoptr(SondeTable) table = load_fixture ("breast_cancer.csv");
  g_auto(GStrv) features = features_of (table, "diagnosis");
  g_autoptr(SondeLearner) all = sonde_learner_new ("hist-gradient-boosting", NULL);
  g_autoptr(SondeLearner) stops = sonde_learner_new ("hist-gradient-boosting", NULL);
  g_autoptr(JsonParser) p1 = json_parser_new ();
  g_autoptr(JsonParser) p2 = json_parser_new ();
  g_autoptr(GError) error = NULL;
  gint64 kept, stopped;

  g_assert_true (sonde_learner_set_param (all, "max_iter", "40", NULL));
  g_assert_true (sonde_learner_fit (all, table, (const char * const *) features, "diagnosis", &error));
  g_assert_no_error (error);
  kept = json_object_get_int_member (json_object_get_object_member (model_json (all, p1), "model"), "n_stages");
  g_assert_cmpint (kept, ==, 40);

  g_assert_true (sonde_learner_set_param (stops, "max_iter", "1000", NULL));
  g_assert_true (sonde_learner_set_param (stops, "learning_rate", "0.5", NULL));
  g_assert_true (sonde_learner_set_param (stops, "early_stopping", "true", NULL));
  g_assert_true (sonde_learner_set_param (stops, "n_iter_no_change", "5", NULL));
  g_assert_true (sonde_learner_fit (stops, table, (const char * const *) features, "diagnosis", &error));
  g_assert_no_error (error);
  stopped = json_object_get_int_member (json_object_get_object_member (model_json (stops, p2), "model"), "n_stages");
  g_test_message ("early stopping after %" G_GINT64_FORMAT " iterations", stopped);
  g_assert_cmpint (stopped, >=, 6);
  g_assert_cmpint (stopped, <, 200);
}

/* 40 000 rows (three blocks of histogram rows): the same boosting on one
 * thread or two. */
static void
test_hist_boosting_threads (void)
{
  g_autoptr(SondeLearner) one = sonde_learner_new ("hist-gradient-boosting", NULL);
  g_autoptr(SondeLearner) two = sonde_learner_new ("hist-gradient-boosting", NULL);
  g_autofree double *x = g_new (double, 40000 * 3);
  g_autofree double *y = g_new (double, 40000);
  g_autoptr(GError) error = NULL;
  g_autofree char *j1 = NULL, *j2 = NULL;

  for (guint i = 0; i < 40000; i++)
    {
      for (guint j = 0; j < 3; j++)
        x[i * 3 + j] = sin (i * (0.37 + j)) * 3 + (i * (j + 1)) % 11;
      y[i] = x[i * 3] + 0.5 * x[i * 3 + 1] + sin (i * 1.3) > 5;
    }
  g_assert_true (sonde_learner_set_param (one, "threads", "1", NULL));
  g_assert_true (sonde_learner_set_param (two, "threads", "2", NULL));
  g_assert_true (sonde_learner_set_param (one, "max_iter", "5", NULL));
  g_assert_true (sonde_learner_set_param (two, "max_iter", "5", NULL));
  g_assert_true (sonde_learner_fit_matrix (one, SONDE_TASK_CLASSIFICATION, x, 40000, 3, y, 2, &error));
  g_assert_true (sonde_learner_fit_matrix (two, SONDE_TASK_CLASSIFICATION, x, 40000, 3, y, 2, &error));
  g_assert_no_error (error);
  j1 = sonde_learner_to_json (one, NULL);
  j2 = sonde_learner_to_json (two, NULL);
  g_assert_nonnull (strstr (j1, "\"trees\""));
  g_assert_cmpstr (strstr (j1, "\"trees\""), ==, strstr (j2, "\"trees\""));
}

static void
test_forest (void)
{
  g_autoptr(SondeTable) iris = load_fixture ("iris.csv");
  g_auto(GStrv) features = features_of (iris, "species");
  g_autoptr(SondeLearner) a = sonde_learner_new ("random-forest", NULL);
  g_autoptr(SondeLearner) b = sonde_learner_new ("random-forest", NULL);
  g_autoptr(SondeLearner) c = sonde_learner_new ("random-forest", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *ja = NULL, *jb = NULL, *jc = NULL, *desc = NULL;
  g_autofree double *p = NULL;

  g_assert_true (sonde_learner_set_param (a, "n_estimators", "20", NULL));
  g_assert_true (sonde_learner_set_param (b, "n_estimators", "20", NULL));
  g_assert_true (sonde_learner_set_param (c, "n_estimators", "20", NULL));
  g_assert_true (sonde_learner_set_param (c, "seed", "7", NULL));
  g_assert_true (sonde_learner_fit (a, iris, (const char * const *) features, "species", &error));
  g_assert_true (sonde_learner_fit (b, iris, (const char * const *) features, "species", &error));
  g_assert_true (sonde_learner_fit (c, iris, (const char * const *) features, "species", &error));
  g_assert_no_error (error);
  ja = sonde_learner_to_json (a, NULL);
  jb = sonde_learner_to_json (b, NULL);
  jc = sonde_learner_to_json (c, NULL);
  /* The same seed, the same forest; another seed, another forest. */
  g_assert_cmpstr (ja, ==, jb);
  g_assert_cmpstr (ja, !=, jc);

  /* Probabilities are shares of 20 trees, and sum to 1. */
  p = sonde_learner_predict_proba (a, iris, NULL, 150, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 150; i++)
    g_assert_cmpfloat_with_epsilon (p[i * 3] + p[i * 3 + 1] + p[i * 3 + 2], 1.0, 1e-12);
  g_assert_cmpfloat (p[0], ==, 1.0);

  desc = sonde_learner_describe (a);
  g_assert_nonnull (strstr (desc, "20 trees"));
  g_assert_nonnull (strstr (desc, "trying 2 of the 4 columns"));

  /* The same seed, the same forest on one thread or three. */
  {
    g_autoptr(SondeLearner) one = sonde_learner_new ("random-forest", NULL);
    g_autoptr(SondeLearner) three = sonde_learner_new ("random-forest", NULL);
    g_autofree char *j1 = NULL, *j3 = NULL;

    g_assert_true (sonde_learner_set_param (one, "threads", "1", NULL));
    g_assert_true (sonde_learner_set_param (three, "threads", "3", NULL));
    g_assert_true (sonde_learner_set_param (one, "n_estimators", "20", NULL));
    g_assert_true (sonde_learner_set_param (three, "n_estimators", "20", NULL));
    g_assert_true (sonde_learner_fit (one, iris, (const char * const *) features, "species", &error));
    g_assert_true (sonde_learner_fit (three, iris, (const char * const *) features, "species", &error));
    g_assert_no_error (error);
    j1 = sonde_learner_to_json (one, NULL);
    j3 = sonde_learner_to_json (three, NULL);
    g_assert_nonnull (strstr (j1, "\"threads\" : 1"));
    g_assert_nonnull (strstr (j3, "\"threads\" : 3"));
    g_assert_nonnull (strstr (j1, "\"trees\""));
    g_assert_cmpstr (strstr (j1, "\"trees\""), ==, strstr (j3, "\"trees\""));
  }
}

static void
test_cart_regression (void)
{
  /* t = DecisionTreeRegressor(random_state=0, max_depth=3).fit(X, y) on
   * diabetes: t.tree_.node_count, t.predict(X[:3]). */
  const double expected[3] = { 208.57142857142858, 83.36904761904762, 208.57142857142858 };
  g_autoptr(SondeTable) table = load_fixture ("diabetes.csv");
  g_auto(GStrv) features = features_of (table, "progression");
  g_autoptr(SondeLearner) cart = sonde_learner_new ("cart", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree double *pred = NULL;

  g_assert_true (sonde_learner_set_param (cart, "max_depth", "3", NULL));
  g_assert_true (sonde_learner_fit (cart, table, (const char * const *) features, "progression", &error));
  g_assert_no_error (error);
  g_assert_cmpint (sonde_learner_get_task (cart), ==, SONDE_TASK_REGRESSION);
  g_assert_cmpuint (n_nodes (cart), ==, 15);
  pred = sonde_learner_predict (cart, table, NULL, 3, &error);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpfloat_with_epsilon (pred[i], expected[i], 1e-9);
}

/* The penalised log loss Σ −log p(y) + ||w||² / 2 that logistic
 * regression minimises (C = 1), of the weights in a model file. */
static double
logistic_objective (SondeTable *table,
                    const char *target,
                    JsonArray  *w,
                    guint       m)
{
  g_autofree guint32 *y = sonde_learner_encode_classes (table, target, NULL, NULL);
  guint n = sonde_table_get_n_rows (table), d = sonde_table_get_n_columns (table) - 1;
  double loss = 0;

  for (guint i = 0; i < n; i++)
    {
      double z[16], top = -INFINITY, sum = 0;

      for (guint c = 0; c < m; c++)
        {
          z[c] = json_array_get_double_element (w, c * (d + 1) + d);
          for (guint j = 0; j < d; j++)
            z[c] += json_array_get_double_element (w, c * (d + 1) + j) *
                    sonde_column_get_number (sonde_table_get_column (table, j), i);
        }
      if (m == 1)
        loss += (z[0] > 0 ? z[0] + log1p (exp (-z[0])) : log1p (exp (z[0]))) - (y[i] == 1 ? z[0] : 0);
      else
        {
          for (guint c = 0; c < m; c++)
            top = MAX (top, z[c]);
          for (guint c = 0; c < m; c++)
            sum += exp (z[c] - top);
          loss += top + log (sum) - z[y[i]];
        }
    }
  for (guint c = 0; c < m; c++)
    for (guint j = 0; j < d; j++)
      loss += 0.5 * pow (json_array_get_double_element (w, c * (d + 1) + j), 2);
  return loss;
}

static void
test_logistic_optimum (void)
{
  /* m = LogisticRegression(max_iter=100000, tol=1e-12).fit(X, y) on iris:
   * m.coef_, m.intercept_, m.predict_proba(X[:2]), and the objective
   *   Z = X @ m.coef_.T + m.intercept_
   *   (logsumexp(Z, axis=1) - Z[range(150), codes]).sum() + 0.5 * (m.coef_**2).sum()
   * (scipy.special.logsumexp; codes = the species as 0, 1, 2). Even so
   * scikit-learn stops (on its ftol) a little short of the optimum, and
   * Sonde's objective is lower: the weights agree to 1e-3 (the
   * intercepts, which move along a flat valley, to 1e-2), the
   * probabilities to 1e-5. */
  const double coef[3][4] = {
    { -0.42305431935746224, 0.9671297223529787, -2.5173861532076667, -1.079541177264922 },
    { 0.5340655779895052, -0.32128899396651733, -0.20624041423408926, -0.9442043826194948 },
    { -0.11101125863203942, -0.6458407283864623, 2.7236265674417517, 2.0237455598844214 },
  };
  const double intercept[3] = { 9.848606570112947, 2.238043520298953, -12.086650090412059 };
  const double proba[2][3] = {
    { 0.9815857562405158, 0.01841422926857547, 1.4490908726697348e-08 },
    { 0.9713423694198006, 0.028657600402364657, 3.0177834559606704e-08 },
  };
  const double sklearn_objective = 28.886317125924595;
  g_autoptr(SondeTable) iris = load_fixture ("iris.csv");
  g_auto(GStrv) features = features_of (iris, "species");
  g_autoptr(SondeLearner) lr = sonde_learner_new ("logistic", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree double *p = NULL;
  JsonArray *w;
  double objective;

  g_assert_true (sonde_learner_fit (lr, iris, (const char * const *) features, "species", &error));
  g_assert_no_error (error);
  w = json_object_get_array_member (json_object_get_object_member (model_json (lr, parser), "model"), "weights");
  g_assert_cmpuint (json_array_get_length (w), ==, 15);
  for (guint c = 0; c < 3; c++)
    {
      for (guint j = 0; j < 4; j++)
        g_assert_cmpfloat_with_epsilon (json_array_get_double_element (w, c * 5 + j), coef[c][j], 1e-3);
      g_assert_cmpfloat_with_epsilon (json_array_get_double_element (w, c * 5 + 4), intercept[c], 1e-2);
    }
  objective = logistic_objective (iris, "species", w, 3);
  g_test_message ("objective: Sonde %.17g, scikit-learn %.17g", objective, sklearn_objective);
  g_assert_cmpfloat (objective, <=, sklearn_objective);
  g_assert_cmpfloat (objective, >=, sklearn_objective - 1e-5);
  p = sonde_learner_predict_proba (lr, iris, NULL, 2, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 2; i++)
    for (guint c = 0; c < 3; c++)
      g_assert_cmpfloat_with_epsilon (p[i * 3 + c], proba[i][c], 1e-5);
}

static void
test_logistic_binary (void)
{
  /* The same on breast_cancer (binary, malignant = 1):
   *   z = X @ m.coef_[0] + m.intercept_[0]
   *   (np.logaddexp(0, z) - y * z).sum() + 0.5 * (m.coef_**2).sum()
   * Here scikit-learn stops well short (tol=1e-12 and 100000 iterations,
   * yet it ends on ftol after 2447), on columns whose scales differ by
   * 10⁵; Sonde's Newton steps reach a lower objective. */
  const double sklearn_objective = 53.8077262273697;
  g_autoptr(SondeTable) table = load_fixture ("breast_cancer.csv");
  g_auto(GStrv) features = features_of (table, "diagnosis");
  g_autoptr(SondeLearner) lr = sonde_learner_new ("logistic", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *model;
  double objective;

  g_assert_true (sonde_learner_fit (lr, table, (const char * const *) features, "diagnosis", &error));
  g_assert_no_error (error);
  model = json_object_get_object_member (model_json (lr, parser), "model");
  g_assert_true (json_object_get_boolean_member (model, "converged"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (model, "weights")), ==, 31);
  objective = logistic_objective (table, "diagnosis", json_object_get_array_member (model, "weights"), 1);
  g_test_message ("objective: Sonde %.17g, scikit-learn %.17g", objective, sklearn_objective);
  g_assert_cmpfloat (objective, <=, sklearn_objective);
  g_assert_cmpfloat (objective, >=, sklearn_objective - 0.1);
}

/* ------------------------------------------------------------------ */
/* k-means                                                             */

static double
kmeans_inertia (SondeLearner *learner)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root = model_json (learner, parser);

  return json_object_get_double_member (json_object_get_object_member (root, "model"), "inertia");
}

static void
test_kmeans (void)
{
  /* For each case, with X = the fixture's columns but the target:
   *   KMeans(n_clusters=k, n_init=10, random_state=0).fit(X).inertia_
   * and the least of KMeans(n_clusters=k, n_init=1, random_state=s)
   * .fit(X).inertia_ over s in range(50). Where the optimum is clear
   * both give it; elsewhere Sonde's starts (SplitMix64, not NumPy) may end
   * in another local optimum, better or worse, within the tolerance. */
  const struct { const char *file, *target; guint k; double sklearn, best, rel_tol; } cases[] = {
    { "iris.csv", "species", 3, 78.851441426146, 78.851441426146, 1e-12 },
    { "iris.csv", "species", 5, 46.47223015873017, 46.446182051282065, 1e-3 },
    { "wine.csv", "class", 3, 2370689.686782969, 2370689.686782969, 1e-12 },
    { "breast_cancer.csv", "diagnosis", 2, 77943099.8782988, 77943099.8782988, 1e-12 },
    { "digits.csv", "digit", 10, 1165177.713706215, 1165177.956424016, 1e-3 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SondeTable) table = load_fixture (cases[i].file);
      g_auto(GStrv) features = features_of (table, cases[i].target);
      g_autoptr(SondeLearner) km = sonde_learner_new ("kmeans", NULL);
      g_autoptr(SondeLearner) again = sonde_learner_new ("kmeans", NULL);
      g_autoptr(GError) error = NULL;
      g_autofree char *k = g_strdup_printf ("%u", cases[i].k);
      double inertia;

      g_assert_true (sonde_learner_set_param (km, "n_clusters", k, NULL));
      g_assert_true (sonde_learner_set_param (again, "n_clusters", k, NULL));
      g_assert_true (sonde_learner_fit (km, table, (const char * const *) features, NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpint (sonde_learner_get_task (km), ==, SONDE_TASK_CLUSTERING);
      inertia = kmeans_inertia (km);
      g_test_message ("%s k=%u: Sonde %.17g, scikit-learn %.17g", cases[i].file, cases[i].k, inertia, cases[i].sklearn);
      g_assert_cmpfloat_with_epsilon (inertia, cases[i].sklearn, cases[i].rel_tol * cases[i].sklearn);
      g_assert_cmpfloat (inertia, >=, cases[i].best * (1 - 1e-12));

      /* The same seed, the same clusters. */
      g_assert_true (sonde_learner_fit (again, table, (const char * const *) features, NULL, &error));
      g_assert_cmpfloat (kmeans_inertia (again), ==, inertia);
    }

  /* 20 000 rows (three chunks of the assignment and k-means++ passes):
   * the same clusters on one thread or two. */
  {
    g_autoptr(SondeLearner) one = sonde_learner_new ("kmeans", NULL);
    g_autoptr(SondeLearner) two = sonde_learner_new ("kmeans", NULL);
    g_autoptr(JsonParser) p1 = json_parser_new ();
    g_autoptr(JsonParser) p2 = json_parser_new ();
    g_autoptr(GError) error = NULL;
    g_autofree double *x = g_new (double, 20000 * 3);
    g_autoptr(JsonGenerator) gen = json_generator_new ();
    g_autofree char *c1 = NULL, *c2 = NULL;
    JsonObject *m1, *m2;

    for (guint i = 0; i < 20000 * 3; i++)
      x[i] = sin (i * 0.7) * 5 + (i % 7);
    g_assert_true (sonde_learner_set_param (one, "threads", "1", NULL));
    g_assert_true (sonde_learner_set_param (two, "threads", "2", NULL));
    g_assert_true (sonde_learner_set_param (one, "n_init", "2", NULL));
    g_assert_true (sonde_learner_set_param (two, "n_init", "2", NULL));
    g_assert_true (sonde_learner_fit_matrix (one, SONDE_TASK_CLUSTERING, x, 20000, 3, NULL, 0, &error));
    g_assert_true (sonde_learner_fit_matrix (two, SONDE_TASK_CLUSTERING, x, 20000, 3, NULL, 0, &error));
    g_assert_no_error (error);
    m1 = json_object_get_object_member (model_json (one, p1), "model");
    m2 = json_object_get_object_member (model_json (two, p2), "model");
    json_generator_set_root (gen, json_object_get_member (m1, "centers"));
    c1 = json_generator_to_data (gen, NULL);
    json_generator_set_root (gen, json_object_get_member (m2, "centers"));
    c2 = json_generator_to_data (gen, NULL);
    g_assert_cmpstr (c1, ==, c2);
    g_assert_cmpfloat (json_object_get_double_member (m1, "inertia"), ==,
                       json_object_get_double_member (m2, "inertia"));
  }

  /* Predictions are the nearest centre; on iris the setosa rows (the
   * first 50) form a cluster of their own. */
  {
    g_autoptr(SondeTable) iris = load_fixture ("iris.csv");
    g_auto(GStrv) features = features_of (iris, "species");
    g_autoptr(SondeLearner) km = sonde_learner_new ("kmeans", NULL);
    g_autoptr(GError) error = NULL;
    g_autofree double *pred = NULL;
    g_autofree char *desc = NULL;

    g_assert_true (sonde_learner_set_param (km, "n_clusters", "3", NULL));
    g_assert_true (sonde_learner_fit (km, iris, (const char * const *) features, NULL, &error));
    pred = sonde_learner_predict (km, iris, NULL, 150, &error);
    g_assert_no_error (error);
    for (guint i = 1; i < 50; i++)
      g_assert_cmpfloat (pred[i], ==, pred[0]);
    for (guint i = 50; i < 150; i++)
      g_assert_cmpfloat (pred[i], !=, pred[0]);
    g_assert_null (sonde_learner_predict_proba (km, iris, NULL, 150, &error));
    g_assert_error (error, SONDE_ERROR, SONDE_ERROR_INVALID);
    g_clear_error (&error);
    desc = sonde_learner_describe (km);
    g_assert_nonnull (strstr (desc, "38, 50, 62"));

    /* Errors: a target, or more clusters than rows. */
    g_assert_false (sonde_learner_fit (km, iris, (const char * const *) features, "species", &error));
    g_assert_error (error, SONDE_ERROR, SONDE_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "without a target"));
    g_clear_error (&error);
    g_assert_true (sonde_learner_set_param (km, "n_clusters", "151", NULL));
    g_assert_false (sonde_learner_fit (km, iris, (const char * const *) features, NULL, &error));
    g_assert_nonnull (strstr (error->message, "n_clusters"));
    g_clear_error (&error);
  }
  /* A supervised learner without a target. */
  {
    g_autoptr(SondeTable) iris = load_fixture ("iris.csv");
    g_auto(GStrv) features = features_of (iris, "species");
    g_autoptr(SondeLearner) cart = sonde_learner_new ("cart", NULL);
    g_autoptr(GError) error = NULL;

    g_assert_false (sonde_learner_fit (cart, iris, (const char * const *) features, NULL, &error));
    g_assert_error (error, SONDE_ERROR, SONDE_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "target"));
  }
}

/* ------------------------------------------------------------------ */
/* In a worker thread                                                  */

static void
async_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static void
progress_cb (double   fraction,
             gpointer user_data)
{
  GArray *seen = user_data;

  g_array_append_val (seen, fraction);
}

static void
test_async (void)
{
  g_autoptr(SondeTable) iris = load_fixture ("iris.csv");
  g_auto(GStrv) features = features_of (iris, "species");
  g_autoptr(SondeLearner) cart = sonde_learner_new ("cart", NULL);
  g_autoptr(GAsyncResult) fit_result = NULL;
  g_autoptr(GAsyncResult) cv_result = NULL;
  g_autoptr(GAsyncResult) cancelled_result = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GArray) seen = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(SondeCvResult) cv = NULL;
  g_autoptr(SondeCvResult) sync = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree guint32 *codes = sonde_learner_encode_classes (iris, "species", NULL, NULL);
  g_autoptr(SondeFolds) folds = sonde_folds_stratified_kfold (codes, 150, 5, 3, 0, NULL);

  sonde_learner_fit_async (cart, iris, (const char * const *) features, "species", NULL, async_done_cb, &fit_result);
  while (fit_result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (sonde_learner_fit_finish (cart, fit_result, &error));
  g_assert_no_error (error);
  g_assert_true (sonde_learner_is_fitted (cart));

  sonde_learner_cross_validate_async (cart, iris, (const char * const *) features, "species", folds,
                                      NULL, progress_cb, seen, async_done_cb, &cv_result);
  while (cv_result == NULL)
    g_main_context_iteration (NULL, TRUE);
  cv = sonde_learner_cross_validate_finish (cv_result, &error);
  g_assert_no_error (error);
  sync = sonde_learner_cross_validate (cart, iris, (const char * const *) features, "species", folds, &error);
  g_assert_cmpfloat (cv->mean, ==, sync->mean);
  g_assert_cmpuint (seen->len, ==, 6);
  g_assert_cmpfloat (g_array_index (seen, double, 0), ==, 0.0);
  g_assert_cmpfloat (g_array_index (seen, double, 5), ==, 1.0);

  g_cancellable_cancel (cancellable);
  sonde_learner_cross_validate_async (cart, iris, (const char * const *) features, "species", folds,
                                      cancellable, NULL, NULL, async_done_cb, &cancelled_result);
  while (cancelled_result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (sonde_learner_cross_validate_finish (cancelled_result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* The .632+ bootstrap: its parts checked against direct computations
 * (the training error of a fit on all rows, the no-information error by
 * its O(n²) definition, Efron and Tibshirani's (1997) formulas 27-32),
 * and its estimate against the 10-fold score. */
static void
check_632plus (const char *file,
               const char *target,
               const char *learner_name,
               double      cv_reference,
               double      tolerance)
{
  g_autoptr(SondeTable) table = load_fixture (file);
  g_auto(GStrv) features = features_of (table, target);
  g_autoptr(SondeLearner) learner = sonde_learner_new (learner_name, NULL);
  g_autoptr(SondeLearner) full = sonde_learner_new (learner_name, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree SondeBootstrapResult *r = NULL;
  g_autofree SondeBootstrapResult *again = NULL;
  g_autofree double *pred = NULL;
  guint n = sonde_table_get_n_rows (table);
  SondeColumn *y = sonde_table_find_column (table, target);
  gboolean classify;
  double err_train = 0, gamma = 0, err1, rel, w;

  r = sonde_learner_bootstrap_632plus (learner, table, (const char * const *) features, target, 50, 3, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (r);
  again = sonde_learner_bootstrap_632plus (learner, table, (const char * const *) features, target, 50, 3, NULL, &error);
  g_assert_cmpfloat (again->err_632plus, ==, r->err_632plus);
  classify = r->task == SONDE_TASK_CLASSIFICATION;

  g_assert_true (sonde_learner_fit (full, table, (const char * const *) features, target, &error));
  pred = sonde_learner_predict (full, table, NULL, n, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < n; i++)
    {
      double truth = classify ? 0 : sonde_column_get_number (y, i);
      g_autofree char *label = classify ? sonde_column_format_value (y, i) : NULL;

      if (classify)
        err_train += strcmp (sonde_learner_get_class_label (full, pred[i]), label) != 0;
      else
        err_train += (truth - pred[i]) * (truth - pred[i]);
      for (guint j = 0; j < n; j++)
        if (classify)
          gamma += strcmp (sonde_learner_get_class_label (full, pred[j]), label) != 0;
        else
          gamma += (truth - pred[j]) * (truth - pred[j]);
    }
  err_train /= n;
  gamma /= (double) n * n;
  g_assert_cmpfloat_with_epsilon (r->err_train, err_train, 1e-9 * MAX (1, err_train));
  g_assert_cmpfloat_with_epsilon (r->no_info, gamma, 1e-9 * MAX (1, gamma));

  err1 = MIN (r->err_oob, r->no_info);
  rel = err1 > r->err_train && r->no_info > r->err_train ? (err1 - r->err_train) / (r->no_info - r->err_train) : 0;
  w = 0.632 / (1 - 0.368 * rel);
  g_assert_cmpfloat_with_epsilon (r->relative_overfit, rel, 1e-12);
  g_assert_cmpfloat_with_epsilon (r->err_632plus, (1 - w) * r->err_train + w * err1, 1e-9 * MAX (1, err1));
  g_assert_cmpfloat_with_epsilon (r->err_632, 0.368 * r->err_train + 0.632 * r->err_oob, 1e-9 * MAX (1, err1));
  g_assert_cmpfloat (r->err_632plus, >=, r->err_632 - 1e-12);

  g_test_message ("%s %s: .632+ %.4f, 10-fold %.4f", file, learner_name,
                  classify ? 1 - r->err_632plus : r->err_632plus, cv_reference);
  if (classify)
    g_assert_cmpfloat_with_epsilon (1 - r->err_632plus, cv_reference, tolerance);
  else
    g_assert_cmpfloat_with_epsilon (r->err_632plus, cv_reference, tolerance * cv_reference);
}

static void
test_bootstrap (void)
{
  /* The 10-fold accuracies of the scikit-learn table above. */
  check_632plus ("iris.csv", "species", "cart", 0.9466666666666667, 0.03);
  check_632plus ("wine.csv", "class", "gaussian-nb", 0.9552287581699346, 0.03);
  /* A regression: the mean squared error, against the 10-fold one of
   * sklearn's cross_val_score(Ridge(), X, y, cv=PredefinedSplit(folds),
   * scoring="neg_mean_squared_error").mean() = −2987.868080284933, to 10 %. */
  check_632plus ("diabetes.csv", "progression", "ridge", 2987.868080284933, 0.1);

  {
    g_autoptr(SondeTable) iris = load_fixture ("iris.csv");
    g_auto(GStrv) features = features_of (iris, "species");
    g_autoptr(SondeLearner) cart = sonde_learner_new ("cart", NULL);
    g_autoptr(GError) error = NULL;

    g_assert_null (sonde_learner_bootstrap_632plus (cart, iris, (const char * const *) features, "species", 1, 0, NULL, &error));
    g_assert_error (error, SONDE_ERROR, SONDE_ERROR_INVALID);
  }
}

/* json-glib 1.6 writes 1e-25 as "1e-25.0"; model files must not. */
static void
test_json_numbers (void)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  const double values[] = { 1e-25, 5e-05, 1e300, -2e-10, 0.5, 3.0, 1.0000000000000001e-09 };
  JsonArray *array;

  json_builder_begin_array (b);
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    json_builder_add_double_value (b, values[i]);
  json_builder_add_string_value (b, "1e5.0 \"e7.0\" stays");
  json_builder_end_array (b);
  root = json_builder_get_root (b);
  text = sonde_json_node_to_string (root, FALSE);
  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  g_assert_no_error (error);
  array = json_node_get_array (json_parser_get_root (parser));
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    g_assert_cmpfloat (json_array_get_double_element (array, i), ==, values[i]);
  g_assert_cmpstr (json_array_get_string_element (array, G_N_ELEMENTS (values)), ==, "1e5.0 \"e7.0\" stays");

  /* A model with such a parameter saves and loads. */
  {
    g_autoptr(SondeTable) iris = load_fixture ("iris.csv");
    g_auto(GStrv) features = features_of (iris, "species");
    g_autoptr(SondeLearner) nb = sonde_learner_new ("gaussian-nb", NULL);
    g_autoptr(SondeLearner) loaded = NULL;
    g_autofree char *json = NULL;

    g_assert_true (sonde_learner_set_param (nb, "var_smoothing", "1e-25", NULL));
    g_assert_true (sonde_learner_fit (nb, iris, (const char * const *) features, "species", &error));
    json = sonde_learner_to_json (nb, &error);
    loaded = sonde_learner_new_from_json (json, -1, &error);
    g_assert_no_error (error);
    g_assert_cmpfloat (sonde_learner_get_param (loaded, "var_smoothing"), ==, 1e-25);
  }
}

/* ------------------------------------------------------------------ */
/* Model files                                                         */

static void
test_save_load (void)
{
  g_autoptr(SondeTable) iris = load_fixture ("iris.csv");
  g_autoptr(SondeTable) diabetes = load_fixture ("diabetes.csv");
  g_auto(GStrv) iris_features = features_of (iris, "species");
  g_auto(GStrv) diabetes_features = features_of (diabetes, "progression");
  const char * const *names = sonde_learner_list_names ();

  for (guint l = 0; names[l] != NULL; l++)
    for (guint regression = 0; regression < 2; regression++)
      {
        g_autoptr(SondeLearner) learner = sonde_learner_new (names[l], NULL);
        g_autoptr(SondeLearner) loaded = NULL;
        g_autoptr(GError) error = NULL;
        g_autofree char *path = NULL;
        g_autofree double *before = NULL, *after = NULL;
        g_autofree double *pb = NULL, *pa = NULL;
        g_autofree char *desc = NULL;
        SondeTable *table = regression ? diabetes : iris;
        char **features = regression ? diabetes_features : iris_features;
        const char *target = regression ? "progression" : "species";
        guint n = sonde_table_get_n_rows (table);
        int fd;

        if (sonde_learner_get_task (learner) == SONDE_TASK_CLUSTERING)
          {
            if (regression)
              continue;
            target = NULL;
          }
        if (!sonde_learner_fit (learner, table, (const char * const *) features, target, &error))
          {
            /* A classifier on a numeric target, or the reverse. */
            g_assert_error (error, SONDE_ERROR, SONDE_ERROR_INVALID);
            continue;
          }
        fd = g_file_open_tmp ("sonde-model-XXXXXX.json", &path, &error);
        g_assert_no_error (error);
        close (fd);
        g_assert_true (sonde_learner_save (learner, path, &error));
        g_assert_no_error (error);
        loaded = sonde_learner_load (path, &error);
        g_assert_no_error (error);
        g_assert_nonnull (loaded);
        g_unlink (path);

        g_assert_cmpstr (sonde_learner_get_name (loaded), ==, names[l]);
        g_assert_cmpint (sonde_learner_get_task (loaded), ==, sonde_learner_get_task (learner));
        g_assert_cmpstrv (sonde_learner_get_features (loaded), sonde_learner_get_features (learner));
        before = sonde_learner_predict (learner, table, NULL, n, &error);
        after = sonde_learner_predict (loaded, table, NULL, n, &error);
        g_assert_no_error (error);
        for (guint i = 0; i < n; i++)
          g_assert_cmpfloat (before[i], ==, after[i]);
        if (target == NULL)
          continue;
        if (!regression)
          {
            pb = sonde_learner_predict_proba (learner, table, NULL, n, &error);
            pa = sonde_learner_predict_proba (loaded, table, NULL, n, &error);
            g_assert_no_error (error);
            for (guint i = 0; i < n * 3; i++)
              g_assert_cmpfloat (pb[i], ==, pa[i]);
            g_assert_cmpstr (sonde_learner_get_class_label (loaded, 2), ==, "virginica");
          }
        desc = sonde_learner_describe (loaded);
        g_assert_nonnull (strstr (desc, target));
      }
}

static void
test_model_columns (void)
{
  g_autoptr(SondeTable) iris = load_fixture ("iris.csv");
  g_auto(GStrv) features = features_of (iris, "species");
  g_autoptr(SondeLearner) cart = sonde_learner_new ("cart", NULL);
  g_autoptr(SondeTable) other = sonde_table_new ("other");
  g_autoptr(SondeTable) typed = sonde_table_new ("typed");
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;

  g_assert_true (sonde_learner_fit (cart, iris, (const char * const *) features, "species", &error));

  /* A column missing. */
  for (guint j = 0; j < 3; j++)
    add_column (other, sonde_column_copy (sonde_table_get_column (iris, j), NULL));
  g_assert_null (sonde_learner_predict (cart, other, NULL, 150, &error));
  g_assert_error (error, SONDE_ERROR, SONDE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "petal_width"));
  g_clear_error (&error);

  /* A column of another type. */
  for (guint j = 0; j < 3; j++)
    add_column (typed, sonde_column_copy (sonde_table_get_column (iris, j), NULL));
  {
    SondeColumn *c = sonde_column_new ("petal_width", SONDE_COLUMN_TYPE_CATEGORICAL);

    for (guint i = 0; i < 150; i++)
      sonde_column_append_category (c, "wide", -1);
    add_column (typed, c);
  }
  g_assert_null (sonde_learner_predict (cart, typed, NULL, 150, &error));
  g_assert_error (error, SONDE_ERROR, SONDE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "petal_width"));
  g_clear_error (&error);

  /* Files that are not models, or of another version. */
  json = sonde_learner_to_json (cart, NULL);
  g_assert_nonnull (strstr (json, "\"format\" : \"sonde-model\""));
  g_assert_nonnull (strstr (json, "\"version\" : 1"));
  {
    g_autoptr(GString) s = g_string_new (json);

    g_string_replace (s, "\"version\" : 1", "\"version\" : 2", 1);
    g_assert_null (sonde_learner_new_from_json (s->str, -1, &error));
    g_assert_error (error, SONDE_ERROR, SONDE_ERROR_PARSE);
    g_assert_nonnull (strstr (error->message, "version 2"));
    g_clear_error (&error);

    g_string_assign (s, json);
    g_string_replace (s, "\"left\"", "\"lift\"", 1);
    g_assert_null (sonde_learner_new_from_json (s->str, -1, &error));
    g_assert_error (error, SONDE_ERROR, SONDE_ERROR_PARSE);
    g_clear_error (&error);
  }
  g_assert_null (sonde_learner_new_from_json ("{\"a\": 1}", -1, &error));
  g_assert_error (error, SONDE_ERROR, SONDE_ERROR_PARSE);
  g_clear_error (&error);
  g_assert_null (sonde_learner_new_from_json ("not json", -1, &error));
  g_assert_error (error, SONDE_ERROR, SONDE_ERROR_PARSE);
}

/* ------------------------------------------------------------------ */
/* Preprocessing                                                       */

static void
test_categorical_missing (void)
{
  /* colour is categorical with a missing value; size has a missing
   * value; the class follows colour. */
  const char *colours[] = { "red", "blue", "red", NULL, "green", "blue", "red", "green" };
  const double sizes[] = { 1, 2, NAN, 4, 5, 6, 7, 8 };
  const char *classes[] = { "a", "b", "a", "a", "c", "b", "a", "c" };
  g_autoptr(SondeTable) table = sonde_table_new ("toy");
  g_autoptr(SondeTable) fresh = sonde_table_new ("fresh");
  SondeColumn *colour = sonde_column_new ("colour", SONDE_COLUMN_TYPE_CATEGORICAL);
  SondeColumn *size = sonde_column_new ("size", SONDE_COLUMN_TYPE_REAL);
  SondeColumn *klass = sonde_column_new ("class", SONDE_COLUMN_TYPE_CATEGORICAL);
  const char *features[] = { "colour", "size", NULL };
  g_autoptr(SondeLearner) cart = sonde_learner_new ("cart", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree double *pred = NULL;
  g_autofree char *desc = NULL;
  JsonArray *feats;

  for (guint i = 0; i < 8; i++)
    {
      if (colours[i] != NULL)
        sonde_column_append_category (colour, colours[i], -1);
      else
        sonde_column_append_missing (colour);
      if (isnan (sizes[i]))
        sonde_column_append_missing (size);
      else
        sonde_column_append_real (size, sizes[i]);
      sonde_column_append_category (klass, classes[i], -1);
    }
  add_column (table, colour);
  add_column (table, size);
  add_column (table, klass);

  g_assert_true (sonde_learner_fit (cart, table, features, "class", &error));
  g_assert_no_error (error);
  feats = json_object_get_array_member (model_json (cart, parser), "features");
  g_assert_cmpuint (json_array_get_length (feats), ==, 2);
  {
    JsonObject *c = json_array_get_object_element (feats, 0);
    JsonObject *s = json_array_get_object_element (feats, 1);
    JsonArray *cats = json_object_get_array_member (c, "categories");

    g_assert_cmpstr (json_object_get_string_member (c, "type"), ==, "categorical");
    g_assert_cmpuint (json_array_get_length (cats), ==, 3);
    g_assert_cmpstr (json_array_get_string_element (cats, 0), ==, "blue");
    /* red is the most frequent: index 2 of blue, green, red. */
    g_assert_cmpint (json_object_get_int_member (c, "mode"), ==, 2);
    /* The mean of 1, 2, 4, 5, 6, 7, 8. */
    g_assert_cmpfloat_with_epsilon (json_object_get_double_member (s, "fill"), 33.0 / 7, 1e-12);
  }
  pred = sonde_learner_predict (cart, table, NULL, 8, &error);
  g_assert_no_error (error);
  /* The missing colour counts as red, class a. */
  g_assert_cmpstr (sonde_learner_get_class_label (cart, pred[3]), ==, "a");
  g_assert_cmpstr (sonde_learner_get_class_label (cart, pred[4]), ==, "c");
  desc = sonde_learner_describe (cart);
  g_assert_nonnull (strstr (desc, "one-hot"));
  g_assert_nonnull (strstr (desc, "mean"));

  /* A category the model never saw: a row of zeros, no error. */
  {
    SondeColumn *c2 = sonde_column_new ("colour", SONDE_COLUMN_TYPE_CATEGORICAL);
    SondeColumn *s2 = sonde_column_new ("size", SONDE_COLUMN_TYPE_INTEGER);
    g_autofree double *p2 = NULL;

    sonde_column_append_category (c2, "purple", -1);
    sonde_column_append_integer (s2, 3);
    add_column (fresh, c2);
    add_column (fresh, s2);
    p2 = sonde_learner_predict (cart, fresh, NULL, 1, &error);
    g_assert_no_error (error);
    g_assert_cmpfloat (p2[0], >=, 0);
  }
}

/* ------------------------------------------------------------------ */
/* Bad input                                                           */

static SondeTable *
small_table (double          bad,
             const char     *target_type,
             gboolean        one_class,
             gboolean        constant)
{
  SondeTable *table = sonde_table_new ("small");
  SondeColumn *x1 = sonde_column_new ("x1", SONDE_COLUMN_TYPE_REAL);
  SondeColumn *x2 = sonde_column_new ("x2", SONDE_COLUMN_TYPE_INTEGER);
  SondeColumn *y;

  if (strcmp (target_type, "real") == 0)
    y = sonde_column_new ("y", SONDE_COLUMN_TYPE_REAL);
  else if (strcmp (target_type, "text") == 0)
    y = sonde_column_new ("y", SONDE_COLUMN_TYPE_TEXT);
  else if (strcmp (target_type, "date") == 0)
    y = sonde_column_new ("y", SONDE_COLUMN_TYPE_DATE);
  else
    y = sonde_column_new ("y", SONDE_COLUMN_TYPE_CATEGORICAL);

  for (guint i = 0; i < 6; i++)
    {
      sonde_column_append_real (x1, constant ? 1.0 : i == 2 ? bad : i * 0.5);
      sonde_column_append_integer (x2, constant ? 7 : (i * 7) % 5);
      if (strcmp (target_type, "real") == 0)
        sonde_column_append_real (y, i * 1.5);
      else if (strcmp (target_type, "text") == 0)
        sonde_column_append_text (y, i % 2 ? "yes" : "no", -1);
      else if (strcmp (target_type, "date") == 0)
        sonde_column_append_date (y, 18000 + i % 2);
      else
        sonde_column_append_category (y, one_class || i % 2 ? "yes" : "no", -1);
    }
  add_column (table, x1);
  add_column (table, x2);
  add_column (table, y);
  return table;
}

static void
expect_fit_error (const char *learner_name,
                  SondeTable *table,
                  const char *const *features,
                  const char *target,
                  const char *words)
{
  g_autoptr(SondeLearner) learner = sonde_learner_new (learner_name, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_false (sonde_learner_fit (learner, table, features, target, &error));
  g_assert_error (error, SONDE_ERROR, SONDE_ERROR_INVALID);
  g_test_message ("%s: %s", learner_name, error->message);
  g_assert_nonnull (strstr (error->message, words));
  g_assert_false (sonde_learner_is_fitted (learner));
}

static void
test_bad_input (void)
{
  const char *features[] = { "x1", "x2", NULL };
  g_autoptr(SondeTable) ok = small_table (1.0, "categorical", FALSE, FALSE);
  g_autoptr(SondeTable) real = small_table (1.0, "real", FALSE, FALSE);
  g_autoptr(SondeTable) date = small_table (1.0, "date", FALSE, FALSE);
  g_autoptr(SondeTable) one = small_table (1.0, "categorical", TRUE, FALSE);
  g_autoptr(SondeTable) constant = small_table (1.0, "categorical", FALSE, TRUE);
  g_autoptr(SondeTable) inf = small_table (INFINITY, "categorical", FALSE, FALSE);

  /* A target of the wrong type for the learner. */
  expect_fit_error ("gaussian-nb", real, features, "y", "predicts classes");
  expect_fit_error ("linear", ok, features, "y", "not numbers");
  expect_fit_error ("cart", date, features, "y", "dates");
  /* One class only. */
  expect_fit_error ("logistic", one, features, "y", "only one class");
  /* Nothing varies. */
  expect_fit_error ("cart", constant, features, "y", "same value");
  /* Not finite. */
  expect_fit_error ("knn", inf, features, "y", "infinite");
  /* Columns that are not there or given wrongly. */
  {
    const char *unknown[] = { "x1", "x9", NULL };
    const char *twice[] = { "x1", "x1", NULL };
    const char *with_target[] = { "x1", "y", NULL };
    const char *none[] = { NULL };

    expect_fit_error ("cart", ok, unknown, "y", "x9");
    expect_fit_error ("cart", ok, twice, "y", "twice");
    expect_fit_error ("cart", ok, with_target, "y", "target");
    expect_fit_error ("cart", ok, none, "y", "at least one");
    expect_fit_error ("cart", ok, features, "z", "“z”");
  }
  /* kNN with more neighbours than rows. */
  {
    g_autoptr(SondeLearner) knn = sonde_learner_new ("knn", NULL);
    g_autoptr(GError) error = NULL;

    g_assert_true (sonde_learner_set_param (knn, "n_neighbors", "10", NULL));
    g_assert_false (sonde_learner_fit (knn, ok, features, "y", &error));
    g_assert_nonnull (strstr (error->message, "n_neighbors"));
  }
  /* More features than rows: linear regression refuses, ridge fits. */
  {
    g_autoptr(SondeTable) wide = sonde_table_new ("wide");
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
    g_autoptr(SondeLearner) ridge = sonde_learner_new ("ridge", NULL);
    g_autoptr(GError) error = NULL;
    SondeColumn *y = sonde_column_new ("y", SONDE_COLUMN_TYPE_REAL);

    for (guint j = 0; j < 8; j++)
      {
        char *name = g_strdup_printf ("f%u", j);
        SondeColumn *c = sonde_column_new (name, SONDE_COLUMN_TYPE_REAL);

        for (guint i = 0; i < 5; i++)
          sonde_column_append_real (c, ((i + 1) * (j + 3) * 7) % 11);
        add_column (wide, c);
        g_ptr_array_add (names, name);
      }
    for (guint i = 0; i < 5; i++)
      sonde_column_append_real (y, i * i);
    add_column (wide, y);
    g_ptr_array_add (names, NULL);
    expect_fit_error ("linear", wide, (const char * const *) names->pdata, "y", "more rows than columns");
    g_assert_true (sonde_learner_fit (ridge, wide, (const char * const *) names->pdata, "y", &error));
    g_assert_no_error (error);
  }
  /* A missing target. */
  {
    g_autoptr(SondeTable) t = small_table (1.0, "real", FALSE, FALSE);
    SondeColumn *y = sonde_table_find_column (t, "y");
    SondeColumn *y2 = sonde_column_new ("y2", SONDE_COLUMN_TYPE_REAL);

    for (guint i = 0; i < sonde_column_get_n_rows (y); i++)
      if (i == 3)
        sonde_column_append_missing (y2);
      else
        sonde_column_append_real (y2, sonde_column_get_real (y, i));
    add_column (t, y2);
    expect_fit_error ("ridge", t, features, "y2", "Row 4");
  }
  /* A regression on a constant target. */
  {
    g_autoptr(SondeTable) t = small_table (1.0, "real", FALSE, FALSE);
    SondeColumn *y3 = sonde_column_new ("y3", SONDE_COLUMN_TYPE_REAL);

    for (guint i = 0; i < 6; i++)
      sonde_column_append_real (y3, 2.5);
    add_column (t, y3);
    expect_fit_error ("ridge", t, features, "y3", "same value in every");
  }
  /* Multinomial naive Bayes on negative values. */
  {
    g_autoptr(SondeTable) neg = small_table (-3.0, "categorical", FALSE, FALSE);

    expect_fit_error ("multinomial-nb", neg, features, "y", "negative");
  }
  /* Predicting before fitting. */
  {
    g_autoptr(SondeLearner) cart = sonde_learner_new ("cart", NULL);
    g_autoptr(GError) error = NULL;

    g_assert_null (sonde_learner_predict (cart, ok, NULL, 6, &error));
    g_assert_error (error, SONDE_ERROR, SONDE_ERROR_INVALID);
  }
}

/* The kd-tree and brute force find the same neighbours. */
static void
test_knn_kdtree (void)
{
  g_autoptr(SondeTable) table = load_fixture ("diabetes.csv");
  g_auto(GStrv) features = features_of (table, "progression");
  g_autoptr(SondeLearner) brute = sonde_learner_new ("knn", NULL);
  g_autoptr(SondeLearner) tree = sonde_learner_new ("knn", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree double *a = NULL, *b = NULL;
  guint n = sonde_table_get_n_rows (table);
  g_autofree guint *train = g_new (guint, n);
  g_autofree guint *test = g_new (guint, n);
  guint n_train = 0, n_test = 0;

  for (guint i = 0; i < n; i++)
    if (i % 3 == 0)
      test[n_test++] = i;
    else
      train[n_train++] = i;
  g_assert_true (sonde_learner_set_param (brute, "algorithm", "brute", NULL));
  g_assert_true (sonde_learner_set_param (tree, "algorithm", "kd_tree", NULL));
  g_assert_true (sonde_learner_set_param (brute, "weights", "distance", NULL));
  g_assert_true (sonde_learner_set_param (tree, "weights", "distance", NULL));
  g_assert_true (sonde_learner_fit_rows (brute, table, (const char * const *) features, "progression", train, n_train, &error));
  g_assert_true (sonde_learner_fit_rows (tree, table, (const char * const *) features, "progression", train, n_train, &error));
  g_assert_no_error (error);
  a = sonde_learner_predict (brute, table, test, n_test, &error);
  b = sonde_learner_predict (tree, table, test, n_test, &error);
  for (guint i = 0; i < n_test; i++)
    g_assert_cmpfloat (a[i], ==, b[i]);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  sonde_engine_init ();

  g_test_add_func ("/learner/params", test_params);
  g_test_add_func ("/learner/validation/stratified-kfold", test_stratified_kfold);
  g_test_add_func ("/learner/validation/holdout-loo-kfold", test_holdout_loo_kfold);
  g_test_add_func ("/learner/validation/pinned", test_pinned_folds);
  for (guint i = 0; i < G_N_ELEMENTS (references); i++)
    {
      g_autofree char *base = g_strndup (references[i].file, strlen (references[i].file) - 4);
      g_autofree char *path = g_strdup_printf ("/learner/sklearn/%s/%s", base, references[i].learner);

      g_test_add_data_func (path, &references[i], test_sklearn);
    }
  g_test_add_func ("/learner/cart/shapes", test_cart_shapes);
  g_test_add_func ("/learner/cart/regression", test_cart_regression);
  g_test_add_func ("/learner/random-forest", test_forest);
  g_test_add_func ("/learner/hist-gradient-boosting/early-stopping", test_hist_boosting_stops);
  g_test_add_func ("/learner/hist-gradient-boosting/threads", test_hist_boosting_threads);
  g_test_add_func ("/learner/random-forest/old-file", test_forest_old_file);
  g_test_add_func ("/learner/logistic/optimum", test_logistic_optimum);
  g_test_add_func ("/learner/logistic/binary", test_logistic_binary);
  g_test_add_func ("/learner/knn/kd-tree", test_knn_kdtree);
  g_test_add_func ("/learner/kmeans", test_kmeans);
  g_test_add_func ("/learner/async", test_async);
  g_test_add_func ("/learner/validation/bootstrap-632plus", test_bootstrap);
  g_test_add_func ("/learner/save-load", test_save_load);
  g_test_add_func ("/learner/model-columns", test_model_columns);
  g_test_add_func ("/learner/json-numbers", test_json_numbers);
  g_test_add_func ("/learner/categorical-missing", test_categorical_missing);
  g_test_add_func ("/learner/bad-input", test_bad_input);

  return g_test_run ();
}
