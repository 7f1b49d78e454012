/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sonde"

/* What the panes share beyond accessibility (sonde-a11y.c). */

#include "config.h"

#include <adwaita.h>

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
  sonde_pane_add_shortcut (pane, "<Control>Return|<Control>KP_Enter", action_name);
}

/**
 * sonde_pane_add_shortcut:
 * @pane: a pane
 * @trigger: keys as gtk_shortcut_trigger_parse_string () reads them
 *   ("<Control>z")
 * @action_name: the pane's action they run
 *
 * A global shortcut, as sonde_pane_add_run_shortcut (): the action should
 * be disabled while its pane is not mapped, so that the keys reach the
 * other panes (a text field's own Ctrl+Z, for one).
 */
void
sonde_pane_add_shortcut (GtkWidget  *pane,
                         const char *trigger,
                         const char *action_name)
{
  GtkEventController *shortcuts = gtk_shortcut_controller_new ();

  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (shortcuts), GTK_SHORTCUT_SCOPE_GLOBAL);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string (trigger),
                                                          gtk_named_action_new (action_name)));
  gtk_widget_add_controller (pane, shortcuts);
}

/**
 * sonde_pane_group:
 * @title: the group's title, translated
 * @child: (nullable): a first row
 *
 * Returns: (transfer floating): a titled group of rows.
 */
GtkWidget *
sonde_pane_group (const char *title,
                  GtkWidget  *child)
{
  GtkWidget *g = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (g), title);
  if (child != NULL)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (g), child);

  return g;
}

/**
 * sonde_pane_list_section:
 * @title: a heading with a mnemonic ("_Findings"), translated
 * @list: the list under it
 * @label_out: (out) (transfer none): the heading, for
 *   sonde_a11y_set_list_mnemonic () once the list has rows
 *
 * Returns: (transfer floating): the heading (level 2) above @list.
 */
GtkWidget *
sonde_pane_list_section (const char  *title,
                         GtkListBox  *list,
                         GtkLabel   **label_out)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *label = gtk_label_new_with_mnemonic (title);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_widget_add_css_class (label, "heading");
  gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LEVEL, 2, -1);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (list));
  *label_out = GTK_LABEL (label);

  return box;
}

/**
 * sonde_pane_hint:
 * @text: a sentence on how to use what is above or below it, translated
 *
 * Returns: (transfer floating): the sentence, dimmed and wrapped.
 */
GtkWidget *
sonde_pane_hint (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_widget_add_css_class (label, "dim-label");

  return label;
}

/**
 * sonde_pane_boxed_list:
 * @placeholder: (nullable): what the list says when it is empty, translated
 *
 * Returns: (transfer floating): a list of rows in a frame, without
 *   selection.
 */
GtkWidget *
sonde_pane_boxed_list (const char *placeholder)
{
  GtkWidget *list = gtk_list_box_new ();

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  if (placeholder != NULL)
    {
      GtkWidget *label = sonde_pane_hint (placeholder);

      gtk_label_set_xalign (GTK_LABEL (label), 0.5f);
      gtk_widget_set_margin_top (label, 12);
      gtk_widget_set_margin_bottom (label, 12);
      gtk_list_box_set_placeholder (GTK_LIST_BOX (list), label);
    }

  return list;
}

/**
 * sonde_pane_button:
 * @label: the label, with a mnemonic, translated
 * @action: the action it runs
 *
 * Returns: (transfer floating): the button.
 */
GtkWidget *
sonde_pane_button (const char *label,
                   const char *action)
{
  GtkWidget *b = gtk_button_new_with_mnemonic (label);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (b), action);

  return b;
}

/**
 * sonde_pane_say:
 * @label: a status or error line (selectable, so that it can take the focus)
 * @text: what to say, translated
 * @focus: whether the line takes the focus, so that Orca reads it at once
 *
 * Shows @text in @label; with @focus, the focus goes there with no text
 * selected (Orca would read a selection as such).
 */
void
sonde_pane_say (GtkLabel   *label,
                const char *text,
                gboolean    focus)
{
  g_return_if_fail (GTK_IS_LABEL (label));

  gtk_label_set_text (label, text);
  gtk_widget_set_visible (GTK_WIDGET (label), TRUE);
  if (focus)
    {
      gtk_widget_grab_focus (GTK_WIDGET (label));
      gtk_label_select_region (label, 0, 0);
    }
}
