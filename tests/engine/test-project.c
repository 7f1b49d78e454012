/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-project"

/* Tests of SondeProject: a round trip of every column type with missing
 * values and column metadata, the catalogue written in the file, the
 * atomic save (a save cancelled midway leaves the previous file), each
 * error of opening and saving (read-only folder, text file, SQLite file
 * that is no project, newer schema, damaged file), the migration of a
 * hand-made version 0 file and of a version 1 file (no rules), saved
 * queries, pipelines and rules, the refusals and syntax errors of
 * sonde_project_query(), and lazy loading: opening reads the catalogue
 * only, heads and whole datasets are read on demand (also from a worker
 * thread), saves copy datasets never loaded, and leftovers of killed
 * saves are removed. Messages in English (LANGUAGE=C).
 */

#include "config.h"

#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>
#include <utime.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "sonde-engine.h"
#include "test-util.h"

typedef struct
{
  char *dir;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("sonde-project-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return;
  g_chmod (dir, 0755);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (dir);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  remove_tree (f->dir);
  g_free (f->dir);
}

static GFile *
fixture_file (Fixture    *f,
              const char *name)
{
  g_autofree char *path = g_build_filename (f->dir, name, NULL);

  return g_file_new_for_path (path);
}

static guint
count_files (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  g_assert_nonnull (d);
  while (g_dir_read_name (d) != NULL)
    n++;

  return n;
}

/* Every type, with a missing value in each column and metadata. */
static SondeTable *
make_all_types (const char *name)
{
  SondeTable *table = sonde_table_new (name);
  SondeColumn *c;
  gint32 day;

  c = sonde_column_new ("id", SONDE_COLUMN_TYPE_INTEGER);
  sonde_column_append_integer (c, 1);
  sonde_column_append_integer (c, -9007199254740993);
  sonde_column_append_missing (c);
  sonde_column_set_role (c, SONDE_COLUMN_ROLE_IDENTIFIER);
  sonde_column_set_description (c, "Pupil number");
  g_assert_true (sonde_table_add_column (table, c, NULL));
  g_object_unref (c);

  c = sonde_column_new ("height", SONDE_COLUMN_TYPE_REAL);
  sonde_column_append_real (c, 1.5);
  sonde_column_append_missing (c);
  sonde_column_append_real (c, 2.0);
  sonde_column_set_unit (c, "m");
  sonde_column_set_source (c, "survey.csv");
  g_assert_true (sonde_table_add_column (table, c, NULL));
  g_object_unref (c);

  c = sonde_column_new ("passed", SONDE_COLUMN_TYPE_BOOLEAN);
  sonde_column_append_missing (c);
  sonde_column_append_boolean (c, TRUE);
  sonde_column_append_boolean (c, FALSE);
  sonde_column_set_role (c, SONDE_COLUMN_ROLE_TARGET);
  g_assert_true (sonde_table_add_column (table, c, NULL));
  g_object_unref (c);

  /* Three distinct texts out of three: read alone it would be text, the
   * catalogue keeps it a category. */
  c = sonde_column_new ("group", SONDE_COLUMN_TYPE_CATEGORICAL);
  sonde_column_append_category (c, "A", -1);
  sonde_column_append_category (c, "B", -1);
  sonde_column_append_missing (c);
  g_assert_true (sonde_table_add_column (table, c, NULL));
  g_object_unref (c);

  c = sonde_column_new ("note", SONDE_COLUMN_TYPE_TEXT);
  sonde_column_append_text (c, "été, \"quoted\"\nline", -1);
  sonde_column_append_missing (c);
  sonde_column_append_text (c, "x", -1);
  sonde_column_set_role (c, SONDE_COLUMN_ROLE_IGNORED);
  g_assert_true (sonde_table_add_column (table, c, NULL));
  g_object_unref (c);

  c = sonde_column_new ("born", SONDE_COLUMN_TYPE_DATE);
  g_assert_true (sonde_date_from_ymd (2012, 2, 29, &day));
  sonde_column_append_date (c, day);
  sonde_column_append_date (c, 0);
  sonde_column_append_missing (c);
  g_assert_true (sonde_table_add_column (table, c, NULL));
  g_object_unref (c);

  c = sonde_column_new ("seen", SONDE_COLUMN_TYPE_DATETIME);
  sonde_column_append_missing (c);
  sonde_column_append_datetime (c, G_GINT64_CONSTANT (1700000000) * G_USEC_PER_SEC);
  sonde_column_append_datetime (c, 0);
  g_assert_true (sonde_table_add_column (table, c, NULL));
  g_object_unref (c);

  sonde_table_set_source (table, "/data/survey.csv");

  return table;
}

static SondeProject *
make_project (void)
{
  SondeProject *project = sonde_project_new ();
  g_autoptr(SondeTable) a = make_all_types ("survey 2024");
  g_autoptr(SondeTable) b = make_all_types ("sonde_meta");
  g_autoptr(GError) error = NULL;

  g_assert_true (sonde_project_add_dataset (project, a, &error));
  g_assert_no_error (error);
  g_assert_true (sonde_project_add_dataset (project, b, &error));
  g_assert_no_error (error);

  return project;
}

static void
assert_same_table (SondeTable *expected,
                   SondeTable *actual)
{
  g_autofree char *e = sonde_test_describe (expected, TRUE);
  g_autofree char *a = sonde_test_describe (actual, TRUE);

  g_assert_cmpstr (a, ==, e);
  g_assert_cmpstr (sonde_table_get_name (actual), ==, sonde_table_get_name (expected));
  g_assert_cmpstr (sonde_table_get_source (actual), ==, sonde_table_get_source (expected));
  for (guint c = 0; c < sonde_table_get_n_columns (expected); c++)
    {
      SondeColumn *ec = sonde_table_get_column (expected, c);
      SondeColumn *ac = sonde_table_get_column (actual, c);

      g_assert_cmpint (sonde_column_get_column_type (ac), ==, sonde_column_get_column_type (ec));
      g_assert_cmpint (sonde_column_get_role (ac), ==, sonde_column_get_role (ec));
      g_assert_cmpstr (sonde_column_get_unit (ac), ==, sonde_column_get_unit (ec));
      g_assert_cmpstr (sonde_column_get_description (ac), ==, sonde_column_get_description (ec));
      g_assert_cmpstr (sonde_column_get_source (ac), ==, sonde_column_get_source (ec));
      g_assert_cmpuint (sonde_column_get_n_missing (ac), ==, sonde_column_get_n_missing (ec));
      for (guint r = 0; r < sonde_column_get_n_rows (ec); r++)
        {
          g_autofree char *ev = sonde_column_format_value (ec, r);
          g_autofree char *av = sonde_column_format_value (ac, r);

          g_assert_cmpstr (av, ==, ev);
        }
    }
}

static void
test_round_trip (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(SondeProject) project = make_project ();
  g_autoptr(SondeProject) opened = NULL;
  g_autoptr(GFile) file = fixture_file (f, "p.sonde");
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = NULL;

  g_assert_true (sonde_project_save (project, file, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_files (f->dir), ==, 1);

  opened = sonde_project_open (file, &error);
  g_assert_no_error (error);
  g_assert_nonnull (opened);

  names = sonde_project_list_datasets (opened);
  g_assert_cmpuint (g_strv_length (names), ==, 2);
  g_assert_cmpstr (names[0], ==, "survey 2024");
  g_assert_cmpstr (names[1], ==, "sonde_meta");
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autoptr(SondeTable) loaded = sonde_project_load_dataset (opened, names[i], NULL, &error);

      g_assert_no_error (error);
      assert_same_table (sonde_project_get_dataset (project, names[i]), loaded);
    }

  g_assert_cmpint (sonde_project_get_file_schema_version (opened), ==, SONDE_PROJECT_SCHEMA_VERSION);
  g_assert_cmpstr (sonde_project_get_created (opened), ==, sonde_project_get_created (project));
  g_assert_cmpstr (sonde_project_get_modified (opened), ==, sonde_project_get_modified (project));
  g_assert_cmpuint (sonde_project_get_n_journal_entries (opened), ==, 2);

  g_assert_finalize_object (g_steal_pointer (&opened));
}

static int
single_int (sqlite3    *db,
            const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  int value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);

  return value;
}

static char *
single_text (sqlite3    *db,
             const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);

  return value;
}

static void
test_catalogue (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(SondeProject) project = make_project ();
  g_autoptr(GFile) file = fixture_file (f, "p.sonde");
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *text = NULL;
  sqlite3 *db = NULL;

  g_assert_true (sonde_project_save (project, file, NULL, &error));
  g_assert_no_error (error);

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (single_int (db, "PRAGMA user_version"), ==, SONDE_PROJECT_SCHEMA_VERSION);
  g_assert_cmpint (single_int (db, "PRAGMA application_id"), ==, 0x536F6E64);
  text = single_text (db, "SELECT value FROM sonde_meta WHERE key = 'application'");
  g_assert_cmpstr (text, ==, "io.github.sonde.Sonde");
  g_clear_pointer (&text, g_free);
  g_assert_cmpint (single_int (db, "SELECT count(*) FROM sqlite_schema WHERE name IN ('sonde_pipelines', "
                                   "'sonde_queries', 'sonde_models', 'sonde_dashboards', 'sonde_journal')"), ==, 5);
  g_assert_cmpint (single_int (db, "SELECT count(*) FROM sonde_datasets"), ==, 2);
  g_assert_cmpint (single_int (db, "SELECT rows FROM sonde_datasets WHERE name = 'survey 2024'"), ==, 3);
  text = single_text (db, "SELECT table_name FROM sonde_datasets WHERE name = 'survey 2024'");
  g_assert_cmpstr (text, ==, "survey_2024");
  g_clear_pointer (&text, g_free);
  /* A dataset named like a table of the schema gets its own table name. */
  text = single_text (db, "SELECT table_name FROM sonde_datasets WHERE name = 'sonde_meta'");
  g_assert_cmpstr (text, ==, "d_sonde_meta");
  g_clear_pointer (&text, g_free);
  g_assert_cmpint (single_int (db, "SELECT count(*) FROM sonde_columns WHERE dataset = 'survey 2024'"), ==, 7);
  text = single_text (db, "SELECT group_concat(name || ':' || type || ':' || role || ':' || ifnull(unit, '') || ':' "
                          "|| ifnull(description, '') || ':' || ifnull(source, ''), '|') FROM "
                          "(SELECT * FROM sonde_columns WHERE dataset = 'survey 2024' ORDER BY position)");
  g_assert_cmpstr (text, ==,
                   "id:integer:identifier::Pupil number:|height:real:feature:m::survey.csv|"
                   "passed:boolean:target:::|group:categorical:feature:::|note:text:ignored:::|"
                   "born:date:feature:::|seen:datetime:feature:::");
  g_assert_cmpint (single_int (db, "SELECT count(*) FROM sonde_journal WHERE action = 'add-dataset'"), ==, 2);
  sqlite3_close (db);
}

static void
cancel_after_first (double   fraction,
                    gpointer user_data)
{
  if (fraction < 1.0)
    g_cancellable_cancel (user_data);
}

static void
test_atomic_save (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(SondeProject) a = sonde_project_new ();
  g_autoptr(SondeProject) b = make_project ();
  g_autoptr(SondeProject) opened = NULL;
  g_autoptr(SondeTable) only = make_all_types ("only A");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GFile) file = fixture_file (f, "p.sonde");
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = NULL;

  g_assert_true (sonde_project_add_dataset (a, only, NULL));
  g_assert_true (sonde_project_save (a, file, NULL, &error));
  g_assert_no_error (error);

  /* The second save is cancelled after its first dataset is written. */
  sonde_project_set_progress_func (b, cancel_after_first, g_object_ref (cancellable), g_object_unref);
  g_assert_false (sonde_project_save (b, file, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  /* No temporary file left behind, and the file still holds A. */
  g_assert_cmpuint (count_files (f->dir), ==, 1);
  opened = sonde_project_open (file, &error);
  g_assert_no_error (error);
  names = sonde_project_list_datasets (opened);
  g_assert_cmpuint (g_strv_length (names), ==, 1);
  g_assert_cmpstr (names[0], ==, "only A");
  {
    g_autoptr(SondeTable) loaded = sonde_project_load_dataset (opened, "only A", NULL, &error);

    g_assert_no_error (error);
    assert_same_table (only, loaded);
  }
}

static SondeTable *
make_numbers (const char *name,
              guint       n_rows)
{
  SondeTable *table = sonde_table_new (name);
  g_autoptr(SondeColumn) x = sonde_column_new ("x", SONDE_COLUMN_TYPE_INTEGER);
  g_autoptr(SondeColumn) label = sonde_column_new ("label", SONDE_COLUMN_TYPE_TEXT);

  for (guint r = 0; r < n_rows; r++)
    {
      g_autofree char *text = g_strdup_printf ("row %u of %s", r, name);

      sonde_column_append_integer (x, r);
      sonde_column_append_text (label, text, -1);
    }
  g_assert_true (sonde_table_add_column (table, x, NULL));
  g_assert_true (sonde_table_add_column (table, label, NULL));

  return table;
}

/* Removes what a killed save leaves: NAME.XXXXXX.saving (too young for
 * the project to remove it itself). */
static void
remove_leftovers (const char *dir,
                  const char *keep)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (strcmp (name, keep) != 0)
        g_unlink (path);
    }
}

/* A save killed at a random moment leaves either the old project or the
 * new one, whole, never a mix nor a damaged file. */
static void
test_kill_during_save (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(SondeProject) a = sonde_project_new ();
  g_autoptr(SondeProject) b = sonde_project_new ();
  g_autoptr(SondeTable) a1 = make_numbers ("A", 3000);
  g_autoptr(SondeTable) b1 = make_numbers ("B1", 6000);
  g_autoptr(SondeTable) b2 = make_numbers ("B2", 6000);
  g_autoptr(GFile) file = fixture_file (f, "p.sonde");
  g_autoptr(GError) error = NULL;
  guint n_iterations = g_test_slow () ? 1000 : 200;
  guint n_old = 0, n_new = 0;
  gint64 start, save_usec;

  g_assert_true (sonde_project_add_dataset (a, a1, NULL));
  g_assert_true (sonde_project_add_dataset (b, b1, NULL));
  g_assert_true (sonde_project_add_dataset (b, b2, NULL));

  start = g_get_monotonic_time ();
  g_assert_true (sonde_project_save (b, file, NULL, &error));
  g_assert_no_error (error);
  save_usec = MAX (g_get_monotonic_time () - start, 1000);

  for (guint i = 0; i < n_iterations; i++)
    {
      g_autoptr(SondeProject) opened = NULL;
      g_auto(GStrv) names = NULL;
      int status = 0;
      pid_t pid;

      /* Start each round from A, saved whole. */
      g_assert_true (sonde_project_save (a, file, NULL, &error));
      g_assert_no_error (error);

      pid = fork ();
      g_assert_cmpint (pid, >=, 0);
      if (pid == 0)
        _exit (sonde_project_save (b, file, NULL, NULL) ? 0 : 1);

      g_usleep (g_test_rand_int_range (0, (gint32) MIN (save_usec * 3 / 2, G_MAXINT32)));
      kill (pid, SIGKILL);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      remove_leftovers (f->dir, "p.sonde");

      opened = sonde_project_open (file, &error);
      g_assert_no_error (error);
      names = sonde_project_list_datasets (opened);
      if (g_strv_length (names) == 1)
        {
          g_assert_cmpstr (names[0], ==, "A");
          g_assert_cmpuint (sonde_project_get_dataset_n_rows (opened, "A"), ==, 3000);
          n_old++;
        }
      else
        {
          g_autoptr(SondeTable) b2_read = sonde_project_load_dataset (opened, "B2", NULL, &error);

          g_assert_no_error (error);
          g_assert_cmpuint (g_strv_length (names), ==, 2);
          g_assert_cmpuint (sonde_table_get_n_rows (b2_read), ==, 6000);
          n_new++;
        }
    }

  g_test_message ("%u kills left the old project, %u the new one", n_old, n_new);
  g_assert_cmpuint (n_old + n_new, ==, n_iterations);
}

static void
test_read_only_folder (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(SondeProject) project = make_project ();
  g_autoptr(GFile) file = fixture_file (f, "p.sonde");
  g_autoptr(GError) error = NULL;

  if (geteuid () == 0)
    {
      g_test_skip ("root writes in read-only folders; run the tests as another user");
      return;
    }

  g_assert_cmpint (g_chmod (f->dir, 0555), ==, 0);
  g_assert_false (sonde_project_save (project, file, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_assert_nonnull (strstr (error->message, "p.sonde cannot be saved: the folder"));
  g_assert_nonnull (strstr (error->message, "Save the project in another folder"));
  g_assert_cmpint (g_chmod (f->dir, 0755), ==, 0);
  g_assert_cmpuint (count_files (f->dir), ==, 0);
}

static void
assert_open_fails (GFile      *file,
                   int         code,
                   const char *message_part)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SondeProject) project = sonde_project_open (file, &error);
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize before_len = 0, after_len = 0;

  g_assert_null (project);
  g_assert_error (error, SONDE_PROJECT_ERROR, code);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, message_part));

  /* Opening never writes. */
  g_assert_true (g_file_get_contents (path, &before, &before_len, NULL));
  g_clear_error (&error);
  g_clear_object (&project);
  project = sonde_project_open (file, &error);
  g_assert_true (g_file_get_contents (path, &after, &after_len, NULL));
  g_assert_cmpmem (before, before_len, after, after_len);
}

static void
test_not_project_text (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GFile) file = fixture_file (f, "notes.sonde");
  g_autofree char *path = g_file_get_path (file);

  g_assert_true (g_file_set_contents (path, "name,age\nAda,36\n", -1, NULL));
  assert_open_fails (file, SONDE_PROJECT_ERROR_NOT_PROJECT, "notes.sonde is not a Sonde project.");
}

static void
make_sqlite (const char *path,
             const char *sql)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_exec (db, sql, NULL, NULL, &message);
  g_assert_null (message);
  sqlite3_close (db);
}

static void
test_not_project_sqlite (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GFile) file = fixture_file (f, "school.sqlite");
  g_autofree char *path = g_file_get_path (file);

  make_sqlite (path, "CREATE TABLE pupils (name TEXT, age INTEGER); INSERT INTO pupils VALUES ('Ada', 36);");
  assert_open_fails (file, SONDE_PROJECT_ERROR_NOT_PROJECT, "school.sqlite is not a Sonde project.");
}

static void
test_too_new (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(SondeProject) project = make_project ();
  g_autoptr(GFile) file = fixture_file (f, "new.sonde");
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *expected = g_strdup_printf ("new.sonde was saved by a newer Sonde (schema 7); this version reads up to %d.",
                                               SONDE_PROJECT_SCHEMA_VERSION);

  g_assert_true (sonde_project_save (project, file, NULL, NULL));
  make_sqlite (path, "PRAGMA user_version = 7;");
  assert_open_fails (file, SONDE_PROJECT_ERROR_TOO_NEW, expected);
}

static void
test_damaged (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(SondeProject) project = make_project ();
  g_autoptr(GFile) file = fixture_file (f, "hurt.sonde");
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_true (sonde_project_save (project, file, NULL, NULL));
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpuint (length, >=, 4096 * 3);

  /* Cut short. */
  g_assert_true (g_file_set_contents (path, contents, length - 4096, NULL));
  assert_open_fails (file, SONDE_PROJECT_ERROR_DAMAGED, "hurt.sonde is damaged");

  /* Garbage over the second page and after. */
  memset (contents + 4096, 0xA5, length - 4096);
  g_assert_true (g_file_set_contents (path, contents, length, NULL));
  assert_open_fails (file, SONDE_PROJECT_ERROR_DAMAGED, "hurt.sonde is damaged");

  /* Only the header's first bytes. */
  g_assert_true (g_file_set_contents (path, contents, 64, NULL));
  assert_open_fails (file, SONDE_PROJECT_ERROR_DAMAGED, "hurt.sonde is damaged");
}

static void
test_migrate_v0 (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GFile) file = fixture_file (f, "old.sonde");
  g_autoptr(GFile) saved = fixture_file (f, "saved.sonde");
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *saved_path = g_file_get_path (saved);
  g_autoptr(SondeProject) project = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize before_len = 0, after_len = 0;
  g_autoptr(SondeTable) table = NULL;
  SondeColumn *column;
  sqlite3 *db = NULL;

  /* The version 0 layout: no unit nor description in the catalogue, no
   * tables for pipelines, queries, models, dashboards nor journal. */
  make_sqlite (path,
               "CREATE TABLE sonde_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
               "INSERT INTO sonde_meta VALUES ('application', 'io.github.sonde.Sonde'), "
               "('schema_version', '0'), ('created', '2024-01-02T03:04:05Z'), ('modified', '2024-01-02T03:04:05Z');"
               "CREATE TABLE sonde_datasets (name TEXT PRIMARY KEY, table_name TEXT NOT NULL UNIQUE, source TEXT,"
               " rows INTEGER NOT NULL, created TEXT NOT NULL);"
               "INSERT INTO sonde_datasets VALUES ('pupils', 'pupils', 'pupils.csv', 2, '2024-01-02T03:04:05Z');"
               "CREATE TABLE sonde_columns (dataset TEXT NOT NULL, position INTEGER NOT NULL, name TEXT NOT NULL,"
               " type TEXT NOT NULL, role TEXT NOT NULL, source TEXT, PRIMARY KEY (dataset, position));"
               "INSERT INTO sonde_columns VALUES ('pupils', 0, 'name', 'text', 'identifier', NULL),"
               " ('pupils', 1, 'age', 'integer', 'target', 'pupils.csv');"
               "CREATE TABLE pupils (name TEXT, age INTEGER);"
               "INSERT INTO pupils VALUES ('Ada', 36), ('Alan', NULL);"
               "PRAGMA user_version = 0;");
  g_assert_true (g_file_get_contents (path, &before, &before_len, NULL));

  project = sonde_project_open (file, &error);
  g_assert_no_error (error);
  g_assert_nonnull (project);
  g_assert_cmpint (sonde_project_get_file_schema_version (project), ==, 0);
  g_assert_cmpstr (sonde_project_get_created (project), ==, "2024-01-02T03:04:05Z");
  table = sonde_project_load_dataset (project, "pupils", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (table);
  g_assert_cmpuint (sonde_table_get_n_rows (table), ==, 2);
  g_assert_cmpstr (sonde_table_get_source (table), ==, "pupils.csv");
  column = sonde_table_get_column (table, 0);
  g_assert_cmpint (sonde_column_get_column_type (column), ==, SONDE_COLUMN_TYPE_TEXT);
  g_assert_cmpint (sonde_column_get_role (column), ==, SONDE_COLUMN_ROLE_IDENTIFIER);
  g_assert_null (sonde_column_get_unit (column));
  column = sonde_table_get_column (table, 1);
  g_assert_cmpint (sonde_column_get_role (column), ==, SONDE_COLUMN_ROLE_TARGET);
  g_assert_cmpuint (sonde_column_get_n_missing (column), ==, 1);

  /* Opening migrated a copy; the file is as it was. */
  g_assert_true (g_file_get_contents (path, &after, &after_len, NULL));
  g_assert_cmpmem (before, before_len, after, after_len);

  /* Saving writes the current schema. */
  g_assert_true (sonde_project_save (project, saved, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_open_v2 (saved_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (single_int (db, "PRAGMA user_version"), ==, SONDE_PROJECT_SCHEMA_VERSION);
  g_assert_cmpint (single_int (db, "SELECT count(*) FROM sqlite_schema WHERE name = 'sonde_journal'"), ==, 1);
  sqlite3_close (db);
}

static void
test_datasets (void)
{
  g_autoptr(SondeProject) project = make_project ();
  g_autoptr(SondeTable) again = make_all_types ("survey 2024");
  g_autoptr(SondeTable) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = NULL;

  g_assert_false (sonde_project_add_dataset (project, again, &error));
  g_assert_error (error, SONDE_ERROR, SONDE_ERROR_INVALID);
  g_clear_error (&error);

  loaded = sonde_project_load_dataset (project, "survey 2024", NULL, &error);
  g_assert_no_error (error);
  g_assert_true (loaded == sonde_project_get_dataset (project, "survey 2024"));

  g_assert_true (sonde_project_remove_dataset (project, "survey 2024"));
  g_assert_false (sonde_project_remove_dataset (project, "survey 2024"));
  names = sonde_project_list_datasets (project);
  g_assert_cmpuint (g_strv_length (names), ==, 1);
  g_assert_cmpuint (sonde_project_get_n_datasets (project), ==, 1);
  g_assert_null (sonde_project_load_dataset (project, "nope", NULL, &error));
  g_assert_error (error, SONDE_ERROR, SONDE_ERROR_INVALID);
}

static void
test_query (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(SondeProject) project = make_project ();
  g_autoptr(GFile) file = fixture_file (f, "p.sonde");
  g_autoptr(SondeTable) table = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (sonde_project_save (project, file, NULL, NULL));

  table = sonde_project_query (file, "SELECT id, height FROM survey_2024 WHERE height > 1.6", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sonde_table_get_n_rows (table), ==, 1);
  g_assert_cmpuint (sonde_table_get_n_columns (table), ==, 2);
  g_clear_object (&table);

  table = sonde_project_query (file, "SELECT name, rows FROM sonde_datasets ORDER BY name", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sonde_table_get_n_rows (table), ==, 2);
}

static const struct
{
  const char *sql;
  const char *excerpt;
} refusals[] = {
  { "DROP TABLE sonde_meta", "“DROP TABLE sonde_meta”" },
  { "  INSERT INTO survey_2024 (id) VALUES (4)", "“INSERT INTO survey_2024 (id) VALUES (4)”" },
  { "DELETE FROM sonde_columns", "“DELETE FROM sonde_columns”" },
  { "ATTACH DATABASE '/tmp/x.db' AS x", "“ATTACH DATABASE '/tmp/x.db' AS x”" },
  { "PRAGMA writable_schema = ON", "“PRAGMA writable_schema = ON”" },
  { "SELECT 1; DROP TABLE sonde_meta", "“DROP TABLE sonde_meta”" },
  { "CREATE TEMP TABLE t AS SELECT 1", "“CREATE TEMP TABLE t AS SELECT 1”" },
};

static void
test_query_refusals (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(SondeProject) project = make_project ();
  g_autoptr(GFile) file = fixture_file (f, "p.sonde");
  g_autoptr(SondeProject) opened = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (sonde_project_save (project, file, NULL, NULL));

  for (guint i = 0; i < G_N_ELEMENTS (refusals); i++)
    {
      g_autoptr(SondeTable) table = sonde_project_query (file, refusals[i].sql, NULL, &error);
      g_autofree char *expected = g_strdup_printf ("Queries can only read the project: %s would change it.",
                                                   refusals[i].excerpt);

      g_assert_null (table);
      g_assert_error (error, SONDE_PROJECT_ERROR, SONDE_PROJECT_ERROR_READ_ONLY);
      g_assert_cmpstr (error->message, ==, expected);
      g_clear_error (&error);
    }

  /* Nothing was changed. */
  opened = sonde_project_open (file, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sonde_project_get_n_datasets (opened), ==, 2);
}

static void
test_query_errors (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(SondeProject) project = make_project ();
  g_autoptr(GFile) file = fixture_file (f, "p.sonde");
  g_autoptr(GFile) text = fixture_file (f, "notes.txt");
  g_autofree char *text_path = g_file_get_path (text);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(SondeTable) table = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (sonde_project_save (project, file, NULL, NULL));

  /* "FORM" reads as an alias; SQLite stops at "survey_2024", line 2,
   * column 20. */
  table = sonde_project_query (file, "SELECT id,\n       height FORM survey_2024", NULL, &error);
  g_assert_null (table);
  g_assert_error (error, SONDE_PROJECT_ERROR, SONDE_PROJECT_ERROR_QUERY);
  g_assert_cmpstr (error->message, ==, "p.sonde, query line 2, column 20: near \"survey_2024\": syntax error.");
  g_clear_error (&error);

  table = sonde_project_query (file, "SELECT nope FROM survey_2024", NULL, &error);
  g_assert_error (error, SONDE_PROJECT_ERROR, SONDE_PROJECT_ERROR_QUERY);
  g_assert_nonnull (strstr (error->message, "no such column: nope"));
  g_clear_error (&error);

  table = sonde_project_query (file, "SELECT 1; SELECT 2", NULL, &error);
  g_assert_error (error, SONDE_PROJECT_ERROR, SONDE_PROJECT_ERROR_QUERY);
  g_clear_error (&error);

  table = sonde_project_query (file, "  -- nothing\n", NULL, &error);
  g_assert_error (error, SONDE_PROJECT_ERROR, SONDE_PROJECT_ERROR_QUERY);
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (text_path, "hello", -1, NULL));
  table = sonde_project_query (text, "SELECT 1", NULL, &error);
  g_assert_error (error, SONDE_PROJECT_ERROR, SONDE_PROJECT_ERROR_NOT_PROJECT);
  g_clear_error (&error);

  g_cancellable_cancel (cancellable);
  table = sonde_project_query (file, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) "
                                     "SELECT count(*) FROM n", cancellable, &error);
  g_assert_null (table);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* Opening reads the catalogue only; the head and the whole dataset are
 * read on demand, with the catalogue's types. */
static void
test_lazy_open (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(SondeProject) project = make_project ();
  g_autoptr(SondeProject) opened = NULL;
  g_autoptr(GFile) file = fixture_file (f, "p.sonde");
  g_autoptr(SondeTable) head = NULL;
  g_autoptr(SondeTable) all = NULL;
  g_autoptr(GError) error = NULL;
  SondeTable *expected = sonde_project_get_dataset (project, "survey 2024");

  g_assert_null (sonde_project_get_file (project));
  g_assert_true (sonde_project_save (project, file, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (sonde_project_get_file (project) == file);

  opened = sonde_project_open (file, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_equal (sonde_project_get_file (opened), file));
  g_assert_cmpuint (sonde_project_get_n_datasets (opened), ==, 2);
  g_assert_false (sonde_project_is_dataset_loaded (opened, "survey 2024"));
  g_assert_false (sonde_project_is_dataset_loaded (opened, "sonde_meta"));
  g_assert_false (sonde_project_is_dataset_loaded (opened, "nope"));
  g_assert_null (sonde_project_get_dataset (opened, "survey 2024"));
  g_assert_cmpuint (sonde_project_get_dataset_n_rows (opened, "survey 2024"), ==, 3);
  g_assert_cmpuint (sonde_project_get_dataset_n_columns (opened, "survey 2024"), ==, 7);
  g_assert_cmpuint (sonde_project_get_dataset_n_rows (opened, "nope"), ==, 0);
  g_assert_cmpuint (sonde_project_get_dataset_n_columns (opened, "nope"), ==, 0);

  /* The first two rows, typed by the catalogue: "group" would read as
   * text from its values alone. */
  head = sonde_project_load_dataset_head (opened, "survey 2024", 2, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sonde_table_get_n_rows (head), ==, 2);
  g_assert_cmpuint (sonde_table_get_n_columns (head), ==, 7);
  g_assert_cmpstr (sonde_table_get_name (head), ==, "survey 2024");
  g_assert_cmpstr (sonde_table_get_source (head), ==, "/data/survey.csv");
  for (guint c = 0; c < 7; c++)
    {
      SondeColumn *ec = sonde_table_get_column (expected, c);
      SondeColumn *hc = sonde_table_get_column (head, c);

      g_assert_cmpstr (sonde_column_get_name (hc), ==, sonde_column_get_name (ec));
      g_assert_cmpint (sonde_column_get_column_type (hc), ==, sonde_column_get_column_type (ec));
      g_assert_cmpint (sonde_column_get_role (hc), ==, sonde_column_get_role (ec));
      g_assert_cmpstr (sonde_column_get_unit (hc), ==, sonde_column_get_unit (ec));
      g_assert_cmpstr (sonde_column_get_description (hc), ==, sonde_column_get_description (ec));
      g_assert_cmpstr (sonde_column_get_source (hc), ==, sonde_column_get_source (ec));
      for (guint r = 0; r < 2; r++)
        {
          g_autofree char *ev = sonde_column_format_value (ec, r);
          g_autofree char *hv = sonde_column_format_value (hc, r);

          g_assert_cmpstr (hv, ==, ev);
        }
    }
  g_assert_false (sonde_project_is_dataset_loaded (opened, "survey 2024"));
  g_clear_object (&head);

  /* More than there are, and none. */
  head = sonde_project_load_dataset_head (opened, "survey 2024", 1000, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sonde_table_get_n_rows (head), ==, 3);
  g_clear_object (&head);
  head = sonde_project_load_dataset_head (opened, "survey 2024", 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sonde_table_get_n_rows (head), ==, 0);
  g_assert_cmpuint (sonde_table_get_n_columns (head), ==, 7);
  g_clear_object (&head);
  head = sonde_project_load_dataset_head (opened, "nope", 10, NULL, &error);
  g_assert_null (head);
  g_assert_error (error, SONDE_ERROR, SONDE_ERROR_INVALID);
  g_clear_error (&error);

  /* The whole dataset, kept. */
  all = sonde_project_load_dataset (opened, "survey 2024", NULL, &error);
  g_assert_no_error (error);
  assert_same_table (expected, all);
  g_assert_true (sonde_project_is_dataset_loaded (opened, "survey 2024"));
  g_assert_true (sonde_project_get_dataset (opened, "survey 2024") == all);
  g_assert_false (sonde_project_is_dataset_loaded (opened, "sonde_meta"));

  /* The head of a loaded dataset comes from memory. */
  head = sonde_project_load_dataset_head (opened, "survey 2024", 1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sonde_table_get_n_rows (head), ==, 1);
  g_assert_false (head == all);
}

/* Opens @file and checks that its datasets are @expected, by loading them. */
static void
assert_project_holds (GFile       *file,
                      SondeTable **expected,
                      guint        n_expected)
{
  g_autoptr(SondeProject) opened = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = NULL;

  opened = sonde_project_open (file, &error);
  g_assert_no_error (error);
  names = sonde_project_list_datasets (opened);
  g_assert_cmpuint (g_strv_length (names), ==, n_expected);
  for (guint i = 0; i < n_expected; i++)
    {
      g_autoptr(SondeTable) loaded = NULL;

      g_assert_cmpstr (names[i], ==, sonde_table_get_name (expected[i]));
      g_assert_false (sonde_project_is_dataset_loaded (opened, names[i]));
      loaded = sonde_project_load_dataset (opened, names[i], NULL, &error);
      g_assert_no_error (error);
      assert_same_table (expected[i], loaded);
    }
}

/* Datasets never loaded are copied from the project's file, to the same
 * file and to another, however their table names change. */
static void
test_save_unloaded (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(SondeProject) project = sonde_project_new ();
  g_autoptr(SondeProject) opened = NULL;
  g_autoptr(SondeTable) survey = make_all_types ("survey");
  /* "Big" and "big" need different table names: "Big" and "big_2",
   * then "big" once "Big" is gone. */
  g_autoptr(SondeTable) big_upper = make_numbers ("Big", 500);
  g_autoptr(SondeTable) big = make_numbers ("big", 700);
  g_autoptr(SondeTable) added = make_numbers ("added", 10);
  g_autoptr(SondeTable) loaded = NULL;
  g_autoptr(GFile) file = fixture_file (f, "p.sonde");
  g_autoptr(GFile) other = fixture_file (f, "other.sonde");
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *declared = NULL;
  g_autofree char *table_name = NULL;
  sqlite3 *db = NULL;

  g_assert_true (sonde_project_add_dataset (project, survey, NULL));
  g_assert_true (sonde_project_add_dataset (project, big_upper, NULL));
  g_assert_true (sonde_project_add_dataset (project, big, NULL));
  g_assert_true (sonde_project_save (project, file, NULL, &error));
  g_assert_no_error (error);

  opened = sonde_project_open (file, &error);
  g_assert_no_error (error);

  /* Nothing loaded: saved over its own file, twice. */
  for (guint i = 0; i < 2; i++)
    {
      SondeTable *expected[] = { survey, big_upper, big };

      g_assert_true (sonde_project_save (opened, file, NULL, &error));
      g_assert_no_error (error);
      g_assert_false (sonde_project_is_dataset_loaded (opened, "survey"));
      assert_project_holds (file, expected, G_N_ELEMENTS (expected));
    }

  /* The declared types are those SondeSqliteWriter writes. */
  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  declared = single_text (db, "SELECT group_concat(type, ',') FROM pragma_table_info('survey')");
  g_assert_cmpstr (declared, ==, "INTEGER,REAL,BOOLEAN,TEXT,TEXT,DATE,DATETIME");
  table_name = single_text (db, "SELECT table_name FROM sonde_datasets WHERE name = 'big'");
  g_assert_cmpstr (table_name, ==, "big_2");
  g_clear_pointer (&table_name, g_free);
  sqlite3_close (db);

  /* "big" moves to the table "big"; the project must follow it. */
  g_assert_true (sonde_project_remove_dataset (opened, "Big"));
  g_assert_true (sonde_project_add_dataset (opened, added, NULL));
  g_assert_true (sonde_project_save (opened, file, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  table_name = single_text (db, "SELECT table_name FROM sonde_datasets WHERE name = 'big'");
  g_assert_cmpstr (table_name, ==, "big");
  sqlite3_close (db);
  loaded = sonde_project_load_dataset_head (opened, "big", 1000, NULL, &error);
  g_assert_no_error (error);
  assert_same_table (big, loaded);
  g_clear_object (&loaded);

  /* Saved as another file, partly loaded: that file becomes the one
   * datasets are read from. */
  loaded = sonde_project_load_dataset (opened, "big", NULL, &error);
  g_assert_no_error (error);
  g_assert_true (sonde_project_save (opened, other, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (sonde_project_get_file (opened) == other);
  {
    SondeTable *expected[] = { survey, big, added };

    assert_project_holds (other, expected, G_N_ELEMENTS (expected));
    assert_project_holds (file, expected, G_N_ELEMENTS (expected));
  }
  g_assert_true (g_file_delete (file, NULL, NULL));
  g_clear_object (&loaded);
  loaded = sonde_project_load_dataset (opened, "survey", NULL, &error);
  g_assert_no_error (error);
  assert_same_table (survey, loaded);
  g_clear_object (&opened);

  /* The project's file is gone: datasets not loaded cannot be saved, and
   * the message says where they were. */
  opened = sonde_project_open (other, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_delete (other, NULL, NULL));
  g_assert_false (sonde_project_save (opened, file, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "p.sonde cannot be saved: datasets not opened yet are read from other.sonde"));
  g_clear_error (&error);
  g_assert_cmpuint (count_files (f->dir), ==, 0);
}

static void
test_set_datasets (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(SondeProject) project = make_project ();
  g_autoptr(SondeProject) opened = NULL;
  g_autoptr(SondeTable) a = make_numbers ("a", 5);
  g_autoptr(SondeTable) b = make_numbers ("b", 6);
  g_autoptr(SondeTable) a_again = make_numbers ("a", 7);
  g_autoptr(SondeTable) survey = make_all_types ("survey 2024");
  g_autoptr(GFile) file = fixture_file (f, "p.sonde");
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = NULL;
  const char *created = sonde_project_get_created (project);
  SondeTable *duplicates[] = { a, b, a_again };
  SondeTable *tables[] = { b, survey, a };

  g_assert_false (sonde_project_set_datasets (project, duplicates, G_N_ELEMENTS (duplicates), &error));
  g_assert_error (error, SONDE_ERROR, SONDE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "“a”"));
  g_clear_error (&error);
  /* Unchanged. */
  g_assert_cmpuint (sonde_project_get_n_datasets (project), ==, 2);
  g_assert_nonnull (sonde_project_get_dataset (project, "sonde_meta"));

  g_assert_true (sonde_project_set_datasets (project, tables, G_N_ELEMENTS (tables), &error));
  g_assert_no_error (error);
  names = sonde_project_list_datasets (project);
  g_assert_cmpuint (g_strv_length (names), ==, 3);
  g_assert_cmpstr (names[0], ==, "b");
  g_assert_cmpstr (names[1], ==, "survey 2024");
  g_assert_cmpstr (names[2], ==, "a");
  g_assert_true (sonde_project_get_dataset (project, "a") == a);
  g_assert_true (sonde_project_is_dataset_loaded (project, "b"));
  g_assert_null (sonde_project_get_dataset (project, "sonde_meta"));
  g_assert_cmpuint (sonde_project_get_n_journal_entries (project), ==, 2);
  g_assert_cmpstr (sonde_project_get_created (project), ==, created);

  g_assert_true (sonde_project_save (project, file, NULL, &error));
  g_assert_no_error (error);
  assert_project_holds (file, tables, G_N_ELEMENTS (tables));

  /* On an opened project, with nothing loaded: all replaced. */
  opened = sonde_project_open (file, &error);
  g_assert_no_error (error);
  g_assert_true (sonde_project_set_datasets (opened, tables, 1, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sonde_project_get_n_datasets (opened), ==, 1);
  g_assert_true (sonde_project_set_datasets (opened, NULL, 0, &error));
  g_assert_cmpuint (sonde_project_get_n_datasets (opened), ==, 0);
}

typedef struct
{
  SondeProject *project;
  SondeTable   *table;
  GError       *error;
  gint          done;
} LoadJob;

static gpointer
load_in_thread (gpointer data)
{
  LoadJob *job = data;

  job->table = sonde_project_load_dataset (job->project, "numbers", NULL, &job->error);
  g_atomic_int_set (&job->done, 1);

  return NULL;
}

/* A worker loads a dataset while the main thread keeps asking about the
 * project (a smoke test; run under TSan to learn more). */
static void
test_load_thread (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(SondeProject) project = sonde_project_new ();
  g_autoptr(SondeProject) opened = NULL;
  g_autoptr(SondeTable) numbers = make_numbers ("numbers", 200000);
  g_autoptr(SondeTable) small = make_numbers ("small", 3);
  g_autoptr(GFile) file = fixture_file (f, "p.sonde");
  g_autoptr(GError) error = NULL;
  LoadJob job = { 0 };
  GThread *thread;
  guint n_loops = 0;

  g_assert_true (sonde_project_add_dataset (project, numbers, NULL));
  g_assert_true (sonde_project_add_dataset (project, small, NULL));
  g_assert_true (sonde_project_save (project, file, NULL, &error));
  g_assert_no_error (error);
  opened = sonde_project_open (file, &error);
  g_assert_no_error (error);

  job.project = opened;
  thread = g_thread_new ("load", load_in_thread, &job);
  while (!g_atomic_int_get (&job.done) || n_loops == 0)
    {
      g_auto(GStrv) names = sonde_project_list_datasets (opened);
      g_autoptr(SondeTable) head = sonde_project_load_dataset_head (opened, "small", 2, NULL, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (g_strv_length (names), ==, 2);
      g_assert_cmpuint (sonde_project_get_n_datasets (opened), ==, 2);
      g_assert_cmpuint (sonde_project_get_dataset_n_rows (opened, "numbers"), ==, 200000);
      g_assert_cmpuint (sonde_project_get_dataset_n_columns (opened, "numbers"), ==, 2);
      g_assert_cmpuint (sonde_table_get_n_rows (head), ==, 2);
      sonde_project_is_dataset_loaded (opened, "numbers");
      n_loops++;
    }
  g_thread_join (thread);
  g_test_message ("%u rounds of questions while loading", n_loops);

  g_assert_no_error (job.error);
  assert_same_table (numbers, job.table);
  g_assert_true (sonde_project_get_dataset (opened, "numbers") == job.table);
  g_object_unref (job.table);
}

/* Sets the modification time of @path @age seconds back. */
static void
make_file (const char *dir,
           const char *name,
           gint64      age)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  gint64 when = g_get_real_time () / G_USEC_PER_SEC - age;
  struct utimbuf times = { (time_t) when, (time_t) when };

  g_assert_true (g_file_set_contents (path, "SQLite format 3", -1, NULL));
  g_assert_cmpint (utime (path, &times), ==, 0);
}

static gboolean
file_exists (const char *dir,
             const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  return g_file_test (path, G_FILE_TEST_EXISTS);
}

/* Leftovers of killed saves go when the project is opened or saved;
 * a save under way (locked), a recent file and other files stay. */
static void
test_stale_temporaries (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(SondeProject) project = make_project ();
  g_autoptr(SondeProject) opened = NULL;
  g_autoptr(GFile) file = fixture_file (f, "p.sonde");
  g_autoptr(GError) error = NULL;
  g_autofree char *locked_path = g_build_filename (f->dir, "p.sonde.LoCk42.saving", NULL);
  static const char * const kept[] = {
    "p.sonde.Young1.saving",     /* less than a minute old */
    "p.sonde.LoCk42.saving",     /* a save under way holds its lock */
    "p.sonde.backup",            /* a person's files */
    "p.sonde.Ab12Cd",
    "p.sonde.Ab12Cd.saving.old",
    "p.sonde.Ab1.saving",
    "p.sonde.Ab12C-.saving",
    "q.sonde.Ab12Cd.saving",     /* another project's */
    "xp.sonde.Ab12Cd.saving",
  };
  int fd;

  g_assert_true (sonde_project_save (project, file, NULL, &error));
  g_assert_no_error (error);

  make_file (f->dir, "p.sonde.Ab12Cd.saving", 120);
  make_file (f->dir, "p.sonde.Ab12Cd.saving-journal", 120);
  make_file (f->dir, "p.sonde.zzzzzz.saving", 3600);
  make_file (f->dir, "p.sonde.Young1.saving", 5);
  for (guint i = 1; i < G_N_ELEMENTS (kept); i++)
    make_file (f->dir, kept[i], 3600);
  fd = g_open (locked_path, O_RDONLY, 0);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (flock (fd, LOCK_EX), ==, 0);

  opened = sonde_project_open (file, &error);
  g_assert_no_error (error);
  g_assert_false (file_exists (f->dir, "p.sonde.Ab12Cd.saving"));
  g_assert_false (file_exists (f->dir, "p.sonde.Ab12Cd.saving-journal"));
  g_assert_false (file_exists (f->dir, "p.sonde.zzzzzz.saving"));
  for (guint i = 0; i < G_N_ELEMENTS (kept); i++)
    g_assert_true (file_exists (f->dir, kept[i]));
  g_assert_cmpuint (count_files (f->dir), ==, 1 + G_N_ELEMENTS (kept));

  /* Once the lock is gone, the next save removes it. */
  close (fd);
  make_file (f->dir, "p.sonde.AAAAAA.saving", 120);
  g_assert_true (sonde_project_save (opened, file, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (file_exists (f->dir, "p.sonde.LoCk42.saving"));
  g_assert_false (file_exists (f->dir, "p.sonde.AAAAAA.saving"));
  g_assert_cmpuint (count_files (f->dir), ==, G_N_ELEMENTS (kept));
}

/* A catalogue that does not match its table is found when the rows are
 * read, and named. */
static void
test_load_damaged (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(SondeProject) project = make_project ();
  g_autoptr(SondeProject) opened = NULL;
  g_autoptr(SondeTable) table = NULL;
  g_autoptr(GFile) file = fixture_file (f, "p.sonde");
  g_autofree char *path = g_file_get_path (file);
  g_autoptr(GError) error = NULL;

  g_assert_true (sonde_project_save (project, file, NULL, &error));
  g_assert_no_error (error);
  make_sqlite (path, "UPDATE sonde_datasets SET rows = 5 WHERE name = 'survey 2024';");

  opened = sonde_project_open (file, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sonde_project_get_dataset_n_rows (opened, "survey 2024"), ==, 5);
  table = sonde_project_load_dataset (opened, "survey 2024", NULL, &error);
  g_assert_null (table);
  g_assert_error (error, SONDE_PROJECT_ERROR, SONDE_PROJECT_ERROR_DAMAGED);
  g_assert_nonnull (strstr (error->message, "p.sonde is damaged (dataset “survey 2024” should have 5 rows but has 3)"));
  g_clear_error (&error);
  g_assert_false (sonde_project_is_dataset_loaded (opened, "survey 2024"));

  /* More rows than the catalogue says. */
  g_clear_object (&opened);
  make_sqlite (path, "UPDATE sonde_datasets SET rows = 2 WHERE name = 'survey 2024';");
  opened = sonde_project_open (file, &error);
  g_assert_no_error (error);
  table = sonde_project_load_dataset (opened, "survey 2024", NULL, &error);
  g_assert_null (table);
  g_assert_error (error, SONDE_PROJECT_ERROR, SONDE_PROJECT_ERROR_DAMAGED);
  g_assert_nonnull (strstr (error->message, "should have 2 rows but has 3"));
  g_clear_error (&error);

  /* A stored table that is missing is refused at opening. */
  g_clear_object (&opened);
  make_sqlite (path, "DROP TABLE d_sonde_meta;");
  opened = sonde_project_open (file, &error);
  g_assert_null (opened);
  g_assert_error (error, SONDE_PROJECT_ERROR, SONDE_PROJECT_ERROR_DAMAGED);
  g_assert_nonnull (strstr (error->message, "dataset “sonde_meta”: no such table: d_sonde_meta"));
}

/* Saved queries travel with the project, in order; a repeated name keeps
 * its last SQL; the file is readable by others like any saved document. */
static void
test_saved_queries (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(SondeProject) project = make_project ();
  g_autoptr(SondeProject) reopened = NULL;
  g_autoptr(GFile) file = fixture_file (f, "queries.sonde");
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = NULL;
  g_auto(GStrv) sqls = NULL;
  g_autofree char *path = g_file_get_path (file);
  const char *in_names[] = { "by city", "adults", "by city", NULL };
  const char *in_sqls[] = { "SELECT 1", "SELECT * FROM \"survey 2024\" WHERE age >= 18", "SELECT city, COUNT(*)\nFROM t GROUP BY city", NULL };
  GStatBuf st;

  sonde_project_set_queries (project, in_names, in_sqls);
  g_assert_true (sonde_project_save (project, file, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0644);

  reopened = sonde_project_open (file, &error);
  g_assert_no_error (error);
  sonde_project_get_queries (reopened, &names, &sqls);
  g_assert_cmpuint (g_strv_length (names), ==, 2);
  g_assert_cmpstr (names[0], ==, "by city");
  g_assert_cmpstr (sqls[0], ==, "SELECT city, COUNT(*)\nFROM t GROUP BY city");
  g_assert_cmpstr (names[1], ==, "adults");

  /* A save over it keeps its permissions. */
  g_assert_cmpint (g_chmod (path, 0664), ==, 0);
  g_assert_true (sonde_project_save (reopened, file, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0664);
}

/* A pipeline of two steps, as the Clean pane would keep it. */
static char *
pipeline_json (const char *column)
{
  g_autofree char *data = g_strdup_printf ("{\"format\": \"sonde-pipeline\", \"version\": 1, \"steps\": ["
                                           "{\"kind\": \"impute\", \"params\": {\"columns\": [\"%s\"], \"method\": \"median\"}},"
                                           "{\"kind\": \"drop_missing\"}]}", column);
  g_autoptr(SondePipeline) pipeline = NULL;
  g_autoptr(GError) error = NULL;

  pipeline = sonde_pipeline_new_from_data (data, -1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (pipeline);

  return sonde_pipeline_to_data (pipeline);
}

static void
assert_pipelines (SondeProject       *project,
                  const char * const *names,
                  const char * const *datasets,
                  const char * const *steps)
{
  g_auto(GStrv) out_names = NULL;
  g_auto(GStrv) out_datasets = NULL;
  g_auto(GStrv) out_steps = NULL;

  sonde_project_get_pipelines (project, &out_names, &out_datasets, &out_steps);
  g_assert_cmpstrv (out_names, names);
  g_assert_cmpstrv (out_datasets, datasets);
  g_assert_cmpstrv (out_steps, steps);
}

static void
assert_rules (SondeProject       *project,
              const char * const *datasets,
              const char * const *expressions)
{
  g_auto(GStrv) out_datasets = NULL;
  g_auto(GStrv) out_expressions = NULL;

  sonde_project_get_rules (project, &out_datasets, &out_expressions);
  g_assert_cmpstrv (out_datasets, datasets);
  g_assert_cmpstrv (out_expressions, expressions);
}

/* Pipelines and rules travel with the project through two saves: a
 * repeated pipeline name keeps its last steps, rules keep their order
 * within a dataset and across datasets, and a pipeline set again
 * unchanged keeps its creation and modification times. */
static void
test_pipelines_and_rules (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(SondeProject) project = make_project ();
  g_autoptr(SondeProject) reopened = NULL;
  g_autoptr(SondeProject) again = NULL;
  g_autoptr(GFile) file = fixture_file (f, "clean.sonde");
  g_autoptr(GFile) second = fixture_file (f, "clean-again.sonde");
  g_autofree char *second_path = g_file_get_path (second);
  g_autofree char *steps_age = pipeline_json ("age");
  g_autofree char *steps_score = pipeline_json ("score");
  g_autofree char *times = NULL;
  g_autofree char *times_again = NULL;
  g_autoptr(GError) error = NULL;
  const char *in_names[] = { "survey 2024", "sonde_meta", "survey 2024", NULL };
  const char *in_datasets[] = { "survey 2024", "sonde_meta", "survey 2024", NULL };
  const char *in_steps[] = { "{}", steps_score, steps_age, NULL };
  const char *names[] = { "survey 2024", "sonde_meta", NULL };
  const char *steps[] = { steps_age, steps_score, NULL };
  const char *rule_datasets[] = { "survey 2024", "sonde_meta", "survey 2024", NULL };
  const char *rule_expressions[] = { "age between 0 and 120", "score >= 0", "age < 200", NULL };
  const char *same_names[] = { "sonde_meta", NULL };
  const char *same_steps[] = { steps_score, NULL };
  const char *none[] = { NULL };
  sqlite3 *db = NULL;

  sonde_project_set_pipelines (project, in_names, in_datasets, in_steps);
  sonde_project_set_rules (project, rule_datasets, rule_expressions);
  assert_pipelines (project, names, names, steps);
  g_assert_true (sonde_project_save (project, file, NULL, &error));
  g_assert_no_error (error);

  reopened = sonde_project_open (file, &error);
  g_assert_no_error (error);
  assert_pipelines (reopened, names, names, steps);
  assert_rules (reopened, rule_datasets, rule_expressions);

  /* Saved a second time, from the reopened project; times of long ago
   * put in the file tell what a later save keeps. */
  g_assert_true (sonde_project_save (reopened, second, NULL, &error));
  g_assert_no_error (error);
  make_sqlite (second_path, "UPDATE sonde_pipelines SET created = '2020-01-01T00:00:00Z', modified = '2020-01-02T00:00:00Z';");
  again = sonde_project_open (second, &error);
  g_assert_no_error (error);
  assert_pipelines (again, names, names, steps);
  assert_rules (again, rule_datasets, rule_expressions);

  /* What the file holds: positions within each dataset, and times. */
  g_assert_cmpint (sqlite3_open_v2 (second_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (single_int (db, "SELECT position FROM sonde_rules WHERE expression = 'age < 200'"), ==, 1);
  g_assert_cmpint (single_int (db, "SELECT position FROM sonde_rules WHERE expression = 'score >= 0'"), ==, 0);
  sqlite3_close (db);

  /* Setting the same pipeline again changes neither time; changing its
   * steps changes its modification time only. */
  sonde_project_set_pipelines (again, same_names, same_names, same_steps);
  g_assert_true (sonde_project_save (again, second, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_open_v2 (second_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  times = single_text (db, "SELECT created || ' ' || modified FROM sonde_pipelines");
  sqlite3_close (db);
  g_assert_cmpstr (times, ==, "2020-01-01T00:00:00Z 2020-01-02T00:00:00Z");

  same_steps[0] = steps_age;
  sonde_project_set_pipelines (again, same_names, same_names, same_steps);
  g_assert_true (sonde_project_save (again, second, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_open_v2 (second_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  times_again = single_text (db, "SELECT created || ' ' || modified FROM sonde_pipelines");
  sqlite3_close (db);
  g_assert_true (g_str_has_prefix (times_again, "2020-01-01T00:00:00Z 20"));
  g_assert_cmpstr (times_again, !=, times);

  /* None at all clears them. */
  sonde_project_set_pipelines (again, NULL, NULL, NULL);
  sonde_project_set_rules (again, none, none);
  assert_pipelines (again, none, none, none);
  assert_rules (again, none, none);
}

/* A pipeline whose steps no longer parse (edited by hand, or a step kind
 * this Sonde does not know) does not stop the project from opening: its
 * text comes back as it was, for the caller to report. */
static void
test_broken_pipeline (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(SondeProject) project = make_project ();
  g_autoptr(SondeProject) reopened = NULL;
  g_autoptr(GFile) file = fixture_file (f, "broken.sonde");
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *good = pipeline_json ("age");
  g_autoptr(SondePipeline) pipeline = NULL;
  g_autoptr(GError) error = NULL;
  const char *names[] = { "survey 2024", "sonde_meta", NULL };
  const char *steps[] = { good, good, NULL };
  const char *broken = "{\"format\": \"sonde-pipeline\", \"version\": 1, \"steps\": [{\"kind\": \"frobnicate\"}]}";
  const char *expected[] = { good, broken, NULL };

  sonde_project_set_pipelines (project, names, names, steps);
  g_assert_true (sonde_project_save (project, file, NULL, &error));
  g_assert_no_error (error);
  make_sqlite (path, "UPDATE sonde_pipelines SET steps = '{\"format\": \"sonde-pipeline\", \"version\": 1,"
                     " \"steps\": [{\"kind\": \"frobnicate\"}]}' WHERE name = 'sonde_meta';");

  reopened = sonde_project_open (file, &error);
  g_assert_no_error (error);
  g_assert_nonnull (reopened);
  assert_pipelines (reopened, names, names, expected);

  pipeline = sonde_pipeline_new_from_data (expected[1], -1, &error);
  g_assert_null (pipeline);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "frobnicate"));
}

/* A file of version 1, written before rules were kept (the current file
 * less sonde_rules), opens with its pipelines and no rules, and is saved
 * in the current schema, rules included. */
static void
test_migrate_v1 (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(SondeProject) project = make_project ();
  g_autoptr(SondeProject) old = NULL;
  g_autoptr(SondeProject) saved = NULL;
  g_autoptr(GFile) file = fixture_file (f, "v1.sonde");
  g_autoptr(GFile) again = fixture_file (f, "v2.sonde");
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *again_path = g_file_get_path (again);
  g_autofree char *steps_age = pipeline_json ("age");
  g_autoptr(GError) error = NULL;
  const char *names[] = { "survey 2024", NULL };
  const char *steps[] = { steps_age, NULL };
  const char *none[] = { NULL };
  const char *rule_datasets[] = { "survey 2024", NULL };
  const char *rule_expressions[] = { "age >= 0", NULL };
  sqlite3 *db = NULL;

  sonde_project_set_pipelines (project, names, names, steps);
  sonde_project_set_rules (project, rule_datasets, rule_expressions);
  g_assert_true (sonde_project_save (project, file, NULL, &error));
  g_assert_no_error (error);
  make_sqlite (path, "DROP TABLE sonde_rules;"
                     "UPDATE sonde_meta SET value = '1' WHERE key = 'schema_version';"
                     "PRAGMA user_version = 1;");

  old = sonde_project_open (file, &error);
  g_assert_no_error (error);
  g_assert_nonnull (old);
  g_assert_cmpint (sonde_project_get_file_schema_version (old), ==, 1);
  assert_pipelines (old, names, names, steps);
  assert_rules (old, none, none);

  sonde_project_set_rules (old, rule_datasets, rule_expressions);
  g_assert_true (sonde_project_save (old, again, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_open_v2 (again_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (single_int (db, "PRAGMA user_version"), ==, 2);
  g_assert_cmpint (single_int (db, "SELECT count(*) FROM sonde_rules"), ==, 1);
  sqlite3_close (db);
  saved = sonde_project_open (again, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sonde_project_get_file_schema_version (saved), ==, SONDE_PROJECT_SCHEMA_VERSION);
  assert_pipelines (saved, names, names, steps);
  assert_rules (saved, rule_datasets, rule_expressions);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  sonde_engine_init ();

#define ADD(path, func) \
  g_test_add ("/engine/project/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("round-trip", test_round_trip);
  ADD ("catalogue", test_catalogue);
  ADD ("atomic-save", test_atomic_save);
  ADD ("kill-during-save", test_kill_during_save);
  ADD ("read-only-folder", test_read_only_folder);
  ADD ("not-project-text", test_not_project_text);
  ADD ("not-project-sqlite", test_not_project_sqlite);
  ADD ("too-new", test_too_new);
  ADD ("damaged", test_damaged);
  ADD ("migrate-v0", test_migrate_v0);
  ADD ("query", test_query);
  ADD ("query-refusals", test_query_refusals);
  ADD ("query-errors", test_query_errors);
  ADD ("lazy-open", test_lazy_open);
  ADD ("save-unloaded", test_save_unloaded);
  ADD ("set-datasets", test_set_datasets);
  ADD ("load-thread", test_load_thread);
  ADD ("stale-temporaries", test_stale_temporaries);
  ADD ("load-damaged", test_load_damaged);
  ADD ("saved-queries", test_saved_queries);
  ADD ("pipelines-and-rules", test_pipelines_and_rules);
  ADD ("broken-pipeline", test_broken_pipeline);
  ADD ("migrate-v1", test_migrate_v1);
  g_test_add_func ("/engine/project/datasets", test_datasets);

#undef ADD

  return g_test_run ();
}
