/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sonde-engine"

/* SondeSqliteWriter: writes a SondeTable into an SQLite database as a
 * typed table, for the Export action and `sonde-cli import --to`. The
 * database is created if missing; other tables in it are left alone.
 *
 * Column types: integers INTEGER, decimals REAL, texts and categories
 * TEXT, yes/no BOOLEAN (0 and 1), dates DATE and date-times DATETIME
 * (ISO 8601 texts, `2024-12-31` and `2024-12-31T23:59:59Z`, which
 * SQLite's date functions understand). The three last declared types
 * are what SondeSqliteReader maps back, so a table reads back the same.
 * Missing values are NULL.
 *
 * Everything happens in one transaction with one prepared INSERT, about
 * a million rows of a dozen columns a second: values are bound from the
 * columns' own arrays, dates written into a buffer on the stack, nothing
 * allocated per value. A failed or cancelled export leaves the database
 * as it was. SondeProject writes its datasets through
 * sonde_sqlite_writer_write_to_db() (sonde-sqlite-writer-private.h), on
 * its own connection and transaction. An existing table of the same name is an error,
 * unless :replace is set, in which case it is dropped and created again
 * inside the same transaction.
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <sqlite3.h>

#include "sonde-column-private.h"
#include "sonde-error.h"
#include "sonde-sqlite-writer-private.h"

struct _SondeSqliteWriter
{
  GObject            parent_instance;

  char              *table_name;
  gboolean           replace;

  SondeProgressFunc  progress_func;
  gpointer           progress_data;
  GDestroyNotify     progress_destroy;
};

G_DEFINE_FINAL_TYPE (SondeSqliteWriter, sonde_sqlite_writer, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TABLE_NAME,
  PROP_REPLACE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/**
 * sonde_sqlite_writer_make_table_name:
 * @name: (nullable): a table's name, often a file name ("notes 2024.csv")
 *
 * Makes a plain SQL name from @name: the extension dropped, characters
 * other than ASCII letters, digits and `_` replaced by `_`, and `t_` put
 * in front of a name that starts with a digit or with `sqlite_` (SQLite
 * keeps those). An empty result gives "data".
 *
 * Returns: (transfer full): the name, for example "notes_2024".
 */
char *
sonde_sqlite_writer_make_table_name (const char *name)
{
  g_autofree char *base = g_strdup (name != NULL ? name : "");
  char *dot = strrchr (base, '.');
  GString *out;

  if (dot != NULL && dot != base)
    *dot = '\0';

  out = g_string_new (NULL);
  for (const char *p = base; *p != '\0'; p++)
    g_string_append_c (out, g_ascii_isalnum (*p) || *p == '_' ? *p : '_');

  if (out->len == 0)
    g_string_assign (out, "data");
  else if (g_ascii_isdigit (out->str[0]) || g_ascii_strncasecmp (out->str, "sqlite_", 7) == 0)
    g_string_prepend (out, "t_");

  return g_string_free (out, FALSE);
}

/* See sonde-sqlite-writer-private.h. */
const char *
sonde_sqlite_writer_declared_type (SondeColumnType type)
{
  switch (type)
    {
    case SONDE_COLUMN_TYPE_INTEGER: return "INTEGER";
    case SONDE_COLUMN_TYPE_REAL: return "REAL";
    case SONDE_COLUMN_TYPE_BOOLEAN: return "BOOLEAN";
    case SONDE_COLUMN_TYPE_CATEGORICAL: return "TEXT";
    case SONDE_COLUMN_TYPE_TEXT: return "TEXT";
    case SONDE_COLUMN_TYPE_DATE: return "DATE";
    case SONDE_COLUMN_TYPE_DATETIME: return "DATETIME";
    default: g_assert_not_reached ();
    }
}

typedef struct
{
  const char  *display_name;
  sqlite3     *db;
} Write;

static gboolean
set_error (Write       *w,
           int          rc,
           const char  *doing,
           GError     **error)
{
  if ((rc & 0xFF) == SQLITE_BUSY || (rc & 0xFF) == SQLITE_LOCKED)
    g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                 _("%s is locked by another program that is using it. Close that program, or wait until it is done, and try again."),
                 w->display_name);
  else if ((rc & 0xFF) == SQLITE_NOTADB)
    g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                 _("%s exists but is not an SQLite database, or it is encrypted. Choose another file name."),
                 w->display_name);
  else if ((rc & 0xFF) == SQLITE_FULL)
    g_set_error (error, SONDE_ERROR, SONDE_ERROR_TOO_LARGE,
                 _("%s: the disk is full; nothing was written."),
                 w->display_name);
  else
    g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                 /* Translators: file name, what was being done, then SQLite's message */
                 _("%s: %s failed: %s. Nothing was written."),
                 w->display_name, doing, sqlite3_errmsg (w->db));

  return FALSE;
}

static gboolean
exec (Write       *w,
      const char  *sql,
      const char  *doing,
      GError     **error)
{
  int rc = sqlite3_exec (w->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return set_error (w, rc, doing, error);

  return TRUE;
}

/* What binding a column's values needs, looked up once per table: the
 * typed array, the missing bitmap, and the categories' labels. */
typedef struct
{
  SondeColumn      *column;
  SondeColumnType   type;
  gconstpointer     values;
  const guint64    *missing;   /* NULL when nothing is missing */
  const char      **labels;    /* categories */
  int              *lengths;
} Source;

static void
source_init (Source      *src,
             SondeColumn *column)
{
  src->column = column;
  src->type = sonde_column_get_column_type (column);
  src->values = _sonde_column_get_values (column);
  src->missing = _sonde_column_get_missing (column);
  if (src->type == SONDE_COLUMN_TYPE_CATEGORICAL)
    {
      guint n = sonde_column_get_n_categories (column);

      src->labels = g_new (const char *, MAX (n, 1));
      src->lengths = g_new (int, MAX (n, 1));
      for (guint i = 0; i < n; i++)
        {
          src->labels[i] = sonde_column_get_category_label (column, i);
          src->lengths[i] = (int) strlen (src->labels[i]);
        }
    }
}

static void
source_clear (Source *src)
{
  g_clear_pointer (&src->labels, g_free);
  g_clear_pointer (&src->lengths, g_free);
}

/* "2024-12-31" into @buf (11 bytes), for years 0 to 9999; FALSE
 * otherwise, and the caller formats it the slow way. */
static gboolean
format_date (gint32  days,
             char   *buf)
{
  int y, m, d;

  sonde_date_to_ymd (days, &y, &m, &d);
  if (y < 0 || y > 9999)
    return FALSE;
  buf[0] = (char) ('0' + y / 1000);
  buf[1] = (char) ('0' + y / 100 % 10);
  buf[2] = (char) ('0' + y / 10 % 10);
  buf[3] = (char) ('0' + y % 10);
  buf[4] = '-';
  buf[5] = (char) ('0' + m / 10);
  buf[6] = (char) ('0' + m % 10);
  buf[7] = '-';
  buf[8] = (char) ('0' + d / 10);
  buf[9] = (char) ('0' + d % 10);
  buf[10] = '\0';

  return TRUE;
}

static gboolean
bind_value (sqlite3_stmt *stmt,
            int           index,
            const Source *src,
            guint         row)
{
  int rc;

  if (_sonde_bitmap_get (src->missing, row))
    return sqlite3_bind_null (stmt, index) == SQLITE_OK;

  switch (src->type)
    {
    case SONDE_COLUMN_TYPE_INTEGER:
      rc = sqlite3_bind_int64 (stmt, index, ((const gint64 *) src->values)[row]);
      break;

    case SONDE_COLUMN_TYPE_REAL:
      rc = sqlite3_bind_double (stmt, index, ((const double *) src->values)[row]);
      break;

    case SONDE_COLUMN_TYPE_BOOLEAN:
      rc = sqlite3_bind_int (stmt, index, ((const guint8 *) src->values)[row] ? 1 : 0);
      break;

    case SONDE_COLUMN_TYPE_CATEGORICAL:
      {
        guint32 code = ((const guint32 *) src->values)[row];

        rc = sqlite3_bind_text (stmt, index, src->labels[code], src->lengths[code], SQLITE_STATIC);
      }
      break;

    case SONDE_COLUMN_TYPE_TEXT:
      rc = sqlite3_bind_text (stmt, index, sonde_column_get_text (src->column, row), -1, SQLITE_STATIC);
      break;

    case SONDE_COLUMN_TYPE_DATE:
      {
        char buf[16];

        if (format_date (((const gint32 *) src->values)[row], buf))
          rc = sqlite3_bind_text (stmt, index, buf, 10, SQLITE_TRANSIENT);
        else
          rc = sqlite3_bind_text (stmt, index, sonde_column_format_value (src->column, row), -1, g_free);
      }
      break;

    case SONDE_COLUMN_TYPE_DATETIME:
      rc = sqlite3_bind_text (stmt, index, sonde_column_format_value (src->column, row), -1, g_free);
      break;

    default:
      g_assert_not_reached ();
    }

  return rc == SQLITE_OK;
}

#define BATCH_ROWS 64

/* Prepares @head ("INSERT INTO t VALUES ") followed by @n_rows groups of
 * @n_columns parameters. */
static int
prepare_insert (sqlite3       *db,
                const char    *head,
                guint          n_columns,
                guint          n_rows,
                sqlite3_stmt **stmt)
{
  g_autoptr(GString) sql = g_string_new (head);

  for (guint r = 0; r < n_rows; r++)
    {
      g_string_append (sql, r > 0 ? ", (" : "(");
      for (guint c = 0; c < n_columns; c++)
        g_string_append (sql, c > 0 ? ", ?" : "?");
      g_string_append_c (sql, ')');
    }

  return sqlite3_prepare_v2 (db, sql->str, -1, stmt, NULL);
}

static gboolean
write_table (SondeSqliteWriter  *self,
             Write              *w,
             SondeTable         *table,
             const char         *name,
             GCancellable       *cancellable,
             GError            **error)
{
  guint n_columns = sonde_table_get_n_columns (table);
  guint n_rows = sonde_table_get_n_rows (table);
  g_autoptr(GString) create = g_string_new (NULL);
  g_autoptr(GString) insert = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;
  sqlite3_stmt *many = NULL;
  sqlite3_stmt *one = NULL;
  guint batch;
  Source *sources;
  gboolean ok = TRUE;
  char *quoted;
  int rc;

  /* Does the name exist? SQLite compares names without case. */
  rc = sqlite3_prepare_v2 (w->db, "SELECT type FROM sqlite_schema WHERE name = ?1 COLLATE NOCASE", -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return set_error (w, rc, _("reading the list of tables"), error);
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      g_autofree char *type = g_strdup ((const char *) sqlite3_column_text (stmt, 0));

      sqlite3_finalize (stmt);
      if (g_strcmp0 (type, "table") != 0)
        {
          g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                       _("%s already has a view or index named “%s”, which Sonde will not replace. Choose another table name."),
                       w->display_name, name);
          return FALSE;
        }
      if (!self->replace)
        {
          g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                       _("%s already has a table named “%s”. Choose another name, or choose to replace it."),
                       w->display_name, name);
          return FALSE;
        }
      quoted = sqlite3_mprintf ("DROP TABLE \"%w\"", name);
      if (!exec (w, quoted, _("removing the old table"), error))
        {
          sqlite3_free (quoted);
          return FALSE;
        }
      sqlite3_free (quoted);
    }
  else
    {
      sqlite3_finalize (stmt);
      if (rc != SQLITE_DONE)
        return set_error (w, rc, _("reading the list of tables"), error);
    }

  quoted = sqlite3_mprintf ("\"%w\"", name);
  g_string_append_printf (create, "CREATE TABLE %s (", quoted);
  g_string_append_printf (insert, "INSERT INTO %s VALUES ", quoted);
  sqlite3_free (quoted);
  for (guint c = 0; c < n_columns; c++)
    {
      SondeColumn *column = sonde_table_get_column (table, c);

      quoted = sqlite3_mprintf ("\"%w\"", sonde_column_get_name (column));
      g_string_append_printf (create, "%s%s %s", c > 0 ? ", " : "", quoted,
                              sonde_sqlite_writer_declared_type (sonde_column_get_column_type (column)));
      sqlite3_free (quoted);
    }
  g_string_append (create, ")");

  if (!exec (w, create->str, _("creating the table"), error))
    return FALSE;

  /* Rows go by batches of several rows per INSERT, which spares SQLite
   * most of the cost of running a statement (a third of the time with
   * one row each); the last rows go one by one. Parameters stay under
   * 999, the smallest limit SQLite was ever built with. */
  batch = n_columns > 0 ? MAX (1, MIN (BATCH_ROWS, 999 / n_columns)) : 1;
  if (n_columns == 0 || n_rows < batch)
    batch = 1;
  rc = prepare_insert (w->db, insert->str, n_columns, batch, &many);
  if (rc == SQLITE_OK)
    rc = prepare_insert (w->db, insert->str, n_columns, 1, &one);
  if (rc != SQLITE_OK)
    {
      sqlite3_finalize (many);
      return set_error (w, rc, _("preparing the rows"), error);
    }

  sources = g_new0 (Source, MAX (n_columns, 1));
  for (guint c = 0; c < n_columns; c++)
    source_init (&sources[c], sonde_table_get_column (table, c));

  for (guint r = 0, next_check = 0; r < n_rows && ok; )
    {
      guint k = n_rows - r >= batch ? batch : 1;

      stmt = k == batch ? many : one;
      if (r >= next_check)
        {
          next_check = r + 4096;
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            {
              ok = FALSE;
              break;
            }
          if (self->progress_func != NULL)
            self->progress_func ((double) r / n_rows, self->progress_data);
        }

      for (guint i = 0; i < k && ok; i++)
        for (guint c = 0; c < n_columns; c++)
          {
            if (!bind_value (stmt, (int) (i * n_columns + c + 1), &sources[c], r + i))
              {
                ok = set_error (w, sqlite3_errcode (w->db), _("writing a value"), error);
                break;
              }
          }
      if (!ok)
        break;

      rc = sqlite3_step (stmt);
      if (rc != SQLITE_DONE)
        {
          g_autofree char *doing = g_strdup_printf (_("writing row %u"), r + 1);

          ok = set_error (w, rc, doing, error);
          break;
        }
      /* Every parameter is bound again for the next rows: no need to
       * clear the bindings. */
      sqlite3_reset (stmt);
      r += k;
    }

  for (guint c = 0; c < n_columns; c++)
    source_clear (&sources[c]);
  g_free (sources);
  if (many != one)
    sqlite3_finalize (many);
  sqlite3_finalize (one);

  return ok;
}

/* See sonde-sqlite-writer-private.h: writes @table as the table named by
 * :table-name into @db, inside the caller's transaction. */
gboolean
sonde_sqlite_writer_write_to_db (SondeSqliteWriter  *self,
                                 sqlite3            *db,
                                 const char         *display_name,
                                 SondeTable         *table,
                                 GCancellable       *cancellable,
                                 GError            **error)
{
  Write w = { display_name, db };

  g_return_val_if_fail (SONDE_IS_SQLITE_WRITER (self), FALSE);
  g_return_val_if_fail (self->table_name != NULL, FALSE);

  return write_table (self, &w, table, self->table_name, cancellable, error);
}

/**
 * sonde_sqlite_writer_write_file:
 * @self: a #SondeSqliteWriter
 * @table: the table to write
 * @file: a local SQLite database file, created if missing
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Writes @table into @file as one typed table named by
 * #SondeSqliteWriter:table-name (by default, @table's name made into a
 * plain SQL name by sonde_sqlite_writer_make_table_name()). All or
 * nothing: on failure or cancellation the database is left as it was.
 *
 * Returns: %TRUE on success, or %FALSE with @error set (%SONDE_ERROR,
 *   %G_IO_ERROR domains). An existing table of that name gives
 *   %SONDE_ERROR_INVALID unless #SondeSqliteWriter:replace is set.
 */
gboolean
sonde_sqlite_writer_write_file (SondeSqliteWriter  *self,
                                SondeTable         *table,
                                GFile              *file,
                                GCancellable       *cancellable,
                                GError            **error)
{
  g_autofree char *path = NULL;
  g_autofree char *basename = NULL;
  g_autofree char *name = NULL;
  Write w = { 0 };
  int rc;

  g_return_val_if_fail (SONDE_IS_SQLITE_WRITER (self), FALSE);
  g_return_val_if_fail (SONDE_IS_TABLE (table), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  basename = g_file_get_basename (file);
  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("%s is not a local file; SQLite databases can only be written on this computer."),
                   basename);
      return FALSE;
    }

  if (self->table_name != NULL)
    {
      if (*self->table_name == '\0' || g_ascii_strncasecmp (self->table_name, "sqlite_", 7) == 0 ||
          !g_utf8_validate (self->table_name, -1, NULL))
        {
          g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                       _("“%s” cannot name a table: names must not be empty nor start with “sqlite_”."),
                       self->table_name);
          return FALSE;
        }
      name = g_strdup (self->table_name);
    }
  else
    name = sonde_sqlite_writer_make_table_name (sonde_table_get_name (table));

  w.display_name = basename;
  rc = sqlite3_open_v2 (path, &w.db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                   _("%s cannot be opened for writing: %s."),
                   basename, w.db != NULL ? sqlite3_errmsg (w.db) : sqlite3_errstr (rc));
      sqlite3_close (w.db);
      return FALSE;
    }
  sqlite3_extended_result_codes (w.db, 1);
  sqlite3_busy_timeout (w.db, 2000);

  if (!exec (&w, "BEGIN IMMEDIATE", _("starting the transaction"), error))
    {
      sqlite3_close (w.db);
      return FALSE;
    }

  if (!write_table (self, &w, table, name, cancellable, error) ||
      !exec (&w, "COMMIT", _("saving the changes"), error))
    {
      sqlite3_exec (w.db, "ROLLBACK", NULL, NULL, NULL);
      sqlite3_close (w.db);
      return FALSE;
    }

  sqlite3_close (w.db);
  if (self->progress_func != NULL)
    self->progress_func (1.0, self->progress_data);

  return TRUE;
}

/**
 * sonde_sqlite_writer_get_table_name:
 * @self: a #SondeSqliteWriter
 *
 * Returns: (transfer none) (nullable): the name of the table to write,
 *   or %NULL for a name made from the table's own.
 */
const char *
sonde_sqlite_writer_get_table_name (SondeSqliteWriter *self)
{
  g_return_val_if_fail (SONDE_IS_SQLITE_WRITER (self), NULL);

  return self->table_name;
}

/**
 * sonde_sqlite_writer_set_table_name:
 * @self: a #SondeSqliteWriter
 * @name: (nullable): the SQL table name, used as it is (quoted), or
 *   %NULL for a name made from the table's own
 *
 * Sets the name of the table to write.
 */
void
sonde_sqlite_writer_set_table_name (SondeSqliteWriter *self,
                                    const char        *name)
{
  g_return_if_fail (SONDE_IS_SQLITE_WRITER (self));

  if (g_strcmp0 (self->table_name, name) != 0)
    {
      g_free (self->table_name);
      self->table_name = g_strdup (name);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TABLE_NAME]);
    }
}

/**
 * sonde_sqlite_writer_get_replace:
 * @self: a #SondeSqliteWriter
 *
 * Returns: whether an existing table of the same name is replaced.
 */
gboolean
sonde_sqlite_writer_get_replace (SondeSqliteWriter *self)
{
  g_return_val_if_fail (SONDE_IS_SQLITE_WRITER (self), FALSE);

  return self->replace;
}

/**
 * sonde_sqlite_writer_set_replace:
 * @self: a #SondeSqliteWriter
 * @replace: whether to replace an existing table of the same name
 *
 * Sets whether an existing table is dropped and written again (in the
 * same transaction) instead of being an error.
 */
void
sonde_sqlite_writer_set_replace (SondeSqliteWriter *self,
                                 gboolean           replace)
{
  g_return_if_fail (SONDE_IS_SQLITE_WRITER (self));

  replace = !!replace;
  if (self->replace != replace)
    {
      self->replace = replace;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REPLACE]);
    }
}

/**
 * sonde_sqlite_writer_set_progress_func:
 * @self: a #SondeSqliteWriter
 * @func: (nullable): a #SondeProgressFunc, or %NULL
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data when replaced or when @self is
 *   finalized
 *
 * Sets a function called with the fraction of rows written.
 */
void
sonde_sqlite_writer_set_progress_func (SondeSqliteWriter *self,
                                       SondeProgressFunc  func,
                                       gpointer           user_data,
                                       GDestroyNotify     destroy)
{
  g_return_if_fail (SONDE_IS_SQLITE_WRITER (self));

  if (self->progress_destroy != NULL)
    self->progress_destroy (self->progress_data);

  self->progress_func = func;
  self->progress_data = user_data;
  self->progress_destroy = destroy;
}

static void
sonde_sqlite_writer_finalize (GObject *object)
{
  SondeSqliteWriter *self = (SondeSqliteWriter *)object;

  if (self->progress_destroy != NULL)
    self->progress_destroy (self->progress_data);

  g_clear_pointer (&self->table_name, g_free);

  G_OBJECT_CLASS (sonde_sqlite_writer_parent_class)->finalize (object);
}

static void
sonde_sqlite_writer_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  SondeSqliteWriter *self = SONDE_SQLITE_WRITER (object);

  switch (prop_id)
    {
    case PROP_TABLE_NAME:
      g_value_set_string (value, self->table_name);
      break;

    case PROP_REPLACE:
      g_value_set_boolean (value, self->replace);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sonde_sqlite_writer_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  SondeSqliteWriter *self = SONDE_SQLITE_WRITER (object);

  switch (prop_id)
    {
    case PROP_TABLE_NAME:
      sonde_sqlite_writer_set_table_name (self, g_value_get_string (value));
      break;

    case PROP_REPLACE:
      sonde_sqlite_writer_set_replace (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sonde_sqlite_writer_class_init (SondeSqliteWriterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sonde_sqlite_writer_finalize;
  object_class->get_property = sonde_sqlite_writer_get_property;
  object_class->set_property = sonde_sqlite_writer_set_property;

  /**
   * SondeSqliteWriter:table-name:
   *
   * The name of the table to write, or %NULL for one made from the
   * table's own name.
   */
  properties[PROP_TABLE_NAME] =
    g_param_spec_string ("table-name", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * SondeSqliteWriter:replace:
   *
   * Whether an existing table of the same name is replaced.
   */
  properties[PROP_REPLACE] =
    g_param_spec_boolean ("replace", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sonde_sqlite_writer_init (SondeSqliteWriter *self)
{
}

/**
 * sonde_sqlite_writer_new:
 *
 * Creates a writer of SQLite tables.
 *
 * Returns: (transfer full): a new #SondeSqliteWriter
 */
SondeSqliteWriter *
sonde_sqlite_writer_new (void)
{
  return g_object_new (SONDE_TYPE_SQLITE_WRITER, NULL);
}
