/* test-series.c - the sample ring, its summaries and decimation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include <glib.h>

#include "bench-series.h"

static void
test_ring_bounds (void)
{
  g_autoptr(BenchSeries) series = bench_series_new (100);
  gint64 t;
  double v;

  g_assert_cmpuint (bench_series_get_capacity (series), ==, 100);
  g_assert_cmpuint (bench_series_get_length (series), ==, 0);
  g_assert_false (bench_series_get_last (series, &t, &v));
  g_assert_false (bench_series_get_first (series, &t, &v));
  g_assert_false (bench_series_get_range (series, 0, 10, &v, &v));

  for (guint i = 0; i < 250; i++)
    bench_series_append (series, i * 10, i);

  g_assert_cmpuint (bench_series_get_length (series), ==, 100);
  g_assert_cmpuint (bench_series_get_n_dropped (series), ==, 150);
  g_assert_cmpuint (bench_series_get_n_appended (series), ==, 250);

  /* logical order survives the wrap */
  for (guint i = 0; i < 100; i++)
    {
      bench_series_get (series, i, &t, &v);
      g_assert_cmpint (t, ==, (150 + i) * 10);
      g_assert_cmpfloat (v, ==, 150 + i);
    }

  g_assert_true (bench_series_get_first (series, &t, &v));
  g_assert_cmpfloat (v, ==, 150);
  g_assert_true (bench_series_get_last (series, &t, &v));
  g_assert_cmpint (t, ==, 2490);
  g_assert_cmpfloat (v, ==, 249);

  g_assert_cmpuint (bench_series_lower_bound (series, 0), ==, 0);
  g_assert_cmpuint (bench_series_lower_bound (series, 1500), ==, 0);
  g_assert_cmpuint (bench_series_lower_bound (series, 1501), ==, 1);
  g_assert_cmpuint (bench_series_lower_bound (series, 2490), ==, 99);
  g_assert_cmpuint (bench_series_lower_bound (series, 9999), ==, 100);

  bench_series_clear (series);
  g_assert_cmpuint (bench_series_get_length (series), ==, 0);
  bench_series_append (series, 5, 1);
  g_assert_cmpuint (bench_series_get_length (series), ==, 1);
}

static void
test_ring_rejects (void)
{
  g_autoptr(BenchSeries) series = bench_series_new (16);
  gint64 t;

  bench_series_append (series, 100, 1);
  bench_series_append (series, 200, NAN);
  bench_series_append (series, 200, INFINITY);
  bench_series_append (series, 200, -INFINITY);
  g_assert_cmpuint (bench_series_get_length (series), ==, 1);
  g_assert_cmpuint (bench_series_get_n_rejected (series), ==, 3);

  /* time never goes backwards */
  bench_series_append (series, 50, 2);
  bench_series_get (series, 1, &t, NULL);
  g_assert_cmpint (t, ==, 100);

  /* capacity 0 is the default, tiny ones are raised */
  {
    g_autoptr(BenchSeries) d = bench_series_new (0);
    g_autoptr(BenchSeries) s = bench_series_new (3);

    g_assert_cmpuint (bench_series_get_capacity (d), ==, BENCH_SERIES_DEFAULT_CAPACITY);
    g_assert_cmpuint (bench_series_get_capacity (s), ==, BENCH_SERIES_MIN_CAPACITY);
  }
}

static void
brute_range (BenchSeries *series,
             guint        begin,
             guint        end,
             double      *min,
             double      *max)
{
  *min = INFINITY;
  *max = -INFINITY;
  for (guint i = begin; i < end; i++)
    {
      double v;

      bench_series_get (series, i, NULL, &v);
      *min = MIN (*min, v);
      *max = MAX (*max, v);
    }
}

static double
random_value (GRand *rand)
{
  /* mostly noise, sometimes a spike, sometimes a step */
  switch (g_rand_int_range (rand, 0, 20))
    {
    case 0:
      return g_rand_double_range (rand, -1e6, 1e6);
    case 1:
      return 42;
    default:
      return g_rand_double_range (rand, -1, 1);
    }
}

static void
test_range_summaries (void)
{
  static const guint capacities[] = { 16, 17, 100, 256, 1000, 4096, 5000, 70000 };
  GRand *rand = g_rand_new_with_seed (1);

  for (guint c = 0; c < G_N_ELEMENTS (capacities); c++)
    {
      g_autoptr(BenchSeries) series = bench_series_new (capacities[c]);
      guint total = capacities[c] * 2 + g_rand_int_range (rand, 0, capacities[c]);

      for (guint i = 0; i < total; i++)
        {
          bench_series_append (series, i, random_value (rand));

          /* check while the ring fills, wraps and overwrites */
          if (g_rand_int_range (rand, 0, MAX (1, capacities[c] / 8)) == 0)
            {
              guint len = bench_series_get_length (series);
              guint a = g_rand_int_range (rand, 0, len);
              guint b = g_rand_int_range (rand, a, len + 1);
              double min, max, bmin, bmax;

              if (a == b)
                continue;
              g_assert_true (bench_series_get_range (series, a, b, &min, &max));
              brute_range (series, a, b, &bmin, &bmax);
              g_assert_cmpfloat (min, ==, bmin);
              g_assert_cmpfloat (max, ==, bmax);
            }
        }

      /* the whole ring, and every prefix and suffix of a few lengths */
      for (guint k = 0; k < 200; k++)
        {
          guint len = bench_series_get_length (series);
          guint a = k % 2 ? 0 : (guint) g_rand_int_range (rand, 0, len);
          guint b = k % 2 ? (guint) g_rand_int_range (rand, 1, len + 1) : len;
          double min, max, bmin, bmax;

          if (a >= b)
            continue;
          g_assert_true (bench_series_get_range (series, a, b, &min, &max));
          brute_range (series, a, b, &bmin, &bmax);
          g_assert_cmpfloat (min, ==, bmin);
          g_assert_cmpfloat (max, ==, bmax);
        }
    }

  g_rand_free (rand);
}

/* Brute force: assigns every sample to its column with the boundaries of
 * bench_series_column_start(), then compares with the decimation. */
static void
check_decimation (BenchSeries *series,
                  gint64       t0,
                  gint64       t1,
                  guint        width)
{
  g_autofree BenchSeriesColumn *cols = g_new (BenchSeriesColumn, width);
  g_autofree BenchSeriesColumn *want = g_new0 (BenchSeriesColumn, width);
  guint len = bench_series_get_length (series);
  guint in_window = 0;
  guint n;
  guint c = 0;

  n = bench_series_decimate (series, t0, t1, width, cols);

  for (guint i = 0; i < len; i++)
    {
      gint64 t;
      double v;

      bench_series_get (series, i, &t, &v);
      if (t < t0 || t >= t1)
        continue;

      while (c + 1 < width && bench_series_column_start (t0, t1, width, c + 1) <= t)
        c++;
      g_assert_cmpint (bench_series_column_start (t0, t1, width, c), <=, t);

      in_window++;
      if (want[c].n == 0)
        {
          want[c].min = want[c].max = want[c].first = v;
        }
      want[c].min = MIN (want[c].min, v);
      want[c].max = MAX (want[c].max, v);
      want[c].last = v;
      want[c].n++;
    }

  g_assert_cmpuint (n, ==, in_window);

  for (guint k = 0; k < width; k++)
    {
      g_assert_cmpuint (cols[k].n, ==, want[k].n);
      if (want[k].n == 0)
        continue;
      if (cols[k].min != want[k].min || cols[k].max != want[k].max)
        g_error ("window [%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ") width %u column %u: "
                 "min/max %g/%g, raw data %g/%g",
                 t0, t1, width, k, cols[k].min, cols[k].max, want[k].min, want[k].max);
      g_assert_cmpfloat (cols[k].first, ==, want[k].first);
      g_assert_cmpfloat (cols[k].last, ==, want[k].last);
    }
}

static void
test_decimate_random (void)
{
  GRand *rand = g_rand_new_with_seed (7);

  for (guint round = 0; round < 40; round++)
    {
      guint capacity = g_rand_int_range (rand, 16, 60000);
      g_autoptr(BenchSeries) series = bench_series_new (capacity);
      guint total = g_rand_int_range (rand, 1, capacity * 3);
      gint64 t = g_rand_int_range (rand, -1000000, 1000000);
      gint64 first, last;

      for (guint i = 0; i < total; i++)
        {
          /* irregular spacing with runs of equal times (one read, many lines) */
          switch (g_rand_int_range (rand, 0, 4))
            {
            case 0:
              break;
            case 1:
              t += g_rand_int_range (rand, 1, 5000);
              break;
            default:
              t += g_rand_int_range (rand, 1, 200);
            }
          bench_series_append (series, t, random_value (rand));
        }

      bench_series_get_first (series, &first, NULL);
      bench_series_get_last (series, &last, NULL);

      for (guint w = 0; w < 12; w++)
        {
          guint width = g_rand_int_range (rand, 1, 2000);
          gint64 span = last - first + 1;
          gint64 a, b;

          switch (w % 4)
            {
            case 0:     /* everything */
              a = first;
              b = last + 1;
              break;
            case 1:     /* zoomed in: fewer samples than columns */
              a = first + g_rand_int_range (rand, 0, (gint32) MIN (span, G_MAXINT32));
              b = a + g_rand_int_range (rand, 1, 3000);
              break;
            case 2:     /* partly outside the data */
              a = first - g_rand_int_range (rand, 0, 100000);
              b = last + g_rand_int_range (rand, 1, 100000);
              break;
            default:    /* any window */
              a = first + g_rand_int_range (rand, 0, (gint32) MIN (span, G_MAXINT32));
              b = a + g_rand_int_range (rand, 1, (gint32) MIN (span + 10, G_MAXINT32));
            }

          check_decimation (series, a, b, width);
        }

      /* entirely before and after the data */
      check_decimation (series, first - 1000, first, 50);
      check_decimation (series, last + 1, last + 1000, 50);
    }

  g_rand_free (rand);
}

/* One sample in a million stands out in every column layout. */
static void
test_decimate_spike (void)
{
  const guint n = 1000000;
  const guint spike = 612345;
  g_autoptr(BenchSeries) series = bench_series_new (n);
  BenchSeriesColumn *cols = g_new (BenchSeriesColumn, 4096);

  for (guint i = 0; i < n; i++)
    bench_series_append (series, (gint64) i * 100, i == spike ? 1000.0 : 0.0);

  for (guint width = 1; width <= 4096; width = width * 3 + 1)
    {
      for (guint zoom = 0; zoom < 4; zoom++)
        {
          /* windows from all samples down to a handful around the spike */
          gint64 half = (gint64) n * 100 >> (zoom * 5);
          gint64 t0 = (gint64) spike * 100 - half / 2 + 37;
          gint64 t1 = t0 + half;
          guint found = 0;
          double top = -1;

          bench_series_decimate (series, t0, t1, width, cols);
          for (guint c = 0; c < width; c++)
            if (cols[c].n > 0)
              {
                top = MAX (top, cols[c].max);
                found += cols[c].max == 1000.0;
              }
          g_assert_cmpfloat (top, ==, 1000.0);
          g_assert_cmpuint (found, ==, 1);
        }
    }

  g_free (cols);
}

static void
test_set_capacity (void)
{
  g_autoptr(BenchSeries) series = bench_series_new (1000);
  gint64 t;
  double v;

  for (guint i = 0; i < 2500; i++)
    bench_series_append (series, i, i);

  /* shrink: the newest stay */
  bench_series_set_capacity (series, 300);
  g_assert_cmpuint (bench_series_get_capacity (series), ==, 300);
  g_assert_cmpuint (bench_series_get_length (series), ==, 300);
  bench_series_get (series, 0, &t, &v);
  g_assert_cmpfloat (v, ==, 2200);
  g_assert_cmpuint (bench_series_get_n_dropped (series), ==, 1500 + 700);

  /* grow: all stay, new ones append */
  bench_series_set_capacity (series, 5000);
  g_assert_cmpuint (bench_series_get_length (series), ==, 300);
  for (guint i = 2500; i < 3000; i++)
    bench_series_append (series, i, i);
  g_assert_cmpuint (bench_series_get_length (series), ==, 800);
  bench_series_get (series, 0, &t, &v);
  g_assert_cmpfloat (v, ==, 2200);
  bench_series_get (series, 799, &t, &v);
  g_assert_cmpfloat (v, ==, 2999);
  check_decimation (series, 2200, 3000, 97);

  /* time order continues after a resize */
  bench_series_append (series, 5, 1);
  bench_series_get_last (series, &t, NULL);
  g_assert_cmpint (t, ==, 2999);
}

static void
test_memory (void)
{
  g_autoptr(BenchSeries) series = bench_series_new (BENCH_SERIES_DEFAULT_CAPACITY);
  double per_sample = (double) bench_series_get_memory_size (series) / BENCH_SERIES_DEFAULT_CAPACITY;

  g_test_message ("bytes per stored sample: %.3f", per_sample);
  g_assert_cmpfloat (per_sample, <=, 20.0);
  g_assert_cmpfloat (per_sample, >=, 16.0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/benchtop/series/ring-bounds", test_ring_bounds);
  g_test_add_func ("/benchtop/series/rejects", test_ring_rejects);
  g_test_add_func ("/benchtop/series/range-summaries", test_range_summaries);
  g_test_add_func ("/benchtop/series/decimate-random", test_decimate_random);
  g_test_add_func ("/benchtop/series/decimate-spike", test_decimate_spike);
  g_test_add_func ("/benchtop/series/set-capacity", test_set_capacity);
  g_test_add_func ("/benchtop/series/memory", test_memory);

  return g_test_run ();
}
