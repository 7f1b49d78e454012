/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-csv-reader"

/* Tests of SondeCsvReader over the small files in fixtures/: one table of
 * shapes and inferred types for the files that must read, one table of
 * errors for those that must not, then tests of single behaviours
 * (ragged rows, options, progress, cancellation, the async API, and
 * random bytes that must never crash the reader).
 */

#include "config.h"

#include <string.h>

#include "sonde-engine.h"
#include "test-util.h"
#include "sonde-csv-reader-private.h"
#include "sonde-column-private.h"

static char *
fixture_path (const char *name)
{
  return g_build_filename (FIXTURES_DIR, name, NULL);
}

static SondeTable *
read_fixture (SondeCsvReader  *reader,
              const char      *name,
              GError         **error)
{
  g_autofree char *path = fixture_path (name);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  return sonde_csv_reader_read_file (reader, file, NULL, error);
}

static SondeTable *
read_string (SondeCsvReader  *reader,
             const char      *text,
             GError         **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));

  return sonde_csv_reader_read_bytes (reader, bytes, "test.csv", NULL, error);
}

static char *
cell (SondeTable *table,
      const char *column,
      guint       row)
{
  SondeColumn *col = sonde_table_find_column (table, column);

  g_assert_nonnull (col);
  return sonde_column_format_value (col, row);
}

typedef struct
{
  const char *path;
  const char *fixture;
  guint       n_rows;
  char        delimiter;
  gboolean    header;
  const char *encoding;
  const char *names;
  const char *types;
} ReadCase;

static const ReadCase read_cases[] = {
  { "/engine/csv/quoted-newline", "quoted-newline.csv", 2, ',', TRUE, "UTF-8", "name,comment", "text,text" },
  { "/engine/csv/doubled-quotes", "doubled-quotes.csv", 3, ',', TRUE, "UTF-8", "id,quote", "integer,text" },
  { "/engine/csv/semicolon-decimal-comma", "semicolon-decimal-comma.csv", 4, ';', TRUE, "UTF-8", "ville,temperature,population", "text,real,integer" },
  { "/engine/csv/windows-1252", "windows-1252.csv", 3, ',', TRUE, "WINDOWS-1252", "nom,ville", "text,text" },
  { "/engine/csv/utf8-bom", "utf8-bom.csv", 2, ',', TRUE, "UTF-8", "id,name", "integer,text" },
  { "/engine/csv/utf16le-bom", "utf16le-bom.csv", 2, ',', TRUE, "UTF-16LE", "id,name", "integer,text" },
  { "/engine/csv/utf16be-bom", "utf16be-bom.csv", 2, ',', TRUE, "UTF-16BE", "id,name", "integer,text" },
  { "/engine/csv/french-dates", "french-dates.csv", 3, ';', TRUE, "UTF-8", "date,montant,horodatage", "date,real,datetime" },
  { "/engine/csv/iso-dates", "iso-dates.csv", 3, ',', TRUE, "UTF-8", "day,when", "date,datetime" },
  { "/engine/csv/duplicate-headers", "duplicate-headers.csv", 2, ',', TRUE, "UTF-8", "age,column_2,age_2,name,column_5", "integer,integer,integer,text,text" },
  { "/engine/csv/header-only", "header-only.csv", 0, ',', TRUE, "UTF-8", "a,b,c", "text,text,text" },
  { "/engine/csv/missing-markers", "missing-markers.csv", 6, ',', TRUE, "UTF-8", "x,y", "integer,text" },
  { "/engine/csv/crlf", "crlf.csv", 3, ',', TRUE, "UTF-8", "a,b", "integer,text" },
  { "/engine/csv/tabs", "tabs.tsv", 3, '\t', TRUE, "UTF-8", "name,score,passed", "text,real,boolean" },
  { "/engine/csv/pipes", "pipes.csv", 2, '|', TRUE, "UTF-8", "a,b,c", "integer,integer,integer" },
  { "/engine/csv/categorical", "categorical.csv", 8, ',', TRUE, "UTF-8", "id,sex,town,admitted,note", "integer,categorical,categorical,boolean,text" },
  { "/engine/csv/no-header", "no-header.csv", 2, ',', FALSE, "UTF-8", "column_1,column_2,column_3", "integer,integer,integer" },
  { "/engine/csv/leading-zeros", "leading-zeros.csv", 2, ',', TRUE, "UTF-8", "code,name", "text,text" },
};

static void
test_read_case (gconstpointer data)
{
  const ReadCase *rc = data;
  g_autoptr(SondeCsvReader) reader = sonde_csv_reader_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SondeTable) table = NULL;
  g_autofree char *names = NULL;
  g_autofree char *types = NULL;

  table = read_fixture (reader, rc->fixture, &error);
  g_assert_no_error (error);
  g_assert_nonnull (table);

  names = sonde_test_describe (table, FALSE);
  types = sonde_test_describe (table, TRUE);
  g_assert_cmpstr (names, ==, rc->names);
  g_assert_cmpstr (types, ==, rc->types);
  g_assert_cmpuint (sonde_table_get_n_rows (table), ==, rc->n_rows);
  g_assert_cmpint (sonde_csv_reader_get_detected_delimiter (reader), ==, rc->delimiter);
  g_assert_cmpint (sonde_csv_reader_get_detected_header (reader), ==, rc->header);
  g_assert_cmpstr (sonde_csv_reader_get_detected_encoding (reader), ==, rc->encoding);
  g_assert_cmpstr (sonde_table_get_name (table), ==, rc->fixture);
  g_assert_true (g_str_has_suffix (sonde_table_get_source (table), rc->fixture));

  g_assert_finalize_object (g_steal_pointer (&table));
}

/* Expected values, cell by cell, as formatted by the column. */
typedef struct
{
  const char *fixture;
  const char *column;
  guint       row;
  const char *value;   /* NULL: missing */
} CellCase;

static const CellCase cell_cases[] = {
  { "quoted-newline.csv", "comment", 0, "line one\nline two" },
  { "quoted-newline.csv", "name", 1, "Bob" },
  { "doubled-quotes.csv", "quote", 0, "She said \"hi\"" },
  { "doubled-quotes.csv", "quote", 1, "a,b" },
  { "doubled-quotes.csv", "quote", 2, "\"" },
  { "semicolon-decimal-comma.csv", "temperature", 0, "12.5" },
  { "semicolon-decimal-comma.csv", "temperature", 1, "14.25" },
  { "semicolon-decimal-comma.csv", "temperature", 2, "-3" },
  { "semicolon-decimal-comma.csv", "population", 0, "2100000" },
  { "windows-1252.csv", "nom", 0, "René" },
  { "windows-1252.csv", "ville", 0, "Orléans" },
  { "windows-1252.csv", "nom", 1, "€uro" },
  { "windows-1252.csv", "nom", 2, "œuvre" },
  { "windows-1252.csv", "ville", 2, "\xc2\x81x" },
  { "utf8-bom.csv", "id", 0, "1" },
  { "utf8-bom.csv", "name", 0, "Zoé" },
  { "utf16le-bom.csv", "name", 1, "Anaïs" },
  { "utf16be-bom.csv", "name", 0, "Zoé" },
  { "french-dates.csv", "date", 0, "2024-12-31" },
  { "french-dates.csv", "date", 2, "2024-02-29" },
  { "french-dates.csv", "montant", 2, "-1.25" },
  { "french-dates.csv", "horodatage", 0, "2024-12-31T23:59:00Z" },
  { "french-dates.csv", "horodatage", 1, "2025-01-01T00:00:30Z" },
  { "iso-dates.csv", "when", 0, "2024-12-31T23:59:59Z" },
  { "iso-dates.csv", "when", 1, "2025-01-01T00:00:00Z" },
  { "iso-dates.csv", "when", 2, "2000-02-29T12:00:00.250000Z" },
  { "duplicate-headers.csv", "age_2", 1, "6" },
  { "duplicate-headers.csv", "column_5", 0, "y" },
  { "missing-markers.csv", "x", 0, "1" },
  { "missing-markers.csv", "x", 2, NULL },
  { "missing-markers.csv", "x", 3, NULL },
  { "missing-markers.csv", "x", 4, NULL },
  { "missing-markers.csv", "y", 0, NULL },
  { "missing-markers.csv", "y", 1, NULL },
  { "missing-markers.csv", "y", 3, NULL },
  { "missing-markers.csv", "y", 5, "NA" },
  { "crlf.csv", "b", 1, "y\r\nz" },
  { "crlf.csv", "b", 2, "w" },
  { "tabs.tsv", "passed", 2, "true" },
  { "tabs.tsv", "passed", 1, "false" },
  { "categorical.csv", "town", 1, "Lyon" },
  { "categorical.csv", "admitted", 4, "true" },
  { "no-header.csv", "column_1", 0, "1" },
  { "leading-zeros.csv", "code", 0, "01500" },
};

static void
test_cells (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (cell_cases); i++)
    {
      const CellCase *cc = &cell_cases[i];
      g_autoptr(SondeCsvReader) reader = sonde_csv_reader_new ();
      g_autoptr(GError) error = NULL;
      g_autoptr(SondeTable) table = read_fixture (reader, cc->fixture, &error);
      g_autofree char *value = NULL;

      g_assert_no_error (error);
      value = cell (table, cc->column, cc->row);
      g_test_message ("%s, %s, row %u", cc->fixture, cc->column, cc->row);
      g_assert_cmpstr (value, ==, cc->value);
    }
}

typedef struct
{
  const char *path;
  const char *fixture;
  int         code;
  const char *message;   /* a part of the message */
} ErrorCase;

static const ErrorCase error_cases[] = {
  { "/engine/csv/error/empty", "empty.csv", SONDE_ERROR_EMPTY,
    "empty.csv is empty" },
  { "/engine/csv/error/binary-garbage", "binary-garbage.bin", SONDE_ERROR_ENCODING,
    "binary-garbage.bin does not look like a text file" },
  { "/engine/csv/error/truncated-quote", "truncated-quote.csv", SONDE_ERROR_PARSE,
    "truncated-quote.csv, line 3, column 1: a quoted field is never closed (it starts with “\"Lyon,FR”)" },
  { "/engine/csv/error/text-after-quote", "text-after-quote.csv", SONDE_ERROR_PARSE,
    "text-after-quote.csv, line 2, column 1: “y” comes after the closing quote" },
  { "/engine/csv/error/ragged-stop", "ragged.csv", SONDE_ERROR_RAGGED,
    "ragged.csv, line 3: this row has 2 fields but the first row has 3" },
};

static void
test_error_case (gconstpointer data)
{
  const ErrorCase *ec = data;
  g_autoptr(SondeCsvReader) reader = sonde_csv_reader_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SondeTable) table = read_fixture (reader, ec->fixture, &error);

  g_assert_null (table);
  g_assert_error (error, SONDE_ERROR, ec->code);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, ec->message));
}

static void
test_missing_file (void)
{
  g_autoptr(SondeCsvReader) reader = sonde_csv_reader_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SondeTable) table = read_fixture (reader, "does-not-exist.csv", &error);

  g_assert_null (table);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
}

static void
test_ragged_pad (void)
{
  g_autoptr(SondeCsvReader) reader = sonde_csv_reader_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SondeTable) table = NULL;
  GPtrArray *warnings;
  const SondeCsvWarning *w;
  g_autofree char *c1 = NULL;
  g_autofree char *c2 = NULL;

  sonde_csv_reader_set_ragged (reader, SONDE_CSV_RAGGED_PAD);
  table = read_fixture (reader, "ragged.csv", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sonde_table_get_n_rows (table), ==, 4);
  g_assert_cmpuint (sonde_csv_reader_get_n_ragged_rows (reader), ==, 2);

  warnings = sonde_csv_reader_get_warnings (reader);
  g_assert_cmpuint (warnings->len, ==, 2);
  w = g_ptr_array_index (warnings, 0);
  g_assert_cmpint (w->kind, ==, SONDE_CSV_WARNING_RAGGED_ROW);
  g_assert_cmpuint (w->line, ==, 3);
  g_assert_cmpuint (w->expected_fields, ==, 3);
  g_assert_cmpuint (w->actual_fields, ==, 2);
  g_assert_cmpstr (w->message, ==, "ragged.csv, line 3: 2 fields instead of 3; missing values were added.");
  w = g_ptr_array_index (warnings, 1);
  g_assert_cmpuint (w->line, ==, 4);
  g_assert_cmpuint (w->actual_fields, ==, 4);

  c1 = cell (table, "c", 1);
  c2 = cell (table, "c", 2);
  g_assert_null (c1);
  g_assert_cmpstr (c2, ==, "8");
}

static void
test_ragged_skip (void)
{
  g_autoptr(SondeCsvReader) reader = sonde_csv_reader_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SondeTable) table = NULL;
  g_autofree char *a1 = NULL;

  sonde_csv_reader_set_ragged (reader, SONDE_CSV_RAGGED_SKIP);
  table = read_fixture (reader, "ragged.csv", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sonde_table_get_n_rows (table), ==, 2);
  g_assert_cmpuint (sonde_csv_reader_get_n_ragged_rows (reader), ==, 2);
  a1 = cell (table, "a", 1);
  g_assert_cmpstr (a1, ==, "10");
  g_assert_cmpuint (sonde_column_get_n_missing (sonde_table_find_column (table, "c")), ==, 0);
}

static void
test_renamed_warnings (void)
{
  g_autoptr(SondeCsvReader) reader = sonde_csv_reader_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SondeTable) table = read_fixture (reader, "duplicate-headers.csv", &error);
  GPtrArray *warnings = sonde_csv_reader_get_warnings (reader);
  const SondeCsvWarning *w;

  g_assert_no_error (error);
  g_assert_cmpuint (sonde_table_get_n_columns (table), ==, 5);
  g_assert_cmpuint (warnings->len, ==, 3);
  w = g_ptr_array_index (warnings, 0);
  g_assert_cmpint (w->kind, ==, SONDE_CSV_WARNING_RENAMED_COLUMN);
  g_assert_cmpstr (w->message, ==, "duplicate-headers.csv, line 1: columns 1 and 3 are both named “age”; column 3 was renamed “age_2”.");
  w = g_ptr_array_index (warnings, 1);
  g_assert_cmpuint (w->column, ==, 2);
  g_assert_cmpstr (w->message, ==, "duplicate-headers.csv, line 1: column 2 has no name; it was named “column_2”.");
}

static void
test_encoding_warning (void)
{
  g_autoptr(SondeCsvReader) reader = sonde_csv_reader_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SondeTable) table = read_fixture (reader, "windows-1252.csv", &error);
  GPtrArray *warnings = sonde_csv_reader_get_warnings (reader);

  g_assert_no_error (error);
  g_assert_cmpuint (sonde_table_get_n_rows (table), ==, 3);
  g_assert_cmpuint (warnings->len, ==, 1);
  g_assert_cmpint (((SondeCsvWarning *) g_ptr_array_index (warnings, 0))->kind, ==, SONDE_CSV_WARNING_ENCODING);
}

static void
test_explicit_encoding (void)
{
  g_autoptr(SondeCsvReader) reader = sonde_csv_reader_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SondeTable) table = NULL;
  g_autofree char *v = NULL;

  /* Told UTF-8, a Windows-1252 file is an error that says where. */
  sonde_csv_reader_set_encoding (reader, "UTF-8");
  table = read_fixture (reader, "windows-1252.csv", &error);
  g_assert_null (table);
  g_assert_error (error, SONDE_ERROR, SONDE_ERROR_ENCODING);
  g_assert_nonnull (strstr (error->message, "windows-1252.csv, line 2, character 4: the byte 0xE9 is not valid UTF-8"));
  g_clear_error (&error);

  /* Latin-1 proper maps 0x80 to U+0080, not to the euro sign. */
  sonde_csv_reader_set_encoding (reader, "ISO-8859-1");
  table = read_fixture (reader, "windows-1252.csv", &error);
  g_assert_no_error (error);
  v = cell (table, "nom", 1);
  g_assert_cmpstr (v, ==, "\xc2\x80uro");
  g_clear_object (&table);

  sonde_csv_reader_set_encoding (reader, "NO-SUCH-ENCODING");
  table = read_fixture (reader, "windows-1252.csv", &error);
  g_assert_null (table);
  g_assert_error (error, SONDE_ERROR, SONDE_ERROR_ENCODING);
  g_assert_nonnull (strstr (error->message, "“NO-SUCH-ENCODING” is not known"));
}

static void
test_column_types (void)
{
  g_autoptr(SondeCsvReader) reader = sonde_csv_reader_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SondeTable) table = NULL;
  g_autofree char *types = NULL;
  GPtrArray *warnings;

  sonde_csv_reader_set_column_type (reader, "id", SONDE_COLUMN_TYPE_REAL);
  sonde_csv_reader_set_column_type (reader, "sex", SONDE_COLUMN_TYPE_TEXT);
  sonde_csv_reader_set_column_type (reader, "note", SONDE_COLUMN_TYPE_CATEGORICAL);
  sonde_csv_reader_set_column_type (reader, "nothere", SONDE_COLUMN_TYPE_DATE);
  table = read_fixture (reader, "categorical.csv", &error);
  g_assert_no_error (error);
  types = sonde_test_describe (table, TRUE);
  g_assert_cmpstr (types, ==, "real,text,categorical,boolean,categorical");
  g_assert_cmpuint (sonde_column_get_n_categories (sonde_table_find_column (table, "note")), ==, 8);

  warnings = sonde_csv_reader_get_warnings (reader);
  g_assert_cmpuint (warnings->len, ==, 1);
  g_assert_cmpint (((SondeCsvWarning *) g_ptr_array_index (warnings, 0))->kind, ==, SONDE_CSV_WARNING_UNKNOWN_COLUMN);
  g_clear_object (&table);

  /* A value that does not fit the type asked for is an error. */
  sonde_csv_reader_clear_column_types (reader);
  sonde_csv_reader_set_column_type (reader, "note", SONDE_COLUMN_TYPE_INTEGER);
  table = read_fixture (reader, "categorical.csv", &error);
  g_assert_null (table);
  g_assert_error (error, SONDE_ERROR, SONDE_ERROR_PARSE);
  g_assert_cmpstr (error->message, ==, "categorical.csv, line 2, column 5 (“note”): the value “ok” cannot be read as “integer”, the type chosen for this column.");
}

static void
test_options (void)
{
  g_autoptr(SondeCsvReader) reader = sonde_csv_reader_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SondeTable) table = NULL;
  g_autofree char *types = NULL;
  g_autofree char *v = NULL;
  const char * const markers[] = { "", "manquant", NULL };

  /* Forcing '.' as decimal mark makes "12,5" text. */
  sonde_csv_reader_set_decimal_mark (reader, '.');
  table = read_fixture (reader, "semicolon-decimal-comma.csv", &error);
  g_assert_no_error (error);
  types = sonde_test_describe (table, TRUE);
  g_assert_cmpstr (types, ==, "text,text,integer");
  g_clear_object (&table);
  g_clear_pointer (&types, g_free);

  /* Thousands separators, with a decimal comma. */
  sonde_csv_reader_set_decimal_mark (reader, ',');
  sonde_csv_reader_set_thousands_separator (reader, ' ');
  table = read_string (reader, "n;v\n1 234;1 234,5\n-12;3\n", &error);
  g_assert_no_error (error);
  types = sonde_test_describe (table, TRUE);
  g_assert_cmpstr (types, ==, "integer,real");
  v = cell (table, "n", 0);
  g_assert_cmpstr (v, ==, "1234");
  g_clear_pointer (&v, g_free);
  v = cell (table, "v", 0);
  g_assert_cmpstr (v, ==, "1234.5");
  g_clear_pointer (&v, g_free);
  g_clear_object (&table);
  g_clear_pointer (&types, g_free);

  /* Own missing markers: NA is a value now, "manquant" is missing. */
  sonde_csv_reader_set_decimal_mark (reader, 0);
  sonde_csv_reader_set_thousands_separator (reader, 0);
  sonde_csv_reader_set_missing_markers (reader, markers);
  table = read_string (reader, "a,b\n1,NA\nmanquant,x\n", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sonde_column_get_n_missing (sonde_table_find_column (table, "a")), ==, 1);
  v = cell (table, "b", 0);
  g_assert_cmpstr (v, ==, "NA");
  g_clear_pointer (&v, g_free);
  g_clear_object (&table);

  /* Header forced on a file that looks headless, and a set delimiter. */
  sonde_csv_reader_set_missing_markers (reader, NULL);
  sonde_csv_reader_set_header (reader, SONDE_CSV_HEADER_YES);
  sonde_csv_reader_set_delimiter (reader, ';');
  table = read_fixture (reader, "no-header.csv", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sonde_table_get_n_columns (table), ==, 1);
  g_assert_cmpstr (sonde_column_get_name (sonde_table_get_column (table, 0)), ==, "1,2,3");
  g_assert_cmpuint (sonde_table_get_n_rows (table), ==, 1);
  g_clear_object (&table);

  /* No date formats: dates stay text. */
  sonde_csv_reader_set_header (reader, SONDE_CSV_HEADER_AUTO);
  sonde_csv_reader_set_delimiter (reader, 0);
  sonde_csv_reader_set_date_formats (reader, 0);
  table = read_fixture (reader, "iso-dates.csv", &error);
  g_assert_no_error (error);
  types = sonde_test_describe (table, TRUE);
  g_assert_cmpstr (types, ==, "text,text");
}

static void
test_inference_rules (void)
{
  /* Input, then the inferred type of its single column "v". */
  static const struct { const char *text; const char *type; } cases[] = {
    { "v\n0\n1\n1\n0\n", "integer" },
    { "v\n1\n2.5\n", "real" },
    { "v\n1e3\n-2.5E-2\n", "real" },
    { "v\n9223372036854775807\n-9223372036854775808\n", "integer" },
    { "v\n9223372036854775808\n", "real" },
    { "v\nyes\nNo\nYES\nno\n", "boolean" },
    { "v\nvrai\nfaux\n", "boolean" },
    { "v\n2024-02-30\n2023-02-29\n", "text" },
    { "v\n2024-12-31\n31/12/2024\n", "date" },
    { "v\n2024-12-31\n2024-12-31T10:00\n", "datetime" },
    { "v\n1.\n2.\n", "text" },
    { "v\ninf\nnan\n", "text" },
    { "v\n0x10\n0x20\n", "text" },
    { "v\nNA\n-\n", "text" },
    { "v\na\na\na\nb\nb\nb\na\nb\n", "categorical" },
    { "v\na\nb\nc\nd\n", "text" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SondeCsvReader) reader = sonde_csv_reader_new ();
      g_autoptr(GError) error = NULL;
      g_autoptr(SondeTable) table = read_string (reader, cases[i].text, &error);
      g_autofree char *types = NULL;

      g_assert_no_error (error);
      types = sonde_test_describe (table, TRUE);
      g_test_message ("case %u", i);
      g_assert_cmpstr (types, ==, cases[i].type);
    }
}

static void
test_wide (void)
{
  g_autoptr(SondeCsvReader) reader = sonde_csv_reader_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SondeTable) table = NULL;
  GString *text = g_string_new (NULL);

  /* More columns than accepted: refused, not allocated. */
  for (guint i = 0; i < 100001; i++)
    g_string_append (text, "a,");
  g_string_append (text, "a\n");
  table = read_string (reader, text->str, &error);
  g_assert_null (table);
  g_assert_error (error, SONDE_ERROR, SONDE_ERROR_TOO_LARGE);
  g_clear_error (&error);

  /* A row of a million fields after a short header: ragged, reported
   * with its real count. */
  g_string_assign (text, "a,b\n1,2\n");
  for (guint i = 0; i < 1000000; i++)
    g_string_append_c (text, ',');
  g_string_append_c (text, '\n');
  sonde_csv_reader_set_delimiter (reader, ',');
  table = read_string (reader, text->str, &error);
  g_assert_null (table);
  g_assert_error (error, SONDE_ERROR, SONDE_ERROR_RAGGED);
  g_assert_nonnull (strstr (error->message, "line 3: this row has 1000001 fields"));
  g_string_free (text, TRUE);
}

typedef struct
{
  guint  calls;
  double last;
  gboolean monotonic;
} Progress;

static void
progress_cb (double   fraction,
             gpointer user_data)
{
  Progress *progress = user_data;

  if (fraction < progress->last)
    progress->monotonic = FALSE;
  progress->last = fraction;
  progress->calls++;
}

static GBytes *
make_big_csv (guint rows)
{
  GString *text = g_string_new ("id,value,town\n");

  for (guint i = 0; i < rows; i++)
    g_string_append_printf (text, "%u,%u.5,%s\n", i, i % 1000, i % 3 ? "Paris" : "Lyon");

  return g_string_free_to_bytes (text);
}

static void
test_progress (void)
{
  g_autoptr(SondeCsvReader) reader = sonde_csv_reader_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SondeTable) table = NULL;
  g_autoptr(GBytes) bytes = make_big_csv (200000);
  Progress progress = { 0, 0.0, TRUE };

  sonde_csv_reader_set_progress_func (reader, progress_cb, &progress, NULL);
  table = sonde_csv_reader_read_bytes (reader, bytes, "big.csv", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sonde_table_get_n_rows (table), ==, 200000);
  g_assert_true (progress.monotonic);
  g_assert_cmpfloat (progress.last, ==, 1.0);
  g_assert_cmpuint (progress.calls, >=, 10);
  g_assert_cmpuint (progress.calls, <=, 105);
  g_assert_cmpint (sonde_column_get_column_type (sonde_table_find_column (table, "town")), ==, SONDE_COLUMN_TYPE_CATEGORICAL);

  /* The memory goal: at most 1.3 times the typed data, here 8 bytes an
   * integer, 8 a real and 4 a dictionary code per row. */
  g_assert_cmpuint (sonde_table_get_memory_size (table), <=, 1.3 * 200000 * (8 + 8 + 4));
}

static void
cancel_at_half (double   fraction,
                gpointer user_data)
{
  if (fraction >= 0.5)
    g_cancellable_cancel (user_data);
}

static void
test_cancel (void)
{
  g_autoptr(SondeCsvReader) reader = sonde_csv_reader_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SondeTable) table = NULL;
  g_autoptr(GBytes) bytes = make_big_csv (100000);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();

  sonde_csv_reader_set_progress_func (reader, cancel_at_half, cancellable, NULL);
  table = sonde_csv_reader_read_bytes (reader, bytes, "big.csv", cancellable, &error);
  g_assert_null (table);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
read_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  SondeTable **table = user_data;
  g_autoptr(GError) error = NULL;

  *table = sonde_csv_reader_read_file_finish (SONDE_CSV_READER (object), result, &error);
  g_assert_no_error (error);
}

static void
test_async (void)
{
  g_autoptr(SondeCsvReader) reader = sonde_csv_reader_new ();
  g_autofree char *path = fixture_path ("french-dates.csv");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  SondeTable *table = NULL;

  sonde_csv_reader_read_file_async (reader, file, NULL, read_done_cb, &table);
  while (table == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpuint (sonde_table_get_n_rows (table), ==, 3);
  g_assert_finalize_object (table);
}

static void
test_random_bytes (void)
{
  GRand *rand = g_rand_new_with_seed (4180);
  static const char alphabet[] = "a1,;\t|\"\r\n .-/:NA\xc3\xa9\xff";

  /* Random short inputs over an alphabet of CSV-significant bytes: any
   * result is fine as long as it is a table or a SONDE_ERROR. */
  for (guint i = 0; i < 3000; i++)
    {
      g_autoptr(SondeCsvReader) reader = sonde_csv_reader_new ();
      g_autoptr(GError) error = NULL;
      g_autoptr(SondeTable) table = NULL;
      g_autoptr(GBytes) bytes = NULL;
      guint len = g_rand_int_range (rand, 0, 64);
      char *buf = g_malloc (len + 1);

      for (guint j = 0; j < len; j++)
        buf[j] = alphabet[g_rand_int_range (rand, 0, sizeof alphabet - 1)];
      bytes = g_bytes_new_take (buf, len);

      sonde_csv_reader_set_ragged (reader, (SondeCsvRagged) (i % 3));
      table = sonde_csv_reader_read_bytes (reader, bytes, "random.csv", NULL, &error);
      if (table == NULL)
        g_assert_true (error != NULL && error->domain == SONDE_ERROR);
      else
        g_assert_no_error (error);
    }

  g_rand_free (rand);
}


/* ------------------------------------------------------------------ */
/* Parallel reading: the same table, warnings and errors as one thread  */
/* ------------------------------------------------------------------ */

typedef void (*ReaderSetup) (SondeCsvReader *reader);

static void
assert_same_column (SondeColumn *a,
                    SondeColumn *b)
{
  guint n = sonde_column_get_n_rows (a);
  SondeColumnType type = sonde_column_get_column_type (a);

  g_assert_cmpstr (sonde_column_get_name (a), ==, sonde_column_get_name (b));
  g_assert_cmpint (type, ==, sonde_column_get_column_type (b));
  g_assert_cmpuint (n, ==, sonde_column_get_n_rows (b));
  g_assert_cmpuint (sonde_column_get_n_missing (a), ==, sonde_column_get_n_missing (b));
  g_assert_cmpuint (sonde_column_get_memory_size (a), ==, sonde_column_get_memory_size (b));

  if (type == SONDE_COLUMN_TYPE_CATEGORICAL)
    {
      g_assert_cmpuint (sonde_column_get_n_categories (a), ==, sonde_column_get_n_categories (b));
      for (guint k = 0; k < sonde_column_get_n_categories (a); k++)
        g_assert_cmpstr (sonde_column_get_category_label (a, k), ==, sonde_column_get_category_label (b, k));
    }

  for (guint r = 0; r < n; r++)
    {
      g_autofree char *va = sonde_column_format_value (a, r);
      g_autofree char *vb = sonde_column_format_value (b, r);

      g_assert_cmpint (sonde_column_is_missing (a, r), ==, sonde_column_is_missing (b, r));
      g_assert_cmpstr (va, ==, vb);
    }

  /* The stored values themselves, bit for bit (texts through their
   * offsets into the same arena layout). */
  if (n > 0)
    {
      gsize elem = 0;

      switch (type)
        {
        case SONDE_COLUMN_TYPE_INTEGER:
        case SONDE_COLUMN_TYPE_REAL:
        case SONDE_COLUMN_TYPE_DATETIME:
        case SONDE_COLUMN_TYPE_TEXT:
          elem = 8;
          break;
        case SONDE_COLUMN_TYPE_CATEGORICAL:
        case SONDE_COLUMN_TYPE_DATE:
          elem = 4;
          break;
        case SONDE_COLUMN_TYPE_BOOLEAN:
          elem = 1;
          break;
        default:
          g_assert_not_reached ();
        }
      g_assert_cmpmem (_sonde_column_get_values (a), n * elem, _sonde_column_get_values (b), n * elem);
    }
}

static void
assert_same_read (SondeCsvReader *single,
                  SondeTable     *ts,
                  GError         *es,
                  SondeCsvReader *parallel,
                  SondeTable     *tp,
                  GError         *ep)
{
  GPtrArray *ws = sonde_csv_reader_get_warnings (single);
  GPtrArray *wp = sonde_csv_reader_get_warnings (parallel);

  if (es != NULL || ep != NULL)
    {
      g_assert_nonnull (es);
      g_assert_nonnull (ep);
      g_assert_cmpuint (es->domain, ==, ep->domain);
      g_assert_cmpint (es->code, ==, ep->code);
      g_assert_cmpstr (es->message, ==, ep->message);
      g_assert_null (ts);
      g_assert_null (tp);
      return;
    }

  g_assert_nonnull (ts);
  g_assert_nonnull (tp);
  g_assert_cmpuint (sonde_table_get_n_rows (ts), ==, sonde_table_get_n_rows (tp));
  g_assert_cmpuint (sonde_table_get_n_columns (ts), ==, sonde_table_get_n_columns (tp));
  for (guint c = 0; c < sonde_table_get_n_columns (ts); c++)
    assert_same_column (sonde_table_get_column (ts, c), sonde_table_get_column (tp, c));
  g_assert_cmpuint (sonde_table_get_memory_size (ts), ==, sonde_table_get_memory_size (tp));

  g_assert_cmpuint (sonde_csv_reader_get_n_ragged_rows (single), ==, sonde_csv_reader_get_n_ragged_rows (parallel));
  g_assert_cmpuint (ws->len, ==, wp->len);
  for (guint i = 0; i < ws->len; i++)
    {
      const SondeCsvWarning *a = g_ptr_array_index (ws, i);
      const SondeCsvWarning *b = g_ptr_array_index (wp, i);

      g_assert_cmpint (a->kind, ==, b->kind);
      g_assert_cmpuint (a->line, ==, b->line);
      g_assert_cmpuint (a->column, ==, b->column);
      g_assert_cmpuint (a->expected_fields, ==, b->expected_fields);
      g_assert_cmpuint (a->actual_fields, ==, b->actual_fields);
      g_assert_cmpstr (a->message, ==, b->message);
    }
}

/* Reads @text with one thread, then in chunks of several sizes (down to
 * one byte, so that every guess of a chunk start is tried) with two and
 * three threads, and checks that every read gives the same result. */
static void
check_parallel_same (const char  *text,
                     ReaderSetup  setup)
{
  /* 20000 and 1 MiB hold more distinct labels than the dictionary rule
   * allows in one chunk, so that chunks turn to text on their own. */
  static const gsize chunk_sizes[] = { 1, 7, 64, 333, 4096, 20000, 1 << 20 };
  g_autoptr(SondeCsvReader) single = sonde_csv_reader_new ();
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
  g_autoptr(GError) es = NULL;
  g_autoptr(SondeTable) ts = NULL;

  if (setup != NULL)
    setup (single);
  ts = sonde_csv_reader_read_bytes (single, bytes, "test.csv", NULL, &es);

  for (guint i = 0; i < G_N_ELEMENTS (chunk_sizes); i++)
    for (guint threads = 2; threads <= 3; threads++)
      {
        g_autoptr(SondeCsvReader) parallel = sonde_csv_reader_new ();
        g_autoptr(GError) ep = NULL;
        g_autoptr(SondeTable) tp = NULL;

        if (setup != NULL)
          setup (parallel);
        _sonde_csv_reader_set_parallel (parallel, chunk_sizes[i], threads);
        g_test_message ("chunks of %zu bytes, %u threads", chunk_sizes[i], threads);
        tp = sonde_csv_reader_read_bytes (parallel, bytes, "test.csv", NULL, &ep);
        assert_same_read (single, ts, es, parallel, tp, ep);
      }
}

/* A file with quoted line breaks, CRLF and blank lines, an integer
 * column that turns real on its last row, a date column with one text
 * value near the end, a category first seen near the end, and a column
 * whose labels outgrow the dictionary rule half-way. */
static char *
make_tricky_csv (guint rows,
                 guint ragged_every)
{
  GString *text = g_string_new ("id,count,when,town,comment,code,flag,label\n");
  GRand *rand = g_rand_new_with_seed (42);

  for (guint i = 0; i < rows; i++)
    {
      guint town = g_rand_int_range (rand, 0, 5);

      g_string_append_printf (text, "%u,", i);
      if (i == rows - 1)
        g_string_append (text, "2.5,");
      else if (g_rand_int_range (rand, 0, 20) == 0)
        g_string_append (text, ",");
      else
        g_string_append_printf (text, "%d,", g_rand_int_range (rand, -1000, 1000));
      if (i == rows - 3)
        g_string_append (text, "soon,");
      else
        g_string_append_printf (text, "2024-%02d-%02d,", g_rand_int_range (rand, 1, 13), g_rand_int_range (rand, 1, 29));
      g_string_append (text, i > rows - 5 ? "Brest," : town == 0 ? "NA," : town == 1 ? "\"Lyon\"," : "Paris,");
      switch (g_rand_int_range (rand, 0, 4))
        {
        case 0:
          g_string_append_printf (text, "\"multi\nline, %u\",", i);
          break;
        case 1:
          g_string_append_printf (text, "\"say \"\"hi\"\"\r\n%u\",", i);
          break;
        case 2:
          g_string_append (text, ",");
          break;
        default:
          g_string_append_printf (text, "plain %u,", i % 7);
        }
      g_string_append_printf (text, "%s,", i < rows / 2 ? (i % 2 ? "A" : "B") : "C");
      g_string_append_printf (text, "%s,", i % 3 ? "yes" : "no");
      g_string_append_printf (text, "%s%u", i < rows / 2 ? "L" : "M", i < rows / 2 ? i % 3 : i);
      if (ragged_every != 0 && i % ragged_every == ragged_every - 1)
        g_string_append (text, i % 2 ? ",extra" : "");
      if (ragged_every != 0 && i % ragged_every == 0 && i > 0)
        {
          /* A short row. */
          g_string_append_printf (text, "\n%u,1", i);
        }
      g_string_append (text, i % 5 == 0 ? "\r\n" : "\n");
      if (i % 17 == 0)
        g_string_append (text, "\n");
    }
  g_rand_free (rand);

  return g_string_free (text, FALSE);
}

static void
setup_pad (SondeCsvReader *reader)
{
  sonde_csv_reader_set_ragged (reader, SONDE_CSV_RAGGED_PAD);
}

static void
setup_skip (SondeCsvReader *reader)
{
  sonde_csv_reader_set_ragged (reader, SONDE_CSV_RAGGED_SKIP);
}

static void
setup_forced_integer (SondeCsvReader *reader)
{
  sonde_csv_reader_set_column_type (reader, "count", SONDE_COLUMN_TYPE_INTEGER);
  sonde_csv_reader_set_column_type (reader, "label", SONDE_COLUMN_TYPE_CATEGORICAL);
  sonde_csv_reader_set_ragged (reader, SONDE_CSV_RAGGED_PAD);
}

static void
setup_utf8 (SondeCsvReader *reader)
{
  sonde_csv_reader_set_encoding (reader, "UTF-8");
}

static void
setup_no_header (SondeCsvReader *reader)
{
  sonde_csv_reader_set_header (reader, SONDE_CSV_HEADER_NO);
}

static void
test_parallel_same_table (void)
{
  g_autofree char *text = make_tricky_csv (600, 0);
  g_autoptr(SondeCsvReader) reader = sonde_csv_reader_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SondeTable) table = NULL;
  g_autofree char *types = NULL;

  /* The inputs must exercise what they claim to. */
  _sonde_csv_reader_set_parallel (reader, 64, 2);
  table = read_string (reader, text, &error);
  g_assert_no_error (error);
  types = sonde_test_describe (table, TRUE);
  g_assert_cmpstr (types, ==, "integer,real,text,categorical,text,categorical,boolean,text");
  g_assert_cmpuint (sonde_table_get_n_rows (table), ==, 600);

  check_parallel_same (text, NULL);
  check_parallel_same (text, setup_no_header);
}

static void
test_parallel_ragged (void)
{
  g_autofree char *text = make_tricky_csv (400, 37);

  check_parallel_same (text, setup_pad);
  check_parallel_same (text, setup_skip);
  /* Stop: the error of the first ragged row, whatever chunk has it. */
  check_parallel_same (text, NULL);
}

static void
test_parallel_errors (void)
{
  g_autofree char *text = make_tricky_csv (400, 0);
  g_autoptr(GString) late = g_string_new (text);
  g_autoptr(GString) quote = g_string_new (text);
  g_autoptr(GString) after = g_string_new (text);

  /* A value that does not fit a type set by the caller, twice: the
   * first one (line-wise) must be reported. */
  check_parallel_same (text, setup_forced_integer);
  g_string_append (late, "401,x,2024-01-01,Paris,a,C,yes,M1\n402,y,2024-01-01,Paris,a,C,yes,M1\n");
  check_parallel_same (late->str, setup_forced_integer);

  /* Two ragged rows far apart with STOP. */
  g_string_insert (late, strlen (text) / 3, "1,2\n");
  check_parallel_same (late->str, NULL);

  /* A quote never closed, near the end. */
  g_string_append (quote, "999,1,2024-01-01,Paris,\"open,C,yes,M1\n1000,1,2024-01-01,Paris,a,C,yes,M1\n");
  check_parallel_same (quote->str, NULL);

  /* Text after a closing quote, then later a quote never closed: the
   * first error wins. */
  g_string_insert (after, strlen (text) / 2, "7,1,2024-01-01,\"Pa\"ris,a,C,yes,M1\n");
  g_string_append (after, "\"open\n");
  check_parallel_same (after->str, NULL);
}

/* Progress and cancellation through the parallel code: progress comes
 * from the calling thread, never goes back, and ends at 1; a cancel
 * half-way stops the read. */
static void
test_parallel_progress_cancel (void)
{
  g_autoptr(GBytes) bytes = make_big_csv (200000);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(SondeCsvReader) reader = sonde_csv_reader_new ();
  g_autoptr(SondeCsvReader) cancelled = sonde_csv_reader_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SondeTable) table = NULL;
  Progress progress = { 0, 0.0, TRUE };

  _sonde_csv_reader_set_parallel (reader, 64 * 1024, 2);
  sonde_csv_reader_set_progress_func (reader, progress_cb, &progress, NULL);
  table = sonde_csv_reader_read_bytes (reader, bytes, "big.csv", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sonde_table_get_n_rows (table), ==, 200000);
  g_assert_true (progress.monotonic);
  g_assert_cmpfloat (progress.last, ==, 1.0);
  g_assert_cmpuint (progress.calls, >=, 2);
  g_assert_cmpuint (progress.calls, <=, 105);
  g_clear_object (&table);

  _sonde_csv_reader_set_parallel (cancelled, 64 * 1024, 2);
  sonde_csv_reader_set_progress_func (cancelled, cancel_at_half, cancellable, NULL);
  table = sonde_csv_reader_read_bytes (cancelled, bytes, "big.csv", cancellable, &error);
  g_assert_null (table);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* Small and odd inputs through the parallel code: no rows, no final
 * line feed, CR line ends, a quoted field holding the whole rest. */
static void
test_parallel_odd_inputs (void)
{
  static const char * const inputs[] = {
    "a,b\n",
    "a,b\n\n\n\n",
    "a,b\n1,2",
    "a,b\r1,2\r3,4\r",
    "a,b\r\n1,x\r\n\r\n3,\"y\ny\"\r\n",
    "1,2\n3,4\n",
    "a,b\n1,\"long\n\n\nquoted\n\"\n2,\"\"\n3,\"\n\"\"\n\"\n",
    "a,b\n1,\"never\nclosed\n2,3\n",
    "a;b\n1,5;2\n3,25;4\n",
    "a,b\n\xc3\xa9t\xc3\xa9,1\nÎle-de-France,2\n\"Rh\xc3\xb4ne\n\",3\n",
    "a,b\n\xc3\xa9t\xc3\xa9,1\nnot utf-8: \xe9t\xe9,2\n",
    "a,b\n1,2\n3,\xc3\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      check_parallel_same (inputs[i], NULL);
      check_parallel_same (inputs[i], setup_pad);
      /* Invalid UTF-8 is an error, with its line, when UTF-8 is said. */
      check_parallel_same (inputs[i], setup_utf8);
    }
}

/* Random decimal numbers: the reader's fast path must give the very
 * double g_ascii_strtod gives, bit for bit. */
static void
test_parallel_reals_exact (void)
{
  g_autoptr(GString) text = g_string_new ("x\n");
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(SondeCsvReader) reader = sonde_csv_reader_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SondeTable) table = NULL;
  GRand *rand = g_rand_new_with_seed (7);
  SondeColumn *column;

  for (guint i = 0; i < 200000; i++)
    {
      GString *v = g_string_new (NULL);
      guint int_digits = g_rand_int_range (rand, 0, 12);
      guint frac_digits = g_rand_int_range (rand, int_digits == 0 ? 1 : 0, 14);

      if (g_rand_int_range (rand, 0, 4) == 0)
        g_string_append_c (v, '-');
      if (int_digits == 0)
        g_string_append_c (v, '0');
      for (guint d = 0; d < int_digits; d++)
        g_string_append_c (v, (char) ('0' + (d == 0 ? g_rand_int_range (rand, 1, 10) : g_rand_int_range (rand, 0, 10))));
      if (frac_digits > 0)
        {
          g_string_append_c (v, '.');
          for (guint d = 0; d < frac_digits; d++)
            g_string_append_c (v, (char) ('0' + g_rand_int_range (rand, 0, 10)));
        }
      if (g_rand_int_range (rand, 0, 5) == 0)
        g_string_append_printf (v, "e%d", g_rand_int_range (rand, -30, 31));
      g_string_append_printf (text, "%s\n", v->str);
      g_ptr_array_add (values, g_string_free (v, FALSE));
    }
  g_rand_free (rand);

  _sonde_csv_reader_set_parallel (reader, 100000, 2);
  table = read_string (reader, text->str, &error);
  g_assert_no_error (error);
  column = sonde_table_get_column (table, 0);
  g_assert_cmpint (sonde_column_get_column_type (column), ==, SONDE_COLUMN_TYPE_REAL);
  g_assert_cmpuint (sonde_column_get_n_rows (column), ==, values->len);
  for (guint i = 0; i < values->len; i++)
    {
      double expected = g_ascii_strtod (g_ptr_array_index (values, i), NULL);
      double got = sonde_column_get_real (column, i);

      if (memcmp (&expected, &got, sizeof got) != 0)
        g_error ("%s: read %.17g, g_ascii_strtod gives %.17g",
                 (const char *) g_ptr_array_index (values, i), got, expected);
    }
  check_parallel_same (text->str, NULL);
}

/* Above 4 MiB the parallel reading is the default one. */
static void
test_parallel_default_big (void)
{
  g_autoptr(GBytes) bytes = make_big_csv (400000);
  g_autoptr(SondeCsvReader) single = sonde_csv_reader_new ();
  g_autoptr(SondeCsvReader) parallel = sonde_csv_reader_new ();
  g_autoptr(GError) es = NULL;
  g_autoptr(GError) ep = NULL;
  g_autoptr(SondeTable) ts = NULL;
  g_autoptr(SondeTable) tp = NULL;

  g_assert_cmpuint (g_bytes_get_size (bytes), >=, 4 * 1024 * 1024);
  /* A chunk bigger than the input: one chunk, the reading of one thread
   * by the parallel code; the default then cuts it in chunks. */
  _sonde_csv_reader_set_parallel (single, G_MAXSIZE / 2, 1);
  ts = sonde_csv_reader_read_bytes (single, bytes, "big.csv", NULL, &es);
  tp = sonde_csv_reader_read_bytes (parallel, bytes, "big.csv", NULL, &ep);
  assert_same_read (single, ts, es, parallel, tp, ep);
  g_assert_cmpuint (sonde_table_get_memory_size (tp), <=, 1.3 * 400000 * (8 + 8 + 4));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (read_cases); i++)
    g_test_add_data_func (read_cases[i].path, &read_cases[i], test_read_case);
  for (guint i = 0; i < G_N_ELEMENTS (error_cases); i++)
    g_test_add_data_func (error_cases[i].path, &error_cases[i], test_error_case);

  g_test_add_func ("/engine/csv/cells", test_cells);
  g_test_add_func ("/engine/csv/error/missing-file", test_missing_file);
  g_test_add_func ("/engine/csv/ragged-pad", test_ragged_pad);
  g_test_add_func ("/engine/csv/ragged-skip", test_ragged_skip);
  g_test_add_func ("/engine/csv/renamed-warnings", test_renamed_warnings);
  g_test_add_func ("/engine/csv/encoding-warning", test_encoding_warning);
  g_test_add_func ("/engine/csv/explicit-encoding", test_explicit_encoding);
  g_test_add_func ("/engine/csv/column-types", test_column_types);
  g_test_add_func ("/engine/csv/options", test_options);
  g_test_add_func ("/engine/csv/inference-rules", test_inference_rules);
  g_test_add_func ("/engine/csv/wide", test_wide);
  g_test_add_func ("/engine/csv/progress", test_progress);
  g_test_add_func ("/engine/csv/cancel", test_cancel);
  g_test_add_func ("/engine/csv/async", test_async);
  g_test_add_func ("/engine/csv/random-bytes", test_random_bytes);
  g_test_add_func ("/engine/csv/parallel/same-table", test_parallel_same_table);
  g_test_add_func ("/engine/csv/parallel/ragged", test_parallel_ragged);
  g_test_add_func ("/engine/csv/parallel/errors", test_parallel_errors);
  g_test_add_func ("/engine/csv/parallel/odd-inputs", test_parallel_odd_inputs);
  g_test_add_func ("/engine/csv/parallel/progress-cancel", test_parallel_progress_cancel);
  g_test_add_func ("/engine/csv/parallel/reals-exact", test_parallel_reals_exact);
  g_test_add_func ("/engine/csv/parallel/default-big", test_parallel_default_big);

  return g_test_run ();
}
