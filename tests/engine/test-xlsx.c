/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-xlsx"

/* Tests of SondeXlsxReader over the workbooks in fixtures/xlsx/, which
 * make-fixtures.py writes by hand from SpreadsheetML parts: one table of
 * shapes and inferred types, one table of cell values, one table of
 * errors, then single behaviours (choosing a sheet, listing sheets,
 * warnings, progress, cancellation, the async API).
 *
 * Expected dates were worked out from Excel's serial numbers with
 * Python: `datetime.date(1899, 12, 30) + timedelta(days=serial)` for
 * serials above 60, `date(1904, 1, 1) + timedelta(days=serial)` in the
 * 1904 system.
 */

#include "config.h"

#include <string.h>

#include "sonde-engine.h"
#include "test-util.h"

static char *
fixture_path (const char *name)
{
  return g_build_filename (FIXTURES_DIR, "xlsx", name, NULL);
}

static SondeTable *
read_fixture (SondeXlsxReader  *reader,
              const char       *name,
              GError          **error)
{
  g_autofree char *path = fixture_path (name);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  return sonde_xlsx_reader_read_file (reader, file, NULL, error);
}

typedef struct
{
  const char *path;
  const char *fixture;
  const char *sheet;
  guint       n_rows;
  gboolean    header;
  guint       n_warnings;
  const char *names;
  const char *types;
} ReadCase;

static const ReadCase read_cases[] = {
  { "/engine/xlsx/types", "types.xlsx", NULL, 4, TRUE, 1,
    "name,age,height,born,seen,passed,town,note",
    "text,integer,real,date,datetime,boolean,categorical,text" },
  { "/engine/xlsx/second-sheet", "types.xlsx", "Notes", 2, TRUE, 0,
    "topic,passed", "text,real" },
  { "/engine/xlsx/gaps", "gaps.xlsx", NULL, 6, TRUE, 0,
    "x,y,z", "integer,categorical,integer" },
  { "/engine/xlsx/dates-1904", "dates-1904.xlsx", NULL, 2, TRUE, 0,
    "day,when", "date,datetime" },
  { "/engine/xlsx/duplicate-headers", "duplicate-headers.xlsx", NULL, 1, TRUE, 3,
    "age,column_2,age_2,name,column_5", "integer,integer,integer,categorical,categorical" },
  { "/engine/xlsx/header-only", "header-only.xlsx", NULL, 0, TRUE, 0,
    "a,b,c", "text,text,text" },
  { "/engine/xlsx/no-header", "no-header.xlsx", NULL, 2, FALSE, 0,
    "column_1,column_2", "integer,real" },
  { "/engine/xlsx/bad-date", "bad-date.xlsx", NULL, 2, TRUE, 1,
    "day", "date" },
};

static void
test_read_case (gconstpointer data)
{
  const ReadCase *rc = data;
  g_autoptr(SondeXlsxReader) reader = sonde_xlsx_reader_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SondeTable) table = NULL;
  g_autofree char *names = NULL;
  g_autofree char *types = NULL;

  sonde_xlsx_reader_set_sheet (reader, rc->sheet);
  table = read_fixture (reader, rc->fixture, &error);
  g_assert_no_error (error);
  g_assert_nonnull (table);

  names = sonde_test_describe (table, FALSE);
  types = sonde_test_describe (table, TRUE);
  g_assert_cmpstr (names, ==, rc->names);
  g_assert_cmpstr (types, ==, rc->types);
  g_assert_cmpuint (sonde_table_get_n_rows (table), ==, rc->n_rows);
  g_assert_cmpint (sonde_xlsx_reader_get_detected_header (reader), ==, rc->header);
  g_assert_cmpuint (sonde_xlsx_reader_get_warnings (reader)->len, ==, rc->n_warnings);
  g_assert_cmpstr (sonde_table_get_name (table), ==, rc->fixture);
  g_assert_true (g_str_has_suffix (sonde_table_get_source (table), rc->fixture));

  g_assert_finalize_object (g_steal_pointer (&table));
}

/* Expected values, cell by cell, as formatted by the column. */
typedef struct
{
  const char *fixture;
  const char *sheet;
  const char *column;
  guint       row;
  const char *value;   /* NULL: missing */
} CellCase;

static const CellCase cell_cases[] = {
  { "types.xlsx", NULL, "name", 0, "Zoé" },
  /* rich text runs joined, the phonetic guide left out */
  { "types.xlsx", NULL, "name", 1, "Marc Dupont" },
  { "types.xlsx", NULL, "name", 3, "Léo" },
  { "types.xlsx", NULL, "age", 2, "-3" },
  { "types.xlsx", NULL, "height", 0, "1.62" },
  { "types.xlsx", NULL, "height", 1, "1.7" },
  { "types.xlsx", NULL, "height", 2, "2" },
  /* built-in format 14 */
  { "types.xlsx", NULL, "born", 0, "2024-01-01" },
  /* custom format dd/mm/yyyy, in a leap year */
  { "types.xlsx", NULL, "born", 1, "2024-02-29" },
  /* serials 1 and 59, before Excel's 29 February 1900 */
  { "types.xlsx", NULL, "born", 2, "1900-01-01" },
  { "types.xlsx", NULL, "born", 3, "1900-02-28" },
  /* built-in format 22 */
  { "types.xlsx", NULL, "seen", 0, "2024-01-01T12:00:00Z" },
  /* custom format yyyy-mm-dd hh:mm:ss */
  { "types.xlsx", NULL, "seen", 1, "2024-02-29T18:00:00Z" },
  /* serial 61, after the day that never was */
  { "types.xlsx", NULL, "seen", 2, "1900-03-01T00:00:00Z" },
  { "types.xlsx", NULL, "seen", 3, "1899-12-31T06:00:00Z" },
  { "types.xlsx", NULL, "passed", 0, "true" },
  { "types.xlsx", NULL, "passed", 1, "false" },
  { "types.xlsx", NULL, "town", 2, "Lyon" },
  { "types.xlsx", NULL, "note", 0, "first & only" },
  { "types.xlsx", NULL, "note", 1, "inline text" },
  /* a formula's cached text */
  { "types.xlsx", NULL, "note", 2, "ab" },
  /* #DIV/0! */
  { "types.xlsx", NULL, "note", 3, NULL },
  /* numbers whose custom formats have d in quotes and in brackets */
  { "types.xlsx", "Notes", "passed", 0, "12" },
  { "types.xlsx", "Notes", "passed", 1, "12.5" },
  { "types.xlsx", "Notes", "topic", 1, "Geometry" },
  { "gaps.xlsx", NULL, "x", 0, "1" },
  { "gaps.xlsx", NULL, "x", 1, NULL },
  { "gaps.xlsx", NULL, "x", 2, "3" },
  { "gaps.xlsx", NULL, "x", 3, "4" },
  { "gaps.xlsx", NULL, "x", 4, NULL },
  { "gaps.xlsx", NULL, "x", 5, "5" },
  { "gaps.xlsx", NULL, "y", 0, NULL },
  { "gaps.xlsx", NULL, "y", 3, "a" },
  /* a formula without a cached value */
  { "gaps.xlsx", NULL, "y", 5, NULL },
  { "gaps.xlsx", NULL, "z", 0, "10" },
  { "gaps.xlsx", NULL, "z", 3, "40" },
  { "gaps.xlsx", NULL, "z", 5, NULL },
  { "dates-1904.xlsx", NULL, "day", 0, "1904-01-01" },
  { "dates-1904.xlsx", NULL, "day", 1, "2024-01-01" },
  { "dates-1904.xlsx", NULL, "when", 0, "2024-01-01T12:00:00Z" },
  { "dates-1904.xlsx", NULL, "when", 1, "1904-01-02T00:00:00Z" },
  { "duplicate-headers.xlsx", NULL, "age_2", 0, "3" },
  { "duplicate-headers.xlsx", NULL, "column_5", 0, "y" },
  { "no-header.xlsx", NULL, "column_1", 0, "1" },
  { "no-header.xlsx", NULL, "column_2", 1, "4.5" },
  { "bad-date.xlsx", NULL, "day", 0, NULL },
  { "bad-date.xlsx", NULL, "day", 1, "1900-03-01" },
};

static void
test_cells (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (cell_cases); i++)
    {
      const CellCase *cc = &cell_cases[i];
      g_autoptr(SondeXlsxReader) reader = sonde_xlsx_reader_new ();
      g_autoptr(GError) error = NULL;
      g_autoptr(SondeTable) table = NULL;
      g_autofree char *value = NULL;
      SondeColumn *col;

      g_test_message ("%s, %s, row %u", cc->fixture, cc->column, cc->row);
      sonde_xlsx_reader_set_sheet (reader, cc->sheet);
      table = read_fixture (reader, cc->fixture, &error);
      g_assert_no_error (error);
      col = sonde_table_find_column (table, cc->column);
      g_assert_nonnull (col);
      value = sonde_column_format_value (col, cc->row);
      g_assert_cmpstr (value, ==, cc->value);
    }
}

typedef struct
{
  const char *path;
  const char *fixture;
  const char *sheet;
  int         code;
  const char *message;   /* a part of the message */
} ErrorCase;

static const ErrorCase error_cases[] = {
  { "/engine/xlsx/error/broken-zip", "broken-zip.xlsx", NULL, SONDE_ERROR_PARSE,
    "broken-zip.xlsx cannot be read as an Excel workbook: its zip archive is damaged" },
  { "/engine/xlsx/error/no-workbook", "no-workbook.xlsx", NULL, SONDE_ERROR_PARSE,
    "no-workbook.xlsx is a zip archive but not an Excel workbook: it has no “xl/workbook.xml” part" },
  { "/engine/xlsx/error/malformed", "malformed.xlsx", NULL, SONDE_ERROR_PARSE,
    "malformed.xlsx: the part “xl/worksheets/sheet1.xml” of the workbook is damaged, line 6: expected '>'" },
  { "/engine/xlsx/error/csv-named", "csv-named.xlsx", NULL, SONDE_ERROR_PARSE,
    "csv-named.xlsx is not an Excel workbook but a text file. If it holds comma- or semicolon-separated values, import it as CSV." },
  { "/engine/xlsx/error/old-format", "old-format.xlsx", NULL, SONDE_ERROR_PARSE,
    "old-format.xlsx is an old Excel file (.xls) or a workbook protected by a password; Sonde reads neither" },
  { "/engine/xlsx/error/unknown-sheet", "types.xlsx", "Marks", SONDE_ERROR_INVALID,
    "types.xlsx has no sheet named “Marks”. Its sheets are: “Students”, “Notes”." },
  { "/engine/xlsx/error/too-wide", "too-wide.xlsx", NULL, SONDE_ERROR_TOO_LARGE,
    "too-wide.xlsx, sheet “Wide”: the cell XFE2 lies beyond the last row (1048576) or column (XFD)" },
  { "/engine/xlsx/error/stray-cell", "stray-cell.xlsx", NULL, SONDE_ERROR_TOO_LARGE,
    "stray-cell.xlsx, sheet “Stray”: its cells spread from A1 to XFD1048576 but only 2 of them hold a value." },
  { "/engine/xlsx/error/bomb", "bomb.xlsx", NULL, SONDE_ERROR_TOO_LARGE,
    "bomb.xlsx: the part “xl/worksheets/sheet1.xml” of the workbook unpacks to 3.1" },
  { "/engine/xlsx/error/empty-file", "../empty.csv", NULL, SONDE_ERROR_PARSE,
    "empty.csv is not an Excel workbook (.xlsx): it is not a zip archive" },
};

static void
test_error_case (gconstpointer data)
{
  const ErrorCase *ec = data;
  g_autoptr(SondeXlsxReader) reader = sonde_xlsx_reader_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SondeTable) table = NULL;

  sonde_xlsx_reader_set_sheet (reader, ec->sheet);
  table = read_fixture (reader, ec->fixture, &error);
  g_assert_null (table);
  g_assert_error (error, SONDE_ERROR, ec->code);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, ec->message));
}

static GBytes *
load_fixture_bytes (const char *name)
{
  g_autofree char *path = fixture_path (name);
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  return g_bytes_new_take (g_steal_pointer (&contents), length);
}

static void
test_read_bytes (void)
{
  g_autoptr(SondeXlsxReader) reader = sonde_xlsx_reader_new ();
  g_autoptr(GBytes) bytes = load_fixture_bytes ("header-only.xlsx");
  g_autoptr(GError) error = NULL;
  g_autoptr(SondeTable) table = NULL;

  table = sonde_xlsx_reader_read_bytes (reader, bytes, "memory.xlsx", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sonde_table_get_name (table), ==, "memory.xlsx");
  g_assert_cmpuint (sonde_table_get_n_columns (table), ==, 3);
  g_assert_null (sonde_table_get_source (table));
}

static void
test_list_sheets (void)
{
  g_autofree char *path = fixture_path ("types.xlsx");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = NULL;

  names = sonde_xlsx_reader_list_sheets (file, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (names), ==, 2);
  g_assert_cmpstr (names[0], ==, "Students");
  g_assert_cmpstr (names[1], ==, "Notes");
  g_clear_pointer (&names, g_strfreev);

  g_free (path);
  path = fixture_path ("csv-named.xlsx");
  g_clear_object (&file);
  file = g_file_new_for_path (path);
  names = sonde_xlsx_reader_list_sheets (file, NULL, &error);
  g_assert_null (names);
  g_assert_error (error, SONDE_ERROR, SONDE_ERROR_PARSE);
}

static void
test_warnings (void)
{
  g_autoptr(SondeXlsxReader) reader = sonde_xlsx_reader_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SondeTable) table = NULL;
  GPtrArray *warnings;
  const SondeXlsxWarning *w;

  table = read_fixture (reader, "duplicate-headers.xlsx", &error);
  g_assert_no_error (error);
  warnings = sonde_xlsx_reader_get_warnings (reader);
  g_assert_cmpuint (warnings->len, ==, 3);
  w = g_ptr_array_index (warnings, 0);
  g_assert_cmpint (w->kind, ==, SONDE_XLSX_WARNING_RENAMED_COLUMN);
  g_assert_cmpuint (w->row, ==, 1);
  g_assert_cmpuint (w->column, ==, 3);
  g_assert_cmpstr (w->message, ==, "duplicate-headers.xlsx, sheet “Sheet1”, row 1: columns A and C are both named “age”; column C was renamed “age_2”.");
  w = g_ptr_array_index (warnings, 1);
  g_assert_cmpstr (w->message, ==, "duplicate-headers.xlsx, sheet “Sheet1”, row 1: column B has no name; it was named “column_2”.");
  w = g_ptr_array_index (warnings, 2);
  g_assert_cmpuint (w->column, ==, 5);
  g_clear_object (&table);

  table = read_fixture (reader, "types.xlsx", &error);
  g_assert_no_error (error);
  warnings = sonde_xlsx_reader_get_warnings (reader);
  g_assert_cmpuint (warnings->len, ==, 1);
  w = g_ptr_array_index (warnings, 0);
  g_assert_cmpint (w->kind, ==, SONDE_XLSX_WARNING_ERROR_VALUE);
  g_assert_cmpuint (w->row, ==, 5);
  g_assert_cmpuint (w->column, ==, 8);
  g_assert_cmpstr (w->message, ==, "types.xlsx, sheet “Students”, cell H5: the formula gives the error #DIV/0!; it was read as a missing value.");
  g_clear_object (&table);

  table = read_fixture (reader, "bad-date.xlsx", &error);
  g_assert_no_error (error);
  warnings = sonde_xlsx_reader_get_warnings (reader);
  g_assert_cmpuint (warnings->len, ==, 1);
  w = g_ptr_array_index (warnings, 0);
  g_assert_cmpint (w->kind, ==, SONDE_XLSX_WARNING_INVALID_DATE);
  g_assert_nonnull (strstr (w->message, "bad-date.xlsx, sheet “Dates”, cell A2: 60 is not a valid date"));
}

static void
progress_cb (double   fraction,
             gpointer user_data)
{
  GArray *seen = user_data;

  g_array_append_val (seen, fraction);
}

static void
test_progress (void)
{
  g_autoptr(SondeXlsxReader) reader = sonde_xlsx_reader_new ();
  g_autoptr(GArray) seen = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GError) error = NULL;
  g_autoptr(SondeTable) table = NULL;

  sonde_xlsx_reader_set_progress_func (reader, progress_cb, g_array_ref (seen), (GDestroyNotify) g_array_unref);
  table = read_fixture (reader, "types.xlsx", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (seen->len, >=, 2);
  g_assert_cmpfloat (g_array_index (seen, double, 0), ==, 0.0);
  g_assert_cmpfloat (g_array_index (seen, double, seen->len - 1), ==, 1.0);
  for (guint i = 1; i < seen->len; i++)
    g_assert_cmpfloat (g_array_index (seen, double, i), >=, g_array_index (seen, double, i - 1));
}

static void
test_cancelled (void)
{
  g_autoptr(SondeXlsxReader) reader = sonde_xlsx_reader_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *path = fixture_path ("types.xlsx");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(SondeTable) table = NULL;

  g_cancellable_cancel (cancellable);
  table = sonde_xlsx_reader_read_file (reader, file, cancellable, &error);
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

  *out = sonde_xlsx_reader_read_file_finish (SONDE_XLSX_READER (source), result, &error);
  g_assert_no_error (error);
}

static void
test_async (void)
{
  g_autoptr(SondeXlsxReader) reader = sonde_xlsx_reader_new ();
  g_autofree char *path = fixture_path ("types.xlsx");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  SondeTable *table = NULL;

  sonde_xlsx_reader_set_sheet (reader, "Notes");
  sonde_xlsx_reader_read_file_async (reader, file, NULL, read_done_cb, &table);
  while (table == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpuint (sonde_table_get_n_rows (table), ==, 2);
  g_assert_cmpstr (sonde_column_get_name (sonde_table_get_column (table, 0)), ==, "topic");
  g_assert_finalize_object (table);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (read_cases); i++)
    g_test_add_data_func (read_cases[i].path, &read_cases[i], test_read_case);
  g_test_add_func ("/engine/xlsx/cells", test_cells);
  for (guint i = 0; i < G_N_ELEMENTS (error_cases); i++)
    g_test_add_data_func (error_cases[i].path, &error_cases[i], test_error_case);
  g_test_add_func ("/engine/xlsx/read-bytes", test_read_bytes);
  g_test_add_func ("/engine/xlsx/list-sheets", test_list_sheets);
  g_test_add_func ("/engine/xlsx/warnings", test_warnings);
  g_test_add_func ("/engine/xlsx/progress", test_progress);
  g_test_add_func ("/engine/xlsx/cancelled", test_cancelled);
  g_test_add_func ("/engine/xlsx/async", test_async);

  return g_test_run ();
}
