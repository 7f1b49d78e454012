/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sonde"

/* The Statistics pane: choose a dataset, an analysis and its variables by
 * keyboard, set its options, run it in a worker thread, and read the
 * result: one plain sentence, what to check (assumptions that fail), and
 * the tables, each in a SondeDataGrid so that every cell is spoken with
 * its row and column ("group true, Mean, 11.6, row 2 of 2").
 *
 * Variables: each role the analysis uses (variable, groups, predictors…)
 * is a group listing the chosen columns, each with a labelled Remove
 * button (Delete removes the focused one too), then a combo row of the
 * columns that fit and an Add button. The engine says which roles an
 * analysis takes and what they accept (sonde_analysis_kind_get_slot()).
 *
 * What Orca says: when a result appears the focus moves to its sentence
 * (a selectable label), which Orca 43 reads at once; toasts and live
 * regions are silent on this stack (BRIEF.md). Results stay in the pane,
 * newest first, until removed; they can be copied as text and exported as
 * accessible HTML or CSV. Keeping them in the project file comes with the
 * project store.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "sonde-a11y.h"
#include "sonde-pane.h"
#include "sonde-dataset.h"
#include "sonde-chart-view.h"
#include "sonde-data-grid.h"
#include "sonde-stats-pane.h"

struct _SondeStatsPane
{
  AdwBin                   parent_instance;

  GListStore              *datasets;
  SondeTable              *table;
  SondeAnalysisKind        kind;
  GPtrArray               *chosen[SONDE_ANALYSIS_N_ROLES];

  SondeAlternative         alternative;
  double                   mu;
  gboolean                 student;
  double                   conf_level;
  SondeCorrelationMethod   method;
  SondeCorrelationMissing  missing;
  GHashTable              *references;

  GCancellable            *cancellable;
  GSimpleActionGroup      *actions;
  GPtrArray               *results;

  /* Template widgets */
  GtkStack                *view_stack;
  AdwComboRow             *dataset_row;
  AdwComboRow             *analysis_row;
  GtkLabel                *analysis_summary;
  GtkBox                  *roles_box;
  AdwPreferencesGroup     *options_group;
  GtkLabel                *setup_error;
  GtkWidget               *run_button;
  GtkWidget               *cancel_button;
  GtkSpinner              *spinner;
  GtkStack                *results_stack;
  GtkBox                  *results_box;

  GPtrArray               *option_rows;
};

G_DEFINE_FINAL_TYPE (SondeStatsPane, sonde_stats_pane, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_DATASETS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void rebuild_roles   (SondeStatsPane *self);
static void rebuild_options (SondeStatsPane *self);

/**
 * sonde_stats_pane_new:
 * @datasets: the window's list of open #SondeTable
 *
 * Returns: (transfer full): a new Statistics pane.
 */
SondeStatsPane *
sonde_stats_pane_new (GListStore *datasets)
{
  g_return_val_if_fail (G_IS_LIST_STORE (datasets), NULL);

  return g_object_new (SONDE_TYPE_STATS_PANE, "datasets", datasets, NULL);
}

/* Columns ------------------------------------------------------------- */

static gboolean
column_fits (SondeColumn             *column,
             SondeAnalysisRole        role,
             const SondeAnalysisSlot *slot)
{
  SondeColumnType type = sonde_column_get_column_type (column);

  if (slot->numeric)
    return type == SONDE_COLUMN_TYPE_INTEGER || type == SONDE_COLUMN_TYPE_REAL;

  switch (role)
    {
    case SONDE_ANALYSIS_ROLE_PREDICTOR:
    case SONDE_ANALYSIS_ROLE_RESPONSE:
      return type != SONDE_COLUMN_TYPE_TEXT && type != SONDE_COLUMN_TYPE_DATE
             && type != SONDE_COLUMN_TYPE_DATETIME;
    default:
      /* Groups: categories, yes/no, and integers used as codes. */
      return type == SONDE_COLUMN_TYPE_CATEGORICAL || type == SONDE_COLUMN_TYPE_BOOLEAN
             || type == SONDE_COLUMN_TYPE_TEXT || type == SONDE_COLUMN_TYPE_INTEGER;
    }
}

static gboolean
is_chosen (SondeStatsPane    *self,
           SondeAnalysisRole  role,
           const char        *name)
{
  for (guint i = 0; i < self->chosen[role]->len; i++)
    if (g_str_equal (g_ptr_array_index (self->chosen[role], i), name))
      return TRUE;

  return FALSE;
}

static char *
describe_requirement (SondeAnalysisRole        role,
                      const SondeAnalysisSlot *slot)
{
  g_autofree char *count = NULL;
  const char *what;

  if (slot->min_columns == 1 && slot->max_columns == 1)
    count = g_strdup (_("Exactly one column"));
  else if (slot->min_columns == 0 && slot->max_columns == 1)
    count = g_strdup (_("Optional: one column"));
  else if (slot->max_columns == G_MAXUINT)
    count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "At least %u column", "At least %u columns",
                                          MAX (slot->min_columns, 1)),
                             MAX (slot->min_columns, 1));
  else
    count = g_strdup_printf (_("From %u to %u columns"), slot->min_columns, slot->max_columns);

  if (slot->numeric)
    what = _("of numbers");
  else if (role == SONDE_ANALYSIS_ROLE_PREDICTOR || role == SONDE_ANALYSIS_ROLE_RESPONSE)
    what = _("of numbers, categories or yes/no values");
  else
    what = _("of categories or yes/no values");

  /* Translators: "Exactly one column" + "of numbers" */
  return g_strdup_printf (C_("requirement", "%s %s."), count, what);
}

/**
 * sonde_stats_pane_add_column:
 * @self: a #SondeStatsPane
 * @role: the role to add the column to
 * @name: a column of the dataset
 *
 * Adds a column to a role of the analysis, as its Add button does.
 */
void
sonde_stats_pane_add_column (SondeStatsPane    *self,
                             SondeAnalysisRole  role,
                             const char        *name)
{
  const SondeAnalysisSlot *slot;

  g_return_if_fail (SONDE_IS_STATS_PANE (self));
  g_return_if_fail (role < SONDE_ANALYSIS_N_ROLES);
  g_return_if_fail (name != NULL);

  slot = sonde_analysis_kind_get_slot (self->kind, role);
  if (!slot->used || is_chosen (self, role, name) || self->chosen[role]->len >= slot->max_columns)
    return;

  g_ptr_array_add (self->chosen[role], g_strdup (name));
  rebuild_roles (self);
  if (role == SONDE_ANALYSIS_ROLE_PREDICTOR)
    rebuild_options (self);
}

/**
 * sonde_stats_pane_remove_column:
 * @self: a #SondeStatsPane
 * @role: the role
 * @name: a column chosen in @role
 *
 * Takes a column out of a role, as its Remove button does.
 */
void
sonde_stats_pane_remove_column (SondeStatsPane    *self,
                                SondeAnalysisRole  role,
                                const char        *name)
{
  g_return_if_fail (SONDE_IS_STATS_PANE (self));
  g_return_if_fail (role < SONDE_ANALYSIS_N_ROLES);

  for (guint i = 0; i < self->chosen[role]->len; i++)
    if (g_str_equal (g_ptr_array_index (self->chosen[role], i), name))
      {
        g_ptr_array_remove_index (self->chosen[role], i);
        break;
      }

  if (role == SONDE_ANALYSIS_ROLE_PREDICTOR && name != NULL)
    g_hash_table_remove (self->references, name);
  rebuild_roles (self);
  if (role == SONDE_ANALYSIS_ROLE_PREDICTOR)
    rebuild_options (self);
}

/* Role groups ------------------------------------------------------------ */

/* After a rebuild, the focus goes where the keyboard user left it: the
 * role's add row after a removal, the new column's row after an add. */
static void
focus_named (SondeStatsPane *self,
             const char     *widget_name)
{
  GtkWidget *stack[64];
  guint depth = 0;

  stack[depth++] = GTK_WIDGET (self->roles_box);
  while (depth > 0)
    {
      GtkWidget *widget = stack[--depth];

      if (g_strcmp0 (gtk_widget_get_name (widget), widget_name) == 0)
        {
          gtk_widget_grab_focus (widget);
          return;
        }
      for (GtkWidget *child = gtk_widget_get_last_child (widget);
           child != NULL && depth < G_N_ELEMENTS (stack);
           child = gtk_widget_get_prev_sibling (child))
        stack[depth++] = child;
    }
}

static void
remove_clicked_cb (GtkButton      *button,
                   SondeStatsPane *self)
{
  SondeAnalysisRole role = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "sonde-role"));
  g_autofree char *name = g_strdup (g_object_get_data (G_OBJECT (button), "sonde-column"));
  g_autofree char *focus = g_strdup_printf ("add-%u", role);

  sonde_stats_pane_remove_column (self, role, name);
  focus_named (self, focus);
}

static gboolean
chosen_row_key_cb (GtkEventControllerKey *controller,
                   guint                  keyval,
                   guint                  keycode,
                   GdkModifierType        state,
                   GtkButton             *remove)
{
  if (keyval != GDK_KEY_Delete && keyval != GDK_KEY_KP_Delete && keyval != GDK_KEY_BackSpace)
    return FALSE;

  g_signal_emit_by_name (remove, "clicked");
  return TRUE;
}

static void
add_clicked_cb (GtkButton      *button,
                SondeStatsPane *self)
{
  AdwComboRow *combo = g_object_get_data (G_OBJECT (button), "sonde-combo");
  SondeAnalysisRole role = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "sonde-role"));
  GtkStringObject *item = adw_combo_row_get_selected_item (combo);
  g_autofree char *name = NULL;
  g_autofree char *focus = NULL;

  if (item == NULL)
    return;

  name = g_strdup (gtk_string_object_get_string (item));
  sonde_stats_pane_add_column (self, role, name);
  focus = g_strdup_printf ("chosen-%u-%s", role, name);
  focus_named (self, focus);
}

static GtkWidget *
create_role_group (SondeStatsPane          *self,
                   SondeAnalysisRole        role,
                   const SondeAnalysisSlot *slot)
{
  GtkWidget *group = adw_preferences_group_new ();
  g_autofree char *requirement = describe_requirement (role, slot);

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), slot->label);
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), requirement);

  for (guint i = 0; i < self->chosen[role]->len; i++)
    {
      const char *name = g_ptr_array_index (self->chosen[role], i);
      SondeColumn *column = sonde_table_find_column (self->table, name);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *remove = gtk_button_new_from_icon_name ("list-remove-symbolic");
      GtkEventController *keys = gtk_event_controller_key_new ();
      g_autofree char *remove_label = NULL;
      g_autofree char *row_label = NULL;
      g_autofree char *widget_name = g_strdup_printf ("chosen-%u-%s", role, name);
      const char *type = column != NULL ? sonde_column_type_get_label (sonde_column_get_column_type (column)) : "";

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), type);
      gtk_widget_set_focusable (row, TRUE);
      gtk_widget_set_name (row, widget_name);
      /* Translators: a column chosen for a role, "age, integer, in Variable". */
      row_label = g_strdup_printf (_("%s, %s, in %s. Delete removes it."), name, type, slot->label);
      sonde_a11y_set_label (row, row_label);
      gtk_accessible_reset_relation (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY);

      /* Translators: "Remove age from Variable". */
      remove_label = g_strdup_printf (_("Remove %s from %s"), name, slot->label);
      gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (remove, "flat");
      sonde_a11y_name_icon_button (remove, remove_label);
      g_object_set_data (G_OBJECT (remove), "sonde-role", GUINT_TO_POINTER (role));
      g_object_set_data_full (G_OBJECT (remove), "sonde-column", g_strdup (name), g_free);
      g_signal_connect (remove, "clicked", G_CALLBACK (remove_clicked_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);

      g_signal_connect (keys, "key-pressed", G_CALLBACK (chosen_row_key_cb), remove);
      gtk_widget_add_controller (row, keys);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }

  if (self->chosen[role]->len < slot->max_columns)
    {
      g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
      GtkWidget *combo = adw_combo_row_new ();
      GtkWidget *add = gtk_button_new_with_label (_("Add"));
      g_autofree char *title = NULL;
      g_autofree char *add_label = NULL;
      g_autofree char *widget_name = g_strdup_printf ("add-%u", role);

      for (guint c = 0; c < sonde_table_get_n_columns (self->table); c++)
        {
          SondeColumn *column = sonde_table_get_column (self->table, c);

          if (column_fits (column, role, slot) && !is_chosen (self, role, sonde_column_get_name (column)))
            gtk_string_list_append (names, sonde_column_get_name (column));
        }

      /* Translators: the combo row listing the columns that can be added
       * to a role, "Add to Variable". */
      title = g_strdup_printf (_("Add to %s"), slot->label);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (combo), title);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (combo), FALSE);
      adw_combo_row_set_model (ADW_COMBO_ROW (combo), G_LIST_MODEL (names));
      gtk_widget_set_name (combo, widget_name);
      sonde_a11y_follow_combo_row (ADW_COMBO_ROW (combo));

      /* Translators: the button adding the chosen column, "Add to Variable". */
      add_label = g_strdup_printf (_("Add the column to %s"), slot->label);
      gtk_widget_set_valign (add, GTK_ALIGN_CENTER);
      sonde_a11y_set_label (add, add_label);
      gtk_widget_set_sensitive (add, g_list_model_get_n_items (G_LIST_MODEL (names)) > 0);
      g_object_set_data (G_OBJECT (add), "sonde-combo", combo);
      g_object_set_data (G_OBJECT (add), "sonde-role", GUINT_TO_POINTER (role));
      g_signal_connect (add, "clicked", G_CALLBACK (add_clicked_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (combo), add);

      if (g_list_model_get_n_items (G_LIST_MODEL (names)) == 0)
        adw_action_row_set_subtitle (ADW_ACTION_ROW (combo), _("No other column of this dataset fits here."));

      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), combo);
    }

  return group;
}

static void
rebuild_roles (SondeStatsPane *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->roles_box))) != NULL)
    gtk_box_remove (self->roles_box, child);

  if (self->table == NULL)
    return;

  for (guint role = 0; role < SONDE_ANALYSIS_N_ROLES; role++)
    {
      const SondeAnalysisSlot *slot = sonde_analysis_kind_get_slot (self->kind, role);

      if (slot->used)
        gtk_box_append (self->roles_box, create_role_group (self, role, slot));
    }
}

/* Options --------------------------------------------------------------- */

static void
option_row_add (SondeStatsPane *self,
                GtkWidget      *row)
{
  adw_preferences_group_add (self->options_group, row);
  g_ptr_array_add (self->option_rows, row);
}

static void
alternative_changed_cb (AdwComboRow    *row,
                        GParamSpec     *pspec,
                        SondeStatsPane *self)
{
  self->alternative = adw_combo_row_get_selected (row);
}

static void
method_changed_cb (AdwComboRow    *row,
                   GParamSpec     *pspec,
                   SondeStatsPane *self)
{
  self->method = adw_combo_row_get_selected (row);
}

static void
missing_changed_cb (AdwComboRow    *row,
                    GParamSpec     *pspec,
                    SondeStatsPane *self)
{
  self->missing = adw_combo_row_get_selected (row);
}

static void
mu_changed_cb (GtkSpinButton  *spin,
               SondeStatsPane *self)
{
  self->mu = gtk_spin_button_get_value (spin);
}

static void
conf_changed_cb (GtkSpinButton  *spin,
                 SondeStatsPane *self)
{
  self->conf_level = gtk_spin_button_get_value (spin) / 100.0;
}

static void
reference_changed_cb (AdwComboRow    *row,
                      GParamSpec     *pspec,
                      SondeStatsPane *self)
{
  const char *predictor = g_object_get_data (G_OBJECT (row), "sonde-predictor");
  GtkStringObject *item = adw_combo_row_get_selected_item (row);

  /* The first entry is "the first in sorted order", the default. */
  if (adw_combo_row_get_selected (row) == 0 || item == NULL)
    g_hash_table_remove (self->references, predictor);
  else
    g_hash_table_insert (self->references, g_strdup (predictor),
                         g_strdup (gtk_string_object_get_string (item)));
}

static int
compare_levels (gconstpointer a,
                gconstpointer b)
{
  return g_utf8_collate (*(const char * const *) a, *(const char * const *) b);
}

/* One row per categorical predictor of a model: its reference level, the
 * one the other levels are compared with (R's first in sorted order by
 * default). */
static void
add_reference_rows (SondeStatsPane *self)
{
  GPtrArray *predictors = self->chosen[SONDE_ANALYSIS_ROLE_PREDICTOR];

  for (guint i = 0; i < predictors->len; i++)
    {
      const char *name = g_ptr_array_index (predictors, i);
      SondeColumn *column = self->table != NULL ? sonde_table_find_column (self->table, name) : NULL;
      g_autoptr(GPtrArray) levels = g_ptr_array_new ();
      g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);
      const char *chosen = g_hash_table_lookup (self->references, name);
      g_autofree char *title = NULL;
      GtkWidget *row;
      guint selected = 0;

      if (column == NULL || sonde_column_get_column_type (column) != SONDE_COLUMN_TYPE_CATEGORICAL)
        continue;

      for (guint32 code = 0; code < sonde_column_get_n_categories (column); code++)
        g_ptr_array_add (levels, (gpointer) sonde_column_get_category_label (column, code));
      g_ptr_array_sort (levels, compare_levels);

      gtk_string_list_append (list, _("The first in sorted order"));
      for (guint l = 0; l < levels->len; l++)
        {
          gtk_string_list_append (list, g_ptr_array_index (levels, l));
          if (g_strcmp0 (chosen, g_ptr_array_index (levels, l)) == 0)
            selected = l + 1;
        }

      row = adw_combo_row_new ();
      /* Translators: the reference level of a categorical predictor. */
      title = g_strdup_printf (_("Reference level of %s"), name);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (list));
      adw_combo_row_set_selected (ADW_COMBO_ROW (row), selected);
      sonde_a11y_follow_combo_row (ADW_COMBO_ROW (row));
      g_object_set_data_full (G_OBJECT (row), "sonde-predictor", g_strdup (name), g_free);
      g_signal_connect (row, "notify::selected", G_CALLBACK (reference_changed_cb), self);
      option_row_add (self, row);
    }
}

static void
student_changed_cb (GtkSwitch      *sw,
                    GParamSpec     *pspec,
                    SondeStatsPane *self)
{
  self->student = gtk_switch_get_active (sw);
}

static GtkWidget *
combo_option (const char * const *items,
              const char         *title,
              guint               selected)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);
  GtkWidget *row = adw_combo_row_new ();

  for (guint i = 0; items[i] != NULL; i++)
    gtk_string_list_append (list, items[i]);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (list));
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), selected);
  sonde_a11y_follow_combo_row (ADW_COMBO_ROW (row));

  return row;
}

static GtkWidget *
spin_option (const char *title,
             double      min,
             double      max,
             double      step,
             guint       digits,
             double      value,
             GtkWidget **spin_out)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *spin = gtk_spin_button_new_with_range (min, max, step);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_spin_button_set_digits (GTK_SPIN_BUTTON (spin), digits);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), value);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);
  sonde_a11y_set_label (spin, title);
  *spin_out = spin;

  return row;
}

static void
rebuild_options (SondeStatsPane *self)
{
  SondeAnalysisKind k = self->kind;
  GtkWidget *spin;
  GtkWidget *row;

  for (guint i = 0; i < self->option_rows->len; i++)
    adw_preferences_group_remove (self->options_group, g_ptr_array_index (self->option_rows, i));
  g_ptr_array_set_size (self->option_rows, 0);

  if (k == SONDE_ANALYSIS_TTEST || k == SONDE_ANALYSIS_MANN_WHITNEY || k == SONDE_ANALYSIS_WILCOXON)
    {
      const char *items[] = { _("Two-sided: different"), _("Less: lower"), _("Greater: higher"), NULL };

      row = combo_option (items, _("_Alternative hypothesis"), self->alternative);
      g_signal_connect (row, "notify::selected", G_CALLBACK (alternative_changed_cb), self);
      option_row_add (self, row);
    }

  if (k == SONDE_ANALYSIS_TTEST || k == SONDE_ANALYSIS_WILCOXON)
    {
      row = spin_option (_("Value under the null hypothesis, for one sample"), -1e9, 1e9, 0.5, 2, self->mu, &spin);
      g_signal_connect (spin, "value-changed", G_CALLBACK (mu_changed_cb), self);
      option_row_add (self, row);
    }

  if (k == SONDE_ANALYSIS_TTEST)
    {
      GtkWidget *sw = gtk_switch_new ();

      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Assume equal variances (Student’s t-test)"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Off: Welch’s t-test, which does not assume them."));
      gtk_switch_set_active (GTK_SWITCH (sw), self->student);
      gtk_widget_set_valign (sw, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), sw);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), sw);
      sonde_a11y_set_label (sw, _("Assume equal variances (Student’s t-test)"));
      g_signal_connect (sw, "notify::active", G_CALLBACK (student_changed_cb), self);
      option_row_add (self, row);
    }

  if (k == SONDE_ANALYSIS_CORRELATION)
    {
      const char *items[] = { _("Pearson (linear)"), _("Spearman (ranks)"), _("Kendall (ranks, tau-b)"), NULL };

      row = combo_option (items, _("_Coefficient"), self->method);
      g_signal_connect (row, "notify::selected", G_CALLBACK (method_changed_cb), self);
      option_row_add (self, row);
    }

  if (k == SONDE_ANALYSIS_DESCRIBE || k == SONDE_ANALYSIS_CORRELATION)
    {
      const char *items[] = { _("Leave a row out only where it is missing (pairwise)"),
                              _("Leave a row out everywhere (listwise)"), NULL };

      row = combo_option (items, _("_Missing values"), self->missing);
      g_signal_connect (row, "notify::selected", G_CALLBACK (missing_changed_cb), self);
      option_row_add (self, row);
    }

  if (k == SONDE_ANALYSIS_TTEST || k == SONDE_ANALYSIS_ANOVA || k == SONDE_ANALYSIS_CORRELATION
      || k == SONDE_ANALYSIS_LM || k == SONDE_ANALYSIS_LOGISTIC)
    {
      /* Translators: a percentage follows in a spin button, 95 by default. */
      row = spin_option (_("Confidence level, in percent"), 50, 99.9, 1, 1, self->conf_level * 100, &spin);
      g_signal_connect (spin, "value-changed", G_CALLBACK (conf_changed_cb), self);
      option_row_add (self, row);
    }

  if (k == SONDE_ANALYSIS_LM || k == SONDE_ANALYSIS_LOGISTIC)
    add_reference_rows (self);

  gtk_widget_set_visible (GTK_WIDGET (self->options_group), self->option_rows->len > 0);
}

/* Choosing the dataset and the analysis ----------------------------------- */

/**
 * sonde_stats_pane_set_kind:
 * @self: a #SondeStatsPane
 * @kind: the analysis
 *
 * Chooses the analysis. Columns already chosen stay in the roles the new
 * analysis also has, as far as it takes them.
 */
void
sonde_stats_pane_set_kind (SondeStatsPane    *self,
                           SondeAnalysisKind  kind)
{
  g_return_if_fail (SONDE_IS_STATS_PANE (self));
  g_return_if_fail (kind < SONDE_ANALYSIS_N_KINDS);

  if (adw_combo_row_get_selected (self->analysis_row) != kind)
    {
      adw_combo_row_set_selected (self->analysis_row, kind);
      return;
    }

  self->kind = kind;
  for (guint role = 0; role < SONDE_ANALYSIS_N_ROLES; role++)
    {
      const SondeAnalysisSlot *slot = sonde_analysis_kind_get_slot (kind, role);

      if (!slot->used)
        g_ptr_array_set_size (self->chosen[role], 0);
      else if (self->chosen[role]->len > slot->max_columns)
        g_ptr_array_set_size (self->chosen[role], slot->max_columns);
    }

  gtk_label_set_text (self->analysis_summary, sonde_analysis_kind_get_summary (kind));
  gtk_widget_set_visible (GTK_WIDGET (self->setup_error), FALSE);
  rebuild_roles (self);
  rebuild_options (self);
}

static void
analysis_selected_cb (SondeStatsPane *self)
{
  guint selected = adw_combo_row_get_selected (self->analysis_row);

  if (selected < SONDE_ANALYSIS_N_KINDS)
    sonde_stats_pane_set_kind (self, selected);
}

/**
 * sonde_stats_pane_set_table:
 * @self: a #SondeStatsPane
 * @table: (nullable): one of the open datasets
 *
 * Analyses @table. Chosen columns that it does not have are dropped.
 */
void
sonde_stats_pane_set_table (SondeStatsPane *self,
                            SondeTable     *table)
{
  guint position;

  g_return_if_fail (SONDE_IS_STATS_PANE (self));

  if (table != NULL && g_list_store_find (self->datasets, table, &position)
      && adw_combo_row_get_selected (self->dataset_row) != position)
    {
      adw_combo_row_set_selected (self->dataset_row, position);
      return;
    }

  if (!g_set_object (&self->table, table))
    return;

  g_hash_table_remove_all (self->references);

  for (guint role = 0; role < SONDE_ANALYSIS_N_ROLES; role++)
    for (guint i = self->chosen[role]->len; i > 0; i--)
      if (table == NULL || sonde_table_find_column (table, g_ptr_array_index (self->chosen[role], i - 1)) == NULL)
        g_ptr_array_remove_index (self->chosen[role], i - 1);

  gtk_stack_set_visible_child_name (self->view_stack, table != NULL ? "stats" : "empty");
  rebuild_roles (self);
  rebuild_options (self);
}

static void
dataset_selected_cb (SondeStatsPane *self)
{
  guint position = adw_combo_row_get_selected (self->dataset_row);
  g_autoptr(SondeTable) table = NULL;

  if (position != GTK_INVALID_LIST_POSITION)
    table = g_list_model_get_item (G_LIST_MODEL (self->datasets), position);
  sonde_stats_pane_set_table (self, table);
}

static void
datasets_changed_cb (SondeStatsPane *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->datasets));

  if (n == 0)
    sonde_stats_pane_set_table (self, NULL);
  else
    dataset_selected_cb (self);
}

/* Running ----------------------------------------------------------------- */

/**
 * sonde_stats_pane_build_analysis:
 * @self: a #SondeStatsPane
 *
 * Returns: (transfer full): the analysis as the pane is set up.
 */
SondeAnalysis *
sonde_stats_pane_build_analysis (SondeStatsPane *self)
{
  SondeAnalysis *analysis;

  g_return_val_if_fail (SONDE_IS_STATS_PANE (self), NULL);

  analysis = sonde_analysis_new (self->kind);
  for (guint role = 0; role < SONDE_ANALYSIS_N_ROLES; role++)
    if (self->chosen[role]->len > 0)
      {
        /* Borrowed strings: g_ptr_array_copy() would take the free
         * function of chosen[] along with them. */
        g_autoptr(GPtrArray) names = g_ptr_array_sized_new (self->chosen[role]->len + 1);

        for (guint i = 0; i < self->chosen[role]->len; i++)
          g_ptr_array_add (names, g_ptr_array_index (self->chosen[role], i));
        g_ptr_array_add (names, NULL);
        sonde_analysis_set_columns (analysis, role, (const char * const *) names->pdata);
      }
  sonde_analysis_set_alternative (analysis, self->alternative);
  sonde_analysis_set_mu (analysis, self->mu);
  sonde_analysis_set_equal_variances (analysis, self->student);
  sonde_analysis_set_conf_level (analysis, self->conf_level);
  sonde_analysis_set_method (analysis, self->method);
  sonde_analysis_set_missing (analysis, self->missing);
  if (self->kind == SONDE_ANALYSIS_LM || self->kind == SONDE_ANALYSIS_LOGISTIC)
    {
      GHashTableIter iter;
      gpointer key, value;

      g_hash_table_iter_init (&iter, self->references);
      while (g_hash_table_iter_next (&iter, &key, &value))
        if (is_chosen (self, SONDE_ANALYSIS_ROLE_PREDICTOR, key))
          sonde_analysis_set_reference (analysis, key, value);
    }

  return analysis;
}

static void
show_setup_error (SondeStatsPane *self,
                  const char     *message)
{
  gtk_label_set_text (self->setup_error, message);
  gtk_widget_set_visible (GTK_WIDGET (self->setup_error), TRUE);
  /* Focus is what Orca 43 reads; a selectable label would otherwise be
   * read as "selected". */
  gtk_widget_grab_focus (GTK_WIDGET (self->setup_error));
  gtk_label_select_region (self->setup_error, 0, 0);
}

static void
set_busy (SondeStatsPane *self,
          gboolean        busy)
{
  gtk_widget_set_visible (self->cancel_button, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_sensitive (self->run_button, !busy);
}

/* Figures ----------------------------------------------------------------- */

/* The figure that helps read a result: box plots of the groups compared,
 * a histogram of one sample, the correlation heatmap, the scatter of a
 * model's response against its first numeric predictor with its line, the
 * counts of a contingency table. NULL when none helps. */
static SondeChart *
build_figure (SondeAnalysis  *analysis,
              SondeTable     *table,
              GError        **error)
{
  const char * const *vars = sonde_analysis_get_columns (analysis, SONDE_ANALYSIS_ROLE_VARIABLE);
  const char * const *groups = sonde_analysis_get_columns (analysis, SONDE_ANALYSIS_ROLE_GROUP);
  const char *var = vars != NULL ? vars[0] : NULL;
  const char *group = groups != NULL ? groups[0] : NULL;

  switch (sonde_analysis_get_kind (analysis))
    {
    case SONDE_ANALYSIS_TTEST:
    case SONDE_ANALYSIS_ANOVA:
    case SONDE_ANALYSIS_KRUSKAL:
    case SONDE_ANALYSIS_MANN_WHITNEY:
    case SONDE_ANALYSIS_SHAPIRO:
    case SONDE_ANALYSIS_WILCOXON:
    case SONDE_ANALYSIS_DESCRIBE:
      if (var == NULL)
        return NULL;
      if (group != NULL)
        return sonde_chart_new_box (table, var, group, error);
      return sonde_chart_new_histogram (table, var, 0, error);

    case SONDE_ANALYSIS_CORRELATION:
      return sonde_chart_new_correlation (table, vars, error);

    case SONDE_ANALYSIS_CHISQ:
      {
        const char * const *rows = sonde_analysis_get_columns (analysis, SONDE_ANALYSIS_ROLE_ROW);
        const char * const *cols = sonde_analysis_get_columns (analysis, SONDE_ANALYSIS_ROLE_COLUMN);

        if (rows == NULL || rows[0] == NULL || cols == NULL || cols[0] == NULL)
          return NULL;
        return sonde_chart_new_bar (table, rows[0], NULL, cols[0], FALSE, error);
      }

    case SONDE_ANALYSIS_LM:
      {
        const char * const *response = sonde_analysis_get_columns (analysis, SONDE_ANALYSIS_ROLE_RESPONSE);
        const char * const *predictors = sonde_analysis_get_columns (analysis, SONDE_ANALYSIS_ROLE_PREDICTOR);

        for (guint i = 0; predictors != NULL && predictors[i] != NULL; i++)
          {
            SondeColumn *column = sonde_table_find_column (table, predictors[i]);

            if (column != NULL && sonde_column_type_is_numeric (sonde_column_get_column_type (column)))
              return sonde_chart_new_scatter (table, predictors[i], response[0], NULL, TRUE, error);
          }
        return NULL;
      }

    default:
      return NULL;
    }
}

typedef struct
{
  SondeAnalysis *analysis;
  SondeTable    *table;
} FigureJob;

static void
figure_job_free (gpointer data)
{
  FigureJob *job = data;

  sonde_analysis_unref (job->analysis);
  g_object_unref (job->table);
  g_free (job);
}

static void
figure_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  FigureJob *job = task_data;
  GError *error = NULL;
  SondeChart *chart = build_figure (job->analysis, job->table, &error);

  if (chart != NULL)
    g_task_return_pointer (task, chart, g_object_unref);
  else if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, NULL, NULL);
}

static void
show_data_toggled_cb (GtkToggleButton *button,
                      GtkWidget       *revealer)
{
  gtk_revealer_set_reveal_child (GTK_REVEALER (revealer), gtk_toggle_button_get_active (button));
}

static void
figure_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GtkWidget) box = user_data;   /* the card's figure box */
  g_autoptr(SondeChart) chart = g_task_propagate_pointer (G_TASK (result), NULL);
  g_autoptr(SondeTable) data = NULL;
  g_autoptr(SondeSelection) rows = NULL;
  GtkWidget *heading, *view, *toggle, *revealer, *scroller, *grid;

  if (chart == NULL || gtk_widget_get_parent (box) == NULL)
    return;

  heading = gtk_label_new (_("Figure"));
  gtk_label_set_xalign (GTK_LABEL (heading), 0.0f);
  gtk_widget_add_css_class (heading, "heading");
  gtk_box_append (GTK_BOX (box), heading);

  view = sonde_chart_view_new (chart);
  gtk_widget_set_size_request (view, -1, 320);
  gtk_box_append (GTK_BOX (box), view);

  /* The data behind the figure, as a table, for anyone who would rather
   * read it than look at it. */
  toggle = gtk_toggle_button_new_with_label (_("Show the Figure’s Data"));
  gtk_widget_set_halign (toggle, GTK_ALIGN_START);
  revealer = gtk_revealer_new ();
  data = sonde_chart_get_table (chart);
  rows = sonde_selection_new_all (data);
  grid = sonde_data_grid_new ();
  sonde_data_grid_set_selection (SONDE_DATA_GRID (grid), rows);
  sonde_data_grid_set_row_header_column (SONDE_DATA_GRID (grid), 0);
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), grid);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 300);
  gtk_revealer_set_child (GTK_REVEALER (revealer), scroller);
  g_signal_connect (toggle, "toggled", G_CALLBACK (show_data_toggled_cb), revealer);
  gtk_box_append (GTK_BOX (box), toggle);
  gtk_box_append (GTK_BOX (box), revealer);
}

static void
start_figure (SondeStatsPane   *self,
              SondeStatsReport *report,
              GtkWidget        *box)
{
  g_autoptr(GTask) task = NULL;
  FigureJob *job = g_new0 (FigureJob, 1);

  job->analysis = sonde_analysis_ref (sonde_stats_report_get_analysis (report));
  job->table = g_object_ref (self->table);
  task = g_task_new (NULL, NULL, figure_done_cb, g_object_ref (box));
  g_task_set_task_data (task, job, figure_job_free);
  g_task_run_in_thread (task, figure_thread);
}

/* Result cards */

static gboolean
restore_label_cb (gpointer user_data)
{
  GWeakRef *ref = user_data;
  g_autoptr(GtkButton) button = g_weak_ref_get (ref);

  if (button != NULL)
    gtk_button_set_label (button, g_object_get_data (G_OBJECT (button), "sonde-label"));

  return G_SOURCE_REMOVE;
}

static void
weak_ref_free (gpointer data)
{
  g_weak_ref_clear (data);
  g_free (data);
}

/* A button says what it did in its own label for a moment: Orca reads the
 * label of the focused widget when it changes. */
static void
confirm_on_button (GtkButton  *button,
                   const char *text)
{
  GWeakRef *ref = g_new0 (GWeakRef, 1);

  g_weak_ref_init (ref, button);
  gtk_button_set_label (button, text);
  g_timeout_add_seconds_full (G_PRIORITY_DEFAULT, 3, restore_label_cb, ref, weak_ref_free);
}

static void
copy_clicked_cb (GtkButton        *button,
                 SondeStatsReport *report)
{
  g_autofree char *text = sonde_stats_report_to_text (report);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (button)), text);
  confirm_on_button (button, _("Copied"));
}

static void
export_response_cb (GtkNativeDialog *dialog,
                    int              response,
                    GtkButton       *button)
{
  SondeStatsReport *report = g_object_get_data (G_OBJECT (button), "sonde-report");

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);
      g_autofree char *text = NULL;
      g_autoptr(GError) error = NULL;

      if (path != NULL && g_str_has_suffix (path, ".csv"))
        text = sonde_stats_report_to_csv (report);
      else
        text = sonde_stats_report_to_html_document (report, NULL);

      if (g_file_replace_contents (file, text, strlen (text), NULL, FALSE,
                                   G_FILE_CREATE_REPLACE_DESTINATION, NULL, NULL, &error))
        confirm_on_button (button, _("Exported"));
      else
        {
          g_autofree char *message = g_strdup_printf (_("Could not export the result. %s"), error->message);

          gtk_widget_activate_action (GTK_WIDGET (button), "win.show-error", "s", message);
        }
    }

  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  g_object_unref (button);
}

static void
export_clicked_cb (GtkButton *button)
{
  SondeStatsReport *report = g_object_get_data (G_OBJECT (button), "sonde-report");
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (button));
  GtkFileChooserNative *dialog;
  g_autoptr(GtkFileFilter) html = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) csv = gtk_file_filter_new ();
  g_autofree char *name = NULL;

  dialog = gtk_file_chooser_native_new (_("Export the Result"), GTK_WINDOW (root),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  gtk_file_filter_set_name (html, _("Web page, accessible (HTML)"));
  gtk_file_filter_add_suffix (html, "html");
  gtk_file_filter_set_name (csv, _("Tables as CSV"));
  gtk_file_filter_add_suffix (csv, "csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), html);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), csv);
  name = g_strdup_printf ("%s.html", sonde_stats_report_get_title (report));
  g_strdelimit (name, "/\\:", '-');
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  g_signal_connect (dialog, "response", G_CALLBACK (export_response_cb), g_object_ref (button));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
remove_result_clicked_cb (GtkButton      *button,
                          SondeStatsPane *self)
{
  GtkWidget *card = g_object_get_data (G_OBJECT (button), "sonde-card");
  SondeStatsReport *report = g_object_get_data (G_OBJECT (button), "sonde-report");
  GtkWidget *next = gtk_widget_get_next_sibling (card);

  if (next == NULL)
    next = gtk_widget_get_prev_sibling (card);

  g_ptr_array_remove (self->results, report);
  gtk_box_remove (self->results_box, card);

  if (next != NULL)
    gtk_widget_grab_focus (g_object_get_data (G_OBJECT (next), "sonde-sentence"));
  else
    {
      gtk_stack_set_visible_child_name (self->results_stack, "none");
      gtk_widget_grab_focus (self->run_button);
    }
}

static SondeTable *
report_table_to_table (SondeStatsReport *report,
                       guint             t)
{
  guint n_columns = sonde_stats_report_get_table_n_columns (report, t);
  guint n_rows = sonde_stats_report_get_table_n_rows (report, t);
  SondeTable *table = sonde_table_new (sonde_stats_report_get_table_title (report, t));

  for (guint c = 0; c < n_columns; c++)
    {
      g_autoptr(SondeColumn) column = NULL;
      g_autofree char *name = g_strdup (sonde_stats_report_get_header (report, t, c));

      /* Column names must be unique in a table; headers nearly always are. */
      for (guint k = 2; sonde_table_find_column (table, name) != NULL; k++)
        {
          g_free (name);
          name = g_strdup_printf ("%s %u", sonde_stats_report_get_header (report, t, c), k);
        }
      column = sonde_column_new (name, SONDE_COLUMN_TYPE_TEXT);
      for (guint r = 0; r < n_rows; r++)
        {
          const char *cell = sonde_stats_report_get_cell (report, t, r, c);

          if (cell == NULL || *cell == '\0')
            sonde_column_append_missing (column);
          else
            sonde_column_append_text (column, cell, -1);
        }
      if (!sonde_table_add_column (table, column, NULL))
        g_assert_not_reached ();
    }

  return table;
}

static GtkWidget *
selectable_label (const char *text,
                  const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);

  return label;
}

static GtkWidget *
create_result_card (SondeStatsPane   *self,
                    SondeStatsReport *report)
{
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *title = gtk_label_new (sonde_stats_report_get_title (report));
  GtkWidget *sentence = selectable_label (sonde_stats_report_get_sentence (report), "title-4");
  const char * const *warnings = sonde_stats_report_get_warnings (report);
  g_autofree char *what = sonde_analysis_describe (sonde_stats_report_get_analysis (report));
  g_autofree char *used = NULL;
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *button;
  guint total = sonde_stats_report_get_n_rows_total (report);
  guint n_used = sonde_stats_report_get_n_rows_used (report);

  gtk_widget_add_css_class (card, "card");
  gtk_widget_add_css_class (card, "sonde-result");

  gtk_label_set_xalign (GTK_LABEL (title), 0.0f);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_widget_add_css_class (title, "title-2");
  gtk_box_append (GTK_BOX (card), title);
  gtk_box_append (GTK_BOX (card), selectable_label (what, "dim-label"));
  gtk_box_append (GTK_BOX (card), sentence);
  g_object_set_data (G_OBJECT (card), "sonde-sentence", sentence);

  /* Translators: "Rows used: 558 of 600." */
  used = g_strdup_printf (_("Rows used: %u of %u."), n_used, total);
  gtk_box_append (GTK_BOX (card), selectable_label (used, NULL));

  if (warnings != NULL && warnings[0] != NULL)
    {
      GtkWidget *heading = gtk_label_new (_("To check"));

      gtk_label_set_xalign (GTK_LABEL (heading), 0.0f);
      gtk_widget_add_css_class (heading, "heading");
      gtk_box_append (GTK_BOX (card), heading);
      for (guint i = 0; warnings[i] != NULL; i++)
        {
          GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
          GtkWidget *icon = g_object_new (GTK_TYPE_IMAGE, "icon-name", "dialog-warning-symbolic",
                                          "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION, NULL);
          GtkWidget *label = selectable_label (warnings[i], NULL);
          /* Translators: a warning about an assumption, read by Orca. */
          g_autofree char *spoken = g_strdup_printf (_("To check: %s"), warnings[i]);

          gtk_widget_set_valign (icon, GTK_ALIGN_START);
          gtk_widget_add_css_class (icon, "warning");
          sonde_a11y_set_label (label, spoken);
          gtk_widget_set_hexpand (label, TRUE);
          gtk_box_append (GTK_BOX (row), icon);
          gtk_box_append (GTK_BOX (row), label);
          gtk_box_append (GTK_BOX (card), row);
        }
    }

  for (guint t = 0; t < sonde_stats_report_get_n_tables (report); t++)
    {
      g_autoptr(SondeTable) table = report_table_to_table (report, t);
      g_autoptr(SondeSelection) rows = sonde_selection_new_all (table);
      GtkWidget *heading = gtk_label_new (sonde_stats_report_get_table_title (report, t));
      GtkWidget *scroller = gtk_scrolled_window_new ();
      GtkWidget *grid = sonde_data_grid_new ();

      gtk_label_set_xalign (GTK_LABEL (heading), 0.0f);
      gtk_widget_add_css_class (heading, "heading");
      sonde_data_grid_set_selection (SONDE_DATA_GRID (grid), rows);
      sonde_data_grid_set_row_header_column (SONDE_DATA_GRID (grid), 0);
      gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), grid);
      gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
      gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 360);
      gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_AUTOMATIC, GTK_POLICY_AUTOMATIC);
      gtk_box_append (GTK_BOX (card), heading);
      gtk_box_append (GTK_BOX (card), scroller);
    }

  {
    /* Filled when the figure is drawn, in a worker (box plots of ten
     * million rows take a moment). */
    GtkWidget *figure = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);

    gtk_box_append (GTK_BOX (card), figure);
    if (self->table != NULL)
      start_figure (self, report, figure);
  }

  button = gtk_button_new_with_label (_("Copy"));
  g_object_set_data (G_OBJECT (button), "sonde-label", (gpointer) _("Copy"));
  sonde_a11y_set_label (button, _("Copy the result as text"));
  g_signal_connect_data (button, "clicked", G_CALLBACK (copy_clicked_cb),
                         sonde_stats_report_ref (report), (GClosureNotify) sonde_stats_report_unref, 0);
  gtk_box_append (GTK_BOX (buttons), button);

  button = gtk_button_new_with_label (_("Export…"));
  g_object_set_data (G_OBJECT (button), "sonde-label", (gpointer) _("Export…"));
  g_object_set_data_full (G_OBJECT (button), "sonde-report", sonde_stats_report_ref (report),
                          (GDestroyNotify) sonde_stats_report_unref);
  sonde_a11y_set_label (button, _("Export the result as HTML or CSV"));
  g_signal_connect (button, "clicked", G_CALLBACK (export_clicked_cb), NULL);
  gtk_box_append (GTK_BOX (buttons), button);

  button = gtk_button_new_with_label (_("Remove"));
  g_object_set_data (G_OBJECT (button), "sonde-card", card);
  g_object_set_data (G_OBJECT (button), "sonde-report", report);
  sonde_a11y_set_label (button, _("Remove this result"));
  g_signal_connect (button, "clicked", G_CALLBACK (remove_result_clicked_cb), self);
  gtk_box_append (GTK_BOX (buttons), button);

  gtk_box_append (GTK_BOX (card), buttons);

  return card;
}

static void
run_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(SondeStatsPane) self = user_data;
  g_autoptr(SondeAnalysis) analysis = g_object_steal_data (G_OBJECT (self), "sonde-running");
  g_autoptr(SondeStatsReport) report = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *card;

  report = sonde_analysis_run_finish (analysis, result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->cancellable);
  set_busy (self, FALSE);

  if (report == NULL)
    {
      show_setup_error (self, error->message);
      return;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->setup_error), FALSE);
  g_ptr_array_insert (self->results, 0, sonde_stats_report_ref (report));
  card = create_result_card (self, report);
  gtk_box_prepend (self->results_box, card);
  gtk_stack_set_visible_child_name (self->results_stack, "results");

  /* The sentence takes the focus: Orca 43 reads it at once. */
  gtk_widget_grab_focus (g_object_get_data (G_OBJECT (card), "sonde-sentence"));
  gtk_label_select_region (g_object_get_data (G_OBJECT (card), "sonde-sentence"), 0, 0);
}

static void
run_action_cb (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  SondeStatsPane *self = user_data;
  SondeAnalysis *analysis;

  if (self->table == NULL || self->cancellable != NULL || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;

  if (sonde_dataset_get_loading_rows (self->table) > 0)
    {
      g_autofree char *message = NULL;

      /* Translators: %s is a dataset name */
      message = g_strdup_printf (_("“%s” is still being read from the project; only its first rows are here yet. Run the analysis again when the progress bar above is gone."),
                                 sonde_table_get_name (self->table));
      show_setup_error (self, message);
      return;
    }

  for (guint role = 0; role < SONDE_ANALYSIS_N_ROLES; role++)
    {
      const SondeAnalysisSlot *slot = sonde_analysis_kind_get_slot (self->kind, role);

      if (slot->used && self->chosen[role]->len < slot->min_columns)
        {
          g_autofree char *message = NULL;

          /* Translators: "Variable needs a column: choose one in “Add to
           * Variable”, then press Add." */
          message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                  "%s needs %u column: choose it in “Add to %s”, then press Add.",
                                                  "%s needs %u columns: choose them in “Add to %s”, then press Add.",
                                                  slot->min_columns),
                                     slot->label, slot->min_columns, slot->label);
          show_setup_error (self, message);
          return;
        }
    }

  analysis = sonde_stats_pane_build_analysis (self);
  self->cancellable = g_cancellable_new ();
  set_busy (self, TRUE);
  /* Kept until the result comes: the report points back to it. */
  g_object_set_data_full (G_OBJECT (self), "sonde-running", sonde_analysis_ref (analysis),
                          (GDestroyNotify) sonde_analysis_unref);
  sonde_analysis_run_async (analysis, self->table, self->cancellable, run_done_cb, g_object_ref (self));
  sonde_analysis_unref (analysis);
}

static void
cancel_action_cb (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  SondeStatsPane *self = user_data;

  if (self->cancellable == NULL)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  set_busy (self, FALSE);
  gtk_widget_grab_focus (self->run_button);
}

static const GActionEntry pane_entries[] = {
  { "run", run_action_cb },
  { "cancel", cancel_action_cb },
};

/**
 * sonde_stats_pane_is_busy:
 * @self: a #SondeStatsPane
 *
 * Returns: whether an analysis is running.
 */
gboolean
sonde_stats_pane_is_busy (SondeStatsPane *self)
{
  g_return_val_if_fail (SONDE_IS_STATS_PANE (self), FALSE);

  return self->cancellable != NULL;
}

/**
 * sonde_stats_pane_get_n_results:
 * @self: a #SondeStatsPane
 *
 * Returns: how many results the pane shows.
 */
guint
sonde_stats_pane_get_n_results (SondeStatsPane *self)
{
  g_return_val_if_fail (SONDE_IS_STATS_PANE (self), 0);

  return self->results->len;
}

/**
 * sonde_stats_pane_get_result:
 * @self: a #SondeStatsPane
 * @index: 0 for the newest
 *
 * Returns: (transfer none): a result shown in the pane.
 */
SondeStatsReport *
sonde_stats_pane_get_result (SondeStatsPane *self,
                             guint           index)
{
  g_return_val_if_fail (SONDE_IS_STATS_PANE (self), NULL);
  g_return_val_if_fail (index < self->results->len, NULL);

  return g_ptr_array_index (self->results, index);
}

/* GObject -------------------------------------------------------------- */

static void
sonde_stats_pane_constructed (GObject *object)
{
  SondeStatsPane *self = (SondeStatsPane *)object;
  g_autoptr(GtkExpression) name = NULL;
  g_autoptr(GtkStringList) kinds = gtk_string_list_new (NULL);

  G_OBJECT_CLASS (sonde_stats_pane_parent_class)->constructed (object);

  for (guint k = 0; k < SONDE_ANALYSIS_N_KINDS; k++)
    gtk_string_list_append (kinds, sonde_analysis_kind_get_label (k));
  adw_combo_row_set_model (self->analysis_row, G_LIST_MODEL (kinds));
  sonde_a11y_follow_combo_row (self->analysis_row);
  g_signal_connect_object (self->analysis_row, "notify::selected",
                           G_CALLBACK (analysis_selected_cb), self, G_CONNECT_SWAPPED);

  name = gtk_property_expression_new (SONDE_TYPE_TABLE, NULL, "name");
  adw_combo_row_set_expression (self->dataset_row, name);
  adw_combo_row_set_model (self->dataset_row, G_LIST_MODEL (self->datasets));
  sonde_a11y_follow_combo_row (self->dataset_row);
  g_signal_connect_object (self->dataset_row, "notify::selected",
                           G_CALLBACK (dataset_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->datasets, "items-changed",
                           G_CALLBACK (datasets_changed_cb), self, G_CONNECT_SWAPPED);

  sonde_stats_pane_set_kind (self, SONDE_ANALYSIS_DESCRIBE);
  dataset_selected_cb (self);
}

static void
sonde_stats_pane_dispose (GObject *object)
{
  SondeStatsPane *self = (SondeStatsPane *)object;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->datasets != NULL)
    g_signal_handlers_disconnect_by_data (self->datasets, self);

  G_OBJECT_CLASS (sonde_stats_pane_parent_class)->dispose (object);
}

static void
sonde_stats_pane_finalize (GObject *object)
{
  SondeStatsPane *self = (SondeStatsPane *)object;

  g_clear_object (&self->datasets);
  g_clear_object (&self->table);
  g_clear_object (&self->actions);
  g_clear_pointer (&self->results, g_ptr_array_unref);
  g_clear_pointer (&self->option_rows, g_ptr_array_unref);
  g_clear_pointer (&self->references, g_hash_table_unref);
  for (guint role = 0; role < SONDE_ANALYSIS_N_ROLES; role++)
    g_clear_pointer (&self->chosen[role], g_ptr_array_unref);

  G_OBJECT_CLASS (sonde_stats_pane_parent_class)->finalize (object);
}

static void
sonde_stats_pane_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  SondeStatsPane *self = SONDE_STATS_PANE (object);

  switch (prop_id)
    {
    case PROP_DATASETS:
      self->datasets = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sonde_stats_pane_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  SondeStatsPane *self = SONDE_STATS_PANE (object);

  switch (prop_id)
    {
    case PROP_DATASETS:
      g_value_set_object (value, self->datasets);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sonde_stats_pane_class_init (SondeStatsPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = sonde_stats_pane_constructed;
  object_class->dispose = sonde_stats_pane_dispose;
  object_class->finalize = sonde_stats_pane_finalize;
  object_class->set_property = sonde_stats_pane_set_property;
  object_class->get_property = sonde_stats_pane_get_property;

  properties[PROP_DATASETS] =
    g_param_spec_object ("datasets", NULL, NULL,
                         G_TYPE_LIST_STORE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/sonde/Sonde/sonde-stats-pane.ui");
  gtk_widget_class_bind_template_child (widget_class, SondeStatsPane, view_stack);
  gtk_widget_class_bind_template_child (widget_class, SondeStatsPane, dataset_row);
  gtk_widget_class_bind_template_child (widget_class, SondeStatsPane, analysis_row);
  gtk_widget_class_bind_template_child (widget_class, SondeStatsPane, analysis_summary);
  gtk_widget_class_bind_template_child (widget_class, SondeStatsPane, roles_box);
  gtk_widget_class_bind_template_child (widget_class, SondeStatsPane, options_group);
  gtk_widget_class_bind_template_child (widget_class, SondeStatsPane, setup_error);
  gtk_widget_class_bind_template_child (widget_class, SondeStatsPane, run_button);
  gtk_widget_class_bind_template_child (widget_class, SondeStatsPane, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, SondeStatsPane, spinner);
  gtk_widget_class_bind_template_child (widget_class, SondeStatsPane, results_stack);
  gtk_widget_class_bind_template_child (widget_class, SondeStatsPane, results_box);
}

static void
sonde_stats_pane_init (SondeStatsPane *self)
{

  self->conf_level = 0.95;
  self->alternative = SONDE_ALTERNATIVE_TWO_SIDED;
  self->method = SONDE_CORRELATION_PEARSON;
  self->missing = SONDE_CORRELATION_PAIRWISE;
  self->results = g_ptr_array_new_with_free_func ((GDestroyNotify) sonde_stats_report_unref);
  self->option_rows = g_ptr_array_new ();
  self->references = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint role = 0; role < SONDE_ANALYSIS_N_ROLES; role++)
    self->chosen[role] = g_ptr_array_new_with_free_func (g_free);

  gtk_widget_init_template (GTK_WIDGET (self));
  sonde_a11y_fix_mnemonic_names (GTK_WIDGET (self));

  self->actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self->actions), pane_entries,
                                   G_N_ELEMENTS (pane_entries), self);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "stats", G_ACTION_GROUP (self->actions));

  sonde_pane_add_run_shortcut (GTK_WIDGET (self), "stats.run");
}
