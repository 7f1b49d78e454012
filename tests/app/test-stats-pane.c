/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-stats-pane"

/* In-process tests of the Statistics pane with GTK's test accessibility
 * backend (GTK_A11Y=test): the variable pickers follow the analysis, a
 * missing variable is refused next to the Run button with the focus on
 * the message, a run adds a result whose sentence takes the focus, its
 * tables are grids that speak row and column, and Remove takes it away.
 * The numbers themselves are checked against R in the engine's tests.
 */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "sonde-engine.h"
#include "sonde-data-grid.h"
#include "sonde-stats-pane.h"

static SondeTable *
make_table (void)
{
  /* score by group: A is higher. */
  static const double scores[] = { 12, 14, 15, 13, 16, 9, 8, 10, 7, 11 };
  SondeTable *table = sonde_table_new ("exam");
  g_autoptr(SondeColumn) score = sonde_column_new ("score", SONDE_COLUMN_TYPE_REAL);
  g_autoptr(SondeColumn) group = sonde_column_new ("group", SONDE_COLUMN_TYPE_CATEGORICAL);
  g_autoptr(SondeColumn) name = sonde_column_new ("name", SONDE_COLUMN_TYPE_TEXT);

  for (guint i = 0; i < G_N_ELEMENTS (scores); i++)
    {
      g_autofree char *who = g_strdup_printf ("student %u", i + 1);

      sonde_column_append_real (score, scores[i]);
      sonde_column_append_category (group, i < 5 ? "A" : "B", -1);
      sonde_column_append_text (name, who, -1);
    }
  g_assert_true (sonde_table_add_column (table, score, NULL));
  g_assert_true (sonde_table_add_column (table, group, NULL));
  g_assert_true (sonde_table_add_column (table, name, NULL));

  return table;
}

typedef struct
{
  GListStore     *datasets;
  SondeTable     *table;
  GtkWidget      *window;
  SondeStatsPane *pane;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->datasets = g_list_store_new (SONDE_TYPE_TABLE);
  f->table = make_table ();
  g_list_store_append (f->datasets, f->table);
  f->pane = sonde_stats_pane_new (f->datasets);
  f->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1000, 700);
  gtk_window_set_child (GTK_WINDOW (f->window), GTK_WIDGET (f->pane));
  gtk_window_present (GTK_WINDOW (f->window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_clear_object (&f->table);
  g_clear_object (&f->datasets);
}

static void
wait_idle (Fixture *f)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (g_main_context_iteration (NULL, FALSE) || sonde_stats_pane_is_busy (f->pane))
    g_assert_cmpint (g_get_monotonic_time (), <, deadline);
}

static GtkWidget *
find_by_name (GtkWidget  *root,
              const char *name)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (g_strcmp0 (gtk_widget_get_name (child), name) == 0)
        return child;
      if ((found = find_by_name (child, name)) != NULL)
        return found;
    }

  return NULL;
}

static GtkWidget *
find_type (GtkWidget *root,
           GType      type)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type))
        return child;
      if ((found = find_type (child, type)) != NULL)
        return found;
    }

  return NULL;
}

static void
test_pickers_follow_the_analysis (Fixture       *f,
                                  gconstpointer  data)
{
  GtkWidget *add_variable;
  GListModel *model;

  sonde_stats_pane_set_kind (f->pane, SONDE_ANALYSIS_TTEST);
  add_variable = find_by_name (GTK_WIDGET (f->pane), "add-0");
  g_assert_nonnull (add_variable);
  /* Only the numeric column can be a t-test's variable. */
  model = adw_combo_row_get_model (ADW_COMBO_ROW (add_variable));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
  g_assert_nonnull (find_by_name (GTK_WIDGET (f->pane), "add-1"));

  sonde_stats_pane_add_column (f->pane, SONDE_ANALYSIS_ROLE_VARIABLE, "score");
  /* One variable at most: its add row is gone, the chosen row is there,
   * with a Remove button named after the column and the role. */
  g_assert_null (find_by_name (GTK_WIDGET (f->pane), "add-0"));
  g_assert_nonnull (find_by_name (GTK_WIDGET (f->pane), "chosen-0-score"));

  /* A chi-square has no "variable" role: the choice goes. */
  sonde_stats_pane_set_kind (f->pane, SONDE_ANALYSIS_CHISQ);
  g_assert_null (find_by_name (GTK_WIDGET (f->pane), "chosen-0-score"));
  g_assert_nonnull (find_by_name (GTK_WIDGET (f->pane), "add-3"));
  g_assert_nonnull (find_by_name (GTK_WIDGET (f->pane), "add-4"));
}

static void
test_missing_variable_is_said (Fixture       *f,
                               gconstpointer  data)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (f->pane));
  GtkWidget *focus;

  sonde_stats_pane_set_kind (f->pane, SONDE_ANALYSIS_ANOVA);
  gtk_widget_activate_action (GTK_WIDGET (f->pane), "stats.run", NULL);
  wait_idle (f);
  focus = gtk_root_get_focus (root);
  g_assert_true (GTK_IS_LABEL (focus));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (focus)), "Add to"));
  g_assert_cmpuint (sonde_stats_pane_get_n_results (f->pane), ==, 0);
}

static void
test_run_shows_the_sentence (Fixture       *f,
                             gconstpointer  data)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (f->pane));
  SondeStatsReport *report;
  GtkWidget *focus;
  GtkWidget *grid;

  sonde_stats_pane_set_kind (f->pane, SONDE_ANALYSIS_TTEST);
  sonde_stats_pane_add_column (f->pane, SONDE_ANALYSIS_ROLE_VARIABLE, "score");
  sonde_stats_pane_add_column (f->pane, SONDE_ANALYSIS_ROLE_GROUP, "group");
  gtk_widget_activate_action (GTK_WIDGET (f->pane), "stats.run", NULL);
  wait_idle (f);

  g_assert_cmpuint (sonde_stats_pane_get_n_results (f->pane), ==, 1);
  report = sonde_stats_pane_get_result (f->pane, 0);
  g_assert_cmpuint (sonde_stats_report_get_n_rows_used (report), ==, 10);

  /* The sentence has the focus, so Orca reads it at once. */
  focus = gtk_root_get_focus (root);
  g_assert_true (GTK_IS_LABEL (focus));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (focus)), ==, sonde_stats_report_get_sentence (report));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (focus)), "higher in group A"));

  /* Its first table is a grid whose cells are said with their row. */
  grid = find_type (GTK_WIDGET (f->pane), SONDE_TYPE_DATA_GRID);
  g_assert_nonnull (grid);
  sonde_data_grid_set_cursor (SONDE_DATA_GRID (grid), 0, 1);
  {
    g_autofree char *said = sonde_data_grid_describe_cursor (SONDE_DATA_GRID (grid));
    g_autofree char *first = g_strdup (sonde_stats_report_get_cell (report, 0, 0, 0));
    g_autofree char *header = g_strdup (sonde_stats_report_get_header (report, 0, 1));

    g_assert_true (g_str_has_prefix (said, first));
    g_assert_nonnull (strstr (said, header));
    g_assert_nonnull (strstr (said, "row 1 of"));
  }

  /* A second run goes on top. */
  sonde_stats_pane_set_kind (f->pane, SONDE_ANALYSIS_MANN_WHITNEY);
  gtk_widget_activate_action (GTK_WIDGET (f->pane), "stats.run", NULL);
  wait_idle (f);
  g_assert_cmpuint (sonde_stats_pane_get_n_results (f->pane), ==, 2);
  g_assert_true (sonde_stats_pane_get_result (f->pane, 1) == report);
}

static void
test_engine_error_is_said (Fixture       *f,
                           gconstpointer  data)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (f->pane));
  GtkWidget *focus;

  /* "name" has ten groups of one: a two-sample test refuses it. */
  sonde_stats_pane_set_kind (f->pane, SONDE_ANALYSIS_TTEST);
  sonde_stats_pane_add_column (f->pane, SONDE_ANALYSIS_ROLE_VARIABLE, "score");
  sonde_stats_pane_add_column (f->pane, SONDE_ANALYSIS_ROLE_GROUP, "name");
  gtk_widget_activate_action (GTK_WIDGET (f->pane), "stats.run", NULL);
  wait_idle (f);
  g_assert_cmpuint (sonde_stats_pane_get_n_results (f->pane), ==, 0);
  focus = gtk_root_get_focus (root);
  g_assert_true (GTK_IS_LABEL (focus));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (focus)), "name"));
}

static void
test_build_analysis (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(SondeAnalysis) analysis = NULL;
  const char * const *vars;

  sonde_stats_pane_set_kind (f->pane, SONDE_ANALYSIS_DESCRIBE);
  sonde_stats_pane_add_column (f->pane, SONDE_ANALYSIS_ROLE_VARIABLE, "score");
  sonde_stats_pane_add_column (f->pane, SONDE_ANALYSIS_ROLE_GROUP, "group");
  sonde_stats_pane_remove_column (f->pane, SONDE_ANALYSIS_ROLE_GROUP, "group");
  analysis = sonde_stats_pane_build_analysis (f->pane);
  g_assert_cmpint (sonde_analysis_get_kind (analysis), ==, SONDE_ANALYSIS_DESCRIBE);
  vars = sonde_analysis_get_columns (analysis, SONDE_ANALYSIS_ROLE_VARIABLE);
  g_assert_nonnull (vars);
  g_assert_cmpstr (vars[0], ==, "score");
  g_assert_null (vars[1]);
  vars = sonde_analysis_get_columns (analysis, SONDE_ANALYSIS_ROLE_GROUP);
  g_assert_true (vars == NULL || vars[0] == NULL);
}

/* A categorical predictor of a model gets a reference-level row; the
 * chosen level goes into the analysis. */
static void
test_reference_level (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(SondeAnalysis) analysis = NULL;
  GtkWidget *row = NULL;
  SondeStatsReport *report;

  sonde_stats_pane_set_kind (f->pane, SONDE_ANALYSIS_LM);
  sonde_stats_pane_add_column (f->pane, SONDE_ANALYSIS_ROLE_RESPONSE, "score");
  sonde_stats_pane_add_column (f->pane, SONDE_ANALYSIS_ROLE_PREDICTOR, "group");
  /* Find the row titled "Reference level of group". */
  {
    GtkWidget *stack[256];
    guint depth = 0;

    stack[depth++] = GTK_WIDGET (f->pane);
    while (depth > 0 && row == NULL)
      {
        GtkWidget *w = stack[--depth];

        if (ADW_IS_COMBO_ROW (w)
            && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (w)), "Reference level of group") == 0)
          row = w;
        for (GtkWidget *c = gtk_widget_get_first_child (w); c != NULL && depth < 256; c = gtk_widget_get_next_sibling (c))
          stack[depth++] = c;
      }
  }
  g_assert_nonnull (row);
  /* "The first in sorted order", A, B: choose B. */
  g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (ADW_COMBO_ROW (row))), ==, 3);
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), 2);

  gtk_widget_activate_action (GTK_WIDGET (f->pane), "stats.run", NULL);
  wait_idle (f);
  g_assert_cmpuint (sonde_stats_pane_get_n_results (f->pane), ==, 1);
  report = sonde_stats_pane_get_result (f->pane, 0);
  /* With B as the reference the coefficient is groupA, 5 higher:
   * R: coef(lm(score ~ relevel(factor(group), "B")))[2] = 5 */
  {
    gboolean found = FALSE;

    for (guint t = 0; t < sonde_stats_report_get_n_tables (report); t++)
      for (guint r = 0; r < sonde_stats_report_get_table_n_rows (report, t); r++)
        if (g_strcmp0 (sonde_stats_report_get_cell (report, t, r, 0), "groupA") == 0)
          {
            g_assert_cmpfloat_with_epsilon (sonde_stats_report_get_cell_value (report, t, r, 1), 5.0, 1e-9);
            found = TRUE;
          }
    g_assert_true (found);
  }
  analysis = sonde_stats_pane_build_analysis (f->pane);
  g_assert_nonnull (analysis);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "en", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  sonde_engine_init ();

#define ADD(path, func) \
  g_test_add ("/stats-pane/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("pickers-follow-the-analysis", test_pickers_follow_the_analysis);
  ADD ("missing-variable-is-said", test_missing_variable_is_said);
  ADD ("run-shows-the-sentence", test_run_shows_the_sentence);
  ADD ("engine-error-is-said", test_engine_error_is_said);
  ADD ("build-analysis", test_build_analysis);
  ADD ("reference-level", test_reference_level);
#undef ADD

  return g_test_run ();
}
