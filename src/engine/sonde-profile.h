/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sonde-progress.h"
#include "sonde-selection.h"
#include "sonde-table.h"

G_BEGIN_DECLS

/**
 * SondePiiKind:
 * @SONDE_PII_NONE: nothing personal recognised
 * @SONDE_PII_EMAIL: an e-mail address
 * @SONDE_PII_PHONE_FR: a French phone number (0X XX XX XX XX, +33…, 0033…)
 * @SONDE_PII_PHONE_INTL: an international number in E.164 form (+ and 8 to 15 digits)
 * @SONDE_PII_NIR: a French social-security number whose 97-key checks
 * @SONDE_PII_IBAN: an IBAN whose mod-97 check passes
 * @SONDE_PII_CARD: a payment card number (13 to 19 digits) whose Luhn check passes
 * @SONDE_PII_IPV4: an IPv4 address
 * @SONDE_PII_IPV6: an IPv6 address
 *
 * The kinds of personal data the profile looks for in text and category
 * columns, and in whole numbers of 13 digits or more (cards, NIRs).
 */
typedef enum
{
  SONDE_PII_NONE,
  SONDE_PII_EMAIL,
  SONDE_PII_PHONE_FR,
  SONDE_PII_PHONE_INTL,
  SONDE_PII_NIR,
  SONDE_PII_IBAN,
  SONDE_PII_CARD,
  SONDE_PII_IPV4,
  SONDE_PII_IPV6,
} SondePiiKind;

#define SONDE_PII_N_KINDS (SONDE_PII_IPV6 + 1)

const char   *sonde_pii_kind_to_string  (SondePiiKind  kind);
const char   *sonde_pii_kind_get_label  (SondePiiKind  kind);
SondePiiKind  sonde_pii_classify        (const char   *text);
gboolean      sonde_pii_is_email        (const char   *text);
gboolean      sonde_pii_is_phone_fr     (const char   *text);
gboolean      sonde_pii_is_phone_intl   (const char   *text);
gboolean      sonde_pii_is_nir          (const char   *text);
gboolean      sonde_pii_is_iban         (const char   *text);
gboolean      sonde_pii_is_card         (const char   *text);
gboolean      sonde_pii_is_ipv4         (const char   *text);
gboolean      sonde_pii_is_ipv6         (const char   *text);

/**
 * SondeProfileOptions:
 * @key_columns: (nullable) (array zero-terminated=1): the columns that
 *   together identify a row, for duplicate keys and contradictions;
 *   %NULL to let the profile guess one column (see sonde_profile_compute())
 * @n_threads: how many threads to use; 0 for one per processor
 * @pii_share: the share of a column's values that must look like one
 *   kind of personal data for the column to be flagged; 0 for 0.5
 * @progress: (nullable): called from the working threads, at most about
 *   a hundred times
 * @progress_data: data for @progress
 * @rules: (nullable) (array zero-terminated=1): conditions every row
 *   must meet, in the expression language of sonde-expr.h
 *   (`age between 0 and 120`, `end >= start`, `postcode matches
 *   [0-9]{5}`); each broken rule is a finding and counts against
 *   consistency
 *
 * How to profile a table. A zeroed struct (or %NULL) gives the defaults.
 */
typedef struct
{
  const char * const *key_columns;
  guint               n_threads;
  double              pii_share;
  SondeProgressFunc   progress;
  gpointer            progress_data;
  const char * const *rules;
} SondeProfileOptions;

/**
 * SondeProfileValueCount:
 * @label: the value as text (numbers in the C locale, dates in ISO form)
 * @count: how many rows hold it
 *
 * One of the most frequent values of a column.
 */
typedef struct
{
  char  *label;
  guint  count;
} SondeProfileValueCount;

#define SONDE_PROFILE_N_TOP 5

/**
 * SondeColumnProfile:
 * @name: the column's name
 * @type: its type
 * @n_rows: rows in the table
 * @count: values present (not missing; NaN counts as missing)
 * @n_missing: values missing
 * @n_distinct: distinct values present, exact when @distinct_exact
 * @distinct_exact: %FALSE when @n_distinct is a HyperLogLog estimate
 * @distinct_error: the relative standard error of the estimate (0 when exact)
 * @numeric: %TRUE when the figures from @min to @q3 are set (numbers,
 *   dates in days since 1970-01-01, instants in seconds since
 *   1970-01-01T00:00:00Z); they are NaN otherwise
 * @min: the smallest value
 * @max: the largest
 * @mean: the mean
 * @std: the sample standard deviation (n − 1), as pandas
 * @q1: the first quartile, linear interpolation between order statistics
 *   (Hyndman–Fan type 7, pandas' and R's default)
 * @median: the median
 * @q3: the third quartile
 * @top: the most frequent values, most frequent first, ties by value in
 *   ascending order (numbers by value, text by bytes); empty when the
 *   distinct count is an estimate
 * @n_top: how many of @top are set
 * @n_bins: bins of the histogram (numbers and dates; Sturges' rule,
 *   ⌈log2 @count⌉ + 1 bins as numpy.histogram (bins="sturges")); 0 when
 *   there is no value or an infinite one
 * @bin_edges: (array length=n_bins): @n_bins + 1 edges, equal widths from @min to @max
 * @bin_counts: (array length=n_bins): values per bin, the last bin closed
 * @iqr_low: the lower fence, @q1 − 1.5 × (@q3 − @q1)
 * @iqr_high: the upper fence, @q3 + 1.5 × (@q3 − @q1)
 * @n_outliers_iqr: values outside the fences
 * @n_outliers_z: values more than 3 standard deviations from the mean
 * @pii: the kind of personal data the column holds, or %SONDE_PII_NONE
 * @n_pii: how many of its values look like @pii
 *
 * The figures of one column.
 */
typedef struct
{
  char                   *name;
  SondeColumnType         type;
  guint                   n_rows;
  guint                   count;
  guint                   n_missing;
  guint64                 n_distinct;
  gboolean                distinct_exact;
  double                  distinct_error;
  gboolean                numeric;
  double                  min;
  double                  max;
  double                  mean;
  double                  std;
  double                  q1;
  double                  median;
  double                  q3;
  SondeProfileValueCount  top[SONDE_PROFILE_N_TOP];
  guint                   n_top;
  guint                   n_bins;
  double                 *bin_edges;
  guint                  *bin_counts;
  double                  iqr_low;
  double                  iqr_high;
  guint                   n_outliers_iqr;
  guint                   n_outliers_z;
  SondePiiKind            pii;
  guint                   n_pii;
} SondeColumnProfile;

/**
 * SondeFindingKind:
 * @SONDE_FINDING_MISSING: a column has missing values
 * @SONDE_FINDING_CONSTANT: a column holds a single value
 * @SONDE_FINDING_OUTLIERS_IQR: values beyond 1.5 × IQR from the quartiles
 * @SONDE_FINDING_OUTLIERS_Z: values more than 3 standard deviations from the mean
 * @SONDE_FINDING_PERSONAL_DATA: a column holds personal data
 * @SONDE_FINDING_DUPLICATE_ROWS: rows repeat an earlier row exactly
 * @SONDE_FINDING_DUPLICATE_KEYS: rows repeat the key of an earlier row
 * @SONDE_FINDING_CONTRADICTIONS: rows share a key with a row whose other values differ
 * @SONDE_FINDING_RULE_BROKEN: rows break a rule of SondeProfileOptions.rules
 * @SONDE_FINDING_RULE_UNKNOWN: rows cannot be checked against a rule
 *   because a value it needs is missing
 *
 * What a finding is about.
 */
typedef enum
{
  SONDE_FINDING_MISSING,
  SONDE_FINDING_CONSTANT,
  SONDE_FINDING_OUTLIERS_IQR,
  SONDE_FINDING_OUTLIERS_Z,
  SONDE_FINDING_PERSONAL_DATA,
  SONDE_FINDING_DUPLICATE_ROWS,
  SONDE_FINDING_DUPLICATE_KEYS,
  SONDE_FINDING_CONTRADICTIONS,
  SONDE_FINDING_RULE_BROKEN,
  SONDE_FINDING_RULE_UNKNOWN,
} SondeFindingKind;

/**
 * SondeSeverity:
 * @SONDE_SEVERITY_INFO: worth knowing
 * @SONDE_SEVERITY_WARNING: worth checking before an analysis
 * @SONDE_SEVERITY_ERROR: the data contradict themselves or break a key
 */
typedef enum
{
  SONDE_SEVERITY_INFO,
  SONDE_SEVERITY_WARNING,
  SONDE_SEVERITY_ERROR,
} SondeSeverity;

/**
 * SondeFinding:
 * @kind: what it is about
 * @severity: how serious it is
 * @columns: (array zero-terminated=1): the column(s) concerned
 * @n_rows: how many rows it affects
 * @message: one translated sentence for a person
 * @rule: (nullable): the rule, as written, for the rule findings
 *
 * One thing the profile found. The rows themselves come from
 * sonde_profile_get_finding_rows().
 */
typedef struct
{
  SondeFindingKind   kind;
  SondeSeverity      severity;
  char             **columns;
  guint              n_rows;
  char              *message;
  char              *rule;
} SondeFinding;

const char *sonde_finding_kind_to_string (SondeFindingKind kind);
const char *sonde_severity_to_string     (SondeSeverity    severity);
const char *sonde_severity_get_label     (SondeSeverity    severity);

#define SONDE_TYPE_PROFILE (sonde_profile_get_type ())

G_DECLARE_FINAL_TYPE (SondeProfile, sonde_profile, SONDE, PROFILE, GObject)

SondeProfile             *sonde_profile_compute           (SondeTable                 *table,
                                                           const SondeProfileOptions  *options,
                                                           GCancellable               *cancellable,
                                                           GError                    **error);
void                      sonde_profile_compute_async     (SondeTable                 *table,
                                                           const SondeProfileOptions  *options,
                                                           GCancellable               *cancellable,
                                                           GAsyncReadyCallback         callback,
                                                           gpointer                    user_data);
SondeProfile             *sonde_profile_compute_finish    (GAsyncResult               *result,
                                                           GError                    **error);

SondeTable               *sonde_profile_get_table         (SondeProfile               *self);
guint                     sonde_profile_get_n_rows        (SondeProfile               *self);
guint                     sonde_profile_get_n_columns     (SondeProfile               *self);
const SondeColumnProfile *sonde_profile_get_column        (SondeProfile               *self,
                                                           guint                       index);
const char * const       *sonde_profile_get_key_columns   (SondeProfile               *self);
gboolean                  sonde_profile_get_key_guessed   (SondeProfile               *self);
guint                     sonde_profile_get_n_duplicate_rows (SondeProfile            *self);
guint                     sonde_profile_get_n_duplicate_keys (SondeProfile            *self);
guint                     sonde_profile_get_n_contradictions (SondeProfile            *self);
guint                     sonde_profile_get_n_findings    (SondeProfile               *self);
const SondeFinding       *sonde_profile_get_finding       (SondeProfile               *self,
                                                           guint                       index);
guint32                  *sonde_profile_get_finding_rows  (SondeProfile               *self,
                                                           guint                       index,
                                                           guint                      *n_rows);
SondeSelection           *sonde_profile_get_finding_selection (SondeProfile           *self,
                                                           guint                       index);
double                    sonde_profile_get_score         (SondeProfile               *self);
double                    sonde_profile_get_completeness  (SondeProfile               *self);
double                    sonde_profile_get_uniqueness    (SondeProfile               *self);
double                    sonde_profile_get_consistency   (SondeProfile               *self);
const char               *sonde_profile_get_score_formula (SondeProfile               *self);

char                     *sonde_profile_to_text           (SondeProfile               *self);
char                     *sonde_profile_to_json           (SondeProfile               *self);
char                     *sonde_profile_findings_to_csv   (SondeProfile               *self);

G_END_DECLS
