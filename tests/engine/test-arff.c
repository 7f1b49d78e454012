/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-arff"

/* Tests of SondeArffReader and SondeArffWriter over the small files in
 * fixtures/arff/: shapes and types of the files that must read, cells,
 * errors with their line and column, the declared order of nominal
 * values, date formats, then round trips (ARFF → ARFF, a table of every
 * column type), progress, cancellation, the async API and random bytes.
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "sonde-engine.h"
#include "test-util.h"

static SondeTable *
read_fixture (SondeArffReader  *reader,
              const char       *name,
              GError          **error)
{
  g_autofree char *path = g_build_filename (FIXTURES_DIR, "arff", name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  return sonde_arff_reader_read_file (reader, file, NULL, error);
}

static SondeTable *
read_string (SondeArffReader  *reader,
             const char       *text,
             GError          **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));

  return sonde_arff_reader_read_bytes (reader, bytes, "test.arff", NULL, error);
}

static char *
describe_categories (SondeColumn *col)
{
  GString *out = g_string_new (NULL);

  for (guint k = 0; k < sonde_column_get_n_categories (col); k++)
    {
      if (k > 0)
        g_string_append_c (out, '|');
      g_string_append (out, sonde_column_get_category_label (col, k));
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

/* Same names, types (a yes/no column of @a may come back as a category
 * column, see SondeArffWriter), category dictionaries and values. */
static void
assert_tables_equal (SondeTable *a,
                     SondeTable *b)
{
  g_autofree char *names_a = sonde_test_describe (a, FALSE);
  g_autofree char *names_b = sonde_test_describe (b, FALSE);

  g_assert_cmpstr (names_a, ==, names_b);
  g_assert_cmpstr (sonde_table_get_name (a), ==, sonde_table_get_name (b));
  g_assert_cmpuint (sonde_table_get_n_rows (a), ==, sonde_table_get_n_rows (b));

  for (guint c = 0; c < sonde_table_get_n_columns (a); c++)
    {
      SondeColumn *ca = sonde_table_get_column (a, c);
      SondeColumn *cb = sonde_table_get_column (b, c);
      SondeColumnType ta = sonde_column_get_column_type (ca);
      SondeColumnType tb = sonde_column_get_column_type (cb);

      if (ta == SONDE_COLUMN_TYPE_BOOLEAN)
        {
          g_autofree char *labels = describe_categories (cb);

          g_assert_cmpint (tb, ==, SONDE_COLUMN_TYPE_CATEGORICAL);
          g_assert_cmpstr (labels, ==, "false|true");
        }
      else
        g_assert_cmpint (ta, ==, tb);

      if (ta == SONDE_COLUMN_TYPE_CATEGORICAL)
        {
          g_autofree char *la = describe_categories (ca);
          g_autofree char *lb = describe_categories (cb);

          g_assert_cmpstr (la, ==, lb);
        }

      for (guint r = 0; r < sonde_table_get_n_rows (a); r++)
        {
          g_autofree char *va = sonde_column_format_value (ca, r);
          g_autofree char *vb = sonde_column_format_value (cb, r);

          g_assert_cmpstr (va, ==, vb);
        }
    }
}

typedef struct
{
  const char *path;
  const char *fixture;
  const char *relation;
  guint       n_rows;
  const char *names;
  const char *types;
} ReadCase;

static const ReadCase read_cases[] = {
  { "/engine/arff/dense", "weather.arff", "weather data", 6,
    "outlook,max temp,humidity,windy,play?,visits,remark",
    "categorical,real,real,categorical,categorical,integer,text" },
  { "/engine/arff/sparse", "sparse.arff", "sparse", 4,
    "a,b,colour,note,day", "real,integer,categorical,text,date" },
  { "/engine/arff/dates", "dates.arff", "dates", 2,
    "iso,day,french,stamp,precise", "datetime,date,date,datetime,datetime" },
  { "/engine/arff/nominal-order", "nominal-order.arff", "grades", 3,
    "grade", "categorical" },
};

static void
test_read_case (gconstpointer data)
{
  const ReadCase *rc = data;
  g_autoptr(SondeArffReader) reader = sonde_arff_reader_new ();
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
  g_assert_cmpstr (sonde_table_get_name (table), ==, rc->relation);
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
  { "weather.arff", "outlook", 2, "overcast" },
  { "weather.arff", "max temp", 1, "80" },
  { "weather.arff", "humidity", 3, NULL },
  { "weather.arff", "windy", 1, "TRUE" },
  { "weather.arff", "play?", 0, "no" },
  { "weather.arff", "visits", 2, NULL },
  { "weather.arff", "visits", 3, "5" },
  { "weather.arff", "visits", 4, "-2" },
  { "weather.arff", "remark", 0, "hot day" },
  { "weather.arff", "remark", 1, "it's windy" },
  { "weather.arff", "remark", 2, NULL },
  { "weather.arff", "remark", 3, "back\\slash and 'quote'" },
  { "weather.arff", "remark", 4, "?" },
  { "weather.arff", "remark", 5, "plain" },
  /* Unlisted sparse values: numeric 0, nominal its first value, string
   * missing, date 1970-01-01 (Weka's 0). */
  { "sparse.arff", "a", 0, "1.5" },
  { "sparse.arff", "b", 0, "0" },
  { "sparse.arff", "colour", 0, "blue" },
  { "sparse.arff", "note", 0, NULL },
  { "sparse.arff", "day", 0, "1970-01-01" },
  { "sparse.arff", "a", 1, "0" },
  { "sparse.arff", "b", 1, "7" },
  { "sparse.arff", "colour", 1, "red" },
  { "sparse.arff", "note", 1, "hello world" },
  { "sparse.arff", "colour", 2, "red" },
  { "sparse.arff", "colour", 3, NULL },
  { "sparse.arff", "day", 3, "2024-02-29" },
  { "dates.arff", "iso", 0, "2024-12-31T23:59:59Z" },
  { "dates.arff", "iso", 1, "1970-01-01T00:00:00Z" },
  { "dates.arff", "day", 0, "2024-12-31" },
  { "dates.arff", "day", 1, "1969-12-31" },
  { "dates.arff", "french", 0, "2024-12-31" },
  { "dates.arff", "french", 1, "2000-02-01" },
  { "dates.arff", "stamp", 0, "2024-12-31T23:59:59Z" },
  { "dates.arff", "stamp", 1, "2000-02-29T12:00:00Z" },
  { "dates.arff", "precise", 0, "2024-12-31T23:59:59.250000Z" },
  { "dates.arff", "precise", 1, NULL },
  { "nominal-order.arff", "grade", 0, "high" },
  { "nominal-order.arff", "grade", 1, "low" },
};

static void
test_cells (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (cell_cases); i++)
    {
      const CellCase *cc = &cell_cases[i];
      g_autoptr(SondeArffReader) reader = sonde_arff_reader_new ();
      g_autoptr(GError) error = NULL;
      g_autoptr(SondeTable) table = read_fixture (reader, cc->fixture, &error);
      g_autofree char *value = NULL;

      g_assert_no_error (error);
      g_test_message ("%s, %s, row %u", cc->fixture, cc->column, cc->row);
      value = cell (table, cc->column, cc->row);
      g_assert_cmpstr (value, ==, cc->value);
    }
}

static void
test_nominal_order (void)
{
  g_autoptr(SondeArffReader) reader = sonde_arff_reader_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SondeTable) table = read_fixture (reader, "nominal-order.arff", &error);
  SondeColumn *grade;
  g_autofree char *labels = NULL;

  g_assert_no_error (error);
  grade = sonde_table_find_column (table, "grade");
  labels = describe_categories (grade);
  /* Declared order, "medium" and "top grade" kept though never used. */
  g_assert_cmpstr (labels, ==, "low|medium|high|top grade");
  g_assert_cmpuint (sonde_column_get_code (grade, 0), ==, 2);
  g_assert_cmpuint (sonde_column_get_code (grade, 1), ==, 0);
}

typedef struct
{
  const char *path;
  const char *fixture;
  int         code;
  const char *message;   /* a part of the message */
} ErrorCase;

static const ErrorCase error_cases[] = {
  { "/engine/arff/error/undeclared-nominal", "undeclared-nominal.arff", SONDE_ERROR_PARSE,
    "undeclared-nominal.arff, line 7, column 3: the value “blue” is not one of the values declared for colour: red, green." },
  { "/engine/arff/error/wrong-count", "wrong-count.arff", SONDE_ERROR_RAGGED,
    "wrong-count.arff, line 7: this row has 2 values but 3 attributes are declared." },
  { "/engine/arff/error/unknown-type", "unknown-type.arff", SONDE_ERROR_PARSE,
    "unknown-type.arff, line 3, column 14: “float” is not an attribute type" },
  { "/engine/arff/error/relational", "relational.arff", SONDE_ERROR_PARSE,
    "relational.arff, line 3, column 18: inner is a relational attribute, which Sonde does not support" },
  { "/engine/arff/error/bad-date-format", "bad-date-format.arff", SONDE_ERROR_PARSE,
    "bad-date-format.arff, line 2, column 22: the date format “dd MMM yyyy” of when uses “MMM”, which Sonde cannot read" },
  { "/engine/arff/error/not-a-number", "not-a-number.arff", SONDE_ERROR_PARSE,
    "not-a-number.arff, line 6, column 3: the value “big” is not a number, but size is declared numeric." },
  { "/engine/arff/error/no-data", "no-data.arff", SONDE_ERROR_PARSE,
    "no-data.arff has no @data line" },
  { "/engine/arff/error/unclosed-quote", "unclosed-quote.arff", SONDE_ERROR_PARSE,
    "unclosed-quote.arff, line 4, column 1: this quote is never closed on its line" },
};

static void
test_error_case (gconstpointer data)
{
  const ErrorCase *ec = data;
  g_autoptr(SondeArffReader) reader = sonde_arff_reader_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SondeTable) table = read_fixture (reader, ec->fixture, &error);

  g_assert_null (table);
  g_assert_error (error, SONDE_ERROR, ec->code);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, ec->message));
}

static void
test_errors_inline (void)
{
  static const struct { const char *text; int code; const char *message; } cases[] = {
    { "", SONDE_ERROR_EMPTY, "test.arff has no @data line" },
    { "@relation r\n@data\n", SONDE_ERROR_EMPTY, "declares no attribute" },
    { "@relation r\nhello\n", SONDE_ERROR_PARSE, "line 2, column 1: expected @relation, @attribute or @data" },
    { "@relation r\n@attribute a integer\n@data\n1.5\n", SONDE_ERROR_PARSE, "line 4, column 1: the value “1.5” is not a whole number" },
    { "@relation r\n@attribute a integer\n@attribute a real\n@data\n", SONDE_ERROR_PARSE, "line 3, column 13: two attributes are named “a”" },
    { "@relation r\n@attribute a {x,x}\n@data\n", SONDE_ERROR_PARSE, "line 2, column 17: the value “x” is declared twice" },
    { "@relation r\n@attribute a\n@data\n", SONDE_ERROR_PARSE, "line 2, column 13: the attribute a has no type" },
    { "@relation r\n@attribute a date\n@data\n2024-12-31\n", SONDE_ERROR_PARSE, "line 4, column 1: the value “2024-12-31” does not match the date format “yyyy-MM-dd'T'HH:mm:ss” declared for a." },
    { "@relation r\n@attribute a real\n@data\n{3 1}\n", SONDE_ERROR_PARSE, "line 4, column 2: there is no attribute number 3; attributes are numbered from 0 to 0" },
    { "@relation r\n@attribute a real\n@data\n{0 1}, {2}\n", SONDE_ERROR_PARSE, "line 4, column 6: unexpected text after a sparse instance" },
    { "@relation r\n@attribute a real\n@data\n'1' 2\n", SONDE_ERROR_PARSE, "line 4, column 5: expected a comma between two values" },
    { "@relation r\n@attribute a real\n@data\n1\xff\n", SONDE_ERROR_ENCODING, "line 4, character 2: the byte 0xFF is not valid UTF-8" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SondeArffReader) reader = sonde_arff_reader_new ();
      g_autoptr(GError) error = NULL;
      g_autoptr(SondeTable) table = read_string (reader, cases[i].text, &error);

      g_test_message ("case %u: %s", i, error != NULL ? error->message : "(no error)");
      g_assert_null (table);
      g_assert_error (error, SONDE_ERROR, cases[i].code);
      g_assert_nonnull (strstr (error->message, cases[i].message));
    }
}

static void
test_header_only (void)
{
  g_autoptr(SondeArffReader) reader = sonde_arff_reader_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SondeTable) table = read_string (reader, "@relation r\n@attribute a real\n@attribute b {x,y}\n@data\n", &error);
  g_autofree char *labels = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (sonde_table_get_n_columns (table), ==, 2);
  g_assert_cmpuint (sonde_table_get_n_rows (table), ==, 0);
  labels = describe_categories (sonde_table_get_column (table, 1));
  g_assert_cmpstr (labels, ==, "x|y");
}

/* The same table as in test-json.c: every column type, missing values. */
static SondeTable *
make_every_type_table (void)
{
  SondeTable *table = sonde_table_new ("every type, 100%");
  g_autoptr(SondeColumn) i = sonde_column_new ("int", SONDE_COLUMN_TYPE_INTEGER);
  g_autoptr(SondeColumn) r = sonde_column_new ("real", SONDE_COLUMN_TYPE_REAL);
  g_autoptr(SondeColumn) b = sonde_column_new ("bool", SONDE_COLUMN_TYPE_BOOLEAN);
  g_autoptr(SondeColumn) c = sonde_column_new ("cat {x}", SONDE_COLUMN_TYPE_CATEGORICAL);
  g_autoptr(SondeColumn) t = sonde_column_new ("text, with 'quotes'", SONDE_COLUMN_TYPE_TEXT);
  g_autoptr(SondeColumn) d = sonde_column_new ("day", SONDE_COLUMN_TYPE_DATE);
  g_autoptr(SondeColumn) dt = sonde_column_new ("when", SONDE_COLUMN_TYPE_DATETIME);
  g_autoptr(SondeColumn) ms = sonde_column_new ("when, ms", SONDE_COLUMN_TYPE_DATETIME);
  static const char * const texts[] = { "plain", "line\nbreak\r", "tab\tand \\ and 'q' \"dq\" % {}", "Zoé 東京", "?", "" };
  static const char * const cats[] = { "red", "light blue", "?", "red", "it's", "red" };
  gint32 day;

  /* A label never used keeps its place in the dictionary. */
  sonde_column_add_category (c, "unused", -1);

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
          sonde_column_append_missing (ms);
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
      sonde_column_append_datetime (ms, (gint64) day * 86400 * G_USEC_PER_SEC - (gint64) k * 1250 * 1000);
    }

  g_assert_true (sonde_table_add_column (table, i, NULL));
  g_assert_true (sonde_table_add_column (table, r, NULL));
  g_assert_true (sonde_table_add_column (table, b, NULL));
  g_assert_true (sonde_table_add_column (table, c, NULL));
  g_assert_true (sonde_table_add_column (table, t, NULL));
  g_assert_true (sonde_table_add_column (table, d, NULL));
  g_assert_true (sonde_table_add_column (table, dt, NULL));
  g_assert_true (sonde_table_add_column (table, ms, NULL));

  return table;
}

static void
test_round_trip_every_type (void)
{
  g_autoptr(SondeTable) table = make_every_type_table ();
  g_autoptr(SondeArffWriter) writer = sonde_arff_writer_new ();
  g_autoptr(SondeArffReader) reader = sonde_arff_reader_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(SondeTable) back = NULL;

  bytes = sonde_arff_writer_write_bytes (writer, table, NULL, &error);
  g_assert_no_error (error);
  back = sonde_arff_reader_read_bytes (reader, bytes, "back.arff", NULL, &error);
  g_assert_no_error (error);
  /* Booleans come back as the nominal {false,true}; values compare equal. */
  assert_tables_equal (table, back);
}

static void
test_round_trip_fixtures (void)
{
  static const char * const fixtures[] = { "weather.arff", "sparse.arff", "dates.arff", "nominal-order.arff" };

  for (guint i = 0; i < G_N_ELEMENTS (fixtures); i++)
    {
      g_autoptr(SondeArffReader) reader = sonde_arff_reader_new ();
      g_autoptr(SondeArffWriter) writer = sonde_arff_writer_new ();
      g_autoptr(GError) error = NULL;
      g_autoptr(SondeTable) table = NULL;
      g_autoptr(SondeTable) back = NULL;
      g_autoptr(GBytes) bytes = NULL;

      g_test_message ("%s", fixtures[i]);
      table = read_fixture (reader, fixtures[i], &error);
      g_assert_no_error (error);
      bytes = sonde_arff_writer_write_bytes (writer, table, NULL, &error);
      g_assert_no_error (error);
      back = sonde_arff_reader_read_bytes (reader, bytes, "back.arff", NULL, &error);
      g_assert_no_error (error);
      assert_tables_equal (table, back);
    }
}

static void
test_writer_output (void)
{
  g_autoptr(SondeArffReader) reader = sonde_arff_reader_new ();
  g_autoptr(SondeArffWriter) writer = sonde_arff_writer_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SondeTable) table = read_string (reader,
                                              "@relation 'my data'\n"
                                              "@attribute 'a b' {x, 'y z'}\n"
                                              "@attribute n real\n"
                                              "@attribute d date yyyy-MM-dd\n"
                                              "@data\n"
                                              "'y z',1.5,2024-01-02\n"
                                              "?,?,?\n",
                                              &error);
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *text = NULL;
  g_autoptr(SondeTable) empty = sonde_table_new ("none");

  g_assert_no_error (error);
  bytes = sonde_arff_writer_write_bytes (writer, table, NULL, &error);
  g_assert_no_error (error);
  text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_assert_cmpstr (text, ==,
                   "@relation 'my data'\n"
                   "\n"
                   "@attribute 'a b' {x,'y z'}\n"
                   "@attribute n numeric\n"
                   "@attribute d date 'yyyy-MM-dd'\n"
                   "\n"
                   "@data\n"
                   "'y z',1.5,2024-01-02\n"
                   "?,?,?\n");

  g_clear_pointer (&bytes, g_bytes_unref);
  bytes = sonde_arff_writer_write_bytes (writer, empty, NULL, &error);
  g_assert_null (bytes);
  g_assert_error (error, SONDE_ERROR, SONDE_ERROR_EMPTY);
}

static void
test_write_file (void)
{
  g_autoptr(SondeTable) table = make_every_type_table ();
  g_autoptr(SondeArffWriter) writer = sonde_arff_writer_new ();
  g_autoptr(SondeArffReader) reader = sonde_arff_reader_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("sonde-arff-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(SondeTable) back = NULL;

  g_assert_no_error (error);
  path = g_build_filename (dir, "out.arff", NULL);
  file = g_file_new_for_path (path);
  g_assert_true (sonde_arff_writer_write_file (writer, table, file, NULL, &error));
  g_assert_no_error (error);
  back = sonde_arff_reader_read_file (reader, file, NULL, &error);
  g_assert_no_error (error);
  assert_tables_equal (table, back);

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
make_big_arff (guint rows)
{
  GString *text = g_string_new ("@relation big\n@attribute id integer\n@attribute value numeric\n@attribute town {Lyon,Paris}\n@data\n");

  for (guint i = 0; i < rows; i++)
    g_string_append_printf (text, "%u,%u.5,%s\n", i, i % 1000, i % 3 ? "Paris" : "Lyon");

  return g_string_free_to_bytes (text);
}

static void
test_progress (void)
{
  g_autoptr(SondeArffReader) reader = sonde_arff_reader_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SondeTable) table = NULL;
  g_autoptr(GBytes) bytes = make_big_arff (200000);
  Progress progress = { 0, 0.0, TRUE };

  sonde_arff_reader_set_progress_func (reader, progress_cb, &progress, NULL);
  table = sonde_arff_reader_read_bytes (reader, bytes, "big.arff", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sonde_table_get_n_rows (table), ==, 200000);
  g_assert_true (progress.monotonic);
  g_assert_cmpfloat (progress.last, ==, 1.0);
  g_assert_cmpuint (progress.calls, >=, 10);
  g_assert_cmpuint (progress.calls, <=, 105);
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
  g_autoptr(SondeArffReader) reader = sonde_arff_reader_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SondeTable) table = NULL;
  g_autoptr(GBytes) bytes = make_big_arff (100000);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();

  sonde_arff_reader_set_progress_func (reader, cancel_at_half, cancellable, NULL);
  table = sonde_arff_reader_read_bytes (reader, bytes, "big.arff", cancellable, &error);
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

  *table = sonde_arff_reader_read_file_finish (SONDE_ARFF_READER (object), result, &error);
  g_assert_no_error (error);
}

static void
test_async (void)
{
  g_autoptr(SondeArffReader) reader = sonde_arff_reader_new ();
  g_autofree char *path = g_build_filename (FIXTURES_DIR, "arff", "weather.arff", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  SondeTable *table = NULL;

  sonde_arff_reader_read_file_async (reader, file, NULL, read_done_cb, &table);
  while (table == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpuint (sonde_table_get_n_rows (table), ==, 6);
  g_assert_finalize_object (table);
}

static void
test_random_bytes (void)
{
  GRand *rand = g_rand_new_with_seed (1999);
  static const char alphabet[] = "{}'\"\\%?, \t\n01.-xyaT:/";
  static const char header[] = "@relation r\n@attribute a numeric\n@attribute b {x,y}\n@attribute c string\n@attribute d date\n@data\n";

  /* A valid header, then random bytes over an alphabet of ARFF-significant
   * characters: any result is fine as long as it is a table or a
   * SONDE_ERROR. */
  for (guint i = 0; i < 5000; i++)
    {
      g_autoptr(SondeArffReader) reader = sonde_arff_reader_new ();
      g_autoptr(GError) error = NULL;
      g_autoptr(SondeTable) table = NULL;
      GString *text = g_string_new (header);
      g_autoptr(GBytes) bytes = NULL;
      guint len = g_rand_int_range (rand, 0, 48);

      for (guint j = 0; j < len; j++)
        g_string_append_c (text, alphabet[g_rand_int_range (rand, 0, sizeof alphabet - 1)]);
      bytes = g_string_free_to_bytes (text);

      table = sonde_arff_reader_read_bytes (reader, bytes, "random.arff", NULL, &error);
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

  g_test_add_func ("/engine/arff/cells", test_cells);
  g_test_add_func ("/engine/arff/nominal-order-dictionary", test_nominal_order);
  g_test_add_func ("/engine/arff/error/inline", test_errors_inline);
  g_test_add_func ("/engine/arff/header-only", test_header_only);
  g_test_add_func ("/engine/arff/round-trip/every-type", test_round_trip_every_type);
  g_test_add_func ("/engine/arff/round-trip/fixtures", test_round_trip_fixtures);
  g_test_add_func ("/engine/arff/writer-output", test_writer_output);
  g_test_add_func ("/engine/arff/write-file", test_write_file);
  g_test_add_func ("/engine/arff/progress", test_progress);
  g_test_add_func ("/engine/arff/cancel", test_cancel);
  g_test_add_func ("/engine/arff/async", test_async);
  g_test_add_func ("/engine/arff/random-bytes", test_random_bytes);

  return g_test_run ();
}
