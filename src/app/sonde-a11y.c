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
 *   object AT-SPI exposes, so the name has to go there too;
 * - a button whose label has a mnemonic ("_Cancel") is exposed by GTK 4.8 as
 *   "_Cancel Cancel": its raw label joined to its child label's text. We
 *   name such buttons with the label's text alone;
 * - inside GTK's and libadwaita's own dialogs (file chooser, About,
 *   Shortcuts, the preferences search), icon-only buttons, list rows and
 *   search entries reach AT-SPI with a GType name or none. The repair pass
 *   below names them from what a sighted user sees: the tooltip, the text
 *   of their labels, or the meaning of their icon. It runs when a window is
 *   mapped and again whenever the focus moves in it, because the file
 *   chooser builds new buttons as the user browses.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sonde-a11y.h"

#include <adwaita.h>

/**
 * sonde_a11y_set_label:
 * @widget: any widget
 * @label: the accessible name, already translated
 *
 * Sets the name a screen reader uses for @widget. GTK 4.8 appends the text
 * of any LABELLED_BY widgets to an explicit label ("students, 600 rows
 * students"), so the relation is dropped: the label given here is the
 * whole name.
 */
void
sonde_a11y_set_label (GtkWidget  *widget,
                      const char *label)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (label != NULL);

  gtk_accessible_reset_relation (GTK_ACCESSIBLE (widget),
                                 GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  g_object_set_data (G_OBJECT (widget), "sonde-a11y-named", GINT_TO_POINTER (1));
  g_object_set_data_full (G_OBJECT (widget), "sonde-a11y-label", g_strdup (label), g_free);

  /* A GtkDropDown is a combo box with a toggle button inside that GTK 4.8
   * names "GtkToggleButton": it gets the combo box's name. */
  if (GTK_IS_DROP_DOWN (widget))
    for (GtkWidget *child = gtk_widget_get_first_child (widget);
         child != NULL;
         child = gtk_widget_get_next_sibling (child))
      if (GTK_IS_TOGGLE_BUTTON (child))
        sonde_a11y_set_label (child, label);
}

/**
 * sonde_a11y_format_count:
 * @n: a count of rows, values, columns
 *
 * Returns: (transfer full): @n with its thousands grouped as the user's
 *   locale does ("50 000" with a narrow no-break space in French,
 *   "50,000" in English), which screen readers read as one number.
 */
char *
sonde_a11y_format_count (guint64 n)
{
  /* glibc honours LC_NUMERIC for the ' flag. */
  return g_strdup_printf ("%'" G_GUINT64_FORMAT, n);
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
  sonde_a11y_set_label (button, label);
  /* GTK 4.8 copies the tooltip into the description: Orca would then say
   * "Close students push button. Close students". */
  gtk_accessible_reset_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);

  if (GTK_IS_MENU_BUTTON (button))
    {
      for (GtkWidget *child = gtk_widget_get_first_child (button);
           child != NULL;
           child = gtk_widget_get_next_sibling (child))
        {
          if (GTK_IS_BUTTON (child))
            sonde_a11y_set_label (child, label);
        }
    }
}

/**
 * sonde_a11y_fix_mnemonic_names:
 * @root: a widget, usually a window or a pane right after its template
 *
 * Names every button under @root whose label uses a mnemonic after the text
 * it shows, without the underscore, and drops its LABELLED_BY relation, so
 * that Orca says "Cancel" rather than "_Cancel Cancel" on GTK 4.8. Call it
 * again after adding such buttons.
 */
void
sonde_a11y_fix_mnemonic_names (GtkWidget *root)
{
  g_return_if_fail (GTK_IS_WIDGET (root));

  if (GTK_IS_BUTTON (root) && gtk_button_get_use_underline (GTK_BUTTON (root)))
    {
      GtkWidget *child = gtk_button_get_child (GTK_BUTTON (root));

      if (GTK_IS_LABEL (child))
        sonde_a11y_set_label (root, gtk_label_get_text (GTK_LABEL (child)));
    }

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    sonde_a11y_fix_mnemonic_names (child);
}

static const struct {
  const char *icon_name;
  const char *label;
} icon_labels[] = {
  { "go-previous-symbolic", N_("Back") },
  { "go-next-symbolic", N_("Forward") },
  { "go-up-symbolic", N_("Up") },
  { "go-down-symbolic", N_("Down") },
  { "edit-find-symbolic", N_("Search") },
  { "system-search-symbolic", N_("Search") },
  { "window-close-symbolic", N_("Close") },
  { "open-menu-symbolic", N_("Menu") },
  { "view-more-symbolic", N_("More options") },
  { "list-add-symbolic", N_("Add") },
  { "list-remove-symbolic", N_("Remove") },
  { "document-open-symbolic", N_("Open") },
  { "folder-new-symbolic", N_("New folder") },
  { "user-home-symbolic", N_("Home") },
  { "user-home", N_("Home") },
  { "folder-symbolic", N_("Folder") },
  { "drive-harddisk", N_("Computer") },
  { "computer-symbolic", N_("Computer") },
  { "drive-harddisk-symbolic", N_("Computer") },
  { "pan-start-symbolic", N_("Scroll left") },
  { "pan-end-symbolic", N_("Scroll right") },
  { "pan-down-symbolic", N_("Show more") },
  { "edit-copy-symbolic", N_("Copy") },
  { "user-trash-symbolic", N_("Trash") },
  { "external-link-symbolic", N_("Open link") },
  { "adw-external-link-symbolic", N_("Open link") },
  { "go-next-symbolic-rtl", N_("Forward") },
};

static const char *
label_for_icon (const char *icon_name)
{
  if (icon_name == NULL)
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (icon_labels); i++)
    if (g_strcmp0 (icon_labels[i].icon_name, icon_name) == 0)
      return _(icon_labels[i].label);

  return NULL;
}

static void
collect_label_text (GtkWidget *widget,
                    GString   *out)
{
  if (!gtk_widget_get_visible (widget))
    return;

  if (GTK_IS_LABEL (widget))
    {
      const char *text = gtk_label_get_text (GTK_LABEL (widget));

      if (text != NULL && text[0] != '\0')
        {
          if (out->len > 0)
            g_string_append (out, ", ");
          g_string_append (out, text);
        }
      return;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_label_text (child, out);
}

static const char *
find_icon_name (GtkWidget *widget)
{
  if (GTK_IS_IMAGE (widget))
    {
      GIcon *gicon;

      if (gtk_image_get_storage_type (GTK_IMAGE (widget)) == GTK_IMAGE_ICON_NAME)
        return gtk_image_get_icon_name (GTK_IMAGE (widget));

      gicon = gtk_image_get_gicon (GTK_IMAGE (widget));
      if (G_IS_THEMED_ICON (gicon))
        return g_themed_icon_get_names (G_THEMED_ICON (gicon))[0];

      return NULL;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      const char *name = find_icon_name (child);
      if (name != NULL)
        return name;
    }

  return NULL;
}

/* What a sighted user would call @widget: its tooltip, the text it shows,
 * or the meaning of its icon. NULL when there is nothing to go by. */
static char *
derive_name (GtkWidget *widget)
{
  g_autoptr(GString) text = g_string_new (NULL);
  const char *tooltip = gtk_widget_get_tooltip_text (widget);
  const char *icon_label;

  if (tooltip != NULL && tooltip[0] != '\0')
    return g_strdup (tooltip);

  collect_label_text (widget, text);
  if (text->len > 0)
    return g_string_free (g_steal_pointer (&text), FALSE);

  icon_label = label_for_icon (find_icon_name (widget));
  if (icon_label != NULL)
    return g_strdup (icon_label);

  return NULL;
}

static gboolean
has_own_label (GtkWidget *widget)
{
  return GPOINTER_TO_INT (g_object_get_data (G_OBJECT (widget), "sonde-a11y-named"));
}

static void
repair_one (GtkWidget *widget)
{
  g_autofree char *name = NULL;

  /* The rows of a drop-down's list (GtkListItemWidget, private): named
   * after the text they show, again whenever the list recycles them. */
  if (g_str_equal (G_OBJECT_TYPE_NAME (widget), "GtkListItemWidget"))
    {
      name = derive_name (widget);
      if (name != NULL && g_strcmp0 (name, g_object_get_data (G_OBJECT (widget), "sonde-a11y-item")) != 0)
        {
          gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
          g_object_set_data_full (G_OBJECT (widget), "sonde-a11y-item", g_steal_pointer (&name), g_free);
        }
      return;
    }

  if (has_own_label (widget))
    return;

  /* The list inside a drop-down's or combo row's popover: GTK 4.8 calls it
   * "GtkListView"; it is the list of the control that opened it. */
  if (GTK_IS_LIST_VIEW (widget))
    {
      GtkWidget *owner = gtk_widget_get_ancestor (widget, ADW_TYPE_COMBO_ROW);
      const char *label;

      if (owner == NULL)
        owner = gtk_widget_get_ancestor (widget, GTK_TYPE_DROP_DOWN);
      label = owner != NULL ? g_object_get_data (G_OBJECT (owner), "sonde-a11y-label") : NULL;
      sonde_a11y_set_label (widget, label != NULL ? label : _("Choices"));
      return;
    }

  if (GTK_IS_TOGGLE_BUTTON (widget) && GTK_IS_DROP_DOWN (gtk_widget_get_parent (widget)))
    {
      const char *label = g_object_get_data (G_OBJECT (gtk_widget_get_parent (widget)), "sonde-a11y-label");

      name = label != NULL ? g_strdup (label) : derive_name (widget);
      if (name != NULL)
        sonde_a11y_set_label (widget, name);
      return;
    }

  if (GTK_IS_MENU_BUTTON (widget))
    {
      name = derive_name (widget);
      if (name == NULL)
        name = g_strdup (_("Menu"));
      sonde_a11y_name_icon_button (widget, name);
      return;
    }
  else if (GTK_IS_BUTTON (widget))
    {
      const char *label = gtk_button_get_label (GTK_BUTTON (widget));

      if (label != NULL && label[0] != '\0' && !gtk_button_get_use_underline (GTK_BUTTON (widget)))
        return;
      name = derive_name (widget);
    }
  else if (GTK_IS_LIST_BOX_ROW (widget) || GTK_IS_DROP_DOWN (widget))
    {
      name = derive_name (widget);
    }
  else if (GTK_IS_SEARCH_ENTRY (widget))
    {
      g_autofree char *placeholder = NULL;

      g_object_get (widget, "placeholder-text", &placeholder, NULL);
      name = g_strdup (placeholder != NULL && placeholder[0] != '\0' ? placeholder : _("Search"));
    }
  else if (GTK_IS_TEXT_VIEW (widget))
    {
      name = g_strdup (gtk_text_view_get_editable (GTK_TEXT_VIEW (widget)) ? _("Text field") : _("Text"));
    }

  if (name != NULL)
    sonde_a11y_set_label (widget, name);
}

/**
 * sonde_a11y_repair_names:
 * @root: a widget whose subtree GTK may have left unnamed
 *
 * Names the buttons, menu buttons, list rows, drop-downs, search entries
 * and text views under @root that would otherwise reach the screen reader
 * with no name or a type name. Widgets named with sonde_a11y_set_label()
 * are left alone. Cheap enough to run on every focus change of a dialog.
 */
void
sonde_a11y_repair_names (GtkWidget *root)
{
  g_return_if_fail (GTK_IS_WIDGET (root));

  repair_one (root);

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    sonde_a11y_repair_names (child);
}

static void
window_focus_changed_cb (GtkWindow  *window,
                         GParamSpec *pspec,
                         gpointer    user_data)
{
  sonde_a11y_repair_names (GTK_WIDGET (window));
}

static gboolean
repair_tick_cb (gpointer user_data)
{
  sonde_a11y_repair_names (GTK_WIDGET (user_data));
  return G_SOURCE_CONTINUE;
}

static void
window_unmapped_cb (GtkWidget *window,
                    gpointer   user_data)
{
  guint id = GPOINTER_TO_UINT (g_object_steal_data (G_OBJECT (window), "sonde-a11y-tick"));

  if (id != 0)
    g_source_remove (id);
}

static void
window_mapped_cb (GtkWidget *window,
                  gpointer   user_data)
{
  guint id;

  sonde_a11y_repair_names (window);

  window_unmapped_cb (window, NULL);
  id = g_timeout_add_full (G_PRIORITY_LOW, 500, repair_tick_cb, window, NULL);
  g_object_set_data (G_OBJECT (window), "sonde-a11y-tick", GUINT_TO_POINTER (id));
}

/**
 * sonde_a11y_watch_window:
 * @window: a window, often one built by GTK or libadwaita
 *
 * Runs sonde_a11y_repair_names() on @window now, when it is mapped,
 * whenever its focus moves, and every half second while it is mapped.
 * For the windows GTK and libadwaita build, and for any window with
 * drop-downs, whose list rows GTK 4.8 creates unnamed when they first
 * show.
 */
void
sonde_a11y_watch_window (GtkWindow *window)
{
  g_return_if_fail (GTK_IS_WINDOW (window));

  if (g_object_get_data (G_OBJECT (window), "sonde-a11y-watched") != NULL)
    return;

  g_object_set_data (G_OBJECT (window), "sonde-a11y-watched", GINT_TO_POINTER (1));
  sonde_a11y_repair_names (GTK_WIDGET (window));
  g_signal_connect (window, "map", G_CALLBACK (window_mapped_cb), NULL);
  g_signal_connect (window, "unmap", G_CALLBACK (window_unmapped_cb), NULL);
  if (gtk_widget_get_mapped (GTK_WIDGET (window)))
    window_mapped_cb (GTK_WIDGET (window), NULL);
  g_signal_connect (window, "notify::focus-widget", G_CALLBACK (window_focus_changed_cb), NULL);
}

static GtkStack *
find_stack (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkStack *stack;

      if (GTK_IS_STACK (child))
        return GTK_STACK (child);
      if ((stack = find_stack (child)) != NULL)
        return stack;
    }

  return NULL;
}

/**
 * sonde_a11y_name_popover_menu:
 * @popover: a #GtkPopoverMenu
 * @label: what the menu is about ("Column menu of age")
 *
 * On GTK 4.8 Orca reads a popover menu as "GtkPopoverMenu menu" and the
 * stack inside it as "GtkStackPage panel" (measured with Orca 43): names
 * both, and every submenu page, after @label. Call it again after changing
 * the menu model, which rebuilds the pages.
 */
void
sonde_a11y_name_popover_menu (GtkWidget  *popover,
                              const char *label)
{
  GtkStack *stack;

  g_return_if_fail (GTK_IS_POPOVER_MENU (popover));

  sonde_a11y_set_label (popover, label);
  stack = find_stack (popover);
  if (stack != NULL)
    {
      g_autoptr(GtkSelectionModel) pages = gtk_stack_get_pages (stack);
      guint n = g_list_model_get_n_items (G_LIST_MODEL (pages));

      for (guint i = 0; i < n; i++)
        {
          GtkStackPage *page = g_list_model_get_item (G_LIST_MODEL (pages), i);

          gtk_accessible_update_property (GTK_ACCESSIBLE (page), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
          g_object_unref (page);
        }
    }
}

static void
name_combo_row (AdwComboRow *row)
{
  gpointer item = adw_combo_row_get_selected_item (row);
  GtkExpression *expression = adw_combo_row_get_expression (row);
  const char *mnemonic = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
  g_autoptr(GString) title = g_string_new (NULL);
  g_autofree char *value = NULL;
  g_autofree char *label = NULL;

  /* The title may carry a mnemonic underscore, which is not read. */
  for (const char *p = mnemonic != NULL ? mnemonic : ""; *p != '\0'; p++)
    if (*p != '_' || p[1] == '_')
      g_string_append_c (title, *p == '_' ? *++p : *p);

  if (item != NULL && expression != NULL)
    {
      g_auto(GValue) v = G_VALUE_INIT;

      if (gtk_expression_evaluate (expression, item, &v) && G_VALUE_HOLDS_STRING (&v))
        value = g_value_dup_string (&v);
    }
  else if (GTK_IS_STRING_OBJECT (item))
    value = g_strdup (gtk_string_object_get_string (item));

  if (value != NULL)
    /* Translators: a setting and its value, "Delimiter, Semicolon". */
    label = g_strdup_printf (_("%s, %s"), title->str, value);
  else
    label = g_strdup (title->str);

  sonde_a11y_set_label (GTK_WIDGET (row), label);
}

/**
 * sonde_a11y_follow_combo_row:
 * @row: an #AdwComboRow
 *
 * libadwaita 1.2 names a combo row after its title and the choice it had
 * when first shown ("Delimiter, Comma") and does not follow later
 * choices, so Orca would read a stale value: names it now and again on
 * every change of choice, model or title.
 */
void
sonde_a11y_follow_combo_row (AdwComboRow *row)
{
  g_return_if_fail (ADW_IS_COMBO_ROW (row));

  g_signal_connect (row, "notify::selected-item", G_CALLBACK (name_combo_row), NULL);
  g_signal_connect (row, "notify::title", G_CALLBACK (name_combo_row), NULL);
  name_combo_row (row);
}

static gboolean
row_mnemonic_cb (GtkWidget *row,
                 gboolean   group_cycling,
                 gpointer   user_data)
{
  /* Focus the row; activating it is for Enter. */
  gtk_widget_grab_focus (row);

  return TRUE;
}

/**
 * sonde_a11y_set_list_mnemonic:
 * @label: a heading with a mnemonic ("Co_lumns")
 * @list: the list it names
 *
 * Makes the heading's mnemonic focus the list's first row, without
 * activating it (a row's own mnemonic activation would), and names the
 * list after the heading. Call again whenever the rows change.
 */
void
sonde_a11y_set_list_mnemonic (GtkLabel   *label,
                              GtkListBox *list)
{
  GtkListBoxRow *first = gtk_list_box_get_row_at_index (list, 0);

  if (first != NULL && g_object_get_data (G_OBJECT (first), "sonde-list-mnemonic") == NULL)
    {
      g_signal_connect (first, "mnemonic-activate", G_CALLBACK (row_mnemonic_cb), NULL);
      g_object_set_data (G_OBJECT (first), "sonde-list-mnemonic", GINT_TO_POINTER (1));
    }
  gtk_label_set_mnemonic_widget (label, first != NULL ? GTK_WIDGET (first) : NULL);
  /* GTK makes the heading label the row too; the row's own label is
   * enough (Orca would read "student_id Columns"). */
  if (first != NULL)
    gtk_accessible_reset_relation (GTK_ACCESSIBLE (first), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL, -1);
}
