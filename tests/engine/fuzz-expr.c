/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fuzz-expr"

/* libFuzzer target for the expression language (sonde-expr.c): what a
 * person types as a filter, a derived column or a profile rule. Every
 * input must give an expression or a GError with a position inside the
 * text, and every expression must evaluate on a small table with every
 * column type and missing values, without crash, leak or hang. Built
 * with clang only (see tests/engine/meson.build).
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
  const char *names[] = { "age", "income", "active", "city", "name", "start", "seen", "postcode", "end", "full name" };
  const SondeColumnType types[] = {
    SONDE_COLUMN_TYPE_INTEGER, SONDE_COLUMN_TYPE_REAL, SONDE_COLUMN_TYPE_BOOLEAN,
    SONDE_COLUMN_TYPE_CATEGORICAL, SONDE_COLUMN_TYPE_TEXT, SONDE_COLUMN_TYPE_DATE,
    SONDE_COLUMN_TYPE_DATETIME, SONDE_COLUMN_TYPE_TEXT, SONDE_COLUMN_TYPE_DATE, SONDE_COLUMN_TYPE_TEXT,
  };
  gint32 day;

  g_assert (sonde_date_from_ymd (2024, 3, 1, &day));
  for (guint c = 0; c < G_N_ELEMENTS (names); c++)
    {
      g_autoptr(SondeColumn) column = sonde_column_new (names[c], types[c]);

      for (guint r = 0; r < 5; r++)
        {
          if ((r + c) % 4 == 3)
            {
              sonde_column_append_missing (column);
              continue;
            }
          switch (types[c])
            {
            case SONDE_COLUMN_TYPE_INTEGER: sonde_column_append_integer (column, (gint64) r * 40 - 30); break;
            case SONDE_COLUMN_TYPE_REAL: sonde_column_append_real (column, r * 1.5 - 2); break;
            case SONDE_COLUMN_TYPE_BOOLEAN: sonde_column_append_boolean (column, r % 2); break;
            case SONDE_COLUMN_TYPE_CATEGORICAL: sonde_column_append_category (column, r ? "Lyon" : "Saint-Étienne", -1); break;
            case SONDE_COLUMN_TYPE_TEXT: sonde_column_append_text (column, r ? "69001" : " Chloé ", -1); break;
            case SONDE_COLUMN_TYPE_DATE: sonde_column_append_date (column, day + (gint32) r * 40 - 60); break;
            case SONDE_COLUMN_TYPE_DATETIME: sonde_column_append_datetime (column, ((gint64) day * 86400 + r * 5000) * G_USEC_PER_SEC); break;
            default: g_assert_not_reached ();
            }
        }
      g_assert (sonde_table_add_column (table, column, NULL));
    }
  return table;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static SondeTable *table;
  g_autofree char *text = NULL;
  g_autoptr(SondeExpr) expr = NULL;
  g_autoptr(GError) error = NULL;
  SondeExprPosition where = { 0 };

  if (table == NULL)
    table = make_table ();
  /* People type UTF-8; the entry would not let anything else through.
   * Invalid bytes are tried too, on the first byte's say. */
  if (size > 0 && data[0] == 0xff)
    text = g_strndup ((const char *) data + 1, size - 1);
  else
    text = g_utf8_make_valid ((const char *) data, (gssize) size);

  expr = sonde_expr_parse (text, table, &where, &error);
  if (expr == NULL)
    {
      if (error == NULL || (g_utf8_validate (text, -1, NULL) &&
                            where.offset + where.length > (guint) g_utf8_strlen (text, -1)))
        __builtin_trap ();
      return 0;
    }

  {
    g_autoptr(SondeColumn) column = sonde_expr_evaluate (expr, table, NULL, NULL, &error);
    g_auto(GStrv) names = sonde_expr_get_column_names (expr);

    if (column == NULL || names == NULL || sonde_column_get_n_rows (column) != sonde_table_get_n_rows (table))
      __builtin_trap ();
    for (guint r = 0; r < sonde_column_get_n_rows (column); r++)
      g_free (sonde_column_format_value (column, r));
  }
  if (sonde_expr_is_predicate (expr))
    {
      g_autoptr(SondeSelection) kept = sonde_expr_select (expr, table, NULL, NULL, NULL, &error);
      g_autofree guint8 *truth = sonde_expr_evaluate_truth (expr, table, NULL, NULL, &error);

      if (kept == NULL || truth == NULL || sonde_selection_get_n_rows (kept) > sonde_table_get_n_rows (table))
        __builtin_trap ();
    }
  return 0;
}
