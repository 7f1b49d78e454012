/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void sonde_pane_add_run_shortcut (GtkWidget  *pane,
                                  const char *action_name);
void sonde_pane_add_shortcut     (GtkWidget  *pane,
                                  const char *trigger,
                                  const char *action_name);

void       sonde_pane_say          (GtkLabel    *label,
                                    const char  *text,
                                    gboolean     focus);
GtkWidget *sonde_pane_group        (const char  *title,
                                    GtkWidget   *child);
GtkWidget *sonde_pane_list_section (const char  *title,
                                    GtkListBox  *list,
                                    GtkLabel   **label_out);
GtkWidget *sonde_pane_boxed_list   (const char  *placeholder);
GtkWidget *sonde_pane_hint         (const char  *text);
GtkWidget *sonde_pane_button       (const char  *label,
                                    const char  *action);

G_END_DECLS
