/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sonde-charts"

/* Colours, markers and dash patterns for chart series, one palette per
 * theme (light, dark, and their high-contrast forms), and the WCAG 2.1
 * contrast arithmetic used to prove them.
 *
 * The palettes start from Okabe-Ito, the palette that stays distinct for
 * the common forms of colour blindness, darkened for light backgrounds and
 * lightened for dark ones until every mark reaches 3:1 against every
 * background of its theme (4.5:1 in high contrast), as WCAG 1.4.11 asks of
 * graphical objects. Colour is never the only cue: series also differ by
 * marker and by dash pattern, which cycle on their own.
 *
 * Plain data and arithmetic: the cairo renderers of this library use it,
 * and so do the tests that check every entry against every background.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "sonde-palette.h"

typedef struct
{
  const char *name;
  const char *backgrounds[3];
  const char *foreground;
  double      min_mark_contrast;
  const char *colors[SONDE_PALETTE_N_COLORS];
} ThemeData;

/* Backgrounds are libadwaita 1.2's window and view colours for the theme. */
static const ThemeData themes[SONDE_THEME_N_THEMES] = {
  [SONDE_THEME_LIGHT] = {
    "light", { "#FFFFFF", "#FAFAFA", NULL }, "#1F1F1F", 3.0,
    { "#0072B2", "#D55E00", "#007A5A", "#B4006E", "#5D4AA8", "#8A6100", "#1F1F1F", "#6B6B6B" },
  },
  [SONDE_THEME_DARK] = {
    "dark", { "#1E1E1E", "#242424", NULL }, "#FFFFFF", 3.0,
    { "#56B4E9", "#E69F00", "#3DC49A", "#F0E442", "#E58FC0", "#FF8C4A", "#B8A8F0", "#FFFFFF" },
  },
  [SONDE_THEME_HIGH_CONTRAST_LIGHT] = {
    "high-contrast-light", { "#FFFFFF", NULL, NULL }, "#000000", 4.5,
    { "#004F7C", "#A13F00", "#005C43", "#8C0057", "#3F2E8A", "#5E4200", "#000000", "#4D4D4D" },
  },
  [SONDE_THEME_HIGH_CONTRAST_DARK] = {
    "high-contrast-dark", { "#000000", "#1E1E1E", NULL }, "#FFFFFF", 4.5,
    { "#8FD3FF", "#FFC24D", "#7FE6C4", "#FFF27A", "#FFB3DD", "#FFAA80", "#D6CCFF", "#FFFFFF" },
  },
};

static const double dash_solid[] = { 0 };
static const double dash_long[] = { 8.0, 4.0 };
static const double dash_dotted[] = { 2.0, 3.0 };
static const double dash_dash_dot[] = { 8.0, 3.0, 2.0, 3.0 };

/**
 * sonde_rgb_parse:
 * @hex: a colour written `#RRGGBB`
 * @rgb: (out): where to store it
 *
 * Returns: %TRUE if @hex was a valid colour, else %FALSE and @rgb is black.
 */
gboolean
sonde_rgb_parse (const char *hex,
                 SondeRgb   *rgb)
{
  guint values[3];

  g_return_val_if_fail (rgb != NULL, FALSE);

  *rgb = (SondeRgb) { 0.0, 0.0, 0.0 };
  if (hex == NULL || hex[0] != '#' || strlen (hex) != 7)
    return FALSE;

  for (guint i = 0; i < 3; i++)
    {
      int hi = g_ascii_xdigit_value (hex[1 + 2 * i]);
      int lo = g_ascii_xdigit_value (hex[2 + 2 * i]);

      if (hi < 0 || lo < 0)
        return FALSE;
      values[i] = (guint) (hi * 16 + lo);
    }

  *rgb = (SondeRgb) { values[0] / 255.0, values[1] / 255.0, values[2] / 255.0 };
  return TRUE;
}

static SondeRgb
parse_or_black (const char *hex)
{
  SondeRgb rgb;

  if (!sonde_rgb_parse (hex, &rgb))
    g_assert_not_reached ();

  return rgb;
}

static double
linearize (double channel)
{
  return channel <= 0.04045 ? channel / 12.92 : pow ((channel + 0.055) / 1.055, 2.4);
}

/**
 * sonde_rgb_relative_luminance:
 *
 * Returns: the relative luminance of an sRGB colour as WCAG 2.1 defines
 *   it, from 0.0 (black) to 1.0 (white).
 */
double
sonde_rgb_relative_luminance (SondeRgb rgb)
{
  return 0.2126 * linearize (rgb.red) + 0.7152 * linearize (rgb.green) + 0.0722 * linearize (rgb.blue);
}

/**
 * sonde_rgb_contrast_ratio:
 *
 * Returns: the WCAG 2.1 contrast ratio of two colours, from 1.0 to 21.0,
 *   whatever their order.
 */
double
sonde_rgb_contrast_ratio (SondeRgb a,
                          SondeRgb b)
{
  double la = sonde_rgb_relative_luminance (a);
  double lb = sonde_rgb_relative_luminance (b);

  return (MAX (la, lb) + 0.05) / (MIN (la, lb) + 0.05);
}

/**
 * sonde_theme_get_name:
 *
 * Returns: (transfer none): a stable identifier for @theme, such as "dark".
 */
const char *
sonde_theme_get_name (SondeTheme theme)
{
  g_return_val_if_fail (theme < SONDE_THEME_N_THEMES, NULL);

  return themes[theme].name;
}

/**
 * sonde_theme_get_n_backgrounds:
 *
 * Returns: how many background colours a chart may sit on in @theme.
 */
guint
sonde_theme_get_n_backgrounds (SondeTheme theme)
{
  guint n = 0;

  g_return_val_if_fail (theme < SONDE_THEME_N_THEMES, 0);

  while (n < G_N_ELEMENTS (themes[theme].backgrounds) && themes[theme].backgrounds[n] != NULL)
    n++;

  return n;
}

/**
 * sonde_theme_get_background:
 * @index: below sonde_theme_get_n_backgrounds()
 *
 * Returns: a background colour of @theme; index 0 is the chart's own.
 */
SondeRgb
sonde_theme_get_background (SondeTheme theme,
                            guint      index)
{
  g_return_val_if_fail (theme < SONDE_THEME_N_THEMES, (SondeRgb) { 0 });
  g_return_val_if_fail (index < sonde_theme_get_n_backgrounds (theme), (SondeRgb) { 0 });

  return parse_or_black (themes[theme].backgrounds[index]);
}

/**
 * sonde_theme_get_foreground:
 *
 * Returns: the colour of text and axes in @theme.
 */
SondeRgb
sonde_theme_get_foreground (SondeTheme theme)
{
  g_return_val_if_fail (theme < SONDE_THEME_N_THEMES, (SondeRgb) { 0 });

  return parse_or_black (themes[theme].foreground);
}

/**
 * sonde_theme_get_min_mark_contrast:
 *
 * Returns: the contrast every mark of @theme reaches against every one of
 *   its backgrounds: 3.0, or 4.5 in high contrast.
 */
double
sonde_theme_get_min_mark_contrast (SondeTheme theme)
{
  g_return_val_if_fail (theme < SONDE_THEME_N_THEMES, 0.0);

  return themes[theme].min_mark_contrast;
}

/**
 * sonde_palette_get_color:
 * @series: any series index; colours repeat after %SONDE_PALETTE_N_COLORS
 *
 * Returns: the colour of that series in @theme.
 */
SondeRgb
sonde_palette_get_color (SondeTheme theme,
                         guint      series)
{
  g_return_val_if_fail (theme < SONDE_THEME_N_THEMES, (SondeRgb) { 0 });

  return parse_or_black (themes[theme].colors[series % SONDE_PALETTE_N_COLORS]);
}

/**
 * sonde_palette_get_marker:
 *
 * Returns: the marker shape of a series. Markers cycle every 7 series
 *   and colours every 8, so two of the first 56 series never share both.
 */
SondeMarker
sonde_palette_get_marker (guint series)
{
  return (SondeMarker) (series % 7);
}

/**
 * sonde_palette_get_dashes:
 * @n_dashes: (out): the number of entries, 0 for a solid line
 *
 * Returns: (transfer none): the dash pattern of a series, in units of the
 *   line width, suitable for cairo_set_dash() once scaled.
 */
const double *
sonde_palette_get_dashes (guint  series,
                          guint *n_dashes)
{
  g_return_val_if_fail (n_dashes != NULL, NULL);

  switch (series % 4)
    {
    case 1:
      *n_dashes = G_N_ELEMENTS (dash_long);
      return dash_long;
    case 2:
      *n_dashes = G_N_ELEMENTS (dash_dotted);
      return dash_dotted;
    case 3:
      *n_dashes = G_N_ELEMENTS (dash_dash_dot);
      return dash_dash_dot;
    default:
      *n_dashes = 0;
      return dash_solid;
    }
}
