/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "sonde-engine.h"

G_BEGIN_DECLS

/* The exit statuses of sonde-cli, as in sonde-cli.c. */
#define SONDE_CLI_EXIT_OK    0
#define SONDE_CLI_EXIT_INPUT 1
#define SONDE_CLI_EXIT_USAGE 2

/* Checks the arguments left after the options (@argv[0] is the command)
 * before the file is read; returns FALSE with a message for the user. */
typedef gboolean (*SondeCliCheckFunc) (int        argc,
                                       char     **argv,
                                       gpointer   user_data,
                                       char     **message);

/* In sonde-cli.c: parses @argv with the reader options and @entries, calls
 * @check, then reads @argv[1] with SondeImporter as `sonde-cli inspect`
 * does (warnings printed unless @quiet). Prints its own messages. Returns
 * the exit status; on success *@table holds the table. */
int sonde_cli_read_table (int                *argc,
                          char             ***argv,
                          const char         *command,
                          const char         *parameter,
                          const char         *summary,
                          GOptionEntry       *entries,
                          SondeCliCheckFunc   check,
                          gpointer            user_data,
                          const gboolean     *quiet,
                          SondeTable        **table);

/* In sonde-cli-stats.c: `sonde-cli stats FILE ANALYSIS [OPTION…]`, with
 * @argv[0] the command name. Returns the exit status. */
int sonde_cli_run_stats (int    argc,
                         char **argv);

G_END_DECLS
