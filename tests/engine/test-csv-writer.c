/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-csv-writer"

/* Tests of SondeCsvWriter: every fixture that reads must give the same
 * table after a write and a second read (names, types, missing values
 * and every value as formatted), with several delimiters, encodings and
 * decimal marks; then the quoting rules and the encoding errors.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>

#include "sonde-engine.h"

static const char * const round_trip_fixtures[] = {
  "quoted-newline.csv", "doubled-quotes.csv", "semicolon-decimal-comma.csv",
  "windows-1252.csv", "utf8-bom.csv", "utf16le-bom.csv", "french-dates.csv",
  "iso-dates.csv", "duplicate-headers.csv", "header-only.csv",
  "missing-markers.csv", "crlf.csv", "tabs.tsv", "pipes.csv",
  "categorical.csv", "no-header.csv", "leading-zeros.csv",
};

static void
assert_same_table (SondeTable *a,
                   SondeTable *b)
{
  g_assert_cmpuint (sonde_table_get_n_columns (a), ==, sonde_table_get_n_columns (b));
  g_assert_cmpuint (sonde_table_get_n_rows (a), ==, sonde_table_get_n_rows (b));

  for (guint c = 0; c < sonde_table_get_n_columns (a); c++)
    {
      SondeColumn *ca = sonde_table_get_column (a, c);
      SondeColumn *cb = sonde_table_get_column (b, c);

      g_assert_cmpstr (sonde_column_get_name (ca), ==, sonde_column_get_name (cb));
      g_assert_cmpint (sonde_column_get_column_type (ca), ==, sonde_column_get_column_type (cb));
      g_assert_cmpuint (sonde_column_get_n_missing (ca), ==, sonde_column_get_n_missing (cb));

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
  char        delimiter;
  char        decimal_mark;
  const char *encoding;
} WriteOptions;

static void
test_round_trip (void)
{
  static const WriteOptions options[] = {
    { ',', '.', "UTF-8" },
    { ';', ',', "UTF-8" },
    { '\t', '.', "UTF-16LE" },
    { '|', '.', "UTF-8" },
  };

  for (guint o = 0; o < G_N_ELEMENTS (options); o++)
    for (guint i = 0; i < G_N_ELEMENTS (round_trip_fixtures); i++)
      {
        g_autoptr(SondeCsvReader) reader = sonde_csv_reader_new ();
        g_autoptr(SondeCsvReader) reader2 = sonde_csv_reader_new ();
        g_autoptr(SondeCsvWriter) writer = sonde_csv_writer_new ();
        g_autofree char *path = g_build_filename (FIXTURES_DIR, round_trip_fixtures[i], NULL);
        g_autoptr(GFile) file = g_file_new_for_path (path);
        g_autoptr(SondeTable) first = NULL;
        g_autoptr(SondeTable) second = NULL;
        g_autoptr(GBytes) bytes = NULL;
        g_autoptr(GError) error = NULL;

        g_test_message ("%s with delimiter %d, encoding %s", round_trip_fixtures[i],
                        options[o].delimiter, options[o].encoding);

        if (g_str_equal (round_trip_fixtures[i], "no-header.csv"))
          sonde_csv_reader_set_header (reader, SONDE_CSV_HEADER_NO);

        first = sonde_csv_reader_read_file (reader, file, NULL, &error);
        g_assert_no_error (error);

        sonde_csv_writer_set_delimiter (writer, options[o].delimiter);
        sonde_csv_writer_set_decimal_mark (writer, options[o].decimal_mark);
        sonde_csv_writer_set_encoding (writer, options[o].encoding);
        bytes = sonde_csv_writer_write_bytes (writer, first, NULL, &error);
        g_assert_no_error (error);

        /* UTF-16 is only detected with a byte order mark. */
        if (g_str_equal (options[o].encoding, "UTF-16LE"))
          sonde_csv_reader_set_encoding (reader2, "UTF-16LE");
        second = sonde_csv_reader_read_bytes (reader2, bytes, "again.csv", NULL, &error);
        g_assert_no_error (error);
        g_assert_cmpint (sonde_csv_reader_get_detected_delimiter (reader2), ==, options[o].delimiter);

        assert_same_table (first, second);
      }
}

static void
test_quoting (void)
{
  g_autoptr(SondeTable) table = sonde_table_new ("q");
  g_autoptr(SondeColumn) text = sonde_column_new ("2024", SONDE_COLUMN_TYPE_TEXT);
  g_autoptr(SondeColumn) num = sonde_column_new ("x", SONDE_COLUMN_TYPE_REAL);
  g_autoptr(SondeCsvWriter) writer = sonde_csv_writer_new ();
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  static const char *texts[] = { "plain", "a,b", "say \"hi\"", "two\nlines", " padded", "NA", "" };
  static const char expected[] =
    "\"2024\",x\n"
    "plain,0.5\n"
    "\"a,b\",\n"
    "\"say \"\"hi\"\"\",-2\n"
    "\"two\nlines\",1e+20\n"
    "\" padded\",0.1\n"
    "\"NA\",3\n"
    "\"\",4\n";
  static const double values[] = { 0.5, NAN, -2.0, 1e20, 0.1, 3.0, 4.0 };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      sonde_column_append_text (text, texts[i], -1);
      sonde_column_append_real (num, values[i]);
    }
  g_assert_true (sonde_table_add_column (table, text, NULL));
  g_assert_true (sonde_table_add_column (table, num, NULL));

  bytes = sonde_csv_writer_write_bytes (writer, table, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), expected, strlen (expected));

  /* The same decimal mark and delimiter cannot work. */
  sonde_csv_writer_set_decimal_mark (writer, ',');
  g_clear_pointer (&bytes, g_bytes_unref);
  bytes = sonde_csv_writer_write_bytes (writer, table, NULL, &error);
  g_assert_null (bytes);
  g_assert_error (error, SONDE_ERROR, SONDE_ERROR_INVALID);
}

static void
test_encoding_error (void)
{
  g_autoptr(SondeTable) table = sonde_table_new ("e");
  g_autoptr(SondeColumn) text = sonde_column_new ("name", SONDE_COLUMN_TYPE_TEXT);
  g_autoptr(SondeCsvWriter) writer = sonde_csv_writer_new ();
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  sonde_column_append_text (text, "Zoé", -1);
  sonde_column_append_text (text, "東京", -1);
  g_assert_true (sonde_table_add_column (table, text, NULL));

  sonde_csv_writer_set_encoding (writer, "WINDOWS-1252");
  bytes = sonde_csv_writer_write_bytes (writer, table, NULL, &error);
  g_assert_null (bytes);
  g_assert_error (error, SONDE_ERROR, SONDE_ERROR_ENCODING);
  g_assert_cmpstr (error->message, ==, "Line 3: the character “東” cannot be written in WINDOWS-1252. Choose UTF-8, which can write every character.");
}

static void
test_write_file (void)
{
  g_autoptr(SondeTable) table = sonde_table_new ("f");
  g_autoptr(SondeColumn) col = sonde_column_new ("n", SONDE_COLUMN_TYPE_INTEGER);
  g_autoptr(SondeCsvWriter) writer = sonde_csv_writer_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("sonde-writer-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "out.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *contents = NULL;

  g_assert_no_error (error);
  sonde_column_append_integer (col, 42);
  g_assert_true (sonde_table_add_column (table, col, NULL));
  g_assert_true (sonde_csv_writer_write_file (writer, table, file, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "n\n42\n");

  g_assert_cmpint (g_remove (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/engine/csv-writer/round-trip", test_round_trip);
  g_test_add_func ("/engine/csv-writer/quoting", test_quoting);
  g_test_add_func ("/engine/csv-writer/encoding-error", test_encoding_error);
  g_test_add_func ("/engine/csv-writer/write-file", test_write_file);

  return g_test_run ();
}
