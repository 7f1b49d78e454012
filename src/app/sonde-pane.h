/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void sonde_pane_add_run_shortcut (GtkWidget  *pane,
                                  const char *action_name);

G_END_DECLS
