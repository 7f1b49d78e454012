/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sonde-table.h"

G_BEGIN_DECLS

#define SONDE_TYPE_CSV_WRITER (sonde_csv_writer_get_type ())

G_DECLARE_FINAL_TYPE (SondeCsvWriter, sonde_csv_writer, SONDE, CSV_WRITER, GObject)

SondeCsvWriter *sonde_csv_writer_new              (void);
char            sonde_csv_writer_get_delimiter    (SondeCsvWriter  *self);
void            sonde_csv_writer_set_delimiter    (SondeCsvWriter  *self,
                                                   char             delimiter);
const char     *sonde_csv_writer_get_encoding     (SondeCsvWriter  *self);
void            sonde_csv_writer_set_encoding     (SondeCsvWriter  *self,
                                                   const char      *encoding);
char            sonde_csv_writer_get_decimal_mark (SondeCsvWriter  *self);
void            sonde_csv_writer_set_decimal_mark (SondeCsvWriter  *self,
                                                   char             decimal_mark);
GBytes         *sonde_csv_writer_write_bytes      (SondeCsvWriter  *self,
                                                   SondeTable      *table,
                                                   GCancellable    *cancellable,
                                                   GError         **error);
gboolean        sonde_csv_writer_write_file       (SondeCsvWriter  *self,
                                                   SondeTable      *table,
                                                   GFile           *file,
                                                   GCancellable    *cancellable,
                                                   GError         **error);

G_END_DECLS
