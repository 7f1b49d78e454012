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
describe_types (SondeTable *table)
{
  GString *out = g_string_new (NULL);

  for (guint c = 0; c < sonde_table_get_n_columns (table); c++)
    {
      if (c > 0)
        g_string_append_c (out, ',');
      g_string_append (out, sonde_column_type_to_string (sonde_column_get_column_type (sonde_table_get_column (table, c))));
    }

  return g_string_free (out, FALSE);
}

static char *
describe_names (SondeTable *table)
{
  GString *out = g_string_new (NULL);

  for (guint c = 0; c < sonde_table_get_n_columns (table); c++)
    {
      if (c > 0)
        g_string_append_c (out, ',');
      g_string_append (out, sonde_column_get_name (sonde_table_get_column (table, c)));
    }

  return g_string_free (out, FALSE);
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

  names = describe_names (table);
  types = describe_types (table);
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
  types = describe_types (table);
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
  types = describe_types (table);
  g_assert_cmpstr (types, ==, "text,text,integer");
  g_clear_object (&table);
  g_clear_pointer (&types, g_free);

  /* Thousands separators, with a decimal comma. */
  sonde_csv_reader_set_decimal_mark (reader, ',');
  sonde_csv_reader_set_thousands_separator (reader, ' ');
  table = read_string (reader, "n;v\n1 234;1 234,5\n-12;3\n", &error);
  g_assert_no_error (error);
  types = describe_types (table);
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
  types = describe_types (table);
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
      types = describe_types (table);
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

  return g_test_run ();
}
