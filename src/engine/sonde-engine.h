/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "sonde-arff-reader.h"
#include "sonde-arff-writer.h"
#include "sonde-column.h"
#include "sonde-csv-reader.h"
#include "sonde-csv-writer.h"
#include "sonde-error.h"
#include "sonde-expr.h"
#include "sonde-format.h"
#include "sonde-importer.h"
#include "sonde-inspection.h"
#include "sonde-json-reader.h"
#include "sonde-json-writer.h"
#include "sonde-learner.h"
#include "sonde-metrics.h"
#include "sonde-pca.h"
#include "sonde-pipeline.h"
#include "sonde-profile.h"
#include "sonde-profile-html.h"
#include "sonde-progress.h"
#include "sonde-project.h"
#include "sonde-query.h"
#include "sonde-row-filter.h"
#include "sonde-selection.h"
#include "sonde-sqlite-reader.h"
#include "sonde-sqlite-writer.h"
#include "sonde-stats-chisq.h"
#include "sonde-stats-correlation.h"
#include "sonde-stats-rank.h"
#include "sonde-stats-regression.h"
#include "sonde-stats-report.h"
#include "sonde-stats-tests.h"
#include "sonde-stats-tukey.h"
#include "sonde-table.h"
#include "sonde-text-vector.h"
#include "sonde-tuning.h"
#include "sonde-validation.h"
#include "sonde-xlsx-reader.h"

G_BEGIN_DECLS

const char *sonde_engine_get_version (void);
void        sonde_engine_init        (void);

G_END_DECLS
