/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sonde-engine"

/* Entry points shared by every user of the engine (the application, the
 * command-line tool, the tests and the benches): the version string and
 * the one-time set-up of the engine's message catalogue, so that errors
 * raised in the engine reach the user in their language.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sonde-engine.h"

/**
 * sonde_engine_get_version:
 *
 * Returns: (transfer none): the version of Sonde the engine was built for.
 */
const char *
sonde_engine_get_version (void)
{
  return PACKAGE_VERSION;
}

/**
 * sonde_engine_init:
 *
 * Binds the engine's message catalogue. Safe to call more than once and
 * from any thread; the application and the CLI call it at start-up.
 * `SONDE_LOCALEDIR` in the environment overrides the installed locale
 * directory, which is how the tests and an uninstalled build find the
 * freshly compiled catalogues.
 */
void
sonde_engine_init (void)
{
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      const char *localedir = g_getenv ("SONDE_LOCALEDIR");

      bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
      g_once_init_leave (&initialized, 1);
    }
}
