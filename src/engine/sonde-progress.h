/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * SondeProgressFunc:
 * @fraction: how much of the work is done, from 0.0 to 1.0
 * @user_data: the data given with the callback
 *
 * Called by long engine jobs (readers, writers, later training) to say
 * how far they are. It is called from the thread doing the work, which
 * is not the main thread for `_async` calls: a user interface should
 * hand the value over with g_idle_add() or g_main_context_invoke().
 * Jobs call it at most about a hundred times, so it may do real work.
 */
typedef void (*SondeProgressFunc) (double   fraction,
                                   gpointer user_data);

G_END_DECLS
