/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sonde"

/* The Project pane: what is open in the project. It lists the open
 * datasets (name, source, row and column counts) and, for the chosen one,
 * every column with its type, its number of missing values and an example
 * value. With nothing open it offers to open a file or a sample dataset.
 *
 * Accessible role: a plain container. Each dataset row and column row is
 * focusable and carries an accessible label that says everything the row
 * shows, so Orca reads "age, integer, 12 missing values, for example 38"
 * rather than the separate labels inside the row.
 *
 * The column list is a GtkListBox, fine for the tens or hundreds of
 * columns a teaching dataset has; a dataset with many thousands of columns
 * wants a GtkListView here.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sonde-engine.h"

#include "sonde-a11y.h"
#include "sonde-project-pane.h"
#include "sonde-rename-dialog.h"

struct _SondeProjectPane
{
  AdwBin      parent_instance;

  GListStore *datasets;

  /* Template widgets */
  GtkStack             *view_stack;
  GtkListBox           *datasets_list;
  AdwPreferencesGroup  *columns_group;
  GtkListBox           *columns_list;

  int                   select_on_map;   /* a row to select when shown, or -1 */
};

G_DEFINE_FINAL_TYPE (SondeProjectPane, sonde_project_pane, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_DATASETS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/**
 * sonde_project_pane_new:
 * @datasets: the window's list of open #SondeTable
 *
 * Returns: (transfer full): a new Project pane that follows @datasets and
 *   removes a dataset from it when the user closes one.
 */
SondeProjectPane *
sonde_project_pane_new (GListStore *datasets)
{
  g_return_val_if_fail (G_IS_LIST_STORE (datasets), NULL);

  return g_object_new (SONDE_TYPE_PROJECT_PANE,
                       "datasets", datasets,
                       NULL);
}

static char *
describe_dataset (SondeTable *table)
{
  g_autofree char *rows = sonde_a11y_format_count (sonde_table_get_n_rows (table));
  guint64 n_rows = sonde_table_get_n_rows (table);
  guint n_columns = sonde_table_get_n_columns (table);
  g_autofree char *rows_text = NULL;
  g_autofree char *columns_text = NULL;

  rows_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s row", "%s rows", n_rows), rows);
  columns_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u column", "%u columns", n_columns), n_columns);

  /* Translators: "1,204 rows, 11 columns". */
  return g_strdup_printf (_("%s, %s"), rows_text, columns_text);
}

static void
close_dataset_clicked_cb (GtkButton        *button,
                          SondeProjectPane *self)
{
  SondeTable *table = g_object_get_data (G_OBJECT (button), "sonde-table");
  guint position;

  if (g_list_store_find (self->datasets, table, &position))
    g_list_store_remove (self->datasets, position);
}

/* Rebuilds the dataset's row after a change of name. */
static void
refresh_dataset_row (SondeProjectPane *self,
                     SondeTable       *table)
{
  guint position;

  if (g_list_store_find (self->datasets, table, &position))
    {
      g_autoptr(SondeTable) keep = g_object_ref (table);
      GtkListBoxRow *row;

      g_list_store_splice (self->datasets, position, 1, (gpointer *) &keep, 1);
      row = gtk_list_box_get_row_at_index (self->datasets_list, position);
      if (row != NULL && gtk_widget_get_mapped (GTK_WIDGET (self)))
        gtk_widget_grab_focus (GTK_WIDGET (row));
    }
}

static gboolean
name_in_use (SondeProjectPane *self,
             SondeTable       *except,
             const char       *name)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->datasets));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SondeTable) other = g_list_model_get_item (G_LIST_MODEL (self->datasets), i);

      if (other != except && g_strcmp0 (sonde_table_get_name (other), name) == 0)
        return TRUE;
    }

  return FALSE;
}

typedef struct
{
  SondeProjectPane *pane;
  SondeTable       *table;
} RenameDataset;

static void
rename_dataset_free (gpointer data)
{
  RenameDataset *rename = data;

  g_object_unref (rename->pane);
  g_object_unref (rename->table);
  g_free (rename);
}

static char *
rename_dataset (const char *name,
                gpointer    user_data)
{
  RenameDataset *rename = user_data;

  if (g_strcmp0 (name, sonde_table_get_name (rename->table)) == 0)
    return NULL;
  if (*name == '\0')
    return g_strdup (_("A dataset name cannot be empty."));
  if (name_in_use (rename->pane, rename->table, name))
    return g_strdup_printf (_("A dataset named “%s” is already open: choose another name."), name);

  sonde_table_set_name (rename->table, name);
  refresh_dataset_row (rename->pane, rename->table);

  return NULL;
}

static void
rename_dataset_clicked_cb (GtkButton        *button,
                           SondeProjectPane *self)
{
  SondeTable *table = g_object_get_data (G_OBJECT (button), "sonde-table");
  g_autofree char *heading = g_strdup_printf (_("Rename “%s”"), sonde_table_get_name (table));
  RenameDataset *rename = g_new0 (RenameDataset, 1);

  rename->pane = g_object_ref (self);
  rename->table = g_object_ref (table);
  sonde_rename_dialog_present (GTK_WIDGET (self), heading,
                               _("The name shows in every pane and names the dataset’s table in the project."),
                               sonde_table_get_name (table), rename_dataset, rename, rename_dataset_free);
}

static void
duplicate_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  SondeTable *table = task_data;
  const char *name = g_object_get_data (G_OBJECT (task), "sonde-name");

  g_task_return_pointer (task, sonde_table_copy (table, name), g_object_unref);
}

static void
duplicate_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  SondeProjectPane *self = SONDE_PROJECT_PANE (source);
  g_autoptr(SondeTable) copy = g_task_propagate_pointer (G_TASK (result), NULL);

  if (copy != NULL)
    g_list_store_append (self->datasets, copy);
}

static void
duplicate_dataset_clicked_cb (GtkButton        *button,
                              SondeProjectPane *self)
{
  SondeTable *table = g_object_get_data (G_OBJECT (button), "sonde-table");
  g_autoptr(GTask) task = NULL;
  g_autofree char *name = NULL;

  /* "students (copy)", then "students (copy 2)"... */
  name = g_strdup_printf (_("%s (copy)"), sonde_table_get_name (table));
  for (guint i = 2; name_in_use (self, NULL, name); i++)
    {
      g_free (name);
      name = g_strdup_printf (_("%s (copy %u)"), sonde_table_get_name (table), i);
    }

  /* Copying ten million rows takes a moment: not on the UI thread. */
  task = g_task_new (self, NULL, duplicate_done_cb, NULL);
  g_task_set_task_data (task, g_object_ref (table), g_object_unref);
  g_object_set_data_full (G_OBJECT (task), "sonde-name", g_steal_pointer (&name), g_free);
  g_task_run_in_thread (task, duplicate_thread);
}

static void
dataset_row_activated_cb (GtkListBox       *box,
                          GtkListBoxRow    *row,
                          SondeProjectPane *self)
{
  SondeTable *table = g_object_get_data (G_OBJECT (row), "sonde-table");
  guint position;

  if (table != NULL && g_list_store_find (self->datasets, table, &position))
    gtk_widget_activate_action (GTK_WIDGET (self), "win.show-dataset", "u", position);
}

static GtkWidget *
add_row_button (GtkWidget  *row,
                const char *icon_name,
                const char *label,
                SondeTable *table)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  sonde_a11y_name_icon_button (button, label);
  gtk_widget_set_tooltip_text (button, label);
  /* The tooltip would come back as the description: Orca would say the
   * name twice. */
  gtk_accessible_reset_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
  g_object_set_data_full (G_OBJECT (button), "sonde-table", g_object_ref (table), g_object_unref);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);

  return button;
}

static GtkWidget *
create_dataset_row (gpointer item,
                    gpointer user_data)
{
  SondeProjectPane *self = user_data;
  SondeTable *table = item;
  const char *name = sonde_table_get_name (table);
  const char *source = sonde_table_get_source (table);
  g_autofree char *shape = describe_dataset (table);
  g_autofree char *subtitle = NULL;
  g_autofree char *close_label = NULL;
  g_autofree char *rename_label = NULL;
  g_autofree char *duplicate_label = NULL;
  g_autofree char *a11y_label = NULL;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button;

  if (source != NULL && source[0] != '\0')
    subtitle = g_strdup_printf ("%s — %s", shape, source);
  else
    subtitle = g_strdup (shape);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);

  /* Translators: %s is a dataset name. */
  rename_label = g_strdup_printf (_("Rename %s"), name);
  button = add_row_button (row, "document-edit-symbolic", rename_label, table);
  g_signal_connect (button, "clicked", G_CALLBACK (rename_dataset_clicked_cb), self);
  /* Translators: %s is a dataset name. */
  duplicate_label = g_strdup_printf (_("Duplicate %s"), name);
  button = add_row_button (row, "edit-copy-symbolic", duplicate_label, table);
  g_signal_connect (button, "clicked", G_CALLBACK (duplicate_dataset_clicked_cb), self);
  /* Translators: %s is a dataset name. */
  close_label = g_strdup_printf (_("Close %s"), name);
  button = add_row_button (row, "window-close-symbolic", close_label, table);
  g_signal_connect (button, "clicked", G_CALLBACK (close_dataset_clicked_cb), self);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);

  /* Translators: a dataset name, then "1,204 rows, 11 columns". */
  a11y_label = g_strdup_printf (_("%s, %s"), name, shape);
  sonde_a11y_set_label (row, a11y_label);
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY);
  if (source != NULL)
    sonde_a11y_set_description (row, source);

  g_object_set_data (G_OBJECT (row), "sonde-table", table);

  return row;
}

static GtkWidget *
create_column_row (SondeColumn *column)
{
  const char *name = sonde_column_get_name (column);
  const char *type = sonde_column_type_get_label (sonde_column_get_column_type (column));
  guint64 n_missing = sonde_column_get_n_missing (column);
  guint64 n_rows = sonde_column_get_n_rows (column);
  g_autofree char *example = NULL;
  g_autofree char *missing = NULL;
  g_autofree char *missing_count = sonde_a11y_format_count (n_missing);
  g_autofree char *subtitle = NULL;
  g_autofree char *a11y_label = NULL;
  GtkWidget *row = adw_action_row_new ();

  for (guint64 r = 0; r < n_rows && example == NULL; r++)
    example = sonde_column_format_value (column, r);

  if (n_missing == 0)
    missing = g_strdup (_("no missing values"));
  else
    missing = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s missing value", "%s missing values", n_missing),
                               missing_count);

  if (example != NULL)
    /* Translators: column type, missing values, then an example value. */
    subtitle = g_strdup_printf (_("%s, %s, for example “%s”"), type, missing, example);
  else
    /* Translators: column type, then missing values. */
    subtitle = g_strdup_printf (_("%s, %s"), type, missing);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_focusable (row, TRUE);

  /* Translators: a column name, then its description. */
  a11y_label = g_strdup_printf (_("%s: %s"), name, subtitle);
  sonde_a11y_set_label (row, a11y_label);
  /* The label already says what the subtitle says: don't let Orca repeat it. */
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY);

  return row;
}

static void
show_columns (SondeProjectPane *self,
              SondeTable       *table)
{
  GtkWidget *child;
  g_autofree char *title = NULL;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->columns_list))) != NULL)
    gtk_list_box_remove (self->columns_list, child);

  if (table == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->columns_group), FALSE);
      return;
    }

  /* Translators: %s is a dataset name. */
  title = g_strdup_printf (_("Columns of %s"), sonde_table_get_name (table));
  adw_preferences_group_set_title (self->columns_group, title);
  sonde_a11y_set_label (GTK_WIDGET (self->columns_list), title);

  for (guint i = 0; i < sonde_table_get_n_columns (table); i++)
    gtk_list_box_append (self->columns_list, create_column_row (sonde_table_get_column (table, i)));

  gtk_widget_set_visible (GTK_WIDGET (self->columns_group), TRUE);
}

static void
dataset_row_selected_cb (GtkListBox       *box,
                         GtkListBoxRow    *row,
                         SondeProjectPane *self)
{
  show_columns (self, row != NULL ? g_object_get_data (G_OBJECT (row), "sonde-table") : NULL);
}

static void
datasets_changed_cb (GListModel       *model,
                     guint             position,
                     guint             removed,
                     guint             added,
                     SondeProjectPane *self)
{
  guint n = g_list_model_get_n_items (model);
  GtkListBoxRow *row = NULL;

  gtk_stack_set_visible_child_name (self->view_stack, n > 0 ? "datasets" : "empty");

  if (added > 0)
    row = gtk_list_box_get_row_at_index (self->datasets_list, position + added - 1);
  else if (n > 0)
    row = gtk_list_box_get_row_at_index (self->datasets_list, MIN (position, n - 1));

  /* Hidden, the list only remembers its row: on GTK 4.8 a selection in a
   * hidden pane still reaches Orca, which then reads this list in the
   * middle of another pane (after a cleaning step, say). */
  if (row != NULL && !gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->select_on_map = gtk_list_box_row_get_index (row);
      show_columns (self, g_object_get_data (G_OBJECT (row), "sonde-table"));
      return;
    }
  self->select_on_map = -1;
  if (row != NULL)
    {
      gtk_list_box_select_row (self->datasets_list, row);
      /* The new row's label says what was opened: name, rows and columns. */
      if (added > 0 || gtk_widget_get_focus_child (GTK_WIDGET (self->datasets_list)) == NULL)
        gtk_widget_grab_focus (GTK_WIDGET (row));
    }
  else
    show_columns (self, NULL);
}

static void
sonde_project_pane_constructed (GObject *object)
{
  SondeProjectPane *self = SONDE_PROJECT_PANE (object);

  G_OBJECT_CLASS (sonde_project_pane_parent_class)->constructed (object);

  gtk_list_box_bind_model (self->datasets_list, G_LIST_MODEL (self->datasets),
                           create_dataset_row, self, NULL);
  g_signal_connect_object (self->datasets, "items-changed",
                           G_CALLBACK (datasets_changed_cb), self, G_CONNECT_AFTER);
  datasets_changed_cb (G_LIST_MODEL (self->datasets), 0, 0, 0, self);
}

static void
sonde_project_pane_dispose (GObject *object)
{
  SondeProjectPane *self = SONDE_PROJECT_PANE (object);

  /* AdwBin unparents its child, the template's root, itself. */
  if (self->datasets != NULL)
    g_signal_handlers_disconnect_by_data (self->datasets, self);
  g_clear_object (&self->datasets);

  G_OBJECT_CLASS (sonde_project_pane_parent_class)->dispose (object);
}

static void
sonde_project_pane_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  SondeProjectPane *self = SONDE_PROJECT_PANE (object);

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
sonde_project_pane_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  SondeProjectPane *self = SONDE_PROJECT_PANE (object);

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
sonde_project_pane_map (GtkWidget *widget)
{
  SondeProjectPane *self = SONDE_PROJECT_PANE (widget);
  GtkListBoxRow *row;

  GTK_WIDGET_CLASS (sonde_project_pane_parent_class)->map (widget);
  if (self->select_on_map >= 0
      && (row = gtk_list_box_get_row_at_index (self->datasets_list, self->select_on_map)) != NULL)
    gtk_list_box_select_row (self->datasets_list, row);
  self->select_on_map = -1;
}

static void
sonde_project_pane_class_init (SondeProjectPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->map = sonde_project_pane_map;

  object_class->constructed = sonde_project_pane_constructed;
  object_class->dispose = sonde_project_pane_dispose;
  object_class->set_property = sonde_project_pane_set_property;
  object_class->get_property = sonde_project_pane_get_property;

  properties[PROP_DATASETS] =
    g_param_spec_object ("datasets", NULL, NULL,
                         G_TYPE_LIST_STORE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/sonde/Sonde/sonde-project-pane.ui");
  gtk_widget_class_bind_template_child (widget_class, SondeProjectPane, view_stack);
  gtk_widget_class_bind_template_child (widget_class, SondeProjectPane, datasets_list);
  gtk_widget_class_bind_template_child (widget_class, SondeProjectPane, columns_group);
  gtk_widget_class_bind_template_child (widget_class, SondeProjectPane, columns_list);
  gtk_widget_class_bind_template_callback (widget_class, dataset_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, dataset_row_activated_cb);
}

static void
sonde_project_pane_init (SondeProjectPane *self)
{
  self->select_on_map = -1;
  gtk_widget_init_template (GTK_WIDGET (self));
  sonde_a11y_fix_mnemonic_names (GTK_WIDGET (self));
}
