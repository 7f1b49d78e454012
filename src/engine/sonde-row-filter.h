/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sonde-selection.h"
#include "sonde-table.h"

G_BEGIN_DECLS

/**
 * SondeFilterOperator:
 * @SONDE_FILTER_EQUAL: the value equals the operand
 * @SONDE_FILTER_NOT_EQUAL: the value differs from the operand (missing
 *   values are not kept)
 * @SONDE_FILTER_LESS: the value is below the operand
 * @SONDE_FILTER_LESS_EQUAL: the value is below or equal to the operand
 * @SONDE_FILTER_GREATER: the value is above the operand
 * @SONDE_FILTER_GREATER_EQUAL: the value is above or equal to the operand
 * @SONDE_FILTER_CONTAINS: the shown value contains the operand, ignoring case
 * @SONDE_FILTER_IS_MISSING: the value is missing (no operand)
 * @SONDE_FILTER_IS_NOT_MISSING: the value is present (no operand)
 *
 * The condition of a row filter on one column.
 */
typedef enum
{
  SONDE_FILTER_EQUAL,
  SONDE_FILTER_NOT_EQUAL,
  SONDE_FILTER_LESS,
  SONDE_FILTER_LESS_EQUAL,
  SONDE_FILTER_GREATER,
  SONDE_FILTER_GREATER_EQUAL,
  SONDE_FILTER_CONTAINS,
  SONDE_FILTER_IS_MISSING,
  SONDE_FILTER_IS_NOT_MISSING,
} SondeFilterOperator;

#define SONDE_FILTER_N_OPERATORS (SONDE_FILTER_IS_NOT_MISSING + 1)

typedef struct _SondeRowFilter SondeRowFilter;

#define SONDE_TYPE_FILTER_OPERATOR (sonde_filter_operator_get_type ())
#define SONDE_TYPE_ROW_FILTER (sonde_row_filter_get_type ())

GType           sonde_filter_operator_get_type       (void) G_GNUC_CONST;
const char     *sonde_filter_operator_get_label      (SondeFilterOperator  op);
gboolean        sonde_filter_operator_needs_operand  (SondeFilterOperator  op);

GType           sonde_row_filter_get_type            (void) G_GNUC_CONST;
SondeRowFilter *sonde_row_filter_new                 (SondeTable          *table,
                                                      guint                column,
                                                      SondeFilterOperator  op,
                                                      const char          *operand,
                                                      GError             **error);
SondeRowFilter *sonde_row_filter_ref                 (SondeRowFilter      *self);
void            sonde_row_filter_unref               (SondeRowFilter      *self);
guint           sonde_row_filter_get_column          (SondeRowFilter      *self);
SondeFilterOperator sonde_row_filter_get_operator    (SondeRowFilter      *self);
const char     *sonde_row_filter_get_operand         (SondeRowFilter      *self);
char           *sonde_row_filter_describe            (SondeRowFilter      *self);
gboolean        sonde_row_filter_matches             (SondeRowFilter      *self,
                                                      guint                row);
SondeSelection *sonde_row_filter_apply               (SondeRowFilter      *self,
                                                      SondeSelection      *selection);

gboolean        sonde_selection_find                 (SondeSelection      *selection,
                                                      const char          *needle,
                                                      int                  column,
                                                      guint                start_position,
                                                      guint                start_column,
                                                      gboolean             backwards,
                                                      GCancellable        *cancellable,
                                                      guint               *found_position,
                                                      guint               *found_column);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SondeRowFilter, sonde_row_filter_unref)

G_END_DECLS
