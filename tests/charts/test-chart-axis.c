/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-chart-axis"

/* Axis ticks and locale formatting of chart numbers and dates. Tick
 * values are worked by hand from Heckbert's algorithm (Graphics Gems,
 * "Nice numbers for graph labels") with the 2.5 step Sonde adds when a
 * step of 2 gives one tick too many; the French and English separators are
 * glibc's fr_FR.UTF-8 and en_US.UTF-8 (decimal comma and U+202F narrow
 * no-break space; decimal point and comma), read with `locale -k
 * LC_NUMERIC`. Locale tests skip when the locale is not installed.
 */

#include "config.h"

#include <locale.h>
#include <math.h>

#include "sonde-chart-axis.h"
#include "sonde-column.h"

static void
test_nice_number (void)
{
  const struct { double x; gboolean round; double expected; } cases[] = {
    { 1.2, TRUE, 1 }, { 2.2, TRUE, 2 }, { 3.2, TRUE, 5 }, { 8.0, TRUE, 10 },
    { 120, FALSE, 200 }, { 0.034, FALSE, 0.05 }, { 1.0, FALSE, 1.0 }, { 5.5, FALSE, 10 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpfloat_with_epsilon (sonde_chart_nice_number (cases[i].x, cases[i].round), cases[i].expected, 1e-12);
}

static void
test_ticks (void)
{
  const struct
  {
    double lo, hi;
    guint  max_ticks;
    double first, step;
    guint  n;
    int    decimals;
  } cases[] = {
    { 0, 100, 6, 0, 20, 6, 0 },
    { 12, 95, 6, 0, 20, 6, 0 },
    { 2, 230, 12, 0, 25, 11, 0 },       /* 20 would need 13 ticks */
    { 0.13, 0.87, 8, 0, 0.2, 6, 1 },
    { -3.5, 7.2, 10, -4, 2, 7, 0 },
    { 5, 5, 5, 4.5, 0.25, 5, 2 },       /* an empty range is widened by 10 % */
    { 1e6, 5e6, 6, 1e6, 1e6, 5, 0 },
    { 0, 1, 11, 0, 0.1, 11, 1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      SondeChartAxis axis;

      sonde_chart_axis_init_numbers (&axis, cases[i].lo, cases[i].hi, cases[i].max_ticks);
      g_test_message ("case %u: %g..%g step %g, %u ticks", i, axis.min, axis.max, axis.step, axis.n_ticks);
      g_assert_cmpuint (axis.n_ticks, ==, cases[i].n);
      g_assert_cmpuint (axis.n_ticks, <=, cases[i].max_ticks);
      g_assert_cmpfloat_with_epsilon (axis.step, cases[i].step, 1e-12);
      g_assert_cmpfloat_with_epsilon (axis.ticks[0], cases[i].first, 1e-9);
      g_assert_cmpint (axis.n_decimals, ==, cases[i].decimals);
      g_assert_cmpfloat (axis.min, <=, cases[i].lo);
      g_assert_cmpfloat (axis.max, >=, cases[i].hi);
      for (guint t = 1; t < axis.n_ticks; t++)
        g_assert_cmpfloat_with_epsilon (axis.ticks[t] - axis.ticks[t - 1], axis.step, 1e-9);
    }
}

static double
day (int y, int m, int d)
{
  gint32 days = 0;

  g_assert_true (sonde_date_from_ymd (y, m, d, &days));
  return days;
}

static void
test_date_ticks (void)
{
  SondeChartAxis axis;
  g_autofree char *label = NULL;

  setlocale (LC_ALL, "C.UTF-8");

  /* Six months fit six monthly ticks. */
  sonde_chart_axis_init_dates (&axis, day (2024, 1, 1), day (2024, 6, 1), 8);
  g_assert_cmpint (axis.unit, ==, SONDE_DATE_UNIT_MONTH);
  g_assert_cmpuint (axis.n_ticks, ==, 6);
  g_assert_cmpfloat (axis.ticks[5], ==, day (2024, 6, 1));
  label = sonde_chart_axis_format_tick (&axis, 2);
  g_assert_cmpstr (label, ==, "Mar 2024");
  g_clear_pointer (&label, g_free);

  /* Ten days: daily ticks, or every other day when only six fit. */
  sonde_chart_axis_init_dates (&axis, day (2024, 3, 1), day (2024, 3, 10), 12);
  g_assert_cmpint (axis.unit, ==, SONDE_DATE_UNIT_DAY);
  g_assert_cmpuint (axis.n_ticks, ==, 10);
  label = sonde_chart_axis_format_tick (&axis, 0);
  g_assert_cmpstr (label, ==, "1 Mar");
  g_clear_pointer (&label, g_free);
  sonde_chart_axis_init_dates (&axis, day (2024, 3, 1), day (2024, 3, 10), 6);
  g_assert_cmpfloat (axis.step, ==, 2);

  /* A quarter century: every five years. */
  sonde_chart_axis_init_dates (&axis, day (2000, 1, 1), day (2024, 6, 1), 6);
  g_assert_cmpint (axis.unit, ==, SONDE_DATE_UNIT_YEAR);
  g_assert_cmpuint (axis.n_ticks, ==, 6);
  label = sonde_chart_axis_format_tick (&axis, 5);
  g_assert_cmpstr (label, ==, "2025");
}

static void
check_format (double      value,
              int         decimals,
              const char *expected)
{
  g_autofree char *text = decimals >= 0 ? sonde_chart_format_number (value, decimals) : sonde_chart_format_value (value);

  g_assert_cmpstr (text, ==, expected);
}

static void
test_format_c (void)
{
  g_autofree char *percent = NULL;

  setlocale (LC_ALL, "C.UTF-8");
  check_format (1234567.891, 2, "1234567.89");
  check_format (-0.001, 2, "0.00");
  check_format (-12.5, 1, "-12.5");
  check_format (45.2345, -1, "45.2");
  check_format (0.8234, -1, "0.823");
  check_format (12, -1, "12");
  check_format (1234.56, -1, "1234.6");
  check_format (0.000123456, -1, "0.000123");
  check_format (NAN, -1, "–");
  percent = sonde_chart_format_percent (0.85);
  g_assert_cmpstr (percent, ==, "85%");
}

static void
test_format_english (void)
{
  if (setlocale (LC_ALL, "en_US.UTF-8") == NULL)
    {
      g_test_skip ("en_US.UTF-8 is not installed");
      return;
    }
  check_format (1234567.891, 2, "1,234,567.89");
  check_format (1204, 0, "1,204");
  check_format (-1204.5, 1, "-1,204.5");
  check_format (999, 0, "999");
  setlocale (LC_ALL, "C.UTF-8");
}

static void
test_format_french (void)
{
  g_autofree char *date = NULL;

  if (setlocale (LC_ALL, "fr_FR.UTF-8") == NULL)
    {
      g_test_skip ("fr_FR.UTF-8 is not installed");
      return;
    }
  /* U+202F NARROW NO-BREAK SPACE between thousands, a decimal comma. */
  check_format (1234567.891, 2, "1\u202F234\u202F567,89");
  check_format (1204, 0, "1\u202F204");
  check_format (45.2345, -1, "45,2");
  check_format (12, -1, "12");
  check_format (0.5, -1, "0,5");
  date = sonde_chart_format_date (day (2024, 3, 1), SONDE_DATE_UNIT_MONTH);
  g_assert_cmpstr (date, ==, "mars 2024");
  setlocale (LC_ALL, "C.UTF-8");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/charts/axis/nice-number", test_nice_number);
  g_test_add_func ("/charts/axis/ticks", test_ticks);
  g_test_add_func ("/charts/axis/date-ticks", test_date_ticks);
  g_test_add_func ("/charts/axis/format-c", test_format_c);
  g_test_add_func ("/charts/axis/format-english", test_format_english);
  g_test_add_func ("/charts/axis/format-french", test_format_french);

  return g_test_run ();
}
