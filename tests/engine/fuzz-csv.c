/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fuzz-csv"

/* libFuzzer target for SondeCsvReader: every input must give a table or
 * a GError, without crash, leak, hang or unbounded memory. Each input is
 * read twice, once with every setting on automatic and once with fixed
 * settings chosen from its first byte, so that the decimal-comma,
 * thousands-separator, padding and skipping paths are reached too.
 * Built with clang only (see tests/engine/meson.build).
 */

#include "config.h"

#include <stddef.h>
#include <stdint.h>

#include "sonde-engine.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

static void
read_once (GBytes         *bytes,
           SondeCsvReader *reader)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SondeTable) table = NULL;

  table = sonde_csv_reader_read_bytes (reader, bytes, "fuzz.csv", NULL, &error);
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
  static const char delimiters[] = { 0, ',', ';', '\t', '|' };
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(SondeCsvReader) automatic = sonde_csv_reader_new ();
  g_autoptr(SondeCsvReader) fixed = sonde_csv_reader_new ();
  guint8 knobs = size > 0 ? data[0] : 0;

  read_once (bytes, automatic);

  sonde_csv_reader_set_delimiter (fixed, delimiters[knobs % G_N_ELEMENTS (delimiters)]);
  sonde_csv_reader_set_ragged (fixed, (SondeCsvRagged) ((knobs >> 3) % 3));
  sonde_csv_reader_set_header (fixed, (SondeCsvHeader) ((knobs >> 5) % 3));
  if (knobs & 0x80)
    {
      sonde_csv_reader_set_decimal_mark (fixed, ',');
      sonde_csv_reader_set_thousands_separator (fixed, ' ');
      sonde_csv_reader_set_encoding (fixed, "ISO-8859-1");
    }
  read_once (bytes, fixed);

  return 0;
}
