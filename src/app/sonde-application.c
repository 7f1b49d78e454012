/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sonde"

/* SondeApplication owns what is shared by every window: the GSettings of
 * the application, the application-wide actions (preferences, about, quit)
 * and the appearance the user chose in Preferences (colour scheme, high
 * contrast and text size up to 200 %), which it applies to the whole
 * process and follows live as the settings change.
 *
 * High contrast: libadwaita 1.2 only follows the desktop's setting, so when
 * the user asks for high contrast in Sonde we load libadwaita's own
 * high-contrast stylesheet above its regular one. Text size: GTK scales
 * every font with the `gtk-xft-dpi` setting, which is how GNOME's "large
 * text" works too.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sonde-a11y.h"
#include "sonde-application.h"
#include "sonde-preferences-window.h"
#include "sonde-window.h"

struct _SondeApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  GtkCssProvider *high_contrast_provider;
  int             base_xft_dpi;
};

G_DEFINE_FINAL_TYPE (SondeApplication, sonde_application, ADW_TYPE_APPLICATION)

/**
 * sonde_application_new:
 *
 * Returns: (transfer full): a new application object.
 */
SondeApplication *
sonde_application_new (void)
{
  return g_object_new (SONDE_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/io/github/sonde/Sonde",
                       NULL);
}

/**
 * sonde_application_get_settings:
 *
 * Returns: (transfer none): the application's settings.
 */
GSettings *
sonde_application_get_settings (SondeApplication *self)
{
  g_return_val_if_fail (SONDE_IS_APPLICATION (self), NULL);

  return self->settings;
}

/**
 * sonde_application_get_samples_dir:
 *
 * Where the bundled sample datasets are: `SONDE_SAMPLES_DIR` when set (an
 * uninstalled build and the tests point it at `data/samples` in the
 * source tree), otherwise the installed copy.
 *
 * Returns: (transfer full): a directory path.
 */
char *
sonde_application_get_samples_dir (void)
{
  const char *dir = g_getenv ("SONDE_SAMPLES_DIR");

  return g_strdup (dir != NULL && dir[0] != '\0' ? dir : SAMPLES_DIR);
}

static void
apply_color_scheme (SondeApplication *self)
{
  AdwStyleManager *style_manager = adw_style_manager_get_default ();
  AdwColorScheme scheme;

  switch (g_settings_get_enum (self->settings, "style-variant"))
    {
    case 1:
      scheme = ADW_COLOR_SCHEME_FORCE_LIGHT;
      break;
    case 2:
      scheme = ADW_COLOR_SCHEME_FORCE_DARK;
      break;
    default:
      scheme = ADW_COLOR_SCHEME_DEFAULT;
      break;
    }

  adw_style_manager_set_color_scheme (style_manager, scheme);
}

static void
apply_high_contrast (SondeApplication *self)
{
  GdkDisplay *display = gdk_display_get_default ();
  gboolean wanted = g_settings_get_boolean (self->settings, "high-contrast");

  if (display == NULL)
    return;

  if (wanted && self->high_contrast_provider == NULL)
    {
      self->high_contrast_provider = gtk_css_provider_new ();
      gtk_css_provider_load_from_resource (self->high_contrast_provider,
                                           "/org/gnome/Adwaita/styles/base-hc.css");
      gtk_style_context_add_provider_for_display (display,
                                                  GTK_STYLE_PROVIDER (self->high_contrast_provider),
                                                  GTK_STYLE_PROVIDER_PRIORITY_THEME + 1);
    }
  else if (!wanted && self->high_contrast_provider != NULL)
    {
      gtk_style_context_remove_provider_for_display (display,
                                                     GTK_STYLE_PROVIDER (self->high_contrast_provider));
      g_clear_object (&self->high_contrast_provider);
    }
}

static void
apply_text_scale (SondeApplication *self)
{
  GtkSettings *gtk_settings = gtk_settings_get_default ();
  double scale = g_settings_get_double (self->settings, "text-scale");

  if (gtk_settings == NULL)
    return;

  if (self->base_xft_dpi <= 0)
    {
      g_object_get (gtk_settings, "gtk-xft-dpi", &self->base_xft_dpi, NULL);
      if (self->base_xft_dpi <= 0)
        self->base_xft_dpi = 96 * 1024;
    }

  scale = CLAMP (scale, 1.0, 2.0);
  g_object_set (gtk_settings, "gtk-xft-dpi", (int) (self->base_xft_dpi * scale), NULL);
}

static void
settings_changed_cb (GSettings        *settings,
                     const char       *key,
                     SondeApplication *self)
{
  if (g_strcmp0 (key, "style-variant") == 0)
    apply_color_scheme (self);
  else if (g_strcmp0 (key, "high-contrast") == 0)
    apply_high_contrast (self);
  else if (g_strcmp0 (key, "text-scale") == 0)
    apply_text_scale (self);
}

static SondeWindow *
get_or_create_window (SondeApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    window = GTK_WINDOW (sonde_window_new (self));

  return SONDE_WINDOW (window);
}

static void
sonde_application_activate (GApplication *app)
{
  SondeApplication *self = SONDE_APPLICATION (app);

  gtk_window_present (GTK_WINDOW (get_or_create_window (self)));
}

static void
sonde_application_open (GApplication  *app,
                        GFile        **files,
                        int            n_files,
                        const char    *hint)
{
  SondeApplication *self = SONDE_APPLICATION (app);
  SondeWindow *window = get_or_create_window (self);

  for (int i = 0; i < n_files; i++)
    sonde_window_open_file (window, files[i]);

  gtk_window_present (GTK_WINDOW (window));
}

static void
quit_activated_cb (GSimpleAction *action,
                   GVariant      *param,
                   gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  GList *windows = gtk_application_get_windows (app);

  /* Close windows one by one so each saves its state in GSettings. */
  for (GList *l = windows; l != NULL;)
    {
      GtkWindow *window = l->data;
      l = l->next;
      gtk_window_close (window);
    }
}

static void
preferences_activated_cb (GSimpleAction *action,
                          GVariant      *param,
                          gpointer       user_data)
{
  SondeApplication *self = SONDE_APPLICATION (user_data);
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  SondePreferencesWindow *prefs = sonde_preferences_window_new (self->settings);

  gtk_window_set_transient_for (GTK_WINDOW (prefs), parent);
  sonde_a11y_watch_window (GTK_WINDOW (prefs));
  gtk_window_present (GTK_WINDOW (prefs));
}

static void
about_activated_cb (GSimpleAction *action,
                    GVariant      *param,
                    gpointer       user_data)
{
  SondeApplication *self = SONDE_APPLICATION (user_data);
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  const char *developers[] = { "The Sonde developers", NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", parent,
                        "modal", TRUE,
                        "application-name", _("Sonde"),
                        "application-icon", APPLICATION_ID,
                        "developer-name", _("The Sonde developers"),
                        "version", PACKAGE_VERSION,
                        "website", "https://github.com/sonde/sonde",
                        "issue-url", "https://github.com/sonde/sonde/issues",
                        "comments", _("An accessible workbench for data science: import, clean, query, "
                                      "analyse and model data by keyboard and with a screen reader."),
                        "developers", developers,
                        /* Translators: put your names here, one per line. */
                        "translator-credits", _("translator-credits"),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "copyright", "© 2026 The Sonde developers",
                        NULL);
  sonde_a11y_watch_window (GTK_WINDOW (about));
  gtk_window_present (GTK_WINDOW (about));
}

static const GActionEntry app_entries[] = {
  { "quit", quit_activated_cb },
  { "preferences", preferences_activated_cb },
  { "about", about_activated_cb },
};

static void
sonde_application_startup (GApplication *app)
{
  SondeApplication *self = SONDE_APPLICATION (app);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *prefs_accels[] = { "<Control>comma", NULL };
  static const char *open_accels[] = { "<Control>o", NULL };
  static const char *new_project_accels[] = { "<Control>n", NULL };
  static const char *open_project_accels[] = { "<Control><Shift>o", NULL };
  static const char *save_accels[] = { "<Control>s", NULL };
  static const char *save_as_accels[] = { "<Control><Shift>s", NULL };
  static const char *next_region_accels[] = { "F6", NULL };
  static const char *prev_region_accels[] = { "<Shift>F6", NULL };

  G_APPLICATION_CLASS (sonde_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_entries,
                                   G_N_ELEMENTS (app_entries), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences", prefs_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.open", open_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.new-project", new_project_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.open-project", open_project_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.save", save_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.save-as", save_as_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.next-region", next_region_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.previous-region", prev_region_accels);
  for (guint i = 1; i <= 9; i++)
    {
      g_autofree char *detailed = g_strdup_printf ("win.show-pane(%u)", i);
      g_autofree char *accel = g_strdup_printf ("<Control>%u", i);
      const char *accels[] = { accel, NULL };

      gtk_application_set_accels_for_action (GTK_APPLICATION (self), detailed, accels);
    }

  apply_color_scheme (self);
  apply_high_contrast (self);
  apply_text_scale (self);
}

static void
sonde_application_dispose (GObject *object)
{
  SondeApplication *self = SONDE_APPLICATION (object);

  g_clear_object (&self->high_contrast_provider);

  G_OBJECT_CLASS (sonde_application_parent_class)->dispose (object);
}

static void
sonde_application_finalize (GObject *object)
{
  SondeApplication *self = SONDE_APPLICATION (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (sonde_application_parent_class)->finalize (object);
}

static void
sonde_application_class_init (SondeApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = sonde_application_dispose;
  object_class->finalize = sonde_application_finalize;

  app_class->startup = sonde_application_startup;
  app_class->activate = sonde_application_activate;
  app_class->open = sonde_application_open;
}

static void
sonde_application_init (SondeApplication *self)
{
  self->settings = g_settings_new (APPLICATION_ID);
  g_signal_connect_object (self->settings, "changed",
                           G_CALLBACK (settings_changed_cb), self, 0);

  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Open CSV files given on the command line as datasets."));
}

/**
 * sonde_application_choose_renderer:
 *
 * Chooses GTK's cairo renderer on a machine with no GPU (no /dev/dri:
 * a virtual machine, a thin client, a headless test display), unless
 * GSK_RENDERER says otherwise. There, GTK 4.8's GL renderer runs on Mesa's
 * software rasteriser and a full data grid costs 13 ms of a 16.7 ms frame,
 * against 4 ms with cairo (bench/grid-scroll.c). With a GPU nothing
 * changes. Call it before GTK is initialised.
 *
 * Returns: the renderer chosen, or %NULL when GTK chooses.
 */
const char *
sonde_application_choose_renderer (void)
{
  const char *forced = g_getenv ("GSK_RENDERER");

  if (forced != NULL && forced[0] != '\0')
    return forced;

  if (!g_file_test ("/dev/dri", G_FILE_TEST_IS_DIR))
    {
      g_setenv ("GSK_RENDERER", "cairo", TRUE);
      return "cairo";
    }

  return NULL;
}
