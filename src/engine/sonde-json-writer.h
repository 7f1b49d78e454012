/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "sonde-json-reader.h"
#include "sonde-table.h"

G_BEGIN_DECLS

#define SONDE_TYPE_JSON_WRITER (sonde_json_writer_get_type ())

G_DECLARE_FINAL_TYPE (SondeJsonWriter, sonde_json_writer, SONDE, JSON_WRITER, GObject)

SondeJsonWriter *sonde_json_writer_new          (void);
SondeJsonFormat  sonde_json_writer_get_format   (SondeJsonWriter  *self);
void             sonde_json_writer_set_format   (SondeJsonWriter  *self,
                                                 SondeJsonFormat   format);
GBytes          *sonde_json_writer_write_bytes  (SondeJsonWriter  *self,
                                                 SondeTable       *table,
                                                 GCancellable     *cancellable,
                                                 GError          **error);
gboolean         sonde_json_writer_write_file   (SondeJsonWriter  *self,
                                                 SondeTable       *table,
                                                 GFile            *file,
                                                 GCancellable     *cancellable,
                                                 GError          **error);

char              *sonde_json_node_to_string    (JsonNode         *node,
                                                 gboolean          pretty);

G_END_DECLS
