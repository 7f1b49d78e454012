/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SONDE_TYPE_APPLICATION (sonde_application_get_type ())

G_DECLARE_FINAL_TYPE (SondeApplication, sonde_application, SONDE, APPLICATION, AdwApplication)

SondeApplication *sonde_application_new             (void);
const char       *sonde_application_choose_renderer (void);
GSettings        *sonde_application_get_settings    (SondeApplication *self);
char             *sonde_application_get_samples_dir (void);

G_END_DECLS
