/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-cli-chart"

/* End-to-end tests of `sonde-cli chart`: the built binary draws charts of
 * data/samples/students.csv to PNG (size checked at scale 2 from the IHDR
 * chunk), SVG (title and description present) and PDF, prints its summary
 * and its data table, and exits 1 when the columns do not fit and 2 when
 * the command line is wrong. Messages in English (LANGUAGE=C).
 */

#include "config.h"

#include <string.h>
#include <sys/wait.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "cli-run.h"


#define STUDENTS (CHART_SAMPLES_DIR "/students.csv")

/* Runs `sonde-cli chart ARGS…` (NULL-terminated). */
static void
run_chart (Run        *run,
           const char *first,
           ...)
{
  va_list args;

  va_start (args, first);
  run_cli_va (run, "chart", first, args);
  va_end (args);
}

static void
test_describe (void)
{
  g_auto(Run) run = { 0 };
  g_auto(GStrv) paragraphs = NULL;

  run_chart (&run, STUDENTS, "--kind", "histogram", "--x", "previous_grade", "--describe", NULL);
  g_assert_cmpint (run.status, ==, 0);
  paragraphs = g_strsplit (run.out, "\n\n", -1);
  g_assert_cmpuint (g_strv_length (paragraphs), ==, 3);
  g_assert_true (g_str_has_prefix (paragraphs[0], "Distribution of previous_grade: a histogram of 558 values."));
  g_assert_nonnull (strstr (paragraphs[0], "42 rows with a missing value are left out."));
  g_assert_true (g_str_has_prefix (paragraphs[1], "Values range from 2.4 to 19.5;"));
  g_assert_true (g_str_has_prefix (paragraphs[2], "Half of the values lie between"));
}

static void
test_table (void)
{
  g_auto(Run) run = { 0 };

  run_chart (&run, STUDENTS, "--kind", "bar", "--x", "programme", "--table", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "programme,Count\n"));
  g_assert_nonnull (strstr (run.out, "\nInformatique,170\n"));
}

static guint32
be32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

static void
test_files (void)
{
  g_autofree char *dir = g_dir_make_tmp ("sonde-cli-chart-XXXXXX", NULL);
  g_autofree char *png = g_build_filename (dir, "grades.png", NULL);
  g_autofree char *svg = g_build_filename (dir, "grades.svg", NULL);
  g_autofree char *pdf = g_build_filename (dir, "grades.PDF", NULL);
  g_autofree char *contents = NULL;
  gsize length = 0;

  {
    g_auto(Run) run = { 0 };

    run_chart (&run, STUDENTS, "--kind", "box", "--y", "previous_grade", "--by", "programme",
               "--out", png, "--width", "300", "--height", "200", "--scale", "2", "--theme", "dark", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_true (g_file_get_contents (png, &contents, &length, NULL));
    g_assert_cmpuint (length, >, 24);
    g_assert_cmpmem (contents + 1, 3, "PNG", 3);
    g_assert_cmpuint (be32 ((const guint8 *) contents + 16), ==, 600);
    g_assert_cmpuint (be32 ((const guint8 *) contents + 20), ==, 400);
    g_clear_pointer (&contents, g_free);
  }

  {
    g_auto(Run) run = { 0 };

    run_chart (&run, STUDENTS, "--kind", "scatter", "--x", "hours_studied_per_week", "--y", "previous_grade",
               "--trend", "--out", svg, "--theme", "high-contrast", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_true (g_file_get_contents (svg, &contents, NULL, NULL));
    g_assert_nonnull (strstr (contents, "<title id=\"sonde-chart-title\">previous_grade against hours_studied_per_week</title>"));
    g_assert_nonnull (strstr (contents, "<desc id=\"sonde-chart-desc\">previous_grade against hours_studied_per_week: a scatter plot of 527 points."));
    g_assert_nonnull (strstr (contents, "class=\"sonde-chart-item\""));
    g_clear_pointer (&contents, g_free);
  }

  {
    g_auto(Run) run = { 0 };

    run_chart (&run, STUDENTS, "--kind", "roc", "--truth", "passed", "--score", "previous_grade", "--out", pdf, NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_true (g_file_get_contents (pdf, &contents, NULL, NULL));
    g_assert_true (g_str_has_prefix (contents, "%PDF-"));
  }

  g_unlink (png);
  g_unlink (svg);
  g_unlink (pdf);
  g_rmdir (dir);
}

static void
test_errors (void)
{
  const struct
  {
    int         status;
    const char *needle;
    const char *args[8];
  } cases[] = {
    { 1, "“nope”", { "--kind", "histogram", "--x", "nope", "--describe", NULL } },
    { 1, "“city” holds", { "--kind", "histogram", "--x", "city", "--describe", NULL } },
    { 2, "not a kind of chart", { "--kind", "pie", "--describe", NULL } },
    { 2, "needs --x", { "--kind", "scatter", "--y", "age", "--describe", NULL } },
    { 2, "--out FILE, --describe or --table", { "--kind", "histogram", "--x", "age", NULL } },
    { 2, "not a theme", { "--kind", "histogram", "--x", "age", "--describe", "--theme", "pink", NULL } },
    { 2, ".png, .svg or .pdf", { "--kind", "histogram", "--x", "age", "--out", "age.jpeg", NULL } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Run) run = { 0 };
      const char * const *a = cases[i].args;

      run_chart (&run, STUDENTS, a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], NULL);
      g_assert_cmpint (run.status, ==, cases[i].status);
      g_assert_nonnull (strstr (run.err, cases[i].needle));
    }
}

static void
test_help (void)
{
  g_autofree char *out = NULL;
  g_autofree char *argv0 = g_strdup (SONDE_CLI);
  char *argv[] = { argv0, (char *) "--help", NULL };
  int wait_status = 0;

  g_assert_true (g_spawn_sync (NULL, argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, &wait_status, NULL));
  g_assert_nonnull (strstr (out, "  chart "));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/chart/describe", test_describe);
  g_test_add_func ("/cli/chart/table", test_table);
  g_test_add_func ("/cli/chart/files", test_files);
  g_test_add_func ("/cli/chart/errors", test_errors);
  g_test_add_func ("/cli/chart/help", test_help);

  return g_test_run ();
}
