/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-selection"

/* Tests of SondeSelection: the radix sort is checked against a naive
 * reference (qsort on (value, position) pairs with missing values last,
 * which gives the same stable order), for every numeric type, both
 * directions and with many ties; filtering is checked by counting.
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>

#include "sonde-engine.h"

typedef struct
{
  double  value;
  guint   position;
  gboolean missing;
} Ref;

static gboolean ref_descending;

static int
ref_compare (const void *a,
             const void *b)
{
  const Ref *x = a;
  const Ref *y = b;

  if (x->missing != y->missing)
    return x->missing ? 1 : -1;
  if (!x->missing && x->value != y->value)
    return ((x->value < y->value) != ref_descending) ? -1 : 1;

  return x->position < y->position ? -1 : x->position > y->position;
}

static SondeColumn *
make_column (SondeColumnType  type,
             guint            n,
             GRand           *rand)
{
  SondeColumn *col = sonde_column_new ("x", type);

  for (guint i = 0; i < n; i++)
    {
      if (g_rand_int_range (rand, 0, 10) == 0)
        {
          sonde_column_append_missing (col);
          continue;
        }

      switch (type)
        {
        case SONDE_COLUMN_TYPE_INTEGER:
          /* Few distinct values: many ties, negative and positive. */
          sonde_column_append_integer (col, g_rand_int_range (rand, -50, 50) * G_GINT64_CONSTANT (1000000007));
          break;
        case SONDE_COLUMN_TYPE_REAL:
          {
            double v = g_rand_double_range (rand, -1e6, 1e6);

            if (g_rand_int_range (rand, 0, 20) == 0)
              v = g_rand_boolean (rand) ? 0.0 : -0.0;
            else if (g_rand_int_range (rand, 0, 20) == 0)
              v = g_rand_boolean (rand) ? INFINITY : -INFINITY;
            else if (g_rand_int_range (rand, 0, 5) == 0)
              v = floor (v / 1e5);
            sonde_column_append_real (col, v);
          }
          break;
        case SONDE_COLUMN_TYPE_BOOLEAN:
          sonde_column_append_boolean (col, g_rand_boolean (rand));
          break;
        case SONDE_COLUMN_TYPE_DATE:
          sonde_column_append_date (col, g_rand_int_range (rand, -40000, 40000));
          break;
        case SONDE_COLUMN_TYPE_DATETIME:
          sonde_column_append_datetime (col, (gint64) g_rand_int (rand) * 1000003 - G_GINT64_CONSTANT (2000000000000000));
          break;
        case SONDE_COLUMN_TYPE_CATEGORICAL:
        case SONDE_COLUMN_TYPE_TEXT:
        default:
          g_assert_not_reached ();
        }
    }

  return col;
}

static void
check_sort (SondeColumnType type,
            guint           n,
            gboolean        descending)
{
  GRand *rand = g_rand_new_with_seed (type * 31 + n);
  g_autoptr(SondeColumn) col = make_column (type, n, rand);
  g_autoptr(SondeTable) table = sonde_table_new ("t");
  g_autoptr(SondeSelection) selection = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree Ref *ref = g_new (Ref, MAX (n, 1));
  const guint32 *rows;
  guint n_rows;

  g_assert_true (sonde_table_add_column (table, col, &error));
  selection = sonde_selection_new_all (table);
  g_assert_true (sonde_selection_sort (selection, col, descending, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < n; i++)
    {
      ref[i].missing = sonde_column_is_missing (col, i);
      ref[i].value = ref[i].missing ? 0 : sonde_column_get_number (col, i);
      /* Exact in a double: |values| stay below 2^53. */
      if (type == SONDE_COLUMN_TYPE_INTEGER && !ref[i].missing)
        ref[i].value = (double) sonde_column_get_integer (col, i);
      if (type == SONDE_COLUMN_TYPE_DATETIME && !ref[i].missing)
        ref[i].value = (double) sonde_column_get_datetime (col, i);
      ref[i].position = i;
    }
  ref_descending = descending;
  qsort (ref, n, sizeof (Ref), ref_compare);

  rows = sonde_selection_get_rows (selection, &n_rows);
  g_assert_cmpuint (n_rows, ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpuint (rows[i], ==, ref[i].position);

  g_rand_free (rand);
}

static void
test_sort_against_reference (void)
{
  static const SondeColumnType types[] = {
    SONDE_COLUMN_TYPE_INTEGER, SONDE_COLUMN_TYPE_REAL, SONDE_COLUMN_TYPE_BOOLEAN,
    SONDE_COLUMN_TYPE_DATE, SONDE_COLUMN_TYPE_DATETIME,
  };
  static const guint sizes[] = { 0, 1, 2, 7, 1000, 100003 };

  for (guint t = 0; t < G_N_ELEMENTS (types); t++)
    for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
      {
        check_sort (types[t], sizes[s], FALSE);
        check_sort (types[t], sizes[s], TRUE);
      }
}

static void
test_sort_twice_is_stable (void)
{
  g_autoptr(SondeTable) table = sonde_table_new ("t");
  g_autoptr(SondeColumn) group = sonde_column_new ("group", SONDE_COLUMN_TYPE_INTEGER);
  g_autoptr(SondeColumn) score = sonde_column_new ("score", SONDE_COLUMN_TYPE_REAL);
  g_autoptr(SondeSelection) selection = NULL;
  static const gint64 groups[] = { 2, 1, 2, 1, 2 };
  static const double scores[] = { 5.0, 3.0, 1.0, 4.0, 2.0 };
  static const guint32 expected[] = { 1, 3, 2, 4, 0 };

  for (guint i = 0; i < G_N_ELEMENTS (groups); i++)
    {
      sonde_column_append_integer (group, groups[i]);
      sonde_column_append_real (score, scores[i]);
    }
  g_assert_true (sonde_table_add_column (table, group, NULL));
  g_assert_true (sonde_table_add_column (table, score, NULL));

  /* By score, then by group: within a group, rows stay by score. */
  selection = sonde_selection_new_all (table);
  g_assert_true (sonde_selection_sort (selection, score, FALSE, NULL));
  g_assert_true (sonde_selection_sort (selection, group, FALSE, NULL));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpuint (sonde_selection_get_row (selection, i), ==, expected[i]);
}

static void
test_sort_text_refused (void)
{
  g_autoptr(SondeTable) table = sonde_table_new ("t");
  g_autoptr(SondeColumn) name = sonde_column_new ("name", SONDE_COLUMN_TYPE_TEXT);
  g_autoptr(SondeSelection) selection = NULL;
  g_autoptr(GError) error = NULL;

  sonde_column_append_text (name, "b", -1);
  sonde_column_append_text (name, "a", -1);
  g_assert_true (sonde_table_add_column (table, name, NULL));
  selection = sonde_selection_new_all (table);
  g_assert_false (sonde_selection_sort (selection, name, FALSE, &error));
  g_assert_error (error, SONDE_ERROR, SONDE_ERROR_INVALID);
}

static gboolean
is_even (SondeTable *table,
         guint       row,
         gpointer    user_data)
{
  SondeColumn *col = user_data;

  return !sonde_column_is_missing (col, row) && sonde_column_get_integer (col, row) % 2 == 0;
}

static void
test_filter (void)
{
  g_autoptr(SondeTable) table = sonde_table_new ("t");
  g_autoptr(SondeColumn) col = sonde_column_new ("n", SONDE_COLUMN_TYPE_INTEGER);
  g_autoptr(SondeSelection) all = NULL;
  g_autoptr(SondeSelection) even = NULL;
  g_autoptr(SondeSelection) some = NULL;
  static const guint32 picked[] = { 9, 0, 9 };

  for (guint i = 0; i < 10; i++)
    {
      if (i == 4)
        sonde_column_append_missing (col);
      else
        sonde_column_append_integer (col, i);
    }
  g_assert_true (sonde_table_add_column (table, col, NULL));

  all = sonde_selection_new_all (table);
  g_assert_true (sonde_selection_sort (all, col, TRUE, NULL));
  even = sonde_selection_filter (all, is_even, col);
  g_assert_cmpuint (sonde_selection_get_n_rows (even), ==, 4);
  g_assert_cmpuint (sonde_selection_get_row (even, 0), ==, 8);
  g_assert_cmpuint (sonde_selection_get_row (even, 3), ==, 0);
  g_assert_cmpuint (sonde_selection_get_n_rows (all), ==, 10);
  g_assert_cmpuint (sonde_selection_get_row (all, 9), ==, 4);
  g_assert_true (sonde_selection_get_table (even) == table);

  some = sonde_selection_new_from_rows (table, picked, G_N_ELEMENTS (picked));
  g_assert_cmpuint (sonde_selection_get_n_rows (some), ==, 3);
  g_assert_cmpuint (sonde_selection_get_row (some, 2), ==, 9);
}

static void
test_sort_large (void)
{
  g_autoptr(SondeTable) table = sonde_table_new ("t");
  g_autoptr(SondeColumn) col = sonde_column_new ("x", SONDE_COLUMN_TYPE_REAL);
  g_autoptr(SondeSelection) selection = NULL;
  GRand *rand = g_rand_new_with_seed (42);
  guint n = g_test_slow () ? 10000000 : 1000000;
  gint64 start;
  double seconds;

  sonde_column_reserve (col, n);
  for (guint i = 0; i < n; i++)
    sonde_column_append_real (col, g_rand_double_range (rand, -1e9, 1e9));
  g_assert_true (sonde_table_add_column (table, col, NULL));
  selection = sonde_selection_new_all (table);

  start = g_get_monotonic_time ();
  g_assert_true (sonde_selection_sort (selection, col, FALSE, NULL));
  seconds = (g_get_monotonic_time () - start) / 1e6;
  g_test_message ("sorted %u reals in %.3f s", n, seconds);

  for (guint i = 1; i < n; i++)
    g_assert_cmpfloat (sonde_column_get_real (col, sonde_selection_get_row (selection, i - 1)), <=,
                       sonde_column_get_real (col, sonde_selection_get_row (selection, i)));
  /* Time is reported, never asserted: bench/engine-sort measures the
   * 1 s goal for 10 million rows. */

  g_rand_free (rand);
}


/* A split is a partition of the rows (each row in exactly one part, none
 * lost or repeated), has the requested size, keeps the order of its parent,
 * and is the same for the same seed. */
static void
test_split (void)
{
  g_autoptr(SondeTable) table = sonde_table_new ("t");
  g_autoptr(SondeColumn) col = sonde_column_new ("x", SONDE_COLUMN_TYPE_INTEGER);
  g_autoptr(SondeSelection) all = NULL;
  const double fractions[] = { 0.0, 0.25, 0.7, 1.0 };
  const guint n = 1001;

  for (guint i = 0; i < n; i++)
    sonde_column_append_integer (col, (gint64) ((i * 7919) % n));
  g_assert_true (sonde_table_add_column (table, col, NULL));
  all = sonde_selection_new_all (table);
  g_assert_true (sonde_selection_sort (all, col, TRUE, NULL));

  for (guint f = 0; f < G_N_ELEMENTS (fractions); f++)
    {
      g_autoptr(SondeSelection) a = NULL;
      g_autoptr(SondeSelection) b = NULL;
      g_autoptr(SondeSelection) a2 = NULL;
      g_autoptr(SondeSelection) b2 = NULL;
      g_autofree guint8 *seen = g_new0 (guint8, n);
      guint expected = (guint) (fractions[f] * n + 0.5);

      sonde_selection_split (all, fractions[f], 42, &a, &b);
      sonde_selection_split (all, fractions[f], 42, &a2, &b2);

      g_assert_cmpuint (sonde_selection_get_n_rows (a), ==, expected);
      g_assert_cmpuint (sonde_selection_get_n_rows (a) + sonde_selection_get_n_rows (b), ==, n);
      g_assert_true (sonde_selection_get_table (a) == table);

      for (guint i = 0; i < sonde_selection_get_n_rows (a); i++)
        {
          g_assert_cmpuint (sonde_selection_get_row (a, i), ==, sonde_selection_get_row (a2, i));
          g_assert_cmpuint (seen[sonde_selection_get_row (a, i)]++, ==, 0);
          if (i > 0)
            g_assert_cmpint (sonde_column_get_integer (col, sonde_selection_get_row (a, i - 1)), >,
                             sonde_column_get_integer (col, sonde_selection_get_row (a, i)));
        }
      for (guint i = 0; i < sonde_selection_get_n_rows (b); i++)
        g_assert_cmpuint (seen[sonde_selection_get_row (b, i)]++, ==, 0);
      for (guint r = 0; r < n; r++)
        g_assert_cmpuint (seen[r], ==, 1);
    }

  /* Another seed draws another subset. */
  {
    g_autoptr(SondeSelection) a = NULL, b = NULL, c = NULL, d = NULL;
    gboolean differs = FALSE;

    sonde_selection_split (all, 0.5, 1, &a, &b);
    sonde_selection_split (all, 0.5, 2, &c, &d);
    for (guint i = 0; i < sonde_selection_get_n_rows (a); i++)
      differs |= sonde_selection_get_row (a, i) != sonde_selection_get_row (c, i);
    g_assert_true (differs);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/engine/selection/sort-against-reference", test_sort_against_reference);
  g_test_add_func ("/engine/selection/sort-twice-is-stable", test_sort_twice_is_stable);
  g_test_add_func ("/engine/selection/sort-text-refused", test_sort_text_refused);
  g_test_add_func ("/engine/selection/filter", test_filter);
  g_test_add_func ("/engine/selection/split", test_split);
  g_test_add_func ("/engine/selection/sort-large", test_sort_large);

  return g_test_run ();
}
