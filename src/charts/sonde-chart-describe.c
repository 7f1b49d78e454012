/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sonde-charts"

/* A SondeChart told in words, for people who cannot see it and for
 * everyone who wants the gist: three levels of detail, as the charts issue
 * asks, and one sentence per item for keyboard exploration.
 *
 *   overview    what the chart shows: its title and kind, what the axes
 *               hold and over which range, how many values or groups;
 *   statistics  extremes, means, medians, correlation, totals, AUC;
 *   trends      rises and falls (Mann-Kendall's sign count over the
 *               points: |tau| above 0.5 is a trend), skew, outliers by the
 *               1.5 × IQR rule, points far from the least-squares line,
 *               strongly correlated pairs, the most frequent confusion.
 *
 * Every sentence is a whole translatable string (no sentence is glued from
 * translated fragments, so that French can order and agree its words);
 * numbers and dates are written for the user's locale by
 * sonde-chart-axis.c. Texts come in the current gettext language.
 * Costs are linear in the data, except the trend count, which is
 * quadratic and so runs over at most 1 000 evenly spaced points.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "sonde-chart-private.h"


static char *
num (double v)
{
  return sonde_chart_format_value (v);
}

static char *
count (double n)
{
  return sonde_chart_format_number (n, 0);
}

static const char *
title_of (SondeChart *self)
{
  return self->title != NULL ? self->title : "";
}

static const char *
series_name (SondeChart *self,
             guint       s)
{
  SondeChartSeries *ser = g_ptr_array_index (self->series, s);

  if (ser->name != NULL)
    return ser->name;
  return self->y_label != NULL ? self->y_label : "y";
}

/* "a, b and c" in the user's language. */
static char *
join_list (GPtrArray *items)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < items->len; i++)
    {
      if (i > 0 && i + 1 == items->len)
        /* Translators: the last separator of a list, “a, b and c” */
        g_string_append (out, _(" and "));
      else if (i > 0)
        /* Translators: the separator of a list, “a, b and c” */
        g_string_append (out, _(", "));
      g_string_append (out, g_ptr_array_index (items, i));
    }
  return g_string_free (out, FALSE);
}

static char *
series_list (SondeChart *self)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  for (guint s = 0; s < self->series->len; s++)
    g_ptr_array_add (names, (gpointer) series_name (self, s));
  return join_list (names);
}

static void
append_sentence (GString    *out,
                 const char *sentence)
{
  if (out->len > 0)
    g_string_append_c (out, ' ');
  g_string_append (out, sentence);
}

G_GNUC_PRINTF (2, 3)
static void
say (GString    *out,
     const char *format,
     ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  append_sentence (out, text);
}

static void
say_series (GString    *out,
            SondeChart *self)
{
  g_autofree char *list = NULL;

  if (self->series->len < 2)
    return;
  list = series_list (self);
  say (out, g_dngettext (GETTEXT_PACKAGE, "There is %u series: %s.", "There are %u series: %s.", self->series->len),
       self->series->len, list);
}

static void
say_missing (GString    *out,
             SondeChart *self)
{
  g_autofree char *n = NULL;

  if (self->n_missing == 0)
    return;
  n = count (self->n_missing);
  say (out, g_dngettext (GETTEXT_PACKAGE, "%s row with a missing value is left out.", "%s rows with a missing value are left out.",
               self->n_missing), n);
}

static void
say_outliers (GString       *out,
              SondeChartBox *b,
              const char    *group)
{
  double iqr = b->q3 - b->q1;
  g_autofree char *high = num (b->q3 + 1.5 * iqr);
  g_autofree char *low = num (b->q1 - 1.5 * iqr);

  if (group != NULL)
    {
      if (b->n_high > 0)
        say (out, g_dngettext (GETTEXT_PACKAGE, "%s: %u outlier above %s.", "%s: %u outliers above %s.", b->n_high), group, b->n_high, high);
      if (b->n_low > 0)
        say (out, g_dngettext (GETTEXT_PACKAGE, "%s: %u outlier below %s.", "%s: %u outliers below %s.", b->n_low), group, b->n_low, low);
      return;
    }

  if (b->n_high > 0)
    say (out, g_dngettext (GETTEXT_PACKAGE, "%u outlier above %s.", "%u outliers above %s.", b->n_high), b->n_high, high);
  if (b->n_low > 0)
    say (out, g_dngettext (GETTEXT_PACKAGE, "%u outlier below %s.", "%u outliers below %s.", b->n_low), b->n_low, low);
}

/* ---------------------------------------------------------------------- */

static void
describe_histogram (SondeChart       *self,
                    SondeChartDetail  detail,
                    GString          *out)
{
  SondeChartBox *b = &g_array_index (self->boxes, SondeChartBox, 0);
  guint n_bins = self->entries->len;

  if (detail == SONDE_CHART_DETAIL_OVERVIEW)
    {
      g_autofree char *n = count (b->n);
      g_autofree char *lo = num (g_array_index (self->bin_edges, double, 0));
      g_autofree char *hi = num (g_array_index (self->bin_edges, double, self->bin_edges->len - 1));

      say (out, g_dngettext (GETTEXT_PACKAGE, "%s: a histogram of %s value.", "%s: a histogram of %s values.", b->n), title_of (self), n);
      say (out, g_dngettext (GETTEXT_PACKAGE, "Its %u bin runs from %s to %s.", "Its %u bins run from %s to %s.", n_bins), n_bins, lo, hi);
      say_missing (out, self);
    }
  else if (b->n == 0)
    return;
  else if (detail == SONDE_CHART_DETAIL_STATISTICS)
    {
      g_autofree char *min = num (b->min);
      g_autofree char *max = num (b->max);
      g_autofree char *mean = num (b->mean);
      g_autofree char *median = num (b->median);
      SondeChartEntry *top = NULL;
      g_autofree char *top_n = NULL;

      say (out, _("Values range from %s to %s; the mean is %s and the median %s."), min, max, mean, median);
      for (guint i = 0; i < self->entries->len; i++)
        {
          SondeChartEntry *e = &g_array_index (self->entries, SondeChartEntry, i);

          if (top == NULL || e->y > top->y)
            top = e;
        }
      top_n = count (top->y);
      say (out, g_dngettext (GETTEXT_PACKAGE, "The tallest bin, %s, holds %s value.", "The tallest bin, %s, holds %s values.", (gulong) top->y),
           top->label, top_n);
    }
  else
    {
      g_autofree char *q1 = num (b->q1);
      g_autofree char *q3 = num (b->q3);
      double iqr = b->q3 - b->q1;

      say (out, _("Half of the values lie between %s and %s."), q1, q3);
      if (iqr > 0 && b->mean - b->median > 0.1 * iqr)
        say (out, "%s", _("The distribution is skewed to the right: the mean is above the median."));
      else if (iqr > 0 && b->median - b->mean > 0.1 * iqr)
        say (out, "%s", _("The distribution is skewed to the left: the mean is below the median."));
      else
        say (out, "%s", _("The distribution is roughly symmetric."));
      if (b->n_low + b->n_high == 0)
        say (out, "%s", _("There are no outliers by the 1.5 × IQR rule."));
      else
        say_outliers (out, b, NULL);
    }
}

static double
category_total (SondeChart *self,
                guint       c)
{
  double total = 0;

  for (guint s = 0; s < self->series->len; s++)
    {
      double v = sonde_chart_bar_value (self, s, c);

      if (isfinite (v))
        total += v;
    }
  return total;
}

typedef struct
{
  const char *label;
  double      value;
} Ranked;

static int
compare_ranked_desc (gconstpointer a,
                     gconstpointer b)
{
  const Ranked *ra = a, *rb = b;

  return ra->value > rb->value ? -1 : ra->value < rb->value ? 1 : 0;
}

static void
describe_bar (SondeChart       *self,
              SondeChartDetail  detail,
              GString          *out)
{
  guint n_cat = self->categories->len;

  if (detail == SONDE_CHART_DETAIL_OVERVIEW)
    {
      say (out, g_dngettext (GETTEXT_PACKAGE, "%s: a bar chart of %u category.", "%s: a bar chart of %u categories.", n_cat), title_of (self), n_cat);
      say_series (out, self);
      if (self->series->len > 1)
        say (out, "%s", self->stacked ? _("The bars of each category are stacked.")
                                      : _("The bars of each category stand side by side."));
      say_missing (out, self);
      return;
    }

  if (n_cat == 0)
    return;

  if (detail == SONDE_CHART_DETAIL_STATISTICS)
    {
      for (guint s = 0; s < self->series->len; s++)
        {
          int hi = -1, lo = -1;
          g_autofree char *hv = NULL;
          g_autofree char *lv = NULL;

          for (guint c = 0; c < n_cat; c++)
            {
              double v = sonde_chart_bar_value (self, s, c);

              if (!isfinite (v))
                continue;
              if (hi < 0 || v > sonde_chart_bar_value (self, s, hi))
                hi = c;
              if (lo < 0 || v < sonde_chart_bar_value (self, s, lo))
                lo = c;
            }
          if (hi < 0)
            continue;
          hv = num (sonde_chart_bar_value (self, s, hi));
          lv = num (sonde_chart_bar_value (self, s, lo));
          if (self->series->len == 1)
            say (out, _("The highest is %s with %s; the lowest is %s with %s."),
                 (char *) g_ptr_array_index (self->categories, hi), hv,
                 (char *) g_ptr_array_index (self->categories, lo), lv);
          else
            say (out, _("%s: the highest is %s with %s; the lowest is %s with %s."), series_name (self, s),
                 (char *) g_ptr_array_index (self->categories, hi), hv,
                 (char *) g_ptr_array_index (self->categories, lo), lv);
        }
      if (self->series->len > 1 || g_strcmp0 (self->y_label, _("Count")) == 0)
        {
          double total = 0;
          g_autofree char *t = NULL;

          for (guint c = 0; c < n_cat; c++)
            total += category_total (self, c);
          t = num (total);
          say (out, _("The total is %s."), t);
        }
      return;
    }

  /* Trends: the categories ranked by their (total) value. */
  {
    g_autoptr(GArray) ranked = g_array_new (FALSE, FALSE, sizeof (Ranked));
    g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_free);
    g_autofree char *list = NULL;
    guint shown;

    for (guint c = 0; c < n_cat; c++)
      {
        Ranked r = { g_ptr_array_index (self->categories, c), category_total (self, c) };

        g_array_append_val (ranked, r);
      }
    g_array_sort (ranked, compare_ranked_desc);
    shown = MIN (ranked->len, 8);
    for (guint i = 0; i < shown; i++)
      {
        Ranked *r = &g_array_index (ranked, Ranked, i);
        g_autofree char *v = num (r->value);

        /* Translators: an item of a ranking, “Informatique (120)” */
        g_ptr_array_add (items, g_strdup_printf (_("%s (%s)"), r->label, v));
      }
    list = join_list (items);
    if (self->series->len > 1)
      say (out, _("By total, from the largest: %s."), list);
    else
      say (out, _("From the largest: %s."), list);
    if (ranked->len > shown)
      say (out, g_dngettext (GETTEXT_PACKAGE, "%u more category follows.", "%u more categories follow.", ranked->len - shown), ranked->len - shown);
    if (ranked->len >= 2)
      {
        Ranked *first = &g_array_index (ranked, Ranked, 0);
        Ranked *second = &g_array_index (ranked, Ranked, 1);

        if (second->value > 0 && first->value >= 2 * second->value)
          say (out, _("%s stands out: at least twice the next one."), first->label);
      }
  }
}

static void
describe_box (SondeChart       *self,
              SondeChartDetail  detail,
              GString          *out)
{
  guint n_groups = self->boxes->len;

  if (detail == SONDE_CHART_DETAIL_OVERVIEW)
    {
      guint total = 0;
      g_autofree char *n = NULL;

      for (guint s = 0; s < n_groups; s++)
        total += g_array_index (self->boxes, SondeChartBox, s).n;
      n = count (total);
      say (out, g_dngettext (GETTEXT_PACKAGE, "%s: a box plot of %u group.", "%s: a box plot of %u groups.", n_groups), title_of (self), n_groups);
      say (out, g_dngettext (GETTEXT_PACKAGE, "It summarises %s value of %s.", "It summarises %s values of %s.", total), n,
           self->y_label != NULL ? self->y_label : "y");
      say_missing (out, self);
      return;
    }

  if (detail == SONDE_CHART_DETAIL_STATISTICS)
    {
      for (guint s = 0; s < n_groups; s++)
        {
          SondeChartBox *b = &g_array_index (self->boxes, SondeChartBox, s);
          g_autofree char *median = num (b->median);
          g_autofree char *q1 = num (b->q1);
          g_autofree char *q3 = num (b->q3);
          g_autofree char *min = num (b->min);
          g_autofree char *max = num (b->max);

          if (b->n == 0)
            continue;
          say (out, _("%s: median %s, half of the values between %s and %s, all from %s to %s."),
               series_name (self, s), median, q1, q3, min, max);
        }
      return;
    }

  {
    int hi = -1, lo = -1;
    guint n_out = 0;

    for (guint s = 0; s < n_groups; s++)
      {
        SondeChartBox *b = &g_array_index (self->boxes, SondeChartBox, s);

        if (b->n == 0)
          continue;
        if (hi < 0 || b->median > g_array_index (self->boxes, SondeChartBox, hi).median)
          hi = s;
        if (lo < 0 || b->median < g_array_index (self->boxes, SondeChartBox, lo).median)
          lo = s;
        n_out += b->n_low + b->n_high;
      }
    if (n_groups > 1 && hi >= 0 && hi != lo)
      {
        g_autofree char *hv = num (g_array_index (self->boxes, SondeChartBox, hi).median);
        g_autofree char *lv = num (g_array_index (self->boxes, SondeChartBox, lo).median);

        say (out, _("The highest median is that of %s (%s), the lowest that of %s (%s)."),
             series_name (self, hi), hv, series_name (self, lo), lv);
      }
    if (n_out == 0)
      say (out, "%s", _("There are no outliers by the 1.5 × IQR rule."));
    else
      for (guint s = 0; s < n_groups; s++)
        say_outliers (out, &g_array_index (self->boxes, SondeChartBox, s),
                      n_groups > 1 ? series_name (self, s) : NULL);
  }
}

static void
say_relation (GString    *out,
              SondeChart *self,
              double      r)
{
  const char *x = self->x_label != NULL ? self->x_label : "x";
  const char *y = self->y_label != NULL ? self->y_label : "y";

  if (!isfinite (r) || fabs (r) < 0.1)
    say (out, _("There is no clear linear relation between %s and %s."), x, y);
  else if (r >= 0.7)
    say (out, _("%s tends to rise with %s: a strong positive relation."), y, x);
  else if (r >= 0.3)
    say (out, _("%s tends to rise with %s: a moderate positive relation."), y, x);
  else if (r > 0)
    say (out, _("%s rises slightly with %s: a weak positive relation."), y, x);
  else if (r <= -0.7)
    say (out, _("%s tends to fall as %s rises: a strong negative relation."), y, x);
  else if (r <= -0.3)
    say (out, _("%s tends to fall as %s rises: a moderate negative relation."), y, x);
  else
    say (out, _("%s falls slightly as %s rises: a weak negative relation."), y, x);
}

static void
describe_scatter (SondeChart       *self,
                  SondeChartDetail  detail,
                  GString          *out)
{
  guint n = sonde_chart_n_points (self);
  const char *xl = self->x_label != NULL ? self->x_label : "x";
  const char *yl = self->y_label != NULL ? self->y_label : "y";

  if (detail == SONDE_CHART_DETAIL_OVERVIEW)
    {
      g_autofree char *nn = count (n);
      double xlo, xhi, ylo, yhi;

      say (out, g_dngettext (GETTEXT_PACKAGE, "%s: a scatter plot of %s point.", "%s: a scatter plot of %s points.", n), title_of (self), nn);
      if (n > 0)
        {
          g_autofree char *a = NULL, *b = NULL, *c = NULL, *d = NULL;

          sonde_chart_series_range (self, FALSE, &xlo, &xhi);
          sonde_chart_series_range (self, TRUE, &ylo, &yhi);
          a = num (xlo);
          b = num (xhi);
          c = num (ylo);
          d = num (yhi);
          say (out, _("%s runs from %s to %s along the horizontal axis, and %s from %s to %s along the vertical axis."),
               xl, a, b, yl, c, d);
        }
      say_series (out, self);
      if (n > SONDE_CHART_DENSITY_THRESHOLD)
        say (out, "%s", _("The points are too many to draw one by one: the shade of each spot shows how many fall there."));
      say_missing (out, self);
      return;
    }

  if (n < 3)
    return;

  if (detail == SONDE_CHART_DETAIL_STATISTICS)
    {
      double sx = 0, sy = 0;
      g_autofree char *mx = NULL, *my = NULL, *r = NULL;

      for (guint s = 0; s < self->series->len; s++)
        {
          SondeChartSeries *ser = g_ptr_array_index (self->series, s);

          for (guint i = 0; i < ser->y->len; i++)
            {
              double x = g_array_index (ser->x, double, i), y = g_array_index (ser->y, double, i);

              if (isfinite (x) && isfinite (y))
                {
                  sx += x;
                  sy += y;
                }
            }
        }
      mx = num (sx / n);
      my = num (sy / n);
      r = sonde_chart_format_number (self->r, 2);
      say (out, _("The mean of %s is %s and the mean of %s is %s."), xl, mx, yl, my);
      say (out, _("The correlation coefficient r is %s."), r);
      if (self->have_fit)
        {
          g_autofree char *a = num (self->intercept);
          g_autofree char *b = num (self->slope);

          /* Translators: the equation of a line, “score = 2.1 + 0.5 × hours” */
          say (out, _("The least-squares line is %s = %s + %s × %s."), yl, a, b, xl);
        }
      return;
    }

  say_relation (out, self, self->r);
  if (self->have_fit)
    {
      /* Points more than three residual standard deviations off the line. */
      double ss = 0;
      guint far = 0;

      for (guint pass = 0; pass < 2; pass++)
        for (guint s = 0; s < self->series->len; s++)
          {
            SondeChartSeries *ser = g_ptr_array_index (self->series, s);

            for (guint i = 0; i < ser->y->len; i++)
              {
                double x = g_array_index (ser->x, double, i), y = g_array_index (ser->y, double, i);
                double e = y - (self->intercept + self->slope * x);

                if (!isfinite (e))
                  continue;
                if (pass == 0)
                  ss += e * e;
                else if (ss > 0 && fabs (e) > 3 * sqrt (ss / (n - 2)))
                  far++;
              }
          }
      if (far > 0)
        {
          g_autofree char *f = count (far);

          say (out, g_dngettext (GETTEXT_PACKAGE, "%s point lies far from the line (more than three standard deviations).",
                       "%s points lie far from the line (more than three standard deviations).", far), f);
        }
      else
        say (out, "%s", _("No point lies far from the line."));
    }
}

/* Mann-Kendall's S over at most 1 000 evenly spaced points, as tau. */
static double
trend_tau (SondeChartSeries *ser)
{
  g_autoptr(GArray) y = g_array_new (FALSE, FALSE, sizeof (double));
  guint n = ser->y->len, stride = n > 1000 ? (n + 999) / 1000 : 1;
  double s = 0;

  for (guint i = 0; i < n; i += stride)
    {
      double v = g_array_index (ser->y, double, i);

      if (isfinite (v) && isfinite (g_array_index (ser->x, double, i)))
        g_array_append_val (y, v);
    }
  if (y->len < 3)
    return 0;
  for (guint i = 0; i < y->len; i++)
    for (guint j = i + 1; j < y->len; j++)
      {
        double d = g_array_index (y, double, j) - g_array_index (y, double, i);

        s += d > 0 ? 1 : d < 0 ? -1 : 0;
      }
  return s / (0.5 * y->len * (y->len - 1));
}

static gboolean
series_ends (SondeChartSeries *ser,
             guint            *first,
             guint            *last,
             guint            *lo,
             guint            *hi,
             double           *mean)
{
  guint n = 0;
  double sum = 0;

  for (guint i = 0; i < ser->y->len; i++)
    {
      double x = g_array_index (ser->x, double, i), y = g_array_index (ser->y, double, i);

      if (!isfinite (x) || !isfinite (y))
        continue;
      if (n == 0)
        *first = *lo = *hi = i;
      *last = i;
      if (y < g_array_index (ser->y, double, *lo))
        *lo = i;
      if (y > g_array_index (ser->y, double, *hi))
        *hi = i;
      sum += y;
      n++;
    }
  *mean = n > 0 ? sum / n : NAN;
  return n > 0;
}

static void
describe_line (SondeChart       *self,
               SondeChartDetail  detail,
               GString          *out)
{
  guint n = sonde_chart_n_points (self);
  const char *xl = self->x_label != NULL ? self->x_label : "x";

  if (detail == SONDE_CHART_DETAIL_OVERVIEW)
    {
      g_autofree char *nn = count (n);

      if (self->kind == SONDE_CHART_LEARNING)
        say (out, g_dngettext (GETTEXT_PACKAGE, "%s: %s score against training size.", "%s: %s scores against training size.", n),
             title_of (self), nn);
      else
        say (out, g_dngettext (GETTEXT_PACKAGE, "%s: a line chart of %s point.", "%s: a line chart of %s points.", n), title_of (self), nn);
      if (n > 0)
        {
          double lo, hi;
          g_autofree char *a = NULL, *b = NULL;

          sonde_chart_series_range (self, FALSE, &lo, &hi);
          a = sonde_chart_format_x (self, lo);
          b = sonde_chart_format_x (self, hi);
          say (out, _("%s runs from %s to %s."), xl, a, b);
        }
      say_series (out, self);
      say_missing (out, self);
      return;
    }

  for (guint s = 0; s < self->series->len; s++)
    {
      SondeChartSeries *ser = g_ptr_array_index (self->series, s);
      guint first, last, lo, hi;
      double mean;
      g_autofree char *vlo = NULL, *xlo = NULL, *vhi = NULL, *xhi = NULL, *m = NULL;
      g_autofree char *v0 = NULL, *x0 = NULL, *v1 = NULL, *x1 = NULL;
      double tau;
      const char *name = series_name (self, s);

      if (!series_ends (ser, &first, &last, &lo, &hi, &mean))
        continue;

      if (detail == SONDE_CHART_DETAIL_STATISTICS)
        {
          vlo = num (g_array_index (ser->y, double, lo));
          xlo = sonde_chart_format_x (self, g_array_index (ser->x, double, lo));
          vhi = num (g_array_index (ser->y, double, hi));
          xhi = sonde_chart_format_x (self, g_array_index (ser->x, double, hi));
          m = num (mean);
          if (self->x_dates)
            say (out, _("%s: lowest %s in %s, highest %s in %s, mean %s."), name, vlo, xlo, vhi, xhi, m);
          else
            say (out, _("%s: lowest %s at %s %s, highest %s at %s %s, mean %s."), name, vlo, xl, xlo, vhi, xl, xhi, m);
          continue;
        }

      tau = trend_tau (ser);
      v0 = num (g_array_index (ser->y, double, first));
      x0 = sonde_chart_format_x (self, g_array_index (ser->x, double, first));
      v1 = num (g_array_index (ser->y, double, last));
      x1 = sonde_chart_format_x (self, g_array_index (ser->x, double, last));
      if (tau > 0.5 && self->x_dates)
        say (out, _("%s rises from %s in %s to %s in %s."), name, v0, x0, v1, x1);
      else if (tau > 0.5)
        say (out, _("%s rises from %s to %s as %s goes from %s to %s."), name, v0, v1, xl, x0, x1);
      else if (tau < -0.5 && self->x_dates)
        say (out, _("%s falls from %s in %s to %s in %s."), name, v0, x0, v1, x1);
      else if (tau < -0.5)
        say (out, _("%s falls from %s to %s as %s goes from %s to %s."), name, v0, v1, xl, x0, x1);
      else
        {
          vlo = num (g_array_index (ser->y, double, lo));
          vhi = num (g_array_index (ser->y, double, hi));
          xhi = sonde_chart_format_x (self, g_array_index (ser->x, double, hi));
          say (out, _("%s varies between %s and %s without a clear trend, with its peak at %s."), name, vlo, vhi, xhi);
        }
    }

  if (detail == SONDE_CHART_DETAIL_TRENDS && self->kind == SONDE_CHART_LEARNING && self->series->len == 2)
    {
      SondeChartSeries *a = g_ptr_array_index (self->series, 0);
      SondeChartSeries *b = g_ptr_array_index (self->series, 1);

      if (a->y->len > 0 && b->y->len > 0)
        {
          double ya = g_array_index (a->y, double, a->y->len - 1);
          double yb = g_array_index (b->y, double, b->y->len - 1);
          double xmax = MAX (g_array_index (a->x, double, a->x->len - 1), g_array_index (b->x, double, b->x->len - 1));
          g_autofree char *sx = num (xmax), *sa = num (ya), *sb = num (yb), *gap = num (fabs (ya - yb));

          say (out, _("At the largest size, %s, %s scores %s and %s scores %s: a gap of %s."),
               sx, series_name (self, 0), sa, series_name (self, 1), sb, gap);
          if (fabs (ya - yb) > 0.1 * MAX (fabs (ya), fabs (yb)))
            say (out, "%s", _("Such a gap suggests over-fitting: the model does much better on the data it learnt from."));
          else
            say (out, "%s", _("The two curves end close together."));
        }
    }
}

static void
describe_curve (SondeChart       *self,
                SondeChartDetail  detail,
                GString          *out)
{
  gboolean pr = self->kind == SONDE_CHART_PR;
  SondeChartSeries *ser = self->series->len > 0 ? g_ptr_array_index (self->series, 0) : NULL;

  if (ser == NULL)
    return;

  if (detail == SONDE_CHART_DETAIL_OVERVIEW)
    {
      g_autofree char *n = count (self->n_positive + self->n_negative);
      g_autofree char *p = count (self->n_positive);

      say (out, _("%s: %s cases, %s of them positive (%s)."), title_of (self), n, p, series_name (self, 0));
      say (out, "%s", pr ? _("The curve shows precision against recall as the threshold on the score falls.")
                         : _("The curve shows the true-positive rate against the false-positive rate as the threshold on the score falls."));
      say_missing (out, self);
    }
  else if (detail == SONDE_CHART_DETAIL_STATISTICS)
    {
      g_autofree char *auc = sonde_chart_format_number (self->auc, 3);

      if (pr)
        {
          g_autofree char *base = sonde_chart_format_number ((double) self->n_positive / (self->n_positive + self->n_negative), 3);

          say (out, _("The average precision is %s; guessing at random would give %s."), auc, base);
        }
      else
        say (out, _("The area under the curve (AUC) is %s; guessing at random would give 0.5."), auc);
    }
  else
    {
      /* The operating point where the x axis first reaches 10 % (ROC) or
       * 50 % (PR). */
      double target = pr ? 0.5 : 0.1;
      guint at = ser->x->len - 1;
      g_autofree char *xs = NULL, *ys = NULL;

      for (guint i = 0; i < ser->x->len; i++)
        if (g_array_index (ser->x, double, i) >= target)
          {
            at = i;
            break;
          }
      xs = sonde_chart_format_percent (g_array_index (ser->x, double, at));
      ys = sonde_chart_format_percent (g_array_index (ser->y, double, at));

      if (!pr)
        {
          if (self->auc >= 0.9)
            say (out, "%s", _("The score separates the two classes very well."));
          else if (self->auc >= 0.8)
            say (out, "%s", _("The score separates the two classes well."));
          else if (self->auc >= 0.7)
            say (out, "%s", _("The score separates the two classes fairly."));
          else if (self->auc > 0.55)
            say (out, "%s", _("The score separates the two classes poorly."));
          else
            say (out, "%s", _("The score does no better than chance."));
          say (out, _("With %s false positives, it finds %s of the positives."), xs, ys);
        }
      else
        say (out, _("When it finds %s of the positives, %s of its positive predictions are right."), xs, ys);
    }
}

static void
describe_matrix (SondeChart       *self,
                 SondeChartDetail  detail,
                 GString          *out)
{
  guint k = self->categories->len, m = self->columns->len;
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autofree char *list = NULL;
  gboolean confusion = self->kind == SONDE_CHART_CONFUSION;

  for (guint i = 0; i < k; i++)
    g_ptr_array_add (names, g_ptr_array_index (self->categories, i));
  list = join_list (names);

#define CELL(r, c) g_array_index (self->matrix, double, (r) * m + (c))

  if (!confusion)
    {
      if (detail == SONDE_CHART_DETAIL_OVERVIEW)
        say (out, g_dngettext (GETTEXT_PACKAGE, "%s: the correlations between %u variable: %s.", "%s: the correlations between %u variables: %s.", k),
             title_of (self), k, list);
      else if (detail == SONDE_CHART_DETAIL_STATISTICS)
        {
          int pi = -1, pj = -1, ni = -1, nj = -1;

          for (guint i = 0; i < k; i++)
            for (guint j = i + 1; j < m; j++)
              {
                double r = CELL (i, j);

                if (!isfinite (r))
                  continue;
                if (r > 0 && (pi < 0 || r > CELL (pi, pj)))
                  pi = i, pj = j;
                if (r < 0 && (ni < 0 || r < CELL (ni, nj)))
                  ni = i, nj = j;
              }
          if (pi >= 0)
            {
              g_autofree char *r = sonde_chart_format_number (CELL (pi, pj), 2);

              say (out, _("The strongest positive correlation is between %s and %s (r = %s)."),
                   (char *) g_ptr_array_index (self->categories, pi), (char *) g_ptr_array_index (self->columns, pj), r);
            }
          if (ni >= 0)
            {
              g_autofree char *r = sonde_chart_format_number (CELL (ni, nj), 2);

              say (out, _("The strongest negative correlation is between %s and %s (r = %s)."),
                   (char *) g_ptr_array_index (self->categories, ni), (char *) g_ptr_array_index (self->columns, nj), r);
            }
        }
      else
        {
          g_autoptr(GPtrArray) strong = g_ptr_array_new_with_free_func (g_free);

          for (guint i = 0; i < k; i++)
            for (guint j = i + 1; j < m; j++)
              if (isfinite (CELL (i, j)) && fabs (CELL (i, j)) >= 0.7)
                {
                  g_autofree char *r = sonde_chart_format_number (CELL (i, j), 2);

                  /* Translators: a pair of variables and their correlation, “age and income (0.81)” */
                  g_ptr_array_add (strong, g_strdup_printf (_("%s and %s (%s)"),
                                                            (char *) g_ptr_array_index (self->categories, i),
                                                            (char *) g_ptr_array_index (self->columns, j), r));
                }
          if (strong->len == 0)
            say (out, "%s", _("No pair of variables is strongly correlated (|r| of 0.7 or more)."));
          else
            {
              g_autofree char *pairs = join_list (strong);

              say (out, g_dngettext (GETTEXT_PACKAGE, "%u strongly correlated pair (|r| of 0.7 or more): %s.",
                           "%u strongly correlated pairs (|r| of 0.7 or more): %s.", strong->len), strong->len, pairs);
            }
        }
      return;
    }

  {
    double total = 0, diagonal = 0, worst = 0;
    int wi = -1, wj = -1;
    g_autofree char *n = NULL;

    for (guint i = 0; i < k; i++)
      for (guint j = 0; j < m; j++)
        {
          total += CELL (i, j);
          if (i == j)
            diagonal += CELL (i, j);
          else if (CELL (i, j) > worst)
            {
              worst = CELL (i, j);
              wi = i;
              wj = j;
            }
        }
    n = count (total);

    if (detail == SONDE_CHART_DETAIL_OVERVIEW)
      {
        say (out, g_dngettext (GETTEXT_PACKAGE, "%s: %s case, by true class in rows and predicted class in columns.",
                     "%s: %s cases, by true class in rows and predicted class in columns.", (gulong) total),
             title_of (self), n);
        say (out, g_dngettext (GETTEXT_PACKAGE, "There is %u class: %s.", "There are %u classes: %s.", k), k, list);
        say_missing (out, self);
      }
    else if (detail == SONDE_CHART_DETAIL_STATISTICS)
      {
        g_autofree char *acc = sonde_chart_format_percent (total > 0 ? diagonal / total : 0);
        g_autofree char *d = count (diagonal);

        say (out, _("The accuracy is %s: %s of the %s cases are on the diagonal."), acc, d, n);
      }
    else if (wi < 0)
      say (out, "%s", _("No case is misclassified."));
    else
      {
        g_autofree char *w = count (worst);

        say (out, g_dngettext (GETTEXT_PACKAGE, "The most frequent confusion is %s predicted as %s (%s case).",
                     "The most frequent confusion is %s predicted as %s (%s cases).", (gulong) worst),
             (char *) g_ptr_array_index (self->categories, wi), (char *) g_ptr_array_index (self->columns, wj), w);
      }
  }
#undef CELL
}

/**
 * sonde_chart_describe:
 * @self: a chart
 * @detail: how much to say
 *
 * The chart in words, in the current gettext language, with numbers and
 * dates written for the user's locale: at %SONDE_CHART_DETAIL_OVERVIEW
 * what it shows, at %SONDE_CHART_DETAIL_STATISTICS its figures, at
 * %SONDE_CHART_DETAIL_TRENDS its trends and outliers. Each level is a
 * short paragraph of whole sentences; the levels do not repeat each other.
 *
 * Returns: (transfer full): the text, empty when there is nothing to say
 *   at that level (statistics of an empty chart)
 */
char *
sonde_chart_describe (SondeChart       *self,
                      SondeChartDetail  detail)
{
  GString *out;

  g_return_val_if_fail (SONDE_IS_CHART (self), NULL);

  sonde_chart_prepare (self);
  out = g_string_new (NULL);

  switch (self->kind)
    {
    case SONDE_CHART_HISTOGRAM:
      describe_histogram (self, detail, out);
      break;
    case SONDE_CHART_BAR:
      describe_bar (self, detail, out);
      break;
    case SONDE_CHART_BOX:
      describe_box (self, detail, out);
      break;
    case SONDE_CHART_SCATTER:
      describe_scatter (self, detail, out);
      break;
    case SONDE_CHART_LINE:
    case SONDE_CHART_LEARNING:
      describe_line (self, detail, out);
      break;
    case SONDE_CHART_ROC:
    case SONDE_CHART_PR:
      describe_curve (self, detail, out);
      break;
    case SONDE_CHART_HEATMAP:
    case SONDE_CHART_CONFUSION:
      describe_matrix (self, detail, out);
      break;
    default:
      g_assert_not_reached ();
    }

  return g_string_free (out, FALSE);
}

/**
 * sonde_chart_describe_item:
 * @self: a chart
 * @index: an item, below sonde_chart_get_n_items()
 *
 * One item in words, for a screen reader when keyboard focus lands on it:
 * "30 to 40: 1 204 values, 3 of 8".
 *
 * Returns: (transfer full) (nullable): the text, or %NULL when @index is
 *   out of range
 */
char *
sonde_chart_describe_item (SondeChart *self,
                           guint       index)
{
  SondeChartEntry *e;
  guint n;
  guint pos = index + 1;

  g_return_val_if_fail (SONDE_IS_CHART (self), NULL);

  sonde_chart_prepare (self);
  n = self->entries->len;
  if (index >= n)
    return NULL;
  e = &g_array_index (self->entries, SondeChartEntry, index);

  switch (self->kind)
    {
    case SONDE_CHART_HISTOGRAM:
      {
        g_autofree char *c = count (e->y);

        /* Translators: a bin of a histogram: “30 to 40: 1 204 values, 3 of 8” */
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s: %s value, %u of %u", "%s: %s values, %u of %u", (gulong) e->y),
                                e->label, c, pos, n);
      }

    case SONDE_CHART_BAR:
      {
        g_autofree char *v = num (e->y2);

        if (self->series->len > 1)
          /* Translators: a bar: “Informatique, women: 120, 3 of 10” */
          return g_strdup_printf (_("%s, %s: %s, %u of %u"), e->label, series_name (self, e->series), v, pos, n);
        /* Translators: a bar: “Informatique: 120, 3 of 5” */
        return g_strdup_printf (_("%s: %s, %u of %u"), e->label, v, pos, n);
      }

    case SONDE_CHART_BOX:
      {
        SondeChartBox *b = &g_array_index (self->boxes, SondeChartBox, e->series);
        g_autofree char *median = num (b->median), *q1 = num (b->q1), *q3 = num (b->q3);

        return g_strdup_printf (_("%s: median %s, half of the values between %s and %s, %u of %u"),
                                e->label, median, q1, q3, pos, n);
      }

    case SONDE_CHART_SCATTER:
      {
        const char *xl = self->x_label != NULL ? self->x_label : "x";
        const char *yl = self->y_label != NULL ? self->y_label : "y";

        if (sonde_chart_n_points (self) > SONDE_CHART_MAX_POINT_ITEMS)
          {
            g_autofree char *x0 = num (e->x), *x1 = num (e->x2), *y0 = num (e->y), *y1 = num (e->y2);
            g_autofree char *c = count (e->index);

            /* Translators: a cell of the grid a large scatter plot is explored by */
            return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s %s to %s, %s %s to %s: %s point, %u of %u",
                                       "%s %s to %s, %s %s to %s: %s points, %u of %u", e->index),
                                    xl, x0, x1, yl, y0, y1, c, pos, n);
          }
        else
          {
            g_autofree char *x = num (e->x), *y = num (e->y);

            if (self->series->len > 1)
              return g_strdup_printf (_("%s: %s %s, %s %s, %u of %u"), series_name (self, e->series), xl, x, yl, y, pos, n);
            /* Translators: a point: “hours 3, score 5.1, 4 of 100” */
            return g_strdup_printf (_("%s %s, %s %s, %u of %u"), xl, x, yl, y, pos, n);
          }
      }

    case SONDE_CHART_LINE:
    case SONDE_CHART_LEARNING:
      {
        g_autofree char *x = sonde_chart_format_x (self, e->x), *y = num (e->y);

        /* Translators: a point of a line: “sales, March 2024: 30, 3 of 6” */
        return g_strdup_printf (_("%s, %s: %s, %u of %u"), series_name (self, e->series), x, y, pos, n);
      }

    case SONDE_CHART_ROC:
    case SONDE_CHART_PR:
      {
        g_autofree char *x = sonde_chart_format_percent (e->x), *y = sonde_chart_format_percent (e->y);

        if (self->kind == SONDE_CHART_PR)
          return g_strdup_printf (_("recall %s, precision %s, %u of %u"), x, y, pos, n);
        return g_strdup_printf (_("false-positive rate %s, true-positive rate %s, %u of %u"), x, y, pos, n);
      }

    case SONDE_CHART_HEATMAP:
    case SONDE_CHART_CONFUSION:
      {
        double v = g_array_index (self->matrix, double, e->series * self->columns->len + e->index);
        const char *row = g_ptr_array_index (self->categories, e->series);
        const char *col = g_ptr_array_index (self->columns, e->index);

        if (self->kind == SONDE_CHART_CONFUSION)
          {
            g_autofree char *c = count (v);

            return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "true %s, predicted %s: %s case, %u of %u",
                                       "true %s, predicted %s: %s cases, %u of %u", (gulong) v),
                                    row, col, c, pos, n);
          }
        else
          {
            g_autofree char *r = sonde_chart_format_number (v, 2);

            /* Translators: a cell of a correlation matrix: “age and income: 0.81, 2 of 16” */
            return g_strdup_printf (_("%s and %s: %s, %u of %u"), row, col, r, pos, n);
          }
      }

    default:
      g_assert_not_reached ();
    }
  return NULL;
}
