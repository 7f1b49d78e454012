/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-data-pane"

/* In-process tests of the Data pane with GTK's test accessibility backend
 * (GTK_A11Y=test): sorting, filtering (and the error a bad value gives),
 * find, change of type, rename, and each dataset keeping its own view.
 * The pane's commands run in worker threads; the tests spin the main loop
 * until the pane is idle, never on a timer.
 */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "sonde-engine.h"
#include "sonde-data-pane.h"

static SondeTable *
make_table (const char *name)
{
  static const char *cities[] = { "Lyon", "Nantes", "Lille", "Nantes", "Paris" };
  static const gint64 ages[] = { 38, 17, -1, 52, 20 };
  SondeTable *table = sonde_table_new (name);
  g_autoptr(SondeColumn) age = sonde_column_new ("age", SONDE_COLUMN_TYPE_INTEGER);
  g_autoptr(SondeColumn) city = sonde_column_new ("city", SONDE_COLUMN_TYPE_CATEGORICAL);

  for (guint i = 0; i < G_N_ELEMENTS (ages); i++)
    {
      if (ages[i] < 0)
        sonde_column_append_missing (age);
      else
        sonde_column_append_integer (age, ages[i]);
      sonde_column_append_category (city, cities[i], -1);
    }
  g_assert_true (sonde_table_add_column (table, age, NULL));
  g_assert_true (sonde_table_add_column (table, city, NULL));

  return table;
}

typedef struct
{
  GListStore    *datasets;
  SondeTable    *table;
  GtkWidget     *window;
  SondeDataPane *pane;
  SondeDataGrid *grid;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->datasets = g_list_store_new (SONDE_TYPE_TABLE);
  f->table = make_table ("people");
  g_list_store_append (f->datasets, f->table);
  f->pane = sonde_data_pane_new (f->datasets);
  f->grid = sonde_data_pane_get_grid (f->pane);
  f->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (f->window), 800, 600);
  gtk_window_set_child (GTK_WINDOW (f->window), GTK_WIDGET (f->pane));
  gtk_window_present (GTK_WINDOW (f->window));
  sonde_data_pane_show_table (f->pane, f->table);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_clear_object (&f->table);
  g_clear_object (&f->datasets);
}

static void
wait_idle (Fixture *f)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (g_main_context_iteration (NULL, FALSE) || sonde_data_pane_is_busy (f->pane))
    g_assert_cmpint (g_get_monotonic_time (), <, deadline);
}

/* The shown rows' ages, "52,38,20,17,-" */
static char *
shown_ages (Fixture *f)
{
  SondeSelection *sel = sonde_data_grid_get_selection (f->grid);
  SondeColumn *age = sonde_table_get_column (f->table, 0);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < sonde_selection_get_n_rows (sel); i++)
    {
      guint row = sonde_selection_get_row (sel, i);
      g_autofree char *v = sonde_column_format_value (age, row);

      g_string_append_printf (out, "%s%s", i ? "," : "", v != NULL ? v : "-");
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static GtkWidget *
find_widget (GtkWidget  *root,
             GType       type,
             const char *accessible_label)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type))
        {
          gboolean match = accessible_label == NULL;

          if (!match)
            {
              /* The template gives these controls a tooltip or a
               * placeholder. */
              g_autofree char *placeholder = NULL;

              if (g_object_class_find_property (G_OBJECT_GET_CLASS (child), "placeholder-text") != NULL)
                g_object_get (child, "placeholder-text", &placeholder, NULL);
              match = g_strcmp0 (gtk_widget_get_tooltip_text (child), accessible_label) == 0
                      || g_strcmp0 (placeholder, accessible_label) == 0;
            }
          if (match)
            return child;
        }
      if ((found = find_widget (child, type, accessible_label)) != NULL)
        return found;
    }

  return NULL;
}

static void
test_shows_table (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *ages = shown_ages (f);

  g_assert_cmpstr (ages, ==, "38,17,-,52,20");
  g_assert_true (sonde_data_pane_get_table (f->pane) == f->table);
  g_assert_true (sonde_data_grid_get_table (f->grid) == f->table);
}

static void
test_sort (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *desc = NULL;
  g_autofree char *asc = NULL;
  g_autofree char *none = NULL;

  sonde_data_grid_set_cursor (f->grid, 0, 0);
  gtk_widget_activate_action (GTK_WIDGET (f->pane), "data.sort", "s", "descending");
  wait_idle (f);
  desc = shown_ages (f);
  /* Missing values last, as the engine sorts. */
  g_assert_cmpstr (desc, ==, "52,38,20,17,-");
  g_assert_cmpint (sonde_data_grid_get_sort_column (f->grid), ==, 0);
  g_assert_cmpint (sonde_data_grid_get_sort_order (f->grid), ==, SONDE_SORT_DESCENDING);

  gtk_widget_activate_action (GTK_WIDGET (f->pane), "data.sort", "s", "ascending");
  wait_idle (f);
  asc = shown_ages (f);
  g_assert_cmpstr (asc, ==, "17,20,38,52,-");

  gtk_widget_activate_action (GTK_WIDGET (f->pane), "data.sort", "s", "none");
  wait_idle (f);
  none = shown_ages (f);
  g_assert_cmpstr (none, ==, "38,17,-,52,20");
  g_assert_cmpint (sonde_data_grid_get_sort_column (f->grid), ==, -1);
}

static void
test_filter (Fixture       *f,
             gconstpointer  data)
{
  GtkWidget *entry;
  GtkWidget *error_label = NULL;
  GtkRoot *root;
  g_autofree char *kept = NULL;
  g_autofree char *all = NULL;

  sonde_data_grid_set_cursor (f->grid, 0, 0);
  gtk_widget_activate_action (GTK_WIDGET (f->pane), "data.filter", NULL);
  entry = find_widget (GTK_WIDGET (f->pane), GTK_TYPE_ENTRY, "Value");
  g_assert_nonnull (entry);

  /* "is greater than" with a word: refused, said next to the entry. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (find_widget (GTK_WIDGET (f->pane), GTK_TYPE_DROP_DOWN, "Comparison")),
                              SONDE_FILTER_GREATER);
  gtk_editable_set_text (GTK_EDITABLE (entry), "thirty");
  gtk_widget_activate_action (GTK_WIDGET (f->pane), "data.apply-filter", NULL);
  wait_idle (f);
  root = gtk_widget_get_root (GTK_WIDGET (f->pane));
  error_label = gtk_root_get_focus (root);
  g_assert_true (GTK_IS_LABEL (error_label));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (error_label)), "“thirty” is not a number"));
  gtk_test_accessible_assert_state (entry, GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE);
  {
    g_autofree char *unchanged = shown_ages (f);
    g_assert_cmpstr (unchanged, ==, "38,17,-,52,20");
  }

  gtk_editable_set_text (GTK_EDITABLE (entry), "19");
  gtk_widget_activate_action (GTK_WIDGET (f->pane), "data.apply-filter", NULL);
  wait_idle (f);
  g_assert_false (gtk_widget_get_visible (error_label));
  kept = shown_ages (f);
  g_assert_cmpstr (kept, ==, "38,52,20");
  /* The result is announced on the grid, which has the focus back. */
  g_assert_true (gtk_root_get_focus (root) == GTK_WIDGET (f->grid));

  /* A sort keeps the filter. */
  gtk_widget_activate_action (GTK_WIDGET (f->pane), "data.sort", "s", "ascending");
  wait_idle (f);
  {
    g_autofree char *sorted = shown_ages (f);
    g_assert_cmpstr (sorted, ==, "20,38,52");
  }

  gtk_widget_activate_action (GTK_WIDGET (f->pane), "data.clear-filter", NULL);
  wait_idle (f);
  all = shown_ages (f);
  g_assert_cmpstr (all, ==, "17,20,38,52,-");
}

static void
test_find (Fixture       *f,
           gconstpointer  data)
{
  GtkWidget *entry = find_widget (GTK_WIDGET (f->pane), GTK_TYPE_SEARCH_ENTRY, "Value to find");

  g_assert_nonnull (entry);
  sonde_data_grid_set_cursor (f->grid, 0, 0);
  gtk_widget_activate_action (GTK_WIDGET (f->pane), "data.find", NULL);
  gtk_editable_set_text (GTK_EDITABLE (entry), "nantes");
  gtk_widget_activate_action (GTK_WIDGET (f->pane), "data.find-next", NULL);
  wait_idle (f);
  g_assert_cmpuint (sonde_data_grid_get_cursor_row (f->grid), ==, 1);
  g_assert_cmpuint (sonde_data_grid_get_cursor_column (f->grid), ==, 1);

  gtk_widget_activate_action (GTK_WIDGET (f->pane), "data.find-next", NULL);
  wait_idle (f);
  g_assert_cmpuint (sonde_data_grid_get_cursor_row (f->grid), ==, 3);

  gtk_widget_activate_action (GTK_WIDGET (f->pane), "data.find-previous", NULL);
  wait_idle (f);
  g_assert_cmpuint (sonde_data_grid_get_cursor_row (f->grid), ==, 1);

  /* Not found: the cursor stays. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "Marseille");
  gtk_widget_activate_action (GTK_WIDGET (f->pane), "data.find-next", NULL);
  wait_idle (f);
  g_assert_cmpuint (sonde_data_grid_get_cursor_row (f->grid), ==, 1);
}

static void
test_change_type (Fixture       *f,
                  gconstpointer  data)
{
  SondeColumn *age;

  sonde_data_grid_set_cursor (f->grid, 0, 0);
  gtk_widget_activate_action (GTK_WIDGET (f->pane), "data.column-type", "s", "real");
  wait_idle (f);
  age = sonde_table_get_column (f->table, 0);
  g_assert_cmpint (sonde_column_get_column_type (age), ==, SONDE_COLUMN_TYPE_REAL);
  g_assert_cmpfloat (sonde_column_get_real (age, 3), ==, 52.0);

  /* Cities are not numbers: refused, the column stays as it was. */
  sonde_data_grid_set_cursor (f->grid, 0, 1);
  gtk_widget_activate_action (GTK_WIDGET (f->pane), "data.column-type", "s", "integer");
  wait_idle (f);
  g_assert_cmpint (sonde_column_get_column_type (sonde_table_get_column (f->table, 1)), ==,
                   SONDE_COLUMN_TYPE_CATEGORICAL);

  gtk_widget_activate_action (GTK_WIDGET (f->pane), "data.column-role", "s", "target");
  g_assert_cmpint (sonde_column_get_role (sonde_table_get_column (f->table, 1)), ==, SONDE_COLUMN_ROLE_TARGET);
}

static void
test_view_per_dataset (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(SondeTable) other = make_table ("others");
  g_autofree char *back = NULL;

  sonde_data_grid_set_cursor (f->grid, 0, 0);
  gtk_widget_activate_action (GTK_WIDGET (f->pane), "data.sort", "s", "descending");
  wait_idle (f);
  sonde_data_grid_set_cursor (f->grid, 2, 1);

  g_list_store_append (f->datasets, other);
  sonde_data_pane_show_table (f->pane, other);
  g_assert_true (sonde_data_grid_get_table (f->grid) == other);
  g_assert_cmpint (sonde_data_grid_get_sort_column (f->grid), ==, -1);

  sonde_data_pane_show_table (f->pane, f->table);
  back = shown_ages (f);
  g_assert_cmpstr (back, ==, "52,38,20,17,-");
  g_assert_cmpuint (sonde_data_grid_get_cursor_row (f->grid), ==, 2);
  g_assert_cmpuint (sonde_data_grid_get_cursor_column (f->grid), ==, 1);

  /* Closing the shown dataset shows the other one. */
  g_list_store_remove (f->datasets, 0);
  g_assert_true (sonde_data_pane_get_table (f->pane) == other);
  g_list_store_remove_all (f->datasets);
  g_assert_null (sonde_data_pane_get_table (f->pane));
}

static AdwMessageDialog *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  AdwMessageDialog *found = NULL;

  /* The newest one: a refused name opens a second dialog. */
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        found = ADW_MESSAGE_DIALOG (window);
    }

  return found;
}

/* A taken name opens the dialog again with the reason, the text typed
 * kept; a free one renames the column. */
static void
test_rename_column (Fixture       *f,
                    gconstpointer  data)
{
  AdwMessageDialog *dialog;

  sonde_data_grid_set_cursor (f->grid, 0, 0);
  gtk_widget_activate_action (GTK_WIDGET (f->pane), "data.rename-column", NULL);
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Rename “age”");
  gtk_editable_set_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog)), "city");
  adw_message_dialog_response (dialog, "rename");
  wait_idle (f);

  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "already has a column named “city”"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog))), ==, "city");
  gtk_editable_set_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog)), " years ");
  adw_message_dialog_response (dialog, "rename");
  wait_idle (f);

  g_assert_cmpstr (sonde_column_get_name (sonde_table_get_column (f->table, 0)), ==, "years");
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "en", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  sonde_engine_init ();

#define ADD(path, func) \
  g_test_add ("/data-pane/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("shows-table", test_shows_table);
  ADD ("sort", test_sort);
  ADD ("filter", test_filter);
  ADD ("find", test_find);
  ADD ("change-type", test_change_type);
  ADD ("view-per-dataset", test_view_per_dataset);
  ADD ("rename-column", test_rename_column);
#undef ADD

  return g_test_run ();
}
