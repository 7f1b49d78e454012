/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-project-save"

/* Bench of saving a project, the part of `sonde-cli project create` that
 * bench/project-store.sh cannot time apart: imports FILE with
 * SondeImporter (as the CLI does), then saves it as the only dataset of
 * a new project OUT.sonde, and prints one line:
 * `import<TAB>s<TAB>save<TAB>s<TAB>save-cpu<TAB>s<TAB>rows<TAB>columns`
 * (save-cpu: CPU time of the saving thread, steadier on a busy machine).
 *
 * Usage: project-save FILE OUT.sonde
 * Exit status 1 when the import or the save fails; times are only
 * reported.
 */

#include "config.h"

#include <time.h>

#include "sonde-engine.h"

/* CPU time of the calling thread, which does the whole save: less
 * disturbed than wall time by other work on a shared machine. */
static double
thread_cpu (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);

  return ts.tv_sec + ts.tv_nsec / 1e9;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(SondeImporter) importer = NULL;
  g_autoptr(SondeProject) project = NULL;
  g_autoptr(SondeTable) table = NULL;
  g_autoptr(GFile) in = NULL;
  g_autoptr(GFile) out = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start, imported, saved;
  double cpu;

  sonde_engine_init ();
  if (argc != 3)
    {
      g_printerr ("Usage: project-save FILE OUT.sonde\n");
      return 2;
    }

  in = g_file_new_for_commandline_arg (argv[1]);
  out = g_file_new_for_commandline_arg (argv[2]);
  importer = sonde_importer_new ();
  project = sonde_project_new ();

  start = g_get_monotonic_time ();
  table = sonde_importer_import_file (importer, in, NULL, &error);
  if (table == NULL || !sonde_project_add_dataset (project, table, &error))
    {
      g_printerr ("project-save: %s\n", error->message);
      return 1;
    }
  imported = g_get_monotonic_time ();
  cpu = thread_cpu ();
  if (!sonde_project_save (project, out, NULL, &error))
    {
      g_printerr ("project-save: %s\n", error->message);
      return 1;
    }
  saved = g_get_monotonic_time ();
  cpu = thread_cpu () - cpu;

  g_print ("import\t%.2f\tsave\t%.2f\tsave-cpu\t%.2f\t%u\t%u\n",
           (imported - start) / 1e6, (saved - imported) / 1e6, cpu,
           sonde_table_get_n_rows (table), sonde_table_get_n_columns (table));

  return 0;
}
