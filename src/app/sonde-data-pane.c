/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sonde"

/* The Data pane: one open dataset in a SondeDataGrid, with the tools to
 * look through it: choose the dataset, sort by a column, keep the rows
 * that meet a condition, find a value, and a column menu (sort, filter,
 * type, role, rename, describe) that the Menu key opens on the cursor's
 * column.
 *
 * Each dataset keeps its own view (filter, sort, cursor, and the rows
 * shown) while another one is displayed, attached to the table itself.
 * Sorting and filtering ten million rows takes a moment, so both run in a
 * worker thread with Cancel; the grid keeps showing the previous rows in
 * the meantime.
 *
 * What Orca says: the grid speaks each cursor move itself. Results of the
 * pane's commands ("Sorted by age, ascending", "Filter applied: 1 204 of
 * 50 000 rows") are announced through the grid, which gets the focus back
 * when they complete: on GTK 4.8 the label of the focused widget is the
 * one channel Orca 43 reliably speaks (BRIEF.md).
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sonde-a11y.h"
#include "sonde-dataset.h"
#include "sonde-data-pane.h"
#include "sonde-rename-dialog.h"

typedef struct
{
  SondeRowFilter *filter;
  int             sort_column;
  SondeSortOrder  sort_order;
  SondeSelection *shown;
  guint           cursor_row;
  guint           cursor_column;
  char           *subset;   /* what the rows shown are, when another pane chose them */
} ViewState;

struct _SondeDataPane
{
  AdwBin              parent_instance;

  GListStore         *datasets;
  SondeTable         *table;
  GCancellable       *cancellable;
  GSimpleActionGroup *actions;
  GtkWidget          *column_menu;
  char               *find_text;

  /* Template widgets */
  GtkStack           *view_stack;
  GtkDropDown        *dataset_dropdown;
  GtkSearchBar       *search_bar;
  GtkSearchEntry     *find_entry;
  GtkDropDown        *find_scope;
  GtkWidget          *find_previous_button;
  GtkWidget          *find_next_button;
  GtkRevealer        *filter_revealer;
  GtkDropDown        *filter_column;
  GtkDropDown        *filter_operator;
  GtkEntry           *filter_value;
  GtkLabel           *filter_error;
  SondeDataGrid      *grid;
  GtkSpinner         *busy_spinner;
  GtkLabel           *status_label;
  GtkWidget          *cancel_button;
};

G_DEFINE_FINAL_TYPE (SondeDataPane, sonde_data_pane, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_DATASETS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  DATASET_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

#define VIEW_STATE_KEY "sonde-data-pane-view"

static void
view_state_free (gpointer data)
{
  ViewState *state = data;

  g_clear_pointer (&state->filter, sonde_row_filter_unref);
  g_clear_object (&state->shown);
  g_free (state->subset);
  g_free (state);
}

static ViewState *
get_view_state (SondeTable *table)
{
  ViewState *state = g_object_get_data (G_OBJECT (table), VIEW_STATE_KEY);

  if (state == NULL)
    {
      state = g_new0 (ViewState, 1);
      state->sort_column = -1;
      state->shown = sonde_selection_new_all (table);
      g_object_set_data_full (G_OBJECT (table), VIEW_STATE_KEY, state, view_state_free);
    }

  return state;
}

/**
 * sonde_data_pane_new:
 * @datasets: the window's list of open #SondeTable
 *
 * Returns: (transfer full): a new Data pane showing one of @datasets.
 */
SondeDataPane *
sonde_data_pane_new (GListStore *datasets)
{
  g_return_val_if_fail (G_IS_LIST_STORE (datasets), NULL);

  return g_object_new (SONDE_TYPE_DATA_PANE,
                       "datasets", datasets,
                       NULL);
}

/**
 * sonde_data_pane_get_grid:
 * @self: a #SondeDataPane
 *
 * Returns: (transfer none): the pane's grid.
 */
SondeDataGrid *
sonde_data_pane_get_grid (SondeDataPane *self)
{
  g_return_val_if_fail (SONDE_IS_DATA_PANE (self), NULL);

  return self->grid;
}

/**
 * sonde_data_pane_get_table:
 * @self: a #SondeDataPane
 *
 * Returns: (transfer none) (nullable): the dataset shown.
 */
SondeTable *
sonde_data_pane_get_table (SondeDataPane *self)
{
  g_return_val_if_fail (SONDE_IS_DATA_PANE (self), NULL);

  return self->table;
}

/**
 * sonde_data_pane_is_busy:
 * @self: a #SondeDataPane
 *
 * Returns: whether a sort, filter, search or change of type is running.
 */
gboolean
sonde_data_pane_is_busy (SondeDataPane *self)
{
  g_return_val_if_fail (SONDE_IS_DATA_PANE (self), FALSE);

  return self->cancellable != NULL;
}

/* Status and announcements ---------------------------------------------- */

static char *
describe_view (SondeDataPane *self)
{
  ViewState *state = get_view_state (self->table);
  guint64 total = sonde_table_get_n_rows (self->table);
  guint64 shown = sonde_selection_get_n_rows (state->shown);
  g_autofree char *total_text = sonde_a11y_format_count (total);
  g_autofree char *shown_text = sonde_a11y_format_count (shown);
  g_autoptr(GString) text = g_string_new (NULL);

  if (state->subset != NULL)
    /* Translators: "12 of 600 rows: rows with no value in “age”" */
    g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%s of %s row: %s", "%s of %s rows: %s", total),
                            shown_text, total_text, state->subset);
  else if (state->filter != NULL)
    {
      g_autofree char *condition = sonde_row_filter_describe (state->filter);

      /* Translators: "1 204 of 50 000 rows where age is greater than 30" */
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE,
                                                 "%s of %s row where %s",
                                                 "%s of %s rows where %s", total),
                              shown_text, total_text, condition);
    }
  else if (sonde_dataset_get_loading_rows (self->table) > 0)
    {
      guint all = sonde_dataset_get_loading_rows (self->table);
      g_autofree char *all_text = sonde_a11y_format_count (all);

      /* Translators: "The first 1 000 of 10 000 000 rows; the rest is being read" */
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE,
                                                 "The first %s of %s row; the rest is being read",
                                                 "The first %s of %s rows; the rest is being read", all),
                              total_text, all_text);
    }
  else
    g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%s row", "%s rows", total), total_text);

  if (state->sort_column >= 0)
    {
      const char *name = sonde_column_get_name (sonde_table_get_column (self->table, state->sort_column));

      g_string_append (text, ", ");
      if (state->sort_order == SONDE_SORT_DESCENDING)
        g_string_append_printf (text, _("sorted by %s, descending"), name);
      else
        g_string_append_printf (text, _("sorted by %s, ascending"), name);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
update_status (SondeDataPane *self)
{
  g_autofree char *text = NULL;

  if (self->table == NULL)
    return;

  text = describe_view (self);
  gtk_label_set_text (self->status_label, text);
}

/* Gives the focus back to the grid and has Orca read @message there. */
static void
announce (SondeDataPane *self,
          const char    *message)
{
  /* If the grid has the focus, the new label is spoken; if not, it is
   * spoken by the focus event that follows. */
  sonde_data_grid_announce (self->grid, message);
  gtk_widget_grab_focus (GTK_WIDGET (self->grid));
}

static void
report_error (SondeDataPane *self,
              const char    *message)
{
  /* The error bar of the window takes the focus, so Orca reads it. */
  GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (self), GTK_TYPE_WINDOW);

  if (window != NULL && gtk_widget_activate_action (window, "win.show-error", "s", message))
    return;

  announce (self, message);
}

static void
set_busy (SondeDataPane *self,
          const char    *what)
{
  gboolean busy = what != NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->busy_spinner), busy);
  gtk_spinner_set_spinning (self->busy_spinner, busy);
  gtk_widget_set_visible (self->cancel_button, busy);
  if (busy)
    gtk_label_set_text (self->status_label, what);
  else
    update_status (self);
}

static void
cancel_running (SondeDataPane *self)
{
  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
    }
  set_busy (self, NULL);
}

/* Showing rows: filter then sort, in a worker ---------------------------- */

typedef struct
{
  SondeTable     *table;
  SondeRowFilter *filter;
  int             sort_column;
  SondeSortOrder  sort_order;
  char           *message;
} RowsJob;

static void
rows_job_free (gpointer data)
{
  RowsJob *job = data;

  g_clear_object (&job->table);
  g_clear_pointer (&job->filter, sonde_row_filter_unref);
  g_free (job->message);
  g_free (job);
}

static void
rows_job_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  RowsJob *job = task_data;
  g_autoptr(SondeSelection) all = sonde_selection_new_all (job->table);
  g_autoptr(SondeSelection) rows = NULL;
  g_autoptr(GError) error = NULL;

  if (job->filter != NULL)
    rows = sonde_row_filter_apply (job->filter, all);
  else
    rows = g_object_ref (all);

  if (g_task_return_error_if_cancelled (task))
    return;

  if (job->sort_column >= 0 && job->sort_order != SONDE_SORT_NONE)
    {
      /* Sorting reorders in place: work on a copy, so that the selection
       * the grid shows is never touched from this thread. */
      guint n;
      const guint32 *ids = sonde_selection_get_rows (rows, &n);
      g_autoptr(SondeSelection) sorted = sonde_selection_new_from_rows (job->table, ids, n);

      if (!sonde_selection_sort (sorted,
                                 sonde_table_get_column (job->table, job->sort_column),
                                 job->sort_order == SONDE_SORT_DESCENDING, &error))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      g_set_object (&rows, sorted);
    }

  if (g_task_return_error_if_cancelled (task))
    return;

  g_task_return_pointer (task, g_steal_pointer (&rows), g_object_unref);
}

static void
rows_job_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  SondeDataPane *self = SONDE_DATA_PANE (source);
  RowsJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(SondeSelection) rows = NULL;
  g_autoptr(GError) error = NULL;
  ViewState *state;
  g_autofree char *view = NULL;
  g_autofree char *message = NULL;

  rows = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->cancellable);
  set_busy (self, NULL);

  if (rows == NULL)
    {
      report_error (self, error->message);
      return;
    }

  state = get_view_state (job->table);
  g_clear_pointer (&state->filter, sonde_row_filter_unref);
  state->filter = job->filter != NULL ? sonde_row_filter_ref (job->filter) : NULL;
  state->sort_column = job->sort_order == SONDE_SORT_NONE ? -1 : job->sort_column;
  state->sort_order = job->sort_order;
  g_set_object (&state->shown, rows);
  g_clear_pointer (&state->subset, g_free);
  state->cursor_row = 0;

  if (job->table != self->table)
    return;

  sonde_data_grid_set_selection (self->grid, rows);
  sonde_data_grid_set_sort (self->grid, state->sort_column, state->sort_order);
  sonde_data_grid_set_cursor (self->grid, 0, sonde_data_grid_get_cursor_column (self->grid));
  update_status (self);

  view = describe_view (self);
  /* Translators: what was just done, then the rows now shown:
   * "Sorted by age. 50 000 rows, sorted by age, ascending" */
  message = g_strdup_printf (_("%s. %s."), job->message, view);
  announce (self, message);
}

static void
show_rows (SondeDataPane  *self,
           SondeRowFilter *filter,
           int             sort_column,
           SondeSortOrder  sort_order,
           const char     *message,
           const char     *busy_text)
{
  g_autoptr(GTask) task = NULL;
  RowsJob *job;

  g_return_if_fail (self->table != NULL);

  cancel_running (self);
  self->cancellable = g_cancellable_new ();

  job = g_new0 (RowsJob, 1);
  job->table = g_object_ref (self->table);
  job->filter = filter != NULL ? sonde_row_filter_ref (filter) : NULL;
  job->sort_column = sort_column;
  job->sort_order = sort_column >= 0 ? sort_order : SONDE_SORT_NONE;
  job->message = g_strdup (message);

  task = g_task_new (self, self->cancellable, rows_job_done_cb, NULL);
  g_task_set_source_tag (task, show_rows);
  g_task_set_task_data (task, job, rows_job_free);
  g_task_run_in_thread (task, rows_job_thread);

  set_busy (self, busy_text);
}

/**
 * sonde_data_pane_show_rows:
 * @table: a dataset of the window
 * @rows: the rows of @table to show, in their order
 * @what: what they are, already translated ("rows with no value in
 *   “age”"), said and shown in the status line
 *
 * Shows only @rows of @table, as the Quality pane asks for a finding;
 * sorting, filtering or Clear Filter show the whole dataset again. The
 * grid takes the focus and says how many rows these are.
 */
void
sonde_data_pane_show_rows (SondeDataPane  *self,
                           SondeTable     *table,
                           SondeSelection *rows,
                           const char     *what)
{
  ViewState *state;
  g_autofree char *view = NULL;
  g_autofree char *message = NULL;

  g_return_if_fail (SONDE_IS_DATA_PANE (self));
  g_return_if_fail (SONDE_IS_TABLE (table));
  g_return_if_fail (SONDE_IS_SELECTION (rows));

  sonde_data_pane_show_table (self, table);
  cancel_running (self);
  state = get_view_state (table);
  g_clear_pointer (&state->filter, sonde_row_filter_unref);
  state->sort_column = -1;
  state->sort_order = SONDE_SORT_NONE;
  g_set_object (&state->shown, rows);
  g_free (state->subset);
  state->subset = g_strdup (what);
  /* A sentence: its full stop would double the one after it. */
  if (g_str_has_suffix (state->subset, "."))
    state->subset[strlen (state->subset) - 1] = '\0';
  state->cursor_row = 0;

  sonde_data_grid_set_selection (self->grid, rows);
  sonde_data_grid_set_sort (self->grid, -1, SONDE_SORT_NONE);
  sonde_data_grid_set_cursor (self->grid, 0, 0);
  update_status (self);

  view = describe_view (self);
  /* Translators: the rows now shown, then how to see them all again */
  message = g_strdup_printf (_("%s. Clear Filter (Ctrl+Shift+F) shows every row again."), view);
  announce (self, message);
}

static void
sort_by (SondeDataPane  *self,
         guint           column,
         SondeSortOrder  order)
{
  ViewState *state = get_view_state (self->table);
  const char *name = sonde_column_get_name (sonde_table_get_column (self->table, column));
  g_autofree char *message = NULL;
  g_autofree char *busy = NULL;

  if (order == SONDE_SORT_NONE)
    message = g_strdup (_("Rows in their original order"));
  else if (order == SONDE_SORT_DESCENDING)
    message = g_strdup_printf (_("Sorted by %s, largest first"), name);
  else
    message = g_strdup_printf (_("Sorted by %s, smallest first"), name);
  busy = g_strdup_printf (_("Sorting by %s…"), name);

  show_rows (self, state->filter, order == SONDE_SORT_NONE ? -1 : (int) column, order, message, busy);
}

/* Showing a dataset ------------------------------------------------------ */

static GListModel *
create_column_names (SondeTable *table)
{
  GtkStringList *names = gtk_string_list_new (NULL);

  for (guint i = 0; i < sonde_table_get_n_columns (table); i++)
    gtk_string_list_append (names, sonde_column_get_name (sonde_table_get_column (table, i)));

  return G_LIST_MODEL (names);
}

static void
save_cursor (SondeDataPane *self)
{
  ViewState *state;

  if (self->table == NULL)
    return;

  state = get_view_state (self->table);
  state->cursor_row = sonde_data_grid_get_cursor_row (self->grid);
  state->cursor_column = sonde_data_grid_get_cursor_column (self->grid);
}

static void
refresh_filter_columns (SondeDataPane *self)
{
  g_autoptr(GListModel) names = NULL;

  if (self->table == NULL)
    return;

  names = create_column_names (self->table);
  gtk_drop_down_set_model (self->filter_column, names);
}

/**
 * sonde_data_pane_show_table:
 * @self: a #SondeDataPane
 * @table: (nullable): one of the open datasets, or %NULL
 *
 * Shows @table in the grid, with the filter, sort and cursor it had the
 * last time it was shown.
 */
void
sonde_data_pane_show_table (SondeDataPane *self,
                            SondeTable    *table)
{
  ViewState *state;
  guint position;

  g_return_if_fail (SONDE_IS_DATA_PANE (self));
  g_return_if_fail (table == NULL || SONDE_IS_TABLE (table));

  if (table == self->table)
    return;

  cancel_running (self);
  save_cursor (self);
  g_set_object (&self->table, table);

  if (table == NULL)
    {
      sonde_data_grid_set_selection (self->grid, NULL);
      gtk_stack_set_visible_child_name (self->view_stack, "empty");
      return;
    }

  if (g_list_store_find (self->datasets, table, &position)
      && gtk_drop_down_get_selected (self->dataset_dropdown) != position)
    gtk_drop_down_set_selected (self->dataset_dropdown, position);

  state = get_view_state (table);
  sonde_data_grid_set_selection (self->grid, state->shown);
  sonde_data_grid_set_sort (self->grid, state->sort_column, state->sort_order);
  sonde_data_grid_set_cursor (self->grid, state->cursor_row, state->cursor_column);
  refresh_filter_columns (self);
  update_status (self);
  gtk_stack_set_visible_child_name (self->view_stack, "data");
}

static void
dataset_selected_cb (SondeDataPane *self)
{
  guint position = gtk_drop_down_get_selected (self->dataset_dropdown);
  g_autoptr(SondeTable) table = NULL;

  if (position == GTK_INVALID_LIST_POSITION)
    return;

  table = g_list_model_get_item (G_LIST_MODEL (self->datasets), position);
  sonde_data_pane_show_table (self, table);
}

static void
datasets_changed_cb (GListModel    *model,
                     guint          position,
                     guint          removed,
                     guint          added,
                     SondeDataPane *self)
{
  guint n = g_list_model_get_n_items (model);
  guint current;

  if (self->table != NULL && g_list_store_find (self->datasets, self->table, &current))
    return;

  /* The shown dataset was closed: show a neighbour, or nothing. */
  if (n == 0)
    sonde_data_pane_show_table (self, NULL);
  else
    {
      g_autoptr(SondeTable) next = g_list_model_get_item (model, MIN (position, n - 1));
      sonde_data_pane_show_table (self, next);
    }
}

/* Column menu ----------------------------------------------------------- */

static guint
current_column (SondeDataPane *self)
{
  return sonde_data_grid_get_cursor_column (self->grid);
}

static SondeColumn *
current_column_object (SondeDataPane *self)
{
  if (self->table == NULL || sonde_table_get_n_columns (self->table) == 0)
    return NULL;

  return sonde_table_get_column (self->table, current_column (self));
}

static void
sync_column_actions (SondeDataPane *self)
{
  SondeColumn *column = current_column_object (self);
  GAction *type_action = g_action_map_lookup_action (G_ACTION_MAP (self->actions), "column-type");
  GAction *role_action = g_action_map_lookup_action (G_ACTION_MAP (self->actions), "column-role");
  GEnumClass *roles;

  if (column == NULL)
    return;

  g_simple_action_set_state (G_SIMPLE_ACTION (type_action),
                             g_variant_new_string (sonde_column_type_to_string (sonde_column_get_column_type (column))));
  roles = g_type_class_ref (SONDE_TYPE_COLUMN_ROLE);
  g_simple_action_set_state (G_SIMPLE_ACTION (role_action),
                             g_variant_new_string (g_enum_get_value (roles, sonde_column_get_role (column))->value_nick));
  g_type_class_unref (roles);
}

static GMenuModel *
build_column_menu (SondeDataPane *self)
{
  SondeColumn *column = current_column_object (self);
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) sort = g_menu_new ();
  g_autoptr(GMenu) edit = g_menu_new ();
  g_autoptr(GMenu) types = g_menu_new ();
  g_autoptr(GMenu) roles = g_menu_new ();
  g_autoptr(GMenu) info = g_menu_new ();
  g_autofree char *types_label = NULL;
  g_autofree char *roles_label = NULL;
  GEnumClass *role_class;

  g_menu_append (sort, _("Sort _Ascending"), "data.sort::ascending");
  g_menu_append (sort, _("Sort _Descending"), "data.sort::descending");
  g_menu_append (sort, _("_Original Order"), "data.sort::none");
  g_menu_append (sort, _("_Filter on This Column…"), "data.filter");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (sort));

  for (guint t = 0; t < SONDE_COLUMN_N_TYPES; t++)
    {
      g_autofree char *action = g_strdup_printf ("data.column-type::%s", sonde_column_type_to_string (t));
      g_menu_append (types, sonde_column_type_get_label (t), action);
    }
  role_class = g_type_class_ref (SONDE_TYPE_COLUMN_ROLE);
  for (guint r = 0; r < role_class->n_values; r++)
    {
      g_autofree char *action = g_strdup_printf ("data.column-role::%s", role_class->values[r].value_nick);
      g_menu_append (roles, sonde_column_role_get_label (role_class->values[r].value), action);
    }

  /* The submenu titles say the current value, so it is heard before
   * entering them. */
  types_label = g_strdup_printf (_("_Type: %s"), sonde_column_type_get_label (sonde_column_get_column_type (column)));
  roles_label = g_strdup_printf (_("_Role: %s"), sonde_column_role_get_label (sonde_column_get_role (column)));
  g_type_class_unref (role_class);
  g_menu_append_submenu (edit, types_label, G_MENU_MODEL (types));
  g_menu_append_submenu (edit, roles_label, G_MENU_MODEL (roles));
  g_menu_append (edit, _("Re_name…"), "data.rename-column");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (edit));

  g_menu_append (info, _("Describe _Column"), "data.describe-column");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (info));

  return G_MENU_MODEL (g_steal_pointer (&menu));
}

static gboolean
refocus_grid_cb (gpointer user_data)
{
  SondeDataPane *self = user_data;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  /* The grid kept the window's focus while the menu was open, so Orca 43
   * still thinks the vanished menu item has it and ignores what the grid
   * says next. Moving the focus off and back gives it a focus event. */
  if (root != NULL && (focus == NULL || focus == GTK_WIDGET (self->grid)))
    {
      /* Without a window manager (or with a slow one) the X focus does not
       * come back from the popup by itself, and Orca ignores a window
       * that is not active. */
      if (GTK_IS_WINDOW (root) && !gtk_window_is_active (GTK_WINDOW (root)))
        gtk_window_present (GTK_WINDOW (root));
      gtk_root_set_focus (root, NULL);
      gtk_widget_grab_focus (GTK_WIDGET (self->grid));
    }

  return G_SOURCE_REMOVE;
}

static void
column_menu_closed_cb (GtkPopover    *popover,
                       SondeDataPane *self)
{
  /* After the chosen action has run (it may have moved the focus) and
   * once the window is active again, which takes a few frames. */
  g_timeout_add_full (G_PRIORITY_DEFAULT, 200, refocus_grid_cb, g_object_ref (self), g_object_unref);
}

static void
open_column_menu (SondeDataPane *self,
                  guint          column)
{
  g_autoptr(GMenuModel) model = NULL;
  graphene_rect_t area;
  GdkRectangle rect = { 0, 0, 1, 1 };
  double x, y;

  if (self->table == NULL || sonde_table_get_n_columns (self->table) == 0)
    return;

  if (column != current_column (self))
    sonde_data_grid_set_cursor (self->grid, sonde_data_grid_get_cursor_row (self->grid), column);

  sync_column_actions (self);
  model = build_column_menu (self);
  gtk_popover_menu_set_menu_model (GTK_POPOVER_MENU (self->column_menu), model);
  {
    /* Translators: the accessible name of the column menu; %s is a column name. */
    g_autofree char *label = g_strdup_printf (_("Column %s"), sonde_column_get_name (current_column_object (self)));
    sonde_a11y_name_popover_menu (self->column_menu, label);
  }

  if (sonde_data_grid_get_cell_area (self->grid, sonde_data_grid_get_cursor_row (self->grid), column, &area)
      && gtk_widget_translate_coordinates (GTK_WIDGET (self->grid), GTK_WIDGET (self),
                                           area.origin.x, area.origin.y, &x, &y))
    rect = (GdkRectangle) { (int) x, (int) y, MAX (1, (int) area.size.width), MAX (1, (int) area.size.height) };

  gtk_popover_set_pointing_to (GTK_POPOVER (self->column_menu), &rect);
  gtk_popover_popup (GTK_POPOVER (self->column_menu));
}

static void
column_menu_requested_cb (SondeDataGrid *grid,
                          guint          column,
                          SondeDataPane *self)
{
  open_column_menu (self, column);
}

static void
activate_header_cb (SondeDataGrid *grid,
                    guint          column,
                    SondeDataPane *self)
{
  ViewState *state = get_view_state (self->table);
  SondeSortOrder next = SONDE_SORT_ASCENDING;

  /* A click on a header cycles ascending, descending, original order. */
  if (state->sort_column == (int) column)
    next = state->sort_order == SONDE_SORT_ASCENDING ? SONDE_SORT_DESCENDING : SONDE_SORT_NONE;
  sort_by (self, column, next);
}

/* Actions ----------------------------------------------------------------- */

static void
column_menu_action_cb (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  SondeDataPane *self = user_data;

  open_column_menu (self, current_column (self));
}

static void
sort_action_cb (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  SondeDataPane *self = user_data;
  const char *order = g_variant_get_string (parameter, NULL);

  if (self->table == NULL || sonde_table_get_n_columns (self->table) == 0)
    return;

  sort_by (self, current_column (self),
           g_str_equal (order, "ascending") ? SONDE_SORT_ASCENDING :
           g_str_equal (order, "descending") ? SONDE_SORT_DESCENDING : SONDE_SORT_NONE);
}

static void
describe_column_action_cb (GSimpleAction *action,
                           GVariant      *parameter,
                           gpointer       user_data)
{
  SondeDataPane *self = user_data;
  g_autofree char *text = NULL;

  if (current_column_object (self) == NULL)
    return;

  text = sonde_data_grid_describe_column (self->grid, current_column (self));
  announce (self, text);
}

/* Filter */

static void
hide_filter_error (SondeDataPane *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->filter_error), FALSE);
  gtk_accessible_reset_state (GTK_ACCESSIBLE (self->filter_value), GTK_ACCESSIBLE_STATE_INVALID);
}

static void
show_filter_error (SondeDataPane *self,
                   const char    *message)
{
  gtk_label_set_text (self->filter_error, message);
  gtk_widget_set_visible (GTK_WIDGET (self->filter_error), TRUE);
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->filter_value),
                               GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE, -1);
  /* The message takes the focus so that Orca reads it at once; a
   * selectable label would otherwise be read as "selected". */
  gtk_widget_grab_focus (GTK_WIDGET (self->filter_error));
  gtk_label_select_region (self->filter_error, 0, 0);
}

static void
filter_operator_changed_cb (SondeDataPane *self)
{
  guint op = gtk_drop_down_get_selected (self->filter_operator);

  gtk_widget_set_sensitive (GTK_WIDGET (self->filter_value),
                            op == GTK_INVALID_LIST_POSITION || sonde_filter_operator_needs_operand (op));
}

static void
filter_action_cb (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  SondeDataPane *self = user_data;
  ViewState *state;

  /* Its keys are global to the window: not while another pane shows. */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;

  if (self->table == NULL || sonde_table_get_n_columns (self->table) == 0)
    return;

  state = get_view_state (self->table);
  refresh_filter_columns (self);
  if (state->filter != NULL)
    {
      gtk_drop_down_set_selected (self->filter_column, sonde_row_filter_get_column (state->filter));
      gtk_drop_down_set_selected (self->filter_operator, sonde_row_filter_get_operator (state->filter));
      gtk_editable_set_text (GTK_EDITABLE (self->filter_value), sonde_row_filter_get_operand (state->filter));
    }
  else
    gtk_drop_down_set_selected (self->filter_column, current_column (self));

  hide_filter_error (self);
  gtk_revealer_set_reveal_child (self->filter_revealer, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->filter_column));
}

static void
apply_filter_action_cb (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  SondeDataPane *self = user_data;
  ViewState *state;
  g_autoptr(SondeRowFilter) filter = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *condition = NULL;
  g_autofree char *message = NULL;
  guint column = gtk_drop_down_get_selected (self->filter_column);
  guint op = gtk_drop_down_get_selected (self->filter_operator);

  if (self->table == NULL || column == GTK_INVALID_LIST_POSITION || op == GTK_INVALID_LIST_POSITION)
    return;

  filter = sonde_row_filter_new (self->table, column, op,
                                 gtk_editable_get_text (GTK_EDITABLE (self->filter_value)), &error);
  if (filter == NULL)
    {
      show_filter_error (self, error->message);
      return;
    }

  hide_filter_error (self);
  gtk_revealer_set_reveal_child (self->filter_revealer, FALSE);
  state = get_view_state (self->table);
  condition = sonde_row_filter_describe (filter);
  message = g_strdup_printf (_("Filter applied: %s"), condition);
  show_rows (self, filter, state->sort_column, state->sort_order, message, _("Filtering…"));
}

static void
clear_filter_action_cb (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  SondeDataPane *self = user_data;
  ViewState *state;

  if (self->table == NULL)
    return;

  hide_filter_error (self);
  gtk_revealer_set_reveal_child (self->filter_revealer, FALSE);
  state = get_view_state (self->table);
  show_rows (self, NULL, state->sort_column, state->sort_order, _("Filter cleared"), _("Showing every row…"));
}

static void
filter_value_activate_cb (SondeDataPane *self)
{
  g_action_group_activate_action (G_ACTION_GROUP (self->actions), "apply-filter", NULL);
}

static gboolean
filter_key_pressed_cb (GtkEventControllerKey *controller,
                       guint                  keyval,
                       guint                  keycode,
                       GdkModifierType        state,
                       SondeDataPane         *self)
{
  if (keyval != GDK_KEY_Escape)
    return FALSE;

  hide_filter_error (self);
  gtk_revealer_set_reveal_child (self->filter_revealer, FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->grid));

  return TRUE;
}

/* Find */

typedef struct
{
  SondeSelection *selection;
  char           *needle;
  int             column;
  guint           start_row;
  guint           start_column;
  gboolean        backwards;
  guint           found_row;
  guint           found_column;
} FindJob;

static void
find_job_free (gpointer data)
{
  FindJob *job = data;

  g_clear_object (&job->selection);
  g_free (job->needle);
  g_free (job);
}

static void
find_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  FindJob *job = task_data;
  gboolean found;

  found = sonde_selection_find (job->selection, job->needle, job->column,
                                job->start_row, job->start_column, job->backwards,
                                cancellable, &job->found_row, &job->found_column);
  if (g_task_return_error_if_cancelled (task))
    return;

  g_task_return_boolean (task, found);
}

static void
find_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  SondeDataPane *self = SONDE_DATA_PANE (source);
  FindJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  gboolean found;

  found = g_task_propagate_boolean (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->cancellable);
  set_busy (self, NULL);

  if (job->selection != sonde_data_grid_get_selection (self->grid))
    return;

  if (!found)
    {
      g_autofree char *message = g_strdup_printf (_("No cell contains “%s”."), job->needle);
      announce (self, message);
      return;
    }

  /* Cursor and message first, focus last: the focus event then reads the
   * message once, instead of the cell and then the message. */
  sonde_data_grid_set_cursor (self->grid, job->found_row, job->found_column);
  {
    g_autofree char *cell = sonde_data_grid_describe_cursor (self->grid);
    g_autofree char *message = g_strdup_printf (_("Found: %s"), cell);
    announce (self, message);
  }
}

static void
find (SondeDataPane *self,
      gboolean       backwards)
{
  g_autoptr(GTask) task = NULL;
  FindJob *job;
  SondeSelection *selection = sonde_data_grid_get_selection (self->grid);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->find_entry));

  if (selection == NULL || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;

  if (text != NULL && *text != '\0')
    {
      g_free (self->find_text);
      self->find_text = g_strdup (text);
    }
  if (self->find_text == NULL)
    {
      gtk_search_bar_set_search_mode (self->search_bar, TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->find_entry));
      return;
    }

  cancel_running (self);
  self->cancellable = g_cancellable_new ();

  job = g_new0 (FindJob, 1);
  job->selection = g_object_ref (selection);
  job->needle = g_strdup (self->find_text);
  job->column = gtk_drop_down_get_selected (self->find_scope) == 1 ? (int) current_column (self) : -1;
  job->start_row = sonde_data_grid_get_cursor_row (self->grid);
  job->start_column = current_column (self);
  job->backwards = backwards;

  task = g_task_new (self, self->cancellable, find_done_cb, NULL);
  g_task_set_source_tag (task, find);
  g_task_set_task_data (task, job, find_job_free);
  g_task_run_in_thread (task, find_thread);

  {
    g_autofree char *busy = g_strdup_printf (_("Looking for “%s”…"), job->needle);
    set_busy (self, busy);
  }
}

static void
find_action_cb (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  SondeDataPane *self = user_data;

  /* Its keys are global to the window: not while another pane shows. */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->find_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->find_entry), 0, -1);
}

static void
find_next_action_cb (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  find (user_data, FALSE);
}

static void
find_previous_action_cb (GSimpleAction *action,
                         GVariant      *parameter,
                         gpointer       user_data)
{
  find (user_data, TRUE);
}

static void
find_activate_cb (SondeDataPane *self)
{
  find (self, FALSE);
}

static void
find_stop_cb (SondeDataPane *self)
{
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->grid));
}

/* Type, role, name */

typedef struct
{
  SondeTable      *table;
  guint            index;
  SondeColumn     *column;
  SondeColumnType  type;
  guint            n_failed;
  char            *first_failure;
} ConvertJob;

static void
convert_job_free (gpointer data)
{
  ConvertJob *job = data;

  g_clear_object (&job->table);
  g_clear_object (&job->column);
  g_free (job->first_failure);
  g_free (job);
}

static void
convert_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  ConvertJob *job = task_data;
  GError *error = NULL;
  SondeColumn *converted;

  converted = sonde_column_convert (job->column, job->type, &job->n_failed, &job->first_failure, &error);
  if (converted == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, converted, g_object_unref);
}

static void
convert_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  SondeDataPane *self = SONDE_DATA_PANE (source);
  ConvertJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(SondeColumn) converted = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  ViewState *state;

  converted = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_task_get_cancellable (G_TASK (result)) != NULL
      && g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;

  g_clear_object (&self->cancellable);
  set_busy (self, NULL);

  if (converted == NULL)
    {
      report_error (self, error->message);
      return;
    }

  /* The column may have been replaced or the table closed meanwhile. */
  if (job->index >= sonde_table_get_n_columns (job->table)
      || sonde_table_get_column (job->table, job->index) != job->column
      || !sonde_table_replace_column (job->table, job->index, converted, &error))
    {
      if (error != NULL)
        report_error (self, error->message);
      return;
    }
  g_signal_emit (self, signals[DATASET_CHANGED], 0, job->table);

  if (job->n_failed > 0)
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "“%s” is now of type %s. %u value could not be read and is now missing (%s).",
                                            "“%s” is now of type %s. %u values could not be read and are now missing; the first is %s.",
                                            job->n_failed),
                               sonde_column_get_name (converted), sonde_column_type_get_label (job->type),
                               job->n_failed, job->first_failure);
  else
    message = g_strdup_printf (_("“%s” is now of type %s."),
                               sonde_column_get_name (converted), sonde_column_type_get_label (job->type));

  /* A filter or sort on the old column is made again on the new one. */
  state = get_view_state (job->table);
  if (job->table != self->table)
    return;

  if ((state->filter != NULL && sonde_row_filter_get_column (state->filter) == job->index)
      || state->sort_column == (int) job->index)
    {
      g_autoptr(SondeRowFilter) filter = NULL;

      if (state->filter != NULL)
        {
          filter = sonde_row_filter_new (job->table, sonde_row_filter_get_column (state->filter),
                                         sonde_row_filter_get_operator (state->filter),
                                         sonde_row_filter_get_operand (state->filter), NULL);
          if (filter == NULL)
            {
              g_autofree char *more = g_strdup_printf ("%s %s", message, _("The filter on this column no longer applies and was removed."));
              g_free (message);
              message = g_steal_pointer (&more);
            }
        }
      show_rows (self, filter, state->sort_column, state->sort_order, message, _("Updating rows…"));
      return;
    }

  sonde_data_grid_set_selection (self->grid, state->shown);
  refresh_filter_columns (self);
  announce (self, message);
}

static void
column_type_action_cb (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  SondeDataPane *self = user_data;
  SondeColumn *column = current_column_object (self);
  g_autoptr(GTask) task = NULL;
  SondeColumnType type;
  ConvertJob *job;

  if (column == NULL || !sonde_column_type_from_string (g_variant_get_string (parameter, NULL), &type))
    return;

  if (type == sonde_column_get_column_type (column))
    {
      g_autofree char *message = g_strdup_printf (_("“%s” is already of type %s."),
                                                  sonde_column_get_name (column), sonde_column_type_get_label (type));
      announce (self, message);
      return;
    }

  cancel_running (self);
  self->cancellable = g_cancellable_new ();
  job = g_new0 (ConvertJob, 1);
  job->table = g_object_ref (self->table);
  job->index = current_column (self);
  job->column = g_object_ref (column);
  job->type = type;

  task = g_task_new (self, self->cancellable, convert_done_cb, NULL);
  g_task_set_source_tag (task, column_type_action_cb);
  g_task_set_task_data (task, job, convert_job_free);
  g_task_run_in_thread (task, convert_thread);

  {
    g_autofree char *busy = g_strdup_printf (_("Reading “%s” as %s…"), sonde_column_get_name (column),
                                             sonde_column_type_get_label (type));
    set_busy (self, busy);
  }
}

static void
column_role_action_cb (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  SondeDataPane *self = user_data;
  SondeColumn *column = current_column_object (self);
  GEnumClass *roles;
  GEnumValue *value;
  g_autofree char *message = NULL;

  if (column == NULL)
    return;

  roles = g_type_class_ref (SONDE_TYPE_COLUMN_ROLE);
  value = g_enum_get_value_by_nick (roles, g_variant_get_string (parameter, NULL));
  if (value != NULL)
    {
      sonde_column_set_role (column, value->value);
      g_signal_emit (self, signals[DATASET_CHANGED], 0, self->table);
      g_simple_action_set_state (action, parameter);
      message = g_strdup_printf (_("“%s” now has the role %s."), sonde_column_get_name (column),
                                 sonde_column_role_get_label (value->value));
    }
  g_type_class_unref (roles);

  if (message != NULL)
    announce (self, message);
}

typedef struct
{
  SondeDataPane *pane;
  SondeTable    *table;
  guint          index;
} RenameColumn;

static void
rename_column_free (gpointer data)
{
  RenameColumn *rename = data;

  g_object_unref (rename->pane);
  g_object_unref (rename->table);
  g_free (rename);
}

static char *
rename_column (const char *name,
               gpointer    user_data)
{
  RenameColumn *rename = user_data;
  SondeDataPane *self = rename->pane;
  g_autofree char *old_name = NULL;
  g_autofree char *message = NULL;
  g_autoptr(GError) error = NULL;

  /* The dataset may have been closed or changed meanwhile. */
  if (rename->index >= sonde_table_get_n_columns (rename->table))
    return NULL;

  old_name = g_strdup (sonde_column_get_name (sonde_table_get_column (rename->table, rename->index)));
  if (!sonde_table_rename_column (rename->table, rename->index, name, &error))
    return g_strdup (error->message);
  g_signal_emit (self, signals[DATASET_CHANGED], 0, rename->table);

  if (rename->table != self->table)
    return NULL;

  sonde_data_grid_set_selection (self->grid, sonde_data_grid_get_selection (self->grid));
  refresh_filter_columns (self);
  update_status (self);
  message = g_strdup_printf (_("Column “%s” renamed to “%s”."), old_name,
                             sonde_column_get_name (sonde_table_get_column (rename->table, rename->index)));
  announce (self, message);

  return NULL;
}

static void
rename_column_action_cb (GSimpleAction *action,
                         GVariant      *parameter,
                         gpointer       user_data)
{
  SondeDataPane *self = user_data;
  SondeColumn *column = current_column_object (self);
  g_autofree char *heading = NULL;
  RenameColumn *rename;

  if (column == NULL)
    return;

  rename = g_new0 (RenameColumn, 1);
  rename->pane = g_object_ref (self);
  rename->table = g_object_ref (self->table);
  rename->index = current_column (self);
  heading = g_strdup_printf (_("Rename “%s”"), sonde_column_get_name (column));
  sonde_rename_dialog_present (GTK_WIDGET (self), heading,
                               _("Column names must be unique within the dataset."),
                               sonde_column_get_name (column), rename_column, rename, rename_column_free);
}

static void
cancel_action_cb (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  SondeDataPane *self = user_data;

  if (self->cancellable == NULL)
    return;

  cancel_running (self);
  announce (self, _("Cancelled."));
}

static void
change_state_noop (GSimpleAction *action,
                   GVariant      *value,
                   gpointer       user_data)
{
  /* The state follows the column; activation does the change. */
}

static const GActionEntry pane_entries[] = {
  { "column-menu", column_menu_action_cb },
  { "sort", sort_action_cb, "s" },
  { "describe-column", describe_column_action_cb },
  { "filter", filter_action_cb },
  { "apply-filter", apply_filter_action_cb },
  { "clear-filter", clear_filter_action_cb },
  { "find", find_action_cb },
  { "find-next", find_next_action_cb },
  { "find-previous", find_previous_action_cb },
  { "column-type", column_type_action_cb, "s", "'text'", change_state_noop },
  { "column-role", column_role_action_cb, "s", "'feature'", change_state_noop },
  { "rename-column", rename_column_action_cb },
  { "cancel", cancel_action_cb },
};

static const struct {
  const char *trigger;
  const char *action;
} pane_shortcuts[] = {
  { "<Control>f", "data.find" },
  { "<Control><Shift>f", "data.filter" },
  { "F3", "data.find-next" },
  { "<Shift>F3", "data.find-previous" },
  { "<Control>g", "data.find-next" },
  { "<Control><Shift>g", "data.find-previous" },
};

/* GObject ------------------------------------------------------------- */

static void
sonde_data_pane_constructed (GObject *object)
{
  SondeDataPane *self = (SondeDataPane *)object;
  g_autoptr(GtkExpression) name = NULL;

  G_OBJECT_CLASS (sonde_data_pane_parent_class)->constructed (object);

  name = gtk_property_expression_new (SONDE_TYPE_TABLE, NULL, "name");
  gtk_drop_down_set_expression (self->dataset_dropdown, name);
  gtk_drop_down_set_model (self->dataset_dropdown, G_LIST_MODEL (self->datasets));
  g_signal_connect_object (self->dataset_dropdown, "notify::selected",
                           G_CALLBACK (dataset_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->datasets, "items-changed",
                           G_CALLBACK (datasets_changed_cb), self, 0);
  dataset_selected_cb (self);
}

static void
sonde_data_pane_dispose (GObject *object)
{
  SondeDataPane *self = (SondeDataPane *)object;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->column_menu, gtk_widget_unparent);
  /* AdwBin unparents its child, the template's root, itself. */

  G_OBJECT_CLASS (sonde_data_pane_parent_class)->dispose (object);
}

static void
sonde_data_pane_finalize (GObject *object)
{
  SondeDataPane *self = (SondeDataPane *)object;

  g_clear_object (&self->datasets);
  g_clear_object (&self->table);
  g_clear_object (&self->actions);
  g_free (self->find_text);

  G_OBJECT_CLASS (sonde_data_pane_parent_class)->finalize (object);
}

static void
sonde_data_pane_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  SondeDataPane *self = SONDE_DATA_PANE (object);

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
sonde_data_pane_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  SondeDataPane *self = SONDE_DATA_PANE (object);

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
sonde_data_pane_size_allocate (GtkWidget *widget,
                               int        width,
                               int        height,
                               int        baseline)
{
  SondeDataPane *self = (SondeDataPane *)widget;

  GTK_WIDGET_CLASS (sonde_data_pane_parent_class)->size_allocate (widget, width, height, baseline);

  /* A popover follows its parent only if the parent presents it. */
  if (self->column_menu != NULL && gtk_widget_get_visible (self->column_menu))
    gtk_popover_present (GTK_POPOVER (self->column_menu));
}

static void
sonde_data_pane_class_init (SondeDataPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = sonde_data_pane_constructed;
  object_class->dispose = sonde_data_pane_dispose;
  object_class->finalize = sonde_data_pane_finalize;
  object_class->set_property = sonde_data_pane_set_property;
  object_class->get_property = sonde_data_pane_get_property;
  widget_class->size_allocate = sonde_data_pane_size_allocate;

  /**
   * SondeDataPane::dataset-changed:
   * @table: the dataset
   *
   * A column of @table was retyped, renamed or given another role: the
   * project has changes to save.
   */
  signals[DATASET_CHANGED] =
    g_signal_new ("dataset-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, SONDE_TYPE_TABLE);

  properties[PROP_DATASETS] =
    g_param_spec_object ("datasets", NULL, NULL,
                         G_TYPE_LIST_STORE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (SONDE_TYPE_DATA_GRID);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/sonde/Sonde/sonde-data-pane.ui");
  gtk_widget_class_bind_template_child (widget_class, SondeDataPane, view_stack);
  gtk_widget_class_bind_template_child (widget_class, SondeDataPane, dataset_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SondeDataPane, search_bar);
  gtk_widget_class_bind_template_child (widget_class, SondeDataPane, find_entry);
  gtk_widget_class_bind_template_child (widget_class, SondeDataPane, find_scope);
  gtk_widget_class_bind_template_child (widget_class, SondeDataPane, find_previous_button);
  gtk_widget_class_bind_template_child (widget_class, SondeDataPane, find_next_button);
  gtk_widget_class_bind_template_child (widget_class, SondeDataPane, filter_revealer);
  gtk_widget_class_bind_template_child (widget_class, SondeDataPane, filter_column);
  gtk_widget_class_bind_template_child (widget_class, SondeDataPane, filter_operator);
  gtk_widget_class_bind_template_child (widget_class, SondeDataPane, filter_value);
  gtk_widget_class_bind_template_child (widget_class, SondeDataPane, filter_error);
  gtk_widget_class_bind_template_child (widget_class, SondeDataPane, grid);
  gtk_widget_class_bind_template_child (widget_class, SondeDataPane, busy_spinner);
  gtk_widget_class_bind_template_child (widget_class, SondeDataPane, status_label);
  gtk_widget_class_bind_template_child (widget_class, SondeDataPane, cancel_button);

}

static void
sonde_data_pane_init (SondeDataPane *self)
{
  g_autoptr(GtkStringList) operators = gtk_string_list_new (NULL);
  GtkEventController *keys;
  GtkEventController *shortcuts;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self->actions), pane_entries,
                                   G_N_ELEMENTS (pane_entries), self);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "data", G_ACTION_GROUP (self->actions));

  for (guint op = 0; op < SONDE_FILTER_N_OPERATORS; op++)
    gtk_string_list_append (operators, sonde_filter_operator_get_label (op));
  gtk_drop_down_set_model (self->filter_operator, G_LIST_MODEL (operators));
  g_signal_connect_object (self->filter_operator, "notify::selected",
                           G_CALLBACK (filter_operator_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->filter_value, "activate",
                           G_CALLBACK (filter_value_activate_cb), self, G_CONNECT_SWAPPED);
  keys = gtk_event_controller_key_new ();
  g_signal_connect (keys, "key-pressed", G_CALLBACK (filter_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->filter_revealer), keys);

  /* Global scope: the keys work wherever the focus is in the window (the
   * pane list, the toolbar) while the pane is shown; the actions do
   * nothing while it is hidden. */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (shortcuts), GTK_SHORTCUT_SCOPE_GLOBAL);
  for (guint i = 0; i < G_N_ELEMENTS (pane_shortcuts); i++)
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                          gtk_shortcut_new (gtk_shortcut_trigger_parse_string (pane_shortcuts[i].trigger),
                                                            gtk_named_action_new (pane_shortcuts[i].action)));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);

  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->find_entry));
  g_signal_connect_object (self->find_entry, "activate", G_CALLBACK (find_activate_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->find_entry, "stop-search", G_CALLBACK (find_stop_cb), self, G_CONNECT_SWAPPED);

  sonde_a11y_name_icon_button (self->find_previous_button, _("Find Previous (Shift+F3)"));
  sonde_a11y_name_icon_button (self->find_next_button, _("Find Next (F3)"));
  sonde_a11y_set_label (GTK_WIDGET (self->find_entry), _("Value to find"));
  sonde_a11y_set_label (GTK_WIDGET (self->dataset_dropdown), _("Dataset"));
  sonde_a11y_set_label (GTK_WIDGET (self->find_scope), _("Where to look"));
  sonde_a11y_set_label (GTK_WIDGET (self->filter_column), _("Column of the condition"));
  sonde_a11y_set_label (GTK_WIDGET (self->filter_operator), _("Comparison"));
  sonde_a11y_set_label (GTK_WIDGET (self->filter_value), _("Value to compare with"));

  self->column_menu = gtk_popover_menu_new_from_model (NULL);
  gtk_widget_set_parent (self->column_menu, GTK_WIDGET (self));
  gtk_popover_set_has_arrow (GTK_POPOVER (self->column_menu), TRUE);
  g_signal_connect_object (self->column_menu, "closed", G_CALLBACK (column_menu_closed_cb), self, 0);

  g_signal_connect_object (self->grid, "column-menu-requested", G_CALLBACK (column_menu_requested_cb), self, 0);
  g_signal_connect_object (self->grid, "activate-header", G_CALLBACK (activate_header_cb), self, 0);
}
