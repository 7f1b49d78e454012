/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SONDE_TYPE_PROJECT_PANE (sonde_project_pane_get_type ())

G_DECLARE_FINAL_TYPE (SondeProjectPane, sonde_project_pane, SONDE, PROJECT_PANE, AdwBin)

SondeProjectPane *sonde_project_pane_new (GListStore *datasets);

G_END_DECLS
