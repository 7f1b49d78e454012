/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sonde-engine"

/* SondeJsonReader: turns a JSON file into a SondeTable, for the Import
 * pane and `sonde-cli import`. Two layouts are read: an array of objects
 * (what most web APIs and pandas' `to_json(orient="records")` give) and
 * newline-delimited JSON (NDJSON, JSON Lines: one object per line, what
 * logs and big exports use). Files go from a few bytes to a few hundred
 * megabytes; each record becomes a row.
 *
 * Columns are the union of the keys of every object, in the order they
 * are first seen. A nested object is flattened: `{"address": {"city":
 * "Lyon"}}` gives a column `address.city`. An array is kept as its
 * compact JSON text (`[1,2]`) in a text column. A key absent from an
 * object, and `null`, are missing values. A key that appears twice in
 * one object keeps its last value, as in JavaScript.
 *
 * Types are inferred per column from its non-missing values:
 *  - integer if all are JSON numbers written without fraction or
 *    exponent that fit a 64-bit integer;
 *  - else decimal number if all are numbers (an integer too big for 64
 *    bits is read as a decimal number, never wrapped around);
 *  - yes/no if all are `true` or `false`;
 *  - for texts: date if all are ISO dates (`2024-12-31`), date and time
 *    if all are ISO dates or date-times (`2024-12-31T23:59:59Z`, with an
 *    optional fraction and offset); else category when the number of
 *    distinct texts is at most a quarter of the values (at least 1) and
 *    at most 1000, the rule of SondeCsvReader; else text;
 *  - a column that mixes kinds (numbers and texts, say), or that holds
 *    an array, is text, with numbers and booleans written as text.
 * A column with no value at all is text, as in SondeCsvReader.
 *
 * The parser is written here rather than taken from json-glib because
 * json-glib 1.6 silently wraps integers beyond 64 bits (`99999999999999999999`
 * reads as -1), accepts `/ * comments * /` and ignores whatever follows
 * the first value, and because reading straight into columns avoids
 * building a tree of the whole file. It follows RFC 8259 strictly and
 * reports the line and column (in characters) of the first mistake,
 * with the offending text. The input must be UTF-8 (a byte order mark is
 * dropped; UTF-16 with a byte order mark is converted).
 *
 * Memory: one 16-byte cell per value while reading, plus the texts; the
 * cells are freed as the typed columns are built.
 */

#include "config.h"

#include <errno.h>
#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "sonde-error.h"
#include "sonde-json-reader.h"
#include "sonde-column-private.h"
#include "sonde-reader-private.h"

#define MAX_COLUMNS     100000
#define MAX_DEPTH       200
#define EXCERPT_CHARS   20
#define CHECK_EVERY     4096

struct _SondeJsonReader
{
  GObject            parent_instance;

  SondeJsonFormat    format;
  SondeJsonFormat    detected_format;

  SondeProgressFunc  progress_func;
  gpointer           progress_data;
  GDestroyNotify     progress_destroy;
};

G_DEFINE_FINAL_TYPE (SondeJsonReader, sonde_json_reader, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (SondeJsonFormat, sonde_json_format,
  G_DEFINE_ENUM_VALUE (SONDE_JSON_FORMAT_AUTO, "auto"),
  G_DEFINE_ENUM_VALUE (SONDE_JSON_FORMAT_ARRAY, "array"),
  G_DEFINE_ENUM_VALUE (SONDE_JSON_FORMAT_LINES, "lines"))

enum {
  PROP_0,
  PROP_FORMAT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ------------------------------------------------------------------ */
/* Cells                                                                */
/* ------------------------------------------------------------------ */

typedef enum
{
  V_MISSING,
  V_INT,
  V_REAL,
  V_BOOL,
  V_STRING,
  V_ARRAY,
} ValueKind;

typedef struct
{
  ValueKind kind;
  union {
    gint64    i;
    double    d;
    gboolean  b;
    char     *s;
  };
} Value;

typedef struct
{
  char   *name;
  GArray *values;   /* Value, one per row read so far */
} ColState;

static void
value_clear (gpointer data)
{
  Value *v = data;

  if (v->kind == V_STRING || v->kind == V_ARRAY)
    g_clear_pointer (&v->s, g_free);
  v->kind = V_MISSING;
}

static void
col_state_free (gpointer data)
{
  ColState *st = data;

  g_free (st->name);
  g_clear_pointer (&st->values, g_array_unref);
  g_free (st);
}

typedef struct
{
  SondeJsonReader *self;
  const char      *display_name;
  GCancellable    *cancellable;
  const char      *buf;
  gsize            len;
  gsize            pos;
  guint            line;        /* line at pos, from 1 */
  gsize            line_start;  /* offset of the start of that line */
  GPtrArray       *cols;        /* ColState */
  GHashTable      *index;       /* name -> index + 1 */
  guint            n_rows;      /* complete records so far */
  guint            n_records;
  gsize            next_progress;
  GString         *path;        /* the flattened key being read */
  GString         *scratch;
} Parse;

static void
parse_clear (Parse *p)
{
  g_clear_pointer (&p->cols, g_ptr_array_unref);
  g_clear_pointer (&p->index, g_hash_table_unref);
  if (p->path != NULL)
    g_string_free (g_steal_pointer (&p->path), TRUE);
  if (p->scratch != NULL)
    g_string_free (g_steal_pointer (&p->scratch), TRUE);
}

/* ------------------------------------------------------------------ */
/* Errors                                                               */
/* ------------------------------------------------------------------ */

/* A short, printable piece of the input for messages: at most
 * EXCERPT_CHARS characters, up to the end of the line. */
static char *
excerpt (const char *at,
         const char *end)
{
  GString *out = g_string_new (NULL);
  const char *q = at;

  for (guint i = 0; i < EXCERPT_CHARS && q < end; i++)
    {
      gunichar c;

      if (*q == '\n' || *q == '\r')
        break;
      c = g_utf8_get_char_validated (q, end - q);
      if (c == (gunichar) -1 || c == (gunichar) -2)
        break;
      g_string_append_unichar (out, g_unichar_iscntrl (c) ? ' ' : c);
      q = g_utf8_next_char (q);
    }
  if (q < end && *q != '\n' && *q != '\r')
    g_string_append (out, "…");
  if (out->len == 0)
    g_string_append (out, q >= end ? _("the end of the file") : _("the end of the line"));

  return g_string_free (out, FALSE);
}

/* Where @at (on the current line) is: line, column in characters, and
 * the text there. */
static void
where (const Parse  *p,
       gsize         at,
       guint        *line,
       guint        *column,
       char        **text)
{
  g_assert (at >= p->line_start && at <= p->len);

  *line = p->line;
  *column = (guint) g_utf8_strlen (p->buf + p->line_start, (gssize) (at - p->line_start)) + 1;
  *text = excerpt (p->buf + at, p->buf + p->len);
}

static gboolean
syntax_error (Parse       *p,
              gsize        at,
              const char  *what,
              GError     **error)
{
  g_autofree char *text = NULL;
  guint line, column;

  where (p, at, &line, &column, &text);
  g_set_error (error, SONDE_ERROR, SONDE_ERROR_PARSE,
               /* Translators: file name, line, column, an explanation, then the text found there */
               _("%s, line %u, column %u: %s (found “%s”)."),
               p->display_name, line, column, what, text);
  return FALSE;
}

static gboolean
not_records_error (Parse       *p,
                   gsize        at,
                   const char  *found,
                   GError     **error)
{
  g_autofree char *text = NULL;
  guint line, column;

  where (p, at, &line, &column, &text);
  g_set_error (error, SONDE_ERROR, SONDE_ERROR_PARSE,
               /* Translators: file name, line, column, a kind of JSON value (“a number”), then the text */
               _("%s, line %u, column %u: found %s (“%s”) where a record was expected. The file must hold an array of objects, or one object per line."),
               p->display_name, line, column, found, text);
  return FALSE;
}

static const char *
describe_value (char c)
{
  switch (c)
    {
    case '[': return _("an array");
    case '{': return _("an object");
    case '"': return _("a text");
    case 't': case 'f': return _("true or false");
    case 'n': return _("null");
    case '-': case '0': case '1': case '2': case '3': case '4':
    case '5': case '6': case '7': case '8': case '9':
      return _("a number");
    default: return _("something that is not JSON");
    }
}

/* ------------------------------------------------------------------ */
/* Lexing                                                               */
/* ------------------------------------------------------------------ */

static inline void
skip_ws (Parse *p)
{
  while (p->pos < p->len)
    {
      char c = p->buf[p->pos];

      if (c == ' ' || c == '\t' || c == '\r')
        p->pos++;
      else if (c == '\n')
        {
          p->pos++;
          p->line++;
          p->line_start = p->pos;
        }
      else
        break;
    }
}

static gboolean
eof_error (Parse       *p,
           GError     **error)
{
  g_set_error (error, SONDE_ERROR, SONDE_ERROR_PARSE,
               _("%s, line %u: the file ends in the middle of a value. It may be truncated: check that every “[”, “{” and “\"” is closed."),
               p->display_name, p->line);
  return FALSE;
}

static inline int
hex_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

static gboolean
read_hex4 (Parse    *p,
           gsize     at,
           gunichar *out)
{
  gunichar v = 0;

  if (at + 4 > p->len)
    return FALSE;
  for (guint i = 0; i < 4; i++)
    {
      int h = hex_value (p->buf[at + i]);

      if (h < 0)
        return FALSE;
      v = v * 16 + (gunichar) h;
    }
  *out = v;
  return TRUE;
}

/* Reads the string at p->pos (on a '"'). Its decoded text is appended
 * to @decoded and its JSON text, quotes included, to @raw; either may be
 * %NULL. A lone surrogate or \u0000 becomes U+FFFD, since columns hold
 * NUL-terminated UTF-8. */
static gboolean
read_string (Parse    *p,
             GString  *decoded,
             GString  *raw,
             GError  **error)
{
  gsize open = p->pos;
  gsize run;

  g_assert (p->buf[p->pos] == '"');
  p->pos++;
  run = p->pos;

  for (;;)
    {
      char c;

      if (p->pos >= p->len)
        return syntax_error (p, open, _("this text is never closed by a double quote"), error);

      c = p->buf[p->pos];
      if (c == '"')
        break;
      if ((guchar) c < 0x20)
        return syntax_error (p, p->pos,
                             c == '\n' || c == '\r'
                             ? _("a text goes past the end of the line: write a line break inside a text as \\n, and close every text with a double quote")
                             : _("a text holds a control character: write it as \\u followed by four hexadecimal digits"),
                             error);
      if (c != '\\')
        {
          p->pos++;
          continue;
        }

      if (decoded != NULL)
        g_string_append_len (decoded, p->buf + run, (gssize) (p->pos - run));

      if (p->pos + 1 >= p->len)
        return syntax_error (p, open, _("this text is never closed by a double quote"), error);

      c = p->buf[p->pos + 1];
      if (c == 'u')
        {
          gunichar u, lo;

          if (!read_hex4 (p, p->pos + 2, &u))
            return syntax_error (p, p->pos, _("\\u must be followed by four hexadecimal digits"), error);
          p->pos += 6;
          if (u >= 0xD800 && u <= 0xDBFF && p->pos + 6 <= p->len &&
              p->buf[p->pos] == '\\' && p->buf[p->pos + 1] == 'u' &&
              read_hex4 (p, p->pos + 2, &lo) && lo >= 0xDC00 && lo <= 0xDFFF)
            {
              u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
              p->pos += 6;
            }
          else if (u == 0 || (u >= 0xD800 && u <= 0xDFFF))
            u = 0xFFFD;
          if (decoded != NULL)
            g_string_append_unichar (decoded, u);
        }
      else
        {
          char out;

          switch (c)
            {
            case '"': out = '"'; break;
            case '\\': out = '\\'; break;
            case '/': out = '/'; break;
            case 'b': out = '\b'; break;
            case 'f': out = '\f'; break;
            case 'n': out = '\n'; break;
            case 'r': out = '\r'; break;
            case 't': out = '\t'; break;
            default:
              return syntax_error (p, p->pos,
                                   _("a backslash in a text must be followed by one of \" \\ / b f n r t u"),
                                   error);
            }
          if (decoded != NULL)
            g_string_append_c (decoded, out);
          p->pos += 2;
        }
      run = p->pos;
    }

  if (decoded != NULL)
    g_string_append_len (decoded, p->buf + run, (gssize) (p->pos - run));
  p->pos++;
  if (raw != NULL)
    g_string_append_len (raw, p->buf + open, (gssize) (p->pos - open));

  return TRUE;
}

static inline gboolean
is_digit (char c)
{
  return c >= '0' && c <= '9';
}

/* A number as RFC 8259 writes it: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
static gboolean
read_number (Parse    *p,
             Value    *v,
             GString  *raw,
             GError  **error)
{
  gsize start = p->pos;
  gsize i = p->pos;
  gboolean integral = TRUE;
  char buf[64];
  g_autofree char *big = NULL;
  const char *text;
  gsize n;

  if (i < p->len && p->buf[i] == '-')
    i++;
  if (i >= p->len || !is_digit (p->buf[i]))
    goto bad;
  if (p->buf[i] == '0')
    i++;
  else
    while (i < p->len && is_digit (p->buf[i]))
      i++;
  if (i < p->len && p->buf[i] == '.')
    {
      integral = FALSE;
      i++;
      if (i >= p->len || !is_digit (p->buf[i]))
        goto bad;
      while (i < p->len && is_digit (p->buf[i]))
        i++;
    }
  if (i < p->len && (p->buf[i] == 'e' || p->buf[i] == 'E'))
    {
      integral = FALSE;
      i++;
      if (i < p->len && (p->buf[i] == '+' || p->buf[i] == '-'))
        i++;
      if (i >= p->len || !is_digit (p->buf[i]))
        goto bad;
      while (i < p->len && is_digit (p->buf[i]))
        i++;
    }
  /* "01" or "1x": the number must end at a delimiter. */
  if (i < p->len && (is_digit (p->buf[i]) || g_ascii_isalpha (p->buf[i]) || p->buf[i] == '.'))
    goto bad;

  n = i - start;
  if (n < sizeof buf)
    {
      memcpy (buf, p->buf + start, n);
      buf[n] = '\0';
      text = buf;
    }
  else
    text = big = g_strndup (p->buf + start, n);

  if (raw != NULL)
    g_string_append (raw, text);
  p->pos = i;

  if (v == NULL)
    return TRUE;

  if (integral)
    {
      gint64 i64;

      errno = 0;
      i64 = g_ascii_strtoll (text, NULL, 10);
      if (errno == 0)
        {
          v->kind = V_INT;
          v->i = i64;
          return TRUE;
        }
    }

  v->kind = V_REAL;
  v->d = g_ascii_strtod (text, NULL);
  return TRUE;

bad:
  return syntax_error (p, start,
                       _("this is not a JSON value: write numbers like 12 or -3.5, texts in double quotes, and true, false or null"),
                       error);
}

static gboolean
read_literal (Parse    *p,
              Value    *v,
              GString  *raw,
              GError  **error)
{
  static const struct { const char *word; ValueKind kind; gboolean b; } words[] = {
    { "true", V_BOOL, TRUE }, { "false", V_BOOL, FALSE }, { "null", V_MISSING, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    {
      gsize n = strlen (words[i].word);

      if (p->pos + n <= p->len && memcmp (p->buf + p->pos, words[i].word, n) == 0 &&
          (p->pos + n == p->len || !g_ascii_isalnum (p->buf[p->pos + n])))
        {
          if (v != NULL)
            {
              v->kind = words[i].kind;
              v->b = words[i].b;
            }
          if (raw != NULL)
            g_string_append (raw, words[i].word);
          p->pos += n;
          return TRUE;
        }
    }

  return syntax_error (p, p->pos,
                       _("this is not a JSON value: write numbers like 12 or -3.5, texts in double quotes, and true, false or null"),
                       error);
}

/* Copies the value at p->pos as compact JSON into @out: how arrays are
 * kept. */
static gboolean
copy_value (Parse    *p,
            GString  *out,
            guint     depth,
            GError  **error)
{
  char c, close;
  gboolean first = TRUE;

  skip_ws (p);
  if (p->pos >= p->len)
    return eof_error (p, error);

  c = p->buf[p->pos];
  if (c == '"')
    return read_string (p, NULL, out, error);
  if (c != '[' && c != '{')
    {
      if (c == '-' || is_digit (c))
        return read_number (p, NULL, out, error);
      return read_literal (p, NULL, out, error);
    }

  if (depth > MAX_DEPTH)
    return syntax_error (p, p->pos, _("arrays and objects are nested too deeply"), error);

  close = c == '[' ? ']' : '}';
  g_string_append_c (out, c);
  p->pos++;

  for (;;)
    {
      skip_ws (p);
      if (p->pos >= p->len)
        return eof_error (p, error);
      if (p->buf[p->pos] == close && first)
        break;
      if (p->buf[p->pos] == close)
        return syntax_error (p, p->pos, _("a comma comes before the closing bracket: remove the comma after the last element"), error);
      if (!first)
        g_string_append_c (out, ',');
      first = FALSE;

      if (close == '}')
        {
          if (p->buf[p->pos] != '"')
            return syntax_error (p, p->pos, _("a key must be a text in double quotes"), error);
          if (!read_string (p, NULL, out, error))
            return FALSE;
          skip_ws (p);
          if (p->pos >= p->len)
            return eof_error (p, error);
          if (p->buf[p->pos] != ':')
            return syntax_error (p, p->pos, _("a key must be followed by a colon"), error);
          p->pos++;
          g_string_append_c (out, ':');
        }

      if (!copy_value (p, out, depth + 1, error))
        return FALSE;

      skip_ws (p);
      if (p->pos >= p->len)
        return eof_error (p, error);
      if (p->buf[p->pos] == ',')
        {
          p->pos++;
          continue;
        }
      if (p->buf[p->pos] != close)
        return syntax_error (p, p->pos,
                             close == ']' ? _("expected a comma or “]” after an element of the array")
                                          : _("expected a comma or “}” after a value of the object"),
                             error);
      break;
    }

  g_string_append_c (out, close);
  p->pos++;

  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Records                                                              */
/* ------------------------------------------------------------------ */

static gboolean
assign (Parse    *p,
        Value    *v,
        GError  **error)
{
  ColState *st;
  guint idx = GPOINTER_TO_UINT (g_hash_table_lookup (p->index, p->path->str));

  if (idx == 0)
    {
      Value missing = { V_MISSING, { 0 } };

      if (p->cols->len >= MAX_COLUMNS)
        {
          value_clear (v);
          g_set_error (error, SONDE_ERROR, SONDE_ERROR_TOO_LARGE,
                       _("%s, line %u: the records have more than %u different keys; Sonde reads at most %u columns."),
                       p->display_name, p->line, MAX_COLUMNS, MAX_COLUMNS);
          return FALSE;
        }

      st = g_new0 (ColState, 1);
      st->name = g_strdup (p->path->str);
      st->values = g_array_sized_new (FALSE, FALSE, sizeof (Value), p->n_rows + 1);
      g_array_set_clear_func (st->values, value_clear);
      for (guint r = 0; r < p->n_rows; r++)
        g_array_append_val (st->values, missing);
      g_ptr_array_add (p->cols, st);
      idx = p->cols->len;
      g_hash_table_insert (p->index, st->name, GUINT_TO_POINTER (idx));
    }

  st = g_ptr_array_index (p->cols, idx - 1);
  if (st->values->len > p->n_rows)
    {
      /* The same key twice in one record: the last one wins. */
      Value *old = &g_array_index (st->values, Value, p->n_rows);

      value_clear (old);
      *old = *v;
    }
  else
    g_array_append_val (st->values, *v);

  return TRUE;
}

/* Reads the object at p->pos (on a '{') into the current row, its keys
 * prefixed by the first @prefix_len bytes of p->path. */
static gboolean
read_object (Parse    *p,
             gsize     prefix_len,
             guint     depth,
             GError  **error)
{
  gboolean first = TRUE;

  g_assert (p->buf[p->pos] == '{');

  if (depth > MAX_DEPTH)
    return syntax_error (p, p->pos, _("arrays and objects are nested too deeply"), error);

  p->pos++;

  for (;;)
    {
      Value v = { V_MISSING, { 0 } };
      char c;

      skip_ws (p);
      if (p->pos >= p->len)
        return eof_error (p, error);
      if (p->buf[p->pos] == '}')
        {
          if (!first)
            return syntax_error (p, p->pos, _("a comma comes before “}”: remove the comma after the last value of the object"), error);
          break;
        }
      first = FALSE;

      if (p->buf[p->pos] != '"')
        return syntax_error (p, p->pos, _("a key must be a text in double quotes"), error);
      g_string_truncate (p->path, prefix_len);
      if (!read_string (p, p->path, NULL, error))
        return FALSE;

      skip_ws (p);
      if (p->pos >= p->len)
        return eof_error (p, error);
      if (p->buf[p->pos] != ':')
        return syntax_error (p, p->pos, _("a key must be followed by a colon"), error);
      p->pos++;
      skip_ws (p);
      if (p->pos >= p->len)
        return eof_error (p, error);

      c = p->buf[p->pos];
      if (c == '{')
        {
          g_string_append_c (p->path, '.');
          if (!read_object (p, p->path->len, depth + 1, error))
            return FALSE;
        }
      else
        {
          gboolean ok;

          if (c == '[')
            {
              g_string_truncate (p->scratch, 0);
              ok = copy_value (p, p->scratch, depth + 1, error);
              if (ok)
                {
                  v.kind = V_ARRAY;
                  v.s = g_strndup (p->scratch->str, p->scratch->len);
                }
            }
          else if (c == '"')
            {
              g_string_truncate (p->scratch, 0);
              ok = read_string (p, p->scratch, NULL, error);
              if (ok)
                {
                  v.kind = V_STRING;
                  v.s = g_strndup (p->scratch->str, p->scratch->len);
                }
            }
          else if (c == '-' || is_digit (c))
            ok = read_number (p, &v, NULL, error);
          else
            ok = read_literal (p, &v, NULL, error);

          if (!ok || !assign (p, &v, error))
            return FALSE;
        }

      skip_ws (p);
      if (p->pos >= p->len)
        return eof_error (p, error);
      if (p->buf[p->pos] == ',')
        {
          p->pos++;
          continue;
        }
      if (p->buf[p->pos] != '}')
        return syntax_error (p, p->pos, _("expected a comma or “}” after a value of the object"), error);
      break;
    }

  p->pos++;
  return TRUE;
}

static gboolean
report_progress (Parse   *p,
                 GError **error)
{
  SondeJsonReader *self = p->self;

  if (g_cancellable_set_error_if_cancelled (p->cancellable, error))
    return FALSE;

  if (p->pos >= p->next_progress && self->progress_func != NULL && p->len > 0)
    {
      self->progress_func (0.9 * ((double) p->pos / p->len), self->progress_data);
      p->next_progress = p->pos + MAX (p->len / 50, 1);
    }

  return TRUE;
}

/* Reads one record (an object at p->pos) as the next row. */
static gboolean
read_record (Parse    *p,
             GError  **error)
{
  Value missing = { V_MISSING, { 0 } };

  if (p->n_rows == G_MAXUINT - 1)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_TOO_LARGE,
                   _("%s has more than %u records, more than Sonde can hold in one table."),
                   p->display_name, G_MAXUINT - 1);
      return FALSE;
    }

  g_string_truncate (p->path, 0);
  if (!read_object (p, 0, 0, error))
    return FALSE;

  p->n_rows++;
  for (guint c = 0; c < p->cols->len; c++)
    {
      ColState *st = g_ptr_array_index (p->cols, c);

      if (st->values->len < p->n_rows)
        g_array_append_val (st->values, missing);
    }

  if ((++p->n_records % CHECK_EVERY) == 0 && !report_progress (p, error))
    return FALSE;

  return TRUE;
}

static gboolean
read_array (Parse    *p,
            GError  **error)
{
  guint element = 0;

  g_assert (p->buf[p->pos] == '[');
  p->pos++;

  for (;;)
    {
      skip_ws (p);
      if (p->pos >= p->len)
        return eof_error (p, error);
      if (p->buf[p->pos] == ']')
        {
          if (element > 0)
            return syntax_error (p, p->pos, _("a comma comes before “]”: remove the comma after the last object of the array"), error);
          break;
        }
      element++;
      if (p->buf[p->pos] != '{')
        return not_records_error (p, p->pos, describe_value (p->buf[p->pos]), error);
      if (!read_record (p, error))
        return FALSE;

      skip_ws (p);
      if (p->pos >= p->len)
        return eof_error (p, error);
      if (p->buf[p->pos] == ',')
        {
          p->pos++;
          continue;
        }
      if (p->buf[p->pos] != ']')
        return syntax_error (p, p->pos, _("expected a comma or “]” after an object of the array"), error);
      break;
    }

  p->pos++;
  skip_ws (p);
  if (p->pos < p->len)
    return syntax_error (p, p->pos, _("there is text after the end of the array"), error);

  return TRUE;
}

static gboolean
read_lines (Parse    *p,
            GError  **error)
{
  for (;;)
    {
      skip_ws (p);
      if (p->pos >= p->len)
        break;
      if (p->buf[p->pos] != '{')
        return not_records_error (p, p->pos, describe_value (p->buf[p->pos]), error);
      if (!read_record (p, error))
        return FALSE;

      /* One object per line: only spaces may follow it. */
      while (p->pos < p->len && (p->buf[p->pos] == ' ' || p->buf[p->pos] == '\t' || p->buf[p->pos] == '\r'))
        p->pos++;
      if (p->pos < p->len && p->buf[p->pos] != '\n')
        return syntax_error (p, p->pos, _("there is text after the end of the object: put one object per line"), error);
    }

  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Types                                                                */
/* ------------------------------------------------------------------ */

/* 2024-12-31T23:59[:59[.ffffff]][Z|±HH[:MM]], 'T' or a space. */
static gboolean
parse_datetime_iso (const char *s,
                    gsize       n,
                    gint64     *usec)
{
  gint32 days;
  int h, mi, sec = 0, oh = 0, om = 0, sign = 1;
  gint64 frac = 0;
  gsize i;

  if (n < 16 || (s[10] != 'T' && s[10] != ' ') || !sonde_reader_parse_date_iso (s, 10, &days) ||
      s[13] != ':' || !sonde_reader_parse_digits (s + 11, 2, &h) ||
      !sonde_reader_parse_digits (s + 14, 2, &mi) || h > 23 || mi > 59)
    return FALSE;

  i = 16;
  if (i < n && s[i] == ':')
    {
      if (n < 19 || !sonde_reader_parse_digits (s + 17, 2, &sec) || sec > 60)
        return FALSE;
      i = 19;
      if (i < n && s[i] == '.')
        {
          gint64 scale = 100000;
          gsize digits = 0;

          for (i++; i < n && is_digit (s[i]); i++, digits++)
            {
              frac += (s[i] - '0') * scale;
              scale /= 10;
            }
          if (digits == 0)
            return FALSE;
        }
    }

  if (i < n && s[i] == 'Z')
    i++;
  else if (i < n && (s[i] == '+' || s[i] == '-'))
    {
      sign = s[i] == '-' ? -1 : 1;
      if (n - i == 3 && sonde_reader_parse_digits (s + i + 1, 2, &oh))
        i = n;
      else if (n - i == 6 && s[i + 3] == ':' && sonde_reader_parse_digits (s + i + 1, 2, &oh) &&
               sonde_reader_parse_digits (s + i + 4, 2, &om))
        i = n;
      else
        return FALSE;
      if (oh > 23 || om > 59)
        return FALSE;
    }
  if (i != n)
    return FALSE;

  *usec = ((gint64) days * 86400 + (gint64) h * 3600 + mi * 60 + sec
           - sign * ((gint64) oh * 3600 + (gint64) om * 60)) * G_USEC_PER_SEC + frac;
  return TRUE;
}

static SondeColumnType
infer_type (GArray *values)
{
  guint n_int = 0, n_real = 0, n_bool = 0, n_string = 0, n_array = 0;
  gboolean all_dates = TRUE, all_datetimes = TRUE;
  guint n_present, limit;
  g_autoptr(GHashTable) distinct = NULL;

  for (guint r = 0; r < values->len; r++)
    {
      const Value *v = &g_array_index (values, Value, r);

      switch (v->kind)
        {
        case V_MISSING: break;
        case V_INT: n_int++; break;
        case V_REAL: n_real++; break;
        case V_BOOL: n_bool++; break;
        case V_ARRAY: n_array++; break;
        case V_STRING:
          {
            gsize n = strlen (v->s);
            gint32 days;
            gint64 usec;

            n_string++;
            if (all_datetimes)
              {
                gboolean is_date = sonde_reader_parse_date_iso (v->s, n, &days);

                all_dates = all_dates && is_date;
                all_datetimes = is_date || parse_datetime_iso (v->s, n, &usec);
              }
          }
          break;
        default:
          g_assert_not_reached ();
        }
    }

  n_present = n_int + n_real + n_bool + n_string + n_array;
  if (n_present == 0 || n_array > 0)
    return SONDE_COLUMN_TYPE_TEXT;
  if (n_int == n_present)
    return SONDE_COLUMN_TYPE_INTEGER;
  if (n_int + n_real == n_present)
    return SONDE_COLUMN_TYPE_REAL;
  if (n_bool == n_present)
    return SONDE_COLUMN_TYPE_BOOLEAN;
  if (n_string != n_present)
    return SONDE_COLUMN_TYPE_TEXT;
  if (all_datetimes && all_dates)
    return SONDE_COLUMN_TYPE_DATE;
  if (all_datetimes)
    return SONDE_COLUMN_TYPE_DATETIME;

  /* The categorical rule of SondeCsvReader. */
  limit = sonde_reader_category_limit (n_present);
  distinct = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint r = 0; r < values->len; r++)
    {
      const Value *v = &g_array_index (values, Value, r);

      if (v->kind != V_STRING)
        continue;
      g_hash_table_add (distinct, v->s);
      if (g_hash_table_size (distinct) > limit)
        return SONDE_COLUMN_TYPE_TEXT;
    }

  return SONDE_COLUMN_TYPE_CATEGORICAL;
}

static SondeColumn *
build_column (Parse    *p,
              ColState *st)
{
  SondeColumnType type = infer_type (st->values);
  SondeColumn *column = sonde_column_new (st->name, type);

  sonde_column_set_source (column, p->display_name);
  sonde_column_reserve (column, st->values->len);

  for (guint r = 0; r < st->values->len; r++)
    {
      const Value *v = &g_array_index (st->values, Value, r);

      if (v->kind == V_MISSING)
        {
          sonde_column_append_missing (column);
          continue;
        }

      switch (type)
        {
        case SONDE_COLUMN_TYPE_INTEGER:
          sonde_column_append_integer (column, v->i);
          break;

        case SONDE_COLUMN_TYPE_REAL:
          sonde_column_append_real (column, v->kind == V_INT ? (double) v->i : v->d);
          break;

        case SONDE_COLUMN_TYPE_BOOLEAN:
          sonde_column_append_boolean (column, v->b);
          break;

        case SONDE_COLUMN_TYPE_DATE:
          {
            gint32 days = 0;

            sonde_reader_parse_date_iso (v->s, strlen (v->s), &days);
            sonde_column_append_date (column, days);
          }
          break;

        case SONDE_COLUMN_TYPE_DATETIME:
          {
            gsize n = strlen (v->s);
            gint32 days;
            gint64 usec = 0;

            if (sonde_reader_parse_date_iso (v->s, n, &days))
              usec = (gint64) days * 86400 * G_USEC_PER_SEC;
            else
              parse_datetime_iso (v->s, n, &usec);
            sonde_column_append_datetime (column, usec);
          }
          break;

        case SONDE_COLUMN_TYPE_CATEGORICAL:
          sonde_column_append_category (column, v->s, -1);
          break;

        case SONDE_COLUMN_TYPE_TEXT:
          switch (v->kind)
            {
            case V_STRING:
            case V_ARRAY:
              sonde_column_append_text (column, v->s, -1);
              break;

            case V_INT:
              {
                char buf[32];

                g_snprintf (buf, sizeof buf, "%" G_GINT64_FORMAT, v->i);
                sonde_column_append_text (column, buf, -1);
              }
              break;

            case V_REAL:
              {
                g_autofree char *text = sonde_column_format_real (v->d);

                sonde_column_append_text (column, text, -1);
              }
              break;

            case V_BOOL:
              sonde_column_append_text (column, v->b ? "true" : "false", -1);
              break;

            case V_MISSING:
            default:
              g_assert_not_reached ();
            }
          break;

        default:
          g_assert_not_reached ();
        }
    }

  return column;
}

/* ------------------------------------------------------------------ */
/* Decoding                                                             */
/* ------------------------------------------------------------------ */

static const char *
decode (Parse       *p,
        GBytes      *bytes,
        char       **owned,
        gsize       *out_len,
        GError     **error)
{
  gsize len;
  const char *buf = g_bytes_get_data (bytes, &len);
  const char *end = NULL;

  if (buf == NULL)
    buf = "";

  if (len >= 2 && (((guchar) buf[0] == 0xFF && (guchar) buf[1] == 0xFE) ||
                   ((guchar) buf[0] == 0xFE && (guchar) buf[1] == 0xFF)))
    {
      const char *from = (guchar) buf[0] == 0xFF ? "UTF-16LE" : "UTF-16BE";
      g_autoptr(GError) local_error = NULL;

      *owned = g_convert (buf + 2, len - 2, "UTF-8", from, NULL, &len, &local_error);
      if (*owned == NULL)
        {
          g_set_error (error, SONDE_ERROR, SONDE_ERROR_ENCODING,
                       _("%s starts like a UTF-16 file but cannot be read as one (%s). The file may be truncated or damaged."),
                       p->display_name, local_error->message);
          return NULL;
        }
      buf = *owned;
    }
  else if (len >= 3 && memcmp (buf, "\xEF\xBB\xBF", 3) == 0)
    {
      buf += 3;
      len -= 3;
    }

  if (memchr (buf, '\0', len) != NULL)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_ENCODING,
                   _("%s does not look like a text file: it holds binary data. Check that it is a JSON file."),
                   p->display_name);
      return NULL;
    }

  if (!g_utf8_validate (buf, (gssize) len, &end))
    {
      guint line = 1;
      const char *line_start = buf;

      for (const char *c = buf; c < end; c++)
        {
          if (*c == '\n')
            {
              line++;
              line_start = c + 1;
            }
        }
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_ENCODING,
                   /* Translators: file name, line, position of the byte in the line, then the byte in hexadecimal */
                   _("%s, line %u, character %ld: the byte 0x%02X is not valid UTF-8, and JSON files must be UTF-8. Save the file again as UTF-8."),
                   p->display_name, line, (long) g_utf8_strlen (line_start, end - line_start) + 1,
                   (guint) (guchar) *end);
      return NULL;
    }

  *out_len = len;
  return buf;
}

/* ------------------------------------------------------------------ */
/* GObject                                                              */
/* ------------------------------------------------------------------ */

static void
sonde_json_reader_finalize (GObject *object)
{
  SondeJsonReader *self = (SondeJsonReader *)object;

  if (self->progress_destroy != NULL)
    self->progress_destroy (self->progress_data);

  G_OBJECT_CLASS (sonde_json_reader_parent_class)->finalize (object);
}

static void
sonde_json_reader_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  SondeJsonReader *self = SONDE_JSON_READER (object);

  switch (prop_id)
    {
    case PROP_FORMAT:
      g_value_set_enum (value, self->format);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sonde_json_reader_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  SondeJsonReader *self = SONDE_JSON_READER (object);

  switch (prop_id)
    {
    case PROP_FORMAT:
      sonde_json_reader_set_format (self, g_value_get_enum (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sonde_json_reader_class_init (SondeJsonReaderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sonde_json_reader_finalize;
  object_class->get_property = sonde_json_reader_get_property;
  object_class->set_property = sonde_json_reader_set_property;

  /**
   * SondeJsonReader:format:
   *
   * The layout of the records, or %SONDE_JSON_FORMAT_AUTO to decide
   * from the first byte that is not a space.
   */
  properties[PROP_FORMAT] =
    g_param_spec_enum ("format", NULL, NULL,
                       SONDE_TYPE_JSON_FORMAT, SONDE_JSON_FORMAT_AUTO,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sonde_json_reader_init (SondeJsonReader *self)
{
  self->format = SONDE_JSON_FORMAT_AUTO;
  self->detected_format = SONDE_JSON_FORMAT_AUTO;
}

/**
 * sonde_json_reader_new:
 *
 * Creates a reader that detects the layout of the file.
 *
 * Returns: (transfer full): a new #SondeJsonReader.
 */
SondeJsonReader *
sonde_json_reader_new (void)
{
  return g_object_new (SONDE_TYPE_JSON_READER, NULL);
}

/**
 * sonde_json_reader_get_format:
 * @self: a #SondeJsonReader
 *
 * Returns: the layout set, or %SONDE_JSON_FORMAT_AUTO.
 */
SondeJsonFormat
sonde_json_reader_get_format (SondeJsonReader *self)
{
  g_return_val_if_fail (SONDE_IS_JSON_READER (self), SONDE_JSON_FORMAT_AUTO);

  return self->format;
}

/**
 * sonde_json_reader_set_format:
 * @self: a #SondeJsonReader
 * @format: a #SondeJsonFormat
 *
 * Sets the layout of the records. A file that does not have it fails to
 * read with %SONDE_ERROR_PARSE.
 */
void
sonde_json_reader_set_format (SondeJsonReader *self,
                              SondeJsonFormat  format)
{
  g_return_if_fail (SONDE_IS_JSON_READER (self));
  g_return_if_fail (format <= SONDE_JSON_FORMAT_LINES);

  if (self->format != format)
    {
      self->format = format;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FORMAT]);
    }
}

/**
 * sonde_json_reader_get_detected_format:
 * @self: a #SondeJsonReader
 *
 * Returns: the layout the last read used (%SONDE_JSON_FORMAT_ARRAY or
 *   %SONDE_JSON_FORMAT_LINES), or %SONDE_JSON_FORMAT_AUTO before any
 *   read or when the file was empty.
 */
SondeJsonFormat
sonde_json_reader_get_detected_format (SondeJsonReader *self)
{
  g_return_val_if_fail (SONDE_IS_JSON_READER (self), SONDE_JSON_FORMAT_AUTO);

  return self->detected_format;
}

/**
 * sonde_json_reader_set_progress_func:
 * @self: a #SondeJsonReader
 * @func: (nullable): a #SondeProgressFunc, or %NULL
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data when replaced or when @self is
 *   finalized
 *
 * Sets a function called with the fraction read, from 0.0 to 1.0, at
 * most about fifty times a read, from the thread doing the read (see
 * #SondeProgressFunc).
 */
void
sonde_json_reader_set_progress_func (SondeJsonReader   *self,
                                     SondeProgressFunc  func,
                                     gpointer           user_data,
                                     GDestroyNotify     destroy)
{
  g_return_if_fail (SONDE_IS_JSON_READER (self));

  if (self->progress_destroy != NULL)
    self->progress_destroy (self->progress_data);

  self->progress_func = func;
  self->progress_data = user_data;
  self->progress_destroy = destroy;
}

static SondeTable *
read_buffer (Parse       *p,
             GError     **error)
{
  SondeJsonReader *self = p->self;
  g_autoptr(SondeTable) table = NULL;
  SondeJsonFormat format = self->format;
  gboolean ok;

  p->line = 1;
  p->cols = g_ptr_array_new_with_free_func (col_state_free);
  p->index = g_hash_table_new (g_str_hash, g_str_equal);
  p->path = g_string_new (NULL);
  p->scratch = g_string_new (NULL);

  if (!report_progress (p, error))
    return NULL;

  skip_ws (p);
  if (p->pos >= p->len)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_EMPTY,
                   _("%s is empty: it has no records."), p->display_name);
      return NULL;
    }

  if (format == SONDE_JSON_FORMAT_AUTO)
    {
      if (p->buf[p->pos] == '[')
        format = SONDE_JSON_FORMAT_ARRAY;
      else if (p->buf[p->pos] == '{')
        format = SONDE_JSON_FORMAT_LINES;
      else
        return not_records_error (p, p->pos, describe_value (p->buf[p->pos]), error), NULL;
    }
  self->detected_format = format;

  if (format == SONDE_JSON_FORMAT_ARRAY)
    {
      if (p->buf[p->pos] != '[')
        return not_records_error (p, p->pos, describe_value (p->buf[p->pos]), error), NULL;
      ok = read_array (p, error);
    }
  else
    ok = read_lines (p, error);

  if (!ok)
    return NULL;

  if (p->cols->len == 0)
    {
      if (p->n_rows == 0)
        g_set_error (error, SONDE_ERROR, SONDE_ERROR_EMPTY,
                     _("%s holds no records: the array is empty."), p->display_name);
      else
        g_set_error (error, SONDE_ERROR, SONDE_ERROR_EMPTY,
                     _("%s holds %u records but none of them has a key, so there is no column to read."),
                     p->display_name, p->n_rows);
      return NULL;
    }

  if (g_cancellable_set_error_if_cancelled (p->cancellable, error))
    return NULL;

  table = sonde_table_new (p->display_name);
  for (guint c = 0; c < p->cols->len; c++)
    {
      ColState *st = g_ptr_array_index (p->cols, c);
      g_autoptr(SondeColumn) column = build_column (p, st);

      /* The cells are not needed any more: give their memory back as
       * the typed columns grow. */
      g_clear_pointer (&st->values, g_array_unref);
      sonde_column_shrink (column);
      if (!sonde_table_add_column (table, column, error))
        return NULL;
    }

  if (self->progress_func != NULL)
    self->progress_func (1.0, self->progress_data);

  return g_steal_pointer (&table);
}

/**
 * sonde_json_reader_read_bytes:
 * @self: a #SondeJsonReader
 * @bytes: the content of a JSON or NDJSON file
 * @display_name: the name to show in messages and to give the table
 *   ("students.json")
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Reads a table from memory. An empty file, or an array with no
 * objects, fails with %SONDE_ERROR_EMPTY, as SondeCsvReader does for an
 * empty file. Do not change the settings of @self while a read runs.
 *
 * Returns: (transfer full) (nullable): the table, or %NULL with @error
 *   set in the %SONDE_ERROR domain (or %G_IO_ERROR_CANCELLED).
 */
SondeTable *
sonde_json_reader_read_bytes (SondeJsonReader  *self,
                              GBytes           *bytes,
                              const char       *display_name,
                              GCancellable     *cancellable,
                              GError          **error)
{
  Parse p = { 0 };
  g_autofree char *owned = NULL;
  SondeTable *table;

  g_return_val_if_fail (SONDE_IS_JSON_READER (self), NULL);
  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (display_name != NULL, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self->detected_format = SONDE_JSON_FORMAT_AUTO;

  p.self = self;
  p.display_name = display_name;
  p.cancellable = cancellable;
  p.buf = decode (&p, bytes, &owned, &p.len, error);
  if (p.buf == NULL)
    return NULL;

  table = read_buffer (&p, error);
  parse_clear (&p);

  return table;
}

/**
 * sonde_json_reader_read_file:
 * @self: a #SondeJsonReader
 * @file: a #GFile
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Reads a table from @file: local files are mapped in memory, others are
 * loaded through GIO. A file larger than a quarter of the memory of the
 * computer is refused with %SONDE_ERROR_TOO_LARGE before it is read. The
 * table is named after the file's base name and its source is the
 * file's path (or URI). This blocks: from a user interface, use
 * sonde_json_reader_read_file_async().
 *
 * Returns: (transfer full) (nullable): the table, or %NULL with @error
 *   set (%SONDE_ERROR, %G_IO_ERROR or %G_FILE_ERROR domains).
 */
SondeTable *
sonde_json_reader_read_file (SondeJsonReader  *self,
                             GFile            *file,
                             GCancellable     *cancellable,
                             GError          **error)
{
  g_return_val_if_fail (SONDE_IS_JSON_READER (self), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* JSON cells take more room than their text while reading; a quarter
   * of the memory leaves room for them. */
  return sonde_reader_read_file (self, (SondeReadBytesFunc) sonde_json_reader_read_bytes, file, 4,
                                 cancellable, error);
}

/**
 * sonde_json_reader_read_file_async:
 * @self: a #SondeJsonReader
 * @file: a #GFile
 * @cancellable: (nullable): a #GCancellable
 * @callback: called in the thread-default main context of the caller
 *   when the read is done
 * @user_data: data for @callback
 *
 * Reads a table from @file in a worker thread, as
 * sonde_json_reader_read_file() does. Do not use @self for anything else
 * until @callback has run; the progress function set on @self is called
 * from the worker thread.
 */
void
sonde_json_reader_read_file_async (SondeJsonReader     *self,
                                   GFile               *file,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (SONDE_IS_JSON_READER (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  sonde_reader_read_file_async (self, (SondeReadFileFunc) sonde_json_reader_read_file,
                                sonde_json_reader_read_file_async,
                                file, cancellable, callback, user_data);
}

/**
 * sonde_json_reader_read_file_finish:
 * @self: a #SondeJsonReader
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #GError
 *
 * Completes sonde_json_reader_read_file_async().
 *
 * Returns: (transfer full) (nullable): the table, or %NULL with @error
 *   set.
 */
SondeTable *
sonde_json_reader_read_file_finish (SondeJsonReader  *self,
                                    GAsyncResult     *result,
                                    GError          **error)
{
  g_return_val_if_fail (SONDE_IS_JSON_READER (self), NULL);

  return sonde_reader_read_file_finish (self, result, sonde_json_reader_read_file_async, error);
}
