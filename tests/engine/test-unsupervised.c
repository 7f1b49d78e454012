/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-unsupervised"

/* Tests of the unsupervised engine: hierarchical clustering, PCA and the
 * bag-of-words / TF-IDF vectors, against scikit-learn 1.2.1 and SciPy
 * (Debian's python3-sklearn and python3-scipy, run with /usr/bin/python3
 * outside the project; each reference names its snippet).
 *
 * Cluster labels are compared in their canonical numbering, the order in
 * which each cluster first appears in the rows, which is Sonde's own
 * numbering; scikit-learn's numbers are mapped with
 *
 *   def canon(l):
 *       m = {}; return ''.join(str(m.setdefault(v, len(m))) for v in l)
 *
 * so two equal strings are two identical partitions (adjusted Rand index 1).
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

/* Every column but @target. */
static char **
features_of (SondeTable *table,
             const char *target)
{
  GPtrArray *names = g_ptr_array_new ();

  for (guint j = 0; j < sonde_table_get_n_columns (table); j++)
    {
      const char *name = sonde_column_get_name (sonde_table_get_column (table, j));

      if (target == NULL || strcmp (name, target) != 0)
        g_ptr_array_add (names, g_strdup (name));
    }
  g_ptr_array_add (names, NULL);
  return (char **) g_ptr_array_free (names, FALSE);
}

/* ------------------------------------------------------------------ */
/* Hierarchical clustering                                             */

/* The "model" member of the learner's JSON. */
static JsonObject *
model_of (SondeLearner *learner,
          JsonParser   *parser)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = sonde_learner_to_json (learner, &error);

  g_assert_no_error (error);
  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  return json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)), "model");
}

typedef struct
{
  const char *linkage;
  guint       k;
  const char *labels;       /* canonical, one digit a row */
  double      heights[5];   /* the last five merges, the top last */
} HierarchicalCase;

static void
check_hierarchical (SondeLearner           *learner,
                    const HierarchicalCase *c)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *model = model_of (learner, parser);
  JsonArray *labels = json_object_get_array_member (model, "labels");
  JsonArray *heights = json_object_get_array_member (model, "merge_heights");
  g_autoptr(GString) got = g_string_new (NULL);
  guint nh = json_array_get_length (heights);

  for (guint i = 0; i < json_array_get_length (labels); i++)
    g_string_append_printf (got, "%d", (int) json_array_get_double_element (labels, i));
  g_assert_cmpstr (got->str, ==, c->labels);
  g_assert_cmpuint (nh, >=, 5);
  for (guint i = 0; i < 5; i++)
    g_assert_cmpfloat_with_epsilon (json_array_get_double_element (heights, nh - 5 + i), c->heights[i], 1e-9);
}

static void
test_hierarchical_iris (void)
{
  /* X = iris without species;
   *   canon(AgglomerativeClustering(n_clusters=k, linkage=L).fit(X).labels_)
   *   scipy.cluster.hierarchy.linkage(X, method=L)[-5:, 2]
   */
  static const HierarchicalCase cases[] = {
    { "ward", 3,
      "000000000000000000000000000000000000000000000000001111111111111111111111111112111111111111111111111121222212222221122221212122112222211222122212221221",
      { 3.8280526202902432, 4.8477085079218378, 6.3994068195185392, 12.300396052792589, 32.447606999592438 } },
    { "average", 3,
      "000000000000000000000000000000000000000000000000001111111111111111111111111111111111111111111111111121222212222221122221212122112222212222122212221221",
      { 1.3141878740166033, 1.3809937393292773, 1.7855664820227883, 1.9636140862746496, 4.0626826861180287 } },
    { "complete", 3,
      "000000000000000000000000000000000000000000000000001112121212222121221212111111122221211122212222212211111121111111111111111111111111111111111111111111",
      { 2.2360679774997894, 2.4289915602982242, 3.2109188716004646, 4.0249223594996213, 7.0851958335673411 } },
    { "single", 2,
      "000000000000000000000000000000000000000000000000001111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111",
      { 0.63245553203367588, 0.64807406984078619, 0.73484692283495345, 0.81853527718724495, 1.6401219466856727 } },
    { "ward", 5,
      "000000000000000000000000000000000000000000000000001112121212212121221211111113122221211122212222212231433424343331133441314134113444311433133313331331",
      { 3.8280526202902432, 4.8477085079218378, 6.3994068195185392, 12.300396052792589, 32.447606999592438 } },
  };
  g_autoptr(SondeTable) iris = load_fixture ("iris.csv");
  g_auto(GStrv) features = features_of (iris, "species");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SondeLearner) hc = sonde_learner_new ("hierarchical", NULL);
      g_autoptr(GError) error = NULL;
      g_autofree char *k = g_strdup_printf ("%u", cases[i].k);

      g_assert_true (sonde_learner_set_param (hc, "n_clusters", k, NULL));
      g_assert_true (sonde_learner_set_param (hc, "linkage", cases[i].linkage, NULL));
      g_assert_true (sonde_learner_fit (hc, iris, (const char * const *) features, NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpint (sonde_learner_get_task (hc), ==, SONDE_TASK_CLUSTERING);
      check_hierarchical (hc, &cases[i]);
    }
}

static void
test_hierarchical_small (void)
{
  /* S = np.round(np.vstack([np.random.RandomState(3).normal(c, 0.6, (4, 2))
   *     for c in [(0, 0), (4, 1), (1, 5)]]), 2) with one generator for the
   * three draws, as printed below; the references as for iris. */
  static const double s[12 * 2] = {
    1.07, 0.26, 0.06, -1.12, -0.17, -0.21, -0.05, -0.38, 3.97, 0.71, 3.21, 1.53,
    4.53, 2.03, 4.03, 0.76, 0.67, 4.07, 1.59, 4.34, 0.29, 4.88, 1.89, 5.14,
  };
  static const HierarchicalCase cases[] = {
    { "ward", 3, "000011112222",
      { 1.5922991762437944, 1.7106041817634687, 1.8208926382409256, 8.0919605164632387, 9.8654755756290484 } },
    { "average", 3, "000011112222",
      { 1.4025566063677373, 1.4034269375304909, 1.4420542188858727, 4.0950522126628535, 4.7850328801088136 } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SondeLearner) hc = sonde_learner_new ("hierarchical", NULL);
      g_autoptr(SondeLearner) back = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *json = NULL;
      g_autofree char *desc = NULL;
      const double fresh[2 * 2] = { 0.2, 0.1, 1.0, 4.5 };
      double pred[2], pred_back[2];

      g_assert_true (sonde_learner_set_param (hc, "n_clusters", "3", NULL));
      g_assert_true (sonde_learner_set_param (hc, "linkage", cases[i].linkage, NULL));
      g_assert_true (sonde_learner_fit_matrix (hc, SONDE_TASK_CLUSTERING, s, 12, 2, NULL, 0, &error));
      g_assert_no_error (error);
      check_hierarchical (hc, &cases[i]);

      /* New rows go to the nearest centroid; the model round-trips. */
      sonde_learner_predict_matrix (hc, fresh, 2, pred);
      g_assert_cmpfloat (pred[0], ==, 0);
      g_assert_cmpfloat (pred[1], ==, 2);
      json = sonde_learner_to_json (hc, &error);
      g_assert_no_error (error);
      back = sonde_learner_new_from_json (json, -1, &error);
      g_assert_no_error (error);
      g_assert_nonnull (back);
      check_hierarchical (back, &cases[i]);
      sonde_learner_predict_matrix (back, fresh, 2, pred_back);
      g_assert_cmpfloat (pred_back[0], ==, pred[0]);
      g_assert_cmpfloat (pred_back[1], ==, pred[1]);
      desc = sonde_learner_describe (back);
      g_assert_nonnull (strstr (desc, "4, 4, 4"));
      g_assert_nonnull (strstr (desc, "nearest centroid"));
    }
}

static void
test_hierarchical_errors (void)
{
  g_autoptr(SondeLearner) hc = sonde_learner_new ("hierarchical", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree double *x = g_new0 (double, 15001);
  const double three[3] = { 0, 1, 2 };

  g_assert_false (sonde_learner_fit_matrix (hc, SONDE_TASK_CLUSTERING, x, 15001, 1, NULL, 0, &error));
  g_assert_error (error, SONDE_ERROR, SONDE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "15000 rows"));
  g_assert_nonnull (strstr (error->message, "GB"));
  g_clear_error (&error);
  g_assert_true (sonde_learner_set_param (hc, "n_clusters", "4", NULL));
  g_assert_false (sonde_learner_fit_matrix (hc, SONDE_TASK_CLUSTERING, three, 3, 1, NULL, 0, &error));
  g_assert_nonnull (strstr (error->message, "n_clusters"));
  g_clear_error (&error);
  g_assert_false (sonde_learner_set_param (hc, "linkage", "centroid", &error));
  g_assert_nonnull (error);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/unsupervised/hierarchical/iris", test_hierarchical_iris);
  g_test_add_func ("/unsupervised/hierarchical/small", test_hierarchical_small);
  g_test_add_func ("/unsupervised/hierarchical/errors", test_hierarchical_errors);

  return g_test_run ();
}
