/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-cli-clean"

/* End-to-end tests of `sonde-cli clean`: the example pipeline shipped in
 * data/samples/students-pipeline.json fitted on data/samples/students.csv
 * with --fit --save-fitted, then the saved pipeline replayed on a fresh
 * read of the same file must write the same bytes; the summary of each
 * step; a join with a dataset given by --with (tests/cli/fixtures/
 * cities.csv); and the exit statuses: 2 for a wrong command line, 1 for
 * an unfitted pipeline replayed, a pipeline that does not load and a
 * dataset a join needs but was not given.
 */

#include "config.h"

#include <string.h>
#include <sys/wait.h>

#include <glib/gstdio.h>

#include "cli-run.h"

#define STUDENTS_CSV (CLEAN_SAMPLES_DIR "/students.csv")
#define EXAMPLE_PIPELINE (CLEAN_SAMPLES_DIR "/students-pipeline.json")
#define CITIES_CSV CLI_FIXTURES_DIR "/cities.csv"


/* Runs `sonde-cli clean ARGS…` (NULL-terminated). */
static void
run_clean (Run        *run,
           const char *first,
           ...)
{
  va_list args;

  va_start (args, first);
  run_cli_va (run, "clean", first, args);
  va_end (args);
}

static char *
read_text (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  g_assert_no_error (error);
  return text;
}

static char *
make_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("sonde-clean-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
remove_files (const char *dir,
              ...)
{
  va_list args;
  const char *name;

  va_start (args, dir);
  for (name = va_arg (args, const char *); name != NULL; name = va_arg (args, const char *))
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_remove (path);
    }
  va_end (args);
  g_rmdir (dir);
}

static void
test_fit_then_replay (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *fitted_csv = g_build_filename (dir, "fitted.csv", NULL);
  g_autofree char *replayed_csv = g_build_filename (dir, "replayed.csv", NULL);
  g_autofree char *fitted_json = g_build_filename (dir, "fitted.json", NULL);
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *saved = NULL;

  {
    g_auto(Run) run = { 0 };

    run_clean (&run, STUDENTS_CSV, "--pipeline", EXAMPLE_PIPELINE, "--fit", "--out", fitted_csv,
               "--save-fitted", fitted_json, NULL);
    g_assert_cmpint (run.status, ==, 0);
    /* students.csv holds 8 duplicate rows (data/samples/README.md) and
     * 26 missing ages. */
    g_assert_nonnull (strstr (run.out, "Step 1 (deduplicate): 8 rows removed; 600 → 592 rows\n"));
    g_assert_nonnull (strstr (run.out, "Step 3 (impute): 26 rows changed, 26 cells; 592 → 592 rows\n"));
    g_assert_nonnull (strstr (run.out, "Step 9 (date_parts): 2 columns added; 592 → 592 rows\n"));
    g_assert_nonnull (strstr (run.out, "Step 11 (pseudonymise): disabled, skipped\n"));
  }
  saved = read_text (fitted_json);
  g_assert_nonnull (strstr (saved, "\"learned\""));

  {
    g_auto(Run) run = { 0 };

    run_clean (&run, STUDENTS_CSV, "--pipeline", fitted_json, "--out", replayed_csv, NULL);
    g_assert_cmpint (run.status, ==, 0);
  }
  /* The done criterion of issue 6: replaying a saved pipeline on a fresh
   * copy of the data gives an identical table. */
  a = read_text (fitted_csv);
  b = read_text (replayed_csv);
  g_assert_cmpstr (a, ==, b);
  g_assert_true (g_str_has_prefix (a, "student_id,age,hours_studied_per_week,"));

  {
    /* Without --out: CSV on the standard output, the summary on standard error. */
    g_auto(Run) run = { 0 };

    run_clean (&run, STUDENTS_CSV, "--pipeline", fitted_json, NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_cmpstr (run.out, ==, a);
    g_assert_nonnull (strstr (run.err, "Step 1 (deduplicate)"));
  }

  remove_files (dir, "fitted.csv", "replayed.csv", "fitted.json", NULL);
}

static void
test_join (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *pipeline = g_build_filename (dir, "join.json", NULL);
  g_autofree char *out = g_build_filename (dir, "out.json", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  const char *json =
    "{\"format\":\"sonde-pipeline\",\"version\":1,\"steps\":["
    "{\"kind\":\"join\",\"params\":{\"with\":\"cities\",\"on\":[\"city\"],\"how\":\"inner\"}},"
    "{\"kind\":\"aggregate\",\"params\":{\"by\":[\"region\"],\"aggregations\":[{\"function\":\"count\",\"name\":\"students\"}]}}"
    "]}";

  g_assert_true (g_file_set_contents (pipeline, json, -1, &error));
  g_assert_no_error (error);
  {
    g_auto(Run) run = { 0 };

    run_clean (&run, STUDENTS_CSV, "--pipeline", pipeline, "--with", "cities=" CITIES_CSV, "--out", out, NULL);
    g_assert_cmpint (run.status, ==, 0);
    /* Paris 151, Lyon 72, Marseille 65, Toulouse 61, Montpellier 39 rows
     * in students.csv (cut -d, -f10 | sort | uniq -c): 388. */
    g_assert_nonnull (strstr (run.out, "Step 1 (join): 212 rows removed; 1 column added; 600 → 388 rows\n"));
  }
  text = read_text (out);
  g_assert_nonnull (strstr (text, "\"Île-de-France\""));
  g_assert_nonnull (strstr (text, "151"));
  g_assert_nonnull (strstr (text, "100"));

  {
    g_auto(Run) run = { 0 };

    run_clean (&run, STUDENTS_CSV, "--pipeline", pipeline, "--out", out, NULL);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_cmpstr (run.err, ==, "sonde-cli: Step 1 (join): no file was given for the dataset “cities”: add --with cities=FILE.\n");
  }
  remove_files (dir, "join.json", "out.json", NULL);
}

static void
test_errors (void)
{
  {
    /* The example is not fitted: replaying it says so. */
    g_auto(Run) run = { 0 };

    run_clean (&run, STUDENTS_CSV, "--pipeline", EXAMPLE_PIPELINE, NULL);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_cmpstr (run.err, ==,
                     "sonde-cli: Step 3 (impute): the step has not learned from data yet: fit the pipeline before replaying it.\n");
  }
  {
    g_auto(Run) run = { 0 };

    run_clean (&run, STUDENTS_CSV, NULL);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.err, "clean needs a pipeline: give its file with --pipeline."));
  }
  {
    g_auto(Run) run = { 0 };

    run_clean (&run, STUDENTS_CSV, "--pipeline", EXAMPLE_PIPELINE, "--save-fitted", "x.json", NULL);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.err, "--save-fitted writes what the steps learned with --fit: add --fit."));
  }
  {
    g_auto(Run) run = { 0 };

    run_clean (&run, STUDENTS_CSV, "--pipeline", EXAMPLE_PIPELINE, "--with", "cities", NULL);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.err, "--with takes NAME=FILE, not “cities”."));
  }
  {
    g_auto(Run) run = { 0 };

    run_clean (&run, STUDENTS_CSV, "--pipeline", EXAMPLE_PIPELINE, "--fit", "--out", "cleaned.xlsx", NULL);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.err, "“cleaned.xlsx” does not end with a format Sonde writes"));
  }
  {
    /* A CSV file is not a pipeline. */
    g_auto(Run) run = { 0 };

    run_clean (&run, STUDENTS_CSV, "--pipeline", STUDENTS_CSV, NULL);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_true (g_str_has_prefix (run.err, "sonde-cli: The pipeline is not valid JSON: "));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/clean/fit-then-replay", test_fit_then_replay);
  g_test_add_func ("/cli/clean/join", test_join);
  g_test_add_func ("/cli/clean/errors", test_errors);

  return g_test_run ();
}
