/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-data-grid"

/* In-process checks of SondeDataGrid with GTK's test accessibility backend
 * (GTK_A11Y=test): the cursor keys, what the accessible label says after
 * each move (the text Orca 43 speaks), the column summary, the sort state
 * in the description, the signals of the Data pane, and that drawing a
 * ten-million-row table formats only the rows on screen (counted through
 * sonde_data_grid_get_n_formatted_cells(), never timed).
 *
 * Keys are sent through the grid's own shortcut table: press() finds the
 * shortcut whose trigger is the key and activates its action, which is
 * what GTK does with a real key event, without needing a window manager.
 * Runs on the test display (tests/with-xvfb).
 */

#include "config.h"

#include <locale.h>
#include <math.h>

#include <gtk/gtk.h>

#include "sonde-engine.h"
#include "sonde-data-grid.h"

#define N_ROWS 50000

/* age: 20 + i % 50, missing at row 1; city: Lyon, Nantes, Paris in turn;
 * score: i / 4 (0, 0.25, 0.5...); ok: i % 3 == 0. */
static SondeTable *
make_table (guint n)
{
  SondeTable *table = sonde_table_new ("people");
  g_autoptr(SondeColumn) age = sonde_column_new ("Âge", SONDE_COLUMN_TYPE_INTEGER);
  g_autoptr(SondeColumn) city = sonde_column_new ("city", SONDE_COLUMN_TYPE_CATEGORICAL);
  g_autoptr(SondeColumn) score = sonde_column_new ("score", SONDE_COLUMN_TYPE_REAL);
  g_autoptr(SondeColumn) ok = sonde_column_new ("ok", SONDE_COLUMN_TYPE_BOOLEAN);
  static const char *cities[] = { "Lyon", "Nantes", "Paris" };

  for (guint i = 0; i < n; i++)
    {
      if (i == 1)
        sonde_column_append_missing (age);
      else
        sonde_column_append_integer (age, 20 + i % 50);
      sonde_column_append_category (city, cities[i % 3], -1);
      sonde_column_append_real (score, i / 4.0);
      sonde_column_append_boolean (ok, i % 3 == 0);
    }
  g_assert_true (sonde_table_add_column (table, age, NULL));
  g_assert_true (sonde_table_add_column (table, city, NULL));
  g_assert_true (sonde_table_add_column (table, score, NULL));
  g_assert_true (sonde_table_add_column (table, ok, NULL));

  return table;
}

typedef struct
{
  GtkWidget      *window;
  GtkWidget      *scrolled;
  SondeDataGrid  *grid;
  SondeSelection *selection;
  guint           n_cursor_moved;
  int             menu_column;
  int             header_column;
} Fixture;

static void
cursor_moved_cb (SondeDataGrid *grid,
                 Fixture       *fixture)
{
  fixture->n_cursor_moved++;
}

static void
column_menu_requested_cb (SondeDataGrid *grid,
                          guint          column,
                          Fixture       *fixture)
{
  fixture->menu_column = (int) column;
}

static void
wait_for_allocation (GtkWidget *widget)
{
  while (!gtk_widget_get_mapped (widget) || gtk_widget_get_height (widget) == 0)
    g_main_context_iteration (NULL, TRUE);
  /* Let the first layout settle the adjustments. */
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  g_autoptr(SondeTable) table = make_table (N_ROWS);

  fixture->selection = sonde_selection_new_all (table);
  fixture->grid = SONDE_DATA_GRID (sonde_data_grid_new ());
  fixture->menu_column = -1;
  fixture->header_column = -1;
  sonde_data_grid_set_selection (fixture->grid, fixture->selection);
  g_signal_connect (fixture->grid, "cursor-moved", G_CALLBACK (cursor_moved_cb), fixture);
  g_signal_connect (fixture->grid, "column-menu-requested", G_CALLBACK (column_menu_requested_cb), fixture);

  fixture->window = gtk_window_new ();
  fixture->scrolled = gtk_scrolled_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 640, 400);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (fixture->scrolled), GTK_WIDGET (fixture->grid));
  gtk_window_set_child (GTK_WINDOW (fixture->window), fixture->scrolled);
  gtk_window_present (GTK_WINDOW (fixture->window));
  wait_for_allocation (GTK_WIDGET (fixture->grid));
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_assert_finalize_object (fixture->selection);
}

/* Activates the grid's shortcut for @keyval + @modifiers. Returns %FALSE
 * when the grid has none, so the key would go on to the window (Tab). */
static gboolean
press (SondeDataGrid   *grid,
       guint            keyval,
       GdkModifierType  modifiers)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (grid));
  g_autoptr(GtkShortcutTrigger) wanted = gtk_keyval_trigger_new (keyval, modifiers);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;

      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);

          if (gtk_shortcut_trigger_equal (gtk_shortcut_get_trigger (shortcut), wanted))
            return gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut),
                                                 GTK_SHORTCUT_ACTION_EXCLUSIVE,
                                                 GTK_WIDGET (grid),
                                                 gtk_shortcut_get_arguments (shortcut));
        }
    }

  return FALSE;
}

static void
assert_label (SondeDataGrid *grid,
              const char    *expected)
{
  g_autofree char *described = sonde_data_grid_describe_cursor (grid);

  g_assert_cmpstr (described, ==, expected);
  gtk_test_accessible_assert_property (grid, GTK_ACCESSIBLE_PROPERTY_LABEL, expected);
}

static void
assert_cursor (SondeDataGrid *grid,
               guint          row,
               guint          column)
{
  g_assert_cmpuint (sonde_data_grid_get_cursor_row (grid), ==, row);
  g_assert_cmpuint (sonde_data_grid_get_cursor_column (grid), ==, column);
}

static void
test_role_and_label (Fixture      *f,
                     gconstpointer data)
{
  gtk_test_accessible_assert_role (f->grid, GTK_ACCESSIBLE_ROLE_GRID);
  g_assert_true (gtk_widget_get_focusable (GTK_WIDGET (f->grid)));
  assert_cursor (f->grid, 0, 0);
  assert_label (f->grid, "Âge, 20, row 1 of 50,000");
  gtk_test_accessible_assert_property (f->grid, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                       "people, 50,000 rows, 4 columns, not sorted. Arrows move "
                                       "between cells, Ctrl+I describes the column, Menu opens "
                                       "the column menu.");
}

static void
test_arrows (Fixture      *f,
             gconstpointer data)
{
  g_assert_true (press (f->grid, GDK_KEY_Down, 0));
  assert_cursor (f->grid, 1, 0);
  assert_label (f->grid, "Âge, missing, row 2 of 50,000");

  g_assert_true (press (f->grid, GDK_KEY_Right, 0));
  assert_cursor (f->grid, 1, 1);
  assert_label (f->grid, "city, Nantes, row 2 of 50,000");

  g_assert_true (press (f->grid, GDK_KEY_Right, 0));
  assert_label (f->grid, "score, 0.25, row 2 of 50,000");
  g_assert_true (press (f->grid, GDK_KEY_Right, 0));
  assert_label (f->grid, "ok, no, row 2 of 50,000");

  g_assert_true (press (f->grid, GDK_KEY_KP_Up, 0));
  assert_cursor (f->grid, 0, 3);
  assert_label (f->grid, "ok, yes, row 1 of 50,000");
  g_assert_cmpuint (f->n_cursor_moved, ==, 5);

  /* Tab and Shift+Tab are not the grid's: they move focus out. */
  g_assert_false (press (f->grid, GDK_KEY_Tab, 0));
  g_assert_false (press (f->grid, GDK_KEY_ISO_Left_Tab, GDK_SHIFT_MASK));
}

static void
test_edges (Fixture      *f,
            gconstpointer data)
{
  /* At an edge the cursor stays and the cell is said again: the label
   * changes by a trailing space so that Orca speaks it. */
  g_assert_true (press (f->grid, GDK_KEY_Up, 0));
  assert_cursor (f->grid, 0, 0);
  gtk_test_accessible_assert_property (f->grid, GTK_ACCESSIBLE_PROPERTY_LABEL, "Âge, 20, row 1 of 50,000 ");
  g_assert_true (press (f->grid, GDK_KEY_Left, 0));
  assert_cursor (f->grid, 0, 0);
  gtk_test_accessible_assert_property (f->grid, GTK_ACCESSIBLE_PROPERTY_LABEL, "Âge, 20, row 1 of 50,000");
  g_assert_cmpuint (f->n_cursor_moved, ==, 0);

  g_assert_true (press (f->grid, GDK_KEY_End, GDK_CONTROL_MASK));
  assert_cursor (f->grid, N_ROWS - 1, 3);
  assert_label (f->grid, "ok, no, row 50,000 of 50,000");
  g_assert_true (press (f->grid, GDK_KEY_Down, 0));
  g_assert_true (press (f->grid, GDK_KEY_Right, 0));
  g_assert_true (press (f->grid, GDK_KEY_Page_Down, 0));
  assert_cursor (f->grid, N_ROWS - 1, 3);

  g_assert_true (press (f->grid, GDK_KEY_Home, 0));
  assert_cursor (f->grid, N_ROWS - 1, 0);
  g_assert_true (press (f->grid, GDK_KEY_End, 0));
  assert_cursor (f->grid, N_ROWS - 1, 3);

  g_assert_true (press (f->grid, GDK_KEY_Home, GDK_CONTROL_MASK));
  assert_cursor (f->grid, 0, 0);
  g_assert_true (press (f->grid, GDK_KEY_Page_Up, 0));
  assert_cursor (f->grid, 0, 0);

  sonde_data_grid_set_cursor (f->grid, G_MAXUINT, G_MAXUINT);
  assert_cursor (f->grid, N_ROWS - 1, 3);
}

static void
test_page_down_scrolls (Fixture      *f,
                        gconstpointer data)
{
  GtkAdjustment *vadj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (f->scrolled));
  graphene_rect_t area;
  guint page;

  g_assert_true (press (f->grid, GDK_KEY_Page_Down, 0));
  page = sonde_data_grid_get_cursor_row (f->grid);
  /* 400 px minus the header at any sane font size holds 2 to 40 rows. */
  g_assert_cmpuint (page, >=, 2);
  g_assert_cmpuint (page, <=, 40);
  g_assert_true (press (f->grid, GDK_KEY_Page_Down, 0));
  assert_cursor (f->grid, 2 * page, 0);

  /* The cursor's cell is inside the visible part of the grid. */
  g_assert_true (sonde_data_grid_get_cell_area (f->grid, 2 * page, 0, &area));
  g_assert_cmpfloat (area.origin.y, >=, 0);
  g_assert_cmpfloat (area.origin.y + area.size.height, <=, gtk_widget_get_height (GTK_WIDGET (f->grid)) + 0.5);
  g_assert_cmpfloat (gtk_adjustment_get_value (vadj), >, 0);

  g_assert_true (press (f->grid, GDK_KEY_Page_Up, 0));
  assert_cursor (f->grid, page, 0);

  g_assert_true (press (f->grid, GDK_KEY_End, GDK_CONTROL_MASK));
  g_assert_cmpfloat_with_epsilon (gtk_adjustment_get_value (vadj),
                                  gtk_adjustment_get_upper (vadj) - gtk_adjustment_get_page_size (vadj),
                                  0.5);
  g_assert_false (sonde_data_grid_get_cell_area (f->grid, N_ROWS, 0, &area));
}

static void
test_describe_column (Fixture      *f,
                      gconstpointer data)
{
  g_autofree char *age = sonde_data_grid_describe_column (f->grid, 0);
  g_autofree char *city = sonde_data_grid_describe_column (f->grid, 1);
  g_autofree char *ok = sonde_data_grid_describe_column (f->grid, 3);

  /* Mean of 20 + i % 50 over i = 0..49999 without i = 1:
   * (50000 × 44.5 − 21) / 49999 = 44.50047 → "44.5" (two decimals at
   * most, trailing zeros dropped). */
  g_assert_cmpstr (age, ==, "Âge, integer, 1 missing value, mean 44.5, not sorted.");
  /* 50 000 = 3 × 16 666 + 2: Lyon and Nantes have 16 667, Lyon first. */
  g_assert_cmpstr (city, ==, "city, category, no missing values, most frequent Lyon, 16,667 times, not sorted.");
  g_assert_cmpstr (ok, ==, "ok, yes/no, no missing values, most frequent no, 33,333 times, not sorted.");

  /* Ctrl+I says the cursor's column. */
  g_assert_true (press (f->grid, GDK_KEY_i, GDK_CONTROL_MASK));
  gtk_test_accessible_assert_property (f->grid, GTK_ACCESSIBLE_PROPERTY_LABEL, age);
  /* Twice in a row still changes the label, so Orca speaks it again. */
  g_assert_true (press (f->grid, GDK_KEY_i, GDK_CONTROL_MASK));
  {
    g_autofree char *again = g_strconcat (age, " ", NULL);

    gtk_test_accessible_assert_property (f->grid, GTK_ACCESSIBLE_PROPERTY_LABEL, again);
  }
}

static void
test_sort (Fixture      *f,
           gconstpointer data)
{
  g_autofree char *age = NULL;

  g_assert_true (press (f->grid, GDK_KEY_Right, 0));
  sonde_data_grid_set_sort (f->grid, 0, SONDE_SORT_ASCENDING);
  g_assert_cmpint (sonde_data_grid_get_sort_column (f->grid), ==, 0);
  g_assert_cmpint (sonde_data_grid_get_sort_order (f->grid), ==, SONDE_SORT_ASCENDING);
  gtk_test_accessible_assert_property (f->grid, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                       "people, 50,000 rows, 4 columns, sorted by Âge, ascending. Arrows "
                                       "move between cells, Ctrl+I describes the column, Menu opens "
                                       "the column menu.");
  /* The label is left alone: Orca speaks one change, not two. */
  gtk_test_accessible_assert_property (f->grid, GTK_ACCESSIBLE_PROPERTY_LABEL, "city, Lyon, row 1 of 50,000");

  age = sonde_data_grid_describe_column (f->grid, 0);
  g_assert_true (g_str_has_suffix (age, ", sorted ascending."));

  sonde_data_grid_set_sort (f->grid, 0, SONDE_SORT_DESCENDING);
  g_clear_pointer (&age, g_free);
  age = sonde_data_grid_describe_column (f->grid, 0);
  g_assert_true (g_str_has_suffix (age, ", sorted descending."));

  sonde_data_grid_set_sort (f->grid, -1, SONDE_SORT_NONE);
  g_assert_cmpint (sonde_data_grid_get_sort_column (f->grid), ==, -1);
}

static void
test_column_menu (Fixture      *f,
                  gconstpointer data)
{
  g_assert_true (press (f->grid, GDK_KEY_Right, 0));
  g_assert_true (press (f->grid, GDK_KEY_Right, 0));
  g_assert_true (press (f->grid, GDK_KEY_Menu, 0));
  g_assert_cmpint (f->menu_column, ==, 2);

  f->menu_column = -1;
  g_assert_true (press (f->grid, GDK_KEY_Left, 0));
  g_assert_true (press (f->grid, GDK_KEY_F10, GDK_SHIFT_MASK));
  g_assert_cmpint (f->menu_column, ==, 1);
}

static void
test_announce (Fixture      *f,
               gconstpointer data)
{
  sonde_data_grid_announce (f->grid, "Sorted by age");
  gtk_test_accessible_assert_property (f->grid, GTK_ACCESSIBLE_PROPERTY_LABEL, "Sorted by age");
  sonde_data_grid_announce (f->grid, "Sorted by age");
  gtk_test_accessible_assert_property (f->grid, GTK_ACCESSIBLE_PROPERTY_LABEL, "Sorted by age ");
  sonde_data_grid_announce (f->grid, "Sorted by age");
  gtk_test_accessible_assert_property (f->grid, GTK_ACCESSIBLE_PROPERTY_LABEL, "Sorted by age");
}

static void
test_french_grouping (void)
{
  g_autoptr(SondeTable) table = make_table (N_ROWS);
  g_autoptr(SondeSelection) selection = sonde_selection_new_all (table);
  GtkWidget *grid;
  g_autofree char *saved = g_strdup (setlocale (LC_NUMERIC, NULL));

  if (setlocale (LC_NUMERIC, "fr_FR.UTF-8") == NULL)
    {
      g_test_skip ("fr_FR.UTF-8 is not installed");
      return;
    }

  grid = g_object_ref_sink (sonde_data_grid_new ());
  sonde_data_grid_set_selection (SONDE_DATA_GRID (grid), selection);
  sonde_data_grid_set_cursor (SONDE_DATA_GRID (grid), 11, 0);
  /* The message is not translated here (the integrator does the .po),
   * but the numbers follow LC_NUMERIC: glibc's fr_FR groups with a
   * narrow no-break space, and a decimal comma. */
  gtk_test_accessible_assert_property (grid, GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Âge, 31, row 12 of 50\u202f000");
  sonde_data_grid_set_cursor (SONDE_DATA_GRID (grid), 5, 2);
  gtk_test_accessible_assert_property (grid, GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "score, 1,25, row 6 of 50\u202f000");

  setlocale (LC_NUMERIC, saved);
  g_object_unref (grid);
}

static void
test_huge_table_draws_visible_rows_only (void)
{
  const guint n = 10000000;
  g_autoptr(SondeTable) table = sonde_table_new ("huge");
  g_autoptr(SondeColumn) flag = sonde_column_new ("flag", SONDE_COLUMN_TYPE_BOOLEAN);
  g_autoptr(SondeColumn) code = sonde_column_new ("code", SONDE_COLUMN_TYPE_CATEGORICAL);
  g_autoptr(SondeSelection) selection = NULL;
  GtkWidget *window = gtk_window_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *grid = sonde_data_grid_new ();
  GtkAdjustment *vadj;
  GtkSnapshot *snapshot;
  GskRenderNode *node;
  guint before, per_screen, n_columns = 2, max_rows;

  sonde_column_reserve (flag, n);
  sonde_column_reserve (code, n);
  sonde_column_add_category (code, "a", -1);
  sonde_column_add_category (code, "b", -1);
  for (guint i = 0; i < n; i++)
    {
      sonde_column_append_boolean (flag, i & 1);
      sonde_column_append_code (code, i % 2);
    }
  g_assert_true (sonde_table_add_column (table, flag, NULL));
  g_assert_true (sonde_table_add_column (table, code, NULL));
  selection = sonde_selection_new_all (table);

  /* Opening measures a sample, not the table. */
  sonde_data_grid_set_selection (SONDE_DATA_GRID (grid), selection);
  g_assert_cmpuint (sonde_data_grid_get_n_formatted_cells (SONDE_DATA_GRID (grid)), ==, 0);

  gtk_window_set_default_size (GTK_WINDOW (window), 640, 400);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), grid);
  gtk_window_set_child (GTK_WINDOW (window), scrolled);
  gtk_window_present (GTK_WINDOW (window));
  wait_for_allocation (grid);
  vadj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  g_assert_cmpfloat (gtk_adjustment_get_upper (vadj), >, 1e7);

  /* A frame needs at most the rows of one screen plus the partial one. */
  {
    graphene_rect_t area;

    g_assert_true (sonde_data_grid_get_cell_area (SONDE_DATA_GRID (grid), 0, 0, &area));
    max_rows = (guint) ceil (gtk_widget_get_height (grid) / area.size.height) + 1;
  }
  per_screen = max_rows * n_columns;

  /* What the window drew already is bounded by a screen, and drawing the
   * same place again formats nothing. */
  before = sonde_data_grid_get_n_formatted_cells (SONDE_DATA_GRID (grid));
  g_assert_cmpuint (before, <=, per_screen);
  snapshot = gtk_snapshot_new ();
  GTK_WIDGET_GET_CLASS (grid)->snapshot (grid, snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  gsk_render_node_unref (node);
  g_assert_cmpuint (sonde_data_grid_get_n_formatted_cells (SONDE_DATA_GRID (grid)), >, 0);
  before = sonde_data_grid_get_n_formatted_cells (SONDE_DATA_GRID (grid));
  g_assert_cmpuint (before, <=, per_screen);

  /* Jumping to the middle formats one screen. */
  gtk_adjustment_set_value (vadj, gtk_adjustment_get_upper (vadj) / 2);
  snapshot = gtk_snapshot_new ();
  GTK_WIDGET_GET_CLASS (grid)->snapshot (grid, snapshot);
  gsk_render_node_unref (gtk_snapshot_free_to_node (snapshot));
  g_assert_cmpuint (sonde_data_grid_get_n_formatted_cells (SONDE_DATA_GRID (grid)) - before, <=, per_screen);
  g_assert_cmpuint (sonde_data_grid_get_n_formatted_cells (SONDE_DATA_GRID (grid)) - before, >=, n_columns);

  /* Scrolling by one row formats at most the row or two that came in. */
  before = sonde_data_grid_get_n_formatted_cells (SONDE_DATA_GRID (grid));
  gtk_adjustment_set_value (vadj, gtk_adjustment_get_value (vadj) + gtk_adjustment_get_step_increment (vadj));
  snapshot = gtk_snapshot_new ();
  GTK_WIDGET_GET_CLASS (grid)->snapshot (grid, snapshot);
  gsk_render_node_unref (gtk_snapshot_free_to_node (snapshot));
  g_assert_cmpuint (sonde_data_grid_get_n_formatted_cells (SONDE_DATA_GRID (grid)) - before, <=, 2 * n_columns);

  /* The last cell is reachable and says the total with its grouping. */
  sonde_data_grid_set_cursor (SONDE_DATA_GRID (grid), G_MAXUINT, G_MAXUINT);
  gtk_test_accessible_assert_property (grid, GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "code, b, row 10,000,000 of 10,000,000");

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  sonde_engine_init ();
  /* Expected strings below are in English with English grouping. */
  if (setlocale (LC_NUMERIC, "en_US.UTF-8") == NULL)
    g_error ("the tests need the en_US.UTF-8 locale");

#define ADD(path, func) \
  g_test_add ("/app/data-grid/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("role-and-label", test_role_and_label);
  ADD ("arrows", test_arrows);
  ADD ("edges", test_edges);
  ADD ("page-down", test_page_down_scrolls);
  ADD ("describe-column", test_describe_column);
  ADD ("sort", test_sort);
  ADD ("column-menu", test_column_menu);
  ADD ("announce", test_announce);
#undef ADD
  g_test_add_func ("/app/data-grid/french-grouping", test_french_grouping);
  g_test_add_func ("/app/data-grid/huge-table", test_huge_table_draws_visible_rows_only);

  return g_test_run ();
}
