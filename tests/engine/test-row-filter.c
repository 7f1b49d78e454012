/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-row-filter"

/* Tests of what the Data pane asks of the engine: row filters on each
 * column type (and their errors), find with wrap-around in both
 * directions, changing a column's type, renaming a column, and copying a
 * table without sharing data.
 */

#include "config.h"

#include <locale.h>
#include <string.h>

#include "sonde-engine.h"
#include "test-util.h"

/* The table is sonde_test_make_people (): name (text), age (integer, one
 * missing), height (real), city (categorical), member (boolean), joined
 * (date). */

/* The filtered rows as "0,3,4". */
static char *
filter_rows (SondeTable          *table,
             const char          *column,
             SondeFilterOperator  op,
             const char          *operand)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SondeRowFilter) filter = NULL;
  g_autoptr(SondeSelection) all = sonde_selection_new_all (table);
  g_autoptr(SondeSelection) kept = NULL;
  g_autoptr(GString) out = g_string_new (NULL);

  filter = sonde_row_filter_new (table, sonde_table_find_column_index (table, column), op, operand, &error);
  g_assert_no_error (error);
  kept = sonde_row_filter_apply (filter, all);
  for (guint i = 0; i < sonde_selection_get_n_rows (kept); i++)
    g_string_append_printf (out, "%s%u", i ? "," : "", sonde_selection_get_row (kept, i));

  return g_string_free (g_steal_pointer (&out), FALSE);
}

#define assert_filter(table, col, op, operand, expected) \
  G_STMT_START { \
    g_autofree char *got_ = filter_rows (table, col, op, operand); \
    g_assert_cmpstr (got_, ==, expected); \
  } G_STMT_END

static void
test_filter_numbers (void)
{
  g_autoptr(SondeTable) table = sonde_test_make_people ();

  assert_filter (table, "age", SONDE_FILTER_EQUAL, "38", "0,4");
  /* A missing age meets neither "= 38" nor "≠ 38". */
  assert_filter (table, "age", SONDE_FILTER_NOT_EQUAL, "38", "1,3");
  assert_filter (table, "age", SONDE_FILTER_GREATER, "20", "0,3,4");
  assert_filter (table, "age", SONDE_FILTER_LESS_EQUAL, " 17 ", "1");
  assert_filter (table, "age", SONDE_FILTER_IS_MISSING, NULL, "2");
  assert_filter (table, "age", SONDE_FILTER_IS_NOT_MISSING, NULL, "0,1,3,4");
  /* A decimal comma, as typed in French. */
  assert_filter (table, "height", SONDE_FILTER_GREATER_EQUAL, "1,70", "1,2,3");
  assert_filter (table, "height", SONDE_FILTER_LESS, "1.6", "4");
  assert_filter (table, "age", SONDE_FILTER_CONTAINS, "8", "0,4");
}

static void
test_filter_other_types (void)
{
  g_autoptr(SondeTable) table = sonde_test_make_people ();

  assert_filter (table, "city", SONDE_FILTER_EQUAL, "Lyon", "0,2");
  assert_filter (table, "city", SONDE_FILTER_NOT_EQUAL, "Lyon", "1,3,4");
  assert_filter (table, "city", SONDE_FILTER_EQUAL, "Marseille", "");
  assert_filter (table, "city", SONDE_FILTER_CONTAINS, "PAR", "1,4");
  assert_filter (table, "city", SONDE_FILTER_LESS, "M", "0,2,3");
  assert_filter (table, "name", SONDE_FILTER_CONTAINS, "élo", "4");
  assert_filter (table, "name", SONDE_FILTER_CONTAINS, "LO", "2,4");
  assert_filter (table, "name", SONDE_FILTER_EQUAL, "Bob", "1");
  assert_filter (table, "member", SONDE_FILTER_EQUAL, "oui", "0,2,4");
  assert_filter (table, "member", SONDE_FILTER_EQUAL, "false", "1,3");
  assert_filter (table, "joined", SONDE_FILTER_GREATER_EQUAL, "2021-06-01", "1,3,4");
  assert_filter (table, "joined", SONDE_FILTER_LESS, "01/01/2020", "2");
  assert_filter (table, "joined", SONDE_FILTER_CONTAINS, "2021", "1,4");
}

static void
test_filter_errors (void)
{
  g_autoptr(SondeTable) table = sonde_test_make_people ();
  struct { const char *column; SondeFilterOperator op; const char *operand; const char *says; } cases[] = {
    { "age", SONDE_FILTER_GREATER, "thirty", "“thirty” is not a number, and the column “age” holds numbers" },
    { "age", SONDE_FILTER_GREATER, "", "Type a value to compare “age” with." },
    { "age", SONDE_FILTER_EQUAL, "  ", "or choose “is missing”" },
    { "member", SONDE_FILTER_EQUAL, "maybe", "“maybe” is neither yes nor no" },
    { "joined", SONDE_FILTER_LESS, "31/02/2020", "“31/02/2020” is not a date" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SondeRowFilter) filter = NULL;

      filter = sonde_row_filter_new (table, sonde_table_find_column_index (table, cases[i].column),
                                     cases[i].op, cases[i].operand, &error);
      g_assert_null (filter);
      g_assert_error (error, SONDE_ERROR, SONDE_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, cases[i].says));
    }
}

static void
test_filter_describe (void)
{
  g_autoptr(SondeTable) table = sonde_test_make_people ();
  g_autoptr(SondeRowFilter) a = sonde_row_filter_new (table, 1, SONDE_FILTER_GREATER, "30", NULL);
  g_autoptr(SondeRowFilter) b = sonde_row_filter_new (table, 1, SONDE_FILTER_IS_MISSING, NULL, NULL);
  g_autofree char *da = sonde_row_filter_describe (a);
  g_autofree char *db = sonde_row_filter_describe (b);

  g_assert_cmpstr (da, ==, "age is greater than 30");
  g_assert_cmpstr (db, ==, "age is missing");
}

static void
test_find (void)
{
  g_autoptr(SondeTable) table = sonde_test_make_people ();
  g_autoptr(SondeSelection) all = sonde_selection_new_all (table);
  guint pos = 99, col = 99;

  /* From the first cell, forwards in reading order: "Lyon" in row 0. */
  g_assert_true (sonde_selection_find (all, "lyon", -1, 0, 0, FALSE, NULL, &pos, &col));
  g_assert_cmpuint (pos, ==, 0);
  g_assert_cmpuint (col, ==, 3);
  /* Again from there: the next one, row 2. */
  g_assert_true (sonde_selection_find (all, "lyon", -1, pos, col, FALSE, NULL, &pos, &col));
  g_assert_cmpuint (pos, ==, 2);
  /* And again wraps around to row 0. */
  g_assert_true (sonde_selection_find (all, "lyon", -1, pos, col, FALSE, NULL, &pos, &col));
  g_assert_cmpuint (pos, ==, 0);
  /* Backwards from row 0 wraps to the last match. */
  g_assert_true (sonde_selection_find (all, "LYON", -1, 0, 3, TRUE, NULL, &pos, &col));
  g_assert_cmpuint (pos, ==, 2);
  /* Numbers match their shown text; one column only. */
  g_assert_true (sonde_selection_find (all, "52", 1, 0, 0, FALSE, NULL, &pos, &col));
  g_assert_cmpuint (pos, ==, 3);
  g_assert_cmpuint (col, ==, 1);
  g_assert_true (sonde_selection_find (all, "chloé", -1, 0, 0, FALSE, NULL, &pos, &col));
  g_assert_cmpuint (pos, ==, 2);
  g_assert_cmpuint (col, ==, 0);
  g_assert_true (sonde_selection_find (all, "2019-12", -1, 0, 0, FALSE, NULL, &pos, &col));
  g_assert_cmpuint (col, ==, 5);
  g_assert_true (sonde_selection_find (all, "true", 4, 0, 4, FALSE, NULL, &pos, &col));
  g_assert_cmpuint (pos, ==, 2);
  g_assert_false (sonde_selection_find (all, "Marseille", -1, 0, 0, FALSE, NULL, &pos, &col));
}

static void
test_find_sorted_and_cancelled (void)
{
  g_autoptr(SondeTable) table = sonde_test_make_people ();
  g_autoptr(SondeSelection) all = sonde_selection_new_all (table);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  guint pos, col;

  /* Positions are in the shown order, not the table's. */
  g_assert_true (sonde_selection_sort (all, sonde_table_get_column (table, 2), TRUE, NULL));
  g_assert_true (sonde_selection_find (all, "Bob", 0, 0, 0, FALSE, NULL, &pos, &col));
  g_assert_cmpuint (pos, ==, 0);
  g_cancellable_cancel (cancellable);
  /* Small searches finish before they look at the cancellable; what
   * matters is that a cancelled search never reports a wrong cell. */
  if (sonde_selection_find (all, "Bob", 0, 0, 0, FALSE, cancellable, &pos, &col))
    g_assert_cmpuint (pos, ==, 0);
}

static void
test_convert (void)
{
  g_autoptr(SondeTable) table = sonde_test_make_people ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SondeColumn) as_text = NULL;
  g_autoptr(SondeColumn) back = NULL;
  g_autoptr(SondeColumn) height_int = NULL;
  g_autoptr(SondeColumn) names_int = NULL;
  g_autoptr(SondeColumn) dt = NULL;
  g_autofree char *first = NULL;
  g_autofree char *v = NULL;
  guint failed = 99;

  as_text = sonde_column_convert (sonde_table_get_column (table, 1), SONDE_COLUMN_TYPE_TEXT, &failed, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (failed, ==, 0);
  g_assert_cmpstr (sonde_column_get_text (as_text, 3), ==, "52");
  g_assert_true (sonde_column_is_missing (as_text, 2));

  back = sonde_column_convert (as_text, SONDE_COLUMN_TYPE_INTEGER, &failed, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sonde_column_get_integer (back, 0), ==, 38);
  g_assert_cmpuint (sonde_column_get_n_missing (back), ==, 1);

  /* 1.62 is not an integer: every height fails, so it is refused. */
  height_int = sonde_column_convert (sonde_table_get_column (table, 2), SONDE_COLUMN_TYPE_INTEGER, &failed, &first, &error);
  g_assert_null (height_int);
  g_assert_error (error, SONDE_ERROR, SONDE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "None of the 5 values of “height” can be read as integer; the first is row 1: “1.62”"));
  g_clear_error (&error);

  /* Some fail: they become missing and are counted. */
  {
    g_autoptr(SondeColumn) mixed = sonde_column_new ("mixed", SONDE_COLUMN_TYPE_TEXT);
    sonde_column_append_text (mixed, "12", -1);
    sonde_column_append_text (mixed, "douze", -1);
    sonde_column_append_text (mixed, " 3,5 ", -1);
    names_int = sonde_column_convert (mixed, SONDE_COLUMN_TYPE_REAL, &failed, &first, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (failed, ==, 1);
    g_assert_cmpstr (first, ==, "row 2: “douze”");
    g_assert_true (sonde_column_is_missing (names_int, 1));
    g_assert_cmpfloat (sonde_column_get_real (names_int, 2), ==, 3.5);
  }

  dt = sonde_column_convert (sonde_table_get_column (table, 5), SONDE_COLUMN_TYPE_DATETIME, &failed, NULL, &error);
  g_assert_no_error (error);
  v = sonde_column_format_value (dt, 0);
  g_assert_true (g_str_has_prefix (v, "2020-01-15"));
}

static void
test_rename_and_copy (void)
{
  g_autoptr(SondeTable) table = sonde_test_make_people ();
  g_autoptr(SondeTable) copy = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SondeColumn) city_text = NULL;

  g_assert_false (sonde_table_rename_column (table, 1, "height", &error));
  g_assert_error (error, SONDE_ERROR, SONDE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (sonde_table_rename_column (table, 1, "   ", &error));
  g_assert_error (error, SONDE_ERROR, SONDE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (sonde_table_rename_column (table, 1, " âge ", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (sonde_column_get_name (sonde_table_get_column (table, 1)), ==, "âge");

  copy = sonde_table_copy (table, "people (copy)");
  g_assert_cmpstr (sonde_table_get_name (copy), ==, "people (copy)");
  g_assert_true (sonde_column_get_n_categories (sonde_table_get_column (copy, 3)) == 3);
  {
    g_autofree char *a = sonde_test_describe (table, TRUE);
    g_autofree char *b = sonde_test_describe (copy, TRUE);
    g_assert_cmpstr (a, ==, b);
  }

  /* Changing the original's column leaves the copy alone. */
  city_text = sonde_column_convert (sonde_table_get_column (table, 3), SONDE_COLUMN_TYPE_TEXT, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (sonde_table_replace_column (table, 3, city_text, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sonde_column_get_column_type (sonde_table_get_column (table, 3)), ==, SONDE_COLUMN_TYPE_TEXT);
  g_assert_cmpint (sonde_column_get_column_type (sonde_table_get_column (copy, 3)), ==, SONDE_COLUMN_TYPE_CATEGORICAL);
  sonde_column_set_name (sonde_table_get_column (copy, 0), "nom");
  g_assert_cmpstr (sonde_column_get_name (sonde_table_get_column (table, 0)), ==, "name");
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_setenv ("LANGUAGE", "en", TRUE);
  g_test_init (&argc, &argv, NULL);
  sonde_engine_init ();

  g_test_add_func ("/row-filter/numbers", test_filter_numbers);
  g_test_add_func ("/row-filter/other-types", test_filter_other_types);
  g_test_add_func ("/row-filter/errors", test_filter_errors);
  g_test_add_func ("/row-filter/describe", test_filter_describe);
  g_test_add_func ("/row-filter/find", test_find);
  g_test_add_func ("/row-filter/find-sorted", test_find_sorted_and_cancelled);
  g_test_add_func ("/column/convert", test_convert);
  g_test_add_func ("/table/rename-and-copy", test_rename_and_copy);

  return g_test_run ();
}
