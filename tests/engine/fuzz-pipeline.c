/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fuzz-pipeline"

/* libFuzzer target for pipeline files: what a person edits by hand or
 * receives from someone else. Every input must give a pipeline or a
 * GError; a pipeline is then fitted on a small table holding every
 * column type (with missing values), replayed, saved and read back, and
 * the replay must give the table the fit gave. Joins and appends find
 * the same table under any name. Built with clang only (see
 * tests/engine/meson.build); seeds in fixtures/pipeline/.
 */

#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "sonde-engine.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

static SondeTable *
make_table (void)
{
  SondeTable *table = sonde_table_new ("fuzz");
  SondeColumn *columns[SONDE_COLUMN_N_TYPES];
  gint32 day;

  for (guint t = 0; t < SONDE_COLUMN_N_TYPES; t++)
    columns[t] = sonde_column_new (sonde_column_type_to_string (t), t);

  g_assert (sonde_date_from_ymd (2024, 3, 1, &day));
  for (guint r = 0; r < 5; r++)
    {
      if (r == 3)
        {
          for (guint t = 0; t < SONDE_COLUMN_N_TYPES; t++)
            sonde_column_append_missing (columns[t]);
          continue;
        }
      sonde_column_append_integer (columns[SONDE_COLUMN_TYPE_INTEGER], 30 + r * r);
      sonde_column_append_real (columns[SONDE_COLUMN_TYPE_REAL], 1.5 * r - 2);
      sonde_column_append_boolean (columns[SONDE_COLUMN_TYPE_BOOLEAN], r % 2);
      sonde_column_append_category (columns[SONDE_COLUMN_TYPE_CATEGORICAL], r ? "Lyon" : "Lille", -1);
      sonde_column_append_text (columns[SONDE_COLUMN_TYPE_TEXT], r ? " Chloé-12 " : "Alice,3", -1);
      sonde_column_append_date (columns[SONDE_COLUMN_TYPE_DATE], day + (gint32) r * 40);
      sonde_column_append_datetime (columns[SONDE_COLUMN_TYPE_DATETIME], ((gint64) day - r * 400) * 86400 * G_USEC_PER_SEC);
    }
  for (guint t = 0; t < SONDE_COLUMN_N_TYPES; t++)
    {
      g_assert (sonde_table_add_column (table, columns[t], NULL));
      g_object_unref (columns[t]);
    }

  return table;
}

static SondeTable *
lookup (const char  *name,
        gpointer     user_data,
        GError     **error)
{
  return make_table ();
}

static gboolean
same_table (SondeTable *a,
            SondeTable *b)
{
  if (sonde_table_get_n_rows (a) != sonde_table_get_n_rows (b) ||
      sonde_table_get_n_columns (a) != sonde_table_get_n_columns (b))
    return FALSE;
  for (guint c = 0; c < sonde_table_get_n_columns (a); c++)
    {
      SondeColumn *x = sonde_table_get_column (a, c), *y = sonde_table_get_column (b, c);

      if (strcmp (sonde_column_get_name (x), sonde_column_get_name (y)) != 0 ||
          sonde_column_get_column_type (x) != sonde_column_get_column_type (y))
        return FALSE;
      for (guint r = 0; r < sonde_table_get_n_rows (a); r++)
        {
          g_autofree char *vx = sonde_column_format_value (x, r);
          g_autofree char *vy = sonde_column_format_value (y, r);

          if (sonde_column_is_missing (x, r) != sonde_column_is_missing (y, r) || g_strcmp0 (vx, vy) != 0)
            return FALSE;
        }
    }
  return TRUE;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SondePipeline) pipeline = NULL;
  g_autoptr(SondePipeline) reloaded = NULL;
  g_autoptr(SondeTable) table = NULL;
  g_autoptr(SondeTable) fitted = NULL;
  g_autoptr(GArray) effects = NULL;
  g_autofree char *saved = NULL;

  pipeline = sonde_pipeline_new_from_data ((const char *) data, (gssize) size, &error);
  if (pipeline == NULL)
    {
      if (error == NULL)
        __builtin_trap ();
      return 0;
    }
  sonde_pipeline_set_lookup (pipeline, lookup, NULL, NULL);
  table = make_table ();

  /* A pipeline fitted in the file replays as it is. */
  {
    g_autoptr(GError) replay_error = NULL;
    g_autoptr(SondeTable) replayed = sonde_pipeline_apply (pipeline, table, NULL, &replay_error);

    if (replayed == NULL && replay_error == NULL)
      __builtin_trap ();
  }

  fitted = sonde_pipeline_fit_apply (pipeline, table, &effects, &error);
  if (fitted == NULL)
    {
      if (error == NULL)
        __builtin_trap ();
      return 0;
    }
  for (guint i = 0; i < effects->len; i++)
    g_free (sonde_step_effect_describe (&g_array_index (effects, SondeStepEffect, i)));

  saved = sonde_pipeline_to_data (pipeline);
  reloaded = sonde_pipeline_new_from_data (saved, -1, &error);
  if (reloaded == NULL)
    __builtin_trap ();
  sonde_pipeline_set_lookup (reloaded, lookup, NULL, NULL);
  {
    g_autoptr(SondeTable) replayed = sonde_pipeline_apply (reloaded, table, NULL, &error);

    if (replayed == NULL || !same_table (fitted, replayed))
      __builtin_trap ();
  }

  return 0;
}
