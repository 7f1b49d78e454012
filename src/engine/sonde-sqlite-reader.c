/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sonde-engine"

/* SondeSqliteReader: reads a table, a view or a query of an SQLite
 * database into a SondeTable, for the Import pane and `sonde-cli import`.
 * Databases range from a teacher's small exercise file to exports of a
 * few million rows; the result set is held once as typed values, then
 * turned into columns.
 *
 * The database is opened read-only (SQLITE_OPEN_READONLY, or from memory
 * with SQLITE_DESERIALIZE_READONLY), with the schema untrusted and the
 * defensive flag on, since files come from anywhere. A query must be a
 * single statement that sqlite3_stmt_readonly() accepts: Sonde reads,
 * it never changes a database behind the user's back. A syntax error
 * names the line and column of the query (sqlite3_error_offset()).
 *
 * Types follow the values' storage classes, helped by the declared type:
 *  - integers only: integer; but yes/no if the column is declared
 *    BOOLEAN and every value is 0 or 1 (that is how SondeSqliteWriter
 *    writes yes/no columns);
 *  - integers and reals: decimal number;
 *  - texts only: date if all are ISO dates (`2024-12-31`), date and time
 *    if all are dates or ISO date-times (`2024-12-31T23:59:59Z`, `T` or
 *    space, optional fraction and offset), else category by the rule of
 *    SondeCsvReader (at most a quarter of the values distinct, and at
 *    most 1000), else text;
 *  - BLOBs and mixed storage classes: text (BLOBs in hexadecimal, with a
 *    warning);
 *  - NULL only: the type the declared type says (BOOLEAN, DATE,
 *    DATETIME or TIMESTAMP, then SQLite's affinity rules), else text.
 * So a table written by SondeSqliteWriter reads back as the same table.
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <sqlite3.h>

#include "sonde-error.h"
#include "sonde-column-private.h"
#include "sonde-reader-private.h"
#include "sonde-sqlite-reader.h"

#define MAX_WARNINGS      1000
#define PROGRESS_OPS      10000

struct _SondeSqliteReader
{
  GObject            parent_instance;

  char              *table;
  char              *query;

  SondeProgressFunc  progress_func;
  gpointer           progress_data;
  GDestroyNotify     progress_destroy;

  GPtrArray         *warnings;
};

G_DEFINE_FINAL_TYPE (SondeSqliteReader, sonde_sqlite_reader, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TABLE,
  PROP_QUERY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ------------------------------------------------------------------ */
/* Values                                                               */
/* ------------------------------------------------------------------ */

typedef struct
{
  guint8 kind;   /* SQLITE_INTEGER, SQLITE_FLOAT, SQLITE_TEXT, SQLITE_BLOB, SQLITE_NULL */
  union
  {
    gint64      i;
    double      d;
    const char *s;
  } v;
} Value;

/* YYYY-MM-DD[T ]HH:MM[:SS[.f...]][Z|±HH[:]MM] */
static gboolean
parse_datetime (const char *s,
                gsize       n,
                gint64     *usec)
{
  gint32 days;
  int h, mi, sec = 0, oh = 0, om = 0;
  gint64 frac = 0;
  gsize i = 16;

  if (n < 16 || !sonde_reader_parse_date_iso (s, 10, &days) || (s[10] != 'T' && s[10] != ' ') ||
      s[13] != ':' || !sonde_reader_parse_digits (s + 11, 2, &h) ||
      !sonde_reader_parse_digits (s + 14, 2, &mi) || h > 23 || mi > 59)
    return FALSE;

  if (i < n && s[i] == ':')
    {
      if (n < 19 || !sonde_reader_parse_digits (s + 17, 2, &sec) || sec > 60)
        return FALSE;
      i = 19;
      if (i < n && s[i] == '.')
        {
          gint64 scale = 100000;
          guint count = 0;

          for (i++; i < n && g_ascii_isdigit (s[i]); i++, count++)
            {
              frac += (s[i] - '0') * scale;
              scale /= 10;
            }
          if (count == 0)
            return FALSE;
        }
    }

  if (i < n && s[i] == 'Z' && i + 1 == n)
    i = n;
  else if (i < n && (s[i] == '+' || s[i] == '-'))
    {
      int sign = s[i] == '-' ? -1 : 1;
      const char *o = s + i + 1;
      gsize rest = n - i - 1;

      if (!((rest == 5 && o[2] == ':' &&
             sonde_reader_parse_digits (o, 2, &oh) && sonde_reader_parse_digits (o + 3, 2, &om)) ||
            (rest == 4 &&
             sonde_reader_parse_digits (o, 2, &oh) && sonde_reader_parse_digits (o + 2, 2, &om)) ||
            (rest == 2 && sonde_reader_parse_digits (o, 2, &oh))) ||
          oh > 23 || om > 59)
        return FALSE;
      oh *= sign;
      om *= sign;
      i = n;
    }

  if (i != n)
    return FALSE;

  *usec = ((gint64) days * 86400 + (gint64) h * 3600 + mi * 60 + sec - (gint64) oh * 3600 - (gint64) om * 60) *
          G_USEC_PER_SEC + frac;
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Reading                                                              */
/* ------------------------------------------------------------------ */

typedef struct
{
  SondeSqliteReader *self;
  const char        *display_name;
  GCancellable      *cancellable;
  sqlite3           *db;
} Read;

static int
progress_handler (void *user_data)
{
  Read *r = user_data;

  return g_cancellable_is_cancelled (r->cancellable) ? 1 : 0;
}

static void
add_warning (Read *r,
             char *message)
{
  if (r->self->warnings->len < MAX_WARNINGS)
    g_ptr_array_add (r->self->warnings, message);
  else
    g_free (message);
}

/* The error for a failed SQLite call, by what a person can do about it. */
static void
set_sqlite_error (Read     *r,
                  int       rc,
                  GError  **error)
{
  const char *message = sqlite3_errmsg (r->db);

  switch (rc & 0xFF)
    {
    case SQLITE_NOTADB:
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_PARSE,
                   _("%s is not an SQLite database, or it is encrypted. Sonde reads plain SQLite files (.sqlite, .db); export an encrypted database without a password first."),
                   r->display_name);
      break;

    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                   _("%s is locked by another program that is writing to it. Close that program, or wait until it is done, and try again."),
                   r->display_name);
      break;

    case SQLITE_CORRUPT:
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_PARSE,
                   _("%s is a damaged SQLite database (%s). Try to repair it with the sqlite3 program’s .recover command."),
                   r->display_name, message);
      break;

    case SQLITE_INTERRUPT:
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The import was cancelled."));
      break;

    case SQLITE_NOMEM:
    case SQLITE_TOOBIG:
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_TOO_LARGE,
                   _("%s: the result is too large to hold in memory (%s)."),
                   r->display_name, message);
      break;

    default:
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_PARSE,
                   /* Translators: file name, then SQLite's own message */
                   _("%s cannot be read: %s."),
                   r->display_name, message);
      break;
    }
}

static void
configure_db (Read *r)
{
  sqlite3_extended_result_codes (r->db, 1);
  sqlite3_db_config (r->db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
  sqlite3_db_config (r->db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
  sqlite3_db_config (r->db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, NULL);
  sqlite3_busy_timeout (r->db, 2000);
  sqlite3_progress_handler (r->db, PROGRESS_OPS, progress_handler, r);
}

/* Table and view names, without SQLite's own. */
static GStrv
list_tables (Read     *r,
             GError  **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (r->db,
                           "SELECT name FROM sqlite_schema WHERE type IN ('table', 'view') "
                           "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY rowid",
                           -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (r, rc, error);
      return NULL;
    }

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *name = (const char *) sqlite3_column_text (stmt, 0);

      if (name != NULL && g_utf8_validate (name, -1, NULL))
        g_strv_builder_add (builder, name);
    }
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (r, rc, error);
      return NULL;
    }

  return g_strv_builder_end (builder);
}

static void
set_query_error (Read        *r,
                 const char  *sql,
                 GError     **error)
{
  int offset = sqlite3_error_offset (r->db);
  guint line = 1;
  const char *line_start = sql;

  if (offset < 0 || (gsize) offset > strlen (sql))
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_PARSE,
                   _("%s: the query cannot be run: %s."),
                   r->display_name, sqlite3_errmsg (r->db));
      return;
    }

  for (const char *p = sql; p < sql + offset; p++)
    {
      if (*p == '\n')
        {
          line++;
          line_start = p + 1;
        }
    }

  g_set_error (error, SONDE_ERROR, SONDE_ERROR_PARSE,
               /* Translators: file name, line and column in the query, then SQLite's message */
               _("%s, query line %u, column %ld: %s."),
               r->display_name, line,
               (long) (g_utf8_validate (line_start, sql + offset - line_start, NULL)
                       ? g_utf8_strlen (line_start, sql + offset - line_start) : sql + offset - line_start) + 1,
               sqlite3_errmsg (r->db));
}

static gboolean
is_blank_sql (const char *s)
{
  /* Spaces and comments only, as after the last statement of a query. */
  while (*s != '\0')
    {
      if (g_ascii_isspace (*s) || *s == ';')
        s++;
      else if (s[0] == '-' && s[1] == '-')
        {
          s = strchr (s, '\n');
          if (s == NULL)
            return TRUE;
        }
      else if (s[0] == '/' && s[1] == '*')
        {
          s = strstr (s + 2, "*/");
          if (s == NULL)
            return TRUE;
          s += 2;
        }
      else
        return FALSE;
    }

  return TRUE;
}

static sqlite3_stmt *
prepare (Read     *r,
         GError  **error)
{
  SondeSqliteReader *self = r->self;
  sqlite3_stmt *stmt = NULL;
  const char *tail = NULL;
  g_autofree char *sql = NULL;
  int rc;

  if (self->query != NULL)
    {
      if (is_blank_sql (self->query))
        {
          g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                       _("%s: the query is empty. Write a SELECT statement."),
                       r->display_name);
          return NULL;
        }

      rc = sqlite3_prepare_v2 (r->db, self->query, -1, &stmt, &tail);
      if (rc != SQLITE_OK)
        {
          switch (rc & 0xFF)
            {
            case SQLITE_NOTADB:
            case SQLITE_BUSY:
            case SQLITE_LOCKED:
            case SQLITE_CORRUPT:
            case SQLITE_NOMEM:
            case SQLITE_INTERRUPT:
            case SQLITE_IOERR:
            case SQLITE_CANTOPEN:
              set_sqlite_error (r, rc, error);
              break;

            default:
              set_query_error (r, self->query, error);
              break;
            }
          sqlite3_finalize (stmt);
          return NULL;
        }
      if (stmt == NULL || (tail != NULL && !is_blank_sql (tail)))
        {
          sqlite3_finalize (stmt);
          g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                       _("%s: the query holds more than one statement. Sonde runs one SELECT statement at a time."),
                       r->display_name);
          return NULL;
        }
      if (!sqlite3_stmt_readonly (stmt))
        {
          sqlite3_finalize (stmt);
          g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                       _("%s: the query would change the database. Sonde only reads: write a SELECT statement."),
                       r->display_name);
          return NULL;
        }

      return stmt;
    }

  if (self->table != NULL)
    {
      g_auto(GStrv) tables = list_tables (r, error);
      gboolean found = FALSE;

      if (tables == NULL)
        return NULL;

      for (guint i = 0; tables[i] != NULL && !found; i++)
        found = g_ascii_strcasecmp (tables[i], self->table) == 0;
      if (!found)
        {
          g_autofree char *list = g_strjoinv ("”, “", tables);

          if (tables[0] == NULL)
            g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                         _("%s has no table named “%s”; it has no tables at all."),
                         r->display_name, self->table);
          else
            g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                         /* Translators: file name, the table asked for, then the list of tables */
                         _("%s has no table or view named “%s”. Its tables are: “%s”."),
                         r->display_name, self->table, list);
          return NULL;
        }
      {
        char *s = sqlite3_mprintf ("SELECT * FROM \"%w\"", self->table);

        sql = g_strdup (s);
        sqlite3_free (s);
      }
    }
  else
    {
      g_auto(GStrv) tables = list_tables (r, error);
      char *s;

      if (tables == NULL)
        return NULL;
      if (tables[0] == NULL)
        {
          g_set_error (error, SONDE_ERROR, SONDE_ERROR_EMPTY,
                       _("%s is an SQLite database without any table."),
                       r->display_name);
          return NULL;
        }
      s = sqlite3_mprintf ("SELECT * FROM \"%w\"", tables[0]);
      sql = g_strdup (s);
      sqlite3_free (s);
    }

  rc = sqlite3_prepare_v2 (r->db, sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (r, rc, error);
      sqlite3_finalize (stmt);
      return NULL;
    }

  return stmt;
}

typedef struct
{
  char      *name;
  char      *decltype;   /* upper case, or NULL */
  GArray    *values;     /* Value */
  guint      counts[SQLITE_NULL + 1];
  gboolean   blob_warned;
} ColData;

static void
col_data_clear (ColData *cd)
{
  g_clear_pointer (&cd->name, g_free);
  g_clear_pointer (&cd->decltype, g_free);
  g_clear_pointer (&cd->values, g_array_unref);
}

static gboolean
decl_has (const ColData *cd,
          const char    *word)
{
  return cd->decltype != NULL && strstr (cd->decltype, word) != NULL;
}

/* SQLite's affinity rules (section 3.1 of its datatype page), plus the
 * declared types SondeSqliteWriter uses. */
static SondeColumnType
type_from_declaration (const ColData *cd)
{
  if (decl_has (cd, "BOOL"))
    return SONDE_COLUMN_TYPE_BOOLEAN;
  if (decl_has (cd, "CATEGORICAL"))
    return SONDE_COLUMN_TYPE_CATEGORICAL;
  if (decl_has (cd, "DATETIME") || decl_has (cd, "TIMESTAMP"))
    return SONDE_COLUMN_TYPE_DATETIME;
  if (decl_has (cd, "DATE"))
    return SONDE_COLUMN_TYPE_DATE;
  if (decl_has (cd, "INT"))
    return SONDE_COLUMN_TYPE_INTEGER;
  if (decl_has (cd, "CHAR") || decl_has (cd, "CLOB") || decl_has (cd, "TEXT") || decl_has (cd, "BLOB"))
    return SONDE_COLUMN_TYPE_TEXT;
  if (decl_has (cd, "REAL") || decl_has (cd, "FLOA") || decl_has (cd, "DOUB"))
    return SONDE_COLUMN_TYPE_REAL;
  return SONDE_COLUMN_TYPE_TEXT;
}

static SondeColumnType
infer_type (const ColData *cd)
{
  guint n_int = cd->counts[SQLITE_INTEGER];
  guint n_real = cd->counts[SQLITE_FLOAT];
  guint n_text = cd->counts[SQLITE_TEXT];
  guint present = n_int + n_real + n_text + cd->counts[SQLITE_BLOB];

  if (present == 0)
    return type_from_declaration (cd);

  if (n_int == present)
    {
      if (decl_has (cd, "BOOL"))
        {
          gboolean all_01 = TRUE;

          for (guint i = 0; i < cd->values->len && all_01; i++)
            {
              const Value *v = &g_array_index (cd->values, Value, i);

              all_01 = v->kind != SQLITE_INTEGER || v->v.i == 0 || v->v.i == 1;
            }
          if (all_01)
            return SONDE_COLUMN_TYPE_BOOLEAN;
        }
      return SONDE_COLUMN_TYPE_INTEGER;
    }

  if (n_int + n_real == present)
    return SONDE_COLUMN_TYPE_REAL;

  /* SondeQuery declares the categorical columns it shows SQL as such. */
  if (n_text == present && decl_has (cd, "CATEGORICAL"))
    return SONDE_COLUMN_TYPE_CATEGORICAL;

  if (n_text == present)
    {
      gboolean all_dates = TRUE, all_datetimes = TRUE;
      g_autoptr(GHashTable) labels = g_hash_table_new (g_str_hash, g_str_equal);
      guint limit = sonde_reader_category_limit (present);
      gboolean categorical = TRUE;

      for (guint i = 0; i < cd->values->len && (all_dates || all_datetimes); i++)
        {
          const Value *v = &g_array_index (cd->values, Value, i);
          gsize n;
          gint32 days;
          gint64 usec;

          if (v->kind != SQLITE_TEXT)
            continue;
          n = strlen (v->v.s);
          if (!sonde_reader_parse_date_iso (v->v.s, n, &days))
            {
              all_dates = FALSE;
              if (!parse_datetime (v->v.s, n, &usec))
                all_datetimes = FALSE;
            }
        }
      if (all_dates)
        return SONDE_COLUMN_TYPE_DATE;
      if (all_datetimes)
        return SONDE_COLUMN_TYPE_DATETIME;

      for (guint i = 0; i < cd->values->len && categorical; i++)
        {
          const Value *v = &g_array_index (cd->values, Value, i);

          if (v->kind != SQLITE_TEXT)
            continue;
          g_hash_table_add (labels, (gpointer) v->v.s);
          categorical = g_hash_table_size (labels) <= limit;
        }
      if (categorical)
        return SONDE_COLUMN_TYPE_CATEGORICAL;
    }

  return SONDE_COLUMN_TYPE_TEXT;
}

static void
append_value (SondeColumn     *column,
              SondeColumnType  type,
              const Value     *v)
{
  if (v->kind == SQLITE_NULL)
    {
      sonde_column_append_missing (column);
      return;
    }

  switch (type)
    {
    case SONDE_COLUMN_TYPE_INTEGER:
      sonde_column_append_integer (column, v->v.i);
      break;

    case SONDE_COLUMN_TYPE_BOOLEAN:
      sonde_column_append_boolean (column, v->v.i != 0);
      break;

    case SONDE_COLUMN_TYPE_REAL:
      sonde_column_append_real (column, v->kind == SQLITE_INTEGER ? (double) v->v.i : v->v.d);
      break;

    case SONDE_COLUMN_TYPE_DATE:
      {
        gint32 days = 0;

        sonde_reader_parse_date_iso (v->v.s, strlen (v->v.s), &days);
        sonde_column_append_date (column, days);
      }
      break;

    case SONDE_COLUMN_TYPE_DATETIME:
      {
        gint64 usec = 0;
        gint32 days = 0;
        gsize n = strlen (v->v.s);

        if (sonde_reader_parse_date_iso (v->v.s, n, &days))
          usec = (gint64) days * 86400 * G_USEC_PER_SEC;
        else
          parse_datetime (v->v.s, n, &usec);
        sonde_column_append_datetime (column, usec);
      }
      break;

    case SONDE_COLUMN_TYPE_CATEGORICAL:
      sonde_column_append_category (column, v->v.s, -1);
      break;

    case SONDE_COLUMN_TYPE_TEXT:
      if (v->kind == SQLITE_INTEGER)
        {
          char buf[32];

          g_snprintf (buf, sizeof buf, "%" G_GINT64_FORMAT, v->v.i);
          sonde_column_append_text (column, buf, -1);
        }
      else if (v->kind == SQLITE_FLOAT)
        {
          g_autofree char *text = sonde_column_format_real (v->v.d);

          sonde_column_append_text (column, text, -1);
        }
      else
        sonde_column_append_text (column, v->v.s, -1);
      break;

    default:
      g_assert_not_reached ();
    }
}

/* Unique, non-empty names, by the rule of SondeCsvReader. */
static void
make_names (Read    *r,
            ColData *cols,
            guint    n_columns)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint c = 0; c < n_columns; c++)
    {
      char *base = cols[c].name;

      if (base == NULL || *base == '\0')
        {
          g_free (base);
          cols[c].name = sonde_reader_placeholder_name (seen, c);
          add_warning (r, g_strdup_printf (_("%s: column %u has no name; it was named “%s”."),
                                           r->display_name, c + 1, cols[c].name));
        }
      else if (g_hash_table_contains (seen, base))
        {
          cols[c].name = sonde_reader_renamed (seen, base);
          add_warning (r, g_strdup_printf (_("%s: two columns are named “%s”; column %u was renamed “%s”."),
                                           r->display_name, base, c + 1, cols[c].name));
          g_free (base);
        }
      g_hash_table_add (seen, cols[c].name);
    }
}

static SondeTable *
read_statement (Read          *r,
                sqlite3_stmt  *stmt,
                GError       **error)
{
  SondeSqliteReader *self = r->self;
  g_autoptr(SondeTable) table = NULL;
  GStringChunk *chunk = g_string_chunk_new (64 * 1024);
  guint n_columns = (guint) sqlite3_column_count (stmt);
  ColData *cols = g_new0 (ColData, n_columns);
  guint n_rows = 0;
  int rc;

  for (guint c = 0; c < n_columns; c++)
    {
      const char *name = sqlite3_column_name (stmt, (int) c);
      const char *decl = sqlite3_column_decltype (stmt, (int) c);

      cols[c].name = name != NULL ? g_utf8_make_valid (name, -1) : NULL;
      cols[c].decltype = decl != NULL ? g_ascii_strup (decl, -1) : NULL;
      cols[c].values = g_array_new (FALSE, FALSE, sizeof (Value));
    }

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (n_rows == G_MAXUINT)
        {
          g_set_error (error, SONDE_ERROR, SONDE_ERROR_TOO_LARGE,
                       _("%s has more than %u rows, more than Sonde can hold in one table."),
                       r->display_name, G_MAXUINT);
          goto out;
        }
      n_rows++;

      for (guint c = 0; c < n_columns; c++)
        {
          ColData *cd = &cols[c];
          Value v = { 0 };

          v.kind = (guint8) sqlite3_column_type (stmt, (int) c);
          switch (v.kind)
            {
            case SQLITE_INTEGER:
              v.v.i = sqlite3_column_int64 (stmt, (int) c);
              break;

            case SQLITE_FLOAT:
              v.v.d = sqlite3_column_double (stmt, (int) c);
              break;

            case SQLITE_TEXT:
              {
                const char *text = (const char *) sqlite3_column_text (stmt, (int) c);
                int n = sqlite3_column_bytes (stmt, (int) c);

                if (text == NULL)
                  {
                    v.kind = SQLITE_NULL;
                    break;
                  }
                /* Up to the first zero byte, and valid UTF-8. */
                if (memchr (text, '\0', (gsize) n) != NULL || !g_utf8_validate (text, n, NULL))
                  {
                    g_autofree char *valid = g_utf8_make_valid (text, (gssize) strnlen (text, (gsize) n));

                    v.v.s = g_string_chunk_insert (chunk, valid);
                  }
                else
                  v.v.s = g_string_chunk_insert_len (chunk, text, n);
              }
              break;

            case SQLITE_BLOB:
              {
                const guint8 *blob = sqlite3_column_blob (stmt, (int) c);
                int n = sqlite3_column_bytes (stmt, (int) c);
                GString *hex = g_string_sized_new ((gsize) n * 2 + 1);

                for (int i = 0; i < n; i++)
                  g_string_append_printf (hex, "%02x", blob[i]);
                v.v.s = g_string_chunk_insert_len (chunk, hex->str, (gssize) hex->len);
                g_string_free (hex, TRUE);

                if (!cd->blob_warned)
                  {
                    cd->blob_warned = TRUE;
                    add_warning (r, g_strdup_printf (_("%s: the column “%s” holds binary data (BLOB); it was read as hexadecimal text."),
                                                     r->display_name, cd->name != NULL ? cd->name : ""));
                  }
              }
              break;

            default:
              v.kind = SQLITE_NULL;
              break;
            }

          cd->counts[v.kind]++;
          g_array_append_val (cd->values, v);
        }

      if ((n_rows & 0x3FFF) == 0 && self->progress_func != NULL)
        self->progress_func (0.5, self->progress_data);
    }

  if (rc != SQLITE_DONE)
    {
      if (g_cancellable_set_error_if_cancelled (r->cancellable, error))
        goto out;
      set_sqlite_error (r, rc, error);
      goto out;
    }

  make_names (r, cols, n_columns);
  table = sonde_table_new (r->display_name);

  for (guint c = 0; c < n_columns; c++)
    {
      SondeColumnType type = infer_type (&cols[c]);
      g_autoptr(SondeColumn) column = sonde_column_new (cols[c].name, type);

      sonde_column_set_source (column, r->display_name);
      sonde_column_reserve (column, n_rows);
      for (guint i = 0; i < n_rows; i++)
        append_value (column, type, &g_array_index (cols[c].values, Value, i));
      g_clear_pointer (&cols[c].values, g_array_unref);
      sonde_column_shrink (column);
      if (!sonde_table_add_column (table, column, error))
        {
          g_clear_object (&table);
          goto out;
        }
    }

out:
  for (guint c = 0; c < n_columns; c++)
    col_data_clear (&cols[c]);
  g_free (cols);
  g_string_chunk_free (chunk);

  return g_steal_pointer (&table);
}

static SondeTable *
read_db (Read     *r,
         GError  **error)
{
  sqlite3_stmt *stmt;
  SondeTable *table;

  configure_db (r);

  if (r->self->progress_func != NULL)
    r->self->progress_func (0.0, r->self->progress_data);

  stmt = prepare (r, error);
  if (stmt == NULL)
    return NULL;

  table = read_statement (r, stmt, error);
  sqlite3_finalize (stmt);

  if (table != NULL && r->self->progress_func != NULL)
    r->self->progress_func (1.0, r->self->progress_data);

  return table;
}

/* ------------------------------------------------------------------ */
/* Entry points                                                         */
/* ------------------------------------------------------------------ */

static sqlite3 *
open_file (const char  *path,
           const char  *display_name,
           GError     **error)
{
  sqlite3 *db = NULL;
  int rc;

  rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_PARSE,
                   _("%s cannot be opened as an SQLite database: %s."),
                   display_name, db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
      sqlite3_close (db);
      return NULL;
    }

  return db;
}

/* A read-only in-memory database over a copy of @bytes. The copy lets
 * the header be patched: a database in WAL mode cannot be deserialized
 * until it says "rollback journal" (bytes 18 and 19 set to 1). */
static sqlite3 *
open_bytes (GBytes      *bytes,
            const char  *display_name,
            GError     **error)
{
  sqlite3 *db = NULL;
  gsize len = 0;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  unsigned char *copy;
  int rc;

  if (sqlite3_open_v2 (":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_TOO_LARGE,
                   _("%s cannot be opened: out of memory."), display_name);
      sqlite3_close (db);
      return NULL;
    }

  copy = sqlite3_malloc64 (MAX (len, 1));
  if (copy == NULL)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_TOO_LARGE,
                   _("%s cannot be opened: out of memory."), display_name);
      sqlite3_close (db);
      return NULL;
    }
  if (len > 0)
    memcpy (copy, data, len);
  if (len >= 20 && copy[18] == 2 && copy[19] == 2)
    copy[18] = copy[19] = 1;

  rc = sqlite3_deserialize (db, "main", copy, (sqlite3_int64) len, (sqlite3_int64) len,
                            SQLITE_DESERIALIZE_READONLY | SQLITE_DESERIALIZE_FREEONCLOSE);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_PARSE,
                   _("%s cannot be opened as an SQLite database: %s."),
                   display_name, sqlite3_errmsg (db));
      sqlite3_close (db);
      return NULL;
    }

  return db;
}

/**
 * sonde_sqlite_reader_list_tables:
 * @file: an SQLite database file
 * @error: return location for a #GError
 *
 * Lists the tables and views of a database, in the order of its schema
 * (creation order, until a VACUUM regroups them), leaving out SQLite's
 * own (`sqlite_sequence`...).
 *
 * Returns: (transfer full) (nullable): the names, or %NULL with @error
 *   set (%SONDE_ERROR or %G_IO_ERROR domains).
 */
GStrv
sonde_sqlite_reader_list_tables (GFile   *file,
                                 GError **error)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autofree char *path = NULL;
  g_autofree char *basename = NULL;
  Read r = { 0 };
  GStrv tables;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE, NULL, error);
  if (info == NULL)
    return NULL;

  path = g_file_get_path (file);
  basename = g_file_get_basename (file);
  if (path == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("%s is not a local file; copy it to this computer first."), basename);
      return NULL;
    }

  r.display_name = basename;
  r.db = open_file (path, basename, error);
  if (r.db == NULL)
    return NULL;

  configure_db (&r);
  tables = list_tables (&r, error);
  sqlite3_close (r.db);

  return tables;
}

/**
 * sonde_sqlite_reader_read_bytes:
 * @self: a #SondeSqliteReader
 * @bytes: the content of an SQLite database file
 * @display_name: the name to show in messages and to give the table
 *   ("school.sqlite")
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Reads the chosen table or query (or the first table) of a database
 * held in memory, read-only. @bytes is copied.
 *
 * Returns: (transfer full) (nullable): the table, or %NULL with @error
 *   set in the %SONDE_ERROR domain (or %G_IO_ERROR_CANCELLED).
 */
SondeTable *
sonde_sqlite_reader_read_bytes (SondeSqliteReader  *self,
                                GBytes             *bytes,
                                const char         *display_name,
                                GCancellable       *cancellable,
                                GError            **error)
{
  Read r = { 0 };
  SondeTable *table;

  g_return_val_if_fail (SONDE_IS_SQLITE_READER (self), NULL);
  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (display_name != NULL, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  g_ptr_array_set_size (self->warnings, 0);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  r.self = self;
  r.display_name = display_name;
  r.cancellable = cancellable;
  r.db = open_bytes (bytes, display_name, error);
  if (r.db == NULL)
    return NULL;

  table = read_db (&r, error);
  sqlite3_close (r.db);

  return table;
}

/**
 * sonde_sqlite_reader_read_file:
 * @self: a #SondeSqliteReader
 * @file: an SQLite database file
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Reads the chosen table or query (or the first table) of @file, opened
 * read-only. The table is named after the file's base name and its
 * source is the file's path. Files that are not local are loaded into
 * memory first. This blocks: from a user interface, use
 * sonde_sqlite_reader_read_file_async().
 *
 * Returns: (transfer full) (nullable): the table, or %NULL with @error
 *   set (%SONDE_ERROR or %G_IO_ERROR domains).
 */
SondeTable *
sonde_sqlite_reader_read_file (SondeSqliteReader  *self,
                               GFile              *file,
                               GCancellable       *cancellable,
                               GError            **error)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autofree char *path = NULL;
  g_autofree char *basename = NULL;
  Read r = { 0 };
  SondeTable *table;

  g_return_val_if_fail (SONDE_IS_SQLITE_READER (self), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE,
                            cancellable, error);
  if (info == NULL)
    return NULL;

  basename = g_file_get_basename (file);
  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_autoptr(GBytes) bytes = g_file_load_bytes (file, cancellable, NULL, error);
      g_autofree char *uri = g_file_get_uri (file);

      if (bytes == NULL)
        return NULL;
      table = sonde_sqlite_reader_read_bytes (self, bytes, basename, cancellable, error);
      if (table != NULL)
        sonde_table_set_source (table, uri);
      return table;
    }

  g_ptr_array_set_size (self->warnings, 0);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  r.self = self;
  r.display_name = basename;
  r.cancellable = cancellable;
  r.db = open_file (path, basename, error);
  if (r.db == NULL)
    return NULL;

  table = read_db (&r, error);
  sqlite3_close (r.db);
  if (table != NULL)
    sonde_table_set_source (table, path);

  return table;
}

/**
 * sonde_sqlite_reader_read_file_async:
 * @self: a #SondeSqliteReader
 * @file: an SQLite database file
 * @cancellable: (nullable): a #GCancellable; cancelling interrupts a
 *   long query
 * @callback: called in the thread-default main context of the caller
 *   when the read is done
 * @user_data: data for @callback
 *
 * Reads @file in a worker thread, as sonde_sqlite_reader_read_file()
 * does. Do not use @self for anything else until @callback has run.
 */
void
sonde_sqlite_reader_read_file_async (SondeSqliteReader   *self,
                                     GFile               *file,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_return_if_fail (SONDE_IS_SQLITE_READER (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  sonde_reader_read_file_async (self, (SondeReadFileFunc) sonde_sqlite_reader_read_file,
                                sonde_sqlite_reader_read_file_async,
                                file, cancellable, callback, user_data);
}

/**
 * sonde_sqlite_reader_read_file_finish:
 * @self: a #SondeSqliteReader
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #GError
 *
 * Completes sonde_sqlite_reader_read_file_async().
 *
 * Returns: (transfer full) (nullable): the table, or %NULL with @error
 *   set.
 */
SondeTable *
sonde_sqlite_reader_read_file_finish (SondeSqliteReader  *self,
                                      GAsyncResult       *result,
                                      GError            **error)
{
  g_return_val_if_fail (SONDE_IS_SQLITE_READER (self), NULL);

  return sonde_reader_read_file_finish (self, result, sonde_sqlite_reader_read_file_async, error);
}

/* ------------------------------------------------------------------ */
/* Settings and results                                                 */
/* ------------------------------------------------------------------ */

/**
 * sonde_sqlite_reader_get_table:
 * @self: a #SondeSqliteReader
 *
 * Returns: (transfer none) (nullable): the table or view to read, or
 *   %NULL.
 */
const char *
sonde_sqlite_reader_get_table (SondeSqliteReader *self)
{
  g_return_val_if_fail (SONDE_IS_SQLITE_READER (self), NULL);

  return self->table;
}

/**
 * sonde_sqlite_reader_set_table:
 * @self: a #SondeSqliteReader
 * @name: (nullable): a table or view name (any case), or %NULL for the
 *   first table
 *
 * Chooses a whole table or view to read, and forgets the query.
 */
void
sonde_sqlite_reader_set_table (SondeSqliteReader *self,
                               const char        *name)
{
  g_return_if_fail (SONDE_IS_SQLITE_READER (self));

  g_free (self->table);
  self->table = g_strdup (name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TABLE]);
  if (name != NULL && self->query != NULL)
    sonde_sqlite_reader_set_query (self, NULL);
}

/**
 * sonde_sqlite_reader_get_query:
 * @self: a #SondeSqliteReader
 *
 * Returns: (transfer none) (nullable): the query to run, or %NULL.
 */
const char *
sonde_sqlite_reader_get_query (SondeSqliteReader *self)
{
  g_return_val_if_fail (SONDE_IS_SQLITE_READER (self), NULL);

  return self->query;
}

/**
 * sonde_sqlite_reader_set_query:
 * @self: a #SondeSqliteReader
 * @sql: (nullable): one SQL statement that only reads (a SELECT, or a
 *   WITH ... SELECT), or %NULL
 *
 * Chooses a query to read, and forgets the table. A statement that would
 * change the database is refused when the read runs.
 */
void
sonde_sqlite_reader_set_query (SondeSqliteReader *self,
                               const char        *sql)
{
  g_return_if_fail (SONDE_IS_SQLITE_READER (self));

  g_free (self->query);
  self->query = g_strdup (sql);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUERY]);
  if (sql != NULL && self->table != NULL)
    sonde_sqlite_reader_set_table (self, NULL);
}

/**
 * sonde_sqlite_reader_set_progress_func:
 * @self: a #SondeSqliteReader
 * @func: (nullable): a #SondeProgressFunc, or %NULL
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data when replaced or when @self is
 *   finalized
 *
 * Sets a function called from the reading thread: with 0.0 at the start,
 * 0.5 now and then while rows come (SQLite cannot tell how many rows a
 * query will give) and 1.0 at the end.
 */
void
sonde_sqlite_reader_set_progress_func (SondeSqliteReader *self,
                                       SondeProgressFunc  func,
                                       gpointer           user_data,
                                       GDestroyNotify     destroy)
{
  g_return_if_fail (SONDE_IS_SQLITE_READER (self));

  if (self->progress_destroy != NULL)
    self->progress_destroy (self->progress_data);

  self->progress_func = func;
  self->progress_data = user_data;
  self->progress_destroy = destroy;
}

/**
 * sonde_sqlite_reader_get_warnings:
 * @self: a #SondeSqliteReader
 *
 * Gets what the last read fixed: renamed columns, BLOBs read as
 * hexadecimal text.
 *
 * Returns: (transfer none) (element-type utf8): translated sentences,
 *   valid until the next read.
 */
GPtrArray *
sonde_sqlite_reader_get_warnings (SondeSqliteReader *self)
{
  g_return_val_if_fail (SONDE_IS_SQLITE_READER (self), NULL);

  return self->warnings;
}

/* ------------------------------------------------------------------ */
/* GObject                                                              */
/* ------------------------------------------------------------------ */

static void
sonde_sqlite_reader_finalize (GObject *object)
{
  SondeSqliteReader *self = (SondeSqliteReader *)object;

  if (self->progress_destroy != NULL)
    self->progress_destroy (self->progress_data);

  g_clear_pointer (&self->table, g_free);
  g_clear_pointer (&self->query, g_free);
  g_clear_pointer (&self->warnings, g_ptr_array_unref);

  G_OBJECT_CLASS (sonde_sqlite_reader_parent_class)->finalize (object);
}

static void
sonde_sqlite_reader_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  SondeSqliteReader *self = SONDE_SQLITE_READER (object);

  switch (prop_id)
    {
    case PROP_TABLE:
      g_value_set_string (value, self->table);
      break;

    case PROP_QUERY:
      g_value_set_string (value, self->query);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sonde_sqlite_reader_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  SondeSqliteReader *self = SONDE_SQLITE_READER (object);

  switch (prop_id)
    {
    case PROP_TABLE:
      sonde_sqlite_reader_set_table (self, g_value_get_string (value));
      break;

    case PROP_QUERY:
      sonde_sqlite_reader_set_query (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sonde_sqlite_reader_class_init (SondeSqliteReaderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sonde_sqlite_reader_finalize;
  object_class->get_property = sonde_sqlite_reader_get_property;
  object_class->set_property = sonde_sqlite_reader_set_property;

  /**
   * SondeSqliteReader:table:
   *
   * The table or view to read, or %NULL.
   */
  properties[PROP_TABLE] =
    g_param_spec_string ("table", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * SondeSqliteReader:query:
   *
   * The read-only SQL statement to run, or %NULL.
   */
  properties[PROP_QUERY] =
    g_param_spec_string ("query", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sonde_sqlite_reader_init (SondeSqliteReader *self)
{
  self->warnings = g_ptr_array_new_with_free_func (g_free);
}

/**
 * sonde_sqlite_reader_new:
 *
 * Creates a reader of SQLite databases that reads the first table.
 *
 * Returns: (transfer full): a new #SondeSqliteReader
 */
SondeSqliteReader *
sonde_sqlite_reader_new (void)
{
  return g_object_new (SONDE_TYPE_SQLITE_READER, NULL);
}

/**
 * sonde_sqlite_read_statement: (skip)
 * @stmt: a prepared statement on a connection the caller owns
 * @display_name: names the data in messages
 * @cancellable: (nullable): checked by the caller's progress handler
 * @error: return location for a #GError
 *
 * Steps @stmt to its end and makes a table of its rows, with the same
 * column types and names a query read by #SondeSqliteReader gets. For
 * engine code that runs SQL on its own connection (SondeQuery).
 *
 * Returns: (transfer full) (nullable): the rows as a table.
 */
SondeTable *
sonde_sqlite_read_statement (sqlite3_stmt  *stmt,
                             const char    *display_name,
                             GCancellable  *cancellable,
                             GError       **error)
{
  g_autoptr(SondeSqliteReader) reader = sonde_sqlite_reader_new ();
  Read r = { reader, display_name, cancellable, sqlite3_db_handle (stmt) };

  return read_statement (&r, stmt, error);
}
