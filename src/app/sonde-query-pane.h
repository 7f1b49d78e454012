/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sonde-engine.h"

G_BEGIN_DECLS

#define SONDE_TYPE_QUERY_PANE (sonde_query_pane_get_type ())

G_DECLARE_FINAL_TYPE (SondeQueryPane, sonde_query_pane, SONDE, QUERY_PANE, AdwBin)

SondeQueryPane *sonde_query_pane_new                  (GListStore     *datasets);
char           *sonde_query_pane_get_sql              (SondeQueryPane *self);
void            sonde_query_pane_set_sql              (SondeQueryPane *self,
                                                       const char     *sql);
void            sonde_query_pane_run                  (SondeQueryPane *self);
gboolean        sonde_query_pane_is_busy              (SondeQueryPane *self);
SondeTable     *sonde_query_pane_get_result           (SondeQueryPane *self);
GtkWidget      *sonde_query_pane_get_editor           (SondeQueryPane *self);
GtkWidget      *sonde_query_pane_get_grid             (SondeQueryPane *self);

void            sonde_query_pane_save_query           (SondeQueryPane *self,
                                                       const char     *name);
char           *sonde_query_pane_save_result          (SondeQueryPane *self,
                                                       const char     *name);
guint           sonde_query_pane_get_n_saved_queries  (SondeQueryPane *self);
const char     *sonde_query_pane_get_saved_query_name (SondeQueryPane *self,
                                                       guint           index);
const char     *sonde_query_pane_get_saved_query_sql  (SondeQueryPane *self,
                                                       guint           index);
void            sonde_query_pane_load_saved_query     (SondeQueryPane *self,
                                                       guint           index);
void            sonde_query_pane_remove_saved_query   (SondeQueryPane *self,
                                                       guint           index);
void            sonde_query_pane_set_saved_queries    (SondeQueryPane *self,
                                                       const char * const *names,
                                                       const char * const *sqls);

/*
 * Signals:
 *   "saved-queries-changed" void (SondeQueryPane *pane, gpointer user_data)
 *       a query was saved, replaced or removed (the project has changes).
 */

G_END_DECLS
