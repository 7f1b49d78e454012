/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "sonde-engine.h"

G_BEGIN_DECLS

/**
 * SondeSortOrder:
 * @SONDE_SORT_NONE: rows in the order of the file
 * @SONDE_SORT_ASCENDING: smallest first
 * @SONDE_SORT_DESCENDING: largest first
 *
 * The sort state a column header shows and the grid speaks.
 */
typedef enum
{
  SONDE_SORT_NONE,
  SONDE_SORT_ASCENDING,
  SONDE_SORT_DESCENDING,
} SondeSortOrder;

#define SONDE_TYPE_DATA_GRID (sonde_data_grid_get_type ())

G_DECLARE_FINAL_TYPE (SondeDataGrid, sonde_data_grid, SONDE, DATA_GRID, GtkWidget)

GtkWidget      *sonde_data_grid_new                (void);
SondeSelection *sonde_data_grid_get_selection      (SondeDataGrid  *self);
void            sonde_data_grid_set_selection      (SondeDataGrid  *self,
                                                    SondeSelection *selection);
SondeTable     *sonde_data_grid_get_table          (SondeDataGrid  *self);
guint           sonde_data_grid_get_cursor_row     (SondeDataGrid  *self);
guint           sonde_data_grid_get_cursor_column  (SondeDataGrid  *self);
void            sonde_data_grid_set_cursor         (SondeDataGrid  *self,
                                                    guint           row,
                                                    guint           column);
void            sonde_data_grid_set_sort           (SondeDataGrid  *self,
                                                    int             column,
                                                    SondeSortOrder  order);
int             sonde_data_grid_get_sort_column    (SondeDataGrid  *self);
SondeSortOrder  sonde_data_grid_get_sort_order     (SondeDataGrid  *self);
char           *sonde_data_grid_describe_cursor    (SondeDataGrid  *self);
char           *sonde_data_grid_describe_column    (SondeDataGrid  *self,
                                                    guint           column);
void            sonde_data_grid_announce           (SondeDataGrid  *self,
                                                    const char     *text);
gboolean        sonde_data_grid_get_cell_area      (SondeDataGrid  *self,
                                                    guint           row,
                                                    guint           column,
                                                    graphene_rect_t *area);

/* Added with the implementation. */
guint           sonde_data_grid_get_n_formatted_cells (SondeDataGrid *self);

/*
 * Signals (see sonde-data-grid.c):
 *   "cursor-moved"          void (SondeDataGrid *grid, gpointer user_data)
 *   "column-menu-requested" void (SondeDataGrid *grid, guint column, gpointer user_data)
 *   "activate-header"       void (SondeDataGrid *grid, guint column, gpointer user_data)
 * Actions: "grid.move-cursor" "(ii)", "grid.describe-column", "grid.column-menu".
 */

void            sonde_data_grid_set_row_header_column (SondeDataGrid *self,
                                                       int            column);

G_END_DECLS
