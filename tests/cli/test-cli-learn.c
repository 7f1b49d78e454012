/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-cli-learn"

/* End-to-end tests of `sonde-cli train`, `evaluate`, `predict` and
 * `compare` on the
 * engine's learning fixtures (tests/engine/fixtures/learn): a model
 * trained, saved, read back and used; cross-validation scores equal to
 * scikit-learn 1.2.1's on the same folds (the references and the Python
 * that gave them are in tests/engine/test-learner.c); the folds written
 * with --folds-out; and the exit statuses of wrong command lines (2) and
 * of data that does not fit the model (1). LANGUAGE=C is forced.
 */

#include "config.h"

#include <math.h>
#include <string.h>
#include <sys/wait.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "cli-run.h"

#define IRIS     (LEARN_FIXTURES_DIR "/iris.csv")
#define DIABETES (LEARN_FIXTURES_DIR "/diabetes.csv")


/* Runs `sonde-cli ARGS…` (NULL-terminated). */
static void
run_cli (Run        *run,
         const char *first,
         ...)
{
  va_list args;

  va_start (args, first);
  run_cli_va (run, NULL, first, args);
  va_end (args);
}

static JsonNode *
parse (const char *text,
       JsonParser *parser)
{
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_parser_get_root (parser);
}

static char *
temp_path (const char *template)
{
  g_autoptr(GError) error = NULL;
  char *path = NULL;
  int fd = g_file_open_tmp (template, &path, &error);

  g_assert_no_error (error);
  close (fd);
  return path;
}

static void
test_train_predict (void)
{
  g_autofree char *model = temp_path ("sonde-cli-model-XXXXXX.json");
  g_auto(Run) train = { 0 };
  g_auto(Run) predict = { 0 };
  g_auto(Run) json = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonParser) parser2 = json_parser_new ();
  g_auto(GStrv) lines = NULL;
  JsonObject *o;
  JsonArray *rows;

  run_cli (&train, "train", IRIS, "--target", "species", "--learner", "cart",
           "--param", "max_depth=3", "--out", model, "--watts-per-core", "10", "--json", NULL);
  g_assert_cmpint (train.status, ==, 0);
  o = json_node_get_object (parse (train.out, parser));
  g_assert_cmpstr (json_object_get_string_member (o, "learner"), ==, "cart");
  g_assert_cmpstr (json_object_get_string_member (o, "task"), ==, "classification");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "features")), ==, 4);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "classes")), ==, 3);
  g_assert_nonnull (strstr (json_object_get_string_member (o, "description"), "levels deep"));
  g_assert_true (g_file_test (model, G_FILE_TEST_EXISTS));
  /* The times cannot be predicted; the energy is their product with the
   * power per core. */
  g_assert_cmpfloat (json_object_get_double_member (o, "cpu_seconds"), >=, 0);
  g_assert_cmpfloat (json_object_get_double_member (o, "wall_seconds"), >=, 0);
  g_assert_cmpfloat (json_object_get_double_member (o, "watts_per_core"), ==, 10);
  /* scikit-learn's, in tests/engine/test-inspection.c. */
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (json_object_get_object_member (o, "impurity_importance"),
                                                                 "petal_length"), 0.5856155514031495, 1e-9);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (o, "energy_joules"),
                                  10 * json_object_get_double_member (o, "cpu_seconds"), 1e-12);

  run_cli (&predict, "predict", model, IRIS, "--proba", NULL);
  g_assert_cmpint (predict.status, ==, 0);
  lines = g_strsplit (predict.out, "\n", -1);
  g_assert_cmpstr (lines[0], ==, "prediction,p_setosa,p_versicolor,p_virginica");
  g_assert_cmpstr (lines[1], ==, "setosa,1,0,0");
  g_assert_cmpuint (g_strv_length (lines), ==, 152);  /* header, 150 rows, "" */

  run_cli (&json, "predict", model, IRIS, "--out-format", "json", NULL);
  g_assert_cmpint (json.status, ==, 0);
  rows = json_node_get_array (parse (json.out, parser2));
  g_assert_cmpuint (json_array_get_length (rows), ==, 150);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (rows, 149), "prediction"), ==, "virginica");

  /* The model needs columns this file does not have. */
  {
    g_auto(Run) wrong = { 0 };

    run_cli (&wrong, "predict", model, DIABETES, NULL);
    g_assert_cmpint (wrong.status, ==, 1);
    g_assert_nonnull (strstr (wrong.err, "sepal_length"));
  }
  g_unlink (model);
}

static void
test_evaluate (void)
{
  g_autofree char *folds = temp_path ("sonde-cli-folds-XXXXXX.csv");
  g_auto(Run) run = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *text = NULL;
  JsonObject *o;

  run_cli (&run, "evaluate", IRIS, "--target", "species", "--learner", "gaussian-nb",
           "--folds", "10", "--seed", "1", "--folds-out", folds, "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  o = json_node_get_object (parse (run.out, parser));
  g_assert_cmpstr (json_object_get_string_member (o, "validation"), ==, "stratified-kfold");
  g_assert_cmpstr (json_object_get_string_member (o, "metric"), ==, "accuracy");
  g_assert_cmpint (json_object_get_int_member (o, "folds"), ==, 10);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "scores")), ==, 10);
  /* GaussianNB() on these folds: see tests/engine/test-learner.c. */
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (o, "mean"), 0.9533333333333334, 1e-9);

  g_assert_true (g_file_get_contents (folds, &text, NULL, NULL));
  g_assert_true (g_str_has_prefix (text, "row,fold\n0,0\n1,7\n2,8\n"));
  g_unlink (folds);
}

static void
test_evaluate_regression (void)
{
  g_auto(Run) run = { 0 };
  g_auto(Run) loo = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonParser) parser2 = json_parser_new ();
  JsonObject *o;

  run_cli (&run, "evaluate", DIABETES, "--target", "progression", "--learner", "ridge",
           "--seed", "1", "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  o = json_node_get_object (parse (run.out, parser));
  g_assert_cmpstr (json_object_get_string_member (o, "validation"), ==, "kfold");
  g_assert_cmpstr (json_object_get_string_member (o, "metric"), ==, "r2");
  /* Ridge() on these folds: see tests/engine/test-learner.c. */
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (o, "mean"), 0.48434561192269276, 1e-9);

  {
    g_auto(Run) boot = { 0 };
    g_autoptr(JsonParser) parser3 = json_parser_new ();

    run_cli (&boot, "evaluate", IRIS, "--target", "species", "--learner", "cart", "--bootstrap", "20", "--json", NULL);
    g_assert_cmpint (boot.status, ==, 0);
    o = json_node_get_object (parse (boot.out, parser3));
    g_assert_cmpstr (json_object_get_string_member (o, "validation"), ==, "bootstrap-632plus");
    g_assert_cmpfloat (json_object_get_double_member (o, "estimate"), >, 0.9);
    g_assert_cmpfloat (json_object_get_double_member (o, "err_train"), ==, 0);
  }

  run_cli (&loo, "evaluate", IRIS, "--target", "species", "--learner", "knn", "--loo", "--json", NULL);
  g_assert_cmpint (loo.status, ==, 0);
  o = json_node_get_object (parse (loo.out, parser2));
  g_assert_cmpint (json_object_get_int_member (o, "folds"), ==, 150);
  g_assert_cmpstr (json_object_get_string_member (o, "validation"), ==, "leave-one-out");
}

static void
test_kmeans (void)
{
  g_autofree char *model = temp_path ("sonde-cli-kmeans-XXXXXX.json");
  g_auto(Run) train = { 0 };
  g_auto(Run) predict = { 0 };
  g_auto(Run) evaluate = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_auto(GStrv) lines = NULL;
  JsonObject *o;

  run_cli (&train, "train", IRIS, "--learner", "kmeans", "--param", "n_clusters=3",
           "--features", "sepal_length,sepal_width,petal_length,petal_width",
           "--out", model, "--json", NULL);
  g_assert_cmpint (train.status, ==, 0);
  o = json_node_get_object (parse (train.out, parser));
  g_assert_cmpstr (json_object_get_string_member (o, "task"), ==, "clustering");
  g_assert_false (json_object_has_member (o, "target"));
  /* KMeans(n_clusters=3, n_init=10, random_state=0): clusters of 38, 50
   * and 62 rows, inertia 78.851441426146 (tests/engine/test-learner.c). */
  g_assert_nonnull (strstr (json_object_get_string_member (o, "description"), "38, 50, 62"));

  run_cli (&predict, "predict", model, IRIS, NULL);
  g_assert_cmpint (predict.status, ==, 0);
  lines = g_strsplit (predict.out, "\n", -1);
  g_assert_cmpstr (lines[0], ==, "prediction");
  g_assert_cmpuint (g_strv_length (lines), ==, 152);

  run_cli (&evaluate, "evaluate", IRIS, "--learner", "kmeans", NULL);
  g_assert_cmpint (evaluate.status, ==, 2);
  g_assert_nonnull (strstr (evaluate.err, "nothing to cross-validate"));
  g_unlink (model);
}

static void
test_compare (void)
{
  g_auto(Run) run = { 0 };
  g_auto(Run) mixed = { 0 };
  g_auto(Run) stranger = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *results;

  run_cli (&run, "compare", IRIS, "--target", "species", "--learners", "gaussian-nb,knn",
           "--seed", "1", "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  results = json_object_get_array_member (json_node_get_object (parse (run.out, parser)), "results");
  g_assert_cmpuint (json_array_get_length (results), ==, 2);
  /* Best first; the scikit-learn references of tests/engine/test-learner.c. */
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (results, 0), "learner"), ==, "knn");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (json_array_get_object_element (results, 0), "mean"),
                                  0.9666666666666666, 1e-9);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (json_array_get_object_element (results, 1), "mean"),
                                  0.9533333333333334, 1e-9);
  /* The paired t-test against the best, on the fold scores printed above
   * (knn 1 1 13/15 1 14/15 1 1 14/15 14/15 1, gaussian-nb 1 14/15 12/15
   * 14/15 1 1 1 14/15 14/15 1), by scipy 1.10.1 outside the project:
   *   python3 -c 'from scipy import stats; import numpy as np
   *   a = np.array([1,1,13/15,1,14/15,1,1,14/15,14/15,1])
   *   b = np.array([1,14/15,12/15,14/15,1,1,1,14/15,14/15,1])
   *   d = a - b; n = len(d); r = stats.ttest_rel(a, b)
   *   t = d.mean() / np.sqrt(d.var(ddof=1) * (1/n + 1/9))
   *   print(r.statistic, r.pvalue, 2 * stats.t.sf(abs(t), n - 1))'
   * gives t 1.0000000000000002, p 0.34343639613791355 and the
   * Nadeau–Bengio corrected p 0.5086464915963445. */
  g_assert_false (json_object_has_member (json_array_get_object_element (results, 0), "p"));
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (json_array_get_object_element (results, 1), "t"),
                                  1.0000000000000002, 1e-9);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (json_array_get_object_element (results, 1), "p"),
                                  0.34343639613791355, 1e-9);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (json_array_get_object_element (results, 1), "p_corrected"),
                                  0.5086464915963445, 1e-9);

  /* A regression learner among classifiers on a class target. */
  run_cli (&mixed, "compare", IRIS, "--target", "species", "--learners", "cart,ridge", NULL);
  g_assert_cmpint (mixed.status, ==, 1);
  g_assert_nonnull (strstr (mixed.err, "same task"));

  /* A parameter for a learner that is not compared. */
  run_cli (&stranger, "compare", IRIS, "--target", "species", "--learners", "cart",
           "--param", "knn.n_neighbors=3", NULL);
  g_assert_cmpint (stranger.status, ==, 2);
}

static void
test_inspection (void)
{
  /* x separates the classes (neg below 9, pos above 10), so every fold's
   * tree predicts its test rows right: each group's TPR is 1 and FPR 0,
   * and its selection rate is its share of "pos" — a: 3 of 6, b: 1 of 6
   * — so the selection gap is 1/3. (Not yes/no: those make a boolean
   * column, whose classes are true and false.) */
  static const char csv[] =
    "x,z,group,label\n"
    "1,5,a,neg\n2,3,a,neg\n3,8,a,neg\n11,1,a,pos\n12,9,a,pos\n13,2,a,pos\n"
    "4,7,b,neg\n5,2,b,neg\n6,6,b,neg\n7,4,b,neg\n8,1,b,neg\n14,5,b,pos\n";
  g_autofree char *path = temp_path ("sonde-cli-fair-XXXXXX.csv");
  g_autoptr(GError) error = NULL;
  g_auto(Run) run = { 0 };
  g_auto(Run) no_positive = { 0 };
  g_auto(Run) imp = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonParser) parser2 = json_parser_new ();
  JsonObject *fair;
  JsonArray *groups;
  JsonArray *features;

  g_file_set_contents (path, csv, -1, &error);
  g_assert_no_error (error);
  run_cli (&run, "evaluate", path, "--target", "label", "--features", "x,z", "--learner", "cart",
           "--folds", "3", "--seed", "1", "--fairness", "group", "--positive", "pos", "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  fair = json_object_get_object_member (json_node_get_object (parse (run.out, parser)), "fairness");
  groups = json_object_get_array_member (fair, "groups");
  g_assert_cmpuint (json_array_get_length (groups), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (groups, 0), "group"), ==, "a");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (groups, 0), "rows"), ==, 6);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (json_array_get_object_element (groups, 0), "selection_rate"), 0.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (json_array_get_object_element (groups, 1), "selection_rate"), 1.0 / 6, 1e-12);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (json_array_get_object_element (groups, 1), "tpr"), 1, 1e-12);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (fair, "selection_rate_gap"), 1.0 / 3, 1e-12);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (fair, "tpr_gap"), 0, 1e-12);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (fair, "fpr_gap"), 0, 1e-12);

  run_cli (&no_positive, "evaluate", path, "--target", "label", "--learner", "cart",
           "--folds", "3", "--fairness", "group", NULL);
  g_assert_cmpint (no_positive.status, ==, 2);
  g_assert_nonnull (strstr (no_positive.err, "--positive"));

  /* On iris, a petal measure matters most. */
  run_cli (&imp, "evaluate", IRIS, "--target", "species", "--learner", "cart", "--seed", "1",
           "--importance", "--repeats-importance", "3", "--json", NULL);
  g_assert_cmpint (imp.status, ==, 0);
  features = json_object_get_array_member (json_object_get_object_member (json_node_get_object (parse (imp.out, parser2)),
                                                                          "importance"), "features");
  g_assert_cmpuint (json_array_get_length (features), ==, 4);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (features, 2), "feature"), ==, "petal_length");
  g_assert_cmpfloat (json_object_get_double_member (json_array_get_object_element (features, 2), "mean"), >,
                     json_object_get_double_member (json_array_get_object_element (features, 0), "mean"));
  g_assert_cmpfloat (json_object_get_double_member (json_array_get_object_element (features, 2), "mean"), >,
                     json_object_get_double_member (json_array_get_object_element (features, 1), "mean"));
  g_unlink (path);
}

/* A yes/no target is read as boolean (classes false and true), yet
 * --positive takes what the file says: yes, YES, 1 or true name the
 * class true. A label that is not a class is refused with the classes.
 * The data and the expected gaps are test_inspection's with neg/pos
 * written no/yes. */
static void
test_yes_no_positive (void)
{
  static const char csv[] =
    "x,z,group,label\n"
    "1,5,a,no\n2,3,a,no\n3,8,a,no\n11,1,a,yes\n12,9,a,yes\n13,2,a,yes\n"
    "4,7,b,no\n5,2,b,no\n6,6,b,no\n7,4,b,no\n8,1,b,no\n14,5,b,yes\n";
  const char *spellings[] = { "yes", "YES", "true", "1" };
  g_autofree char *path = temp_path ("sonde-cli-yesno-XXXXXX.csv");
  g_autoptr(GError) error = NULL;
  g_auto(Run) wrong = { 0 };
  g_auto(Run) no = { 0 };
  g_autoptr(JsonParser) no_parser = json_parser_new ();

  g_file_set_contents (path, csv, -1, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (spellings); i++)
    {
      g_auto(Run) run = { 0 };
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonObject *fair;

      run_cli (&run, "evaluate", path, "--target", "label", "--features", "x,z", "--learner", "cart",
               "--folds", "3", "--seed", "1", "--fairness", "group", "--positive", spellings[i], "--json", NULL);
      g_test_message ("--positive %s: %s", spellings[i], run.err);
      g_assert_cmpint (run.status, ==, 0);
      fair = json_object_get_object_member (json_node_get_object (parse (run.out, parser)), "fairness");
      g_assert_cmpfloat_with_epsilon (json_object_get_double_member (fair, "selection_rate_gap"), 1.0 / 3, 1e-12);
      g_assert_cmpfloat_with_epsilon (json_object_get_double_member (fair, "tpr_gap"), 0, 1e-12);
    }

  /* "no" is the other class: every tree is right, so the true negative
   * rate of each group is 1, and the selection rates are 1/2 and 5/6. */
  run_cli (&no, "evaluate", path, "--target", "label", "--features", "x,z", "--learner", "cart",
           "--folds", "3", "--seed", "1", "--fairness", "group", "--positive", "no", "--json", NULL);
  g_assert_cmpint (no.status, ==, 0);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (json_object_get_object_member (json_node_get_object (parse (no.out, no_parser)), "fairness"),
                                                                 "selection_rate_gap"), 1.0 / 3, 1e-12);

  run_cli (&wrong, "evaluate", path, "--target", "label", "--features", "x,z", "--learner", "cart",
           "--folds", "3", "--fairness", "group", "--positive", "maybe", NULL);
  g_assert_cmpint (wrong.status, ==, 1);
  g_assert_nonnull (strstr (wrong.err, "“maybe” is not a class of “label”"));
  g_assert_nonnull (strstr (wrong.err, "false, true"));
  g_unlink (path);
}

/* train --json gives the series a fit recorded: the MLP's loss per
 * epoch; the model file keeps it and describe reports it. */
static void
test_mlp_loss_curve (void)
{
  g_autofree char *model = temp_path ("sonde-cli-mlp-XXXXXX.json");
  g_auto(Run) train = { 0 };
  g_auto(Run) predict = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *contents = NULL;
  JsonObject *o;
  JsonArray *curve;

  run_cli (&train, "train", IRIS, "--target", "species", "--learner", "mlp", "--param", "hidden1=8",
           "--param", "epochs=5", "--out", model, "--json", NULL);
  g_assert_cmpint (train.status, ==, 0);
  o = json_node_get_object (parse (train.out, parser));
  curve = json_object_get_array_member (o, "loss_curve");
  g_assert_cmpuint (json_array_get_length (curve), ==, 5);
  g_assert_cmpfloat (json_array_get_double_element (curve, 4), <, json_array_get_double_element (curve, 0));
  g_assert_nonnull (strstr (json_object_get_string_member (o, "description"), "5 epochs"));
  g_assert_true (g_file_get_contents (model, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "\"loss_curve\""));

  run_cli (&predict, "predict", model, IRIS, NULL);
  g_assert_cmpint (predict.status, ==, 0);
  g_unlink (model);
}

static void
test_errors (void)
{
  const char *usage[][12] = {
    { "train", IRIS, "--learner", "cart", "--out", "/tmp/x.json", NULL },          /* no target */
    { "train", IRIS, "--target", "species", "--out", "/tmp/x.json", NULL },        /* no learner */
    { "train", IRIS, "--target", "species", "--learner", "svm", "--out", "/tmp/x.json", NULL },
    { "train", IRIS, "--target", "species", "--learner", "cart", "--param", "max_depth=0", "--out", "/tmp/x.json", NULL },
    { "train", IRIS, "--target", "species", "--learner", "cart", "--param", "depth", NULL },
    { "train", IRIS, "--target", "species", "--learner", "cart", "--out", "/tmp/x.json", "--watts-per-core", "-1", NULL },
    { "evaluate", IRIS, "--target", "species", "--learner", "cart", "--folds", "1", NULL },
    { "predict", IRIS, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (usage); i++)
    {
      g_auto(Run) run = { 0 };
      const char * const *a = usage[i];

      run_cli (&run, a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], NULL);
      g_assert_cmpint (run.status, ==, 2);
      g_assert_true (g_str_has_prefix (run.err, "sonde-cli: "));
    }

  /* A model file that is not there, or not a model. */
  {
    g_auto(Run) missing = { 0 };
    g_auto(Run) not_model = { 0 };

    run_cli (&missing, "predict", "/nonexistent/model.json", IRIS, NULL);
    g_assert_cmpint (missing.status, ==, 1);
    g_assert_nonnull (strstr (missing.err, "/nonexistent/model.json"));
    run_cli (&not_model, "predict", IRIS, IRIS, NULL);
    g_assert_cmpint (not_model.status, ==, 1);
    g_assert_nonnull (strstr (not_model.err, "not a Sonde model file"));
  }

  /* The data does not fit the learner: status 1 and the reason. */
  {
    g_auto(Run) run = { 0 };

    run_cli (&run, "train", DIABETES, "--target", "progression", "--learner", "gaussian-nb",
             "--out", "/tmp/never-written.json", NULL);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.err, "predicts classes"));
    g_assert_false (g_file_test ("/tmp/never-written.json", G_FILE_TEST_EXISTS));
  }
}

/* tune: a grid search of CART on iris (the scores against scikit-learn
 * are in tests/engine/test-tuning.c), a learning curve, and a command
 * line without a search. */
static void
test_tune (void)
{
  g_auto(Run) grid = { 0 };
  g_auto(Run) curve = { 0 };
  g_auto(Run) none = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonParser) curve_parser = json_parser_new ();
  JsonObject *o;
  JsonArray *settings;

  run_cli (&grid, "tune", IRIS, "--target", "species", "--learner", "cart", "--seed", "1",
           "--grid", "max_depth=2,3", "--grid", "min_samples_leaf=1,5", "--json", NULL);
  g_assert_cmpint (grid.status, ==, 0);
  o = json_node_get_object (parse (grid.out, parser));
  settings = json_object_get_array_member (o, "settings");
  g_assert_cmpuint (json_array_get_length (settings), ==, 4);
  g_assert_cmpint (json_object_get_int_member (o, "best"), ==, 3);
  o = json_array_get_object_element (settings, 3);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (o, "params"), "max_depth"), ==, "3");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (o, "mean"), 0.96, 1e-9);

  run_cli (&curve, "tune", IRIS, "--target", "species", "--learner", "cart", "--seed", "1",
           "--learning-curve", "0.5,1", "--json", NULL);
  g_assert_cmpint (curve.status, ==, 0);
  o = json_node_get_object (parse (curve.out, curve_parser));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "learning_curve")), ==, 2);

  /* The nested and validation-curve figures are checked against
   * scikit-learn in tests/engine/test-tuning.c; here the output. */
  {
    g_auto(Run) nested = { 0 };
    g_auto(Run) validation = { 0 };
    g_auto(Run) both = { 0 };
    g_autoptr(JsonParser) nested_parser = json_parser_new ();
    g_autoptr(JsonParser) validation_parser = json_parser_new ();
    JsonArray *outer;

    run_cli (&nested, "tune", IRIS, "--target", "species", "--learner", "knn", "--seed", "1", "--folds", "5",
             "--grid", "n_neighbors=1,5,15,50", "--grid", "weights=uniform,distance", "--nested", "3", "--json", NULL);
    g_assert_cmpint (nested.status, ==, 0);
    o = json_node_get_object (parse (nested.out, nested_parser));
    outer = json_object_get_array_member (o, "outer");
    g_assert_cmpuint (json_array_get_length (outer), ==, 5);
    g_assert_cmpint (json_object_get_int_member (o, "inner_folds"), ==, 3);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (outer, 2), "best"), ==,
                     "n_neighbors=5, weights=distance");
    g_assert_cmpfloat_with_epsilon (json_object_get_double_member (o, "mean"), 0.9666666666666666, 1e-9);

    run_cli (&validation, "tune", IRIS, "--target", "species", "--learner", "knn", "--seed", "1",
             "--validation-curve", "n_neighbors", "--values", "1, 5,15,50", "--json", NULL);
    g_assert_cmpint (validation.status, ==, 0);
    o = json_node_get_object (parse (validation.out, validation_parser));
    g_assert_cmpstr (json_object_get_string_member (o, "param"), ==, "n_neighbors");
    o = json_array_get_object_element (json_object_get_array_member (o, "validation_curve"), 1);
    g_assert_cmpstr (json_object_get_string_member (o, "value"), ==, "5");
    g_assert_cmpfloat_with_epsilon (json_object_get_double_member (o, "test_mean"), 0.9666666666666666, 1e-9);
    g_assert_cmpfloat_with_epsilon (json_object_get_double_member (o, "train_mean"), 0.968148148148148, 1e-9);

    run_cli (&both, "tune", IRIS, "--target", "species", "--learner", "knn",
             "--validation-curve", "n_neighbors", "--values", "1,5", "--nested", "3", NULL);
    g_assert_cmpint (both.status, ==, 2);
    g_assert_nonnull (strstr (both.err, "--nested"));
  }

  run_cli (&none, "tune", IRIS, "--target", "species", "--learner", "cart", NULL);
  g_assert_cmpint (none.status, ==, 2);
  g_assert_nonnull (strstr (none.err, "Choose one search"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/learn/train-predict", test_train_predict);
  g_test_add_func ("/cli/learn/yes-no-positive", test_yes_no_positive);
  g_test_add_func ("/cli/learn/mlp-loss-curve", test_mlp_loss_curve);
  g_test_add_func ("/cli/learn/evaluate", test_evaluate);
  g_test_add_func ("/cli/learn/evaluate-regression", test_evaluate_regression);
  g_test_add_func ("/cli/learn/kmeans", test_kmeans);
  g_test_add_func ("/cli/learn/compare", test_compare);
  g_test_add_func ("/cli/learn/inspection", test_inspection);
  g_test_add_func ("/cli/learn/errors", test_errors);
  g_test_add_func ("/cli/learn/tune", test_tune);

  return g_test_run ();
}
