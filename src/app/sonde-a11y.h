/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

void sonde_a11y_name_icon_button (GtkWidget  *button,
                                  const char *label);
void sonde_a11y_set_label        (GtkWidget  *widget,
                                  const char *label);
void sonde_a11y_set_description  (GtkWidget  *widget,
                                  const char *description);
void sonde_a11y_fix_mnemonic_names (GtkWidget *root);
void sonde_a11y_repair_names       (GtkWidget *root);
void sonde_a11y_watch_window       (GtkWindow *window);
void sonde_a11y_name_popover_menu  (GtkWidget  *popover,
                                    const char *label);

void sonde_a11y_follow_combo_row  (AdwComboRow *row);

void sonde_a11y_set_list_mnemonic (GtkLabel   *label,
                                  GtkListBox *list);
char *sonde_a11y_format_count     (guint64     n);

G_END_DECLS
