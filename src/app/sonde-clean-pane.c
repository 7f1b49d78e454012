/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sonde"

/* SondeCleanPane: the clean pipeline of a dataset, step by step. The
 * pipelines themselves are SondeCleaning's (shared with the Quality
 * pane's Fix…); this pane shows the chosen dataset's:
 *
 *   - the steps, numbered, each with what it did when last run ("2 rows
 *     changed, 2 cells"); Enter changes the focused step (the step dialog,
 *     with its preview), Delete removes it, Alt+Up and Alt+Down move it,
 *     and the buttons under the list do the same and disable or enable it;
 *   - Add Step… (Alt+A): the step dialog for a new step at the end;
 *   - the history: every change, the current one marked; Enter on an entry
 *     goes back (or forward) to it; Ctrl+Z and Ctrl+Shift+Z undo and redo.
 *
 * Each change runs the pipeline in a worker; when it is done the status
 * line says what was done and how big the cleaned dataset is, and takes
 * the focus so Orca reads it. The cleaned dataset ("students (cleaned)")
 * is in the window's list like any other; Show Cleaned Data (Alt+C) shows
 * it in the Data pane. The pane is built in code: its lists change with
 * each dataset and each change. */

#include "config.h"

#include <glib/gi18n.h>

#include "sonde-a11y.h"
#include "sonde-clean-pane.h"
#include "sonde-pane.h"
#include "sonde-step-form.h"

struct _SondeCleanPane
{
  AdwBin              parent_instance;

  GListStore         *datasets;
  SondeCleaning      *cleaning;
  GtkFilterListModel *sources;       /* the datasets that are not a pipeline's result */
  GtkCustomFilter    *filter;
  char               *source;
  GCancellable       *cancellable;
  GSimpleActionGroup *actions;
  gboolean            busy;

  GtkWidget          *empty_page;
  GtkWidget          *content_page;
  AdwComboRow        *dataset_row;
  GtkLabel           *status_label;    /* the one of status_labels shown */
  GtkLabel           *status_labels[2];
  GtkWidget          *spinner;
  GtkWidget          *cancel_button;
  GtkListBox         *steps_list;
  GtkLabel           *steps_label;
  GtkListBox         *history_list;
  GtkLabel           *history_label;
  GtkWidget          *toggle_button;
};

G_DEFINE_FINAL_TYPE (SondeCleanPane, sonde_clean_pane, ADW_TYPE_BIN)

enum {
  SHOW_TABLE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
say (SondeCleanPane *self,
     const char     *text,
     gboolean        focus)
{
  /* Orca 43 does not read a label that takes the focus again, or whose
   * text changes while focused: each sentence for the focus goes to the
   * other of two labels in the same place (Ctrl+Z then Ctrl+Shift+Z, each
   * said, however fast). */
  if (focus)
    {
      GtkLabel *other = self->status_label == self->status_labels[0] ? self->status_labels[1]
                                                                      : self->status_labels[0];

      sonde_pane_say (other, text, TRUE);
      gtk_widget_set_visible (GTK_WIDGET (self->status_label), FALSE);
      self->status_label = other;
      return;
    }
  sonde_pane_say (self->status_label, text, focus);
}

static void
set_enabled (SondeCleanPane *self,
             const char     *name,
             gboolean        enabled)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self->actions), name);

  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);
}

static guint
n_steps (SondeCleanPane *self)
{
  SondePipeline *pipeline = self->source != NULL ? sonde_cleaning_get_pipeline (self->cleaning, self->source) : NULL;

  return pipeline != NULL ? sonde_pipeline_get_n_steps (pipeline) : 0;
}

static int
focused_step (SondeCleanPane *self)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->steps_list);

  int index = row != NULL ? gtk_list_box_row_get_index (row) : -1;

  /* The rows follow the pipeline once a change is done; until then, none. */
  return index >= 0 && (guint) index < n_steps (self) ? index : -1;
}

/* Actions follow what can be done now; Ctrl+Z and Ctrl+Shift+Z are global
 * shortcuts, disabled while the pane is hidden so that they reach the
 * other panes' text fields. */
static void
update_actions (SondeCleanPane *self)
{
  gboolean shown = gtk_widget_get_mapped (GTK_WIDGET (self));
  gboolean idle = !self->busy && self->source != NULL;
  guint position, n_history, n;
  int step;

  /* The lists' rows go while the pane is disposed. */
  if (self->cleaning == NULL || self->actions == NULL)
    return;
  position = self->source != NULL ? sonde_cleaning_get_history_position (self->cleaning, self->source) : 0;
  n_history = self->source != NULL ? sonde_cleaning_get_n_history (self->cleaning, self->source) : 0;
  step = focused_step (self);
  n = n_steps (self);

  set_enabled (self, "add", idle);
  set_enabled (self, "undo", shown && idle && position > 0);
  set_enabled (self, "redo", shown && idle && position + 1 < n_history);
  set_enabled (self, "show-result", self->source != NULL
               && sonde_cleaning_get_result (self->cleaning, self->source) != NULL);
  set_enabled (self, "change", idle && step >= 0);
  set_enabled (self, "remove", idle && step >= 0);
  set_enabled (self, "toggle", idle && step >= 0);
  set_enabled (self, "move-up", idle && step > 0);
  set_enabled (self, "move-down", idle && step >= 0 && (guint) step + 1 < n);
  set_enabled (self, "cancel", self->busy);

  if (step >= 0)
    {
      SondeStep *s = sonde_pipeline_get_step (sonde_cleaning_get_pipeline (self->cleaning, self->source), step);

      gtk_button_set_label (GTK_BUTTON (self->toggle_button), sonde_step_get_enabled (s) ? _("Disa_ble") : _("Ena_ble"));
    }
}

static char *
summary (SondeCleanPane *self)
{
  SondeTable *result = sonde_cleaning_get_result (self->cleaning, self->source);
  guint n = n_steps (self);
  g_autofree char *rows = NULL;

  if (n == 0)
    /* Translators: %s is a dataset's name */
    return g_strdup_printf (_("“%s” has no cleaning steps yet. Add Step (Alt+A) adds one; the original stays as it is."),
                            self->source);
  rows = sonde_a11y_format_count (result != NULL ? sonde_table_get_n_rows (result) : 0);
  /* Translators: a number of steps, the cleaned dataset's name, its rows (a formatted number) and columns */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u step. “%s” has %s rows and %u columns.",
                                       "%u steps. “%s” has %s rows and %u columns.", n),
                          n, sonde_cleaning_get_result_name (self->cleaning, self->source), rows,
                          result != NULL ? sonde_table_get_n_columns (result) : 0);
}

static void
clear_list (GtkListBox *list)
{
  GtkListBoxRow *row;

  while ((row = gtk_list_box_get_row_at_index (list, 0)) != NULL)
    gtk_list_box_remove (list, GTK_WIDGET (row));
}

static void
fill_lists (SondeCleanPane *self,
            int             select)
{
  SondePipeline *pipeline = self->source != NULL ? sonde_cleaning_get_pipeline (self->cleaning, self->source) : NULL;
  guint n = n_steps (self);
  guint n_history = self->source != NULL ? sonde_cleaning_get_n_history (self->cleaning, self->source) : 0;
  guint position = self->source != NULL ? sonde_cleaning_get_history_position (self->cleaning, self->source) : 0;

  clear_list (self->steps_list);
  for (guint i = 0; i < n; i++)
    {
      SondeStep *step = sonde_pipeline_get_step (pipeline, i);
      const SondeStepEffect *effect = sonde_cleaning_get_effect (self->cleaning, self->source, i);
      g_autofree char *what = sonde_step_form_describe (step);
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;
      g_autofree char *name = NULL;
      GtkWidget *row = adw_action_row_new ();

      /* Translators: a step's number, how many there are, and what it is */
      title = g_strdup_printf (_("%u. %s"), i + 1, what);
      if (!sonde_step_get_enabled (step))
        subtitle = g_strdup (_("Disabled: kept but skipped"));
      else if (effect != NULL)
        subtitle = sonde_step_effect_describe_changes (effect);
      else
        subtitle = g_strdup (_("Not run since the project was opened"));
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      /* Translators: a step as Orca reads it: its number, the count, what it is (Orca then reads
       * what it did, the row's subtitle) */
      name = g_strdup_printf (_("Step %u of %u: %s."), i + 1, n, what);
      sonde_a11y_set_label (row, name);
      gtk_list_box_append (self->steps_list, row);
    }
  if (n > 0)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->steps_list, CLAMP (select, 0, (int) n - 1));

      gtk_list_box_select_row (self->steps_list, row);
    }
  sonde_a11y_set_list_mnemonic (self->steps_label, self->steps_list);

  clear_list (self->history_list);
  for (guint i = 0; i < n_history; i++)
    {
      const char *label = sonde_cleaning_get_history_label (self->cleaning, self->source, i);
      g_autofree char *name = NULL;
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), label);
      if (i == position)
        {
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Current"));
          /* Translators: a history entry, the current one */
          name = g_strdup_printf (_("%s, current"), label);
        }
      else
        name = g_strdup (label);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      sonde_a11y_set_label (row, name);
      gtk_list_box_append (self->history_list, row);
    }
  sonde_a11y_set_list_mnemonic (self->history_label, self->history_list);
  update_actions (self);
}

/* The lists, and the status line says what there is. */
static void
fill (SondeCleanPane *self,
      int             select)
{
  fill_lists (self, select);
  if (self->source != NULL && !self->busy)
    {
      g_autofree char *text = summary (self);

      say (self, text, FALSE);
    }
}

static void
set_busy (SondeCleanPane *self,
          gboolean        busy)
{
  self->busy = busy;
  gtk_widget_set_visible (self->spinner, busy);
  /* The lists stay sensitive (an insensitive list would push the focus
   * elsewhere, and Orca would read it): their actions wait instead. */
  update_actions (self);
}

typedef struct
{
  SondeCleanPane *pane;
  int             select;
} ChangeJob;

static void
change_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  ChangeJob *job = user_data;
  g_autoptr(SondeCleanPane) self = job->pane;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  int select = job->select;

  g_free (job);
  self->busy = FALSE;
  /* The status line takes the focus first (from Cancel, which the spinner
   * hides), then the lists are rebuilt: the focus never falls into another
   * widget on its way, which Orca would read. */
  if (!sonde_cleaning_change_finish (SONDE_CLEANING (object), result, &message, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        say (self, _("Cancelled: nothing was changed."), TRUE);
      else
        {
          /* Translators: why a change of the steps failed */
          g_autofree char *text = g_strdup_printf (_("Nothing was changed: %s"), error->message);

          say (self, text, TRUE);
        }
      gtk_widget_set_visible (self->spinner, FALSE);
      update_actions (self);
      return;
    }
  say (self, message, TRUE);
  gtk_widget_set_visible (self->spinner, FALSE);
  fill_lists (self, select);
}

/**
 * sonde_clean_pane_change:
 * @change: what to do (not ADD or REPLACE: the step dialog does those)
 * @index: the step, or for GO_TO the history entry
 * @other: MOVE: the step's new place
 *
 * Changes the shown dataset's pipeline in a worker; the status line says
 * what was done.
 */
void
sonde_clean_pane_change (SondeCleanPane      *self,
                         SondeCleaningChange  change,
                         guint                index,
                         guint                other)
{
  ChangeJob *job;

  g_return_if_fail (SONDE_IS_CLEAN_PANE (self));
  g_return_if_fail (change != SONDE_CLEANING_ADD && change != SONDE_CLEANING_REPLACE);

  if (self->busy || self->source == NULL)
    return;
  job = g_new0 (ChangeJob, 1);
  job->pane = g_object_ref (self);
  job->select = change == SONDE_CLEANING_MOVE ? (int) other
                : change == SONDE_CLEANING_REMOVE ? (int) index - 1 : (int) index;
  if (change == SONDE_CLEANING_GO_TO)
    job->select = 0;
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  set_busy (self, TRUE);
  /* Cancel has the focus while the steps run (Enter stops them), so that
   * the status line, which takes it back when they are done, is read even
   * when it had the focus before (Orca does not read a focused label whose
   * text changes); the lists are rebuilt then. */
  say (self, _("Running the cleaning steps…"), FALSE);
  gtk_widget_grab_focus (self->cancel_button);
  sonde_cleaning_change_async (self->cleaning, self->source, change, index, other, NULL,
                               self->cancellable, change_done, job);
}

gboolean
sonde_clean_pane_is_busy (SondeCleanPane *self)
{
  g_return_val_if_fail (SONDE_IS_CLEAN_PANE (self), FALSE);

  return self->busy;
}

const char *
sonde_clean_pane_get_status (SondeCleanPane *self)
{
  g_return_val_if_fail (SONDE_IS_CLEAN_PANE (self), NULL);

  return gtk_label_get_text (self->status_label);
}

const char *
sonde_clean_pane_get_source (SondeCleanPane *self)
{
  g_return_val_if_fail (SONDE_IS_CLEAN_PANE (self), NULL);

  return self->source;
}

static void
step_applied_cb (SondeStepDialog *dialog,
                 const char      *message,
                 SondeCleanPane  *self)
{
  int index = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "sonde-step-index"));

  say (self, message, TRUE);
  fill_lists (self, index >= 0 ? index : (int) n_steps (self) - 1);
}

/**
 * sonde_clean_pane_open_step_dialog:
 * @index: the step to change, or -1 to add one
 *
 * Returns: (transfer none) (nullable): the dialog, presented.
 */
SondeStepDialog *
sonde_clean_pane_open_step_dialog (SondeCleanPane *self,
                                   int             index)
{
  SondeStepDialog *dialog;
  GtkRoot *root;

  g_return_val_if_fail (SONDE_IS_CLEAN_PANE (self), NULL);

  if (self->source == NULL || self->busy)
    return NULL;
  dialog = sonde_step_dialog_new (self->cleaning, self->datasets, self->source, index);
  root = gtk_widget_get_root (GTK_WIDGET (self));
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (root));
  g_object_set_data (G_OBJECT (dialog), "sonde-step-index", GINT_TO_POINTER (index));
  g_signal_connect_object (dialog, "applied", G_CALLBACK (step_applied_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));

  return dialog;
}

/* Actions -------------------------------------------------------------- */

static void
add_action_cb (GSimpleAction *action,
               GVariant      *param,
               gpointer       user_data)
{
  sonde_clean_pane_open_step_dialog (SONDE_CLEAN_PANE (user_data), -1);
}

static void
change_action_cb (GSimpleAction *action,
                  GVariant      *param,
                  gpointer       user_data)
{
  SondeCleanPane *self = SONDE_CLEAN_PANE (user_data);
  int step = focused_step (self);

  if (step >= 0)
    sonde_clean_pane_open_step_dialog (self, step);
}

static void
undo_action_cb (GSimpleAction *action,
                GVariant      *param,
                gpointer       user_data)
{
  SondeCleanPane *self = SONDE_CLEAN_PANE (user_data);
  guint position = sonde_cleaning_get_history_position (self->cleaning, self->source);

  if (gtk_widget_get_mapped (GTK_WIDGET (self)) && position > 0)
    sonde_clean_pane_change (self, SONDE_CLEANING_GO_TO, position - 1, 0);
}

static void
redo_action_cb (GSimpleAction *action,
                GVariant      *param,
                gpointer       user_data)
{
  SondeCleanPane *self = SONDE_CLEAN_PANE (user_data);
  guint position = sonde_cleaning_get_history_position (self->cleaning, self->source);

  if (gtk_widget_get_mapped (GTK_WIDGET (self))
      && position + 1 < sonde_cleaning_get_n_history (self->cleaning, self->source))
    sonde_clean_pane_change (self, SONDE_CLEANING_GO_TO, position + 1, 0);
}

static void
remove_action_cb (GSimpleAction *action,
                  GVariant      *param,
                  gpointer       user_data)
{
  SondeCleanPane *self = SONDE_CLEAN_PANE (user_data);
  int step = focused_step (self);

  if (step >= 0)
    sonde_clean_pane_change (self, SONDE_CLEANING_REMOVE, step, 0);
}

static void
toggle_action_cb (GSimpleAction *action,
                  GVariant      *param,
                  gpointer       user_data)
{
  SondeCleanPane *self = SONDE_CLEAN_PANE (user_data);
  int step = focused_step (self);

  if (step >= 0)
    {
      SondeStep *s = sonde_pipeline_get_step (sonde_cleaning_get_pipeline (self->cleaning, self->source), step);

      sonde_clean_pane_change (self, sonde_step_get_enabled (s) ? SONDE_CLEANING_DISABLE : SONDE_CLEANING_ENABLE,
                               step, 0);
    }
}

static void
move (SondeCleanPane *self,
      int             by)
{
  int step = focused_step (self);

  if (step >= 0 && step + by >= 0 && (guint) (step + by) < n_steps (self))
    sonde_clean_pane_change (self, SONDE_CLEANING_MOVE, step, step + by);
}

static void
move_up_action_cb (GSimpleAction *action,
                   GVariant      *param,
                   gpointer       user_data)
{
  move (SONDE_CLEAN_PANE (user_data), -1);
}

static void
move_down_action_cb (GSimpleAction *action,
                     GVariant      *param,
                     gpointer       user_data)
{
  move (SONDE_CLEAN_PANE (user_data), 1);
}

static void
show_result_action_cb (GSimpleAction *action,
                       GVariant      *param,
                       gpointer       user_data)
{
  SondeCleanPane *self = SONDE_CLEAN_PANE (user_data);
  SondeTable *result = sonde_cleaning_get_result (self->cleaning, self->source);

  if (result != NULL)
    g_signal_emit (self, signals[SHOW_TABLE], 0, result);
}

static void
cancel_action_cb (GSimpleAction *action,
                  GVariant      *param,
                  gpointer       user_data)
{
  SondeCleanPane *self = SONDE_CLEAN_PANE (user_data);

  g_cancellable_cancel (self->cancellable);
}

static const GActionEntry pane_entries[] = {
  { "add", add_action_cb },
  { "change", change_action_cb },
  { "undo", undo_action_cb },
  { "redo", redo_action_cb },
  { "remove", remove_action_cb },
  { "toggle", toggle_action_cb },
  { "move-up", move_up_action_cb },
  { "move-down", move_down_action_cb },
  { "show-result", show_result_action_cb },
  { "cancel", cancel_action_cb },
};

/* Datasets ------------------------------------------------------------- */

/* A dataset made by a pipeline is not offered as an original. */
static gboolean
is_source (gpointer item,
           gpointer user_data)
{
  SondeCleanPane *self = user_data;

  return sonde_cleaning_get_source_of (self->cleaning, sonde_table_get_name (SONDE_TABLE (item))) == NULL;
}

/**
 * sonde_clean_pane_set_table:
 * @table: (nullable): a dataset; a cleaned one shows its original
 *
 * Shows @table's cleaning steps.
 */
void
sonde_clean_pane_set_table (SondeCleanPane *self,
                            SondeTable     *table)
{
  const char *source;
  const char *name = NULL;
  guint n;

  g_return_if_fail (SONDE_IS_CLEAN_PANE (self));

  if (table != NULL && (source = sonde_cleaning_get_source_of (self->cleaning, sonde_table_get_name (table))) != NULL)
    name = source;
  else if (table != NULL)
    name = sonde_table_get_name (table);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->sources));
  for (guint i = 0; name != NULL && i < n; i++)
    {
      g_autoptr(SondeTable) t = g_list_model_get_item (G_LIST_MODEL (self->sources), i);

      if (g_strcmp0 (sonde_table_get_name (t), name) == 0 && adw_combo_row_get_selected (self->dataset_row) != i)
        {
          adw_combo_row_set_selected (self->dataset_row, i);
          return;
        }
    }
  if (g_strcmp0 (self->source, name) == 0)
    return;
  g_free (self->source);
  self->source = g_strdup (name);
  fill (self, 0);
}

static void
dataset_selected_cb (SondeCleanPane *self)
{
  guint selected = adw_combo_row_get_selected (self->dataset_row);
  g_autoptr(SondeTable) table = NULL;

  if (selected != GTK_INVALID_LIST_POSITION)
    table = g_list_model_get_item (G_LIST_MODEL (self->sources), selected);
  if (table != NULL && self->source != NULL && g_strcmp0 (sonde_table_get_name (table), self->source) == 0)
    return;
  sonde_clean_pane_set_table (self, table);
}

static void
datasets_changed_cb (SondeCleanPane *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->sources));

  gtk_widget_set_visible (self->empty_page, n == 0);
  gtk_widget_set_visible (self->content_page, n > 0);
  dataset_selected_cb (self);
}

static void
cleaning_changed_cb (SondeCleanPane *self,
                     const char     *source)
{
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  /* A change of this pane's own is shown when it is done (change_done ()),
   * the status line focused first: rebuilding the lists now would destroy
   * the focused row, and Orca would read whatever list changes next. */
  if (self->busy)
    return;
  if (source == NULL || g_strcmp0 (source, self->source) == 0)
    fill (self, focused_step (self));
}

/* Keys of the steps list: Delete, Alt+Up, Alt+Down. */
static gboolean
steps_key_cb (GtkEventControllerKey *controller,
              guint                  keyval,
              guint                  keycode,
              GdkModifierType        state,
              SondeCleanPane        *self)
{
  state &= gtk_accelerator_get_default_mod_mask ();
  if ((keyval == GDK_KEY_Delete || keyval == GDK_KEY_KP_Delete) && state == 0)
    {
      g_action_group_activate_action (G_ACTION_GROUP (self->actions), "remove", NULL);
      return TRUE;
    }
  if ((keyval == GDK_KEY_Up || keyval == GDK_KEY_KP_Up) && state == GDK_ALT_MASK)
    {
      g_action_group_activate_action (G_ACTION_GROUP (self->actions), "move-up", NULL);
      return TRUE;
    }
  if ((keyval == GDK_KEY_Down || keyval == GDK_KEY_KP_Down) && state == GDK_ALT_MASK)
    {
      g_action_group_activate_action (G_ACTION_GROUP (self->actions), "move-down", NULL);
      return TRUE;
    }
  return FALSE;
}

static void
step_activated_cb (SondeCleanPane *self,
                   GtkListBoxRow  *row)
{
  sonde_clean_pane_open_step_dialog (self, gtk_list_box_row_get_index (row));
}

static void
history_activated_cb (SondeCleanPane *self,
                      GtkListBoxRow  *row)
{
  guint index = gtk_list_box_row_get_index (row);

  if (index != sonde_cleaning_get_history_position (self->cleaning, self->source))
    sonde_clean_pane_change (self, SONDE_CLEANING_GO_TO, index, 0);
  else
    say (self, _("This is where the steps are now."), TRUE);
}

/* Building -------------------------------------------------------------- */

static void
build (SondeCleanPane *self)
{
  GtkWidget *empty, *scroller, *box, *bar, *step_bar;
  GtkEventController *keys;


  empty = adw_status_page_new ();
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (empty), "io.github.sonde.Sonde-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (empty), _("No Dataset to Clean"));
  adw_status_page_set_description (ADW_STATUS_PAGE (empty),
                                   _("Open or import a dataset first, or start with a sample dataset from the Project pane."));
  self->empty_page = empty;

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);

  self->dataset_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->dataset_row), _("_Dataset"));
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (self->dataset_row), TRUE);
  gtk_box_append (GTK_BOX (box), sonde_pane_group (_("Clean"), GTK_WIDGET (self->dataset_row)));

  bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  {
    GtkWidget *add = sonde_pane_button (_("_Add Step…"), "clean.add");

    gtk_widget_add_css_class (add, "pill");
    gtk_widget_add_css_class (add, "suggested-action");
    gtk_widget_set_tooltip_text (add, _("Add a cleaning step at the end, with a preview of what it does"));
    gtk_box_append (GTK_BOX (bar), add);
  }
  {
    GtkWidget *undo = sonde_pane_button (_("_Undo"), "clean.undo");
    GtkWidget *redo = sonde_pane_button (_("_Redo"), "clean.redo");
    GtkWidget *show = sonde_pane_button (_("Show _Cleaned Data"), "clean.show-result");
    GtkWidget *cancel = self->cancel_button = sonde_pane_button (_("Ca_ncel"), "clean.cancel");

    gtk_widget_set_tooltip_text (undo, _("Undo the last change (Ctrl+Z)"));
    gtk_widget_set_tooltip_text (redo, _("Redo the change undone (Ctrl+Shift+Z)"));
    gtk_widget_set_tooltip_text (show, _("Show the cleaned dataset in the Data pane"));
    gtk_box_append (GTK_BOX (bar), undo);
    gtk_box_append (GTK_BOX (bar), redo);
    gtk_box_append (GTK_BOX (bar), show);
    self->spinner = gtk_spinner_new ();
    gtk_spinner_set_spinning (GTK_SPINNER (self->spinner), TRUE);
    gtk_widget_set_visible (self->spinner, FALSE);
    gtk_box_append (GTK_BOX (bar), self->spinner);
    gtk_box_append (GTK_BOX (bar), cancel);
    g_object_bind_property (self->spinner, "visible", cancel, "visible", G_BINDING_SYNC_CREATE);
  }
  gtk_box_append (GTK_BOX (box), bar);

  for (guint i = 0; i < G_N_ELEMENTS (self->status_labels); i++)
    {
      GtkLabel *status = GTK_LABEL (gtk_label_new (NULL));

      gtk_label_set_wrap (status, TRUE);
      gtk_label_set_xalign (status, 0.0f);
      gtk_label_set_selectable (status, TRUE);
      gtk_widget_set_visible (GTK_WIDGET (status), i == 0);
      gtk_box_append (GTK_BOX (box), GTK_WIDGET (status));
      self->status_labels[i] = status;
    }
  self->status_label = self->status_labels[0];

  self->steps_list = GTK_LIST_BOX (sonde_pane_boxed_list (_("No steps yet.")));
  gtk_list_box_set_selection_mode (self->steps_list, GTK_SELECTION_SINGLE);
  g_signal_connect_swapped (self->steps_list, "row-activated", G_CALLBACK (step_activated_cb), self);
  g_signal_connect_swapped (self->steps_list, "row-selected", G_CALLBACK (update_actions), self);
  keys = gtk_event_controller_key_new ();
  g_signal_connect (keys, "key-pressed", G_CALLBACK (steps_key_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->steps_list), keys);
  gtk_box_append (GTK_BOX (box), sonde_pane_list_section (_("_Steps"), self->steps_list, &self->steps_label));
  gtk_box_append (GTK_BOX (box),
                  sonde_pane_hint (_("Enter changes the step, with a preview; Delete removes it; Alt+Up and Alt+Down move it.")));
  sonde_a11y_set_description (GTK_WIDGET (self->steps_list),
                              _("Enter changes the step, with a preview; Delete removes it; Alt+Up and Alt+Down move it."));

  step_bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_append (GTK_BOX (step_bar), sonde_pane_button (_("Chan_ge…"), "clean.change"));
  gtk_box_append (GTK_BOX (step_bar), sonde_pane_button (_("Move U_p"), "clean.move-up"));
  gtk_box_append (GTK_BOX (step_bar), sonde_pane_button (_("Move Do_wn"), "clean.move-down"));
  self->toggle_button = sonde_pane_button (_("Disa_ble"), "clean.toggle");
  gtk_box_append (GTK_BOX (step_bar), self->toggle_button);
  gtk_box_append (GTK_BOX (step_bar), sonde_pane_button (_("Re_move"), "clean.remove"));
  gtk_box_append (GTK_BOX (box), step_bar);

  self->history_list = GTK_LIST_BOX (sonde_pane_boxed_list (_("Nothing done yet.")));
  g_signal_connect_swapped (self->history_list, "row-activated", G_CALLBACK (history_activated_cb), self);
  gtk_box_append (GTK_BOX (box), sonde_pane_list_section (_("_History"), self->history_list, &self->history_label));
  gtk_box_append (GTK_BOX (box),
                  sonde_pane_hint (_("Enter on an entry goes back, or forward, to it. Ctrl+Z undoes, Ctrl+Shift+Z redoes.")));

  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  {
    GtkWidget *clamp = adw_clamp_new ();

    adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 900);
    adw_clamp_set_child (ADW_CLAMP (clamp), box);
    gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), clamp);
  }
  /* Two pages, one shown; not a GtkStack, whose page Orca would read as
   * a second "Clean panel". */
  self->content_page = scroller;
  gtk_widget_set_vexpand (scroller, TRUE);
  gtk_widget_set_vexpand (empty, TRUE);
  {
    GtkWidget *pages = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

    gtk_box_append (GTK_BOX (pages), empty);
    gtk_box_append (GTK_BOX (pages), scroller);
    adw_bin_set_child (ADW_BIN (self), pages);
  }
}

static void
sonde_clean_pane_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (sonde_clean_pane_parent_class)->map (widget);
  update_actions (SONDE_CLEAN_PANE (widget));
}

static void
sonde_clean_pane_unmap (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (sonde_clean_pane_parent_class)->unmap (widget);
  update_actions (SONDE_CLEAN_PANE (widget));
}

static void
sonde_clean_pane_dispose (GObject *object)
{
  SondeCleanPane *self = SONDE_CLEAN_PANE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->cleaning != NULL)
    g_signal_handlers_disconnect_by_data (self->cleaning, self);
  g_clear_object (&self->sources);
  g_clear_object (&self->cleaning);
  g_clear_object (&self->datasets);
  g_clear_object (&self->actions);

  G_OBJECT_CLASS (sonde_clean_pane_parent_class)->dispose (object);
}

static void
sonde_clean_pane_finalize (GObject *object)
{
  SondeCleanPane *self = SONDE_CLEAN_PANE (object);

  g_free (self->source);

  G_OBJECT_CLASS (sonde_clean_pane_parent_class)->finalize (object);
}

static void
sonde_clean_pane_class_init (SondeCleanPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sonde_clean_pane_dispose;
  object_class->finalize = sonde_clean_pane_finalize;
  widget_class->map = sonde_clean_pane_map;
  widget_class->unmap = sonde_clean_pane_unmap;

  /**
   * SondeCleanPane::show-table:
   * @table: the cleaned dataset
   *
   * The user asked to see the cleaned dataset.
   */
  signals[SHOW_TABLE] = g_signal_new ("show-table", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                      0, NULL, NULL, NULL, G_TYPE_NONE, 1, SONDE_TYPE_TABLE);
}

static void
sonde_clean_pane_init (SondeCleanPane *self)
{
  build (self);
  sonde_a11y_fix_mnemonic_names (GTK_WIDGET (self));

  self->actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self->actions), pane_entries,
                                   G_N_ELEMENTS (pane_entries), self);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "clean", G_ACTION_GROUP (self->actions));
  sonde_pane_add_shortcut (GTK_WIDGET (self), "<Control>z", "clean.undo");
  sonde_pane_add_shortcut (GTK_WIDGET (self), "<Control><Shift>z", "clean.redo");
}

/**
 * sonde_clean_pane_new:
 * @datasets: the window's list of open #SondeTable
 * @cleaning: their pipelines
 *
 * Returns: (transfer full): a new Clean pane.
 */
SondeCleanPane *
sonde_clean_pane_new (GListStore    *datasets,
                      SondeCleaning *cleaning)
{
  SondeCleanPane *self;
  GtkExpression *name;

  g_return_val_if_fail (G_IS_LIST_STORE (datasets), NULL);
  g_return_val_if_fail (SONDE_IS_CLEANING (cleaning), NULL);

  self = g_object_new (SONDE_TYPE_CLEAN_PANE, NULL);
  self->datasets = g_object_ref (datasets);
  self->cleaning = g_object_ref (cleaning);
  self->filter = gtk_custom_filter_new (is_source, self, NULL);
  self->sources = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (datasets)), GTK_FILTER (self->filter));

  name = gtk_property_expression_new (SONDE_TYPE_TABLE, NULL, "name");
  adw_combo_row_set_expression (self->dataset_row, name);
  gtk_expression_unref (name);
  adw_combo_row_set_model (self->dataset_row, G_LIST_MODEL (self->sources));
  sonde_a11y_follow_combo_row (self->dataset_row);
  g_signal_connect_object (self->dataset_row, "notify::selected", G_CALLBACK (dataset_selected_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sources, "items-changed", G_CALLBACK (datasets_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (cleaning, "changed", G_CALLBACK (cleaning_changed_cb), self, G_CONNECT_SWAPPED);
  datasets_changed_cb (self);

  return self;
}
