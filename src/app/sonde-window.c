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
#include "sonde-data-pane.h"
#include "sonde-import-pane.h"
#include "sonde-project-pane.h"
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
};

G_DEFINE_FINAL_TYPE (SondeWindow, sonde_window, ADW_TYPE_APPLICATION_WINDOW)

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

static void
update_title (SondeWindow *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->datasets));
  g_autofree char *subtitle = NULL;

  if (n > 0)
    subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u dataset open", "%u datasets open", n), n);

  adw_window_title_set_subtitle (self->window_title, subtitle != NULL ? subtitle : "");
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

  hide_error (self);
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

  return GTK_WINDOW_CLASS (sonde_window_parent_class)->close_request (window);
}

static void
datasets_changed_cb (GListModel  *model,
                     guint        position,
                     guint        removed,
                     guint        added,
                     SondeWindow *self)
{
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

  gtk_widget_dispose_template (GTK_WIDGET (self), SONDE_TYPE_WINDOW);

  G_OBJECT_CLASS (sonde_window_parent_class)->dispose (object);
}

static void
sonde_window_finalize (GObject *object)
{
  SondeWindow *self = SONDE_WINDOW (object);

  g_clear_object (&self->datasets);
  g_clear_object (&self->settings);

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
  gtk_widget_class_bind_template_callback (widget_class, sidebar_row_selected_cb);
}

static void
sonde_window_init (SondeWindow *self)
{
  self->datasets = g_list_store_new (SONDE_TYPE_TABLE);

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
}

