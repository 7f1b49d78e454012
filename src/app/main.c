/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sonde"

/* The entry point of the `sonde` desktop application: sets up the locale and
 * the message catalogue and the renderer, then hands over to
 * SondeApplication.
 */

#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>

#include "sonde-engine.h"
#include "sonde-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(SondeApplication) app = NULL;

  setlocale (LC_ALL, "");
  sonde_application_choose_renderer ();
  sonde_engine_init ();
  textdomain (GETTEXT_PACKAGE);

  app = sonde_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
