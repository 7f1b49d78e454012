/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* In sonde-cli-project.c: `sonde-cli project info FILE [--json]` and
 * `sonde-cli project create OUT.sonde FILE…`, with @argv[0] "project".
 * Returns the exit status. */
int sonde_cli_run_project (int    argc,
                           char **argv);

/* In sonde-cli-project.c: `sonde-cli query FILE SQL [--format F]`, with
 * @argv[0] "query". Returns the exit status. */
int sonde_cli_run_query   (int    argc,
                           char **argv);

G_END_DECLS
