/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sqlite3.h>

#include "sonde-sqlite-writer.h"

G_BEGIN_DECLS

/* For SondeProject, which writes all its datasets through one connection
 * in one transaction of its own (see sonde-project.c). */
const char *sonde_sqlite_writer_declared_type (SondeColumnType     type);
gboolean    sonde_sqlite_writer_write_to_db   (SondeSqliteWriter  *self,
                                               sqlite3            *db,
                                               const char         *display_name,
                                               SondeTable         *table,
                                               GCancellable       *cancellable,
                                               GError            **error);

G_END_DECLS
