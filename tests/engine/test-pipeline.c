/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-pipeline"

/* Tests of SondeStep and SondePipeline: every kind of step on a small
 * table of students with missing values, fitting then replaying (the
 * same table, cell by cell), replaying on new data (the training state
 * is used), the JSON round trip, the effects counted, and every error.
 *
 * The reference values were printed by pandas 1.5.3 / numpy 1.24.2
 * (Debian's /usr/bin/python3) from the same table:
 *
 *   import pandas as pd, numpy as np, hmac, hashlib
 *   df = pd.DataFrame({
 *    "id":[1,2,3,4,5,6,7,8],
 *    "name":[" Alice ","bob","Chloe\u0301",None,"Éric","bob","Gaëlle","Hugo"],
 *    "age":[20,22,None,25,21,22,95,23],
 *    "score":[12.5,None,14.0,9.5,11.0,None,16.5,13.0],
 *    "city":["Lyon","Paris","Lyon",None,"Lille","Paris","Lyon","Paris"],
 *    "born":pd.to_datetime(["2004-03-01","2002-11-15","2003-07-14",None,
 *                           "2001-01-01","2002-11-15","1999-12-31","2000-02-29"])})
 *   a = df.age.dropna(); s = df.score.dropna()
 *   "%.17g" % a.mean(); a.median(); df.city.mode()
 *   q1, q3 = a.quantile(.25), a.quantile(.75); q1-1.5*(q3-q1), q3+1.5*(q3-q1)
 *   (s-s.mean())/s.std(ddof=0); (s-s.min())/(s.max()-s.min())
 *   (s-s.median())/(s.quantile(.75)-s.quantile(.25)); np.log(s)
 *   np.histogram_bin_edges(s, bins=3); s.quantile([0,1/3,2/3,1]); pd.qcut(s,3,labels=False)
 *   b = df.born.dropna(); b.dt.year, b.dt.month, b.dt.day, b.dt.dayofweek
 *   hmac.new(salt.encode(), "Lyon".encode(), hashlib.sha256).hexdigest()
 *   df.groupby("city", sort=False, dropna=False).agg(n=("id","size"),
 *       age_mean=("age","mean"), score_sum=("score","sum"), age_max=("age","max"))
 *   df.merge(cities, on="city", how=...)   # cities: Lyon ARA, Paris IDF, Nantes PDL
 *   pd.get_dummies(df.city); df.drop_duplicates(subset=[...]); df.dropna(subset=[...])
 */

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "sonde-engine.h"

#define SALT "sonde-test-salt-0123456789"

static SondeTable *
make_students (void)
{
  static const char *names[] = { " Alice ", "bob", "Chloe\xcc\x81", NULL, "Éric", "bob", "Gaëlle", "Hugo" };
  static const int ages[] = { 20, 22, -1, 25, 21, 22, 95, 23 };
  static const double scores[] = { 12.5, NAN, 14.0, 9.5, 11.0, NAN, 16.5, 13.0 };
  static const char *cities[] = { "Lyon", "Paris", "Lyon", NULL, "Lille", "Paris", "Lyon", "Paris" };
  static const char *born[] = { "2004-03-01", "2002-11-15", "2003-07-14", NULL, "2001-01-01", "2002-11-15",
                                "1999-12-31", "2000-02-29" };
  SondeTable *table = sonde_table_new ("students");
  g_autoptr(SondeColumn) id = sonde_column_new ("id", SONDE_COLUMN_TYPE_INTEGER);
  g_autoptr(SondeColumn) name = sonde_column_new ("name", SONDE_COLUMN_TYPE_TEXT);
  g_autoptr(SondeColumn) age = sonde_column_new ("age", SONDE_COLUMN_TYPE_INTEGER);
  g_autoptr(SondeColumn) score = sonde_column_new ("score", SONDE_COLUMN_TYPE_REAL);
  g_autoptr(SondeColumn) city = sonde_column_new ("city", SONDE_COLUMN_TYPE_CATEGORICAL);
  g_autoptr(SondeColumn) date = sonde_column_new ("born", SONDE_COLUMN_TYPE_DATE);

  for (guint r = 0; r < 8; r++)
    {
      sonde_column_append_integer (id, r + 1);
      if (names[r] != NULL)
        sonde_column_append_text (name, names[r], -1);
      else
        sonde_column_append_missing (name);
      if (ages[r] >= 0)
        sonde_column_append_integer (age, ages[r]);
      else
        sonde_column_append_missing (age);
      if (!isnan (scores[r]))
        sonde_column_append_real (score, scores[r]);
      else
        sonde_column_append_missing (score);
      if (cities[r] != NULL)
        sonde_column_append_category (city, cities[r], -1);
      else
        sonde_column_append_missing (city);
      if (born[r] != NULL)
        {
          int y, m, d;
          gint32 days;

          g_assert_cmpint (sscanf (born[r], "%d-%d-%d", &y, &m, &d), ==, 3);
          g_assert_true (sonde_date_from_ymd (y, m, d, &days));
          sonde_column_append_date (date, days);
        }
      else
        sonde_column_append_missing (date);
    }
  g_assert_true (sonde_table_add_column (table, id, NULL));
  g_assert_true (sonde_table_add_column (table, name, NULL));
  g_assert_true (sonde_table_add_column (table, age, NULL));
  g_assert_true (sonde_table_add_column (table, score, NULL));
  g_assert_true (sonde_table_add_column (table, city, NULL));
  g_assert_true (sonde_table_add_column (table, date, NULL));
  return table;
}

static SondeTable *
make_cities (void)
{
  SondeTable *table = sonde_table_new ("cities");
  g_autoptr(SondeColumn) city = sonde_column_new ("city", SONDE_COLUMN_TYPE_TEXT);
  g_autoptr(SondeColumn) region = sonde_column_new ("region", SONDE_COLUMN_TYPE_TEXT);
  g_autoptr(SondeColumn) id = sonde_column_new ("id", SONDE_COLUMN_TYPE_INTEGER);
  static const char *c[] = { "Lyon", "Paris", "Nantes" };
  static const char *r[] = { "ARA", "IDF", "PDL" };

  for (guint i = 0; i < 3; i++)
    {
      sonde_column_append_text (city, c[i], -1);
      sonde_column_append_text (region, r[i], -1);
      sonde_column_append_integer (id, 100 + i);
    }
  g_assert_true (sonde_table_add_column (table, city, NULL));
  g_assert_true (sonde_table_add_column (table, region, NULL));
  g_assert_true (sonde_table_add_column (table, id, NULL));
  return table;
}

static SondeTable *
lookup (const char  *name,
        gpointer     user_data,
        GError     **error)
{
  if (g_strcmp0 (name, "cities") == 0)
    return make_cities ();
  if (g_strcmp0 (name, "students") == 0)
    return make_students ();
  g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID, "there is no dataset “%s”.", name);
  return NULL;
}

static SondeStep *
step_new (const char *kind,
          const char *params)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (params, &error);
  SondeStep *step;

  g_assert_no_error (error);
  step = sonde_step_new (kind, json_node_get_object (node), &error);
  g_assert_no_error (error);
  g_assert_nonnull (step);
  return step;
}

/* Fits @kind with @params on @table, checks that replaying gives the same
 * table, and returns the fitted output. */
static SondeTable *
fit (const char      *kind,
     const char      *params,
     SondeTable      *table,
     SondeStepEffect *effect);

static void
assert_tables_equal (SondeTable *a,
                     SondeTable *b)
{
  g_assert_cmpuint (sonde_table_get_n_rows (a), ==, sonde_table_get_n_rows (b));
  g_assert_cmpuint (sonde_table_get_n_columns (a), ==, sonde_table_get_n_columns (b));
  for (guint c = 0; c < sonde_table_get_n_columns (a); c++)
    {
      SondeColumn *x = sonde_table_get_column (a, c), *y = sonde_table_get_column (b, c);

      g_assert_cmpstr (sonde_column_get_name (x), ==, sonde_column_get_name (y));
      g_assert_cmpint (sonde_column_get_column_type (x), ==, sonde_column_get_column_type (y));
      for (guint r = 0; r < sonde_table_get_n_rows (a); r++)
        {
          g_autofree char *vx = sonde_column_format_value (x, r);
          g_autofree char *vy = sonde_column_format_value (y, r);

          g_assert_cmpint (sonde_column_is_missing (x, r), ==, sonde_column_is_missing (y, r));
          g_assert_cmpstr (vx, ==, vy);
        }
    }
}

static SondeTable *
fit (const char      *kind,
     const char      *params,
     SondeTable      *table,
     SondeStepEffect *effect)
{
  g_autoptr(SondeStep) step = step_new (kind, params);
  g_autoptr(SondeStep) loaded = NULL;
  g_autoptr(JsonNode) json = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SondeTable) out = NULL;
  g_autoptr(SondeTable) again = NULL;
  g_autoptr(SondeTable) reloaded = NULL;
  g_autoptr(SondeTable) before = sonde_table_copy (table, "before");
  SondeStepEffect replay;

  out = sonde_step_fit_apply (step, table, lookup, NULL, effect, &error);
  g_assert_no_error (error);
  g_assert_nonnull (out);
  g_assert_true (sonde_step_is_fitted (step));
  /* The input is never changed. */
  assert_tables_equal (before, table);

  again = sonde_step_apply (step, table, lookup, NULL, &replay, &error);
  g_assert_no_error (error);
  assert_tables_equal (out, again);
  if (effect != NULL)
    {
      g_assert_cmpuint (replay.cells_changed, ==, effect->cells_changed);
      g_assert_cmpuint (replay.rows_removed, ==, effect->rows_removed);
    }

  /* What it learned survives JSON. */
  json = sonde_step_to_json (step);
  loaded = sonde_step_new_from_json (json, &error);
  g_assert_no_error (error);
  reloaded = sonde_step_apply (loaded, table, lookup, NULL, NULL, &error);
  g_assert_no_error (error);
  assert_tables_equal (out, reloaded);

  return g_steal_pointer (&out);
}

static double
real_at (SondeTable *table,
         const char *column,
         guint       row)
{
  SondeColumn *c = sonde_table_find_column (table, column);

  g_assert_nonnull (c);
  return sonde_column_get_number (c, row);
}

static gboolean
missing_at (SondeTable *table,
            const char *column,
            guint       row)
{
  SondeColumn *c = sonde_table_find_column (table, column);

  g_assert_nonnull (c);
  return sonde_column_is_missing (c, row);
}

static char *
text_at (SondeTable *table,
         const char *column,
         guint       row)
{
  SondeColumn *c = sonde_table_find_column (table, column);

  g_assert_nonnull (c);
  return sonde_column_format_value (c, row);
}

static char *
column_values (SondeTable *table,
               const char *column)
{
  SondeColumn *c = sonde_table_find_column (table, column);
  GString *s = g_string_new (NULL);

  g_assert_nonnull (c);
  for (guint r = 0; r < sonde_column_get_n_rows (c); r++)
    {
      g_autofree char *v = sonde_column_is_missing (c, r) ? g_strdup ("NA") : sonde_column_format_value (c, r);

      if (r > 0)
        g_string_append_c (s, ',');
      g_string_append (s, v);
    }
  return g_string_free (s, FALSE);
}

#define assert_values(table, column, expected) \
  G_STMT_START { \
    g_autofree char *_v = column_values (table, column); \
    g_assert_cmpstr (_v, ==, expected); \
  } G_STMT_END

static void
test_impute (void)
{
  g_autoptr(SondeTable) students = make_students ();
  SondeStepEffect effect;

  {
    g_autoptr(SondeTable) out = fit ("impute", "{\"columns\":[\"age\",\"score\"],\"method\":\"mean\"}", students, &effect);

    /* pandas: 32.571428571428569; an integer column filled with a
     * fraction becomes real. */
    g_assert_cmpint (sonde_column_get_column_type (sonde_table_find_column (out, "age")), ==, SONDE_COLUMN_TYPE_REAL);
    g_assert_cmpfloat_with_epsilon (real_at (out, "age", 2), 32.571428571428569, 1e-12);
    g_assert_cmpfloat (real_at (out, "age", 0), ==, 20);
    g_assert_cmpfloat_with_epsilon (real_at (out, "score", 1), 76.5 / 6, 1e-12);
    g_assert_cmpuint (effect.cells_changed, ==, 3);
    g_assert_cmpuint (effect.rows_changed, ==, 3);
    g_assert_cmpuint (effect.n_changed_rows, ==, 3);
    g_assert_cmpuint (effect.changed_rows[0], ==, 1);
    g_assert_cmpuint (effect.changed_rows[1], ==, 2);
    g_assert_cmpuint (effect.changed_rows[2], ==, 5);
    /* Untouched columns are shared, not copied. */
    g_assert_true (sonde_table_find_column (out, "name") == sonde_table_find_column (students, "name"));
  }
  {
    g_autoptr(SondeTable) out = fit ("impute", "{\"columns\":\"age\",\"method\":\"median\"}", students, &effect);

    /* pandas: 22, whole, so the column stays integer. */
    g_assert_cmpint (sonde_column_get_column_type (sonde_table_find_column (out, "age")), ==, SONDE_COLUMN_TYPE_INTEGER);
    assert_values (out, "age", "20,22,22,25,21,22,95,23");
  }
  {
    /* pandas' mode: Lyon and Paris three times each; the first, Lyon. */
    g_autoptr(SondeTable) out = fit ("impute", "{\"columns\":[\"city\",\"born\"],\"method\":\"mode\"}", students, &effect);

    assert_values (out, "city", "Lyon,Paris,Lyon,Lyon,Lille,Paris,Lyon,Paris");
    assert_values (out, "born", "2004-03-01,2002-11-15,2003-07-14,2002-11-15,2001-01-01,2002-11-15,1999-12-31,2000-02-29");
  }
  {
    /* Instants and yes/no values go through the learned state as text
     * and true/false, and come back the same. */
    g_autoptr(SondeTable) table = sonde_table_new ("times");
    g_autoptr(SondeColumn) when = sonde_column_new ("when", SONDE_COLUMN_TYPE_DATETIME);
    g_autoptr(SondeColumn) flag = sonde_column_new ("flag", SONDE_COLUMN_TYPE_BOOLEAN);
    g_autoptr(SondeTable) out = NULL;
    const gint64 t1 = G_GINT64_CONSTANT (1709283661123456), t2 = G_GINT64_CONSTANT (-86400000001);

    sonde_column_append_datetime (when, t1);
    sonde_column_append_missing (when);
    sonde_column_append_datetime (when, t2);
    sonde_column_append_datetime (when, t1);
    sonde_column_append_boolean (flag, FALSE);
    sonde_column_append_boolean (flag, TRUE);
    sonde_column_append_missing (flag);
    sonde_column_append_boolean (flag, TRUE);
    g_assert_true (sonde_table_add_column (table, when, NULL));
    g_assert_true (sonde_table_add_column (table, flag, NULL));
    out = fit ("impute", "{\"columns\":[\"when\",\"flag\"],\"method\":\"mode\"}", table, &effect);
    g_assert_cmpint (sonde_column_get_datetime (sonde_table_find_column (out, "when"), 1), ==, t1);
    g_assert_true (sonde_column_get_boolean (sonde_table_find_column (out, "flag"), 2));
    g_assert_cmpuint (effect.cells_changed, ==, 2);
  }
  {
    g_autoptr(SondeTable) out = fit ("impute", "{\"columns\":[\"name\"],\"method\":\"constant\",\"value\":\"unknown\"}",
                                     students, &effect);
    g_autofree char *v = text_at (out, "name", 3);

    g_assert_cmpstr (v, ==, "unknown");
    g_assert_cmpuint (effect.cells_changed, ==, 1);
  }
}

/* scikit-learn 1.2.1, on the columns id, age, score of the students:
 *
 *   from sklearn.impute import KNNImputer
 *   X = np.array([[1,20,12.5],[2,22,nan],[3,nan,14.0],[4,25,9.5],[5,21,11.0],
 *                 [6,22,nan],[7,95,16.5],[8,23,13.0]])
 *   imp = KNNImputer(n_neighbors=2).fit(X); imp.transform(X)
 *   imp.transform(np.array([[9,nan,10.0],[nan,nan,nan]]))
 *
 * gives age 21 (row 3), score 13.25 and 12 (rows 2 and 6); for the new
 * rows age 22, then the training means 4.5, 32.571428571428569, 12.75. */
static void
test_impute_knn (void)
{
  g_autoptr(SondeTable) students = make_students ();
  g_autoptr(SondeStep) step = step_new ("impute", "{\"columns\":[\"id\",\"age\",\"score\"],\"method\":\"knn\",\"k\":2}");
  g_autoptr(GError) error = NULL;
  SondeStepEffect effect;
  g_autoptr(SondeTable) out = sonde_step_fit_apply (step, students, NULL, NULL, &effect, &error);
  g_autoptr(SondeTable) fresh = sonde_table_new ("students");
  g_autoptr(SondeColumn) id = sonde_column_new ("id", SONDE_COLUMN_TYPE_INTEGER);
  g_autoptr(SondeColumn) age = sonde_column_new ("age", SONDE_COLUMN_TYPE_INTEGER);
  g_autoptr(SondeColumn) score = sonde_column_new ("score", SONDE_COLUMN_TYPE_REAL);
  g_autoptr(SondeTable) replayed = NULL;

  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (real_at (out, "age", 2), 21, 1e-12);
  g_assert_cmpfloat_with_epsilon (real_at (out, "score", 1), 13.25, 1e-12);
  g_assert_cmpfloat_with_epsilon (real_at (out, "score", 5), 12, 1e-12);
  g_assert_cmpfloat (real_at (out, "score", 0), ==, 12.5);
  g_assert_cmpuint (effect.cells_changed, ==, 3);
  /* Nothing to impute in id: the column is shared as it was. */
  g_assert_true (sonde_table_find_column (out, "id") == sonde_table_find_column (students, "id"));

  {
    g_autoptr(SondeTable) again = fit ("impute", "{\"columns\":[\"id\",\"age\",\"score\"],\"method\":\"knn\",\"k\":3}",
                                       students, NULL);

    /* KNNImputer(n_neighbors=3): 11.166666666666666 for row 6. */
    g_assert_cmpfloat_with_epsilon (real_at (again, "score", 5), 11.166666666666666, 1e-12);
  }

  sonde_column_append_integer (id, 9);
  sonde_column_append_missing (id);
  sonde_column_append_missing (age);
  sonde_column_append_missing (age);
  sonde_column_append_real (score, 10);
  sonde_column_append_missing (score);
  g_assert_true (sonde_table_add_column (fresh, id, NULL));
  g_assert_true (sonde_table_add_column (fresh, age, NULL));
  g_assert_true (sonde_table_add_column (fresh, score, NULL));
  replayed = sonde_step_apply (step, fresh, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (real_at (replayed, "age", 0), 22, 1e-12);
  g_assert_cmpfloat_with_epsilon (real_at (replayed, "id", 1), 4.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (real_at (replayed, "age", 1), 32.571428571428569, 1e-12);
  g_assert_cmpfloat_with_epsilon (real_at (replayed, "score", 1), 12.75, 1e-12);

  {
    /* At most "reference_rows" training rows are kept, evenly spaced. */
    g_autoptr(SondeStep) small = step_new ("impute", "{\"columns\":[\"age\",\"score\"],\"method\":\"knn\",\"reference_rows\":3}");
    g_autoptr(SondeTable) s = sonde_step_fit_apply (small, students, NULL, NULL, NULL, &error);
    JsonObject *knn = json_object_get_object_member (sonde_step_get_learned (small), "knn");

    g_assert_no_error (error);
    g_assert_nonnull (s);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (knn, "rows")), ==, 3);
  }
}

static void
test_drop_and_deduplicate (void)
{
  g_autoptr(SondeTable) students = make_students ();
  SondeStepEffect effect;

  {
    g_autoptr(SondeTable) out = fit ("drop_columns", "{\"columns\":[\"name\",\"born\"]}", students, &effect);
    g_autofree char *shape = NULL;

    g_assert_cmpuint (sonde_table_get_n_columns (out), ==, 4);
    g_assert_cmpuint (effect.columns_removed, ==, 2);
    g_assert_null (sonde_table_find_column (out, "name"));
    (void) shape;
  }
  {
    /* pandas dropna(subset=["age","score"]): ids 1, 4, 5, 7, 8. */
    g_autoptr(SondeTable) out = fit ("drop_missing", "{\"columns\":[\"age\",\"score\"]}", students, &effect);

    assert_values (out, "id", "1,4,5,7,8");
    g_assert_cmpuint (effect.rows_removed, ==, 3);
    g_assert_cmpuint (effect.n_removed_rows, ==, 3);
    g_assert_cmpuint (effect.removed_rows[0], ==, 1);
    g_assert_cmpuint (effect.rows_after, ==, 5);
  }
  {
    g_autoptr(SondeTable) out = fit ("drop_missing", "{}", students, &effect);

    assert_values (out, "id", "1,5,7,8");
  }
  {
    /* pandas drop_duplicates(subset=["name","age","score","city"]): not 6. */
    g_autoptr(SondeTable) out = fit ("deduplicate", "{\"columns\":[\"name\",\"age\",\"score\",\"city\"]}", students, &effect);

    assert_values (out, "id", "1,2,3,4,5,7,8");
    g_assert_cmpuint (effect.rows_removed, ==, 1);
    g_assert_cmpuint (effect.removed_rows[0], ==, 5);
  }
  {
    g_autoptr(SondeTable) out = fit ("deduplicate", "{}", students, &effect);

    g_assert_cmpuint (effect.rows_removed, ==, 0);
    g_assert_cmpuint (sonde_table_get_n_rows (out), ==, 8);
  }
}

static void
test_convert_rename (void)
{
  g_autoptr(SondeTable) students = make_students ();
  SondeStepEffect effect;

  {
    g_autoptr(SondeTable) out = fit ("convert", "{\"column\":\"city\",\"type\":\"text\"}", students, &effect);

    g_assert_cmpint (sonde_column_get_column_type (sonde_table_find_column (out, "city")), ==, SONDE_COLUMN_TYPE_TEXT);
    g_assert_cmpuint (effect.cells_changed, ==, 0);
  }
  {
    /* Names are not numbers: the step says so instead of an empty column. */
    g_autoptr(SondeStep) step = step_new ("convert", "{\"column\":\"name\",\"type\":\"integer\"}");
    g_autoptr(GError) error = NULL;
    g_autoptr(SondeTable) out = sonde_step_fit_apply (step, students, NULL, NULL, NULL, &error);

    g_assert_null (out);
    g_assert_error (error, SONDE_ERROR, SONDE_ERROR_INVALID);
  }
  {
    g_autoptr(SondeTable) text = fit ("convert", "{\"column\":\"age\",\"type\":\"text\"}", students, NULL);
    g_autoptr(SondeTable) out = fit ("replace", "{\"columns\":[\"age\"],\"pattern\":\"^2\",\"replacement\":\"x\"}", text, NULL);
    g_autoptr(SondeTable) back = fit ("convert", "{\"column\":\"age\",\"type\":\"integer\"}", out, &effect);

    /* x0, x2, x5… cannot be read as numbers: 6 values made missing. */
    assert_values (back, "age", "NA,NA,NA,NA,NA,NA,95,NA");
    g_assert_cmpuint (effect.cells_missing_made, ==, 6);
  }
  {
    g_autoptr(SondeTable) out = fit ("rename", "{\"columns\":{\"age\":\"age_years\",\"city\":\"town\"}}", students, &effect);
    g_autofree char *said = sonde_step_effect_describe (&effect);

    g_assert_cmpuint (effect.columns_renamed, ==, 2);
    g_assert_cmpuint (effect.columns_added, ==, 0);
    g_assert_cmpuint (effect.columns_removed, ==, 0);
    g_assert_cmpstr (said, ==, "2 columns renamed; 8 → 8 rows");

    g_assert_null (sonde_table_find_column (out, "age"));
    assert_values (out, "age_years", "20,22,NA,25,21,22,95,23");
    assert_values (out, "town", "Lyon,Paris,Lyon,NA,Lille,Paris,Lyon,Paris");
    /* The input keeps its names. */
    g_assert_nonnull (sonde_table_find_column (students, "age"));
  }
}

static void
test_text (void)
{
  g_autoptr(SondeTable) students = make_students ();
  SondeStepEffect effect;

  {
    g_autoptr(SondeTable) out = fit ("text", "{\"columns\":[\"name\"],\"operation\":\"trim\"}", students, &effect);
    g_autofree char *v = text_at (out, "name", 0);

    g_assert_cmpstr (v, ==, "Alice");
    g_assert_cmpuint (effect.cells_changed, ==, 1);
  }
  {
    g_autoptr(SondeTable) out = fit ("text", "{\"columns\":[\"name\",\"city\"],\"operation\":\"upper\"}", students, &effect);

    assert_values (out, "name", " ALICE ,BOB,CHLOE\xcc\x81,NA,ÉRIC,BOB,GAËLLE,HUGO");
    assert_values (out, "city", "LYON,PARIS,LYON,NA,LILLE,PARIS,LYON,PARIS");
    g_assert_cmpint (sonde_column_get_column_type (sonde_table_find_column (out, "city")), ==, SONDE_COLUMN_TYPE_CATEGORICAL);
    g_assert_cmpuint (effect.cells_changed, ==, 14);
  }
  {
    g_autoptr(SondeTable) out = fit ("text", "{\"columns\":[\"name\"],\"operation\":\"lower\"}", students, &effect);

    assert_values (out, "name", " alice ,bob,chloe\xcc\x81,NA,éric,bob,gaëlle,hugo");
  }
  {
    /* The decomposed "e" + U+0301 becomes the one character é. */
    g_autoptr(SondeTable) out = fit ("text", "{\"columns\":[\"name\"],\"operation\":\"nfc\"}", students, &effect);
    g_autofree char *v = text_at (out, "name", 2);

    g_assert_cmpstr (v, ==, "Chloé");
    g_assert_cmpuint (effect.cells_changed, ==, 1);
    g_assert_cmpuint (effect.changed_rows[0], ==, 2);
  }
  {
    g_autoptr(SondeTable) out = fit ("replace", "{\"columns\":[\"name\"],\"pattern\":\"[aeiou]\",\"replacement\":\"_\"}",
                                     students, &effect);

    assert_values (out, "name", " Al_c_ ,b_b,Chl__\xcc\x81,NA,Ér_c,b_b,G_ëll_,H_g_");
  }
  {
    /* Categories that become equal merge. */
    g_autoptr(SondeTable) out = fit ("replace", "{\"columns\":[\"city\"],\"pattern\":\"L.*\",\"replacement\":\"L\"}",
                                     students, &effect);

    assert_values (out, "city", "L,Paris,L,NA,L,Paris,L,Paris");
    g_assert_cmpuint (sonde_column_get_n_categories (sonde_table_find_column (out, "city")), ==, 2);
  }
  {
    /* Literal: the dot is a dot, \1 is text. */
    g_autoptr(SondeTable) out = fit ("replace", "{\"columns\":[\"name\"],\"pattern\":\"o\",\"replacement\":\"\\\\1.\",\"literal\":true}",
                                     students, &effect);

    assert_values (out, "name", " Alice ,b\\1.b,Chl\\1.e\xcc\x81,NA,Éric,b\\1.b,Gaëlle,Hug\\1.");
  }
  {
    g_autoptr(SondeTable) out = fit ("mask", "{\"columns\":[\"name\"],\"keep_last\":2}", students, &effect);

    assert_values (out, "name", "*****e ,*ob,****e\xcc\x81,NA,**ic,*ob,****le,**go");
  }
  {
    /* The first and the last characters kept. */
    g_autoptr(SondeTable) out = fit ("mask", "{\"columns\":[\"name\"],\"keep_first\":1,\"keep_last\":1,\"character\":\"•\"}",
                                     students, &effect);

    assert_values (out, "name", " ••••• ,b•b,C••••\xcc\x81,NA,É••c,b•b,G••••e,H••o");
    g_assert_cmpuint (effect.cells_changed, ==, 7);
  }
}

static SondeTable *
make_numbers (const char   *name,
              const double *values,
              guint         n)
{
  SondeTable *table = sonde_table_new ("numbers");
  g_autoptr(SondeColumn) x = sonde_column_new (name, SONDE_COLUMN_TYPE_REAL);

  for (guint i = 0; i < n; i++)
    {
      if (isnan (values[i]))
        sonde_column_append_missing (x);
      else
        sonde_column_append_real (x, values[i]);
    }
  g_assert_true (sonde_table_add_column (table, x, NULL));
  return table;
}

static void
test_outliers (void)
{
  g_autoptr(SondeTable) students = make_students ();
  SondeStepEffect effect;

  {
    /* pandas: q1 21.5, q3 24, fences 17.75 and 27.75; whole numbers are
     * capped at 27. */
    g_autoptr(SondeStep) step = step_new ("outliers", "{\"columns\":[\"age\"]}");
    g_autoptr(SondeTable) out = sonde_step_fit_apply (step, students, NULL, NULL, &effect, NULL);
    JsonArray *bounds = json_object_get_array_member (json_object_get_object_member (sonde_step_get_learned (step), "bounds"), "age");

    g_assert_cmpfloat (json_array_get_double_element (bounds, 0), ==, 17.75);
    g_assert_cmpfloat (json_array_get_double_element (bounds, 1), ==, 27.75);
    assert_values (out, "age", "20,22,NA,25,21,22,27,23");
    g_assert_cmpuint (effect.cells_changed, ==, 1);
    g_assert_cmpuint (effect.changed_rows[0], ==, 6);
  }
  {
    g_autoptr(SondeTable) out = fit ("outliers", "{\"columns\":[\"age\"],\"action\":\"remove\"}", students, &effect);

    assert_values (out, "id", "1,2,3,4,5,6,8");
    g_assert_cmpuint (effect.rows_removed, ==, 1);
  }
  {
    /* pandas: mean ± 2 sd = -22.575129409490394 and 87.717986552347526. */
    g_autoptr(SondeStep) step = step_new ("outliers", "{\"columns\":[\"age\"],\"method\":\"zscore\",\"factor\":2}");
    g_autoptr(SondeTable) out = sonde_step_fit_apply (step, students, NULL, NULL, &effect, NULL);
    JsonArray *bounds = json_object_get_array_member (json_object_get_object_member (sonde_step_get_learned (step), "bounds"), "age");

    g_assert_cmpfloat_with_epsilon (json_array_get_double_element (bounds, 0), -22.575129409490394, 1e-12);
    g_assert_cmpfloat_with_epsilon (json_array_get_double_element (bounds, 1), 87.717986552347526, 1e-12);
    assert_values (out, "age", "20,22,NA,25,21,22,87,23");
  }
  {
    g_autoptr(SondeTable) out = fit ("outliers", "{\"columns\":[\"score\"],\"factor\":0.5}", students, &effect);

    /* pandas: q1 11.375, q3 13.75, fences 10.1875 and 14.9375;
     * s.clip(...) = 12.5, 14, 10.1875, 11, 14.9375, 13. */
    assert_values (out, "score", "12.5,NA,14,10.1875,11,NA,14.9375,13");
  }
}

static void
test_encodings (void)
{
  g_autoptr(SondeTable) students = make_students ();
  SondeStepEffect effect;

  {
    /* pd.get_dummies(df.city): the missing row is all zeros (no). */
    g_autoptr(SondeTable) out = fit ("onehot", "{\"column\":\"city\"}", students, &effect);

    g_assert_null (sonde_table_find_column (out, "city"));
    assert_values (out, "city_Lille", "false,false,false,false,true,false,false,false");
    assert_values (out, "city_Lyon", "true,false,true,false,false,false,true,false");
    assert_values (out, "city_Paris", "false,true,false,false,false,true,false,true");
    g_assert_cmpint (sonde_column_get_column_type (sonde_table_find_column (out, "city_Lyon")), ==, SONDE_COLUMN_TYPE_BOOLEAN);
    g_assert_cmpfloat (real_at (out, "city_Lyon", 0), ==, 1.0);
    g_assert_cmpuint (effect.columns_added, ==, 3);
    g_assert_cmpuint (effect.columns_removed, ==, 1);
  }
  {
    g_autoptr(SondeTable) out = fit ("onehot", "{\"column\":\"id\",\"keep\":true}", students, NULL);

    g_assert_nonnull (sonde_table_find_column (out, "id"));
    assert_values (out, "id_8", "false,false,false,false,false,false,false,true");
  }
  {
    g_autoptr(SondeTable) out = fit ("ordinal", "{\"column\":\"city\"}", students, &effect);

    assert_values (out, "city", "1,2,1,NA,0,2,1,2");
    g_assert_cmpuint (effect.cells_changed, ==, 7);
  }
  {
    /* An order given by a person; Lille, not in it, has no code. */
    g_autoptr(SondeTable) out = fit ("ordinal", "{\"column\":\"city\",\"order\":[\"Paris\",\"Lyon\"]}", students, &effect);

    assert_values (out, "city", "1,0,1,NA,NA,0,1,0");
    g_assert_cmpuint (effect.cells_missing_made, ==, 1);
  }
}

static void
test_scale (void)
{
  g_autoptr(SondeTable) students = make_students ();
  static const guint present[] = { 0, 2, 3, 4, 6, 7 };
  /* numpy, printed with %.17g; see the top of the file. */
  static const double standard[] = { -0.11298653657320641, 0.56493268286603204, -1.4688249754516833,
                                     -0.79090575601244484, 1.694798048598096, 0.11298653657320641 };
  static const double minmax[] = { 0.42857142857142855, 0.6428571428571429, 0, 0.21428571428571427, 1, 0.5 };
  static const double robust[] = { -0.10526315789473684, 0.52631578947368418, -1.368421052631579,
                                   -0.73684210526315785, 1.5789473684210527, 0.10526315789473684 };
  static const double logs[] = { 2.5257286443082552, 2.6390573296152584, 2.2512917986064949,
                                 2.3978952727983707, 2.8033603809065348, 2.5649493574615367 };
  const struct { const char *method; const double *expected; } cases[] = {
    { "standard", standard }, { "minmax", minmax }, { "robust", robust }, { "log", logs },
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autofree char *params = g_strdup_printf ("{\"columns\":[\"score\"],\"method\":\"%s\"}", cases[c].method);
      g_autoptr(SondeTable) out = fit ("scale", params, students, NULL);

      for (guint i = 0; i < G_N_ELEMENTS (present); i++)
        g_assert_cmpfloat_with_epsilon (real_at (out, "score", present[i]), cases[c].expected[i], 1e-12);
      g_assert_true (missing_at (out, "score", 1));
    }

  {
    /* The log of 0 or less is missing, and counted. */
    static const double values[] = { 1, 0, -2, M_E, NAN };
    g_autoptr(SondeTable) numbers = make_numbers ("x", values, G_N_ELEMENTS (values));
    SondeStepEffect effect;
    g_autoptr(SondeTable) out = fit ("scale", "{\"columns\":[\"x\"],\"method\":\"log\"}", numbers, &effect);

    assert_values (out, "x", "0,NA,NA,1,NA");
    g_assert_cmpuint (effect.cells_missing_made, ==, 2);
    g_assert_cmpuint (effect.cells_changed, ==, 4);
  }
}

static void
test_bin (void)
{
  g_autoptr(SondeTable) students = make_students ();
  static const double fresh[] = { 100, -5, 12 };
  g_autoptr(SondeTable) numbers = make_numbers ("score", fresh, G_N_ELEMENTS (fresh));
  g_autoptr(SondeStep) width = step_new ("bin", "{\"column\":\"score\",\"bins\":3}");
  g_autoptr(SondeTable) out = sonde_step_fit_apply (width, students, NULL, NULL, NULL, NULL);
  g_autoptr(SondeTable) replayed = sonde_step_apply (width, numbers, NULL, NULL, NULL, NULL);
  JsonArray *edges = json_object_get_array_member (sonde_step_get_learned (width), "edges");

  /* numpy.histogram_bin_edges(s, bins=3); np.digitize with the last bin
   * closed: 1, 1, 0, 0, 2, 1. */
  g_assert_cmpuint (json_array_get_length (edges), ==, 4);
  g_assert_cmpfloat_with_epsilon (json_array_get_double_element (edges, 1), 11.833333333333334, 1e-12);
  assert_values (out, "score_bin", "1,NA,1,0,0,NA,2,1");
  /* Outside the learned edges: the first or last bin. */
  assert_values (replayed, "score_bin", "2,0,1");

  {
    /* pandas: s.quantile([0, 1/3, 2/3, 1]) = 9.5, 12, 13.333333333333332,
     * 16.5; pd.qcut(s, 3, labels=False) = 1, 2, 0, 0, 2, 1. */
    g_autoptr(SondeStep) step = step_new ("bin", "{\"column\":\"score\",\"bins\":3,\"method\":\"quantile\",\"name\":\"tier\"}");
    g_autoptr(SondeTable) q = sonde_step_fit_apply (step, students, NULL, NULL, NULL, NULL);
    JsonArray *qe = json_object_get_array_member (sonde_step_get_learned (step), "edges");

    g_assert_cmpfloat_with_epsilon (json_array_get_double_element (qe, 1), 12, 1e-12);
    g_assert_cmpfloat_with_epsilon (json_array_get_double_element (qe, 2), 13.333333333333332, 1e-12);
    assert_values (q, "tier", "1,NA,2,0,0,NA,2,1");
  }
  {
    g_autoptr(SondeTable) again = fit ("bin", "{\"column\":\"age\",\"bins\":4,\"method\":\"quantile\"}", students, NULL);

    g_assert_nonnull (sonde_table_find_column (again, "age_bin"));
  }
}

static void
test_date_parts (void)
{
  g_autoptr(SondeTable) students = make_students ();
  SondeStepEffect effect;
  g_autoptr(SondeTable) out = fit ("date_parts", "{\"column\":\"born\"}", students, &effect);

  /* pandas: b.dt.year, month, day, dayofweek (Monday 0). */
  assert_values (out, "born_year", "2004,2002,2003,NA,2001,2002,1999,2000");
  assert_values (out, "born_month", "3,11,7,NA,1,11,12,2");
  assert_values (out, "born_day", "1,15,14,NA,1,15,31,29");
  assert_values (out, "born_weekday", "0,4,0,NA,0,4,4,1");
  g_assert_cmpuint (effect.columns_added, ==, 4);

  {
    g_autoptr(SondeTable) some = fit ("date_parts", "{\"column\":\"born\",\"parts\":[\"weekday\"]}", students, &effect);

    g_assert_cmpuint (sonde_table_get_n_columns (some), ==, 7);
  }
}

static void
test_pseudonymise (void)
{
  g_autoptr(SondeTable) students = make_students ();
  SondeStepEffect effect;
  g_autoptr(SondeTable) out = fit ("pseudonymise", "{\"columns\":[\"city\",\"id\"],\"salt\":\"" SALT "\"}", students, &effect);
  g_autofree char *lyon = text_at (out, "city", 0);
  g_autofree char *paris = text_at (out, "city", 1);
  g_autofree char *lyon2 = text_at (out, "city", 2);

  /* Python: hmac.new(salt.encode(), b"Lyon", hashlib.sha256).hexdigest() */
  g_assert_cmpstr (lyon, ==, "8a6635822646a82aef797645c4e45b81c2c22205277617e46f439a908566b6eb");
  g_assert_cmpstr (paris, ==, "2e1a0149600508b10faca974505c4828146f1601d0e6272eb89aed9b3843e5ff");
  g_assert_cmpstr (lyon, ==, lyon2);
  g_assert_true (missing_at (out, "city", 3));
  g_assert_cmpint (sonde_column_get_column_type (sonde_table_find_column (out, "id")), ==, SONDE_COLUMN_TYPE_TEXT);
  g_assert_cmpuint (effect.cells_changed, ==, 15);
}

static void
test_generalise (void)
{
  g_autoptr(SondeTable) students = make_students ();
  SondeStepEffect effect;
  g_autoptr(SondeTable) out = fit ("generalise", "{\"columns\":[\"age\",\"born\"]}", students, &effect);
  g_autoptr(SondeTable) months = fit ("generalise", "{\"columns\":[\"born\",\"score\"],\"level\":\"month\",\"width\":2.5}",
                                      students, NULL);

  assert_values (out, "age", "[20, 30),[20, 30),NA,[20, 30),[20, 30),[20, 30),[90, 100),[20, 30)");
  assert_values (out, "born", "2004,2002,2003,NA,2001,2002,1999,2000");
  g_assert_cmpint (sonde_column_get_column_type (sonde_table_find_column (out, "age")), ==, SONDE_COLUMN_TYPE_CATEGORICAL);
  g_assert_cmpuint (effect.cells_changed, ==, 14);
  assert_values (months, "born", "2004-03,2002-11,2003-07,NA,2001-01,2002-11,1999-12,2000-02");
  assert_values (months, "score", "[12.5, 15),NA,[12.5, 15),[7.5, 10),[10, 12.5),NA,[15, 17.5),[12.5, 15)");
}

static void
test_split_merge (void)
{
  g_autoptr(SondeTable) students = make_students ();
  SondeStepEffect effect;
  g_autoptr(SondeTable) merged = fit ("merge", "{\"columns\":[\"city\",\"id\"],\"separator\":\"-\",\"name\":\"code\"}",
                                      students, &effect);
  g_autoptr(SondeTable) split = NULL;

  /* A missing part is left out with its separator. */
  assert_values (merged, "code", "Lyon-1,Paris-2,Lyon-3,4,Lille-5,Paris-6,Lyon-7,Paris-8");
  g_assert_null (sonde_table_find_column (merged, "city"));
  g_assert_cmpuint (effect.columns_removed, ==, 2);

  split = fit ("split", "{\"column\":\"code\",\"separator\":\"-\",\"into\":[\"town\",\"number\"]}", merged, &effect);
  assert_values (split, "town", "Lyon,Paris,Lyon,4,Lille,Paris,Lyon,Paris");
  assert_values (split, "number", "1,2,3,NA,5,6,7,8");
  g_assert_null (sonde_table_find_column (split, "code"));

  {
    /* At most as many parts as names: the rest stays in the last. */
    g_autoptr(SondeTable) one = fit ("split", "{\"column\":\"code\",\"separator\":\"y\",\"into\":[\"a\"],\"keep\":true}", merged, NULL);

    assert_values (one, "a", "Lyon-1,Paris-2,Lyon-3,4,Lille-5,Paris-6,Lyon-7,Paris-8");
  }
}

static void
test_aggregate (void)
{
  g_autoptr(SondeTable) students = make_students ();
  SondeStepEffect effect;
  g_autoptr(SondeTable) out = fit ("aggregate",
                                   "{\"by\":[\"city\"],\"aggregations\":["
                                   "{\"function\":\"count\",\"name\":\"n\"},"
                                   "{\"function\":\"mean\",\"column\":\"age\"},"
                                   "{\"function\":\"sum\",\"column\":\"score\"},"
                                   "{\"function\":\"max\",\"column\":\"age\"},"
                                   "{\"function\":\"min\",\"column\":\"score\"},"
                                   "{\"function\":\"count\",\"column\":\"score\"}]}",
                                   students, &effect);

  /* pandas groupby("city", sort=False, dropna=False): Lyon, Paris, NaN,
   * Lille; n 3 3 1 1; age mean 57.5 22.333… 25 21; score sum 43 13 9.5
   * 11; age max 95 23 25 21. */
  assert_values (out, "city", "Lyon,Paris,NA,Lille");
  assert_values (out, "n", "3,3,1,1");
  g_assert_cmpfloat_with_epsilon (real_at (out, "age_mean", 0), 57.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (real_at (out, "age_mean", 1), 67.0 / 3, 1e-12);
  assert_values (out, "score_sum", "43,13,9.5,11");
  assert_values (out, "age_max", "95,23,25,21");
  assert_values (out, "score_min", "12.5,13,9.5,11");
  assert_values (out, "score_count", "3,1,1,1");
  g_assert_cmpuint (effect.rows_after, ==, 4);
}

static void
test_join_append (void)
{
  g_autoptr(SondeTable) students = make_students ();
  SondeStepEffect effect;

  {
    g_autoptr(SondeTable) out = fit ("join", "{\"with\":\"cities\",\"on\":[\"city\"]}", students, &effect);

    /* pandas merge(how="inner") has the same pairs, grouped by key;
     * Sonde keeps the order of the left rows. */
    assert_values (out, "id", "1,2,3,6,7,8");
    assert_values (out, "region", "ARA,IDF,ARA,IDF,ARA,IDF");
    assert_values (out, "id_right", "100,101,100,101,100,101");
    g_assert_cmpuint (effect.rows_removed, ==, 2);
    g_assert_cmpuint (effect.columns_added, ==, 2);
  }
  {
    g_autoptr(SondeTable) out = fit ("join", "{\"with\":\"cities\",\"on\":\"city\",\"how\":\"left\"}", students, &effect);

    assert_values (out, "id", "1,2,3,4,5,6,7,8");
    assert_values (out, "region", "ARA,IDF,ARA,NA,NA,IDF,ARA,IDF");
    g_assert_cmpuint (effect.rows_removed, ==, 0);
  }
  {
    g_autoptr(SondeTable) out = fit ("join", "{\"with\":\"cities\",\"on\":[\"city\"],\"how\":\"full\",\"suffix\":\"_city\"}",
                                     students, &effect);

    assert_values (out, "id", "1,2,3,4,5,6,7,8,NA");
    assert_values (out, "city", "Lyon,Paris,Lyon,NA,Lille,Paris,Lyon,Paris,Nantes");
    assert_values (out, "region", "ARA,IDF,ARA,NA,NA,IDF,ARA,IDF,PDL");
    assert_values (out, "id_city", "100,101,100,NA,NA,101,100,101,102");
    g_assert_cmpuint (effect.rows_added, ==, 1);
  }
  {
    /* Two keys: a student matches itself once. */
    g_autoptr(SondeTable) out = fit ("join", "{\"with\":\"students\",\"on\":[\"id\",\"name\"]}", students, &effect);

    assert_values (out, "id", "1,2,3,5,6,7,8");
    assert_values (out, "age_right", "20,22,NA,21,22,95,23");
  }
  {
    g_autoptr(SondeTable) out = fit ("append", "{\"with\":\"cities\"}", students, &effect);

    assert_values (out, "id", "1,2,3,4,5,6,7,8,100,101,102");
    assert_values (out, "city", "Lyon,Paris,Lyon,NA,Lille,Paris,Lyon,Paris,Lyon,Paris,Nantes");
    assert_values (out, "region", "NA,NA,NA,NA,NA,NA,NA,NA,ARA,IDF,PDL");
    g_assert_cmpuint (effect.rows_added, ==, 3);
    g_assert_cmpuint (effect.columns_added, ==, 1);
  }
}

static const char *training_pipeline =
  "{\"format\":\"sonde-pipeline\",\"version\":1,\"steps\":["
  "{\"kind\":\"text\",\"params\":{\"columns\":[\"name\"],\"operation\":\"trim\"}},"
  "{\"kind\":\"impute\",\"params\":{\"columns\":[\"age\",\"score\"],\"method\":\"mean\"}},"
  "{\"kind\":\"impute\",\"params\":{\"columns\":[\"city\"],\"method\":\"mode\"}},"
  "{\"kind\":\"deduplicate\",\"enabled\":false,\"params\":{}},"
  "{\"kind\":\"outliers\",\"params\":{\"columns\":[\"age\"]}},"
  "{\"kind\":\"scale\",\"params\":{\"columns\":[\"score\"],\"method\":\"standard\"}},"
  "{\"kind\":\"onehot\",\"params\":{\"column\":\"city\"}},"
  "{\"kind\":\"date_parts\",\"params\":{\"column\":\"born\",\"parts\":[\"year\"]}},"
  "{\"kind\":\"drop_columns\",\"params\":{\"columns\":[\"born\"]}}"
  "]}";

static void
test_pipeline_replay (void)
{
  g_autoptr(SondeTable) students = make_students ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SondePipeline) pipeline = sonde_pipeline_new_from_data (training_pipeline, -1, &error);
  g_autoptr(SondePipeline) loaded = NULL;
  g_autoptr(SondeTable) fitted = NULL;
  g_autoptr(SondeTable) replayed = NULL;
  g_autoptr(SondeTable) reloaded = NULL;
  g_autoptr(GArray) effects = NULL;
  g_autofree char *saved = NULL;
  g_autofree char *saved_again = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (sonde_pipeline_get_n_steps (pipeline), ==, 9);
  g_assert_false (sonde_step_get_enabled (sonde_pipeline_get_step (pipeline, 3)));

  fitted = sonde_pipeline_fit_apply (pipeline, students, &effects, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (effects->len, ==, 9);
  g_assert_cmpuint (g_array_index (effects, SondeStepEffect, 0).cells_changed, ==, 1);
  g_assert_cmpuint (g_array_index (effects, SondeStepEffect, 1).cells_changed, ==, 3);
  g_assert_cmpuint (g_array_index (effects, SondeStepEffect, 3).cells_changed, ==, 0);
  g_assert_cmpstr (sonde_table_get_name (fitted), ==, "students");
  g_assert_cmpuint (sonde_table_get_n_columns (fitted), ==, 8);

  /* Replaying on a fresh copy gives an identical table. */
  {
    g_autoptr(SondeTable) fresh = make_students ();

    replayed = sonde_pipeline_apply (pipeline, fresh, NULL, &error);
    g_assert_no_error (error);
    assert_tables_equal (fitted, replayed);
  }

  /* And so does the pipeline saved and read back. */
  saved = sonde_pipeline_to_data (pipeline);
  loaded = sonde_pipeline_new_from_data (saved, -1, &error);
  g_assert_no_error (error);
  reloaded = sonde_pipeline_apply (loaded, students, NULL, &error);
  g_assert_no_error (error);
  assert_tables_equal (fitted, reloaded);
  saved_again = sonde_pipeline_to_data (loaded);
  g_assert_cmpstr (saved, ==, saved_again);

  /* New data: the training mean imputes, the training categories encode
   * (Nantes, unseen, is all zeros), the training mean and deviation scale. */
  {
    g_autoptr(SondeTable) fresh = sonde_table_new ("students");
    g_autoptr(SondeColumn) id = sonde_column_new ("id", SONDE_COLUMN_TYPE_INTEGER);
    g_autoptr(SondeColumn) name = sonde_column_new ("name", SONDE_COLUMN_TYPE_TEXT);
    g_autoptr(SondeColumn) age = sonde_column_new ("age", SONDE_COLUMN_TYPE_INTEGER);
    g_autoptr(SondeColumn) score = sonde_column_new ("score", SONDE_COLUMN_TYPE_REAL);
    g_autoptr(SondeColumn) city = sonde_column_new ("city", SONDE_COLUMN_TYPE_CATEGORICAL);
    g_autoptr(SondeColumn) born = sonde_column_new ("born", SONDE_COLUMN_TYPE_DATE);
    g_autoptr(SondeTable) out = NULL;
    double mean = 76.5 / 6, sd;

    sonde_column_append_integer (id, 9);
    sonde_column_append_text (name, "  Inès", -1);
    sonde_column_append_missing (age);
    sonde_column_append_real (score, 20);
    sonde_column_append_category (city, "Nantes", -1);
    sonde_column_append_date (born, 0);
    g_assert_true (sonde_table_add_column (fresh, id, NULL));
    g_assert_true (sonde_table_add_column (fresh, name, NULL));
    g_assert_true (sonde_table_add_column (fresh, age, NULL));
    g_assert_true (sonde_table_add_column (fresh, score, NULL));
    g_assert_true (sonde_table_add_column (fresh, city, NULL));
    g_assert_true (sonde_table_add_column (fresh, born, NULL));

    out = sonde_pipeline_apply (loaded, fresh, NULL, &error);
    g_assert_no_error (error);
    /* The age mean of the training data, 32.57…, is above the fences
     * learned after imputing (the imputed column's q3 + 1.5 IQR). */
    g_assert_cmpfloat (real_at (out, "age", 0), <=, 32.571428571428569);
    g_assert_false (missing_at (out, "age", 0));
    /* The score was imputed with its mean, so the deviation learned is
     * that of the 8 values, imputed ones included (ddof=0). */
    {
      static const double s[] = { 12.5, 76.5 / 6, 14.0, 9.5, 11.0, 76.5 / 6, 16.5, 13.0 };
      double ss = 0;

      for (guint i = 0; i < 8; i++)
        ss += (s[i] - mean) * (s[i] - mean);
      sd = sqrt (ss / 8);
    }
    g_assert_cmpfloat_with_epsilon (real_at (out, "score", 0), (20 - mean) / sd, 1e-12);
    assert_values (out, "city_Lyon", "false");
    assert_values (out, "city_Paris", "false");
    assert_values (out, "city_Lille", "false");
    assert_values (out, "name", "Inès");
    assert_values (out, "born_year", "1970");
  }

  /* Imputing age on the training data: its fitted value is the mean. */
  {
    SondeStep *impute = sonde_pipeline_get_step (pipeline, 1);
    JsonObject *values = json_object_get_object_member (sonde_step_get_learned (impute), "values");

    g_assert_cmpfloat_with_epsilon (json_object_get_double_member (values, "age"), 32.571428571428569, 1e-12);
  }
}

static void
assert_load_error (const char *json,
                   const char *message_start)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SondePipeline) pipeline = sonde_pipeline_new_from_data (json, -1, &error);

  g_assert_null (pipeline);
  g_assert_nonnull (error);
  g_assert_true (error->domain == SONDE_ERROR);
  if (!g_str_has_prefix (error->message, message_start))
    g_error ("“%s” does not start with “%s”", error->message, message_start);
}

static void
assert_run_error (const char *json,
                  gboolean    fit,
                  const char *message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SondeTable) students = make_students ();
  g_autoptr(SondePipeline) pipeline = sonde_pipeline_new_from_data (json, -1, &error);
  g_autoptr(SondeTable) out = NULL;

  g_assert_no_error (error);
  out = fit ? sonde_pipeline_fit_apply (pipeline, students, NULL, &error)
            : sonde_pipeline_apply (pipeline, students, NULL, &error);
  g_assert_null (out);
  g_assert_nonnull (error);
  if (!g_str_has_prefix (error->message, message))
    g_error ("“%s” does not start with “%s”", error->message, message);
}

#define PIPE(steps) "{\"format\":\"sonde-pipeline\",\"version\":1,\"steps\":[" steps "]}"

static void
test_errors (void)
{
  assert_load_error ("{", "The pipeline is not valid JSON: ");
  assert_load_error ("[]", "The pipeline must be a JSON object with “format”: “sonde-pipeline”.");
  assert_load_error ("{\"format\":\"csv\",\"version\":1,\"steps\":[]}",
                     "This is not a Sonde pipeline: its “format” is not “sonde-pipeline”.");
  assert_load_error ("{\"format\":\"sonde-pipeline\",\"version\":2,\"steps\":[]}",
                     "This pipeline is of a version this Sonde does not read: it reads version 1.");
  assert_load_error ("{\"format\":\"sonde-pipeline\",\"version\":1}",
                     "The pipeline has no “steps”: give a JSON array of steps, even an empty one.");
  assert_load_error (PIPE ("3"), "Step 1: a step must be a JSON object with a “kind”.");
  assert_load_error (PIPE ("{\"params\":{}}"), "Step 1: a step must have a “kind”, a string such as “impute”.");
  assert_load_error (PIPE ("{\"kind\":\"drop_columns\",\"params\":{\"columns\":[\"a\"]}},{\"kind\":\"explode\"}"),
                     "Step 2 (explode): “explode” is not a kind of step Sonde knows: use one of impute, drop_columns, ");
  assert_load_error (PIPE ("{\"kind\":\"impute\",\"params\":{\"columns\":[\"age\"]}}"),
                     "Step 1 (impute): the parameter “method” is missing.");
  assert_load_error (PIPE ("{\"kind\":\"impute\",\"params\":{\"columns\":3,\"method\":\"mean\"}}"),
                     "Step 1 (impute): the parameter “columns” must be a list of column names.");
  assert_load_error (PIPE ("{\"kind\":\"impute\",\"params\":{\"columns\":[],\"method\":\"mean\"}}"),
                     "Step 1 (impute): the parameter “columns” must be a list of at least one column name.");
  assert_load_error (PIPE ("{\"kind\":\"impute\",\"params\":{\"columns\":[\"age\"],\"method\":\"average\"}}"),
                     "Step 1 (impute): “average” is not a value of “method”: use one of mean, median, mode, constant, knn.");
  assert_load_error (PIPE ("{\"kind\":\"impute\",\"params\":{\"columns\":[\"age\"],\"method\":\"knn\",\"k\":0}}"),
                     "Step 1 (impute): the parameter “k” must be a whole number from 1 to 100000.");
  assert_load_error (PIPE ("{\"kind\":\"impute\",\"params\":{\"columns\":[\"age\"],\"method\":\"constant\"}}"),
                     "Step 1 (impute): the parameter “value” is missing.");
  assert_load_error (PIPE ("{\"kind\":\"impute\",\"params\":[]}"), "Step 1 (impute): the “params” of a step must be a JSON object.");
  assert_load_error (PIPE ("{\"kind\":\"drop_missing\",\"enabled\":\"yes\"}"), "Step 1 (drop_missing): “enabled” must be true or false.");
  assert_load_error (PIPE ("{\"kind\":\"drop_missing\",\"learned\":3}"),
                     "Step 1 (drop_missing): the “learned” part of a step must be a JSON object.");
  assert_load_error (PIPE ("{\"kind\":\"replace\",\"params\":{\"columns\":[\"name\"],\"pattern\":\"(\",\"replacement\":\"\"}}"),
                     "Step 1 (replace): “(” is not a regular expression: ");
  assert_load_error (PIPE ("{\"kind\":\"pseudonymise\",\"params\":{\"columns\":[\"name\"],\"salt\":\"short\"}}"),
                     "Step 1 (pseudonymise): the parameter “salt” must be a secret of at least 16 characters.");
  assert_load_error (PIPE ("{\"kind\":\"bin\",\"params\":{\"column\":\"age\",\"bins\":0}}"),
                     "Step 1 (bin): the parameter “bins” must be a whole number from 1 to 100000.");
  assert_load_error (PIPE ("{\"kind\":\"convert\",\"params\":{\"column\":\"age\",\"type\":\"number\"}}"),
                     "Step 1 (convert): “number” is not a column type: use integer, real, boolean, categorical, text, date or datetime.");
  assert_load_error (PIPE ("{\"kind\":\"rename\",\"params\":{\"columns\":{\"age\":3}}}"),
                     "Step 1 (rename): the parameter “columns” must be an object of old names to new names.");
  assert_load_error (PIPE ("{\"kind\":\"outliers\",\"params\":{\"columns\":[\"age\"],\"factor\":-1}}"),
                     "Step 1 (outliers): the parameter “factor” must be a number above 0.");
  assert_load_error (PIPE ("{\"kind\":\"aggregate\",\"params\":{\"by\":[\"city\"],\"aggregations\":[{\"function\":\"mean\"}]}}"),
                     "Step 1 (aggregate): the parameter “column” is missing.");

  assert_run_error (PIPE ("{\"kind\":\"text\",\"params\":{\"columns\":[\"name\"],\"operation\":\"trim\"}},"
                          "{\"kind\":\"drop_missing\"},"
                          "{\"kind\":\"impute\",\"params\":{\"columns\":[\"agee\"],\"method\":\"mean\"}}"),
                    TRUE, "Step 3 (impute): there is no column “agee” in “students”.");
  assert_run_error (PIPE ("{\"kind\":\"impute\",\"params\":{\"columns\":[\"age\"],\"method\":\"mean\"}}"),
                    FALSE, "Step 1 (impute): the step has not learned from data yet: fit the pipeline before replaying it.");
  assert_run_error (PIPE ("{\"kind\":\"impute\",\"params\":{\"columns\":[\"age\"],\"method\":\"mean\"},\"learned\":{\"values\":{}}}"),
                    FALSE, "Step 1 (impute): nothing was learned for the column “age”: fit the pipeline again.");
  assert_run_error (PIPE ("{\"kind\":\"impute\",\"params\":{\"columns\":[\"age\"],\"method\":\"knn\"},\"learned\":{}}"),
                    FALSE, "Step 1 (impute): no reference rows were learned for the nearest neighbours: fit the pipeline again.");
  assert_run_error (PIPE ("{\"kind\":\"impute\",\"params\":{\"columns\":[\"age\"],\"method\":\"knn\"},"
                          "\"learned\":{\"knn\":{\"rows\":[[\"x\"]],\"means\":[1]}}}"),
                    FALSE, "Step 1 (impute): the reference rows learned for the nearest neighbours are not rows of numbers: fit the pipeline again.");
  assert_run_error (PIPE ("{\"kind\":\"impute\",\"params\":{\"columns\":[\"name\"],\"method\":\"mean\"}}"),
                    TRUE, "Step 1 (impute): “name” is not a column of numbers (it holds ");
  assert_run_error (PIPE ("{\"kind\":\"impute\",\"params\":{\"columns\":[\"age\"],\"method\":\"constant\",\"value\":\"old\"}}"),
                    TRUE, "Step 1 (impute): “old” cannot fill the column “age”, which holds ");
  assert_run_error (PIPE ("{\"kind\":\"text\",\"params\":{\"columns\":[\"age\"],\"operation\":\"trim\"}}"),
                    TRUE, "Step 1 (text): “age” is not a column of text or categories (it holds ");
  assert_run_error (PIPE ("{\"kind\":\"join\",\"params\":{\"with\":\"cities\",\"on\":[\"city\"]}}"),
                    TRUE, "Step 1 (join): this step needs the dataset “cities”, and none was given to the pipeline.");
  assert_run_error (PIPE ("{\"kind\":\"rename\",\"params\":{\"columns\":{\"age\":\"id\"}}}"),
                    TRUE, "Step 1 (rename): the column “id” would be made twice, or is already in “students”: choose another name.");
  assert_run_error (PIPE ("{\"kind\":\"onehot\",\"params\":{\"column\":\"score\"}}"),
                    TRUE, "Step 1 (onehot): “score” holds decimal numbers, which are not categories: bin it first.");
  assert_run_error (PIPE ("{\"kind\":\"onehot\",\"params\":{\"column\":\"id\",\"max_categories\":5}}"),
                    TRUE, "Step 1 (onehot): “id” has 8 different values, and one-hot encoding makes a column for each: "
                    "raise “max_categories” (5) if that is meant, or use an ordinal encoding.");
  assert_load_error (PIPE ("{\"kind\":\"join\",\"params\":{\"with\":\"cities\",\"on\":\"city\",\"suffix\":\"\"}}"),
                     "Step 1 (join): the parameter “suffix” must be a non-empty text.");
  assert_run_error (PIPE ("{\"kind\":\"onehot\",\"params\":{\"column\":\"city\"},\"learned\":{}}"),
                    FALSE, "Step 1 (onehot): no categories were learned: fit the pipeline again.");
  assert_run_error (PIPE ("{\"kind\":\"bin\",\"params\":{\"column\":\"age\",\"bins\":2},\"learned\":{\"edges\":[\"a\"]}}"),
                    FALSE, "Step 1 (bin): the bin edges learned are not all numbers: fit the pipeline again.");
  assert_run_error (PIPE ("{\"kind\":\"outliers\",\"params\":{\"columns\":[\"age\"]},\"learned\":{\"bounds\":{\"age\":[1]}}}"),
                    FALSE, "Step 1 (outliers): what was learned for the column “age” is not two numbers: fit the pipeline again.");
  assert_run_error (PIPE ("{\"kind\":\"generalise\",\"params\":{\"columns\":[\"name\"]}}"),
                    TRUE, "Step 1 (generalise): “name” holds ");
  assert_run_error (PIPE ("{\"kind\":\"date_parts\",\"params\":{\"column\":\"age\"}}"),
                    TRUE, "Step 1 (date_parts): “age” is not a column of dates (it holds ");
  assert_run_error (PIPE ("{\"kind\":\"drop_missing\",\"params\":{\"columns\":[\"score\"]}},"
                          "{\"kind\":\"impute\",\"params\":{\"columns\":[\"score\"],\"method\":\"median\"}},"
                          "{\"kind\":\"drop_columns\",\"params\":{\"columns\":[\"score\"]}},"
                          "{\"kind\":\"scale\",\"params\":{\"columns\":[\"score\"],\"method\":\"minmax\"}}"),
                    TRUE, "Step 4 (scale): there is no column “score” in “students”.");

  {
    /* A type that does not fit, in an append. */
    g_autoptr(SondeTable) students = make_students ();
    g_autoptr(SondeTable) text = fit ("convert", "{\"column\":\"age\",\"type\":\"text\"}", students, NULL);
    g_autoptr(SondeStep) step = step_new ("append", "{\"with\":\"students\"}");
    g_autoptr(GError) error = NULL;
    g_autoptr(SondeTable) out = sonde_step_fit_apply (step, text, lookup, NULL, NULL, &error);

    g_assert_null (out);
    g_assert_true (g_str_has_prefix (error->message, "the column “age” holds "));
  }
  {
    g_autoptr(SondeTable) students = make_students ();
    g_autoptr(SondeStep) step = step_new ("join", "{\"with\":\"nowhere\",\"on\":\"id\"}");
    g_autoptr(GError) error = NULL;
    g_autoptr(SondeTable) out = sonde_step_fit_apply (step, students, lookup, NULL, NULL, &error);

    g_assert_null (out);
    g_assert_cmpstr (error->message, ==, "there is no dataset “nowhere”.");
  }
}

static void
test_effect_describe (void)
{
  g_autoptr(SondeTable) students = make_students ();
  SondeStepEffect effect;
  g_autoptr(SondeTable) out = fit ("drop_missing", "{\"columns\":[\"age\"]}", students, &effect);
  g_autofree char *text = sonde_step_effect_describe (&effect);
  g_autoptr(SondeTable) imputed = fit ("impute", "{\"columns\":[\"age\",\"score\"],\"method\":\"median\"}", students, &effect);
  g_autofree char *text2 = sonde_step_effect_describe (&effect);

  g_assert_cmpuint (sonde_table_get_n_rows (out), ==, 7);
  g_assert_cmpuint (sonde_table_get_n_rows (imputed), ==, 8);
  g_assert_cmpstr (text, ==, "1 row removed; 8 → 7 rows");
  g_assert_cmpstr (text2, ==, "3 rows changed, 3 cells; 8 → 8 rows");
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
naive_quantile (const double *sorted,
                guint         n,
                double        p)
{
  double h = (n - 1) * p;
  guint lo = (guint) floor (h);

  return lo + 1 >= n ? sorted[n - 1] : sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]);
}

/* Past 65 536 rows, grouping sorts hashes by radix and quantiles are
 * selected, not sorted: both against naive references (a sort, a
 * "seen" array) on 200 000 random rows with many ties. */
static void
test_large (void)
{
  const guint n = 200000;
  g_autoptr(SondeTable) table = sonde_table_new ("large");
  g_autoptr(SondeColumn) key = sonde_column_new ("key", SONDE_COLUMN_TYPE_INTEGER);
  g_autoptr(SondeColumn) x = sonde_column_new ("x", SONDE_COLUMN_TYPE_REAL);
  g_autoptr(SondeColumn) city = sonde_column_new ("city", SONDE_COLUMN_TYPE_CATEGORICAL);
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  g_autofree double *values = g_new (double, n);
  g_autofree gboolean *seen = g_new0 (gboolean, 50000);
  g_autoptr(GArray) kept = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint n_values = 0;
  static const char *labels[] = { "b", "a" };

  for (guint r = 0; r < n; r++)
    {
      gint64 k = g_rand_int_range (rand, 0, 50000);

      sonde_column_append_integer (key, k);
      if (!seen[k])
        {
          seen[k] = TRUE;
          g_array_append_val (kept, k);
        }
      if (r % 7 == 0)
        sonde_column_append_missing (x);
      else
        {
          /* Rounded to create ties, as real data has. */
          double v = round (g_rand_double_range (rand, -50, 150) * 10) / 10;

          sonde_column_append_real (x, v);
          values[n_values++] = v;
        }
      /* "b" (code 0) and "a" (code 1) tie: the mode is the smaller
       * label, "a", as pandas' mode()[0]. */
      sonde_column_append_category (city, labels[r % 2], -1);
    }
  g_assert_true (sonde_table_add_column (table, key, NULL));
  g_assert_true (sonde_table_add_column (table, x, NULL));
  qsort (values, n_values, sizeof (double), compare_doubles);

  /* The key alone is grouped by its hash (a bijection); with a missing
   * value, or as text, the rows of equal hash are compared: the same
   * rows must stay. */
  for (guint variant = 0; variant < 3; variant++)
    {
      static const char *params[] = { "{\"columns\":[\"key\"]}", "{\"columns\":[\"key\"]}", "{\"columns\":[\"label\"]}" };
      g_autoptr(SondeTable) input = sonde_table_new ("large");
      g_autoptr(SondeColumn) with_missing = sonde_column_new ("key", SONDE_COLUMN_TYPE_INTEGER);
      g_autoptr(SondeColumn) label = sonde_column_new ("label", SONDE_COLUMN_TYPE_TEXT);
      SondeStepEffect effect;
      g_autoptr(SondeTable) out = NULL;
      SondeColumn *keys;
      guint offset = variant == 1 ? 1 : 0;

      if (variant == 0)
        g_assert_true (sonde_table_add_column (input, key, NULL));
      else
        {
          /* A missing key first: it is its own group, kept. */
          sonde_column_append_missing (with_missing);
          sonde_column_append_missing (label);
          for (guint r = 0; r < n; r++)
            {
              g_autofree char *text = g_strdup_printf ("k%" G_GINT64_FORMAT, sonde_column_get_integer (key, r));

              sonde_column_append_integer (with_missing, sonde_column_get_integer (key, r));
              sonde_column_append_text (label, text, -1);
            }
          g_assert_true (sonde_table_add_column (input, with_missing, NULL));
          g_assert_true (sonde_table_add_column (input, label, NULL));
          offset = 1;
        }
      out = fit ("deduplicate", params[variant], input, &effect);
      keys = sonde_table_find_column (out, "key");
      g_assert_cmpuint (sonde_table_get_n_rows (out), ==, kept->len + offset);
      if (offset == 1)
        g_assert_true (sonde_column_is_missing (keys, 0));
      for (guint i = 0; i < kept->len; i++)
        g_assert_cmpint (sonde_column_get_integer (keys, i + offset), ==, g_array_index (kept, gint64, i));
      g_assert_cmpuint (effect.rows_removed, ==, n - kept->len);
    }
  {
    g_autoptr(SondeStep) step = step_new ("impute", "{\"columns\":[\"x\"],\"method\":\"median\"}");
    g_autoptr(SondeTable) out = sonde_step_fit_apply (step, table, NULL, NULL, NULL, NULL);
    JsonObject *learned = json_object_get_object_member (sonde_step_get_learned (step), "values");

    g_assert_nonnull (out);
    g_assert_cmpfloat (json_object_get_double_member (learned, "x"), ==, naive_quantile (values, n_values, 0.5));
  }
  {
    g_autoptr(SondeStep) step = step_new ("scale", "{\"columns\":[\"x\"],\"method\":\"robust\"}");
    g_autoptr(SondeTable) out = sonde_step_fit_apply (step, table, NULL, NULL, NULL, NULL);
    JsonArray *pair = json_object_get_array_member (json_object_get_object_member (sonde_step_get_learned (step), "scales"), "x");

    g_assert_nonnull (out);
    g_assert_cmpfloat (json_array_get_double_element (pair, 0), ==, naive_quantile (values, n_values, 0.5));
    g_assert_cmpfloat_with_epsilon (json_array_get_double_element (pair, 1),
                                    naive_quantile (values, n_values, 0.75) - naive_quantile (values, n_values, 0.25), 1e-12);
  }
  {
    g_autoptr(SondeStep) step = step_new ("outliers", "{\"columns\":[\"x\"],\"factor\":0.1}");
    g_autoptr(SondeTable) out = sonde_step_fit_apply (step, table, NULL, NULL, NULL, NULL);
    JsonArray *pair = json_object_get_array_member (json_object_get_object_member (sonde_step_get_learned (step), "bounds"), "x");
    double q1 = naive_quantile (values, n_values, 0.25), q3 = naive_quantile (values, n_values, 0.75);

    g_assert_nonnull (out);
    g_assert_cmpfloat_with_epsilon (json_array_get_double_element (pair, 0), q1 - 0.1 * (q3 - q1), 1e-9);
    g_assert_cmpfloat_with_epsilon (json_array_get_double_element (pair, 1), q3 + 0.1 * (q3 - q1), 1e-9);
  }
  /* Quantile edges: selected for a few bins, sorted for many. */
  for (guint bins = 10; bins <= 40; bins += 30)
    {
      g_autofree char *params = g_strdup_printf ("{\"column\":\"x\",\"bins\":%u,\"method\":\"quantile\"}", bins);
      g_autoptr(SondeStep) step = step_new ("bin", params);
      g_autoptr(SondeTable) out = sonde_step_fit_apply (step, table, NULL, NULL, NULL, NULL);
      JsonArray *edges = json_object_get_array_member (sonde_step_get_learned (step), "edges");

      g_assert_nonnull (out);
      g_assert_cmpuint (json_array_get_length (edges), ==, bins + 1);
      for (guint i = 0; i <= bins; i++)
        g_assert_cmpfloat_with_epsilon (json_array_get_double_element (edges, i),
                                        naive_quantile (values, n_values, (double) i / bins), 1e-9);
    }
  {
    g_autoptr(SondeTable) cities = sonde_table_new ("cities");
    g_autoptr(SondeStep) step = step_new ("impute", "{\"columns\":[\"city\"],\"method\":\"mode\"}");
    g_autoptr(SondeTable) out = NULL;
    JsonObject *learned;

    sonde_column_append_missing (city);
    g_assert_true (sonde_table_add_column (cities, city, NULL));
    out = sonde_step_fit_apply (step, cities, NULL, NULL, NULL, NULL);
    g_assert_nonnull (out);
    learned = json_object_get_object_member (sonde_step_get_learned (step), "values");
    g_assert_cmpstr (json_object_get_string_member (learned, "city"), ==, "a");
  }
}

typedef struct
{
  GMainLoop *loop;
  SondeTable *out;
  GArray     *effects;
  GError     *error;
  guint       n_progress;
  double      last_progress;
} AsyncRun;

static void
progressed (double   fraction,
            gpointer user_data)
{
  AsyncRun *run = user_data;

  g_assert_cmpfloat (fraction, >=, run->last_progress);
  run->last_progress = fraction;
  run->n_progress++;
}

static void
ran_cb (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  AsyncRun *run = user_data;

  run->out = sonde_pipeline_run_finish (SONDE_PIPELINE (source), result, &run->effects, &run->error);
  g_main_loop_quit (run->loop);
}

static void
test_async (void)
{
  g_autoptr(SondeTable) students = make_students ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SondePipeline) pipeline = sonde_pipeline_new_from_data (training_pipeline, -1, &error);
  g_autoptr(SondeTable) expected = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  AsyncRun run = { loop, NULL, NULL, NULL, 0, 0 };

  g_assert_no_error (error);
  sonde_pipeline_run_async (pipeline, students, TRUE, progressed, &run, NULL, ran_cb, &run);
  g_main_loop_run (loop);
  g_assert_no_error (run.error);
  g_assert_nonnull (run.out);
  g_assert_cmpuint (run.effects->len, ==, 9);
  /* Before each of the 9 steps (a disabled one too), and at the end. */
  g_assert_cmpuint (run.n_progress, ==, 10);
  g_assert_cmpfloat (run.last_progress, ==, 1.0);
  expected = sonde_pipeline_apply (pipeline, students, NULL, &error);
  g_assert_no_error (error);
  assert_tables_equal (expected, run.out);
  g_clear_object (&run.out);
  g_clear_pointer (&run.effects, g_array_unref);

  {
    /* Cancelled: an error, no table. */
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();

    g_cancellable_cancel (cancellable);
    sonde_pipeline_run_async (pipeline, students, FALSE, NULL, NULL, cancellable, ran_cb, &run);
    g_main_loop_run (loop);
    g_assert_null (run.out);
    g_assert_error (run.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&run.error);
  }
}

static void
test_kinds (void)
{
  const char * const *kinds = sonde_step_list_kinds ();

  g_assert_cmpuint (g_strv_length ((char **) kinds), ==, 27);
  g_assert_true (g_strv_contains (kinds, "filter"));
  g_assert_true (g_strv_contains (kinds, "pca"));
  g_assert_true (g_strv_contains (kinds, "tfidf"));
  g_assert_true (g_strv_contains (kinds, "bag_of_words"));
  g_assert_true (g_strv_contains (kinds, "derive"));
  g_assert_cmpstr (kinds[0], ==, "impute");
  g_assert_true (g_strv_contains (kinds, "join"));
}

/* filter and derive, on the expression language (tests/engine/test-expr.c
 * tests the language itself). make_students (): ages 20 22 – 25 21 22 95
 * 23, scores 12.5 – 14 9.5 11 – 16.5 13. */
static void
test_filter_derive (void)
{
  g_autoptr(SondeTable) students = make_students ();
  g_autoptr(SondeTable) kept = NULL;
  g_autoptr(SondeTable) derived = NULL;
  g_autoptr(SondeTable) replaced = NULL;
  SondeStepEffect effect = { 0 };
  SondeColumn *column;

  /* Ages 20 to 30: 95 goes, and the missing age (unknown) goes too, as in
   * SQL's WHERE. */
  kept = fit ("filter", "{\"expression\": \"age between 20 and 30\"}", students, &effect);
  g_assert_cmpuint (sonde_table_get_n_rows (kept), ==, 6);
  g_assert_cmpuint (effect.rows_removed, ==, 2);

  /* A new column from an expression, kept as the training table's. */
  derived = fit ("derive", "{\"name\": \"grade\", \"expression\": \"if(score >= 12, 'good', 'fair')\"}",
                 students, &effect);
  g_assert_cmpuint (effect.columns_added, ==, 1);
  column = sonde_table_find_column (derived, "grade");
  g_assert_nonnull (column);
  /* if () takes an unknown condition (a missing score) as false. */
  for (guint r = 0; r < 4; r++)
    {
      static const char *expected[] = { "good", "fair", "good", "fair" };
      g_autofree char *value = sonde_column_format_value (column, r);

      g_assert_cmpstr (value, ==, expected[r]);
    }

  /* Replacing a column counts the cells that changed: 7 ages (one is
   * missing and stays so). */
  replaced = fit ("derive", "{\"name\": \"age\", \"expression\": \"age + 1\", \"replace\": true}",
                  students, &effect);
  g_assert_cmpuint (effect.cells_changed, ==, 7);
  g_assert_cmpfloat (sonde_column_get_number (sonde_table_find_column (replaced, "age"), 6), ==, 96);
}

static void
test_filter_derive_errors (void)
{
  g_autoptr(SondeTable) students = make_students ();
  struct { const char *kind, *params, *message; } cases[] = {
    { "filter", "{\"expression\": \"age * 2\"}", "“age * 2” is not a condition" },
    { "filter", "{\"expression\": \"agee > 3\"}", "Column 1: " },
    { "derive", "{\"name\": \"age\", \"expression\": \"age + 1\"}", "“age” is already a column of “students”" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SondeStep) step = step_new (cases[i].kind, cases[i].params);
      g_autoptr(GError) error = NULL;
      g_autoptr(SondeTable) out = sonde_step_fit_apply (step, students, lookup, NULL, NULL, &error);

      g_assert_null (out);
      g_assert_nonnull (error);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, cases[i].message));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "C", TRUE);
  g_setenv ("TZ", "UTC", TRUE);
  g_test_init (&argc, &argv, NULL);
  sonde_engine_init ();

  g_test_add_func ("/engine/pipeline/kinds", test_kinds);
  g_test_add_func ("/engine/pipeline/impute", test_impute);
  g_test_add_func ("/engine/pipeline/impute-knn", test_impute_knn);
  g_test_add_func ("/engine/pipeline/drop-deduplicate", test_drop_and_deduplicate);
  g_test_add_func ("/engine/pipeline/convert-rename", test_convert_rename);
  g_test_add_func ("/engine/pipeline/text", test_text);
  g_test_add_func ("/engine/pipeline/outliers", test_outliers);
  g_test_add_func ("/engine/pipeline/encodings", test_encodings);
  g_test_add_func ("/engine/pipeline/scale", test_scale);
  g_test_add_func ("/engine/pipeline/bin", test_bin);
  g_test_add_func ("/engine/pipeline/date-parts", test_date_parts);
  g_test_add_func ("/engine/pipeline/pseudonymise", test_pseudonymise);
  g_test_add_func ("/engine/pipeline/generalise", test_generalise);
  g_test_add_func ("/engine/pipeline/split-merge", test_split_merge);
  g_test_add_func ("/engine/pipeline/aggregate", test_aggregate);
  g_test_add_func ("/engine/pipeline/join-append", test_join_append);
  g_test_add_func ("/engine/pipeline/replay", test_pipeline_replay);
  g_test_add_func ("/engine/pipeline/errors", test_errors);
  g_test_add_func ("/engine/pipeline/effect-describe", test_effect_describe);
  g_test_add_func ("/engine/pipeline/large", test_large);
  g_test_add_func ("/engine/pipeline/async", test_async);
  g_test_add_func ("/engine/pipeline/filter-derive", test_filter_derive);
  g_test_add_func ("/engine/pipeline/filter-derive-errors", test_filter_derive_errors);

  return g_test_run ();
}
