/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-column"

/* Tests of SondeColumn and SondeTable: typed storage, the missing
 * bitmap across word boundaries, dictionaries, C-locale formatting, the
 * calendar arithmetic (checked against GDate, an independent
 * implementation), and the length checks of tables.
 */

#include "config.h"

#include <locale.h>
#include <math.h>
#include <string.h>

#include "sonde-engine.h"

static void
test_integer_and_missing (void)
{
  g_autoptr(SondeColumn) col = sonde_column_new ("n", SONDE_COLUMN_TYPE_INTEGER);

  /* 200 rows: the bitmap spans four 64-bit words and is allocated late. */
  for (guint i = 0; i < 200; i++)
    {
      if (i % 7 == 3)
        sonde_column_append_missing (col);
      else
        sonde_column_append_integer (col, (gint64) i * 1000000000000 - 5);
    }

  g_assert_cmpuint (sonde_column_get_n_rows (col), ==, 200);
  g_assert_cmpuint (sonde_column_get_n_missing (col), ==, 29);
  for (guint i = 0; i < 200; i++)
    {
      g_assert_cmpint (sonde_column_is_missing (col, i), ==, i % 7 == 3);
      if (i % 7 != 3)
        g_assert_cmpint (sonde_column_get_integer (col, i), ==, (gint64) i * 1000000000000 - 5);
    }

  g_assert_null (sonde_column_format_value (col, 3));
  {
    g_autofree char *s = sonde_column_format_value (col, 0);
    g_assert_cmpstr (s, ==, "-5");
  }
  g_assert_cmpfloat (sonde_column_get_number (col, 1), ==, 999999999995.0);
  g_assert_true (isnan (sonde_column_get_number (col, 3)));
  g_assert_finalize_object (g_steal_pointer (&col));
}

static void
test_real_format (void)
{
  /* Values and the text expected; the text must read back exactly. */
  static const struct { double value; const char *text; } cases[] = {
    { 0.1, "0.1" },
    { -2.5, "-2.5" },
    { 1.0 / 3.0, "0.33333333333333331" },
    { 1e300, "1e+300" },
    { 123456789.0, "123456789" },
    { 1e-5, "1e-05" },
  };
  g_autoptr(SondeColumn) col = sonde_column_new ("x", SONDE_COLUMN_TYPE_REAL);

  /* A locale with a decimal comma must not leak into files. */
  setlocale (LC_NUMERIC, "fr_FR.UTF-8");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    sonde_column_append_real (col, cases[i].value);
  sonde_column_append_real (col, NAN);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *s = sonde_column_format_value (col, i);

      g_assert_cmpstr (s, ==, cases[i].text);
      g_assert_cmpfloat (g_ascii_strtod (s, NULL), ==, cases[i].value);
    }
  g_assert_true (sonde_column_is_missing (col, G_N_ELEMENTS (cases)));
  g_assert_cmpuint (sonde_column_get_n_missing (col), ==, 1);

  setlocale (LC_NUMERIC, "C");
}

static void
test_dates (void)
{
  g_autoptr(SondeColumn) dates = sonde_column_new ("d", SONDE_COLUMN_TYPE_DATE);
  g_autoptr(SondeColumn) times = sonde_column_new ("t", SONDE_COLUMN_TYPE_DATETIME);
  GDate epoch;
  gint32 days;
  g_autofree char *d0 = NULL;
  g_autofree char *t0 = NULL;
  g_autofree char *t1 = NULL;
  g_autofree char *t2 = NULL;

  /* Every day from 1601 to 2400 against GDate's Julian day numbers. */
  g_date_clear (&epoch, 1);
  g_date_set_dmy (&epoch, 1, G_DATE_JANUARY, 1970);
  for (int y = 1601; y <= 2400; y++)
    for (int m = 1; m <= 12; m++)
      for (int d = 1; d <= 31; d++)
        {
          gboolean valid = g_date_valid_dmy (d, m, y);
          int yy, mm, dd;

          g_assert_cmpint (sonde_date_from_ymd (y, m, d, &days), ==, valid);
          if (!valid)
            continue;

          {
            GDate date;

            g_date_clear (&date, 1);
            g_date_set_dmy (&date, d, m, y);
            g_assert_cmpint (days, ==, (gint32) g_date_get_julian (&date) - (gint32) g_date_get_julian (&epoch));
          }
          sonde_date_to_ymd (days, &yy, &mm, &dd);
          g_assert_cmpint (yy, ==, y);
          g_assert_cmpint (mm, ==, m);
          g_assert_cmpint (dd, ==, d);
        }

  g_assert_true (sonde_date_from_ymd (2024, 12, 31, &days));
  sonde_column_append_date (dates, days);
  d0 = sonde_column_format_value (dates, 0);
  g_assert_cmpstr (d0, ==, "2024-12-31");

  sonde_column_append_datetime (times, 0);
  sonde_column_append_datetime (times, G_GINT64_CONSTANT (1735689599250000));
  sonde_column_append_datetime (times, -1);
  t0 = sonde_column_format_value (times, 0);
  t1 = sonde_column_format_value (times, 1);
  t2 = sonde_column_format_value (times, 2);
  g_assert_cmpstr (t0, ==, "1970-01-01T00:00:00Z");
  /* date -u -d @1735689599 +%FT%T → 2024-12-31T23:59:59 */
  g_assert_cmpstr (t1, ==, "2024-12-31T23:59:59.250000Z");
  g_assert_cmpstr (t2, ==, "1969-12-31T23:59:59.999999Z");
}

static void
test_categorical_and_text (void)
{
  g_autoptr(SondeColumn) cat = sonde_column_new ("town", SONDE_COLUMN_TYPE_CATEGORICAL);
  g_autoptr(SondeColumn) text = sonde_column_new ("note", SONDE_COLUMN_TYPE_TEXT);
  GString *big = g_string_new (NULL);

  sonde_column_append_category (cat, "Paris", -1);
  sonde_column_append_category (cat, "Lyon, the city", 4);
  sonde_column_append_missing (cat);
  sonde_column_append_category (cat, "Paris", -1);
  sonde_column_append_code (cat, 1);

  g_assert_cmpuint (sonde_column_get_n_categories (cat), ==, 2);
  g_assert_cmpstr (sonde_column_get_category_label (cat, 0), ==, "Paris");
  g_assert_cmpstr (sonde_column_get_category_label (cat, 1), ==, "Lyon");
  g_assert_cmpuint (sonde_column_get_code (cat, 3), ==, 0);
  g_assert_cmpuint (sonde_column_get_code (cat, 4), ==, 1);
  g_assert_cmpstr (sonde_column_get_text (cat, 1), ==, "Lyon");
  g_assert_null (sonde_column_get_text (cat, 2));

  /* Enough text to make the arena grow several times. */
  for (guint i = 0; i < 1000; i++)
    {
      g_string_append_printf (big, "é%u", i);
      sonde_column_append_text (text, big->str, big->len);
    }
  sonde_column_append_missing (text);
  g_assert_cmpuint (sonde_column_get_n_rows (text), ==, 1001);
  g_assert_cmpstr (sonde_column_get_text (text, 999), ==, big->str);
  g_assert_cmpstr (sonde_column_get_text (text, 0), ==, "é0");
  g_assert_null (sonde_column_get_text (text, 1000));
  g_string_free (big, TRUE);
}

static void
test_labels (void)
{
  SondeColumnType type;

  g_assert_cmpstr (sonde_column_type_get_label (SONDE_COLUMN_TYPE_REAL), ==, "decimal number");
  g_assert_cmpstr (sonde_column_type_get_label (SONDE_COLUMN_TYPE_BOOLEAN), ==, "yes/no");
  g_assert_cmpstr (sonde_column_type_get_label (SONDE_COLUMN_TYPE_DATETIME), ==, "date and time");
  g_assert_cmpstr (sonde_column_role_get_label (SONDE_COLUMN_ROLE_TARGET), ==, "target");

  for (guint i = 0; i < SONDE_COLUMN_N_TYPES; i++)
    {
      g_assert_true (sonde_column_type_from_string (sonde_column_type_to_string (i), &type));
      g_assert_cmpint (type, ==, i);
    }
  g_assert_true (sonde_column_type_from_string ("Real", &type));
  g_assert_cmpint (type, ==, SONDE_COLUMN_TYPE_REAL);
  g_assert_false (sonde_column_type_from_string ("float", &type));
}

static void
test_metadata (void)
{
  g_autoptr(SondeColumn) col = sonde_column_new ("weight", SONDE_COLUMN_TYPE_REAL);

  g_assert_cmpint (sonde_column_get_role (col), ==, SONDE_COLUMN_ROLE_FEATURE);
  sonde_column_set_role (col, SONDE_COLUMN_ROLE_TARGET);
  sonde_column_set_unit (col, "kg");
  sonde_column_set_description (col, "Weight at birth");
  sonde_column_set_source (col, "births.csv");
  sonde_column_set_name (col, "birth_weight");
  g_assert_cmpint (sonde_column_get_role (col), ==, SONDE_COLUMN_ROLE_TARGET);
  g_assert_cmpstr (sonde_column_get_unit (col), ==, "kg");
  g_assert_cmpstr (sonde_column_get_description (col), ==, "Weight at birth");
  g_assert_cmpstr (sonde_column_get_source (col), ==, "births.csv");
  g_assert_cmpstr (sonde_column_get_name (col), ==, "birth_weight");
  g_assert_cmpint (sonde_column_get_column_type (col), ==, SONDE_COLUMN_TYPE_REAL);
}

static void
test_table (void)
{
  g_autoptr(SondeTable) table = sonde_table_new ("t");
  g_autoptr(SondeColumn) a = sonde_column_new ("a", SONDE_COLUMN_TYPE_INTEGER);
  g_autoptr(SondeColumn) b = sonde_column_new ("b", SONDE_COLUMN_TYPE_BOOLEAN);
  g_autoptr(SondeColumn) c = sonde_column_new ("a", SONDE_COLUMN_TYPE_INTEGER);
  g_autoptr(GError) error = NULL;
  g_autoptr(SondeColumn) item = NULL;

  for (guint i = 0; i < 3; i++)
    {
      sonde_column_append_integer (a, i);
      sonde_column_append_boolean (b, i % 2);
      sonde_column_append_integer (c, i);
    }
  sonde_column_append_boolean (b, TRUE);

  g_assert_true (sonde_table_add_column (table, a, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sonde_table_get_n_rows (table), ==, 3);

  g_assert_false (sonde_table_add_column (table, b, &error));
  g_assert_error (error, SONDE_ERROR, SONDE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "“b” has 4 rows"));
  g_clear_error (&error);

  g_assert_false (sonde_table_add_column (table, c, &error));
  g_assert_error (error, SONDE_ERROR, SONDE_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_cmpuint (sonde_table_get_n_columns (table), ==, 1);
  g_assert_true (sonde_table_find_column (table, "a") == a);
  g_assert_null (sonde_table_find_column (table, "zz"));
  g_assert_cmpint (sonde_table_find_column_index (table, "zz"), ==, -1);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (table)), ==, 1);
  item = g_list_model_get_item (G_LIST_MODEL (table), 0);
  g_assert_true (item == a);
  g_assert_cmpuint (sonde_table_get_memory_size (table), >=, 3 * sizeof (gint64));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/engine/column/integer-and-missing", test_integer_and_missing);
  g_test_add_func ("/engine/column/real-format", test_real_format);
  g_test_add_func ("/engine/column/dates", test_dates);
  g_test_add_func ("/engine/column/categorical-and-text", test_categorical_and_text);
  g_test_add_func ("/engine/column/labels", test_labels);
  g_test_add_func ("/engine/column/metadata", test_metadata);
  g_test_add_func ("/engine/table/add-column", test_table);

  return g_test_run ();
}
