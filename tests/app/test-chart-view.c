/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-chart-view"

/* In-process checks of SondeChartView with GTK's test accessibility
 * backend (GTK_A11Y=test): the role, the label and description Orca 43
 * speaks, every cursor key (sent through the view's own shortcut table,
 * as test-data-grid.c does), the label changing on an edge, the spoken
 * summaries, and the tones a series is played with. No test makes sound:
 * the tone sequence is checked through sonde_chart_view_compute_tones().
 * Runs on the test display (tests/with-xvfb).
 */

#include "config.h"

#include <locale.h>
#include <math.h>

#include <adwaita.h>

#include "sonde-chart-view.h"

typedef struct
{
  GtkWidget      *window;
  SondeChartView *view;
  SondeChart     *chart;
} Fixture;

/* Two series over x = 1..5: "up" rises 10, 20, 40, 30, 50; "down" falls
 * 9, 7, 8, 3, 1. */
static SondeChart *
make_chart (void)
{
  static const double x[] = { 1, 2, 3, 4, 5 };
  static const double up[] = { 10, 20, 40, 30, 50 };
  static const double down[] = { 9, 7, 8, 3, 1 };
  SondeChart *chart = sonde_chart_new (SONDE_CHART_LINE);

  sonde_chart_add_series (chart, "up", x, up, 5);
  sonde_chart_add_series (chart, "down", x, down, 5);
  sonde_chart_set_axis_labels (chart, "day", "value");
  sonde_chart_set_title (chart, "Values");
  return chart;
}

static void
wait_for_allocation (GtkWidget *widget)
{
  while (!gtk_widget_get_mapped (widget) || gtk_widget_get_height (widget) == 0)
    g_main_context_iteration (NULL, TRUE);
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

static void
fixture_set_up (Fixture      *f,
                gconstpointer data)
{
  f->chart = make_chart ();
  f->view = SONDE_CHART_VIEW (sonde_chart_view_new (f->chart));
  f->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (f->window), 640, 480);
  gtk_window_set_child (GTK_WINDOW (f->window), GTK_WIDGET (f->view));
  gtk_window_present (GTK_WINDOW (f->window));
  wait_for_allocation (GTK_WIDGET (f->view));
}

static void
fixture_tear_down (Fixture      *f,
                   gconstpointer data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_assert_finalize_object (f->chart);
}

/* Activates the view's shortcut for @keyval + @modifiers; %FALSE when it
 * has none (the key goes on to the window, as Tab does). */
static gboolean
press (SondeChartView  *view,
       guint            keyval,
       GdkModifierType  modifiers)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (view));
  g_autoptr(GtkShortcutTrigger) wanted = gtk_keyval_trigger_new (keyval, modifiers);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;

      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);

          if (gtk_shortcut_trigger_equal (gtk_shortcut_get_trigger (shortcut), wanted))
            return gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut),
                                                 GTK_SHORTCUT_ACTION_EXCLUSIVE,
                                                 GTK_WIDGET (view),
                                                 gtk_shortcut_get_arguments (shortcut));
        }
    }

  return FALSE;
}

/* The item of @series at @index, in reading order. */
static guint
item_of (SondeChart *chart,
         guint       series,
         guint       index)
{
  for (guint i = 0; i < sonde_chart_get_n_items (chart); i++)
    {
      SondeChartItem item;

      g_assert_true (sonde_chart_get_item (chart, i, &item));
      if (item.series == series && item.index == index)
        return i;
    }
  g_assert_not_reached ();
}

static void
assert_at (Fixture *f,
           guint    item)
{
  g_autofree char *expected = sonde_chart_describe_item (f->chart, item);

  g_assert_cmpint (sonde_chart_view_get_cursor (f->view), ==, (int) item);
  gtk_test_accessible_assert_property (f->view, GTK_ACCESSIBLE_PROPERTY_LABEL, expected);
}

static void
test_role_and_label (Fixture      *f,
                     gconstpointer data)
{
  g_autofree char *overview = sonde_chart_describe (f->chart, SONDE_CHART_DETAIL_OVERVIEW);
  g_autofree char *statistics = sonde_chart_describe (f->chart, SONDE_CHART_DETAIL_STATISTICS);

  gtk_test_accessible_assert_role (f->view, GTK_ACCESSIBLE_ROLE_IMG);
  g_assert_true (gtk_widget_get_focusable (GTK_WIDGET (f->view)));
  g_assert_cmpint (sonde_chart_view_get_cursor (f->view), ==, -1);
  gtk_test_accessible_assert_property (f->view, GTK_ACCESSIBLE_PROPERTY_LABEL, "Values");
  gtk_test_accessible_assert_property (f->view, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, overview);
  g_assert_nonnull (strstr (sonde_chart_view_get_caption (f->view), overview));
  g_assert_nonnull (strstr (sonde_chart_view_get_caption (f->view), statistics));
  g_assert_true (sonde_chart_view_get_chart (f->view) == f->chart);
  g_assert_cmpfloat (sonde_chart_view_get_text_scale (f->view), >, 0.0);
  g_assert_cmpint (sonde_chart_view_get_theme (f->view), <, SONDE_THEME_N_THEMES);
}

static void
test_item_sentence (Fixture      *f,
                    gconstpointer data)
{
  g_autofree char *first = NULL;

  g_assert_true (press (f->view, GDK_KEY_Right, 0));
  first = sonde_chart_describe_item (f->chart, 0);
  g_assert_cmpstr (first, ==, "up, 1: 10, 1 of 10");
  gtk_test_accessible_assert_property (f->view, GTK_ACCESSIBLE_PROPERTY_LABEL, "up, 1: 10, 1 of 10");
}

static void
test_arrows (Fixture      *f,
             gconstpointer data)
{
  guint n = sonde_chart_get_n_items (f->chart);
  g_autofree char *edge = NULL;
  g_autofree char *first = sonde_chart_describe_item (f->chart, 0);

  g_assert_cmpuint (n, ==, 10);

  /* The first key lands on the first item. */
  g_assert_true (press (f->view, GDK_KEY_Right, 0));
  assert_at (f, 0);
  g_assert_true (press (f->view, GDK_KEY_Right, 0));
  assert_at (f, 1);
  g_assert_true (press (f->view, GDK_KEY_Left, 0));
  assert_at (f, 0);

  /* At an edge the cursor stays and the label changes all the same. */
  g_assert_true (press (f->view, GDK_KEY_Left, 0));
  g_assert_cmpint (sonde_chart_view_get_cursor (f->view), ==, 0);
  edge = g_strconcat (first, " ", NULL);
  gtk_test_accessible_assert_property (f->view, GTK_ACCESSIBLE_PROPERTY_LABEL, edge);
  g_assert_true (press (f->view, GDK_KEY_Left, 0));
  gtk_test_accessible_assert_property (f->view, GTK_ACCESSIBLE_PROPERTY_LABEL, first);

  g_assert_true (press (f->view, GDK_KEY_End, 0));
  assert_at (f, n - 1);
  g_assert_true (press (f->view, GDK_KEY_Right, 0));
  g_assert_cmpint (sonde_chart_view_get_cursor (f->view), ==, (int) n - 1);
  g_assert_true (press (f->view, GDK_KEY_Home, 0));
  assert_at (f, 0);
  g_assert_true (press (f->view, GDK_KEY_KP_End, 0));
  assert_at (f, n - 1);

  /* Tab is not taken: it leaves the chart. */
  g_assert_false (press (f->view, GDK_KEY_Tab, 0));
}

static void
test_series (Fixture      *f,
             gconstpointer data)
{
  sonde_chart_view_set_cursor (f->view, item_of (f->chart, 0, 2));
  assert_at (f, item_of (f->chart, 0, 2));

  /* Down keeps the position along x in the next series. */
  g_assert_true (press (f->view, GDK_KEY_Down, 0));
  assert_at (f, item_of (f->chart, 1, 2));
  /* No series below the last: the cursor stays. */
  g_assert_true (press (f->view, GDK_KEY_Down, 0));
  g_assert_cmpint (sonde_chart_view_get_cursor (f->view), ==, (int) item_of (f->chart, 1, 2));
  g_assert_true (press (f->view, GDK_KEY_Up, 0));
  assert_at (f, item_of (f->chart, 0, 2));
  g_assert_true (press (f->view, GDK_KEY_Up, 0));
  g_assert_cmpint (sonde_chart_view_get_cursor (f->view), ==, (int) item_of (f->chart, 0, 2));
}

static void
test_extremes (Fixture      *f,
               gconstpointer data)
{
  /* Before any move, the extremes of the whole chart. */
  g_assert_true (press (f->view, GDK_KEY_bracketright, 0));
  assert_at (f, item_of (f->chart, 0, 4)); /* 50 */
  g_assert_true (press (f->view, GDK_KEY_bracketleft, 0));
  assert_at (f, item_of (f->chart, 0, 0)); /* 10, lowest of "up" */

  /* Then within the series under the cursor. */
  sonde_chart_view_set_cursor (f->view, item_of (f->chart, 1, 1));
  g_assert_true (press (f->view, GDK_KEY_Page_Up, 0));
  assert_at (f, item_of (f->chart, 1, 0)); /* 9 */
  g_assert_true (press (f->view, GDK_KEY_Page_Down, 0));
  assert_at (f, item_of (f->chart, 1, 4)); /* 1 */
}

#define HELP "Left and Right: previous and next value. Up and Down: other series. " \
  "Home and End: first and last. Page Up or ]: highest, Page Down or [: lowest. " \
  "Enter: say again. T: trends. Ctrl+I: statistics. " \
  "P: play or pause the series as sound, + and -: speed. S: tones while moving. " \
  "Tab: leave the chart."

static void
test_speech_keys (Fixture      *f,
                  gconstpointer data)
{
  g_autofree char *trends = sonde_chart_describe (f->chart, SONDE_CHART_DETAIL_TRENDS);
  g_autofree char *statistics = sonde_chart_describe (f->chart, SONDE_CHART_DETAIL_STATISTICS);
  g_autofree char *item = NULL;
  g_autofree char *again = NULL;

  g_assert_true (press (f->view, GDK_KEY_t, 0));
  gtk_test_accessible_assert_property (f->view, GTK_ACCESSIBLE_PROPERTY_LABEL, trends);
  g_assert_true (press (f->view, GDK_KEY_i, GDK_CONTROL_MASK));
  gtk_test_accessible_assert_property (f->view, GTK_ACCESSIBLE_PROPERTY_LABEL, statistics);

  /* Enter says the item again, with a changed label each time. */
  sonde_chart_view_set_cursor (f->view, 3);
  item = sonde_chart_describe_item (f->chart, 3);
  again = g_strconcat (item, " ", NULL);
  g_assert_true (press (f->view, GDK_KEY_Return, 0));
  gtk_test_accessible_assert_property (f->view, GTK_ACCESSIBLE_PROPERTY_LABEL, again);
  g_assert_true (press (f->view, GDK_KEY_space, 0));
  gtk_test_accessible_assert_property (f->view, GTK_ACCESSIBLE_PROPERTY_LABEL, item);

  g_assert_true (press (f->view, GDK_KEY_h, 0));
  gtk_test_accessible_assert_property (f->view, GTK_ACCESSIBLE_PROPERTY_LABEL, HELP);
  g_assert_true (press (f->view, GDK_KEY_question, 0));
  gtk_test_accessible_assert_property (f->view, GTK_ACCESSIBLE_PROPERTY_LABEL, HELP " ");
  g_assert_cmpint (sonde_chart_view_get_cursor (f->view), ==, 3);
}

static void
test_sound_keys_without_sound (Fixture      *f,
                                gconstpointer data)
{
  g_assert_cmpuint (sonde_chart_view_get_step_ms (f->view), ==, 150);
  g_assert_true (press (f->view, GDK_KEY_plus, 0));
  g_assert_cmpuint (sonde_chart_view_get_step_ms (f->view), ==, 100);
  gtk_test_accessible_assert_property (f->view, GTK_ACCESSIBLE_PROPERTY_LABEL, "100 milliseconds a value");
  g_assert_true (press (f->view, GDK_KEY_minus, 0));
  g_assert_cmpuint (sonde_chart_view_get_step_ms (f->view), ==, 150);
  for (int i = 0; i < 20; i++)
    g_assert_true (press (f->view, GDK_KEY_minus, 0));
  g_assert_cmpuint (sonde_chart_view_get_step_ms (f->view), ==, 800);

  g_assert_false (sonde_chart_view_get_step_tones (f->view));
  g_assert_false (sonde_chart_view_get_playing (f->view));
}

/* P never crashes: without a sound device (CI) the label says so, and
 * with one the series plays and P pauses it. */
static void
test_play (Fixture      *f,
           gconstpointer data)
{
  sonde_chart_view_set_cursor (f->view, 0);
  g_assert_true (press (f->view, GDK_KEY_p, 0));
  if (sonde_chart_view_get_playing (f->view))
    {
      g_autofree char *item = NULL;
      g_autofree char *paused = NULL;

      gtk_test_accessible_assert_property (f->view, GTK_ACCESSIBLE_PROPERTY_LABEL, "Playing series 1 of 2");
      g_assert_true (press (f->view, GDK_KEY_p, 0));
      g_assert_false (sonde_chart_view_get_playing (f->view));
      item = sonde_chart_describe_item (f->chart, (guint) sonde_chart_view_get_cursor (f->view));
      paused = g_strdup_printf ("Paused: %s", item);
      gtk_test_accessible_assert_property (f->view, GTK_ACCESSIBLE_PROPERTY_LABEL, paused);
    }
  else
    {
      g_test_message ("no sound device here");
      gtk_test_accessible_assert_property (f->view, GTK_ACCESSIBLE_PROPERTY_LABEL, "No sound device");
      g_assert_true (press (f->view, GDK_KEY_s, 0));
      g_assert_false (sonde_chart_view_get_step_tones (f->view));
      gtk_test_accessible_assert_property (f->view, GTK_ACCESSIBLE_PROPERTY_LABEL, "No sound device ");
    }
}

static void
test_focus_ring (Fixture      *f,
                 gconstpointer data)
{
  GtkSnapshot *snapshot;
  cairo_rectangle_t rect;

  gtk_widget_grab_focus (GTK_WIDGET (f->view));
  g_assert_true (gtk_widget_is_focus (GTK_WIDGET (f->view)));
  sonde_chart_view_set_cursor (f->view, 2);

  snapshot = gtk_snapshot_new ();
  GTK_WIDGET_GET_CLASS (f->view)->snapshot (GTK_WIDGET (f->view), snapshot);
  gsk_render_node_unref (gtk_snapshot_free_to_node (snapshot));

  /* The render left the item boxes for the ring, inside the widget. */
  g_assert_true (sonde_chart_get_item_rect (f->chart, 2, &rect));
  g_assert_cmpfloat (rect.x, >=, 0);
  g_assert_cmpfloat (rect.y, >=, 0);
  g_assert_cmpfloat (rect.x + rect.width, <=, gtk_widget_get_width (GTK_WIDGET (f->view)));
  g_assert_cmpfloat (rect.y + rect.height, <=, gtk_widget_get_height (GTK_WIDGET (f->view)));
}

static void
test_tones (void)
{
  g_autoptr(SondeChart) chart = make_chart ();
  g_autofree SondeChartTone *up = NULL;
  g_autofree SondeChartTone *down = NULL;
  g_autofree SondeChartTone *none = NULL;
  guint n = 0;

  up = sonde_chart_view_compute_tones (chart, 0, &n);
  g_assert_nonnull (up);
  g_assert_cmpuint (n, ==, 5);
  /* 10, 20, 40, 30, 50 over 10..50: 220 * 4^((v - 10) / 40) Hz, so
   * 220, 311.13, 622.25, 440, 880 (python3: 220 * 4 ** ((v - 10) / 40)). */
  g_assert_cmpfloat_with_epsilon (up[0].frequency, 220.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (up[1].frequency, 311.1270, 1e-3);
  g_assert_cmpfloat_with_epsilon (up[2].frequency, 622.2540, 1e-3);
  g_assert_cmpfloat_with_epsilon (up[3].frequency, 440.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (up[4].frequency, 880.0, 1e-9);
  /* Pan follows x from -1 to +1. */
  g_assert_cmpfloat_with_epsilon (up[0].pan, -1.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (up[1].pan, -0.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (up[2].pan, 0.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (up[4].pan, 1.0, 1e-12);
  for (guint k = 0; k < n; k++)
    g_assert_cmpuint (up[k].item, ==, item_of (chart, 0, k));

  /* A falling series falls in pitch. */
  down = sonde_chart_view_compute_tones (chart, 1, &n);
  g_assert_cmpuint (n, ==, 5);
  g_assert_cmpfloat_with_epsilon (down[0].frequency, 880.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (down[4].frequency, 220.0, 1e-9);
  g_assert_cmpfloat (down[3].frequency, <, down[2].frequency);

  none = sonde_chart_view_compute_tones (chart, 7, &n);
  g_assert_null (none);
  g_assert_cmpuint (n, ==, 0);
}

static void
test_increasing_and_constant (void)
{
  static const double y[] = { 1, 2, 3, 4, 5, 6, 7, 8 };
  static const double flat[] = { 3, 3, 3 };
  g_autoptr(SondeChart) rising = sonde_chart_new (SONDE_CHART_LINE);
  g_autoptr(SondeChart) constant = sonde_chart_new (SONDE_CHART_LINE);
  g_autofree SondeChartTone *tones = NULL;
  g_autofree SondeChartTone *flat_tones = NULL;
  guint n = 0;

  sonde_chart_add_series (rising, "y", y, y, 8);
  tones = sonde_chart_view_compute_tones (rising, 0, &n);
  g_assert_cmpuint (n, ==, 8);
  for (guint k = 1; k < n; k++)
    {
      g_assert_cmpfloat (tones[k].frequency, >, tones[k - 1].frequency);
      g_assert_cmpfloat (tones[k].pan, >, tones[k - 1].pan);
      /* Equal steps of value are equal musical intervals. */
      if (k > 1)
        g_assert_cmpfloat_with_epsilon (tones[k].frequency / tones[k - 1].frequency,
                                        tones[k - 1].frequency / tones[k - 2].frequency, 1e-9);
    }
  g_assert_cmpfloat_with_epsilon (tones[0].pan, -1.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (tones[n - 1].pan, 1.0, 1e-12);

  sonde_chart_add_series (constant, "flat", NULL, flat, 3);
  flat_tones = sonde_chart_view_compute_tones (constant, 0, &n);
  g_assert_cmpuint (n, ==, 3);
  for (guint k = 0; k < n; k++)
    g_assert_cmpfloat_with_epsilon (flat_tones[k].frequency, 440.0, 1e-9);
}

static void
test_no_chart (void)
{
  GtkWidget *view = g_object_ref_sink (sonde_chart_view_new (NULL));

  gtk_test_accessible_assert_role (view, GTK_ACCESSIBLE_ROLE_IMG);
  gtk_test_accessible_assert_property (view, GTK_ACCESSIBLE_PROPERTY_LABEL, "No chart");
  g_assert_true (press (SONDE_CHART_VIEW (view), GDK_KEY_Right, 0));
  gtk_test_accessible_assert_property (view, GTK_ACCESSIBLE_PROPERTY_LABEL, "No items");
  g_assert_finalize_object (view);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  /* Expected strings below are in English with English numbers. */
  if (setlocale (LC_NUMERIC, "en_US.UTF-8") == NULL)
    g_error ("the tests need the en_US.UTF-8 locale");

#define ADD(path, func) \
  g_test_add ("/app/chart-view/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("role-and-label", test_role_and_label);
  ADD ("item-sentence", test_item_sentence);
  ADD ("arrows", test_arrows);
  ADD ("series", test_series);
  ADD ("extremes", test_extremes);
  ADD ("speech-keys", test_speech_keys);
  ADD ("sound-keys", test_sound_keys_without_sound);
  ADD ("focus-ring", test_focus_ring);
  ADD ("play", test_play);
#undef ADD
  g_test_add_func ("/app/chart-view/tones", test_tones);
  g_test_add_func ("/app/chart-view/tones-increasing", test_increasing_and_constant);
  g_test_add_func ("/app/chart-view/no-chart", test_no_chart);

  return g_test_run ();
}
