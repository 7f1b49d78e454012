/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-query"

/* Tests of SondeQuery: SQL on tables in memory through the "sonde"
 * virtual table. Every column type reaches SQL as documented (dates as
 * ISO text, booleans 0/1, missing NULL) and comes back with its type;
 * joins of two tables; anything but reading is refused; syntax errors
 * give their line and column; a cancelled query stops; the snapshot does
 * not see later changes. Messages in English (LANGUAGE=C).
 */

#include "config.h"

#include <string.h>

#include "sonde-engine.h"
#include "test-util.h"

/* Every cell, formatted, rows on lines; missing as "NA". */
static char *
dump (SondeTable *table)
{
  GString *out = g_string_new (NULL);

  for (guint r = 0; r < sonde_table_get_n_rows (table); r++)
    {
      for (guint c = 0; c < sonde_table_get_n_columns (table); c++)
        {
          SondeColumn *column = sonde_table_get_column (table, c);
          g_autofree char *value = sonde_column_is_missing (column, r) ? g_strdup ("NA")
                                                                       : sonde_column_format_value (column, r);

          g_string_append_printf (out, "%s%s", c > 0 ? "|" : "", value);
        }
      g_string_append_c (out, '\n');
    }

  return g_string_free (out, FALSE);
}

static SondeTable *
run (const char  *sql,
     SondeQuery **out_query,
     GError     **error)
{
  g_autoptr(SondeTable) people = sonde_test_make_people ();
  g_autoptr(SondeQuery) query = sonde_query_new (sql);
  SondeTable *result;

  sonde_query_add_table (query, people);
  result = sonde_query_run (query, NULL, error);
  if (out_query != NULL)
    *out_query = g_steal_pointer (&query);

  return result;
}

static void
test_types (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SondeTable) result = run ("SELECT * FROM people", NULL, &error);
  g_autoptr(SondeTable) people = sonde_test_make_people ();
  g_autofree char *got = NULL;
  g_autofree char *expected = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (sonde_table_get_name (result), ==, "query");
  sonde_table_set_name (result, "people");
  got = sonde_test_describe (result, TRUE);
  expected = sonde_test_describe (people, TRUE);
  g_assert_cmpstr (got, ==, expected);
  g_free (got);
  g_free (expected);
  got = sonde_test_describe (result, FALSE);
  expected = sonde_test_describe (people, FALSE);
  g_assert_cmpstr (got, ==, expected);
  g_free (got);
  g_free (expected);
  got = dump (result);
  expected = dump (people);
  g_assert_cmpstr (got, ==, expected);
}

static void
test_sql_values (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SondeTable) result = NULL;
  SondeColumn *column;

  /* Dates are ISO text, so SQLite's date functions work on them; booleans
   * are 0/1; a missing age is NULL and is left out of AVG. */
  result = run ("SELECT strftime('%Y', joined) AS year, SUM(member) AS members, AVG(age) AS mean_age,\n"
                "       COUNT(age) AS n_age\n"
                "FROM people GROUP BY year ORDER BY year", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sonde_table_get_n_rows (result), ==, 4);
  column = sonde_table_find_column (result, "members");
  g_assert_nonnull (column);
  /* 2019: Chloé (member); 2020: Alice; 2021: Bob (no), Élodie (yes); 2022: Damien (no) */
  g_assert_cmpint (sonde_column_get_integer (column, 0), ==, 1);
  g_assert_cmpint (sonde_column_get_integer (column, 2), ==, 1);
  g_assert_cmpint (sonde_column_get_integer (column, 3), ==, 0);
  column = sonde_table_find_column (result, "mean_age");
  g_assert_true (sonde_column_is_missing (column, 0));
  g_assert_cmpfloat_with_epsilon (sonde_column_get_real (column, 2), (17 + 38) / 2.0, 1e-12);
  column = sonde_table_find_column (result, "n_age");
  g_assert_cmpint (sonde_column_get_integer (column, 0), ==, 0);
}

static void
test_join (void)
{
  g_autoptr(SondeTable) people = sonde_test_make_people ();
  g_autoptr(SondeTable) cities = sonde_table_new ("cities");
  g_autoptr(SondeColumn) city = sonde_column_new ("city", SONDE_COLUMN_TYPE_TEXT);
  g_autoptr(SondeColumn) region = sonde_column_new ("region", SONDE_COLUMN_TYPE_CATEGORICAL);
  g_autoptr(SondeQuery) query = NULL;
  g_autoptr(SondeTable) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *got = NULL;

  sonde_column_append_text (city, "Lyon", -1);
  sonde_column_append_category (region, "Auvergne-Rhône-Alpes", -1);
  sonde_column_append_text (city, "Paris", -1);
  sonde_column_append_category (region, "Île-de-France", -1);
  g_assert_true (sonde_table_add_column (cities, city, NULL));
  g_assert_true (sonde_table_add_column (cities, region, NULL));

  query = sonde_query_new ("SELECT p.name, c.region FROM people AS p\n"
                           "LEFT JOIN cities AS c USING (city) ORDER BY p.name");
  sonde_query_add_table (query, people);
  sonde_query_add_table (query, cities);
  result = sonde_query_run (query, NULL, &error);
  g_assert_no_error (error);
  got = dump (result);
  g_assert_cmpstr (got, ==,
                   "Alice|Auvergne-Rhône-Alpes\n"
                   "Bob|Île-de-France\n"
                   "Chloé|Auvergne-Rhône-Alpes\n"
                   "Damien|NA\n"
                   "Élodie|Île-de-France\n");
  /* Damien lives in Lille, which has no region: NULL, so missing. */
  g_assert_true (sonde_column_is_missing (sonde_table_get_column (result, 1), 3));
  g_assert_cmpuint (sonde_column_get_column_type (sonde_table_get_column (result, 1)), ==,
                    SONDE_COLUMN_TYPE_CATEGORICAL);
}

static void
test_refused (void)
{
  const char *statements[] = {
    "DELETE FROM people",
    "DROP TABLE people",
    "INSERT INTO people (name) VALUES ('Eve')",
    "UPDATE people SET age = 0",
    "CREATE TABLE t (x)",
    "ATTACH '/tmp/x.db' AS x",
    "PRAGMA writable_schema = 1",
  };

  for (guint i = 0; i < G_N_ELEMENTS (statements); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SondeTable) result = run (statements[i], NULL, &error);

      g_assert_null (result);
      g_assert_error (error, SONDE_PROJECT_ERROR, SONDE_PROJECT_ERROR_READ_ONLY);
      g_assert_nonnull (strstr (error->message, "can only read"));
    }
}

static void
test_syntax_error (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SondeQuery) query = NULL;
  g_autoptr(SondeTable) result = NULL;
  guint line = 0, column = 0;

  /* "agee" starts at line 2, column 8 (counting characters, é is one). */
  result = run ("SELECT name,\n  é AS agee FROM people", &query, &error);
  g_assert_null (result);
  g_assert_error (error, SONDE_PROJECT_ERROR, SONDE_PROJECT_ERROR_QUERY);
  g_assert_true (sonde_query_get_error_position (query, &line, &column));
  g_assert_cmpuint (line, ==, 2);
  g_assert_cmpuint (column, ==, 3);
  g_assert_cmpstr (error->message, ==, "Line 2, column 3: no such column: é.");
  g_clear_error (&error);
  g_clear_object (&query);

  result = run ("SELECT name FROM people WHERE", &query, &error);
  g_assert_error (error, SONDE_PROJECT_ERROR, SONDE_PROJECT_ERROR_QUERY);
  g_assert_true (sonde_query_get_error_position (query, &line, &column));
  g_assert_cmpuint (line, ==, 1);
  g_assert_cmpuint (column, ==, 30);
  g_clear_error (&error);
  g_clear_object (&query);

  result = run ("SELECT 1; SELECT 2", &query, &error);
  g_assert_error (error, SONDE_PROJECT_ERROR, SONDE_PROJECT_ERROR_QUERY);
  g_assert_nonnull (strstr (error->message, "more than one statement"));
  g_assert_false (sonde_query_get_error_position (query, NULL, NULL));
  g_clear_error (&error);
  g_clear_object (&query);

  result = run ("  -- nothing\n", &query, &error);
  g_assert_error (error, SONDE_PROJECT_ERROR, SONDE_PROJECT_ERROR_QUERY);
  g_assert_nonnull (strstr (error->message, "empty"));
}

static void
test_snapshot (void)
{
  g_autoptr(SondeTable) people = sonde_test_make_people ();
  g_autoptr(SondeQuery) query = sonde_query_new ("SELECT age FROM people");
  g_autoptr(SondeColumn) text = NULL;
  g_autoptr(SondeTable) result = NULL;
  g_autoptr(GError) error = NULL;
  int index;

  sonde_query_add_table (query, people);
  /* Changing the table after add_table (as the Data pane may, while the
   * query runs in a worker) is not seen. */
  index = sonde_table_find_column_index (people, "age");
  g_assert_cmpint (index, >=, 0);
  text = sonde_column_new ("age", SONDE_COLUMN_TYPE_TEXT);
  for (guint i = 0; i < 5; i++)
    sonde_column_append_text (text, "x", -1);
  g_assert_true (sonde_table_replace_column (people, (guint) index, text, NULL));

  result = sonde_query_run (query, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sonde_column_get_column_type (sonde_table_get_column (result, 0)), ==,
                    SONDE_COLUMN_TYPE_INTEGER);
  g_assert_cmpint (sonde_column_get_integer (sonde_table_get_column (result, 0), 0), ==, 38);
}

static gpointer
cancel_later (gpointer data)
{
  g_usleep (200 * G_TIME_SPAN_MILLISECOND);
  g_cancellable_cancel (data);

  return NULL;
}

static void
test_cancel (void)
{
  g_autoptr(SondeTable) big = sonde_table_new ("big");
  g_autoptr(SondeColumn) x = sonde_column_new ("x", SONDE_COLUMN_TYPE_INTEGER);
  g_autoptr(SondeQuery) query = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(SondeTable) result = NULL;
  g_autoptr(GError) error = NULL;
  GThread *thread;

  for (gint64 i = 0; i < 2000; i++)
    sonde_column_append_integer (x, i);
  g_assert_true (sonde_table_add_column (big, x, NULL));

  /* 2000³ combinations: minutes of work unless the cancel stops it. */
  query = sonde_query_new ("SELECT COUNT(*) FROM big AS a, big AS b, big AS c WHERE a.x + b.x = c.x");
  sonde_query_add_table (query, big);
  thread = g_thread_new ("cancel", cancel_later, cancellable);
  result = sonde_query_run (query, cancellable, &error);
  g_thread_join (thread);
  g_assert_null (result);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/query/types", test_types);
  g_test_add_func ("/query/sql-values", test_sql_values);
  g_test_add_func ("/query/join", test_join);
  g_test_add_func ("/query/refused", test_refused);
  g_test_add_func ("/query/syntax-error", test_syntax_error);
  g_test_add_func ("/query/snapshot", test_snapshot);
  g_test_add_func ("/query/cancel", test_cancel);

  return g_test_run ();
}
