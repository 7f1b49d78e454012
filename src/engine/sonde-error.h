/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * SONDE_ERROR:
 *
 * The error domain of the Sonde engine. Messages in this domain are
 * written for the person using Sonde, already translated, and name the
 * file, line, column and offending text whenever there is one.
 */
#define SONDE_ERROR (sonde_error_quark ())

/**
 * SondeError:
 * @SONDE_ERROR_PARSE: the input does not follow the expected format
 *   (for example a quoted field that is never closed, or a value that
 *   does not fit the type the user asked for).
 * @SONDE_ERROR_RAGGED: a row has more or fewer fields than the header
 *   and the reader was told to stop on such rows.
 * @SONDE_ERROR_ENCODING: the bytes cannot be turned into text (binary
 *   data, or a conversion from the given encoding failed).
 * @SONDE_ERROR_TOO_LARGE: the input is larger than what Sonde accepts
 *   (too many columns, or more bytes than the memory can hold).
 * @SONDE_ERROR_EMPTY: the input holds no data at all.
 * @SONDE_ERROR_INVALID: a caller gave an argument that does not fit the
 *   data (a column of the wrong length or type, an unknown name).
 *
 * Error codes of the %SONDE_ERROR domain.
 */
typedef enum
{
  SONDE_ERROR_PARSE,
  SONDE_ERROR_RAGGED,
  SONDE_ERROR_ENCODING,
  SONDE_ERROR_TOO_LARGE,
  SONDE_ERROR_EMPTY,
  SONDE_ERROR_INVALID,
} SondeError;

GQuark sonde_error_quark (void);

G_END_DECLS
