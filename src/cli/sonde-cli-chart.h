/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* In sonde-cli-chart.c: `sonde-cli chart FILE --kind KIND [OPTION…]`, with
 * @argv[0] the command name. Returns the exit status. */
int sonde_cli_run_chart (int    argc,
                         char **argv);

G_END_DECLS
