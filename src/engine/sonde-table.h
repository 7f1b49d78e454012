/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sonde-column.h"

G_BEGIN_DECLS

#define SONDE_TYPE_TABLE (sonde_table_get_type ())

G_DECLARE_FINAL_TYPE (SondeTable, sonde_table, SONDE, TABLE, GObject)

SondeTable  *sonde_table_new                (const char   *name);
const char  *sonde_table_get_name           (SondeTable   *self);
void         sonde_table_set_name           (SondeTable   *self,
                                             const char   *name);
const char  *sonde_table_get_source         (SondeTable   *self);
void         sonde_table_set_source         (SondeTable   *self,
                                             const char   *source);
guint        sonde_table_get_n_rows         (SondeTable   *self);
guint        sonde_table_get_n_columns      (SondeTable   *self);
SondeColumn *sonde_table_get_column         (SondeTable   *self,
                                             guint         index);
SondeColumn *sonde_table_find_column        (SondeTable   *self,
                                             const char   *name);
int          sonde_table_find_column_index  (SondeTable   *self,
                                             const char   *name);
gboolean     sonde_table_add_column         (SondeTable   *self,
                                             SondeColumn  *column,
                                             GError      **error);
gboolean     sonde_table_replace_column     (SondeTable   *self,
                                             guint         index,
                                             SondeColumn  *column,
                                             GError      **error);
gboolean     sonde_table_rename_column      (SondeTable   *self,
                                             guint         index,
                                             const char   *name,
                                             GError      **error);
SondeTable  *sonde_table_copy               (SondeTable   *self,
                                             const char   *name);
SondeTable  *sonde_table_share              (SondeTable   *self,
                                             const char   *name);
gsize        sonde_table_get_memory_size    (SondeTable   *self);

G_END_DECLS
