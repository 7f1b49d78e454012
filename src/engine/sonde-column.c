/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sonde-engine"

/* SondeColumn: one typed column of a table, stored as a flat array of
 * fixed-size values plus a bitmap of missing values. Everything that
 * reads data (the grid, the profiler, the learners) goes through it.
 *
 * Sizes: from a handful of rows up to some tens of millions. The value
 * array grows by doubling and costs exactly its element size per row
 * (8 bytes a real or an integer, 4 a date or a dictionary code, 1 a
 * boolean); the missing bitmap costs one bit per row and is only
 * allocated when the first missing value arrives. Text is packed into
 * one growing arena of NUL-terminated strings with an 8-byte offset per
 * row, so a million short strings are two allocations, not a million.
 * Categorical labels live once in a dictionary (an array of labels and a
 * hash table from label to code).
 *
 * Columns only grow at the end; the table and the readers append, the
 * rest of the engine reads. A column is not thread-safe while it is
 * being appended to, and safe to read from several threads once filled.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "sonde-column-private.h"

struct _SondeColumn
{
  GObject          parent_instance;

  char            *name;
  char            *unit;
  char            *description;
  char            *source;
  SondeColumnType  type;
  SondeColumnRole  role;

  /* Fixed-size values, elem_size bytes each. For TEXT these are guint64
   * offsets into text, for CATEGORICAL guint32 codes. */
  gpointer         data;
  gsize            elem_size;
  guint            n_rows;
  guint            capacity;

  /* One bit per row, set when missing; NULL until the first one. */
  guint64         *missing;
  guint            n_missing;

  /* TEXT: NUL-terminated strings back to back. Offset 0 is always an
   * empty string, which missing rows point at. */
  char            *text;
  gsize            text_len;
  gsize            text_capacity;

  /* CATEGORICAL: labels[code], and label -> code + 1. */
  GPtrArray       *labels;
  GHashTable      *codes;
};

G_DEFINE_FINAL_TYPE (SondeColumn, sonde_column, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (SondeColumnType, sonde_column_type,
  G_DEFINE_ENUM_VALUE (SONDE_COLUMN_TYPE_INTEGER, "integer"),
  G_DEFINE_ENUM_VALUE (SONDE_COLUMN_TYPE_REAL, "real"),
  G_DEFINE_ENUM_VALUE (SONDE_COLUMN_TYPE_BOOLEAN, "boolean"),
  G_DEFINE_ENUM_VALUE (SONDE_COLUMN_TYPE_CATEGORICAL, "categorical"),
  G_DEFINE_ENUM_VALUE (SONDE_COLUMN_TYPE_TEXT, "text"),
  G_DEFINE_ENUM_VALUE (SONDE_COLUMN_TYPE_DATE, "date"),
  G_DEFINE_ENUM_VALUE (SONDE_COLUMN_TYPE_DATETIME, "datetime"))

G_DEFINE_ENUM_TYPE (SondeColumnRole, sonde_column_role,
  G_DEFINE_ENUM_VALUE (SONDE_COLUMN_ROLE_FEATURE, "feature"),
  G_DEFINE_ENUM_VALUE (SONDE_COLUMN_ROLE_TARGET, "target"),
  G_DEFINE_ENUM_VALUE (SONDE_COLUMN_ROLE_IDENTIFIER, "identifier"),
  G_DEFINE_ENUM_VALUE (SONDE_COLUMN_ROLE_IGNORED, "ignored"))

enum {
  PROP_0,
  PROP_NAME,
  PROP_COLUMN_TYPE,
  PROP_ROLE,
  PROP_UNIT,
  PROP_DESCRIPTION,
  PROP_SOURCE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* g_set_str() only arrived in GLib 2.76. */
static gboolean
replace_string (char       **ptr,
                const char  *str)
{
  if (g_strcmp0 (*ptr, str) == 0)
    return FALSE;

  g_free (*ptr);
  *ptr = g_strdup (str);
  return TRUE;
}

static const char * const type_names[SONDE_COLUMN_N_TYPES] = {
  "integer", "real", "boolean", "categorical", "text", "date", "datetime",
};

/**
 * sonde_column_type_get_label:
 * @type: a #SondeColumnType
 *
 * Gets the word a person reads for @type ("decimal number", "yes/no"...),
 * translated.
 *
 * Returns: (transfer none): a translated label.
 */
const char *
sonde_column_type_get_label (SondeColumnType type)
{
  switch (type)
    {
    case SONDE_COLUMN_TYPE_INTEGER:
      return _("integer");
    case SONDE_COLUMN_TYPE_REAL:
      return _("decimal number");
    case SONDE_COLUMN_TYPE_BOOLEAN:
      return _("yes/no");
    case SONDE_COLUMN_TYPE_CATEGORICAL:
      return _("category");
    case SONDE_COLUMN_TYPE_TEXT:
      return _("text");
    case SONDE_COLUMN_TYPE_DATE:
      return _("date");
    case SONDE_COLUMN_TYPE_DATETIME:
      return _("date and time");
    default:
      g_return_val_if_reached (NULL);
    }
}

/**
 * sonde_column_type_to_string:
 * @type: a #SondeColumnType
 *
 * Gets the stable, untranslated name of @type, as used in files, in
 * `sonde-cli --type` and in JSON output: "integer", "real", "boolean",
 * "categorical", "text", "date" or "datetime".
 *
 * Returns: (transfer none): the name of @type.
 */
const char *
sonde_column_type_to_string (SondeColumnType type)
{
  g_return_val_if_fail (type < SONDE_COLUMN_N_TYPES, NULL);

  return type_names[type];
}

/**
 * sonde_column_type_from_string:
 * @str: a type name, as returned by sonde_column_type_to_string()
 * @type: (out): where to store the type
 *
 * Parses a type name, ignoring case.
 *
 * Returns: %TRUE if @str names a type, %FALSE (and @type untouched)
 *   otherwise.
 */
gboolean
sonde_column_type_from_string (const char      *str,
                               SondeColumnType *type)
{
  g_return_val_if_fail (str != NULL, FALSE);
  g_return_val_if_fail (type != NULL, FALSE);

  for (guint i = 0; i < SONDE_COLUMN_N_TYPES; i++)
    {
      if (g_ascii_strcasecmp (str, type_names[i]) == 0)
        {
          *type = (SondeColumnType) i;
          return TRUE;
        }
    }

  return FALSE;
}

/**
 * sonde_column_type_is_numeric:
 * @type: a #SondeColumnType
 *
 * Tells whether values of @type map to a number with
 * sonde_column_get_number(), which is what sorting and statistics use:
 * integers, reals, booleans, dates and date-times.
 *
 * Returns: %TRUE for numeric types.
 */
gboolean
sonde_column_type_is_numeric (SondeColumnType type)
{
  return type == SONDE_COLUMN_TYPE_INTEGER ||
         type == SONDE_COLUMN_TYPE_REAL ||
         type == SONDE_COLUMN_TYPE_BOOLEAN ||
         type == SONDE_COLUMN_TYPE_DATE ||
         type == SONDE_COLUMN_TYPE_DATETIME;
}

/**
 * sonde_column_role_get_label:
 * @role: a #SondeColumnRole
 *
 * Gets the word a person reads for @role, translated.
 *
 * Returns: (transfer none): a translated label.
 */
const char *
sonde_column_role_get_label (SondeColumnRole role)
{
  switch (role)
    {
    case SONDE_COLUMN_ROLE_FEATURE:
      return _("feature");
    case SONDE_COLUMN_ROLE_TARGET:
      return _("target");
    case SONDE_COLUMN_ROLE_IDENTIFIER:
      return _("identifier");
    case SONDE_COLUMN_ROLE_IGNORED:
      return _("ignored");
    default:
      g_return_val_if_reached (NULL);
    }
}

static gsize
elem_size_for_type (SondeColumnType type)
{
  switch (type)
    {
    case SONDE_COLUMN_TYPE_INTEGER:
    case SONDE_COLUMN_TYPE_DATETIME:
      return sizeof (gint64);
    case SONDE_COLUMN_TYPE_REAL:
      return sizeof (double);
    case SONDE_COLUMN_TYPE_BOOLEAN:
      return sizeof (guint8);
    case SONDE_COLUMN_TYPE_CATEGORICAL:
      return sizeof (guint32);
    case SONDE_COLUMN_TYPE_TEXT:
      return sizeof (guint64);
    case SONDE_COLUMN_TYPE_DATE:
      return sizeof (gint32);
    default:
      g_assert_not_reached ();
    }
}

static void
sonde_column_finalize (GObject *object)
{
  SondeColumn *self = (SondeColumn *)object;

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->unit, g_free);
  g_clear_pointer (&self->description, g_free);
  g_clear_pointer (&self->source, g_free);
  g_clear_pointer (&self->data, g_free);
  g_clear_pointer (&self->missing, g_free);
  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->codes, g_hash_table_unref);
  g_clear_pointer (&self->labels, g_ptr_array_unref);

  G_OBJECT_CLASS (sonde_column_parent_class)->finalize (object);
}

static void
sonde_column_constructed (GObject *object)
{
  SondeColumn *self = (SondeColumn *)object;

  G_OBJECT_CLASS (sonde_column_parent_class)->constructed (object);

  self->elem_size = elem_size_for_type (self->type);

  if (self->type == SONDE_COLUMN_TYPE_TEXT)
    {
      self->text_capacity = 64;
      self->text = g_malloc (self->text_capacity);
      self->text[0] = '\0';
      self->text_len = 1;
    }
  else if (self->type == SONDE_COLUMN_TYPE_CATEGORICAL)
    {
      self->labels = g_ptr_array_new_with_free_func (g_free);
      self->codes = g_hash_table_new (g_str_hash, g_str_equal);
    }
}

static void
sonde_column_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  SondeColumn *self = SONDE_COLUMN (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_COLUMN_TYPE:
      g_value_set_enum (value, self->type);
      break;

    case PROP_ROLE:
      g_value_set_enum (value, self->role);
      break;

    case PROP_UNIT:
      g_value_set_string (value, self->unit);
      break;

    case PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;

    case PROP_SOURCE:
      g_value_set_string (value, self->source);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sonde_column_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  SondeColumn *self = SONDE_COLUMN (object);

  switch (prop_id)
    {
    case PROP_NAME:
      sonde_column_set_name (self, g_value_get_string (value));
      break;

    case PROP_COLUMN_TYPE:
      self->type = g_value_get_enum (value);
      break;

    case PROP_ROLE:
      sonde_column_set_role (self, g_value_get_enum (value));
      break;

    case PROP_UNIT:
      sonde_column_set_unit (self, g_value_get_string (value));
      break;

    case PROP_DESCRIPTION:
      sonde_column_set_description (self, g_value_get_string (value));
      break;

    case PROP_SOURCE:
      sonde_column_set_source (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sonde_column_class_init (SondeColumnClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = sonde_column_constructed;
  object_class->finalize = sonde_column_finalize;
  object_class->get_property = sonde_column_get_property;
  object_class->set_property = sonde_column_set_property;

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_COLUMN_TYPE] =
    g_param_spec_enum ("column-type", NULL, NULL,
                       SONDE_TYPE_COLUMN_TYPE, SONDE_COLUMN_TYPE_TEXT,
                       (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_ROLE] =
    g_param_spec_enum ("role", NULL, NULL,
                       SONDE_TYPE_COLUMN_ROLE, SONDE_COLUMN_ROLE_FEATURE,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_UNIT] =
    g_param_spec_string ("unit", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SOURCE] =
    g_param_spec_string ("source", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sonde_column_init (SondeColumn *self)
{
  self->type = SONDE_COLUMN_TYPE_TEXT;
  self->role = SONDE_COLUMN_ROLE_FEATURE;
}

/**
 * sonde_column_new:
 * @name: the name of the column, in UTF-8
 * @type: the type of its values
 *
 * Creates an empty column. The type cannot change afterwards: converting
 * a column means building a new one.
 *
 * Returns: (transfer full): a new #SondeColumn.
 */
SondeColumn *
sonde_column_new (const char      *name,
                  SondeColumnType  type)
{
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (type < SONDE_COLUMN_N_TYPES, NULL);

  return g_object_new (SONDE_TYPE_COLUMN,
                       "name", name,
                       "column-type", type,
                       NULL);
}

/**
 * sonde_column_get_name:
 * @self: a #SondeColumn
 *
 * Returns: (transfer none): the name of the column.
 */
const char *
sonde_column_get_name (SondeColumn *self)
{
  g_return_val_if_fail (SONDE_IS_COLUMN (self), NULL);

  return self->name;
}

/**
 * sonde_column_set_name:
 * @self: a #SondeColumn
 * @name: the new name
 *
 * Renames the column. A #SondeTable does not watch names: rename
 * columns before adding them, or check for duplicates yourself.
 */
void
sonde_column_set_name (SondeColumn *self,
                       const char  *name)
{
  g_return_if_fail (SONDE_IS_COLUMN (self));
  g_return_if_fail (name != NULL);

  if (replace_string (&self->name, name))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

/**
 * sonde_column_get_column_type:
 * @self: a #SondeColumn
 *
 * Returns: the type of the values of @self.
 */
SondeColumnType
sonde_column_get_column_type (SondeColumn *self)
{
  g_return_val_if_fail (SONDE_IS_COLUMN (self), SONDE_COLUMN_TYPE_TEXT);

  return self->type;
}

/**
 * sonde_column_get_role:
 * @self: a #SondeColumn
 *
 * Returns: the role of @self in analyses; %SONDE_COLUMN_ROLE_FEATURE
 *   unless set.
 */
SondeColumnRole
sonde_column_get_role (SondeColumn *self)
{
  g_return_val_if_fail (SONDE_IS_COLUMN (self), SONDE_COLUMN_ROLE_FEATURE);

  return self->role;
}

/**
 * sonde_column_set_role:
 * @self: a #SondeColumn
 * @role: the new role
 *
 * Sets the role of @self in analyses.
 */
void
sonde_column_set_role (SondeColumn     *self,
                       SondeColumnRole  role)
{
  g_return_if_fail (SONDE_IS_COLUMN (self));
  g_return_if_fail (role <= SONDE_COLUMN_ROLE_IGNORED);

  if (self->role != role)
    {
      self->role = role;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROLE]);
    }
}

/**
 * sonde_column_get_unit:
 * @self: a #SondeColumn
 *
 * Returns: (transfer none) (nullable): the unit of the values
 *   ("kg", "€"), or %NULL when unknown.
 */
const char *
sonde_column_get_unit (SondeColumn *self)
{
  g_return_val_if_fail (SONDE_IS_COLUMN (self), NULL);

  return self->unit;
}

/**
 * sonde_column_set_unit:
 * @self: a #SondeColumn
 * @unit: (nullable): the unit, or %NULL
 *
 * Sets the unit of the values.
 */
void
sonde_column_set_unit (SondeColumn *self,
                       const char  *unit)
{
  g_return_if_fail (SONDE_IS_COLUMN (self));

  if (replace_string (&self->unit, unit))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNIT]);
}

/**
 * sonde_column_get_description:
 * @self: a #SondeColumn
 *
 * Returns: (transfer none) (nullable): what the column holds, in words,
 *   or %NULL.
 */
const char *
sonde_column_get_description (SondeColumn *self)
{
  g_return_val_if_fail (SONDE_IS_COLUMN (self), NULL);

  return self->description;
}

/**
 * sonde_column_set_description:
 * @self: a #SondeColumn
 * @description: (nullable): a description, or %NULL
 *
 * Sets what the column holds, in words.
 */
void
sonde_column_set_description (SondeColumn *self,
                              const char  *description)
{
  g_return_if_fail (SONDE_IS_COLUMN (self));

  if (replace_string (&self->description, description))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DESCRIPTION]);
}

/**
 * sonde_column_get_source:
 * @self: a #SondeColumn
 *
 * Returns: (transfer none) (nullable): where the values come from (a
 *   file, a query, a pipeline step), or %NULL.
 */
const char *
sonde_column_get_source (SondeColumn *self)
{
  g_return_val_if_fail (SONDE_IS_COLUMN (self), NULL);

  return self->source;
}

/**
 * sonde_column_set_source:
 * @self: a #SondeColumn
 * @source: (nullable): the origin of the values, or %NULL
 *
 * Sets where the values come from.
 */
void
sonde_column_set_source (SondeColumn *self,
                         const char  *source)
{
  g_return_if_fail (SONDE_IS_COLUMN (self));

  if (replace_string (&self->source, source))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOURCE]);
}

/**
 * sonde_column_get_n_rows:
 * @self: a #SondeColumn
 *
 * Returns: the number of values, missing ones included.
 */
guint
sonde_column_get_n_rows (SondeColumn *self)
{
  g_return_val_if_fail (SONDE_IS_COLUMN (self), 0);

  return self->n_rows;
}

/**
 * sonde_column_get_n_missing:
 * @self: a #SondeColumn
 *
 * Returns: the number of missing values.
 */
guint
sonde_column_get_n_missing (SondeColumn *self)
{
  g_return_val_if_fail (SONDE_IS_COLUMN (self), 0);

  return self->n_missing;
}

/**
 * sonde_column_is_missing:
 * @self: a #SondeColumn
 * @row: a row index, below sonde_column_get_n_rows()
 *
 * Returns: %TRUE if the value of @row is missing.
 */
gboolean
sonde_column_is_missing (SondeColumn *self,
                         guint        row)
{
  g_return_val_if_fail (SONDE_IS_COLUMN (self), TRUE);
  g_return_val_if_fail (row < self->n_rows, TRUE);

  if (self->missing == NULL)
    return FALSE;

  return (self->missing[row / 64] >> (row % 64)) & 1;
}

static void
grow_to (SondeColumn *self,
         guint        capacity)
{
  gsize old_words = (self->capacity + 63) / 64;
  gsize new_words = ((gsize) capacity + 63) / 64;

  g_assert (capacity >= self->capacity);

  self->data = g_realloc_n (self->data, capacity, self->elem_size);
  if (self->missing != NULL && new_words > old_words)
    {
      self->missing = g_renew (guint64, self->missing, new_words);
      memset (self->missing + old_words, 0, (new_words - old_words) * sizeof (guint64));
    }
  self->capacity = capacity;
}

/**
 * sonde_column_reserve:
 * @self: a #SondeColumn
 * @n_rows: the number of rows the column will hold
 *
 * Makes room for @n_rows values, so that appending them does not
 * reallocate. Readers call it once they know the row count, which keeps
 * a loaded column at its exact size.
 */
void
sonde_column_reserve (SondeColumn *self,
                      guint        n_rows)
{
  g_return_if_fail (SONDE_IS_COLUMN (self));

  if (n_rows > self->capacity)
    grow_to (self, n_rows);
}

/* Returns the value array: gint64, double, guint8, guint32 (codes),
 * guint64 (text offsets), gint32 or gint64 depending on the type. */
const void *
_sonde_column_get_values (SondeColumn *self)
{
  g_return_val_if_fail (SONDE_IS_COLUMN (self), NULL);

  return self->data;
}

/* Returns the missing bitmap, or NULL when nothing is missing. */
const guint64 *
_sonde_column_get_missing (SondeColumn *self)
{
  g_return_val_if_fail (SONDE_IS_COLUMN (self), NULL);

  return self->n_missing > 0 ? self->missing : NULL;
}

gpointer
_sonde_column_fill_begin (SondeColumn *self,
                          guint        n_rows)
{
  g_return_val_if_fail (SONDE_IS_COLUMN (self), NULL);
  g_return_val_if_fail (self->n_rows == 0, NULL);

  g_clear_pointer (&self->data, g_free);
  g_clear_pointer (&self->missing, g_free);
  /* Exactly n_rows, as sonde_column_reserve() then
   * sonde_column_shrink() would leave it. */
  self->capacity = n_rows;
  self->data = g_malloc0_n (self->capacity, self->elem_size);
  self->missing = g_new0 (guint64, ((gsize) self->capacity + 63) / 64);
  self->n_rows = n_rows;
  self->n_missing = 0;

  return self->data;
}

guint64 *
_sonde_column_get_missing_for_fill (SondeColumn *self)
{
  g_return_val_if_fail (SONDE_IS_COLUMN (self), NULL);

  return self->missing;
}

void
_sonde_column_fill_end (SondeColumn *self,
                        guint        n_missing,
                        char        *text,
                        gsize        text_len)
{
  g_return_if_fail (SONDE_IS_COLUMN (self));

  self->n_missing = n_missing;
  if (n_missing == 0)
    g_clear_pointer (&self->missing, g_free);

  if (text != NULL)
    {
      g_assert (self->type == SONDE_COLUMN_TYPE_TEXT);
      g_assert (text_len >= 1 && text[0] == '\0');
      g_free (self->text);
      self->text = text;
      self->text_len = text_len;
      self->text_capacity = text_len;
    }
}

/**
 * sonde_column_shrink:
 * @self: a #SondeColumn
 *
 * Gives back the spare room left by growing: after it, the column costs
 * its values and nothing more. Readers call it once a column is full;
 * appending afterwards still works (and grows again).
 */
void
sonde_column_shrink (SondeColumn *self)
{
  gsize old_words, new_words;

  g_return_if_fail (SONDE_IS_COLUMN (self));

  if (self->n_rows < self->capacity)
    {
      old_words = ((gsize) self->capacity + 63) / 64;
      new_words = ((gsize) self->n_rows + 63) / 64;
      self->data = g_realloc_n (self->data, MAX (self->n_rows, 1), self->elem_size);
      if (self->missing != NULL && new_words < old_words)
        self->missing = g_renew (guint64, self->missing, MAX (new_words, 1));
      self->capacity = MAX (self->n_rows, 1);
    }

  if (self->text != NULL && self->text_len < self->text_capacity)
    {
      self->text = g_realloc (self->text, self->text_len);
      self->text_capacity = self->text_len;
    }
}

/**
 * sonde_column_get_memory_size:
 * @self: a #SondeColumn
 *
 * Counts the bytes the values of @self occupy: value array, missing
 * bitmap, text arena and dictionary, as allocated (spare capacity
 * included).
 *
 * Returns: a number of bytes.
 */
gsize
sonde_column_get_memory_size (SondeColumn *self)
{
  gsize size;

  g_return_val_if_fail (SONDE_IS_COLUMN (self), 0);

  size = (gsize) self->capacity * self->elem_size;
  if (self->missing != NULL)
    size += ((gsize) self->capacity + 63) / 64 * sizeof (guint64);
  size += self->text_capacity;
  if (self->labels != NULL)
    {
      for (guint i = 0; i < self->labels->len; i++)
        size += strlen (g_ptr_array_index (self->labels, i)) + 1 + 2 * sizeof (gpointer);
    }

  return size;
}

/* Returns the slot of the new row, with room made for it. */
static inline gpointer
append_slot (SondeColumn *self)
{
  if G_UNLIKELY (self->n_rows == self->capacity)
    {
      guint capacity;

      if (self->capacity == G_MAXUINT)
        g_error ("A column cannot hold more than %u rows", G_MAXUINT);

      capacity = self->capacity < 16 ? 16 :
                 self->capacity > G_MAXUINT / 2 ? G_MAXUINT : self->capacity * 2;
      grow_to (self, capacity);
    }

  return (guint8 *) self->data + (gsize) self->n_rows++ * self->elem_size;
}

/**
 * sonde_column_append_missing:
 * @self: a #SondeColumn
 *
 * Appends a missing value, whatever the type of @self.
 */
void
sonde_column_append_missing (SondeColumn *self)
{
  gpointer slot;
  guint row;

  g_return_if_fail (SONDE_IS_COLUMN (self));

  slot = append_slot (self);
  row = self->n_rows - 1;
  memset (slot, 0, self->elem_size);

  if (self->missing == NULL)
    self->missing = g_new0 (guint64, ((gsize) self->capacity + 63) / 64);

  self->missing[row / 64] |= G_GUINT64_CONSTANT (1) << (row % 64);
  self->n_missing++;
}

#define CHECK_TYPE(self, t) \
  g_return_if_fail (SONDE_IS_COLUMN (self)); \
  g_return_if_fail (self->type == (t))

/**
 * sonde_column_append_integer:
 * @self: a #SondeColumn of type %SONDE_COLUMN_TYPE_INTEGER
 * @value: the value
 *
 * Appends an integer.
 */
void
sonde_column_append_integer (SondeColumn *self,
                             gint64       value)
{
  CHECK_TYPE (self, SONDE_COLUMN_TYPE_INTEGER);

  *(gint64 *) append_slot (self) = value;
}

/**
 * sonde_column_append_real:
 * @self: a #SondeColumn of type %SONDE_COLUMN_TYPE_REAL
 * @value: the value; a NaN is stored as a missing value
 *
 * Appends a decimal number.
 */
void
sonde_column_append_real (SondeColumn *self,
                          double       value)
{
  CHECK_TYPE (self, SONDE_COLUMN_TYPE_REAL);

  if (isnan (value))
    sonde_column_append_missing (self);
  else
    *(double *) append_slot (self) = value;
}

/**
 * sonde_column_append_boolean:
 * @self: a #SondeColumn of type %SONDE_COLUMN_TYPE_BOOLEAN
 * @value: the value
 *
 * Appends a yes/no value.
 */
void
sonde_column_append_boolean (SondeColumn *self,
                             gboolean     value)
{
  CHECK_TYPE (self, SONDE_COLUMN_TYPE_BOOLEAN);

  *(guint8 *) append_slot (self) = value ? 1 : 0;
}

/**
 * sonde_column_add_category:
 * @self: a #SondeColumn of type %SONDE_COLUMN_TYPE_CATEGORICAL
 * @label: a label, in UTF-8
 * @length: the length of @label in bytes, or -1 if NUL-terminated
 *
 * Looks @label up in the dictionary of @self, adding it if new. Codes
 * are given in order of first appearance, from 0.
 *
 * Returns: the code of @label.
 */
guint32
sonde_column_add_category (SondeColumn *self,
                           const char  *label,
                           gssize       length)
{
  g_autofree char *owned = NULL;
  const char *key;
  gpointer found;
  guint32 code;

  g_return_val_if_fail (SONDE_IS_COLUMN (self), 0);
  g_return_val_if_fail (self->type == SONDE_COLUMN_TYPE_CATEGORICAL, 0);
  g_return_val_if_fail (label != NULL, 0);

  if (length < 0)
    key = label;
  else
    key = owned = g_strndup (label, length);

  found = g_hash_table_lookup (self->codes, key);
  if (found != NULL)
    return GPOINTER_TO_UINT (found) - 1;

  code = self->labels->len;
  if (owned == NULL)
    owned = g_strdup (label);
  g_ptr_array_add (self->labels, owned);
  g_hash_table_insert (self->codes, owned, GUINT_TO_POINTER (code + 1));
  g_steal_pointer (&owned);

  return code;
}

/**
 * sonde_column_append_category:
 * @self: a #SondeColumn of type %SONDE_COLUMN_TYPE_CATEGORICAL
 * @label: the label, in UTF-8
 * @length: the length of @label in bytes, or -1 if NUL-terminated
 *
 * Appends a value by its label, adding the label to the dictionary if
 * it is new.
 */
void
sonde_column_append_category (SondeColumn *self,
                              const char  *label,
                              gssize       length)
{
  guint32 code;

  CHECK_TYPE (self, SONDE_COLUMN_TYPE_CATEGORICAL);
  g_return_if_fail (label != NULL);

  code = sonde_column_add_category (self, label, length);
  *(guint32 *) append_slot (self) = code;
}

/**
 * sonde_column_append_code:
 * @self: a #SondeColumn of type %SONDE_COLUMN_TYPE_CATEGORICAL
 * @code: a code already in the dictionary
 *
 * Appends a value by its dictionary code.
 */
void
sonde_column_append_code (SondeColumn *self,
                          guint32      code)
{
  CHECK_TYPE (self, SONDE_COLUMN_TYPE_CATEGORICAL);
  g_return_if_fail (code < self->labels->len);

  *(guint32 *) append_slot (self) = code;
}

/**
 * sonde_column_append_text:
 * @self: a #SondeColumn of type %SONDE_COLUMN_TYPE_TEXT
 * @text: the text, in UTF-8
 * @length: the length of @text in bytes, or -1 if NUL-terminated
 *
 * Appends a text value. The text must not hold NUL bytes: only the part
 * before the first one would be read back.
 */
void
sonde_column_append_text (SondeColumn *self,
                          const char  *text,
                          gssize       length)
{
  gsize len;
  gsize needed;

  CHECK_TYPE (self, SONDE_COLUMN_TYPE_TEXT);
  g_return_if_fail (text != NULL);

  len = length < 0 ? strlen (text) : (gsize) length;
  needed = self->text_len + len + 1;
  if (needed > self->text_capacity)
    {
      gsize capacity = self->text_capacity;

      while (capacity < needed)
        capacity *= 2;
      self->text = g_realloc (self->text, capacity);
      self->text_capacity = capacity;
    }

  *(guint64 *) append_slot (self) = self->text_len;
  memcpy (self->text + self->text_len, text, len);
  self->text[self->text_len + len] = '\0';
  self->text_len += len + 1;
}

/**
 * sonde_column_append_date:
 * @self: a #SondeColumn of type %SONDE_COLUMN_TYPE_DATE
 * @days: days since 1970-01-01 (negative before)
 *
 * Appends a date.
 */
void
sonde_column_append_date (SondeColumn *self,
                          gint32       days)
{
  CHECK_TYPE (self, SONDE_COLUMN_TYPE_DATE);

  *(gint32 *) append_slot (self) = days;
}

/**
 * sonde_column_append_datetime:
 * @self: a #SondeColumn of type %SONDE_COLUMN_TYPE_DATETIME
 * @microseconds: microseconds since 1970-01-01T00:00:00 UTC
 *
 * Appends a date and time.
 */
void
sonde_column_append_datetime (SondeColumn *self,
                              gint64       microseconds)
{
  CHECK_TYPE (self, SONDE_COLUMN_TYPE_DATETIME);

  *(gint64 *) append_slot (self) = microseconds;
}

#define CHECK_GET(self, t, row, val) \
  g_return_val_if_fail (SONDE_IS_COLUMN (self), val); \
  g_return_val_if_fail (self->type == (t), val); \
  g_return_val_if_fail (row < self->n_rows, val)

/**
 * sonde_column_get_integer:
 * @self: a #SondeColumn of type %SONDE_COLUMN_TYPE_INTEGER
 * @row: a row index
 *
 * Returns: the value of @row, 0 when missing.
 */
gint64
sonde_column_get_integer (SondeColumn *self,
                          guint        row)
{
  CHECK_GET (self, SONDE_COLUMN_TYPE_INTEGER, row, 0);

  return ((const gint64 *) self->data)[row];
}

/**
 * sonde_column_get_real:
 * @self: a #SondeColumn of type %SONDE_COLUMN_TYPE_REAL
 * @row: a row index
 *
 * Returns: the value of @row, NaN when missing.
 */
double
sonde_column_get_real (SondeColumn *self,
                       guint        row)
{
  CHECK_GET (self, SONDE_COLUMN_TYPE_REAL, row, NAN);

  if (sonde_column_is_missing (self, row))
    return NAN;

  return ((const double *) self->data)[row];
}

/**
 * sonde_column_get_boolean:
 * @self: a #SondeColumn of type %SONDE_COLUMN_TYPE_BOOLEAN
 * @row: a row index
 *
 * Returns: the value of @row, %FALSE when missing.
 */
gboolean
sonde_column_get_boolean (SondeColumn *self,
                          guint        row)
{
  CHECK_GET (self, SONDE_COLUMN_TYPE_BOOLEAN, row, FALSE);

  return ((const guint8 *) self->data)[row] != 0;
}

/**
 * sonde_column_get_code:
 * @self: a #SondeColumn of type %SONDE_COLUMN_TYPE_CATEGORICAL
 * @row: a row index
 *
 * Returns: the dictionary code of @row, 0 when missing (check
 *   sonde_column_is_missing(): 0 is also a real code).
 */
guint32
sonde_column_get_code (SondeColumn *self,
                       guint        row)
{
  CHECK_GET (self, SONDE_COLUMN_TYPE_CATEGORICAL, row, 0);

  return ((const guint32 *) self->data)[row];
}

/**
 * sonde_column_get_text:
 * @self: a #SondeColumn of type %SONDE_COLUMN_TYPE_TEXT or
 *   %SONDE_COLUMN_TYPE_CATEGORICAL
 * @row: a row index
 *
 * Gets a text value, or the label of a category.
 *
 * Returns: (transfer none) (nullable): the text of @row, %NULL when
 *   missing. Valid until the column grows.
 */
const char *
sonde_column_get_text (SondeColumn *self,
                       guint        row)
{
  g_return_val_if_fail (SONDE_IS_COLUMN (self), NULL);
  g_return_val_if_fail (self->type == SONDE_COLUMN_TYPE_TEXT ||
                        self->type == SONDE_COLUMN_TYPE_CATEGORICAL, NULL);
  g_return_val_if_fail (row < self->n_rows, NULL);

  if (sonde_column_is_missing (self, row))
    return NULL;

  if (self->type == SONDE_COLUMN_TYPE_CATEGORICAL)
    return g_ptr_array_index (self->labels, ((const guint32 *) self->data)[row]);

  return self->text + ((const guint64 *) self->data)[row];
}

/**
 * sonde_column_get_date:
 * @self: a #SondeColumn of type %SONDE_COLUMN_TYPE_DATE
 * @row: a row index
 *
 * Returns: the value of @row in days since 1970-01-01, 0 when missing.
 */
gint32
sonde_column_get_date (SondeColumn *self,
                       guint        row)
{
  CHECK_GET (self, SONDE_COLUMN_TYPE_DATE, row, 0);

  return ((const gint32 *) self->data)[row];
}

/**
 * sonde_column_get_datetime:
 * @self: a #SondeColumn of type %SONDE_COLUMN_TYPE_DATETIME
 * @row: a row index
 *
 * Returns: the value of @row in microseconds since the epoch (UTC), 0
 *   when missing.
 */
gint64
sonde_column_get_datetime (SondeColumn *self,
                           guint        row)
{
  CHECK_GET (self, SONDE_COLUMN_TYPE_DATETIME, row, 0);

  return ((const gint64 *) self->data)[row];
}

/**
 * sonde_column_get_number:
 * @self: a #SondeColumn of a numeric type (see
 *   sonde_column_type_is_numeric())
 * @row: a row index
 *
 * Gets a value as a double: integers and reals as they are, booleans
 * as 0 or 1, dates in days and date-times in seconds since the epoch.
 * Integers beyond 2^53 lose precision.
 *
 * Returns: the value, NaN when missing or when @self is not numeric.
 */
double
sonde_column_get_number (SondeColumn *self,
                         guint        row)
{
  g_return_val_if_fail (SONDE_IS_COLUMN (self), NAN);
  g_return_val_if_fail (row < self->n_rows, NAN);

  if (sonde_column_is_missing (self, row))
    return NAN;

  switch (self->type)
    {
    case SONDE_COLUMN_TYPE_INTEGER:
      return (double) ((const gint64 *) self->data)[row];
    case SONDE_COLUMN_TYPE_REAL:
      return ((const double *) self->data)[row];
    case SONDE_COLUMN_TYPE_BOOLEAN:
      return ((const guint8 *) self->data)[row] ? 1.0 : 0.0;
    case SONDE_COLUMN_TYPE_DATE:
      return (double) ((const gint32 *) self->data)[row];
    case SONDE_COLUMN_TYPE_DATETIME:
      return (double) ((const gint64 *) self->data)[row] / G_USEC_PER_SEC;
    case SONDE_COLUMN_TYPE_CATEGORICAL:
    case SONDE_COLUMN_TYPE_TEXT:
    default:
      return NAN;
    }
}

/**
 * sonde_column_get_n_categories:
 * @self: a #SondeColumn of type %SONDE_COLUMN_TYPE_CATEGORICAL
 *
 * Returns: the number of labels in the dictionary.
 */
guint
sonde_column_get_n_categories (SondeColumn *self)
{
  g_return_val_if_fail (SONDE_IS_COLUMN (self), 0);
  g_return_val_if_fail (self->type == SONDE_COLUMN_TYPE_CATEGORICAL, 0);

  return self->labels->len;
}

/**
 * sonde_column_get_category_label:
 * @self: a #SondeColumn of type %SONDE_COLUMN_TYPE_CATEGORICAL
 * @code: a code below sonde_column_get_n_categories()
 *
 * Returns: (transfer none): the label of @code.
 */
const char *
sonde_column_get_category_label (SondeColumn *self,
                                 guint32      code)
{
  g_return_val_if_fail (SONDE_IS_COLUMN (self), NULL);
  g_return_val_if_fail (self->type == SONDE_COLUMN_TYPE_CATEGORICAL, NULL);
  g_return_val_if_fail (code < self->labels->len, NULL);

  return g_ptr_array_index (self->labels, code);
}

/* Proleptic Gregorian calendar, after Howard Hinnant's days_from_civil
 * and civil_from_days, exact for every gint32 day count we accept. */

/**
 * sonde_date_from_ymd:
 * @year: the year, from 1 to 9999
 * @month: the month, 1 to 12
 * @day: the day of the month, from 1
 * @days: (out): where to store the days since 1970-01-01
 *
 * Checks a calendar date and converts it to a day count.
 *
 * Returns: %TRUE if the date exists (so 2023-02-29 does not).
 */
gboolean
sonde_date_from_ymd (int     year,
                     int     month,
                     int     day,
                     gint32 *days)
{
  static const guint8 month_days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
  gboolean leap;
  int y, era, yoe, doy, doe;

  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1)
    return FALSE;

  leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  if (day > month_days[month - 1] + (month == 2 && leap ? 1 : 0))
    return FALSE;

  y = month <= 2 ? year - 1 : year;
  era = y / 400;
  yoe = y - era * 400;
  doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  *days = era * 146097 + doe - 719468;

  return TRUE;
}

/**
 * sonde_date_to_ymd:
 * @days: days since 1970-01-01
 * @year: (out): the year
 * @month: (out): the month, 1 to 12
 * @day: (out): the day of the month
 *
 * Converts a day count to a calendar date.
 */
void
sonde_date_to_ymd (gint32  days,
                   int    *year,
                   int    *month,
                   int    *day)
{
  gint64 z = (gint64) days + 719468;
  gint64 era = (z >= 0 ? z : z - 146096) / 146097;
  gint64 doe = z - era * 146097;
  gint64 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  gint64 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  gint64 mp = (5 * doy + 2) / 153;
  gint64 d = doy - (153 * mp + 2) / 5 + 1;
  gint64 m = mp < 10 ? mp + 3 : mp - 9;

  *year = (int) (yoe + era * 400 + (m <= 2 ? 1 : 0));
  *month = (int) m;
  *day = (int) d;
}

/* See sonde-column-private.h. */
char *
sonde_column_format_real (double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  /* The shortest of %.15g and %.17g that reads back to the same double:
   * 0.1 stays "0.1", and writing then reading a table loses nothing. */
  g_ascii_formatd (buf, sizeof buf, "%.15g", value);
  if (g_ascii_strtod (buf, NULL) != value)
    g_ascii_formatd (buf, sizeof buf, "%.17g", value);

  return g_strdup (buf);
}

static char *
format_datetime (gint64 usec)
{
  gint64 secs = usec >= 0 ? usec / G_USEC_PER_SEC : -((-usec + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);
  gint64 frac = usec - secs * G_USEC_PER_SEC;
  gint64 days = secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400);
  gint64 sod = secs - days * 86400;
  int y, m, d;

  sonde_date_to_ymd ((gint32) days, &y, &m, &d);

  if (frac != 0)
    return g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02d.%06dZ",
                            y, m, d, (int) (sod / 3600), (int) (sod / 60 % 60), (int) (sod % 60),
                            (int) frac);

  return g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02dZ",
                          y, m, d, (int) (sod / 3600), (int) (sod / 60 % 60), (int) (sod % 60));
}

/**
 * sonde_column_format_value:
 * @self: a #SondeColumn
 * @row: a row index
 *
 * Formats a value the same way whatever the locale, so that what is
 * written to a file reads back identically: numbers with a dot and no
 * grouping (reals as the shortest text that reads back exactly),
 * booleans as "true"/"false", dates as ISO 8601 `2024-12-31`, date-times
 * as `2024-12-31T23:59:59Z` (with `.ffffff` when there are microseconds).
 * Display code that wants local formats should format typed values
 * itself.
 *
 * Returns: (transfer full) (nullable): the value as text, or %NULL when
 *   it is missing.
 */
char *
sonde_column_format_value (SondeColumn *self,
                           guint        row)
{
  g_return_val_if_fail (SONDE_IS_COLUMN (self), NULL);
  g_return_val_if_fail (row < self->n_rows, NULL);

  if (sonde_column_is_missing (self, row))
    return NULL;

  switch (self->type)
    {
    case SONDE_COLUMN_TYPE_INTEGER:
      return g_strdup_printf ("%" G_GINT64_FORMAT, ((const gint64 *) self->data)[row]);

    case SONDE_COLUMN_TYPE_REAL:
      return sonde_column_format_real (((const double *) self->data)[row]);

    case SONDE_COLUMN_TYPE_BOOLEAN:
      return g_strdup (((const guint8 *) self->data)[row] ? "true" : "false");

    case SONDE_COLUMN_TYPE_CATEGORICAL:
    case SONDE_COLUMN_TYPE_TEXT:
      return g_strdup (sonde_column_get_text (self, row));

    case SONDE_COLUMN_TYPE_DATE:
      {
        int y, m, d;

        sonde_date_to_ymd (((const gint32 *) self->data)[row], &y, &m, &d);
        return g_strdup_printf ("%04d-%02d-%02d", y, m, d);
      }

    case SONDE_COLUMN_TYPE_DATETIME:
      return format_datetime (((const gint64 *) self->data)[row]);

    default:
      g_assert_not_reached ();
    }
}

/**
 * sonde_column_copy:
 * @self: a #SondeColumn
 * @name: (nullable): the name of the copy, or %NULL to keep the name
 *
 * Copies a column: its values, missing rows, categories (with the same
 * codes, in the same order) and its metadata (role, unit, description,
 * source). The copy shares nothing with @self.
 *
 * Returns: (transfer full): the copy.
 */
SondeColumn *
sonde_column_copy (SondeColumn *self,
                   const char  *name)
{
  SondeColumn *copy;

  g_return_val_if_fail (SONDE_IS_COLUMN (self), NULL);

  copy = sonde_column_new (name != NULL ? name : self->name, self->type);
  copy->role = self->role;
  copy->unit = g_strdup (self->unit);
  copy->description = g_strdup (self->description);
  copy->source = g_strdup (self->source);

  if (self->labels != NULL)
    for (guint i = 0; i < self->labels->len; i++)
      sonde_column_add_category (copy, g_ptr_array_index (self->labels, i), -1);

  if (self->n_rows > 0)
    {
      gpointer data = _sonde_column_fill_begin (copy, self->n_rows);
      guint64 *missing = _sonde_column_get_missing_for_fill (copy);
      char *text = NULL;

      memcpy (data, self->data, (gsize) self->n_rows * self->elem_size);
      if (self->n_missing > 0)
        memcpy (missing, self->missing, (((gsize) self->n_rows + 63) / 64) * sizeof (guint64));
      if (self->type == SONDE_COLUMN_TYPE_TEXT)
        text = g_memdup2 (self->text, self->text_len);
      _sonde_column_fill_end (copy, self->n_missing, text, self->text_len);
    }

  return copy;
}
