/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sonde"

/* SondeStepDialog: adds a clean step to a dataset's pipeline, or changes
 * one. The kind of step is chosen first; its form follows (sonde-step-
 * form.c: columns as a list of check boxes, choices as combo rows, text
 * and numbers as entry rows). Preview (Alt+P) tries the step on what the
 * steps before it make, in a worker, and tells what it would do ("2 rows
 * changed, 2 cells"), which takes the focus, then shows the rows it
 * changes before and after, or those it removes. Apply (Ctrl+Enter) adds
 * or changes the step through SondeCleaning, which runs the pipeline; the
 * dialog closes when that is done and the pane says what was done. A
 * mistake (a column not chosen, a number that is not one, a step the
 * engine refuses) is said under the form and takes the focus; nothing is
 * changed. */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "sonde-a11y.h"
#include "sonde-data-grid.h"
#include "sonde-pane.h"
#include "sonde-step-dialog.h"
#include "sonde-step-form.h"

struct _SondeStepDialog
{
  AdwWindow            parent_instance;

  SondeCleaning       *cleaning;
  GListStore          *datasets;
  char                *source;
  int                  index;           /* -1: a new step */
  GCancellable        *cancellable;
  gboolean             busy;
  const SondeStepForm *form;
  GPtrArray           *field_widgets;   /* one per field of the form */

  AdwComboRow         *kind_row;
  GtkWidget           *form_box;
  GtkLabel            *error_label;
  GtkLabel            *effect_label;
  GtkWidget           *preview_button;
  GtkWidget           *apply_button;
  GtkWidget           *spinner;
  GtkWidget           *before_label;
  GtkWidget           *before_grid;
  GtkWidget           *after_label;
  GtkWidget           *after_grid;
};

G_DEFINE_FINAL_TYPE (SondeStepDialog, sonde_step_dialog, ADW_TYPE_WINDOW)

enum {
  APPLIED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
sonde_step_dialog_dispose (GObject *object)
{
  SondeStepDialog *self = SONDE_STEP_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->cleaning);
  g_clear_object (&self->datasets);
  g_clear_pointer (&self->field_widgets, g_ptr_array_unref);

  G_OBJECT_CLASS (sonde_step_dialog_parent_class)->dispose (object);
}

static void
sonde_step_dialog_finalize (GObject *object)
{
  SondeStepDialog *self = SONDE_STEP_DIALOG (object);

  g_free (self->source);

  G_OBJECT_CLASS (sonde_step_dialog_parent_class)->finalize (object);
}

static void
sonde_step_dialog_class_init (SondeStepDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sonde_step_dialog_dispose;
  object_class->finalize = sonde_step_dialog_finalize;

  signals[APPLIED] = g_signal_new ("applied", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
say_error (SondeStepDialog *self,
           const char      *message)
{
  sonde_pane_say (self->error_label, message, TRUE);
}

static void
clear_messages (SondeStepDialog *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_label_set_text (self->effect_label, "");
  gtk_widget_set_visible (GTK_WIDGET (self->effect_label), FALSE);
  gtk_widget_set_visible (self->before_label, FALSE);
  gtk_widget_set_visible (self->before_grid, FALSE);
  gtk_widget_set_visible (self->after_label, FALSE);
  gtk_widget_set_visible (self->after_grid, FALSE);
}

static void
set_busy (SondeStepDialog *self,
          gboolean         busy)
{
  self->busy = busy;
  gtk_widget_set_visible (self->spinner, busy);
  gtk_widget_set_sensitive (self->preview_button, !busy);
  gtk_widget_set_sensitive (self->apply_button, !busy);
  gtk_widget_set_sensitive (self->form_box, !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->kind_row), !busy);
}

static char *
plain (const char *label)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (const char *p = _(label); *p != '\0'; p++)
    if (*p != '_')
      g_string_append_c (out, *p);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* The column names the step may use: those of what it is given, as far as
 * it is known here (the cleaned dataset's for a new step, else the
 * original's and the cleaned dataset's together). */
static GStrv
column_names (SondeStepDialog *self)
{
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  SondeTable *tables[2] = { NULL, NULL };
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->datasets));
  SondeTable *result = sonde_cleaning_get_result (self->cleaning, self->source);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SondeTable) t = g_list_model_get_item (G_LIST_MODEL (self->datasets), i);

      if (g_strcmp0 (sonde_table_get_name (t), self->source) == 0)
        tables[0] = t;
    }
  if (result != NULL)
    {
      if (self->index < 0)
        tables[0] = NULL;
      tables[1] = result;
    }
  for (guint k = 0; k < 2; k++)
    for (guint c = 0; tables[k] != NULL && c < sonde_table_get_n_columns (tables[k]); c++)
      {
        const char *name = sonde_column_get_name (sonde_table_get_column (tables[k], c));

        if (g_hash_table_add (seen, (gpointer) name))
          g_strv_builder_add (names, name);
      }

  return g_strv_builder_end (names);
}

static GStrv
dataset_names (SondeStepDialog *self)
{
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->datasets));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SondeTable) t = g_list_model_get_item (G_LIST_MODEL (self->datasets), i);

      if (g_strcmp0 (sonde_table_get_name (t), self->source) != 0)
        g_strv_builder_add (names, sonde_table_get_name (t));
    }

  return g_strv_builder_end (names);
}

static GtkWidget *
make_combo (const SondeStepField *field,
            const char * const   *values,
            const char * const   *labels)
{
  GtkWidget *row = adw_combo_row_new ();
  g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);

  if (field->optional)
    gtk_string_list_append (model, field->type == SONDE_FIELD_COLUMN ? _("None") : _("Not set"));
  for (guint i = 0; values[i] != NULL; i++)
    gtk_string_list_append (model, labels != NULL ? labels[i] : values[i]);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (model));
  g_object_set_data_full (G_OBJECT (row), "sonde-values", g_strdupv ((char **) values), (GDestroyNotify) g_strfreev);
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(field->label));
  sonde_a11y_follow_combo_row (ADW_COMBO_ROW (row));

  return row;
}

/* The value a combo row shows, as written in the JSON; NULL for "not set". */
static const char *
combo_value (GtkWidget            *row,
             const SondeStepField *field)
{
  char **values = g_object_get_data (G_OBJECT (row), "sonde-values");
  guint selected = adw_combo_row_get_selected (ADW_COMBO_ROW (row));

  if (field->optional)
    {
      if (selected == 0)
        return NULL;
      selected--;
    }
  return values != NULL && selected < g_strv_length (values) ? values[selected] : NULL;
}

static void
combo_set_value (GtkWidget            *row,
                 const SondeStepField *field,
                 const char           *value)
{
  char **values = g_object_get_data (G_OBJECT (row), "sonde-values");

  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    if (g_strcmp0 (values[i], value) == 0)
      adw_combo_row_set_selected (ADW_COMBO_ROW (row), i + (field->optional ? 1 : 0));
}

static void
check_row_toggled_cb (GtkCheckButton *check,
                      GParamSpec     *pspec,
                      GtkWidget      *row)
{
  gtk_accessible_update_state (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_STATE_CHECKED,
                               gtk_check_button_get_active (check) ? GTK_ACCESSIBLE_TRISTATE_TRUE
                                                                   : GTK_ACCESSIBLE_TRISTATE_FALSE,
                               -1);
}

/* A list of check boxes, in a group whose title is the field's. */
static GtkWidget *
make_checks (const SondeStepField *field,
             const char * const   *values,
             const char * const   *labels)
{
  GtkWidget *group = adw_preferences_group_new ();
  g_autofree char *title = plain (field->label);
  GPtrArray *checks = g_ptr_array_new ();

  g_object_set_data_full (G_OBJECT (group), "sonde-checks", checks, (GDestroyNotify) g_ptr_array_unref);
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  if (field->hint != NULL)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), _(field->hint));
  for (guint i = 0; values[i] != NULL; i++)
    {
      /* The row has the focus, not its check box: it is a check box for
       * Orca, which then says "checked" when Space ticks it. */
      GtkWidget *row = g_object_new (ADW_TYPE_ACTION_ROW, "accessible-role", GTK_ACCESSIBLE_ROLE_CHECKBOX, NULL);
      GtkWidget *check = gtk_check_button_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), labels != NULL ? labels[i] : values[i]);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      sonde_a11y_set_label (check, labels != NULL ? labels[i] : values[i]);
      g_object_set_data_full (G_OBJECT (check), "sonde-value", g_strdup (values[i]), g_free);
      gtk_accessible_update_state (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_STATE_CHECKED, GTK_ACCESSIBLE_TRISTATE_FALSE, -1);
      g_signal_connect_object (check, "notify::active", G_CALLBACK (check_row_toggled_cb), row, 0);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
      g_ptr_array_add (checks, check);
    }

  return group;
}

static GPtrArray *
group_checks (GtkWidget *group)
{
  return g_object_get_data (G_OBJECT (group), "sonde-checks");
}

static GtkWidget *
make_field (SondeStepDialog      *self,
            const SondeStepField *field)
{
  switch (field->type)
    {
    case SONDE_FIELD_COLUMNS:
      {
        g_auto(GStrv) names = column_names (self);

        return make_checks (field, (const char * const *) names, NULL);
      }
    case SONDE_FIELD_CHOICES:
    case SONDE_FIELD_CHOICE:
    case SONDE_FIELD_AGGREGATION:
      {
        g_autoptr(GStrvBuilder) values = g_strv_builder_new ();
        g_autoptr(GStrvBuilder) labels = g_strv_builder_new ();
        g_auto(GStrv) v = NULL;
        g_auto(GStrv) l = NULL;

        for (guint i = 0; field->choices[i].value != NULL; i++)
          {
            g_strv_builder_add (values, field->choices[i].value);
            g_strv_builder_add (labels, _(field->choices[i].label));
          }
        v = g_strv_builder_end (values);
        l = g_strv_builder_end (labels);
        if (field->type == SONDE_FIELD_CHOICES)
          return make_checks (field, (const char * const *) v, (const char * const *) l);
        return make_combo (field, (const char * const *) v, (const char * const *) l);
      }
    case SONDE_FIELD_COLUMN:
      {
        g_auto(GStrv) names = column_names (self);

        return make_combo (field, (const char * const *) names, NULL);
      }
    case SONDE_FIELD_DATASET:
      {
        g_auto(GStrv) names = dataset_names (self);

        return make_combo (field, (const char * const *) names, NULL);
      }
    case SONDE_FIELD_BOOLEAN:
      {
        GtkWidget *row = adw_action_row_new ();
        GtkWidget *check = gtk_check_button_new ();
        g_autofree char *title = plain (field->label);

        adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(field->label));
        adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
        gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
        adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
        adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
        sonde_a11y_set_label (check, title);
        g_object_set_data (G_OBJECT (row), "sonde-check", check);
        return row;
      }
    case SONDE_FIELD_TEXT:
    case SONDE_FIELD_VALUE:
    case SONDE_FIELD_NUMBER:
    case SONDE_FIELD_INTEGER:
    case SONDE_FIELD_LIST:
    case SONDE_FIELD_EXPRESSION:
    case SONDE_FIELD_NEW_NAME:
    default:
      {
        GtkWidget *row = adw_entry_row_new ();

        adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
        adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(field->label));
        if (field->hint != NULL)
          sonde_a11y_set_description (row, _(field->hint));
        return row;
      }
    }
}

/* The boxed list a row goes in: one per run of rows, a group of check
 * boxes stands alone. */
static void
build_form (SondeStepDialog *self)
{
  GtkWidget *child;
  GtkWidget *list = NULL;

  while ((child = gtk_widget_get_first_child (self->form_box)) != NULL)
    gtk_box_remove (GTK_BOX (self->form_box), child);
  g_ptr_array_set_size (self->field_widgets, 0);

  for (guint i = 0; i < SONDE_STEP_FORM_MAX_FIELDS && self->form->fields[i].key != NULL; i++)
    {
      const SondeStepField *field = &self->form->fields[i];
      GtkWidget *widget = make_field (self, field);

      g_ptr_array_add (self->field_widgets, widget);
      if (ADW_IS_PREFERENCES_GROUP (widget))
        {
          /* A long list of columns scrolls in its own frame, so that the
           * preview under the form is in sight. */
          GtkWidget *scroller = gtk_scrolled_window_new ();

          gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
          gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scroller), 200);
          gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 260);
          gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
          gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), widget);
          gtk_box_append (GTK_BOX (self->form_box), scroller);
          list = NULL;
          continue;
        }
      if (list == NULL)
        {
          list = gtk_list_box_new ();
          sonde_a11y_set_label (list, _("Settings"));
          gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
          gtk_widget_add_css_class (list, "boxed-list");
          gtk_box_append (GTK_BOX (self->form_box), list);
        }
      gtk_list_box_append (GTK_LIST_BOX (list), widget);
      if (field->hint != NULL && ADW_IS_ACTION_ROW (widget))
        adw_action_row_set_subtitle (ADW_ACTION_ROW (widget), _(field->hint));
    }
}

static void
kind_changed_cb (SondeStepDialog *self)
{
  guint n_forms;
  const SondeStepForm *forms = sonde_step_form_get_all (&n_forms);
  guint selected = adw_combo_row_get_selected (self->kind_row);

  if (selected >= n_forms || self->form == &forms[selected])
    return;
  self->form = &forms[selected];
  build_form (self);
  clear_messages (self);
}

static gboolean
parse_number (const char *text,
              gboolean    integer,
              JsonNode  **out)
{
  g_autofree char *copy = g_strstrip (g_strdup (text));
  char *end = NULL;

  /* The decimal comma of French is read too. */
  g_strdelimit (copy, ",", '.');
  if (*copy == '\0')
    return FALSE;
  if (integer)
    {
      gint64 v = g_ascii_strtoll (copy, &end, 10);

      if (*end != '\0')
        return FALSE;
      *out = json_node_init_int (json_node_alloc (), v);
    }
  else
    {
      double v = g_ascii_strtod (copy, &end);

      if (*end != '\0' || !isfinite (v))
        return FALSE;
      *out = json_node_init_double (json_node_alloc (), v);
    }
  return TRUE;
}

static JsonArray *
checked_values (GtkWidget *group)
{
  JsonArray *array = json_array_new ();
  GPtrArray *checks = group_checks (group);

  for (guint i = 0; checks != NULL && i < checks->len; i++)
    if (gtk_check_button_get_active (g_ptr_array_index (checks, i)))
      json_array_add_string_element (array, g_object_get_data (g_ptr_array_index (checks, i), "sonde-value"));

  return array;
}

static gboolean
field_error (GError              **error,
             const SondeStepField *field,
             const char           *format)
{
  g_autofree char *label = plain (field->label);

  g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID, format, label);
  return FALSE;
}

/* Reads the form into @params; FALSE with @error saying which field. */
static gboolean
read_form (SondeStepDialog  *self,
           JsonObject       *params,
           GError          **error)
{
  JsonObject *aggregation = NULL;
  const char *rename_from = NULL;

  for (guint i = 0; i < self->field_widgets->len; i++)
    {
      const SondeStepField *field = &self->form->fields[i];
      GtkWidget *widget = g_ptr_array_index (self->field_widgets, i);
      g_autoptr(JsonNode) node = NULL;
      const char *text = ADW_IS_ENTRY_ROW (widget) ? gtk_editable_get_text (GTK_EDITABLE (widget)) : NULL;
      g_autofree char *stripped = text != NULL ? g_strstrip (g_strdup (text)) : NULL;

      switch (field->type)
        {
        case SONDE_FIELD_COLUMNS:
        case SONDE_FIELD_CHOICES:
          {
            JsonArray *array = checked_values (widget);

            if (json_array_get_length (array) == 0)
              {
                json_array_unref (array);
                if (!field->optional)
                  /* Translators: %s is a field of the form ("Columns") */
                  return field_error (error, field, _("Choose at least one in “%s”."));
                continue;
              }
            node = json_node_init_array (json_node_alloc (), array);
            json_array_unref (array);
          }
          break;

        case SONDE_FIELD_AGGREGATION:
          aggregation = json_object_new ();
          json_object_set_string_member (aggregation, "function", combo_value (widget, field));
          {
            JsonArray *list = json_array_new ();

            json_array_add_object_element (list, aggregation);
            json_object_set_array_member (params, field->key, list);
          }
          continue;

        case SONDE_FIELD_CHOICE:
        case SONDE_FIELD_COLUMN:
        case SONDE_FIELD_DATASET:
          {
            const char *value = combo_value (widget, field);

            if (value == NULL)
              {
                if (!field->optional)
                  /* Translators: %s is a field of the form */
                  return field_error (error, field, _("Choose a value for “%s”."));
                continue;
              }
            if (aggregation != NULL && g_strcmp0 (field->key, "aggregations") == 0)
              {
                json_object_set_string_member (aggregation, "column", value);
                continue;
              }
            if (field->type == SONDE_FIELD_COLUMN && g_strcmp0 (field->key, "columns") == 0)
              {
                rename_from = value;
                continue;
              }
            node = json_node_init_string (json_node_alloc (), value);
          }
          break;

        case SONDE_FIELD_BOOLEAN:
          node = json_node_init_boolean (json_node_alloc (),
                                         gtk_check_button_get_active (g_object_get_data (G_OBJECT (widget), "sonde-check")));
          break;

        default:
          if (*stripped == '\0' && field->type != SONDE_FIELD_TEXT)
            {
              if (!field->optional)
                /* Translators: %s is a field of the form */
                return field_error (error, field, _("Write something in “%s”."));
              continue;
            }
          if (field->type == SONDE_FIELD_TEXT && *text == '\0')
            {
              if (!field->optional)
                return field_error (error, field, _("Write something in “%s”."));
              continue;
            }
          if (field->type == SONDE_FIELD_INTEGER || field->type == SONDE_FIELD_NUMBER)
            {
              /* A whole number is written as one: some steps read 1 as a
               * count and 1.0 as a fraction (min_df). */
              if (field->type == SONDE_FIELD_NUMBER && parse_number (stripped, TRUE, &node))
                ;
              else if (!parse_number (stripped, field->type == SONDE_FIELD_INTEGER, &node))
                return field_error (error, field, field->type == SONDE_FIELD_INTEGER
                                                  /* Translators: %s is a field of the form */
                                                  ? _("“%s” must be a whole number.")
                                                  /* Translators: %s is a field of the form */
                                                  : _("“%s” must be a number."));
            }
          else if (field->type == SONDE_FIELD_VALUE)
            {
              if (!parse_number (stripped, FALSE, &node))
                node = json_node_init_string (json_node_alloc (), text);
            }
          else if (field->type == SONDE_FIELD_LIST)
            {
              g_auto(GStrv) parts = g_strsplit (stripped, ",", -1);
              JsonArray *array = json_array_new ();

              for (guint k = 0; parts[k] != NULL; k++)
                {
                  g_strstrip (parts[k]);
                  if (*parts[k] != '\0')
                    json_array_add_string_element (array, parts[k]);
                }
              node = json_node_init_array (json_node_alloc (), array);
              json_array_unref (array);
            }
          else if (field->type == SONDE_FIELD_NEW_NAME)
            {
              JsonObject *map = json_object_new ();

              json_object_set_string_member (map, rename_from != NULL ? rename_from : "", stripped);
              node = json_node_init_object (json_node_alloc (), map);
              json_object_unref (map);
            }
          else if (aggregation != NULL && g_strcmp0 (field->key, "aggregations") == 0)
            {
              json_object_set_string_member (aggregation, "name", stripped);
              continue;
            }
          else
            node = json_node_init_string (json_node_alloc (), field->type == SONDE_FIELD_TEXT ? text : stripped);
          break;
        }
      json_object_set_member (params, field->key, g_steal_pointer (&node));
    }

  return TRUE;
}

/**
 * sonde_step_dialog_build_step:
 *
 * Returns: (transfer full) (nullable): the step the form describes, not
 *   fitted, or %NULL with @error saying what is wrong.
 */
SondeStep *
sonde_step_dialog_build_step (SondeStepDialog  *self,
                              GError          **error)
{
  g_autoptr(JsonObject) params = json_object_new ();

  g_return_val_if_fail (SONDE_IS_STEP_DIALOG (self), NULL);

  if (!read_form (self, params, error))
    return NULL;
  return sonde_step_new (self->form->kind, params, error);
}

static void
set_field (SondeStepDialog      *self,
           guint                 i,
           JsonNode             *node,
           JsonNode             *aggregation)
{
  const SondeStepField *field = &self->form->fields[i];
  GtkWidget *widget = g_ptr_array_index (self->field_widgets, i);

  if (aggregation != NULL && g_strcmp0 (field->key, "aggregations") == 0)
    {
      JsonObject *object = json_node_get_object (aggregation);
      const char *member = field->type == SONDE_FIELD_AGGREGATION ? "function"
                           : field->type == SONDE_FIELD_COLUMN ? "column" : "name";

      if (!json_object_has_member (object, member))
        return;
      node = json_object_get_member (object, member);
    }
  if (node == NULL)
    return;

  switch (field->type)
    {
    case SONDE_FIELD_COLUMNS:
    case SONDE_FIELD_CHOICES:
      {
        GPtrArray *checks = group_checks (widget);
        g_autoptr(GHashTable) wanted = g_hash_table_new (g_str_hash, g_str_equal);

        if (JSON_NODE_HOLDS_ARRAY (node))
          for (guint k = 0; k < json_array_get_length (json_node_get_array (node)); k++)
            g_hash_table_add (wanted, (gpointer) json_array_get_string_element (json_node_get_array (node), k));
        else if (JSON_NODE_HOLDS_VALUE (node))
          g_hash_table_add (wanted, (gpointer) json_node_get_string (node));
        for (guint k = 0; checks != NULL && k < checks->len; k++)
          gtk_check_button_set_active (g_ptr_array_index (checks, k),
                                       g_hash_table_contains (wanted, g_object_get_data (g_ptr_array_index (checks, k),
                                                                                         "sonde-value")));
      }
      break;

    case SONDE_FIELD_CHOICE:
    case SONDE_FIELD_COLUMN:
    case SONDE_FIELD_DATASET:
    case SONDE_FIELD_AGGREGATION:
      if (JSON_NODE_HOLDS_OBJECT (node))
        {
          /* rename: {"old": "new"}: the first */
          g_autoptr(GList) members = json_object_get_members (json_node_get_object (node));

          if (members != NULL)
            combo_set_value (widget, field, members->data);
        }
      else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        combo_set_value (widget, field, json_node_get_string (node));
      break;

    case SONDE_FIELD_BOOLEAN:
      if (JSON_NODE_HOLDS_VALUE (node))
        gtk_check_button_set_active (g_object_get_data (G_OBJECT (widget), "sonde-check"),
                                     json_node_get_boolean (node));
      break;

    default:
      {
        g_autoptr(GString) text = g_string_new (NULL);

        if (JSON_NODE_HOLDS_ARRAY (node))
          for (guint k = 0; k < json_array_get_length (json_node_get_array (node)); k++)
            g_string_append_printf (text, k > 0 ? ", %s" : "%s",
                                    json_array_get_string_element (json_node_get_array (node), k));
        else if (JSON_NODE_HOLDS_OBJECT (node))
          {
            g_autoptr(GList) members = json_object_get_members (json_node_get_object (node));

            if (members != NULL)
              g_string_append (text, json_object_get_string_member (json_node_get_object (node), members->data));
          }
        else if (JSON_NODE_HOLDS_VALUE (node))
          {
            GType type = json_node_get_value_type (node);

            if (type == G_TYPE_STRING)
              g_string_append (text, json_node_get_string (node));
            else if (type == G_TYPE_INT64)
              g_string_append_printf (text, "%" G_GINT64_FORMAT, json_node_get_int (node));
            else
              g_string_append_printf (text, "%g", json_node_get_double (node));
          }
        gtk_editable_set_text (GTK_EDITABLE (widget), text->str);
      }
      break;
    }
}

/**
 * sonde_step_dialog_set_step:
 * @kind: a kind of step
 * @params: (nullable): its parameters, to fill the form with
 *
 * Chooses the kind and fills the form: a step being changed, or a test.
 */
void
sonde_step_dialog_set_step (SondeStepDialog *self,
                            const char      *kind,
                            JsonObject      *params)
{
  guint n_forms;
  const SondeStepForm *forms = sonde_step_form_get_all (&n_forms);
  JsonNode *aggregation = NULL;

  g_return_if_fail (SONDE_IS_STEP_DIALOG (self));

  for (guint i = 0; i < n_forms; i++)
    if (g_strcmp0 (forms[i].kind, kind) == 0)
      {
        adw_combo_row_set_selected (self->kind_row, i);
        kind_changed_cb (self);
      }
  if (params == NULL || g_strcmp0 (self->form->kind, kind) != 0)
    return;

  if (json_object_has_member (params, "aggregations")
      && JSON_NODE_HOLDS_ARRAY (json_object_get_member (params, "aggregations"))
      && json_array_get_length (json_object_get_array_member (params, "aggregations")) > 0)
    aggregation = json_array_get_element (json_object_get_array_member (params, "aggregations"), 0);
  for (guint i = 0; i < self->field_widgets->len; i++)
    set_field (self, i, json_object_get_member (params, self->form->fields[i].key), aggregation);
}

/* Preview -------------------------------------------------------------- */

static SondeSelection *
rows_of (SondeTable  *table,
         const guint *rows,
         guint        n_rows)
{
  g_autofree guint32 *r = g_new (guint32, MAX (n_rows, 1));

  for (guint i = 0; i < n_rows; i++)
    r[i] = rows[i];
  return sonde_selection_new_from_rows (table, r, n_rows);
}

static SondeSelection *
first_rows (SondeTable *table)
{
  guint n = MIN (sonde_table_get_n_rows (table), SONDE_STEP_EFFECT_N_ROWS);
  g_autofree guint *rows = g_new (guint, MAX (n, 1));

  for (guint i = 0; i < n; i++)
    rows[i] = i;
  return rows_of (table, rows, n);
}

static void
show_preview (SondeStepDialog       *self,
              SondeTable            *input,
              SondeTable            *output,
              const SondeStepEffect *effect)
{
  g_autoptr(SondeSelection) before = NULL;
  g_autoptr(SondeSelection) after = NULL;
  g_autofree char *what = sonde_step_effect_describe_changes (effect);
  g_autofree char *text = NULL;
  const char *before_text;
  const char *after_text = NULL;

  if (effect->n_changed_rows > 0 && effect->rows_after == effect->rows_before)
    {
      before = rows_of (input, effect->changed_rows, effect->n_changed_rows);
      after = rows_of (output, effect->changed_rows, effect->n_changed_rows);
      before_text = _("The changed rows, before");
      after_text = _("The same rows, after");
    }
  else if (effect->n_removed_rows > 0)
    {
      before = rows_of (input, effect->removed_rows, effect->n_removed_rows);
      before_text = _("Rows it removes");
    }
  else
    {
      before = first_rows (input);
      after = first_rows (output);
      before_text = _("The first rows, before");
      after_text = _("The first rows, after");
    }

  /* Translators: what a step would do, then where to see it */
  text = g_strdup_printf (_("Preview: %s. The rows concerned are shown below, before and after."), what);
  if (after == NULL)
    {
      g_free (text);
      /* Translators: what a step would do */
      text = g_strdup_printf (_("Preview: %s. The rows it removes are shown below."), what);
    }

  gtk_label_set_text (GTK_LABEL (self->before_label), before_text);
  sonde_data_grid_set_selection (SONDE_DATA_GRID (self->before_grid), before);
  gtk_widget_set_visible (self->before_label, TRUE);
  gtk_widget_set_visible (self->before_grid, TRUE);
  sonde_a11y_set_description (self->before_grid, before_text);
  if (after != NULL)
    {
      gtk_label_set_text (GTK_LABEL (self->after_label), after_text);
      sonde_data_grid_set_selection (SONDE_DATA_GRID (self->after_grid), after);
      sonde_a11y_set_description (self->after_grid, after_text);
    }
  gtk_widget_set_visible (self->after_label, after != NULL);
  gtk_widget_set_visible (self->after_grid, after != NULL);

  sonde_pane_say (self->effect_label, text, TRUE);
}

static void
preview_done (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(SondeStepDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SondeTable) input = NULL;
  g_autoptr(SondeTable) output = NULL;
  SondeStepEffect effect = { 0 };

  output = sonde_cleaning_preview_finish (SONDE_CLEANING (object), result, &input, &effect, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->cleaning == NULL)
    return;
  set_busy (self, FALSE);
  if (output == NULL)
    {
      say_error (self, error->message);
      return;
    }
  show_preview (self, input, output, &effect);
}

/**
 * sonde_step_dialog_preview:
 *
 * Tries the step in a worker and shows what it would do.
 */
void
sonde_step_dialog_preview (SondeStepDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SondeStep) step = NULL;
  SondePipeline *pipeline;
  guint index;

  g_return_if_fail (SONDE_IS_STEP_DIALOG (self));

  if (self->busy)
    return;
  clear_messages (self);
  if ((step = sonde_step_dialog_build_step (self, &error)) == NULL)
    {
      say_error (self, error->message);
      return;
    }
  pipeline = sonde_cleaning_get_pipeline (self->cleaning, self->source);
  index = self->index >= 0 ? (guint) self->index : pipeline != NULL ? sonde_pipeline_get_n_steps (pipeline) : 0;
  set_busy (self, TRUE);
  g_cancellable_cancel (self->cancellable);
  g_set_object (&self->cancellable, g_cancellable_new ());
  sonde_cleaning_preview_async (self->cleaning, self->source, index, step, self->cancellable,
                                preview_done, g_object_ref (self));
}

static void
apply_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(SondeStepDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (!sonde_cleaning_change_finish (SONDE_CLEANING (object), result, &message, &error))
    {
      if (self->cleaning == NULL)
        return;
      set_busy (self, FALSE);
      say_error (self, error->message);
      return;
    }
  set_busy (self, FALSE);
  g_signal_emit (self, signals[APPLIED], 0, message);
  gtk_window_destroy (GTK_WINDOW (self));
}

/**
 * sonde_step_dialog_apply:
 *
 * Adds the step (or changes it) and runs the pipeline; the dialog closes
 * when that is done, or says why not.
 */
void
sonde_step_dialog_apply (SondeStepDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SondeStep) step = NULL;

  g_return_if_fail (SONDE_IS_STEP_DIALOG (self));

  if (self->busy)
    return;
  clear_messages (self);
  if ((step = sonde_step_dialog_build_step (self, &error)) == NULL)
    {
      say_error (self, error->message);
      return;
    }
  set_busy (self, TRUE);
  sonde_cleaning_change_async (self->cleaning, self->source,
                               self->index >= 0 ? SONDE_CLEANING_REPLACE : SONDE_CLEANING_ADD,
                               MAX (self->index, 0), 0, step, NULL, apply_done, g_object_ref (self));
}

gboolean
sonde_step_dialog_is_busy (SondeStepDialog *self)
{
  g_return_val_if_fail (SONDE_IS_STEP_DIALOG (self), FALSE);

  return self->busy;
}

const char *
sonde_step_dialog_get_effect_text (SondeStepDialog *self)
{
  g_return_val_if_fail (SONDE_IS_STEP_DIALOG (self), NULL);

  return gtk_label_get_text (self->effect_label);
}

static void
cancel_cb (SondeStepDialog *self)
{
  g_cancellable_cancel (self->cancellable);
  gtk_window_close (GTK_WINDOW (self));
}

static gboolean
escape_cb (GtkWidget *widget,
           GVariant  *args,
           gpointer   user_data)
{
  cancel_cb (SONDE_STEP_DIALOG (widget));
  return TRUE;
}

static gboolean
apply_cb (GtkWidget *widget,
          GVariant  *args,
          gpointer   user_data)
{
  sonde_step_dialog_apply (SONDE_STEP_DIALOG (widget));
  return TRUE;
}

static GtkWidget *
make_grid (void)
{
  GtkWidget *grid = sonde_data_grid_new ();

  gtk_widget_set_size_request (grid, -1, 180);
  gtk_widget_set_visible (grid, FALSE);
  return grid;
}

static GtkWidget *
make_heading (void)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_set_visible (label, FALSE);
  return label;
}

static void
sonde_step_dialog_init (SondeStepDialog *self)
{
  GtkWidget *toolbar = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *kind_list = gtk_list_box_new ();
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  g_autoptr(GtkStringList) kinds = gtk_string_list_new (NULL);
  GtkEventController *shortcuts = gtk_shortcut_controller_new ();
  guint n_forms;
  const SondeStepForm *forms = sonde_step_form_get_all (&n_forms);

  self->field_widgets = g_ptr_array_new ();
  self->cancellable = g_cancellable_new ();
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (self), 720, 680);

  self->apply_button = gtk_button_new_with_mnemonic (_("_Apply"));
  gtk_widget_add_css_class (self->apply_button, "suggested-action");
  gtk_widget_set_tooltip_text (self->apply_button, _("Apply the step (Ctrl+Enter)"));
  g_signal_connect_swapped (self->apply_button, "clicked", G_CALLBACK (sonde_step_dialog_apply), self);
  g_signal_connect_swapped (cancel, "clicked", G_CALLBACK (cancel_cb), self);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), self->apply_button);
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_show_start_title_buttons (ADW_HEADER_BAR (header), FALSE);
  gtk_box_append (GTK_BOX (toolbar), header);

  for (guint i = 0; i < n_forms; i++)
    gtk_string_list_append (kinds, _(forms[i].label));
  self->kind_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (self->kind_row), TRUE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->kind_row), _("_Kind of step"));
  adw_combo_row_set_model (self->kind_row, G_LIST_MODEL (kinds));
  sonde_a11y_follow_combo_row (self->kind_row);
  g_signal_connect_swapped (self->kind_row, "notify::selected", G_CALLBACK (kind_changed_cb), self);
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (kind_list), GTK_SELECTION_NONE);
  sonde_a11y_set_label (kind_list, _("Step"));
  gtk_widget_add_css_class (kind_list, "boxed-list");
  gtk_list_box_append (GTK_LIST_BOX (kind_list), GTK_WIDGET (self->kind_row));
  gtk_box_append (GTK_BOX (box), kind_list);

  self->form_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_box_append (GTK_BOX (box), self->form_box);

  self->error_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->error_label, TRUE);
  gtk_label_set_xalign (self->error_label, 0);
  gtk_label_set_selectable (self->error_label, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->error_label), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->error_label));

  self->preview_button = gtk_button_new_with_mnemonic (_("_Preview"));
  gtk_widget_set_tooltip_text (self->preview_button, _("Show what the step would do, without applying it (Alt+P)"));
  g_signal_connect_swapped (self->preview_button, "clicked", G_CALLBACK (sonde_step_dialog_preview), self);
  self->spinner = gtk_spinner_new ();
  gtk_spinner_set_spinning (GTK_SPINNER (self->spinner), TRUE);
  gtk_widget_set_visible (self->spinner, FALSE);
  gtk_box_append (GTK_BOX (buttons), self->preview_button);
  gtk_box_append (GTK_BOX (buttons), self->spinner);
  gtk_box_append (GTK_BOX (box), buttons);

  self->effect_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->effect_label, TRUE);
  gtk_label_set_xalign (self->effect_label, 0);
  gtk_label_set_selectable (self->effect_label, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->effect_label), FALSE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->effect_label));

  self->before_label = make_heading ();
  self->before_grid = make_grid ();
  self->after_label = make_heading ();
  self->after_grid = make_grid ();
  gtk_box_append (GTK_BOX (box), self->before_label);
  gtk_box_append (GTK_BOX (box), self->before_grid);
  gtk_box_append (GTK_BOX (box), self->after_label);
  gtk_box_append (GTK_BOX (box), self->after_grid);

  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 800);
  adw_clamp_set_child (ADW_CLAMP (clamp), box);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_box_append (GTK_BOX (toolbar), scrolled);
  adw_window_set_content (ADW_WINDOW (self), toolbar);

  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0),
                                                          gtk_callback_action_new (escape_cb, NULL, NULL)));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_alternative_trigger_new (gtk_keyval_trigger_new (GDK_KEY_Return, GDK_CONTROL_MASK),
                                                                                       gtk_keyval_trigger_new (GDK_KEY_KP_Enter, GDK_CONTROL_MASK)),
                                                          gtk_callback_action_new (apply_cb, NULL, NULL)));
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (shortcuts), GTK_SHORTCUT_SCOPE_MANAGED);
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);
}

/**
 * sonde_step_dialog_new:
 * @cleaning: the pipelines
 * @datasets: the window's datasets (to join or append)
 * @source: the dataset whose pipeline the step goes in
 * @index: the step to change, or -1 for a new step at the end
 *
 * Returns: (transfer full): the dialog; present it.
 */
SondeStepDialog *
sonde_step_dialog_new (SondeCleaning *cleaning,
                       GListStore    *datasets,
                       const char    *source,
                       int            index)
{
  SondeStepDialog *self = g_object_new (SONDE_TYPE_STEP_DIALOG, NULL);
  g_autofree char *title = NULL;
  SondePipeline *pipeline = sonde_cleaning_get_pipeline (cleaning, source);

  self->cleaning = g_object_ref (cleaning);
  self->datasets = g_object_ref (datasets);
  self->source = g_strdup (source);
  self->index = index;

  if (index >= 0)
    /* Translators: the dialog's title: a step's number and the dataset */
    title = g_strdup_printf (_("Change Step %d of “%s”"), index + 1, source);
  else
    /* Translators: the dialog's title; %s is a dataset */
    title = g_strdup_printf (_("Add a Cleaning Step to “%s”"), source);
  gtk_window_set_title (GTK_WINDOW (self), title);

  if (index >= 0 && pipeline != NULL && (guint) index < sonde_pipeline_get_n_steps (pipeline))
    {
      SondeStep *step = sonde_pipeline_get_step (pipeline, index);

      sonde_step_dialog_set_step (self, sonde_step_get_kind (step), sonde_step_get_params (step));
    }
  else
    {
      self->form = NULL;
      kind_changed_cb (self);
    }
  sonde_a11y_fix_mnemonic_names (GTK_WIDGET (self));
  /* The combo rows' lists build their rows lazily, unnamed on GTK 4.8. */
  sonde_a11y_watch_window (GTK_WINDOW (self));
  /* The first choice is the kind of step, which shapes the rest. */
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->kind_row));

  return self;
}
