/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-query-pane"

/* In-process tests of the Query pane with GTK's test accessibility
 * backend (GTK_A11Y=test): the editor is a named GtkSourceView with SQL
 * highlighting and a first query; a run shows its result in the grid,
 * which takes the focus and says its size; a syntax error takes the
 * focus, names its line and column and puts the editor's cursor there;
 * a write is refused; Cancel stops a long query; a result becomes a
 * dataset; saved queries are added, replaced, loaded and removed; a
 * dataset still loading is waited for. The SQL itself is tested in
 * tests/engine/test-query.c.
 */

#include "config.h"

#include <adwaita.h>
#include <gtksourceview/gtksource.h>
#include <string.h>

#include "sonde-engine.h"
#include "sonde-data-grid.h"
#include "sonde-dataset.h"
#include "sonde-query-pane.h"

static SondeTable *
make_table (void)
{
  static const double scores[] = { 12, 14, 15, 13, 16, 9, 8, 10, 7, 11 };
  SondeTable *table = sonde_table_new ("exam");
  g_autoptr(SondeColumn) score = sonde_column_new ("score", SONDE_COLUMN_TYPE_REAL);
  g_autoptr(SondeColumn) group = sonde_column_new ("group", SONDE_COLUMN_TYPE_CATEGORICAL);

  for (guint i = 0; i < G_N_ELEMENTS (scores); i++)
    {
      sonde_column_append_real (score, scores[i]);
      sonde_column_append_category (group, i < 5 ? "A" : "B", -1);
    }
  g_assert_true (sonde_table_add_column (table, score, NULL));
  g_assert_true (sonde_table_add_column (table, group, NULL));

  return table;
}

typedef struct
{
  GListStore     *datasets;
  SondeTable     *table;
  GtkWidget      *window;
  SondeQueryPane *pane;
  guint           n_changed;
} Fixture;

static void
changed_cb (SondeQueryPane *pane,
            Fixture        *f)
{
  f->n_changed++;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->datasets = g_list_store_new (SONDE_TYPE_TABLE);
  f->table = make_table ();
  g_list_store_append (f->datasets, f->table);
  f->pane = sonde_query_pane_new (f->datasets);
  g_signal_connect (f->pane, "saved-queries-changed", G_CALLBACK (changed_cb), f);
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

  while (g_main_context_iteration (NULL, FALSE) || sonde_query_pane_is_busy (f->pane))
    g_assert_cmpint (g_get_monotonic_time (), <, deadline);
}

static GtkWidget *
focus_of (Fixture *f)
{
  return gtk_root_get_focus (gtk_widget_get_root (GTK_WIDGET (f->pane)));
}

static void
run (Fixture    *f,
     const char *sql)
{
  sonde_query_pane_set_sql (f->pane, sql);
  gtk_widget_activate_action (GTK_WIDGET (f->pane), "query.run", NULL);
  wait_idle (f);
}

static void
test_editor (Fixture       *f,
             gconstpointer  data)
{
  GtkWidget *editor = sonde_query_pane_get_editor (f->pane);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (editor));
  GtkSourceLanguage *language;
  g_autofree char *sql = sonde_query_pane_get_sql (f->pane);

  g_assert_true (GTK_SOURCE_IS_VIEW (editor));
  language = gtk_source_buffer_get_language (GTK_SOURCE_BUFFER (buffer));
  g_assert_nonnull (language);
  g_assert_cmpstr (gtk_source_language_get_id (language), ==, "sql");
  gtk_test_accessible_assert_property (editor, GTK_ACCESSIBLE_PROPERTY_LABEL, "SQL query");
  /* Tab leaves the editor: keyboard users are never trapped in it. */
  g_assert_false (gtk_text_view_get_accepts_tab (GTK_TEXT_VIEW (editor)));
  /* A first query on the open dataset, to start from. */
  g_assert_cmpstr (sql, ==, "SELECT *\nFROM \"exam\"\nLIMIT 100;");
}

static void
test_run_shows_result (Fixture       *f,
                       gconstpointer  data)
{
  SondeTable *result;

  run (f, "SELECT \"group\", AVG(score) AS mean, COUNT(*) AS n\nFROM exam GROUP BY \"group\" ORDER BY \"group\"");
  result = sonde_query_pane_get_result (f->pane);
  g_assert_nonnull (result);
  g_assert_cmpuint (sonde_table_get_n_rows (result), ==, 2);
  g_assert_cmpfloat_with_epsilon (sonde_column_get_real (sonde_table_get_column (result, 1), 0), 14.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (sonde_column_get_real (sonde_table_get_column (result, 1), 1), 9.0, 1e-12);
  g_assert_true (sonde_data_grid_get_table (SONDE_DATA_GRID (sonde_query_pane_get_grid (f->pane))) == result);

  /* The grid takes the focus and says what came back. */
  g_assert_true (focus_of (f) == sonde_query_pane_get_grid (f->pane));
}

static void
test_syntax_error (Fixture       *f,
                   gconstpointer  data)
{
  GtkWidget *focus;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (sonde_query_pane_get_editor (f->pane)));
  GtkTextIter cursor;

  run (f, "SELECT score,\n  nope FROM exam");
  g_assert_null (sonde_query_pane_get_result (f->pane));
  focus = focus_of (f);
  g_assert_true (GTK_IS_LABEL (focus));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (focus)), ==,
                   "Line 2, column 3: no such column: nope. The editor’s cursor is there: Alt+S goes to it.");
  gtk_text_buffer_get_iter_at_mark (buffer, &cursor, gtk_text_buffer_get_insert (buffer));
  g_assert_cmpint (gtk_text_iter_get_line (&cursor), ==, 1);
  g_assert_cmpint (gtk_text_iter_get_line_offset (&cursor), ==, 2);
}

static void
test_write_refused (Fixture       *f,
                    gconstpointer  data)
{
  GtkWidget *focus;

  run (f, "DROP TABLE exam");
  focus = focus_of (f);
  g_assert_true (GTK_IS_LABEL (focus));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (focus)), "can only read"));
  g_assert_cmpuint (sonde_table_get_n_rows (f->table), ==, 10);
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(SondeTable) big = sonde_table_new ("big");
  g_autoptr(SondeColumn) x = sonde_column_new ("x", SONDE_COLUMN_TYPE_INTEGER);
  GtkWidget *focus;

  for (gint64 i = 0; i < 3000; i++)
    sonde_column_append_integer (x, i);
  g_assert_true (sonde_table_add_column (big, x, NULL));
  g_list_store_append (f->datasets, big);

  sonde_query_pane_set_sql (f->pane, "SELECT COUNT(*) FROM big AS a, big AS b, big AS c WHERE a.x + b.x = c.x");
  gtk_widget_activate_action (GTK_WIDGET (f->pane), "query.run", NULL);
  g_assert_true (sonde_query_pane_is_busy (f->pane));
  g_usleep (100 * G_TIME_SPAN_MILLISECOND);
  gtk_widget_activate_action (GTK_WIDGET (f->pane), "query.cancel", NULL);
  wait_idle (f);

  focus = focus_of (f);
  g_assert_true (GTK_IS_LABEL (focus));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (focus)), "cancelled"));
}

static void
test_save_result (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(SondeTable) saved = NULL;
  g_autofree char *refused = NULL;
  g_autofree char *nothing = NULL;

  nothing = sonde_query_pane_save_result (f->pane, "means");
  g_assert_nonnull (nothing);

  run (f, "SELECT \"group\", AVG(score) AS mean FROM exam GROUP BY \"group\"");
  refused = sonde_query_pane_save_result (f->pane, "exam");
  g_assert_nonnull (strstr (refused, "already called"));
  g_assert_null (sonde_query_pane_save_result (f->pane, "means"));

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->datasets)), ==, 2);
  saved = g_list_model_get_item (G_LIST_MODEL (f->datasets), 1);
  g_assert_cmpstr (sonde_table_get_name (saved), ==, "means");
  g_assert_cmpuint (sonde_table_get_n_rows (saved), ==, 2);
  /* The confirmation takes the focus so that Orca says it. */
  g_assert_true (GTK_IS_LABEL (focus_of (f)));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (focus_of (f))), "“means”"));
}

static void
test_saved_queries (Fixture       *f,
                    gconstpointer  data)
{
  const char *names[] = { "first", "second", NULL };
  const char *sqls[] = { "SELECT 1", "SELECT 2", NULL };
  g_autofree char *sql = NULL;

  sonde_query_pane_set_sql (f->pane, "SELECT MAX(score) FROM exam");
  sonde_query_pane_save_query (f->pane, "best");
  g_assert_cmpuint (sonde_query_pane_get_n_saved_queries (f->pane), ==, 1);
  g_assert_cmpuint (f->n_changed, ==, 1);

  /* The same name replaces. */
  sonde_query_pane_set_sql (f->pane, "SELECT MIN(score) FROM exam");
  sonde_query_pane_save_query (f->pane, "best");
  g_assert_cmpuint (sonde_query_pane_get_n_saved_queries (f->pane), ==, 1);
  g_assert_cmpstr (sonde_query_pane_get_saved_query_sql (f->pane, 0), ==, "SELECT MIN(score) FROM exam");
  g_assert_cmpuint (f->n_changed, ==, 2);

  sonde_query_pane_set_sql (f->pane, "");
  sonde_query_pane_load_saved_query (f->pane, 0);
  sql = sonde_query_pane_get_sql (f->pane);
  g_assert_cmpstr (sql, ==, "SELECT MIN(score) FROM exam");
  g_assert_true (focus_of (f) == sonde_query_pane_get_editor (f->pane));

  sonde_query_pane_remove_saved_query (f->pane, 0);
  g_assert_cmpuint (sonde_query_pane_get_n_saved_queries (f->pane), ==, 0);
  g_assert_cmpuint (f->n_changed, ==, 3);

  /* As a project opens: no "changed". */
  sonde_query_pane_set_saved_queries (f->pane, names, sqls);
  g_assert_cmpuint (sonde_query_pane_get_n_saved_queries (f->pane), ==, 2);
  g_assert_cmpstr (sonde_query_pane_get_saved_query_name (f->pane, 1), ==, "second");
  g_assert_cmpuint (f->n_changed, ==, 3);
}

static void
test_loading_dataset_waits (Fixture       *f,
                            gconstpointer  data)
{
  GtkWidget *focus;

  sonde_dataset_mark_loading (f->table, 10000000);
  run (f, "SELECT COUNT(*) FROM exam");
  g_assert_null (sonde_query_pane_get_result (f->pane));
  focus = focus_of (f);
  g_assert_true (GTK_IS_LABEL (focus));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (focus)), "still being read"));
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
  g_test_add ("/query-pane/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("editor", test_editor);
  ADD ("run-shows-result", test_run_shows_result);
  ADD ("syntax-error", test_syntax_error);
  ADD ("write-refused", test_write_refused);
  ADD ("cancel", test_cancel);
  ADD ("save-result", test_save_result);
  ADD ("saved-queries", test_saved_queries);
  ADD ("loading-dataset-waits", test_loading_dataset_waits);
#undef ADD

  return g_test_run ();
}
