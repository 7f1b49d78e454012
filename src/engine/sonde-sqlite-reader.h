/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sonde-column.h"
#include "sonde-progress.h"
#include "sonde-table.h"

G_BEGIN_DECLS

#define SONDE_TYPE_SQLITE_READER (sonde_sqlite_reader_get_type ())

G_DECLARE_FINAL_TYPE (SondeSqliteReader, sonde_sqlite_reader, SONDE, SQLITE_READER, GObject)

SondeSqliteReader *sonde_sqlite_reader_new               (void);

const char        *sonde_sqlite_reader_get_table         (SondeSqliteReader    *self);
void               sonde_sqlite_reader_set_table         (SondeSqliteReader    *self,
                                                          const char           *name);
const char        *sonde_sqlite_reader_get_query         (SondeSqliteReader    *self);
void               sonde_sqlite_reader_set_query         (SondeSqliteReader    *self,
                                                          const char           *sql);
void               sonde_sqlite_reader_set_progress_func (SondeSqliteReader    *self,
                                                          SondeProgressFunc     func,
                                                          gpointer              user_data,
                                                          GDestroyNotify        destroy);
GPtrArray         *sonde_sqlite_reader_get_warnings      (SondeSqliteReader    *self);

GStrv              sonde_sqlite_reader_list_tables       (GFile                *file,
                                                          GError              **error);

SondeTable        *sonde_sqlite_reader_read_bytes        (SondeSqliteReader    *self,
                                                          GBytes               *bytes,
                                                          const char           *display_name,
                                                          GCancellable         *cancellable,
                                                          GError              **error);
SondeTable        *sonde_sqlite_reader_read_file         (SondeSqliteReader    *self,
                                                          GFile                *file,
                                                          GCancellable         *cancellable,
                                                          GError              **error);
void               sonde_sqlite_reader_read_file_async   (SondeSqliteReader    *self,
                                                          GFile                *file,
                                                          GCancellable         *cancellable,
                                                          GAsyncReadyCallback   callback,
                                                          gpointer              user_data);
SondeTable        *sonde_sqlite_reader_read_file_finish  (SondeSqliteReader    *self,
                                                          GAsyncResult         *result,
                                                          GError              **error);

G_END_DECLS
