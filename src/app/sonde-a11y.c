/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sonde"

/* Small accessibility helpers shared by every pane, each one the answer to
 * a problem measured with Orca 43 on GTK 4.8 (see BRIEF.md):
 *
 * - an icon-only button is named after its child's GType unless it gets a
 *   label, and even then Orca reads "GtkImage Save push button" while the
 *   button stays LABELLED_BY its image: so we set the label, the tooltip,
 *   and reset that relation;
 * - GtkMenuButton keeps its real button as an internal child, which is the
 *   object AT-SPI exposes, so the name has to go there too.
 */

#include "config.h"

#include "sonde-a11y.h"

/**
 * sonde_a11y_set_label:
 * @widget: any widget
 * @label: the accessible name, already translated
 *
 * Sets the name a screen reader uses for @widget.
 */
void
sonde_a11y_set_label (GtkWidget  *widget,
                      const char *label)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (label != NULL);

  gtk_accessible_update_property (GTK_ACCESSIBLE (widget),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
}

/**
 * sonde_a11y_set_description:
 * @widget: any widget
 * @description: the accessible description, already translated
 *
 * Sets the longer text a screen reader speaks after the name and role.
 */
void
sonde_a11y_set_description (GtkWidget  *widget,
                            const char *description)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (description != NULL);

  gtk_accessible_update_property (GTK_ACCESSIBLE (widget),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
}

static void
name_one (GtkWidget  *button,
          const char *label)
{
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (button),
                                 GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  sonde_a11y_set_label (button, label);
}

/**
 * sonde_a11y_name_icon_button:
 * @button: a #GtkButton or #GtkMenuButton showing only an icon
 * @label: its name, already translated (for example "Main Menu")
 *
 * Gives an icon-only button a tooltip and an accessible name that Orca
 * speaks instead of the icon's type name.
 */
void
sonde_a11y_name_icon_button (GtkWidget  *button,
                             const char *label)
{
  g_return_if_fail (GTK_IS_WIDGET (button));
  g_return_if_fail (label != NULL);

  gtk_widget_set_tooltip_text (button, label);
  name_one (button, label);

  if (GTK_IS_MENU_BUTTON (button))
    {
      for (GtkWidget *child = gtk_widget_get_first_child (button);
           child != NULL;
           child = gtk_widget_get_next_sibling (child))
        {
          if (GTK_IS_BUTTON (child))
            name_one (child, label);
        }
    }
}
