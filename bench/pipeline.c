/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-pipeline"

/* Bench of the clean pipeline (SondePipeline) on N rows, for "efficient
 * on 10 M rows": a table of a real column with 2 % missing, a category
 * of five cities with 1.4 % missing and a whole number with many
 * repeats, cleaned by eight steps (median and mode imputation, IQR
 * capping, standardising, one-hot, quantile binning, deduplication on a
 * key, group and mean). Prints one line per step fitted alone on the
 * table (`step<TAB>kind<TAB>wall seconds`), then the whole pipeline
 * fitted and replayed (`fit` and `replay` lines), and checks that the
 * replay gives the fitted table's shape.
 *
 * Usage: pipeline [N]   (default 10000000)
 * Exit status 1 if a step fails or the replay differs, 0 otherwise; the
 * times are only reported.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "sonde-engine.h"

static const char *pipeline_json =
  "{\"format\":\"sonde-pipeline\",\"version\":1,\"steps\":["
  "{\"kind\":\"impute\",\"params\":{\"columns\":[\"x\"],\"method\":\"median\"}},"
  "{\"kind\":\"impute\",\"params\":{\"columns\":[\"city\"],\"method\":\"mode\"}},"
  "{\"kind\":\"outliers\",\"params\":{\"columns\":[\"x\"]}},"
  "{\"kind\":\"scale\",\"params\":{\"columns\":[\"x\"],\"method\":\"standard\"}},"
  "{\"kind\":\"onehot\",\"params\":{\"column\":\"city\",\"keep\":true}},"
  "{\"kind\":\"bin\",\"params\":{\"column\":\"n\",\"bins\":10,\"method\":\"quantile\"}},"
  "{\"kind\":\"deduplicate\",\"params\":{\"columns\":[\"n\"]}},"
  "{\"kind\":\"aggregate\",\"params\":{\"by\":[\"city\"],\"aggregations\":[{\"function\":\"mean\",\"column\":\"x\"}]}}"
  "]}";

static SondeTable *
make_table (guint n)
{
  static const char *cities[] = { "Paris", "Lyon", "Lille", "Nantes", "Brest" };
  SondeTable *table = sonde_table_new ("bench");
  g_autoptr(SondeColumn) x = sonde_column_new ("x", SONDE_COLUMN_TYPE_REAL);
  g_autoptr(SondeColumn) city = sonde_column_new ("city", SONDE_COLUMN_TYPE_CATEGORICAL);
  g_autoptr(SondeColumn) k = sonde_column_new ("n", SONDE_COLUMN_TYPE_INTEGER);
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261124);

  sonde_column_reserve (x, n);
  sonde_column_reserve (city, n);
  sonde_column_reserve (k, n);
  for (guint i = 0; i < n; i++)
    {
      if (i % 50 == 0)
        sonde_column_append_missing (x);
      else
        sonde_column_append_real (x, g_rand_double (rand) * 100);
      if (i % 70 == 0)
        sonde_column_append_missing (city);
      else
        sonde_column_append_category (city, cities[i % 5], -1);
      sonde_column_append_integer (k, g_rand_int_range (rand, 0, (gint32) MAX (n / 2, 1)));
    }
  g_assert (sonde_table_add_column (table, x, NULL));
  g_assert (sonde_table_add_column (table, city, NULL));
  g_assert (sonde_table_add_column (table, k, NULL));
  return table;
}

int
main (int   argc,
      char *argv[])
{
  guint n = argc > 1 ? (guint) strtoul (argv[1], NULL, 10) : 10000000;
  g_autoptr(SondeTable) table = make_table (n);
  g_autoptr(GError) error = NULL;
  g_autoptr(SondePipeline) pipeline = sonde_pipeline_new_from_data (pipeline_json, -1, &error);
  g_autoptr(SondeTable) fitted = NULL;
  g_autoptr(SondeTable) replayed = NULL;
  g_autoptr(GArray) effects = NULL;
  gint64 start;

  g_assert_no_error (error);
  sonde_engine_init ();

  /* Each step alone on the table (the last needs the bins: skipped). */
  for (guint s = 0; s + 1 < sonde_pipeline_get_n_steps (pipeline); s++)
    {
      SondeStep *step = sonde_pipeline_get_step (pipeline, s);
      g_autoptr(SondeTable) out = NULL;

      start = g_get_monotonic_time ();
      out = sonde_step_fit_apply (step, table, NULL, NULL, NULL, &error);
      if (out == NULL)
        {
          g_printerr ("step %u: %s\n", s + 1, error->message);
          return 1;
        }
      printf ("step\t%s\t%.3f\n", sonde_step_get_kind (step), (g_get_monotonic_time () - start) / 1e6);
    }

  start = g_get_monotonic_time ();
  fitted = sonde_pipeline_fit_apply (pipeline, table, &effects, &error);
  if (fitted == NULL)
    {
      g_printerr ("fit: %s\n", error->message);
      return 1;
    }
  printf ("fit\t%u\t%.3f\n", n, (g_get_monotonic_time () - start) / 1e6);

  start = g_get_monotonic_time ();
  replayed = sonde_pipeline_apply (pipeline, table, NULL, &error);
  if (replayed == NULL)
    {
      g_printerr ("replay: %s\n", error->message);
      return 1;
    }
  printf ("replay\t%u\t%.3f\n", n, (g_get_monotonic_time () - start) / 1e6);

  for (guint i = 0; i < effects->len; i++)
    {
      g_autofree char *said = sonde_step_effect_describe (&g_array_index (effects, SondeStepEffect, i));

      printf ("# %u %s: %s\n", i + 1, sonde_step_get_kind (sonde_pipeline_get_step (pipeline, i)), said);
    }

  if (sonde_table_get_n_rows (fitted) != sonde_table_get_n_rows (replayed) ||
      sonde_table_get_n_columns (fitted) != sonde_table_get_n_columns (replayed))
    {
      g_printerr ("the replay differs from the fit\n");
      return 1;
    }
  return 0;
}
