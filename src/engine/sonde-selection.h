/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "sonde-table.h"

G_BEGIN_DECLS

/**
 * SondeRowPredicate:
 * @table: the table of the selection
 * @row: a row index in @table
 * @user_data: the data given to sonde_selection_filter()
 *
 * Decides whether a row stays in a filtered selection.
 *
 * Returns: %TRUE to keep @row.
 */
typedef gboolean (*SondeRowPredicate) (SondeTable *table,
                                       guint       row,
                                       gpointer    user_data);

#define SONDE_TYPE_SELECTION (sonde_selection_get_type ())

G_DECLARE_FINAL_TYPE (SondeSelection, sonde_selection, SONDE, SELECTION, GObject)

SondeSelection *sonde_selection_new_all        (SondeTable         *table);
SondeSelection *sonde_selection_new_from_rows  (SondeTable         *table,
                                                const guint32      *rows,
                                                guint               n_rows);
SondeTable     *sonde_selection_get_table      (SondeSelection     *self);
guint           sonde_selection_get_n_rows     (SondeSelection     *self);
guint           sonde_selection_get_row        (SondeSelection     *self,
                                                guint               position);
const guint32  *sonde_selection_get_rows       (SondeSelection     *self,
                                                guint              *n_rows);
gboolean        sonde_selection_sort           (SondeSelection     *self,
                                                SondeColumn        *column,
                                                gboolean            descending,
                                                GError            **error);
void            sonde_selection_split          (SondeSelection     *self,
                                                double              fraction,
                                                guint32             seed,
                                                SondeSelection    **first,
                                                SondeSelection    **second);
SondeSelection *sonde_selection_filter         (SondeSelection     *self,
                                                SondeRowPredicate   predicate,
                                                gpointer            user_data);

G_END_DECLS
