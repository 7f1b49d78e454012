/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sonde-engine"

/* SondeStep and SondePipeline: the clean pipeline of the Clean pane and
 * of `sonde-cli clean`. A step is data: a kind ("impute"), parameters
 * (a JSON object a person can read and edit) and, once fitted, what it
 * learned from the training data (a JSON object: the mean used to
 * impute, the categories of an encoding, the edges of bins). Fitting
 * learns and applies; applying replays the learned state only, so a
 * saved pipeline transforms new data exactly as it transformed the
 * training data, and replaying it on the same data gives the same table.
 *
 * Every step makes a new table and never changes its input: columns a
 * step does not touch are shared by reference between input and output
 * (a SondeColumn may belong to several tables; nothing here appends to
 * a column once it is in a table). A pipeline of k steps on n rows costs
 * the columns it changes, not k copies of the table.
 *
 * The file format, versioned:
 *   {"format": "sonde-pipeline", "version": 1,
 *    "steps": [{"kind": "impute", "enabled": true,
 *               "params": {...}, "learned": {...}}]}
 * The kinds and their parameters are in sonde-step-kinds.c.
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sonde-error.h"
#include "sonde-step-private.h"

struct _SondeStep
{
  GObject               parent_instance;

  const SondeStepKind  *kind;
  JsonObject           *params;
  JsonObject           *learned;   /* NULL until fitted */
  gboolean              enabled;
};

G_DEFINE_FINAL_TYPE (SondeStep, sonde_step, G_TYPE_OBJECT)

static void
sonde_step_finalize (GObject *object)
{
  SondeStep *self = SONDE_STEP (object);

  g_clear_pointer (&self->params, json_object_unref);
  g_clear_pointer (&self->learned, json_object_unref);

  G_OBJECT_CLASS (sonde_step_parent_class)->finalize (object);
}

static void
sonde_step_class_init (SondeStepClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sonde_step_finalize;
}

static void
sonde_step_init (SondeStep *self)
{
  self->enabled = TRUE;
}

static const SondeStepKind *
find_kind (const char *name)
{
  guint n;
  const SondeStepKind *kinds = _sonde_step_kinds (&n);

  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (kinds[i].name, name) == 0)
      return &kinds[i];
  return NULL;
}

/**
 * sonde_step_list_kinds:
 *
 * Returns: (transfer none) (array zero-terminated=1): the names of the
 *   kinds of step, in the order of the documentation.
 */
const char * const *
sonde_step_list_kinds (void)
{
  static gsize names;

  if (g_once_init_enter (&names))
    {
      guint n;
      const SondeStepKind *kinds = _sonde_step_kinds (&n);
      const char **list = g_new0 (const char *, n + 1);

      for (guint i = 0; i < n; i++)
        list[i] = kinds[i].name;
      g_once_init_leave (&names, (gsize) list);
    }
  return (const char * const *) names;
}

/* Deep copy of a JSON object, so a step never shares its parameters. */
static JsonObject *
copy_object (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonNode) copy = NULL;

  json_node_set_object (node, object);
  copy = json_node_copy (node);
  return json_object_ref (json_node_get_object (copy));
}

/**
 * sonde_step_new:
 * @kind: the kind of step, one of sonde_step_list_kinds()
 * @params: (nullable): its parameters (copied)
 * @error: return location for a #GError
 *
 * Makes an unfitted step after checking its parameters (names and types;
 * whether the columns exist is checked on the data).
 *
 * Returns: (transfer full): the step, or %NULL with @error set
 *   (%SONDE_ERROR_INVALID) for an unknown kind or wrong parameters.
 */
SondeStep *
sonde_step_new (const char  *kind,
                JsonObject  *params,
                GError     **error)
{
  g_autoptr(SondeStep) self = NULL;
  g_autoptr(JsonObject) own = NULL;
  const SondeStepKind *k;

  g_return_val_if_fail (kind != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  k = find_kind (kind);
  if (k == NULL)
    {
      g_autofree char *known = g_strjoinv (", ", (char **) sonde_step_list_kinds ());

      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                   /* Translators: %s are a step kind and the list of kinds */
                   _("“%s” is not a kind of step Sonde knows: use one of %s."), kind, known);
      return NULL;
    }

  own = params != NULL ? copy_object (params) : json_object_new ();
  if (k->check != NULL && !k->check (own, error))
    return NULL;

  self = g_object_new (SONDE_TYPE_STEP, NULL);
  self->kind = k;
  self->params = g_steal_pointer (&own);
  return g_steal_pointer (&self);
}

/**
 * sonde_step_new_from_json:
 * @node: a JSON object {"kind", "enabled", "params", "learned"}
 * @error: return location for a #GError
 *
 * Reads a step as sonde_step_to_json() writes it. "enabled" is optional
 * (true); "learned" is optional (an unfitted step).
 *
 * Returns: (transfer full): the step, or %NULL with @error set.
 */
SondeStep *
sonde_step_new_from_json (JsonNode  *node,
                          GError   **error)
{
  g_autoptr(SondeStep) self = NULL;
  JsonObject *object;
  JsonNode *member;
  JsonObject *params = NULL;

  g_return_val_if_fail (node != NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, SONDE_ERROR, SONDE_ERROR_PARSE,
                           _("a step must be a JSON object with a “kind”."));
      return NULL;
    }
  object = json_node_get_object (node);
  member = json_object_get_member (object, "kind");
  if (member == NULL || !JSON_NODE_HOLDS_VALUE (member) || json_node_get_value_type (member) != G_TYPE_STRING)
    {
      g_set_error_literal (error, SONDE_ERROR, SONDE_ERROR_PARSE,
                           _("a step must have a “kind”, a string such as “impute”."));
      return NULL;
    }
  member = json_object_get_member (object, "params");
  if (member != NULL && !JSON_NODE_HOLDS_OBJECT (member))
    {
      g_set_error_literal (error, SONDE_ERROR, SONDE_ERROR_PARSE,
                           _("the “params” of a step must be a JSON object."));
      return NULL;
    }
  if (member != NULL)
    params = json_node_get_object (member);

  self = sonde_step_new (json_object_get_string_member (object, "kind"), params, error);
  if (self == NULL)
    return NULL;

  member = json_object_get_member (object, "enabled");
  if (member != NULL)
    {
      if (!JSON_NODE_HOLDS_VALUE (member) || json_node_get_value_type (member) != G_TYPE_BOOLEAN)
        {
          g_set_error_literal (error, SONDE_ERROR, SONDE_ERROR_PARSE,
                               _("“enabled” must be true or false."));
          return NULL;
        }
      self->enabled = json_node_get_boolean (member);
    }

  member = json_object_get_member (object, "learned");
  if (member != NULL && !JSON_NODE_HOLDS_NULL (member))
    {
      if (!JSON_NODE_HOLDS_OBJECT (member))
        {
          g_set_error_literal (error, SONDE_ERROR, SONDE_ERROR_PARSE,
                               _("the “learned” part of a step must be a JSON object."));
          return NULL;
        }
      self->learned = copy_object (json_node_get_object (member));
    }

  return g_steal_pointer (&self);
}

/**
 * sonde_step_to_json:
 * @self: a #SondeStep
 *
 * Returns: (transfer full): the step as a JSON object.
 */
JsonNode *
sonde_step_to_json (SondeStep *self)
{
  g_autoptr(JsonObject) object = json_object_new ();
  JsonNode *node;

  g_return_val_if_fail (SONDE_IS_STEP (self), NULL);

  json_object_set_string_member (object, "kind", self->kind->name);
  json_object_set_boolean_member (object, "enabled", self->enabled);
  json_object_set_object_member (object, "params", copy_object (self->params));
  if (self->learned != NULL)
    json_object_set_object_member (object, "learned", copy_object (self->learned));

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (node, object);
  return node;
}

const char *
sonde_step_get_kind (SondeStep *self)
{
  g_return_val_if_fail (SONDE_IS_STEP (self), NULL);
  return self->kind->name;
}

/**
 * sonde_step_get_params:
 * @self: a #SondeStep
 *
 * Returns: (transfer none): the parameters; do not change them.
 */
JsonObject *
sonde_step_get_params (SondeStep *self)
{
  g_return_val_if_fail (SONDE_IS_STEP (self), NULL);
  return self->params;
}

/**
 * sonde_step_get_learned:
 * @self: a #SondeStep
 *
 * Returns: (transfer none) (nullable): what the step learned when it was
 *   fitted, or %NULL before.
 */
JsonObject *
sonde_step_get_learned (SondeStep *self)
{
  g_return_val_if_fail (SONDE_IS_STEP (self), NULL);
  return self->learned;
}

gboolean
sonde_step_is_fitted (SondeStep *self)
{
  g_return_val_if_fail (SONDE_IS_STEP (self), FALSE);
  return self->learned != NULL;
}

gboolean
sonde_step_get_enabled (SondeStep *self)
{
  g_return_val_if_fail (SONDE_IS_STEP (self), FALSE);
  return self->enabled;
}

void
sonde_step_set_enabled (SondeStep *self,
                        gboolean   enabled)
{
  g_return_if_fail (SONDE_IS_STEP (self));
  self->enabled = !!enabled;
}

/* Sets what the caller of a kind's apply() can see for itself. */
static void
finish_effect (SondeStepEffect *effect,
               const guint8    *changed,
               SondeTable      *before,
               SondeTable      *after)
{
  guint n = sonde_table_get_n_rows (before);

  effect->rows_before = n;
  effect->rows_after = sonde_table_get_n_rows (after);
  effect->rows_changed = 0;
  effect->n_changed_rows = 0;
  for (guint r = 0; r < n; r++)
    if (changed[r])
      {
        if (effect->n_changed_rows < SONDE_STEP_EFFECT_N_ROWS)
          effect->changed_rows[effect->n_changed_rows++] = r;
        effect->rows_changed++;
      }

  /* By name; the kind counted its renamed columns, which are neither. */
  effect->columns_added = 0;
  effect->columns_removed = 0;
  for (guint c = 0; c < sonde_table_get_n_columns (after); c++)
    if (sonde_table_find_column_index (before, sonde_column_get_name (sonde_table_get_column (after, c))) < 0)
      effect->columns_added++;
  for (guint c = 0; c < sonde_table_get_n_columns (before); c++)
    if (sonde_table_find_column_index (after, sonde_column_get_name (sonde_table_get_column (before, c))) < 0)
      effect->columns_removed++;
  effect->columns_added -= MIN (effect->columns_added, effect->columns_renamed);
  effect->columns_removed -= MIN (effect->columns_removed, effect->columns_renamed);
}

static SondeTable *
run_step (SondeStep             *self,
          SondeTable            *table,
          gboolean               fit,
          SondeTableLookupFunc   lookup,
          gpointer               lookup_data,
          SondeStepEffect       *effect,
          GError               **error)
{
  SondeStepEffect local = { 0 };
  SondeStepContext ctx = { lookup, lookup_data, effect != NULL ? effect : &local, NULL };
  g_autofree guint8 *changed = NULL;
  g_autoptr(JsonObject) learned = NULL;
  g_autoptr(SondeTable) out = NULL;

  memset (ctx.effect, 0, sizeof *ctx.effect);
  changed = g_malloc0 (MAX (sonde_table_get_n_rows (table), 1));
  ctx.changed = changed;

  if (fit)
    {
      learned = json_object_new ();
      if (self->kind->fit != NULL && !self->kind->fit (&ctx, self->params, table, learned, error))
        return NULL;
    }
  else if (self->learned == NULL)
    {
      if (self->kind->fit != NULL)
        {
          g_set_error_literal (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                               _("the step has not learned from data yet: fit the pipeline before replaying it."));
          return NULL;
        }
      learned = json_object_new ();
    }
  else
    learned = json_object_ref (self->learned);

  out = self->kind->apply (&ctx, self->params, learned, table, error);
  if (out == NULL)
    return NULL;

  if (fit)
    {
      g_clear_pointer (&self->learned, json_object_unref);
      self->learned = g_steal_pointer (&learned);
    }
  finish_effect (ctx.effect, changed, table, out);
  return g_steal_pointer (&out);
}

/**
 * sonde_step_fit_apply:
 * @self: a #SondeStep
 * @table: the training data (not changed)
 * @lookup: (nullable) (scope call): finds the other dataset of a join or
 *   an append
 * @lookup_data: data for @lookup
 * @effect: (out caller-allocates) (optional): what the step did
 * @error: return location for a #GError
 *
 * Learns the step's state from @table (replacing what it had learned),
 * then applies it. Disabled steps are run all the same: the pipeline
 * skips them, a preview may not.
 *
 * Returns: (transfer full): a new table, or %NULL with @error set (a
 *   phrase without the step's name; the step is unchanged).
 */
SondeTable *
sonde_step_fit_apply (SondeStep             *self,
                      SondeTable            *table,
                      SondeTableLookupFunc   lookup,
                      gpointer               lookup_data,
                      SondeStepEffect       *effect,
                      GError               **error)
{
  g_return_val_if_fail (SONDE_IS_STEP (self), NULL);
  g_return_val_if_fail (SONDE_IS_TABLE (table), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return run_step (self, table, TRUE, lookup, lookup_data, effect, error);
}

/**
 * sonde_step_apply:
 * @self: a #SondeStep
 * @table: the data (not changed)
 * @lookup: (nullable) (scope call): finds the other dataset of a join or
 *   an append
 * @lookup_data: data for @lookup
 * @effect: (out caller-allocates) (optional): what the step did
 * @error: return location for a #GError
 *
 * Applies the step with what it learned, learning nothing: a fitted step
 * replayed on the data it was fitted on gives the same table.
 *
 * Returns: (transfer full): a new table, or %NULL with @error set; an
 *   unfitted step that needs to learn is an error.
 */
SondeTable *
sonde_step_apply (SondeStep             *self,
                  SondeTable            *table,
                  SondeTableLookupFunc   lookup,
                  gpointer               lookup_data,
                  SondeStepEffect       *effect,
                  GError               **error)
{
  g_return_val_if_fail (SONDE_IS_STEP (self), NULL);
  g_return_val_if_fail (SONDE_IS_TABLE (table), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return run_step (self, table, FALSE, lookup, lookup_data, effect, error);
}

/**
 * sonde_step_effect_describe_changes:
 * @effect: what a step did
 *
 * Returns: (transfer full): what changed, for people who are told the
 *   table's size apart ("3 rows changed, 4 cells; 1 row removed; 2 columns
 *   added", or "nothing changed").
 */
char *
sonde_step_effect_describe_changes (const SondeStepEffect *effect)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (effect != NULL, NULL);

  if (effect->cells_changed > 0)
    {
      g_autofree char *cells = g_strdup_printf ("%" G_GUINT64_FORMAT, effect->cells_changed);

      g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u row changed, %s cells",
                                                            "%u rows changed, %s cells", effect->rows_changed),
                                               effect->rows_changed, cells));
    }
  if (effect->cells_missing_made > 0)
    {
      g_autofree char *cells = g_strdup_printf ("%" G_GUINT64_FORMAT, effect->cells_missing_made);

      /* Translators: %s is a number of cells */
      g_ptr_array_add (parts, g_strdup_printf (_("%s cells made missing"), cells));
    }
  if (effect->rows_removed > 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u row removed", "%u rows removed",
                                                          effect->rows_removed), effect->rows_removed));
  if (effect->rows_added > 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u row added", "%u rows added",
                                                          effect->rows_added), effect->rows_added));
  if (effect->columns_added > 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u column added", "%u columns added",
                                                          effect->columns_added), effect->columns_added));
  if (effect->columns_removed > 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u column removed", "%u columns removed",
                                                          effect->columns_removed), effect->columns_removed));
  if (effect->columns_renamed > 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u column renamed", "%u columns renamed",
                                                          effect->columns_renamed), effect->columns_renamed));
  if (parts->len == 0)
    g_ptr_array_add (parts, g_strdup (_("nothing changed")));
  g_ptr_array_add (parts, NULL);

  return g_strjoinv ("; ", (char **) parts->pdata);
}

/**
 * sonde_step_effect_describe:
 * @effect: what a step did
 *
 * Returns: (transfer full): one line for people ("3 rows changed, 4
 *   cells; 1 row removed; 2 columns added; 8 → 7 rows").
 */
char *
sonde_step_effect_describe (const SondeStepEffect *effect)
{
  g_autofree char *changes = NULL;

  g_return_val_if_fail (effect != NULL, NULL);

  changes = sonde_step_effect_describe_changes (effect);
  /* Translators: %s is what a step did; the numbers are rows before and after */
  return g_strdup_printf (_("%s; %u → %u rows"), changes, effect->rows_before, effect->rows_after);
}

/* ---- SondePipeline ---- */

struct _SondePipeline
{
  GObject               parent_instance;

  GPtrArray            *steps;
  SondeTableLookupFunc  lookup;
  gpointer              lookup_data;
  GDestroyNotify        lookup_destroy;
};

G_DEFINE_FINAL_TYPE (SondePipeline, sonde_pipeline, G_TYPE_OBJECT)

static void
sonde_pipeline_finalize (GObject *object)
{
  SondePipeline *self = SONDE_PIPELINE (object);

  g_clear_pointer (&self->steps, g_ptr_array_unref);
  if (self->lookup_destroy != NULL)
    self->lookup_destroy (self->lookup_data);

  G_OBJECT_CLASS (sonde_pipeline_parent_class)->finalize (object);
}

static void
sonde_pipeline_class_init (SondePipelineClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sonde_pipeline_finalize;
}

static void
sonde_pipeline_init (SondePipeline *self)
{
  self->steps = g_ptr_array_new_with_free_func (g_object_unref);
}

SondePipeline *
sonde_pipeline_new (void)
{
  return g_object_new (SONDE_TYPE_PIPELINE, NULL);
}

/**
 * sonde_pipeline_new_from_data:
 * @data: the JSON text of a pipeline
 * @length: its length in bytes, or -1 when nul-terminated
 * @error: return location for a #GError
 *
 * Reads a pipeline as sonde_pipeline_to_data() writes it.
 *
 * Returns: (transfer full): the pipeline, or %NULL with @error set
 *   (%SONDE_ERROR_PARSE or %SONDE_ERROR_INVALID) naming the step at fault.
 */
SondePipeline *
sonde_pipeline_new_from_data (const char  *data,
                              gssize       length,
                              GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(SondePipeline) self = NULL;
  g_autoptr(GError) local = NULL;
  JsonObject *root;
  JsonNode *member;
  JsonArray *steps;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!json_parser_load_from_data (parser, data, length, &local))
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_PARSE,
                   _("The pipeline is not valid JSON: %s"), local->message);
      return NULL;
    }
  if (json_parser_get_root (parser) == NULL || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error_literal (error, SONDE_ERROR, SONDE_ERROR_PARSE,
                           _("The pipeline must be a JSON object with “format”: “sonde-pipeline”."));
      return NULL;
    }
  root = json_node_get_object (json_parser_get_root (parser));
  member = json_object_get_member (root, "format");
  if (member == NULL || !JSON_NODE_HOLDS_VALUE (member) || json_node_get_value_type (member) != G_TYPE_STRING ||
      g_strcmp0 (json_node_get_string (member), "sonde-pipeline") != 0)
    {
      g_set_error_literal (error, SONDE_ERROR, SONDE_ERROR_PARSE,
                           _("This is not a Sonde pipeline: its “format” is not “sonde-pipeline”."));
      return NULL;
    }
  member = json_object_get_member (root, "version");
  if (member == NULL || !JSON_NODE_HOLDS_VALUE (member) || json_node_get_value_type (member) != G_TYPE_INT64 ||
      json_node_get_int (member) != 1)
    {
      g_set_error_literal (error, SONDE_ERROR, SONDE_ERROR_PARSE,
                           _("This pipeline is of a version this Sonde does not read: it reads version 1."));
      return NULL;
    }
  member = json_object_get_member (root, "steps");
  if (member == NULL || !JSON_NODE_HOLDS_ARRAY (member))
    {
      g_set_error_literal (error, SONDE_ERROR, SONDE_ERROR_PARSE,
                           _("The pipeline has no “steps”: give a JSON array of steps, even an empty one."));
      return NULL;
    }

  self = sonde_pipeline_new ();
  steps = json_node_get_array (member);
  for (guint i = 0; i < json_array_get_length (steps); i++)
    {
      JsonNode *node = json_array_get_element (steps, i);
      SondeStep *step = sonde_step_new_from_json (node, &local);

      if (step == NULL)
        {
          const char *kind = NULL;

          if (JSON_NODE_HOLDS_OBJECT (node))
            {
              JsonNode *k = json_object_get_member (json_node_get_object (node), "kind");

              if (k != NULL && JSON_NODE_HOLDS_VALUE (k) && json_node_get_value_type (k) == G_TYPE_STRING)
                kind = json_node_get_string (k);
            }
          if (kind != NULL)
            g_set_error (error, local->domain, local->code,
                         /* Translators: a step number, its kind, then the problem */
                         _("Step %u (%s): %s"), i + 1, kind, local->message);
          else
            g_set_error (error, local->domain, local->code,
                         /* Translators: a step number, then the problem */
                         _("Step %u: %s"), i + 1, local->message);
          return NULL;
        }
      g_ptr_array_add (self->steps, step);
    }

  return g_steal_pointer (&self);
}

/**
 * sonde_pipeline_new_from_file:
 * @file: a pipeline file (JSON)
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the pipeline, or %NULL with @error set.
 */
SondePipeline *
sonde_pipeline_new_from_file (GFile   *file,
                              GError **error)
{
  g_autofree char *data = NULL;
  gsize length;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  if (!g_file_load_contents (file, NULL, &data, &length, NULL, error))
    return NULL;
  return sonde_pipeline_new_from_data (data, (gssize) length, error);
}

/**
 * sonde_pipeline_to_data:
 * @self: a #SondePipeline
 *
 * Returns: (transfer full): the pipeline as indented JSON text, with
 *   each step's parameters and learned state.
 */
char *
sonde_pipeline_to_data (SondePipeline *self)
{
  g_autoptr(JsonObject) root = json_object_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  JsonArray *steps = json_array_new ();

  g_return_val_if_fail (SONDE_IS_PIPELINE (self), NULL);

  json_object_set_string_member (root, "format", "sonde-pipeline");
  json_object_set_int_member (root, "version", 1);
  for (guint i = 0; i < self->steps->len; i++)
    json_array_add_element (steps, sonde_step_to_json (g_ptr_array_index (self->steps, i)));
  json_object_set_array_member (root, "steps", steps);

  json_node_set_object (node, root);
  json_generator_set_root (generator, node);
  json_generator_set_pretty (generator, TRUE);
  return json_generator_to_data (generator, NULL);
}

/**
 * sonde_pipeline_save_file:
 * @self: a #SondePipeline
 * @file: where to write
 * @error: return location for a #GError
 *
 * Returns: %TRUE when @file holds the pipeline.
 */
gboolean
sonde_pipeline_save_file (SondePipeline  *self,
                          GFile          *file,
                          GError        **error)
{
  g_autofree char *data = NULL;

  g_return_val_if_fail (SONDE_IS_PIPELINE (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  data = sonde_pipeline_to_data (self);
  return g_file_replace_contents (file, data, strlen (data), NULL, FALSE,
                                  G_FILE_CREATE_REPLACE_DESTINATION, NULL, NULL, error);
}

guint
sonde_pipeline_get_n_steps (SondePipeline *self)
{
  g_return_val_if_fail (SONDE_IS_PIPELINE (self), 0);
  return self->steps->len;
}

/**
 * sonde_pipeline_get_step:
 * @self: a #SondePipeline
 * @index: a step position
 *
 * Returns: (transfer none): the step.
 */
SondeStep *
sonde_pipeline_get_step (SondePipeline *self,
                         guint          index)
{
  g_return_val_if_fail (SONDE_IS_PIPELINE (self), NULL);
  g_return_val_if_fail (index < self->steps->len, NULL);
  return g_ptr_array_index (self->steps, index);
}

/**
 * sonde_pipeline_add_step:
 * @self: a #SondePipeline
 * @step: a step, appended with a new reference
 */
void
sonde_pipeline_add_step (SondePipeline *self,
                         SondeStep     *step)
{
  g_return_if_fail (SONDE_IS_PIPELINE (self));
  g_return_if_fail (SONDE_IS_STEP (step));
  g_ptr_array_add (self->steps, g_object_ref (step));
}

void
sonde_pipeline_remove_step (SondePipeline *self,
                            guint          index)
{
  g_return_if_fail (SONDE_IS_PIPELINE (self));
  g_return_if_fail (index < self->steps->len);
  g_ptr_array_remove_index (self->steps, index);
}

/**
 * sonde_pipeline_set_lookup:
 * @self: a #SondePipeline
 * @lookup: (nullable): finds the other datasets of joins and appends
 * @user_data: data for @lookup
 * @destroy: (nullable): frees @user_data
 */
void
sonde_pipeline_set_lookup (SondePipeline        *self,
                           SondeTableLookupFunc  lookup,
                           gpointer              user_data,
                           GDestroyNotify        destroy)
{
  g_return_if_fail (SONDE_IS_PIPELINE (self));

  if (self->lookup_destroy != NULL)
    self->lookup_destroy (self->lookup_data);
  self->lookup = lookup;
  self->lookup_data = user_data;
  self->lookup_destroy = destroy;
}

static SondeTable *
run_pipeline (SondePipeline      *self,
              SondeTable         *table,
              gboolean            fit,
              SondeProgressFunc   progress,
              gpointer            progress_data,
              GCancellable       *cancellable,
              GArray            **effects,
              GError            **error)
{
  g_autoptr(SondeTable) current = g_object_ref (table);
  g_autoptr(GArray) all = g_array_new (FALSE, TRUE, sizeof (SondeStepEffect));

  for (guint i = 0; i < self->steps->len; i++)
    {
      SondeStep *step = g_ptr_array_index (self->steps, i);
      SondeStepEffect effect = { 0 };
      g_autoptr(GError) local = NULL;
      g_autoptr(SondeTable) next = NULL;

      /* A step runs to its end; cancelling stops before the next one. */
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      if (progress != NULL)
        progress ((double) i / self->steps->len, progress_data);

      if (!step->enabled)
        {
          effect.rows_before = effect.rows_after = sonde_table_get_n_rows (current);
          g_array_append_val (all, effect);
          continue;
        }
      next = run_step (step, current, fit, self->lookup, self->lookup_data, &effect, &local);
      if (next == NULL)
        {
          g_set_error (error, local->domain, local->code,
                       _("Step %u (%s): %s"), i + 1, step->kind->name, local->message);
          return NULL;
        }
      /* The output keeps the name of the dataset it came from. */
      sonde_table_set_name (next, sonde_table_get_name (table));
      g_array_append_val (all, effect);
      g_set_object (&current, next);
    }
  if (progress != NULL)
    progress (1.0, progress_data);

  if (effects != NULL)
    *effects = g_steal_pointer (&all);
  return g_steal_pointer (&current);
}

/**
 * sonde_pipeline_fit_apply:
 * @self: a #SondePipeline
 * @table: the training data (not changed)
 * @effects: (out) (optional) (element-type SondeStepEffect) (transfer full):
 *   one effect per step, in order (a disabled step changes nothing)
 * @error: return location for a #GError
 *
 * Fits each enabled step on the output of the previous one, so each
 * learns from the data as it will see it, and applies it. The steps keep
 * what they learned, to be saved with sonde_pipeline_to_data().
 *
 * Returns: (transfer full): the cleaned table, or %NULL with @error set
 *   ("Step 3 (impute): there is no column “agee” in “students”."); the
 *   steps before the one at fault have learned anew.
 */
SondeTable *
sonde_pipeline_fit_apply (SondePipeline  *self,
                          SondeTable     *table,
                          GArray        **effects,
                          GError        **error)
{
  g_return_val_if_fail (SONDE_IS_PIPELINE (self), NULL);
  g_return_val_if_fail (SONDE_IS_TABLE (table), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return run_pipeline (self, table, TRUE, NULL, NULL, NULL, effects, error);
}

/**
 * sonde_pipeline_apply:
 * @self: a #SondePipeline
 * @table: the data (not changed)
 * @effects: (out) (optional) (element-type SondeStepEffect) (transfer full):
 *   one effect per step
 * @error: return location for a #GError
 *
 * Replays the pipeline with what its steps learned, learning nothing: on
 * the training data it gives the table sonde_pipeline_fit_apply() gave;
 * on new data it transforms as the training data was (the training mean
 * imputes, the training categories encode).
 *
 * Returns: (transfer full): the cleaned table, or %NULL with @error set.
 */
SondeTable *
sonde_pipeline_apply (SondePipeline  *self,
                      SondeTable     *table,
                      GArray        **effects,
                      GError        **error)
{
  g_return_val_if_fail (SONDE_IS_PIPELINE (self), NULL);
  g_return_val_if_fail (SONDE_IS_TABLE (table), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return run_pipeline (self, table, FALSE, NULL, NULL, NULL, effects, error);
}

typedef struct
{
  SondeTable        *table;
  gboolean           fit;
  SondeProgressFunc  progress;
  gpointer           progress_data;
  GArray            *effects;
} RunData;

static void
run_data_free (RunData *data)
{
  g_clear_object (&data->table);
  g_clear_pointer (&data->effects, g_array_unref);
  g_free (data);
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  RunData *data = task_data;
  GError *error = NULL;
  SondeTable *out = run_pipeline (source_object, data->table, data->fit, data->progress, data->progress_data,
                                  cancellable, &data->effects, &error);

  if (out == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, out, g_object_unref);
}

/**
 * sonde_pipeline_run_async:
 * @self: a #SondePipeline; its steps must not change until @callback runs
 * @table: the data; it must not change until @callback runs
 * @fit: %TRUE to fit as sonde_pipeline_fit_apply(), %FALSE to replay as
 *   sonde_pipeline_apply()
 * @progress: (nullable): called from the worker thread before each step
 *   and at the end, with the share of steps done
 * @progress_data: data for @progress
 * @cancellable: (nullable): checked between steps (a step, once started,
 *   runs to its end)
 * @callback: called in the thread-default main context of the caller
 * @user_data: data for @callback
 *
 * Runs the pipeline in a worker thread, for the Clean pane.
 */
void
sonde_pipeline_run_async (SondePipeline       *self,
                          SondeTable          *table,
                          gboolean             fit,
                          SondeProgressFunc    progress,
                          gpointer             progress_data,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  RunData *data;

  g_return_if_fail (SONDE_IS_PIPELINE (self));
  g_return_if_fail (SONDE_IS_TABLE (table));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  data = g_new0 (RunData, 1);
  data->table = g_object_ref (table);
  data->fit = !!fit;
  data->progress = progress;
  data->progress_data = progress_data;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sonde_pipeline_run_async);
  g_task_set_name (task, "[sonde] sonde_pipeline_run_async");
  g_task_set_task_data (task, data, (GDestroyNotify) run_data_free);
  g_task_run_in_thread (task, run_thread);
}

/**
 * sonde_pipeline_run_finish:
 * @self: a #SondePipeline
 * @result: the #GAsyncResult given to the callback
 * @effects: (out) (optional) (element-type SondeStepEffect) (transfer full):
 *   one effect per step
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the cleaned table, or %NULL with
 *   @error set as by sonde_pipeline_fit_apply(), or %G_IO_ERROR_CANCELLED.
 */
SondeTable *
sonde_pipeline_run_finish (SondePipeline  *self,
                           GAsyncResult   *result,
                           GArray        **effects,
                           GError        **error)
{
  SondeTable *out;

  g_return_val_if_fail (SONDE_IS_PIPELINE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sonde_pipeline_run_async, NULL);

  out = g_task_propagate_pointer (G_TASK (result), error);
  if (out != NULL && effects != NULL)
    {
      RunData *data = g_task_get_task_data (G_TASK (result));

      *effects = g_steal_pointer (&data->effects);
    }
  return out;
}
