/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sonde-chart-view"

/* SondeChartView shows one SondeChart and makes it usable without seeing
 * it: a keyboard cursor over the chart's items in reading order, spoken
 * through the accessible label, a visible caption with the summary, and
 * sonification of a series with GStreamer.
 *
 * The chart is drawn with cairo (gtk_snapshot_append_cairo) at the
 * widget's size, in the SondeTheme that matches libadwaita's dark and
 * high-contrast state (and Sonde's own high-contrast preference, which
 * libadwaita 1.2 does not know about), with text scaled by gtk-xft-dpi as
 * the data grid's fonts are. Charts have at most some thousands of items,
 * so every render draws the whole chart.
 *
 * Accessibility (role IMG; see BRIEF.md for what Orca 43 does on GTK 4.8):
 * the LABEL starts as the chart's title and becomes the sentence of the
 * item under the cursor on each move; the DESCRIPTION is the overview and
 * never changes while the chart stays, so Orca speaks one thing per key.
 * When a key leaves the cursor where it was, the label still changes (a
 * trailing space) so the user hears that the key was taken.
 *
 * Sound: `audiotestsrc ! audiopanorama ! autoaudiosink`, built on first
 * use; pitch follows the value (220 to 880 Hz, logarithmic), pan follows
 * x. A machine without a sound device (CI, tests) gets "No sound device"
 * in the label, never a crash; the tone sequence itself is computed by
 * sonde_chart_view_compute_tones(), which needs no audio.
 */

#include "config.h"

#include <math.h>

#include <adwaita.h>
#include <glib/gi18n.h>
#include <gst/gst.h>

#include "sonde-application.h"
#include "sonde-chart-view.h"

#define CHART_MIN_WIDTH      240
#define CHART_NAT_WIDTH      480
#define CHART_MIN_HEIGHT     160
#define CHART_NAT_HEIGHT     320
#define CAPTION_SPACING      8
#define RING_WIDTH           3.0
#define RING_GAP             3.0
#define STEP_MS_DEFAULT      150
#define STEP_MS_MIN          40
#define STEP_MS_MAX          800
#define STEP_TONE_MS         90
#define TONE_VOLUME          0.3

typedef enum
{
  MOVE_PREVIOUS,
  MOVE_NEXT,
  MOVE_FIRST,
  MOVE_LAST,
  MOVE_SERIES_PREVIOUS,
  MOVE_SERIES_NEXT,
  MOVE_MINIMUM,
  MOVE_MAXIMUM,
} MoveStep;

struct _SondeChartView
{
  GtkWidget       parent_instance;

  SondeChart     *chart;
  GtkWidget      *caption;
  char           *caption_text;
  char           *label;
  int             cursor;       /* an item, or -1 before the first move */
  double          chart_height; /* of the last allocation */

  /* Sound */
  GstElement     *pipeline;
  GstElement     *source;
  GstElement     *panorama;
  guint           bus_watch;
  guint           play_source;
  guint           tone_source;
  SondeChartTone *tones;
  guint           n_tones;
  guint           tone_position;
  guint           step_ms;
  guint           playing : 1;
  guint           step_tones : 1;
  guint           sound_failed : 1;
};

G_DEFINE_FINAL_TYPE (SondeChartView, sonde_chart_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CHART,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void stop_playing (SondeChartView *self);

/* Tones */

static gboolean
is_matrix (SondeChart *chart)
{
  SondeChartKind kind = sonde_chart_get_kind (chart);

  return kind == SONDE_CHART_HEATMAP || kind == SONDE_CHART_CONFUSION;
}

/**
 * sonde_chart_view_compute_tones:
 * @chart: a chart
 * @series: the series to play
 * @n_tones: (out): the number of tones
 *
 * The sound of one series, item by item in reading order: the pitch
 * rises with the value from 220 Hz (the series' minimum) to 880 Hz (its
 * maximum) on a logarithmic scale, so equal steps of value sound as equal
 * intervals; a constant series sits at 440 Hz. The pan runs from -1 for
 * the smallest x to +1 for the largest (by order when x does not vary).
 * Missing values get frequency 0.
 *
 * Returns: (transfer full) (array length=n_tones) (nullable): the tones,
 *   or %NULL when the series has no item
 */
SondeChartTone *
sonde_chart_view_compute_tones (SondeChart *chart,
                                guint       series,
                                guint      *n_tones)
{
  guint n_items;
  GArray *tones;
  double vmin = INFINITY, vmax = -INFINITY, xmin = INFINITY, xmax = -INFINITY;
  gboolean x_usable = TRUE;
  gpointer result;

  g_return_val_if_fail (SONDE_IS_CHART (chart), NULL);
  g_return_val_if_fail (n_tones != NULL, NULL);

  *n_tones = 0;
  n_items = sonde_chart_get_n_items (chart);
  tones = g_array_new (FALSE, TRUE, sizeof (SondeChartTone));

  for (guint i = 0; i < n_items; i++)
    {
      SondeChartItem item;
      SondeChartTone tone = { i, 0, 0 };

      if (!sonde_chart_get_item (chart, i, &item) || item.series != series)
        continue;
      if (isfinite (item.value))
        {
          vmin = MIN (vmin, item.value);
          vmax = MAX (vmax, item.value);
        }
      if (isfinite (item.x))
        {
          xmin = MIN (xmin, item.x);
          xmax = MAX (xmax, item.x);
        }
      else
        x_usable = FALSE;
      g_array_append_val (tones, tone);
    }

  if (tones->len == 0)
    {
      g_array_unref (tones);
      return NULL;
    }

  x_usable = x_usable && xmax > xmin;

  for (guint k = 0; k < tones->len; k++)
    {
      SondeChartTone *tone = &g_array_index (tones, SondeChartTone, k);
      SondeChartItem item;

      sonde_chart_get_item (chart, tone->item, &item);

      if (!isfinite (item.value))
        tone->frequency = 0.0;
      else if (vmax > vmin)
        tone->frequency = SONDE_CHART_TONE_MIN_HZ *
                          pow (SONDE_CHART_TONE_MAX_HZ / SONDE_CHART_TONE_MIN_HZ,
                               (item.value - vmin) / (vmax - vmin));
      else
        tone->frequency = sqrt (SONDE_CHART_TONE_MIN_HZ * SONDE_CHART_TONE_MAX_HZ);

      if (x_usable)
        tone->pan = -1.0 + 2.0 * (item.x - xmin) / (xmax - xmin);
      else if (tones->len > 1)
        tone->pan = -1.0 + 2.0 * k / (tones->len - 1);
      else
        tone->pan = 0.0;
    }

  *n_tones = tones->len;
  /* g_array_free() returns a char pointer to memory GArray aligned for
   * its elements. */
  result = g_array_free (tones, FALSE);
  return result;
}

/* Accessibility */

static void
set_label (SondeChartView *self,
           const char     *label)
{
  g_free (self->label);
  self->label = g_strdup (label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
}

/**
 * sonde_chart_view_announce:
 * @self: a #SondeChartView
 * @text: what to say, already translated
 *
 * Makes a screen reader say @text while the view has focus, by setting
 * it as the accessible label (what Orca 43 speaks on GTK 4.8). When @text
 * equals the current label a space is appended so that the label still
 * changes. On GTK 4.14 and later the text is also announced directly.
 */
void
sonde_chart_view_announce (SondeChartView *self,
                           const char     *text)
{
  g_return_if_fail (SONDE_IS_CHART_VIEW (self));
  g_return_if_fail (text != NULL);

  if (g_strcmp0 (text, self->label) == 0)
    {
      g_autofree char *changed = g_strconcat (text, " ", NULL);

      set_label (self, changed);
    }
  else
    set_label (self, text);

#if GTK_CHECK_VERSION (4, 14, 0)
  gtk_accessible_announce (GTK_ACCESSIBLE (self), text, GTK_ACCESSIBLE_ANNOUNCEMENT_PRIORITY_MEDIUM);
#endif
}

static const char *
chart_title (SondeChartView *self)
{
  const char *title;

  if (self->chart == NULL)
    return _("No chart");
  title = sonde_chart_get_title (self->chart);
  if (title == NULL || *title == '\0')
    return _("Chart");
  return title;
}

/* Sets the label, description and caption for a new chart. The label and
 * the description change together only here, when the chart itself
 * changes, not while the user explores it. */
static void
update_accessible (SondeChartView *self)
{
  g_autofree char *overview = NULL;
  g_autofree char *statistics = NULL;

  g_clear_pointer (&self->caption_text, g_free);

  if (self->chart != NULL)
    {
      overview = sonde_chart_describe (self->chart, SONDE_CHART_DETAIL_OVERVIEW);
      statistics = sonde_chart_describe (self->chart, SONDE_CHART_DETAIL_STATISTICS);
    }

  if (overview != NULL && statistics != NULL && *statistics != '\0')
    self->caption_text = g_strconcat (overview, " ", statistics, NULL);
  else if (overview != NULL)
    self->caption_text = g_strdup (overview);
  else
    self->caption_text = g_strdup ("");

  gtk_label_set_text (GTK_LABEL (self->caption), self->caption_text);
  gtk_widget_set_visible (self->caption, *self->caption_text != '\0');

  set_label (self, chart_title (self));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  overview != NULL ? overview : "",
                                  -1);
}

/* Sound */

static void
sound_failed (SondeChartView *self)
{
  stop_playing (self);
  self->sound_failed = TRUE;
  self->step_tones = FALSE;
  if (self->pipeline != NULL)
    gst_element_set_state (self->pipeline, GST_STATE_NULL);
}

static gboolean
bus_message_cb (GstBus         *bus,
                GstMessage     *message,
                SondeChartView *self)
{
  if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR)
    {
      g_autoptr(GError) error = NULL;

      gst_message_parse_error (message, &error, NULL);
      g_debug ("Sound stopped: %s", error != NULL ? error->message : "?");
      sound_failed (self);
      sonde_chart_view_announce (self, _("No sound device"));
    }

  return G_SOURCE_CONTINUE;
}

/* TRUE when autoaudiosink found nothing better than a fakesink, which
 * newer GStreamer uses rather than failing. */
static gboolean
sink_is_fake (GstElement *sink)
{
  g_autoptr(GstIterator) iter = NULL;
  GValue value = G_VALUE_INIT;
  gboolean fake = FALSE;

  if (!GST_IS_BIN (sink))
    return FALSE;

  iter = gst_bin_iterate_sinks (GST_BIN (sink));
  while (gst_iterator_next (iter, &value) == GST_ITERATOR_OK)
    {
      GstElement *child = g_value_get_object (&value);
      GstElementFactory *factory = gst_element_get_factory (child);

      if (factory != NULL &&
          g_strcmp0 (gst_plugin_feature_get_name (GST_PLUGIN_FEATURE (factory)), "fakesink") == 0)
        fake = TRUE;
      g_value_reset (&value);
    }
  g_value_unset (&value);

  return fake;
}

/* Builds the pipeline on first use and readies the sink. Returns FALSE
 * (once and for all) when there is no way to make sound. */
static gboolean
ensure_pipeline (SondeChartView *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GstElement) sink = NULL;
  g_autoptr(GstBus) bus = NULL;

  if (self->sound_failed)
    return FALSE;
  if (self->pipeline != NULL)
    return TRUE;

  if (!gst_init_check (NULL, NULL, &error))
    {
      g_debug ("No GStreamer: %s", error->message);
      self->sound_failed = TRUE;
      return FALSE;
    }

  self->pipeline = gst_parse_launch ("audiotestsrc name=source wave=sine is-live=true volume=0 "
                                     "! audiopanorama name=panorama "
                                     "! autoaudiosink name=sink",
                                     &error);
  if (self->pipeline == NULL || error != NULL)
    {
      g_debug ("No sound pipeline: %s", error != NULL ? error->message : "?");
      g_clear_object (&self->pipeline);
      self->sound_failed = TRUE;
      return FALSE;
    }
  gst_object_ref_sink (self->pipeline);

  self->source = gst_bin_get_by_name (GST_BIN (self->pipeline), "source");
  self->panorama = gst_bin_get_by_name (GST_BIN (self->pipeline), "panorama");
  sink = gst_bin_get_by_name (GST_BIN (self->pipeline), "sink");

  bus = gst_element_get_bus (self->pipeline);
  self->bus_watch = gst_bus_add_watch (bus, (GstBusFunc) bus_message_cb, self);

  if (gst_element_set_state (self->pipeline, GST_STATE_READY) == GST_STATE_CHANGE_FAILURE ||
      sink == NULL || sink_is_fake (sink))
    {
      sound_failed (self);
      return FALSE;
    }

  return TRUE;
}

static void
sound_tone (SondeChartView       *self,
            const SondeChartTone *tone)
{
  g_object_set (self->source,
                "freq", tone->frequency > 0 ? tone->frequency : SONDE_CHART_TONE_MIN_HZ,
                "volume", tone->frequency > 0 ? TONE_VOLUME : 0.0,
                NULL);
  g_object_set (self->panorama, "panorama", (float) CLAMP (tone->pan, -1.0, 1.0), NULL);
}

static gboolean
start_sound (SondeChartView *self)
{
  if (!ensure_pipeline (self))
    return FALSE;
  if (gst_element_set_state (self->pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      sound_failed (self);
      return FALSE;
    }
  return TRUE;
}

static void
silence (SondeChartView *self)
{
  if (self->pipeline != NULL && !self->sound_failed)
    {
      g_object_set (self->source, "volume", 0.0, NULL);
      gst_element_set_state (self->pipeline, GST_STATE_PAUSED);
    }
}

static gboolean
step_tone_done_cb (gpointer data)
{
  SondeChartView *self = data;

  self->tone_source = 0;
  if (!self->playing)
    silence (self);
  return G_SOURCE_REMOVE;
}

/* The tone of the item under the cursor, while stepping. Returns FALSE
 * when the sound failed (and step tones are now off). */
static gboolean
play_step_tone (SondeChartView *self)
{
  g_autofree SondeChartTone *tones = NULL;
  SondeChartItem item;
  guint n = 0;

  if (!self->step_tones || self->playing || self->chart == NULL || self->cursor < 0)
    return TRUE;
  if (!sonde_chart_get_item (self->chart, (guint) self->cursor, &item))
    return TRUE;

  tones = sonde_chart_view_compute_tones (self->chart, item.series, &n);
  if (!start_sound (self))
    return FALSE;
  for (guint k = 0; k < n; k++)
    if (tones[k].item == (guint) self->cursor)
      sound_tone (self, &tones[k]);

  g_clear_handle_id (&self->tone_source, g_source_remove);
  self->tone_source = g_timeout_add (STEP_TONE_MS, step_tone_done_cb, self);
  return TRUE;
}

/* Cursor */

static void
queue_draw_cursor (SondeChartView *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
say_cursor (SondeChartView *self)
{
  g_autofree char *text = NULL;

  if (self->chart == NULL || self->cursor < 0)
    {
      sonde_chart_view_announce (self, chart_title (self));
      return;
    }

  text = sonde_chart_describe_item (self->chart, (guint) self->cursor);
  if (text == NULL)
    return;

  if (!play_step_tone (self))
    {
      g_autofree char *with_error = NULL;

      /* Translators: an item of a chart followed by an error, as in
       * "March 2024: 30, 3 of 6. No sound device." */
      with_error = g_strdup_printf (_("%s. No sound device."), text);
      sonde_chart_view_announce (self, with_error);
      return;
    }

  sonde_chart_view_announce (self, text);
}

/* Moves the cursor to @item and says where it is, or says the current
 * item again when @item is where it already was (an edge). */
static void
move_cursor_to (SondeChartView *self,
                guint           item)
{
  if (self->chart == NULL || item >= sonde_chart_get_n_items (self->chart))
    return;

  if (self->playing)
    stop_playing (self);

  self->cursor = (int) item;
  queue_draw_cursor (self);
  say_cursor (self);
}

static int
find_extreme (SondeChartView *self,
              gboolean        maximum)
{
  guint n = sonde_chart_get_n_items (self->chart);
  SondeChartItem current;
  gboolean whole_chart;
  int best = -1;
  double best_value = 0;

  whole_chart = is_matrix (self->chart) || self->cursor < 0 ||
                !sonde_chart_get_item (self->chart, (guint) self->cursor, &current);

  for (guint i = 0; i < n; i++)
    {
      SondeChartItem item;

      if (!sonde_chart_get_item (self->chart, i, &item) || !isfinite (item.value))
        continue;
      if (!whole_chart && item.series != current.series)
        continue;
      if (best < 0 || (maximum ? item.value > best_value : item.value < best_value))
        {
          best = (int) i;
          best_value = item.value;
        }
    }

  return best;
}

/* The item of the neighbouring series (the next series number up or
 * down that has items) at the same position, or the nearest position. */
static int
find_series_neighbour (SondeChartView *self,
                       gboolean        next)
{
  guint n = sonde_chart_get_n_items (self->chart);
  SondeChartItem current;
  gboolean found = FALSE;
  guint target = 0;
  int best = -1;
  guint best_distance = G_MAXUINT;

  if (!sonde_chart_get_item (self->chart, (guint) self->cursor, &current))
    return -1;

  for (guint i = 0; i < n; i++)
    {
      SondeChartItem item;

      if (!sonde_chart_get_item (self->chart, i, &item))
        continue;
      if (next ? item.series > current.series : item.series < current.series)
        {
          if (!found || (next ? item.series < target : item.series > target))
            target = item.series;
          found = TRUE;
        }
    }
  if (!found)
    return self->cursor;

  for (guint i = 0; i < n; i++)
    {
      SondeChartItem item;
      guint distance;

      if (!sonde_chart_get_item (self->chart, i, &item) || item.series != target)
        continue;
      distance = item.index > current.index ? item.index - current.index : current.index - item.index;
      if (distance < best_distance)
        {
          best = (int) i;
          best_distance = distance;
        }
    }

  return best;
}

static void
move_cursor (SondeChartView *self,
             MoveStep        step)
{
  guint n;
  int target;

  if (self->chart == NULL || (n = sonde_chart_get_n_items (self->chart)) == 0)
    {
      sonde_chart_view_announce (self, _("No items"));
      return;
    }

  /* Before the first move every key lands on the first item. */
  if (self->cursor < 0 && step != MOVE_LAST && step != MOVE_MINIMUM && step != MOVE_MAXIMUM)
    {
      move_cursor_to (self, 0);
      return;
    }

  switch (step)
    {
    case MOVE_PREVIOUS:
      target = MAX (self->cursor - 1, 0);
      break;
    case MOVE_NEXT:
      target = MIN (self->cursor + 1, (int) n - 1);
      break;
    case MOVE_FIRST:
      target = 0;
      break;
    case MOVE_LAST:
      target = (int) n - 1;
      break;
    case MOVE_SERIES_PREVIOUS:
      target = find_series_neighbour (self, FALSE);
      break;
    case MOVE_SERIES_NEXT:
      target = find_series_neighbour (self, TRUE);
      break;
    case MOVE_MINIMUM:
      target = find_extreme (self, FALSE);
      break;
    case MOVE_MAXIMUM:
      target = find_extreme (self, TRUE);
      break;
    default:
      g_assert_not_reached ();
    }

  if (target < 0)
    target = MAX (self->cursor, 0);
  move_cursor_to (self, (guint) target);
}

/* Playing */

static void
stop_playing (SondeChartView *self)
{
  g_clear_handle_id (&self->play_source, g_source_remove);
  g_clear_pointer (&self->tones, g_free);
  self->n_tones = 0;
  self->playing = FALSE;
  silence (self);
}

static void
schedule_play (SondeChartView *self);

static gboolean
play_tick_cb (gpointer data)
{
  SondeChartView *self = data;

  self->play_source = 0;

  if (self->tone_position >= self->n_tones)
    {
      stop_playing (self);
      sonde_chart_view_announce (self, _("End of series"));
      return G_SOURCE_REMOVE;
    }

  sound_tone (self, &self->tones[self->tone_position]);
  /* The ring follows the sound; the label stays, or Orca would talk over
   * every note. */
  self->cursor = (int) self->tones[self->tone_position].item;
  queue_draw_cursor (self);
  self->tone_position++;
  schedule_play (self);

  return G_SOURCE_REMOVE;
}

static void
schedule_play (SondeChartView *self)
{
  g_clear_handle_id (&self->play_source, g_source_remove);
  self->play_source = g_timeout_add (self->step_ms, play_tick_cb, self);
}

static void
toggle_playing (SondeChartView *self)
{
  SondeChartItem item;
  guint series = 0;

  if (self->playing)
    {
      g_autofree char *where = NULL;
      g_autofree char *text = NULL;

      stop_playing (self);
      if (self->cursor >= 0)
        where = sonde_chart_describe_item (self->chart, (guint) self->cursor);
      if (where != NULL)
        /* Translators: said when the sound of a chart pauses, followed by
         * the item it paused on: "Paused: March 2024: 30, 3 of 6" */
        text = g_strdup_printf (_("Paused: %s"), where);
      sonde_chart_view_announce (self, text != NULL ? text : _("Paused"));
      return;
    }

  if (self->chart == NULL || sonde_chart_get_n_items (self->chart) == 0)
    {
      sonde_chart_view_announce (self, _("No items"));
      return;
    }

  if (self->cursor >= 0 && sonde_chart_get_item (self->chart, (guint) self->cursor, &item))
    series = item.series;
  else if (sonde_chart_get_item (self->chart, 0, &item))
    series = item.series;

  self->tones = sonde_chart_view_compute_tones (self->chart, series, &self->n_tones);
  self->tone_position = 0;
  for (guint k = 0; k < self->n_tones; k++)
    if ((int) self->tones[k].item == self->cursor)
      self->tone_position = k;
  /* At the end of the series, play it again from its start. */
  if (self->n_tones > 0 && self->tone_position == self->n_tones - 1)
    self->tone_position = 0;

  g_clear_handle_id (&self->tone_source, g_source_remove);
  if (self->n_tones == 0 || !start_sound (self))
    {
      stop_playing (self);
      sonde_chart_view_announce (self, _("No sound device"));
      return;
    }

  self->playing = TRUE;
  play_tick_cb (self);
  {
    g_autofree char *text = NULL;
    guint n_series = 0;

    for (guint i = 0; i < sonde_chart_get_n_items (self->chart); i++)
      if (sonde_chart_get_item (self->chart, i, &item))
        n_series = MAX (n_series, item.series + 1);

    if (n_series > 1)
      /* Translators: said when the sound of one series of a chart starts */
      text = g_strdup_printf (_("Playing series %u of %u"), series + 1, n_series);
    sonde_chart_view_announce (self, text != NULL ? text : _("Playing"));
  }
}

static void
change_speed (SondeChartView *self,
              gboolean        faster)
{
  g_autofree char *text = NULL;
  guint ms = faster ? self->step_ms * 2 / 3 : self->step_ms * 3 / 2;

  self->step_ms = CLAMP (ms, STEP_MS_MIN, STEP_MS_MAX);
  /* Translators: the speed of the chart sound, in milliseconds a value */
  text = g_strdup_printf (_("%u milliseconds a value"), self->step_ms);
  sonde_chart_view_announce (self, text);
}

/* Actions */

static void
move_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  move_cursor (SONDE_CHART_VIEW (widget), (MoveStep) g_variant_get_int32 (parameter));
}

static void
repeat_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  say_cursor (SONDE_CHART_VIEW (widget));
}

static void
describe_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  SondeChartView *self = SONDE_CHART_VIEW (widget);
  g_autofree char *text = NULL;

  if (self->chart == NULL)
    return;
  text = sonde_chart_describe (self->chart, (SondeChartDetail) g_variant_get_int32 (parameter));
  if (text == NULL || *text == '\0')
    {
      g_free (text);
      text = g_strdup (_("Nothing more to say"));
    }
  sonde_chart_view_announce (self, text);
}

static void
help_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  sonde_chart_view_announce (SONDE_CHART_VIEW (widget),
                             _("Left and Right: previous and next value. Up and Down: other series. "
                               "Home and End: first and last. Page Up or ]: highest, Page Down or [: lowest. "
                               "Enter: say again. T: trends. Ctrl+I: statistics. "
                               "P: play or pause the series as sound, + and -: speed. S: tones while moving. "
                               "Tab: leave the chart."));
}

static void
play_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  toggle_playing (SONDE_CHART_VIEW (widget));
}

static void
speed_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  change_speed (SONDE_CHART_VIEW (widget), g_variant_get_boolean (parameter));
}

static void
step_tones_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  SondeChartView *self = SONDE_CHART_VIEW (widget);

  if (self->sound_failed)
    {
      sonde_chart_view_announce (self, _("No sound device"));
      return;
    }
  self->step_tones = !self->step_tones;
  sonde_chart_view_announce (self, self->step_tones ? _("Tones on") : _("Tones off"));
}

/* Drawing */

static SondeTheme
compute_theme (SondeChartView *self)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();
  GApplication *app = g_application_get_default ();
  gboolean dark = adw_style_manager_get_dark (manager);
  gboolean high_contrast = adw_style_manager_get_high_contrast (manager);

  /* Sonde's own preference loads libadwaita's high-contrast stylesheet
   * behind the style manager's back (see sonde-application.c). */
  if (!high_contrast && app != NULL && SONDE_IS_APPLICATION (app))
    {
      GSettings *settings = sonde_application_get_settings (SONDE_APPLICATION (app));

      if (settings != NULL)
        high_contrast = g_settings_get_boolean (settings, "high-contrast");
    }

  if (high_contrast)
    return dark ? SONDE_THEME_HIGH_CONTRAST_DARK : SONDE_THEME_HIGH_CONTRAST_LIGHT;
  return dark ? SONDE_THEME_DARK : SONDE_THEME_LIGHT;
}

static GdkRGBA
accent_color (SondeChartView *self)
{
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (self));
  GdkRGBA accent;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  /* accent_color keeps 3:1 against the view background in light, dark
   * and high contrast. */
  if (!gtk_style_context_lookup_color (context, "accent_color", &accent) &&
      !gtk_style_context_lookup_color (context, "accent_bg_color", &accent))
    gtk_style_context_get_color (context, &accent);
  G_GNUC_END_IGNORE_DEPRECATIONS

  return accent;
}

static void
draw_ring (cairo_t        *cr,
           double          x,
           double          y,
           double          w,
           double          h,
           const SondeRgb *halo,
           const GdkRGBA  *color)
{
  cairo_save (cr);
  cairo_rectangle (cr, x, y, w, h);
  /* A halo in the background colour keeps the ring visible over marks of
   * any colour. */
  cairo_set_source_rgb (cr, halo->red, halo->green, halo->blue);
  cairo_set_line_width (cr, RING_WIDTH + 2);
  cairo_stroke_preserve (cr);
  gdk_cairo_set_source_rgba (cr, color);
  cairo_set_line_width (cr, RING_WIDTH);
  cairo_stroke (cr);
  cairo_restore (cr);
}

static void
sonde_chart_view_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  SondeChartView *self = SONDE_CHART_VIEW (widget);
  double width = gtk_widget_get_width (widget);
  double height = self->chart_height;
  SondeTheme theme;
  SondeRgb background;
  GdkRGBA ring;
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    goto caption;

  theme = compute_theme (self);
  background = sonde_theme_get_background (theme, 0);
  if (theme == SONDE_THEME_HIGH_CONTRAST_LIGHT || theme == SONDE_THEME_HIGH_CONTRAST_DARK)
    {
      SondeRgb fg = sonde_theme_get_foreground (theme);

      ring = (GdkRGBA) { fg.red, fg.green, fg.blue, 1.0f };
    }
  else
    ring = accent_color (self);

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (self->chart != NULL)
    {
      cairo_rectangle_t rect;

      cairo_save (cr);
      sonde_chart_render (self->chart, cr, width, height, theme,
                          sonde_chart_view_get_text_scale (self));
      cairo_restore (cr);

      if (gtk_widget_has_focus (widget))
        {
          if (self->cursor >= 0 && sonde_chart_get_item_rect (self->chart, (guint) self->cursor, &rect))
            draw_ring (cr,
                       rect.x - RING_GAP, rect.y - RING_GAP,
                       rect.width + 2 * RING_GAP, rect.height + 2 * RING_GAP,
                       &background, &ring);
          else
            draw_ring (cr, RING_WIDTH / 2, RING_WIDTH / 2,
                       width - RING_WIDTH, height - RING_WIDTH, &background, &ring);
        }
    }
  else if (gtk_widget_has_focus (widget))
    draw_ring (cr, RING_WIDTH / 2, RING_WIDTH / 2,
               width - RING_WIDTH, height - RING_WIDTH, &background, &ring);
  cairo_destroy (cr);

caption:
  if (gtk_widget_get_visible (self->caption))
    gtk_widget_snapshot_child (widget, self->caption, snapshot);
}

/* Size */

static void
sonde_chart_view_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  SondeChartView *self = SONDE_CHART_VIEW (widget);
  double scale = sonde_chart_view_get_text_scale (self);
  int cap_min = 0, cap_nat = 0;

  if (gtk_widget_get_visible (self->caption))
    gtk_widget_measure (self->caption, orientation, for_size, &cap_min, &cap_nat, NULL, NULL);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = MAX ((int) (CHART_MIN_WIDTH * scale), cap_min);
      *natural = MAX ((int) (CHART_NAT_WIDTH * scale), *minimum);
    }
  else
    {
      int spacing = gtk_widget_get_visible (self->caption) ? CAPTION_SPACING : 0;

      *minimum = (int) (CHART_MIN_HEIGHT * scale) + spacing + cap_min;
      *natural = (int) (CHART_NAT_HEIGHT * scale) + spacing + cap_nat;
    }
}

static void
sonde_chart_view_size_allocate (GtkWidget *widget,
                                int        width,
                                int        height,
                                int        baseline)
{
  SondeChartView *self = SONDE_CHART_VIEW (widget);
  int cap_min = 0, cap_nat = 0;
  int chart_height = height;

  if (gtk_widget_get_visible (self->caption))
    {
      int min_chart = (int) (CHART_MIN_HEIGHT * sonde_chart_view_get_text_scale (self));
      int cap_height;

      gtk_widget_measure (self->caption, GTK_ORIENTATION_VERTICAL, width, &cap_min, &cap_nat, NULL, NULL);
      /* The caption gets its natural height while the chart keeps its
       * minimum, its minimum after that. */
      cap_height = MAX (cap_min, MIN (cap_nat, height - min_chart - CAPTION_SPACING));
      chart_height = MAX (0, height - cap_height - CAPTION_SPACING);
      gtk_widget_allocate (self->caption, width, cap_height, -1,
                           gsk_transform_translate (NULL, &GRAPHENE_POINT_INIT (0, chart_height + CAPTION_SPACING)));
    }

  self->chart_height = chart_height;
}

static GtkSizeRequestMode
sonde_chart_view_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

/* Focus: the view itself is the one focus stop; the caption is text. */
static gboolean
sonde_chart_view_focus (GtkWidget        *widget,
                        GtkDirectionType  direction)
{
  if (gtk_widget_is_focus (widget) || !gtk_widget_get_focusable (widget))
    return FALSE;
  return gtk_widget_grab_focus (widget);
}

static void
sonde_chart_view_state_flags_changed (GtkWidget     *widget,
                                      GtkStateFlags  previous)
{
  GtkStateFlags now = gtk_widget_get_state_flags (widget);

  if ((now ^ previous) & (GTK_STATE_FLAG_FOCUSED | GTK_STATE_FLAG_FOCUS_VISIBLE | GTK_STATE_FLAG_FOCUS_WITHIN))
    gtk_widget_queue_draw (widget);
  if ((previous & GTK_STATE_FLAG_FOCUSED) && !(now & GTK_STATE_FLAG_FOCUSED))
    {
      SondeChartView *self = SONDE_CHART_VIEW (widget);

      if (self->playing)
        stop_playing (self);
    }

  GTK_WIDGET_CLASS (sonde_chart_view_parent_class)->state_flags_changed (widget, previous);
}

static void
sonde_chart_view_css_changed (GtkWidget         *widget,
                              GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (sonde_chart_view_parent_class)->css_changed (widget, change);
  /* Dark and high contrast arrive as style changes. */
  gtk_widget_queue_draw (widget);
}

static void
sonde_chart_view_system_setting_changed (GtkWidget         *widget,
                                         GtkSystemSetting   setting)
{
  GTK_WIDGET_CLASS (sonde_chart_view_parent_class)->system_setting_changed (widget, setting);
  if (setting == GTK_SYSTEM_SETTING_DPI || setting == GTK_SYSTEM_SETTING_FONT_NAME)
    gtk_widget_queue_resize (widget);
}

/* Pointer */

static void
pressed_cb (GtkGestureClick *gesture,
            int              n_press,
            double           x,
            double           y,
            SondeChartView  *self)
{
  guint n;

  gtk_widget_grab_focus (GTK_WIDGET (self));
  if (self->chart == NULL)
    return;

  n = sonde_chart_get_n_items (self->chart);
  for (guint i = 0; i < n; i++)
    {
      cairo_rectangle_t rect;

      if (sonde_chart_get_item_rect (self->chart, i, &rect) &&
          x >= rect.x - RING_GAP && x <= rect.x + rect.width + RING_GAP &&
          y >= rect.y - RING_GAP && y <= rect.y + rect.height + RING_GAP)
        {
          move_cursor_to (self, i);
          return;
        }
    }
}

/* GObject */

static void
sonde_chart_view_dispose (GObject *object)
{
  SondeChartView *self = SONDE_CHART_VIEW (object);

  stop_playing (self);
  g_clear_handle_id (&self->tone_source, g_source_remove);
  g_clear_handle_id (&self->bus_watch, g_source_remove);
  if (self->pipeline != NULL)
    gst_element_set_state (self->pipeline, GST_STATE_NULL);
  g_clear_object (&self->source);
  g_clear_object (&self->panorama);
  g_clear_object (&self->pipeline);
  g_clear_pointer (&self->caption, gtk_widget_unparent);
  g_clear_object (&self->chart);

  G_OBJECT_CLASS (sonde_chart_view_parent_class)->dispose (object);
}

static void
sonde_chart_view_finalize (GObject *object)
{
  SondeChartView *self = SONDE_CHART_VIEW (object);

  g_free (self->label);
  g_free (self->caption_text);

  G_OBJECT_CLASS (sonde_chart_view_parent_class)->finalize (object);
}

static void
sonde_chart_view_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  SondeChartView *self = SONDE_CHART_VIEW (object);

  switch (prop_id)
    {
    case PROP_CHART:
      g_value_set_object (value, self->chart);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sonde_chart_view_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  SondeChartView *self = SONDE_CHART_VIEW (object);

  switch (prop_id)
    {
    case PROP_CHART:
      sonde_chart_view_set_chart (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
add_move_binding (GtkWidgetClass *widget_class,
                  guint           keyval,
                  guint           keypad_keyval,
                  MoveStep        step)
{
  gtk_widget_class_add_binding_action (widget_class, keyval, 0, "chart.move", "i", (int) step);
  if (keypad_keyval != 0)
    gtk_widget_class_add_binding_action (widget_class, keypad_keyval, 0, "chart.move", "i", (int) step);
}

static void
sonde_chart_view_class_init (SondeChartViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sonde_chart_view_dispose;
  object_class->finalize = sonde_chart_view_finalize;
  object_class->get_property = sonde_chart_view_get_property;
  object_class->set_property = sonde_chart_view_set_property;

  widget_class->snapshot = sonde_chart_view_snapshot;
  widget_class->measure = sonde_chart_view_measure;
  widget_class->size_allocate = sonde_chart_view_size_allocate;
  widget_class->get_request_mode = sonde_chart_view_get_request_mode;
  widget_class->focus = sonde_chart_view_focus;
  widget_class->state_flags_changed = sonde_chart_view_state_flags_changed;
  widget_class->css_changed = sonde_chart_view_css_changed;
  widget_class->system_setting_changed = sonde_chart_view_system_setting_changed;

  /**
   * SondeChartView:chart:
   *
   * The chart shown, or %NULL.
   */
  properties[PROP_CHART] =
    g_param_spec_object ("chart", NULL, NULL,
                         SONDE_TYPE_CHART,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "chart.move", "i", move_action);
  gtk_widget_class_install_action (widget_class, "chart.repeat", NULL, repeat_action);
  gtk_widget_class_install_action (widget_class, "chart.describe", "i", describe_action);
  gtk_widget_class_install_action (widget_class, "chart.help", NULL, help_action);
  gtk_widget_class_install_action (widget_class, "chart.play", NULL, play_action);
  gtk_widget_class_install_action (widget_class, "chart.speed", "b", speed_action);
  gtk_widget_class_install_action (widget_class, "chart.step-tones", NULL, step_tones_action);

  add_move_binding (widget_class, GDK_KEY_Left, GDK_KEY_KP_Left, MOVE_PREVIOUS);
  add_move_binding (widget_class, GDK_KEY_Right, GDK_KEY_KP_Right, MOVE_NEXT);
  add_move_binding (widget_class, GDK_KEY_Up, GDK_KEY_KP_Up, MOVE_SERIES_PREVIOUS);
  add_move_binding (widget_class, GDK_KEY_Down, GDK_KEY_KP_Down, MOVE_SERIES_NEXT);
  add_move_binding (widget_class, GDK_KEY_Home, GDK_KEY_KP_Home, MOVE_FIRST);
  add_move_binding (widget_class, GDK_KEY_End, GDK_KEY_KP_End, MOVE_LAST);
  add_move_binding (widget_class, GDK_KEY_Page_Up, GDK_KEY_KP_Page_Up, MOVE_MAXIMUM);
  add_move_binding (widget_class, GDK_KEY_Page_Down, GDK_KEY_KP_Page_Down, MOVE_MINIMUM);
  add_move_binding (widget_class, GDK_KEY_bracketright, 0, MOVE_MAXIMUM);
  add_move_binding (widget_class, GDK_KEY_bracketleft, 0, MOVE_MINIMUM);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, 0, "chart.repeat", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, 0, "chart.repeat", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_space, 0, "chart.repeat", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_t, 0, "chart.describe", "i",
                                       (int) SONDE_CHART_DETAIL_TRENDS);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_T, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "chart.describe", "i", (int) SONDE_CHART_DETAIL_TRENDS);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_i, GDK_CONTROL_MASK, "chart.describe", "i",
                                       (int) SONDE_CHART_DETAIL_STATISTICS);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_h, 0, "chart.help", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_question, 0, "chart.help", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, 0, "chart.play", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, 0, "chart.step-tones", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, 0, "chart.speed", "b", TRUE);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, 0, "chart.speed", "b", TRUE);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, 0, "chart.speed", "b", TRUE);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, 0, "chart.speed", "b", FALSE);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, 0, "chart.speed", "b", FALSE);

  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
  gtk_widget_class_set_css_name (widget_class, "chartview");
}

static void
sonde_chart_view_init (SondeChartView *self)
{
  GtkGesture *click;

  self->cursor = -1;
  self->step_ms = STEP_MS_DEFAULT;

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);

  /* The caption says for the eye what the description says for the ear:
   * a presentation role keeps it from being a second copy in the tree. */
  self->caption = g_object_new (GTK_TYPE_LABEL,
                                "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                                NULL);
  gtk_label_set_wrap (GTK_LABEL (self->caption), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (self->caption), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (self->caption), 0.0f);
  gtk_widget_set_can_focus (self->caption, FALSE);
  gtk_widget_add_css_class (self->caption, "caption");
  gtk_widget_set_margin_start (self->caption, 12);
  gtk_widget_set_margin_end (self->caption, 12);
  gtk_widget_set_margin_bottom (self->caption, 6);
  gtk_widget_set_parent (self->caption, GTK_WIDGET (self));

  click = gtk_gesture_click_new ();
  g_signal_connect (click, "pressed", G_CALLBACK (pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  update_accessible (self);
}

/* Public */

/**
 * sonde_chart_view_new:
 * @chart: (nullable): the chart to show
 *
 * A focusable view of @chart, of accessible role IMG.
 *
 * Returns: (transfer floating): a new #SondeChartView
 */
GtkWidget *
sonde_chart_view_new (SondeChart *chart)
{
  g_return_val_if_fail (chart == NULL || SONDE_IS_CHART (chart), NULL);

  return g_object_new (SONDE_TYPE_CHART_VIEW, "chart", chart, NULL);
}

/**
 * sonde_chart_view_get_chart:
 * @self: a #SondeChartView
 *
 * Returns: (transfer none) (nullable): the chart shown
 */
SondeChart *
sonde_chart_view_get_chart (SondeChartView *self)
{
  g_return_val_if_fail (SONDE_IS_CHART_VIEW (self), NULL);

  return self->chart;
}

/**
 * sonde_chart_view_set_chart:
 * @self: a #SondeChartView
 * @chart: (nullable): the chart to show
 *
 * Shows @chart, puts the cursor before its first item and resets the
 * label to its title. A chart changed in place (series added) must be set
 * again, since charts do not signal changes.
 */
void
sonde_chart_view_set_chart (SondeChartView *self,
                            SondeChart     *chart)
{
  g_return_if_fail (SONDE_IS_CHART_VIEW (self));
  g_return_if_fail (chart == NULL || SONDE_IS_CHART (chart));

  stop_playing (self);
  if (chart != self->chart)
    {
      g_set_object (&self->chart, chart);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHART]);
    }
  self->cursor = -1;
  update_accessible (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

/**
 * sonde_chart_view_get_cursor:
 * @self: a #SondeChartView
 *
 * Returns: the item under the cursor, or -1 before the first move
 */
int
sonde_chart_view_get_cursor (SondeChartView *self)
{
  g_return_val_if_fail (SONDE_IS_CHART_VIEW (self), -1);

  return self->cursor;
}

/**
 * sonde_chart_view_set_cursor:
 * @self: a #SondeChartView
 * @item: an item, below sonde_chart_get_n_items(); larger values stand
 *   for the last item
 *
 * Moves the cursor and says the item, as a key would.
 */
void
sonde_chart_view_set_cursor (SondeChartView *self,
                             guint           item)
{
  guint n;

  g_return_if_fail (SONDE_IS_CHART_VIEW (self));

  if (self->chart == NULL || (n = sonde_chart_get_n_items (self->chart)) == 0)
    return;
  move_cursor_to (self, MIN (item, n - 1));
}

/**
 * sonde_chart_view_get_caption:
 * @self: a #SondeChartView
 *
 * Returns: the visible summary under the chart (overview and statistics)
 */
const char *
sonde_chart_view_get_caption (SondeChartView *self)
{
  g_return_val_if_fail (SONDE_IS_CHART_VIEW (self), NULL);

  return self->caption_text;
}

/**
 * sonde_chart_view_get_theme:
 * @self: a #SondeChartView
 *
 * Returns: the colours the chart is drawn in, from the style manager and
 *   Sonde's high-contrast preference
 */
SondeTheme
sonde_chart_view_get_theme (SondeChartView *self)
{
  g_return_val_if_fail (SONDE_IS_CHART_VIEW (self), SONDE_THEME_LIGHT);

  return compute_theme (self);
}

/**
 * sonde_chart_view_get_text_scale:
 * @self: a #SondeChartView
 *
 * Returns: the text size factor, gtk-xft-dpi over 96 dpi: 1.0 normally,
 *   2.0 with Sonde's largest text
 */
double
sonde_chart_view_get_text_scale (SondeChartView *self)
{
  GtkSettings *settings;
  int dpi = 0;

  g_return_val_if_fail (SONDE_IS_CHART_VIEW (self), 1.0);

  settings = gtk_widget_get_settings (GTK_WIDGET (self));
  if (settings != NULL)
    g_object_get (settings, "gtk-xft-dpi", &dpi, NULL);
  if (dpi <= 0)
    return 1.0;
  return CLAMP (dpi / (96.0 * 1024.0), 0.5, 4.0);
}

/**
 * sonde_chart_view_get_playing:
 * @self: a #SondeChartView
 *
 * Returns: whether a series is being played as sound
 */
gboolean
sonde_chart_view_get_playing (SondeChartView *self)
{
  g_return_val_if_fail (SONDE_IS_CHART_VIEW (self), FALSE);

  return self->playing;
}

/**
 * sonde_chart_view_get_step_tones:
 * @self: a #SondeChartView
 *
 * Returns: whether each move plays the item's tone (S toggles it)
 */
gboolean
sonde_chart_view_get_step_tones (SondeChartView *self)
{
  g_return_val_if_fail (SONDE_IS_CHART_VIEW (self), FALSE);

  return self->step_tones;
}

/**
 * sonde_chart_view_get_step_ms:
 * @self: a #SondeChartView
 *
 * Returns: how long each value sounds when a series plays, in ms
 */
guint
sonde_chart_view_get_step_ms (SondeChartView *self)
{
  g_return_val_if_fail (SONDE_IS_CHART_VIEW (self), STEP_MS_DEFAULT);

  return self->step_ms;
}
