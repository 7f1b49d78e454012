/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sonde-engine"

/* SondeXlsxReader: turns one sheet of an Excel workbook (.xlsx, Office
 * Open XML) into a SondeTable, for the Import pane and `sonde-cli
 * import`. Workbooks range from a class register of a few kilobytes to
 * open-data exports of a million rows; a sheet is at most 1,048,576 rows
 * by 16,384 columns, as in Excel itself.
 *
 * An .xlsx file is a zip archive of XML parts. libarchive reads the zip
 * from memory, and each part is parsed by libxml2's xmlTextReader fed
 * straight from the decompressor, so neither the sheet's XML nor a DOM
 * of it is ever held in memory: only the typed cells are. Four small
 * parts are read first: `xl/workbook.xml` (sheet names, the 1904 date
 * flag), `xl/_rels/workbook.xml.rels` (where each sheet's part is),
 * `xl/sharedStrings.xml` (the texts cells refer to by number; rich-text
 * runs are joined, phonetic guides left out) and `xl/styles.xml` (which
 * cell styles show dates). Then the chosen sheet is read once, cell by
 * cell, into sparse per-column lists, and the table is built from them.
 *
 * Numbers shown with a date format are dates: built-in formats 14 to 17
 * give dates, 18 to 22 and 45 to 47 dates and times, and a custom format
 * whose code has d, m, y (date) or h, s (time) outside quotes and
 * brackets is one too. The serial numbers follow Excel: day 1 is
 * 1900-01-01 and day 60 is the 29 February 1900 that never was (Lotus
 * 1-2-3's bug, which Excel keeps), so it is read as missing with a
 * warning; with the `date1904` flag of old Mac workbooks, day 0 is
 * 1904-01-01.
 *
 * The first non-empty row is the header unless one of its cells is a
 * number or a date, as with SondeCsvReader, and names are made unique the
 * same way. Types are inferred per column from the cells' own types:
 * integer if all are whole numbers, decimal if all are numbers, date,
 * date and time, yes/no, category by the CSV reader's rule (at most a
 * quarter of the values distinct, and at most 1000), text; a column that
 * mixes kinds is text. Error cells (`#DIV/0!`) are missing, with a
 * warning.
 *
 * What is refused, and why: a member that would decompress to more than
 * 100 times the file (and at least 1 MiB) or 2 GiB (zip bombs), a sheet
 * whose cells or declared dimension go past Excel's limits, a sheet that
 * would spread a few cells over a huge empty grid, an .xls or password-
 * protected file (both are OLE2 compound files, not zips), and XML with a
 * document type declaration (OOXML never has one; refusing it rules out
 * entity expansion attacks).
 */

#include "config.h"

#include <inttypes.h>

#include <math.h>
#include <string.h>

#include <archive.h>
#include <archive_entry.h>
#include <glib/gi18n-lib.h>
#include <libxml/xmlreader.h>

#include "sonde-error.h"
#include "sonde-reader-private.h"
#include "sonde-xlsx-reader.h"

#define MAX_ROWS        1048576
#define MAX_COLUMNS     16384
#define MAX_WARNINGS    1000
#define MAX_MEMBER      ((guint64) 2 << 30)
#define MIN_MEMBER      ((guint64) 1 << 20)
#define MEMBER_RATIO    100
#define SPARSE_RATIO    64
#define WORKBOOK_PART   "xl/workbook.xml"
#define RELS_PART       "xl/_rels/workbook.xml.rels"
#define STRINGS_PART    "xl/sharedStrings.xml"
#define STYLES_PART     "xl/styles.xml"

/* Days from the epoch of each date system to 1970-01-01. */
#define DAYS_1899_12_30_TO_1970  25569
#define DAYS_1904_01_01_TO_1970  24107

static const char * const rel_namespaces[] = {
  "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
  "http://purl.oclc.org/ooxml/officeDocument/relationships",
};

struct _SondeXlsxReader
{
  GObject            parent_instance;

  char              *sheet;

  SondeProgressFunc  progress_func;
  gpointer           progress_data;
  GDestroyNotify     progress_destroy;

  GPtrArray         *warnings;
  gboolean           detected_header;
};

G_DEFINE_FINAL_TYPE (SondeXlsxReader, sonde_xlsx_reader, G_TYPE_OBJECT)

G_DEFINE_BOXED_TYPE (SondeXlsxWarning, sonde_xlsx_warning,
                     sonde_xlsx_warning_copy, sonde_xlsx_warning_free)

enum {
  PROP_0,
  PROP_SHEET,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/**
 * sonde_xlsx_warning_copy:
 * @warning: a #SondeXlsxWarning
 *
 * Returns: (transfer full): a copy of @warning.
 */
SondeXlsxWarning *
sonde_xlsx_warning_copy (const SondeXlsxWarning *warning)
{
  SondeXlsxWarning *copy;

  g_return_val_if_fail (warning != NULL, NULL);

  copy = g_memdup2 (warning, sizeof *warning);
  copy->message = g_strdup (warning->message);

  return copy;
}

/**
 * sonde_xlsx_warning_free:
 * @warning: (nullable): a #SondeXlsxWarning
 *
 * Frees @warning.
 */
void
sonde_xlsx_warning_free (SondeXlsxWarning *warning)
{
  if (warning == NULL)
    return;

  g_free (warning->message);
  g_free (warning);
}

/* ------------------------------------------------------------------ */
/* State of one read                                                    */
/* ------------------------------------------------------------------ */

typedef enum
{
  STYLE_NUMBER,
  STYLE_DATE,
  STYLE_DATETIME,
} StyleKind;

typedef enum
{
  CELL_NUMBER,
  CELL_BOOL,
  CELL_STRING,
  CELL_DATE,      /* v.i: days since 1970-01-01 */
  CELL_DATETIME,  /* v.i: microseconds since 1970-01-01T00:00:00 */
} CellKind;

typedef struct
{
  guint32 row;
  guint8  kind;
  union
  {
    double      d;
    gint64      i;
    const char *s;
  } v;
} Cell;

typedef struct
{
  SondeXlsxReader *self;        /* NULL when only listing sheets */
  const char      *display_name;
  GCancellable    *cancellable;
  const guint8    *data;
  gsize            len;
  guint64          member_limit;

  /* workbook.xml and its relationships */
  gboolean         date1904;
  GPtrArray       *sheet_names;   /* char * */
  GPtrArray       *sheet_rids;    /* char * */
  GHashTable      *rel_targets;   /* Id -> part name */

  GPtrArray       *shared;        /* char * */
  GArray          *xf_kinds;      /* guint8 StyleKind, per cellXfs index */

  /* The sheet */
  const char      *sheet_name;
  GStringChunk    *chunk;
  GPtrArray       *columns;       /* GArray of Cell, index = column - 1, or NULL */
  guint            min_row, max_row, min_col, max_col;
  guint64          n_cells;
} Read;

static void
read_clear (Read *r)
{
  g_clear_pointer (&r->sheet_names, g_ptr_array_unref);
  g_clear_pointer (&r->sheet_rids, g_ptr_array_unref);
  g_clear_pointer (&r->rel_targets, g_hash_table_unref);
  g_clear_pointer (&r->shared, g_ptr_array_unref);
  g_clear_pointer (&r->xf_kinds, g_array_unref);
  g_clear_pointer (&r->columns, g_ptr_array_unref);
  if (r->chunk != NULL)
    g_string_chunk_free (g_steal_pointer (&r->chunk));
}

static void
add_warning (Read                 *r,
             SondeXlsxWarningKind  kind,
             guint                 row,
             guint                 column,
             char                 *message)
{
  SondeXlsxWarning *w;

  if (r->self == NULL || r->self->warnings->len >= MAX_WARNINGS)
    {
      g_free (message);
      return;
    }

  w = g_new0 (SondeXlsxWarning, 1);
  w->kind = kind;
  w->row = row;
  w->column = column;
  w->message = message;
  g_ptr_array_add (r->self->warnings, w);
}

/* "A", "Z", "AA", ... "XFD" for 1 to 16384. */
static void
column_letters (guint column,
                char  out[8])
{
  char tmp[8];
  guint n = 0;

  g_assert (column >= 1);
  while (column > 0 && n < sizeof tmp - 1)
    {
      column--;
      tmp[n++] = (char) ('A' + column % 26);
      column /= 26;
    }
  for (guint i = 0; i < n; i++)
    out[i] = tmp[n - 1 - i];
  out[n] = '\0';
}

/* ------------------------------------------------------------------ */
/* Zip members and XML parts                                            */
/* ------------------------------------------------------------------ */

typedef struct
{
  const char       *name;
  struct archive   *archive;
  guint64           read;
  guint64           limit;
  gint64            size;         /* declared uncompressed size, or -1 */
  gboolean          too_large;
  gboolean          zip_failed;
  xmlTextReaderPtr  xml;
  char             *xml_message;  /* the first XML error */
  int               xml_line;
} Part;

static void
part_clear (Part *part)
{
  g_clear_pointer (&part->xml, xmlFreeTextReader);
  g_clear_pointer (&part->archive, archive_read_free);
  g_clear_pointer (&part->xml_message, g_free);
}

static int
part_read_cb (void *context,
              char *buffer,
              int   len)
{
  Part *part = context;
  la_ssize_t n;

  n = archive_read_data (part->archive, buffer, (size_t) len);
  if (n < 0)
    {
      part->zip_failed = TRUE;
      return -1;
    }

  part->read += (guint64) n;
  if (part->read > part->limit)
    {
      part->too_large = TRUE;
      return -1;
    }

  return (int) n;
}

static int
part_close_cb (void *context)
{
  return 0;
}

static void
part_xml_error_cb (void        *user_data,
                   xmlErrorPtr  error)
{
  Part *part = user_data;

  if (part->xml_message != NULL || error == NULL)
    return;

  part->xml_message = g_strstrip (g_strdup (error->message != NULL ? error->message : ""));
  part->xml_line = error->line;
}

static void
set_damaged_zip_error (Read        *r,
                       const char  *detail,
                       GError     **error)
{
  g_set_error (error, SONDE_ERROR, SONDE_ERROR_PARSE,
               /* Translators: file name, then what the zip library said */
               _("%s cannot be read as an Excel workbook: its zip archive is damaged or cut short (%s). Open it in your spreadsheet program and save it again."),
               r->display_name, detail != NULL && *detail != '\0' ? detail : _("unknown problem"));
}

/* Opens @name in the zip and starts an XML reader on it. Returns FALSE
 * with @error set when the archive is damaged or the part encrypted;
 * returns FALSE with *@found FALSE and no error when there is no such
 * part. */
static gboolean
part_open (Read        *r,
           const char  *name,
           Part        *part,
           gboolean    *found,
           GError     **error)
{
  struct archive_entry *entry;

  memset (part, 0, sizeof *part);
  part->name = name;
  part->limit = r->member_limit;
  *found = FALSE;

  part->archive = archive_read_new ();
  archive_read_support_format_zip (part->archive);
  if (archive_read_open_memory (part->archive, r->data, r->len) != ARCHIVE_OK)
    {
      set_damaged_zip_error (r, archive_error_string (part->archive), error);
      return FALSE;
    }

  for (;;)
    {
      int status = archive_read_next_header (part->archive, &entry);

      if (status == ARCHIVE_EOF)
        return FALSE;
      if (status != ARCHIVE_OK && status != ARCHIVE_WARN)
        {
          set_damaged_zip_error (r, archive_error_string (part->archive), error);
          return FALSE;
        }

      if (g_ascii_strcasecmp (archive_entry_pathname (entry) != NULL ? archive_entry_pathname (entry) : "", name) == 0)
        break;
    }

  *found = TRUE;

  if (archive_entry_is_encrypted (entry))
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_PARSE,
                   _("%s is protected by a password. Open it in your spreadsheet program, remove the password and save it again."),
                   r->display_name);
      return FALSE;
    }

  part->size = archive_entry_size_is_set (entry) ? archive_entry_size (entry) : -1;
  if (part->size > 0 && (guint64) part->size > part->limit)
    {
      g_autofree char *size = g_format_size ((guint64) part->size);

      g_set_error (error, SONDE_ERROR, SONDE_ERROR_TOO_LARGE,
                   /* Translators: file name, part name, then a size such as “3.2 GB” */
                   _("%s: the part “%s” of the workbook unpacks to %s, far more than such a file can hold. The file may be damaged or built to exhaust memory."),
                   r->display_name, name, size);
      return FALSE;
    }

  part->xml = xmlReaderForIO (part_read_cb, part_close_cb, part, name, NULL,
                              XML_PARSE_NONET | XML_PARSE_COMPACT);
  if (part->xml == NULL)
    {
      set_damaged_zip_error (r, name, error);
      return FALSE;
    }
  xmlTextReaderSetStructuredErrorHandler (part->xml, part_xml_error_cb, part);

  return TRUE;
}

/* The error for a part whose reading stopped. */
static gboolean
part_fail (Read        *r,
           Part        *part,
           GError     **error)
{
  if (part->too_large)
    {
      g_autofree char *limit = g_format_size (part->limit);

      g_set_error (error, SONDE_ERROR, SONDE_ERROR_TOO_LARGE,
                   _("%s: the part “%s” of the workbook unpacks to more than %s, far more than such a file can hold. The file may be damaged or built to exhaust memory."),
                   r->display_name, part->name, limit);
    }
  else if (part->zip_failed)
    set_damaged_zip_error (r, archive_error_string (part->archive), error);
  else
    g_set_error (error, SONDE_ERROR, SONDE_ERROR_PARSE,
                 /* Translators: file name, part name, line, then what the XML parser said */
                 _("%s: the part “%s” of the workbook is damaged, line %d: %s. Open the file in your spreadsheet program and save it again."),
                 r->display_name, part->name, part->xml_line,
                 part->xml_message != NULL ? part->xml_message : _("the XML is not well formed"));

  return FALSE;
}

/* Advances to the next node. Returns 1 on a node, 0 at the end, -1 with
 * @error set. A document type declaration is refused. */
static int
part_next (Read     *r,
           Part     *part,
           GError  **error)
{
  int status = xmlTextReaderRead (part->xml);

  if (status == 1 && xmlTextReaderNodeType (part->xml) == XML_READER_TYPE_DOCUMENT_TYPE)
    {
      g_free (part->xml_message);
      part->xml_message = g_strdup (_("a document type declaration, which workbooks never have"));
      part->xml_line = xmlTextReaderGetParserLineNumber (part->xml);
      status = -1;
    }
  if (status < 0 || part->xml_message != NULL)
    {
      part_fail (r, part, error);
      return -1;
    }

  return status;
}

static gboolean
is_element (Part       *part,
            const char *local_name)
{
  return xmlTextReaderNodeType (part->xml) == XML_READER_TYPE_ELEMENT &&
         g_strcmp0 ((const char *) xmlTextReaderConstLocalName (part->xml), local_name) == 0;
}

static gboolean
is_end_element (Part       *part,
                const char *local_name)
{
  return xmlTextReaderNodeType (part->xml) == XML_READER_TYPE_END_ELEMENT &&
         g_strcmp0 ((const char *) xmlTextReaderConstLocalName (part->xml), local_name) == 0;
}

static gboolean
is_text (Part *part)
{
  int type = xmlTextReaderNodeType (part->xml);

  return type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA ||
         type == XML_READER_TYPE_WHITESPACE || type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE;
}

static char *
get_attribute (Part       *part,
               const char *name)
{
  xmlChar *value = xmlTextReaderGetAttribute (part->xml, (const xmlChar *) name);
  char *copy = value != NULL ? g_strdup ((const char *) value) : NULL;

  xmlFree (value);
  return copy;
}

static char *
get_rel_id (Part *part)
{
  for (guint i = 0; i < G_N_ELEMENTS (rel_namespaces); i++)
    {
      xmlChar *value = xmlTextReaderGetAttributeNs (part->xml, (const xmlChar *) "id",
                                                    (const xmlChar *) rel_namespaces[i]);

      if (value != NULL)
        {
          char *copy = g_strdup ((const char *) value);

          xmlFree (value);
          return copy;
        }
    }

  return get_attribute (part, "r:id");
}

/* ------------------------------------------------------------------ */
/* Workbook, relationships, shared strings, styles                      */
/* ------------------------------------------------------------------ */

static gboolean
read_workbook (Read     *r,
               GError  **error)
{
  Part part;
  gboolean found;
  int status;

  r->sheet_names = g_ptr_array_new_with_free_func (g_free);
  r->sheet_rids = g_ptr_array_new_with_free_func (g_free);

  if (!part_open (r, WORKBOOK_PART, &part, &found, error))
    {
      if (!found && (error == NULL || *error == NULL))
        g_set_error (error, SONDE_ERROR, SONDE_ERROR_PARSE,
                     _("%s is a zip archive but not an Excel workbook: it has no “%s” part. Check that it is an .xlsx file; OpenDocument (.ods) files must be saved as .xlsx or CSV first."),
                     r->display_name, WORKBOOK_PART);
      part_clear (&part);
      return FALSE;
    }

  while ((status = part_next (r, &part, error)) == 1)
    {
      if (is_element (&part, "workbookPr"))
        {
          g_autofree char *flag = get_attribute (&part, "date1904");

          r->date1904 = flag != NULL && (strcmp (flag, "1") == 0 || g_ascii_strcasecmp (flag, "true") == 0);
        }
      else if (is_element (&part, "sheet"))
        {
          char *name = get_attribute (&part, "name");
          char *rid = get_rel_id (&part);

          if (name == NULL || !g_utf8_validate (name, -1, NULL))
            {
              g_free (name);
              name = g_strdup_printf ("%u", r->sheet_names->len + 1);
            }
          g_ptr_array_add (r->sheet_names, name);
          g_ptr_array_add (r->sheet_rids, rid != NULL ? rid : g_strdup (""));
        }
    }

  part_clear (&part);
  if (status < 0)
    return FALSE;

  if (r->sheet_names->len == 0)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_EMPTY,
                   _("%s is an Excel workbook without any sheet."),
                   r->display_name);
      return FALSE;
    }

  return TRUE;
}

static gboolean
read_relationships (Read     *r,
                    GError  **error)
{
  Part part;
  gboolean found;
  int status;

  r->rel_targets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  if (!part_open (r, RELS_PART, &part, &found, error))
    {
      part_clear (&part);
      /* Without relationships, sheets are looked for where Excel puts them. */
      return !found && (error == NULL || *error == NULL);
    }

  while ((status = part_next (r, &part, error)) == 1)
    {
      g_autofree char *id = NULL;
      g_autofree char *target = NULL;
      g_autofree char *mode = NULL;

      if (!is_element (&part, "Relationship"))
        continue;

      id = get_attribute (&part, "Id");
      target = get_attribute (&part, "Target");
      mode = get_attribute (&part, "TargetMode");
      if (id == NULL || target == NULL || (mode != NULL && g_ascii_strcasecmp (mode, "External") == 0))
        continue;

      /* Targets are relative to xl/, or absolute from the package root. */
      if (target[0] == '/')
        g_hash_table_replace (r->rel_targets, g_steal_pointer (&id), g_strdup (target + 1));
      else
        g_hash_table_replace (r->rel_targets, g_steal_pointer (&id),
                              g_strconcat ("xl/", g_str_has_prefix (target, "./") ? target + 2 : target, NULL));
    }

  part_clear (&part);

  return status == 0;
}

static gboolean
read_shared_strings (Read     *r,
                     GError  **error)
{
  g_autoptr(GString) text = g_string_new (NULL);
  Part part;
  gboolean found;
  gboolean in_si = FALSE, in_t = FALSE;
  guint rph_depth = 0;
  int status;

  r->shared = g_ptr_array_new_with_free_func (g_free);

  if (!part_open (r, STRINGS_PART, &part, &found, error))
    {
      part_clear (&part);
      return !found && (error == NULL || *error == NULL);
    }

  while ((status = part_next (r, &part, error)) == 1)
    {
      if (is_element (&part, "si"))
        {
          g_string_truncate (text, 0);
          in_si = !xmlTextReaderIsEmptyElement (part.xml);
          if (!in_si)
            g_ptr_array_add (r->shared, g_strdup (""));
        }
      else if (is_end_element (&part, "si"))
        {
          if (g_utf8_validate (text->str, text->len, NULL))
            g_ptr_array_add (r->shared, g_strndup (text->str, text->len));
          else
            g_ptr_array_add (r->shared, g_utf8_make_valid (text->str, text->len));
          in_si = FALSE;
        }
      else if (is_element (&part, "rPh") && !xmlTextReaderIsEmptyElement (part.xml))
        rph_depth++;
      else if (is_end_element (&part, "rPh") && rph_depth > 0)
        rph_depth--;
      else if (is_element (&part, "t"))
        in_t = in_si && !xmlTextReaderIsEmptyElement (part.xml);
      else if (is_end_element (&part, "t"))
        in_t = FALSE;
      else if (in_t && rph_depth == 0 && is_text (&part))
        g_string_append (text, (const char *) xmlTextReaderConstValue (part.xml));
    }

  part_clear (&part);

  return status == 0;
}

static StyleKind
builtin_style_kind (guint id)
{
  if (id >= 14 && id <= 17)
    return STYLE_DATE;
  if ((id >= 18 && id <= 22) || (id >= 45 && id <= 47))
    return STYLE_DATETIME;
  return STYLE_NUMBER;
}

/* A custom format code shows a date when it has d, m or y, and a time
 * when it has h or s, outside "quoted text", [colours and conditions],
 * escaped characters (\x) and the characters after _ (space as wide as)
 * and * (repeat). */
static StyleKind
format_code_kind (const char *code)
{
  gboolean date = FALSE, time = FALSE;

  for (const char *p = code; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '"':
          p = strchr (p + 1, '"');
          if (p == NULL)
            goto done;
          break;

        case '[':
          p = strchr (p + 1, ']');
          if (p == NULL)
            goto done;
          break;

        case '\\':
        case '_':
        case '*':
          if (p[1] == '\0')
            goto done;
          p++;
          break;

        case 'd': case 'D':
        case 'm': case 'M':
        case 'y': case 'Y':
          date = TRUE;
          break;

        case 'h': case 'H':
        case 's': case 'S':
          time = TRUE;
          break;

        default:
          break;
        }
    }

done:
  if (time)
    return STYLE_DATETIME;
  if (date)
    return STYLE_DATE;
  return STYLE_NUMBER;
}

static gboolean
parse_uint (const char *s,
            guint64     max,
            guint64    *out)
{
  guint64 v = 0;

  if (s == NULL || *s == '\0')
    return FALSE;

  for (; *s != '\0'; s++)
    {
      if (*s < '0' || *s > '9')
        return FALSE;
      v = v * 10 + (guint64) (*s - '0');
      if (v > max)
        return FALSE;
    }

  *out = v;
  return TRUE;
}

static gboolean
read_styles (Read     *r,
             GError  **error)
{
  g_autoptr(GHashTable) custom = g_hash_table_new (g_direct_hash, g_direct_equal);
  Part part;
  gboolean found;
  gboolean in_xfs = FALSE;
  int status;

  r->xf_kinds = g_array_new (FALSE, FALSE, sizeof (guint8));

  if (!part_open (r, STYLES_PART, &part, &found, error))
    {
      part_clear (&part);
      return !found && (error == NULL || *error == NULL);
    }

  while ((status = part_next (r, &part, error)) == 1)
    {
      if (is_element (&part, "numFmt"))
        {
          g_autofree char *id = get_attribute (&part, "numFmtId");
          g_autofree char *code = get_attribute (&part, "formatCode");
          guint64 n;

          if (code != NULL && parse_uint (id, G_MAXUINT16, &n))
            g_hash_table_insert (custom, GUINT_TO_POINTER ((guint) n),
                                 GUINT_TO_POINTER (format_code_kind (code) + 1));
        }
      else if (is_element (&part, "cellXfs"))
        in_xfs = !xmlTextReaderIsEmptyElement (part.xml);
      else if (is_end_element (&part, "cellXfs"))
        in_xfs = FALSE;
      else if (in_xfs && is_element (&part, "xf"))
        {
          g_autofree char *id = get_attribute (&part, "numFmtId");
          guint64 n = 0;
          guint8 kind = STYLE_NUMBER;

          if (parse_uint (id, G_MAXUINT16, &n))
            {
              gpointer k = g_hash_table_lookup (custom, GUINT_TO_POINTER ((guint) n));

              kind = k != NULL ? (guint8) (GPOINTER_TO_UINT (k) - 1) : (guint8) builtin_style_kind ((guint) n);
            }
          if (r->xf_kinds->len < MAX_COLUMNS * 4)
            g_array_append_val (r->xf_kinds, kind);
        }
    }

  part_clear (&part);

  return status == 0;
}

/* ------------------------------------------------------------------ */
/* Sheet                                                                */
/* ------------------------------------------------------------------ */

typedef enum
{
  REF_OK,
  REF_INVALID,
  REF_TOO_LARGE,
} RefResult;

/* "C12" -> column 3, row 12. Also accepts "$C$12". */
static RefResult
parse_ref (const char *ref,
           guint      *column,
           guint      *row)
{
  guint64 c = 0, rw = 0;
  const char *p = ref;
  guint letters = 0, digits = 0;

  if (*p == '$')
    p++;
  for (; g_ascii_isalpha (*p); p++, letters++)
    {
      if (letters >= 4)
        return REF_TOO_LARGE;
      c = c * 26 + (guint64) (g_ascii_toupper (*p) - 'A' + 1);
    }
  if (*p == '$')
    p++;
  for (; g_ascii_isdigit (*p); p++, digits++)
    {
      if (digits >= 8)
        return REF_TOO_LARGE;
      rw = rw * 10 + (guint64) (*p - '0');
    }

  if (*p != '\0' || letters == 0 || digits == 0 || rw == 0)
    return REF_INVALID;
  if (c > MAX_COLUMNS || rw > MAX_ROWS)
    return REF_TOO_LARGE;

  *column = (guint) c;
  *row = (guint) rw;
  return REF_OK;
}

static gboolean
set_too_large_error (Read        *r,
                     const char  *ref,
                     GError     **error)
{
  g_set_error (error, SONDE_ERROR, SONDE_ERROR_TOO_LARGE,
               /* Translators: file name, sheet name, then a cell reference such as XFE2 */
               _("%s, sheet “%s”: the cell %s lies beyond the last row (1048576) or column (XFD) a spreadsheet can have. The file is damaged or was not written by a spreadsheet program."),
               r->display_name, r->sheet_name, ref);
  return FALSE;
}

static gboolean
set_sheet_damaged_error (Read        *r,
                         guint        row,
                         const char  *what,
                         GError     **error)
{
  g_set_error (error, SONDE_ERROR, SONDE_ERROR_PARSE,
               /* Translators: file name, sheet name, row, then what is wrong */
               _("%s, sheet “%s”, row %u: %s. The sheet is damaged; open the file in your spreadsheet program and save it again."),
               r->display_name, r->sheet_name, row, what);
  return FALSE;
}

/* Excel serial number -> days since 1970-01-01. */
static gboolean
serial_to_days (Read   *r,
                double  serial,
                gint64 *days)
{
  double day = floor (serial);

  if (!isfinite (serial) || serial < 0 || serial >= 2958466.0)  /* 10000-01-01 */
    return FALSE;

  if (r->date1904)
    *days = (gint64) day - DAYS_1904_01_01_TO_1970;
  else if (day >= 61)
    *days = (gint64) day - DAYS_1899_12_30_TO_1970;
  else if (day == 60)
    return FALSE;
  else
    *days = (gint64) day - DAYS_1899_12_30_TO_1970 + 1;

  return TRUE;
}

typedef struct
{
  guint    row;
  guint    column;
  char    *type;
  guint    style;
  gboolean has_value;
  gboolean has_inline;
  GString *value;
} PendingCell;

static GArray *
column_cells (Read  *r,
              guint  column)
{
  GArray *cells;

  if (r->columns->len < column)
    g_ptr_array_set_size (r->columns, column);

  cells = g_ptr_array_index (r->columns, column - 1);
  if (cells == NULL)
    {
      cells = g_array_new (FALSE, FALSE, sizeof (Cell));
      g_ptr_array_index (r->columns, column - 1) = cells;
    }

  return cells;
}

static void
store_cell (Read *r,
            guint column,
            Cell *cell)
{
  g_array_append_val (column_cells (r, column), *cell);

  if (r->n_cells == 0)
    {
      r->min_row = r->max_row = cell->row;
      r->min_col = r->max_col = column;
    }
  r->min_row = MIN (r->min_row, cell->row);
  r->max_row = MAX (r->max_row, cell->row);
  r->min_col = MIN (r->min_col, column);
  r->max_col = MAX (r->max_col, column);
  r->n_cells++;
}

static gboolean
commit_cell (Read         *r,
             PendingCell  *pc,
             GError      **error)
{
  const char *type = pc->type != NULL ? pc->type : "n";
  const char *value = pc->value->str;
  char letters[8];
  char ref[32];
  Cell cell = { 0 };

  column_letters (pc->column, letters);
  g_snprintf (ref, sizeof ref, "%s%u", letters, pc->row);
  cell.row = pc->row;

  if (strcmp (type, "inlineStr") == 0)
    {
      if (!pc->has_inline)
        return TRUE;
      cell.kind = CELL_STRING;
      if (!g_utf8_validate (value, pc->value->len, NULL))
        {
          g_autofree char *valid = g_utf8_make_valid (value, pc->value->len);

          cell.v.s = g_string_chunk_insert (r->chunk, valid);
        }
      else
        cell.v.s = g_string_chunk_insert_len (r->chunk, value, pc->value->len);
      store_cell (r, pc->column, &cell);
      return TRUE;
    }

  if (!pc->has_value)
    return TRUE;

  if (strcmp (type, "s") == 0)
    {
      guint64 index;

      if (!parse_uint (value, G_MAXUINT32, &index) || index >= r->shared->len)
        {
          g_autofree char *what = g_strdup_printf (_("the cell %s refers to shared text number %s, but the workbook has %u"),
                                                   ref, value, r->shared->len);

          return set_sheet_damaged_error (r, pc->row, what, error);
        }
      cell.kind = CELL_STRING;
      cell.v.s = g_ptr_array_index (r->shared, index);
    }
  else if (strcmp (type, "str") == 0)
    {
      if (!g_utf8_validate (value, pc->value->len, NULL))
        return set_sheet_damaged_error (r, pc->row, _("a text is not valid UTF-8"), error);
      cell.kind = CELL_STRING;
      cell.v.s = g_string_chunk_insert_len (r->chunk, value, pc->value->len);
    }
  else if (strcmp (type, "b") == 0)
    {
      g_strstrip (pc->value->str);
      cell.kind = CELL_BOOL;
      if (strcmp (value, "1") == 0 || g_ascii_strcasecmp (value, "true") == 0)
        cell.v.d = 1;
      else if (strcmp (value, "0") == 0 || g_ascii_strcasecmp (value, "false") == 0)
        cell.v.d = 0;
      else
        {
          g_autofree char *what = g_strdup_printf (_("the cell %s should hold TRUE or FALSE but holds “%.20s”"), ref, value);

          return set_sheet_damaged_error (r, pc->row, what, error);
        }
    }
  else if (strcmp (type, "e") == 0)
    {
      g_autofree char *shown = g_utf8_make_valid (value, MIN (pc->value->len, 40));

      add_warning (r, SONDE_XLSX_WARNING_ERROR_VALUE, pc->row, pc->column,
                   /* Translators: file name, sheet name, cell reference, then an error value such as #DIV/0! */
                   g_strdup_printf (_("%s, sheet “%s”, cell %s: the formula gives the error %s; it was read as a missing value."),
                                    r->display_name, r->sheet_name, ref, shown));
      return TRUE;
    }
  else
    {
      char *end = NULL;
      double d;
      StyleKind style = pc->style < r->xf_kinds->len ? g_array_index (r->xf_kinds, guint8, pc->style) : STYLE_NUMBER;

      g_strstrip (pc->value->str);
      if (*value == '\0')
        return TRUE;
      d = g_ascii_strtod (value, &end);
      if (end == value || *end != '\0' || !isfinite (d))
        {
          g_autofree char *shown = g_utf8_make_valid (value, MIN (strlen (value), 40));
          g_autofree char *what = g_strdup_printf (_("the cell %s should hold a number but holds “%s”"), ref, shown);

          return set_sheet_damaged_error (r, pc->row, what, error);
        }

      if (style == STYLE_NUMBER)
        {
          cell.kind = CELL_NUMBER;
          cell.v.d = d;
        }
      else
        {
          gint64 days;

          if (!serial_to_days (r, d, &days))
            {
              add_warning (r, SONDE_XLSX_WARNING_INVALID_DATE, pc->row, pc->column,
                           /* Translators: file name, sheet name, cell reference, then a number */
                           g_strdup_printf (_("%s, sheet “%s”, cell %s: %s is not a valid date (Excel counts a 29 February 1900 that never was); it was read as a missing value."),
                                            r->display_name, r->sheet_name, ref, value));
              return TRUE;
            }

          if (style == STYLE_DATE)
            {
              cell.kind = CELL_DATE;
              cell.v.i = days;
            }
          else
            {
              /* Spreadsheets keep times to the millisecond. */
              double ms = round ((d - floor (d)) * 86400000.0);

              cell.kind = CELL_DATETIME;
              cell.v.i = days * 86400 * G_USEC_PER_SEC + (gint64) ms * 1000;
            }
        }
    }

  store_cell (r, pc->column, &cell);
  return TRUE;
}

static gboolean
check_dimension (Read        *r,
                 const char  *ref,
                 GError     **error)
{
  g_auto(GStrv) ends = g_strsplit (ref, ":", 2);

  for (guint i = 0; ends[i] != NULL; i++)
    {
      guint column, row;

      if (parse_ref (ends[i], &column, &row) == REF_TOO_LARGE)
        return set_too_large_error (r, ends[i], error);
    }

  return TRUE;
}

static void
free_cells (gpointer cells)
{
  if (cells != NULL)
    g_array_unref (cells);
}

static gboolean
read_sheet (Read        *r,
            const char  *part_name,
            GError     **error)
{
  SondeXlsxReader *self = r->self;
  PendingCell pc = { 0 };
  Part part;
  gboolean found;
  gboolean in_cell = FALSE, in_v = FALSE, in_is = FALSE, in_t = FALSE;
  guint rph_depth = 0;
  guint row = 0, last_column = 0;
  guint rows_seen = 0;
  int status;
  gboolean ok = FALSE;

  r->chunk = g_string_chunk_new (64 * 1024);
  r->columns = g_ptr_array_new_with_free_func (free_cells);
  pc.value = g_string_new (NULL);

  if (!part_open (r, part_name, &part, &found, error))
    {
      if (!found && (error == NULL || *error == NULL))
        g_set_error (error, SONDE_ERROR, SONDE_ERROR_PARSE,
                     _("%s: the sheet “%s” is listed in the workbook but its part “%s” is missing. The file is damaged."),
                     r->display_name, r->sheet_name, part_name);
      goto out;
    }

  while ((status = part_next (r, &part, error)) == 1)
    {
      if (in_cell)
        {
          if (is_end_element (&part, "c"))
            {
              in_cell = in_v = in_is = in_t = FALSE;
              if (!commit_cell (r, &pc, error))
                goto out;
            }
          else if (is_element (&part, "v"))
            {
              in_v = !xmlTextReaderIsEmptyElement (part.xml);
              pc.has_value = TRUE;
            }
          else if (is_end_element (&part, "v"))
            in_v = FALSE;
          else if (is_element (&part, "is"))
            {
              in_is = !xmlTextReaderIsEmptyElement (part.xml);
              pc.has_inline = TRUE;
            }
          else if (is_end_element (&part, "is"))
            in_is = FALSE;
          else if (is_element (&part, "rPh") && !xmlTextReaderIsEmptyElement (part.xml))
            rph_depth++;
          else if (is_end_element (&part, "rPh") && rph_depth > 0)
            rph_depth--;
          else if (is_element (&part, "t"))
            in_t = in_is && !xmlTextReaderIsEmptyElement (part.xml);
          else if (is_end_element (&part, "t"))
            in_t = FALSE;
          else if ((in_v || (in_t && rph_depth == 0)) && is_text (&part))
            {
              if (pc.value->len > 32767 * 4)
                {
                  set_sheet_damaged_error (r, row, _("a cell holds more than 32767 characters"), error);
                  goto out;
                }
              g_string_append (pc.value, (const char *) xmlTextReaderConstValue (part.xml));
            }
          continue;
        }

      if (is_element (&part, "c"))
        {
          g_autofree char *ref = get_attribute (&part, "r");
          g_autofree char *style = NULL;
          guint64 style_index = 0;
          guint cell_row = row, cell_column = last_column + 1;

          if (row == 0)
            {
              set_sheet_damaged_error (r, 0, _("a cell lies outside any row"), error);
              goto out;
            }
          if (ref != NULL)
            {
              RefResult rr = parse_ref (ref, &cell_column, &cell_row);

              if (rr == REF_TOO_LARGE)
                {
                  set_too_large_error (r, ref, error);
                  goto out;
                }
              if (rr == REF_INVALID || cell_row != row)
                {
                  g_autofree char *shown = g_utf8_make_valid (ref, MIN (strlen (ref), 20));
                  g_autofree char *what = g_strdup_printf (_("the cell reference “%s” does not belong to this row"), shown);

                  set_sheet_damaged_error (r, row, what, error);
                  goto out;
                }
            }
          if (cell_column > MAX_COLUMNS)
            {
              set_sheet_damaged_error (r, row, _("the row has more than 16384 cells"), error);
              goto out;
            }
          if (cell_column <= last_column)
            {
              set_sheet_damaged_error (r, row, _("its cells are not in order"), error);
              goto out;
            }
          last_column = cell_column;

          g_clear_pointer (&pc.type, g_free);
          pc.type = get_attribute (&part, "t");
          style = get_attribute (&part, "s");
          if (style != NULL && !parse_uint (style, G_MAXUINT32, &style_index))
            style_index = 0;
          pc.row = cell_row;
          pc.column = cell_column;
          pc.style = (guint) style_index;
          pc.has_value = pc.has_inline = FALSE;
          g_string_truncate (pc.value, 0);
          rph_depth = 0;
          if (!xmlTextReaderIsEmptyElement (part.xml))
            in_cell = TRUE;
        }
      else if (is_element (&part, "row"))
        {
          g_autofree char *ref = get_attribute (&part, "r");
          guint64 n = row + 1;

          if (ref != NULL && !parse_uint (ref, G_MAXUINT32, &n))
            {
              set_sheet_damaged_error (r, row, _("a row has no valid number"), error);
              goto out;
            }
          if (n > MAX_ROWS)
            {
              g_autofree char *cell_ref = g_strdup_printf ("A%" G_GUINT64_FORMAT, n);

              set_too_large_error (r, cell_ref, error);
              goto out;
            }
          if (n <= row)
            {
              g_autofree char *what = g_strdup_printf (_("row %u comes after row %u"), (guint) n, row);

              set_sheet_damaged_error (r, (guint) n, what, error);
              goto out;
            }
          row = (guint) n;
          last_column = 0;

          if ((++rows_seen & 0x3FF) == 0)
            {
              if (g_cancellable_set_error_if_cancelled (r->cancellable, error))
                goto out;
              if (self != NULL && self->progress_func != NULL && part.size > 0)
                self->progress_func (0.05 + 0.85 * MIN (1.0, (double) part.read / (double) part.size),
                                     self->progress_data);
            }
        }
      else if (is_element (&part, "dimension"))
        {
          g_autofree char *ref = get_attribute (&part, "ref");

          if (ref != NULL && !check_dimension (r, ref, error))
            goto out;
        }
      else if (is_end_element (&part, "sheetData"))
        break;
    }

  ok = status >= 0;

out:
  part_clear (&part);
  g_clear_pointer (&pc.type, g_free);
  g_string_free (pc.value, TRUE);

  return ok;
}

/* ------------------------------------------------------------------ */
/* Building the table                                                   */
/* ------------------------------------------------------------------ */

static char *
cell_to_text (const Cell *cell)
{
  switch (cell->kind)
    {
    case CELL_STRING:
      return g_strdup (cell->v.s);

    case CELL_BOOL:
      return g_strdup (cell->v.d != 0 ? "true" : "false");

    case CELL_NUMBER:
      {
        /* Fifteen significant digits: what the spreadsheet shows. */
        char buf[G_ASCII_DTOSTR_BUF_SIZE];

        return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.15g", cell->v.d));
      }

    case CELL_DATE:
      {
        int y, m, d;

        sonde_date_to_ymd ((gint32) cell->v.i, &y, &m, &d);
        return g_strdup_printf ("%04d-%02d-%02d", y, m, d);
      }

    case CELL_DATETIME:
      {
        g_autoptr(SondeColumn) tmp = sonde_column_new ("tmp", SONDE_COLUMN_TYPE_DATETIME);

        sonde_column_append_datetime (tmp, cell->v.i);
        return sonde_column_format_value (tmp, 0);
      }

    default:
      g_assert_not_reached ();
    }
}

/* The rule of SondeCsvReader: a dictionary if at most a quarter of the
 * values are distinct (and at least 1), and at most 1000. */
static gboolean
is_categorical (const Cell *cells,
                guint       n,
                guint       first)
{
  g_autoptr(GHashTable) labels = g_hash_table_new (g_str_hash, g_str_equal);
  guint present = 0;
  guint limit;

  for (guint i = first; i < n; i++)
    present++;
  limit = sonde_reader_category_limit (present);

  for (guint i = first; i < n; i++)
    {
      g_hash_table_add (labels, (gpointer) cells[i].v.s);
      if (g_hash_table_size (labels) > limit)
        return FALSE;
    }

  return TRUE;
}

static SondeColumnType
infer_type (GArray *cells,
            guint   first)
{
  guint counts[CELL_DATETIME + 1] = { 0 };
  gboolean whole = TRUE;
  guint present = 0;

  for (guint i = first; i < cells->len; i++)
    {
      const Cell *cell = &g_array_index (cells, Cell, i);

      counts[cell->kind]++;
      present++;
      if (cell->kind == CELL_NUMBER &&
          (cell->v.d != floor (cell->v.d) || fabs (cell->v.d) > 9007199254740992.0))
        whole = FALSE;
    }

  if (present == 0)
    return SONDE_COLUMN_TYPE_TEXT;
  if (counts[CELL_NUMBER] == present)
    return whole ? SONDE_COLUMN_TYPE_INTEGER : SONDE_COLUMN_TYPE_REAL;
  if (counts[CELL_DATE] == present)
    return SONDE_COLUMN_TYPE_DATE;
  if (counts[CELL_DATE] + counts[CELL_DATETIME] == present)
    return SONDE_COLUMN_TYPE_DATETIME;
  if (counts[CELL_BOOL] == present)
    return SONDE_COLUMN_TYPE_BOOLEAN;
  if (counts[CELL_STRING] == present &&
      is_categorical ((const Cell *) (gpointer) cells->data, cells->len, first))
    return SONDE_COLUMN_TYPE_CATEGORICAL;

  return SONDE_COLUMN_TYPE_TEXT;
}

static void
append_cell (SondeColumn     *column,
             SondeColumnType  type,
             const Cell      *cell)
{
  switch (type)
    {
    case SONDE_COLUMN_TYPE_INTEGER:
      sonde_column_append_integer (column, (gint64) cell->v.d);
      break;

    case SONDE_COLUMN_TYPE_REAL:
      sonde_column_append_real (column, cell->v.d);
      break;

    case SONDE_COLUMN_TYPE_BOOLEAN:
      sonde_column_append_boolean (column, cell->v.d != 0);
      break;

    case SONDE_COLUMN_TYPE_DATE:
      sonde_column_append_date (column, (gint32) cell->v.i);
      break;

    case SONDE_COLUMN_TYPE_DATETIME:
      sonde_column_append_datetime (column, cell->kind == CELL_DATE ? cell->v.i * 86400 * G_USEC_PER_SEC : cell->v.i);
      break;

    case SONDE_COLUMN_TYPE_CATEGORICAL:
      sonde_column_append_category (column, cell->v.s, -1);
      break;

    case SONDE_COLUMN_TYPE_TEXT:
      {
        g_autofree char *text = cell_to_text (cell);

        sonde_column_append_text (column, text, -1);
      }
      break;

    default:
      g_assert_not_reached ();
    }
}

/* Makes column names unique and non-empty as SondeCsvReader does, with a
 * warning for each one changed. @given holds the header's names (NULL
 * for none), index 0 for the first column of the table. */
static char **
make_names (Read   *r,
            char  **given,
            guint   n_columns,
            guint   header_row)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) first_index = g_hash_table_new (g_str_hash, g_str_equal);
  char **names = g_new0 (char *, n_columns + 1);

  for (guint c = 0; c < n_columns; c++)
    {
      if (given[c] == NULL)
        continue;

      names[c] = g_strdup (given[c]);
      if (!g_hash_table_contains (seen, names[c]))
        {
          g_hash_table_add (seen, names[c]);
          g_hash_table_insert (first_index, names[c], GUINT_TO_POINTER (c + 1));
        }
      else
        {
          g_autofree char *base = names[c];
          guint first = GPOINTER_TO_UINT (g_hash_table_lookup (first_index, base));
          char first_letters[8], letters[8];

          names[c] = sonde_reader_renamed (seen, base);
          g_hash_table_add (seen, names[c]);
          column_letters (first - 1 + r->min_col, first_letters);
          column_letters (c + r->min_col, letters);
          add_warning (r, SONDE_XLSX_WARNING_RENAMED_COLUMN, header_row, c + r->min_col,
                       /* Translators: file name, sheet name, row, two column letters, a name, a column letter, the new name */
                       g_strdup_printf (_("%s, sheet “%s”, row %u: columns %s and %s are both named “%s”; column %s was renamed “%s”."),
                                        r->display_name, r->sheet_name, header_row, first_letters, letters,
                                        base, letters, names[c]));
        }
    }

  for (guint c = 0; c < n_columns; c++)
    {
      char letters[8];

      if (names[c] != NULL)
        continue;

      names[c] = sonde_reader_placeholder_name (seen, c);
      g_hash_table_add (seen, names[c]);

      if (header_row > 0)
        {
          column_letters (c + r->min_col, letters);
          add_warning (r, SONDE_XLSX_WARNING_RENAMED_COLUMN, header_row, c + r->min_col,
                       g_strdup_printf (_("%s, sheet “%s”, row %u: column %s has no name; it was named “%s”."),
                                        r->display_name, r->sheet_name, header_row, letters, names[c]));
        }
    }

  return names;
}

static SondeTable *
build_table (Read     *r,
             GError  **error)
{
  g_autoptr(SondeTable) table = NULL;
  g_autoptr(GPtrArray) given = NULL;   /* char *, NULL for no name */
  g_auto(GStrv) names = NULL;
  gboolean header = TRUE;
  guint n_columns, n_rows, first_row;
  guint64 dense;

  if (r->n_cells == 0)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_EMPTY,
                   _("%s: the sheet “%s” is empty: it has no column names and no rows."),
                   r->display_name, r->sheet_name);
      return NULL;
    }

  n_columns = r->max_col - r->min_col + 1;
  dense = (guint64) n_columns * (r->max_row - r->min_row + 1);
  if (dense > SPARSE_RATIO * (r->n_cells + 1) + (1 << 20))
    {
      char first[8], last[8];

      column_letters (r->min_col, first);
      column_letters (r->max_col, last);
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_TOO_LARGE,
                   /* Translators: file name, sheet name, first cell, last cell, then a count of values */
                   _("%s, sheet “%s”: its cells spread from %s%u to %s%u but only %" PRIu64 " of them hold a value. Delete the stray cells far from the data, or copy the data to a new sheet."),
                   r->display_name, r->sheet_name, first, r->min_row, last, r->max_row, (uint64_t) r->n_cells);
      return NULL;
    }

  /* Header: the first row, unless one of its cells is a number or a date. */
  given = g_ptr_array_new_full (n_columns, g_free);
  g_ptr_array_set_size (given, (gint) n_columns);
  for (guint c = 0; c < n_columns; c++)
    {
      GArray *cells = c + r->min_col - 1 < r->columns->len ? g_ptr_array_index (r->columns, c + r->min_col - 1) : NULL;
      const Cell *cell;

      if (cells == NULL || cells->len == 0)
        continue;
      cell = &g_array_index (cells, Cell, 0);
      if (cell->row != r->min_row)
        continue;
      if (cell->kind == CELL_NUMBER || cell->kind == CELL_DATE || cell->kind == CELL_DATETIME)
        header = FALSE;
      else
        {
          g_autofree char *text = cell_to_text (cell);

          g_strstrip (text);
          if (*text != '\0')
            g_ptr_array_index (given, c) = g_steal_pointer (&text);
        }
    }
  if (!header)
    {
      for (guint c = 0; c < n_columns; c++)
        g_clear_pointer (&g_ptr_array_index (given, c), g_free);
    }

  if (r->self != NULL)
    r->self->detected_header = header;
  names = make_names (r, (char **) given->pdata, n_columns, header ? r->min_row : 0);

  first_row = header ? r->min_row + 1 : r->min_row;
  n_rows = r->max_row >= first_row ? r->max_row - first_row + 1 : 0;

  table = sonde_table_new (r->display_name);

  for (guint c = 0; c < n_columns; c++)
    {
      GArray *cells = c + r->min_col - 1 < r->columns->len ? g_ptr_array_index (r->columns, c + r->min_col - 1) : NULL;
      g_autoptr(SondeColumn) column = NULL;
      SondeColumnType type;
      guint first = 0;
      guint next_row = first_row;

      if (cells == NULL)
        {
          column = sonde_column_new (names[c], SONDE_COLUMN_TYPE_TEXT);
          sonde_column_reserve (column, n_rows);
          for (guint i = 0; i < n_rows; i++)
            sonde_column_append_missing (column);
        }
      else
        {
          if (header && cells->len > 0 && g_array_index (cells, Cell, 0).row < first_row)
            first = 1;

          type = infer_type (cells, first);
          column = sonde_column_new (names[c], type);
          sonde_column_reserve (column, n_rows);

          for (guint i = first; i < cells->len; i++)
            {
              const Cell *cell = &g_array_index (cells, Cell, i);

              for (; next_row < cell->row; next_row++)
                sonde_column_append_missing (column);
              append_cell (column, type, cell);
              next_row++;
            }
          for (; next_row <= r->max_row && n_rows > 0; next_row++)
            sonde_column_append_missing (column);
        }

      g_assert (sonde_column_get_n_rows (column) == n_rows);
      sonde_column_set_source (column, r->display_name);
      sonde_column_shrink (column);
      if (!sonde_table_add_column (table, column, error))
        return NULL;

      if (c % 64 == 0 && g_cancellable_set_error_if_cancelled (r->cancellable, error))
        return NULL;
    }

  return g_steal_pointer (&table);
}

/* ------------------------------------------------------------------ */
/* Entry points                                                         */
/* ------------------------------------------------------------------ */

static gboolean
looks_like_text (const guint8 *data,
                 gsize         len)
{
  gsize n = MIN (len, 4096);

  if (memchr (data, '\0', n) != NULL)
    return FALSE;

  for (gsize i = 0; i < n; i++)
    {
      if (data[i] < 0x20 && data[i] != '\t' && data[i] != '\n' && data[i] != '\r')
        return FALSE;
    }

  return len > 0;
}

/* Checks what the bytes are, then reads the workbook's own parts. */
static gboolean
open_workbook (Read     *r,
               GBytes   *bytes,
               GError  **error)
{
  static const guint8 ole2[] = { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 };
  gsize len = 0;

  r->data = g_bytes_get_data (bytes, &len);
  r->len = len;
  if (r->data == NULL)
    r->data = (const guint8 *) "";
  r->member_limit = MIN (MAX_MEMBER, MAX (MIN_MEMBER, (guint64) len * MEMBER_RATIO));

  if (len >= sizeof ole2 && memcmp (r->data, ole2, sizeof ole2) == 0)
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_PARSE,
                   _("%s is an old Excel file (.xls) or a workbook protected by a password; Sonde reads neither. Open it in your spreadsheet program and save it as an Excel workbook (.xlsx) without a password."),
                   r->display_name);
      return FALSE;
    }

  if (len < 4 || r->data[0] != 'P' || r->data[1] != 'K')
    {
      if (looks_like_text (r->data, len))
        g_set_error (error, SONDE_ERROR, SONDE_ERROR_PARSE,
                     _("%s is not an Excel workbook but a text file. If it holds comma- or semicolon-separated values, import it as CSV."),
                     r->display_name);
      else
        g_set_error (error, SONDE_ERROR, SONDE_ERROR_PARSE,
                     _("%s is not an Excel workbook (.xlsx): it is not a zip archive, which every .xlsx file is. The file may be damaged or of another type."),
                     r->display_name);
      return FALSE;
    }

  return read_workbook (r, error) &&
         read_relationships (r, error) &&
         read_shared_strings (r, error) &&
         read_styles (r, error);
}

static char *
sheet_part_name (Read  *r,
                 guint  index)
{
  const char *rid = g_ptr_array_index (r->sheet_rids, index);
  const char *target = g_hash_table_lookup (r->rel_targets, rid);

  if (target != NULL)
    return g_strdup (target);

  return g_strdup_printf ("xl/worksheets/sheet%u.xml", index + 1);
}

static GStrv
sheet_names (Read *r)
{
  GStrvBuilder *builder = g_strv_builder_new ();
  GStrv names;

  for (guint i = 0; i < r->sheet_names->len; i++)
    g_strv_builder_add (builder, g_ptr_array_index (r->sheet_names, i));
  names = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);

  return names;
}

/**
 * sonde_xlsx_reader_list_sheets_bytes:
 * @bytes: the content of an .xlsx file
 * @display_name: the name to show in messages ("marks.xlsx")
 * @error: return location for a #GError
 *
 * Lists the sheets of a workbook, in the order of its tabs. Only the
 * workbook's small parts are read, not the sheets.
 *
 * Returns: (transfer full) (nullable): the sheet names, or %NULL with
 *   @error set in the %SONDE_ERROR domain.
 */
GStrv
sonde_xlsx_reader_list_sheets_bytes (GBytes      *bytes,
                                     const char  *display_name,
                                     GError     **error)
{
  Read r = { 0 };
  GStrv names = NULL;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (display_name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  xmlInitParser ();
  r.display_name = display_name;
  if (open_workbook (&r, bytes, error))
    names = sheet_names (&r);
  read_clear (&r);

  return names;
}

/**
 * sonde_xlsx_reader_list_sheets:
 * @file: an .xlsx file
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Lists the sheets of the workbook in @file, in the order of its tabs.
 *
 * Returns: (transfer full) (nullable): the sheet names, or %NULL with
 *   @error set (%SONDE_ERROR, %G_IO_ERROR or %G_FILE_ERROR domains).
 */
GStrv
sonde_xlsx_reader_list_sheets (GFile         *file,
                               GCancellable  *cancellable,
                               GError       **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *basename = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  bytes = sonde_reader_load_file (file, 2, cancellable, &basename, NULL, error);
  if (bytes == NULL)
    return NULL;

  return sonde_xlsx_reader_list_sheets_bytes (bytes, basename, error);
}

/**
 * sonde_xlsx_reader_read_bytes:
 * @self: a #SondeXlsxReader
 * @bytes: the content of an .xlsx file
 * @display_name: the name to show in messages and to give the table
 *   ("marks.xlsx")
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Reads the sheet chosen with sonde_xlsx_reader_set_sheet() (the first
 * one by default) from memory. Warnings are then available from @self.
 *
 * Returns: (transfer full) (nullable): the table, or %NULL with @error
 *   set in the %SONDE_ERROR domain (or %G_IO_ERROR_CANCELLED). An
 *   unknown sheet name gives %SONDE_ERROR_INVALID and lists the sheets.
 */
SondeTable *
sonde_xlsx_reader_read_bytes (SondeXlsxReader  *self,
                              GBytes           *bytes,
                              const char       *display_name,
                              GCancellable     *cancellable,
                              GError          **error)
{
  Read r = { 0 };
  g_autofree char *part_name = NULL;
  SondeTable *table = NULL;
  guint index = 0;

  g_return_val_if_fail (SONDE_IS_XLSX_READER (self), NULL);
  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (display_name != NULL, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  xmlInitParser ();
  g_ptr_array_set_size (self->warnings, 0);
  self->detected_header = FALSE;

  r.self = self;
  r.display_name = display_name;
  r.cancellable = cancellable;

  if (self->progress_func != NULL)
    self->progress_func (0.0, self->progress_data);

  if (!open_workbook (&r, bytes, error))
    goto out;

  if (self->sheet != NULL)
    {
      for (index = 0; index < r.sheet_names->len; index++)
        {
          if (strcmp (g_ptr_array_index (r.sheet_names, index), self->sheet) == 0)
            break;
        }
      if (index == r.sheet_names->len)
        {
          g_auto(GStrv) names = sheet_names (&r);
          g_autofree char *list = g_strjoinv ("”, “", names);

          g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                       /* Translators: file name, the sheet asked for, then the list of sheets */
                       _("%s has no sheet named “%s”. Its sheets are: “%s”."),
                       display_name, self->sheet, list);
          goto out;
        }
    }

  r.sheet_name = g_ptr_array_index (r.sheet_names, index);
  part_name = sheet_part_name (&r, index);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    goto out;
  if (self->progress_func != NULL)
    self->progress_func (0.05, self->progress_data);

  if (!read_sheet (&r, part_name, error))
    goto out;

  table = build_table (&r, error);
  if (table != NULL && self->progress_func != NULL)
    self->progress_func (1.0, self->progress_data);

out:
  read_clear (&r);

  return table;
}

/**
 * sonde_xlsx_reader_read_file:
 * @self: a #SondeXlsxReader
 * @file: an .xlsx file
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Reads the chosen sheet of @file. The table is named after the file's
 * base name and its source is the file's path (or URI). This blocks:
 * from a user interface, use sonde_xlsx_reader_read_file_async().
 *
 * Returns: (transfer full) (nullable): the table, or %NULL with @error
 *   set (%SONDE_ERROR, %G_IO_ERROR or %G_FILE_ERROR domains).
 */
SondeTable *
sonde_xlsx_reader_read_file (SondeXlsxReader  *self,
                             GFile            *file,
                             GCancellable     *cancellable,
                             GError          **error)
{
  g_return_val_if_fail (SONDE_IS_XLSX_READER (self), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return sonde_reader_read_file (self, (SondeReadBytesFunc) sonde_xlsx_reader_read_bytes, file, 2,
                                 cancellable, error);
}

/**
 * sonde_xlsx_reader_read_file_async:
 * @self: a #SondeXlsxReader
 * @file: an .xlsx file
 * @cancellable: (nullable): a #GCancellable
 * @callback: called in the thread-default main context of the caller
 *   when the read is done
 * @user_data: data for @callback
 *
 * Reads the chosen sheet of @file in a worker thread, as
 * sonde_xlsx_reader_read_file() does. Do not use @self for anything else
 * until @callback has run; the progress function is called from the
 * worker thread.
 */
void
sonde_xlsx_reader_read_file_async (SondeXlsxReader     *self,
                                   GFile               *file,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (SONDE_IS_XLSX_READER (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  sonde_reader_read_file_async (self, (SondeReadFileFunc) sonde_xlsx_reader_read_file,
                                sonde_xlsx_reader_read_file_async,
                                file, cancellable, callback, user_data);
}

/**
 * sonde_xlsx_reader_read_file_finish:
 * @self: a #SondeXlsxReader
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #GError
 *
 * Completes sonde_xlsx_reader_read_file_async().
 *
 * Returns: (transfer full) (nullable): the table, or %NULL with @error
 *   set.
 */
SondeTable *
sonde_xlsx_reader_read_file_finish (SondeXlsxReader  *self,
                                    GAsyncResult     *result,
                                    GError          **error)
{
  g_return_val_if_fail (SONDE_IS_XLSX_READER (self), NULL);

  return sonde_reader_read_file_finish (self, result, sonde_xlsx_reader_read_file_async, error);
}

/* ------------------------------------------------------------------ */
/* Settings and results                                                 */
/* ------------------------------------------------------------------ */

/**
 * sonde_xlsx_reader_get_sheet:
 * @self: a #SondeXlsxReader
 *
 * Returns: (transfer none) (nullable): the name of the sheet to read, or
 *   %NULL for the first one.
 */
const char *
sonde_xlsx_reader_get_sheet (SondeXlsxReader *self)
{
  g_return_val_if_fail (SONDE_IS_XLSX_READER (self), NULL);

  return self->sheet;
}

/**
 * sonde_xlsx_reader_set_sheet:
 * @self: a #SondeXlsxReader
 * @name: (nullable): the name of a sheet, as shown on its tab, or %NULL
 *   for the first sheet
 *
 * Chooses the sheet to read. sonde_xlsx_reader_list_sheets() gives the
 * names.
 */
void
sonde_xlsx_reader_set_sheet (SondeXlsxReader *self,
                             const char      *name)
{
  g_return_if_fail (SONDE_IS_XLSX_READER (self));

  if (g_strcmp0 (self->sheet, name) != 0)
    {
      g_free (self->sheet);
      self->sheet = g_strdup (name);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHEET]);
    }
}

/**
 * sonde_xlsx_reader_set_progress_func:
 * @self: a #SondeXlsxReader
 * @func: (nullable): a #SondeProgressFunc, or %NULL
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data when replaced or when @self is
 *   finalized
 *
 * Sets a function called with the fraction read, from 0.0 to 1.0, from
 * the thread doing the read (see #SondeProgressFunc).
 */
void
sonde_xlsx_reader_set_progress_func (SondeXlsxReader   *self,
                                     SondeProgressFunc  func,
                                     gpointer           user_data,
                                     GDestroyNotify     destroy)
{
  g_return_if_fail (SONDE_IS_XLSX_READER (self));

  if (self->progress_destroy != NULL)
    self->progress_destroy (self->progress_data);

  self->progress_func = func;
  self->progress_data = user_data;
  self->progress_destroy = destroy;
}

/**
 * sonde_xlsx_reader_get_warnings:
 * @self: a #SondeXlsxReader
 *
 * Gets what the last read fixed or guessed: renamed columns, error cells,
 * impossible dates. At most 1000 warnings are kept.
 *
 * Returns: (transfer none) (element-type SondeXlsxWarning): the warnings
 *   of the last read, valid until the next one.
 */
GPtrArray *
sonde_xlsx_reader_get_warnings (SondeXlsxReader *self)
{
  g_return_val_if_fail (SONDE_IS_XLSX_READER (self), NULL);

  return self->warnings;
}

/**
 * sonde_xlsx_reader_get_detected_header:
 * @self: a #SondeXlsxReader
 *
 * Returns: whether the last read took the first row as a header.
 */
gboolean
sonde_xlsx_reader_get_detected_header (SondeXlsxReader *self)
{
  g_return_val_if_fail (SONDE_IS_XLSX_READER (self), FALSE);

  return self->detected_header;
}

/* ------------------------------------------------------------------ */
/* GObject                                                              */
/* ------------------------------------------------------------------ */

static void
sonde_xlsx_reader_finalize (GObject *object)
{
  SondeXlsxReader *self = (SondeXlsxReader *)object;

  if (self->progress_destroy != NULL)
    self->progress_destroy (self->progress_data);

  g_clear_pointer (&self->sheet, g_free);
  g_clear_pointer (&self->warnings, g_ptr_array_unref);

  G_OBJECT_CLASS (sonde_xlsx_reader_parent_class)->finalize (object);
}

static void
sonde_xlsx_reader_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  SondeXlsxReader *self = SONDE_XLSX_READER (object);

  switch (prop_id)
    {
    case PROP_SHEET:
      g_value_set_string (value, self->sheet);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sonde_xlsx_reader_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  SondeXlsxReader *self = SONDE_XLSX_READER (object);

  switch (prop_id)
    {
    case PROP_SHEET:
      sonde_xlsx_reader_set_sheet (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sonde_xlsx_reader_class_init (SondeXlsxReaderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sonde_xlsx_reader_finalize;
  object_class->get_property = sonde_xlsx_reader_get_property;
  object_class->set_property = sonde_xlsx_reader_set_property;

  /**
   * SondeXlsxReader:sheet:
   *
   * The name of the sheet to read, or %NULL for the first one.
   */
  properties[PROP_SHEET] =
    g_param_spec_string ("sheet", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Once, before any worker thread parses. */
  xmlInitParser ();
}

static void
sonde_xlsx_reader_init (SondeXlsxReader *self)
{
  self->warnings = g_ptr_array_new_with_free_func ((GDestroyNotify) sonde_xlsx_warning_free);
}

/**
 * sonde_xlsx_reader_new:
 *
 * Creates a reader of Excel workbooks that reads the first sheet.
 *
 * Returns: (transfer full): a new #SondeXlsxReader
 */
SondeXlsxReader *
sonde_xlsx_reader_new (void)
{
  return g_object_new (SONDE_TYPE_XLSX_READER, NULL);
}
