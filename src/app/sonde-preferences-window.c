/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sonde"

/* Preferences: the appearance settings (colour scheme, high contrast, text
 * size) and project saving (automatic saves and their interval). Every control is bound to GSettings, and SondeApplication applies
 * the settings as soon as they change, so there is no Apply button.
 *
 * The text size is a spin button rather than a slider: Orca 43 does not
 * speak slider values on this stack (BRIEF.md), and it does speak spin
 * buttons.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sonde-a11y.h"
#include "sonde-preferences-window.h"

struct _SondePreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;

  GtkSwitch            *high_contrast_switch;
  GtkSpinButton        *text_size_spin;
  GtkSwitch            *autosave_switch;
  GtkSpinButton        *autosave_spin;
};

G_DEFINE_FINAL_TYPE (SondePreferencesWindow, sonde_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static gboolean
percent_get_mapping (GValue   *value,
                     GVariant *variant,
                     gpointer  user_data)
{
  g_value_set_double (value, g_variant_get_double (variant) * 100.0);
  return TRUE;
}

static GVariant *
percent_set_mapping (const GValue       *value,
                     const GVariantType *expected_type,
                     gpointer            user_data)
{
  return g_variant_new_double (CLAMP (g_value_get_double (value) / 100.0, 1.0, 2.0));
}

/**
 * sonde_preferences_window_new:
 * @settings: the application's settings
 *
 * Returns: (transfer full): a new Preferences window bound to @settings.
 */
SondePreferencesWindow *
sonde_preferences_window_new (GSettings *settings)
{
  SondePreferencesWindow *self;
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  g_autoptr(GAction) style_action = NULL;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (SONDE_TYPE_PREFERENCES_WINDOW, NULL);
  self->settings = g_object_ref (settings);

  style_action = g_settings_create_action (settings, "style-variant");
  g_action_map_add_action (G_ACTION_MAP (group), style_action);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "prefs", G_ACTION_GROUP (group));

  g_settings_bind (settings, "high-contrast", self->high_contrast_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind_with_mapping (settings, "text-scale",
                                self->text_size_spin, "value",
                                G_SETTINGS_BIND_DEFAULT,
                                percent_get_mapping, percent_set_mapping,
                                NULL, NULL);
  g_settings_bind (settings, "autosave", self->autosave_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "autosave-minutes", gtk_spin_button_get_adjustment (self->autosave_spin), "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "autosave", self->autosave_spin, "sensitive",
                   G_SETTINGS_BIND_GET);

  return self;
}

static void
sonde_preferences_window_finalize (GObject *object)
{
  SondePreferencesWindow *self = SONDE_PREFERENCES_WINDOW (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (sonde_preferences_window_parent_class)->finalize (object);
}

static void
sonde_preferences_window_class_init (SondePreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = sonde_preferences_window_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/sonde/Sonde/sonde-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SondePreferencesWindow, high_contrast_switch);
  gtk_widget_class_bind_template_child (widget_class, SondePreferencesWindow, text_size_spin);
  gtk_widget_class_bind_template_child (widget_class, SondePreferencesWindow, autosave_switch);
  gtk_widget_class_bind_template_child (widget_class, SondePreferencesWindow, autosave_spin);
}

static void
sonde_preferences_window_init (SondePreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  sonde_a11y_fix_mnemonic_names (GTK_WIDGET (self));
}
