/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sonde-engine"

/* SondeRowFilter: one condition on one column ("age > 30", "city contains
 * lyon", "income is missing"), the filter of the Data pane. The operand is
 * read once, as the column's type, when the filter is made, so a typing
 * mistake is reported there with what was expected; evaluating a row is
 * then a comparison of numbers or category codes.
 *
 * sonde_selection_find() is the Data pane's Ctrl+F: the next cell whose
 * shown text contains the needle, ignoring case, in reading order from the
 * cursor and wrapping around. Categories and yes/no values are matched once
 * per label, not once per row.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "sonde-column-private.h"
#include "sonde-error.h"
#include "sonde-row-filter.h"

struct _SondeRowFilter
{
  gatomicrefcount      ref_count;
  SondeTable          *table;
  SondeColumn         *column;
  guint                column_index;
  SondeFilterOperator  op;
  char                *operand;
  /* The operand as the column's type. */
  double               number;
  /* CATEGORICAL: whether each code passes, decided once. */
  guint8              *code_passes;
  guint                n_codes;
  /* CONTAINS, and TEXT comparisons: the case-folded operand. */
  char                *folded;
};

G_DEFINE_ENUM_TYPE (SondeFilterOperator, sonde_filter_operator,
  G_DEFINE_ENUM_VALUE (SONDE_FILTER_EQUAL, "equal"),
  G_DEFINE_ENUM_VALUE (SONDE_FILTER_NOT_EQUAL, "not-equal"),
  G_DEFINE_ENUM_VALUE (SONDE_FILTER_LESS, "less"),
  G_DEFINE_ENUM_VALUE (SONDE_FILTER_LESS_EQUAL, "less-equal"),
  G_DEFINE_ENUM_VALUE (SONDE_FILTER_GREATER, "greater"),
  G_DEFINE_ENUM_VALUE (SONDE_FILTER_GREATER_EQUAL, "greater-equal"),
  G_DEFINE_ENUM_VALUE (SONDE_FILTER_CONTAINS, "contains"),
  G_DEFINE_ENUM_VALUE (SONDE_FILTER_IS_MISSING, "is-missing"),
  G_DEFINE_ENUM_VALUE (SONDE_FILTER_IS_NOT_MISSING, "is-not-missing"))

G_DEFINE_BOXED_TYPE (SondeRowFilter, sonde_row_filter, sonde_row_filter_ref, sonde_row_filter_unref)

/**
 * sonde_filter_operator_get_label:
 * @op: an operator
 *
 * Returns: the operator in words, as menus show it and Orca reads it
 *   ("is greater than"), translated.
 */
const char *
sonde_filter_operator_get_label (SondeFilterOperator op)
{
  switch (op)
    {
    case SONDE_FILTER_EQUAL:
      return _("equals");
    case SONDE_FILTER_NOT_EQUAL:
      return _("does not equal");
    case SONDE_FILTER_LESS:
      return _("is less than");
    case SONDE_FILTER_LESS_EQUAL:
      return _("is at most");
    case SONDE_FILTER_GREATER:
      return _("is greater than");
    case SONDE_FILTER_GREATER_EQUAL:
      return _("is at least");
    case SONDE_FILTER_CONTAINS:
      return _("contains");
    case SONDE_FILTER_IS_MISSING:
      return _("is missing");
    case SONDE_FILTER_IS_NOT_MISSING:
      return _("is not missing");
    default:
      g_return_val_if_reached (NULL);
    }
}

/**
 * sonde_filter_operator_needs_operand:
 * @op: an operator
 *
 * Returns: %FALSE for "is missing" and "is not missing", %TRUE otherwise.
 */
gboolean
sonde_filter_operator_needs_operand (SondeFilterOperator op)
{
  return op != SONDE_FILTER_IS_MISSING && op != SONDE_FILTER_IS_NOT_MISSING;
}

static gboolean
compare (SondeFilterOperator op,
         int                 cmp)
{
  switch (op)
    {
    case SONDE_FILTER_EQUAL:
      return cmp == 0;
    case SONDE_FILTER_NOT_EQUAL:
      return cmp != 0;
    case SONDE_FILTER_LESS:
      return cmp < 0;
    case SONDE_FILTER_LESS_EQUAL:
      return cmp <= 0;
    case SONDE_FILTER_GREATER:
      return cmp > 0;
    case SONDE_FILTER_GREATER_EQUAL:
      return cmp >= 0;
    default:
      g_assert_not_reached ();
    }
}

/* Case-insensitive "contains" on text already case-folded in @needle. */
static gboolean
text_contains (const char *haystack,
               const char *folded_needle)
{
  g_autofree char *folded = NULL;

  if (*folded_needle == '\0')
    return TRUE;
  folded = g_utf8_casefold (haystack, -1);

  return strstr (folded, folded_needle) != NULL;
}

static int
compare_text (const char *a,
              const char *b)
{
  return g_utf8_collate (a, b);
}

static gboolean
read_operand (SondeRowFilter  *self,
              GError         **error)
{
  SondeColumnType type = sonde_column_get_column_type (self->column);
  const char *name = sonde_column_get_name (self->column);
  gint64 i64;
  gint32 i32;
  gboolean b;

  switch (type)
    {
    case SONDE_COLUMN_TYPE_INTEGER:
    case SONDE_COLUMN_TYPE_REAL:
      if (_sonde_parse_real (self->operand, &self->number))
        return TRUE;
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                   _("“%s” is not a number, and the column “%s” holds numbers. Write it like 42 or 3.5 (or 3,5)."),
                   self->operand, name);
      return FALSE;

    case SONDE_COLUMN_TYPE_BOOLEAN:
      if (_sonde_parse_boolean (self->operand, &b))
        {
          self->number = b;
          return TRUE;
        }
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                   _("“%s” is neither yes nor no, and the column “%s” holds yes/no values. Write true or false (or yes, no, 1, 0)."),
                   self->operand, name);
      return FALSE;

    case SONDE_COLUMN_TYPE_DATE:
      if (_sonde_parse_date (self->operand, &i32))
        {
          self->number = i32;
          return TRUE;
        }
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                   _("“%s” is not a date, and the column “%s” holds dates. Write it as 2024-03-01 or 01/03/2024."),
                   self->operand, name);
      return FALSE;

    case SONDE_COLUMN_TYPE_DATETIME:
      if (_sonde_parse_datetime (self->operand, &i64))
        {
          self->number = (double) i64;
          return TRUE;
        }
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                   _("“%s” is not a date and time, and the column “%s” holds dates and times. Write it as 2024-03-01 08:30."),
                   self->operand, name);
      return FALSE;

    case SONDE_COLUMN_TYPE_CATEGORICAL:
      self->n_codes = sonde_column_get_n_categories (self->column);
      self->code_passes = g_new0 (guint8, MAX (self->n_codes, 1));
      for (guint32 code = 0; code < self->n_codes; code++)
        {
          const char *label = sonde_column_get_category_label (self->column, code);

          self->code_passes[code] = compare (self->op, compare_text (label, self->operand));
        }
      return TRUE;

    case SONDE_COLUMN_TYPE_TEXT:
      return TRUE;

    default:
      g_assert_not_reached ();
    }
}

/**
 * sonde_row_filter_new:
 * @table: the table to filter
 * @column: the index of the column the condition is on
 * @op: the comparison
 * @operand: (nullable): the value to compare with, as a person typed it;
 *   ignored for "is missing" and "is not missing"
 * @error: return location for a #GError
 *
 * Makes a condition on one column. The operand is read as the column's
 * type: a number for numbers, a date for dates, yes/no for yes/no columns;
 * "contains" compares the shown text of any column.
 *
 * Returns: (transfer full): the filter, or %NULL with @error set when the
 *   operand is missing or cannot be read as the column's type.
 */
SondeRowFilter *
sonde_row_filter_new (SondeTable           *table,
                      guint                 column,
                      SondeFilterOperator   op,
                      const char           *operand,
                      GError              **error)
{
  g_autoptr(SondeRowFilter) self = NULL;

  g_return_val_if_fail (SONDE_IS_TABLE (table), NULL);
  g_return_val_if_fail (column < sonde_table_get_n_columns (table), NULL);
  g_return_val_if_fail (op < SONDE_FILTER_N_OPERATORS, NULL);

  self = g_new0 (SondeRowFilter, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->table = g_object_ref (table);
  self->column = g_object_ref (sonde_table_get_column (table, column));
  self->column_index = column;
  self->op = op;
  self->operand = g_strstrip (g_strdup (operand != NULL ? operand : ""));

  if (!sonde_filter_operator_needs_operand (op))
    return g_steal_pointer (&self);

  if (*self->operand == '\0' && op != SONDE_FILTER_EQUAL && op != SONDE_FILTER_NOT_EQUAL)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                   _("Type a value to compare “%s” with."),
                   sonde_column_get_name (self->column));
      return NULL;
    }

  self->folded = g_utf8_casefold (self->operand, -1);
  if (op == SONDE_FILTER_CONTAINS)
    return g_steal_pointer (&self);

  if (*self->operand == '\0')
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                   _("Type a value to compare “%s” with, or choose “is missing”."),
                   sonde_column_get_name (self->column));
      return NULL;
    }

  if (!read_operand (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

SondeRowFilter *
sonde_row_filter_ref (SondeRowFilter *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);

  return self;
}

void
sonde_row_filter_unref (SondeRowFilter *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_clear_object (&self->table);
  g_clear_object (&self->column);
  g_free (self->operand);
  g_free (self->code_passes);
  g_free (self->folded);
  g_free (self);
}

guint
sonde_row_filter_get_column (SondeRowFilter *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->column_index;
}

SondeFilterOperator
sonde_row_filter_get_operator (SondeRowFilter *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->op;
}

const char *
sonde_row_filter_get_operand (SondeRowFilter *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->operand;
}

/**
 * sonde_row_filter_describe:
 * @self: a #SondeRowFilter
 *
 * Returns: (transfer full): the condition in words, for the status line
 *   and the screen reader: "age is greater than 30".
 */
char *
sonde_row_filter_describe (SondeRowFilter *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (!sonde_filter_operator_needs_operand (self->op))
    /* Translators: a column name and a condition, "income is missing" */
    return g_strdup_printf (C_("filter", "%s %s"), sonde_column_get_name (self->column),
                            sonde_filter_operator_get_label (self->op));

  /* Translators: a column name, a condition and a value, "age is greater than 30" */
  return g_strdup_printf (C_("filter", "%s %s %s"), sonde_column_get_name (self->column),
                          sonde_filter_operator_get_label (self->op), self->operand);
}

/**
 * sonde_row_filter_matches:
 * @self: a #SondeRowFilter
 * @row: a row of the table
 *
 * Returns: whether @row meets the condition. A missing value only meets
 *   "is missing".
 */
gboolean
sonde_row_filter_matches (SondeRowFilter *self,
                          guint           row)
{
  SondeColumn *column = self->column;
  gboolean missing = sonde_column_is_missing (column, row);

  if (self->op == SONDE_FILTER_IS_MISSING)
    return missing;
  if (self->op == SONDE_FILTER_IS_NOT_MISSING || missing)
    return !missing && self->op == SONDE_FILTER_IS_NOT_MISSING;

  switch (sonde_column_get_column_type (column))
    {
    case SONDE_COLUMN_TYPE_CATEGORICAL:
      if (self->op == SONDE_FILTER_CONTAINS)
        return text_contains (sonde_column_get_text (column, row), self->folded);
      {
        guint32 code = sonde_column_get_code (column, row);
        return code < self->n_codes && self->code_passes[code];
      }

    case SONDE_COLUMN_TYPE_TEXT:
      if (self->op == SONDE_FILTER_CONTAINS)
        return text_contains (sonde_column_get_text (column, row), self->folded);
      return compare (self->op, compare_text (sonde_column_get_text (column, row), self->operand));

    default:
      if (self->op == SONDE_FILTER_CONTAINS)
        {
          g_autofree char *text = sonde_column_format_value (column, row);
          return text_contains (text, self->folded);
        }
      {
        double x = sonde_column_get_number (column, row);
        return compare (self->op, x < self->number ? -1 : x > self->number ? 1 : 0);
      }
    }
}

static gboolean
filter_predicate (SondeTable *table,
                  guint       row,
                  gpointer    user_data)
{
  return sonde_row_filter_matches (user_data, row);
}

/**
 * sonde_row_filter_apply:
 * @self: a #SondeRowFilter
 * @selection: the rows to filter, in their order
 *
 * Returns: (transfer full): the rows of @selection that meet the
 *   condition, in the same order.
 */
SondeSelection *
sonde_row_filter_apply (SondeRowFilter *self,
                        SondeSelection *selection)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (SONDE_IS_SELECTION (selection), NULL);
  g_return_val_if_fail (sonde_selection_get_table (selection) == self->table, NULL);

  return sonde_selection_filter (selection, filter_predicate, self);
}

/* Find ------------------------------------------------------------------ */

typedef struct
{
  SondeColumn *column;
  SondeColumnType type;
  /* CATEGORICAL and BOOLEAN: whether each code (or false/true) matches. */
  guint8 *code_matches;
  guint n_codes;
} Matcher;

static gboolean
ascii_contains (const char *haystack,
                const char *needle,
                gsize       needle_len)
{
  for (; *haystack != '\0'; haystack++)
    if (g_ascii_strncasecmp (haystack, needle, needle_len) == 0)
      return TRUE;

  return FALSE;
}

static gboolean
matcher_matches (Matcher    *m,
                 guint       row,
                 const char *folded,
                 gboolean    ascii,
                 gsize       len)
{
  char buf[32];

  if (sonde_column_is_missing (m->column, row))
    return FALSE;

  switch (m->type)
    {
    case SONDE_COLUMN_TYPE_CATEGORICAL:
      {
        guint32 code = sonde_column_get_code (m->column, row);
        return code < m->n_codes && m->code_matches[code];
      }
    case SONDE_COLUMN_TYPE_BOOLEAN:
      return m->code_matches[sonde_column_get_boolean (m->column, row) ? 1 : 0];
    case SONDE_COLUMN_TYPE_INTEGER:
      g_snprintf (buf, sizeof buf, "%" G_GINT64_FORMAT, sonde_column_get_integer (m->column, row));
      return strstr (buf, folded) != NULL;
    case SONDE_COLUMN_TYPE_TEXT:
      {
        const char *text = sonde_column_get_text (m->column, row);
        return ascii ? ascii_contains (text, folded, len) : text_contains (text, folded);
      }
    default:
      {
        g_autofree char *text = sonde_column_format_value (m->column, row);
        return ascii ? ascii_contains (text, folded, len) : text_contains (text, folded);
      }
    }
}

static gboolean
is_ascii (const char *s)
{
  for (; *s != '\0'; s++)
    if ((guchar) *s >= 0x80)
      return FALSE;

  return TRUE;
}

/**
 * sonde_selection_find:
 * @selection: the rows shown, in their order
 * @needle: the text to find, matched ignoring case inside the shown value
 * @column: the column to search, or -1 for every column
 * @start_position: the position of the cursor in @selection
 * @start_column: the column of the cursor
 * @backwards: %TRUE to search towards the first row
 * @cancellable: (nullable): a #GCancellable
 * @found_position: (out): the position of the match in @selection
 * @found_column: (out): the column of the match
 *
 * Finds the next cell after the cursor (or before it, @backwards) whose
 * shown text contains @needle, going row by row and, within a row, column
 * by column, and wrapping around at the end. The cursor cell itself is
 * tried last, so finding again moves on.
 *
 * Returns: %TRUE if a cell matched, %FALSE if none did or the search was
 *   cancelled.
 */
gboolean
sonde_selection_find (SondeSelection *selection,
                      const char     *needle,
                      int             column,
                      guint           start_position,
                      guint           start_column,
                      gboolean        backwards,
                      GCancellable   *cancellable,
                      guint          *found_position,
                      guint          *found_column)
{
  SondeTable *table;
  g_autofree Matcher *matchers = NULL;
  g_autofree char *folded = NULL;
  guint n_rows, n_cols, first_col, last_col, span;
  guint64 n_cells, cell, start;
  gboolean ascii, found = FALSE;
  gsize len;

  g_return_val_if_fail (SONDE_IS_SELECTION (selection), FALSE);
  g_return_val_if_fail (needle != NULL, FALSE);

  table = sonde_selection_get_table (selection);
  n_rows = sonde_selection_get_n_rows (selection);
  n_cols = sonde_table_get_n_columns (table);
  if (n_rows == 0 || n_cols == 0 || *needle == '\0' || column >= (int) n_cols)
    return FALSE;

  ascii = is_ascii (needle);
  folded = ascii ? g_ascii_strdown (needle, -1) : g_utf8_casefold (needle, -1);
  len = strlen (folded);

  first_col = column < 0 ? 0 : (guint) column;
  last_col = column < 0 ? n_cols - 1 : (guint) column;
  span = last_col - first_col + 1;

  matchers = g_new0 (Matcher, n_cols);
  for (guint c = first_col; c <= last_col; c++)
    {
      Matcher *m = &matchers[c];

      m->column = sonde_table_get_column (table, c);
      m->type = sonde_column_get_column_type (m->column);
      if (m->type == SONDE_COLUMN_TYPE_CATEGORICAL)
        {
          m->n_codes = sonde_column_get_n_categories (m->column);
          m->code_matches = g_new0 (guint8, MAX (m->n_codes, 1));
          for (guint32 code = 0; code < m->n_codes; code++)
            m->code_matches[code] = text_contains (sonde_column_get_category_label (m->column, code),
                                                   folded);
        }
      else if (m->type == SONDE_COLUMN_TYPE_BOOLEAN)
        {
          m->n_codes = 2;
          m->code_matches = g_new0 (guint8, 2);
          m->code_matches[0] = ascii_contains ("false", folded, len);
          m->code_matches[1] = ascii_contains ("true", folded, len);
        }
    }

  n_cells = (guint64) n_rows * span;
  start = (guint64) MIN (start_position, n_rows - 1) * span
          + (CLAMP (start_column, first_col, last_col) - first_col);

  for (guint64 step = 1; step <= n_cells && !found; step++)
    {
      guint row, c;

      if ((step & 0xffff) == 0 && g_cancellable_is_cancelled (cancellable))
        break;

      cell = backwards ? (start + n_cells - (step % n_cells)) % n_cells
                       : (start + step) % n_cells;
      row = (guint) (cell / span);
      c = first_col + (guint) (cell % span);
      if (matcher_matches (&matchers[c], sonde_selection_get_row (selection, row), folded, ascii, len))
        {
          *found_position = row;
          *found_column = c;
          found = TRUE;
        }
    }

  for (guint c = 0; c < n_cols; c++)
    g_free (matchers[c].code_matches);

  return found;
}
