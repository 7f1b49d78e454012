/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/**
 * SondeTextNorm:
 * @SONDE_TEXT_NORM_NONE: rows are left as they are.
 * @SONDE_TEXT_NORM_L2: each row is divided by its Euclidean length.
 * @SONDE_TEXT_NORM_L1: each row is divided by the sum of its absolute values.
 *
 * How TF-IDF rows are normalised (scikit-learn's norm).
 */
typedef enum
{
  SONDE_TEXT_NORM_NONE,
  SONDE_TEXT_NORM_L2,
  SONDE_TEXT_NORM_L1,
} SondeTextNorm;

/**
 * SondeTextVectorOptions:
 * @tfidf: TF-IDF weights (TfidfVectorizer) rather than counts (CountVectorizer).
 * @binary: a term present counts 1, however often it appears.
 * @min_df: documents a term must appear in: a count when
 *   @min_df_is_count, else a fraction of the documents.
 * @min_df_is_count: whether @min_df is a count.
 * @max_df: documents a term may appear in at most, as @min_df.
 * @max_df_is_count: whether @max_df is a count.
 * @max_features: 0, or keep only this many terms, the most frequent
 *   over the corpus (ties in alphabetical order).
 * @max_terms: without @max_features, the largest vocabulary accepted
 *   (one column per term); 0 for no limit.
 * @use_idf: TF-IDF: weight by the inverse document frequency.
 * @smooth_idf: TF-IDF: idf = ln ((1 + n) / (1 + df)) + 1, else ln (n / df) + 1.
 * @sublinear_tf: TF-IDF: a count c becomes 1 + ln c.
 * @norm: TF-IDF: the normalisation of each row.
 *
 * The settings of a vectoriser, with the meanings and defaults of
 * scikit-learn 1.2's CountVectorizer and TfidfVectorizer; fill them
 * with sonde_text_vector_options_init().
 */
typedef struct
{
  gboolean      tfidf;
  gboolean      binary;
  double        min_df;
  gboolean      min_df_is_count;
  double        max_df;
  gboolean      max_df_is_count;
  guint         max_features;
  guint         max_terms;
  gboolean      use_idf;
  gboolean      smooth_idf;
  gboolean      sublinear_tf;
  SondeTextNorm norm;
} SondeTextVectorOptions;

/**
 * SondeTextVector:
 * @options: the settings it was fitted with.
 * @terms: the @n_terms terms of the vocabulary, in code-point order.
 * @n_terms: the size of the vocabulary.
 * @idf: (nullable): @n_terms inverse document frequencies (TF-IDF with
 *   use_idf only).
 * @n_documents: the documents it was fitted on.
 *
 * A fitted bag-of-words or TF-IDF vectoriser: a plain struct.
 */
typedef struct
{
  SondeTextVectorOptions  options;
  char                  **terms;
  guint                   n_terms;
  double                 *idf;
  gsize                   n_documents;
  /*< private >*/
  GHashTable             *index;
} SondeTextVector;

/**
 * SondeTextEntry:
 * @term: the index of a term in the vocabulary.
 * @value: its count or weight in a document.
 *
 * One non-zero of a document's sparse vector.
 */
typedef struct
{
  guint  term;
  double value;
} SondeTextEntry;

void             sonde_text_vector_options_init (SondeTextVectorOptions        *options);
char           **sonde_text_tokenize            (const char                    *text);
SondeTextVector *sonde_text_vector_fit          (const char * const            *documents,
                                                 gsize                          n,
                                                 const SondeTextVectorOptions  *options,
                                                 GError                       **error);
GArray          *sonde_text_vector_transform    (const SondeTextVector         *vector,
                                                 const char                    *document);
void             sonde_text_vector_to_json      (const SondeTextVector         *vector,
                                                 JsonObject                    *object);
SondeTextVector *sonde_text_vector_from_json    (JsonObject                    *object,
                                                 const SondeTextVectorOptions  *options,
                                                 GError                       **error);
void             sonde_text_vector_free         (SondeTextVector               *vector);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SondeTextVector, sonde_text_vector_free)

G_END_DECLS
