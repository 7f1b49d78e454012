/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sonde-engine"

/* sonde_column_convert(): a column read again as another type, for the
 * Data pane's column menu ("Change type"). Values that cannot be read as
 * the new type become missing and are counted, so the user learns how many
 * and sees the first one; if none at all can be read, the conversion is
 * refused with an error instead of producing an empty column.
 *
 * Text is read with the same conventions the CSV reader accepts: a decimal
 * point or comma, ISO (2024-03-01) or French (01/03/2024) dates, and
 * yes/no words in English and French.
 */

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "sonde-column-private.h"
#include "sonde-error.h"

gboolean
_sonde_parse_integer (const char *text,
               gint64     *out)
{
  g_autofree char *copy = g_strstrip (g_strdup (text));

  return g_ascii_string_to_signed (copy, 10, G_MININT64, G_MAXINT64, out, NULL);
}

gboolean
_sonde_parse_real (const char *text,
            double     *out)
{
  g_autofree char *copy = g_strstrip (g_strdup (text));
  char *end = NULL;

  if (*copy == '\0')
    return FALSE;
  /* A decimal comma, as in French files, when there is no point. */
  if (strchr (copy, '.') == NULL)
    g_strdelimit (copy, ",", '.');
  *out = g_ascii_strtod (copy, &end);

  return end != NULL && *end == '\0' && isfinite (*out);
}

gboolean
_sonde_parse_boolean (const char *text,
               gboolean   *out)
{
  static const char * const yes[] = { "true", "yes", "y", "t", "1", "oui", "vrai", "o", NULL };
  static const char * const no[] = { "false", "no", "n", "f", "0", "non", "faux", NULL };
  g_autofree char *copy = g_ascii_strdown (text, -1);

  g_strstrip (copy);
  if (g_strv_contains (yes, copy))
    return (*out = TRUE), TRUE;
  if (g_strv_contains (no, copy))
    return (*out = FALSE), TRUE;

  return FALSE;
}

gboolean
_sonde_parse_date (const char *text,
            gint32     *out)
{
  int a, b, c;
  char tail;

  if (sscanf (text, " %4d-%2d-%2d %c", &a, &b, &c, &tail) == 3)
    return sonde_date_from_ymd (a, b, c, out);
  if (sscanf (text, " %2d/%2d/%4d %c", &a, &b, &c, &tail) == 3)
    return sonde_date_from_ymd (c, b, a, out);

  return FALSE;
}

gboolean
_sonde_parse_datetime (const char *text,
                gint64     *out)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autofree char *copy = g_strstrip (g_strdup (text));
  g_autoptr(GDateTime) dt = NULL;
  gint32 days;

  /* "2024-03-01 08:30:00" is as common as the ISO "T". */
  if (strlen (copy) > 10 && copy[10] == ' ')
    copy[10] = 'T';
  dt = g_date_time_new_from_iso8601 (copy, utc);
  if (dt != NULL)
    {
      *out = g_date_time_to_unix (dt) * G_USEC_PER_SEC + g_date_time_get_microsecond (dt);
      return TRUE;
    }
  if (_sonde_parse_date (copy, &days))
    {
      *out = (gint64) days * 86400 * G_USEC_PER_SEC;
      return TRUE;
    }

  return FALSE;
}

/* Appends row @row of @src to @dst, converted; FALSE if it cannot be. */
static gboolean
convert_value (SondeColumn *src,
               guint        row,
               SondeColumn *dst)
{
  SondeColumnType from = sonde_column_get_column_type (src);
  SondeColumnType to = sonde_column_get_column_type (dst);
  g_autofree char *text = NULL;

  if (sonde_column_is_missing (src, row))
    {
      sonde_column_append_missing (dst);
      return TRUE;
    }

  /* Numbers stay numbers without a trip through text. */
  if (sonde_column_type_is_numeric (from) || from == SONDE_COLUMN_TYPE_BOOLEAN)
    {
      double x = sonde_column_get_number (src, row);

      switch (to)
        {
        case SONDE_COLUMN_TYPE_INTEGER:
          if (x != floor (x) || fabs (x) > 9007199254740992.0)
            return FALSE;
          if (from == SONDE_COLUMN_TYPE_INTEGER)
            sonde_column_append_integer (dst, sonde_column_get_integer (src, row));
          else
            sonde_column_append_integer (dst, (gint64) x);
          return TRUE;
        case SONDE_COLUMN_TYPE_REAL:
          sonde_column_append_real (dst, x);
          return TRUE;
        case SONDE_COLUMN_TYPE_BOOLEAN:
          if (x != 0 && x != 1)
            return FALSE;
          sonde_column_append_boolean (dst, x == 1);
          return TRUE;
        default:
          break;
        }
    }
  if (from == SONDE_COLUMN_TYPE_DATE && to == SONDE_COLUMN_TYPE_DATETIME)
    {
      sonde_column_append_datetime (dst, (gint64) sonde_column_get_date (src, row) * 86400 * G_USEC_PER_SEC);
      return TRUE;
    }
  if (from == SONDE_COLUMN_TYPE_DATETIME && to == SONDE_COLUMN_TYPE_DATE)
    {
      gint64 us = sonde_column_get_datetime (src, row);
      gint64 day_us = (gint64) 86400 * G_USEC_PER_SEC;

      sonde_column_append_date (dst, (gint32) ((us - (((us % day_us) + day_us) % day_us)) / day_us));
      return TRUE;
    }

  text = sonde_column_format_value (src, row);
  switch (to)
    {
    case SONDE_COLUMN_TYPE_INTEGER:
      {
        gint64 v;
        if (!_sonde_parse_integer (text, &v))
          return FALSE;
        sonde_column_append_integer (dst, v);
        return TRUE;
      }
    case SONDE_COLUMN_TYPE_REAL:
      {
        double v;
        if (!_sonde_parse_real (text, &v))
          return FALSE;
        sonde_column_append_real (dst, v);
        return TRUE;
      }
    case SONDE_COLUMN_TYPE_BOOLEAN:
      {
        gboolean v;
        if (!_sonde_parse_boolean (text, &v))
          return FALSE;
        sonde_column_append_boolean (dst, v);
        return TRUE;
      }
    case SONDE_COLUMN_TYPE_CATEGORICAL:
      sonde_column_append_category (dst, text, -1);
      return TRUE;
    case SONDE_COLUMN_TYPE_TEXT:
      sonde_column_append_text (dst, text, -1);
      return TRUE;
    case SONDE_COLUMN_TYPE_DATE:
      {
        gint32 v;
        if (!_sonde_parse_date (text, &v))
          return FALSE;
        sonde_column_append_date (dst, v);
        return TRUE;
      }
    case SONDE_COLUMN_TYPE_DATETIME:
      {
        gint64 v;
        if (!_sonde_parse_datetime (text, &v))
          return FALSE;
        sonde_column_append_datetime (dst, v);
        return TRUE;
      }
    default:
      g_assert_not_reached ();
    }
}

/**
 * sonde_column_convert:
 * @self: a #SondeColumn
 * @type: the type to read the values as
 * @n_failed: (out) (optional): how many values could not be read and
 *   became missing
 * @first_failure: (out) (optional) (transfer full): the first value that
 *   could not be read, with its row ("row 3: “abc”"), or %NULL
 * @error: return location for a #GError
 *
 * Reads every value of @self again as @type, into a new column with the
 * same name and metadata. Values that cannot be read become missing.
 *
 * Returns: (transfer full): the new column, or %NULL with @error set when
 *   not one value could be read as @type.
 */
SondeColumn *
sonde_column_convert (SondeColumn      *self,
                      SondeColumnType   type,
                      guint            *n_failed,
                      char            **first_failure,
                      GError          **error)
{
  g_autoptr(SondeColumn) dst = NULL;
  g_autofree char *first = NULL;
  guint n_rows, failed = 0;

  g_return_val_if_fail (SONDE_IS_COLUMN (self), NULL);
  g_return_val_if_fail (type < SONDE_COLUMN_N_TYPES, NULL);

  n_rows = sonde_column_get_n_rows (self);
  dst = sonde_column_new (sonde_column_get_name (self), type);
  sonde_column_set_role (dst, sonde_column_get_role (self));
  sonde_column_set_unit (dst, sonde_column_get_unit (self));
  sonde_column_set_description (dst, sonde_column_get_description (self));
  sonde_column_set_source (dst, sonde_column_get_source (self));
  sonde_column_reserve (dst, n_rows);

  for (guint row = 0; row < n_rows; row++)
    {
      if (convert_value (self, row, dst))
        continue;
      sonde_column_append_missing (dst);
      if (failed++ == 0)
        {
          g_autofree char *value = sonde_column_format_value (self, row);
          /* Translators: the first value that could not be converted;
           * the row counts from 1, as in the data grid. */
          first = g_strdup_printf (_("row %u: “%s”"), row + 1, value);
        }
    }

  if (failed > 0 && failed == n_rows - sonde_column_get_n_missing (self))
    {
      if (failed == 1)
        g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                     /* Translators: "The only value of “name” cannot be
                      * read as integer (row 1: “Alice”)." */
                     _("The only value of “%s” cannot be read as %s (%s). The column is unchanged."),
                     sonde_column_get_name (self), sonde_column_type_get_label (type), first);
      else
        g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                     /* Translators: "None of the 600 values of “name” can
                      * be read as integer; the first is row 1: “Alice”." */
                     _("None of the %u values of “%s” can be read as %s; the first is %s. The column is unchanged."),
                     failed, sonde_column_get_name (self), sonde_column_type_get_label (type), first);
      return NULL;
    }

  sonde_column_shrink (dst);
  if (n_failed != NULL)
    *n_failed = failed;
  if (first_failure != NULL)
    *first_failure = g_steal_pointer (&first);

  return g_steal_pointer (&dst);
}
