/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* In sonde-cli-clean.c: `sonde-cli clean FILE --pipeline P.json [--out OUT]
 * [--fit] [--save-fitted P2.json] [--with NAME=FILE…]`, with @argv[0] the
 * command name. Returns the exit status. */
int sonde_cli_run_clean (int    argc,
                         char **argv);

G_END_DECLS
