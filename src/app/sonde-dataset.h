/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sonde-engine.h"

G_BEGIN_DECLS

/* While a project opens, each dataset first shows in the window as a table
 * of its first rows, marked with the number of rows it really has; the
 * full table replaces it when it is read (sonde-window.c). Panes that
 * compute on a whole dataset (Statistics, Query) check this and wait. */

#define SONDE_DATASET_LOADING_KEY "sonde-dataset-loading-rows"

static inline void
sonde_dataset_mark_loading (SondeTable *table,
                            guint       n_rows)
{
  g_object_set_data (G_OBJECT (table), SONDE_DATASET_LOADING_KEY, GUINT_TO_POINTER (n_rows));
}

/* Returns: the number of rows the dataset has once loaded, or 0 when
 * @table is the whole dataset. */
static inline guint
sonde_dataset_get_loading_rows (SondeTable *table)
{
  return GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (table), SONDE_DATASET_LOADING_KEY));
}

G_END_DECLS
