/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* In sonde-cli-learn.c, each with @argv[0] the command name; they return
 * the exit status. */
int sonde_cli_run_train    (int    argc,
                            char **argv);
int sonde_cli_run_evaluate (int    argc,
                            char **argv);
int sonde_cli_run_predict  (int    argc,
                            char **argv);
int sonde_cli_run_tune     (int    argc,
                            char **argv);
int sonde_cli_run_compare  (int    argc,
                            char **argv);

G_END_DECLS
