/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fuzz-arff"

/* libFuzzer target for SondeArffReader: every input must give a table or
 * a GError, without crash, leak, hang or unbounded memory. A table that
 * is read is also written back with SondeArffWriter and read again, which
 * must succeed: what the writer writes, the reader reads. Built with
 * clang only (see tests/engine/meson.build).
 */

#include "config.h"

#include <stddef.h>
#include <stdint.h>

#include "sonde-engine.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(SondeArffReader) reader = sonde_arff_reader_new ();
  g_autoptr(SondeArffWriter) writer = sonde_arff_writer_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SondeTable) table = NULL;
  g_autoptr(SondeTable) again = NULL;
  g_autoptr(GBytes) written = NULL;

  table = sonde_arff_reader_read_bytes (reader, bytes, "fuzz.arff", NULL, &error);
  if (table == NULL && error == NULL)
    __builtin_trap ();
  if (table == NULL)
    return 0;

  /* Touch every value, as the grid would. */
  for (guint c = 0; c < sonde_table_get_n_columns (table); c++)
    {
      SondeColumn *col = sonde_table_get_column (table, c);

      for (guint r = 0; r < sonde_table_get_n_rows (table); r++)
        g_free (sonde_column_format_value (col, r));
    }

  written = sonde_arff_writer_write_bytes (writer, table, NULL, &error);
  if (written == NULL)
    __builtin_trap ();
  again = sonde_arff_reader_read_bytes (reader, written, "again.arff", NULL, &error);
  if (again == NULL && sonde_table_get_n_rows (table) > 0)
    __builtin_trap ();
  if (again != NULL &&
      (sonde_table_get_n_rows (again) != sonde_table_get_n_rows (table) ||
       sonde_table_get_n_columns (again) != sonde_table_get_n_columns (table)))
    __builtin_trap ();

  return 0;
}
