/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-stats-tukey"

/* Tests of the studentized range distribution and of Tukey's honest
 * significant differences against R 4.2. Every reference value was
 * printed by R with sprintf ("%.17g") and the R expression that gave it
 * sits next to it. The datasets are R's PlantGrowth (balanced, 3 groups)
 * and chickwts (unbalanced, 6 groups), typed in below, plus a small one
 * with missing values and a group without values. Figures must agree to
 * a relative 1e-6.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "sonde-engine.h"

#define REL_TOL 1e-6

/* Checks that @actual is within a relative REL_TOL of @expected (an
 * absolute one near zero); NaN and infinities must match exactly. */
static void
assert_close (const char *what,
              double      actual,
              double      expected)
{
  if (isnan (expected))
    {
      if (!isnan (actual))
        g_test_message ("%s: got %.17g, expected NaN", what, actual);
      g_assert_true (isnan (actual));
      return;
    }
  if (isinf (expected))
    {
      g_assert_cmpfloat (actual, ==, expected);
      return;
    }
  if (fabs (actual - expected) > REL_TOL * MAX (fabs (expected), 1e-12))
    g_test_message ("%s: got %.17g, expected %.17g", what, actual, expected);
  g_assert_cmpfloat_with_epsilon (actual, expected, REL_TOL * MAX (fabs (expected), 1e-12));
}

typedef struct
{
  double q;
  double nranges;
  double nmeans;
  double df;
  double lower;
  double upper;
} PtukeyCase;

/* R 4.2: lower = ptukey(q, nmeans, df, nranges), upper = the same with
 * lower.tail = FALSE. The df cover the four interval lengths of the outer
 * integral (≤ 100, ≤ 800, ≤ 5000, more) and the known-variance case. */
static const PtukeyCase ptukey_cases[] = {
  { 3.5, 1, 3, 12, 0.93000451472455126, 0.069995485275448743 }, /* R: ptukey(3.5, 3, 12, nranges = 1) and lower.tail = FALSE */
  { 1, 1, 2, 2, 0.4472265936580529, 0.55277340634194716 }, /* R: ptukey(1, 2, 2, nranges = 1) and lower.tail = FALSE */
  { 0.5, 1, 5, 10, 0.0039190305604274471, 0.99608096943957247 }, /* R: ptukey(0.5, 5, 10, nranges = 1) and lower.tail = FALSE */
  { 4.2, 1, 4, 20, 0.96491149033072721, 0.035088509669272794 }, /* R: ptukey(4.2, 4, 20, nranges = 1) and lower.tail = FALSE */
  { 6, 1, 10, 30, 0.99359272047163272, 0.0064072795283672823 }, /* R: ptukey(6, 10, 30, nranges = 1) and lower.tail = FALSE */
  { 2.9, 2, 3, 8, 0.72206507474920134, 0.27793492525079866 }, /* R: ptukey(2.9, 3, 8, nranges = 2) and lower.tail = FALSE */
  { 3.3, 1, 6, 200, 0.81432745132773277, 0.18567254867226723 }, /* R: ptukey(3.3, 6, 200, nranges = 1) and lower.tail = FALSE */
  { 3, 1, 3, 1000, 0.91394580847797324, 0.086054191522026757 }, /* R: ptukey(3, 3, 1000, nranges = 1) and lower.tail = FALSE */
  { 3.7, 1, 4, 30000, 0.95595141779523662, 0.044048582204763376 }, /* R: ptukey(3.7, 4, 30000, nranges = 1) and lower.tail = FALSE */
  { 10, 1, 3, 5, 0.99795395080677041, 0.0020460491932295932 }, /* R: ptukey(10, 3, 5, nranges = 1) and lower.tail = FALSE */
  { 0.1, 1, 20, 60, 0, 1 }, /* R: ptukey(0.1, 20, 60, nranges = 1) and lower.tail = FALSE */
};

static void
test_ptukey (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (ptukey_cases); i++)
    {
      const PtukeyCase *c = &ptukey_cases[i];

      assert_close ("ptukey", sonde_ptukey (c->q, c->nranges, c->nmeans, c->df, TRUE), c->lower);
      assert_close ("ptukey upper", sonde_ptukey (c->q, c->nranges, c->nmeans, c->df, FALSE), c->upper);
    }
}

static void
test_ptukey_edges (void)
{
  /* R: ptukey(0, 3, 10) is 0, ptukey(Inf, 3, 10) is 1; df < 2 and
   * nmeans < 2 give NaN. */
  g_assert_cmpfloat (sonde_ptukey (0.0, 1, 3, 10, TRUE), ==, 0.0);
  g_assert_cmpfloat (sonde_ptukey (-1.0, 1, 3, 10, FALSE), ==, 1.0);
  g_assert_cmpfloat (sonde_ptukey (INFINITY, 1, 3, 10, TRUE), ==, 1.0);
  g_assert_true (isnan (sonde_ptukey (3.0, 1, 3, 1, TRUE)));
  g_assert_true (isnan (sonde_ptukey (3.0, 1, 1, 10, TRUE)));
  g_assert_true (isnan (sonde_ptukey (NAN, 1, 3, 10, TRUE)));
  g_assert_true (isnan (sonde_qtukey (1.5, 3, 10)));
  g_assert_cmpfloat (sonde_qtukey (0.0, 3, 10), ==, 0.0);
  g_assert_cmpfloat (sonde_qtukey (1.0, 3, 10), ==, INFINITY);
}

typedef struct
{
  double p;
  double nmeans;
  double df;
  double q;
} QtukeyCase;

static const QtukeyCase qtukey_cases[] = {
  { 0.95, 3, 12, 3.7729289594083459 }, /* R: qtukey(0.95, 3, 12) */
  { 0.99, 4, 20, 5.0180161238953858 }, /* R: qtukey(0.99, 4, 20) */
  { 0.9, 2, 5, 2.849708737745352 }, /* R: qtukey(0.9, 2, 5) */
  { 0.5, 6, 60, 2.4863339074695538 }, /* R: qtukey(0.5, 6, 60) */
  { 0.95, 10, 2, 13.993854035371633 }, /* R: qtukey(0.95, 10, 2) */
  { 0.999, 3, 100, 5.2409530115053045 }, /* R: qtukey(0.999, 3, 100) */
  { 0.05, 5, 30, 1.0195247663678886 }, /* R: qtukey(0.05, 5, 30) */
  { 0.95, 3, 27, 3.5064261233926857 }, /* R: qtukey(0.95, 3, 27) */
};

static void
test_qtukey (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (qtukey_cases); i++)
    {
      const QtukeyCase *c = &qtukey_cases[i];

      assert_close ("qtukey", sonde_qtukey (c->p, c->nmeans, c->df), c->q);
    }
}

/* R: dput(PlantGrowth$weight); groups are as.integer(PlantGrowth$group) - 1
 * for the levels ctrl, trt1, trt2. */
static const double PLANT[] = {
  4.17, 5.58, 5.18, 6.11, 4.5, 4.61, 5.17, 4.53, 5.33, 5.14,
  4.81, 4.17, 4.41, 3.59, 5.87, 3.83, 6.03, 4.89, 4.32, 4.69,
  6.31, 5.12, 5.54, 5.5, 5.37, 5.29, 4.92, 6.15, 5.8, 5.26,
};
static const guint PLANT_GROUPS[] = {
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
};

/* R: dput(chickwts$weight); groups are as.integer(chickwts$feed) - 1 for
 * the levels casein, horsebean, linseed, meatmeal, soybean, sunflower
 * (12, 10, 12, 11, 14 and 12 chicks). */
static const double CHICK[] = {
  179, 160, 136, 227, 217, 168, 108, 124, 143, 140, 309, 229,
  181, 141, 260, 203, 148, 169, 213, 257, 244, 271, 243, 230, 248,
  327, 329, 250, 193, 271, 316, 267, 199, 171, 158, 248, 423, 340,
  392, 339, 341, 226, 320, 295, 334, 322, 297, 318, 325, 257, 303,
  315, 380, 153, 263, 242, 206, 344, 258, 368, 390, 379, 260, 404,
  318, 352, 359, 216, 222, 283, 332,
};
static const guint CHICK_GROUPS[] = {
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2,
  2, 2, 2, 2, 2, 2, 2, 4, 4, 4, 4, 4, 4, 4, 4, 4,
  4, 4, 4, 4, 4, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5,
  5, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0,
};

/* R: TIES <- c(2.5, -1.0, 3.0, 3.0, 4.2, NA, 0.5, 3.0, -2.25, 5.1);
 * OTHER <- c(1.0, 0.0, 2.5, NA, 6.0, 4.4, 3.3); THIRD <- c(7.5, 6.25, 8.0);
 * y <- c(TIES, OTHER, THIRD); g <- factor(rep(c("a", "b", "d"), c(10, 7, 3)))
 * Here the groups are coded 0, 1 and 3: group 2 has no value and takes
 * no part, as a level R never sees. */
static const double TIES[] = {
  2.5, -1.0, 3.0, 3.0, 4.2, NAN, 0.5, 3.0, -2.25, 5.1,
  1.0, 0.0, 2.5, NAN, 6.0, 4.4, 3.3,
  7.5, 6.25, 8.0,
};
static const guint TIES_GROUPS[] = {
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 3, 3, 3,
};

typedef struct
{
  guint  a;
  guint  b;
  double diff;
  double lower;
  double upper;
  double p_adj;
} PairCase;

typedef struct
{
  const char     *name;
  const double   *values;
  const guint    *groups;
  gsize           n;
  guint           n_groups;
  double          conf_level;
  double          df;
  const PairCase *pairs;
  guint           n_pairs;
} HsdCase;

/* R 4.2: tk <- TukeyHSD(aov(weight ~ group, data = PlantGrowth))$group,
 * each line { diff, lwr, upr, p adj }. */
static const PairCase plant_pairs[] = {
  { 0, 1, -0.37100000000000044, -1.0622160514104588, 0.32021605141045795, 0.39087114420212465 }, /* R: tk["trt1-ctrl", ] */
  { 0, 2, 0.49399999999999977, -0.19721605141045861, 1.1852160514104582, 0.19799599129970824 }, /* R: tk["trt2-ctrl", ] */
  { 1, 2, 0.86500000000000021, 0.17378394858954183, 1.5562160514104586, 0.012006423979452729 }, /* R: tk["trt2-trt1", ] */
};

/* R 4.2: tk <- TukeyHSD(aov(weight ~ feed, data = chickwts))$feed */
static const PairCase chick_pairs[] = {
  { 0, 1, -163.38333333333321, -232.34687620444657, -94.419790462219865, 3.0701967967949884e-08 }, /* R: tk["horsebean-casein", ] */
  { 0, 2, -104.8333333333332, -170.58749148277434, -39.079175183892076, 0.00021001513216156731 }, /* R: tk["linseed-casein", ] */
  { 0, 3, -46.674242424242436, -113.90620662305173, 20.557721774566858, 0.33245841597300263 }, /* R: tk["meatmeal-casein", ] */
  { 0, 4, -77.15476190476187, -140.51705413943085, -13.792469670092892, 0.0083653086830581813 }, /* R: tk["soybean-casein", ] */
  { 0, 5, 5.3333333333333144, -60.42082481610781, 71.087491482774439, 0.99989021739326889 }, /* R: tk["sunflower-casein", ] */
  { 1, 2, 58.550000000000011, -10.413542871113336, 127.51354287111336, 0.14133289445658093 }, /* R: tk["linseed-horsebean", ] */
  { 1, 3, 116.70909090909078, 46.335104654053708, 187.08307716412784, 0.00010620915147652177 }, /* R: tk["meatmeal-horsebean", ] */
  { 1, 4, 86.228571428571342, 19.541683597261027, 152.91545925988166, 0.0042166542438366594 }, /* R: tk["soybean-horsebean", ] */
  { 1, 5, 168.71666666666653, 99.753123795553179, 237.68020953777989, 1.2198866694568267e-08 }, /* R: tk["sunflower-horsebean", ] */
  { 2, 3, 58.159090909090764, -9.0728732897185296, 125.39105510790006, 0.12769648174904236 }, /* R: tk["meatmeal-linseed", ] */
  { 2, 4, 27.678571428571331, -35.683720806097647, 91.040863663240316, 0.79328531615405296 }, /* R: tk["soybean-linseed", ] */
  { 2, 5, 110.16666666666652, 44.41250851722539, 175.92082481610765, 8.8432328039900199e-05 }, /* R: tk["sunflower-linseed", ] */
  { 3, 4, -30.480519480519433, -95.375109188135681, 34.414070227096815, 0.73913557150595333 }, /* R: tk["soybean-meatmeal", ] */
  { 3, 5, 52.007575757575751, -15.224388441233543, 119.23953995638504, 0.22069623621041234 }, /* R: tk["sunflower-meatmeal", ] */
  { 4, 5, 82.488095238095184, 19.125803003426206, 145.85038747276417, 0.0038845212072347035 }, /* R: tk["sunflower-soybean", ] */
};

/* R 4.2: tk <- TukeyHSD(aov(y ~ g), conf.level = 0.9)$g */
static const PairCase ties_pairs[] = {
  { 0, 1, 0.8611111111111116, -1.7171821779278811, 3.4394044001501043, 0.74320342805516348 }, /* R: tk["b-a", ] */
  { 0, 3, 5.2444444444444436, 1.9831327367284195, 8.5057561521604672, 0.0073975961695607051 }, /* R: tk["d-a", ] */
  { 1, 3, 4.383333333333332, 0.92418989719971156, 7.8424767694669519, 0.033088336450945111 }, /* R: tk["d-b", ] */
};

static const HsdCase hsd_cases[] = {
  /* R: aov(weight ~ group, data = PlantGrowth)$df.residual is 27 */
  { "plant-growth", PLANT, PLANT_GROUPS, G_N_ELEMENTS (PLANT), 3, 0.95, 27,
    plant_pairs, G_N_ELEMENTS (plant_pairs) },
  /* R: aov(weight ~ feed, data = chickwts)$df.residual is 65 */
  { "chickwts", CHICK, CHICK_GROUPS, G_N_ELEMENTS (CHICK), 6, 0.95, 65,
    chick_pairs, G_N_ELEMENTS (chick_pairs) },
  /* R: aov(y ~ g)$df.residual is 15 (18 values, 3 groups) */
  { "missing-and-empty-group", TIES, TIES_GROUPS, G_N_ELEMENTS (TIES), 4, 0.9, 15,
    ties_pairs, G_N_ELEMENTS (ties_pairs) },
};

static void
test_hsd (gconstpointer data)
{
  const HsdCase *c = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SondeTukey) t = NULL;

  t = sonde_stats_tukey_hsd (c->values, c->groups, c->n, c->n_groups, c->conf_level, &error);
  g_assert_no_error (error);
  g_assert_nonnull (t);
  g_assert_cmpuint (t->n_pairs, ==, c->n_pairs);
  g_assert_cmpfloat (t->conf_level, ==, c->conf_level);
  g_assert_cmpfloat (t->df, ==, c->df);

  for (guint i = 0; i < c->n_pairs; i++)
    {
      const PairCase *e = &c->pairs[i];
      const SondeTukeyPair *p = &t->pairs[i];

      g_assert_cmpuint (p->group_a, ==, e->a);
      g_assert_cmpuint (p->group_b, ==, e->b);
      assert_close ("diff", p->diff, e->diff);
      assert_close ("lower", p->lower, e->lower);
      assert_close ("upper", p->upper, e->upper);
      assert_close ("p adj", p->p_adj, e->p_adj);
    }
}

static void
test_hsd_errors (void)
{
  static const double values[] = { 1.0, 2.0, 3.0, 4.0, NAN };
  static const guint one_group[] = { 0, 0, 0, 0, 1 };
  static const guint constant_groups[] = { 0, 0, 1, 1, 1 };
  static const double constant[] = { 1.0, 1.0, 2.0, 2.0, 2.0 };
  static const guint few_groups[] = { 0, 1, 2, 2, 2 };
  static const struct
  {
    const double *values;
    const guint  *groups;
    guint         n_groups;
    double        conf_level;
    const char   *message;
  } cases[] = {
    { values, one_group, 2, 0.95,
      "Only one group has values: Tukey's comparisons need at least 2 groups." },
    { constant, constant_groups, 2, 0.95,
      "The values are all equal within each group: Tukey's comparisons need some spread inside the groups." },
    { values, few_groups, 3, 0.95,
      "The groups have too few values: Tukey's comparisons need at least 2 more values than groups." },
    { values, constant_groups, 2, 1.0,
      "The confidence level 1 is not between 0 and 1: use for example 0.95 for a 95 % interval." },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SondeTukey) t = NULL;

      t = sonde_stats_tukey_hsd (cases[i].values, cases[i].groups, 5, cases[i].n_groups,
                                 cases[i].conf_level, &error);
      g_assert_null (t);
      g_assert_error (error, SONDE_ERROR, SONDE_ERROR_INVALID);
      g_assert_cmpstr (error->message, ==, cases[i].message);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/engine/stats/tukey/ptukey", test_ptukey);
  g_test_add_func ("/engine/stats/tukey/ptukey-edges", test_ptukey_edges);
  g_test_add_func ("/engine/stats/tukey/qtukey", test_qtukey);
  for (guint i = 0; i < G_N_ELEMENTS (hsd_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/engine/stats/tukey/hsd/%s", hsd_cases[i].name);

      g_test_add_data_func (path, &hsd_cases[i], test_hsd);
    }
  g_test_add_func ("/engine/stats/tukey/hsd-errors", test_hsd_errors);

  return g_test_run ();
}
