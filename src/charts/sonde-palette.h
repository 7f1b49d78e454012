/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  SONDE_THEME_LIGHT,
  SONDE_THEME_DARK,
  SONDE_THEME_HIGH_CONTRAST_LIGHT,
  SONDE_THEME_HIGH_CONTRAST_DARK,
  SONDE_THEME_N_THEMES
} SondeTheme;

typedef enum
{
  SONDE_MARKER_CIRCLE,
  SONDE_MARKER_SQUARE,
  SONDE_MARKER_TRIANGLE,
  SONDE_MARKER_DIAMOND,
  SONDE_MARKER_CROSS,
  SONDE_MARKER_PLUS,
  SONDE_MARKER_STAR,
  SONDE_MARKER_RING,
} SondeMarker;

typedef struct
{
  double red;   /* 0.0 to 1.0, sRGB */
  double green;
  double blue;
} SondeRgb;

#define SONDE_PALETTE_N_COLORS 8

const char     *sonde_theme_get_name                (SondeTheme  theme);
SondeRgb        sonde_theme_get_background          (SondeTheme  theme,
                                                     guint       index);
guint           sonde_theme_get_n_backgrounds       (SondeTheme  theme);
SondeRgb        sonde_theme_get_foreground          (SondeTheme  theme);
double          sonde_theme_get_min_mark_contrast   (SondeTheme  theme);
SondeRgb        sonde_palette_get_color             (SondeTheme  theme,
                                                     guint       series);
SondeMarker     sonde_palette_get_marker            (guint       series);
const double   *sonde_palette_get_dashes            (guint       series,
                                                     guint      *n_dashes);

gboolean        sonde_rgb_parse                     (const char *hex,
                                                     SondeRgb   *rgb);
double          sonde_rgb_relative_luminance        (SondeRgb    rgb);
double          sonde_rgb_contrast_ratio            (SondeRgb    a,
                                                     SondeRgb    b);

G_END_DECLS
