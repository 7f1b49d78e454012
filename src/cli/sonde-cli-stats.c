/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sonde-cli"

/* `sonde-cli stats FILE ANALYSIS [OPTION…]`: every analysis of the
 * statistics engine from the command line, for instructors scripting a
 * demo and for end-to-end tests against R.
 *
 *   describe     --vars a,b [--by g] [--drop-missing listwise|pairwise]
 *   ttest        --var x [--mu M]                 one-sample
 *                --var x --by g [--student]       two-sample (Welch by default)
 *                --var x --paired-with y          paired
 *   anova        --var y --by g                   with Tukey's HSD
 *   correlation  --vars a,b,c [--method pearson|spearman|kendall]
 *                [--drop-missing pairwise|listwise]
 *   chisq        --row a --col b
 *   mannwhitney  --var x --by g
 *   wilcoxon     --var x [--mu M] | --var x --paired-with y
 *   kruskal      --var x --by g
 *   shapiro      --var x
 *   lm           --response y --predictors a,b [--reference g=level…]
 *   logistic     the same, with a yes/no or two-level response
 *
 * The tests take --alternative and --conf-level as R does. The file is
 * read exactly as `sonde-cli inspect` reads it (sonde_cli_read_table() in
 * sonde-cli.c, with every reader option). Numbers come from columns of
 * whole or decimal numbers or yes/no values; groups from columns of
 * categories, text or yes/no values, their levels in R's order (case
 * ignored first, lower case first on a tie) so that group A of a
 * two-sample test and the pairs of Tukey's HSD match R's. Rows with a
 * missing value are left out of each analysis, and the output says how
 * many rows were used and how many dropped.
 *
 * The output is aligned tables and one plain sentence by default, JSON
 * with --json (stable English keys, NaN and infinities as null). Exit
 * status: 0 success, 1 the file cannot be read or the data do not fit
 * the analysis (unknown column, text where numbers are needed, a single
 * group…), 2 the command line is wrong. Datasets are at most a few
 * million rows; each analysis copies the columns it uses once.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "sonde-cli-stats.h"

typedef enum
{
  ANALYSIS_DESCRIBE,
  ANALYSIS_TTEST,
  ANALYSIS_ANOVA,
  ANALYSIS_CORRELATION,
  ANALYSIS_CHISQ,
  ANALYSIS_MANNWHITNEY,
  ANALYSIS_WILCOXON,
  ANALYSIS_KRUSKAL,
  ANALYSIS_SHAPIRO,
  ANALYSIS_LM,
  ANALYSIS_LOGISTIC,
} Analysis;

static const char * const analysis_names[] = {
  "describe", "ttest", "anova", "correlation", "chisq", "mannwhitney",
  "wilcoxon", "kruskal", "shapiro", "lm", "logistic",
};

typedef struct
{
  /* As given on the command line. */
  char     *var;
  char     *vars;
  char     *by;
  char     *paired_with;
  char     *row;
  char     *col;
  char     *response;
  char     *predictors;
  char    **reference;
  char     *method;
  char     *drop_missing;
  char     *alternative;
  double    mu;
  double    conf_level;
  gboolean  welch;
  gboolean  student;
  gboolean  json;

  /* Checked and parsed before the file is read. */
  Analysis                 analysis;
  SondeAlternative         alt;
  SondeCorrelationMethod   cor_method;
  SondeCorrelationMissing  missing;
  char                   **var_list;
  char                   **predictor_list;
  char                   **reference_levels; /* one per predictor, NULL holes */
} StatsOptions;

static void
stats_options_clear (StatsOptions *o)
{
  g_free (o->var);
  g_free (o->vars);
  g_free (o->by);
  g_free (o->paired_with);
  g_free (o->row);
  g_free (o->col);
  g_free (o->response);
  g_free (o->predictors);
  g_strfreev (o->reference);
  g_free (o->method);
  g_free (o->drop_missing);
  g_free (o->alternative);
  g_strfreev (o->var_list);
  if (o->reference_levels != NULL)
    for (guint i = 0; o->predictor_list != NULL && o->predictor_list[i] != NULL; i++)
      g_free (o->reference_levels[i]);
  g_free (o->reference_levels);
  g_strfreev (o->predictor_list);
}

/* Everything an analysis needs to write its output. */
typedef struct
{
  const char   *path;
  SondeTable   *table;
  StatsOptions *o;
  JsonBuilder  *json; /* NULL for text output */
} Ctx;

/* ------------------------------------------------------------------ */
/* Formatting                                                          */

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
    return g_strdup ("< 0.001");
  return g_strdup_printf ("%.3f", p);
}

/* "p = 0.002" or "p < 0.001", for sentences. */
static char *
p_phrase (double p)
{
  if (!isnan (p) && p < 0.001)
    return g_strdup ("p < 0.001");
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

static gboolean
significant (Ctx    *ctx,
             double  p)
{
  return p < 1.0 - ctx->o->conf_level;
}

/* A table of text cells printed with aligned columns: the first left
 * aligned, the others right aligned, a rule under the header. */
typedef struct
{
  guint      n_cols;
  GPtrArray *rows; /* of GStrv */
} TextTable;

static TextTable *
text_table_new (guint n_cols)
{
  TextTable *t = g_new0 (TextTable, 1);

  t->n_cols = n_cols;
  t->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  return t;
}

static void
text_table_free (TextTable *t)
{
  g_ptr_array_unref (t->rows);
  g_free (t);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TextTable, text_table_free)

/* Adds a row of n_cols cells, each an allocated string it takes. */
static void
text_table_add (TextTable *t,
                ...)
{
  char **row = g_new0 (char *, t->n_cols + 1);
  va_list args;

  va_start (args, t);
  for (guint i = 0; i < t->n_cols; i++)
    row[i] = va_arg (args, char *);
  va_end (args);
  g_ptr_array_add (t->rows, row);
}

/* Adds a row from an array of cells (taken). */
static void
text_table_add_strv (TextTable *t,
                     char     **cells)
{
  g_ptr_array_add (t->rows, cells);
}

static void
text_table_print (TextTable *t)
{
  g_autofree glong *width = g_new0 (glong, t->n_cols);
  GString *line = g_string_new (NULL);

  for (guint r = 0; r < t->rows->len; r++)
    {
      char **row = g_ptr_array_index (t->rows, r);

      for (guint c = 0; c < t->n_cols; c++)
        width[c] = MAX (width[c], g_utf8_strlen (row[c], -1));
    }

  for (guint r = 0; r < t->rows->len; r++)
    {
      char **row = g_ptr_array_index (t->rows, r);

      g_string_truncate (line, 0);
      for (guint c = 0; c < t->n_cols; c++)
        {
          glong pad = width[c] - g_utf8_strlen (row[c], -1);

          if (c > 0)
            g_string_append (line, "  ");
          if (c == 0)
            g_string_append (line, row[c]);
          for (glong i = 0; i < pad && (c > 0 || c + 1 < t->n_cols); i++)
            g_string_append_c (line, ' ');
          if (c > 0)
            g_string_append (line, row[c]);
        }
      g_print ("%s\n", line->str);
      if (r == 0)
        {
          glong total = 0;

          for (guint c = 0; c < t->n_cols; c++)
            total += width[c] + (c > 0 ? 2 : 0);
          g_string_truncate (line, 0);
          for (glong i = 0; i < total; i++)
            g_string_append (line, "─");
          g_print ("%s\n", line->str);
        }
    }
  g_print ("\n");
  g_string_free (line, TRUE);
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

/* How many rows the analysis used: a "rows" object, or a line of text. */
static void
report_rows (Ctx   *ctx,
             guint  used)
{
  guint total = sonde_table_get_n_rows (ctx->table);

  if (ctx->json != NULL)
    {
      json_builder_set_member_name (ctx->json, "rows");
      json_builder_begin_object (ctx->json);
      json_int (ctx->json, "total", total);
      json_int (ctx->json, "used", used);
      json_int (ctx->json, "dropped", total - used);
      json_builder_end_object (ctx->json);
    }
  else
    {
      g_autofree char *dropped = g_strdup_printf (g_dngettext (NULL, "%u row dropped for missing values",
                                                               "%u rows dropped for missing values",
                                                               total - used), total - used);

      /* Translators: rows used, the number of rows of the file, then "3 rows dropped for missing values" */
      g_print (_("Rows used: %u of %u (%s).\n"), used, total, dropped);
    }
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
/* Columns to numbers and groups                                       */

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
               name, ctx->path, names->str);
  return NULL;
}

/* The values of the column @name as doubles, NaN for a missing one. */
static double *
get_numbers (Ctx         *ctx,
             const char  *name,
             GError     **error)
{
  SondeColumn *column = get_column (ctx, name, error);
  SondeColumnType type;
  guint n;
  double *x;

  if (column == NULL)
    return NULL;

  type = sonde_column_get_column_type (column);
  if (type != SONDE_COLUMN_TYPE_INTEGER && type != SONDE_COLUMN_TYPE_REAL &&
      type != SONDE_COLUMN_TYPE_BOOLEAN)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                   _("Column “%s” holds %s, not numbers: choose a column of whole or decimal numbers."),
                   name, sonde_column_type_get_label (type));
      return NULL;
    }

  n = sonde_column_get_n_rows (column);
  x = g_new (double, MAX (n, 1));
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

static gboolean
get_groups (Ctx         *ctx,
            const char  *name,
            Groups      *g,
            GError     **error)
{
  SondeColumn *column = get_column (ctx, name, error);
  g_autoptr(GHashTable) index_of = NULL;
  g_autoptr(GPtrArray) labels = NULL;
  g_autofree guint *remap = NULL;
  SondeColumnType type;
  guint n;

  if (column == NULL)
    return FALSE;

  type = sonde_column_get_column_type (column);
  if (type != SONDE_COLUMN_TYPE_CATEGORICAL && type != SONDE_COLUMN_TYPE_TEXT &&
      type != SONDE_COLUMN_TYPE_BOOLEAN)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                   _("Column “%s” holds %s and cannot split rows into groups: choose a column of categories, text or yes/no values."),
                   name, sonde_column_type_get_label (type));
      return FALSE;
    }

  n = sonde_column_get_n_rows (column);
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

  return TRUE;
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
                   ctx->o->var, ctx->o->by);
      return FALSE;
    }
  if (k == 1)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                   _("Column “%s” has a single group (“%s”) in the rows with a value of “%s”: a two-sample test needs 2 groups."),
                   ctx->o->by, g->labels[first], ctx->o->var);
      return FALSE;
    }
  if (k > 2)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                   _("Column “%s” has %u groups: a two-sample test compares exactly 2; use anova or kruskal to compare more."),
                   ctx->o->by, k);
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

/* Copies the values of @x (and @y) in the rows where all have a value. */
static guint
complete_pairs (const double  *x,
                const double  *y,
                guint          n,
                double       **x_out,
                double       **y_out)
{
  guint k = 0;

  *x_out = g_new (double, MAX (n, 1));
  if (y_out != NULL)
    *y_out = g_new (double, MAX (n, 1));
  for (guint r = 0; r < n; r++)
    if (!isnan (x[r]) && (y == NULL || !isnan (y[r])))
      {
        (*x_out)[k] = x[r];
        if (y_out != NULL)
          (*y_out)[k] = y[r];
        k++;
      }
  return k;
}

/* ------------------------------------------------------------------ */
/* describe                                                            */

static gboolean
run_describe (Ctx     *ctx,
              GError **error)
{
  StatsOptions *o = ctx->o;
  guint n = sonde_table_get_n_rows (ctx->table);
  guint n_vars = g_strv_length (o->var_list);
  g_autoptr(GPtrArray) columns = g_ptr_array_new ();
  g_autofree gboolean *complete = g_new (gboolean, MAX (n, 1));
  g_autoptr(TextTable) table = text_table_new (11);
  g_autoptr(GString) sentences = g_string_new (NULL);
  SondeColumn *groups = NULL;
  guint used = 0;

  for (guint v = 0; v < n_vars; v++)
    {
      g_autofree double *check = get_numbers (ctx, o->var_list[v], error);

      if (check == NULL)
        return FALSE;
      g_ptr_array_add (columns, sonde_table_find_column (ctx->table, o->var_list[v]));
    }
  if (o->by != NULL && (groups = get_column (ctx, o->by, error)) == NULL)
    return FALSE;

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

  if (ctx->json != NULL)
    {
      json_str (ctx->json, "missing", o->missing == SONDE_CORRELATION_LISTWISE ? "listwise" : "pairwise");
      json_str (ctx->json, "by", o->by);
      json_builder_set_member_name (ctx->json, "variables");
      json_builder_begin_array (ctx->json);
    }
  else
    text_table_add (table, g_strdup (_("Variable")), g_strdup (_("Group")), g_strdup ("n"),
                    g_strdup (_("Missing")), g_strdup (_("Mean")), g_strdup (_("SD")),
                    g_strdup (_("Min")), g_strdup (_("Q1")), g_strdup (_("Median")),
                    g_strdup (_("Q3")), g_strdup (_("Max")));

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

      if (ctx->json != NULL)
        {
          json_builder_begin_object (ctx->json);
          json_str (ctx->json, "name", o->var_list[v]);
          json_builder_set_member_name (ctx->json, "groups");
          json_builder_begin_array (ctx->json);
        }

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

          if (ctx->json != NULL)
            {
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
            }
          else
            text_table_add (table, g_strdup (o->var_list[v]), g_strdup (label),
                            g_strdup_printf ("%u", s->n), g_strdup_printf ("%u", s->n_missing),
                            num (s->mean), num (s->sd), num (s->min), num (s->q1),
                            num (s->median), num (s->q3), num (s->max));
        }

      if (ctx->json != NULL)
        {
          json_builder_end_array (ctx->json);
          json_builder_end_object (ctx->json);
        }
      else if (groups == NULL && d->len == 1 && !isnan (g_array_index (d, SondeDescriptive, 0).mean))
        {
          const SondeDescriptive *s = &g_array_index (d, SondeDescriptive, 0);
          g_autofree char *mean = num (s->mean);
          g_autofree char *sd = num (s->sd);

          /* Translators: a column name, its mean, its standard deviation, then a count */
          g_string_append_printf (sentences, _("The mean of %s is %s (SD %s, n = %u)."), o->var_list[v], mean, sd, s->n);
          g_string_append_c (sentences, '\n');
        }
      else if (hi != NULL && lo != NULL && hi != lo)
        {
          g_autofree char *hi_mean = num (hi->mean);
          g_autofree char *lo_mean = num (lo->mean);

          /* Translators: a column name, a group and its mean, then another group and its mean */
          g_string_append_printf (sentences, _("The mean of %s is highest in group %s (%s) and lowest in group %s (%s)."),
                                  o->var_list[v], hi->group, hi_mean, lo->group, lo_mean);
          g_string_append_c (sentences, '\n');
        }
    }

  if (ctx->json != NULL)
    json_builder_end_array (ctx->json);
  else
    text_table_print (table);
  report_rows (ctx, used);
  if (ctx->json == NULL)
    g_print ("%s", sentences->str);
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* t-tests                                                             */

static void
print_group_table (const char   *title,
                   const char  **labels,
                   const double **values,
                   const guint  *counts,
                   guint         k)
{
  g_autoptr(TextTable) table = text_table_new (4);

  text_table_add (table, g_strdup (title), g_strdup ("n"), g_strdup (_("Mean")), g_strdup (_("SD")));
  for (guint i = 0; i < k; i++)
    {
      double mean, sd;

      mean_sd (values[i], counts[i], &mean, &sd);
      text_table_add (table, g_strdup (labels[i]), g_strdup_printf ("%u", counts[i]), num (mean), num (sd));
    }
  text_table_print (table);
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
  StatsOptions *o = ctx->o;
  guint n = sonde_table_get_n_rows (ctx->table);
  g_autofree double *x = get_numbers (ctx, o->var, error);
  g_autofree char *stats = NULL;
  g_autofree char *sentence = NULL;
  const char *kind;
  SondeTTest t = { 0 };
  guint used = 0;

  if (x == NULL)
    return FALSE;

  if (o->by != NULL)
    {
      g_auto(Groups) g = { 0 };
      g_autoptr(GArray) a = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GArray) b = g_array_new (FALSE, FALSE, sizeof (double));
      guint la, lb;

      if (!get_groups (ctx, o->by, &g, error) ||
          !split_two (ctx, x, &g, a, b, &la, &lb, error) ||
          !sonde_stats_t_test_two_sample ((double *) (gpointer) a->data, a->len,
                                          (double *) (gpointer) b->data, b->len,
                                          o->mu, o->student, o->alt, o->conf_level, &t, error))
        return FALSE;
      used = a->len + b->len;
      kind = o->student ? "student" : "welch";
      stats = stat_phrase ("t", t.t, t.p);
      if (!significant (ctx, t.p))
        /* Translators: a column name, two group labels, then "t = 1.20, p = 0.234" */
        sentence = g_strdup_printf (_("The mean of %s does not differ significantly between group %s and group %s (%s)."),
                                    o->var, g.labels[la], g.labels[lb], stats);
      else if (t.estimate > o->mu)
        /* Translators: a column name, two group labels, then "t = 3.20, p = 0.002" */
        sentence = g_strdup_printf (_("The mean of %s is higher in group %s than in group %s (%s)."),
                                    o->var, g.labels[la], g.labels[lb], stats);
      else
        /* Translators: a column name, two group labels, then "t = -3.20, p = 0.002" */
        sentence = g_strdup_printf (_("The mean of %s is lower in group %s than in group %s (%s)."),
                                    o->var, g.labels[la], g.labels[lb], stats);

      if (ctx->json != NULL)
        {
          json_builder_set_member_name (ctx->json, "groups");
          json_builder_begin_array (ctx->json);
          json_group (ctx->json, g.labels[la], (double *) (gpointer) a->data, a->len);
          json_group (ctx->json, g.labels[lb], (double *) (gpointer) b->data, b->len);
          json_builder_end_array (ctx->json);
        }
      else
        {
          const char *labels[] = { g.labels[la], g.labels[lb] };
          const double *values[] = { (double *) (gpointer) a->data, (double *) (gpointer) b->data };
          const guint counts[] = { a->len, b->len };

          print_group_table (o->by, labels, values, counts, 2);
        }
    }
  else if (o->paired_with != NULL)
    {
      g_autofree double *y = get_numbers (ctx, o->paired_with, error);

      if (y == NULL ||
          !sonde_stats_t_test_paired (x, y, n, o->mu, o->alt, o->conf_level, &t, error))
        return FALSE;
      used = count_present (x, y, n);
      kind = "paired";
      stats = stat_phrase ("t", t.t, t.p);
      if (!significant (ctx, t.p))
        /* Translators: two column names, then "t = 1.20, p = 0.234" */
        sentence = g_strdup_printf (_("The means of %s and %s do not differ significantly in the same rows (%s)."),
                                    o->var, o->paired_with, stats);
      else if (t.estimate > o->mu)
        /* Translators: two column names, then "t = 3.20, p = 0.002" */
        sentence = g_strdup_printf (_("The mean of %s is higher than the mean of %s in the same rows (%s)."),
                                    o->var, o->paired_with, stats);
      else
        /* Translators: two column names, then "t = -3.20, p = 0.002" */
        sentence = g_strdup_printf (_("The mean of %s is lower than the mean of %s in the same rows (%s)."),
                                    o->var, o->paired_with, stats);
    }
  else
    {
      g_autofree char *mean = NULL;
      g_autofree char *mu = num (o->mu);

      if (!sonde_stats_t_test_one_sample (x, n, o->mu, o->alt, o->conf_level, &t, error))
        return FALSE;
      used = t.n1;
      kind = "one-sample";
      stats = stat_phrase ("t", t.t, t.p);
      mean = num (t.estimate);
      if (!significant (ctx, t.p))
        /* Translators: a column name, its mean, the value tested, then "t = 1.20, p = 0.234" */
        sentence = g_strdup_printf (_("The mean of %s (%s) does not differ significantly from %s (%s)."),
                                    o->var, mean, mu, stats);
      else if (t.estimate > o->mu)
        /* Translators: a column name, its mean, the value tested, then "t = 3.20, p = 0.002" */
        sentence = g_strdup_printf (_("The mean of %s (%s) is higher than %s (%s)."), o->var, mean, mu, stats);
      else
        /* Translators: a column name, its mean, the value tested, then "t = -3.20, p = 0.002" */
        sentence = g_strdup_printf (_("The mean of %s (%s) is lower than %s (%s)."), o->var, mean, mu, stats);
    }

  if (ctx->json != NULL)
    {
      json_str (ctx->json, "test", kind);
      json_str (ctx->json, "alternative", alternative_name (o->alt));
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
      report_rows (ctx, used);
    }
  else
    {
      g_autofree char *tv = num (t.t);
      g_autofree char *df = num (t.df);
      g_autofree char *p = p_phrase (t.p);
      g_autofree char *est = num (t.estimate);
      g_autofree char *lo = num (t.conf_low);
      g_autofree char *hi = num (t.conf_high);
      g_autofree char *d = num (t.cohen_d);

      g_print ("t = %s, df = %s, %s\n", tv, df, p);
      /* Translators: the estimate, the confidence level in percent, then the bounds of the interval */
      g_print (_("Estimate: %s; %g %% confidence interval: [%s, %s]\n"), est, 100.0 * t.conf_level, lo, hi);
      g_print (_("Cohen's d: %s\n"), d);
      report_rows (ctx, used);
      g_print ("%s\n", sentence);
    }

  return TRUE;
}

/* ------------------------------------------------------------------ */
/* ANOVA with Tukey's HSD, and Kruskal-Wallis                          */

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

static gboolean
run_anova (Ctx     *ctx,
           GError **error)
{
  StatsOptions *o = ctx->o;
  guint n = sonde_table_get_n_rows (ctx->table);
  g_autofree double *x = get_numbers (ctx, o->var, error);
  g_auto(Groups) g = { 0 };
  g_autofree double *values = NULL;
  g_autofree guint *codes = NULL;
  g_autoptr(SondeAnova) a = NULL;
  g_autoptr(SondeTukey) tk = NULL;
  g_autofree char *stats = NULL;
  guint used, n_significant = 0;

  if (x == NULL || !get_groups (ctx, o->by, &g, error))
    return FALSE;
  used = grouped_values (x, &g, n, &values, &codes);
  if ((a = sonde_stats_anova_one_way (values, codes, used, g.n_levels, error)) == NULL ||
      (tk = sonde_stats_tukey_hsd (values, codes, used, g.n_levels, o->conf_level, error)) == NULL)
    return FALSE;

  for (guint i = 0; i < tk->n_pairs; i++)
    if (significant (ctx, tk->pairs[i].p_adj))
      n_significant++;

  if (ctx->json != NULL)
    {
      JsonBuilder *b = ctx->json;

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
      report_rows (ctx, used);
      return TRUE;
    }

  {
    g_autoptr(TextTable) groups = text_table_new (3);
    g_autoptr(TextTable) anova = text_table_new (6);
    g_autoptr(TextTable) pairs = text_table_new (5);
    g_autofree char *level = g_strdup_printf (_("Tukey's HSD, %g %% family-wise confidence"), 100.0 * o->conf_level);

    text_table_add (groups, g_strdup (o->by), g_strdup ("n"), g_strdup (_("Mean")));
    for (guint i = 0; i < a->n_groups; i++)
      if (a->group_n[i] > 0)
        text_table_add (groups, g_strdup (g.labels[i]), g_strdup_printf ("%u", a->group_n[i]), num (a->group_mean[i]));
    text_table_print (groups);

    text_table_add (anova, g_strdup (_("Source")), g_strdup ("df"), g_strdup (_("Sum of squares")),
                    g_strdup (_("Mean square")), g_strdup ("F"), g_strdup ("p"));
    text_table_add (anova, g_strdup (o->by), num (a->df_between), num (a->ss_between),
                    num (a->ss_between / a->df_between), num (a->f), pval (a->p));
    text_table_add (anova, g_strdup (_("Residuals")), num (a->df_within), num (a->ss_within),
                    num (a->ss_within / a->df_within), g_strdup (""), g_strdup (""));
    text_table_print (anova);

    g_print ("%s\n", level);
    text_table_add (pairs, g_strdup (_("Comparison")), g_strdup (_("Difference")), g_strdup (_("Lower")),
                    g_strdup (_("Upper")), g_strdup (_("Adjusted p")));
    for (guint i = 0; i < tk->n_pairs; i++)
      {
        const SondeTukeyPair *p = &tk->pairs[i];

        text_table_add (pairs, g_strdup_printf ("%s-%s", g.labels[p->group_b], g.labels[p->group_a]),
                        num (p->diff), num (p->lower), num (p->upper), pval (p->p_adj));
      }
    text_table_print (pairs);
  }

  report_rows (ctx, used);
  stats = stat_phrase ("F", a->f, a->p);
  if (significant (ctx, a->p))
    /* Translators: a column name, the column of groups, then "F = 5.20, p = 0.002" */
    g_print (_("The mean of %s differs between the groups of %s (%s)."), o->var, o->by, stats);
  else
    /* Translators: a column name, the column of groups, then "F = 1.20, p = 0.310" */
    g_print (_("The mean of %s does not differ significantly between the groups of %s (%s)."), o->var, o->by, stats);
  g_print (" ");
  g_print (g_dngettext (NULL, "Tukey's HSD finds %u of %u pair of groups significantly different.",
                        "Tukey's HSD finds %u of %u pairs of groups significantly different.", tk->n_pairs),
           n_significant, tk->n_pairs);
  g_print ("\n");
  return TRUE;
}

static gboolean
run_kruskal (Ctx     *ctx,
             GError **error)
{
  StatsOptions *o = ctx->o;
  guint n = sonde_table_get_n_rows (ctx->table);
  g_autofree double *x = get_numbers (ctx, o->var, error);
  g_auto(Groups) g = { 0 };
  g_autofree double *values = NULL;
  g_autofree guint *codes = NULL;
  g_autofree char *stats = NULL;
  SondeKruskal k = { 0 };
  guint used;

  if (x == NULL || !get_groups (ctx, o->by, &g, error))
    return FALSE;
  used = grouped_values (x, &g, n, &values, &codes);
  if (!sonde_stats_kruskal_wallis (values, codes, used, g.n_levels, &k, error))
    return FALSE;

  if (ctx->json != NULL)
    {
      json_num (ctx->json, "statistic", k.statistic);
      json_num (ctx->json, "df", k.df);
      json_num (ctx->json, "p", k.p);
      json_int (ctx->json, "n", k.n);
      report_rows (ctx, used);
      return TRUE;
    }

  {
    g_autofree char *s = num (k.statistic);
    g_autofree char *df = num (k.df);
    g_autofree char *p = p_phrase (k.p);

    /* Translators: the chi-squared statistic, its degrees of freedom, then "p = 0.002" */
    g_print (_("Kruskal-Wallis chi-squared = %s, df = %s, %s\n"), s, df, p);
  }
  report_rows (ctx, used);
  stats = stat_phrase ("χ²", k.statistic, k.p);
  if (significant (ctx, k.p))
    /* Translators: a column name, the column of groups, then "χ² = 12.30, p = 0.002" */
    g_print (_("The values of %s differ between the groups of %s (Kruskal-Wallis %s)."), o->var, o->by, stats);
  else
    /* Translators: a column name, the column of groups, then "χ² = 2.30, p = 0.310" */
    g_print (_("The values of %s do not differ significantly between the groups of %s (Kruskal-Wallis %s)."), o->var, o->by, stats);
  g_print ("\n");
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* correlation and chi-square                                          */

static gboolean
run_correlation (Ctx     *ctx,
                 GError **error)
{
  StatsOptions *o = ctx->o;
  guint n = sonde_table_get_n_rows (ctx->table);
  guint k = g_strv_length (o->var_list);
  g_autofree guint *indices = g_new (guint, k);
  g_autofree guint *present = g_new0 (guint, MAX (n, 1));
  g_autoptr(SondeCorrelationMatrix) m = NULL;
  const char *symbol = o->cor_method == SONDE_CORRELATION_PEARSON ? "r" :
                       o->cor_method == SONDE_CORRELATION_SPEARMAN ? "rho" : "tau";
  const char *method = o->cor_method == SONDE_CORRELATION_PEARSON ? "pearson" :
                       o->cor_method == SONDE_CORRELATION_SPEARMAN ? "spearman" : "kendall";
  guint best_i = 0, best_j = 0;
  double best = -1.0;
  guint used = 0;

  for (guint v = 0; v < k; v++)
    {
      g_autofree double *x = get_numbers (ctx, o->var_list[v], error);

      if (x == NULL)
        return FALSE;
      indices[v] = sonde_table_find_column_index (ctx->table, o->var_list[v]);
      for (guint r = 0; r < n; r++)
        if (!isnan (x[r]))
          present[r]++;
    }
  for (guint r = 0; r < n; r++)
    if (o->missing == SONDE_CORRELATION_LISTWISE ? present[r] == k : present[r] >= 2)
      used++;

  m = sonde_correlation_matrix_new (ctx->table, indices, k, o->cor_method, o->missing, error);
  if (m == NULL)
    return FALSE;

  for (guint i = 0; i < k; i++)
    for (guint j = i + 1; j < k; j++)
      if (!isnan (m->estimates[i * k + j]) && fabs (m->estimates[i * k + j]) > best)
        {
          best = fabs (m->estimates[i * k + j]);
          best_i = i;
          best_j = j;
        }

  if (ctx->json != NULL)
    {
      JsonBuilder *b = ctx->json;

      json_str (b, "method", method);
      json_str (b, "missing", o->missing == SONDE_CORRELATION_LISTWISE ? "listwise" : "pairwise");
      json_builder_set_member_name (b, "pairs");
      json_builder_begin_array (b);
      for (guint i = 0; i < k; i++)
        for (guint j = i + 1; j < k; j++)
          {
            json_builder_begin_object (b);
            json_str (b, "x", o->var_list[i]);
            json_str (b, "y", o->var_list[j]);
            json_num (b, "estimate", m->estimates[i * k + j]);
            json_num (b, "p", m->p_values[i * k + j]);
            json_int (b, "n", m->counts[i * k + j]);
            json_builder_end_object (b);
          }
      json_builder_end_array (b);
      report_rows (ctx, used);
      return TRUE;
    }

  {
    g_autoptr(TextTable) matrix = text_table_new (k + 1);
    g_autoptr(TextTable) pairs = text_table_new (4);
    char **header = g_new0 (char *, k + 2);

    header[0] = g_strdup (symbol);
    for (guint j = 0; j < k; j++)
      header[j + 1] = g_strdup (o->var_list[j]);
    text_table_add_strv (matrix, header);
    for (guint i = 0; i < k; i++)
      {
        char **row = g_new0 (char *, k + 2);

        row[0] = g_strdup (o->var_list[i]);
        for (guint j = 0; j < k; j++)
          row[j + 1] = g_strdup_printf ("%.3f", m->estimates[i * k + j]);
        text_table_add_strv (matrix, row);
      }
    text_table_print (matrix);

    text_table_add (pairs, g_strdup (_("Pair")), g_strdup (symbol), g_strdup ("p"), g_strdup ("n"));
    for (guint i = 0; i < k; i++)
      for (guint j = i + 1; j < k; j++)
        text_table_add (pairs, g_strdup_printf ("%s – %s", o->var_list[i], o->var_list[j]),
                        g_strdup_printf ("%.3f", m->estimates[i * k + j]),
                        pval (m->p_values[i * k + j]),
                        g_strdup_printf ("%u", m->counts[i * k + j]));
    text_table_print (pairs);
  }

  report_rows (ctx, used);
  if (best >= 0.0)
    {
      g_autofree char *stats = NULL;
      double e = m->estimates[best_i * k + best_j];
      double p = m->p_values[best_i * k + best_j];

      stats = stat_phrase (symbol, e, p);
      if (significant (ctx, p))
        /* Translators: two column names, then "r = 0.52, p < 0.001" */
        g_print (_("The strongest correlation is between %s and %s (%s)."), o->var_list[best_i], o->var_list[best_j], stats);
      else
        /* Translators: two column names, then "r = 0.12, p = 0.310" */
        g_print (_("No correlation is significant; the strongest is between %s and %s (%s)."),
                 o->var_list[best_i], o->var_list[best_j], stats);
      g_print ("\n");
    }
  return TRUE;
}

static gboolean
run_chisq (Ctx     *ctx,
           GError **error)
{
  StatsOptions *o = ctx->o;
  SondeColumn *rows = get_column (ctx, o->row, error);
  SondeColumn *cols = rows != NULL ? get_column (ctx, o->col, error) : NULL;
  g_autoptr(SondeChisq) c = NULL;
  g_autofree char *stats = NULL;
  g_autofree char *df = NULL;

  if (rows == NULL || cols == NULL)
    return FALSE;
  if ((c = sonde_chisq_new_from_columns (rows, cols, TRUE, error)) == NULL)
    return FALSE;

  if (ctx->json != NULL)
    {
      JsonBuilder *b = ctx->json;

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
      report_rows (ctx, (guint) c->total);
      return TRUE;
    }

  {
    g_autoptr(TextTable) table = text_table_new (c->n_cols + 1);
    char **header = g_new0 (char *, c->n_cols + 2);
    g_autofree char *x2 = num (c->statistic);
    g_autofree char *p = p_phrase (c->p_value);
    g_autofree char *v = num (c->cramers_v);

    header[0] = g_strdup_printf ("%s \\ %s", o->row, o->col);
    for (guint j = 0; j < c->n_cols; j++)
      header[j + 1] = g_strdup (c->col_labels[j]);
    text_table_add_strv (table, header);
    for (guint i = 0; i < c->n_rows; i++)
      {
        char **row = g_new0 (char *, c->n_cols + 2);

        row[0] = g_strdup (c->row_labels[i]);
        for (guint j = 0; j < c->n_cols; j++)
          row[j + 1] = g_strdup_printf ("%.0f", c->observed[i * c->n_cols + j]);
        text_table_add_strv (table, row);
      }
    text_table_print (table);
    df = num (c->df);
    /* Translators: the statistic, its degrees of freedom, "p = 0.002", then Cramér's V */
    g_print (_("X-squared = %s, df = %s, %s; Cramér's V = %s\n"), x2, df, p, v);
    if (c->yates)
      g_print ("%s\n", _("Yates' continuity correction was applied (2 × 2 table)."));
    if (c->low_expected)
      g_print ("%s\n", _("Some expected counts are below 5: the chi-square approximation may be poor."));
  }

  report_rows (ctx, (guint) c->total);
  {
    g_autofree char *ps = p_phrase (c->p_value);

    stats = g_strdup_printf ("χ² = %.2f, df = %s, %s", c->statistic, df, ps);
  }
  if (significant (ctx, c->p_value))
    /* Translators: two column names, then "χ² = 12.30, df = 4, p = 0.015" */
    g_print (_("%s and %s are associated (%s)."), o->row, o->col, stats);
  else
    /* Translators: two column names, then "χ² = 2.30, df = 4, p = 0.681" */
    g_print (_("%s and %s show no significant association (%s)."), o->row, o->col, stats);
  g_print ("\n");
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
                 const char          *sentence)
{
  if (ctx->json != NULL)
    {
      json_str (ctx->json, "test", test);
      json_str (ctx->json, "alternative", alternative_name (ctx->o->alt));
      json_num (ctx->json, "mu", ctx->o->mu);
      json_num (ctx->json, "statistic", w->statistic);
      json_num (ctx->json, "p", w->p);
      json_bool (ctx->json, "exact", w->exact);
      json_int (ctx->json, "n1", w->n1);
      json_int (ctx->json, "n2", w->n2);
      report_rows (ctx, used);
      return;
    }

  {
    g_autofree char *s = num (w->statistic);
    g_autofree char *p = p_phrase (w->p);

    /* Translators: W or V, its value, "p = 0.002", then "exact" or "normal approximation" */
    g_print (_("%s = %s, %s (%s)\n"), name, s, p,
             w->exact ? _("exact") : _("normal approximation"));
  }
  report_rows (ctx, used);
  g_print ("%s\n", sentence);
}

static gboolean
run_mannwhitney (Ctx     *ctx,
                 GError **error)
{
  StatsOptions *o = ctx->o;
  g_autofree double *x = get_numbers (ctx, o->var, error);
  g_auto(Groups) g = { 0 };
  g_autoptr(GArray) a = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) b = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *stats = NULL;
  g_autofree char *sentence = NULL;
  SondeWilcoxon w = { 0 };
  guint la, lb;

  if (x == NULL || !get_groups (ctx, o->by, &g, error) ||
      !split_two (ctx, x, &g, a, b, &la, &lb, error) ||
      !sonde_stats_wilcoxon_rank_sum ((double *) (gpointer) a->data, a->len,
                                      (double *) (gpointer) b->data, b->len,
                                      o->mu, o->alt, TRUE, TRUE, &w, error))
    return FALSE;

  stats = stat_phrase ("W", w.statistic, w.p);
  if (!significant (ctx, w.p))
    /* Translators: a column name, two group labels, then "W = 120.00, p = 0.310" */
    sentence = g_strdup_printf (_("The values of %s do not differ significantly between group %s and group %s (%s)."),
                                o->var, g.labels[la], g.labels[lb], stats);
  else if (w.statistic > 0.5 * w.n1 * w.n2)
    /* Translators: a column name, two group labels, then "W = 320.00, p = 0.002" */
    sentence = g_strdup_printf (_("The values of %s tend to be higher in group %s than in group %s (%s)."),
                                o->var, g.labels[la], g.labels[lb], stats);
  else
    /* Translators: a column name, two group labels, then "W = 20.00, p = 0.002" */
    sentence = g_strdup_printf (_("The values of %s tend to be lower in group %s than in group %s (%s)."),
                                o->var, g.labels[la], g.labels[lb], stats);

  if (ctx->json != NULL)
    {
      json_builder_set_member_name (ctx->json, "groups");
      json_builder_begin_array (ctx->json);
      json_builder_add_string_value (ctx->json, g.labels[la]);
      json_builder_add_string_value (ctx->json, g.labels[lb]);
      json_builder_end_array (ctx->json);
    }
  output_wilcoxon (ctx, &w, "rank-sum", "W", a->len + b->len, sentence);
  return TRUE;
}

static gboolean
run_wilcoxon (Ctx     *ctx,
              GError **error)
{
  StatsOptions *o = ctx->o;
  guint n = sonde_table_get_n_rows (ctx->table);
  g_autofree double *x = get_numbers (ctx, o->var, error);
  g_autofree double *y = NULL;
  g_autofree char *stats = NULL;
  g_autofree char *sentence = NULL;
  SondeWilcoxon w = { 0 };
  gboolean above;

  if (x == NULL)
    return FALSE;

  if (o->paired_with != NULL)
    {
      if ((y = get_numbers (ctx, o->paired_with, error)) == NULL ||
          !sonde_stats_wilcoxon_paired (x, y, n, o->mu, o->alt, TRUE, TRUE, &w, error))
        return FALSE;
    }
  else if (!sonde_stats_wilcoxon_signed_rank (x, n, o->mu, o->alt, TRUE, TRUE, &w, error))
    return FALSE;

  stats = stat_phrase ("V", w.statistic, w.p);
  above = w.statistic > 0.25 * w.n1 * (w.n1 + 1.0);
  if (y != NULL)
    {
      if (!significant (ctx, w.p))
        /* Translators: two column names, then "V = 120.00, p = 0.310" */
        sentence = g_strdup_printf (_("The values of %s and %s do not differ significantly in the same rows (%s)."),
                                    o->var, o->paired_with, stats);
      else if (above)
        /* Translators: two column names, then "V = 320.00, p = 0.002" */
        sentence = g_strdup_printf (_("The values of %s tend to be higher than those of %s in the same rows (%s)."),
                                    o->var, o->paired_with, stats);
      else
        /* Translators: two column names, then "V = 20.00, p = 0.002" */
        sentence = g_strdup_printf (_("The values of %s tend to be lower than those of %s in the same rows (%s)."),
                                    o->var, o->paired_with, stats);
    }
  else
    {
      g_autofree char *mu = num (o->mu);

      if (!significant (ctx, w.p))
        /* Translators: a column name, the value tested, then "V = 120.00, p = 0.310" */
        sentence = g_strdup_printf (_("The values of %s do not differ significantly from %s (%s)."), o->var, mu, stats);
      else if (above)
        /* Translators: a column name, the value tested, then "V = 320.00, p = 0.002" */
        sentence = g_strdup_printf (_("The values of %s tend to be above %s (%s)."), o->var, mu, stats);
      else
        /* Translators: a column name, the value tested, then "V = 20.00, p = 0.002" */
        sentence = g_strdup_printf (_("The values of %s tend to be below %s (%s)."), o->var, mu, stats);
    }

  output_wilcoxon (ctx, &w, y != NULL ? "paired" : "signed-rank", "V", count_present (x, y, n), sentence);
  return TRUE;
}

static gboolean
run_shapiro (Ctx     *ctx,
             GError **error)
{
  StatsOptions *o = ctx->o;
  guint n = sonde_table_get_n_rows (ctx->table);
  g_autofree double *x = get_numbers (ctx, o->var, error);
  g_autofree double *kept = NULL;
  g_autofree char *stats = NULL;
  SondeShapiro s = { 0 };
  guint used;

  if (x == NULL)
    return FALSE;
  used = complete_pairs (x, NULL, n, &kept, NULL);
  if (!sonde_stats_shapiro_wilk (kept, used, &s, error))
    return FALSE;

  if (ctx->json != NULL)
    {
      json_num (ctx->json, "w", s.w);
      json_num (ctx->json, "p", s.p);
      json_int (ctx->json, "n", s.n);
      report_rows (ctx, used);
      return TRUE;
    }

  {
    g_autofree char *ps = p_phrase (s.p);

    stats = g_strdup_printf ("W = %.3f, %s", s.w, ps);
  }
  g_print ("%s\n", stats);
  report_rows (ctx, used);
  if (significant (ctx, s.p))
    /* Translators: a column name, then "W = 0.950, p < 0.001" */
    g_print (_("The values of %s do not look normally distributed (Shapiro-Wilk %s)."), o->var, stats);
  else
    /* Translators: a column name, then "W = 0.990, p = 0.420" */
    g_print (_("The values of %s are consistent with a normal distribution (Shapiro-Wilk %s)."), o->var, stats);
  g_print ("\n");
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
print_coefficients (const SondeCoefficient *c,
                    guint                   n,
                    gboolean                logistic)
{
  g_autoptr(TextTable) table = text_table_new (7);

  text_table_add (table, g_strdup (_("Term")), g_strdup (_("Estimate")), g_strdup (_("Std. error")),
                  g_strdup (logistic ? "z" : "t"), g_strdup ("p"),
                  g_strdup (logistic ? _("Odds ratio") : _("Lower")),
                  g_strdup (logistic ? _("OR interval") : _("Upper")));
  for (guint i = 0; i < n; i++)
    {
      char *last;
      char *before_last;

      if (logistic)
        {
          g_autofree char *lo = num (c[i].odds_ratio_low);
          g_autofree char *hi = num (c[i].odds_ratio_high);

          before_last = num (c[i].odds_ratio);
          last = g_strdup_printf ("[%s, %s]", lo, hi);
        }
      else
        {
          before_last = num (c[i].conf_low);
          last = num (c[i].conf_high);
        }
      text_table_add (table, g_strdup (c[i].name), num (c[i].estimate), num (c[i].std_error),
                      num (c[i].statistic), pval (c[i].p), before_last, last);
    }
  text_table_print (table);
}

static gboolean
run_lm (Ctx     *ctx,
        GError **error)
{
  StatsOptions *o = ctx->o;
  g_autoptr(SondeLinearModel) m = NULL;

  if (get_column (ctx, o->response, error) == NULL)
    return FALSE;
  for (guint i = 0; o->predictor_list[i] != NULL; i++)
    if (get_column (ctx, o->predictor_list[i], error) == NULL)
      return FALSE;

  m = sonde_stats_linear_regression (ctx->table, o->response, (const char * const *) o->predictor_list,
                                     (const char * const *) o->reference_levels, o->conf_level, error);
  if (m == NULL)
    return FALSE;

  if (ctx->json != NULL)
    {
      JsonBuilder *b = ctx->json;

      json_str (b, "response", o->response);
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
      report_rows (ctx, m->n_used);
      return TRUE;
    }

  print_coefficients (m->coefficients, m->n_coefficients, FALSE);
  {
    g_autofree char *sigma = num (m->sigma);
    g_autofree char *df = num (m->df_residual);
    g_autofree char *r2 = num (m->r_squared);
    g_autofree char *adj = num (m->adj_r_squared);
    g_autofree char *f = num (m->f);
    g_autofree char *df1 = num (m->f_df1);
    g_autofree char *df2 = num (m->f_df2);
    g_autofree char *p = p_phrase (m->f_p);
    g_autofree char *stats = stat_phrase ("F", m->f, m->f_p);

    /* Translators: the residual standard error, then its degrees of freedom */
    g_print (_("Residual standard error: %s on %s degrees of freedom\n"), sigma, df);
    /* Translators: R², then the adjusted R² */
    g_print (_("R²: %s, adjusted R²: %s\n"), r2, adj);
    g_print ("F = %s, df = %s and %s, %s\n", f, df1, df2, p);
    report_rows (ctx, m->n_used);
    if (significant (ctx, m->f_p))
      /* Translators: a percentage, a column name, then "F = 12.30, p < 0.001" */
      g_print (_("The model explains %.1f %% of the variance of %s (%s)."), 100.0 * m->r_squared, o->response, stats);
    else
      /* Translators: a percentage, a column name, then "F = 1.30, p = 0.270" */
      g_print (_("The model explains %.1f %% of the variance of %s, which is not significant (%s)."),
               100.0 * m->r_squared, o->response, stats);
    g_print ("\n");
  }
  return TRUE;
}

static gboolean
run_logistic (Ctx     *ctx,
              GError **error)
{
  StatsOptions *o = ctx->o;
  g_autoptr(SondeLogisticModel) m = NULL;
  guint n_significant = 0;

  if (get_column (ctx, o->response, error) == NULL)
    return FALSE;
  for (guint i = 0; o->predictor_list[i] != NULL; i++)
    if (get_column (ctx, o->predictor_list[i], error) == NULL)
      return FALSE;

  m = sonde_stats_logistic_regression (ctx->table, o->response, (const char * const *) o->predictor_list,
                                       (const char * const *) o->reference_levels, o->conf_level, error);
  if (m == NULL)
    return FALSE;

  for (guint i = 1; i < m->n_coefficients; i++)
    if (significant (ctx, m->coefficients[i].p))
      n_significant++;

  if (ctx->json != NULL)
    {
      JsonBuilder *b = ctx->json;

      json_str (b, "response", o->response);
      json_str (b, "positive_level", m->positive_level);
      json_coefficients (b, m->coefficients, m->n_coefficients, TRUE);
      json_num (b, "conf_level", m->conf_level);
      json_num (b, "null_deviance", m->null_deviance);
      json_num (b, "null_df", m->null_df);
      json_num (b, "deviance", m->deviance);
      json_num (b, "df_residual", m->df_residual);
      json_num (b, "aic", m->aic);
      json_int (b, "iterations", m->n_iterations);
      report_rows (ctx, m->n_used);
      return TRUE;
    }

  print_coefficients (m->coefficients, m->n_coefficients, TRUE);
  {
    g_autofree char *nd = num (m->null_deviance);
    g_autofree char *ndf = num (m->null_df);
    g_autofree char *d = num (m->deviance);
    g_autofree char *ddf = num (m->df_residual);
    g_autofree char *aic = num (m->aic);

    /* Translators: the level of the response modelled, such as "true" */
    g_print (_("Modelled: the probability that %s is %s\n"), o->response, m->positive_level);
    /* Translators: null deviance and its df, residual deviance and its df, then the AIC */
    g_print (_("Null deviance: %s on %s df; residual deviance: %s on %s df; AIC: %s\n"), nd, ndf, d, ddf, aic);
    report_rows (ctx, m->n_used);
    /* Translators: a column name, a level, the deviances without and with the predictors, then a count */
    g_print (g_dngettext (NULL,
                          "The model of %s = %s lowers the deviance from %s to %s; %u coefficient besides the intercept is significant.",
                          "The model of %s = %s lowers the deviance from %s to %s; %u coefficients besides the intercept are significant.",
                          n_significant),
             o->response, m->positive_level, nd, d, n_significant);
    g_print ("\n");
  }
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* The command                                                         */

static char **
split_list (const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);
  GPtrArray *kept = g_ptr_array_new ();

  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *name = g_strstrip (parts[i]);

      if (*name != '\0')
        g_ptr_array_add (kept, g_strdup (name));
    }
  g_ptr_array_add (kept, NULL);
  return (char **) g_ptr_array_free (kept, FALSE);
}

/* Checks the command line before the file is read: the analysis, the
 * options it needs, and the values of the options that have choices. */
static gboolean
check_arguments (int        argc,
                 char     **argv,
                 gpointer   user_data,
                 char     **message)
{
  StatsOptions *o = user_data;
  const char *name;
  gboolean found = FALSE;
  gboolean needs_var = FALSE, needs_by = FALSE, needs_vars = FALSE, needs_model = FALSE;

  if (argc != 3)
    {
      *message = g_strdup (_("stats needs a FILE and an ANALYSIS: describe, ttest, anova, correlation, chisq, mannwhitney, wilcoxon, kruskal, shapiro, lm or logistic."));
      return FALSE;
    }

  name = argv[2];
  for (guint i = 0; i < G_N_ELEMENTS (analysis_names); i++)
    if (strcmp (name, analysis_names[i]) == 0)
      {
        o->analysis = i;
        found = TRUE;
      }
  if (!found)
    {
      *message = g_strdup_printf (_("“%s” is not an analysis: use describe, ttest, anova, correlation, chisq, mannwhitney, wilcoxon, kruskal, shapiro, lm or logistic."), name);
      return FALSE;
    }

  if (o->alternative == NULL || strcmp (o->alternative, "two-sided") == 0 || strcmp (o->alternative, "two.sided") == 0)
    o->alt = SONDE_ALTERNATIVE_TWO_SIDED;
  else if (strcmp (o->alternative, "less") == 0)
    o->alt = SONDE_ALTERNATIVE_LESS;
  else if (strcmp (o->alternative, "greater") == 0)
    o->alt = SONDE_ALTERNATIVE_GREATER;
  else
    {
      *message = g_strdup_printf (_("“%s” is not a choice for --alternative: use two-sided, less or greater."), o->alternative);
      return FALSE;
    }

  if (o->method == NULL || strcmp (o->method, "pearson") == 0)
    o->cor_method = SONDE_CORRELATION_PEARSON;
  else if (strcmp (o->method, "spearman") == 0)
    o->cor_method = SONDE_CORRELATION_SPEARMAN;
  else if (strcmp (o->method, "kendall") == 0)
    o->cor_method = SONDE_CORRELATION_KENDALL;
  else
    {
      *message = g_strdup_printf (_("“%s” is not a choice for --method: use pearson, spearman or kendall."), o->method);
      return FALSE;
    }

  /* Pairwise by default for describe and correlation, as the engine. */
  if (o->drop_missing == NULL || strcmp (o->drop_missing, "pairwise") == 0)
    o->missing = SONDE_CORRELATION_PAIRWISE;
  else if (strcmp (o->drop_missing, "listwise") == 0)
    o->missing = SONDE_CORRELATION_LISTWISE;
  else
    {
      *message = g_strdup_printf (_("“%s” is not a choice for --drop-missing: use listwise or pairwise."), o->drop_missing);
      return FALSE;
    }

  if (!(o->conf_level > 0.0 && o->conf_level < 1.0))
    {
      *message = g_strdup_printf (_("The confidence level %g is not between 0 and 1: use for example 0.95 for a 95 %% interval."), o->conf_level);
      return FALSE;
    }

  switch (o->analysis)
    {
    case ANALYSIS_DESCRIBE:
      if (o->vars == NULL && o->var != NULL)
        o->vars = g_strdup (o->var);
      needs_vars = TRUE;
      break;
    case ANALYSIS_CORRELATION:
      needs_vars = TRUE;
      break;
    case ANALYSIS_TTEST:
    case ANALYSIS_WILCOXON:
    case ANALYSIS_SHAPIRO:
      needs_var = TRUE;
      break;
    case ANALYSIS_ANOVA:
    case ANALYSIS_MANNWHITNEY:
    case ANALYSIS_KRUSKAL:
      needs_var = needs_by = TRUE;
      break;
    case ANALYSIS_LM:
    case ANALYSIS_LOGISTIC:
      needs_model = TRUE;
      break;
    case ANALYSIS_CHISQ:
    default:
      break;
    }

  if (needs_var && o->var == NULL)
    *message = g_strdup_printf (_("%s needs the column to analyse: give --var COLUMN."), name);
  else if (needs_by && o->by == NULL)
    *message = g_strdup_printf (_("%s needs the column of groups: give --by COLUMN."), name);
  else if (needs_vars && o->vars == NULL)
    *message = g_strdup_printf (_("%s needs columns: give --vars A,B,…"), name);
  else if (o->analysis == ANALYSIS_CHISQ && (o->row == NULL || o->col == NULL))
    *message = g_strdup (_("chisq needs two columns: give --row COLUMN and --col COLUMN."));
  else if (needs_model && (o->response == NULL || o->predictors == NULL))
    *message = g_strdup_printf (_("%s needs a model: give --response COLUMN and --predictors A,B,…"), name);
  else if (o->by != NULL && o->paired_with != NULL)
    *message = g_strdup (_("Give --by or --paired-with, not both."));
  else if (o->welch && o->student)
    *message = g_strdup (_("Give --welch or --student, not both."));
  else if ((o->welch || o->student) && (o->analysis != ANALYSIS_TTEST || o->by == NULL))
    *message = g_strdup (_("--welch and --student apply to a two-sample t-test (ttest with --by)."));
  else if (o->paired_with != NULL && o->analysis != ANALYSIS_TTEST && o->analysis != ANALYSIS_WILCOXON)
    *message = g_strdup (_("--paired-with applies to ttest and wilcoxon."));
  else if (o->by != NULL && o->analysis == ANALYSIS_WILCOXON)
    *message = g_strdup (_("wilcoxon compares paired values: use mannwhitney to compare two groups."));
  else if (o->drop_missing != NULL && o->analysis != ANALYSIS_DESCRIBE && o->analysis != ANALYSIS_CORRELATION)
    *message = g_strdup (_("--drop-missing applies to describe and correlation; the other analyses use every row that has the values they need."));
  else if (o->method != NULL && o->analysis != ANALYSIS_CORRELATION)
    *message = g_strdup (_("--method applies to correlation."));
  if (*message != NULL)
    return FALSE;

  if (o->vars != NULL)
    {
      o->var_list = split_list (o->vars);
      if (o->analysis == ANALYSIS_CORRELATION && g_strv_length (o->var_list) < 2)
        {
          *message = g_strdup (_("correlation needs at least 2 columns: give --vars A,B,…"));
          return FALSE;
        }
      if (o->var_list[0] == NULL)
        {
          *message = g_strdup_printf (_("%s needs columns: give --vars A,B,…"), name);
          return FALSE;
        }
    }

  if (needs_model)
    {
      guint n;

      o->predictor_list = split_list (o->predictors);
      n = g_strv_length (o->predictor_list);
      o->reference_levels = g_new0 (char *, n + 1);
      for (guint i = 0; o->reference != NULL && o->reference[i] != NULL; i++)
        {
          const char *eq = strchr (o->reference[i], '=');
          g_autofree char *column = eq != NULL ? g_strndup (o->reference[i], eq - o->reference[i]) : NULL;
          gboolean matched = FALSE;

          for (guint j = 0; column != NULL && j < n; j++)
            if (strcmp (o->predictor_list[j], column) == 0)
              {
                g_free (o->reference_levels[j]);
                o->reference_levels[j] = g_strdup (eq + 1);
                matched = TRUE;
              }
          if (!matched)
            {
              *message = g_strdup_printf (_("“%s” is not PREDICTOR=LEVEL with PREDICTOR one of the columns given to --predictors."), o->reference[i]);
              return FALSE;
            }
        }
    }
  else if (o->reference != NULL)
    {
      *message = g_strdup (_("--reference applies to lm and logistic."));
      return FALSE;
    }

  return TRUE;
}

int
sonde_cli_run_stats (int    argc,
                     char **argv)
{
  StatsOptions o = { 0 };
  const GOptionEntry entries[] = {
    { "var", 0, 0, G_OPTION_ARG_STRING, &o.var, N_("The column to analyse"), N_("COLUMN") },
    { "vars", 0, 0, G_OPTION_ARG_STRING, &o.vars, N_("The columns to describe or correlate, separated by commas"), N_("A,B,…") },
    { "by", 0, 0, G_OPTION_ARG_STRING, &o.by, N_("The column whose values split the rows into groups"), N_("COLUMN") },
    { "paired-with", 0, 0, G_OPTION_ARG_STRING, &o.paired_with, N_("The column paired with --var, row by row (ttest, wilcoxon)"), N_("COLUMN") },
    { "mu", 0, 0, G_OPTION_ARG_DOUBLE, &o.mu, N_("The value under the null hypothesis (0 by default)"), N_("NUMBER") },
    { "welch", 0, 0, G_OPTION_ARG_NONE, &o.welch, N_("Welch's two-sample t-test, without assuming equal variances (the default)"), NULL },
    { "student", 0, 0, G_OPTION_ARG_NONE, &o.student, N_("Student's two-sample t-test, assuming equal variances"), NULL },
    { "alternative", 0, 0, G_OPTION_ARG_STRING, &o.alternative, N_("The alternative hypothesis: two-sided (the default), less or greater"), N_("two-sided|less|greater") },
    { "conf-level", 0, 0, G_OPTION_ARG_DOUBLE, &o.conf_level, N_("The confidence level of intervals, and 1 − the significance level of the sentence (0.95 by default)"), N_("LEVEL") },
    { "method", 0, 0, G_OPTION_ARG_STRING, &o.method, N_("The coefficient of correlation: pearson (the default), spearman or kendall"), N_("pearson|spearman|kendall") },
    { "drop-missing", 0, 0, G_OPTION_ARG_STRING, &o.drop_missing, N_("Rows with a missing value (describe, correlation): pairwise leaves out a row only where its value is missing (the default), listwise leaves it out everywhere"), N_("listwise|pairwise") },
    { "row", 0, 0, G_OPTION_ARG_STRING, &o.row, N_("The column whose values make the rows of the contingency table (chisq)"), N_("COLUMN") },
    { "col", 0, 0, G_OPTION_ARG_STRING, &o.col, N_("The column whose values make its columns (chisq)"), N_("COLUMN") },
    { "response", 0, 0, G_OPTION_ARG_STRING, &o.response, N_("The column the model explains (lm, logistic)"), N_("COLUMN") },
    { "predictors", 0, 0, G_OPTION_ARG_STRING, &o.predictors, N_("The columns that explain it, separated by commas (lm, logistic)"), N_("A,B,…") },
    { "reference", 0, 0, G_OPTION_ARG_STRING_ARRAY, &o.reference, N_("The reference level of a predictor of categories (the first in sorted order by default); repeat for several"), N_("PREDICTOR=LEVEL") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &o.json, N_("Print JSON for scripts"), NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(SondeTable) table = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  Ctx ctx = { 0 };
  gboolean ok = FALSE;
  int status;

  o.conf_level = 0.95;
  status = sonde_cli_read_table (&argc, &argv, "stats",
                                 _("FILE ANALYSIS — run a statistical test or model on a dataset"),
                                 _("ANALYSIS is one of describe, ttest, anova, correlation, chisq, mannwhitney, wilcoxon, kruskal, shapiro, lm and logistic. "
                                   "The output is a table and a plain sentence, or JSON with --json. Rows with a missing value in a column "
                                   "an analysis needs are left out, and the output says how many."),
                                 (GOptionEntry *) entries, check_arguments, &o, &o.json, &table);
  if (status != SONDE_CLI_EXIT_OK)
    {
      stats_options_clear (&o);
      return status;
    }

  ctx.path = argv[1];
  ctx.table = table;
  ctx.o = &o;
  if (o.json)
    {
      builder = json_builder_new ();
      ctx.json = builder;
      json_builder_begin_object (builder);
      json_str (builder, "file", argv[1]);
      json_str (builder, "analysis", analysis_names[o.analysis]);
      if (o.var != NULL)
        json_str (builder, "var", o.var);
      if (o.by != NULL && o.analysis != ANALYSIS_DESCRIBE)
        json_str (builder, "by", o.by);
      if (o.paired_with != NULL)
        json_str (builder, "paired_with", o.paired_with);
    }

  switch (o.analysis)
    {
    case ANALYSIS_DESCRIBE: ok = run_describe (&ctx, &error); break;
    case ANALYSIS_TTEST: ok = run_ttest (&ctx, &error); break;
    case ANALYSIS_ANOVA: ok = run_anova (&ctx, &error); break;
    case ANALYSIS_CORRELATION: ok = run_correlation (&ctx, &error); break;
    case ANALYSIS_CHISQ: ok = run_chisq (&ctx, &error); break;
    case ANALYSIS_MANNWHITNEY: ok = run_mannwhitney (&ctx, &error); break;
    case ANALYSIS_WILCOXON: ok = run_wilcoxon (&ctx, &error); break;
    case ANALYSIS_KRUSKAL: ok = run_kruskal (&ctx, &error); break;
    case ANALYSIS_SHAPIRO: ok = run_shapiro (&ctx, &error); break;
    case ANALYSIS_LM: ok = run_lm (&ctx, &error); break;
    case ANALYSIS_LOGISTIC: ok = run_logistic (&ctx, &error); break;
    default: g_assert_not_reached ();
    }

  if (!ok)
    {
      /* Translators: the prefix of error messages of the command-line tool */
      g_printerr (_("sonde-cli: %s\n"), error->message);
      status = SONDE_CLI_EXIT_INPUT;
    }
  else if (builder != NULL)
    {
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *text = NULL;

      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      json_generator_set_root (generator, root);
      json_generator_set_pretty (generator, TRUE);
      text = json_generator_to_data (generator, NULL);
      g_print ("%s\n", text);
    }

  stats_options_clear (&o);
  return status;
}
