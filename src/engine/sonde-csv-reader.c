/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sonde-engine"

/* SondeCsvReader: turns a CSV or TSV file into a SondeTable. It is what
 * the Import pane and `sonde-cli import` run, on files from a few bytes
 * (a class exercise) to a few gigabytes (an open-data export).
 *
 * How it reads:
 *  1. The bytes are decoded to UTF-8: a UTF-8 byte order mark is dropped,
 *     UTF-16 with a mark is converted, valid UTF-8 is used as it is, and
 *     anything else is read as Windows-1252 (a superset of Latin-1 in
 *     practice), which is what spreadsheet software writes on Windows.
 *     A zero byte or a flood of control characters means the file is not
 *     text at all, and the read fails with a plain message.
 *  2. The delimiter is sniffed, unless given, from the first 50 records:
 *     among `,` `;` TAB and `|`, the one that gives the most records with
 *     the same number (above one) of fields wins.
 *  3. Pass one walks every record: it checks the shape (ragged rows are
 *     stopped on, padded or skipped, and reported), counts the rows, and
 *     narrows down, per column, the types every value could have.
 *  4. Pass two walks the records again and appends typed values to
 *     columns reserved at their exact final size.
 *
 * Two passes over the bytes cost less than keeping every field of a big
 * file: the tokenizer is a tight loop over bytes that only records where
 * fields start and end, and numbers are parsed in place, without an
 * allocation per field. From 4 MiB on, the buffer is cut into chunks at
 * record boundaries and both passes run on every core (see "Parallel
 * reading" below); the table, the warnings and the errors are the same,
 * byte for byte, as with one thread, which the tests check. A 1 GB file
 * of 10 million rows reads in a few seconds on two cores, and peaks at
 * the mapped file plus its typed data.
 *
 * Type inference, for a column without a type set by the caller, uses
 * every non-missing value (missing markers are left aside):
 *  - integer if all are whole numbers (0 and 1 included);
 *  - else decimal number if all are numbers with the same decimal mark
 *    ('.' or, when the delimiter is not a comma or when asked, ',');
 *  - else date if all are dates, date and time if all are dates or
 *    date-times;
 *  - else yes/no if all are one of true/false, yes/no, oui/non,
 *    vrai/faux (in any case);
 *  - else category if the number of distinct values is at most a
 *    quarter of the non-missing values (and at least 1) and at most
 *    1000: labels that repeat, like a town or a class;
 *  - else text.
 * Header detection (SONDE_CSV_HEADER_AUTO): the first row is a header
 * unless one of its unquoted fields reads as a number, a date or a
 * date-time. A file whose every column is text therefore needs
 * SONDE_CSV_HEADER_NO if it has no header.
 * Numbers written with a leading zero ("007", "01500") are kept as text:
 * they are codes (French postcodes), and reading them as numbers would
 * lose the zero.
 *
 * Quoting follows RFC 4180: a field in double quotes may hold the
 * delimiter, line breaks and doubled quotes. Records end with LF, CRLF
 * or CR. Blank lines are skipped. Missing markers are compared with the
 * unquoted field, spaces trimmed; a quoted field is a value, except
 * `""` which is missing when the empty marker is on.
 */

#include "config.h"

#include <math.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>

#include "sonde-csv-reader-private.h"
#include "sonde-reader-private.h"
#include "sonde-column-private.h"
#include "sonde-error.h"

#define MAX_COLUMNS     100000
#define MAX_WARNINGS    1000
#define MAX_CATEGORIES  1000
#define SNIFF_RECORDS   50
#define SNIFF_BYTES     (64 * 1024)
#define EXCERPT_CHARS   20

/* See "Parallel reading" */
#define PARALLEL_MIN_BYTES (4 * 1024 * 1024)
#define CHUNK_BYTES        (8 * 1024 * 1024)

static const char * const default_missing_markers[] = {
  "", "NA", "N/A", "NULL", "?", "-", NULL
};

struct _SondeCsvReader
{
  GObject              parent_instance;

  /* Settings */
  char                 delimiter;
  SondeCsvHeader       header;
  char                *encoding;
  char                 decimal_mark;
  gunichar             thousands_separator;
  char               **missing_markers;
  SondeCsvDateFormats  date_formats;
  SondeCsvRagged       ragged;
  GHashTable          *column_types;

  SondeProgressFunc    progress_func;
  gpointer             progress_data;
  GDestroyNotify       progress_destroy;

  /* What the last read found */
  GPtrArray           *warnings;
  guint                n_ragged_rows;
  char                 detected_delimiter;
  char                *detected_encoding;
  gboolean             detected_header;

  /* Parallel reading, for tests: 0 for the defaults */
  gsize                chunk_size;
  guint                n_threads;
};

G_DEFINE_FINAL_TYPE (SondeCsvReader, sonde_csv_reader, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (SondeCsvHeader, sonde_csv_header,
  G_DEFINE_ENUM_VALUE (SONDE_CSV_HEADER_AUTO, "auto"),
  G_DEFINE_ENUM_VALUE (SONDE_CSV_HEADER_YES, "yes"),
  G_DEFINE_ENUM_VALUE (SONDE_CSV_HEADER_NO, "no"))

G_DEFINE_ENUM_TYPE (SondeCsvRagged, sonde_csv_ragged,
  G_DEFINE_ENUM_VALUE (SONDE_CSV_RAGGED_STOP, "stop"),
  G_DEFINE_ENUM_VALUE (SONDE_CSV_RAGGED_PAD, "pad"),
  G_DEFINE_ENUM_VALUE (SONDE_CSV_RAGGED_SKIP, "skip"))

G_DEFINE_FLAGS_TYPE (SondeCsvDateFormats, sonde_csv_date_formats,
  G_DEFINE_ENUM_VALUE (SONDE_CSV_DATE_ISO, "iso"),
  G_DEFINE_ENUM_VALUE (SONDE_CSV_DATE_DMY, "dmy"))

G_DEFINE_BOXED_TYPE (SondeCsvWarning, sonde_csv_warning,
                     sonde_csv_warning_copy, sonde_csv_warning_free)

enum {
  PROP_0,
  PROP_DELIMITER,
  PROP_HEADER,
  PROP_ENCODING,
  PROP_DECIMAL_MARK,
  PROP_THOUSANDS_SEPARATOR,
  PROP_MISSING_MARKERS,
  PROP_DATE_FORMATS,
  PROP_RAGGED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/**
 * sonde_csv_warning_copy:
 * @warning: a #SondeCsvWarning
 *
 * Returns: (transfer full): a copy of @warning.
 */
SondeCsvWarning *
sonde_csv_warning_copy (const SondeCsvWarning *warning)
{
  SondeCsvWarning *copy;

  g_return_val_if_fail (warning != NULL, NULL);

  copy = g_memdup2 (warning, sizeof *warning);
  copy->message = g_strdup (warning->message);

  return copy;
}

/**
 * sonde_csv_warning_free:
 * @warning: (nullable): a #SondeCsvWarning
 *
 * Frees @warning.
 */
void
sonde_csv_warning_free (SondeCsvWarning *warning)
{
  if (warning == NULL)
    return;

  g_free (warning->message);
  g_free (warning);
}

/* ------------------------------------------------------------------ */
/* Tokenizer                                                            */
/* ------------------------------------------------------------------ */

typedef struct
{
  const char *start;    /* content, without the surrounding quotes */
  gsize       len;
  guint8      quoted;
  guint8      escaped;  /* holds doubled quotes, to be unescaped */
} Field;

typedef enum
{
  TOK_RECORD,
  TOK_EOF,
  TOK_UNCLOSED_QUOTE,
  TOK_TEXT_AFTER_QUOTE,
} TokResult;

typedef struct
{
  const char *buf;
  gsize       len;
  gsize       pos;
  char        delim;
  guint       line;         /* line at pos, from 1 */
  guint       record_line;  /* line where the current record starts */
  Field      *fields;       /* at most max_fields of them */
  guint       fields_cap;
  guint       n_fields;     /* may be above fields->len */
  guint       max_fields;

  /* Where a TOK_UNCLOSED_QUOTE or TOK_TEXT_AFTER_QUOTE happened */
  guint       error_line;
  guint       error_column;
  const char *error_at;
} Tokenizer;

static void
tokenizer_init (Tokenizer  *tok,
                const char *buf,
                gsize       len,
                char        delim)
{
  memset (tok, 0, sizeof *tok);
  tok->buf = buf;
  tok->len = len;
  tok->delim = delim;
  tok->line = 1;
  tok->fields_cap = 16;
  tok->fields = g_new (Field, tok->fields_cap);
  tok->max_fields = MAX_COLUMNS + 1;
}

static void
tokenizer_clear (Tokenizer *tok)
{
  g_clear_pointer (&tok->fields, g_free);
}

static void
tokenizer_rewind (Tokenizer *tok)
{
  tok->pos = 0;
  tok->line = 1;
}

static inline void
push_field (Tokenizer *tok,
            const char *start,
            gsize       len,
            gboolean    quoted,
            gboolean    escaped)
{
  if (tok->n_fields < tok->max_fields)
    {
      Field *f;

      if G_UNLIKELY (tok->n_fields == tok->fields_cap)
        {
          tok->fields_cap *= 2;
          tok->fields = g_renew (Field, tok->fields, tok->fields_cap);
        }
      f = &tok->fields[tok->n_fields];
      f->start = start;
      f->len = len;
      f->quoted = quoted;
      f->escaped = escaped;
    }
  tok->n_fields++;
}

static inline gboolean
tokenizer_is_blank (const Tokenizer *tok)
{
  const Field *f = &tok->fields[0];

  return tok->n_fields == 1 && f->len == 0 && !f->quoted;
}

static TokResult
tokenizer_next (Tokenizer *tok)
{
  const char *buf = tok->buf;
  const gsize len = tok->len;
  const char delim = tok->delim;
  gsize p = tok->pos;

  if (p >= len)
    return TOK_EOF;

  tok->n_fields = 0;
  tok->record_line = tok->line;

  for (;;)
    {
      if (p < len && buf[p] == '"')
        {
          gsize open = p;
          gsize start = ++p;
          gboolean escaped = FALSE;
          guint line_at_open = tok->line;

          for (;;)
            {
              const char *q = memchr (buf + p, '"', len - p);

              for (const char *nl = memchr (buf + p, '\n', (q ? (gsize) (q - buf) : len) - p);
                   nl != NULL;
                   nl = memchr (nl + 1, '\n', (q ? (gsize) (q - buf) : len) - (gsize) (nl + 1 - buf)))
                tok->line++;

              if (q == NULL)
                {
                  tok->error_line = line_at_open;
                  tok->error_column = tok->n_fields + 1;
                  tok->error_at = buf + open;
                  return TOK_UNCLOSED_QUOTE;
                }

              p = (gsize) (q - buf);
              if (p + 1 < len && buf[p + 1] == '"')
                {
                  escaped = TRUE;
                  p += 2;
                  continue;
                }

              push_field (tok, buf + start, p - start, TRUE, escaped);
              p++;
              break;
            }

          /* Spaces may follow the closing quote; nothing else may. */
          while (p < len && (buf[p] == ' ' || buf[p] == '\t') && buf[p] != delim)
            p++;
          if (p < len && buf[p] != delim && buf[p] != '\n' && buf[p] != '\r')
            {
              tok->error_line = tok->line;
              tok->error_column = tok->n_fields;
              tok->error_at = buf + p;
              return TOK_TEXT_AFTER_QUOTE;
            }
        }
      else
        {
          gsize start = p;

          /* Eight bytes at a time while none of them ends the field
           * (the classic test for a zero byte in a word, after XOR). */
          while (p + 8 <= len)
            {
              guint64 w, a, b, c;

              memcpy (&w, buf + p, 8);
              a = w ^ (G_GUINT64_CONSTANT (0x0101010101010101) * (guchar) delim);
              b = w ^ G_GUINT64_CONSTANT (0x0A0A0A0A0A0A0A0A);
              c = w ^ G_GUINT64_CONSTANT (0x0D0D0D0D0D0D0D0D);
#define HAS_ZERO(v) (((v) - G_GUINT64_CONSTANT (0x0101010101010101)) & ~(v) & G_GUINT64_CONSTANT (0x8080808080808080))
              if (HAS_ZERO (a) | HAS_ZERO (b) | HAS_ZERO (c))
                break;
#undef HAS_ZERO
              p += 8;
            }
          while (p < len)
            {
              char c = buf[p];

              if (c == delim || c == '\n' || c == '\r')
                break;
              p++;
            }
          push_field (tok, buf + start, p - start, FALSE, FALSE);
        }

      if (p >= len)
        break;

      if (buf[p] == delim)
        {
          p++;
          continue;
        }

      /* End of line: LF, CRLF or a lone CR. */
      if (buf[p] == '\r')
        {
          p++;
          if (p < len && buf[p] == '\n')
            p++;
        }
      else
        p++;
      tok->line++;
      break;
    }

  tok->pos = p;

  return TOK_RECORD;
}

/* ------------------------------------------------------------------ */
/* Values                                                               */
/* ------------------------------------------------------------------ */

enum {
  CAN_INT        = 1 << 0,
  CAN_REAL_DOT   = 1 << 1,
  CAN_REAL_COMMA = 1 << 2,
  CAN_DATE       = 1 << 3,
  CAN_DATETIME   = 1 << 4,
  CAN_BOOL       = 1 << 5,
};

#define CAN_REAL (CAN_REAL_DOT | CAN_REAL_COMMA)
#define CAN_DATA (CAN_INT | CAN_REAL | CAN_DATE | CAN_DATETIME)

typedef struct
{
  const char *text;
  gsize       len;
} Marker;

typedef struct
{
  guint            bits;
  guint            n_present;
  gboolean         forced;
  SondeColumnType  type;
  char             decimal;
  guint            category_limit;
  SondeColumn     *column;
} ColState;

typedef struct
{
  SondeCsvReader *self;
  const char     *display_name;
  GCancellable   *cancellable;
  Tokenizer       tok;
  GString        *scratch;
  GString        *scratch2;
  char            thousands[8];
  gsize           thousands_len;
  Marker         *markers;
  guint           n_markers;
  gsize           max_marker_len;
  gboolean        empty_is_missing;
  guint           initial_bits;
  SondeCsvDateFormats dates;
  double          progress_base;
  double          progress_span;
  double          last_progress;  /* never report less */
  gsize           next_progress;
  guint           n_columns;
  ColState       *cols;
} Parse;

static inline void
trim (const char **s,
      gsize       *n)
{
  while (*n > 0 && ((*s)[0] == ' ' || (*s)[0] == '\t'))
    {
      (*s)++;
      (*n)--;
    }
  while (*n > 0 && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t'))
    (*n)--;
}

/* The text of a field: in place unless it holds doubled quotes, in
 * which case it is unescaped into @scratch (valid until the next call
 * with the same scratch). */
static inline const char *
field_text (const Field *f,
            GString     *scratch,
            gsize       *len)
{
  if (!f->escaped)
    {
      *len = f->len;
      return f->start;
    }

  g_string_truncate (scratch, 0);
  for (gsize i = 0; i < f->len; i++)
    {
      g_string_append_c (scratch, f->start[i]);
      if (f->start[i] == '"')
        i++;
    }
  *len = scratch->len;

  return scratch->str;
}

static inline gboolean
is_missing (const Parse *p,
            const Field *f,
            const char  *s,
            gsize        n)
{
  if (f->quoted)
    return f->len == 0 && p->empty_is_missing;

  /* Most fields are longer than every marker and have no spaces to trim. */
  if (n > p->max_marker_len && s[0] != ' ' && s[0] != '\t' && s[n - 1] != ' ' && s[n - 1] != '\t')
    return FALSE;

  trim (&s, &n);
  for (guint i = 0; i < p->n_markers; i++)
    {
      if (p->markers[i].len == n && (n == 0 || p->markers[i].text[0] == s[0]) &&
          memcmp (p->markers[i].text, s, n) == 0)
        return TRUE;
    }

  return FALSE;
}

static inline gboolean
is_digit (char c)
{
  return c >= '0' && c <= '9';
}

/* A thousands separator only counts between digits. */
static inline gboolean
thousands_at (const Parse *p,
              const char  *s,
              gsize        n,
              gsize        i)
{
  return p->thousands_len > 0 && i > 0 && is_digit (s[i - 1]) &&
         i + p->thousands_len < n && is_digit (s[i + p->thousands_len]) &&
         memcmp (s + i, p->thousands, p->thousands_len) == 0;
}

static gboolean
parse_int (const Parse *p,
           const char  *s,
           gsize        n,
           gint64      *out)
{
  guint64 v = 0;
  gboolean neg = FALSE;
  guint digits = 0;
  gsize i = 0;

  if (n > 0 && (s[0] == '+' || s[0] == '-'))
    {
      neg = s[0] == '-';
      i = 1;
    }

  /* "007" is a code, not seven. */
  if (i + 1 < n && s[i] == '0' && is_digit (s[i + 1]))
    return FALSE;

  for (; i < n; i++)
    {
      char c = s[i];

      if (is_digit (c))
        {
          guint d = (guint) (c - '0');

          if (v > (G_MAXUINT64 - d) / 10)
            return FALSE;
          v = v * 10 + d;
          digits++;
        }
      else if (thousands_at (p, s, n, i))
        i += p->thousands_len - 1;
      else
        return FALSE;
    }

  if (digits == 0)
    return FALSE;

  if (neg)
    {
      if (v > (guint64) G_MAXINT64 + 1)
        return FALSE;
      *out = v == (guint64) G_MAXINT64 + 1 ? G_MININT64 : -(gint64) v;
    }
  else
    {
      if (v > (guint64) G_MAXINT64)
        return FALSE;
      *out = (gint64) v;
    }

  return TRUE;
}

/* Exact powers of ten: every one up to 1e22 is a double. */
static const double exact_pow10[] = {
  1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
  1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};

/* Reads a decimal number with @mark as decimal mark. Most numbers in
 * files have at most 15 significant digits and a small exponent: then
 * the digits as an integer and the power of ten are both exact doubles,
 * and one IEEE multiplication or division rounds correctly, which is
 * what glibc's strtod does too (Clinger's fast path), so the result is
 * bit-identical to g_ascii_strtod's. Other numbers go through
 * g_ascii_strtod. When @out is NULL only the syntax is checked. */
static gboolean
parse_real (const Parse *p,
            const char  *s,
            gsize        n,
            char         mark,
            double      *out)
{
  char buf[400];
  gsize j = 0;
  gsize i = 0;
  guint int_digits = 0, frac_digits = 0;
  guint64 mantissa = 0;
  guint sig_digits = 0;
  gboolean neg = FALSE;
  int exp10 = 0;
  gboolean exp_neg = FALSE;
  double v;

  if (n == 0 || n >= sizeof buf - 1)
    return FALSE;

  if (s[0] == '+' || s[0] == '-')
    {
      neg = s[0] == '-';
      i++;
    }

  if (i + 1 < n && s[i] == '0' && is_digit (s[i + 1]))
    return FALSE;

  /* One scan for the syntax and the digits; the text is only copied
   * (without thousands separators, with a '.') for g_ascii_strtod. */
  for (; i < n; i++)
    {
      if (is_digit (s[i]))
        {
          int_digits++;
          sig_digits += mantissa != 0 || s[i] != '0';
          mantissa = mantissa * 10 + (guint64) (s[i] - '0');
        }
      else if (thousands_at (p, s, n, i))
        i += p->thousands_len - 1;
      else
        break;
    }

  if (i < n && s[i] == mark)
    {
      for (i++; i < n && is_digit (s[i]); i++)
        {
          frac_digits++;
          sig_digits += mantissa != 0 || s[i] != '0';
          mantissa = mantissa * 10 + (guint64) (s[i] - '0');
        }
      if (frac_digits == 0)
        return FALSE;
    }

  if (int_digits + frac_digits == 0)
    return FALSE;

  if (i < n && (s[i] == 'e' || s[i] == 'E'))
    {
      guint exp_digits = 0;

      i++;
      if (i < n && (s[i] == '+' || s[i] == '-'))
        exp_neg = s[i++] == '-';
      for (; i < n && is_digit (s[i]); i++)
        {
          if (exp10 < 100000)
            exp10 = exp10 * 10 + (s[i] - '0');
          exp_digits++;
        }
      if (exp_digits == 0)
        return FALSE;
    }

  if (i != n)
    return FALSE;

  /* sig_digits counts from the first non-zero digit, so with at most 15
   * the mantissa is below 10^15 < 2^53 (leading zeros add nothing). */
  if (sig_digits <= 15)
    {
      int e = (exp_neg ? -exp10 : exp10) - (int) frac_digits;

      if (mantissa == 0)
        {
          v = neg ? -0.0 : 0.0;
          goto done;
        }
      if (e >= -22 && e <= 22)
        {
          v = e < 0 ? (double) mantissa / exact_pow10[-e] : (double) mantissa * exact_pow10[e];
          if (neg)
            v = -v;
          goto done;
        }
    }

  for (i = 0; i < n; i++)
    {
      if (thousands_at (p, s, n, i))
        i += p->thousands_len - 1;
      else if (s[i] == mark)
        buf[j++] = '.';
      else
        buf[j++] = s[i];
    }
  buf[j] = '\0';
  v = g_ascii_strtod (buf, NULL);

done:
  if (!isfinite (v))
    return FALSE;

  if (out != NULL)
    *out = v;
  return TRUE;
}

static inline gboolean
parse_digits (const char *s,
              gsize       n,
              int        *out)
{
  int v = 0;

  if (n == 0)
    return FALSE;

  for (gsize i = 0; i < n; i++)
    {
      if (!is_digit (s[i]))
        return FALSE;
      v = v * 10 + (s[i] - '0');
    }

  *out = v;
  return TRUE;
}

static gboolean
parse_date_iso (const char *s,
                gsize       n,
                gint32     *days)
{
  int y, m, d;

  return n == 10 && s[4] == '-' && s[7] == '-' &&
         parse_digits (s, 4, &y) &&
         parse_digits (s + 5, 2, &m) &&
         parse_digits (s + 8, 2, &d) &&
         sonde_date_from_ymd (y, m, d, days);
}

static gboolean
parse_date_dmy (const char *s,
                gsize       n,
                gint32     *days)
{
  const char *slash1, *slash2;
  gsize dl, ml;
  int y, m, d;

  if (n < 8 || n > 10)
    return FALSE;

  slash1 = memchr (s, '/', n);
  if (slash1 == NULL)
    return FALSE;
  slash2 = memchr (slash1 + 1, '/', n - (gsize) (slash1 + 1 - s));
  if (slash2 == NULL)
    return FALSE;

  dl = (gsize) (slash1 - s);
  ml = (gsize) (slash2 - slash1 - 1);

  return dl >= 1 && dl <= 2 && ml >= 1 && ml <= 2 &&
         n - (gsize) (slash2 + 1 - s) == 4 &&
         parse_digits (s, dl, &d) &&
         parse_digits (slash1 + 1, ml, &m) &&
         parse_digits (slash2 + 1, 4, &y) &&
         sonde_date_from_ymd (y, m, d, days);
}

static gboolean
parse_date (SondeCsvDateFormats  formats,
            const char          *s,
            gsize                n,
            gint32              *days)
{
  return ((formats & SONDE_CSV_DATE_ISO) && parse_date_iso (s, n, days)) ||
         ((formats & SONDE_CSV_DATE_DMY) && parse_date_dmy (s, n, days));
}

/* HH:MM[:SS[.ffffff]] then, if allowed, Z or ±HH[:MM]. */
static gboolean
parse_time (const char *s,
            gsize       n,
            gboolean    allow_offset,
            gint64     *usec)
{
  int h, m, sec = 0, oh = 0, om = 0;
  gint64 frac = 0;
  gsize i;

  if (n < 5 || s[2] != ':' ||
      !parse_digits (s, 2, &h) || !parse_digits (s + 3, 2, &m) ||
      h > 23 || m > 59)
    return FALSE;

  i = 5;
  if (i < n && s[i] == ':')
    {
      if (n < 8 || !parse_digits (s + 6, 2, &sec) || sec > 60)
        return FALSE;
      i = 8;
      if (i < n && (s[i] == '.' || s[i] == ','))
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

  if (i < n && allow_offset)
    {
      if (s[i] == 'Z' && i + 1 == n)
        i++;
      else if (s[i] == '+' || s[i] == '-')
        {
          int sign = s[i] == '-' ? -1 : 1;
          gsize rest = n - i - 1;
          const char *o = s + i + 1;

          if (rest == 2 && parse_digits (o, 2, &oh))
            ;
          else if (rest == 4 && parse_digits (o, 2, &oh) && parse_digits (o + 2, 2, &om))
            ;
          else if (rest == 5 && o[2] == ':' && parse_digits (o, 2, &oh) && parse_digits (o + 3, 2, &om))
            ;
          else
            return FALSE;

          if (oh > 23 || om > 59)
            return FALSE;
          oh *= sign;
          om *= sign;
          i = n;
        }
    }

  if (i != n)
    return FALSE;

  *usec = ((gint64) h * 3600 + m * 60 + sec - (gint64) oh * 3600 - (gint64) om * 60) * G_USEC_PER_SEC + frac;
  return TRUE;
}

static gboolean
parse_datetime (SondeCsvDateFormats  formats,
                const char          *s,
                gsize                n,
                gint64              *usec)
{
  gint32 days;
  gint64 tod;

  if ((formats & SONDE_CSV_DATE_ISO) && n > 11 && (s[10] == 'T' || s[10] == ' ') &&
      parse_date_iso (s, 10, &days) && parse_time (s + 11, n - 11, TRUE, &tod))
    {
      *usec = (gint64) days * 86400 * G_USEC_PER_SEC + tod;
      return TRUE;
    }

  if (formats & SONDE_CSV_DATE_DMY)
    {
      const char *space = memchr (s, ' ', n);

      if (space != NULL &&
          parse_date_dmy (s, (gsize) (space - s), &days) &&
          parse_time (space + 1, n - (gsize) (space + 1 - s), FALSE, &tod))
        {
          *usec = (gint64) days * 86400 * G_USEC_PER_SEC + tod;
          return TRUE;
        }
    }

  return FALSE;
}

static gboolean
parse_bool (const char *s,
            gsize       n,
            gboolean   *out)
{
  static const struct { const char *word; gboolean value; } words[] = {
    { "true", TRUE }, { "false", FALSE },
    { "yes", TRUE }, { "no", FALSE },
    { "oui", TRUE }, { "non", FALSE },
    { "vrai", TRUE }, { "faux", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    {
      if (strlen (words[i].word) == n && g_ascii_strncasecmp (s, words[i].word, n) == 0)
        {
          *out = words[i].value;
          return TRUE;
        }
    }

  return FALSE;
}

/* Narrows @bits to the types @s (trimmed, not missing) can have. The
 * early returns encode the order of preference: a value that is a number
 * rules out dates and booleans, and so on. */
static guint
classify (const Parse *p,
          const char  *s,
          gsize        n,
          guint        bits)
{
  gint64 i64;
  gint32 days;
  gboolean b;

  if ((bits & CAN_INT) && !parse_int (p, s, n, &i64))
    bits &= ~CAN_INT;
  if (bits & CAN_INT)
    return bits & (CAN_INT | CAN_REAL);

  if ((bits & CAN_REAL_DOT) && !parse_real (p, s, n, '.', NULL))
    bits &= ~CAN_REAL_DOT;
  if ((bits & CAN_REAL_COMMA) && !parse_real (p, s, n, ',', NULL))
    bits &= ~CAN_REAL_COMMA;
  if (bits & CAN_REAL)
    return bits & CAN_REAL;

  if ((bits & CAN_DATE) && !parse_date (p->dates, s, n, &days))
    bits &= ~CAN_DATE;
  if (bits & CAN_DATE)
    return bits & (CAN_DATE | CAN_DATETIME);

  if ((bits & CAN_DATETIME) && !parse_datetime (p->dates, s, n, &i64))
    bits &= ~CAN_DATETIME;
  if (bits & CAN_DATETIME)
    return bits & CAN_DATETIME;

  if ((bits & CAN_BOOL) && !parse_bool (s, n, &b))
    bits &= ~CAN_BOOL;

  return bits;
}

/* ------------------------------------------------------------------ */
/* Errors and warnings                                                  */
/* ------------------------------------------------------------------ */

/* A short, printable piece of the input for messages: at most
 * EXCERPT_CHARS characters, up to the end of the line (or @stop, when
 * not 0), control characters shown as spaces. */
static char *
excerpt (const char *at,
         const char *end,
         char        stop)
{
  GString *out = g_string_new (NULL);
  const char *p = at;

  for (guint i = 0; i < EXCERPT_CHARS && p < end; i++)
    {
      gunichar c;

      if (*p == '\n' || *p == '\r' || (stop != 0 && *p == stop))
        break;

      c = g_utf8_get_char_validated (p, end - p);
      if (c == (gunichar) -1 || c == (gunichar) -2)
        break;
      if (g_unichar_iscntrl (c))
        g_string_append_c (out, ' ');
      else
        g_string_append_unichar (out, c);
      p = g_utf8_next_char (p);
    }
  if (p < end && *p != '\n' && *p != '\r' && (stop == 0 || *p != stop))
    g_string_append (out, "…");

  return g_string_free (out, FALSE);
}

static void
add_warning (Parse               *p,
             SondeCsvWarningKind  kind,
             guint                line,
             guint                column,
             guint                expected,
             guint                actual,
             char                *message)
{
  SondeCsvWarning *w;

  if (p->self->warnings->len >= MAX_WARNINGS)
    {
      g_free (message);
      return;
    }

  w = g_new0 (SondeCsvWarning, 1);
  w->kind = kind;
  w->line = line;
  w->column = column;
  w->expected_fields = expected;
  w->actual_fields = actual;
  w->message = message;
  g_ptr_array_add (p->self->warnings, w);
}

static gboolean
set_tokenizer_error_at (Parse       *p,
                        TokResult    result,
                        guint        line,
                        guint        column,
                        const char  *at,
                        GError     **error)
{
  const Tokenizer *tok = &p->tok;
  g_autofree char *text = excerpt (at, tok->buf + tok->len,
                                   result == TOK_UNCLOSED_QUOTE ? 0 : tok->delim);

  if (result == TOK_UNCLOSED_QUOTE)
    g_set_error (error, SONDE_ERROR, SONDE_ERROR_PARSE,
                 /* Translators: file name, line, column, then the start of the field */
                 _("%s, line %u, column %u: a quoted field is never closed (it starts with “%s”). Check that every opening quote has a closing quote."),
                 p->display_name, line, column, text);
  else
    g_set_error (error, SONDE_ERROR, SONDE_ERROR_PARSE,
                 /* Translators: file name, line, column, then the unexpected text */
                 _("%s, line %u, column %u: “%s” comes after the closing quote of a field. A quote inside a quoted field must be doubled (\"\")."),
                 p->display_name, line, column, text);

  return FALSE;
}

static gboolean
set_tokenizer_error (Parse      *p,
                     TokResult   result,
                     GError    **error)
{
  return set_tokenizer_error_at (p, result, p->tok.error_line, p->tok.error_column,
                                 p->tok.error_at, error);
}

static const char *
delimiter_name (char delim)
{
  switch (delim)
    {
    case ',': return _("comma");
    case ';': return _("semicolon");
    case '\t': return _("tab");
    case '|': return _("vertical bar");
    default: return _("delimiter");
    }
}

/* ------------------------------------------------------------------ */
/* Decoding                                                             */
/* ------------------------------------------------------------------ */

/* Windows-1252 0x80..0x9F; the five holes keep their Latin-1 (C1)
 * meaning so that no byte fails, unlike glibc's iconv which refuses
 * them. Above 0x9F, Windows-1252 and Latin-1 are Unicode itself. */
static const gunichar cp1252_high[32] = {
  0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
  0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
  0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
  0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

static char *
convert_8bit (const char *buf,
              gsize       len,
              gboolean    windows,
              gsize      *out_len)
{
  GString *out = g_string_sized_new (len + len / 8 + 1);

  for (gsize i = 0; i < len; i++)
    {
      guchar c = (guchar) buf[i];

      if (c < 0x80)
        g_string_append_c (out, (char) c);
      else if (c < 0xA0 && windows)
        g_string_append_unichar (out, cp1252_high[c - 0x80]);
      else
        g_string_append_unichar (out, c);
    }

  *out_len = out->len;
  return g_string_free (out, FALSE);
}

static gboolean
encoding_is (const char *encoding,
             const char *name)
{
  return g_ascii_strcasecmp (encoding, name) == 0;
}

/* @has_nul: whether @buf holds a zero byte, or -1 to look. */
static gboolean
check_text_full (Parse       *p,
                 const char  *buf,
                 gsize        len,
                 int          has_nul,
                 GError     **error)
{
  const char *nul = has_nul < 0 ? memchr (buf, '\0', len) : has_nul ? buf : NULL;
  gsize sample = MIN (len, 4096);
  gsize controls = 0;

  if (nul == NULL)
    {
      for (gsize i = 0; i < sample; i++)
        {
          guchar c = (guchar) buf[i];

          if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f')
            controls++;
        }
    }

  if (nul != NULL || controls * 10 > sample)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_ENCODING,
                   _("%s does not look like a text file: it holds binary data. Check that it is a CSV or TSV file and not, for example, a spreadsheet (.xlsx) or a picture."),
                   p->display_name);
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_text (Parse       *p,
            const char  *buf,
            gsize        len,
            GError     **error)
{
  return check_text_full (p, buf, len, -1, error);
}

static void
invalid_utf8_error (Parse       *p,
                    const char  *buf,
                    gsize        len,
                    const char  *bad,
                    GError     **error)
{
  guint line = 1;
  const char *line_start = buf;

  for (const char *c = buf; c < bad; c++)
    {
      if (*c == '\n')
        {
          line++;
          line_start = c + 1;
        }
    }

  g_set_error (error, SONDE_ERROR, SONDE_ERROR_ENCODING,
               /* Translators: file name, line, position of the byte in the line, then the byte in hexadecimal */
               _("%s, line %u, character %ld: the byte 0x%02X is not valid UTF-8. Choose the encoding the file was saved in (often Windows-1252 or Latin-1)."),
               p->display_name, line, (long) g_utf8_strlen (line_start, bad - line_start) + 1,
               (guint) (guchar) *bad);
}

typedef struct
{
  const char *start;
  gsize       len;
  const char *end;
  gboolean    valid;
  gboolean    has_nul;
} Utf8Block;

/* g_utf8_validate_len() on a block, with a fast path over ASCII, which
 * most CSV files mostly are: eight bytes at a time while none has its
 * high bit set; each non-ASCII stretch (to the next ASCII byte, so that
 * no sequence is cut) is handed to GLib, and *end is where GLib says.
 * A NUL byte passes here: check_text() has refused those already. */
static gpointer
utf8_block_thread (gpointer data)
{
  Utf8Block *block = data;
  const char *q = block->start;
  const char *stop = block->start + block->len;

  /* Looked for here, in every thread, rather than by check_text()
   * alone: this first touch of a mapped file is where its pages come
   * in. */
  block->has_nul = memchr (block->start, '\0', block->len) != NULL;

  while (q < stop)
    {
      const char *w;

      while (q + 8 <= stop)
        {
          guint64 word;

          memcpy (&word, q, 8);
          if (word & G_GUINT64_CONSTANT (0x8080808080808080))
            break;
          q += 8;
        }
      while (q < stop && (guchar) *q < 0x80)
        q++;
      if (q == stop)
        break;

      w = q + MIN ((gsize) (stop - q), 64);
      while (w < stop && (guchar) *w >= 0x80)
        w++;
      if (!g_utf8_validate_len (q, (gsize) (w - q), &block->end))
        {
          block->valid = FALSE;
          return NULL;
        }
      q = w;
    }

  block->end = stop;
  block->valid = TRUE;
  return NULL;
}

/* g_utf8_validate() on one block a processor for big inputs. A block
 * starts at an ASCII byte, which no multi-byte sequence holds, so the
 * blocks are valid if and only if the whole is; *@end is then the first
 * invalid byte of the first invalid block, as for the whole. */
static gboolean
utf8_validate (SondeCsvReader  *self,
               const char      *buf,
               gsize            len,
               const char     **end,
               int             *has_nul)
{
  guint n = self->n_threads > 0 ? self->n_threads : (guint) MAX (g_get_num_processors (), 1);
  g_autofree Utf8Block *blocks = NULL;
  g_autofree GThread **threads = NULL;
  gsize at = 0;

  *has_nul = -1;
  if ((len < PARALLEL_MIN_BYTES && self->chunk_size == 0) || n < 2 || len < 2 * n)
    return g_utf8_validate_len (buf, len, end);

  blocks = g_new0 (Utf8Block, n);
  threads = g_new0 (GThread *, n);
  for (guint i = 0; i < n; i++)
    {
      gsize stop = i + 1 == n ? len : MAX (at, len / n * (i + 1));

      while (stop < len && (guchar) buf[stop] >= 0x80)
        stop++;
      blocks[i].start = buf + at;
      blocks[i].len = stop - at;
      at = stop;
    }
  for (guint i = 1; i < n; i++)
    threads[i] = g_thread_new ("sonde-utf8", utf8_block_thread, &blocks[i]);
  utf8_block_thread (&blocks[0]);
  for (guint i = 1; i < n; i++)
    g_thread_join (threads[i]);

  *has_nul = 0;
  for (guint i = 0; i < n; i++)
    *has_nul |= blocks[i].has_nul;

  for (guint i = 0; i < n; i++)
    {
      if (!blocks[i].valid)
        {
          *end = blocks[i].end;
          return FALSE;
        }
    }

  *end = buf + len;
  return TRUE;
}

/* Turns @bytes into UTF-8 without a byte order mark. Returns a pointer
 * into @bytes or into *owned. */
static const char *
decode (Parse       *p,
        GBytes      *bytes,
        char       **owned,
        gsize       *out_len,
        GError     **error)
{
  SondeCsvReader *self = p->self;
  gsize len;
  const char *buf = g_bytes_get_data (bytes, &len);
  const char *encoding = self->encoding;
  gboolean is_auto = encoding == NULL || encoding_is (encoding, "auto");
  const char *utf16 = NULL;
  const char *end = NULL;

  if (buf == NULL)
    buf = "";

  if (len >= 2 && (guchar) buf[0] == 0xFF && (guchar) buf[1] == 0xFE && (is_auto || encoding_is (encoding, "UTF-16") || encoding_is (encoding, "UTF-16LE")))
    utf16 = "UTF-16LE";
  else if (len >= 2 && (guchar) buf[0] == 0xFE && (guchar) buf[1] == 0xFF && (is_auto || encoding_is (encoding, "UTF-16") || encoding_is (encoding, "UTF-16BE")))
    utf16 = "UTF-16BE";

  if (utf16 != NULL)
    {
      g_autoptr(GError) local_error = NULL;
      gsize written = 0;

      *owned = g_convert (buf + 2, len - 2, "UTF-8", utf16, NULL, &written, &local_error);
      if (*owned == NULL)
        {
          g_set_error (error, SONDE_ERROR, SONDE_ERROR_ENCODING,
                       _("%s starts like a UTF-16 file but cannot be read as one (%s). The file may be truncated or damaged."),
                       p->display_name, local_error->message);
          return NULL;
        }
      g_free (self->detected_encoding);
      self->detected_encoding = g_strdup (utf16);
      *out_len = written;
      if (!check_text (p, *owned, written, error))
        return NULL;
      return *owned;
    }

  if (len >= 3 && memcmp (buf, "\xEF\xBB\xBF", 3) == 0 && (is_auto || encoding_is (encoding, "UTF-8")))
    {
      buf += 3;
      len -= 3;
    }

  if (is_auto || encoding_is (encoding, "UTF-8") || encoding_is (encoding, "UTF8"))
    {
      int has_nul;
      gboolean valid = utf8_validate (self, buf, len, &end, &has_nul);

      if (!check_text_full (p, buf, len, has_nul, error))
        return NULL;

      if (valid)
        {
          g_free (self->detected_encoding);
          self->detected_encoding = g_strdup ("UTF-8");
          *out_len = len;
          return buf;
        }

      if (!is_auto)
        {
          invalid_utf8_error (p, buf, len, end, error);
          return NULL;
        }

      /* Not UTF-8 and nothing said: Windows-1252 is what such files
       * almost always are on the machines of our users. */
      *owned = convert_8bit (buf, len, TRUE, out_len);
      g_free (self->detected_encoding);
      self->detected_encoding = g_strdup ("WINDOWS-1252");
      add_warning (p, SONDE_CSV_WARNING_ENCODING, 0, 0, 0, 0,
                   g_strdup_printf (_("%s is not UTF-8; it was read as Windows-1252 (Western European). If accented letters look wrong, choose its encoding."),
                                    p->display_name));
      return *owned;
    }

  if (encoding_is (encoding, "WINDOWS-1252") || encoding_is (encoding, "CP1252") ||
      encoding_is (encoding, "ISO-8859-1") || encoding_is (encoding, "LATIN1") ||
      encoding_is (encoding, "LATIN-1") || encoding_is (encoding, "ISO8859-1"))
    {
      if (!check_text (p, buf, len, error))
        return NULL;
      *owned = convert_8bit (buf, len, encoding_is (encoding, "WINDOWS-1252") || encoding_is (encoding, "CP1252"),
                             out_len);
    }
  else
    {
      g_autoptr(GError) local_error = NULL;
      gsize read = 0;

      *owned = g_convert (buf, len, "UTF-8", encoding, &read, out_len, &local_error);
      if (*owned == NULL)
        {
          if (g_error_matches (local_error, G_CONVERT_ERROR, G_CONVERT_ERROR_NO_CONVERSION))
            g_set_error (error, SONDE_ERROR, SONDE_ERROR_ENCODING,
                         _("%s: the encoding “%s” is not known. Try UTF-8, Windows-1252 or ISO-8859-1."),
                         p->display_name, encoding);
          else
            g_set_error (error, SONDE_ERROR, SONDE_ERROR_ENCODING,
                         _("%s cannot be read as %s: %s"),
                         p->display_name, encoding, local_error->message);
          return NULL;
        }
      if (!check_text (p, *owned, *out_len, error))
        return NULL;
    }

  g_free (self->detected_encoding);
  self->detected_encoding = g_ascii_strup (encoding, -1);

  return *owned;
}

/* ------------------------------------------------------------------ */
/* Reading                                                              */
/* ------------------------------------------------------------------ */

static char
sniff_delimiter (const char *buf,
                 gsize       len)
{
  static const char candidates[] = { ',', ';', '\t', '|' };
  char best = ',';
  guint best_consistent = 0;
  guint best_fields = 0;

  for (guint c = 0; c < G_N_ELEMENTS (candidates); c++)
    {
      Tokenizer tok;
      guint counts[SNIFF_RECORDS];
      guint n = 0;
      guint mode = 0, mode_count = 0;

      tokenizer_init (&tok, buf, MIN (len, SNIFF_BYTES), candidates[c]);
      while (n < SNIFF_RECORDS && tokenizer_next (&tok) == TOK_RECORD)
        {
          if (!tokenizer_is_blank (&tok))
            counts[n++] = tok.n_fields;
        }
      tokenizer_clear (&tok);

      /* The most frequent field count, and how many records have it. */
      for (guint i = 0; i < n; i++)
        {
          guint same = 0;

          for (guint j = 0; j < n; j++)
            same += counts[j] == counts[i];
          if (same > mode_count || (same == mode_count && counts[i] > mode))
            {
              mode = counts[i];
              mode_count = same;
            }
        }

      if (mode > 1 &&
          (mode_count > best_consistent ||
           (mode_count == best_consistent && mode > best_fields)))
        {
          best = candidates[c];
          best_consistent = mode_count;
          best_fields = mode;
        }
    }

  return best;
}

static gboolean
report_progress (Parse   *p,
                 GError **error)
{
  const Tokenizer *tok = &p->tok;

  if (g_cancellable_set_error_if_cancelled (p->cancellable, error))
    return FALSE;

  /* Called every 16384 records too, for cancellation; progress itself
   * is only reported every 2 % of the bytes, at most 50 times a pass. */
  if (tok->pos < p->next_progress)
    return TRUE;

  if (p->self->progress_func != NULL && tok->len > 0)
    {
      p->last_progress = p->progress_base + p->progress_span * ((double) tok->pos / tok->len);
      p->self->progress_func (p->last_progress, p->self->progress_data);
    }

  p->next_progress = tok->pos + MAX (tok->len / 50, 1);

  return TRUE;
}

/* Makes column names unique and non-empty, with a warning for each one
 * changed. */
static char **
make_names (Parse      *p,
            gboolean    header)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) first_index = g_hash_table_new (g_str_hash, g_str_equal);
  char **names = g_new0 (char *, p->n_columns + 1);

  /* Given names first, so that a generated "column_3" does not steal a
   * name that appears later in the header. */
  for (guint c = 0; c < p->n_columns; c++)
    {
      const Field *f = &p->tok.fields[c];
      const char *s;
      gsize n;

      if (!header)
        continue;

      s = field_text (f, p->scratch, &n);
      trim (&s, &n);
      if (n == 0)
        continue;

      names[c] = g_strndup (s, n);
      if (!g_hash_table_contains (seen, names[c]))
        {
          g_hash_table_add (seen, names[c]);
          g_hash_table_insert (first_index, names[c], GUINT_TO_POINTER (c + 1));
        }
      else
        {
          g_autofree char *base = names[c];
          guint first = GPOINTER_TO_UINT (g_hash_table_lookup (first_index, base));

          names[c] = NULL;
          for (guint k = 2; names[c] == NULL; k++)
            {
              g_autofree char *candidate = g_strdup_printf ("%s_%u", base, k);

              if (!g_hash_table_contains (seen, candidate))
                names[c] = g_steal_pointer (&candidate);
            }
          g_hash_table_add (seen, names[c]);
          add_warning (p, SONDE_CSV_WARNING_RENAMED_COLUMN, p->tok.record_line, c + 1, 0, 0,
                       g_strdup_printf (_("%s, line %u: columns %u and %u are both named “%s”; column %u was renamed “%s”."),
                                        p->display_name, p->tok.record_line, first, c + 1, base, c + 1, names[c]));
        }
    }

  for (guint c = 0; c < p->n_columns; c++)
    {
      if (names[c] != NULL)
        continue;

      for (guint k = 1; names[c] == NULL; k++)
        {
          g_autofree char *candidate = k == 1 ? g_strdup_printf ("column_%u", c + 1)
                                              : g_strdup_printf ("column_%u_%u", c + 1, k);

          if (!g_hash_table_contains (seen, candidate))
            names[c] = g_steal_pointer (&candidate);
        }
      g_hash_table_add (seen, names[c]);

      if (header)
        add_warning (p, SONDE_CSV_WARNING_RENAMED_COLUMN, p->tok.record_line, c + 1, 0, 0,
                     g_strdup_printf (_("%s, line %u: column %u has no name; it was named “%s”."),
                                      p->display_name, p->tok.record_line, c + 1, names[c]));
    }

  return names;
}

/* Records a ragged row as the policy says. Returns FALSE with @error set
 * when the policy is to stop. */
static void
ragged_error (Parse    *p,
              guint     line,
              guint     n_fields,
              GError  **error)
{
  g_set_error (error, SONDE_ERROR, SONDE_ERROR_RAGGED,
               /* Translators: file name, line, the fields of this row, the fields of the first row, the name of the delimiter */
               _("%s, line %u: this row has %u fields but the first row has %u. Look for a missing or extra %s, or a quote that is not closed; or choose to pad or skip such rows."),
               p->display_name, line, n_fields, p->n_columns,
               delimiter_name (p->tok.delim));
}

static void
ragged_warning (Parse *p,
                guint  line,
                guint  n_fields)
{
  SondeCsvReader *self = p->self;
  const char *what;

  if (self->warnings->len >= MAX_WARNINGS)
    return;

  if (self->ragged == SONDE_CSV_RAGGED_SKIP)
    what = _("the row was skipped");
  else if (n_fields < p->n_columns)
    what = _("missing values were added");
  else
    what = _("the extra fields were dropped");

  add_warning (p, SONDE_CSV_WARNING_RAGGED_ROW, line, 0, p->n_columns, n_fields,
               /* Translators: file name, line, fields of this row, fields of the first row, then what was done */
               g_strdup_printf (_("%s, line %u: %u fields instead of %u; %s."),
                                p->display_name, line, n_fields, p->n_columns, what));
}

/* Records a ragged row as the policy says. Returns FALSE with @error set
 * when the policy is to stop. */
static gboolean
handle_ragged (Parse    *p,
               GError  **error)
{
  const Tokenizer *tok = &p->tok;

  if (p->self->ragged == SONDE_CSV_RAGGED_STOP)
    {
      ragged_error (p, tok->record_line, tok->n_fields, error);
      return FALSE;
    }

  p->self->n_ragged_rows++;
  ragged_warning (p, tok->record_line, tok->n_fields);

  return TRUE;
}

static SondeColumn *
categorical_to_text (SondeColumn *cat,
                     guint        n_rows)
{
  SondeColumn *text = sonde_column_new (sonde_column_get_name (cat), SONDE_COLUMN_TYPE_TEXT);
  guint n = sonde_column_get_n_rows (cat);

  sonde_column_set_source (text, sonde_column_get_source (cat));
  sonde_column_reserve (text, n_rows);
  for (guint r = 0; r < n; r++)
    {
      const char *label = sonde_column_get_text (cat, r);

      if (label == NULL)
        sonde_column_append_missing (text);
      else
        sonde_column_append_text (text, label, -1);
    }

  return text;
}

static gboolean
append_value (Parse    *p,
              guint     c,
              const Field *f,
              guint     n_rows,
              GError  **error)
{
  ColState *st = &p->cols[c];
  const char *raw;
  const char *s;
  gsize raw_len, n;
  gboolean ok = TRUE;

  if (f == NULL)
    {
      sonde_column_append_missing (st->column);
      return TRUE;
    }

  raw = field_text (f, p->scratch, &raw_len);
  if (is_missing (p, f, raw, raw_len))
    {
      sonde_column_append_missing (st->column);
      return TRUE;
    }

  s = raw;
  n = raw_len;
  trim (&s, &n);

  switch (st->type)
    {
    case SONDE_COLUMN_TYPE_INTEGER:
      {
        gint64 v;

        if ((ok = parse_int (p, s, n, &v)))
          sonde_column_append_integer (st->column, v);
      }
      break;

    case SONDE_COLUMN_TYPE_REAL:
      {
        double v;
        char other = st->decimal == '.' ? ',' : '.';
        gboolean other_ok = other == '.' ? (p->initial_bits & CAN_REAL_DOT) != 0
                                         : (p->initial_bits & CAN_REAL_COMMA) != 0;

        if ((ok = parse_real (p, s, n, st->decimal, &v) ||
                  (other_ok && parse_real (p, s, n, other, &v))))
          sonde_column_append_real (st->column, v);
      }
      break;

    case SONDE_COLUMN_TYPE_BOOLEAN:
      {
        gboolean v;

        if (!parse_bool (s, n, &v))
          {
            if (n == 1 && (s[0] == '0' || s[0] == '1'))
              v = s[0] == '1';
            else
              ok = FALSE;
          }
        if (ok)
          sonde_column_append_boolean (st->column, v);
      }
      break;

    case SONDE_COLUMN_TYPE_DATE:
      {
        gint32 v;

        if ((ok = parse_date (p->dates, s, n, &v)))
          sonde_column_append_date (st->column, v);
      }
      break;

    case SONDE_COLUMN_TYPE_DATETIME:
      {
        gint64 v;
        gint32 days;

        if (parse_datetime (p->dates, s, n, &v))
          sonde_column_append_datetime (st->column, v);
        else if (parse_date (p->dates, s, n, &days))
          sonde_column_append_datetime (st->column, (gint64) days * 86400 * G_USEC_PER_SEC);
        else
          ok = FALSE;
      }
      break;

    case SONDE_COLUMN_TYPE_CATEGORICAL:
      g_string_truncate (p->scratch2, 0);
      g_string_append_len (p->scratch2, raw, raw_len);
      sonde_column_append_category (st->column, p->scratch2->str, -1);
      if (!st->forced && sonde_column_get_n_categories (st->column) > st->category_limit)
        {
          SondeColumn *text = categorical_to_text (st->column, n_rows);

          g_object_unref (st->column);
          st->column = text;
          st->type = SONDE_COLUMN_TYPE_TEXT;
        }
      break;

    case SONDE_COLUMN_TYPE_TEXT:
      sonde_column_append_text (st->column, raw, raw_len);
      break;

    default:
      g_assert_not_reached ();
    }

  if (!ok)
    {
      g_autofree char *text = excerpt (raw, raw + raw_len, 0);

      g_set_error (error, SONDE_ERROR, SONDE_ERROR_PARSE,
                   /* Translators: file name, line, column number, column name, the value, then a type such as “integer” */
                   _("%s, line %u, column %u (“%s”): the value “%s” cannot be read as “%s”, the type chosen for this column."),
                   p->display_name, p->tok.record_line, c + 1,
                   sonde_column_get_name (st->column), text,
                   sonde_column_type_get_label (st->type));
      return FALSE;
    }

  return TRUE;
}

static void
parse_clear (Parse *p)
{
  tokenizer_clear (&p->tok);
  if (p->scratch != NULL)
    g_string_free (p->scratch, TRUE);
  if (p->scratch2 != NULL)
    g_string_free (p->scratch2, TRUE);
  g_free (p->markers);
  if (p->cols != NULL)
    {
      for (guint c = 0; c < p->n_columns; c++)
        g_clear_object (&p->cols[c].column);
      g_free (p->cols);
    }
}

static void
reset_results (SondeCsvReader *self)
{
  g_ptr_array_set_size (self->warnings, 0);
  self->n_ragged_rows = 0;
  self->detected_delimiter = 0;
  self->detected_header = FALSE;
  g_clear_pointer (&self->detected_encoding, g_free);
}

/* Decides the type of every column from what pass one found (or from
 * the caller), warns about types set for columns the file lacks, and
 * creates the columns, reserved for @n_rows rows. */
static void
choose_types (Parse    *p,
              char    **names,
              guint     n_rows,
              gboolean  reserve)
{
  SondeCsvReader *self = p->self;

  /* Types: set by the caller, or inferred. */
  if (self->column_types != NULL)
    {
      GHashTableIter iter;
      gpointer key, value;

      g_hash_table_iter_init (&iter, self->column_types);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          if (!g_strv_contains ((const char * const *) names, key))
            add_warning (p, SONDE_CSV_WARNING_UNKNOWN_COLUMN, 0, 0, 0, 0,
                         g_strdup_printf (_("%s has no column named “%s”; the type chosen for it was not used."),
                                          p->display_name, (const char *) key));
        }
    }

  for (guint c = 0; c < p->n_columns; c++)
    {
      ColState *st = &p->cols[c];
      gpointer forced = NULL;

      st->decimal = '.';
      if (self->column_types != NULL &&
          g_hash_table_lookup_extended (self->column_types, names[c], NULL, &forced))
        {
          st->forced = TRUE;
          st->type = (SondeColumnType) GPOINTER_TO_INT (forced);
          if (!(p->initial_bits & CAN_REAL_DOT))
            st->decimal = ',';
        }
      else if (st->n_present == 0)
        st->type = SONDE_COLUMN_TYPE_TEXT;
      else if (st->bits & CAN_INT)
        st->type = SONDE_COLUMN_TYPE_INTEGER;
      else if (st->bits & CAN_REAL)
        {
          st->type = SONDE_COLUMN_TYPE_REAL;
          st->decimal = (st->bits & CAN_REAL_DOT) ? '.' : ',';
        }
      else if (st->bits & CAN_DATE)
        st->type = SONDE_COLUMN_TYPE_DATE;
      else if (st->bits & CAN_DATETIME)
        st->type = SONDE_COLUMN_TYPE_DATETIME;
      else if (st->bits & CAN_BOOL)
        st->type = SONDE_COLUMN_TYPE_BOOLEAN;
      else
        {
          /* Try a dictionary; fall back to text in pass two as soon as
           * it holds more labels than the rule allows. */
          st->type = SONDE_COLUMN_TYPE_CATEGORICAL;
          st->category_limit = MIN (MAX_CATEGORIES, MAX (st->n_present / 4, 1));
        }

      st->column = sonde_column_new (names[c], st->type);
      sonde_column_set_source (st->column, p->display_name);
      if (reserve)
        sonde_column_reserve (st->column, n_rows);
    }
}

/* ------------------------------------------------------------------ */
/* Parallel reading                                                     */
/* ------------------------------------------------------------------ */

/* Files of PARALLEL_MIN_BYTES and more are cut into chunks of about
 * CHUNK_BYTES, each starting just after a line feed, and both passes run
 * on the chunks in a thread pool, one thread per processor.
 *
 * A line feed may sit inside a quoted field, so a chunk's start is only
 * a guess until the chunk before it has been read: that chunk, started
 * at a true record boundary, must end exactly where the next one starts.
 * When it runs past (the line feed was quoted), the next chunk is read
 * again in the calling thread from where the previous one really ended.
 * Each chunk counts its lines from 1 and stores its warnings and its
 * first error raw; once the chunks are in order, their first lines are
 * known and the messages are written with the lines of the file. Errors
 * are taken in file order whatever thread found them first, and errors
 * of pass one (shape, quotes) before errors of pass two (values), as in
 * the single-threaded reading.
 *
 * Pass one merges per-chunk type bits with AND, which equals the
 * sequential narrowing because classify() only ever clears the bits a
 * value rules out. Pass two writes fixed-size values straight into the
 * final columns (each chunk knows its first row); categories go to a
 * dictionary per chunk, merged in chunk order (which keeps the codes in
 * order of first appearance) and remapped; texts go to an arena per
 * chunk, concatenated. */


typedef struct
{
  guint line;
  guint n_fields;
} RaggedNote;

typedef enum
{
  CHUNK_OK,
  CHUNK_TOK_ERROR,
  CHUNK_RAGGED_STOP,
  CHUNK_VALUE_ERROR,
  CHUNK_CANCELLED,
} ChunkStatus;

/* Pass two storage of a CATEGORICAL or TEXT column of one chunk. */
typedef struct
{
  gboolean    is_text;
  GPtrArray  *labels;
  GArray     *label_lens;   /* gsize */
  guint32    *slots;        /* hash table: code + 1, or 0 when free */
  guint       n_slots;      /* a power of two */
  guint32    *local_codes;  /* G_MAXUINT32 when missing */
  guint64    *offsets;      /* into arena; G_MAXUINT64 when missing */
  GString    *arena;
} ChunkCol;

typedef struct
{
  Parse       *p;
  gsize        start;       /* a guess until validated */
  gsize        end;         /* records starting before it are ours */
  gsize        stop;        /* where our last record really ends */
  guint        n_lines;
  guint        line_base;   /* line of the file at start */
  guint64      n_rows;
  guint        row_offset;
  guint       *bits;
  guint       *n_present;
  guint64     *text_bytes;  /* unquoted text and NULs, per column */
  guint64     *text_at;     /* pass two: where our texts go in the arena */
  GArray      *ragged;      /* RaggedNote, at most MAX_WARNINGS */
  guint        n_ragged;

  ChunkStatus  status;
  TokResult    tok_result;
  guint        err_line;    /* from 1 within the chunk */
  guint        err_column;
  guint        err_fields;
  const char  *err_at;
  char        *err_text;

  guint       *n_missing;
  ChunkCol    *cols;
  GString     *scratch;
} Chunk;

typedef struct
{
  int          pass;
  GMutex       mutex;
  GCond        cond;
  guint        n_done;
  gsize        bytes_done;
  gpointer    *data;        /* pass two: value arrays of the columns */
  char       **arena;       /* pass two: text arenas of TEXT columns */
  guint64    **missing;     /* pass two: missing bitmaps */
} Run;

static void
chunk_reset_pass_one (Chunk *ch)
{
  /* An empty chunk must leave the bits of the others alone. */
  for (guint c = 0; c < ch->p->n_columns; c++)
    ch->bits[c] = ch->p->initial_bits;
  memset (ch->n_present, 0, sizeof (guint) * ch->p->n_columns);
  memset (ch->text_bytes, 0, sizeof (guint64) * ch->p->n_columns);
  g_array_set_size (ch->ragged, 0);
  ch->n_ragged = 0;
  ch->n_rows = 0;
  ch->n_lines = 0;
  ch->status = CHUNK_OK;
}

static void
chunk_pass_one (Chunk *ch)
{
  Parse *p = ch->p;
  SondeCsvReader *self = p->self;
  Tokenizer tok;
  TokResult result = TOK_EOF;
  guint records = 0;
  const guint n_columns = p->n_columns;

  for (guint c = 0; c < n_columns; c++)
    ch->bits[c] = p->initial_bits;

  tokenizer_init (&tok, p->tok.buf, p->tok.len, p->tok.delim);
  tok.max_fields = n_columns + 1;
  tok.pos = ch->start;

  while (tok.pos < ch->end)
    {
      guint n_fields;

      result = tokenizer_next (&tok);
      if (result != TOK_RECORD)
        break;

      if (G_UNLIKELY ((++records & 0x3FFF) == 0) && g_cancellable_is_cancelled (p->cancellable))
        {
          ch->status = CHUNK_CANCELLED;
          break;
        }

      if (tokenizer_is_blank (&tok))
        continue;

      if (tok.n_fields != n_columns)
        {
          if (self->ragged == SONDE_CSV_RAGGED_STOP)
            {
              ch->status = CHUNK_RAGGED_STOP;
              ch->err_line = tok.record_line;
              ch->err_fields = tok.n_fields;
              break;
            }
          ch->n_ragged++;
          if (ch->ragged->len < MAX_WARNINGS)
            {
              RaggedNote note = { tok.record_line, tok.n_fields };

              g_array_append_val (ch->ragged, note);
            }
          if (self->ragged == SONDE_CSV_RAGGED_SKIP)
            continue;
        }

      ch->n_rows++;

      n_fields = MIN (tok.n_fields, n_columns);
      for (guint c = 0; c < n_fields; c++)
        {
          const Field *f = &tok.fields[c];
          const char *s;
          gsize n;

          s = field_text (f, ch->scratch, &n);
          if (is_missing (p, f, s, n))
            continue;
          ch->n_present[c]++;
          ch->text_bytes[c] += n + 1;
          if (ch->bits[c] != 0)
            {
              trim (&s, &n);
              ch->bits[c] = classify (p, s, n, ch->bits[c]);
            }
        }
    }

  if (ch->status == CHUNK_OK && result != TOK_RECORD && result != TOK_EOF)
    {
      ch->status = CHUNK_TOK_ERROR;
      ch->tok_result = result;
      ch->err_line = tok.error_line;
      ch->err_column = tok.error_column;
      ch->err_at = tok.error_at;
    }

  ch->stop = tok.pos;
  ch->n_lines = tok.line - 1;
  tokenizer_clear (&tok);
}

static inline guint32
label_hash (const char *s,
            gsize       n)
{
  guint32 h = 2166136261u;

  for (gsize i = 0; i < n; i++)
    h = (h ^ (guchar) s[i]) * 16777619u;

  return h;
}

static void
chunk_col_insert_slot (ChunkCol *cc,
                       guint32   code)
{
  const char *label = g_ptr_array_index (cc->labels, code);
  gsize len = g_array_index (cc->label_lens, gsize, code);
  guint idx = label_hash (label, len) & (cc->n_slots - 1);

  while (cc->slots[idx] != 0)
    idx = (idx + 1) & (cc->n_slots - 1);
  cc->slots[idx] = code + 1;
}

/* The chunk-local code of a label, added if new: a small open-addressing
 * table on the bytes of the field, which saves copying each field to
 * make a C string as a GHashTable would need. */
static guint32
chunk_col_code (ChunkCol   *cc,
                const char *s,
                gsize       n)
{
  guint idx = label_hash (s, n) & (cc->n_slots - 1);
  guint32 code;

  for (; cc->slots[idx] != 0; idx = (idx + 1) & (cc->n_slots - 1))
    {
      code = cc->slots[idx] - 1;
      if (g_array_index (cc->label_lens, gsize, code) == n &&
          memcmp (g_ptr_array_index (cc->labels, code), s, n) == 0)
        return code;
    }

  code = cc->labels->len;
  g_ptr_array_add (cc->labels, g_strndup (s, n));
  g_array_append_val (cc->label_lens, n);
  if ((gsize) cc->labels->len * 2 > cc->n_slots)
    {
      cc->n_slots *= 2;
      g_free (cc->slots);
      cc->slots = g_new0 (guint32, cc->n_slots);
      for (guint32 k = 0; k < cc->labels->len; k++)
        chunk_col_insert_slot (cc, k);
    }
  else
    cc->slots[idx] = code + 1;

  return code;
}

/* Turns the first @n_done rows of @cc into text, in storage for the
 * @n_rows of the chunk. */
static void
chunk_col_to_text (ChunkCol *cc,
                   guint     n_done,
                   guint     n_rows)
{
  cc->offsets = g_new (guint64, MAX (n_rows, 1));
  cc->arena = g_string_new (NULL);
  for (guint r = 0; r < n_done; r++)
    {
      if (cc->local_codes[r] == G_MAXUINT32)
        cc->offsets[r] = G_MAXUINT64;
      else
        {
          const char *label = g_ptr_array_index (cc->labels, cc->local_codes[r]);

          cc->offsets[r] = cc->arena->len;
          g_string_append_len (cc->arena, label, strlen (label) + 1);
        }
    }
  g_clear_pointer (&cc->local_codes, g_free);
  g_clear_pointer (&cc->slots, g_free);
  g_clear_pointer (&cc->label_lens, g_array_unref);
  g_clear_pointer (&cc->labels, g_ptr_array_unref);
  cc->is_text = TRUE;
}

/* Stores the value of column @c for row @local of the chunk (row @row of
 * the table). Returns FALSE, with the error noted in @ch, when the value
 * does not fit a type set by the caller. */
static gboolean
chunk_store (Chunk       *ch,
             Run         *run,
             guint        c,
             const Field *f,
             guint        local,
             guint        row,
             guint        record_line)
{
  Parse *p = ch->p;
  ColState *st = &p->cols[c];
  gpointer data = run->data[c];
  const char *raw = NULL;
  const char *s;
  gsize raw_len = 0, n;
  gboolean ok = TRUE;

  if (f != NULL)
    raw = field_text (f, ch->scratch, &raw_len);

  if (f == NULL || is_missing (p, f, raw, raw_len))
    {
      _sonde_bitmap_set_atomic (run->missing[c], row);
      ch->n_missing[c]++;
      if (ch->cols[c].local_codes != NULL)
        ch->cols[c].local_codes[local] = G_MAXUINT32;
      else if (ch->cols[c].offsets != NULL)
        ch->cols[c].offsets[local] = G_MAXUINT64;
      return TRUE;
    }

  s = raw;
  n = raw_len;
  trim (&s, &n);

  switch (st->type)
    {
    case SONDE_COLUMN_TYPE_INTEGER:
      ok = parse_int (p, s, n, &((gint64 *) data)[row]);
      break;

    case SONDE_COLUMN_TYPE_REAL:
      {
        char other = st->decimal == '.' ? ',' : '.';
        gboolean other_ok = other == '.' ? (p->initial_bits & CAN_REAL_DOT) != 0
                                         : (p->initial_bits & CAN_REAL_COMMA) != 0;
        double *slot = &((double *) data)[row];

        ok = parse_real (p, s, n, st->decimal, slot) ||
             (other_ok && parse_real (p, s, n, other, slot));
      }
      break;

    case SONDE_COLUMN_TYPE_BOOLEAN:
      {
        gboolean v;

        if (!parse_bool (s, n, &v))
          {
            if (n == 1 && (s[0] == '0' || s[0] == '1'))
              v = s[0] == '1';
            else
              ok = FALSE;
          }
        if (ok)
          ((guint8 *) data)[row] = v ? 1 : 0;
      }
      break;

    case SONDE_COLUMN_TYPE_DATE:
      ok = parse_date (p->dates, s, n, &((gint32 *) data)[row]);
      break;

    case SONDE_COLUMN_TYPE_DATETIME:
      {
        gint64 v;
        gint32 days;

        if (parse_datetime (p->dates, s, n, &v))
          ((gint64 *) data)[row] = v;
        else if (parse_date (p->dates, s, n, &days))
          ((gint64 *) data)[row] = (gint64) days * 86400 * G_USEC_PER_SEC;
        else
          ok = FALSE;
      }
      break;

    case SONDE_COLUMN_TYPE_TEXT:
      {
        /* Pass one measured every chunk's texts: ours go straight to
         * their place in the column's arena. */
        char *arena = run->arena[c];

        ((guint64 *) data)[row] = ch->text_at[c];
        memcpy (arena + ch->text_at[c], raw, raw_len);
        arena[ch->text_at[c] + raw_len] = '\0';
        ch->text_at[c] += raw_len + 1;
      }
      break;

    case SONDE_COLUMN_TYPE_CATEGORICAL:
      {
        ChunkCol *cc = &ch->cols[c];

        if (!cc->is_text)
          {
            cc->local_codes[local] = chunk_col_code (cc, raw, raw_len);
            /* More labels here than the whole column may have: it will
             * be text, so stop building the dictionary. */
            if (!st->forced && cc->labels->len > st->category_limit)
              chunk_col_to_text (cc, local + 1, (guint) ch->n_rows);
          }
        else
          {
            cc->offsets[local] = cc->arena->len;
            g_string_append_len (cc->arena, raw, raw_len);
            g_string_append_c (cc->arena, '\0');
          }
      }
      break;

    default:
      g_assert_not_reached ();
    }

  if (!ok)
    {
      ch->status = CHUNK_VALUE_ERROR;
      ch->err_line = record_line;
      ch->err_column = c + 1;
      ch->err_text = excerpt (raw, raw + raw_len, 0);
      return FALSE;
    }

  return TRUE;
}

static void
chunk_pass_two (Chunk *ch,
                Run   *run)
{
  Parse *p = ch->p;
  SondeCsvReader *self = p->self;
  Tokenizer tok;
  guint records = 0;
  guint local = 0;
  const guint n_columns = p->n_columns;
  const guint n_rows = (guint) ch->n_rows;

  ch->n_missing = g_new0 (guint, n_columns);
  ch->cols = g_new0 (ChunkCol, n_columns);
  for (guint c = 0; c < n_columns; c++)
    {
      ChunkCol *cc = &ch->cols[c];

      if (p->cols[c].type == SONDE_COLUMN_TYPE_CATEGORICAL)
        {
          cc->labels = g_ptr_array_new_with_free_func (g_free);
          cc->label_lens = g_array_new (FALSE, FALSE, sizeof (gsize));
          cc->n_slots = 64;
          cc->slots = g_new0 (guint32, cc->n_slots);
          cc->local_codes = g_new (guint32, MAX (n_rows, 1));
        }
    }

  tokenizer_init (&tok, p->tok.buf, p->tok.len, p->tok.delim);
  tok.max_fields = n_columns + 1;
  tok.pos = ch->start;

  while (tok.pos < ch->stop && tokenizer_next (&tok) == TOK_RECORD)
    {
      if (G_UNLIKELY ((++records & 0x3FFF) == 0) && g_cancellable_is_cancelled (p->cancellable))
        {
          ch->status = CHUNK_CANCELLED;
          break;
        }

      if (tokenizer_is_blank (&tok))
        continue;

      if (tok.n_fields != n_columns && self->ragged == SONDE_CSV_RAGGED_SKIP)
        continue;

      g_assert (local < n_rows);
      for (guint c = 0; c < n_columns; c++)
        {
          const Field *f = c < tok.n_fields ? &tok.fields[c] : NULL;

          if (!chunk_store (ch, run, c, f, local, ch->row_offset + local, tok.record_line))
            goto out;
        }
      local++;
    }

out:
  tokenizer_clear (&tok);
}

static void
chunk_job (gpointer data,
           gpointer user_data)
{
  Chunk *ch = data;
  Run *run = user_data;

  if (run->pass == 1)
    chunk_pass_one (ch);
  else
    chunk_pass_two (ch, run);

  g_mutex_lock (&run->mutex);
  run->n_done++;
  run->bytes_done += ch->end - ch->start;
  g_cond_signal (&run->cond);
  g_mutex_unlock (&run->mutex);
}

static void
chunk_clear (Chunk *ch)
{
  g_free (ch->bits);
  g_free (ch->n_present);
  g_free (ch->text_bytes);
  g_free (ch->text_at);
  g_clear_pointer (&ch->ragged, g_array_unref);
  g_free (ch->err_text);
  g_free (ch->n_missing);
  if (ch->cols != NULL)
    {
      for (guint c = 0; c < ch->p->n_columns; c++)
        {
          ChunkCol *cc = &ch->cols[c];

          g_clear_pointer (&cc->slots, g_free);
          g_clear_pointer (&cc->label_lens, g_array_unref);
          g_clear_pointer (&cc->labels, g_ptr_array_unref);
          g_free (cc->local_codes);
          g_free (cc->offsets);
          if (cc->arena != NULL)
            g_string_free (cc->arena, TRUE);
        }
      g_free (ch->cols);
    }
  if (ch->scratch != NULL)
    g_string_free (ch->scratch, TRUE);
}

/* Runs one pass over every chunk in @pool and waits for it in the
 * calling thread, which reports progress (so that the progress function
 * is only ever called from the thread that called the reader). */
static gboolean
run_pass (Parse        *p,
          GThreadPool  *pool,
          Run          *run,
          Chunk        *chunks,
          guint         n_chunks,
          double        base,
          GError      **error)
{
  gsize total = 0;
  double reported = -1.0;

  for (guint i = 0; i < n_chunks; i++)
    total += chunks[i].end - chunks[i].start;

  run->n_done = 0;
  run->bytes_done = 0;
  for (guint i = 0; i < n_chunks; i++)
    g_thread_pool_push (pool, &chunks[i], NULL);

  g_mutex_lock (&run->mutex);
  while (run->n_done < n_chunks)
    {
      gint64 deadline = g_get_monotonic_time () + G_TIME_SPAN_SECOND / 10;
      double fraction = total > 0 ? (double) run->bytes_done / total : 1.0;

      /* At most about 50 reports a pass, as in the single-threaded
       * reading. */
      if (p->self->progress_func != NULL && (reported < 0 || fraction - reported >= 0.02) &&
          base + 0.5 * fraction >= p->last_progress)
        {
          reported = fraction;
          p->last_progress = base + 0.5 * fraction;
          g_mutex_unlock (&run->mutex);
          p->self->progress_func (p->last_progress, p->self->progress_data);
          g_mutex_lock (&run->mutex);
        }

      if (run->n_done < n_chunks)
        g_cond_wait_until (&run->cond, &run->mutex, deadline);
    }
  g_mutex_unlock (&run->mutex);

  return !g_cancellable_set_error_if_cancelled (p->cancellable, error);
}

/* Merges the CATEGORICAL column @c from the chunks' dictionaries, or
 * makes it TEXT when the labels outgrow the rule. */
static void
merge_labels (Parse  *p,
              Chunk  *chunks,
              guint   n_chunks,
              guint   c,
              guint   n_rows,
              guint   n_missing)
{
  ColState *st = &p->cols[c];
  guint32 *codes = (guint32 *) _sonde_column_get_values (st->column);
  gboolean text = FALSE;

  g_assert (st->type == SONDE_COLUMN_TYPE_CATEGORICAL);

  for (guint i = 0; i < n_chunks && !text; i++)
    text = chunks[i].cols[c].is_text;

  for (guint i = 0; i < n_chunks && !text; i++)
    {
      ChunkCol *cc = &chunks[i].cols[c];
      g_autofree guint32 *remap = g_new (guint32, MAX (cc->labels->len, 1));

      for (guint k = 0; k < cc->labels->len; k++)
        remap[k] = sonde_column_add_category (st->column, g_ptr_array_index (cc->labels, k), -1);
      if (!st->forced && sonde_column_get_n_categories (st->column) > st->category_limit)
        {
          text = TRUE;
          break;
        }
      for (guint r = 0; r < chunks[i].n_rows; r++)
        codes[chunks[i].row_offset + r] = cc->local_codes[r] == G_MAXUINT32 ? 0 : remap[cc->local_codes[r]];
    }

  if (!text)
    {
      _sonde_column_fill_end (st->column, n_missing, NULL, 0);
      return;
    }

  /* Too many labels: text, as the single-threaded reading does. */
  {
    SondeColumn *col = sonde_column_new (sonde_column_get_name (st->column), SONDE_COLUMN_TYPE_TEXT);
    const guint64 *old_missing = _sonde_column_get_missing_for_fill (st->column);

    sonde_column_set_source (col, sonde_column_get_source (st->column));
    _sonde_column_fill_begin (col, n_rows);
    if (n_rows > 0)
      memcpy (_sonde_column_get_missing_for_fill (col), old_missing,
              ((gsize) n_rows + 63) / 64 * sizeof (guint64));
    g_object_unref (st->column);
    st->column = col;
    st->type = SONDE_COLUMN_TYPE_TEXT;
  }

  {
    guint64 *offsets = (guint64 *) _sonde_column_get_values (st->column);
    gsize total = 1;
    gsize at = 1;
    char *arena;

    for (guint i = 0; i < n_chunks; i++)
      {
        ChunkCol *cc = &chunks[i].cols[c];

        if (cc->is_text)
          total += cc->arena->len;
        else
          for (guint r = 0; r < chunks[i].n_rows; r++)
            if (cc->local_codes[r] != G_MAXUINT32)
              total += strlen (g_ptr_array_index (cc->labels, cc->local_codes[r])) + 1;
      }

    arena = g_malloc (total);
    arena[0] = '\0';
    for (guint i = 0; i < n_chunks; i++)
      {
        ChunkCol *cc = &chunks[i].cols[c];
        guint64 *out = offsets + chunks[i].row_offset;

        if (cc->is_text)
          {
            memcpy (arena + at, cc->arena->str, cc->arena->len);
            for (guint r = 0; r < chunks[i].n_rows; r++)
              out[r] = cc->offsets[r] == G_MAXUINT64 ? 0 : cc->offsets[r] + at;
            at += cc->arena->len;
            g_string_free (cc->arena, TRUE);
            cc->arena = NULL;
            g_clear_pointer (&cc->offsets, g_free);
          }
        else
          for (guint r = 0; r < chunks[i].n_rows; r++)
            {
              if (cc->local_codes[r] == G_MAXUINT32)
                out[r] = 0;
              else
                {
                  const char *label = g_ptr_array_index (cc->labels, cc->local_codes[r]);
                  gsize len = strlen (label) + 1;

                  out[r] = at;
                  memcpy (arena + at, label, len);
                  at += len;
                }
            }
      }
    g_assert (at == total);
    _sonde_column_fill_end (st->column, n_missing, arena, total);
  }
}

static SondeTable *
read_parallel (Parse       *p,
               char       **names,
               gsize        body_start,
               guint        body_line,
               GError     **error)
{
  SondeCsvReader *self = p->self;
  const char *buf = p->tok.buf;
  const gsize len = p->tok.len;
  gsize chunk_bytes = self->chunk_size > 0 ? self->chunk_size : CHUNK_BYTES;
  guint n_threads = self->n_threads > 0 ? self->n_threads : (guint) MAX (g_get_num_processors (), 1);
  g_autoptr(GArray) starts = g_array_new (FALSE, FALSE, sizeof (gsize));
  g_autoptr(SondeTable) table = NULL;
  GThreadPool *pool = NULL;
  Chunk *chunks;
  guint n_chunks;
  Run run = { 0 };
  gsize *arena_len = NULL;
  guint64 n_rows = 0;
  gsize expected;
  guint line;
  gboolean ok = FALSE;
  gsize at;

  /* Guessed starts: just after the first line feed past each multiple
   * of the chunk size. */
  g_array_append_val (starts, body_start);
  for (at = body_start + chunk_bytes; at < len; at += chunk_bytes)
    {
      const char *nl = memchr (buf + at, '\n', len - at);
      gsize s;

      if (nl == NULL)
        break;
      s = (gsize) (nl - buf) + 1;
      if (s >= len)
        break;
      if (s > g_array_index (starts, gsize, starts->len - 1))
        g_array_append_val (starts, s);
      at = s;
    }

  n_chunks = starts->len;
  chunks = g_new0 (Chunk, n_chunks);
  for (guint i = 0; i < n_chunks; i++)
    {
      Chunk *ch = &chunks[i];

      ch->p = p;
      ch->start = g_array_index (starts, gsize, i);
      ch->end = i + 1 < n_chunks ? g_array_index (starts, gsize, i + 1) : len;
      ch->bits = g_new0 (guint, p->n_columns);
      ch->n_present = g_new0 (guint, p->n_columns);
      ch->text_bytes = g_new0 (guint64, p->n_columns);
      ch->text_at = g_new0 (guint64, p->n_columns);
      ch->ragged = g_array_new (FALSE, FALSE, sizeof (RaggedNote));
      ch->scratch = g_string_new (NULL);
    }

  g_mutex_init (&run.mutex);
  g_cond_init (&run.cond);
  pool = g_thread_pool_new (chunk_job, &run, (gint) MIN (n_threads, n_chunks), FALSE, NULL);
  if (pool == NULL)
    g_error ("Cannot start the threads of the CSV reader");

  /* Pass one. */
  run.pass = 1;
  if (!run_pass (p, pool, &run, chunks, n_chunks, 0.0, error))
    goto out;

  expected = body_start;
  line = body_line;
  for (guint i = 0; i < n_chunks; i++)
    {
      Chunk *ch = &chunks[i];

      if (ch->start != expected)
        {
          /* The guessed start was inside a quoted field: read the chunk
           * again from the true end of the previous one. */
          ch->start = expected;
          ch->end = MAX (ch->end, ch->start);
          chunk_reset_pass_one (ch);
          if (ch->start < ch->end)
            chunk_pass_one (ch);
          else
            ch->stop = ch->start;
        }

      ch->line_base = line;
      if (ch->status == CHUNK_CANCELLED)
        {
          g_cancellable_set_error_if_cancelled (p->cancellable, error);
          goto out;
        }
      if (ch->status == CHUNK_TOK_ERROR)
        {
          set_tokenizer_error_at (p, ch->tok_result, line + ch->err_line - 1,
                                  ch->err_column, ch->err_at, error);
          goto out;
        }
      if (ch->status == CHUNK_RAGGED_STOP)
        {
          ragged_error (p, line + ch->err_line - 1, ch->err_fields, error);
          goto out;
        }

      for (guint k = 0; k < ch->ragged->len; k++)
        {
          const RaggedNote *note = &g_array_index (ch->ragged, RaggedNote, k);

          ragged_warning (p, line + note->line - 1, note->n_fields);
        }
      self->n_ragged_rows += ch->n_ragged;

      for (guint c = 0; c < p->n_columns; c++)
        {
          p->cols[c].bits &= ch->bits[c];
          p->cols[c].n_present += ch->n_present[c];
        }

      ch->row_offset = (guint) MIN (n_rows, G_MAXUINT);
      n_rows += ch->n_rows;
      line += ch->n_lines;
      expected = ch->stop;
    }

  if (n_rows >= G_MAXUINT)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_TOO_LARGE,
                   _("%s has more than %u rows, more than Sonde can hold in one table."),
                   p->display_name, G_MAXUINT);
      goto out;
    }

  choose_types (p, names, (guint) n_rows, FALSE);

  run.data = g_new0 (gpointer, p->n_columns);
  run.missing = g_new0 (guint64 *, p->n_columns);
  run.arena = g_new0 (char *, p->n_columns);
  arena_len = g_new0 (gsize, p->n_columns);
  for (guint c = 0; c < p->n_columns; c++)
    {
      run.data[c] = _sonde_column_fill_begin (p->cols[c].column, (guint) n_rows);
      run.missing[c] = _sonde_column_get_missing_for_fill (p->cols[c].column);
      if (p->cols[c].type == SONDE_COLUMN_TYPE_TEXT)
        {
          guint64 at_text = 1;

          for (guint i = 0; i < n_chunks; i++)
            {
              chunks[i].text_at[c] = at_text;
              at_text += chunks[i].text_bytes[c];
            }
          arena_len[c] = at_text;
          run.arena[c] = g_malloc (at_text);
          run.arena[c][0] = '\0';
        }
    }

  /* Pass two. */
  run.pass = 2;
  if (!run_pass (p, pool, &run, chunks, n_chunks, 0.5, error))
    goto out;

  for (guint i = 0; i < n_chunks; i++)
    {
      Chunk *ch = &chunks[i];

      if (ch->status == CHUNK_VALUE_ERROR)
        {
          ColState *st = &p->cols[ch->err_column - 1];

          g_set_error (error, SONDE_ERROR, SONDE_ERROR_PARSE,
                       /* Translators: file name, line, column number, column name, the value, then a type such as “integer” */
                       _("%s, line %u, column %u (“%s”): the value “%s” cannot be read as “%s”, the type chosen for this column."),
                       p->display_name, ch->line_base + ch->err_line - 1, ch->err_column,
                       sonde_column_get_name (st->column), ch->err_text,
                       sonde_column_type_get_label (st->type));
          goto out;
        }
    }

  table = sonde_table_new (p->display_name);
  for (guint c = 0; c < p->n_columns; c++)
    {
      ColState *st = &p->cols[c];
      guint n_missing = 0;

      for (guint i = 0; i < n_chunks; i++)
        n_missing += chunks[i].n_missing[c];

      if (st->type == SONDE_COLUMN_TYPE_TEXT)
        {
          _sonde_column_fill_end (st->column, n_missing, g_steal_pointer (&run.arena[c]), arena_len[c]);
        }
      else if (st->type == SONDE_COLUMN_TYPE_CATEGORICAL)
        merge_labels (p, chunks, n_chunks, c, (guint) n_rows, n_missing);
      else
        _sonde_column_fill_end (st->column, n_missing, NULL, 0);

      if (!sonde_table_add_column (table, st->column, error))
        goto out;
    }

  if (self->progress_func != NULL)
    self->progress_func (1.0, self->progress_data);
  ok = TRUE;

out:
  if (pool != NULL)
    g_thread_pool_free (pool, FALSE, TRUE);
  for (guint i = 0; i < n_chunks; i++)
    chunk_clear (&chunks[i]);
  g_free (chunks);
  g_free (run.data);
  g_free (run.missing);
  if (run.arena != NULL)
    for (guint c = 0; c < p->n_columns; c++)
      g_free (run.arena[c]);
  g_free (run.arena);
  g_free (arena_len);
  g_mutex_clear (&run.mutex);
  g_cond_clear (&run.cond);

  return ok ? g_steal_pointer (&table) : NULL;
}

static SondeTable *
read_buffer (Parse       *p,
             const char  *buf,
             gsize        len,
             GError     **error)
{
  SondeCsvReader *self = p->self;
  Tokenizer *tok = &p->tok;
  g_autoptr(SondeTable) table = NULL;
  g_auto(GStrv) names = NULL;
  gboolean header;
  TokResult result;
  guint n_rows = 0;
  guint records = 0;
  gsize first_pos = 0;

  /* Settings, turned into what the inner loops need. */
  p->scratch = g_string_new (NULL);
  p->scratch2 = g_string_new (NULL);
  p->dates = self->date_formats;
  {
    const char * const *markers = self->missing_markers != NULL
      ? (const char * const *) self->missing_markers : default_missing_markers;
    guint n = g_strv_length ((char **) markers);

    p->markers = g_new0 (Marker, n);
    for (guint i = 0; i < n; i++)
      {
        if (markers[i][0] == '\0')
          p->empty_is_missing = TRUE;
        p->markers[p->n_markers].text = markers[i];
        p->markers[p->n_markers].len = strlen (markers[i]);
        p->max_marker_len = MAX (p->max_marker_len, p->markers[p->n_markers].len);
        p->n_markers++;
      }
  }
  if (self->thousands_separator != 0)
    p->thousands_len = g_unichar_to_utf8 (self->thousands_separator, p->thousands);

  self->detected_delimiter = self->delimiter != 0 ? self->delimiter : sniff_delimiter (buf, len);

  p->initial_bits = CAN_INT | CAN_BOOL;
  if (self->decimal_mark == '.' || self->decimal_mark == 0)
    p->initial_bits |= CAN_REAL_DOT;
  if (self->decimal_mark == ',' ||
      (self->decimal_mark == 0 && self->detected_delimiter != ','))
    p->initial_bits |= CAN_REAL_COMMA;
  if (p->dates != 0)
    p->initial_bits |= CAN_DATE | CAN_DATETIME;

  tokenizer_init (tok, buf, len, self->detected_delimiter);

  /* The first non-blank record: the header, or the first row. */
  do
    {
      first_pos = tok->pos;
      result = tokenizer_next (tok);
    }
  while (result == TOK_RECORD && tokenizer_is_blank (tok));

  if (result == TOK_EOF)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_EMPTY,
                   _("%s is empty: it has no column names and no rows."),
                   p->display_name);
      return NULL;
    }
  if (result != TOK_RECORD)
    return set_tokenizer_error (p, result, error), NULL;

  if (tok->n_fields > MAX_COLUMNS)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_TOO_LARGE,
                   _("%s, line %u: the first row has %u fields; Sonde reads at most %u columns. Check the delimiter, or split the file."),
                   p->display_name, tok->record_line, tok->n_fields, MAX_COLUMNS);
      return NULL;
    }

  p->n_columns = tok->n_fields;
  tok->max_fields = p->n_columns + 1;
  p->cols = g_new0 (ColState, p->n_columns);
  for (guint c = 0; c < p->n_columns; c++)
    p->cols[c].bits = p->initial_bits;

  if (self->header == SONDE_CSV_HEADER_AUTO)
    {
      header = TRUE;
      for (guint c = 0; c < p->n_columns && header; c++)
        {
          const Field *f = &tok->fields[c];
          gsize n;
          const char *s = field_text (f, p->scratch, &n);

          /* A quoted name is a name, even "2024": that is how
           * SondeCsvWriter keeps such headers. */
          if (f->quoted || is_missing (p, f, s, n))
            continue;
          trim (&s, &n);
          if (classify (p, s, n, p->initial_bits) & CAN_DATA)
            header = FALSE;
        }
    }
  else
    header = self->header == SONDE_CSV_HEADER_YES;

  self->detected_header = header;
  names = make_names (p, header);

  /* Pass one: shape, row count and types. */
  p->progress_base = 0.0;
  p->progress_span = 0.5;
  if (!report_progress (p, error))
    return NULL;

  if (len >= PARALLEL_MIN_BYTES || self->chunk_size > 0)
    return read_parallel (p, names,
                          header ? tok->pos : first_pos,
                          header ? tok->line : tok->record_line,
                          error);

  if (header)
    result = tokenizer_next (tok);
  else
    result = TOK_RECORD;

  for (; result == TOK_RECORD; result = tokenizer_next (tok))
    {
      guint n_fields;

      if (G_UNLIKELY (tok->pos >= p->next_progress || (++records & 0x3FFF) == 0) &&
          !report_progress (p, error))
        return NULL;

      if (tokenizer_is_blank (tok))
        continue;

      if (tok->n_fields != p->n_columns)
        {
          if (!handle_ragged (p, error))
            return NULL;
          if (self->ragged == SONDE_CSV_RAGGED_SKIP)
            continue;
        }

      if (n_rows == G_MAXUINT)
        {
          g_set_error (error, SONDE_ERROR, SONDE_ERROR_TOO_LARGE,
                       _("%s has more than %u rows, more than Sonde can hold in one table."),
                       p->display_name, G_MAXUINT);
          return NULL;
        }
      n_rows++;

      n_fields = MIN (tok->n_fields, p->n_columns);
      for (guint c = 0; c < n_fields; c++)
        {
          const Field *f = &tok->fields[c];
          ColState *st = &p->cols[c];
          const char *s;
          gsize n;

          s = field_text (f, p->scratch, &n);
          if (is_missing (p, f, s, n))
            continue;
          st->n_present++;
          if (st->bits != 0)
            {
              trim (&s, &n);
              st->bits = classify (p, s, n, st->bits);
            }
        }
    }

  if (result != TOK_EOF)
    return set_tokenizer_error (p, result, error), NULL;

  choose_types (p, names, n_rows, TRUE);
  table = sonde_table_new (p->display_name);

  /* Pass two: values. */
  p->progress_base = 0.5;
  p->progress_span = 0.5;
  tokenizer_rewind (tok);
  p->next_progress = 0;
  records = 0;

  do
    result = tokenizer_next (tok);
  while (result == TOK_RECORD && tokenizer_is_blank (tok));
  if (header)
    result = tokenizer_next (tok);

  for (; result == TOK_RECORD; result = tokenizer_next (tok))
    {
      if (G_UNLIKELY (tok->pos >= p->next_progress || (++records & 0x3FFF) == 0) &&
          !report_progress (p, error))
        return NULL;

      if (tokenizer_is_blank (tok))
        continue;

      if (tok->n_fields != p->n_columns && self->ragged == SONDE_CSV_RAGGED_SKIP)
        continue;

      for (guint c = 0; c < p->n_columns; c++)
        {
          const Field *f = c < tok->n_fields ? &tok->fields[c] : NULL;

          if (!append_value (p, c, f, n_rows, error))
            return NULL;
        }
    }

  g_assert (result == TOK_EOF);

  for (guint c = 0; c < p->n_columns; c++)
    {
      g_assert (sonde_column_get_n_rows (p->cols[c].column) == n_rows);
      sonde_column_shrink (p->cols[c].column);
      if (!sonde_table_add_column (table, p->cols[c].column, error))
        return NULL;
    }

  if (self->progress_func != NULL)
    self->progress_func (1.0, self->progress_data);

  return g_steal_pointer (&table);
}

/* ------------------------------------------------------------------ */
/* GObject                                                              */
/* ------------------------------------------------------------------ */

static void
sonde_csv_reader_finalize (GObject *object)
{
  SondeCsvReader *self = (SondeCsvReader *)object;

  if (self->progress_destroy != NULL)
    self->progress_destroy (self->progress_data);

  g_clear_pointer (&self->encoding, g_free);
  g_clear_pointer (&self->missing_markers, g_strfreev);
  g_clear_pointer (&self->column_types, g_hash_table_unref);
  g_clear_pointer (&self->warnings, g_ptr_array_unref);
  g_clear_pointer (&self->detected_encoding, g_free);

  G_OBJECT_CLASS (sonde_csv_reader_parent_class)->finalize (object);
}

static void
sonde_csv_reader_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  SondeCsvReader *self = SONDE_CSV_READER (object);

  switch (prop_id)
    {
    case PROP_DELIMITER:
      g_value_set_schar (value, self->delimiter);
      break;

    case PROP_HEADER:
      g_value_set_enum (value, self->header);
      break;

    case PROP_ENCODING:
      g_value_set_string (value, self->encoding);
      break;

    case PROP_DECIMAL_MARK:
      g_value_set_schar (value, self->decimal_mark);
      break;

    case PROP_THOUSANDS_SEPARATOR:
      g_value_set_uint (value, self->thousands_separator);
      break;

    case PROP_MISSING_MARKERS:
      g_value_set_boxed (value, sonde_csv_reader_get_missing_markers (self));
      break;

    case PROP_DATE_FORMATS:
      g_value_set_flags (value, self->date_formats);
      break;

    case PROP_RAGGED:
      g_value_set_enum (value, self->ragged);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sonde_csv_reader_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  SondeCsvReader *self = SONDE_CSV_READER (object);

  switch (prop_id)
    {
    case PROP_DELIMITER:
      sonde_csv_reader_set_delimiter (self, g_value_get_schar (value));
      break;

    case PROP_HEADER:
      sonde_csv_reader_set_header (self, g_value_get_enum (value));
      break;

    case PROP_ENCODING:
      sonde_csv_reader_set_encoding (self, g_value_get_string (value));
      break;

    case PROP_DECIMAL_MARK:
      sonde_csv_reader_set_decimal_mark (self, g_value_get_schar (value));
      break;

    case PROP_THOUSANDS_SEPARATOR:
      sonde_csv_reader_set_thousands_separator (self, g_value_get_uint (value));
      break;

    case PROP_MISSING_MARKERS:
      sonde_csv_reader_set_missing_markers (self, g_value_get_boxed (value));
      break;

    case PROP_DATE_FORMATS:
      sonde_csv_reader_set_date_formats (self, g_value_get_flags (value));
      break;

    case PROP_RAGGED:
      sonde_csv_reader_set_ragged (self, g_value_get_enum (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sonde_csv_reader_class_init (SondeCsvReaderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sonde_csv_reader_finalize;
  object_class->get_property = sonde_csv_reader_get_property;
  object_class->set_property = sonde_csv_reader_set_property;

  /**
   * SondeCsvReader:delimiter:
   *
   * The field delimiter, or 0 to sniff it among `,` `;` TAB and `|`.
   */
  properties[PROP_DELIMITER] =
    g_param_spec_char ("delimiter", NULL, NULL, 0, G_MAXINT8, 0,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_HEADER] =
    g_param_spec_enum ("header", NULL, NULL,
                       SONDE_TYPE_CSV_HEADER, SONDE_CSV_HEADER_AUTO,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * SondeCsvReader:encoding:
   *
   * The encoding of the file, or %NULL or "auto" to detect it (UTF-8
   * with or without a byte order mark, UTF-16 with one, else
   * Windows-1252). Any name iconv knows is accepted.
   */
  properties[PROP_ENCODING] =
    g_param_spec_string ("encoding", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * SondeCsvReader:decimal-mark:
   *
   * '.' or ',', or 0 to accept both when the delimiter is not a comma
   * (and only '.' when it is).
   */
  properties[PROP_DECIMAL_MARK] =
    g_param_spec_char ("decimal-mark", NULL, NULL, 0, G_MAXINT8, 0,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * SondeCsvReader:thousands-separator:
   *
   * A character allowed between digits of numbers (' ', '.', U+202F...),
   * or 0 for none (the default).
   */
  properties[PROP_THOUSANDS_SEPARATOR] =
    g_param_spec_uint ("thousands-separator", NULL, NULL, 0, 0x10FFFF, 0,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * SondeCsvReader:missing-markers:
   *
   * The texts that stand for a missing value. Defaults to the empty
   * field, `NA`, `N/A`, `NULL`, `?` and `-`.
   */
  properties[PROP_MISSING_MARKERS] =
    g_param_spec_boxed ("missing-markers", NULL, NULL, G_TYPE_STRV,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_DATE_FORMATS] =
    g_param_spec_flags ("date-formats", NULL, NULL,
                        SONDE_TYPE_CSV_DATE_FORMATS, SONDE_CSV_DATE_ISO | SONDE_CSV_DATE_DMY,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_RAGGED] =
    g_param_spec_enum ("ragged", NULL, NULL,
                       SONDE_TYPE_CSV_RAGGED, SONDE_CSV_RAGGED_STOP,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sonde_csv_reader_init (SondeCsvReader *self)
{
  self->header = SONDE_CSV_HEADER_AUTO;
  self->ragged = SONDE_CSV_RAGGED_STOP;
  self->date_formats = SONDE_CSV_DATE_ISO | SONDE_CSV_DATE_DMY;
  self->warnings = g_ptr_array_new_with_free_func ((GDestroyNotify) sonde_csv_warning_free);
}

/**
 * sonde_csv_reader_new:
 *
 * Creates a reader with every setting on automatic: delimiter sniffed,
 * header detected, encoding detected, default missing markers, ISO and
 * French dates, stop on ragged rows.
 *
 * Returns: (transfer full): a new #SondeCsvReader.
 */
SondeCsvReader *
sonde_csv_reader_new (void)
{
  return g_object_new (SONDE_TYPE_CSV_READER, NULL);
}

/**
 * sonde_csv_reader_get_delimiter:
 * @self: a #SondeCsvReader
 *
 * Returns: the delimiter set, or 0 when it is sniffed.
 */
char
sonde_csv_reader_get_delimiter (SondeCsvReader *self)
{
  g_return_val_if_fail (SONDE_IS_CSV_READER (self), 0);

  return self->delimiter;
}

/**
 * sonde_csv_reader_set_delimiter:
 * @self: a #SondeCsvReader
 * @delimiter: an ASCII delimiter other than a quote or a line break, or
 *   0 to sniff it
 *
 * Sets the field delimiter.
 */
void
sonde_csv_reader_set_delimiter (SondeCsvReader *self,
                                char            delimiter)
{
  g_return_if_fail (SONDE_IS_CSV_READER (self));
  g_return_if_fail (delimiter >= 0 && delimiter != '"' && delimiter != '\n' && delimiter != '\r');

  if (self->delimiter != delimiter)
    {
      self->delimiter = delimiter;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DELIMITER]);
    }
}

/**
 * sonde_csv_reader_get_header:
 * @self: a #SondeCsvReader
 *
 * Returns: whether the first row is read as a header.
 */
SondeCsvHeader
sonde_csv_reader_get_header (SondeCsvReader *self)
{
  g_return_val_if_fail (SONDE_IS_CSV_READER (self), SONDE_CSV_HEADER_AUTO);

  return self->header;
}

/**
 * sonde_csv_reader_set_header:
 * @self: a #SondeCsvReader
 * @header: a #SondeCsvHeader
 *
 * Sets whether the first row names the columns.
 */
void
sonde_csv_reader_set_header (SondeCsvReader *self,
                             SondeCsvHeader  header)
{
  g_return_if_fail (SONDE_IS_CSV_READER (self));
  g_return_if_fail (header <= SONDE_CSV_HEADER_NO);

  if (self->header != header)
    {
      self->header = header;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HEADER]);
    }
}

/**
 * sonde_csv_reader_get_encoding:
 * @self: a #SondeCsvReader
 *
 * Returns: (transfer none) (nullable): the encoding set, or %NULL when
 *   it is detected.
 */
const char *
sonde_csv_reader_get_encoding (SondeCsvReader *self)
{
  g_return_val_if_fail (SONDE_IS_CSV_READER (self), NULL);

  return self->encoding;
}

/**
 * sonde_csv_reader_set_encoding:
 * @self: a #SondeCsvReader
 * @encoding: (nullable): an encoding name ("UTF-8", "WINDOWS-1252",
 *   "ISO-8859-1", "UTF-16"... anything iconv knows), or %NULL or "auto"
 *   to detect it
 *
 * Sets the encoding of the files to read. An unknown name makes the
 * next read fail with %SONDE_ERROR_ENCODING.
 */
void
sonde_csv_reader_set_encoding (SondeCsvReader *self,
                               const char     *encoding)
{
  g_return_if_fail (SONDE_IS_CSV_READER (self));

  if (encoding != NULL && g_ascii_strcasecmp (encoding, "auto") == 0)
    encoding = NULL;

  if (g_strcmp0 (self->encoding, encoding) != 0)
    {
      g_free (self->encoding);
      self->encoding = g_strdup (encoding);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENCODING]);
    }
}

/**
 * sonde_csv_reader_get_decimal_mark:
 * @self: a #SondeCsvReader
 *
 * Returns: '.', ',' or 0 for automatic.
 */
char
sonde_csv_reader_get_decimal_mark (SondeCsvReader *self)
{
  g_return_val_if_fail (SONDE_IS_CSV_READER (self), 0);

  return self->decimal_mark;
}

/**
 * sonde_csv_reader_set_decimal_mark:
 * @self: a #SondeCsvReader
 * @decimal_mark: '.', ',' or 0 for automatic (both marks accepted when
 *   the delimiter is not a comma, each column keeping one)
 *
 * Sets the decimal mark of numbers.
 */
void
sonde_csv_reader_set_decimal_mark (SondeCsvReader *self,
                                   char            decimal_mark)
{
  g_return_if_fail (SONDE_IS_CSV_READER (self));
  g_return_if_fail (decimal_mark == 0 || decimal_mark == '.' || decimal_mark == ',');

  if (self->decimal_mark != decimal_mark)
    {
      self->decimal_mark = decimal_mark;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DECIMAL_MARK]);
    }
}

/**
 * sonde_csv_reader_get_thousands_separator:
 * @self: a #SondeCsvReader
 *
 * Returns: the thousands separator, or 0 for none.
 */
gunichar
sonde_csv_reader_get_thousands_separator (SondeCsvReader *self)
{
  g_return_val_if_fail (SONDE_IS_CSV_READER (self), 0);

  return self->thousands_separator;
}

/**
 * sonde_csv_reader_set_thousands_separator:
 * @self: a #SondeCsvReader
 * @separator: a character allowed between digits, or 0 for none
 *
 * Sets the thousands separator: with ' ', "12 345" reads as 12345. It is
 * only accepted between two digits.
 */
void
sonde_csv_reader_set_thousands_separator (SondeCsvReader *self,
                                          gunichar        separator)
{
  g_return_if_fail (SONDE_IS_CSV_READER (self));
  g_return_if_fail (separator == 0 || g_unichar_validate (separator));

  if (self->thousands_separator != separator)
    {
      self->thousands_separator = separator;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_THOUSANDS_SEPARATOR]);
    }
}

/**
 * sonde_csv_reader_get_missing_markers:
 * @self: a #SondeCsvReader
 *
 * Returns: (transfer none) (array zero-terminated=1): the texts read as
 *   missing values.
 */
const char * const *
sonde_csv_reader_get_missing_markers (SondeCsvReader *self)
{
  g_return_val_if_fail (SONDE_IS_CSV_READER (self), NULL);

  if (self->missing_markers == NULL)
    return default_missing_markers;

  return (const char * const *) self->missing_markers;
}

/**
 * sonde_csv_reader_set_missing_markers:
 * @self: a #SondeCsvReader
 * @markers: (nullable) (array zero-terminated=1): the texts that stand
 *   for a missing value (include "" for empty fields), or %NULL for the
 *   defaults
 *
 * Sets the missing-value markers. They are compared, case included, with
 * unquoted fields whose surrounding spaces are trimmed.
 */
void
sonde_csv_reader_set_missing_markers (SondeCsvReader     *self,
                                      const char * const *markers)
{
  g_return_if_fail (SONDE_IS_CSV_READER (self));

  g_clear_pointer (&self->missing_markers, g_strfreev);
  if (markers != NULL)
    self->missing_markers = g_strdupv ((char **) markers);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MISSING_MARKERS]);
}

/**
 * sonde_csv_reader_get_date_formats:
 * @self: a #SondeCsvReader
 *
 * Returns: the date formats recognised.
 */
SondeCsvDateFormats
sonde_csv_reader_get_date_formats (SondeCsvReader *self)
{
  g_return_val_if_fail (SONDE_IS_CSV_READER (self), 0);

  return self->date_formats;
}

/**
 * sonde_csv_reader_set_date_formats:
 * @self: a #SondeCsvReader
 * @formats: the formats to recognise; 0 reads dates as text
 *
 * Sets the date formats recognised by type inference.
 */
void
sonde_csv_reader_set_date_formats (SondeCsvReader      *self,
                                   SondeCsvDateFormats  formats)
{
  g_return_if_fail (SONDE_IS_CSV_READER (self));

  if (self->date_formats != formats)
    {
      self->date_formats = formats;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATE_FORMATS]);
    }
}

/**
 * sonde_csv_reader_get_ragged:
 * @self: a #SondeCsvReader
 *
 * Returns: what is done with ragged rows.
 */
SondeCsvRagged
sonde_csv_reader_get_ragged (SondeCsvReader *self)
{
  g_return_val_if_fail (SONDE_IS_CSV_READER (self), SONDE_CSV_RAGGED_STOP);

  return self->ragged;
}

/**
 * sonde_csv_reader_set_ragged:
 * @self: a #SondeCsvReader
 * @ragged: a #SondeCsvRagged
 *
 * Sets what to do with rows that do not have as many fields as the
 * first row.
 */
void
sonde_csv_reader_set_ragged (SondeCsvReader *self,
                             SondeCsvRagged  ragged)
{
  g_return_if_fail (SONDE_IS_CSV_READER (self));
  g_return_if_fail (ragged <= SONDE_CSV_RAGGED_SKIP);

  if (self->ragged != ragged)
    {
      self->ragged = ragged;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RAGGED]);
    }
}

/**
 * sonde_csv_reader_set_column_type:
 * @self: a #SondeCsvReader
 * @column_name: the name of a column, as it will appear in the table
 *   (after duplicate names are made unique)
 * @type: the type to give it
 *
 * Sets the type of a column instead of inferring it. A value that cannot
 * be read as @type makes the read fail with %SONDE_ERROR_PARSE, naming
 * the line and the value; a name the file does not have gives a
 * %SONDE_CSV_WARNING_UNKNOWN_COLUMN warning. For a boolean column, 0 and
 * 1 are accepted too; a date-time column accepts plain dates (midnight).
 */
void
sonde_csv_reader_set_column_type (SondeCsvReader  *self,
                                  const char      *column_name,
                                  SondeColumnType  type)
{
  g_return_if_fail (SONDE_IS_CSV_READER (self));
  g_return_if_fail (column_name != NULL);
  g_return_if_fail (type < SONDE_COLUMN_N_TYPES);

  if (self->column_types == NULL)
    self->column_types = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_hash_table_insert (self->column_types, g_strdup (column_name), GINT_TO_POINTER (type));
}

/**
 * sonde_csv_reader_clear_column_types:
 * @self: a #SondeCsvReader
 *
 * Forgets the types set with sonde_csv_reader_set_column_type().
 */
void
sonde_csv_reader_clear_column_types (SondeCsvReader *self)
{
  g_return_if_fail (SONDE_IS_CSV_READER (self));

  g_clear_pointer (&self->column_types, g_hash_table_unref);
}

/**
 * sonde_csv_reader_set_progress_func:
 * @self: a #SondeCsvReader
 * @func: (nullable): a #SondeProgressFunc, or %NULL
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data when replaced or when @self is
 *   finalized
 *
 * Sets a function called with the fraction read, from 0.0 to 1.0, at
 * most about a hundred times a read, from the thread doing the read
 * (see #SondeProgressFunc).
 */
void
sonde_csv_reader_set_progress_func (SondeCsvReader    *self,
                                    SondeProgressFunc  func,
                                    gpointer           user_data,
                                    GDestroyNotify     destroy)
{
  g_return_if_fail (SONDE_IS_CSV_READER (self));

  if (self->progress_destroy != NULL)
    self->progress_destroy (self->progress_data);

  self->progress_func = func;
  self->progress_data = user_data;
  self->progress_destroy = destroy;
}

/**
 * sonde_csv_reader_get_warnings:
 * @self: a #SondeCsvReader
 *
 * Gets what the last read fixed or guessed: ragged rows, renamed
 * columns, unknown column names, a guessed encoding. At most 1000
 * warnings are kept; sonde_csv_reader_get_n_ragged_rows() counts all
 * ragged rows.
 *
 * Returns: (transfer none) (element-type SondeCsvWarning): the warnings
 *   of the last read, valid until the next one.
 */
GPtrArray *
sonde_csv_reader_get_warnings (SondeCsvReader *self)
{
  g_return_val_if_fail (SONDE_IS_CSV_READER (self), NULL);

  return self->warnings;
}

/**
 * sonde_csv_reader_get_n_ragged_rows:
 * @self: a #SondeCsvReader
 *
 * Returns: the number of rows the last read padded, cut or skipped.
 */
guint
sonde_csv_reader_get_n_ragged_rows (SondeCsvReader *self)
{
  g_return_val_if_fail (SONDE_IS_CSV_READER (self), 0);

  return self->n_ragged_rows;
}

/**
 * sonde_csv_reader_get_detected_delimiter:
 * @self: a #SondeCsvReader
 *
 * Returns: the delimiter the last read used (set or sniffed), or 0
 *   before any read.
 */
char
sonde_csv_reader_get_detected_delimiter (SondeCsvReader *self)
{
  g_return_val_if_fail (SONDE_IS_CSV_READER (self), 0);

  return self->detected_delimiter;
}

/**
 * sonde_csv_reader_get_detected_encoding:
 * @self: a #SondeCsvReader
 *
 * Returns: (transfer none) (nullable): the encoding the last read used
 *   ("UTF-8", "UTF-16LE", "WINDOWS-1252"...), or %NULL.
 */
const char *
sonde_csv_reader_get_detected_encoding (SondeCsvReader *self)
{
  g_return_val_if_fail (SONDE_IS_CSV_READER (self), NULL);

  return self->detected_encoding;
}

/**
 * sonde_csv_reader_get_detected_header:
 * @self: a #SondeCsvReader
 *
 * Returns: whether the last read took the first row as a header.
 */
gboolean
sonde_csv_reader_get_detected_header (SondeCsvReader *self)
{
  g_return_val_if_fail (SONDE_IS_CSV_READER (self), FALSE);

  return self->detected_header;
}

/**
 * sonde_csv_reader_read_bytes:
 * @self: a #SondeCsvReader
 * @bytes: the content of a CSV or TSV file
 * @display_name: the name to show in messages and to give the table
 *   ("students.csv")
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Reads a table from memory with the settings of @self. Warnings and
 * detected settings are then available from @self. Do not change the
 * settings of @self while a read runs.
 *
 * Returns: (transfer full) (nullable): the table, or %NULL with @error
 *   set in the %SONDE_ERROR domain (or %G_IO_ERROR_CANCELLED).
 */
SondeTable *
sonde_csv_reader_read_bytes (SondeCsvReader  *self,
                             GBytes          *bytes,
                             const char      *display_name,
                             GCancellable    *cancellable,
                             GError         **error)
{
  Parse p = { 0 };
  g_autofree char *owned = NULL;
  const char *buf;
  gsize len = 0;
  SondeTable *table;

  g_return_val_if_fail (SONDE_IS_CSV_READER (self), NULL);
  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (display_name != NULL, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  reset_results (self);

  p.self = self;
  p.display_name = display_name;
  p.cancellable = cancellable;

  buf = decode (&p, bytes, &owned, &len, error);
  if (buf == NULL)
    return NULL;

  table = read_buffer (&p, buf, len, error);
  parse_clear (&p);

  return table;
}

/**
 * sonde_csv_reader_read_file:
 * @self: a #SondeCsvReader
 * @file: a #GFile
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Reads a table from @file: local files are mapped in memory, others are
 * loaded through GIO. A file larger than half the memory of the computer
 * is refused with %SONDE_ERROR_TOO_LARGE before it is read. The table is
 * named after the file's base name and its source is the file's path
 * (or URI). This blocks: from a user interface, use
 * sonde_csv_reader_read_file_async().
 *
 * Returns: (transfer full) (nullable): the table, or %NULL with @error
 *   set (%SONDE_ERROR, %G_IO_ERROR or %G_FILE_ERROR domains).
 */
SondeTable *
sonde_csv_reader_read_file (SondeCsvReader  *self,
                            GFile           *file,
                            GCancellable    *cancellable,
                            GError         **error)
{
  g_return_val_if_fail (SONDE_IS_CSV_READER (self), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* Typed data is usually smaller than its text, but small integers and
   * one-letter labels grow up to four times: half the memory leaves room
   * for the file itself and for the rest of the desktop. */
  return sonde_reader_read_file (self, (SondeReadBytesFunc) sonde_csv_reader_read_bytes, file, 2,
                                 cancellable, error);
}


/**
 * sonde_csv_reader_read_file_async:
 * @self: a #SondeCsvReader
 * @file: a #GFile
 * @cancellable: (nullable): a #GCancellable
 * @callback: called in the thread-default main context of the caller
 *   when the read is done
 * @user_data: data for @callback
 *
 * Reads a table from @file in a worker thread, as
 * sonde_csv_reader_read_file() does. Do not use @self for anything else
 * until @callback has run; the progress function set on @self is called
 * from the worker thread.
 */
void
sonde_csv_reader_read_file_async (SondeCsvReader      *self,
                                  GFile               *file,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (SONDE_IS_CSV_READER (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  sonde_reader_read_file_async (self, (SondeReadFileFunc) sonde_csv_reader_read_file,
                                sonde_csv_reader_read_file_async,
                                file, cancellable, callback, user_data);
}


/**
 * sonde_csv_reader_read_file_finish:
 * @self: a #SondeCsvReader
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #GError
 *
 * Completes sonde_csv_reader_read_file_async().
 *
 * Returns: (transfer full) (nullable): the table, or %NULL with @error
 *   set.
 */
SondeTable *
sonde_csv_reader_read_file_finish (SondeCsvReader  *self,
                                   GAsyncResult    *result,
                                   GError         **error)
{
  g_return_val_if_fail (SONDE_IS_CSV_READER (self), NULL);

  return sonde_reader_read_file_finish (self, result, sonde_csv_reader_read_file_async, error);
}


/* Sets the size of the chunks of the parallel reading and the number of
 * threads, for tests: a @chunk_size above 0 forces the parallel reading
 * whatever the size of the input. 0 and 0 restore the defaults. */
void
_sonde_csv_reader_set_parallel (SondeCsvReader *self,
                                gsize           chunk_size,
                                guint           n_threads)
{
  g_return_if_fail (SONDE_IS_CSV_READER (self));

  self->chunk_size = chunk_size;
  self->n_threads = n_threads;
}
