/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-util"

/* Helpers shared by the engine's tests, so that each reader's test says
 * only what is particular to its format. */

#include "config.h"

#include "test-util.h"

/* The column names, or with @types their type names, joined by commas:
 * "id,name,age" or "integer,text,real", for one-line shape assertions. */
char *
sonde_test_describe (SondeTable *table,
                     gboolean    types)
{
  GString *out = g_string_new (NULL);

  for (guint c = 0; c < sonde_table_get_n_columns (table); c++)
    {
      SondeColumn *col = sonde_table_get_column (table, c);

      if (c > 0)
        g_string_append_c (out, ',');
      g_string_append (out, types ? sonde_column_type_to_string (sonde_column_get_column_type (col))
                                  : sonde_column_get_name (col));
    }

  return g_string_free (out, FALSE);
}

/* Five people with every column type and a missing age: the table the
 * row-filter and query tests share. */
SondeTable *
sonde_test_make_people (void)
{
  static const char *names[] = { "Alice", "Bob", "Chloé", "Damien", "Élodie" };
  static const gint64 ages[] = { 38, 17, -1, 52, 38 };
  static const double heights[] = { 1.62, 1.80, 1.70, 1.75, 1.58 };
  static const char *cities[] = { "Lyon", "Paris", "Lyon", "Lille", "Paris" };
  static const gboolean members[] = { TRUE, FALSE, TRUE, FALSE, TRUE };
  static const int days[][3] = { { 2020, 1, 15 }, { 2021, 6, 1 }, { 2019, 12, 31 }, { 2022, 3, 1 }, { 2021, 6, 1 } };
  g_autoptr(SondeTable) table = sonde_table_new ("people");
  g_autoptr(SondeColumn) name = sonde_column_new ("name", SONDE_COLUMN_TYPE_TEXT);
  g_autoptr(SondeColumn) age = sonde_column_new ("age", SONDE_COLUMN_TYPE_INTEGER);
  g_autoptr(SondeColumn) height = sonde_column_new ("height", SONDE_COLUMN_TYPE_REAL);
  g_autoptr(SondeColumn) city = sonde_column_new ("city", SONDE_COLUMN_TYPE_CATEGORICAL);
  g_autoptr(SondeColumn) member = sonde_column_new ("member", SONDE_COLUMN_TYPE_BOOLEAN);
  g_autoptr(SondeColumn) joined = sonde_column_new ("joined", SONDE_COLUMN_TYPE_DATE);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      gint32 d;

      sonde_column_append_text (name, names[i], -1);
      if (ages[i] < 0)
        sonde_column_append_missing (age);
      else
        sonde_column_append_integer (age, ages[i]);
      sonde_column_append_real (height, heights[i]);
      sonde_column_append_category (city, cities[i], -1);
      sonde_column_append_boolean (member, members[i]);
      g_assert_true (sonde_date_from_ymd (days[i][0], days[i][1], days[i][2], &d));
      sonde_column_append_date (joined, d);
    }

  g_assert_true (sonde_table_add_column (table, name, NULL));
  g_assert_true (sonde_table_add_column (table, age, NULL));
  g_assert_true (sonde_table_add_column (table, height, NULL));
  g_assert_true (sonde_table_add_column (table, city, NULL));
  g_assert_true (sonde_table_add_column (table, member, NULL));
  g_assert_true (sonde_table_add_column (table, joined, NULL));

  return g_steal_pointer (&table);
}
