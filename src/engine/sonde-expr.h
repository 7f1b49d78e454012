/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sonde-selection.h"
#include "sonde-table.h"

G_BEGIN_DECLS

/*
 * The expression language
 * =======================
 *
 * What a person writes to filter rows, derive a column or state a rule
 * that every row must satisfy: `age between 0 and 120`, `end >= start`,
 * `postcode matches [0-9]{5}`, `if(income > 0, log(income), missing)`.
 * The engine parses it into a tree, checks its types against the
 * table's columns, and evaluates it itself, column array by column
 * array; nothing is ever run as code, C or SQL.
 *
 * Values
 *   numbers       3  3.5  1e6   (a decimal point, never a comma)
 *   text          'Lyon'  "l'été"   (a quote is doubled inside: 'l''été')
 *   yes/no        true  false
 *   dates         date('2024-01-31')   (also a text such as '2024-01-31'
 *                 where it is compared with a date column)
 *   missing       missing  null
 *   columns       age  [date of birth]  `date of birth`
 *                 (brackets or backquotes for names with spaces or
 *                 other signs, the closing sign doubled inside: [a]]b];
 *                 names are matched exactly, then ignoring
 *                 case; a keyword where a value is expected is read as
 *                 a column of that name: end >= start)
 *
 * Operators, from the loosest to the tightest binding
 *   or   ||                       (|| between two texts joins them)
 *   and  &&
 *   not  !
 *   = == != <> < <= > >=          (one comparison: a < b < c is refused)
 *   x between A and B             (A ≤ x ≤ B, bounds included)
 *   x in (a, b, c)
 *   x is missing, x is not missing   (also "is null")
 *   x matches 'regex'             (the whole value must match; the
 *                                  pattern may be left unquoted, up to the
 *                                  end, a closing parenthesis, "and" or
 *                                  "or": postcode matches [0-9]{5})
 *   x contains 'a', x starts with 'a', x ends with 'a'   (case counts)
 *   not between, not in, not matches, not contains
 *   &                             (joins texts: first & ' ' & last)
 *   + -
 *   * / %                         (% is the remainder, with x's sign)
 *   - (negation)
 *   ^                             (power, right to left: 2^3^2 = 2^9;
 *                                  -2^2 = -4)
 *
 * Conditionals
 *   if(condition, then, else)
 *   case when condition then value [when … then …] [else value] end
 *
 * Functions (names ignore case)
 *   abs(x) round(x[, digits]) floor(x) ceil(x) sqrt(x) log(x) (natural)
 *   exp(x) min(x, y, …) max(x, y, …) coalesce(x, y, …)
 *   length(s) lower(s) upper(s) trim(s) substr(s, start[, length])
 *   (positions count characters from 1) replace(s, old, new)
 *   year(d) month(d) day(d) weekday(d) (1 Monday … 7 Sunday)
 *   days_between(a, b) (b − a, in days) today() date(s) number(s) text(x)
 *
 * Keywords (and, or, not, between, in, is, missing, null, true, false,
 * matches, contains, starts, ends, with, case, when, then, else, end)
 * and function names are English only and ignore case: AND, And and and
 * are one keyword.
 *
 * Missing values follow SQL's three-valued logic: a comparison or a
 * calculation with a missing value is missing (unknown); `false and
 * unknown` is false, `true or unknown` is true, `not unknown` is unknown.
 * A filter keeps the rows where the condition is true, and a rule is
 * broken where it is false; unknown rows are counted apart. `is missing`
 * is never unknown; if() and case take an unknown condition as false;
 * coalesce() gives its first value that is not missing; min() and max()
 * skip missing values. Division (and %) by zero gives a missing value
 * and is counted. So do results that are not finite numbers (sqrt(-1),
 * log(0)), and text that number() or date() cannot read.
 *
 * Text is compared by its bytes (Unicode code point order), not by the
 * rules of a language. Numbers are computed as doubles (whole numbers
 * exact up to 2^53); an expression of whole numbers (+, -, *, %, abs,
 * round, floor, ceil, length, year…) gives a column of whole numbers.
 * today() is the local date when the expression is read, the same for
 * every row. An expression is at most 10 000 characters long and nests
 * at most 100 levels deep.
 *
 * Errors are %SONDE_ERROR_PARSE with a message that starts "Column N:",
 * N counting characters from 1, and a SondeExprPosition for editors.
 */

/**
 * SondeExprPosition:
 * @offset: where the problem starts, in characters from 0
 * @length: how many characters it spans (at least 1, except at the end)
 *
 * Where in the text of an expression an error lies, for an editor to
 * put the cursor there. The message says "Column @offset + 1".
 */
typedef struct
{
  guint offset;
  guint length;
} SondeExprPosition;

/**
 * SondeExprTruth:
 * @SONDE_EXPR_FALSE: the condition does not hold
 * @SONDE_EXPR_TRUE: it holds
 * @SONDE_EXPR_UNKNOWN: a value it needs is missing
 */
typedef enum
{
  SONDE_EXPR_FALSE,
  SONDE_EXPR_TRUE,
  SONDE_EXPR_UNKNOWN,
} SondeExprTruth;

/**
 * SondeExprCounts:
 * @n_rows: rows evaluated
 * @n_true: rows where a condition is true (0 for other expressions)
 * @n_false: rows where it is false
 * @n_missing: rows whose value is missing (unknown, for a condition)
 * @n_division_by_zero: divisions and remainders by zero met (each gave
 *   a missing value)
 *
 * What an evaluation met.
 */
typedef struct
{
  guint n_rows;
  guint n_true;
  guint n_false;
  guint n_missing;
  guint n_division_by_zero;
} SondeExprCounts;

#define SONDE_EXPR_MAX_LENGTH 10000
#define SONDE_EXPR_MAX_DEPTH 100

typedef struct _SondeExpr SondeExpr;

#define SONDE_TYPE_EXPR (sonde_expr_get_type ())

GType            sonde_expr_get_type          (void) G_GNUC_CONST;

SondeExpr       *sonde_expr_parse             (const char          *text,
                                               SondeTable          *table,
                                               SondeExprPosition   *error_position,
                                               GError             **error);
SondeExpr       *sonde_expr_ref               (SondeExpr           *self);
void             sonde_expr_unref             (SondeExpr           *self);

const char      *sonde_expr_get_text          (SondeExpr           *self);
SondeColumnType  sonde_expr_get_result_type   (SondeExpr           *self);
gboolean         sonde_expr_is_predicate      (SondeExpr           *self);
char           **sonde_expr_get_column_names  (SondeExpr           *self);

SondeColumn     *sonde_expr_evaluate          (SondeExpr           *self,
                                               SondeTable          *table,
                                               SondeExprCounts     *counts,
                                               GCancellable        *cancellable,
                                               GError             **error);
guint8          *sonde_expr_evaluate_truth    (SondeExpr           *self,
                                               SondeTable          *table,
                                               SondeExprCounts     *counts,
                                               GCancellable        *cancellable,
                                               GError             **error);
SondeSelection  *sonde_expr_select            (SondeExpr           *self,
                                               SondeTable          *table,
                                               SondeSelection      *base,
                                               SondeExprCounts     *counts,
                                               GCancellable        *cancellable,
                                               GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SondeExpr, sonde_expr_unref)

G_END_DECLS
