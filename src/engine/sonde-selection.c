/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sonde-engine"

/* SondeSelection: an ordered list of row indices over a SondeTable, the
 * engine's view for sorting, filtering and (later) splitting without
 * copying any value. The data grid shows a selection; the learners will
 * take one for their training and test rows.
 *
 * Sizes: up to tens of millions of rows, 4 bytes each. Sorting must stay
 * well under a second for ten million numbers on a two-core laptop, so
 * it is an LSD radix sort on 64-bit keys that preserve the order of the
 * values (doubles with their sign bit folded, integers with it flipped),
 * 11 bits a digit. Keys are taken relative to their minimum, so only
 * the bits that differ are sorted, and passes where every key has the
 * same digit are skipped. When the spread fits 32 bits (booleans, dates,
 * most integer columns) key and row share one 64-bit word: 16 bytes a
 * row of temporary memory, three LSD passes at most. Otherwise (reals,
 * wide integers) items of 16 bytes are first split on their top digits
 * until the parts fit the cache, then each part gets its LSD passes
 * there (see msd_sort()); 24 bytes a row of temporary memory. The sort is stable, so sorting by one column then another gives
 * the expected order. Missing values always go last, in their previous
 * order, whichever the direction.
 */

#include "config.h"

#include <string.h>
#ifdef __linux__
#include <sys/mman.h>
#endif

#include <glib/gi18n-lib.h>

#include "sonde-column-private.h"
#include "sonde-error.h"
#include "sonde-selection.h"

struct _SondeSelection
{
  GObject     parent_instance;

  SondeTable *table;
  guint32    *rows;
  guint       n_rows;
};

G_DEFINE_FINAL_TYPE (SondeSelection, sonde_selection, G_TYPE_OBJECT)

static void
sonde_selection_finalize (GObject *object)
{
  SondeSelection *self = (SondeSelection *)object;

  g_clear_object (&self->table);
  g_clear_pointer (&self->rows, g_free);

  G_OBJECT_CLASS (sonde_selection_parent_class)->finalize (object);
}

static void
sonde_selection_class_init (SondeSelectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sonde_selection_finalize;
}

static void
sonde_selection_init (SondeSelection *self)
{
}

/**
 * sonde_selection_new_all:
 * @table: a #SondeTable
 *
 * Creates a selection of every row of @table, in order.
 *
 * Returns: (transfer full): a new #SondeSelection holding a reference
 *   to @table.
 */
SondeSelection *
sonde_selection_new_all (SondeTable *table)
{
  SondeSelection *self;

  g_return_val_if_fail (SONDE_IS_TABLE (table), NULL);

  self = g_object_new (SONDE_TYPE_SELECTION, NULL);
  self->table = g_object_ref (table);
  self->n_rows = sonde_table_get_n_rows (table);
  self->rows = g_new (guint32, MAX (self->n_rows, 1));
  for (guint i = 0; i < self->n_rows; i++)
    self->rows[i] = i;

  return self;
}

/**
 * sonde_selection_new_from_rows:
 * @table: a #SondeTable
 * @rows: (array length=n_rows): row indices, each below the row count
 *   of @table; repeats are allowed (a bootstrap sample)
 * @n_rows: the number of indices
 *
 * Creates a selection of the given rows of @table, in the given order.
 *
 * Returns: (transfer full): a new #SondeSelection.
 */
SondeSelection *
sonde_selection_new_from_rows (SondeTable    *table,
                               const guint32 *rows,
                               guint          n_rows)
{
  SondeSelection *self;
  guint table_rows;

  g_return_val_if_fail (SONDE_IS_TABLE (table), NULL);
  g_return_val_if_fail (rows != NULL || n_rows == 0, NULL);

  table_rows = sonde_table_get_n_rows (table);
  for (guint i = 0; i < n_rows; i++)
    g_return_val_if_fail (rows[i] < table_rows, NULL);

  self = g_object_new (SONDE_TYPE_SELECTION, NULL);
  self->table = g_object_ref (table);
  self->n_rows = n_rows;
  self->rows = g_new (guint32, MAX (n_rows, 1));
  if (n_rows > 0)
    memcpy (self->rows, rows, n_rows * sizeof (guint32));

  return self;
}

/**
 * sonde_selection_get_table:
 * @self: a #SondeSelection
 *
 * Returns: (transfer none): the table the rows belong to.
 */
SondeTable *
sonde_selection_get_table (SondeSelection *self)
{
  g_return_val_if_fail (SONDE_IS_SELECTION (self), NULL);

  return self->table;
}

/**
 * sonde_selection_get_n_rows:
 * @self: a #SondeSelection
 *
 * Returns: the number of rows selected.
 */
guint
sonde_selection_get_n_rows (SondeSelection *self)
{
  g_return_val_if_fail (SONDE_IS_SELECTION (self), 0);

  return self->n_rows;
}

/**
 * sonde_selection_get_row:
 * @self: a #SondeSelection
 * @position: a position in the selection, below
 *   sonde_selection_get_n_rows()
 *
 * Returns: the table row at @position.
 */
guint
sonde_selection_get_row (SondeSelection *self,
                         guint           position)
{
  g_return_val_if_fail (SONDE_IS_SELECTION (self), 0);
  g_return_val_if_fail (position < self->n_rows, 0);

  return self->rows[position];
}

/**
 * sonde_selection_get_rows:
 * @self: a #SondeSelection
 * @n_rows: (out) (optional): the number of rows
 *
 * Returns: (transfer none) (array length=n_rows): the table rows, in
 *   order; valid until @self is sorted or finalized.
 */
const guint32 *
sonde_selection_get_rows (SondeSelection *self,
                          guint          *n_rows)
{
  g_return_val_if_fail (SONDE_IS_SELECTION (self), NULL);

  if (n_rows != NULL)
    *n_rows = self->n_rows;

  return self->rows;
}

#define RADIX_BITS 11
#define RADIX_SIZE (1u << RADIX_BITS)
#define RADIX_MASK (RADIX_SIZE - 1)
#define RADIX_MAX_PASSES ((64 + RADIX_BITS - 1) / RADIX_BITS)

/* A row and its 64-bit order-preserving key, in 12 bytes: one scatter
 * writes one place, not two, and fresh memory (the main cost on the
 * build VM) is 24 bytes a row for both arrays. */
typedef struct
{
  guint32 key_low;
  guint32 key_high;
  guint32 row;
} Item;

static inline guint64
item_key (const Item *item)
{
  return (guint64) item->key_high << 32 | item->key_low;
}

/* Stable LSD radix sort of @a by key, on key bits [0, @bits). @b is
 * scratch space of @n items. Returns whichever of @a and @b holds the
 * result. */
static Item *
radix_sort_items (Item  *a,
                  Item  *b,
                  gsize  n,
                  guint  bits)
{
  guint n_passes = (bits + RADIX_BITS - 1) / RADIX_BITS;
  g_autofree gsize *counts = g_new0 (gsize, (gsize) n_passes * RADIX_SIZE);

  for (gsize i = 0; i < n; i++)
    {
      guint64 k = item_key (&a[i]);

      for (guint pass = 0; pass < n_passes; pass++)
        counts[pass * RADIX_SIZE + ((k >> (pass * RADIX_BITS)) & RADIX_MASK)]++;
    }

  for (guint pass = 0; pass < n_passes; pass++)
    {
      gsize *count = counts + pass * RADIX_SIZE;
      guint shift = pass * RADIX_BITS;
      gsize sum = 0;
      Item *t;

      /* Every key has the same digit here: nothing to move. */
      if (count[(item_key (&a[0]) >> shift) & RADIX_MASK] == n)
        continue;

      for (guint d = 0; d < RADIX_SIZE; d++)
        {
          gsize c = count[d];

          count[d] = sum;
          sum += c;
        }

      for (gsize i = 0; i < n; i++)
        b[count[(item_key (&a[i]) >> shift) & RADIX_MASK]++] = a[i];

      t = a; a = b; b = t;
    }

  return a;
}

#define SMALL_SORT 32
#define CACHE_SORT 32768

static void
insertion_sort (Item  *a,
                gsize  n)
{
  for (gsize i = 1; i < n; i++)
    {
      Item x = a[i];
      gsize j = i;

      while (j > 0 && item_key (&a[j - 1]) > item_key (&x))
        {
          a[j] = a[j - 1];
          j--;
        }
      a[j] = x;
    }
}

/* Stable sort of @a by key bits [0, @bits), in place, with @b as scratch.
 * Keys of @a agree on every bit above @bits.
 *
 * A plain LSD sort of ten million doubles walks main memory six times.
 * Instead, big arrays are split on their top 11 bits (one walk), and
 * each part is split again until it fits the cache (32768 items, 384 KiB),
 * where an LSD sort finishes it cheaply. Doubles bunch up on a few
 * exponents, which is why parts are split again rather than assumed
 * small. */
static void
msd_sort (Item  *a,
          Item  *b,
          gsize  n,
          guint  bits)
{
  gsize count[RADIX_SIZE] = { 0 };
  gsize start[RADIX_SIZE];
  guint shift;
  gsize sum = 0;

  if (n <= SMALL_SORT)
    {
      insertion_sort (a, n);
      return;
    }

  if (n <= CACHE_SORT || bits <= RADIX_BITS)
    {
      Item *sorted = radix_sort_items (a, b, n, bits);

      if (sorted != a)
        memcpy (a, sorted, n * sizeof (Item));
      return;
    }

  shift = bits - RADIX_BITS;
  for (gsize i = 0; i < n; i++)
    count[(item_key (&a[i]) >> shift) & RADIX_MASK]++;

  if (count[(item_key (&a[0]) >> shift) & RADIX_MASK] == n)
    {
      msd_sort (a, b, n, shift);
      return;
    }

  for (guint d = 0; d < RADIX_SIZE; d++)
    {
      start[d] = sum;
      sum += count[d];
    }

  {
    gsize next[RADIX_SIZE];

    memcpy (next, start, sizeof next);
    for (gsize i = 0; i < n; i++)
      b[next[(item_key (&a[i]) >> shift) & RADIX_MASK]++] = a[i];
  }

  /* Each part is now in @b; sort it there, with @a as scratch. */
  for (guint d = 0; d < RADIX_SIZE; d++)
    {
      if (count[d] > 1)
        msd_sort (b + start[d], a + start[d], count[d], shift);
    }

  memcpy (a, b, n * sizeof (Item));
}

/* The same on words holding (key << 32 | row), for keys that fit 32
 * bits once their minimum is subtracted: half the memory traffic. */
static guint64 *
radix_sort_packed (guint64 *a,
                   guint64 *b,
                   gsize    n)
{
  const guint n_passes = (32 + RADIX_BITS - 1) / RADIX_BITS;
  gsize counts[(32 + RADIX_BITS - 1) / RADIX_BITS][RADIX_SIZE] = { { 0 } };

  for (gsize i = 0; i < n; i++)
    {
      guint64 k = a[i] >> 32;

      for (guint pass = 0; pass < n_passes; pass++)
        counts[pass][(k >> (pass * RADIX_BITS)) & RADIX_MASK]++;
    }

  for (guint pass = 0; pass < n_passes; pass++)
    {
      gsize *count = counts[pass];
      guint shift = 32 + pass * RADIX_BITS;
      gsize sum = 0;
      guint64 *t;

      if (count[(a[0] >> shift) & RADIX_MASK] == n)
        continue;

      for (guint d = 0; d < RADIX_SIZE; d++)
        {
          gsize c = count[d];

          count[d] = sum;
          sum += c;
        }

      for (gsize i = 0; i < n; i++)
        b[count[(a[i] >> shift) & RADIX_MASK]++] = a[i];

      t = a; a = b; b = t;
    }

  return a;
}

/* Scratch arrays of hundreds of megabytes: on Linux, ask for huge pages,
 * which saves most page faults on first touch and TLB misses in the
 * scattering passes (measured on the 2-core build VM, 10 million reals:
 * 0.42 s instead of 0.55 s once warm). Touching fresh memory is what
 * costs most here, hence also the compact items. Free with
 * g_aligned_free(). */
static gpointer
alloc_scratch (gsize n,
               gsize size)
{
  const gsize huge = 2 * 1024 * 1024;
  gpointer p;

  if (n * size < 4 * huge)
    return g_aligned_alloc (n, size, 64);

  p = g_aligned_alloc (n, size, huge);
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  madvise (p, (n * size + huge - 1) / huge * huge, MADV_HUGEPAGE);
#endif

  return p;
}

static inline guint64
real_key (double v)
{
  guint64 bits;

  /* -0.0 sorts with 0.0. */
  if (v == 0.0)
    v = 0.0;
  memcpy (&bits, &v, sizeof bits);

  /* Negative numbers: flip every bit; positive: flip the sign bit. */
  return (bits & G_GUINT64_CONSTANT (0x8000000000000000)) ? ~bits
                                                          : bits | G_GUINT64_CONSTANT (0x8000000000000000);
}

static inline guint64
int_key (gint64 v)
{
  return (guint64) v ^ G_GUINT64_CONSTANT (0x8000000000000000);
}

static inline guint64
key_at (SondeColumnType  type,
        const void      *values,
        guint32          row)
{
  switch (type)
    {
    case SONDE_COLUMN_TYPE_INTEGER:
    case SONDE_COLUMN_TYPE_DATETIME:
      return int_key (((const gint64 *) values)[row]);
    case SONDE_COLUMN_TYPE_REAL:
      return real_key (((const double *) values)[row]);
    case SONDE_COLUMN_TYPE_BOOLEAN:
      return ((const guint8 *) values)[row];
    case SONDE_COLUMN_TYPE_DATE:
      return int_key (((const gint32 *) values)[row]);
    case SONDE_COLUMN_TYPE_CATEGORICAL:
    case SONDE_COLUMN_TYPE_TEXT:
    default:
      g_assert_not_reached ();
    }
}

/**
 * sonde_selection_sort:
 * @self: a #SondeSelection
 * @column: a column of the selection's table, of a numeric type (see
 *   sonde_column_type_is_numeric())
 * @descending: %TRUE for largest first
 * @error: return location for a #GError
 *
 * Reorders the rows of @self by the values of @column. The sort is
 * stable: rows with equal values keep their order. Missing values come
 * last in both directions.
 *
 * Returns: %TRUE on success; %FALSE with %SONDE_ERROR_INVALID if @column
 *   is not numeric or not as long as the table.
 */
gboolean
sonde_selection_sort (SondeSelection  *self,
                      SondeColumn     *column,
                      gboolean         descending,
                      GError         **error)
{
  SondeColumnType type;
  const void *values;
  const guint64 *missing_bits;
  g_autofree guint32 *missing = NULL;
  gsize n_present = 0, n_missing = 0;
  guint64 flip, min_key = G_MAXUINT64, max_key = 0;

  g_return_val_if_fail (SONDE_IS_SELECTION (self), FALSE);
  g_return_val_if_fail (SONDE_IS_COLUMN (column), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  type = sonde_column_get_column_type (column);
  if (!sonde_column_type_is_numeric (type))
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                   _("The column “%s” holds values of type “%s”, which cannot be sorted as numbers."),
                   sonde_column_get_name (column), sonde_column_type_get_label (type));
      return FALSE;
    }

  if (sonde_column_get_n_rows (column) != sonde_table_get_n_rows (self->table))
    {
      g_set_error (error, SONDE_ERROR, SONDE_ERROR_INVALID,
                   _("The column “%s” does not belong to the table “%s”."),
                   sonde_column_get_name (column), sonde_table_get_name (self->table));
      return FALSE;
    }

  if (self->n_rows < 2)
    return TRUE;

  values = _sonde_column_get_values (column);
  missing_bits = _sonde_column_get_missing (column);
  flip = descending ? G_MAXUINT64 : 0;
  if (missing_bits != NULL)
    missing = g_new (guint32, self->n_rows);

  /* First walk: set missing rows aside (in order), compact the others
   * to the front of self->rows, and find the range of the keys. */
  for (guint i = 0; i < self->n_rows; i++)
    {
      guint32 row = self->rows[i];
      guint64 key;

      if (_sonde_bitmap_get (missing_bits, row))
        {
          missing[n_missing++] = row;
          continue;
        }

      key = key_at (type, values, row) ^ flip;
      min_key = MIN (min_key, key);
      max_key = MAX (max_key, key);
      self->rows[n_present++] = row;
    }

  if (n_present > 1 && max_key - min_key <= G_MAXUINT32)
    {
      guint64 *a = alloc_scratch (n_present, sizeof (guint64));
      guint64 *b = alloc_scratch (n_present, sizeof (guint64));
      guint64 *sorted;

      for (gsize i = 0; i < n_present; i++)
        a[i] = ((key_at (type, values, self->rows[i]) ^ flip) - min_key) << 32 | self->rows[i];
      sorted = radix_sort_packed (a, b, n_present);
      for (gsize i = 0; i < n_present; i++)
        self->rows[i] = (guint32) sorted[i];
      g_aligned_free (a);
      g_aligned_free (b);
    }
  else if (n_present > 1)
    {
      Item *a = alloc_scratch (n_present, sizeof (Item));
      Item *b = alloc_scratch (n_present, sizeof (Item));
      guint64 spread = max_key - min_key;
      guint bits = 64 - (guint) __builtin_clzll (spread);

      for (gsize i = 0; i < n_present; i++)
        {
          guint64 key = (key_at (type, values, self->rows[i]) ^ flip) - min_key;

          a[i].key_low = (guint32) key;
          a[i].key_high = (guint32) (key >> 32);
          a[i].row = self->rows[i];
        }
      msd_sort (a, b, n_present, bits);
      for (gsize i = 0; i < n_present; i++)
        self->rows[i] = a[i].row;
      g_aligned_free (a);
      g_aligned_free (b);
    }

  if (n_missing > 0)
    memcpy (self->rows + n_present, missing, n_missing * sizeof (guint32));

  return TRUE;
}

/**
 * sonde_selection_filter:
 * @self: a #SondeSelection
 * @predicate: (scope call): decides which rows stay
 * @user_data: data for @predicate
 *
 * Creates a selection of the rows of @self for which @predicate returns
 * %TRUE, in the same order. @self is not changed.
 *
 * Returns: (transfer full): a new #SondeSelection over the same table.
 */
SondeSelection *
sonde_selection_filter (SondeSelection    *self,
                        SondeRowPredicate  predicate,
                        gpointer           user_data)
{
  SondeSelection *result;
  guint n = 0;

  g_return_val_if_fail (SONDE_IS_SELECTION (self), NULL);
  g_return_val_if_fail (predicate != NULL, NULL);

  result = g_object_new (SONDE_TYPE_SELECTION, NULL);
  result->table = g_object_ref (self->table);
  result->rows = g_new (guint32, MAX (self->n_rows, 1));
  for (guint i = 0; i < self->n_rows; i++)
    {
      if (predicate (self->table, self->rows[i], user_data))
        result->rows[n++] = self->rows[i];
    }
  result->n_rows = n;
  result->rows = g_renew (guint32, result->rows, MAX (n, 1));

  return result;
}

/**
 * sonde_selection_split:
 * @self: a #SondeSelection
 * @fraction: the share of rows that go to @first, from 0.0 to 1.0
 * @seed: the seed of the shuffle: the same seed gives the same split
 * @first: (out) (transfer full): round (@fraction × rows) rows, drawn at random
 * @second: (out) (transfer full): every other row
 *
 * Splits the rows of @self at random into two selections over the same
 * table, as a training set and a test set are drawn (holdout). Each keeps
 * the order the rows have in @self, so that a sorted selection splits into
 * sorted halves. Copies row numbers only, never data. The shuffle is a
 * Fisher-Yates shuffle driven by GLib's Mersenne Twister, so a split is the
 * same on every machine.
 */
void
sonde_selection_split (SondeSelection  *self,
                       double           fraction,
                       guint32          seed,
                       SondeSelection **first,
                       SondeSelection **second)
{
  g_autoptr(GRand) rand = NULL;
  g_autofree guint32 *order = NULL;
  g_autofree guint8 *in_first = NULL;
  g_autofree guint32 *rows_a = NULL;
  g_autofree guint32 *rows_b = NULL;
  guint n_first, n_a = 0, n_b = 0;

  g_return_if_fail (SONDE_IS_SELECTION (self));
  g_return_if_fail (fraction >= 0.0 && fraction <= 1.0);
  g_return_if_fail (first != NULL && second != NULL);

  n_first = (guint) (fraction * self->n_rows + 0.5);
  rand = g_rand_new_with_seed (seed);

  /* Shuffle positions, take the first n_first: a uniform random subset. */
  order = g_new (guint32, MAX (self->n_rows, 1));
  for (guint i = 0; i < self->n_rows; i++)
    order[i] = i;
  for (guint i = self->n_rows; i > 1; i--)
    {
      guint j = (guint) g_rand_int_range (rand, 0, (gint32) i);
      guint32 tmp = order[i - 1];

      order[i - 1] = order[j];
      order[j] = tmp;
    }

  in_first = g_new0 (guint8, MAX (self->n_rows, 1));
  for (guint i = 0; i < n_first; i++)
    in_first[order[i]] = 1;

  rows_a = g_new (guint32, MAX (n_first, 1));
  rows_b = g_new (guint32, MAX (self->n_rows - n_first, 1));
  for (guint i = 0; i < self->n_rows; i++)
    {
      if (in_first[i])
        rows_a[n_a++] = self->rows[i];
      else
        rows_b[n_b++] = self->rows[i];
    }

  *first = sonde_selection_new_from_rows (self->table, rows_a, n_a);
  *second = sonde_selection_new_from_rows (self->table, rows_b, n_b);
}
