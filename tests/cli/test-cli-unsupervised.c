/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-cli-unsupervised"

/* End-to-end tests of `sonde-cli pca` and of the hierarchical clustering
 * learner through `sonde-cli train` and `predict`, on the engine's
 * learning fixtures: figures equal to scikit-learn 1.2.1's (the
 * references and the Python that gave them are in
 * tests/engine/test-unsupervised.c), the text table in English
 * (LANGUAGE=C is forced) and the exit statuses of wrong command lines
 * (2) and of columns that cannot be analysed (1).
 */

#include "config.h"

#include <math.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "cli-run.h"

#define IRIS (LEARN_FIXTURES_DIR "/iris.csv")
#define WINE (LEARN_FIXTURES_DIR "/wine.csv")

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

static JsonObject *
parse (const char *text,
       JsonParser *parser)
{
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_get_object (json_parser_get_root (parser));
}

static void
test_pca (void)
{
  g_auto(Run) json = { 0 };
  g_auto(Run) text = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  /* PCA().fit(StandardScaler().fit_transform(X)), X = wine's columns but
   * the class: explained_variance_ratio_[:3] and components_[0][:2]. */
  static const double ratio[] = { 0.36198848099926373, 0.19207490257008961, 0.11123630536249958 };
  static const double pc1[] = { 0.14432939540601109, -0.24518758025722087 };
  JsonObject *o;
  JsonArray *array;

  run_cli (&json, "pca", WINE, "--scale", "--variance", "0.95", "--json", NULL);
  g_assert_cmpint (json.status, ==, 0);
  o = parse (json.out, parser);
  /* PCA(n_components=0.95).n_components_ */
  g_assert_cmpint (json_object_get_int_member (o, "n_components"), ==, 10);
  g_assert_true (json_object_get_boolean_member (o, "scaled"));
  array = json_object_get_array_member (o, "explained_variance_ratio");
  g_assert_cmpuint (json_array_get_length (array), ==, 13);
  for (guint i = 0; i < G_N_ELEMENTS (ratio); i++)
    g_assert_cmpfloat_with_epsilon (json_array_get_double_element (array, i), ratio[i], 1e-9);
  array = json_array_get_array_element (json_object_get_array_member (o, "components"), 0);
  for (guint i = 0; i < G_N_ELEMENTS (pc1); i++)
    g_assert_cmpfloat_with_epsilon (json_array_get_double_element (array, i), pc1[i], 1e-9);
  array = json_object_get_array_member (o, "cumulative_ratio");
  g_assert_cmpfloat_with_epsilon (json_array_get_double_element (array, 12), 1, 1e-12);

  run_cli (&text, "pca", IRIS, "--columns", "petal_length, petal_width", "-k", "1", NULL);
  g_assert_cmpint (text.status, ==, 0);
  g_assert_nonnull (strstr (text.out, "Principal component analysis of 2 columns, 150 rows"));
  g_assert_nonnull (strstr (text.out, "1 component kept."));
  g_assert_nonnull (strstr (text.out, "Cumulative"));
  g_assert_nonnull (strstr (text.out, "Loadings"));
  g_assert_nonnull (strstr (text.out, "petal_width"));
}

static void
test_pca_errors (void)
{
  static const char * const usage[][6] = {
    { "pca", IRIS, "--components", "2", "--variance", "0.9" },
    { "pca", IRIS, "--variance", "95", NULL },
    { "pca", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (usage); i++)
    {
      g_auto(Run) run = { 0 };

      run_cli (&run, usage[i][0], usage[i][1], usage[i][2], usage[i][3], usage[i][4], usage[i][5], NULL);
      g_assert_cmpint (run.status, ==, 2);
    }
  {
    g_auto(Run) run = { 0 };

    run_cli (&run, "pca", IRIS, "--columns", "species", NULL);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.err, "“species” is not a column of numbers"));
  }
  {
    g_auto(Run) run = { 0 };

    run_cli (&run, "pca", IRIS, "--components", "5", NULL);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.err, "at most 4"));
  }
}

static void
test_hierarchical (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *model = NULL;
  g_auto(Run) train = { 0 };
  g_auto(Run) predict = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_auto(GStrv) lines = NULL;
  JsonObject *o;
  int fd = g_file_open_tmp ("sonde-cli-hierarchical-XXXXXX.json", &model, &error);

  g_assert_no_error (error);
  close (fd);
  run_cli (&train, "train", IRIS, "--learner", "hierarchical", "--param", "n_clusters=3",
           "--param", "linkage=ward", "--features", "sepal_length,sepal_width,petal_length,petal_width",
           "--out", model, "--json", NULL);
  g_assert_cmpint (train.status, ==, 0);
  o = parse (train.out, parser);
  g_assert_cmpstr (json_object_get_string_member (o, "task"), ==, "clustering");
  /* AgglomerativeClustering(n_clusters=3, linkage="ward").fit(X):
   * np.bincount(labels_) in order of first appearance 50, 64, 36;
   * scipy linkage(X, "ward")[-1, 2] 32.447606999592438. */
  g_assert_nonnull (strstr (json_object_get_string_member (o, "description"), "50, 64, 36"));
  g_assert_nonnull (strstr (json_object_get_string_member (o, "description"), "32.4476"));

  run_cli (&predict, "predict", model, IRIS, NULL);
  g_assert_cmpint (predict.status, ==, 0);
  lines = g_strsplit (predict.out, "\n", -1);
  g_assert_cmpstr (lines[0], ==, "prediction");
  g_assert_cmpuint (g_strv_length (lines), ==, 152);
  g_unlink (model);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/pca", test_pca);
  g_test_add_func ("/cli/pca/errors", test_pca_errors);
  g_test_add_func ("/cli/hierarchical", test_hierarchical);

  return g_test_run ();
}
