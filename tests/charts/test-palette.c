/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-palette"

/* Every colour of every chart palette against every background of its
 * theme: marks must reach 3:1 (4.5:1 in high contrast, WCAG 1.4.11) and the
 * text colour 4.5:1 (WCAG 1.4.3). The contrast arithmetic itself is checked
 * against values from the WCAG 2.1 definition, computed by hand and with
 * WebAIM's formula: white on black is 21:1, #767676 on white is 4.54:1.
 */

#include "config.h"

#include "sonde-palette.h"

static void
test_contrast_reference (void)
{
  SondeRgb white, black, grey;

  g_assert_true (sonde_rgb_parse ("#FFFFFF", &white));
  g_assert_true (sonde_rgb_parse ("#000000", &black));
  g_assert_true (sonde_rgb_parse ("#767676", &grey));

  g_assert_cmpfloat_with_epsilon (sonde_rgb_contrast_ratio (white, black), 21.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (sonde_rgb_contrast_ratio (black, white), 21.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (sonde_rgb_contrast_ratio (grey, white), 4.54, 0.005);
  g_assert_cmpfloat_with_epsilon (sonde_rgb_contrast_ratio (grey, grey), 1.0, 1e-12);
}

static void
test_parse_rejects (void)
{
  const char *bad[] = { NULL, "", "#FFF", "FFFFFF", "#GGGGGG", "#FFFFFFF" };
  SondeRgb rgb;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_false (sonde_rgb_parse (bad[i], &rgb));
      g_assert_cmpfloat (rgb.red + rgb.green + rgb.blue, ==, 0.0);
    }
}

static void
test_marks_reach_contrast (void)
{
  for (SondeTheme theme = 0; theme < SONDE_THEME_N_THEMES; theme++)
    {
      double minimum = sonde_theme_get_min_mark_contrast (theme);

      g_assert_cmpuint (sonde_theme_get_n_backgrounds (theme), >=, 1);
      for (guint b = 0; b < sonde_theme_get_n_backgrounds (theme); b++)
        {
          SondeRgb background = sonde_theme_get_background (theme, b);

          for (guint c = 0; c < SONDE_PALETTE_N_COLORS; c++)
            {
              double ratio = sonde_rgb_contrast_ratio (sonde_palette_get_color (theme, c), background);

              if (ratio < minimum)
                g_test_message ("%s: colour %u on background %u is %.2f:1",
                                sonde_theme_get_name (theme), c, b, ratio);
              g_assert_cmpfloat (ratio, >=, minimum);
            }
        }
    }
}

static void
test_text_reaches_contrast (void)
{
  for (SondeTheme theme = 0; theme < SONDE_THEME_N_THEMES; theme++)
    for (guint b = 0; b < sonde_theme_get_n_backgrounds (theme); b++)
      g_assert_cmpfloat (sonde_rgb_contrast_ratio (sonde_theme_get_foreground (theme),
                                                   sonde_theme_get_background (theme, b)),
                         >=, 4.5);
}

static void
test_series_never_share_every_cue (void)
{
  /* Two series within the first 56 differ by colour or by marker. */
  for (guint a = 0; a < 56; a++)
    for (guint b = a + 1; b < 56; b++)
      {
        gboolean same_colour = (a % SONDE_PALETTE_N_COLORS) == (b % SONDE_PALETTE_N_COLORS);
        gboolean same_marker = sonde_palette_get_marker (a) == sonde_palette_get_marker (b);

        g_assert_false (same_colour && same_marker);
      }
}

static void
test_dashes (void)
{
  guint n_dashes = 99;
  const double *dashes = sonde_palette_get_dashes (0, &n_dashes);

  g_assert_nonnull (dashes);
  g_assert_cmpuint (n_dashes, ==, 0);

  for (guint series = 1; series < 4; series++)
    {
      dashes = sonde_palette_get_dashes (series, &n_dashes);
      g_assert_cmpuint (n_dashes, >=, 2);
      for (guint i = 0; i < n_dashes; i++)
        g_assert_cmpfloat (dashes[i], >, 0.0);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/charts/palette/contrast-reference", test_contrast_reference);
  g_test_add_func ("/charts/palette/parse-rejects", test_parse_rejects);
  g_test_add_func ("/charts/palette/marks-reach-contrast", test_marks_reach_contrast);
  g_test_add_func ("/charts/palette/text-reaches-contrast", test_text_reaches_contrast);
  g_test_add_func ("/charts/palette/series-never-share-every-cue", test_series_never_share_every_cue);
  g_test_add_func ("/charts/palette/dashes", test_dashes);

  return g_test_run ();
}
