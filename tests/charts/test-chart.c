/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-chart"

/* SondeChart end to end on small known data: summaries sentence by
 * sentence in English (and French where the catalogue has the strings),
 * items and their descriptions, the data table, the SVG's title, desc and
 * item layer, the PNG's size at scale 2, no two labels overlapping at
 * 200 % text for every kind, the contrast of drawn marks in every theme,
 * and the errors that name the column.
 *
 * Reference figures: R 4.2,
 *   x <- c(12, 15, 18, 21, 22, 25, 27, 31, 34, 95)
 *   mean(x) = 30; quantile(x) = 12, 18.75, 23.5, 30, 95 (type 7)
 *   cor(1:5, c(2, 4, 5, 4, 5)) = 0.7745967; coef(lm(c(2,4,5,4,5) ~ I(1:5))) = 2.2, 0.6
 * and scikit-learn 1.2,
 *   roc_auc_score([1,1,0,1,0,0], [.9,.8,.7,.6,.5,.4]) = 0.8888889
 */

#include "config.h"

#include <locale.h>
#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>

#include "sonde-engine.h"
#include "sonde-chart.h"
#include "sonde-chart-export.h"
#include "sonde-chart-private.h"

static const double ages[] = { 12, 15, 18, 21, 22, 25, 27, 31, 34, 95 };

static SondeTable *
make_table (void)
{
  SondeTable *table = sonde_table_new ("people");
  SondeColumn *age = sonde_column_new ("age", SONDE_COLUMN_TYPE_REAL);
  SondeColumn *name = sonde_column_new ("name", SONDE_COLUMN_TYPE_TEXT);
  SondeColumn *group = sonde_column_new ("group", SONDE_COLUMN_TYPE_CATEGORICAL);
  SondeColumn *score = sonde_column_new ("score", SONDE_COLUMN_TYPE_REAL);
  SondeColumn *passed = sonde_column_new ("passed", SONDE_COLUMN_TYPE_BOOLEAN);

  for (guint i = 0; i < G_N_ELEMENTS (ages); i++)
    {
      g_autofree char *n = g_strdup_printf ("P%u", i);

      sonde_column_append_real (age, ages[i]);
      sonde_column_append_text (name, n, -1);
      sonde_column_append_category (group, i % 3 == 0 ? "a" : i % 3 == 1 ? "b" : "c", -1);
      sonde_column_append_real (score, i * 1.5 + (i % 2));
      sonde_column_append_boolean (passed, i >= 5);
    }
  /* One row missing its age. */
  sonde_column_append_missing (age);
  sonde_column_append_text (name, "P10", -1);
  sonde_column_append_category (group, "a", -1);
  sonde_column_append_real (score, 2);
  sonde_column_append_boolean (passed, FALSE);

  g_assert_true (sonde_table_add_column (table, age, NULL));
  g_assert_true (sonde_table_add_column (table, name, NULL));
  g_assert_true (sonde_table_add_column (table, group, NULL));
  g_assert_true (sonde_table_add_column (table, score, NULL));
  g_assert_true (sonde_table_add_column (table, passed, NULL));
  g_object_unref (age);
  g_object_unref (name);
  g_object_unref (group);
  g_object_unref (score);
  g_object_unref (passed);
  return table;
}

static SondeChart *
make_histogram (void)
{
  g_autoptr(SondeTable) table = make_table ();
  g_autoptr(GError) error = NULL;
  SondeChart *chart = sonde_chart_new_histogram (table, "age", 0, &error);

  g_assert_no_error (error);
  g_assert_nonnull (chart);
  return chart;
}

static void
assert_describes (SondeChart       *chart,
                  SondeChartDetail  detail,
                  const char       *expected)
{
  g_autofree char *text = sonde_chart_describe (chart, detail);

  g_assert_cmpstr (text, ==, expected);
}

static void
test_histogram_english (void)
{
  g_autoptr(SondeChart) chart = make_histogram ();

  assert_describes (chart, SONDE_CHART_DETAIL_OVERVIEW,
                    "Distribution of age: a histogram of 10 values. Its 5 bins run from 0 to 100. "
                    "1 row with a missing value is left out.");
  assert_describes (chart, SONDE_CHART_DETAIL_STATISTICS,
                    "Values range from 12 to 95; the mean is 30 and the median 23.5. "
                    "The tallest bin, 20 to 40, holds 6 values.");
  assert_describes (chart, SONDE_CHART_DETAIL_TRENDS,
                    "Half of the values lie between 18.8 and 30. "
                    "The distribution is skewed to the right: the mean is above the median. "
                    "1 outlier above 46.9.");
  g_assert_finalize_object (g_steal_pointer (&chart));
}

/* French numbers always; French sentences once po/fr.po translates them
 * (the test says so and checks the numbers until then). */
static void
test_histogram_french (void)
{
  g_autoptr(SondeChart) chart = NULL;
  g_autofree char *trends = NULL;
  const char *msgid = "Half of the values lie between %s and %s.";

  if (setlocale (LC_ALL, "fr_FR.UTF-8") == NULL)
    {
      g_test_skip ("fr_FR.UTF-8 is not installed");
      return;
    }
  g_setenv ("LANGUAGE", "fr", TRUE);

  chart = make_histogram ();
  trends = sonde_chart_describe (chart, SONDE_CHART_DETAIL_TRENDS);
  g_assert_nonnull (strstr (trends, "18,8"));
  g_assert_nonnull (strstr (trends, "46,9"));

  /* po/fr.po translates every summary (tests/data checks it). */
  g_assert_cmpstr (g_dgettext (GETTEXT_PACKAGE, msgid), !=, msgid);
  assert_describes (chart, SONDE_CHART_DETAIL_TRENDS,
                    "La moitié des valeurs se situe entre 18,8 et 30. "
                    "La distribution est étalée vers la droite : la moyenne est au-dessus de la médiane. "
                    "1 valeur aberrante au-dessus de 46,9.");

  g_unsetenv ("LANGUAGE");
  setlocale (LC_ALL, "C.UTF-8");
}

static void
test_histogram_items (void)
{
  g_autoptr(SondeChart) chart = make_histogram ();
  g_autoptr(SondeTable) table = NULL;
  g_autofree char *second = NULL;
  SondeChartItem item;
  cairo_rectangle_t rect;
  cairo_surface_t *surface;
  cairo_t *cr;

  g_assert_cmpuint (sonde_chart_get_n_items (chart), ==, 5);
  g_assert_true (sonde_chart_get_item (chart, 1, &item));
  g_assert_cmpfloat (item.x, ==, 20);
  g_assert_cmpfloat (item.value, ==, 6);
  g_assert_cmpstr (item.label, ==, "20 to 40");
  g_assert_false (sonde_chart_get_item (chart, 5, &item));
  second = sonde_chart_describe_item (chart, 1);
  g_assert_cmpstr (second, ==, "20 to 40: 6 values, 2 of 5");

  /* No rectangle before the first render. */
  g_assert_false (sonde_chart_get_item_rect (chart, 0, &rect));
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 400, 300);
  cr = cairo_create (surface);
  sonde_chart_render (chart, cr, 400, 300, SONDE_THEME_LIGHT, 1.0);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  for (guint i = 0; i < 5; i++)
    {
      g_assert_true (sonde_chart_get_item_rect (chart, i, &rect));
      g_assert_cmpfloat (rect.x, >=, 0);
      g_assert_cmpfloat (rect.x + rect.width, <=, 400);
      g_assert_cmpfloat (rect.y, >=, 0);
      g_assert_cmpfloat (rect.y + rect.height, <=, 300);
    }
  /* The bin of 6 stands twice as tall as the bin of 3. */
  {
    cairo_rectangle_t a, b;

    g_assert_true (sonde_chart_get_item_rect (chart, 0, &a));
    g_assert_true (sonde_chart_get_item_rect (chart, 1, &b));
    g_assert_cmpfloat_with_epsilon (b.height / a.height, 2.0, 0.02);
    g_assert_cmpfloat_with_epsilon (a.x + a.width, b.x, 0.01);
  }

  table = sonde_chart_get_table (chart);
  g_assert_cmpuint (sonde_table_get_n_rows (table), ==, 5);
  g_assert_cmpuint (sonde_table_get_n_columns (table), ==, 3);
  g_assert_cmpint (sonde_column_get_integer (sonde_table_get_column (table, 2), 1), ==, 6);
}

static void
test_bar (void)
{
  g_autoptr(SondeTable) table = make_table ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SondeChart) chart = sonde_chart_new_bar (table, "group", NULL, NULL, FALSE, &error);
  g_autoptr(SondeChart) means = NULL;
  g_autofree char *item = NULL;

  g_assert_no_error (error);
  /* a: rows 0, 3, 6, 9, 10; b: 1, 4, 7; c: 2, 5, 8. */
  assert_describes (chart, SONDE_CHART_DETAIL_OVERVIEW, "Count by group: a bar chart of 3 categories.");
  assert_describes (chart, SONDE_CHART_DETAIL_STATISTICS,
                    "The highest is a with 5; the lowest is b with 3. The total is 11.");
  assert_describes (chart, SONDE_CHART_DETAIL_TRENDS, "From the largest: a (5), b (3) and c (3).");
  item = sonde_chart_describe_item (chart, 0);
  g_assert_cmpstr (item, ==, "a: 5, 1 of 3");

  means = sonde_chart_new_bar (table, "group", "age", "passed", TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (means->series->len, ==, 2);
  assert_describes (means, SONDE_CHART_DETAIL_OVERVIEW,
                    "Mean of age by group: a bar chart of 3 categories. There are 2 series: false and true. "
                    "The bars of each category are stacked. 1 row with a missing value is left out.");
}

static void
test_box (void)
{
  g_autoptr(SondeTable) table = make_table ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SondeChart) chart = sonde_chart_new_box (table, "age", NULL, &error);
  SondeChartBox *box;

  g_assert_no_error (error);
  sonde_chart_prepare (chart);
  box = &g_array_index (chart->boxes, SondeChartBox, 0);
  g_assert_cmpfloat_with_epsilon (box->q1, 18.75, 1e-12);
  g_assert_cmpfloat_with_epsilon (box->median, 23.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (box->q3, 30, 1e-12);
  g_assert_cmpfloat (box->whisker_high, ==, 34);
  g_assert_cmpfloat (box->whisker_low, ==, 12);
  g_assert_cmpuint (box->n_high, ==, 1);
  assert_describes (chart, SONDE_CHART_DETAIL_TRENDS, "1 outlier above 46.9.");
}

static void
test_scatter (void)
{
  const double x[] = { 1, 2, 3, 4, 5 };
  const double y[] = { 2, 4, 5, 4, 5 };
  g_autoptr(SondeChart) chart = sonde_chart_new (SONDE_CHART_SCATTER);
  g_autofree char *item = NULL;

  sonde_chart_add_series (chart, NULL, x, y, 5);
  sonde_chart_set_axis_labels (chart, "x", "y");
  sonde_chart_set_title (chart, "Test");
  sonde_chart_set_trend_line (chart, TRUE);
  assert_describes (chart, SONDE_CHART_DETAIL_OVERVIEW,
                    "Test: a scatter plot of 5 points. x runs from 1 to 5 along the horizontal axis, "
                    "and y from 2 to 5 along the vertical axis.");
  assert_describes (chart, SONDE_CHART_DETAIL_STATISTICS,
                    "The mean of x is 3 and the mean of y is 4. The correlation coefficient r is 0.77. "
                    "The least-squares line is y = 2.2 + 0.6 × x.");
  assert_describes (chart, SONDE_CHART_DETAIL_TRENDS,
                    "y tends to rise with x: a strong positive relation. No point lies far from the line.");
  g_assert_cmpfloat_with_epsilon (chart->r, 0.7745967, 1e-7);
  item = sonde_chart_describe_item (chart, 2);
  g_assert_cmpstr (item, ==, "x 3, y 5, 3 of 5");
}

static void
test_scatter_density (void)
{
  guint n = 50000;
  g_autofree double *x = g_new (double, n);
  g_autofree double *y = g_new (double, n);
  g_autoptr(SondeChart) chart = sonde_chart_new (SONDE_CHART_SCATTER);
  g_autofree char *item = NULL;
  guint total = 0;

  for (guint i = 0; i < n; i++)
    {
      x[i] = i % 100;
      y[i] = (i * 7) % 100;
    }
  sonde_chart_add_series (chart, NULL, x, y, n);
  /* Explored by the cells of an 8 × 8 grid, which hold every point. */
  g_assert_cmpuint (sonde_chart_get_n_items (chart), <=, 64);
  g_assert_cmpuint (sonde_chart_get_n_items (chart), >, 1);
  for (guint i = 0; i < sonde_chart_get_n_items (chart); i++)
    {
      SondeChartItem it;

      g_assert_true (sonde_chart_get_item (chart, i, &it));
      total += (guint) it.value;
    }
  g_assert_cmpuint (total, ==, n);
  item = sonde_chart_describe_item (chart, 0);
  g_assert_nonnull (strstr (item, "points, 1 of"));
}

static double
day (int y, int m, int d)
{
  gint32 days = 0;

  g_assert_true (sonde_date_from_ymd (y, m, d, &days));
  return days;
}

static SondeChart *
make_line (void)
{
  const double sales[] = { 12, 15, 14, 20, 24, 30 };
  double months[6];
  SondeChart *chart = sonde_chart_new (SONDE_CHART_LINE);

  for (int i = 0; i < 6; i++)
    months[i] = day (2024, i + 1, 1);
  sonde_chart_add_series (chart, "sales", months, sales, 6);
  sonde_chart_set_x_dates (chart, TRUE);
  sonde_chart_set_axis_labels (chart, "month", "sales");
  sonde_chart_set_title (chart, "Sales");
  return chart;
}

static void
test_line (void)
{
  g_autoptr(SondeChart) chart = make_line ();
  g_autofree char *item = NULL;

  setlocale (LC_ALL, "C.UTF-8");
  assert_describes (chart, SONDE_CHART_DETAIL_OVERVIEW,
                    "Sales: a line chart of 6 points. month runs from January 2024 to June 2024.");
  assert_describes (chart, SONDE_CHART_DETAIL_STATISTICS,
                    "sales: lowest 12 in January 2024, highest 30 in June 2024, mean 19.2.");
  assert_describes (chart, SONDE_CHART_DETAIL_TRENDS,
                    "sales rises from 12 in January 2024 to 30 in June 2024.");
  item = sonde_chart_describe_item (chart, 2);
  g_assert_cmpstr (item, ==, "sales, March 2024: 14, 3 of 6");
}

static void
test_roc (void)
{
  g_autoptr(SondeTable) table = sonde_table_new ("cases");
  SondeColumn *truth = sonde_column_new ("truth", SONDE_COLUMN_TYPE_INTEGER);
  SondeColumn *score = sonde_column_new ("score", SONDE_COLUMN_TYPE_REAL);
  const int t[] = { 1, 1, 0, 1, 0, 0 };
  const double s[] = { .9, .8, .7, .6, .5, .4 };
  g_autoptr(GError) error = NULL;
  g_autoptr(SondeChart) chart = NULL;

  for (guint i = 0; i < 6; i++)
    {
      sonde_column_append_integer (truth, t[i]);
      sonde_column_append_real (score, s[i]);
    }
  sonde_table_add_column (table, truth, NULL);
  sonde_table_add_column (table, score, NULL);
  g_object_unref (truth);
  g_object_unref (score);

  chart = sonde_chart_new_roc (table, "truth", "score", FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (chart->auc, 8.0 / 9.0, 1e-12);
  assert_describes (chart, SONDE_CHART_DETAIL_STATISTICS,
                    "The area under the curve (AUC) is 0.889; guessing at random would give 0.5.");
}

static void
test_matrix (void)
{
  const char * const names[] = { "yes", "no", NULL };
  const double counts[] = { 40, 10, 5, 45 };
  g_autoptr(SondeChart) chart = sonde_chart_new (SONDE_CHART_CONFUSION);
  g_autofree char *item = NULL;

  sonde_chart_set_matrix (chart, names, names, counts);
  sonde_chart_set_title (chart, "Confusion");
  assert_describes (chart, SONDE_CHART_DETAIL_STATISTICS,
                    "The accuracy is 85%: 85 of the 100 cases are on the diagonal.");
  assert_describes (chart, SONDE_CHART_DETAIL_TRENDS,
                    "The most frequent confusion is yes predicted as no (10 cases).");
  item = sonde_chart_describe_item (chart, 1);
  g_assert_cmpstr (item, ==, "true yes, predicted no: 10 cases, 2 of 4");
}

static void
test_errors (void)
{
  g_autoptr(SondeTable) table = make_table ();
  g_autoptr(GError) error = NULL;
  SondeChart *chart;

  chart = sonde_chart_new_histogram (table, "weight", 0, &error);
  g_assert_null (chart);
  g_assert_error (error, SONDE_ERROR, SONDE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "“weight”"));
  g_assert_nonnull (strstr (error->message, "“people”"));
  g_clear_error (&error);

  chart = sonde_chart_new_histogram (table, "name", 0, &error);
  g_assert_null (chart);
  g_assert_error (error, SONDE_ERROR, SONDE_ERROR_INVALID);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "“name”"));
  g_assert_nonnull (strstr (error->message, "not numbers"));
  g_clear_error (&error);

  chart = sonde_chart_new_scatter (table, "age", "group", NULL, FALSE, &error);
  g_assert_null (chart);
  g_assert_nonnull (strstr (error->message, "“group”"));
  g_clear_error (&error);

  chart = sonde_chart_new_roc (table, "group", "score", FALSE, &error);
  g_assert_null (chart);
  g_assert_nonnull (strstr (error->message, "two classes"));
}

/* ---------------------------------------------------------------------- */
/* Exports                                                                 */

typedef struct
{
  int       depth;
  gboolean  in_title;
  gboolean  in_desc;
  GString  *title;
  GString  *desc;
  char     *role;
  guint     n_items;
  guint     n_item_titles;
  int       item_depth;
} SvgScan;

static void
svg_start (GMarkupParseContext  *context,
           const char           *element,
           const char          **names,
           const char          **values,
           gpointer              user_data,
           GError              **error)
{
  SvgScan *scan = user_data;

  scan->depth++;
  if (scan->depth == 1)
    {
      g_assert_cmpstr (element, ==, "svg");
      for (guint i = 0; names[i] != NULL; i++)
        if (strcmp (names[i], "role") == 0)
          scan->role = g_strdup (values[i]);
    }
  if (scan->depth == 2 && strcmp (element, "title") == 0)
    scan->in_title = TRUE;
  if (scan->depth == 2 && strcmp (element, "desc") == 0)
    scan->in_desc = TRUE;
  if (strcmp (element, "rect") == 0)
    for (guint i = 0; names[i] != NULL; i++)
      if (strcmp (names[i], "class") == 0 && strcmp (values[i], "sonde-chart-item") == 0)
        {
          scan->n_items++;
          scan->item_depth = scan->depth;
        }
  if (strcmp (element, "title") == 0 && scan->item_depth > 0 && scan->depth == scan->item_depth + 1)
    scan->n_item_titles++;
}

static void
svg_end (GMarkupParseContext  *context,
         const char           *element,
         gpointer              user_data,
         GError              **error)
{
  SvgScan *scan = user_data;

  if (scan->depth == scan->item_depth)
    scan->item_depth = 0;
  scan->depth--;
  scan->in_title = scan->in_desc = FALSE;
}

static void
svg_text (GMarkupParseContext  *context,
          const char           *text,
          gsize                 len,
          gpointer              user_data,
          GError              **error)
{
  SvgScan *scan = user_data;

  if (scan->in_title)
    g_string_append_len (scan->title, text, len);
  if (scan->in_desc)
    g_string_append_len (scan->desc, text, len);
}

static void
test_svg (void)
{
  g_autoptr(SondeChart) chart = make_histogram ();
  SondeChartExportOptions options = { 400, 300, 1, SONDE_THEME_LIGHT, 1 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = sonde_chart_export_to_bytes (chart, SONDE_CHART_EXPORT_SVG, &options, &error);
  GMarkupParser parser = { svg_start, svg_end, svg_text, NULL, NULL };
  SvgScan scan = { 0 };
  GMarkupParseContext *context;

  g_assert_no_error (error);
  scan.title = g_string_new (NULL);
  scan.desc = g_string_new (NULL);
  context = g_markup_parse_context_new (&parser, 0, &scan, NULL);
  g_assert_true (g_markup_parse_context_parse (context, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error));
  g_assert_no_error (error);
  g_assert_true (g_markup_parse_context_end_parse (context, &error));
  g_markup_parse_context_free (context);

  g_assert_cmpstr (scan.role, ==, "img");
  g_assert_cmpstr (scan.title->str, ==, "Distribution of age");
  g_assert_true (g_str_has_prefix (scan.desc->str, "Distribution of age: a histogram of 10 values."));
  g_assert_nonnull (strstr (scan.desc->str, "1 outlier above 46.9."));
  /* One titled, invisible rectangle per bin. */
  g_assert_cmpuint (scan.n_items, ==, 5);
  g_assert_cmpuint (scan.n_item_titles, ==, 5);
  g_assert_nonnull (g_strstr_len (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), "<title>20 to 40: 6 values, 2 of 5</title>"));

  g_string_free (scan.title, TRUE);
  g_string_free (scan.desc, TRUE);
  g_free (scan.role);
}

typedef struct
{
  const guint8 *data;
  gsize         size;
  gsize         offset;
} Reader;

static cairo_status_t
read_bytes (void          *closure,
            unsigned char *data,
            unsigned int   length)
{
  Reader *reader = closure;

  if (reader->offset + length > reader->size)
    return CAIRO_STATUS_READ_ERROR;
  memcpy (data, reader->data + reader->offset, length);
  reader->offset += length;
  return CAIRO_STATUS_SUCCESS;
}

static cairo_surface_t *
png_of (SondeChart *chart,
        double      width,
        double      height,
        double      scale,
        SondeTheme  theme)
{
  SondeChartExportOptions options = { width, height, scale, theme, 1 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = sonde_chart_export_to_bytes (chart, SONDE_CHART_EXPORT_PNG, &options, &error);
  Reader reader = { NULL, 0, 0 };

  g_assert_no_error (error);
  reader.data = g_bytes_get_data (bytes, &reader.size);
  return cairo_image_surface_create_from_png_stream (read_bytes, &reader);
}

static void
test_png_scale (void)
{
  g_autoptr(SondeChart) chart = make_histogram ();
  cairo_surface_t *png = png_of (chart, 400, 300, 2, SONDE_THEME_LIGHT);

  g_assert_cmpint (cairo_surface_status (png), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (png), ==, 800);
  g_assert_cmpint (cairo_image_surface_get_height (png), ==, 600);
  cairo_surface_destroy (png);
}

static void
test_pdf (void)
{
  g_autoptr(SondeChart) chart = make_line ();
  SondeChartExportOptions options = { 400, 300, 1, SONDE_THEME_DARK, 1 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = sonde_chart_export_to_bytes (chart, SONDE_CHART_EXPORT_PDF, &options, &error);

  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (g_bytes_get_data (bytes, NULL), "%PDF-"));
  g_assert_cmpint (sonde_chart_export_format_from_filename ("a/b.Pdf"), ==, SONDE_CHART_EXPORT_PDF);
  g_assert_cmpint (sonde_chart_export_format_from_filename ("b.jpeg"), ==, SONDE_CHART_EXPORT_UNKNOWN);
}

static SondeRgb
pixel (cairo_surface_t *surface,
       double           x,
       double           y)
{
  const guint8 *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  guint32 p = *(const guint32 *) (gconstpointer) (data + (int) y * stride + (int) x * 4);

  return (SondeRgb) { ((p >> 16) & 0xff) / 255.0, ((p >> 8) & 0xff) / 255.0, (p & 0xff) / 255.0 };
}

/* The middle of every drawn bar, in every theme, against the background. */
static void
test_mark_contrast (void)
{
  g_autoptr(SondeChart) chart = make_histogram ();

  for (SondeTheme theme = 0; theme < SONDE_THEME_N_THEMES; theme++)
    {
      cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 400, 300);
      cairo_t *cr = cairo_create (surface);
      SondeRgb bg = sonde_theme_get_background (theme, 0);

      sonde_chart_render (chart, cr, 400, 300, theme, 1.0);
      cairo_destroy (cr);
      cairo_surface_flush (surface);

      for (guint i = 0; i < sonde_chart_get_n_items (chart); i++)
        {
          cairo_rectangle_t r;
          SondeChartItem item;
          double ratio;

          g_assert_true (sonde_chart_get_item (chart, i, &item));
          if (item.value == 0)
            continue;
          g_assert_true (sonde_chart_get_item_rect (chart, i, &r));
          ratio = sonde_rgb_contrast_ratio (pixel (surface, r.x + r.width / 2, r.y + r.height / 2), bg);
          g_test_message ("%s, bin %u: %.2f:1", sonde_theme_get_name (theme), i, ratio);
          g_assert_cmpfloat (ratio, >=, sonde_theme_get_min_mark_contrast (theme));
        }
      /* The text colour is the theme's, at 4.5:1 or more. */
      g_assert_cmpfloat (sonde_rgb_contrast_ratio (sonde_theme_get_foreground (theme), bg), >=, 4.5);
      cairo_surface_destroy (surface);
    }
}

static gboolean
intersect (const cairo_rectangle_t *a,
           const cairo_rectangle_t *b)
{
  /* Half a pixel of slack for boxes that merely touch. */
  return a->x + a->width > b->x + 0.5 && b->x + b->width > a->x + 0.5 &&
         a->y + a->height > b->y + 0.5 && b->y + b->height > a->y + 0.5;
}

static void
check_no_overlap (SondeChart *chart,
                  const char *what,
                  double      width,
                  double      height)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) width, (int) height);
  cairo_t *cr = cairo_create (surface);

  sonde_chart_render (chart, cr, width, height, SONDE_THEME_LIGHT, 2.0);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);

  g_assert_cmpuint (chart->text_rects->len, >, 2);
  for (guint i = 0; i < chart->text_rects->len; i++)
    {
      cairo_rectangle_t *a = &g_array_index (chart->text_rects, cairo_rectangle_t, i);

      if (a->x < -0.5 || a->y < -0.5 || a->x + a->width > width + 0.5 || a->y + a->height > height + 0.5)
        g_error ("%s: label %u (%.1f, %.1f, %.1f × %.1f) leaves the %g × %g chart",
                 what, i, a->x, a->y, a->width, a->height, width, height);
      for (guint j = i + 1; j < chart->text_rects->len; j++)
        {
          cairo_rectangle_t *b = &g_array_index (chart->text_rects, cairo_rectangle_t, j);

          if (intersect (a, b))
            g_error ("%s: labels %u (%.1f, %.1f, %.1f × %.1f) and %u (%.1f, %.1f, %.1f × %.1f) overlap",
                     what, i, a->x, a->y, a->width, a->height, j, b->x, b->y, b->width, b->height);
        }
    }
}

static void
test_no_overlap (void)
{
  g_autoptr(SondeTable) table = make_table ();
  const char * const long_names[] = { "Sciences humaines et sociales", "Informatique", "Mathématiques appliquées",
                                      "Biologie", "Data science", "Physique", "Chimie", "Économie", NULL };
  const double values[] = { 120, 80, 45, 60, 208, 12, 33, 70 };
  const double other[] = { 20, 30, 25, 16, 50, 2, 13, 7 };
  const char * const vars[] = { "age", "hours studied per week", "attendance", NULL };
  const double r[] = { 1, 0.3, -0.5, 0.3, 1, 0.8, -0.5, 0.8, 1 };
  g_autoptr(GPtrArray) charts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(SondeChart) bars = sonde_chart_new (SONDE_CHART_BAR);
  g_autoptr(SondeChart) heat = sonde_chart_new (SONDE_CHART_HEATMAP);
  const double sizes[][2] = { { 640, 480 }, { 400, 300 }, { 1280, 800 } };

  sonde_chart_set_categories (bars, long_names);
  sonde_chart_add_series (bars, "2023 intake", NULL, values, 8);
  sonde_chart_add_series (bars, "2024 intake", NULL, other, 8);
  sonde_chart_set_axis_labels (bars, "Programme of study", "Number of students enrolled");
  sonde_chart_set_title (bars, "Students enrolled by programme of study and year of intake, all campuses");
  g_ptr_array_add (charts, g_object_ref (bars));
  sonde_chart_set_matrix (heat, vars, vars, r);
  sonde_chart_set_title (heat, "Correlations");
  g_ptr_array_add (charts, g_object_ref (heat));
  g_ptr_array_add (charts, make_histogram ());
  g_ptr_array_add (charts, make_line ());
  g_ptr_array_add (charts, sonde_chart_new_box (table, "age", "group", NULL));
  g_ptr_array_add (charts, sonde_chart_new_scatter (table, "age", "score", "group", TRUE, NULL));
  g_ptr_array_add (charts, sonde_chart_new_bar (table, "group", "age", NULL, FALSE, NULL));
  g_ptr_array_add (charts, sonde_chart_new_confusion (table, "passed", "passed", NULL));

  for (guint i = 0; i < charts->len; i++)
    for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
      {
        SondeChart *chart = g_ptr_array_index (charts, i);
        g_autofree char *what = g_strdup_printf ("%s at %g × %g", sonde_chart_get_title (chart), sizes[s][0], sizes[s][1]);

        g_assert_nonnull (chart);
        check_no_overlap (chart, what, sizes[s][0], sizes[s][1]);
      }
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_unsetenv ("LANGUAGE");
  g_test_init (&argc, &argv, NULL);
  sonde_engine_init ();

  g_test_add_func ("/charts/chart/histogram/english", test_histogram_english);
  g_test_add_func ("/charts/chart/histogram/french", test_histogram_french);
  g_test_add_func ("/charts/chart/histogram/items", test_histogram_items);
  g_test_add_func ("/charts/chart/bar", test_bar);
  g_test_add_func ("/charts/chart/box", test_box);
  g_test_add_func ("/charts/chart/scatter", test_scatter);
  g_test_add_func ("/charts/chart/scatter-density", test_scatter_density);
  g_test_add_func ("/charts/chart/line", test_line);
  g_test_add_func ("/charts/chart/roc", test_roc);
  g_test_add_func ("/charts/chart/confusion", test_matrix);
  g_test_add_func ("/charts/chart/errors", test_errors);
  g_test_add_func ("/charts/export/svg", test_svg);
  g_test_add_func ("/charts/export/png-scale", test_png_scale);
  g_test_add_func ("/charts/export/pdf", test_pdf);
  g_test_add_func ("/charts/render/mark-contrast", test_mark_contrast);
  g_test_add_func ("/charts/render/no-overlap-at-200", test_no_overlap);

  return g_test_run ();
}
