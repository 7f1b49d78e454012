/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-cli-profile"

/* End-to-end tests of `sonde-cli profile`: the built binary is run on
 * tests/engine/fixtures/profile.csv, its JSON figures checked against
 * pandas 1.5.3 (the commands are in tests/engine/test-profile.c, which
 * checks every figure; here a few per kind of column), its text and CSV
 * in English (LANGUAGE=C is forced), its HTML document (--html), and its exit statuses for wrong
 * command lines (2) and a key column that does not exist (1).
 */

#include "config.h"

#include <math.h>
#include <string.h>
#include <sys/wait.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "cli-run.h"

#define REL_TOL 1e-12
#define PROFILE_CSV (PROFILE_FIXTURES_DIR "/profile.csv")


/* Runs `sonde-cli profile ARGS…` (NULL-terminated). */
static void
run_profile (Run        *run,
             const char *first,
             ...)
{
  va_list args;

  va_start (args, first);
  run_cli_va (run, "profile", first, args);
  va_end (args);
}

static void
assert_member (JsonObject *object,
               const char *name,
               double      expected)
{
  g_assert_true (json_object_has_member (object, name));
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (object, name), expected,
                                  REL_TOL * MAX (fabs (expected), 1));
}

static JsonObject *
column (JsonObject *root,
        guint       index)
{
  return json_array_get_object_element (json_object_get_array_member (root, "columns"), index);
}

static void
test_json (void)
{
  g_auto(Run) run = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root, *c;

  run_profile (&run, PROFILE_CSV, "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, run.out, -1, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));

  g_assert_cmpint (json_object_get_int_member (root, "rows"), ==, 40);
  /* pandas: df.duplicated().sum() 1, df.duplicated(subset=['id']).sum() 2 */
  g_assert_cmpint (json_object_get_int_member (root, "duplicate_rows"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (root, "duplicate_keys"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (root, "contradictions"), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (root, "key"), 0), ==, "id");
  g_assert_true (json_object_get_boolean_member (root, "key_guessed"));

  /* pandas describe(): income count 38, mean 32500.575526315781,
   * std 37063.566652333691, 25 % 20917.829999999998, 50 % 26701.419999999998,
   * 75 % 32587.945; nunique 36 */
  c = column (root, 2);
  g_assert_cmpstr (json_object_get_string_member (c, "name"), ==, "income");
  g_assert_cmpint (json_object_get_int_member (c, "count"), ==, 38);
  g_assert_cmpint (json_object_get_int_member (c, "missing"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (c, "distinct"), ==, 36);
  g_assert_true (json_object_get_boolean_member (c, "distinct_exact"));
  assert_member (c, "mean", 32500.575526315781);
  assert_member (c, "std", 37063.566652333691);
  assert_member (c, "q1", 20917.829999999998);
  assert_member (c, "median", 26701.419999999998);
  assert_member (c, "q3", 32587.945);
  assert_member (c, "min", 9415.9);
  assert_member (c, "max", 250000);

  /* city: count 39, unique 5, top Paris, freq 14 */
  c = column (root, 3);
  g_assert_cmpstr (json_object_get_string_member (c, "type"), ==, "categorical");
  g_assert_cmpint (json_object_get_int_member (c, "distinct"), ==, 5);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_object_get_array_member (c, "top"), 0), "value"), ==, "Paris");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (json_object_get_array_member (c, "top"), 0), "count"), ==, 14);

  c = column (root, 4);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (c, "personal_data"), "kind"), ==, "email");
  g_assert_true (json_object_has_member (json_object_get_object_member (root, "quality"), "formula"));
}

static void
test_text_and_csv (void)
{
  g_auto(Run) text = { 0 };
  g_auto(Run) csv = { 0 };

  run_profile (&text, PROFILE_CSV, NULL);
  g_assert_cmpint (text.status, ==, 0);
  g_assert_nonnull (strstr (text.out, "Key (guessed): id"));
  g_assert_nonnull (strstr (text.out, "3 rows have no value in “age”."));
  g_assert_nonnull (strstr (text.out, "Quality score: 96.9 / 100"));
  g_assert_nonnull (strstr (text.out, "Minimum                2023-01-12"));

  run_profile (&csv, PROFILE_CSV, "--csv", "--key", "email", "--key", "phone", NULL);
  g_assert_cmpint (csv.status, ==, 0);
  g_assert_true (g_str_has_prefix (csv.out, "severity,kind,columns,rows,message\r\n"));
  g_assert_nonnull (strstr (csv.out, "error,contradictions,email; phone,2,"));
}

/* --html writes the document the Quality pane exports; tests/html runs
 * axe-core on it. */
static void
test_html (void)
{
  g_auto(Run) run = { 0 };
  g_auto(Run) both = { 0 };
  g_auto(Run) unwritable = { 0 };
  g_autofree char *dir = g_dir_make_tmp ("test-cli-profile-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "report.html", NULL);
  g_autofree char *html = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (dir);
  run_profile (&run, PROFILE_CSV, "--html", path, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_true (g_file_get_contents (path, &html, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (html, "<!DOCTYPE html>\n<html lang=\"en\">"));
  g_assert_nonnull (strstr (html, "<title>Quality of “profile”</title>"));
  g_assert_nonnull (strstr (html, "<main>\n<h1>Quality of “profile”</h1>"));
  g_assert_nonnull (strstr (html, "<th scope=\"col\">Severity</th>"));
  g_assert_true (g_str_has_suffix (html, "</html>\n"));

  run_profile (&both, PROFILE_CSV, "--csv", "--html", path, NULL);
  g_assert_cmpint (both.status, ==, 2);
  g_assert_nonnull (strstr (both.err, "Choose one of --json, --csv and --html."));

  run_profile (&unwritable, PROFILE_CSV, "--html", "/nonexistent-folder/report.html", NULL);
  g_assert_cmpint (unwritable.status, ==, 1);
  g_assert_nonnull (strstr (unwritable.err, "could not write the HTML report to /nonexistent-folder/report.html."));

  g_assert_cmpint (g_remove (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_errors (void)
{
  g_auto(Run) no_file = { 0 };
  g_auto(Run) both = { 0 };
  g_auto(Run) bad_key = { 0 };
  g_auto(Run) missing = { 0 };

  run_profile (&no_file, NULL, NULL);
  g_assert_cmpint (no_file.status, ==, 2);
  g_assert_nonnull (strstr (no_file.err, "profile needs one FILE."));

  run_profile (&both, PROFILE_CSV, "--json", "--csv", NULL);
  g_assert_cmpint (both.status, ==, 2);

  run_profile (&bad_key, PROFILE_CSV, "--key", "nope", NULL);
  g_assert_cmpint (bad_key.status, ==, 1);
  g_assert_nonnull (strstr (bad_key.err, "There is no column “nope”"));

  run_profile (&missing, PROFILE_FIXTURES_DIR "/no-such-file.csv", NULL);
  g_assert_cmpint (missing.status, ==, 1);
}

/* --rule, as in tests/engine/test-profile.c (test_rules), where the rows
 * are checked against Python's csv module. */
static void
test_rules (void)
{
  g_auto(Run) run = { 0 };
  g_auto(Run) text = { 0 };
  g_auto(Run) bad = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;
  JsonArray *rules;

  run_profile (&run, PROFILE_CSV, "--json", "--rule", "age between 0 and 120", "--rule", "end_date >= signup", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "The rule “end_date >= signup” cannot be read. Column 1: there is no column “end_date”"));

  run_clear (&run);
  run_profile (&run, PROFILE_CSV, "--json", "--rule", "age between 0 and 120", "--rule", "city in ('Paris', 'Lyon')", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, run.out, -1, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  rules = json_object_get_array_member (root, "rules");
  g_assert_cmpuint (json_array_get_length (rules), ==, 2);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (rules, 0), "broken"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (rules, 0), "unknown"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (rules, 1), "broken"), ==, 14);
  /* 16 of 40 rows in a contradiction or breaking a rule. */
  assert_member (json_object_get_object_member (root, "quality"), "consistency", 24.0 / 40);

  run_profile (&text, PROFILE_CSV, "--rule", "age between 0 and 120", NULL);
  g_assert_cmpint (text.status, ==, 0);
  g_assert_nonnull (strstr (text.out, "Warning: 1 row breaks the rule “age between 0 and 120”."));
  g_assert_nonnull (strstr (text.out, "Info: 3 rows cannot be checked against the rule “age between 0 and 120”: a value they need is missing."));

  run_profile (&bad, PROFILE_CSV, "--rule", "age + 1", NULL);
  g_assert_cmpint (bad.status, ==, 1);
  g_assert_nonnull (strstr (bad.err, "The rule “age + 1” is not a condition"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/profile/json", test_json);
  g_test_add_func ("/cli/profile/text-and-csv", test_text_and_csv);
  g_test_add_func ("/cli/profile/html", test_html);
  g_test_add_func ("/cli/profile/errors", test_errors);
  g_test_add_func ("/cli/profile/rules", test_rules);

  return g_test_run ();
}
