/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sonde-engine"

/* SondeProject: a Sonde project (.sonde), its datasets and its journal,
 * and the file that holds them. A project is one SQLite database, saved
 * whole into a temporary file next to the target (`NAME.sonde.XXXXXX`),
 * synced to disk, then renamed over the target: until the rename the old
 * file is untouched, so a failed, cancelled or interrupted save leaves
 * the last good state. Projects range from a class exercise of a few
 * hundred rows to datasets of a few million; datasets are read eagerly
 * for now.
 *
 * The schema (version 1, `PRAGMA user_version` = 1, `PRAGMA
 * application_id` = 0x536F6E64, "Sond"):
 *
 *   sonde_meta       (key TEXT PRIMARY KEY, value TEXT NOT NULL)
 *                    keys: application ("io.github.sonde.Sonde"),
 *                    schema_version, created, modified (ISO 8601 UTC),
 *                    sonde_version (the Sonde that saved it)
 *   sonde_datasets   (name TEXT PRIMARY KEY, table_name TEXT NOT NULL
 *                    UNIQUE, source TEXT, rows INTEGER NOT NULL,
 *                    created TEXT NOT NULL), in the project's order
 *                    (rowid); each dataset is the typed table
 *                    table_name, written by SondeSqliteWriter
 *   sonde_columns    (dataset TEXT NOT NULL, position INTEGER NOT NULL,
 *                    name TEXT NOT NULL, type TEXT NOT NULL, role TEXT
 *                    NOT NULL, unit TEXT, description TEXT, source TEXT,
 *                    PRIMARY KEY (dataset, position)): the catalogue;
 *                    type as sonde_column_type_to_string(), role one of
 *                    feature, target, identifier, ignored; source is the
 *                    column's lineage (file, or the step that made it)
 *   sonde_pipelines  (name TEXT PRIMARY KEY, dataset TEXT, steps TEXT NOT
 *                    NULL, created TEXT, modified TEXT)
 *   sonde_queries    (name TEXT PRIMARY KEY, sql TEXT NOT NULL, created
 *                    TEXT)
 *   sonde_models     (name TEXT PRIMARY KEY, dataset TEXT, kind TEXT,
 *                    parameters TEXT, data BLOB, created TEXT)
 *   sonde_dashboards (name TEXT PRIMARY KEY, layout TEXT NOT NULL,
 *                    created TEXT, modified TEXT)
 *   sonde_journal    (id INTEGER PRIMARY KEY, time TEXT NOT NULL, action
 *                    TEXT NOT NULL, detail TEXT)
 * Pipelines, queries, models and dashboards are filled by later work.
 *
 * Version 0 (development files) had no unit nor description in
 * sonde_columns and none of the four last tables. Opening an older file
 * migrates a copy in memory through the steps of `migrations` below; the
 * file itself is only rewritten, in the current schema, by the next save.
 * A file of a newer schema is refused, never opened half-understood.
 *
 * sonde_project_query() runs one SELECT on a project file through a
 * read-only connection with an authorizer that allows reading only.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "sonde-engine.h"
#include "sonde-error.h"
#include "sonde-project.h"
#include "sonde-sqlite-reader.h"
#include "sonde-sqlite-writer.h"

#define PROJECT_APPLICATION_NAME "io.github.sonde.Sonde"
#define PROJECT_APPLICATION_ID   0x536F6E64

G_DEFINE_QUARK (sonde-project-error-quark, sonde_project_error)

typedef struct
{
  char *time;
  char *action;
  char *detail;
} JournalEntry;

struct _SondeProject
{
  GObject            parent_instance;

  GPtrArray         *datasets;   /* SondeTable */
  GPtrArray         *created;    /* char *, per dataset */
  GArray            *journal;    /* JournalEntry */
  char              *created_at;
  char              *modified_at;
  char              *saving_at;    /* the modified time of a save under way */
  int                file_version;

  SondeProgressFunc  progress_func;
  gpointer           progress_data;
  GDestroyNotify     progress_destroy;
};

G_DEFINE_FINAL_TYPE (SondeProject, sonde_project, G_TYPE_OBJECT)

/* ------------------------------------------------------------------ */
/* Schema                                                               */
/* ------------------------------------------------------------------ */

#define CREATE_LATER_TABLES \
  "CREATE TABLE sonde_pipelines (name TEXT PRIMARY KEY, dataset TEXT, steps TEXT NOT NULL, created TEXT, modified TEXT);" \
  "CREATE TABLE sonde_queries (name TEXT PRIMARY KEY, sql TEXT NOT NULL, created TEXT);" \
  "CREATE TABLE sonde_models (name TEXT PRIMARY KEY, dataset TEXT, kind TEXT, parameters TEXT, data BLOB, created TEXT);" \
  "CREATE TABLE sonde_dashboards (name TEXT PRIMARY KEY, layout TEXT NOT NULL, created TEXT, modified TEXT);" \
  "CREATE TABLE sonde_journal (id INTEGER PRIMARY KEY, time TEXT NOT NULL, action TEXT NOT NULL, detail TEXT);"

static const char create_schema[] =
  "CREATE TABLE sonde_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
  "CREATE TABLE sonde_datasets (name TEXT PRIMARY KEY, table_name TEXT NOT NULL UNIQUE, source TEXT,"
  " rows INTEGER NOT NULL, created TEXT NOT NULL);"
  "CREATE TABLE sonde_columns (dataset TEXT NOT NULL, position INTEGER NOT NULL, name TEXT NOT NULL,"
  " type TEXT NOT NULL, role TEXT NOT NULL, unit TEXT, description TEXT, source TEXT,"
  " PRIMARY KEY (dataset, position));"
  CREATE_LATER_TABLES;

/* Each step takes a file of version to - 1 to version to. Steps only
 * touch the sonde_ tables: dataset tables never change layout. */
typedef struct
{
  int         to;
  const char *sql;
} Migration;

static const Migration migrations[] = {
  { 1,
    "ALTER TABLE sonde_columns ADD COLUMN unit TEXT;"
    "ALTER TABLE sonde_columns ADD COLUMN description TEXT;"
    CREATE_LATER_TABLES
    "INSERT OR REPLACE INTO sonde_meta VALUES ('schema_version', '1');" },
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == SONDE_PROJECT_SCHEMA_VERSION);

static const char * const role_names[] = { "feature", "target", "identifier", "ignored" };

static void
set_str (char       **target,
         const char  *value)
{
  char *copy = g_strdup (value);

  g_free (*target);
  *target = copy;
}

static char *
now_iso (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}

/* ------------------------------------------------------------------ */
/* Opening and checking a file                                          */
/* ------------------------------------------------------------------ */

static void
set_damaged (GError     **error,
             const char  *display_name,
             const char  *detail)
{
  g_set_error (error, SONDE_PROJECT_ERROR, SONDE_PROJECT_ERROR_DAMAGED,
               /* Translators: file name, then what SQLite found */
               _("%s is damaged (%s) and cannot be opened. Open a backup copy of the project; the damaged file was left as it is."),
               display_name, detail);
}

static void
set_not_project (GError     **error,
                 const char  *display_name)
{
  g_set_error (error, SONDE_PROJECT_ERROR, SONDE_PROJECT_ERROR_NOT_PROJECT,
               _("%s is not a Sonde project. Open a .sonde file saved by Sonde, or import this file as a dataset."),
               display_name);
}

/* Maps the result of a failed read of the project file. */
static void
set_open_error (sqlite3     *db,
                int          rc,
                const char  *display_name,
                GError     **error)
{
  switch (rc & 0xFF)
    {
    case SQLITE_NOTADB:
      set_not_project (error, display_name);
      break;

    case SQLITE_CORRUPT:
    case SQLITE_IOERR:
      set_damaged (error, display_name, db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
      break;

    case SQLITE_INTERRUPT:
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The operation was cancelled."));
      break;

    default:
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   /* Translators: file name, then SQLite's message */
                   _("%s cannot be opened: %s."),
                   display_name, db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
      break;
    }
}

static gboolean
query_int (sqlite3     *db,
           const char  *sql,
           int         *value,
           int         *rc_out)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);

  if (rc == SQLITE_OK)
    {
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          *value = sqlite3_column_int (stmt, 0);
          rc = SQLITE_OK;
        }
    }
  sqlite3_finalize (stmt);
  *rc_out = rc;

  return rc == SQLITE_OK;
}

/* quick_check's first finding on one line, without its banner. */
static char *
tidy_check_result (const char *result)
{
  g_auto(GStrv) lines = g_strsplit (result != NULL ? result : "?", "\n", -1);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_strstrip (lines[i]);
      if (*lines[i] == '\0' || g_str_has_prefix (lines[i], "***"))
        continue;
      if (out->len > 0)
        g_string_append (out, "; ");
      g_string_append (out, lines[i]);
    }

  return g_strdup (out->len > 0 ? out->str : "?");
}

static int
cancel_handler (void *user_data)
{
  return g_cancellable_is_cancelled (user_data) ? 1 : 0;
}

/* Opens @path read-only after checking it is a Sonde project this Sonde
 * can read. With @check, runs PRAGMA quick_check too (it reads the whole
 * file). Returns the connection and the file's schema version. */
static sqlite3 *
open_checked (const char    *path,
              const char    *display_name,
              gboolean       check,
              GCancellable  *cancellable,
              int           *version,
              GError       **error)
{
  static const char magic[16] = "SQLite format 3";
  char header[100];
  sqlite3 *db = NULL;
  GStatBuf st;
  FILE *f;
  size_t n;
  int value = 0;
  int rc;

  if (g_stat (path, &st) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("%s cannot be opened: %s."), display_name, g_strerror (saved));
      return NULL;
    }

  f = g_fopen (path, "rb");
  if (f == NULL)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("%s cannot be opened: %s."), display_name, g_strerror (saved));
      return NULL;
    }
  n = fread (header, 1, sizeof header, f);
  fclose (f);

  if (n < sizeof magic || memcmp (header, magic, sizeof magic) != 0)
    {
      set_not_project (error, display_name);
      return NULL;
    }
  if (n < sizeof header || st.st_size < 512)
    {
      set_damaged (error, display_name, _("the file is cut short"));
      return NULL;
    }

  rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      set_open_error (db, rc, display_name, error);
      sqlite3_close (db);
      return NULL;
    }
  sqlite3_extended_result_codes (db, 1);
  sqlite3_db_config (db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
  sqlite3_db_config (db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
  sqlite3_db_config (db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, NULL);
  sqlite3_busy_timeout (db, 2000);
  if (cancellable != NULL)
    sqlite3_progress_handler (db, 10000, cancel_handler, cancellable);

  if (check)
    {
      sqlite3_stmt *stmt = NULL;

      rc = sqlite3_prepare_v2 (db, "PRAGMA quick_check(1)", -1, &stmt, NULL);
      if (rc == SQLITE_OK)
        rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          const char *result = (const char *) sqlite3_column_text (stmt, 0);

          if (g_strcmp0 (result, "ok") != 0)
            {
              g_autofree char *detail = tidy_check_result (result);

              set_damaged (error, display_name, detail);
              sqlite3_finalize (stmt);
              sqlite3_close (db);
              return NULL;
            }
          rc = SQLITE_OK;
        }
      sqlite3_finalize (stmt);
      if (rc != SQLITE_OK)
        {
          set_open_error (db, rc, display_name, error);
          sqlite3_close (db);
          return NULL;
        }
    }

  if (!query_int (db, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'sonde_meta'",
                  &value, &rc))
    {
      set_open_error (db, rc, display_name, error);
      sqlite3_close (db);
      return NULL;
    }
  if (value == 0)
    {
      set_not_project (error, display_name);
      sqlite3_close (db);
      return NULL;
    }

  if (!query_int (db, "PRAGMA user_version", &value, &rc))
    {
      set_open_error (db, rc, display_name, error);
      sqlite3_close (db);
      return NULL;
    }
  if (value > SONDE_PROJECT_SCHEMA_VERSION || value < 0)
    {
      g_set_error (error, SONDE_PROJECT_ERROR, SONDE_PROJECT_ERROR_TOO_NEW,
                   _("%s was saved by a newer Sonde (schema %d); this version reads up to %d. Update Sonde to open it."),
                   display_name, value, SONDE_PROJECT_SCHEMA_VERSION);
      sqlite3_close (db);
      return NULL;
    }

  *version = value;
  return db;
}

/* Brings @db from @from_version to the current schema, in one
 * transaction. */
static gboolean
migrate (sqlite3     *db,
         int          from_version,
         const char  *display_name,
         GError     **error)
{
  if (sqlite3_exec (db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
    goto failed;

  for (guint i = 0; i < G_N_ELEMENTS (migrations); i++)
    {
      g_autofree char *set_version = NULL;

      if (migrations[i].to <= from_version)
        continue;
      set_version = g_strdup_printf ("PRAGMA user_version = %d", migrations[i].to);
      if (sqlite3_exec (db, migrations[i].sql, NULL, NULL, NULL) != SQLITE_OK ||
          sqlite3_exec (db, set_version, NULL, NULL, NULL) != SQLITE_OK)
        {
          g_autofree char *detail = g_strdup_printf (_("updating it to schema %d failed: %s"),
                                                     migrations[i].to, sqlite3_errmsg (db));

          sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
          set_damaged (error, display_name, detail);
          return FALSE;
        }
    }

  if (sqlite3_exec (db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK)
    return TRUE;

failed:
  set_damaged (error, display_name, sqlite3_errmsg (db));
  sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

/* An in-memory copy of @file_db, migrated to the current schema. */
static sqlite3 *
migrated_copy (sqlite3     *file_db,
               int          from_version,
               const char  *display_name,
               GError     **error)
{
  sqlite3 *mem = NULL;
  sqlite3_backup *backup;
  int rc;

  rc = sqlite3_open_v2 (":memory:", &mem, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc == SQLITE_OK)
    {
      backup = sqlite3_backup_init (mem, "main", file_db, "main");
      if (backup == NULL)
        rc = sqlite3_errcode (mem);
      else
        {
          rc = sqlite3_backup_step (backup, -1);
          sqlite3_backup_finish (backup);
          rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
        }
    }
  if (rc != SQLITE_OK)
    {
      set_open_error (mem, rc, display_name, error);
      sqlite3_close (mem);
      return NULL;
    }

  if (!migrate (mem, from_version, display_name, error))
    {
      sqlite3_close (mem);
      return NULL;
    }

  return mem;
}

/* ------------------------------------------------------------------ */
/* Reading a project                                                    */
/* ------------------------------------------------------------------ */

static char *
column_text (sqlite3_stmt *stmt,
             int           index)
{
  const char *s = (const char *) sqlite3_column_text (stmt, index);

  return s != NULL && *s != '\0' ? g_strdup (s) : NULL;
}

static gboolean
apply_catalogue (SondeTable   *table,
                 sqlite3      *db,
                 const char   *dataset,
                 const char   *display_name,
                 GError      **error)
{
  sqlite3_stmt *stmt = NULL;
  guint n = 0;
  int rc;

  rc = sqlite3_prepare_v2 (db,
                           "SELECT position, name, type, role, unit, description, source FROM sonde_columns "
                           "WHERE dataset = ?1 ORDER BY position", -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      set_open_error (db, rc, display_name, error);
      return FALSE;
    }
  sqlite3_bind_text (stmt, 1, dataset, -1, SQLITE_STATIC);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int position = sqlite3_column_int (stmt, 0);
      const char *name = (const char *) sqlite3_column_text (stmt, 1);
      const char *type_name = (const char *) sqlite3_column_text (stmt, 2);
      const char *role_name = (const char *) sqlite3_column_text (stmt, 3);
      g_autofree char *unit = column_text (stmt, 4);
      g_autofree char *description = column_text (stmt, 5);
      g_autofree char *source = column_text (stmt, 6);
      SondeColumnType type;
      SondeColumn *column;

      if (position != (int) n || (guint) position >= sonde_table_get_n_columns (table) || name == NULL ||
          !sonde_column_type_from_string (type_name, &type))
        {
          g_autofree char *detail = g_strdup_printf (_("the catalogue of “%s” does not match its table"), dataset);

          sqlite3_finalize (stmt);
          set_damaged (error, display_name, detail);
          return FALSE;
        }
      n++;

      column = sonde_table_get_column (table, position);
      if (sonde_column_get_column_type (column) != type)
        {
          g_autoptr(SondeColumn) converted = sonde_column_convert (column, type, NULL, NULL, error);

          if (converted == NULL || !sonde_table_replace_column (table, position, converted, error))
            {
              sqlite3_finalize (stmt);
              return FALSE;
            }
          column = sonde_table_get_column (table, position);
        }
      if (g_strcmp0 (sonde_column_get_name (column), name) != 0 &&
          !sonde_table_rename_column (table, position, name, error))
        {
          sqlite3_finalize (stmt);
          return FALSE;
        }

      for (guint r = 0; r < G_N_ELEMENTS (role_names); r++)
        if (g_strcmp0 (role_name, role_names[r]) == 0)
          sonde_column_set_role (column, (SondeColumnRole) r);
      sonde_column_set_unit (column, unit);
      sonde_column_set_description (column, description);
      sonde_column_set_source (column, source);
    }
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    {
      set_open_error (db, rc, display_name, error);
      return FALSE;
    }
  if (n != sonde_table_get_n_columns (table))
    {
      g_autofree char *detail = g_strdup_printf (_("the catalogue of “%s” does not match its table"), dataset);

      set_damaged (error, display_name, detail);
      return FALSE;
    }

  return TRUE;
}

static gboolean
read_project (SondeProject  *self,
              sqlite3       *db,
              GFile         *file,
              const char    *display_name,
              GError       **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (db, "SELECT key, value FROM sonde_meta", -1, &stmt, NULL);
  while ((rc == SQLITE_OK || rc == SQLITE_ROW) && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *key = (const char *) sqlite3_column_text (stmt, 0);

      if (g_strcmp0 (key, "created") == 0)
        set_str (&self->created_at, (const char *) sqlite3_column_text (stmt, 1));
      else if (g_strcmp0 (key, "modified") == 0)
        set_str (&self->modified_at, (const char *) sqlite3_column_text (stmt, 1));
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      set_open_error (db, rc, display_name, error);
      return FALSE;
    }

  rc = sqlite3_prepare_v2 (db, "SELECT time, action, detail FROM sonde_journal ORDER BY id", -1, &stmt, NULL);
  while ((rc == SQLITE_OK || rc == SQLITE_ROW) && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      JournalEntry entry = { column_text (stmt, 0), column_text (stmt, 1), column_text (stmt, 2) };

      g_array_append_val (self->journal, entry);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      set_open_error (db, rc, display_name, error);
      return FALSE;
    }

  rc = sqlite3_prepare_v2 (db, "SELECT name, table_name, source, rows, created FROM sonde_datasets ORDER BY rowid",
                           -1, &stmt, NULL);
  while ((rc == SQLITE_OK || rc == SQLITE_ROW) && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *name = (const char *) sqlite3_column_text (stmt, 0);
      const char *table_name = (const char *) sqlite3_column_text (stmt, 1);
      g_autofree char *source = column_text (stmt, 2);
      gint64 rows = sqlite3_column_int64 (stmt, 3);
      g_autoptr(SondeSqliteReader) reader = sonde_sqlite_reader_new ();
      g_autoptr(SondeTable) table = NULL;
      g_autoptr(GError) local_error = NULL;

      if (name == NULL || table_name == NULL)
        {
          sqlite3_finalize (stmt);
          set_damaged (error, display_name, _("a dataset has no name"));
          return FALSE;
        }

      /* Dataset tables never change with the schema, so they are read
       * from the file even when the catalogue comes from a migrated
       * copy. */
      sonde_sqlite_reader_set_table (reader, table_name);
      table = sonde_sqlite_reader_read_file (reader, file, NULL, &local_error);
      if (table == NULL)
        {
          g_autofree char *detail = g_strdup_printf (_("dataset “%s”: %s"), name, local_error->message);

          sqlite3_finalize (stmt);
          set_damaged (error, display_name, detail);
          return FALSE;
        }
      if ((gint64) sonde_table_get_n_rows (table) != rows)
        {
          g_autofree char *detail = g_strdup_printf (_("dataset “%s” should have %lld rows but has %u"),
                                                     name, (long long) rows, sonde_table_get_n_rows (table));

          sqlite3_finalize (stmt);
          set_damaged (error, display_name, detail);
          return FALSE;
        }
      if (!apply_catalogue (table, db, name, display_name, error))
        {
          sqlite3_finalize (stmt);
          return FALSE;
        }
      sonde_table_set_name (table, name);
      sonde_table_set_source (table, source);

      g_ptr_array_add (self->datasets, g_steal_pointer (&table));
      g_ptr_array_add (self->created, column_text (stmt, 4));
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      set_open_error (db, rc, display_name, error);
      return FALSE;
    }

  return TRUE;
}

/**
 * sonde_project_open:
 * @file: a local .sonde file
 * @error: return location for a #GError
 *
 * Opens a project and reads all its datasets. The file is only read:
 * a file of an older schema is migrated in memory, and written in the
 * current schema by the next save.
 *
 * Returns: (transfer full) (nullable): the project, or %NULL with @error
 *   set: %SONDE_PROJECT_ERROR_NOT_PROJECT, %SONDE_PROJECT_ERROR_TOO_NEW,
 *   %SONDE_PROJECT_ERROR_DAMAGED, or a %G_IO_ERROR.
 */
SondeProject *
sonde_project_open (GFile   *file,
                    GError **error)
{
  g_autoptr(SondeProject) self = NULL;
  g_autofree char *path = NULL;
  g_autofree char *basename = NULL;
  sqlite3 *db;
  sqlite3 *catalogue;
  int version = 0;
  gboolean ok;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  basename = g_file_get_basename (file);
  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("%s is not a local file; copy it to this computer first."), basename);
      return NULL;
    }

  db = open_checked (path, basename, TRUE, NULL, &version, error);
  if (db == NULL)
    return NULL;

  catalogue = db;
  if (version < SONDE_PROJECT_SCHEMA_VERSION)
    {
      catalogue = migrated_copy (db, version, basename, error);
      if (catalogue == NULL)
        {
          sqlite3_close (db);
          return NULL;
        }
    }

  self = sonde_project_new ();
  g_clear_pointer (&self->created_at, g_free);
  g_clear_pointer (&self->modified_at, g_free);
  self->file_version = version;
  ok = read_project (self, catalogue, file, basename, error);

  if (catalogue != db)
    sqlite3_close (catalogue);
  sqlite3_close (db);

  if (!ok)
    return NULL;
  if (self->created_at == NULL)
    self->created_at = now_iso ();

  return g_steal_pointer (&self);
}

/* ------------------------------------------------------------------ */
/* Saving                                                               */
/* ------------------------------------------------------------------ */

static void
set_errno_error (GError     **error,
                 int          saved_errno,
                 const char  *display_name,
                 const char  *folder)
{
  switch (saved_errno)
    {
    case EACCES:
    case EPERM:
    case EROFS:
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                   _("%s cannot be saved: the folder %s is read-only or you may not write in it. Save the project in another folder; nothing was changed."),
                   display_name, folder);
      break;

    case ENOSPC:
    case EDQUOT:
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                   _("%s cannot be saved: the disk is full. Free some space or save elsewhere; the previous version of the file was kept."),
                   display_name);
      break;

    default:
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("%s cannot be saved: %s. The previous version of the file was kept."),
                   display_name, g_strerror (saved_errno));
      break;
    }
}

static gboolean
set_save_error (sqlite3     *db,
                int          rc,
                const char  *display_name,
                const char  *folder,
                GError     **error)
{
  switch (rc & 0xFF)
    {
    case SQLITE_FULL:
      set_errno_error (error, ENOSPC, display_name, folder);
      break;

    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_CANTOPEN:
      set_errno_error (error, EACCES, display_name, folder);
      break;

    case SQLITE_INTERRUPT:
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The save was cancelled."));
      break;

    default:
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("%s cannot be saved: %s. The previous version of the file was kept."),
                   display_name, db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
      break;
    }

  return FALSE;
}

/* Table names for the datasets: plain SQL names, unique without case,
 * never in the sonde_ or sqlite_ spaces. */
static GPtrArray *
make_table_names (SondeProject *self)
{
  g_autoptr(GHashTable) taken = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < self->datasets->len; i++)
    {
      g_autofree char *base = sonde_sqlite_writer_make_table_name (sonde_table_get_name (self->datasets->pdata[i]));
      char *name;

      if (g_ascii_strncasecmp (base, "sonde_", 6) == 0)
        {
          char *prefixed = g_strconcat ("d_", base, NULL);

          g_free (base);
          base = prefixed;
        }
      name = g_strdup (base);
      for (guint k = 2; g_hash_table_contains (taken, name); k++)
        {
          g_free (name);
          name = g_strdup_printf ("%s_%u", base, k);
        }
      g_hash_table_add (taken, g_ascii_strdown (name, -1));
      g_ptr_array_add (names, name);
    }

  return names;
}

static int
bind_run (sqlite3_stmt *stmt)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);

  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static int
write_catalogue (SondeProject *self,
                 sqlite3      *db,
                 GPtrArray    *table_names)
{
  const char *now = self->saving_at;
  sqlite3_stmt *meta = NULL, *dataset = NULL, *column = NULL, *journal = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (db, "INSERT INTO sonde_meta VALUES (?1, ?2)", -1, &meta, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (db, "INSERT INTO sonde_datasets VALUES (?1, ?2, ?3, ?4, ?5)", -1, &dataset, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (db, "INSERT INTO sonde_columns VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", -1, &column, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (db, "INSERT INTO sonde_journal (time, action, detail) VALUES (?1, ?2, ?3)", -1, &journal, NULL);

  if (rc == SQLITE_OK)
    {
      const char *pairs[][2] = {
        { "application", PROJECT_APPLICATION_NAME },
        { "schema_version", G_STRINGIFY (SONDE_PROJECT_SCHEMA_VERSION) },
        { "created", self->created_at },
        { "modified", now },
        { "sonde_version", sonde_engine_get_version () },
      };

      for (guint i = 0; i < G_N_ELEMENTS (pairs) && rc == SQLITE_OK; i++)
        {
          sqlite3_bind_text (meta, 1, pairs[i][0], -1, SQLITE_STATIC);
          sqlite3_bind_text (meta, 2, pairs[i][1], -1, SQLITE_STATIC);
          rc = bind_run (meta);
        }
    }

  for (guint i = 0; i < self->datasets->len && rc == SQLITE_OK; i++)
    {
      SondeTable *table = self->datasets->pdata[i];
      const char *name = sonde_table_get_name (table);

      sqlite3_bind_text (dataset, 1, name, -1, SQLITE_STATIC);
      sqlite3_bind_text (dataset, 2, table_names->pdata[i], -1, SQLITE_STATIC);
      sqlite3_bind_text (dataset, 3, sonde_table_get_source (table), -1, SQLITE_STATIC);
      sqlite3_bind_int64 (dataset, 4, sonde_table_get_n_rows (table));
      sqlite3_bind_text (dataset, 5, self->created->pdata[i], -1, SQLITE_STATIC);
      rc = bind_run (dataset);

      for (guint c = 0; c < sonde_table_get_n_columns (table) && rc == SQLITE_OK; c++)
        {
          SondeColumn *col = sonde_table_get_column (table, c);

          sqlite3_bind_text (column, 1, name, -1, SQLITE_STATIC);
          sqlite3_bind_int (column, 2, (int) c);
          sqlite3_bind_text (column, 3, sonde_column_get_name (col), -1, SQLITE_STATIC);
          sqlite3_bind_text (column, 4, sonde_column_type_to_string (sonde_column_get_column_type (col)), -1, SQLITE_STATIC);
          sqlite3_bind_text (column, 5, role_names[sonde_column_get_role (col)], -1, SQLITE_STATIC);
          sqlite3_bind_text (column, 6, sonde_column_get_unit (col), -1, SQLITE_STATIC);
          sqlite3_bind_text (column, 7, sonde_column_get_description (col), -1, SQLITE_STATIC);
          sqlite3_bind_text (column, 8, sonde_column_get_source (col), -1, SQLITE_STATIC);
          rc = bind_run (column);
        }
    }

  for (guint i = 0; i < self->journal->len && rc == SQLITE_OK; i++)
    {
      JournalEntry *entry = &g_array_index (self->journal, JournalEntry, i);

      sqlite3_bind_text (journal, 1, entry->time, -1, SQLITE_STATIC);
      sqlite3_bind_text (journal, 2, entry->action, -1, SQLITE_STATIC);
      sqlite3_bind_text (journal, 3, entry->detail, -1, SQLITE_STATIC);
      rc = bind_run (journal);
    }

  sqlite3_finalize (meta);
  sqlite3_finalize (dataset);
  sqlite3_finalize (column);
  sqlite3_finalize (journal);

  return rc;
}

static int
exec_sql (sqlite3    *db,
          const char *sql)
{
  return sqlite3_exec (db, sql, NULL, NULL, NULL);
}

/* Writes the whole project into the empty file @tmp. */
static gboolean
write_project (SondeProject  *self,
               const char    *tmp,
               const char    *display_name,
               const char    *folder,
               GCancellable  *cancellable,
               GError       **error)
{
  g_autoptr(GPtrArray) table_names = make_table_names (self);
  g_autoptr(GFile) tmp_file = g_file_new_for_path (tmp);
  g_autofree char *pragmas = NULL;
  sqlite3 *db = NULL;
  int rc;

  rc = sqlite3_open_v2 (tmp, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_extended_result_codes (db, 1);
      if (cancellable != NULL)
        sqlite3_progress_handler (db, 1000, cancel_handler, cancellable);
      pragmas = g_strdup_printf ("PRAGMA application_id = %d; PRAGMA user_version = %d;",
                                 PROJECT_APPLICATION_ID, SONDE_PROJECT_SCHEMA_VERSION);
      rc = exec_sql (db, "BEGIN");
      if (rc == SQLITE_OK)
        rc = exec_sql (db, pragmas);
      if (rc == SQLITE_OK)
        rc = exec_sql (db, create_schema);
      if (rc == SQLITE_OK)
        rc = exec_sql (db, "COMMIT");
    }
  if (rc != SQLITE_OK)
    {
      set_save_error (db, rc, display_name, folder, error);
      sqlite3_close (db);
      return FALSE;
    }
  sqlite3_close (db);
  db = NULL;

  for (guint i = 0; i < self->datasets->len; i++)
    {
      g_autoptr(SondeSqliteWriter) writer = sonde_sqlite_writer_new ();
      g_autoptr(GError) local_error = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      sonde_sqlite_writer_set_table_name (writer, table_names->pdata[i]);
      if (!sonde_sqlite_writer_write_file (writer, self->datasets->pdata[i], tmp_file, cancellable, &local_error))
        {
          if (g_error_matches (local_error, SONDE_ERROR, SONDE_ERROR_TOO_LARGE))
            set_errno_error (error, ENOSPC, display_name, folder);
          else if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            g_propagate_error (error, g_steal_pointer (&local_error));
          else
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                         _("%s cannot be saved: %s The previous version of the file was kept."),
                         display_name, local_error->message);
          return FALSE;
        }
      if (self->progress_func != NULL)
        self->progress_func ((double) (i + 1) / (self->datasets->len + 1), self->progress_data);
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  rc = sqlite3_open_v2 (tmp, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_extended_result_codes (db, 1);
      if (cancellable != NULL)
        sqlite3_progress_handler (db, 1000, cancel_handler, cancellable);
      rc = exec_sql (db, "BEGIN");
      if (rc == SQLITE_OK)
        rc = write_catalogue (self, db, table_names);
      if (rc == SQLITE_OK)
        rc = exec_sql (db, "COMMIT");
      else
        exec_sql (db, "ROLLBACK");
    }
  if (rc != SQLITE_OK)
    {
      set_save_error (db, rc, display_name, folder, error);
      sqlite3_close (db);
      return FALSE;
    }
  rc = sqlite3_close (db);
  if (rc != SQLITE_OK)
    return set_save_error (NULL, rc, display_name, folder, error);

  return TRUE;
}

static gboolean
sync_path (const char *path,
           int         flags)
{
  int fd = g_open (path, flags, 0);
  gboolean ok;

  if (fd < 0)
    return FALSE;
  ok = fsync (fd) == 0;
  if (!ok)
    {
      int saved = errno;

      close (fd);
      errno = saved;
      return FALSE;
    }

  return close (fd) == 0;
}

static void
remove_temporary (const char *tmp)
{
  g_autofree char *journal = g_strconcat (tmp, "-journal", NULL);

  g_unlink (tmp);
  g_unlink (journal);
}

/**
 * sonde_project_save:
 * @self: a #SondeProject
 * @file: a local file, created or replaced
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Saves the whole project into @file, atomically: the project is written
 * into a temporary file in the same folder, synced to disk and renamed
 * over @file. On any error or cancellation the temporary file is removed
 * and @file is left as it was. Blocks; run it in a worker thread from a
 * user interface.
 *
 * Returns: %TRUE on success, or %FALSE with @error set
 *   (%G_IO_ERROR_PERMISSION_DENIED for a read-only folder,
 *   %G_IO_ERROR_NO_SPACE for a full disk, %G_IO_ERROR_CANCELLED...).
 */
gboolean
sonde_project_save (SondeProject  *self,
                    GFile         *file,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autofree char *path = NULL;
  g_autofree char *basename = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *tmp = NULL;
  int fd;

  g_return_val_if_fail (SONDE_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  basename = g_file_get_basename (file);
  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("%s is not a local file; projects can only be saved on this computer."), basename);
      return FALSE;
    }
  folder = g_path_get_dirname (path);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  g_clear_pointer (&self->saving_at, g_free);
  self->saving_at = now_iso ();
  tmp = g_strconcat (path, ".XXXXXX", NULL);
  fd = g_mkstemp (tmp);
  if (fd < 0)
    {
      set_errno_error (error, errno, basename, folder);
      return FALSE;
    }
  close (fd);

  if (!write_project (self, tmp, basename, folder, cancellable, error))
    {
      remove_temporary (tmp);
      return FALSE;
    }

  if (!sync_path (tmp, O_RDWR))
    {
      set_errno_error (error, errno, basename, folder);
      remove_temporary (tmp);
      return FALSE;
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      remove_temporary (tmp);
      return FALSE;
    }

  if (g_rename (tmp, path) != 0)
    {
      set_errno_error (error, errno, basename, folder);
      remove_temporary (tmp);
      return FALSE;
    }

  /* Makes the rename itself durable; a failure here loses nothing. */
  sync_path (folder, O_RDONLY);

  self->file_version = SONDE_PROJECT_SCHEMA_VERSION;
  g_clear_pointer (&self->modified_at, g_free);
  self->modified_at = g_steal_pointer (&self->saving_at);
  if (self->progress_func != NULL)
    self->progress_func (1.0, self->progress_data);

  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Queries                                                              */
/* ------------------------------------------------------------------ */

typedef struct
{
  gboolean refused;
} Authorize;

static int
authorizer (void       *user_data,
            int         action,
            const char *arg1,
            const char *arg2,
            const char *db_name,
            const char *trigger)
{
  Authorize *a = user_data;

  switch (action)
    {
    case SQLITE_SELECT:
    case SQLITE_READ:
    case SQLITE_FUNCTION:
    case SQLITE_RECURSIVE:
      return SQLITE_OK;

    default:
      a->refused = TRUE;
      return SQLITE_DENY;
    }
}

/* The start of the statement at @sql, on one line, for messages. */
static char *
statement_excerpt (const char *sql)
{
  GString *out = g_string_new (NULL);
  gboolean space = FALSE;

  while (g_ascii_isspace (*sql))
    sql++;
  for (const char *p = sql; *p != '\0' && *p != ';'; p = g_utf8_next_char (p))
    {
      if (g_ascii_isspace (*p))
        {
          space = TRUE;
          continue;
        }
      if (g_utf8_strlen (out->str, -1) >= 40)
        {
          g_string_append (out, " …");
          break;
        }
      if (space && out->len > 0)
        g_string_append_c (out, ' ');
      space = FALSE;
      g_string_append_unichar (out, g_utf8_get_char (p));
    }

  return g_string_free (out, FALSE);
}

static void
set_syntax_error (sqlite3     *db,
                  const char  *sql,
                  const char  *display_name,
                  GError     **error)
{
  int offset = -1;

#if SQLITE_VERSION_NUMBER >= 3038000
  offset = sqlite3_error_offset (db);
#endif
  /* SQLite gives no offset for a statement cut short: point at its end. */
  if (offset < 0 && g_strcmp0 (sqlite3_errmsg (db), "incomplete input") == 0)
    offset = (int) strlen (sql);

  if (offset >= 0 && (gsize) offset <= strlen (sql))
    {
      const char *line_start = sql;
      guint line = 1;
      long column;

      for (const char *p = sql; p < sql + offset; p++)
        if (*p == '\n')
          {
            line++;
            line_start = p + 1;
          }
      column = g_utf8_validate (line_start, sql + offset - line_start, NULL)
               ? g_utf8_strlen (line_start, sql + offset - line_start)
               : sql + offset - line_start;

      g_set_error (error, SONDE_PROJECT_ERROR, SONDE_PROJECT_ERROR_QUERY,
                   /* Translators: file name, line and column in the query, then SQLite's message */
                   _("%s, query line %u, column %ld: %s."),
                   display_name, line, column + 1, sqlite3_errmsg (db));
    }
  else
    g_set_error (error, SONDE_PROJECT_ERROR, SONDE_PROJECT_ERROR_QUERY,
                 _("%s: the query cannot be run: %s."),
                 display_name, sqlite3_errmsg (db));
}

/* Prepares every statement of @sql under the authorizer: refusals and
 * syntax errors are found before anything runs. */
static gboolean
check_query (sqlite3     *db,
             const char  *sql,
             const char  *display_name,
             GError     **error)
{
  Authorize a = { FALSE };
  const char *next = sql;
  guint n_statements = 0;

  sqlite3_set_authorizer (db, authorizer, &a);

  while (*next != '\0')
    {
      const char *start = next;
      sqlite3_stmt *stmt = NULL;
      int rc;

      a.refused = FALSE;
      rc = sqlite3_prepare_v2 (db, start, -1, &stmt, &next);
      if (a.refused || (rc & 0xFF) == SQLITE_AUTH)
        {
          g_autofree char *excerpt = statement_excerpt (start);

          sqlite3_finalize (stmt);
          g_set_error (error, SONDE_PROJECT_ERROR, SONDE_PROJECT_ERROR_READ_ONLY,
                       _("Queries can only read the project: “%s” would change it."),
                       excerpt);
          return FALSE;
        }
      if (rc != SQLITE_OK)
        {
          switch (rc & 0xFF)
            {
            case SQLITE_ERROR:
              set_syntax_error (db, sql, display_name, error);
              break;

            default:
              set_open_error (db, rc, display_name, error);
              break;
            }
          sqlite3_finalize (stmt);
          return FALSE;
        }
      if (stmt != NULL)
        {
          n_statements++;
          if (!sqlite3_stmt_readonly (stmt))
            {
              g_autofree char *excerpt = statement_excerpt (start);

              sqlite3_finalize (stmt);
              g_set_error (error, SONDE_PROJECT_ERROR, SONDE_PROJECT_ERROR_READ_ONLY,
                           _("Queries can only read the project: “%s” would change it."),
                           excerpt);
              return FALSE;
            }
        }
      sqlite3_finalize (stmt);
      if (next == NULL)
        break;
    }

  if (n_statements == 0)
    {
      g_set_error (error, SONDE_PROJECT_ERROR, SONDE_PROJECT_ERROR_QUERY,
                   _("%s: the query is empty. Write a SELECT statement."), display_name);
      return FALSE;
    }
  if (n_statements > 1)
    {
      g_set_error (error, SONDE_PROJECT_ERROR, SONDE_PROJECT_ERROR_QUERY,
                   _("%s: the query holds more than one statement. Sonde runs one SELECT statement at a time."),
                   display_name);
      return FALSE;
    }

  return TRUE;
}

/**
 * sonde_project_query:
 * @project_file: a local .sonde file
 * @sql: one SELECT statement (or WITH … SELECT)
 * @cancellable: (nullable): a #GCancellable; cancelling interrupts the
 *   query
 * @error: return location for a #GError
 *
 * Runs @sql on the project in @project_file, read-only: the file is
 * opened with SQLITE_OPEN_READONLY and an authorizer refuses anything
 * but reading (DROP, INSERT, ATTACH, PRAGMA...). Syntax errors name the
 * line and column of @sql.
 *
 * Returns: (transfer full) (nullable): the result as a table named
 *   "query", or %NULL with @error set (%SONDE_PROJECT_ERROR_READ_ONLY,
 *   %SONDE_PROJECT_ERROR_QUERY, the errors of sonde_project_open(), or
 *   %G_IO_ERROR_CANCELLED).
 */
SondeTable *
sonde_project_query (GFile         *project_file,
                     const char    *sql,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autoptr(SondeSqliteReader) reader = NULL;
  g_autofree char *path = NULL;
  g_autofree char *basename = NULL;
  SondeTable *table;
  sqlite3 *db;
  int version = 0;
  gboolean ok;

  g_return_val_if_fail (G_IS_FILE (project_file), NULL);
  g_return_val_if_fail (sql != NULL, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  basename = g_file_get_basename (project_file);
  path = g_file_get_path (project_file);
  if (path == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("%s is not a local file; copy it to this computer first."), basename);
      return NULL;
    }

  /* No quick_check here: it reads the whole file, and a query may be
   * one of many on the same project. */
  db = open_checked (path, basename, FALSE, cancellable, &version, error);
  if (db == NULL)
    return NULL;
  ok = check_query (db, sql, basename, error);
  sqlite3_close (db);
  if (!ok)
    return NULL;

  /* The reader runs it on its own read-only connection, and checks
   * sqlite3_stmt_readonly() again. */
  reader = sonde_sqlite_reader_new ();
  sonde_sqlite_reader_set_query (reader, sql);
  table = sonde_sqlite_reader_read_file (reader, project_file, cancellable, error);
  if (table != NULL)
    sonde_table_set_name (table, "query");

  return table;
}

/* ------------------------------------------------------------------ */
/* Datasets and journal                                                 */
/* ------------------------------------------------------------------ */

static int
find_dataset (SondeProject *self,
              const char   *name)
{
  for (guint i = 0; i < self->datasets->len; i++)
    if (g_strcmp0 (sonde_table_get_name (self->datasets->pdata[i]), name) == 0)
      return (int) i;

  return -1;
}

/**
 * sonde_project_add_dataset:
 * @self: a #SondeProject
 * @table: a table with a name no other dataset of @self has
 * @error: return location for a #GError
 *
 * Adds @table (a reference, not a copy) as the last dataset, and notes it
 * in the journal.
 *
 * Returns: %TRUE, or %FALSE with %SONDE_ERROR_INVALID when the name is
 *   empty or taken.
 */
gboolean
sonde_project_add_dataset (SondeProject  *self,
                           SondeTable    *table,
                           GError       **error)
{
  const char *name;

  g_return_val_if_fail (SONDE_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (SONDE_IS_TABLE (table), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  name = sonde_table_get_name (table);
  if (name == NULL || *name == '\0')
    {
      g_set_error_literal (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                           _("A dataset needs a name to be added to the project."));
      return FALSE;
    }
  if (find_dataset (self, name) >= 0)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                   _("The project already has a dataset named “%s”. Rename one of them."), name);
      return FALSE;
    }

  g_ptr_array_add (self->datasets, g_object_ref (table));
  g_ptr_array_add (self->created, now_iso ());
  sonde_project_add_journal_entry (self, "add-dataset", name);

  return TRUE;
}

/**
 * sonde_project_remove_dataset:
 * @self: a #SondeProject
 * @name: a dataset's name
 *
 * Removes a dataset, and notes it in the journal.
 *
 * Returns: whether there was such a dataset.
 */
gboolean
sonde_project_remove_dataset (SondeProject *self,
                              const char   *name)
{
  int index;

  g_return_val_if_fail (SONDE_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  index = find_dataset (self, name);
  if (index < 0)
    return FALSE;

  sonde_project_add_journal_entry (self, "remove-dataset", name);
  g_ptr_array_remove_index (self->datasets, index);
  g_ptr_array_remove_index (self->created, index);

  return TRUE;
}

/**
 * sonde_project_list_datasets:
 * @self: a #SondeProject
 *
 * Returns: (transfer full): the names of the datasets, in order.
 */
GStrv
sonde_project_list_datasets (SondeProject *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (SONDE_IS_PROJECT (self), NULL);

  for (guint i = 0; i < self->datasets->len; i++)
    g_strv_builder_add (builder, sonde_table_get_name (self->datasets->pdata[i]));

  return g_strv_builder_end (builder);
}

/**
 * sonde_project_get_n_datasets:
 * @self: a #SondeProject
 *
 * Returns: the number of datasets.
 */
guint
sonde_project_get_n_datasets (SondeProject *self)
{
  g_return_val_if_fail (SONDE_IS_PROJECT (self), 0);

  return self->datasets->len;
}

/**
 * sonde_project_get_dataset:
 * @self: a #SondeProject
 * @name: a dataset's name
 *
 * Returns: (transfer none) (nullable): the dataset, or %NULL.
 */
SondeTable *
sonde_project_get_dataset (SondeProject *self,
                           const char   *name)
{
  int index;

  g_return_val_if_fail (SONDE_IS_PROJECT (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  index = find_dataset (self, name);

  return index >= 0 ? self->datasets->pdata[index] : NULL;
}

/**
 * sonde_project_load_dataset:
 * @self: a #SondeProject
 * @name: a dataset's name
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Gets a dataset, loading it if needed. Datasets are read when the
 * project opens for now, so this never blocks yet; callers should still
 * treat it as blocking, for the day loading becomes lazy.
 *
 * Returns: (transfer full) (nullable): the dataset, or %NULL with
 *   %SONDE_ERROR_INVALID when there is none of that name.
 */
SondeTable *
sonde_project_load_dataset (SondeProject  *self,
                            const char    *name,
                            GCancellable  *cancellable,
                            GError       **error)
{
  SondeTable *table;

  g_return_val_if_fail (SONDE_IS_PROJECT (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  table = sonde_project_get_dataset (self, name);
  if (table == NULL)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                   _("The project has no dataset named “%s”."), name);
      return NULL;
    }

  return g_object_ref (table);
}

/**
 * sonde_project_add_journal_entry:
 * @self: a #SondeProject
 * @action: a short machine name ("add-dataset", "import"...)
 * @detail: (nullable): what it was done to, for a person
 *
 * Adds a line, stamped with the current time, to the project's journal,
 * saved with the project.
 */
void
sonde_project_add_journal_entry (SondeProject *self,
                                 const char   *action,
                                 const char   *detail)
{
  JournalEntry entry;

  g_return_if_fail (SONDE_IS_PROJECT (self));
  g_return_if_fail (action != NULL);

  entry.time = now_iso ();
  entry.action = g_strdup (action);
  entry.detail = g_strdup (detail);
  g_array_append_val (self->journal, entry);
}

/**
 * sonde_project_get_n_journal_entries:
 * @self: a #SondeProject
 *
 * Returns: the number of lines in the journal.
 */
guint
sonde_project_get_n_journal_entries (SondeProject *self)
{
  g_return_val_if_fail (SONDE_IS_PROJECT (self), 0);

  return self->journal->len;
}

/**
 * sonde_project_get_file_schema_version:
 * @self: a #SondeProject
 *
 * Returns: the schema version of the file the project was opened from
 *   (older than %SONDE_PROJECT_SCHEMA_VERSION when it was migrated), or
 *   %SONDE_PROJECT_SCHEMA_VERSION for a new or saved project.
 */
int
sonde_project_get_file_schema_version (SondeProject *self)
{
  g_return_val_if_fail (SONDE_IS_PROJECT (self), 0);

  return self->file_version;
}

/**
 * sonde_project_get_created:
 * @self: a #SondeProject
 *
 * Returns: (transfer none): when the project was first made, ISO 8601 UTC.
 */
const char *
sonde_project_get_created (SondeProject *self)
{
  g_return_val_if_fail (SONDE_IS_PROJECT (self), NULL);

  return self->created_at;
}

/**
 * sonde_project_get_modified:
 * @self: a #SondeProject
 *
 * Returns: (transfer none) (nullable): when the project was last saved,
 *   ISO 8601 UTC, or %NULL if never.
 */
const char *
sonde_project_get_modified (SondeProject *self)
{
  g_return_val_if_fail (SONDE_IS_PROJECT (self), NULL);

  return self->modified_at;
}

/**
 * sonde_project_set_progress_func:
 * @self: a #SondeProject
 * @func: (nullable): a #SondeProgressFunc, or %NULL
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data when replaced or finalized
 *
 * Sets a function called by sonde_project_save() after each dataset
 * written, and with 1.0 at the end.
 */
void
sonde_project_set_progress_func (SondeProject      *self,
                                 SondeProgressFunc  func,
                                 gpointer           user_data,
                                 GDestroyNotify     destroy)
{
  g_return_if_fail (SONDE_IS_PROJECT (self));

  if (self->progress_destroy != NULL)
    self->progress_destroy (self->progress_data);

  self->progress_func = func;
  self->progress_data = user_data;
  self->progress_destroy = destroy;
}

/* ------------------------------------------------------------------ */
/* GObject                                                              */
/* ------------------------------------------------------------------ */

static void
journal_entry_clear (gpointer data)
{
  JournalEntry *entry = data;

  g_clear_pointer (&entry->time, g_free);
  g_clear_pointer (&entry->action, g_free);
  g_clear_pointer (&entry->detail, g_free);
}

static void
sonde_project_finalize (GObject *object)
{
  SondeProject *self = (SondeProject *)object;

  if (self->progress_destroy != NULL)
    self->progress_destroy (self->progress_data);

  g_clear_pointer (&self->datasets, g_ptr_array_unref);
  g_clear_pointer (&self->created, g_ptr_array_unref);
  g_clear_pointer (&self->journal, g_array_unref);
  g_clear_pointer (&self->created_at, g_free);
  g_clear_pointer (&self->modified_at, g_free);
  g_clear_pointer (&self->saving_at, g_free);

  G_OBJECT_CLASS (sonde_project_parent_class)->finalize (object);
}

static void
sonde_project_class_init (SondeProjectClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sonde_project_finalize;
}

static void
sonde_project_init (SondeProject *self)
{
  self->datasets = g_ptr_array_new_with_free_func (g_object_unref);
  self->created = g_ptr_array_new_with_free_func (g_free);
  self->journal = g_array_new (FALSE, TRUE, sizeof (JournalEntry));
  g_array_set_clear_func (self->journal, journal_entry_clear);
  self->created_at = now_iso ();
  self->file_version = SONDE_PROJECT_SCHEMA_VERSION;
}

/**
 * sonde_project_new:
 *
 * Creates an empty project, not yet saved.
 *
 * Returns: (transfer full): a new #SondeProject
 */
SondeProject *
sonde_project_new (void)
{
  return g_object_new (SONDE_TYPE_PROJECT, NULL);
}
