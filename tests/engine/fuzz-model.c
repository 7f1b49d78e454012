/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fuzz-model"

/* libFuzzer target for model files (sonde_learner_new_from_json): every
 * input must give a learner or a GError, without crash, leak, hang or
 * unbounded memory. A model that loads must describe itself, be written
 * again and load again, and predict a row of a table that has its
 * feature columns as numbers (an error is fine for categorical ones).
 * Built with clang only (see tests/engine/meson.build).
 */

#include "config.h"

#include <stddef.h>
#include <stdint.h>

#include "sonde-engine.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(SondeLearner) learner = NULL;
  g_autoptr(SondeLearner) again = NULL;
  g_autoptr(SondeTable) table = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *written = NULL;
  g_autofree double *pred = NULL;
  const char * const *features;

  text = g_strndup ((const char *) data, size);
  learner = sonde_learner_new_from_json (text, -1, &error);
  if (learner == NULL && error == NULL)
    __builtin_trap ();
  if (learner == NULL)
    return 0;

  g_free (sonde_learner_describe (learner));
  written = sonde_learner_to_json (learner, &error);
  if (written == NULL)
    __builtin_trap ();
  again = sonde_learner_new_from_json (written, -1, &error);
  if (again == NULL)
    __builtin_trap ();

  table = sonde_table_new ("fuzz");
  features = sonde_learner_get_features (learner);
  for (guint j = 0; features != NULL && features[j] != NULL; j++)
    {
      SondeColumn *column = sonde_column_new (features[j], SONDE_COLUMN_TYPE_REAL);

      sonde_column_append_real (column, 0.5 * j);
      sonde_table_add_column (table, column, NULL);
      g_object_unref (column);
    }
  pred = sonde_learner_predict (learner, table, NULL, 1, NULL);

  return 0;
}
