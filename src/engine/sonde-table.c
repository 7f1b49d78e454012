/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sonde-engine"

/* SondeTable: a named, ordered set of SondeColumns of equal length: what
 * a reader produces and what the grid, the profiler and the learners
 * consume. It owns nothing but its columns; the data lives in them, so
 * a table costs a few pointers beyond its values.
 *
 * The table is a GListModel of its columns (item type SondeColumn) so
 * that a user interface can bind a list of columns directly. Rows are
 * not objects: they are indices, and a SondeSelection holds an ordered
 * subset of them without copying data.
 *
 * Expected sizes: one to a few thousand columns, up to tens of millions
 * of rows. Column lookup by name is a linear scan, which is cheap at
 * these column counts and keeps renaming a column free of bookkeeping.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sonde-error.h"
#include "sonde-table.h"

struct _SondeTable
{
  GObject    parent_instance;

  char      *name;
  char      *source;
  GPtrArray *columns;
  guint      n_rows;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SondeTable, sonde_table, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_NAME,
  PROP_SOURCE,
  PROP_N_ROWS,
  PROP_N_COLUMNS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GType
sonde_table_get_item_type (GListModel *model)
{
  return SONDE_TYPE_COLUMN;
}

static guint
sonde_table_get_n_items (GListModel *model)
{
  return SONDE_TABLE (model)->columns->len;
}

static gpointer
sonde_table_get_item (GListModel *model,
                      guint       position)
{
  SondeTable *self = SONDE_TABLE (model);

  if (position >= self->columns->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->columns, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = sonde_table_get_item_type;
  iface->get_n_items = sonde_table_get_n_items;
  iface->get_item = sonde_table_get_item;
}

static void
sonde_table_finalize (GObject *object)
{
  SondeTable *self = (SondeTable *)object;

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->source, g_free);
  g_clear_pointer (&self->columns, g_ptr_array_unref);

  G_OBJECT_CLASS (sonde_table_parent_class)->finalize (object);
}

static void
sonde_table_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  SondeTable *self = SONDE_TABLE (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_SOURCE:
      g_value_set_string (value, self->source);
      break;

    case PROP_N_ROWS:
      g_value_set_uint (value, self->n_rows);
      break;

    case PROP_N_COLUMNS:
      g_value_set_uint (value, self->columns->len);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sonde_table_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  SondeTable *self = SONDE_TABLE (object);

  switch (prop_id)
    {
    case PROP_NAME:
      sonde_table_set_name (self, g_value_get_string (value));
      break;

    case PROP_SOURCE:
      sonde_table_set_source (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sonde_table_class_init (SondeTableClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sonde_table_finalize;
  object_class->get_property = sonde_table_get_property;
  object_class->set_property = sonde_table_set_property;

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SOURCE] =
    g_param_spec_string ("source", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_N_ROWS] =
    g_param_spec_uint ("n-rows", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_N_COLUMNS] =
    g_param_spec_uint ("n-columns", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sonde_table_init (SondeTable *self)
{
  self->columns = g_ptr_array_new_with_free_func (g_object_unref);
}

/**
 * sonde_table_new:
 * @name: (nullable): a name for the table (often the file name), or %NULL
 *
 * Creates a table without columns or rows.
 *
 * Returns: (transfer full): a new #SondeTable.
 */
SondeTable *
sonde_table_new (const char *name)
{
  return g_object_new (SONDE_TYPE_TABLE,
                       "name", name,
                       NULL);
}

/**
 * sonde_table_get_name:
 * @self: a #SondeTable
 *
 * Returns: (transfer none) (nullable): the name of the table.
 */
const char *
sonde_table_get_name (SondeTable *self)
{
  g_return_val_if_fail (SONDE_IS_TABLE (self), NULL);

  return self->name;
}

/**
 * sonde_table_set_name:
 * @self: a #SondeTable
 * @name: (nullable): the new name
 *
 * Renames the table.
 */
void
sonde_table_set_name (SondeTable *self,
                      const char *name)
{
  g_return_if_fail (SONDE_IS_TABLE (self));

  if (g_strcmp0 (self->name, name) != 0)
    {
      g_free (self->name);
      self->name = g_strdup (name);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
    }
}

/**
 * sonde_table_get_source:
 * @self: a #SondeTable
 *
 * Returns: (transfer none) (nullable): where the table was read from (a
 *   path or a URI), or %NULL.
 */
const char *
sonde_table_get_source (SondeTable *self)
{
  g_return_val_if_fail (SONDE_IS_TABLE (self), NULL);

  return self->source;
}

/**
 * sonde_table_set_source:
 * @self: a #SondeTable
 * @source: (nullable): a path or URI
 *
 * Records where the table was read from.
 */
void
sonde_table_set_source (SondeTable *self,
                        const char *source)
{
  g_return_if_fail (SONDE_IS_TABLE (self));

  if (g_strcmp0 (self->source, source) != 0)
    {
      g_free (self->source);
      self->source = g_strdup (source);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOURCE]);
    }
}

/**
 * sonde_table_get_n_rows:
 * @self: a #SondeTable
 *
 * Returns: the number of rows: the length of every column, or 0 when the
 *   table has no columns.
 */
guint
sonde_table_get_n_rows (SondeTable *self)
{
  g_return_val_if_fail (SONDE_IS_TABLE (self), 0);

  return self->n_rows;
}

/**
 * sonde_table_get_n_columns:
 * @self: a #SondeTable
 *
 * Returns: the number of columns.
 */
guint
sonde_table_get_n_columns (SondeTable *self)
{
  g_return_val_if_fail (SONDE_IS_TABLE (self), 0);

  return self->columns->len;
}

/**
 * sonde_table_get_column:
 * @self: a #SondeTable
 * @index: a column position, below sonde_table_get_n_columns()
 *
 * Returns: (transfer none): the column at @index.
 */
SondeColumn *
sonde_table_get_column (SondeTable *self,
                        guint       index)
{
  g_return_val_if_fail (SONDE_IS_TABLE (self), NULL);
  g_return_val_if_fail (index < self->columns->len, NULL);

  return g_ptr_array_index (self->columns, index);
}

/**
 * sonde_table_find_column_index:
 * @self: a #SondeTable
 * @name: a column name
 *
 * Looks a column up by its exact name.
 *
 * Returns: the position of the first column named @name, or -1.
 */
int
sonde_table_find_column_index (SondeTable *self,
                               const char *name)
{
  g_return_val_if_fail (SONDE_IS_TABLE (self), -1);
  g_return_val_if_fail (name != NULL, -1);

  for (guint i = 0; i < self->columns->len; i++)
    {
      if (g_strcmp0 (sonde_column_get_name (g_ptr_array_index (self->columns, i)), name) == 0)
        return (int) i;
    }

  return -1;
}

/**
 * sonde_table_find_column:
 * @self: a #SondeTable
 * @name: a column name
 *
 * Looks a column up by its exact name.
 *
 * Returns: (transfer none) (nullable): the first column named @name, or
 *   %NULL.
 */
SondeColumn *
sonde_table_find_column (SondeTable *self,
                         const char *name)
{
  int index = sonde_table_find_column_index (self, name);

  return index < 0 ? NULL : g_ptr_array_index (self->columns, index);
}

/**
 * sonde_table_add_column:
 * @self: a #SondeTable
 * @column: a #SondeColumn
 * @error: return location for a #GError
 *
 * Appends @column to the table, taking a reference. The first column
 * sets the row count; later ones must have the same length, and names
 * must be unique.
 *
 * Returns: %TRUE on success; %FALSE with @error set to
 *   %SONDE_ERROR_INVALID (and the table unchanged) when the length or
 *   the name does not fit.
 */
gboolean
sonde_table_add_column (SondeTable   *self,
                        SondeColumn  *column,
                        GError      **error)
{
  guint n_rows;

  g_return_val_if_fail (SONDE_IS_TABLE (self), FALSE);
  g_return_val_if_fail (SONDE_IS_COLUMN (column), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  n_rows = sonde_column_get_n_rows (column);

  if (self->columns->len > 0 && n_rows != self->n_rows)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                   /* Translators: the first %s is a column name, the second a table name */
                   _("The column “%s” has %u rows but the table “%s” has %u: every column of a table must have the same number of rows."),
                   sonde_column_get_name (column), n_rows,
                   self->name != NULL ? self->name : "", self->n_rows);
      return FALSE;
    }

  if (sonde_table_find_column_index (self, sonde_column_get_name (column)) >= 0)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                   _("The table already has a column named “%s”: column names must be unique."),
                   sonde_column_get_name (column));
      return FALSE;
    }

  g_ptr_array_add (self->columns, g_object_ref (column));

  if (self->columns->len == 1)
    {
      self->n_rows = n_rows;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ROWS]);
    }

  g_list_model_items_changed (G_LIST_MODEL (self), self->columns->len - 1, 0, 1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_COLUMNS]);

  return TRUE;
}

/**
 * sonde_table_get_memory_size:
 * @self: a #SondeTable
 *
 * Returns: the bytes held by the values of all columns (see
 *   sonde_column_get_memory_size()).
 */
gsize
sonde_table_get_memory_size (SondeTable *self)
{
  gsize size = 0;

  g_return_val_if_fail (SONDE_IS_TABLE (self), 0);

  for (guint i = 0; i < self->columns->len; i++)
    size += sonde_column_get_memory_size (g_ptr_array_index (self->columns, i));

  return size;
}

/**
 * sonde_table_replace_column:
 * @self: a #SondeTable
 * @index: the position of the column to replace
 * @column: the new column, with as many rows as the table
 * @error: return location for a #GError
 *
 * Puts @column where the column at @index was, for a change of type.
 * The name of @column may be the one it replaces; it must not be the name
 * of another column.
 *
 * Returns: %TRUE on success.
 */
gboolean
sonde_table_replace_column (SondeTable   *self,
                            guint         index,
                            SondeColumn  *column,
                            GError      **error)
{
  int existing;

  g_return_val_if_fail (SONDE_IS_TABLE (self), FALSE);
  g_return_val_if_fail (index < self->columns->len, FALSE);
  g_return_val_if_fail (SONDE_IS_COLUMN (column), FALSE);

  if (sonde_column_get_n_rows (column) != self->n_rows)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                   _("The column “%s” has %u rows but the table “%s” has %u: every column of a table must have the same number of rows."),
                   sonde_column_get_name (column), sonde_column_get_n_rows (column),
                   self->name != NULL ? self->name : "", self->n_rows);
      return FALSE;
    }

  existing = sonde_table_find_column_index (self, sonde_column_get_name (column));
  if (existing >= 0 && (guint) existing != index)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                   _("The table already has a column named “%s”: column names must be unique."),
                   sonde_column_get_name (column));
      return FALSE;
    }

  g_object_unref (g_ptr_array_index (self->columns, index));
  g_ptr_array_index (self->columns, index) = g_object_ref (column);
  g_list_model_items_changed (G_LIST_MODEL (self), index, 1, 1);

  return TRUE;
}

/**
 * sonde_table_rename_column:
 * @self: a #SondeTable
 * @index: the position of the column
 * @name: the new name
 * @error: return location for a #GError
 *
 * Renames a column, refusing an empty name or the name of another column.
 *
 * Returns: %TRUE on success.
 */
gboolean
sonde_table_rename_column (SondeTable   *self,
                           guint         index,
                           const char   *name,
                           GError      **error)
{
  g_autofree char *stripped = NULL;
  int existing;

  g_return_val_if_fail (SONDE_IS_TABLE (self), FALSE);
  g_return_val_if_fail (index < self->columns->len, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  stripped = g_strstrip (g_strdup (name));
  if (*stripped == '\0')
    {
      g_set_error_literal (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                           _("A column name cannot be empty."));
      return FALSE;
    }

  existing = sonde_table_find_column_index (self, stripped);
  if (existing >= 0 && (guint) existing != index)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                   _("The table already has a column named “%s”: column names must be unique."),
                   stripped);
      return FALSE;
    }

  /* A column shared with another table (a clean step's output keeps the
   * columns it did not change; a copy being saved) is copied first, so
   * that the other table keeps its name. */
  if (G_OBJECT (g_ptr_array_index (self->columns, index))->ref_count > 1)
    {
      SondeColumn *copy = sonde_column_copy (g_ptr_array_index (self->columns, index), stripped);

      g_object_unref (g_ptr_array_index (self->columns, index));
      g_ptr_array_index (self->columns, index) = copy;
    }
  else
    sonde_column_set_name (g_ptr_array_index (self->columns, index), stripped);
  g_list_model_items_changed (G_LIST_MODEL (self), index, 1, 1);

  return TRUE;
}

/**
 * sonde_table_share:
 * @self: a #SondeTable
 * @name: (nullable): the name of the new table, or %NULL to keep the name
 *
 * Makes a table of the same columns, shared, not copied: adding,
 * replacing, removing or renaming a column of either then leaves the
 * other as it is (sonde_table_rename_column () copies a shared column).
 *
 * Returns: (transfer full): the new table, with @self's source.
 */
SondeTable *
sonde_table_share (SondeTable *self,
                   const char *name)
{
  SondeTable *share;

  g_return_val_if_fail (SONDE_IS_TABLE (self), NULL);

  share = sonde_table_new (name != NULL ? name : self->name);
  sonde_table_set_source (share, self->source);
  for (guint c = 0; c < self->columns->len; c++)
    if (!sonde_table_add_column (share, g_ptr_array_index (self->columns, c), NULL))
      g_assert_not_reached ();   /* the same names and lengths as in @self */

  return share;
}

/**
 * sonde_table_copy:
 * @self: a #SondeTable
 * @name: the name of the copy
 *
 * Copies a table and all its columns; the copy shares no data with @self,
 * so either can then be changed alone.
 *
 * Returns: (transfer full): the copy.
 */
SondeTable *
sonde_table_copy (SondeTable *self,
                  const char *name)
{
  g_autoptr(SondeTable) copy = NULL;

  g_return_val_if_fail (SONDE_IS_TABLE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  copy = sonde_table_new (name);
  sonde_table_set_source (copy, self->source);
  for (guint i = 0; i < self->columns->len; i++)
    {
      g_autoptr(SondeColumn) column = sonde_column_copy (g_ptr_array_index (self->columns, i), NULL);

      if (!sonde_table_add_column (copy, column, NULL))
        g_assert_not_reached ();
    }

  return g_steal_pointer (&copy);
}
