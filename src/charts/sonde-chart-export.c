/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sonde-charts"

/* Writing a SondeChart to PNG, SVG or PDF, keeping its accessible text.
 *
 * PNG comes from a cairo image surface scaled by the options' scale. SVG
 * comes from cairo's SVG surface, which draws text as glyph outlines and
 * writes neither <title> nor <desc>: the text is therefore added after the
 * fact, a <title> and a <desc> (the three levels of the summary) as the
 * first children of the root, role="img" with aria-labelledby on it, and a
 * group of transparent rectangles, one per item, each with its own
 * <title> ("30 to 40: 1 204 values, 3 of 8") so that a browser's screen
 * reader or tooltip can explore the marks. PDF carries the title and the
 * summary in its document metadata (cairo 1.16 cannot tag alternative
 * text on figures). Everything is built in memory; a million-point
 * scatter is a density image, so even its SVG stays small.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <cairo-pdf.h>
#include <cairo-svg.h>

#include "sonde-chart-private.h"
#include "sonde-chart-export.h"

/**
 * sonde_chart_export_format_from_filename:
 * @filename: a file name
 *
 * Returns: the format its extension names (.png, .svg, .pdf, any case),
 *   or %SONDE_CHART_EXPORT_UNKNOWN
 */
SondeChartExportFormat
sonde_chart_export_format_from_filename (const char *filename)
{
  const char *dot;

  g_return_val_if_fail (filename != NULL, SONDE_CHART_EXPORT_UNKNOWN);

  dot = strrchr (filename, '.');
  if (dot == NULL)
    return SONDE_CHART_EXPORT_UNKNOWN;
  if (g_ascii_strcasecmp (dot, ".png") == 0)
    return SONDE_CHART_EXPORT_PNG;
  if (g_ascii_strcasecmp (dot, ".svg") == 0)
    return SONDE_CHART_EXPORT_SVG;
  if (g_ascii_strcasecmp (dot, ".pdf") == 0)
    return SONDE_CHART_EXPORT_PDF;
  return SONDE_CHART_EXPORT_UNKNOWN;
}

/**
 * sonde_chart_export_summary:
 * @chart: a chart
 *
 * Returns: (transfer full): the three levels of the summary, one
 *   paragraph each, separated by newlines
 */
char *
sonde_chart_export_summary (SondeChart *chart)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (SONDE_IS_CHART (chart), NULL);

  for (SondeChartDetail d = SONDE_CHART_DETAIL_OVERVIEW; d <= SONDE_CHART_DETAIL_TRENDS; d++)
    {
      g_autofree char *text = sonde_chart_describe (chart, d);

      if (*text == '\0')
        continue;
      if (out->len > 0)
        g_string_append_c (out, '\n');
      g_string_append (out, text);
    }
  return g_string_free (out, FALSE);
}

static cairo_status_t
append_to_string (void                *closure,
                  const unsigned char *data,
                  unsigned int         length)
{
  g_string_append_len (closure, (const char *) data, length);
  return CAIRO_STATUS_SUCCESS;
}

static gboolean
check_surface (cairo_surface_t  *surface,
               GError          **error)
{
  cairo_status_t status = cairo_surface_status (surface);

  if (status == CAIRO_STATUS_SUCCESS)
    return TRUE;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
               _("Cannot draw the chart: %s."), cairo_status_to_string (status));
  return FALSE;
}

/* Adds the title, the description and the item layer to cairo's SVG. */
static void
annotate_svg (GString    *svg,
              SondeChart *chart)
{
  const char *start = strstr (svg->str, "<svg");
  const char *end_tag;
  g_autofree char *title = g_markup_escape_text (chart->title != NULL ? chart->title : _("Chart"), -1);
  g_autofree char *summary = sonde_chart_export_summary (chart);
  g_autofree char *desc = g_markup_escape_text (summary, -1);
  g_autoptr(GString) head = g_string_new (NULL);
  g_autoptr(GString) items = g_string_new (NULL);
  gssize open_end, close;
  guint n = sonde_chart_get_n_items (chart);

  if (start == NULL || (end_tag = strchr (start, '>')) == NULL)
    return;
  open_end = end_tag - svg->str;

  g_string_append_printf (head, "\n<title id=\"sonde-chart-title\">%s</title>\n"
                                "<desc id=\"sonde-chart-desc\">%s</desc>", title, desc);

  g_string_append (items, "<g id=\"sonde-chart-items\" fill=\"none\" stroke=\"none\">\n");
  for (guint i = 0; i < n; i++)
    {
      cairo_rectangle_t r;
      g_autofree char *text = NULL;
      g_autofree char *escaped = NULL;
      char x[G_ASCII_DTOSTR_BUF_SIZE], y[G_ASCII_DTOSTR_BUF_SIZE];
      char w[G_ASCII_DTOSTR_BUF_SIZE], h[G_ASCII_DTOSTR_BUF_SIZE];

      if (!sonde_chart_get_item_rect (chart, i, &r))
        continue;
      text = sonde_chart_describe_item (chart, i);
      escaped = g_markup_escape_text (text, -1);
      g_string_append_printf (items, "<rect class=\"sonde-chart-item\" x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" "
                                     "pointer-events=\"all\"><title>%s</title></rect>\n",
                              g_ascii_formatd (x, sizeof x, "%.2f", r.x), g_ascii_formatd (y, sizeof y, "%.2f", r.y),
                              g_ascii_formatd (w, sizeof w, "%.2f", r.width), g_ascii_formatd (h, sizeof h, "%.2f", r.height),
                              escaped);
    }
  g_string_append (items, "</g>\n");

  /* The item layer goes last, above the drawing, so it can be pointed at. */
  close = g_strrstr (svg->str, "</svg>") != NULL ? g_strrstr (svg->str, "</svg>") - svg->str : -1;
  if (close >= 0)
    g_string_insert (svg, close, items->str);

  g_string_insert (svg, open_end + 1, head->str);
  g_string_insert (svg, open_end,
                   " role=\"img\" aria-labelledby=\"sonde-chart-title\" aria-describedby=\"sonde-chart-desc\"");
}

/**
 * sonde_chart_export_to_bytes:
 * @chart: a chart
 * @format: PNG, SVG or PDF
 * @options: size, scale, theme and text scale
 * @error: where to say why not
 *
 * Returns: (transfer full) (nullable): the file's bytes, or %NULL with
 *   @error when cairo fails (a size too large, out of memory)
 */
GBytes *
sonde_chart_export_to_bytes (SondeChart                    *chart,
                             SondeChartExportFormat         format,
                             const SondeChartExportOptions *options,
                             GError                       **error)
{
  g_autoptr(GString) out = g_string_new (NULL);
  cairo_surface_t *surface = NULL;
  cairo_t *cr;
  double scale;
  gboolean ok;

  g_return_val_if_fail (SONDE_IS_CHART (chart), NULL);
  g_return_val_if_fail (options != NULL && options->width > 0 && options->height > 0, NULL);

  scale = options->scale > 0 ? options->scale : 1.0;

  switch (format)
    {
    case SONDE_CHART_EXPORT_PNG:
      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                            (int) ceil (options->width * scale), (int) ceil (options->height * scale));
      break;
    case SONDE_CHART_EXPORT_SVG:
      surface = cairo_svg_surface_create_for_stream (append_to_string, out, options->width, options->height);
      cairo_svg_surface_set_document_unit (surface, CAIRO_SVG_UNIT_PX);
      break;
    case SONDE_CHART_EXPORT_PDF:
      {
        g_autofree char *summary = sonde_chart_export_summary (chart);

        surface = cairo_pdf_surface_create_for_stream (append_to_string, out, options->width, options->height);
        cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, chart->title != NULL ? chart->title : "");
        cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_SUBJECT, summary);
        cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Sonde");
        break;
      }
    case SONDE_CHART_EXPORT_UNKNOWN:
    default:
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Charts are written as PNG, SVG or PDF."));
      return NULL;
    }

  if (!check_surface (surface, error))
    {
      cairo_surface_destroy (surface);
      return NULL;
    }

  cr = cairo_create (surface);
  if (format == SONDE_CHART_EXPORT_PNG)
    cairo_scale (cr, scale, scale);
  sonde_chart_render (chart, cr, options->width, options->height, options->theme,
                      options->text_scale > 0 ? options->text_scale : 1.0);
  cairo_destroy (cr);

  if (format == SONDE_CHART_EXPORT_PNG)
    cairo_surface_write_to_png_stream (surface, append_to_string, out);
  cairo_surface_finish (surface);
  ok = check_surface (surface, error);
  cairo_surface_destroy (surface);
  if (!ok)
    return NULL;

  if (format == SONDE_CHART_EXPORT_SVG)
    annotate_svg (out, chart);

  return g_string_free_to_bytes (g_steal_pointer (&out));
}

/**
 * sonde_chart_export_to_file:
 * @chart: a chart
 * @filename: where to write, replaced atomically
 * @format: PNG, SVG or PDF; %SONDE_CHART_EXPORT_UNKNOWN to take it from
 *   @filename's extension
 * @options: size, scale, theme and text scale
 * @error: where to say why not
 *
 * Returns: %TRUE on success, else %FALSE with @error naming the file
 */
gboolean
sonde_chart_export_to_file (SondeChart                    *chart,
                            const char                    *filename,
                            SondeChartExportFormat         format,
                            const SondeChartExportOptions *options,
                            GError                       **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local = NULL;

  g_return_val_if_fail (SONDE_IS_CHART (chart), FALSE);
  g_return_val_if_fail (filename != NULL, FALSE);

  if (format == SONDE_CHART_EXPORT_UNKNOWN)
    format = sonde_chart_export_format_from_filename (filename);
  if (format == SONDE_CHART_EXPORT_UNKNOWN)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” does not end in .png, .svg or .pdf."), filename);
      return FALSE;
    }

  bytes = sonde_chart_export_to_bytes (chart, format, options, error);
  if (bytes == NULL)
    return FALSE;

  if (!g_file_set_contents (filename, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &local))
    {
      g_set_error (error, local->domain, local->code, _("Cannot write “%s”: %s"), filename, local->message);
      return FALSE;
    }
  return TRUE;
}
