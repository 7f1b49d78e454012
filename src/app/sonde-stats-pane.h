/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sonde-engine.h"
#include "sonde-stats-report.h"

G_BEGIN_DECLS

#define SONDE_TYPE_STATS_PANE (sonde_stats_pane_get_type ())

G_DECLARE_FINAL_TYPE (SondeStatsPane, sonde_stats_pane, SONDE, STATS_PANE, AdwBin)

SondeStatsPane *sonde_stats_pane_new            (GListStore        *datasets);
void            sonde_stats_pane_set_table      (SondeStatsPane    *self,
                                                 SondeTable        *table);
void            sonde_stats_pane_set_kind       (SondeStatsPane    *self,
                                                 SondeAnalysisKind  kind);
void            sonde_stats_pane_add_column     (SondeStatsPane    *self,
                                                 SondeAnalysisRole  role,
                                                 const char        *name);
void            sonde_stats_pane_remove_column  (SondeStatsPane    *self,
                                                 SondeAnalysisRole  role,
                                                 const char        *name);
SondeAnalysis  *sonde_stats_pane_build_analysis (SondeStatsPane    *self);
gboolean        sonde_stats_pane_is_busy        (SondeStatsPane    *self);
guint           sonde_stats_pane_get_n_results  (SondeStatsPane    *self);
SondeStatsReport *sonde_stats_pane_get_result   (SondeStatsPane    *self,
                                                 guint              index);

G_END_DECLS
