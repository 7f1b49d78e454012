/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sonde-engine"

/* SondeProject: a Sonde project (.sonde), its datasets and its journal,
 * and the file that holds them. A project is one SQLite database (pages
 * of 16 KiB), saved whole into a temporary file next to the target
 * (`NAME.sonde.XXXXXX.saving`), synced to disk, then renamed over the
 * target: until the rename the old file is untouched, so a failed,
 * cancelled or interrupted save leaves the last good state. Projects range from a class exercise of a few
 * hundred rows to datasets of ten million rows and a gigabyte on disk.
 *
 * Opening reads the catalogue only (the meta table, the journal, and per
 * dataset its name, source, row count and columns), so that it takes
 * milliseconds whatever the size; a whole-file PRAGMA quick_check is only
 * run on files up to QUICK_CHECK_MAX_BYTES, and damage in a larger file
 * is reported when the dataset that holds it is read. Rows are read on
 * demand: sonde_project_load_dataset_head() reads the first rows with a
 * LIMIT query and keeps nothing, sonde_project_load_dataset() reads a
 * whole dataset and keeps it. Both read with the catalogue's types (no
 * inference), on a connection of their own, so they may run in worker
 * threads: the dataset list is guarded by a mutex that is never held
 * while reading or writing the file.
 *
 * A save writes every dataset through one connection in one transaction
 * with journal_mode=OFF and synchronous=OFF (the temporary file is
 * fsynced and renamed only once complete, so a journal would protect
 * nothing). Datasets never loaded are copied from the project's own file,
 * ATTACHed read-only, by CREATE TABLE with the declared types
 * SondeSqliteWriter would use and INSERT ... SELECT. Table names are made
 * afresh at each save; the map from dataset to table is updated after the
 * rename, and loads that raced with it read again.
 *
 * A killed save leaves its temporary file behind. Opening and saving
 * remove such leftovers next to the project, and nothing else: only
 * regular files of ours named exactly `NAME.sonde.XXXXXX.saving` (six
 * letters or digits, as g_mkstemp() makes them, optionally followed by
 * `-journal`), last modified at least STALE_TEMPORARY_SECONDS ago, and on
 * which no process holds the flock() that a save holds on its temporary
 * file from creation to rename. The `.saving` suffix is there so that a
 * person's own `thesis.sonde.backup` can never match.
 *
 * The schema (version 2, `PRAGMA user_version` = 2, `PRAGMA
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
 *                    NULL, created TEXT, modified TEXT): the Clean pane's
 *                    pipelines, named after their dataset; steps is the
 *                    JSON of sonde_pipeline_to_data(), kept as text: a
 *                    pipeline that no longer parses still opens, and the
 *                    caller says so when it reads it. A dataset renamed
 *                    or removed leaves its pipeline as it is; the caller
 *                    renames or drops it.
 *   sonde_queries    (name TEXT PRIMARY KEY, sql TEXT NOT NULL, created
 *                    TEXT)
 *   sonde_models     (name TEXT PRIMARY KEY, dataset TEXT, kind TEXT,
 *                    parameters TEXT, data BLOB, created TEXT)
 *   sonde_dashboards (name TEXT PRIMARY KEY, layout TEXT NOT NULL,
 *                    created TEXT, modified TEXT)
 *   sonde_journal    (id INTEGER PRIMARY KEY, time TEXT NOT NULL, action
 *                    TEXT NOT NULL, detail TEXT)
 *   sonde_rules      (dataset TEXT NOT NULL, position INTEGER NOT NULL,
 *                    expression TEXT NOT NULL, PRIMARY KEY (dataset,
 *                    position)): the Quality pane's rules, in the
 *                    expression language, in order within each dataset
 *                    (position from 0) and over the project (rowid)
 * Models and dashboards are filled by later work.
 *
 * Versions: each change of the sonde_ tables adds one to
 * SONDE_PROJECT_SCHEMA_VERSION and a step to `migrations` below that
 * takes a file of the version before to it. Version 0 (development
 * files) had no unit nor description in sonde_columns and none of the
 * tables after it; version 1 had no sonde_rules. Opening an older file
 * migrates a copy of its catalogue in memory through the steps it lacks,
 * and sonde_project_get_file_schema_version() tells the version it had;
 * the file itself is only rewritten, in the current schema, by the next
 * save. A file of a newer schema is refused, never opened
 * half-understood, so a project saved by this version does not open in
 * a Sonde older than it.
 *
 * sonde_project_query() runs one SELECT on a project file through a
 * read-only connection with an authorizer that allows reading only.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "sonde-column-private.h"
#include "sonde-engine.h"
#include "sonde-error.h"
#include "sonde-project.h"
#include "sonde-query-private.h"
#include "sonde-reader-private.h"
#include "sonde-sqlite-writer-private.h"

#define PROJECT_APPLICATION_NAME "io.github.sonde.Sonde"
#define PROJECT_APPLICATION_ID   0x536F6E64

/* Above this size, opening skips PRAGMA quick_check, which reads the
 * whole file (about a second per 200 MB). */
#define QUICK_CHECK_MAX_BYTES    (64 * 1024 * 1024)

/* A temporary file younger than this is never removed, even unlocked:
 * it may belong to a save of an older Sonde that took no lock. */
#define STALE_TEMPORARY_SECONDS  60
#define TEMPORARY_SUFFIX         ".saving"

G_DEFINE_QUARK (sonde-project-error-quark, sonde_project_error)

typedef struct
{
  char *time;
  char *action;
  char *detail;
} JournalEntry;

/* One dataset: its catalogue entry, and its rows once read. */
typedef struct
{
  guint64     serial;   /* tells it apart from a later dataset of the same name */
  SondeTable *shell;    /* (nullable): the catalogue, columns without rows; set when read from a file */
  SondeTable *table;    /* (nullable): the rows, once loaded or added */
  char       *stored;   /* (nullable): its table in the project's file */
  guint       n_rows;   /* from the catalogue */
  char       *created;
} Dataset;

struct _SondeProject
{
  GObject            parent_instance;

  /* The lock guards datasets, file, generation and next_serial; it is
   * never held while the file is read or written. */
  GMutex             lock;
  GPtrArray         *datasets;   /* Dataset */
  GFile             *file;       /* (nullable): opened from or last saved to */
  guint              generation; /* changes when file and the stored names do */
  guint64            next_serial;

  GArray            *journal;    /* JournalEntry */
  GPtrArray         *query_names;  /* char*, the saved queries */
  GPtrArray         *query_sqls;   /* char*, their SQL */
  /* Replaced whole by the setters and never changed in place, under the
   * lock, so that a save takes a reference as its snapshot. */
  GPtrArray         *pipelines;    /* Pipeline */
  GPtrArray         *rules;        /* Rule */
  char              *created_at;
  char              *modified_at;
  char              *saving_at;    /* the modified time of a save under way */
  int                file_version;

  SondeProgressFunc  progress_func;
  gpointer           progress_data;
  GDestroyNotify     progress_destroy;
};

G_DEFINE_FINAL_TYPE (SondeProject, sonde_project, G_TYPE_OBJECT)

/* A saved pipeline, as sonde_pipelines holds it. */
typedef struct
{
  char *name;
  char *dataset;
  char *steps;     /* JSON text, not checked here */
  char *created;
  char *modified;
} Pipeline;

/* A rule of the Quality pane; its position is its rank in its dataset. */
typedef struct
{
  char *dataset;
  char *expression;
} Rule;

static void
pipeline_free (gpointer data)
{
  Pipeline *p = data;

  g_free (p->name);
  g_free (p->dataset);
  g_free (p->steps);
  g_free (p->created);
  g_free (p->modified);
  g_free (p);
}

static void
rule_free (gpointer data)
{
  Rule *r = data;

  g_free (r->dataset);
  g_free (r->expression);
  g_free (r);
}

/* ------------------------------------------------------------------ */
/* Schema                                                               */
/* ------------------------------------------------------------------ */

#define CREATE_LATER_TABLES \
  "CREATE TABLE sonde_pipelines (name TEXT PRIMARY KEY, dataset TEXT, steps TEXT NOT NULL, created TEXT, modified TEXT);" \
  "CREATE TABLE sonde_queries (name TEXT PRIMARY KEY, sql TEXT NOT NULL, created TEXT);" \
  "CREATE TABLE sonde_models (name TEXT PRIMARY KEY, dataset TEXT, kind TEXT, parameters TEXT, data BLOB, created TEXT);" \
  "CREATE TABLE sonde_dashboards (name TEXT PRIMARY KEY, layout TEXT NOT NULL, created TEXT, modified TEXT);" \
  "CREATE TABLE sonde_journal (id INTEGER PRIMARY KEY, time TEXT NOT NULL, action TEXT NOT NULL, detail TEXT);"

/* Version 2. */
#define CREATE_RULES_TABLE \
  "CREATE TABLE sonde_rules (dataset TEXT NOT NULL, position INTEGER NOT NULL, expression TEXT NOT NULL," \
  " PRIMARY KEY (dataset, position));"

static const char create_schema[] =
  "CREATE TABLE sonde_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
  "CREATE TABLE sonde_datasets (name TEXT PRIMARY KEY, table_name TEXT NOT NULL UNIQUE, source TEXT,"
  " rows INTEGER NOT NULL, created TEXT NOT NULL);"
  "CREATE TABLE sonde_columns (dataset TEXT NOT NULL, position INTEGER NOT NULL, name TEXT NOT NULL,"
  " type TEXT NOT NULL, role TEXT NOT NULL, unit TEXT, description TEXT, source TEXT,"
  " PRIMARY KEY (dataset, position));"
  CREATE_LATER_TABLES
  CREATE_RULES_TABLE;

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
  { 2,
    CREATE_RULES_TABLE
    "INSERT OR REPLACE INTO sonde_meta VALUES ('schema_version', '2');" },
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

/* Reads the catalogue of @dataset: a table of its columns with their
 * names, types, roles, units, descriptions and sources, and no rows. */
static SondeTable *
read_shell (sqlite3     *db,
            const char  *dataset,
            const char  *display_name,
            GError     **error)
{
  g_autoptr(SondeTable) shell = sonde_table_new (dataset);
  sqlite3_stmt *stmt = NULL;
  guint n = 0;
  int rc;

  rc = sqlite3_prepare_v2 (db,
                           "SELECT position, name, type, role, unit, description, source FROM sonde_columns "
                           "WHERE dataset = ?1 ORDER BY position", -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      set_open_error (db, rc, display_name, error);
      return NULL;
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
      g_autoptr(SondeColumn) column = NULL;
      SondeColumnType type;

      if (position != (int) n || name == NULL || !g_utf8_validate (name, -1, NULL) ||
          !sonde_column_type_from_string (type_name, &type))
        {
          g_autofree char *detail = g_strdup_printf (_("the catalogue of “%s” does not match its table"), dataset);

          sqlite3_finalize (stmt);
          set_damaged (error, display_name, detail);
          return NULL;
        }
      n++;

      column = sonde_column_new (name, type);
      for (guint r = 0; r < G_N_ELEMENTS (role_names); r++)
        if (g_strcmp0 (role_name, role_names[r]) == 0)
          sonde_column_set_role (column, (SondeColumnRole) r);
      sonde_column_set_unit (column, unit);
      sonde_column_set_description (column, description);
      sonde_column_set_source (column, source);
      if (!sonde_table_add_column (shell, column, NULL))
        {
          g_autofree char *detail = g_strdup_printf (_("the catalogue of “%s” does not match its table"), dataset);

          sqlite3_finalize (stmt);
          set_damaged (error, display_name, detail);
          return NULL;
        }
    }
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    {
      set_open_error (db, rc, display_name, error);
      return NULL;
    }

  return g_steal_pointer (&shell);
}

/* Whether the stored table @table_name of @db has @n_columns columns;
 * preparing a LIMIT 0 query reads the schema only. */
static gboolean
check_stored_table (sqlite3     *db,
                    const char  *dataset,
                    const char  *table_name,
                    guint        n_columns,
                    const char  *display_name,
                    GError     **error)
{
  char *sql = sqlite3_mprintf ("SELECT * FROM \"%w\" LIMIT 0", table_name);
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
  gboolean ok = rc == SQLITE_OK && (guint) sqlite3_column_count (stmt) == n_columns;

  sqlite3_free (sql);
  if (!ok)
    {
      g_autofree char *detail = NULL;

      if (rc == SQLITE_OK)
        detail = g_strdup_printf (_("the catalogue of “%s” does not match its table"), dataset);
      else if ((rc & 0xFF) == SQLITE_ERROR)
        detail = g_strdup_printf (_("dataset “%s”: %s"), dataset, sqlite3_errmsg (db));
      if (detail != NULL)
        set_damaged (error, display_name, detail);
      else
        set_open_error (db, rc, display_name, error);
    }
  sqlite3_finalize (stmt);

  return ok;
}

/* A text value of the file as valid UTF-8 in @buf, or NULL. */
static const char *
stored_text (sqlite3_stmt  *stmt,
             int            index,
             gsize         *length,
             char         **to_free)
{
  const char *text = (const char *) sqlite3_column_text (stmt, index);
  int n = sqlite3_column_bytes (stmt, index);

  if (text == NULL)
    return NULL;
  if (memchr (text, '\0', (gsize) n) != NULL || !g_utf8_validate (text, n, NULL))
    {
      *to_free = g_utf8_make_valid (text, (gssize) strnlen (text, (gsize) n));
      *length = strlen (*to_free);
      return *to_free;
    }
  *length = (gsize) n;

  return text;
}

/* Appends value @index of the current row to @column, read as @type. A
 * value of another storage class than SondeSqliteWriter writes (a file
 * edited by hand) is converted when it reads as @type, else missing. */
static void
append_stored (SondeColumn     *column,
               SondeColumnType  type,
               sqlite3_stmt    *stmt,
               int              index)
{
  int kind = sqlite3_column_type (stmt, index);
  g_autofree char *to_free = NULL;
  const char *text;
  gsize n = 0;

  if (kind == SQLITE_NULL)
    {
      sonde_column_append_missing (column);
      return;
    }

  switch (type)
    {
    case SONDE_COLUMN_TYPE_INTEGER:
      {
        gint64 v;
        double d;

        if (kind == SQLITE_INTEGER)
          {
            sonde_column_append_integer (column, sqlite3_column_int64 (stmt, index));
            return;
          }
        d = sqlite3_column_double (stmt, index);
        if (kind == SQLITE_FLOAT && d >= -9.2e18 && d <= 9.2e18 && d == (double) (gint64) d)
          sonde_column_append_integer (column, (gint64) d);
        else if (kind == SQLITE_TEXT && _sonde_parse_integer ((const char *) sqlite3_column_text (stmt, index), &v))
          sonde_column_append_integer (column, v);
        else
          sonde_column_append_missing (column);
      }
      return;

    case SONDE_COLUMN_TYPE_REAL:
      {
        double v;

        if (kind == SQLITE_INTEGER || kind == SQLITE_FLOAT)
          sonde_column_append_real (column, sqlite3_column_double (stmt, index));
        else if (kind == SQLITE_TEXT && _sonde_parse_real ((const char *) sqlite3_column_text (stmt, index), &v))
          sonde_column_append_real (column, v);
        else
          sonde_column_append_missing (column);
      }
      return;

    case SONDE_COLUMN_TYPE_BOOLEAN:
      {
        gboolean v;

        if (kind == SQLITE_INTEGER || kind == SQLITE_FLOAT)
          sonde_column_append_boolean (column, sqlite3_column_double (stmt, index) != 0);
        else if (kind == SQLITE_TEXT && _sonde_parse_boolean ((const char *) sqlite3_column_text (stmt, index), &v))
          sonde_column_append_boolean (column, v);
        else
          sonde_column_append_missing (column);
      }
      return;

    default:
      break;
    }

  text = stored_text (stmt, index, &n, &to_free);
  if (text == NULL)
    {
      sonde_column_append_missing (column);
      return;
    }

  switch (type)
    {
    case SONDE_COLUMN_TYPE_CATEGORICAL:
      sonde_column_append_category (column, text, (gssize) n);
      break;

    case SONDE_COLUMN_TYPE_TEXT:
      sonde_column_append_text (column, text, (gssize) n);
      break;

    case SONDE_COLUMN_TYPE_DATE:
      {
        gint32 days;

        if (sonde_reader_parse_date_iso (text, n, &days) || _sonde_parse_date (text, &days))
          sonde_column_append_date (column, days);
        else
          sonde_column_append_missing (column);
      }
      break;

    case SONDE_COLUMN_TYPE_DATETIME:
      {
        gint32 days;
        gint64 usec;

        if (sonde_reader_parse_date_iso (text, n, &days))
          sonde_column_append_datetime (column, (gint64) days * 86400 * G_USEC_PER_SEC);
        else if (_sonde_parse_datetime (text, &usec))
          sonde_column_append_datetime (column, usec);
        else
          sonde_column_append_missing (column);
      }
      break;

    default:
      g_assert_not_reached ();
    }
}

/* Reads up to @limit rows (G_MAXUINT: all, and then exactly @n_rows) of
 * the stored table @stored of the project file @path into a new table
 * with the columns of @shell. Opens its own read-only connection, so it
 * may run in any thread; cancelling @cancellable interrupts it. */
static SondeTable *
read_rows (const char    *path,
           const char    *display_name,
           SondeTable    *shell,
           const char    *stored,
           guint          n_rows,
           guint          limit,
           GCancellable  *cancellable,
           GError       **error)
{
  const char *name = sonde_table_get_name (shell);
  guint n_columns = sonde_table_get_n_columns (shell);
  guint want = MIN (n_rows, limit);
  g_autoptr(GPtrArray) columns = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree SondeColumnType *types = g_new0 (SondeColumnType, MAX (n_columns, 1));
  g_autoptr(SondeTable) table = NULL;
  sqlite3_stmt *stmt = NULL;
  sqlite3 *db = NULL;
  guint n = 0;
  char *sql;
  int rc;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  for (guint c = 0; c < n_columns; c++)
    {
      SondeColumn *model = sonde_table_get_column (shell, c);
      SondeColumn *column;

      types[c] = sonde_column_get_column_type (model);
      column = sonde_column_new (sonde_column_get_name (model), types[c]);
      sonde_column_set_role (column, sonde_column_get_role (model));
      sonde_column_set_unit (column, sonde_column_get_unit (model));
      sonde_column_set_description (column, sonde_column_get_description (model));
      sonde_column_set_source (column, sonde_column_get_source (model));
      sonde_column_reserve (column, want);
      g_ptr_array_add (columns, column);
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

  if (limit != G_MAXUINT)
    sql = sqlite3_mprintf ("SELECT * FROM \"%w\" LIMIT %u", stored, limit);
  else
    sql = sqlite3_mprintf ("SELECT * FROM \"%w\"", stored);
  rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
  sqlite3_free (sql);
  if (rc != SQLITE_OK || (guint) sqlite3_column_count (stmt) != n_columns)
    {
      if (rc == SQLITE_OK || (rc & 0xFF) == SQLITE_ERROR)
        {
          g_autofree char *detail = rc == SQLITE_OK
            ? g_strdup_printf (_("the catalogue of “%s” does not match its table"), name)
            : g_strdup_printf (_("dataset “%s”: %s"), name, sqlite3_errmsg (db));

          set_damaged (error, display_name, detail);
        }
      else
        set_open_error (db, rc, display_name, error);
      sqlite3_finalize (stmt);
      sqlite3_close (db);
      return NULL;
    }

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (n == want)
        break;   /* more rows than the catalogue says: caught below */
      for (guint c = 0; c < n_columns; c++)
        append_stored (columns->pdata[c], types[c], stmt, (int) c);
      n++;
    }

  /* More rows than the catalogue says: count them for the message. */
  if (rc == SQLITE_ROW && limit == G_MAXUINT)
    {
      do
        n++;
      while (n < G_MAXUINT && (rc = sqlite3_step (stmt)) == SQLITE_ROW);
    }

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      if (!g_cancellable_set_error_if_cancelled (cancellable, error))
        set_open_error (db, rc, display_name, error);
      sqlite3_finalize (stmt);
      sqlite3_close (db);
      return NULL;
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  if (limit == G_MAXUINT ? n != n_rows : n < want)
    {
      g_autofree char *detail = g_strdup_printf (_("dataset “%s” should have %lld rows but has %u"),
                                                 name, (long long) n_rows, n);

      set_damaged (error, display_name, detail);
      return NULL;
    }

  table = sonde_table_new (name);
  for (guint c = 0; c < n_columns; c++)
    {
      sonde_column_shrink (columns->pdata[c]);
      if (!sonde_table_add_column (table, columns->pdata[c], error))
        return NULL;
    }
  sonde_table_set_source (table, sonde_table_get_source (shell));

  return g_steal_pointer (&table);
}

/* A new table with the first @max_rows rows of @table and its metadata. */
static SondeTable *
copy_head (SondeTable *table,
           guint       max_rows)
{
  guint n_rows = MIN (max_rows, sonde_table_get_n_rows (table));
  SondeTable *head = sonde_table_new (sonde_table_get_name (table));

  for (guint c = 0; c < sonde_table_get_n_columns (table); c++)
    {
      SondeColumn *model = sonde_table_get_column (table, c);
      SondeColumnType type = sonde_column_get_column_type (model);
      g_autoptr(SondeColumn) column = sonde_column_new (sonde_column_get_name (model), type);

      sonde_column_set_role (column, sonde_column_get_role (model));
      sonde_column_set_unit (column, sonde_column_get_unit (model));
      sonde_column_set_description (column, sonde_column_get_description (model));
      sonde_column_set_source (column, sonde_column_get_source (model));
      sonde_column_reserve (column, n_rows);
      for (guint r = 0; r < n_rows; r++)
        {
          if (sonde_column_is_missing (model, r))
            {
              sonde_column_append_missing (column);
              continue;
            }
          switch (type)
            {
            case SONDE_COLUMN_TYPE_INTEGER:
              sonde_column_append_integer (column, sonde_column_get_integer (model, r));
              break;
            case SONDE_COLUMN_TYPE_REAL:
              sonde_column_append_real (column, sonde_column_get_real (model, r));
              break;
            case SONDE_COLUMN_TYPE_BOOLEAN:
              sonde_column_append_boolean (column, sonde_column_get_boolean (model, r));
              break;
            case SONDE_COLUMN_TYPE_CATEGORICAL:
              sonde_column_append_category (column, sonde_column_get_text (model, r), -1);
              break;
            case SONDE_COLUMN_TYPE_TEXT:
              sonde_column_append_text (column, sonde_column_get_text (model, r), -1);
              break;
            case SONDE_COLUMN_TYPE_DATE:
              sonde_column_append_date (column, sonde_column_get_date (model, r));
              break;
            case SONDE_COLUMN_TYPE_DATETIME:
              sonde_column_append_datetime (column, sonde_column_get_datetime (model, r));
              break;
            default:
              g_assert_not_reached ();
            }
        }
      g_assert_true (sonde_table_add_column (head, column, NULL));
    }
  sonde_table_set_source (head, sonde_table_get_source (table));

  return head;
}

static gboolean
read_project (SondeProject  *self,
              sqlite3       *db,
              sqlite3       *file_db,
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

  rc = sqlite3_prepare_v2 (db, "SELECT name, sql FROM sonde_queries ORDER BY rowid", -1, &stmt, NULL);
  while ((rc == SQLITE_OK || rc == SQLITE_ROW) && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_ptr_array_add (self->query_names, column_text (stmt, 0));
      g_ptr_array_add (self->query_sqls, column_text (stmt, 1));
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      set_open_error (db, rc, display_name, error);
      return FALSE;
    }

  /* The steps are kept as text, whether they parse or not: the caller
   * reads them with sonde_pipeline_new_from_data() and says what is wrong
   * with one that does not, and the project still opens. */
  rc = sqlite3_prepare_v2 (db, "SELECT name, dataset, steps, created, modified FROM sonde_pipelines ORDER BY rowid",
                           -1, &stmt, NULL);
  while ((rc == SQLITE_OK || rc == SQLITE_ROW) && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Pipeline *p = g_new0 (Pipeline, 1);

      p->name = column_text (stmt, 0);
      p->dataset = column_text (stmt, 1);
      p->steps = column_text (stmt, 2);
      p->created = column_text (stmt, 3);
      p->modified = column_text (stmt, 4);
      if (p->dataset == NULL)
        p->dataset = g_strdup ("");
      g_ptr_array_add (self->pipelines, p);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      set_open_error (db, rc, display_name, error);
      return FALSE;
    }

  rc = sqlite3_prepare_v2 (db, "SELECT dataset, expression FROM sonde_rules ORDER BY rowid", -1, &stmt, NULL);
  while ((rc == SQLITE_OK || rc == SQLITE_ROW) && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Rule *r = g_new0 (Rule, 1);

      r->dataset = column_text (stmt, 0);
      r->expression = column_text (stmt, 1);
      g_ptr_array_add (self->rules, r);
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
      g_autoptr(SondeTable) shell = NULL;
      Dataset *ds;

      if (name == NULL || table_name == NULL || !g_utf8_validate (name, -1, NULL))
        {
          sqlite3_finalize (stmt);
          set_damaged (error, display_name, _("a dataset has no name"));
          return FALSE;
        }
      if (rows < 0 || rows > G_MAXUINT)
        {
          g_autofree char *detail = g_strdup_printf (_("the catalogue of “%s” does not match its table"), name);

          sqlite3_finalize (stmt);
          set_damaged (error, display_name, detail);
          return FALSE;
        }

      shell = read_shell (db, name, display_name, error);
      /* Dataset tables never change with the schema, so they are checked
       * in the file even when the catalogue comes from a migrated copy. */
      if (shell == NULL ||
          !check_stored_table (file_db, name, table_name, sonde_table_get_n_columns (shell), display_name, error))
        {
          sqlite3_finalize (stmt);
          return FALSE;
        }
      sonde_table_set_source (shell, source);

      ds = g_new0 (Dataset, 1);
      ds->serial = ++self->next_serial;
      ds->shell = g_steal_pointer (&shell);
      ds->stored = g_strdup (table_name);
      ds->n_rows = (guint) rows;
      ds->created = column_text (stmt, 4);
      if (ds->created == NULL)
        ds->created = now_iso ();
      g_ptr_array_add (self->datasets, ds);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      set_open_error (db, rc, display_name, error);
      return FALSE;
    }

  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Leftovers of killed saves                                            */
/* ------------------------------------------------------------------ */

/* Whether @name is @base followed by ".XXXXXX.saving", the X as
 * g_mkstemp() fills them (letters and digits), with "-journal" after it
 * when @journal. */
static gboolean
is_temporary_name (const char *name,
                   const char *base,
                   gboolean    journal)
{
  gsize n = strlen (base);
  const char *rest;

  if (strncmp (name, base, n) != 0 || name[n] != '.')
    return FALSE;
  rest = name + n + 1;
  for (guint i = 0; i < 6; i++)
    if (!g_ascii_isalnum (rest[i]))
      return FALSE;

  return strcmp (rest + 6, journal ? TEMPORARY_SUFFIX "-journal" : TEMPORARY_SUFFIX) == 0;
}

/* Whether @path is a regular file of ours, not a link, last changed at
 * least STALE_TEMPORARY_SECONDS ago. */
static gboolean
is_old_own_file (const char *path)
{
  GStatBuf st;

  if (g_lstat (path, &st) != 0 || !S_ISREG (st.st_mode) || st.st_uid != geteuid ())
    return FALSE;

  return (gint64) st.st_mtime <= g_get_real_time () / G_USEC_PER_SEC - STALE_TEMPORARY_SECONDS;
}

/* Removes @path if no process holds the lock a save takes on its
 * temporary file; a killed process holds no lock. */
static gboolean
remove_if_unlocked (const char *path)
{
  int fd = g_open (path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC, 0);
  gboolean removed = FALSE;

  if (fd < 0)
    return FALSE;
  if (flock (fd, LOCK_EX | LOCK_NB) == 0)
    {
      removed = g_unlink (path) == 0;
      if (removed)
        g_debug ("Removed %s, left by a save that did not finish", path);
    }
  close (fd);

  return removed;
}

/* Removes what killed saves of the project @path left next to it (see
 * the opening comment for the rules). Failures are ignored: this is
 * tidying, never a reason to refuse to open or save. */
static void
remove_stale_temporaries (const char *path)
{
  g_autofree char *folder = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  g_autoptr(GPtrArray) journals = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (dir == NULL)
    return;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *candidate = NULL;

      if (is_temporary_name (name, base, TRUE))
        {
          g_ptr_array_add (journals, g_build_filename (folder, name, NULL));
          continue;
        }
      if (!is_temporary_name (name, base, FALSE))
        continue;
      candidate = g_build_filename (folder, name, NULL);
      if (is_old_own_file (candidate))
        remove_if_unlocked (candidate);
    }

  /* A journal goes with its file, once that is gone. */
  for (guint i = 0; i < journals->len; i++)
    {
      const char *journal = journals->pdata[i];
      g_autofree char *owner = g_strndup (journal, strlen (journal) - strlen ("-journal"));

      if (!g_file_test (owner, G_FILE_TEST_EXISTS) && is_old_own_file (journal))
        g_unlink (journal);
    }
}

/**
 * sonde_project_open:
 * @file: a local .sonde file
 * @error: return location for a #GError
 *
 * Opens a project and reads its catalogue: the names, row counts,
 * columns (names, types, roles, units, descriptions, sources) and
 * sources of its datasets, and its journal. Rows are read on demand by
 * sonde_project_load_dataset_head() and sonde_project_load_dataset(), so
 * opening takes milliseconds whatever the size. The file is only read:
 * a file of an older schema is migrated in memory, and written in the
 * current schema by the next save. Files up to 64 MiB are checked whole
 * (PRAGMA quick_check); damage in a larger one is reported when the
 * dataset that holds it is read.
 *
 * Also removes the temporary files that killed saves left next to @file
 * (`NAME.sonde.XXXXXX.saving`, older than a minute and locked by no
 * process); nothing else is ever removed.
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
  GStatBuf st;
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

  remove_stale_temporaries (path);

  db = open_checked (path, basename, g_stat (path, &st) != 0 || st.st_size <= QUICK_CHECK_MAX_BYTES,
                     NULL, &version, error);
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
  ok = read_project (self, catalogue, db, basename, error);

  if (catalogue != db)
    sqlite3_close (catalogue);
  sqlite3_close (db);

  if (!ok)
    return NULL;
  if (self->created_at == NULL)
    self->created_at = now_iso ();
  self->file = g_object_ref (file);

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

static const char *
dataset_name (const Dataset *ds)
{
  return sonde_table_get_name (ds->table != NULL ? ds->table : ds->shell);
}

/* The table whose columns and source the catalogue describes. */
static SondeTable *
dataset_model (const Dataset *ds)
{
  return ds->table != NULL ? ds->table : ds->shell;
}

static guint
dataset_n_rows (const Dataset *ds)
{
  return ds->table != NULL ? sonde_table_get_n_rows (ds->table) : ds->n_rows;
}

static void
dataset_free (gpointer data)
{
  Dataset *ds = data;

  g_clear_object (&ds->shell);
  g_clear_object (&ds->table);
  g_clear_pointer (&ds->stored, g_free);
  g_clear_pointer (&ds->created, g_free);
  g_free (ds);
}

/* A copy that holds its own references, for work done without the lock. */
static Dataset *
dataset_copy (const Dataset *ds)
{
  Dataset *copy = g_new0 (Dataset, 1);

  copy->serial = ds->serial;
  copy->shell = ds->shell != NULL ? g_object_ref (ds->shell) : NULL;
  copy->table = ds->table != NULL ? g_object_ref (ds->table) : NULL;
  copy->stored = g_strdup (ds->stored);
  copy->n_rows = ds->n_rows;
  copy->created = g_strdup (ds->created);

  return copy;
}

/* Table names for the datasets: plain SQL names, unique without case,
 * never in the sonde_ or sqlite_ spaces. */
static GPtrArray *
make_table_names (GPtrArray *datasets)
{
  g_autoptr(GHashTable) taken = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < datasets->len; i++)
    {
      g_autofree char *base = sonde_sqlite_writer_make_table_name (dataset_name (datasets->pdata[i]));
      char *name;

      if (g_ascii_strncasecmp (base, "sonde_", 6) == 0)
        {
          char *prefixed = g_strconcat ("d_", base, NULL);

          g_free (base);
          base = prefixed;
        }
      name = g_strdup (base);
      for (guint k = 2; ; k++)
        {
          g_autofree char *lower = g_ascii_strdown (name, -1);

          if (!g_hash_table_contains (taken, lower))
            break;
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

/* Writes the catalogue; @pipelines and @rules are the save's snapshot. */
static int
write_catalogue (SondeProject *self,
                 sqlite3      *db,
                 GPtrArray    *datasets,
                 GPtrArray    *table_names,
                 GPtrArray    *pipelines,
                 GPtrArray    *rules)
{
  const char *now = self->saving_at;
  sqlite3_stmt *meta = NULL, *dataset = NULL, *column = NULL, *journal = NULL, *query = NULL;
  sqlite3_stmt *pipeline = NULL, *rule = NULL;
  g_autoptr(GHashTable) positions = g_hash_table_new (g_str_hash, g_str_equal);
  int rc;

  rc = sqlite3_prepare_v2 (db, "INSERT INTO sonde_meta VALUES (?1, ?2)", -1, &meta, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (db, "INSERT INTO sonde_datasets VALUES (?1, ?2, ?3, ?4, ?5)", -1, &dataset, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (db, "INSERT INTO sonde_columns VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", -1, &column, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (db, "INSERT INTO sonde_journal (time, action, detail) VALUES (?1, ?2, ?3)", -1, &journal, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (db, "INSERT INTO sonde_queries (name, sql, created) VALUES (?1, ?2, ?3)", -1, &query, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (db, "INSERT INTO sonde_pipelines (name, dataset, steps, created, modified)"
                             " VALUES (?1, ?2, ?3, ?4, ?5)", -1, &pipeline, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (db, "INSERT INTO sonde_rules (dataset, position, expression) VALUES (?1, ?2, ?3)",
                             -1, &rule, NULL);

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

  for (guint i = 0; i < datasets->len && rc == SQLITE_OK; i++)
    {
      Dataset *ds = datasets->pdata[i];
      SondeTable *table = dataset_model (ds);
      const char *name = dataset_name (ds);

      sqlite3_bind_text (dataset, 1, name, -1, SQLITE_STATIC);
      sqlite3_bind_text (dataset, 2, table_names->pdata[i], -1, SQLITE_STATIC);
      sqlite3_bind_text (dataset, 3, sonde_table_get_source (table), -1, SQLITE_STATIC);
      sqlite3_bind_int64 (dataset, 4, dataset_n_rows (ds));
      sqlite3_bind_text (dataset, 5, ds->created, -1, SQLITE_STATIC);
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

  for (guint i = 0; i < self->query_names->len && rc == SQLITE_OK; i++)
    {
      sqlite3_bind_text (query, 1, self->query_names->pdata[i], -1, SQLITE_STATIC);
      sqlite3_bind_text (query, 2, self->query_sqls->pdata[i], -1, SQLITE_STATIC);
      sqlite3_bind_text (query, 3, now, -1, SQLITE_STATIC);
      rc = bind_run (query);
    }

  for (guint i = 0; i < pipelines->len && rc == SQLITE_OK; i++)
    {
      const Pipeline *p = pipelines->pdata[i];

      sqlite3_bind_text (pipeline, 1, p->name, -1, SQLITE_STATIC);
      sqlite3_bind_text (pipeline, 2, p->dataset, -1, SQLITE_STATIC);
      sqlite3_bind_text (pipeline, 3, p->steps, -1, SQLITE_STATIC);
      sqlite3_bind_text (pipeline, 4, p->created != NULL ? p->created : now, -1, SQLITE_STATIC);
      sqlite3_bind_text (pipeline, 5, p->modified != NULL ? p->modified : now, -1, SQLITE_STATIC);
      rc = bind_run (pipeline);
    }

  for (guint i = 0; i < rules->len && rc == SQLITE_OK; i++)
    {
      const Rule *r = rules->pdata[i];
      guint position = GPOINTER_TO_UINT (g_hash_table_lookup (positions, r->dataset));

      g_hash_table_insert (positions, r->dataset, GUINT_TO_POINTER (position + 1));
      sqlite3_bind_text (rule, 1, r->dataset, -1, SQLITE_STATIC);
      sqlite3_bind_int (rule, 2, (int) position);
      sqlite3_bind_text (rule, 3, r->expression, -1, SQLITE_STATIC);
      rc = bind_run (rule);
    }

  sqlite3_finalize (rule);
  sqlite3_finalize (pipeline);
  sqlite3_finalize (query);
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

/* Copies the dataset @ds, not loaded, from the project file attached as
 * "sonde_old" into the table @table_name, declared as SondeSqliteWriter
 * declares it. */
static int
copy_stored (sqlite3        *db,
             const Dataset  *ds,
             const char     *table_name,
             gboolean       *count_ok)
{
  g_autoptr(GString) create = g_string_new (NULL);
  char *quoted;
  int rc;

  quoted = sqlite3_mprintf ("CREATE TABLE main.\"%w\" (", table_name);
  g_string_append (create, quoted);
  sqlite3_free (quoted);
  for (guint c = 0; c < sonde_table_get_n_columns (ds->shell); c++)
    {
      SondeColumn *column = sonde_table_get_column (ds->shell, c);

      quoted = sqlite3_mprintf ("%s\"%w\" %s", c > 0 ? ", " : "", sonde_column_get_name (column),
                                sonde_sqlite_writer_declared_type (sonde_column_get_column_type (column)));
      g_string_append (create, quoted);
      sqlite3_free (quoted);
    }
  g_string_append (create, ")");

  rc = exec_sql (db, create->str);
  if (rc != SQLITE_OK)
    return rc;

  quoted = sqlite3_mprintf ("INSERT INTO main.\"%w\" SELECT * FROM sonde_old.\"%w\"", table_name, ds->stored);
  rc = exec_sql (db, quoted);
  sqlite3_free (quoted);
  *count_ok = rc == SQLITE_OK && sqlite3_changes64 (db) == (sqlite3_int64) ds->n_rows;

  return rc;
}

/* Writes the project, with the datasets @datasets (a snapshot) named
 * @table_names, into the empty file @tmp, through one connection and in
 * one transaction. Datasets not loaded are copied from @old_path. */
static gboolean
write_project (SondeProject  *self,
               GPtrArray     *datasets,
               GPtrArray     *table_names,
               GPtrArray     *pipelines,
               GPtrArray     *rules,
               const char    *old_path,
               const char    *tmp,
               const char    *display_name,
               const char    *folder,
               GCancellable  *cancellable,
               GError       **error)
{
  g_autofree char *pragmas = NULL;
  gboolean attached = FALSE;
  sqlite3 *db = NULL;
  int rc;

  rc = sqlite3_open_v2 (tmp, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI, NULL);
  if (rc != SQLITE_OK)
    {
      set_save_error (db, rc, display_name, folder, error);
      sqlite3_close (db);
      return FALSE;
    }
  sqlite3_extended_result_codes (db, 1);
  sqlite3_db_config (db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
  sqlite3_db_config (db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, NULL);
  if (cancellable != NULL)
    sqlite3_progress_handler (db, 1000, cancel_handler, cancellable);

  /* No journal and no syncs: the file is new, nobody else sees it, and
   * it is synced and renamed only once whole. Pages of 16 KiB and a
   * 64 MiB cache make fewer, larger writes. */
  pragmas = g_strdup_printf ("PRAGMA page_size = 16384; PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;"
                             "PRAGMA locking_mode = EXCLUSIVE; PRAGMA cache_size = -65536;"
                             "PRAGMA application_id = %d; PRAGMA user_version = %d;",
                             PROJECT_APPLICATION_ID, SONDE_PROJECT_SCHEMA_VERSION);
  rc = exec_sql (db, pragmas);
  if (rc == SQLITE_OK)
    rc = exec_sql (db, "BEGIN");
  if (rc == SQLITE_OK)
    rc = exec_sql (db, create_schema);

  for (guint i = 0; i < datasets->len && rc == SQLITE_OK; i++)
    {
      Dataset *ds = datasets->pdata[i];

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          sqlite3_close (db);
          return FALSE;
        }

      if (ds->table != NULL)
        {
          g_autoptr(SondeSqliteWriter) writer = sonde_sqlite_writer_new ();
          g_autoptr(GError) local_error = NULL;

          sonde_sqlite_writer_set_table_name (writer, table_names->pdata[i]);
          if (!sonde_sqlite_writer_write_to_db (writer, db, display_name, ds->table, cancellable, &local_error))
            {
              if (g_error_matches (local_error, SONDE_ERROR, SONDE_ERROR_TOO_LARGE))
                set_errno_error (error, ENOSPC, display_name, folder);
              else if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
                       g_cancellable_is_cancelled (cancellable))
                g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The save was cancelled."));
              else
                g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                             _("%s cannot be saved: %s The previous version of the file was kept."),
                             display_name, local_error->message);
              sqlite3_close (db);
              return FALSE;
            }
        }
      else
        {
          gboolean count_ok = FALSE;

          g_assert (ds->stored != NULL && old_path != NULL);
          if (!attached)
            {
              g_autofree char *uri = g_filename_to_uri (old_path, NULL, NULL);
              g_autofree char *ro = g_strconcat (uri, "?mode=ro", NULL);
              char *sql = sqlite3_mprintf ("ATTACH %Q AS sonde_old", ro);

              rc = exec_sql (db, sql);
              sqlite3_free (sql);
              if (rc != SQLITE_OK)
                {
                  g_autofree char *old_name = g_path_get_basename (old_path);

                  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                               /* Translators: the file saved, the project's own file, then SQLite's message */
                               _("%s cannot be saved: datasets not opened yet are read from %s, which cannot be read (%s). Put that file back, or open every dataset before saving; the previous version was kept."),
                               display_name, old_name, sqlite3_errmsg (db));
                  sqlite3_close (db);
                  return FALSE;
                }
              attached = TRUE;
            }
          rc = copy_stored (db, ds, table_names->pdata[i], &count_ok);
          if (rc == SQLITE_OK && !count_ok)
            {
              g_autofree char *old_name = g_path_get_basename (old_path);
              g_autofree char *detail = g_strdup_printf (_("dataset “%s” should have %lld rows but has %u"),
                                                         dataset_name (ds), (long long) ds->n_rows,
                                                         (guint) sqlite3_changes64 (db));

              set_damaged (error, old_name, detail);
              sqlite3_close (db);
              return FALSE;
            }
        }
      if (rc == SQLITE_OK && self->progress_func != NULL)
        self->progress_func ((double) (i + 1) / (datasets->len + 1), self->progress_data);
    }

  if (rc == SQLITE_OK && g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      sqlite3_close (db);
      return FALSE;
    }
  if (rc == SQLITE_OK)
    rc = write_catalogue (self, db, datasets, table_names, pipelines, rules);
  if (rc == SQLITE_OK)
    rc = exec_sql (db, "COMMIT");
  if (rc == SQLITE_OK && attached)
    rc = exec_sql (db, "DETACH sonde_old");
  if (rc != SQLITE_OK)
    {
      /* A project file that cannot be read while copying is reported
       * as what it is. */
      if (attached && ((rc & 0xFF) == SQLITE_CORRUPT || (rc & 0xFF) == SQLITE_NOTADB))
        {
          g_autofree char *old_name = g_path_get_basename (old_path);

          set_damaged (error, old_name, sqlite3_errmsg (db));
        }
      else
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
 * and @file is left as it was. Datasets not loaded are copied from the
 * file the project was opened from or last saved to, which may be @file
 * itself. On success sonde_project_get_file() returns @file. Also
 * removes the leftovers of killed saves of @file (see
 * sonde_project_open()). Blocks; run it in a worker thread from a user
 * interface, and save one project from one thread at a time.
 *
 * Returns: %TRUE on success, or %FALSE with @error set
 *   (%G_IO_ERROR_PERMISSION_DENIED for a read-only folder,
 *   %G_IO_ERROR_NO_SPACE for a full disk, %G_IO_ERROR_CANCELLED,
 *   %SONDE_PROJECT_ERROR_DAMAGED when a dataset to copy cannot be read
 *   from the project's file...).
 */
gboolean
sonde_project_save (SondeProject  *self,
                    GFile         *file,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autoptr(GPtrArray) datasets = g_ptr_array_new_with_free_func (dataset_free);
  g_autoptr(GPtrArray) table_names = NULL;
  g_autoptr(GPtrArray) pipelines = NULL;
  g_autoptr(GPtrArray) rules = NULL;
  g_autofree char *path = NULL;
  g_autofree char *basename = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *old_path = NULL;
  gboolean ok;
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

  /* What to write, taken under the lock; the writing is done without. */
  g_mutex_lock (&self->lock);
  for (guint i = 0; i < self->datasets->len; i++)
    g_ptr_array_add (datasets, dataset_copy (self->datasets->pdata[i]));
  old_path = self->file != NULL ? g_file_get_path (self->file) : NULL;
  pipelines = g_ptr_array_ref (self->pipelines);
  rules = g_ptr_array_ref (self->rules);
  g_mutex_unlock (&self->lock);
  table_names = make_table_names (datasets);

  remove_stale_temporaries (path);

  g_clear_pointer (&self->saving_at, g_free);
  self->saving_at = now_iso ();
  tmp = g_strconcat (path, ".XXXXXX" TEMPORARY_SUFFIX, NULL);
  fd = g_mkstemp (tmp);
  if (fd < 0)
    {
      set_errno_error (error, errno, basename, folder);
      return FALSE;
    }
  /* Held until the rename: tells remove_stale_temporaries() in other
   * processes that this file is in use. */
  flock (fd, LOCK_EX | LOCK_NB);
  /* g_mkstemp() makes the file private (0600): the saved project keeps
   * the permissions of the file it replaces, or gets the usual 0644. */
  {
    GStatBuf st;

    if (fchmod (fd, g_stat (path, &st) == 0 ? (st.st_mode & 07777) : 0644) != 0)
      g_debug ("Could not set the permissions of %s: %s", tmp, g_strerror (errno));
  }

  ok = write_project (self, datasets, table_names, pipelines, rules, old_path, tmp, basename, folder,
                      cancellable, error);

  if (ok && !sync_path (tmp, O_RDWR))
    {
      set_errno_error (error, errno, basename, folder);
      ok = FALSE;
    }

  if (ok && g_cancellable_set_error_if_cancelled (cancellable, error))
    ok = FALSE;

  if (ok && g_rename (tmp, path) != 0)
    {
      set_errno_error (error, errno, basename, folder);
      ok = FALSE;
    }

  if (!ok)
    {
      remove_temporary (tmp);
      close (fd);
      return FALSE;
    }
  close (fd);

  /* Makes the rename itself durable; a failure here loses nothing. */
  sync_path (folder, O_RDONLY);

  /* The file now holds every dataset of the snapshot under its new
   * name; loads that started before read again (see generation). */
  g_mutex_lock (&self->lock);
  g_set_object (&self->file, file);
  self->generation++;
  for (guint i = 0; i < self->datasets->len; i++)
    {
      Dataset *ds = self->datasets->pdata[i];

      g_clear_pointer (&ds->stored, g_free);
      for (guint k = 0; k < datasets->len; k++)
        if (((Dataset *) datasets->pdata[k])->serial == ds->serial)
          {
            ds->stored = g_strdup (table_names->pdata[k]);
            break;
          }
      /* Not in the file: only a dataset added during the save, which is
       * loaded. */
      g_assert (ds->stored != NULL || ds->table != NULL);
    }
  g_mutex_unlock (&self->lock);

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
  ok = sonde_query_check_sql (db, sql, basename, NULL, NULL, error);
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

/* The index of the dataset named @name, or -1. Called with the lock. */
static int
find_dataset (SondeProject *self,
              const char   *name)
{
  for (guint i = 0; i < self->datasets->len; i++)
    if (g_strcmp0 (dataset_name (self->datasets->pdata[i]), name) == 0)
      return (int) i;

  return -1;
}

static Dataset *
dataset_new_loaded (SondeProject *self,
                    SondeTable   *table,
                    char         *created)
{
  Dataset *ds = g_new0 (Dataset, 1);

  ds->serial = ++self->next_serial;
  ds->table = g_object_ref (table);
  ds->n_rows = sonde_table_get_n_rows (table);
  ds->created = created;

  return ds;
}

/**
 * sonde_project_add_dataset:
 * @self: a #SondeProject
 * @table: a table with a name no other dataset of @self has
 * @error: return location for a #GError
 *
 * Adds @table (a reference, not a copy) as the last dataset, loaded, and
 * notes it in the journal.
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

  g_mutex_lock (&self->lock);
  if (find_dataset (self, name) >= 0)
    {
      g_mutex_unlock (&self->lock);
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                   _("The project already has a dataset named “%s”. Rename one of them."), name);
      return FALSE;
    }
  g_ptr_array_add (self->datasets, dataset_new_loaded (self, table, now_iso ()));
  g_mutex_unlock (&self->lock);

  sonde_project_add_journal_entry (self, "add-dataset", name);

  return TRUE;
}

/**
 * sonde_project_set_datasets:
 * @self: a #SondeProject
 * @tables: (array length=n_tables): the datasets, each with a name
 * @n_tables: the number of @tables
 * @error: return location for a #GError
 *
 * Replaces all the datasets of @self with @tables, in that order, all
 * loaded (references, not copies). The journal, the project's creation
 * date and its file are kept; a dataset keeps its creation date when one
 * of the same name was there before. Nothing is added to the journal.
 * The application calls it before each save with the tables it shows.
 *
 * Returns: %TRUE, or %FALSE with %SONDE_ERROR_INVALID, and @self
 *   unchanged, when a table has no name or two share one.
 */
gboolean
sonde_project_set_datasets (SondeProject  *self,
                            SondeTable   **tables,
                            guint          n_tables,
                            GError       **error)
{
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) datasets = g_ptr_array_new_with_free_func (dataset_free);
  GPtrArray *old;

  g_return_val_if_fail (SONDE_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (tables != NULL || n_tables == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  for (guint i = 0; i < n_tables; i++)
    {
      const char *name;

      g_return_val_if_fail (SONDE_IS_TABLE (tables[i]), FALSE);
      name = sonde_table_get_name (tables[i]);
      if (name == NULL || *name == '\0')
        {
          g_set_error_literal (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                               _("A dataset needs a name to be added to the project."));
          return FALSE;
        }
      if (!g_hash_table_add (names, (gpointer) name))
        {
          g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                       _("The project already has a dataset named “%s”. Rename one of them."),
                       name);
          return FALSE;
        }
    }

  g_mutex_lock (&self->lock);
  for (guint i = 0; i < n_tables; i++)
    {
      int index = find_dataset (self, sonde_table_get_name (tables[i]));
      char *created = index >= 0 ? g_strdup (((Dataset *) self->datasets->pdata[index])->created) : now_iso ();

      g_ptr_array_add (datasets, dataset_new_loaded (self, tables[i], created));
    }
  old = self->datasets;
  self->datasets = g_steal_pointer (&datasets);
  g_mutex_unlock (&self->lock);

  g_ptr_array_unref (old);

  return TRUE;
}

/**
 * sonde_project_remove_dataset:
 * @self: a #SondeProject
 * @name: a dataset's name
 *
 * Removes a dataset, loaded or not, and notes it in the journal.
 *
 * Returns: whether there was such a dataset.
 */
gboolean
sonde_project_remove_dataset (SondeProject *self,
                              const char   *name)
{
  Dataset *removed = NULL;
  int index;

  g_return_val_if_fail (SONDE_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  g_mutex_lock (&self->lock);
  index = find_dataset (self, name);
  if (index >= 0)
    removed = g_ptr_array_steal_index (self->datasets, index);
  g_mutex_unlock (&self->lock);

  if (removed == NULL)
    return FALSE;

  sonde_project_add_journal_entry (self, "remove-dataset", name);
  /* @name may be the removed table's own. */
  dataset_free (removed);

  return TRUE;
}

/**
 * sonde_project_list_datasets:
 * @self: a #SondeProject
 *
 * Lists the datasets, loaded or not.
 *
 * Returns: (transfer full): the names of the datasets, in order.
 */
GStrv
sonde_project_list_datasets (SondeProject *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (SONDE_IS_PROJECT (self), NULL);

  g_mutex_lock (&self->lock);
  for (guint i = 0; i < self->datasets->len; i++)
    g_strv_builder_add (builder, dataset_name (self->datasets->pdata[i]));
  g_mutex_unlock (&self->lock);

  return g_strv_builder_end (builder);
}

/**
 * sonde_project_get_n_datasets:
 * @self: a #SondeProject
 *
 * Returns: the number of datasets, loaded or not.
 */
guint
sonde_project_get_n_datasets (SondeProject *self)
{
  guint n;

  g_return_val_if_fail (SONDE_IS_PROJECT (self), 0);

  g_mutex_lock (&self->lock);
  n = self->datasets->len;
  g_mutex_unlock (&self->lock);

  return n;
}

/**
 * sonde_project_get_dataset:
 * @self: a #SondeProject
 * @name: a dataset's name
 *
 * Gets a dataset that is loaded: added to the project, or read by
 * sonde_project_load_dataset(). A dataset of an opened project that was
 * not read yet gives %NULL; sonde_project_load_dataset() reads it.
 *
 * Returns: (transfer none) (nullable): the dataset, or %NULL when there
 *   is none of that name or it is not loaded yet.
 */
SondeTable *
sonde_project_get_dataset (SondeProject *self,
                           const char   *name)
{
  SondeTable *table = NULL;
  int index;

  g_return_val_if_fail (SONDE_IS_PROJECT (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  g_mutex_lock (&self->lock);
  index = find_dataset (self, name);
  if (index >= 0)
    table = ((Dataset *) self->datasets->pdata[index])->table;
  g_mutex_unlock (&self->lock);

  return table;
}

/**
 * sonde_project_is_dataset_loaded:
 * @self: a #SondeProject
 * @name: a dataset's name
 *
 * Returns: whether the dataset @name is in memory (added to the project
 *   or read by sonde_project_load_dataset()); %FALSE when there is none
 *   of that name.
 */
gboolean
sonde_project_is_dataset_loaded (SondeProject *self,
                                 const char   *name)
{
  return sonde_project_get_dataset (self, name) != NULL;
}

/**
 * sonde_project_get_dataset_n_rows:
 * @self: a #SondeProject
 * @name: a dataset's name
 *
 * Gets the number of rows of a dataset without reading it: from the
 * catalogue, or from the table once loaded.
 *
 * Returns: the number of rows, or 0 when there is no dataset @name.
 */
guint
sonde_project_get_dataset_n_rows (SondeProject *self,
                                  const char   *name)
{
  guint n = 0;
  int index;

  g_return_val_if_fail (SONDE_IS_PROJECT (self), 0);
  g_return_val_if_fail (name != NULL, 0);

  g_mutex_lock (&self->lock);
  index = find_dataset (self, name);
  if (index >= 0)
    n = dataset_n_rows (self->datasets->pdata[index]);
  g_mutex_unlock (&self->lock);

  return n;
}

/**
 * sonde_project_get_dataset_n_columns:
 * @self: a #SondeProject
 * @name: a dataset's name
 *
 * Gets the number of columns of a dataset without reading it.
 *
 * Returns: the number of columns, or 0 when there is no dataset @name.
 */
guint
sonde_project_get_dataset_n_columns (SondeProject *self,
                                     const char   *name)
{
  guint n = 0;
  int index;

  g_return_val_if_fail (SONDE_IS_PROJECT (self), 0);
  g_return_val_if_fail (name != NULL, 0);

  g_mutex_lock (&self->lock);
  index = find_dataset (self, name);
  if (index >= 0)
    n = sonde_table_get_n_columns (dataset_model (self->datasets->pdata[index]));
  g_mutex_unlock (&self->lock);

  return n;
}

/* Reads rows of the dataset @name from the project's file (@limit
 * G_MAXUINT: all). When @keep, a complete read is kept as the dataset's
 * table, and an already loaded table is returned as it is. A save that
 * renames the tables while reading makes it read again. */
static SondeTable *
read_dataset (SondeProject  *self,
              const char    *name,
              guint          limit,
              gboolean       keep,
              GCancellable  *cancellable,
              GError       **error)
{
  for (guint attempt = 0; ; attempt++)
    {
      g_autoptr(SondeTable) shell = NULL;
      g_autoptr(SondeTable) loaded = NULL;
      g_autoptr(SondeTable) table = NULL;
      g_autoptr(GError) local_error = NULL;
      g_autofree char *stored = NULL;
      g_autofree char *path = NULL;
      g_autofree char *basename = NULL;
      guint64 serial = 0;
      guint generation;
      guint n_rows = 0;
      int index;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;

      g_mutex_lock (&self->lock);
      index = find_dataset (self, name);
      if (index >= 0)
        {
          Dataset *ds = self->datasets->pdata[index];

          serial = ds->serial;
          if (ds->table != NULL)
            loaded = g_object_ref (ds->table);
          else
            {
              shell = g_object_ref (ds->shell);
              stored = g_strdup (ds->stored);
              n_rows = ds->n_rows;
              path = g_file_get_path (self->file);
              basename = g_file_get_basename (self->file);
            }
        }
      generation = self->generation;
      g_mutex_unlock (&self->lock);

      if (index < 0)
        {
          g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                       _("The project has no dataset named “%s”."), name);
          return NULL;
        }
      if (loaded != NULL)
        return keep ? g_steal_pointer (&loaded) : copy_head (loaded, limit);

      table = read_rows (path, basename, shell, stored, n_rows, limit, cancellable, &local_error);

      g_mutex_lock (&self->lock);
      if (self->generation != generation && attempt < 3)
        {
          /* The file was replaced while reading: read the new one. */
          g_mutex_unlock (&self->lock);
          continue;
        }
      if (table != NULL && keep)
        {
          index = find_dataset (self, name);
          if (index >= 0 && ((Dataset *) self->datasets->pdata[index])->serial == serial)
            {
              Dataset *ds = self->datasets->pdata[index];

              /* Another thread may have loaded it meanwhile: keep one. */
              if (ds->table == NULL)
                ds->table = g_object_ref (table);
              else
                g_set_object (&table, ds->table);
            }
        }
      g_mutex_unlock (&self->lock);

      if (table == NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));

      return g_steal_pointer (&table);
    }
}

/**
 * sonde_project_load_dataset_head:
 * @self: a #SondeProject
 * @name: a dataset's name
 * @max_rows: how many rows at most
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Reads the first @max_rows rows of a dataset, in stored order, into a
 * new table with the names, types, roles, units, descriptions and
 * sources of the catalogue: what a preview needs, with one LIMIT query
 * (milliseconds, whatever the dataset's size). It does not load the
 * dataset. A loaded dataset's first rows are copied from memory.
 * Thread-safe: may run in a worker thread while other threads use @self.
 *
 * Returns: (transfer full) (nullable): a new table of at most @max_rows
 *   rows, or %NULL with @error set (%SONDE_ERROR_INVALID when there is no
 *   dataset @name, %SONDE_PROJECT_ERROR_DAMAGED, %G_IO_ERROR_CANCELLED...).
 */
SondeTable *
sonde_project_load_dataset_head (SondeProject  *self,
                                 const char    *name,
                                 guint          max_rows,
                                 GCancellable  *cancellable,
                                 GError       **error)
{
  g_return_val_if_fail (SONDE_IS_PROJECT (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return read_dataset (self, name, MIN (max_rows, G_MAXUINT - 1), FALSE, cancellable, error);
}

/**
 * sonde_project_load_dataset:
 * @self: a #SondeProject
 * @name: a dataset's name
 * @cancellable: (nullable): a #GCancellable; cancelling interrupts the read
 * @error: return location for a #GError
 *
 * Gets a dataset, reading it from the project's file when it is not
 * loaded yet, and keeps it: later calls, and sonde_project_get_dataset(),
 * return the same table. Reading blocks (seconds for millions of rows):
 * call it from a worker thread, while the main thread may go on using
 * @self; the file is read without holding the project's lock.
 *
 * Returns: (transfer full) (nullable): the dataset, or %NULL with @error
 *   set: %SONDE_ERROR_INVALID when there is none of that name,
 *   %SONDE_PROJECT_ERROR_DAMAGED when its rows cannot be read,
 *   %G_IO_ERROR_CANCELLED.
 */
SondeTable *
sonde_project_load_dataset (SondeProject  *self,
                            const char    *name,
                            GCancellable  *cancellable,
                            GError       **error)
{
  g_return_val_if_fail (SONDE_IS_PROJECT (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return read_dataset (self, name, G_MAXUINT, TRUE, cancellable, error);
}

/**
 * sonde_project_get_file:
 * @self: a #SondeProject
 *
 * Gets the file the project was opened from or last saved to: where
 * datasets not loaded yet are read from. Call it from the thread that
 * saves.
 *
 * Returns: (transfer none) (nullable): the file, or %NULL for a project
 *   never saved.
 */
GFile *
sonde_project_get_file (SondeProject *self)
{
  GFile *file;

  g_return_val_if_fail (SONDE_IS_PROJECT (self), NULL);

  g_mutex_lock (&self->lock);
  file = self->file;
  g_mutex_unlock (&self->lock);

  return file;
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
/* Saved queries                                                        */
/* ------------------------------------------------------------------ */

/**
 * sonde_project_set_queries:
 * @names: (array zero-terminated=1) (nullable): the names of the saved
 *   queries, unique
 * @sqls: (array zero-terminated=1) (nullable): the SQL of each
 *
 * Replaces the project's saved queries (written by the next save). Pairs
 * stop at the first %NULL of either array; a repeated name keeps its
 * last SQL.
 */
void
sonde_project_set_queries (SondeProject       *self,
                           const char * const *names,
                           const char * const *sqls)
{
  g_return_if_fail (SONDE_IS_PROJECT (self));

  g_ptr_array_set_size (self->query_names, 0);
  g_ptr_array_set_size (self->query_sqls, 0);
  for (guint i = 0; names != NULL && sqls != NULL && names[i] != NULL && sqls[i] != NULL; i++)
    {
      guint found;

      if (g_ptr_array_find_with_equal_func (self->query_names, names[i], g_str_equal, &found))
        {
          g_free (self->query_sqls->pdata[found]);
          self->query_sqls->pdata[found] = g_strdup (sqls[i]);
          continue;
        }
      g_ptr_array_add (self->query_names, g_strdup (names[i]));
      g_ptr_array_add (self->query_sqls, g_strdup (sqls[i]));
    }
}

/**
 * sonde_project_get_queries:
 * @names: (out) (transfer full) (array zero-terminated=1): the names
 * @sqls: (out) (transfer full) (array zero-terminated=1): the SQL of each
 *
 * Gets the saved queries, in the order they were saved.
 */
void
sonde_project_get_queries (SondeProject   *self,
                           GStrv          *names,
                           GStrv          *sqls)
{
  g_return_if_fail (SONDE_IS_PROJECT (self));
  g_return_if_fail (names != NULL && sqls != NULL);

  *names = g_new0 (char *, self->query_names->len + 1);
  *sqls = g_new0 (char *, self->query_sqls->len + 1);
  for (guint i = 0; i < self->query_names->len; i++)
    {
      (*names)[i] = g_strdup (self->query_names->pdata[i]);
      (*sqls)[i] = g_strdup (self->query_sqls->pdata[i]);
    }
}

/* ------------------------------------------------------------------ */
/* Pipelines and rules                                                  */
/* ------------------------------------------------------------------ */

/**
 * sonde_project_set_pipelines:
 * @names: (array zero-terminated=1) (nullable): the names of the
 *   pipelines, unique (the Clean pane names a pipeline after its dataset)
 * @datasets: (array zero-terminated=1) (nullable): the dataset each
 *   applies to
 * @steps_json: (array zero-terminated=1) (nullable): the steps of each,
 *   the JSON text of sonde_pipeline_to_data()
 *
 * Replaces the project's pipelines (written by the next save). The
 * arrays are read in parallel up to the first %NULL of any of them; a
 * repeated name keeps its last dataset and steps. The JSON is stored as
 * it is, not checked: read it back with sonde_pipeline_new_from_data().
 * A pipeline keeps its creation time while its name stays, and its
 * modification time while its dataset and steps stay. Renaming or
 * removing a dataset does not touch its pipeline: that is the caller's.
 */
void
sonde_project_set_pipelines (SondeProject       *self,
                             const char * const *names,
                             const char * const *datasets,
                             const char * const *steps_json)
{
  g_autoptr(GPtrArray) pipelines = g_ptr_array_new_with_free_func (pipeline_free);
  g_autoptr(GPtrArray) old = NULL;
  g_autofree char *now = now_iso ();

  g_return_if_fail (SONDE_IS_PROJECT (self));

  g_mutex_lock (&self->lock);
  old = g_ptr_array_ref (self->pipelines);
  g_mutex_unlock (&self->lock);

  for (guint i = 0;
       names != NULL && datasets != NULL && steps_json != NULL &&
       names[i] != NULL && datasets[i] != NULL && steps_json[i] != NULL;
       i++)
    {
      Pipeline *p = NULL;
      const Pipeline *before = NULL;

      for (guint k = 0; k < pipelines->len && p == NULL; k++)
        if (strcmp (((Pipeline *) pipelines->pdata[k])->name, names[i]) == 0)
          p = pipelines->pdata[k];
      if (p == NULL)
        {
          p = g_new0 (Pipeline, 1);
          p->name = g_strdup (names[i]);
          g_ptr_array_add (pipelines, p);
        }
      set_str (&p->dataset, datasets[i]);
      set_str (&p->steps, steps_json[i]);

      for (guint k = 0; k < old->len && before == NULL; k++)
        if (strcmp (((Pipeline *) old->pdata[k])->name, names[i]) == 0)
          before = old->pdata[k];
      set_str (&p->created, before != NULL && before->created != NULL ? before->created : now);
      if (before != NULL && before->modified != NULL &&
          g_strcmp0 (before->dataset, p->dataset) == 0 && g_strcmp0 (before->steps, p->steps) == 0)
        set_str (&p->modified, before->modified);
      else
        set_str (&p->modified, now);
    }

  g_mutex_lock (&self->lock);
  g_ptr_array_unref (self->pipelines);
  self->pipelines = g_steal_pointer (&pipelines);
  g_mutex_unlock (&self->lock);
}

/**
 * sonde_project_get_pipelines:
 * @names: (out) (transfer full) (array zero-terminated=1): the names
 * @datasets: (out) (transfer full) (array zero-terminated=1): the dataset
 *   of each
 * @steps_json: (out) (transfer full) (array zero-terminated=1): the JSON
 *   of the steps of each
 *
 * Gets the pipelines, in the order they were set. The JSON is as it was
 * stored, even when it no longer parses (a file edited by hand, or a
 * step kind this Sonde does not know): sonde_pipeline_new_from_data()
 * on it tells what is wrong, for the caller to report.
 */
void
sonde_project_get_pipelines (SondeProject *self,
                             GStrv        *names,
                             GStrv        *datasets,
                             GStrv        *steps_json)
{
  g_autoptr(GPtrArray) pipelines = NULL;

  g_return_if_fail (SONDE_IS_PROJECT (self));
  g_return_if_fail (names != NULL && datasets != NULL && steps_json != NULL);

  g_mutex_lock (&self->lock);
  pipelines = g_ptr_array_ref (self->pipelines);
  g_mutex_unlock (&self->lock);

  *names = g_new0 (char *, pipelines->len + 1);
  *datasets = g_new0 (char *, pipelines->len + 1);
  *steps_json = g_new0 (char *, pipelines->len + 1);
  for (guint i = 0; i < pipelines->len; i++)
    {
      const Pipeline *p = pipelines->pdata[i];

      (*names)[i] = g_strdup (p->name);
      (*datasets)[i] = g_strdup (p->dataset);
      (*steps_json)[i] = g_strdup (p->steps);
    }
}

/**
 * sonde_project_set_rules:
 * @datasets: (array zero-terminated=1) (nullable): the dataset of each rule
 * @expressions: (array zero-terminated=1) (nullable): each rule, in the
 *   expression language of sonde-expr.h (`age between 0 and 120`)
 *
 * Replaces the project's rules (written by the next save). A dataset may
 * have several rules; their order is kept. The arrays are read in
 * parallel up to the first %NULL of either. The expressions are stored as
 * they are, not checked. Renaming or removing a dataset does not touch
 * its rules: that is the caller's.
 */
void
sonde_project_set_rules (SondeProject       *self,
                         const char * const *datasets,
                         const char * const *expressions)
{
  g_autoptr(GPtrArray) rules = g_ptr_array_new_with_free_func (rule_free);

  g_return_if_fail (SONDE_IS_PROJECT (self));

  for (guint i = 0; datasets != NULL && expressions != NULL && datasets[i] != NULL && expressions[i] != NULL; i++)
    {
      Rule *r = g_new0 (Rule, 1);

      r->dataset = g_strdup (datasets[i]);
      r->expression = g_strdup (expressions[i]);
      g_ptr_array_add (rules, r);
    }

  g_mutex_lock (&self->lock);
  g_ptr_array_unref (self->rules);
  self->rules = g_steal_pointer (&rules);
  g_mutex_unlock (&self->lock);
}

/**
 * sonde_project_get_rules:
 * @datasets: (out) (transfer full) (array zero-terminated=1): the dataset
 *   of each rule
 * @expressions: (out) (transfer full) (array zero-terminated=1): each rule
 *
 * Gets the rules, in the order they were set. A project saved before
 * rules were kept (schema version 1 or older) has none.
 */
void
sonde_project_get_rules (SondeProject *self,
                         GStrv        *datasets,
                         GStrv        *expressions)
{
  g_autoptr(GPtrArray) rules = NULL;

  g_return_if_fail (SONDE_IS_PROJECT (self));
  g_return_if_fail (datasets != NULL && expressions != NULL);

  g_mutex_lock (&self->lock);
  rules = g_ptr_array_ref (self->rules);
  g_mutex_unlock (&self->lock);

  *datasets = g_new0 (char *, rules->len + 1);
  *expressions = g_new0 (char *, rules->len + 1);
  for (guint i = 0; i < rules->len; i++)
    {
      const Rule *r = rules->pdata[i];

      (*datasets)[i] = g_strdup (r->dataset);
      (*expressions)[i] = g_strdup (r->expression);
    }
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
  g_clear_object (&self->file);
  g_mutex_clear (&self->lock);
  g_clear_pointer (&self->journal, g_array_unref);
  g_clear_pointer (&self->query_names, g_ptr_array_unref);
  g_clear_pointer (&self->query_sqls, g_ptr_array_unref);
  g_clear_pointer (&self->pipelines, g_ptr_array_unref);
  g_clear_pointer (&self->rules, g_ptr_array_unref);
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
  g_mutex_init (&self->lock);
  self->datasets = g_ptr_array_new_with_free_func (dataset_free);
  self->journal = g_array_new (FALSE, TRUE, sizeof (JournalEntry));
  g_array_set_clear_func (self->journal, journal_entry_clear);
  self->query_names = g_ptr_array_new_with_free_func (g_free);
  self->query_sqls = g_ptr_array_new_with_free_func (g_free);
  self->pipelines = g_ptr_array_new_with_free_func (pipeline_free);
  self->rules = g_ptr_array_new_with_free_func (rule_free);
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
