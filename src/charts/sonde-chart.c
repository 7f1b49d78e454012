/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sonde-charts"

/* SondeChart: what a chart shows, independent of how it is drawn. It is
 * built from plain arrays (series of x and y, categories, a matrix) or from
 * a SondeTable and column names, and derives what every way of showing it
 * needs: bins, quartiles, the least-squares line, ROC points. The same
 * object then draws itself with cairo (sonde-chart-render.c), tells itself
 * in words at three levels of detail (sonde-chart-describe.c), lists its
 * marks one by one with their values and a sentence each for keyboard
 * exploration and sonification, and gives the data behind it as a table.
 *
 * Charts copy their data (a scatter of a million points holds 16 MB) and
 * are immutable once drawn in practice: setters mark the derived data
 * stale. Not thread-safe; build in a worker, draw in the UI thread.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <gsl/gsl_fit.h>
#include <gsl/gsl_statistics_double.h>

#include "sonde-error.h"
#include "sonde-chart-private.h"

G_DEFINE_FINAL_TYPE (SondeChart, sonde_chart, G_TYPE_OBJECT)

static void
series_free (gpointer data)
{
  SondeChartSeries *series = data;

  g_free (series->name);
  g_array_unref (series->x);
  g_array_unref (series->y);
  g_free (series);
}

static void
entry_clear (gpointer data)
{
  SondeChartEntry *entry = data;

  g_clear_pointer (&entry->label, g_free);
}

static void
sonde_chart_finalize (GObject *object)
{
  SondeChart *self = SONDE_CHART (object);

  g_free (self->title);
  g_free (self->x_label);
  g_free (self->y_label);
  g_ptr_array_unref (self->series);
  g_ptr_array_unref (self->categories);
  g_ptr_array_unref (self->columns);
  g_array_unref (self->matrix);
  g_clear_pointer (&self->bin_edges, g_array_unref);
  g_clear_pointer (&self->boxes, g_array_unref);
  g_clear_pointer (&self->entries, g_array_unref);
  g_array_unref (self->item_rects);
  g_array_unref (self->text_rects);

  G_OBJECT_CLASS (sonde_chart_parent_class)->finalize (object);
}

static void
sonde_chart_class_init (SondeChartClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sonde_chart_finalize;
}

static void
sonde_chart_init (SondeChart *self)
{
  self->series = g_ptr_array_new_with_free_func (series_free);
  self->categories = g_ptr_array_new_with_free_func (g_free);
  self->columns = g_ptr_array_new_with_free_func (g_free);
  self->matrix = g_array_new (FALSE, FALSE, sizeof (double));
  self->item_rects = g_array_new (FALSE, TRUE, sizeof (cairo_rectangle_t));
  self->text_rects = g_array_new (FALSE, TRUE, sizeof (cairo_rectangle_t));
}

static void
invalidate (SondeChart *self)
{
  self->prepared = FALSE;
  self->rendered = FALSE;
}

/**
 * sonde_chart_new:
 * @kind: what kind of chart
 *
 * Creates an empty chart, to be filled with sonde_chart_add_series(),
 * sonde_chart_set_categories() or sonde_chart_set_matrix(). The
 * constructors from a #SondeTable do that for you.
 *
 * Returns: (transfer full): a new chart
 */
SondeChart *
sonde_chart_new (SondeChartKind kind)
{
  SondeChart *self = g_object_new (SONDE_TYPE_CHART, NULL);

  self->kind = kind;
  return self;
}

/**
 * sonde_chart_add_series:
 * @self: a chart
 * @name: (nullable): the name of the series, shown in the legend
 * @x: (nullable) (array length=n): x values; %NULL means 0, 1, 2… (the
 *   category index of a bar chart)
 * @y: (array length=n): y values: the raw values of a histogram or a box,
 *   one value per category for a bar chart, the points otherwise
 * @n: how many values
 *
 * Adds a series. NaN values are kept and left out when drawing.
 *
 * Returns: the index of the new series
 */
guint
sonde_chart_add_series (SondeChart   *self,
                        const char   *name,
                        const double *x,
                        const double *y,
                        guint         n)
{
  SondeChartSeries *series;

  g_return_val_if_fail (SONDE_IS_CHART (self), 0);
  g_return_val_if_fail (y != NULL || n == 0, 0);

  series = g_new0 (SondeChartSeries, 1);
  series->name = g_strdup (name);
  series->x = g_array_sized_new (FALSE, FALSE, sizeof (double), n);
  series->y = g_array_sized_new (FALSE, FALSE, sizeof (double), n);
  for (guint i = 0; i < n; i++)
    {
      double xi = x != NULL ? x[i] : (double) i;

      g_array_append_val (series->x, xi);
    }
  if (n > 0)
    g_array_append_vals (series->y, y, n);
  g_ptr_array_add (self->series, series);
  invalidate (self);

  return self->series->len - 1;
}

static void
set_strings (GPtrArray          *array,
             const char * const *strings)
{
  g_ptr_array_set_size (array, 0);
  for (guint i = 0; strings != NULL && strings[i] != NULL; i++)
    g_ptr_array_add (array, g_strdup (strings[i]));
}

/**
 * sonde_chart_set_categories:
 * @self: a chart
 * @categories: (array zero-terminated=1): the categories of a bar chart
 *   or the groups of a box plot (one per series), in order
 */
void
sonde_chart_set_categories (SondeChart         *self,
                            const char * const *categories)
{
  g_return_if_fail (SONDE_IS_CHART (self));

  set_strings (self->categories, categories);
  invalidate (self);
}

/**
 * sonde_chart_set_matrix:
 * @self: a heatmap or confusion matrix
 * @rows: (array zero-terminated=1): the names of the rows
 * @columns: (array zero-terminated=1): the names of the columns
 * @values: (array): rows × columns values, row after row
 */
void
sonde_chart_set_matrix (SondeChart         *self,
                        const char * const *rows,
                        const char * const *columns,
                        const double       *values)
{
  g_return_if_fail (SONDE_IS_CHART (self));
  g_return_if_fail (rows != NULL && columns != NULL && values != NULL);

  set_strings (self->categories, rows);
  set_strings (self->columns, columns);
  g_array_set_size (self->matrix, 0);
  g_array_append_vals (self->matrix, values, self->categories->len * self->columns->len);
  invalidate (self);
}

/**
 * sonde_chart_get_kind:
 * @self: a chart
 *
 * Returns: the kind of @self
 */
SondeChartKind
sonde_chart_get_kind (SondeChart *self)
{
  g_return_val_if_fail (SONDE_IS_CHART (self), SONDE_CHART_BAR);
  return self->kind;
}

/**
 * sonde_chart_get_title:
 * @self: a chart
 *
 * Returns: (nullable): the title drawn above the chart
 */
const char *
sonde_chart_get_title (SondeChart *self)
{
  g_return_val_if_fail (SONDE_IS_CHART (self), NULL);
  return self->title;
}

/**
 * sonde_chart_set_title:
 * @self: a chart
 * @title: (nullable): the title drawn above the chart and used by summaries
 */
void
sonde_chart_set_title (SondeChart *self,
                       const char *title)
{
  g_return_if_fail (SONDE_IS_CHART (self));
  g_free (self->title);
  self->title = g_strdup (title);
  invalidate (self);
}

/**
 * sonde_chart_set_axis_labels:
 * @self: a chart
 * @x_label: (nullable): what x measures ("age", "month")
 * @y_label: (nullable): what y measures ("count", "score")
 */
void
sonde_chart_set_axis_labels (SondeChart *self,
                             const char *x_label,
                             const char *y_label)
{
  g_return_if_fail (SONDE_IS_CHART (self));
  g_free (self->x_label);
  g_free (self->y_label);
  self->x_label = g_strdup (x_label);
  self->y_label = g_strdup (y_label);
  invalidate (self);
}

/**
 * sonde_chart_set_x_dates:
 * @self: a line chart
 * @dates: whether x values are days since 1970-01-01
 */
void
sonde_chart_set_x_dates (SondeChart *self,
                         gboolean    dates)
{
  g_return_if_fail (SONDE_IS_CHART (self));
  self->x_dates = dates;
  invalidate (self);
}

/**
 * sonde_chart_set_stacked:
 * @self: a bar chart
 * @stacked: %TRUE to stack the series of each category, %FALSE to put
 *   them side by side
 */
void
sonde_chart_set_stacked (SondeChart *self,
                         gboolean    stacked)
{
  g_return_if_fail (SONDE_IS_CHART (self));
  self->stacked = stacked;
  invalidate (self);
}

/**
 * sonde_chart_set_trend_line:
 * @self: a scatter plot
 * @trend: whether to draw and describe the least-squares line
 */
void
sonde_chart_set_trend_line (SondeChart *self,
                            gboolean    trend)
{
  g_return_if_fail (SONDE_IS_CHART (self));
  self->trend = trend;
  invalidate (self);
}

/**
 * sonde_chart_set_n_bins:
 * @self: a histogram
 * @n_bins: the most bins wanted, 0 for Sturges' rule; bins snap to nice
 *   numbers, so there may be fewer
 */
void
sonde_chart_set_n_bins (SondeChart *self,
                        guint       n_bins)
{
  g_return_if_fail (SONDE_IS_CHART (self));
  self->n_bins = n_bins;
  invalidate (self);
}

/* ---------------------------------------------------------------------- */
/* From a table                                                            */

static SondeColumn *
find_column (SondeTable  *table,
             const char  *name,
             GError     **error)
{
  SondeColumn *column = name != NULL ? sonde_table_find_column (table, name) : NULL;

  if (column == NULL)
    g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                 _("There is no column “%s” in “%s”."),
                 name != NULL ? name : "", sonde_table_get_name (table));
  return column;
}

static gboolean
is_date_type (SondeColumnType type)
{
  return type == SONDE_COLUMN_TYPE_DATE || type == SONDE_COLUMN_TYPE_DATETIME;
}

/* A column of numbers (or of dates when @dates_ok). */
static SondeColumn *
find_numeric_column (SondeTable  *table,
                     const char  *name,
                     gboolean     dates_ok,
                     GError     **error)
{
  SondeColumn *column = find_column (table, name, error);
  SondeColumnType type;

  if (column == NULL)
    return NULL;

  type = sonde_column_get_column_type (column);
  if (type == SONDE_COLUMN_TYPE_INTEGER || type == SONDE_COLUMN_TYPE_REAL ||
      type == SONDE_COLUMN_TYPE_BOOLEAN || (dates_ok && is_date_type (type)))
    return column;

  g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
               /* Translators: the second %s is a column type such as “text” */
               _("The column “%s” holds %s, not numbers: this chart needs numbers there."),
               name, sonde_column_type_get_label (type));
  return NULL;
}

/* Days for dates, days too for date-times (which the column gives in
 * seconds), the number otherwise. */
static double
column_value (SondeColumn *column,
              guint        row)
{
  double v = sonde_column_get_number (column, row);

  if (sonde_column_get_column_type (column) == SONDE_COLUMN_TYPE_DATETIME)
    v /= 86400.0;
  return v;
}

static char *
row_label (SondeColumn *column,
           guint        row)
{
  if (sonde_column_is_missing (column, row))
    return NULL;
  if (sonde_column_get_column_type (column) == SONDE_COLUMN_TYPE_CATEGORICAL)
    return g_strdup (sonde_column_get_category_label (column, sonde_column_get_code (column, row)));
  return sonde_column_format_value (column, row);
}

typedef struct
{
  char   *label;
  double  number;
  guint   first;
} Level;

static int
compare_levels_by_number (gconstpointer a,
                          gconstpointer b)
{
  const Level *la = a, *lb = b;

  if (la->number != lb->number)
    return la->number < lb->number ? -1 : 1;
  return 0;
}

static int
compare_levels_by_text (gconstpointer a,
                        gconstpointer b)
{
  const Level *la = a, *lb = b;

  return g_utf8_collate (la->label, lb->label);
}

/* Splits the rows by the values of @column: fills @labels (in the order of
 * first appearance, or of value for numbers and dates, or collated when
 * @collate) and returns for each row its level, -1 when missing. */
static int *
group_rows (SondeColumn *column,
            GPtrArray   *labels,
            gboolean     collate)
{
  guint n = sonde_column_get_n_rows (column);
  SondeColumnType type = sonde_column_get_column_type (column);
  gboolean numeric = type == SONDE_COLUMN_TYPE_INTEGER || type == SONDE_COLUMN_TYPE_REAL || is_date_type (type);
  g_autoptr(GHashTable) index = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GArray) levels = g_array_new (FALSE, FALSE, sizeof (Level));
  g_autofree guint *remap = NULL;
  int *groups = g_new (int, MAX (n, 1));

  for (guint r = 0; r < n; r++)
    {
      g_autofree char *label = row_label (column, r);
      gpointer found;

      if (label == NULL)
        {
          groups[r] = -1;
          continue;
        }
      if (g_hash_table_lookup_extended (index, label, NULL, &found))
        groups[r] = GPOINTER_TO_INT (found);
      else
        {
          Level level = { g_steal_pointer (&label), numeric ? column_value (column, r) : 0, levels->len };

          g_array_append_val (levels, level);
          g_hash_table_insert (index, level.label, GINT_TO_POINTER (level.first));
          groups[r] = level.first;
        }
    }

  if (numeric)
    g_array_sort (levels, compare_levels_by_number);
  else if (collate)
    g_array_sort (levels, compare_levels_by_text);

  remap = g_new (guint, MAX (levels->len, 1));
  for (guint i = 0; i < levels->len; i++)
    {
      Level *level = &g_array_index (levels, Level, i);

      remap[level->first] = i;
      g_ptr_array_add (labels, level->label);
    }
  for (guint r = 0; r < n; r++)
    if (groups[r] >= 0)
      groups[r] = remap[groups[r]];

  return groups;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_utf8_collate (*(const char * const *) a, *(const char * const *) b);
}

static char *
default_title (const char *format,
               const char *a,
               const char *b)
{
  return g_strdup_printf (format, a, b);
}

/**
 * sonde_chart_new_histogram:
 * @table: a table
 * @column: the name of a column of numbers
 * @n_bins: the most bins wanted, 0 for Sturges' rule
 * @error: where to say why not
 *
 * Counts the values of @column in equal, nicely rounded bins. Missing
 * values are left out and counted.
 *
 * Returns: (transfer full) (nullable): the chart, or %NULL with @error
 *   naming the column when it is unknown or does not hold numbers
 */
SondeChart *
sonde_chart_new_histogram (SondeTable  *table,
                           const char  *column,
                           guint        n_bins,
                           GError     **error)
{
  SondeColumn *c;
  g_autoptr(SondeChart) self = NULL;
  g_autoptr(GArray) values = NULL;
  guint n_missing = 0;

  g_return_val_if_fail (SONDE_IS_TABLE (table), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if ((c = find_numeric_column (table, column, FALSE, error)) == NULL)
    return NULL;

  values = g_array_sized_new (FALSE, FALSE, sizeof (double), sonde_column_get_n_rows (c));
  for (guint r = 0; r < sonde_column_get_n_rows (c); r++)
    {
      double v = column_value (c, r);

      if (isfinite (v))
        g_array_append_val (values, v);
      else
        n_missing++;
    }

  self = sonde_chart_new (SONDE_CHART_HISTOGRAM);
  self->n_bins = n_bins;
  self->n_missing = n_missing;
  sonde_chart_add_series (self, column, NULL, (double *) (gpointer) values->data, values->len);
  self->title = default_title (_("Distribution of %s"), column, NULL);
  self->x_label = g_strdup (column);
  self->y_label = g_strdup (_("Count"));

  return g_steal_pointer (&self);
}

/**
 * sonde_chart_new_bar:
 * @table: a table
 * @x: the column whose values are the categories
 * @y: (nullable): a column of numbers whose mean per category is drawn,
 *   or %NULL to count rows
 * @by: (nullable): a column splitting each category into series
 * @stacked: whether series stack (else they stand side by side)
 * @error: where to say why not
 *
 * Returns: (transfer full) (nullable): the chart, or %NULL with @error
 */
SondeChart *
sonde_chart_new_bar (SondeTable  *table,
                     const char  *x,
                     const char  *y,
                     const char  *by,
                     gboolean     stacked,
                     GError     **error)
{
  SondeColumn *cx, *cy = NULL, *cby = NULL;
  g_autoptr(SondeChart) self = NULL;
  g_autoptr(GPtrArray) categories = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autofree int *cat = NULL;
  g_autofree int *grp = NULL;
  g_autofree double *sums = NULL;
  g_autofree double *counts = NULL;
  guint n_series, n_cat, n_rows;

  g_return_val_if_fail (SONDE_IS_TABLE (table), NULL);

  if ((cx = find_column (table, x, error)) == NULL)
    return NULL;
  if (y != NULL && (cy = find_numeric_column (table, y, FALSE, error)) == NULL)
    return NULL;
  if (by != NULL && (cby = find_column (table, by, error)) == NULL)
    return NULL;

  n_rows = sonde_column_get_n_rows (cx);
  cat = group_rows (cx, categories, FALSE);
  if (cby != NULL)
    grp = group_rows (cby, names, FALSE);
  else
    g_ptr_array_add (names, g_strdup (y != NULL ? y : _("Count")));

  n_series = names->len;
  n_cat = categories->len;
  sums = g_new0 (double, MAX (n_series * n_cat, 1));
  counts = g_new0 (double, MAX (n_series * n_cat, 1));

  self = sonde_chart_new (SONDE_CHART_BAR);
  for (guint r = 0; r < n_rows; r++)
    {
      int s = grp != NULL ? grp[r] : 0;
      double v = cy != NULL ? column_value (cy, r) : 1.0;

      if (cat[r] < 0 || s < 0 || !isfinite (v))
        {
          self->n_missing++;
          continue;
        }
      sums[s * n_cat + cat[r]] += v;
      counts[s * n_cat + cat[r]] += 1;
    }

  g_ptr_array_add (categories, NULL);
  sonde_chart_set_categories (self, (const char * const *) categories->pdata);
  for (guint s = 0; s < n_series; s++)
    {
      g_autofree double *values = g_new (double, MAX (n_cat, 1));

      for (guint c = 0; c < n_cat; c++)
        {
          double count = counts[s * n_cat + c];

          values[c] = cy == NULL ? count : (count > 0 ? sums[s * n_cat + c] / count : NAN);
        }
      sonde_chart_add_series (self, g_ptr_array_index (names, s), NULL, values, n_cat);
    }

  self->stacked = stacked;
  self->x_label = g_strdup (x);
  if (y != NULL)
    {
      /* Translators: the label of the y axis of a bar chart of means */
      self->y_label = g_strdup_printf (_("Mean of %s"), y);
      /* Translators: the title of a bar chart: “Mean of score by programme” */
      self->title = g_strdup_printf (_("Mean of %s by %s"), y, x);
    }
  else
    {
      self->y_label = g_strdup (_("Count"));
      /* Translators: the title of a bar chart of counts */
      self->title = default_title (_("Count by %s"), x, NULL);
    }

  return g_steal_pointer (&self);
}

/* Splits the numbers of @y by the groups of @by into one series each. */
static gboolean
add_grouped_series (SondeChart  *self,
                    SondeTable  *table,
                    SondeColumn *cx,
                    SondeColumn *cy,
                    const char  *by,
                    const char  *name,
                    GError     **error)
{
  SondeColumn *cby = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autofree int *grp = NULL;
  g_autoptr(GPtrArray) xs = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  g_autoptr(GPtrArray) ys = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  guint n_rows = sonde_column_get_n_rows (cy);

  if (by != NULL)
    {
      if ((cby = find_column (table, by, error)) == NULL)
        return FALSE;
      grp = group_rows (cby, names, FALSE);
    }
  else
    g_ptr_array_add (names, g_strdup (name));

  for (guint s = 0; s < names->len; s++)
    {
      g_ptr_array_add (xs, g_array_new (FALSE, FALSE, sizeof (double)));
      g_ptr_array_add (ys, g_array_new (FALSE, FALSE, sizeof (double)));
    }

  for (guint r = 0; r < n_rows; r++)
    {
      int s = grp != NULL ? grp[r] : 0;
      double vx = cx != NULL ? column_value (cx, r) : 0;
      double vy = column_value (cy, r);

      if (s < 0 || !isfinite (vx) || !isfinite (vy))
        {
          self->n_missing++;
          continue;
        }
      g_array_append_val (g_ptr_array_index (xs, s), vx);
      g_array_append_val (g_ptr_array_index (ys, s), vy);
    }

  for (guint s = 0; s < names->len; s++)
    {
      GArray *ax = g_ptr_array_index (xs, s);
      GArray *ay = g_ptr_array_index (ys, s);

      sonde_chart_add_series (self, g_ptr_array_index (names, s),
                              (double *) (gpointer) ax->data, (double *) (gpointer) ay->data, ay->len);
    }

  return TRUE;
}

/**
 * sonde_chart_new_box:
 * @table: a table
 * @y: a column of numbers
 * @by: (nullable): a column of groups, one box each
 * @error: where to say why not
 *
 * Quartiles, whiskers at the last values within 1.5 interquartile ranges
 * of the box (Tukey), and the outliers beyond.
 *
 * Returns: (transfer full) (nullable): the chart, or %NULL with @error
 */
SondeChart *
sonde_chart_new_box (SondeTable  *table,
                     const char  *y,
                     const char  *by,
                     GError     **error)
{
  g_autoptr(SondeChart) self = sonde_chart_new (SONDE_CHART_BOX);
  g_autoptr(GPtrArray) groups = g_ptr_array_new ();
  SondeColumn *cy;

  g_return_val_if_fail (SONDE_IS_TABLE (table), NULL);

  if ((cy = find_numeric_column (table, y, FALSE, error)) == NULL)
    return NULL;
  if (!add_grouped_series (self, table, NULL, cy, by, y, error))
    return NULL;

  for (guint s = 0; s < self->series->len; s++)
    g_ptr_array_add (groups, ((SondeChartSeries *) g_ptr_array_index (self->series, s))->name);
  g_ptr_array_add (groups, NULL);
  sonde_chart_set_categories (self, (const char * const *) groups->pdata);

  self->x_label = g_strdup (by);
  self->y_label = g_strdup (y);
  self->title = by != NULL ? g_strdup_printf (_("%s by %s"), y, by) : default_title (_("Distribution of %s"), y, NULL);

  return g_steal_pointer (&self);
}

static int
compare_points (gconstpointer a,
                gconstpointer b)
{
  const double *pa = a, *pb = b;

  return pa[0] < pb[0] ? -1 : pa[0] > pb[0] ? 1 : 0;
}

/* Orders each series by x, for lines. */
static void
sort_series_by_x (SondeChart *self)
{
  for (guint s = 0; s < self->series->len; s++)
    {
      SondeChartSeries *series = g_ptr_array_index (self->series, s);
      guint n = series->y->len;
      g_autofree double *pairs = g_new (double, 2 * MAX (n, 1));

      for (guint i = 0; i < n; i++)
        {
          pairs[2 * i] = g_array_index (series->x, double, i);
          pairs[2 * i + 1] = g_array_index (series->y, double, i);
        }
      /* Stable, so that equal x keep the order of the rows. */
      g_qsort_with_data (pairs, n, 2 * sizeof (double), (GCompareDataFunc) compare_points, NULL);
      for (guint i = 0; i < n; i++)
        {
          g_array_index (series->x, double, i) = pairs[2 * i];
          g_array_index (series->y, double, i) = pairs[2 * i + 1];
        }
    }
}

static SondeChart *
new_xy (SondeChartKind  kind,
        SondeTable     *table,
        const char     *x,
        const char     *y,
        const char     *by,
        GError        **error)
{
  g_autoptr(SondeChart) self = sonde_chart_new (kind);
  SondeColumn *cx, *cy;

  if ((cx = find_numeric_column (table, x, kind == SONDE_CHART_LINE, error)) == NULL)
    return NULL;
  if ((cy = find_numeric_column (table, y, FALSE, error)) == NULL)
    return NULL;
  if (!add_grouped_series (self, table, cx, cy, by, y, error))
    return NULL;

  self->x_dates = is_date_type (sonde_column_get_column_type (cx));
  self->x_label = g_strdup (x);
  self->y_label = g_strdup (y);
  /* Translators: the title of a chart of y against x: “score against hours” */
  self->title = g_strdup_printf (_("%s against %s"), y, x);
  return g_steal_pointer (&self);
}

/**
 * sonde_chart_new_scatter:
 * @table: a table
 * @x: a column of numbers
 * @y: a column of numbers
 * @by: (nullable): a column splitting the points into series
 * @trend: whether to draw the least-squares line
 * @error: where to say why not
 *
 * Returns: (transfer full) (nullable): the chart, or %NULL with @error
 */
SondeChart *
sonde_chart_new_scatter (SondeTable  *table,
                         const char  *x,
                         const char  *y,
                         const char  *by,
                         gboolean     trend,
                         GError     **error)
{
  SondeChart *self;

  g_return_val_if_fail (SONDE_IS_TABLE (table), NULL);

  self = new_xy (SONDE_CHART_SCATTER, table, x, y, by, error);
  if (self != NULL)
    self->trend = trend;
  return self;
}

/**
 * sonde_chart_new_line:
 * @table: a table
 * @x: a column of numbers or dates
 * @y: a column of numbers
 * @by: (nullable): a column splitting the points into lines
 * @error: where to say why not
 *
 * Returns: (transfer full) (nullable): the chart, or %NULL with @error
 */
SondeChart *
sonde_chart_new_line (SondeTable  *table,
                      const char  *x,
                      const char  *y,
                      const char  *by,
                      GError     **error)
{
  SondeChart *self;

  g_return_val_if_fail (SONDE_IS_TABLE (table), NULL);

  self = new_xy (SONDE_CHART_LINE, table, x, y, by, error);
  if (self != NULL)
    sort_series_by_x (self);
  return self;
}

/**
 * sonde_chart_new_learning:
 * @table: a table of results, one row per training size and set
 * @size: the column of training sizes
 * @score: the column of scores
 * @set: (nullable): the column naming the set ("training", "validation")
 * @error: where to say why not
 *
 * Returns: (transfer full) (nullable): the chart, or %NULL with @error
 */
SondeChart *
sonde_chart_new_learning (SondeTable  *table,
                          const char  *size,
                          const char  *score,
                          const char  *set,
                          GError     **error)
{
  SondeChart *self;

  g_return_val_if_fail (SONDE_IS_TABLE (table), NULL);

  self = new_xy (SONDE_CHART_LEARNING, table, size, score, set, error);
  if (self != NULL)
    {
      sort_series_by_x (self);
      g_free (self->title);
      self->title = g_strdup (_("Learning curve"));
    }
  return self;
}

/**
 * sonde_chart_new_correlation:
 * @table: a table
 * @columns: (nullable) (array zero-terminated=1): columns of numbers, or
 *   %NULL for every column of numbers
 * @error: where to say why not
 *
 * A heatmap of Pearson's r between every pair of @columns, each pair over
 * the rows where both are present.
 *
 * Returns: (transfer full) (nullable): the chart, or %NULL with @error
 */
SondeChart *
sonde_chart_new_correlation (SondeTable          *table,
                             const char * const  *columns,
                             GError             **error)
{
  g_autoptr(SondeChart) self = sonde_chart_new (SONDE_CHART_HEATMAP);
  g_autoptr(GPtrArray) cols = g_ptr_array_new ();
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autofree double *values = NULL;
  g_autofree double *a = NULL;
  g_autofree double *b = NULL;
  guint n_rows = sonde_table_get_n_rows (table);
  guint k;

  g_return_val_if_fail (SONDE_IS_TABLE (table), NULL);

  if (columns != NULL)
    {
      for (guint i = 0; columns[i] != NULL; i++)
        {
          SondeColumn *c = find_numeric_column (table, columns[i], FALSE, error);

          if (c == NULL)
            return NULL;
          g_ptr_array_add (cols, c);
        }
    }
  else
    {
      for (guint i = 0; i < sonde_table_get_n_columns (table); i++)
        {
          SondeColumn *c = sonde_table_get_column (table, i);
          SondeColumnType type = sonde_column_get_column_type (c);

          if (type == SONDE_COLUMN_TYPE_INTEGER || type == SONDE_COLUMN_TYPE_REAL)
            g_ptr_array_add (cols, c);
        }
    }

  if (cols->len < 2)
    {
      g_set_error_literal (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                           _("A correlation matrix needs at least two columns of numbers."));
      return NULL;
    }

  k = cols->len;
  values = g_new (double, k * k);
  a = g_new (double, MAX (n_rows, 1));
  b = g_new (double, MAX (n_rows, 1));
  for (guint i = 0; i < k; i++)
    for (guint j = i; j < k; j++)
      {
        guint n = 0;
        double r;

        for (guint row = 0; row < n_rows; row++)
          {
            double vi = column_value (g_ptr_array_index (cols, i), row);
            double vj = column_value (g_ptr_array_index (cols, j), row);

            if (isfinite (vi) && isfinite (vj))
              {
                a[n] = vi;
                b[n] = vj;
                n++;
              }
          }
        r = i == j ? 1.0 : (n >= 3 ? gsl_stats_correlation (a, 1, b, 1, n) : NAN);
        values[i * k + j] = values[j * k + i] = r;
      }

  for (guint i = 0; i < k; i++)
    g_ptr_array_add (names, (gpointer) sonde_column_get_name (g_ptr_array_index (cols, i)));
  g_ptr_array_add (names, NULL);
  sonde_chart_set_matrix (self, (const char * const *) names->pdata, (const char * const *) names->pdata, values);
  self->title = g_strdup (_("Correlation matrix"));

  return g_steal_pointer (&self);
}

/**
 * sonde_chart_new_confusion:
 * @table: a table with one row per case
 * @truth: the column of true classes
 * @predicted: the column of predicted classes
 * @error: where to say why not
 *
 * Counts cases by true class (rows) and predicted class (columns); the
 * classes are the values of both columns, collated.
 *
 * Returns: (transfer full) (nullable): the chart, or %NULL with @error
 */
SondeChart *
sonde_chart_new_confusion (SondeTable  *table,
                           const char  *truth,
                           const char  *predicted,
                           GError     **error)
{
  g_autoptr(SondeChart) self = sonde_chart_new (SONDE_CHART_CONFUSION);
  g_autoptr(GPtrArray) classes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree double *counts = NULL;
  SondeColumn *ct, *cp;
  guint n_rows, k;

  g_return_val_if_fail (SONDE_IS_TABLE (table), NULL);

  if ((ct = find_column (table, truth, error)) == NULL || (cp = find_column (table, predicted, error)) == NULL)
    return NULL;

  n_rows = sonde_column_get_n_rows (ct);
  for (guint r = 0; r < n_rows; r++)
    for (guint side = 0; side < 2; side++)
      {
        g_autofree char *label = row_label (side == 0 ? ct : cp, r);

        if (label != NULL && !g_hash_table_contains (seen, label))
          {
            g_ptr_array_add (classes, g_strdup (label));
            g_hash_table_add (seen, g_ptr_array_index (classes, classes->len - 1));
          }
      }
  g_ptr_array_sort (classes, compare_strings);
  k = classes->len;
  if (k < 2)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                   _("The columns “%s” and “%s” hold fewer than two classes."), truth, predicted);
      return NULL;
    }

  counts = g_new0 (double, k * k);
  for (guint r = 0; r < n_rows; r++)
    {
      g_autofree char *t = row_label (ct, r);
      g_autofree char *p = row_label (cp, r);
      int it = -1, ip = -1;

      for (guint i = 0; i < k && t != NULL && p != NULL; i++)
        {
          if (strcmp (g_ptr_array_index (classes, i), t) == 0)
            it = i;
          if (strcmp (g_ptr_array_index (classes, i), p) == 0)
            ip = i;
        }
      if (it < 0 || ip < 0)
        self->n_missing++;
      else
        counts[it * k + ip] += 1;
    }

  g_ptr_array_add (classes, NULL);
  sonde_chart_set_matrix (self, (const char * const *) classes->pdata, (const char * const *) classes->pdata, counts);
  self->x_label = g_strdup (predicted);
  self->y_label = g_strdup (truth);
  self->title = g_strdup (_("Confusion matrix"));

  return g_steal_pointer (&self);
}

typedef struct
{
  double score;
  gboolean positive;
} Case;

static int
compare_cases_by_score_desc (gconstpointer a,
                             gconstpointer b)
{
  const Case *ca = a, *cb = b;

  return ca->score > cb->score ? -1 : ca->score < cb->score ? 1 : 0;
}

/**
 * sonde_chart_new_roc:
 * @table: a table with one row per case
 * @truth: the column of true classes: yes/no, 0/1, or two labels, the
 *   positive class being the last in collation order ("yes", "1", "true",
 *   "oui", "pass")
 * @score: a column of scores, higher meaning more likely positive
 * @precision_recall: %TRUE for a precision-recall curve, %FALSE for ROC
 * @error: where to say why not
 *
 * Returns: (transfer full) (nullable): the chart, or %NULL with @error
 */
SondeChart *
sonde_chart_new_roc (SondeTable  *table,
                     const char  *truth,
                     const char  *score,
                     gboolean     precision_recall,
                     GError     **error)
{
  g_autoptr(SondeChart) self = sonde_chart_new (precision_recall ? SONDE_CHART_PR : SONDE_CHART_ROC);
  g_autoptr(GPtrArray) levels = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) cases = g_array_new (FALSE, FALSE, sizeof (Case));
  g_autoptr(GArray) xs = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) ys = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree int *groups = NULL;
  SondeColumn *ct, *cs;
  guint n_rows, tp = 0, fp = 0, P = 0, N = 0;
  double area = 0;

  g_return_val_if_fail (SONDE_IS_TABLE (table), NULL);

  if ((ct = find_column (table, truth, error)) == NULL)
    return NULL;
  if ((cs = find_numeric_column (table, score, FALSE, error)) == NULL)
    return NULL;

  groups = group_rows (ct, levels, TRUE);
  if (levels->len != 2)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                   _("The column “%s” must hold exactly two classes for this curve; it holds %u."),
                   truth, levels->len);
      return NULL;
    }

  n_rows = sonde_column_get_n_rows (cs);
  for (guint r = 0; r < n_rows; r++)
    {
      Case c = { column_value (cs, r), groups[r] == 1 };

      if (groups[r] < 0 || !isfinite (c.score))
        {
          self->n_missing++;
          continue;
        }
      g_array_append_val (cases, c);
      if (c.positive)
        P++;
      else
        N++;
    }
  if (P == 0 || N == 0)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                   _("The column “%s” needs both classes among the rows with a score."), truth);
      return NULL;
    }

  g_array_sort (cases, compare_cases_by_score_desc);
  {
    double x0 = 0, y0 = precision_recall ? 1 : 0;

    g_array_append_val (xs, x0);
    g_array_append_val (ys, y0);
  }
  for (guint i = 0; i < cases->len; i++)
    {
      Case *c = &g_array_index (cases, Case, i);
      double px = g_array_index (xs, double, xs->len - 1);
      double py = g_array_index (ys, double, ys->len - 1);
      double nx, ny;

      if (c->positive)
        tp++;
      else
        fp++;
      /* One point per distinct score: ties move together. */
      if (i + 1 < cases->len && g_array_index (cases, Case, i + 1).score == c->score)
        continue;

      if (precision_recall)
        {
          nx = (double) tp / P;
          ny = (double) tp / (tp + fp);
          area += (nx - px) * ny;  /* average precision */
        }
      else
        {
          nx = (double) fp / N;
          ny = (double) tp / P;
          area += (nx - px) * (ny + py) / 2;  /* trapezoids */
        }
      g_array_append_val (xs, nx);
      g_array_append_val (ys, ny);
    }

  {
    /* Named after the positive class, as the legend and summary show it. */
    g_autofree char *positive = g_strdup_printf ("%s = %s", truth, (char *) g_ptr_array_index (levels, 1));

    sonde_chart_add_series (self, positive, (double *) (gpointer) xs->data, (double *) (gpointer) ys->data, xs->len);
  }
  self->auc = area;
  self->n_positive = P;
  self->n_negative = N;
  if (precision_recall)
    {
      self->x_label = g_strdup (_("Recall"));
      self->y_label = g_strdup (_("Precision"));
      self->title = g_strdup (_("Precision-recall curve"));
    }
  else
    {
      self->x_label = g_strdup (_("False-positive rate"));
      self->y_label = g_strdup (_("True-positive rate"));
      self->title = g_strdup (_("ROC curve"));
    }

  return g_steal_pointer (&self);
}

/* ---------------------------------------------------------------------- */
/* Derived data and items                                                  */

/**
 * sonde_chart_quantile: (skip)
 *
 * The @p quantile of @n sorted values, interpolated as R's type 7 (its
 * default) and NumPy's "linear".
 */
double
sonde_chart_quantile (const double *sorted,
                      guint         n,
                      double        p)
{
  double h;
  guint lo;

  if (n == 0)
    return NAN;
  h = (n - 1) * p;
  lo = (guint) floor (h);
  if (lo + 1 >= n)
    return sorted[n - 1];
  return sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double da = *(const double *) a, db = *(const double *) b;

  return da < db ? -1 : da > db ? 1 : 0;
}

static SondeChartBox
box_of (GArray *values)
{
  SondeChartBox box = { 0 };
  g_autofree double *v = g_new (double, MAX (values->len, 1));
  guint n = 0;
  double low, high, sum = 0;

  for (guint i = 0; i < values->len; i++)
    {
      double x = g_array_index (values, double, i);

      if (isfinite (x))
        {
          v[n++] = x;
          sum += x;
        }
    }
  qsort (v, n, sizeof (double), compare_doubles);

  box.n = n;
  if (n == 0)
    {
      box.min = box.max = box.mean = box.q1 = box.median = box.q3 = NAN;
      box.whisker_low = box.whisker_high = NAN;
      return box;
    }
  box.min = v[0];
  box.max = v[n - 1];
  box.mean = sum / n;
  box.q1 = sonde_chart_quantile (v, n, 0.25);
  box.median = sonde_chart_quantile (v, n, 0.5);
  box.q3 = sonde_chart_quantile (v, n, 0.75);
  low = box.q1 - 1.5 * (box.q3 - box.q1);
  high = box.q3 + 1.5 * (box.q3 - box.q1);
  box.whisker_low = box.q1;
  box.whisker_high = box.q3;
  for (guint i = 0; i < n; i++)
    {
      if (v[i] < low)
        box.n_low++;
      else if (v[i] < box.whisker_low)
        box.whisker_low = v[i];
      if (v[i] > high)
        box.n_high++;
      else if (v[i] > box.whisker_high)
        box.whisker_high = v[i];
    }

  return box;
}

static void
add_entry (SondeChart *self,
           guint       series,
           guint       index,
           double      x,
           double      y,
           double      x2,
           double      y2,
           char       *label)
{
  SondeChartEntry entry = { series, index, x, y, x2, y2, label };

  g_array_append_val (self->entries, entry);
}

/**
 * sonde_chart_n_points: (skip)
 *
 * Returns: the number of finite points over every series
 */
guint
sonde_chart_n_points (SondeChart *self)
{
  guint n = 0;

  for (guint s = 0; s < self->series->len; s++)
    {
      SondeChartSeries *series = g_ptr_array_index (self->series, s);

      for (guint i = 0; i < series->y->len; i++)
        if (isfinite (g_array_index (series->x, double, i)) && isfinite (g_array_index (series->y, double, i)))
          n++;
    }
  return n;
}

/**
 * sonde_chart_series_range: (skip)
 *
 * The smallest and largest finite x (or y) over every series; NaN when
 * there is none.
 */
void
sonde_chart_series_range (SondeChart *self,
                          gboolean    along_y,
                          double     *lo,
                          double     *hi)
{
  *lo = INFINITY;
  *hi = -INFINITY;
  for (guint s = 0; s < self->series->len; s++)
    {
      SondeChartSeries *series = g_ptr_array_index (self->series, s);
      GArray *values = along_y ? series->y : series->x;

      for (guint i = 0; i < values->len; i++)
        {
          double v = g_array_index (values, double, i);

          if (isfinite (v))
            {
              *lo = MIN (*lo, v);
              *hi = MAX (*hi, v);
            }
        }
    }
  if (*lo > *hi)
    *lo = *hi = NAN;
}

/**
 * sonde_chart_bar_value: (skip)
 *
 * Returns: the value of @category in @series, NaN when missing
 */
double
sonde_chart_bar_value (SondeChart *self,
                       guint       series,
                       guint       category)
{
  SondeChartSeries *s = g_ptr_array_index (self->series, series);

  return category < s->y->len ? g_array_index (s->y, double, category) : NAN;
}

/**
 * sonde_chart_format_x: (skip)
 *
 * Returns: (transfer full): @x as a date when the axis holds dates, else
 *   as a number, in the user's locale
 */
char *
sonde_chart_format_x (SondeChart *self,
                      double      x)
{
  if (self->x_dates)
    return sonde_chart_format_date (x, self->date_unit);
  return sonde_chart_format_value (x);
}

static void
prepare_histogram (SondeChart *self)
{
  SondeChartSeries *series = g_ptr_array_index (self->series, 0);
  SondeChartAxis axis;
  SondeChartBox box = box_of (series->y);
  g_autofree guint *counts = NULL;
  guint wanted, n_bins;

  g_array_append_val (self->boxes, box);
  wanted = self->n_bins > 0 ? self->n_bins : (guint) ceil (log2 (MAX (box.n, 1))) + 1;
  wanted = CLAMP (wanted, 1, SONDE_CHART_AXIS_MAX_TICKS - 1);
  sonde_chart_axis_init_numbers (&axis, box.n > 0 ? box.min : 0, box.n > 0 ? box.max : 1, wanted + 1);
  n_bins = axis.n_ticks - 1;

  self->bin_edges = g_array_sized_new (FALSE, FALSE, sizeof (double), axis.n_ticks);
  g_array_append_vals (self->bin_edges, axis.ticks, axis.n_ticks);
  counts = g_new0 (guint, n_bins);
  for (guint i = 0; i < series->y->len; i++)
    {
      double v = g_array_index (series->y, double, i);
      int b;

      if (!isfinite (v))
        continue;
      /* Bins are [a, b), the last one [a, b]. */
      b = (int) floor ((v - axis.min) / axis.step);
      counts[CLAMP (b, 0, (int) n_bins - 1)]++;
    }

  for (guint b = 0; b < n_bins; b++)
    {
      g_autofree char *lo = sonde_chart_format_number (axis.ticks[b], axis.n_decimals);
      g_autofree char *hi = sonde_chart_format_number (axis.ticks[b + 1], axis.n_decimals);

      /* Translators: a bin of a histogram, “30 to 40” */
      add_entry (self, 0, b, axis.ticks[b], counts[b], axis.ticks[b + 1], 0,
                 g_strdup_printf (_("%s to %s"), lo, hi));
    }
}

static void
prepare_scatter (SondeChart *self)
{
  guint n = sonde_chart_n_points (self);
  g_autofree double *x = g_new (double, MAX (n, 1));
  g_autofree double *y = g_new (double, MAX (n, 1));
  guint k = 0;

  for (guint s = 0; s < self->series->len; s++)
    {
      SondeChartSeries *series = g_ptr_array_index (self->series, s);

      for (guint i = 0; i < series->y->len; i++)
        {
          double xi = g_array_index (series->x, double, i), yi = g_array_index (series->y, double, i);

          if (isfinite (xi) && isfinite (yi))
            {
              x[k] = xi;
              y[k] = yi;
              k++;
              if (n <= SONDE_CHART_MAX_POINT_ITEMS)
                add_entry (self, s, i, xi, yi, xi, yi, NULL);
            }
        }
    }

  if (n >= 3)
    {
      double c0, c1, cov00, cov01, cov11, sumsq;

      self->r = gsl_stats_correlation (x, 1, y, 1, n);
      if (gsl_fit_linear (x, 1, y, 1, n, &c0, &c1, &cov00, &cov01, &cov11, &sumsq) == 0 && isfinite (c1))
        {
          self->intercept = c0;
          self->slope = c1;
          self->have_fit = TRUE;
        }
    }
  else
    self->r = NAN;

  /* A million points cannot be walked one by one: explore a grid of
   * cells instead, each with its count. */
  if (n > SONDE_CHART_MAX_POINT_ITEMS)
    {
      double xlo, xhi, ylo, yhi;
      guint cells[SONDE_CHART_GRID_CELLS][SONDE_CHART_GRID_CELLS] = { { 0 } };
      double dx, dy;

      sonde_chart_series_range (self, FALSE, &xlo, &xhi);
      sonde_chart_series_range (self, TRUE, &ylo, &yhi);
      dx = (xhi - xlo) / SONDE_CHART_GRID_CELLS;
      dy = (yhi - ylo) / SONDE_CHART_GRID_CELLS;
      if (dx <= 0)
        dx = 1;
      if (dy <= 0)
        dy = 1;
      for (guint i = 0; i < n; i++)
        {
          int cx = CLAMP ((int) ((x[i] - xlo) / dx), 0, SONDE_CHART_GRID_CELLS - 1);
          int cy = CLAMP ((int) ((y[i] - ylo) / dy), 0, SONDE_CHART_GRID_CELLS - 1);

          cells[cy][cx]++;
        }
      /* Top row first, as the eye reads. */
      for (int cy = SONDE_CHART_GRID_CELLS - 1; cy >= 0; cy--)
        for (int cx = 0; cx < SONDE_CHART_GRID_CELLS; cx++)
          if (cells[cy][cx] > 0)
            {
              SondeChartEntry entry = { 0, cells[cy][cx], xlo + cx * dx, ylo + cy * dy,
                                        xlo + (cx + 1) * dx, ylo + (cy + 1) * dy, NULL };

              g_array_append_val (self->entries, entry);
            }
    }
}

static void
prepare_lines (SondeChart *self)
{
  gboolean months = TRUE, years = TRUE;

  for (guint s = 0; s < self->series->len; s++)
    {
      SondeChartSeries *series = g_ptr_array_index (self->series, s);
      guint n = series->y->len;
      /* A curve of thousands of thresholds is explored in 100 steps. */
      guint stride = n > 200 ? (n + 99) / 100 : 1;

      for (guint i = 0; i < n; i++)
        {
          double x = g_array_index (series->x, double, i), y = g_array_index (series->y, double, i);

          if (self->x_dates && isfinite (x))
            {
              int yy, mm, dd;

              sonde_date_to_ymd ((gint32) floor (x), &yy, &mm, &dd);
              months = months && dd == 1;
              years = years && dd == 1 && mm == 1;
            }
          if ((i % stride == 0 || i == n - 1) && isfinite (x) && isfinite (y))
            add_entry (self, s, i, x, y, x, y, NULL);
        }
    }

  self->date_unit = years && self->series->len > 0 ? SONDE_DATE_UNIT_YEAR : months ? SONDE_DATE_UNIT_MONTH : SONDE_DATE_UNIT_DAY;
  if (self->x_dates && years)
    {
      /* Yearly data written as “2024”, but only if there are several years. */
      double lo, hi;

      sonde_chart_series_range (self, FALSE, &lo, &hi);
      if (hi - lo < 365)
        self->date_unit = SONDE_DATE_UNIT_MONTH;
    }
}

/**
 * sonde_chart_prepare: (skip)
 *
 * Derives bins, boxes, fits and the list of items from the data, once.
 */
void
sonde_chart_prepare (SondeChart *self)
{
  if (self->prepared)
    return;

  g_clear_pointer (&self->bin_edges, g_array_unref);
  g_clear_pointer (&self->boxes, g_array_unref);
  g_clear_pointer (&self->entries, g_array_unref);
  self->boxes = g_array_new (FALSE, TRUE, sizeof (SondeChartBox));
  self->entries = g_array_new (FALSE, TRUE, sizeof (SondeChartEntry));
  g_array_set_clear_func (self->entries, entry_clear);
  self->have_fit = FALSE;
  self->r = NAN;

  switch (self->kind)
    {
    case SONDE_CHART_HISTOGRAM:
      if (self->series->len == 0)
        sonde_chart_add_series (self, NULL, NULL, NULL, 0);
      prepare_histogram (self);
      break;

    case SONDE_CHART_BAR:
      for (guint c = 0; c < self->categories->len; c++)
        for (guint s = 0; s < self->series->len; s++)
          {
            double v = sonde_chart_bar_value (self, s, c);

            if (isfinite (v))
              add_entry (self, s, c, c, 0, c, v, g_strdup (g_ptr_array_index (self->categories, c)));
          }
      break;

    case SONDE_CHART_BOX:
      for (guint s = 0; s < self->series->len; s++)
        {
          SondeChartSeries *series = g_ptr_array_index (self->series, s);
          SondeChartBox box = box_of (series->y);

          g_array_append_val (self->boxes, box);
          add_entry (self, s, s, s, box.median, s, box.median,
                     g_strdup (series->name != NULL ? series->name : ""));
        }
      break;

    case SONDE_CHART_SCATTER:
      prepare_scatter (self);
      break;

    case SONDE_CHART_LINE:
    case SONDE_CHART_ROC:
    case SONDE_CHART_PR:
    case SONDE_CHART_LEARNING:
      prepare_lines (self);
      break;

    case SONDE_CHART_HEATMAP:
    case SONDE_CHART_CONFUSION:
      for (guint r = 0; r < self->categories->len; r++)
        for (guint c = 0; c < self->columns->len; c++)
          add_entry (self, r, c, c, r, c, r, NULL);
      break;

    default:
      g_assert_not_reached ();
    }

  self->prepared = TRUE;
}

/* The magnitude an item stands for. */
static double
entry_value (SondeChart      *self,
             SondeChartEntry *e)
{
  switch (self->kind)
    {
    case SONDE_CHART_HISTOGRAM:
      return e->y;
    case SONDE_CHART_BAR:
      return e->y2;
    case SONDE_CHART_SCATTER:
      return sonde_chart_n_points (self) > SONDE_CHART_MAX_POINT_ITEMS ? e->index : e->y;
    case SONDE_CHART_HEATMAP:
    case SONDE_CHART_CONFUSION:
      return g_array_index (self->matrix, double, e->series * self->columns->len + e->index);
    case SONDE_CHART_BOX:
    case SONDE_CHART_LINE:
    case SONDE_CHART_ROC:
    case SONDE_CHART_PR:
    case SONDE_CHART_LEARNING:
    default:
      return e->y;
    }
}

/**
 * sonde_chart_get_n_items:
 * @self: a chart
 *
 * The marks of the chart in reading order, for keyboard exploration and
 * sonification: the bins of a histogram; the bars of a bar chart category
 * by category, series by series within; the boxes; the points of a
 * scatter (or, above 2 000 points, the non-empty cells of an 8 × 8 grid,
 * top row first); the points of each line in turn (100 per curve at
 * most); the cells of a matrix row by row.
 *
 * Returns: how many items
 */
guint
sonde_chart_get_n_items (SondeChart *self)
{
  g_return_val_if_fail (SONDE_IS_CHART (self), 0);

  sonde_chart_prepare (self);
  return self->entries->len;
}

/**
 * sonde_chart_get_item:
 * @self: a chart
 * @index: an item, below sonde_chart_get_n_items()
 * @item: (out caller-allocates): where to store it; its label belongs to
 *   @self and lives until @self changes
 *
 * Returns: %TRUE, or %FALSE when @index is out of range
 */
gboolean
sonde_chart_get_item (SondeChart     *self,
                      guint           index,
                      SondeChartItem *item)
{
  SondeChartEntry *e;

  g_return_val_if_fail (SONDE_IS_CHART (self), FALSE);
  g_return_val_if_fail (item != NULL, FALSE);

  sonde_chart_prepare (self);
  if (index >= self->entries->len)
    return FALSE;

  e = &g_array_index (self->entries, SondeChartEntry, index);
  item->series = e->series;
  item->index = e->index;
  item->x = e->x;
  item->y = e->y;
  item->value = entry_value (self, e);
  item->label = e->label;
  return TRUE;
}

/**
 * sonde_chart_get_item_rect:
 * @self: a chart drawn at least once with sonde_chart_render()
 * @index: an item
 * @rect: (out caller-allocates): the item's box in the user units of the
 *   last render, to draw a focus ring around
 *
 * Returns: %TRUE, or %FALSE when @self was not drawn since it last changed
 *   or @index is out of range
 */
gboolean
sonde_chart_get_item_rect (SondeChart        *self,
                           guint              index,
                           cairo_rectangle_t *rect)
{
  g_return_val_if_fail (SONDE_IS_CHART (self), FALSE);
  g_return_val_if_fail (rect != NULL, FALSE);

  if (!self->rendered || index >= self->item_rects->len)
    return FALSE;
  *rect = g_array_index (self->item_rects, cairo_rectangle_t, index);
  return TRUE;
}

/* ---------------------------------------------------------------------- */
/* The data as a table                                                     */

static SondeColumn *
real_column (const char *name)
{
  return sonde_column_new (name, SONDE_COLUMN_TYPE_REAL);
}

static void
append_number (SondeColumn *column,
               double       v)
{
  if (isfinite (v))
    sonde_column_append_real (column, v);
  else
    sonde_column_append_missing (column);
}

static void
add_columns (SondeTable *table,
             ...)
{
  va_list args;
  SondeColumn *column;

  va_start (args, table);
  while ((column = va_arg (args, SondeColumn *)) != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (!sonde_table_add_column (table, column, &error))
        g_warning ("%s", error->message);
      g_object_unref (column);
    }
  va_end (args);
}

/* Several series share one table: a first column names the series. */
static SondeTable *
points_table (SondeChart *self)
{
  SondeTable *table = sonde_table_new (self->title);
  SondeColumn *series = self->series->len > 1 ? sonde_column_new (_("Series"), SONDE_COLUMN_TYPE_CATEGORICAL) : NULL;
  SondeColumn *x = sonde_column_new (self->x_label != NULL ? self->x_label : "x",
                                     self->x_dates ? SONDE_COLUMN_TYPE_DATE : SONDE_COLUMN_TYPE_REAL);
  SondeColumn *y = real_column (self->y_label != NULL && g_strcmp0 (self->y_label, self->x_label) != 0 ? self->y_label : "y");

  for (guint s = 0; s < self->series->len; s++)
    {
      SondeChartSeries *ser = g_ptr_array_index (self->series, s);

      for (guint i = 0; i < ser->y->len; i++)
        {
          double vx = g_array_index (ser->x, double, i);

          if (series != NULL)
            sonde_column_append_category (series, ser->name != NULL ? ser->name : "", -1);
          if (self->x_dates && isfinite (vx))
            sonde_column_append_date (x, (gint32) floor (vx));
          else
            append_number (x, vx);
          append_number (y, g_array_index (ser->y, double, i));
        }
    }

  if (series != NULL)
    add_columns (table, series, NULL);
  add_columns (table, x, y, NULL);
  return table;
}

/**
 * sonde_chart_get_table:
 * @self: a chart
 *
 * The data behind the chart as a table, for a grid, a screen reader or a
 * CSV file: the bins and their counts; one row per category and a column
 * per series; one row per group with its quartiles and outliers; the
 * points (with a first column naming the series when there are several);
 * the matrix with a first column naming its rows.
 *
 * Returns: (transfer full): a new table
 */
SondeTable *
sonde_chart_get_table (SondeChart *self)
{
  SondeTable *table;

  g_return_val_if_fail (SONDE_IS_CHART (self), NULL);

  sonde_chart_prepare (self);
  table = sonde_table_new (self->title != NULL ? self->title : "chart");

  switch (self->kind)
    {
    case SONDE_CHART_HISTOGRAM:
      {
        SondeColumn *from = real_column (_("From"));
        SondeColumn *to = real_column (_("To"));
        SondeColumn *count = sonde_column_new (_("Count"), SONDE_COLUMN_TYPE_INTEGER);

        for (guint i = 0; i < self->entries->len; i++)
          {
            SondeChartEntry *e = &g_array_index (self->entries, SondeChartEntry, i);

            sonde_column_append_real (from, e->x);
            sonde_column_append_real (to, e->x2);
            sonde_column_append_integer (count, (gint64) e->y);
          }
        add_columns (table, from, to, count, NULL);
        break;
      }

    case SONDE_CHART_BAR:
      {
        SondeColumn *cat = sonde_column_new (self->x_label != NULL ? self->x_label : _("Category"), SONDE_COLUMN_TYPE_TEXT);

        for (guint c = 0; c < self->categories->len; c++)
          sonde_column_append_text (cat, g_ptr_array_index (self->categories, c), -1);
        add_columns (table, cat, NULL);
        for (guint s = 0; s < self->series->len; s++)
          {
            SondeChartSeries *ser = g_ptr_array_index (self->series, s);
            g_autofree char *name = g_strdup (ser->name != NULL ? ser->name : "y");
            SondeColumn *col;

            /* Names must differ from the category column's. */
            if (g_strcmp0 (name, self->x_label) == 0)
              {
                g_free (name);
                name = g_strdup_printf ("%s (%u)", ser->name, s + 1);
              }
            col = real_column (name);
            for (guint c = 0; c < self->categories->len; c++)
              append_number (col, sonde_chart_bar_value (self, s, c));
            add_columns (table, col, NULL);
          }
        break;
      }

    case SONDE_CHART_BOX:
      {
        SondeColumn *group = sonde_column_new (_("Group"), SONDE_COLUMN_TYPE_TEXT);
        SondeColumn *n = sonde_column_new (_("Count"), SONDE_COLUMN_TYPE_INTEGER);
        SondeColumn *min = real_column (_("Minimum"));
        SondeColumn *q1 = real_column (_("First quartile"));
        SondeColumn *median = real_column (_("Median"));
        SondeColumn *q3 = real_column (_("Third quartile"));
        SondeColumn *max = real_column (_("Maximum"));
        SondeColumn *mean = real_column (_("Mean"));
        SondeColumn *outliers = sonde_column_new (_("Outliers"), SONDE_COLUMN_TYPE_INTEGER);

        for (guint s = 0; s < self->boxes->len; s++)
          {
            SondeChartBox *b = &g_array_index (self->boxes, SondeChartBox, s);
            SondeChartSeries *ser = g_ptr_array_index (self->series, s);

            sonde_column_append_text (group, ser->name != NULL ? ser->name : "", -1);
            sonde_column_append_integer (n, b->n);
            append_number (min, b->min);
            append_number (q1, b->q1);
            append_number (median, b->median);
            append_number (q3, b->q3);
            append_number (max, b->max);
            append_number (mean, b->mean);
            sonde_column_append_integer (outliers, b->n_low + b->n_high);
          }
        add_columns (table, group, n, min, q1, median, q3, max, mean, outliers, NULL);
        break;
      }

    case SONDE_CHART_HEATMAP:
    case SONDE_CHART_CONFUSION:
      {
        SondeColumn *rows = sonde_column_new (self->y_label != NULL ? self->y_label : _("Variable"), SONDE_COLUMN_TYPE_TEXT);

        for (guint r = 0; r < self->categories->len; r++)
          sonde_column_append_text (rows, g_ptr_array_index (self->categories, r), -1);
        add_columns (table, rows, NULL);
        for (guint c = 0; c < self->columns->len; c++)
          {
            SondeColumn *col = real_column (g_ptr_array_index (self->columns, c));

            for (guint r = 0; r < self->categories->len; r++)
              append_number (col, g_array_index (self->matrix, double, r * self->columns->len + c));
            add_columns (table, col, NULL);
          }
        break;
      }

    case SONDE_CHART_SCATTER:
    case SONDE_CHART_LINE:
    case SONDE_CHART_ROC:
    case SONDE_CHART_PR:
    case SONDE_CHART_LEARNING:
    default:
      g_object_unref (table);
      table = points_table (self);
      break;
    }

  return table;
}
