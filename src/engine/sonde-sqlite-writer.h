/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sonde-progress.h"
#include "sonde-table.h"

G_BEGIN_DECLS

#define SONDE_TYPE_SQLITE_WRITER (sonde_sqlite_writer_get_type ())

G_DECLARE_FINAL_TYPE (SondeSqliteWriter, sonde_sqlite_writer, SONDE, SQLITE_WRITER, GObject)

SondeSqliteWriter *sonde_sqlite_writer_new               (void);
const char        *sonde_sqlite_writer_get_table_name    (SondeSqliteWriter  *self);
void               sonde_sqlite_writer_set_table_name    (SondeSqliteWriter  *self,
                                                          const char         *name);
gboolean           sonde_sqlite_writer_get_replace       (SondeSqliteWriter  *self);
void               sonde_sqlite_writer_set_replace       (SondeSqliteWriter  *self,
                                                          gboolean            replace);
void               sonde_sqlite_writer_set_progress_func (SondeSqliteWriter  *self,
                                                          SondeProgressFunc   func,
                                                          gpointer            user_data,
                                                          GDestroyNotify      destroy);
char              *sonde_sqlite_writer_make_table_name   (const char         *name);
gboolean           sonde_sqlite_writer_write_file        (SondeSqliteWriter  *self,
                                                          SondeTable         *table,
                                                          GFile              *file,
                                                          GCancellable       *cancellable,
                                                          GError            **error);

G_END_DECLS
