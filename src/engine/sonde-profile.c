/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sonde-engine"

/* SondeProfile: what a table holds, column by column, and what looks
 * wrong with it, for the Quality pane and `sonde-cli profile`.
 *
 * Per column: type, count, missing, distinct, the five most frequent
 * values; for numbers and dates also minimum, maximum, mean, sample
 * standard deviation (n − 1, as pandas), quartiles by linear
 * interpolation between order statistics (Hyndman–Fan type 7, pandas'
 * and R's default), a histogram by Sturges' rule (⌈log2 n⌉ + 1 equal
 * bins from the minimum to the maximum, the last one closed: exactly
 * numpy.histogram (x, bins="sturges")), and outliers by the 1.5 × IQR
 * fences and by |z| > 3. For the table: rows that repeat an earlier row,
 * rows that repeat the key of an earlier row, rows that share a key with
 * a row whose other values differ (contradictions), personal data in
 * text and category columns, the rows that break the rules the user
 * wrote (SondeProfileOptions.rules, in the expression language of
 * sonde-expr.h: `age between 0 and 120`), and a quality score with its
 * formula.
 *
 * How, and why that way. Numbers and dates are copied once and sorted by
 * an LSD radix sort on order-preserving 64-bit keys; from the sorted copy
 * every figure is exact and cheap, the distinct count and the most
 * frequent values included, whatever the number of distinct values.
 * Text is counted in an open-addressing hash table of 64-bit hashes (the
 * strings themselves stay in the column) while it holds at most a
 * million distinct values; past that the table is folded into a
 * HyperLogLog of 2^16 one-byte registers (relative standard error 1.04 / √65536 ≈
 * 0.41 %), and the count is then an estimate, said so in every output,
 * and the most frequent values are not given. Categories are counted
 * through their dictionary codes. Duplicate rows are found by a 64-bit
 * hash per row, sorted with the rows, each run of equal hashes then
 * checked value by value, so hash collisions never make a false finding.
 *
 * Personal data: each text value, and each whole number of 13 digits or
 * more (card numbers and NIRs read as numbers), is tested by validating
 * checkers (see sonde_pii_classify()) and a column is flagged when at least
 * SondeProfileOptions.pii_share (half by default) of its values are of
 * one kind. Text columns are screened first on 2 000 values spread over
 * the column; only a kind found in at least half that share of the sample
 * is then counted over every row. Categories are tested label by label.
 *
 * Rules are read (and refused, with the rule's own error) before any
 * work starts, then evaluated vectorised by SondeExpr after the columns;
 * a row where a rule is false breaks it, a row where it is unknown (a
 * value it needs is missing) is counted apart and does not.
 *
 * The quality score is 100 × (0.5 × completeness + 0.25 × uniqueness +
 * 0.25 × consistency), consistency being the share of rows in no
 * contradiction and breaking no rule; sonde_profile_get_score_formula()
 * says so in a sentence for the user.
 *
 * Sizes: up to tens of millions of rows. The columns are profiled in
 * parallel, one job per column plus one for duplicate rows, in a
 * GThreadPool of one thread per processor; a numeric column of n rows
 * needs 16 n bytes while it is worked on. The table must not change
 * while a profile is computed; a finished profile keeps a reference to
 * it, for the row indices of its findings.
 */

#include "config.h"

#include <arpa/inet.h>
#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "sonde-column-private.h"
#include "sonde-error.h"
#include "sonde-expr.h"
#include "sonde-profile.h"
#include "sonde-selection.h"
#include "sonde-json-writer.h"

#define EXACT_DISTINCT_LIMIT 1000000
#define HLL_BITS 16
#define HLL_M (1u << HLL_BITS)
#define PII_SAMPLE 2000
#define Z_LIMIT 3.0
#define IQR_FACTOR 1.5

/* ------------------------------------------------------------------ */
/* Personal data                                                       */

static const char * const pii_names[SONDE_PII_N_KINDS] = {
  "none", "email", "phone-fr", "phone-intl", "nir", "iban", "card", "ipv4", "ipv6",
};

/**
 * sonde_pii_kind_to_string:
 * @kind: a #SondePiiKind
 *
 * Returns: the stable English name of @kind, as JSON writes it
 */
const char *
sonde_pii_kind_to_string (SondePiiKind kind)
{
  g_return_val_if_fail (kind < SONDE_PII_N_KINDS, NULL);

  return pii_names[kind];
}

/**
 * sonde_pii_kind_get_label:
 * @kind: a #SondePiiKind
 *
 * Returns: the kind for people, translated ("e-mail addresses")
 */
const char *
sonde_pii_kind_get_label (SondePiiKind kind)
{
  g_return_val_if_fail (kind < SONDE_PII_N_KINDS, NULL);

  switch (kind)
    {
    case SONDE_PII_NONE: return _("none");
    case SONDE_PII_EMAIL: return _("e-mail addresses");
    case SONDE_PII_PHONE_FR: return _("French phone numbers");
    case SONDE_PII_PHONE_INTL: return _("international phone numbers");
    case SONDE_PII_NIR: return _("French social-security numbers");
    case SONDE_PII_IBAN: return _("IBANs");
    case SONDE_PII_CARD: return _("payment card numbers");
    case SONDE_PII_IPV4: return _("IPv4 addresses");
    case SONDE_PII_IPV6: return _("IPv6 addresses");
    default: g_assert_not_reached ();
    }
}

/* Copies the characters of @text that are not spaces, dots, hyphens or
 * (when @brackets) parentheses into @out (at most @size − 1 of them);
 * FALSE when there are more. */
static gboolean
strip_separators (const char *text,
                  char       *out,
                  gsize       size,
                  gboolean    dots)
{
  gsize n = 0;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == ' ' || *p == '-' || *p == '\t' || (dots && *p == '.'))
        continue;
      if (n + 1 >= size)
        return FALSE;
      out[n++] = *p;
    }
  out[n] = '\0';
  return TRUE;
}

static gboolean
all_digits (const char *p,
            gsize       n)
{
  for (gsize i = 0; i < n; i++)
    if (!g_ascii_isdigit (p[i]))
      return FALSE;
  return TRUE;
}

/**
 * sonde_pii_is_email:
 * @text: a value
 *
 * An e-mail address in its common form: a local part of letters, digits
 * and `.!#$%&'*+/=?^_`{|}~-` not starting or ending with a dot nor
 * holding two in a row, an @, and a domain of at least two labels of
 * letters, digits and inner hyphens, the last one of two letters or more.
 *
 * Returns: %TRUE if @text is one
 */
gboolean
sonde_pii_is_email (const char *text)
{
  const char *at, *p, *label;
  gboolean letters_only = TRUE;
  guint n_labels = 0;

  g_return_val_if_fail (text != NULL, FALSE);

  at = strchr (text, '@');
  if (at == NULL || at == text || at - text > 64 || text[0] == '.' || at[-1] == '.')
    return FALSE;
  for (p = text; p < at; p++)
    {
      if (g_ascii_isalnum (*p) || strchr (".!#$%&'*+/=?^_`{|}~-", *p) != NULL)
        {
          if (*p == '.' && p[1] == '.')
            return FALSE;
          continue;
        }
      return FALSE;
    }
  label = at + 1;
  for (p = label;; p++)
    {
      if (*p == '.' || *p == '\0')
        {
          gsize len = p - label;

          if (len == 0 || len > 63 || label[0] == '-' || p[-1] == '-')
            return FALSE;
          n_labels++;
          if (*p == '\0')
            break;
          label = p + 1;
          letters_only = TRUE;
          continue;
        }
      if (!g_ascii_isalnum (*p) && *p != '-')
        return FALSE;
      if (!g_ascii_isalpha (*p))
        letters_only = FALSE;
    }
  return n_labels >= 2 && letters_only && (p - label) >= 2;
}

/**
 * sonde_pii_is_phone_fr:
 * @text: a value
 *
 * A French phone number: ten digits starting with 0 and a digit from 1
 * to 9 ("06 12 34 56 78", "01.23.45.67.89"), or the same without its 0
 * after +33 or 0033 ("+33 6 12 34 56 78", "+33 (0)6 12 34 56 78").
 * Spaces, dots and hyphens between digits are ignored.
 *
 * Returns: %TRUE if @text is one
 */
gboolean
sonde_pii_is_phone_fr (const char *text)
{
  char buf[32];
  const char *p;

  g_return_val_if_fail (text != NULL, FALSE);

  if (!strip_separators (text, buf, sizeof buf, TRUE))
    return FALSE;
  p = buf;
  if (g_str_has_prefix (p, "+33"))
    p += 3;
  else if (g_str_has_prefix (p, "0033"))
    p += 4;
  else
    return strlen (p) == 10 && p[0] == '0' && p[1] >= '1' && p[1] <= '9' && all_digits (p, 10);

  if (g_str_has_prefix (p, "(0)"))
    p += 3;
  return strlen (p) == 9 && p[0] >= '1' && p[0] <= '9' && all_digits (p, 9);
}

/**
 * sonde_pii_is_phone_intl:
 * @text: a value
 *
 * A phone number in the international E.164 form: a + then 8 to 15
 * digits, the first not 0 (spaces, dots and hyphens ignored).
 *
 * Returns: %TRUE if @text is one
 */
gboolean
sonde_pii_is_phone_intl (const char *text)
{
  char buf[32];
  gsize n;

  g_return_val_if_fail (text != NULL, FALSE);

  if (!strip_separators (text, buf, sizeof buf, TRUE) || buf[0] != '+')
    return FALSE;
  n = strlen (buf + 1);
  return n >= 8 && n <= 15 && buf[1] != '0' && all_digits (buf + 1, n);
}

/**
 * sonde_pii_is_nir:
 * @text: a value
 *
 * A French social-security number (NIR) with its key: 15 characters
 * (spaces ignored): the sex (1, 2, 7 or 8), the year (2 digits), the
 * month (01 to 12, or 20 and 30 to 42 and 50 to 99 when unknown), the
 * département (2 digits, or 2A and 2B for Corsica), 6 more digits, and a
 * key equal to 97 − (the first 13 as a number mod 97), where 2A counts
 * as 19 and 2B as 18.
 *
 * Returns: %TRUE if @text is one whose key checks
 */
gboolean
sonde_pii_is_nir (const char *text)
{
  char buf[24];
  guint64 number = 0;
  guint month, key;

  g_return_val_if_fail (text != NULL, FALSE);

  if (!strip_separators (text, buf, sizeof buf, FALSE) || strlen (buf) != 15)
    return FALSE;
  if (buf[0] != '1' && buf[0] != '2' && buf[0] != '7' && buf[0] != '8')
    return FALSE;
  if (!all_digits (buf, 5) || !all_digits (buf + 7, 8))
    return FALSE;
  month = (buf[3] - '0') * 10 + (buf[4] - '0');
  if (!((month >= 1 && month <= 12) || month == 20 || (month >= 30 && month <= 42) || month >= 50))
    return FALSE;

  if (buf[5] == '2' && (buf[6] == 'A' || buf[6] == 'a'))
    buf[5] = '1', buf[6] = '9';
  else if (buf[5] == '2' && (buf[6] == 'B' || buf[6] == 'b'))
    buf[5] = '1', buf[6] = '8';
  else if (!all_digits (buf + 5, 2))
    return FALSE;

  for (guint i = 0; i < 13; i++)
    number = number * 10 + (buf[i] - '0');
  key = (buf[13] - '0') * 10 + (buf[14] - '0');
  return key >= 1 && key <= 97 && key == 97 - number % 97;
}

/**
 * sonde_pii_is_iban:
 * @text: a value
 *
 * An IBAN: two letters, two check digits and 11 to 30 letters or digits
 * (15 to 34 in all, spaces ignored, letters in either case) whose mod-97
 * check (ISO 13616) gives 1.
 *
 * Returns: %TRUE if @text is one whose check digits are right
 */
gboolean
sonde_pii_is_iban (const char *text)
{
  char buf[40];
  gsize n;
  guint rest = 0;

  g_return_val_if_fail (text != NULL, FALSE);

  if (!strip_separators (text, buf, sizeof buf, FALSE))
    return FALSE;
  n = strlen (buf);
  if (n < 15 || n > 34 || !g_ascii_isalpha (buf[0]) || !g_ascii_isalpha (buf[1]) ||
      !g_ascii_isdigit (buf[2]) || !g_ascii_isdigit (buf[3]))
    return FALSE;
  for (gsize i = 0; i < n; i++)
    {
      char c = buf[(i + 4) % n];

      if (g_ascii_isdigit (c))
        rest = (rest * 10 + (c - '0')) % 97;
      else if (g_ascii_isalpha (c))
        rest = (rest * 100 + (g_ascii_toupper (c) - 'A' + 10)) % 97;
      else
        return FALSE;
    }
  return rest == 1;
}

/**
 * sonde_pii_is_card:
 * @text: a value
 *
 * A payment card number: 13 to 19 digits (spaces and hyphens ignored),
 * not all zeros, whose Luhn check passes.
 *
 * Returns: %TRUE if @text is one
 */
gboolean
sonde_pii_is_card (const char *text)
{
  char buf[32];
  gsize n;
  guint sum = 0;
  gboolean nonzero = FALSE;

  g_return_val_if_fail (text != NULL, FALSE);

  if (!strip_separators (text, buf, sizeof buf, FALSE))
    return FALSE;
  n = strlen (buf);
  if (n < 13 || n > 19 || !all_digits (buf, n))
    return FALSE;
  for (gsize i = 0; i < n; i++)
    {
      guint d = buf[n - 1 - i] - '0';

      if (d != 0)
        nonzero = TRUE;
      if (i % 2 == 1)
        {
          d *= 2;
          if (d > 9)
            d -= 9;
        }
      sum += d;
    }
  return nonzero && sum % 10 == 0;
}

/**
 * sonde_pii_is_ipv4:
 * @text: a value
 *
 * An IPv4 address in dotted decimal form: four numbers from 0 to 255
 * without leading zeros.
 *
 * Returns: %TRUE if @text is one
 */
gboolean
sonde_pii_is_ipv4 (const char *text)
{
  const char *p = text;

  g_return_val_if_fail (text != NULL, FALSE);

  for (guint part = 0; part < 4; part++)
    {
      guint value = 0, digits = 0;

      if (part > 0 && *p++ != '.')
        return FALSE;
      while (g_ascii_isdigit (*p) && digits < 4)
        {
          if (digits == 1 && value == 0)
            return FALSE;
          value = value * 10 + (*p++ - '0');
          digits++;
        }
      if (digits == 0 || digits > 3 || value > 255)
        return FALSE;
    }
  return *p == '\0';
}

/**
 * sonde_pii_is_ipv6:
 * @text: a value
 *
 * An IPv6 address in any of the forms inet_pton() reads ("::1",
 * "2001:db8::8a2e:370:7334", "::ffff:192.0.2.1").
 *
 * Returns: %TRUE if @text is one
 */
gboolean
sonde_pii_is_ipv6 (const char *text)
{
  struct in6_addr address;

  g_return_val_if_fail (text != NULL, FALSE);

  return strchr (text, ':') != NULL && inet_pton (AF_INET6, text, &address) == 1;
}

/**
 * sonde_pii_classify:
 * @text: a value
 *
 * Which kind of personal data @text is, testing in this order: e-mail,
 * IBAN, NIR, card, French phone, international phone, IPv4, IPv6 (a
 * French number in +33 form is French, not international). Leading and
 * trailing spaces are ignored; values longer than 254 bytes are none.
 *
 * Returns: the kind, or %SONDE_PII_NONE
 */
SondePiiKind
sonde_pii_classify (const char *text)
{
  char buf[256];
  gsize len;
  const char *start;

  g_return_val_if_fail (text != NULL, SONDE_PII_NONE);

  start = text;
  while (*start == ' ')
    start++;
  len = strlen (start);
  while (len > 0 && start[len - 1] == ' ')
    len--;
  if (len < 2 || len >= sizeof buf)
    return SONDE_PII_NONE;
  memcpy (buf, start, len);
  buf[len] = '\0';

  if (strchr (buf, '@') != NULL)
    return sonde_pii_is_email (buf) ? SONDE_PII_EMAIL : SONDE_PII_NONE;
  if (strchr (buf, ':') != NULL)
    return sonde_pii_is_ipv6 (buf) ? SONDE_PII_IPV6 : SONDE_PII_NONE;
  if (g_ascii_isalpha (buf[0]))
    return sonde_pii_is_iban (buf) ? SONDE_PII_IBAN : SONDE_PII_NONE;
  if (sonde_pii_is_nir (buf))
    return SONDE_PII_NIR;
  if (sonde_pii_is_card (buf))
    return SONDE_PII_CARD;
  if (sonde_pii_is_phone_fr (buf))
    return SONDE_PII_PHONE_FR;
  if (sonde_pii_is_phone_intl (buf))
    return SONDE_PII_PHONE_INTL;
  if (sonde_pii_is_ipv4 (buf))
    return SONDE_PII_IPV4;
  return SONDE_PII_NONE;
}

/* ------------------------------------------------------------------ */
/* Hashing, HyperLogLog, radix sort                                    */

static inline guint64
fmix64 (guint64 h)
{
  h ^= h >> 33;
  h *= G_GUINT64_CONSTANT (0xff51afd7ed558ccd);
  h ^= h >> 33;
  h *= G_GUINT64_CONSTANT (0xc4ceb9fe1a85ec53);
  h ^= h >> 33;
  return h;
}

static guint64
hash_string (const char *s)
{
  gsize len = strlen (s);
  guint64 h = G_GUINT64_CONSTANT (0x9E3779B97F4A7C15) ^ len;

  while (len >= 8)
    {
      guint64 w;

      memcpy (&w, s, 8);
      h = (h ^ fmix64 (w)) * G_GUINT64_CONSTANT (0x100000001b3);
      h = (h << 27) | (h >> 37);
      s += 8;
      len -= 8;
    }
  if (len > 0)
    {
      guint64 w = 0;

      memcpy (&w, s, len);
      h = (h ^ fmix64 (w ^ (G_GUINT64_CONSTANT (1) << 63))) * G_GUINT64_CONSTANT (0x100000001b3);
    }
  return fmix64 (h);
}

static void
hll_add (guint8  *registers,
         guint64  hash)
{
  guint index = hash >> (64 - HLL_BITS);
  guint64 rest = (hash << HLL_BITS) | (G_GUINT64_CONSTANT (1) << (HLL_BITS - 1));
  guint8 rank = __builtin_clzll (rest) + 1;

  if (rank > registers[index])
    registers[index] = rank;
}

/* Flajolet et al. 2007 with the small-range correction (linear counting);
 * a 64-bit hash needs no large-range one. */
static double
hll_estimate (const guint8 *registers)
{
  double m = HLL_M, sum = 0, estimate;
  guint zeros = 0;

  for (guint i = 0; i < HLL_M; i++)
    {
      sum += ldexp (1.0, -registers[i]);
      zeros += registers[i] == 0;
    }
  estimate = (0.7213 / (1 + 1.079 / m)) * m * m / sum;
  if (estimate <= 2.5 * m && zeros > 0)
    estimate = m * log (m / zeros);
  return estimate;
}

/* Stable LSD radix sort of @keys (and @payload alongside, if not NULL)
 * by 11-bit digits, skipping the digits all keys share. @tmp_keys and
 * @tmp_payload have room for @n items; the result ends in @keys. */
static void
radix_sort (guint64  *keys,
            guint32  *payload,
            gsize     n,
            guint64  *tmp_keys,
            guint32  *tmp_payload)
{
  enum { BITS = 11, BUCKETS = 1 << BITS };
  g_autofree gsize *counts = g_new (gsize, BUCKETS * 6);
  guint64 *src = keys, *dst = tmp_keys;
  guint32 *psrc = payload, *pdst = tmp_payload;

  memset (counts, 0, sizeof (gsize) * BUCKETS * 6);
  for (gsize i = 0; i < n; i++)
    for (guint d = 0; d < 6; d++)
      counts[d * BUCKETS + ((keys[i] >> (d * BITS)) & (BUCKETS - 1))]++;

  for (guint d = 0; d < 6; d++)
    {
      gsize *c = counts + d * BUCKETS, offset = 0;
      guint shift = d * BITS;
      gboolean trivial = FALSE;

      for (guint b = 0; b < BUCKETS; b++)
        {
          gsize count = c[b];

          if (count == n)
            trivial = TRUE;
          c[b] = offset;
          offset += count;
        }
      if (trivial)
        continue;
      for (gsize i = 0; i < n; i++)
        {
          gsize to = c[(src[i] >> shift) & (BUCKETS - 1)]++;

          dst[to] = src[i];
          if (psrc != NULL)
            pdst[to] = psrc[i];
        }
      { guint64 *t = src; src = dst; dst = t; }
      { guint32 *t = psrc; psrc = pdst; pdst = t; }
    }
  if (src != keys)
    {
      memcpy (keys, src, n * sizeof *keys);
      if (payload != NULL)
        memcpy (payload, psrc, n * sizeof *payload);
    }
}

/* Order-preserving maps between values and unsigned keys. */
static inline guint64
key_from_int (gint64 v)
{
  return (guint64) v ^ (G_GUINT64_CONSTANT (1) << 63);
}

static inline guint64
key_from_double (double v)
{
  guint64 bits;

  if (v == 0)
    v = 0; /* -0.0 and 0.0 are one value */
  memcpy (&bits, &v, sizeof bits);
  return (bits >> 63) ? ~bits : bits | (G_GUINT64_CONSTANT (1) << 63);
}

static inline double
double_from_key (guint64 key)
{
  guint64 bits = (key >> 63) ? key & ~(G_GUINT64_CONSTANT (1) << 63) : ~key;
  double v;

  memcpy (&v, &bits, sizeof v);
  return v;
}

/* ------------------------------------------------------------------ */
/* The object                                                          */

typedef struct
{
  SondeFinding  pub;
  int           column;      /* -1 for the table */
  GArray       *rows;        /* guint32, when stored; else recomputed */
} Finding;

/* A rule of SondeProfileOptions.rules and the rows that break it. */
typedef struct
{
  SondeExpr    *expr;
  char        **columns;
  GArray       *broken;      /* guint32 */
  GArray       *unknown;     /* guint32 */
} Rule;

static void
rule_free (Rule *rule)
{
  g_clear_pointer (&rule->expr, sonde_expr_unref);
  g_strfreev (rule->columns);
  g_clear_pointer (&rule->broken, g_array_unref);
  g_clear_pointer (&rule->unknown, g_array_unref);
  g_free (rule);
}

struct _SondeProfile
{
  GObject              parent_instance;

  SondeTable          *table;
  guint                n_rows;
  guint                n_columns;
  SondeColumnProfile  *columns;

  char               **key;
  gboolean             key_guessed;
  guint                n_duplicate_rows;
  guint                n_duplicate_keys;
  guint                n_contradictions;
  GArray              *duplicate_rows;
  GArray              *duplicate_keys;
  GArray              *contradictions;
  guint64             *row_hashes;  /* while computing: each row's hash */
  GPtrArray           *rules;       /* Rule * */
  guint                n_inconsistent;

  GPtrArray           *findings;
  double               completeness;
  double               uniqueness;
  double               consistency;
  double               score;
  char                *formula;
};

G_DEFINE_FINAL_TYPE (SondeProfile, sonde_profile, G_TYPE_OBJECT)

static void
finding_free (Finding *f)
{
  g_strfreev (f->pub.columns);
  g_free (f->pub.message);
  g_free (f->pub.rule);
  g_clear_pointer (&f->rows, g_array_unref);
  g_free (f);
}

static void
sonde_profile_finalize (GObject *object)
{
  SondeProfile *self = SONDE_PROFILE (object);

  for (guint c = 0; c < self->n_columns; c++)
    {
      SondeColumnProfile *p = &self->columns[c];

      g_free (p->name);
      for (guint i = 0; i < p->n_top; i++)
        g_free (p->top[i].label);
      g_free (p->bin_edges);
      g_free (p->bin_counts);
    }
  g_free (self->columns);
  g_strfreev (self->key);
  g_clear_pointer (&self->duplicate_rows, g_array_unref);
  g_clear_pointer (&self->duplicate_keys, g_array_unref);
  g_clear_pointer (&self->contradictions, g_array_unref);
  g_clear_pointer (&self->row_hashes, g_free);
  g_clear_pointer (&self->findings, g_ptr_array_unref);
  g_clear_pointer (&self->rules, g_ptr_array_unref);
  g_free (self->formula);
  g_clear_object (&self->table);

  G_OBJECT_CLASS (sonde_profile_parent_class)->finalize (object);
}

static void
sonde_profile_class_init (SondeProfileClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sonde_profile_finalize;
}

static void
sonde_profile_init (SondeProfile *self)
{
  self->findings = g_ptr_array_new_with_free_func ((GDestroyNotify) finding_free);
  self->rules = g_ptr_array_new_with_free_func ((GDestroyNotify) rule_free);
}

/* ------------------------------------------------------------------ */
/* One column                                                          */

typedef struct
{
  SondeProfile              *profile;
  const SondeProfileOptions *options;
  double                     pii_share;
  GCancellable              *cancellable;
  GMutex                     lock;
  guint                      n_done;
  guint                      n_jobs;
} Ctx;

static void
job_done (Ctx *ctx)
{
  g_mutex_lock (&ctx->lock);
  ctx->n_done++;
  if (ctx->options->progress != NULL)
    ctx->options->progress ((double) ctx->n_done / ctx->n_jobs, ctx->options->progress_data);
  g_mutex_unlock (&ctx->lock);
}

static gboolean
is_missing (SondeColumn   *column,
            const guint64 *missing,
            const void    *values,
            guint          row)
{
  if (_sonde_bitmap_get (missing, row))
    return TRUE;
  return sonde_column_get_column_type (column) == SONDE_COLUMN_TYPE_REAL &&
         isnan (((const double *) values)[row]);
}

/* The label of a numeric key of @type, as the top values show it. */
static char *
label_from_key (SondeColumnType type,
                guint64         key)
{
  switch (type)
    {
    case SONDE_COLUMN_TYPE_INTEGER:
      return g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) (key ^ (G_GUINT64_CONSTANT (1) << 63)));
    case SONDE_COLUMN_TYPE_REAL:
      return sonde_column_format_real (double_from_key (key));
    case SONDE_COLUMN_TYPE_DATE:
      {
        int y, m, d;

        sonde_date_to_ymd ((gint32) (gint64) (key ^ (G_GUINT64_CONSTANT (1) << 63)), &y, &m, &d);
        return g_strdup_printf ("%04d-%02d-%02d", y, m, d);
      }
    case SONDE_COLUMN_TYPE_DATETIME:
      {
        gint64 us = (gint64) (key ^ (G_GUINT64_CONSTANT (1) << 63));
        g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (us / G_USEC_PER_SEC);

        if (dt == NULL)
          return g_strdup_printf ("%" G_GINT64_FORMAT, us);
        return g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ");
      }
    default:
      g_assert_not_reached ();
    }
}

/* Keeps the SONDE_PROFILE_N_TOP best (count, then the order the
 * candidates come in, or @cmp on labels when not NULL) in @top. */
typedef struct
{
  guint64  key;
  gconstpointer label;
  guint    count;
} Candidate;

static void
offer_top (Candidate    *top,
           guint        *n_top,
           Candidate     c,
           GCompareFunc  cmp)
{
  guint pos = *n_top;

  while (pos > 0 &&
         (top[pos - 1].count < c.count ||
          (cmp != NULL && top[pos - 1].count == c.count && cmp (c.label, top[pos - 1].label) < 0)))
    pos--;
  if (pos >= SONDE_PROFILE_N_TOP)
    return;
  if (*n_top < SONDE_PROFILE_N_TOP)
    (*n_top)++;
  memmove (top + pos + 1, top + pos, (*n_top - 1 - pos) * sizeof *top);
  top[pos] = c;
}

static double
quantile7 (const double *v,
           gsize         n,
           double        p)
{
  double h = (n - 1) * p;
  gsize lo = (gsize) floor (h);
  double frac = h - lo;

  if (lo + 1 >= n || frac == 0)
    return v[lo < n ? lo : n - 1];
  /* Between an infinity and anything, the infinity; numpy says NaN
   * there (inf × 0 in its lerp), which is an accident, not a quantile. */
  if (isinf (v[lo]))
    return v[lo];
  if (isinf (v[lo + 1]))
    return v[lo + 1];
  /* numpy's lerp, so that the last bits agree with pandas */
  {
    double a = v[lo], b = v[lo + 1], diff = b - a;
    double r = a + diff * frac;

    if (frac >= 0.5)
      r = b - diff * (1 - frac);
    return r;
  }
}

static void
profile_numeric (Ctx                *ctx,
                 SondeColumn        *column,
                 SondeColumnProfile *p)
{
  SondeColumnType type = p->type;
  const void *values = _sonde_column_get_values (column);
  const guint64 *missing = _sonde_column_get_missing (column);
  g_autofree guint64 *keys = g_new (guint64, MAX (p->n_rows, 1));
  g_autofree guint64 *tmp = NULL;
  Candidate top[SONDE_PROFILE_N_TOP];
  guint n_top = 0;
  gsize n = 0;
  double *v, sum = 0, comp = 0, mean, ss = 0, width, range;
  guint64 distinct = 0;

  for (guint r = 0; r < p->n_rows; r++)
    {
      if (_sonde_bitmap_get (missing, r))
        continue;
      switch (type)
        {
        case SONDE_COLUMN_TYPE_INTEGER:
        case SONDE_COLUMN_TYPE_DATETIME:
          keys[n++] = key_from_int (((const gint64 *) values)[r]);
          break;
        case SONDE_COLUMN_TYPE_DATE:
          keys[n++] = key_from_int (((const gint32 *) values)[r]);
          break;
        case SONDE_COLUMN_TYPE_REAL:
          {
            double x = ((const double *) values)[r];

            if (!isnan (x))
              keys[n++] = key_from_double (x);
          }
          break;
        default:
          g_assert_not_reached ();
        }
    }
  p->count = n;
  p->n_missing = p->n_rows - n;
  p->distinct_exact = TRUE;
  if (n == 0)
    return;
  if (g_cancellable_is_cancelled (ctx->cancellable))
    return;

  tmp = g_new (guint64, n);
  radix_sort (keys, NULL, n, tmp, NULL);
  g_clear_pointer (&tmp, g_free);

  for (gsize i = 0; i < n;)
    {
      gsize j = i + 1;

      while (j < n && keys[j] == keys[i])
        j++;
      distinct++;
      offer_top (top, &n_top, (Candidate) { keys[i], NULL, j - i }, NULL);
      i = j;
    }
  p->n_distinct = distinct;
  p->n_top = n_top;
  for (guint i = 0; i < n_top; i++)
    {
      p->top[i].label = label_from_key (type, top[i].key);
      p->top[i].count = top[i].count;
    }

  /* The keys become the sorted values, in place. */
  v = (double *) keys;
  for (gsize i = 0; i < n; i++)
    {
      switch (type)
        {
        case SONDE_COLUMN_TYPE_REAL:
          v[i] = double_from_key (keys[i]);
          break;
        case SONDE_COLUMN_TYPE_DATETIME:
          v[i] = (double) (gint64) (keys[i] ^ (G_GUINT64_CONSTANT (1) << 63)) / G_USEC_PER_SEC;
          break;
        default:
          v[i] = (double) (gint64) (keys[i] ^ (G_GUINT64_CONSTANT (1) << 63));
          break;
        }
    }

  p->numeric = TRUE;
  p->min = v[0];
  p->max = v[n - 1];
  /* Neumaier's compensated sum: the mean to the last bit or so. */
  for (gsize i = 0; i < n; i++)
    {
      double t = sum + v[i];

      if (fabs (sum) >= fabs (v[i]))
        comp += (sum - t) + v[i];
      else
        comp += (v[i] - t) + sum;
      sum = t;
    }
  /* With an infinity the compensation is NaN; pandas says ±inf. */
  mean = isfinite (sum) ? (sum + comp) / n : sum / n;
  p->mean = mean;
  for (gsize i = 0; i < n; i++)
    ss += (v[i] - mean) * (v[i] - mean);
  p->std = n > 1 ? sqrt (ss / (n - 1)) : NAN;
  p->q1 = quantile7 (v, n, 0.25);
  p->median = quantile7 (v, n, 0.5);
  p->q3 = quantile7 (v, n, 0.75);

  p->iqr_low = p->q1 - IQR_FACTOR * (p->q3 - p->q1);
  p->iqr_high = p->q3 + IQR_FACTOR * (p->q3 - p->q1);
  for (gsize i = 0; i < n && v[i] < p->iqr_low; i++)
    p->n_outliers_iqr++;
  for (gsize i = n; i > 0 && v[i - 1] > p->iqr_high; i--)
    p->n_outliers_iqr++;
  if (p->std > 0)
    {
      for (gsize i = 0; i < n && fabs (v[i] - mean) / p->std > Z_LIMIT; i++)
        p->n_outliers_z++;
      for (gsize i = n; i > 0 && fabs (v[i - 1] - mean) / p->std > Z_LIMIT && v[i - 1] > mean; i--)
        p->n_outliers_z++;
    }

  /* Sturges' rule, computed as numpy.histogram (bins="sturges") does. */
  range = p->max - p->min;
  {
    double first = p->min, last = p->max, norm;

    if (!isfinite (range))
      return; /* infinities: no bins, as numpy refuses them */
    if (range == 0)
      {
        first -= 0.5;
        last += 0.5;
        p->n_bins = 1;
      }
    else
      {
        width = range / (log2 ((double) n) + 1.0);
        p->n_bins = (guint) ceil (range / width);
      }
    p->bin_edges = g_new (double, p->n_bins + 1);
    p->bin_counts = g_new0 (guint, p->n_bins);
    {
      double step = (last - first) / p->n_bins;

      for (guint b = 0; b <= p->n_bins; b++)
        p->bin_edges[b] = first + b * step;
      p->bin_edges[p->n_bins] = last;
    }
    norm = p->n_bins / (last - first);
    for (gsize i = 0; i < n; i++)
      {
        gssize b = (gssize) ((v[i] - first) * norm);

        if (b >= (gssize) p->n_bins)
          b = p->n_bins - 1;
        if (b > 0 && v[i] < p->bin_edges[b])
          b--;
        if (b + 1 < (gssize) p->n_bins && v[i] >= p->bin_edges[b + 1])
          b++;
        p->bin_counts[b]++;
      }
  }
}

typedef struct
{
  guint64     hash;
  const char *text;
  guint       count;
} Slot;

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (a, b);
}

static void
profile_text (Ctx                *ctx,
              SondeColumn        *column,
              SondeColumnProfile *p)
{
  guint capacity = 1024, used = 0;
  g_autofree Slot *slots = g_new0 (Slot, capacity);
  g_autofree guint8 *hll = NULL;
  Candidate top[SONDE_PROFILE_N_TOP];
  guint n_top = 0;

  for (guint r = 0; r < p->n_rows; r++)
    {
      const char *text = sonde_column_get_text (column, r);
      guint64 h;

      if (text == NULL)
        continue;
      p->count++;
      h = hash_string (text);
      if (hll != NULL)
        {
          hll_add (hll, h);
          continue;
        }
      for (guint i = h & (capacity - 1);; i = (i + 1) & (capacity - 1))
        {
          if (slots[i].text == NULL)
            {
              slots[i] = (Slot) { h, text, 1 };
              used++;
              break;
            }
          if (slots[i].hash == h && strcmp (slots[i].text, text) == 0)
            {
              slots[i].count++;
              break;
            }
        }
      if (used > EXACT_DISTINCT_LIMIT)
        {
          hll = g_new0 (guint8, HLL_M);
          for (guint i = 0; i < capacity; i++)
            if (slots[i].text != NULL)
              hll_add (hll, slots[i].hash);
          g_clear_pointer (&slots, g_free);
        }
      else if (used * 2 > capacity)
        {
          guint new_capacity = capacity * 2;
          Slot *grown = g_new0 (Slot, new_capacity);

          for (guint i = 0; i < capacity; i++)
            if (slots[i].text != NULL)
              for (guint j = slots[i].hash & (new_capacity - 1);; j = (j + 1) & (new_capacity - 1))
                if (grown[j].text == NULL)
                  {
                    grown[j] = slots[i];
                    break;
                  }
          g_free (slots);
          slots = grown;
          capacity = new_capacity;
        }
      if ((r & 0xfffff) == 0 && g_cancellable_is_cancelled (ctx->cancellable))
        return;
    }
  p->n_missing = p->n_rows - p->count;
  if (hll != NULL)
    {
      p->n_distinct = (guint64) llround (hll_estimate (hll));
      p->distinct_exact = FALSE;
      p->distinct_error = 1.04 / sqrt (HLL_M);
      return;
    }
  p->n_distinct = used;
  p->distinct_exact = TRUE;
  for (guint i = 0; i < capacity; i++)
    if (slots[i].text != NULL)
      offer_top (top, &n_top, (Candidate) { 0, slots[i].text, slots[i].count }, compare_strings);
  p->n_top = n_top;
  for (guint i = 0; i < n_top; i++)
    {
      p->top[i].label = g_strdup (top[i].label);
      p->top[i].count = top[i].count;
    }
}

/* The value of @row as the personal-data checkers see it: the text, or
 * for whole numbers of 13 digits or more (card numbers, NIRs read as
 * numbers) the digits in @buffer; NULL when missing or too short to be
 * anything. */
static const char *
pii_text (SondeColumn *column,
          guint        row,
          char        *buffer,
          gsize        size)
{
  gint64 value;

  if (sonde_column_get_column_type (column) != SONDE_COLUMN_TYPE_INTEGER)
    return sonde_column_get_text (column, row);
  if (sonde_column_is_missing (column, row))
    return NULL;
  value = sonde_column_get_integer (column, row);
  if (value < G_GINT64_CONSTANT (1000000000000))
    return NULL;
  g_snprintf (buffer, size, "%" G_GINT64_FORMAT, value);
  return buffer;
}

/* Personal data in a text or whole-number column: a spread sample first,
 * then every row for the kinds the sample makes plausible. */
static void
find_pii_text (Ctx                *ctx,
               SondeColumn        *column,
               SondeColumnProfile *p)
{
  guint sample[SONDE_PII_N_KINDS] = { 0 }, n_sample = 0, step;
  guint full[SONDE_PII_N_KINDS] = { 0 };
  gboolean wanted[SONDE_PII_N_KINDS] = { FALSE };
  gboolean any = FALSE;
  char buffer[32];

  if (p->count == 0)
    return;
  step = MAX (1, p->n_rows / PII_SAMPLE);
  for (guint r = 0; r < p->n_rows; r += step)
    {
      const char *text = pii_text (column, r, buffer, sizeof buffer);

      if (!sonde_column_is_missing (column, r))
        n_sample++;
      if (text != NULL)
        sample[sonde_pii_classify (text)]++;
    }
  for (guint k = 1; k < SONDE_PII_N_KINDS; k++)
    if (n_sample > 0 && sample[k] >= ctx->pii_share / 2 * n_sample)
      wanted[k] = any = TRUE;
  if (!any)
    return;
  if (step == 1)
    memcpy (full, sample, sizeof full);
  else
    for (guint r = 0; r < p->n_rows; r++)
      {
        const char *text = pii_text (column, r, buffer, sizeof buffer);

        if (text != NULL)
          full[sonde_pii_classify (text)]++;
      }
  for (guint k = 1; k < SONDE_PII_N_KINDS; k++)
    if (wanted[k] && full[k] >= ctx->pii_share * p->count && full[k] > p->n_pii)
      {
        p->pii = k;
        p->n_pii = full[k];
      }
}

static void
profile_categorical (Ctx                *ctx,
                     SondeColumn        *column,
                     SondeColumnProfile *p)
{
  guint n_categories = sonde_column_get_n_categories (column);
  const guint32 *codes = _sonde_column_get_values (column);
  const guint64 *missing = _sonde_column_get_missing (column);
  g_autofree guint *counts = g_new0 (guint, n_categories + 1);
  guint pii[SONDE_PII_N_KINDS] = { 0 };
  Candidate top[SONDE_PROFILE_N_TOP];
  guint n_top = 0;

  for (guint r = 0; r < p->n_rows; r++)
    if (!_sonde_bitmap_get (missing, r))
      counts[codes[r]]++;
  for (guint c = 0; c < n_categories; c++)
    {
      const char *label = sonde_column_get_category_label (column, c);

      if (counts[c] == 0)
        continue;
      p->count += counts[c];
      p->n_distinct++;
      offer_top (top, &n_top, (Candidate) { 0, label, counts[c] }, compare_strings);
      pii[sonde_pii_classify (label)] += counts[c];
    }
  p->n_missing = p->n_rows - p->count;
  p->distinct_exact = TRUE;
  p->n_top = n_top;
  for (guint i = 0; i < n_top; i++)
    {
      p->top[i].label = g_strdup (top[i].label);
      p->top[i].count = top[i].count;
    }
  for (guint k = 1; k < SONDE_PII_N_KINDS; k++)
    if (p->count > 0 && pii[k] >= ctx->pii_share * p->count && pii[k] > p->n_pii)
      {
        p->pii = k;
        p->n_pii = pii[k];
      }
}

static void
profile_boolean (SondeColumn        *column,
                 SondeColumnProfile *p)
{
  const guint8 *values = _sonde_column_get_values (column);
  const guint64 *missing = _sonde_column_get_missing (column);
  guint counts[2] = { 0, 0 };

  for (guint r = 0; r < p->n_rows; r++)
    if (!_sonde_bitmap_get (missing, r))
      counts[values[r] ? 1 : 0]++;
  p->count = counts[0] + counts[1];
  p->n_missing = p->n_rows - p->count;
  p->n_distinct = (counts[0] > 0) + (counts[1] > 0);
  p->distinct_exact = TRUE;
  /* false sorts before true, as in pandas */
  for (guint b = 0; b < 2; b++)
    {
      guint which = (counts[1] > counts[0]) ? 1 - b : b;

      if (counts[which] == 0)
        continue;
      p->top[p->n_top].label = g_strdup (which ? "true" : "false");
      p->top[p->n_top].count = counts[which];
      p->n_top++;
    }
}

static void
profile_column (Ctx  *ctx,
                guint index)
{
  SondeProfile *self = ctx->profile;
  SondeColumn *column = sonde_table_get_column (self->table, index);
  SondeColumnProfile *p = &self->columns[index];

  p->name = g_strdup (sonde_column_get_name (column));
  p->type = sonde_column_get_column_type (column);
  p->n_rows = self->n_rows;
  p->min = p->max = p->mean = p->std = p->q1 = p->median = p->q3 = NAN;
  p->iqr_low = p->iqr_high = NAN;

  if (g_cancellable_is_cancelled (ctx->cancellable))
    return;

  switch (p->type)
    {
    case SONDE_COLUMN_TYPE_INTEGER:
      profile_numeric (ctx, column, p);
      /* Only whole numbers this long can be card numbers or NIRs. */
      if (p->numeric && p->max >= 1e12)
        find_pii_text (ctx, column, p);
      break;
    case SONDE_COLUMN_TYPE_REAL:
    case SONDE_COLUMN_TYPE_DATE:
    case SONDE_COLUMN_TYPE_DATETIME:
      profile_numeric (ctx, column, p);
      break;
    case SONDE_COLUMN_TYPE_BOOLEAN:
      profile_boolean (column, p);
      break;
    case SONDE_COLUMN_TYPE_CATEGORICAL:
      profile_categorical (ctx, column, p);
      break;
    case SONDE_COLUMN_TYPE_TEXT:
      profile_text (ctx, column, p);
      find_pii_text (ctx, column, p);
      break;
    default:
      g_assert_not_reached ();
    }
}

/* ------------------------------------------------------------------ */
/* Rows: duplicates, keys, contradictions                              */

/* A column's arrays, fetched once for the inner loops over rows. */
typedef struct
{
  SondeColumn     *column;
  SondeColumnType  type;
  const void      *values;
  const guint64   *missing;
} View;

static View *
views_new (SondeTable  *table,
           const guint *columns,
           guint        n_columns)
{
  View *views = g_new (View, MAX (n_columns, 1));

  for (guint i = 0; i < n_columns; i++)
    {
      SondeColumn *column = sonde_table_get_column (table, columns[i]);

      views[i].column = column;
      views[i].type = sonde_column_get_column_type (column);
      views[i].values = _sonde_column_get_values (column);
      views[i].missing = _sonde_column_get_missing (column);
    }
  return views;
}

static inline gboolean
view_missing (const View *v,
              guint       row)
{
  return _sonde_bitmap_get (v->missing, row) ||
         (v->type == SONDE_COLUMN_TYPE_REAL && isnan (((const double *) v->values)[row]));
}

static gboolean
view_equal (const View *v,
            guint       a,
            guint       b)
{
  gboolean ma = view_missing (v, a);
  gboolean mb = view_missing (v, b);

  if (ma || mb)
    return ma == mb;
  switch (v->type)
    {
    case SONDE_COLUMN_TYPE_INTEGER:
    case SONDE_COLUMN_TYPE_DATETIME:
      return ((const gint64 *) v->values)[a] == ((const gint64 *) v->values)[b];
    case SONDE_COLUMN_TYPE_REAL:
      return ((const double *) v->values)[a] == ((const double *) v->values)[b];
    case SONDE_COLUMN_TYPE_BOOLEAN:
      return ((const guint8 *) v->values)[a] == ((const guint8 *) v->values)[b];
    case SONDE_COLUMN_TYPE_CATEGORICAL:
      return ((const guint32 *) v->values)[a] == ((const guint32 *) v->values)[b];
    case SONDE_COLUMN_TYPE_DATE:
      return ((const gint32 *) v->values)[a] == ((const gint32 *) v->values)[b];
    case SONDE_COLUMN_TYPE_TEXT:
      return strcmp (sonde_column_get_text (v->column, a), sonde_column_get_text (v->column, b)) == 0;
    default:
      g_assert_not_reached ();
    }
}

static gboolean
rows_equal (const View *views,
            guint       n_views,
            guint       a,
            guint       b)
{
  for (guint i = 0; i < n_views; i++)
    if (!view_equal (&views[i], a, b))
      return FALSE;
  return TRUE;
}

#define MISSING_HASH G_GUINT64_CONSTANT (0x5bd1e9955bd1e995)

/* Mixes the hash of each row's value in @v into @hashes; one loop per
 * type, so that the type is not looked at per row. */
static void
hash_column (const View *v,
             guint64    *hashes,
             guint       n_rows)
{
#define MIX(expr) \
  for (guint r = 0; r < n_rows; r++) \
    hashes[r] = fmix64 (hashes[r] * 31 + (_sonde_bitmap_get (v->missing, r) ? MISSING_HASH : (expr)))

  switch (v->type)
    {
    case SONDE_COLUMN_TYPE_INTEGER:
    case SONDE_COLUMN_TYPE_DATETIME:
      MIX (fmix64 ((guint64) ((const gint64 *) v->values)[r] + 1));
      break;
    case SONDE_COLUMN_TYPE_REAL:
      MIX (isnan (((const double *) v->values)[r]) ? MISSING_HASH
           : fmix64 (key_from_double (((const double *) v->values)[r])));
      break;
    case SONDE_COLUMN_TYPE_BOOLEAN:
      MIX (fmix64 (((const guint8 *) v->values)[r] + 7));
      break;
    case SONDE_COLUMN_TYPE_CATEGORICAL:
      MIX (fmix64 (((const guint32 *) v->values)[r] + 11));
      break;
    case SONDE_COLUMN_TYPE_DATE:
      MIX (fmix64 ((guint64) ((const gint32 *) v->values)[r] + 13));
      break;
    case SONDE_COLUMN_TYPE_TEXT:
      MIX (hash_string (sonde_column_get_text (v->column, r)));
      break;
    default:
      g_assert_not_reached ();
    }
#undef MIX
}

/* Groups the rows (all of them, or those with @skip unset) by equal
 * values in @columns, and calls @group for each group of two rows or
 * more, its rows in ascending order. When @row_hashes is not NULL it
 * receives the hash of each row's values in @columns, in row order. */
typedef void (*GroupFunc) (gpointer      data,
                           const guint32 *rows,
                           guint          n);

static gboolean
group_rows (SondeTable     *table,
            const guint    *columns,
            guint           n_columns,
            const guint8   *skip,
            guint64        *row_hashes,
            GCancellable   *cancellable,
            GroupFunc       group,
            gpointer        data)
{
  guint n_rows = sonde_table_get_n_rows (table);
  g_autofree guint64 *hashes = g_new0 (guint64, MAX (n_rows, 1));
  g_autofree guint32 *rows = NULL;
  g_autofree guint64 *tmp = NULL;
  g_autofree guint32 *tmp_rows = NULL;
  g_autoptr(GArray) leaders = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr(GArray) members = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autofree View *views = views_new (table, columns, n_columns);
  gsize n = 0;

  for (guint i = 0; i < n_columns; i++)
    {
      hash_column (&views[i], hashes, n_rows);
      if (g_cancellable_is_cancelled (cancellable))
        return FALSE;
    }

  if (row_hashes != NULL)
    memcpy (row_hashes, hashes, n_rows * sizeof *hashes);
  rows = g_new (guint32, MAX (n_rows, 1));
  for (guint r = 0; r < n_rows; r++)
    if (skip == NULL || !skip[r])
      {
        hashes[n] = hashes[r];
        rows[n++] = r;
      }
  tmp = g_new (guint64, MAX (n, 1));
  tmp_rows = g_new (guint32, MAX (n, 1));
  radix_sort (hashes, rows, n, tmp, tmp_rows);
  g_clear_pointer (&tmp, g_free);

  /* Within a run of equal hashes the rows are ascending (the sort is
   * stable); split it into groups of equal rows, each led by its first. */
  for (gsize i = 0; i < n;)
    {
      gsize j = i + 1;

      while (j < n && hashes[j] == hashes[i])
        j++;
      if (j - i > 1)
        {
          guint32 *group_of = tmp_rows; /* reused: leader index per row */

          g_array_set_size (leaders, 0);
          for (gsize k = i; k < j; k++)
            {
              guint g;

              for (g = 0; g < leaders->len; g++)
                if (rows_equal (views, n_columns, g_array_index (leaders, guint32, g), rows[k]))
                  break;
              if (g == leaders->len)
                g_array_append_val (leaders, rows[k]);
              group_of[k - i] = g;
            }
          for (guint g = 0; g < leaders->len; g++)
            {
              g_array_set_size (members, 0);
              for (gsize k = i; k < j; k++)
                if (group_of[k - i] == g)
                  g_array_append_val (members, rows[k]);
              if (members->len > 1)
                group (data, &g_array_index (members, guint32, 0), members->len);
            }
        }
      i = j;
    }
  return TRUE;
}

static void
duplicate_group (gpointer       data,
                 const guint32 *rows,
                 guint          n)
{
  SondeProfile *self = data;

  g_array_append_vals (self->duplicate_rows, rows + 1, n - 1);
}

typedef struct
{
  SondeProfile *self;
  View         *all;
  guint         n_all;
} KeyCtx;

static void
key_group (gpointer       data,
           const guint32 *rows,
           guint          n)
{
  KeyCtx *k = data;
  gboolean differ = FALSE;

  g_array_append_vals (k->self->duplicate_keys, rows + 1, n - 1);
  /* Rows whose full-row hashes differ differ; equal hashes are checked. */
  for (guint i = 1; i < n && !differ; i++)
    differ = k->self->row_hashes[rows[0]] != k->self->row_hashes[rows[i]] ||
             !rows_equal (k->all, k->n_all, rows[0], rows[i]);
  if (differ)
    g_array_append_vals (k->self->contradictions, rows, n);
}

/* Sorts @rows, distinct indices below @n_rows, in O(n_rows). */
static void
sort_rows (GArray *rows,
           guint   n_rows)
{
  g_autofree guint8 *mark = NULL;
  guint j = 0;

  if (rows->len < 2)
    return;
  mark = g_new0 (guint8, n_rows);
  for (guint i = 0; i < rows->len; i++)
    mark[g_array_index (rows, guint32, i)] = 1;
  for (guint r = 0; r < n_rows; r++)
    if (mark[r])
      g_array_index (rows, guint32, j++) = r;
  g_assert (j == rows->len);
}

static void
find_duplicate_rows (Ctx *ctx)
{
  SondeProfile *self = ctx->profile;
  g_autofree guint *all = g_new (guint, MAX (self->n_columns, 1));

  for (guint c = 0; c < self->n_columns; c++)
    all[c] = c;
  if (self->n_columns > 0)
    {
      self->row_hashes = g_new0 (guint64, MAX (self->n_rows, 1));
      group_rows (self->table, all, self->n_columns, NULL, self->row_hashes,
                  ctx->cancellable, duplicate_group, self);
    }
  sort_rows (self->duplicate_rows, self->n_rows);
  self->n_duplicate_rows = self->duplicate_rows->len;
}

/* A column named "id", or ending in "_id" or " id" (any case), of whole
 * numbers, text or categories; else the first such column whose values
 * are all present and all different. */
static int
guess_key (SondeProfile *self)
{
  for (guint pass = 0; pass < 2; pass++)
    for (guint c = 0; c < self->n_columns; c++)
      {
        const SondeColumnProfile *p = &self->columns[c];
        g_autofree char *lower = g_ascii_strdown (p->name, -1);
        gsize len = strlen (lower);

        if (p->type != SONDE_COLUMN_TYPE_INTEGER && p->type != SONDE_COLUMN_TYPE_TEXT &&
            p->type != SONDE_COLUMN_TYPE_CATEGORICAL)
          continue;
        if (pass == 0 && (strcmp (lower, "id") == 0 ||
                          (len > 3 && (g_str_has_suffix (lower, "_id") || g_str_has_suffix (lower, " id")))))
          return c;
        if (pass == 1 && self->n_rows > 1 && p->n_missing == 0 && p->distinct_exact &&
            p->n_distinct == self->n_rows)
          return c;
      }
  return -1;
}

static gboolean
find_key_problems (Ctx     *ctx,
                   GError **error)
{
  SondeProfile *self = ctx->profile;
  const char * const *names = ctx->options->key_columns;
  g_autofree guint *key = NULL;
  g_autofree guint *all = NULL;
  g_autofree guint8 *skip = NULL;
  g_autofree View *views = NULL;
  guint n_key = 0;
  KeyCtx k;

  if (names != NULL && names[0] != NULL)
    {
      n_key = g_strv_length ((char **) names);
      key = g_new (guint, n_key);
      for (guint i = 0; i < n_key; i++)
        {
          int index = sonde_table_find_column_index (self->table, names[i]);

          if (index < 0)
            {
              g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                           _("There is no column “%s” to use as a key in “%s”."),
                           names[i], sonde_table_get_name (self->table));
              return FALSE;
            }
          key[i] = index;
        }
      self->key = g_strdupv ((char **) names);
    }
  else
    {
      int guess = guess_key (self);

      if (guess < 0)
        {
          self->key = g_new0 (char *, 1);
          return TRUE;
        }
      n_key = 1;
      key = g_new (guint, 1);
      key[0] = guess;
      self->key = g_new0 (char *, 2);
      self->key[0] = g_strdup (self->columns[guess].name);
      self->key_guessed = TRUE;
    }

  /* A single column whose values are all present and different holds
   * neither repeated keys nor contradictions: no need to look. */
  if (n_key == 1 && self->columns[key[0]].distinct_exact &&
      self->columns[key[0]].n_distinct == self->columns[key[0]].count &&
      self->columns[key[0]].n_missing == 0)
    return TRUE;

  /* Rows whose key is incomplete have no key. */
  skip = g_new0 (guint8, MAX (self->n_rows, 1));
  for (guint i = 0; i < n_key; i++)
    {
      SondeColumn *column = sonde_table_get_column (self->table, key[i]);
      const void *values = _sonde_column_get_values (column);
      const guint64 *missing = _sonde_column_get_missing (column);

      for (guint r = 0; r < self->n_rows; r++)
        if (is_missing (column, missing, values, r))
          skip[r] = 1;
    }
  all = g_new (guint, self->n_columns);
  for (guint c = 0; c < self->n_columns; c++)
    all[c] = c;
  views = views_new (self->table, all, self->n_columns);
  k.self = self;
  k.all = views;
  k.n_all = self->n_columns;
  if (!group_rows (self->table, key, n_key, skip, NULL, ctx->cancellable, key_group, &k))
    return TRUE;
  sort_rows (self->duplicate_keys, self->n_rows);
  sort_rows (self->contradictions, self->n_rows);
  self->n_duplicate_keys = self->duplicate_keys->len;
  self->n_contradictions = self->contradictions->len;
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Rules                                                               */

/* Reads every rule before any work, so a mistake is reported at once. */
static gboolean
read_rules (SondeProfile        *self,
            SondeTable          *table,
            const char * const  *rules,
            GError             **error)
{
  for (guint i = 0; rules != NULL && rules[i] != NULL; i++)
    {
      g_autoptr(GError) rule_error = NULL;
      g_autoptr(SondeExpr) expr = sonde_expr_parse (rules[i], table, NULL, &rule_error);
      Rule *rule;

      if (expr == NULL)
        {
          /* Translators: the first %s is a rule the user wrote, the
           * second what is wrong with it ("Column 5: …") */
          g_set_error (error, SONDE_ERROR, rule_error->code, _("The rule “%s” cannot be read. %s"),
                       rules[i], rule_error->message);
          return FALSE;
        }
      if (!sonde_expr_is_predicate (expr))
        {
          g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                       _("The rule “%s” is not a condition that a row meets or breaks; write one such as age between 0 and 120."),
                       rules[i]);
          return FALSE;
        }
      rule = g_new0 (Rule, 1);
      rule->columns = sonde_expr_get_column_names (expr);
      rule->expr = g_steal_pointer (&expr);
      rule->broken = g_array_new (FALSE, FALSE, sizeof (guint32));
      rule->unknown = g_array_new (FALSE, FALSE, sizeof (guint32));
      g_ptr_array_add (self->rules, rule);
    }
  return TRUE;
}

/* Evaluates the rules and counts the rows that are inconsistent: in a
 * contradiction or breaking at least one rule. */
static gboolean
check_rules (SondeProfile  *self,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autofree guint8 *bad = g_new0 (guint8, MAX (self->n_rows, 1));

  for (guint i = 0; i < self->contradictions->len; i++)
    bad[g_array_index (self->contradictions, guint32, i)] = TRUE;
  for (guint i = 0; i < self->rules->len; i++)
    {
      Rule *rule = g_ptr_array_index (self->rules, i);
      g_autofree guint8 *truth = sonde_expr_evaluate_truth (rule->expr, self->table, NULL, cancellable, error);

      if (truth == NULL)
        return FALSE;
      for (guint32 r = 0; r < self->n_rows; r++)
        if (truth[r] == SONDE_EXPR_FALSE)
          {
            g_array_append_val (rule->broken, r);
            bad[r] = TRUE;
          }
        else if (truth[r] == SONDE_EXPR_UNKNOWN)
          g_array_append_val (rule->unknown, r);
    }
  self->n_inconsistent = 0;
  for (guint r = 0; r < self->n_rows; r++)
    self->n_inconsistent += bad[r];
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Findings and the score                                              */

static Finding *
add_finding (SondeProfile     *self,
             SondeFindingKind  kind,
             SondeSeverity     severity,
             int               column,
             char            **columns,
             guint             n_rows,
             char             *message)
{
  Finding *f = g_new0 (Finding, 1);

  f->pub.kind = kind;
  f->pub.severity = severity;
  f->pub.columns = columns;
  f->pub.n_rows = n_rows;
  f->pub.message = message;
  f->column = column;
  g_ptr_array_add (self->findings, f);
  return f;
}

static char **
one_name (const char *name)
{
  char **names = g_new0 (char *, 2);

  names[0] = g_strdup (name);
  return names;
}

/* For people: whole numbers in full up to 10^15, others to 6 digits. */
static char *
format_number (double value)
{
  if (isfinite (value) && value == floor (value) && fabs (value) < 1e15)
    return g_strdup_printf ("%.0f", value);
  return g_strdup_printf ("%.6g", value);
}

static void
collect_findings (SondeProfile *self)
{
  g_autofree char *key = NULL;
  gsize n_cells = (gsize) self->n_rows * self->n_columns, n_present = 0;

  /* Translators: separates the names of the columns of a key */
  key = g_strjoinv (_(", "), self->key);

  if (self->n_duplicate_rows > 0)
    add_finding (self, SONDE_FINDING_DUPLICATE_ROWS, SONDE_SEVERITY_WARNING, -1,
                 g_new0 (char *, 1), self->n_duplicate_rows,
                 g_strdup_printf (ngettext ("%u row repeats an earlier row exactly.",
                                            "%u rows repeat an earlier row exactly.",
                                            self->n_duplicate_rows),
                                  self->n_duplicate_rows));
  if (self->n_duplicate_keys > 0)
    add_finding (self, SONDE_FINDING_DUPLICATE_KEYS, SONDE_SEVERITY_ERROR, -1,
                 g_strdupv (self->key), self->n_duplicate_keys,
                 /* Translators: %s is the name of the key column(s) */
                 g_strdup_printf (ngettext ("%u row repeats the key (“%s”) of an earlier row.",
                                            "%u rows repeat the key (“%s”) of an earlier row.",
                                            self->n_duplicate_keys),
                                  self->n_duplicate_keys, key));
  if (self->n_contradictions > 0)
    add_finding (self, SONDE_FINDING_CONTRADICTIONS, SONDE_SEVERITY_ERROR, -1,
                 g_strdupv (self->key), self->n_contradictions,
                 /* Translators: %s is the name of the key column(s) */
                 g_strdup_printf (ngettext ("%u row shares its key (“%s”) with another row whose other values differ.",
                                            "%u rows share their key (“%s”) with another row whose other values differ.",
                                            self->n_contradictions),
                                  self->n_contradictions, key));

  for (guint i = 0; i < self->rules->len; i++)
    {
      Rule *rule = g_ptr_array_index (self->rules, i);
      const char *text = sonde_expr_get_text (rule->expr);
      Finding *f;

      if (rule->broken->len > 0)
        {
          f = add_finding (self, SONDE_FINDING_RULE_BROKEN, SONDE_SEVERITY_WARNING, -1,
                           g_strdupv (rule->columns), rule->broken->len,
                           /* Translators: %s is a rule the user wrote, such as "age between 0 and 120" */
                           g_strdup_printf (ngettext ("%u row breaks the rule “%s”.",
                                                      "%u rows break the rule “%s”.", rule->broken->len),
                                            rule->broken->len, text));
          f->pub.rule = g_strdup (text);
          f->rows = g_array_ref (rule->broken);
        }
      if (rule->unknown->len > 0)
        {
          f = add_finding (self, SONDE_FINDING_RULE_UNKNOWN, SONDE_SEVERITY_INFO, -1,
                           g_strdupv (rule->columns), rule->unknown->len,
                           /* Translators: %s is a rule the user wrote, such as "age between 0 and 120" */
                           g_strdup_printf (ngettext ("%u row cannot be checked against the rule “%s”: a value it needs is missing.",
                                                      "%u rows cannot be checked against the rule “%s”: a value they need is missing.",
                                                      rule->unknown->len),
                                            rule->unknown->len, text));
          f->pub.rule = g_strdup (text);
          f->rows = g_array_ref (rule->unknown);
        }
    }

  for (guint c = 0; c < self->n_columns; c++)
    {
      const SondeColumnProfile *p = &self->columns[c];

      n_present += p->count;
      if (p->n_missing > 0)
        add_finding (self, SONDE_FINDING_MISSING,
                     p->count == 0 ? SONDE_SEVERITY_ERROR : SONDE_SEVERITY_WARNING, c,
                     one_name (p->name), p->n_missing,
                     g_strdup_printf (ngettext ("%u row has no value in “%s”.",
                                                "%u rows have no value in “%s”.", p->n_missing),
                                      p->n_missing, p->name));
      if (p->pii != SONDE_PII_NONE)
        add_finding (self, SONDE_FINDING_PERSONAL_DATA, SONDE_SEVERITY_WARNING, c,
                     one_name (p->name), p->n_pii,
                     /* Translators: the last %s is a kind, such as "e-mail addresses" */
                     g_strdup_printf (ngettext ("“%s” holds personal data (%s): %u value matches.",
                                                "“%s” holds personal data (%s): %u values match.", p->n_pii),
                                      p->name, sonde_pii_kind_get_label (p->pii), p->n_pii));
      if (p->n_distinct == 1 && p->distinct_exact && p->n_rows > 1)
        add_finding (self, SONDE_FINDING_CONSTANT, SONDE_SEVERITY_INFO, c,
                     one_name (p->name), 0,
                     g_strdup_printf (_("“%s” holds a single value, “%s”, in every row that has one."),
                                      p->name, p->n_top > 0 ? p->top[0].label : ""));
      if (p->n_outliers_iqr > 0)
        {
          g_autofree char *low = format_number (p->iqr_low);
          g_autofree char *high = format_number (p->iqr_high);

          add_finding (self, SONDE_FINDING_OUTLIERS_IQR, SONDE_SEVERITY_INFO, c,
                       one_name (p->name), p->n_outliers_iqr,
                       g_strdup_printf (ngettext ("%u value of “%s” lies beyond 1.5 × the interquartile range from the quartiles (below %s or above %s).",
                                                  "%u values of “%s” lie beyond 1.5 × the interquartile range from the quartiles (below %s or above %s).",
                                                  p->n_outliers_iqr),
                                        p->n_outliers_iqr, p->name, low, high));
        }
      if (p->n_outliers_z > 0)
        add_finding (self, SONDE_FINDING_OUTLIERS_Z, SONDE_SEVERITY_INFO, c,
                     one_name (p->name), p->n_outliers_z,
                     g_strdup_printf (ngettext ("%u value of “%s” lies more than 3 standard deviations from the mean.",
                                                "%u values of “%s” lie more than 3 standard deviations from the mean.",
                                                p->n_outliers_z),
                                      p->n_outliers_z, p->name));
    }

  self->completeness = n_cells > 0 ? (double) n_present / n_cells : 1;
  self->uniqueness = self->n_rows > 0 ? 1 - (double) self->n_duplicate_rows / self->n_rows : 1;
  self->consistency = self->n_rows > 0 ? 1 - (double) self->n_inconsistent / self->n_rows : 1;
  self->score = 100 * (0.5 * self->completeness + 0.25 * self->uniqueness + 0.25 * self->consistency);
  self->formula = g_strdup (_("Quality score = 100 × (0.5 × completeness + 0.25 × uniqueness + 0.25 × consistency), "
                              "where completeness is the share of cells that have a value, uniqueness the share of rows "
                              "that do not repeat an earlier row, and consistency the share of rows that neither share "
                              "their key with a row whose other values differ nor break one of the rules given "
                              "(1 when there is no key and no rule)."));
}

/* ------------------------------------------------------------------ */
/* Computing                                                           */

static void
pool_job (gpointer data,
          gpointer user_data)
{
  Ctx *ctx = user_data;
  guint job = GPOINTER_TO_UINT (data) - 1;

  if (job == ctx->profile->n_columns)
    find_duplicate_rows (ctx);
  else
    profile_column (ctx, job);
  job_done (ctx);
}

/* Rough cost of a column's job, to start the long ones first. */
static guint
job_cost (SondeTable *table,
          guint       job)
{
  if (job == sonde_table_get_n_columns (table))
    return 4;
  switch (sonde_column_get_column_type (sonde_table_get_column (table, job)))
    {
    case SONDE_COLUMN_TYPE_TEXT: return 5;
    case SONDE_COLUMN_TYPE_INTEGER:
    case SONDE_COLUMN_TYPE_REAL:
    case SONDE_COLUMN_TYPE_DATE:
    case SONDE_COLUMN_TYPE_DATETIME: return 2;
    default: return 1;
    }
}

/**
 * sonde_profile_compute:
 * @table: the data; it must not change while this runs
 * @options: (nullable): how to profile, %NULL for the defaults
 * @cancellable: (nullable): a #GCancellable, checked between and inside jobs
 * @error: return location for a #GError
 *
 * Profiles every column of @table in parallel, then looks for repeated
 * rows, repeated keys and contradictions, and writes the findings and
 * the quality score. The key is @options->key_columns when given; else a
 * column named "id" or ending in "_id" (whole numbers, text or
 * categories), else the first such column whose values are all present
 * and different, else none. Blocks: from the UI thread use
 * sonde_profile_compute_async().
 *
 * Returns: (transfer full) (nullable): the profile, or %NULL with @error
 *   set: %SONDE_ERROR_INVALID when a key column does not exist or a rule
 *   is not a condition, %SONDE_ERROR_PARSE when a rule cannot be read
 *   (the message names the rule, then says where and why), or
 *   %G_IO_ERROR_CANCELLED
 */
SondeProfile *
sonde_profile_compute (SondeTable                 *table,
                       const SondeProfileOptions  *options,
                       GCancellable               *cancellable,
                       GError                    **error)
{
  static const SondeProfileOptions defaults = { 0 };
  g_autoptr(SondeProfile) self = NULL;
  g_autoptr(GError) pool_error = NULL;
  g_autofree guint *order = NULL;
  GThreadPool *pool;
  Ctx ctx = { 0 };
  guint n_jobs, n_threads;

  g_return_val_if_fail (SONDE_IS_TABLE (table), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (options == NULL)
    options = &defaults;
  if (options->key_columns != NULL)
    for (guint i = 0; options->key_columns[i] != NULL; i++)
      if (sonde_table_find_column_index (table, options->key_columns[i]) < 0)
        {
          g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                       _("There is no column “%s” to use as a key in “%s”."),
                       options->key_columns[i], sonde_table_get_name (table));
          return NULL;
        }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  self = g_object_new (SONDE_TYPE_PROFILE, NULL);
  if (!read_rules (self, table, options->rules, error))
    return NULL;
  self->table = g_object_ref (table);
  self->n_rows = sonde_table_get_n_rows (table);
  self->n_columns = sonde_table_get_n_columns (table);
  self->columns = g_new0 (SondeColumnProfile, MAX (self->n_columns, 1));
  self->duplicate_rows = g_array_new (FALSE, FALSE, sizeof (guint32));
  self->duplicate_keys = g_array_new (FALSE, FALSE, sizeof (guint32));
  self->contradictions = g_array_new (FALSE, FALSE, sizeof (guint32));

  ctx.profile = self;
  ctx.options = options;
  ctx.pii_share = options->pii_share > 0 ? options->pii_share : 0.5;
  ctx.cancellable = cancellable;
  g_mutex_init (&ctx.lock);
  n_jobs = self->n_columns + 1;
  ctx.n_jobs = n_jobs + 1;

  n_threads = options->n_threads > 0 ? options->n_threads : g_get_num_processors ();
  order = g_new (guint, n_jobs);
  for (guint j = 0; j < n_jobs; j++)
    order[j] = j;
  /* Longest first (a stable insertion sort: a dozen or so jobs). */
  for (guint i = 1; i < n_jobs; i++)
    for (guint j = i; j > 0 && job_cost (table, order[j]) > job_cost (table, order[j - 1]); j--)
      {
        guint t = order[j];

        order[j] = order[j - 1];
        order[j - 1] = t;
      }

  if (n_threads <= 1)
    {
      for (guint j = 0; j < n_jobs; j++)
        pool_job (GUINT_TO_POINTER (order[j] + 1), &ctx);
    }
  else
    {
      pool = g_thread_pool_new (pool_job, &ctx, MIN (n_threads, n_jobs), TRUE, &pool_error);
      if (pool == NULL)
        {
          g_mutex_clear (&ctx.lock);
          g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                       _("Could not start the threads of the profile: %s"), pool_error->message);
          return NULL;
        }
      for (guint j = 0; j < n_jobs; j++)
        g_thread_pool_push (pool, GUINT_TO_POINTER (order[j] + 1), NULL);
      g_thread_pool_free (pool, FALSE, TRUE);
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
      !find_key_problems (&ctx, error) ||
      !check_rules (self, cancellable, error) ||
      g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      g_mutex_clear (&ctx.lock);
      return NULL;
    }
  job_done (&ctx);
  g_mutex_clear (&ctx.lock);
  g_clear_pointer (&self->row_hashes, g_free);

  collect_findings (self);
  return g_steal_pointer (&self);
}

typedef struct
{
  SondeProfileOptions  options;
  char               **key_columns;
  char               **rules;
  SondeTable          *table;
} AsyncData;

static void
async_data_free (AsyncData *data)
{
  g_strfreev (data->key_columns);
  g_strfreev (data->rules);
  g_clear_object (&data->table);
  g_free (data);
}

static void
compute_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  AsyncData *data = task_data;
  GError *error = NULL;
  SondeProfile *profile = sonde_profile_compute (data->table, &data->options, cancellable, &error);

  if (profile == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, profile, g_object_unref);
}

/**
 * sonde_profile_compute_async:
 * @table: the data; it must not change until @callback runs
 * @options: (nullable): as for sonde_profile_compute(); copied, so it
 *   may go as soon as this returns (@options->progress is then called
 *   from the working threads)
 * @cancellable: (nullable): a #GCancellable
 * @callback: called in the thread-default main context of the caller
 * @user_data: data for @callback
 *
 * Runs sonde_profile_compute() in a worker thread.
 */
void
sonde_profile_compute_async (SondeTable                *table,
                             const SondeProfileOptions *options,
                             GCancellable              *cancellable,
                             GAsyncReadyCallback        callback,
                             gpointer                   user_data)
{
  g_autoptr(GTask) task = NULL;
  AsyncData *data;

  g_return_if_fail (SONDE_IS_TABLE (table));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  data = g_new0 (AsyncData, 1);
  if (options != NULL)
    data->options = *options;
  data->key_columns = options != NULL && options->key_columns != NULL
                      ? g_strdupv ((char **) options->key_columns) : NULL;
  data->options.key_columns = (const char * const *) data->key_columns;
  data->rules = options != NULL && options->rules != NULL ? g_strdupv ((char **) options->rules) : NULL;
  data->options.rules = (const char * const *) data->rules;
  data->table = g_object_ref (table);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sonde_profile_compute_async);
  g_task_set_name (task, "[sonde] sonde_profile_compute_async");
  g_task_set_task_data (task, data, (GDestroyNotify) async_data_free);
  g_task_run_in_thread (task, compute_thread);
}

/**
 * sonde_profile_compute_finish:
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the profile, or %NULL with @error
 *   set as by sonde_profile_compute()
 */
SondeProfile *
sonde_profile_compute_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sonde_profile_compute_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------ */
/* Getters                                                             */

/**
 * sonde_profile_get_table:
 * @self: a #SondeProfile
 *
 * Returns: (transfer none): the table profiled
 */
SondeTable *
sonde_profile_get_table (SondeProfile *self)
{
  g_return_val_if_fail (SONDE_IS_PROFILE (self), NULL);
  return self->table;
}

/**
 * sonde_profile_get_n_rows:
 * @self: a #SondeProfile
 *
 * Returns: the rows of the table
 */
guint
sonde_profile_get_n_rows (SondeProfile *self)
{
  g_return_val_if_fail (SONDE_IS_PROFILE (self), 0);
  return self->n_rows;
}

/**
 * sonde_profile_get_n_columns:
 * @self: a #SondeProfile
 *
 * Returns: the columns of the table
 */
guint
sonde_profile_get_n_columns (SondeProfile *self)
{
  g_return_val_if_fail (SONDE_IS_PROFILE (self), 0);
  return self->n_columns;
}

/**
 * sonde_profile_get_column:
 * @self: a #SondeProfile
 * @index: a column index, below sonde_profile_get_n_columns()
 *
 * Returns: (transfer none): the figures of that column, owned by @self
 */
const SondeColumnProfile *
sonde_profile_get_column (SondeProfile *self,
                          guint         index)
{
  g_return_val_if_fail (SONDE_IS_PROFILE (self), NULL);
  g_return_val_if_fail (index < self->n_columns, NULL);
  return &self->columns[index];
}

/**
 * sonde_profile_get_key_columns:
 * @self: a #SondeProfile
 *
 * Returns: (transfer none) (array zero-terminated=1): the key used for
 *   duplicate keys and contradictions, empty when there is none
 */
const char * const *
sonde_profile_get_key_columns (SondeProfile *self)
{
  g_return_val_if_fail (SONDE_IS_PROFILE (self), NULL);
  return (const char * const *) self->key;
}

/**
 * sonde_profile_get_key_guessed:
 * @self: a #SondeProfile
 *
 * Returns: %TRUE when the key was guessed rather than given
 */
gboolean
sonde_profile_get_key_guessed (SondeProfile *self)
{
  g_return_val_if_fail (SONDE_IS_PROFILE (self), FALSE);
  return self->key_guessed;
}

/**
 * sonde_profile_get_n_duplicate_rows:
 * @self: a #SondeProfile
 *
 * Returns: how many rows repeat an earlier row exactly (the first of
 *   each set of equal rows is not counted)
 */
guint
sonde_profile_get_n_duplicate_rows (SondeProfile *self)
{
  g_return_val_if_fail (SONDE_IS_PROFILE (self), 0);
  return self->n_duplicate_rows;
}

/**
 * sonde_profile_get_n_duplicate_keys:
 * @self: a #SondeProfile
 *
 * Returns: how many rows repeat the key of an earlier row (rows with a
 *   missing key value are left out)
 */
guint
sonde_profile_get_n_duplicate_keys (SondeProfile *self)
{
  g_return_val_if_fail (SONDE_IS_PROFILE (self), 0);
  return self->n_duplicate_keys;
}

/**
 * sonde_profile_get_n_contradictions:
 * @self: a #SondeProfile
 *
 * Returns: how many rows share their key with a row that differs from
 *   them elsewhere (every row of such a group counts)
 */
guint
sonde_profile_get_n_contradictions (SondeProfile *self)
{
  g_return_val_if_fail (SONDE_IS_PROFILE (self), 0);
  return self->n_contradictions;
}

/**
 * sonde_profile_get_n_findings:
 * @self: a #SondeProfile
 *
 * Returns: how many findings there are: the table's first (duplicate
 *   rows, duplicate keys, contradictions, then each rule: broken, then
 *   unknown), then column by column
 */
guint
sonde_profile_get_n_findings (SondeProfile *self)
{
  g_return_val_if_fail (SONDE_IS_PROFILE (self), 0);
  return self->findings->len;
}

/**
 * sonde_profile_get_finding:
 * @self: a #SondeProfile
 * @index: below sonde_profile_get_n_findings()
 *
 * Returns: (transfer none): the finding, owned by @self
 */
const SondeFinding *
sonde_profile_get_finding (SondeProfile *self,
                           guint         index)
{
  g_return_val_if_fail (SONDE_IS_PROFILE (self), NULL);
  g_return_val_if_fail (index < self->findings->len, NULL);
  return &((Finding *) g_ptr_array_index (self->findings, index))->pub;
}

/* Never NULL, so that a caller can always g_free() it. */
static guint32 *
copy_rows (GArray *rows,
           guint  *n_rows)
{
  guint32 *copy = g_new (guint32, MAX (1, rows->len));

  if (rows->len > 0)
    memcpy (copy, &g_array_index (rows, guint32, 0), rows->len * sizeof (guint32));
  *n_rows = rows->len;
  return copy;
}

/**
 * sonde_profile_get_finding_rows:
 * @self: a #SondeProfile
 * @index: below sonde_profile_get_n_findings()
 * @n_rows: (out): how many rows are returned (the finding's n_rows)
 *
 * The rows a finding is about, in ascending order, for the grid to show:
 * the rows without a value, the outlying values, the values that look
 * like personal data, the rows that repeat an earlier row or key, every
 * row of a contradiction, the rows that break a rule or where it is
 * unknown. A constant column has none. Computed again
 * from the table (which must not have changed) for column findings.
 *
 * Returns: (transfer full) (array length=n_rows): the row indices
 */
guint32 *
sonde_profile_get_finding_rows (SondeProfile *self,
                                guint         index,
                                guint        *n_rows)
{
  Finding *f;
  g_autoptr(GArray) rows = NULL;
  SondeColumn *column;
  const SondeColumnProfile *p;
  const void *values;
  const guint64 *missing;

  g_return_val_if_fail (SONDE_IS_PROFILE (self), NULL);
  g_return_val_if_fail (index < self->findings->len, NULL);
  g_return_val_if_fail (n_rows != NULL, NULL);

  f = g_ptr_array_index (self->findings, index);
  switch (f->pub.kind)
    {
    case SONDE_FINDING_DUPLICATE_ROWS:
      return copy_rows (self->duplicate_rows, n_rows);
    case SONDE_FINDING_DUPLICATE_KEYS:
      return copy_rows (self->duplicate_keys, n_rows);
    case SONDE_FINDING_CONTRADICTIONS:
      return copy_rows (self->contradictions, n_rows);
    case SONDE_FINDING_RULE_BROKEN:
    case SONDE_FINDING_RULE_UNKNOWN:
      return copy_rows (f->rows, n_rows);
    default:
      break;
    }

  column = sonde_table_get_column (self->table, f->column);
  p = &self->columns[f->column];
  values = _sonde_column_get_values (column);
  missing = _sonde_column_get_missing (column);
  rows = g_array_new (FALSE, FALSE, sizeof (guint32));
  for (guint r = 0; r < self->n_rows; r++)
    {
      gboolean hit = FALSE;
      double x;

      switch (f->pub.kind)
        {
        case SONDE_FINDING_MISSING:
          hit = is_missing (column, missing, values, r);
          break;
        case SONDE_FINDING_OUTLIERS_IQR:
          x = sonde_column_get_number (column, r);
          hit = !isnan (x) && (x < p->iqr_low || x > p->iqr_high);
          break;
        case SONDE_FINDING_OUTLIERS_Z:
          x = sonde_column_get_number (column, r);
          hit = !isnan (x) && fabs (x - p->mean) / p->std > Z_LIMIT;
          break;
        case SONDE_FINDING_PERSONAL_DATA:
          {
            char buffer[32];
            const char *text = pii_text (column, r, buffer, sizeof buffer);

            hit = text != NULL && sonde_pii_classify (text) == p->pii;
          }
          break;
        default:
          break;
        }
      if (hit)
        {
          guint32 row = r;

          g_array_append_val (rows, row);
        }
    }
  return copy_rows (rows, n_rows);
}

/**
 * sonde_profile_get_finding_selection:
 * @self: a #SondeProfile
 * @index: below sonde_profile_get_n_findings()
 *
 * The rows of sonde_profile_get_finding_rows() as a selection of the
 * profiled table, for the grid to show them.
 *
 * Returns: (transfer full): a new #SondeSelection
 */
SondeSelection *
sonde_profile_get_finding_selection (SondeProfile *self,
                                     guint         index)
{
  g_autofree guint32 *rows = NULL;
  guint n_rows = 0;

  g_return_val_if_fail (SONDE_IS_PROFILE (self), NULL);
  g_return_val_if_fail (index < self->findings->len, NULL);

  rows = sonde_profile_get_finding_rows (self, index, &n_rows);
  return sonde_selection_new_from_rows (self->table, rows, n_rows);
}

/**
 * sonde_profile_get_score:
 * @self: a #SondeProfile
 *
 * Returns: the quality score, from 0 to 100, as
 *   sonde_profile_get_score_formula() says
 */
double
sonde_profile_get_score (SondeProfile *self)
{
  g_return_val_if_fail (SONDE_IS_PROFILE (self), NAN);
  return self->score;
}

/**
 * sonde_profile_get_completeness:
 * @self: a #SondeProfile
 *
 * Returns: the share of cells that have a value, from 0 to 1
 */
double
sonde_profile_get_completeness (SondeProfile *self)
{
  g_return_val_if_fail (SONDE_IS_PROFILE (self), NAN);
  return self->completeness;
}

/**
 * sonde_profile_get_uniqueness:
 * @self: a #SondeProfile
 *
 * Returns: the share of rows that do not repeat an earlier row
 */
double
sonde_profile_get_uniqueness (SondeProfile *self)
{
  g_return_val_if_fail (SONDE_IS_PROFILE (self), NAN);
  return self->uniqueness;
}

/**
 * sonde_profile_get_consistency:
 * @self: a #SondeProfile
 *
 * Returns: the share of rows neither in a contradiction nor breaking a
 *   rule of SondeProfileOptions.rules
 */
double
sonde_profile_get_consistency (SondeProfile *self)
{
  g_return_val_if_fail (SONDE_IS_PROFILE (self), NAN);
  return self->consistency;
}

/**
 * sonde_profile_get_score_formula:
 * @self: a #SondeProfile
 *
 * Returns: the formula of the score as a translated sentence
 */
const char *
sonde_profile_get_score_formula (SondeProfile *self)
{
  g_return_val_if_fail (SONDE_IS_PROFILE (self), NULL);
  return self->formula;
}

static const char * const finding_names[] = {
  "missing", "constant", "outliers-iqr", "outliers-z", "personal-data",
  "duplicate-rows", "duplicate-keys", "contradictions", "rule-broken", "rule-unknown",
};

/**
 * sonde_finding_kind_to_string:
 * @kind: a #SondeFindingKind
 *
 * Returns: its stable English name, as JSON and CSV write it
 */
const char *
sonde_finding_kind_to_string (SondeFindingKind kind)
{
  g_return_val_if_fail (kind <= SONDE_FINDING_RULE_UNKNOWN, NULL);
  return finding_names[kind];
}

/**
 * sonde_severity_to_string:
 * @severity: a #SondeSeverity
 *
 * Returns: "info", "warning" or "error"
 */
const char *
sonde_severity_to_string (SondeSeverity severity)
{
  static const char * const names[] = { "info", "warning", "error" };

  g_return_val_if_fail (severity <= SONDE_SEVERITY_ERROR, NULL);
  return names[severity];
}

/* ------------------------------------------------------------------ */
/* Output                                                              */

/**
 * sonde_severity_get_label:
 * @severity: a severity
 *
 * Returns: (transfer none): the severity for people, translated.
 */
const char *
sonde_severity_get_label (SondeSeverity severity)
{
  switch (severity)
    {
    case SONDE_SEVERITY_INFO: return _("Info");
    case SONDE_SEVERITY_WARNING: return _("Warning");
    case SONDE_SEVERITY_ERROR: return _("Error");
    default: g_assert_not_reached ();
    }
}

/* A figure of @type as people read it: dates and instants as dates. */
static void
append_figure (GString         *out,
               const char      *label,
               SondeColumnType  type,
               double           value)
{
  if (type == SONDE_COLUMN_TYPE_DATE && isfinite (value))
    {
      int y, m, d;

      sonde_date_to_ymd ((gint32) floor (value), &y, &m, &d);
      g_string_append_printf (out, "  %-22s %04d-%02d-%02d\n", label, y, m, d);
    }
  else if (type == SONDE_COLUMN_TYPE_DATETIME && isfinite (value))
    {
      g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc ((gint64) floor (value));
      g_autofree char *text = dt != NULL ? g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ") : NULL;

      g_string_append_printf (out, "  %-22s %s\n", label, text != NULL ? text : "?");
    }
  else
    {
      g_autofree char *text = format_number (value);

      g_string_append_printf (out, "  %-22s %s\n", label, text);
    }
}

/**
 * sonde_profile_to_text:
 * @self: a #SondeProfile
 *
 * The profile for people, as `sonde-cli profile` prints it: a block per
 * column, the findings, then the score and its formula. Numbers follow
 * the user's locale.
 *
 * Returns: (transfer full): the text
 */
char *
sonde_profile_to_text (SondeProfile *self)
{
  GString *out;

  g_return_val_if_fail (SONDE_IS_PROFILE (self), NULL);

  out = g_string_new (NULL);
  {
    g_autofree char *rows = g_strdup_printf (ngettext ("%u row", "%u rows", self->n_rows), self->n_rows);
    g_autofree char *columns = g_strdup_printf (ngettext ("%u column", "%u columns", self->n_columns),
                                                self->n_columns);

    /* Translators: a table's name, its rows ("40 rows") and columns ("7 columns") */
    g_string_append_printf (out, _("“%s”: %s, %s."), sonde_table_get_name (self->table), rows, columns);
    g_string_append_c (out, '\n');
  }

  for (guint c = 0; c < self->n_columns; c++)
    {
      const SondeColumnProfile *p = &self->columns[c];

      g_string_append_printf (out, "\n%s (%s)\n", p->name, sonde_column_type_get_label (p->type));
      g_string_append_printf (out, "  %-22s %u\n", _("Count"), p->count);
      g_string_append_printf (out, "  %-22s %u\n", _("Missing"), p->n_missing);
      if (p->distinct_exact)
        g_string_append_printf (out, "  %-22s %" G_GUINT64_FORMAT "\n", _("Distinct"), p->n_distinct);
      else
        {
          g_autofree char *count = g_strdup_printf ("%" G_GUINT64_FORMAT, p->n_distinct);
          /* Translators: an estimated count of distinct values and the
           * relative standard error of the estimate, in percent */
          g_autofree char *about = g_strdup_printf (_("about %s (HyperLogLog estimate, standard error %.2f %%)"),
                                                    count, 100 * p->distinct_error);

          g_string_append_printf (out, "  %-22s %s\n", _("Distinct"), about);
        }
      if (p->numeric)
        {
          append_figure (out, _("Minimum"), p->type, p->min);
          append_figure (out, _("Maximum"), p->type, p->max);
          append_figure (out, _("Mean"), p->type, p->mean);
          append_figure (out,
                         p->type == SONDE_COLUMN_TYPE_DATE ? _("Std. deviation (days)")
                         : p->type == SONDE_COLUMN_TYPE_DATETIME ? _("Std. deviation (s)")
                         : _("Standard deviation"),
                         SONDE_COLUMN_TYPE_REAL, p->std);
          append_figure (out, _("First quartile"), p->type, p->q1);
          append_figure (out, _("Median"), p->type, p->median);
          append_figure (out, _("Third quartile"), p->type, p->q3);
          g_string_append_printf (out, "  %-22s %u / %u\n", _("Outliers (IQR / z)"),
                                  p->n_outliers_iqr, p->n_outliers_z);
        }
      if (p->n_top > 0)
        {
          g_string_append_printf (out, "  %-22s", _("Most frequent"));
          for (guint i = 0; i < p->n_top; i++)
            g_string_append_printf (out, "%s %s (%u)", i > 0 ? "," : "", p->top[i].label, p->top[i].count);
          g_string_append_c (out, '\n');
        }
      if (p->n_bins > 0)
        {
          g_string_append_printf (out, "  %-22s", _("Histogram"));
          for (guint b = 0; b < p->n_bins; b++)
            g_string_append_printf (out, " %u", p->bin_counts[b]);
          if (p->type == SONDE_COLUMN_TYPE_DATE)
            {
              int y, m, d;

              sonde_date_to_ymd ((gint32) floor (p->bin_edges[0]), &y, &m, &d);
              g_string_append_c (out, ' ');
              g_string_append_printf (out, _("(%u bins of %.4g days from %04d-%02d-%02d, Sturges’ rule)"),
                                      p->n_bins, p->bin_edges[1] - p->bin_edges[0], y, m, d);
            }
          else
            {
              g_string_append_c (out, ' ');
              g_string_append_printf (out, _("(%u bins of width %.4g from %.6g, Sturges’ rule)"),
                                      p->n_bins, p->bin_edges[1] - p->bin_edges[0], p->bin_edges[0]);
            }
          g_string_append_c (out, '\n');
        }
      if (p->pii != SONDE_PII_NONE)
        g_string_append_printf (out, "  %-22s %s (%u)\n", _("Personal data"),
                                sonde_pii_kind_get_label (p->pii), p->n_pii);
    }

  g_string_append_printf (out, "\n%s\n", _("Findings"));
  if (self->key[0] != NULL)
    {
      g_autofree char *key = g_strjoinv (_(", "), self->key);

      g_string_append (out, "  ");
      g_string_append_printf (out, self->key_guessed ? _("Key (guessed): %s") : _("Key: %s"), key);
      g_string_append_c (out, '\n');
    }
  else
    g_string_append_printf (out, "  %s\n", _("No key: give one to look for repeated keys and contradictions."));
  if (self->findings->len == 0)
    g_string_append_printf (out, "  %s\n", _("Nothing to report."));
  for (guint i = 0; i < self->findings->len; i++)
    {
      Finding *f = g_ptr_array_index (self->findings, i);

      g_string_append_printf (out, "  %s: %s\n", sonde_severity_get_label (f->pub.severity), f->pub.message);
    }
  g_string_append_c (out, '\n');
  g_string_append_printf (out, _("Quality score: %.1f / 100"), self->score);
  g_string_append_c (out, '\n');
  g_string_append_printf (out, "  %s\n", self->formula);
  g_string_append (out, "  ");
  g_string_append_printf (out, _("Completeness %.4f, uniqueness %.4f, consistency %.4f."),
                          self->completeness, self->uniqueness, self->consistency);
  g_string_append_c (out, '\n');
  return g_string_free (out, FALSE);
}

static void
json_double (JsonBuilder *b,
             const char  *name,
             double       value)
{
  json_builder_set_member_name (b, name);
  if (isfinite (value))
    json_builder_add_double_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
json_int (JsonBuilder *b,
          const char  *name,
          gint64       value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_int_value (b, value);
}

static void
json_str (JsonBuilder *b,
          const char  *name,
          const char  *value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_string_value (b, value);
}

static void
json_strv (JsonBuilder *b,
           const char  *name,
           char       **values)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_array (b);
  for (guint i = 0; values[i] != NULL; i++)
    json_builder_add_string_value (b, values[i]);
  json_builder_end_array (b);
}

/**
 * sonde_profile_to_json:
 * @self: a #SondeProfile
 *
 * The profile for scripts, as `sonde-cli profile --json` prints it, with
 * stable English keys: "table", "rows", "columns" (one object per column:
 * "name", "type", "count", "missing", "distinct", "distinct_exact",
 * "distinct_error", and for numbers and dates "min", "max", "mean",
 * "std", "q1", "median", "q3", "histogram" {"edges", "counts"},
 * "outliers_iqr" {"low", "high", "count"}, "outliers_z" {"count"}; then
 * "top" [{"value", "count"}] and "personal_data" {"kind", "count"} or
 * null), "key", "key_guessed", "duplicate_rows", "duplicate_keys",
 * "contradictions", "findings" [{"kind", "severity", "columns", "rows",
 * "message", and "rule" for rule findings}], "rules" [{"rule", "columns",
 * "broken", "unknown"}] and "quality" {"score", "completeness", "uniqueness",
 * "consistency", "formula"}. Doubles in the C locale; NaN as null. The
 * messages and the formula are translated.
 *
 * Returns: (transfer full): pretty-printed JSON, without a final newline
 */
char *
sonde_profile_to_json (SondeProfile *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (SONDE_IS_PROFILE (self), NULL);

  json_builder_begin_object (b);
  json_str (b, "table", sonde_table_get_name (self->table));
  json_int (b, "rows", self->n_rows);
  json_builder_set_member_name (b, "columns");
  json_builder_begin_array (b);
  for (guint c = 0; c < self->n_columns; c++)
    {
      const SondeColumnProfile *p = &self->columns[c];

      json_builder_begin_object (b);
      json_str (b, "name", p->name);
      json_str (b, "type", sonde_column_type_to_string (p->type));
      json_int (b, "count", p->count);
      json_int (b, "missing", p->n_missing);
      json_int (b, "distinct", p->n_distinct);
      json_builder_set_member_name (b, "distinct_exact");
      json_builder_add_boolean_value (b, p->distinct_exact);
      json_double (b, "distinct_error", p->distinct_error);
      if (p->numeric)
        {
          json_double (b, "min", p->min);
          json_double (b, "max", p->max);
          json_double (b, "mean", p->mean);
          json_double (b, "std", p->std);
          json_double (b, "q1", p->q1);
          json_double (b, "median", p->median);
          json_double (b, "q3", p->q3);
          json_builder_set_member_name (b, "histogram");
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "edges");
          json_builder_begin_array (b);
          for (guint i = 0; p->n_bins > 0 && i <= p->n_bins; i++)
            json_builder_add_double_value (b, p->bin_edges[i]);
          json_builder_end_array (b);
          json_builder_set_member_name (b, "counts");
          json_builder_begin_array (b);
          for (guint i = 0; i < p->n_bins; i++)
            json_builder_add_int_value (b, p->bin_counts[i]);
          json_builder_end_array (b);
          json_builder_end_object (b);
          json_builder_set_member_name (b, "outliers_iqr");
          json_builder_begin_object (b);
          json_double (b, "low", p->iqr_low);
          json_double (b, "high", p->iqr_high);
          json_int (b, "count", p->n_outliers_iqr);
          json_builder_end_object (b);
          json_builder_set_member_name (b, "outliers_z");
          json_builder_begin_object (b);
          json_int (b, "count", p->n_outliers_z);
          json_builder_end_object (b);
        }
      json_builder_set_member_name (b, "top");
      json_builder_begin_array (b);
      for (guint i = 0; i < p->n_top; i++)
        {
          json_builder_begin_object (b);
          json_str (b, "value", p->top[i].label);
          json_int (b, "count", p->top[i].count);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_set_member_name (b, "personal_data");
      if (p->pii == SONDE_PII_NONE)
        json_builder_add_null_value (b);
      else
        {
          json_builder_begin_object (b);
          json_str (b, "kind", sonde_pii_kind_to_string (p->pii));
          json_int (b, "count", p->n_pii);
          json_builder_end_object (b);
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_strv (b, "key", self->key);
  json_builder_set_member_name (b, "key_guessed");
  json_builder_add_boolean_value (b, self->key_guessed);
  json_int (b, "duplicate_rows", self->n_duplicate_rows);
  json_int (b, "duplicate_keys", self->n_duplicate_keys);
  json_int (b, "contradictions", self->n_contradictions);

  json_builder_set_member_name (b, "findings");
  json_builder_begin_array (b);
  for (guint i = 0; i < self->findings->len; i++)
    {
      Finding *f = g_ptr_array_index (self->findings, i);

      json_builder_begin_object (b);
      json_str (b, "kind", finding_names[f->pub.kind]);
      json_str (b, "severity", sonde_severity_to_string (f->pub.severity));
      json_strv (b, "columns", f->pub.columns);
      json_int (b, "rows", f->pub.n_rows);
      json_str (b, "message", f->pub.message);
      if (f->pub.rule != NULL)
        json_str (b, "rule", f->pub.rule);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "rules");
  json_builder_begin_array (b);
  for (guint i = 0; i < self->rules->len; i++)
    {
      Rule *rule = g_ptr_array_index (self->rules, i);

      json_builder_begin_object (b);
      json_str (b, "rule", sonde_expr_get_text (rule->expr));
      json_strv (b, "columns", rule->columns);
      json_int (b, "broken", rule->broken->len);
      json_int (b, "unknown", rule->unknown->len);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "quality");
  json_builder_begin_object (b);
  json_double (b, "score", self->score);
  json_double (b, "completeness", self->completeness);
  json_double (b, "uniqueness", self->uniqueness);
  json_double (b, "consistency", self->consistency);
  json_str (b, "formula", self->formula);
  json_builder_end_object (b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  /* Not json_generator_to_data (): json-glib 1.6 writes 1e-25 as
   * "1e-25.0", which no parser reads back. */
  return sonde_json_node_to_string (root, TRUE);
}

static void
append_csv_field (GString    *out,
                  const char *text)
{
  if (strpbrk (text, ",\"\r\n") == NULL)
    {
      g_string_append (out, text);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

/**
 * sonde_profile_findings_to_csv:
 * @self: a #SondeProfile
 *
 * The findings as CSV with a header: severity, kind, columns (joined
 * with "; "), rows, message. Lines end in CRLF.
 *
 * Returns: (transfer full): the CSV text
 */
char *
sonde_profile_findings_to_csv (SondeProfile *self)
{
  GString *out;

  g_return_val_if_fail (SONDE_IS_PROFILE (self), NULL);

  out = g_string_new ("severity,kind,columns,rows,message\r\n");
  for (guint i = 0; i < self->findings->len; i++)
    {
      Finding *f = g_ptr_array_index (self->findings, i);
      g_autofree char *columns = g_strjoinv ("; ", f->pub.columns);

      g_string_append_printf (out, "%s,%s,", sonde_severity_to_string (f->pub.severity),
                              finding_names[f->pub.kind]);
      append_csv_field (out, columns);
      g_string_append_printf (out, ",%u,", f->pub.n_rows);
      append_csv_field (out, f->pub.message);
      g_string_append (out, "\r\n");
    }
  return g_string_free (out, FALSE);
}
