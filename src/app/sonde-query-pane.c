/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sonde"

/* SondeQueryPane: SQL on the open datasets. An editor (GtkSourceView 5,
 * SQL highlighting, named for screen readers, Tab leaves it) above the
 * result, shown in the data grid. Ctrl+Enter runs the query in a worker
 * (SondeQuery: the datasets as they are now, saved or not, read-only)
 * with Cancel. A result can be kept as a new dataset; queries can be
 * saved under a name, and travel with the project.
 *
 * What Orca hears: a successful run moves the focus to the result grid,
 * which says how many rows and columns came back; an error takes the
 * focus in a label beside the editor and says its line and column, and
 * the editor's cursor is put there, so Alt+S returns to the very place.
 * Cancel, saving a query or a result say what happened in the status
 * line, which takes the focus (GTK 4.8 has no announcements; BRIEF.md).
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>
#include <gtksourceview/gtksource.h>

#include "sonde-a11y.h"
#include "sonde-pane.h"
#include "sonde-data-grid.h"
#include "sonde-dataset.h"
#include "sonde-query-pane.h"
#include "sonde-rename-dialog.h"

typedef struct
{
  char *name;
  char *sql;
} SavedQuery;

struct _SondeQueryPane
{
  AdwBin               parent_instance;

  GListStore          *datasets;
  GSimpleActionGroup  *actions;
  GCancellable        *cancellable;
  SondeTable          *result;
  GPtrArray           *saved;          /* SavedQuery */
  GtkSourceBuffer     *buffer;
  GtkWidget           *editor;
  GtkWidget           *grid;
  gint64               started;
  char                *loaded_name;    /* the saved query last loaded */

  /* Template widgets */
  GtkLabel            *sql_label;
  GtkScrolledWindow   *editor_scroller;
  GtkLabel            *tables_label;
  GtkLabel            *error_label;
  GtkWidget           *run_button;
  GtkWidget           *cancel_button;
  GtkSpinner          *spinner;
  GtkLabel            *saved_label;
  GtkListBox          *saved_list;
  GtkLabel            *result_label;
  GtkLabel            *status_label;
  GtkFrame            *result_frame;
};

G_DEFINE_FINAL_TYPE (SondeQueryPane, sonde_query_pane, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_DATASETS,
  N_PROPS
};

enum {
  SAVED_QUERIES_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
saved_query_free (gpointer data)
{
  SavedQuery *q = data;

  g_free (q->name);
  g_free (q->sql);
  g_free (q);
}

/* Puts @text in the status line and, when @focus, moves the focus there
 * so that Orca reads it. */
static void
say (SondeQueryPane *self,
     const char     *text,
     gboolean        focus)
{
  sonde_pane_say (self->status_label, text, focus);
}

static void
hide_error (SondeQueryPane *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
}

static void
show_error (SondeQueryPane *self,
            const char     *message)
{
  sonde_pane_say (self->error_label, message, TRUE);
}

/* ------------------------------------------------------------------ */
/* The tables line                                                      */
/* ------------------------------------------------------------------ */

static void
update_tables (SondeQueryPane *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->datasets));
  g_autoptr(GString) names = g_string_new (NULL);
  g_autofree char *text = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SondeTable) table = g_list_model_get_item (G_LIST_MODEL (self->datasets), i);
      const char *name = sonde_table_get_name (table);
      g_autofree char *rows = NULL;
      guint loading = sonde_dataset_get_loading_rows (table);

      rows = sonde_a11y_format_count (loading > 0 ? loading : sonde_table_get_n_rows (table));
      if (i > 0)
        g_string_append (names, ", ");
      if (strchr (name, ' ') != NULL || strchr (name, '-') != NULL)
        g_string_append_printf (names, "\"%s\"", name);
      else
        g_string_append (names, name);
      /* Translators: after a table name, its number of rows, formatted */
      g_string_append_printf (names, g_dngettext (GETTEXT_PACKAGE, " (%s row)", " (%s rows)",
                                                  loading > 0 ? loading : sonde_table_get_n_rows (table)),
                              rows);
    }

  if (n == 0)
    text = g_strdup (_("No dataset is open: open or import one to query it. SELECT 1 + 1 already works."));
  else
    /* Translators: %s is a list of table names with their row counts */
    text = g_strdup_printf (_("Tables: %s. Names with spaces go in double quotes. Queries only read the datasets; Tab leaves the editor."),
                            names->str);
  gtk_label_set_text (self->tables_label, text);

  /* A first query to start from. */
  if (n > 0 && gtk_text_buffer_get_char_count (GTK_TEXT_BUFFER (self->buffer)) == 0)
    {
      g_autoptr(SondeTable) first = g_list_model_get_item (G_LIST_MODEL (self->datasets), 0);
      g_autofree char *sql = g_strdup_printf ("SELECT *\nFROM \"%s\"\nLIMIT 100;", sonde_table_get_name (first));

      gtk_text_buffer_begin_irreversible_action (GTK_TEXT_BUFFER (self->buffer));
      gtk_text_buffer_set_text (GTK_TEXT_BUFFER (self->buffer), sql, -1);
      gtk_text_buffer_end_irreversible_action (GTK_TEXT_BUFFER (self->buffer));
    }
}

/* ------------------------------------------------------------------ */
/* Running                                                              */
/* ------------------------------------------------------------------ */

static void
set_busy (SondeQueryPane *self,
          gboolean        busy)
{
  gtk_widget_set_sensitive (self->run_button, !busy);
  gtk_widget_set_visible (self->cancel_button, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
}

static void
place_cursor (SondeQueryPane *self,
              guint           line,
              guint           column)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (self->buffer);
  GtkTextIter iter;

  gtk_text_buffer_get_iter_at_line (buffer, &iter, (int) line - 1);
  if (column > 1)
    {
      int chars = gtk_text_iter_get_chars_in_line (&iter);

      gtk_text_iter_set_line_offset (&iter, MIN ((int) column - 1, MAX (chars - 1, 0)));
    }
  gtk_text_buffer_place_cursor (buffer, &iter);
  gtk_text_view_scroll_to_mark (GTK_TEXT_VIEW (self->editor), gtk_text_buffer_get_insert (buffer),
                                0.1, FALSE, 0, 0);
}

static void
show_result (SondeQueryPane *self,
             SondeTable     *table)
{
  g_autoptr(SondeSelection) all = sonde_selection_new_all (table);

  g_set_object (&self->result, table);
  sonde_data_grid_set_selection (SONDE_DATA_GRID (self->grid), all);
}

static void
run_finished_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(SondeQueryPane) self = user_data;
  SondeQuery *query = SONDE_QUERY (source);
  g_autoptr(SondeTable) table = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *rows = NULL;
  g_autofree char *message = NULL;
  g_autofree char *seconds = NULL;
  guint line, column;
  guint n_rows, n_columns;

  table = sonde_query_run_finish (query, result, &error);
  g_clear_object (&self->cancellable);
  set_busy (self, FALSE);

  if (table == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          say (self, _("The query was cancelled. The previous result is still shown."), TRUE);
          return;
        }
      if (sonde_query_get_error_position (query, &line, &column))
        {
          /* Translators: after a message that gives a line and column */
          message = g_strdup_printf ("%s %s", error->message,
                                     _("The editor’s cursor is there: Alt+S goes to it."));
          place_cursor (self, line, column);
          show_error (self, message);
        }
      else
        show_error (self, error->message);
      say (self, _("The query did not run."), FALSE);
      return;
    }

  hide_error (self);
  show_result (self, table);

  n_rows = sonde_table_get_n_rows (table);
  n_columns = sonde_table_get_n_columns (table);
  rows = sonde_a11y_format_count (n_rows);
  seconds = g_strdup_printf ("%.2f", (g_get_monotonic_time () - self->started) / (double) G_USEC_PER_SEC);
  {
    g_autofree char *rows_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s row", "%s rows", n_rows), rows);
    g_autofree char *columns_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u column", "%u columns", n_columns),
                                                     n_columns);

    /* Translators: "The query returned 12 rows and 3 columns, in 0.04 s." */
    message = g_strdup_printf (_("The query returned %s and %s, in %s s."), rows_text, columns_text, seconds);
  }
  say (self, message, FALSE);

  /* Orca reads the result's size, then the first cell. */
  gtk_widget_grab_focus (self->grid);
  sonde_data_grid_announce (SONDE_DATA_GRID (self->grid), message);
}

/**
 * sonde_query_pane_run:
 *
 * Runs the SQL in the editor on the open datasets, in a worker thread.
 * Does nothing while a query runs.
 */
void
sonde_query_pane_run (SondeQueryPane *self)
{
  g_autoptr(SondeQuery) query = NULL;
  g_autofree char *sql = NULL;
  guint n;

  g_return_if_fail (SONDE_IS_QUERY_PANE (self));

  if (self->cancellable != NULL)
    return;

  sql = sonde_query_pane_get_sql (self);
  if (strspn (sql, " \t\r\n") == strlen (sql))
    {
      show_error (self, _("The query is empty. Write a SELECT statement in the editor (Alt+S), then run it with Ctrl+Enter."));
      return;
    }

  query = sonde_query_new (sql);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->datasets));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SondeTable) table = g_list_model_get_item (G_LIST_MODEL (self->datasets), i);

      if (sonde_dataset_get_loading_rows (table) > 0)
        {
          g_autofree char *message = NULL;

          /* Translators: %s is a dataset name */
          message = g_strdup_printf (_("“%s” is still being read from the project. Run the query again when its rows are loaded."),
                                     sonde_table_get_name (table));
          show_error (self, message);
          return;
        }
      sonde_query_add_table (query, table);
    }

  hide_error (self);
  set_busy (self, TRUE);
  say (self, _("Running the query…"), FALSE);
  self->cancellable = g_cancellable_new ();
  self->started = g_get_monotonic_time ();
  sonde_query_run_async (query, self->cancellable, run_finished_cb, g_object_ref (self));
}

static void
run_action_cb (GSimpleAction *action,
               GVariant      *param,
               gpointer       user_data)
{
  /* Every pane's Ctrl+Enter is global: only the one showing answers. */
  if (gtk_widget_get_mapped (GTK_WIDGET (user_data)))
    sonde_query_pane_run (SONDE_QUERY_PANE (user_data));
}

static void
cancel_action_cb (GSimpleAction *action,
                  GVariant      *param,
                  gpointer       user_data)
{
  SondeQueryPane *self = SONDE_QUERY_PANE (user_data);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

/* ------------------------------------------------------------------ */
/* Saving a result as a dataset                                         */
/* ------------------------------------------------------------------ */

static gboolean
dataset_name_taken (SondeQueryPane *self,
                    const char     *name)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->datasets));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SondeTable) table = g_list_model_get_item (G_LIST_MODEL (self->datasets), i);

      if (g_strcmp0 (sonde_table_get_name (table), name) == 0)
        return TRUE;
    }

  return FALSE;
}

/**
 * sonde_query_pane_save_result:
 * @name: the new dataset's name
 *
 * Adds the last result to the open datasets under @name.
 *
 * Returns: (transfer full) (nullable): %NULL when done, or why not.
 */
char *
sonde_query_pane_save_result (SondeQueryPane *self,
                              const char     *name)
{
  g_autofree char *rows = NULL;
  g_autofree char *message = NULL;
  g_autofree char *sql = NULL;

  g_return_val_if_fail (SONDE_IS_QUERY_PANE (self), NULL);

  if (self->result == NULL)
    return g_strdup (_("There is no result yet: run a query first."));
  if (name == NULL || name[0] == '\0')
    return g_strdup (_("A dataset needs a name."));
  if (dataset_name_taken (self, name))
    /* Translators: %s is a dataset name */
    return g_strdup_printf (_("A dataset is already called “%s”. Choose another name."), name);

  /* The result becomes the dataset; the next run makes a new table. */
  sonde_table_set_name (self->result, name);
  sql = sonde_query_pane_get_sql (self);
  sonde_table_set_source (self->result, sql);
  g_list_store_append (self->datasets, self->result);

  rows = sonde_a11y_format_count (sonde_table_get_n_rows (self->result));
  /* Translators: %s is a dataset name, then a formatted row count */
  message = g_strdup_printf (_("The result is now the dataset “%s”, with %s rows. It is listed in the Project and Data panes."),
                             name, rows);
  say (self, message, TRUE);

  return NULL;
}

static char *
save_result_func (const char *name,
                  gpointer    user_data)
{
  return sonde_query_pane_save_result (SONDE_QUERY_PANE (user_data), name);
}

static void
save_result_action_cb (GSimpleAction *action,
                       GVariant      *param,
                       gpointer       user_data)
{
  SondeQueryPane *self = SONDE_QUERY_PANE (user_data);
  g_autofree char *name = NULL;

  if (self->result == NULL)
    {
      show_error (self, _("There is no result yet: run a query first, then save its result as a dataset."));
      return;
    }

  name = g_strdup (_("query result"));
  for (guint i = 2; dataset_name_taken (self, name); i++)
    {
      g_free (name);
      /* Translators: a default dataset name, with a number to make it unique */
      name = g_strdup_printf (_("query result %u"), i);
    }

  sonde_rename_dialog_present (GTK_WIDGET (self), _("Save Result as Dataset"),
                               _("The rows the query returned become a dataset of the project, which the other panes can use."),
                               name, save_result_func, g_object_ref (self), g_object_unref);
}

/* ------------------------------------------------------------------ */
/* Saved queries                                                        */
/* ------------------------------------------------------------------ */

static void
remove_clicked_cb (GtkButton      *button,
                   SondeQueryPane *self)
{
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (button), GTK_TYPE_LIST_BOX_ROW);

  if (row != NULL)
    sonde_query_pane_remove_saved_query (self, (guint) gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row)));
}

static gboolean
row_key_pressed_cb (GtkEventControllerKey *controller,
                    guint                  keyval,
                    guint                  keycode,
                    GdkModifierType        state,
                    SondeQueryPane        *self)
{
  GtkWidget *row = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));

  if (keyval != GDK_KEY_Delete && keyval != GDK_KEY_KP_Delete)
    return FALSE;

  sonde_query_pane_remove_saved_query (self, (guint) gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row)));
  return TRUE;
}

static char *
first_line (const char *sql)
{
  g_auto(GStrv) lines = g_strsplit (sql, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_strstrip (lines[i]);
      if (lines[i][0] != '\0')
        return g_strdup (lines[i]);
    }

  return g_strdup ("");
}

static void
rebuild_saved_list (SondeQueryPane *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->saved_list))) != NULL)
    gtk_list_box_remove (self->saved_list, child);

  for (guint i = 0; i < self->saved->len; i++)
    {
      SavedQuery *q = self->saved->pdata[i];
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
      GtkEventController *keys = gtk_event_controller_key_new ();
      g_autofree char *line = first_line (q->sql);
      g_autofree char *remove_label = NULL;
      g_autofree char *row_label = NULL;

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), q->name);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), line);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 1);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);

      gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (remove, "flat");
      gtk_widget_set_tooltip_text (remove, _("Remove"));
      /* Translators: %s is the name of a saved query */
      remove_label = g_strdup_printf (_("Remove the saved query “%s”"), q->name);
      sonde_a11y_set_label (remove, remove_label);
      g_signal_connect (remove, "clicked", G_CALLBACK (remove_clicked_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);

      /* Translators: a saved query's name, then the first line of its SQL */
      row_label = g_strdup_printf (_("%s: %s. Enter puts it in the editor, Delete removes it."), q->name, line);
      sonde_a11y_set_label (row, row_label);
      gtk_accessible_reset_relation (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY);

      g_signal_connect (keys, "key-pressed", G_CALLBACK (row_key_pressed_cb), self);
      gtk_widget_add_controller (row, keys);
      gtk_list_box_append (self->saved_list, row);
    }
  /* Alt+V goes to the first saved query. */
  sonde_a11y_set_list_mnemonic (self->saved_label, self->saved_list);
}

static void
saved_row_activated_cb (GtkListBox     *box,
                        GtkListBoxRow  *row,
                        SondeQueryPane *self)
{
  sonde_query_pane_load_saved_query (self, (guint) gtk_list_box_row_get_index (row));
}

static int
find_saved (SondeQueryPane *self,
            const char     *name)
{
  for (guint i = 0; i < self->saved->len; i++)
    if (g_strcmp0 (((SavedQuery *) self->saved->pdata[i])->name, name) == 0)
      return (int) i;

  return -1;
}

/**
 * sonde_query_pane_save_query:
 * @name: a name; a saved query of that name is replaced
 *
 * Saves the SQL in the editor under @name.
 */
void
sonde_query_pane_save_query (SondeQueryPane *self,
                             const char     *name)
{
  int index;
  SavedQuery *q;

  g_return_if_fail (SONDE_IS_QUERY_PANE (self));
  g_return_if_fail (name != NULL && name[0] != '\0');

  index = find_saved (self, name);
  if (index >= 0)
    q = self->saved->pdata[index];
  else
    {
      q = g_new0 (SavedQuery, 1);
      q->name = g_strdup (name);
      g_ptr_array_add (self->saved, q);
    }
  g_free (q->sql);
  q->sql = sonde_query_pane_get_sql (self);
  g_free (self->loaded_name);
  self->loaded_name = g_strdup (name);

  rebuild_saved_list (self);
  g_signal_emit (self, signals[SAVED_QUERIES_CHANGED], 0);
}

static char *
save_query_func (const char *name,
                 gpointer    user_data)
{
  SondeQueryPane *self = SONDE_QUERY_PANE (user_data);
  g_autofree char *message = NULL;
  gboolean replaced;

  if (name == NULL || name[0] == '\0')
    return g_strdup (_("A saved query needs a name."));

  replaced = find_saved (self, name) >= 0;
  sonde_query_pane_save_query (self, name);
  if (replaced)
    /* Translators: %s is the name of a saved query */
    message = g_strdup_printf (_("The saved query “%s” now holds this SQL."), name);
  else
    message = g_strdup_printf (_("The query is saved as “%s”, in Saved Queries (Alt+V)."), name);
  say (self, message, TRUE);

  return NULL;
}

static void
save_query_action_cb (GSimpleAction *action,
                      GVariant      *param,
                      gpointer       user_data)
{
  SondeQueryPane *self = SONDE_QUERY_PANE (user_data);
  g_autofree char *sql = sonde_query_pane_get_sql (self);
  g_autofree char *name = NULL;

  if (g_strstrip (sql)[0] == '\0')
    {
      show_error (self, _("The editor is empty: write a query first, then save it."));
      return;
    }

  if (self->loaded_name != NULL)
    name = g_strdup (self->loaded_name);
  else
    {
      /* Translators: a default name for a saved query, numbered */
      name = g_strdup_printf (_("Query %u"), self->saved->len + 1);
      for (guint i = self->saved->len + 2; find_saved (self, name) >= 0; i++)
        {
          g_free (name);
          name = g_strdup_printf (_("Query %u"), i);
        }
    }

  sonde_rename_dialog_present (GTK_WIDGET (self), _("Save Query"),
                               _("The query is kept under this name with the project. A saved query of the same name is replaced."),
                               name, save_query_func, g_object_ref (self), g_object_unref);
}

/**
 * sonde_query_pane_get_n_saved_queries:
 *
 * Returns: how many queries are saved.
 */
guint
sonde_query_pane_get_n_saved_queries (SondeQueryPane *self)
{
  g_return_val_if_fail (SONDE_IS_QUERY_PANE (self), 0);

  return self->saved->len;
}

/**
 * sonde_query_pane_get_saved_query_name:
 *
 * Returns: (transfer none): the name of the saved query at @index.
 */
const char *
sonde_query_pane_get_saved_query_name (SondeQueryPane *self,
                                       guint           index)
{
  g_return_val_if_fail (SONDE_IS_QUERY_PANE (self), NULL);
  g_return_val_if_fail (index < self->saved->len, NULL);

  return ((SavedQuery *) self->saved->pdata[index])->name;
}

/**
 * sonde_query_pane_get_saved_query_sql:
 *
 * Returns: (transfer none): the SQL of the saved query at @index.
 */
const char *
sonde_query_pane_get_saved_query_sql (SondeQueryPane *self,
                                      guint           index)
{
  g_return_val_if_fail (SONDE_IS_QUERY_PANE (self), NULL);
  g_return_val_if_fail (index < self->saved->len, NULL);

  return ((SavedQuery *) self->saved->pdata[index])->sql;
}

/**
 * sonde_query_pane_load_saved_query:
 *
 * Puts the saved query at @index in the editor and focuses the editor.
 */
void
sonde_query_pane_load_saved_query (SondeQueryPane *self,
                                   guint           index)
{
  SavedQuery *q;
  g_autofree char *message = NULL;

  g_return_if_fail (SONDE_IS_QUERY_PANE (self));
  g_return_if_fail (index < self->saved->len);

  q = self->saved->pdata[index];
  sonde_query_pane_set_sql (self, q->sql);
  g_free (self->loaded_name);
  self->loaded_name = g_strdup (q->name);

  /* Translators: %s is the name of a saved query */
  message = g_strdup_printf (_("The saved query “%s” is in the editor. Ctrl+Enter runs it."), q->name);
  say (self, message, FALSE);
  hide_error (self);
  gtk_widget_grab_focus (self->editor);
}

/**
 * sonde_query_pane_remove_saved_query:
 *
 * Forgets the saved query at @index; the focus goes to the next one, or
 * the list's label says there is none left.
 */
void
sonde_query_pane_remove_saved_query (SondeQueryPane *self,
                                     guint           index)
{
  g_autofree char *message = NULL;
  GtkListBoxRow *row;

  g_return_if_fail (SONDE_IS_QUERY_PANE (self));
  g_return_if_fail (index < self->saved->len);

  /* Translators: %s is the name of a saved query */
  message = g_strdup_printf (_("Removed the saved query “%s”."),
                             ((SavedQuery *) self->saved->pdata[index])->name);
  g_ptr_array_remove_index (self->saved, index);
  rebuild_saved_list (self);
  g_signal_emit (self, signals[SAVED_QUERIES_CHANGED], 0);

  row = gtk_list_box_get_row_at_index (self->saved_list, (int) MIN (index, self->saved->len - 1));
  if (self->saved->len > 0 && row != NULL)
    {
      say (self, message, FALSE);
      gtk_widget_grab_focus (GTK_WIDGET (row));
    }
  else
    say (self, message, TRUE);
}

/**
 * sonde_query_pane_set_saved_queries:
 * @names: (array zero-terminated=1): names
 * @sqls: (array zero-terminated=1): the SQL of each, as many as @names
 *
 * Replaces the saved queries, as when a project opens. Does not emit
 * "saved-queries-changed".
 */
void
sonde_query_pane_set_saved_queries (SondeQueryPane     *self,
                                    const char * const *names,
                                    const char * const *sqls)
{
  g_return_if_fail (SONDE_IS_QUERY_PANE (self));

  g_ptr_array_set_size (self->saved, 0);
  for (guint i = 0; names != NULL && sqls != NULL && names[i] != NULL && sqls[i] != NULL; i++)
    {
      SavedQuery *q = g_new0 (SavedQuery, 1);

      q->name = g_strdup (names[i]);
      q->sql = g_strdup (sqls[i]);
      g_ptr_array_add (self->saved, q);
    }
  g_clear_pointer (&self->loaded_name, g_free);
  rebuild_saved_list (self);
}

/* ------------------------------------------------------------------ */
/* Editor                                                               */
/* ------------------------------------------------------------------ */

/* GTK 4.8 to 4.10 crash when a screen reader asks for the attributes of
 * text under a tag that sets a foreground colour (they read the
 * write-only "foreground" property): Orca does as soon as the editor has
 * the focus. There, the highlighting comes from Sonde's own schemes,
 * which use weight, slant, underline and background tints only. */
static gboolean
text_colours_are_safe (void)
{
  return gtk_get_major_version () > 4 || gtk_get_minor_version () >= 12;
}

/* GtkSourceView 5.6 lists schemes in resources but cannot read them:
 * Sonde's are copied from its resources to the user's cache folder once
 * per run, and that folder is searched. */
static void
add_safe_schemes (void)
{
  static gsize added = 0;
  static const char *names[] = { "sonde-sql.xml", "sonde-sql-dark.xml" };

  if (text_colours_are_safe () || !g_once_init_enter (&added))
    return;

  {
    g_autofree char *dir = g_build_filename (g_get_user_cache_dir (), "sonde", "styles", NULL);
    gboolean ok = g_mkdir_with_parents (dir, 0700) == 0;

    for (guint i = 0; ok && i < G_N_ELEMENTS (names); i++)
      {
        g_autofree char *resource = g_strconcat ("/io/github/sonde/Sonde/styles/", names[i], NULL);
        g_autofree char *path = g_build_filename (dir, names[i], NULL);
        g_autoptr(GBytes) bytes = g_resources_lookup_data (resource, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
        g_autoptr(GError) error = NULL;

        ok = bytes != NULL
             && g_file_set_contents (path, g_bytes_get_data (bytes, NULL), (gssize) g_bytes_get_size (bytes), &error);
        if (error != NULL)
          g_warning ("The SQL editor's colours cannot be prepared in %s: %s", dir, error->message);
      }
    if (ok)
      gtk_source_style_scheme_manager_append_search_path (gtk_source_style_scheme_manager_get_default (), dir);
  }

  g_once_init_leave (&added, 1);
}

static void
update_style_scheme (SondeQueryPane *self)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();
  GtkSourceStyleSchemeManager *schemes = gtk_source_style_scheme_manager_get_default ();
  gboolean dark = adw_style_manager_get_dark (manager);
  GtkSourceStyleScheme *scheme;
  const char *id;

  if (!text_colours_are_safe ())
    id = dark ? "sonde-sql-dark" : "sonde-sql";
  else if (adw_style_manager_get_high_contrast (manager))
    id = dark ? "classic-dark" : "classic";
  else
    id = dark ? "Adwaita-dark" : "Adwaita";

  scheme = gtk_source_style_scheme_manager_get_scheme (schemes, id);
  g_debug ("SQL editor style scheme %s: %s", id, scheme != NULL ? "found" : "missing");
  if (scheme != NULL)
    gtk_source_buffer_set_style_scheme (self->buffer, scheme);
  /* Without a safe scheme, no highlighting rather than a crash. */
  gtk_source_buffer_set_highlight_syntax (self->buffer, scheme != NULL || text_colours_are_safe ());
}

/* Ctrl+Enter must run the query even though the text view would take
 * Enter for itself: caught before it does. */
static gboolean
editor_key_pressed_cb (GtkEventControllerKey *controller,
                       guint                  keyval,
                       guint                  keycode,
                       GdkModifierType        state,
                       SondeQueryPane        *self)
{
  if ((keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter)
      && (state & GDK_CONTROL_MASK) != 0)
    {
      sonde_query_pane_run (self);
      return TRUE;
    }

  return FALSE;
}

static void
create_editor (SondeQueryPane *self)
{
  GtkSourceLanguageManager *languages = gtk_source_language_manager_get_default ();
  GtkSourceLanguage *sql = gtk_source_language_manager_get_language (languages, "sql");
  GtkEventController *keys;

  self->buffer = gtk_source_buffer_new_with_language (sql);
  gtk_source_buffer_set_highlight_syntax (self->buffer, sql != NULL);
  gtk_source_buffer_set_highlight_matching_brackets (self->buffer, TRUE);

  self->editor = gtk_source_view_new_with_buffer (self->buffer);
  gtk_text_view_set_monospace (GTK_TEXT_VIEW (self->editor), TRUE);
  gtk_text_view_set_accepts_tab (GTK_TEXT_VIEW (self->editor), FALSE);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (self->editor), 6);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (self->editor), 6);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (self->editor), 6);
  gtk_source_view_set_show_line_numbers (GTK_SOURCE_VIEW (self->editor), TRUE);
  gtk_source_view_set_highlight_current_line (GTK_SOURCE_VIEW (self->editor), TRUE);
  gtk_source_view_set_auto_indent (GTK_SOURCE_VIEW (self->editor), TRUE);
  gtk_source_view_set_insert_spaces_instead_of_tabs (GTK_SOURCE_VIEW (self->editor), TRUE);
  gtk_source_view_set_tab_width (GTK_SOURCE_VIEW (self->editor), 2);
  gtk_scrolled_window_set_child (self->editor_scroller, self->editor);

  sonde_a11y_set_label (self->editor, _("SQL query"));
  sonde_a11y_set_description (self->editor, _("Ctrl+Enter runs the query. Tab leaves the editor."));
  gtk_label_set_mnemonic_widget (self->sql_label, self->editor);
  /* set_label above dropped LABELLED_BY; the mnemonic label re-added it. */
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (self->editor), GTK_ACCESSIBLE_RELATION_LABELLED_BY);

  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (editor_key_pressed_cb), self);
  gtk_widget_add_controller (self->editor, keys);

  update_style_scheme (self);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (update_style_scheme), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::high-contrast",
                           G_CALLBACK (update_style_scheme), self, G_CONNECT_SWAPPED);
}

/**
 * sonde_query_pane_get_sql:
 *
 * Returns: (transfer full): the text of the editor.
 */
char *
sonde_query_pane_get_sql (SondeQueryPane *self)
{
  GtkTextIter start, end;

  g_return_val_if_fail (SONDE_IS_QUERY_PANE (self), NULL);

  gtk_text_buffer_get_bounds (GTK_TEXT_BUFFER (self->buffer), &start, &end);

  return gtk_text_buffer_get_text (GTK_TEXT_BUFFER (self->buffer), &start, &end, FALSE);
}

/**
 * sonde_query_pane_set_sql:
 *
 * Replaces the text of the editor (undoable) and puts the cursor at its start.
 */
void
sonde_query_pane_set_sql (SondeQueryPane *self,
                          const char     *sql)
{
  GtkTextIter start, end;

  g_return_if_fail (SONDE_IS_QUERY_PANE (self));

  /* Delete and insert rather than set_text, which GTK makes irreversible:
   * loading a saved query can be undone with Ctrl+Z. */
  gtk_text_buffer_begin_user_action (GTK_TEXT_BUFFER (self->buffer));
  gtk_text_buffer_get_bounds (GTK_TEXT_BUFFER (self->buffer), &start, &end);
  gtk_text_buffer_delete (GTK_TEXT_BUFFER (self->buffer), &start, &end);
  gtk_text_buffer_insert (GTK_TEXT_BUFFER (self->buffer), &start, sql != NULL ? sql : "", -1);
  gtk_text_buffer_end_user_action (GTK_TEXT_BUFFER (self->buffer));
  gtk_text_buffer_get_start_iter (GTK_TEXT_BUFFER (self->buffer), &start);
  gtk_text_buffer_place_cursor (GTK_TEXT_BUFFER (self->buffer), &start);
}

/**
 * sonde_query_pane_is_busy:
 *
 * Returns: whether a query is running.
 */
gboolean
sonde_query_pane_is_busy (SondeQueryPane *self)
{
  g_return_val_if_fail (SONDE_IS_QUERY_PANE (self), FALSE);

  return self->cancellable != NULL;
}

/**
 * sonde_query_pane_get_result:
 *
 * Returns: (transfer none) (nullable): the last result.
 */
SondeTable *
sonde_query_pane_get_result (SondeQueryPane *self)
{
  g_return_val_if_fail (SONDE_IS_QUERY_PANE (self), NULL);

  return self->result;
}

/**
 * sonde_query_pane_get_editor:
 *
 * Returns: (transfer none): the SQL editor, a #GtkSourceView.
 */
GtkWidget *
sonde_query_pane_get_editor (SondeQueryPane *self)
{
  g_return_val_if_fail (SONDE_IS_QUERY_PANE (self), NULL);

  return self->editor;
}

/**
 * sonde_query_pane_get_grid:
 *
 * Returns: (transfer none): the #SondeDataGrid showing the result.
 */
GtkWidget *
sonde_query_pane_get_grid (SondeQueryPane *self)
{
  g_return_val_if_fail (SONDE_IS_QUERY_PANE (self), NULL);

  return self->grid;
}

/* ------------------------------------------------------------------ */
/* GObject                                                              */
/* ------------------------------------------------------------------ */

static const GActionEntry pane_entries[] = {
  { "run", run_action_cb },
  { "cancel", cancel_action_cb },
  { "save-query", save_query_action_cb },
  { "save-result", save_result_action_cb },
};

static void
sonde_query_pane_constructed (GObject *object)
{
  SondeQueryPane *self = SONDE_QUERY_PANE (object);

  G_OBJECT_CLASS (sonde_query_pane_parent_class)->constructed (object);

  g_signal_connect_object (self->datasets, "items-changed",
                           G_CALLBACK (update_tables), self, G_CONNECT_SWAPPED);
  update_tables (self);
}

static void
sonde_query_pane_dispose (GObject *object)
{
  SondeQueryPane *self = SONDE_QUERY_PANE (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (sonde_query_pane_parent_class)->dispose (object);
}

static void
sonde_query_pane_finalize (GObject *object)
{
  SondeQueryPane *self = SONDE_QUERY_PANE (object);

  g_clear_object (&self->datasets);
  g_clear_object (&self->actions);
  g_clear_object (&self->result);
  g_clear_object (&self->buffer);
  g_clear_pointer (&self->saved, g_ptr_array_unref);
  g_clear_pointer (&self->loaded_name, g_free);

  G_OBJECT_CLASS (sonde_query_pane_parent_class)->finalize (object);
}

static void
sonde_query_pane_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  SondeQueryPane *self = SONDE_QUERY_PANE (object);

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
sonde_query_pane_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  SondeQueryPane *self = SONDE_QUERY_PANE (object);

  switch (prop_id)
    {
    case PROP_DATASETS:
      g_value_set_object (value, self->datasets);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sonde_query_pane_class_init (SondeQueryPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = sonde_query_pane_constructed;
  object_class->dispose = sonde_query_pane_dispose;
  object_class->finalize = sonde_query_pane_finalize;
  object_class->set_property = sonde_query_pane_set_property;
  object_class->get_property = sonde_query_pane_get_property;

  properties[PROP_DATASETS] =
    g_param_spec_object ("datasets", NULL, NULL,
                         G_TYPE_LIST_STORE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SondeQueryPane::saved-queries-changed:
   *
   * A query was saved, replaced or removed.
   */
  signals[SAVED_QUERIES_CHANGED] =
    g_signal_new ("saved-queries-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/sonde/Sonde/sonde-query-pane.ui");
  gtk_widget_class_bind_template_child (widget_class, SondeQueryPane, sql_label);
  gtk_widget_class_bind_template_child (widget_class, SondeQueryPane, editor_scroller);
  gtk_widget_class_bind_template_child (widget_class, SondeQueryPane, tables_label);
  gtk_widget_class_bind_template_child (widget_class, SondeQueryPane, error_label);
  gtk_widget_class_bind_template_child (widget_class, SondeQueryPane, run_button);
  gtk_widget_class_bind_template_child (widget_class, SondeQueryPane, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, SondeQueryPane, spinner);
  gtk_widget_class_bind_template_child (widget_class, SondeQueryPane, saved_label);
  gtk_widget_class_bind_template_child (widget_class, SondeQueryPane, saved_list);
  gtk_widget_class_bind_template_child (widget_class, SondeQueryPane, result_label);
  gtk_widget_class_bind_template_child (widget_class, SondeQueryPane, status_label);
  gtk_widget_class_bind_template_child (widget_class, SondeQueryPane, result_frame);
}

static void
sonde_query_pane_init (SondeQueryPane *self)
{
  GtkWidget *placeholder;

  gtk_source_init ();
  add_safe_schemes ();
  self->saved = g_ptr_array_new_with_free_func (saved_query_free);

  gtk_widget_init_template (GTK_WIDGET (self));
  sonde_a11y_fix_mnemonic_names (GTK_WIDGET (self));

  create_editor (self);

  self->grid = sonde_data_grid_new ();
  gtk_widget_set_vexpand (self->grid, TRUE);
  gtk_frame_set_child (self->result_frame, self->grid);
  gtk_label_set_mnemonic_widget (self->result_label, self->grid);

  placeholder = gtk_label_new (_("No saved queries yet. Save Query (Alt+Q) keeps the one in the editor."));
  gtk_label_set_wrap (GTK_LABEL (placeholder), TRUE);
  gtk_widget_set_margin_start (placeholder, 12);
  gtk_widget_set_margin_end (placeholder, 12);
  gtk_widget_set_margin_top (placeholder, 12);
  gtk_widget_set_margin_bottom (placeholder, 12);
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_list_box_set_placeholder (self->saved_list, placeholder);
  g_signal_connect (self->saved_list, "row-activated", G_CALLBACK (saved_row_activated_cb), self);

  gtk_label_set_text (self->status_label, _("No query run yet."));

  self->actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self->actions), pane_entries,
                                   G_N_ELEMENTS (pane_entries), self);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "query", G_ACTION_GROUP (self->actions));

  sonde_pane_add_run_shortcut (GTK_WIDGET (self), "query.run");
}

/**
 * sonde_query_pane_new:
 * @datasets: the window's list of open #SondeTable
 *
 * Returns: (transfer full): a new Query pane.
 */
SondeQueryPane *
sonde_query_pane_new (GListStore *datasets)
{
  g_return_val_if_fail (G_IS_LIST_STORE (datasets), NULL);

  return g_object_new (SONDE_TYPE_QUERY_PANE,
                       "datasets", datasets,
                       NULL);
}
