/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sonde-data-grid.h"
#include "sonde-engine.h"

G_BEGIN_DECLS

#define SONDE_TYPE_DATA_PANE (sonde_data_pane_get_type ())

G_DECLARE_FINAL_TYPE (SondeDataPane, sonde_data_pane, SONDE, DATA_PANE, AdwBin)

SondeDataPane *sonde_data_pane_new         (GListStore    *datasets);
void           sonde_data_pane_show_table  (SondeDataPane *self,
                                            SondeTable    *table);
void           sonde_data_pane_show_rows   (SondeDataPane  *self,
                                            SondeTable     *table,
                                            SondeSelection *rows,
                                            const char     *what);
SondeTable    *sonde_data_pane_get_table   (SondeDataPane *self);
SondeDataGrid *sonde_data_pane_get_grid    (SondeDataPane *self);
gboolean       sonde_data_pane_is_busy     (SondeDataPane *self);

G_END_DECLS
