/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sonde"

/* The Import pane: where a user brings a file in with full control over
 * how it is read. A file comes from "Choose File…", a drop on the pane,
 * the list of recent files, or the window (sonde_import_pane_set_file()).
 * The pane then shows a live preview of its first 20 rows and the settings
 * the reader detected; every change re-reads the preview, and "Import"
 * reads the whole file into the project's datasets.
 *
 * Sizes: the preview of delimited text reads only the first 64 KiB (cut
 * at the last line break), so it stays instant on a file of gigabytes.
 * Other formats (JSON, ARFF, Excel, SQLite) have no cheap way to read a
 * part, so their preview reads the whole file, up to 32 MiB; bigger ones
 * are imported without a preview. Both reads and the import run in worker
 * threads; a new preview cancels the one still running, and changes are
 * debounced by 150 ms so that arrowing through a combo does not queue a
 * read per item.
 *
 * Settings the user has not touched stay automatic for the import, even
 * though their controls show what the preview detected: the first 64 KiB
 * may be valid UTF-8 while the rest is Windows-1252, and only the reader
 * seeing the whole file can tell.
 *
 * Accessibility (see BRIEF.md): Orca 43 speaks neither toasts nor alert
 * labels, so every error is a focusable row right under what it concerns
 * (the file, the delimiter, the missing-value markers, the settings as a
 * whole, the import) whose accessible name is the whole message, and it
 * takes the focus when it appears. Text entries apply on Enter rather than
 * on each key, so that an error never pulls the focus away from a word
 * being typed. The preview is a list of focusable rows each named with
 * the whole row ("Row 1: name: Alice, age: 38"), because GtkColumnView
 * exposes class names on GTK 4.8.
 *
 * Keyboard: Ctrl+Enter imports from anywhere in the pane; the Import
 * button is also the window's default widget while the pane is shown.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "sonde-engine.h"

#include "sonde-a11y.h"
#include "sonde-pane.h"
#include "sonde-import-pane.h"

#define PREVIEW_BYTES          (64 * 1024)
#define PREVIEW_ROWS           20
#define PREVIEW_MAX_COLUMNS    50
#define PREVIEW_WHOLE_FILE_MAX (32 * 1024 * 1024)
#define PREVIEW_DELAY_MS       150
#define MAX_RECENT_FILES       10
#define MAX_TYPE_ROWS          200

/* In the order of the delimiter combo; the last item is "Other". */
static const char delimiters[] = { ',', ';', '\t', '|', ' ' };
#define DELIMITER_OTHER G_N_ELEMENTS (delimiters)

/* In the order of the encoding combo; NULL is "Automatic". */
static const char * const encodings[] = { NULL, "UTF-8", "WINDOWS-1252", "ISO-8859-1", "ISO-8859-15" };

enum { HEADER_AUTO, HEADER_YES, HEADER_NO };
enum { DECIMAL_AUTO, DECIMAL_POINT, DECIMAL_COMMA };
enum { DATES_BOTH, DATES_ISO, DATES_DMY };

struct _SondeImportPane
{
  AdwBin                parent_instance;

  GListStore           *datasets;
  GSettings            *settings;
  GFile                *file;
  SondeFormat           format;
  gboolean              file_failed;

  /* What the user chose; see the opening comment for why the others stay
   * automatic. */
  gboolean              delimiter_chosen;
  gboolean              encoding_chosen;
  gboolean              header_chosen;
  char                  other_delimiter;
  char                  current_delimiter;
  char                **missing_markers;
  char                 *default_markers_text;
  GHashTable           *column_types;

  /* The rows of the Column Types group, and the columns they are for. */
  GPtrArray            *type_rows;
  char                **type_columns;

  guint                 preview_timeout_id;
  GCancellable         *preview_cancellable;
  GCancellable         *import_cancellable;
  gboolean              updating_controls;
  gboolean              busy;

  /* Template widgets */
  GtkStack             *view_stack;
  AdwPreferencesGroup  *recent_group;
  GtkListBox           *recent_list;
  AdwActionRow         *file_row;
  AdwActionRow         *file_error_row;
  AdwPreferencesGroup  *csv_group;
  AdwComboRow          *delimiter_row;
  AdwEntryRow          *other_delimiter_row;
  AdwActionRow         *delimiter_error_row;
  AdwComboRow          *encoding_row;
  AdwComboRow          *header_row;
  AdwComboRow          *decimal_row;
  AdwComboRow          *dates_row;
  AdwEntryRow          *missing_row;
  AdwActionRow         *missing_error_row;
  AdwComboRow          *ragged_row;
  AdwPreferencesGroup  *options_group;
  AdwEntryRow          *sheet_row;
  AdwEntryRow          *table_row;
  AdwEntryRow          *query_row;
  AdwPreferencesGroup  *preview_error_group;
  AdwActionRow         *preview_error_row;
  AdwPreferencesGroup  *warnings_group;
  GtkListBox           *warnings_list;
  AdwPreferencesGroup  *preview_group;
  AdwBin               *preview_bin;
  AdwPreferencesGroup  *types_group;
  GtkWidget            *import_error_list;
  AdwActionRow         *import_error_row;
  GtkWidget            *progress_box;
  GtkLabel             *progress_label;
  GtkProgressBar       *progress_bar;
  GtkWidget            *cancel_button;
  GtkWidget            *import_button;
};

G_DEFINE_FINAL_TYPE (SondeImportPane, sonde_import_pane, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_DATASETS,
  PROP_FILE,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  IMPORTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void schedule_preview (SondeImportPane *self,
                              guint            delay_ms);

/**
 * sonde_import_pane_new:
 * @datasets: the window's list of open #SondeTable, where imports go
 *
 * Returns: (transfer full): a new Import pane, showing its empty state.
 */
SondeImportPane *
sonde_import_pane_new (GListStore *datasets)
{
  g_return_val_if_fail (G_IS_LIST_STORE (datasets), NULL);

  return g_object_new (SONDE_TYPE_IMPORT_PANE,
                       "datasets", datasets,
                       NULL);
}

/**
 * sonde_import_pane_get_file:
 *
 * Returns: (transfer none) (nullable): the file being previewed, or %NULL
 *   before one is chosen.
 */
GFile *
sonde_import_pane_get_file (SondeImportPane *self)
{
  g_return_val_if_fail (SONDE_IS_IMPORT_PANE (self), NULL);

  return self->file;
}

/**
 * sonde_import_pane_get_busy:
 *
 * Returns: whether a preview is due or running, or an import is running.
 *   The window can use it to ask before closing; the tests wait on it.
 */
gboolean
sonde_import_pane_get_busy (SondeImportPane *self)
{
  g_return_val_if_fail (SONDE_IS_IMPORT_PANE (self), FALSE);

  return self->busy;
}

static void
update_busy (SondeImportPane *self)
{
  gboolean busy = self->preview_timeout_id != 0 ||
                  self->preview_cancellable != NULL ||
                  self->import_cancellable != NULL;

  if (busy != self->busy)
    {
      self->busy = busy;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
    }
}

static void
update_actions (SondeImportPane *self)
{
  gboolean importing = self->import_cancellable != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.import",
                                 self->file != NULL && !self->file_failed && !importing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.cancel", importing);
}

/* Errors are rows whose title and accessible name are the whole message,
 * shown right under what they concern. They take the focus because that
 * is what Orca 43 speaks (BRIEF.md). @container is the widget to show
 * with the row when the row is alone in it, or NULL. */
static void
show_error (AdwActionRow *row,
            GtkWidget    *container,
            const char   *message)
{
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), message);
  sonde_a11y_set_label (GTK_WIDGET (row), message);
  if (container != NULL)
    gtk_widget_set_visible (container, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (row), TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (row));
}

static void
hide_error (AdwActionRow *row,
            GtkWidget    *container)
{
  gtk_widget_set_visible (GTK_WIDGET (row), FALSE);
  if (container != NULL)
    gtk_widget_set_visible (container, FALSE);
}

static void
remove_all_rows (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

/* The folder of @file as people write it ("~/Documents" stays a full path
 * here: a screen reader reads a tilde as "tilde"). */
static char *
describe_folder (GFile *file)
{
  g_autoptr(GFile) parent = g_file_get_parent (file);

  if (parent == NULL)
    return g_file_get_parse_name (file);

  return g_file_get_parse_name (parent);
}

static char *
describe_name (GFile *file)
{
  g_autofree char *basename = g_file_get_basename (file);

  return g_filename_display_name (basename != NULL ? basename : "");
}

/* Recent files ----------------------------------------------------------- */

static GtkWidget *
create_recent_row (GFile *file)
{
  g_autofree char *name = describe_name (file);
  g_autofree char *folder = describe_folder (file);
  g_autofree char *a11y_label = NULL;
  /* Only local files are checked: asking a remote server could block. */
  gboolean available = !g_file_is_native (file) || g_file_query_exists (file, NULL);
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);

  if (available)
    {
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), folder);
      /* Translators: a file name, then its folder. */
      a11y_label = g_strdup_printf (_("%s, in %s"), name, folder);
    }
  else
    {
      g_autofree char *subtitle = NULL;

      /* Translators: %s is a folder. */
      subtitle = g_strdup_printf (_("Not found in %s"), folder);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      /* Translators: a file name, then its folder; the file is missing. */
      a11y_label = g_strdup_printf (_("%s, in %s, not found"), name, folder);
      gtk_widget_add_css_class (row, "dim-label");
    }

  /* A missing file stays focusable so that the user hears it is gone,
   * but activating it does nothing. */
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), available);
  gtk_widget_set_focusable (row, TRUE);
  sonde_a11y_set_label (row, a11y_label);
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY);
  g_object_set_data_full (G_OBJECT (row), "sonde-file", g_object_ref (file), g_object_unref);

  return row;
}

static void
rebuild_recent_list (SondeImportPane *self)
{
  g_auto(GStrv) uris = g_settings_get_strv (self->settings, "recent-files");

  remove_all_rows (self->recent_list);
  for (guint i = 0; uris[i] != NULL && i < MAX_RECENT_FILES; i++)
    {
      g_autoptr(GFile) file = g_file_new_for_uri (uris[i]);
      gtk_list_box_append (self->recent_list, create_recent_row (file));
    }

  gtk_widget_set_visible (GTK_WIDGET (self->recent_group), uris[0] != NULL);
}

static void
recent_files_changed_cb (GSettings       *settings,
                         const char      *key,
                         SondeImportPane *self)
{
  rebuild_recent_list (self);
}

static void
add_recent_file (SondeImportPane *self,
                 GFile           *file)
{
  g_auto(GStrv) old = g_settings_get_strv (self->settings, "recent-files");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree char *uri = g_file_get_uri (file);
  g_auto(GStrv) uris = NULL;
  guint n = 1;

  g_strv_builder_add (builder, uri);
  for (guint i = 0; old[i] != NULL && n < MAX_RECENT_FILES; i++)
    {
      if (g_strcmp0 (old[i], uri) == 0)
        continue;
      g_strv_builder_add (builder, old[i]);
      n++;
    }

  uris = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "recent-files", (const char * const *) uris);
}

static void
recent_row_activated_cb (GtkListBox      *box,
                         GtkListBoxRow   *row,
                         SondeImportPane *self)
{
  GFile *file = g_object_get_data (G_OBJECT (row), "sonde-file");

  if (file != NULL)
    sonde_import_pane_set_file (self, file);
}

/* The preview -------------------------------------------------------------- */

static char *
format_preview_row (SondeTable *table,
                    guint       row)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *cells = NULL;

  for (guint c = 0; c < sonde_table_get_n_columns (table); c++)
    {
      SondeColumn *column = sonde_table_get_column (table, c);
      g_autofree char *value = sonde_column_format_value (column, row);

      if (c > 0)
        g_string_append (text, ", ");
      /* Translators: a column name and a value, within a row of the preview. */
      g_string_append_printf (text, _("%s: %s"), sonde_column_get_name (column),
                              value != NULL ? value : _("missing"));
    }

  cells = g_string_free (g_steal_pointer (&text), FALSE);
  /* Translators: %u is a row number, %s the row's cells. */
  return g_strdup_printf (_("Row %u: %s"), row + 1, cells);
}

static GtkWidget *
create_cell_label (const char   *text,
                   GtkSizeGroup *group)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_width_chars (GTK_LABEL (label), 6);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 24);
  gtk_size_group_add_widget (group, label);

  return label;
}

static int
focused_preview_row (SondeImportPane *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  GtkWidget *old = adw_bin_get_child (self->preview_bin);

  if (focus == NULL || old == NULL || !gtk_widget_is_ancestor (focus, old))
    return -1;
  if (!GTK_IS_LIST_BOX_ROW (focus))
    focus = gtk_widget_get_ancestor (focus, GTK_TYPE_LIST_BOX_ROW);

  return focus != NULL ? gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (focus)) : -1;
}

/* build_preview:
 * @table: (nullable): the preview's table, or %NULL to show @message
 * @message: (nullable): what to say when there is no table
 *
 * Shows the first rows of @table. This is the preview table, kept in one
 * function so that SondeDataGrid can take its place: a GtkListBox with one
 * focusable row per data row, named with the whole row for screen
 * readers, under a visible header line. Columns line up through one
 * GtkSizeGroup each; past PREVIEW_MAX_COLUMNS columns only the accessible
 * names carry the rest. If the focus was on a preview row it stays on the
 * row with the same number, so that a change of settings can be heard
 * row by row.
 */
static void
build_preview (SondeImportPane *self,
               SondeTable      *table,
               const char      *message)
{
  int focused_row = focused_preview_row (self);
  GtkWidget *scroller;
  GtkWidget *box;
  GtkWidget *header;
  GtkWidget *list;
  g_autoptr(GPtrArray) groups = NULL;
  g_autoptr(GString) names = NULL;
  g_autofree char *description = NULL;
  guint n_rows, n_columns, n_shown;

  if (table == NULL)
    {
      GtkWidget *label = gtk_label_new (message != NULL ? message : "");

      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
      gtk_widget_add_css_class (label, "dim-label");
      adw_bin_set_child (self->preview_bin, label);
      adw_preferences_group_set_description (self->preview_group, NULL);
      return;
    }

  n_rows = MIN (sonde_table_get_n_rows (table), PREVIEW_ROWS);
  n_columns = sonde_table_get_n_columns (table);
  n_shown = MIN (n_columns, PREVIEW_MAX_COLUMNS);

  groups = g_ptr_array_new_with_free_func (g_object_unref);
  names = g_string_new (NULL);
  header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 18);
  gtk_widget_set_margin_start (header, 12);
  gtk_widget_set_margin_end (header, 12);
  gtk_widget_set_margin_bottom (header, 6);
  /* The header line is for the eyes: each row's name already says which
   * column a value belongs to. */
  gtk_accessible_update_state (GTK_ACCESSIBLE (header), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);

  for (guint c = 0; c < n_columns; c++)
    {
      const char *name = sonde_column_get_name (sonde_table_get_column (table, c));

      if (c > 0)
        g_string_append (names, ", ");
      g_string_append (names, name);

      if (c < n_shown)
        {
          GtkSizeGroup *group = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);
          GtkWidget *label = create_cell_label (name, group);

          gtk_widget_add_css_class (label, "heading");
          gtk_box_append (GTK_BOX (header), label);
          g_ptr_array_add (groups, group);
        }
    }

  list = gtk_list_box_new ();
  gtk_widget_set_name (list, "preview-list");
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  /* Translators: the name of the preview list. */
  sonde_a11y_set_label (list, _("Preview"));
  /* Translators: %s lists the column names. */
  description = g_strdup_printf (_("Columns: %s"), names->str);
  sonde_a11y_set_description (list, description);

  for (guint r = 0; r < n_rows; r++)
    {
      GtkWidget *row = gtk_list_box_row_new ();
      GtkWidget *cells = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 18);
      g_autofree char *label = format_preview_row (table, r);

      gtk_widget_set_margin_start (cells, 12);
      gtk_widget_set_margin_end (cells, 12);
      gtk_widget_set_margin_top (cells, 6);
      gtk_widget_set_margin_bottom (cells, 6);
      for (guint c = 0; c < n_shown; c++)
        {
          g_autofree char *value = sonde_column_format_value (sonde_table_get_column (table, c), r);
          GtkWidget *cell = create_cell_label (value != NULL ? value : "", g_ptr_array_index (groups, c));

          gtk_box_append (GTK_BOX (cells), cell);
        }
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), cells);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
      sonde_a11y_set_label (row, label);
      gtk_list_box_append (GTK_LIST_BOX (list), row);
    }

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), list);

  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_AUTOMATIC, GTK_POLICY_NEVER);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), box);
  adw_bin_set_child (self->preview_bin, scroller);

  g_clear_pointer (&description, g_free);
  if (n_rows == 0)
    description = g_strdup (_("The file has column names but no rows."));
  else
    description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                "The first row, as it will be read.",
                                                "The first %u rows, as they will be read.",
                                                n_rows),
                                   n_rows);
  adw_preferences_group_set_description (self->preview_group, description);

  if (focused_row >= 0 && n_rows > 0)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), MIN ((guint) focused_row, n_rows - 1));
      gtk_widget_grab_focus (GTK_WIDGET (row));
    }
}

static void
show_warnings (SondeImportPane    *self,
               const char * const *warnings)
{
  remove_all_rows (self->warnings_list);

  for (guint i = 0; warnings != NULL && warnings[i] != NULL; i++)
    {
      GtkWidget *row = gtk_list_box_row_new ();
      GtkWidget *label = gtk_label_new (warnings[i]);

      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
      gtk_widget_set_margin_start (label, 12);
      gtk_widget_set_margin_end (label, 12);
      gtk_widget_set_margin_top (label, 12);
      gtk_widget_set_margin_bottom (label, 12);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
      sonde_a11y_set_label (row, warnings[i]);
      gtk_list_box_append (self->warnings_list, row);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->warnings_group),
                          warnings != NULL && warnings[0] != NULL);
}

/* Column types ------------------------------------------------------------- */

static void
update_type_row_subtitle (AdwComboRow *row,
                          SondeColumn *column)
{
  g_autofree char *subtitle = NULL;
  const char *type = sonde_column_type_get_label (sonde_column_get_column_type (column));

  if (adw_combo_row_get_selected (row) == 0)
    /* Translators: %s is a column type, such as "integer". */
    subtitle = g_strdup_printf (_("Detected: %s"), type);
  else
    /* Translators: %s is a column type, such as "integer". */
    subtitle = g_strdup_printf (_("Read as %s"), type);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
}

static void
type_selected_cb (AdwComboRow     *row,
                  GParamSpec      *pspec,
                  SondeImportPane *self)
{
  const char *name = g_object_get_data (G_OBJECT (row), "sonde-column-name");
  guint selected = adw_combo_row_get_selected (row);

  if (self->updating_controls || name == NULL)
    return;

  if (selected == 0 || selected == GTK_INVALID_LIST_POSITION)
    g_hash_table_remove (self->column_types, name);
  else
    g_hash_table_insert (self->column_types, g_strdup (name), GUINT_TO_POINTER (selected - 1));

  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), NULL);
  schedule_preview (self, PREVIEW_DELAY_MS);
}

static GtkWidget *
create_type_row (SondeImportPane *self,
                 SondeColumn     *column)
{
  const char *name = sonde_column_get_name (column);
  g_autoptr(GtkStringList) types = gtk_string_list_new (NULL);
  GtkWidget *row = adw_combo_row_new ();
  gpointer chosen;

  gtk_string_list_append (types, _("Automatic"));
  for (guint t = 0; t < SONDE_COLUMN_N_TYPES; t++)
    gtk_string_list_append (types, sonde_column_type_get_label (t));

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (types));
  if (g_hash_table_lookup_extended (self->column_types, name, NULL, &chosen))
    adw_combo_row_set_selected (ADW_COMBO_ROW (row), GPOINTER_TO_UINT (chosen) + 1);
  else
    adw_combo_row_set_selected (ADW_COMBO_ROW (row), 0);
  update_type_row_subtitle (ADW_COMBO_ROW (row), column);

  g_object_set_data_full (G_OBJECT (row), "sonde-column-name", g_strdup (name), g_free);
  g_signal_connect (row, "notify::selected", G_CALLBACK (type_selected_cb), self);
  sonde_a11y_follow_combo_row (ADW_COMBO_ROW (row));

  return row;
}

static void
clear_type_rows (SondeImportPane *self)
{
  for (guint i = 0; i < self->type_rows->len; i++)
    adw_preferences_group_remove (self->types_group, g_ptr_array_index (self->type_rows, i));
  g_ptr_array_set_size (self->type_rows, 0);
  g_clear_pointer (&self->type_columns, g_strfreev);
  gtk_widget_set_visible (GTK_WIDGET (self->types_group), FALSE);
}

/* Rows are rebuilt only when the columns change (another delimiter or
 * header setting): a change of type only updates the subtitles, so the
 * focus stays on the row the user just changed. */
static void
update_type_rows (SondeImportPane *self,
                  SondeTable      *table)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) names = NULL;
  guint n_columns = MIN (sonde_table_get_n_columns (table), MAX_TYPE_ROWS);

  for (guint c = 0; c < n_columns; c++)
    g_strv_builder_add (builder, sonde_column_get_name (sonde_table_get_column (table, c)));
  names = g_strv_builder_end (builder);

  if (self->type_columns != NULL && g_strv_equal ((const char * const *) names,
                                                  (const char * const *) self->type_columns))
    {
      self->updating_controls = TRUE;
      for (guint c = 0; c < n_columns; c++)
        update_type_row_subtitle (g_ptr_array_index (self->type_rows, c), sonde_table_get_column (table, c));
      self->updating_controls = FALSE;
      return;
    }

  clear_type_rows (self);

  /* Forget the types of columns the file no longer has: the reader would
   * warn about each of them. */
  {
    GHashTableIter iter;
    const char *name;

    g_hash_table_iter_init (&iter, self->column_types);
    while (g_hash_table_iter_next (&iter, (gpointer *) &name, NULL))
      if (!g_strv_contains ((const char * const *) names, name))
        g_hash_table_iter_remove (&iter);
  }

  self->updating_controls = TRUE;
  for (guint c = 0; c < n_columns; c++)
    {
      GtkWidget *row = create_type_row (self, sonde_table_get_column (table, c));

      adw_preferences_group_add (self->types_group, row);
      g_ptr_array_add (self->type_rows, row);
    }
  self->updating_controls = FALSE;

  self->type_columns = g_steal_pointer (&names);
  gtk_widget_set_visible (GTK_WIDGET (self->types_group), n_columns > 0);
}

/* Settings ----------------------------------------------------------------- */

/* Gives @reader the settings of the controls. Must run on the main thread,
 * before the read starts: a reader's settings may not change during a read. */
static void
configure_reader (SondeImportPane *self,
                  SondeCsvReader  *reader)
{
  guint delimiter = adw_combo_row_get_selected (self->delimiter_row);
  guint encoding = adw_combo_row_get_selected (self->encoding_row);
  guint header = adw_combo_row_get_selected (self->header_row);
  guint decimal = adw_combo_row_get_selected (self->decimal_row);
  guint dates = adw_combo_row_get_selected (self->dates_row);
  guint ragged = adw_combo_row_get_selected (self->ragged_row);
  GHashTableIter iter;
  gpointer name, type;

  if (self->delimiter_chosen)
    sonde_csv_reader_set_delimiter (reader, delimiter < DELIMITER_OTHER ? delimiters[delimiter] : self->other_delimiter);

  if (self->encoding_chosen && encoding < G_N_ELEMENTS (encodings))
    sonde_csv_reader_set_encoding (reader, encodings[encoding]);

  if (self->header_chosen && header == HEADER_YES)
    sonde_csv_reader_set_header (reader, SONDE_CSV_HEADER_YES);
  else if (self->header_chosen && header == HEADER_NO)
    sonde_csv_reader_set_header (reader, SONDE_CSV_HEADER_NO);

  if (decimal == DECIMAL_POINT)
    sonde_csv_reader_set_decimal_mark (reader, '.');
  else if (decimal == DECIMAL_COMMA)
    sonde_csv_reader_set_decimal_mark (reader, ',');

  if (dates == DATES_ISO)
    sonde_csv_reader_set_date_formats (reader, SONDE_CSV_DATE_ISO);
  else if (dates == DATES_DMY)
    sonde_csv_reader_set_date_formats (reader, SONDE_CSV_DATE_DMY);
  else
    sonde_csv_reader_set_date_formats (reader, SONDE_CSV_DATE_ISO | SONDE_CSV_DATE_DMY);

  /* The combo lists the policies in the order of SondeCsvRagged. */
  if (ragged <= SONDE_CSV_RAGGED_SKIP)
    sonde_csv_reader_set_ragged (reader, ragged);

  if (self->missing_markers != NULL)
    sonde_csv_reader_set_missing_markers (reader, (const char * const *) self->missing_markers);

  g_hash_table_iter_init (&iter, self->column_types);
  while (g_hash_table_iter_next (&iter, &name, &type))
    sonde_csv_reader_set_column_type (reader, name, GPOINTER_TO_UINT (type));
}

static void
configure_importer (SondeImportPane *self,
                    SondeImporter   *importer)
{
  const char *sheet = gtk_editable_get_text (GTK_EDITABLE (self->sheet_row));
  const char *table = gtk_editable_get_text (GTK_EDITABLE (self->table_row));
  const char *query = gtk_editable_get_text (GTK_EDITABLE (self->query_row));

  configure_reader (self, sonde_importer_get_csv_reader (importer));
  sonde_importer_set_sheet (importer, sheet[0] != '\0' ? sheet : NULL);
  sonde_importer_set_table (importer, table[0] != '\0' ? table : NULL);
  sonde_importer_set_query (importer, query[0] != '\0' ? query : NULL);
}

static void
set_detected_subtitle (AdwComboRow *row,
                       gboolean     detected)
{
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), detected ? _("Detected in the file") : "");
}

/* Puts what the reader found in the controls the user has not touched. */
static void
show_detected (SondeImportPane *self,
               char             delimiter,
               const char      *encoding,
               gboolean         header)
{
  self->updating_controls = TRUE;

  if (!self->delimiter_chosen && delimiter != 0)
    {
      guint index = DELIMITER_OTHER;

      for (guint i = 0; i < G_N_ELEMENTS (delimiters); i++)
        if (delimiters[i] == delimiter)
          index = i;
      if (index == DELIMITER_OTHER)
        {
          char text[2] = { delimiter, '\0' };

          self->other_delimiter = delimiter;
          gtk_editable_set_text (GTK_EDITABLE (self->other_delimiter_row), text);
        }
      adw_combo_row_set_selected (self->delimiter_row, index);
      gtk_widget_set_visible (GTK_WIDGET (self->other_delimiter_row), index == DELIMITER_OTHER);
    }
  if (delimiter != 0)
    self->current_delimiter = delimiter;
  set_detected_subtitle (self->delimiter_row, !self->delimiter_chosen);

  if (!self->encoding_chosen)
    {
      guint index = 0;

      for (guint i = 1; i < G_N_ELEMENTS (encodings); i++)
        if (encoding != NULL && g_ascii_strcasecmp (encodings[i], encoding) == 0)
          index = i;
      adw_combo_row_set_selected (self->encoding_row, index);
    }
  set_detected_subtitle (self->encoding_row, !self->encoding_chosen);

  if (!self->header_chosen)
    adw_combo_row_set_selected (self->header_row, header ? HEADER_YES : HEADER_NO);
  set_detected_subtitle (self->header_row, !self->header_chosen);

  self->updating_controls = FALSE;
}

static void
update_format_groups (SondeImportPane *self)
{
  gboolean is_csv = self->format == SONDE_FORMAT_CSV;
  gboolean is_xlsx = self->format == SONDE_FORMAT_XLSX;
  gboolean is_sqlite = self->format == SONDE_FORMAT_SQLITE;

  gtk_widget_set_visible (GTK_WIDGET (self->csv_group), is_csv);
  if (!is_csv)
    clear_type_rows (self);
  gtk_widget_set_visible (GTK_WIDGET (self->options_group), is_xlsx || is_sqlite);
  gtk_widget_set_visible (GTK_WIDGET (self->sheet_row), is_xlsx);
  gtk_widget_set_visible (GTK_WIDGET (self->table_row), is_sqlite);
  gtk_widget_set_visible (GTK_WIDGET (self->query_row), is_sqlite);
}

static void
update_file_row (SondeImportPane *self)
{
  g_autofree char *name = describe_name (self->file);
  g_autofree char *folder = describe_folder (self->file);
  g_autofree char *subtitle = NULL;
  g_autofree char *a11y_label = NULL;

  if (self->format != SONDE_FORMAT_UNKNOWN)
    /* Translators: a file format, then a folder. */
    subtitle = g_strdup_printf (_("%s, in %s"), sonde_format_get_label (self->format), folder);
  else
    subtitle = g_strdup (folder);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->file_row), name);
  adw_action_row_set_subtitle (self->file_row, subtitle);
  /* Translators: a file name, then its format and folder. */
  a11y_label = g_strdup_printf (_("File to import: %s, %s"), name, subtitle);
  sonde_a11y_set_label (GTK_WIDGET (self->file_row), a11y_label);
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (self->file_row), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY);
}

/* The preview job ------------------------------------------------------- */

typedef struct
{
  GFile          *file;
  SondeCsvReader *reader;
  SondeImporter  *importer;

  /* Results */
  SondeFormat     format;
  SondeTable     *table;
  GError         *error;
  gboolean        file_error;
  gboolean        too_large;
  char            detected_delimiter;
  char           *detected_encoding;
  gboolean        detected_header;
  GStrv           warnings;
} PreviewJob;

static void
preview_job_free (PreviewJob *job)
{
  g_clear_object (&job->file);
  g_clear_object (&job->reader);
  g_clear_object (&job->importer);
  g_clear_object (&job->table);
  g_clear_error (&job->error);
  g_free (job->detected_encoding);
  g_strfreev (job->warnings);
  g_free (job);
}

/* The first PREVIEW_BYTES of the file, cut after the last line break so
 * that the reader never sees half a record. */
static GBytes *
read_head (GFile         *file,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(GFileInputStream) stream = NULL;
  g_autofree char *buf = g_malloc (PREVIEW_BYTES);
  gsize n_read = 0;

  stream = g_file_read (file, cancellable, error);
  if (stream == NULL)
    return NULL;
  if (!g_input_stream_read_all (G_INPUT_STREAM (stream), buf, PREVIEW_BYTES, &n_read, cancellable, error))
    return NULL;

  if (n_read == PREVIEW_BYTES)
    {
      gsize end = n_read;

      while (end > 0 && buf[end - 1] != '\n')
        end--;
      if (end > 0)
        n_read = end;
    }

  return g_bytes_new_take (g_steal_pointer (&buf), n_read);
}

static void
preview_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  PreviewJob *job = task_data;
  g_autofree char *basename = g_file_get_basename (job->file);
  g_autoptr(GStrvBuilder) warnings = g_strv_builder_new ();

  job->format = sonde_format_guess_for_file (job->file, cancellable, &job->error);
  if (job->error != NULL)
    {
      job->file_error = TRUE;
    }
  else if (job->format == SONDE_FORMAT_CSV)
    {
      g_autoptr(GBytes) head = read_head (job->file, cancellable, &job->error);
      GPtrArray *csv_warnings;

      if (head == NULL)
        {
          job->file_error = TRUE;
          goto out;
        }

      job->table = sonde_csv_reader_read_bytes (job->reader, head, basename, cancellable, &job->error);
      job->detected_delimiter = sonde_csv_reader_get_detected_delimiter (job->reader);
      job->detected_encoding = g_strdup (sonde_csv_reader_get_detected_encoding (job->reader));
      job->detected_header = sonde_csv_reader_get_detected_header (job->reader);
      csv_warnings = sonde_csv_reader_get_warnings (job->reader);
      for (guint i = 0; csv_warnings != NULL && i < csv_warnings->len; i++)
        g_strv_builder_add (warnings, ((SondeCsvWarning *) g_ptr_array_index (csv_warnings, i))->message);
    }
  else if (job->format != SONDE_FORMAT_UNKNOWN)
    {
      g_autoptr(GFileInfo) info = g_file_query_info (job->file, G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                                     G_FILE_QUERY_INFO_NONE, cancellable, &job->error);

      if (info == NULL)
        {
          job->file_error = TRUE;
          goto out;
        }

      if (g_file_info_get_size (info) > PREVIEW_WHOLE_FILE_MAX)
        {
          job->too_large = TRUE;
          goto out;
        }

      job->table = sonde_importer_import_file (job->importer, job->file, cancellable, &job->error);
      g_strv_builder_addv (warnings, (const char **) sonde_importer_get_warnings (job->importer));
    }
  else
    {
      /* The importer words the refusal of an unknown format. */
      job->table = sonde_importer_import_file (job->importer, job->file, cancellable, &job->error);
      job->file_error = job->table == NULL;
    }

out:
  job->warnings = g_strv_builder_end (warnings);
  g_task_return_boolean (task, TRUE);
}

static void
preview_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  SondeImportPane *self = SONDE_IMPORT_PANE (source);
  GTask *task = G_TASK (result);
  PreviewJob *job = g_task_get_task_data (task);

  /* A newer preview replaced this one, or the pane is gone. */
  if (g_task_get_cancellable (task) != self->preview_cancellable)
    return;

  g_clear_object (&self->preview_cancellable);
  update_busy (self);

  self->format = job->format;
  update_format_groups (self);
  update_file_row (self);

  if (job->file_error)
    {
      g_autofree char *message = NULL;

      self->file_failed = TRUE;
      update_actions (self);
      gtk_widget_set_visible (GTK_WIDGET (self->csv_group), FALSE);
      show_warnings (self, NULL);
      hide_error (self->preview_error_row, GTK_WIDGET (self->preview_error_group));
      build_preview (self, NULL, _("No preview: the file could not be read."));
      /* Translators: %s is the reason, which names the file. */
      message = g_strdup_printf (_("Cannot read this file. %s"), job->error->message);
      show_error (self->file_error_row, NULL, message);
      return;
    }

  self->file_failed = FALSE;
  update_actions (self);
  hide_error (self->file_error_row, NULL);

  if (job->format == SONDE_FORMAT_CSV)
    show_detected (self, job->detected_delimiter, job->detected_encoding, job->detected_header);

  show_warnings (self, (const char * const *) job->warnings);

  if (job->too_large)
    {
      hide_error (self->preview_error_row, GTK_WIDGET (self->preview_error_group));
      build_preview (self, NULL, _("This file is too large to preview. Import it to see its data."));
    }
  else if (job->table == NULL)
    {
      g_autofree char *message = NULL;

      build_preview (self, NULL, _("No preview: see the error above."));
      /* Translators: %s is the reader's message, which names the line and value. */
      message = g_strdup_printf (_("The file cannot be read with these settings. %s"), job->error->message);
      show_error (self->preview_error_row, GTK_WIDGET (self->preview_error_group), message);
    }
  else
    {
      hide_error (self->preview_error_row, GTK_WIDGET (self->preview_error_group));
      build_preview (self, job->table, NULL);
      if (job->format == SONDE_FORMAT_CSV)
        update_type_rows (self, job->table);
    }
}

static void
start_preview (SondeImportPane *self)
{
  g_autoptr(GTask) task = NULL;
  PreviewJob *job;

  g_clear_handle_id (&self->preview_timeout_id, g_source_remove);

  if (self->preview_cancellable != NULL)
    g_cancellable_cancel (self->preview_cancellable);
  g_clear_object (&self->preview_cancellable);

  if (self->file == NULL)
    {
      update_busy (self);
      return;
    }

  job = g_new0 (PreviewJob, 1);
  job->file = g_object_ref (self->file);
  job->reader = sonde_csv_reader_new ();
  job->importer = sonde_importer_new ();
  configure_reader (self, job->reader);
  configure_importer (self, job->importer);

  self->preview_cancellable = g_cancellable_new ();
  task = g_task_new (self, self->preview_cancellable, preview_done_cb, NULL);
  g_task_set_source_tag (task, start_preview);
  g_task_set_task_data (task, job, (GDestroyNotify) preview_job_free);
  g_task_run_in_thread (task, preview_thread);

  update_busy (self);
}

static gboolean
preview_timeout_cb (gpointer user_data)
{
  SondeImportPane *self = user_data;

  self->preview_timeout_id = 0;
  start_preview (self);

  return G_SOURCE_REMOVE;
}

static void
schedule_preview (SondeImportPane *self,
                  guint            delay_ms)
{
  if (self->file == NULL)
    return;

  g_clear_handle_id (&self->preview_timeout_id, g_source_remove);
  self->preview_timeout_id = g_timeout_add (delay_ms, preview_timeout_cb, self);
  update_busy (self);
}

/* Controls ----------------------------------------------------------------- */

static void
combo_selected_cb (AdwComboRow     *row,
                   GParamSpec      *pspec,
                   SondeImportPane *self)
{
  guint selected = adw_combo_row_get_selected (row);

  if (self->updating_controls)
    return;

  if (row == self->delimiter_row)
    {
      gboolean other = selected == DELIMITER_OTHER;

      self->delimiter_chosen = TRUE;
      gtk_widget_set_visible (GTK_WIDGET (self->other_delimiter_row), other);
      hide_error (self->delimiter_error_row, NULL);
      if (!other && selected < G_N_ELEMENTS (delimiters))
        self->current_delimiter = delimiters[selected];
      else if (self->other_delimiter == 0)
        {
          /* Nothing to read with until the character is typed. */
          set_detected_subtitle (row, FALSE);
          return;
        }
      else
        self->current_delimiter = self->other_delimiter;
    }
  else if (row == self->encoding_row)
    self->encoding_chosen = selected != 0;
  else if (row == self->header_row)
    self->header_chosen = selected != HEADER_AUTO;

  set_detected_subtitle (row, FALSE);
  schedule_preview (self, PREVIEW_DELAY_MS);
}

static void
other_delimiter_applied_cb (AdwEntryRow     *row,
                            SondeImportPane *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));

  if (strlen (text) != 1 || text[0] == '"' || text[0] == '\n' || text[0] == '\r' || (guchar) text[0] >= 0x80)
    {
      show_error (self->delimiter_error_row, NULL,
                  _("The delimiter must be one character, such as # or ~, and not a double quote."));
      return;
    }

  hide_error (self->delimiter_error_row, NULL);
  self->other_delimiter = text[0];
  self->current_delimiter = text[0];
  self->delimiter_chosen = TRUE;
  schedule_preview (self, 0);
}

/* The markers as the user types them: without the empty marker, which is
 * always on (an empty cell is missing in every dataset we know). */
static char *
markers_to_text (const char * const *markers)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; markers[i] != NULL; i++)
    {
      if (markers[i][0] == '\0')
        continue;
      if (text->len > 0)
        g_string_append (text, ", ");
      g_string_append (text, markers[i]);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
missing_applied_cb (AdwEntryRow     *row,
                    SondeImportPane *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_strv_builder_add (builder, "");
  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *marker = g_strstrip (parts[i]);

      if (marker[0] == '\0')
        continue;

      if (strchr (marker, '"') != NULL ||
          (self->current_delimiter != 0 && strchr (marker, self->current_delimiter) != NULL))
        {
          g_autofree char *message = NULL;

          if (strchr (marker, '"') != NULL)
            /* Translators: %s is what the user typed as a missing-value marker. */
            message = g_strdup_printf (_("“%s” cannot mark missing values: it contains a double quote. Remove it, or type the marker without quotes."), marker);
          else
            /* Translators: %s is what the user typed as a missing-value marker. */
            message = g_strdup_printf (_("“%s” cannot mark missing values: it contains the delimiter, so no cell can be equal to it."), marker);
          show_error (self->missing_error_row, NULL, message);
          return;
        }

      g_strv_builder_add (builder, marker);
    }

  hide_error (self->missing_error_row, NULL);
  g_clear_pointer (&self->missing_markers, g_strfreev);
  self->missing_markers = g_strv_builder_end (builder);
  schedule_preview (self, 0);
}

static void
option_applied_cb (AdwEntryRow     *row,
                   SondeImportPane *self)
{
  schedule_preview (self, 0);
}

static void
reset_controls (SondeImportPane *self)
{
  self->updating_controls = TRUE;

  self->format = SONDE_FORMAT_UNKNOWN;
  self->file_failed = FALSE;
  self->delimiter_chosen = FALSE;
  self->encoding_chosen = FALSE;
  self->header_chosen = FALSE;
  self->other_delimiter = 0;
  self->current_delimiter = 0;
  g_clear_pointer (&self->missing_markers, g_strfreev);
  g_hash_table_remove_all (self->column_types);
  clear_type_rows (self);

  adw_combo_row_set_selected (self->delimiter_row, 0);
  adw_combo_row_set_selected (self->encoding_row, 0);
  adw_combo_row_set_selected (self->header_row, HEADER_AUTO);
  adw_combo_row_set_selected (self->decimal_row, DECIMAL_AUTO);
  adw_combo_row_set_selected (self->dates_row, DATES_BOTH);
  adw_combo_row_set_selected (self->ragged_row, SONDE_CSV_RAGGED_STOP);
  gtk_editable_set_text (GTK_EDITABLE (self->other_delimiter_row), "");
  gtk_widget_set_visible (GTK_WIDGET (self->other_delimiter_row), FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->missing_row), self->default_markers_text);
  gtk_editable_set_text (GTK_EDITABLE (self->sheet_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->table_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->query_row), "");
  for (AdwComboRow **row = (AdwComboRow *[]) { self->delimiter_row, self->encoding_row, self->header_row, NULL };
       *row != NULL; row++)
    set_detected_subtitle (*row, FALSE);

  hide_error (self->file_error_row, NULL);
  hide_error (self->delimiter_error_row, NULL);
  hide_error (self->missing_error_row, NULL);
  hide_error (self->preview_error_row, GTK_WIDGET (self->preview_error_group));
  hide_error (self->import_error_row, self->import_error_list);
  show_warnings (self, NULL);

  self->updating_controls = FALSE;
}

/**
 * sonde_import_pane_set_file:
 * @file: the file to import, in any format the engine reads
 *
 * Shows @file in the pane with every setting on automatic, and starts its
 * preview. An import still running for the previous file is cancelled;
 * the datasets already open are not touched. If the focus was in the
 * empty state, it moves to the row naming the file.
 */
void
sonde_import_pane_set_file (SondeImportPane *self,
                            GFile           *file)
{
  GtkRoot *root;
  GtkWidget *focus;
  gboolean focus_was_lost;

  g_return_if_fail (SONDE_IS_IMPORT_PANE (self));
  g_return_if_fail (G_IS_FILE (file));

  root = gtk_widget_get_root (GTK_WIDGET (self));
  focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  focus_was_lost = focus == NULL ||
                   gtk_widget_is_ancestor (focus, gtk_stack_get_child_by_name (self->view_stack, "empty"));

  if (self->import_cancellable != NULL)
    g_cancellable_cancel (self->import_cancellable);
  g_clear_object (&self->import_cancellable);
  gtk_widget_set_visible (self->progress_box, FALSE);

  g_set_object (&self->file, file);
  reset_controls (self);
  update_format_groups (self);
  update_file_row (self);
  build_preview (self, NULL, _("Reading the beginning of the file…"));
  update_actions (self);

  gtk_stack_set_visible_child_name (self->view_stack, "file");
  if (focus_was_lost && root != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (self->file_row));

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILE]);
  start_preview (self);
}

/* Choosing and dropping files ------------------------------------------- */

static void
choose_response_cb (GtkNativeDialog *dialog,
                    int              response,
                    SondeImportPane *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      if (file != NULL)
        sonde_import_pane_set_file (self, file);
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
choose_file_action_cb (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  SondeImportPane *self = SONDE_IMPORT_PANE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *dialog;
  g_autoptr(GtkFileFilter) tables = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  dialog = gtk_file_chooser_native_new (_("Choose a File to Import"),
                                        GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_OPEN,
                                        _("_Choose"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);

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

  g_signal_connect_object (dialog, "response", G_CALLBACK (choose_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
  watch_file_chooser ();
}

static gboolean
drop_cb (GtkDropTarget   *target,
         const GValue    *value,
         double           x,
         double           y,
         SondeImportPane *self)
{
  GFile *file = NULL;

  if (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    {
      GSList *files = g_value_get_boxed (value);

      if (files != NULL)
        file = files->data;
    }
  else if (G_VALUE_HOLDS (value, G_TYPE_FILE))
    {
      file = g_value_get_object (value);
    }

  if (file == NULL)
    return FALSE;

  sonde_import_pane_set_file (self, file);
  return TRUE;
}

/* Import -------------------------------------------------------------------- */

typedef struct
{
  GWeakRef pane;
  double   fraction;
} ProgressUpdate;

static gboolean
apply_progress_cb (gpointer user_data)
{
  ProgressUpdate *update = user_data;
  g_autoptr(SondeImportPane) self = g_weak_ref_get (&update->pane);

  if (self != NULL && self->import_cancellable != NULL)
    gtk_progress_bar_set_fraction (self->progress_bar, update->fraction);

  g_weak_ref_clear (&update->pane);
  g_free (update);

  return G_SOURCE_REMOVE;
}

/* Called by the importer in its worker thread: hand the value to the main
 * loop, where the widgets live. */
static void
import_progress_cb (double   fraction,
                    gpointer user_data)
{
  g_autoptr(GObject) pane = g_weak_ref_get (user_data);
  ProgressUpdate *update;

  if (pane == NULL)
    return;

  update = g_new0 (ProgressUpdate, 1);
  g_weak_ref_init (&update->pane, pane);
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
import_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(SondeImportPane) self = user_data;
  SondeImporter *importer = SONDE_IMPORTER (source);
  g_autoptr(SondeTable) table = NULL;
  g_autoptr(GError) error = NULL;
  GtkRoot *root;
  gboolean had_focus;

  table = sonde_importer_import_file_finish (importer, result, &error);

  /* Cancelled by another file, or the pane is gone. */
  if (g_task_get_cancellable (G_TASK (result)) != self->import_cancellable)
    return;

  root = gtk_widget_get_root (GTK_WIDGET (self));
  had_focus = root != NULL && gtk_root_get_focus (root) == self->cancel_button;

  g_clear_object (&self->import_cancellable);
  gtk_widget_set_visible (self->progress_box, FALSE);
  update_actions (self);
  update_busy (self);

  if (table == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          if (had_focus)
            gtk_widget_grab_focus (self->import_button);
        }
      else
        {
          /* Translators: %s is the reason given by the reader, which names the file. */
          g_autofree char *message = g_strdup_printf (_("Could not import the dataset. %s"), error->message);
          show_error (self->import_error_row, self->import_error_list, message);
        }
      return;
    }

  if (had_focus)
    gtk_widget_grab_focus (self->import_button);

  show_warnings (self, sonde_importer_get_warnings (importer));
  add_recent_file (self, self->file);
  g_list_store_append (self->datasets, table);
  g_signal_emit (self, signals[IMPORTED], 0, table);
}

static void
import_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  SondeImportPane *self = SONDE_IMPORT_PANE (widget);
  g_autoptr(SondeImporter) importer = NULL;
  g_autofree char *name = NULL;
  g_autofree char *label = NULL;
  GtkRoot *root = gtk_widget_get_root (widget);
  GWeakRef *weak;

  /* Ctrl+Enter is global to the window: not while another pane shows. */
  if (self->file == NULL || self->import_cancellable != NULL || !gtk_widget_get_mapped (widget))
    return;

  importer = sonde_importer_new ();
  configure_importer (self, importer);
  weak = g_new0 (GWeakRef, 1);
  g_weak_ref_init (weak, self);
  sonde_importer_set_progress_func (importer, import_progress_cb, weak, weak_ref_free);

  name = describe_name (self->file);
  /* Translators: %s is a file name. */
  label = g_strdup_printf (_("Importing %s…"), name);
  gtk_label_set_text (self->progress_label, label);
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  gtk_widget_set_visible (self->progress_box, TRUE);
  hide_error (self->import_error_row, self->import_error_list);

  self->import_cancellable = g_cancellable_new ();
  update_actions (self);
  update_busy (self);

  /* The Import button turns insensitive: keep the focus on what can be
   * used now. */
  if (root != NULL && gtk_root_get_focus (root) == self->import_button)
    gtk_widget_grab_focus (self->cancel_button);

  sonde_importer_import_file_async (importer, self->file, self->import_cancellable,
                                    import_done_cb, g_object_ref (self));
}

static void
cancel_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  SondeImportPane *self = SONDE_IMPORT_PANE (widget);

  if (self->import_cancellable != NULL)
    g_cancellable_cancel (self->import_cancellable);
}

/* GObject ------------------------------------------------------------------ */

/* The Import button is the window's default widget while the pane shows. */
static void
sonde_import_pane_map (GtkWidget *widget)
{
  SondeImportPane *self = SONDE_IMPORT_PANE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);

  GTK_WIDGET_CLASS (sonde_import_pane_parent_class)->map (widget);

  if (GTK_IS_WINDOW (root))
    gtk_window_set_default_widget (GTK_WINDOW (root), self->import_button);
}

static void
sonde_import_pane_unmap (GtkWidget *widget)
{
  SondeImportPane *self = SONDE_IMPORT_PANE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);

  if (GTK_IS_WINDOW (root) && gtk_window_get_default_widget (GTK_WINDOW (root)) == self->import_button)
    gtk_window_set_default_widget (GTK_WINDOW (root), NULL);

  GTK_WIDGET_CLASS (sonde_import_pane_parent_class)->unmap (widget);
}

static void
sonde_import_pane_dispose (GObject *object)
{
  SondeImportPane *self = SONDE_IMPORT_PANE (object);

  g_clear_handle_id (&self->preview_timeout_id, g_source_remove);
  if (self->preview_cancellable != NULL)
    g_cancellable_cancel (self->preview_cancellable);
  g_clear_object (&self->preview_cancellable);
  if (self->import_cancellable != NULL)
    g_cancellable_cancel (self->import_cancellable);
  g_clear_object (&self->import_cancellable);

  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);
  g_clear_object (&self->datasets);

  /* AdwBin unparents its child, the template's root, itself. */
  G_OBJECT_CLASS (sonde_import_pane_parent_class)->dispose (object);
}

static void
sonde_import_pane_finalize (GObject *object)
{
  SondeImportPane *self = SONDE_IMPORT_PANE (object);

  g_clear_object (&self->file);
  g_clear_pointer (&self->missing_markers, g_strfreev);
  g_clear_pointer (&self->default_markers_text, g_free);
  g_clear_pointer (&self->column_types, g_hash_table_unref);
  g_clear_pointer (&self->type_rows, g_ptr_array_unref);
  g_clear_pointer (&self->type_columns, g_strfreev);

  G_OBJECT_CLASS (sonde_import_pane_parent_class)->finalize (object);
}

static void
sonde_import_pane_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  SondeImportPane *self = SONDE_IMPORT_PANE (object);

  switch (prop_id)
    {
    case PROP_DATASETS:
      self->datasets = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sonde_import_pane_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  SondeImportPane *self = SONDE_IMPORT_PANE (object);

  switch (prop_id)
    {
    case PROP_DATASETS:
      g_value_set_object (value, self->datasets);
      break;

    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;

    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sonde_import_pane_class_init (SondeImportPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sonde_import_pane_dispose;
  object_class->finalize = sonde_import_pane_finalize;
  object_class->set_property = sonde_import_pane_set_property;
  object_class->get_property = sonde_import_pane_get_property;
  widget_class->map = sonde_import_pane_map;
  widget_class->unmap = sonde_import_pane_unmap;

  properties[PROP_DATASETS] =
    g_param_spec_object ("datasets", NULL, NULL,
                         G_TYPE_LIST_STORE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL,
                         G_TYPE_FILE,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SondeImportPane::imported:
   * @table: the dataset just imported, already appended to the datasets
   *
   * Emitted after a successful import, so that the window can show it.
   */
  signals[IMPORTED] =
    g_signal_new ("imported",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, SONDE_TYPE_TABLE);

  gtk_widget_class_install_action (widget_class, "import.choose-file", NULL, choose_file_action_cb);
  gtk_widget_class_install_action (widget_class, "import.import", NULL, import_action_cb);
  gtk_widget_class_install_action (widget_class, "import.cancel", NULL, cancel_action_cb);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/sonde/Sonde/sonde-import-pane.ui");
  gtk_widget_class_bind_template_child (widget_class, SondeImportPane, view_stack);
  gtk_widget_class_bind_template_child (widget_class, SondeImportPane, recent_group);
  gtk_widget_class_bind_template_child (widget_class, SondeImportPane, recent_list);
  gtk_widget_class_bind_template_child (widget_class, SondeImportPane, file_row);
  gtk_widget_class_bind_template_child (widget_class, SondeImportPane, file_error_row);
  gtk_widget_class_bind_template_child (widget_class, SondeImportPane, csv_group);
  gtk_widget_class_bind_template_child (widget_class, SondeImportPane, delimiter_row);
  gtk_widget_class_bind_template_child (widget_class, SondeImportPane, other_delimiter_row);
  gtk_widget_class_bind_template_child (widget_class, SondeImportPane, delimiter_error_row);
  gtk_widget_class_bind_template_child (widget_class, SondeImportPane, encoding_row);
  gtk_widget_class_bind_template_child (widget_class, SondeImportPane, header_row);
  gtk_widget_class_bind_template_child (widget_class, SondeImportPane, decimal_row);
  gtk_widget_class_bind_template_child (widget_class, SondeImportPane, dates_row);
  gtk_widget_class_bind_template_child (widget_class, SondeImportPane, missing_row);
  gtk_widget_class_bind_template_child (widget_class, SondeImportPane, missing_error_row);
  gtk_widget_class_bind_template_child (widget_class, SondeImportPane, ragged_row);
  gtk_widget_class_bind_template_child (widget_class, SondeImportPane, options_group);
  gtk_widget_class_bind_template_child (widget_class, SondeImportPane, sheet_row);
  gtk_widget_class_bind_template_child (widget_class, SondeImportPane, table_row);
  gtk_widget_class_bind_template_child (widget_class, SondeImportPane, query_row);
  gtk_widget_class_bind_template_child (widget_class, SondeImportPane, preview_error_group);
  gtk_widget_class_bind_template_child (widget_class, SondeImportPane, preview_error_row);
  gtk_widget_class_bind_template_child (widget_class, SondeImportPane, warnings_group);
  gtk_widget_class_bind_template_child (widget_class, SondeImportPane, warnings_list);
  gtk_widget_class_bind_template_child (widget_class, SondeImportPane, preview_group);
  gtk_widget_class_bind_template_child (widget_class, SondeImportPane, preview_bin);
  gtk_widget_class_bind_template_child (widget_class, SondeImportPane, types_group);
  gtk_widget_class_bind_template_child (widget_class, SondeImportPane, import_error_list);
  gtk_widget_class_bind_template_child (widget_class, SondeImportPane, import_error_row);
  gtk_widget_class_bind_template_child (widget_class, SondeImportPane, progress_box);
  gtk_widget_class_bind_template_child (widget_class, SondeImportPane, progress_label);
  gtk_widget_class_bind_template_child (widget_class, SondeImportPane, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, SondeImportPane, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, SondeImportPane, import_button);
  gtk_widget_class_bind_template_callback (widget_class, recent_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, other_delimiter_applied_cb);
  gtk_widget_class_bind_template_callback (widget_class, missing_applied_cb);
  gtk_widget_class_bind_template_callback (widget_class, option_applied_cb);
}

static void
sonde_import_pane_init (SondeImportPane *self)
{
  g_autoptr(SondeCsvReader) defaults = sonde_csv_reader_new ();
  GType drop_types[] = { GDK_TYPE_FILE_LIST, G_TYPE_FILE };
  GtkDropTarget *drop;

  self->column_types = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->type_rows = g_ptr_array_new ();
  self->default_markers_text = markers_to_text (sonde_csv_reader_get_missing_markers (defaults));

  gtk_widget_init_template (GTK_WIDGET (self));

  sonde_pane_add_run_shortcut (GTK_WIDGET (self), "import.import");
  sonde_a11y_fix_mnemonic_names (GTK_WIDGET (self));
  sonde_a11y_set_description (GTK_WIDGET (self->missing_row),
                              _("Empty cells always count as missing. Press Enter to apply."));

  for (AdwComboRow **row = (AdwComboRow *[]) { self->delimiter_row, self->encoding_row, self->header_row,
                                               self->decimal_row, self->dates_row, self->ragged_row, NULL };
       *row != NULL; row++)
    {
      g_signal_connect (*row, "notify::selected", G_CALLBACK (combo_selected_cb), self);
      sonde_a11y_follow_combo_row (*row);
    }

  drop = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY);
  gtk_drop_target_set_gtypes (drop, drop_types, G_N_ELEMENTS (drop_types));
  g_signal_connect (drop, "drop", G_CALLBACK (drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));

  self->settings = g_settings_new (APPLICATION_ID);
  g_signal_connect (self->settings, "changed::recent-files", G_CALLBACK (recent_files_changed_cb), self);
  rebuild_recent_list (self);

  reset_controls (self);
  update_actions (self);
}
