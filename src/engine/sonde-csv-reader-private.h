/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sonde-csv-reader.h"

G_BEGIN_DECLS

/* For tests: cut every input, however small, into chunks of about
 * @chunk_size bytes read by @n_threads threads (0 for one a processor),
 * so that the parallel reading can be compared with the single-threaded
 * one on small inputs. A @chunk_size of 0 restores the default: inputs
 * below 4 MiB are read by one thread. */
void _sonde_csv_reader_set_parallel (SondeCsvReader *self,
                                     gsize           chunk_size,
                                     guint           n_threads);

G_END_DECLS
