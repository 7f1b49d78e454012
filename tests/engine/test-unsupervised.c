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
  {
    const double huge[3] = { 0, 1e200, 2 };

    g_assert_true (sonde_learner_set_param (hc, "n_clusters", "2", NULL));
    g_assert_false (sonde_learner_fit_matrix (hc, SONDE_TASK_CLUSTERING, huge, 3, 1, NULL, 0, &error));
    g_assert_nonnull (strstr (error->message, "Row 2"));
    g_clear_error (&error);
  }
  g_assert_false (sonde_learner_set_param (hc, "linkage", "centroid", &error));
  g_assert_nonnull (error);
}

/* ------------------------------------------------------------------ */
/* PCA                                                                 */

/* For F in iris, wine, X its columns but the class (pd.read_csv) and
 * Z = X or StandardScaler().fit_transform(X):
 *
 *   from sklearn.decomposition import PCA
 *   full = PCA().fit(Z); p = PCA(n_components=0.95).fit(Z)
 *   '%.17g' of full.explained_variance_, full.explained_variance_ratio_,
 *   p.components_ (sklearn's svd_flip signs), p.transform(Z)[[0, 1, -1]]
 *   and p.n_components_ in the comment after each case.
 */
static const double iris_raw_ev[] = {
      4.2282417060348667, 0.24267074792863336, 0.078209500042919392, 0.023835092973449417,
};
static const double iris_raw_ratio[] = {
      0.92461872320172711, 0.053066483117067784, 0.017102609807929756, 0.0052121838732753674,
};
static const double iris_raw_components[] = {
      0.36138659178536836, -0.084522514064568566, 0.85667060594983535, 0.35828919715155066,
      0.65658877128684145, 0.73016143478502782, -0.17337266279585661, -0.075481019917463921,
};
static const double iris_raw_rows[] = {  /* rows 0, 1 and the last */
      -2.6841256259695347, 0.31939724658510171, -2.7141416872943243, -0.17700122506477997,
      1.3901888619479157, -0.28266093799055025,
};
/* iris scale=False: k=2 */
static const double iris_scaled_ev[] = {
      2.9380850501999962, 0.92016490416248553, 0.14774182104494804, 0.020853862176462307,
};
static const double iris_scaled_ratio[] = {
      0.72962445413299915, 0.22850761786701726, 0.036689218892828765, 0.0051787091071548068,
};
static const double iris_scaled_components[] = {
      0.52106591467011953, -0.26934744250594289, 0.58041309579629441, 0.56485653577936135,
      0.37741761556456732, 0.92329565954071446, 0.024491609085586119, 0.066941986968057976,
};
static const double iris_scaled_rows[] = {  /* rows 0, 1 and the last */
      -2.2647028088075878, 0.48002659652098933, -2.0809611519657674, -0.67413355660535168,
      0.96065603003712785, -0.024331668169399766,
};
/* iris scale=True: k=2 */
static const double wine_raw_ev[] = {
      99201.789517480938, 172.53526647789161, 9.4381137034706235, 4.9911786076419311,
      1.2288452283714275, 0.84106386945519895, 0.27897352306604778, 0.15138126638308272,
      0.11209676473741922, 0.071702603162113979, 0.03757597886619287, 0.021072366149372405,
      0.0082037031417757592,
};
static const double wine_raw_ratio[] = {
      0.99809123049189741, 0.00173591562470575, 9.4958957551460915e-05, 5.0217356182151567e-05,
      1.2363684687897752e-05, 8.4621303352485392e-06, 2.8068145571364474e-06,
      1.5230805328475234e-06, 1.1278304393008551e-06, 7.2141581081998047e-07,
      3.7806026651250205e-07, 2.1201375460768991e-07, 8.2539278809303623e-08,
};
static const double wine_raw_components[] = {
      0.0016592647196420731, -0.00068101555550148518, 0.00019490574189158868, -0.00467130058127623,
      0.017868007506895364, 0.00098982968008179298, 0.0015672883017930567, -0.00012308666181031305,
      0.00060060779182177565, 0.0023271431925767439, 0.00017138003714523394,
      0.00070493164459106022, 0.99982293652332543,
};
static const double wine_raw_rows[] = {  /* rows 0, 1 and the last */
      318.56297928793651, 303.09741965938628, -186.94319027310922,
};
/* wine scale=False: k=1 */
static const double wine_scaled_ev[] = {
      4.732436977583597, 2.5110809296451277, 1.4542418678464641, 0.92416586682487212,
      0.85804867653711103, 0.64528221246785467, 0.55414146624578242, 0.35046627494625415,
      0.29051203269397785, 0.25232001036082469, 0.22706428173088519, 0.16972373898012127,
      0.10396199182075314,
};
static const double wine_scaled_ratio[] = {
      0.36198848099926373, 0.19207490257008961, 0.11123630536249958, 0.070690301827140131,
      0.065632936796485991, 0.049358233192225674, 0.042386793226233115, 0.026807489483788655,
      0.02222153404789717, 0.01930019093944077, 0.01736835689989916, 0.012982325756042112,
      0.0079521488989945099,
};
static const double wine_scaled_components[] = {
      0.14432939540601109, -0.24518758025722087, -0.0020510614443710329, -0.23932040548753519,
      0.14199204195298726, 0.39466084506663046, 0.42293429671005917, -0.29853310295471552,
      0.31342948830768874, -0.088616704724722939, 0.29671456358638149, 0.37616741073871302,
      0.28675222689680513, -0.48365154781721442, -0.22493093462784497, -0.31606881402531539,
      0.010590502288190834, -0.2996340032378621, -0.065039511819279722, 0.0033598121003076409,
      -0.028779488112986945, -0.039301722289732735, -0.52999567207004428, 0.27923514792428228,
      0.1644961928357847, -0.36490283179808236, -0.20738262411635713, 0.089012885659657592,
      0.62622390086934709, 0.61208034994578275, 0.1307569348502787, 0.1461789634846723,
      0.1506818998994483, 0.17036816235964922, 0.14945430946202626, -0.1373062124902425,
      0.08522192250689109, 0.16600458808752694, -0.12674591734770135, -0.017856301455509403,
      0.53689028354997936, -0.21417556220577094, 0.060859414458745653, -0.3517965801475178,
      0.19806834790121361, 0.15229479459067133, -0.20330101989023891, 0.3990565328722302,
      0.065925681643928064, -0.42777140939123592, 0.18412074275613577, -0.23207086035959806,
      -0.26566365292337063, 0.035213628291335064, -0.14302547378953862, 0.066102941574511964,
      0.72704851477621613, -0.14931840930723547, -0.10902583840041173, -0.50070298319945084,
      0.13685982115482481, -0.076436779552169459, -0.17361452207202879, -0.10116098886386032,
      -0.1578687999045652, -0.21353864800907968, -0.53681384997243398, -0.1544746646993809,
      0.10082450514462843, -0.038143939910941546, 0.084122299818302118, 0.018920023089812624,
      0.25859401096859219, 0.5337953885005301, 0.41864414154682617, -0.1059827424909226,
      -0.26585107450572176, -0.11972557201255196, -0.056396358034874597, 0.42052390932263101,
      -0.14917061134950485, -0.28696913571381044, 0.32288330263205667, -0.027924975289923687,
      -0.060685214214124789, 0.59544728915086642, 0.37213934573761864, -0.22771214024487177,
      0.23207564135128186, -0.044763700741481983, 0.076804504602500157, -0.39613925845778941,
      -0.065826743595249149, 0.17026002087333345, -0.42797018288686384, 0.15636143285057541,
      0.40593408562090766, 0.18724535654700825, 0.23328464922758971, -0.3682267502795788,
      0.033796916892636211, -0.43662362487712814, 0.07810789230702446, -0.12002266897606033,
      0.50861911626486889, -0.075283044101086161, -0.30769444529780127, 0.20044931390204862,
      0.27140257227013032, 0.28603452005290403, 0.049578491848696685, 0.19550131947128713,
      -0.20914486771259438, 0.056217522765718175, 0.085828394687070542, 0.13722690191656622,
      -0.57578610747702119, 0.21160472708142053, -0.30907994361417335, -0.027125388629340386,
      0.052799423869674525, 0.067870222820797299, -0.32013135216451105, -0.16315050975100365,
      0.21553507026138605, 0.13418390004452221, -0.29077518401072344, -0.52239888699848547,
      0.52370586826432175, 0.16211599759001738,
};
static const double wine_scaled_rows[] = {  /* rows 0, 1 and the last */
      3.3167508122147789, -1.443462634318009, -0.16573904461441943, -0.2156311875590769,
      0.69304284058935128, -0.22388012825936016, 0.5964265458075465, 0.065139094705123385,
      0.64144270576676765, 1.0209558528966312, 2.2094649169188489, 0.33339288708030163,
      -2.0264573738075389, -0.29135831818067509, -0.25765463451113069, -0.92712024413381422,
      0.053775612834876835, 1.0244159502406089, -0.30884675256984107, 0.15970137197881312,
      -3.208758164198025, -2.7689195660475758, 1.0139136641131152, 0.59690318606430481,
      -0.89519258795140499, 0.29609218412742577, 0.0057412570975282004, -0.2929137342661618,
      0.74166042291586143, -0.11796901888784776,
};
/* wine scale=True: k=10 */


typedef struct
{
  const char   *file;
  const char   *target;
  gboolean      scale;
  guint         k;
  const double *ev, *ratio, *components, *rows;
} PcaCase;

static const PcaCase pca_cases[] = {
  { "iris.csv", "species", FALSE, 2, iris_raw_ev, iris_raw_ratio, iris_raw_components, iris_raw_rows },
  { "iris.csv", "species", TRUE, 2, iris_scaled_ev, iris_scaled_ratio, iris_scaled_components, iris_scaled_rows },
  { "wine.csv", "class", FALSE, 1, wine_raw_ev, wine_raw_ratio, wine_raw_components, wine_raw_rows },
  { "wine.csv", "class", TRUE, 10, wine_scaled_ev, wine_scaled_ratio, wine_scaled_components, wine_scaled_rows },
};

/* |a − b| ≤ 1e-9, relative beyond 1. */
static void
assert_near (double a,
             double b)
{
  g_assert_cmpfloat_with_epsilon (a, b, 1e-9 * MAX (1, fabs (b)));
}

static void
test_pca_sklearn (gconstpointer data)
{
  const PcaCase *c = data;
  g_autoptr(SondeTable) table = load_fixture (c->file);
  g_auto(GStrv) features = features_of (table, c->target);
  g_autoptr(SondePca) pca = NULL;
  g_autoptr(SondePca) back = NULL;
  g_autoptr(JsonObject) json = json_object_new ();
  g_autoptr(GError) error = NULL;
  guint n = sonde_table_get_n_rows (table), p = g_strv_length (features);
  const guint rows[3] = { 0, 1, n - 1 };
  g_autofree double *x = g_new (double, 3 * p);
  g_autofree double *scores = NULL;
  g_autofree char *text = NULL;

  pca = sonde_pca_fit_table (table, (const char * const *) features, c->scale, 0, 0.95, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pca->n_components, ==, c->k);
  g_assert_cmpuint (pca->n_all, ==, p);
  g_assert_cmpuint (pca->n_samples, ==, n);
  for (guint i = 0; i < p; i++)
    {
      assert_near (pca->explained_variance[i], c->ev[i]);
      assert_near (pca->explained_variance_ratio[i], c->ratio[i]);
    }
  for (guint i = 0; i < c->k * p; i++)
    assert_near (pca->components[i], c->components[i]);

  /* The learned state round-trips, and projects as scikit-learn. */
  sonde_pca_to_json (pca, json);
  back = sonde_pca_from_json (json, &error);
  g_assert_no_error (error);
  for (guint r = 0; r < 3; r++)
    for (guint j = 0; j < p; j++)
      x[r * p + j] = sonde_column_get_number (sonde_table_find_column (table, features[j]), rows[r]);
  scores = g_new (double, 3 * c->k);
  sonde_pca_transform (back, x, 3, scores);
  for (guint i = 0; i < 3 * c->k; i++)
    assert_near (scores[i], c->rows[i]);

  text = sonde_pca_to_text (pca);
  g_assert_nonnull (strstr (text, "PC1"));
  g_assert_nonnull (strstr (text, features[0]));
}

static void
test_pca_choices (void)
{
  g_autoptr(SondeTable) iris = load_fixture ("iris.csv");
  g_autoptr(GError) error = NULL;
  g_autoptr(SondePca) all = NULL;
  g_autoptr(SondePca) three = NULL;
  g_autoptr(SondePca) wide = NULL;
  const double two_rows[2 * 3] = { 1, 2, 3, 2, 4, 7 };
  const double one_row[2] = { 1, 2 };
  const double constant[3 * 2] = { 1, 2, 1, 2, 1, 2 };
  const double huge[3 * 2] = { 1, 1e300, 2, -1e300, 3, 0 };

  all = sonde_pca_fit_table (iris, NULL, FALSE, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->n_components, ==, 4);
  g_assert_cmpstr (all->columns[3], ==, "petal_width");
  three = sonde_pca_fit_table (iris, NULL, FALSE, 3, 0, &error);
  g_assert_cmpuint (three->n_components, ==, 3);

  /* Fewer rows than columns: min (n, p) components, the last of none. */
  wide = sonde_pca_fit (two_rows, 2, 3, FALSE, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (wide->n_all, ==, 2);
  /* np.var([[1,2,3],[2,4,7]], axis=0, ddof=1).sum() = 0.5 + 2 + 8 */
  assert_near (wide->explained_variance[0], 10.5);
  assert_near (wide->explained_variance[1], 0);

  g_assert_null (sonde_pca_fit (one_row, 1, 2, FALSE, 0, 0, &error));
  g_assert_error (error, SONDE_ERROR, SONDE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (sonde_pca_fit (huge, 3, 2, FALSE, 0, 0, &error));
  g_assert_nonnull (strstr (error->message, "Column 2"));
  g_clear_error (&error);
  g_assert_null (sonde_pca_fit (constant, 3, 2, FALSE, 0, 0, &error));
  g_assert_nonnull (strstr (error->message, "constant"));
  g_clear_error (&error);
  g_assert_null (sonde_pca_fit_table (iris, NULL, FALSE, 5, 0, &error));
  g_assert_nonnull (strstr (error->message, "5 components"));
  g_clear_error (&error);
  {
    const char *species[] = { "species", NULL };

    g_assert_null (sonde_pca_fit_table (iris, species, FALSE, 0, 0, &error));
    g_assert_nonnull (strstr (error->message, "species"));
  }
}

static SondeStep *
step_new (const char *kind,
          const char *params)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (params, &error);
  SondeStep *step;

  g_assert_no_error (error);
  step = sonde_step_new (kind, json_node_get_object (node), &error);
  g_assert_no_error (error);
  g_assert_nonnull (step);
  return step;
}

/* A table of rows @first..@last of @table. */
static SondeTable *
slice (SondeTable *table,
       guint       first,
       guint       last)
{
  SondeTable *out = sonde_table_new ("slice");

  for (guint c = 0; c < sonde_table_get_n_columns (table); c++)
    {
      SondeColumn *column = sonde_table_get_column (table, c);
      g_autoptr(SondeColumn) part = sonde_column_new (sonde_column_get_name (column),
                                                      sonde_column_get_column_type (column));

      for (guint r = first; r <= last; r++)
        if (sonde_column_get_column_type (column) == SONDE_COLUMN_TYPE_REAL)
          sonde_column_append_real (part, sonde_column_get_real (column, r));
        else if (sonde_column_get_column_type (column) == SONDE_COLUMN_TYPE_INTEGER)
          sonde_column_append_integer (part, sonde_column_get_integer (column, r));
        else
          sonde_column_append_category (part, sonde_column_get_text (column, r), -1);
      g_assert_true (sonde_table_add_column (out, part, NULL));
    }
  return out;
}

static void
test_pca_step (void)
{
  g_autoptr(SondeTable) wine = load_fixture ("wine.csv");
  g_autoptr(SondeStep) step = step_new ("pca", "{\"variance\":0.95,\"scale\":true}");
  g_autoptr(SondeStep) loaded = NULL;
  g_autoptr(SondeTable) out = NULL;
  g_autoptr(SondeTable) tail = NULL;
  g_autoptr(SondeTable) replay = NULL;
  g_autoptr(JsonNode) json = NULL;
  g_autoptr(GError) error = NULL;
  guint n = sonde_table_get_n_rows (wine);
  SondeColumn *class;

  out = sonde_step_fit_apply (step, wine, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  /* The 13 numeric columns become PC1..PC10 after the class column. */
  g_assert_cmpuint (sonde_table_get_n_columns (out), ==, 11);
  class = sonde_table_get_column (out, 0);
  g_assert_cmpstr (sonde_column_get_name (class), ==, "class");
  g_assert_cmpstr (sonde_column_get_name (sonde_table_get_column (out, 10)), ==, "PC10");
  for (guint c = 0; c < 10; c++)
    {
      g_autofree char *name = g_strdup_printf ("PC%u", c + 1);
      SondeColumn *pc = sonde_table_find_column (out, name);

      assert_near (sonde_column_get_real (pc, 0), wine_scaled_rows[c]);
      assert_near (sonde_column_get_real (pc, 1), wine_scaled_rows[10 + c]);
      assert_near (sonde_column_get_real (pc, n - 1), wine_scaled_rows[20 + c]);
    }

  /* Replayed from JSON on new rows (the last ten): the training
   * projection, not a new PCA of ten rows. */
  json = sonde_step_to_json (step);
  loaded = sonde_step_new_from_json (json, &error);
  g_assert_no_error (error);
  tail = slice (wine, n - 10, n - 1);
  replay = sonde_step_apply (loaded, tail, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  for (guint c = 0; c < 10; c++)
    {
      g_autofree char *name = g_strdup_printf ("PC%u", c + 1);

      assert_near (sonde_column_get_real (sonde_table_find_column (replay, name), 9), wine_scaled_rows[20 + c]);
    }

  /* Wrong parameters. */
  {
    g_autoptr(JsonNode) both = json_from_string ("{\"variance\":0.9,\"components\":2}", NULL);
    g_autoptr(JsonNode) fraction = json_from_string ("{\"variance\":95}", NULL);
    g_autoptr(SondeStep) bad = NULL;

    g_assert_null (sonde_step_new ("pca", json_node_get_object (both), &error));
    g_assert_nonnull (strstr (error->message, "not both"));
    g_clear_error (&error);
    g_assert_null (sonde_step_new ("pca", json_node_get_object (fraction), &error));
    g_assert_nonnull (strstr (error->message, "variance"));
    g_clear_error (&error);
    bad = step_new ("pca", "{\"columns\":[\"class\"]}");
    g_assert_null (sonde_step_fit_apply (bad, wine, NULL, NULL, NULL, &error));
    g_assert_nonnull (strstr (error->message, "class"));
  }
}

/* ------------------------------------------------------------------ */
/* Bag of words and TF-IDF                                             */

typedef struct
{
  const char   *kind;
  const char   *params;
  const char   *vocabulary;   /* the terms joined by "|" */
  const double *weighted;     /* each row's Σ value × (column index + 1) */
  const double *idf;          /* NULL for counts */
} TextCase;

/* For each vectoriser v (in the comments) and the sentences S below:
 *
 *   X = v.fit_transform(S).toarray()
 *   '|'.join(v.get_feature_names_out())
 *   '%.17g' of (X * (np.arange(X.shape[1]) + 1)).sum(axis=1), and v.idf_
 *
 * with from sklearn.feature_extraction.text import CountVectorizer,
 * TfidfVectorizer. The weighted row sums check every cell and its
 * column together.
 */
static const char * const sentences[] = {
  "Le chat mange la souris.",
  "L'été dernier, le chat a dormi à l'ombre.",
  "Élève studieux, l'élève révise ses leçons à la bibliothèque.",
  "The cat eats the mouse, and the dog watches the cat.",
  "Der Hund schläft; die Katze frisst die Maus.",
  "El niño come pan y el perro duerme.",
  "Ça coûte 12 euros, c'est trop cher pour un café crème.",
  "Naïve questions about the café: où est la crème brûlée ?",
  "Données, modèles et évaluation : le cycle de vie d'un modèle.",
  "Data, models and evaluation: the life cycle of a model.",
  "x2 R2D2 a_b 2024 co-op 42 ½ Œuvre ŒUVRE",
  "",
};
/* CountVectorizer() */
static const char counts_vocabulary[] =
  "12|2024|42|a_b|about|and|bibliothèque|brûlée|café|cat|chat|cher|co|come|coûte|crème|cycle|data|de|der|dernier|die|dog|données|dormi|duerme|eats|el|est|et|euros|evaluation|frisst|hund|katze|la|le|leçons|life|mange|maus|model|models|modèle|modèles|mouse|naïve|niño|of|ombre|op|où|pan|perro|pour|questions|r2d2|révise|schläft|ses|souris|studieux|the|trop|un|vie|watches|x2|ça|élève|été|évaluation|œuvre";
static const double counts_weighted[] = {
  185, 215, 401, 441, 266, 251, 366, 321, 419, 309, 344, 0
};
/* CountVectorizer(binary=True, max_features=10) */
static const char binary_top10_vocabulary[] =
  "and|café|chat|crème|cycle|est|la|le|the|un";
static const double binary_top10_weighted[] = {
  18, 11, 7, 10, 0, 0, 22, 28, 23, 15, 0, 0
};
/* CountVectorizer(min_df=2, max_df=0.5) */
static const char df_vocabulary[] =
  "and|café|chat|crème|cycle|est|la|le|the|un";
static const double df_weighted[] = {
  18, 11, 7, 37, 0, 0, 22, 28, 23, 15, 0, 0
};
/* TfidfVectorizer() */
static const char tfidf_vocabulary[] =
  "12|2024|42|a_b|about|and|bibliothèque|brûlée|café|cat|chat|cher|co|come|coûte|crème|cycle|data|de|der|dernier|die|dog|données|dormi|duerme|eats|el|est|et|euros|evaluation|frisst|hund|katze|la|le|leçons|life|mange|maus|model|models|modèle|modèles|mouse|naïve|niño|of|ombre|op|où|pan|perro|pour|questions|r2d2|révise|schläft|ses|souris|studieux|the|trop|un|vie|watches|x2|ça|élève|été|évaluation|œuvre";
static const double tfidf_weighted[] = {
  84.092786957368745, 88.726808243648406, 126.77948889722521, 89.543114192311492, 84.116585760478884, 83.666666666666657, 110.70211581987456, 100.09671532096201, 132.45854387535564, 102.40018742907374, 103.71990253475067, 0
};
static const double tfidf_idf[] = {
  2.8718021769015913, 2.8718021769015913, 2.8718021769015913, 2.8718021769015913, 2.8718021769015913, 2.4663370687934272, 2.8718021769015913, 2.8718021769015913, 2.4663370687934272, 2.8718021769015913, 2.4663370687934272, 2.8718021769015913, 2.8718021769015913, 2.8718021769015913, 2.8718021769015913, 2.4663370687934272, 2.4663370687934272, 2.8718021769015913, 2.8718021769015913, 2.8718021769015913, 2.8718021769015913, 2.8718021769015913, 2.8718021769015913, 2.8718021769015913, 2.8718021769015913, 2.8718021769015913, 2.8718021769015913, 2.8718021769015913, 2.4663370687934272, 2.8718021769015913, 2.8718021769015913, 2.8718021769015913, 2.8718021769015913, 2.8718021769015913, 2.8718021769015913, 2.1786549963416459, 2.1786549963416459, 2.8718021769015913, 2.8718021769015913, 2.8718021769015913, 2.8718021769015913, 2.8718021769015913, 2.8718021769015913, 2.8718021769015913, 2.8718021769015913, 2.8718021769015913, 2.8718021769015913, 2.8718021769015913, 2.8718021769015913, 2.8718021769015913, 2.8718021769015913, 2.8718021769015913, 2.8718021769015913, 2.8718021769015913, 2.8718021769015913, 2.8718021769015913, 2.8718021769015913, 2.8718021769015913, 2.8718021769015913, 2.8718021769015913, 2.8718021769015913, 2.8718021769015913, 2.1786549963416459, 2.8718021769015913, 2.4663370687934272, 2.8718021769015913, 2.8718021769015913, 2.8718021769015913, 2.8718021769015913, 2.8718021769015913, 2.8718021769015913, 2.8718021769015913, 2.8718021769015913
};
/* TfidfVectorizer(sublinear_tf=True, smooth_idf=False, min_df=2) */
static const char sublinear_vocabulary[] =
  "and|café|chat|crème|cycle|est|la|le|the|un";
static const double sublinear_weighted[] = {
  10.084845908750866, 7.4784339006879756, 7, 8.5212760499258842, 0, 0, 11, 12.156349404159293, 13.215522160483719, 8.2863612436637464, 0, 0
};
static const double sublinear_idf[] = {
  2.791759469228055, 2.791759469228055, 2.791759469228055, 2.791759469228055, 2.791759469228055, 2.791759469228055, 2.3862943611198908, 2.3862943611198908, 2.3862943611198908, 2.791759469228055
};
/* TfidfVectorizer(norm='l1', max_features=15) */
static const char l1_vocabulary[] =
  "and|café|cat|chat|crème|cycle|die|el|est|la|le|the|un|élève|œuvre";
static const double l1_weighted[] = {
  8.1506418337984883, 7.2832316526138232, 12.899982997248472, 7.342736213898597, 7, 8, 7.25, 7.4336011699962805, 9.9595459488607787, 6.1040937102110773, 15, 0
};
static const double l1_idf[] = {
  2.4663370687934272, 2.4663370687934272, 2.8718021769015913, 2.4663370687934272, 2.4663370687934272, 2.4663370687934272, 2.8718021769015913, 2.8718021769015913, 2.4663370687934272, 2.1786549963416459, 2.1786549963416459, 2.1786549963416459, 2.4663370687934272, 2.8718021769015913, 2.8718021769015913
};
static const TextCase text_cases[] = {
  { "bag_of_words", "{\"column\":\"text\"}", counts_vocabulary, counts_weighted, NULL },
  { "bag_of_words", "{\"column\":\"text\",\"binary\":true,\"max_features\":10}", binary_top10_vocabulary, binary_top10_weighted, NULL },
  { "bag_of_words", "{\"column\":\"text\",\"min_df\":2,\"max_df\":0.5}", df_vocabulary, df_weighted, NULL },
  { "tfidf", "{\"column\":\"text\"}", tfidf_vocabulary, tfidf_weighted, tfidf_idf },
  { "tfidf", "{\"column\":\"text\",\"sublinear_tf\":true,\"smooth_idf\":false,\"min_df\":2}", sublinear_vocabulary, sublinear_weighted, sublinear_idf },
  { "tfidf", "{\"column\":\"text\",\"norm\":\"l1\",\"max_features\":15}", l1_vocabulary, l1_weighted, l1_idf },
};

static SondeTable *
make_texts (const char * const *texts,
            guint               n)
{
  SondeTable *table = sonde_table_new ("texts");
  g_autoptr(SondeColumn) id = sonde_column_new ("id", SONDE_COLUMN_TYPE_INTEGER);
  g_autoptr(SondeColumn) text = sonde_column_new ("text", SONDE_COLUMN_TYPE_TEXT);

  for (guint r = 0; r < n; r++)
    {
      sonde_column_append_integer (id, r);
      if (texts[r] != NULL)
        sonde_column_append_text (text, texts[r], -1);
      else
        sonde_column_append_missing (text);
    }
  g_assert_true (sonde_table_add_column (table, id, NULL));
  g_assert_true (sonde_table_add_column (table, text, NULL));
  return table;
}

static void
test_text_tokenize (void)
{
  /* CountVectorizer().build_analyzer()(
   *   "L'été, c'est 2024_année! Œuvre ½ x² naïve Chloe\u0301 İstanbul a b") */
  static const char * const expected[] = { "été", "est", "2024_année", "œuvre", "x²", "naïve", "chloe", "stanbul", NULL };
  g_auto(GStrv) tokens = sonde_text_tokenize ("L'été, c'est 2024_année! Œuvre ½ x² naïve Chloe\xcc\x81 İstanbul a b");
  g_auto(GStrv) none = sonde_text_tokenize (NULL);
  g_autofree char *got = g_strjoinv ("|", tokens);
  g_autofree char *want = g_strjoinv ("|", (char **) expected);

  g_assert_cmpstr (got, ==, want);
  g_assert_cmpuint (g_strv_length (none), ==, 0);
}

static void
test_text_sklearn (gconstpointer data)
{
  const TextCase *c = data;
  g_autoptr(SondeTable) table = make_texts (sentences, G_N_ELEMENTS (sentences));
  g_autoptr(SondeStep) step = step_new (c->kind, c->params);
  g_autoptr(SondeStep) loaded = NULL;
  g_autoptr(SondeTable) out = NULL;
  g_autoptr(SondeTable) again = NULL;
  g_autoptr(JsonNode) json = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) terms = g_strsplit (c->vocabulary, "|", -1);
  guint n_terms = g_strv_length (terms);
  JsonObject *learned;

  out = sonde_step_fit_apply (step, table, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sonde_table_get_n_columns (out), ==, 1 + n_terms);
  g_assert_cmpstr (sonde_column_get_name (sonde_table_get_column (out, 0)), ==, "id");
  for (guint t = 0; t < n_terms; t++)
    {
      g_autofree char *name = g_strdup_printf ("text:%s", terms[t]);

      g_assert_cmpstr (sonde_column_get_name (sonde_table_get_column (out, 1 + t)), ==, name);
      g_assert_cmpint (sonde_column_get_column_type (sonde_table_get_column (out, 1 + t)), ==,
                       c->idf != NULL ? SONDE_COLUMN_TYPE_REAL : SONDE_COLUMN_TYPE_INTEGER);
    }
  for (guint r = 0; r < G_N_ELEMENTS (sentences); r++)
    {
      double weighted = 0;

      for (guint t = 0; t < n_terms; t++)
        weighted += sonde_column_get_number (sonde_table_get_column (out, 1 + t), r) * (t + 1);
      g_assert_cmpfloat_with_epsilon (weighted, c->weighted[r], 1e-12 * MAX (1, c->weighted[r]));
    }
  learned = sonde_step_get_learned (step);
  if (c->idf != NULL)
    {
      JsonArray *idf = json_object_get_array_member (learned, "idf");

      g_assert_cmpuint (json_array_get_length (idf), ==, n_terms);
      for (guint t = 0; t < n_terms; t++)
        g_assert_cmpfloat_with_epsilon (json_array_get_double_element (idf, t), c->idf[t], 1e-12);
    }

  /* Replayed from JSON, the same table. */
  json = sonde_step_to_json (step);
  loaded = sonde_step_new_from_json (json, &error);
  g_assert_no_error (error);
  again = sonde_step_apply (loaded, table, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  for (guint t = 0; t < n_terms; t++)
    for (guint r = 0; r < G_N_ELEMENTS (sentences); r++)
      g_assert_cmpfloat (sonde_column_get_number (sonde_table_get_column (again, 1 + t), r), ==,
                         sonde_column_get_number (sonde_table_get_column (out, 1 + t), r));
}

static void
test_text_replay (void)
{
  g_autoptr(SondeTable) table = make_texts (sentences, G_N_ELEMENTS (sentences));
  static const char * const fresh[] = { "Le CHAT et le chien du café.", NULL };
  g_autoptr(SondeTable) unseen = make_texts (fresh, G_N_ELEMENTS (fresh));
  g_autoptr(SondeStep) step = step_new ("tfidf", "{\"column\":\"text\",\"keep\":true}");
  g_autoptr(SondeTable) out = NULL;
  g_autoptr(SondeTable) replay = NULL;
  g_autoptr(GError) error = NULL;
  /* TfidfVectorizer().fit(S).transform(["Le CHAT et le chien du café."]) */
  static const struct { const char *column; double value; } expected[] = {
    { "text:café", 0.39292497747029115 }, { "text:chat", 0.39292497747029115 },
    { "text:et", 0.45752173128964246 }, { "text:le", 0.69418570250162226 },
  };
  double sum = 0;

  out = sonde_step_fit_apply (step, table, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  /* keep: the text column stays. */
  g_assert_cmpstr (sonde_column_get_name (sonde_table_get_column (out, 1)), ==, "text");
  replay = sonde_step_apply (step, unseen, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sonde_table_get_n_columns (replay), ==, sonde_table_get_n_columns (out));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      SondeColumn *column = sonde_table_find_column (replay, expected[i].column);

      g_assert_nonnull (column);
      g_assert_cmpfloat_with_epsilon (sonde_column_get_real (column, 0), expected[i].value, 1e-12);
    }
  /* "chien" and "du" were not in the vocabulary; a missing text is all
   * zeros. */
  g_assert_null (sonde_table_find_column (replay, "text:chien"));
  for (guint c = 2; c < sonde_table_get_n_columns (replay); c++)
    {
      SondeColumn *column = sonde_table_get_column (replay, c);

      g_assert_false (sonde_column_is_missing (column, 1));
      g_assert_cmpfloat (sonde_column_get_real (column, 1), ==, 0);
      sum += sonde_column_get_real (column, 0) * sonde_column_get_real (column, 0);
    }
  g_assert_cmpfloat_with_epsilon (sum, 1, 1e-12);

  /* Another prefix for the column names. */
  {
    g_autoptr(SondeStep) words = step_new ("bag_of_words", "{\"column\":\"text\",\"prefix\":\"w_\"}");
    g_autoptr(SondeTable) counted = sonde_step_fit_apply (words, unseen, NULL, NULL, NULL, &error);

    g_assert_no_error (error);
    /* CountVectorizer().fit(["Le CHAT et le chien du café."]).vocabulary_ */
    g_assert_cmpuint (sonde_table_get_n_columns (counted), ==, 7);
    g_assert_cmpstr (sonde_column_get_name (sonde_table_get_column (counted, 1)), ==, "w_café");
    g_assert_cmpint (sonde_column_get_integer (sonde_table_find_column (counted, "w_le"), 0), ==, 2);
  }
}

static void
test_text_errors (void)
{
  g_autoptr(SondeTable) table = make_texts (sentences, G_N_ELEMENTS (sentences));
  g_autoptr(GError) error = NULL;

  /* The vocabulary limit, unless max_features is given. */
  {
    g_autoptr(SondeStep) step = step_new ("bag_of_words", "{\"column\":\"text\",\"max_terms\":50}");
    g_autoptr(SondeStep) top = step_new ("bag_of_words", "{\"column\":\"text\",\"max_terms\":50,\"max_features\":60}");
    g_autoptr(SondeTable) out = NULL;

    g_assert_null (sonde_step_fit_apply (step, table, NULL, NULL, NULL, &error));
    g_assert_error (error, SONDE_ERROR, SONDE_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "73 different terms"));
    g_assert_nonnull (strstr (error->message, "limit of 50"));
    g_assert_nonnull (strstr (error->message, "max_features"));
    g_clear_error (&error);
    out = sonde_step_fit_apply (top, table, NULL, NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (sonde_table_get_n_columns (out), ==, 61);
  }
  /* CountVectorizer(min_df=5).fit(S): "After pruning, no terms remain." */
  {
    g_autoptr(SondeStep) step = step_new ("bag_of_words", "{\"column\":\"text\",\"min_df\":5}");

    g_assert_null (sonde_step_fit_apply (step, table, NULL, NULL, NULL, &error));
    g_assert_nonnull (strstr (error->message, "no term is left"));
    g_clear_error (&error);
  }
  {
    g_autoptr(SondeStep) step = step_new ("tfidf", "{\"column\":\"text\",\"min_df\":3,\"max_df\":2}");

    g_assert_null (sonde_step_fit_apply (step, table, NULL, NULL, NULL, &error));
    g_assert_nonnull (strstr (error->message, "max_df"));
    g_clear_error (&error);
  }
  {
    g_autoptr(SondeStep) step = step_new ("tfidf", "{\"column\":\"id\"}");

    g_assert_null (sonde_step_fit_apply (step, table, NULL, NULL, NULL, &error));
    g_assert_nonnull (strstr (error->message, "not a column of text"));
    g_clear_error (&error);
  }
  {
    g_autoptr(JsonNode) fraction = json_from_string ("{\"column\":\"text\",\"max_df\":1.5}", NULL);
    g_autoptr(JsonNode) norm = json_from_string ("{\"column\":\"text\",\"norm\":\"l3\"}", NULL);

    g_assert_null (sonde_step_new ("tfidf", json_node_get_object (fraction), &error));
    g_assert_nonnull (strstr (error->message, "max_df"));
    g_clear_error (&error);
    g_assert_null (sonde_step_new ("tfidf", json_node_get_object (norm), &error));
    g_assert_nonnull (strstr (error->message, "l3"));
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/unsupervised/hierarchical/iris", test_hierarchical_iris);
  g_test_add_func ("/unsupervised/hierarchical/small", test_hierarchical_small);
  g_test_add_func ("/unsupervised/hierarchical/errors", test_hierarchical_errors);
  for (guint i = 0; i < G_N_ELEMENTS (pca_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/unsupervised/pca/%.4s-%s", pca_cases[i].file,
                                               pca_cases[i].scale ? "scaled" : "raw");

      g_test_add_data_func (path, &pca_cases[i], test_pca_sklearn);
    }
  g_test_add_func ("/unsupervised/pca/choices", test_pca_choices);
  g_test_add_func ("/unsupervised/pca/step", test_pca_step);
  g_test_add_func ("/unsupervised/text/tokenize", test_text_tokenize);
  for (guint i = 0; i < G_N_ELEMENTS (text_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/unsupervised/text/%u-%s", i, text_cases[i].kind);

      g_test_add_data_func (path, &text_cases[i], test_text_sklearn);
    }
  g_test_add_func ("/unsupervised/text/replay", test_text_replay);
  g_test_add_func ("/unsupervised/text/errors", test_text_errors);

  return g_test_run ();
}
