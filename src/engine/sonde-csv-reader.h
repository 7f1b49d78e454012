/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sonde-column.h"
#include "sonde-progress.h"
#include "sonde-table.h"

G_BEGIN_DECLS

/**
 * SondeCsvHeader:
 * @SONDE_CSV_HEADER_AUTO: the first row is a header unless one of its
 *   fields is a number, a date or a date-time.
 * @SONDE_CSV_HEADER_YES: the first row holds the column names.
 * @SONDE_CSV_HEADER_NO: the first row is data; columns are named
 *   `column_1`, `column_2`...
 *
 * Whether the first row of a file names the columns.
 */
typedef enum
{
  SONDE_CSV_HEADER_AUTO,
  SONDE_CSV_HEADER_YES,
  SONDE_CSV_HEADER_NO,
} SondeCsvHeader;

/**
 * SondeCsvRagged:
 * @SONDE_CSV_RAGGED_STOP: fail with %SONDE_ERROR_RAGGED at the first row
 *   whose number of fields differs from the header's.
 * @SONDE_CSV_RAGGED_PAD: complete short rows with missing values and
 *   drop the extra fields of long rows.
 * @SONDE_CSV_RAGGED_SKIP: leave such rows out.
 *
 * What to do with rows that have too few or too many fields. With PAD
 * and SKIP each such row is reported as a %SONDE_CSV_WARNING_RAGGED_ROW.
 */
typedef enum
{
  SONDE_CSV_RAGGED_STOP,
  SONDE_CSV_RAGGED_PAD,
  SONDE_CSV_RAGGED_SKIP,
} SondeCsvRagged;

/**
 * SondeCsvDateFormats:
 * @SONDE_CSV_DATE_ISO: `2024-12-31`, and `2024-12-31T23:59:59` with an
 *   optional fraction of a second and an optional `Z` or `+01:00`.
 * @SONDE_CSV_DATE_DMY: the French order, `31/12/2024`, and
 *   `31/12/2024 23:59` or `31/12/2024 23:59:59`.
 *
 * The date formats a reader recognises.
 */
typedef enum /*< flags >*/
{
  SONDE_CSV_DATE_ISO = 1 << 0,
  SONDE_CSV_DATE_DMY = 1 << 1,
} SondeCsvDateFormats;

/**
 * SondeCsvWarningKind:
 * @SONDE_CSV_WARNING_RAGGED_ROW: a row had too few or too many fields and
 *   was padded, cut or skipped.
 * @SONDE_CSV_WARNING_RENAMED_COLUMN: a column had no name or the name of
 *   an earlier column, and was given a new one.
 * @SONDE_CSV_WARNING_UNKNOWN_COLUMN: a type was set for a column the file
 *   does not have.
 * @SONDE_CSV_WARNING_ENCODING: the text was not UTF-8 and was converted
 *   from a guessed encoding.
 *
 * What a #SondeCsvWarning is about.
 */
typedef enum
{
  SONDE_CSV_WARNING_RAGGED_ROW,
  SONDE_CSV_WARNING_RENAMED_COLUMN,
  SONDE_CSV_WARNING_UNKNOWN_COLUMN,
  SONDE_CSV_WARNING_ENCODING,
} SondeCsvWarningKind;

/**
 * SondeCsvWarning:
 * @kind: what the warning is about
 * @line: the line of the file it concerns (from 1), or 0
 * @column: the column it concerns (from 1), or 0
 * @expected_fields: for ragged rows, the number of fields of the header
 * @actual_fields: for ragged rows, the number of fields of the row
 * @message: the warning in a translated sentence
 *
 * Something the reader fixed or guessed, which the user should know.
 */
typedef struct
{
  SondeCsvWarningKind  kind;
  guint                line;
  guint                column;
  guint                expected_fields;
  guint                actual_fields;
  char                *message;
} SondeCsvWarning;

#define SONDE_TYPE_CSV_HEADER (sonde_csv_header_get_type ())
#define SONDE_TYPE_CSV_RAGGED (sonde_csv_ragged_get_type ())
#define SONDE_TYPE_CSV_DATE_FORMATS (sonde_csv_date_formats_get_type ())
#define SONDE_TYPE_CSV_WARNING (sonde_csv_warning_get_type ())
#define SONDE_TYPE_CSV_READER (sonde_csv_reader_get_type ())

GType            sonde_csv_header_get_type       (void) G_GNUC_CONST;
GType            sonde_csv_ragged_get_type       (void) G_GNUC_CONST;
GType            sonde_csv_date_formats_get_type (void) G_GNUC_CONST;
GType            sonde_csv_warning_get_type      (void) G_GNUC_CONST;
SondeCsvWarning *sonde_csv_warning_copy          (const SondeCsvWarning *warning);
void             sonde_csv_warning_free          (SondeCsvWarning       *warning);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SondeCsvWarning, sonde_csv_warning_free)

G_DECLARE_FINAL_TYPE (SondeCsvReader, sonde_csv_reader, SONDE, CSV_READER, GObject)

SondeCsvReader      *sonde_csv_reader_new                     (void);

char                 sonde_csv_reader_get_delimiter           (SondeCsvReader       *self);
void                 sonde_csv_reader_set_delimiter           (SondeCsvReader       *self,
                                                               char                  delimiter);
SondeCsvHeader       sonde_csv_reader_get_header              (SondeCsvReader       *self);
void                 sonde_csv_reader_set_header              (SondeCsvReader       *self,
                                                               SondeCsvHeader        header);
const char          *sonde_csv_reader_get_encoding            (SondeCsvReader       *self);
void                 sonde_csv_reader_set_encoding            (SondeCsvReader       *self,
                                                               const char           *encoding);
char                 sonde_csv_reader_get_decimal_mark        (SondeCsvReader       *self);
void                 sonde_csv_reader_set_decimal_mark        (SondeCsvReader       *self,
                                                               char                  decimal_mark);
gunichar             sonde_csv_reader_get_thousands_separator (SondeCsvReader       *self);
void                 sonde_csv_reader_set_thousands_separator (SondeCsvReader       *self,
                                                               gunichar              separator);
const char * const  *sonde_csv_reader_get_missing_markers     (SondeCsvReader       *self);
void                 sonde_csv_reader_set_missing_markers     (SondeCsvReader       *self,
                                                               const char * const   *markers);
SondeCsvDateFormats  sonde_csv_reader_get_date_formats        (SondeCsvReader       *self);
void                 sonde_csv_reader_set_date_formats        (SondeCsvReader       *self,
                                                               SondeCsvDateFormats   formats);
SondeCsvRagged       sonde_csv_reader_get_ragged              (SondeCsvReader       *self);
void                 sonde_csv_reader_set_ragged              (SondeCsvReader       *self,
                                                               SondeCsvRagged        ragged);
void                 sonde_csv_reader_set_column_type         (SondeCsvReader       *self,
                                                               const char           *column_name,
                                                               SondeColumnType       type);
void                 sonde_csv_reader_clear_column_types      (SondeCsvReader       *self);
void                 sonde_csv_reader_set_progress_func       (SondeCsvReader       *self,
                                                               SondeProgressFunc     func,
                                                               gpointer              user_data,
                                                               GDestroyNotify        destroy);

GPtrArray           *sonde_csv_reader_get_warnings            (SondeCsvReader       *self);
guint                sonde_csv_reader_get_n_ragged_rows       (SondeCsvReader       *self);
char                 sonde_csv_reader_get_detected_delimiter  (SondeCsvReader       *self);
const char          *sonde_csv_reader_get_detected_encoding   (SondeCsvReader       *self);
gboolean             sonde_csv_reader_get_detected_header     (SondeCsvReader       *self);

SondeTable          *sonde_csv_reader_read_bytes              (SondeCsvReader       *self,
                                                               GBytes               *bytes,
                                                               const char           *display_name,
                                                               GCancellable         *cancellable,
                                                               GError              **error);
SondeTable          *sonde_csv_reader_read_file               (SondeCsvReader       *self,
                                                               GFile                *file,
                                                               GCancellable         *cancellable,
                                                               GError              **error);
void                 sonde_csv_reader_read_file_async         (SondeCsvReader       *self,
                                                               GFile                *file,
                                                               GCancellable         *cancellable,
                                                               GAsyncReadyCallback   callback,
                                                               gpointer              user_data);
SondeTable          *sonde_csv_reader_read_file_finish        (SondeCsvReader       *self,
                                                               GAsyncResult         *result,
                                                               GError              **error);

G_END_DECLS
