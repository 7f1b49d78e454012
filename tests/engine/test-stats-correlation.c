/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-stats-correlation"

/* Pearson, Spearman and Kendall correlation tests and the correlation
 * matrix, every figure checked against R 4.2 (the command is written next
 * to each reference) to a relative tolerance of 1e-6. The fixed vectors
 * hold ties and missing values; the matrix uses data/samples/students.csv,
 * read in R with read.csv ("data/samples/students.csv",
 * na.strings = c ("", "NA")). Table-driven. */

#include "config.h"

#include <math.h>

#include "sonde-engine.h"

#define TOLERANCE 1e-6

/* Relative tolerance; a reference of exactly 0 needs an
 * absolute floor, which is far below anything a statistic reports. */
static void
assert_close (double      value,
              double      reference,
              const char *what)
{
  if (isnan (reference))
    {
      if (!isnan (value))
        g_test_message ("%s: expected NaN (R), got %.17g", what, value);
      g_assert_true (isnan (value));
      return;
    }
  if (!(fabs (value - reference) <= TOLERANCE * fabs (reference) + 1e-12))
    g_test_message ("%s: expected %.17g (R), got %.17g", what, reference, value);
  g_assert_cmpfloat_with_epsilon (value, reference, TOLERANCE * fabs (reference) + 1e-12);
}

static const double xa[] = { 1.2, 2.5, NAN, 3.1, 4.8, 4.8, 6.0, 7.3, 2.5, 9.1, 5.5, 0.4 };
static const double ya[] = { 2.0, 2.9, 3.3, NAN, 5.1, 4.0, 6.2, 6.2, 3.0, 8.8, 4.0, 1.0 };
/* xa, ya are x1, y1 in R: x1 <- c(1.2, 2.5, NA, 3.1, 4.8, 4.8, 6.0, 7.3, 2.5, 9.1, 5.5, 0.4)
 *    y1 <- c(2.0, 2.9, 3.3, NA, 5.1, 4.0, 6.2, 6.2, 3.0, 8.8, 4.0, 1.0) */
static const double xb[] = { 1, 1, 1, 2, 2, 3, 3, 3, 3, 4, 5, 5, NAN, 6 };
static const double yb[] = { 5, 4, 5, 4, 4, 3, 5, 2, 2, 2, 1, 1, 3, NAN };
/* xb, yb are x2, y2 in R: x2 <- c(1, 1, 1, 2, 2, 3, 3, 3, 3, 4, 5, 5, NA, 6)
 *    y2 <- c(5, 4, 5, 4, 4, 3, 5, 2, 2, 2, 1, 1, 3, NA) */

static void
test_fixed (void)
{
  /* Columns: estimate, statistic, p.value, conf.int[1], conf.int[2] of
   * the cor.test() written above each line. */
  const struct {
    int                         data;
    SondeCorrelationMethod      method;
    SondeAlternative alternative;
    guint                       n;
    double                      estimate, statistic, p, low, high;
  } cases[] = {
    /* R: cor.test(x1, y1, method = "pearson", alternative = "two.sided", exact = FALSE) */
    { 1, SONDE_CORRELATION_PEARSON, SONDE_ALTERNATIVE_TWO_SIDED, 10, 0.96569399363811137, 10.51820150077657, 5.8138890220849554e-06, 0.85737314662289021, 0.99209836169559307 },
    /* R: cor.test(x1, y1, method = "pearson", alternative = "less", exact = FALSE) */
    { 1, SONDE_CORRELATION_PEARSON, SONDE_ALTERNATIVE_LESS, 10, 0.96569399363811137, 10.51820150077657, 0.99999709305548889, -1, 0.98998374679861356 },
    /* R: cor.test(x1, y1, method = "pearson", alternative = "greater", exact = FALSE) */
    { 1, SONDE_CORRELATION_PEARSON, SONDE_ALTERNATIVE_GREATER, 10, 0.96569399363811137, 10.51820150077657, 2.9069445110424777e-06, 0.88587875294940155, 1 },
    /* R: cor.test(x1, y1, method = "spearman", alternative = "two.sided", exact = FALSE) */
    { 1, SONDE_CORRELATION_SPEARMAN, SONDE_ALTERNATIVE_TWO_SIDED, 10, 0.96625766871165664, 5.5674846625766543, 5.4448245418771186e-06, NAN, NAN },
    /* R: cor.test(x1, y1, method = "spearman", alternative = "less", exact = FALSE) */
    { 1, SONDE_CORRELATION_SPEARMAN, SONDE_ALTERNATIVE_LESS, 10, 0.96625766871165664, 5.5674846625766543, 0.99999727758772905, NAN, NAN },
    /* R: cor.test(x1, y1, method = "spearman", alternative = "greater", exact = FALSE) */
    { 1, SONDE_CORRELATION_SPEARMAN, SONDE_ALTERNATIVE_GREATER, 10, 0.96625766871165664, 5.5674846625766543, 2.7224122709385593e-06, NAN, NAN },
    /* R: cor.test(x1, y1, method = "kendall", alternative = "two.sided", exact = FALSE) */
    { 1, SONDE_CORRELATION_KENDALL, SONDE_ALTERNATIVE_TWO_SIDED, 10, 0.90697674418604646, 3.5441529835364363, 0.00039387662685290187, NAN, NAN },
    /* R: cor.test(x1, y1, method = "kendall", alternative = "less", exact = FALSE) */
    { 1, SONDE_CORRELATION_KENDALL, SONDE_ALTERNATIVE_LESS, 10, 0.90697674418604646, 3.5441529835364363, 0.99980306168657351, NAN, NAN },
    /* R: cor.test(x1, y1, method = "kendall", alternative = "greater", exact = FALSE) */
    { 1, SONDE_CORRELATION_KENDALL, SONDE_ALTERNATIVE_GREATER, 10, 0.90697674418604646, 3.5441529835364363, 0.00019693831342645093, NAN, NAN },
    /* R: cor.test(x2, y2, method = "pearson", alternative = "two.sided", exact = FALSE) */
    { 2, SONDE_CORRELATION_PEARSON, SONDE_ALTERNATIVE_TWO_SIDED, 12, -0.85783570421885402, -5.2784352277013573, 0.00035844720280800863, -0.95940800323823316, -0.55927028611675478 },
    /* R: cor.test(x2, y2, method = "pearson", alternative = "less", exact = FALSE) */
    { 2, SONDE_CORRELATION_PEARSON, SONDE_ALTERNATIVE_LESS, 12, -0.85783570421885402, -5.2784352277013573, 0.00017922360140400432, -1, -0.6272124540179459 },
    /* R: cor.test(x2, y2, method = "pearson", alternative = "greater", exact = FALSE) */
    { 2, SONDE_CORRELATION_PEARSON, SONDE_ALTERNATIVE_GREATER, 12, -0.85783570421885402, -5.2784352277013573, 0.99982077639859601, -0.95015535127635697, 1 },
    /* R: cor.test(x2, y2, method = "spearman", alternative = "two.sided", exact = FALSE) */
    { 2, SONDE_CORRELATION_SPEARMAN, SONDE_ALTERNATIVE_TWO_SIDED, 12, -0.83242522763214366, 524.07361510279304, 0.00077979421871203903, NAN, NAN },
    /* R: cor.test(x2, y2, method = "spearman", alternative = "less", exact = FALSE) */
    { 2, SONDE_CORRELATION_SPEARMAN, SONDE_ALTERNATIVE_LESS, 12, -0.83242522763214366, 524.07361510279304, 0.00038989710935601952, NAN, NAN },
    /* R: cor.test(x2, y2, method = "spearman", alternative = "greater", exact = FALSE) */
    { 2, SONDE_CORRELATION_SPEARMAN, SONDE_ALTERNATIVE_GREATER, 12, -0.83242522763214366, 524.07361510279304, 0.999610102890644, NAN, NAN },
    /* R: cor.test(x2, y2, method = "kendall", alternative = "two.sided", exact = FALSE) */
    { 2, SONDE_CORRELATION_KENDALL, SONDE_ALTERNATIVE_TWO_SIDED, 12, -0.77480621791818072, -3.1357182639227292, 0.0017143380780468859, NAN, NAN },
    /* R: cor.test(x2, y2, method = "kendall", alternative = "less", exact = FALSE) */
    { 2, SONDE_CORRELATION_KENDALL, SONDE_ALTERNATIVE_LESS, 12, -0.77480621791818072, -3.1357182639227292, 0.00085716903902344297, NAN, NAN },
    /* R: cor.test(x2, y2, method = "kendall", alternative = "greater", exact = FALSE) */
    { 2, SONDE_CORRELATION_KENDALL, SONDE_ALTERNATIVE_GREATER, 12, -0.77480621791818072, -3.1357182639227292, 0.99914283096097656, NAN, NAN },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const double *x = cases[i].data == 1 ? xa : xb;
      const double *y = cases[i].data == 1 ? ya : yb;
      gsize n = cases[i].data == 1 ? G_N_ELEMENTS (xa) : G_N_ELEMENTS (xb);
      g_autoptr(GError) error = NULL;
      SondeCorrelation r;
      gboolean ok;

      ok = sonde_correlation_test (x, y, n, cases[i].method, cases[i].alternative, 0.95, &r, &error);
      g_assert_no_error (error);
      g_assert_true (ok);
      g_assert_cmpuint (r.n, ==, cases[i].n);
      assert_close (r.estimate, cases[i].estimate, "estimate");
      assert_close (r.statistic, cases[i].statistic, "statistic");
      assert_close (r.p_value, cases[i].p, "p-value");
      assert_close (r.conf_low, cases[i].low, "lower confidence limit");
      assert_close (r.conf_high, cases[i].high, "upper confidence limit");
      if (cases[i].method == SONDE_CORRELATION_PEARSON)
        assert_close (r.df, cases[i].n - 2.0, "df");
    }
}

static void
test_errors (void)
{
  static const double few_x[] = { 1, 2, NAN, 4 };
  static const double few_y[] = { 1, NAN, 3, 4 };
  static const double flat_x[] = { 1, 2, 3, 4, 5 };
  static const double flat_y[] = { 7, 7, 7, 7, 7 };
  const struct {
    const double           *x, *y;
    gsize                   n;
    SondeCorrelationMethod  method;
    double                  conf_level;
    int                     code;
    const char             *message;
  } cases[] = {
    { few_x, few_y, 4, SONDE_CORRELATION_PEARSON, 0.95, SONDE_ERROR_INVALID,
      "Pearson’s r needs at least 3 rows where both variables have a value; only 2 such rows were found." },
    { few_x, few_y, 4, SONDE_CORRELATION_KENDALL, 0.95, SONDE_ERROR_INVALID,
      "Kendall’s tau needs at least 3 rows where both variables have a value; only 2 such rows were found." },
    { NULL, NULL, 0, SONDE_CORRELATION_SPEARMAN, 0.95, SONDE_ERROR_INVALID,
      "Spearman’s rho needs at least 3 rows where both variables have a value; only 0 such rows were found." },
    { flat_x, flat_y, 5, SONDE_CORRELATION_SPEARMAN, 0.95, SONDE_ERROR_INVALID,
      "One of the variables has the same value in every complete row, so its correlation is not defined. Choose a variable that varies." },
    { flat_x, flat_x, 5, SONDE_CORRELATION_PEARSON, 1.5, SONDE_ERROR_INVALID,
      "The confidence level must be strictly between 0 and 1, such as 0.95; 1.5 was given." },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      SondeCorrelation r;

      g_assert_false (sonde_correlation_test (cases[i].x, cases[i].y, cases[i].n, cases[i].method,
                                              SONDE_ALTERNATIVE_TWO_SIDED, cases[i].conf_level, &r, &error));
      g_assert_error (error, SONDE_ERROR, cases[i].code);
      g_assert_cmpstr (error->message, ==, cases[i].message);
    }
}

static void
test_kendall_limit (void)
{
  gsize n = SONDE_CORRELATION_KENDALL_MAX_N + 1;
  g_autofree double *x = g_new (double, n);
  g_autoptr(GError) error = NULL;
  SondeCorrelation r;

  for (gsize i = 0; i < n; i++)
    x[i] = (double) i;

  g_assert_false (sonde_correlation_test (x, x, n, SONDE_CORRELATION_KENDALL,
                                          SONDE_ALTERNATIVE_TWO_SIDED, 0.95, &r, &error));
  g_assert_error (error, SONDE_ERROR, SONDE_ERROR_TOO_LARGE);
  g_assert_cmpstr (error->message, ==,
                   "Kendall’s tau is limited to 20000 complete rows and there are 20001. "
                   "Use Spearman’s rho instead, or a sample of the rows.");
}

static SondeTable *
read_students (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("SONDE_SAMPLES_DIR"), "students.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(SondeCsvReader) reader = sonde_csv_reader_new ();
  g_autoptr(GError) error = NULL;
  SondeTable *table;

  table = sonde_csv_reader_read_file (reader, file, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (table);

  return table;
}

static void
column_numbers (SondeTable  *table,
                const char  *name,
                double     **values,
                guint       *n)
{
  SondeColumn *column = sonde_table_find_column (table, name);

  g_assert_nonnull (column);
  *n = sonde_column_get_n_rows (column);
  *values = g_new (double, *n);
  for (guint r = 0; r < *n; r++)
    (*values)[r] = sonde_column_get_number (column, r);
}

static void
test_students_pair (void)
{
  g_autoptr(SondeTable) table = read_students ();
  g_autofree double *hours = NULL;
  g_autofree double *grade = NULL;
  guint n, n2;
  /* R: with(d, cor.test(hours_studied_per_week, previous_grade, method = m, exact = FALSE))
   * for the estimate, statistic, p.value and conf.int. */
  const struct {
    SondeCorrelationMethod method;
    double                 estimate, statistic, p, low, high;
  } cases[] = {
    { SONDE_CORRELATION_PEARSON, 0.0094967007220518405, 0.21760656245381846, 0.82782021747486689, -0.075977732763214817, 0.094832583153945493 },
    { SONDE_CORRELATION_SPEARMAN, 0.024769359986292257, 23789557.780831024, 0.57047356395407645, NAN, NAN },
    { SONDE_CORRELATION_KENDALL, 0.017279793977825524, 0.58867832040902746, 0.55607708370944764, NAN, NAN },
  };

  column_numbers (table, "hours_studied_per_week", &hours, &n);
  column_numbers (table, "previous_grade", &grade, &n2);
  g_assert_cmpuint (n, ==, 600);
  g_assert_cmpuint (n2, ==, 600);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      SondeCorrelation r;

      g_assert_true (sonde_correlation_test (hours, grade, n, cases[i].method,
                                             SONDE_ALTERNATIVE_TWO_SIDED, 0.95, &r, &error));
      g_assert_no_error (error);
      /* R: sum(complete.cases(d$hours_studied_per_week, d$previous_grade)) */
      g_assert_cmpuint (r.n, ==, 527);
      assert_close (r.estimate, cases[i].estimate, "estimate");
      assert_close (r.statistic, cases[i].statistic, "statistic");
      assert_close (r.p_value, cases[i].p, "p-value");
      assert_close (r.conf_low, cases[i].low, "lower confidence limit");
      assert_close (r.conf_high, cases[i].high, "upper confidence limit");
    }
}

static void
test_students_matrix (void)
{
  g_autoptr(SondeTable) table = read_students ();
  static const char *names[] = { "age", "hours_studied_per_week", "attendance_rate", "previous_grade" };
  guint columns[4];
  static const guint pairwise_n[16] = { 574, 544, 562, 534, 544, 567, 556, 527, 562, 556, 588, 547, 534, 527, 547, 558 };
  /* R: cols <- c("age", "hours_studied_per_week", "attendance_rate", "previous_grade")
   *    cor(d[cols], method = m, use = u) for the estimates (column-major,
   *    symmetric); p[i, j] <- cor.test(dd[, i], dd[, j], method = m,
   *    exact = FALSE)$p.value with dd the listwise-complete rows for
   *    "complete.obs"; counts sum(complete.cases(dd[, i], dd[, j])). */
  const struct {
    SondeCorrelationMethod  method;
    SondeCorrelationMissing missing;
    double                  estimates[16];
    double                  p[16];
  } cases[] = {
    /* R: use = "pairwise.complete.obs", method = "pearson" */
    { SONDE_CORRELATION_PEARSON, SONDE_CORRELATION_PAIRWISE,
      { 1, -0.083157042698355832, -0.013239468070851163, -0.074676653340381996, -0.083157042698355832, 1, -0.036168174604602185, 0.0094967007220518387, -0.013239468070851163, -0.036168174604602185, 1, -0.013660625850893454, -0.074676653340381996, 0.0094967007220518387, -0.013660625850893454, 1 },
      { NAN, 0.052570064173006345, 0.75414627664517586, 0.084703332489173472, 0.052570064173006345, NAN, 0.39466261174238193, 0.82782021747486689, 0.75414627664517586, 0.39466261174238193, NAN, 0.74989399671287083, 0.084703332489173472, 0.82782021747486689, 0.74989399671287083, NAN } },
    /* R: use = "complete.obs", method = "pearson" */
    { SONDE_CORRELATION_PEARSON, SONDE_CORRELATION_LISTWISE,
      { 1, -0.08862724462621703, -0.0049490256831672096, -0.074983147132895389, -0.08862724462621703, 1, -0.025198298590141163, 0.003063589180523363, -0.0049490256831672096, -0.025198298590141163, 1, -0.011656219106540654, -0.074983147132895389, 0.003063589180523363, -0.011656219106540654, 1 },
      { NAN, 0.048526818748035834, 0.91245488653395546, 0.095297964187693429, 0.048526818748035834, NAN, 0.57557103233513063, 0.94573995621820184, 0.91245488653395546, 0.57557103233513063, NAN, 0.79567371236028139, 0.095297964187693429, 0.94573995621820184, 0.79567371236028139, NAN } },
    /* R: use = "pairwise.complete.obs", method = "spearman" */
    { SONDE_CORRELATION_SPEARMAN, SONDE_CORRELATION_PAIRWISE,
      { 1, -0.035788524868262457, -0.0064100406393228383, -0.001637658247085745, -0.035788524868262457, 1, -0.015607928289150646, 0.024769359986292257, -0.0064100406393228383, -0.015607928289150646, 1, -0.012310169256397141, -0.001637658247085745, 0.024769359986292257, -0.012310169256397141, 1 },
      { NAN, 0.40480440300764009, 0.87948421145296019, 0.96988296646961536, 0.40480440300764009, NAN, 0.71345221524557034, 0.57047356395407645, 0.87948421145296019, 0.71345221524557034, NAN, 0.77391104060105387, 0.96988296646961536, 0.57047356395407645, 0.77391104060105387, NAN } },
    /* R: use = "complete.obs", method = "spearman" */
    { SONDE_CORRELATION_SPEARMAN, SONDE_CORRELATION_LISTWISE,
      { 1, -0.016938300505027468, -0.0061503420411542845, 0.0064194384080115911, -0.016938300505027468, 1, -0.0090149962992960679, 0.015694096995392304, -0.0061503420411542845, -0.0090149962992960679, 1, 0.0030624002751414572, 0.0064194384080115911, 0.015694096995392304, 0.0030624002751414572, 1 },
      { NAN, 0.70668713921558224, 0.89132301401552017, 0.88659943866961077, 0.70668713921558224, NAN, 0.84126864102154131, 0.72734177681611234, 0.89132301401552017, 0.84126864102154131, NAN, 0.94576098086492011, 0.88659943866961077, 0.72734177681611234, 0.94576098086492011, NAN } },
    /* R: use = "pairwise.complete.obs", method = "kendall" */
    { SONDE_CORRELATION_KENDALL, SONDE_CORRELATION_PAIRWISE,
      { 1, -0.025908447697448676, -0.0042728938767095026, -0.00035983864762496301, -0.025908447697448676, 1, -0.0088300190628107112, 0.017279793977825524, -0.0042728938767095026, -0.0088300190628107112, 1, -0.0092529381943171184, -0.00035983864762496301, 0.017279793977825524, -0.0092529381943171184, 1 },
      { NAN, 0.40618583609059999, 0.89030963005571728, 0.99089060263895112, 0.40618583609059999, NAN, 0.75913705862764869, 0.55607708370944764, 0.89030963005571728, 0.75913705862764869, NAN, 0.75067371295721386, 0.99089060263895112, 0.55607708370944764, 0.75067371295721386, NAN } },
    /* R: use = "complete.obs", method = "kendall" */
    { SONDE_CORRELATION_KENDALL, SONDE_CORRELATION_LISTWISE,
      { 1, -0.012117929420959232, -0.003990016610635287, 0.0053172374127767224, -0.012117929420959232, 1, -0.0043870541804672623, 0.010653002827387136, -0.003990016610635287, -0.0043870541804672623, 1, 0.0012946796475405288, 0.0053172374127767224, 0.010653002827387136, 0.0012946796475405288, 1 },
      { NAN, 0.71039058393677434, 0.90371399164100907, 0.87089596029286753, 0.71039058393677434, NAN, 0.88565553423853038, 0.72481560158606229, 0.90371399164100907, 0.88565553423853038, NAN, 0.96623556253810505, 0.87089596029286753, 0.72481560158606229, 0.96623556253810505, NAN } },
  };

  for (guint c = 0; c < 4; c++)
    {
      int index = sonde_table_find_column_index (table, names[c]);

      g_assert_cmpint (index, >=, 0);
      columns[c] = (guint) index;
    }

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SondeCorrelationMatrix) m = NULL;

      m = sonde_correlation_matrix_new (table, columns, 4, cases[i].method, cases[i].missing, &error);
      g_assert_no_error (error);
      g_assert_nonnull (m);
      g_assert_cmpuint (m->k, ==, 4);
      for (guint cell = 0; cell < 16; cell++)
        {
          assert_close (m->estimates[cell], cases[i].estimates[cell], "matrix estimate");
          assert_close (m->p_values[cell], cases[i].p[cell], "matrix p-value");
          /* R: 496 == sum(complete.cases(d[cols])) */
          g_assert_cmpuint (m->counts[cell], ==,
                            cases[i].missing == SONDE_CORRELATION_LISTWISE ? 496 : pairwise_n[cell]);
        }
    }
}

static void
test_matrix_errors (void)
{
  g_autoptr(SondeTable) table = read_students ();
  const struct {
    guint       columns[2];
    guint       n_columns;
    const char *message;
  } cases[] = {
    { { 1, 0 }, 1, "A correlation matrix needs at least 2 columns; 1 was chosen." },
    { { 1, 99 }, 2, "The table has 11 columns, so there is no column number 100." },
    { { 1, 2 }, 2, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SondeCorrelationMatrix) m = NULL;

      m = sonde_correlation_matrix_new (table, cases[i].columns, cases[i].n_columns,
                                        SONDE_CORRELATION_PEARSON, SONDE_CORRELATION_PAIRWISE, &error);
      g_assert_null (m);
      g_assert_error (error, SONDE_ERROR, SONDE_ERROR_INVALID);
      if (cases[i].message != NULL)
        g_assert_cmpstr (error->message, ==, cases[i].message);
      else
        g_assert_true (g_str_has_prefix (error->message, "The column “programme” holds "));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/engine/stats/correlation/fixed", test_fixed);
  g_test_add_func ("/engine/stats/correlation/errors", test_errors);
  g_test_add_func ("/engine/stats/correlation/kendall-limit", test_kendall_limit);
  g_test_add_func ("/engine/stats/correlation/students", test_students_pair);
  g_test_add_func ("/engine/stats/correlation/matrix", test_students_matrix);
  g_test_add_func ("/engine/stats/correlation/matrix-errors", test_matrix_errors);

  return g_test_run ();
}
