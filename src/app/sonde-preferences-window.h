/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SONDE_TYPE_PREFERENCES_WINDOW (sonde_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (SondePreferencesWindow, sonde_preferences_window, SONDE, PREFERENCES_WINDOW, AdwPreferencesWindow)

SondePreferencesWindow *sonde_preferences_window_new (GSettings *settings);

G_END_DECLS
