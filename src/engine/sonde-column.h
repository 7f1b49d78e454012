/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * SondeColumnType:
 * @SONDE_COLUMN_TYPE_INTEGER: whole numbers, stored as #gint64.
 * @SONDE_COLUMN_TYPE_REAL: decimal numbers, stored as #double.
 * @SONDE_COLUMN_TYPE_BOOLEAN: yes/no values, one byte each.
 * @SONDE_COLUMN_TYPE_CATEGORICAL: a few labels repeated many times,
 *   stored as #guint32 codes into a dictionary of labels.
 * @SONDE_COLUMN_TYPE_TEXT: free text, UTF-8.
 * @SONDE_COLUMN_TYPE_DATE: calendar dates, stored as #gint32 days since
 *   1970-01-01.
 * @SONDE_COLUMN_TYPE_DATETIME: instants, stored as #gint64 microseconds
 *   since 1970-01-01T00:00:00 UTC.
 *
 * The type of the values of a #SondeColumn.
 */
typedef enum
{
  SONDE_COLUMN_TYPE_INTEGER,
  SONDE_COLUMN_TYPE_REAL,
  SONDE_COLUMN_TYPE_BOOLEAN,
  SONDE_COLUMN_TYPE_CATEGORICAL,
  SONDE_COLUMN_TYPE_TEXT,
  SONDE_COLUMN_TYPE_DATE,
  SONDE_COLUMN_TYPE_DATETIME,
} SondeColumnType;

#define SONDE_COLUMN_N_TYPES (SONDE_COLUMN_TYPE_DATETIME + 1)

/**
 * SondeColumnRole:
 * @SONDE_COLUMN_ROLE_FEATURE: an input of models (the default).
 * @SONDE_COLUMN_ROLE_TARGET: what models learn to predict.
 * @SONDE_COLUMN_ROLE_IDENTIFIER: names a row; never an input of models.
 * @SONDE_COLUMN_ROLE_IGNORED: kept in the table but left out of analyses.
 *
 * What a column is for in an analysis.
 */
typedef enum
{
  SONDE_COLUMN_ROLE_FEATURE,
  SONDE_COLUMN_ROLE_TARGET,
  SONDE_COLUMN_ROLE_IDENTIFIER,
  SONDE_COLUMN_ROLE_IGNORED,
} SondeColumnRole;

#define SONDE_TYPE_COLUMN_TYPE (sonde_column_type_get_type ())
#define SONDE_TYPE_COLUMN_ROLE (sonde_column_role_get_type ())
#define SONDE_TYPE_COLUMN (sonde_column_get_type ())

GType        sonde_column_type_get_type        (void) G_GNUC_CONST;
GType        sonde_column_role_get_type        (void) G_GNUC_CONST;

const char  *sonde_column_type_get_label       (SondeColumnType  type);
const char  *sonde_column_type_to_string       (SondeColumnType  type);
gboolean     sonde_column_type_from_string     (const char      *str,
                                                SondeColumnType *type);
gboolean     sonde_column_type_is_numeric      (SondeColumnType  type);
const char  *sonde_column_role_get_label       (SondeColumnRole  role);

G_DECLARE_FINAL_TYPE (SondeColumn, sonde_column, SONDE, COLUMN, GObject)

SondeColumn     *sonde_column_new                (const char      *name,
                                                  SondeColumnType  type);

const char      *sonde_column_get_name           (SondeColumn     *self);
void             sonde_column_set_name           (SondeColumn     *self,
                                                  const char      *name);
SondeColumnType  sonde_column_get_column_type    (SondeColumn     *self);
SondeColumnRole  sonde_column_get_role           (SondeColumn     *self);
void             sonde_column_set_role           (SondeColumn     *self,
                                                  SondeColumnRole  role);
const char      *sonde_column_get_unit           (SondeColumn     *self);
void             sonde_column_set_unit           (SondeColumn     *self,
                                                  const char      *unit);
const char      *sonde_column_get_description    (SondeColumn     *self);
void             sonde_column_set_description    (SondeColumn     *self,
                                                  const char      *description);
const char      *sonde_column_get_source         (SondeColumn     *self);
void             sonde_column_set_source         (SondeColumn     *self,
                                                  const char      *source);

guint            sonde_column_get_n_rows         (SondeColumn     *self);
guint            sonde_column_get_n_missing      (SondeColumn     *self);
gboolean         sonde_column_is_missing         (SondeColumn     *self,
                                                  guint            row);
void             sonde_column_reserve            (SondeColumn     *self,
                                                  guint            n_rows);
void             sonde_column_shrink             (SondeColumn     *self);
gsize            sonde_column_get_memory_size    (SondeColumn     *self);

void             sonde_column_append_missing     (SondeColumn     *self);
void             sonde_column_append_integer     (SondeColumn     *self,
                                                  gint64           value);
void             sonde_column_append_real        (SondeColumn     *self,
                                                  double           value);
void             sonde_column_append_boolean     (SondeColumn     *self,
                                                  gboolean         value);
void             sonde_column_append_category    (SondeColumn     *self,
                                                  const char      *label,
                                                  gssize           length);
void             sonde_column_append_code        (SondeColumn     *self,
                                                  guint32          code);
void             sonde_column_append_text        (SondeColumn     *self,
                                                  const char      *text,
                                                  gssize           length);
void             sonde_column_append_date        (SondeColumn     *self,
                                                  gint32           days);
void             sonde_column_append_datetime    (SondeColumn     *self,
                                                  gint64           microseconds);

gint64           sonde_column_get_integer        (SondeColumn     *self,
                                                  guint            row);
double           sonde_column_get_real           (SondeColumn     *self,
                                                  guint            row);
gboolean         sonde_column_get_boolean        (SondeColumn     *self,
                                                  guint            row);
guint32          sonde_column_get_code           (SondeColumn     *self,
                                                  guint            row);
const char      *sonde_column_get_text           (SondeColumn     *self,
                                                  guint            row);
gint32           sonde_column_get_date           (SondeColumn     *self,
                                                  guint            row);
gint64           sonde_column_get_datetime       (SondeColumn     *self,
                                                  guint            row);
double           sonde_column_get_number         (SondeColumn     *self,
                                                  guint            row);

guint            sonde_column_get_n_categories   (SondeColumn     *self);
const char      *sonde_column_get_category_label (SondeColumn     *self,
                                                  guint32          code);
guint32          sonde_column_add_category       (SondeColumn     *self,
                                                  const char      *label,
                                                  gssize           length);

SondeColumn     *sonde_column_copy               (SondeColumn     *self,
                                                  const char      *name);
SondeColumn     *sonde_column_convert            (SondeColumn     *self,
                                                  SondeColumnType  type,
                                                  guint           *n_failed,
                                                  char           **first_failure,
                                                  GError         **error);

char            *sonde_column_format_value       (SondeColumn     *self,
                                                  guint            row);

gboolean         sonde_date_from_ymd             (int              year,
                                                  int              month,
                                                  int              day,
                                                  gint32          *days);
void             sonde_date_to_ymd               (gint32           days,
                                                  int             *year,
                                                  int             *month,
                                                  int             *day);

G_END_DECLS
