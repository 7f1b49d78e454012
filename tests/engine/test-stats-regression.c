/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-stats-regression"

/* Tests of the linear and logistic regressions against R 4.2. Every
 * reference value was printed by R with sprintf ("%.17g") and the R
 * expression that gave it sits next to it. A small data frame with a
 * categorical predictor and missing values is typed in below, plus the
 * bundled students.csv. Figures must agree to a relative 1e-6.
 *
 * In R, for every fit below:
 *   s <- summary(fit); s$coefficients; confint(fit) (lm) or
 *   confint.default(fit) (glm); residuals(fit); hatvalues(fit)
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "sonde-engine.h"

#define REL_TOL 1e-6

/* R 4.2:
 * small <- data.frame(
 *   y = c(3.1, 4.5, NA, 6.2, 5.0, 7.8, 2.9, 6.6, 5.5, 8.1, 4.0, 6.9),
 *   x = c(1.0, 2.0, 3.0, NA, 2.5, 4.0, 0.5, 3.5, 3.0, 5.0, 1.5, 4.5),
 *   g = c("b", "a", "c", "a", NA, "c", "b", "a", "c", "b", "a", "c"),
 *   r = c("ok", NA, "ko", "ok", "ko", "ok", "ko", "ok", "ko", "ok", "ko", "ko")) */
static const double SMALL_Y[] = { 3.1, 4.5, NAN, 6.2, 5.0, 7.8, 2.9, 6.6, 5.5, 8.1, 4.0, 6.9 };
static const double SMALL_X[] = { 1.0, 2.0, 3.0, NAN, 2.5, 4.0, 0.5, 3.5, 3.0, 5.0, 1.5, 4.5 };
static const char * const SMALL_G[] = { "b", "a", "c", "a", NULL, "c", "b", "a", "c", "b", "a", "c" };
static const char * const SMALL_R[] = { "ok", NULL, "ko", "ok", "ko", "ok", "ko", "ok", "ko", "ok", "ko", "ko" };

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

static void
add_reals (SondeTable   *table,
           const char   *name,
           const double *values,
           gsize         n)
{
  g_autoptr(SondeColumn) column = sonde_column_new (name, SONDE_COLUMN_TYPE_REAL);

  for (gsize i = 0; i < n; i++)
    if (isnan (values[i]))
      sonde_column_append_missing (column);
    else
      sonde_column_append_real (column, values[i]);
  g_assert_true (sonde_table_add_column (table, column, NULL));
}

static void
add_labels (SondeTable         *table,
            const char         *name,
            SondeColumnType     type,
            const char * const *labels,
            gsize               n)
{
  g_autoptr(SondeColumn) column = sonde_column_new (name, type);

  for (gsize i = 0; i < n; i++)
    if (labels[i] == NULL)
      sonde_column_append_missing (column);
    else if (type == SONDE_COLUMN_TYPE_TEXT)
      sonde_column_append_text (column, labels[i], -1);
    else
      sonde_column_append_category (column, labels[i], -1);
  g_assert_true (sonde_table_add_column (table, column, NULL));
}

static SondeTable *
small_table (void)
{
  SondeTable *table = sonde_table_new ("small");

  add_reals (table, "y", SMALL_Y, G_N_ELEMENTS (SMALL_Y));
  add_reals (table, "x", SMALL_X, G_N_ELEMENTS (SMALL_X));
  add_labels (table, "g", SONDE_COLUMN_TYPE_CATEGORICAL, SMALL_G, G_N_ELEMENTS (SMALL_G));
  add_labels (table, "r", SONDE_COLUMN_TYPE_TEXT, SMALL_R, G_N_ELEMENTS (SMALL_R));
  return table;
}

/* One line of R's coefficient table: estimate, standard error, t or z, p,
 * interval, then (logistic) the odds ratio and its interval. */
typedef struct
{
  const char *name;
  double      values[9];
} CoefRow;

static void
assert_coefficients (const SondeCoefficient *actual,
                     guint                   n_actual,
                     const CoefRow          *expected,
                     guint                   n_expected,
                     gboolean                logistic)
{
  static const char * const fields[] = {
    "estimate", "std_error", "statistic", "p", "conf_low", "conf_high",
    "odds_ratio", "odds_ratio_low", "odds_ratio_high",
  };

  g_assert_cmpuint (n_actual, ==, n_expected);
  for (guint j = 0; j < n_expected; j++)
    {
      const SondeCoefficient *c = &actual[j];
      const double got[] = {
        c->estimate, c->std_error, c->statistic, c->p, c->conf_low, c->conf_high,
        c->odds_ratio, c->odds_ratio_low, c->odds_ratio_high,
      };

      g_assert_cmpstr (c->name, ==, expected[j].name);
      for (guint k = 0; k < (logistic ? 9 : 6); k++)
        {
          g_autofree char *what = g_strdup_printf ("%s %s", c->name, fields[k]);

          assert_close (what, got[k], expected[j].values[k]);
        }
      if (!logistic)
        g_assert_true (isnan (c->odds_ratio));
    }
}

/* R 4.2: fit <- lm(y ~ x + g, data = small) */
static const CoefRow small_lm_coefs[] = {
  { "(Intercept)", { 2.2207885304659505, 0.42719481188871378, 5.1985381579130134, 0.0034712636455043943, 1.1226493067467509, 3.3189277541851503 } },
  { "x", { 1.2053763440860212, 0.13114312814677917, 9.1913038915537335, 0.00025577475464673248, 0.86826220100338536, 1.5424904871686571 } },
  { "gb", { -0.13243727598566307, 0.42213241677180274, -0.31373396290779609, 0.76638972849537823, -1.2175631987725171, 0.95268864680119081 } },
  { "gc", { -0.10806451612903192, 0.46520394533638898, -0.23229492615521666, 0.82551757284035121, -1.3039093278771019, 1.0877802956190381 } },
};

/* R 4.2: small2 <- small; small2$g <- relevel(factor(small2$g), ref = "c");
 *        fit <- lm(y ~ x + g, data = small2) */
static const CoefRow small_lm_ref_c_coefs[] = {
  { "(Intercept)", { 2.1127240143369175, 0.58444992759069347, 3.6148931064912659, 0.015301455482762799, 0.61034764663332197, 3.615100382040513 } },
  { "x", { 1.2053763440860215, 0.13114312814677914, 9.1913038915537371, 0.00025577475464673216, 0.86826220100338558, 1.5424904871686573 } },
  { "ga", { 0.10806451612903184, 0.46520394533638892, 0.23229492615521649, 0.82551757284035132, -1.0877802956190381, 1.3039093278771019 } },
  { "gb", { -0.024372759856631274, 0.47485967132926737, -0.051326236629876322, 0.96105295254617129, -1.2450384054518759, 1.1962928857386135 } },
};

static void
assert_small_lm_summary (const SondeLinearModel *m)
{
  static const guint used[] = { 0, 1, 5, 6, 7, 8, 9, 10, 11 };

  g_assert_cmpuint (m->n_used, ==, 9); /* R: nobs(fit) */
  g_assert_cmpuint (m->n_dropped, ==, 3); /* R: length(fit$na.action) */
  for (guint i = 0; i < G_N_ELEMENTS (used); i++)
    g_assert_cmpuint (m->rows[i], ==, used[i]); /* R: names(residuals(fit)) */
  assert_close ("r_squared", m->r_squared, 0.95698828346383846); /* R: s$r.squared */
  assert_close ("adj_r_squared", m->adj_r_squared, 0.93118125354214154); /* R: s$adj.r.squared */
  assert_close ("sigma", m->sigma, 0.5163110118251395); /* R: s$sigma */
  assert_close ("df_residual", m->df_residual, 5); /* R: s$df[2] */
  assert_close ("f", m->f, 37.082464985994427); /* R: s$fstatistic[1] */
  assert_close ("f_df1", m->f_df1, 3); /* R: s$fstatistic[2] */
  assert_close ("f_df2", m->f_df2, 5); /* R: s$fstatistic[3] */
  assert_close ("f_p", m->f_p, 0.00076951349093104721); /* R: pf(s$fstatistic[1], 3, 5, lower.tail = FALSE) */
  /* R: head(residuals(fit), 4); tail(residuals(fit), 1) */
  assert_close ("residual 1", m->residuals[0], -0.19372759856630734);
  assert_close ("residual 2", m->residuals[1], -0.13154121863799279);
  assert_close ("residual 3", m->residuals[2], 0.8657706093189963);
  assert_close ("residual 4", m->residuals[3], 0.20896057347670199);
  assert_close ("residual 9", m->residuals[8], -0.63691756272401401);
  /* R: head(hatvalues(fit), 4); tail(hatvalues(fit), 1) */
  assert_close ("hat 1", m->hat_values[0], 0.42114695340501801);
  assert_close ("hat 2", m->hat_values[1], 0.34050179211469539);
  assert_close ("hat 3", m->hat_values[2], 0.33512544802867389);
  assert_close ("hat 4", m->hat_values[3], 0.51254480286738346);
  assert_close ("hat 9", m->hat_values[8], 0.36200716845878134);
  for (guint i = 0; i < m->n_used; i++)
    assert_close ("fitted + residual", m->fitted[i] + m->residuals[i], SMALL_Y[m->rows[i]]);
}

static void
test_linear_small (void)
{
  g_autoptr(SondeTable) table = small_table ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SondeLinearModel) m = NULL;
  g_autoptr(SondeLinearModel) m_ref = NULL;
  const char * const predictors[] = { "x", "g", NULL };
  const char * const references[] = { NULL, "c" };

  m = sonde_stats_linear_regression (table, "y", predictors, NULL, 0.95, &error);
  g_assert_no_error (error);
  assert_coefficients (m->coefficients, m->n_coefficients, small_lm_coefs,
                       G_N_ELEMENTS (small_lm_coefs), FALSE);
  assert_small_lm_summary (m);

  m_ref = sonde_stats_linear_regression (table, "y", predictors, references, 0.95, &error);
  g_assert_no_error (error);
  assert_coefficients (m_ref->coefficients, m_ref->n_coefficients, small_lm_ref_c_coefs,
                       G_N_ELEMENTS (small_lm_ref_c_coefs), FALSE);
  assert_small_lm_summary (m_ref);
}

/* R 4.2: fit <- glm(factor(r) ~ x + g, data = small, family = binomial)
 * (levels "ko" < "ok": "ok" is 1) */
static const CoefRow small_glm_coefs[] = {
  { "(Intercept)", { -7.1304992301426022, 6.0992411049048698, -1.1690797441026586, 0.24237150413017022, -19.084792128782432, 4.8237936684972258, 0.00080031974400361747, 5.147307220696858e-09, 124.43626641646236 } },
  { "x", { 2.8521996920570403, 2.0979594674773727, 1.3595113424601004, 0.17398461075640176, -1.2597253052234403, 6.9641246893375204, 17.325851492371065, 0.28373195548205216, 1057.9884434437104 } },
  { "gb", { 4.9913617819923504, 5.0433648118726708, 0.989688822478616, 0.32232624001692867, -4.893451610174707, 14.876175174159407, 147.13665517623673, 0.0074955062088040373, 2888289.9557900648 } },
  { "gc", { -5.1031985727032714, 4.8488600241253321, -1.0524532668116808, 0.29259164090906709, -14.606789586064938, 4.4003924406583943, 0.006077276832649808, 4.5326468610290463e-07, 81.482839570425057 } },
};

static void
test_logistic_small (void)
{
  g_autoptr(SondeTable) table = small_table ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SondeLogisticModel) m = NULL;
  const char * const predictors[] = { "x", "g", NULL };

  m = sonde_stats_logistic_regression (table, "r", predictors, NULL, 0.95, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (m->positive_level, ==, "ok");
  assert_coefficients (m->coefficients, m->n_coefficients, small_glm_coefs,
                       G_N_ELEMENTS (small_glm_coefs), TRUE);
  g_assert_cmpuint (m->n_used, ==, 9); /* R: nobs(fit) */
  g_assert_cmpuint (m->n_dropped, ==, 3); /* R: length(fit$na.action) */
  assert_close ("null_deviance", m->null_deviance, 12.36530837875182); /* R: fit$null.deviance */
  assert_close ("null_df", m->null_df, 8); /* R: fit$df.null */
  assert_close ("deviance", m->deviance, 6.3731082636502121); /* R: fit$deviance */
  assert_close ("df_residual", m->df_residual, 5); /* R: fit$df.residual */
  assert_close ("aic", m->aic, 14.373108263650213); /* R: fit$aic */
  g_assert_cmpuint (m->n_iterations, ==, 7); /* R: fit$iter, also with glm.control(epsilon = 1e-10) */
}

static SondeTable *
students_table (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("SONDE_SAMPLES_DIR"), "students.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(SondeCsvReader) reader = sonde_csv_reader_new ();
  g_autoptr(GError) error = NULL;
  SondeTable *table;

  table = sonde_csv_reader_read_file (reader, file, NULL, &error);
  g_assert_no_error (error);
  return table;
}

/* R 4.2: d <- read.csv("data/samples/students.csv", na.strings = c("", "NA"))
 * fit <- lm(previous_grade ~ hours_studied_per_week + attendance_rate + programme, data = d)
 * ("data science" is a deliberate misspelling in the sample: a level of
 * its own, which R sorts before "Data science".) */
static const CoefRow students_lm_coefs[] = {
  { "(Intercept)", { 12.043798917683752, 0.96819503893590986, 12.439434652464685, 3.280765451569667e-31, 10.141657415174414, 13.945940420193089 } },
  { "hours_studied_per_week", { 0.0037590143120706382, 0.021262202893006885, 0.17679326695292583, 0.85974096318708237, -0.038013270125589763, 0.045531298749731039 } },
  { "attendance_rate", { -0.35054141160539226, 1.0657205253871513, -0.32892433171262114, 0.74234790667177331, -2.4442840563135166, 1.7432012331027322 } },
  { "programmedata science", { 1.6683458071316675, 1.2993910542961362, 1.2839443534844015, 0.19974441863421516, -0.88447212001085673, 4.2211637342741914 } },
  { "programmeData science", { -0.41682140699596459, 0.38654100527623275, -1.0783368421626902, 0.28139321341908635, -1.1762300581347709, 0.3425872441428417 } },
  { "programmeInformatique", { -0.23659284656320873, 0.40109448457150021, -0.58986811253704241, 0.55554031257507597, -1.0245936468663643, 0.55140795373994678 } },
  { "programmeMathématiques", { -0.26071142642146, 0.42238626371639421, -0.61723462341690005, 0.5373554491538286, -1.0905426174465893, 0.5691197646036692 } },
};

static void
test_linear_students (void)
{
  g_autoptr(SondeTable) table = students_table ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SondeLinearModel) m = NULL;
  const char * const predictors[] = { "hours_studied_per_week", "attendance_rate", "programme", NULL };

  m = sonde_stats_linear_regression (table, "previous_grade", predictors, NULL, 0.95, &error);
  g_assert_no_error (error);
  assert_coefficients (m->coefficients, m->n_coefficients, students_lm_coefs,
                       G_N_ELEMENTS (students_lm_coefs), FALSE);
  g_assert_cmpuint (m->n_used, ==, 517); /* R: nobs(fit) */
  g_assert_cmpuint (m->n_dropped, ==, 83); /* R: length(fit$na.action) */
  assert_close ("r_squared", m->r_squared, 0.0071767100607311521); /* R: s$r.squared */
  assert_close ("adj_r_squared", m->adj_r_squared, -0.0045035639385542225); /* R: s$adj.r.squared */
  assert_close ("sigma", m->sigma, 2.812652477470746); /* R: s$sigma */
  assert_close ("df_residual", m->df_residual, 510); /* R: s$df[2] */
  assert_close ("f", m->f, 0.61442994069917811); /* R: s$fstatistic[1] */
  assert_close ("f_df1", m->f_df1, 6); /* R: s$fstatistic[2] */
  assert_close ("f_df2", m->f_df2, 510); /* R: s$fstatistic[3] */
  assert_close ("f_p", m->f_p, 0.71885281687310965); /* R: pf(s$fstatistic[1], 6, 510, lower.tail = FALSE) */
  /* R: head(residuals(fit), 4) (rows 1 to 4); tail(residuals(fit), 1) */
  assert_close ("residual 1", m->residuals[0], 2.7980205990468963);
  assert_close ("residual 2", m->residuals[1], -3.6693520674719196);
  assert_close ("residual 3", m->residuals[2], -0.23207155277566613);
  assert_close ("residual 4", m->residuals[3], 1.3621005312129513);
  assert_close ("residual 517", m->residuals[516], -0.26078242558787201);
  /* R: head(hatvalues(fit), 4); tail(hatvalues(fit), 1) */
  assert_close ("hat 1", m->hat_values[0], 0.017600829696432084);
  assert_close ("hat 2", m->hat_values[1], 0.0086296260914368109);
  assert_close ("hat 3", m->hat_values[2], 0.0087423823990285861);
  assert_close ("hat 4", m->hat_values[3], 0.013465446993789144);
  assert_close ("hat 517", m->hat_values[516], 0.0089281936444661793);
  g_assert_cmpuint (m->rows[3], ==, 3);
}

/* R 4.2: d$has_internship <- d$has_internship == "yes"; d$passed <- d$passed == "yes"
 * fit <- glm(passed ~ hours_studied_per_week + attendance_rate + has_internship,
 *            family = binomial, data = d) */
static const CoefRow students_glm_coefs[] = {
  { "(Intercept)", { -3.1073633120238067, 0.69144587087373111, -4.4940080531499191, 6.9894983219551388e-06, -4.462572316195252, -1.7521543078523611, 0.044718709314971579, 0.011532659453334315, 0.17339998383623095 } },
  { "hours_studied_per_week", { 0.078523191071139295, 0.016368053320357859, 4.7973445304870577, 1.6078291476446008e-06, 0.046442396066206648, 0.11060398607607194, 1.0816884403849705, 1.0475377350361885, 1.1169524905201138 } },
  { "attendance_rate", { 3.2143795322213977, 0.78567201471213821, 4.0912486025089132, 4.2905688826326318e-05, 1.6744906797245838, 4.7542683847182117, 24.887845013600007, 5.3360766848007115, 116.07869714190734 } },
  { "has_internshipTRUE", { 0.28570463735236457, 0.20276715962619141, 1.4090281576122652, 0.15882684227620444, -0.11171169276245463, 0.68312096746718376, 1.3306993583163944, 0.89430205409100627, 1.9800477636423581 } },
};

static void
test_logistic_students (void)
{
  g_autoptr(SondeTable) table = students_table ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SondeLogisticModel) m = NULL;
  const char * const predictors[] = { "hours_studied_per_week", "attendance_rate", "has_internship", NULL };

  m = sonde_stats_logistic_regression (table, "passed", predictors, NULL, 0.95, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (m->positive_level, ==, "true");
  assert_coefficients (m->coefficients, m->n_coefficients, students_glm_coefs,
                       G_N_ELEMENTS (students_glm_coefs), TRUE);
  g_assert_cmpuint (m->n_used, ==, 556); /* R: nobs(fit) */
  g_assert_cmpuint (m->n_dropped, ==, 44); /* R: length(fit$na.action) */
  assert_close ("null_deviance", m->null_deviance, 721.67849414417276); /* R: fit$null.deviance */
  assert_close ("null_df", m->null_df, 555); /* R: fit$df.null */
  assert_close ("deviance", m->deviance, 679.37650294999241); /* R: fit$deviance */
  assert_close ("df_residual", m->df_residual, 552); /* R: fit$df.residual */
  assert_close ("aic", m->aic, 687.37650294999241); /* R: fit$aic */
  g_assert_cmpuint (m->n_iterations, ==, 4); /* R: fit$iter, also with glm.control(epsilon = 1e-10) */
}

static void
assert_message (GError     *error,
                const char *message)
{
  g_assert_error (error, SONDE_ERROR, SONDE_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, message);
}

static void
test_errors (void)
{
  static const double TWICE[] = { 3.0, 5.0, 7.0, 9.0, 6.0, 9.0, 2.0, 8.0, 7.0, 11.0, 4.0, 10.0 };
  static const double ONES[] = { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 };
  static const double SEPARATED[] = { 0, 0, 0, NAN, 0, 1, 0, 1, 0, 1, 0, 1 };
  g_autoptr(SondeTable) table = small_table ();
  g_autoptr(SondeTable) head = sonde_table_new ("head");
  g_autoptr(SondeColumn) split = sonde_column_new ("high", SONDE_COLUMN_TYPE_BOOLEAN);
  g_autoptr(GError) error = NULL;
  g_autoptr(SondeLinearModel) lm = NULL;
  g_autoptr(SondeLogisticModel) glm = NULL;
  const char * const x_g[] = { "x", "g", NULL };
  const char * const x_twice[] = { "x", "twice", NULL };
  const char * const x_ones[] = { "x", "ones", NULL };
  const char * const x_only[] = { "x", NULL };
  const char * const y_y[] = { "y", NULL };
  const char * const unknown[] = { "x", "colour", NULL };
  const char * const bad_reference[] = { NULL, "z" };

  /* twice = 2 x + 1 */
  add_reals (table, "twice", TWICE, G_N_ELEMENTS (TWICE));
  add_reals (table, "ones", ONES, G_N_ELEMENTS (ONES));
  for (guint i = 0; i < G_N_ELEMENTS (SEPARATED); i++)
    if (isnan (SEPARATED[i]))
      sonde_column_append_missing (split);
    else
      sonde_column_append_boolean (split, SEPARATED[i] > 0.5);
  g_assert_true (sonde_table_add_column (table, split, NULL));

  add_reals (head, "y", SMALL_Y, 4);
  add_reals (head, "x", SMALL_X, 4);
  add_labels (head, "g", SONDE_COLUMN_TYPE_CATEGORICAL, SMALL_G, 4);

  lm = sonde_stats_linear_regression (head, "y", x_g, NULL, 0.95, &error);
  g_assert_null (lm);
  assert_message (error, "Only 2 rows have no missing value, for 3 coefficients to estimate: a regression needs more rows than coefficients. Add rows or remove predictors.");
  g_clear_error (&error);

  lm = sonde_stats_linear_regression (table, "y", x_twice, NULL, 0.95, &error);
  g_assert_null (lm);
  assert_message (error, "Predictors “twice”, “x” are redundant: one of them is an exact combination of the others, so their effects cannot be told apart. Remove one of them from the model.");
  g_clear_error (&error);

  lm = sonde_stats_linear_regression (table, "y", x_ones, NULL, 0.95, &error);
  g_assert_null (lm);
  assert_message (error, "Predictor “ones” has the same value in every row used, so its effect cannot be told apart from the intercept: remove it from the model.");
  g_clear_error (&error);

  lm = sonde_stats_linear_regression (table, "ones", x_g, NULL, 0.95, &error);
  g_assert_null (lm);
  assert_message (error, "Every row used has the same value of “ones”: the target must vary for a regression.");
  g_clear_error (&error);

  lm = sonde_stats_linear_regression (table, "g", x_only, NULL, 0.95, &error);
  g_assert_null (lm);
  assert_message (error, "Column “g” holds category, not numbers: choose a column of whole or decimal numbers as the target of a linear regression.");
  g_clear_error (&error);

  lm = sonde_stats_linear_regression (table, "y", y_y, NULL, 0.95, &error);
  g_assert_null (lm);
  assert_message (error, "Column “y” is the target and cannot be a predictor too: remove it from the predictors.");
  g_clear_error (&error);

  lm = sonde_stats_linear_regression (table, "y", unknown, NULL, 0.95, &error);
  g_assert_null (lm);
  assert_message (error, "There is no column “colour” in the table: check the spelling of its name.");
  g_clear_error (&error);

  lm = sonde_stats_linear_regression (table, "y", x_g, bad_reference, 0.95, &error);
  g_assert_null (lm);
  assert_message (error, "Column “g” has no value “z” in the rows used: choose one of its values as the reference level.");
  g_clear_error (&error);

  lm = sonde_stats_linear_regression (table, "y", x_g, NULL, 1.5, &error);
  g_assert_null (lm);
  assert_message (error, "The confidence level 1.5 is not between 0 and 1: use for example 0.95 for a 95 % interval.");
  g_clear_error (&error);

  glm = sonde_stats_logistic_regression (table, "g", x_only, NULL, 0.95, &error);
  g_assert_null (glm);
  assert_message (error, "Column “g” has 3 different values in the rows used: the target of a logistic regression must have exactly two.");
  g_clear_error (&error);

  glm = sonde_stats_logistic_regression (table, "y", x_only, NULL, 0.95, &error);
  g_assert_null (glm);
  g_assert_error (error, SONDE_ERROR, SONDE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "the target of a logistic regression must be a column of yes/no values"));
  g_clear_error (&error);

  /* high is TRUE exactly when x > 3.2. */
  glm = sonde_stats_logistic_regression (table, "high", x_only, NULL, 0.95, &error);
  g_assert_null (glm);
  assert_message (error, "Predictor “x” separates the two values of “high” perfectly, so its coefficient grows without bound: remove it from the model or gather more varied data.");
  g_clear_error (&error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/engine/stats/regression/linear/small", test_linear_small);
  g_test_add_func ("/engine/stats/regression/linear/students", test_linear_students);
  g_test_add_func ("/engine/stats/regression/logistic/small", test_logistic_small);
  g_test_add_func ("/engine/stats/regression/logistic/students", test_logistic_students);
  g_test_add_func ("/engine/stats/regression/errors", test_errors);

  return g_test_run ();
}
