/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sonde-engine.h"

G_BEGIN_DECLS

#define SONDE_TYPE_CLEANING (sonde_cleaning_get_type ())

G_DECLARE_FINAL_TYPE (SondeCleaning, sonde_cleaning, SONDE, CLEANING, GObject)

SondeCleaning  *sonde_cleaning_new              (GListStore          *datasets);
SondePipeline  *sonde_cleaning_get_pipeline     (SondeCleaning       *self,
                                                 const char          *source);
SondeTable     *sonde_cleaning_get_result       (SondeCleaning       *self,
                                                 const char          *source);
const char     *sonde_cleaning_get_result_name  (SondeCleaning       *self,
                                                 const char          *source);
const char     *sonde_cleaning_get_source_of    (SondeCleaning       *self,
                                                 const char          *name);
const SondeStepEffect *sonde_cleaning_get_effect (SondeCleaning      *self,
                                                 const char          *source,
                                                 guint                index);

/* History: entry 0 is the pipeline as it was first seen (no steps, or as
 * the project kept it); each change adds one after the current entry. */
guint           sonde_cleaning_get_n_history    (SondeCleaning       *self,
                                                 const char          *source);
guint           sonde_cleaning_get_history_position (SondeCleaning   *self,
                                                 const char          *source);
const char     *sonde_cleaning_get_history_label (SondeCleaning      *self,
                                                 const char          *source,
                                                 guint                position);

/* A step tried on what the steps before @index make, without keeping it. */
void            sonde_cleaning_preview_async    (SondeCleaning       *self,
                                                 const char          *source,
                                                 guint                index,
                                                 SondeStep           *step,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
SondeTable     *sonde_cleaning_preview_finish   (SondeCleaning       *self,
                                                 GAsyncResult        *result,
                                                 SondeTable         **input,
                                                 SondeStepEffect     *effect,
                                                 GError             **error);

typedef enum
{
  SONDE_CLEANING_ADD,
  SONDE_CLEANING_REPLACE,
  SONDE_CLEANING_REMOVE,
  SONDE_CLEANING_MOVE,
  SONDE_CLEANING_ENABLE,
  SONDE_CLEANING_DISABLE,
  SONDE_CLEANING_GO_TO,
} SondeCleaningChange;

void            sonde_cleaning_change_async     (SondeCleaning       *self,
                                                 const char          *source,
                                                 SondeCleaningChange  change,
                                                 guint                index,
                                                 guint                other,
                                                 SondeStep           *step,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gboolean        sonde_cleaning_change_finish    (SondeCleaning       *self,
                                                 GAsyncResult        *result,
                                                 char               **message,
                                                 GError             **error);

void            sonde_cleaning_get_pipelines    (SondeCleaning       *self,
                                                 GStrv               *names,
                                                 GStrv               *sources,
                                                 GStrv               *steps_json);
void            sonde_cleaning_set_pipelines    (SondeCleaning       *self,
                                                 const char * const  *names,
                                                 const char * const  *sources,
                                                 const char * const  *steps_json,
                                                 GString             *problems);

/*
 * Signals:
 *   "changed" void (SondeCleaning *cleaning, const char *source, gpointer user_data)
 *       the steps, the history or the cleaned dataset of @source changed.
 */

G_END_DECLS
