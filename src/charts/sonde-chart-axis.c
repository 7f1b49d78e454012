/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sonde-charts"

/* Axis ticks and the writing of numbers and dates on charts and in their
 * summaries.
 *
 * Ticks follow Heckbert's "Nice numbers for graph labels" (Graphics Gems,
 * 1990): the range and then the step are rounded to 1, 2 or 5 times a
 * power of ten, and the axis is widened to whole steps ("loose" labelling)
 * so that the data never touch the frame. The caller gives the most ticks
 * that fit (from the size of the plot and of a label); the step grows
 * until they fit. Date axes pick whole days, weeks, months or years.
 *
 * Numbers are written for the user's LC_NUMERIC: the decimal mark and the
 * thousands separator come from nl_langinfo(), so French gets "1 204,5"
 * (U+202F between thousands, as glibc's fr_FR says) and English "1,204.5".
 * The digits themselves are produced in the C locale by g_ascii_formatd()
 * so that nothing depends on printf's locale handling. Dates use
 * g_date_time_format(), hence LC_TIME's month names. Axes have at most
 * SONDE_CHART_AXIS_MAX_TICKS ticks; everything here is cheap.
 */

#include "config.h"

#include <langinfo.h>
#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "sonde-column.h"
#include "sonde-chart-axis.h"

/**
 * sonde_chart_nice_number:
 * @x: a positive number
 * @round: %TRUE to round to the nearest nice number, %FALSE to take the
 *   nice number at or above @x
 *
 * Returns: 1, 2, 5 or 10 times a power of ten, near @x (Heckbert).
 */
double
sonde_chart_nice_number (double   x,
                         gboolean round)
{
  double exponent, fraction, nice;

  g_return_val_if_fail (x > 0 && isfinite (x), 1.0);

  exponent = floor (log10 (x));
  fraction = x / pow (10.0, exponent);

  if (round)
    {
      if (fraction < 1.5)
        nice = 1;
      else if (fraction < 3)
        nice = 2;
      else if (fraction < 7)
        nice = 5;
      else
        nice = 10;
    }
  else
    {
      if (fraction <= 1)
        nice = 1;
      else if (fraction <= 2)
        nice = 2;
      else if (fraction <= 5)
        nice = 5;
      else
        nice = 10;
    }

  return nice * pow (10.0, exponent);
}

/* The next step up in 1, 2, 2.5, 5, 10 × 10^k: 2.5 (Wilkinson's Q has it)
 * avoids jumping from 20 straight to 50 when 20 gives one tick too many. */
static double
next_step (double step)
{
  static const double steps[] = { 1.0, 2.0, 2.5, 5.0, 10.0 };
  double exponent = floor (log10 (step) + 1e-9);
  double fraction = step / pow (10.0, exponent);

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (steps[i] > fraction * (1 + 1e-9))
      return steps[i] * pow (10.0, exponent);
  return 10.0 * pow (10.0, exponent);
}

static void
widen_empty_range (double *lo,
                   double *hi)
{
  if (!isfinite (*lo) || !isfinite (*hi))
    {
      *lo = 0;
      *hi = 1;
    }
  if (*lo > *hi)
    {
      double t = *lo;

      *lo = *hi;
      *hi = t;
    }
  if (*hi - *lo < 1e-12 * MAX (fabs (*lo), 1.0))
    {
      double pad = *lo == 0 ? 1.0 : fabs (*lo) * 0.1;

      *lo -= pad;
      *hi += pad;
    }
}

/**
 * sonde_chart_axis_init_numbers:
 * @axis: (out caller-allocates): the axis to fill
 * @lo: the smallest value to show
 * @hi: the largest value to show
 * @max_ticks: the most ticks that fit (at least 2)
 *
 * Chooses nice ticks from at or below @lo to at or above @hi, at most
 * @max_ticks of them. An empty range (@lo == @hi) is widened around it.
 */
void
sonde_chart_axis_init_numbers (SondeChartAxis *axis,
                               double          lo,
                               double          hi,
                               guint           max_ticks)
{
  g_return_if_fail (axis != NULL);

  memset (axis, 0, sizeof *axis);
  max_ticks = CLAMP (max_ticks, 2, SONDE_CHART_AXIS_MAX_TICKS);
  widen_empty_range (&lo, &hi);

  for (guint wanted = max_ticks; ; wanted--)
    {
      /* Heckbert rounds the range first; from the raw range the step
       * comes out finer, closer to the number of ticks asked for. */
      double step = sonde_chart_nice_number ((hi - lo) / MAX (wanted - 1, 1), TRUE);
      double first = floor (lo / step + 1e-9) * step;
      double last = ceil (hi / step - 1e-9) * step;
      guint n = (guint) llround ((last - first) / step) + 1;

      /* A step of 1 or 2 × 10^k may still give too many: take the next
       * nice step up until they fit. */
      while (n > max_ticks)
        {
          step = next_step (step);
          first = floor (lo / step + 1e-9) * step;
          last = ceil (hi / step - 1e-9) * step;
          n = (guint) llround ((last - first) / step) + 1;
        }

      if (n <= max_ticks || wanted <= 2)
        {
          axis->step = step;
          axis->min = first;
          axis->max = last;
          axis->n_ticks = n;
          /* Enough decimals to tell ticks apart: 0.25 needs two. */
          axis->n_decimals = 0;
          while (axis->n_decimals < 10 &&
                 fabs (step * pow (10, axis->n_decimals) - round (step * pow (10, axis->n_decimals))) > 1e-6)
            axis->n_decimals++;
          for (guint i = 0; i < n; i++)
            {
              double t = first + i * step;

              /* 0.30000000000000004 would print fine but compare badly. */
              axis->ticks[i] = fabs (t) < step * 1e-9 ? 0.0 : t;
            }
          return;
        }
    }
}

static int
month_index (double days)
{
  int y, m, d;

  sonde_date_to_ymd ((gint32) floor (days), &y, &m, &d);
  return y * 12 + (m - 1);
}

static double
month_start (int index)
{
  gint32 days = 0;

  sonde_date_from_ymd (index / 12, index % 12 + 1, 1, &days);
  return days;
}

/**
 * sonde_chart_axis_init_dates:
 * @axis: (out caller-allocates): the axis to fill
 * @lo_days: the first date to show, in days since 1970-01-01
 * @hi_days: the last date to show
 * @max_ticks: the most ticks that fit (at least 2)
 *
 * Chooses ticks on whole days (1, 2, 7 or 14), months (1, 2, 3 or 6) or
 * years (a nice number of them), at most @max_ticks.
 */
void
sonde_chart_axis_init_dates (SondeChartAxis *axis,
                             double          lo_days,
                             double          hi_days,
                             guint           max_ticks)
{
  static const int day_steps[] = { 1, 2, 7, 14 };
  static const int month_steps[] = { 1, 2, 3, 6 };
  int m_lo, m_hi;

  g_return_if_fail (axis != NULL);

  memset (axis, 0, sizeof *axis);
  max_ticks = CLAMP (max_ticks, 2, SONDE_CHART_AXIS_MAX_TICKS);
  lo_days = floor (lo_days);
  hi_days = ceil (hi_days);
  if (hi_days <= lo_days)
    hi_days = lo_days + 1;

  for (guint i = 0; i < G_N_ELEMENTS (day_steps); i++)
    {
      double step = day_steps[i];
      double first = floor (lo_days / step) * step;
      double last = ceil (hi_days / step) * step;
      guint n = (guint) ((last - first) / step) + 1;

      if (n <= max_ticks)
        {
          axis->unit = SONDE_DATE_UNIT_DAY;
          axis->step = step;
          axis->min = first;
          axis->max = last;
          axis->n_ticks = n;
          for (guint t = 0; t < n; t++)
            axis->ticks[t] = first + t * step;
          return;
        }
    }

  m_lo = month_index (lo_days);
  m_hi = month_index (hi_days);
  if (month_start (m_hi) < hi_days)
    m_hi++;

  for (guint i = 0; i < G_N_ELEMENTS (month_steps); i++)
    {
      int step = month_steps[i];
      int first = m_lo - (m_lo % step);
      int last = m_hi + (step - m_hi % step) % step;
      guint n = (guint) ((last - first) / step) + 1;

      if (n <= max_ticks)
        {
          axis->unit = SONDE_DATE_UNIT_MONTH;
          axis->step = step;
          axis->n_ticks = n;
          for (guint t = 0; t < n; t++)
            axis->ticks[t] = month_start (first + (int) t * step);
          axis->min = axis->ticks[0];
          axis->max = axis->ticks[n - 1];
          return;
        }
    }

  {
    int y_lo = m_lo / 12;
    int y_hi = (m_hi + 11) / 12;
    int step = (int) sonde_chart_nice_number (MAX ((double) (y_hi - y_lo) / (max_ticks - 1), 1.0), FALSE);
    int first, last;
    guint n;

    for (;;)
      {
        first = (int) floor ((double) y_lo / step) * step;
        last = (int) ceil ((double) y_hi / step) * step;
        n = (guint) ((last - first) / step) + 1;
        if (n <= max_ticks)
          break;
        step = (int) sonde_chart_nice_number (step * 1.01, FALSE);
      }

    axis->unit = SONDE_DATE_UNIT_YEAR;
    axis->step = step;
    axis->n_ticks = n;
    for (guint t = 0; t < n; t++)
      axis->ticks[t] = month_start ((first + (int) t * step) * 12);
    axis->min = axis->ticks[0];
    axis->max = axis->ticks[n - 1];
  }
}

static char *
format_date_with (double      days,
                  const char *format)
{
  g_autoptr(GDateTime) epoch = g_date_time_new_utc (1970, 1, 1, 0, 0, 0);
  g_autoptr(GDateTime) date = g_date_time_add_days (epoch, (int) floor (days));

  return date != NULL ? g_date_time_format (date, format) : g_strdup ("?");
}

/**
 * sonde_chart_axis_format_tick:
 * @axis: an axis
 * @index: a tick, below @axis->n_ticks
 *
 * Returns: (transfer full): the label of the tick in the user's locale:
 *   "1 204,5" or "1,204.5", "14 mars", "mars 2024", "2024".
 */
char *
sonde_chart_axis_format_tick (const SondeChartAxis *axis,
                              guint                 index)
{
  g_return_val_if_fail (axis != NULL, NULL);
  g_return_val_if_fail (index < axis->n_ticks, NULL);

  switch (axis->unit)
    {
    case SONDE_DATE_UNIT_DAY:
      return format_date_with (axis->ticks[index], "%-d %b");
    case SONDE_DATE_UNIT_MONTH:
      return format_date_with (axis->ticks[index], "%b %Y");
    case SONDE_DATE_UNIT_YEAR:
      return format_date_with (axis->ticks[index], "%Y");
    case SONDE_DATE_UNIT_NONE:
    default:
      return sonde_chart_format_number (axis->ticks[index], axis->n_decimals);
    }
}

/**
 * sonde_chart_format_date:
 * @days: a date, in days since 1970-01-01
 * @unit: how precise to be: %SONDE_DATE_UNIT_DAY ("14 March 2024"),
 *   %SONDE_DATE_UNIT_MONTH ("March 2024") or %SONDE_DATE_UNIT_YEAR
 *
 * Returns: (transfer full): the date in words, for summaries, with the
 *   month names of LC_TIME.
 */
char *
sonde_chart_format_date (double        days,
                         SondeDateUnit unit)
{
  switch (unit)
    {
    case SONDE_DATE_UNIT_YEAR:
      return format_date_with (days, "%Y");
    case SONDE_DATE_UNIT_MONTH:
      return format_date_with (days, "%B %Y");
    case SONDE_DATE_UNIT_DAY:
    case SONDE_DATE_UNIT_NONE:
    default:
      return format_date_with (days, "%-d %B %Y");
    }
}

/**
 * sonde_chart_format_number:
 * @value: a number
 * @n_decimals: digits after the decimal mark (0 to 12)
 *
 * Writes @value rounded to @n_decimals with the decimal mark and the
 * thousands separator of LC_NUMERIC (groups of three from four digits
 * on). "-0" is written "0"; NaN is "–" and infinities "∞" and "−∞".
 *
 * Returns: (transfer full): the text
 */
char *
sonde_chart_format_number (double value,
                           int    n_decimals)
{
  char format[16];
  char digits[G_ASCII_DTOSTR_BUF_SIZE + 32];
  const char *radix = nl_langinfo (RADIXCHAR);
  const char *thousands = nl_langinfo (THOUSEP);
  const char *p, *dot;
  GString *out;
  gboolean negative;
  gsize n_int;

  if (isnan (value))
    return g_strdup ("–");
  if (isinf (value))
    return g_strdup (value > 0 ? "∞" : "−∞");

  n_decimals = CLAMP (n_decimals, 0, 12);
  if (fabs (value) >= 1e21)
    n_decimals = 0;
  g_snprintf (format, sizeof format, "%%.%df", n_decimals);
  g_ascii_formatd (digits, sizeof digits, format, value);

  p = digits;
  negative = *p == '-';
  if (negative)
    p++;
  /* Rounding can leave "-0.00": that is zero for a reader. */
  if (negative && strspn (p, "0.") == strlen (p))
    negative = FALSE;

  dot = strchr (p, '.');
  n_int = dot != NULL ? (gsize) (dot - p) : strlen (p);

  out = g_string_new (negative ? "-" : "");
  for (gsize i = 0; i < n_int; i++)
    {
      if (i > 0 && n_int >= 4 && (n_int - i) % 3 == 0 && thousands != NULL)
        g_string_append (out, thousands);
      g_string_append_c (out, p[i]);
    }
  if (dot != NULL)
    {
      g_string_append (out, radix != NULL && *radix != '\0' ? radix : ".");
      g_string_append (out, dot + 1);
    }

  return g_string_free (out, FALSE);
}

/**
 * sonde_chart_format_value:
 * @value: a number
 *
 * Writes @value for a sentence: whole numbers as they are, others to
 * three significant digits (at least one decimal, at most six), without
 * trailing zeros; in the user's LC_NUMERIC.
 *
 * Returns: (transfer full): the text
 */
char *
sonde_chart_format_value (double value)
{
  char *text;
  int decimals;

  if (!isfinite (value) || (value == floor (value) && fabs (value) < 1e15))
    return sonde_chart_format_number (value, 0);

  decimals = CLAMP (2 - (int) floor (log10 (fabs (value))), 1, 6);
  text = sonde_chart_format_number (value, decimals);

  /* Strip trailing zeros after the decimal mark, then the mark itself. */
  {
    const char *radix = nl_langinfo (RADIXCHAR);
    char *mark = radix != NULL && *radix != '\0' ? strstr (text, radix) : strchr (text, '.');

    if (mark != NULL)
      {
        char *end = text + strlen (text);

        while (end > mark && end[-1] == '0')
          *--end = '\0';
        if (end == mark + strlen (radix))
          *mark = '\0';
      }
  }

  if (strcmp (text, "-0") == 0)
    {
      g_free (text);
      text = g_strdup ("0");
    }

  return text;
}

/**
 * sonde_chart_format_percent:
 * @fraction: a share, 0.0 to 1.0
 *
 * Returns: (transfer full): "85%" in English, "85 %" in French, with one
 *   decimal when the percentage is not whole.
 */
char *
sonde_chart_format_percent (double fraction)
{
  double percent = fraction * 100.0;
  g_autofree char *number = sonde_chart_format_number (percent, fabs (percent - round (percent)) < 0.05 ? 0 : 1);

  /* Translators: a percentage; %s is the number. French puts a narrow
   * no-break space (U+202F) before the sign: "%s %%". */
  return g_strdup_printf (C_("percent", "%s%%"), number);
}
