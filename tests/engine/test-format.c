/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-format"

/* Format detection: by extension, by content, and which wins when they
 * disagree. Table-driven. */

#include "config.h"

#include <glib/gstdio.h>

#include "sonde-engine.h"

static void
test_from_extension (void)
{
  const struct { const char *name; SondeFormat format; } cases[] = {
    { "students.csv", SONDE_FORMAT_CSV },
    { "STUDENTS.CSV", SONDE_FORMAT_CSV },
    { "a/b.c/data.tsv", SONDE_FORMAT_CSV },
    { "x.json", SONDE_FORMAT_JSON },
    { "x.jsonl", SONDE_FORMAT_NDJSON },
    { "x.ndjson", SONDE_FORMAT_NDJSON },
    { "iris.arff", SONDE_FORMAT_ARFF },
    { "book.xlsx", SONDE_FORMAT_XLSX },
    { "project.db", SONDE_FORMAT_SQLITE },
    { "x.sqlite3", SONDE_FORMAT_SQLITE },
    { "noextension", SONDE_FORMAT_UNKNOWN },
    { "dir.csv/file", SONDE_FORMAT_UNKNOWN },
    { "old.xls", SONDE_FORMAT_UNKNOWN },
    { NULL, SONDE_FORMAT_UNKNOWN },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpint (sonde_format_from_extension (cases[i].name), ==, cases[i].format);
}

static void
test_sniff (void)
{
  const struct { const char *data; gsize size; SondeFormat format; } cases[] = {
    { "PK\x03\x04rest", 8, SONDE_FORMAT_XLSX },
    { "SQLite format 3\0\x10\0", 19, SONDE_FORMAT_SQLITE },
    { "% a comment\n%another\n@RELATION iris\n", 36, SONDE_FORMAT_ARFF },
    { "@relation x", 11, SONDE_FORMAT_ARFF },
    { "  [ {\"a\": 1} ]", 14, SONDE_FORMAT_JSON },
    { "\xEF\xBB\xBF[]", 5, SONDE_FORMAT_JSON },
    { "{\"a\": 1}\n{\"a\": 2}\n", 18, SONDE_FORMAT_NDJSON },
    { "a,b\n1,2\n", 8, SONDE_FORMAT_CSV },
    { "\xFF\xFE" "a\0,\0", 6, SONDE_FORMAT_CSV },
    { "\x7F" "ELF\0\0\0", 7, SONDE_FORMAT_UNKNOWN },
    { "", 0, SONDE_FORMAT_UNKNOWN },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("case %u", i);
      g_assert_cmpint (sonde_format_sniff ((const guint8 *) cases[i].data, cases[i].size), ==, cases[i].format);
    }
}

static void
test_strings (void)
{
  for (SondeFormat f = SONDE_FORMAT_CSV; f <= SONDE_FORMAT_SQLITE; f++)
    {
      g_assert_cmpint (sonde_format_from_string (sonde_format_to_string (f)), ==, f);
      g_assert_cmpstr (sonde_format_get_label (f), !=, "");
    }
  g_assert_cmpint (sonde_format_from_string ("TSV"), ==, SONDE_FORMAT_CSV);
  g_assert_cmpint (sonde_format_from_string ("jsonl"), ==, SONDE_FORMAT_NDJSON);
  g_assert_cmpint (sonde_format_from_string ("parquet"), ==, SONDE_FORMAT_UNKNOWN);
  g_assert_cmpint (sonde_format_from_string (NULL), ==, SONDE_FORMAT_UNKNOWN);
}

static SondeFormat
guess (const char *name,
       const char *content,
       gsize       size)
{
  g_autofree char *dir = g_dir_make_tmp ("sonde-format-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  SondeFormat format;

  g_assert_true (g_file_set_contents (path, content, size, NULL));
  format = sonde_format_guess_for_file (file, NULL, &error);
  g_assert_no_error (error);
  g_unlink (path);
  g_rmdir (dir);

  return format;
}

static void
test_guess_for_file (void)
{
  g_autoptr(GFile) missing = g_file_new_for_path ("/nonexistent/sonde/x.csv");
  g_autoptr(GError) error = NULL;

  /* The extension decides for text... */
  g_assert_cmpint (guess ("data.json", "a,b\n", 4), ==, SONDE_FORMAT_JSON);
  g_assert_cmpint (guess ("data.arff", "[1]", 3), ==, SONDE_FORMAT_ARFF);
  /* ...but a workbook or a database is known by its content. */
  g_assert_cmpint (guess ("data.csv", "PK\x03\x04zip", 7), ==, SONDE_FORMAT_XLSX);
  g_assert_cmpint (guess ("data.csv", "SQLite format 3\0", 16), ==, SONDE_FORMAT_SQLITE);
  /* No known extension: the content decides. */
  g_assert_cmpint (guess ("export", "{\"a\":1}\n", 8), ==, SONDE_FORMAT_NDJSON);
  g_assert_cmpint (guess ("export", "x;y\n1;2\n", 8), ==, SONDE_FORMAT_CSV);

  g_assert_cmpint (sonde_format_guess_for_file (missing, NULL, &error), ==, SONDE_FORMAT_UNKNOWN);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/engine/format/from-extension", test_from_extension);
  g_test_add_func ("/engine/format/sniff", test_sniff);
  g_test_add_func ("/engine/format/strings", test_strings);
  g_test_add_func ("/engine/format/guess-for-file", test_guess_for_file);

  return g_test_run ();
}
