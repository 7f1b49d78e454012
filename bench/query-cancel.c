/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-query-cancel"

/* Bench of cancelling a query, for the goal "Cancel stops a query on 10
 * million rows within 0.5 s": runs sonde_project_query() on PROJECT in a
 * thread, cancels its GCancellable after 1 s, and measures the time from
 * the cancel to the function's return. Prints one line per repetition,
 * then `max<TAB>s<TAB>median<TAB>s`. A query that ends before the cancel
 * is reported and not counted.
 *
 * With --memory, the first dataset is loaded first and the query runs on
 * it in memory through SondeQuery, as the Query pane runs it.
 *
 * Usage: query-cancel [--memory] PROJECT [SQL] [REPETITIONS]
 *   (default SQL: every row of the first dataset ordered by its last
 *   column, then its first; default 10 repetitions)
 * Exit status 1 when the query fails otherwise than by cancellation;
 * times are only reported.
 */

#include "config.h"

#include <stdlib.h>

#include "sonde-engine.h"

typedef struct
{
  GFile        *file;
  SondeTable   *table;
  const char   *sql;
  GCancellable *cancellable;
  GError       *error;
  gint64        returned;
  gboolean      finished;
} Job;

static gpointer
run_query (gpointer data)
{
  Job *job = data;
  g_autoptr(SondeTable) table = NULL;

  if (job->table != NULL)
    {
      g_autoptr(SondeQuery) query = sonde_query_new (job->sql);

      sonde_query_add_table (query, job->table);
      table = sonde_query_run (query, job->cancellable, &job->error);
    }
  else
    table = sonde_project_query (job->file, job->sql, job->cancellable, &job->error);

  job->finished = table != NULL;
  job->returned = g_get_monotonic_time ();

  return NULL;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GArray) delays = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *default_sql = NULL;
  g_autoptr(SondeTable) loaded = NULL;
  gboolean memory = FALSE;
  const char *sql;
  guint repetitions;

  sonde_engine_init ();
  if (argc >= 2 && g_strcmp0 (argv[1], "--memory") == 0)
    {
      memory = TRUE;
      argv++;
      argc--;
    }
  if (argc < 2 || argc > 4)
    {
      g_printerr ("Usage: query-cancel [--memory] PROJECT [SQL] [REPETITIONS]\n");
      return 2;
    }
  file = g_file_new_for_commandline_arg (argv[1]);
  repetitions = argc == 4 ? (guint) strtoul (argv[3], NULL, 10) : 10;

  if (memory)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SondeProject) project = sonde_project_open (file, &error);
      g_auto(GStrv) names = NULL;
      gint64 start = g_get_monotonic_time ();

      names = project != NULL ? sonde_project_list_datasets (project) : NULL;
      loaded = names != NULL && names[0] != NULL ? sonde_project_load_dataset (project, names[0], NULL, &error) : NULL;
      if (loaded == NULL)
        {
          g_printerr ("query-cancel: %s\n", error != NULL ? error->message : "the project has no dataset");
          return 1;
        }
      g_print ("loaded %s (%u rows) in %.1f s\n", names[0], sonde_table_get_n_rows (loaded),
               (g_get_monotonic_time () - start) / 1e6);
    }

  if (argc >= 3 && *argv[2] != '\0')
    sql = argv[2];
  else if (memory)
    {
      guint n = sonde_table_get_n_columns (loaded);

      default_sql = g_strdup_printf ("SELECT * FROM \"%s\" ORDER BY \"%s\", \"%s\"", sonde_table_get_name (loaded),
                                     sonde_column_get_name (sonde_table_get_column (loaded, n - 1)),
                                     sonde_column_get_name (sonde_table_get_column (loaded, 0)));
      sql = default_sql;
    }
  else
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SondeProject) project = sonde_project_open (file, &error);
      g_autoptr(SondeTable) head = NULL;
      g_auto(GStrv) names = NULL;
      g_autofree char *table_name = NULL;
      g_autofree char *last = NULL;
      g_autofree char *first = NULL;
      guint n;

      if (project == NULL)
        {
          g_printerr ("query-cancel: %s\n", error->message);
          return 1;
        }
      names = sonde_project_list_datasets (project);
      head = names[0] != NULL ? sonde_project_load_dataset_head (project, names[0], 0, NULL, &error) : NULL;
      if (head == NULL || sonde_table_get_n_columns (head) == 0)
        {
          g_printerr ("query-cancel: the project has no dataset to query\n");
          return 1;
        }
      n = sonde_table_get_n_columns (head);
      table_name = sonde_sqlite_writer_make_table_name (names[0]);
      last = g_strescape (sonde_column_get_name (sonde_table_get_column (head, n - 1)), NULL);
      first = g_strescape (sonde_column_get_name (sonde_table_get_column (head, 0)), NULL);
      default_sql = g_strdup_printf ("SELECT * FROM \"%s\" ORDER BY \"%s\", \"%s\"", table_name, last, first);
      sql = default_sql;
    }
  g_print ("query: %s\n", sql);

  for (guint i = 0; i < repetitions; i++)
    {
      g_autoptr(GCancellable) cancellable = g_cancellable_new ();
      Job job = { file, loaded, sql, cancellable, NULL, 0, FALSE };
      GThread *thread = g_thread_new ("query", run_query, &job);
      gint64 cancelled;
      double delay;

      g_usleep (G_USEC_PER_SEC);
      cancelled = g_get_monotonic_time ();
      g_cancellable_cancel (cancellable);
      g_thread_join (thread);

      if (job.finished)
        {
          g_print ("%u\tthe query ended before the cancel; make it longer\n", i + 1);
          continue;
        }
      if (!g_error_matches (job.error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_printerr ("query-cancel: %s\n", job.error != NULL ? job.error->message : "?");
          return 1;
        }
      g_clear_error (&job.error);
      delay = MAX (job.returned - cancelled, 0) / 1e6;
      g_array_append_val (delays, delay);
      g_print ("%u\t%.3f\n", i + 1, delay);
    }

  if (delays->len > 0)
    {
      g_array_sort (delays, compare_doubles);
      g_print ("max\t%.3f\tmedian\t%.3f\n",
               g_array_index (delays, double, delays->len - 1),
               delays->len % 2 ? g_array_index (delays, double, delays->len / 2)
                               : (g_array_index (delays, double, delays->len / 2 - 1) +
                                  g_array_index (delays, double, delays->len / 2)) / 2);
    }

  return 0;
}
