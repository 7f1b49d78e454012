/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sonde-engine"

/* What the file readers of the engine (SondeJsonReader, SondeArffReader,
 * SondeXlsxReader, SondeSqliteReader) do the same way, kept in one
 * place so that they keep doing it the same way: getting a file's bytes
 * (mapped when it is local, loaded through GIO otherwise, refused when
 * it could not fit in memory), running the blocking read in a GTask
 * thread for the _async/_finish pair, and the small rules of type
 * inference and column naming that they all take from SondeCsvReader.
 *
 * Files range from a few bytes to a fraction of the computer's memory;
 * nothing here copies them. Engine-internal: not installed, not part of
 * sonde-engine.h.
 */

#include "config.h"

#include <unistd.h>

#include <glib/gi18n-lib.h>

#include "sonde-column.h"
#include "sonde-error.h"
#include "sonde-reader-private.h"

/* The physical memory divided by @memory_fraction, or G_MAXUINT64 when
 * the system cannot tell. */
static guint64
memory_limit (guint memory_fraction)
{
  long pages = sysconf (_SC_PHYS_PAGES);
  long page_size = sysconf (_SC_PAGESIZE);

  if (pages <= 0 || page_size <= 0)
    return G_MAXUINT64;

  return (guint64) pages * (guint64) page_size / memory_fraction;
}

/*
 * sonde_reader_load_file:
 * @file: a #GFile
 * @memory_fraction: refuse files larger than the physical memory divided
 *   by this (2 for half of it); at least 1
 * @cancellable: (nullable): a #GCancellable
 * @display_name: (out) (optional): the file's base name, to name the
 *   table and to show in messages
 * @source: (out) (optional): the file's path, or its URI when it has no
 *   local path, for sonde_table_set_source()
 * @error: return location for a #GError
 *
 * Gets the content of @file: a local file is mapped in memory, any other
 * is loaded through GIO. A file larger than the limit is refused with
 * %SONDE_ERROR_TOO_LARGE before anything is read, with a message that
 * names the file, its size and the limit. The out parameters are set
 * only on success.
 *
 * Returns: (transfer full) (nullable): the bytes, or %NULL with @error
 *   set (%SONDE_ERROR, %G_IO_ERROR or %G_FILE_ERROR domains).
 */
GBytes *
sonde_reader_load_file (GFile         *file,
                        guint          memory_fraction,
                        GCancellable  *cancellable,
                        char         **display_name,
                        char         **source,
                        GError       **error)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *basename = NULL;
  g_autofree char *path = NULL;
  guint64 size;
  guint64 limit;

  g_assert (G_IS_FILE (file));
  g_assert (memory_fraction > 0);

  basename = g_file_get_basename (file);
  path = g_file_get_path (file);

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE,
                            cancellable, error);
  if (info == NULL)
    return NULL;

  size = (guint64) g_file_info_get_size (info);
  limit = memory_limit (memory_fraction);
  if (size > limit)
    {
      g_autofree char *size_text = g_format_size (size);
      g_autofree char *limit_text = g_format_size (limit);

      g_set_error (error, SONDE_ERROR, SONDE_ERROR_TOO_LARGE,
                   /* Translators: file name, its size, then the largest size that can be read ("1.2 GB") */
                   _("%s is %s, more than Sonde can load in this computer’s memory (at most %s). Split the file or keep only the columns you need."),
                   basename, size_text, limit_text);
      return NULL;
    }

  if (path != NULL)
    {
      g_autoptr(GMappedFile) mapped = g_mapped_file_new (path, FALSE, error);

      if (mapped == NULL)
        return NULL;
      bytes = g_mapped_file_get_bytes (mapped);
    }
  else
    {
      char *contents = NULL;
      gsize length = 0;

      if (!g_file_load_contents (file, cancellable, &contents, &length, NULL, error))
        return NULL;
      bytes = g_bytes_new_take (contents, length);
    }

  if (display_name != NULL)
    *display_name = g_steal_pointer (&basename);
  if (source != NULL)
    *source = path != NULL ? g_steal_pointer (&path) : g_file_get_uri (file);

  return g_steal_pointer (&bytes);
}

/*
 * sonde_reader_read_file:
 * @reader: the reader object
 * @read_bytes: the reader's _read_bytes function
 * @file: a #GFile
 * @memory_fraction: as for sonde_reader_load_file()
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * The body of the _read_file() of a reader that parses bytes: gets the
 * content of @file with sonde_reader_load_file(), reads it with
 * @read_bytes under the file's base name, and sets the table's source
 * to the file's path (or URI). The caller has checked its arguments.
 *
 * Returns: (transfer full) (nullable): the table, or %NULL with @error
 *   set (%SONDE_ERROR, %G_IO_ERROR or %G_FILE_ERROR domains).
 */
SondeTable *
sonde_reader_read_file (gpointer             reader,
                        SondeReadBytesFunc   read_bytes,
                        GFile               *file,
                        guint                memory_fraction,
                        GCancellable        *cancellable,
                        GError             **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *display_name = NULL;
  g_autofree char *source = NULL;
  SondeTable *table;

  g_assert (read_bytes != NULL);

  bytes = sonde_reader_load_file (file, memory_fraction, cancellable, &display_name, &source, error);
  if (bytes == NULL)
    return NULL;

  table = read_bytes (reader, bytes, display_name, cancellable, error);
  if (table != NULL)
    sonde_table_set_source (table, source);

  return table;
}

typedef struct
{
  SondeReadFileFunc  read_file;
  GFile             *file;
} ReadFileData;

static void
read_file_data_free (ReadFileData *data)
{
  g_clear_object (&data->file);
  g_free (data);
}

static void
read_file_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  ReadFileData *data = task_data;
  GError *error = NULL;
  SondeTable *table;

  table = data->read_file (source_object, data->file, cancellable, &error);
  if (table == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, table, g_object_unref);
}

/*
 * sonde_reader_read_file_async:
 * @reader: the reader object; the task's source object
 * @read_file: the reader's blocking read_file function, run in a worker
 *   thread with @reader, @file and @cancellable
 * @source_tag: the public _async function, to check results with
 * @file: a #GFile
 * @cancellable: (nullable): a #GCancellable
 * @callback: called in the thread-default main context of the caller
 *   when the read is done
 * @user_data: data for @callback
 *
 * The body of every reader's _read_file_async(). The caller has checked
 * its arguments. Cancelling does not return early: the read stops at its
 * next check and @callback gets %G_IO_ERROR_CANCELLED then.
 */
void
sonde_reader_read_file_async (gpointer             reader,
                              SondeReadFileFunc    read_file,
                              gpointer             source_tag,
                              GFile               *file,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ReadFileData *data;

  g_assert (G_IS_OBJECT (reader));
  g_assert (read_file != NULL);
  g_assert (G_IS_FILE (file));

  data = g_new0 (ReadFileData, 1);
  data->read_file = read_file;
  data->file = g_object_ref (file);

  task = g_task_new (reader, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, data, (GDestroyNotify) read_file_data_free);
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, read_file_thread);
}

/*
 * sonde_reader_read_file_finish:
 * @reader: the reader object given to sonde_reader_read_file_async()
 * @result: the #GAsyncResult given to the callback
 * @source_tag: the source tag given to sonde_reader_read_file_async()
 * @error: return location for a #GError
 *
 * The body of every reader's _read_file_finish().
 *
 * Returns: (transfer full) (nullable): the table, or %NULL with @error
 *   set.
 */
SondeTable *
sonde_reader_read_file_finish (gpointer       reader,
                               GAsyncResult  *result,
                               gpointer       source_tag,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, reader), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/*
 * sonde_reader_category_limit:
 * @n_present: the number of non-missing values of a text column
 *
 * The categorical rule of SondeCsvReader: a text column is categorical
 * when it has at most this many distinct values, a quarter of its
 * values (at least 1) and at most %SONDE_READER_MAX_CATEGORIES.
 *
 * Returns: the largest number of distinct labels allowed.
 */
guint
sonde_reader_category_limit (guint n_present)
{
  return MIN (SONDE_READER_MAX_CATEGORIES, MAX (n_present / 4, 1));
}

/*
 * sonde_reader_renamed:
 * @seen: the names already taken (char * keys)
 * @base: a name that is already taken
 *
 * The first of `base_2`, `base_3`, … that is not in @seen, as
 * SondeCsvReader renames a repeated column. @seen is not changed.
 *
 * Returns: (transfer full): the new name.
 */
char *
sonde_reader_renamed (GHashTable *seen,
                      const char *base)
{
  for (guint k = 2;; k++)
    {
      g_autofree char *candidate = g_strdup_printf ("%s_%u", base, k);

      if (!g_hash_table_contains (seen, candidate))
        return g_steal_pointer (&candidate);
    }
}

/*
 * sonde_reader_placeholder_name:
 * @seen: the names already taken (char * keys)
 * @column: the index of the column, from 0
 *
 * The name of a column that has none: `column_N` (N counted from 1), or
 * the first free `column_N_2`, `column_N_3`, … when that is taken. @seen
 * is not changed.
 *
 * Returns: (transfer full): the new name.
 */
char *
sonde_reader_placeholder_name (GHashTable *seen,
                               guint       column)
{
  for (guint k = 1;; k++)
    {
      g_autofree char *candidate = k == 1 ? g_strdup_printf ("column_%u", column + 1)
                                          : g_strdup_printf ("column_%u_%u", column + 1, k);

      if (!g_hash_table_contains (seen, candidate))
        return g_steal_pointer (&candidate);
    }
}

/*
 * sonde_reader_parse_digits:
 * @s: text, not necessarily nul-terminated
 * @n: the number of characters to read, all of which must be ASCII
 *   digits (at most 9, so that the value fits an int)
 * @out: (out): the value
 *
 * Returns: whether the @n characters were all digits; @out is set only
 *   then.
 */
gboolean
sonde_reader_parse_digits (const char *s,
                           gsize       n,
                           int        *out)
{
  int v = 0;

  for (gsize i = 0; i < n; i++)
    {
      if (s[i] < '0' || s[i] > '9')
        return FALSE;
      v = v * 10 + (s[i] - '0');
    }

  *out = v;
  return TRUE;
}

/*
 * sonde_reader_parse_date_iso:
 * @s: text, not necessarily nul-terminated
 * @n: its length in bytes
 * @days: (out): days since 1970-01-01
 *
 * Reads an ISO 8601 calendar date, exactly `YYYY-MM-DD` and nothing
 * around it, as SondeCsvReader does.
 *
 * Returns: whether @s is a valid date; @days is set only then.
 */
gboolean
sonde_reader_parse_date_iso (const char *s,
                             gsize       n,
                             gint32     *days)
{
  int y, m, d;

  return n == 10 && s[4] == '-' && s[7] == '-' &&
         sonde_reader_parse_digits (s, 4, &y) &&
         sonde_reader_parse_digits (s + 5, 2, &m) &&
         sonde_reader_parse_digits (s + 8, 2, &d) &&
         sonde_date_from_ymd (y, m, d, days);
}

