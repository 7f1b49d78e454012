/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "sonde-chart.h"

G_BEGIN_DECLS

/**
 * SondeChartTone:
 * @item: the chart item the tone stands for
 * @frequency: its pitch in hertz, 220 to 880 on a logarithmic scale of
 *   the value; 0 for a missing value (silence)
 * @pan: its stereo position, -1 (left) to +1 (right), from its place
 *   along x
 *
 * One step of a series played as sound.
 */
typedef struct
{
  guint  item;
  double frequency;
  double pan;
} SondeChartTone;

#define SONDE_CHART_TONE_MIN_HZ 220.0
#define SONDE_CHART_TONE_MAX_HZ 880.0

#define SONDE_TYPE_CHART_VIEW (sonde_chart_view_get_type ())

G_DECLARE_FINAL_TYPE (SondeChartView, sonde_chart_view, SONDE, CHART_VIEW, GtkWidget)

GtkWidget      *sonde_chart_view_new             (SondeChart     *chart);
SondeChart     *sonde_chart_view_get_chart       (SondeChartView *self);
void            sonde_chart_view_set_chart       (SondeChartView *self,
                                                  SondeChart     *chart);
int             sonde_chart_view_get_cursor      (SondeChartView *self);
void            sonde_chart_view_set_cursor      (SondeChartView *self,
                                                  guint           item);
void            sonde_chart_view_announce        (SondeChartView *self,
                                                  const char     *text);
const char     *sonde_chart_view_get_caption     (SondeChartView *self);
SondeTheme      sonde_chart_view_get_theme       (SondeChartView *self);
double          sonde_chart_view_get_text_scale  (SondeChartView *self);
gboolean        sonde_chart_view_get_playing     (SondeChartView *self);
gboolean        sonde_chart_view_get_step_tones  (SondeChartView *self);
guint           sonde_chart_view_get_step_ms     (SondeChartView *self);

SondeChartTone *sonde_chart_view_compute_tones   (SondeChart     *chart,
                                                  guint           series,
                                                  guint          *n_tones);

G_END_DECLS
