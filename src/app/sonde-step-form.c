/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sonde"

/* The Clean pane's view of the clean steps of sonde-step-kinds.c: a label
 * for each kind, and the fields of the form that writes its parameters
 * (README, "Clean pipelines", lists the same parameters). A form covers
 * what people set by hand; a pipeline written by hand with more (several
 * aggregations, several renames) keeps them, and its form shows the
 * first. */

#include "config.h"

#include <glib/gi18n.h>

#include "sonde-step-form.h"

static const SondeStepChoice impute_methods[] = {
  { "median", N_("Median") }, { "mean", N_("Mean") }, { "mode", N_("Most frequent value") },
  { "constant", N_("A constant") }, { "knn", N_("Nearest neighbours") }, { NULL, NULL },
};
static const SondeStepChoice types[] = {
  { "integer", N_("Integer") }, { "real", N_("Real number") }, { "boolean", N_("Yes or no") },
  { "categorical", N_("Categorical") }, { "text", N_("Text") }, { "date", N_("Date") },
  { "datetime", N_("Date and time") }, { NULL, NULL },
};
static const SondeStepChoice text_operations[] = {
  { "trim", N_("Trim spaces") }, { "lower", N_("Lower case") }, { "upper", N_("Upper case") },
  { "nfc", N_("Normalise Unicode (NFC)") }, { NULL, NULL },
};
static const SondeStepChoice outlier_methods[] = {
  { "iqr", N_("Interquartile range") }, { "zscore", N_("Z-score") }, { NULL, NULL },
};
static const SondeStepChoice outlier_actions[] = {
  { "cap", N_("Cap at the bounds") }, { "remove", N_("Remove the rows") }, { NULL, NULL },
};
static const SondeStepChoice scale_methods[] = {
  { "standard", N_("Standardise") }, { "minmax", N_("Min-max") }, { "robust", N_("Robust") },
  { "log", N_("Logarithm") }, { NULL, NULL },
};
static const SondeStepChoice bin_methods[] = {
  { "width", N_("Equal width") }, { "quantile", N_("Quantiles") }, { NULL, NULL },
};
static const SondeStepChoice date_parts[] = {
  { "year", N_("Year") }, { "month", N_("Month") }, { "day", N_("Day") }, { "weekday", N_("Weekday") },
  { NULL, NULL },
};
static const SondeStepChoice levels[] = {
  { "year", N_("Year") }, { "month", N_("Month") }, { NULL, NULL },
};
static const SondeStepChoice join_kinds[] = {
  { "inner", N_("Inner: matching rows only") }, { "left", N_("Left: every row of this dataset") },
  { "full", N_("Full: every row of both") }, { NULL, NULL },
};
static const SondeStepChoice norms[] = {
  { "l2", N_("Euclidean (L2)") }, { "l1", N_("Sum of absolute values (L1)") }, { "none", N_("None") },
  { NULL, NULL },
};
static const SondeStepChoice functions[] = {
  { "count", N_("Count") }, { "sum", N_("Sum") }, { "mean", N_("Mean") }, { "min", N_("Minimum") },
  { "max", N_("Maximum") }, { NULL, NULL },
};

#define COLUMNS { "columns", SONDE_FIELD_COLUMNS, N_("_Columns"), NULL, FALSE, NULL }
#define ALL_COLUMNS { "columns", SONDE_FIELD_COLUMNS, N_("_Columns"), NULL, TRUE, N_("None chosen: all columns") }
#define COLUMN { "column", SONDE_FIELD_COLUMN, N_("C_olumn"), NULL, FALSE, NULL }
#define KEEP { "keep", SONDE_FIELD_BOOLEAN, N_("_Keep the original"), NULL, TRUE, NULL }

static const SondeStepForm forms[] = {
  { "impute", N_("Fill missing values"),
    { COLUMNS,
      { "method", SONDE_FIELD_CHOICE, N_("_Method"), impute_methods, FALSE, NULL },
      { "value", SONDE_FIELD_VALUE, N_("_Value"), NULL, TRUE, N_("For a constant: the value that fills") },
      { "k", SONDE_FIELD_INTEGER, N_("_Neighbours"), NULL, TRUE, N_("For nearest neighbours: how many (5)") } } },
  { "drop_columns", N_("Drop columns"), { COLUMNS } },
  { "drop_missing", N_("Drop rows with missing values"), { ALL_COLUMNS } },
  { "deduplicate", N_("Remove repeated rows"),
    { { "columns", SONDE_FIELD_COLUMNS, N_("_Key columns"), NULL, TRUE,
        N_("None chosen: rows equal in every column") } } },
  { "convert", N_("Change a column’s type"),
    { COLUMN, { "type", SONDE_FIELD_CHOICE, N_("_Type"), types, FALSE, NULL } } },
  { "rename", N_("Rename a column"),
    { { "columns", SONDE_FIELD_COLUMN, N_("C_olumn"), NULL, FALSE, NULL },
      { "columns", SONDE_FIELD_NEW_NAME, N_("_New name"), NULL, FALSE, NULL } } },
  { "text", N_("Trim or change case"),
    { COLUMNS, { "operation", SONDE_FIELD_CHOICE, N_("_Operation"), text_operations, FALSE, NULL } } },
  { "replace", N_("Find and replace"),
    { COLUMNS,
      { "pattern", SONDE_FIELD_TEXT, N_("_Find"), NULL, FALSE, N_("A regular expression, or plain text") },
      { "replacement", SONDE_FIELD_TEXT, N_("_Replace with"), NULL, TRUE, N_("\\1 is the first group") },
      { "literal", SONDE_FIELD_BOOLEAN, N_("_Plain text, not a regular expression"), NULL, TRUE, NULL } } },
  { "outliers", N_("Cap or remove outliers"),
    { COLUMNS,
      { "method", SONDE_FIELD_CHOICE, N_("_Method"), outlier_methods, FALSE, NULL },
      { "factor", SONDE_FIELD_NUMBER, N_("_Factor"), NULL, TRUE, N_("1.5 for the range, 3 for z-scores") },
      { "action", SONDE_FIELD_CHOICE, N_("_Action"), outlier_actions, FALSE, NULL } } },
  { "onehot", N_("One-hot encode"),
    { COLUMN, KEEP,
      { "max_categories", SONDE_FIELD_INTEGER, N_("_At most this many categories"), NULL, TRUE, N_("1 000") } } },
  { "ordinal", N_("Ordinal encode"),
    { COLUMN, { "order", SONDE_FIELD_LIST, N_("_Order"), NULL, TRUE,
                N_("Categories from lowest to highest, separated by commas; empty: sorted") } } },
  { "scale", N_("Scale"),
    { COLUMNS, { "method", SONDE_FIELD_CHOICE, N_("_Method"), scale_methods, FALSE, NULL } } },
  { "bin", N_("Bin into intervals"),
    { COLUMN,
      { "bins", SONDE_FIELD_INTEGER, N_("_Bins"), NULL, FALSE, NULL },
      { "method", SONDE_FIELD_CHOICE, N_("_Method"), bin_methods, FALSE, NULL },
      { "name", SONDE_FIELD_TEXT, N_("_New column"), NULL, TRUE, N_("Empty: the column’s name and “_bin”") } } },
  { "date_parts", N_("Date parts"),
    { COLUMN, { "parts", SONDE_FIELD_CHOICES, N_("_Parts"), date_parts, TRUE, N_("None chosen: all") } } },
  { "pseudonymise", N_("Pseudonymise"),
    { COLUMNS, { "salt", SONDE_FIELD_TEXT, N_("_Salt"), NULL, FALSE,
                 N_("A secret of 16 characters or more; keep it to link the pseudonyms later") } } },
  { "mask", N_("Mask"),
    { COLUMNS,
      { "keep_first", SONDE_FIELD_INTEGER, N_("Keep the _first characters"), NULL, TRUE, N_("0") },
      { "keep_last", SONDE_FIELD_INTEGER, N_("Keep the _last characters"), NULL, TRUE, N_("4") },
      { "character", SONDE_FIELD_TEXT, N_("_Mask character"), NULL, TRUE, N_("*") } } },
  { "generalise", N_("Generalise"),
    { COLUMNS,
      { "width", SONDE_FIELD_NUMBER, N_("_Width"), NULL, TRUE, N_("For numbers: the width of a range (10)") },
      { "level", SONDE_FIELD_CHOICE, N_("_Level"), levels, TRUE, N_("For dates") } } },
  { "split", N_("Split a column"),
    { COLUMN,
      { "separator", SONDE_FIELD_TEXT, N_("_Separator"), NULL, FALSE, NULL },
      { "into", SONDE_FIELD_LIST, N_("_Into"), NULL, FALSE, N_("The new columns’ names, separated by commas") },
      KEEP } },
  { "merge", N_("Merge columns"),
    { COLUMNS,
      { "name", SONDE_FIELD_TEXT, N_("_New column"), NULL, FALSE, NULL },
      { "separator", SONDE_FIELD_TEXT, N_("_Separator"), NULL, TRUE, N_("A space") },
      KEEP } },
  { "aggregate", N_("Group and aggregate"),
    { { "by", SONDE_FIELD_COLUMNS, N_("_Group by"), NULL, FALSE, NULL },
      { "aggregations", SONDE_FIELD_AGGREGATION, N_("_Function"), functions, FALSE, NULL },
      { "aggregations", SONDE_FIELD_COLUMN, N_("C_olumn"), NULL, TRUE, N_("For a count: none") },
      { "aggregations", SONDE_FIELD_TEXT, N_("_New column"), NULL, FALSE, NULL } } },
  { "join", N_("Join a dataset"),
    { { "with", SONDE_FIELD_DATASET, N_("_With"), NULL, FALSE, NULL },
      { "on", SONDE_FIELD_COLUMNS, N_("_Key columns"), NULL, FALSE, NULL },
      { "how", SONDE_FIELD_CHOICE, N_("_Rows kept"), join_kinds, FALSE, NULL },
      { "suffix", SONDE_FIELD_TEXT, N_("S_uffix"), NULL, TRUE, N_("Added to a right column whose name is taken (_right)") } } },
  { "append", N_("Append a dataset"),
    { { "with", SONDE_FIELD_DATASET, N_("_With"), NULL, FALSE, NULL } } },
  { "pca", N_("Principal components (PCA)"),
    { { "columns", SONDE_FIELD_COLUMNS, N_("_Columns"), NULL, TRUE, N_("None chosen: every number column") },
      { "components", SONDE_FIELD_INTEGER, N_("C_omponents"), NULL, TRUE, N_("How many to keep") },
      { "variance", SONDE_FIELD_NUMBER, N_("Share of _variance"), NULL, TRUE,
        N_("Or: the fewest components that explain this share, such as 0.95") },
      { "scale", SONDE_FIELD_BOOLEAN, N_("_Scale each column to unit variance first"), NULL, TRUE, NULL } } },
  { "bag_of_words", N_("Count words (bag of words)"),
    { { "column", SONDE_FIELD_COLUMN, N_("C_olumn"), NULL, FALSE, NULL },
      { "max_features", SONDE_FIELD_INTEGER, N_("_Most frequent words kept"), NULL, TRUE, N_("Empty: every word, up to 1 000") },
      { "min_df", SONDE_FIELD_NUMBER, N_("In at least this many _rows"), NULL, TRUE, N_("1") },
      { "binary", SONDE_FIELD_BOOLEAN, N_("_Present or absent, not counts"), NULL, TRUE, NULL },
      KEEP } },
  { "tfidf", N_("Weigh words (TF-IDF)"),
    { { "column", SONDE_FIELD_COLUMN, N_("C_olumn"), NULL, FALSE, NULL },
      { "max_features", SONDE_FIELD_INTEGER, N_("_Most frequent words kept"), NULL, TRUE, N_("Empty: every word, up to 1 000") },
      { "min_df", SONDE_FIELD_NUMBER, N_("In at least this many _rows"), NULL, TRUE, N_("1") },
      { "sublinear_tf", SONDE_FIELD_BOOLEAN, N_("_Logarithm of the counts"), NULL, TRUE, NULL },
      { "norm", SONDE_FIELD_CHOICE, N_("_Normalise each row"), norms, TRUE, N_("Euclidean when not set") },
      KEEP } },
  { "filter", N_("Keep rows meeting a condition"),
    { { "expression", SONDE_FIELD_EXPRESSION, N_("_Condition"), NULL, FALSE, N_("For example: age between 16 and 70") } } },
  { "derive", N_("New column from an expression"),
    { { "name", SONDE_FIELD_TEXT, N_("_New column"), NULL, FALSE, NULL },
      { "expression", SONDE_FIELD_EXPRESSION, N_("_Expression"), NULL, FALSE, N_("For example: price / area") },
      { "replace", SONDE_FIELD_BOOLEAN, N_("_Replace a column of that name"), NULL, TRUE, NULL } } },
};

const SondeStepForm *
sonde_step_form_get_all (guint *n_forms)
{
  *n_forms = G_N_ELEMENTS (forms);
  return forms;
}

const SondeStepForm *
sonde_step_form_lookup (const char *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (forms); i++)
    if (g_strcmp0 (forms[i].kind, kind) == 0)
      return &forms[i];

  return NULL;
}

/* Returns: the translated label of @value, or @value itself. */
const char *
sonde_step_form_choice_label (const SondeStepField *field,
                              const char           *value)
{
  for (guint i = 0; field->choices != NULL && field->choices[i].value != NULL; i++)
    if (g_strcmp0 (field->choices[i].value, value) == 0)
      return _(field->choices[i].label);

  return value;
}

/* The label without its mnemonic underscore. */
static char *
plain_label (const char *label)
{
  GString *out = g_string_new (NULL);

  for (const char *p = _(label); *p != '\0'; p++)
    if (*p != '_')
      g_string_append_c (out, *p);

  return g_string_free (out, FALSE);
}

static char *
node_text (const SondeStepField *field,
           JsonNode             *node)
{
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      g_autoptr(GString) out = g_string_new (NULL);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *item = json_array_get_element (array, i);
          g_autofree char *text = node_text (field, item);

          if (i > 0)
            g_string_append (out, ", ");
          g_string_append (out, text);
        }
      return g_string_free (g_steal_pointer (&out), FALSE);
    }
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      g_autoptr(GList) members = json_object_get_members (object);
      g_autoptr(GString) out = g_string_new (NULL);

      if (json_object_has_member (object, "function"))
        {
          const char *function = json_object_get_string_member_with_default (object, "function", "");
          const char *column = json_object_get_string_member_with_default (object, "column", NULL);
          const char *name = json_object_get_string_member_with_default (object, "name", "");
          const char *label = sonde_step_form_choice_label (field, function);
          if (column != NULL)
            /* Translators: an aggregation: function, column, new column ("Mean of score as mean_score") */
            return g_strdup_printf (_("%s of %s as %s"), label, column, name);
          /* Translators: an aggregation without a column ("Count as n") */
          return g_strdup_printf (_("%s as %s"), label, name);
        }
      for (GList *l = members; l != NULL; l = l->next)
        {
          JsonNode *value = json_object_get_member (object, l->data);

          if (out->len > 0)
            g_string_append (out, ", ");
          if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
            /* Translators: a renamed column: old → new */
            g_string_append_printf (out, _("%s → %s"), (const char *) l->data, json_node_get_string (value));
          else
            g_string_append (out, l->data);
        }
      return g_string_free (g_steal_pointer (&out), FALSE);
    }
  if (JSON_NODE_HOLDS_VALUE (node))
    {
      GType type = json_node_get_value_type (node);

      if (type == G_TYPE_STRING)
        return g_strdup (sonde_step_form_choice_label (field, json_node_get_string (node)));
      if (type == G_TYPE_BOOLEAN)
        return g_strdup (json_node_get_boolean (node) ? _("yes") : _("no"));
      if (type == G_TYPE_INT64)
        return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
      return g_strdup_printf ("%g", json_node_get_double (node));
    }

  return g_strdup ("");
}

/**
 * sonde_step_form_describe:
 * @step: a step
 *
 * Returns: the step's label and the parameters set, as one line that
 *   reads well aloud: "Fill missing values: Columns age, score; Method
 *   Median".
 */
char *
sonde_step_form_describe (SondeStep *step)
{
  const SondeStepForm *form = sonde_step_form_lookup (sonde_step_get_kind (step));
  JsonObject *params = sonde_step_get_params (step);
  g_autoptr(GString) out = g_string_new (NULL);

  if (form == NULL)
    return g_strdup (sonde_step_get_kind (step));

  for (guint i = 0; i < SONDE_STEP_FORM_MAX_FIELDS && form->fields[i].key != NULL; i++)
    {
      const SondeStepField *field = &form->fields[i];
      JsonNode *node = json_object_get_member (params, field->key);
      g_autofree char *label = NULL;
      g_autofree char *text = NULL;

      /* A member shown by several fields (rename, aggregate) is told once. */
      if (node == NULL || (i > 0 && g_strcmp0 (form->fields[i - 1].key, field->key) == 0))
        continue;
      label = plain_label (field->type == SONDE_FIELD_AGGREGATION ? N_("Aggregations") : field->label);
      text = node_text (field, node);
      if (out->len > 0)
        /* Translators: between two parameters of a cleaning step */
        g_string_append (out, _("; "));
      /* Translators: a parameter of a cleaning step and its value */
      g_string_append_printf (out, _("%s %s"), label, text);
    }

  if (out->len == 0)
    return g_strdup (_(form->label));
  /* Translators: a kind of cleaning step, then its parameters ("Fill missing values: Columns age; Method Median") */
  return g_strdup_printf (_("%s: %s"), _(form->label), out->str);
}
