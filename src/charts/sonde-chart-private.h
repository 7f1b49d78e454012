/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Inside SondeChart: its data, what is derived from them, and the
 * geometry of the last render. Shared by sonde-chart.c (data, items,
 * table), sonde-chart-render.c and sonde-chart-describe.c, and read by the
 * tests. */

#include "sonde-chart.h"
#include "sonde-chart-axis.h"

G_BEGIN_DECLS

/* Above this many points a scatter is drawn as a density image. */
#define SONDE_CHART_DENSITY_THRESHOLD 20000
/* Above this many points a scatter is explored by cells of a grid. */
#define SONDE_CHART_MAX_POINT_ITEMS 2000
#define SONDE_CHART_GRID_CELLS 8

typedef struct
{
  char   *name;
  GArray *x;  /* double */
  GArray *y;  /* double */
} SondeChartSeries;

typedef struct
{
  guint  n;
  double min;
  double max;
  double mean;
  double q1;
  double median;
  double q3;
  double whisker_low;
  double whisker_high;
  guint  n_low;   /* outliers below q1 - 1.5 IQR */
  guint  n_high;  /* outliers above q3 + 1.5 IQR */
} SondeChartBox;

typedef struct
{
  guint             series;
  guint             index;
  double            x;
  double            y;
  double            x2;     /* end of a bin or cell; the column of a matrix cell */
  double            y2;     /* top of a cell along y */
  char             *label;
} SondeChartEntry;

struct _SondeChart
{
  GObject         parent_instance;

  SondeChartKind  kind;
  char           *title;
  char           *x_label;
  char           *y_label;
  gboolean        stacked;
  gboolean        trend;
  gboolean        x_dates;
  guint           n_bins;
  guint           n_missing;

  GPtrArray      *series;      /* SondeChartSeries */
  GPtrArray      *categories;  /* char *: bar categories, box groups, matrix rows */
  GPtrArray      *columns;     /* char *: matrix columns */
  GArray         *matrix;      /* double, rows × columns */

  /* Derived by sonde_chart_prepare(). */
  gboolean        prepared;
  GArray         *bin_edges;   /* double, n_bins + 1 */
  GArray         *boxes;       /* SondeChartBox per series */
  GArray         *entries;     /* SondeChartEntry: the items, in order */
  double          slope;
  double          intercept;
  double          r;
  gboolean        have_fit;
  double          auc;
  guint           n_positive;
  guint           n_negative;
  SondeDateUnit   date_unit;   /* how precise dates must be in words */

  /* Geometry of the last sonde_chart_render(), in its user units. */
  gboolean        rendered;
  GArray         *item_rects;  /* cairo_rectangle_t per entry */
  GArray         *text_rects;  /* cairo_rectangle_t per label drawn */
};

void     sonde_chart_prepare            (SondeChart     *self);
void     sonde_chart_series_range       (SondeChart     *self,
                                         gboolean        along_y,
                                         double         *lo,
                                         double         *hi);
guint    sonde_chart_n_points           (SondeChart     *self);
double   sonde_chart_quantile           (const double   *sorted,
                                         guint           n,
                                         double          p);
char    *sonde_chart_format_x           (SondeChart     *self,
                                         double          x);
double   sonde_chart_bar_value          (SondeChart     *self,
                                         guint           series,
                                         guint           category);

G_END_DECLS
