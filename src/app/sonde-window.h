/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sonde-application.h"

G_BEGIN_DECLS

#define SONDE_TYPE_WINDOW (sonde_window_get_type ())

G_DECLARE_FINAL_TYPE (SondeWindow, sonde_window, SONDE, WINDOW, AdwApplicationWindow)

SondeWindow *sonde_window_new            (SondeApplication *application);
void         sonde_window_open_file      (SondeWindow      *self,
                                          GFile            *file);
void         sonde_window_open_project   (SondeWindow      *self,
                                          GFile            *file);
void         sonde_window_save_project   (SondeWindow      *self,
                                          GFile            *file);
gboolean     sonde_window_autosave       (SondeWindow      *self);
gboolean     sonde_window_is_saving      (SondeWindow      *self);
gboolean     sonde_window_is_loading     (SondeWindow      *self);
gboolean     sonde_window_has_unsaved_changes (SondeWindow *self);
GFile       *sonde_window_get_project_file (SondeWindow    *self);
GListModel  *sonde_window_get_datasets   (SondeWindow      *self);
void         sonde_window_show_pane      (SondeWindow      *self,
                                          const char       *name);

G_END_DECLS
