/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-window-project"

/* In-process tests of the project file in the main window, with GTK's
 * test accessibility backend: opening a dataset is a change; Save writes
 * the project, remembers it among the recent projects and names the
 * window after it; a rename is a change again and the automatic save
 * writes it; opening the project shows its datasets (first rows at once,
 * then in full) with its saved queries; a file that is not a project is
 * refused in the error bar and nothing open is lost; closing with
 * unsaved changes asks first, and Discard closes.
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "sonde-engine.h"
#include "sonde-application.h"
#include "sonde-dataset.h"
#include "sonde-clean-pane.h"
#include "sonde-quality-pane.h"
#include "sonde-query-pane.h"
#include "sonde-window.h"

/* One application for all the tests: it registers once. */
static SondeApplication *app;

typedef struct
{
  SondeWindow      *window;
  char             *dir;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("sonde-window-XXXXXX", &error);
  g_assert_no_error (error);
  f->window = sonde_window_new (app);
  g_object_ref (f->window);
  gtk_window_present (GTK_WINDOW (f->window));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;

  gtk_window_destroy (GTK_WINDOW (f->window));
  g_clear_object (&f->window);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
}

static void
wait_until_idle (Fixture *f)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  do
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (1000);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
    }
  while (sonde_window_is_saving (f->window) || sonde_window_is_loading (f->window)
         || g_main_context_pending (NULL));
}

static GtkWidget *
find_type (GtkWidget *root,
           GType      type)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type))
        return child;
      if ((found = find_type (child, type)) != NULL)
        return found;
    }

  return NULL;
}

static GFile *
sample (const char *name)
{
  g_autofree char *path = g_build_filename (g_getenv ("SONDE_SAMPLES_DIR"), name, NULL);

  return g_file_new_for_path (path);
}

static void
open_students (Fixture *f)
{
  g_autoptr(GFile) students = sample ("students.csv");

  sonde_window_open_file (f->window, students);
  wait_until_idle (f);
  g_assert_cmpuint (g_list_model_get_n_items (sonde_window_get_datasets (f->window)), ==, 1);
}

static SondeTable *
dataset (Fixture *f,
         guint    index)
{
  return g_list_model_get_item (sonde_window_get_datasets (f->window), index);
}

static void
test_save_and_reopen (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "class.sonde", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_auto(GStrv) recent = NULL;
  g_autofree char *uri = g_file_get_uri (file);
  SondeQueryPane *query_pane;
  const char *names[] = { "by city", NULL };
  const char *sqls[] = { "SELECT city, COUNT(*) FROM students GROUP BY city", NULL };

  g_assert_false (sonde_window_has_unsaved_changes (f->window));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (f->window)), ==, "Sonde");
  open_students (f);
  g_assert_true (sonde_window_has_unsaved_changes (f->window));

  query_pane = SONDE_QUERY_PANE (find_type (GTK_WIDGET (f->window), SONDE_TYPE_QUERY_PANE));
  g_assert_nonnull (query_pane);
  sonde_query_pane_set_saved_queries (query_pane, names, sqls);

  sonde_window_save_project (f->window, file);
  wait_until_idle (f);
  g_assert_true (g_file_query_exists (file, NULL));
  g_assert_false (sonde_window_has_unsaved_changes (f->window));
  g_assert_true (g_file_equal (sonde_window_get_project_file (f->window), file));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (f->window)), ==, "class — Sonde");
  recent = g_settings_get_strv (settings, "recent-projects");
  g_assert_cmpstr (recent[0], ==, uri);

  /* A rename is a change, and the automatic save keeps it. */
  {
    g_autoptr(SondeTable) students = dataset (f, 0);
    g_autoptr(SondeProject) project = NULL;
    g_autoptr(GError) error = NULL;
    g_auto(GStrv) datasets = NULL;

    sonde_table_set_name (students, "pupils");
    g_list_store_splice (G_LIST_STORE (sonde_window_get_datasets (f->window)), 0, 1, (gpointer *) &students, 1);
    g_assert_true (sonde_window_has_unsaved_changes (f->window));
    g_assert_true (sonde_window_autosave (f->window));
    wait_until_idle (f);
    g_assert_false (sonde_window_has_unsaved_changes (f->window));

    project = sonde_project_open (file, &error);
    g_assert_no_error (error);
    datasets = sonde_project_list_datasets (project);
    g_assert_cmpstr (datasets[0], ==, "pupils");
    g_assert_null (datasets[1]);
  }

  /* Nothing to save: the timer does nothing. */
  g_assert_false (sonde_window_autosave (f->window));

  /* Opened again: the first rows at once, marked, then the whole. */
  sonde_query_pane_set_saved_queries (query_pane, NULL, NULL);
  sonde_window_open_project (f->window, file);
  wait_until_idle (f);
  {
    g_autoptr(SondeTable) pupils = dataset (f, 0);

    g_assert_cmpstr (sonde_table_get_name (pupils), ==, "pupils");
    g_assert_cmpuint (sonde_table_get_n_rows (pupils), ==, 600);
    g_assert_cmpuint (sonde_dataset_get_loading_rows (pupils), ==, 0);
  }
  g_assert_false (sonde_window_has_unsaved_changes (f->window));
  g_assert_cmpuint (sonde_query_pane_get_n_saved_queries (query_pane), ==, 1);
  g_assert_cmpstr (sonde_query_pane_get_saved_query_name (query_pane, 0), ==, "by city");
}

/* The cleaning steps and the quality rules are kept with the project. */
static void
test_cleaning_and_rules_kept (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "clean.sonde", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(SondeProject) project = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) params = json_object_new ();
  g_auto(GStrv) names = NULL;
  g_auto(GStrv) sources = NULL;
  g_auto(GStrv) steps = NULL;
  g_auto(GStrv) rule_datasets = NULL;
  g_auto(GStrv) rules = NULL;
  SondeQualityPane *quality = SONDE_QUALITY_PANE (find_type (GTK_WIDGET (f->window), SONDE_TYPE_QUALITY_PANE));
  SondeCleanPane *clean = SONDE_CLEAN_PANE (find_type (GTK_WIDGET (f->window), SONDE_TYPE_CLEAN_PANE));
  SondeStepDialog *dialog;
  JsonArray *columns = json_array_new ();

  open_students (f);
  {
    g_autoptr(SondeTable) students = dataset (f, 0);

    sonde_quality_pane_set_table (quality, students);
    g_assert_true (sonde_quality_pane_add_rule (quality, "age between 16 and 70", &error));
    g_assert_no_error (error);
    sonde_clean_pane_set_table (clean, students);
  }
  json_array_add_string_element (columns, "city");
  json_object_set_array_member (params, "columns", columns);
  json_object_set_string_member (params, "operation", "upper");
  dialog = sonde_clean_pane_open_step_dialog (clean, -1);
  sonde_step_dialog_set_step (dialog, "text", params);
  sonde_step_dialog_apply (dialog);
  while (sonde_clean_pane_is_busy (clean) || g_list_model_get_n_items (sonde_window_get_datasets (f->window)) < 2)
    g_main_context_iteration (NULL, TRUE);
  wait_until_idle (f);

  sonde_window_save_project (f->window, file);
  wait_until_idle (f);
  g_assert_false (sonde_window_has_unsaved_changes (f->window));

  project = sonde_project_open (file, &error);
  g_assert_no_error (error);
  sonde_project_get_pipelines (project, &names, &sources, &steps);
  g_assert_cmpstrv (names, ((const char *[]) { "students (cleaned)", NULL }));
  g_assert_cmpstrv (sources, ((const char *[]) { "students", NULL }));
  g_assert_nonnull (strstr (steps[0], "\"upper\""));
  sonde_project_get_rules (project, &rule_datasets, &rules);
  g_assert_cmpstrv (rule_datasets, ((const char *[]) { "students", NULL }));
  g_assert_cmpstrv (rules, ((const char *[]) { "age between 16 and 70", NULL }));

  /* Opened again: the steps and the rule are back, and nothing is changed. */
  g_clear_pointer (&rules, g_strfreev);
  g_clear_pointer (&rule_datasets, g_strfreev);
  sonde_quality_pane_set_rules (quality, NULL, NULL);
  sonde_window_open_project (f->window, file);
  wait_until_idle (f);
  g_assert_false (sonde_window_has_unsaved_changes (f->window));
  sonde_quality_pane_get_rules (quality, &rule_datasets, &rules);
  g_assert_cmpstrv (rules, ((const char *[]) { "age between 16 and 70", NULL }));
  {
    g_autoptr(SondeTable) students = dataset (f, 0);

    sonde_clean_pane_set_table (clean, students);
    g_assert_true (g_str_has_prefix (sonde_clean_pane_get_status (clean),
                                     "1 step. “students (cleaned)” has 600 rows and 11 columns."));
  }
}

static void
test_not_a_project (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "notes.sonde", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GtkWidget *focus;

  open_students (f);
  g_assert_true (g_file_set_contents (path, "these are my notes, not a project\n", -1, NULL));

  /* No question asked when nothing is unsaved: save first. */
  {
    g_autofree char *saved_path = g_build_filename (f->dir, "kept.sonde", NULL);
    g_autoptr(GFile) saved = g_file_new_for_path (saved_path);

    sonde_window_save_project (f->window, saved);
    wait_until_idle (f);
  }
  sonde_window_open_file (f->window, file);
  wait_until_idle (f);

  /* Refused in the error bar, which has the focus; the dataset stays. */
  focus = gtk_root_get_focus (GTK_ROOT (f->window));
  g_assert_true (GTK_IS_LABEL (focus));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (focus)), "notes.sonde"));
  g_assert_cmpuint (g_list_model_get_n_items (sonde_window_get_datasets (f->window)), ==, 1);
}

static void
test_close_asks_first (Fixture       *f,
                       gconstpointer  data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  AdwMessageDialog *dialog = NULL;

  open_students (f);

  gtk_window_close (GTK_WINDOW (f->window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (f->window)));

  for (guint i = 0; i < g_list_model_get_n_items (toplevels) && dialog == NULL; i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window))
        dialog = ADW_MESSAGE_DIALOG (window);
    }
  g_assert_nonnull (dialog);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, "Unsaved Changes");
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "save");

  /* Cancel keeps everything. */
  adw_message_dialog_response (dialog, "cancel");
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (f->window)));
  g_assert_true (sonde_window_has_unsaved_changes (f->window));
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "en", TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  sonde_engine_init ();

  app = sonde_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  /* The settings start empty for each run (memory backend). */

#define ADD(path, func) \
  g_test_add ("/window-project/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("save-and-reopen", test_save_and_reopen);
  ADD ("cleaning-and-rules-kept", test_cleaning_and_rules_kept);
  ADD ("not-a-project", test_not_a_project);
  ADD ("close-asks-first", test_close_asks_first);
#undef ADD

  return g_test_run ();
}
