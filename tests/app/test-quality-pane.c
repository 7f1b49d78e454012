/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-quality-pane"

/* In-process tests of the Quality pane with GTK's test accessibility
 * backend: showing a dataset checks it in a worker; the findings are
 * listed most severe first, each row named with its severity and
 * sentence; "Show the N Rows" emits the finding's rows; a column's
 * figures are a grid that takes the focus, with a histogram for numbers;
 * Ctrl+Enter checks again and the status line, which takes the focus,
 * says the score. The figures themselves are tested in the engine
 * (tests/engine/test-profile.c, against pandas).
 */

#include "config.h"

#include <adwaita.h>
#include <math.h>
#include <string.h>

#include "sonde-engine.h"
#include "sonde-chart-view.h"
#include "sonde-data-grid.h"
#include "sonde-cleaning.h"
#include "sonde-quality-pane.h"

/* id 1..8 with id 3 twice (a repeated key with other values: a
 * contradiction), score missing twice. */
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
  GListStore       *datasets;
  SondeCleaning    *cleaning;
  SondeTable       *table;
  GtkWidget        *window;
  SondeQualityPane *pane;
  SondeSelection   *shown;
  char             *what;
} Fixture;

static void
show_rows_cb (SondeQualityPane *pane,
              SondeTable       *table,
              SondeSelection   *rows,
              const char       *what,
              Fixture          *f)
{
  g_set_object (&f->shown, rows);
  g_free (f->what);
  f->what = g_strdup (what);
}

static void
wait_idle (Fixture *f)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (g_main_context_iteration (NULL, FALSE) || sonde_quality_pane_is_busy (f->pane))
    g_assert_cmpint (g_get_monotonic_time (), <, deadline);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->datasets = g_list_store_new (SONDE_TYPE_TABLE);
  f->table = make_table ();
  g_list_store_append (f->datasets, f->table);
  f->pane = sonde_quality_pane_new (f->datasets);
  f->cleaning = sonde_cleaning_new (f->datasets);
  sonde_quality_pane_set_cleaning (f->pane, f->cleaning);
  g_signal_connect (f->pane, "show-rows", G_CALLBACK (show_rows_cb), f);
  f->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1000, 800);
  gtk_window_set_child (GTK_WINDOW (f->window), GTK_WIDGET (f->pane));
  gtk_window_present (GTK_WINDOW (f->window));
  wait_idle (f);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_clear_object (&f->table);
  g_clear_object (&f->cleaning);
  g_clear_object (&f->datasets);
  g_clear_object (&f->shown);
  g_free (f->what);
}

static GtkWidget *
find_type (GtkWidget *root,
           GType      type)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type) && gtk_widget_get_visible (child))
        return child;
      if ((found = find_type (child, type)) != NULL)
        return found;
    }

  return NULL;
}

static void
test_checked_when_shown (Fixture       *f,
                         gconstpointer  data)
{
  SondeProfile *profile = sonde_quality_pane_get_profile (f->pane);
  const SondeFinding *worst;
  guint n;

  g_assert_nonnull (profile);
  g_assert_true (sonde_profile_get_table (profile) == f->table);
  n = sonde_profile_get_n_findings (profile);
  g_assert_cmpuint (n, >, 1);

  /* The most severe finding comes first and gives its rows. */
  worst = NULL;
  for (guint i = 0; i < n; i++)
    {
      const SondeFinding *x = sonde_profile_get_finding (profile, i);

      if (worst == NULL || x->severity > worst->severity)
        worst = x;
    }
  g_assert_cmpint (worst->severity, >=, SONDE_SEVERITY_WARNING);
  for (guint i = 0; i < n; i++)
    if (sonde_profile_get_finding (profile, i)->kind == SONDE_FINDING_MISSING)
      {
        sonde_quality_pane_show_finding_rows (f->pane, i);
        g_assert_nonnull (f->shown);
        g_assert_cmpuint (sonde_selection_get_n_rows (f->shown), ==, 2);
        g_assert_nonnull (strstr (f->what, "“score”"));
      }
}

static void
test_column_detail (Fixture       *f,
                    gconstpointer  data)
{
  GtkWidget *focus;
  SondeTable *figures;

  sonde_quality_pane_show_column (f->pane, 1);
  focus = gtk_root_get_focus (gtk_widget_get_root (GTK_WIDGET (f->pane)));
  g_assert_true (SONDE_IS_DATA_GRID (focus));
  figures = sonde_data_grid_get_table (SONDE_DATA_GRID (focus));
  g_assert_cmpstr (sonde_table_get_name (figures), ==, "Figures of “score”");
  /* Type, values, missing, distinct, six figures, the deviation, two outlier counts... */
  g_assert_cmpuint (sonde_table_get_n_rows (figures), >=, 13);
  g_assert_cmpstr (sonde_column_get_text (sonde_table_get_column (figures, 0), 2), ==, "Missing");
  g_assert_cmpstr (sonde_column_get_text (sonde_table_get_column (figures, 1), 2), ==, "2");
  /* A histogram of the profile's bins, as a chart the keyboard explores. */
  g_assert_nonnull (find_type (GTK_WIDGET (f->pane), SONDE_TYPE_CHART_VIEW));
}

static void
test_check_again_says_the_score (Fixture       *f,
                                 gconstpointer  data)
{
  GtkWidget *focus;

  gtk_widget_activate_action (GTK_WIDGET (f->pane), "quality.check", NULL);
  g_assert_true (sonde_quality_pane_is_busy (f->pane));
  wait_idle (f);
  focus = gtk_root_get_focus (gtk_widget_get_root (GTK_WIDGET (f->pane)));
  g_assert_true (GTK_IS_LABEL (focus));
  g_assert_true (g_str_has_prefix (gtk_label_get_text (GTK_LABEL (focus)), "“exam”: quality score "));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (focus)), "findings, the first:"));
}

static void
test_html_report (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *html = sonde_profile_to_html (sonde_quality_pane_get_profile (f->pane), "en");

  g_assert_true (g_str_has_prefix (html, "<!DOCTYPE html>\n<html lang=\"en\">"));
  g_assert_nonnull (strstr (html, "<title>Quality of “exam”</title>"));
  g_assert_nonnull (strstr (html, "<h1>Quality of “exam”</h1>"));
  g_assert_nonnull (strstr (html, "<caption>Findings, most severe first</caption>"));
  g_assert_nonnull (strstr (html, "<th scope=\"row\">score</th>"));
  g_assert_nonnull (strstr (html, "<th scope=\"col\">Missing</th>"));
}

static void
test_rules (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  SondeProfile *profile;
  gboolean found = FALSE;

  /* A mistake is refused with its place; a value is not a condition. */
  g_assert_false (sonde_quality_pane_add_rule (f->pane, "scroe between 10 and 15", &error));
  g_assert_nonnull (strstr (error->message, "score"));
  g_clear_error (&error);
  g_assert_false (sonde_quality_pane_add_rule (f->pane, "score * 2", &error));
  g_assert_nonnull (strstr (error->message, "not a condition"));
  g_clear_error (&error);

  /* 16 and 8 break it; the two missing scores cannot be checked. */
  g_assert_true (sonde_quality_pane_add_rule (f->pane, "score between 10 and 15", &error));
  g_assert_no_error (error);
  wait_idle (f);
  profile = sonde_quality_pane_get_profile (f->pane);
  for (guint i = 0; i < sonde_profile_get_n_findings (profile); i++)
    {
      const SondeFinding *finding = sonde_profile_get_finding (profile, i);

      if (finding->kind == SONDE_FINDING_RULE_BROKEN)
        {
          found = TRUE;
          g_assert_cmpuint (finding->n_rows, ==, 2);
          g_assert_nonnull (strstr (finding->message, "score between 10 and 15"));
        }
    }
  g_assert_true (found);
}

/* A fix makes a cleaned copy with one step; the original stays. */
static void
test_fix (Fixture       *f,
          gconstpointer  data)
{
  SondeProfile *profile = sonde_quality_pane_get_profile (f->pane);
  SondeTable *cleaned = NULL;
  SondeTable *deduplicated = NULL;
  GtkWidget *focus;
  guint missing = G_MAXUINT;
  guint keys = G_MAXUINT;

  for (guint i = 0; i < sonde_profile_get_n_findings (profile); i++)
    {
      const SondeFinding *finding = sonde_profile_get_finding (profile, i);

      if (finding->kind == SONDE_FINDING_MISSING)
        missing = i;
      else if (finding->kind == SONDE_FINDING_DUPLICATE_KEYS)
        keys = i;
    }
  g_assert_cmpuint (missing, !=, G_MAXUINT);
  g_assert_cmpuint (keys, !=, G_MAXUINT);
  sonde_quality_pane_apply_fix (f->pane, missing, 0);
  wait_idle (f);
  cleaned = sonde_cleaning_get_result (f->cleaning, "exam");
  sonde_quality_pane_apply_fix (f->pane, keys, 0);
  wait_idle (f);
  deduplicated = sonde_cleaning_get_result (f->cleaning, "exam");

  /* Missing scores filled with the median of 12 14 13 16 8 10: 12.5;
   * then the repeated key 3 loses its second row: each fix is a step of
   * the one pipeline that makes "exam (cleaned)". */
  g_assert_nonnull (cleaned);
  g_assert_cmpstr (sonde_table_get_name (deduplicated), ==, "exam (cleaned)");
  g_assert_cmpuint (sonde_pipeline_get_n_steps (sonde_cleaning_get_pipeline (f->cleaning, "exam")), ==, 2);
  g_assert_cmpuint (sonde_column_get_n_missing (sonde_table_find_column (deduplicated, "score")), ==, 0);
  g_assert_cmpfloat (sonde_column_get_real (sonde_table_find_column (deduplicated, "score"), 2), ==, 12.5);
  g_assert_cmpuint (sonde_table_get_n_rows (deduplicated), ==, 7);
  /* The original is as it was; the list has it and the cleaned copy. */
  g_assert_cmpuint (sonde_column_get_n_missing (sonde_table_find_column (f->table, "score")), ==, 2);
  g_assert_cmpuint (sonde_table_get_n_rows (f->table), ==, 8);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->datasets)), ==, 2);

  /* What was made is said where the focus is. */
  focus = gtk_root_get_focus (gtk_widget_get_root (GTK_WIDGET (f->pane)));
  g_assert_true (GTK_IS_LABEL (focus));
  g_assert_true (g_str_has_prefix (gtk_label_get_text (GTK_LABEL (focus)),
                                   "Step 2 applied: 1 row removed. “exam (cleaned)” now has 7 rows and 2 columns. The original is unchanged"));
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
  g_test_add ("/quality-pane/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("checked-when-shown", test_checked_when_shown);
  ADD ("column-detail", test_column_detail);
  ADD ("check-again-says-the-score", test_check_again_says_the_score);
  ADD ("html-report", test_html_report);
  ADD ("rules", test_rules);
  ADD ("fix", test_fix);
#undef ADD

  return g_test_run ();
}
