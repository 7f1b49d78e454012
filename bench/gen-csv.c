/* SPDX-License-Identifier: GPL-3.0-or-later */

/* gen-csv: writes the import benchmark's CSV file, the same bytes for the
 * same arguments (a fixed-seed xorshift generator, no clock, no locale).
 *
 *   gen-csv [--rows N] [FILE]     (default: 10000000 rows, bench/out/import.csv)
 *
 * Twelve columns, about 108 bytes a row, so the default is about 1.1 GB:
 * integers (id, age, quantity), reals (amount, score, temperature,
 * latitude), categories (region, product, status), ISO dates, and a free
 * text comment that is quoted when it holds a comma or a doubled quote,
 * and holds a line break once every 50 000 rows. Every column but id is
 * missing (an empty field) in about 2 % of the rows.
 *
 * Plain C and stdio only, so that it builds anywhere the engine builds.
 */

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t state = 0x9E3779B97F4A7C15ULL;

static uint64_t
next (void)
{
  state ^= state >> 12;
  state ^= state << 25;
  state ^= state >> 27;
  return state * 0x2545F4914F6CDD1DULL;
}

static unsigned
below (unsigned n)
{
  return (unsigned) ((next () >> 32) % n);
}

static char *
put_uint (char *p, uint64_t v)
{
  char tmp[24];
  int n = 0;

  do
    {
      tmp[n++] = (char) ('0' + v % 10);
      v /= 10;
    }
  while (v != 0);
  while (n > 0)
    *p++ = tmp[--n];
  return p;
}

/* A decimal number with exactly @decimals digits after the point. */
static char *
put_fixed (char *p, int64_t scaled, int decimals)
{
  uint64_t pow = 1, v;

  for (int i = 0; i < decimals; i++)
    pow *= 10;
  if (scaled < 0)
    {
      *p++ = '-';
      v = (uint64_t) -scaled;
    }
  else
    v = (uint64_t) scaled;
  p = put_uint (p, v / pow);
  *p++ = '.';
  v %= pow;
  for (int i = decimals - 1; i >= 0; i--)
    {
      p[i] = (char) ('0' + v % 10);
      v /= 10;
    }
  return p + decimals;
}

static char *
put_str (char *p, const char *s)
{
  size_t n = strlen (s);

  memcpy (p, s, n);
  return p + n;
}

static int
missing (void)
{
  return below (50) == 0;
}

static const char *regions[] = {
  "Auvergne-Rhône-Alpes", "Bretagne", "Corse", "Grand Est", "Hauts-de-France",
  "Île-de-France", "Normandie", "Nouvelle-Aquitaine", "Occitanie",
  "Pays de la Loire", "Provence-Alpes-Côte d'Azur", "Centre-Val de Loire",
};
static const char *statuses[] = { "shipped", "pending", "returned", "lost", "delivered" };
static const char *words[] = {
  "late", "early", "broken", "fine", "refunded", "gift", "urgent", "Lyon",
  "Paris", "box", "again", "customer", "called", "twice", "ok", "no answer",
};

static int
days_in_month (int y, int m)
{
  static const int d[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

  if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
    return 29;
  return d[m - 1];
}

int
main (int argc, char **argv)
{
  uint64_t rows = 10000000;
  const char *path = "bench/out/import.csv";
  static char buf[1 << 16];
  FILE *out;

  for (int i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--rows") == 0 && i + 1 < argc)
        rows = strtoull (argv[++i], NULL, 10);
      else if (strcmp (argv[i], "--help") == 0 || argv[i][0] == '-')
        {
          fprintf (stderr, "usage: %s [--rows N] [FILE]\n", argv[0]);
          return argv[i][1] == '-' && strcmp (argv[i], "--help") == 0 ? 0 : 2;
        }
      else
        path = argv[i];
    }

  out = fopen (path, "wb");
  if (out == NULL)
    {
      fprintf (stderr, "gen-csv: cannot write %s: %s\n", path, strerror (errno));
      return 1;
    }
  setvbuf (out, NULL, _IOFBF, 1 << 20);

  fputs ("id,age,amount,score,region,product,date,quantity,comment,temperature,status,latitude\n", out);

  for (uint64_t r = 1; r <= rows; r++)
    {
      char *p = buf;

      p = put_uint (p, r);
      *p++ = ',';
      if (!missing ())
        p = put_uint (p, 18 + below (73));
      *p++ = ',';
      if (!missing ())
        p = put_fixed (p, (int64_t) below (5000000), 2);
      *p++ = ',';
      if (!missing ())
        p = put_fixed (p, (int64_t) below (1000000), 6);
      *p++ = ',';
      if (!missing ())
        p = put_str (p, regions[below (sizeof regions / sizeof *regions)]);
      *p++ = ',';
      if (!missing ())
        {
          unsigned code = below (400);

          *p++ = 'P';
          *p++ = '-';
          *p++ = (char) ('0' + code / 100);
          *p++ = (char) ('0' + code / 10 % 10);
          *p++ = (char) ('0' + code % 10);
        }
      *p++ = ',';
      if (!missing ())
        {
          int y = 2000 + (int) below (25), m = 1 + (int) below (12);
          int d = 1 + (int) below ((unsigned) days_in_month (y, m));

          p = put_uint (p, (uint64_t) y);
          *p++ = '-';
          *p++ = (char) ('0' + m / 10);
          *p++ = (char) ('0' + m % 10);
          *p++ = '-';
          *p++ = (char) ('0' + d / 10);
          *p++ = (char) ('0' + d % 10);
        }
      *p++ = ',';
      if (!missing ())
        p = put_uint (p, below (1000));
      *p++ = ',';
      if (!missing ())
        {
          unsigned kind = below (10);

          if (kind < 3)
            {
              /* Quoted, with a comma, sometimes a doubled quote, and
               * now and then a line break. */
              *p++ = '"';
              p = put_str (p, words[below (16)]);
              p = put_str (p, ", ");
              if (kind == 0)
                {
                  p = put_str (p, "\"\"");
                  p = put_str (p, words[below (16)]);
                  p = put_str (p, "\"\" ");
                }
              if (r % 50000 == 0)
                p = put_str (p, "see\nnext line ");
              p = put_str (p, "order ");
              p = put_uint (p, r * 7 % 1000003);
              *p++ = '"';
            }
          else
            {
              p = put_str (p, words[below (16)]);
              *p++ = ' ';
              p = put_str (p, words[below (16)]);
              *p++ = ' ';
              p = put_uint (p, r % 99991);
            }
        }
      *p++ = ',';
      if (!missing ())
        p = put_fixed (p, (int64_t) below (600) - 200, 1);
      *p++ = ',';
      if (!missing ())
        p = put_str (p, statuses[below (5)]);
      *p++ = ',';
      if (!missing ())
        p = put_fixed (p, 41000000 + (int64_t) below (10000000), 6);
      *p++ = '\n';

      fwrite (buf, 1, (size_t) (p - buf), out);
    }

  if (fclose (out) != 0)
    {
      fprintf (stderr, "gen-csv: cannot write %s: %s\n", path, strerror (errno));
      return 1;
    }

  return 0;
}
