/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SONDE_CHART_AXIS_MAX_TICKS 32

/**
 * SondeDateUnit:
 * @SONDE_DATE_UNIT_NONE: the axis holds plain numbers
 * @SONDE_DATE_UNIT_DAY: ticks fall on days (values are days since 1970-01-01)
 * @SONDE_DATE_UNIT_MONTH: ticks fall on the first day of months
 * @SONDE_DATE_UNIT_YEAR: ticks fall on the first of January
 *
 * What the ticks of a #SondeChartAxis count, and so how they are written.
 */
typedef enum
{
  SONDE_DATE_UNIT_NONE,
  SONDE_DATE_UNIT_DAY,
  SONDE_DATE_UNIT_MONTH,
  SONDE_DATE_UNIT_YEAR,
} SondeDateUnit;

/**
 * SondeChartAxis:
 * @min: the start of the axis (the first tick, at or below the data)
 * @max: the end of the axis (the last tick, at or above the data)
 * @step: the distance between ticks (in months or years for such dates)
 * @n_decimals: how many digits tick labels need after the decimal mark
 * @unit: %SONDE_DATE_UNIT_NONE for numbers, else the calendar unit of @step
 * @n_ticks: how many entries of @ticks are used
 * @ticks: the tick values, increasing
 *
 * A plain value: the ticks of one axis of a chart, chosen to be "nice"
 * (1, 2 or 5 times a power of ten; whole days, months or years).
 */
typedef struct
{
  double        min;
  double        max;
  double        step;
  int           n_decimals;
  SondeDateUnit unit;
  guint         n_ticks;
  double        ticks[SONDE_CHART_AXIS_MAX_TICKS];
} SondeChartAxis;

void   sonde_chart_axis_init_numbers  (SondeChartAxis       *axis,
                                       double                lo,
                                       double                hi,
                                       guint                 max_ticks);
void   sonde_chart_axis_init_dates    (SondeChartAxis       *axis,
                                       double                lo_days,
                                       double                hi_days,
                                       guint                 max_ticks);
char  *sonde_chart_axis_format_tick   (const SondeChartAxis *axis,
                                       guint                 index);

double sonde_chart_nice_number        (double                x,
                                       gboolean              round);
char  *sonde_chart_format_number      (double                value,
                                       int                   n_decimals);
char  *sonde_chart_format_value       (double                value);
char  *sonde_chart_format_percent     (double                fraction);
char  *sonde_chart_format_date        (double                days,
                                       SondeDateUnit         unit);

G_END_DECLS
