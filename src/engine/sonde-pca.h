/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "sonde-table.h"

G_BEGIN_DECLS

/**
 * SondePca:
 * @n_features: p, the number of columns the PCA was fitted on.
 * @n_components: k, the components kept (1 ≤ k ≤ @n_all).
 * @n_all: min (n, p), the number of components computed.
 * @n_samples: the rows used to fit.
 * @scaled: whether columns were divided by their standard deviation.
 * @columns: (nullable): the p column names, when fitted on a table.
 * @mean: p column means.
 * @scale: p divisors (the population standard deviation, or 1).
 * @components: k × p, row-major: component i is row i, of unit length.
 * @explained_variance: @n_all variances along the components (divisor n − 1).
 * @explained_variance_ratio: @n_all shares of the total variance.
 *
 * A principal component analysis, as scikit-learn's PCA (svd_solver
 * "full") after an optional StandardScaler: a plain struct, like a
 * liblinear model.
 */
typedef struct
{
  guint    n_features;
  guint    n_components;
  guint    n_all;
  gsize    n_samples;
  gboolean scaled;
  char   **columns;
  double  *mean;
  double  *scale;
  double  *components;
  double  *explained_variance;
  double  *explained_variance_ratio;
} SondePca;

SondePca *sonde_pca_fit          (const double        *x,
                                  gsize                n,
                                  guint                p,
                                  gboolean             scale,
                                  guint                n_components,
                                  double               variance,
                                  GError             **error);
SondePca *sonde_pca_fit_table    (SondeTable          *table,
                                  const char * const  *columns,
                                  gboolean             scale,
                                  guint                n_components,
                                  double               variance,
                                  GError             **error);
void      sonde_pca_transform    (const SondePca      *pca,
                                  const double        *x,
                                  gsize                n,
                                  double              *out);
void      sonde_pca_to_json      (const SondePca      *pca,
                                  JsonObject          *object);
SondePca *sonde_pca_from_json    (JsonObject          *object,
                                  GError             **error);
char     *sonde_pca_to_text      (const SondePca      *pca);
char     *sonde_pca_to_json_text (const SondePca      *pca);
void      sonde_pca_free         (SondePca            *pca);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SondePca, sonde_pca_free)

G_END_DECLS
