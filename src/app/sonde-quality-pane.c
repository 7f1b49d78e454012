/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sonde"

/* SondeQualityPane: what is wrong with a dataset. It profiles the chosen
 * dataset in a worker (SondeProfile: every column, duplicates, keys and
 * contradictions, personal data, a quality score) whenever the pane shows
 * a dataset it has not checked yet, or on Ctrl+Enter, with Cancel. Then:
 *
 *   - the score, with its formula in words;
 *   - the findings, most severe first, each a plain sentence with the
 *     number of rows, and a button that shows those rows in the Data pane
 *     (the "show-rows" signal; the window does the rest);
 *   - the columns, each a row with its type, missing and distinct values;
 *     Enter on one shows its figures as a grid (row headers, so a cell is
 *     read with its figure) and, for numbers and dates, its histogram in
 *     the chart widget, from the profile's own bins;
 *   - Export HTML (a whole accessible document) and CSV (the findings).
 *
 * What Orca hears: an explicit check ends with the focus on the status
 * line, which says the score and how many findings there are; the column
 * detail takes the focus on its grid. The pane is built in code: its
 * content is made of lists that change with each dataset.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "sonde-a11y.h"
#include "sonde-cleaning.h"
#include "sonde-pane.h"
#include "sonde-chart-view.h"
#include "sonde-data-grid.h"
#include "sonde-dataset.h"
#include "sonde-quality-pane.h"

struct _SondeQualityPane
{
  AdwBin              parent_instance;

  GListStore         *datasets;
  SondeCleaning      *cleaning;
  GHashTable         *rules;         /* dataset name → GPtrArray of rules */
  SondeTable         *table;
  SondeTable         *checked;       /* the table the profile is of */
  SondeProfile       *profile;
  GCancellable       *cancellable;
  GSimpleActionGroup *actions;
  GArray             *order;         /* guint: finding indices, most severe first */
  gboolean            explicit_run;
  gboolean            fixing;

  GtkStack           *stack;
  AdwComboRow        *dataset_row;
  GtkWidget          *run_button;
  GtkWidget          *cancel_button;
  GtkWidget          *spinner;
  GtkLabel           *status_label;
  GtkWidget          *results_box;
  GtkLabel           *score_label;
  GtkLabel           *formula_label;
  GtkLabel           *key_label;
  GtkListBox         *findings_list;
  GtkListBox         *columns_list;
  GtkLabel           *findings_label;
  GtkLabel           *columns_label;
  GtkWidget          *rule_entry;
  GtkLabel           *rule_error;
  GtkListBox         *rules_list;
  GtkWidget          *detail_box;
};

G_DEFINE_FINAL_TYPE (SondeQualityPane, sonde_quality_pane, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_DATASETS,
  N_PROPS
};

enum {
  SHOW_ROWS,
  RULES_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
say (SondeQualityPane *self,
     const char       *text,
     gboolean          focus)
{
  sonde_pane_say (self->status_label, text, focus);
}

static void
clear_box (GtkWidget *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (box)) != NULL)
    {
      if (GTK_IS_LIST_BOX (box))
        gtk_list_box_remove (GTK_LIST_BOX (box), child);
      else
        gtk_box_remove (GTK_BOX (box), child);
    }
}

/* A figure of a column as people read it: dates and instants as such. */
static char *
format_figure (SondeColumnType type,
               double          value)
{
  if (!isfinite (value))
    return g_strdup (isnan (value) ? "—" : value > 0 ? "∞" : "−∞");

  if (type == SONDE_COLUMN_TYPE_DATE)
    {
      int y, m, d;

      sonde_date_to_ymd ((gint32) floor (value), &y, &m, &d);
      return g_strdup_printf ("%04d-%02d-%02d", y, m, d);
    }
  if (type == SONDE_COLUMN_TYPE_DATETIME)
    {
      g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc ((gint64) floor (value));

      return dt != NULL ? g_date_time_format (dt, "%Y-%m-%d %H:%M:%S") : g_strdup ("?");
    }

  return g_strdup_printf ("%.6g", value);
}

static char *
column_summary (const SondeColumnProfile *p)
{
  g_autofree char *missing = sonde_a11y_format_count (p->n_missing);
  g_autofree char *distinct = sonde_a11y_format_count (p->n_distinct);

  if (p->n_pii > 0)
    /* Translators: a column's type, its missing values, its distinct values, the kind of personal data */
    return g_strdup_printf (_("%s, %s missing, %s%s distinct, personal data: %s"),
                            sonde_column_type_get_label (p->type), missing,
                            p->distinct_exact ? "" : "≈", distinct, sonde_pii_kind_get_label (p->pii));

  /* Translators: a column's type, its missing values, its distinct values */
  return g_strdup_printf (_("%s, %s missing, %s%s distinct"),
                          sonde_column_type_get_label (p->type), missing,
                          p->distinct_exact ? "" : "≈", distinct);
}

/* ------------------------------------------------------------------ */
/* Column detail                                                        */
/* ------------------------------------------------------------------ */

static void
add_figure (SondeColumn *names,
            SondeColumn *values,
            const char  *name,
            const char  *value)
{
  sonde_column_append_text (names, name, -1);
  sonde_column_append_text (values, value, -1);
}

static SondeTable *
figures_table (const SondeColumnProfile *p)
{
  g_autofree char *title = g_strdup_printf (_("Figures of “%s”"), p->name);
  SondeTable *table = sonde_table_new (title);
  g_autoptr(SondeColumn) names = sonde_column_new (_("Figure"), SONDE_COLUMN_TYPE_TEXT);
  g_autoptr(SondeColumn) values = sonde_column_new (_("Value"), SONDE_COLUMN_TYPE_TEXT);
  g_autofree char *count = sonde_a11y_format_count (p->count);
  g_autofree char *missing = sonde_a11y_format_count (p->n_missing);
  g_autofree char *distinct = sonde_a11y_format_count (p->n_distinct);

  add_figure (names, values, _("Type"), sonde_column_type_get_label (p->type));
  add_figure (names, values, _("Values"), count);
  add_figure (names, values, _("Missing"), missing);
  if (p->distinct_exact)
    add_figure (names, values, _("Distinct"), distinct);
  else
    {
      /* Translators: an estimated count and its relative standard error in percent */
      g_autofree char *estimate = g_strdup_printf (_("about %s (standard error %.2f %%)"), distinct,
                                                   100 * p->distinct_error);

      add_figure (names, values, _("Distinct"), estimate);
    }

  if (p->numeric && p->count > 0)
    {
      const struct { const char *label; double value; } figures[] = {
        { N_("Minimum"), p->min }, { N_("First quartile"), p->q1 }, { N_("Median"), p->median },
        { N_("Mean"), p->mean }, { N_("Third quartile"), p->q3 }, { N_("Maximum"), p->max },
      };

      for (guint i = 0; i < G_N_ELEMENTS (figures); i++)
        {
          g_autofree char *text = format_figure (p->type, figures[i].value);

          add_figure (names, values, _(figures[i].label), text);
        }
      {
        g_autofree char *text = g_strdup_printf ("%.6g", p->std);

        add_figure (names, values,
                    p->type == SONDE_COLUMN_TYPE_DATE ? _("Std. deviation (days)")
                    : p->type == SONDE_COLUMN_TYPE_DATETIME ? _("Std. deviation (s)")
                    : _("Standard deviation"), text);
      }
      if (sonde_column_type_is_numeric (p->type))
        {
          g_autofree char *iqr = g_strdup_printf ("%u", p->n_outliers_iqr);
          g_autofree char *z = g_strdup_printf ("%u", p->n_outliers_z);

          add_figure (names, values, _("Outliers (IQR)"), iqr);
          add_figure (names, values, _("Outliers (z)"), z);
        }
    }

  for (guint i = 0; i < p->n_top; i++)
    {
      g_autofree char *label = g_strdup_printf (_("Most frequent, %u"), i + 1);
      /* Translators: a value and how many times it appears */
      g_autofree char *value = g_strdup_printf (_("%s (%u times)"), p->top[i].label, p->top[i].count);

      add_figure (names, values, label, value);
    }

  add_figure (names, values, _("Personal data"), p->n_pii > 0 ? sonde_pii_kind_get_label (p->pii) : _("none"));

  if (!sonde_table_add_column (table, names, NULL) || !sonde_table_add_column (table, values, NULL))
    g_assert_not_reached ();

  return table;
}

/* The profile's own bins as a bar chart: no second pass on the data. */
static SondeChart *
histogram_chart (const SondeColumnProfile *p)
{
  g_autoptr(SondeChart) chart = NULL;
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  g_autofree double *counts = NULL;
  g_autofree char *title = NULL;

  if (p->n_bins == 0 || p->bin_edges == NULL || p->bin_counts == NULL)
    return NULL;

  counts = g_new0 (double, p->n_bins);
  for (guint b = 0; b < p->n_bins; b++)
    {
      g_autofree char *low = format_figure (p->type, p->bin_edges[b]);
      g_autofree char *high = format_figure (p->type, p->bin_edges[b + 1]);

      /* Translators: a histogram bin, from one value to another */
      g_ptr_array_add (labels, g_strdup_printf (_("%s to %s"), low, high));
      counts[b] = p->bin_counts[b];
    }
  g_ptr_array_add (labels, NULL);

  chart = sonde_chart_new (SONDE_CHART_BAR);
  sonde_chart_set_categories (chart, (const char * const *) labels->pdata);
  sonde_chart_add_series (chart, _("Rows"), NULL, counts, p->n_bins);
  /* Translators: the title of a column's histogram */
  title = g_strdup_printf (_("Distribution of “%s”"), p->name);
  sonde_chart_set_title (chart, title);
  sonde_chart_set_axis_labels (chart, p->name, _("Rows"));

  return g_steal_pointer (&chart);
}

/**
 * sonde_quality_pane_show_column:
 * @index: a column of the profiled dataset
 *
 * Shows the figures of that column (and its histogram), and focuses them.
 */
void
sonde_quality_pane_show_column (SondeQualityPane *self,
                                guint             index)
{
  const SondeColumnProfile *p;
  g_autoptr(SondeTable) figures = NULL;
  g_autoptr(SondeSelection) rows = NULL;
  g_autoptr(SondeChart) chart = NULL;
  g_autofree char *heading_text = NULL;
  GtkWidget *heading, *grid, *scroller;

  g_return_if_fail (SONDE_IS_QUALITY_PANE (self));
  g_return_if_fail (self->profile != NULL && index < sonde_profile_get_n_columns (self->profile));

  p = sonde_profile_get_column (self->profile, index);
  clear_box (self->detail_box);

  /* Translators: a column's name */
  heading_text = g_strdup_printf (_("Column “%s”"), p->name);
  heading = gtk_label_new (heading_text);
  gtk_label_set_xalign (GTK_LABEL (heading), 0.0f);
  gtk_widget_add_css_class (heading, "heading");
  gtk_accessible_update_property (GTK_ACCESSIBLE (heading), GTK_ACCESSIBLE_PROPERTY_LEVEL, 3, -1);
  gtk_box_append (GTK_BOX (self->detail_box), heading);

  figures = figures_table (p);
  rows = sonde_selection_new_all (figures);
  grid = sonde_data_grid_new ();
  sonde_data_grid_set_selection (SONDE_DATA_GRID (grid), rows);
  sonde_data_grid_set_row_header_column (SONDE_DATA_GRID (grid), 0);
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), grid);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 420);
  gtk_box_append (GTK_BOX (self->detail_box), scroller);

  chart = histogram_chart (p);
  if (chart != NULL)
    {
      GtkWidget *view = sonde_chart_view_new (chart);

      gtk_widget_set_size_request (view, -1, 300);
      gtk_box_append (GTK_BOX (self->detail_box), view);
    }

  gtk_widget_set_visible (self->detail_box, TRUE);
  gtk_widget_grab_focus (grid);
}

static void
column_activated_cb (GtkListBox       *box,
                     GtkListBoxRow    *row,
                     SondeQualityPane *self)
{
  sonde_quality_pane_show_column (self, (guint) gtk_list_box_row_get_index (row));
}

/* ------------------------------------------------------------------ */
/* Findings                                                             */
/* ------------------------------------------------------------------ */

/**
 * sonde_quality_pane_show_finding_rows:
 * @index: a finding of the profile (its index in the profile)
 *
 * Emits "show-rows" with the rows of that finding.
 */
void
sonde_quality_pane_show_finding_rows (SondeQualityPane *self,
                                      guint             index)
{
  const SondeFinding *finding;
  g_autoptr(SondeSelection) rows = NULL;

  g_return_if_fail (SONDE_IS_QUALITY_PANE (self));
  g_return_if_fail (self->profile != NULL && index < sonde_profile_get_n_findings (self->profile));

  finding = sonde_profile_get_finding (self->profile, index);
  rows = sonde_profile_get_finding_selection (self->profile, index);
  if (rows == NULL)
    return;

  g_signal_emit (self, signals[SHOW_ROWS], 0, self->checked, rows, finding->message);
}

static void
show_rows_clicked_cb (GtkButton        *button,
                      SondeQualityPane *self)
{
  sonde_quality_pane_show_finding_rows (self, GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button),
                                                                                   "sonde-finding")));
}

/* ---- Starting a fix: one clean step, on a copy ---- */

typedef struct
{
  const char *label;      /* the dialog's button, translated */
  const char *kind;       /* the pipeline step */
  JsonObject *params;
} FixChoice;

static JsonObject *
params_columns (const char * const *columns)
{
  JsonObject *params = json_object_new ();
  JsonArray *list = json_array_new ();

  for (guint i = 0; columns != NULL && columns[i] != NULL; i++)
    json_array_add_string_element (list, columns[i]);
  json_object_set_array_member (params, "columns", list);

  return params;
}

static void
add_choice (GArray     *choices,
            const char *label,
            const char *kind,
            JsonObject *params)
{
  FixChoice choice = { label, kind, params };

  g_array_append_val (choices, choice);
}

static void
fix_choice_clear (gpointer data)
{
  FixChoice *choice = data;

  g_clear_pointer (&choice->params, json_object_unref);
}

/* The fixes that fit a finding, most usual first. */
static GArray *
fix_choices (SondeQualityPane   *self,
             const SondeFinding *f)
{
  GArray *choices = g_array_new (FALSE, TRUE, sizeof (FixChoice));
  const char * const *columns = (const char * const *) f->columns;
  SondeColumn *column = columns != NULL && columns[0] != NULL
                        ? sonde_table_find_column (self->checked, columns[0]) : NULL;

  g_array_set_clear_func (choices, fix_choice_clear);
  switch (f->kind)
    {
    case SONDE_FINDING_MISSING:
      if (column != NULL && sonde_column_type_is_numeric (sonde_column_get_column_type (column)))
        {
          JsonObject *params = params_columns (columns);

          json_object_set_string_member (params, "method", "median");
          add_choice (choices, _("Fill with the Median"), "impute", params);
        }
      else
        {
          JsonObject *params = params_columns (columns);

          json_object_set_string_member (params, "method", "mode");
          add_choice (choices, _("Fill with the Most Frequent Value"), "impute", params);
        }
      add_choice (choices, _("Drop These Rows"), "drop_missing", params_columns (columns));
      break;

    case SONDE_FINDING_DUPLICATE_ROWS:
      add_choice (choices, _("Remove the Repeated Rows"), "deduplicate", json_object_new ());
      break;

    case SONDE_FINDING_DUPLICATE_KEYS:
    case SONDE_FINDING_CONTRADICTIONS:
      add_choice (choices, _("Keep the First Row of Each Key"), "deduplicate", params_columns (columns));
      break;

    case SONDE_FINDING_CONSTANT:
      add_choice (choices, _("Drop the Column"), "drop_columns", params_columns (columns));
      break;

    case SONDE_FINDING_OUTLIERS_IQR:
    case SONDE_FINDING_OUTLIERS_Z:
      {
        const char *method = f->kind == SONDE_FINDING_OUTLIERS_IQR ? "iqr" : "zscore";
        JsonObject *cap = params_columns (columns);
        JsonObject *remove = params_columns (columns);

        json_object_set_string_member (cap, "method", method);
        json_object_set_string_member (cap, "action", "cap");
        json_object_set_string_member (remove, "method", method);
        json_object_set_string_member (remove, "action", "remove");
        add_choice (choices, _("Cap Them at the Bounds"), "outliers", cap);
        add_choice (choices, _("Remove These Rows"), "outliers", remove);
      }
      break;

    case SONDE_FINDING_PERSONAL_DATA:
      {
        JsonObject *pseudo = params_columns (columns);
        g_autofree char *salt = g_strdup_printf ("%08x%08x%08x%08x", g_random_int (), g_random_int (),
                                                 g_random_int (), g_random_int ());

        /* A fresh secret: the pseudonyms cannot be checked without it. */
        json_object_set_string_member (pseudo, "salt", salt);
        add_choice (choices, _("Mask All but the Last 4 Characters"), "mask", params_columns (columns));
        add_choice (choices, _("Pseudonymise"), "pseudonymise", pseudo);
      }
      break;

    case SONDE_FINDING_RULE_BROKEN:
    case SONDE_FINDING_RULE_UNKNOWN:
      if (f->rule != NULL)
        {
          JsonObject *params = json_object_new ();

          json_object_set_string_member (params, "expression", f->rule);
          add_choice (choices, _("Keep Only the Rows That Meet It"), "filter", params);
        }
      break;

    default:
      break;
    }

  return choices;
}

typedef struct
{
  SondeQualityPane *pane;
} FixJob;

static void
fix_done (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  FixJob *job = user_data;
  g_autoptr(SondeQualityPane) self = job->pane;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  g_autofree char *text = NULL;

  self->fixing = FALSE;
  if (!sonde_cleaning_change_finish (SONDE_CLEANING (object), result, &message, &error))
    {
      /* Translators: why a fix could not be applied */
      text = g_strdup_printf (_("The fix was not applied: %s"), error->message);
      say (self, text, TRUE);
    }
  else
    {
      /* Translators: what the step did and the cleaned dataset's size, then where the steps are */
      text = g_strdup_printf (_("%s The original is unchanged; the Clean pane (Ctrl+7) shows the steps."), message);
      say (self, text, TRUE);
    }
  g_free (job);
}

/**
 * sonde_quality_pane_apply_fix:
 * @index: a finding of the profile shown
 * @choice: one of the fixes its Fix… dialog offers
 *
 * Adds the fix as one clean step at the end of the dataset's clean
 * pipeline (SondeCleaning, shown by the Clean pane), in a worker; the
 * pipeline makes or updates "NAME (cleaned)", the original stays as it
 * is. The status line says what was done, or why not.
 */
void
sonde_quality_pane_apply_fix (SondeQualityPane *self,
                              guint             index,
                              guint             choice)
{
  g_autoptr(GArray) choices = NULL;
  g_autoptr(SondeStep) step = NULL;
  g_autoptr(GError) error = NULL;
  FixJob *job;
  FixChoice *fix;

  g_return_if_fail (SONDE_IS_QUALITY_PANE (self));
  g_return_if_fail (self->profile != NULL && index < sonde_profile_get_n_findings (self->profile));
  g_return_if_fail (self->cleaning != NULL);

  if (self->fixing)
    return;
  choices = fix_choices (self, sonde_profile_get_finding (self->profile, index));
  g_return_if_fail (choice < choices->len);
  fix = &g_array_index (choices, FixChoice, choice);
  if ((step = sonde_step_new (fix->kind, fix->params, &error)) == NULL)
    {
      say (self, error->message, TRUE);
      return;
    }
  job = g_new0 (FixJob, 1);
  job->pane = g_object_ref (self);
  self->fixing = TRUE;
  say (self, _("Applying the fix…"), TRUE);
  sonde_cleaning_change_async (self->cleaning, sonde_table_get_name (self->checked), SONDE_CLEANING_ADD,
                               0, 0, step, NULL, fix_done, job);
}

/**
 * sonde_quality_pane_set_cleaning:
 * @cleaning: the window's clean pipelines
 *
 * Where Fix… adds its steps.
 */
void
sonde_quality_pane_set_cleaning (SondeQualityPane *self,
                                 SondeCleaning    *cleaning)
{
  g_return_if_fail (SONDE_IS_QUALITY_PANE (self));

  g_set_object (&self->cleaning, cleaning);
}

static void
fix_response_cb (AdwMessageDialog *dialog,
                 const char       *response,
                 SondeQualityPane *self)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (dialog), "sonde-finding"));
  guint64 choice;

  if (!g_str_has_prefix (response, "fix-")
      || !g_ascii_string_to_unsigned (response + 4, 10, 0, 100, &choice, NULL))
    return;
  sonde_quality_pane_apply_fix (self, index, (guint) choice);
}

static void
fix_clicked_cb (GtkButton        *button,
                SondeQualityPane *self)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "sonde-finding"));
  const SondeFinding *f = sonde_profile_get_finding (self->profile, index);
  g_autoptr(GArray) choices = fix_choices (self, f);
  g_autofree char *body = NULL;
  GtkWidget *dialog;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  /* Translators: a finding's sentence, then what a fix does */
  body = g_strdup_printf (_("%s A fix adds one step to the cleaning steps of “%s” (the Clean pane), which make a cleaned copy; the original stays as it is."),
                          f->message, sonde_table_get_name (self->checked));
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, _("Fix This Finding"), body);
  gtk_window_set_title (GTK_WINDOW (dialog), _("Fix This Finding"));
  /* Orca 43 reads a dialog's title and focused button, not its body. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (dialog), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, body, -1);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"));
  for (guint i = 0; i < choices->len; i++)
    {
      g_autofree char *id = g_strdup_printf ("fix-%u", i);

      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), id, g_array_index (choices, FixChoice, i).label);
    }
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "fix-0", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "fix-0");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "sonde-finding", GUINT_TO_POINTER (index));
  g_signal_connect (dialog, "response", G_CALLBACK (fix_response_cb), self);
  sonde_a11y_fix_mnemonic_names (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static int
by_severity (gconstpointer a,
             gconstpointer b,
             gpointer      user_data)
{
  SondeProfile *profile = user_data;
  const SondeFinding *x = sonde_profile_get_finding (profile, *(const guint *) a);
  const SondeFinding *y = sonde_profile_get_finding (profile, *(const guint *) b);

  if (x->severity != y->severity)
    return (int) y->severity - (int) x->severity;

  return (*(const guint *) a > *(const guint *) b) - (*(const guint *) a < *(const guint *) b);
}

static void
fill_findings (SondeQualityPane *self)
{
  guint n = sonde_profile_get_n_findings (self->profile);

  clear_box (GTK_WIDGET (self->findings_list));
  g_array_set_size (self->order, 0);
  for (guint i = 0; i < n; i++)
    g_array_append_val (self->order, i);
  g_array_sort_with_data (self->order, by_severity, self->profile);

  for (guint k = 0; k < self->order->len; k++)
    {
      guint index = g_array_index (self->order, guint, k);
      const SondeFinding *f = sonde_profile_get_finding (self->profile, index);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *label = NULL;

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), f->message);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), sonde_severity_get_label (f->severity));
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
      gtk_widget_add_css_class (row, f->severity == SONDE_SEVERITY_ERROR ? "sonde-finding-error"
                                     : f->severity == SONDE_SEVERITY_WARNING ? "sonde-finding-warning"
                                     : "sonde-finding-info");

      if (f->n_rows > 0)
        {
          g_autofree char *count = sonde_a11y_format_count (f->n_rows);
          g_autofree char *button_label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                        "Show the %s Row",
                                                                        "Show the %s Rows", f->n_rows),
                                                           count);
          GtkWidget *button = gtk_button_new_with_label (button_label);

          gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
          /* Translators: a button's tooltip */
          gtk_widget_set_tooltip_text (button, _("Show these rows in the Data pane"));
          g_object_set_data (G_OBJECT (button), "sonde-finding", GUINT_TO_POINTER (index));
          g_signal_connect (button, "clicked", G_CALLBACK (show_rows_clicked_cb), self);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
        }

      {
        g_autoptr(GArray) choices = fix_choices (self, f);

        if (choices->len > 0)
          {
            GtkWidget *fix = gtk_button_new_with_label (_("Fix…"));
            g_autofree char *fix_label = NULL;

            gtk_widget_set_valign (fix, GTK_ALIGN_CENTER);
            /* Translators: a button's accessible name, then the finding it fixes */
            fix_label = g_strdup_printf (_("Fix: %s"), f->message);
            sonde_a11y_set_label (fix, fix_label);
            g_object_set_data (G_OBJECT (fix), "sonde-finding", GUINT_TO_POINTER (index));
            g_signal_connect (fix, "clicked", G_CALLBACK (fix_clicked_cb), self);
            adw_action_row_add_suffix (ADW_ACTION_ROW (row), fix);
          }
      }

      /* Translators: a finding's severity, then its sentence */
      label = g_strdup_printf (_("%s: %s"), sonde_severity_get_label (f->severity), f->message);
      sonde_a11y_set_label (row, label);
      gtk_accessible_reset_relation (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY);
      gtk_list_box_append (self->findings_list, row);
    }
  sonde_a11y_set_list_mnemonic (self->findings_label, self->findings_list);
}

static void
fill_columns (SondeQualityPane *self)
{
  clear_box (GTK_WIDGET (self->columns_list));

  for (guint c = 0; c < sonde_profile_get_n_columns (self->profile); c++)
    {
      const SondeColumnProfile *p = sonde_profile_get_column (self->profile, c);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *summary = column_summary (p);
      g_autofree char *label = NULL;

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), p->name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), summary);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      /* Translators: a column's name, then its summary */
      label = g_strdup_printf (_("%s: %s. Enter shows its figures."), p->name, summary);
      sonde_a11y_set_label (row, label);
      gtk_accessible_reset_relation (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY);
      gtk_list_box_append (self->columns_list, row);
    }
  sonde_a11y_set_list_mnemonic (self->columns_label, self->columns_list);
}

/* ------------------------------------------------------------------ */
/* Rules                                                                */
/* ------------------------------------------------------------------ */

static void fill_rules (SondeQualityPane *self);

/* The rules of a dataset (its column names are in them), by its name, so
 * that they stay when the dataset's table is replaced (a project opening
 * reads its first rows, then all of them). */
static GPtrArray *
table_rules (SondeQualityPane *self,
             SondeTable       *table)
{
  GPtrArray *rules = g_hash_table_lookup (self->rules, sonde_table_get_name (table));

  if (rules == NULL)
    {
      rules = g_ptr_array_new_with_free_func (g_free);
      g_hash_table_insert (self->rules, g_strdup (sonde_table_get_name (table)), rules);
    }

  return rules;
}

/**
 * sonde_quality_pane_get_rules:
 * @datasets: (out) (transfer full): a dataset's name for each rule
 * @expressions: (out) (transfer full): the rules, in the order given
 *
 * Every dataset's rules, for the project file.
 */
void
sonde_quality_pane_get_rules (SondeQualityPane  *self,
                              GStrv             *datasets,
                              GStrv             *expressions)
{
  g_autoptr(GStrvBuilder) d = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) e = g_strv_builder_new ();
  g_autoptr(GList) names = NULL;

  g_return_if_fail (SONDE_IS_QUALITY_PANE (self));

  names = g_list_sort (g_hash_table_get_keys (self->rules), (GCompareFunc) g_strcmp0);
  for (GList *l = names; l != NULL; l = l->next)
    {
      GPtrArray *rules = g_hash_table_lookup (self->rules, l->data);

      for (guint i = 0; i < rules->len; i++)
        {
          g_strv_builder_add (d, l->data);
          g_strv_builder_add (e, rules->pdata[i]);
        }
    }
  *datasets = g_strv_builder_end (d);
  *expressions = g_strv_builder_end (e);
}

/**
 * sonde_quality_pane_set_rules:
 * @datasets: (nullable): a dataset's name for each rule
 * @expressions: (nullable): the rules
 *
 * Forgets every rule and takes these (a project just opened).
 */
void
sonde_quality_pane_set_rules (SondeQualityPane   *self,
                              const char * const *datasets,
                              const char * const *expressions)
{
  g_return_if_fail (SONDE_IS_QUALITY_PANE (self));

  g_hash_table_remove_all (self->rules);
  for (guint i = 0; datasets != NULL && expressions != NULL && datasets[i] != NULL && expressions[i] != NULL; i++)
    {
      GPtrArray *rules = g_hash_table_lookup (self->rules, datasets[i]);

      if (rules == NULL)
        {
          rules = g_ptr_array_new_with_free_func (g_free);
          g_hash_table_insert (self->rules, g_strdup (datasets[i]), rules);
        }
      g_ptr_array_add (rules, g_strdup (expressions[i]));
    }
  fill_rules (self);
}

static void start_check (SondeQualityPane *self,
                         gboolean          explicit_run);

static void remove_rule (SondeQualityPane *self,
                         guint             index);

static void
remove_rule_clicked_cb (GtkButton        *button,
                        SondeQualityPane *self)
{
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (button), GTK_TYPE_LIST_BOX_ROW);

  if (row != NULL)
    remove_rule (self, (guint) gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row)));
}

static gboolean
rule_key_pressed_cb (GtkEventControllerKey *controller,
                     guint                  keyval,
                     guint                  keycode,
                     GdkModifierType        state,
                     SondeQualityPane      *self)
{
  GtkWidget *row = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));

  if (keyval != GDK_KEY_Delete && keyval != GDK_KEY_KP_Delete)
    return FALSE;

  remove_rule (self, (guint) gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row)));
  return TRUE;
}

static void
fill_rules (SondeQualityPane *self)
{
  GPtrArray *rules = self->table != NULL ? table_rules (self, self->table) : NULL;

  clear_box (GTK_WIDGET (self->rules_list));
  for (guint i = 0; rules != NULL && i < rules->len; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
      GtkEventController *keys = gtk_event_controller_key_new ();
      g_autofree char *remove_label = NULL;
      g_autofree char *row_label = NULL;

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), rules->pdata[i]);
      gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (remove, "flat");
      gtk_widget_set_tooltip_text (remove, _("Remove"));
      /* Translators: %s is a rule such as “age between 0 and 120” */
      remove_label = g_strdup_printf (_("Remove the rule “%s”"), (const char *) rules->pdata[i]);
      sonde_a11y_set_label (remove, remove_label);
      g_signal_connect (remove, "clicked", G_CALLBACK (remove_rule_clicked_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
      /* Translators: %s is a rule */
      row_label = g_strdup_printf (_("Rule: %s. Delete removes it."), (const char *) rules->pdata[i]);
      sonde_a11y_set_label (row, row_label);
      g_signal_connect (keys, "key-pressed", G_CALLBACK (rule_key_pressed_cb), self);
      gtk_widget_add_controller (row, keys);
      gtk_list_box_append (self->rules_list, row);
    }
}

static void
remove_rule (SondeQualityPane *self,
             guint             index)
{
  GPtrArray *rules;

  if (self->table == NULL)
    return;
  rules = table_rules (self, self->table);
  if (index >= rules->len)
    return;

  g_ptr_array_remove_index (rules, index);
  fill_rules (self);
  g_signal_emit (self, signals[RULES_CHANGED], 0);
  gtk_widget_grab_focus (self->rule_entry);
  start_check (self, TRUE);
}

/**
 * sonde_quality_pane_add_rule:
 * @rule: a condition every row must meet (`age between 0 and 120`)
 * @error: return location for a #GError
 *
 * Adds a rule to the dataset shown, once it reads as a condition on its
 * columns, and checks the dataset again.
 *
 * Returns: whether the rule was added; the error says what and where.
 */
gboolean
sonde_quality_pane_add_rule (SondeQualityPane  *self,
                             const char        *rule,
                             GError           **error)
{
  g_autoptr(SondeExpr) expr = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (SONDE_IS_QUALITY_PANE (self), FALSE);
  g_return_val_if_fail (rule != NULL, FALSE);

  if (self->table == NULL)
    {
      g_set_error_literal (error, SONDE_ERROR, SONDE_ERROR_INVALID, _("Choose a dataset first."));
      return FALSE;
    }

  text = g_strstrip (g_strdup (rule));
  if (text[0] == '\0')
    {
      g_set_error_literal (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                           _("Write a rule first, such as: age between 0 and 120."));
      return FALSE;
    }
  expr = sonde_expr_parse (text, self->table, NULL, error);
  if (expr == NULL)
    return FALSE;
  if (!sonde_expr_is_predicate (expr))
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                   /* Translators: %s is what the user wrote */
                   _("“%s” is not a condition: a rule says what every row must meet, such as: age between 0 and 120."),
                   text);
      return FALSE;
    }

  g_ptr_array_add (table_rules (self, self->table), g_steal_pointer (&text));
  fill_rules (self);
  g_signal_emit (self, signals[RULES_CHANGED], 0);
  start_check (self, TRUE);

  return TRUE;
}

static void
add_rule_action_cb (GSimpleAction *action,
                    GVariant      *param,
                    gpointer       user_data)
{
  SondeQualityPane *self = SONDE_QUALITY_PANE (user_data);
  g_autoptr(GError) error = NULL;

  if (sonde_quality_pane_add_rule (self, gtk_editable_get_text (GTK_EDITABLE (self->rule_entry)), &error))
    {
      gtk_widget_set_visible (GTK_WIDGET (self->rule_error), FALSE);
      gtk_accessible_reset_state (GTK_ACCESSIBLE (self->rule_entry), GTK_ACCESSIBLE_STATE_INVALID);
      gtk_editable_set_text (GTK_EDITABLE (self->rule_entry), "");
      return;
    }

  gtk_label_set_text (self->rule_error, error->message);
  gtk_widget_set_visible (GTK_WIDGET (self->rule_error), TRUE);
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->rule_entry),
                               GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE, -1);
  gtk_widget_grab_focus (GTK_WIDGET (self->rule_error));
  gtk_label_select_region (self->rule_error, 0, 0);
}

static void
rule_entry_activate_cb (SondeQualityPane *self)
{
  g_action_group_activate_action (G_ACTION_GROUP (self->actions), "add-rule", NULL);
}

/* ------------------------------------------------------------------ */
/* Checking                                                             */
/* ------------------------------------------------------------------ */

static void
set_busy (SondeQualityPane *self,
          gboolean          busy)
{
  gtk_widget_set_sensitive (self->run_button, !busy);
  gtk_widget_set_visible (self->cancel_button, busy);
  gtk_widget_set_visible (self->spinner, busy);
  gtk_spinner_set_spinning (GTK_SPINNER (self->spinner), busy);
}

static void
check_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(SondeQualityPane) self = user_data;
  g_autoptr(SondeProfile) profile = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *score = NULL;
  g_autofree char *message = NULL;
  const char * const *key;
  guint n_findings;

  profile = sonde_profile_compute_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* Cancelled by the user, or replaced by a newer check. */
      if (self->cancellable != NULL && g_cancellable_is_cancelled (self->cancellable))
        {
          g_clear_object (&self->cancellable);
          set_busy (self, FALSE);
          say (self, _("The check was cancelled."), TRUE);
        }
      return;
    }

  g_clear_object (&self->cancellable);
  set_busy (self, FALSE);

  if (profile == NULL)
    {
      say (self, error->message, TRUE);
      return;
    }

  g_set_object (&self->profile, profile);
  g_set_object (&self->checked, sonde_profile_get_table (profile));

  score = g_strdup_printf (_("Quality score: %.1f / 100"), sonde_profile_get_score (profile));
  gtk_label_set_text (self->score_label, score);
  gtk_label_set_text (self->formula_label, sonde_profile_get_score_formula (profile));
  key = sonde_profile_get_key_columns (profile);
  if (key != NULL && key[0] != NULL)
    {
      g_autofree char *joined = g_strjoinv (", ", (char **) key);
      g_autofree char *line = sonde_profile_get_key_guessed (profile)
                              ? g_strdup_printf (_("Key (guessed): %s"), joined)
                              : g_strdup_printf (_("Key: %s"), joined);

      gtk_label_set_text (self->key_label, line);
    }
  else
    gtk_label_set_text (self->key_label, _("No key: give one to look for repeated keys and contradictions."));

  fill_findings (self);
  fill_columns (self);
  clear_box (self->detail_box);
  gtk_widget_set_visible (self->detail_box, FALSE);
  gtk_widget_set_visible (self->results_box, TRUE);

  n_findings = sonde_profile_get_n_findings (profile);
  if (n_findings == 0)
    /* Translators: the quality score, then that nothing was found */
    message = g_strdup_printf (_("“%s”: quality score %.1f out of 100. Nothing to report."),
                               sonde_table_get_name (self->checked), sonde_profile_get_score (profile));
  else
    {
      const SondeFinding *first = sonde_profile_get_finding (profile, g_array_index (self->order, guint, 0));

      /* Translators: a dataset, its score, the number of findings, then the most severe one */
      message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "“%s”: quality score %.1f out of 100. %u finding: %s",
                                              "“%s”: quality score %.1f out of 100. %u findings, the first: %s",
                                              n_findings),
                                 sonde_table_get_name (self->checked), sonde_profile_get_score (profile),
                                 n_findings, first->message);
    }
  say (self, message, self->explicit_run);
  self->explicit_run = FALSE;
}

static void
start_check (SondeQualityPane *self,
             gboolean          explicit_run)
{
  g_autofree char *message = NULL;

  if (!gtk_widget_get_mapped (GTK_WIDGET (self)) && !explicit_run)
    return;

  if (self->table == NULL)
    return;

  if (self->cancellable != NULL)
    {
      GCancellable *old = g_steal_pointer (&self->cancellable);

      g_cancellable_cancel (old);
      g_object_unref (old);
    }

  if (sonde_dataset_get_loading_rows (self->table) > 0)
    {
      /* Translators: %s is a dataset name */
      message = g_strdup_printf (_("“%s” is still being read from the project; it is checked once its rows are loaded."),
                                 sonde_table_get_name (self->table));
      say (self, message, explicit_run);
      return;
    }

  self->explicit_run = explicit_run;
  self->cancellable = g_cancellable_new ();
  set_busy (self, TRUE);
  /* Translators: %s is a dataset name */
  message = g_strdup_printf (_("Checking the quality of “%s”…"), sonde_table_get_name (self->table));
  say (self, message, FALSE);
  {
    GPtrArray *rules = table_rules (self, self->table);
    g_autoptr(GPtrArray) list = g_ptr_array_new ();
    SondeProfileOptions options = { 0 };

    for (guint i = 0; i < rules->len; i++)
      g_ptr_array_add (list, rules->pdata[i]);
    g_ptr_array_add (list, NULL);
    options.rules = (const char * const *) list->pdata;
    /* The options are copied by the call. */
    sonde_profile_compute_async (self->table, &options, self->cancellable, check_done_cb, g_object_ref (self));
  }
}

/**
 * sonde_quality_pane_check:
 *
 * Checks the chosen dataset again, in a worker; the result says itself
 * (the status line takes the focus).
 */
void
sonde_quality_pane_check (SondeQualityPane *self)
{
  g_return_if_fail (SONDE_IS_QUALITY_PANE (self));

  start_check (self, TRUE);
}

/**
 * sonde_quality_pane_is_busy:
 *
 * Returns: whether a check or a fix runs.
 */
gboolean
sonde_quality_pane_is_busy (SondeQualityPane *self)
{
  g_return_val_if_fail (SONDE_IS_QUALITY_PANE (self), FALSE);

  return self->cancellable != NULL || self->fixing;
}

/**
 * sonde_quality_pane_get_profile:
 *
 * Returns: (transfer none) (nullable): the last profile.
 */
SondeProfile *
sonde_quality_pane_get_profile (SondeQualityPane *self)
{
  g_return_val_if_fail (SONDE_IS_QUALITY_PANE (self), NULL);

  return self->profile;
}

/* A dataset not checked yet is checked when the pane shows it. */
static void
check_if_new (SondeQualityPane *self)
{
  if (self->table != NULL && self->table != self->checked && self->cancellable == NULL
      && gtk_widget_get_mapped (GTK_WIDGET (self)))
    start_check (self, FALSE);
}

/**
 * sonde_quality_pane_set_table:
 * @table: (nullable): one of the datasets
 *
 * Chooses the dataset to check.
 */
void
sonde_quality_pane_set_table (SondeQualityPane *self,
                              SondeTable       *table)
{
  guint position;

  g_return_if_fail (SONDE_IS_QUALITY_PANE (self));

  if (table != NULL && g_list_store_find (self->datasets, table, &position)
      && adw_combo_row_get_selected (self->dataset_row) != position)
    {
      adw_combo_row_set_selected (self->dataset_row, position);
      return;
    }
  if (!g_set_object (&self->table, table))
    return;

  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
      set_busy (self, FALSE);
    }
  if (table != self->checked)
    gtk_widget_set_visible (self->results_box, FALSE);
  fill_rules (self);
  check_if_new (self);
}

static void
dataset_selected_cb (SondeQualityPane *self)
{
  g_autoptr(SondeTable) table = NULL;
  guint selected = adw_combo_row_get_selected (self->dataset_row);

  if (selected != GTK_INVALID_LIST_POSITION)
    table = g_list_model_get_item (G_LIST_MODEL (self->datasets), selected);
  sonde_quality_pane_set_table (self, table);
}

static void
datasets_changed_cb (SondeQualityPane *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->datasets));

  gtk_stack_set_visible_child_name (self->stack, n > 0 ? "quality" : "empty");
  /* A dataset replaced by its full rows (a project opening) is checked. */
  dataset_selected_cb (self);
}

/* ------------------------------------------------------------------ */
/* Export                                                               */
/* ------------------------------------------------------------------ */

static void
export_response_cb (GtkNativeDialog  *dialog,
                    int               response,
                    SondeQualityPane *self)
{
  gboolean html = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "sonde-html"));

  if (response == GTK_RESPONSE_ACCEPT && self->profile != NULL)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *text = html ? sonde_profile_to_html (self->profile, NULL)
                                   : sonde_profile_findings_to_csv (self->profile);
      g_autofree char *basename = g_file_get_basename (file);
      g_autofree char *message = NULL;
      g_autoptr(GError) error = NULL;

      if (g_file_replace_contents (file, text, strlen (text), NULL, FALSE, G_FILE_CREATE_NONE,
                                   NULL, NULL, &error))
        /* Translators: %s is a file name */
        message = g_strdup_printf (_("The report was saved as %s."), basename);
      else
        /* Translators: a file name, then the reason */
        message = g_strdup_printf (_("The report could not be saved as %s: %s"), basename, error->message);
      say (self, message, TRUE);
    }

  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
export (SondeQualityPane *self,
        gboolean          html)
{
  GtkFileChooserNative *dialog;
  g_autofree char *name = NULL;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (self->profile == NULL)
    {
      say (self, _("Check a dataset first; its report can then be exported."), TRUE);
      return;
    }

  dialog = gtk_file_chooser_native_new (html ? _("Export the Report as HTML") : _("Export the Findings as CSV"),
                                        GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  /* Translators: a file name: the dataset's name, then "quality" */
  name = g_strdup_printf (_("%s quality.%s"), sonde_table_get_name (self->checked), html ? "html" : "csv");
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  g_object_set_data (G_OBJECT (dialog), "sonde-html", GINT_TO_POINTER (html));
  g_signal_connect (dialog, "response", G_CALLBACK (export_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
check_action_cb (GSimpleAction *action,
                 GVariant      *param,
                 gpointer       user_data)
{
  if (gtk_widget_get_mapped (GTK_WIDGET (user_data)))
    sonde_quality_pane_check (SONDE_QUALITY_PANE (user_data));
}

static void
cancel_action_cb (GSimpleAction *action,
                  GVariant      *param,
                  gpointer       user_data)
{
  SondeQualityPane *self = SONDE_QUALITY_PANE (user_data);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

static void
export_html_action_cb (GSimpleAction *action,
                       GVariant      *param,
                       gpointer       user_data)
{
  export (SONDE_QUALITY_PANE (user_data), TRUE);
}

static void
export_csv_action_cb (GSimpleAction *action,
                      GVariant      *param,
                      gpointer       user_data)
{
  export (SONDE_QUALITY_PANE (user_data), FALSE);
}

static const GActionEntry pane_entries[] = {
  { "check", check_action_cb },
  { "cancel", cancel_action_cb },
  { "export-html", export_html_action_cb },
  { "export-csv", export_csv_action_cb },
  { "add-rule", add_rule_action_cb },
};

/* ------------------------------------------------------------------ */
/* Building                                                             */
/* ------------------------------------------------------------------ */

static void
build (SondeQualityPane *self)
{
  GtkWidget *empty, *scroller, *box, *bar, *run_group;
  GtkWidget *export_box;

  self->stack = GTK_STACK (gtk_stack_new ());

  empty = adw_status_page_new ();
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (empty), "io.github.sonde.Sonde-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (empty), _("No Dataset to Check"));
  adw_status_page_set_description (ADW_STATUS_PAGE (empty),
                                   _("Open or import a dataset first, or start with a sample dataset from the Project pane."));
  gtk_stack_page_set_title (gtk_stack_add_named (self->stack, empty, "empty"), _("No dataset open"));

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);

  self->dataset_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->dataset_row), _("_Dataset"));
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (self->dataset_row), TRUE);
  run_group = sonde_pane_group (_("Quality"), GTK_WIDGET (self->dataset_row));
  gtk_box_append (GTK_BOX (box), run_group);

  bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  self->run_button = sonde_pane_button (_("_Check Again"), "quality.check");
  gtk_widget_set_tooltip_text (self->run_button, _("Check the dataset again (Ctrl+Enter)"));
  gtk_widget_add_css_class (self->run_button, "pill");
  self->cancel_button = sonde_pane_button (_("Ca_ncel"), "quality.cancel");
  gtk_widget_set_visible (self->cancel_button, FALSE);
  self->spinner = gtk_spinner_new ();
  gtk_widget_set_visible (self->spinner, FALSE);
  gtk_box_append (GTK_BOX (bar), self->run_button);
  gtk_box_append (GTK_BOX (bar), self->cancel_button);
  gtk_box_append (GTK_BOX (bar), self->spinner);
  gtk_box_append (GTK_BOX (box), bar);

  self->status_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->status_label, TRUE);
  gtk_label_set_xalign (self->status_label, 0.0f);
  gtk_label_set_selectable (self->status_label, TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->status_label));

  {
    GtkWidget *rules_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
    GtkWidget *heading = gtk_label_new_with_mnemonic (_("_Rules Every Row Must Meet"));
    GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
    GtkWidget *add = sonde_pane_button (_("_Add Rule"), "quality.add-rule");
    GtkWidget *hint = sonde_pane_hint (_("In the expression language: age between 0 and 120, end >= start, postcode matches [0-9]{5}. Each rule broken becomes a finding."));

    gtk_label_set_xalign (GTK_LABEL (heading), 0.0f);
    gtk_widget_add_css_class (heading, "heading");
    gtk_box_append (GTK_BOX (rules_box), heading);
    gtk_box_append (GTK_BOX (rules_box), hint);
    self->rule_entry = gtk_entry_new ();
    gtk_widget_set_hexpand (self->rule_entry, TRUE);
    gtk_entry_set_placeholder_text (GTK_ENTRY (self->rule_entry), "age between 0 and 120");
    gtk_label_set_mnemonic_widget (GTK_LABEL (heading), self->rule_entry);
    sonde_a11y_set_label (self->rule_entry, _("New rule"));
    sonde_a11y_set_description (self->rule_entry, _("Enter adds the rule and checks the dataset again."));
    g_signal_connect_swapped (self->rule_entry, "activate", G_CALLBACK (rule_entry_activate_cb), self);
    gtk_box_append (GTK_BOX (line), self->rule_entry);
    gtk_box_append (GTK_BOX (line), add);
    gtk_box_append (GTK_BOX (rules_box), line);
    self->rule_error = GTK_LABEL (gtk_label_new (NULL));
    gtk_label_set_wrap (self->rule_error, TRUE);
    gtk_label_set_xalign (self->rule_error, 0.0f);
    gtk_label_set_selectable (self->rule_error, TRUE);
    gtk_widget_add_css_class (GTK_WIDGET (self->rule_error), "error");
    gtk_widget_set_visible (GTK_WIDGET (self->rule_error), FALSE);
    gtk_box_append (GTK_BOX (rules_box), GTK_WIDGET (self->rule_error));
    self->rules_list = GTK_LIST_BOX (sonde_pane_boxed_list (_("No rules yet.")));
    gtk_accessible_update_relation (GTK_ACCESSIBLE (self->rules_list), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                    heading, NULL, -1);
    gtk_box_append (GTK_BOX (rules_box), GTK_WIDGET (self->rules_list));
    gtk_box_append (GTK_BOX (box), rules_box);
  }

  self->results_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  gtk_widget_set_visible (self->results_box, FALSE);

  self->score_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->score_label, 0.0f);
  gtk_widget_add_css_class (GTK_WIDGET (self->score_label), "title-2");
  gtk_box_append (GTK_BOX (self->results_box), GTK_WIDGET (self->score_label));
  self->formula_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->formula_label, TRUE);
  gtk_label_set_xalign (self->formula_label, 0.0f);
  gtk_widget_add_css_class (GTK_WIDGET (self->formula_label), "dim-label");
  gtk_box_append (GTK_BOX (self->results_box), GTK_WIDGET (self->formula_label));
  self->key_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->key_label, TRUE);
  gtk_label_set_xalign (self->key_label, 0.0f);
  gtk_box_append (GTK_BOX (self->results_box), GTK_WIDGET (self->key_label));

  self->findings_list = GTK_LIST_BOX (sonde_pane_boxed_list (_("Nothing to report.")));
  gtk_box_append (GTK_BOX (self->results_box),
                  sonde_pane_list_section (_("_Findings, Most Severe First"), self->findings_list, &self->findings_label));

  self->columns_list = GTK_LIST_BOX (sonde_pane_boxed_list (NULL));
  g_signal_connect (self->columns_list, "row-activated", G_CALLBACK (column_activated_cb), self);
  gtk_box_append (GTK_BOX (self->results_box),
                  sonde_pane_list_section (_("Co_lumns"), self->columns_list, &self->columns_label));

  self->detail_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_visible (self->detail_box, FALSE);
  gtk_box_append (GTK_BOX (self->results_box), self->detail_box);

  export_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_box_append (GTK_BOX (export_box), sonde_pane_button (_("Export _HTML…"), "quality.export-html"));
  gtk_box_append (GTK_BOX (export_box), sonde_pane_button (_("Export C_SV…"), "quality.export-csv"));
  gtk_box_append (GTK_BOX (self->results_box), export_box);

  gtk_box_append (GTK_BOX (box), self->results_box);

  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), box);
  gtk_stack_page_set_title (gtk_stack_add_named (self->stack, scroller, "quality"), _("Quality"));

  adw_bin_set_child (ADW_BIN (self), GTK_WIDGET (self->stack));
}

/* ------------------------------------------------------------------ */
/* GObject                                                              */
/* ------------------------------------------------------------------ */

static void
sonde_quality_pane_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (sonde_quality_pane_parent_class)->map (widget);

  check_if_new (SONDE_QUALITY_PANE (widget));
}

static void
sonde_quality_pane_constructed (GObject *object)
{
  SondeQualityPane *self = SONDE_QUALITY_PANE (object);
  g_autoptr(GtkExpression) name = NULL;

  G_OBJECT_CLASS (sonde_quality_pane_parent_class)->constructed (object);

  name = gtk_property_expression_new (SONDE_TYPE_TABLE, NULL, "name");
  adw_combo_row_set_expression (self->dataset_row, name);
  adw_combo_row_set_model (self->dataset_row, G_LIST_MODEL (self->datasets));
  sonde_a11y_follow_combo_row (self->dataset_row);
  g_signal_connect_object (self->dataset_row, "notify::selected",
                           G_CALLBACK (dataset_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->datasets, "items-changed",
                           G_CALLBACK (datasets_changed_cb), self, G_CONNECT_SWAPPED);
  datasets_changed_cb (self);
}

static void
sonde_quality_pane_dispose (GObject *object)
{
  SondeQualityPane *self = SONDE_QUALITY_PANE (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (sonde_quality_pane_parent_class)->dispose (object);
}

static void
sonde_quality_pane_finalize (GObject *object)
{
  SondeQualityPane *self = SONDE_QUALITY_PANE (object);

  g_clear_object (&self->datasets);
  g_clear_object (&self->cleaning);
  g_clear_pointer (&self->rules, g_hash_table_unref);
  g_clear_object (&self->table);
  g_clear_object (&self->checked);
  g_clear_object (&self->profile);
  g_clear_object (&self->actions);
  g_clear_pointer (&self->order, g_array_unref);

  G_OBJECT_CLASS (sonde_quality_pane_parent_class)->finalize (object);
}

static void
sonde_quality_pane_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  SondeQualityPane *self = SONDE_QUALITY_PANE (object);

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
sonde_quality_pane_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  SondeQualityPane *self = SONDE_QUALITY_PANE (object);

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
sonde_quality_pane_class_init (SondeQualityPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = sonde_quality_pane_constructed;
  object_class->dispose = sonde_quality_pane_dispose;
  object_class->finalize = sonde_quality_pane_finalize;
  object_class->set_property = sonde_quality_pane_set_property;
  object_class->get_property = sonde_quality_pane_get_property;
  widget_class->map = sonde_quality_pane_map;

  properties[PROP_DATASETS] =
    g_param_spec_object ("datasets", NULL, NULL,
                         G_TYPE_LIST_STORE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SondeQualityPane::show-rows:
   * @table: the dataset
   * @rows: the rows of a finding
   * @what: the finding's sentence
   *
   * The user asked to see the rows of a finding.
   */
  signals[SHOW_ROWS] =
    g_signal_new ("show-rows",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, SONDE_TYPE_TABLE, SONDE_TYPE_SELECTION, G_TYPE_STRING);

  /**
   * SondeQualityPane::rules-changed:
   *
   * A rule was added or removed: the project has changed.
   */
  signals[RULES_CHANGED] = g_signal_new ("rules-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
sonde_quality_pane_init (SondeQualityPane *self)
{

  self->order = g_array_new (FALSE, FALSE, sizeof (guint));
  self->rules = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
  build (self);
  sonde_a11y_fix_mnemonic_names (GTK_WIDGET (self));

  self->actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self->actions), pane_entries,
                                   G_N_ELEMENTS (pane_entries), self);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "quality", G_ACTION_GROUP (self->actions));

  sonde_pane_add_run_shortcut (GTK_WIDGET (self), "quality.check");
}

/**
 * sonde_quality_pane_new:
 * @datasets: the window's list of open #SondeTable
 *
 * Returns: (transfer full): a new Quality pane.
 */
SondeQualityPane *
sonde_quality_pane_new (GListStore *datasets)
{
  g_return_val_if_fail (G_IS_LIST_STORE (datasets), NULL);

  return g_object_new (SONDE_TYPE_QUALITY_PANE,
                       "datasets", datasets,
                       NULL);
}
