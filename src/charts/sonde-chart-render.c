/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sonde-charts"

/* Drawing a SondeChart with cairo and Pango, on any cairo_t: an image
 * surface for PNG and the bench, SVG and PDF surfaces for export, and the
 * GTK widget's snapshot later on. Width and height are in the user units
 * of the cairo_t, so a caller draws at scale 2 by scaling the context.
 *
 * The layout is measured, not guessed: the title wraps, the legend flows
 * into rows, the y ticks are as many as fit two text lines apart, the x
 * ticks as many as fit their widest label, and category labels wrap to two
 * lines then ellipsize in their slot or are thinned to every other one.
 * So text never overlaps at any text scale (the tests draw at 200 % and
 * check every pair of label boxes). Colours come from the theme's palette
 * (marks 3:1 against the background, text 4.5:1), and colour is never the
 * only cue: series also differ by marker, dash pattern or hatching, and a
 * single series of bars carries its values as direct labels.
 *
 * Above SONDE_CHART_DENSITY_THRESHOLD points a scatter is binned into the
 * device pixels of the plot and drawn as one image, shade by density: a
 * million points draw in a few tens of milliseconds (bench/chart-scatter).
 * The rectangles of the items and of the labels are kept for
 * sonde_chart_get_item_rect() and the tests.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>

#include "sonde-chart-private.h"

#define BASE_FONT_PX 12.0
#define TITLE_FONT_PX 15.0
#define TICK_LEN 5.0
#define MARKER_RADIUS 3.5

typedef struct
{
  SondeChart           *chart;
  cairo_t              *cr;
  double                width;
  double                height;
  double                ts;
  SondeTheme            theme;
  SondeRgb              bg;
  SondeRgb              fg;
  SondeRgb              grid;
  PangoLayout          *layout;
  PangoFontDescription *font;
  PangoFontDescription *title_font;
  double                line_h;
  double                pad;

  /* The plot area. */
  double                px;
  double                py;
  double                pw;
  double                ph;

  gboolean              x_categorical;
  gboolean              y_categorical;
  guint                 n_xcat;
  guint                 n_ycat;
  guint                 x_label_stride;
  SondeChartAxis        xaxis;
  SondeChartAxis        yaxis;
  gboolean              value_labels;
} Ctx;

static void
set_rgb (cairo_t  *cr,
         SondeRgb  c)
{
  cairo_set_source_rgb (cr, c.red, c.green, c.blue);
}

static SondeRgb
mix (SondeRgb a,
     SondeRgb b,
     double   t)
{
  return (SondeRgb) { a.red + (b.red - a.red) * t, a.green + (b.green - a.green) * t, a.blue + (b.blue - a.blue) * t };
}

static void
record_text (Ctx    *ctx,
             double  x,
             double  y,
             double  w,
             double  h)
{
  cairo_rectangle_t r = { x, y, w, h };

  g_array_append_val (ctx->chart->text_rects, r);
}

static void
record_item (Ctx    *ctx,
             guint   index,
             double  x,
             double  y,
             double  w,
             double  h)
{
  cairo_rectangle_t r = { x, y, MAX (w, 1.0), MAX (h, 1.0) };

  if (w < 0)
    r.x += w, r.width = -w;
  if (h < 0)
    r.y += h, r.height = -h;
  if (index < ctx->chart->item_rects->len)
    g_array_index (ctx->chart->item_rects, cairo_rectangle_t, index) = r;
}

/* Sets the layout to @text in @font, wrapped to @max_width (none when
 * <= 0) over at most @max_lines lines, and returns its logical size. */
static void
set_text (Ctx                        *ctx,
          const char                 *text,
          const PangoFontDescription *font,
          double                      max_width,
          int                         max_lines,
          double                     *w,
          double                     *h)
{
  PangoRectangle logical;

  pango_layout_set_font_description (ctx->layout, font);
  pango_layout_set_text (ctx->layout, text, -1);
  if (max_width > 0)
    {
      pango_layout_set_width (ctx->layout, (int) (max_width * PANGO_SCALE));
      pango_layout_set_wrap (ctx->layout, PANGO_WRAP_WORD);
      pango_layout_set_ellipsize (ctx->layout, PANGO_ELLIPSIZE_END);
      pango_layout_set_height (ctx->layout, -MAX (max_lines, 1));
    }
  else
    {
      pango_layout_set_width (ctx->layout, -1);
      pango_layout_set_ellipsize (ctx->layout, PANGO_ELLIPSIZE_NONE);
      pango_layout_set_height (ctx->layout, -1);
    }
  pango_layout_get_extents (ctx->layout, NULL, &logical);
  /* A word longer than the width cannot wrap and would overflow: then one
   * ellipsized line it is. */
  if (max_width > 0 && logical.width > max_width * PANGO_SCALE + PANGO_SCALE / 2)
    {
      pango_layout_set_height (ctx->layout, -1);
      pango_layout_set_wrap (ctx->layout, PANGO_WRAP_CHAR);
      pango_layout_set_height (ctx->layout, 0);
      pango_layout_get_extents (ctx->layout, NULL, &logical);
    }
  *w = (double) logical.width / PANGO_SCALE;
  *h = (double) logical.height / PANGO_SCALE;
  /* Wrapped text may be narrower than its box; centre on what is drawn. */
  if (max_width > 0)
    pango_layout_set_alignment (ctx->layout, PANGO_ALIGN_CENTER);
}

static double
text_width (Ctx        *ctx,
            const char *text)
{
  double w, h;

  set_text (ctx, text, ctx->font, 0, 1, &w, &h);
  return w;
}

/* Draws @text with its box anchored at (@x, @y): @ax and @ay are 0 for
 * left/top, 0.5 for centre, 1 for right/bottom. Returns the box height. */
static double
draw_text (Ctx                        *ctx,
           const char                 *text,
           const PangoFontDescription *font,
           double                      x,
           double                      y,
           double                      ax,
           double                      ay,
           double                      max_width,
           int                         max_lines)
{
  double w, h, left, top;
  PangoRectangle logical;

  set_text (ctx, text, font, max_width, max_lines, &w, &h);
  pango_layout_get_extents (ctx->layout, NULL, &logical);
  /* With a set width, the logical box starts at its x offset. */
  left = x - ax * w;
  top = y - ay * h;
  set_rgb (ctx->cr, ctx->fg);
  cairo_move_to (ctx->cr, left - (double) logical.x / PANGO_SCALE, top - (double) logical.y / PANGO_SCALE);
  pango_cairo_show_layout (ctx->cr, ctx->layout);
  record_text (ctx, left, top, w, h);
  return h;
}

/* The y axis title, turned a quarter anticlockwise, centred on @cy. */
static void
draw_vertical_text (Ctx        *ctx,
                    const char *text,
                    double      x,
                    double      cy,
                    double      max_len)
{
  double w, h;
  PangoRectangle logical;

  set_text (ctx, text, ctx->font, max_len, 1, &w, &h);
  pango_layout_get_extents (ctx->layout, NULL, &logical);
  cairo_save (ctx->cr);
  cairo_translate (ctx->cr, x, cy + w / 2);
  cairo_rotate (ctx->cr, -G_PI / 2);
  set_rgb (ctx->cr, ctx->fg);
  cairo_move_to (ctx->cr, -(double) logical.x / PANGO_SCALE, -(double) logical.y / PANGO_SCALE);
  pango_cairo_show_layout (ctx->cr, ctx->layout);
  cairo_restore (ctx->cr);
  record_text (ctx, x, cy - w / 2, h, w);
}

static double
map_x (Ctx    *ctx,
       double  v)
{
  return ctx->px + (v - ctx->xaxis.min) / (ctx->xaxis.max - ctx->xaxis.min) * ctx->pw;
}

static double
map_y (Ctx    *ctx,
       double  v)
{
  return ctx->py + ctx->ph - (v - ctx->yaxis.min) / (ctx->yaxis.max - ctx->yaxis.min) * ctx->ph;
}

static double
slot_x (Ctx    *ctx,
        double  c)
{
  return ctx->px + (c + 0.5) * ctx->pw / MAX (ctx->n_xcat, 1);
}

static void
marker_path (cairo_t     *cr,
             SondeMarker  marker,
             double       x,
             double       y,
             double       r)
{
  switch (marker)
    {
    case SONDE_MARKER_SQUARE:
      cairo_rectangle (cr, x - r * 0.9, y - r * 0.9, r * 1.8, r * 1.8);
      break;
    case SONDE_MARKER_TRIANGLE:
      cairo_move_to (cr, x, y - r * 1.2);
      cairo_line_to (cr, x + r * 1.1, y + r * 0.8);
      cairo_line_to (cr, x - r * 1.1, y + r * 0.8);
      cairo_close_path (cr);
      break;
    case SONDE_MARKER_DIAMOND:
      cairo_move_to (cr, x, y - r * 1.3);
      cairo_line_to (cr, x + r * 1.1, y);
      cairo_line_to (cr, x, y + r * 1.3);
      cairo_line_to (cr, x - r * 1.1, y);
      cairo_close_path (cr);
      break;
    case SONDE_MARKER_CROSS:
      cairo_move_to (cr, x - r, y - r);
      cairo_line_to (cr, x + r, y + r);
      cairo_move_to (cr, x + r, y - r);
      cairo_line_to (cr, x - r, y + r);
      break;
    case SONDE_MARKER_PLUS:
      cairo_move_to (cr, x - r * 1.2, y);
      cairo_line_to (cr, x + r * 1.2, y);
      cairo_move_to (cr, x, y - r * 1.2);
      cairo_line_to (cr, x, y + r * 1.2);
      break;
    case SONDE_MARKER_STAR:
      for (int i = 0; i < 10; i++)
        {
          double a = -G_PI / 2 + i * G_PI / 5;
          double rr = i % 2 == 0 ? r * 1.3 : r * 0.55;

          if (i == 0)
            cairo_move_to (cr, x + rr * cos (a), y + rr * sin (a));
          else
            cairo_line_to (cr, x + rr * cos (a), y + rr * sin (a));
        }
      cairo_close_path (cr);
      break;
    case SONDE_MARKER_CIRCLE:
    case SONDE_MARKER_RING:
    default:
      cairo_new_sub_path (cr);
      cairo_arc (cr, x, y, r, 0, 2 * G_PI);
      break;
    }
}

/* A marker: outlined in the series colour (3:1 against the background),
 * filled lightly so that overlapping markers stay readable. Crosses, plus
 * signs and rings are strokes only. */
static void
draw_marker (Ctx         *ctx,
             SondeMarker  marker,
             SondeRgb     color,
             double       x,
             double       y,
             double       r)
{
  cairo_t *cr = ctx->cr;

  marker_path (cr, marker, x, y, r);
  if (marker != SONDE_MARKER_CROSS && marker != SONDE_MARKER_PLUS && marker != SONDE_MARKER_RING)
    {
      cairo_set_source_rgba (cr, color.red, color.green, color.blue, 0.35);
      cairo_fill_preserve (cr);
    }
  set_rgb (cr, color);
  cairo_set_line_width (cr, 1.5);
  cairo_stroke (cr);
}

static void
set_dashes (cairo_t *cr,
            guint    series,
            double   width)
{
  guint n = 0;
  const double *dashes = sonde_palette_get_dashes (series, &n);
  double scaled[8];

  n = MIN (n, G_N_ELEMENTS (scaled));
  for (guint i = 0; i < n; i++)
    scaled[i] = dashes[i] * width / 2;
  cairo_set_dash (cr, scaled, dashes[0] > 0 ? (int) n : 0, 0);
}

/* Hatching for bars of series 1, 2, 3… (series 0 is plain), in the
 * background colour over the fill: a second cue besides colour. */
static void
hatch (Ctx    *ctx,
       guint   series,
       double  x,
       double  y,
       double  w,
       double  h)
{
  cairo_t *cr = ctx->cr;
  guint kind = series % 4;
  double step = 6.0;

  if (kind == 0)
    return;

  cairo_save (cr);
  cairo_rectangle (cr, x, y, w, h);
  cairo_clip (cr);
  set_rgb (cr, ctx->bg);
  cairo_set_line_width (cr, 1.5);
  for (double d = -h; d < w + h; d += step)
    {
      if (kind == 1 || kind == 3)
        {
          cairo_move_to (cr, x + d, y + h);
          cairo_line_to (cr, x + d + h, y);
        }
      if (kind == 2 || kind == 3)
        {
          cairo_move_to (cr, x + d, y);
          cairo_line_to (cr, x + d + h, y + h);
        }
    }
  cairo_stroke (cr);
  cairo_restore (cr);
}

static void
fill_bar (Ctx      *ctx,
          guint     series,
          SondeRgb  color,
          double    x,
          double    y,
          double    w,
          double    h)
{
  cairo_t *cr = ctx->cr;

  if (h < 0)
    {
      y += h;
      h = -h;
    }
  cairo_rectangle (cr, x, y, w, h);
  set_rgb (cr, color);
  cairo_fill (cr);
  hatch (ctx, series, x, y, w, h);
  /* A hairline of background keeps neighbouring bars apart. */
  cairo_rectangle (cr, x, y, w, h);
  set_rgb (cr, ctx->bg);
  cairo_set_line_width (cr, 1.0);
  cairo_stroke (cr);
}

/* ---------------------------------------------------------------------- */
/* Layout                                                                  */

static gboolean
has_legend (SondeChart *chart)
{
  switch (chart->kind)
    {
    case SONDE_CHART_BAR:
    case SONDE_CHART_LINE:
    case SONDE_CHART_LEARNING:
      return chart->series->len > 1;
    case SONDE_CHART_SCATTER:
      return chart->series->len > 1 || chart->trend ||
             sonde_chart_n_points (chart) > SONDE_CHART_DENSITY_THRESHOLD;
    case SONDE_CHART_ROC:
      return TRUE;
    case SONDE_CHART_HISTOGRAM:
    case SONDE_CHART_BOX:
    case SONDE_CHART_HEATMAP:
    case SONDE_CHART_CONFUSION:
    case SONDE_CHART_PR:
    default:
      return FALSE;
    }
}

typedef enum
{
  SWATCH_BAR,
  SWATCH_LINE,
  SWATCH_MARKER,
  SWATCH_TREND,
  SWATCH_CHANCE,
  SWATCH_DENSITY,
} SwatchKind;

static void
draw_swatch (Ctx        *ctx,
             SwatchKind  kind,
             guint       series,
             double      x,
             double      y,
             double      w,
             double      h)
{
  cairo_t *cr = ctx->cr;
  SondeRgb color = sonde_palette_get_color (ctx->theme, series);

  cairo_save (cr);
  switch (kind)
    {
    case SWATCH_BAR:
      fill_bar (ctx, series, color, x, y + h * 0.1, w, h * 0.8);
      break;
    case SWATCH_LINE:
      set_rgb (cr, color);
      cairo_set_line_width (cr, 2.5);
      set_dashes (cr, series, 2.5);
      cairo_move_to (cr, x, y + h / 2);
      cairo_line_to (cr, x + w, y + h / 2);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
      draw_marker (ctx, sonde_palette_get_marker (series), color, x + w / 2, y + h / 2, MARKER_RADIUS);
      break;
    case SWATCH_MARKER:
      draw_marker (ctx, sonde_palette_get_marker (series), color, x + w / 2, y + h / 2, MARKER_RADIUS * 1.2);
      break;
    case SWATCH_TREND:
    case SWATCH_CHANCE:
      set_rgb (cr, ctx->fg);
      cairo_set_line_width (cr, 2.0);
      set_dashes (cr, kind == SWATCH_TREND ? 1 : 2, 2.0);
      cairo_move_to (cr, x, y + h / 2);
      cairo_line_to (cr, x + w, y + h / 2);
      cairo_stroke (cr);
      break;
    case SWATCH_DENSITY:
      for (int i = 0; i < 4; i++)
        {
          SondeRgb c = mix (sonde_palette_get_color (ctx->theme, 0), ctx->fg, i / 3.0);

          cairo_rectangle (cr, x + i * w / 4, y + h * 0.15, w / 4, h * 0.7);
          set_rgb (cr, c);
          cairo_fill (cr);
        }
      break;
    default:
      break;
    }
  cairo_restore (cr);
}

/* Flows the legend in rows below the title; returns its height. */
static double
draw_legend (Ctx      *ctx,
             double    top,
             gboolean  draw)
{
  SondeChart *chart = ctx->chart;
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  g_autoptr(GArray) kinds = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(GArray) series = g_array_new (FALSE, FALSE, sizeof (guint));
  double swatch_w = 2.2 * ctx->line_h;
  double gap = ctx->line_h;
  double row_h = ctx->line_h * 1.25;
  double x = ctx->pad, y = top;
  gboolean density = chart->kind == SONDE_CHART_SCATTER && sonde_chart_n_points (chart) > SONDE_CHART_DENSITY_THRESHOLD;

#define ADD(label, kind, s) G_STMT_START { int k_ = (kind); guint s_ = (s); \
    g_ptr_array_add (labels, (gpointer) (label)); g_array_append_val (kinds, k_); g_array_append_val (series, s_); } G_STMT_END

  if (density)
    ADD (_("Density: the stronger the shade, the more points"), SWATCH_DENSITY, 0);
  else if (chart->series->len > 1 || chart->kind == SONDE_CHART_ROC)
    for (guint s = 0; s < chart->series->len; s++)
      {
        SondeChartSeries *ser = g_ptr_array_index (chart->series, s);
        int kind = chart->kind == SONDE_CHART_BAR ? SWATCH_BAR : chart->kind == SONDE_CHART_SCATTER ? SWATCH_MARKER : SWATCH_LINE;

        ADD (ser->name != NULL ? ser->name : "", kind, s);
      }
  if (chart->kind == SONDE_CHART_SCATTER && chart->trend && chart->have_fit)
    ADD (_("Least-squares line"), SWATCH_TREND, 0);
  if (chart->kind == SONDE_CHART_ROC)
    ADD (_("Chance"), SWATCH_CHANCE, 0);
#undef ADD

  for (guint i = 0; i < labels->len; i++)
    {
      double max_text = ctx->width - 2 * ctx->pad - swatch_w - ctx->line_h * 0.4;
      double w, h, item_w;

      set_text (ctx, g_ptr_array_index (labels, i), ctx->font, 0, 1, &w, &h);
      w = MIN (w, max_text);
      item_w = swatch_w + ctx->line_h * 0.4 + w;
      if (x > ctx->pad && x + item_w > ctx->width - ctx->pad)
        {
          x = ctx->pad;
          y += row_h;
        }
      if (draw)
        {
          draw_swatch (ctx, g_array_index (kinds, int, i), g_array_index (series, guint, i),
                       x, y + (row_h - ctx->line_h) / 2, swatch_w, ctx->line_h);
          draw_text (ctx, g_ptr_array_index (labels, i), ctx->font,
                     x + swatch_w + ctx->line_h * 0.4, y + row_h / 2, 0, 0.5, w < max_text ? 0 : max_text, 1);
        }
      x += item_w + gap;
    }

  return labels->len > 0 ? y + row_h - top : 0;
}

/* The ranges of the axes, from the data. */
static void
data_ranges (Ctx    *ctx,
             double *xlo,
             double *xhi,
             double *ylo,
             double *yhi)
{
  SondeChart *chart = ctx->chart;

  *xlo = *xhi = *ylo = *yhi = NAN;
  switch (chart->kind)
    {
    case SONDE_CHART_HISTOGRAM:
      *xlo = g_array_index (chart->bin_edges, double, 0);
      *xhi = g_array_index (chart->bin_edges, double, chart->bin_edges->len - 1);
      *ylo = 0;
      *yhi = 0;
      for (guint i = 0; i < chart->entries->len; i++)
        *yhi = MAX (*yhi, g_array_index (chart->entries, SondeChartEntry, i).y);
      if (*yhi == 0)
        *yhi = 1;
      break;

    case SONDE_CHART_BAR:
      *ylo = 0;
      *yhi = 0;
      for (guint c = 0; c < chart->categories->len; c++)
        {
          double pos = 0, neg = 0;

          for (guint s = 0; s < chart->series->len; s++)
            {
              double v = sonde_chart_bar_value (chart, s, c);

              if (!isfinite (v))
                continue;
              if (chart->stacked)
                {
                  if (v >= 0)
                    pos += v;
                  else
                    neg += v;
                }
              else
                {
                  pos = MAX (pos, v);
                  neg = MIN (neg, v);
                }
            }
          *yhi = MAX (*yhi, pos);
          *ylo = MIN (*ylo, neg);
        }
      if (*yhi == *ylo)
        *yhi = *ylo + 1;
      break;

    case SONDE_CHART_BOX:
      *ylo = INFINITY;
      *yhi = -INFINITY;
      for (guint s = 0; s < chart->boxes->len; s++)
        {
          SondeChartBox *b = &g_array_index (chart->boxes, SondeChartBox, s);

          if (b->n > 0)
            {
              *ylo = MIN (*ylo, b->min);
              *yhi = MAX (*yhi, b->max);
            }
        }
      if (*ylo > *yhi)
        *ylo = 0, *yhi = 1;
      break;

    case SONDE_CHART_ROC:
    case SONDE_CHART_PR:
      *xlo = *ylo = 0;
      *xhi = *yhi = 1;
      break;

    case SONDE_CHART_SCATTER:
    case SONDE_CHART_LINE:
    case SONDE_CHART_LEARNING:
      sonde_chart_series_range (chart, FALSE, xlo, xhi);
      sonde_chart_series_range (chart, TRUE, ylo, yhi);
      break;

    case SONDE_CHART_HEATMAP:
    case SONDE_CHART_CONFUSION:
    default:
      break;
    }
}

static gboolean
is_empty (SondeChart *chart)
{
  switch (chart->kind)
    {
    case SONDE_CHART_HEATMAP:
    case SONDE_CHART_CONFUSION:
      return chart->categories->len == 0 || chart->columns->len == 0;
    case SONDE_CHART_BAR:
      return chart->categories->len == 0 || chart->series->len == 0;
    case SONDE_CHART_HISTOGRAM:
      return g_array_index (chart->boxes, SondeChartBox, 0).n == 0;
    case SONDE_CHART_BOX:
    case SONDE_CHART_SCATTER:
    case SONDE_CHART_LINE:
    case SONDE_CHART_ROC:
    case SONDE_CHART_PR:
    case SONDE_CHART_LEARNING:
    default:
      return sonde_chart_n_points (chart) == 0 && chart->kind != SONDE_CHART_BOX;
    }
}

static const char *
category_name (Ctx      *ctx,
               guint     i,
               gboolean  along_y)
{
  SondeChart *chart = ctx->chart;

  if (chart->kind == SONDE_CHART_BOX)
    {
      SondeChartSeries *ser = g_ptr_array_index (chart->series, i);

      return ser->name != NULL ? ser->name : "";
    }
  if (!along_y && (chart->kind == SONDE_CHART_HEATMAP || chart->kind == SONDE_CHART_CONFUSION))
    return g_ptr_array_index (chart->columns, i);
  return g_ptr_array_index (chart->categories, i);
}

/* The x labels start below the ticks and below the lowest y label, which
 * is centred on the bottom of the plot and may reach half a line under it. */
static double
x_labels_gap (Ctx *ctx)
{
  return MAX (TICK_LEN, ctx->line_h * 0.5 + 1);
}

/* The width a category label may take: its share of the axis, less a
 * gap, and no further than the chart's edges on either side. */
static double
x_label_width (Ctx   *ctx,
               guint  i)
{
  double slot = ctx->pw / MAX (ctx->n_xcat, 1);
  double cx = slot_x (ctx, i);
  double w = MIN (ctx->x_label_stride * slot - ctx->line_h * 0.3,
                  2 * MIN (cx - ctx->pad, ctx->width - ctx->pad - cx));

  return MAX (w, 1.0);
}

static char *
format_y_tick (Ctx   *ctx,
               guint  i)
{
  return sonde_chart_axis_format_tick (&ctx->yaxis, i);
}

static void
compute_layout (Ctx    *ctx,
                double  top,
                double  bottom,
                double  left)
{
  SondeChart *chart = ctx->chart;
  double xlo, xhi, ylo, yhi;
  double x_labels_h, y_labels_w = 0, right_pad;
  double min_label_w = 3.5 * ctx->line_h * 0.6;

  data_ranges (ctx, &xlo, &xhi, &ylo, &yhi);

  ctx->x_categorical = chart->kind == SONDE_CHART_BAR || chart->kind == SONDE_CHART_BOX ||
                       chart->kind == SONDE_CHART_HEATMAP || chart->kind == SONDE_CHART_CONFUSION;
  ctx->y_categorical = chart->kind == SONDE_CHART_HEATMAP || chart->kind == SONDE_CHART_CONFUSION;
  ctx->n_xcat = chart->kind == SONDE_CHART_BOX ? chart->series->len
              : ctx->y_categorical ? chart->columns->len : chart->categories->len;
  ctx->n_ycat = chart->categories->len;
  ctx->value_labels = chart->kind == SONDE_CHART_BAR && chart->series->len == 1;

  /* Category labels take two lines; numbers one. */
  x_labels_h = ctx->x_categorical ? 2 * ctx->line_h : ctx->line_h;
  ctx->py = top + (ctx->value_labels ? ctx->line_h : ctx->line_h * 0.5);
  ctx->ph = MAX (bottom - x_labels_gap (ctx) - x_labels_h - ctx->pad * 0.5 - ctx->py, 10.0);

  /* y: as many ticks as fit two lines apart; the left margin fits the widest. */
  if (ctx->y_categorical)
    {
      for (guint i = 0; i < ctx->n_ycat; i++)
        y_labels_w = MAX (y_labels_w, text_width (ctx, category_name (ctx, i, TRUE)));
      y_labels_w = MIN (y_labels_w, ctx->width * 0.3);
    }
  else
    {
      /* Two lines apart when there is room, one and a half in a small
       * plot, so that a short axis keeps three ticks rather than two far
       * beyond the data. */
      guint max_ticks = (guint) (ctx->ph / (2.0 * ctx->line_h)) + 1;

      if (max_ticks < 4)
        max_ticks = (guint) (ctx->ph / (1.5 * ctx->line_h)) + 1;

      sonde_chart_axis_init_numbers (&ctx->yaxis, ylo, yhi, max_ticks);
      for (guint i = 0; i < ctx->yaxis.n_ticks; i++)
        {
          g_autofree char *label = format_y_tick (ctx, i);

          y_labels_w = MAX (y_labels_w, text_width (ctx, label));
        }
    }
  ctx->px = left + y_labels_w + TICK_LEN + ctx->line_h * 0.4;

  /* x: numbers and dates get as many ticks as their widest label allows. */
  right_pad = ctx->pad;
  if (!ctx->x_categorical)
    {
      guint max_ticks = 10;

      for (int pass = 0; pass < 3; pass++)
        {
          double widest = 0;

          ctx->pw = MAX (ctx->width - right_pad - ctx->px, 10.0);
          if (chart->x_dates)
            sonde_chart_axis_init_dates (&ctx->xaxis, xlo, xhi, max_ticks);
          else
            sonde_chart_axis_init_numbers (&ctx->xaxis, xlo, xhi, max_ticks);
          for (guint i = 0; i < ctx->xaxis.n_ticks; i++)
            {
              g_autofree char *label = sonde_chart_axis_format_tick (&ctx->xaxis, i);

              widest = MAX (widest, text_width (ctx, label));
            }
          /* The last label is centred on the right edge of the plot. */
          right_pad = ctx->pad + widest / 2;
          ctx->pw = MAX (ctx->width - right_pad - ctx->px, 10.0);
          max_ticks = (guint) (ctx->pw / (widest + ctx->line_h * 1.5)) + 1;
          if (ctx->xaxis.n_ticks <= max_ticks)
            break;
        }
    }
  else
    {
      double slot, widest_word = 0, tallest = 0;

      ctx->pw = MAX (ctx->width - right_pad - ctx->px, 10.0);
      /* A matrix keeps square cells. */
      if (ctx->y_categorical && ctx->n_xcat > 0 && ctx->n_ycat > 0)
        {
          double cell = MIN (ctx->pw / ctx->n_xcat, ctx->ph / ctx->n_ycat);

          ctx->pw = cell * ctx->n_xcat;
          ctx->ph = cell * ctx->n_ycat;
        }
      slot = ctx->pw / MAX (ctx->n_xcat, 1);

      /* Labels wrap between words, never inside one: thin them out until
       * the longest word fits (the others are still read in the items and
       * the table), but keep at least two; beyond that they ellipsize. */
      for (guint i = 0; i < ctx->n_xcat; i++)
        {
          g_auto(GStrv) words = g_strsplit (category_name (ctx, i, FALSE), " ", -1);

          for (guint w = 0; words[w] != NULL; w++)
            widest_word = MAX (widest_word, text_width (ctx, words[w]));
        }
      ctx->x_label_stride = (guint) ceil (MAX (min_label_w, widest_word + ctx->line_h * 0.3) / slot);
      ctx->x_label_stride = CLAMP (ctx->x_label_stride, 1, MAX (ctx->n_xcat / 2, 1));

      /* Two lines were kept for the labels: give back what they do not use. */
      for (guint i = 0; i < ctx->n_xcat; i += ctx->x_label_stride)
        {
          double w, h;

          set_text (ctx, category_name (ctx, i, FALSE), ctx->font, x_label_width (ctx, i), 2, &w, &h);
          tallest = MAX (tallest, h);
        }
      if (tallest < x_labels_h && !ctx->y_categorical)
        ctx->ph += x_labels_h - tallest;
    }

}

/* ---------------------------------------------------------------------- */
/* Axes                                                                    */

static void
draw_grid (Ctx *ctx)
{
  cairo_t *cr = ctx->cr;

  if (ctx->y_categorical)
    return;

  cairo_save (cr);
  set_rgb (cr, ctx->grid);
  cairo_set_line_width (cr, 1.0);
  for (guint i = 0; i < ctx->yaxis.n_ticks; i++)
    {
      double y = round (map_y (ctx, ctx->yaxis.ticks[i])) + 0.5;

      cairo_move_to (cr, ctx->px, y);
      cairo_line_to (cr, ctx->px + ctx->pw, y);
    }
  cairo_stroke (cr);
  cairo_restore (cr);
}

static void
draw_axes (Ctx *ctx)
{
  cairo_t *cr = ctx->cr;
  double bottom = ctx->py + ctx->ph;
  double label_gap = ctx->line_h * 0.2;

  set_rgb (cr, ctx->fg);
  cairo_set_line_width (cr, 1.0);

  /* y */
  if (ctx->y_categorical)
    {
      double cell = ctx->ph / MAX (ctx->n_ycat, 1);
      guint stride = (guint) ceil (ctx->line_h / cell);

      for (guint i = 0; i < ctx->n_ycat; i += MAX (stride, 1))
        draw_text (ctx, category_name (ctx, i, TRUE), ctx->font,
                   ctx->px - TICK_LEN - label_gap, ctx->py + (i + 0.5) * cell, 1, 0.5, ctx->width * 0.3, 1);
    }
  else
    {
      cairo_move_to (cr, ctx->px - 0.5, ctx->py);
      cairo_line_to (cr, ctx->px - 0.5, bottom);
      for (guint i = 0; i < ctx->yaxis.n_ticks; i++)
        {
          double y = round (map_y (ctx, ctx->yaxis.ticks[i])) + 0.5;
          g_autofree char *label = format_y_tick (ctx, i);

          cairo_move_to (cr, ctx->px - TICK_LEN, y);
          cairo_line_to (cr, ctx->px, y);
          cairo_stroke (cr);
          draw_text (ctx, label, ctx->font, ctx->px - TICK_LEN - label_gap, y, 1, 0.5, 0, 1);
          set_rgb (cr, ctx->fg);
        }
      cairo_stroke (cr);
    }

  /* x */
  if (ctx->x_categorical)
    {
      if (!ctx->y_categorical)
        {
          double y0 = round (map_y (ctx, MAX (ctx->yaxis.min, MIN (0, ctx->yaxis.max)))) + 0.5;

          cairo_move_to (cr, ctx->px, y0);
          cairo_line_to (cr, ctx->px + ctx->pw, y0);
          cairo_stroke (cr);
        }
      for (guint i = 0; i < ctx->n_xcat; i += ctx->x_label_stride)
        draw_text (ctx, category_name (ctx, i, FALSE), ctx->font, slot_x (ctx, i), bottom + x_labels_gap (ctx), 0.5, 0,
                   x_label_width (ctx, i), 2);
    }
  else
    {
      cairo_move_to (cr, ctx->px, bottom + 0.5);
      cairo_line_to (cr, ctx->px + ctx->pw, bottom + 0.5);
      cairo_stroke (cr);
      for (guint i = 0; i < ctx->xaxis.n_ticks; i++)
        {
          double x = round (map_x (ctx, ctx->xaxis.ticks[i])) + 0.5;
          g_autofree char *label = sonde_chart_axis_format_tick (&ctx->xaxis, i);

          set_rgb (cr, ctx->fg);
          cairo_move_to (cr, x, bottom);
          cairo_line_to (cr, x, bottom + TICK_LEN);
          cairo_stroke (cr);
          draw_text (ctx, label, ctx->font, x, bottom + x_labels_gap (ctx), 0.5, 0, 0, 1);
        }
    }
}

/* ---------------------------------------------------------------------- */
/* Marks                                                                   */

static void
draw_histogram (Ctx *ctx)
{
  SondeChart *chart = ctx->chart;
  SondeRgb color = sonde_palette_get_color (ctx->theme, 0);

  for (guint i = 0; i < chart->entries->len; i++)
    {
      SondeChartEntry *e = &g_array_index (chart->entries, SondeChartEntry, i);
      double x0 = map_x (ctx, e->x), x1 = map_x (ctx, e->x2);
      double y0 = map_y (ctx, 0), y1 = map_y (ctx, e->y);

      if (e->y > 0)
        fill_bar (ctx, 0, color, x0, y1, x1 - x0, y0 - y1);
      record_item (ctx, i, x0, y1, x1 - x0, MAX (y0 - y1, 2.0));
    }
}

static void
draw_bars (Ctx *ctx)
{
  SondeChart *chart = ctx->chart;
  guint n_series = chart->series->len;
  double slot = ctx->pw / MAX (ctx->n_xcat, 1);
  double group_w = slot * (chart->stacked || n_series == 1 ? 0.6 : 0.8);
  double bar_w = chart->stacked ? group_w : group_w / MAX (n_series, 1);
  g_autofree double *pos = g_new0 (double, MAX (chart->categories->len, 1));
  g_autofree double *neg = g_new0 (double, MAX (chart->categories->len, 1));

  for (guint i = 0; i < chart->entries->len; i++)
    {
      SondeChartEntry *e = &g_array_index (chart->entries, SondeChartEntry, i);
      guint c = e->index, s = e->series;
      double v = e->y2, base = 0, x, y0, y1;

      if (chart->stacked)
        {
          base = v >= 0 ? pos[c] : neg[c];
          if (v >= 0)
            pos[c] += v;
          else
            neg[c] += v;
          x = slot_x (ctx, c) - group_w / 2;
        }
      else
        x = slot_x (ctx, c) - group_w / 2 + s * bar_w;

      y0 = map_y (ctx, base);
      y1 = map_y (ctx, base + v);
      fill_bar (ctx, s, sonde_palette_get_color (ctx->theme, s), x, y1, bar_w, y0 - y1);
      record_item (ctx, i, x, MIN (y0, y1), bar_w, MAX (fabs (y0 - y1), 2.0));

      if (ctx->value_labels)
        {
          g_autofree char *label = sonde_chart_format_value (v);

          if (text_width (ctx, label) <= slot - ctx->line_h * 0.2)
            draw_text (ctx, label, ctx->font, x + bar_w / 2, v >= 0 ? y1 - 2 : y1 + 2, 0.5, v >= 0 ? 1 : 0, 0, 1);
        }
    }
}

static void
draw_boxes (Ctx *ctx)
{
  SondeChart *chart = ctx->chart;
  cairo_t *cr = ctx->cr;
  SondeRgb color = sonde_palette_get_color (ctx->theme, 0);
  double slot = ctx->pw / MAX (ctx->n_xcat, 1);
  double box_w = MIN (slot * 0.5, 12 * ctx->line_h);

  for (guint s = 0; s < chart->boxes->len; s++)
    {
      SondeChartBox *b = &g_array_index (chart->boxes, SondeChartBox, s);
      SondeChartSeries *ser = g_ptr_array_index (chart->series, s);
      double cx = slot_x (ctx, s);
      double yq1 = map_y (ctx, b->q1), yq3 = map_y (ctx, b->q3), ymed = map_y (ctx, b->median);

      if (b->n == 0)
        continue;

      cairo_rectangle (cr, cx - box_w / 2, yq3, box_w, yq1 - yq3);
      cairo_set_source_rgba (cr, color.red, color.green, color.blue, 0.25);
      cairo_fill_preserve (cr);
      set_rgb (cr, color);
      cairo_set_line_width (cr, 2.0);
      cairo_stroke (cr);

      /* Whiskers with caps, in the text colour. */
      set_rgb (cr, ctx->fg);
      cairo_set_line_width (cr, 1.5);
      cairo_move_to (cr, cx, yq3);
      cairo_line_to (cr, cx, map_y (ctx, b->whisker_high));
      cairo_move_to (cr, cx, yq1);
      cairo_line_to (cr, cx, map_y (ctx, b->whisker_low));
      cairo_move_to (cr, cx - box_w / 4, map_y (ctx, b->whisker_high));
      cairo_line_to (cr, cx + box_w / 4, map_y (ctx, b->whisker_high));
      cairo_move_to (cr, cx - box_w / 4, map_y (ctx, b->whisker_low));
      cairo_line_to (cr, cx + box_w / 4, map_y (ctx, b->whisker_low));
      cairo_stroke (cr);

      cairo_set_line_width (cr, 3.0);
      cairo_move_to (cr, cx - box_w / 2, ymed);
      cairo_line_to (cr, cx + box_w / 2, ymed);
      cairo_stroke (cr);

      for (guint i = 0; i < ser->y->len; i++)
        {
          double v = g_array_index (ser->y, double, i);

          if (isfinite (v) && (v < b->whisker_low || v > b->whisker_high))
            draw_marker (ctx, SONDE_MARKER_RING, color, cx, map_y (ctx, v), MARKER_RADIUS);
        }

      record_item (ctx, s, cx - box_w / 2, map_y (ctx, b->whisker_high), box_w,
                   map_y (ctx, b->whisker_low) - map_y (ctx, b->whisker_high));
    }
}

/* Bins every point into the device pixels of the plot and paints one
 * image: cost linear in points plus pixels, whatever the overlap. */
static void
draw_density (Ctx *ctx)
{
  SondeChart *chart = ctx->chart;
  cairo_t *cr = ctx->cr;
  double sx = 1, sy = 1, kx, ky, lmax;
  int w, h, stride;
  g_autofree guint32 *counts = NULL;
  guint32 max = 0;
  cairo_surface_t *image;
  guint8 *pixels;
  SondeRgb low = sonde_palette_get_color (ctx->theme, 0);
  guint32 lut[256];

  cairo_user_to_device_distance (cr, &sx, &sy);
  sx = fabs (sx);
  sy = fabs (sy);
  w = MAX ((int) ceil (ctx->pw * sx), 1);
  h = MAX ((int) ceil (ctx->ph * sy), 1);
  counts = g_new0 (guint32, (gsize) w * h);
  kx = w / (ctx->xaxis.max - ctx->xaxis.min);
  ky = h / (ctx->yaxis.max - ctx->yaxis.min);

  for (guint s = 0; s < chart->series->len; s++)
    {
      SondeChartSeries *ser = g_ptr_array_index (chart->series, s);
      const double *xs = (const double *) (gpointer) ser->x->data;
      const double *ys = (const double *) (gpointer) ser->y->data;
      guint n = ser->y->len;

      for (guint i = 0; i < n; i++)
        {
          double fx = (xs[i] - ctx->xaxis.min) * kx;
          double fy = (ctx->yaxis.max - ys[i]) * ky;
          int ix, iy;

          /* NaN fails both comparisons and is skipped. */
          if (!(fx >= 0 && fx < w + 1 && fy >= 0 && fy < h + 1))
            continue;
          ix = MIN ((int) fx, w - 1);
          iy = MIN ((int) fy, h - 1);
          max = MAX (max, ++counts[(gsize) iy * w + ix]);
        }
    }

  /* Shades from the series colour (one point, already 3:1) towards the
   * text colour (the densest pixel), on a logarithmic scale. */
  for (int i = 0; i < 256; i++)
    {
      SondeRgb c = mix (low, ctx->fg, i / 255.0 * 0.85);

      lut[i] = 0xff000000u | ((guint32) lround (c.red * 255) << 16) |
               ((guint32) lround (c.green * 255) << 8) | (guint32) lround (c.blue * 255);
    }
  lmax = log1p ((double) MAX (max, 2) - 1);

  image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
  cairo_surface_flush (image);
  pixels = cairo_image_surface_get_data (image);
  stride = cairo_image_surface_get_stride (image);
  for (int y = 0; y < h; y++)
    {
      guint32 *row = (guint32 *) (gpointer) (pixels + (gsize) y * stride);
      const guint32 *crow = counts + (gsize) y * w;

      for (int x = 0; x < w; x++)
        row[x] = crow[x] == 0 ? 0 : lut[(int) (log1p ((double) crow[x] - 1) / lmax * 255)];
    }
  cairo_surface_mark_dirty (image);

  cairo_save (cr);
  cairo_translate (cr, ctx->px, ctx->py);
  cairo_scale (cr, 1 / sx, 1 / sy);
  cairo_set_source_surface (cr, image, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_NEAREST);
  cairo_paint (cr);
  cairo_restore (cr);
  cairo_surface_destroy (image);
}

static void
draw_scatter (Ctx *ctx)
{
  SondeChart *chart = ctx->chart;
  cairo_t *cr = ctx->cr;
  guint n = sonde_chart_n_points (chart);

  cairo_save (cr);
  cairo_rectangle (cr, ctx->px - MARKER_RADIUS * 2, ctx->py - MARKER_RADIUS * 2,
                   ctx->pw + MARKER_RADIUS * 4, ctx->ph + MARKER_RADIUS * 4);
  cairo_clip (cr);

  if (n > SONDE_CHART_DENSITY_THRESHOLD)
    draw_density (ctx);
  else
    for (guint s = 0; s < chart->series->len; s++)
      {
        SondeChartSeries *ser = g_ptr_array_index (chart->series, s);
        SondeRgb color = sonde_palette_get_color (ctx->theme, s);
        SondeMarker marker = sonde_palette_get_marker (s);

        for (guint i = 0; i < ser->y->len; i++)
          {
            double x = g_array_index (ser->x, double, i), y = g_array_index (ser->y, double, i);

            if (isfinite (x) && isfinite (y))
              draw_marker (ctx, marker, color, map_x (ctx, x), map_y (ctx, y), MARKER_RADIUS);
          }
      }

  if (chart->trend && chart->have_fit)
    {
      cairo_rectangle (cr, ctx->px, ctx->py, ctx->pw, ctx->ph);
      cairo_clip (cr);
      set_rgb (cr, ctx->fg);
      cairo_set_line_width (cr, 2.0);
      set_dashes (cr, 1, 2.0);
      cairo_move_to (cr, map_x (ctx, ctx->xaxis.min), map_y (ctx, chart->intercept + chart->slope * ctx->xaxis.min));
      cairo_line_to (cr, map_x (ctx, ctx->xaxis.max), map_y (ctx, chart->intercept + chart->slope * ctx->xaxis.max));
      cairo_stroke (cr);
    }
  cairo_restore (cr);

  for (guint i = 0; i < chart->entries->len; i++)
    {
      SondeChartEntry *e = &g_array_index (chart->entries, SondeChartEntry, i);

      if (n > SONDE_CHART_MAX_POINT_ITEMS)
        record_item (ctx, i, map_x (ctx, e->x), map_y (ctx, e->y2),
                     map_x (ctx, e->x2) - map_x (ctx, e->x), map_y (ctx, e->y) - map_y (ctx, e->y2));
      else
        record_item (ctx, i, map_x (ctx, e->x) - MARKER_RADIUS * 1.5, map_y (ctx, e->y) - MARKER_RADIUS * 1.5,
                     MARKER_RADIUS * 3, MARKER_RADIUS * 3);
    }
}

static void
draw_lines (Ctx *ctx)
{
  SondeChart *chart = ctx->chart;
  cairo_t *cr = ctx->cr;

  if (chart->kind == SONDE_CHART_ROC)
    {
      set_rgb (cr, ctx->fg);
      cairo_set_line_width (cr, 1.5);
      set_dashes (cr, 2, 2.0);
      cairo_move_to (cr, map_x (ctx, 0), map_y (ctx, 0));
      cairo_line_to (cr, map_x (ctx, 1), map_y (ctx, 1));
      cairo_stroke (cr);
    }

  for (guint s = 0; s < chart->series->len; s++)
    {
      SondeChartSeries *ser = g_ptr_array_index (chart->series, s);
      SondeRgb color = sonde_palette_get_color (ctx->theme, s);
      gboolean started = FALSE;
      gboolean curve = chart->kind == SONDE_CHART_ROC || chart->kind == SONDE_CHART_PR;

      set_rgb (cr, color);
      cairo_set_line_width (cr, 2.5);
      set_dashes (cr, s, 2.5);
      for (guint i = 0; i < ser->y->len; i++)
        {
          double x = g_array_index (ser->x, double, i), y = g_array_index (ser->y, double, i);

          if (!isfinite (x) || !isfinite (y))
            {
              started = FALSE;
              continue;
            }
          /* Curves join their thresholds with straight segments, as the
           * trapezoids of the AUC do. */
          if (started)
            cairo_line_to (cr, map_x (ctx, x), map_y (ctx, y));
          else
            cairo_move_to (cr, map_x (ctx, x), map_y (ctx, y));
          started = TRUE;
        }
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);

      if (!curve && ser->y->len <= 60)
        for (guint i = 0; i < ser->y->len; i++)
          {
            double x = g_array_index (ser->x, double, i), y = g_array_index (ser->y, double, i);

            if (isfinite (x) && isfinite (y))
              draw_marker (ctx, sonde_palette_get_marker (s), color, map_x (ctx, x), map_y (ctx, y), MARKER_RADIUS);
          }
    }

  for (guint i = 0; i < chart->entries->len; i++)
    {
      SondeChartEntry *e = &g_array_index (chart->entries, SondeChartEntry, i);

      record_item (ctx, i, map_x (ctx, e->x) - MARKER_RADIUS * 1.5, map_y (ctx, e->y) - MARKER_RADIUS * 1.5,
                   MARKER_RADIUS * 3, MARKER_RADIUS * 3);
    }
}

static void
draw_matrix (Ctx *ctx)
{
  SondeChart *chart = ctx->chart;
  cairo_t *cr = ctx->cr;
  guint rows = chart->categories->len, cols = chart->columns->len;
  double cw = ctx->pw / MAX (cols, 1), chh = ctx->ph / MAX (rows, 1);
  double max = 0;
  gboolean correlation = chart->kind == SONDE_CHART_HEATMAP;
  SondeRgb positive = sonde_palette_get_color (ctx->theme, 0);
  SondeRgb negative = sonde_palette_get_color (ctx->theme, 1);

  for (guint i = 0; i < chart->matrix->len; i++)
    if (isfinite (g_array_index (chart->matrix, double, i)))
      max = MAX (max, fabs (g_array_index (chart->matrix, double, i)));
  if (max == 0)
    max = 1;
  if (correlation)
    max = MAX (max, 1.0);

  for (guint i = 0; i < chart->entries->len; i++)
    {
      SondeChartEntry *e = &g_array_index (chart->entries, SondeChartEntry, i);
      double v = g_array_index (chart->matrix, double, e->series * cols + e->index);
      double x = ctx->px + e->index * cw, y = ctx->py + e->series * chh;
      SondeRgb fill = isfinite (v) ? mix (ctx->bg, v < 0 ? negative : positive, fabs (v) / max) : ctx->bg;
      g_autofree char *label = NULL;
      double tw, th;

      cairo_rectangle (cr, x, y, cw, chh);
      set_rgb (cr, fill);
      cairo_fill_preserve (cr);
      set_rgb (cr, ctx->grid);
      cairo_set_line_width (cr, 1.0);
      cairo_stroke (cr);
      record_item (ctx, i, x, y, cw, chh);

      /* The value is written in the cell when it fits, in whichever of
       * the text and background colours contrasts more with the fill. */
      label = correlation ? sonde_chart_format_number (v, 2) : sonde_chart_format_value (v);
      set_text (ctx, label, ctx->font, 0, 1, &tw, &th);
      if (tw <= cw - 4 && th <= chh - 2)
        {
          SondeRgb saved = ctx->fg;

          if (sonde_rgb_contrast_ratio (ctx->bg, fill) > sonde_rgb_contrast_ratio (ctx->fg, fill))
            ctx->fg = ctx->bg;
          draw_text (ctx, label, ctx->font, x + cw / 2, y + chh / 2, 0.5, 0.5, 0, 1);
          ctx->fg = saved;
        }
    }
}

/* ---------------------------------------------------------------------- */

/**
 * sonde_chart_render:
 * @self: a chart
 * @cr: where to draw; the chart covers (0, 0)–(@width, @height) in its
 *   user units, background included
 * @width: the width to fill
 * @height: the height to fill
 * @theme: the colours to draw with
 * @text_scale: 1.0 for normal text, 2.0 for 200 % large text
 *
 * Draws the chart. Afterwards sonde_chart_get_item_rect() gives the boxes
 * of its items in the same units. A chart with no data draws its title and
 * says so.
 */
void
sonde_chart_render (SondeChart *self,
                    cairo_t    *cr,
                    double      width,
                    double      height,
                    SondeTheme  theme,
                    double      text_scale)
{
  Ctx ctx = { 0 };
  cairo_font_options_t *options;
  double top, bottom, left;
  gboolean show_x_title, show_y_title, has_title;
  int title_lines = 2;

  g_return_if_fail (SONDE_IS_CHART (self));
  g_return_if_fail (cr != NULL);
  g_return_if_fail (theme < SONDE_THEME_N_THEMES);

  sonde_chart_prepare (self);
  g_array_set_size (self->text_rects, 0);
  g_array_set_size (self->item_rects, 0);
  g_array_set_size (self->item_rects, self->entries->len);

  ctx.chart = self;
  ctx.cr = cr;
  ctx.width = width;
  ctx.height = height;
  ctx.ts = text_scale > 0 ? text_scale : 1.0;
  ctx.theme = theme;
  ctx.bg = sonde_theme_get_background (theme, 0);
  ctx.fg = sonde_theme_get_foreground (theme);
  ctx.grid = mix (ctx.bg, ctx.fg, 0.18);

  cairo_save (cr);
  set_rgb (cr, ctx.bg);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_fill (cr);

  ctx.layout = pango_cairo_create_layout (cr);
  /* Unhinted metrics: the same layout at every scale and on every surface. */
  options = cairo_font_options_create ();
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  pango_cairo_context_set_font_options (pango_layout_get_context (ctx.layout), options);
  pango_layout_context_changed (ctx.layout);
  cairo_font_options_destroy (options);

  ctx.font = pango_font_description_from_string ("Sans");
  pango_font_description_set_absolute_size (ctx.font, BASE_FONT_PX * ctx.ts * PANGO_SCALE);
  ctx.title_font = pango_font_description_copy (ctx.font);
  pango_font_description_set_absolute_size (ctx.title_font, TITLE_FONT_PX * ctx.ts * PANGO_SCALE);
  pango_font_description_set_weight (ctx.title_font, PANGO_WEIGHT_BOLD);
  {
    double w;

    set_text (&ctx, "Ag", ctx.font, 0, 1, &w, &ctx.line_h);
  }
  ctx.pad = MAX (8.0, ctx.line_h * 0.6);

  /* When large text leaves too little room for the plot, give up first
   * the title's second line, then the axis titles: the summary and the
   * table still say all of it. */
  show_x_title = self->x_label != NULL && *self->x_label != '\0';
  show_y_title = self->y_label != NULL && *self->y_label != '\0';
  has_title = self->title != NULL && *self->title != '\0';
  if (!is_empty (self))
    {
      double legend_h = has_legend (self) ? draw_legend (&ctx, 0, FALSE) + ctx.pad / 2 : 0;
      double fixed = 2 * ctx.pad + legend_h + 2 * ctx.line_h + x_labels_gap (&ctx) + ctx.pad / 2 + 2 * ctx.line_h + ctx.line_h;
      double w, title_h = 0;

      if (has_title)
        set_text (&ctx, self->title, ctx.title_font, width - 2 * ctx.pad, 2, &w, &title_h);
      if (fixed + title_h + ctx.pad / 2 + (show_x_title ? ctx.line_h + ctx.pad / 2 : 0) > height)
        {
          title_lines = 1;
          if (has_title)
            set_text (&ctx, self->title, ctx.title_font, width - 2 * ctx.pad, 1, &w, &title_h);
        }
      if (fixed + title_h + ctx.pad / 2 + (show_x_title ? ctx.line_h + ctx.pad / 2 : 0) > height)
        show_x_title = FALSE;
      if (width < 12 * ctx.line_h)
        show_y_title = FALSE;
    }

  top = ctx.pad;
  if (has_title)
    top += draw_text (&ctx, self->title, ctx.title_font, width / 2, top, 0.5, 0, width - 2 * ctx.pad, title_lines) + ctx.pad / 2;

  if (is_empty (self))
    {
      draw_text (&ctx, _("No data to show"), ctx.font, width / 2, (top + height) / 2, 0.5, 0.5, width - 2 * ctx.pad, 2);
      goto out;
    }

  if (has_legend (self))
    top += draw_legend (&ctx, top, TRUE) + ctx.pad / 2;

  bottom = height - ctx.pad;
  if (show_x_title)
    bottom -= ctx.line_h + ctx.pad / 2;
  left = ctx.pad;
  if (show_y_title)
    left += ctx.line_h + ctx.pad / 2;

  compute_layout (&ctx, top, bottom, left);

  if (show_x_title)
    draw_text (&ctx, self->x_label, ctx.font, ctx.px + ctx.pw / 2, height - ctx.pad, 0.5, 1,
               width - 2 * ctx.pad, 1);
  if (show_y_title)
    draw_vertical_text (&ctx, self->y_label, ctx.pad, ctx.py + ctx.ph / 2, MAX (ctx.ph, 20.0));

  draw_grid (&ctx);
  switch (self->kind)
    {
    case SONDE_CHART_HISTOGRAM:
      draw_histogram (&ctx);
      break;
    case SONDE_CHART_BAR:
      draw_bars (&ctx);
      break;
    case SONDE_CHART_BOX:
      draw_boxes (&ctx);
      break;
    case SONDE_CHART_SCATTER:
      draw_scatter (&ctx);
      break;
    case SONDE_CHART_LINE:
    case SONDE_CHART_ROC:
    case SONDE_CHART_PR:
    case SONDE_CHART_LEARNING:
      draw_lines (&ctx);
      break;
    case SONDE_CHART_HEATMAP:
    case SONDE_CHART_CONFUSION:
      draw_matrix (&ctx);
      break;
    default:
      g_assert_not_reached ();
    }
  draw_axes (&ctx);

out:
  self->rendered = TRUE;
  pango_font_description_free (ctx.font);
  pango_font_description_free (ctx.title_font);
  g_object_unref (ctx.layout);
  cairo_restore (cr);
}
