/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "sonde-column.h"

G_BEGIN_DECLS

/**
 * SondeChisq:
 * @n_rows: the number of rows of the contingency table, empty rows left out.
 * @n_cols: the number of columns, empty columns left out.
 * @row_labels: (array length=n_rows) (nullable): the label of each row
 *   when the table was built from columns; %NULL otherwise.
 * @col_labels: (array length=n_cols) (nullable): the label of each column,
 *   likewise.
 * @observed: n_rows × n_cols observed counts, row-major.
 * @expected: n_rows × n_cols counts expected under independence.
 * @total: the sum of the counts.
 * @statistic: Pearson's X², with Yates' correction when @yates is set.
 * @df: the degrees of freedom, (n_rows − 1)(n_cols − 1).
 * @p_value: the upper tail of the chi-square distribution at @statistic.
 * @cramers_v: Cramér's V, from the uncorrected X².
 * @yates: whether Yates' continuity correction was applied (asked for,
 *   and the table is 2 × 2).
 * @low_expected: whether some expected count is below 5, in which case
 *   the chi-square approximation may be poor.
 *
 * The result of Pearson's chi-square test of independence.
 */
typedef struct
{
  guint     n_rows;
  guint     n_cols;
  char    **row_labels;
  char    **col_labels;
  double   *observed;
  double   *expected;
  double    total;
  double    statistic;
  double    df;
  double    p_value;
  double    cramers_v;
  gboolean  yates;
  gboolean  low_expected;
} SondeChisq;

SondeChisq *sonde_chisq_new_from_counts  (const double  *counts,
                                          guint          n_rows,
                                          guint          n_cols,
                                          gboolean       correct,
                                          GError       **error);
SondeChisq *sonde_chisq_new_from_columns (SondeColumn   *rows,
                                          SondeColumn   *cols,
                                          gboolean       correct,
                                          GError       **error);
void        sonde_chisq_free             (SondeChisq    *chisq);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SondeChisq, sonde_chisq_free)

G_END_DECLS
