/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Running sonde-cli from the CLI tests: SONDE_CLI (each test's -D) with
 * English messages in a UTF-8 C locale, both outputs kept and logged. */

#include "config.h"

#include <sys/wait.h>

#include "cli-run.h"

void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

/* Runs `sonde-cli COMMAND FIRST ARGS…` (@command may be NULL, the
 * arguments end with NULL). */
void
run_cli_va (Run        *run,
            const char *command,
            const char *first,
            va_list     args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(GStrv) envp = g_get_environ ();
  g_autoptr(GError) error = NULL;
  int wait_status = 0;

  g_ptr_array_add (argv, (gpointer) SONDE_CLI);
  if (command != NULL)
    g_ptr_array_add (argv, (gpointer) command);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  g_ptr_array_add (argv, NULL);

  envp = g_environ_setenv (envp, "LANGUAGE", "C", TRUE);
  envp = g_environ_setenv (envp, "LC_ALL", "C.UTF-8", TRUE);

  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_DEFAULT,
                               NULL, NULL, &run->out, &run->err, &wait_status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  run->status = WEXITSTATUS (wait_status);
  g_test_message ("stdout: %s", run->out);
  g_test_message ("stderr: %s", run->err);
}
