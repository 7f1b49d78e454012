/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-chart-scatter"

/* Times sonde_chart_render() of a scatter plot of a million points on a
 * 1280 × 800 image surface, against the charts issue's target of 100 ms.
 * The points are three Gaussian clusters from a fixed seed. Above 20 000
 * points the renderer bins them into device pixels and paints one image,
 * so the cost is linear in points plus pixels. The first render also
 * derives the chart (fit, correlation, grid of items) and is reported on
 * its own; then the median and worst of ten renders. Usage:
 *
 *   bench/chart-scatter [N_POINTS] [SCALE]
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>

#include "sonde-chart.h"

static int
compare_doubles (const void *a,
                 const void *b)
{
  double da = *(const double *) a, db = *(const double *) b;

  return da < db ? -1 : da > db;
}

int
main (int   argc,
      char *argv[])
{
  guint n = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 1000000;
  double scale = argc > 2 ? g_ascii_strtod (argv[2], NULL) : 1.0;
  g_autofree double *x = g_new (double, n);
  g_autofree double *y = g_new (double, n);
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  g_autoptr(SondeChart) chart = sonde_chart_new (SONDE_CHART_SCATTER);
  cairo_surface_t *surface;
  double times[10];
  gint64 start;

  for (guint i = 0; i < n; i++)
    {
      /* Box-Muller, around one of three centres. */
      double u1 = g_rand_double_range (rand, 1e-12, 1.0), u2 = g_rand_double (rand);
      double r = sqrt (-2 * log (u1));
      int c = i % 3;

      x[i] = (c == 0 ? 10 : c == 1 ? 25 : 40) + 4 * r * cos (2 * G_PI * u2);
      y[i] = (c == 0 ? 100 : c == 1 ? 160 : 120) + 15 * r * sin (2 * G_PI * u2) + 0.8 * x[i];
    }
  sonde_chart_add_series (chart, "points", x, y, n);
  sonde_chart_set_axis_labels (chart, "x", "y");
  sonde_chart_set_title (chart, "A million points");
  sonde_chart_set_trend_line (chart, TRUE);

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) (1280 * scale), (int) (800 * scale));

  for (int run = -1; run < 10; run++)
    {
      cairo_t *cr = cairo_create (surface);
      double ms;

      cairo_scale (cr, scale, scale);
      start = g_get_monotonic_time ();
      sonde_chart_render (chart, cr, 1280, 800, SONDE_THEME_LIGHT, 1.0);
      cairo_surface_flush (surface);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      cairo_destroy (cr);
      if (run < 0)
        g_print ("first render (derives fit and items too): %.1f ms\n", ms);
      else
        times[run] = ms;
    }
  qsort (times, 10, sizeof (double), compare_doubles);
  g_print ("%u points at 1280x800, scale %.1f: median %.1f ms, worst %.1f ms (target 100 ms)\n",
           n, scale, (times[4] + times[5]) / 2, times[9]);

  if (g_getenv ("BENCH_PNG") != NULL)
    cairo_surface_write_to_png (surface, g_getenv ("BENCH_PNG"));
  cairo_surface_destroy (surface);
  return 0;
}
