/* bench-row-queue.h - a bounded, compact per-device store of rows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Rows live in a text arena of large chunks plus a ring of fixed-size index
 * entries: no GObject and no allocation per row. When either bound (rows or
 * bytes) is exceeded the oldest rows are dropped and counted. Consumers are
 * told of changes in batches: appends accumulate until
 * bench_row_queue_flush() emits one ::changed (removed at the front, added
 * at the end).
 */
#pragma once

#include <glib-object.h>

#include "bench-row.h"

G_BEGIN_DECLS

#define BENCH_ROW_QUEUE_DEFAULT_MAX_ROWS  1000000
#define BENCH_ROW_QUEUE_DEFAULT_MAX_BYTES (256u * 1024 * 1024)

#define BENCH_TYPE_ROW_QUEUE (bench_row_queue_get_type ())

G_DECLARE_FINAL_TYPE (BenchRowQueue, bench_row_queue, BENCH, ROW_QUEUE, GObject)

BenchRowQueue *bench_row_queue_new           (guint           max_rows,
                                              gsize           max_bytes);
guint64        bench_row_queue_append        (BenchRowQueue  *self,
                                              BenchDirection  direction,
                                              BenchRowFlags   flags,
                                              gint64          mono_us,
                                              gint64          wall_us,
                                              const guint8   *text,
                                              gsize           len);
/* Fills @row with a view valid until the next change of the queue. */
gboolean       bench_row_queue_get           (BenchRowQueue  *self,
                                              guint64         seq,
                                              BenchRow       *row);
/* seq of the oldest retained row; equal to end_seq when empty */
guint64        bench_row_queue_get_first_seq (BenchRowQueue  *self);
/* seq the next appended row will get */
guint64        bench_row_queue_get_end_seq   (BenchRowQueue  *self);
guint          bench_row_queue_get_n_rows    (BenchRowQueue  *self);
gsize          bench_row_queue_get_n_bytes   (BenchRowQueue  *self);
guint64        bench_row_queue_get_dropped   (BenchRowQueue  *self);
guint          bench_row_queue_get_max_rows  (BenchRowQueue  *self);
void           bench_row_queue_set_max_rows  (BenchRowQueue  *self,
                                              guint           max_rows);
gsize          bench_row_queue_get_max_bytes (BenchRowQueue  *self);
void           bench_row_queue_set_max_bytes (BenchRowQueue  *self,
                                              gsize           max_bytes);
/* Drops every row (the user's "clear"); not counted as dropped. */
void           bench_row_queue_clear         (BenchRowQueue  *self);
/* Emits ::changed for what happened since the last flush, if anything. */
void           bench_row_queue_flush         (BenchRowQueue  *self);
/* Binary search on mono_us: the first seq whose row is at or after @mono_us. */
guint64        bench_row_queue_find_mono     (BenchRowQueue  *self,
                                              gint64          mono_us);

G_END_DECLS
