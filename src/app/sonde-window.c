/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sonde"

/* SondeWindow is the shell every pane lives in: a header bar with Open and
 * the primary menu, a sidebar listing the panes, and the pane stack. It owns
 * the list of open datasets (a GListStore of SondeTable) that the panes
 * observe, and opens files in a worker thread with progress and Cancel.
 *
 * Keyboard: F6 and Shift+F6 cycle the three regions (header bar, sidebar,
 * pane); Ctrl+1 to Ctrl+9 jump to a pane. Errors are shown in a bar above
 * the pane and take keyboard focus, because Orca 43 does not speak toasts
 * or alerts that appear away from the focus (BRIEF.md).
 *
 * Panes are listed in `panes[]` below; a pane appears there when the issue
 * that delivers it lands, never as an empty placeholder.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "sonde-engine.h"

#include "sonde-a11y.h"
#include "sonde-dataset.h"
#include "sonde-data-pane.h"
#include "sonde-import-pane.h"
#include "sonde-project-pane.h"
#include "sonde-clean-pane.h"
#include "sonde-quality-pane.h"
#include "sonde-query-pane.h"
#include "sonde-stats-pane.h"
#include "sonde-window.h"

typedef struct
{
  const char *name;
  const char *title;
  const char *icon_name;
  const char *description;
  GtkWidget *(*create) (SondeWindow *window);
} SondePaneInfo;

struct _SondeWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;
  GListStore           *datasets;
  GCancellable         *open_cancellable;
  guint                 n_opening;
  SondeImportPane      *import_pane;
  SondeDataPane        *data_pane;
  SondeStatsPane       *stats_pane;
  SondeQueryPane       *query_pane;
  SondeQualityPane     *quality_pane;
  SondeCleanPane       *clean_pane;
  SondeCleaning        *cleaning;

  /* The project */
  SondeProject         *project;
  GFile                *project_file;
  GFile                *pending_project;
  GCancellable         *load_cancellable;
  gboolean              dirty;
  gboolean              saving;
  gboolean              changed_while_saving;
  gboolean              loading_datasets;
  gboolean              load_failed;
  gboolean              close_confirmed;
  gboolean              close_after_save;
  guint                 suppress_changes;
  guint                 autosave_id;
  guint                 pulse_id;
  GtkWidget            *focus_before_message;

  /* Template widgets */
  AdwHeaderBar         *header_bar;
  AdwWindowTitle       *window_title;
  GtkWidget            *open_button;
  GtkWidget            *primary_menu_button;
  GtkListBox           *sidebar;
  GtkWidget            *sidebar_scroller;
  GtkStack             *stack;
  GtkWidget            *progress_bar_box;
  GtkLabel             *progress_label;
  GtkProgressBar       *progress_bar;
  GtkWidget            *error_bar;
  GtkLabel             *error_label;
  GtkImage             *error_icon;
  GMenu                *recent_menu;
};

G_DEFINE_FINAL_TYPE (SondeWindow, sonde_window, ADW_TYPE_APPLICATION_WINDOW)

static gboolean is_project_file       (GFile       *file);
static void     ask_then_open_project (SondeWindow *self,
                                       GFile       *file);
static void     update_title          (SondeWindow *self);

static GtkWidget *
create_project_pane (SondeWindow *self)
{
  return GTK_WIDGET (sonde_project_pane_new (self->datasets));
}

static void
show_table (SondeWindow *self,
            SondeTable  *table)
{
  sonde_data_pane_show_table (self->data_pane, table);
  sonde_stats_pane_set_table (self->stats_pane, table);
  sonde_window_show_pane (self, "data");
  /* Orca then reads the first cell and what the grid holds. */
  gtk_widget_grab_focus (GTK_WIDGET (sonde_data_pane_get_grid (self->data_pane)));
}

static void
imported_cb (SondeImportPane *pane,
             SondeTable      *table,
             SondeWindow     *self)
{
  show_table (self, table);
}

static GtkWidget *
create_import_pane (SondeWindow *self)
{
  self->import_pane = sonde_import_pane_new (self->datasets);
  g_signal_connect_object (self->import_pane, "imported", G_CALLBACK (imported_cb), self, 0);

  return GTK_WIDGET (self->import_pane);
}

static GtkWidget *
create_data_pane (SondeWindow *self)
{
  self->data_pane = sonde_data_pane_new (self->datasets);

  return GTK_WIDGET (self->data_pane);
}

static GtkWidget *
create_stats_pane (SondeWindow *self)
{
  self->stats_pane = sonde_stats_pane_new (self->datasets);

  return GTK_WIDGET (self->stats_pane);
}

static GtkWidget *
create_query_pane (SondeWindow *self)
{
  self->query_pane = sonde_query_pane_new (self->datasets);

  return GTK_WIDGET (self->query_pane);
}

static void
show_finding_rows_cb (SondeQualityPane *pane,
                      SondeTable       *table,
                      SondeSelection   *rows,
                      const char       *what,
                      SondeWindow      *self)
{
  sonde_window_show_pane (self, "data");
  sonde_data_pane_show_rows (self->data_pane, table, rows, what);
}

static GtkWidget *
create_quality_pane (SondeWindow *self)
{
  self->quality_pane = sonde_quality_pane_new (self->datasets);
  sonde_quality_pane_set_cleaning (self->quality_pane, self->cleaning);
  g_signal_connect_object (self->quality_pane, "show-rows", G_CALLBACK (show_finding_rows_cb), self, 0);

  return GTK_WIDGET (self->quality_pane);
}

static void
show_cleaned_cb (SondeCleanPane *pane,
                 SondeTable     *table,
                 SondeWindow    *self)
{
  show_table (self, table);
}

static GtkWidget *
create_clean_pane (SondeWindow *self)
{
  self->clean_pane = sonde_clean_pane_new (self->datasets, self->cleaning);
  g_signal_connect_object (self->clean_pane, "show-table", G_CALLBACK (show_cleaned_cb), self, 0);

  return GTK_WIDGET (self->clean_pane);
}

static const SondePaneInfo panes[] = {
  { "project", N_("Project"), "view-list-symbolic",
    N_("The datasets open in this project and their columns"),
    create_project_pane },
  { "import", N_("Import"), "document-open-symbolic",
    N_("Import a file with a preview, choosing its delimiter, encoding and column types"),
    create_import_pane },
  { "data", N_("Data"), "x-office-spreadsheet-symbolic",
    N_("Browse, sort, filter and search the rows of a dataset"),
    create_data_pane },
  { "statistics", N_("Statistics"), "accessories-calculator-symbolic",
    N_("Tests and models on a dataset, each result told in a sentence"),
    create_stats_pane },
  { "query", N_("Query"), "system-search-symbolic",
    N_("SQL on the open datasets, with saved queries; results can become datasets"),
    create_query_pane },
  { "quality", N_("Quality"), "emblem-ok-symbolic",
    N_("Profile a dataset: the problems found, most severe first, each with its rows, and every column's figures"),
    create_quality_pane },
  { "clean", N_("Clean"), "edit-clear-all-symbolic",
    N_("Clean a dataset step by step, with a preview of each step, undo and redo; the original stays as it is"),
    create_clean_pane },
};

/**
 * sonde_window_new:
 * @application: the application
 *
 * Returns: (transfer full): a new main window.
 */
SondeWindow *
sonde_window_new (SondeApplication *application)
{
  return g_object_new (SONDE_TYPE_WINDOW,
                       "application", application,
                       NULL);
}

/**
 * sonde_window_get_datasets:
 *
 * Returns: (transfer none): the open datasets, a list of #SondeTable.
 */
GListModel *
sonde_window_get_datasets (SondeWindow *self)
{
  g_return_val_if_fail (SONDE_IS_WINDOW (self), NULL);

  return G_LIST_MODEL (self->datasets);
}

/**
 * sonde_window_show_pane:
 * @name: a pane name from the pane table, such as "project"
 *
 * Shows that pane and selects it in the sidebar. Unknown names are ignored.
 */
void
sonde_window_show_pane (SondeWindow *self,
                        const char  *name)
{
  g_return_if_fail (SONDE_IS_WINDOW (self));

  for (guint i = 0; i < G_N_ELEMENTS (panes); i++)
    {
      if (g_strcmp0 (panes[i].name, name) == 0)
        {
          GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->sidebar, i);

          gtk_list_box_select_row (self->sidebar, row);
          return;
        }
    }
}

/* The bar above the pane says what went wrong (@is_error) or what to
 * check after a file opened with warnings; icon and colour differ, and the
 * text itself says which it is, for those who see neither. */
static void
show_message (SondeWindow *self,
              const char  *message,
              gboolean     is_error)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  /* Dismiss returns there. */
  if (focus != NULL && !gtk_widget_is_ancestor (focus, self->error_bar))
    g_set_weak_pointer (&self->focus_before_message, focus);
  gtk_widget_remove_css_class (self->error_bar, "sonde-info-bar");
  gtk_image_set_from_icon_name (self->error_icon, is_error ? "dialog-error-symbolic" : "dialog-warning-symbolic");
  if (is_error)
    {
      gtk_widget_add_css_class (self->error_bar, "sonde-error-bar");
      gtk_widget_remove_css_class (self->error_bar, "sonde-warning-bar");
    }
  else
    {
      gtk_widget_add_css_class (self->error_bar, "sonde-warning-bar");
      gtk_widget_remove_css_class (self->error_bar, "sonde-error-bar");
    }
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (self->error_bar, TRUE);
  /* Focus is the one channel Orca 43 reliably speaks on this stack.
   * Focusing a selectable label selects its text, which Orca would
   * announce as "selected": put the cursor at the start instead. */
  gtk_widget_grab_focus (GTK_WIDGET (self->error_label));
  gtk_label_select_region (self->error_label, 0, 0);
}

/* A confirmation (saved, new project): same bar, neutral colours, and
 * the focus, so Orca says it; Dismiss goes back to where the user was. */
static void
show_info (SondeWindow *self,
           const char  *message)
{
  show_message (self, message, FALSE);
  gtk_image_set_from_icon_name (self->error_icon, "emblem-ok-symbolic");
  gtk_widget_remove_css_class (self->error_bar, "sonde-warning-bar");
  gtk_widget_add_css_class (self->error_bar, "sonde-info-bar");
}

static void
show_error (SondeWindow *self,
            const char  *message)
{
  show_message (self, message, TRUE);
}

static void
hide_error (SondeWindow *self)
{
  gtk_widget_set_visible (self->error_bar, FALSE);
}

typedef struct
{
  SondeWindow *window;
  char        *display_name;
} OpenData;

static void
open_data_free (OpenData *data)
{
  g_clear_object (&data->window);
  g_free (data->display_name);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OpenData, open_data_free)

typedef struct
{
  GWeakRef window;
  double   fraction;
} ProgressUpdate;

static gboolean
apply_progress_cb (gpointer user_data)
{
  ProgressUpdate *update = user_data;
  g_autoptr(SondeWindow) self = g_weak_ref_get (&update->window);

  if (self != NULL && self->n_opening > 0)
    gtk_progress_bar_set_fraction (self->progress_bar, update->fraction);

  g_weak_ref_clear (&update->window);
  g_free (update);

  return G_SOURCE_REMOVE;
}

/* Called by the reader in its worker thread: hand the value to the main
 * loop, where the widgets live. The reader calls this at most ~100 times. */
static void
reader_progress_cb (double   fraction,
                    gpointer user_data)
{
  g_autoptr(GObject) window = g_weak_ref_get (user_data);
  ProgressUpdate *update;

  if (window == NULL)
    return;

  update = g_new0 (ProgressUpdate, 1);
  g_weak_ref_init (&update->window, window);
  update->fraction = fraction;
  g_main_context_invoke (NULL, apply_progress_cb, update);
}

static void
weak_ref_free (gpointer data)
{
  g_weak_ref_clear (data);
  g_free (data);
}

static void
open_finished_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(OpenData) data = user_data;
  SondeWindow *self = data->window;
  g_autoptr(GError) error = NULL;
  g_autoptr(SondeTable) table = NULL;
  const char * const *warnings;
  guint n_warnings;

  table = sonde_importer_import_file_finish (SONDE_IMPORTER (source), result, &error);

  if (--self->n_opening == 0)
    {
      gtk_widget_set_visible (self->progress_bar_box, FALSE);
      g_clear_object (&self->open_cancellable);
    }

  if (table == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          /* Translators: %s is the reason given by the reader, which names the file. */
          g_autofree char *message = g_strdup_printf (_("Could not open the dataset. %s"), error->message);
          show_error (self, message);
        }
      return;
    }

  hide_error (self);
  g_list_store_append (self->datasets, table);
  show_table (self, table);

  warnings = sonde_importer_get_warnings (SONDE_IMPORTER (source));
  n_warnings = g_strv_length ((char **) warnings);
  if (n_warnings > 0)
    {
      const char *first = warnings[0];
      g_autofree char *message = NULL;

      if (n_warnings == 1)
        /* Translators: %s is a file name, then the reader's warning. */
        message = g_strdup_printf (_("%s was opened, with one thing to check: %s"),
                                   data->display_name, first);
      else
        /* Translators: %s is a file name, %u a count, then the first warning. */
        message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                "%s was opened, with %u thing to check. The first: %s",
                                                "%s was opened, with %u things to check. The first: %s",
                                                n_warnings),
                                   data->display_name, n_warnings, first);
      show_message (self, message, FALSE);
    }
}

/**
 * sonde_window_open_file:
 * @file: a file in any format the engine reads (CSV, TSV, JSON, NDJSON,
 *   ARFF, .xlsx, SQLite)
 *
 * Reads @file in a worker thread and adds it to the open datasets. Progress
 * shows above the pane with a Cancel button; a failure shows in the error
 * bar and takes the focus. Datasets already open are never touched.
 */
void
sonde_window_open_file (SondeWindow *self,
                        GFile       *file)
{
  g_autoptr(SondeImporter) importer = NULL;
  g_autofree char *label = NULL;
  OpenData *data;
  GWeakRef *weak;

  g_return_if_fail (SONDE_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  if (is_project_file (file))
    {
      ask_then_open_project (self, file);
      return;
    }

  if (self->open_cancellable == NULL)
    self->open_cancellable = g_cancellable_new ();

  data = g_new0 (OpenData, 1);
  data->window = g_object_ref (self);
  data->display_name = g_file_get_basename (file);

  /* Translators: %s is a file name. */
  label = g_strdup_printf (_("Opening %s…"), data->display_name);
  gtk_label_set_text (self->progress_label, label);
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  gtk_widget_set_visible (self->progress_bar_box, TRUE);
  self->n_opening++;

  importer = sonde_importer_new ();
  weak = g_new0 (GWeakRef, 1);
  g_weak_ref_init (weak, self);
  sonde_importer_set_progress_func (importer, reader_progress_cb, weak, weak_ref_free);
  sonde_importer_import_file_async (importer, file, self->open_cancellable,
                                    open_finished_cb, data);
}

static void
open_response_cb (GtkNativeDialog *dialog,
                  int              response,
                  SondeWindow     *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (dialog));

      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        {
          g_autoptr(GFile) file = g_list_model_get_item (files, i);
          sonde_window_open_file (self, file);
        }
    }

  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

/* Outside a sandbox GtkFileChooserNative shows GTK's own file chooser, whose
 * buttons and rows reach AT-SPI unnamed on GTK 4.8: find it among the
 * toplevels and let the repair pass watch it. Inside Flatpak the portal
 * shows the desktop's chooser instead and there is nothing to find. */
static void
watch_file_chooser (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (GTK_IS_FILE_CHOOSER_DIALOG (window))
        sonde_a11y_watch_window (window);
    }
}

static void
open_action_cb (GSimpleAction *action,
                GVariant      *param,
                gpointer       user_data)
{
  SondeWindow *self = SONDE_WINDOW (user_data);
  GtkFileChooserNative *dialog;
  g_autoptr(GtkFileFilter) tables = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  dialog = gtk_file_chooser_native_new (_("Open a Dataset"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_OPEN,
                                        _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (dialog), TRUE);

  gtk_file_filter_set_name (tables, _("Datasets (CSV, TSV, JSON, ARFF, Excel, SQLite)"));
  gtk_file_filter_add_mime_type (tables, "text/csv");
  gtk_file_filter_add_mime_type (tables, "text/tab-separated-values");
  gtk_file_filter_add_mime_type (tables, "application/json");
  gtk_file_filter_add_mime_type (tables, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  gtk_file_filter_add_mime_type (tables, "application/vnd.sqlite3");
  for (const char * const *suffix = (const char * const[]) { "csv", "tsv", "txt", "json", "ndjson", "jsonl",
                                                             "arff", "xlsx", "sqlite", "sqlite3", "db", NULL };
       *suffix != NULL; suffix++)
    gtk_file_filter_add_suffix (tables, *suffix);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), tables);

  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), all);

  g_signal_connect (dialog, "response", G_CALLBACK (open_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
  watch_file_chooser ();
}

/* ------------------------------------------------------------------ */
/* The project: New, Open, Save, Save As, recent, autosave              */
/* ------------------------------------------------------------------ */

/* The project's file name without ".sonde", or "Untitled Project". */
static char *
project_display_name (SondeWindow *self)
{
  g_autofree char *basename = NULL;

  if (self->project_file == NULL)
    return g_strdup (_("Untitled Project"));

  basename = g_file_get_basename (self->project_file);
  if (g_str_has_suffix (basename, ".sonde"))
    basename[strlen (basename) - strlen (".sonde")] = '\0';

  return g_steal_pointer (&basename);
}

static void
update_title (SondeWindow *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->datasets));
  g_autofree char *name = project_display_name (self);
  g_autofree char *datasets = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *window_title = NULL;

  if (n > 0)
    datasets = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u dataset open", "%u datasets open", n), n);

  if (self->dirty && datasets != NULL)
    /* Translators: "Unsaved changes · 3 datasets open" */
    subtitle = g_strdup_printf (_("Unsaved changes · %s"), datasets);
  else if (self->dirty)
    subtitle = g_strdup (_("Unsaved changes"));
  else
    subtitle = g_strdup (datasets != NULL ? datasets : "");

  adw_window_title_set_title (self->window_title, self->project_file != NULL ? name : _("Sonde"));
  adw_window_title_set_subtitle (self->window_title, subtitle);

  /* The window's own name, which Orca reads on entering it, follows the
   * document like other GNOME applications; it stays "Sonde" until a
   * project has a file. */
  if (self->project_file != NULL)
    /* Translators: the window title, a project's name then the application's */
    window_title = g_strdup_printf (_("%s — Sonde"), name);
  gtk_window_set_title (GTK_WINDOW (self), window_title != NULL ? window_title : _("Sonde"));
}

static void
set_dirty (SondeWindow *self,
           gboolean     dirty)
{
  if (self->dirty == dirty)
    return;
  self->dirty = dirty;
  update_title (self);
}

static void
mark_changed (SondeWindow *self)
{
  if (self->suppress_changes == 0)
    {
      if (self->saving)
        self->changed_while_saving = TRUE;
      set_dirty (self, TRUE);
    }
}

/* A pipeline's change is a change of the project; pipelines set from a
 * project just opened (no dataset named) are not. */
static void
cleaning_changed_cb (SondeWindow *self,
                     const char  *source)
{
  if (source != NULL)
    mark_changed (self);
}

static void
add_recent_project (SondeWindow *self,
                    GFile       *file)
{
  g_autofree char *uri = g_file_get_uri (file);
  g_auto(GStrv) old = g_settings_get_strv (self->settings, "recent-projects");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) recent = NULL;
  guint n = 1;

  g_strv_builder_add (builder, uri);
  for (guint i = 0; old[i] != NULL && n < 10; i++)
    if (g_strcmp0 (old[i], uri) != 0)
      {
        g_strv_builder_add (builder, old[i]);
        n++;
      }
  recent = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "recent-projects", (const char * const *) recent);
}

/* The "Open Recent Project" submenu, rebuilt when the setting changes. */
static void
update_recent_menu (SondeWindow *self)
{
  g_auto(GStrv) recent = g_settings_get_strv (self->settings, "recent-projects");

  g_menu_remove_all (self->recent_menu);
  for (guint i = 0; recent[i] != NULL; i++)
    {
      g_autoptr(GFile) file = g_file_new_for_uri (recent[i]);
      g_autofree char *basename = g_file_get_basename (file);
      g_autoptr(GMenuItem) item = g_menu_item_new (basename, NULL);

      g_menu_item_set_action_and_target (item, "win.open-recent-project", "s", recent[i]);
      g_menu_append_item (self->recent_menu, item);
    }
  if (recent[0] == NULL)
    g_menu_append (self->recent_menu, _("No Recent Projects"), "win.no-recent-project");
}

/* A table of the same name and source holding the same column objects:
 * what a save writes while the Data pane may replace columns of the
 * original (columns themselves never change once made). */
typedef void (*AfterFunc) (SondeWindow *self);

typedef struct
{
  SondeWindow  *window;
  GFile        *file;
  gboolean      automatic;
  AfterFunc     after;
} SaveJob;

static void
save_job_free (SaveJob *job)
{
  g_clear_object (&job->window);
  g_clear_object (&job->file);
  g_free (job);
}

static void
save_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SaveJob *job = task_data;
  GError *error = NULL;

  if (sonde_project_save (job->window->project, job->file, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
save_finished_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  SondeWindow *self = SONDE_WINDOW (source);
  SaveJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *basename = g_file_get_basename (job->file);
  g_autofree char *message = NULL;
  AfterFunc after = job->after;

  self->saving = FALSE;
  if (!job->automatic)
    gtk_widget_set_visible (self->progress_bar_box, self->n_opening > 0);

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      /* The window stays, with the reason, rather than close unsaved. */
      self->close_after_save = FALSE;
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error->message);
      return;
    }

  g_set_object (&self->project_file, job->file);
  add_recent_project (self, job->file);
  self->dirty = FALSE;
  if (self->changed_while_saving)
    self->dirty = TRUE;
  update_title (self);

  if (!job->automatic)
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (self->datasets));

      /* Translators: a file name, then the number of datasets saved */
      message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "Saved %s, with %u dataset.",
                                              "Saved %s, with %u datasets.", n),
                                 basename, n);
      show_info (self, message);
    }

  if (after != NULL)
    after (self);
  if (self->close_after_save)
    {
      self->close_after_save = FALSE;
      gtk_window_close (GTK_WINDOW (self));
    }
}

static void save_project_as (SondeWindow *self,
                             AfterFunc    after);

/* Saves the project in @file in a worker. The datasets go as they are
 * now; the window stays usable, and a change made during the save keeps
 * the project marked as changed. */
static void
save_project_to (SondeWindow *self,
                 GFile       *file,
                 gboolean     automatic,
                 AfterFunc    after)
{
  g_autoptr(GPtrArray) tables = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *basename = g_file_get_basename (file);
  g_autofree char *label = NULL;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->datasets));
  SaveJob *job;

  if (self->saving)
    return;
  if (self->loading_datasets)
    {
      if (!automatic)
        show_error (self, _("The project’s datasets are still being read. Save again once the progress bar above is gone."));
      return;
    }
  if (self->load_failed)
    {
      if (!automatic)
        show_error (self, _("A dataset of this project could not be read when it opened, so saving would lose it. Open the project again, or save the other datasets in a new project with Save As after closing the broken one."));
      return;
    }

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SondeTable) table = g_list_model_get_item (G_LIST_MODEL (self->datasets), i);

      g_ptr_array_add (tables, sonde_table_share (table, NULL));
    }
  if (!sonde_project_set_datasets (self->project, (SondeTable **) tables->pdata, tables->len, &error))
    {
      show_error (self, error->message);
      return;
    }
  {
    guint n_queries = sonde_query_pane_get_n_saved_queries (self->query_pane);
    g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
    g_autoptr(GStrvBuilder) sqls = g_strv_builder_new ();
    g_auto(GStrv) name_list = NULL;
    g_auto(GStrv) sql_list = NULL;

    for (guint i = 0; i < n_queries; i++)
      {
        g_strv_builder_add (names, sonde_query_pane_get_saved_query_name (self->query_pane, i));
        g_strv_builder_add (sqls, sonde_query_pane_get_saved_query_sql (self->query_pane, i));
      }
    name_list = g_strv_builder_end (names);
    sql_list = g_strv_builder_end (sqls);
    sonde_project_set_queries (self->project, (const char * const *) name_list, (const char * const *) sql_list);
  }
  {
    g_auto(GStrv) names = NULL;
    g_auto(GStrv) sources = NULL;
    g_auto(GStrv) steps = NULL;
    g_auto(GStrv) rule_datasets = NULL;
    g_auto(GStrv) rules = NULL;

    sonde_cleaning_get_pipelines (self->cleaning, &names, &sources, &steps);
    sonde_project_set_pipelines (self->project, (const char * const *) names, (const char * const *) sources,
                                 (const char * const *) steps);
    sonde_quality_pane_get_rules (self->quality_pane, &rule_datasets, &rules);
    sonde_project_set_rules (self->project, (const char * const *) rule_datasets, (const char * const *) rules);
  }

  self->saving = TRUE;
  self->changed_while_saving = FALSE;
  if (!automatic)
    {
      /* Translators: %s is a file name */
      label = g_strdup_printf (_("Saving %s…"), basename);
      gtk_label_set_text (self->progress_label, label);
      gtk_progress_bar_pulse (self->progress_bar);
      gtk_widget_set_visible (self->progress_bar_box, TRUE);
    }

  job = g_new0 (SaveJob, 1);
  job->window = g_object_ref (self);
  job->file = g_object_ref (file);
  job->automatic = automatic;
  job->after = after;
  task = g_task_new (self, NULL, save_finished_cb, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) save_job_free);
  g_task_run_in_thread (task, save_thread);
}

/**
 * sonde_window_save_project:
 * @file: where to save the project, a .sonde file
 *
 * Saves the project in @file in the background, as Save As does once a
 * file is chosen; the window then follows @file. Errors show in the error
 * bar. Does nothing while a save runs.
 */
void
sonde_window_save_project (SondeWindow *self,
                           GFile       *file)
{
  g_return_if_fail (SONDE_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  save_project_to (self, file, FALSE, NULL);
}

/**
 * sonde_window_is_saving:
 *
 * Returns: whether a save runs.
 */
gboolean
sonde_window_is_saving (SondeWindow *self)
{
  g_return_val_if_fail (SONDE_IS_WINDOW (self), FALSE);

  return self->saving;
}

/**
 * sonde_window_is_loading:
 *
 * Returns: whether a file or a project is being read.
 */
gboolean
sonde_window_is_loading (SondeWindow *self)
{
  g_return_val_if_fail (SONDE_IS_WINDOW (self), FALSE);

  return self->n_opening > 0 || self->loading_datasets;
}

/**
 * sonde_window_has_unsaved_changes:
 *
 * Returns: whether the project has changes a save would keep.
 */
gboolean
sonde_window_has_unsaved_changes (SondeWindow *self)
{
  g_return_val_if_fail (SONDE_IS_WINDOW (self), FALSE);

  return self->dirty;
}

/**
 * sonde_window_get_project_file:
 *
 * Returns: (transfer none) (nullable): the project's file, %NULL for a
 *   project never saved.
 */
GFile *
sonde_window_get_project_file (SondeWindow *self)
{
  g_return_val_if_fail (SONDE_IS_WINDOW (self), NULL);

  return self->project_file;
}

static void
save_response_cb (GtkNativeDialog *dialog,
                  int              response,
                  SondeWindow     *self)
{
  AfterFunc after = g_object_get_data (G_OBJECT (dialog), "sonde-after");

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) chosen = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (chosen);
      g_autoptr(GFile) file = NULL;

      /* A project file always ends in .sonde. */
      if (path != NULL && !g_str_has_suffix (path, ".sonde"))
        {
          g_autofree char *with_suffix = g_strconcat (path, ".sonde", NULL);

          file = g_file_new_for_path (with_suffix);
        }
      else
        file = g_object_ref (chosen);

      save_project_to (self, file, FALSE, after);
    }

  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
add_project_filter (GtkFileChooser *chooser)
{
  g_autoptr(GtkFileFilter) projects = gtk_file_filter_new ();

  gtk_file_filter_set_name (projects, _("Sonde projects (.sonde)"));
  gtk_file_filter_add_suffix (projects, "sonde");
  gtk_file_chooser_add_filter (chooser, projects);
}

static void
save_project_as (SondeWindow *self,
                 AfterFunc    after)
{
  GtkFileChooserNative *dialog;
  g_autofree char *name = NULL;

  dialog = gtk_file_chooser_native_new (_("Save the Project"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  add_project_filter (GTK_FILE_CHOOSER (dialog));
  if (self->project_file != NULL)
    gtk_file_chooser_set_file (GTK_FILE_CHOOSER (dialog), self->project_file, NULL);
  else
    {
      /* Translators: the proposed file name of a new project */
      name = g_strdup_printf ("%s.sonde", _("project"));
      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
    }

  g_object_set_data (G_OBJECT (dialog), "sonde-after", after);
  g_signal_connect (dialog, "response", G_CALLBACK (save_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
  watch_file_chooser ();
}

static void
save_project (SondeWindow *self,
              AfterFunc    after)
{
  if (self->project_file != NULL)
    save_project_to (self, self->project_file, FALSE, after);
  else
    save_project_as (self, after);
}

static void
save_action_cb (GSimpleAction *action,
                GVariant      *param,
                gpointer       user_data)
{
  save_project (SONDE_WINDOW (user_data), NULL);
}

static void
save_as_action_cb (GSimpleAction *action,
                   GVariant      *param,
                   gpointer       user_data)
{
  save_project_as (SONDE_WINDOW (user_data), NULL);
}

/**
 * sonde_window_autosave:
 *
 * What the automatic-save timer does: saves the project, quietly, when
 * it has a file and changes, and nothing is being read or saved. A
 * project never saved is never written behind the user's back to a place
 * they did not choose.
 *
 * Returns: whether a save started.
 */
gboolean
sonde_window_autosave (SondeWindow *self)
{
  g_return_val_if_fail (SONDE_IS_WINDOW (self), FALSE);

  if (!self->dirty || self->project_file == NULL || self->saving
      || self->loading_datasets || self->load_failed)
    return FALSE;

  save_project_to (self, self->project_file, TRUE, NULL);
  return self->saving;
}

static gboolean
autosave_cb (gpointer user_data)
{
  sonde_window_autosave (SONDE_WINDOW (user_data));

  return G_SOURCE_CONTINUE;
}

static void
update_autosave (SondeWindow *self)
{
  g_clear_handle_id (&self->autosave_id, g_source_remove);
  if (g_settings_get_boolean (self->settings, "autosave"))
    self->autosave_id = g_timeout_add_seconds (60 * g_settings_get_uint (self->settings, "autosave-minutes"),
                                               autosave_cb, self);
}

/* ------------------------------------------------------------------ */
/* Unsaved changes                                                      */
/* ------------------------------------------------------------------ */

static void
unsaved_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     SondeWindow      *self)
{
  AfterFunc after = g_object_get_data (G_OBJECT (dialog), "sonde-after");

  if (g_strcmp0 (response, "save") == 0)
    save_project (self, after);
  else if (g_strcmp0 (response, "discard") == 0)
    {
      set_dirty (self, FALSE);
      after (self);
    }
}

/* Runs @after now when nothing is unsaved, else once the user chose to
 * save (and the save succeeded) or to discard the changes. */
static void
confirm_unsaved (SondeWindow *self,
                 AfterFunc    after)
{
  GtkWidget *dialog;
  g_autofree char *name = NULL;
  g_autofree char *body = NULL;

  if (!self->dirty)
    {
      after (self);
      return;
    }

  name = project_display_name (self);
  if (self->project_file != NULL)
    /* Translators: %s is a project's name */
    body = g_strdup_printf (_("“%s” has changes that are not saved. Without saving, they are lost."), name);
  else
    body = g_strdup (_("The datasets open here are not saved in a project yet. Without saving, the changes made to them here (names, types, roles, query results) are lost; the files they came from stay as they were."));

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Save the Project?"), body);
  /* Orca reads the window's title first; the heading follows. */
  gtk_window_set_title (GTK_WINDOW (dialog), _("Unsaved Changes"));
  /* Orca 43 reads a dialog's title and its focused button, not the body. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (dialog), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, body, -1);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "discard", _("_Discard Changes"),
                                    "save", _("_Save"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "sonde-after", after);
  g_signal_connect (dialog, "response", G_CALLBACK (unsaved_response_cb), self);
  sonde_a11y_fix_mnemonic_names (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
close_now (SondeWindow *self)
{
  self->close_confirmed = TRUE;
  gtk_window_close (GTK_WINDOW (self));
}

/* Empties the window: no dataset, no saved query, no file. */
static void
clear_project (SondeWindow *self)
{
  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  g_clear_handle_id (&self->pulse_id, g_source_remove);
  self->loading_datasets = FALSE;
  gtk_widget_set_visible (self->progress_bar_box, self->n_opening > 0);
  self->suppress_changes++;
  g_list_store_remove_all (self->datasets);
  sonde_query_pane_set_saved_queries (self->query_pane, NULL, NULL);
  sonde_cleaning_set_pipelines (self->cleaning, NULL, NULL, NULL, NULL);
  sonde_quality_pane_set_rules (self->quality_pane, NULL, NULL);
  self->suppress_changes--;
  g_clear_object (&self->project);
  self->project = sonde_project_new ();
  g_clear_object (&self->project_file);
  self->load_failed = FALSE;
  self->dirty = FALSE;
  hide_error (self);
  update_title (self);
}

static void
new_project_now (SondeWindow *self)
{
  clear_project (self);
  sonde_window_show_pane (self, "project");
  show_info (self, _("A new, empty project. Open or import datasets into it, then save it with Ctrl+S."));
}

static void
new_project_action_cb (GSimpleAction *action,
                       GVariant      *param,
                       gpointer       user_data)
{
  confirm_unsaved (SONDE_WINDOW (user_data), new_project_now);
}

/* ------------------------------------------------------------------ */
/* Opening a project                                                    */
/* ------------------------------------------------------------------ */

/* How many rows of each dataset show while the rest is read. */
#define HEAD_ROWS 1000

typedef struct
{
  SondeProject *project;
  GPtrArray    *heads;     /* SondeTable, marked loading */
} OpenProjectResult;

static void
open_project_result_free (OpenProjectResult *r)
{
  g_clear_object (&r->project);
  g_clear_pointer (&r->heads, g_ptr_array_unref);
  g_free (r);
}

/* Worker: the catalogue and the first rows of each dataset. */
static void
open_project_thread (GTask        *task,
                     gpointer      source,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  GFile *file = task_data;
  OpenProjectResult *r = g_new0 (OpenProjectResult, 1);
  g_auto(GStrv) names = NULL;
  GError *error = NULL;

  r->heads = g_ptr_array_new_with_free_func (g_object_unref);
  r->project = sonde_project_open (file, &error);
  if (r->project == NULL)
    {
      open_project_result_free (r);
      g_task_return_error (task, error);
      return;
    }

  names = sonde_project_list_datasets (r->project);
  for (guint i = 0; names[i] != NULL; i++)
    {
      SondeTable *head = sonde_project_load_dataset_head (r->project, names[i], HEAD_ROWS, cancellable, &error);

      if (head == NULL)
        {
          open_project_result_free (r);
          g_task_return_error (task, error);
          return;
        }
      sonde_dataset_mark_loading (head, sonde_project_get_dataset_n_rows (r->project, names[i]));
      g_ptr_array_add (r->heads, head);
    }

  g_task_return_pointer (task, r, (GDestroyNotify) open_project_result_free);
}

typedef struct
{
  SondeProject *project;
  GPtrArray    *names;     /* char*, in the order of the heads */
} LoadJob;

static void
load_job_free (LoadJob *job)
{
  g_clear_object (&job->project);
  g_clear_pointer (&job->names, g_ptr_array_unref);
  g_free (job);
}

typedef struct
{
  GWeakRef    window;
  SondeTable *full;
  SondeTable *head;
  guint       index;
  guint       n;
  char       *error;
  gboolean    cancelled;
  GCancellable *cancellable;  /* of the load this belongs to */
} LoadedOne;

static void replace_head (SondeWindow *self,
                          LoadedOne   *one);

static gboolean
loaded_one_cb (gpointer data)
{
  LoadedOne *one = data;
  g_autoptr(SondeWindow) self = g_weak_ref_get (&one->window);

  if (self != NULL)
    replace_head (self, one);

  g_weak_ref_clear (&one->window);
  g_clear_object (&one->full);
  g_clear_object (&one->head);
  g_clear_object (&one->cancellable);
  g_free (one->error);
  g_free (one);

  return G_SOURCE_REMOVE;
}

/* Worker: each dataset in full, one after the other; each replaces its
 * first rows in the window as soon as it is read. */
static void
load_project_thread (GTask        *task,
                     gpointer      source,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  LoadJob *job = task_data;
  GPtrArray *heads = g_object_get_data (G_OBJECT (task), "sonde-heads");

  for (guint i = 0; i < job->names->len; i++)
    {
      LoadedOne *one = g_new0 (LoadedOne, 1);
      g_autoptr(GError) error = NULL;

      g_weak_ref_init (&one->window, source);
      one->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
      one->head = g_object_ref (heads->pdata[i]);
      one->index = i;
      one->n = job->names->len;
      one->full = sonde_project_load_dataset (job->project, job->names->pdata[i], cancellable, &error);
      if (one->full == NULL)
        {
          one->error = g_strdup (error->message);
          one->cancelled = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
        }
      g_main_context_invoke (NULL, loaded_one_cb, one);
      if (g_cancellable_is_cancelled (cancellable))
        break;
    }

  g_task_return_boolean (task, TRUE);
}

static void
replace_head (SondeWindow *self,
              LoadedOne   *one)
{
  guint position;

  /* From a project that another one has replaced since. */
  if (one->cancellable != self->load_cancellable)
    return;

  if (one->full == NULL)
    {
      if (one->cancelled)
        return;
      self->load_failed = TRUE;
      show_error (self, one->error);
      return;
    }

  if (!g_list_store_find (self->datasets, one->head, &position))
    return;

  /* The first rows may have been renamed or had a column retyped
   * meanwhile: the full table takes the name; a retype is done again by
   * the user (rare, and said nowhere else). */
  sonde_table_set_name (one->full, sonde_table_get_name (one->head));
  self->suppress_changes++;
  g_list_store_splice (self->datasets, position, 1, (gpointer *) &one->full, 1);
  self->suppress_changes--;
}

/* A dataset is read in one piece: the bar pulses meanwhile. */
static gboolean
pulse_cb (gpointer user_data)
{
  SondeWindow *self = SONDE_WINDOW (user_data);

  gtk_progress_bar_pulse (self->progress_bar);

  return G_SOURCE_CONTINUE;
}

static void
load_project_finished_cb (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  SondeWindow *self = SONDE_WINDOW (source);

  /* A newer project may have replaced this one meanwhile. */
  if (g_task_get_cancellable (G_TASK (result)) != self->load_cancellable)
    return;

  self->loading_datasets = FALSE;
  g_clear_handle_id (&self->pulse_id, g_source_remove);
  g_clear_object (&self->load_cancellable);
  gtk_widget_set_visible (self->progress_bar_box, self->n_opening > 0);
}

static void
open_project_finished_cb (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  SondeWindow *self = SONDE_WINDOW (source);
  g_autoptr(GFile) file = user_data;
  g_autoptr(GError) error = NULL;
  OpenProjectResult *r;
  g_autoptr(GTask) task = NULL;
  g_auto(GStrv) names = NULL;
  g_auto(GStrv) query_names = NULL;
  g_auto(GStrv) query_sqls = NULL;
  LoadJob *job;

  r = g_task_propagate_pointer (G_TASK (result), &error);
  if (r == NULL)
    {
      if (--self->n_opening == 0)
        {
          gtk_widget_set_visible (self->progress_bar_box, FALSE);
          g_clear_object (&self->open_cancellable);
        }
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error->message);
      return;
    }

  if (--self->n_opening == 0)
    g_clear_object (&self->open_cancellable);

  /* Replace what was open (the user agreed) by the project. */
  clear_project (self);
  g_set_object (&self->project, r->project);
  g_set_object (&self->project_file, file);
  add_recent_project (self, file);

  self->suppress_changes++;
  for (guint i = 0; i < r->heads->len; i++)
    g_list_store_append (self->datasets, r->heads->pdata[i]);
  sonde_project_get_queries (self->project, &query_names, &query_sqls);
  sonde_query_pane_set_saved_queries (self->query_pane, (const char * const *) query_names,
                                      (const char * const *) query_sqls);
  {
    g_auto(GStrv) pipeline_names = NULL;
    g_auto(GStrv) sources = NULL;
    g_auto(GStrv) steps = NULL;
    g_auto(GStrv) rule_datasets = NULL;
    g_auto(GStrv) rules = NULL;
    g_autoptr(GString) problems = g_string_new (NULL);

    sonde_project_get_pipelines (self->project, &pipeline_names, &sources, &steps);
    sonde_cleaning_set_pipelines (self->cleaning, (const char * const *) pipeline_names, (const char * const *) sources,
                                  (const char * const *) steps, problems);
    sonde_project_get_rules (self->project, &rule_datasets, &rules);
    sonde_quality_pane_set_rules (self->quality_pane, (const char * const *) rule_datasets,
                                  (const char * const *) rules);
    if (problems->len > 0)
      show_error (self, problems->str);
  }
  self->suppress_changes--;
  update_title (self);

  sonde_window_show_pane (self, "project");
  if (r->heads->len > 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->sidebar));

  /* Then the rest of each dataset, in the background, with progress;
   * saving waits until every dataset is in. */
  {
    g_autofree char *basename = g_file_get_basename (file);
    g_autofree char *label = g_strdup_printf (_("Reading the datasets of %s…"), basename);

    gtk_label_set_text (self->progress_label, label);
    gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
    gtk_widget_set_visible (self->progress_bar_box, r->heads->len > 0);
  }
  self->loading_datasets = r->heads->len > 0;
  self->load_cancellable = g_cancellable_new ();
  g_clear_handle_id (&self->pulse_id, g_source_remove);
  if (self->loading_datasets)
    self->pulse_id = g_timeout_add (250, pulse_cb, self);
  names = sonde_project_list_datasets (self->project);
  job = g_new0 (LoadJob, 1);
  job->project = g_object_ref (self->project);
  job->names = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; names[i] != NULL; i++)
    g_ptr_array_add (job->names, g_strdup (names[i]));

  task = g_task_new (self, self->load_cancellable, load_project_finished_cb, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) load_job_free);
  g_object_set_data_full (G_OBJECT (task), "sonde-heads", g_ptr_array_ref (r->heads),
                          (GDestroyNotify) g_ptr_array_unref);
  g_task_run_in_thread (task, load_project_thread);
  open_project_result_free (r);
}

/**
 * sonde_window_open_project:
 * @file: a .sonde file
 *
 * Opens a project in place of what the window holds (the caller asked
 * about unsaved changes). The first rows of each dataset show at once;
 * the datasets are then read in full in a worker, with progress.
 */
void
sonde_window_open_project (SondeWindow *self,
                           GFile       *file)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *basename = NULL;
  g_autofree char *label = NULL;

  g_return_if_fail (SONDE_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->open_cancellable == NULL)
    self->open_cancellable = g_cancellable_new ();

  basename = g_file_get_basename (file);
  /* Translators: %s is a file name */
  label = g_strdup_printf (_("Opening the project %s…"), basename);
  gtk_label_set_text (self->progress_label, label);
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  gtk_widget_set_visible (self->progress_bar_box, TRUE);
  self->n_opening++;

  task = g_task_new (self, self->open_cancellable, open_project_finished_cb, g_object_ref (file));
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, open_project_thread);
}

static void
open_pending_project (SondeWindow *self)
{
  g_autoptr(GFile) file = g_steal_pointer (&self->pending_project);

  if (file != NULL)
    sonde_window_open_project (self, file);
}

static void
ask_then_open_project (SondeWindow *self,
                       GFile       *file)
{
  g_set_object (&self->pending_project, file);
  confirm_unsaved (self, open_pending_project);
}

static void
open_project_response_cb (GtkNativeDialog *dialog,
                          int              response,
                          SondeWindow     *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      ask_then_open_project (self, file);
    }

  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
open_project_action_cb (GSimpleAction *action,
                        GVariant      *param,
                        gpointer       user_data)
{
  SondeWindow *self = SONDE_WINDOW (user_data);
  GtkFileChooserNative *dialog;

  dialog = gtk_file_chooser_native_new (_("Open a Project"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_OPEN,
                                        _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  add_project_filter (GTK_FILE_CHOOSER (dialog));
  g_signal_connect (dialog, "response", G_CALLBACK (open_project_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
  watch_file_chooser ();
}

static void
open_recent_project_action_cb (GSimpleAction *action,
                               GVariant      *param,
                               gpointer       user_data)
{
  SondeWindow *self = SONDE_WINDOW (user_data);
  g_autoptr(GFile) file = g_file_new_for_uri (g_variant_get_string (param, NULL));

  ask_then_open_project (self, file);
}

static gboolean
is_project_file (GFile *file)
{
  g_autofree char *basename = g_file_get_basename (file);

  return basename != NULL && g_str_has_suffix (basename, ".sonde");
}

static void
open_sample_action_cb (GSimpleAction *action,
                       GVariant      *param,
                       gpointer       user_data)
{
  SondeWindow *self = SONDE_WINDOW (user_data);
  const char *name = g_variant_get_string (param, NULL);
  g_autofree char *dir = sonde_application_get_samples_dir ();
  g_autofree char *basename = g_path_get_basename (name);
  g_autofree char *path = g_build_filename (dir, basename, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  sonde_window_open_file (self, file);
}

static void
cancel_open_action_cb (GSimpleAction *action,
                       GVariant      *param,
                       gpointer       user_data)
{
  SondeWindow *self = SONDE_WINDOW (user_data);

  if (self->open_cancellable != NULL)
    g_cancellable_cancel (self->open_cancellable);
}

static void
dismiss_error_action_cb (GSimpleAction *action,
                         GVariant      *param,
                         gpointer       user_data)
{
  SondeWindow *self = SONDE_WINDOW (user_data);
  GtkWidget *pane = gtk_stack_get_visible_child (self->stack);

  GtkWidget *before = self->focus_before_message;

  hide_error (self);
  g_clear_weak_pointer (&self->focus_before_message);
  if (before != NULL && gtk_widget_get_mapped (before) && gtk_widget_grab_focus (before))
    return;
  if (pane == NULL || !gtk_widget_child_focus (pane, GTK_DIR_TAB_FORWARD))
    gtk_widget_grab_focus (GTK_WIDGET (self->sidebar));
}

static void
show_pane_action_cb (GSimpleAction *action,
                     GVariant      *param,
                     gpointer       user_data)
{
  SondeWindow *self = SONDE_WINDOW (user_data);
  int index = g_variant_get_int32 (param) - 1;
  GtkListBoxRow *row;

  if (index < 0 || index >= (int) G_N_ELEMENTS (panes))
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }

  row = gtk_list_box_get_row_at_index (self->sidebar, index);
  gtk_list_box_select_row (self->sidebar, row);
  gtk_widget_grab_focus (GTK_WIDGET (row));
}

/* The regions F6 cycles through, in order. */
static GtkWidget **
get_regions (SondeWindow *self,
             guint       *n_regions)
{
  static GtkWidget *regions[3];

  regions[0] = GTK_WIDGET (self->header_bar);
  regions[1] = GTK_WIDGET (self->sidebar);
  regions[2] = gtk_stack_get_visible_child (self->stack);
  *n_regions = regions[2] != NULL ? 3 : 2;

  return regions;
}

static gboolean
focus_region (SondeWindow *self,
              GtkWidget   *region)
{
  if (region == GTK_WIDGET (self->sidebar))
    {
      GtkListBoxRow *row = gtk_list_box_get_selected_row (self->sidebar);

      if (row != NULL)
        return gtk_widget_grab_focus (GTK_WIDGET (row));
    }

  return gtk_widget_child_focus (region, GTK_DIR_TAB_FORWARD);
}

static void
cycle_region (SondeWindow *self,
              int          step)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  guint n_regions;
  GtkWidget **regions = get_regions (self, &n_regions);
  int current = -1;

  for (guint i = 0; i < n_regions; i++)
    {
      if (focus != NULL && (focus == regions[i] || gtk_widget_is_ancestor (focus, regions[i])))
        {
          current = i;
          break;
        }
    }

  for (guint tries = 0; tries < n_regions; tries++)
    {
      current = (current + step + (int) n_regions) % (int) n_regions;
      if (focus_region (self, regions[current]))
        return;
    }
}

static void
next_region_action_cb (GSimpleAction *action,
                       GVariant      *param,
                       gpointer       user_data)
{
  cycle_region (SONDE_WINDOW (user_data), 1);
}

static void
previous_region_action_cb (GSimpleAction *action,
                           GVariant      *param,
                           gpointer       user_data)
{
  cycle_region (SONDE_WINDOW (user_data), -1);
}

static void
show_error_action_cb (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  show_error (SONDE_WINDOW (user_data), g_variant_get_string (parameter, NULL));
}

/* A file dropped anywhere on the window goes to the Import pane, which
 * previews it with the settings it detects. */
static gboolean
drop_cb (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         SondeWindow   *self)
{
  GSList *files;

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;

  files = g_value_get_boxed (value);
  if (files == NULL)
    return FALSE;

  if (is_project_file (files->data))
    {
      ask_then_open_project (self, files->data);
      return TRUE;
    }

  /* Further files open directly, with the detected settings. */
  for (GSList *l = files->next; l != NULL; l = l->next)
    sonde_window_open_file (self, l->data);
  sonde_import_pane_set_file (self->import_pane, files->data);
  sonde_window_show_pane (self, "import");

  return TRUE;
}

static void
show_dataset_action_cb (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  SondeWindow *self = SONDE_WINDOW (user_data);
  g_autoptr(SondeTable) table = g_list_model_get_item (G_LIST_MODEL (self->datasets),
                                                       g_variant_get_uint32 (parameter));

  if (table != NULL)
    show_table (self, table);
}

/* Shows a file in the Import pane's preview: for a path given on the
 * command line with --import, and for tests. */
static void
import_file_action_cb (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  SondeWindow *self = SONDE_WINDOW (user_data);
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (g_variant_get_string (parameter, NULL));

  sonde_import_pane_set_file (self->import_pane, file);
  sonde_window_show_pane (self, "import");
}

static const GActionEntry win_entries[] = {
  { "show-error", show_error_action_cb, "s" },
  { "import-file", import_file_action_cb, "s" },
  { "show-dataset", show_dataset_action_cb, "u" },
  { "open", open_action_cb },
  { "open-sample", open_sample_action_cb, "s" },
  { "cancel-open", cancel_open_action_cb },
  { "dismiss-error", dismiss_error_action_cb },
  { "show-pane", show_pane_action_cb, "i" },
  { "next-region", next_region_action_cb },
  { "new-project", new_project_action_cb },
  { "open-project", open_project_action_cb },
  { "open-recent-project", open_recent_project_action_cb, "s" },
  { "no-recent-project", NULL },
  { "save", save_action_cb },
  { "save-as", save_as_action_cb },
  { "previous-region", previous_region_action_cb },
};

static void
sidebar_row_selected_cb (GtkListBox    *box,
                         GtkListBoxRow *row,
                         SondeWindow   *self)
{
  int index;

  if (row == NULL)
    return;

  index = gtk_list_box_row_get_index (row);
  if (index < 0 || index >= (int) G_N_ELEMENTS (panes))
    return;

  gtk_stack_set_visible_child_name (self->stack, panes[index].name);
}

static GtkWidget *
create_sidebar_row (const SondePaneInfo *info,
                    guint                position)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  /* Decorative: the row's label says it all. */
  GtkWidget *icon = g_object_new (GTK_TYPE_IMAGE,
                                  "icon-name", info->icon_name,
                                  "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                                  NULL);
  GtkWidget *label = gtk_label_new (_(info->title));
  GtkWidget *accel = NULL;
  g_autofree char *accel_text = NULL;
  g_autofree char *description = NULL;

  gtk_widget_set_hexpand (label, TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), label);

  if (position < 9)
    {
      /* Translators: a keyboard shortcut; %u is a digit from 1 to 9. */
      accel_text = g_strdup_printf (_("Ctrl+%u"), position + 1);
      accel = gtk_label_new (accel_text);
      gtk_widget_add_css_class (accel, "dim-label");
      gtk_box_append (GTK_BOX (box), accel);
    }

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_widget_set_name (row, info->name);
  sonde_a11y_set_label (row, _(info->title));
  if (accel_text != NULL)
    description = g_strdup_printf ("%s. %s", _(info->description), accel_text);
  sonde_a11y_set_description (row, description != NULL ? description : _(info->description));

  return row;
}

static void
restore_window_state (SondeWindow *self)
{
  g_autofree char *last_pane = NULL;
  int width = g_settings_get_int (self->settings, "window-width");
  int height = g_settings_get_int (self->settings, "window-height");

  gtk_window_set_default_size (GTK_WINDOW (self), MAX (width, 360), MAX (height, 360));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  last_pane = g_settings_get_string (self->settings, "last-pane");
  if (last_pane[0] != '\0')
    sonde_window_show_pane (self, last_pane);
}

static gboolean
sonde_window_close_request (GtkWindow *window)
{
  SondeWindow *self = SONDE_WINDOW (window);
  const char *pane = gtk_stack_get_visible_child_name (self->stack);
  int width, height;

  if (self->dirty && !self->close_confirmed)
    {
      confirm_unsaved (self, close_now);
      return TRUE;
    }
  /* A save under way finishes first: the file is then whole and new. */
  if (self->saving)
    {
      self->close_after_save = TRUE;
      return TRUE;
    }

  gtk_window_get_default_size (window, &width, &height);
  g_settings_delay (self->settings);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
  if (!gtk_window_is_maximized (window))
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  g_settings_set_string (self->settings, "last-pane", pane != NULL ? pane : "");
  g_settings_apply (self->settings);

  if (self->open_cancellable != NULL)
    g_cancellable_cancel (self->open_cancellable);
  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);

  return GTK_WINDOW_CLASS (sonde_window_parent_class)->close_request (window);
}

static void
datasets_changed_cb (GListModel  *model,
                     guint        position,
                     guint        removed,
                     guint        added,
                     SondeWindow *self)
{
  /* Opening the first dataset, closing or renaming one are changes. */
  if (removed > 0 || added > 0)
    mark_changed (self);
  update_title (self);
}

static void
sonde_window_realize (GtkWidget *widget)
{
  SondeWindow *self = SONDE_WINDOW (widget);
  GtkShortcutsWindow *overlay;

  GTK_WIDGET_CLASS (sonde_window_parent_class)->realize (widget);

  /* GtkApplicationWindow loads gtk/help-overlay.ui once the window
   * belongs to the application, which is after init. */
  overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (self));
  if (overlay != NULL)
    sonde_a11y_watch_window (GTK_WINDOW (overlay));
}

static void
sonde_window_dispose (GObject *object)
{
  SondeWindow *self = SONDE_WINDOW (object);

  if (self->open_cancellable != NULL)
    g_cancellable_cancel (self->open_cancellable);
  g_clear_object (&self->open_cancellable);
  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  g_clear_handle_id (&self->autosave_id, g_source_remove);
  g_clear_handle_id (&self->pulse_id, g_source_remove);
  g_clear_weak_pointer (&self->focus_before_message);

  gtk_widget_dispose_template (GTK_WIDGET (self), SONDE_TYPE_WINDOW);

  G_OBJECT_CLASS (sonde_window_parent_class)->dispose (object);
}

static void
sonde_window_finalize (GObject *object)
{
  SondeWindow *self = SONDE_WINDOW (object);

  g_clear_object (&self->cleaning);
  g_clear_object (&self->datasets);
  g_clear_object (&self->settings);
  g_clear_object (&self->project);
  g_clear_object (&self->project_file);
  g_clear_object (&self->pending_project);

  G_OBJECT_CLASS (sonde_window_parent_class)->finalize (object);
}

static void
sonde_window_class_init (SondeWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = sonde_window_dispose;
  object_class->finalize = sonde_window_finalize;
  window_class->close_request = sonde_window_close_request;
  widget_class->realize = sonde_window_realize;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/sonde/Sonde/sonde-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SondeWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, SondeWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, SondeWindow, open_button);
  gtk_widget_class_bind_template_child (widget_class, SondeWindow, primary_menu_button);
  gtk_widget_class_bind_template_child (widget_class, SondeWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, SondeWindow, sidebar_scroller);
  gtk_widget_class_bind_template_child (widget_class, SondeWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, SondeWindow, progress_bar_box);
  gtk_widget_class_bind_template_child (widget_class, SondeWindow, progress_label);
  gtk_widget_class_bind_template_child (widget_class, SondeWindow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, SondeWindow, error_bar);
  gtk_widget_class_bind_template_child (widget_class, SondeWindow, error_label);
  gtk_widget_class_bind_template_child (widget_class, SondeWindow, error_icon);
  gtk_widget_class_bind_template_child (widget_class, SondeWindow, recent_menu);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_row_selected_cb);
}

static void
sonde_window_init (SondeWindow *self)
{
  self->datasets = g_list_store_new (SONDE_TYPE_TABLE);
  self->cleaning = sonde_cleaning_new (self->datasets);

  gtk_widget_init_template (GTK_WIDGET (self));

  g_action_map_add_action_entries (G_ACTION_MAP (self), win_entries,
                                   G_N_ELEMENTS (win_entries), self);

  sonde_a11y_name_icon_button (self->primary_menu_button, _("Main Menu"));
  /* Drop-downs and list views build their rows lazily, unnamed on GTK 4.8:
   * the window is repaired like the dialogs GTK builds. */
  sonde_a11y_watch_window (GTK_WINDOW (self));
  sonde_a11y_fix_mnemonic_names (GTK_WIDGET (self));

  for (guint i = 0; i < G_N_ELEMENTS (panes); i++)
    {
      GtkWidget *pane = panes[i].create (self);
      GtkStackPage *page = gtk_stack_add_named (self->stack, pane, panes[i].name);

      gtk_stack_page_set_title (page, _(panes[i].title));
      gtk_list_box_append (self->sidebar, create_sidebar_row (&panes[i], i));
    }

  gtk_list_box_select_row (self->sidebar, gtk_list_box_get_row_at_index (self->sidebar, 0));

  g_signal_connect_object (self->datasets, "items-changed",
                           G_CALLBACK (datasets_changed_cb), self, 0);
  update_title (self);

  {
    GtkDropTarget *drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);

    g_signal_connect (drop, "drop", G_CALLBACK (drop_cb), self);
    gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));
  }

  self->settings = g_settings_new (APPLICATION_ID);
  restore_window_state (self);

  self->project = sonde_project_new ();
  g_signal_connect_object (self->data_pane, "dataset-changed",
                           G_CALLBACK (mark_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->query_pane, "saved-queries-changed",
                           G_CALLBACK (mark_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->quality_pane, "rules-changed",
                           G_CALLBACK (mark_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->cleaning, "changed",
                           G_CALLBACK (cleaning_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::recent-projects",
                           G_CALLBACK (update_recent_menu), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::autosave",
                           G_CALLBACK (update_autosave), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::autosave-minutes",
                           G_CALLBACK (update_autosave), self, G_CONNECT_SWAPPED);
  update_recent_menu (self);
  update_autosave (self);
}

