/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sonde-column.h"

G_BEGIN_DECLS

/* Raw access for the engine's inner loops (sorting, later statistics),
 * where a function call and its checks per value would dominate. Not
 * part of the public API: the layout may change. */

const void    *_sonde_column_get_values  (SondeColumn *self);
const guint64 *_sonde_column_get_missing (SondeColumn *self);

static inline gboolean
_sonde_bitmap_get (const guint64 *bitmap,
                   guint          row)
{
  return bitmap != NULL && ((bitmap[row / 64] >> (row % 64)) & 1);
}

G_END_DECLS
