/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sonde-cli"

/* The learning commands of sonde-cli, on the engine's SondeLearner:
 *
 *   train FILE --target COL --learner NAME [--param K=V…]
 *         [--features a,b,c] --out MODEL.json [--json]
 *   evaluate FILE --target COL --learner NAME [--param K=V…]
 *         [--features a,b,c] [--folds 10] [--repeats 1] [--seed N]
 *         [--holdout 0.25 | --loo | --bootstrap 100] [--folds-out FOLDS.csv]
 *         [--json]
 *   predict MODEL.json FILE [--out-format csv|json] [--proba]
 *   compare FILE --target COL --learners A,B,… [--param A.K=V…]
 *         [--features a,b,c] [--folds 10] [--repeats 1] [--seed N] [--json]
 *   tune FILE --target COL --learner NAME [--param K=V…]
 *         (--grid K=V1,V2… | --random N --space K=LOW..HIGH|K=V1,V2…
 *          | --learning-curve 0.1,0.5,1
 *          | --validation-curve K --values V1,V2…)
 *         [--nested K] [--folds 10] [--seed N] [--json]
 *
 * tune --nested K runs the grid or random search on K inner folds of
 * each outer fold's training rows (--folds gives the outer folds) and
 * scores the best setting on the outer test rows.
 *
 * Without --features every column but the target is a feature, except
 * free-text columns (which no learner reads). A clustering learner
 * (kmeans) takes no --target and cannot be evaluated; predict gives each
 * row's cluster number. evaluate uses stratified
 * folds for a classification and shuffled folds for a regression, both
 * from --seed (0 by default), so the same command gives the same figures;
 * --folds-out writes each row's fold (the row number from 0 and the
 * fold, SONDE_FOLD_TRAIN written as -1) to replay the split elsewhere,
 * for instance with scikit-learn's PredefinedSplit. The score of a fold
 * is the accuracy (classification) or R² (regression) on its test rows.
 * predict writes one row per row of FILE, on standard output. Its
 * output format is --out-format, as for `import`, because --format
 * already names FILE's format in every command.
 * Exit statuses as the other commands: 0, 1 for data or a model that does
 * not fit, 2 for a wrong command line.
 */

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

#include <glib/gi18n.h>
#include <gsl/gsl_cdf.h>
#include <json-glib/json-glib.h>

#include "sonde-cli-learn.h"
#include "sonde-cli-stats.h"

typedef struct
{
  char      *target;
  char      *learner_name;
  char     **params;
  char      *features;
  char      *out;
  gboolean   json;
  int        folds;
  int        repeats;
  gint64     seed;
  double     holdout;
  gboolean   loo;
  int        bootstrap;
  char      *folds_out;
  char      *format;
  gboolean   proba;
  char     **grid;
  char     **space;
  int        random;
  char      *curve;
  int        nested;
  char      *validation_param;
  char      *values;
  double     watts_per_core;
  gboolean   importance;
  int        repeats_importance;
  char      *fairness;
  char      *positive;

  /* Checked before the file is read. */
  SondeLearner *learner;
  char         *model_path;
} LearnOptions;

static void
learn_options_clear (LearnOptions *o)
{
  g_free (o->target);
  g_free (o->learner_name);
  g_strfreev (o->params);
  g_free (o->features);
  g_free (o->out);
  g_free (o->folds_out);
  g_free (o->format);
  g_free (o->model_path);
  g_strfreev (o->grid);
  g_strfreev (o->space);
  g_free (o->curve);
  g_free (o->validation_param);
  g_free (o->values);
  g_free (o->fairness);
  g_free (o->positive);
  g_clear_pointer (&o->learner, sonde_learner_free);
}

static void
print_error (const char *message)
{
  g_printerr (_("sonde-cli: %s\n"), message);
}

/* The learner with its parameters, for train and evaluate. */
static gboolean
check_learner (int        argc,
               char     **argv,
               gpointer   user_data,
               char     **message)
{
  LearnOptions *o = user_data;
  g_autoptr(GError) error = NULL;

  if (argc != 2)
    {
      *message = g_strdup_printf (_("%s needs exactly one FILE."), argv[0]);
      return FALSE;
    }
  if (o->learner_name == NULL)
    {
      g_autofree char *known = g_strjoinv (", ", (char **) sonde_learner_list_names ());

      *message = g_strdup_printf (_("Choose a learner with --learner: %s."), known);
      return FALSE;
    }
  if ((o->learner = sonde_learner_new (o->learner_name, &error)) == NULL)
    {
      *message = g_strdup (error->message);
      return FALSE;
    }
  if (sonde_learner_get_task (o->learner) == SONDE_TASK_CLUSTERING)
    {
      if (o->target != NULL)
        {
          *message = g_strdup_printf (_("%s groups rows without a target; leave out --target (and choose the columns with --features)."),
                                      sonde_learner_get_label (o->learner));
          return FALSE;
        }
      if (strcmp (argv[0], "evaluate") == 0)
        {
          *message = g_strdup_printf (_("%s groups rows without a target, so there is nothing to cross-validate."),
                                      sonde_learner_get_label (o->learner));
          return FALSE;
        }
    }
  else if (o->target == NULL)
    {
      *message = g_strdup (_("Give the column to predict with --target."));
      return FALSE;
    }
  for (guint i = 0; o->params != NULL && o->params[i] != NULL; i++)
    {
      const char *eq = strchr (o->params[i], '=');
      g_autofree char *name = NULL;

      if (eq == NULL)
        {
          *message = g_strdup_printf (_("“%s” is not a parameter setting: write NAME=VALUE, such as max_depth=3."),
                                      o->params[i]);
          return FALSE;
        }
      name = g_strndup (o->params[i], eq - o->params[i]);
      if (!sonde_learner_set_param (o->learner, g_strstrip (name), eq + 1, &error))
        {
          *message = g_strdup (error->message);
          return FALSE;
        }
    }
  if ((*message = sonde_learner_check_params (o->learner)) != NULL)
    return FALSE;
  if (o->folds < 2 && !o->loo && o->holdout == 0)
    {
      *message = g_strdup_printf (_("--folds must be at least 2, not %d."), o->folds);
      return FALSE;
    }
  if (o->repeats < 1)
    {
      *message = g_strdup_printf (_("--repeats must be at least 1, not %d."), o->repeats);
      return FALSE;
    }
  if (o->holdout != 0 && !(o->holdout > 0 && o->holdout < 1))
    {
      *message = g_strdup_printf (_("--holdout is the share of rows held out, between 0 and 1, not %g."), o->holdout);
      return FALSE;
    }
  if (o->bootstrap != 0 && (o->bootstrap < 2 || o->loo || o->holdout != 0))
    {
      *message = g_strdup (_("--bootstrap takes at least 2 samples, and goes with neither --holdout nor --loo."));
      return FALSE;
    }
  if (o->loo && o->holdout != 0)
    {
      *message = g_strdup (_("Choose --holdout or --loo, not both."));
      return FALSE;
    }
  return TRUE;
}

/* The feature columns: --features, or every column but the target that
 * is not free text. */
static char **
feature_list (SondeTable    *table,
              LearnOptions  *o)
{
  GPtrArray *names = g_ptr_array_new ();

  if (o->features != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (o->features, ",", -1);

      for (guint i = 0; parts[i] != NULL; i++)
        {
          char *name = g_strstrip (parts[i]);

          if (*name != '\0')
            g_ptr_array_add (names, g_strdup (name));
        }
    }
  else
    for (guint j = 0; j < sonde_table_get_n_columns (table); j++)
      {
        SondeColumn *column = sonde_table_get_column (table, j);

        if ((o->target == NULL || strcmp (sonde_column_get_name (column), o->target) != 0) &&
            sonde_column_get_column_type (column) != SONDE_COLUMN_TYPE_TEXT)
          g_ptr_array_add (names, g_strdup (sonde_column_get_name (column)));
      }
  g_ptr_array_add (names, NULL);
  return (char **) g_ptr_array_free (names, FALSE);
}

static void
print_json (JsonBuilder *b)
{
  g_autoptr(JsonNode) root = json_builder_get_root (b);
  g_autofree char *text = sonde_json_node_to_string (root, TRUE);

  g_print ("%s\n", text);
}

static const char *
task_name (SondeTask task)
{
  return task == SONDE_TASK_CLASSIFICATION ? "classification"
         : task == SONDE_TASK_REGRESSION ? "regression" : "clustering";
}

/* ------------------------------------------------------------------ */
/* train                                                               */

/* The power drawn by one busy core, in watts, for the energy estimate:
 * a rough middle of laptop (about 5 W a core) and server (about 10–20 W
 * a core) processors under load, from their rated power divided by
 * their cores. The estimate leaves out memory, disks, idle power and the
 * power supply's losses; it is an order of magnitude, not a measurement. */
#define DEFAULT_WATTS_PER_CORE 15.0

/* User plus system CPU time of this process so far, in seconds. */
static double
cpu_seconds (void)
{
  struct rusage usage;

  if (getrusage (RUSAGE_SELF, &usage) != 0)
    return NAN;
  return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 +
         usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
}

int
sonde_cli_run_train (int    argc,
                     char **argv)
{
  LearnOptions o = { .folds = 10, .repeats = 1, .watts_per_core = DEFAULT_WATTS_PER_CORE };
  const GOptionEntry entries[] = {
    { "target", 0, 0, G_OPTION_ARG_STRING, &o.target, N_("The column to predict (none for kmeans)"), N_("COLUMN") },
    { "learner", 'l', 0, G_OPTION_ARG_STRING, &o.learner_name, N_("The learner: cart, random-forest, gradient-boosting, hist-gradient-boosting, gaussian-nb, multinomial-nb, logistic, linear, ridge, knn, mlp, self-training, kmeans, hierarchical"), N_("NAME") },
    { "param", 'p', 0, G_OPTION_ARG_STRING_ARRAY, &o.params, N_("Set a hyperparameter; repeat for several"), N_("NAME=VALUE") },
    { "features", 0, 0, G_OPTION_ARG_STRING, &o.features, N_("The feature columns, separated by commas (all but the target and text columns by default)"), N_("A,B,…") },
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &o.out, N_("Write the model to this JSON file"), N_("MODEL.json") },
    { "watts-per-core", 0, 0, G_OPTION_ARG_DOUBLE, &o.watts_per_core, N_("The power of one busy processor core for the energy estimate (15 by default)"), N_("WATTS") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &o.json, N_("Describe the model as JSON"), NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(SondeTable) table = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) features = NULL;
  g_autofree char *description = NULL;
  double cpu, wall, energy;
  g_autofree double *impurity = NULL;
  const char * const *impurity_names = NULL;
  guint n_impurity = 0;
  gint64 start;
  int status;

  status = sonde_cli_read_table (&argc, &argv, "train",
                                 _("FILE — train a model and save it"),
                                 _("Fits a learner on every row of FILE and writes the model, with the columns it expects, to a JSON file."),
                                 (GOptionEntry *) entries, check_learner, &o, &o.json, &table);
  if (status != SONDE_CLI_EXIT_OK)
    goto out;
  if (o.out == NULL)
    {
      print_error (_("Give the file to save the model to with --out."));
      status = SONDE_CLI_EXIT_USAGE;
      goto out;
    }
  if (!(o.watts_per_core >= 0) || isinf (o.watts_per_core))
    {
      print_error (_("The power per core given with --watts-per-core must be a number of watts, 0 or more."));
      status = SONDE_CLI_EXIT_USAGE;
      goto out;
    }

  features = feature_list (table, &o);
  cpu = cpu_seconds ();
  start = g_get_monotonic_time ();
  if (!sonde_learner_fit (o.learner, table, (const char * const *) features, o.target, &error))
    {
      print_error (error->message);
      status = SONDE_CLI_EXIT_INPUT;
      goto out;
    }
  wall = (g_get_monotonic_time () - start) / 1e6;
  cpu = MAX (0, cpu_seconds () - cpu);
  /* CPU seconds are busy-core seconds, whatever the number of threads. */
  energy = cpu * o.watts_per_core;
  if (!sonde_learner_save (o.learner, o.out, &error))
    {
      print_error (error->message);
      status = SONDE_CLI_EXIT_INPUT;
      goto out;
    }

  description = sonde_learner_describe (o.learner);
  /* Trees only; for the other learners this is NULL and says nothing. */
  impurity = sonde_learner_get_impurity_importance (o.learner, &impurity_names, &n_impurity, NULL);
  if (o.json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "learner");
      json_builder_add_string_value (b, sonde_learner_get_name (o.learner));
      json_builder_set_member_name (b, "task");
      json_builder_add_string_value (b, task_name (sonde_learner_get_task (o.learner)));
      if (o.target != NULL)
        {
          json_builder_set_member_name (b, "target");
          json_builder_add_string_value (b, o.target);
        }
      json_builder_set_member_name (b, "features");
      json_builder_begin_array (b);
      for (guint j = 0; features[j] != NULL; j++)
        json_builder_add_string_value (b, features[j]);
      json_builder_end_array (b);
      if (sonde_learner_get_n_classes (o.learner) > 0)
        {
          json_builder_set_member_name (b, "classes");
          json_builder_begin_array (b);
          for (guint c = 0; c < sonde_learner_get_n_classes (o.learner); c++)
            json_builder_add_string_value (b, sonde_learner_get_class_label (o.learner, c));
          json_builder_end_array (b);
        }
      json_builder_set_member_name (b, "rows");
      json_builder_add_int_value (b, sonde_table_get_n_rows (table));
      json_builder_set_member_name (b, "description");
      json_builder_add_string_value (b, description);
      json_builder_set_member_name (b, "model");
      json_builder_add_string_value (b, o.out);
      {
        const char *series = NULL;
        guint n_values = 0;
        const double *values = sonde_learner_get_history (o.learner, &series, &n_values);

        if (values != NULL)
          {
            json_builder_set_member_name (b, series);
            json_builder_begin_array (b);
            for (guint i = 0; i < n_values; i++)
              json_builder_add_double_value (b, values[i]);
            json_builder_end_array (b);
          }
      }
      if (impurity != NULL)
        {
          json_builder_set_member_name (b, "impurity_importance");
          json_builder_begin_object (b);
          for (guint j = 0; j < n_impurity; j++)
            {
              json_builder_set_member_name (b, impurity_names[j]);
              json_builder_add_double_value (b, impurity[j]);
            }
          json_builder_end_object (b);
        }
      json_builder_set_member_name (b, "cpu_seconds");
      json_builder_add_double_value (b, cpu);
      json_builder_set_member_name (b, "wall_seconds");
      json_builder_add_double_value (b, wall);
      json_builder_set_member_name (b, "watts_per_core");
      json_builder_add_double_value (b, o.watts_per_core);
      json_builder_set_member_name (b, "energy_joules");
      json_builder_add_double_value (b, energy);
      json_builder_end_object (b);
      print_json (b);
    }
  else
    {
      g_autofree char *cpu_text = g_strdup_printf ("%.3f", cpu);
      g_autofree char *wall_text = g_strdup_printf ("%.3f", wall);
      g_autofree char *energy_text = g_strdup_printf ("%.3g", energy);
      g_autofree char *watts_text = g_strdup_printf ("%g", o.watts_per_core);

      g_print ("%s\n", description);
      if (impurity != NULL)
        {
          g_print ("%s\n", _("Share of the impurity decrease, on the training rows:"));
          for (guint j = 0; j < n_impurity; j++)
            g_print ("  %-20s %.4f\n", impurity_names[j], impurity[j]);
        }
      g_print (_("Model saved to %s.\n"), o.out);
      /* Translators: the numbers are seconds, seconds, joules and watts */
      g_print (_("Training took %s s of processor time (%s s elapsed), roughly %s J at an assumed %s W per busy core.\n"),
               cpu_text, wall_text, energy_text, watts_text);
    }

out:
  learn_options_clear (&o);
  return status;
}

/* ------------------------------------------------------------------ */
/* evaluate                                                            */

/* Permutation importance on each fold's test rows, after fitting a copy
 * of the learner on its training rows: the mean over the folds of each
 * fold's mean drop, and the standard deviation of those fold means (with
 * a single fold, a holdout, the spread over the shuffles instead). */
static SondeImportance *
importance_over_folds (SondeLearner        *learner,
                       SondeTable          *table,
                       const char * const  *features,
                       const char          *target,
                       const SondeFolds    *folds,
                       guint                n_repeats,
                       guint64              seed,
                       GError             **error)
{
  g_autoptr(SondeImportance) result = NULL;
  g_autoptr(GPtrArray) per_fold = g_ptr_array_new_with_free_func ((GDestroyNotify) sonde_importance_free);

  for (guint f = 0; f < folds->n_folds; f++)
    {
      g_autoptr(SondeLearner) copy = sonde_learner_copy_unfitted (learner);
      g_autofree guint *train = NULL;
      g_autofree guint *test = NULL;
      SondeImportance *one;
      guint n_train, n_test;

      train = sonde_folds_get_rows (folds, f, FALSE, &n_train);
      test = sonde_folds_get_rows (folds, f, TRUE, &n_test);
      if (n_test < 2)
        continue;
      if (!sonde_learner_fit_rows (copy, table, features, target, train, n_train, error) ||
          (one = sonde_permutation_importance (copy, table, test, n_test, n_repeats, seed + f, NULL, error)) == NULL)
        return NULL;
      g_ptr_array_add (per_fold, one);
    }
  if (per_fold->len == 0)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                   _("No fold has two test rows or more to shuffle: use fewer folds or a larger holdout."));
      return NULL;
    }

  result = g_new0 (SondeImportance, 1);
  {
    SondeImportance *first = g_ptr_array_index (per_fold, 0);

    result->n_features = first->n_features;
    result->features = g_strdupv (first->features);
  }
  result->mean = g_new0 (double, MAX (1, result->n_features));
  result->sd = g_new0 (double, MAX (1, result->n_features));
  for (guint i = 0; i < per_fold->len; i++)
    {
      SondeImportance *one = g_ptr_array_index (per_fold, i);

      result->baseline += one->baseline / per_fold->len;
      for (guint j = 0; j < result->n_features; j++)
        result->mean[j] += one->mean[j] / per_fold->len;
    }
  for (guint j = 0; j < result->n_features; j++)
    {
      double ss = 0;

      for (guint i = 0; i < per_fold->len; i++)
        {
          SondeImportance *one = g_ptr_array_index (per_fold, i);

          ss += (one->mean[j] - result->mean[j]) * (one->mean[j] - result->mean[j]);
        }
      result->sd[j] = per_fold->len > 1 ? sqrt (ss / (per_fold->len - 1))
                                        : ((SondeImportance *) g_ptr_array_index (per_fold, 0))->sd[j];
    }
  return g_steal_pointer (&result);
}

/* Fairness of the pooled test predictions of @cv across the groups of
 * @column; rows never tested, or with a missing group, are left out. */
static SondeFairness *
fairness_of_cv (const SondeCvResult *cv,
                GPtrArray           *labels,
                SondeColumn         *column,
                const char          *positive,
                GError             **error)
{
  g_autoptr(GPtrArray) groups = g_ptr_array_new_with_free_func (g_free);
  g_autofree const char **truth = g_new0 (const char *, MAX (1, cv->n));
  g_autofree const char **pred = g_new0 (const char *, MAX (1, cv->n));

  for (gsize i = 0; i < cv->n; i++)
    {
      gboolean tested = !isnan (cv->truth[i]) && !isnan (cv->predictions[i]);

      g_ptr_array_add (groups, sonde_column_is_missing (column, i) ? NULL : sonde_column_format_value (column, i));
      truth[i] = tested ? g_ptr_array_index (labels, (guint) cv->truth[i]) : NULL;
      pred[i] = tested ? g_ptr_array_index (labels, (guint) cv->predictions[i]) : NULL;
    }
  return sonde_fairness_new (truth, pred, (const char * const *) groups->pdata, cv->n, positive, error);
}

int
sonde_cli_run_evaluate (int    argc,
                        char **argv)
{
  LearnOptions o = { .folds = 10, .repeats = 1, .repeats_importance = 5 };
  const GOptionEntry entries[] = {
    { "target", 0, 0, G_OPTION_ARG_STRING, &o.target, N_("The column to predict"), N_("COLUMN") },
    { "learner", 'l', 0, G_OPTION_ARG_STRING, &o.learner_name, N_("The learner: cart, random-forest, gradient-boosting, hist-gradient-boosting, gaussian-nb, multinomial-nb, logistic, linear, ridge, knn, mlp, self-training, kmeans, hierarchical"), N_("NAME") },
    { "param", 'p', 0, G_OPTION_ARG_STRING_ARRAY, &o.params, N_("Set a hyperparameter; repeat for several"), N_("NAME=VALUE") },
    { "features", 0, 0, G_OPTION_ARG_STRING, &o.features, N_("The feature columns, separated by commas (all but the target and text columns by default)"), N_("A,B,…") },
    { "folds", 'k', 0, G_OPTION_ARG_INT, &o.folds, N_("The number of folds (10 by default)"), N_("K") },
    { "repeats", 0, 0, G_OPTION_ARG_INT, &o.repeats, N_("Repeat the cross-validation with new folds this many times"), N_("R") },
    { "seed", 's', 0, G_OPTION_ARG_INT64, &o.seed, N_("The seed of the folds (0 by default): the same seed gives the same folds"), N_("N") },
    { "holdout", 0, 0, G_OPTION_ARG_DOUBLE, &o.holdout, N_("Hold out this share of the rows once instead of cross-validating"), N_("SHARE") },
    { "loo", 0, 0, G_OPTION_ARG_NONE, &o.loo, N_("Leave one row out at a time"), NULL },
    { "bootstrap", 0, 0, G_OPTION_ARG_INT, &o.bootstrap, N_("Estimate the error by the .632+ bootstrap with this many samples instead"), N_("B") },
    { "folds-out", 0, 0, G_OPTION_ARG_FILENAME, &o.folds_out, N_("Write each row's fold to this CSV file (with --repeats, the last repeat's)"), N_("FILE") },
    { "importance", 0, 0, G_OPTION_ARG_NONE, &o.importance, N_("Measure each feature's permutation importance on the test rows of each fold"), NULL },
    { "repeats-importance", 0, 0, G_OPTION_ARG_INT, &o.repeats_importance, N_("Shuffles per feature and fold for --importance (5 by default)"), N_("N") },
    { "fairness", 0, 0, G_OPTION_ARG_STRING, &o.fairness, N_("Compare the predictions across the groups of this column (needs --positive)"), N_("COLUMN") },
    { "positive", 0, 0, G_OPTION_ARG_STRING, &o.positive, N_("The positive class for --fairness"), N_("LABEL") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &o.json, N_("Write the scores as JSON"), NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(SondeTable) table = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) features = NULL;
  g_autoptr(GArray) scores = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(SondeCvResult) last = NULL;
  g_autoptr(SondeFolds) last_folds = NULL;
  g_autoptr(GPtrArray) labels = NULL;
  g_autoptr(SondeImportance) importance = NULL;
  g_autoptr(SondeFairness) fairness = NULL;
  SondeColumn *group_column = NULL;
  g_autofree guint32 *codes = NULL;
  SondeTask task = SONDE_TASK_AUTO;
  const char *scheme;
  double mean = 0, sd = 0;
  int status;

  status = sonde_cli_read_table (&argc, &argv, "evaluate",
                                 _("FILE — measure a learner by cross-validation"),
                                 _("Fits the learner on part of FILE and scores it on the rest, fold after fold: accuracy for classes, R² for numbers."),
                                 (GOptionEntry *) entries, check_learner, &o, &o.json, &table);
  if (status != SONDE_CLI_EXIT_OK)
    goto out;

  features = feature_list (table, &o);

  /* The task decides the kind of folds. */
  if ((task = sonde_learner_resolve_task (o.learner, table, o.target, &error)) == SONDE_TASK_AUTO)
    {
      print_error (error->message);
      status = SONDE_CLI_EXIT_INPUT;
      goto out;
    }
  sonde_learner_set_task (o.learner, task);

  if ((o.importance || o.fairness != NULL) && (o.bootstrap > 0 || o.loo))
    {
      print_error (_("--importance and --fairness work on folds or a holdout, not with --bootstrap or --loo."));
      status = SONDE_CLI_EXIT_USAGE;
      goto out;
    }
  if (o.importance && o.repeats_importance < 1)
    {
      print_error (_("--repeats-importance must be at least 1."));
      status = SONDE_CLI_EXIT_USAGE;
      goto out;
    }
  if (o.fairness != NULL)
    {
      if (o.positive == NULL)
        {
          print_error (_("Give the positive class for --fairness with --positive, for example --positive yes."));
          status = SONDE_CLI_EXIT_USAGE;
          goto out;
        }
      if (task != SONDE_TASK_CLASSIFICATION)
        {
          print_error (_("--fairness compares decisions between classes: the target must be a class, not a number."));
          status = SONDE_CLI_EXIT_USAGE;
          goto out;
        }
      {
        /* The class as the learner labels it: "yes" in a yes/no
         * column is the boolean class "true". */
        g_autofree char *positive = sonde_learner_match_class (table, o.target, o.positive, &error);

        if (positive == NULL)
          {
            print_error (error->message);
            status = SONDE_CLI_EXIT_INPUT;
            goto out;
          }
        g_free (o.positive);
        o.positive = g_steal_pointer (&positive);
      }
      if ((group_column = sonde_table_find_column (table, o.fairness)) == NULL)
        {
          g_autofree char *message = g_strdup_printf (_("The table has no column “%s” to group the rows by for --fairness."),
                                                      o.fairness);

          print_error (message);
          status = SONDE_CLI_EXIT_INPUT;
          goto out;
        }
    }

  if (o.bootstrap > 0)
    {
      g_autofree SondeBootstrapResult *r =
        sonde_learner_bootstrap_632plus (o.learner, table, (const char * const *) features, o.target,
                                         o.bootstrap, o.seed, NULL, &error);
      gboolean classify = task == SONDE_TASK_CLASSIFICATION;

      if (r == NULL)
        {
          print_error (error->message);
          status = SONDE_CLI_EXIT_INPUT;
          goto out;
        }
      if (o.json)
        {
          g_autoptr(JsonBuilder) b = json_builder_new ();

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "learner");
          json_builder_add_string_value (b, sonde_learner_get_name (o.learner));
          json_builder_set_member_name (b, "task");
          json_builder_add_string_value (b, task_name (task));
          json_builder_set_member_name (b, "validation");
          json_builder_add_string_value (b, "bootstrap-632plus");
          json_builder_set_member_name (b, "samples");
          json_builder_add_int_value (b, r->n_boot);
          json_builder_set_member_name (b, "seed");
          json_builder_add_int_value (b, o.seed);
          json_builder_set_member_name (b, "metric");
          json_builder_add_string_value (b, classify ? "accuracy" : "mse");
          json_builder_set_member_name (b, "estimate");
          json_builder_add_double_value (b, classify ? 1 - r->err_632plus : r->err_632plus);
          json_builder_set_member_name (b, "err_train");
          json_builder_add_double_value (b, r->err_train);
          json_builder_set_member_name (b, "err_oob");
          json_builder_add_double_value (b, r->err_oob);
          json_builder_set_member_name (b, "no_info");
          json_builder_add_double_value (b, r->no_info);
          json_builder_set_member_name (b, "err_632");
          json_builder_add_double_value (b, r->err_632);
          json_builder_set_member_name (b, "err_632plus");
          json_builder_add_double_value (b, r->err_632plus);
          json_builder_end_object (b);
          print_json (b);
        }
      else
        {
          g_print ("%s — %s\n", sonde_learner_get_label (o.learner), _(".632+ bootstrap"));
          g_print (classify ? _("Accuracy: %.4f (%d samples)\n") : _("Mean squared error: %.4f (%d samples)\n"),
                   classify ? 1 - r->err_632plus : r->err_632plus, o.bootstrap);
        }
      goto out;
    }
  if (task == SONDE_TASK_CLASSIFICATION &&
      (codes = sonde_learner_encode_classes (table, o.target, &labels, &error)) == NULL)
    {
      print_error (error->message);
      status = SONDE_CLI_EXIT_INPUT;
      goto out;
    }

  for (int r = 0; r < (o.loo || o.holdout > 0 ? 1 : o.repeats); r++)
    {
      g_autoptr(SondeFolds) folds = NULL;
      gsize n = sonde_table_get_n_rows (table);

      if (o.loo)
        folds = sonde_folds_leave_one_out (n, &error);
      else if (o.holdout > 0)
        folds = codes != NULL ? sonde_folds_stratified_holdout (codes, n, o.holdout, o.seed, &error)
                              : NULL;
      else if (codes != NULL)
        folds = sonde_folds_stratified_kfold (codes, n, o.folds, o.seed, r, &error);
      else
        folds = sonde_folds_kfold (n, o.folds, o.seed, r, &error);
      if (folds == NULL && error == NULL)
        {
          /* Holdout of a regression: a random share, not stratified. */
          g_autofree guint32 *zero = g_new0 (guint32, MAX (1, n));

          folds = sonde_folds_stratified_holdout (zero, n, o.holdout, o.seed, &error);
        }
      if (folds == NULL)
        {
          print_error (error->message);
          status = SONDE_CLI_EXIT_INPUT;
          goto out;
        }
      if (o.folds_out != NULL && r == (o.loo || o.holdout > 0 ? 0 : o.repeats - 1))
        {
          GString *s = g_string_new ("row,fold\n");

          for (gsize i = 0; i < folds->n; i++)
            g_string_append_printf (s, "%zu,%d\n", i,
                                    folds->fold[i] == SONDE_FOLD_TRAIN ? -1 : (int) folds->fold[i]);
          if (!g_file_set_contents (o.folds_out, s->str, s->len, &error))
            {
              g_string_free (s, TRUE);
              print_error (error->message);
              status = SONDE_CLI_EXIT_INPUT;
              goto out;
            }
          g_string_free (s, TRUE);
        }

      g_clear_pointer (&last, sonde_cv_result_free);
      last = sonde_learner_cross_validate (o.learner, table, (const char * const *) features, o.target, folds, &error);
      if (last == NULL)
        {
          print_error (error->message);
          status = SONDE_CLI_EXIT_INPUT;
          goto out;
        }
      for (guint f = 0; f < last->n_folds; f++)
        if (!isnan (last->score[f]))
          g_array_append_val (scores, last->score[f]);
      g_clear_pointer (&last_folds, sonde_folds_free);
      last_folds = g_steal_pointer (&folds);
    }

  /* With --repeats, both on the last repeat's folds. */
  if (o.importance &&
      (importance = importance_over_folds (o.learner, table, (const char * const *) features, o.target, last_folds,
                                           o.repeats_importance, o.seed, &error)) == NULL)
    {
      print_error (error->message);
      status = SONDE_CLI_EXIT_INPUT;
      goto out;
    }
  if (group_column != NULL &&
      (fairness = fairness_of_cv (last, labels, group_column, o.positive, &error)) == NULL)
    {
      print_error (error->message);
      status = SONDE_CLI_EXIT_INPUT;
      goto out;
    }

  for (guint i = 0; i < scores->len; i++)
    mean += g_array_index (scores, double, i);
  mean /= MAX (1, scores->len);
  for (guint i = 0; i < scores->len; i++)
    sd += (g_array_index (scores, double, i) - mean) * (g_array_index (scores, double, i) - mean);
  sd = scores->len > 1 ? sqrt (sd / (scores->len - 1)) : NAN;

  scheme = o.loo ? "leave-one-out" : o.holdout > 0 ? "holdout"
           : task == SONDE_TASK_CLASSIFICATION ? "stratified-kfold" : "kfold";
  if (o.json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "learner");
      json_builder_add_string_value (b, sonde_learner_get_name (o.learner));
      json_builder_set_member_name (b, "task");
      json_builder_add_string_value (b, task_name (task));
      json_builder_set_member_name (b, "validation");
      json_builder_add_string_value (b, scheme);
      json_builder_set_member_name (b, "folds");
      json_builder_add_int_value (b, last->n_folds);
      json_builder_set_member_name (b, "repeats");
      json_builder_add_int_value (b, o.loo || o.holdout > 0 ? 1 : o.repeats);
      json_builder_set_member_name (b, "seed");
      json_builder_add_int_value (b, o.seed);
      json_builder_set_member_name (b, "metric");
      json_builder_add_string_value (b, task == SONDE_TASK_CLASSIFICATION ? "accuracy" : "r2");
      json_builder_set_member_name (b, "scores");
      json_builder_begin_array (b);
      for (guint i = 0; i < scores->len; i++)
        json_builder_add_double_value (b, g_array_index (scores, double, i));
      json_builder_end_array (b);
      json_builder_set_member_name (b, "mean");
      json_builder_add_double_value (b, mean);
      json_builder_set_member_name (b, "sd");
      if (isnan (sd))
        json_builder_add_null_value (b);
      else
        json_builder_add_double_value (b, sd);
      json_builder_set_member_name (b, "pooled");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, task == SONDE_TASK_CLASSIFICATION ? "accuracy" : "r2");
      json_builder_add_double_value (b, last->pooled);
      json_builder_set_member_name (b, task == SONDE_TASK_CLASSIFICATION ? "f1_macro" : "rmse");
      json_builder_add_double_value (b, last->pooled_2);
      json_builder_end_object (b);
      if (importance != NULL)
        {
          json_builder_set_member_name (b, "importance");
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "method");
          json_builder_add_string_value (b, "permutation");
          json_builder_set_member_name (b, "rows");
          json_builder_add_string_value (b, "test");
          json_builder_set_member_name (b, "repeats");
          json_builder_add_int_value (b, o.repeats_importance);
          json_builder_set_member_name (b, "features");
          json_builder_begin_array (b);
          for (guint j = 0; j < importance->n_features; j++)
            {
              json_builder_begin_object (b);
              json_builder_set_member_name (b, "feature");
              json_builder_add_string_value (b, importance->features[j]);
              json_builder_set_member_name (b, "mean");
              json_builder_add_double_value (b, importance->mean[j]);
              json_builder_set_member_name (b, "sd");
              if (isnan (importance->sd[j]))
                json_builder_add_null_value (b);
              else
                json_builder_add_double_value (b, importance->sd[j]);
              json_builder_end_object (b);
            }
          json_builder_end_array (b);
          json_builder_end_object (b);
        }
      if (fairness != NULL)
        {
          const char *gap_names[] = { "selection_rate_gap", "tpr_gap", "fpr_gap" };
          double gaps[] = { fairness->selection_gap, fairness->tpr_gap, fairness->fpr_gap };

          json_builder_set_member_name (b, "fairness");
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "column");
          json_builder_add_string_value (b, o.fairness);
          json_builder_set_member_name (b, "positive");
          json_builder_add_string_value (b, o.positive);
          json_builder_set_member_name (b, "groups");
          json_builder_begin_array (b);
          for (guint g = 0; g < fairness->n_groups; g++)
            {
              const char *names[] = { "selection_rate", "tpr", "fpr" };
              double values[] = { fairness->selection_rate[g], fairness->tpr[g], fairness->fpr[g] };

              json_builder_begin_object (b);
              json_builder_set_member_name (b, "group");
              json_builder_add_string_value (b, fairness->groups[g]);
              json_builder_set_member_name (b, "rows");
              json_builder_add_int_value (b, (gint64) fairness->n[g]);
              for (guint v = 0; v < G_N_ELEMENTS (names); v++)
                {
                  json_builder_set_member_name (b, names[v]);
                  if (isnan (values[v]))
                    json_builder_add_null_value (b);
                  else
                    json_builder_add_double_value (b, values[v]);
                }
              json_builder_end_object (b);
            }
          json_builder_end_array (b);
          for (guint v = 0; v < G_N_ELEMENTS (gap_names); v++)
            {
              json_builder_set_member_name (b, gap_names[v]);
              if (isnan (gaps[v]))
                json_builder_add_null_value (b);
              else
                json_builder_add_double_value (b, gaps[v]);
            }
          json_builder_end_object (b);
        }
      json_builder_end_object (b);
      print_json (b);
    }
  else
    {
      g_print ("%s — %s\n", sonde_learner_get_label (o.learner),
               o.loo ? _("leave-one-out") : o.holdout > 0 ? _("holdout") : _("cross-validation"));
      g_print (task == SONDE_TASK_CLASSIFICATION ? _("Accuracy: %.4f (standard deviation %.4f over %u folds)\n")
                                                 : _("R²: %.4f (standard deviation %.4f over %u folds)\n"),
               mean, sd, scores->len);
      if (task == SONDE_TASK_CLASSIFICATION)
        g_print (_("Macro F1 of the pooled predictions: %.4f\n"), last->pooled_2);
      else
        g_print (_("RMSE of the pooled predictions: %.4f\n"), last->pooled_2);
      if (importance != NULL)
        {
          g_print ("%s\n", task == SONDE_TASK_CLASSIFICATION
                             ? _("Permutation importance on each fold’s test rows: the drop of accuracy when a feature is shuffled (mean over the folds ± standard deviation between them):")
                             : _("Permutation importance on each fold’s test rows: the drop of R² when a feature is shuffled (mean over the folds ± standard deviation between them):"));
          for (guint j = 0; j < importance->n_features; j++)
            g_print ("  %-20s %.4f ± %.4f\n", importance->features[j], importance->mean[j], importance->sd[j]);
        }
      if (fairness != NULL)
        {
          /* Translators: the first %s is a column name, the second a class */
          g_print (_("Fairness across the groups of “%s”, with “%s” as the positive class (pooled test predictions):\n"),
                   o.fairness, o.positive);
          g_print ("  %-20s %8s %10s %8s %8s\n", _("Group"), _("Rows"), _("Selection"), _("TPR"), _("FPR"));
          for (guint g = 0; g < fairness->n_groups; g++)
            {
              g_autofree char *rows = g_strdup_printf ("%" G_GUINT64_FORMAT, fairness->n[g]);

              g_print ("  %-20s %8s %10.4f %8.4f %8.4f\n", fairness->groups[g], rows,
                       fairness->selection_rate[g], fairness->tpr[g], fairness->fpr[g]);
            }
          g_print ("  %-20s %8s %10.4f %8.4f %8.4f\n", _("Gap (max − min)"), "",
                   fairness->selection_gap, fairness->tpr_gap, fairness->fpr_gap);
        }
    }

out:
  learn_options_clear (&o);
  return status;
}

/* ------------------------------------------------------------------ */
/* tune                                                                */

static gboolean
check_tune (int        argc,
            char     **argv,
            gpointer   user_data,
            char     **message)
{
  LearnOptions *o = user_data;
  guint ways = (o->grid != NULL) + (o->random > 0 || o->space != NULL) + (o->curve != NULL)
               + (o->validation_param != NULL);

  if (!check_learner (argc, argv, user_data, message))
    return FALSE;
  if (sonde_learner_get_task (o->learner) == SONDE_TASK_CLUSTERING)
    {
      *message = g_strdup_printf (_("%s groups rows without a target, so there is no score to tune."),
                                  sonde_learner_get_label (o->learner));
      return FALSE;
    }
  if (ways != 1)
    {
      *message = g_strdup (_("Choose one search: --grid (repeat it per parameter), --random with --space, --learning-curve, or --validation-curve with --values."));
      return FALSE;
    }
  if ((o->validation_param != NULL) != (o->values != NULL))
    {
      *message = g_strdup (_("--validation-curve takes the parameter to vary, and --values the values to try, such as --validation-curve max_depth --values 1,2,4,8."));
      return FALSE;
    }
  if (o->nested != 0 && (o->nested < 2 || o->curve != NULL || o->validation_param != NULL))
    {
      *message = g_strdup (_("--nested takes the number of inner folds, at least 2, and goes with --grid or --random."));
      return FALSE;
    }
  if ((o->random > 0) != (o->space != NULL))
    {
      *message = g_strdup (_("--random takes the number of settings to draw, and --space where to draw them (repeat it per parameter)."));
      return FALSE;
    }
  return TRUE;
}

int
sonde_cli_run_tune (int    argc,
                    char **argv)
{
  LearnOptions o = { .folds = 10, .repeats = 1 };
  const GOptionEntry entries[] = {
    { "target", 0, 0, G_OPTION_ARG_STRING, &o.target, N_("The column to predict"), N_("COLUMN") },
    { "learner", 'l', 0, G_OPTION_ARG_STRING, &o.learner_name, N_("The learner: cart, random-forest, gradient-boosting, hist-gradient-boosting, gaussian-nb, multinomial-nb, logistic, linear, ridge, knn, mlp, self-training, kmeans, hierarchical"), N_("NAME") },
    { "param", 'p', 0, G_OPTION_ARG_STRING_ARRAY, &o.params, N_("Set a hyperparameter that is not searched; repeat for several"), N_("NAME=VALUE") },
    { "features", 0, 0, G_OPTION_ARG_STRING, &o.features, N_("The feature columns, separated by commas (all but the target and text columns by default)"), N_("A,B,…") },
    { "grid", 'g', 0, G_OPTION_ARG_STRING_ARRAY, &o.grid, N_("Values to try for a hyperparameter; repeat per parameter: every combination is tried"), N_("NAME=V1,V2,…") },
    { "random", 0, 0, G_OPTION_ARG_INT, &o.random, N_("Draw this many settings at random from --space"), N_("N") },
    { "space", 0, 0, G_OPTION_ARG_STRING_ARRAY, &o.space, N_("Where --random draws a hyperparameter: a range or values; repeat per parameter"), N_("NAME=LOW..HIGH") },
    { "learning-curve", 0, 0, G_OPTION_ARG_STRING, &o.curve, N_("Score against training sizes, shares of each fold's training rows"), N_("0.1,0.5,1") },
    { "validation-curve", 0, 0, G_OPTION_ARG_STRING, &o.validation_param, N_("Score against the values of this hyperparameter, on the training and test rows of each fold"), N_("NAME") },
    { "values", 0, 0, G_OPTION_ARG_STRING, &o.values, N_("The values for --validation-curve, separated by commas"), N_("V1,V2,…") },
    { "nested", 0, 0, G_OPTION_ARG_INT, &o.nested, N_("Nested cross-validation: run the search on this many inner folds of each outer fold's training rows"), N_("K") },
    { "folds", 'k', 0, G_OPTION_ARG_INT, &o.folds, N_("The number of folds (10 by default)"), N_("K") },
    { "seed", 's', 0, G_OPTION_ARG_INT64, &o.seed, N_("The seed of the folds and of the random search (0 by default)"), N_("N") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &o.json, N_("Write the scores as JSON"), NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(SondeTable) table = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) features = NULL;
  g_autoptr(SondeFolds) folds = NULL;
  g_autofree guint32 *codes = NULL;
  SondeTask task;
  int status;

  status = sonde_cli_read_table (&argc, &argv, "tune",
                                 _("FILE — search a learner's hyperparameters, or draw its learning curve"),
                                 _("Cross-validates every setting on the same folds and says which scores best (accuracy for classes, R² for numbers), or scores the learner against the size of its training set."),
                                 (GOptionEntry *) entries, check_tune, &o, &o.json, &table);
  if (status != SONDE_CLI_EXIT_OK)
    goto out;

  features = feature_list (table, &o);
  if ((task = sonde_learner_resolve_task (o.learner, table, o.target, &error)) == SONDE_TASK_AUTO)
    goto input_error;
  sonde_learner_set_task (o.learner, task);
  if (task == SONDE_TASK_CLASSIFICATION)
    {
      if ((codes = sonde_learner_encode_classes (table, o.target, NULL, &error)) == NULL)
        goto input_error;
      folds = sonde_folds_stratified_kfold (codes, sonde_table_get_n_rows (table), o.folds, o.seed, 0, &error);
    }
  else
    folds = sonde_folds_kfold (sonde_table_get_n_rows (table), o.folds, o.seed, 0, &error);
  if (folds == NULL)
    goto input_error;

  if (o.curve != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (o.curve, ",", -1);
      g_autoptr(GArray) fractions = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(SondeLearningCurve) curve = NULL;

      for (guint i = 0; parts[i] != NULL; i++)
        {
          char *end = NULL;
          double f = g_ascii_strtod (g_strstrip (parts[i]), &end);

          if (end == parts[i] || *end != '\0')
            {
              g_autofree char *message = g_strdup_printf (_("“%s” is not a share of the training rows; write numbers such as 0.1,0.5,1."),
                                                          parts[i]);
              print_error (message);
              status = SONDE_CLI_EXIT_USAGE;
              goto out;
            }
          g_array_append_val (fractions, f);
        }
      curve = sonde_learning_curve (o.learner, table, (const char * const *) features, o.target,
                                    (const double *) (gpointer) fractions->data, fractions->len, folds, NULL, &error);
      if (curve == NULL)
        goto input_error;
      if (o.json)
        {
          g_autoptr(JsonBuilder) b = json_builder_new ();

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "learner");
          json_builder_add_string_value (b, sonde_learner_get_name (o.learner));
          json_builder_set_member_name (b, "metric");
          json_builder_add_string_value (b, task == SONDE_TASK_CLASSIFICATION ? "accuracy" : "r2");
          json_builder_set_member_name (b, "learning_curve");
          json_builder_begin_array (b);
          for (guint i = 0; i < curve->n_sizes; i++)
            {
              json_builder_begin_object (b);
              json_builder_set_member_name (b, "train_size");
              json_builder_add_int_value (b, curve->train_size[i]);
              json_builder_set_member_name (b, "test_mean");
              json_builder_add_double_value (b, curve->test_mean[i]);
              json_builder_set_member_name (b, "test_sd");
              json_builder_add_double_value (b, curve->test_sd[i]);
              json_builder_set_member_name (b, "train_mean");
              json_builder_add_double_value (b, curve->train_mean[i]);
              json_builder_end_object (b);
            }
          json_builder_end_array (b);
          json_builder_end_object (b);
          print_json (b);
        }
      else
        {
          g_print ("%s — %s\n", sonde_learner_get_label (o.learner), _("learning curve"));
          for (guint i = 0; i < curve->n_sizes; i++)
            /* Translators: rows trained on, then the scores on the test and training rows */
            g_print (_("%u rows: %.4f on the test folds (standard deviation %.4f), %.4f on the rows trained on\n"),
                     curve->train_size[i], curve->test_mean[i], curve->test_sd[i], curve->train_mean[i]);
        }
      goto out;
    }

  if (o.validation_param != NULL)
    {
      g_auto(GStrv) values = g_strsplit (o.values, ",", -1);
      g_autoptr(SondeValidationCurve) curve = NULL;

      for (guint i = 0; values[i] != NULL; i++)
        g_strstrip (values[i]);
      curve = sonde_validation_curve (o.learner, table, (const char * const *) features, o.target,
                                      o.validation_param, (const char * const *) values, folds, NULL, &error);
      if (curve == NULL)
        goto input_error;
      if (o.json)
        {
          g_autoptr(JsonBuilder) b = json_builder_new ();

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "learner");
          json_builder_add_string_value (b, sonde_learner_get_name (o.learner));
          json_builder_set_member_name (b, "metric");
          json_builder_add_string_value (b, task == SONDE_TASK_CLASSIFICATION ? "accuracy" : "r2");
          json_builder_set_member_name (b, "folds");
          json_builder_add_int_value (b, folds->n_folds);
          json_builder_set_member_name (b, "param");
          json_builder_add_string_value (b, curve->param);
          json_builder_set_member_name (b, "validation_curve");
          json_builder_begin_array (b);
          for (guint i = 0; i < curve->n_values; i++)
            {
              json_builder_begin_object (b);
              json_builder_set_member_name (b, "value");
              json_builder_add_string_value (b, curve->values[i]);
              json_builder_set_member_name (b, "train_mean");
              json_builder_add_double_value (b, curve->train_mean[i]);
              json_builder_set_member_name (b, "train_sd");
              json_builder_add_double_value (b, curve->train_sd[i]);
              json_builder_set_member_name (b, "test_mean");
              json_builder_add_double_value (b, curve->test_mean[i]);
              json_builder_set_member_name (b, "test_sd");
              json_builder_add_double_value (b, curve->test_sd[i]);
              json_builder_end_object (b);
            }
          json_builder_end_array (b);
          json_builder_end_object (b);
          print_json (b);
        }
      else
        {
          g_print ("%s — %s\n", sonde_learner_get_label (o.learner), _("validation curve"));
          for (guint i = 0; i < curve->n_values; i++)
            /* Translators: a parameter and its value, then the scores on the test and training rows with their standard deviations */
            g_print (_("%s=%s: %.4f on the test folds (standard deviation %.4f), %.4f on the rows trained on (%.4f)\n"),
                     curve->param, curve->values[i], curve->test_mean[i], curve->test_sd[i],
                     curve->train_mean[i], curve->train_sd[i]);
        }
      goto out;
    }

  if (o.nested > 0)
    {
      g_autoptr(SondeNestedResult) nested = NULL;

      nested = sonde_tune_nested (o.learner, table, (const char * const *) features, o.target,
                                  (const char * const *) o.grid, (const char * const *) o.space,
                                  (guint) MAX (o.random, 0), (guint64) o.seed, folds, (guint) o.nested,
                                  NULL, &error);
      if (nested == NULL)
        goto input_error;
      if (o.json)
        {
          g_autoptr(JsonBuilder) b = json_builder_new ();

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "learner");
          json_builder_add_string_value (b, sonde_learner_get_name (o.learner));
          json_builder_set_member_name (b, "search");
          json_builder_add_string_value (b, o.grid != NULL ? "grid" : "random");
          json_builder_set_member_name (b, "metric");
          json_builder_add_string_value (b, task == SONDE_TASK_CLASSIFICATION ? "accuracy" : "r2");
          json_builder_set_member_name (b, "outer_folds");
          json_builder_add_int_value (b, nested->n_folds);
          json_builder_set_member_name (b, "inner_folds");
          json_builder_add_int_value (b, nested->inner_folds);
          json_builder_set_member_name (b, "seed");
          json_builder_add_int_value (b, o.seed);
          json_builder_set_member_name (b, "outer");
          json_builder_begin_array (b);
          for (guint f = 0; f < nested->n_folds; f++)
            {
              json_builder_begin_object (b);
              json_builder_set_member_name (b, "best");
              json_builder_add_string_value (b, nested->best[f]);
              json_builder_set_member_name (b, "score");
              json_builder_add_double_value (b, nested->score[f]);
              json_builder_end_object (b);
            }
          json_builder_end_array (b);
          json_builder_set_member_name (b, "mean");
          json_builder_add_double_value (b, nested->mean);
          json_builder_set_member_name (b, "sd");
          json_builder_add_double_value (b, nested->sd);
          json_builder_end_object (b);
          print_json (b);
        }
      else
        {
          g_print ("%s — %s\n", sonde_learner_get_label (o.learner), _("nested cross-validation"));
          for (guint f = 0; f < nested->n_folds; f++)
            /* Translators: an outer fold's number, its best setting, then its score */
            g_print (_("Outer fold %u: best %s, score %.4f\n"), f + 1, nested->best[f], nested->score[f]);
          /* Translators: the mean score, its standard deviation, the number of outer then inner folds */
          g_print (_("Nested score: %.4f (standard deviation %.4f over %u outer folds, %u inner folds)\n"),
                   nested->mean, nested->sd, nested->n_folds, nested->inner_folds);
        }
      goto out;
    }

  {
    g_autoptr(SondeTuneResult) result = NULL;

    if (o.grid != NULL)
      result = sonde_tune_grid (o.learner, table, (const char * const *) features, o.target,
                                (const char * const *) o.grid, folds, NULL, &error);
    else
      result = sonde_tune_random (o.learner, table, (const char * const *) features, o.target,
                                  (const char * const *) o.space, (guint) MAX (o.random, 0), (guint64) o.seed,
                                  folds, NULL, &error);
    if (result == NULL)
      goto input_error;

    if (o.json)
      {
        g_autoptr(JsonBuilder) b = json_builder_new ();

        json_builder_begin_object (b);
        json_builder_set_member_name (b, "learner");
        json_builder_add_string_value (b, sonde_learner_get_name (o.learner));
        json_builder_set_member_name (b, "search");
        json_builder_add_string_value (b, o.grid != NULL ? "grid" : "random");
        json_builder_set_member_name (b, "folds");
        json_builder_add_int_value (b, folds->n_folds);
        json_builder_set_member_name (b, "seed");
        json_builder_add_int_value (b, o.seed);
        json_builder_set_member_name (b, "metric");
        json_builder_add_string_value (b, task == SONDE_TASK_CLASSIFICATION ? "accuracy" : "r2");
        json_builder_set_member_name (b, "settings");
        json_builder_begin_array (b);
        for (guint i = 0; i < result->n_candidates; i++)
          {
            json_builder_begin_object (b);
            json_builder_set_member_name (b, "params");
            json_builder_begin_object (b);
            for (guint a = 0; result->assignments[i][a] != NULL; a++)
              {
                const char *eq = strchr (result->assignments[i][a], '=');
                g_autofree char *name = g_strndup (result->assignments[i][a], eq - result->assignments[i][a]);

                json_builder_set_member_name (b, name);
                json_builder_add_string_value (b, eq + 1);
              }
            json_builder_end_object (b);
            json_builder_set_member_name (b, "mean");
            json_builder_add_double_value (b, result->mean[i]);
            json_builder_set_member_name (b, "sd");
            json_builder_add_double_value (b, result->sd[i]);
            json_builder_end_object (b);
          }
        json_builder_end_array (b);
        json_builder_set_member_name (b, "best");
        json_builder_add_int_value (b, result->best);
        json_builder_end_object (b);
        print_json (b);
      }
    else
      {
        g_print ("%s — %s\n", sonde_learner_get_label (o.learner),
                 o.grid != NULL ? _("grid search") : _("random search"));
        for (guint i = 0; i < result->n_candidates; i++)
          g_print ("  %s%s: %.4f (± %.4f)\n", i == result->best ? "* " : "  ",
                   result->settings[i], result->mean[i], result->sd[i]);
        /* Translators: the best setting, then its mean score */
        g_print (_("Best: %s, with %.4f.\n"), result->settings[result->best], result->mean[result->best]);
      }
  }
  goto out;

input_error:
  print_error (error->message);
  status = SONDE_CLI_EXIT_INPUT;

out:
  learn_options_clear (&o);
  return status;
}

/* ------------------------------------------------------------------ */
/* predict                                                             */

/* `predict MODEL FILE`: keeps MODEL, then puts FILE where the table
 * reader looks for it. */
static gboolean
check_predict (int        argc,
               char     **argv,
               gpointer   user_data,
               char     **message)
{
  LearnOptions *o = user_data;
  char *file;

  if (argc != 3)
    {
      *message = g_strdup (_("predict needs a MODEL file and a data FILE."));
      return FALSE;
    }
  if (o->format != NULL && strcmp (o->format, "csv") != 0 && strcmp (o->format, "json") != 0)
    {
      *message = g_strdup_printf (_("“%s” is not an output format for predictions: use csv or json."), o->format);
      return FALSE;
    }
  o->model_path = g_strdup (argv[1]);
  file = argv[2];
  argv[2] = argv[1];
  argv[1] = file;
  return TRUE;
}

static void
append_csv_field (GString    *s,
                  const char *text)
{
  if (strpbrk (text, ",\"\n\r") == NULL)
    {
      g_string_append (s, text);
      return;
    }
  g_string_append_c (s, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (s, '"');
      g_string_append_c (s, *p);
    }
  g_string_append_c (s, '"');
}

int
sonde_cli_run_predict (int    argc,
                       char **argv)
{
  LearnOptions o = { .folds = 10, .repeats = 1 };
  const GOptionEntry entries[] = {
    { "out-format", 0, 0, G_OPTION_ARG_STRING, &o.format, N_("Format of the predictions: csv (the default) or json"), N_("csv|json") },
    { "proba", 0, 0, G_OPTION_ARG_NONE, &o.proba, N_("Add the probability of each class"), NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(SondeTable) table = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree double *pred = NULL;
  g_autofree double *proba = NULL;
  gboolean json, classify;
  guint n, k;
  int status;

  status = sonde_cli_read_table (&argc, &argv, "predict",
                                 _("MODEL FILE — predict with a saved model"),
                                 _("Reads a model written by “sonde-cli train” and predicts every row of FILE, which must have the model's feature columns."),
                                 (GOptionEntry *) entries, check_predict, &o, NULL, &table);
  if (status != SONDE_CLI_EXIT_OK)
    goto out;
  if ((o.learner = sonde_learner_load (o.model_path, &error)) == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Cannot use the model %s: %s"), o.model_path, error->message);

      print_error (message);
      status = SONDE_CLI_EXIT_INPUT;
      goto out;
    }

  json = o.format != NULL && strcmp (o.format, "json") == 0;
  classify = sonde_learner_get_task (o.learner) == SONDE_TASK_CLASSIFICATION;
  /* A clustering's predictions are cluster numbers 0..k-1, written as numbers. */
  k = sonde_learner_get_n_classes (o.learner);
  n = sonde_table_get_n_rows (table);
  if ((pred = sonde_learner_predict (o.learner, table, NULL, n, &error)) == NULL ||
      (o.proba && classify && (proba = sonde_learner_predict_proba (o.learner, table, NULL, n, &error)) == NULL))
    {
      print_error (error->message);
      status = SONDE_CLI_EXIT_INPUT;
      goto out;
    }
  if (o.proba && !classify)
    g_printerr (_("sonde-cli: warning: %s\n"), _("the model predicts numbers, so it has no class probabilities."));

  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_array (b);
      for (guint i = 0; i < n; i++)
        {
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "prediction");
          if (classify)
            json_builder_add_string_value (b, sonde_learner_get_class_label (o.learner, pred[i]));
          else
            json_builder_add_double_value (b, pred[i]);
          if (proba != NULL)
            {
              json_builder_set_member_name (b, "probabilities");
              json_builder_begin_object (b);
              for (guint c = 0; c < k; c++)
                {
                  json_builder_set_member_name (b, sonde_learner_get_class_label (o.learner, c));
                  json_builder_add_double_value (b, proba[(gsize) i * k + c]);
                }
              json_builder_end_object (b);
            }
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      print_json (b);
    }
  else
    {
      GString *s = g_string_new ("prediction");

      if (proba != NULL)
        for (guint c = 0; c < k; c++)
          {
            g_autofree char *name = g_strdup_printf ("p_%s", sonde_learner_get_class_label (o.learner, c));

            g_string_append_c (s, ',');
            append_csv_field (s, name);
          }
      g_string_append_c (s, '\n');
      for (guint i = 0; i < n; i++)
        {
          char buf[G_ASCII_DTOSTR_BUF_SIZE];

          if (classify)
            append_csv_field (s, sonde_learner_get_class_label (o.learner, pred[i]));
          else
            g_string_append (s, g_ascii_dtostr (buf, sizeof buf, pred[i]));
          if (proba != NULL)
            for (guint c = 0; c < k; c++)
              {
                g_string_append_c (s, ',');
                g_string_append (s, g_ascii_formatd (buf, sizeof buf, "%.6g", proba[(gsize) i * k + c]));
              }
          g_string_append_c (s, '\n');
        }
      fwrite (s->str, 1, s->len, stdout);
      g_string_free (s, TRUE);
    }

out:
  learn_options_clear (&o);
  return status;
}

/* ------------------------------------------------------------------ */
/* compare                                                             */

typedef struct
{
  char      *target;
  char      *learners;
  char     **params;
  char      *features;
  int        folds;
  int        repeats;
  gint64     seed;
  gboolean   json;

  GPtrArray *list;   /* SondeLearner */
} CompareOptions;

static void
compare_options_clear (CompareOptions *o)
{
  g_free (o->target);
  g_free (o->learners);
  g_strfreev (o->params);
  g_free (o->features);
  g_clear_pointer (&o->list, g_ptr_array_unref);
}

static gboolean
check_compare (int        argc,
               char     **argv,
               gpointer   user_data,
               char     **message)
{
  CompareOptions *o = user_data;
  g_auto(GStrv) names = NULL;
  g_autoptr(GError) error = NULL;

  if (argc != 2)
    {
      *message = g_strdup (_("compare needs exactly one FILE."));
      return FALSE;
    }
  if (o->target == NULL)
    {
      *message = g_strdup (_("Give the column to predict with --target."));
      return FALSE;
    }
  if (o->learners == NULL)
    {
      *message = g_strdup (_("Give the learners to compare with --learners, such as cart,logistic,knn."));
      return FALSE;
    }
  if (o->folds < 2 || o->repeats < 1)
    {
      *message = g_strdup (_("--folds must be at least 2 and --repeats at least 1."));
      return FALSE;
    }
  o->list = g_ptr_array_new_with_free_func ((GDestroyNotify) sonde_learner_free);
  names = g_strsplit (o->learners, ",", -1);
  for (guint i = 0; names[i] != NULL; i++)
    {
      SondeLearner *learner;

      if (*g_strstrip (names[i]) == '\0')
        continue;
      if ((learner = sonde_learner_new (names[i], &error)) == NULL)
        {
          *message = g_strdup (error->message);
          return FALSE;
        }
      if (sonde_learner_get_task (learner) == SONDE_TASK_CLUSTERING)
        {
          *message = g_strdup_printf (_("%s groups rows without a target, so there is nothing to cross-validate."),
                                      sonde_learner_get_label (learner));
          sonde_learner_free (learner);
          return FALSE;
        }
      g_ptr_array_add (o->list, learner);
    }
  if (o->list->len == 0)
    {
      *message = g_strdup (_("Give the learners to compare with --learners, such as cart,logistic,knn."));
      return FALSE;
    }
  /* --param LEARNER.NAME=VALUE */
  for (guint i = 0; o->params != NULL && o->params[i] != NULL; i++)
    {
      const char *dot = strchr (o->params[i], '.');
      const char *eq = strchr (o->params[i], '=');
      gboolean found = FALSE;
      g_autofree char *who = NULL;
      g_autofree char *name = NULL;

      if (dot == NULL || eq == NULL || eq < dot)
        {
          *message = g_strdup_printf (_("“%s” is not a parameter setting: write LEARNER.NAME=VALUE, such as cart.max_depth=3."),
                                      o->params[i]);
          return FALSE;
        }
      who = g_strndup (o->params[i], dot - o->params[i]);
      name = g_strndup (dot + 1, eq - dot - 1);
      for (guint l = 0; l < o->list->len; l++)
        {
          SondeLearner *learner = g_ptr_array_index (o->list, l);

          if (strcmp (sonde_learner_get_name (learner), who) != 0)
            continue;
          found = TRUE;
          if (!sonde_learner_set_param (learner, name, eq + 1, &error))
            {
              *message = g_strdup (error->message);
              return FALSE;
            }
        }
      if (!found)
        {
          *message = g_strdup_printf (_("“%s” sets a parameter of %s, which is not among --learners."), o->params[i], who);
          return FALSE;
        }
    }
  return TRUE;
}

typedef struct
{
  SondeLearner *learner;
  GArray       *scores;
  double        mean;
  double        sd;
  GArray       *all;         /* every fold's score in order, NaN kept, for pairing */
  double        t;
  double        p;
  double        p_corrected;
} Entry;

/* The paired t-test of @best against @e on the folds where both have a
 * score: plain (as scipy.stats.ttest_rel, two-sided) and with Nadeau and
 * Bengio's corrected variance (Machine Learning 52, 2003), which for
 * k-fold cross-validation replaces 1/n by 1/n + 1/(k − 1) since the
 * training sets overlap; repeated k-fold uses all n = k × r differences
 * (Bouckaert and Frank, 2004). With no spread of the differences the
 * test is undefined and left as NaN. */
static void
paired_test (const Entry *best,
             Entry       *e,
             guint        k)
{
  double sum = 0, ss = 0, mean, var;
  guint n = 0;

  e->t = e->p = e->p_corrected = NAN;
  for (guint i = 0; i < e->all->len && i < best->all->len; i++)
    {
      double d = g_array_index (best->all, double, i) - g_array_index (e->all, double, i);

      if (!isnan (d))
        {
          sum += d;
          n++;
        }
    }
  if (n < 2)
    return;
  mean = sum / n;
  for (guint i = 0; i < e->all->len && i < best->all->len; i++)
    {
      double d = g_array_index (best->all, double, i) - g_array_index (e->all, double, i);

      if (!isnan (d))
        ss += (d - mean) * (d - mean);
    }
  var = ss / (n - 1);
  if (var <= 0)
    return;
  e->t = mean / sqrt (var / n);
  e->p = 2 * gsl_cdf_tdist_Q (fabs (e->t), n - 1);
  e->p_corrected = 2 * gsl_cdf_tdist_Q (fabs (mean / sqrt (var * (1.0 / n + 1.0 / (k - 1)))), n - 1);
}

static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  const Entry *x = a, *y = b;

  return (x->mean < y->mean) - (x->mean > y->mean);
}

int
sonde_cli_run_compare (int    argc,
                       char **argv)
{
  CompareOptions o = { .folds = 10, .repeats = 1 };
  const GOptionEntry entries[] = {
    { "target", 0, 0, G_OPTION_ARG_STRING, &o.target, N_("The column to predict"), N_("COLUMN") },
    { "learners", 'l', 0, G_OPTION_ARG_STRING, &o.learners, N_("The learners to compare, separated by commas"), N_("A,B,…") },
    { "param", 'p', 0, G_OPTION_ARG_STRING_ARRAY, &o.params, N_("Set a hyperparameter of one learner; repeat for several"), N_("LEARNER.NAME=VALUE") },
    { "features", 0, 0, G_OPTION_ARG_STRING, &o.features, N_("The feature columns, separated by commas (all but the target and text columns by default)"), N_("A,B,…") },
    { "folds", 'k', 0, G_OPTION_ARG_INT, &o.folds, N_("The number of folds (10 by default)"), N_("K") },
    { "repeats", 0, 0, G_OPTION_ARG_INT, &o.repeats, N_("Repeat the cross-validation with new folds this many times"), N_("R") },
    { "seed", 's', 0, G_OPTION_ARG_INT64, &o.seed, N_("The seed of the folds (0 by default)"), N_("N") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &o.json, N_("Write the scores as JSON"), NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(SondeTable) table = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) folds = g_ptr_array_new_with_free_func ((GDestroyNotify) sonde_folds_free);
  g_autoptr(GArray) results = g_array_new (FALSE, TRUE, sizeof (Entry));
  g_autofree guint32 *codes = NULL;
  g_auto(GStrv) features = NULL;
  SondeTask task = SONDE_TASK_AUTO;
  int status;

  status = sonde_cli_read_table (&argc, &argv, "compare",
                                 _("FILE — compare learners on the same folds"),
                                 _("Cross-validates each learner on the same folds of FILE and ranks them by their mean score: accuracy for classes, R² for numbers."),
                                 (GOptionEntry *) entries, check_compare, &o, &o.json, &table);
  if (status != SONDE_CLI_EXIT_OK)
    goto out;

  {
    LearnOptions lo = { .target = o.target, .features = o.features };

    features = feature_list (table, &lo);
  }
  for (guint l = 0; l < o.list->len; l++)
    {
      SondeLearner *learner = g_ptr_array_index (o.list, l);
      SondeTask t = sonde_learner_resolve_task (learner, table, o.target, &error);

      if (t == SONDE_TASK_AUTO)
        {
          print_error (error->message);
          status = SONDE_CLI_EXIT_INPUT;
          goto out;
        }
      if (task != SONDE_TASK_AUTO && t != task)
        {
          print_error (_("These learners do not do the same task on this target (some classify, some predict numbers); compare learners of one kind."));
          status = SONDE_CLI_EXIT_INPUT;
          goto out;
        }
      task = t;
      sonde_learner_set_task (learner, task);
    }
  if (task == SONDE_TASK_CLASSIFICATION &&
      (codes = sonde_learner_encode_classes (table, o.target, NULL, &error)) == NULL)
    {
      print_error (error->message);
      status = SONDE_CLI_EXIT_INPUT;
      goto out;
    }
  for (int r = 0; r < o.repeats; r++)
    {
      gsize n = sonde_table_get_n_rows (table);
      SondeFolds *f = codes != NULL ? sonde_folds_stratified_kfold (codes, n, o.folds, o.seed, r, &error)
                                    : sonde_folds_kfold (n, o.folds, o.seed, r, &error);

      if (f == NULL)
        {
          print_error (error->message);
          status = SONDE_CLI_EXIT_INPUT;
          goto out;
        }
      g_ptr_array_add (folds, f);
    }

  for (guint l = 0; l < o.list->len; l++)
    {
      Entry e = { g_ptr_array_index (o.list, l), g_array_new (FALSE, FALSE, sizeof (double)), 0, 0,
                  g_array_new (FALSE, FALSE, sizeof (double)), NAN, NAN, NAN };

      for (guint r = 0; r < folds->len; r++)
        {
          g_autoptr(SondeCvResult) cv = sonde_learner_cross_validate (e.learner, table, (const char * const *) features,
                                                                      o.target, g_ptr_array_index (folds, r), &error);

          if (cv == NULL)
            {
              g_autofree char *message = g_strdup_printf ("%s: %s", sonde_learner_get_name (e.learner), error->message);

              print_error (message);
              g_array_unref (e.scores);
              g_array_unref (e.all);
              status = SONDE_CLI_EXIT_INPUT;
              goto out;
            }
          for (guint f = 0; f < cv->n_folds; f++)
            {
              if (!isnan (cv->score[f]))
                g_array_append_val (e.scores, cv->score[f]);
              g_array_append_val (e.all, cv->score[f]);
            }
        }
      for (guint i = 0; i < e.scores->len; i++)
        e.mean += g_array_index (e.scores, double, i);
      e.mean /= MAX (1, e.scores->len);
      for (guint i = 0; i < e.scores->len; i++)
        e.sd += pow (g_array_index (e.scores, double, i) - e.mean, 2);
      e.sd = e.scores->len > 1 ? sqrt (e.sd / (e.scores->len - 1)) : NAN;
      g_array_append_val (results, e);
    }
  g_array_sort (results, compare_entries);
  for (guint i = 1; i < results->len; i++)
    paired_test (&g_array_index (results, Entry, 0), &g_array_index (results, Entry, i), o.folds);

  if (o.json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "task");
      json_builder_add_string_value (b, task_name (task));
      json_builder_set_member_name (b, "metric");
      json_builder_add_string_value (b, task == SONDE_TASK_CLASSIFICATION ? "accuracy" : "r2");
      json_builder_set_member_name (b, "folds");
      json_builder_add_int_value (b, o.folds);
      json_builder_set_member_name (b, "repeats");
      json_builder_add_int_value (b, o.repeats);
      json_builder_set_member_name (b, "seed");
      json_builder_add_int_value (b, o.seed);
      json_builder_set_member_name (b, "results");
      json_builder_begin_array (b);
      for (guint i = 0; i < results->len; i++)
        {
          Entry *e = &g_array_index (results, Entry, i);

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "learner");
          json_builder_add_string_value (b, sonde_learner_get_name (e->learner));
          json_builder_set_member_name (b, "mean");
          json_builder_add_double_value (b, e->mean);
          json_builder_set_member_name (b, "sd");
          if (isnan (e->sd))
            json_builder_add_null_value (b);
          else
            json_builder_add_double_value (b, e->sd);
          json_builder_set_member_name (b, "scores");
          json_builder_begin_array (b);
          for (guint f = 0; f < e->scores->len; f++)
            json_builder_add_double_value (b, g_array_index (e->scores, double, f));
          json_builder_end_array (b);
          if (i > 0)
            {
              const char *names[] = { "t", "p", "p_corrected" };
              double values[] = { e->t, e->p, e->p_corrected };

              for (guint v = 0; v < G_N_ELEMENTS (names); v++)
                {
                  json_builder_set_member_name (b, names[v]);
                  if (isnan (values[v]))
                    json_builder_add_null_value (b);
                  else
                    json_builder_add_double_value (b, values[v]);
                }
            }
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
      print_json (b);
    }
  else
    {
      g_print ("%s\n", task == SONDE_TASK_CLASSIFICATION ? _("Accuracy (mean ± standard deviation over the folds), best first:")
                                                       : _("R² (mean ± standard deviation over the folds), best first:"));
      for (guint i = 0; i < results->len; i++)
        {
          Entry *e = &g_array_index (results, Entry, i);

          g_print ("  %-16s %.4f ± %.4f  %s\n", sonde_learner_get_name (e->learner), e->mean, e->sd,
                   sonde_learner_get_label (e->learner));
        }
      if (results->len > 1)
        {
          g_print ("%s\n", _("Paired t-test of each learner against the best, on the same folds (p: plain; corrected: Nadeau–Bengio variance for overlapping training sets):"));
          for (guint i = 1; i < results->len; i++)
            {
              Entry *e = &g_array_index (results, Entry, i);

              g_print ("  %-16s t %.3f  p %.4g  corrected p %.4g\n", sonde_learner_get_name (e->learner),
                       e->t, e->p, e->p_corrected);
            }
        }
    }

out:
  for (guint i = 0; i < results->len; i++)
    {
      g_array_unref (g_array_index (results, Entry, i).scores);
      g_array_unref (g_array_index (results, Entry, i).all);
    }
  compare_options_clear (&o);
  return status;
}
