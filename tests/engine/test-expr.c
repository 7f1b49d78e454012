/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-expr"

/* Tests of SondeExpr, the expression language: literals, columns,
 * precedence, SQL's three-valued logic, every operator and function on a
 * six-row table with every column type and missing values, every error
 * message with its position, and a large random table against a naive
 * row-by-row reference (which also crosses chunk boundaries).
 *
 * Expected values were worked out by hand from the table below; the date
 * figures and the quotients were checked with Python 3.11 outside the
 * project:
 *   from datetime import date
 *   date(2024,1,31).isoweekday()                  # 3
 *   (date(2024,3,1) - date(2024,1,31)).days       # 30
 *   (date(2023,6,30) - date(2024,1,1)).days       # -185
 *   (date(2024,2,28) - date(2024,2,29)).days      # -1
 *   3000/90, 52.25/-31, 10/15   # 33.333333333333336 -1.685483870967742 0.6666666666666666
 *   math.fmod(-7, 3)                              # -1.0
 *   [d.isoweekday() for d in starts]              # 3 4 1 5 1
 * Reals are written as the engine writes them, the shorter of %.15g and
 * %.17g that reads back the same:
 *   f = lambda x: '%.15g' % x if float('%.15g' % x) == x else '%.17g' % x
 *   f(math.sqrt(x)), f(math.log(x)), f(3000/90) …  # for sqrt(age), log(income), the quotients
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "sonde-engine.h"

/*  row  id  age  income   active  city            name       postcode  start       end         seen
 *  0    1   30   1200.5   true    Lyon            Alice      69001     2024-01-31  2024-02-01  2024-01-31T12:00:00Z
 *  1    2   17   —        false   Paris           "  bob "   7500      2024-02-29  2024-02-28  —
 *  2    3   —    0        true    —               Chloé      13008     —           2024-01-01  2024-03-01T00:00:00Z
 *  3    4   120  3000     —       Lyon            —          —         2023-12-25  —           2023-12-25T08:30:00Z
 *  4    5   -1   52.25    false   Lille           ""         ABCDE     2024-03-01  2024-03-01  2024-03-01T00:00:00Z
 *  5    6   45   10       true    Saint-Étienne   O'Neil     42000     2024-01-01  2023-06-30  2024-01-01T00:00:00Z
 * plus "full name" (text): "Alice Martin", "Bob Durand", …
 */
static SondeTable *
make_table (void)
{
  SondeTable *table = sonde_table_new ("t");
  const char *cities[] = { "Lyon", "Paris", NULL, "Lyon", "Lille", "Saint-Étienne" };
  const char *names[] = { "Alice", "  bob ", "Chloé", NULL, "", "O'Neil" };
  const char *full[] = { "Alice Martin", "Bob Durand", "Chloé Petit", "Dan Moreau", "Eve Roux", "Fay Blanc" };
  const char *postcodes[] = { "69001", "7500", "13008", NULL, "ABCDE", "42000" };
  const int ages[] = { 30, 17, -999, 120, -1, 45 };
  const double incomes[] = { 1200.5, NAN, 0, 3000, 52.25, 10 };
  const int active[] = { 1, 0, 1, -1, 0, 1 };
  const int start[][3] = { { 2024, 1, 31 }, { 2024, 2, 29 }, { 0 }, { 2023, 12, 25 }, { 2024, 3, 1 }, { 2024, 1, 1 } };
  const int end[][3] = { { 2024, 2, 1 }, { 2024, 2, 28 }, { 2024, 1, 1 }, { 0 }, { 2024, 3, 1 }, { 2023, 6, 30 } };
  const int seen[][4] = { { 2024, 1, 31, 720 }, { 0 }, { 2024, 3, 1, 0 }, { 2023, 12, 25, 510 }, { 2024, 3, 1, 0 }, { 2024, 1, 1, 0 } };
  g_autoptr(SondeColumn) c_id = sonde_column_new ("id", SONDE_COLUMN_TYPE_INTEGER);
  g_autoptr(SondeColumn) c_age = sonde_column_new ("age", SONDE_COLUMN_TYPE_INTEGER);
  g_autoptr(SondeColumn) c_income = sonde_column_new ("income", SONDE_COLUMN_TYPE_REAL);
  g_autoptr(SondeColumn) c_active = sonde_column_new ("active", SONDE_COLUMN_TYPE_BOOLEAN);
  g_autoptr(SondeColumn) c_city = sonde_column_new ("city", SONDE_COLUMN_TYPE_CATEGORICAL);
  g_autoptr(SondeColumn) c_name = sonde_column_new ("name", SONDE_COLUMN_TYPE_TEXT);
  g_autoptr(SondeColumn) c_full = sonde_column_new ("full name", SONDE_COLUMN_TYPE_TEXT);
  g_autoptr(SondeColumn) c_post = sonde_column_new ("postcode", SONDE_COLUMN_TYPE_TEXT);
  g_autoptr(SondeColumn) c_start = sonde_column_new ("start", SONDE_COLUMN_TYPE_DATE);
  g_autoptr(SondeColumn) c_end = sonde_column_new ("end", SONDE_COLUMN_TYPE_DATE);
  g_autoptr(SondeColumn) c_seen = sonde_column_new ("seen", SONDE_COLUMN_TYPE_DATETIME);

  for (guint r = 0; r < 6; r++)
    {
      gint32 day;

      sonde_column_append_integer (c_id, r + 1);
      if (ages[r] == -999)
        sonde_column_append_missing (c_age);
      else
        sonde_column_append_integer (c_age, ages[r]);
      if (isnan (incomes[r]))
        sonde_column_append_missing (c_income);
      else
        sonde_column_append_real (c_income, incomes[r]);
      if (active[r] < 0)
        sonde_column_append_missing (c_active);
      else
        sonde_column_append_boolean (c_active, active[r]);
      if (cities[r] == NULL)
        sonde_column_append_missing (c_city);
      else
        sonde_column_append_category (c_city, cities[r], -1);
      if (names[r] == NULL)
        sonde_column_append_missing (c_name);
      else
        sonde_column_append_text (c_name, names[r], -1);
      sonde_column_append_text (c_full, full[r], -1);
      if (postcodes[r] == NULL)
        sonde_column_append_missing (c_post);
      else
        sonde_column_append_text (c_post, postcodes[r], -1);
      if (start[r][0] == 0)
        sonde_column_append_missing (c_start);
      else
        {
          g_assert_true (sonde_date_from_ymd (start[r][0], start[r][1], start[r][2], &day));
          sonde_column_append_date (c_start, day);
        }
      if (end[r][0] == 0)
        sonde_column_append_missing (c_end);
      else
        {
          g_assert_true (sonde_date_from_ymd (end[r][0], end[r][1], end[r][2], &day));
          sonde_column_append_date (c_end, day);
        }
      if (seen[r][0] == 0)
        sonde_column_append_missing (c_seen);
      else
        {
          g_assert_true (sonde_date_from_ymd (seen[r][0], seen[r][1], seen[r][2], &day));
          sonde_column_append_datetime (c_seen, ((gint64) day * 1440 + seen[r][3]) * 60 * G_USEC_PER_SEC);
        }
    }
  g_assert_true (sonde_table_add_column (table, c_id, NULL));
  g_assert_true (sonde_table_add_column (table, c_age, NULL));
  g_assert_true (sonde_table_add_column (table, c_income, NULL));
  g_assert_true (sonde_table_add_column (table, c_active, NULL));
  g_assert_true (sonde_table_add_column (table, c_city, NULL));
  g_assert_true (sonde_table_add_column (table, c_name, NULL));
  g_assert_true (sonde_table_add_column (table, c_full, NULL));
  g_assert_true (sonde_table_add_column (table, c_post, NULL));
  g_assert_true (sonde_table_add_column (table, c_start, NULL));
  g_assert_true (sonde_table_add_column (table, c_end, NULL));
  g_assert_true (sonde_table_add_column (table, c_seen, NULL));
  return table;
}

/* The values of @text on the table, "|"-joined, "NA" for missing. */
static char *
values_of (SondeTable      *table,
           const char      *text,
           SondeColumnType *type,
           SondeExprCounts *counts)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SondeExpr) expr = sonde_expr_parse (text, table, NULL, &error);
  g_autoptr(SondeColumn) column = NULL;
  g_autoptr(GString) out = g_string_new (NULL);

  g_assert_no_error (error);
  g_assert_nonnull (expr);
  column = sonde_expr_evaluate (expr, table, counts, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sonde_column_get_n_rows (column), ==, sonde_table_get_n_rows (table));
  g_assert_cmpint (sonde_column_get_column_type (column), ==, sonde_expr_get_result_type (expr));
  if (type != NULL)
    *type = sonde_column_get_column_type (column);
  for (guint r = 0; r < sonde_column_get_n_rows (column); r++)
    {
      g_autofree char *value = sonde_column_format_value (column, r);

      if (r > 0)
        g_string_append_c (out, '|');
      g_string_append (out, value != NULL ? value : "NA");
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
assert_values (SondeTable *table,
               const char *text,
               const char *expected)
{
  g_autofree char *values = values_of (table, text, NULL, NULL);

  if (g_strcmp0 (values, expected) != 0)
    g_test_message ("expression: %s", text);
  g_assert_cmpstr (values, ==, expected);
}

/* The truth of a condition per row: T, F or U. */
static void
assert_truth (SondeTable *table,
              const char *text,
              const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SondeExpr) expr = sonde_expr_parse (text, table, NULL, &error);
  g_autofree guint8 *truth = NULL;
  g_autofree char *got = NULL;
  SondeExprCounts counts = { 0 };
  guint n = sonde_table_get_n_rows (table);

  g_assert_no_error (error);
  g_assert_true (sonde_expr_is_predicate (expr));
  truth = sonde_expr_evaluate_truth (expr, table, &counts, NULL, &error);
  g_assert_no_error (error);
  got = g_new0 (char, n + 1);
  for (guint r = 0; r < n; r++)
    got[r] = "TFU"[truth[r] == SONDE_EXPR_TRUE ? 0 : truth[r] == SONDE_EXPR_FALSE ? 1 : 2];
  if (g_strcmp0 (got, expected) != 0)
    g_test_message ("condition: %s", text);
  g_assert_cmpstr (got, ==, expected);
  g_assert_cmpuint (counts.n_rows, ==, n);
  g_assert_cmpuint (counts.n_true + counts.n_false + counts.n_missing, ==, n);
}

static void
test_literals (void)
{
  g_autoptr(SondeTable) table = make_table ();
  SondeColumnType type;
  g_autofree char *a = values_of (table, "3.5", &type, NULL);

  g_assert_cmpstr (a, ==, "3.5|3.5|3.5|3.5|3.5|3.5");
  g_assert_cmpint (type, ==, SONDE_COLUMN_TYPE_REAL);
  g_clear_pointer (&a, g_free);
  a = values_of (table, "42", &type, NULL);
  g_assert_cmpint (type, ==, SONDE_COLUMN_TYPE_INTEGER);
  g_clear_pointer (&a, g_free);
  a = values_of (table, "1e3", &type, NULL);
  g_assert_cmpstr (a, ==, "1000|1000|1000|1000|1000|1000");
  g_assert_cmpint (type, ==, SONDE_COLUMN_TYPE_REAL);
  g_clear_pointer (&a, g_free);
  a = values_of (table, "missing", &type, NULL);
  g_assert_cmpstr (a, ==, "NA|NA|NA|NA|NA|NA");
  g_assert_cmpint (type, ==, SONDE_COLUMN_TYPE_TEXT);
  g_clear_pointer (&a, g_free);
  a = values_of (table, "date('2024-01-31')", &type, NULL);
  g_assert_cmpint (type, ==, SONDE_COLUMN_TYPE_DATE);
  g_assert_true (g_str_has_prefix (a, "2024-01-31|"));

  assert_values (table, "'it''s' & \"a \"\"b\"\"\"", "it'sa \"b\"|it'sa \"b\"|it'sa \"b\"|it'sa \"b\"|it'sa \"b\"|it'sa \"b\"");
  assert_values (table, "true", "true|true|true|true|true|true");
  assert_values (table, "FALSE", "false|false|false|false|false|false");
  assert_values (table, "null", "NA|NA|NA|NA|NA|NA");
  assert_values (table, ".5 + 1", "1.5|1.5|1.5|1.5|1.5|1.5");
}

static void
test_columns (void)
{
  g_autoptr(SondeTable) table = make_table ();
  g_autoptr(SondeExpr) expr = NULL;
  g_auto(GStrv) names = NULL;
  SondeColumnType type;
  g_autofree char *v = NULL;

  v = values_of (table, "age", &type, NULL);
  g_assert_cmpstr (v, ==, "30|17|NA|120|-1|45");
  g_assert_cmpint (type, ==, SONDE_COLUMN_TYPE_INTEGER);
  assert_values (table, "AGE", "30|17|NA|120|-1|45");
  assert_values (table, "[full name]", "Alice Martin|Bob Durand|Chloé Petit|Dan Moreau|Eve Roux|Fay Blanc");
  assert_values (table, "`full name`", "Alice Martin|Bob Durand|Chloé Petit|Dan Moreau|Eve Roux|Fay Blanc");
  assert_values (table, "[end]", "2024-02-01|2024-02-28|2024-01-01|NA|2024-03-01|2023-06-30");
  assert_values (table, "end", "2024-02-01|2024-02-28|2024-01-01|NA|2024-03-01|2023-06-30");
  assert_values (table, "city", "Lyon|Paris|NA|Lyon|Lille|Saint-Étienne");
  assert_values (table, "income", "1200.5|NA|0|3000|52.25|10");
  assert_values (table, "active", "true|false|true|NA|false|true");
  assert_values (table, "seen", "2024-01-31T12:00:00Z|NA|2024-03-01T00:00:00Z|2023-12-25T08:30:00Z|2024-03-01T00:00:00Z|2024-01-01T00:00:00Z");

  expr = sonde_expr_parse ("age > 1 and city = 'x' or AGE < 3 and [full name] = ''", table, NULL, NULL);
  names = sonde_expr_get_column_names (expr);
  g_assert_cmpuint (g_strv_length (names), ==, 3);
  g_assert_cmpstr (names[0], ==, "age");
  g_assert_cmpstr (names[1], ==, "city");
  g_assert_cmpstr (names[2], ==, "full name");
}

static void
test_precedence (void)
{
  g_autoptr(SondeTable) table = make_table ();

  assert_values (table, "1 + 2 * 3", "7|7|7|7|7|7");
  assert_values (table, "(1 + 2) * 3", "9|9|9|9|9|9");
  assert_values (table, "10 - 4 - 3", "3|3|3|3|3|3");
  assert_values (table, "2 ^ 3 ^ 2", "512|512|512|512|512|512");
  assert_values (table, "-2 ^ 2", "-4|-4|-4|-4|-4|-4");
  assert_values (table, "2 ^ -1", "0.5|0.5|0.5|0.5|0.5|0.5");
  assert_values (table, "7 % 3", "1|1|1|1|1|1");
  /* math.fmod(-7, 3) */
  assert_values (table, "-7 % 3", "-1|-1|-1|-1|-1|-1");
  assert_values (table, "12 / 4 / 3", "1|1|1|1|1|1");
  assert_values (table, "'a' & 1 + 2", "a3|a3|a3|a3|a3|a3");
  assert_values (table, "- age", "-30|-17|NA|-120|1|-45");
  assert_values (table, "- -age", "30|17|NA|120|-1|45");
  assert_truth (table, "not true or true", "TTTTTT");
  assert_truth (table, "true or false and false", "TTTTTT");
  assert_truth (table, "not age > 20", "FTUFTF");
  assert_truth (table, "! (age > 20) && active || false", "FFUFFF");
  assert_truth (table, "age + 1 > 30 * 1", "TFUTFT");
  assert_truth (table, "'a' & 'b' = 'ab'", "TTTTTT");
}

static void
test_three_valued (void)
{
  g_autoptr(SondeTable) table = make_table ();

  assert_truth (table, "missing = 1", "UUUUUU");
  assert_truth (table, "true and missing", "UUUUUU");
  assert_truth (table, "false and missing", "FFFFFF");
  assert_truth (table, "true or missing", "TTTTTT");
  assert_truth (table, "false or missing", "UUUUUU");
  assert_truth (table, "not (missing = 1)", "UUUUUU");
  assert_truth (table, "missing is missing", "TTTTTT");
  assert_truth (table, "age > 20", "TFUTFT");
  assert_truth (table, "age > 20 and active", "TFUUFT");
  assert_truth (table, "age > 20 or active", "TFTTFT");
  assert_truth (table, "age is missing", "FFTFFF");
  assert_truth (table, "age is not missing", "TTFTTT");
  assert_truth (table, "city IS NULL", "FFTFFF");
  assert_truth (table, "age = missing", "UUUUUU");
}

static void
test_between_in (void)
{
  g_autoptr(SondeTable) table = make_table ();

  assert_truth (table, "age between 0 and 120", "TTUTFT");
  assert_truth (table, "age BETWEEN 0 AND 120 and active", "TFUUFT");
  assert_truth (table, "age not between 18 and 65", "FTUTTF");
  assert_truth (table, "age between missing and 100", "UUUFUU");
  assert_truth (table, "city in ('Lyon', 'Lille')", "TFUTTF");
  assert_truth (table, "city not in ('Lyon', 'Lille')", "FTUFFT");
  assert_truth (table, "age in (30, missing)", "TUUUUU");
  assert_truth (table, "age in (30)", "TFUFFF");
  assert_truth (table, "start between '2024-01-01' and '2024-02-29'", "TTUFFT");
  assert_truth (table, "start between date('2024-01-01') and date('2024-02-29')", "TTUFFT");
  assert_truth (table, "end >= start", "TFUUTF");
  assert_truth (table, "seen > start", "TUUTFF");
  assert_truth (table, "seen >= '2024-03-01'", "FUTFTF");
  assert_truth (table, "name between 'A' and 'D'", "TFTUFF");
}

static void
test_text (void)
{
  g_autoptr(SondeTable) table = make_table ();

  assert_truth (table, "name contains 'o'", "FTTUFF");
  assert_truth (table, "name starts with 'A'", "TFFUFF");
  assert_truth (table, "name ends with 'é'", "FFTUFF");
  assert_truth (table, "name not contains 'o'", "TFFUTT");
  assert_truth (table, "postcode matches [0-9]{5}", "TFTUFT");
  assert_truth (table, "postcode matches '[0-9]{5}'", "TFTUFT");
  assert_truth (table, "postcode MATCHES \"[0-9]{5}\"", "TFTUFT");
  assert_truth (table, "(postcode matches [0-9]{5}) and age > 18", "TFUUFT");
  assert_truth (table, "postcode matches \\d{5} and active", "TFTUFT");
  assert_truth (table, "postcode matches (69|42)[0-9]+ or age < 0", "TFUUTT");
  assert_truth (table, "postcode not matches [0-9]+", "FFFUTF");
  assert_truth (table, "postcode matches [0-9]", "FFFUFF");
  assert_truth (table, "city matches L.*", "TFUTTF");
  assert_truth (table, "age matches '1.*'", "FTUTFF");
  assert_truth (table, "city = 'Lyon'", "TFUTFF");
  assert_truth (table, "city <> 'Lyon'", "FTUFTT");
  assert_truth (table, "name < 'B'", "TTFUTF");
  assert_values (table, "'a' || 'b'", "ab|ab|ab|ab|ab|ab");
  assert_values (table, "name & '!'", "Alice!|  bob !|Chloé!|NA|!|O'Neil!");
  assert_values (table, "city || '-' || age", "Lyon-30|Paris-17|NA|Lyon-120|Lille--1|Saint-Étienne-45");
}

static void
test_functions (void)
{
  g_autoptr(SondeTable) table = make_table ();
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *todays = g_strjoin ("|", today, today, today, today, today, today, NULL);

  assert_values (table, "abs(-2.5)", "2.5|2.5|2.5|2.5|2.5|2.5");
  assert_values (table, "abs(age)", "30|17|NA|120|1|45");
  assert_values (table, "round(2.5) & round(-2.5) & ',' & round(3.14159, 2) & ',' & round(1234, -2)",
                 "3-3,3.14,1200|3-3,3.14,1200|3-3,3.14,1200|3-3,3.14,1200|3-3,3.14,1200|3-3,3.14,1200");
  assert_values (table, "floor(-1.5) & ceil(1.2)", "-22|-22|-22|-22|-22|-22");
  assert_values (table, "sqrt(16)", "4|4|4|4|4|4");
  assert_values (table, "sqrt(age)", "5.4772255750516612|4.1231056256176606|NA|10.954451150103322|NA|6.7082039324993694");
  assert_values (table, "log(exp(1)) & ' ' & exp(0)", "1 1|1 1|1 1|1 1|1 1|1 1");
  assert_values (table, "log(income)", "7.0904934156613075|NA|NA|8.0063675676502459|3.9560398908449206|2.3025850929940459");
  assert_values (table, "min(3, 1, 2) & max(3, missing, 5)", "15|15|15|15|15|15");
  assert_values (table, "min(age, 40)", "30|17|40|40|-1|40");
  assert_values (table, "max(start, end)", "2024-02-01|2024-02-29|2024-01-01|2023-12-25|2024-03-01|2024-01-01");
  assert_values (table, "min(name, 'B')", "Alice|  bob |B|B||B");
  assert_values (table, "coalesce(age, -99)", "30|17|-99|120|-1|45");
  assert_values (table, "coalesce(missing, name, city)", "Alice|  bob |Chloé|Lyon||O'Neil");
  assert_values (table, "length(name)", "5|6|5|NA|0|6");
  assert_values (table, "length(age)", "2|2|NA|3|2|2");
  assert_values (table, "lower('ÉTÉ') & upper(city)", "étéLYON|étéPARIS|NA|étéLYON|étéLILLE|étéSAINT-ÉTIENNE");
  assert_values (table, "'[' & trim(name) & ']'", "[Alice]|[bob]|[Chloé]|NA|[]|[O'Neil]");
  assert_values (table, "substr(name, 3)", "ice|bob |loé|NA||Neil");
  assert_values (table, "substr('Chloé', 2, 2) & substr('abc', 0, 2) & substr('abc', 5)", "hlab|hlab|hlab|hlab|hlab|hlab");
  assert_values (table, "replace('a-b-c', '-', '+') & replace(name, 'l', 'L')", "a+b+cALice|a+b+c  bob |a+b+cChLoé|NA|a+b+c|a+b+cO'NeiL");
  assert_values (table, "year(start)", "2024|2024|NA|2023|2024|2024");
  assert_values (table, "month(start)", "1|2|NA|12|3|1");
  assert_values (table, "day(start)", "31|29|NA|25|1|1");
  /* date(2024,1,31).isoweekday() == 3 */
  assert_values (table, "weekday(date('2024-01-31'))", "3|3|3|3|3|3");
  assert_values (table, "weekday(start)", "3|4|NA|1|5|1");
  assert_values (table, "year(seen)", "2024|NA|2024|2023|2024|2024");
  assert_values (table, "days_between(date('2024-01-31'), date('2024-03-01'))", "30|30|30|30|30|30");
  assert_values (table, "days_between(start, end)", "1|-1|NA|NA|0|-185");
  assert_values (table, "end - start", "1|-1|NA|NA|0|-185");
  assert_values (table, "start + 1", "2024-02-01|2024-03-01|NA|2023-12-26|2024-03-02|2024-01-02");
  assert_values (table, "today()", todays);
  assert_values (table, "number('3,5') & ' ' & number('12') & ' ' & number(true)", "3.5 12 1|3.5 12 1|3.5 12 1|3.5 12 1|3.5 12 1|3.5 12 1");
  assert_values (table, "number(postcode)", "69001|7500|13008|NA|NA|42000");
  assert_values (table, "text(42) & text(2.5) & text(true) & text(date('2024-01-31'))",
                 "422.5true2024-01-31|422.5true2024-01-31|422.5true2024-01-31|422.5true2024-01-31|422.5true2024-01-31|422.5true2024-01-31");
  assert_values (table, "date('2024-02-30' & '')", "NA|NA|NA|NA|NA|NA");
  assert_values (table, "date(text(start))", "2024-01-31|2024-02-29|NA|2023-12-25|2024-03-01|2024-01-01");
  assert_values (table, "if(age >= 18, 'adult', 'minor')", "adult|minor|minor|adult|minor|adult");
  assert_values (table, "IF(active, income, -1)", "1200.5|-1|0|-1|-1|10");
  assert_values (table, "case when age < 18 then 'minor' when age < 65 then 'adult' else 'senior' end",
                 "adult|minor|senior|senior|minor|adult");
  assert_values (table, "case when age < 18 then 1 end", "NA|1|NA|NA|1|NA");
}

static void
test_types_and_division (void)
{
  g_autoptr(SondeTable) table = make_table ();
  SondeExprCounts counts = { 0 };
  SondeColumnType type;
  g_autofree char *v = NULL;
  struct { const char *text; SondeColumnType type; } cases[] = {
    { "age + 1", SONDE_COLUMN_TYPE_INTEGER },
    { "age * 2 - 1", SONDE_COLUMN_TYPE_INTEGER },
    { "age / 2", SONDE_COLUMN_TYPE_REAL },
    { "income", SONDE_COLUMN_TYPE_REAL },
    { "round(income)", SONDE_COLUMN_TYPE_INTEGER },
    { "age > 1", SONDE_COLUMN_TYPE_BOOLEAN },
    { "name", SONDE_COLUMN_TYPE_TEXT },
    { "city", SONDE_COLUMN_TYPE_TEXT },
    { "start + 1", SONDE_COLUMN_TYPE_DATE },
    { "end - start", SONDE_COLUMN_TYPE_INTEGER },
    { "seen", SONDE_COLUMN_TYPE_DATETIME },
    { "length(name)", SONDE_COLUMN_TYPE_INTEGER },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SondeExpr) expr = sonde_expr_parse (cases[i].text, table, NULL, NULL);

      g_assert_nonnull (expr);
      g_assert_cmpint (sonde_expr_get_result_type (expr), ==, cases[i].type);
    }

  /* 3000/90, 52.25/-31, 10/15 in Python */
  v = values_of (table, "income / (age - 30)", &type, &counts);
  g_assert_cmpstr (v, ==, "NA|NA|NA|33.333333333333336|-1.685483870967742|0.66666666666666663");
  g_assert_cmpuint (counts.n_division_by_zero, ==, 1);
  g_assert_cmpuint (counts.n_missing, ==, 3);
  g_assert_cmpuint (counts.n_rows, ==, 6);
  g_clear_pointer (&v, g_free);
  v = values_of (table, "age % 0", &type, &counts);
  g_assert_cmpstr (v, ==, "NA|NA|NA|NA|NA|NA");
  g_assert_cmpuint (counts.n_division_by_zero, ==, 5);
}

typedef struct
{
  const char *text;
  const char *message;   /* a prefix when it ends with "…" */
  guint       offset;
  guint       length;
} ErrorCase;

static void
test_errors (void)
{
  g_autoptr(SondeTable) table = make_table ();
  const ErrorCase cases[] = {
    { "agee > 3", "Column 1: there is no column “agee” in “t”; did you mean “age”?", 0, 4 },
    { "age > 3 and agee < 5", "Column 13: there is no column “agee” in “t”; did you mean “age”?", 12, 4 },
    { "name = 'Chloé' and agee > 1", "Column 20: there is no column “agee” in “t”; did you mean “age”?", 19, 4 },
    { "zzzzzz > 1", "Column 1: there is no column “zzzzzz” in “t”.", 0, 6 },
    { "city = 3", "Column 8: “city” is text; it cannot be compared with the number 3.", 7, 1 },
    { "age = 'x'", "Column 7: “age” is a number; it cannot be compared with the text 'x'.", 6, 3 },
    { "age = name", "Column 7: “age” is a number; it cannot be compared with “name”, which is text.", 6, 4 },
    { "age between 0 120", "Column 5: “between” needs “and” (between 0 and 120).", 4, 7 },
    { "age +", "Column 6: the expression ends too early; a value is missing at the end.", 5, 0 },
    { "(age > 3", "Column 1: this “(” is never closed.", 0, 1 },
    { "age > 3)", "Column 8: this “)” closes nothing.", 7, 1 },
    { "age > 3 3", "Column 9: “3” was not expected here.", 8, 1 },
    { "'abc", "Column 1: this text is never closed; end it with '.", 0, 1 },
    { "[full name", "Column 1: this column name is never closed; end it with ].", 0, 1 },
    { "age # 3", "Column 5: “#” is not part of the expression language.", 4, 1 },
    { "3abc > 1", "Column 1: “3abc” is neither a number nor a name; a name cannot start with a digit unless it is written in brackets, like [3abc].", 0, 4 },
    { "sqroot(age)", "Column 1: there is no function “sqroot”; did you mean “sqrt”?", 0, 6 },
    { "round(age, 1, 2)", "Column 1: “round” is written round(x[, digits]); here it has 3 values.", 0, 16 },
    { "today(1)", "Column 1: “today” is written today(); here it has 1 value.", 0, 8 },
    { "city * 2", "Column 1: “city” is text, and “*” needs a number here.", 0, 4 },
    { "sqrt(name)", "Column 6: “name” is text, and “sqrt()” needs a number here.", 5, 4 },
    { "age and true", "Column 1: “age” is a number, and “and” needs a condition (true or false) here.", 0, 3 },
    { "not age", "Column 5: “age” is a number, and “not” needs a condition (true or false) here.", 4, 3 },
    { "year(name)", "Column 6: “name” is text, and “year()” needs a date here.", 5, 4 },
    { "postcode matches [0-9", "Column 18: the pattern “[0-9” is not a valid regular expression: …", 17, 4 },
    { "postcode matches", "Column 10: “matches” needs a pattern (postcode matches [0-9]{5}).", 9, 7 },
    { "1 < age < 3", "Column 9: comparisons cannot be chained; write a < b and b < c.", 8, 1 },
    { "age is 3", "Column 5: “is” must be followed by “missing” or “not missing”.", 4, 2 },
    { "start > 'soon'", "Column 9: 'soon' is not a date; write dates as '2024-01-31' or date('2024-01-31').", 8, 6 },
    { "date('2024-02-30')", "Column 6: '2024-02-30' is not a date; write dates as '2024-01-31' or date('2024-01-31').", 5, 12 },
    { "if(age, 1, 2)", "Column 4: “age” is a number, and “if()” needs a condition (true or false) here.", 3, 3 },
    { "if(age > 1, 1, 'a')", "Column 16: the values of “if(age > 1, 1, 'a')” must be of one kind, but “1” is a number and “'a'” is text.", 15, 3 },
    { "case when age > 1 then 1", "Column 1: this “case” needs “end”.", 0, 4 },
    { "case when age > 1 1 end", "Column 6: “when” needs “then” (case when x > 0 then 'positive' end).", 5, 4 },
    { "case else 1 end", "Column 1: “case” needs at least one “when … then …” (case when x > 0 then 'positive' else 'other' end).", 0, 4 },
    { "name starts 'A'", "Column 6: write “starts with” (name starts with 'A').", 5, 6 },
    { "age in 1, 2", "Column 5: “in” needs a list in parentheses, like in ('a', 'b').", 4, 2 },
    { "age in (1, 'a')", "Column 12: “age” is a number; it cannot be compared with the text 'a'.", 11, 3 },
    { "and > 1", "Column 1: “and” was not expected here.", 0, 3 },
    { "active || name", "Column 8: “||” joins two conditions (or) or two texts, not a condition and a text; put the texts in parentheses, or join them with “&”.", 7, 2 },
    { "start * 2", "Column 1: “start” is a date, and “*” needs a number here.", 0, 5 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      SondeExprPosition where = { 99, 99 };
      g_autoptr(SondeExpr) expr = sonde_expr_parse (cases[i].text, table, &where, &error);

      g_test_message ("expression: %s", cases[i].text);
      g_assert_null (expr);
      g_assert_error (error, SONDE_ERROR, SONDE_ERROR_PARSE);
      if (g_str_has_suffix (cases[i].message, "…"))
        {
          g_autofree char *prefix = g_strndup (cases[i].message, strlen (cases[i].message) - strlen ("…"));

          g_assert_true (g_str_has_prefix (error->message, prefix));
        }
      else
        g_assert_cmpstr (error->message, ==, cases[i].message);
      g_assert_cmpuint (where.offset, ==, cases[i].offset);
      g_assert_cmpuint (where.length, ==, cases[i].length);
    }
}

static void
test_limits (void)
{
  g_autoptr(SondeTable) table = make_table ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) deep = g_string_new (NULL);
  g_autoptr(GString) chain = g_string_new ("1");
  g_autofree char *longest = g_strnfill (SONDE_EXPR_MAX_LENGTH + 1, '1');
  g_autoptr(SondeExpr) expr = NULL;
  SondeExprPosition where;

  expr = sonde_expr_parse ("", table, &where, &error);
  g_assert_error (error, SONDE_ERROR, SONDE_ERROR_PARSE);
  g_assert_cmpstr (error->message, ==, "The expression is empty. Write a condition such as age > 30, or a calculation such as price * 1.2.");
  g_clear_error (&error);

  expr = sonde_expr_parse (longest, table, &where, &error);
  g_assert_error (error, SONDE_ERROR, SONDE_ERROR_PARSE);
  g_assert_cmpstr (error->message, ==, "The expression is 10001 characters long; the limit is 10000. Split it into simpler steps.");
  g_clear_error (&error);

  for (guint i = 0; i < 150; i++)
    g_string_append_c (deep, '(');
  g_string_append_c (deep, '1');
  for (guint i = 0; i < 150; i++)
    g_string_append_c (deep, ')');
  expr = sonde_expr_parse (deep->str, table, &where, &error);
  g_assert_error (error, SONDE_ERROR, SONDE_ERROR_PARSE);
  g_assert_cmpstr (error->message, ==, "Column 101: the expression is nested more than 100 levels deep; split it into simpler steps.");
  g_assert_cmpuint (where.offset, ==, 100);
  g_clear_error (&error);

  for (guint i = 0; i < 300; i++)
    g_string_append (chain, " + 1");
  expr = sonde_expr_parse (chain->str, table, &where, &error);
  g_assert_error (error, SONDE_ERROR, SONDE_ERROR_PARSE);
  g_assert_true (strstr (error->message, "nested more than 100 levels") != NULL);
  g_clear_error (&error);

  /* 99 levels are fine. */
  g_string_truncate (deep, 0);
  for (guint i = 0; i < 98; i++)
    g_string_append_c (deep, '(');
  g_string_append_c (deep, '1');
  for (guint i = 0; i < 98; i++)
    g_string_append_c (deep, ')');
  expr = sonde_expr_parse (deep->str, table, &where, &error);
  g_assert_no_error (error);
  g_assert_nonnull (expr);
}

static void
test_select (void)
{
  g_autoptr(SondeTable) table = make_table ();
  g_autoptr(SondeTable) other = make_table ();
  g_autoptr(SondeTable) lacking = sonde_table_new ("lacking");
  g_autoptr(SondeExpr) expr = sonde_expr_parse ("age > 20", table, NULL, NULL);
  g_autoptr(SondeExpr) sum = sonde_expr_parse ("age + 1", table, NULL, NULL);
  const guint32 base_rows[] = { 5, 0, 3, 1, 2 };
  g_autoptr(SondeSelection) base = sonde_selection_new_from_rows (table, base_rows, G_N_ELEMENTS (base_rows));
  g_autoptr(SondeSelection) kept = NULL;
  g_autoptr(SondeSelection) all = NULL;
  g_autoptr(SondeSelection) none = NULL;
  g_autoptr(SondeColumn) column = NULL;
  g_autoptr(GError) error = NULL;
  SondeExprCounts counts = { 0 };
  const guint32 *rows;
  guint n;

  kept = sonde_expr_select (expr, table, base, &counts, NULL, &error);
  g_assert_no_error (error);
  rows = sonde_selection_get_rows (kept, &n);
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpuint (rows[0], ==, 5);
  g_assert_cmpuint (rows[1], ==, 0);
  g_assert_cmpuint (rows[2], ==, 3);
  g_assert_cmpuint (counts.n_true, ==, 3);
  g_assert_cmpuint (counts.n_false, ==, 1);
  g_assert_cmpuint (counts.n_missing, ==, 1);

  all = sonde_expr_select (expr, table, NULL, &counts, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sonde_selection_get_n_rows (all), ==, 3);
  g_assert_cmpuint (counts.n_rows, ==, 6);

  /* Another table with the same columns. */
  column = sonde_expr_evaluate (expr, other, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sonde_column_get_n_rows (column), ==, 6);

  none = sonde_expr_select (sum, table, NULL, NULL, NULL, &error);
  g_assert_null (none);
  g_assert_error (error, SONDE_ERROR, SONDE_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "“age + 1” gives a number, not a condition; a filter or a rule needs a condition, such as age > 30.");
  g_clear_error (&error);

  /* An empty table: empty results, not errors. */
  {
    g_autoptr(SondeTable) empty = sonde_table_new ("empty");
    g_autoptr(SondeColumn) age = sonde_column_new ("age", SONDE_COLUMN_TYPE_INTEGER);
    g_autoptr(SondeExpr) on_empty = NULL;
    g_autoptr(SondeColumn) derived = NULL;
    g_autoptr(SondeSelection) selected = NULL;

    g_assert_true (sonde_table_add_column (empty, age, NULL));
    on_empty = sonde_expr_parse ("age * 2", empty, NULL, &error);
    g_assert_no_error (error);
    derived = sonde_expr_evaluate (on_empty, empty, &counts, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (sonde_column_get_n_rows (derived), ==, 0);
    g_assert_cmpuint (counts.n_rows, ==, 0);
    selected = sonde_expr_select (expr, empty, NULL, &counts, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (sonde_selection_get_n_rows (selected), ==, 0);
  }

  g_clear_object (&column);
  column = sonde_expr_evaluate (expr, lacking, NULL, NULL, &error);
  g_assert_null (column);
  g_assert_error (error, SONDE_ERROR, SONDE_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "The expression “age > 20” reads the column “age”, which “lacking” does not have.");
}

/* A large random table against a plain loop: chunk edges, every path. */
static void
test_reference (void)
{
  g_autoptr(SondeTable) table = sonde_table_new ("random");
  g_autoptr(SondeColumn) x = sonde_column_new ("x", SONDE_COLUMN_TYPE_REAL);
  g_autoptr(SondeColumn) k = sonde_column_new ("k", SONDE_COLUMN_TYPE_INTEGER);
  g_autoptr(SondeExpr) expr = NULL;
  g_autoptr(SondeSelection) kept = NULL;
  g_autoptr(SondeColumn) derived = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (6);
  const guint n = 100003;
  guint expected = 0, n_kept;
  const guint32 *rows;
  SondeExprCounts counts;

  for (guint r = 0; r < n; r++)
    {
      if (g_rand_int_range (rand, 0, 10) == 0)
        sonde_column_append_missing (x);
      else
        sonde_column_append_real (x, g_rand_double_range (rand, -1, 1));
      sonde_column_append_integer (k, g_rand_int_range (rand, -5, 6));
    }
  g_assert_true (sonde_table_add_column (table, x, NULL));
  g_assert_true (sonde_table_add_column (table, k, NULL));

  expr = sonde_expr_parse ("x between -0.5 and 0.5 and k > 0 or k = -5", table, NULL, NULL);
  kept = sonde_expr_select (expr, table, NULL, &counts, NULL, NULL);
  rows = sonde_selection_get_rows (kept, &n_kept);
  for (guint r = 0; r < n; r++)
    {
      gint64 kv = sonde_column_get_integer (k, r);
      gboolean in_x = !sonde_column_is_missing (x, r) && fabs (sonde_column_get_real (x, r)) <= 0.5;

      if ((in_x && kv > 0) || kv == -5)
        {
          g_assert_cmpuint (expected, <, n_kept);
          g_assert_cmpuint (rows[expected], ==, r);
          expected++;
        }
    }
  g_assert_cmpuint (expected, ==, n_kept);
  g_assert_cmpuint (counts.n_rows, ==, n);

  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(GError) error = NULL;
    g_autoptr(SondeSelection) none = NULL;

    g_cancellable_cancel (cancellable);
    none = sonde_expr_select (expr, table, NULL, NULL, cancellable, &error);
    g_assert_null (none);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  }

  g_clear_pointer (&expr, sonde_expr_unref);
  expr = sonde_expr_parse ("x * k - 1", table, NULL, NULL);
  derived = sonde_expr_evaluate (expr, table, NULL, NULL, NULL);
  for (guint r = 0; r < n; r++)
    {
      if (sonde_column_is_missing (x, r))
        g_assert_true (sonde_column_is_missing (derived, r));
      else
        g_assert_cmpfloat (sonde_column_get_real (derived, r), ==,
                           sonde_column_get_real (x, r) * sonde_column_get_integer (k, r) - 1);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/engine/expr/literals", test_literals);
  g_test_add_func ("/engine/expr/columns", test_columns);
  g_test_add_func ("/engine/expr/precedence", test_precedence);
  g_test_add_func ("/engine/expr/three-valued", test_three_valued);
  g_test_add_func ("/engine/expr/between-in", test_between_in);
  g_test_add_func ("/engine/expr/text", test_text);
  g_test_add_func ("/engine/expr/functions", test_functions);
  g_test_add_func ("/engine/expr/types-and-division", test_types_and_division);
  g_test_add_func ("/engine/expr/errors", test_errors);
  g_test_add_func ("/engine/expr/limits", test_limits);
  g_test_add_func ("/engine/expr/select", test_select);
  g_test_add_func ("/engine/expr/reference", test_reference);

  return g_test_run ();
}
