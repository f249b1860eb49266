/* bench-series.h - a bounded ring of (time, value) samples with min/max summaries
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One series per plot channel. Samples are appended in time order (a time
 * earlier than the last one is clamped to it) and the oldest are dropped
 * once the capacity is reached. Storage is two flat arrays (gint64 µs and
 * double, 16 bytes per sample) plus a min/max summary tree with a fan-out
 * of 16 (about 1.07 bytes per sample), so the min and max of any index
 * range cost O(16 · log16 n) and decimating any time window to N pixel
 * columns costs O(N · log n), independent of how many samples it holds.
 * Summaries are kept exact: a block's summary is reset when the writer
 * enters it and widened by every write, so a block that a query covers
 * whole never mixes laps of the ring.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define BENCH_SERIES_DEFAULT_CAPACITY 1000000
#define BENCH_SERIES_MIN_CAPACITY     16

typedef struct _BenchSeries BenchSeries;

/* One pixel column of a decimated window. n == 0: no sample falls in it,
 * and the other fields are undefined. */
typedef struct
{
  double min;
  double max;
  double first;   /* the column's earliest sample */
  double last;    /* its latest sample */
  guint  n;
} BenchSeriesColumn;

BenchSeries *bench_series_new             (guint              capacity);
void         bench_series_free            (BenchSeries       *self);
/* Appends one sample; non-finite values are ignored and counted. */
void         bench_series_append          (BenchSeries       *self,
                                           gint64             time_us,
                                           double             value);
void         bench_series_clear           (BenchSeries       *self);
guint        bench_series_get_length      (BenchSeries       *self);
guint        bench_series_get_capacity    (BenchSeries       *self);
/* Keeps the newest min(length, capacity) samples. */
void         bench_series_set_capacity    (BenchSeries       *self,
                                           guint              capacity);
/* Samples pushed out of the ring so far. */
guint64      bench_series_get_n_dropped   (BenchSeries       *self);
guint64      bench_series_get_n_rejected  (BenchSeries       *self);
/* Every sample ever appended (a change counter for redraws). */
guint64      bench_series_get_n_appended  (BenchSeries       *self);
/* Changes when samples are removed other than by the ring (clear, a new
 * capacity): what was computed from the old ones is then stale. */
guint        bench_series_get_generation  (BenchSeries       *self);
/* Index 0 is the oldest retained sample. */
void         bench_series_get             (BenchSeries       *self,
                                           guint              index,
                                           gint64            *time_us,
                                           double            *value);
gboolean     bench_series_get_last        (BenchSeries       *self,
                                           gint64            *time_us,
                                           double            *value);
gboolean     bench_series_get_first       (BenchSeries       *self,
                                           gint64            *time_us,
                                           double            *value);
/* The first index whose time is >= @time_us (length if none). */
guint        bench_series_lower_bound     (BenchSeries       *self,
                                           gint64             time_us);
/* Min and max of the samples with index in [begin, end); FALSE if empty. */
gboolean     bench_series_get_range       (BenchSeries       *self,
                                           guint              begin,
                                           guint              end,
                                           double            *min,
                                           double            *max);
/* Splits [t0, t1) into @n_columns columns, column c holding the samples
 * with t0 + ⌊(t1-t0)·c/n⌋ <= time < t0 + ⌊(t1-t0)·(c+1)/n⌋, and fills
 * @columns. Returns the number of samples in the window. */
guint        bench_series_decimate        (BenchSeries       *self,
                                           gint64             t0,
                                           gint64             t1,
                                           guint              n_columns,
                                           BenchSeriesColumn *columns);
/* The start of column @column as used by bench_series_decimate(). */
gint64       bench_series_column_start    (gint64             t0,
                                           gint64             t1,
                                           guint              n_columns,
                                           guint              column);
/* Bytes allocated for samples and summaries (not the struct itself). */
gsize        bench_series_get_memory_size (BenchSeries       *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BenchSeries, bench_series_free)

G_END_DECLS
