/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-sqlite"

/* Tests of SondeSqliteReader and SondeSqliteWriter: the fixture database
 * of fixtures/sqlite/ (made by make-fixtures.py) read as tables, views
 * and queries, the refusals (queries that write, bad SQL, files that
 * are not databases, locked databases), then round trips through the
 * writer for every column type, the replace flag and table names.
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "sonde-engine.h"
#include "test-util.h"

static char *
fixture_path (const char *name)
{
  return g_build_filename (FIXTURES_DIR, "sqlite", name, NULL);
}

static SondeTable *
read_fixture (SondeSqliteReader  *reader,
              const char         *name,
              GError            **error)
{
  g_autofree char *path = fixture_path (name);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  return sonde_sqlite_reader_read_file (reader, file, NULL, error);
}

static char *
cell (SondeTable *table,
      const char *column,
      guint       row)
{
  SondeColumn *col = sonde_table_find_column (table, column);

  g_assert_nonnull (col);
  return sonde_column_format_value (col, row);
}

static void
test_list_tables (void)
{
  g_autofree char *path = fixture_path ("school.sqlite");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) tables = sonde_sqlite_reader_list_tables (file, &error);
  g_autofree char *joined = NULL;

  g_assert_no_error (error);
  joined = g_strjoinv (",", tables);
  /* sqlite_sequence, made for the AUTOINCREMENT of log, is left out. */
  g_assert_cmpstr (joined, ==, "students,empty_table,log,adults");
}

typedef struct
{
  const char *path;
  const char *table;
  const char *query;
  guint       n_rows;
  guint       n_warnings;
  const char *names;
  const char *types;
} ReadCase;

static const ReadCase read_cases[] = {
  { "/engine/sqlite/first-table", NULL, NULL, 4, 1,
    "id,name,age,height,born,seen,passed,town,photo,mixed",
    "integer,text,integer,real,date,datetime,boolean,categorical,text,text" },
  { "/engine/sqlite/view", "adults", NULL, 2, 0, "name,age", "text,integer" },
  { "/engine/sqlite/table-any-case", "LOG", NULL, 1, 0, "id,msg", "integer,categorical" },
  { "/engine/sqlite/declared-types", "empty_table", NULL, 0, 0,
    "a,b,c,d,e,f", "integer,text,boolean,date,datetime,real" },
  { "/engine/sqlite/query", NULL,
    "-- towns\nWITH t AS (SELECT town, height FROM students)\n"
    "SELECT town, count(*) AS n, avg(height) AS mean, NULL AS blank FROM t GROUP BY town;", 1, 0,
    "town,n,mean,blank", "categorical,integer,real,text" },
  { "/engine/sqlite/query-duplicate-names", NULL, "SELECT age, age, '' AS \"\" FROM students", 4, 2,
    "age,age_2,column_3", "integer,integer,categorical" },
};

static void
test_read_case (gconstpointer data)
{
  const ReadCase *rc = data;
  g_autoptr(SondeSqliteReader) reader = sonde_sqlite_reader_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SondeTable) table = NULL;
  g_autofree char *names = NULL;
  g_autofree char *types = NULL;

  sonde_sqlite_reader_set_table (reader, rc->table);
  if (rc->query != NULL)
    sonde_sqlite_reader_set_query (reader, rc->query);
  table = read_fixture (reader, "school.sqlite", &error);
  g_assert_no_error (error);

  names = sonde_test_describe (table, FALSE);
  types = sonde_test_describe (table, TRUE);
  g_assert_cmpstr (names, ==, rc->names);
  g_assert_cmpstr (types, ==, rc->types);
  g_assert_cmpuint (sonde_table_get_n_rows (table), ==, rc->n_rows);
  g_assert_cmpuint (sonde_sqlite_reader_get_warnings (reader)->len, ==, rc->n_warnings);
  g_assert_cmpstr (sonde_table_get_name (table), ==, "school.sqlite");
  g_assert_true (g_str_has_suffix (sonde_table_get_source (table), "school.sqlite"));

  g_assert_finalize_object (g_steal_pointer (&table));
}

typedef struct
{
  const char *column;
  guint       row;
  const char *value;   /* NULL: missing */
} CellCase;

static const CellCase student_cells[] = {
  { "id", 3, "4" },
  { "name", 0, "Zoé" },
  { "name", 2, "Anaïs" },
  { "age", 1, "18" },
  { "age", 2, NULL },
  { "height", 0, "1.62" },
  { "height", 2, "2" },
  { "height", 3, NULL },
  { "born", 0, "2007-01-31" },
  { "born", 2, NULL },
  { "seen", 0, "2024-01-01T12:00:00Z" },
  { "seen", 1, "2024-02-29T18:30:00Z" },
  /* +01:00 is an hour ahead of UTC */
  { "seen", 2, "2024-03-01T07:00:00Z" },
  { "seen", 3, NULL },
  { "passed", 0, "true" },
  { "passed", 1, "false" },
  { "passed", 3, NULL },
  { "town", 3, "Lyon" },
  { "photo", 0, "00ff" },
  { "photo", 1, NULL },
  { "mixed", 0, "1" },
  { "mixed", 1, "two" },
  { "mixed", 2, "3.5" },
  { "mixed", 3, NULL },
};

static void
test_cells (void)
{
  g_autoptr(SondeSqliteReader) reader = sonde_sqlite_reader_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SondeTable) table = read_fixture (reader, "school.sqlite", &error);
  GPtrArray *warnings = sonde_sqlite_reader_get_warnings (reader);

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (student_cells); i++)
    {
      const CellCase *cc = &student_cells[i];
      g_autofree char *value = cell (table, cc->column, cc->row);

      g_test_message ("%s, row %u", cc->column, cc->row);
      g_assert_cmpstr (value, ==, cc->value);
    }

  g_assert_cmpuint (warnings->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (warnings, 0), ==,
                   "school.sqlite: the column “photo” holds binary data (BLOB); it was read as hexadecimal text.");
}

static void
test_read_bytes (void)
{
  g_autoptr(SondeSqliteReader) reader = sonde_sqlite_reader_new ();
  g_autofree char *path = fixture_path ("school.sqlite");
  g_autofree char *contents = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SondeTable) table = NULL;
  g_autofree char *value = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  bytes = g_bytes_new_take (g_steal_pointer (&contents), length);

  sonde_sqlite_reader_set_query (reader, "SELECT name FROM adults ORDER BY age DESC");
  table = sonde_sqlite_reader_read_bytes (reader, bytes, "memory.sqlite", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sonde_table_get_n_rows (table), ==, 2);
  value = cell (table, "name", 0);
  g_assert_cmpstr (value, ==, "Léo");
}

typedef struct
{
  const char *path;
  const char *fixture;
  const char *table;
  const char *query;
  GQuark      domain;
  int         code;
  const char *message;   /* a part of the message */
} ErrorCase;

static ErrorCase error_cases[] = {
  { "/engine/sqlite/error/delete", "school.sqlite", NULL, "DELETE FROM students", 0, SONDE_ERROR_INVALID,
    "school.sqlite: the query would change the database. Sonde only reads: write a SELECT statement." },
  { "/engine/sqlite/error/create", "school.sqlite", NULL, "CREATE TABLE t (x)", 0, SONDE_ERROR_INVALID,
    "the query would change the database" },
  { "/engine/sqlite/error/two-statements", "school.sqlite", NULL, "SELECT 1; DROP TABLE students", 0, SONDE_ERROR_INVALID,
    "school.sqlite: the query holds more than one statement" },
  { "/engine/sqlite/error/empty-query", "school.sqlite", NULL, "  -- nothing\n", 0, SONDE_ERROR_INVALID,
    "school.sqlite: the query is empty" },
  { "/engine/sqlite/error/syntax", "school.sqlite", NULL, "SELECT name,\n       age\n  FORM students", 0, SONDE_ERROR_PARSE,
    "school.sqlite, query line 3, column 8: near \"students\": syntax error." },
  { "/engine/sqlite/error/no-such-column", "school.sqlite", NULL, "SELECT name, größe\nFROM students", 0, SONDE_ERROR_PARSE,
    "school.sqlite, query line 1, column 14: no such column: größe." },
  { "/engine/sqlite/error/unknown-table", "school.sqlite", "teachers", NULL, 0, SONDE_ERROR_INVALID,
    "school.sqlite has no table or view named “teachers”. Its tables are: “students”, “empty_table”, “log”, “adults”." },
  { "/engine/sqlite/error/not-a-database", "not-a-database.sqlite", NULL, NULL, 0, SONDE_ERROR_PARSE,
    "not-a-database.sqlite is not an SQLite database, or it is encrypted." },
  { "/engine/sqlite/error/no-tables", "../empty.csv", NULL, NULL, 0, SONDE_ERROR_EMPTY,
    "empty.csv is an SQLite database without any table." },
  { "/engine/sqlite/error/missing-file", "nowhere.sqlite", NULL, NULL, 0, G_IO_ERROR_NOT_FOUND,
    "nowhere.sqlite" },
};

static void
test_error_case (gconstpointer data)
{
  const ErrorCase *ec = data;
  GQuark domain;
  g_autoptr(SondeSqliteReader) reader = sonde_sqlite_reader_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SondeTable) table = NULL;

  sonde_sqlite_reader_set_table (reader, ec->table);
  if (ec->query != NULL)
    sonde_sqlite_reader_set_query (reader, ec->query);
  table = read_fixture (reader, ec->fixture, &error);
  g_assert_null (table);
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  domain = ec->domain != 0 ? ec->domain : SONDE_ERROR;
  g_assert_error (error, domain, ec->code);
  g_assert_nonnull (strstr (error->message, ec->message));
}

static void
test_not_a_database_bytes (void)
{
  g_autoptr(SondeSqliteReader) reader = sonde_sqlite_reader_new ();
  g_autoptr(GBytes) bytes = g_bytes_new_static ("name,age\nZoé,17\n", 17);
  g_autoptr(GError) error = NULL;
  g_autoptr(SondeTable) table = NULL;

  table = sonde_sqlite_reader_read_bytes (reader, bytes, "data.db", NULL, &error);
  g_assert_null (table);
  g_assert_error (error, SONDE_ERROR, SONDE_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "data.db is not an SQLite database"));
}

static char *
temp_db_path (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("sonde-sqlite-XXXXXX", &error);

  g_assert_no_error (error);
  return g_build_filename (dir, "out.sqlite", NULL);
}

static void
remove_temp_db (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);

  g_unlink (path);
  g_rmdir (dir);
}

static void
test_locked (void)
{
  g_autofree char *path = temp_db_path ();
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(SondeSqliteReader) reader = sonde_sqlite_reader_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SondeTable) table = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE t (x); BEGIN EXCLUSIVE; INSERT INTO t VALUES (1);", NULL, NULL, NULL), ==, SQLITE_OK);

  table = sonde_sqlite_reader_read_file (reader, file, NULL, &error);
  g_assert_null (table);
  g_assert_error (error, SONDE_ERROR, SONDE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "out.sqlite is locked by another program"));

  sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
  sqlite3_close (db);
  remove_temp_db (path);
}

/* A table with every column type, missing values included. */
static SondeTable *
make_table (void)
{
  SondeTable *table = sonde_table_new ("every type.csv");
  SondeColumn *col;
  gint32 day;

  col = sonde_column_new ("int", SONDE_COLUMN_TYPE_INTEGER);
  sonde_column_append_integer (col, G_MININT64);
  sonde_column_append_missing (col);
  sonde_column_append_integer (col, 42);
  sonde_column_append_integer (col, G_MAXINT64);
  g_assert_true (sonde_table_add_column (table, col, NULL));
  g_object_unref (col);

  col = sonde_column_new ("real value", SONDE_COLUMN_TYPE_REAL);
  sonde_column_append_real (col, 0.1);
  sonde_column_append_real (col, -1e300);
  sonde_column_append_real (col, 3.0);
  sonde_column_append_missing (col);
  g_assert_true (sonde_table_add_column (table, col, NULL));
  g_object_unref (col);

  col = sonde_column_new ("yes\"no", SONDE_COLUMN_TYPE_BOOLEAN);
  sonde_column_append_boolean (col, TRUE);
  sonde_column_append_boolean (col, FALSE);
  sonde_column_append_missing (col);
  sonde_column_append_boolean (col, TRUE);
  g_assert_true (sonde_table_add_column (table, col, NULL));
  g_object_unref (col);

  col = sonde_column_new ("town", SONDE_COLUMN_TYPE_CATEGORICAL);
  sonde_column_append_category (col, "Lyon", -1);
  sonde_column_append_category (col, "Lyon", -1);
  sonde_column_append_missing (col);
  sonde_column_append_category (col, "Lyon", -1);
  g_assert_true (sonde_table_add_column (table, col, NULL));
  g_object_unref (col);

  col = sonde_column_new ("note", SONDE_COLUMN_TYPE_TEXT);
  sonde_column_append_text (col, "007", -1);
  sonde_column_append_text (col, "l'été, \"quoted\"", -1);
  sonde_column_append_text (col, "12.5", -1);
  sonde_column_append_missing (col);
  g_assert_true (sonde_table_add_column (table, col, NULL));
  g_object_unref (col);

  col = sonde_column_new ("day", SONDE_COLUMN_TYPE_DATE);
  g_assert_true (sonde_date_from_ymd (2024, 2, 29, &day));
  sonde_column_append_date (col, day);
  sonde_column_append_missing (col);
  g_assert_true (sonde_date_from_ymd (1900, 1, 1, &day));
  sonde_column_append_date (col, day);
  g_assert_true (sonde_date_from_ymd (1970, 1, 1, &day));
  sonde_column_append_date (col, day);
  g_assert_true (sonde_table_add_column (table, col, NULL));
  g_object_unref (col);

  col = sonde_column_new ("when", SONDE_COLUMN_TYPE_DATETIME);
  sonde_column_append_datetime (col, 0);
  sonde_column_append_datetime (col, G_GINT64_CONSTANT (1704110400123456));
  sonde_column_append_missing (col);
  sonde_column_append_datetime (col, -G_USEC_PER_SEC);
  g_assert_true (sonde_table_add_column (table, col, NULL));
  g_object_unref (col);

  col = sonde_column_new ("empty", SONDE_COLUMN_TYPE_REAL);
  for (guint i = 0; i < 4; i++)
    sonde_column_append_missing (col);
  g_assert_true (sonde_table_add_column (table, col, NULL));
  g_object_unref (col);

  return table;
}

static void
assert_same_tables (SondeTable *a,
                    SondeTable *b)
{
  g_autofree char *names_a = sonde_test_describe (a, FALSE);
  g_autofree char *names_b = sonde_test_describe (b, FALSE);
  g_autofree char *types_a = sonde_test_describe (a, TRUE);
  g_autofree char *types_b = sonde_test_describe (b, TRUE);

  g_assert_cmpstr (names_b, ==, names_a);
  g_assert_cmpstr (types_b, ==, types_a);
  g_assert_cmpuint (sonde_table_get_n_rows (b), ==, sonde_table_get_n_rows (a));

  for (guint c = 0; c < sonde_table_get_n_columns (a); c++)
    {
      SondeColumn *ca = sonde_table_get_column (a, c);
      SondeColumn *cb = sonde_table_get_column (b, c);

      for (guint r = 0; r < sonde_table_get_n_rows (a); r++)
        {
          g_autofree char *va = sonde_column_format_value (ca, r);
          g_autofree char *vb = sonde_column_format_value (cb, r);

          g_test_message ("%s, row %u", sonde_column_get_name (ca), r);
          g_assert_cmpstr (vb, ==, va);
        }
    }
}

static void
test_round_trip (void)
{
  g_autofree char *path = temp_db_path ();
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(SondeTable) table = make_table ();
  g_autoptr(SondeSqliteWriter) writer = sonde_sqlite_writer_new ();
  g_autoptr(SondeSqliteReader) reader = sonde_sqlite_reader_new ();
  g_autoptr(SondeTable) back = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) tables = NULL;

  g_assert_true (sonde_sqlite_writer_write_file (writer, table, file, NULL, &error));
  g_assert_no_error (error);

  tables = sonde_sqlite_reader_list_tables (file, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tables[0], ==, "every_type");
  g_assert_null (tables[1]);

  back = sonde_sqlite_reader_read_file (reader, file, NULL, &error);
  g_assert_no_error (error);
  assert_same_tables (table, back);
  g_assert_cmpuint (sonde_sqlite_reader_get_warnings (reader)->len, ==, 0);

  remove_temp_db (path);
}

/* Read a workbook, write it, read it again: the same table. */
static void
test_round_trip_xlsx (void)
{
  g_autofree char *path = temp_db_path ();
  g_autofree char *xlsx = g_build_filename (FIXTURES_DIR, "xlsx", "types.xlsx", NULL);
  g_autoptr(GFile) xlsx_file = g_file_new_for_path (xlsx);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(SondeXlsxReader) xlsx_reader = sonde_xlsx_reader_new ();
  g_autoptr(SondeSqliteWriter) writer = sonde_sqlite_writer_new ();
  g_autoptr(SondeSqliteReader) reader = sonde_sqlite_reader_new ();
  g_autoptr(SondeTable) table = NULL;
  g_autoptr(SondeTable) back = NULL;
  g_autoptr(GError) error = NULL;

  table = sonde_xlsx_reader_read_file (xlsx_reader, xlsx_file, NULL, &error);
  g_assert_no_error (error);
  sonde_sqlite_writer_set_table_name (writer, "Students \"2024\"");
  g_assert_true (sonde_sqlite_writer_write_file (writer, table, file, NULL, &error));
  g_assert_no_error (error);

  sonde_sqlite_reader_set_table (reader, "Students \"2024\"");
  back = sonde_sqlite_reader_read_file (reader, file, NULL, &error);
  g_assert_no_error (error);
  assert_same_tables (table, back);

  remove_temp_db (path);
}

static void
test_replace (void)
{
  g_autofree char *path = temp_db_path ();
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(SondeTable) table = make_table ();
  g_autoptr(SondeTable) small = sonde_table_new ("every type");
  g_autoptr(SondeColumn) col = sonde_column_new ("only", SONDE_COLUMN_TYPE_INTEGER);
  g_autoptr(SondeSqliteWriter) writer = sonde_sqlite_writer_new ();
  g_autoptr(SondeSqliteReader) reader = sonde_sqlite_reader_new ();
  g_autoptr(SondeTable) back = NULL;
  g_autoptr(GError) error = NULL;

  sonde_column_append_integer (col, 7);
  g_assert_true (sonde_table_add_column (small, col, NULL));

  g_assert_true (sonde_sqlite_writer_write_file (writer, table, file, NULL, &error));
  g_assert_no_error (error);

  /* Same name, in another case: SQLite names ignore case. */
  sonde_sqlite_writer_set_table_name (writer, "EVERY_TYPE");
  g_assert_false (sonde_sqlite_writer_write_file (writer, small, file, NULL, &error));
  g_assert_error (error, SONDE_ERROR, SONDE_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "out.sqlite already has a table named “EVERY_TYPE”. Choose another name, or choose to replace it.");
  g_clear_error (&error);

  /* The failed write left the first table alone. */
  back = sonde_sqlite_reader_read_file (reader, file, NULL, &error);
  g_assert_no_error (error);
  assert_same_tables (table, back);
  g_clear_object (&back);

  sonde_sqlite_writer_set_replace (writer, TRUE);
  g_assert_true (sonde_sqlite_writer_write_file (writer, small, file, NULL, &error));
  g_assert_no_error (error);
  back = sonde_sqlite_reader_read_file (reader, file, NULL, &error);
  g_assert_no_error (error);
  assert_same_tables (small, back);

  remove_temp_db (path);
}

static void
test_cancelled_write (void)
{
  g_autofree char *path = temp_db_path ();
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(SondeTable) table = make_table ();
  g_autoptr(SondeSqliteWriter) writer = sonde_sqlite_writer_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) tables = NULL;

  g_cancellable_cancel (cancellable);
  g_assert_false (sonde_sqlite_writer_write_file (writer, table, file, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  /* Rolled back: no table. */
  tables = sonde_sqlite_reader_list_tables (file, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (tables), ==, 0);

  remove_temp_db (path);
}

typedef struct
{
  const char *name;
  const char *expected;
} NameCase;

static void
test_table_names (void)
{
  static const NameCase cases[] = {
    { "notes 2024.csv", "notes_2024" },
    { "2024.csv", "t_2024" },
    { "élèves.xlsx", "__l__ves" },
    { "sqlite_master", "t_sqlite_master" },
    { ".hidden", "_hidden" },
    { "", "data" },
    { NULL, "data" },
  };
  g_autoptr(SondeSqliteWriter) writer = sonde_sqlite_writer_new ();
  g_autoptr(SondeTable) table = make_table ();
  g_autofree char *path = temp_db_path ();
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = sonde_sqlite_writer_make_table_name (cases[i].name);

      g_assert_cmpstr (name, ==, cases[i].expected);
    }

  sonde_sqlite_writer_set_table_name (writer, "sqlite_stat1");
  g_assert_false (sonde_sqlite_writer_write_file (writer, table, file, NULL, &error));
  g_assert_error (error, SONDE_ERROR, SONDE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "“sqlite_stat1” cannot name a table"));

  remove_temp_db (path);
}

static void
test_cancelled_read (void)
{
  g_autoptr(SondeSqliteReader) reader = sonde_sqlite_reader_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *path = fixture_path ("school.sqlite");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(SondeTable) table = NULL;

  g_cancellable_cancel (cancellable);
  table = sonde_sqlite_reader_read_file (reader, file, cancellable, &error);
  g_assert_null (table);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
read_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  SondeTable **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = sonde_sqlite_reader_read_file_finish (SONDE_SQLITE_READER (source), result, &error);
  g_assert_no_error (error);
}

static void
progress_cb (double   fraction,
             gpointer user_data)
{
  GArray *seen = user_data;

  g_array_append_val (seen, fraction);
}

static void
test_async (void)
{
  g_autoptr(SondeSqliteReader) reader = sonde_sqlite_reader_new ();
  g_autoptr(GArray) seen = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *path = fixture_path ("school.sqlite");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  SondeTable *table = NULL;

  sonde_sqlite_reader_set_progress_func (reader, progress_cb, g_array_ref (seen), (GDestroyNotify) g_array_unref);
  sonde_sqlite_reader_set_table (reader, "adults");
  sonde_sqlite_reader_read_file_async (reader, file, NULL, read_done_cb, &table);
  while (table == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpuint (sonde_table_get_n_rows (table), ==, 2);
  g_assert_finalize_object (table);
  g_assert_cmpuint (seen->len, >=, 2);
  g_assert_cmpfloat (g_array_index (seen, double, 0), ==, 0.0);
  g_assert_cmpfloat (g_array_index (seen, double, seen->len - 1), ==, 1.0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/engine/sqlite/list-tables", test_list_tables);
  for (guint i = 0; i < G_N_ELEMENTS (read_cases); i++)
    g_test_add_data_func (read_cases[i].path, &read_cases[i], test_read_case);
  g_test_add_func ("/engine/sqlite/cells", test_cells);
  g_test_add_func ("/engine/sqlite/read-bytes", test_read_bytes);
  for (guint i = 0; i < G_N_ELEMENTS (error_cases); i++)
    {
      if (error_cases[i].code == G_IO_ERROR_NOT_FOUND && error_cases[i].domain == 0)
        error_cases[i].domain = G_IO_ERROR;
      g_test_add_data_func (error_cases[i].path, &error_cases[i], test_error_case);
    }
  g_test_add_func ("/engine/sqlite/error/not-a-database-bytes", test_not_a_database_bytes);
  g_test_add_func ("/engine/sqlite/error/locked", test_locked);
  g_test_add_func ("/engine/sqlite/cancelled-read", test_cancelled_read);
  g_test_add_func ("/engine/sqlite/async", test_async);
  g_test_add_func ("/engine/sqlite/round-trip", test_round_trip);
  g_test_add_func ("/engine/sqlite/round-trip-xlsx", test_round_trip_xlsx);
  g_test_add_func ("/engine/sqlite/replace", test_replace);
  g_test_add_func ("/engine/sqlite/cancelled-write", test_cancelled_write);
  g_test_add_func ("/engine/sqlite/table-names", test_table_names);

  return g_test_run ();
}
