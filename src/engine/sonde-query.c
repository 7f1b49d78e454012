/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sonde-engine"

/* SondeQuery runs one read-only SQL statement on tables held in memory,
 * without copying them: each table is an SQLite virtual table (module
 * "sonde") on a private in-memory connection, whose cursor reads the
 * columns directly. This is how the Query pane sees the datasets as they
 * are now, saved or not.
 *
 * Safety: the module has no xUpdate, and an authorizer refuses anything
 * but reading before a statement runs, with a message that says so.
 * Errors carry the line and column in the SQL, also available as numbers
 * (sonde_query_get_error_position) so an editor can put its cursor there.
 *
 * Threads: sonde_query_add_table() takes a reference to each column at
 * that moment, in the thread that owns the table; columns never change
 * after they are made (a change of type replaces the column), so the
 * query can then run in a worker while the table is edited.
 *
 * Values as SQL sees them: integers and reals as such, booleans as 0/1,
 * categories and text as TEXT (categorical columns declared "TEXT
 * CATEGORICAL", so a result column taken from one stays categorical), dates as 'YYYY-MM-DD' and date-times as
 * ISO 8601 text (so SQLite's date functions work), missing as NULL.
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <sqlite3.h>

#include "sonde-error.h"
#include "sonde-project.h"
#include "sonde-query.h"
#include "sonde-query-private.h"
#include "sonde-reader-private.h"

/* How many virtual-machine steps between two looks at the cancellable. */
#define PROGRESS_OPS 1000

typedef struct
{
  char      *name;
  GPtrArray *columns;   /* SondeColumn */
  guint      n_rows;
} Snapshot;

struct _SondeQuery
{
  GObject    parent_instance;

  char      *sql;
  GPtrArray *tables;    /* Snapshot */
  guint      error_line;
  guint      error_column;
};

G_DEFINE_FINAL_TYPE (SondeQuery, sonde_query, G_TYPE_OBJECT)

static void
snapshot_free (gpointer data)
{
  Snapshot *s = data;

  g_free (s->name);
  g_ptr_array_unref (s->columns);
  g_free (s);
}

/* ------------------------------------------------------------------ */
/* The "sonde" virtual-table module                                     */
/* ------------------------------------------------------------------ */

typedef struct
{
  sqlite3_vtab  base;
  Snapshot     *snapshot;
} Vtab;

typedef struct
{
  sqlite3_vtab_cursor  base;
  guint                row;
  guint                n_rows;
} Cursor;

static const char *
declared_type (SondeColumnType type)
{
  switch (type)
    {
    case SONDE_COLUMN_TYPE_INTEGER: return "INTEGER";
    case SONDE_COLUMN_TYPE_REAL: return "REAL";
    case SONDE_COLUMN_TYPE_BOOLEAN: return "BOOLEAN";
    case SONDE_COLUMN_TYPE_DATE: return "DATE";
    case SONDE_COLUMN_TYPE_DATETIME: return "DATETIME";
    /* TEXT affinity; the word tells the reader of the result. */
    case SONDE_COLUMN_TYPE_CATEGORICAL: return "TEXT CATEGORICAL";
    case SONDE_COLUMN_TYPE_TEXT:
    default:
      return "TEXT";
    }
}

/* argv[3] is the index of the snapshot in the query's list. */
static int
vtab_connect (sqlite3             *db,
              void                *aux,
              int                  argc,
              const char * const  *argv,
              sqlite3_vtab       **out,
              char               **err)
{
  SondeQuery *self = aux;
  g_autoptr(GString) schema = g_string_new ("CREATE TABLE x(");
  Snapshot *snapshot;
  guint64 index;
  Vtab *vtab;
  int rc;

  if (argc != 4 || !g_ascii_string_to_unsigned (argv[3], 10, 0, self->tables->len - 1, &index, NULL))
    {
      *err = sqlite3_mprintf ("sonde: bad arguments");
      return SQLITE_ERROR;
    }
  snapshot = self->tables->pdata[index];

  for (guint c = 0; c < snapshot->columns->len; c++)
    {
      SondeColumn *column = snapshot->columns->pdata[c];
      char *part = sqlite3_mprintf ("%s\"%w\" %s", c > 0 ? ", " : "",
                                    sonde_column_get_name (column),
                                    declared_type (sonde_column_get_column_type (column)));

      g_string_append (schema, part);
      sqlite3_free (part);
    }
  g_string_append_c (schema, ')');

  rc = sqlite3_declare_vtab (db, schema->str);
  if (rc != SQLITE_OK)
    {
      *err = sqlite3_mprintf ("%s", sqlite3_errmsg (db));
      return rc;
    }

  vtab = sqlite3_malloc (sizeof *vtab);
  if (vtab == NULL)
    return SQLITE_NOMEM;
  memset (vtab, 0, sizeof *vtab);
  vtab->snapshot = snapshot;
  *out = &vtab->base;

  return SQLITE_OK;
}

static int
vtab_disconnect (sqlite3_vtab *vtab)
{
  sqlite3_free (vtab);
  return SQLITE_OK;
}

static int
vtab_best_index (sqlite3_vtab       *base,
                 sqlite3_index_info *info)
{
  Vtab *vtab = (Vtab *) base;

  /* Only full scans: SQLite filters the rows itself. */
  info->estimatedCost = (double) vtab->snapshot->n_rows + 1.0;
  info->estimatedRows = vtab->snapshot->n_rows;

  return SQLITE_OK;
}

static int
vtab_open (sqlite3_vtab         *base,
           sqlite3_vtab_cursor **out)
{
  Vtab *vtab = (Vtab *) base;
  Cursor *cursor = sqlite3_malloc (sizeof *cursor);

  if (cursor == NULL)
    return SQLITE_NOMEM;
  memset (cursor, 0, sizeof *cursor);
  cursor->n_rows = vtab->snapshot->n_rows;
  *out = &cursor->base;

  return SQLITE_OK;
}

static int
vtab_close (sqlite3_vtab_cursor *cursor)
{
  sqlite3_free (cursor);
  return SQLITE_OK;
}

static int
vtab_filter (sqlite3_vtab_cursor  *base,
             int                   idx_num,
             const char           *idx_str,
             int                   argc,
             sqlite3_value       **argv)
{
  ((Cursor *) base)->row = 0;
  return SQLITE_OK;
}

static int
vtab_next (sqlite3_vtab_cursor *base)
{
  ((Cursor *) base)->row++;
  return SQLITE_OK;
}

static int
vtab_eof (sqlite3_vtab_cursor *base)
{
  Cursor *cursor = (Cursor *) base;

  return cursor->row >= cursor->n_rows;
}

static int
vtab_column (sqlite3_vtab_cursor *base,
             sqlite3_context     *ctx,
             int                  i)
{
  Cursor *cursor = (Cursor *) base;
  Vtab *vtab = (Vtab *) base->pVtab;
  SondeColumn *column = vtab->snapshot->columns->pdata[i];
  guint row = cursor->row;

  if (sonde_column_is_missing (column, row))
    {
      sqlite3_result_null (ctx);
      return SQLITE_OK;
    }

  switch (sonde_column_get_column_type (column))
    {
    case SONDE_COLUMN_TYPE_INTEGER:
      sqlite3_result_int64 (ctx, sonde_column_get_integer (column, row));
      break;

    case SONDE_COLUMN_TYPE_REAL:
      sqlite3_result_double (ctx, sonde_column_get_real (column, row));
      break;

    case SONDE_COLUMN_TYPE_BOOLEAN:
      sqlite3_result_int (ctx, sonde_column_get_boolean (column, row) ? 1 : 0);
      break;

    case SONDE_COLUMN_TYPE_CATEGORICAL:
      sqlite3_result_text (ctx, sonde_column_get_category_label (column, sonde_column_get_code (column, row)),
                           -1, SQLITE_STATIC);
      break;

    case SONDE_COLUMN_TYPE_TEXT:
      sqlite3_result_text (ctx, sonde_column_get_text (column, row), -1, SQLITE_STATIC);
      break;

    case SONDE_COLUMN_TYPE_DATE:
    case SONDE_COLUMN_TYPE_DATETIME:
    default:
      sqlite3_result_text (ctx, sonde_column_format_value (column, row), -1, g_free);
      break;
    }

  return SQLITE_OK;
}

static int
vtab_rowid (sqlite3_vtab_cursor *base,
            sqlite3_int64       *rowid)
{
  *rowid = (sqlite3_int64) ((Cursor *) base)->row + 1;
  return SQLITE_OK;
}

static const sqlite3_module sonde_module = {
  .iVersion = 0,
  .xCreate = vtab_connect,
  .xConnect = vtab_connect,
  .xBestIndex = vtab_best_index,
  .xDisconnect = vtab_disconnect,
  .xDestroy = vtab_disconnect,
  .xOpen = vtab_open,
  .xClose = vtab_close,
  .xFilter = vtab_filter,
  .xNext = vtab_next,
  .xEof = vtab_eof,
  .xColumn = vtab_column,
  .xRowid = vtab_rowid,
};

/* ------------------------------------------------------------------ */
/* Checking a statement before it runs                                  */
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
                  guint       *out_line,
                  guint       *out_column,
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

      if (out_line != NULL)
        *out_line = line;
      if (out_column != NULL)
        *out_column = (guint) column + 1;

      if (display_name != NULL)
        g_set_error (error, SONDE_PROJECT_ERROR, SONDE_PROJECT_ERROR_QUERY,
                     /* Translators: file name, line and column in the query, then SQLite's message */
                     _("%s, query line %u, column %ld: %s."),
                     display_name, line, column + 1, sqlite3_errmsg (db));
      else
        g_set_error (error, SONDE_PROJECT_ERROR, SONDE_PROJECT_ERROR_QUERY,
                     /* Translators: line and column in the query, then SQLite's message */
                     _("Line %u, column %ld: %s."),
                     line, column + 1, sqlite3_errmsg (db));
    }
  else if (display_name != NULL)
    g_set_error (error, SONDE_PROJECT_ERROR, SONDE_PROJECT_ERROR_QUERY,
                 _("%s: the query cannot be run: %s."),
                 display_name, sqlite3_errmsg (db));
  else
    g_set_error (error, SONDE_PROJECT_ERROR, SONDE_PROJECT_ERROR_QUERY,
                 _("The query cannot be run: %s."), sqlite3_errmsg (db));
}

/*
 * sonde_query_check_sql:
 * @db: the connection the statement will run on
 * @sql: the statement
 * @display_name: (nullable): names the data in messages
 * @line: (out) (optional): where a syntax error is, from 1
 * @column: (out) (optional): its column, in characters from 1
 *
 * Prepares every statement of @sql under an authorizer that allows only
 * reading: refusals and syntax errors are found before anything runs.
 * Exactly one statement is accepted. Leaves no authorizer installed.
 */
gboolean
sonde_query_check_sql (sqlite3     *db,
                       const char  *sql,
                       const char  *display_name,
                       guint       *line,
                       guint       *column,
                       GError     **error)
{
  Authorize a = { FALSE };
  const char *next = sql;
  guint n_statements = 0;
  gboolean ok = FALSE;

  sqlite3_set_authorizer (db, authorizer, &a);

  while (*next != '\0')
    {
      const char *start = next;
      sqlite3_stmt *stmt = NULL;
      int rc;

      a.refused = FALSE;
      rc = sqlite3_prepare_v2 (db, start, -1, &stmt, &next);
      /* A virtual table without xUpdate refuses writes before the
       * authorizer sees them: "table x may not be modified". */
      if (a.refused || (rc & 0xFF) == SQLITE_AUTH || (stmt != NULL && !sqlite3_stmt_readonly (stmt))
          || (rc != SQLITE_OK && g_str_has_suffix (sqlite3_errmsg (db), "may not be modified")))
        {
          g_autofree char *excerpt = statement_excerpt (start);

          sqlite3_finalize (stmt);
          g_set_error (error, SONDE_PROJECT_ERROR, SONDE_PROJECT_ERROR_READ_ONLY,
                       _("Queries can only read the project: “%s” would change it."),
                       excerpt);
          goto out;
        }
      if (rc != SQLITE_OK)
        {
          if ((rc & 0xFF) == SQLITE_INTERRUPT)
            g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The query was cancelled."));
          else
            set_syntax_error (db, sql, display_name, line, column, error);
          sqlite3_finalize (stmt);
          goto out;
        }
      if (stmt != NULL)
        n_statements++;
      sqlite3_finalize (stmt);
      if (next == NULL)
        break;
    }

  if (n_statements == 0)
    {
      if (display_name != NULL)
        g_set_error (error, SONDE_PROJECT_ERROR, SONDE_PROJECT_ERROR_QUERY,
                     _("%s: the query is empty. Write a SELECT statement."), display_name);
      else
        g_set_error_literal (error, SONDE_PROJECT_ERROR, SONDE_PROJECT_ERROR_QUERY,
                             _("The query is empty. Write a SELECT statement."));
      goto out;
    }
  if (n_statements > 1)
    {
      if (display_name != NULL)
        g_set_error (error, SONDE_PROJECT_ERROR, SONDE_PROJECT_ERROR_QUERY,
                     _("%s: the query holds more than one statement. Sonde runs one SELECT statement at a time."),
                     display_name);
      else
        g_set_error_literal (error, SONDE_PROJECT_ERROR, SONDE_PROJECT_ERROR_QUERY,
                             _("The query holds more than one statement. Sonde runs one SELECT statement at a time."));
      goto out;
    }
  ok = TRUE;

out:
  sqlite3_set_authorizer (db, NULL, NULL);
  return ok;
}

/* ------------------------------------------------------------------ */
/* SondeQuery                                                           */
/* ------------------------------------------------------------------ */

static int
cancel_handler (void *user_data)
{
  return g_cancellable_is_cancelled (user_data) ? 1 : 0;
}

static void
sonde_query_finalize (GObject *object)
{
  SondeQuery *self = SONDE_QUERY (object);

  g_free (self->sql);
  g_ptr_array_unref (self->tables);

  G_OBJECT_CLASS (sonde_query_parent_class)->finalize (object);
}

static void
sonde_query_class_init (SondeQueryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sonde_query_finalize;
}

static void
sonde_query_init (SondeQuery *self)
{
  self->tables = g_ptr_array_new_with_free_func (snapshot_free);
}

/**
 * sonde_query_new:
 * @sql: one SELECT statement (or WITH … SELECT)
 *
 * Returns: (transfer full): a query to which tables are then added.
 */
SondeQuery *
sonde_query_new (const char *sql)
{
  SondeQuery *self;

  g_return_val_if_fail (sql != NULL, NULL);

  self = g_object_new (SONDE_TYPE_QUERY, NULL);
  self->sql = g_strdup (sql);

  return self;
}

/**
 * sonde_query_get_sql:
 *
 * Returns: (transfer none): the statement.
 */
const char *
sonde_query_get_sql (SondeQuery *self)
{
  g_return_val_if_fail (SONDE_IS_QUERY (self), NULL);

  return self->sql;
}

/**
 * sonde_query_add_table:
 * @table: a table, known to SQL by its name
 *
 * Makes @table readable by the query, as it is now: later changes to
 * @table are not seen. Call it in the thread that owns @table.
 */
void
sonde_query_add_table (SondeQuery *self,
                       SondeTable *table)
{
  Snapshot *snapshot;

  g_return_if_fail (SONDE_IS_QUERY (self));
  g_return_if_fail (SONDE_IS_TABLE (table));

  snapshot = g_new0 (Snapshot, 1);
  snapshot->name = g_strdup (sonde_table_get_name (table));
  snapshot->columns = g_ptr_array_new_with_free_func (g_object_unref);
  snapshot->n_rows = sonde_table_get_n_rows (table);
  for (guint c = 0; c < sonde_table_get_n_columns (table); c++)
    g_ptr_array_add (snapshot->columns, g_object_ref (sonde_table_get_column (table, c)));
  g_ptr_array_add (self->tables, snapshot);
}

static gboolean
set_up (SondeQuery  *self,
        sqlite3     *db,
        GError     **error)
{
  int rc = sqlite3_create_module_v2 (db, "sonde", &sonde_module, self, NULL);

  for (guint i = 0; rc == SQLITE_OK && i < self->tables->len; i++)
    {
      Snapshot *snapshot = self->tables->pdata[i];
      char *sql;
      char *message = NULL;

      if (snapshot->columns->len == 0)
        continue;
      sql = sqlite3_mprintf ("CREATE VIRTUAL TABLE temp.\"%w\" USING sonde(%u)", snapshot->name, i);
      rc = sqlite3_exec (db, sql, NULL, NULL, &message);
      sqlite3_free (sql);
      if (rc != SQLITE_OK)
        {
          g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                       /* Translators: a dataset name, then SQLite's message */
                       _("The dataset “%s” cannot be read by SQL: %s. SQL does not tell upper from lower case in names: rename the dataset or column that clashes."),
                       snapshot->name, message != NULL ? message : sqlite3_errmsg (db));
          sqlite3_free (message);
          return FALSE;
        }
    }
  if (rc != SQLITE_OK)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                   _("The query cannot be prepared: %s."), sqlite3_errmsg (db));
      return FALSE;
    }

  return TRUE;
}

/**
 * sonde_query_run:
 * @cancellable: (nullable): cancelling interrupts the query within a
 *   few thousand SQLite steps
 * @error: return location for a #GError
 *
 * Runs the statement on the tables added. Anything but reading is
 * refused (%SONDE_PROJECT_ERROR_READ_ONLY); a syntax error names its line
 * and column (%SONDE_PROJECT_ERROR_QUERY), also given by
 * sonde_query_get_error_position().
 *
 * Returns: (transfer full) (nullable): the result, a table named "query".
 */
SondeTable *
sonde_query_run (SondeQuery    *self,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autoptr(SondeTable) table = NULL;
  sqlite3_stmt *stmt = NULL;
  sqlite3 *db = NULL;
  int rc;

  g_return_val_if_fail (SONDE_IS_QUERY (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self->error_line = 0;
  self->error_column = 0;

  rc = sqlite3_open_v2 (":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_TOO_LARGE,
                   _("The query cannot be prepared: %s."), sqlite3_errstr (rc));
      sqlite3_close (db);
      return NULL;
    }
  sqlite3_extended_result_codes (db, 1);
  sqlite3_db_config (db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
  sqlite3_db_config (db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, NULL);
  if (cancellable != NULL)
    sqlite3_progress_handler (db, PROGRESS_OPS, cancel_handler, cancellable);

  if (!set_up (self, db, error)
      || !sonde_query_check_sql (db, self->sql, NULL, &self->error_line, &self->error_column, error))
    goto out;

  /* Checked: one read-only statement. The authorizer stays on while it
   * runs, so nothing can sneak in through a function. */
  {
    Authorize a = { FALSE };

    sqlite3_set_authorizer (db, authorizer, &a);
    rc = sqlite3_prepare_v2 (db, self->sql, -1, &stmt, NULL);
    if (rc != SQLITE_OK)
      {
        if ((rc & 0xFF) == SQLITE_INTERRUPT)
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The query was cancelled."));
        else
          set_syntax_error (db, self->sql, NULL, &self->error_line, &self->error_column, error);
        goto out;
      }
    table = sonde_sqlite_read_statement (stmt, _("Query"), cancellable, error);
    if (table == NULL && error != NULL && *error != NULL
        && (*error)->domain == SONDE_ERROR && g_cancellable_is_cancelled (cancellable))
      {
        g_clear_error (error);
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The query was cancelled."));
      }
    if (table != NULL)
      sonde_table_set_name (table, "query");
  }

out:
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return g_steal_pointer (&table);
}

static void
run_thread (GTask        *task,
            gpointer      source,
            gpointer      task_data,
            GCancellable *cancellable)
{
  GError *error = NULL;
  SondeTable *table = sonde_query_run (source, cancellable, &error);

  if (table == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, table, g_object_unref);
}

/**
 * sonde_query_run_async:
 *
 * Runs the query in a worker thread; see sonde_query_run().
 */
void
sonde_query_run_async (SondeQuery          *self,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SONDE_IS_QUERY (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sonde_query_run_async);
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, run_thread);
}

/**
 * sonde_query_run_finish:
 *
 * Returns: (transfer full) (nullable): the result of
 *   sonde_query_run_async().
 */
SondeTable *
sonde_query_run_finish (SondeQuery    *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * sonde_query_get_error_position:
 * @line: (out) (optional): the line of the last syntax error, from 1
 * @column: (out) (optional): its column, in characters from 1
 *
 * Returns: %TRUE when the last run failed at a known place in the SQL.
 */
gboolean
sonde_query_get_error_position (SondeQuery *self,
                                guint      *line,
                                guint      *column)
{
  g_return_val_if_fail (SONDE_IS_QUERY (self), FALSE);

  if (line != NULL)
    *line = self->error_line;
  if (column != NULL)
    *column = self->error_column;

  return self->error_line > 0;
}
