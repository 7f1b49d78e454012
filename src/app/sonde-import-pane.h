/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SONDE_TYPE_IMPORT_PANE (sonde_import_pane_get_type ())

G_DECLARE_FINAL_TYPE (SondeImportPane, sonde_import_pane, SONDE, IMPORT_PANE, AdwBin)

SondeImportPane *sonde_import_pane_new      (GListStore      *datasets);
void             sonde_import_pane_set_file (SondeImportPane *self,
                                             GFile           *file);
GFile           *sonde_import_pane_get_file (SondeImportPane *self);
gboolean         sonde_import_pane_get_busy (SondeImportPane *self);

G_END_DECLS
