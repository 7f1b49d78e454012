/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sonde-engine.h"

G_BEGIN_DECLS

char *sonde_test_describe (SondeTable *table,
                           gboolean    types);

SondeTable *sonde_test_make_people (void);

G_END_DECLS
