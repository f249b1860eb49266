/* bench-series.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "bench-series.h"

#define FANOUT_SHIFT 4
#define FANOUT       (1u << FANOUT_SHIFT)
#define MAX_LEVELS   8

typedef struct
{
  double min;
  double max;
} MinMax;

struct _BenchSeries
{
  gint64  *times;
  double  *values;
  guint    capacity;
  guint    length;
  guint    head;          /* physical index of the next write */

  /* Level l summarises aligned blocks of 16^(l+1) physical slots (the last
   * one may be short). Only levels whose blocks are smaller than the ring. */
  MinMax  *levels[MAX_LEVELS];
  guint    n_levels;

  gint64   last_time;
  guint    generation;
  guint64  n_dropped;
  guint64  n_rejected;
  guint64  n_appended;
};

static inline guint
level_shift (guint level)
{
  return FANOUT_SHIFT * (level + 1);
}

static inline guint
level_blocks (guint capacity,
              guint level)
{
  guint shift = level_shift (level);

  return (guint) (((guint64) capacity + (1u << shift) - 1) >> shift);
}

static void
bench_series_alloc (BenchSeries *self,
                    guint        capacity)
{
  self->capacity = capacity;
  self->times = g_new (gint64, capacity);
  self->values = g_new (double, capacity);
  self->n_levels = 0;

  while (self->n_levels < MAX_LEVELS && ((guint64) 1 << level_shift (self->n_levels)) < capacity)
    {
      self->levels[self->n_levels] = g_new (MinMax, level_blocks (capacity, self->n_levels));
      self->n_levels++;
    }
}

static void
bench_series_release (BenchSeries *self)
{
  g_clear_pointer (&self->times, g_free);
  g_clear_pointer (&self->values, g_free);
  for (guint l = 0; l < self->n_levels; l++)
    g_clear_pointer (&self->levels[l], g_free);
  self->n_levels = 0;
}

BenchSeries *
bench_series_new (guint capacity)
{
  BenchSeries *self;

  if (capacity == 0)
    capacity = BENCH_SERIES_DEFAULT_CAPACITY;
  capacity = MAX (capacity, BENCH_SERIES_MIN_CAPACITY);

  self = g_new0 (BenchSeries, 1);
  bench_series_alloc (self, capacity);
  self->last_time = G_MININT64;

  return self;
}

void
bench_series_free (BenchSeries *self)
{
  if (self == NULL)
    return;

  bench_series_release (self);
  g_free (self);
}

static inline void
bench_series_store (BenchSeries *self,
                    gint64       time_us,
                    double       value)
{
  const guint p = self->head;

  self->times[p] = time_us;
  self->values[p] = value;

  for (guint l = 0; l < self->n_levels; l++)
    {
      const guint shift = level_shift (l);
      MinMax *block = &self->levels[l][p >> shift];

      if ((p & ((1u << shift) - 1)) == 0)
        {
          /* the writer enters the block: it starts a new lap */
          block->min = value;
          block->max = value;
        }
      else
        {
          if (value < block->min)
            block->min = value;
          if (value > block->max)
            block->max = value;
        }
    }

  self->head = p + 1 == self->capacity ? 0 : p + 1;
  if (self->length < self->capacity)
    self->length++;
  else
    self->n_dropped++;
}

void
bench_series_append (BenchSeries *self,
                     gint64       time_us,
                     double       value)
{
  g_return_if_fail (self != NULL);

  if G_UNLIKELY (!isfinite (value))
    {
      self->n_rejected++;
      return;
    }

  if G_UNLIKELY (time_us < self->last_time)
    time_us = self->last_time;
  self->last_time = time_us;
  self->n_appended++;

  bench_series_store (self, time_us, value);
}

void
bench_series_clear (BenchSeries *self)
{
  g_return_if_fail (self != NULL);

  self->length = 0;
  self->head = 0;
  self->last_time = G_MININT64;
  self->generation++;
}

guint
bench_series_get_length (BenchSeries *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->length;
}

guint
bench_series_get_capacity (BenchSeries *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->capacity;
}

guint64
bench_series_get_n_dropped (BenchSeries *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_dropped;
}

guint64
bench_series_get_n_rejected (BenchSeries *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_rejected;
}

guint
bench_series_get_generation (BenchSeries *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->generation;
}

guint64
bench_series_get_n_appended (BenchSeries *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_appended;
}

/* Logical index (0 = oldest) to physical slot. */
static inline guint
physical (BenchSeries *self,
          guint        index)
{
  guint start = self->length < self->capacity ? 0 : self->head;
  guint64 p = (guint64) start + index;

  return (guint) (p >= self->capacity ? p - self->capacity : p);
}

static inline gint64
time_at (BenchSeries *self,
         guint        index)
{
  return self->times[physical (self, index)];
}

void
bench_series_set_capacity (BenchSeries *self,
                           guint        capacity)
{
  gint64 *old_times;
  double *old_values;
  guint old_capacity;
  guint old_start;
  guint keep;

  g_return_if_fail (self != NULL);

  capacity = MAX (capacity, BENCH_SERIES_MIN_CAPACITY);
  if (capacity == self->capacity)
    return;

  keep = MIN (self->length, capacity);
  old_times = g_steal_pointer (&self->times);
  old_values = g_steal_pointer (&self->values);
  old_capacity = self->capacity;
  old_start = physical (self, self->length - keep);

  self->n_dropped += self->length - keep;
  self->generation++;
  for (guint l = 0; l < self->n_levels; l++)
    g_clear_pointer (&self->levels[l], g_free);
  bench_series_alloc (self, capacity);
  self->length = 0;
  self->head = 0;

  for (guint i = 0; i < keep; i++)
    {
      guint p = old_start + i;

      if (p >= old_capacity)
        p -= old_capacity;
      bench_series_store (self, old_times[p], old_values[p]);
    }

  g_free (old_times);
  g_free (old_values);
}

void
bench_series_get (BenchSeries *self,
                  guint        index,
                  gint64      *time_us,
                  double      *value)
{
  guint p;

  g_return_if_fail (self != NULL);
  g_return_if_fail (index < self->length);

  p = physical (self, index);
  if (time_us != NULL)
    *time_us = self->times[p];
  if (value != NULL)
    *value = self->values[p];
}

gboolean
bench_series_get_last (BenchSeries *self,
                       gint64      *time_us,
                       double      *value)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (self->length == 0)
    return FALSE;

  bench_series_get (self, self->length - 1, time_us, value);
  return TRUE;
}

gboolean
bench_series_get_first (BenchSeries *self,
                        gint64      *time_us,
                        double      *value)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (self->length == 0)
    return FALSE;

  bench_series_get (self, 0, time_us, value);
  return TRUE;
}

/* First index in [lo, hi) with time >= @t, or hi. */
static guint
lower_bound_in (BenchSeries *self,
                guint        lo,
                guint        hi,
                gint64       t)
{
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (time_at (self, mid) < t)
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo;
}

/* First index in [lo, hi) with time >= @t, starting from a @guess: O(log d)
 * for an answer d away from it, and the probes stay near the guess. */
static guint
search_near (BenchSeries *self,
             guint        lo,
             guint        hi,
             guint        guess,
             gint64       t)
{
  guint step = 1;
  guint a, b;

  guess = CLAMP (guess, lo, hi);

  if (guess < hi && time_at (self, guess) < t)
    {
      /* the answer is after the guess */
      a = guess + 1;
      b = a;
      while (b < hi && time_at (self, b) < t)
        {
          a = b + 1;
          b = a + step;
          step *= 2;
        }
      return lower_bound_in (self, a, MIN (b, hi), t);
    }

  /* the answer is at or before the guess */
  b = guess;
  a = guess;
  while (a > lo && time_at (self, a - 1) >= t)
    {
      b = a - 1;
      a = b > lo + step ? b - step : lo;
      step *= 2;
    }
  return lower_bound_in (self, a, b, t);
}

guint
bench_series_lower_bound (BenchSeries *self,
                          gint64       time_us)
{
  g_return_val_if_fail (self != NULL, 0);

  return lower_bound_in (self, 0, self->length, time_us);
}

/* Min/max over physical slots [a, b), b <= capacity, using the largest
 * aligned summary blocks that fit. */
static void
physical_range (BenchSeries *self,
                guint        a,
                guint        b,
                double      *min_out,
                double      *max_out)
{
  double min = *min_out;
  double max = *max_out;

  while (a < b)
    {
      gboolean used = FALSE;

      if ((a & (FANOUT - 1)) == 0)
        {
          for (guint l = self->n_levels; l-- > 0;)
            {
              const guint shift = level_shift (l);
              guint e;

              if ((a & ((1u << shift) - 1)) != 0)
                continue;
              e = (guint) MIN ((guint64) a + (1u << shift), (guint64) self->capacity);
              if (e > b)
                continue;

              min = MIN (min, self->levels[l][a >> shift].min);
              max = MAX (max, self->levels[l][a >> shift].max);
              a = e;
              used = TRUE;
              break;
            }
        }

      if (!used)
        {
          /* raw samples up to the next block boundary */
          guint e = MIN (b, (a | (FANOUT - 1)) + 1);
          const double *v = self->values;

          for (; a < e; a++)
            {
              if (v[a] < min)
                min = v[a];
              if (v[a] > max)
                max = v[a];
            }
        }
    }

  *min_out = min;
  *max_out = max;
}

static void
logical_range (BenchSeries *self,
               guint        begin,
               guint        end,
               double      *min,
               double      *max)
{
  guint pa = physical (self, begin);
  guint n = end - begin;

  *min = INFINITY;
  *max = -INFINITY;

  if ((guint64) pa + n <= self->capacity)
    physical_range (self, pa, pa + n, min, max);
  else
    {
      physical_range (self, pa, self->capacity, min, max);
      physical_range (self, 0, (guint) ((guint64) pa + n - self->capacity), min, max);
    }
}

gboolean
bench_series_get_range (BenchSeries *self,
                        guint        begin,
                        guint        end,
                        double      *min,
                        double      *max)
{
  double lo;
  double hi;

  g_return_val_if_fail (self != NULL, FALSE);

  end = MIN (end, self->length);
  if (begin >= end)
    return FALSE;

  logical_range (self, begin, end, &lo, &hi);
  if (min != NULL)
    *min = lo;
  if (max != NULL)
    *max = hi;

  return TRUE;
}

/* ⌊a · b / c⌋ for a, b, c >= 0 without overflow. */
static inline gint64
mul_div (gint64 a,
         gint64 b,
         gint64 c)
{
#ifdef __SIZEOF_INT128__
  return (gint64) (((unsigned __int128) a * (unsigned __int128) b) / (unsigned __int128) c);
#else
  if (b == 0 || a <= G_MAXINT64 / b)
    return a * b / c;
  return (gint64) floor ((double) a * (double) b / (double) c);
#endif
}

gint64
bench_series_column_start (gint64 t0,
                           gint64 t1,
                           guint  n_columns,
                           guint  column)
{
  g_return_val_if_fail (t1 > t0, t0);
  g_return_val_if_fail (n_columns > 0, t0);

  return t0 + mul_div (t1 - t0, column, n_columns);
}

/* The column of a time d = t - t0 (0 <= d < span): the largest c with
 * ⌊span·c/n⌋ <= d, i.e. ⌊((d+1)·n - 1) / span⌋. */
static inline guint
column_of (gint64 d,
           gint64 span,
           guint  n_columns)
{
#ifdef __SIZEOF_INT128__
  unsigned __int128 x = (unsigned __int128) (d + 1) * n_columns - 1;

  return (guint) (x / (unsigned __int128) span);
#else
  guint c = (guint) MIN ((double) d * n_columns / (double) span, n_columns - 1.0);

  while (c + 1 < n_columns && mul_div (span, c + 1, n_columns) <= d)
    c++;
  while (c > 0 && mul_div (span, c, n_columns) > d)
    c--;
  return c;
#endif
}

guint
bench_series_decimate (BenchSeries       *self,
                       gint64             t0,
                       gint64             t1,
                       guint              n_columns,
                       BenchSeriesColumn *columns)
{
  gint64 span;
  guint begin;
  guint end;
  guint i;
  double dt;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (columns != NULL || n_columns == 0, 0);

  for (guint c = 0; c < n_columns; c++)
    columns[c].n = 0;

  if (self->length == 0 || t1 <= t0 || n_columns == 0)
    return 0;

  span = t1 - t0;
  begin = lower_bound_in (self, 0, self->length, t0);
  end = lower_bound_in (self, begin, self->length, t1);
  if (begin == end)
    return 0;

  /* The mean spacing guesses where each column ends, so the search probes
   * a few samples near there rather than galloping over cold memory (with
   * 8 × 16 MB of samples, cache misses are what a frame costs). */
  dt = end - begin > 1 ? (double) (time_at (self, end - 1) - time_at (self, begin)) / (end - begin - 1) : 0;

  for (i = begin; i < end;)
    {
      gint64 ti = time_at (self, i);
      guint c = column_of (ti - t0, span, n_columns);
      gint64 stop = c + 1 < n_columns ? t0 + mul_div (span, c + 1, n_columns) : t1;
      double ahead = dt > 0 ? (stop - ti) / dt : 1;
      guint guess = ahead >= end - i - 1 ? end : i + 1 + (guint) ahead;
      guint j = search_near (self, i + 1, end, guess, stop);
      BenchSeriesColumn *col = &columns[c];

#if defined(__GNUC__)
      /* start fetching where the next column probably ends: the loads of
       * one column then overlap the misses of the next */
      if (j + (j - i) < end)
        {
          guint p = physical (self, j + (j - i));

          __builtin_prefetch (&self->times[p]);
          __builtin_prefetch (&self->values[p]);
          if (self->n_levels > 0)
            __builtin_prefetch (&self->levels[0][p >> FANOUT_SHIFT]);
        }
#endif

      g_assert (c < n_columns);
      g_assert (j > i);

      col->n = j - i;
      col->first = self->values[physical (self, i)];
      col->last = self->values[physical (self, j - 1)];
      if (j - i == 1)
        col->min = col->max = col->first;
      else
        logical_range (self, i, j, &col->min, &col->max);

      i = j;
    }

  return end - begin;
}

gsize
bench_series_get_memory_size (BenchSeries *self)
{
  gsize size;

  g_return_val_if_fail (self != NULL, 0);

  size = (gsize) self->capacity * (sizeof (gint64) + sizeof (double));
  for (guint l = 0; l < self->n_levels; l++)
    size += (gsize) level_blocks (self->capacity, l) * sizeof (MinMax);

  return size;
}
