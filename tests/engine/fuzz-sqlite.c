/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fuzz-sqlite"

/* libFuzzer target for SondeSqliteReader: every input, read as a
 * database file from memory, must give a table or a GError, without
 * crash, leak or hang. Each input is read twice: its first table, and a
 * query over the schema, so that both the table path and the query path
 * (with type inference over mixed storage classes) are reached. The
 * seeds are the databases of fixtures/sqlite/. Built with clang only
 * (see tests/engine/meson.build).
 */

#include "config.h"

#include <stddef.h>
#include <stdint.h>

#include "sonde-engine.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

static void
read_once (GBytes     *bytes,
           const char *query)
{
  g_autoptr(SondeSqliteReader) reader = sonde_sqlite_reader_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SondeTable) table = NULL;

  sonde_sqlite_reader_set_query (reader, query);
  table = sonde_sqlite_reader_read_bytes (reader, bytes, "fuzz.sqlite", NULL, &error);
  if (table == NULL && error == NULL)
    __builtin_trap ();
  if (table != NULL)
    {
      /* Touch every value, as the grid would. */
      for (guint c = 0; c < sonde_table_get_n_columns (table); c++)
        {
          SondeColumn *col = sonde_table_get_column (table, c);

          for (guint r = 0; r < sonde_table_get_n_rows (table); r++)
            g_free (sonde_column_format_value (col, r));
        }
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);

  read_once (bytes, NULL);
  read_once (bytes, "SELECT type, name, tbl_name, rootpage, sql FROM sqlite_schema");

  return 0;
}
