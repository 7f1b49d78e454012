/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sonde-progress.h"
#include "sonde-table.h"

G_BEGIN_DECLS

/**
 * SONDE_PROJECT_SCHEMA_VERSION:
 *
 * The version of the project file layout this Sonde writes, and the
 * newest it reads. Stored in `PRAGMA user_version`.
 */
#define SONDE_PROJECT_SCHEMA_VERSION 2

/**
 * SONDE_PROJECT_ERROR:
 *
 * Errors about project files. Messages name the file and say what to do.
 */
#define SONDE_PROJECT_ERROR (sonde_project_error_quark ())

/**
 * SondeProjectError:
 * @SONDE_PROJECT_ERROR_NOT_PROJECT: the file is not a Sonde project (not
 *   SQLite at all, or SQLite without the `sonde_meta` table).
 * @SONDE_PROJECT_ERROR_TOO_NEW: the file was saved by a newer Sonde.
 * @SONDE_PROJECT_ERROR_DAMAGED: the file is damaged.
 * @SONDE_PROJECT_ERROR_READ_ONLY: a query tried to change the project.
 * @SONDE_PROJECT_ERROR_QUERY: a query is not valid SQL (the message gives
 *   its line and column).
 *
 * Error codes of the %SONDE_PROJECT_ERROR domain. A read-only folder is
 * %G_IO_ERROR_PERMISSION_DENIED, a full disk %G_IO_ERROR_NO_SPACE.
 */
typedef enum
{
  SONDE_PROJECT_ERROR_NOT_PROJECT,
  SONDE_PROJECT_ERROR_TOO_NEW,
  SONDE_PROJECT_ERROR_DAMAGED,
  SONDE_PROJECT_ERROR_READ_ONLY,
  SONDE_PROJECT_ERROR_QUERY,
} SondeProjectError;

GQuark sonde_project_error_quark (void);

#define SONDE_TYPE_PROJECT (sonde_project_get_type ())

G_DECLARE_FINAL_TYPE (SondeProject, sonde_project, SONDE, PROJECT, GObject)

SondeProject *sonde_project_new                   (void);
SondeProject *sonde_project_open                  (GFile             *file,
                                                   GError           **error);
gboolean      sonde_project_save                  (SondeProject      *self,
                                                   GFile             *file,
                                                   GCancellable      *cancellable,
                                                   GError           **error);
void          sonde_project_set_progress_func     (SondeProject      *self,
                                                   SondeProgressFunc  func,
                                                   gpointer           user_data,
                                                   GDestroyNotify     destroy);

gboolean      sonde_project_add_dataset           (SondeProject      *self,
                                                   SondeTable        *table,
                                                   GError           **error);
gboolean      sonde_project_remove_dataset        (SondeProject      *self,
                                                   const char        *name);
GStrv         sonde_project_list_datasets         (SondeProject      *self);
guint         sonde_project_get_n_datasets        (SondeProject      *self);
SondeTable   *sonde_project_get_dataset           (SondeProject      *self,
                                                   const char        *name);
SondeTable   *sonde_project_load_dataset          (SondeProject      *self,
                                                   const char        *name,
                                                   GCancellable      *cancellable,
                                                   GError           **error);
gboolean      sonde_project_is_dataset_loaded     (SondeProject      *self,
                                                   const char        *name);
guint         sonde_project_get_dataset_n_rows    (SondeProject      *self,
                                                   const char        *name);
guint         sonde_project_get_dataset_n_columns (SondeProject      *self,
                                                   const char        *name);
SondeTable   *sonde_project_load_dataset_head     (SondeProject      *self,
                                                   const char        *name,
                                                   guint              max_rows,
                                                   GCancellable      *cancellable,
                                                   GError           **error);
gboolean      sonde_project_set_datasets          (SondeProject      *self,
                                                   SondeTable       **tables,
                                                   guint              n_tables,
                                                   GError           **error);
GFile        *sonde_project_get_file              (SondeProject      *self);

void          sonde_project_add_journal_entry     (SondeProject      *self,
                                                   const char        *action,
                                                   const char        *detail);
guint         sonde_project_get_n_journal_entries (SondeProject      *self);

int           sonde_project_get_file_schema_version (SondeProject    *self);
const char   *sonde_project_get_created           (SondeProject      *self);
const char   *sonde_project_get_modified          (SondeProject      *self);

SondeTable   *sonde_project_query                 (GFile             *project_file,
                                                   const char        *sql,
                                                   GCancellable      *cancellable,
                                                   GError           **error);

void          sonde_project_set_queries           (SondeProject       *self,
                                                   const char * const *names,
                                                   const char * const *sqls);
void          sonde_project_get_queries           (SondeProject       *self,
                                                   GStrv              *names,
                                                   GStrv              *sqls);
void          sonde_project_set_pipelines         (SondeProject       *self,
                                                   const char * const *names,
                                                   const char * const *datasets,
                                                   const char * const *steps_json);
void          sonde_project_get_pipelines         (SondeProject       *self,
                                                   GStrv              *names,
                                                   GStrv              *datasets,
                                                   GStrv              *steps_json);
void          sonde_project_set_rules             (SondeProject       *self,
                                                   const char * const *datasets,
                                                   const char * const *expressions);
void          sonde_project_get_rules             (SondeProject       *self,
                                                   GStrv              *datasets,
                                                   GStrv              *expressions);

G_END_DECLS
