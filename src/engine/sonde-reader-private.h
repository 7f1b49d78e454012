/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gio/gio.h>
#include <sqlite3.h>

#include "sonde-table.h"

G_BEGIN_DECLS

/* Engine-internal helpers shared by the file readers (JSON, ARFF, XLSX,
 * SQLite). Not installed and not part of sonde-engine.h. */

/* At most this many distinct labels make a column categorical. */
#define SONDE_READER_MAX_CATEGORIES 1000

typedef SondeTable *(*SondeReadBytesFunc) (gpointer       reader,
                                           GBytes        *bytes,
                                           const char    *display_name,
                                           GCancellable  *cancellable,
                                           GError       **error);
typedef SondeTable *(*SondeReadFileFunc) (gpointer       reader,
                                          GFile         *file,
                                          GCancellable  *cancellable,
                                          GError       **error);

GBytes     *sonde_reader_load_file        (GFile                *file,
                                           guint                 memory_fraction,
                                           GCancellable         *cancellable,
                                           char                **display_name,
                                           char                **source,
                                           GError              **error);
SondeTable *sonde_reader_read_file        (gpointer              reader,
                                           SondeReadBytesFunc    read_bytes,
                                           GFile                *file,
                                           guint                 memory_fraction,
                                           GCancellable         *cancellable,
                                           GError              **error);
void        sonde_reader_read_file_async  (gpointer              reader,
                                           SondeReadFileFunc     read_file,
                                           gpointer              source_tag,
                                           GFile                *file,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
SondeTable *sonde_reader_read_file_finish (gpointer              reader,
                                           GAsyncResult         *result,
                                           gpointer              source_tag,
                                           GError              **error);

guint       sonde_reader_category_limit   (guint                 n_present);
char       *sonde_reader_renamed          (GHashTable           *seen,
                                           const char           *base);
char       *sonde_reader_placeholder_name (GHashTable           *seen,
                                           guint                 column);
gboolean    sonde_reader_parse_date_iso   (const char           *s,
                                           gsize                 n,
                                           gint32               *days);
gboolean    sonde_reader_parse_digits     (const char           *s,
                                           gsize                 n,
                                           int                  *out);

SondeTable *sonde_sqlite_read_statement   (sqlite3_stmt         *stmt,
                                           const char           *display_name,
                                           GCancellable         *cancellable,
                                           GError              **error);

G_END_DECLS
