/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-cli-project"

/* End-to-end tests of `sonde-cli project create`, `project info` and
 * `query`: a project made of data/samples/students.csv and housing.csv,
 * described as text and JSON, queried as a table, CSV and JSON; refusals
 * of queries that write, a syntax error's line and column, a file that
 * is no project, saved pipelines (one that cannot be read) and rules
 * listed by info, and exit statuses. Messages in English (LANGUAGE=C).
 */

#include "config.h"

#include <string.h>
#include <sys/wait.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "cli-run.h"


#define STUDENTS (PROJECT_SAMPLES_DIR "/students.csv")
#define HOUSING  (PROJECT_SAMPLES_DIR "/housing.csv")

static char *tmp_dir;
static char *project_path;

/* Runs `sonde-cli ARGS…` (NULL-terminated). */
static void
run_cli (Run        *run,
         const char *first,
         ...)
{
  va_list args;

  va_start (args, first);
  run_cli_va (run, NULL, first, args);
  va_end (args);
}

static void
test_create_and_info (void)
{
  g_auto(Run) run = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;
  JsonArray *datasets;
  JsonObject *students;

  run_cli (&run, "project", "info", project_path, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Schema version: 2\n"));
  g_assert_nonnull (strstr (run.out, "2 datasets\n"));
  g_assert_nonnull (strstr (run.out, "students: 600 rows, 11 columns\n"));
  run_clear (&run);

  run_cli (&run, "project", "info", "--json", project_path, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, run.out, -1, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (json_object_get_int_member (root, "schema_version"), ==, 2);
  datasets = json_object_get_array_member (root, "datasets");
  g_assert_cmpuint (json_array_get_length (datasets), ==, 2);
  students = json_array_get_object_element (datasets, 0);
  g_assert_cmpstr (json_object_get_string_member (students, "name"), ==, "students");
  g_assert_cmpint (json_object_get_int_member (students, "rows"), ==, 600);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (students, "columns")), ==, 11);
}

/* Pipelines and rules as the Clean and Quality panes save them, written
 * into a copy of the project with SQLite (no command sets them). */
static void
test_info_pipelines_and_rules (void)
{
  g_auto(Run) run = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (tmp_dir, "clean.sonde", NULL);
  g_autofree char *contents = NULL;
  gsize length = 0;
  sqlite3 *db = NULL;
  char *message = NULL;
  JsonObject *root, *pipeline;
  JsonArray *pipelines, *rules;

  g_assert_true (g_file_get_contents (project_path, &contents, &length, &error));
  g_assert_true (g_file_set_contents (path, contents, length, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_exec (db,
                "INSERT INTO sonde_pipelines (name, dataset, steps) VALUES"
                " ('students', 'students', '{\"format\": \"sonde-pipeline\", \"version\": 1, \"steps\": ["
                "{\"kind\": \"impute\", \"params\": {\"columns\": [\"age\"], \"method\": \"median\"}},"
                "{\"kind\": \"drop_missing\"}]}'),"
                " ('housing', 'housing', '{\"format\": \"sonde-pipeline\", \"version\": 1, \"steps\": [{\"kind\": \"frobnicate\"}]}');"
                "INSERT INTO sonde_rules VALUES ('students', 0, 'age between 16 and 70'), ('housing', 0, 'price_eur > 0'),"
                " ('students', 1, 'previous_grade between 0 and 20');",
                NULL, NULL, &message);
  g_assert_null (message);
  sqlite3_close (db);

  run_cli (&run, "project", "info", path, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "\n2 pipelines\n  students (dataset “students”): 2 steps\n"
                                     "  housing (dataset “housing”): cannot be read. "));
  g_assert_nonnull (strstr (run.out, "frobnicate"));
  g_assert_nonnull (strstr (run.out, "\n3 rules\n  students: age between 16 and 70\n  housing: price_eur > 0\n"
                                     "  students: previous_grade between 0 and 20\n"));
  run_clear (&run);

  run_cli (&run, "project", "info", "--json", path, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, run.out, -1, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  pipelines = json_object_get_array_member (root, "pipelines");
  g_assert_cmpuint (json_array_get_length (pipelines), ==, 2);
  pipeline = json_array_get_object_element (pipelines, 0);
  g_assert_cmpstr (json_object_get_string_member (pipeline, "name"), ==, "students");
  g_assert_cmpint (json_object_get_int_member (pipeline, "steps"), ==, 2);
  pipeline = json_array_get_object_element (pipelines, 1);
  g_assert_true (json_object_get_null_member (pipeline, "steps"));
  g_assert_nonnull (strstr (json_object_get_string_member (pipeline, "error"), "frobnicate"));
  rules = json_object_get_array_member (root, "rules");
  g_assert_cmpuint (json_array_get_length (rules), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (rules, 2), "expression"), ==,
                   "previous_grade between 0 and 20");

  g_assert_cmpint (g_unlink (path), ==, 0);
}

static void
test_query_formats (void)
{
  g_auto(Run) run = { 0 };

  run_cli (&run, "query", project_path, "SELECT count(*) AS n FROM students", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "  n\n600\n(1 row)\n");
  run_clear (&run);

  run_cli (&run, "query", project_path, "SELECT name, rows FROM sonde_datasets ORDER BY rowid", "--format", "csv", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "name,rows\nstudents,600\nhousing,"));
  run_clear (&run);

  run_cli (&run, "query", project_path, "SELECT count(*) AS n FROM students", "--format", "json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "\"n\":600"));
}

static void
test_query_refused (void)
{
  g_auto(Run) run = { 0 };

  run_cli (&run, "query", project_path, "DROP TABLE students", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.err, ==, "sonde-cli: Queries can only read the project: “DROP TABLE students” would change it.\n");
  run_clear (&run);

  run_cli (&run, "query", project_path, "PRAGMA writable_schema = 1", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "Queries can only read the project"));
  run_clear (&run);

  run_cli (&run, "query", project_path, "SELECT *\nFROM students WHERE", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "query line 2, column"));
  run_clear (&run);

  /* The project is unchanged. */
  run_cli (&run, "query", project_path, "SELECT count(*) AS n FROM students", "--format", "csv", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "n\n600\n");
}

static void
test_errors (void)
{
  g_auto(Run) run = { 0 };

  run_cli (&run, "project", "info", STUDENTS, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "students.csv is not a Sonde project."));
  run_clear (&run);

  run_cli (&run, "project", "info", NULL);
  g_assert_cmpint (run.status, ==, 2);
  run_clear (&run);

  run_cli (&run, "project", "frobnicate", NULL);
  g_assert_cmpint (run.status, ==, 2);
  run_clear (&run);

  run_cli (&run, "query", project_path, "SELECT 1", "--format", "xml", NULL);
  g_assert_cmpint (run.status, ==, 2);
  run_clear (&run);

  run_cli (&run, "project", "create", project_path, NULL);
  g_assert_cmpint (run.status, ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_auto(Run) run = { 0 };
  int status;

  g_test_init (&argc, &argv, NULL);

  tmp_dir = g_dir_make_tmp ("sonde-cli-project-XXXXXX", &error);
  g_assert_no_error (error);
  project_path = g_build_filename (tmp_dir, "demo.sonde", NULL);
  run_cli (&run, "project", "create", project_path, STUDENTS, HOUSING, NULL);
  g_assert_cmpint (run.status, ==, 0);

  g_test_add_func ("/cli/project/create-and-info", test_create_and_info);
  g_test_add_func ("/cli/project/info-pipelines-and-rules", test_info_pipelines_and_rules);
  g_test_add_func ("/cli/project/query-formats", test_query_formats);
  g_test_add_func ("/cli/project/query-refused", test_query_refused);
  g_test_add_func ("/cli/project/errors", test_errors);

  status = g_test_run ();

  g_unlink (project_path);
  g_rmdir (tmp_dir);
  g_free (project_path);
  g_free (tmp_dir);

  return status;
}
