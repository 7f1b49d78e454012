/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sonde-cleaning.h"

G_BEGIN_DECLS

#define SONDE_TYPE_QUALITY_PANE (sonde_quality_pane_get_type ())

G_DECLARE_FINAL_TYPE (SondeQualityPane, sonde_quality_pane, SONDE, QUALITY_PANE, AdwBin)

SondeQualityPane *sonde_quality_pane_new         (GListStore       *datasets);
void              sonde_quality_pane_set_table   (SondeQualityPane *self,
                                                  SondeTable       *table);
void              sonde_quality_pane_check       (SondeQualityPane *self);
gboolean          sonde_quality_pane_is_busy     (SondeQualityPane *self);
SondeProfile     *sonde_quality_pane_get_profile (SondeQualityPane *self);
void              sonde_quality_pane_show_column (SondeQualityPane *self,
                                                  guint             index);
gboolean          sonde_quality_pane_add_rule    (SondeQualityPane *self,
                                                  const char       *rule,
                                                  GError          **error);
void              sonde_quality_pane_get_rules   (SondeQualityPane   *self,
                                                  GStrv              *datasets,
                                                  GStrv              *expressions);
void              sonde_quality_pane_set_rules   (SondeQualityPane   *self,
                                                  const char * const *datasets,
                                                  const char * const *expressions);
void              sonde_quality_pane_set_cleaning (SondeQualityPane *self,
                                                  SondeCleaning    *cleaning);
void              sonde_quality_pane_apply_fix   (SondeQualityPane *self,
                                                  guint             index,
                                                  guint             choice);
void              sonde_quality_pane_show_finding_rows (SondeQualityPane *self,
                                                  guint             index);

/*
 * Signals:
 *   "show-rows" void (SondeQualityPane *pane, SondeTable *table,
 *                     SondeSelection *rows, const char *what, gpointer user_data)
 *       the user asked to see the rows of a finding in the Data pane.
 *   "rules-changed" void (SondeQualityPane *pane, gpointer user_data)
 *       a rule was added or removed.
 */

G_END_DECLS
