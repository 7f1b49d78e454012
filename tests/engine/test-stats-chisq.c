/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-stats-chisq"

/* Chi-square test of independence, from counts and from two columns of
 * data/samples/students.csv, every figure checked against R 4.2's
 * chisq.test() (the command is written next to each reference) to a
 * relative tolerance of 1e-6. In R the CSV is read with
 * d <- read.csv ("data/samples/students.csv", na.strings = c ("", "NA")).
 * Table-driven. */

#include "config.h"

#include <math.h>

#include "sonde-engine.h"

#define TOLERANCE 1e-6

/* Relative tolerance, with an absolute floor for a reference of 0. */
static void
assert_close (double      value,
              double      reference,
              const char *what)
{
  if (!(fabs (value - reference) <= TOLERANCE * fabs (reference) + 1e-12))
    g_test_message ("%s: expected %.17g (R), got %.17g", what, reference, value);
  g_assert_cmpfloat_with_epsilon (value, reference, TOLERANCE * fabs (reference) + 1e-12);
}

static void
test_counts (void)
{
  /* In R, t(chisq.test(m, correct = c)$expected) gives the expected
   * counts row by row; V is
   * sqrt(chisq.test(m, correct = FALSE)$statistic / (sum(m) * (min(dim(m)) - 1))). */
  const struct {
    const char *name;
    guint       n_rows, n_cols;
    double      counts[12];
    gboolean    correct;
    guint       kept_rows, kept_cols;
    double      statistic, df, p, v;
    double      expected[9];
    gboolean    yates, low;
  } cases[] = {
    /* R: m <- matrix(c(3, 2, 1, 6), 2, byrow = TRUE); chisq.test(m, correct = TRUE) */
    { "A", 2, 2, { 3, 2, 1, 6 }, TRUE, 2, 2, 1.0714285714285714, 1, 0.3006229881969068, 0.47809144373375745,
      { 1.6666666666666667, 3.3333333333333335, 2.3333333333333335, 4.666666666666667 }, TRUE, TRUE },
    /* R: chisq.test(m, correct = FALSE), same m */
    { "A", 2, 2, { 3, 2, 1, 6 }, FALSE, 2, 2, 2.7428571428571429, 1, 0.097689959346157373, 0.47809144373375745,
      { 1.6666666666666667, 3.3333333333333335, 2.3333333333333335, 4.666666666666667 }, FALSE, TRUE },
    /* R: m <- matrix(c(10, 10, 10, 11), 2, byrow = TRUE); chisq.test(m, correct = TRUE)
     * (the correction is capped at |O − E| = 0.244, so X² is 0) */
    { "B", 2, 2, { 10, 10, 10, 11 }, TRUE, 2, 2, 0, 1, 1, 0.023809523809523829,
      { 9.7560975609756095, 10.24390243902439, 10.24390243902439, 10.75609756097561 }, TRUE, FALSE },
    /* R: chisq.test(m, correct = FALSE), same m */
    { "B", 2, 2, { 10, 10, 10, 11 }, FALSE, 2, 2, 0.023242630385487569, 1, 0.87882781292953083, 0.023809523809523829,
      { 9.7560975609756095, 10.24390243902439, 10.24390243902439, 10.75609756097561 }, FALSE, FALSE },
    /* The empty second row and column are dropped; R on what is left:
     * R: m <- matrix(c(5, 8, 2, 7, 3, 9), 2, byrow = TRUE); chisq.test(m, correct = TRUE) */
    { "C", 3, 4, { 5, 0, 8, 2, 0, 0, 0, 0, 7, 0, 3, 9 }, TRUE, 2, 3, 6.6825093035619352, 2, 0.035392524559382924, 0.44333327337482054,
      { 5.2941176470588234, 4.8529411764705879, 4.8529411764705879, 6.7058823529411766, 6.1470588235294121, 6.1470588235294121 }, FALSE, TRUE },
    /* R: m <- matrix(c(12, 30, 7, 25, 18, 40, 9, 11, 14), 3, byrow = TRUE); chisq.test(m) */
    { "D", 3, 3, { 12, 30, 7, 25, 18, 40, 9, 11, 14 }, TRUE, 3, 3, 23.917766454226566, 4, 8.2964171615205689e-05, 0.26840541206088597,
      { 13.578313253012048, 17.41566265060241, 18.006024096385541, 23, 29.5, 30.5, 9.4216867469879517, 12.08433734939759, 12.493975903614459 }, FALSE, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SondeChisq) chisq = NULL;

      g_test_message ("table %s, correct = %d", cases[i].name, cases[i].correct);
      chisq = sonde_chisq_new_from_counts (cases[i].counts, cases[i].n_rows, cases[i].n_cols,
                                           cases[i].correct, &error);
      g_assert_no_error (error);
      g_assert_nonnull (chisq);
      g_assert_cmpuint (chisq->n_rows, ==, cases[i].kept_rows);
      g_assert_cmpuint (chisq->n_cols, ==, cases[i].kept_cols);
      g_assert_null (chisq->row_labels);
      g_assert_null (chisq->col_labels);
      assert_close (chisq->statistic, cases[i].statistic, "X²");
      assert_close (chisq->df, cases[i].df, "df");
      assert_close (chisq->p_value, cases[i].p, "p-value");
      assert_close (chisq->cramers_v, cases[i].v, "Cramér's V");
      for (guint cell = 0; cell < chisq->n_rows * chisq->n_cols; cell++)
        assert_close (chisq->expected[cell], cases[i].expected[cell], "expected count");
      g_assert_cmpint (chisq->yates, ==, cases[i].yates);
      g_assert_cmpint (chisq->low_expected, ==, cases[i].low);
    }
}

static void
test_counts_errors (void)
{
  const struct {
    guint       n_rows, n_cols;
    double      counts[4];
    const char *message;
  } cases[] = {
    { 2, 2, { 3, 4, 0, 0 },
      "The chi-square test needs at least 2 categories on each side with some counts, but the table has 1 × 2 once empty rows and columns are left out. Choose variables that each take at least two values." },
    { 1, 3, { 3, 4, 5 },
      "The chi-square test needs at least 2 categories on each side with some counts, but the table has 1 × 3 once empty rows and columns are left out. Choose variables that each take at least two values." },
    { 2, 2, { 3, -1, 2, 2 },
      "The count in row 1, column 2 of the contingency table is -1; counts must be zero or more." },
    { 2, 2, { 3, 1, NAN, 2 },
      "The count in row 2, column 1 of the contingency table is nan; counts must be zero or more." },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SondeChisq) chisq = NULL;

      chisq = sonde_chisq_new_from_counts (cases[i].counts, cases[i].n_rows, cases[i].n_cols, TRUE, &error);
      g_assert_null (chisq);
      g_assert_error (error, SONDE_ERROR, SONDE_ERROR_INVALID);
      g_assert_cmpstr (error->message, ==, cases[i].message);
    }
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
test_students (void)
{
  g_autoptr(SondeTable) table = read_students ();
  /* R: t <- table(d[[v]], d$passed); chisq.test(t, correct = c) for the
   * statistic, parameter and p.value; V as in test_counts; the expected
   * count of the first level of v (alphabetically) and "no". */
  const struct {
    const char *variable;
    gboolean    correct;
    guint       n_rows;
    double      total, statistic, df, p, v, e11;
    gboolean    yates, low;
  } cases[] = {
    /* R: chisq.test(table(d$programme, d$passed)) ("data science" is a
     * separate, misspelt level with 5 students) */
    { "programme", TRUE, 5, 600, 16.741323496075086, 4, 0.0021698916790645951, 0.16703953372418104, 30.946666666666665, FALSE, TRUE },
    /* R: chisq.test(table(d$scholarship, d$passed), correct = TRUE) */
    { "scholarship", TRUE, 2, 561, 0.26830459288929431, 1, 0.60447133962400401, 0.025689993915487628, 122.63814616755793, TRUE, FALSE },
    /* R: chisq.test(table(d$scholarship, d$passed), correct = FALSE) */
    { "scholarship", FALSE, 2, 561, 0.37024641671894098, 1, 0.54286998055721047, 0.025689993915487628, 122.63814616755793, FALSE, FALSE },
    /* R: chisq.test(table(d$has_internship, d$passed), correct = TRUE) */
    { "has_internship", TRUE, 2, 600, 3.3641292615489009, 1, 0.066630799069382865, 0.078636222298442887, 144.535, TRUE, FALSE },
    /* R: chisq.test(table(d$has_internship, d$passed), correct = FALSE) */
    { "has_internship", FALSE, 2, 600, 3.710193274422076, 1, 0.054081128404615035, 0.078636222298442887, 144.535, FALSE, FALSE },
  };
  SondeColumn *passed = sonde_table_find_column (table, "passed");

  g_assert_nonnull (passed);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      SondeColumn *column = sonde_table_find_column (table, cases[i].variable);
      g_autoptr(GError) error = NULL;
      g_autoptr(SondeChisq) chisq = NULL;

      g_test_message ("%s × passed, correct = %d", cases[i].variable, cases[i].correct);
      g_assert_nonnull (column);
      chisq = sonde_chisq_new_from_columns (column, passed, cases[i].correct, &error);
      g_assert_no_error (error);
      g_assert_nonnull (chisq);
      g_assert_cmpuint (chisq->n_rows, ==, cases[i].n_rows);
      g_assert_cmpuint (chisq->n_cols, ==, 2);
      g_assert_nonnull (chisq->row_labels);
      g_assert_nonnull (chisq->col_labels);
      assert_close (chisq->total, cases[i].total, "total");
      assert_close (chisq->statistic, cases[i].statistic, "X²");
      assert_close (chisq->df, cases[i].df, "df");
      assert_close (chisq->p_value, cases[i].p, "p-value");
      assert_close (chisq->cramers_v, cases[i].v, "Cramér's V");
      assert_close (chisq->expected[0], cases[i].e11, "expected count of the first cell");
      g_assert_cmpint (chisq->yates, ==, cases[i].yates);
      g_assert_cmpint (chisq->low_expected, ==, cases[i].low);
    }
}

static void
test_columns_errors (void)
{
  g_autoptr(SondeColumn) a = sonde_column_new ("town", SONDE_COLUMN_TYPE_CATEGORICAL);
  g_autoptr(SondeColumn) b = sonde_column_new ("passed", SONDE_COLUMN_TYPE_BOOLEAN);
  g_autoptr(SondeColumn) c = sonde_column_new ("short", SONDE_COLUMN_TYPE_INTEGER);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) error2 = NULL;
  g_autoptr(SondeChisq) chisq = NULL;
  g_autoptr(SondeChisq) chisq2 = NULL;
  static const char *towns[] = { "Lyon", "Lyon", "Nantes", "Lyon" };

  /* "Nantes" only appears where passed is missing. */
  for (guint i = 0; i < G_N_ELEMENTS (towns); i++)
    sonde_column_append_category (a, towns[i], -1);
  sonde_column_append_boolean (b, TRUE);
  sonde_column_append_boolean (b, FALSE);
  sonde_column_append_missing (b);
  sonde_column_append_boolean (b, TRUE);
  sonde_column_append_integer (c, 1);

  chisq = sonde_chisq_new_from_columns (a, b, TRUE, &error);
  g_assert_null (chisq);
  g_assert_error (error, SONDE_ERROR, SONDE_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "The column “town” takes fewer than 2 distinct values in the rows where both "
                   "columns have a value, so there is nothing to cross-tabulate.");

  chisq2 = sonde_chisq_new_from_columns (a, c, TRUE, &error2);
  g_assert_null (chisq2);
  g_assert_error (error2, SONDE_ERROR, SONDE_ERROR_INVALID);
  g_assert_cmpstr (error2->message, ==,
                   "The columns “town” and “short” have 4 and 1 rows; they must have as many to be cross-tabulated.");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/engine/stats/chisq/counts", test_counts);
  g_test_add_func ("/engine/stats/chisq/counts-errors", test_counts_errors);
  g_test_add_func ("/engine/stats/chisq/students", test_students);
  g_test_add_func ("/engine/stats/chisq/columns-errors", test_columns_errors);

  return g_test_run ();
}
