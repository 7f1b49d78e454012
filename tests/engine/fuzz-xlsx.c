/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fuzz-xlsx"

/* libFuzzer target for SondeXlsxReader: every input must give a table or
 * a GError, without crash, leak, hang or unbounded memory. Each input is
 * listed, then read twice: the first sheet, and the sheet named "Notes"
 * (which the seed types.xlsx has), so that both the default and the
 * by-name paths are reached. The seeds are the workbooks of
 * fixtures/xlsx/. Mutations of deflated, CRC-checked data mostly break
 * the zip, so an input that starts with '<' is instead taken as the XML
 * of a sheet and packed, with a fixed workbook, styles and shared
 * strings, into a fresh zip by libarchive: that is how the sheet parser
 * (cell references, types, dates, gaps, limits) gets fuzzed in depth.
 * The fixtures' sheet-*.xml files seed that mode.
 * Built with clang only (see tests/engine/meson.build).
 */

#include "config.h"

#include <stddef.h>
#include <stdint.h>

#include <archive.h>
#include <archive_entry.h>

#include "sonde-engine.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

static void
read_once (GBytes     *bytes,
           const char *sheet)
{
  g_autoptr(SondeXlsxReader) reader = sonde_xlsx_reader_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SondeTable) table = NULL;

  sonde_xlsx_reader_set_sheet (reader, sheet);
  table = sonde_xlsx_reader_read_bytes (reader, bytes, "fuzz.xlsx", NULL, &error);
  if (table == NULL && error == NULL)
    __builtin_trap ();
  if (table != NULL)
    {
      /* Touch every value, as the grid would. */
      for (guint c = 0; c < sonde_table_get_n_columns (table); c++)
        {
          SondeColumn *col = sonde_table_get_column (table, c);

          for (guint r = 0; r < sonde_table_get_n_rows (table); r++)
            g_free (sonde_column_format_value (col, r));
        }
    }
}

static const char workbook[] =
  "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
  "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
  "<sheets><sheet name=\"Notes\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
static const char rels[] =
  "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
  "<Relationship Id=\"rId1\" Target=\"worksheets/sheet1.xml\"/></Relationships>";
static const char styles[] =
  "<styleSheet><numFmts><numFmt numFmtId=\"164\" formatCode=\"dd/mm/yyyy\"/></numFmts>"
  "<cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/><xf numFmtId=\"22\"/><xf numFmtId=\"164\"/></cellXfs></styleSheet>";
static const char strings[] =
  "<sst><si><t>name</t></si><si><t>Lyon</t></si><si><r><t>a</t></r><r><t>b</t></r></si></sst>";

static void
add_member (struct archive *a,
            const char     *name,
            const void     *data,
            size_t          size)
{
  struct archive_entry *entry = archive_entry_new ();

  archive_entry_set_pathname (entry, name);
  archive_entry_set_size (entry, (la_int64_t) size);
  archive_entry_set_filetype (entry, AE_IFREG);
  archive_entry_set_perm (entry, 0644);
  archive_write_header (a, entry);
  archive_write_data (a, data, size);
  archive_entry_free (entry);
}

/* A workbook whose only sheet is @data. */
static GBytes *
wrap_sheet (const uint8_t *data,
            size_t         size)
{
  gsize capacity = size + 64 * 1024;
  guint8 *buffer = g_malloc (capacity);
  size_t used = 0;
  struct archive *a = archive_write_new ();

  archive_write_set_format_zip (a);
  archive_write_open_memory (a, buffer, capacity, &used);
  add_member (a, "xl/workbook.xml", workbook, sizeof workbook - 1);
  add_member (a, "xl/_rels/workbook.xml.rels", rels, sizeof rels - 1);
  add_member (a, "xl/styles.xml", styles, sizeof styles - 1);
  add_member (a, "xl/sharedStrings.xml", strings, sizeof strings - 1);
  add_member (a, "xl/worksheets/sheet1.xml", data, size);
  archive_write_close (a);
  archive_write_free (a);

  return g_bytes_new_take (buffer, used);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = size > 0 && data[0] == '<' ? wrap_sheet (data, size) : g_bytes_new (data, size);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = NULL;

  names = sonde_xlsx_reader_list_sheets_bytes (bytes, "fuzz.xlsx", &error);
  if (names == NULL && error == NULL)
    __builtin_trap ();

  read_once (bytes, NULL);
  read_once (bytes, "Notes");

  return 0;
}
