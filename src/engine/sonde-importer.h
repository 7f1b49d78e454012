/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sonde-csv-reader.h"
#include "sonde-format.h"
#include "sonde-progress.h"
#include "sonde-table.h"

G_BEGIN_DECLS

#define SONDE_TYPE_IMPORTER (sonde_importer_get_type ())

G_DECLARE_FINAL_TYPE (SondeImporter, sonde_importer, SONDE, IMPORTER, GObject)

SondeImporter   *sonde_importer_new                  (void);
SondeFormat      sonde_importer_get_format           (SondeImporter        *self);
void             sonde_importer_set_format           (SondeImporter        *self,
                                                      SondeFormat           format);
SondeFormat      sonde_importer_get_detected_format  (SondeImporter        *self);
SondeCsvReader  *sonde_importer_get_csv_reader       (SondeImporter        *self);
const char      *sonde_importer_get_sheet            (SondeImporter        *self);
void             sonde_importer_set_sheet            (SondeImporter        *self,
                                                      const char           *sheet);
const char      *sonde_importer_get_table            (SondeImporter        *self);
void             sonde_importer_set_table            (SondeImporter        *self,
                                                      const char           *table);
const char      *sonde_importer_get_query            (SondeImporter        *self);
void             sonde_importer_set_query            (SondeImporter        *self,
                                                      const char           *query);
void             sonde_importer_set_progress_func    (SondeImporter        *self,
                                                      SondeProgressFunc     func,
                                                      gpointer              user_data,
                                                      GDestroyNotify        destroy);
const char * const *sonde_importer_get_warnings      (SondeImporter        *self);
SondeTable      *sonde_importer_import_file          (SondeImporter        *self,
                                                      GFile                *file,
                                                      GCancellable         *cancellable,
                                                      GError              **error);
void             sonde_importer_import_file_async    (SondeImporter        *self,
                                                      GFile                *file,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
SondeTable      *sonde_importer_import_file_finish   (SondeImporter        *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);

G_END_DECLS
