/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-cli-expr"

/* End-to-end tests of `sonde-cli eval`: a derived column as CSV and JSON,
 * the rows a condition keeps with --filter and --count, the counts on
 * standard error, errors with their position and caret, and the exit
 * statuses, on tests/engine/fixtures/profile.csv (40 rows; the counts are
 * those of tests/engine/test-profile.c, checked with Python's csv module).
 */

#include "config.h"

#include <string.h>
#include <sys/wait.h>

#include <json-glib/json-glib.h>

#include "cli-run.h"

#define PROFILE_CSV (EXPR_FIXTURES_DIR "/profile.csv")


/* Runs `sonde-cli eval ARGS…` (NULL-terminated) in English. */
static void
run_eval (Run        *run,
          const char *first,
          ...)
{
  va_list args;

  va_start (args, first);
  run_cli_va (run, "eval", first, args);
  va_end (args);
}

static void
test_derive (void)
{
  g_auto(Run) csv = { 0 };
  g_auto(Run) json = { 0 };
  g_auto(Run) div = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *rows;

  /* profile.csv rows 1-4: ids 1-4, ages 62, 77, 55 and missing. */
  run_eval (&csv, PROFILE_CSV, "if(age >= 60, 'senior', 'other') & '-' & id", "--name", "group", NULL);
  g_assert_cmpint (csv.status, ==, 0);
  g_assert_true (g_str_has_prefix (csv.out, "group\r\nsenior-1\r\nsenior-2\r\nother-3\r\nother-4\r\n")
                 || g_str_has_prefix (csv.out, "group\nsenior-1\nsenior-2\nother-3\nother-4\n"));

  run_eval (&json, PROFILE_CSV, "age * 2", "--out-format", "json", NULL);
  g_assert_cmpint (json.status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, json.out, -1, &error));
  g_assert_no_error (error);
  rows = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (rows), ==, 40);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (rows, 0), "age * 2"), ==, 124);
  g_assert_true (json_object_get_null_member (json_array_get_object_element (rows, 3), "age * 2"));

  run_eval (&div, PROFILE_CSV, "1 / (id - 1)", NULL);
  g_assert_cmpint (div.status, ==, 0);
  g_assert_nonnull (strstr (div.err, "1 division by zero gave a missing value."));
}

static void
test_filter (void)
{
  g_auto(Run) kept = { 0 };
  g_auto(Run) count = { 0 };
  g_auto(Run) bare = { 0 };

  run_eval (&kept, PROFILE_CSV, "age between 0 and 120", "--filter", NULL);
  g_assert_cmpint (kept.status, ==, 0);
  g_assert_true (g_str_has_prefix (kept.out, "id,age,income,city,email,phone,signup"));
  /* 40 rows: age 150 in one, missing in three; 25 in Paris or Lyon, 16 e-mails in .fr. */
  g_assert_nonnull (strstr (kept.err, "36 rows of 40 meet the condition."));
  g_assert_nonnull (strstr (kept.err, "3 rows are left out because a value the condition needs is missing."));
  g_assert_null (strstr (kept.out, ",150,"));

  run_eval (&count, PROFILE_CSV, "city in ('Paris', 'Lyon')", "--filter", "--count", NULL);
  g_assert_cmpint (count.status, ==, 0);
  g_assert_cmpstr (count.out, ==, "25\n");

  run_eval (&bare, PROFILE_CSV, "email matches [a-z0-9.]+@example\\.fr", "--filter", "--count", NULL);
  g_assert_cmpint (bare.status, ==, 0);
  g_assert_cmpstr (bare.out, ==, "16\n");
}

static void
test_errors (void)
{
  g_auto(Run) typo = { 0 };
  g_auto(Run) usage = { 0 };
  g_auto(Run) format = { 0 };
  g_auto(Run) not_condition = { 0 };

  run_eval (&typo, PROFILE_CSV, "agee > 3", NULL);
  g_assert_cmpint (typo.status, ==, 1);
  g_assert_cmpstr (typo.err, ==,
                   "sonde-cli: Column 1: there is no column “agee” in “profile”; did you mean “age”?\n"
                   "  agee > 3\n"
                   "  ^^^^\n");

  run_eval (&usage, PROFILE_CSV, NULL);
  g_assert_cmpint (usage.status, ==, 2);
  g_assert_nonnull (strstr (usage.err, "eval needs a FILE and an EXPRESSION"));

  run_eval (&format, PROFILE_CSV, "age", "--out-format", "xml", NULL);
  g_assert_cmpint (format.status, ==, 2);

  run_eval (&not_condition, PROFILE_CSV, "age + 1", "--filter", NULL);
  g_assert_cmpint (not_condition.status, ==, 1);
  g_assert_nonnull (strstr (not_condition.err, "“age + 1” gives a number, not a condition"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/eval/derive", test_derive);
  g_test_add_func ("/cli/eval/filter", test_filter);
  g_test_add_func ("/cli/eval/errors", test_errors);

  return g_test_run ();
}
