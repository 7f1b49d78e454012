/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

/* Shared by SondeQuery (tables in memory) and sonde_project_query()
 * (a project file): one read-only statement, or an error with its place. */
gboolean sonde_query_check_sql (sqlite3     *db,
                                const char  *sql,
                                const char  *display_name,
                                guint       *line,
                                guint       *column,
                                GError     **error);

G_END_DECLS
