/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sonde-importer"

/* SondeImporter opens any file the engine reads: it picks the reader for
 * the file's format (given, or guessed by sonde_format_guess_for_file()),
 * passes it the settings that format has (a configured #SondeCsvReader for
 * delimited text, a sheet for workbooks, a table or a query for SQLite),
 * and gathers each reader's warnings as plain translated sentences. The
 * application's Open and the command line both go through it, so that a
 * file opens the same way in both.
 *
 * A dataset read from a file is named after the file without its
 * extension ("students", not "students.csv"): that is how people call it,
 * and a screen reader says it faster. Messages still name the file.
 *
 * An SQLite database with several tables and no table chosen opens its
 * first table, with a warning that names the others: the user learns what
 * else is there and how to choose it, instead of getting nothing.
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sonde-arff-reader.h"
#include "sonde-error.h"
#include "sonde-importer.h"
#include "sonde-json-reader.h"
#include "sonde-sqlite-reader.h"
#include "sonde-xlsx-reader.h"

struct _SondeImporter
{
  GObject            parent_instance;

  SondeFormat        format;
  SondeFormat        detected_format;
  SondeCsvReader    *csv_reader;
  char              *sheet;
  char              *table;
  char              *query;
  GPtrArray         *warnings;

  SondeProgressFunc  progress_func;
  gpointer           progress_data;
  GDestroyNotify     progress_destroy;
};

G_DEFINE_FINAL_TYPE (SondeImporter, sonde_importer, G_TYPE_OBJECT)

/**
 * sonde_importer_new:
 *
 * Returns: (transfer full): an importer that guesses each file's format.
 */
SondeImporter *
sonde_importer_new (void)
{
  return g_object_new (SONDE_TYPE_IMPORTER, NULL);
}

/**
 * sonde_importer_get_format:
 *
 * Returns: the format forced with sonde_importer_set_format(), or
 *   %SONDE_FORMAT_UNKNOWN when the importer guesses.
 */
SondeFormat
sonde_importer_get_format (SondeImporter *self)
{
  g_return_val_if_fail (SONDE_IS_IMPORTER (self), SONDE_FORMAT_UNKNOWN);

  return self->format;
}

/**
 * sonde_importer_set_format:
 * @format: the format to read files as, or %SONDE_FORMAT_UNKNOWN to guess
 */
void
sonde_importer_set_format (SondeImporter *self,
                           SondeFormat    format)
{
  g_return_if_fail (SONDE_IS_IMPORTER (self));

  self->format = format;
}

/**
 * sonde_importer_get_detected_format:
 *
 * Returns: the format of the last file imported (or tried).
 */
SondeFormat
sonde_importer_get_detected_format (SondeImporter *self)
{
  g_return_val_if_fail (SONDE_IS_IMPORTER (self), SONDE_FORMAT_UNKNOWN);

  return self->detected_format;
}

/**
 * sonde_importer_get_csv_reader:
 *
 * The reader used for delimited text. Configure it (delimiter, encoding,
 * missing markers, column types...) before importing; after a CSV import
 * it also tells what it detected.
 *
 * Returns: (transfer none): the importer's CSV reader.
 */
SondeCsvReader *
sonde_importer_get_csv_reader (SondeImporter *self)
{
  g_return_val_if_fail (SONDE_IS_IMPORTER (self), NULL);

  return self->csv_reader;
}

#define DEFINE_STRING_ACCESSORS(field)                                  \
  const char *                                                          \
  sonde_importer_get_##field (SondeImporter *self)                     \
  {                                                                     \
    g_return_val_if_fail (SONDE_IS_IMPORTER (self), NULL);              \
    return self->field;                                                 \
  }                                                                     \
                                                                        \
  void                                                                  \
  sonde_importer_set_##field (SondeImporter *self,                     \
                              const char    *value)                     \
  {                                                                     \
    g_return_if_fail (SONDE_IS_IMPORTER (self));                        \
    g_free (self->field);                                               \
    self->field = g_strdup (value);                                     \
  }

/**
 * sonde_importer_set_sheet:
 * @sheet: (nullable): the name of the workbook sheet to read; %NULL for the first
 */
DEFINE_STRING_ACCESSORS (sheet)
/**
 * sonde_importer_set_table:
 * @table: (nullable): the SQLite table or view to read; %NULL for the only
 *   (or first) one
 */
DEFINE_STRING_ACCESSORS (table)
/**
 * sonde_importer_set_query:
 * @query: (nullable): a read-only SQL query to run on an SQLite database
 *   instead of reading a table
 */
DEFINE_STRING_ACCESSORS (query)

/**
 * sonde_importer_set_progress_func:
 * @func: (nullable): called with the fraction done, from the thread that
 *   reads (a worker thread with the async call)
 *
 * Sets how the importer reports progress; at most about 100 calls a file.
 */
void
sonde_importer_set_progress_func (SondeImporter     *self,
                                  SondeProgressFunc  func,
                                  gpointer           user_data,
                                  GDestroyNotify     destroy)
{
  g_return_if_fail (SONDE_IS_IMPORTER (self));

  if (self->progress_destroy != NULL)
    self->progress_destroy (self->progress_data);

  self->progress_func = func;
  self->progress_data = user_data;
  self->progress_destroy = destroy;
}

/**
 * sonde_importer_get_warnings:
 *
 * Returns: (transfer none) (array zero-terminated=1): what the last import
 *   fixed or guessed, as translated sentences that name where; empty when
 *   there was nothing to say.
 */
const char * const *
sonde_importer_get_warnings (SondeImporter *self)
{
  g_return_val_if_fail (SONDE_IS_IMPORTER (self), NULL);

  return (const char * const *) self->warnings->pdata;
}

static void
add_warning (SondeImporter *self,
             const char    *message)
{
  g_ptr_array_insert (self->warnings, self->warnings->len - 1, g_strdup (message));
}

static void
forward_progress (double   fraction,
                  gpointer user_data)
{
  SondeImporter *self = user_data;

  if (self->progress_func != NULL)
    self->progress_func (fraction, self->progress_data);
}

static SondeTable *
import_csv (SondeImporter  *self,
            GFile          *file,
            GCancellable   *cancellable,
            GError        **error)
{
  SondeTable *table;
  GPtrArray *warnings;

  sonde_csv_reader_set_progress_func (self->csv_reader, forward_progress, self, NULL);
  table = sonde_csv_reader_read_file (self->csv_reader, file, cancellable, error);
  sonde_csv_reader_set_progress_func (self->csv_reader, NULL, NULL, NULL);

  warnings = sonde_csv_reader_get_warnings (self->csv_reader);
  for (guint i = 0; warnings != NULL && i < warnings->len; i++)
    add_warning (self, ((SondeCsvWarning *) g_ptr_array_index (warnings, i))->message);

  return table;
}

static SondeTable *
import_json (SondeImporter  *self,
             GFile          *file,
             SondeFormat     format,
             GCancellable   *cancellable,
             GError        **error)
{
  g_autoptr(SondeJsonReader) reader = sonde_json_reader_new ();

  sonde_json_reader_set_format (reader, format == SONDE_FORMAT_NDJSON ? SONDE_JSON_FORMAT_LINES
                                                                      : SONDE_JSON_FORMAT_AUTO);
  sonde_json_reader_set_progress_func (reader, forward_progress, self, NULL);

  return sonde_json_reader_read_file (reader, file, cancellable, error);
}

static SondeTable *
import_arff (SondeImporter  *self,
             GFile          *file,
             GCancellable   *cancellable,
             GError        **error)
{
  g_autoptr(SondeArffReader) reader = sonde_arff_reader_new ();

  sonde_arff_reader_set_progress_func (reader, forward_progress, self, NULL);

  return sonde_arff_reader_read_file (reader, file, cancellable, error);
}

static SondeTable *
import_xlsx (SondeImporter  *self,
             GFile          *file,
             GCancellable   *cancellable,
             GError        **error)
{
  g_autoptr(SondeXlsxReader) reader = sonde_xlsx_reader_new ();
  SondeTable *table;
  GPtrArray *warnings;

  sonde_xlsx_reader_set_sheet (reader, self->sheet);
  sonde_xlsx_reader_set_progress_func (reader, forward_progress, self, NULL);
  table = sonde_xlsx_reader_read_file (reader, file, cancellable, error);

  warnings = sonde_xlsx_reader_get_warnings (reader);
  for (guint i = 0; warnings != NULL && i < warnings->len; i++)
    add_warning (self, ((SondeXlsxWarning *) g_ptr_array_index (warnings, i))->message);

  return table;
}

static SondeTable *
import_sqlite (SondeImporter  *self,
               GFile          *file,
               GCancellable   *cancellable,
               GError        **error)
{
  g_autoptr(SondeSqliteReader) reader = sonde_sqlite_reader_new ();
  g_auto(GStrv) tables = NULL;
  SondeTable *table;
  GPtrArray *warnings;

  if (self->query != NULL)
    sonde_sqlite_reader_set_query (reader, self->query);
  else if (self->table != NULL)
    sonde_sqlite_reader_set_table (reader, self->table);
  else
    {
      g_autofree char *basename = g_file_get_basename (file);
      guint n_tables;

      tables = sonde_sqlite_reader_list_tables (file, error);
      if (tables == NULL)
        return NULL;

      n_tables = g_strv_length (tables);
      if (n_tables == 0)
        {
          g_set_error (error, SONDE_ERROR, SONDE_ERROR_EMPTY,
                       /* Translators: %s is a file name. */
                       _("%s is an SQLite database with no table to read."), basename);
          return NULL;
        }

      sonde_sqlite_reader_set_table (reader, tables[0]);
      if (n_tables > 1)
        {
          g_autofree char *others = g_strjoinv (", ", tables + 1);
          g_autofree char *message =
            /* Translators: a file name, the table opened, then the list of the others. */
            g_strdup_printf (_("%s holds %u tables; Sonde opened the first, “%s”. The others are: %s."),
                             basename, n_tables, tables[0], others);
          add_warning (self, message);
        }
    }

  sonde_sqlite_reader_set_progress_func (reader, forward_progress, self, NULL);
  table = sonde_sqlite_reader_read_file (reader, file, cancellable, error);

  warnings = sonde_sqlite_reader_get_warnings (reader);
  for (guint i = 0; warnings != NULL && i < warnings->len; i++)
    add_warning (self, g_ptr_array_index (warnings, i));

  return table;
}

/**
 * sonde_importer_import_file:
 * @file: the file to read
 * @cancellable: (nullable): cancels the import, which then fails with
 *   %G_IO_ERROR_CANCELLED
 * @error: where to say what went wrong and where
 *
 * Reads @file with the reader its format needs and names the table after
 * the file without its extension.
 * Blocks: call it from a
 * worker thread, or use sonde_importer_import_file_async(). One import at
 * a time per importer.
 *
 * Returns: (transfer full) (nullable): the table, or %NULL with @error set
 *   (%SONDE_ERROR_INVALID when the file is in no format Sonde reads).
 */
/* "students.csv" becomes "students"; a name without an extension, or
 * one that is only an extension (".hidden"), is kept. */
static void
name_without_extension (SondeTable *table)
{
  const char *name = sonde_table_get_name (table);
  const char *dot = name != NULL ? strrchr (name, '.') : NULL;

  if (dot != NULL && dot != name && dot[1] != '\0')
    {
      g_autofree char *stem = g_strndup (name, dot - name);
      sonde_table_set_name (table, stem);
    }
}

static SondeTable *
import_by_format (SondeImporter  *self,
                  GFile          *file,
                  SondeFormat     format,
                  GCancellable   *cancellable,
                  GError        **error);

SondeTable *
sonde_importer_import_file (SondeImporter  *self,
                            GFile          *file,
                            GCancellable   *cancellable,
                            GError        **error)
{
  SondeFormat format;
  SondeTable *table;

  g_return_val_if_fail (SONDE_IS_IMPORTER (self), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  g_ptr_array_set_size (self->warnings, 0);
  g_ptr_array_add (self->warnings, NULL);

  format = self->format;
  if (format == SONDE_FORMAT_UNKNOWN)
    {
      g_autoptr(GError) local_error = NULL;

      format = sonde_format_guess_for_file (file, cancellable, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
    }
  self->detected_format = format;

  table = import_by_format (self, file, format, cancellable, error);
  if (table != NULL)
    name_without_extension (table);

  return table;
}

static SondeTable *
import_by_format (SondeImporter  *self,
                  GFile          *file,
                  SondeFormat     format,
                  GCancellable   *cancellable,
                  GError        **error)
{
  switch (format)
    {
    case SONDE_FORMAT_CSV:
      return import_csv (self, file, cancellable, error);
    case SONDE_FORMAT_JSON:
    case SONDE_FORMAT_NDJSON:
      return import_json (self, file, format, cancellable, error);
    case SONDE_FORMAT_ARFF:
      return import_arff (self, file, cancellable, error);
    case SONDE_FORMAT_XLSX:
      return import_xlsx (self, file, cancellable, error);
    case SONDE_FORMAT_SQLITE:
      return import_sqlite (self, file, cancellable, error);
    case SONDE_FORMAT_UNKNOWN:
    default:
      {
        g_autofree char *basename = g_file_get_basename (file);

        g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                     /* Translators: %s is a file name. */
                     _("%s is not in a format Sonde reads. Sonde opens delimited text (CSV, TSV), "
                       "JSON, NDJSON, ARFF, Excel workbooks (.xlsx) and SQLite databases."),
                     basename);
        return NULL;
      }
    }
}

static void
import_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GError *error = NULL;
  SondeTable *table;

  table = sonde_importer_import_file (source_object, task_data, cancellable, &error);
  if (table == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, table, g_object_unref);
}

/**
 * sonde_importer_import_file_async:
 *
 * Runs sonde_importer_import_file() in a worker thread. Don't change the
 * importer's settings until @callback runs.
 */
void
sonde_importer_import_file_async (SondeImporter       *self,
                                  GFile               *file,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SONDE_IS_IMPORTER (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sonde_importer_import_file_async);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, import_thread);
}

/**
 * sonde_importer_import_file_finish:
 *
 * Returns: (transfer full) (nullable): the table, or %NULL with @error set.
 */
SondeTable *
sonde_importer_import_file_finish (SondeImporter  *self,
                                   GAsyncResult   *result,
                                   GError        **error)
{
  g_return_val_if_fail (SONDE_IS_IMPORTER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
sonde_importer_finalize (GObject *object)
{
  SondeImporter *self = SONDE_IMPORTER (object);

  sonde_importer_set_progress_func (self, NULL, NULL, NULL);
  g_clear_object (&self->csv_reader);
  g_clear_pointer (&self->sheet, g_free);
  g_clear_pointer (&self->table, g_free);
  g_clear_pointer (&self->query, g_free);
  g_clear_pointer (&self->warnings, g_ptr_array_unref);

  G_OBJECT_CLASS (sonde_importer_parent_class)->finalize (object);
}

static void
sonde_importer_class_init (SondeImporterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sonde_importer_finalize;
}

static void
sonde_importer_init (SondeImporter *self)
{
  self->csv_reader = sonde_csv_reader_new ();
  self->warnings = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->warnings, NULL);
}
