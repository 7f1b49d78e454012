/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <glib-object.h>

#include "sonde-palette.h"
#include "sonde-table.h"

G_BEGIN_DECLS

/**
 * SondeChartKind:
 * @SONDE_CHART_HISTOGRAM: counts of one numeric column in equal bins
 * @SONDE_CHART_BAR: one value per category and series, grouped or stacked
 * @SONDE_CHART_BOX: quartiles, whiskers and outliers per group
 * @SONDE_CHART_SCATTER: points (x, y), per series, with an optional trend line
 * @SONDE_CHART_LINE: series of points joined in order of x (numbers or dates)
 * @SONDE_CHART_HEATMAP: a matrix of values, such as correlations
 * @SONDE_CHART_CONFUSION: counts of true classes (rows) by predicted classes
 * @SONDE_CHART_ROC: true-positive rate against false-positive rate
 * @SONDE_CHART_PR: precision against recall
 * @SONDE_CHART_LEARNING: a score against training size, per set
 */
typedef enum
{
  SONDE_CHART_HISTOGRAM,
  SONDE_CHART_BAR,
  SONDE_CHART_BOX,
  SONDE_CHART_SCATTER,
  SONDE_CHART_LINE,
  SONDE_CHART_HEATMAP,
  SONDE_CHART_CONFUSION,
  SONDE_CHART_ROC,
  SONDE_CHART_PR,
  SONDE_CHART_LEARNING,
} SondeChartKind;

/**
 * SondeChartDetail:
 * @SONDE_CHART_DETAIL_OVERVIEW: what the chart shows: kind, axes, ranges, counts
 * @SONDE_CHART_DETAIL_STATISTICS: extremes, means, correlation, totals
 * @SONDE_CHART_DETAIL_TRENDS: trends, clusters and outliers in words
 *
 * The three levels of a chart's summary, from the shortest.
 */
typedef enum
{
  SONDE_CHART_DETAIL_OVERVIEW,
  SONDE_CHART_DETAIL_STATISTICS,
  SONDE_CHART_DETAIL_TRENDS,
} SondeChartDetail;

/**
 * SondeChartItem:
 * @series: the series (or row of a matrix) of the item
 * @index: the item's position in its series (bin, category, point, column)
 * @x: its position along x (bin start, category index, x value or day)
 * @y: its position along y (the bottom of a bin or cell, a point's y)
 * @value: its magnitude: the count of a bin or cell, the value of a bar or
 *   matrix cell, the median of a box, the y of a point
 * @label: its category or bin in words, or %NULL for plain points
 *
 * One mark of a chart as a keyboard explorer or a sonifier sees it.
 */
typedef struct
{
  guint       series;
  guint       index;
  double      x;
  double      y;
  double      value;
  const char *label;
} SondeChartItem;

#define SONDE_TYPE_CHART (sonde_chart_get_type ())

G_DECLARE_FINAL_TYPE (SondeChart, sonde_chart, SONDE, CHART, GObject)

SondeChart     *sonde_chart_new_histogram      (SondeTable        *table,
                                                const char        *column,
                                                guint              n_bins,
                                                GError           **error);
SondeChart     *sonde_chart_new_bar            (SondeTable        *table,
                                                const char        *x,
                                                const char        *y,
                                                const char        *by,
                                                gboolean           stacked,
                                                GError           **error);
SondeChart     *sonde_chart_new_box            (SondeTable        *table,
                                                const char        *y,
                                                const char        *by,
                                                GError           **error);
SondeChart     *sonde_chart_new_scatter        (SondeTable        *table,
                                                const char        *x,
                                                const char        *y,
                                                const char        *by,
                                                gboolean           trend,
                                                GError           **error);
SondeChart     *sonde_chart_new_line           (SondeTable        *table,
                                                const char        *x,
                                                const char        *y,
                                                const char        *by,
                                                GError           **error);
SondeChart     *sonde_chart_new_correlation    (SondeTable        *table,
                                                const char * const *columns,
                                                GError           **error);
SondeChart     *sonde_chart_new_confusion      (SondeTable        *table,
                                                const char        *truth,
                                                const char        *predicted,
                                                GError           **error);
SondeChart     *sonde_chart_new_roc            (SondeTable        *table,
                                                const char        *truth,
                                                const char        *score,
                                                gboolean           precision_recall,
                                                GError           **error);
SondeChart     *sonde_chart_new_learning       (SondeTable        *table,
                                                const char        *size,
                                                const char        *score,
                                                const char        *set,
                                                GError           **error);

SondeChart     *sonde_chart_new                (SondeChartKind     kind);
guint           sonde_chart_add_series         (SondeChart        *self,
                                                const char        *name,
                                                const double      *x,
                                                const double      *y,
                                                guint              n);
void            sonde_chart_set_categories     (SondeChart        *self,
                                                const char * const *categories);
void            sonde_chart_set_matrix         (SondeChart        *self,
                                                const char * const *rows,
                                                const char * const *columns,
                                                const double      *values);

SondeChartKind  sonde_chart_get_kind           (SondeChart        *self);
const char     *sonde_chart_get_title          (SondeChart        *self);
void            sonde_chart_set_title          (SondeChart        *self,
                                                const char        *title);
void            sonde_chart_set_axis_labels    (SondeChart        *self,
                                                const char        *x_label,
                                                const char        *y_label);
void            sonde_chart_set_x_dates        (SondeChart        *self,
                                                gboolean           dates);
void            sonde_chart_set_stacked        (SondeChart        *self,
                                                gboolean           stacked);
void            sonde_chart_set_trend_line     (SondeChart        *self,
                                                gboolean           trend);
void            sonde_chart_set_n_bins         (SondeChart        *self,
                                                guint              n_bins);

void            sonde_chart_render             (SondeChart        *self,
                                                cairo_t           *cr,
                                                double             width,
                                                double             height,
                                                SondeTheme         theme,
                                                double             text_scale);

guint           sonde_chart_get_n_items        (SondeChart        *self);
gboolean        sonde_chart_get_item           (SondeChart        *self,
                                                guint              index,
                                                SondeChartItem    *item);
char           *sonde_chart_describe_item      (SondeChart        *self,
                                                guint              index);
gboolean        sonde_chart_get_item_rect      (SondeChart        *self,
                                                guint              index,
                                                cairo_rectangle_t *rect);

char           *sonde_chart_describe           (SondeChart        *self,
                                                SondeChartDetail   detail);
SondeTable     *sonde_chart_get_table          (SondeChart        *self);

G_END_DECLS
