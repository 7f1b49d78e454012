/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sonde-cli"

/* `sonde-cli chart FILE --kind KIND …`: a chart of a dataset written to
 * PNG, SVG or PDF, told in words, or given as its data table, for scripts,
 * instructors' handouts and tests of the chart library:
 *
 *   histogram   --x COLUMN [--bins N]
 *   bar         --x CATEGORY [--y NUMBER (mean)] [--by SERIES] [--stacked]
 *   box         --y NUMBER [--by GROUP]
 *   scatter     --x NUMBER --y NUMBER [--by SERIES] [--trend]
 *   line        --x NUMBER|DATE --y NUMBER [--by SERIES]
 *   heatmap     [--columns A,B,C] (Pearson correlations; every column of
 *               numbers by default)
 *   confusion   --truth CLASS --predicted CLASS
 *   roc, pr     --truth CLASS --score NUMBER
 *   learning    --x SIZE --y SCORE [--by SET]
 *
 * --out FILE draws it (format from the extension) at --width × --height
 * units, --scale pixels per unit for PNG, in --theme colours and
 * --text-scale; --describe prints the three levels of the summary, one
 * paragraph each; --table prints the data behind the chart as CSV. At
 * least one of the three is needed. The file is read as `sonde-cli
 * inspect` reads it (every reader option applies). Exit status: 0, 1 when
 * the file or the columns do not fit (unknown column, text where numbers
 * are needed), 2 when the command line is wrong.
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "sonde-chart.h"
#include "sonde-chart-export.h"
#include "sonde-cli-chart.h"
#include "sonde-cli-stats.h"

typedef struct
{
  char     *kind;
  char     *x;
  char     *y;
  char     *by;
  char     *truth;
  char     *predicted;
  char     *score;
  char     *columns;
  char     *title;
  int       bins;
  gboolean  stacked;
  gboolean  trend;
  char     *out;
  double    width;
  double    height;
  double    scale;
  double    text_scale;
  char     *theme;
  gboolean  describe;
  gboolean  table;

  SondeChartKind  parsed_kind;
  SondeTheme      parsed_theme;
} ChartOptions;

static void
chart_options_clear (ChartOptions *o)
{
  g_free (o->kind);
  g_free (o->x);
  g_free (o->y);
  g_free (o->by);
  g_free (o->truth);
  g_free (o->predicted);
  g_free (o->score);
  g_free (o->columns);
  g_free (o->title);
  g_free (o->out);
  g_free (o->theme);
}

static const struct
{
  const char     *name;
  SondeChartKind  kind;
} kinds[] = {
  { "histogram", SONDE_CHART_HISTOGRAM },
  { "bar", SONDE_CHART_BAR },
  { "box", SONDE_CHART_BOX },
  { "scatter", SONDE_CHART_SCATTER },
  { "line", SONDE_CHART_LINE },
  { "heatmap", SONDE_CHART_HEATMAP },
  { "confusion", SONDE_CHART_CONFUSION },
  { "roc", SONDE_CHART_ROC },
  { "pr", SONDE_CHART_PR },
  { "learning", SONDE_CHART_LEARNING },
};

static gboolean
need (const char  *value,
      const char  *option,
      const char  *kind,
      char       **message)
{
  if (value != NULL)
    return TRUE;
  *message = g_strdup_printf (_("A %s chart needs %s."), kind, option);
  return FALSE;
}

static gboolean
check_arguments (int        argc,
                 char     **argv,
                 gpointer   user_data,
                 char     **message)
{
  ChartOptions *o = user_data;
  gboolean found = FALSE;
  const char *k = o->kind;

  if (argc != 2)
    {
      *message = g_strdup (_("chart needs exactly one FILE."));
      return FALSE;
    }
  if (o->kind == NULL)
    {
      *message = g_strdup (_("Give the kind of chart with --kind: histogram, bar, box, scatter, line, heatmap, confusion, roc, pr or learning."));
      return FALSE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (strcmp (o->kind, kinds[i].name) == 0)
      {
        o->parsed_kind = kinds[i].kind;
        found = TRUE;
      }
  if (!found)
    {
      *message = g_strdup_printf (_("“%s” is not a kind of chart: use histogram, bar, box, scatter, line, heatmap, confusion, roc, pr or learning."), o->kind);
      return FALSE;
    }

  o->parsed_theme = SONDE_THEME_LIGHT;
  if (o->theme != NULL)
    {
      found = FALSE;
      for (SondeTheme t = 0; t < SONDE_THEME_N_THEMES; t++)
        if (strcmp (o->theme, sonde_theme_get_name (t)) == 0)
          {
            o->parsed_theme = t;
            found = TRUE;
          }
      if (strcmp (o->theme, "high-contrast") == 0)
        {
          o->parsed_theme = SONDE_THEME_HIGH_CONTRAST_LIGHT;
          found = TRUE;
        }
      if (!found)
        {
          *message = g_strdup_printf (_("“%s” is not a theme: use light, dark, high-contrast or high-contrast-dark."), o->theme);
          return FALSE;
        }
    }

  if (o->out == NULL && !o->describe && !o->table)
    {
      *message = g_strdup (_("Say what to do with the chart: --out FILE, --describe or --table."));
      return FALSE;
    }
  if (o->out != NULL && sonde_chart_export_format_from_filename (o->out) == SONDE_CHART_EXPORT_UNKNOWN)
    {
      *message = g_strdup_printf (_("“%s” does not end in .png, .svg or .pdf."), o->out);
      return FALSE;
    }
  if (o->width <= 0 || o->height <= 0 || o->width > 20000 || o->height > 20000 ||
      o->scale <= 0 || o->scale > 8 || o->text_scale <= 0 || o->text_scale > 4 || o->bins < 0 || o->bins > 30)
    {
      *message = g_strdup (_("--width and --height go up to 20000, --scale up to 8, --text-scale up to 4 and --bins up to 30, all above zero."));
      return FALSE;
    }

  switch (o->parsed_kind)
    {
    case SONDE_CHART_HISTOGRAM:
      return need (o->x, "--x", k, message);
    case SONDE_CHART_BAR:
      return need (o->x, "--x", k, message);
    case SONDE_CHART_BOX:
      return need (o->y, "--y", k, message);
    case SONDE_CHART_SCATTER:
    case SONDE_CHART_LINE:
    case SONDE_CHART_LEARNING:
      return need (o->x, "--x", k, message) && need (o->y, "--y", k, message);
    case SONDE_CHART_CONFUSION:
      return need (o->truth, "--truth", k, message) && need (o->predicted, "--predicted", k, message);
    case SONDE_CHART_ROC:
    case SONDE_CHART_PR:
      return need (o->truth, "--truth", k, message) && need (o->score, "--score", k, message);
    case SONDE_CHART_HEATMAP:
    default:
      return TRUE;
    }
}

static SondeChart *
build_chart (SondeTable    *table,
             ChartOptions  *o,
             GError       **error)
{
  switch (o->parsed_kind)
    {
    case SONDE_CHART_HISTOGRAM:
      return sonde_chart_new_histogram (table, o->x, o->bins, error);
    case SONDE_CHART_BAR:
      return sonde_chart_new_bar (table, o->x, o->y, o->by, o->stacked, error);
    case SONDE_CHART_BOX:
      return sonde_chart_new_box (table, o->y, o->by, error);
    case SONDE_CHART_SCATTER:
      return sonde_chart_new_scatter (table, o->x, o->y, o->by, o->trend, error);
    case SONDE_CHART_LINE:
      return sonde_chart_new_line (table, o->x, o->y, o->by, error);
    case SONDE_CHART_LEARNING:
      return sonde_chart_new_learning (table, o->x, o->y, o->by, error);
    case SONDE_CHART_CONFUSION:
      return sonde_chart_new_confusion (table, o->truth, o->predicted, error);
    case SONDE_CHART_ROC:
    case SONDE_CHART_PR:
      return sonde_chart_new_roc (table, o->truth, o->score, o->parsed_kind == SONDE_CHART_PR, error);
    case SONDE_CHART_HEATMAP:
    default:
      {
        g_auto(GStrv) columns = o->columns != NULL ? g_strsplit (o->columns, ",", -1) : NULL;

        return sonde_chart_new_correlation (table, (const char * const *) columns, error);
      }
    }
}

static gboolean
print_table (SondeChart  *chart,
             GError     **error)
{
  g_autoptr(SondeTable) table = sonde_chart_get_table (chart);
  g_autoptr(SondeCsvWriter) writer = sonde_csv_writer_new ();
  g_autoptr(GBytes) bytes = sonde_csv_writer_write_bytes (writer, table, NULL, error);

  if (bytes == NULL)
    return FALSE;
  if (fwrite (g_bytes_get_data (bytes, NULL), 1, g_bytes_get_size (bytes), stdout) != g_bytes_get_size (bytes) ||
      fflush (stdout) != 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Cannot write to the standard output."));
      return FALSE;
    }
  return TRUE;
}

/**
 * sonde_cli_run_chart:
 * @argc: the number of arguments
 * @argv: the arguments, @argv[0] being "chart"
 *
 * Returns: the exit status
 */
int
sonde_cli_run_chart (int    argc,
                     char **argv)
{
  ChartOptions o = { 0 };
  const GOptionEntry entries[] = {
    { "kind", 'k', 0, G_OPTION_ARG_STRING, &o.kind,
      N_("Kind of chart: histogram, bar, box, scatter, line, heatmap, confusion, roc, pr or learning"), N_("KIND") },
    { "x", 'x', 0, G_OPTION_ARG_STRING, &o.x,
      N_("Column along the horizontal axis (the values of a histogram, the categories of a bar chart)"), N_("COLUMN") },
    { "y", 'y', 0, G_OPTION_ARG_STRING, &o.y,
      N_("Column along the vertical axis (its mean per category for a bar chart)"), N_("COLUMN") },
    { "by", 0, 0, G_OPTION_ARG_STRING, &o.by,
      N_("Column splitting the data into series or groups"), N_("COLUMN") },
    { "truth", 0, 0, G_OPTION_ARG_STRING, &o.truth,
      N_("Column of true classes (confusion, roc, pr)"), N_("COLUMN") },
    { "predicted", 0, 0, G_OPTION_ARG_STRING, &o.predicted,
      N_("Column of predicted classes (confusion)"), N_("COLUMN") },
    { "score", 0, 0, G_OPTION_ARG_STRING, &o.score,
      N_("Column of scores, higher meaning more likely positive (roc, pr)"), N_("COLUMN") },
    { "columns", 0, 0, G_OPTION_ARG_STRING, &o.columns,
      N_("Columns of a correlation heatmap, separated by commas (every column of numbers by default)"), N_("A,B,…") },
    { "bins", 0, 0, G_OPTION_ARG_INT, &o.bins,
      N_("Most bins of a histogram (Sturges' rule by default)"), N_("N") },
    { "stacked", 0, 0, G_OPTION_ARG_NONE, &o.stacked,
      N_("Stack the series of a bar chart instead of setting them side by side"), NULL },
    { "trend", 0, 0, G_OPTION_ARG_NONE, &o.trend,
      N_("Draw the least-squares line of a scatter plot"), NULL },
    { "title", 0, 0, G_OPTION_ARG_STRING, &o.title,
      N_("Title of the chart (one is made up from the columns by default)"), N_("TEXT") },
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &o.out,
      N_("Draw the chart to this file: .png, .svg or .pdf"), N_("FILE") },
    { "width", 0, 0, G_OPTION_ARG_DOUBLE, &o.width,
      N_("Width in pixels (points in PDF); 800 by default"), N_("W") },
    { "height", 0, 0, G_OPTION_ARG_DOUBLE, &o.height,
      N_("Height in pixels (points in PDF); 500 by default"), N_("H") },
    { "scale", 0, 0, G_OPTION_ARG_DOUBLE, &o.scale,
      N_("Pixels per unit of a PNG image, 2 for high-resolution screens; 1 by default"), N_("S") },
    { "text-scale", 0, 0, G_OPTION_ARG_DOUBLE, &o.text_scale,
      N_("Size of the text, 2 for 200 %; 1 by default"), N_("S") },
    { "theme", 0, 0, G_OPTION_ARG_STRING, &o.theme,
      N_("Colours: light (the default), dark, high-contrast or high-contrast-dark"), N_("THEME") },
    { "describe", 0, 0, G_OPTION_ARG_NONE, &o.describe,
      N_("Print what the chart shows, its figures and its trends, one paragraph each"), NULL },
    { "table", 0, 0, G_OPTION_ARG_NONE, &o.table,
      N_("Print the data behind the chart as CSV"), NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(SondeTable) table = NULL;
  g_autoptr(SondeChart) chart = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  o.width = 800;
  o.height = 500;
  o.scale = 1;
  o.text_scale = 1;

  status = sonde_cli_read_table (&argc, &argv, "chart",
                                 _("FILE — draw a chart of a dataset, describe it or give its data"),
                                 _("Draws a histogram, bar chart, box plot, scatter plot, line chart, correlation heatmap, "
                                   "confusion matrix, ROC or precision-recall curve or learning curve to PNG, SVG or PDF "
                                   "(--out), tells it in words (--describe) or prints its data as CSV (--table)."),
                                 (GOptionEntry *) entries, check_arguments, &o, NULL, &table);
  if (status != SONDE_CLI_EXIT_OK)
    goto out;

  chart = build_chart (table, &o, &error);
  if (chart == NULL)
    {
      /* Translators: the prefix of error messages of the command-line tool */
      g_printerr (_("sonde-cli: %s\n"), error->message);
      status = SONDE_CLI_EXIT_INPUT;
      goto out;
    }
  if (o.title != NULL)
    sonde_chart_set_title (chart, o.title);

  if (o.out != NULL)
    {
      SondeChartExportOptions options = { o.width, o.height, o.scale, o.parsed_theme, o.text_scale };

      if (!sonde_chart_export_to_file (chart, o.out, SONDE_CHART_EXPORT_UNKNOWN, &options, &error))
        {
          g_printerr (_("sonde-cli: %s\n"), error->message);
          status = SONDE_CLI_EXIT_INPUT;
          goto out;
        }
    }

  if (o.describe)
    for (SondeChartDetail d = SONDE_CHART_DETAIL_OVERVIEW; d <= SONDE_CHART_DETAIL_TRENDS; d++)
      {
        g_autofree char *text = sonde_chart_describe (chart, d);

        if (d > SONDE_CHART_DETAIL_OVERVIEW)
          g_print ("\n");
        g_print ("%s\n", text);
      }

  if (o.table && !print_table (chart, &error))
    {
      g_printerr (_("sonde-cli: %s\n"), error->message);
      status = SONDE_CLI_EXIT_INPUT;
    }

out:
  chart_options_clear (&o);
  return status;
}
