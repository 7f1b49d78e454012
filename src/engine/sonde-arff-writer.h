/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sonde-table.h"

G_BEGIN_DECLS

#define SONDE_TYPE_ARFF_WRITER (sonde_arff_writer_get_type ())

G_DECLARE_FINAL_TYPE (SondeArffWriter, sonde_arff_writer, SONDE, ARFF_WRITER, GObject)

SondeArffWriter *sonde_arff_writer_new          (void);
GBytes          *sonde_arff_writer_write_bytes  (SondeArffWriter  *self,
                                                 SondeTable       *table,
                                                 GCancellable     *cancellable,
                                                 GError          **error);
gboolean         sonde_arff_writer_write_file   (SondeArffWriter  *self,
                                                 SondeTable       *table,
                                                 GFile            *file,
                                                 GCancellable     *cancellable,
                                                 GError          **error);

G_END_DECLS
