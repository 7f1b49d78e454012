/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * SondeFormat:
 * @SONDE_FORMAT_UNKNOWN: not a format Sonde reads
 * @SONDE_FORMAT_CSV: delimited text (CSV, TSV, any delimiter)
 * @SONDE_FORMAT_JSON: a JSON array of objects
 * @SONDE_FORMAT_NDJSON: one JSON object per line
 * @SONDE_FORMAT_ARFF: Weka's ARFF
 * @SONDE_FORMAT_XLSX: an Excel workbook (Office Open XML)
 * @SONDE_FORMAT_SQLITE: an SQLite database file
 *
 * The file formats the engine reads and writes.
 */
typedef enum
{
  SONDE_FORMAT_UNKNOWN,
  SONDE_FORMAT_CSV,
  SONDE_FORMAT_JSON,
  SONDE_FORMAT_NDJSON,
  SONDE_FORMAT_ARFF,
  SONDE_FORMAT_XLSX,
  SONDE_FORMAT_SQLITE,
} SondeFormat;

const char  *sonde_format_to_string      (SondeFormat   format);
SondeFormat  sonde_format_from_string    (const char   *name);
const char  *sonde_format_get_label      (SondeFormat   format);
SondeFormat  sonde_format_from_extension (const char   *filename);
SondeFormat  sonde_format_sniff          (const guint8 *data,
                                          gsize         size);
SondeFormat  sonde_format_guess_for_file (GFile        *file,
                                          GCancellable *cancellable,
                                          GError      **error);

G_END_DECLS
