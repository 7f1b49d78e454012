/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-project-open"

/* Bench of lazy project loading, for the goal "a 10 million row project
 * shows its first rows in under a second": opens PROJECT (catalogue
 * only), reads the first 200 rows of its first dataset with
 * sonde_project_load_dataset_head(), then reads the whole dataset with
 * sonde_project_load_dataset(), and prints one line per run:
 * `open<TAB>s<TAB>open+head200<TAB>s<TAB>load<TAB>s<TAB>rows`.
 * Run it twice or more: the first run may pay for a cold page cache.
 *
 * Usage: project-open PROJECT [RUNS]   (default 3 runs)
 * Exit status 1 when the project cannot be read; times are only
 * reported.
 */

#include "config.h"

#include <stdlib.h>

#include "sonde-engine.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GFile) file = NULL;
  guint runs;

  sonde_engine_init ();
  if (argc < 2 || argc > 3)
    {
      g_printerr ("Usage: project-open PROJECT [RUNS]\n");
      return 2;
    }
  file = g_file_new_for_commandline_arg (argv[1]);
  runs = argc == 3 ? (guint) strtoul (argv[2], NULL, 10) : 3;

  for (guint i = 0; i < runs; i++)
    {
      g_autoptr(SondeProject) project = NULL;
      g_autoptr(SondeTable) head = NULL;
      g_autoptr(SondeTable) table = NULL;
      g_autoptr(GError) error = NULL;
      g_auto(GStrv) names = NULL;
      gint64 start, opened, headed, loaded;

      start = g_get_monotonic_time ();
      project = sonde_project_open (file, &error);
      if (project == NULL)
        {
          g_printerr ("project-open: %s\n", error->message);
          return 1;
        }
      opened = g_get_monotonic_time ();
      names = sonde_project_list_datasets (project);
      if (names[0] == NULL)
        {
          g_printerr ("project-open: the project has no dataset\n");
          return 1;
        }
      head = sonde_project_load_dataset_head (project, names[0], 200, NULL, &error);
      if (head == NULL)
        {
          g_printerr ("project-open: %s\n", error->message);
          return 1;
        }
      headed = g_get_monotonic_time ();
      table = sonde_project_load_dataset (project, names[0], NULL, &error);
      if (table == NULL)
        {
          g_printerr ("project-open: %s\n", error->message);
          return 1;
        }
      loaded = g_get_monotonic_time ();

      g_print ("open\t%.3f\topen+head200\t%.3f\tload\t%.2f\t%u\n",
               (opened - start) / 1e6, (headed - start) / 1e6, (loaded - headed) / 1e6,
               sonde_table_get_n_rows (table));
    }

  return 0;
}
