/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "sonde-column.h"
#include "sonde-csv-reader.h"
#include "sonde-csv-writer.h"
#include "sonde-error.h"
#include "sonde-progress.h"
#include "sonde-selection.h"
#include "sonde-table.h"

G_BEGIN_DECLS

const char *sonde_engine_get_version (void);
void        sonde_engine_init        (void);

G_END_DECLS
