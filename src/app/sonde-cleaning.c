/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sonde"

/* SondeCleaning: the clean pipelines of the open datasets, shared by the
 * Clean pane (which shows and edits them) and the Quality pane (whose
 * Fix… adds a step). Each dataset ("students") has at most one pipeline;
 * what it makes is a dataset of its own in the window's list, "students
 * (cleaned)", replaced each time the pipeline changes; the original is
 * never touched. Each pipeline keeps its history: every change is an entry
 * (the pipeline's JSON and a sentence), undo and redo move along it, and
 * any entry can be gone back to.
 *
 * A change runs the pipeline again from the original in a worker (every
 * step learns anew from what the steps before it make), except a step
 * added at the end, which runs on the cleaned dataset alone. A change
 * that fails changes nothing: the error names the step at fault. The
 * project keeps each pipeline under the cleaned dataset's name, with the
 * original's name (sonde_project_set_pipelines ()). */

#include "config.h"

#include <glib/gi18n.h>

#include "sonde-a11y.h"
#include "sonde-cleaning.h"
#include "sonde-dataset.h"
#include "sonde-step-form.h"

typedef struct
{
  char *data;
  char *label;
} HistoryEntry;

typedef struct
{
  char          *source;
  char          *result_name;
  SondePipeline *pipeline;
  GArray        *effects;      /* SondeStepEffect per step; NULL until run in this session */
  GPtrArray     *history;      /* HistoryEntry */
  guint          position;
} Cleaning;

struct _SondeCleaning
{
  GObject     parent_instance;

  GListStore *datasets;
  GHashTable *cleanings;       /* source name → Cleaning */
  gboolean    busy;
};

G_DEFINE_FINAL_TYPE (SondeCleaning, sonde_cleaning, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
history_entry_free (gpointer data)
{
  HistoryEntry *entry = data;

  g_free (entry->data);
  g_free (entry->label);
  g_free (entry);
}

static void
cleaning_free (gpointer data)
{
  Cleaning *c = data;

  g_free (c->source);
  g_free (c->result_name);
  g_clear_object (&c->pipeline);
  g_clear_pointer (&c->effects, g_array_unref);
  g_ptr_array_unref (c->history);
  g_free (c);
}

static void
sonde_cleaning_finalize (GObject *object)
{
  SondeCleaning *self = SONDE_CLEANING (object);

  g_clear_object (&self->datasets);
  g_hash_table_unref (self->cleanings);

  G_OBJECT_CLASS (sonde_cleaning_parent_class)->finalize (object);
}

static void
sonde_cleaning_class_init (SondeCleaningClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sonde_cleaning_finalize;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
sonde_cleaning_init (SondeCleaning *self)
{
  self->cleanings = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, cleaning_free);
}

/**
 * sonde_cleaning_new:
 * @datasets: the window's datasets (#SondeTable items)
 *
 * Returns: (transfer full): the pipelines of the datasets of @datasets.
 */
SondeCleaning *
sonde_cleaning_new (GListStore *datasets)
{
  SondeCleaning *self = g_object_new (SONDE_TYPE_CLEANING, NULL);

  self->datasets = g_object_ref (datasets);
  return self;
}

static SondeTable *
find_dataset (SondeCleaning *self,
              const char    *name,
              guint         *position)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->datasets));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SondeTable) table = g_list_model_get_item (G_LIST_MODEL (self->datasets), i);

      if (g_strcmp0 (sonde_table_get_name (table), name) == 0)
        {
          if (position != NULL)
            *position = i;
          return table;    /* the store holds a reference */
        }
    }

  return NULL;
}

static char *
unique_result_name (SondeCleaning *self,
                    const char    *source)
{
  /* Translators: the name of the cleaned copy of a dataset */
  g_autofree char *first = g_strdup_printf (_("%s (cleaned)"), source);
  char *name = g_strdup (first);

  for (guint k = 2; find_dataset (self, name, NULL) != NULL; k++)
    {
      g_free (name);
      /* Translators: the cleaned copy of a dataset, numbered */
      name = g_strdup_printf (_("%s (cleaned %u)"), source, k);
    }

  return name;
}

static Cleaning *
get_cleaning (SondeCleaning *self,
              const char    *source,
              gboolean       create)
{
  Cleaning *c = g_hash_table_lookup (self->cleanings, source);

  if (c == NULL && create)
    {
      HistoryEntry *start = g_new0 (HistoryEntry, 1);

      c = g_new0 (Cleaning, 1);
      c->source = g_strdup (source);
      c->result_name = unique_result_name (self, source);
      c->pipeline = sonde_pipeline_new ();
      c->history = g_ptr_array_new_with_free_func (history_entry_free);
      start->data = sonde_pipeline_to_data (c->pipeline);
      start->label = g_strdup (_("The original dataset, no steps"));
      g_ptr_array_add (c->history, start);
      g_hash_table_insert (self->cleanings, c->source, c);
    }

  return c;
}

/**
 * sonde_cleaning_get_pipeline:
 * @self: the pipelines
 * @source: a dataset's name
 *
 * Returns: (transfer none) (nullable): its pipeline, if it has one.
 */
SondePipeline *
sonde_cleaning_get_pipeline (SondeCleaning *self,
                             const char    *source)
{
  Cleaning *c;

  g_return_val_if_fail (SONDE_IS_CLEANING (self), NULL);

  c = get_cleaning (self, source, FALSE);
  return c != NULL ? c->pipeline : NULL;
}

/**
 * sonde_cleaning_get_result_name:
 *
 * Returns: (nullable): the name of the dataset @source's pipeline makes.
 */
const char *
sonde_cleaning_get_result_name (SondeCleaning *self,
                                const char    *source)
{
  Cleaning *c;

  g_return_val_if_fail (SONDE_IS_CLEANING (self), NULL);

  c = get_cleaning (self, source, FALSE);
  return c != NULL ? c->result_name : NULL;
}

/**
 * sonde_cleaning_get_source_of:
 * @name: a dataset's name
 *
 * Returns: (nullable): the name of the dataset whose pipeline makes
 *   @name, or %NULL when no pipeline does.
 */
const char *
sonde_cleaning_get_source_of (SondeCleaning *self,
                              const char    *name)
{
  GHashTableIter iter;
  Cleaning *c;

  g_return_val_if_fail (SONDE_IS_CLEANING (self), NULL);

  g_hash_table_iter_init (&iter, self->cleanings);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &c))
    if (g_strcmp0 (c->result_name, name) == 0)
      return c->source;
  return NULL;
}

/**
 * sonde_cleaning_get_result:
 *
 * Returns: (transfer none) (nullable): the dataset that @source's pipeline
 *   made, as it is in the window's list.
 */
SondeTable *
sonde_cleaning_get_result (SondeCleaning *self,
                           const char    *source)
{
  Cleaning *c;

  g_return_val_if_fail (SONDE_IS_CLEANING (self), NULL);

  c = get_cleaning (self, source, FALSE);
  return c != NULL ? find_dataset (self, c->result_name, NULL) : NULL;
}

/**
 * sonde_cleaning_get_effect:
 *
 * Returns: (nullable): what step @index did when the pipeline last ran in
 *   this session; %NULL when it has not run (a pipeline opened with its
 *   project, before any change).
 */
const SondeStepEffect *
sonde_cleaning_get_effect (SondeCleaning *self,
                           const char    *source,
                           guint          index)
{
  Cleaning *c;

  g_return_val_if_fail (SONDE_IS_CLEANING (self), NULL);

  c = get_cleaning (self, source, FALSE);
  if (c == NULL || c->effects == NULL || index >= c->effects->len)
    return NULL;
  return &g_array_index (c->effects, SondeStepEffect, index);
}

guint
sonde_cleaning_get_n_history (SondeCleaning *self,
                              const char    *source)
{
  Cleaning *c = get_cleaning (self, source, FALSE);

  return c != NULL ? c->history->len : 0;
}

guint
sonde_cleaning_get_history_position (SondeCleaning *self,
                                     const char    *source)
{
  Cleaning *c = get_cleaning (self, source, FALSE);

  return c != NULL ? c->position : 0;
}

const char *
sonde_cleaning_get_history_label (SondeCleaning *self,
                                  const char    *source,
                                  guint          position)
{
  Cleaning *c = get_cleaning (self, source, FALSE);

  if (c == NULL || position >= c->history->len)
    return NULL;
  return ((HistoryEntry *) g_ptr_array_index (c->history, position))->label;
}

/* Joins and appends find the other dataset among a copy of the list taken
 * on the main thread, as the pipeline runs in a worker. */
static SondeTable *
lookup_dataset (const char  *name,
                gpointer     user_data,
                GError     **error)
{
  SondeTable *table = g_hash_table_lookup (user_data, name);

  if (table == NULL)
    {
      /* Translators: %s is a dataset's name */
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID, _("There is no open dataset named “%s”."), name);
      return NULL;
    }
  return g_object_ref (table);
}

static GHashTable *
snapshot_datasets (SondeCleaning *self)
{
  GHashTable *tables = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->datasets));

  for (guint i = 0; i < n; i++)
    {
      SondeTable *table = g_list_model_get_item (G_LIST_MODEL (self->datasets), i);

      g_hash_table_replace (tables, g_strdup (sonde_table_get_name (table)), table);
    }

  return tables;
}

/* The source, whole: refused while its rows are still being read. */
static SondeTable *
get_source (SondeCleaning  *self,
            const char     *source,
            GError        **error)
{
  SondeTable *table = find_dataset (self, source, NULL);

  if (table == NULL)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID, _("There is no open dataset named “%s”."), source);
      return NULL;
    }
  if (sonde_dataset_get_loading_rows (table) > 0)
    {
      /* Translators: %s is a dataset's name */
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                   _("“%s” is still being read; try again when it is."), source);
      return NULL;
    }

  return table;
}

static SondeStep *
copy_step (SondeStep *step)
{
  g_autoptr(JsonNode) node = sonde_step_to_json (step);
  g_autoptr(GError) error = NULL;
  SondeStep *copy = sonde_step_new_from_json (node, &error);

  /* A step's own JSON always reads back. */
  g_assert_no_error (error);
  return copy;
}

static SondePipeline *
copy_pipeline (SondePipeline *pipeline,
               guint          n_steps)
{
  SondePipeline *copy = sonde_pipeline_new ();

  for (guint i = 0; i < n_steps && i < sonde_pipeline_get_n_steps (pipeline); i++)
    {
      g_autoptr(SondeStep) step = copy_step (sonde_pipeline_get_step (pipeline, i));

      sonde_pipeline_add_step (copy, step);
    }

  return copy;
}

/* Puts @result in the window's list under the cleaned name, in place of
 * the one before; none when the pipeline has no step. */
static void
update_result (SondeCleaning *self,
               Cleaning      *c,
               SondeTable    *result)
{
  guint position;
  SondeTable *old = find_dataset (self, c->result_name, &position);
  g_autoptr(SondeTable) shown = NULL;

  /* A table of its own: a pipeline whose steps are all disabled gives
   * back the original. */
  if (result != NULL)
    {
      /* Translators: where a cleaned dataset comes from; %s is the original's name */
      g_autofree char *source = g_strdup_printf (_("Cleaned from “%s”"), c->source);

      shown = sonde_table_share (result, c->result_name);
      sonde_table_set_source (shown, source);
      result = shown;
    }
  if (old != NULL && result != NULL)
    g_list_store_splice (self->datasets, position, 1, (gpointer *) &result, 1);
  else if (old != NULL)
    g_list_store_remove (self->datasets, position);
  else if (result != NULL)
    g_list_store_append (self->datasets, result);
}

static void
push_history (Cleaning   *c,
              const char *label)
{
  HistoryEntry *entry = g_new0 (HistoryEntry, 1);

  if (c->position + 1 < c->history->len)
    g_ptr_array_remove_range (c->history, c->position + 1, c->history->len - c->position - 1);
  entry->data = sonde_pipeline_to_data (c->pipeline);
  entry->label = g_strdup (label);
  g_ptr_array_add (c->history, entry);
  c->position = c->history->len - 1;
}

/* Steps learn in place: the pipeline takes what they learned. */
static void
set_pipeline (Cleaning      *c,
              SondePipeline *pipeline,
              GArray        *effects)
{
  g_set_object (&c->pipeline, pipeline);
  g_clear_pointer (&c->effects, g_array_unref);
  c->effects = effects != NULL ? g_array_ref (effects) : NULL;
}

static SondeTable *
current_input (SondeCleaning *self,
               const char    *source,
               Cleaning      *c,
               GError       **error)
{
  SondeTable *result;

  if (c != NULL && sonde_pipeline_get_n_steps (c->pipeline) > 0
      && (result = find_dataset (self, c->result_name, NULL)) != NULL)
    {
      if (sonde_dataset_get_loading_rows (result) > 0)
        {
          g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                       _("“%s” is still being read; try again when it is."), c->result_name);
          return NULL;
        }
      return result;
    }

  return get_source (self, source, error);
}

static char *
step_label (const char *format,
            guint       index,
            SondeStep  *step)
{
  g_autofree char *what = sonde_step_form_describe (step);

  return g_strdup_printf (format, index + 1, what);
}

/* Previews ------------------------------------------------------------ */

typedef struct
{
  SondeTable    *source;
  SondePipeline *prefix;      /* NULL: @source is already the input */
  SondeStep     *step;
  GHashTable    *tables;
  SondeTable    *input;
  SondeTable    *output;
  SondeStepEffect effect;
} PreviewData;

static void
preview_data_free (gpointer data)
{
  PreviewData *p = data;

  g_clear_object (&p->source);
  g_clear_object (&p->prefix);
  g_clear_object (&p->step);
  g_clear_pointer (&p->tables, g_hash_table_unref);
  g_clear_object (&p->input);
  g_clear_object (&p->output);
  g_free (p);
}

static void
preview_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  PreviewData *p = task_data;
  g_autoptr(GError) error = NULL;

  if (p->prefix != NULL)
    {
      sonde_pipeline_set_lookup (p->prefix, lookup_dataset, g_hash_table_ref (p->tables),
                                 (GDestroyNotify) g_hash_table_unref);
      p->input = sonde_pipeline_fit_apply (p->prefix, p->source, NULL, &error);
    }
  else
    p->input = g_object_ref (p->source);

  if (p->input == NULL
      || g_cancellable_set_error_if_cancelled (cancellable, &error)
      || (p->output = sonde_step_fit_apply (p->step, p->input, lookup_dataset, p->tables,
                                            &p->effect, &error)) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_boolean (task, TRUE);
}

/**
 * sonde_cleaning_preview_async:
 * @self: the pipelines
 * @source: the dataset's name
 * @index: where the step would go (the number of steps: at the end)
 * @step: the step to try; it is copied
 *
 * Tries @step on what the steps before @index make, in a worker, without
 * changing anything.
 */
void
sonde_cleaning_preview_async (SondeCleaning       *self,
                              const char          *source,
                              guint                index,
                              SondeStep           *step,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GError) error = NULL;
  Cleaning *c = get_cleaning (self, source, FALSE);
  PreviewData *p;
  SondeTable *input;
  guint n_steps = c != NULL ? sonde_pipeline_get_n_steps (c->pipeline) : 0;

  g_task_set_source_tag (task, sonde_cleaning_preview_async);
  if (index >= n_steps)
    input = current_input (self, source, c, &error);
  else
    input = get_source (self, source, &error);
  if (input == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  p = g_new0 (PreviewData, 1);
  p->source = g_object_ref (input);
  p->prefix = index < n_steps && index > 0 ? copy_pipeline (c->pipeline, index) : NULL;
  p->step = copy_step (step);
  p->tables = snapshot_datasets (self);
  g_task_set_task_data (task, p, preview_data_free);
  g_task_run_in_thread (task, preview_thread);
}

/**
 * sonde_cleaning_preview_finish:
 * @input: (out) (transfer full) (optional): the table the step was given
 * @effect: (out caller-allocates) (optional): what it did to it
 *
 * Returns: (transfer full) (nullable): what the step made of @input.
 */
SondeTable *
sonde_cleaning_preview_finish (SondeCleaning    *self,
                               GAsyncResult     *result,
                               SondeTable      **input,
                               SondeStepEffect  *effect,
                               GError          **error)
{
  PreviewData *p;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return NULL;
  p = g_task_get_task_data (G_TASK (result));
  if (input != NULL)
    *input = g_object_ref (p->input);
  if (effect != NULL)
    *effect = p->effect;
  return g_object_ref (p->output);
}

/* Changes -------------------------------------------------------------- */

typedef struct
{
  char                *source;
  SondeCleaningChange  change;
  guint                index;
  guint                other;
  SondePipeline       *pipeline;     /* the whole new pipeline */
  gboolean             only_last;    /* ran only its last step, on the cleaned dataset */
  char                *label;        /* the history entry, or NULL when moving in the history */
  char                *message;
} ChangeData;

static void
change_data_free (gpointer data)
{
  ChangeData *d = data;

  g_free (d->source);
  g_clear_object (&d->pipeline);
  g_free (d->label);
  g_free (d->message);
  g_free (d);
}

static char *
describe_result (SondeTable *result,
                 const char *name)
{
  g_autofree char *rows = sonde_a11y_format_count (result != NULL ? sonde_table_get_n_rows (result) : 0);
  guint n_columns = result != NULL ? sonde_table_get_n_columns (result) : 0;

  if (result == NULL)
    /* Translators: %s is the cleaned dataset's name */
    return g_strdup_printf (_("No step is left: “%s” is closed."), name);
  /* Translators: the cleaned dataset's name, its rows (a formatted number) and columns */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "“%s” now has %s rows and %u column.",
                                       "“%s” now has %s rows and %u columns.", n_columns),
                          name, rows, n_columns);
}

static void
change_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SondeCleaning *self = g_task_get_source_object (task);
  ChangeData *d = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) effects = NULL;
  g_autoptr(SondeTable) out = NULL;
  g_autoptr(GArray) all = NULL;
  g_autofree char *what = NULL;
  g_autofree char *effect_text = NULL;
  Cleaning *c;

  self->busy = FALSE;
  out = sonde_pipeline_run_finish (SONDE_PIPELINE (object), result, &effects, &error);
  if (out == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  c = get_cleaning (self, d->source, TRUE);
  if (d->only_last)
    {
      SondeStep *fitted = sonde_pipeline_get_step (SONDE_PIPELINE (object), 0);

      g_object_ref (fitted);
      sonde_pipeline_remove_step (d->pipeline, sonde_pipeline_get_n_steps (d->pipeline) - 1);
      sonde_pipeline_add_step (d->pipeline, fitted);
      g_object_unref (fitted);
      all = g_array_new (FALSE, TRUE, sizeof (SondeStepEffect));
      if (c->effects != NULL)
        g_array_append_vals (all, c->effects->data, c->effects->len);
      g_array_append_vals (all, effects->data, effects->len);
    }
  else
    all = g_steal_pointer (&effects);

  set_pipeline (c, d->pipeline, all);
  if (d->label != NULL)
    push_history (c, d->label);
  else
    c->position = d->other;
  update_result (self, c, sonde_pipeline_get_n_steps (c->pipeline) > 0 ? out : NULL);

  what = describe_result (sonde_pipeline_get_n_steps (c->pipeline) > 0 ? out : NULL, c->result_name);
  switch (d->change)
    {
    case SONDE_CLEANING_ADD:
    case SONDE_CLEANING_REPLACE:
      effect_text = sonde_step_effect_describe_changes (&g_array_index (all, SondeStepEffect, d->index));
      d->message = g_strdup_printf (d->change == SONDE_CLEANING_ADD
                                    /* Translators: the step's number, what it did, then the dataset's size */
                                    ? _("Step %u applied: %s. %s")
                                    /* Translators: the step's number, what it did, then the dataset's size */
                                    : _("Step %u changed: %s. %s"),
                                    d->index + 1, effect_text, what);
      break;
    case SONDE_CLEANING_REMOVE:
      /* Translators: the step's number, then the dataset's size */
      d->message = g_strdup_printf (_("Step %u removed. %s"), d->index + 1, what);
      break;
    case SONDE_CLEANING_MOVE:
      /* Translators: a step's old and new numbers, then the dataset's size */
      d->message = g_strdup_printf (_("Step %u is now step %u. %s"), d->index + 1, d->other + 1, what);
      break;
    case SONDE_CLEANING_ENABLE:
      /* Translators: the step's number, then the dataset's size */
      d->message = g_strdup_printf (_("Step %u enabled. %s"), d->index + 1, what);
      break;
    case SONDE_CLEANING_DISABLE:
      /* Translators: the step's number, then the dataset's size */
      d->message = g_strdup_printf (_("Step %u disabled: it is kept but skipped. %s"), d->index + 1, what);
      break;
    case SONDE_CLEANING_GO_TO:
    default:
      {
        const char *label = ((HistoryEntry *) g_ptr_array_index (c->history, c->position))->label;

        if (d->other + 1 == d->index)
          {
            const char *undone = ((HistoryEntry *) g_ptr_array_index (c->history, d->index))->label;

            /* Translators: the history entry undone, then the dataset's size */
            d->message = g_strdup_printf (_("Undone: %s. %s"), undone, what);
          }
        else if (d->other == d->index + 1)
          /* Translators: the history entry redone, then the dataset's size */
          d->message = g_strdup_printf (_("Redone: %s. %s"), label, what);
        else
          /* Translators: a history entry, then the dataset's size */
          d->message = g_strdup_printf (_("Back to: %s. %s"), label, what);
      }
      break;
    }

  g_signal_emit (self, signals[CHANGED], 0, d->source);
  g_task_return_boolean (task, TRUE);
}

/**
 * sonde_cleaning_change_async:
 * @self: the pipelines
 * @source: the dataset's name
 * @change: what to do
 * @index: the step concerned (ADD: ignored, the step goes at the end);
 *   for GO_TO, the history entry to go to
 * @other: MOVE: the step's new place
 * @step: (nullable): ADD, REPLACE: the new step, not fitted (it is copied)
 *
 * Changes @source's pipeline and runs it in a worker; nothing changes
 * when it fails. One change at a time.
 */
void
sonde_cleaning_change_async (SondeCleaning       *self,
                             const char          *source,
                             SondeCleaningChange  change,
                             guint                index,
                             guint                other,
                             SondeStep           *step,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) tables = NULL;
  g_autoptr(SondePipeline) run = NULL;
  Cleaning *c;
  ChangeData *d;
  SondeTable *input;
  guint n_steps;

  g_return_if_fail (SONDE_IS_CLEANING (self));
  g_return_if_fail ((change != SONDE_CLEANING_ADD && change != SONDE_CLEANING_REPLACE) || SONDE_IS_STEP (step));
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sonde_cleaning_change_async);

  if (self->busy)
    {
      g_task_return_new_error (task, SONDE_ERROR, SONDE_ERROR_INVALID,
                               _("The cleaning steps are being run; try again when they are done."));
      return;
    }
  if (get_source (self, source, &error) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  c = get_cleaning (self, source, TRUE);
  n_steps = sonde_pipeline_get_n_steps (c->pipeline);

  d = g_new0 (ChangeData, 1);
  d->source = g_strdup (source);
  d->change = change;
  d->index = change == SONDE_CLEANING_ADD ? n_steps : index;
  d->other = other;
  g_task_set_task_data (task, d, change_data_free);

  if (change == SONDE_CLEANING_GO_TO ? index >= c->history->len
      : change != SONDE_CLEANING_ADD && index >= n_steps)
    {
      g_task_return_new_error (task, SONDE_ERROR, SONDE_ERROR_INVALID, _("There is no such step."));
      return;
    }

  switch (change)
    {
    case SONDE_CLEANING_ADD:
      {
        g_autoptr(SondeStep) copy = copy_step (step);

        d->pipeline = copy_pipeline (c->pipeline, G_MAXUINT);
        sonde_pipeline_add_step (d->pipeline, copy);
        /* Translators: a history entry: the step's number and what it is */
        d->label = step_label (_("Added step %u: %s"), n_steps, copy);
        d->only_last = n_steps > 0 && c->effects != NULL;
      }
      break;

    case SONDE_CLEANING_REPLACE:
      {
        g_autoptr(SondeStep) copy = copy_step (step);

        d->pipeline = sonde_pipeline_new ();
        for (guint i = 0; i < n_steps; i++)
          {
            g_autoptr(SondeStep) s = i == index ? g_object_ref (copy)
                                                : copy_step (sonde_pipeline_get_step (c->pipeline, i));

            sonde_pipeline_add_step (d->pipeline, s);
          }
        /* Translators: a history entry: the step's number and what it is now */
        d->label = step_label (_("Changed step %u: %s"), index, copy);
      }
      break;

    case SONDE_CLEANING_REMOVE:
      d->pipeline = copy_pipeline (c->pipeline, G_MAXUINT);
      /* Translators: a history entry: the step's number and what it was */
      d->label = step_label (_("Removed step %u: %s"), index, sonde_pipeline_get_step (c->pipeline, index));
      sonde_pipeline_remove_step (d->pipeline, index);
      break;

    case SONDE_CLEANING_MOVE:
      {
        g_autofree char *what = sonde_step_form_describe (sonde_pipeline_get_step (c->pipeline, index));
        g_autoptr(GPtrArray) order = g_ptr_array_new ();

        if (other >= n_steps)
          {
            g_task_return_new_error (task, SONDE_ERROR, SONDE_ERROR_INVALID, _("There is no such step."));
            return;
          }
        for (guint i = 0; i < n_steps; i++)
          if (i != index)
            g_ptr_array_add (order, sonde_pipeline_get_step (c->pipeline, i));
        g_ptr_array_insert (order, other, sonde_pipeline_get_step (c->pipeline, index));
        d->pipeline = sonde_pipeline_new ();
        for (guint i = 0; i < order->len; i++)
          {
            g_autoptr(SondeStep) s = copy_step (g_ptr_array_index (order, i));

            sonde_pipeline_add_step (d->pipeline, s);
          }
        /* Translators: a history entry: a step's old and new numbers, and what it is */
        d->label = g_strdup_printf (_("Moved step %u to %u: %s"), index + 1, other + 1, what);
      }
      break;

    case SONDE_CLEANING_ENABLE:
    case SONDE_CLEANING_DISABLE:
      d->pipeline = copy_pipeline (c->pipeline, G_MAXUINT);
      sonde_step_set_enabled (sonde_pipeline_get_step (d->pipeline, index), change == SONDE_CLEANING_ENABLE);
      d->label = step_label (change == SONDE_CLEANING_ENABLE
                             /* Translators: a history entry: the step's number and what it is */
                             ? _("Enabled step %u: %s")
                             /* Translators: a history entry: the step's number and what it is */
                             : _("Disabled step %u: %s"),
                             index, sonde_pipeline_get_step (d->pipeline, index));
      break;

    case SONDE_CLEANING_GO_TO:
    default:
      {
        HistoryEntry *entry = g_ptr_array_index (c->history, index);

        d->pipeline = sonde_pipeline_new_from_data (entry->data, -1, &error);
        if (d->pipeline == NULL)
          {
            g_task_return_error (task, g_steal_pointer (&error));
            return;
          }
        /* For the message: where it was (index) and where it goes (other). */
        d->other = index;
        d->index = c->position;
      }
      break;
    }

  input = d->only_last ? current_input (self, source, c, &error) : get_source (self, source, &error);
  if (input == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (d->only_last)
    {
      g_autoptr(SondeStep) last = copy_step (sonde_pipeline_get_step (d->pipeline, n_steps));

      run = sonde_pipeline_new ();
      sonde_pipeline_add_step (run, last);
    }
  else
    run = g_object_ref (d->pipeline);

  tables = snapshot_datasets (self);
  sonde_pipeline_set_lookup (run, lookup_dataset, g_steal_pointer (&tables), (GDestroyNotify) g_hash_table_unref);
  self->busy = TRUE;
  sonde_pipeline_run_async (run, input, TRUE, NULL, NULL, cancellable, change_done, g_steal_pointer (&task));
}

/**
 * sonde_cleaning_change_finish:
 * @message: (out) (transfer full) (optional): what was done, as a
 *   sentence for the status line
 */
gboolean
sonde_cleaning_change_finish (SondeCleaning  *self,
                              GAsyncResult   *result,
                              char          **message,
                              GError        **error)
{
  ChangeData *d;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  d = g_task_get_task_data (G_TASK (result));
  if (message != NULL)
    *message = g_strdup (d->message);
  return TRUE;
}

/* The project --------------------------------------------------------- */

/**
 * sonde_cleaning_get_pipelines:
 * @names: (out) (transfer full): the cleaned datasets' names
 * @sources: (out) (transfer full): the originals' names
 * @steps_json: (out) (transfer full): each pipeline, as JSON
 *
 * The pipelines that have steps, for the project file.
 */
void
sonde_cleaning_get_pipelines (SondeCleaning *self,
                              GStrv         *names,
                              GStrv         *sources,
                              GStrv         *steps_json)
{
  g_autoptr(GStrvBuilder) n = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) s = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) j = g_strv_builder_new ();
  GHashTableIter iter;
  Cleaning *c;

  g_return_if_fail (SONDE_IS_CLEANING (self));

  g_hash_table_iter_init (&iter, self->cleanings);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &c))
    {
      g_autofree char *data = NULL;

      if (sonde_pipeline_get_n_steps (c->pipeline) == 0)
        continue;
      data = sonde_pipeline_to_data (c->pipeline);
      g_strv_builder_add (n, c->result_name);
      g_strv_builder_add (s, c->source);
      g_strv_builder_add (j, data);
    }
  *names = g_strv_builder_end (n);
  *sources = g_strv_builder_end (s);
  *steps_json = g_strv_builder_end (j);
}

/**
 * sonde_cleaning_set_pipelines:
 * @problems: (nullable): where a pipeline that cannot be read is told
 *
 * Forgets every pipeline and takes those of a project just opened; their
 * cleaned datasets are the project's datasets of those names.
 */
void
sonde_cleaning_set_pipelines (SondeCleaning       *self,
                              const char * const  *names,
                              const char * const  *sources,
                              const char * const  *steps_json,
                              GString             *problems)
{
  g_return_if_fail (SONDE_IS_CLEANING (self));

  g_hash_table_remove_all (self->cleanings);
  for (guint i = 0; names != NULL && names[i] != NULL && sources[i] != NULL && steps_json[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SondePipeline) pipeline = sonde_pipeline_new_from_data (steps_json[i], -1, &error);
      HistoryEntry *start;
      Cleaning *c;

      if (pipeline == NULL)
        {
          if (problems != NULL)
            /* Translators: the cleaned dataset's name, then why its steps cannot be read */
            g_string_append_printf (problems, _("The cleaning steps of “%s” cannot be read: %s\n"),
                                    names[i], error->message);
          continue;
        }
      c = g_new0 (Cleaning, 1);
      c->source = g_strdup (sources[i]);
      c->result_name = g_strdup (names[i]);
      c->pipeline = g_steal_pointer (&pipeline);
      c->history = g_ptr_array_new_with_free_func (history_entry_free);
      start = g_new0 (HistoryEntry, 1);
      start->data = sonde_pipeline_to_data (c->pipeline);
      start->label = g_strdup (_("As the project kept it"));
      g_ptr_array_add (c->history, start);
      g_hash_table_replace (self->cleanings, c->source, c);
    }
  g_signal_emit (self, signals[CHANGED], 0, NULL);
}
