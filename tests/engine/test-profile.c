/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-profile"

/* Tests of SondeProfile: the figures of every column against pandas 1.5.3
 * (numpy 1.24.2) on fixtures/profile.csv, the checks of every detector of
 * personal data on valid and invalid values, duplicate rows, keys and
 * contradictions, the rows of each finding, the HyperLogLog estimate
 * against its stated error, and the sort against a naive reference.
 *
 * fixtures/profile.csv (40 rows) was written by this Python, and every
 * pandas reference below was printed by the script after it, run with
 * Debian's /usr/bin/python3 (pandas 1.5.3, numpy 1.24.2):
 *
 *   import random
 *   random.seed(6)
 *   cities=["Paris"]*14+["Lyon"]*10+["Lille"]*7+["Nantes"]*5+["Brest"]*2
 *   random.shuffle(cities)
 *   rows=[]
 *   for i in range(38):
 *       age = random.randint(18,80)
 *       income = round(random.lognormvariate(10.2,0.35),2)
 *       city = cities[i]
 *       email = f"user{i+1}.{random.choice(['martin','durand','petit','moreau'])}@example.{random.choice(['fr','org','com'])}"
 *       phone = "06 %02d %02d %02d %02d" % tuple(random.randint(0,99) for _ in range(4))
 *       d = f"2023-{random.randint(1,12):02d}-{random.randint(1,28):02d}"
 *       rows.append([i+1, age, income, city, email, phone, d])
 *   rows[3][1]=None; rows[17][1]=None; rows[30][1]=None
 *   rows[12][1]=150
 *   rows[8][2]=None; rows[25][2]=None
 *   rows[20][2]=250000.0
 *   rows[27][3]=None
 *   rows[33][6]=None
 *   rows.append(list(rows[5]))                          # a duplicate row
 *   r=list(rows[9]); r[1]=(r[1] or 0)+1; rows.append(r) # a contradiction
 *   (written with "%.2f" for floats, "" for None)
 *
 *   import pandas as pd, numpy as np
 *   df = pd.read_csv("profile.csv")
 *   df.describe(include='all'); df.nunique(); df.isna().sum()
 *   for c in ["id","age","income"]:
 *       s = df[c].dropna()
 *       "%.17g" % s.mean(), s.std(), s.quantile(.25), s.quantile(.5), s.quantile(.75)
 *       np.histogram(s, bins='sturges')
 *       q1, q3 = s.quantile(.25), s.quantile(.75); iqr = q3-q1
 *       ((s < q1-1.5*iqr)|(s > q3+1.5*iqr)).sum(); (((s-s.mean())/s.std()).abs() > 3).sum()
 *   # most frequent: count descending, then value ascending
 *   s.value_counts().sort_index(kind='stable').sort_values(ascending=False, kind='stable').head(5)
 *   df.duplicated().sum(); df.duplicated(subset=['id']).sum()
 *   df.groupby('id').filter(lambda x: len(x) > 1 and len(x.drop_duplicates()) > 1).index
 *
 * describe()'s own "top" picks among ties in hash order (it says
 * user6.moreau@example.fr for email, where user10.durand@example.com ties
 * with it); Sonde orders ties by value, hence the sorted value_counts.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "sonde-engine.h"

#define REL 1e-12

static void
assert_close (double actual,
              double expected)
{
  g_assert_cmpfloat_with_epsilon (actual, expected, REL * MAX (1.0, fabs (expected)));
}

static SondeTable *
load_fixture (void)
{
  g_autoptr(SondeCsvReader) reader = sonde_csv_reader_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (FIXTURES_DIR "/profile.csv");
  SondeTable *table = sonde_csv_reader_read_file (reader, file, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (table);
  return table;
}

static SondeProfile *
profile_ok (SondeTable                *table,
            const SondeProfileOptions *options)
{
  g_autoptr(GError) error = NULL;
  SondeProfile *profile = sonde_profile_compute (table, options, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (profile);
  return profile;
}

static const SondeColumnProfile *
column_named (SondeProfile *profile,
              const char   *name)
{
  for (guint c = 0; c < sonde_profile_get_n_columns (profile); c++)
    if (strcmp (sonde_profile_get_column (profile, c)->name, name) == 0)
      return sonde_profile_get_column (profile, c);
  g_assert_not_reached ();
}

static void
assert_top (const SondeColumnProfile *p,
            const char * const       *labels,
            const guint              *counts,
            guint                     n)
{
  g_assert_cmpuint (p->n_top, ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_assert_cmpstr (p->top[i].label, ==, labels[i]);
      g_assert_cmpuint (p->top[i].count, ==, counts[i]);
    }
}

static void
assert_histogram (const SondeColumnProfile *p,
                  const guint              *counts,
                  const double             *edges,
                  guint                     n_bins)
{
  g_assert_cmpuint (p->n_bins, ==, n_bins);
  for (guint i = 0; i < n_bins; i++)
    g_assert_cmpuint (p->bin_counts[i], ==, counts[i]);
  for (guint i = 0; i <= n_bins; i++)
    assert_close (p->bin_edges[i], edges[i]);
}

static void
test_numbers (void)
{
  g_autoptr(SondeTable) table = load_fixture ();
  g_autoptr(SondeProfile) profile = profile_ok (table, NULL);
  const SondeColumnProfile *p;

  g_assert_cmpuint (sonde_profile_get_n_rows (profile), ==, 40);
  g_assert_cmpuint (sonde_profile_get_n_columns (profile), ==, 7);

  /* id: count 40, nunique 38, mean 18.925000000000001,
   * std 11.127207358081522, 25 % 9.75, 50 % 18.5, 75 % 28.25, min 1, max 38
   * histogram [7, 6, 5, 6, 5, 5, 6] on 1.0, 6.285714285714286, …, 38.0 */
  {
    static const char * const top[] = { "6", "10", "1", "2", "3" };
    static const guint top_counts[] = { 2, 2, 1, 1, 1 };
    static const guint hist[] = { 7, 6, 5, 6, 5, 5, 6 };
    static const double edges[] = { 1.0, 6.285714285714286, 11.571428571428571, 16.857142857142858,
                                    22.142857142857142, 27.428571428571427, 32.714285714285715, 38.0 };

    p = column_named (profile, "id");
    g_assert_cmpint (p->type, ==, SONDE_COLUMN_TYPE_INTEGER);
    g_assert_cmpuint (p->count, ==, 40);
    g_assert_cmpuint (p->n_missing, ==, 0);
    g_assert_cmpuint (p->n_distinct, ==, 38);
    g_assert_true (p->distinct_exact);
    g_assert_true (p->numeric);
    assert_close (p->mean, 18.925000000000001);
    assert_close (p->std, 11.127207358081522);
    assert_close (p->q1, 9.75);
    assert_close (p->median, 18.5);
    assert_close (p->q3, 28.25);
    assert_close (p->min, 1);
    assert_close (p->max, 38);
    assert_top (p, top, top_counts, 5);
    assert_histogram (p, hist, edges, 7);
    g_assert_cmpuint (p->n_outliers_iqr, ==, 0);
    g_assert_cmpuint (p->n_outliers_z, ==, 0);
  }

  /* age: count 37 (3 missing), nunique 28, mean 51.432432432432435,
   * std 26.228208458049874, 25 % 32, 50 % 49, 75 % 65, min 18, max 150,
   * histogram [12, 9, 9, 6, 0, 0, 1]; 1 outlier by IQR, 1 by z;
   * top (62, 3), (18, 2), (21, 2), (41, 2), (49, 2) */
  {
    static const char * const top[] = { "62", "18", "21", "41", "49" };
    static const guint top_counts[] = { 3, 2, 2, 2, 2 };
    static const guint hist[] = { 12, 9, 9, 6, 0, 0, 1 };
    static const double edges[] = { 18.0, 36.85714285714286, 55.714285714285715, 74.57142857142857,
                                    93.42857142857143, 112.28571428571429, 131.14285714285714, 150.0 };

    p = column_named (profile, "age");
    g_assert_cmpuint (p->count, ==, 37);
    g_assert_cmpuint (p->n_missing, ==, 3);
    g_assert_cmpuint (p->n_distinct, ==, 28);
    assert_close (p->mean, 51.432432432432435);
    assert_close (p->std, 26.228208458049874);
    assert_close (p->q1, 32);
    assert_close (p->median, 49);
    assert_close (p->q3, 65);
    assert_close (p->min, 18);
    assert_close (p->max, 150);
    assert_top (p, top, top_counts, 5);
    assert_histogram (p, hist, edges, 7);
    g_assert_cmpuint (p->n_outliers_iqr, ==, 1);
    g_assert_cmpuint (p->n_outliers_z, ==, 1);
    assert_close (p->iqr_low, 32 - 1.5 * 33);
    assert_close (p->iqr_high, 65 + 1.5 * 33);
  }

  /* income: count 38, nunique 36, mean 32500.575526315781,
   * std 37063.566652333691, 25 % 20917.829999999998,
   * 50 % 26701.419999999998, 75 % 32587.945, min 9415.9, max 250000,
   * histogram [37, 0, 0, 0, 0, 0, 1]; 1 outlier by IQR, 1 by z;
   * top (16912.2, 2), (26131.03, 2), (9415.9, 1), (13849.29, 1), (14839.47, 1) */
  {
    static const char * const top[] = { "16912.2", "26131.03", "9415.9", "13849.29", "14839.47" };
    static const guint top_counts[] = { 2, 2, 1, 1, 1 };
    static const guint hist[] = { 37, 0, 0, 0, 0, 0, 1 };
    static const double edges[] = { 9415.9, 43785.05714285714, 78154.21428571428, 112523.37142857141,
                                    146892.52857142856, 181261.6857142857, 215630.84285714282, 250000.0 };

    p = column_named (profile, "income");
    g_assert_cmpint (p->type, ==, SONDE_COLUMN_TYPE_REAL);
    g_assert_cmpuint (p->count, ==, 38);
    g_assert_cmpuint (p->n_missing, ==, 2);
    g_assert_cmpuint (p->n_distinct, ==, 36);
    assert_close (p->mean, 32500.575526315781);
    assert_close (p->std, 37063.566652333691);
    assert_close (p->q1, 20917.829999999998);
    assert_close (p->median, 26701.419999999998);
    assert_close (p->q3, 32587.945);
    assert_close (p->min, 9415.9);
    assert_close (p->max, 250000);
    assert_top (p, top, top_counts, 5);
    assert_histogram (p, hist, edges, 7);
    g_assert_cmpuint (p->n_outliers_iqr, ==, 1);
    g_assert_cmpuint (p->n_outliers_z, ==, 1);
  }
}

static void
test_labels (void)
{
  g_autoptr(SondeTable) table = load_fixture ();
  g_autoptr(SondeProfile) profile = profile_ok (table, NULL);
  const SondeColumnProfile *p;

  /* city: count 39, unique 5, top Paris freq 14; value_counts
   * Paris 14, Lyon 11, Lille 7, Nantes 5, Brest 2 */
  {
    static const char * const top[] = { "Paris", "Lyon", "Lille", "Nantes", "Brest" };
    static const guint counts[] = { 14, 11, 7, 5, 2 };

    p = column_named (profile, "city");
    g_assert_cmpint (p->type, ==, SONDE_COLUMN_TYPE_CATEGORICAL);
    g_assert_cmpuint (p->count, ==, 39);
    g_assert_cmpuint (p->n_missing, ==, 1);
    g_assert_cmpuint (p->n_distinct, ==, 5);
    g_assert_false (p->numeric);
    g_assert_true (isnan (p->mean));
    assert_top (p, top, counts, 5);
  }

  /* email: count 40, unique 38; top by count then value:
   * user10.durand@example.com 2, user6.moreau@example.fr 2,
   * user1.petit@example.fr 1, user11.petit@example.org 1, user12.martin@example.fr 1 */
  {
    static const char * const top[] = { "user10.durand@example.com", "user6.moreau@example.fr",
                                        "user1.petit@example.fr", "user11.petit@example.org",
                                        "user12.martin@example.fr" };
    static const guint counts[] = { 2, 2, 1, 1, 1 };

    p = column_named (profile, "email");
    g_assert_cmpint (p->type, ==, SONDE_COLUMN_TYPE_TEXT);
    g_assert_cmpuint (p->count, ==, 40);
    g_assert_cmpuint (p->n_distinct, ==, 38);
    g_assert_true (p->distinct_exact);
    g_assert_cmpfloat (p->distinct_error, ==, 0);
    assert_top (p, top, counts, 5);
    g_assert_cmpint (p->pii, ==, SONDE_PII_EMAIL);
    g_assert_cmpuint (p->n_pii, ==, 40);
  }

  /* phone: count 40, unique 38, top ('06 48 63 39 81', 2), ('06 56 31 11 77', 2) */
  p = column_named (profile, "phone");
  g_assert_cmpuint (p->n_distinct, ==, 38);
  g_assert_cmpstr (p->top[0].label, ==, "06 48 63 39 81");
  g_assert_cmpstr (p->top[1].label, ==, "06 56 31 11 77");
  g_assert_cmpint (p->pii, ==, SONDE_PII_PHONE_FR);
  g_assert_cmpuint (p->n_pii, ==, 40);

  /* signup (dates): count 39, unique 37, top 2023-08-11 and 2023-11-28, 2 each */
  p = column_named (profile, "signup");
  g_assert_cmpint (p->type, ==, SONDE_COLUMN_TYPE_DATE);
  g_assert_cmpuint (p->count, ==, 39);
  g_assert_cmpuint (p->n_distinct, ==, 37);
  g_assert_cmpstr (p->top[0].label, ==, "2023-08-11");
  g_assert_cmpuint (p->top[0].count, ==, 2);
  g_assert_cmpstr (p->top[1].label, ==, "2023-11-28");
  g_assert_true (p->numeric);
  g_assert_cmpint (p->pii, ==, SONDE_PII_NONE);
  g_assert_cmpint (column_named (profile, "city")->pii, ==, SONDE_PII_NONE);
}

static guint
find_finding (SondeProfile     *profile,
              SondeFindingKind  kind,
              const char       *column)
{
  for (guint i = 0; i < sonde_profile_get_n_findings (profile); i++)
    {
      const SondeFinding *f = sonde_profile_get_finding (profile, i);

      if (f->kind == kind && (column == NULL || (f->columns[0] != NULL && strcmp (f->columns[0], column) == 0)))
        return i;
    }
  return G_MAXUINT;
}

static void
assert_rows (SondeProfile  *profile,
             guint          finding,
             const guint32 *expected,
             guint          n_expected)
{
  guint n = 0;
  g_autofree guint32 *rows = NULL;

  g_assert_cmpuint (finding, !=, G_MAXUINT);
  rows = sonde_profile_get_finding_rows (profile, finding, &n);
  g_assert_cmpuint (n, ==, n_expected);
  g_assert_cmpuint (sonde_profile_get_finding (profile, finding)->n_rows, ==, n_expected);
  for (guint i = 0; i < n; i++)
    g_assert_cmpuint (rows[i], ==, expected[i]);
}

/* df.duplicated() -> index [38]; df.duplicated(subset=['id']) -> [38, 39];
 * the groups of id with differing rows -> index [9, 39]. */
static void
test_duplicates (void)
{
  g_autoptr(SondeTable) table = load_fixture ();
  g_autoptr(SondeProfile) profile = profile_ok (table, NULL);
  static const guint32 dup_rows[] = { 38 };
  static const guint32 dup_keys[] = { 38, 39 };
  static const guint32 contradictions[] = { 9, 39 };
  static const guint32 missing_age[] = { 3, 17, 30 };
  static const guint32 outlier_age[] = { 12 };
  static const guint32 outlier_income[] = { 20 };
  const SondeFinding *f;

  g_assert_cmpstrv (sonde_profile_get_key_columns (profile), ((const char *[]) { "id", NULL }));
  g_assert_true (sonde_profile_get_key_guessed (profile));
  g_assert_cmpuint (sonde_profile_get_n_duplicate_rows (profile), ==, 1);
  g_assert_cmpuint (sonde_profile_get_n_duplicate_keys (profile), ==, 2);
  g_assert_cmpuint (sonde_profile_get_n_contradictions (profile), ==, 2);

  assert_rows (profile, find_finding (profile, SONDE_FINDING_DUPLICATE_ROWS, NULL), dup_rows, 1);
  assert_rows (profile, find_finding (profile, SONDE_FINDING_DUPLICATE_KEYS, NULL), dup_keys, 2);
  assert_rows (profile, find_finding (profile, SONDE_FINDING_CONTRADICTIONS, NULL), contradictions, 2);
  assert_rows (profile, find_finding (profile, SONDE_FINDING_MISSING, "age"), missing_age, 3);
  assert_rows (profile, find_finding (profile, SONDE_FINDING_OUTLIERS_IQR, "age"), outlier_age, 1);
  assert_rows (profile, find_finding (profile, SONDE_FINDING_OUTLIERS_Z, "income"), outlier_income, 1);

  {
    g_autoptr(SondeSelection) selection =
      sonde_profile_get_finding_selection (profile, find_finding (profile, SONDE_FINDING_CONTRADICTIONS, NULL));

    g_assert_cmpuint (sonde_selection_get_n_rows (selection), ==, 2);
    g_assert_cmpuint (sonde_selection_get_row (selection, 0), ==, 9);
    g_assert_cmpuint (sonde_selection_get_row (selection, 1), ==, 39);
    g_assert_true (sonde_selection_get_table (selection) == table);
  }

  f = sonde_profile_get_finding (profile, find_finding (profile, SONDE_FINDING_MISSING, "age"));
  g_assert_cmpint (f->severity, ==, SONDE_SEVERITY_WARNING);
  g_assert_cmpstr (f->message, ==, "3 rows have no value in “age”.");
  f = sonde_profile_get_finding (profile, find_finding (profile, SONDE_FINDING_MISSING, "city"));
  g_assert_cmpstr (f->message, ==, "1 row has no value in “city”.");
  f = sonde_profile_get_finding (profile, find_finding (profile, SONDE_FINDING_CONTRADICTIONS, NULL));
  g_assert_cmpint (f->severity, ==, SONDE_SEVERITY_ERROR);
  g_assert_cmpstrv (f->columns, ((const char *[]) { "id", NULL }));
  f = sonde_profile_get_finding (profile, find_finding (profile, SONDE_FINDING_PERSONAL_DATA, "email"));
  g_assert_cmpuint (f->n_rows, ==, 40);
  g_assert_cmpuint (find_finding (profile, SONDE_FINDING_PERSONAL_DATA, "phone"), !=, G_MAXUINT);

  /* 7 columns × 40 rows, 7 cells missing; 1 duplicate row; 2 rows in a
   * contradiction. */
  assert_close (sonde_profile_get_completeness (profile), 273.0 / 280);
  assert_close (sonde_profile_get_uniqueness (profile), 39.0 / 40);
  assert_close (sonde_profile_get_consistency (profile), 38.0 / 40);
  assert_close (sonde_profile_get_score (profile),
                100 * (0.5 * 273.0 / 280 + 0.25 * 39.0 / 40 + 0.25 * 38.0 / 40));
  g_assert_nonnull (strstr (sonde_profile_get_score_formula (profile), "0.5 × completeness"));
}

static guint
find_rule (SondeProfile     *profile,
           SondeFindingKind  kind,
           const char       *rule)
{
  for (guint i = 0; i < sonde_profile_get_n_findings (profile); i++)
    {
      const SondeFinding *f = sonde_profile_get_finding (profile, i);

      if (f->kind == kind && g_strcmp0 (f->rule, rule) == 0)
        return i;
    }
  return G_MAXUINT;
}

/* Rules the user writes, checked on profile.csv with Python's csv module
 * (rows counted from 0, as in the file without its header):
 *   rows = list(csv.DictReader(open("profile.csv")))
 *   [i for i, r in enumerate(rows) if r["age"] and not 0 <= int(r["age"]) <= 120]  # [12]
 *   [i for i, r in enumerate(rows) if not r["age"]]                               # [3, 17, 30]
 *   [i for i, r in enumerate(rows) if not r["signup"]]                            # [33]
 *   [i for i, r in enumerate(rows) if r["city"] and r["city"] not in ("Paris", "Lyon")]
 *   # [0, 1, 3, 5, 6, 7, 12, 14, 17, 21, 23, 35, 37, 38]; no city: [27]
 * With the contradiction rows 9 and 39, 16 rows are inconsistent. */
static void
test_rules (void)
{
  g_autoptr(SondeTable) table = load_fixture ();
  const char * const rules[] = { "age between 0 and 120", "signup >= '2023-01-01'", "city in ('Paris', 'Lyon')", NULL };
  SondeProfileOptions options = { .n_threads = 1, .rules = rules };
  g_autoptr(SondeProfile) profile = profile_ok (table, &options);
  static const guint32 age_broken[] = { 12 };
  static const guint32 age_unknown[] = { 3, 17, 30 };
  static const guint32 signup_unknown[] = { 33 };
  static const guint32 city_broken[] = { 0, 1, 3, 5, 6, 7, 12, 14, 17, 21, 23, 35, 37, 38 };
  static const guint32 city_unknown[] = { 27 };
  const SondeFinding *f;
  g_autofree char *json = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *array;

  assert_rows (profile, find_rule (profile, SONDE_FINDING_RULE_BROKEN, rules[0]), age_broken, 1);
  assert_rows (profile, find_rule (profile, SONDE_FINDING_RULE_UNKNOWN, rules[0]), age_unknown, 3);
  g_assert_cmpuint (find_rule (profile, SONDE_FINDING_RULE_BROKEN, rules[1]), ==, G_MAXUINT);
  assert_rows (profile, find_rule (profile, SONDE_FINDING_RULE_UNKNOWN, rules[1]), signup_unknown, 1);
  assert_rows (profile, find_rule (profile, SONDE_FINDING_RULE_BROKEN, rules[2]), city_broken, 14);
  assert_rows (profile, find_rule (profile, SONDE_FINDING_RULE_UNKNOWN, rules[2]), city_unknown, 1);

  f = sonde_profile_get_finding (profile, find_rule (profile, SONDE_FINDING_RULE_BROKEN, rules[0]));
  g_assert_cmpint (f->severity, ==, SONDE_SEVERITY_WARNING);
  g_assert_cmpstr (f->message, ==, "1 row breaks the rule “age between 0 and 120”.");
  g_assert_cmpstrv (f->columns, ((const char *[]) { "age", NULL }));
  f = sonde_profile_get_finding (profile, find_rule (profile, SONDE_FINDING_RULE_BROKEN, rules[2]));
  g_assert_cmpstr (f->message, ==, "14 rows break the rule “city in ('Paris', 'Lyon')”.");
  f = sonde_profile_get_finding (profile, find_rule (profile, SONDE_FINDING_RULE_UNKNOWN, rules[0]));
  g_assert_cmpint (f->severity, ==, SONDE_SEVERITY_INFO);
  g_assert_cmpstr (f->message, ==, "3 rows cannot be checked against the rule “age between 0 and 120”: a value they need is missing.");
  f = sonde_profile_get_finding (profile, find_rule (profile, SONDE_FINDING_RULE_UNKNOWN, rules[1]));
  g_assert_cmpstr (f->message, ==, "1 row cannot be checked against the rule “signup >= '2023-01-01'”: a value it needs is missing.");
  g_assert_cmpstr (sonde_finding_kind_to_string (SONDE_FINDING_RULE_BROKEN), ==, "rule-broken");

  {
    g_autoptr(SondeSelection) selection =
      sonde_profile_get_finding_selection (profile, find_rule (profile, SONDE_FINDING_RULE_BROKEN, rules[0]));

    g_assert_cmpuint (sonde_selection_get_n_rows (selection), ==, 1);
    g_assert_cmpuint (sonde_selection_get_row (selection, 0), ==, 12);
  }

  /* Consistency: 40 rows, 16 in a contradiction or breaking a rule. */
  assert_close (sonde_profile_get_consistency (profile), 24.0 / 40);
  assert_close (sonde_profile_get_score (profile),
                100 * (0.5 * 273.0 / 280 + 0.25 * 39.0 / 40 + 0.25 * 24.0 / 40));
  g_assert_nonnull (strstr (sonde_profile_get_score_formula (profile), "nor break one of the rules given"));

  json = sonde_profile_to_json (profile);
  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  array = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "rules");
  g_assert_cmpuint (json_array_get_length (array), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 2), "rule"), ==, rules[2]);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (array, 2), "broken"), ==, 14);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (array, 2), "unknown"), ==, 1);
}

static void
test_bad_rules (void)
{
  g_autoptr(SondeTable) table = load_fixture ();
  const char * const unknown[] = { "age > 0", "agee between 0 and 120", NULL };
  const char * const not_condition[] = { "age + 1", NULL };
  SondeProfileOptions options = { .n_threads = 1, .rules = unknown };
  g_autoptr(GError) error = NULL;
  g_autoptr(SondeProfile) profile = sonde_profile_compute (table, &options, NULL, &error);
  g_autofree char *expected = g_strdup_printf ("The rule “agee between 0 and 120” cannot be read. "
                                               "Column 1: there is no column “agee” in “%s”; did you mean “age”?",
                                               sonde_table_get_name (table));

  g_assert_null (profile);
  g_assert_error (error, SONDE_ERROR, SONDE_ERROR_PARSE);
  g_assert_cmpstr (error->message, ==, expected);
  g_clear_error (&error);

  options.rules = not_condition;
  profile = sonde_profile_compute (table, &options, NULL, &error);
  g_assert_null (profile);
  g_assert_error (error, SONDE_ERROR, SONDE_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "The rule “age + 1” is not a condition that a row meets or breaks; write one such as age between 0 and 120.");
}

/* A key given by the user: email then (email, phone). Rows 5 and 38 are
 * the same row; 9 and 39 share email and phone but not age. */
static void
test_given_key (void)
{
  g_autoptr(SondeTable) table = load_fixture ();
  const char * const key[] = { "email", "phone", NULL };
  const char * const wrong[] = { "e-mail", NULL };
  SondeProfileOptions options = { .key_columns = key, .n_threads = 1 };
  g_autoptr(SondeProfile) profile = profile_ok (table, &options);
  g_autoptr(SondeProfile) missing = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (sonde_profile_get_key_guessed (profile));
  g_assert_cmpstrv (sonde_profile_get_key_columns (profile), key);
  g_assert_cmpuint (sonde_profile_get_n_duplicate_keys (profile), ==, 2);
  g_assert_cmpuint (sonde_profile_get_n_contradictions (profile), ==, 2);

  options.key_columns = wrong;
  missing = sonde_profile_compute (table, &options, NULL, &error);
  g_assert_error (error, SONDE_ERROR, SONDE_ERROR_INVALID);
  g_assert_null (missing);
  g_assert_nonnull (strstr (error->message, "“e-mail”"));
}

/* Valid examples have check digits computed by Python (not real people):
 *   NIR: first13 + "%02d" % (97 - int(first13.replace("2A","19").replace("2B","18")) % 97)
 *   IBAN: country + "%02d" % (98 - int("".join(str(int(c, 36)) for c in bban + country + "00")) % 97) + bban
 *   card: the prefix completed by the one digit that passes Luhn */
static void
test_pii_validators (void)
{
  static const char * const emails[] = { "ada@example.org", "jean.dupont+news@mail.example.fr", "x_y@a-b.co" };
  static const char * const not_emails[] = { "ada@", "@example.org", "a..b@example.org", ".a@example.org",
                                             "a@example", "a@-example.org", "a@example.c", "a b@example.org",
                                             "a@example.123" };
  static const char * const phones_fr[] = { "06 12 34 56 78", "0123456789", "01.23.45.67.89",
                                            "+33 6 12 34 56 78", "+33 (0)6 12 34 56 78", "0033612345678",
                                            "07-12-34-56-78" };
  static const char * const not_phones_fr[] = { "6 12 34 56 78", "00 12 34 56 78", "06 12 34 56 7",
                                                "+33 06 12 34 56 78", "+44 20 7946 0958", "06 12 34 56 78 9" };
  static const char * const phones_intl[] = { "+44 20 7946 0958", "+1 202 555 0143", "+4915112345678" };
  static const char * const not_phones_intl[] = { "44 20 7946 0958", "+0 202 555 0143", "+1234567",
                                                  "+1234567890123456", "+44 20 7946 095x" };
  static const char * const nirs[] = { "185057512345673", "2 99 02 13 004 321 12", "185052A00401270",
                                       "299122B03300763", "176079912304518" };
  static const char * const not_nirs[] = { "185057512345674", "385057512345673", "185137512345673",
                                           "185052C00401270", "185052A00401271", "18505751234567" };
  static const char * const ibans[] = { "FR7630006000011234567890189", "FR76 3000 6000 0112 3456 7890 189",
                                        "DE89370400440532013000", "GB29NWBK60161331926819", "BE68539007547034",
                                        "fr7630006000011234567890189" };
  static const char * const not_ibans[] = { "FR7730006000011234567890189", "DE89370400440532013001",
                                            "GB29NWBK6016133192681", "1234567890123456", "FR76" };
  static const char * const cards[] = { "4970100000000006", "4970 1000 0000 0006", "540000000000007",
                                        "37144963539849", "6011-0000-0000-0004", "1234567890123456785" };
  static const char * const not_cards[] = { "4970100000000007", "0000000000000", "497010000000",
                                            "12345678901234567890", "4970a00000000006" };
  static const char * const ipv4s[] = { "192.168.1.10", "0.0.0.0", "255.255.255.255", "10.0.0.1" };
  static const char * const not_ipv4s[] = { "256.1.1.1", "1.2.3", "1.2.3.4.5", "01.2.3.4", "1.2.3.", "a.b.c.d" };
  static const char * const ipv6s[] = { "::1", "2001:db8::8a2e:370:7334", "fe80::1", "::ffff:192.0.2.1" };
  static const char * const not_ipv6s[] = { "2001:db8::8a2e::7334", "12:34", "gggg::1", "1.2.3.4" };

  for (guint i = 0; i < G_N_ELEMENTS (emails); i++)
    g_assert_cmpint (sonde_pii_classify (emails[i]), ==, SONDE_PII_EMAIL);
  for (guint i = 0; i < G_N_ELEMENTS (not_emails); i++)
    g_assert_false (sonde_pii_is_email (not_emails[i]));
  for (guint i = 0; i < G_N_ELEMENTS (phones_fr); i++)
    g_assert_cmpint (sonde_pii_classify (phones_fr[i]), ==, SONDE_PII_PHONE_FR);
  for (guint i = 0; i < G_N_ELEMENTS (not_phones_fr); i++)
    g_assert_false (sonde_pii_is_phone_fr (not_phones_fr[i]));
  for (guint i = 0; i < G_N_ELEMENTS (phones_intl); i++)
    g_assert_cmpint (sonde_pii_classify (phones_intl[i]), ==, SONDE_PII_PHONE_INTL);
  for (guint i = 0; i < G_N_ELEMENTS (not_phones_intl); i++)
    g_assert_false (sonde_pii_is_phone_intl (not_phones_intl[i]));
  for (guint i = 0; i < G_N_ELEMENTS (nirs); i++)
    g_assert_cmpint (sonde_pii_classify (nirs[i]), ==, SONDE_PII_NIR);
  for (guint i = 0; i < G_N_ELEMENTS (not_nirs); i++)
    g_assert_false (sonde_pii_is_nir (not_nirs[i]));
  for (guint i = 0; i < G_N_ELEMENTS (ibans); i++)
    g_assert_cmpint (sonde_pii_classify (ibans[i]), ==, SONDE_PII_IBAN);
  for (guint i = 0; i < G_N_ELEMENTS (not_ibans); i++)
    g_assert_false (sonde_pii_is_iban (not_ibans[i]));
  for (guint i = 0; i < G_N_ELEMENTS (cards); i++)
    g_assert_cmpint (sonde_pii_classify (cards[i]), ==, SONDE_PII_CARD);
  for (guint i = 0; i < G_N_ELEMENTS (not_cards); i++)
    g_assert_false (sonde_pii_is_card (not_cards[i]));
  for (guint i = 0; i < G_N_ELEMENTS (ipv4s); i++)
    g_assert_cmpint (sonde_pii_classify (ipv4s[i]), ==, SONDE_PII_IPV4);
  for (guint i = 0; i < G_N_ELEMENTS (not_ipv4s); i++)
    g_assert_false (sonde_pii_is_ipv4 (not_ipv4s[i]));
  for (guint i = 0; i < G_N_ELEMENTS (ipv6s); i++)
    g_assert_cmpint (sonde_pii_classify (ipv6s[i]), ==, SONDE_PII_IPV6);
  for (guint i = 0; i < G_N_ELEMENTS (not_ipv6s); i++)
    g_assert_false (sonde_pii_is_ipv6 (not_ipv6s[i]));

  g_assert_cmpint (sonde_pii_classify ("hello"), ==, SONDE_PII_NONE);
  g_assert_cmpint (sonde_pii_classify ("  ada@example.org "), ==, SONDE_PII_EMAIL);
  g_assert_cmpint (sonde_pii_classify ("12"), ==, SONDE_PII_NONE);
}

/* A column is flagged from half of its values on: 5 IBANs in 10 are,
 * 4 in 10 are not; a mixed column with 3 of each kind is not. */
static void
test_pii_share (void)
{
  g_autoptr(SondeTable) table = sonde_table_new ("pii");
  g_autoptr(SondeColumn) half = sonde_column_new ("half", SONDE_COLUMN_TYPE_TEXT);
  g_autoptr(SondeColumn) less = sonde_column_new ("less", SONDE_COLUMN_TYPE_TEXT);
  g_autoptr(SondeColumn) cats = sonde_column_new ("cats", SONDE_COLUMN_TYPE_CATEGORICAL);
  g_autoptr(SondeProfile) profile = NULL;
  static const guint32 rows[] = { 0, 2, 4, 6, 8 };

  for (guint i = 0; i < 10; i++)
    {
      sonde_column_append_text (half, i % 2 == 0 ? "FR7630006000011234567890189" : "n/a", -1);
      sonde_column_append_text (less, i < 4 ? "DE89370400440532013000" : "none", -1);
      sonde_column_append_category (cats, i < 6 ? "10.0.0.1" : "local", -1);
    }
  g_assert_true (sonde_table_add_column (table, g_steal_pointer (&half), NULL));
  g_assert_true (sonde_table_add_column (table, g_steal_pointer (&less), NULL));
  g_assert_true (sonde_table_add_column (table, g_steal_pointer (&cats), NULL));
  profile = profile_ok (table, NULL);
  g_assert_cmpint (sonde_profile_get_column (profile, 0)->pii, ==, SONDE_PII_IBAN);
  g_assert_cmpuint (sonde_profile_get_column (profile, 0)->n_pii, ==, 5);
  g_assert_cmpint (sonde_profile_get_column (profile, 1)->pii, ==, SONDE_PII_NONE);
  g_assert_cmpint (sonde_profile_get_column (profile, 2)->pii, ==, SONDE_PII_IPV4);
  g_assert_cmpuint (sonde_profile_get_column (profile, 2)->n_pii, ==, 6);
  assert_rows (profile, find_finding (profile, SONDE_FINDING_PERSONAL_DATA, "half"), rows, 5);
  /* Six different rows, four repeats (rows 2, 3, 8, 9). */
  g_assert_cmpuint (sonde_profile_get_n_duplicate_rows (profile), ==, 10 - 6);
  g_assert_cmpuint (sonde_profile_get_key_columns (profile)[0] == NULL, ==, TRUE);
}

/* Card numbers and NIRs read as whole numbers are found too (the
 * valid ones are those of test_pii_validators). */
static void
test_pii_integers (void)
{
  static const gint64 values[] = {
    G_GINT64_CONSTANT (4970100000000006), G_GINT64_CONSTANT (6011000000000004),
    G_GINT64_CONSTANT (1234567890123456785), G_GINT64_CONSTANT (540000000000007),
    G_GINT64_CONSTANT (37144963539849), G_GINT64_CONSTANT (4970100000000007),
    G_GINT64_CONSTANT (4970100000000008), 12, 13, 14,
  };
  static const guint32 rows[] = { 0, 1, 2, 3, 4 };
  g_autoptr(SondeTable) table = sonde_table_new ("cards");
  g_autoptr(SondeColumn) cards = sonde_column_new ("card", SONDE_COLUMN_TYPE_INTEGER);
  g_autoptr(SondeColumn) nirs = sonde_column_new ("nir", SONDE_COLUMN_TYPE_INTEGER);
  g_autoptr(SondeProfile) profile = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      sonde_column_append_integer (cards, values[i]);
      sonde_column_append_integer (nirs, i < 6 ? G_GINT64_CONSTANT (185057512345673) : G_GINT64_CONSTANT (176079912304518));
    }
  g_assert_true (sonde_table_add_column (table, g_steal_pointer (&cards), NULL));
  g_assert_true (sonde_table_add_column (table, g_steal_pointer (&nirs), NULL));
  profile = profile_ok (table, NULL);
  g_assert_cmpint (sonde_profile_get_column (profile, 0)->pii, ==, SONDE_PII_CARD);
  g_assert_cmpuint (sonde_profile_get_column (profile, 0)->n_pii, ==, 5);
  assert_rows (profile, find_finding (profile, SONDE_FINDING_PERSONAL_DATA, "card"), rows, 5);
  g_assert_cmpint (sonde_profile_get_column (profile, 1)->pii, ==, SONDE_PII_NIR);
  g_assert_cmpuint (sonde_profile_get_column (profile, 1)->n_pii, ==, 10);
}

/* 3 000 000 distinct values: past the exact limit, so a HyperLogLog
 * estimate; it must fall within 3 stated standard errors (1.04/√65536 =
 * 0.41 %, so 1.2 %). It says 2 998 325 (−0.06 %). Sixteen other sets of
 * 1 to 2.5 million strings gave a root-mean-square error of 0.23 %, and
 * the comment column of bench/gen-csv's 10 million rows (8 858 779
 * distinct, counted by sort -u) 8 822 037 (−0.41 %). */
static void
test_hll (void)
{
  g_autoptr(SondeTable) table = sonde_table_new ("hll");
  g_autoptr(SondeColumn) column = sonde_column_new ("values", SONDE_COLUMN_TYPE_TEXT);
  g_autoptr(SondeProfile) profile = NULL;
  const SondeColumnProfile *p;
  const guint n = 3000000;
  char buffer[32];

  sonde_column_reserve (column, n);
  for (guint i = 0; i < n; i++)
    {
      g_snprintf (buffer, sizeof buffer, "v%u-%u", i, i * 7919u);
      sonde_column_append_text (column, buffer, -1);
    }
  g_assert_true (sonde_table_add_column (table, g_steal_pointer (&column), NULL));
  profile = profile_ok (table, NULL);
  p = sonde_profile_get_column (profile, 0);
  g_assert_false (p->distinct_exact);
  assert_close (p->distinct_error, 1.04 / 256);
  g_test_message ("HLL estimate %" G_GUINT64_FORMAT " for %u", p->n_distinct, n);
  g_assert_cmpfloat (fabs ((double) p->n_distinct - n) / n, <, 3 * p->distinct_error);
  g_assert_cmpuint (p->n_top, ==, 0);
  g_assert_cmpuint (p->count, ==, n);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* The radix sort against qsort: random reals of both signs, zeros of
 * both signs, repeats, NaN (missing) and missing values; and integers of
 * both signs. Quartiles and distinct counts come from the naive copy. */
static void
test_sort_reference (void)
{
  g_autoptr(SondeTable) table = sonde_table_new ("random");
  g_autoptr(SondeColumn) reals = sonde_column_new ("x", SONDE_COLUMN_TYPE_REAL);
  g_autoptr(SondeColumn) ints = sonde_column_new ("n", SONDE_COLUMN_TYPE_INTEGER);
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  g_autoptr(SondeProfile) profile = NULL;
  const guint n = 100000;
  g_autofree double *x = g_new (double, n);
  g_autofree double *k = g_new (double, n);
  guint nx = 0, distinct = 0;
  const SondeColumnProfile *p;

  for (guint i = 0; i < n; i++)
    {
      double v = g_rand_double_range (rand, -1e6, 1e6);
      gint64 m = g_rand_int_range (rand, -5000, 5000) * G_GINT64_CONSTANT (1000003);

      if (i % 97 == 0)
        v = (i % 2) ? -0.0 : 0.0;
      if (i % 13 == 0)
        v = round (v / 1000);
      if (i % 101 == 0)
        sonde_column_append_missing (reals);
      else if (i % 103 == 0)
        sonde_column_append_real (reals, NAN);
      else
        {
          sonde_column_append_real (reals, v);
          x[nx++] = v == 0 ? 0 : v;
        }
      sonde_column_append_integer (ints, m);
      k[i] = m;
    }
  g_assert_true (sonde_table_add_column (table, g_steal_pointer (&reals), NULL));
  g_assert_true (sonde_table_add_column (table, g_steal_pointer (&ints), NULL));
  profile = profile_ok (table, NULL);

  qsort (x, nx, sizeof *x, compare_doubles);
  for (guint i = 0; i < nx; i++)
    distinct += i == 0 || x[i] != x[i - 1];
  p = sonde_profile_get_column (profile, 0);
  g_assert_cmpuint (p->count, ==, nx);
  g_assert_cmpuint (p->n_distinct, ==, distinct);
  g_assert_cmpfloat (p->min, ==, x[0]);
  g_assert_cmpfloat (p->max, ==, x[nx - 1]);
  {
    double h = (nx - 1) * 0.5;
    guint lo = (guint) h;

    assert_close (p->median, x[lo] + (h - lo) * (x[lo + 1] - x[lo]));
  }

  qsort (k, n, sizeof *k, compare_doubles);
  distinct = 0;
  for (guint i = 0; i < n; i++)
    distinct += i == 0 || k[i] != k[i - 1];
  p = sonde_profile_get_column (profile, 1);
  g_assert_cmpuint (p->n_distinct, ==, distinct);
  g_assert_cmpfloat (p->min, ==, k[0]);
  g_assert_cmpfloat (p->max, ==, k[n - 1]);
  {
    double h = (n - 1) * 0.75;
    guint lo = (guint) h;

    assert_close (p->q3, k[lo] + (h - lo) * (k[lo + 1] - k[lo]));
  }
}

/* One thread or several: the same figures. */
static void
test_threads (void)
{
  g_autoptr(SondeTable) table = load_fixture ();
  SondeProfileOptions one = { .n_threads = 1 };
  SondeProfileOptions four = { .n_threads = 4 };
  g_autoptr(SondeProfile) a = profile_ok (table, &one);
  g_autoptr(SondeProfile) b = profile_ok (table, &four);
  g_autofree char *ja = sonde_profile_to_json (a);
  g_autofree char *jb = sonde_profile_to_json (b);

  g_assert_cmpstr (ja, ==, jb);
}

static void
progress_cb (double   fraction,
             gpointer user_data)
{
  double *last = user_data;

  g_assert_cmpfloat (fraction, >=, 0);
  g_assert_cmpfloat (fraction, <=, 1);
  *last = fraction;
}

static void
computed_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  SondeProfile **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = sonde_profile_compute_finish (result, &error);
  g_assert_no_error (error);
}

static void
cancelled_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SondeProfile) profile = sonde_profile_compute_finish (result, &error);

  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (profile);
  *done = TRUE;
}

static void
test_async (void)
{
  g_autoptr(SondeTable) table = load_fixture ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  double last = -1;
  g_autofree char *rule = g_strdup ("age <= 120");
  const char *rules[] = { rule, NULL };
  SondeProfileOptions options = { .progress = progress_cb, .progress_data = &last, .rules = rules };
  SondeProfile *profile = NULL;
  gboolean done = FALSE;

  sonde_profile_compute_async (table, &options, NULL, computed_cb, &profile);
  /* The options are copied: the rule may go at once. */
  g_clear_pointer (&rule, g_free);
  rules[0] = NULL;
  while (profile == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpfloat (last, ==, 1.0);
  g_assert_cmpuint (sonde_profile_get_n_duplicate_rows (profile), ==, 1);
  g_assert_true (sonde_profile_get_table (profile) == table);
  g_assert_cmpuint (find_rule (profile, SONDE_FINDING_RULE_BROKEN, "age <= 120"), !=, G_MAXUINT);
  g_object_unref (profile);

  g_cancellable_cancel (cancellable);
  sonde_profile_compute_async (table, NULL, cancellable, cancelled_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static void
cancel_on_progress (double   fraction,
                    gpointer user_data)
{
  g_cancellable_cancel (user_data);
}

/* Cancelled from the progress callback, after the first job: the
 * remaining jobs stop and the profile is an error, not half a profile. */
static void
test_cancel_midway (void)
{
  g_autoptr(SondeTable) table = load_fixture ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  SondeProfileOptions options = { .n_threads = 1, .progress = cancel_on_progress, .progress_data = cancellable };
  g_autoptr(GError) error = NULL;
  g_autoptr(SondeProfile) profile = sonde_profile_compute (table, &options, cancellable, &error);

  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (profile);
}

static void
test_output (void)
{
  g_autoptr(SondeTable) table = load_fixture ();
  g_autoptr(SondeProfile) profile = profile_ok (table, NULL);
  g_autofree char *json = sonde_profile_to_json (profile);
  g_autofree char *text = sonde_profile_to_text (profile);
  g_autofree char *csv = sonde_profile_findings_to_csv (profile);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root, *age, *quality;

  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (json_object_get_int_member (root, "rows"), ==, 40);
  g_assert_cmpint (json_object_get_int_member (root, "duplicate_rows"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (root, "contradictions"), ==, 2);
  age = json_array_get_object_element (json_object_get_array_member (root, "columns"), 1);
  g_assert_cmpstr (json_object_get_string_member (age, "name"), ==, "age");
  g_assert_cmpstr (json_object_get_string_member (age, "type"), ==, "integer");
  assert_close (json_object_get_double_member (age, "std"), 26.228208458049874);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (age, "outliers_iqr"), "count"), ==, 1);
  g_assert_true (json_object_get_null_member (age, "personal_data"));
  quality = json_object_get_object_member (root, "quality");
  assert_close (json_object_get_double_member (quality, "score"), sonde_profile_get_score (profile));
  g_assert_true (json_object_has_member (quality, "formula"));
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_object_get_array_member (
                     json_array_get_object_element (json_object_get_array_member (root, "columns"), 4), "top"), 0), "value"),
                   ==, "user10.durand@example.com");

  g_assert_nonnull (strstr (text, "Quality score"));
  g_assert_nonnull (strstr (text, "3 rows have no value in “age”."));
  g_assert_true (g_str_has_prefix (csv, "severity,kind,columns,rows,message\r\n"));
  g_assert_nonnull (strstr (csv, "error,contradictions,id,2,"));
}

/* Edge cases: an empty table, a column of missing values only, a
 * constant column, a single row. */
static void
test_edges (void)
{
  g_autoptr(SondeTable) empty = sonde_table_new ("empty");
  g_autoptr(SondeTable) table = sonde_table_new ("edges");
  g_autoptr(SondeColumn) none = sonde_column_new ("none", SONDE_COLUMN_TYPE_REAL);
  g_autoptr(SondeColumn) same = sonde_column_new ("same", SONDE_COLUMN_TYPE_INTEGER);
  g_autoptr(SondeProfile) p0 = NULL;
  g_autoptr(SondeProfile) p1 = NULL;
  const SondeColumnProfile *c;

  p0 = profile_ok (empty, NULL);
  g_assert_cmpuint (sonde_profile_get_n_columns (p0), ==, 0);
  g_assert_cmpfloat (sonde_profile_get_score (p0), ==, 100);

  for (guint i = 0; i < 4; i++)
    {
      sonde_column_append_missing (none);
      sonde_column_append_integer (same, 7);
    }
  g_assert_true (sonde_table_add_column (table, g_steal_pointer (&none), NULL));
  g_assert_true (sonde_table_add_column (table, g_steal_pointer (&same), NULL));
  p1 = profile_ok (table, NULL);
  c = sonde_profile_get_column (p1, 0);
  g_assert_cmpuint (c->count, ==, 0);
  g_assert_false (c->numeric);
  g_assert_cmpuint (c->n_bins, ==, 0);
  c = sonde_profile_get_column (p1, 1);
  g_assert_cmpuint (c->n_distinct, ==, 1);
  g_assert_cmpfloat (c->std, ==, 0);
  g_assert_cmpuint (c->n_bins, ==, 1);
  g_assert_cmpuint (c->bin_counts[0], ==, 4);
  g_assert_cmpuint (c->n_outliers_z, ==, 0);
  g_assert_cmpuint (find_finding (p1, SONDE_FINDING_CONSTANT, "same"), !=, G_MAXUINT);
  g_assert_cmpint (sonde_profile_get_finding (p1, find_finding (p1, SONDE_FINDING_MISSING, "none"))->severity,
                   ==, SONDE_SEVERITY_ERROR);
  g_assert_cmpuint (sonde_profile_get_n_duplicate_rows (p1), ==, 3);
}

/* Yes/no values and instants: counts and top values; instants as
 * seconds since 1970 for the figures, ISO 8601 for the labels. */
static void
test_other_types (void)
{
  g_autoptr(SondeTable) table = sonde_table_new ("types");
  g_autoptr(SondeColumn) flag = sonde_column_new ("flag", SONDE_COLUMN_TYPE_BOOLEAN);
  g_autoptr(SondeColumn) when = sonde_column_new ("when", SONDE_COLUMN_TYPE_DATETIME);
  g_autoptr(SondeProfile) profile = NULL;
  const SondeColumnProfile *p;
  const gint64 day = G_GINT64_CONSTANT (86400) * G_USEC_PER_SEC;
  /* 2024-01-01T00:00:00Z */
  const gint64 start = G_GINT64_CONSTANT (1704067200) * G_USEC_PER_SEC;

  sonde_column_append_boolean (flag, TRUE);
  sonde_column_append_boolean (flag, FALSE);
  sonde_column_append_boolean (flag, TRUE);
  sonde_column_append_missing (flag);
  sonde_column_append_datetime (when, start + day);
  sonde_column_append_datetime (when, start);
  sonde_column_append_datetime (when, start + day);
  sonde_column_append_datetime (when, start + 3 * day);
  g_assert_true (sonde_table_add_column (table, g_steal_pointer (&flag), NULL));
  g_assert_true (sonde_table_add_column (table, g_steal_pointer (&when), NULL));
  profile = profile_ok (table, NULL);

  p = sonde_profile_get_column (profile, 0);
  g_assert_cmpuint (p->count, ==, 3);
  g_assert_cmpuint (p->n_distinct, ==, 2);
  g_assert_false (p->numeric);
  g_assert_cmpuint (p->n_top, ==, 2);
  g_assert_cmpstr (p->top[0].label, ==, "true");
  g_assert_cmpuint (p->top[0].count, ==, 2);
  g_assert_cmpstr (p->top[1].label, ==, "false");

  p = sonde_profile_get_column (profile, 1);
  g_assert_cmpuint (p->n_distinct, ==, 3);
  g_assert_true (p->numeric);
  g_assert_cmpfloat (p->min, ==, 1704067200.0);
  g_assert_cmpfloat (p->median, ==, 1704067200.0 + 86400);
  g_assert_cmpstr (p->top[0].label, ==, "2024-01-02T00:00:00Z");
  g_assert_cmpuint (p->top[0].count, ==, 2);
  g_assert_cmpstr (p->top[1].label, ==, "2024-01-01T00:00:00Z");
}

/* pandas: pd.Series([1.0, 2.0, float("inf")]).describe() gives mean inf,
 * std NaN, 25 % 1.5, max inf, and NaN for 50 % and 75 % (numpy's lerp
 * computes inf × 0): Sonde gives the type-7 values, 2 and inf. numpy.histogram
 * refuses infinities, and so no bins. */
static void
test_infinity (void)
{
  g_autoptr(SondeTable) table = sonde_table_new ("inf");
  g_autoptr(SondeColumn) x = sonde_column_new ("x", SONDE_COLUMN_TYPE_REAL);
  g_autoptr(SondeProfile) profile = NULL;
  g_autofree char *json = NULL;
  const SondeColumnProfile *p;

  sonde_column_append_real (x, 1);
  sonde_column_append_real (x, 2);
  sonde_column_append_real (x, INFINITY);
  g_assert_true (sonde_table_add_column (table, g_steal_pointer (&x), NULL));
  profile = profile_ok (table, NULL);
  p = sonde_profile_get_column (profile, 0);
  g_assert_cmpuint (p->count, ==, 3);
  g_assert_true (isinf (p->mean) && p->mean > 0);
  g_assert_true (isnan (p->std));
  g_assert_true (isinf (p->max));
  g_assert_cmpfloat (p->q1, ==, 1.5);
  g_assert_cmpfloat (p->median, ==, 2);
  g_assert_true (isinf (p->q3));
  g_assert_cmpuint (p->n_bins, ==, 0);
  json = sonde_profile_to_json (profile);
  g_assert_nonnull (strstr (json, "\"std\" : null"));
}

/* Tiny figures make exponents: json-glib 1.6 alone writes 1e-25 as
 * "1e-25.0", which no parser reads; the profile's JSON must parse. */
static void
test_json_exponents (void)
{
  g_autoptr(SondeTable) table = sonde_table_new ("tiny");
  g_autoptr(SondeColumn) x = sonde_column_new ("x", SONDE_COLUMN_TYPE_REAL);
  g_autoptr(SondeProfile) profile = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;

  sonde_column_append_real (x, 1e-25);
  sonde_column_append_real (x, 3e-25);
  sonde_column_append_real (x, 5e-05);
  g_assert_true (sonde_table_add_column (table, x, NULL));
  profile = sonde_profile_compute (table, NULL, NULL, &error);
  g_assert_no_error (error);
  json = sonde_profile_to_json (profile);
  g_assert_null (strstr (json, "e-25.0"));
  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);
  sonde_engine_init ();

  g_test_add_func ("/engine/profile/pandas/numbers", test_numbers);
  g_test_add_func ("/engine/profile/pandas/labels", test_labels);
  g_test_add_func ("/engine/profile/pandas/duplicates", test_duplicates);
  g_test_add_func ("/engine/profile/given-key", test_given_key);
  g_test_add_func ("/engine/profile/rules", test_rules);
  g_test_add_func ("/engine/profile/bad-rules", test_bad_rules);
  g_test_add_func ("/engine/profile/pii/validators", test_pii_validators);
  g_test_add_func ("/engine/profile/pii/share", test_pii_share);
  g_test_add_func ("/engine/profile/pii/integers", test_pii_integers);
  g_test_add_func ("/engine/profile/hll", test_hll);
  g_test_add_func ("/engine/profile/sort-reference", test_sort_reference);
  g_test_add_func ("/engine/profile/threads", test_threads);
  g_test_add_func ("/engine/profile/async", test_async);
  g_test_add_func ("/engine/profile/cancel-midway", test_cancel_midway);
  g_test_add_func ("/engine/profile/output", test_output);
  g_test_add_func ("/engine/profile/edges", test_edges);
  g_test_add_func ("/engine/profile/infinity", test_infinity);
  g_test_add_func ("/engine/profile/other-types", test_other_types);
  g_test_add_func ("/engine/profile/json-exponents", test_json_exponents);

  return g_test_run ();
}
