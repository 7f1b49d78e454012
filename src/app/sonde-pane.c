/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sonde"

/* What the panes share beyond accessibility (sonde-a11y.c). */

#include "config.h"

#include "sonde-pane.h"

/**
 * sonde_pane_add_run_shortcut:
 * @pane: a pane
 * @action_name: the pane's action that Ctrl+Enter runs ("query.run")
 *
 * Ctrl+Enter (and Ctrl+Enter on the keypad) runs @action_name from
 * anywhere in the window, the pane list included: a global shortcut, not
 * a key binding. Every pane's shortcut is global, so the action itself
 * must do nothing while its pane is not mapped.
 */
void
sonde_pane_add_run_shortcut (GtkWidget  *pane,
                             const char *action_name)
{
  GtkEventController *shortcuts = gtk_shortcut_controller_new ();
  GtkShortcutTrigger *trigger;

  trigger = gtk_alternative_trigger_new (gtk_keyval_trigger_new (GDK_KEY_Return, GDK_CONTROL_MASK),
                                         gtk_keyval_trigger_new (GDK_KEY_KP_Enter, GDK_CONTROL_MASK));
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (shortcuts), GTK_SHORTCUT_SCOPE_GLOBAL);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (trigger, gtk_named_action_new (action_name)));
  gtk_widget_add_controller (pane, shortcuts);
}
