/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sonde-engine"

/* SondeArffReader: turns a Weka ARFF file into a SondeTable, for the
 * Import pane and `sonde-cli import`. ARFF is what the Weka tutorials
 * and the UCI data sets of machine-learning courses come in; files go
 * from a few lines (iris, weather) to some hundred megabytes.
 *
 * What is read:
 *  - `@relation name`: the name of the table;
 *  - `@attribute name type`, with type `numeric` or `real` (decimal
 *    numbers), `integer` (whole numbers), `string` (text), a list of
 *    values in braces `{red, green, 'light blue'}` (a category column
 *    whose dictionary keeps the declared order, values never used
 *    included), or `date` with an optional Java date format. The default
 *    format is `yyyy-MM-dd'T'HH:mm:ss`; formats built from `yyyy`, `MM`,
 *    `dd`, `HH`, `mm`, `ss`, `SSS` and literal text are read (so
 *    `yyyy-MM-dd`, `dd/MM/yyyy` and `yyyy-MM-dd HH:mm:ss` are). A format
 *    without hours gives a date column, else a date-time column (UTC);
 *  - `@data`, then one instance a line, either dense (`5.1,3.5,yes`) or
 *    sparse (`{0 5.1, 2 yes}`). In a sparse instance an unlisted numeric
 *    attribute is 0 and an unlisted nominal one takes its first declared
 *    value, as in Weka; an unlisted date is 1970-01-01 (Weka's 0) and an
 *    unlisted string is missing (Weka would take the first string it
 *    met, which depends on the order rows are read in);
 *  - `?` is a missing value; `'?'` in quotes is the text "?";
 *  - `%` starts a comment, outside quotes, anywhere on a line;
 *  - names and values may be quoted with '...' or "..."; a backslash
 *    escapes the next character (\n, \r and \t are line break, carriage
 *    return and tab);
 *  - keywords and type names are case-insensitive.
 * Relational attributes, instance weights (`{...}, {2.0}`) and time
 * zones in date formats are not supported: they give a clear error.
 *
 * Everything is checked: a value that does not fit its attribute, a row
 * with the wrong number of values, an unknown type... stop the read with
 * a message naming the line, the column (in characters) and the value.
 * The file must be UTF-8 (a byte order mark is dropped).
 */

#include "config.h"

#include <inttypes.h>

#include <errno.h>
#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "sonde-arff-reader.h"
#include "sonde-error.h"
#include "sonde-reader-private.h"

#define MAX_COLUMNS     100000
#define EXCERPT_CHARS   20
#define CHECK_EVERY     4096
#define LIST_VALUES     10

struct _SondeArffReader
{
  GObject            parent_instance;

  SondeProgressFunc  progress_func;
  gpointer           progress_data;
  GDestroyNotify     progress_destroy;
};

G_DEFINE_FINAL_TYPE (SondeArffReader, sonde_arff_reader, G_TYPE_OBJECT)

/* ------------------------------------------------------------------ */
/* Date formats                                                         */
/* ------------------------------------------------------------------ */

typedef enum
{
  DF_LITERAL,
  DF_YEAR,
  DF_MONTH,
  DF_DAY,
  DF_HOUR,
  DF_MINUTE,
  DF_SECOND,
  DF_MILLI,
} DateFieldKind;

typedef struct
{
  DateFieldKind kind;
  guint         width;    /* letters in the pattern */
  char         *literal;  /* for DF_LITERAL */
} DateField;

typedef struct
{
  char    *pattern;
  GArray  *fields;        /* DateField */
  gboolean has_time;
} DateFormat;

static void
date_field_clear (gpointer data)
{
  DateField *f = data;

  g_clear_pointer (&f->literal, g_free);
}

static void
date_format_free (DateFormat *df)
{
  if (df == NULL)
    return;
  g_free (df->pattern);
  g_clear_pointer (&df->fields, g_array_unref);
  g_free (df);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DateFormat, date_format_free)

/* Compiles a Java SimpleDateFormat pattern. Returns NULL and sets
 * *bad to the unsupported letters when it uses something else. */
static DateFormat *
date_format_new (const char  *pattern,
                 char       **bad)
{
  g_autoptr(DateFormat) df = g_new0 (DateFormat, 1);
  const char *s = pattern;

  df->pattern = g_strdup (pattern);
  df->fields = g_array_new (FALSE, TRUE, sizeof (DateField));
  g_array_set_clear_func (df->fields, date_field_clear);

  while (*s != '\0')
    {
      DateField f = { DF_LITERAL, 0, NULL };

      if (g_ascii_isalpha (*s))
        {
          char letter = *s;
          guint n = 0;

          while (s[n] == letter)
            n++;
          f.width = n;
          switch (letter)
            {
            case 'y': f.kind = n == 4 ? DF_YEAR : DF_LITERAL; break;
            case 'M': f.kind = n <= 2 ? DF_MONTH : DF_LITERAL; break;
            case 'd': f.kind = n <= 2 ? DF_DAY : DF_LITERAL; break;
            case 'H': f.kind = n <= 2 ? DF_HOUR : DF_LITERAL; break;
            case 'm': f.kind = n <= 2 ? DF_MINUTE : DF_LITERAL; break;
            case 's': f.kind = n <= 2 ? DF_SECOND : DF_LITERAL; break;
            case 'S': f.kind = n == 3 ? DF_MILLI : DF_LITERAL; break;
            default: f.kind = DF_LITERAL; break;
            }
          if (f.kind == DF_LITERAL)
            {
              *bad = g_strndup (s, n);
              return NULL;
            }
          if (f.kind >= DF_HOUR)
            df->has_time = TRUE;
          s += n;
        }
      else if (*s == '\'')
        {
          GString *lit = g_string_new (NULL);

          s++;
          if (*s == '\'')
            {
              g_string_append_c (lit, '\'');
              s++;
            }
          else
            {
              while (*s != '\0')
                {
                  if (*s == '\'' && s[1] == '\'')
                    {
                      g_string_append_c (lit, '\'');
                      s += 2;
                    }
                  else if (*s == '\'')
                    {
                      s++;
                      break;
                    }
                  else
                    g_string_append_c (lit, *s++);
                }
            }
          f.literal = g_string_free (lit, FALSE);
        }
      else
        {
          const char *next = g_utf8_next_char (s);

          f.literal = g_strndup (s, (gsize) (next - s));
          s = next;
        }
      g_array_append_val (df->fields, f);
    }

  return g_steal_pointer (&df);
}

static gboolean
read_field_digits (const char **s,
                   guint        min,
                   guint        max,
                   int         *out)
{
  int v = 0;
  guint n = 0;

  while (n < max && g_ascii_isdigit ((*s)[n]))
    {
      v = v * 10 + ((*s)[n] - '0');
      n++;
    }
  if (n < min)
    return FALSE;
  *s += n;
  *out = v;
  return TRUE;
}

/* Reads @text with @df: days since 1970 in *days, and microseconds since
 * 1970 in *usec. */
static gboolean
date_format_parse (const DateFormat *df,
                   const char       *text,
                   gint32           *days,
                   gint64           *usec)
{
  const char *s = text;
  int y = 1970, mo = 1, d = 1, h = 0, mi = 0, sec = 0, ms = 0;

  for (guint i = 0; i < df->fields->len; i++)
    {
      const DateField *f = &g_array_index (df->fields, DateField, i);
      gboolean next_is_number = i + 1 < df->fields->len &&
        g_array_index (df->fields, DateField, i + 1).kind != DF_LITERAL;
      guint min = next_is_number ? f->width : 1;
      guint max = next_is_number ? f->width : 2;
      gboolean ok;

      switch (f->kind)
        {
        case DF_LITERAL:
          ok = g_str_has_prefix (s, f->literal);
          s += ok ? strlen (f->literal) : 0;
          break;
        case DF_YEAR: ok = read_field_digits (&s, 4, 4, &y); break;
        case DF_MONTH: ok = read_field_digits (&s, min, max, &mo); break;
        case DF_DAY: ok = read_field_digits (&s, min, max, &d); break;
        case DF_HOUR: ok = read_field_digits (&s, min, max, &h); break;
        case DF_MINUTE: ok = read_field_digits (&s, min, max, &mi); break;
        case DF_SECOND: ok = read_field_digits (&s, min, max, &sec); break;
        case DF_MILLI: ok = read_field_digits (&s, 3, 3, &ms); break;
        default: g_assert_not_reached ();
        }
      if (!ok)
        return FALSE;
    }

  if (*s != '\0' || h > 23 || mi > 59 || sec > 60 || !sonde_date_from_ymd (y, mo, d, days))
    return FALSE;

  *usec = ((gint64) *days * 86400 + (gint64) h * 3600 + mi * 60 + sec) * G_USEC_PER_SEC
          + (gint64) ms * 1000;
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Attributes                                                           */
/* ------------------------------------------------------------------ */

typedef enum
{
  ATTR_NUMERIC,
  ATTR_INTEGER,
  ATTR_NOMINAL,
  ATTR_STRING,
  ATTR_DATE,
} AttrKind;

typedef struct
{
  char        *name;
  AttrKind     kind;
  GHashTable  *codes;     /* nominal: label -> code + 1 */
  GPtrArray   *labels;    /* nominal: the labels in order */
  DateFormat  *format;    /* date */
  SondeColumn *column;
} Attr;

static void
attr_free (gpointer data)
{
  Attr *a = data;

  g_free (a->name);
  g_clear_pointer (&a->codes, g_hash_table_unref);
  g_clear_pointer (&a->labels, g_ptr_array_unref);
  g_clear_pointer (&a->format, date_format_free);
  g_clear_object (&a->column);
  g_free (a);
}

/* ------------------------------------------------------------------ */
/* Lines and tokens                                                     */
/* ------------------------------------------------------------------ */

typedef struct
{
  SondeArffReader *self;
  const char      *display_name;
  GCancellable    *cancellable;
  const char      *buf;
  gsize            len;
  gsize            next;        /* start of the next line */
  gsize            next_progress;

  /* The current line, without its line break */
  const char      *s;
  gsize            n;
  gsize            i;
  guint            line;

  char            *relation;
  GPtrArray       *attrs;       /* Attr */
  GHashTable      *attr_names;
  GPtrArray       *tokens;      /* Token, the values of a row */
  guint            n_rows;
} Parse;

typedef struct
{
  char     *text;
  gboolean  quoted;
  guint     column;   /* in characters, from 1 */
  guint     index;    /* sparse: the attribute */
} Token;

static void
token_free (gpointer data)
{
  Token *t = data;

  g_free (t->text);
  g_free (t);
}

static void
parse_clear (Parse *p)
{
  g_clear_pointer (&p->relation, g_free);
  g_clear_pointer (&p->attrs, g_ptr_array_unref);
  g_clear_pointer (&p->attr_names, g_hash_table_unref);
  g_clear_pointer (&p->tokens, g_ptr_array_unref);
}

static gboolean
next_line (Parse *p)
{
  const char *nl;

  if (p->next >= p->len)
    return FALSE;

  p->s = p->buf + p->next;
  nl = memchr (p->s, '\n', p->len - p->next);
  p->n = nl != NULL ? (gsize) (nl - p->s) : p->len - p->next;
  p->next += p->n + (nl != NULL ? 1 : 0);
  if (p->n > 0 && p->s[p->n - 1] == '\r')
    p->n--;
  p->i = 0;
  p->line++;

  return TRUE;
}

static inline void
skip_space (Parse *p)
{
  while (p->i < p->n && (p->s[p->i] == ' ' || p->s[p->i] == '\t'))
    p->i++;
}

/* At the end of the line, or at a comment. */
static inline gboolean
at_end (Parse *p)
{
  skip_space (p);
  return p->i >= p->n || p->s[p->i] == '%';
}

static guint
column_at (const Parse *p,
           gsize        at)
{
  return (guint) g_utf8_strlen (p->s, (gssize) at) + 1;
}

static char *
excerpt_at (const Parse *p,
            gsize        at)
{
  GString *out = g_string_new (NULL);
  const char *q = p->s + at;
  const char *end = p->s + p->n;

  for (guint k = 0; k < EXCERPT_CHARS && q < end; k++)
    {
      gunichar c = g_utf8_get_char (q);

      g_string_append_unichar (out, g_unichar_iscntrl (c) ? ' ' : c);
      q = g_utf8_next_char (q);
    }
  if (q < end)
    g_string_append (out, "…");
  if (out->len == 0)
    g_string_append (out, _("the end of the line"));

  return g_string_free (out, FALSE);
}

static gboolean
error_at (Parse       *p,
          gsize        at,
          const char  *what,
          GError     **error)
{
  g_autofree char *text = excerpt_at (p, at);

  g_set_error (error, SONDE_ERROR, SONDE_ERROR_PARSE,
               /* Translators: file name, line, column, an explanation, then the text found there */
               _("%s, line %u, column %u: %s (found “%s”)."),
               p->display_name, p->line, column_at (p, at), what, text);
  return FALSE;
}

/* Reads a name or a value at p->i: quoted with ' or ", or up to a space
 * (when @stop_at_space) or one of @stops, trailing spaces trimmed. */
static gboolean
read_token (Parse       *p,
            const char  *stops,
            gboolean     stop_at_space,
            Token       *tok,
            GError     **error)
{
  GString *out = g_string_new (NULL);
  gsize start;

  skip_space (p);
  start = p->i;
  tok->column = column_at (p, start);
  tok->quoted = FALSE;

  if (p->i < p->n && (p->s[p->i] == '\'' || p->s[p->i] == '"'))
    {
      char quote = p->s[p->i++];

      tok->quoted = TRUE;
      for (;;)
        {
          char c;

          if (p->i >= p->n)
            {
              g_string_free (out, TRUE);
              return error_at (p, start, _("this quote is never closed on its line"), error);
            }
          c = p->s[p->i++];
          if (c == quote)
            break;
          if (c == '\\' && p->i < p->n)
            {
              c = p->s[p->i++];
              switch (c)
                {
                case 'n': c = '\n'; break;
                case 'r': c = '\r'; break;
                case 't': c = '\t'; break;
                default: break;
                }
            }
          g_string_append_c (out, c);
        }
    }
  else
    {
      while (p->i < p->n)
        {
          char c = p->s[p->i];

          if (strchr (stops, c) != NULL || c == '%' || c == '\'' || c == '"' ||
              (stop_at_space && (c == ' ' || c == '\t')))
            break;
          p->i++;
        }
      g_string_append_len (out, p->s + start, (gssize) (p->i - start));
      while (out->len > 0 && (out->str[out->len - 1] == ' ' || out->str[out->len - 1] == '\t'))
        g_string_truncate (out, out->len - 1);
    }

  tok->text = g_string_free (out, FALSE);
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Header                                                               */
/* ------------------------------------------------------------------ */

static gboolean
read_nominal_values (Parse    *p,
                     Attr     *a,
                     GError  **error)
{
  g_assert (p->s[p->i] == '{');
  p->i++;

  a->labels = g_ptr_array_new_with_free_func (g_free);
  a->codes = g_hash_table_new (g_str_hash, g_str_equal);

  skip_space (p);
  if (p->i < p->n && p->s[p->i] == '}')
    {
      p->i++;
      return TRUE;
    }

  for (;;)
    {
      Token t = { 0 };
      gsize at;

      skip_space (p);
      at = p->i;
      if (!read_token (p, ",}", FALSE, &t, error))
        return FALSE;
      if (!t.quoted && t.text[0] == '\0')
        {
          g_free (t.text);
          return error_at (p, at, _("a value is missing in the list of values"), error);
        }
      if (g_hash_table_contains (a->codes, t.text))
        {
          g_autofree char *what = g_strdup_printf (_("the value “%s” is declared twice for %s"), t.text, a->name);

          g_free (t.text);
          return error_at (p, at, what, error);
        }
      g_ptr_array_add (a->labels, t.text);
      g_hash_table_insert (a->codes, t.text, GUINT_TO_POINTER (a->labels->len));

      skip_space (p);
      if (p->i < p->n && p->s[p->i] == ',')
        {
          p->i++;
          continue;
        }
      if (p->i < p->n && p->s[p->i] == '}')
        {
          p->i++;
          return TRUE;
        }
      return error_at (p, p->i, _("expected a comma or “}” in the list of values"), error);
    }
}

static gboolean
read_attribute (Parse    *p,
                GError  **error)
{
  Attr *a;
  Token name = { 0 };
  Token type = { 0 };
  g_autofree char *type_text = NULL;
  gsize type_at;

  skip_space (p);
  if (at_end (p))
    return error_at (p, p->i, _("@attribute must be followed by a name and a type"), error);
  if (!read_token (p, "{", TRUE, &name, error))
    return FALSE;

  a = g_new0 (Attr, 1);
  a->name = name.text;
  g_ptr_array_add (p->attrs, a);

  if (g_hash_table_contains (p->attr_names, a->name))
    {
      g_autofree char *what = g_strdup_printf (_("two attributes are named “%s”"), a->name);

      return error_at (p, p->i, what, error);
    }
  g_hash_table_add (p->attr_names, a->name);

  if (p->attrs->len > MAX_COLUMNS)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_TOO_LARGE,
                   _("%s, line %u: more than %u attributes; Sonde reads at most %u columns."),
                   p->display_name, p->line, MAX_COLUMNS, MAX_COLUMNS);
      return FALSE;
    }

  skip_space (p);
  type_at = p->i;
  if (at_end (p))
    {
      g_autofree char *what = g_strdup_printf (_("the attribute %s has no type"), a->name);

      return error_at (p, p->i, what, error);
    }

  if (p->s[p->i] == '{')
    {
      a->kind = ATTR_NOMINAL;
      if (!read_nominal_values (p, a, error))
        return FALSE;
    }
  else
    {
      if (!read_token (p, "{", TRUE, &type, error))
        return FALSE;
      type_text = type.text;

      if (g_ascii_strcasecmp (type_text, "numeric") == 0 || g_ascii_strcasecmp (type_text, "real") == 0)
        a->kind = ATTR_NUMERIC;
      else if (g_ascii_strcasecmp (type_text, "integer") == 0)
        a->kind = ATTR_INTEGER;
      else if (g_ascii_strcasecmp (type_text, "string") == 0)
        a->kind = ATTR_STRING;
      else if (g_ascii_strcasecmp (type_text, "date") == 0)
        {
          g_autofree char *bad = NULL;
          g_autofree char *pattern = NULL;

          a->kind = ATTR_DATE;
          if (!at_end (p))
            {
              Token fmt = { 0 };

              type_at = p->i;
              if (!read_token (p, "", FALSE, &fmt, error))
                return FALSE;
              pattern = fmt.text;
            }
          else
            pattern = g_strdup ("yyyy-MM-dd'T'HH:mm:ss");

          a->format = date_format_new (pattern, &bad);
          if (a->format == NULL)
            {
              g_autofree char *what =
                g_strdup_printf (_("the date format “%s” of %s uses “%s”, which Sonde cannot read; use yyyy, MM, dd, HH, mm, ss, SSS and literal text, for example yyyy-MM-dd or dd/MM/yyyy"),
                                 pattern, a->name, bad);

              return error_at (p, type_at, what, error);
            }
        }
      else if (g_ascii_strcasecmp (type_text, "relational") == 0)
        {
          g_autofree char *what =
            g_strdup_printf (_("%s is a relational attribute, which Sonde does not support; flatten the relation into ordinary attributes in Weka first"),
                             a->name);

          return error_at (p, type_at, what, error);
        }
      else
        {
          g_autofree char *what =
            g_strdup_printf (_("“%s” is not an attribute type; use numeric, real, integer, string, date, or a list of values in braces such as {yes,no}"),
                             type_text);

          return error_at (p, type_at, what, error);
        }
    }

  if (!at_end (p))
    return error_at (p, p->i, _("unexpected text after the type of the attribute"), error);

  return TRUE;
}

static gboolean
read_header (Parse    *p,
             GError  **error)
{
  while (next_line (p))
    {
      gsize start;
      g_autofree char *keyword = NULL;

      if (at_end (p))
        continue;

      start = p->i;
      if (p->s[p->i] != '@')
        return error_at (p, start, _("expected @relation, @attribute or @data"), error);
      while (p->i < p->n && p->s[p->i] != ' ' && p->s[p->i] != '\t' && p->s[p->i] != '%' && p->s[p->i] != '{')
        p->i++;
      keyword = g_strndup (p->s + start, p->i - start);

      if (g_ascii_strcasecmp (keyword, "@relation") == 0)
        {
          Token t = { 0 };

          if (at_end (p))
            return error_at (p, p->i, _("@relation must be followed by a name"), error);
          if (!read_token (p, "", TRUE, &t, error))
            return FALSE;
          g_free (p->relation);
          p->relation = t.text;
          if (!at_end (p))
            return error_at (p, p->i, _("a name with spaces must be in quotes"), error);
        }
      else if (g_ascii_strcasecmp (keyword, "@attribute") == 0)
        {
          if (!read_attribute (p, error))
            return FALSE;
        }
      else if (g_ascii_strcasecmp (keyword, "@data") == 0)
        {
          if (!at_end (p))
            return error_at (p, p->i, _("unexpected text after @data"), error);
          return TRUE;
        }
      else
        return error_at (p, start, _("expected @relation, @attribute or @data"), error);
    }

  g_set_error (error, SONDE_ERROR, p->attrs->len == 0 ? SONDE_ERROR_EMPTY : SONDE_ERROR_PARSE,
               _("%s has no @data line: it is not an ARFF file, or it is truncated."),
               p->display_name);
  return FALSE;
}

/* ------------------------------------------------------------------ */
/* Data                                                                 */
/* ------------------------------------------------------------------ */

static char *
list_labels (Attr *a)
{
  GString *out = g_string_new (NULL);

  for (guint k = 0; k < a->labels->len && k < LIST_VALUES; k++)
    {
      if (k > 0)
        g_string_append (out, ", ");
      g_string_append (out, g_ptr_array_index (a->labels, k));
    }
  if (a->labels->len > LIST_VALUES)
    g_string_append (out, ", …");

  return g_string_free (out, FALSE);
}

static gboolean
value_error (Parse       *p,
             const Token *t,
             Attr        *a,
             GError     **error)
{
  g_autofree char *text = g_strndup (t->text, 200);

  switch (a->kind)
    {
    case ATTR_NUMERIC:
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_PARSE,
                   /* Translators: file name, line, column, the value, then the attribute name */
                   _("%s, line %u, column %u: the value “%s” is not a number, but %s is declared numeric."),
                   p->display_name, p->line, t->column, text, a->name);
      break;

    case ATTR_INTEGER:
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_PARSE,
                   _("%s, line %u, column %u: the value “%s” is not a whole number, but %s is declared integer."),
                   p->display_name, p->line, t->column, text, a->name);
      break;

    case ATTR_NOMINAL:
      {
        g_autofree char *labels = list_labels (a);

        g_set_error (error, SONDE_ERROR, SONDE_ERROR_PARSE,
                     /* Translators: file name, line, column, the value, the attribute name, then its declared values */
                     _("%s, line %u, column %u: the value “%s” is not one of the values declared for %s: %s."),
                     p->display_name, p->line, t->column, text, a->name, labels);
      }
      break;

    case ATTR_DATE:
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_PARSE,
                   _("%s, line %u, column %u: the value “%s” does not match the date format “%s” declared for %s."),
                   p->display_name, p->line, t->column, text, a->format->pattern, a->name);
      break;

    case ATTR_STRING:
    default:
      g_assert_not_reached ();
    }

  return FALSE;
}

static gboolean
append_token (Parse        *p,
              Attr         *a,
              const Token  *t,
              GError      **error)
{
  if (!t->quoted && strcmp (t->text, "?") == 0)
    {
      sonde_column_append_missing (a->column);
      return TRUE;
    }

  switch (a->kind)
    {
    case ATTR_NUMERIC:
      {
        char *end = NULL;
        double d;

        d = g_ascii_strtod (t->text, &end);
        if (t->text[0] == '\0' || *end != '\0' || g_ascii_isspace (t->text[0]))
          return value_error (p, t, a, error);
        sonde_column_append_real (a->column, d);
      }
      break;

    case ATTR_INTEGER:
      {
        char *end = NULL;
        gint64 v;

        errno = 0;
        v = g_ascii_strtoll (t->text, &end, 10);
        if (t->text[0] == '\0' || *end != '\0' || errno != 0 || g_ascii_isspace (t->text[0]))
          {
            /* Weka writes integer attributes as "3.0". */
            double d = g_ascii_strtod (t->text, &end);

            if (t->text[0] == '\0' || *end != '\0' || g_ascii_isspace (t->text[0]) ||
                d != floor (d) || fabs (d) > 9007199254740992.0)
              return value_error (p, t, a, error);
            v = (gint64) d;
          }
        sonde_column_append_integer (a->column, v);
      }
      break;

    case ATTR_NOMINAL:
      {
        guint code = GPOINTER_TO_UINT (g_hash_table_lookup (a->codes, t->text));

        if (code == 0)
          return value_error (p, t, a, error);
        sonde_column_append_code (a->column, code - 1);
      }
      break;

    case ATTR_STRING:
      sonde_column_append_text (a->column, t->text, -1);
      break;

    case ATTR_DATE:
      {
        gint32 days;
        gint64 usec;

        if (!date_format_parse (a->format, t->text, &days, &usec))
          return value_error (p, t, a, error);
        if (a->format->has_time)
          sonde_column_append_datetime (a->column, usec);
        else
          sonde_column_append_date (a->column, days);
      }
      break;

    default:
      g_assert_not_reached ();
    }

  return TRUE;
}

static void
append_default (Attr *a)
{
  switch (a->kind)
    {
    case ATTR_NUMERIC:
      sonde_column_append_real (a->column, 0.0);
      break;

    case ATTR_INTEGER:
      sonde_column_append_integer (a->column, 0);
      break;

    case ATTR_NOMINAL:
      if (a->labels->len > 0)
        sonde_column_append_code (a->column, 0);
      else
        sonde_column_append_missing (a->column);
      break;

    case ATTR_DATE:
      if (a->format->has_time)
        sonde_column_append_datetime (a->column, 0);
      else
        sonde_column_append_date (a->column, 0);
      break;

    case ATTR_STRING:
    default:
      sonde_column_append_missing (a->column);
      break;
    }
}

static gboolean
read_dense (Parse    *p,
            GError  **error)
{
  guint n_attrs = p->attrs->len;

  g_ptr_array_set_size (p->tokens, 0);
  for (;;)
    {
      Token *t = g_new0 (Token, 1);

      g_ptr_array_add (p->tokens, t);
      if (!read_token (p, ",", FALSE, t, error))
        return FALSE;
      skip_space (p);
      if (p->i < p->n && p->s[p->i] == ',')
        {
          p->i++;
          continue;
        }
      if (!at_end (p))
        return error_at (p, p->i, _("expected a comma between two values; a value with spaces or commas must be in quotes"), error);
      break;
    }

  if (p->tokens->len != n_attrs)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_RAGGED,
                   /* Translators: file name, line, values in the row, then declared attributes */
                   _("%s, line %u: this row has %u values but %u attributes are declared. Look for a missing or extra comma, or a value with a comma that is not in quotes."),
                   p->display_name, p->line, p->tokens->len, n_attrs);
      return FALSE;
    }

  for (guint k = 0; k < n_attrs; k++)
    {
      if (!append_token (p, g_ptr_array_index (p->attrs, k), g_ptr_array_index (p->tokens, k), error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
read_sparse (Parse    *p,
             GError  **error)
{
  guint n_attrs = p->attrs->len;
  g_autofree Token **by_index = g_new0 (Token *, n_attrs);

  g_assert (p->s[p->i] == '{');
  p->i++;
  g_ptr_array_set_size (p->tokens, 0);

  skip_space (p);
  if (p->i < p->n && p->s[p->i] == '}')
    p->i++;
  else
    for (;;)
      {
        Token *t;
        gsize at;
        guint64 index = 0;
        guint digits = 0;

        skip_space (p);
        at = p->i;
        while (p->i < p->n && g_ascii_isdigit (p->s[p->i]) && digits < 10)
          {
            index = index * 10 + (guint64) (p->s[p->i] - '0');
            p->i++;
            digits++;
          }
        if (digits == 0 || p->i >= p->n || (p->s[p->i] != ' ' && p->s[p->i] != '\t'))
          return error_at (p, at, _("a sparse instance holds pairs of an attribute number and a value, such as {0 5.1, 3 yes}"), error);
        if (index >= n_attrs)
          {
            g_autofree char *what =
              g_strdup_printf (_("there is no attribute number %" PRIu64 "; attributes are numbered from 0 to %u"),
                               (uint64_t) index, n_attrs - 1);

            return error_at (p, at, what, error);
          }

        t = g_new0 (Token, 1);
        g_ptr_array_add (p->tokens, t);
        t->index = (guint) index;
        if (!read_token (p, ",}", FALSE, t, error))
          return FALSE;
        by_index[index] = t;

        skip_space (p);
        if (p->i < p->n && p->s[p->i] == ',')
          {
            p->i++;
            continue;
          }
        if (p->i < p->n && p->s[p->i] == '}')
          {
            p->i++;
            break;
          }
        return error_at (p, p->i, _("expected a comma or “}” in a sparse instance"), error);
      }

  if (!at_end (p))
    return error_at (p, p->i, _("unexpected text after a sparse instance (instance weights are not supported)"), error);

  for (guint k = 0; k < n_attrs; k++)
    {
      Attr *a = g_ptr_array_index (p->attrs, k);

      if (by_index[k] == NULL)
        append_default (a);
      else if (!append_token (p, a, by_index[k], error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
report_progress (Parse   *p,
                 GError **error)
{
  SondeArffReader *self = p->self;

  if (g_cancellable_set_error_if_cancelled (p->cancellable, error))
    return FALSE;

  if (p->next >= p->next_progress && self->progress_func != NULL && p->len > 0)
    {
      self->progress_func ((double) p->next / p->len, self->progress_data);
      p->next_progress = p->next + MAX (p->len / 50, 1);
    }

  return TRUE;
}

static SondeTable *
read_buffer (Parse   *p,
             GError **error)
{
  g_autoptr(SondeTable) table = NULL;
  guint lines = 0;

  p->attrs = g_ptr_array_new_with_free_func (attr_free);
  p->attr_names = g_hash_table_new (g_str_hash, g_str_equal);
  p->tokens = g_ptr_array_new_with_free_func (token_free);

  if (!report_progress (p, error))
    return NULL;

  if (!read_header (p, error))
    return NULL;

  if (p->attrs->len == 0)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_EMPTY,
                   _("%s declares no attribute, so there is no column to read."),
                   p->display_name);
      return NULL;
    }

  for (guint k = 0; k < p->attrs->len; k++)
    {
      Attr *a = g_ptr_array_index (p->attrs, k);
      SondeColumnType type;

      switch (a->kind)
        {
        case ATTR_NUMERIC: type = SONDE_COLUMN_TYPE_REAL; break;
        case ATTR_INTEGER: type = SONDE_COLUMN_TYPE_INTEGER; break;
        case ATTR_NOMINAL: type = SONDE_COLUMN_TYPE_CATEGORICAL; break;
        case ATTR_STRING: type = SONDE_COLUMN_TYPE_TEXT; break;
        case ATTR_DATE: type = a->format->has_time ? SONDE_COLUMN_TYPE_DATETIME : SONDE_COLUMN_TYPE_DATE; break;
        default: g_assert_not_reached ();
        }
      a->column = sonde_column_new (a->name, type);
      sonde_column_set_source (a->column, p->display_name);
      if (a->kind == ATTR_NOMINAL)
        for (guint l = 0; l < a->labels->len; l++)
          sonde_column_add_category (a->column, g_ptr_array_index (a->labels, l), -1);
    }

  while (next_line (p))
    {
      gboolean ok;

      if ((++lines % CHECK_EVERY) == 0 && !report_progress (p, error))
        return NULL;

      if (at_end (p))
        continue;

      if (p->n_rows == G_MAXUINT - 1)
        {
          g_set_error (error, SONDE_ERROR, SONDE_ERROR_TOO_LARGE,
                       _("%s has more than %u rows, more than Sonde can hold in one table."),
                       p->display_name, G_MAXUINT - 1);
          return NULL;
        }

      if (p->s[p->i] == '{')
        ok = read_sparse (p, error);
      else
        ok = read_dense (p, error);
      if (!ok)
        return NULL;
      p->n_rows++;
    }

  table = sonde_table_new (p->relation != NULL ? p->relation : p->display_name);
  for (guint k = 0; k < p->attrs->len; k++)
    {
      Attr *a = g_ptr_array_index (p->attrs, k);

      g_assert (sonde_column_get_n_rows (a->column) == p->n_rows);
      sonde_column_shrink (a->column);
      if (!sonde_table_add_column (table, a->column, error))
        return NULL;
    }

  if (p->self->progress_func != NULL)
    p->self->progress_func (1.0, p->self->progress_data);

  return g_steal_pointer (&table);
}

static const char *
decode (Parse       *p,
        GBytes      *bytes,
        gsize       *out_len,
        GError     **error)
{
  gsize len;
  const char *buf = g_bytes_get_data (bytes, &len);
  const char *end = NULL;

  if (buf == NULL)
    buf = "";

  if (len >= 3 && memcmp (buf, "\xEF\xBB\xBF", 3) == 0)
    {
      buf += 3;
      len -= 3;
    }

  if (memchr (buf, '\0', len) != NULL)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_ENCODING,
                   _("%s does not look like a text file: it holds binary data. Check that it is an ARFF file."),
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
                   _("%s, line %u, character %ld: the byte 0x%02X is not valid UTF-8. Save the file again as UTF-8."),
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
sonde_arff_reader_finalize (GObject *object)
{
  SondeArffReader *self = (SondeArffReader *)object;

  if (self->progress_destroy != NULL)
    self->progress_destroy (self->progress_data);

  G_OBJECT_CLASS (sonde_arff_reader_parent_class)->finalize (object);
}

static void
sonde_arff_reader_class_init (SondeArffReaderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sonde_arff_reader_finalize;
}

static void
sonde_arff_reader_init (SondeArffReader *self)
{
}

/**
 * sonde_arff_reader_new:
 *
 * Creates an ARFF reader.
 *
 * Returns: (transfer full): a new #SondeArffReader.
 */
SondeArffReader *
sonde_arff_reader_new (void)
{
  return g_object_new (SONDE_TYPE_ARFF_READER, NULL);
}

/**
 * sonde_arff_reader_set_progress_func:
 * @self: a #SondeArffReader
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
sonde_arff_reader_set_progress_func (SondeArffReader   *self,
                                     SondeProgressFunc  func,
                                     gpointer           user_data,
                                     GDestroyNotify     destroy)
{
  g_return_if_fail (SONDE_IS_ARFF_READER (self));

  if (self->progress_destroy != NULL)
    self->progress_destroy (self->progress_data);

  self->progress_func = func;
  self->progress_data = user_data;
  self->progress_destroy = destroy;
}

/**
 * sonde_arff_reader_read_bytes:
 * @self: a #SondeArffReader
 * @bytes: the content of an ARFF file
 * @display_name: the name to show in messages ("iris.arff")
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Reads a table from memory. The table is named after the `@relation`
 * (after @display_name when there is none). A file without attributes
 * fails with %SONDE_ERROR_EMPTY; a row with the wrong number of values
 * with %SONDE_ERROR_RAGGED; any other mistake with %SONDE_ERROR_PARSE.
 *
 * Returns: (transfer full) (nullable): the table, or %NULL with @error
 *   set in the %SONDE_ERROR domain (or %G_IO_ERROR_CANCELLED).
 */
SondeTable *
sonde_arff_reader_read_bytes (SondeArffReader  *self,
                              GBytes           *bytes,
                              const char       *display_name,
                              GCancellable     *cancellable,
                              GError          **error)
{
  Parse p = { 0 };
  SondeTable *table;

  g_return_val_if_fail (SONDE_IS_ARFF_READER (self), NULL);
  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (display_name != NULL, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  p.self = self;
  p.display_name = display_name;
  p.cancellable = cancellable;
  p.buf = decode (&p, bytes, &p.len, error);
  if (p.buf == NULL)
    return NULL;

  table = read_buffer (&p, error);
  parse_clear (&p);

  return table;
}

/**
 * sonde_arff_reader_read_file:
 * @self: a #SondeArffReader
 * @file: a #GFile
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Reads a table from @file: local files are mapped in memory, others are
 * loaded through GIO. A file larger than half the memory of the computer
 * is refused with %SONDE_ERROR_TOO_LARGE. The table's source is the
 * file's path (or URI). This blocks: from a user interface, use
 * sonde_arff_reader_read_file_async().
 *
 * Returns: (transfer full) (nullable): the table, or %NULL with @error
 *   set (%SONDE_ERROR, %G_IO_ERROR or %G_FILE_ERROR domains).
 */
SondeTable *
sonde_arff_reader_read_file (SondeArffReader  *self,
                             GFile            *file,
                             GCancellable     *cancellable,
                             GError          **error)
{
  g_return_val_if_fail (SONDE_IS_ARFF_READER (self), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return sonde_reader_read_file (self, (SondeReadBytesFunc) sonde_arff_reader_read_bytes, file, 2,
                                 cancellable, error);
}

/**
 * sonde_arff_reader_read_file_async:
 * @self: a #SondeArffReader
 * @file: a #GFile
 * @cancellable: (nullable): a #GCancellable
 * @callback: called in the thread-default main context of the caller
 *   when the read is done
 * @user_data: data for @callback
 *
 * Reads a table from @file in a worker thread, as
 * sonde_arff_reader_read_file() does. Do not use @self for anything else
 * until @callback has run; the progress function set on @self is called
 * from the worker thread.
 */
void
sonde_arff_reader_read_file_async (SondeArffReader     *self,
                                   GFile               *file,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (SONDE_IS_ARFF_READER (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  sonde_reader_read_file_async (self, (SondeReadFileFunc) sonde_arff_reader_read_file,
                                sonde_arff_reader_read_file_async,
                                file, cancellable, callback, user_data);
}

/**
 * sonde_arff_reader_read_file_finish:
 * @self: a #SondeArffReader
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #GError
 *
 * Completes sonde_arff_reader_read_file_async().
 *
 * Returns: (transfer full) (nullable): the table, or %NULL with @error
 *   set.
 */
SondeTable *
sonde_arff_reader_read_file_finish (SondeArffReader  *self,
                                    GAsyncResult     *result,
                                    GError          **error)
{
  g_return_val_if_fail (SONDE_IS_ARFF_READER (self), NULL);

  return sonde_reader_read_file_finish (self, result, sonde_arff_reader_read_file_async, error);
}
