/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sonde-chart.h"

G_BEGIN_DECLS

/**
 * SondeChartExportFormat:
 * @SONDE_CHART_EXPORT_UNKNOWN: not a format charts are written in
 * @SONDE_CHART_EXPORT_PNG: a PNG image, @scale pixels per unit
 * @SONDE_CHART_EXPORT_SVG: SVG with a title, a description and one
 *   titled rectangle per item
 * @SONDE_CHART_EXPORT_PDF: PDF with the title and summary as metadata
 */
typedef enum
{
  SONDE_CHART_EXPORT_UNKNOWN,
  SONDE_CHART_EXPORT_PNG,
  SONDE_CHART_EXPORT_SVG,
  SONDE_CHART_EXPORT_PDF,
} SondeChartExportFormat;

/**
 * SondeChartExportOptions:
 * @width: the width in units (CSS pixels; points in PDF)
 * @height: the height in units
 * @scale: pixels per unit of a PNG (2.0 for a HiDPI image)
 * @theme: the colours
 * @text_scale: 1.0, or up to 2.0 and more for large text
 */
typedef struct
{
  double     width;
  double     height;
  double     scale;
  SondeTheme theme;
  double     text_scale;
} SondeChartExportOptions;

SondeChartExportFormat sonde_chart_export_format_from_filename (const char                    *filename);
GBytes                *sonde_chart_export_to_bytes             (SondeChart                    *chart,
                                                                SondeChartExportFormat         format,
                                                                const SondeChartExportOptions *options,
                                                                GError                       **error);
gboolean               sonde_chart_export_to_file              (SondeChart                    *chart,
                                                                const char                    *filename,
                                                                SondeChartExportFormat         format,
                                                                const SondeChartExportOptions *options,
                                                                GError                       **error);
char                  *sonde_chart_export_summary              (SondeChart                    *chart);

G_END_DECLS
