/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-import-pane"

/* In-process checks of the Import pane with GTK's test accessibility
 * backend (GTK_A11Y=test): the preview of a sample CSV and of a French
 * Latin-1 file, the settings re-reading it, the import into the datasets,
 * errors taking the focus, and the recent files. The pane sits in a real
 * window on the test display, because focus needs a root. Fixtures come
 * from data/samples (SONDE_SAMPLES_DIR) and tests/app/fixtures
 * (SONDE_SOURCE_DIR).
 */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "sonde-engine.h"
#include "sonde-import-pane.h"

typedef struct
{
  GListStore      *store;
  GtkWindow       *window;
  SondeImportPane *pane;
  GSettings       *settings;
  SondeTable      *imported;
  guint            n_imported;
} Fixture;

static void
imported_cb (SondeImportPane *pane,
             SondeTable      *table,
             Fixture         *fixture)
{
  g_set_object (&fixture->imported, table);
  fixture->n_imported++;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->settings = g_settings_new (APPLICATION_ID);
  g_settings_reset (fixture->settings, "recent-files");
  fixture->store = g_list_store_new (SONDE_TYPE_TABLE);
  fixture->pane = sonde_import_pane_new (fixture->store);
  g_object_ref (fixture->pane);
  g_signal_connect (fixture->pane, "imported", G_CALLBACK (imported_cb), fixture);
  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, 900, 700);
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->pane));
  gtk_window_present (fixture->window);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (fixture->window);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (fixture->pane);
  g_clear_object (&fixture->imported);
  g_clear_object (&fixture->store);
  g_clear_object (&fixture->settings);
}

/* Runs the main loop until the pane has no preview or import left to do. */
static void
wait_idle (SondeImportPane *pane)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (g_main_context_iteration (NULL, FALSE))
    ;
  while (sonde_import_pane_get_busy (pane))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static GtkWidget *
find_named (GtkWidget  *root,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name);
      if (found != NULL)
        return found;
    }

  return NULL;
}

static GtkWidget *
find_named_checked (Fixture    *fixture,
                    const char *name)
{
  GtkWidget *widget = find_named (GTK_WIDGET (fixture->pane), name);

  g_assert_nonnull (widget);
  return widget;
}

static GtkWidget *
find_combo_row (GtkWidget  *root,
                const char *title)
{
  if (ADW_IS_COMBO_ROW (root) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (root)), title) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_combo_row (child, title);
      if (found != NULL)
        return found;
    }

  return NULL;
}

static GtkWidget *
preview_row (Fixture *fixture,
             int      index)
{
  GtkWidget *list = find_named_checked (fixture, "preview-list");
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), index);

  g_assert_nonnull (row);
  return GTK_WIDGET (row);
}

static guint
n_preview_rows (Fixture *fixture)
{
  GtkWidget *list = find_named (GTK_WIDGET (fixture->pane), "preview-list");
  guint n = 0;

  if (list == NULL)
    return 0;
  for (GtkWidget *child = gtk_widget_get_first_child (list);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n++;

  return n;
}

static GFile *
sample_file (const char *name)
{
  const char *dir = g_getenv ("SONDE_SAMPLES_DIR");
  g_autofree char *path = NULL;

  g_assert_nonnull (dir);
  path = g_build_filename (dir, name, NULL);
  return g_file_new_for_path (path);
}

static GFile *
fixture_file (const char *name)
{
  const char *dir = g_getenv ("SONDE_SOURCE_DIR");
  g_autofree char *path = NULL;

  g_assert_nonnull (dir);
  path = g_build_filename (dir, "tests", "app", "fixtures", name, NULL);
  return g_file_new_for_path (path);
}

static GtkWidget *
focus_of (Fixture *fixture)
{
  return gtk_root_get_focus (GTK_ROOT (fixture->window));
}

static void
test_empty_state (Fixture       *fixture,
                  gconstpointer  data)
{
  GtkWidget *button = find_named_checked (fixture, "empty-choose-button");

  g_assert_true (gtk_widget_get_mapped (button));
  gtk_test_accessible_assert_property (button, GTK_ACCESSIBLE_PROPERTY_LABEL, "Choose File…");
  g_assert_null (sonde_import_pane_get_file (fixture->pane));
  g_assert_false (gtk_widget_is_sensitive (find_named_checked (fixture, "import-button")));
}

/* students.csv: comma-separated, detected as such, 20 preview rows named
 * with the whole row; choosing another delimiter re-reads it. */
static void
test_sample_preview (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GFile) file = sample_file ("students.csv");
  AdwComboRow *delimiter;
  GtkWidget *import_button;

  sonde_import_pane_set_file (fixture->pane, file);
  g_assert_true (sonde_import_pane_get_busy (fixture->pane));
  wait_idle (fixture->pane);

  delimiter = ADW_COMBO_ROW (find_named_checked (fixture, "delimiter-row"));
  g_assert_cmpuint (adw_combo_row_get_selected (delimiter), ==, 0);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (delimiter)), ==, "Detected in the file");
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (find_named_checked (fixture, "encoding-row"))), ==, 1);
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (find_named_checked (fixture, "header-row"))), ==, 1);

  g_assert_cmpuint (n_preview_rows (fixture), ==, 20);
  gtk_test_accessible_assert_property (preview_row (fixture, 0), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Row 1: student_id: S0001, age: 18, programme: Data science, "
                                       "hours_studied_per_week: 1.2, attendance_rate: 0.94, previous_grade: 14.1, "
                                       "has_internship: true, scholarship: true, enrolment_date: 2021-09-06, "
                                       "city: Marseille, passed: false");
  g_assert_false (gtk_widget_get_visible (find_named_checked (fixture, "preview-error")));
  import_button = find_named_checked (fixture, "import-button");
  g_assert_true (gtk_widget_is_sensitive (import_button));

  /* Semicolon: the comma-separated header becomes a single column. */
  adw_combo_row_set_selected (delimiter, 1);
  g_assert_true (sonde_import_pane_get_busy (fixture->pane));
  wait_idle (fixture->pane);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (delimiter)), ==, "");
  gtk_test_accessible_assert_property (preview_row (fixture, 0), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Row 1: student_id,age,programme,hours_studied_per_week,attendance_rate,"
                                       "previous_grade,has_internship,scholarship,enrolment_date,city,passed: "
                                       "S0001,18,Data science,1.2,0.94,14.1,yes,yes,2021-09-06,Marseille,no");
}

/* A Latin-1 file with semicolons, decimal commas and French dates: every
 * one detected; the decimal mark and a column type re-read it. */
static void
test_french_settings (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GFile) file = fixture_file ("french-latin1.csv");
  GtkWidget *taille;
  GtkWidget *warnings;

  sonde_import_pane_set_file (fixture->pane, file);
  wait_idle (fixture->pane);

  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (find_named_checked (fixture, "delimiter-row"))), ==, 1);
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (find_named_checked (fixture, "encoding-row"))), ==, 2);
  g_assert_cmpuint (n_preview_rows (fixture), ==, 4);
  gtk_test_accessible_assert_property (preview_row (fixture, 0), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Row 1: nom: Amélie, ville: Besançon, taille: 1.68, naissance: 1990-03-05");
  gtk_test_accessible_assert_property (preview_row (fixture, 3), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Row 4: nom: Noël, ville: Sète, taille: missing, naissance: 1978-12-01");

  /* The encoding guess is something to check, reachable by keyboard. */
  warnings = find_named_checked (fixture, "warnings-list");
  g_assert_true (gtk_widget_get_mapped (warnings));
  g_assert_nonnull (gtk_widget_get_first_child (warnings));
  g_assert_true (gtk_widget_get_focusable (gtk_widget_get_first_child (warnings)));

  taille = find_combo_row (GTK_WIDGET (fixture->pane), "taille");
  g_assert_nonnull (taille);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (taille)), ==, "Detected: decimal number");

  /* A decimal point: "1,68" is no longer a number. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (find_named_checked (fixture, "decimal-row")), 1);
  wait_idle (fixture->pane);
  gtk_test_accessible_assert_property (preview_row (fixture, 0), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Row 1: nom: Amélie, ville: Besançon, taille: 1,68, naissance: 1990-03-05");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (taille)), ==, "Detected: text");

  /* Back to automatic, then the column read as text by choice. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (find_named_checked (fixture, "decimal-row")), 0);
  wait_idle (fixture->pane);
  gtk_test_accessible_assert_property (preview_row (fixture, 0), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Row 1: nom: Amélie, ville: Besançon, taille: 1.68, naissance: 1990-03-05");
  g_assert_true (taille == find_combo_row (GTK_WIDGET (fixture->pane), "taille"));
  adw_combo_row_set_selected (ADW_COMBO_ROW (taille), 1 + SONDE_COLUMN_TYPE_TEXT);
  wait_idle (fixture->pane);
  /* Same columns: the row is kept, so the focus would stay on it. */
  g_assert_true (taille == find_combo_row (GTK_WIDGET (fixture->pane), "taille"));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (taille)), ==, "Read as text");
  gtk_test_accessible_assert_property (preview_row (fixture, 0), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Row 1: nom: Amélie, ville: Besançon, taille: 1,68, naissance: 1990-03-05");
}

/* A bad missing-value marker is refused beside its entry, with the focus. */
static void
test_missing_markers (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GFile) file = fixture_file ("french-latin1.csv");
  GtkWidget *entry;
  GtkWidget *error;

  sonde_import_pane_set_file (fixture->pane, file);
  wait_idle (fixture->pane);

  entry = find_named_checked (fixture, "missing-row");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "NA, N/A, NULL, ?, -");

  gtk_editable_set_text (GTK_EDITABLE (entry), "NA, a;b");
  g_signal_emit_by_name (entry, "apply");
  error = find_named_checked (fixture, "missing-error");
  g_assert_true (gtk_widget_get_visible (error));
  g_assert_true (focus_of (fixture) == error);
  gtk_test_accessible_assert_property (error, GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "“a;b” cannot mark missing values: it contains the delimiter, so no cell can be equal to it.");

  /* Without NA, the last row's height is a text value. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "?");
  g_signal_emit_by_name (entry, "apply");
  g_assert_false (gtk_widget_get_visible (error));
  wait_idle (fixture->pane);
  gtk_test_accessible_assert_property (preview_row (fixture, 3), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Row 4: nom: Noël, ville: Sète, taille: NA, naissance: 1978-12-01");
}

static void
test_import (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GFile) file = fixture_file ("french-latin1.csv");
  g_autofree char *uri = g_file_get_uri (file);
  g_auto(GStrv) recent = NULL;
  GtkWidget *recent_list;
  GtkWidget *row;
  g_autofree char *expected = NULL;
  g_autofree char *folder = NULL;
  g_autoptr(GFile) parent = g_file_get_parent (file);

  sonde_import_pane_set_file (fixture->pane, file);
  wait_idle (fixture->pane);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->pane), "import.import", NULL));
  g_assert_true (sonde_import_pane_get_busy (fixture->pane));
  wait_idle (fixture->pane);

  g_assert_cmpuint (fixture->n_imported, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->store)), ==, 1);
  g_assert_true (g_list_model_get_item (G_LIST_MODEL (fixture->store), 0) == (gpointer) fixture->imported);
  g_object_unref (fixture->imported);
  g_assert_cmpstr (sonde_table_get_name (fixture->imported), ==, "french-latin1");
  g_assert_cmpuint (sonde_table_get_n_rows (fixture->imported), ==, 4);
  g_assert_cmpint (sonde_column_get_column_type (sonde_table_find_column (fixture->imported, "taille")),
                   ==, SONDE_COLUMN_TYPE_REAL);
  g_assert_false (gtk_widget_get_visible (find_named_checked (fixture, "import-error")));

  recent = g_settings_get_strv (fixture->settings, "recent-files");
  g_assert_cmpuint (g_strv_length (recent), ==, 1);
  g_assert_cmpstr (recent[0], ==, uri);

  /* The recent list names the file and its folder. */
  recent_list = find_named_checked (fixture, "recent-list");
  row = GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (recent_list), 0));
  g_assert_nonnull (row);
  folder = g_file_get_parse_name (parent);
  expected = g_strdup_printf ("french-latin1.csv, in %s", folder);
  gtk_test_accessible_assert_property (row, GTK_ACCESSIBLE_PROPERTY_LABEL, expected);
}

static void
test_recent_files (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GFile) file = sample_file ("housing.csv");
  g_autofree char *uri = g_file_get_uri (file);
  const char *uris[] = { uri, "file:///nonexistent/gone.csv", NULL };
  GtkWidget *list = find_named_checked (fixture, "recent-list");
  GtkListBoxRow *row;

  g_settings_set_strv (fixture->settings, "recent-files", uris);
  g_assert_true (gtk_widget_get_mapped (list));

  row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 1);
  g_assert_nonnull (row);
  gtk_test_accessible_assert_property (row, GTK_ACCESSIBLE_PROPERTY_LABEL, "gone.csv, in /nonexistent, not found");
  g_assert_false (gtk_list_box_row_get_activatable (row));

  row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 0);
  g_assert_true (gtk_list_box_row_get_activatable (row));
  g_signal_emit_by_name (list, "row-activated", row);
  g_assert_nonnull (sonde_import_pane_get_file (fixture->pane));
  g_assert_true (g_file_equal (sonde_import_pane_get_file (fixture->pane), file));
  wait_idle (fixture->pane);
  g_assert_cmpuint (n_preview_rows (fixture), ==, 20);
}

/* A ragged row stops the reader: the error shows under the settings, says
 * where, and takes the focus; nothing is added to the datasets. */
static void
test_parse_error (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GFile) file = fixture_file ("ragged.csv");
  GtkWidget *error;
  const char *message;

  sonde_import_pane_set_file (fixture->pane, file);
  wait_idle (fixture->pane);

  error = find_named_checked (fixture, "preview-error");
  g_assert_true (gtk_widget_get_mapped (error));
  g_assert_true (gtk_widget_get_focusable (error));
  g_assert_true (focus_of (fixture) == error);
  message = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (error));
  g_assert_true (g_str_has_prefix (message, "The file cannot be read with these settings."));
  g_assert_nonnull (strstr (message, "ragged.csv"));
  gtk_test_accessible_assert_property (error, GTK_ACCESSIBLE_PROPERTY_LABEL, message);
  g_assert_cmpuint (n_preview_rows (fixture), ==, 0);

  /* The import fails the same way, beside the Import button. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->pane), "import.import", NULL));
  wait_idle (fixture->pane);
  error = find_named_checked (fixture, "import-error");
  g_assert_true (gtk_widget_get_mapped (error));
  g_assert_true (focus_of (fixture) == error);
  g_assert_cmpuint (fixture->n_imported, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->store)), ==, 0);

  /* Padding the short row, as the message suggests, mends the preview and
   * lists the row among the things to check. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (find_named_checked (fixture, "ragged-row")), SONDE_CSV_RAGGED_PAD);
  wait_idle (fixture->pane);
  g_assert_false (gtk_widget_get_visible (find_named_checked (fixture, "preview-error")));
  g_assert_cmpuint (n_preview_rows (fixture), ==, 3);
  gtk_test_accessible_assert_property (preview_row (fixture, 1), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Row 2: a: 4, b: 5, c: missing");
  g_assert_true (gtk_widget_get_mapped (find_named_checked (fixture, "warnings-list")));
}

/* A file that cannot be read: the error sits beside the file. */
static void
test_unreadable_file (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GFile) file = g_file_new_for_path ("/nonexistent/missing.csv");
  GtkWidget *error;

  sonde_import_pane_set_file (fixture->pane, file);
  wait_idle (fixture->pane);

  error = find_named_checked (fixture, "file-error");
  g_assert_true (gtk_widget_get_mapped (error));
  g_assert_true (focus_of (fixture) == error);
  g_assert_true (g_str_has_prefix (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (error)), "Cannot read this file."));
  g_assert_false (gtk_widget_is_sensitive (find_named_checked (fixture, "import-button")));
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  sonde_engine_init ();

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/app/import-pane/empty-state", test_empty_state);
  ADD ("/app/import-pane/sample-preview", test_sample_preview);
  ADD ("/app/import-pane/french-settings", test_french_settings);
  ADD ("/app/import-pane/missing-markers", test_missing_markers);
  ADD ("/app/import-pane/import", test_import);
  ADD ("/app/import-pane/recent-files", test_recent_files);
  ADD ("/app/import-pane/parse-error", test_parse_error);
  ADD ("/app/import-pane/unreadable-file", test_unreadable_file);

#undef ADD

  return g_test_run ();
}
