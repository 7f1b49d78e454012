/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sonde-column.h"
#include "sonde-progress.h"
#include "sonde-table.h"

G_BEGIN_DECLS

/**
 * SondeXlsxWarningKind:
 * @SONDE_XLSX_WARNING_RENAMED_COLUMN: a column had no name or the name of
 *   an earlier column, and was given a new one.
 * @SONDE_XLSX_WARNING_ERROR_VALUE: a cell held a spreadsheet error such
 *   as `#DIV/0!` and was read as a missing value.
 * @SONDE_XLSX_WARNING_INVALID_DATE: a cell formatted as a date held a
 *   number that is no date (29 February 1900, or a negative number) and
 *   was read as a missing value.
 *
 * What a #SondeXlsxWarning is about.
 */
typedef enum
{
  SONDE_XLSX_WARNING_RENAMED_COLUMN,
  SONDE_XLSX_WARNING_ERROR_VALUE,
  SONDE_XLSX_WARNING_INVALID_DATE,
} SondeXlsxWarningKind;

/**
 * SondeXlsxWarning:
 * @kind: what the warning is about
 * @row: the row of the sheet it concerns (from 1, as the spreadsheet
 *   numbers them), or 0
 * @column: the column of the sheet it concerns (from 1 for A), or 0
 * @message: the warning in a translated sentence
 *
 * Something the reader fixed or guessed, which the user should know.
 */
typedef struct
{
  SondeXlsxWarningKind  kind;
  guint                 row;
  guint                 column;
  char                 *message;
} SondeXlsxWarning;

#define SONDE_TYPE_XLSX_WARNING (sonde_xlsx_warning_get_type ())
#define SONDE_TYPE_XLSX_READER (sonde_xlsx_reader_get_type ())

GType             sonde_xlsx_warning_get_type (void) G_GNUC_CONST;
SondeXlsxWarning *sonde_xlsx_warning_copy     (const SondeXlsxWarning *warning);
void              sonde_xlsx_warning_free     (SondeXlsxWarning       *warning);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SondeXlsxWarning, sonde_xlsx_warning_free)

G_DECLARE_FINAL_TYPE (SondeXlsxReader, sonde_xlsx_reader, SONDE, XLSX_READER, GObject)

SondeXlsxReader  *sonde_xlsx_reader_new                (void);

const char       *sonde_xlsx_reader_get_sheet          (SondeXlsxReader      *self);
void              sonde_xlsx_reader_set_sheet          (SondeXlsxReader      *self,
                                                        const char           *name);
void              sonde_xlsx_reader_set_progress_func  (SondeXlsxReader      *self,
                                                        SondeProgressFunc     func,
                                                        gpointer              user_data,
                                                        GDestroyNotify        destroy);

GPtrArray        *sonde_xlsx_reader_get_warnings       (SondeXlsxReader      *self);
gboolean          sonde_xlsx_reader_get_detected_header (SondeXlsxReader     *self);

GStrv             sonde_xlsx_reader_list_sheets_bytes  (GBytes               *bytes,
                                                        const char           *display_name,
                                                        GError              **error);
GStrv             sonde_xlsx_reader_list_sheets        (GFile                *file,
                                                        GCancellable         *cancellable,
                                                        GError              **error);

SondeTable       *sonde_xlsx_reader_read_bytes         (SondeXlsxReader      *self,
                                                        GBytes               *bytes,
                                                        const char           *display_name,
                                                        GCancellable         *cancellable,
                                                        GError              **error);
SondeTable       *sonde_xlsx_reader_read_file          (SondeXlsxReader      *self,
                                                        GFile                *file,
                                                        GCancellable         *cancellable,
                                                        GError              **error);
void              sonde_xlsx_reader_read_file_async    (SondeXlsxReader      *self,
                                                        GFile                *file,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
SondeTable       *sonde_xlsx_reader_read_file_finish   (SondeXlsxReader      *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);

G_END_DECLS
