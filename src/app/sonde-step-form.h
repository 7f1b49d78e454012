/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sonde-engine.h"

G_BEGIN_DECLS

/* How the Clean pane shows and edits each kind of clean step: a label,
 * and the fields of a form that make its JSON parameters. */

typedef enum
{
  SONDE_FIELD_COLUMNS,      /* a list of column names */
  SONDE_FIELD_COLUMN,       /* one column name */
  SONDE_FIELD_CHOICE,       /* one of choices */
  SONDE_FIELD_CHOICES,      /* several of choices (a list) */
  SONDE_FIELD_TEXT,         /* a string */
  SONDE_FIELD_VALUE,        /* a number when it reads as one, else a string */
  SONDE_FIELD_NUMBER,       /* a real number */
  SONDE_FIELD_INTEGER,      /* a whole number */
  SONDE_FIELD_BOOLEAN,
  SONDE_FIELD_LIST,         /* comma-separated text, a list of strings */
  SONDE_FIELD_EXPRESSION,   /* the expression language */
  SONDE_FIELD_DATASET,      /* the name of another open dataset */
  SONDE_FIELD_NEW_NAME,     /* rename: {"columns": {COLUMN: this}} */
  SONDE_FIELD_AGGREGATION,  /* aggregate: one {"function", "column", "name"} */
} SondeFieldType;

typedef struct
{
  const char *value;          /* as written in the JSON */
  const char *label;          /* N_() */
} SondeStepChoice;

typedef struct
{
  const char            *key;        /* the JSON member */
  SondeFieldType         type;
  const char            *label;      /* N_(), with a mnemonic */
  const SondeStepChoice *choices;    /* ended by { NULL, NULL } */
  gboolean        optional;   /* left empty, the member is not written */
  const char     *hint;       /* N_(): what to write, or NULL */
} SondeStepField;

#define SONDE_STEP_FORM_MAX_FIELDS 6

typedef struct
{
  const char     *kind;
  const char     *label;      /* N_() */
  SondeStepField  fields[SONDE_STEP_FORM_MAX_FIELDS];
} SondeStepForm;

const SondeStepForm *sonde_step_form_get_all      (guint             *n_forms);
const SondeStepForm *sonde_step_form_lookup       (const char        *kind);
const char          *sonde_step_form_choice_label (const SondeStepField *field,
                                                   const char        *value);
char                *sonde_step_form_describe     (SondeStep         *step);

G_END_DECLS
