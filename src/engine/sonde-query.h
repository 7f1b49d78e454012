/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sonde-table.h"

G_BEGIN_DECLS

#define SONDE_TYPE_QUERY (sonde_query_get_type ())

G_DECLARE_FINAL_TYPE (SondeQuery, sonde_query, SONDE, QUERY, GObject)

SondeQuery *sonde_query_new                (const char           *sql);
const char *sonde_query_get_sql            (SondeQuery           *self);
void        sonde_query_add_table          (SondeQuery           *self,
                                            SondeTable           *table);
SondeTable *sonde_query_run                (SondeQuery           *self,
                                            GCancellable         *cancellable,
                                            GError              **error);
void        sonde_query_run_async          (SondeQuery           *self,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
SondeTable *sonde_query_run_finish         (SondeQuery           *self,
                                            GAsyncResult         *result,
                                            GError              **error);
gboolean    sonde_query_get_error_position (SondeQuery           *self,
                                            guint                *line,
                                            guint                *column);

G_END_DECLS
