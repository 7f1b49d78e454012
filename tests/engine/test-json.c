/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-json"

/* Tests of SondeJsonReader and SondeJsonWriter over the small files in
 * fixtures/json/: one table of shapes and inferred types for the files
 * that must read, one of cells, one of errors (with their line and
 * column) for those that must not, then round trips (CSV → JSON → table,
 * array → NDJSON, every column type), the writer's output itself,
 * progress, cancellation, the async API, and random bytes.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>

#include "sonde-engine.h"
#include "test-util.h"

static SondeTable *
read_fixture (SondeJsonReader  *reader,
              const char       *name,
              GError          **error)
{
  g_autofree char *path = g_build_filename (FIXTURES_DIR, "json", name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  return sonde_json_reader_read_file (reader, file, NULL, error);
}

static SondeTable *
read_string (SondeJsonReader  *reader,
             const char       *text,
             GError          **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));

  return sonde_json_reader_read_bytes (reader, bytes, "test.json", NULL, error);
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

/* Same names, types and values, cell by cell. */
static void
assert_tables_equal (SondeTable *a,
                     SondeTable *b)
{
  g_autofree char *names_a = sonde_test_describe (a, FALSE);
  g_autofree char *names_b = sonde_test_describe (b, FALSE);
  g_autofree char *types_a = sonde_test_describe (a, TRUE);
  g_autofree char *types_b = sonde_test_describe (b, TRUE);

  g_assert_cmpstr (names_a, ==, names_b);
  g_assert_cmpstr (types_a, ==, types_b);
  g_assert_cmpuint (sonde_table_get_n_rows (a), ==, sonde_table_get_n_rows (b));

  for (guint c = 0; c < sonde_table_get_n_columns (a); c++)
    for (guint r = 0; r < sonde_table_get_n_rows (a); r++)
      {
        g_autofree char *va = sonde_column_format_value (sonde_table_get_column (a, c), r);
        g_autofree char *vb = sonde_column_format_value (sonde_table_get_column (b, c), r);

        g_assert_cmpstr (va, ==, vb);
      }
}

typedef struct
{
  const char      *path;
  const char      *fixture;
  guint            n_rows;
  SondeJsonFormat  format;
  const char      *names;
  const char      *types;
} ReadCase;

static const ReadCase read_cases[] = {
  { "/engine/json/array", "array.json", 8, SONDE_JSON_FORMAT_ARRAY,
    "id,name,score,passed,town,born,seen",
    "integer,text,real,boolean,categorical,date,datetime" },
  { "/engine/json/ndjson", "lines.ndjson", 3, SONDE_JSON_FORMAT_LINES,
    "id,city,temp", "integer,text,real" },
  { "/engine/json/nested", "nested.json", 3, SONDE_JSON_FORMAT_ARRAY,
    "name,address.city,address.geo.lat,address.geo.lon,tags,address.zip,scores",
    "text,text,real,real,text,categorical,text" },
  { "/engine/json/missing", "missing.json", 4, SONDE_JSON_FORMAT_ARRAY,
    "a,b,c", "integer,categorical,boolean" },
  { "/engine/json/mixed", "mixed.json", 3, SONDE_JSON_FORMAT_ARRAY,
    "code,size,flag,note", "text,real,text,text" },
  { "/engine/json/unicode", "unicode.json", 2, SONDE_JSON_FORMAT_ARRAY,
    "text,raw,k\xc3\xa9y", "text,text,integer" },
  { "/engine/json/bigint", "bigint.json", 2, SONDE_JSON_FORMAT_ARRAY,
    "small,big,neg", "integer,real,real" },
  { "/engine/json/bom", "bom.json", 2, SONDE_JSON_FORMAT_ARRAY,
    "id,name", "integer,text" },
  { "/engine/json/single-object", "single-object.json", 1, SONDE_JSON_FORMAT_LINES,
    "name,n", "categorical,integer" },
};

static void
test_read_case (gconstpointer data)
{
  const ReadCase *rc = data;
  g_autoptr(SondeJsonReader) reader = sonde_json_reader_new ();
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
  g_assert_cmpint (sonde_json_reader_get_detected_format (reader), ==, rc->format);
  g_assert_cmpstr (sonde_table_get_name (table), ==, rc->fixture);
  g_assert_true (g_str_has_suffix (sonde_table_get_source (table), rc->fixture));

  g_assert_finalize_object (g_steal_pointer (&table));
}

typedef struct
{
  const char *fixture;
  const char *column;
  guint       row;
  const char *value;   /* NULL: missing */
} CellCase;

static const CellCase cell_cases[] = {
  { "array.json", "name", 0, "Zoé" },
  { "array.json", "score", 1, "9" },
  { "array.json", "score", 5, "1000" },
  { "array.json", "score", 4, "0.1" },
  { "array.json", "passed", 1, "false" },
  { "array.json", "town", 2, "Paris" },
  { "array.json", "born", 4, "2004-02-29" },
  { "array.json", "seen", 0, "2024-12-31T23:59:59Z" },
  { "array.json", "seen", 1, "2025-01-01T00:00:00Z" },
  { "array.json", "seen", 2, "2000-02-29T12:00:00.250000Z" },
  { "array.json", "seen", 3, "2024-06-01T00:00:00Z" },
  { "array.json", "seen", 4, "2024-06-01T08:30:00Z" },
  { "array.json", "seen", 5, "2024-06-01T10:30:15Z" },
  { "lines.ndjson", "city", 2, "Nice" },
  { "lines.ndjson", "temp", 1, "14" },
  { "lines.ndjson", "temp", 2, NULL },
  { "nested.json", "address.city", 1, "Paris" },
  { "nested.json", "address.city", 2, NULL },
  { "nested.json", "address.geo.lat", 0, "45.76" },
  { "nested.json", "address.geo.lat", 1, NULL },
  { "nested.json", "address.zip", 1, "75001" },
  { "nested.json", "tags", 0, "[\"a\",\"b\"]" },
  { "nested.json", "tags", 1, "[]" },
  { "nested.json", "scores", 1, "[1,[2,3],{\"x\":null}]" },
  { "nested.json", "scores", 0, NULL },
  { "missing.json", "a", 1, NULL },
  { "missing.json", "a", 2, NULL },
  { "missing.json", "a", 3, "4" },
  { "missing.json", "b", 1, NULL },
  { "missing.json", "b", 2, NULL },
  { "missing.json", "c", 0, NULL },
  { "missing.json", "c", 3, "false" },
  { "mixed.json", "code", 0, "1" },
  { "mixed.json", "code", 1, "B2" },
  { "mixed.json", "code", 2, "3.5" },
  { "mixed.json", "size", 0, "1" },
  { "mixed.json", "size", 1, "2.5" },
  { "mixed.json", "flag", 0, "true" },
  { "mixed.json", "flag", 2, NULL },
  { "mixed.json", "note", 1, "2" },
  { "mixed.json", "note", 2, "false" },
  { "unicode.json", "text", 0, "caf\xc3\xa9 \xf0\x9f\x98\x80 \"q\" \\ / \n end" },
  { "unicode.json", "text", 1, "lone \xef\xbf\xbd and \xef\xbf\xbd" },
  { "unicode.json", "raw", 0, "Ærøskøbing 東京" },
  { "bigint.json", "small", 0, "9223372036854775807" },
  { "bigint.json", "big", 0, "1e+20" },
  { "bigint.json", "big", 1, "1" },
  { "bigint.json", "neg", 0, "-9.2233720368547758e+18" },
  { "bom.json", "name", 0, "Zoé" },
  { "single-object.json", "name", 0, "one object" },
};

static void
test_cells (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (cell_cases); i++)
    {
      const CellCase *cc = &cell_cases[i];
      g_autoptr(SondeJsonReader) reader = sonde_json_reader_new ();
      g_autoptr(GError) error = NULL;
      g_autoptr(SondeTable) table = read_fixture (reader, cc->fixture, &error);
      g_autofree char *value = NULL;

      g_assert_no_error (error);
      g_test_message ("%s, %s, row %u", cc->fixture, cc->column, cc->row);
      value = cell (table, cc->column, cc->row);
      g_assert_cmpstr (value, ==, cc->value);
    }
}

typedef struct
{
  const char      *path;
  const char      *fixture;
  SondeJsonFormat  format;
  int              code;
  const char      *message;   /* a part of the message */
} ErrorCase;

static const ErrorCase error_cases[] = {
  { "/engine/json/error/trailing-comma", "trailing-comma.json", SONDE_JSON_FORMAT_AUTO, SONDE_ERROR_PARSE,
    "trailing-comma.json, line 4, column 1: a comma comes before “]”" },
  { "/engine/json/error/truncated-string", "truncated.json", SONDE_JSON_FORMAT_AUTO, SONDE_ERROR_PARSE,
    "truncated.json, line 3, column 20: a text goes past the end of the line" },
  { "/engine/json/error/truncated-array", "truncated-array.json", SONDE_JSON_FORMAT_AUTO, SONDE_ERROR_PARSE,
    "truncated-array.json, line 4: the file ends in the middle of a value" },
  { "/engine/json/error/not-array", "not-array.json", SONDE_JSON_FORMAT_AUTO, SONDE_ERROR_PARSE,
    "not-array.json, line 1, column 1: found a text (“\"just a text\"”) where a record was expected. The file must hold an array of objects, or one object per line." },
  { "/engine/json/error/array-of-numbers", "array-of-numbers.json", SONDE_JSON_FORMAT_AUTO, SONDE_ERROR_PARSE,
    "array-of-numbers.json, line 3, column 3: found a number (“42”)" },
  { "/engine/json/error/ndjson-line", "bad-line.ndjson", SONDE_JSON_FORMAT_AUTO, SONDE_ERROR_PARSE,
    "bad-line.ndjson, line 3, column 9: a key must be a text in double quotes (found “, \"b\": 4}”)" },
  { "/engine/json/error/two-per-line", "two-per-line.ndjson", SONDE_JSON_FORMAT_AUTO, SONDE_ERROR_PARSE,
    "two-per-line.ndjson, line 1, column 10: there is text after the end of the object" },
  { "/engine/json/error/leading-zero", "leading-zero.json", SONDE_JSON_FORMAT_AUTO, SONDE_ERROR_PARSE,
    "leading-zero.json, line 1, column 8: this is not a JSON value" },
  { "/engine/json/error/empty-array", "empty-array.json", SONDE_JSON_FORMAT_AUTO, SONDE_ERROR_EMPTY,
    "empty-array.json holds no records" },
  { "/engine/json/error/forced-array", "lines.ndjson", SONDE_JSON_FORMAT_ARRAY, SONDE_ERROR_PARSE,
    "lines.ndjson, line 1, column 1: found an object" },
  { "/engine/json/error/forced-lines", "array.json", SONDE_JSON_FORMAT_LINES, SONDE_ERROR_PARSE,
    "array.json, line 1, column 1: found an array" },
};

static void
test_error_case (gconstpointer data)
{
  const ErrorCase *ec = data;
  g_autoptr(SondeJsonReader) reader = sonde_json_reader_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SondeTable) table = NULL;

  sonde_json_reader_set_format (reader, ec->format);
  table = read_fixture (reader, ec->fixture, &error);
  g_assert_null (table);
  g_assert_error (error, SONDE_ERROR, ec->code);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, ec->message));
}

/* Small inputs, each with the start of the expected message. */
static void
test_errors_inline (void)
{
  static const struct { const char *text; int code; const char *message; } cases[] = {
    { "", SONDE_ERROR_EMPTY, "test.json is empty" },
    { "  \n\t ", SONDE_ERROR_EMPTY, "test.json is empty" },
    { "[{}, {}]", SONDE_ERROR_EMPTY, "holds 2 records but none of them has a key" },
    { "[{\"a\": 1}] x", SONDE_ERROR_PARSE, "line 1, column 12: there is text after the end of the array" },
    { "[{\"a\": 1,}]", SONDE_ERROR_PARSE, "line 1, column 10: a comma comes before “}”" },
    { "[{\"a\" 1}]", SONDE_ERROR_PARSE, "line 1, column 7: a key must be followed by a colon" },
    { "[{a: 1}]", SONDE_ERROR_PARSE, "line 1, column 3: a key must be a text in double quotes" },
    { "[{\"a\": tru}]", SONDE_ERROR_PARSE, "line 1, column 8: this is not a JSON value" },
    { "[{\"a\": NaN}]", SONDE_ERROR_PARSE, "line 1, column 8: this is not a JSON value" },
    { "[{\"a\": \"\\x\"}]", SONDE_ERROR_PARSE, "line 1, column 9: a backslash in a text" },
    { "[{\"a\": \"\\u12\"}]", SONDE_ERROR_PARSE, "line 1, column 9: \\u must be followed by four hexadecimal digits" },
    { "[{\"é\": [1 2]}]", SONDE_ERROR_PARSE, "line 1, column 11: expected a comma or “]”" },
    { "[{\"a\": 1} {\"a\": 2}]", SONDE_ERROR_PARSE, "line 1, column 11: expected a comma or “]” after an object" },
    { "[{\"a\":1}\xff]", SONDE_ERROR_ENCODING, "line 1, character 9: the byte 0xFF is not valid UTF-8" },
    { "[{\"a\":\"\0\"}]", SONDE_ERROR_ENCODING, "does not look like a text file" },
    { "true", SONDE_ERROR_PARSE, "found true or false" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SondeJsonReader) reader = sonde_json_reader_new ();
      g_autoptr(GError) error = NULL;
      g_autoptr(SondeTable) table = NULL;
      g_autoptr(GBytes) bytes = NULL;
      gsize len = strlen (cases[i].text);

      /* One case holds a NUL byte on purpose. */
      if (i == 14)
        len = 12;
      bytes = g_bytes_new (cases[i].text, len);
      table = sonde_json_reader_read_bytes (reader, bytes, "test.json", NULL, &error);
      g_test_message ("case %u: %s", i, error != NULL ? error->message : "(no error)");
      g_assert_null (table);
      g_assert_error (error, SONDE_ERROR, cases[i].code);
      g_assert_nonnull (strstr (error->message, cases[i].message));
    }
}

static void
test_deep_nesting (void)
{
  g_autoptr(SondeJsonReader) reader = sonde_json_reader_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SondeTable) table = NULL;
  GString *text = g_string_new ("[{\"a\": ");
  g_autofree char *str = NULL;

  for (guint i = 0; i < 100000; i++)
    g_string_append_c (text, '[');
  str = g_string_free (text, FALSE);

  /* Must fail cleanly, not overflow the stack. */
  table = read_string (reader, str, &error);
  g_assert_null (table);
  g_assert_error (error, SONDE_ERROR, SONDE_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "nested too deeply"));
}

static void
test_duplicate_keys (void)
{
  g_autoptr(SondeJsonReader) reader = sonde_json_reader_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SondeTable) table = NULL;
  g_autofree char *a0 = NULL;
  g_autofree char *b1 = NULL;

  /* The last value of a key wins, as in JavaScript; a dotted key and a
   * nested one name the same column. */
  table = read_string (reader, "{\"a\": \"x\", \"a\": \"y\"}\n{\"b\": {\"c\": 1}, \"b.c\": 2}\n", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sonde_table_get_n_columns (table), ==, 2);
  a0 = cell (table, "a", 0);
  b1 = cell (table, "b.c", 1);
  g_assert_cmpstr (a0, ==, "y");
  g_assert_cmpstr (b1, ==, "2");
}

static void
test_categorical_rule (void)
{
  g_autoptr(SondeJsonReader) reader = sonde_json_reader_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SondeTable) four = NULL;
  g_autoptr(SondeTable) seven = NULL;

  /* Distinct values at most a quarter of the values: 2 labels in 8 rows
   * is a category, 2 labels in 7 rows is text. */
  four = read_string (reader, "[{\"t\":\"a\"},{\"t\":\"b\"},{\"t\":\"a\"},{\"t\":\"a\"},{\"t\":\"a\"},{\"t\":\"b\"},{\"t\":\"a\"},{\"t\":\"a\"}]", &error);
  g_assert_no_error (error);
  g_assert_cmpint (sonde_column_get_column_type (sonde_table_get_column (four, 0)), ==, SONDE_COLUMN_TYPE_CATEGORICAL);

  seven = read_string (reader, "[{\"t\":\"a\"},{\"t\":\"b\"},{\"t\":\"a\"},{\"t\":\"a\"},{\"t\":\"a\"},{\"t\":\"b\"},{\"t\":\"a\"}]", &error);
  g_assert_no_error (error);
  g_assert_cmpint (sonde_column_get_column_type (sonde_table_get_column (seven, 0)), ==, SONDE_COLUMN_TYPE_TEXT);
}

/* A table with a column of every type, missing values included: ten
 * rows, so that two labels in nine values stay a category when read
 * back (the rule allows a quarter of the values). */
static SondeTable *
make_every_type_table (void)
{
  SondeTable *table = sonde_table_new ("every type");
  g_autoptr(SondeColumn) i = sonde_column_new ("int", SONDE_COLUMN_TYPE_INTEGER);
  g_autoptr(SondeColumn) r = sonde_column_new ("real", SONDE_COLUMN_TYPE_REAL);
  g_autoptr(SondeColumn) b = sonde_column_new ("bool", SONDE_COLUMN_TYPE_BOOLEAN);
  g_autoptr(SondeColumn) c = sonde_column_new ("cat", SONDE_COLUMN_TYPE_CATEGORICAL);
  g_autoptr(SondeColumn) t = sonde_column_new ("text, with \"quotes\"", SONDE_COLUMN_TYPE_TEXT);
  g_autoptr(SondeColumn) d = sonde_column_new ("address.day", SONDE_COLUMN_TYPE_DATE);
  g_autoptr(SondeColumn) dt = sonde_column_new ("when", SONDE_COLUMN_TYPE_DATETIME);
  static const char * const texts[] = { "plain", "line\nbreak", "tab\tand \\ and 'q' %", "Zoé 東京", "?", "" };
  static const char * const cats[] = { "red", "light blue", "red", "red", "light blue", "red", "red", "red", "red", "red" };
  gint32 day;

  for (guint k = 0; k < G_N_ELEMENTS (cats); k++)
    {
      if (k == 3)
        {
          sonde_column_append_missing (i);
          sonde_column_append_missing (r);
          sonde_column_append_missing (b);
          sonde_column_append_missing (c);
          sonde_column_append_missing (t);
          sonde_column_append_missing (d);
          sonde_column_append_missing (dt);
          continue;
        }
      sonde_column_append_integer (i, k == 0 ? G_MININT64 : (gint64) k * 1000000007);
      sonde_column_append_real (r, k == 0 ? 0.1 : k == 1 ? 2.0 : k == 2 ? -1e-300 : k * 1.0 / 3.0);
      sonde_column_append_boolean (b, k % 2);
      sonde_column_append_category (c, cats[k], -1);
      sonde_column_append_text (t, texts[k % G_N_ELEMENTS (texts)], -1);
      g_assert_true (sonde_date_from_ymd (1960 + (int) k * 10, 2, 27 + (int) (k % 2), &day));
      sonde_column_append_date (d, day);
      sonde_column_append_datetime (dt, (gint64) day * 86400 * G_USEC_PER_SEC + (gint64) k * 3723 * G_USEC_PER_SEC);
    }

  g_assert_true (sonde_table_add_column (table, i, NULL));
  g_assert_true (sonde_table_add_column (table, r, NULL));
  g_assert_true (sonde_table_add_column (table, b, NULL));
  g_assert_true (sonde_table_add_column (table, c, NULL));
  g_assert_true (sonde_table_add_column (table, t, NULL));
  g_assert_true (sonde_table_add_column (table, d, NULL));
  g_assert_true (sonde_table_add_column (table, dt, NULL));

  return table;
}

static void
test_round_trip_every_type (void)
{
  for (SondeJsonFormat format = SONDE_JSON_FORMAT_ARRAY; format <= SONDE_JSON_FORMAT_LINES; format++)
    {
      g_autoptr(SondeTable) table = make_every_type_table ();
      g_autoptr(SondeJsonWriter) writer = sonde_json_writer_new ();
      g_autoptr(SondeJsonReader) reader = sonde_json_reader_new ();
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(SondeTable) back = NULL;

      sonde_json_writer_set_format (writer, format);
      bytes = sonde_json_writer_write_bytes (writer, table, NULL, &error);
      g_assert_no_error (error);
      back = sonde_json_reader_read_bytes (reader, bytes, "back.json", NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpint (sonde_json_reader_get_detected_format (reader), ==, format);
      assert_tables_equal (table, back);
    }
}

static void
test_round_trip_csv (void)
{
  static const char * const fixtures[] = { "categorical.csv", "iso-dates.csv", "missing-markers.csv", "tabs.tsv", "utf8-bom.csv" };

  for (guint i = 0; i < G_N_ELEMENTS (fixtures); i++)
    {
      g_autofree char *path = g_build_filename (FIXTURES_DIR, fixtures[i], NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(SondeCsvReader) csv = sonde_csv_reader_new ();
      g_autoptr(SondeJsonWriter) writer = sonde_json_writer_new ();
      g_autoptr(SondeJsonReader) reader = sonde_json_reader_new ();
      g_autoptr(GError) error = NULL;
      g_autoptr(SondeTable) table = NULL;
      g_autoptr(SondeTable) back = NULL;
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GBytes) lines = NULL;
      g_autoptr(SondeTable) back_lines = NULL;

      g_test_message ("%s", fixtures[i]);
      table = sonde_csv_reader_read_file (csv, file, NULL, &error);
      g_assert_no_error (error);

      bytes = sonde_json_writer_write_bytes (writer, table, NULL, &error);
      g_assert_no_error (error);
      back = sonde_json_reader_read_bytes (reader, bytes, "back.json", NULL, &error);
      g_assert_no_error (error);
      assert_tables_equal (table, back);

      /* And on to NDJSON. */
      sonde_json_writer_set_format (writer, SONDE_JSON_FORMAT_LINES);
      lines = sonde_json_writer_write_bytes (writer, back, NULL, &error);
      g_assert_no_error (error);
      back_lines = sonde_json_reader_read_bytes (reader, lines, "back.ndjson", NULL, &error);
      g_assert_no_error (error);
      assert_tables_equal (table, back_lines);
    }
}

static void
test_writer_output (void)
{
  g_autoptr(SondeTable) table = sonde_table_new ("t");
  g_autoptr(SondeColumn) r = sonde_column_new ("a.b", SONDE_COLUMN_TYPE_REAL);
  g_autoptr(SondeColumn) t = sonde_column_new ("t", SONDE_COLUMN_TYPE_TEXT);
  g_autoptr(SondeJsonWriter) writer = sonde_json_writer_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) empty = NULL;
  g_autoptr(SondeTable) none = sonde_table_new ("none");
  g_autofree char *text = NULL;

  sonde_column_append_real (r, 2.0);
  sonde_column_append_real (r, NAN);
  sonde_column_append_real (r, INFINITY);
  sonde_column_append_real (r, 0.1);
  sonde_column_append_text (t, "\x01 \"é\"\n", -1);
  sonde_column_append_missing (t);
  sonde_column_append_text (t, "", -1);
  sonde_column_append_text (t, "\\", -1);
  g_assert_true (sonde_table_add_column (table, r, NULL));
  g_assert_true (sonde_table_add_column (table, t, NULL));

  bytes = sonde_json_writer_write_bytes (writer, table, NULL, &error);
  g_assert_no_error (error);
  text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_assert_cmpstr (text, ==,
                   "[\n"
                   "  {\"a.b\":2.0,\"t\":\"\\u0001 \\\"é\\\"\\n\"},\n"
                   "  {\"a.b\":null,\"t\":null},\n"
                   "  {\"a.b\":null,\"t\":\"\"},\n"
                   "  {\"a.b\":0.1,\"t\":\"\\\\\"}\n"
                   "]\n");

  empty = sonde_json_writer_write_bytes (writer, none, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (empty, NULL), g_bytes_get_size (empty), "[]\n", 3);
}

static void
test_write_file (void)
{
  g_autoptr(SondeTable) table = make_every_type_table ();
  g_autoptr(SondeJsonWriter) writer = sonde_json_writer_new ();
  g_autoptr(SondeJsonReader) reader = sonde_json_reader_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("sonde-json-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(SondeTable) back = NULL;

  g_assert_no_error (error);
  path = g_build_filename (dir, "out.json", NULL);
  file = g_file_new_for_path (path);
  g_assert_true (sonde_json_writer_write_file (writer, table, file, NULL, &error));
  g_assert_no_error (error);
  back = sonde_json_reader_read_file (reader, file, NULL, &error);
  g_assert_no_error (error);
  assert_tables_equal (table, back);
  g_assert_cmpstr (sonde_table_get_name (back), ==, "out.json");

  g_assert_true (g_file_delete (file, NULL, NULL));
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

typedef struct
{
  guint    calls;
  double   last;
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
make_big_ndjson (guint rows)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < rows; i++)
    g_string_append_printf (text, "{\"id\": %u, \"value\": %u.5, \"town\": \"%s\"}\n", i, i % 1000, i % 3 ? "Paris" : "Lyon");

  return g_string_free_to_bytes (text);
}

static void
test_progress (void)
{
  g_autoptr(SondeJsonReader) reader = sonde_json_reader_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SondeTable) table = NULL;
  g_autoptr(GBytes) bytes = make_big_ndjson (100000);
  Progress progress = { 0, 0.0, TRUE };

  sonde_json_reader_set_progress_func (reader, progress_cb, &progress, NULL);
  table = sonde_json_reader_read_bytes (reader, bytes, "big.ndjson", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sonde_table_get_n_rows (table), ==, 100000);
  g_assert_true (progress.monotonic);
  g_assert_cmpfloat (progress.last, ==, 1.0);
  g_assert_cmpuint (progress.calls, >=, 10);
  g_assert_cmpuint (progress.calls, <=, 105);
  g_assert_cmpint (sonde_column_get_column_type (sonde_table_find_column (table, "town")), ==, SONDE_COLUMN_TYPE_CATEGORICAL);
}

static void
cancel_at_half (double   fraction,
                gpointer user_data)
{
  if (fraction >= 0.4)
    g_cancellable_cancel (user_data);
}

static void
test_cancel (void)
{
  g_autoptr(SondeJsonReader) reader = sonde_json_reader_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SondeTable) table = NULL;
  g_autoptr(GBytes) bytes = make_big_ndjson (100000);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();

  sonde_json_reader_set_progress_func (reader, cancel_at_half, cancellable, NULL);
  table = sonde_json_reader_read_bytes (reader, bytes, "big.ndjson", cancellable, &error);
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

  *table = sonde_json_reader_read_file_finish (SONDE_JSON_READER (object), result, &error);
  g_assert_no_error (error);
}

static void
test_async (void)
{
  g_autoptr(SondeJsonReader) reader = sonde_json_reader_new ();
  g_autofree char *path = g_build_filename (FIXTURES_DIR, "json", "array.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  SondeTable *table = NULL;

  sonde_json_reader_read_file_async (reader, file, NULL, read_done_cb, &table);
  while (table == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpuint (sonde_table_get_n_rows (table), ==, 8);
  g_assert_finalize_object (table);
}

static void
test_random_bytes (void)
{
  GRand *rand = g_rand_new_with_seed (8259);
  static const char alphabet[] = "{}[]\"\\:,. \n\t-+eE0129aturlnfx\xc3\xa9";

  /* Random short inputs over an alphabet of JSON-significant bytes: any
   * result is fine as long as it is a table or a SONDE_ERROR. */
  for (guint i = 0; i < 5000; i++)
    {
      g_autoptr(SondeJsonReader) reader = sonde_json_reader_new ();
      g_autoptr(GError) error = NULL;
      g_autoptr(SondeTable) table = NULL;
      g_autoptr(GBytes) bytes = NULL;
      guint len = g_rand_int_range (rand, 0, 48);
      char *buf = g_malloc (len + 2);

      buf[0] = i % 2 ? '[' : '{';
      for (guint j = 1; j <= len; j++)
        buf[j] = alphabet[g_rand_int_range (rand, 0, sizeof alphabet - 1)];
      bytes = g_bytes_new_take (buf, len + 1);

      sonde_json_reader_set_format (reader, (SondeJsonFormat) (i % 3));
      table = sonde_json_reader_read_bytes (reader, bytes, "random.json", NULL, &error);
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

  g_test_add_func ("/engine/json/cells", test_cells);
  g_test_add_func ("/engine/json/error/inline", test_errors_inline);
  g_test_add_func ("/engine/json/error/deep-nesting", test_deep_nesting);
  g_test_add_func ("/engine/json/duplicate-keys", test_duplicate_keys);
  g_test_add_func ("/engine/json/categorical-rule", test_categorical_rule);
  g_test_add_func ("/engine/json/round-trip/every-type", test_round_trip_every_type);
  g_test_add_func ("/engine/json/round-trip/csv", test_round_trip_csv);
  g_test_add_func ("/engine/json/writer-output", test_writer_output);
  g_test_add_func ("/engine/json/write-file", test_write_file);
  g_test_add_func ("/engine/json/progress", test_progress);
  g_test_add_func ("/engine/json/cancel", test_cancel);
  g_test_add_func ("/engine/json/async", test_async);
  g_test_add_func ("/engine/json/random-bytes", test_random_bytes);

  return g_test_run ();
}
