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
