/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sonde-column.h"

G_BEGIN_DECLS

/* Raw access for the engine's inner loops (sorting, later statistics),
 * where a function call and its checks per value would dominate. Not
 * part of the public API: the layout may change. */

const void    *_sonde_column_get_values  (SondeColumn *self);
const guint64 *_sonde_column_get_missing (SondeColumn *self);

/* Bulk filling, for the parallel CSV reader: _sonde_column_fill_begin()
 * sizes an empty column to exactly @n_rows rows (values zeroed, missing
 * bitmap zeroed) and returns the value array, which several threads may
 * then write at disjoint rows; missing bits are set with
 * _sonde_bitmap_set_atomic() on the array from
 * _sonde_column_get_missing_for_fill(). _sonde_column_fill_end() then
 * records how many are missing and, for TEXT, takes @text (@text_len
 * bytes, starting with the empty string at offset 0) as the arena. */
gpointer       _sonde_column_fill_begin           (SondeColumn *self,
                                                   guint        n_rows);
guint64       *_sonde_column_get_missing_for_fill (SondeColumn *self);
void           _sonde_column_fill_end             (SondeColumn *self,
                                                   guint        n_missing,
                                                   char        *text,
                                                   gsize        text_len);

static inline void
_sonde_bitmap_set_atomic (guint64 *bitmap,
                          guint    row)
{
  __atomic_fetch_or (&bitmap[row / 64], G_GUINT64_CONSTANT (1) << (row % 64), __ATOMIC_RELAXED);
}

static inline gboolean
_sonde_bitmap_get (const guint64 *bitmap,
                   guint          row)
{
  return bitmap != NULL && ((bitmap[row / 64] >> (row % 64)) & 1);
}

/* The shortest of %.15g and %.17g that reads back to the same double, in
 * the C locale: how every part of the engine writes a real as text. */
char *sonde_column_format_real (double value);

/* Reading one value typed by a person or found in a file, as the column
 * conversion and the row filter do: a decimal point or comma, ISO or
 * day/month/year dates, yes/no words in English and French. Leading and
 * trailing spaces are ignored. */
gboolean _sonde_parse_integer  (const char *text,
                                gint64     *out);
gboolean _sonde_parse_real     (const char *text,
                                double     *out);
gboolean _sonde_parse_boolean  (const char *text,
                                gboolean   *out);
gboolean _sonde_parse_date     (const char *text,
                                gint32     *out);
gboolean _sonde_parse_datetime (const char *text,
                                gint64     *out);

G_END_DECLS
