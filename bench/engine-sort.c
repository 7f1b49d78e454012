/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-engine-sort"

/* Bench of SondeSelection sorting, for the goal "sort 10 million numeric
 * rows in at most 1 s". Builds one column of N random values (reals,
 * integers with many ties, and reals with 10 % missing), sorts a
 * selection of all rows ascending then descending, checks the order,
 * and prints one line per run:
 * `kind<TAB>n<TAB>direction<TAB>wall seconds<TAB>CPU seconds`
 * (the CPU time includes the kernel zeroing fresh pages).
 *
 * Usage: engine-sort [N]   (default 10000000)
 * Exit status 1 if the order is wrong, 0 otherwise; the time is only
 * reported, so that a loaded machine does not fail a build.
 */

#include "config.h"

#include <stdlib.h>
#include <time.h>

#include "sonde-engine.h"

static gboolean
check_order (SondeColumn    *column,
             SondeSelection *selection,
             gboolean        descending)
{
  guint n = sonde_selection_get_n_rows (selection);
  gboolean seen_missing = FALSE;

  for (guint i = 1; i < n; i++)
    {
      guint a = sonde_selection_get_row (selection, i - 1);
      guint b = sonde_selection_get_row (selection, i);
      double x, y;

      if (sonde_column_is_missing (column, b))
        {
          seen_missing = TRUE;
          continue;
        }
      if (seen_missing || sonde_column_is_missing (column, a))
        return FALSE;

      x = sonde_column_get_number (column, a);
      y = sonde_column_get_number (column, b);
      if (descending ? x < y : x > y)
        return FALSE;
    }

  return TRUE;
}

static gboolean
run (const char      *kind,
     SondeColumnType  type,
     guint            missing_percent,
     guint            n)
{
  g_autoptr(SondeTable) table = sonde_table_new (kind);
  g_autoptr(SondeColumn) column = sonde_column_new ("x", type);
  GRand *rand = g_rand_new_with_seed (20241231);
  gboolean ok = TRUE;

  sonde_column_reserve (column, n);
  for (guint i = 0; i < n; i++)
    {
      if (missing_percent > 0 && g_rand_int_range (rand, 0, 100) < (gint32) missing_percent)
        sonde_column_append_missing (column);
      else if (type == SONDE_COLUMN_TYPE_INTEGER)
        sonde_column_append_integer (column, g_rand_int_range (rand, 0, 1000));
      else
        sonde_column_append_real (column, g_rand_double_range (rand, -1e6, 1e6));
    }
  g_rand_free (rand);

  if (!sonde_table_add_column (table, column, NULL))
    g_error ("cannot build the table");

  for (guint d = 0; d < 2; d++)
    {
      g_autoptr(SondeSelection) selection = sonde_selection_new_all (table);
      gint64 start = g_get_monotonic_time ();
      clock_t cpu_start = clock ();
      double seconds, cpu;

      if (!sonde_selection_sort (selection, column, d == 1, NULL))
        g_error ("sort failed");
      seconds = (g_get_monotonic_time () - start) / 1e6;
      cpu = (double) (clock () - cpu_start) / CLOCKS_PER_SEC;

      g_print ("%s\t%u\t%s\t%.3f\t%.3f\n", kind, n, d == 1 ? "descending" : "ascending", seconds, cpu);
      if (!check_order (column, selection, d == 1))
        {
          g_printerr ("%s: wrong order\n", kind);
          ok = FALSE;
        }
    }

  return ok;
}

int
main (int   argc,
      char *argv[])
{
  guint n = argc > 1 ? (guint) strtoul (argv[1], NULL, 10) : 10000000;
  gboolean ok = TRUE;

  sonde_engine_init ();

  ok &= run ("real", SONDE_COLUMN_TYPE_REAL, 0, n);
  ok &= run ("integer-ties", SONDE_COLUMN_TYPE_INTEGER, 0, n);
  ok &= run ("real-10%-missing", SONDE_COLUMN_TYPE_REAL, 10, n);

  return ok ? EXIT_SUCCESS : EXIT_FAILURE;
}
