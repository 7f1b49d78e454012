/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sonde-stats-correlation.h"
#include "sonde-stats-tests.h"
#include "sonde-table.h"

G_BEGIN_DECLS

/**
 * SondeAnalysisKind:
 * @SONDE_ANALYSIS_DESCRIBE: descriptive statistics, optionally by group
 * @SONDE_ANALYSIS_TTEST: one-sample, two-sample (Welch or Student) or paired t-test
 * @SONDE_ANALYSIS_ANOVA: one-way ANOVA with Tukey's HSD
 * @SONDE_ANALYSIS_CORRELATION: correlation matrix (Pearson, Spearman, Kendall)
 * @SONDE_ANALYSIS_CHISQ: chi-square test of independence
 * @SONDE_ANALYSIS_MANN_WHITNEY: Mann-Whitney U (Wilcoxon rank-sum)
 * @SONDE_ANALYSIS_WILCOXON: Wilcoxon signed-rank, one-sample or paired
 * @SONDE_ANALYSIS_KRUSKAL: Kruskal-Wallis
 * @SONDE_ANALYSIS_SHAPIRO: Shapiro-Wilk normality test
 * @SONDE_ANALYSIS_LM: linear regression
 * @SONDE_ANALYSIS_LOGISTIC: logistic regression
 *
 * The analyses of the Statistics pane and of `sonde-cli stats`.
 */
typedef enum
{
  SONDE_ANALYSIS_DESCRIBE,
  SONDE_ANALYSIS_TTEST,
  SONDE_ANALYSIS_ANOVA,
  SONDE_ANALYSIS_CORRELATION,
  SONDE_ANALYSIS_CHISQ,
  SONDE_ANALYSIS_MANN_WHITNEY,
  SONDE_ANALYSIS_WILCOXON,
  SONDE_ANALYSIS_KRUSKAL,
  SONDE_ANALYSIS_SHAPIRO,
  SONDE_ANALYSIS_LM,
  SONDE_ANALYSIS_LOGISTIC,
} SondeAnalysisKind;

#define SONDE_ANALYSIS_N_KINDS (SONDE_ANALYSIS_LOGISTIC + 1)

/**
 * SondeAnalysisRole:
 * @SONDE_ANALYSIS_ROLE_VARIABLE: the analysed column(s): --var / --vars
 * @SONDE_ANALYSIS_ROLE_GROUP: the column of groups: --by
 * @SONDE_ANALYSIS_ROLE_PAIRED: the column paired with the variable: --paired-with
 * @SONDE_ANALYSIS_ROLE_ROW: the rows of a contingency table: --row
 * @SONDE_ANALYSIS_ROLE_COLUMN: its columns: --col
 * @SONDE_ANALYSIS_ROLE_RESPONSE: the explained column of a model: --response
 * @SONDE_ANALYSIS_ROLE_PREDICTOR: the explaining columns: --predictors
 *
 * The slots a column can fill in an analysis; which ones an analysis
 * needs, and how many columns each takes, comes from
 * sonde_analysis_kind_get_slot().
 */
typedef enum
{
  SONDE_ANALYSIS_ROLE_VARIABLE,
  SONDE_ANALYSIS_ROLE_GROUP,
  SONDE_ANALYSIS_ROLE_PAIRED,
  SONDE_ANALYSIS_ROLE_ROW,
  SONDE_ANALYSIS_ROLE_COLUMN,
  SONDE_ANALYSIS_ROLE_RESPONSE,
  SONDE_ANALYSIS_ROLE_PREDICTOR,
} SondeAnalysisRole;

#define SONDE_ANALYSIS_N_ROLES (SONDE_ANALYSIS_ROLE_PREDICTOR + 1)

/**
 * SondeAnalysisSlot:
 * @used: whether the analysis takes this role at all
 * @min_columns: how many columns it needs at least (0: optional)
 * @max_columns: how many it takes at most (G_MAXUINT: any number)
 * @numeric: whether the columns must be numbers (else groups/categories)
 * @label: the role as the pane shows it, translated ("Variable", "Groups")
 *
 * What an analysis expects in one role, for the pane's variable pickers
 * and for checking a request before running it.
 */
typedef struct
{
  gboolean    used;
  guint       min_columns;
  guint       max_columns;
  gboolean    numeric;
  const char *label;
} SondeAnalysisSlot;


const char              *sonde_analysis_kind_to_string    (SondeAnalysisKind   kind);
gboolean                 sonde_analysis_kind_from_string  (const char         *name,
                                                           SondeAnalysisKind  *kind);
const char              *sonde_analysis_kind_get_label    (SondeAnalysisKind   kind);
const char              *sonde_analysis_kind_get_summary  (SondeAnalysisKind   kind);
const SondeAnalysisSlot *sonde_analysis_kind_get_slot     (SondeAnalysisKind   kind,
                                                           SondeAnalysisRole   role);

/* The request: which analysis, on which columns, with which options. */
typedef struct _SondeAnalysis SondeAnalysis;

#define SONDE_TYPE_ANALYSIS (sonde_analysis_get_type ())

GType            sonde_analysis_get_type             (void) G_GNUC_CONST;
SondeAnalysis   *sonde_analysis_new                  (SondeAnalysisKind           kind);
SondeAnalysis   *sonde_analysis_ref                  (SondeAnalysis              *self);
void             sonde_analysis_unref                (SondeAnalysis              *self);
SondeAnalysisKind sonde_analysis_get_kind            (SondeAnalysis              *self);
void             sonde_analysis_set_columns          (SondeAnalysis              *self,
                                                      SondeAnalysisRole           role,
                                                      const char * const         *names);
const char * const *sonde_analysis_get_columns       (SondeAnalysis              *self,
                                                      SondeAnalysisRole           role);
void             sonde_analysis_set_mu               (SondeAnalysis              *self,
                                                      double                      mu);
void             sonde_analysis_set_equal_variances  (SondeAnalysis              *self,
                                                      gboolean                    student);
void             sonde_analysis_set_alternative      (SondeAnalysis              *self,
                                                      SondeAlternative            alternative);
void             sonde_analysis_set_conf_level       (SondeAnalysis              *self,
                                                      double                      level);
void             sonde_analysis_set_method           (SondeAnalysis              *self,
                                                      SondeCorrelationMethod      method);
void             sonde_analysis_set_missing          (SondeAnalysis              *self,
                                                      SondeCorrelationMissing     policy);
void             sonde_analysis_set_reference        (SondeAnalysis              *self,
                                                      const char                 *predictor,
                                                      const char                 *level);
void             sonde_analysis_set_file_name        (SondeAnalysis              *self,
                                                      const char                 *name);
char            *sonde_analysis_describe             (SondeAnalysis              *self);

/* The result: tables, one plain sentence, warnings, the rows used. */
typedef struct _SondeStatsReport SondeStatsReport;

#define SONDE_TYPE_STATS_REPORT (sonde_stats_report_get_type ())

GType             sonde_stats_report_get_type        (void) G_GNUC_CONST;
SondeStatsReport *sonde_analysis_run                 (SondeAnalysis     *self,
                                                      SondeTable        *table,
                                                      GCancellable      *cancellable,
                                                      GError           **error);
void              sonde_analysis_run_async           (SondeAnalysis     *self,
                                                      SondeTable        *table,
                                                      GCancellable      *cancellable,
                                                      GAsyncReadyCallback callback,
                                                      gpointer           user_data);
SondeStatsReport *sonde_analysis_run_finish          (SondeAnalysis     *self,
                                                      GAsyncResult      *result,
                                                      GError           **error);

SondeStatsReport *sonde_stats_report_ref             (SondeStatsReport  *self);
void              sonde_stats_report_unref           (SondeStatsReport  *self);
SondeAnalysis    *sonde_stats_report_get_analysis    (SondeStatsReport  *self);
const char       *sonde_stats_report_get_title       (SondeStatsReport  *self);
const char       *sonde_stats_report_get_sentence    (SondeStatsReport  *self);
const char * const *sonde_stats_report_get_warnings  (SondeStatsReport  *self);
guint             sonde_stats_report_get_n_rows_used (SondeStatsReport  *self);
guint             sonde_stats_report_get_n_rows_total (SondeStatsReport *self);
guint             sonde_stats_report_get_n_tables    (SondeStatsReport  *self);
const char       *sonde_stats_report_get_table_title (SondeStatsReport  *self,
                                                      guint              table);
guint             sonde_stats_report_get_table_n_columns (SondeStatsReport *self,
                                                      guint              table);
guint             sonde_stats_report_get_table_n_rows (SondeStatsReport *self,
                                                      guint              table);
const char       *sonde_stats_report_get_header      (SondeStatsReport  *self,
                                                      guint              table,
                                                      guint              column);
const char       *sonde_stats_report_get_cell        (SondeStatsReport  *self,
                                                      guint              table,
                                                      guint              row,
                                                      guint              column);
double            sonde_stats_report_get_cell_value  (SondeStatsReport  *self,
                                                      guint              table,
                                                      guint              row,
                                                      guint              column);
char             *sonde_stats_report_to_text         (SondeStatsReport  *self);
char             *sonde_stats_report_to_json         (SondeStatsReport  *self);
char             *sonde_stats_report_to_html         (SondeStatsReport  *self);
char             *sonde_stats_report_to_html_document (SondeStatsReport *self,
                                                       const char       *language);
char             *sonde_stats_report_to_csv          (SondeStatsReport  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SondeAnalysis, sonde_analysis_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SondeStatsReport, sonde_stats_report_unref)

G_END_DECLS
