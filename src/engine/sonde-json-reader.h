/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sonde-progress.h"
#include "sonde-table.h"

G_BEGIN_DECLS

/**
 * SondeJsonFormat:
 * @SONDE_JSON_FORMAT_AUTO: decided by the first byte that is not a
 *   space: `[` is an array of objects, `{` is one object per line.
 * @SONDE_JSON_FORMAT_ARRAY: one JSON array whose elements are objects.
 * @SONDE_JSON_FORMAT_LINES: newline-delimited JSON (NDJSON, JSON Lines):
 *   one object per line, blank lines skipped.
 *
 * How the records of a JSON file are laid out.
 */
typedef enum
{
  SONDE_JSON_FORMAT_AUTO,
  SONDE_JSON_FORMAT_ARRAY,
  SONDE_JSON_FORMAT_LINES,
} SondeJsonFormat;

#define SONDE_TYPE_JSON_FORMAT (sonde_json_format_get_type ())
#define SONDE_TYPE_JSON_READER (sonde_json_reader_get_type ())

GType sonde_json_format_get_type (void) G_GNUC_CONST;

G_DECLARE_FINAL_TYPE (SondeJsonReader, sonde_json_reader, SONDE, JSON_READER, GObject)

SondeJsonReader *sonde_json_reader_new                 (void);
SondeJsonFormat  sonde_json_reader_get_format          (SondeJsonReader      *self);
void             sonde_json_reader_set_format          (SondeJsonReader      *self,
                                                        SondeJsonFormat       format);
SondeJsonFormat  sonde_json_reader_get_detected_format (SondeJsonReader      *self);
void             sonde_json_reader_set_progress_func   (SondeJsonReader      *self,
                                                        SondeProgressFunc     func,
                                                        gpointer              user_data,
                                                        GDestroyNotify        destroy);
SondeTable      *sonde_json_reader_read_bytes          (SondeJsonReader      *self,
                                                        GBytes               *bytes,
                                                        const char           *display_name,
                                                        GCancellable         *cancellable,
                                                        GError              **error);
SondeTable      *sonde_json_reader_read_file           (SondeJsonReader      *self,
                                                        GFile                *file,
                                                        GCancellable         *cancellable,
                                                        GError              **error);
void             sonde_json_reader_read_file_async     (SondeJsonReader      *self,
                                                        GFile                *file,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
SondeTable      *sonde_json_reader_read_file_finish    (SondeJsonReader      *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);

G_END_DECLS
