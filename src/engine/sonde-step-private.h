/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sonde-pipeline.h"

G_BEGIN_DECLS

/* What one kind of step does, shared by sonde-pipeline.c (the step
 * object, the pipeline, JSON) and sonde-step-kinds.c (the kinds).
 *
 * check() validates the parameters when a step is made or loaded, before
 * any data is seen. fit() learns from @table into @learned (an empty
 * object it fills); NULL for kinds that learn nothing. apply() makes a
 * new table from @table with @params and @learned only, and fills the
 * parts of @effect it knows (the caller sets rows and columns before and
 * after). Errors are phrases without the step's name ("there is no
 * column “agee” in “students”."): the caller prefixes it.
 *
 * The expression steps (filter rows, derive a column) are a line in the
 * table of kinds in sonde-step-kinds.c once SondeExpr exists. */
typedef struct
{
  SondeTableLookupFunc  lookup;
  gpointer              lookup_data;
  SondeStepEffect      *effect;
  guint8               *changed;   /* one byte per input row */
} SondeStepContext;

typedef struct
{
  const char *name;
  gboolean    (*check) (JsonObject        *params,
                        GError           **error);
  gboolean    (*fit)   (SondeStepContext  *ctx,
                        JsonObject        *params,
                        SondeTable        *table,
                        JsonObject        *learned,
                        GError           **error);
  SondeTable *(*apply) (SondeStepContext  *ctx,
                        JsonObject        *params,
                        JsonObject        *learned,
                        SondeTable        *table,
                        GError           **error);
} SondeStepKind;

const SondeStepKind *_sonde_step_kinds   (guint *n_kinds);

G_END_DECLS
