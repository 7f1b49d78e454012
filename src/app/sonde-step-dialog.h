/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sonde-cleaning.h"

G_BEGIN_DECLS

#define SONDE_TYPE_STEP_DIALOG (sonde_step_dialog_get_type ())

G_DECLARE_FINAL_TYPE (SondeStepDialog, sonde_step_dialog, SONDE, STEP_DIALOG, AdwWindow)

SondeStepDialog *sonde_step_dialog_new        (SondeCleaning   *cleaning,
                                               GListStore      *datasets,
                                               const char      *source,
                                               int              index);
void             sonde_step_dialog_set_step   (SondeStepDialog *self,
                                               const char      *kind,
                                               JsonObject      *params);
SondeStep       *sonde_step_dialog_build_step (SondeStepDialog *self,
                                               GError         **error);
void             sonde_step_dialog_preview    (SondeStepDialog *self);
void             sonde_step_dialog_apply      (SondeStepDialog *self);
gboolean         sonde_step_dialog_is_busy    (SondeStepDialog *self);
const char      *sonde_step_dialog_get_effect_text (SondeStepDialog *self);

/*
 * Signals:
 *   "applied" void (SondeStepDialog *dialog, const char *message, gpointer user_data)
 *       the step was added or changed; @message says what it did. The
 *       dialog closes itself after.
 */

G_END_DECLS
