/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sonde-engine"

/* The analyses of the Statistics pane and of `sonde-cli stats`, from a
 * request to a report a person can read. A SondeAnalysis says which of
 * the eleven analyses to run, on which columns of a SondeTable (by
 * role: the variable, the groups, the paired column, the model's
 * response and predictors…) and with which options; sonde_analysis_run()
 * checks it against the table with messages that name the column and
 * what is wrong, drops the rows with a missing value, runs the numeric
 * kernels of sonde-stats-*.c, and fills a SondeStatsReport: a title,
 * tables of formatted cells (with their numbers beside them), one plain
 * sentence that says what the figures mean, warnings when an assumption
 * of the test looks broken, and the rows used.
 *
 * Cells and sentences are formatted for the user's locale (printf under
 * LC_NUMERIC: a decimal comma in French); the JSON of the report keeps
 * the raw doubles, written in the C locale by json-glib, and is exactly
 * what `sonde-cli stats --json` has always printed. Datasets are at most
 * a few million rows; each analysis copies the columns it uses once.
 * A run takes from microseconds to a few seconds (Kendall's tau, big
 * regressions), so the pane uses the _async variant, which runs in a
 * GTask thread on a private copy of the request.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "sonde-column.h"
#include "sonde-error.h"
#include "sonde-stats-chisq.h"
#include "sonde-stats-rank.h"
#include "sonde-stats-regression.h"
#include "sonde-stats-report.h"
#include "sonde-stats-tukey.h"
#include "sonde-json-writer.h"

/* ------------------------------------------------------------------ */
/* Kinds and their slots                                               */

static const char * const kind_names[SONDE_ANALYSIS_N_KINDS] = {
  "describe", "ttest", "anova", "correlation", "chisq", "mannwhitney",
  "wilcoxon", "kruskal", "shapiro", "lm", "logistic",
};

/**
 * sonde_analysis_kind_to_string:
 * @kind: a #SondeAnalysisKind
 *
 * Returns: the stable English name of @kind, as `sonde-cli stats` takes
 *   it and JSON writes it ("ttest", "mannwhitney"…)
 */
const char *
sonde_analysis_kind_to_string (SondeAnalysisKind kind)
{
  g_return_val_if_fail (kind < SONDE_ANALYSIS_N_KINDS, NULL);

  return kind_names[kind];
}

/**
 * sonde_analysis_kind_from_string:
 * @name: a name as sonde_analysis_kind_to_string() gives it
 * @kind: (out): where to store the kind
 *
 * Returns: %TRUE if @name is the name of an analysis; @kind is left
 *   alone otherwise
 */
gboolean
sonde_analysis_kind_from_string (const char        *name,
                                 SondeAnalysisKind *kind)
{
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (kind != NULL, FALSE);

  for (guint i = 0; i < SONDE_ANALYSIS_N_KINDS; i++)
    if (strcmp (name, kind_names[i]) == 0)
      {
        *kind = i;
        return TRUE;
      }
  return FALSE;
}

/**
 * sonde_analysis_kind_get_label:
 * @kind: a #SondeAnalysisKind
 *
 * Returns: the name of the analysis for people, translated ("t-test")
 */
const char *
sonde_analysis_kind_get_label (SondeAnalysisKind kind)
{
  g_return_val_if_fail (kind < SONDE_ANALYSIS_N_KINDS, NULL);

  switch (kind)
    {
    case SONDE_ANALYSIS_DESCRIBE: return _("Descriptive statistics");
    case SONDE_ANALYSIS_TTEST: return _("t-test");
    case SONDE_ANALYSIS_ANOVA: return _("One-way ANOVA");
    case SONDE_ANALYSIS_CORRELATION: return _("Correlation");
    case SONDE_ANALYSIS_CHISQ: return _("Chi-square test");
    case SONDE_ANALYSIS_MANN_WHITNEY: return _("Mann-Whitney test");
    case SONDE_ANALYSIS_WILCOXON: return _("Wilcoxon signed-rank test");
    case SONDE_ANALYSIS_KRUSKAL: return _("Kruskal-Wallis test");
    case SONDE_ANALYSIS_SHAPIRO: return _("Shapiro-Wilk test");
    case SONDE_ANALYSIS_LM: return _("Linear regression");
    case SONDE_ANALYSIS_LOGISTIC: return _("Logistic regression");
    default: g_assert_not_reached ();
    }
}

/**
 * sonde_analysis_kind_get_summary:
 * @kind: a #SondeAnalysisKind
 *
 * Returns: one translated sentence saying what the analysis is for, for
 *   the pane's list of analyses
 */
const char *
sonde_analysis_kind_get_summary (SondeAnalysisKind kind)
{
  g_return_val_if_fail (kind < SONDE_ANALYSIS_N_KINDS, NULL);

  switch (kind)
    {
    case SONDE_ANALYSIS_DESCRIBE: return _("Mean, spread and quartiles of numeric columns, optionally by group.");
    case SONDE_ANALYSIS_TTEST: return _("Compare a mean with a value, the means of two groups, or two paired columns.");
    case SONDE_ANALYSIS_ANOVA: return _("Compare the means of several groups, with Tukey’s pairwise comparisons.");
    case SONDE_ANALYSIS_CORRELATION: return _("Measure how strongly numeric columns vary together.");
    case SONDE_ANALYSIS_CHISQ: return _("Test whether two columns of categories are associated.");
    case SONDE_ANALYSIS_MANN_WHITNEY: return _("Compare the values of two groups without assuming a normal distribution.");
    case SONDE_ANALYSIS_WILCOXON: return _("Compare values with a value, or two paired columns, without assuming a normal distribution.");
    case SONDE_ANALYSIS_KRUSKAL: return _("Compare the values of several groups without assuming a normal distribution.");
    case SONDE_ANALYSIS_SHAPIRO: return _("Test whether values look normally distributed.");
    case SONDE_ANALYSIS_LM: return _("Explain a numeric column by other columns.");
    case SONDE_ANALYSIS_LOGISTIC: return _("Explain a yes/no column by other columns.");
    default: g_assert_not_reached ();
    }
}

/* used, min, max, numeric: one row per kind, one column per role. */
typedef struct
{
  gboolean used;
  guint    min;
  guint    max;
  gboolean numeric;
} SlotSpec;

#define NONE { FALSE, 0, 0, FALSE }
#define ANY G_MAXUINT

static const SlotSpec slot_specs[SONDE_ANALYSIS_N_KINDS][SONDE_ANALYSIS_N_ROLES] = {
  /*                             VARIABLE                GROUP                 PAIRED               ROW                   COLUMN                RESPONSE              PREDICTOR */
  [SONDE_ANALYSIS_DESCRIBE]     = { { TRUE, 1, ANY, TRUE }, { TRUE, 0, 1, FALSE }, NONE,                NONE,                 NONE,                 NONE,                 NONE },
  [SONDE_ANALYSIS_TTEST]        = { { TRUE, 1, 1, TRUE },   { TRUE, 0, 1, FALSE }, { TRUE, 0, 1, TRUE }, NONE,                 NONE,                 NONE,                 NONE },
  [SONDE_ANALYSIS_ANOVA]        = { { TRUE, 1, 1, TRUE },   { TRUE, 1, 1, FALSE }, NONE,                NONE,                 NONE,                 NONE,                 NONE },
  [SONDE_ANALYSIS_CORRELATION]  = { { TRUE, 2, ANY, TRUE }, NONE,                  NONE,                NONE,                 NONE,                 NONE,                 NONE },
  [SONDE_ANALYSIS_CHISQ]        = { NONE,                   NONE,                  NONE,                { TRUE, 1, 1, FALSE }, { TRUE, 1, 1, FALSE }, NONE,                 NONE },
  [SONDE_ANALYSIS_MANN_WHITNEY] = { { TRUE, 1, 1, TRUE },   { TRUE, 1, 1, FALSE }, NONE,                NONE,                 NONE,                 NONE,                 NONE },
  [SONDE_ANALYSIS_WILCOXON]     = { { TRUE, 1, 1, TRUE },   NONE,                  { TRUE, 0, 1, TRUE }, NONE,                 NONE,                 NONE,                 NONE },
  [SONDE_ANALYSIS_KRUSKAL]      = { { TRUE, 1, 1, TRUE },   { TRUE, 1, 1, FALSE }, NONE,                NONE,                 NONE,                 NONE,                 NONE },
  [SONDE_ANALYSIS_SHAPIRO]      = { { TRUE, 1, 1, TRUE },   { TRUE, 0, 1, FALSE }, NONE,                NONE,                 NONE,                 NONE,                 NONE },
  [SONDE_ANALYSIS_LM]           = { NONE,                   NONE,                  NONE,                NONE,                 NONE,                 { TRUE, 1, 1, TRUE },  { TRUE, 1, ANY, FALSE } },
  [SONDE_ANALYSIS_LOGISTIC]     = { NONE,                   NONE,                  NONE,                NONE,                 NONE,                 { TRUE, 1, 1, FALSE }, { TRUE, 1, ANY, FALSE } },
};

#undef NONE
#undef ANY

static const char *
role_label (SondeAnalysisKind kind,
            SondeAnalysisRole role)
{
  switch (role)
    {
    case SONDE_ANALYSIS_ROLE_VARIABLE:
      return slot_specs[kind][role].max > 1 ? _("Variables") : _("Variable");
    case SONDE_ANALYSIS_ROLE_GROUP: return _("Groups");
    case SONDE_ANALYSIS_ROLE_PAIRED: return _("Paired with");
    case SONDE_ANALYSIS_ROLE_ROW: return _("Rows");
    case SONDE_ANALYSIS_ROLE_COLUMN: return _("Columns");
    case SONDE_ANALYSIS_ROLE_RESPONSE: return _("Response");
    case SONDE_ANALYSIS_ROLE_PREDICTOR: return _("Predictors");
    default: g_assert_not_reached ();
    }
}

/**
 * sonde_analysis_kind_get_slot:
 * @kind: a #SondeAnalysisKind
 * @role: a #SondeAnalysisRole
 *
 * What @kind expects in @role. The labels are translated the first time
 * this is called, so call it after setlocale() and sonde_engine_init().
 *
 * Returns: (transfer none): the slot, valid for the life of the process
 */
const SondeAnalysisSlot *
sonde_analysis_kind_get_slot (SondeAnalysisKind kind,
                              SondeAnalysisRole role)
{
  static SondeAnalysisSlot slots[SONDE_ANALYSIS_N_KINDS][SONDE_ANALYSIS_N_ROLES];
  static gsize initialized = 0;

  g_return_val_if_fail (kind < SONDE_ANALYSIS_N_KINDS, NULL);
  g_return_val_if_fail (role < SONDE_ANALYSIS_N_ROLES, NULL);

  if (g_once_init_enter (&initialized))
    {
      for (guint k = 0; k < SONDE_ANALYSIS_N_KINDS; k++)
        for (guint r = 0; r < SONDE_ANALYSIS_N_ROLES; r++)
          {
            const SlotSpec *s = &slot_specs[k][r];

            slots[k][r].used = s->used;
            slots[k][r].min_columns = s->min;
            slots[k][r].max_columns = s->max;
            slots[k][r].numeric = s->numeric;
            slots[k][r].label = role_label (k, r);
          }
      g_once_init_leave (&initialized, 1);
    }

  return &slots[kind][role];
}

/* ------------------------------------------------------------------ */
/* SondeAnalysis                                                       */

struct _SondeAnalysis
{
  gatomicrefcount          ref_count;
  SondeAnalysisKind        kind;
  char                   **columns[SONDE_ANALYSIS_N_ROLES];
  double                   mu;
  gboolean                 student;
  SondeAlternative         alternative;
  double                   conf_level;
  SondeCorrelationMethod   method;
  SondeCorrelationMissing  missing;
  GHashTable              *references; /* predictor → level */
  char                    *file_name;
};

G_DEFINE_BOXED_TYPE (SondeAnalysis, sonde_analysis, sonde_analysis_ref, sonde_analysis_unref)

/**
 * sonde_analysis_new:
 * @kind: the analysis to run
 *
 * Creates a request with no column, mu 0, Welch's test, a two-sided
 * alternative, a 95 % level, Pearson's correlation and pairwise
 * deletion of missing values.
 *
 * Returns: (transfer full): a new #SondeAnalysis
 */
SondeAnalysis *
sonde_analysis_new (SondeAnalysisKind kind)
{
  SondeAnalysis *self;

  g_return_val_if_fail (kind < SONDE_ANALYSIS_N_KINDS, NULL);

  self = g_new0 (SondeAnalysis, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->kind = kind;
  self->alternative = SONDE_ALTERNATIVE_TWO_SIDED;
  self->conf_level = 0.95;
  self->method = SONDE_CORRELATION_PEARSON;
  self->missing = SONDE_CORRELATION_PAIRWISE;
  self->references = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return self;
}

/**
 * sonde_analysis_ref:
 * @self: a #SondeAnalysis
 *
 * Returns: (transfer full): @self
 */
SondeAnalysis *
sonde_analysis_ref (SondeAnalysis *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

/**
 * sonde_analysis_unref:
 * @self: (transfer full): a #SondeAnalysis
 */
void
sonde_analysis_unref (SondeAnalysis *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  for (guint r = 0; r < SONDE_ANALYSIS_N_ROLES; r++)
    g_strfreev (self->columns[r]);
  g_hash_table_unref (self->references);
  g_free (self->file_name);
  g_free (self);
}

static SondeAnalysis *
sonde_analysis_copy (SondeAnalysis *self)
{
  SondeAnalysis *copy = sonde_analysis_new (self->kind);
  GHashTableIter iter;
  gpointer key, value;

  for (guint r = 0; r < SONDE_ANALYSIS_N_ROLES; r++)
    copy->columns[r] = g_strdupv (self->columns[r]);
  copy->mu = self->mu;
  copy->student = self->student;
  copy->alternative = self->alternative;
  copy->conf_level = self->conf_level;
  copy->method = self->method;
  copy->missing = self->missing;
  g_hash_table_iter_init (&iter, self->references);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (copy->references, g_strdup (key), g_strdup (value));
  copy->file_name = g_strdup (self->file_name);
  return copy;
}

/**
 * sonde_analysis_get_kind:
 * @self: a #SondeAnalysis
 *
 * Returns: the analysis asked for
 */
SondeAnalysisKind
sonde_analysis_get_kind (SondeAnalysis *self)
{
  g_return_val_if_fail (self != NULL, SONDE_ANALYSIS_DESCRIBE);

  return self->kind;
}

/**
 * sonde_analysis_set_columns:
 * @self: a #SondeAnalysis
 * @role: the role the columns fill
 * @names: (nullable) (array zero-terminated=1): the names of the
 *   columns, or %NULL to clear the role
 *
 * Puts columns in a role. Nothing is checked until the analysis runs.
 */
void
sonde_analysis_set_columns (SondeAnalysis      *self,
                            SondeAnalysisRole   role,
                            const char * const *names)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (role < SONDE_ANALYSIS_N_ROLES);

  g_strfreev (self->columns[role]);
  self->columns[role] = names != NULL && names[0] != NULL ? g_strdupv ((char **) names) : NULL;
}

/**
 * sonde_analysis_get_columns:
 * @self: a #SondeAnalysis
 * @role: a role
 *
 * Returns: (transfer none) (array zero-terminated=1): the columns in
 *   @role, an empty array when there is none; never %NULL
 */
const char * const *
sonde_analysis_get_columns (SondeAnalysis     *self,
                            SondeAnalysisRole  role)
{
  static const char * const empty[] = { NULL };

  g_return_val_if_fail (self != NULL, empty);
  g_return_val_if_fail (role < SONDE_ANALYSIS_N_ROLES, empty);

  return self->columns[role] != NULL ? (const char * const *) self->columns[role] : empty;
}

/* The first column of @role, or NULL. */
static const char *
first_column (SondeAnalysis     *self,
              SondeAnalysisRole  role)
{
  return self->columns[role] != NULL ? self->columns[role][0] : NULL;
}

/**
 * sonde_analysis_set_mu:
 * @self: a #SondeAnalysis
 * @mu: the value under the null hypothesis (t-test, Wilcoxon)
 */
void
sonde_analysis_set_mu (SondeAnalysis *self,
                       double         mu)
{
  g_return_if_fail (self != NULL);
  self->mu = mu;
}

/**
 * sonde_analysis_set_equal_variances:
 * @self: a #SondeAnalysis
 * @student: %TRUE for Student's two-sample t-test, %FALSE for Welch's
 */
void
sonde_analysis_set_equal_variances (SondeAnalysis *self,
                                    gboolean       student)
{
  g_return_if_fail (self != NULL);
  self->student = !!student;
}

/**
 * sonde_analysis_set_alternative:
 * @self: a #SondeAnalysis
 * @alternative: the alternative hypothesis of the tests
 */
void
sonde_analysis_set_alternative (SondeAnalysis    *self,
                                SondeAlternative  alternative)
{
  g_return_if_fail (self != NULL);
  self->alternative = alternative;
}

/**
 * sonde_analysis_set_conf_level:
 * @self: a #SondeAnalysis
 * @level: the level of the intervals, strictly between 0 and 1; 1 −
 *   @level is also the significance level of the sentence
 */
void
sonde_analysis_set_conf_level (SondeAnalysis *self,
                               double         level)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (level > 0.0 && level < 1.0);
  self->conf_level = level;
}

/**
 * sonde_analysis_set_method:
 * @self: a #SondeAnalysis
 * @method: the coefficient of a correlation
 */
void
sonde_analysis_set_method (SondeAnalysis          *self,
                           SondeCorrelationMethod  method)
{
  g_return_if_fail (self != NULL);
  self->method = method;
}

/**
 * sonde_analysis_set_missing:
 * @self: a #SondeAnalysis
 * @policy: how describe and correlation leave out missing values
 */
void
sonde_analysis_set_missing (SondeAnalysis           *self,
                            SondeCorrelationMissing  policy)
{
  g_return_if_fail (self != NULL);
  self->missing = policy;
}

/**
 * sonde_analysis_set_reference:
 * @self: a #SondeAnalysis
 * @predictor: a predictor of categories of a regression
 * @level: (nullable): its reference level, or %NULL for the first in
 *   sorted order
 */
void
sonde_analysis_set_reference (SondeAnalysis *self,
                              const char    *predictor,
                              const char    *level)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (predictor != NULL);

  if (level != NULL)
    g_hash_table_insert (self->references, g_strdup (predictor), g_strdup (level));
  else
    g_hash_table_remove (self->references, predictor);
}

/**
 * sonde_analysis_set_file_name:
 * @self: a #SondeAnalysis
 * @name: (nullable): how to name the data in messages and in the "file"
 *   member of the JSON; %NULL (the default) uses the table's name
 *
 * `sonde-cli stats` gives the path typed on its command line.
 */
void
sonde_analysis_set_file_name (SondeAnalysis *self,
                              const char    *name)
{
  g_return_if_fail (self != NULL);

  g_free (self->file_name);
  self->file_name = g_strdup (name);
}

/**
 * sonde_analysis_describe:
 * @self: a #SondeAnalysis
 *
 * Says in one translated line what the request is, for a history list
 * or an accessible description: "t-test — Variable: score; Groups: group".
 *
 * Returns: (transfer full): the line
 */
char *
sonde_analysis_describe (SondeAnalysis *self)
{
  GString *text;
  gboolean first = TRUE;

  g_return_val_if_fail (self != NULL, NULL);

  text = g_string_new (sonde_analysis_kind_get_label (self->kind));
  for (guint r = 0; r < SONDE_ANALYSIS_N_ROLES; r++)
    {
      g_autofree char *joined = NULL;

      if (self->columns[r] == NULL)
        continue;
      joined = g_strjoinv (", ", self->columns[r]);
      g_string_append (text, first ? " — " : "; ");
      /* Translators: a role such as "Variable", then column names */
      g_string_append_printf (text, _("%s: %s"), sonde_analysis_kind_get_slot (self->kind, r)->label, joined);
      first = FALSE;
    }
  return g_string_free (text, FALSE);
}

/* ------------------------------------------------------------------ */
/* SondeStatsReport                                                    */

typedef struct
{
  char      *title;
  gboolean   in_text;       /* printed by to_text */
  gboolean   title_in_text; /* with its title on a line above it */
  guint      n_cols;
  char     **header;
  GPtrArray *cells;         /* char *, row by row */
  GArray    *values;        /* double, one per cell, NaN for text */
} ReportTable;

static void
report_table_free (ReportTable *t)
{
  g_free (t->title);
  g_strfreev (t->header);
  g_ptr_array_unref (t->cells);
  g_array_unref (t->values);
  g_free (t);
}

struct _SondeStatsReport
{
  gatomicrefcount  ref_count;
  SondeAnalysis   *analysis;
  char            *title;
  GPtrArray       *tables;    /* ReportTable */
  GPtrArray       *lines;     /* text only: the figures under the tables */
  GPtrArray       *sentences; /* one per line in text */
  char            *sentence;  /* the sentences joined by spaces */
  GPtrArray       *warnings;  /* NULL-terminated */
  guint            n_used;
  guint            n_total;
  JsonNode        *json;
};

G_DEFINE_BOXED_TYPE (SondeStatsReport, sonde_stats_report, sonde_stats_report_ref, sonde_stats_report_unref)

static SondeStatsReport *
sonde_stats_report_new (SondeAnalysis *analysis)
{
  SondeStatsReport *self = g_new0 (SondeStatsReport, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->analysis = sonde_analysis_ref (analysis);
  self->tables = g_ptr_array_new_with_free_func ((GDestroyNotify) report_table_free);
  self->lines = g_ptr_array_new_with_free_func (g_free);
  self->sentences = g_ptr_array_new_with_free_func (g_free);
  self->warnings = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->warnings, NULL);
  return self;
}

/**
 * sonde_stats_report_ref:
 * @self: a #SondeStatsReport
 *
 * Returns: (transfer full): @self
 */
SondeStatsReport *
sonde_stats_report_ref (SondeStatsReport *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

/**
 * sonde_stats_report_unref:
 * @self: (transfer full): a #SondeStatsReport
 */
void
sonde_stats_report_unref (SondeStatsReport *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  sonde_analysis_unref (self->analysis);
  g_free (self->title);
  g_ptr_array_unref (self->tables);
  g_ptr_array_unref (self->lines);
  g_ptr_array_unref (self->sentences);
  g_free (self->sentence);
  g_ptr_array_unref (self->warnings);
  g_clear_pointer (&self->json, json_node_unref);
  g_free (self);
}

static ReportTable *
report_add_table (SondeStatsReport *self,
                  const char       *title,
                  gboolean          in_text,
                  guint             n_cols)
{
  ReportTable *t = g_new0 (ReportTable, 1);

  t->title = g_strdup (title);
  t->in_text = in_text;
  t->n_cols = n_cols;
  t->header = g_new0 (char *, n_cols + 1);
  t->cells = g_ptr_array_new_with_free_func (g_free);
  t->values = g_array_new (FALSE, FALSE, sizeof (double));
  g_ptr_array_add (self->tables, t);
  return t;
}

/* Sets the header from n_cols strings (copied). */
static void
table_header (ReportTable *t,
              ...)
{
  va_list args;

  va_start (args, t);
  for (guint i = 0; i < t->n_cols; i++)
    t->header[i] = g_strdup (va_arg (args, const char *));
  va_end (args);
}

/* Appends a cell: @text is taken, @value is its number or NaN. */
static void
table_cell_take (ReportTable *t,
                 char        *text,
                 double       value)
{
  g_ptr_array_add (t->cells, text);
  g_array_append_val (t->values, value);
}

static void
table_text (ReportTable *t,
            const char  *text)
{
  table_cell_take (t, g_strdup (text), NAN);
}

static void
report_add_line_take (SondeStatsReport *self,
                      char             *line)
{
  g_ptr_array_add (self->lines, line);
}

static void
report_add_sentence_take (SondeStatsReport *self,
                          char             *sentence)
{
  g_ptr_array_add (self->sentences, sentence);
}

static void
report_add_warning_take (SondeStatsReport *self,
                         char             *warning)
{
  g_ptr_array_insert (self->warnings, self->warnings->len - 1, warning);
}

static ReportTable *
get_table (SondeStatsReport *self,
           guint             table)
{
  g_return_val_if_fail (table < self->tables->len, NULL);
  return g_ptr_array_index (self->tables, table);
}

/**
 * sonde_stats_report_get_analysis:
 * @self: a #SondeStatsReport
 *
 * Returns: (transfer none): the request this report answers
 */
SondeAnalysis *
sonde_stats_report_get_analysis (SondeStatsReport *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->analysis;
}

/**
 * sonde_stats_report_get_title:
 * @self: a #SondeStatsReport
 *
 * Returns: the name of the test actually run, translated ("Welch
 *   two-sample t-test")
 */
const char *
sonde_stats_report_get_title (SondeStatsReport *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->title;
}

/**
 * sonde_stats_report_get_sentence:
 * @self: a #SondeStatsReport
 *
 * Returns: what the figures mean in plain words, translated, with
 *   numbers in the user's locale; "" when there is nothing to say (a
 *   describe by group with one group)
 */
const char *
sonde_stats_report_get_sentence (SondeStatsReport *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->sentence;
}

/**
 * sonde_stats_report_get_warnings:
 * @self: a #SondeStatsReport
 *
 * Returns: (transfer none) (array zero-terminated=1): the assumptions
 *   the data seem to break, one translated sentence each; often empty
 */
const char * const *
sonde_stats_report_get_warnings (SondeStatsReport *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return (const char * const *) self->warnings->pdata;
}

/**
 * sonde_stats_report_get_n_rows_used:
 * @self: a #SondeStatsReport
 *
 * Returns: the rows of the table that took part in the analysis
 */
guint
sonde_stats_report_get_n_rows_used (SondeStatsReport *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_used;
}

/**
 * sonde_stats_report_get_n_rows_total:
 * @self: a #SondeStatsReport
 *
 * Returns: the rows of the table; the difference with the rows used
 *   were left out for a missing value
 */
guint
sonde_stats_report_get_n_rows_total (SondeStatsReport *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_total;
}

/**
 * sonde_stats_report_get_n_tables:
 * @self: a #SondeStatsReport
 *
 * Returns: the number of tables of the report
 */
guint
sonde_stats_report_get_n_tables (SondeStatsReport *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->tables->len;
}

/**
 * sonde_stats_report_get_table_title:
 * @self: a #SondeStatsReport
 * @table: the index of a table
 *
 * Returns: the table's title, translated, for a caption
 */
const char *
sonde_stats_report_get_table_title (SondeStatsReport *self,
                                    guint             table)
{
  ReportTable *t;

  g_return_val_if_fail (self != NULL, NULL);
  t = get_table (self, table);
  return t != NULL ? t->title : NULL;
}

/**
 * sonde_stats_report_get_table_n_columns:
 * @self: a #SondeStatsReport
 * @table: the index of a table
 *
 * Returns: its number of columns, the first of which names the rows
 */
guint
sonde_stats_report_get_table_n_columns (SondeStatsReport *self,
                                        guint             table)
{
  ReportTable *t;

  g_return_val_if_fail (self != NULL, 0);
  t = get_table (self, table);
  return t != NULL ? t->n_cols : 0;
}

/**
 * sonde_stats_report_get_table_n_rows:
 * @self: a #SondeStatsReport
 * @table: the index of a table
 *
 * Returns: its number of rows, the header not counted
 */
guint
sonde_stats_report_get_table_n_rows (SondeStatsReport *self,
                                     guint             table)
{
  ReportTable *t;

  g_return_val_if_fail (self != NULL, 0);
  t = get_table (self, table);
  return t != NULL ? t->cells->len / t->n_cols : 0;
}

/**
 * sonde_stats_report_get_header:
 * @self: a #SondeStatsReport
 * @table: the index of a table
 * @column: the index of a column
 *
 * Returns: the column's header
 */
const char *
sonde_stats_report_get_header (SondeStatsReport *self,
                               guint             table,
                               guint             column)
{
  ReportTable *t;

  g_return_val_if_fail (self != NULL, NULL);
  t = get_table (self, table);
  g_return_val_if_fail (t != NULL && column < t->n_cols, NULL);
  return t->header[column];
}

/**
 * sonde_stats_report_get_cell:
 * @self: a #SondeStatsReport
 * @table: the index of a table
 * @row: the index of a row, the header not counted
 * @column: the index of a column
 *
 * Returns: the cell as shown: numbers to 4 significant figures in the
 *   user's locale, p-values as "0.002" or "< 0.001", "NA" for a missing
 *   figure, "" for an empty cell
 */
const char *
sonde_stats_report_get_cell (SondeStatsReport *self,
                             guint             table,
                             guint             row,
                             guint             column)
{
  ReportTable *t;

  g_return_val_if_fail (self != NULL, NULL);
  t = get_table (self, table);
  g_return_val_if_fail (t != NULL && column < t->n_cols, NULL);
  g_return_val_if_fail ((gsize) row * t->n_cols + column < t->cells->len, NULL);
  return g_ptr_array_index (t->cells, row * t->n_cols + column);
}

/**
 * sonde_stats_report_get_cell_value:
 * @self: a #SondeStatsReport
 * @table: the index of a table
 * @row: the index of a row, the header not counted
 * @column: the index of a column
 *
 * Returns: the number behind the cell at full precision, NaN when the
 *   cell is text (a label, a comparison) or empty
 */
double
sonde_stats_report_get_cell_value (SondeStatsReport *self,
                                   guint             table,
                                   guint             row,
                                   guint             column)
{
  ReportTable *t;

  g_return_val_if_fail (self != NULL, NAN);
  t = get_table (self, table);
  g_return_val_if_fail (t != NULL && column < t->n_cols, NAN);
  g_return_val_if_fail ((gsize) row * t->n_cols + column < t->values->len, NAN);
  return g_array_index (t->values, double, row * t->n_cols + column);
}

/* ------------------------------------------------------------------ */
/* Formatting                                                          */

/* Numbers go through the C library's printf, which follows LC_NUMERIC:
 * "0,579" in French once the program has called setlocale(). */
static char *
num (double v)
{
  if (isnan (v))
    return g_strdup ("NA");
  if (isinf (v))
    return g_strdup (v > 0 ? "Inf" : "-Inf");
  if (v != 0.0 && fabs (v) < 1e-4)
    return g_strdup_printf ("%.3e", v);
  if (fabs (v) >= 1000.0)
    return g_strdup_printf ("%.1f", v);
  return g_strdup_printf ("%.4g", v);
}

static char *
pval (double p)
{
  if (isnan (p))
    return g_strdup ("NA");
  if (p < 0.001)
    return g_strdup_printf ("< %.3f", 0.001);
  return g_strdup_printf ("%.3f", p);
}

/* "p = 0.002" or "p < 0.001", for sentences. */
static char *
p_phrase (double p)
{
  if (!isnan (p) && p < 0.001)
    return g_strdup_printf ("p < %.3f", 0.001);
  return g_strdup_printf ("p = %.3f", p);
}

/* "t = 3.20, p = 0.002" */
static char *
stat_phrase (const char *name,
             double      value,
             double      p)
{
  g_autofree char *ps = p_phrase (p);

  /* Rank sums run into the thousands, where decimals are noise. */
  if (fabs (value) >= 1000.0)
    return g_strdup_printf ("%s = %.0f, %s", name, value, ps);
  return g_strdup_printf ("%s = %.2f, %s", name, value, ps);
}

static void
table_num (ReportTable *t,
           double       v)
{
  table_cell_take (t, num (v), v);
}

static void
table_p (ReportTable *t,
         double       p)
{
  table_cell_take (t, pval (p), p);
}

static void
table_count (ReportTable *t,
             guint        n)
{
  table_cell_take (t, g_strdup_printf ("%u", n), n);
}

/* A row "name | value" of a two-column table of statistics. */
static void
stat_row (ReportTable *t,
          const char  *name,
          char        *cell,
          double       value)
{
  table_text (t, name);
  table_cell_take (t, cell, value);
}

static ReportTable *
stats_table (SondeStatsReport *r)
{
  ReportTable *t = report_add_table (r, _("Test statistics"), FALSE, 2);

  table_header (t, _("Statistic"), _("Value"));
  return t;
}

/* JSON members; NaN and infinities have no JSON number, so are null. */
static void
json_num (JsonBuilder *b,
          const char  *name,
          double       v)
{
  json_builder_set_member_name (b, name);
  if (isfinite (v))
    json_builder_add_double_value (b, v);
  else
    json_builder_add_null_value (b);
}

static void
json_int (JsonBuilder *b,
          const char  *name,
          gint64       v)
{
  json_builder_set_member_name (b, name);
  json_builder_add_int_value (b, v);
}

static void
json_str (JsonBuilder *b,
          const char  *name,
          const char  *v)
{
  json_builder_set_member_name (b, name);
  if (v != NULL)
    json_builder_add_string_value (b, v);
  else
    json_builder_add_null_value (b);
}

static void
json_bool (JsonBuilder *b,
           const char  *name,
           gboolean     v)
{
  json_builder_set_member_name (b, name);
  json_builder_add_boolean_value (b, v);
}

static const char *
alternative_name (SondeAlternative alt)
{
  switch (alt)
    {
    case SONDE_ALTERNATIVE_LESS: return "less";
    case SONDE_ALTERNATIVE_GREATER: return "greater";
    case SONDE_ALTERNATIVE_TWO_SIDED:
    default: return "two-sided";
    }
}

/* ------------------------------------------------------------------ */
/* Running: columns to numbers and groups                              */

/* Everything an analysis needs while it runs. */
typedef struct
{
  SondeAnalysis    *a;
  SondeTable       *table;
  const char       *file;
  SondeStatsReport *r;
  JsonBuilder      *json;
  GCancellable     *cancellable;
} Ctx;

static gboolean
significant (Ctx    *ctx,
             double  p)
{
  return p < 1.0 - ctx->a->conf_level;
}

/* Records how many rows were used, and the "rows" member of the JSON. */
static void
set_rows (Ctx   *ctx,
          guint  used)
{
  guint total = sonde_table_get_n_rows (ctx->table);

  ctx->r->n_used = used;
  ctx->r->n_total = total;
  json_builder_set_member_name (ctx->json, "rows");
  json_builder_begin_object (ctx->json);
  json_int (ctx->json, "total", total);
  json_int (ctx->json, "used", used);
  json_int (ctx->json, "dropped", total - used);
  json_builder_end_object (ctx->json);
}

static SondeColumn *
get_column (Ctx         *ctx,
            const char  *name,
            GError     **error)
{
  SondeColumn *column = sonde_table_find_column (ctx->table, name);
  g_autoptr(GString) names = NULL;

  if (column != NULL)
    return column;

  names = g_string_new (NULL);
  for (guint c = 0; c < sonde_table_get_n_columns (ctx->table); c++)
    {
      if (c > 0)
        g_string_append (names, ", ");
      g_string_append (names, sonde_column_get_name (sonde_table_get_column (ctx->table, c)));
    }
  g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
               /* Translators: a column name, a file name, then the list of the columns */
               _("There is no column “%s” in %s: its columns are %s."),
               name, ctx->file, names->str);
  return NULL;
}

static gboolean
check_numeric (SondeColumn  *column,
               GError      **error)
{
  SondeColumnType type = sonde_column_get_column_type (column);

  if (type != SONDE_COLUMN_TYPE_INTEGER && type != SONDE_COLUMN_TYPE_REAL &&
      type != SONDE_COLUMN_TYPE_BOOLEAN)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                   _("Column “%s” holds %s, not numbers: choose a column of whole or decimal numbers."),
                   sonde_column_get_name (column), sonde_column_type_get_label (type));
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_groups (SondeColumn  *column,
              GError      **error)
{
  SondeColumnType type = sonde_column_get_column_type (column);

  if (type != SONDE_COLUMN_TYPE_CATEGORICAL && type != SONDE_COLUMN_TYPE_TEXT &&
      type != SONDE_COLUMN_TYPE_BOOLEAN)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                   _("Column “%s” holds %s and cannot split rows into groups: choose a column of categories, text or yes/no values."),
                   sonde_column_get_name (column), sonde_column_type_get_label (type));
      return FALSE;
    }
  return TRUE;
}

/* Checks the request against its slots and the table: the number of
 * columns in each role, that they exist, and their types where the CLI
 * has always checked them (the regressions and the chi-square test
 * check their own columns, with their own messages). */
static gboolean
validate (Ctx     *ctx,
          GError **error)
{
  SondeAnalysis *a = ctx->a;
  const char *label = sonde_analysis_kind_get_label (a->kind);

  for (guint r = 0; r < SONDE_ANALYSIS_N_ROLES; r++)
    {
      const SondeAnalysisSlot *slot = sonde_analysis_kind_get_slot (a->kind, r);
      guint n = a->columns[r] != NULL ? g_strv_length (a->columns[r]) : 0;

      if (!slot->used && n > 0)
        {
          g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                       /* Translators: an analysis ("t-test"), then a role ("Paired with") */
                       _("%s takes no column as “%s”: remove it."),
                       label, sonde_analysis_kind_get_slot (a->kind, r)->label);
          return FALSE;
        }
      if (n < slot->min_columns)
        {
          g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                       /* Translators: an analysis ("t-test"), a count, then a role ("Groups") */
                       g_dngettext (GETTEXT_PACKAGE, "%s needs %u column as “%s”: choose one.",
                                    "%s needs at least %u columns as “%s”: choose them.", slot->min_columns),
                       label, slot->min_columns, slot->label);
          return FALSE;
        }
      if (n > slot->max_columns)
        {
          g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                       /* Translators: an analysis ("t-test"), a count, then a role ("Groups") */
                       g_dngettext (GETTEXT_PACKAGE, "%s takes at most %u column as “%s”: remove the others.",
                                    "%s takes at most %u columns as “%s”: remove the others.", slot->max_columns),
                       label, slot->max_columns, slot->label);
          return FALSE;
        }
    }

  if (a->columns[SONDE_ANALYSIS_ROLE_GROUP] != NULL && a->columns[SONDE_ANALYSIS_ROLE_PAIRED] != NULL)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                   _("A t-test compares either two groups or two paired columns, not both: clear “Groups” or “Paired with”."));
      return FALSE;
    }

  for (guint r = 0; r < SONDE_ANALYSIS_N_ROLES; r++)
    {
      const SondeAnalysisSlot *slot = sonde_analysis_kind_get_slot (a->kind, r);

      for (guint i = 0; a->columns[r] != NULL && a->columns[r][i] != NULL; i++)
        {
          SondeColumn *column = get_column (ctx, a->columns[r][i], error);

          if (column == NULL)
            return FALSE;
          if (slot->numeric && r != SONDE_ANALYSIS_ROLE_RESPONSE && !check_numeric (column, error))
            return FALSE;
          if (r == SONDE_ANALYSIS_ROLE_GROUP && a->kind != SONDE_ANALYSIS_DESCRIBE &&
              !check_groups (column, error))
            return FALSE;
        }
    }

  return TRUE;
}

/* The values of the column @name, checked by validate(), as doubles,
 * NaN for a missing one. */
static double *
get_numbers (Ctx        *ctx,
             const char *name)
{
  SondeColumn *column = sonde_table_find_column (ctx->table, name);
  guint n = sonde_column_get_n_rows (column);
  double *x = g_new (double, MAX (n, 1));

  for (guint r = 0; r < n; r++)
    x[r] = sonde_column_get_number (column, r);
  return x;
}

typedef struct
{
  guint   n_levels;
  char  **labels;  /* n_levels, in R's order */
  guint  *codes;   /* one per row, G_MAXUINT when missing */
} Groups;

static void
groups_clear (Groups *g)
{
  g_clear_pointer (&g->labels, g_strfreev);
  g_clear_pointer (&g->codes, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Groups, groups_clear)

/* R's order of factor levels: case-insensitive, then lower case first. */
static int
level_compare (gconstpointer a,
               gconstpointer b)
{
  const char *la = *(const char * const *) a;
  const char *lb = *(const char * const *) b;
  g_autofree char *fa = g_utf8_casefold (la, -1);
  g_autofree char *fb = g_utf8_casefold (lb, -1);
  int c = g_utf8_collate (fa, fb);

  if (c == 0)
    c = strcmp (fa, fb);
  if (c == 0)
    c = -strcmp (la, lb);
  return c;
}

/* The groups of the column @name, checked by validate(). */
static void
get_groups (Ctx        *ctx,
            const char *name,
            Groups     *g)
{
  SondeColumn *column = sonde_table_find_column (ctx->table, name);
  g_autoptr(GHashTable) index_of = NULL;
  g_autoptr(GPtrArray) labels = NULL;
  g_autofree guint *remap = NULL;
  guint n = sonde_column_get_n_rows (column);

  index_of = g_hash_table_new (g_str_hash, g_str_equal);
  labels = g_ptr_array_new_with_free_func (g_free);
  g->codes = g_new (guint, MAX (n, 1));
  for (guint r = 0; r < n; r++)
    {
      g_autofree char *label = NULL;
      gpointer found;

      if (sonde_column_is_missing (column, r))
        {
          g->codes[r] = G_MAXUINT;
          continue;
        }
      label = sonde_column_format_value (column, r);
      if (g_hash_table_lookup_extended (index_of, label, NULL, &found))
        g->codes[r] = GPOINTER_TO_UINT (found);
      else
        {
          g->codes[r] = labels->len;
          g_hash_table_insert (index_of, label, GUINT_TO_POINTER (labels->len));
          g_ptr_array_add (labels, g_steal_pointer (&label));
        }
    }

  /* Sort the labels and renumber the codes to match. */
  g->n_levels = labels->len;
  g->labels = g_new0 (char *, labels->len + 1);
  for (guint i = 0; i < labels->len; i++)
    g->labels[i] = g_strdup (g_ptr_array_index (labels, i));
  qsort (g->labels, g->n_levels, sizeof (char *), (GCompareFunc) level_compare);
  remap = g_new (guint, MAX (g->n_levels, 1));
  for (guint i = 0; i < g->n_levels; i++)
    remap[GPOINTER_TO_UINT (g_hash_table_lookup (index_of, g->labels[i]))] = i;
  for (guint r = 0; r < n; r++)
    if (g->codes[r] != G_MAXUINT)
      g->codes[r] = remap[g->codes[r]];
}

/* Splits @x by @g into the two groups a two-sample test compares, over
 * the rows where both have a value; fails unless exactly two groups have
 * values there. */
static gboolean
split_two (Ctx           *ctx,
           const double  *x,
           const Groups  *g,
           GArray        *a,
           GArray        *b,
           guint         *level_a,
           guint         *level_b,
           GError       **error)
{
  const char *var = first_column (ctx->a, SONDE_ANALYSIS_ROLE_VARIABLE);
  const char *by = first_column (ctx->a, SONDE_ANALYSIS_ROLE_GROUP);
  guint n = sonde_table_get_n_rows (ctx->table);
  g_autofree guint *count = g_new0 (guint, MAX (g->n_levels, 1));
  guint first = G_MAXUINT, second = G_MAXUINT, k = 0;

  for (guint r = 0; r < n; r++)
    if (!isnan (x[r]) && g->codes[r] != G_MAXUINT)
      count[g->codes[r]]++;
  for (guint i = 0; i < g->n_levels; i++)
    if (count[i] > 0)
      {
        if (first == G_MAXUINT)
          first = i;
        else if (second == G_MAXUINT)
          second = i;
        k++;
      }

  if (k == 0)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                   _("No row has both a value of “%s” and a group in “%s”: a two-sample test needs 2 groups."),
                   var, by);
      return FALSE;
    }
  if (k == 1)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                   _("Column “%s” has a single group (“%s”) in the rows with a value of “%s”: a two-sample test needs 2 groups."),
                   by, g->labels[first], var);
      return FALSE;
    }
  if (k > 2)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                   _("Column “%s” has %u groups: a two-sample test compares exactly 2; use anova or kruskal to compare more."),
                   by, k);
      return FALSE;
    }

  for (guint r = 0; r < n; r++)
    if (!isnan (x[r]) && g->codes[r] != G_MAXUINT)
      g_array_append_val (g->codes[r] == first ? a : b, x[r]);
  *level_a = first;
  *level_b = second;
  return TRUE;
}

static void
mean_sd (const double *x,
         guint         n,
         double       *mean,
         double       *sd)
{
  double s = 0.0, ss = 0.0;

  for (guint i = 0; i < n; i++)
    s += x[i];
  *mean = n > 0 ? s / n : NAN;
  for (guint i = 0; i < n; i++)
    ss += (x[i] - *mean) * (x[i] - *mean);
  *sd = n > 1 ? sqrt (ss / (n - 1)) : NAN;
}

static guint
count_present (const double *x,
               const double *y,
               guint         n)
{
  guint used = 0;

  for (guint r = 0; r < n; r++)
    if (!isnan (x[r]) && (y == NULL || !isnan (y[r])))
      used++;
  return used;
}

/* Copies the values of @x in the rows where it has a value. */
static guint
present_values (const double  *x,
                guint          n,
                double       **out)
{
  guint k = 0;

  *out = g_new (double, MAX (n, 1));
  for (guint r = 0; r < n; r++)
    if (!isnan (x[r]))
      (*out)[k++] = x[r];
  return k;
}

/* The values and group codes of the rows where both are present. */
static guint
grouped_values (const double  *x,
                const Groups  *g,
                guint          n,
                double       **values,
                guint        **codes)
{
  guint k = 0;

  *values = g_new (double, MAX (n, 1));
  *codes = g_new (guint, MAX (n, 1));
  for (guint r = 0; r < n; r++)
    if (!isnan (x[r]) && g->codes[r] != G_MAXUINT)
      {
        (*values)[k] = x[r];
        (*codes)[k] = g->codes[r];
        k++;
      }
  return k;
}

/* ------------------------------------------------------------------ */
/* Assumption checks                                                   */

/* Below 30 values a skewed sample can mislead a t-test or an ANOVA;
 * above, the central limit theorem makes them robust to it. */
#define SMALL_SAMPLE 30

/* The p-value of the Shapiro-Wilk test of @x, or NaN when the test does
 * not apply (fewer than 3 or more than 5000 values, all equal). */
static double
shapiro_p (const double *x,
           guint         n)
{
  SondeShapiro s = { 0 };

  if (n < 3 || n > 5000 || !sonde_stats_shapiro_wilk (x, n, &s, NULL))
    return NAN;
  return s.p;
}

static double
variance (const double *x,
          guint         n)
{
  double mean, sd;

  mean_sd (x, n, &mean, &sd);
  return sd * sd;
}

/* Warns when the values of one group of a t-test or an ANOVA do not
 * look normal; @n_groups says which rank test to suggest. */
static void
check_group_normality (Ctx          *ctx,
                       const char   *var,
                       const char   *group,
                       const double *x,
                       guint         n,
                       guint         n_groups,
                       gboolean      anova)
{
  double p = shapiro_p (x, n);
  g_autofree char *ps = NULL;

  if (!(p < 0.05))
    return;
  ps = p_phrase (p);
  if (n >= SMALL_SAMPLE)
    report_add_warning_take (ctx->r, anova
                             /* Translators: a column name, a group, then "p = 0.012" */
                             ? g_strdup_printf (_("The values of %s in group %s do not look normally distributed (Shapiro-Wilk %s), but with 30 or more values in a group the ANOVA is robust to it."),
                                                var, group, ps)
                             /* Translators: a column name, a group, then "p = 0.012" */
                             : g_strdup_printf (_("The values of %s in group %s do not look normally distributed (Shapiro-Wilk %s), but with 30 or more values in a group the t-test is robust to it."),
                                                var, group, ps));
  else if (n_groups > 2)
    report_add_warning_take (ctx->r,
                             /* Translators: a column name, a group, then "p = 0.012" */
                             g_strdup_printf (_("The values of %s in group %s do not look normally distributed (Shapiro-Wilk %s); with groups this small, consider the Kruskal-Wallis test."),
                                              var, group, ps));
  else
    report_add_warning_take (ctx->r,
                             /* Translators: a column name, a group, then "p = 0.012" */
                             g_strdup_printf (_("The values of %s in group %s do not look normally distributed (Shapiro-Wilk %s); with groups this small, consider the Mann-Whitney test."),
                                              var, group, ps));
}

/* The same for the values of a one-sample t-test (@y NULL) or the
 * differences x − y of a paired one. */
static void
check_sample_normality (Ctx          *ctx,
                        const char   *var,
                        const char   *paired,
                        const double *x,
                        const double *y,
                        guint         n)
{
  g_autofree double *d = g_new (double, MAX (n, 1));
  g_autofree char *ps = NULL;
  guint k = 0;
  double p;

  for (guint r = 0; r < n; r++)
    if (!isnan (x[r]) && (y == NULL || !isnan (y[r])))
      d[k++] = y != NULL ? x[r] - y[r] : x[r];
  p = shapiro_p (d, k);
  if (!(p < 0.05))
    return;
  ps = p_phrase (p);
  if (y == NULL && k >= SMALL_SAMPLE)
    /* Translators: a column name, then "p = 0.012" */
    report_add_warning_take (ctx->r, g_strdup_printf (_("The values of %s do not look normally distributed (Shapiro-Wilk %s), but with 30 or more values the t-test is robust to it."),
                                                      var, ps));
  else if (y == NULL)
    /* Translators: a column name, then "p = 0.012" */
    report_add_warning_take (ctx->r, g_strdup_printf (_("The values of %s do not look normally distributed (Shapiro-Wilk %s); with this few values, consider the Wilcoxon signed-rank test."),
                                                      var, ps));
  else if (k >= SMALL_SAMPLE)
    /* Translators: two column names, then "p = 0.012" */
    report_add_warning_take (ctx->r, g_strdup_printf (_("The differences between %s and %s do not look normally distributed (Shapiro-Wilk %s), but with 30 or more pairs the t-test is robust to it."),
                                                      var, paired, ps));
  else
    /* Translators: two column names, then "p = 0.012" */
    report_add_warning_take (ctx->r, g_strdup_printf (_("The differences between %s and %s do not look normally distributed (Shapiro-Wilk %s); with this few pairs, consider the Wilcoxon signed-rank test."),
                                                      var, paired, ps));
}

/* ------------------------------------------------------------------ */
/* describe                                                            */

static gboolean
run_describe (Ctx     *ctx,
              GError **error)
{
  SondeAnalysis *o = ctx->a;
  char **vars = o->columns[SONDE_ANALYSIS_ROLE_VARIABLE];
  const char *by = first_column (o, SONDE_ANALYSIS_ROLE_GROUP);
  guint n = sonde_table_get_n_rows (ctx->table);
  guint n_vars = g_strv_length (vars);
  g_autoptr(GPtrArray) columns = g_ptr_array_new ();
  g_autofree gboolean *complete = g_new (gboolean, MAX (n, 1));
  ReportTable *table;
  SondeColumn *groups = by != NULL ? sonde_table_find_column (ctx->table, by) : NULL;
  guint used = 0;

  ctx->r->title = g_strdup (_("Descriptive statistics"));
  for (guint v = 0; v < n_vars; v++)
    g_ptr_array_add (columns, sonde_table_find_column (ctx->table, vars[v]));

  /* Listwise: only the rows with every variable; pairwise: each variable
   * its own rows. Either way a row counts as used if it gave a value. */
  for (guint r = 0; r < n; r++)
    {
      gboolean all = TRUE, any = FALSE;

      for (guint v = 0; v < n_vars; v++)
        {
          if (sonde_column_is_missing (g_ptr_array_index (columns, v), r))
            all = FALSE;
          else
            any = TRUE;
        }
      complete[r] = all;
      if (o->missing == SONDE_CORRELATION_LISTWISE ? all : any)
        used++;
    }

  json_str (ctx->json, "missing", o->missing == SONDE_CORRELATION_LISTWISE ? "listwise" : "pairwise");
  json_str (ctx->json, "by", by);
  json_builder_set_member_name (ctx->json, "variables");
  json_builder_begin_array (ctx->json);

  table = report_add_table (ctx->r, _("Descriptive statistics"), TRUE, 11);
  table_header (table, _("Variable"), _("Group"), "n", _("Missing"), _("Mean"), _("SD"),
                _("Min"), _("Q1"), _("Median"), _("Q3"), _("Max"));

  for (guint v = 0; v < n_vars; v++)
    {
      SondeColumn *column = g_ptr_array_index (columns, v);
      g_autoptr(SondeColumn) masked = NULL;
      g_autoptr(GArray) d = NULL;
      const SondeDescriptive *hi = NULL, *lo = NULL;

      if (o->missing == SONDE_CORRELATION_LISTWISE)
        {
          masked = sonde_column_new (sonde_column_get_name (column), SONDE_COLUMN_TYPE_REAL);
          for (guint r = 0; r < n; r++)
            {
              if (complete[r])
                sonde_column_append_real (masked, sonde_column_get_number (column, r));
              else
                sonde_column_append_missing (masked);
            }
          column = masked;
        }

      d = sonde_stats_describe (column, groups, error);
      if (d == NULL)
        return FALSE;

      json_builder_begin_object (ctx->json);
      json_str (ctx->json, "name", vars[v]);
      json_builder_set_member_name (ctx->json, "groups");
      json_builder_begin_array (ctx->json);

      for (guint i = 0; i < d->len; i++)
        {
          const SondeDescriptive *s = &g_array_index (d, SondeDescriptive, i);
          const char *label = s->group_missing ? _("(missing)") : s->group != NULL ? s->group : _("(all)");

          if (!isnan (s->mean) && !s->group_missing && groups != NULL)
            {
              if (hi == NULL || s->mean > hi->mean)
                hi = s;
              if (lo == NULL || s->mean < lo->mean)
                lo = s;
            }

          json_builder_begin_object (ctx->json);
          json_str (ctx->json, "group", s->group);
          json_bool (ctx->json, "group_missing", s->group_missing);
          json_int (ctx->json, "n", s->n);
          json_int (ctx->json, "n_missing", s->n_missing);
          json_num (ctx->json, "mean", s->mean);
          json_num (ctx->json, "sd", s->sd);
          json_num (ctx->json, "min", s->min);
          json_num (ctx->json, "q1", s->q1);
          json_num (ctx->json, "median", s->median);
          json_num (ctx->json, "q3", s->q3);
          json_num (ctx->json, "max", s->max);
          json_builder_end_object (ctx->json);

          table_text (table, vars[v]);
          table_text (table, label);
          table_count (table, s->n);
          table_count (table, s->n_missing);
          table_num (table, s->mean);
          table_num (table, s->sd);
          table_num (table, s->min);
          table_num (table, s->q1);
          table_num (table, s->median);
          table_num (table, s->q3);
          table_num (table, s->max);
        }

      json_builder_end_array (ctx->json);
      json_builder_end_object (ctx->json);

      if (groups == NULL && d->len == 1 && !isnan (g_array_index (d, SondeDescriptive, 0).mean))
        {
          const SondeDescriptive *s = &g_array_index (d, SondeDescriptive, 0);
          g_autofree char *mean = num (s->mean);
          g_autofree char *sd = num (s->sd);

          /* Translators: a column name, its mean, its standard deviation, then a count */
          report_add_sentence_take (ctx->r, g_strdup_printf (_("The mean of %s is %s (SD %s, n = %u)."), vars[v], mean, sd, s->n));
        }
      else if (hi != NULL && lo != NULL && hi != lo)
        {
          g_autofree char *hi_mean = num (hi->mean);
          g_autofree char *lo_mean = num (lo->mean);

          /* Translators: a column name, a group and its mean, then another group and its mean */
          report_add_sentence_take (ctx->r, g_strdup_printf (_("The mean of %s is highest in group %s (%s) and lowest in group %s (%s)."),
                                                             vars[v], hi->group, hi_mean, lo->group, lo_mean));
        }
    }

  json_builder_end_array (ctx->json);
  set_rows (ctx, used);
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* t-tests                                                             */

static void
group_table (Ctx          *ctx,
             const char   *by,
             const char  **labels,
             const double **values,
             const guint  *counts,
             guint         k)
{
  ReportTable *table = report_add_table (ctx->r, _("Groups"), TRUE, 4);

  table_header (table, by, "n", _("Mean"), _("SD"));
  for (guint i = 0; i < k; i++)
    {
      double mean, sd;

      mean_sd (values[i], counts[i], &mean, &sd);
      table_text (table, labels[i]);
      table_count (table, counts[i]);
      table_num (table, mean);
      table_num (table, sd);
    }
}

static void
json_group (JsonBuilder  *b,
            const char   *label,
            const double *x,
            guint         n)
{
  double mean, sd;

  mean_sd (x, n, &mean, &sd);
  json_builder_begin_object (b);
  json_str (b, "label", label);
  json_int (b, "n", n);
  json_num (b, "mean", mean);
  json_num (b, "sd", sd);
  json_builder_end_object (b);
}

static gboolean
run_ttest (Ctx     *ctx,
           GError **error)
{
  SondeAnalysis *o = ctx->a;
  const char *var = first_column (o, SONDE_ANALYSIS_ROLE_VARIABLE);
  const char *by = first_column (o, SONDE_ANALYSIS_ROLE_GROUP);
  const char *paired_with = first_column (o, SONDE_ANALYSIS_ROLE_PAIRED);
  guint n = sonde_table_get_n_rows (ctx->table);
  g_autofree double *x = get_numbers (ctx, var);
  g_autofree char *stats = NULL;
  g_autofree char *sentence = NULL;
  const char *kind;
  SondeTTest t = { 0 };
  guint used = 0;

  if (by != NULL)
    {
      g_auto(Groups) g = { 0 };
      g_autoptr(GArray) a = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GArray) b = g_array_new (FALSE, FALSE, sizeof (double));
      const double *va, *vb;
      guint la, lb;

      get_groups (ctx, by, &g);
      if (!split_two (ctx, x, &g, a, b, &la, &lb, error) ||
          !sonde_stats_t_test_two_sample ((double *) (gpointer) a->data, a->len,
                                          (double *) (gpointer) b->data, b->len,
                                          o->mu, o->student, o->alternative, o->conf_level, &t, error))
        return FALSE;
      va = (double *) (gpointer) a->data;
      vb = (double *) (gpointer) b->data;
      used = a->len + b->len;
      kind = o->student ? "student" : "welch";
      ctx->r->title = g_strdup (o->student ? _("Student’s two-sample t-test") : _("Welch’s two-sample t-test"));
      stats = stat_phrase ("t", t.t, t.p);
      if (!significant (ctx, t.p))
        /* Translators: a column name, two group labels, then "t = 1.20, p = 0.234" */
        sentence = g_strdup_printf (_("The mean of %s does not differ significantly between group %s and group %s (%s)."),
                                    var, g.labels[la], g.labels[lb], stats);
      else if (t.estimate > o->mu)
        /* Translators: a column name, two group labels, then "t = 3.20, p = 0.002" */
        sentence = g_strdup_printf (_("The mean of %s is higher in group %s than in group %s (%s)."),
                                    var, g.labels[la], g.labels[lb], stats);
      else
        /* Translators: a column name, two group labels, then "t = -3.20, p = 0.002" */
        sentence = g_strdup_printf (_("The mean of %s is lower in group %s than in group %s (%s)."),
                                    var, g.labels[la], g.labels[lb], stats);

      json_builder_set_member_name (ctx->json, "groups");
      json_builder_begin_array (ctx->json);
      json_group (ctx->json, g.labels[la], va, a->len);
      json_group (ctx->json, g.labels[lb], vb, b->len);
      json_builder_end_array (ctx->json);

      {
        const char *labels[] = { g.labels[la], g.labels[lb] };
        const double *values[] = { va, vb };
        const guint counts[] = { a->len, b->len };

        group_table (ctx, by, labels, values, counts, 2);
      }

      check_group_normality (ctx, var, g.labels[la], va, a->len, 2, FALSE);
      check_group_normality (ctx, var, g.labels[lb], vb, b->len, 2, FALSE);
      if (o->student && a->len > 1 && b->len > 1)
        {
          double v1 = variance (va, a->len), v2 = variance (vb, b->len);
          gboolean a_larger = v1 >= v2;
          double ratio = a_larger ? v1 / v2 : v2 / v1;

          if (ratio > 2.0)
            {
              g_autofree char *rs = g_strdup_printf ("%.1f", ratio);

              report_add_warning_take (ctx->r,
                                       /* Translators: a column name, a ratio ("3.2"), then two group labels */
                                       g_strdup_printf (_("The variance of %s is %s times larger in group %s than in group %s: Welch’s t-test, which does not assume equal variances, would be safer."),
                                                        var, rs, g.labels[a_larger ? la : lb], g.labels[a_larger ? lb : la]));
            }
        }
    }
  else if (paired_with != NULL)
    {
      g_autofree double *y = get_numbers (ctx, paired_with);

      if (!sonde_stats_t_test_paired (x, y, n, o->mu, o->alternative, o->conf_level, &t, error))
        return FALSE;
      used = count_present (x, y, n);
      kind = "paired";
      ctx->r->title = g_strdup (_("Paired t-test"));
      stats = stat_phrase ("t", t.t, t.p);
      if (!significant (ctx, t.p))
        /* Translators: two column names, then "t = 1.20, p = 0.234" */
        sentence = g_strdup_printf (_("The means of %s and %s do not differ significantly in the same rows (%s)."),
                                    var, paired_with, stats);
      else if (t.estimate > o->mu)
        /* Translators: two column names, then "t = 3.20, p = 0.002" */
        sentence = g_strdup_printf (_("The mean of %s is higher than the mean of %s in the same rows (%s)."),
                                    var, paired_with, stats);
      else
        /* Translators: two column names, then "t = -3.20, p = 0.002" */
        sentence = g_strdup_printf (_("The mean of %s is lower than the mean of %s in the same rows (%s)."),
                                    var, paired_with, stats);
      check_sample_normality (ctx, var, paired_with, x, y, n);
    }
  else
    {
      g_autofree char *mean = NULL;
      g_autofree char *mu = num (o->mu);

      if (!sonde_stats_t_test_one_sample (x, n, o->mu, o->alternative, o->conf_level, &t, error))
        return FALSE;
      used = t.n1;
      kind = "one-sample";
      ctx->r->title = g_strdup (_("One-sample t-test"));
      stats = stat_phrase ("t", t.t, t.p);
      mean = num (t.estimate);
      if (!significant (ctx, t.p))
        /* Translators: a column name, its mean, the value tested, then "t = 1.20, p = 0.234" */
        sentence = g_strdup_printf (_("The mean of %s (%s) does not differ significantly from %s (%s)."),
                                    var, mean, mu, stats);
      else if (t.estimate > o->mu)
        /* Translators: a column name, its mean, the value tested, then "t = 3.20, p = 0.002" */
        sentence = g_strdup_printf (_("The mean of %s (%s) is higher than %s (%s)."), var, mean, mu, stats);
      else
        /* Translators: a column name, its mean, the value tested, then "t = -3.20, p = 0.002" */
        sentence = g_strdup_printf (_("The mean of %s (%s) is lower than %s (%s)."), var, mean, mu, stats);
      check_sample_normality (ctx, var, NULL, x, NULL, n);
    }

  json_str (ctx->json, "test", kind);
  json_str (ctx->json, "alternative", alternative_name (o->alternative));
  json_num (ctx->json, "mu", o->mu);
  json_num (ctx->json, "t", t.t);
  json_num (ctx->json, "df", t.df);
  json_num (ctx->json, "p", t.p);
  json_num (ctx->json, "estimate", t.estimate);
  json_num (ctx->json, "conf_level", t.conf_level);
  json_num (ctx->json, "conf_low", t.conf_low);
  json_num (ctx->json, "conf_high", t.conf_high);
  json_num (ctx->json, "cohen_d", t.cohen_d);
  json_int (ctx->json, "n1", t.n1);
  json_int (ctx->json, "n2", t.n2);
  set_rows (ctx, used);

  {
    ReportTable *table = stats_table (ctx->r);
    g_autofree char *tv = num (t.t);
    g_autofree char *df = num (t.df);
    g_autofree char *p = p_phrase (t.p);
    g_autofree char *est = num (t.estimate);
    g_autofree char *lo = num (t.conf_low);
    g_autofree char *hi = num (t.conf_high);
    g_autofree char *d = num (t.cohen_d);

    stat_row (table, "t", num (t.t), t.t);
    stat_row (table, "df", num (t.df), t.df);
    stat_row (table, "p", pval (t.p), t.p);
    stat_row (table, _("Estimate"), num (t.estimate), t.estimate);
    stat_row (table, _("Lower"), num (t.conf_low), t.conf_low);
    stat_row (table, _("Upper"), num (t.conf_high), t.conf_high);
    stat_row (table, _("Cohen's d"), num (t.cohen_d), t.cohen_d);

    report_add_line_take (ctx->r, g_strdup_printf ("t = %s, df = %s, %s", tv, df, p));
    /* Translators: the estimate, the confidence level in percent, then the bounds of the interval */
    report_add_line_take (ctx->r, g_strdup_printf (_("Estimate: %s; %g %% confidence interval: [%s, %s]\n"),
                                                   est, 100.0 * t.conf_level, lo, hi));
    report_add_line_take (ctx->r, g_strdup_printf (_("Cohen's d: %s\n"), d));
  }
  report_add_sentence_take (ctx->r, g_steal_pointer (&sentence));
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* ANOVA with Tukey's HSD, and Kruskal-Wallis                          */

static gboolean
run_anova (Ctx     *ctx,
           GError **error)
{
  SondeAnalysis *o = ctx->a;
  const char *var = first_column (o, SONDE_ANALYSIS_ROLE_VARIABLE);
  const char *by = first_column (o, SONDE_ANALYSIS_ROLE_GROUP);
  guint n = sonde_table_get_n_rows (ctx->table);
  g_autofree double *x = get_numbers (ctx, var);
  g_auto(Groups) g = { 0 };
  g_autofree double *values = NULL;
  g_autofree guint *codes = NULL;
  g_autoptr(SondeAnova) a = NULL;
  g_autoptr(SondeTukey) tk = NULL;
  g_autofree char *stats = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  guint used, n_significant = 0;
  JsonBuilder *b = ctx->json;

  get_groups (ctx, by, &g);
  used = grouped_values (x, &g, n, &values, &codes);
  if ((a = sonde_stats_anova_one_way (values, codes, used, g.n_levels, error)) == NULL ||
      (tk = sonde_stats_tukey_hsd (values, codes, used, g.n_levels, o->conf_level, error)) == NULL)
    return FALSE;
  ctx->r->title = g_strdup (_("One-way ANOVA"));

  for (guint i = 0; i < tk->n_pairs; i++)
    if (significant (ctx, tk->pairs[i].p_adj))
      n_significant++;

  json_num (b, "f", a->f);
  json_num (b, "df_between", a->df_between);
  json_num (b, "df_within", a->df_within);
  json_num (b, "p", a->p);
  json_num (b, "ss_between", a->ss_between);
  json_num (b, "ss_within", a->ss_within);
  json_num (b, "eta_squared", a->eta_squared);
  json_builder_set_member_name (b, "groups");
  json_builder_begin_array (b);
  for (guint i = 0; i < a->n_groups; i++)
    if (a->group_n[i] > 0)
      {
        json_builder_begin_object (b);
        json_str (b, "label", g.labels[i]);
        json_int (b, "n", a->group_n[i]);
        json_num (b, "mean", a->group_mean[i]);
        json_builder_end_object (b);
      }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "tukey");
  json_builder_begin_object (b);
  json_num (b, "conf_level", tk->conf_level);
  json_builder_set_member_name (b, "pairs");
  json_builder_begin_array (b);
  for (guint i = 0; i < tk->n_pairs; i++)
    {
      const SondeTukeyPair *p = &tk->pairs[i];
      g_autofree char *name = g_strdup_printf ("%s-%s", g.labels[p->group_b], g.labels[p->group_a]);

      json_builder_begin_object (b);
      json_str (b, "comparison", name);
      json_str (b, "group_a", g.labels[p->group_a]);
      json_str (b, "group_b", g.labels[p->group_b]);
      json_num (b, "diff", p->diff);
      json_num (b, "lower", p->lower);
      json_num (b, "upper", p->upper);
      json_num (b, "p_adj", p->p_adj);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  set_rows (ctx, used);

  {
    ReportTable *groups = report_add_table (ctx->r, _("Groups"), TRUE, 3);
    ReportTable *anova = report_add_table (ctx->r, _("Analysis of variance"), TRUE, 6);
    ReportTable *pairs = NULL;
    g_autofree char *level = g_strdup_printf (_("Tukey's HSD, %g %% family-wise confidence"), 100.0 * o->conf_level);

    table_header (groups, by, "n", _("Mean"));
    for (guint i = 0; i < a->n_groups; i++)
      if (a->group_n[i] > 0)
        {
          table_text (groups, g.labels[i]);
          table_count (groups, a->group_n[i]);
          table_num (groups, a->group_mean[i]);
        }

    table_header (anova, _("Source"), "df", _("Sum of squares"), _("Mean square"), "F", "p");
    table_text (anova, by);
    table_num (anova, a->df_between);
    table_num (anova, a->ss_between);
    table_num (anova, a->ss_between / a->df_between);
    table_num (anova, a->f);
    table_p (anova, a->p);
    table_text (anova, _("Residuals"));
    table_num (anova, a->df_within);
    table_num (anova, a->ss_within);
    table_num (anova, a->ss_within / a->df_within);
    table_text (anova, "");
    table_text (anova, "");

    pairs = report_add_table (ctx->r, level, TRUE, 5);
    pairs->title_in_text = TRUE;
    table_header (pairs, _("Comparison"), _("Difference"), _("Lower"), _("Upper"), _("Adjusted p"));
    for (guint i = 0; i < tk->n_pairs; i++)
      {
        const SondeTukeyPair *p = &tk->pairs[i];

        table_cell_take (pairs, g_strdup_printf ("%s-%s", g.labels[p->group_b], g.labels[p->group_a]), NAN);
        table_num (pairs, p->diff);
        table_num (pairs, p->lower);
        table_num (pairs, p->upper);
        table_p (pairs, p->p_adj);
      }
  }

  stats = stat_phrase ("F", a->f, a->p);
  if (significant (ctx, a->p))
    /* Translators: a column name, the column of groups, then "F = 5.20, p = 0.002" */
    first = g_strdup_printf (_("The mean of %s differs between the groups of %s (%s)."), var, by, stats);
  else
    /* Translators: a column name, the column of groups, then "F = 1.20, p = 0.310" */
    first = g_strdup_printf (_("The mean of %s does not differ significantly between the groups of %s (%s)."), var, by, stats);
  second = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Tukey's HSD finds %u of %u pair of groups significantly different.",
                                         "Tukey's HSD finds %u of %u pairs of groups significantly different.", tk->n_pairs),
                            n_significant, tk->n_pairs);
  report_add_sentence_take (ctx->r, g_strdup_printf ("%s %s", first, second));

  /* Assumptions: normal values in each group, and similar variances. */
  {
    guint n_groups = 0, i_min = G_MAXUINT, i_max = G_MAXUINT;
    double v_min = INFINITY, v_max = -INFINITY;

    for (guint i = 0; i < a->n_groups; i++)
      if (a->group_n[i] > 0)
        n_groups++;
    for (guint i = 0; i < a->n_groups; i++)
      {
        g_autofree double *gx = g_new (double, MAX (a->group_n[i], 1));
        guint k = 0;

        for (guint j = 0; j < used; j++)
          if (codes[j] == i)
            gx[k++] = values[j];
        check_group_normality (ctx, var, g.labels[i], gx, k, n_groups, TRUE);
        if (k > 1)
          {
            double v = variance (gx, k);

            if (v < v_min)
              v_min = v, i_min = i;
            if (v > v_max)
              v_max = v, i_max = i;
          }
      }
    if (i_min != G_MAXUINT && i_max != i_min && v_max > 4.0 * v_min)
      {
        g_autofree char *rs = g_strdup_printf ("%.1f", v_max / v_min);

        report_add_warning_take (ctx->r,
                                 /* Translators: a column name, a ratio ("5.3"), then two group labels */
                                 g_strdup_printf (_("The variance of %s is %s times larger in group %s than in group %s: the ANOVA assumes equal variances, so its p-value may be off; the Kruskal-Wallis test does not assume them."),
                                                  var, rs, g.labels[i_max], g.labels[i_min]));
      }
  }
  return TRUE;
}

static gboolean
run_kruskal (Ctx     *ctx,
             GError **error)
{
  SondeAnalysis *o = ctx->a;
  const char *var = first_column (o, SONDE_ANALYSIS_ROLE_VARIABLE);
  const char *by = first_column (o, SONDE_ANALYSIS_ROLE_GROUP);
  guint n = sonde_table_get_n_rows (ctx->table);
  g_autofree double *x = get_numbers (ctx, var);
  g_auto(Groups) g = { 0 };
  g_autofree double *values = NULL;
  g_autofree guint *codes = NULL;
  g_autofree char *stats = NULL;
  SondeKruskal k = { 0 };
  guint used;

  get_groups (ctx, by, &g);
  used = grouped_values (x, &g, n, &values, &codes);
  if (!sonde_stats_kruskal_wallis (values, codes, used, g.n_levels, &k, error))
    return FALSE;
  ctx->r->title = g_strdup (_("Kruskal-Wallis test"));

  json_num (ctx->json, "statistic", k.statistic);
  json_num (ctx->json, "df", k.df);
  json_num (ctx->json, "p", k.p);
  json_int (ctx->json, "n", k.n);
  set_rows (ctx, used);

  {
    ReportTable *table = stats_table (ctx->r);
    g_autofree char *s = num (k.statistic);
    g_autofree char *df = num (k.df);
    g_autofree char *p = p_phrase (k.p);

    stat_row (table, "χ²", num (k.statistic), k.statistic);
    stat_row (table, "df", num (k.df), k.df);
    stat_row (table, "p", pval (k.p), k.p);
    /* Translators: the chi-squared statistic, its degrees of freedom, then "p = 0.002" */
    report_add_line_take (ctx->r, g_strdup_printf (_("Kruskal-Wallis chi-squared = %s, df = %s, %s\n"), s, df, p));
  }
  stats = stat_phrase ("χ²", k.statistic, k.p);
  if (significant (ctx, k.p))
    /* Translators: a column name, the column of groups, then "χ² = 12.30, p = 0.002" */
    report_add_sentence_take (ctx->r, g_strdup_printf (_("The values of %s differ between the groups of %s (Kruskal-Wallis %s)."), var, by, stats));
  else
    /* Translators: a column name, the column of groups, then "χ² = 2.30, p = 0.310" */
    report_add_sentence_take (ctx->r, g_strdup_printf (_("The values of %s do not differ significantly between the groups of %s (Kruskal-Wallis %s)."), var, by, stats));
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* correlation and chi-square                                          */

static gboolean
run_correlation (Ctx     *ctx,
                 GError **error)
{
  SondeAnalysis *o = ctx->a;
  char **vars = o->columns[SONDE_ANALYSIS_ROLE_VARIABLE];
  guint n = sonde_table_get_n_rows (ctx->table);
  guint k = g_strv_length (vars);
  g_autofree guint *indices = g_new (guint, k);
  g_autofree guint *present = g_new0 (guint, MAX (n, 1));
  g_autoptr(SondeCorrelationMatrix) m = NULL;
  g_autoptr(GPtrArray) numbers = g_ptr_array_new_with_free_func (g_free);
  const char *symbol = o->method == SONDE_CORRELATION_PEARSON ? "r" :
                       o->method == SONDE_CORRELATION_SPEARMAN ? "rho" : "tau";
  const char *method = o->method == SONDE_CORRELATION_PEARSON ? "pearson" :
                       o->method == SONDE_CORRELATION_SPEARMAN ? "spearman" : "kendall";
  guint best_i = 0, best_j = 0;
  double best = -1.0;
  guint used = 0;
  JsonBuilder *b = ctx->json;

  for (guint v = 0; v < k; v++)
    {
      double *x = get_numbers (ctx, vars[v]);

      g_ptr_array_add (numbers, x);
      indices[v] = sonde_table_find_column_index (ctx->table, vars[v]);
      for (guint r = 0; r < n; r++)
        if (!isnan (x[r]))
          present[r]++;
    }
  for (guint r = 0; r < n; r++)
    if (o->missing == SONDE_CORRELATION_LISTWISE ? present[r] == k : present[r] >= 2)
      used++;

  m = sonde_correlation_matrix_new (ctx->table, indices, k, o->method, o->missing, error);
  if (m == NULL)
    return FALSE;
  ctx->r->title = g_strdup (o->method == SONDE_CORRELATION_PEARSON ? _("Pearson correlation") :
                            o->method == SONDE_CORRELATION_SPEARMAN ? _("Spearman correlation") :
                            _("Kendall correlation"));

  for (guint i = 0; i < k; i++)
    for (guint j = i + 1; j < k; j++)
      if (!isnan (m->estimates[i * k + j]) && fabs (m->estimates[i * k + j]) > best)
        {
          best = fabs (m->estimates[i * k + j]);
          best_i = i;
          best_j = j;
        }

  json_str (b, "method", method);
  json_str (b, "missing", o->missing == SONDE_CORRELATION_LISTWISE ? "listwise" : "pairwise");
  json_builder_set_member_name (b, "pairs");
  json_builder_begin_array (b);
  for (guint i = 0; i < k; i++)
    for (guint j = i + 1; j < k; j++)
      {
        json_builder_begin_object (b);
        json_str (b, "x", vars[i]);
        json_str (b, "y", vars[j]);
        json_num (b, "estimate", m->estimates[i * k + j]);
        json_num (b, "p", m->p_values[i * k + j]);
        json_int (b, "n", m->counts[i * k + j]);
        json_builder_end_object (b);
      }
  json_builder_end_array (b);
  set_rows (ctx, used);

  {
    ReportTable *matrix = report_add_table (ctx->r, _("Correlation matrix"), TRUE, k + 1);
    ReportTable *pairs = report_add_table (ctx->r, _("Pairs"), TRUE, 4);

    matrix->header[0] = g_strdup (symbol);
    for (guint j = 0; j < k; j++)
      matrix->header[j + 1] = g_strdup (vars[j]);
    for (guint i = 0; i < k; i++)
      {
        table_text (matrix, vars[i]);
        for (guint j = 0; j < k; j++)
          table_cell_take (matrix, g_strdup_printf ("%.3f", m->estimates[i * k + j]), m->estimates[i * k + j]);
      }

    table_header (pairs, _("Pair"), symbol, "p", "n");
    for (guint i = 0; i < k; i++)
      for (guint j = i + 1; j < k; j++)
        {
          table_cell_take (pairs, g_strdup_printf ("%s – %s", vars[i], vars[j]), NAN);
          table_cell_take (pairs, g_strdup_printf ("%.3f", m->estimates[i * k + j]), m->estimates[i * k + j]);
          table_p (pairs, m->p_values[i * k + j]);
          table_count (pairs, m->counts[i * k + j]);
        }
  }

  if (best >= 0.0)
    {
      g_autofree char *stats = NULL;
      double e = m->estimates[best_i * k + best_j];
      double p = m->p_values[best_i * k + best_j];

      stats = stat_phrase (symbol, e, p);
      if (significant (ctx, p))
        /* Translators: two column names, then "r = 0.52, p < 0.001" */
        report_add_sentence_take (ctx->r, g_strdup_printf (_("The strongest correlation is between %s and %s (%s)."),
                                                           vars[best_i], vars[best_j], stats));
      else
        /* Translators: two column names, then "r = 0.12, p = 0.310" */
        report_add_sentence_take (ctx->r, g_strdup_printf (_("No correlation is significant; the strongest is between %s and %s (%s)."),
                                                           vars[best_i], vars[best_j], stats));
    }

  /* Pearson's test assumes normal values; Spearman's does not. The
   * values checked are those the matrix used: complete rows (listwise)
   * or each column's own values (pairwise). */
  if (o->method == SONDE_CORRELATION_PEARSON)
    for (guint v = 0; v < k; v++)
      {
        const double *x = g_ptr_array_index (numbers, v);
        g_autofree double *kept = g_new (double, MAX (n, 1));
        g_autofree char *ps = NULL;
        guint c = 0;
        double p;

        for (guint r = 0; r < n; r++)
          if (!isnan (x[r]) && (o->missing != SONDE_CORRELATION_LISTWISE || present[r] == k))
            kept[c++] = x[r];
        p = shapiro_p (kept, c);
        if (!(p < 0.05))
          continue;
        ps = p_phrase (p);
        report_add_warning_take (ctx->r,
                                 /* Translators: a column name, then "p = 0.012" */
                                 g_strdup_printf (_("The values of %s do not look normally distributed (Shapiro-Wilk %s): Spearman’s correlation, which does not assume it, would be safer."),
                                                  vars[v], ps));
      }
  return TRUE;
}

static gboolean
run_chisq (Ctx     *ctx,
           GError **error)
{
  SondeAnalysis *o = ctx->a;
  const char *row = first_column (o, SONDE_ANALYSIS_ROLE_ROW);
  const char *col = first_column (o, SONDE_ANALYSIS_ROLE_COLUMN);
  SondeColumn *rows = sonde_table_find_column (ctx->table, row);
  SondeColumn *cols = sonde_table_find_column (ctx->table, col);
  g_autoptr(SondeChisq) c = NULL;
  g_autofree char *stats = NULL;
  g_autofree char *df = NULL;
  JsonBuilder *b = ctx->json;

  if ((c = sonde_chisq_new_from_columns (rows, cols, TRUE, error)) == NULL)
    return FALSE;
  ctx->r->title = g_strdup (_("Chi-square test of independence"));

  json_num (b, "statistic", c->statistic);
  json_num (b, "df", c->df);
  json_num (b, "p", c->p_value);
  json_num (b, "cramers_v", c->cramers_v);
  json_bool (b, "yates", c->yates);
  json_bool (b, "low_expected", c->low_expected);
  json_builder_set_member_name (b, "row_labels");
  json_builder_begin_array (b);
  for (guint i = 0; i < c->n_rows; i++)
    json_builder_add_string_value (b, c->row_labels[i]);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "col_labels");
  json_builder_begin_array (b);
  for (guint j = 0; j < c->n_cols; j++)
    json_builder_add_string_value (b, c->col_labels[j]);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "observed");
  json_builder_begin_array (b);
  for (guint i = 0; i < c->n_rows; i++)
    {
      json_builder_begin_array (b);
      for (guint j = 0; j < c->n_cols; j++)
        json_builder_add_double_value (b, c->observed[i * c->n_cols + j]);
      json_builder_end_array (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "expected");
  json_builder_begin_array (b);
  for (guint i = 0; i < c->n_rows; i++)
    {
      json_builder_begin_array (b);
      for (guint j = 0; j < c->n_cols; j++)
        json_builder_add_double_value (b, c->expected[i * c->n_cols + j]);
      json_builder_end_array (b);
    }
  json_builder_end_array (b);
  set_rows (ctx, (guint) c->total);

  {
    ReportTable *table = report_add_table (ctx->r, _("Observed counts"), TRUE, c->n_cols + 1);
    ReportTable *st = stats_table (ctx->r);
    g_autofree char *x2 = num (c->statistic);
    g_autofree char *p = p_phrase (c->p_value);
    g_autofree char *v = num (c->cramers_v);

    table->header[0] = g_strdup_printf ("%s \\ %s", row, col);
    for (guint j = 0; j < c->n_cols; j++)
      table->header[j + 1] = g_strdup (c->col_labels[j]);
    for (guint i = 0; i < c->n_rows; i++)
      {
        table_text (table, c->row_labels[i]);
        for (guint j = 0; j < c->n_cols; j++)
          table_cell_take (table, g_strdup_printf ("%.0f", c->observed[i * c->n_cols + j]),
                           c->observed[i * c->n_cols + j]);
      }

    stat_row (st, "χ²", num (c->statistic), c->statistic);
    stat_row (st, "df", num (c->df), c->df);
    stat_row (st, "p", pval (c->p_value), c->p_value);
    stat_row (st, _("Cramér's V"), num (c->cramers_v), c->cramers_v);

    df = num (c->df);
    /* Translators: the statistic, its degrees of freedom, "p = 0.002", then Cramér's V */
    report_add_line_take (ctx->r, g_strdup_printf (_("X-squared = %s, df = %s, %s; Cramér's V = %s\n"), x2, df, p, v));
    if (c->yates)
      report_add_line_take (ctx->r, g_strdup (_("Yates' continuity correction was applied (2 × 2 table).")));
    if (c->low_expected)
      report_add_warning_take (ctx->r, g_strdup (_("Some expected counts are below 5: the chi-square approximation may be poor.")));
  }

  {
    g_autofree char *ps = p_phrase (c->p_value);

    stats = g_strdup_printf ("χ² = %.2f, df = %s, %s", c->statistic, df, ps);
  }
  if (significant (ctx, c->p_value))
    /* Translators: two column names, then "χ² = 12.30, df = 4, p = 0.015" */
    report_add_sentence_take (ctx->r, g_strdup_printf (_("%s and %s are associated (%s)."), row, col, stats));
  else
    /* Translators: two column names, then "χ² = 2.30, df = 4, p = 0.681" */
    report_add_sentence_take (ctx->r, g_strdup_printf (_("%s and %s show no significant association (%s)."), row, col, stats));
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Rank tests and Shapiro-Wilk                                         */

static void
output_wilcoxon (Ctx                 *ctx,
                 const SondeWilcoxon *w,
                 const char          *test,
                 const char          *name,
                 guint                used,
                 char                *sentence)
{
  ReportTable *table = stats_table (ctx->r);
  g_autofree char *s = num (w->statistic);
  g_autofree char *p = p_phrase (w->p);

  json_str (ctx->json, "test", test);
  json_str (ctx->json, "alternative", alternative_name (ctx->a->alternative));
  json_num (ctx->json, "mu", ctx->a->mu);
  json_num (ctx->json, "statistic", w->statistic);
  json_num (ctx->json, "p", w->p);
  json_bool (ctx->json, "exact", w->exact);
  json_int (ctx->json, "n1", w->n1);
  json_int (ctx->json, "n2", w->n2);
  set_rows (ctx, used);

  stat_row (table, name, num (w->statistic), w->statistic);
  stat_row (table, "p", pval (w->p), w->p);
  /* Translators: W or V, its value, "p = 0.002", then "exact" or "normal approximation" */
  report_add_line_take (ctx->r, g_strdup_printf (_("%s = %s, %s (%s)\n"), name, s, p,
                                                 w->exact ? _("exact") : _("normal approximation")));
  report_add_sentence_take (ctx->r, sentence);
}

static gboolean
run_mannwhitney (Ctx     *ctx,
                 GError **error)
{
  SondeAnalysis *o = ctx->a;
  const char *var = first_column (o, SONDE_ANALYSIS_ROLE_VARIABLE);
  const char *by = first_column (o, SONDE_ANALYSIS_ROLE_GROUP);
  g_autofree double *x = get_numbers (ctx, var);
  g_auto(Groups) g = { 0 };
  g_autoptr(GArray) a = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) b = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *stats = NULL;
  char *sentence;
  SondeWilcoxon w = { 0 };
  guint la, lb;

  get_groups (ctx, by, &g);
  if (!split_two (ctx, x, &g, a, b, &la, &lb, error) ||
      !sonde_stats_wilcoxon_rank_sum ((double *) (gpointer) a->data, a->len,
                                      (double *) (gpointer) b->data, b->len,
                                      o->mu, o->alternative, TRUE, TRUE, &w, error))
    return FALSE;
  ctx->r->title = g_strdup (_("Mann-Whitney test"));

  stats = stat_phrase ("W", w.statistic, w.p);
  if (!significant (ctx, w.p))
    /* Translators: a column name, two group labels, then "W = 120.00, p = 0.310" */
    sentence = g_strdup_printf (_("The values of %s do not differ significantly between group %s and group %s (%s)."),
                                var, g.labels[la], g.labels[lb], stats);
  else if (w.statistic > 0.5 * w.n1 * w.n2)
    /* Translators: a column name, two group labels, then "W = 320.00, p = 0.002" */
    sentence = g_strdup_printf (_("The values of %s tend to be higher in group %s than in group %s (%s)."),
                                var, g.labels[la], g.labels[lb], stats);
  else
    /* Translators: a column name, two group labels, then "W = 20.00, p = 0.002" */
    sentence = g_strdup_printf (_("The values of %s tend to be lower in group %s than in group %s (%s)."),
                                var, g.labels[la], g.labels[lb], stats);

  json_builder_set_member_name (ctx->json, "groups");
  json_builder_begin_array (ctx->json);
  json_builder_add_string_value (ctx->json, g.labels[la]);
  json_builder_add_string_value (ctx->json, g.labels[lb]);
  json_builder_end_array (ctx->json);
  output_wilcoxon (ctx, &w, "rank-sum", "W", a->len + b->len, sentence);
  return TRUE;
}

static gboolean
run_wilcoxon (Ctx     *ctx,
              GError **error)
{
  SondeAnalysis *o = ctx->a;
  const char *var = first_column (o, SONDE_ANALYSIS_ROLE_VARIABLE);
  const char *paired_with = first_column (o, SONDE_ANALYSIS_ROLE_PAIRED);
  guint n = sonde_table_get_n_rows (ctx->table);
  g_autofree double *x = get_numbers (ctx, var);
  g_autofree double *y = NULL;
  g_autofree char *stats = NULL;
  char *sentence;
  SondeWilcoxon w = { 0 };
  gboolean above;

  if (paired_with != NULL)
    {
      y = get_numbers (ctx, paired_with);
      if (!sonde_stats_wilcoxon_paired (x, y, n, o->mu, o->alternative, TRUE, TRUE, &w, error))
        return FALSE;
    }
  else if (!sonde_stats_wilcoxon_signed_rank (x, n, o->mu, o->alternative, TRUE, TRUE, &w, error))
    return FALSE;
  ctx->r->title = g_strdup (_("Wilcoxon signed-rank test"));

  stats = stat_phrase ("V", w.statistic, w.p);
  above = w.statistic > 0.25 * w.n1 * (w.n1 + 1.0);
  if (y != NULL)
    {
      if (!significant (ctx, w.p))
        /* Translators: two column names, then "V = 120.00, p = 0.310" */
        sentence = g_strdup_printf (_("The values of %s and %s do not differ significantly in the same rows (%s)."),
                                    var, paired_with, stats);
      else if (above)
        /* Translators: two column names, then "V = 320.00, p = 0.002" */
        sentence = g_strdup_printf (_("The values of %s tend to be higher than those of %s in the same rows (%s)."),
                                    var, paired_with, stats);
      else
        /* Translators: two column names, then "V = 20.00, p = 0.002" */
        sentence = g_strdup_printf (_("The values of %s tend to be lower than those of %s in the same rows (%s)."),
                                    var, paired_with, stats);
    }
  else
    {
      g_autofree char *mu = num (o->mu);

      if (!significant (ctx, w.p))
        /* Translators: a column name, the value tested, then "V = 120.00, p = 0.310" */
        sentence = g_strdup_printf (_("The values of %s do not differ significantly from %s (%s)."), var, mu, stats);
      else if (above)
        /* Translators: a column name, the value tested, then "V = 320.00, p = 0.002" */
        sentence = g_strdup_printf (_("The values of %s tend to be above %s (%s)."), var, mu, stats);
      else
        /* Translators: a column name, the value tested, then "V = 20.00, p = 0.002" */
        sentence = g_strdup_printf (_("The values of %s tend to be below %s (%s)."), var, mu, stats);
    }

  output_wilcoxon (ctx, &w, y != NULL ? "paired" : "signed-rank", "V", count_present (x, y, n), sentence);
  return TRUE;
}

static gboolean
run_shapiro (Ctx     *ctx,
             GError **error)
{
  SondeAnalysis *o = ctx->a;
  const char *var = first_column (o, SONDE_ANALYSIS_ROLE_VARIABLE);
  const char *by = first_column (o, SONDE_ANALYSIS_ROLE_GROUP);
  guint n = sonde_table_get_n_rows (ctx->table);
  g_autofree double *x = get_numbers (ctx, var);
  g_autofree char *stats = NULL;
  SondeShapiro s = { 0 };

  ctx->r->title = g_strdup (_("Shapiro-Wilk normality test"));

  if (by != NULL)
    {
      g_auto(Groups) g = { 0 };
      g_autofree double *values = NULL;
      g_autofree guint *codes = NULL;
      ReportTable *table = report_add_table (ctx->r, _("Shapiro-Wilk test by group"), TRUE, 4);
      guint used, n_tested = 0, n_rejected = 0;

      get_groups (ctx, by, &g);
      used = grouped_values (x, &g, n, &values, &codes);
      table_header (table, by, "n", "W", "p");
      json_builder_set_member_name (ctx->json, "groups");
      json_builder_begin_array (ctx->json);
      for (guint i = 0; i < g.n_levels; i++)
        {
          g_autofree double *gx = g_new (double, MAX (used, 1));
          SondeShapiro gs = { NAN, NAN, 0 };
          guint k = 0;

          for (guint j = 0; j < used; j++)
            if (codes[j] == i)
              gx[k++] = values[j];
          if (k == 0)
            continue;
          if (!sonde_stats_shapiro_wilk (gx, k, &gs, NULL))
            gs.w = gs.p = NAN;
          else
            {
              n_tested++;
              if (significant (ctx, gs.p))
                n_rejected++;
            }
          json_builder_begin_object (ctx->json);
          json_str (ctx->json, "label", g.labels[i]);
          json_int (ctx->json, "n", k);
          json_num (ctx->json, "w", gs.w);
          json_num (ctx->json, "p", gs.p);
          json_builder_end_object (ctx->json);
          table_text (table, g.labels[i]);
          table_count (table, k);
          table_cell_take (table, isnan (gs.w) ? g_strdup ("NA") : g_strdup_printf ("%.3f", gs.w), gs.w);
          table_p (table, gs.p);
        }
      json_builder_end_array (ctx->json);
      set_rows (ctx, used);
      if (n_tested == 0)
        {
          g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                       _("No group of “%s” has the 3 values of “%s” the Shapiro-Wilk test needs."), by, var);
          return FALSE;
        }
      if (n_rejected == 0)
        /* Translators: a column name, then the column of groups */
        report_add_sentence_take (ctx->r, g_strdup_printf (_("The values of %s are consistent with a normal distribution in every group of %s."), var, by));
      else
        /* Translators: a column name, two counts, then the column of groups */
        report_add_sentence_take (ctx->r, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                        "The values of %s do not look normally distributed in %u of the %u group of %s.",
                                                                        "The values of %s do not look normally distributed in %u of the %u groups of %s.",
                                                                        n_tested),
                                                           var, n_rejected, n_tested, by));
      return TRUE;
    }

  {
    g_autofree double *kept = NULL;
    guint used = present_values (x, n, &kept);
    ReportTable *table;

    if (!sonde_stats_shapiro_wilk (kept, used, &s, error))
      return FALSE;

    json_num (ctx->json, "w", s.w);
    json_num (ctx->json, "p", s.p);
    json_int (ctx->json, "n", s.n);
    set_rows (ctx, used);

    table = stats_table (ctx->r);
    stat_row (table, "W", g_strdup_printf ("%.3f", s.w), s.w);
    stat_row (table, "p", pval (s.p), s.p);
  }

  {
    g_autofree char *ps = p_phrase (s.p);

    stats = g_strdup_printf ("W = %.3f, %s", s.w, ps);
  }
  report_add_line_take (ctx->r, g_strdup (stats));
  if (significant (ctx, s.p))
    /* Translators: a column name, then "W = 0.950, p < 0.001" */
    report_add_sentence_take (ctx->r, g_strdup_printf (_("The values of %s do not look normally distributed (Shapiro-Wilk %s)."), var, stats));
  else
    /* Translators: a column name, then "W = 0.990, p = 0.420" */
    report_add_sentence_take (ctx->r, g_strdup_printf (_("The values of %s are consistent with a normal distribution (Shapiro-Wilk %s)."), var, stats));
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Regressions                                                         */

static void
json_coefficients (JsonBuilder            *b,
                   const SondeCoefficient *c,
                   guint                   n,
                   gboolean                logistic)
{
  json_builder_set_member_name (b, "coefficients");
  json_builder_begin_array (b);
  for (guint i = 0; i < n; i++)
    {
      json_builder_begin_object (b);
      json_str (b, "name", c[i].name);
      json_num (b, "estimate", c[i].estimate);
      json_num (b, "std_error", c[i].std_error);
      json_num (b, "statistic", c[i].statistic);
      json_num (b, "p", c[i].p);
      json_num (b, "conf_low", c[i].conf_low);
      json_num (b, "conf_high", c[i].conf_high);
      if (logistic)
        {
          json_num (b, "odds_ratio", c[i].odds_ratio);
          json_num (b, "odds_ratio_low", c[i].odds_ratio_low);
          json_num (b, "odds_ratio_high", c[i].odds_ratio_high);
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static void
coefficient_table (Ctx                    *ctx,
                   const SondeCoefficient *c,
                   guint                   n,
                   gboolean                logistic)
{
  ReportTable *table = report_add_table (ctx->r, _("Coefficients"), TRUE, 7);

  table_header (table, _("Term"), _("Estimate"), _("Std. error"), logistic ? "z" : "t", "p",
                logistic ? _("Odds ratio") : _("Lower"), logistic ? _("OR interval") : _("Upper"));
  for (guint i = 0; i < n; i++)
    {
      table_text (table, c[i].name);
      table_num (table, c[i].estimate);
      table_num (table, c[i].std_error);
      table_num (table, c[i].statistic);
      table_p (table, c[i].p);
      if (logistic)
        {
          g_autofree char *lo = num (c[i].odds_ratio_low);
          g_autofree char *hi = num (c[i].odds_ratio_high);

          table_num (table, c[i].odds_ratio);
          table_cell_take (table, g_strdup_printf ("[%s, %s]", lo, hi), NAN);
        }
      else
        {
          table_num (table, c[i].conf_low);
          table_num (table, c[i].conf_high);
        }
    }
}

/* The reference level of each predictor, NULL where none was set. */
static char **
reference_levels (SondeAnalysis *o)
{
  char **predictors = o->columns[SONDE_ANALYSIS_ROLE_PREDICTOR];
  guint n = g_strv_length (predictors);
  char **levels = g_new0 (char *, n + 1);

  for (guint i = 0; i < n; i++)
    levels[i] = g_strdup (g_hash_table_lookup (o->references, predictors[i]));
  return levels;
}

static void
free_levels (char  **levels,
             guint   n)
{
  for (guint i = 0; i < n; i++)
    g_free (levels[i]);
  g_free (levels);
}

static gboolean
run_lm (Ctx     *ctx,
        GError **error)
{
  SondeAnalysis *o = ctx->a;
  const char *response = first_column (o, SONDE_ANALYSIS_ROLE_RESPONSE);
  char **predictors = o->columns[SONDE_ANALYSIS_ROLE_PREDICTOR];
  char **levels = reference_levels (o);
  g_autoptr(SondeLinearModel) m = NULL;
  JsonBuilder *b = ctx->json;

  m = sonde_stats_linear_regression (ctx->table, response, (const char * const *) predictors,
                                     (const char * const *) levels, o->conf_level, error);
  free_levels (levels, g_strv_length (predictors));
  if (m == NULL)
    return FALSE;
  ctx->r->title = g_strdup (_("Linear regression"));

  json_str (b, "response", response);
  json_coefficients (b, m->coefficients, m->n_coefficients, FALSE);
  json_num (b, "conf_level", m->conf_level);
  json_num (b, "r_squared", m->r_squared);
  json_num (b, "adj_r_squared", m->adj_r_squared);
  json_num (b, "sigma", m->sigma);
  json_num (b, "df_residual", m->df_residual);
  json_num (b, "f", m->f);
  json_num (b, "f_df1", m->f_df1);
  json_num (b, "f_df2", m->f_df2);
  json_num (b, "f_p", m->f_p);
  set_rows (ctx, m->n_used);

  coefficient_table (ctx, m->coefficients, m->n_coefficients, FALSE);
  {
    ReportTable *fit = report_add_table (ctx->r, _("Fit of the model"), FALSE, 2);
    g_autofree char *sigma = num (m->sigma);
    g_autofree char *df = num (m->df_residual);
    g_autofree char *r2 = num (m->r_squared);
    g_autofree char *adj = num (m->adj_r_squared);
    g_autofree char *f = num (m->f);
    g_autofree char *df1 = num (m->f_df1);
    g_autofree char *df2 = num (m->f_df2);
    g_autofree char *p = p_phrase (m->f_p);
    g_autofree char *stats = stat_phrase ("F", m->f, m->f_p);

    table_header (fit, _("Statistic"), _("Value"));
    stat_row (fit, _("Residual standard error"), num (m->sigma), m->sigma);
    stat_row (fit, _("Residual degrees of freedom"), num (m->df_residual), m->df_residual);
    stat_row (fit, "R²", num (m->r_squared), m->r_squared);
    stat_row (fit, _("Adjusted R²"), num (m->adj_r_squared), m->adj_r_squared);
    stat_row (fit, "F", num (m->f), m->f);
    stat_row (fit, "p", pval (m->f_p), m->f_p);

    /* Translators: the residual standard error, then its degrees of freedom */
    report_add_line_take (ctx->r, g_strdup_printf (_("Residual standard error: %s on %s degrees of freedom\n"), sigma, df));
    /* Translators: R², then the adjusted R² */
    report_add_line_take (ctx->r, g_strdup_printf (_("R²: %s, adjusted R²: %s\n"), r2, adj));
    report_add_line_take (ctx->r, g_strdup_printf ("F = %s, df = %s and %s, %s", f, df1, df2, p));
    if (significant (ctx, m->f_p))
      /* Translators: a percentage, a column name, then "F = 12.30, p < 0.001" */
      report_add_sentence_take (ctx->r, g_strdup_printf (_("The model explains %.1f %% of the variance of %s (%s)."),
                                                         100.0 * m->r_squared, response, stats));
    else
      /* Translators: a percentage, a column name, then "F = 1.30, p = 0.270" */
      report_add_sentence_take (ctx->r, g_strdup_printf (_("The model explains %.1f %% of the variance of %s, which is not significant (%s)."),
                                                         100.0 * m->r_squared, response, stats));
  }

  /* Assumptions: normal residuals, and no row that weighs too much
   * (hat value above 3 p / n, p the number of coefficients). */
  {
    double p = shapiro_p (m->residuals, m->n_used);
    double limit = 3.0 * m->n_coefficients / m->n_used;
    guint n_high = 0;

    if (p < 0.05)
      {
        g_autofree char *ps = p_phrase (p);

        report_add_warning_take (ctx->r,
                                 /* Translators: "p = 0.012" */
                                 g_strdup_printf (_("The residuals of the model do not look normally distributed (Shapiro-Wilk %s): its p-values and intervals may be off."), ps));
      }
    for (guint i = 0; i < m->n_used; i++)
      if (m->hat_values[i] > limit)
        n_high++;
    if (n_high > 0)
      {
        g_autofree char *ls = g_strdup_printf ("%.3g", limit);

        report_add_warning_take (ctx->r,
                                 /* Translators: a count of rows, then a limit ("0.12") */
                                 g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                               "%u row has high leverage (a hat value above %s): check it, as it weighs heavily on the model.",
                                                               "%u rows have high leverage (a hat value above %s): check them, as they weigh heavily on the model.",
                                                               n_high),
                                                  n_high, ls));
      }
  }
  return TRUE;
}

/* How many rows used by the logistic model have the positive level of
 * the response: the rows with no missing value in the model's columns. */
static guint
count_events (Ctx        *ctx,
              const char *positive_level)
{
  SondeAnalysis *o = ctx->a;
  SondeColumn *y = sonde_table_find_column (ctx->table, first_column (o, SONDE_ANALYSIS_ROLE_RESPONSE));
  char **predictors = o->columns[SONDE_ANALYSIS_ROLE_PREDICTOR];
  gboolean boolean = sonde_column_get_column_type (y) == SONDE_COLUMN_TYPE_BOOLEAN;
  guint n = sonde_table_get_n_rows (ctx->table);
  guint events = 0;

  for (guint r = 0; r < n; r++)
    {
      gboolean complete = !sonde_column_is_missing (y, r);

      for (guint j = 0; complete && predictors[j] != NULL; j++)
        if (sonde_column_is_missing (sonde_table_find_column (ctx->table, predictors[j]), r))
          complete = FALSE;
      if (!complete)
        continue;
      if (boolean)
        {
          if (sonde_column_get_number (y, r) != 0.0)
            events++;
        }
      else
        {
          g_autofree char *label = sonde_column_format_value (y, r);

          if (g_strcmp0 (label, positive_level) == 0)
            events++;
        }
    }
  return events;
}

static gboolean
run_logistic (Ctx     *ctx,
              GError **error)
{
  SondeAnalysis *o = ctx->a;
  const char *response = first_column (o, SONDE_ANALYSIS_ROLE_RESPONSE);
  char **predictors = o->columns[SONDE_ANALYSIS_ROLE_PREDICTOR];
  char **levels = reference_levels (o);
  g_autoptr(SondeLogisticModel) m = NULL;
  guint n_significant = 0;
  JsonBuilder *b = ctx->json;

  m = sonde_stats_logistic_regression (ctx->table, response, (const char * const *) predictors,
                                       (const char * const *) levels, o->conf_level, error);
  free_levels (levels, g_strv_length (predictors));
  if (m == NULL)
    return FALSE;
  ctx->r->title = g_strdup (_("Logistic regression"));

  for (guint i = 1; i < m->n_coefficients; i++)
    if (significant (ctx, m->coefficients[i].p))
      n_significant++;

  json_str (b, "response", response);
  json_str (b, "positive_level", m->positive_level);
  json_coefficients (b, m->coefficients, m->n_coefficients, TRUE);
  json_num (b, "conf_level", m->conf_level);
  json_num (b, "null_deviance", m->null_deviance);
  json_num (b, "null_df", m->null_df);
  json_num (b, "deviance", m->deviance);
  json_num (b, "df_residual", m->df_residual);
  json_num (b, "aic", m->aic);
  json_int (b, "iterations", m->n_iterations);
  set_rows (ctx, m->n_used);

  coefficient_table (ctx, m->coefficients, m->n_coefficients, TRUE);
  {
    ReportTable *fit = report_add_table (ctx->r, _("Fit of the model"), FALSE, 2);
    g_autofree char *nd = num (m->null_deviance);
    g_autofree char *ndf = num (m->null_df);
    g_autofree char *d = num (m->deviance);
    g_autofree char *ddf = num (m->df_residual);
    g_autofree char *aic = num (m->aic);

    table_header (fit, _("Statistic"), _("Value"));
    stat_row (fit, _("Null deviance"), num (m->null_deviance), m->null_deviance);
    stat_row (fit, _("Residual deviance"), num (m->deviance), m->deviance);
    stat_row (fit, "AIC", num (m->aic), m->aic);

    /* Translators: the level of the response modelled, such as "true" */
    report_add_line_take (ctx->r, g_strdup_printf (_("Modelled: the probability that %s is %s\n"), response, m->positive_level));
    /* Translators: null deviance and its df, residual deviance and its df, then the AIC */
    report_add_line_take (ctx->r, g_strdup_printf (_("Null deviance: %s on %s df; residual deviance: %s on %s df; AIC: %s\n"),
                                                   nd, ndf, d, ddf, aic));
    /* Translators: a column name, a level, the deviances without and with the predictors, then a count */
    report_add_sentence_take (ctx->r, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                    "The model of %s = %s lowers the deviance from %s to %s; %u coefficient besides the intercept is significant.",
                                                                    "The model of %s = %s lowers the deviance from %s to %s; %u coefficients besides the intercept are significant.",
                                                                    n_significant),
                                                       response, m->positive_level, nd, d, n_significant));
  }

  /* Fewer than 10 events of the rarer outcome per coefficient besides
   * the intercept make the estimates biased and unstable (Peduzzi et
   * al., 1996). */
  if (m->n_coefficients > 1)
    {
      guint events = count_events (ctx, m->positive_level);
      guint rarer = MIN (events, m->n_used - MIN (events, m->n_used));
      guint k = m->n_coefficients - 1;

      if (rarer < 10 * k)
        {
          g_autofree char *epv = g_strdup_printf ("%.1f", (double) rarer / k);

          report_add_warning_take (ctx->r,
                                   /* Translators: a count of rows, a count of coefficients, then a ratio ("4.5") */
                                   g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                 "The rarer outcome occurs in %u rows for %u coefficient besides the intercept, %s events per predictor: with fewer than 10, the estimates may be biased and unstable.",
                                                                 "The rarer outcome occurs in %u rows for %u coefficients besides the intercept, %s events per predictor: with fewer than 10, the estimates may be biased and unstable.",
                                                                 k),
                                                    rarer, k, epv));
        }
    }
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Running                                                             */

/**
 * sonde_analysis_run:
 * @self: a #SondeAnalysis
 * @table: the data
 * @cancellable: (nullable): a #GCancellable, checked before and after
 *   the computation
 * @error: return location for a #GError
 *
 * Checks the request against @table, runs it and writes the report.
 * Blocks: from the UI thread use sonde_analysis_run_async(). @table must
 * not change while this runs.
 *
 * Returns: (transfer full) (nullable): the report, or %NULL with @error
 *   set: %SONDE_ERROR_INVALID with a message naming the column and what
 *   is wrong (no such column, text where numbers are needed, a single
 *   group…), or %G_IO_ERROR_CANCELLED
 */
SondeStatsReport *
sonde_analysis_run (SondeAnalysis  *self,
                    SondeTable     *table,
                    GCancellable   *cancellable,
                    GError        **error)
{
  g_autoptr(SondeStatsReport) report = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  Ctx ctx = { 0 };
  gboolean ok = FALSE;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (SONDE_IS_TABLE (table), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  report = sonde_stats_report_new (self);
  builder = json_builder_new ();
  ctx.a = self;
  ctx.table = table;
  ctx.file = self->file_name != NULL ? self->file_name : sonde_table_get_name (table);
  ctx.r = report;
  ctx.json = builder;
  ctx.cancellable = cancellable;

  if (!validate (&ctx, error))
    return NULL;

  json_builder_begin_object (builder);
  json_str (builder, "file", ctx.file);
  json_str (builder, "analysis", kind_names[self->kind]);
  if (slot_specs[self->kind][SONDE_ANALYSIS_ROLE_VARIABLE].max == 1)
    json_str (builder, "var", first_column (self, SONDE_ANALYSIS_ROLE_VARIABLE));
  if (self->columns[SONDE_ANALYSIS_ROLE_GROUP] != NULL && self->kind != SONDE_ANALYSIS_DESCRIBE)
    json_str (builder, "by", first_column (self, SONDE_ANALYSIS_ROLE_GROUP));
  if (self->columns[SONDE_ANALYSIS_ROLE_PAIRED] != NULL)
    json_str (builder, "paired_with", first_column (self, SONDE_ANALYSIS_ROLE_PAIRED));

  switch (self->kind)
    {
    case SONDE_ANALYSIS_DESCRIBE: ok = run_describe (&ctx, error); break;
    case SONDE_ANALYSIS_TTEST: ok = run_ttest (&ctx, error); break;
    case SONDE_ANALYSIS_ANOVA: ok = run_anova (&ctx, error); break;
    case SONDE_ANALYSIS_CORRELATION: ok = run_correlation (&ctx, error); break;
    case SONDE_ANALYSIS_CHISQ: ok = run_chisq (&ctx, error); break;
    case SONDE_ANALYSIS_MANN_WHITNEY: ok = run_mannwhitney (&ctx, error); break;
    case SONDE_ANALYSIS_WILCOXON: ok = run_wilcoxon (&ctx, error); break;
    case SONDE_ANALYSIS_KRUSKAL: ok = run_kruskal (&ctx, error); break;
    case SONDE_ANALYSIS_SHAPIRO: ok = run_shapiro (&ctx, error); break;
    case SONDE_ANALYSIS_LM: ok = run_lm (&ctx, error); break;
    case SONDE_ANALYSIS_LOGISTIC: ok = run_logistic (&ctx, error); break;
    default: g_assert_not_reached ();
    }
  if (!ok || g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  json_builder_end_object (builder);
  report->json = json_builder_get_root (builder);
  {
    g_autoptr(GString) joined = g_string_new (NULL);

    for (guint i = 0; i < report->sentences->len; i++)
      {
        if (i > 0)
          g_string_append_c (joined, ' ');
        g_string_append (joined, g_ptr_array_index (report->sentences, i));
      }
    report->sentence = g_string_free (g_steal_pointer (&joined), FALSE);
  }
  return g_steal_pointer (&report);
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  SondeAnalysis *copy = g_object_get_data (G_OBJECT (task), "sonde-analysis");
  SondeTable *table = task_data;
  GError *error = NULL;
  SondeStatsReport *report = sonde_analysis_run (copy, table, cancellable, &error);

  if (report == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, report, (GDestroyNotify) sonde_stats_report_unref);
}

/**
 * sonde_analysis_run_async:
 * @self: a #SondeAnalysis
 * @table: the data; it must not change until @callback runs
 * @cancellable: (nullable): a #GCancellable
 * @callback: called in the thread-default main context of the caller
 * @user_data: data for @callback
 *
 * Runs sonde_analysis_run() in a worker thread. The request is copied
 * first, so @self may change as soon as this returns.
 */
void
sonde_analysis_run_async (SondeAnalysis       *self,
                          SondeTable          *table,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (self != NULL);
  g_return_if_fail (SONDE_IS_TABLE (table));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sonde_analysis_run_async);
  g_task_set_name (task, "[sonde] sonde_analysis_run_async");
  /* The copy is made here, in the caller's thread, so that the caller
   * may change @self right away. */
  g_object_set_data_full (G_OBJECT (task), "sonde-analysis", sonde_analysis_copy (self),
                          (GDestroyNotify) sonde_analysis_unref);
  g_task_set_task_data (task, g_object_ref (table), g_object_unref);
  g_task_run_in_thread (task, run_thread);
}

/**
 * sonde_analysis_run_finish:
 * @self: the #SondeAnalysis given to sonde_analysis_run_async()
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the report, or %NULL with @error
 *   set as by sonde_analysis_run()
 */
SondeStatsReport *
sonde_analysis_run_finish (SondeAnalysis  *self,
                           GAsyncResult   *result,
                           GError        **error)
{
  SondeStatsReport *report;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sonde_analysis_run_async, NULL);

  report = g_task_propagate_pointer (G_TASK (result), error);
  /* The report answers the caller's request, not the private copy. */
  if (report != NULL)
    {
      g_clear_pointer (&report->analysis, sonde_analysis_unref);
      report->analysis = sonde_analysis_ref (self);
    }
  return report;
}

/* ------------------------------------------------------------------ */
/* Output                                                              */

/* A table with aligned columns: the first left aligned, the others
 * right aligned, a rule under the header, a blank line after. */
static void
append_text_table (GString     *out,
                   ReportTable *t)
{
  guint n_rows = t->cells->len / t->n_cols;
  g_autofree glong *width = g_new0 (glong, t->n_cols);
  g_autoptr(GString) line = g_string_new (NULL);

  for (guint r = 0; r <= n_rows; r++)
    for (guint c = 0; c < t->n_cols; c++)
      {
        const char *cell = r == 0 ? t->header[c] : g_ptr_array_index (t->cells, (r - 1) * t->n_cols + c);

        width[c] = MAX (width[c], g_utf8_strlen (cell, -1));
      }

  for (guint r = 0; r <= n_rows; r++)
    {
      g_string_truncate (line, 0);
      for (guint c = 0; c < t->n_cols; c++)
        {
          const char *cell = r == 0 ? t->header[c] : g_ptr_array_index (t->cells, (r - 1) * t->n_cols + c);
          glong pad = width[c] - g_utf8_strlen (cell, -1);

          if (c > 0)
            g_string_append (line, "  ");
          if (c == 0)
            g_string_append (line, cell);
          for (glong i = 0; i < pad && (c > 0 || c + 1 < t->n_cols); i++)
            g_string_append_c (line, ' ');
          if (c > 0)
            g_string_append (line, cell);
        }
      g_string_append_printf (out, "%s\n", line->str);
      if (r == 0)
        {
          glong total = 0;

          for (guint c = 0; c < t->n_cols; c++)
            total += width[c] + (c > 0 ? 2 : 0);
          for (glong i = 0; i < total; i++)
            g_string_append (out, "─");
          g_string_append_c (out, '\n');
        }
    }
  g_string_append_c (out, '\n');
}

static char *
rows_used_line (SondeStatsReport *self)
{
  guint dropped = self->n_total - self->n_used;
  g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u row dropped for missing values",
                                                        "%u rows dropped for missing values", dropped),
                                           dropped);

  /* Translators: rows used, the number of rows of the file, then "3 rows dropped for missing values" */
  return g_strdup_printf (_("Rows used: %u of %u (%s).\n"), self->n_used, self->n_total, text);
}

/* Appends @line and a newline unless it ends with one already. */
static void
append_line (GString    *out,
             const char *line)
{
  g_string_append (out, line);
  if (!g_str_has_suffix (line, "\n"))
    g_string_append_c (out, '\n');
}

/**
 * sonde_stats_report_to_text:
 * @self: a #SondeStatsReport
 *
 * The report as `sonde-cli stats` prints it: the tables aligned, the
 * figures, the rows used, the sentence(s), then the warnings, each
 * line ending in a newline.
 *
 * Returns: (transfer full): the text
 */
char *
sonde_stats_report_to_text (SondeStatsReport *self)
{
  GString *out;
  g_autofree char *rows = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  out = g_string_new (NULL);
  for (guint i = 0; i < self->tables->len; i++)
    {
      ReportTable *t = g_ptr_array_index (self->tables, i);

      if (!t->in_text)
        continue;
      if (t->title_in_text)
        g_string_append_printf (out, "%s\n", t->title);
      append_text_table (out, t);
    }
  for (guint i = 0; i < self->lines->len; i++)
    append_line (out, g_ptr_array_index (self->lines, i));
  rows = rows_used_line (self);
  g_string_append (out, rows);
  for (guint i = 0; i < self->sentences->len; i++)
    append_line (out, g_ptr_array_index (self->sentences, i));
  for (guint i = 0; i + 1 < self->warnings->len; i++)
    append_line (out, g_ptr_array_index (self->warnings, i));
  return g_string_free (out, FALSE);
}

/**
 * sonde_stats_report_to_json:
 * @self: a #SondeStatsReport
 *
 * The report as `sonde-cli stats --json` prints it: stable English keys,
 * raw doubles written in the C locale whatever LC_NUMERIC says, NaN and
 * infinities as null, and a "warnings" array when there are warnings.
 *
 * Returns: (transfer full): pretty-printed JSON, without a final newline
 */
char *
sonde_stats_report_to_json (SondeStatsReport *self)
{
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  root = json_node_copy (self->json);
  if (self->warnings->len > 1)
    {
      JsonArray *warnings = json_array_new ();

      for (guint i = 0; i + 1 < self->warnings->len; i++)
        json_array_add_string_element (warnings, g_ptr_array_index (self->warnings, i));
      json_object_set_array_member (json_node_get_object (root), "warnings", warnings);
    }
  /* json-glib ≥ 1.6 writes doubles with g_ascii_dtostr(), so a French
   * LC_NUMERIC does not turn 0.5 into 0,5 (checked by the tests); but it
   * writes 1e-25 as "1e-25.0", which sonde_json_node_to_string () mends. */
  return sonde_json_node_to_string (root, TRUE);
}

static void
append_escaped (GString    *out,
                const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  g_string_append (out, escaped);
}

/* The report's body, its title a heading of @level (1 to 5) and the
 * warnings' heading one level below. */
static void
append_report_html (SondeStatsReport *self,
                    GString          *out,
                    int               level)
{
  g_autofree char *rows = NULL;

  g_assert (level >= 1 && level <= 5);

  g_string_append_printf (out, "<h%d>", level);
  append_escaped (out, self->title);
  g_string_append_printf (out, "</h%d>\n", level);
  if (self->sentence[0] != '\0')
    {
      g_string_append (out, "<p>");
      append_escaped (out, self->sentence);
      g_string_append (out, "</p>\n");
    }
  if (self->warnings->len > 1)
    {
      g_string_append_printf (out, "<h%d>", level + 1);
      append_escaped (out, _("Warnings"));
      g_string_append_printf (out, "</h%d>\n<ul>\n", level + 1);
      for (guint i = 0; i + 1 < self->warnings->len; i++)
        {
          g_string_append (out, "<li>");
          append_escaped (out, g_ptr_array_index (self->warnings, i));
          g_string_append (out, "</li>\n");
        }
      g_string_append (out, "</ul>\n");
    }
  for (guint i = 0; i < self->tables->len; i++)
    {
      ReportTable *t = g_ptr_array_index (self->tables, i);
      guint n_rows = t->cells->len / t->n_cols;

      g_string_append (out, "<table>\n<caption>");
      append_escaped (out, t->title);
      g_string_append (out, "</caption>\n<thead>\n<tr>");
      for (guint c = 0; c < t->n_cols; c++)
        {
          g_string_append (out, "<th scope=\"col\">");
          append_escaped (out, t->header[c]);
          g_string_append (out, "</th>");
        }
      g_string_append (out, "</tr>\n</thead>\n<tbody>\n");
      for (guint r = 0; r < n_rows; r++)
        {
          g_string_append (out, "<tr>");
          for (guint c = 0; c < t->n_cols; c++)
            {
              g_string_append (out, c == 0 ? "<th scope=\"row\">" : "<td>");
              append_escaped (out, g_ptr_array_index (t->cells, r * t->n_cols + c));
              g_string_append (out, c == 0 ? "</th>" : "</td>");
            }
          g_string_append (out, "</tr>\n");
        }
      g_string_append (out, "</tbody>\n</table>\n");
    }
  rows = rows_used_line (self);
  g_strchomp (rows);
  g_string_append (out, "<p>");
  append_escaped (out, rows);
  g_string_append (out, "</p>\n");
}

/**
 * sonde_stats_report_to_html:
 * @self: a #SondeStatsReport
 *
 * The report as an accessible HTML fragment: the title as `<h2>`, the
 * sentence in a `<p>`, the warnings in a `<ul>` under an `<h3>`, each
 * table as a `<table>` with a `<caption>`, `<th scope="col">` headers and
 * a `<th scope="row">` first cell on each row, then the rows used. All
 * text is escaped. Paste it into a document or a `<body>`; to save the
 * report as a file, use sonde_stats_report_to_html_document ().
 *
 * Returns: (transfer full): the HTML
 */
char *
sonde_stats_report_to_html (SondeStatsReport *self)
{
  GString *out;

  g_return_val_if_fail (self != NULL, NULL);

  out = g_string_new ("<section class=\"sonde-stats-report\">\n");
  append_report_html (self, out, 2);
  g_string_append (out, "</section>\n");
  return g_string_free (out, FALSE);
}

/**
 * sonde_stats_report_to_html_document:
 * @self: a #SondeStatsReport
 * @language: (nullable): the document's language ("fr", "en"); %NULL
 *   for the one of the current messages
 *
 * The report as a whole accessible HTML document, as the Statistics
 * pane exports it and `sonde-cli stats --html` writes it: a language, the
 * title as `<title>` and as the one `<h1>` inside `<main>`, then the
 * content of sonde_stats_report_to_html () one heading level up. Colours
 * are black on white with borders of a contrast above 4.5:1; tests/html
 * checks the document with axe-core.
 *
 * Returns: (transfer full): the HTML document
 */
char *
sonde_stats_report_to_html_document (SondeStatsReport *self,
                                     const char       *language)
{
  GString *out;
  g_autofree char *lang = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  if (language != NULL)
    lang = g_markup_escape_text (language, -1);
  else
    /* Translators: the language code of this translation, for HTML documents */
    lang = g_strdup (C_("html-lang", "en"));

  out = g_string_new (NULL);
  g_string_append_printf (out, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
                          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>", lang);
  append_escaped (out, self->title);
  g_string_append (out, "</title>\n<style>\n"
                        "body { font-family: sans-serif; line-height: 1.5; margin: 2em; color: #1a1a1a; background: #fff; }\n"
                        "table { border-collapse: collapse; margin: 1em 0; }\n"
                        "caption { text-align: left; font-weight: bold; padding: 0.3em 0; }\n"
                        "th, td { border: 1px solid #767676; padding: 0.3em 0.6em; text-align: left; vertical-align: top; }\n"
                        "</style>\n</head>\n<body>\n<main>\n");
  append_report_html (self, out, 1);
  g_string_append (out, "</main>\n</body>\n</html>\n");
  return g_string_free (out, FALSE);
}

static void
append_csv_field (GString    *out,
                  const char *field)
{
  if (strpbrk (field, ",\"\r\n") == NULL)
    {
      g_string_append (out, field);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = field; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

/**
 * sonde_stats_report_to_csv:
 * @self: a #SondeStatsReport
 *
 * Every table as CSV: a line with its title, its header, its rows, and
 * a blank line after it. Cells with a number hold the number at full
 * precision with a decimal point, whatever the locale, so that a
 * spreadsheet reads them back; text cells are quoted when needed.
 *
 * Returns: (transfer full): the CSV text
 */
char *
sonde_stats_report_to_csv (SondeStatsReport *self)
{
  GString *out;

  g_return_val_if_fail (self != NULL, NULL);

  out = g_string_new (NULL);
  for (guint i = 0; i < self->tables->len; i++)
    {
      ReportTable *t = g_ptr_array_index (self->tables, i);
      guint n_rows = t->cells->len / t->n_cols;

      if (i > 0)
        g_string_append (out, "\r\n");
      append_csv_field (out, t->title);
      g_string_append (out, "\r\n");
      for (guint c = 0; c < t->n_cols; c++)
        {
          if (c > 0)
            g_string_append_c (out, ',');
          append_csv_field (out, t->header[c]);
        }
      g_string_append (out, "\r\n");
      for (guint r = 0; r < n_rows; r++)
        {
          for (guint c = 0; c < t->n_cols; c++)
            {
              double v = g_array_index (t->values, double, r * t->n_cols + c);

              if (c > 0)
                g_string_append_c (out, ',');
              if (isfinite (v))
                {
                  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

                  g_string_append (out, g_ascii_formatd (buffer, sizeof buffer, "%.15g", v));
                }
              else
                append_csv_field (out, g_ptr_array_index (t->cells, r * t->n_cols + c));
            }
          g_string_append (out, "\r\n");
        }
    }
  return g_string_free (out, FALSE);
}
