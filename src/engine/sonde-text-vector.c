/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sonde-engine"

/* Bag-of-words and TF-IDF vectors of short texts, for the pipeline steps
 * "bag_of_words" and "tfidf": scikit-learn 1.2's CountVectorizer and
 * TfidfVectorizer with their defaults, so that a vocabulary and its
 * weights compare with scikit-learn's.
 *
 *  - Tokens: the text is lowercased (g_utf8_strdown, as Python's
 *    str.lower outside Turkic locales), then every run of two or more
 *    word characters is a token, which is what the pattern
 *    (?u)\b\w\w+\b finds. A word character is Python's: a letter
 *    (Unicode categories L*), a number (Nd, Nl, No) or "_"; combining
 *    marks are not, so a decomposed "é" (e + U+0301) splits a word, as in
 *    scikit-learn (normalise text to NFC first with the "text" step).
 *    Accents are kept.
 *  - Vocabulary: the terms in code-point order (Python's sorted); those
 *    in fewer than min_df or more than max_df documents are dropped (an
 *    integer is a count of documents, a real a fraction); max_features
 *    keeps the terms of highest total count, ties in alphabetical order
 *    (NumPy's argsort, which scikit-learn uses, is not stable past 16
 *    terms, so scikit-learn may break a tie at the cut another way).
 *  - Counts, or 1 for a term present with binary.
 *  - TF-IDF: tf the count (1 + ln count with sublinear_tf); idf
 *    ln ((1 + n) / (1 + df)) + 1 with smooth_idf, else ln (n / df) + 1;
 *    each row divided by its L2 norm (or L1, or not).
 *
 * Documents are vectorised one at a time into sparse entries (the terms
 * present), so memory is the vocabulary plus one document's terms; the
 * table the step makes is dense, one column per term, which is why a
 * vocabulary beyond max_terms is refused unless max_features is given.
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "sonde-error.h"
#include "sonde-text-vector.h"

/**
 * sonde_text_vector_options_init:
 * @options: (out caller-allocates): the options to fill
 *
 * Sets scikit-learn's defaults: counts (tfidf FALSE), min_df 1 (a
 * count), max_df 1.0 (a fraction), no max_features, at most 1000 terms,
 * and for TF-IDF use_idf, smooth_idf, no sublinear_tf and the L2 norm.
 */
void
sonde_text_vector_options_init (SondeTextVectorOptions *options)
{
  memset (options, 0, sizeof *options);
  options->min_df = 1;
  options->min_df_is_count = TRUE;
  options->max_df = 1.0;
  options->max_df_is_count = FALSE;
  options->max_terms = 1000;
  options->use_idf = TRUE;
  options->smooth_idf = TRUE;
  options->norm = SONDE_TEXT_NORM_L2;
}

static inline gboolean
is_word_char (gunichar c)
{
  switch (g_unichar_type (c))
    {
    case G_UNICODE_UPPERCASE_LETTER:
    case G_UNICODE_LOWERCASE_LETTER:
    case G_UNICODE_TITLECASE_LETTER:
    case G_UNICODE_MODIFIER_LETTER:
    case G_UNICODE_OTHER_LETTER:
    case G_UNICODE_DECIMAL_NUMBER:
    case G_UNICODE_LETTER_NUMBER:
    case G_UNICODE_OTHER_NUMBER:
      return TRUE;
    default:
      return c == '_';
    }
}

/**
 * sonde_text_tokenize:
 * @text: (nullable): UTF-8 text (invalid bytes are replaced)
 *
 * Splits @text into lowercased tokens as scikit-learn's default
 * analyser does (see the top of this file).
 *
 * Returns: (transfer full) (array zero-terminated=1): the tokens in
 *   order, repeated as they appear.
 */
char **
sonde_text_tokenize (const char *text)
{
  GPtrArray *tokens = g_ptr_array_new ();
  g_autofree char *valid = NULL;
  g_autofree char *lower = NULL;
  const char *p, *start = NULL;
  guint run = 0;

  if (text == NULL)
    {
      g_ptr_array_add (tokens, NULL);
      return (char **) g_ptr_array_free (tokens, FALSE);
    }
  valid = g_utf8_make_valid (text, -1);
  lower = g_utf8_strdown (valid, -1);
  for (p = lower;; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c != 0 && is_word_char (c))
        {
          if (run++ == 0)
            start = p;
          continue;
        }
      if (run >= 2)
        g_ptr_array_add (tokens, g_strndup (start, p - start));
      run = 0;
      if (c == 0)
        break;
    }
  g_ptr_array_add (tokens, NULL);
  return (char **) g_ptr_array_free (tokens, FALSE);
}

/**
 * sonde_text_vector_free:
 * @vector: (nullable) (transfer full): a #SondeTextVector
 *
 * Frees @vector.
 */
void
sonde_text_vector_free (SondeTextVector *vector)
{
  if (vector == NULL)
    return;
  g_strfreev (vector->terms);
  g_free (vector->idf);
  g_clear_pointer (&vector->index, g_hash_table_unref);
  g_free (vector);
}

typedef struct
{
  char   *term;
  double  df;     /* documents */
  double  tf;     /* occurrences over the corpus (documents when binary) */
} TermStats;

static void
term_stats_free (gpointer data)
{
  TermStats *s = data;

  g_free (s->term);
  g_free (s);
}

static int
compare_terms (const void *a,
               const void *b)
{
  return strcmp (((const TermStats *) a)->term, ((const TermStats *) b)->term);
}

static int
compare_frequent (const void *a,
                  const void *b)
{
  const TermStats *x = a, *y = b;

  if (x->tf != y->tf)
    return x->tf > y->tf ? -1 : 1;
  return strcmp (x->term, y->term);
}

static void
build_index (SondeTextVector *vector)
{
  vector->index = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < vector->n_terms; i++)
    g_hash_table_insert (vector->index, vector->terms[i], GUINT_TO_POINTER (i + 1));
}

static void
compute_idf (SondeTextVector *vector,
             const double    *df)
{
  double n = vector->n_documents, s = vector->options.smooth_idf ? 1 : 0;

  if (!vector->options.tfidf || !vector->options.use_idf)
    return;
  vector->idf = g_new (double, MAX (vector->n_terms, 1));
  for (guint i = 0; i < vector->n_terms; i++)
    vector->idf[i] = log ((n + s) / (df[i] + s)) + 1;
}

/**
 * sonde_text_vector_fit:
 * @documents: (array length=n): the texts; %NULL ones are empty
 * @n: the number of documents
 * @options: the settings
 * @error: return location for a #GError
 *
 * Learns the vocabulary (and the idf for TF-IDF) of @documents. Fails
 * when max_df allows fewer documents than min_df, when no term remains,
 * or when more than max_terms remain without max_features.
 *
 * Returns: (transfer full) (nullable): the vectoriser, or %NULL with
 *   @error set.
 */
SondeTextVector *
sonde_text_vector_fit (const char * const            *documents,
                       gsize                          n,
                       const SondeTextVectorOptions  *options,
                       GError                       **error)
{
  g_autoptr(GHashTable) stats = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, term_stats_free);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(SondeTextVector) vector = NULL;
  g_autofree TermStats *all = NULL;
  g_autofree double *df = NULL;
  GHashTableIter iter;
  gpointer value;
  double max_count, min_count;
  guint n_all = 0, kept = 0;

  g_return_val_if_fail (documents != NULL || n == 0, NULL);
  g_return_val_if_fail (options != NULL, NULL);

  max_count = options->max_df_is_count ? options->max_df : options->max_df * n;
  min_count = options->min_df_is_count ? options->min_df : options->min_df * n;
  if (max_count < min_count)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                   _("max_df keeps the terms of at most %g documents, fewer than the %g of min_df: lower min_df or raise max_df."),
                   max_count, min_count);
      return NULL;
    }

  for (gsize d = 0; d < n; d++)
    {
      g_auto(GStrv) tokens = sonde_text_tokenize (documents[d]);

      g_hash_table_remove_all (seen);
      for (guint t = 0; tokens[t] != NULL; t++)
        {
          TermStats *s = g_hash_table_lookup (stats, tokens[t]);

          if (s == NULL)
            {
              s = g_new0 (TermStats, 1);
              s->term = g_strdup (tokens[t]);
              g_hash_table_insert (stats, s->term, s);
            }
          if (!g_hash_table_contains (seen, s->term))
            {
              g_hash_table_add (seen, s->term);
              s->df++;
              s->tf++;
            }
          else if (!options->binary)
            s->tf++;
        }
    }

  /* Copies that share their terms with @stats, which outlives them. */
  all = g_new (TermStats, MAX (g_hash_table_size (stats), 1));
  g_hash_table_iter_init (&iter, stats);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      TermStats *s = value;

      if (s->df <= max_count && s->df >= min_count)
        all[n_all++] = *s;
    }
  if (n_all == 0)
    {
      g_set_error_literal (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                           g_hash_table_size (stats) == 0
                           ? _("the texts have no word of two letters or more, so there is no vocabulary.")
                           : _("no term is left after min_df and max_df: lower min_df or raise max_df."));
      return NULL;
    }
  if (options->max_features > 0 && n_all > options->max_features)
    {
      qsort (all, n_all, sizeof (TermStats), compare_frequent);
      n_all = options->max_features;
    }
  else if (options->max_features == 0 && options->max_terms > 0 && n_all > options->max_terms)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                   _("the texts have %u different terms, and each would become a column, more than the limit of %u: "
                     "give max_features to keep the most frequent terms, raise min_df, or raise max_terms."),
                   n_all, options->max_terms);
      return NULL;
    }
  qsort (all, n_all, sizeof (TermStats), compare_terms);

  vector = g_new0 (SondeTextVector, 1);
  vector->options = *options;
  vector->n_documents = n;
  vector->n_terms = n_all;
  vector->terms = g_new0 (char *, n_all + 1);
  df = g_new (double, n_all);
  for (guint i = 0; i < n_all; i++)
    {
      vector->terms[kept] = g_strdup (all[i].term);
      df[kept++] = all[i].df;
    }
  build_index (vector);
  compute_idf (vector, df);
  return g_steal_pointer (&vector);
}

static int
compare_entries (const void *a,
                 const void *b)
{
  guint x = ((const SondeTextEntry *) a)->term, y = ((const SondeTextEntry *) b)->term;

  return x < y ? -1 : x > y;
}

/**
 * sonde_text_vector_transform:
 * @vector: a fitted #SondeTextVector
 * @document: (nullable): a text; %NULL is empty
 *
 * Vectorises @document: the count or TF-IDF weight of each vocabulary
 * term present in it. Terms not in the vocabulary are ignored.
 *
 * Returns: (transfer full) (element-type SondeTextEntry): the non-zero
 *   entries, by increasing term index.
 */
GArray *
sonde_text_vector_transform (const SondeTextVector *vector,
                             const char            *document)
{
  GArray *entries = g_array_new (FALSE, FALSE, sizeof (SondeTextEntry));
  g_autoptr(GHashTable) positions = g_hash_table_new (NULL, NULL);
  g_auto(GStrv) tokens = sonde_text_tokenize (document);
  const SondeTextVectorOptions *o = &vector->options;
  double norm = 0;

  for (guint t = 0; tokens[t] != NULL; t++)
    {
      guint term = GPOINTER_TO_UINT (g_hash_table_lookup (vector->index, tokens[t]));
      gpointer at;

      if (term == 0)
        continue;
      if (g_hash_table_lookup_extended (positions, GUINT_TO_POINTER (term), NULL, &at))
        {
          if (!o->binary)
            g_array_index (entries, SondeTextEntry, GPOINTER_TO_UINT (at)).value += 1;
        }
      else
        {
          SondeTextEntry e = { term - 1, 1 };

          g_hash_table_insert (positions, GUINT_TO_POINTER (term), GUINT_TO_POINTER (entries->len));
          g_array_append_val (entries, e);
        }
    }
  g_array_sort (entries, compare_entries);
  if (!o->tfidf)
    return entries;

  for (guint i = 0; i < entries->len; i++)
    {
      SondeTextEntry *e = &g_array_index (entries, SondeTextEntry, i);

      if (o->sublinear_tf)
        e->value = 1 + log (e->value);
      if (vector->idf != NULL)
        e->value *= vector->idf[e->term];
      norm += o->norm == SONDE_TEXT_NORM_L2 ? e->value * e->value : fabs (e->value);
    }
  if (o->norm == SONDE_TEXT_NORM_L2)
    norm = sqrt (norm);
  if (o->norm != SONDE_TEXT_NORM_NONE && norm > 0)
    for (guint i = 0; i < entries->len; i++)
      g_array_index (entries, SondeTextEntry, i).value /= norm;
  return entries;
}

/**
 * sonde_text_vector_to_json:
 * @vector: a fitted #SondeTextVector
 * @object: an object to add the members to
 *
 * Writes what was learned: "vocabulary" (the terms in column order),
 * "idf" (TF-IDF with use_idf) and "n_documents". The options are not
 * written: they are the step's parameters.
 */
void
sonde_text_vector_to_json (const SondeTextVector *vector,
                           JsonObject            *object)
{
  JsonArray *terms = json_array_sized_new (vector->n_terms);

  for (guint i = 0; i < vector->n_terms; i++)
    json_array_add_string_element (terms, vector->terms[i]);
  json_object_set_array_member (object, "vocabulary", terms);
  if (vector->idf != NULL)
    {
      JsonArray *idf = json_array_sized_new (vector->n_terms);

      for (guint i = 0; i < vector->n_terms; i++)
        json_array_add_double_element (idf, vector->idf[i]);
      json_object_set_array_member (object, "idf", idf);
    }
  json_object_set_int_member (object, "n_documents", vector->n_documents);
}

static SondeTextVector *
damaged (GError     **error,
         const char  *member)
{
  g_set_error (error, SONDE_ERROR, SONDE_ERROR_PARSE,
               /* Translators: %s is a member of a JSON object ("vocabulary") */
               _("the learned vocabulary is damaged: “%s” is missing or not a list of the right kind and length."),
               member);
  return NULL;
}

/**
 * sonde_text_vector_from_json:
 * @object: what sonde_text_vector_to_json() wrote
 * @options: the settings it was fitted with
 * @error: return location for a #GError
 *
 * Reads a fitted vectoriser back.
 *
 * Returns: (transfer full) (nullable): the vectoriser, or %NULL with
 *   @error set.
 */
SondeTextVector *
sonde_text_vector_from_json (JsonObject                    *object,
                             const SondeTextVectorOptions  *options,
                             GError                       **error)
{
  g_autoptr(SondeTextVector) vector = g_new0 (SondeTextVector, 1);
  JsonNode *node = json_object_get_member (object, "vocabulary");
  JsonArray *terms;

  vector->options = *options;
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return damaged (error, "vocabulary");
  terms = json_node_get_array (node);
  vector->n_terms = json_array_get_length (terms);
  vector->terms = g_new0 (char *, vector->n_terms + 1);
  for (guint i = 0; i < vector->n_terms; i++)
    {
      JsonNode *e = json_array_get_element (terms, i);

      if (!JSON_NODE_HOLDS_VALUE (e) || json_node_get_value_type (e) != G_TYPE_STRING)
        return damaged (error, "vocabulary");
      vector->terms[i] = g_strdup (json_node_get_string (e));
    }
  build_index (vector);
  if (g_hash_table_size (vector->index) != vector->n_terms)
    return damaged (error, "vocabulary");
  if (options->tfidf && options->use_idf)
    {
      JsonArray *idf;

      node = json_object_get_member (object, "idf");
      if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node) ||
          json_array_get_length (idf = json_node_get_array (node)) != vector->n_terms)
        return damaged (error, "idf");
      vector->idf = g_new (double, MAX (vector->n_terms, 1));
      for (guint i = 0; i < vector->n_terms; i++)
        {
          JsonNode *e = json_array_get_element (idf, i);

          if (!JSON_NODE_HOLDS_VALUE (e) ||
              (json_node_get_value_type (e) != G_TYPE_DOUBLE && json_node_get_value_type (e) != G_TYPE_INT64))
            return damaged (error, "idf");
          vector->idf[i] = json_node_get_double (e);
        }
    }
  vector->n_documents = json_object_get_int_member_with_default (object, "n_documents", 0);
  return g_steal_pointer (&vector);
}
