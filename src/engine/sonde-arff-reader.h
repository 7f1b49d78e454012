/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sonde-progress.h"
#include "sonde-table.h"

G_BEGIN_DECLS

#define SONDE_TYPE_ARFF_READER (sonde_arff_reader_get_type ())

G_DECLARE_FINAL_TYPE (SondeArffReader, sonde_arff_reader, SONDE, ARFF_READER, GObject)

SondeArffReader *sonde_arff_reader_new                 (void);
void             sonde_arff_reader_set_progress_func   (SondeArffReader      *self,
                                                        SondeProgressFunc     func,
                                                        gpointer              user_data,
                                                        GDestroyNotify        destroy);
SondeTable      *sonde_arff_reader_read_bytes          (SondeArffReader      *self,
                                                        GBytes               *bytes,
                                                        const char           *display_name,
                                                        GCancellable         *cancellable,
                                                        GError              **error);
SondeTable      *sonde_arff_reader_read_file           (SondeArffReader      *self,
                                                        GFile                *file,
                                                        GCancellable         *cancellable,
                                                        GError              **error);
void             sonde_arff_reader_read_file_async     (SondeArffReader      *self,
                                                        GFile                *file,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
SondeTable      *sonde_arff_reader_read_file_finish    (SondeArffReader      *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);

G_END_DECLS
