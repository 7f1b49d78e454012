/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "sonde-progress.h"
#include "sonde-table.h"

G_BEGIN_DECLS

/* How many changed (and removed) row indices a #SondeStepEffect keeps for
 * a preview. */
#define SONDE_STEP_EFFECT_N_ROWS 20

/**
 * SondeStepEffect:
 * @rows_before: rows of the table the step was given
 * @rows_after: rows of the table it made
 * @rows_removed: rows taken out (drop, deduplicate, remove outliers, inner join)
 * @rows_added: rows put in (append, the unmatched rows of a full join)
 * @rows_changed: rows of the input, still there, with at least one cell changed
 * @cells_changed: cells of existing columns whose value changed (a value
 *   that became missing counts, as a missing value filled in does)
 * @cells_missing_made: of @cells_changed, those that became missing (the
 *   log of a number ≤ 0, a value that cannot be read as the new type)
 * @columns_added: columns in the output that were not in the input
 * @columns_removed: columns of the input that are not in the output
 *   (a renamed column is neither added nor removed)
 * @columns_renamed: columns renamed
 * @changed_rows: (array length=n_changed_rows): the first changed rows,
 *   as indices in the input, in ascending order
 * @n_changed_rows: how many of @changed_rows are set (at most
 *   %SONDE_STEP_EFFECT_N_ROWS)
 * @removed_rows: (array length=n_removed_rows): the first removed rows,
 *   as indices in the input
 * @n_removed_rows: how many of @removed_rows are set
 *
 * What one step did to a table, for a summary and for a preview: with
 * @changed_rows a user interface shows the rows before (in the input)
 * and after. Steps that make a new table of other rows (aggregate, join)
 * count rows removed and added, not cells changed.
 */
typedef struct
{
  guint   rows_before;
  guint   rows_after;
  guint   rows_removed;
  guint   rows_added;
  guint   rows_changed;
  guint64 cells_changed;
  guint64 cells_missing_made;
  guint   columns_added;
  guint   columns_removed;
  guint   columns_renamed;
  guint   changed_rows[SONDE_STEP_EFFECT_N_ROWS];
  guint   n_changed_rows;
  guint   removed_rows[SONDE_STEP_EFFECT_N_ROWS];
  guint   n_removed_rows;
} SondeStepEffect;

char *sonde_step_effect_describe         (const SondeStepEffect *effect);
char *sonde_step_effect_describe_changes (const SondeStepEffect *effect);

/**
 * SondeTableLookupFunc:
 * @name: the name of a dataset, as a step's parameters give it
 * @user_data: the data given with the function
 * @error: return location for a #GError
 *
 * Finds the other dataset of a join or an append: in the project, or a
 * file named on the command line.
 *
 * Returns: (transfer full) (nullable): the table, or %NULL with @error set.
 */
typedef SondeTable *(*SondeTableLookupFunc) (const char  *name,
                                             gpointer     user_data,
                                             GError     **error);

#define SONDE_TYPE_STEP (sonde_step_get_type ())
G_DECLARE_FINAL_TYPE (SondeStep, sonde_step, SONDE, STEP, GObject)

const char * const *sonde_step_list_kinds   (void);
SondeStep   *sonde_step_new                 (const char            *kind,
                                             JsonObject            *params,
                                             GError               **error);
SondeStep   *sonde_step_new_from_json       (JsonNode              *node,
                                             GError               **error);
JsonNode    *sonde_step_to_json             (SondeStep             *self);
const char  *sonde_step_get_kind            (SondeStep             *self);
JsonObject  *sonde_step_get_params          (SondeStep             *self);
JsonObject  *sonde_step_get_learned         (SondeStep             *self);
gboolean     sonde_step_is_fitted           (SondeStep             *self);
gboolean     sonde_step_get_enabled         (SondeStep             *self);
void         sonde_step_set_enabled         (SondeStep             *self,
                                             gboolean               enabled);
SondeTable  *sonde_step_fit_apply           (SondeStep             *self,
                                             SondeTable            *table,
                                             SondeTableLookupFunc   lookup,
                                             gpointer               lookup_data,
                                             SondeStepEffect       *effect,
                                             GError               **error);
SondeTable  *sonde_step_apply               (SondeStep             *self,
                                             SondeTable            *table,
                                             SondeTableLookupFunc   lookup,
                                             gpointer               lookup_data,
                                             SondeStepEffect       *effect,
                                             GError               **error);

#define SONDE_TYPE_PIPELINE (sonde_pipeline_get_type ())
G_DECLARE_FINAL_TYPE (SondePipeline, sonde_pipeline, SONDE, PIPELINE, GObject)

SondePipeline *sonde_pipeline_new             (void);
SondePipeline *sonde_pipeline_new_from_data   (const char            *data,
                                               gssize                 length,
                                               GError               **error);
SondePipeline *sonde_pipeline_new_from_file   (GFile                 *file,
                                               GError               **error);
char          *sonde_pipeline_to_data         (SondePipeline         *self);
gboolean       sonde_pipeline_save_file       (SondePipeline         *self,
                                               GFile                 *file,
                                               GError               **error);
guint          sonde_pipeline_get_n_steps     (SondePipeline         *self);
SondeStep     *sonde_pipeline_get_step        (SondePipeline         *self,
                                               guint                  index);
void           sonde_pipeline_add_step        (SondePipeline         *self,
                                               SondeStep             *step);
void           sonde_pipeline_remove_step     (SondePipeline         *self,
                                               guint                  index);
void           sonde_pipeline_set_lookup      (SondePipeline         *self,
                                               SondeTableLookupFunc   lookup,
                                               gpointer               user_data,
                                               GDestroyNotify         destroy);
SondeTable    *sonde_pipeline_fit_apply       (SondePipeline         *self,
                                               SondeTable            *table,
                                               GArray               **effects,
                                               GError               **error);
SondeTable    *sonde_pipeline_apply           (SondePipeline         *self,
                                               SondeTable            *table,
                                               GArray               **effects,
                                               GError               **error);
void           sonde_pipeline_run_async       (SondePipeline         *self,
                                               SondeTable            *table,
                                               gboolean               fit,
                                               SondeProgressFunc      progress,
                                               gpointer               progress_data,
                                               GCancellable          *cancellable,
                                               GAsyncReadyCallback    callback,
                                               gpointer               user_data);
SondeTable    *sonde_pipeline_run_finish      (SondePipeline         *self,
                                               GAsyncResult          *result,
                                               GArray               **effects,
                                               GError               **error);

G_END_DECLS
