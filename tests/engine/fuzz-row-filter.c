/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fuzz-row-filter"

/* libFuzzer target for what a person types into the Data pane: a filter
 * operand (read as each column's type), a value to find, and text read
 * again as every column type by the column menu's "Change type". Every
 * input must give a filter or a GError, a found cell or none, a column or
 * a GError, without crash, leak or hang. The first byte picks the
 * operator; the rest is the text, and its lines are the values converted.
 * Built with clang only (see tests/engine/meson.build).
 */

#include "config.h"

#include <stddef.h>
#include <stdint.h>

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
  for (guint r = 0; r < 3; r++)
    {
      sonde_column_append_integer (columns[SONDE_COLUMN_TYPE_INTEGER], 30 + r);
      sonde_column_append_real (columns[SONDE_COLUMN_TYPE_REAL], 1.5 * r);
      sonde_column_append_boolean (columns[SONDE_COLUMN_TYPE_BOOLEAN], r % 2);
      sonde_column_append_category (columns[SONDE_COLUMN_TYPE_CATEGORICAL], r ? "Lyon" : "Lille", -1);
      sonde_column_append_text (columns[SONDE_COLUMN_TYPE_TEXT], r ? "Chloé" : "Alice", -1);
      sonde_column_append_date (columns[SONDE_COLUMN_TYPE_DATE], day + (gint32) r);
      if (r == 1)
        sonde_column_append_missing (columns[SONDE_COLUMN_TYPE_DATETIME]);
      else
        sonde_column_append_datetime (columns[SONDE_COLUMN_TYPE_DATETIME], (gint64) day * 86400 * G_USEC_PER_SEC);
    }
  for (guint t = 0; t < SONDE_COLUMN_N_TYPES; t++)
    {
      g_assert (sonde_table_add_column (table, columns[t], NULL));
      g_object_unref (columns[t]);
    }

  return table;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(SondeTable) table = NULL;
  g_autoptr(SondeSelection) all = NULL;
  g_autoptr(SondeColumn) typed = NULL;
  SondeFilterOperator op;

  if (size == 0)
    return 0;

  op = data[0] % SONDE_FILTER_N_OPERATORS;
  /* People type UTF-8; the entry would not let anything else through. */
  text = g_utf8_make_valid ((const char *) data + 1, (gssize) size - 1);
  lines = g_strsplit (text, "\n", 64);
  table = make_table ();
  all = sonde_selection_new_all (table);

  for (guint c = 0; c < sonde_table_get_n_columns (table); c++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SondeRowFilter) filter = sonde_row_filter_new (table, c, op, text, &error);

      if (filter == NULL && error == NULL)
        __builtin_trap ();
      if (filter != NULL)
        {
          g_autoptr(SondeSelection) kept = sonde_row_filter_apply (filter, all);
          g_autofree char *described = sonde_row_filter_describe (filter);

          if (sonde_selection_get_n_rows (kept) > 3)
            __builtin_trap ();
        }
    }

  {
    guint pos, col;

    if (sonde_selection_find (all, text, -1, 0, 0, data[0] & 1, NULL, &pos, &col)
        && (pos >= 3 || col >= sonde_table_get_n_columns (table)))
      __builtin_trap ();
  }

  typed = sonde_column_new ("typed", SONDE_COLUMN_TYPE_TEXT);
  for (guint i = 0; lines[i] != NULL; i++)
    sonde_column_append_text (typed, lines[i], -1);
  for (guint t = 0; t < SONDE_COLUMN_N_TYPES; t++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SondeColumn) converted = NULL;
      g_autofree char *first = NULL;
      guint failed = 0;

      converted = sonde_column_convert (typed, t, &failed, &first, &error);
      if (converted == NULL && error == NULL)
        __builtin_trap ();
      if (converted != NULL)
        for (guint r = 0; r < sonde_column_get_n_rows (converted); r++)
          g_free (sonde_column_format_value (converted, r));
    }

  return 0;
}
