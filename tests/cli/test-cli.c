/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-cli"

/* End-to-end tests of sonde-cli: the built binary is run on the engine's
 * fixtures and its exit status, standard output and standard error are
 * checked. Exit statuses are part of the interface (0 success, 1 input
 * that cannot be read, 2 a wrong command line), so each is covered.
 * Messages are checked in English (LANGUAGE=C is forced).
 */

#include "config.h"

#include <string.h>
#include <sys/wait.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "sonde-engine.h"

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static char *
fixture (const char *name)
{
  return g_build_filename (FIXTURES_DIR, name, NULL);
}

/* Runs sonde-cli with the given arguments (NULL-terminated). */
static void
run_cli (Run *run,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(GStrv) envp = g_get_environ ();
  g_autoptr(GError) error = NULL;
  int wait_status = 0;
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, (gpointer) SONDE_CLI);
  va_start (args, run);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  envp = g_environ_setenv (envp, "LANGUAGE", "C", TRUE);
  envp = g_environ_setenv (envp, "LC_ALL", "C.UTF-8", TRUE);

  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_DEFAULT,
                               NULL, NULL, &run->out, &run->err, &wait_status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  run->status = WEXITSTATUS (wait_status);
  g_test_message ("stdout: %s", run->out);
  g_test_message ("stderr: %s", run->err);
}

static void
test_version (void)
{
  g_auto(Run) run = { 0 };

  run_cli (&run, "--version", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "sonde-cli " PACKAGE_VERSION "\n");
}

static void
test_help (void)
{
  g_auto(Run) run = { 0 };
  g_auto(Run) inspect = { 0 };

  run_cli (&run, "--help", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "inspect"));
  g_assert_nonnull (strstr (run.out, "import"));

  run_cli (&inspect, "inspect", "--help", NULL);
  g_assert_cmpint (inspect.status, ==, 0);
  g_assert_nonnull (strstr (inspect.out, "--ragged=stop|pad|skip"));
  g_assert_nonnull (strstr (inspect.out, "--json"));
}

static void
test_usage_errors (void)
{
  /* Each command line must be refused with status 2 and this message. */
  static const struct { const char *args[4]; const char *message; } cases[] = {
    { { NULL }, "Usage: sonde-cli COMMAND" },
    { { "frob", NULL }, "“frob” is not a command." },
    { { "inspect", NULL }, "inspect needs exactly one FILE." },
    { { "inspect", "--frob", "x.csv", NULL }, "--frob" },
    { { "inspect", "--ragged=maybe", "x.csv", NULL }, "“maybe” is not a choice for --ragged" },
    { { "inspect", "--header=perhaps", "x.csv", NULL }, "“perhaps” is not a choice for --header" },
    { { "inspect", "--delimiter=ab", "x.csv", NULL }, "“ab” is not a delimiter" },
    { { "inspect", "--decimal=;", "x.csv", NULL }, "“;” is not a decimal mark" },
    { { "inspect", "--type=age", "x.csv", NULL }, "“age” is not COLUMN=TYPE" },
    { { "inspect", "--type=age=float", "x.csv", NULL }, "“age=float” is not COLUMN=TYPE" },
    { { "import", "--out-delimiter=auto", "x.csv", NULL }, "“auto” is not a delimiter" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Run) run = { 0 };

      run_cli (&run, cases[i].args[0], cases[i].args[1], cases[i].args[2], cases[i].args[3], NULL);
      g_assert_cmpint (run.status, ==, 2);
      g_assert_nonnull (strstr (run.err, cases[i].message));
    }
}

static void
test_inspect_text (void)
{
  g_autofree char *path = fixture ("categorical.csv");
  g_auto(Run) run = { 0 };

  run_cli (&run, "inspect", path, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "categorical.csv: 8 rows, 5 columns\n"));
  g_assert_nonnull (strstr (run.out, "Delimiter: “,”; encoding: UTF-8; header: yes\n"));
  g_assert_nonnull (strstr (run.out, "  2. sex (category), 0 missing, for example: F\n"));
  g_assert_nonnull (strstr (run.out, "  4. admitted (yes/no), 0 missing, for example: true\n"));
  g_assert_cmpstr (run.err, ==, "");
}

static void
test_inspect_json (void)
{
  g_autofree char *path = fixture ("missing-markers.csv");
  g_auto(Run) run = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;
  JsonArray *columns;
  JsonObject *x, *y;

  run_cli (&run, "inspect", "--json", path, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, run.out, -1, &error));
  g_assert_no_error (error);

  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (json_object_get_int_member (root, "rows"), ==, 6);
  g_assert_cmpstr (json_object_get_string_member (root, "delimiter"), ==, ",");
  columns = json_object_get_array_member (root, "columns");
  g_assert_cmpuint (json_array_get_length (columns), ==, 2);
  x = json_array_get_object_element (columns, 0);
  y = json_array_get_object_element (columns, 1);
  g_assert_cmpstr (json_object_get_string_member (x, "type"), ==, "integer");
  g_assert_cmpint (json_object_get_int_member (x, "missing"), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (x, "example"), ==, "1");
  g_assert_cmpstr (json_object_get_string_member (y, "type"), ==, "text");
  g_assert_cmpstr (json_object_get_string_member (y, "example"), ==, "3");
}

static void
test_inspect_bad_input (void)
{
  g_autofree char *truncated = fixture ("truncated-quote.csv");
  g_autofree char *binary = fixture ("binary-garbage.bin");
  g_autofree char *ragged = fixture ("ragged.csv");
  g_autofree char *missing = fixture ("no-such-file.csv");
  g_auto(Run) r1 = { 0 };
  g_auto(Run) r2 = { 0 };
  g_auto(Run) r3 = { 0 };
  g_auto(Run) r4 = { 0 };
  g_auto(Run) r5 = { 0 };

  run_cli (&r1, "inspect", truncated, NULL);
  g_assert_cmpint (r1.status, ==, 1);
  g_assert_nonnull (strstr (r1.err, "sonde-cli: truncated-quote.csv, line 3, column 1: a quoted field is never closed"));
  g_assert_cmpstr (r1.out, ==, "");

  run_cli (&r2, "inspect", binary, NULL);
  g_assert_cmpint (r2.status, ==, 1);
  g_assert_nonnull (strstr (r2.err, "binary-garbage.bin is not in a format Sonde reads"));

  run_cli (&r3, "inspect", ragged, NULL);
  g_assert_cmpint (r3.status, ==, 1);
  g_assert_nonnull (strstr (r3.err, "line 3: this row has 2 fields but the first row has 3"));

  /* The same file with --ragged=skip reads, with warnings. */
  run_cli (&r4, "inspect", "--ragged=skip", ragged, NULL);
  g_assert_cmpint (r4.status, ==, 0);
  g_assert_nonnull (strstr (r4.err, "sonde-cli: warning: ragged.csv, line 3: 2 fields instead of 3; the row was skipped."));
  g_assert_nonnull (strstr (r4.out, "ragged.csv: 2 rows, 3 columns"));

  run_cli (&r5, "inspect", missing, NULL);
  g_assert_cmpint (r5.status, ==, 1);
  g_assert_nonnull (strstr (r5.err, "no-such-file.csv"));
}

static void
test_import_stdout (void)
{
  g_autofree char *dates = fixture ("french-dates.csv");
  g_autofree char *ragged = fixture ("ragged.csv");
  g_autofree char *decimal = fixture ("semicolon-decimal-comma.csv");
  g_auto(Run) r1 = { 0 };
  g_auto(Run) r2 = { 0 };
  g_auto(Run) r3 = { 0 };

  run_cli (&r1, "import", dates, NULL);
  g_assert_cmpint (r1.status, ==, 0);
  g_assert_cmpstr (r1.out, ==,
                   "date,montant,horodatage\n"
                   "2024-12-31,10.5,2024-12-31T23:59:00Z\n"
                   "2025-01-01,3,2025-01-01T00:00:30Z\n"
                   "2024-02-29,-1.25,2024-07-15T12:00:00Z\n");

  run_cli (&r2, "import", "--ragged=skip", "--type=b=real", "--delimiter=,", ragged, NULL);
  g_assert_cmpint (r2.status, ==, 0);
  g_assert_cmpstr (r2.out, ==, "a,b,c\n1,2,3\n10,11,12\n");

  run_cli (&r3, "import", "--out-delimiter=;", "--out-decimal=,", "--decimal=,", decimal, NULL);
  g_assert_cmpint (r3.status, ==, 0);
  g_assert_cmpstr (r3.out, ==,
                   "ville;temperature;population\n"
                   "Paris;12,5;2100000\n"
                   "Lyon;14,25;520000\n"
                   "Lille;-3;230000\n"
                   "Nantes;8;320000\n");
}

static void
test_import_round_trip (void)
{
  static const char * const fixtures[] = {
    "windows-1252.csv", "quoted-newline.csv", "doubled-quotes.csv", "categorical.csv",
    "utf16be-bom.csv", "missing-markers.csv", "tabs.tsv",
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("sonde-cli-XXXXXX", &error);

  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (fixtures); i++)
    {
      g_autofree char *in = fixture (fixtures[i]);
      g_autofree char *out = g_build_filename (dir, "out.csv", NULL);
      g_autoptr(GFile) in_file = g_file_new_for_path (in);
      g_autoptr(GFile) out_file = g_file_new_for_path (out);
      g_autoptr(SondeCsvReader) reader = sonde_csv_reader_new ();
      g_autoptr(SondeTable) a = NULL;
      g_autoptr(SondeTable) b = NULL;
      g_auto(Run) run = { 0 };

      run_cli (&run, "import", in, "--to", out, NULL);
      g_assert_cmpint (run.status, ==, 0);

      a = sonde_csv_reader_read_file (reader, in_file, NULL, &error);
      g_assert_no_error (error);
      b = sonde_csv_reader_read_file (reader, out_file, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (sonde_csv_reader_get_detected_encoding (reader), ==, "UTF-8");

      g_assert_cmpuint (sonde_table_get_n_rows (a), ==, sonde_table_get_n_rows (b));
      g_assert_cmpuint (sonde_table_get_n_columns (a), ==, sonde_table_get_n_columns (b));
      for (guint c = 0; c < sonde_table_get_n_columns (a); c++)
        {
          SondeColumn *ca = sonde_table_get_column (a, c);
          SondeColumn *cb = sonde_table_get_column (b, c);

          g_assert_cmpstr (sonde_column_get_name (ca), ==, sonde_column_get_name (cb));
          g_assert_cmpint (sonde_column_get_column_type (ca), ==, sonde_column_get_column_type (cb));
          for (guint r = 0; r < sonde_table_get_n_rows (a); r++)
            {
              g_autofree char *va = sonde_column_format_value (ca, r);
              g_autofree char *vb = sonde_column_format_value (cb, r);

              g_assert_cmpstr (va, ==, vb);
            }
        }

      g_assert_cmpint (g_remove (out), ==, 0);
    }

  g_assert_cmpint (g_rmdir (dir), ==, 0);
}


static SondeTable *
import_with_engine (const char  *path,
                    SondeFormat *format)
{
  g_autoptr(SondeImporter) importer = sonde_importer_new ();
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  SondeTable *table = sonde_importer_import_file (importer, file, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (table);
  if (format != NULL)
    *format = sonde_importer_get_detected_format (importer);

  return table;
}

/* students.csv (every column type, missing values) through each writer
 * and back: same shape, same values; same types except that ARFF has no
 * boolean and gives the yes/no column back as the category {false,true}. */
static void
test_import_every_format (void)
{
  static const struct { const char *name; SondeFormat format; } outputs[] = {
    { "out.json", SONDE_FORMAT_JSON },
    { "out.ndjson", SONDE_FORMAT_NDJSON },
    { "out.arff", SONDE_FORMAT_ARFF },
    { "out.sqlite", SONDE_FORMAT_SQLITE },
    { "out.tsv", SONDE_FORMAT_CSV },
  };
  g_autofree char *in = g_build_filename (g_getenv ("SONDE_SAMPLES_DIR"), "students.csv", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("sonde-cli-XXXXXX", &error);
  g_autoptr(SondeTable) a = import_with_engine (in, NULL);

  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (outputs); i++)
    {
      g_autofree char *out = g_build_filename (dir, outputs[i].name, NULL);
      g_autoptr(SondeTable) b = NULL;
      g_auto(Run) run = { 0 };
      SondeFormat format;

      g_test_message ("writing %s", outputs[i].name);
      run_cli (&run, "import", in, "--to", out, NULL);
      g_assert_cmpint (run.status, ==, 0);

      b = import_with_engine (out, &format);
      g_assert_cmpint (format, ==, outputs[i].format);
      g_assert_cmpuint (sonde_table_get_n_rows (a), ==, sonde_table_get_n_rows (b));
      g_assert_cmpuint (sonde_table_get_n_columns (a), ==, sonde_table_get_n_columns (b));

      for (guint c = 0; c < sonde_table_get_n_columns (a); c++)
        {
          SondeColumn *ca = sonde_table_get_column (a, c);
          SondeColumn *cb = sonde_table_get_column (b, c);
          SondeColumnType ta = sonde_column_get_column_type (ca);
          SondeColumnType tb = sonde_column_get_column_type (cb);

          g_assert_cmpstr (sonde_column_get_name (ca), ==, sonde_column_get_name (cb));
          if (outputs[i].format == SONDE_FORMAT_ARFF && ta == SONDE_COLUMN_TYPE_BOOLEAN)
            g_assert_cmpint (tb, ==, SONDE_COLUMN_TYPE_CATEGORICAL);
          else
            g_assert_cmpint (ta, ==, tb);
          g_assert_cmpuint (sonde_column_get_n_missing (ca), ==, sonde_column_get_n_missing (cb));

          for (guint r = 0; r < sonde_table_get_n_rows (a); r++)
            {
              g_autofree char *va = sonde_column_format_value (ca, r);
              g_autofree char *vb = sonde_column_format_value (cb, r);

              g_assert_cmpstr (va, ==, vb);
            }
        }

      g_assert_cmpint (g_remove (out), ==, 0);
    }

  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_inspect_formats (void)
{
  static const struct { const char *fixture; const char *format; } cases[] = {
    { "json/array.json", "json" },
    { "arff/dates.arff", "arff" },
    { "xlsx/types.xlsx", "xlsx" },
    { "sqlite/school.sqlite", "sqlite" },
    { "categorical.csv", "csv" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = fixture (cases[i].fixture);
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;
      g_auto(Run) run = { 0 };
      JsonObject *root;

      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        {
          g_test_message ("fixture %s is missing", cases[i].fixture);
          g_assert_not_reached ();
        }

      run_cli (&run, "inspect", "--json", path, NULL);
      g_assert_cmpint (run.status, ==, 0);
      g_assert_true (json_parser_load_from_data (parser, run.out, -1, &error));
      g_assert_no_error (error);
      root = json_node_get_object (json_parser_get_root (parser));
      g_assert_cmpstr (json_object_get_string_member (root, "format"), ==, cases[i].format);
      /* Datasets are named after the file, without its extension. */
      {
        g_autofree char *base = g_path_get_basename (cases[i].fixture);
        g_autofree char *stem = g_strndup (base, strrchr (base, '.') - base);

        g_assert_cmpstr (json_object_get_string_member (root, "name"), ==, stem);
      }
      g_assert_cmpint (json_object_get_int_member (root, "rows"), >, 0);
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "columns")), >, 0);
    }
}

static void
test_list_and_choose (void)
{
  g_autofree char *db = fixture ("sqlite/school.sqlite");
  g_autofree char *book = fixture ("xlsx/types.xlsx");
  g_autofree char *csv = fixture ("categorical.csv");
  g_auto(Run) tables = { 0 };
  g_auto(Run) sheets = { 0 };
  g_auto(Run) not_listable = { 0 };
  g_auto(Run) query = { 0 };
  g_auto(Run) both = { 0 };
  g_auto(Run) bad_format = { 0 };
  g_auto(Run) xlsx_out = { 0 };
  g_auto(Run) sqlite_stdout = { 0 };
  g_auto(Run) first_table = { 0 };

  run_cli (&tables, "inspect", "--list", db, NULL);
  g_assert_cmpint (tables.status, ==, 0);
  g_assert_nonnull (strstr (tables.out, "students\n"));

  run_cli (&sheets, "inspect", "--list", book, NULL);
  g_assert_cmpint (sheets.status, ==, 0);
  g_assert_cmpuint (strlen (sheets.out), >, 0);

  run_cli (&not_listable, "inspect", "--list", csv, NULL);
  g_assert_cmpint (not_listable.status, ==, 1);
  g_assert_nonnull (strstr (not_listable.err, "--list is for workbooks"));

  /* Several tables and none chosen: the first opens, with a warning that
   * names the others. */
  run_cli (&first_table, "inspect", db, NULL);
  g_assert_cmpint (first_table.status, ==, 0);
  g_assert_nonnull (strstr (first_table.err, "opened the first"));

  run_cli (&query, "inspect", "--json", "--query", "SELECT 1 AS one, 'a' AS letter", db, NULL);
  g_assert_cmpint (query.status, ==, 0);
  g_assert_nonnull (strstr (query.out, "\"one\""));

  run_cli (&both, "inspect", "--table", "students", "--query", "SELECT 1", db, NULL);
  g_assert_cmpint (both.status, ==, 2);

  run_cli (&bad_format, "inspect", "--format", "parquet", csv, NULL);
  g_assert_cmpint (bad_format.status, ==, 2);
  g_assert_nonnull (strstr (bad_format.err, "parquet"));

  run_cli (&xlsx_out, "import", csv, "--to", "/tmp/never-written.xlsx", NULL);
  g_assert_cmpint (xlsx_out.status, ==, 2);
  g_assert_false (g_file_test ("/tmp/never-written.xlsx", G_FILE_TEST_EXISTS));

  run_cli (&sqlite_stdout, "import", csv, "--out-format", "sqlite", NULL);
  g_assert_cmpint (sqlite_stdout.status, ==, 1);
  g_assert_nonnull (strstr (sqlite_stdout.err, "--to"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/version", test_version);
  g_test_add_func ("/cli/help", test_help);
  g_test_add_func ("/cli/usage-errors", test_usage_errors);
  g_test_add_func ("/cli/inspect/text", test_inspect_text);
  g_test_add_func ("/cli/inspect/json", test_inspect_json);
  g_test_add_func ("/cli/inspect/bad-input", test_inspect_bad_input);
  g_test_add_func ("/cli/import/stdout", test_import_stdout);
  g_test_add_func ("/cli/import/round-trip", test_import_round_trip);
  g_test_add_func ("/cli/import/every-format", test_import_every_format);
  g_test_add_func ("/cli/inspect/formats", test_inspect_formats);
  g_test_add_func ("/cli/inspect/list-and-choose", test_list_and_choose);

  return g_test_run ();
}
