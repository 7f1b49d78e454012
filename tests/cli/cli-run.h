/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <stdarg.h>

#include <glib.h>

G_BEGIN_DECLS

/* What a run of sonde-cli gave: its exit status and its two outputs. */
typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

void run_clear   (Run        *run);
void run_cli_va  (Run        *run,
                  const char *command,
                  const char *first,
                  va_list     args);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

G_END_DECLS
