/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-widgets"

/* In-process checks of the application's widgets with GTK's test
 * accessibility backend (GTK_A11Y=test): roles, names and the bindings
 * between the Preferences controls and GSettings. Runs on the test display.
 */

#include "config.h"

#include <adwaita.h>

#include "sonde-engine.h"
#include "sonde-a11y.h"
#include "sonde-preferences-window.h"
#include "sonde-project-pane.h"

static void
test_icon_button_named (void)
{
  GtkWidget *button = gtk_button_new_from_icon_name ("window-close-symbolic");
  GtkWidget *menu_button = gtk_menu_button_new ();

  g_object_ref_sink (button);
  g_object_ref_sink (menu_button);

  sonde_a11y_name_icon_button (button, "Close students");
  gtk_test_accessible_assert_role (button, GTK_ACCESSIBLE_ROLE_BUTTON);
  gtk_test_accessible_assert_property (button, GTK_ACCESSIBLE_PROPERTY_LABEL, "Close students");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (button), ==, "Close students");

  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (menu_button), "open-menu-symbolic");
  sonde_a11y_name_icon_button (menu_button, "Main Menu");
  gtk_test_accessible_assert_property (menu_button, GTK_ACCESSIBLE_PROPERTY_LABEL, "Main Menu");
  gtk_test_accessible_assert_property (gtk_widget_get_first_child (menu_button),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Main Menu");

  g_assert_finalize_object (button);
  g_assert_finalize_object (menu_button);
}

static SondeTable *
make_table (void)
{
  SondeTable *table = sonde_table_new ("people");
  g_autoptr(SondeColumn) age = sonde_column_new ("age", SONDE_COLUMN_TYPE_INTEGER);
  g_autoptr(SondeColumn) city = sonde_column_new ("city", SONDE_COLUMN_TYPE_TEXT);

  sonde_column_append_missing (age);
  sonde_column_append_integer (age, 38);
  sonde_column_append_text (city, "Lyon", -1);
  sonde_column_append_text (city, "Nantes", -1);
  g_assert_true (sonde_table_add_column (table, age, NULL));
  g_assert_true (sonde_table_add_column (table, city, NULL));
  sonde_table_set_source (table, "/tmp/people.csv");

  return table;
}

static GtkWidget *
find_row_with_label_prefix (GtkWidget  *root,
                            const char *title)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (ADW_IS_ACTION_ROW (child) &&
          g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (child)), title) == 0)
        return child;
      if ((found = find_row_with_label_prefix (child, title)) != NULL)
        return found;
    }

  return NULL;
}

static void
test_project_pane_rows (void)
{
  g_autoptr(GListStore) store = g_list_store_new (SONDE_TYPE_TABLE);
  g_autoptr(SondeTable) table = make_table ();
  SondeProjectPane *pane = sonde_project_pane_new (store);
  GtkWidget *row;

  g_object_ref_sink (pane);

  g_assert_null (find_row_with_label_prefix (GTK_WIDGET (pane), "people"));
  g_list_store_append (store, table);

  row = find_row_with_label_prefix (GTK_WIDGET (pane), "people");
  g_assert_nonnull (row);
  gtk_test_accessible_assert_property (row, GTK_ACCESSIBLE_PROPERTY_LABEL, "people, 2 rows, 2 columns");

  row = find_row_with_label_prefix (GTK_WIDGET (pane), "age");
  g_assert_nonnull (row);
  g_assert_true (gtk_widget_get_focusable (row));
  gtk_test_accessible_assert_property (row, GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "age: integer, 1 missing value, for example “38”");

  row = find_row_with_label_prefix (GTK_WIDGET (pane), "city");
  g_assert_nonnull (row);
  gtk_test_accessible_assert_property (row, GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "city: text, no missing values, for example “Lyon”");

  g_list_store_remove_all (store);
  g_assert_null (find_row_with_label_prefix (GTK_WIDGET (pane), "people"));

  g_object_unref (pane);
}

static GtkWidget *
find_button_with_tooltip (GtkWidget  *root,
                          const char *tooltip)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_BUTTON (child) && g_strcmp0 (gtk_widget_get_tooltip_text (child), tooltip) == 0)
        return child;
      if ((found = find_button_with_tooltip (child, tooltip)) != NULL)
        return found;
    }

  return NULL;
}

/* Duplicate copies the data in a worker and adds "people (copy)", then
 * "people (copy 2)"; the buttons are named after the dataset. */
static void
test_project_pane_duplicate (void)
{
  g_autoptr(GListStore) store = g_list_store_new (SONDE_TYPE_TABLE);
  g_autoptr(SondeTable) table = make_table ();
  SondeProjectPane *pane = sonde_project_pane_new (store);
  GtkWidget *duplicate;
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  g_object_ref_sink (pane);
  g_list_store_append (store, table);

  g_assert_nonnull (find_button_with_tooltip (GTK_WIDGET (pane), "Rename people"));
  g_assert_nonnull (find_button_with_tooltip (GTK_WIDGET (pane), "Close people"));
  duplicate = find_button_with_tooltip (GTK_WIDGET (pane), "Duplicate people");
  g_assert_nonnull (duplicate);
  gtk_test_accessible_assert_property (duplicate, GTK_ACCESSIBLE_PROPERTY_LABEL, "Duplicate people");

  g_signal_emit_by_name (duplicate, "clicked");
  while (g_list_model_get_n_items (G_LIST_MODEL (store)) < 2)
    {
      g_main_context_iteration (NULL, FALSE);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
    }
  {
    g_autoptr(SondeTable) copy = g_list_model_get_item (G_LIST_MODEL (store), 1);

    g_assert_cmpstr (sonde_table_get_name (copy), ==, "people (copy)");
    g_assert_true (copy != table);
    g_assert_cmpuint (sonde_table_get_n_rows (copy), ==, 2);
    g_assert_true (sonde_table_get_column (copy, 0) != sonde_table_get_column (table, 0));
  }

  g_signal_emit_by_name (find_button_with_tooltip (GTK_WIDGET (pane), "Duplicate people"), "clicked");
  while (g_list_model_get_n_items (G_LIST_MODEL (store)) < 3)
    {
      g_main_context_iteration (NULL, FALSE);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
    }
  {
    g_autoptr(SondeTable) copy = g_list_model_get_item (G_LIST_MODEL (store), 2);
    g_assert_cmpstr (sonde_table_get_name (copy), ==, "people (copy 2)");
  }

  g_list_store_remove_all (store);
  g_object_unref (pane);
}

static GtkWidget *
find_widget_of_type (GtkWidget *root,
                     GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget_of_type (child, type);
      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
test_preferences_bound (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  SondePreferencesWindow *prefs = sonde_preferences_window_new (settings);
  GtkWidget *spin = find_widget_of_type (GTK_WIDGET (prefs), GTK_TYPE_SPIN_BUTTON);
  GtkWidget *toggle = find_widget_of_type (GTK_WIDGET (prefs), GTK_TYPE_SWITCH);

  g_assert_nonnull (spin);
  g_assert_nonnull (toggle);
  gtk_test_accessible_assert_property (spin, GTK_ACCESSIBLE_PROPERTY_LABEL, "Text size in percent");
  gtk_test_accessible_assert_property (toggle, GTK_ACCESSIBLE_PROPERTY_LABEL, "High contrast");

  g_assert_cmpfloat_with_epsilon (gtk_spin_button_get_value (GTK_SPIN_BUTTON (spin)), 100.0, 1e-9);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 150.0);
  g_assert_cmpfloat_with_epsilon (g_settings_get_double (settings, "text-scale"), 1.5, 1e-9);

  g_settings_set_double (settings, "text-scale", 2.0);
  g_assert_cmpfloat_with_epsilon (gtk_spin_button_get_value (GTK_SPIN_BUTTON (spin)), 200.0, 1e-9);

  g_assert_false (g_settings_get_boolean (settings, "high-contrast"));
  gtk_switch_set_active (GTK_SWITCH (toggle), TRUE);
  g_assert_true (g_settings_get_boolean (settings, "high-contrast"));

  gtk_window_destroy (GTK_WINDOW (prefs));
  g_settings_reset (settings, "text-scale");
  g_settings_reset (settings, "high-contrast");
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  sonde_engine_init ();

  g_test_add_func ("/app/a11y/icon-button-named", test_icon_button_named);
  g_test_add_func ("/app/project-pane/rows", test_project_pane_rows);
  g_test_add_func ("/app/project-pane/duplicate", test_project_pane_duplicate);
  g_test_add_func ("/app/preferences/bound", test_preferences_bound);

  return g_test_run ();
}
