/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "sonde-learner.h"

G_BEGIN_DECLS

/* What every learner gives to fit: the rows as a row-major n × d matrix
 * already imputed and one-hot encoded, and the target as doubles (a
 * class index 0..n_classes-1 for classification). */
typedef struct
{
  SondeTask      task;
  const double  *x;
  gsize          n;
  gsize          d;
  const double  *y;             /* NULL for clustering; NaN for an unlabelled
                                 * row (semi-supervised learners only) */
  guint          n_classes;     /* 0 for regression and clustering */
  const double  *params;        /* one per SondeParamSpec, in order */
  GCancellable  *cancellable;   /* nullable; long fits check it now and then */
} SondeFitData;

/* The table of one learner. A model is the learner's own struct; it
 * remembers what it needs of the task, d and the class count. */
typedef struct
{
  const char            *name;      /* "cart", the name in files and on the command line */
  const char            *label;     /* N_("Decision tree (CART)") */
  gboolean               classifies;
  gboolean               regresses;
  gboolean               clusters;    /* then neither of the above, and no target */
  gboolean               semi_supervised; /* receives rows with a missing target, y = NaN */
  const SondeParamSpec  *params;
  guint                  n_params;

  gpointer  (*fit)           (const SondeFitData *data,
                              GError            **error);
  /* Classification: the class index, as a double; clustering: the
   * cluster's. */
  void      (*predict)       (gconstpointer       model,
                              const double       *x,
                              gsize               n,
                              double             *out);
  /* n × n_classes; NULL when the learner has no probabilities. */
  void      (*predict_proba) (gconstpointer       model,
                              const double       *x,
                              gsize               n,
                              double             *out);
  void      (*free)          (gpointer            model);
  /* Adds the model's members to an open object. */
  void      (*save)          (gconstpointer       model,
                              JsonBuilder        *builder);
  gpointer  (*load)          (JsonObject         *object,
                              const SondeFitData *shape,
                              GError            **error);
  /* One or two sentences on what was learned; @names are the d column
   * names after one-hot encoding. */
  char     *(*describe)      (gconstpointer       model,
                              const char * const *names);
  /* The impurity decrease of each of the d columns, summing to 1 as
   * scikit-learn's feature_importances_; FALSE when no tree has a split.
   * NULL for learners without trees. */
  gboolean  (*importance)    (gconstpointer       model,
                              double             *out);
  /* Checks that involve several parameters; NULL or a message. */
  char     *(*check)         (const double       *params);
  /* A series the fit recorded, such as the loss of each epoch; NULL
   * for learners without one. */
  const double *(*history)   (gconstpointer       model,
                              const char        **name,
                              guint              *n);
} SondeLearnerClass;

extern const SondeLearnerClass sonde_learner_cart;
extern const SondeLearnerClass sonde_learner_random_forest;
extern const SondeLearnerClass sonde_learner_gradient_boosting;
extern const SondeLearnerClass sonde_learner_hist_gradient_boosting;
extern const SondeLearnerClass sonde_learner_gaussian_nb;
extern const SondeLearnerClass sonde_learner_multinomial_nb;
extern const SondeLearnerClass sonde_learner_logistic;
extern const SondeLearnerClass sonde_learner_linear;
extern const SondeLearnerClass sonde_learner_ridge;
extern const SondeLearnerClass sonde_learner_knn;
extern const SondeLearnerClass sonde_learner_kmeans;
extern const SondeLearnerClass sonde_learner_hierarchical;
extern const SondeLearnerClass sonde_learner_mlp;
extern const SondeLearnerClass sonde_learner_self_training;

/* The pseudo-random numbers of the learners and of the validation:
 * SplitMix64 (Steele, Lea and Flood 2014), chosen because it is a few
 * lines that give the same stream on every platform and GLib version
 * for the same seed, so that a seed written in a report replays it. */
typedef struct
{
  guint64 state;
} SondeRng;

static inline void
sonde_rng_init (SondeRng *rng,
                guint64   seed,
                guint64   stream)
{
  rng->state = seed ^ (stream * G_GUINT64_CONSTANT (0xD1B54A32D192ED03));
}

static inline guint64
sonde_rng_next (SondeRng *rng)
{
  guint64 z = (rng->state += G_GUINT64_CONSTANT (0x9E3779B97F4A7C15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xBF58476D1CE4E5B9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94D049BB133111EB);
  return z ^ (z >> 31);
}

/* A uniform integer in [0, bound), bound > 0, by Lemire's rejection. */
static inline guint64
sonde_rng_below (SondeRng *rng,
                 guint64   bound)
{
  guint64 threshold = (-bound) % bound;

  for (;;)
    {
      guint64 r = sonde_rng_next (rng);

      if (r >= threshold)
        return r % bound;
    }
}

/* A uniform double in [0, 1). */
static inline double
sonde_rng_uniform (SondeRng *rng)
{
  return (sonde_rng_next (rng) >> 11) * 0x1.0p-53;
}

/* Fisher–Yates shuffle of @n guints. */
static inline void
sonde_rng_shuffle (SondeRng *rng,
                   guint    *v,
                   gsize     n)
{
  for (gsize i = n; i > 1; i--)
    {
      gsize j = sonde_rng_below (rng, i);
      guint t = v[i - 1];

      v[i - 1] = v[j];
      v[j] = t;
    }
}

/* For the algorithms' loops: TRUE (with @error set) once cancelled. */
static inline gboolean
sonde_fit_cancelled (const SondeFitData  *data,
                     GError             **error)
{
  return g_cancellable_set_error_if_cancelled (data->cancellable, error);
}

/* Small helpers for model files. */
void     sonde_json_add_doubles (JsonBuilder   *builder,
                                 const char    *member,
                                 const double  *v,
                                 gsize          n);
double  *sonde_json_get_doubles (JsonObject    *object,
                                 const char    *member,
                                 gsize          expected,
                                 GError       **error);
gboolean sonde_json_get_number  (JsonObject    *object,
                                 const char    *member,
                                 double        *value,
                                 GError       **error);

G_END_DECLS
