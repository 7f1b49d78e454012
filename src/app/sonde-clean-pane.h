/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sonde-cleaning.h"
#include "sonde-step-dialog.h"

G_BEGIN_DECLS

#define SONDE_TYPE_CLEAN_PANE (sonde_clean_pane_get_type ())

G_DECLARE_FINAL_TYPE (SondeCleanPane, sonde_clean_pane, SONDE, CLEAN_PANE, AdwBin)

SondeCleanPane  *sonde_clean_pane_new              (GListStore          *datasets,
                                                    SondeCleaning       *cleaning);
void             sonde_clean_pane_set_table        (SondeCleanPane      *self,
                                                    SondeTable          *table);
const char      *sonde_clean_pane_get_source       (SondeCleanPane      *self);
SondeStepDialog *sonde_clean_pane_open_step_dialog (SondeCleanPane      *self,
                                                    int                  index);
void             sonde_clean_pane_change           (SondeCleanPane      *self,
                                                    SondeCleaningChange  change,
                                                    guint                index,
                                                    guint                other);
gboolean         sonde_clean_pane_is_busy          (SondeCleanPane      *self);
const char      *sonde_clean_pane_get_status       (SondeCleanPane      *self);

/*
 * Signals:
 *   "show-table" void (SondeCleanPane *pane, SondeTable *table, gpointer user_data)
 *       the user asked to see the cleaned dataset in the Data pane.
 */

G_END_DECLS
