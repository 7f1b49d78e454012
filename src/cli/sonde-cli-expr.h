/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* In sonde-cli-expr.c: `sonde-cli eval FILE EXPR [--filter] [--out-format
 * csv|json]`, with @argv[0] the command name. Returns the exit status. */
int sonde_cli_run_eval (int    argc,
                        char **argv);

G_END_DECLS
