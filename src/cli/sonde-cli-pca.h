/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* In sonde-cli-pca.c: `sonde-cli pca FILE [--columns a,b] [--components K
 * | --variance F] [--scale] [--json]`, with @argv[0] the command name.
 * Returns the exit status. */
int sonde_cli_run_pca (int    argc,
                       char **argv);

G_END_DECLS
