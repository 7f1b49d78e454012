/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* In sonde-cli-profile.c: `sonde-cli profile FILE [--json] [--key COL…]`,
 * with @argv[0] the command name. Returns the exit status. */
int sonde_cli_run_profile (int    argc,
                           char **argv);

G_END_DECLS
