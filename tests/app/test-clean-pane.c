/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-clean-pane"

/* In-process tests of the Clean pane, its step dialog and SondeCleaning:
 * a step added through the dialog with its preview, a second one, moved,
 * disabled, changed, removed, undone and redone, the history gone back to
 * its start, mistakes told in the dialog, and the pipelines as the project
 * keeps them. What a person would hear is checked where the focus goes:
 * the status line after each change, the preview's sentence, the error. */

#include "config.h"

#include <adwaita.h>
#include <math.h>
#include <string.h>

#include "sonde-engine.h"
#include "sonde-clean-pane.h"
#include "sonde-data-grid.h"
#include "sonde-step-form.h"

/* id 1..8 with id 3 twice; two scores missing. */
static SondeTable *
make_table (void)
{
  static const int ids[] = { 1, 2, 3, 3, 4, 5, 6, 7 };
  static const double scores[] = { 12, 14, NAN, 13, 16, NAN, 8, 10 };
  SondeTable *table = sonde_table_new ("exam");
  g_autoptr(SondeColumn) id = sonde_column_new ("id", SONDE_COLUMN_TYPE_INTEGER);
  g_autoptr(SondeColumn) score = sonde_column_new ("score", SONDE_COLUMN_TYPE_REAL);

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      sonde_column_append_integer (id, ids[i]);
      if (isnan (scores[i]))
        sonde_column_append_missing (score);
      else
        sonde_column_append_real (score, scores[i]);
    }
  g_assert_true (sonde_table_add_column (table, id, NULL));
  g_assert_true (sonde_table_add_column (table, score, NULL));

  return table;
}

typedef struct
{
  GListStore     *datasets;
  SondeCleaning  *cleaning;
  SondeTable     *table;
  GtkWidget      *window;
  SondeCleanPane *pane;
  SondeTable     *shown;
} Fixture;

static void
wait_for (gboolean (*busy) (gpointer), gpointer object)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (g_main_context_iteration (NULL, FALSE) || busy (object))
    g_assert_cmpint (g_get_monotonic_time (), <, deadline);
}

static void
wait_pane (Fixture *f)
{
  wait_for ((gboolean (*) (gpointer)) sonde_clean_pane_is_busy, f->pane);
}

static void
show_table_cb (SondeCleanPane *pane,
               SondeTable     *table,
               Fixture        *f)
{
  g_set_object (&f->shown, table);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->datasets = g_list_store_new (SONDE_TYPE_TABLE);
  f->table = make_table ();
  g_list_store_append (f->datasets, f->table);
  f->cleaning = sonde_cleaning_new (f->datasets);
  f->pane = sonde_clean_pane_new (f->datasets, f->cleaning);
  g_signal_connect (f->pane, "show-table", G_CALLBACK (show_table_cb), f);
  f->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1000, 800);
  gtk_window_set_child (GTK_WINDOW (f->window), GTK_WIDGET (f->pane));
  gtk_window_present (GTK_WINDOW (f->window));
  wait_pane (f);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_clear_object (&f->table);
  g_clear_object (&f->shown);
  g_clear_object (&f->cleaning);
  g_clear_object (&f->datasets);
}

static const char *
focused_text (GtkWidget *widget)
{
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (widget));

  g_assert_true (GTK_IS_LABEL (focus));
  return gtk_label_get_text (GTK_LABEL (focus));
}

static JsonObject *
params_from (const char *json)
{
  g_autoptr(JsonNode) node = json_from_string (json, NULL);

  g_assert_nonnull (node);
  return json_object_ref (json_node_get_object (node));
}

/* Fills the dialog, previews, applies; the dialog closes itself. */
static void
add_step (Fixture    *f,
          int         index,
          const char *kind,
          const char *params_json)
{
  SondeStepDialog *dialog = sonde_clean_pane_open_step_dialog (f->pane, index);
  g_autoptr(JsonObject) params = params_from (params_json);
  GtkWidget *weak = GTK_WIDGET (dialog);

  g_assert_nonnull (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &weak);
  sonde_step_dialog_set_step (dialog, kind, params);
  sonde_step_dialog_apply (dialog);
  /* The dialog closes itself once the step is applied. */
  {
    gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

    while (weak != NULL && sonde_step_dialog_is_busy (SONDE_STEP_DIALOG (weak)))
      {
        g_main_context_iteration (NULL, TRUE);
        g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      }
  }
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_null (weak);
}

/* Whether the pane's button for @action can be used, as a person sees
 * it (the action enabled). */
static GtkWidget *
find_button (GtkWidget  *root,
             const char *action)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_BUTTON (child) && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (child)), action) == 0)
        return child;
      if ((found = find_button (child, action)) != NULL)
        return found;
    }
  return NULL;
}

static gboolean
can (Fixture    *f,
     const char *action)
{
  GtkWidget *button = find_button (GTK_WIDGET (f->pane), action);

  g_assert_nonnull (button);
  return gtk_widget_get_sensitive (button);
}

static SondeTable *
result (Fixture *f)
{
  return sonde_cleaning_get_result (f->cleaning, "exam");
}

static SondePipeline *
pipeline (Fixture *f)
{
  return sonde_cleaning_get_pipeline (f->cleaning, "exam");
}

static void
test_empty (Fixture       *f,
            gconstpointer  data)
{
  g_assert_cmpstr (sonde_clean_pane_get_source (f->pane), ==, "exam");
  g_assert_true (g_str_has_prefix (sonde_clean_pane_get_status (f->pane), "“exam” has no cleaning steps yet."));
  g_assert_false (can (f, "clean.undo"));
  g_assert_false (can (f, "clean.remove"));
  g_assert_true (can (f, "clean.add"));
  g_assert_null (result (f));
}

static void
test_preview (Fixture       *f,
              gconstpointer  data)
{
  SondeStepDialog *dialog = sonde_clean_pane_open_step_dialog (f->pane, -1);
  g_autoptr(JsonObject) params = params_from ("{\"columns\": [\"score\"], \"method\": \"median\"}");
  g_autoptr(GError) error = NULL;
  g_autoptr(SondeStep) step = NULL;

  sonde_step_dialog_set_step (dialog, "impute", params);
  step = sonde_step_dialog_build_step (dialog, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sonde_step_get_kind (step), ==, "impute");
  g_assert_cmpstr (json_object_get_string_member (sonde_step_get_params (step), "method"), ==, "median");

  sonde_step_dialog_preview (dialog);
  wait_for ((gboolean (*) (gpointer)) sonde_step_dialog_is_busy, dialog);
  /* Two missing scores filled: the sentence takes the focus; nothing is
   * applied yet. */
  g_assert_cmpstr (sonde_step_dialog_get_effect_text (dialog), ==,
                   "Preview: 2 rows changed, 2 cells. The rows concerned are shown below, before and after.");
  g_assert_cmpstr (focused_text (GTK_WIDGET (dialog)), ==, sonde_step_dialog_get_effect_text (dialog));
  g_assert_null (result (f));
  g_assert_null (pipeline (f));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_mistakes (Fixture       *f,
               gconstpointer  data)
{
  SondeStepDialog *dialog = sonde_clean_pane_open_step_dialog (f->pane, -1);
  g_autoptr(JsonObject) none = params_from ("{\"method\": \"median\"}");
  g_autoptr(JsonObject) wrong = params_from ("{\"expression\": \"scor > 10\"}");

  /* No column chosen: said under the form, with the focus. */
  sonde_step_dialog_set_step (dialog, "impute", none);
  sonde_step_dialog_apply (dialog);
  g_assert_cmpstr (focused_text (GTK_WIDGET (dialog)), ==, "Choose at least one in “Columns”.");

  /* A condition the engine refuses: its message, with where. */
  sonde_step_dialog_set_step (dialog, "filter", wrong);
  sonde_step_dialog_apply (dialog);
  wait_for ((gboolean (*) (gpointer)) sonde_step_dialog_is_busy, dialog);
  g_assert_nonnull (strstr (focused_text (GTK_WIDGET (dialog)), "scor"));
  g_assert_nonnull (strstr (focused_text (GTK_WIDGET (dialog)), "score"));
  g_assert_null (result (f));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_steps (Fixture       *f,
            gconstpointer  data)
{
  add_step (f, -1, "impute", "{\"columns\": [\"score\"], \"method\": \"median\"}");
  g_assert_cmpstr (focused_text (GTK_WIDGET (f->pane)), ==,
                   "Step 1 applied: 2 rows changed, 2 cells. “exam (cleaned)” now has 8 rows and 2 columns.");
  g_assert_nonnull (result (f));
  /* Median of 12 14 13 16 8 10. */
  g_assert_cmpfloat (sonde_column_get_real (sonde_table_find_column (result (f), "score"), 2), ==, 12.5);
  g_assert_cmpuint (sonde_column_get_n_missing (sonde_table_find_column (f->table, "score")), ==, 2);

  add_step (f, -1, "deduplicate", "{\"columns\": [\"id\"]}");
  g_assert_cmpstr (focused_text (GTK_WIDGET (f->pane)), ==,
                   "Step 2 applied: 1 row removed. “exam (cleaned)” now has 7 rows and 2 columns.");
  g_assert_cmpuint (sonde_pipeline_get_n_steps (pipeline (f)), ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->datasets)), ==, 2);

  /* The cleaned dataset is not offered as a dataset to clean. */
  sonde_clean_pane_set_table (f->pane, result (f));
  g_assert_cmpstr (sonde_clean_pane_get_source (f->pane), ==, "exam");

  /* Move the second step up: deduplicate first, then fill. */
  sonde_clean_pane_change (f->pane, SONDE_CLEANING_MOVE, 1, 0);
  wait_pane (f);
  g_assert_cmpstr (focused_text (GTK_WIDGET (f->pane)), ==,
                   "Step 2 is now step 1. “exam (cleaned)” now has 7 rows and 2 columns.");
  g_assert_cmpstr (sonde_step_get_kind (sonde_pipeline_get_step (pipeline (f), 0)), ==, "deduplicate");

  /* Disable the deduplication: 8 rows again, the step kept. */
  sonde_clean_pane_change (f->pane, SONDE_CLEANING_DISABLE, 0, 0);
  wait_pane (f);
  g_assert_cmpuint (sonde_table_get_n_rows (result (f)), ==, 8);
  g_assert_false (sonde_step_get_enabled (sonde_pipeline_get_step (pipeline (f), 0)));
  g_assert_true (g_str_has_prefix (focused_text (GTK_WIDGET (f->pane)), "Step 1 disabled"));

  /* Change step 2 (the fill) to the mean, through its dialog. */
  add_step (f, 1, "impute", "{\"columns\": [\"score\"], \"method\": \"mean\"}");
  g_assert_true (g_str_has_prefix (focused_text (GTK_WIDGET (f->pane)), "Step 2 changed: 2 rows changed, 2 cells."));
  /* Mean of 12 14 13 16 8 10 = 73 / 6. */
  g_assert_cmpfloat_with_epsilon (sonde_column_get_real (sonde_table_find_column (result (f), "score"), 2),
                                  73.0 / 6.0, 1e-12);

  /* Remove step 1; undo brings it back, redo removes it again. */
  sonde_clean_pane_change (f->pane, SONDE_CLEANING_REMOVE, 0, 0);
  wait_pane (f);
  g_assert_cmpuint (sonde_pipeline_get_n_steps (pipeline (f)), ==, 1);
  g_assert_true (can (f, "clean.undo"));
  g_assert_false (can (f, "clean.redo"));
  gtk_widget_activate_action (GTK_WIDGET (f->pane), "clean.undo", NULL);
  wait_pane (f);
  g_assert_cmpuint (sonde_pipeline_get_n_steps (pipeline (f)), ==, 2);
  g_assert_true (g_str_has_prefix (focused_text (GTK_WIDGET (f->pane)), "Undone: Removed step 1: Remove repeated rows"));
  gtk_widget_activate_action (GTK_WIDGET (f->pane), "clean.redo", NULL);
  wait_pane (f);
  g_assert_cmpuint (sonde_pipeline_get_n_steps (pipeline (f)), ==, 1);
  g_assert_true (g_str_has_prefix (focused_text (GTK_WIDGET (f->pane)), "Redone: Removed step 1"));

  /* Back to the start of the history: no steps, no cleaned dataset. */
  g_assert_cmpuint (sonde_cleaning_get_n_history (f->cleaning, "exam"), ==, 7);
  sonde_clean_pane_change (f->pane, SONDE_CLEANING_GO_TO, 0, 0);
  wait_pane (f);
  g_assert_cmpuint (sonde_pipeline_get_n_steps (pipeline (f)), ==, 0);
  g_assert_null (result (f));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->datasets)), ==, 1);
  g_assert_true (g_str_has_prefix (focused_text (GTK_WIDGET (f->pane)), "Back to: The original dataset, no steps."));
  /* ... and forward again to any point. */
  sonde_clean_pane_change (f->pane, SONDE_CLEANING_GO_TO, 2, 0);
  wait_pane (f);
  g_assert_cmpuint (sonde_table_get_n_rows (result (f)), ==, 7);
  gtk_widget_activate_action (GTK_WIDGET (f->pane), "clean.show-result", NULL);
  g_assert_true (f->shown == result (f));
}

/* Every kind of step the engine knows has a form, and each form writes
 * parameters the engine takes: filled from a step's parameters, it gives
 * them back. */
static void
test_every_kind (Fixture       *f,
                 gconstpointer  data)
{
  static const struct { const char *kind; const char *params; } steps[] = {
    { "impute", "{\"columns\": [\"score\"], \"method\": \"constant\", \"value\": 10}" },
    { "drop_columns", "{\"columns\": [\"score\"]}" },
    { "drop_missing", "{\"columns\": [\"score\"]}" },
    { "deduplicate", "{\"columns\": [\"id\"]}" },
    { "convert", "{\"column\": \"id\", \"type\": \"text\"}" },
    { "rename", "{\"columns\": {\"score\": \"mark\"}}" },
    { "text", "{\"columns\": [\"id\"], \"operation\": \"trim\"}" },
    { "replace", "{\"columns\": [\"id\"], \"pattern\": \"^3$\", \"replacement\": \"three\", \"literal\": false}" },
    { "outliers", "{\"columns\": [\"score\"], \"method\": \"iqr\", \"factor\": 1.5, \"action\": \"cap\"}" },
    { "onehot", "{\"column\": \"id\", \"keep\": true, \"max_categories\": 20}" },
    { "ordinal", "{\"column\": \"id\", \"order\": [\"1\", \"2\"]}" },
    { "scale", "{\"columns\": [\"score\"], \"method\": \"robust\"}" },
    { "bin", "{\"column\": \"score\", \"bins\": 3, \"method\": \"quantile\", \"name\": \"band\"}" },
    { "date_parts", "{\"column\": \"id\", \"parts\": [\"year\", \"month\"]}" },
    { "pseudonymise", "{\"columns\": [\"id\"], \"salt\": \"a salt of twenty chars\"}" },
    { "mask", "{\"columns\": [\"id\"], \"keep_first\": 1, \"keep_last\": 0, \"character\": \"#\"}" },
    { "generalise", "{\"columns\": [\"score\"], \"width\": 5}" },
    { "split", "{\"column\": \"id\", \"separator\": \"-\", \"into\": [\"a\", \"b\"], \"keep\": true}" },
    { "merge", "{\"columns\": [\"id\", \"score\"], \"name\": \"both\", \"separator\": \"/\", \"keep\": false}" },
    { "aggregate", "{\"by\": [\"id\"], \"aggregations\": [{\"function\": \"mean\", \"column\": \"score\", \"name\": \"avg\"}]}" },
    { "join", "{\"with\": \"other\", \"on\": [\"id\"], \"how\": \"left\", \"suffix\": \"_o\"}" },
    { "append", "{\"with\": \"other\"}" },
    { "pca", "{\"columns\": [\"id\", \"score\"], \"components\": 1, \"scale\": true}" },
    { "bag_of_words", "{\"column\": \"id\", \"max_features\": 10, \"min_df\": 2, \"binary\": true, \"keep\": false}" },
    { "tfidf", "{\"column\": \"id\", \"min_df\": 1, \"sublinear_tf\": true, \"norm\": \"l1\", \"keep\": true}" },
    { "filter", "{\"expression\": \"score > 10\"}" },
    { "derive", "{\"name\": \"double\", \"expression\": \"score * 2\", \"replace\": false}" },
  };
  g_autoptr(SondeTable) other = make_table ();
  const char * const *kinds = sonde_step_list_kinds ();
  guint n_forms;

  sonde_table_set_name (other, "other");
  g_list_store_append (f->datasets, other);
  sonde_step_form_get_all (&n_forms);
  g_assert_cmpuint (n_forms, ==, g_strv_length ((char **) kinds));
  g_assert_cmpuint (G_N_ELEMENTS (steps), ==, n_forms);

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      SondeStepDialog *dialog = sonde_clean_pane_open_step_dialog (f->pane, -1);
      g_autoptr(JsonObject) params = params_from (steps[i].params);
      g_autoptr(SondeStep) step = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) given = json_node_init_object (json_node_alloc (), params);
      g_autoptr(JsonNode) made = NULL;
      g_autofree char *described = NULL;

      g_test_message ("%s", steps[i].kind);
      g_assert_nonnull (sonde_step_form_lookup (steps[i].kind));
      sonde_step_dialog_set_step (dialog, steps[i].kind, params);
      step = sonde_step_dialog_build_step (dialog, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (sonde_step_get_kind (step), ==, steps[i].kind);
      made = json_node_init_object (json_node_alloc (), sonde_step_get_params (step));
      g_assert_true (json_node_equal (given, made));
      described = sonde_step_form_describe (step);
      g_assert_true (g_str_has_prefix (described, sonde_step_form_lookup (steps[i].kind)->label));
      gtk_window_destroy (GTK_WINDOW (dialog));
    }
}

static void
test_project (Fixture       *f,
              gconstpointer  data)
{
  g_auto(GStrv) names = NULL;
  g_auto(GStrv) sources = NULL;
  g_auto(GStrv) steps = NULL;
  g_autoptr(GString) problems = g_string_new (NULL);
  const char *bad[] = { "{\"format\": \"sonde-pipeline\", \"steps\": 3}", NULL };
  const char *bad_names[] = { "broken", NULL };

  add_step (f, -1, "impute", "{\"columns\": [\"score\"], \"method\": \"median\"}");
  sonde_cleaning_get_pipelines (f->cleaning, &names, &sources, &steps);
  g_assert_cmpstrv (names, ((const char *[]) { "exam (cleaned)", NULL }));
  g_assert_cmpstrv (sources, ((const char *[]) { "exam", NULL }));
  /* What was learned is kept: the median. */
  g_assert_nonnull (strstr (steps[0], "12.5"));

  /* As a project opens: the pipeline is back, its dataset known by name. */
  sonde_cleaning_set_pipelines (f->cleaning, (const char * const *) names, (const char * const *) sources,
                                (const char * const *) steps, problems);
  g_assert_cmpstr (problems->str, ==, "");
  g_assert_cmpuint (sonde_pipeline_get_n_steps (pipeline (f)), ==, 1);
  g_assert_true (result (f) != NULL);
  g_assert_null (sonde_cleaning_get_effect (f->cleaning, "exam", 0));
  g_assert_cmpstr (sonde_cleaning_get_history_label (f->cleaning, "exam", 0), ==, "As the project kept it");

  /* A pipeline that cannot be read is told, and the others stay. */
  sonde_cleaning_set_pipelines (f->cleaning, bad_names, (const char *[]) { "exam", NULL }, bad, problems);
  g_assert_true (g_str_has_prefix (problems->str, "The cleaning steps of “broken” cannot be read:"));
  g_assert_null (pipeline (f));
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
  g_test_add ("/clean-pane/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("empty", test_empty);
  ADD ("preview", test_preview);
  ADD ("mistakes", test_mistakes);
  ADD ("steps", test_steps);
  ADD ("every-kind", test_every_kind);
  ADD ("project", test_project);
#undef ADD

  return g_test_run ();
}
