/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sonde-engine"

/* The error domain shared by every part of the engine. It is tiny on
 * purpose: the codes let a caller tell kinds of failure apart (an exit
 * status in sonde-cli, an icon in the import pane), while the message
 * carries everything a person needs to fix the input.
 */

#include "config.h"

#include "sonde-error.h"

G_DEFINE_QUARK (sonde-error-quark, sonde_error)
