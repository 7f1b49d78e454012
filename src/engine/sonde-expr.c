/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sonde-engine"

/* SondeExpr: the expression language of sonde-expr.h, for the clean
 * pipeline's "filter rows by an expression" and "derive a column" steps
 * and for the profile's rules. It is what a person types, so the parser
 * is written by hand (recursive descent, one function per level of
 * precedence) to say precisely where and why a text is refused, and
 * nothing in it is ever run as code: the tree is evaluated here.
 *
 * Parsing builds the tree and checks its types in one pass against the
 * table's columns: a column that does not exist, a text compared with a
 * number or a bad regular expression is an error before any row is read,
 * with its position in characters (SondeExprPosition) and in the message
 * ("Column 12: …"). Text literals compared with dates are read as dates
 * then, once.
 *
 * Evaluation is vectorised: the rows go through the tree in chunks of
 * CHUNK rows; each node fills arrays of values (doubles for numbers and
 * dates, bytes for yes/no, string pointers for text) and a byte array of
 * missing flags for the chunk from its children's arrays, in one tight
 * loop per node. Dispatch happens once per node per chunk, never per
 * cell, so `age between 0 and 120` reads ten million rows in tens of
 * milliseconds. Text made by a node (lower(), &) lives in the node's
 * string arena until the next chunk. The state of an evaluation is its
 * own, so one SondeExpr may be evaluated from several threads at once.
 *
 * Sizes: expressions up to SONDE_EXPR_MAX_LENGTH characters and
 * SONDE_EXPR_MAX_DEPTH levels; tables of any size (rows are guint).
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "sonde-column-private.h"
#include "sonde-error.h"
#include "sonde-expr.h"

#define CHUNK 1024

typedef enum
{
  V_NULL,
  V_BOOL,
  V_NUMBER,
  V_TEXT,
  V_DATE,
  V_DATETIME,
} VType;

typedef enum
{
  K_LITERAL,
  K_COLUMN,
  K_NEG,
  K_NOT,
  K_ARITH,
  K_CONCAT,
  K_COMPARE,
  K_AND,
  K_OR,
  K_BETWEEN,
  K_IN,
  K_IS_MISSING,
  K_MATCHES,
  K_TEXT_TEST,
  K_IF,
  K_CASE,
  K_FUNC,
  K_TO_TEXT,
  K_TO_DATETIME,
} Kind;

enum { OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_MOD, OP_POW };
enum { CMP_EQ, CMP_NE, CMP_LT, CMP_LE, CMP_GT, CMP_GE };
enum { TT_CONTAINS, TT_STARTS, TT_ENDS };

typedef enum
{
  F_ABS, F_ROUND, F_FLOOR, F_CEIL, F_SQRT, F_LOG, F_EXP, F_MIN, F_MAX,
  F_COALESCE, F_LENGTH, F_LOWER, F_UPPER, F_TRIM, F_SUBSTR, F_REPLACE,
  F_YEAR, F_MONTH, F_DAY, F_WEEKDAY, F_DAYS_BETWEEN, F_TODAY, F_NUMBER,
  F_TEXT, F_DATE, F_IF,
} FuncId;

typedef struct
{
  const char *name;
  guint       min_args;
  guint       max_args;
  const char *usage;
  FuncId      id;
} Func;

static const Func functions[] = {
  { "abs", 1, 1, "abs(x)", F_ABS },
  { "round", 1, 2, "round(x[, digits])", F_ROUND },
  { "floor", 1, 1, "floor(x)", F_FLOOR },
  { "ceil", 1, 1, "ceil(x)", F_CEIL },
  { "sqrt", 1, 1, "sqrt(x)", F_SQRT },
  { "log", 1, 1, "log(x)", F_LOG },
  { "exp", 1, 1, "exp(x)", F_EXP },
  { "min", 1, G_MAXUINT, "min(x, y, …)", F_MIN },
  { "max", 1, G_MAXUINT, "max(x, y, …)", F_MAX },
  { "coalesce", 1, G_MAXUINT, "coalesce(x, y, …)", F_COALESCE },
  { "length", 1, 1, "length(text)", F_LENGTH },
  { "lower", 1, 1, "lower(text)", F_LOWER },
  { "upper", 1, 1, "upper(text)", F_UPPER },
  { "trim", 1, 1, "trim(text)", F_TRIM },
  { "substr", 2, 3, "substr(text, start[, length])", F_SUBSTR },
  { "replace", 3, 3, "replace(text, old, new)", F_REPLACE },
  { "year", 1, 1, "year(date)", F_YEAR },
  { "month", 1, 1, "month(date)", F_MONTH },
  { "day", 1, 1, "day(date)", F_DAY },
  { "weekday", 1, 1, "weekday(date)", F_WEEKDAY },
  { "days_between", 2, 2, "days_between(start, end)", F_DAYS_BETWEEN },
  { "today", 0, 0, "today()", F_TODAY },
  { "number", 1, 1, "number(text)", F_NUMBER },
  { "text", 1, 1, "text(x)", F_TEXT },
  { "date", 1, 1, "date('2024-01-31')", F_DATE },
  { "if", 3, 3, "if(condition, then, else)", F_IF },
};

static const char * const keywords[] = {
  "and", "or", "not", "between", "in", "is", "missing", "null", "true",
  "false", "matches", "contains", "starts", "ends", "with", "case", "when",
  "then", "else", "end",
};

typedef struct _Node Node;

struct _Node
{
  Kind             kind;
  VType            type;
  gboolean         integral;
  int              op;
  gboolean         negate;
  gboolean         literal;     /* written as a literal (for messages) */
  guint            start;       /* bytes in the text */
  guint            end;
  guint            id;
  guint            depth;
  Node           **args;
  guint            n_args;
  /* K_LITERAL */
  double           number;
  char            *text;
  /* K_COLUMN */
  char            *column_name;
  /* K_MATCHES */
  GRegex          *regex;
};

struct _SondeExpr
{
  gatomicrefcount  ref_count;
  char            *text;
  GPtrArray       *nodes;       /* Node *, every node, by id */
  Node            *root;
};

G_DEFINE_BOXED_TYPE (SondeExpr, sonde_expr, sonde_expr_ref, sonde_expr_unref)

static void
node_free (Node *n)
{
  g_free (n->args);
  g_free (n->text);
  g_free (n->column_name);
  g_clear_pointer (&n->regex, g_regex_unref);
  g_free (n);
}

/* ------------------------------------------------------------------ */
/* Lexer                                                               */

typedef enum
{
  TK_EOF, TK_NUMBER, TK_STRING, TK_WORD, TK_NAME, TK_LPAREN, TK_RPAREN,
  TK_COMMA, TK_PLUS, TK_MINUS, TK_STAR, TK_SLASH, TK_PERCENT, TK_CARET,
  TK_AMP, TK_AND2, TK_OR2, TK_BANG, TK_EQ, TK_NE, TK_LT, TK_LE, TK_GT,
  TK_GE,
} TokKind;

typedef struct
{
  TokKind kind;
  guint   start;
  guint   end;
} Token;

typedef struct
{
  const char *src;
  guint       len;
  guint       pos;
  Token       tok;
  SondeTable *table;
  GError     *error;
  guint       error_start;
  guint       error_end;
  guint       depth;
  GPtrArray  *nodes;
  gint32      today;
} Parser;

/* The 1-based column, in characters, of byte @offset. */
static guint
column_of (Parser *p,
           guint   offset)
{
  return (guint) g_utf8_pointer_to_offset (p->src, p->src + MIN (offset, p->len)) + 1;
}

static gpointer fail (Parser     *p,
                      guint       start,
                      guint       end,
                      const char *format,
                      ...) G_GNUC_PRINTF (4, 5);

/* Records the first error only: later ones follow from it. */
static gpointer
fail (Parser     *p,
      guint       start,
      guint       end,
      const char *format,
      ...)
{
  va_list args;

  if (p->error != NULL)
    return NULL;
  va_start (args, format);
  p->error = g_error_new_valist (SONDE_ERROR, SONDE_ERROR_PARSE, format, args);
  va_end (args);
  p->error_start = MIN (start, p->len);
  p->error_end = MIN (MAX (end, start), p->len);
  return NULL;
}

/* The source of a span, for messages: at most 40 characters. */
static char *
snippet (Parser *p,
         guint   start,
         guint   end)
{
  g_autofree char *text = g_strndup (p->src + start, end - start);
  g_autofree char *head = NULL;
  glong n = g_utf8_strlen (text, -1);

  if (n <= 40)
    return g_steal_pointer (&text);
  head = g_utf8_substring (text, 0, 39);
  return g_strconcat (head, "…", NULL);
}

static gboolean
is_word_start (gunichar c)
{
  return c == '_' || g_unichar_isalpha (c);
}

static gboolean
is_word_char (gunichar c)
{
  return c == '_' || g_unichar_isalnum (c) || g_unichar_ismark (c);
}

static void
skip_spaces (Parser *p)
{
  while (p->pos < p->len)
    {
      gunichar c = g_utf8_get_char (p->src + p->pos);

      if (!g_unichar_isspace (c))
        break;
      p->pos = g_utf8_next_char (p->src + p->pos) - p->src;
    }
}

/* Reads the next token into p->tok; FALSE (with p->error) on text that
 * cannot start one. */
static gboolean
advance (Parser *p)
{
  const char *s;
  gunichar c;
  guint start;

  if (p->error != NULL)
    return FALSE;
  skip_spaces (p);
  start = p->pos;
  p->tok.start = start;
  if (p->pos >= p->len)
    {
      p->tok.kind = TK_EOF;
      p->tok.end = p->len;
      return TRUE;
    }
  s = p->src + p->pos;
  c = g_utf8_get_char (s);

  if (g_ascii_isdigit (*s) || (*s == '.' && g_ascii_isdigit (s[1])))
    {
      guint i = p->pos;

      while (i < p->len && g_ascii_isdigit (p->src[i]))
        i++;
      if (i < p->len && p->src[i] == '.')
        for (i++; i < p->len && g_ascii_isdigit (p->src[i]); i++)
          ;
      if (i < p->len && (p->src[i] == 'e' || p->src[i] == 'E'))
        {
          guint j = i + 1;

          if (j < p->len && (p->src[j] == '+' || p->src[j] == '-'))
            j++;
          if (j < p->len && g_ascii_isdigit (p->src[j]))
            {
              for (i = j; i < p->len && g_ascii_isdigit (p->src[i]); i++)
                ;
            }
        }
      if (i < p->len && is_word_char (g_utf8_get_char (p->src + i)))
        {
          const char *e = p->src + i;

          while (e < p->src + p->len && is_word_char (g_utf8_get_char (e)))
            e = g_utf8_next_char (e);
          {
            g_autofree char *bad = snippet (p, start, e - p->src);
            fail (p, start, e - p->src,
                  _("Column %u: “%s” is neither a number nor a name; a name cannot start with a digit unless it is written in brackets, like [%s]."),
                  column_of (p, start), bad, bad);
          }
          return FALSE;
        }
      p->tok.kind = TK_NUMBER;
      p->pos = i;
    }
  else if (c == '\'' || c == '"')
    {
      guint i = p->pos + 1;

      for (;;)
        {
          if (i >= p->len)
            {
              fail (p, start, start + 1,
                    _("Column %u: this text is never closed; end it with %c."),
                    column_of (p, start), (char) c);
              return FALSE;
            }
          if (p->src[i] == (char) c)
            {
              if (i + 1 < p->len && p->src[i + 1] == (char) c)
                {
                  i += 2;
                  continue;
                }
              i++;
              break;
            }
          i++;
        }
      p->tok.kind = TK_STRING;
      p->pos = i;
    }
  else if (c == '[' || c == '`')
    {
      char close = c == '[' ? ']' : '`';
      guint i = p->pos + 1;

      for (;;)
        {
          if (i >= p->len)
            {
              fail (p, start, start + 1,
                    _("Column %u: this column name is never closed; end it with %c."),
                    column_of (p, start), close);
              return FALSE;
            }
          if (p->src[i] == close)
            {
              if (i + 1 < p->len && p->src[i + 1] == close)
                {
                  i += 2;
                  continue;
                }
              i++;
              break;
            }
          i++;
        }
      p->tok.kind = TK_NAME;
      p->pos = i;
    }
  else if (is_word_start (c))
    {
      const char *e = s;

      while (e < p->src + p->len && is_word_char (g_utf8_get_char (e)))
        e = g_utf8_next_char (e);
      p->tok.kind = TK_WORD;
      p->pos = e - p->src;
    }
  else
    {
      static const struct { const char *text; TokKind kind; } ops[] = {
        { "==", TK_EQ }, { "!=", TK_NE }, { "<>", TK_NE }, { "<=", TK_LE },
        { ">=", TK_GE }, { "&&", TK_AND2 }, { "||", TK_OR2 }, { "=", TK_EQ },
        { "<", TK_LT }, { ">", TK_GT }, { "!", TK_BANG }, { "&", TK_AMP },
        { "+", TK_PLUS }, { "-", TK_MINUS }, { "*", TK_STAR }, { "/", TK_SLASH },
        { "%", TK_PERCENT }, { "^", TK_CARET }, { "(", TK_LPAREN },
        { ")", TK_RPAREN }, { ",", TK_COMMA },
      };
      gboolean found = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (ops) && !found; i++)
        {
          gsize n = strlen (ops[i].text);

          if (p->pos + n <= p->len && strncmp (s, ops[i].text, n) == 0)
            {
              p->tok.kind = ops[i].kind;
              p->pos += n;
              found = TRUE;
            }
        }
      if (!found)
        {
          guint e = g_utf8_next_char (s) - p->src;
          g_autofree char *bad = snippet (p, start, e);

          fail (p, start, e, _("Column %u: “%s” is not part of the expression language."),
                column_of (p, start), bad);
          return FALSE;
        }
    }
  p->tok.end = p->pos;
  return TRUE;
}

/* Whether the current token is the word @word, ignoring case. */
static gboolean
tok_is (Parser     *p,
        const char *word)
{
  gsize n = strlen (word);

  return p->tok.kind == TK_WORD && p->tok.end - p->tok.start == n &&
         g_ascii_strncasecmp (p->src + p->tok.start, word, n) == 0;
}

static gboolean
is_keyword (const char *text,
            gsize       n)
{
  for (guint i = 0; i < G_N_ELEMENTS (keywords); i++)
    if (strlen (keywords[i]) == n && g_ascii_strncasecmp (text, keywords[i], n) == 0)
      return TRUE;
  return FALSE;
}

/* The content of a quoted token, doubled quotes made single. */
static char *
unquote (Parser *p,
         Token  *t)
{
  char q = p->src[t->start];
  GString *out = g_string_new (NULL);

  if (q == '[')
    q = ']';
  for (guint i = t->start + 1; i + 1 < t->end; i++)
    {
      g_string_append_c (out, p->src[i]);
      if (p->src[i] == q)
        i++;
    }
  return g_string_free (out, FALSE);
}

/* ------------------------------------------------------------------ */
/* Nodes and types                                                     */

static Node *
node_new (Parser *p,
          Kind    kind,
          VType   type,
          guint   start,
          guint   end,
          guint   n_args,
          ...)
{
  Node *n = g_new0 (Node, 1);
  va_list args;

  n->kind = kind;
  n->type = type;
  n->start = start;
  n->end = end;
  n->id = p->nodes->len;
  n->n_args = n_args;
  n->args = g_new0 (Node *, MAX (n_args, 1));
  va_start (args, n_args);
  for (guint i = 0; i < n_args; i++)
    {
      n->args[i] = va_arg (args, Node *);
      n->depth = MAX (n->depth, n->args[i]->depth + 1);
    }
  va_end (args);
  g_ptr_array_add (p->nodes, n);
  if (n->depth > SONDE_EXPR_MAX_DEPTH)
    fail (p, start, end,
          _("Column %u: the expression is nested more than %u levels deep; split it into simpler steps."),
          column_of (p, start), SONDE_EXPR_MAX_DEPTH);
  return n;
}

static Node *
node_new_list (Parser   *p,
               Kind      kind,
               VType     type,
               guint     start,
               guint     end,
               GPtrArray *args)
{
  Node *n = node_new (p, kind, type, start, end, 0);

  g_free (n->args);
  n->n_args = args->len;
  n->args = g_new0 (Node *, MAX (args->len, 1));
  for (guint i = 0; i < args->len; i++)
    {
      n->args[i] = g_ptr_array_index (args, i);
      n->depth = MAX (n->depth, n->args[i]->depth + 1);
    }
  if (n->depth > SONDE_EXPR_MAX_DEPTH)
    fail (p, start, end,
          _("Column %u: the expression is nested more than %u levels deep; split it into simpler steps."),
          column_of (p, start), SONDE_EXPR_MAX_DEPTH);
  return n;
}

/* What a value is, to end "“city” is …" */
static const char *
type_phrase (VType type)
{
  switch (type)
    {
    /* Translators: ends "“x” is …" in messages about expressions */
    case V_NULL: return _("missing");
    case V_BOOL: return _("a condition (true or false)");
    case V_NUMBER: return _("a number");
    case V_TEXT: return _("text");
    case V_DATE: return _("a date");
    case V_DATETIME: return _("a date and time");
    default: g_assert_not_reached ();
    }
}

static gboolean
is_numeric (VType t)
{
  return t == V_NUMBER || t == V_NULL;
}

static gboolean
is_bool (VType t)
{
  return t == V_BOOL || t == V_NULL;
}

static gboolean
is_dateish (VType t)
{
  return t == V_DATE || t == V_DATETIME || t == V_NULL;
}

/* "“city” is text, and “*” needs a number here." */
static Node *
fail_type (Parser     *p,
           Node       *n,
           const char *what,
           VType       wanted)
{
  g_autofree char *src = snippet (p, n->start, n->end);

  /* Translators: “%s” is a piece of the expression, the next %s a kind
   * ("text"), “%s” an operator or function, the last %s a kind */
  return fail (p, n->start, n->end, _("Column %u: “%s” is %s, and “%s” needs %s here."),
               column_of (p, n->start), src, type_phrase (n->type), what, type_phrase (wanted));
}

/* How the other side of a refused comparison is named. */
static char *
describe_operand (Parser *p,
                  Node   *n)
{
  g_autofree char *src = snippet (p, n->start, n->end);

  if (n->literal && n->kind == K_LITERAL)
    switch (n->type)
      {
      /* Translators: ends "it cannot be compared with …" */
      case V_NUMBER: return g_strdup_printf (_("the number %s"), src);
      case V_TEXT: return g_strdup_printf (_("the text %s"), src);
      case V_DATE: return g_strdup_printf (_("the date %s"), src);
      case V_BOOL: return g_strdup_printf (_("the value %s"), src);
      default: break;
      }
  /* Translators: ends "it cannot be compared with …"; the last %s is a
   * kind, such as "a number" */
  return g_strdup_printf (_("“%s”, which is %s"), src, type_phrase (n->type));
}

static Node *
to_text (Parser *p,
         Node   *n)
{
  if (n->type == V_TEXT || n->type == V_NULL)
    return n;
  return node_new (p, K_TO_TEXT, V_TEXT, n->start, n->end, 1, n);
}

static Node *
to_datetime (Parser *p,
             Node   *n)
{
  if (n->type != V_DATE)
    return n;
  return node_new (p, K_TO_DATETIME, V_DATETIME, n->start, n->end, 1, n);
}

/* A text literal where a date is wanted is read as one, once. */
static gboolean
literal_to_date (Parser *p,
                 Node   *n,
                 VType   want)
{
  gint32 day;
  gint64 usec;

  if (want == V_DATE && _sonde_parse_date (n->text, &day))
    n->number = day;
  else if (want == V_DATETIME && _sonde_parse_datetime (n->text, &usec))
    n->number = (double) usec;
  else if (want == V_DATETIME && _sonde_parse_date (n->text, &day))
    n->number = day * 86400.0 * G_USEC_PER_SEC;
  else
    {
      g_autofree char *src = snippet (p, n->start, n->end);

      fail (p, n->start, n->end,
            _("Column %u: %s is not a date; write dates as '2024-01-31' or date('2024-01-31')."),
            column_of (p, n->start), src);
      return FALSE;
    }
  n->type = want;
  g_clear_pointer (&n->text, g_free);
  return TRUE;
}

/* Brings @a and @b to one type, for a comparison (@compare) or for
 * values that may take each other's place (if, case, coalesce, min,
 * max). FALSE with p->error when they cannot be. */
static gboolean
unify (Parser   *p,
       Node    **a,
       Node    **b,
       gboolean  compare,
       Node     *whole)
{
  VType ta = (*a)->type, tb = (*b)->type;

  if (ta == tb || ta == V_NULL || tb == V_NULL)
    return TRUE;
  if ((ta == V_DATE || ta == V_DATETIME) && tb == V_TEXT && (*b)->kind == K_LITERAL)
    return literal_to_date (p, *b, ta);
  if ((tb == V_DATE || tb == V_DATETIME) && ta == V_TEXT && (*a)->kind == K_LITERAL)
    return literal_to_date (p, *a, tb);
  if ((ta == V_DATE && tb == V_DATETIME) || (ta == V_DATETIME && tb == V_DATE))
    {
      *a = to_datetime (p, *a);
      *b = to_datetime (p, *b);
      return TRUE;
    }
  if (compare)
    {
      g_autofree char *left = snippet (p, (*a)->start, (*a)->end);
      g_autofree char *right = describe_operand (p, *b);

      fail (p, (*b)->start, (*b)->end, _("Column %u: “%s” is %s; it cannot be compared with %s."),
            column_of (p, (*b)->start), left, type_phrase (ta), right);
    }
  else
    {
      g_autofree char *all = snippet (p, whole->start, whole->end);
      g_autofree char *left = snippet (p, (*a)->start, (*a)->end);
      g_autofree char *right = snippet (p, (*b)->start, (*b)->end);

      fail (p, (*b)->start, (*b)->end,
            _("Column %u: the values of “%s” must be of one kind, but “%s” is %s and “%s” is %s."),
            column_of (p, (*b)->start), all, left, type_phrase (ta), right, type_phrase (tb));
    }
  return FALSE;
}

/* Unifies every node of @nodes with the first that is not missing. */
static VType
unify_all (Parser *p,
           Node  **nodes,
           guint   n,
           Node   *whole)
{
  guint first = 0;

  while (first < n && nodes[first]->type == V_NULL)
    first++;
  if (first == n)
    return V_NULL;
  /* Twice, so that a date met after a date and time is converted too. */
  for (guint round = 0; round < 2; round++)
    for (guint i = 0; i < n; i++)
      if (i != first && !unify (p, &nodes[first], &nodes[i], FALSE, whole))
        return V_NULL;
  return nodes[first]->type;
}

/* ------------------------------------------------------------------ */
/* Parser                                                              */

static Node *parse_expr (Parser *p);
static Node *parse_concat (Parser *p);
static Node *parse_unary (Parser *p);

static gboolean
enter (Parser *p)
{
  if (++p->depth > SONDE_EXPR_MAX_DEPTH)
    {
      fail (p, p->tok.start, p->tok.end,
            _("Column %u: the expression is nested more than %u levels deep; split it into simpler steps."),
            column_of (p, p->tok.start), SONDE_EXPR_MAX_DEPTH);
      return FALSE;
    }
  return TRUE;
}

static Node *
unexpected (Parser *p)
{
  g_autofree char *src = NULL;

  if (p->error != NULL)
    return NULL;
  if (p->tok.kind == TK_EOF)
    return fail (p, p->len, p->len,
                 _("Column %u: the expression ends too early; a value is missing at the end."),
                 column_of (p, p->len));
  src = snippet (p, p->tok.start, p->tok.end);
  return fail (p, p->tok.start, p->tok.end, _("Column %u: “%s” was not expected here."),
               column_of (p, p->tok.start), src);
}

/* Levenshtein distance between two short strings of characters. */
static guint
edit_distance (const char *a,
               const char *b)
{
  g_autofree gunichar *ua = g_utf8_to_ucs4_fast (a, -1, NULL);
  g_autofree gunichar *ub = g_utf8_to_ucs4_fast (b, -1, NULL);
  guint na = 0, nb = 0;
  g_autofree guint *row = NULL;

  while (ua[na] != 0)
    na++;
  while (ub[nb] != 0)
    nb++;
  if (na > 200 || nb > 200)
    return G_MAXUINT;
  row = g_new (guint, nb + 1);
  for (guint j = 0; j <= nb; j++)
    row[j] = j;
  for (guint i = 1; i <= na; i++)
    {
      guint diag = row[0];

      row[0] = i;
      for (guint j = 1; j <= nb; j++)
        {
          guint up = row[j];
          guint best = diag + (g_unichar_tolower (ua[i - 1]) != g_unichar_tolower (ub[j - 1]));

          best = MIN (best, up + 1);
          best = MIN (best, row[j - 1] + 1);
          row[j] = best;
          diag = up;
        }
    }
  return row[nb];
}

/* The closest of @names to @name, when close enough to be a typing slip. */
static const char *
closest (const char         *name,
         const char * const *names,
         guint               n_names)
{
  const char *best = NULL;
  guint best_d = G_MAXUINT;
  guint limit = 1 + g_utf8_strlen (name, -1) / 3;

  for (guint i = 0; i < n_names; i++)
    {
      guint d = edit_distance (name, names[i]);

      if (d < best_d)
        {
          best_d = d;
          best = names[i];
        }
    }
  return best_d <= MAX (limit, 2u) ? best : NULL;
}

static Node *
column_node (Parser *p,
             char   *owned_name,
             guint   start,
             guint   end)
{
  g_autofree char *name = owned_name;
  int index = sonde_table_find_column_index (p->table, name);
  guint n_columns = sonde_table_get_n_columns (p->table);
  SondeColumn *column;
  Node *n;
  VType type;

  if (index < 0)
    {
      int found = -1;
      guint n_found = 0;

      for (guint c = 0; c < n_columns; c++)
        if (g_utf8_collate (sonde_column_get_name (sonde_table_get_column (p->table, c)), name) == 0 ||
            g_ascii_strcasecmp (sonde_column_get_name (sonde_table_get_column (p->table, c)), name) == 0)
          {
            found = c;
            n_found++;
          }
      if (n_found == 1)
        index = found;
    }
  if (index < 0)
    {
      g_autofree const char **names = g_new0 (const char *, MAX (n_columns, 1));
      const char *suggestion;

      for (guint c = 0; c < n_columns; c++)
        names[c] = sonde_column_get_name (sonde_table_get_column (p->table, c));
      suggestion = closest (name, names, n_columns);
      if (suggestion != NULL)
        return fail (p, start, end, _("Column %u: there is no column “%s” in “%s”; did you mean “%s”?"),
                     column_of (p, start), name, sonde_table_get_name (p->table), suggestion);
      return fail (p, start, end, _("Column %u: there is no column “%s” in “%s”."),
                   column_of (p, start), name, sonde_table_get_name (p->table));
    }

  column = sonde_table_get_column (p->table, index);
  switch (sonde_column_get_column_type (column))
    {
    case SONDE_COLUMN_TYPE_INTEGER:
    case SONDE_COLUMN_TYPE_REAL: type = V_NUMBER; break;
    case SONDE_COLUMN_TYPE_BOOLEAN: type = V_BOOL; break;
    case SONDE_COLUMN_TYPE_CATEGORICAL:
    case SONDE_COLUMN_TYPE_TEXT: type = V_TEXT; break;
    case SONDE_COLUMN_TYPE_DATE: type = V_DATE; break;
    case SONDE_COLUMN_TYPE_DATETIME: type = V_DATETIME; break;
    default: g_assert_not_reached ();
    }
  n = node_new (p, K_COLUMN, type, start, end, 0);
  n->integral = sonde_column_get_column_type (column) == SONDE_COLUMN_TYPE_INTEGER;
  n->column_name = g_strdup (sonde_column_get_name (column));
  return n;
}

static Node *
literal (Parser *p,
         VType   type,
         guint   start,
         guint   end)
{
  Node *n = node_new (p, K_LITERAL, type, start, end, 0);

  n->literal = TRUE;
  return n;
}

static const Func *
find_function (const char *name,
               gsize       n)
{
  for (guint i = 0; i < G_N_ELEMENTS (functions); i++)
    if (strlen (functions[i].name) == n && g_ascii_strncasecmp (functions[i].name, name, n) == 0)
      return &functions[i];
  return NULL;
}

static Node *
check_function (Parser     *p,
                const Func *f,
                GPtrArray  *args,
                guint       start,
                guint       end)
{
  Node **a = (Node **) args->pdata;
  g_autofree char *what = g_strdup_printf ("%s()", f->name);
  Node *n;

  switch (f->id)
    {
    case F_IF:
      if (!is_bool (a[0]->type))
        return fail_type (p, a[0], what, V_BOOL);
      {
        Node *whole = node_new (p, K_IF, V_NULL, start, end, 0);
        VType t = unify_all (p, a + 1, 2, whole);

        if (p->error != NULL)
          return NULL;
        n = node_new_list (p, K_IF, t, start, end, args);
        n->integral = a[1]->integral && a[2]->integral;
        return n;
      }

    case F_ABS: case F_FLOOR: case F_CEIL: case F_SQRT: case F_LOG: case F_EXP: case F_ROUND:
      for (guint i = 0; i < args->len; i++)
        if (!is_numeric (a[i]->type))
          return fail_type (p, a[i], what, V_NUMBER);
      n = node_new_list (p, K_FUNC, V_NUMBER, start, end, args);
      n->integral = (f->id == F_ABS && a[0]->integral) || f->id == F_FLOOR || f->id == F_CEIL ||
                    (f->id == F_ROUND && (args->len == 1 || (a[1]->kind == K_LITERAL && a[1]->number <= 0)));
      break;

    case F_MIN: case F_MAX: case F_COALESCE:
      {
        Node *whole = node_new (p, K_FUNC, V_NULL, start, end, 0);
        VType t = unify_all (p, a, args->len, whole);

        if (p->error != NULL)
          return NULL;
        if (f->id != F_COALESCE && t == V_BOOL)
          for (guint i = 0; i < args->len; i++)
            if (a[i]->type == V_BOOL)
              return fail_type (p, a[i], what, V_NUMBER);
        n = node_new_list (p, K_FUNC, t, start, end, args);
        n->integral = TRUE;
        for (guint i = 0; i < args->len; i++)
          n->integral = n->integral && (a[i]->integral || a[i]->type == V_NULL);
      }
      break;

    case F_LENGTH: case F_LOWER: case F_UPPER: case F_TRIM:
      a[0] = to_text (p, a[0]);
      n = node_new_list (p, K_FUNC, f->id == F_LENGTH ? V_NUMBER : V_TEXT, start, end, args);
      n->integral = f->id == F_LENGTH;
      break;

    case F_SUBSTR:
      a[0] = to_text (p, a[0]);
      for (guint i = 1; i < args->len; i++)
        if (!is_numeric (a[i]->type))
          return fail_type (p, a[i], what, V_NUMBER);
      n = node_new_list (p, K_FUNC, V_TEXT, start, end, args);
      break;

    case F_REPLACE:
      for (guint i = 0; i < args->len; i++)
        a[i] = to_text (p, a[i]);
      n = node_new_list (p, K_FUNC, V_TEXT, start, end, args);
      break;

    case F_YEAR: case F_MONTH: case F_DAY: case F_WEEKDAY:
      if (a[0]->type == V_TEXT && a[0]->kind == K_LITERAL && !literal_to_date (p, a[0], V_DATE))
        return NULL;
      if (!is_dateish (a[0]->type))
        return fail_type (p, a[0], what, V_DATE);
      n = node_new_list (p, K_FUNC, V_NUMBER, start, end, args);
      n->integral = TRUE;
      break;

    case F_DAYS_BETWEEN:
      for (guint i = 0; i < 2; i++)
        {
          if (a[i]->type == V_TEXT && a[i]->kind == K_LITERAL && !literal_to_date (p, a[i], V_DATE))
            return NULL;
          if (!is_dateish (a[i]->type))
            return fail_type (p, a[i], what, V_DATE);
        }
      n = node_new_list (p, K_FUNC, V_NUMBER, start, end, args);
      n->integral = a[0]->type != V_DATETIME && a[1]->type != V_DATETIME;
      break;

    case F_TODAY:
      n = literal (p, V_DATE, start, end);
      n->literal = FALSE;
      n->number = p->today;
      return n;

    case F_NUMBER:
      if (a[0]->type != V_TEXT && !is_numeric (a[0]->type) && a[0]->type != V_BOOL)
        return fail_type (p, a[0], what, V_TEXT);
      n = node_new_list (p, K_FUNC, V_NUMBER, start, end, args);
      n->integral = a[0]->integral;
      break;

    case F_TEXT:
      if (a[0]->type == V_TEXT)
        return a[0];
      n = node_new_list (p, K_TO_TEXT, V_TEXT, start, end, args);
      return n;

    case F_DATE:
      if (a[0]->type == V_TEXT && a[0]->kind == K_LITERAL)
        {
          if (!literal_to_date (p, a[0], V_DATE))
            return NULL;
          a[0]->start = start;
          a[0]->end = end;
          return a[0];
        }
      if (a[0]->type != V_TEXT && !is_dateish (a[0]->type))
        return fail_type (p, a[0], what, V_TEXT);
      n = node_new_list (p, K_FUNC, V_DATE, start, end, args);
      break;

    default:
      g_assert_not_reached ();
    }
  n->op = f->id;
  return n;
}

static Node *
parse_call (Parser *p,
            guint   name_start,
            guint   name_end)
{
  const Func *f = find_function (p->src + name_start, name_end - name_start);
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  guint open = p->tok.start;

  if (f == NULL)
    {
      g_autofree char *name = g_strndup (p->src + name_start, name_end - name_start);
      const char *names[G_N_ELEMENTS (functions)];
      const char *suggestion;

      for (guint i = 0; i < G_N_ELEMENTS (functions); i++)
        names[i] = functions[i].name;
      suggestion = closest (name, names, G_N_ELEMENTS (functions));
      if (suggestion != NULL)
        return fail (p, name_start, name_end, _("Column %u: there is no function “%s”; did you mean “%s”?"),
                     column_of (p, name_start), name, suggestion);
      return fail (p, name_start, name_end,
                   _("Column %u: there is no function “%s”. Functions are listed in the README, under “The expression language”."),
                   column_of (p, name_start), name);
    }

  if (!advance (p))
    return NULL;
  if (p->tok.kind != TK_RPAREN)
    for (;;)
      {
        Node *arg = parse_expr (p);

        if (arg == NULL)
          return NULL;
        g_ptr_array_add (args, arg);
        if (p->tok.kind == TK_COMMA)
          {
            if (!advance (p))
              return NULL;
            continue;
          }
        if (p->tok.kind == TK_RPAREN)
          break;
        if (p->tok.kind == TK_EOF)
          return fail (p, open, open + 1, _("Column %u: this “(” is never closed."), column_of (p, open));
        return unexpected (p);
      }
  if (args->len < f->min_args || args->len > f->max_args)
    return fail (p, name_start, p->tok.end,
                 ngettext ("Column %u: “%s” is written %s; here it has %u value.",
                           "Column %u: “%s” is written %s; here it has %u values.", args->len),
                 column_of (p, name_start), f->name, f->usage, args->len);
  {
    guint end = p->tok.end;

    if (!advance (p))
      return NULL;
    return check_function (p, f, args, name_start, end);
  }
}

static Node *
parse_case (Parser *p)
{
  guint start = p->tok.start;
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GPtrArray) values = g_ptr_array_new ();
  gboolean has_else = FALSE;
  Node *n;
  VType t;

  if (!advance (p))
    return NULL;
  while (tok_is (p, "when"))
    {
      guint when = p->tok.start;
      Node *cond, *value;

      if (!advance (p) || (cond = parse_expr (p)) == NULL)
        return NULL;
      if (!is_bool (cond->type))
        return fail_type (p, cond, "when", V_BOOL);
      if (!tok_is (p, "then"))
        return fail (p, when, when + 4, _("Column %u: “when” needs “then” (case when x > 0 then 'positive' end)."),
                     column_of (p, when));
      if (!advance (p) || (value = parse_expr (p)) == NULL)
        return NULL;
      g_ptr_array_add (args, cond);
      g_ptr_array_add (args, value);
      g_ptr_array_add (values, value);
    }
  if (args->len == 0)
    return fail (p, start, start + 4,
                 _("Column %u: “case” needs at least one “when … then …” (case when x > 0 then 'positive' else 'other' end)."),
                 column_of (p, start));
  if (tok_is (p, "else"))
    {
      Node *value;

      if (!advance (p) || (value = parse_expr (p)) == NULL)
        return NULL;
      g_ptr_array_add (args, value);
      g_ptr_array_add (values, value);
      has_else = TRUE;
    }
  if (!tok_is (p, "end"))
    {
      if (p->error != NULL)
        return NULL;
      return fail (p, start, start + 4, _("Column %u: this “case” needs “end”."), column_of (p, start));
    }
  n = node_new (p, K_CASE, V_NULL, start, p->tok.end, 0);
  t = unify_all (p, (Node **) values->pdata, values->len, n);
  if (p->error != NULL)
    return NULL;
  /* unify_all may have wrapped values: put them back in place. */
  for (guint i = 0, v = 0; i < args->len; i++)
    if ((i % 2 == 1) || (has_else && i == args->len - 1))
      args->pdata[i] = values->pdata[v++];
  n = node_new_list (p, K_CASE, t, start, p->tok.end, args);
  n->negate = has_else;   /* has an else */
  n->integral = TRUE;
  for (guint i = 0; i < values->len; i++)
    n->integral = n->integral && ((Node *) values->pdata[i])->integral;
  if (!advance (p))
    return NULL;
  return n;
}

static gboolean
has_column (Parser *p,
            guint   start,
            guint   end)
{
  g_autofree char *name = g_strndup (p->src + start, end - start);

  for (guint c = 0; c < sonde_table_get_n_columns (p->table); c++)
    if (g_ascii_strcasecmp (sonde_column_get_name (sonde_table_get_column (p->table, c)), name) == 0)
      return TRUE;
  return FALSE;
}

static Node *
parse_primary (Parser *p)
{
  Token t = p->tok;
  Node *n;

  switch (t.kind)
    {
    case TK_NUMBER:
      {
        g_autofree char *text = g_strndup (p->src + t.start, t.end - t.start);

        n = literal (p, V_NUMBER, t.start, t.end);
        n->number = g_ascii_strtod (text, NULL);
        n->integral = strpbrk (text, ".eE") == NULL && fabs (n->number) < 9007199254740992.0;
        if (!isfinite (n->number))
          return fail (p, t.start, t.end, _("Column %u: the number %s is too large."), column_of (p, t.start), text);
        advance (p);
        return n;
      }

    case TK_STRING:
      n = literal (p, V_TEXT, t.start, t.end);
      n->text = unquote (p, &t);
      advance (p);
      return n;

    case TK_NAME:
      n = column_node (p, unquote (p, &t), t.start, t.end);
      if (n != NULL)
        advance (p);
      return n;

    case TK_LPAREN:
      if (!advance (p) || (n = parse_expr (p)) == NULL)
        return NULL;
      if (p->tok.kind != TK_RPAREN)
        {
          if (p->tok.kind == TK_EOF)
            return fail (p, t.start, t.start + 1, _("Column %u: this “(” is never closed."), column_of (p, t.start));
          return unexpected (p);
        }
      n->start = t.start;
      n->end = p->tok.end;
      advance (p);
      return n;

    case TK_WORD:
      if (tok_is (p, "true") || tok_is (p, "false"))
        {
          n = literal (p, V_BOOL, t.start, t.end);
          n->number = tok_is (p, "true");
          advance (p);
          return n;
        }
      if (tok_is (p, "null") || tok_is (p, "missing"))
        {
          n = literal (p, V_NULL, t.start, t.end);
          advance (p);
          return n;
        }
      if (tok_is (p, "case"))
        return parse_case (p);
      if (!advance (p))
        return NULL;
      if (p->tok.kind == TK_LPAREN)
        return parse_call (p, t.start, t.end);
      /* A keyword where a value is expected can only be a column:
       * `end >= start`. */
      if (is_keyword (p->src + t.start, t.end - t.start) && !has_column (p, t.start, t.end))
        {
          g_autofree char *src = snippet (p, t.start, t.end);

          return fail (p, t.start, t.end, _("Column %u: “%s” was not expected here."), column_of (p, t.start), src);
        }
      return column_node (p, g_strndup (p->src + t.start, t.end - t.start), t.start, t.end);

    default:
      return unexpected (p);
    }
}

static Node *
parse_power (Parser *p)
{
  Node *base = parse_primary (p), *exponent;
  guint op;

  if (base == NULL || p->tok.kind != TK_CARET)
    return base;
  op = p->tok.start;
  if (!advance (p) || (exponent = parse_unary (p)) == NULL)
    return NULL;
  if (!is_numeric (base->type))
    return fail_type (p, base, "^", V_NUMBER);
  if (!is_numeric (exponent->type))
    return fail_type (p, exponent, "^", V_NUMBER);
  (void) op;
  base = node_new (p, K_ARITH, V_NUMBER, base->start, exponent->end, 2, base, exponent);
  base->op = OP_POW;
  return base;
}

static Node *
parse_unary (Parser *p)
{
  Node *n;
  Token t = p->tok;

  if (t.kind != TK_MINUS && t.kind != TK_PLUS)
    return parse_power (p);
  if (!enter (p) || !advance (p) || (n = parse_unary (p)) == NULL)
    return NULL;
  p->depth--;
  if (!is_numeric (n->type))
    return fail_type (p, n, t.kind == TK_MINUS ? "-" : "+", V_NUMBER);
  if (t.kind == TK_PLUS)
    {
      n->start = t.start;
      return n;
    }
  if (n->kind == K_LITERAL && n->type == V_NUMBER)
    {
      n->number = -n->number;
      n->start = t.start;
      return n;
    }
  n = node_new (p, K_NEG, V_NUMBER, t.start, n->end, 1, n);
  n->integral = n->args[0]->integral;
  return n;
}

static Node *
arith (Parser *p,
       Node   *a,
       Node   *b,
       int     op,
       guint   op_start,
       guint   op_end)
{
  static const char * const names[] = { "+", "-", "*", "/", "%", "^" };
  VType type = V_NUMBER;
  Node *n;

  (void) op_start;
  (void) op_end;
  /* Dates move by days; two dates are days apart. */
  if ((op == OP_ADD || op == OP_SUB) && a->type == V_DATE && is_numeric (b->type))
    type = V_DATE;
  else if (op == OP_ADD && is_numeric (a->type) && b->type == V_DATE)
    type = V_DATE;
  else if (op == OP_SUB && a->type == V_DATE && b->type == V_DATE)
    type = V_NUMBER;
  else if (!is_numeric (a->type))
    return fail_type (p, a, names[op], V_NUMBER);
  else if (!is_numeric (b->type))
    return fail_type (p, b, names[op], V_NUMBER);
  n = node_new (p, K_ARITH, type, a->start, b->end, 2, a, b);
  n->op = op;
  n->integral = op != OP_DIV && op != OP_POW && (a->integral || a->type == V_DATE) &&
                (b->integral || b->type == V_DATE);
  return n;
}

static Node *
parse_mul (Parser *p)
{
  Node *a = parse_unary (p);

  while (a != NULL && (p->tok.kind == TK_STAR || p->tok.kind == TK_SLASH || p->tok.kind == TK_PERCENT))
    {
      Token t = p->tok;
      Node *b;

      if (!advance (p) || (b = parse_unary (p)) == NULL)
        return NULL;
      a = arith (p, a, b, t.kind == TK_STAR ? OP_MUL : t.kind == TK_SLASH ? OP_DIV : OP_MOD, t.start, t.end);
    }
  return a;
}

static Node *
parse_add (Parser *p)
{
  Node *a = parse_mul (p);

  while (a != NULL && (p->tok.kind == TK_PLUS || p->tok.kind == TK_MINUS))
    {
      Token t = p->tok;
      Node *b;

      if (!advance (p) || (b = parse_mul (p)) == NULL)
        return NULL;
      a = arith (p, a, b, t.kind == TK_PLUS ? OP_ADD : OP_SUB, t.start, t.end);
    }
  return a;
}

static Node *
parse_concat (Parser *p)
{
  Node *a = parse_add (p);

  while (a != NULL && p->tok.kind == TK_AMP)
    {
      Node *b;

      if (!advance (p) || (b = parse_add (p)) == NULL)
        return NULL;
      a = to_text (p, a);
      b = to_text (p, b);
      a = node_new (p, K_CONCAT, V_TEXT, a->start, b->end, 2, a, b);
    }
  return a;
}

/* After `matches`: a quoted pattern, or the raw text up to the end, an
 * unmatched ")", or " and " / " or " outside brackets. */
static gboolean
read_pattern (Parser  *p,
              char   **pattern,
              guint   *start,
              guint   *end)
{
  guint i, last;
  int depth = 0;
  gboolean in_class = FALSE;

  /* Not lexed: a bare pattern is not made of the language's tokens. */
  p->pos = p->tok.end;
  skip_spaces (p);
  i = last = *start = p->pos;
  if (i < p->len && (p->src[i] == '\'' || p->src[i] == '"'))
    {
      if (!advance (p))
        return FALSE;
      *pattern = unquote (p, &p->tok);
      *end = p->tok.end;
      return advance (p);
    }
  while (i < p->len)
    {
      char c = p->src[i];

      if (c == '\\' && i + 1 < p->len)
        {
          i += 2;
          last = i;
          continue;
        }
      if (in_class)
        in_class = c != ']';
      else if (c == '[')
        in_class = TRUE;
      else if (c == '(')
        depth++;
      else if (c == ')')
        {
          if (depth == 0)
            break;
          depth--;
        }
      else if (depth == 0 && g_ascii_isspace (c))
        {
          guint j = i;

          while (j < p->len && g_ascii_isspace (p->src[j]))
            j++;
          if ((j + 3 <= p->len && g_ascii_strncasecmp (p->src + j, "and", 3) == 0 &&
               (j + 3 == p->len || !is_word_char (g_utf8_get_char (p->src + j + 3)))) ||
              (j + 2 <= p->len && g_ascii_strncasecmp (p->src + j, "or", 2) == 0 &&
               (j + 2 == p->len || !is_word_char (g_utf8_get_char (p->src + j + 2)))))
            break;
          i = j;
          continue;
        }
      i++;
      last = i;
    }
  *end = last;
  *pattern = g_strndup (p->src + *start, last - *start);
  if (last == *start)
    return FALSE;
  p->pos = last;
  return advance (p);
}

static Node *
parse_matches (Parser *p,
               Node   *subject,
               guint   kw_start)
{
  g_autofree char *pattern = NULL;
  g_autofree char *anchored = NULL;
  g_autoptr(GError) regex_error = NULL;
  g_autoptr(GRegex) check = NULL;
  guint start, end;
  Node *n;

  if (!read_pattern (p, &pattern, &start, &end))
    {
      if (p->error != NULL)
        return NULL;
      return fail (p, kw_start, p->tok.end,
                   _("Column %u: “matches” needs a pattern (postcode matches [0-9]{5})."), column_of (p, kw_start));
    }
  check = g_regex_new (pattern, 0, 0, &regex_error);
  if (check == NULL)
    return fail (p, start, end, _("Column %u: the pattern “%s” is not a valid regular expression: %s."),
                 column_of (p, start), pattern, regex_error->message);
  /* The whole value must match. */
  anchored = g_strconcat ("\\A(?:", pattern, ")\\z", NULL);
  n = node_new (p, K_MATCHES, V_BOOL, subject->start, end, 1, to_text (p, subject));
  n->regex = g_regex_new (anchored, G_REGEX_OPTIMIZE, 0, &regex_error);
  if (n->regex == NULL)
    return fail (p, start, end, _("Column %u: the pattern “%s” is not a valid regular expression: %s."),
                 column_of (p, start), pattern, regex_error->message);
  return n;
}

static int
compare_op (TokKind kind)
{
  switch (kind)
    {
    case TK_EQ: return CMP_EQ;
    case TK_NE: return CMP_NE;
    case TK_LT: return CMP_LT;
    case TK_LE: return CMP_LE;
    case TK_GT: return CMP_GT;
    case TK_GE: return CMP_GE;
    default: return -1;
    }
}

static Node *
parse_compare (Parser *p)
{
  Node *a = parse_concat (p);
  gboolean negate = FALSE;
  Token kw;
  Node *n = NULL;

  if (a == NULL)
    return NULL;

  kw = p->tok;
  if (compare_op (p->tok.kind) >= 0)
    {
      int op = compare_op (p->tok.kind);
      Node *b;

      if (!advance (p) || (b = parse_concat (p)) == NULL)
        return NULL;
      if (!unify (p, &a, &b, TRUE, NULL))
        return NULL;
      n = node_new (p, K_COMPARE, V_BOOL, a->start, b->end, 2, a, b);
      n->op = op;
    }
  else
    {
      if (tok_is (p, "not"))
        {
          guint save_pos = p->pos;
          Token save = p->tok;

          if (!advance (p))
            return NULL;
          if (tok_is (p, "between") || tok_is (p, "in") || tok_is (p, "matches") || tok_is (p, "contains") ||
              tok_is (p, "starts") || tok_is (p, "ends"))
            negate = TRUE;
          else
            {
              p->pos = save_pos;
              p->tok = save;
              return a;
            }
          kw = p->tok;
        }

      if (tok_is (p, "between"))
        {
          Node *lo, *hi;

          if (!advance (p) || (lo = parse_concat (p)) == NULL)
            return NULL;
          if (!tok_is (p, "and"))
            {
              if (p->error != NULL)
                return NULL;
              return fail (p, kw.start, kw.end, _("Column %u: “between” needs “and” (between 0 and 120)."),
                           column_of (p, kw.start));
            }
          if (!advance (p) || (hi = parse_concat (p)) == NULL)
            return NULL;
          if (!unify (p, &a, &lo, TRUE, NULL) || !unify (p, &a, &hi, TRUE, NULL) || !unify (p, &lo, &hi, TRUE, NULL))
            return NULL;
          n = node_new (p, K_BETWEEN, V_BOOL, a->start, hi->end, 3, a, lo, hi);
        }
      else if (tok_is (p, "in"))
        {
          g_autoptr(GPtrArray) items = g_ptr_array_new ();
          guint open;

          if (!advance (p))
            return NULL;
          open = p->tok.start;
          if (p->tok.kind != TK_LPAREN)
            return fail (p, kw.start, kw.end, _("Column %u: “in” needs a list in parentheses, like in ('a', 'b')."),
                         column_of (p, kw.start));
          g_ptr_array_add (items, a);
          if (!advance (p))
            return NULL;
          for (;;)
            {
              Node *item = parse_expr (p);

              if (item == NULL)
                return NULL;
              if (!unify (p, (Node **) &items->pdata[0], &item, TRUE, NULL))
                return NULL;
              g_ptr_array_add (items, item);
              if (p->tok.kind == TK_COMMA)
                {
                  if (!advance (p))
                    return NULL;
                  continue;
                }
              if (p->tok.kind == TK_RPAREN)
                break;
              if (p->tok.kind == TK_EOF)
                return fail (p, open, open + 1, _("Column %u: this “(” is never closed."), column_of (p, open));
              return unexpected (p);
            }
          /* A date and time first may have made later dates convert. */
          for (guint i = 1; i < items->len; i++)
            if (!unify (p, (Node **) &items->pdata[0], (Node **) &items->pdata[i], TRUE, NULL))
              return NULL;
          n = node_new_list (p, K_IN, V_BOOL, a->start, p->tok.end, items);
          if (!advance (p))
            return NULL;
        }
      else if (tok_is (p, "is"))
        {
          gboolean not = FALSE;

          if (!advance (p))
            return NULL;
          if (tok_is (p, "not"))
            {
              not = TRUE;
              if (!advance (p))
                return NULL;
            }
          if (!tok_is (p, "missing") && !tok_is (p, "null"))
            {
              if (p->error != NULL)
                return NULL;
              return fail (p, kw.start, kw.end,
                           _("Column %u: “is” must be followed by “missing” or “not missing”."),
                           column_of (p, kw.start));
            }
          n = node_new (p, K_IS_MISSING, V_BOOL, a->start, p->tok.end, 1, a);
          n->negate = not;
          if (!advance (p))
            return NULL;
        }
      else if (tok_is (p, "matches"))
        {
          n = parse_matches (p, a, kw.start);
        }
      else if (tok_is (p, "contains") || tok_is (p, "starts") || tok_is (p, "ends"))
        {
          int op = tok_is (p, "contains") ? TT_CONTAINS : tok_is (p, "starts") ? TT_STARTS : TT_ENDS;
          Node *b;

          if (!advance (p))
            return NULL;
          if (op != TT_CONTAINS)
            {
              if (!tok_is (p, "with"))
                {
                  if (p->error != NULL)
                    return NULL;
                  return fail (p, kw.start, kw.end,
                               op == TT_STARTS ? _("Column %u: write “starts with” (name starts with 'A').")
                                               : _("Column %u: write “ends with” (name ends with 'son')."),
                               column_of (p, kw.start));
                }
              if (!advance (p))
                return NULL;
            }
          if ((b = parse_concat (p)) == NULL)
            return NULL;
          n = node_new (p, K_TEXT_TEST, V_BOOL, a->start, b->end, 2, to_text (p, a), to_text (p, b));
          n->op = op;
        }
      else
        return a;
    }

  if (n == NULL)
    return NULL;
  if (negate)
    n = node_new (p, K_NOT, V_BOOL, n->start, n->end, 1, n);
  if (compare_op (p->tok.kind) >= 0 || tok_is (p, "between") || tok_is (p, "in") || tok_is (p, "is"))
    return fail (p, p->tok.start, p->tok.end,
                 _("Column %u: comparisons cannot be chained; write a < b and b < c."),
                 column_of (p, p->tok.start));
  return n;
}

static Node *
parse_not (Parser *p)
{
  Token t = p->tok;
  Node *n;

  if (!(t.kind == TK_BANG || tok_is (p, "not")))
    return parse_compare (p);
  if (!enter (p) || !advance (p) || (n = parse_not (p)) == NULL)
    return NULL;
  p->depth--;
  if (!is_bool (n->type))
    return fail_type (p, n, "not", V_BOOL);
  return node_new (p, K_NOT, V_BOOL, t.start, n->end, 1, n);
}

static Node *
parse_and (Parser *p)
{
  Node *a = parse_not (p);

  while (a != NULL && (tok_is (p, "and") || p->tok.kind == TK_AND2))
    {
      g_autofree char *word = g_strndup (p->src + p->tok.start, p->tok.end - p->tok.start);
      Node *b;

      if (!advance (p) || (b = parse_not (p)) == NULL)
        return NULL;
      if (!is_bool (a->type))
        return fail_type (p, a, word, V_BOOL);
      if (!is_bool (b->type))
        return fail_type (p, b, word, V_BOOL);
      a = node_new (p, K_AND, V_BOOL, a->start, b->end, 2, a, b);
    }
  return a;
}

static Node *
parse_or (Parser *p)
{
  Node *a = parse_and (p);

  while (a != NULL && (tok_is (p, "or") || p->tok.kind == TK_OR2))
    {
      Token t = p->tok;
      g_autofree char *word = g_strndup (p->src + t.start, t.end - t.start);
      Node *b;

      if (!advance (p) || (b = parse_and (p)) == NULL)
        return NULL;
      if (t.kind == TK_OR2 && (a->type == V_TEXT || b->type == V_TEXT))
        {
          if (a->type == V_BOOL || b->type == V_BOOL)
            return fail (p, t.start, t.end,
                         _("Column %u: “||” joins two conditions (or) or two texts, not a condition and a text; put the texts in parentheses, or join them with “&”."),
                         column_of (p, t.start));
          a = to_text (p, a);
          b = to_text (p, b);
          a = node_new (p, K_CONCAT, V_TEXT, a->start, b->end, 2, a, b);
          continue;
        }
      if (!is_bool (a->type))
        return fail_type (p, a, word, V_BOOL);
      if (!is_bool (b->type))
        return fail_type (p, b, word, V_BOOL);
      a = node_new (p, K_OR, V_BOOL, a->start, b->end, 2, a, b);
    }
  return a;
}

static Node *
parse_expr (Parser *p)
{
  Node *n;

  if (!enter (p))
    return NULL;
  n = parse_or (p);
  p->depth--;
  return n;
}

static void
set_position (SondeExprPosition *position,
              Parser            *p,
              guint              start,
              guint              end)
{
  if (position == NULL)
    return;
  position->offset = (guint) g_utf8_pointer_to_offset (p->src, p->src + start);
  position->length = (guint) g_utf8_pointer_to_offset (p->src + start, p->src + end);
}

/**
 * sonde_expr_parse:
 * @text: the expression, in the language described in sonde-expr.h
 * @table: the table whose columns it names
 * @error_position: (out caller-allocates) (optional): where the error
 *   lies, in characters, when this fails
 * @error: return location for a #GError
 *
 * Reads an expression and checks it against the columns of @table: the
 * columns exist, the values fit the operators and functions, the
 * patterns are regular expressions. Nothing is evaluated.
 *
 * Returns: (transfer full) (nullable): the expression, or %NULL with
 *   @error set (%SONDE_ERROR_PARSE, a message that starts "Column N:"
 *   when the problem has a place) and @error_position filled
 */
SondeExpr *
sonde_expr_parse (const char         *text,
                  SondeTable         *table,
                  SondeExprPosition  *error_position,
                  GError            **error)
{
  g_autoptr(SondeExpr) self = NULL;
  g_autoptr(GDateTime) now = NULL;
  Parser p = { 0 };
  Node *root;
  gsize len;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (SONDE_IS_TABLE (table), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (error_position != NULL)
    error_position->offset = error_position->length = 0;
  len = strlen (text);
  if (!g_utf8_validate (text, len, NULL))
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_PARSE, _("The expression is not valid UTF-8 text."));
      return NULL;
    }
  if (g_utf8_strlen (text, len) > SONDE_EXPR_MAX_LENGTH)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_PARSE,
                   _("The expression is %ld characters long; the limit is %u. Split it into simpler steps."),
                   g_utf8_strlen (text, len), SONDE_EXPR_MAX_LENGTH);
      return NULL;
    }

  self = g_new0 (SondeExpr, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->text = g_strdup (text);
  self->nodes = g_ptr_array_new_with_free_func ((GDestroyNotify) node_free);

  now = g_date_time_new_now_local ();
  p.src = self->text;
  p.len = (guint) len;
  p.table = table;
  p.nodes = self->nodes;
  if (!sonde_date_from_ymd (g_date_time_get_year (now), g_date_time_get_month (now),
                            g_date_time_get_day_of_month (now), &p.today))
    p.today = 0;

  if (advance (&p) && p.tok.kind == TK_EOF)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_PARSE, _("The expression is empty. Write a condition such as age > 30, or a calculation such as price * 1.2."));
      return NULL;
    }
  root = p.error == NULL ? parse_expr (&p) : NULL;
  if (root != NULL && p.tok.kind != TK_EOF)
    {
      if (p.tok.kind == TK_RPAREN)
        fail (&p, p.tok.start, p.tok.end, _("Column %u: this “)” closes nothing."), column_of (&p, p.tok.start));
      else
        unexpected (&p);
    }
  if (p.error != NULL)
    {
      set_position (error_position, &p, p.error_start, p.error_end);
      g_propagate_error (error, p.error);
      return NULL;
    }
  g_assert (root != NULL);
  self->root = root;
  return g_steal_pointer (&self);
}

SondeExpr *
sonde_expr_ref (SondeExpr *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
sonde_expr_unref (SondeExpr *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_free (self->text);
  g_ptr_array_unref (self->nodes);
  g_free (self);
}

/**
 * sonde_expr_get_text:
 * @self: a #SondeExpr
 *
 * Returns: the expression as it was written
 */
const char *
sonde_expr_get_text (SondeExpr *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->text;
}

/**
 * sonde_expr_is_predicate:
 * @self: a #SondeExpr
 *
 * Returns: %TRUE when the expression is a condition (true, false or
 *   unknown per row), which sonde_expr_select() needs
 */
gboolean
sonde_expr_is_predicate (SondeExpr *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->root->type == V_BOOL;
}

/**
 * sonde_expr_get_result_type:
 * @self: a #SondeExpr
 *
 * Returns: the type of the column sonde_expr_evaluate() makes: INTEGER
 *   for whole-number arithmetic, REAL for other numbers, BOOLEAN for
 *   conditions, TEXT, DATE or DATETIME (TEXT for `missing` alone)
 */
SondeColumnType
sonde_expr_get_result_type (SondeExpr *self)
{
  g_return_val_if_fail (self != NULL, SONDE_COLUMN_TYPE_TEXT);

  switch (self->root->type)
    {
    case V_BOOL: return SONDE_COLUMN_TYPE_BOOLEAN;
    case V_NUMBER: return self->root->integral ? SONDE_COLUMN_TYPE_INTEGER : SONDE_COLUMN_TYPE_REAL;
    case V_DATE: return SONDE_COLUMN_TYPE_DATE;
    case V_DATETIME: return SONDE_COLUMN_TYPE_DATETIME;
    default: return SONDE_COLUMN_TYPE_TEXT;
    }
}

/**
 * sonde_expr_get_column_names:
 * @self: a #SondeExpr
 *
 * Returns: (transfer full) (array zero-terminated=1): the names of the
 *   columns the expression reads, each once, in the order they appear
 */
char **
sonde_expr_get_column_names (SondeExpr *self)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GArray) order = g_array_new (FALSE, FALSE, sizeof (Node *));

  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; i < self->nodes->len; i++)
    {
      Node *n = g_ptr_array_index (self->nodes, i);

      if (n->kind == K_COLUMN)
        g_array_append_val (order, n);
    }
  /* Nodes are numbered as they are made, which is reading order for
   * columns (they are leaves, made when read). */
  for (guint i = 0; i < order->len; i++)
    {
      Node *n = g_array_index (order, Node *, i);
      gboolean seen = FALSE;

      for (guint j = 0; j < names->len && !seen; j++)
        seen = strcmp (g_ptr_array_index (names, j), n->column_name) == 0;
      if (!seen)
        g_ptr_array_add (names, g_strdup (n->column_name));
    }
  g_ptr_array_add (names, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&names), FALSE);
}


/* ------------------------------------------------------------------ */
/* Evaluation                                                          */

/* Dates beyond ±100 million days (±273 000 years) are missing: they fit
 * a gint32 with room, and nothing real lies there. */
#define MAX_DAYS 1e8
#define USEC_PER_DAY (86400.0 * G_USEC_PER_SEC)

typedef struct
{
  double        *num;
  guint8        *b;
  const char   **s;
  guint8        *miss;
  GStringChunk  *arena;
  guint32       *codes;      /* CATEGORICAL columns: the codes too */
} Vec;

typedef struct
{
  SondeExpr      *expr;
  Vec            *vecs;
  SondeColumn   **columns;   /* by node id, for K_COLUMN */
  const char   ***labels;    /* by node id, for CATEGORICAL columns */
  guint          *n_labels;
  /* By node id: a test of a category column against literals, decided
   * once per label (indexed by code) instead of once per row. */
  guint8        **code_truth;
  const guint32  *rows;      /* NULL: rows first … first + n − 1 */
  guint           first;
  guint           n;
  guint           n_div0;
  GString        *scratch;
  gint8           c1[CHUNK];
  gint8           c2[CHUNK];
  guint8          m1[CHUNK];
  guint8          m2[CHUNK];
} Eval;

#define ROW(ev, i) ((ev)->rows != NULL ? (ev)->rows[i] : (ev)->first + (i))

static VType
vtype_of_column (SondeColumnType type)
{
  switch (type)
    {
    case SONDE_COLUMN_TYPE_INTEGER:
    case SONDE_COLUMN_TYPE_REAL: return V_NUMBER;
    case SONDE_COLUMN_TYPE_BOOLEAN: return V_BOOL;
    case SONDE_COLUMN_TYPE_DATE: return V_DATE;
    case SONDE_COLUMN_TYPE_DATETIME: return V_DATETIME;
    default: return V_TEXT;
    }
}

static void
eval_clear (Eval *ev)
{
  if (ev->expr == NULL)
    return;
  for (guint i = 0; i < ev->expr->nodes->len; i++)
    {
      Vec *v = &ev->vecs[i];

      g_free (v->num);
      g_free (v->b);
      g_free (v->s);
      g_free (v->miss);
      g_free (v->codes);
      if (v->arena != NULL)
        g_string_chunk_free (v->arena);
      g_free (ev->labels[i]);
      g_free (ev->code_truth[i]);
    }
  g_free (ev->vecs);
  g_free (ev->columns);
  g_free (ev->labels);
  g_free (ev->n_labels);
  g_free (ev->code_truth);
  if (ev->scratch != NULL)
    g_string_free (ev->scratch, TRUE);
  ev->expr = NULL;
}

/* Whether every operand of @n but its subject is a text literal. */
static gboolean
literal_operands (Node *n)
{
  for (guint k = 1; k < n->n_args; k++)
    if (n->args[k]->kind != K_LITERAL || n->args[k]->type != V_TEXT)
      return FALSE;
  return TRUE;
}

/* The test @n (see literal_operands()) on one label. */
static gboolean
label_passes (Node       *n,
              const char *label)
{
  int c;

  switch (n->kind)
    {
    case K_COMPARE:
      c = strcmp (label, n->args[1]->text);
      switch (n->op)
        {
        case CMP_EQ: return c == 0;
        case CMP_NE: return c != 0;
        case CMP_LT: return c < 0;
        case CMP_LE: return c <= 0;
        case CMP_GT: return c > 0;
        default: return c >= 0;
        }
    case K_IN:
      for (guint k = 1; k < n->n_args; k++)
        if (strcmp (label, n->args[k]->text) == 0)
          return TRUE;
      return FALSE;
    case K_MATCHES:
      return g_regex_match (n->regex, label, 0, NULL);
    case K_TEXT_TEST:
      {
        const char *needle = n->args[1]->text;
        gsize la = strlen (label), lb = strlen (needle);

        if (n->op == TT_CONTAINS)
          return strstr (label, needle) != NULL;
        return la >= lb && memcmp (n->op == TT_STARTS ? label : label + la - lb, needle, lb) == 0;
      }
    default:
      g_assert_not_reached ();
    }
}

static gboolean
eval_init (Eval       *ev,
           SondeExpr  *expr,
           SondeTable *table,
           GError    **error)
{
  guint n_nodes = expr->nodes->len;

  memset (ev, 0, sizeof *ev);
  ev->expr = expr;
  ev->vecs = g_new0 (Vec, n_nodes);
  ev->columns = g_new0 (SondeColumn *, n_nodes);
  ev->labels = g_new0 (const char **, n_nodes);
  ev->n_labels = g_new0 (guint, n_nodes);
  ev->code_truth = g_new0 (guint8 *, n_nodes);
  ev->scratch = g_string_new (NULL);

  for (guint i = 0; i < n_nodes; i++)
    {
      Node *n = g_ptr_array_index (expr->nodes, i);
      Vec *v = &ev->vecs[i];

      v->miss = g_new0 (guint8, CHUNK);
      if (n->type == V_NUMBER || n->type == V_DATE || n->type == V_DATETIME || n->type == V_NULL)
        v->num = g_new0 (double, CHUNK);
      if (n->type == V_BOOL || n->type == V_NULL)
        v->b = g_new0 (guint8, CHUNK);
      if (n->type == V_TEXT || n->type == V_NULL)
        v->s = g_new0 (const char *, CHUNK);
      if (n->type == V_TEXT && n->kind != K_COLUMN && n->kind != K_LITERAL)
        v->arena = g_string_chunk_new (4096);

      if (n->kind == K_LITERAL)
        for (guint r = 0; r < CHUNK; r++)
          {
            v->miss[r] = n->type == V_NULL;
            if (v->num != NULL)
              v->num[r] = n->number;
            if (v->b != NULL)
              v->b[r] = n->number != 0;
            if (v->s != NULL)
              v->s[r] = n->text;
          }
      else if (n->kind == K_COLUMN)
        {
          SondeColumn *column = sonde_table_find_column (table, n->column_name);

          if (column == NULL)
            {
              g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                           _("The expression “%s” reads the column “%s”, which “%s” does not have."),
                           expr->text, n->column_name, sonde_table_get_name (table));
              return FALSE;
            }
          if (vtype_of_column (sonde_column_get_column_type (column)) != n->type)
            {
              g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                           _("The column “%s” of “%s” has changed type since the expression “%s” was read; read it again."),
                           n->column_name, sonde_table_get_name (table), expr->text);
              return FALSE;
            }
          ev->columns[i] = column;
          if (sonde_column_get_column_type (column) == SONDE_COLUMN_TYPE_CATEGORICAL)
            {
              ev->n_labels[i] = sonde_column_get_n_categories (column);
              ev->labels[i] = g_new0 (const char *, MAX (ev->n_labels[i], 1));
              v->codes = g_new0 (guint32, CHUNK);
              for (guint c = 0; c < ev->n_labels[i]; c++)
                ev->labels[i][c] = sonde_column_get_category_label (column, c);
            }
        }
    }

  for (guint i = 0; i < n_nodes; i++)
    {
      Node *n = g_ptr_array_index (expr->nodes, i);
      Node *subject = n->n_args > 0 ? n->args[0] : NULL;

      if ((n->kind == K_COMPARE || n->kind == K_IN || n->kind == K_MATCHES || n->kind == K_TEXT_TEST) &&
          subject->kind == K_COLUMN && ev->labels[subject->id] != NULL && literal_operands (n))
        {
          ev->code_truth[i] = g_new0 (guint8, MAX (ev->n_labels[subject->id], 1));
          for (guint c = 0; c < ev->n_labels[subject->id]; c++)
            ev->code_truth[i][c] = label_passes (n, ev->labels[subject->id][c]);
        }
    }
  return TRUE;
}

/* Compares a and b row by row (-1, 0, 1 in @c) where neither is missing
 * (@miss says which one is). */
static void
compare_vecs (VType   type,
              Vec    *a,
              Vec    *b,
              gint8  *c,
              guint8 *miss,
              guint   n)
{
  for (guint i = 0; i < n; i++)
    miss[i] = a->miss[i] | b->miss[i];
  switch (type)
    {
    case V_NUMBER:
    case V_DATE:
    case V_DATETIME:
      for (guint i = 0; i < n; i++)
        c[i] = (a->num[i] > b->num[i]) - (a->num[i] < b->num[i]);
      break;
    case V_BOOL:
      for (guint i = 0; i < n; i++)
        c[i] = (a->b[i] > b->b[i]) - (a->b[i] < b->b[i]);
      break;
    case V_TEXT:
      for (guint i = 0; i < n; i++)
        if (!miss[i])
          {
            int r = strcmp (a->s[i], b->s[i]);

            c[i] = (r > 0) - (r < 0);
          }
      break;
    default:
      memset (miss, 1, n);
      break;
    }
}

static VType
operand_type (Node *a,
              Node *b)
{
  return a->type != V_NULL ? a->type : b->type;
}

static void
copy_value (VType  type,
            Vec   *dst,
            guint  i,
            Vec   *src,
            guint  j)
{
  dst->miss[i] = src->miss[j];
  switch (type)
    {
    case V_NUMBER:
    case V_DATE:
    case V_DATETIME:
      dst->num[i] = src->num != NULL ? src->num[j] : 0;
      break;
    case V_BOOL:
      dst->b[i] = src->b != NULL ? src->b[j] : 0;
      break;
    case V_TEXT:
      dst->s[i] = src->s != NULL ? src->s[j] : NULL;
      break;
    default:
      dst->miss[i] = TRUE;
      break;
    }
}

static char *
format_datetime (gint64 usec)
{
  gint64 secs = usec >= 0 ? usec / G_USEC_PER_SEC : -((-usec + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);
  gint64 frac = usec - secs * G_USEC_PER_SEC;
  gint64 days = secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400);
  gint64 sod = secs - days * 86400;
  int y, m, d;

  sonde_date_to_ymd ((gint32) days, &y, &m, &d);
  if (frac != 0)
    return g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02d.%06dZ",
                            y, m, d, (int) (sod / 3600), (int) (sod / 60 % 60), (int) (sod % 60), (int) frac);
  return g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02dZ",
                          y, m, d, (int) (sod / 3600), (int) (sod / 60 % 60), (int) (sod % 60));
}

/* The text of one value, as text() and the columns write it. */
static const char *
value_text (Eval  *ev,
            Vec   *dst,
            Node  *arg,
            Vec   *a,
            guint  i)
{
  g_autofree char *text = NULL;
  char buf[64];
  double x;

  switch (arg->type)
    {
    case V_NUMBER:
      x = a->num[i];
      if (x == floor (x) && fabs (x) < 9.2e18)
        {
          g_snprintf (buf, sizeof buf, "%" G_GINT64_FORMAT, (gint64) x);
          return g_string_chunk_insert (dst->arena, buf);
        }
      text = sonde_column_format_real (x);
      break;
    case V_BOOL:
      return a->b[i] ? "true" : "false";
    case V_DATE:
      {
        int y, m, d;

        if (fabs (a->num[i]) > MAX_DAYS)
          return NULL;
        sonde_date_to_ymd ((gint32) a->num[i], &y, &m, &d);
        g_snprintf (buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
        return g_string_chunk_insert (dst->arena, buf);
      }
    case V_DATETIME:
      if (fabs (a->num[i]) > MAX_DAYS * USEC_PER_DAY)
        return NULL;
      text = format_datetime ((gint64) a->num[i]);
      break;
    default:
      return a->s[i];
    }
  (void) ev;
  return g_string_chunk_insert (dst->arena, text);
}

/* Characters in @s, by its lead bytes (safe on any bytes). */
static gsize
count_chars (const char *s)
{
  gsize n = 0;

  for (; *s != '\0'; s++)
    n += ((guchar) *s & 0xC0) != 0x80;
  return n;
}

/* The byte offset of character @index (from 0) in @s, or its length. */
static const char *
char_at (const char *s,
         gint64      index)
{
  gint64 k = -1;

  for (; *s != '\0'; s++)
    if (((guchar) *s & 0xC0) != 0x80 && ++k == index)
      return s;
  return s;
}

static double
days_of (VType  type,
         double x)
{
  return type == V_DATETIME ? floor (x / USEC_PER_DAY) : x;
}

static void eval_node (Eval *ev,
                       Node *n);

static void
eval_func (Eval *ev,
           Node *n,
           Vec  *v)
{
  guint N = ev->n;
  Vec *a = n->n_args > 0 ? &ev->vecs[n->args[0]->id] : NULL;

  switch ((FuncId) n->op)
    {
    case F_ABS: case F_FLOOR: case F_CEIL: case F_SQRT: case F_LOG: case F_EXP:
      for (guint i = 0; i < N; i++)
        {
          double x = a->num[i], r;

          switch ((FuncId) n->op)
            {
            case F_ABS: r = fabs (x); break;
            case F_FLOOR: r = floor (x); break;
            case F_CEIL: r = ceil (x); break;
            case F_SQRT: r = sqrt (x); break;
            case F_LOG: r = log (x); break;
            default: r = exp (x); break;
            }
          v->num[i] = r;
          v->miss[i] = a->miss[i] || !isfinite (r);
        }
      break;

    case F_ROUND:
      {
        /* The scale is computed again only when the digits change. */
        double last_digits = NAN, scale = 1;

        for (guint i = 0; i < N; i++)
          {
            double x = a->num[i], digits = 0, r;

            v->miss[i] = a->miss[i];
            if (n->n_args > 1)
              {
                Vec *d = &ev->vecs[n->args[1]->id];

                v->miss[i] |= d->miss[i];
                digits = trunc (d->num[i]);
              }
            if (digits == 0)
              r = round (x);
            else if (digits > 15 || digits < -308)
              r = digits > 0 ? x : 0;
            else
              {
                if (digits != last_digits)
                  {
                    scale = pow (10, fabs (digits));
                    last_digits = digits;
                  }
                r = digits > 0 ? round (x * scale) / scale : round (x / scale) * scale;
                if (!isfinite (r))
                  r = x;
              }
            v->num[i] = r;
            v->miss[i] |= !isfinite (r);
          }
      }
      break;

    case F_MIN: case F_MAX:
      for (guint i = 0; i < N; i++)
        {
          int best = -1;

          for (guint k = 0; k < n->n_args; k++)
            {
              Vec *x = &ev->vecs[n->args[k]->id];
              int c;

              if (x->miss[i])
                continue;
              if (best < 0)
                {
                  best = k;
                  continue;
                }
              {
                Vec *y = &ev->vecs[n->args[best]->id];

                if (n->type == V_TEXT)
                  c = strcmp (x->s[i], y->s[i]);
                else
                  c = (x->num[i] > y->num[i]) - (x->num[i] < y->num[i]);
              }
              if ((n->op == F_MIN && c < 0) || (n->op == F_MAX && c > 0))
                best = k;
            }
          if (best < 0)
            v->miss[i] = TRUE;
          else
            copy_value (n->type, v, i, &ev->vecs[n->args[best]->id], i);
        }
      break;

    case F_COALESCE:
      for (guint i = 0; i < N; i++)
        {
          v->miss[i] = TRUE;
          for (guint k = 0; k < n->n_args; k++)
            if (!ev->vecs[n->args[k]->id].miss[i])
              {
                copy_value (n->type, v, i, &ev->vecs[n->args[k]->id], i);
                break;
              }
        }
      break;

    case F_LENGTH:
      for (guint i = 0; i < N; i++)
        {
          v->miss[i] = a->miss[i];
          v->num[i] = a->miss[i] ? 0 : count_chars (a->s[i]);
        }
      break;

    case F_LOWER: case F_UPPER: case F_TRIM:
      for (guint i = 0; i < N; i++)
        {
          const char *s = a->s[i];

          v->miss[i] = a->miss[i];
          v->s[i] = NULL;
          if (a->miss[i])
            continue;
          if (n->op == F_TRIM)
            {
              const char *e = s + strlen (s);

              while (g_ascii_isspace (*s))
                s++;
              while (e > s && g_ascii_isspace (e[-1]))
                e--;
              v->s[i] = g_string_chunk_insert_len (v->arena, s, e - s);
            }
          else
            {
              g_autofree char *t = NULL;

              if (g_utf8_validate (s, -1, NULL))
                t = n->op == F_LOWER ? g_utf8_strdown (s, -1) : g_utf8_strup (s, -1);
              else
                t = n->op == F_LOWER ? g_ascii_strdown (s, -1) : g_ascii_strup (s, -1);
              v->s[i] = g_string_chunk_insert (v->arena, t);
            }
        }
      break;

    case F_SUBSTR:
      for (guint i = 0; i < N; i++)
        {
          Vec *st = &ev->vecs[n->args[1]->id];
          Vec *ln = n->n_args > 2 ? &ev->vecs[n->args[2]->id] : NULL;
          double start, length;
          const char *from, *to;

          v->miss[i] = a->miss[i] || st->miss[i] || (ln != NULL && ln->miss[i]);
          v->s[i] = NULL;
          if (v->miss[i])
            continue;
          start = floor (st->num[i]);
          length = ln != NULL ? floor (ln->num[i]) : 1e18;
          if (start < 1)
            start = 1;
          if (length < 0)
            length = 0;
          from = char_at (a->s[i], MIN (start - 1, (double) G_MAXINT32));
          to = char_at (from, MIN (length, (double) G_MAXINT32));
          v->s[i] = g_string_chunk_insert_len (v->arena, from, to - from);
        }
      break;

    case F_REPLACE:
      for (guint i = 0; i < N; i++)
        {
          Vec *old = &ev->vecs[n->args[1]->id];
          Vec *new = &ev->vecs[n->args[2]->id];
          const char *s, *hit;
          gsize old_len;

          v->miss[i] = a->miss[i] || old->miss[i] || new->miss[i];
          v->s[i] = NULL;
          if (v->miss[i])
            continue;
          s = a->s[i];
          old_len = strlen (old->s[i]);
          if (old_len == 0)
            {
              v->s[i] = s;
              continue;
            }
          g_string_truncate (ev->scratch, 0);
          while ((hit = strstr (s, old->s[i])) != NULL)
            {
              g_string_append_len (ev->scratch, s, hit - s);
              g_string_append (ev->scratch, new->s[i]);
              s = hit + old_len;
            }
          g_string_append (ev->scratch, s);
          v->s[i] = g_string_chunk_insert_len (v->arena, ev->scratch->str, ev->scratch->len);
        }
      break;

    case F_YEAR: case F_MONTH: case F_DAY: case F_WEEKDAY:
      for (guint i = 0; i < N; i++)
        {
          double days = days_of (n->args[0]->type, a->num[i]);
          int y, m, d;

          v->miss[i] = a->miss[i] || fabs (days) > MAX_DAYS;
          v->num[i] = 0;
          if (v->miss[i])
            continue;
          if (n->op == F_WEEKDAY)
            {
              gint64 k = (gint64) days;

              /* 1970-01-01 was a Thursday (4). */
              v->num[i] = ((k % 7 + 7 + 3) % 7) + 1;
              continue;
            }
          sonde_date_to_ymd ((gint32) days, &y, &m, &d);
          v->num[i] = n->op == F_YEAR ? y : n->op == F_MONTH ? m : d;
        }
      break;

    case F_DAYS_BETWEEN:
      for (guint i = 0; i < N; i++)
        {
          Vec *b = &ev->vecs[n->args[1]->id];
          double x = n->args[0]->type == V_DATETIME ? a->num[i] / USEC_PER_DAY : a->num[i];
          double y = n->args[1]->type == V_DATETIME ? b->num[i] / USEC_PER_DAY : b->num[i];

          v->miss[i] = a->miss[i] || b->miss[i];
          v->num[i] = y - x;
        }
      break;

    case F_NUMBER:
      for (guint i = 0; i < N; i++)
        {
          v->miss[i] = a->miss[i];
          v->num[i] = 0;
          if (a->miss[i])
            continue;
          if (n->args[0]->type == V_TEXT)
            v->miss[i] = !_sonde_parse_real (a->s[i], &v->num[i]) || !isfinite (v->num[i]);
          else if (n->args[0]->type == V_BOOL)
            v->num[i] = a->b[i];
          else
            v->num[i] = a->num[i];
        }
      break;

    case F_DATE:
      for (guint i = 0; i < N; i++)
        {
          gint32 day = 0;

          v->miss[i] = a->miss[i];
          v->num[i] = 0;
          if (a->miss[i])
            continue;
          if (n->args[0]->type == V_TEXT)
            {
              v->miss[i] = !_sonde_parse_date (a->s[i], &day);
              v->num[i] = day;
            }
          else
            v->num[i] = days_of (n->args[0]->type, a->num[i]);
        }
      break;

    default:
      g_assert_not_reached ();
    }
}

/* The missing flags of a column for the chunk. */
static void
load_missing (Eval          *ev,
              const guint64 *bits,
              guint8        *miss)
{
  if (bits == NULL)
    memset (miss, 0, ev->n);
  else if (ev->rows == NULL)
    for (guint i = 0; i < ev->n; i++)
      miss[i] = _sonde_bitmap_get (bits, ev->first + i);
  else
    for (guint i = 0; i < ev->n; i++)
      miss[i] = _sonde_bitmap_get (bits, ev->rows[i]);
}

/* Contiguous rows (the common case) in a loop the compiler vectorises. */
#define LOAD_NUMBERS(T)                                                 \
  G_STMT_START {                                                        \
    const T *src = values;                                              \
    if (ev->rows == NULL)                                               \
      for (guint i = 0; i < N; i++)                                     \
        v->num[i] = (double) src[ev->first + i];                        \
    else                                                                \
      for (guint i = 0; i < N; i++)                                     \
        v->num[i] = (double) src[ev->rows[i]];                          \
  } G_STMT_END

static void
eval_node (Eval *ev,
           Node *n)
{
  Vec *v = &ev->vecs[n->id];
  guint N = ev->n;
  Vec *a, *b;

  if (n->kind == K_LITERAL)
    return;
  if (n->type == V_NULL)
    {
      memset (v->miss, 1, N);
      return;
    }
  for (guint k = 0; k < n->n_args; k++)
    eval_node (ev, n->args[k]);
  if (v->arena != NULL)
    g_string_chunk_clear (v->arena);
  a = n->n_args > 0 ? &ev->vecs[n->args[0]->id] : NULL;
  b = n->n_args > 1 ? &ev->vecs[n->args[1]->id] : NULL;

  if (ev->code_truth[n->id] != NULL)
    {
      const guint8 *truth = ev->code_truth[n->id];

      for (guint i = 0; i < N; i++)
        {
          v->b[i] = truth[a->codes[i]];
          v->miss[i] = a->miss[i];
        }
      return;
    }

  switch (n->kind)
    {
    case K_COLUMN:
      {
        SondeColumn *column = ev->columns[n->id];
        const guint64 *bits = _sonde_column_get_missing (column);
        const void *values = _sonde_column_get_values (column);

        load_missing (ev, bits, v->miss);
        switch (sonde_column_get_column_type (column))
          {
          case SONDE_COLUMN_TYPE_INTEGER:
            LOAD_NUMBERS (gint64);
            break;
          case SONDE_COLUMN_TYPE_REAL:
            LOAD_NUMBERS (double);
            for (guint i = 0; i < N; i++)
              v->miss[i] |= isnan (v->num[i]);
            break;
          case SONDE_COLUMN_TYPE_BOOLEAN:
            for (guint i = 0; i < N; i++)
              {
                guint r = ROW (ev, i);

                v->b[i] = ((const guint8 *) values)[r] != 0;
              }
            break;
          case SONDE_COLUMN_TYPE_CATEGORICAL:
            for (guint i = 0; i < N; i++)
              {
                guint r = ROW (ev, i);
                guint32 code = ((const guint32 *) values)[r];

                v->miss[i] |= code >= ev->n_labels[n->id];
                v->codes[i] = v->miss[i] ? 0 : code;
                v->s[i] = v->miss[i] ? NULL : ev->labels[n->id][code];
              }
            break;
          case SONDE_COLUMN_TYPE_TEXT:
            for (guint i = 0; i < N; i++)
              {
                v->s[i] = sonde_column_get_text (column, ROW (ev, i));
                v->miss[i] = v->s[i] == NULL;
              }
            break;
          case SONDE_COLUMN_TYPE_DATE:
            LOAD_NUMBERS (gint32);
            break;
          case SONDE_COLUMN_TYPE_DATETIME:
            LOAD_NUMBERS (gint64);
            break;
          default:
            g_assert_not_reached ();
          }
      }
      break;

    case K_NEG:
      for (guint i = 0; i < N; i++)
        {
          v->num[i] = -a->num[i];
          v->miss[i] = a->miss[i];
        }
      break;

    case K_NOT:
      for (guint i = 0; i < N; i++)
        {
          v->b[i] = !a->b[i];
          v->miss[i] = a->miss[i];
        }
      break;

    case K_ARITH:
      for (guint i = 0; i < N; i++)
        v->miss[i] = a->miss[i] | b->miss[i];
      switch (n->op)
        {
        case OP_ADD:
          for (guint i = 0; i < N; i++)
            v->num[i] = a->num[i] + b->num[i];
          break;
        case OP_SUB:
          for (guint i = 0; i < N; i++)
            v->num[i] = a->num[i] - b->num[i];
          break;
        case OP_MUL:
          for (guint i = 0; i < N; i++)
            v->num[i] = a->num[i] * b->num[i];
          break;
        case OP_DIV:
        case OP_MOD:
          for (guint i = 0; i < N; i++)
            {
              if (!v->miss[i] && b->num[i] == 0)
                {
                  v->miss[i] = TRUE;
                  ev->n_div0++;
                }
              v->num[i] = n->op == OP_DIV ? a->num[i] / b->num[i] : fmod (a->num[i], b->num[i]);
            }
          break;
        default:
          for (guint i = 0; i < N; i++)
            v->num[i] = pow (a->num[i], b->num[i]);
          break;
        }
      for (guint i = 0; i < N; i++)
        v->miss[i] |= !isfinite (v->num[i]);
      if (n->type == V_DATE)
        for (guint i = 0; i < N; i++)
          {
            v->num[i] = floor (v->num[i]);
            v->miss[i] |= fabs (v->num[i]) > MAX_DAYS;
          }
      break;

    case K_CONCAT:
      for (guint i = 0; i < N; i++)
        {
          v->miss[i] = a->miss[i] | b->miss[i];
          v->s[i] = NULL;
          if (v->miss[i])
            continue;
          g_string_assign (ev->scratch, a->s[i]);
          g_string_append (ev->scratch, b->s[i]);
          v->s[i] = g_string_chunk_insert_len (v->arena, ev->scratch->str, ev->scratch->len);
        }
      break;

    case K_COMPARE:
      compare_vecs (operand_type (n->args[0], n->args[1]), a, b, ev->c1, v->miss, N);
      switch (n->op)
        {
        case CMP_EQ: for (guint i = 0; i < N; i++) v->b[i] = ev->c1[i] == 0; break;
        case CMP_NE: for (guint i = 0; i < N; i++) v->b[i] = ev->c1[i] != 0; break;
        case CMP_LT: for (guint i = 0; i < N; i++) v->b[i] = ev->c1[i] < 0; break;
        case CMP_LE: for (guint i = 0; i < N; i++) v->b[i] = ev->c1[i] <= 0; break;
        case CMP_GT: for (guint i = 0; i < N; i++) v->b[i] = ev->c1[i] > 0; break;
        default: for (guint i = 0; i < N; i++) v->b[i] = ev->c1[i] >= 0; break;
        }
      break;

    case K_AND:
      for (guint i = 0; i < N; i++)
        {
          gboolean f = (!a->miss[i] && !a->b[i]) || (!b->miss[i] && !b->b[i]);

          v->b[i] = !f && !a->miss[i] && !b->miss[i];
          v->miss[i] = !f && (a->miss[i] || b->miss[i]);
        }
      break;

    case K_OR:
      for (guint i = 0; i < N; i++)
        {
          gboolean t = (!a->miss[i] && a->b[i]) || (!b->miss[i] && b->b[i]);

          v->b[i] = t;
          v->miss[i] = !t && (a->miss[i] || b->miss[i]);
        }
      break;

    case K_BETWEEN:
      {
        VType t = n->args[0]->type;
        Vec *hi = &ev->vecs[n->args[2]->id];

        if (t == V_NULL)
          t = n->args[1]->type != V_NULL ? n->args[1]->type : n->args[2]->type;
        compare_vecs (t, a, b, ev->c1, ev->m1, N);
        compare_vecs (t, a, hi, ev->c2, ev->m2, N);
        for (guint i = 0; i < N; i++)
          {
            gboolean f = (!ev->m1[i] && ev->c1[i] < 0) || (!ev->m2[i] && ev->c2[i] > 0);

            v->b[i] = !f && !ev->m1[i] && !ev->m2[i];
            v->miss[i] = !f && (ev->m1[i] || ev->m2[i]);
          }
      }
      break;

    case K_IN:
      {
        VType t = V_NULL;

        for (guint k = 0; k < n->n_args && t == V_NULL; k++)
          t = n->args[k]->type;
        memset (v->b, 0, N);
        memcpy (v->miss, a->miss, N);
        for (guint k = 1; k < n->n_args; k++)
          {
            Vec *item = &ev->vecs[n->args[k]->id];

            compare_vecs (t, a, item, ev->c1, ev->m1, N);
            for (guint i = 0; i < N; i++)
              {
                if (a->miss[i])
                  continue;
                if (item->miss[i])
                  v->miss[i] = TRUE;
                else if (ev->c1[i] == 0)
                  v->b[i] = TRUE;
              }
          }
        for (guint i = 0; i < N; i++)
          if (v->b[i])
            v->miss[i] = FALSE;
      }
      break;

    case K_IS_MISSING:
      for (guint i = 0; i < N; i++)
        {
          v->b[i] = a->miss[i] ^ n->negate;
          v->miss[i] = FALSE;
        }
      break;

    case K_MATCHES:
      for (guint i = 0; i < N; i++)
        {
          v->miss[i] = a->miss[i];
          v->b[i] = !a->miss[i] && g_regex_match (n->regex, a->s[i], 0, NULL);
        }
      break;

    case K_TEXT_TEST:
      for (guint i = 0; i < N; i++)
        {
          v->miss[i] = a->miss[i] | b->miss[i];
          v->b[i] = FALSE;
          if (v->miss[i])
            continue;
          if (n->op == TT_CONTAINS)
            v->b[i] = strstr (a->s[i], b->s[i]) != NULL;
          else
            {
              gsize la = strlen (a->s[i]), lb = strlen (b->s[i]);

              v->b[i] = la >= lb && memcmp (n->op == TT_STARTS ? a->s[i] : a->s[i] + la - lb, b->s[i], lb) == 0;
            }
        }
      break;

    case K_IF:
      {
        Vec *y = &ev->vecs[n->args[2]->id];

        for (guint i = 0; i < N; i++)
          copy_value (n->type, v, i, !a->miss[i] && a->b[i] ? b : y, i);
      }
      break;

    case K_CASE:
      {
        guint n_pairs = n->negate ? (n->n_args - 1) / 2 : n->n_args / 2;

        for (guint i = 0; i < N; i++)
          {
            gboolean done = FALSE;

            for (guint k = 0; k < n_pairs && !done; k++)
              {
                Vec *cond = &ev->vecs[n->args[2 * k]->id];

                if (!cond->miss[i] && cond->b[i])
                  {
                    copy_value (n->type, v, i, &ev->vecs[n->args[2 * k + 1]->id], i);
                    done = TRUE;
                  }
              }
            if (!done && n->negate)
              copy_value (n->type, v, i, &ev->vecs[n->args[n->n_args - 1]->id], i);
            else if (!done)
              v->miss[i] = TRUE;
          }
      }
      break;

    case K_FUNC:
      eval_func (ev, n, v);
      break;

    case K_TO_TEXT:
      for (guint i = 0; i < N; i++)
        {
          v->miss[i] = a->miss[i];
          v->s[i] = a->miss[i] ? NULL : value_text (ev, v, n->args[0], a, i);
          if (v->s[i] == NULL)
            v->miss[i] = TRUE;
        }
      break;

    case K_TO_DATETIME:
      for (guint i = 0; i < N; i++)
        {
          v->num[i] = a->num[i] * USEC_PER_DAY;
          v->miss[i] = a->miss[i];
        }
      break;

    default:
      g_assert_not_reached ();
    }
}

/* Runs @ev over @n_rows rows (of @rows, or from 0), calling @sink on
 * the root's values chunk by chunk. */
typedef void (*Sink) (Eval     *ev,
                      Vec      *root,
                      gpointer  data);

static gboolean
eval_run (Eval          *ev,
          const guint32 *rows,
          guint          n_rows,
          Sink           sink,
          gpointer       data,
          GCancellable  *cancellable,
          GError       **error)
{
  Node *root = ev->expr->root;

  for (guint first = 0, k = 0; first < n_rows; first += CHUNK, k++)
    {
      if ((k & 63) == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      ev->first = first;
      ev->rows = rows != NULL ? rows + first : NULL;
      ev->n = MIN (CHUNK, n_rows - first);
      eval_node (ev, root);
      sink (ev, &ev->vecs[root->id], data);
    }
  return !g_cancellable_set_error_if_cancelled (cancellable, error);
}

static void
count_chunk (Eval            *ev,
             Vec             *root,
             SondeExprCounts *counts)
{
  gboolean predicate = ev->expr->root->type == V_BOOL;

  counts->n_rows += ev->n;
  for (guint i = 0; i < ev->n; i++)
    {
      if (root->miss[i])
        counts->n_missing++;
      else if (predicate && root->b[i])
        counts->n_true++;
      else if (predicate)
        counts->n_false++;
    }
}

/* Numbers, yes/no values and dates are written straight into the
 * column's arrays (sized once); text is appended. */
typedef struct
{
  SondeColumn     *column;
  gpointer         values;
  guint64         *bits;
  guint            at;
  guint            n_missing;
  SondeExprCounts  counts;
} ColumnSink;

#define FILL(T, BAD, VALUE)                                             \
  G_STMT_START {                                                        \
    T *out = (T *) cs->values + cs->at;                                 \
    for (guint i = 0; i < ev->n; i++)                                   \
      if (root->miss[i] || (BAD))                                       \
        {                                                               \
          guint r = cs->at + i;                                         \
          cs->bits[r / 64] |= G_GUINT64_CONSTANT (1) << (r % 64);       \
          cs->n_missing++;                                              \
        }                                                               \
      else                                                              \
        out[i] = (VALUE);                                               \
  } G_STMT_END

static void
column_sink (Eval     *ev,
             Vec      *root,
             gpointer  data)
{
  ColumnSink *cs = data;
  SondeColumn *column = cs->column;

  count_chunk (ev, root, &cs->counts);
  switch (sonde_column_get_column_type (column))
    {
    case SONDE_COLUMN_TYPE_INTEGER:
      FILL (gint64, fabs (root->num[i]) >= 9.2e18, (gint64) root->num[i]);
      break;
    case SONDE_COLUMN_TYPE_REAL:
      FILL (double, FALSE, root->num[i]);
      break;
    case SONDE_COLUMN_TYPE_BOOLEAN:
      FILL (guint8, FALSE, root->b[i] != 0);
      break;
    case SONDE_COLUMN_TYPE_DATE:
      FILL (gint32, fabs (root->num[i]) > MAX_DAYS, (gint32) root->num[i]);
      break;
    case SONDE_COLUMN_TYPE_DATETIME:
      FILL (gint64, fabs (root->num[i]) >= 9.2e18, (gint64) root->num[i]);
      break;
    default:
      for (guint i = 0; i < ev->n; i++)
        if (root->miss[i] || root->s == NULL)
          sonde_column_append_missing (column);
        else
          sonde_column_append_text (column, root->s[i], -1);
      break;
    }
  cs->at += ev->n;
}

/**
 * sonde_expr_evaluate:
 * @self: a #SondeExpr
 * @table: the table to evaluate it on: the one it was read for, or one
 *   with the same columns (by name and kind)
 * @counts: (out caller-allocates) (optional): what the evaluation met
 * @cancellable: (nullable): a #GCancellable, checked every 64 000 rows
 * @error: return location for a #GError
 *
 * Evaluates the expression on every row of @table, the "derive a
 * column" step. The column is named after the expression and has the
 * type sonde_expr_get_result_type() says.
 *
 * Returns: (transfer full) (nullable): a column of
 *   sonde_table_get_n_rows() rows, or %NULL with @error set
 *   (%SONDE_ERROR_INVALID when @table lacks a column the expression
 *   reads, or %G_IO_ERROR_CANCELLED)
 */
SondeColumn *
sonde_expr_evaluate (SondeExpr        *self,
                     SondeTable       *table,
                     SondeExprCounts  *counts,
                     GCancellable     *cancellable,
                     GError          **error)
{
  g_autoptr(SondeColumn) column = NULL;
  ColumnSink cs = { 0 };
  Eval ev;
  guint n_rows;
  gboolean ok;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (SONDE_IS_TABLE (table), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!eval_init (&ev, self, table, error))
    {
      eval_clear (&ev);
      return NULL;
    }
  n_rows = sonde_table_get_n_rows (table);
  column = sonde_column_new (self->text, sonde_expr_get_result_type (self));
  cs.column = column;
  if (sonde_column_get_column_type (column) == SONDE_COLUMN_TYPE_TEXT)
    sonde_column_reserve (column, n_rows);
  else
    {
      cs.values = _sonde_column_fill_begin (column, n_rows);
      cs.bits = _sonde_column_get_missing_for_fill (column);
    }
  ok = eval_run (&ev, NULL, n_rows, column_sink, &cs, cancellable, error);
  if (cs.values != NULL || cs.bits != NULL)
    _sonde_column_fill_end (column, cs.n_missing, NULL, 0);
  cs.counts.n_division_by_zero = ev.n_div0;
  eval_clear (&ev);
  if (!ok)
    return NULL;
  if (counts != NULL)
    *counts = cs.counts;
  return g_steal_pointer (&column);
}

static gboolean
check_predicate (SondeExpr  *self,
                 GError    **error)
{
  if (self->root->type == V_BOOL)
    return TRUE;
  g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
               _("“%s” gives %s, not a condition; a filter or a rule needs a condition, such as age > 30."),
               self->text, type_phrase (self->root->type));
  return FALSE;
}

typedef struct
{
  guint8          *truth;
  guint            at;
  SondeExprCounts  counts;
} TruthSink;

static void
truth_sink (Eval     *ev,
            Vec      *root,
            gpointer  data)
{
  TruthSink *ts = data;

  count_chunk (ev, root, &ts->counts);
  for (guint i = 0; i < ev->n; i++)
    ts->truth[ts->at + i] = root->miss[i] ? SONDE_EXPR_UNKNOWN : root->b[i] ? SONDE_EXPR_TRUE : SONDE_EXPR_FALSE;
  ts->at += ev->n;
}

/**
 * sonde_expr_evaluate_truth:
 * @self: a #SondeExpr that is a condition (sonde_expr_is_predicate())
 * @table: the table, as for sonde_expr_evaluate()
 * @counts: (out caller-allocates) (optional): true, false and unknown rows
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Evaluates a condition on every row, as the profile checks a rule.
 *
 * Returns: (transfer full) (nullable): one #SondeExprTruth per row of
 *   @table (at least one byte, so never %NULL on success), or %NULL with
 *   @error set (%SONDE_ERROR_INVALID when @self is not a condition)
 */
guint8 *
sonde_expr_evaluate_truth (SondeExpr        *self,
                           SondeTable       *table,
                           SondeExprCounts  *counts,
                           GCancellable     *cancellable,
                           GError          **error)
{
  g_autofree guint8 *truth = NULL;
  TruthSink ts = { 0 };
  Eval ev;
  guint n_rows;
  gboolean ok;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (SONDE_IS_TABLE (table), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_predicate (self, error))
    return NULL;
  if (!eval_init (&ev, self, table, error))
    {
      eval_clear (&ev);
      return NULL;
    }
  n_rows = sonde_table_get_n_rows (table);
  truth = g_new0 (guint8, MAX (n_rows, 1));
  ts.truth = truth;
  ok = eval_run (&ev, NULL, n_rows, truth_sink, &ts, cancellable, error);
  ts.counts.n_division_by_zero = ev.n_div0;
  eval_clear (&ev);
  if (!ok)
    return NULL;
  if (counts != NULL)
    *counts = ts.counts;
  return g_steal_pointer (&truth);
}

typedef struct
{
  guint32         *kept;     /* room for every row of the base */
  guint            n_kept;
  SondeExprCounts  counts;
} SelectSink;

static void
select_sink (Eval     *ev,
             Vec      *root,
             gpointer  data)
{
  SelectSink *ss = data;
  guint32 *kept = ss->kept;
  guint n = ss->n_kept;

  count_chunk (ev, root, &ss->counts);
  for (guint i = 0; i < ev->n; i++)
    {
      kept[n] = ROW (ev, i);
      n += !root->miss[i] && root->b[i];
    }
  ss->n_kept = n;
}

/**
 * sonde_expr_select:
 * @self: a #SondeExpr that is a condition (sonde_expr_is_predicate())
 * @table: the table, as for sonde_expr_evaluate()
 * @base: (nullable): the rows to filter, in their order; %NULL for all
 *   the rows of @table
 * @counts: (out caller-allocates) (optional): true, false and unknown rows
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * The "filter rows by an expression" step: the rows of @base where the
 * condition is true, in the same order. Rows where it is unknown are
 * left out and counted in @counts->n_missing.
 *
 * Returns: (transfer full) (nullable): the selection, or %NULL with
 *   @error set as by sonde_expr_evaluate_truth()
 */
SondeSelection *
sonde_expr_select (SondeExpr        *self,
                   SondeTable       *table,
                   SondeSelection   *base,
                   SondeExprCounts  *counts,
                   GCancellable     *cancellable,
                   GError          **error)
{
  g_autofree guint32 *kept = NULL;
  SelectSink ss = { 0 };
  const guint32 *rows = NULL;
  guint n_rows;
  Eval ev;
  gboolean ok;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (SONDE_IS_TABLE (table), NULL);
  g_return_val_if_fail (base == NULL || sonde_selection_get_table (base) == table, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_predicate (self, error))
    return NULL;
  if (!eval_init (&ev, self, table, error))
    {
      eval_clear (&ev);
      return NULL;
    }
  /* Without a base, the rows are read in place, not through an index. */
  if (base != NULL)
    rows = sonde_selection_get_rows (base, &n_rows);
  else
    n_rows = sonde_table_get_n_rows (table);
  kept = g_new (guint32, MAX (n_rows, 1));
  ss.kept = kept;
  ok = eval_run (&ev, rows, n_rows, select_sink, &ss, cancellable, error);
  ss.counts.n_division_by_zero = ev.n_div0;
  eval_clear (&ev);
  if (!ok)
    return NULL;
  if (counts != NULL)
    *counts = ss.counts;
  return sonde_selection_new_from_rows (table, kept, ss.n_kept);
}
