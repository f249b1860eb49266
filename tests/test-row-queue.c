/* test-row-queue.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "bench-row-queue.h"
#include "bench-test-util.h"

typedef struct
{
  guint removed;
  guint added;
  guint emissions;
} Changes;

static void
changed_cb (BenchRowQueue *queue,
            guint          removed,
            guint          added,
            Changes       *changes)
{
  changes->removed += removed;
  changes->added += added;
  changes->emissions++;
}

static void
append_text (BenchRowQueue *queue,
             const char    *text,
             gint64         t)
{
  bench_row_queue_append (queue, BENCH_DIRECTION_RX, BENCH_ROW_NONE, t, t + 1000, (const guint8 *) text, strlen (text));
}

static void
test_append_get (void)
{
  g_autoptr(BenchRowQueue) queue = bench_row_queue_new (100, 1 << 20);
  BenchRow row;

  g_assert_cmpuint (bench_row_queue_get_n_rows (queue), ==, 0);
  g_assert_false (bench_row_queue_get (queue, 0, &row));

  append_text (queue, "hello", 10);
  bench_row_queue_append (queue, BENCH_DIRECTION_TX, BENCH_ROW_NONE, 20, 30, NULL, 0);
  bench_row_queue_append (queue, BENCH_DIRECTION_EVENT, BENCH_ROW_ERROR, 40, 50, (const guint8 *) "a\0b", 3);

  g_assert_cmpuint (bench_row_queue_get_n_rows (queue), ==, 3);
  g_assert_cmpuint (bench_row_queue_get_first_seq (queue), ==, 0);
  g_assert_cmpuint (bench_row_queue_get_end_seq (queue), ==, 3);

  g_assert_true (bench_row_queue_get (queue, 0, &row));
  g_assert_cmpuint (row.seq, ==, 0);
  g_assert_cmpint (row.mono_us, ==, 10);
  g_assert_cmpint (row.wall_us, ==, 1010);
  g_assert_cmpuint (row.direction, ==, BENCH_DIRECTION_RX);
  g_assert_cmpmem (row.text, row.len, "hello", 5);

  g_assert_true (bench_row_queue_get (queue, 1, &row));
  g_assert_cmpuint (row.len, ==, 0);
  g_assert_nonnull (row.text);
  g_assert_cmpuint (row.direction, ==, BENCH_DIRECTION_TX);

  g_assert_true (bench_row_queue_get (queue, 2, &row));
  g_assert_cmpmem (row.text, row.len, "a\0b", 3);
  g_assert_cmpuint (row.flags, ==, BENCH_ROW_ERROR);
  g_assert_cmpuint (row.direction, ==, BENCH_DIRECTION_EVENT);
}

static void
test_max_rows (void)
{
  g_autoptr(BenchRowQueue) queue = bench_row_queue_new (1000, 64 << 20);
  BenchRow row;

  for (guint i = 0; i < 10000; i++)
    {
      char buf[32];

      g_snprintf (buf, sizeof buf, "line %u", i);
      append_text (queue, buf, i);
    }

  g_assert_cmpuint (bench_row_queue_get_n_rows (queue), ==, 1000);
  g_assert_cmpuint (bench_row_queue_get_dropped (queue), ==, 9000);
  g_assert_cmpuint (bench_row_queue_get_first_seq (queue), ==, 9000);
  g_assert_false (bench_row_queue_get (queue, 8999, &row));
  g_assert_true (bench_row_queue_get (queue, 9000, &row));
  g_assert_cmpmem (row.text, row.len, "line 9000", 9);
  g_assert_true (bench_row_queue_get (queue, 9999, &row));
  g_assert_cmpmem (row.text, row.len, "line 9999", 9);

  /* lowering the bound drops more */
  bench_row_queue_set_max_rows (queue, 10);
  g_assert_cmpuint (bench_row_queue_get_n_rows (queue), ==, 10);
  g_assert_cmpuint (bench_row_queue_get_dropped (queue), ==, 9990);
  g_assert_true (bench_row_queue_get (queue, 9990, &row));
  g_assert_cmpmem (row.text, row.len, "line 9990", 9);
}

static void
test_max_bytes (void)
{
  g_autoptr(BenchRowQueue) queue = bench_row_queue_new (G_MAXUINT, 4 << 20);
  g_autofree char *line = g_malloc (1000);
  BenchRow row;

  memset (line, 'x', 1000);
  /* 100 MB of rows into a 4 MiB bound */
  for (guint i = 0; i < 100000; i++)
    {
      g_snprintf (line, 12, "%010u", i);
      line[10] = 'x';
      bench_row_queue_append (queue, BENCH_DIRECTION_RX, 0, i, i, (guint8 *) line, 1000);
    }

  /* the bound holds within one chunk */
  g_assert_cmpuint (bench_row_queue_get_n_bytes (queue), <=, (4 << 20) + (1 << 20) + bench_row_queue_get_n_rows (queue) * 64);
  g_assert_cmpuint (bench_row_queue_get_n_rows (queue), >, 3000);
  g_assert_cmpuint (bench_row_queue_get_dropped (queue) + bench_row_queue_get_n_rows (queue), ==, 100000);

  /* the retained rows are the newest and intact */
  g_assert_true (bench_row_queue_get (queue, 99999, &row));
  g_assert_cmpmem (row.text, 10, "0000099999", 10);
  g_assert_true (bench_row_queue_get (queue, bench_row_queue_get_first_seq (queue), &row));
  g_assert_cmpuint (g_ascii_strtoull ((const char *) row.text, NULL, 10), ==, bench_row_queue_get_first_seq (queue));
}

static void
test_huge_row (void)
{
  g_autoptr(BenchRowQueue) queue = bench_row_queue_new (100, 64 << 20);
  gsize len = 3 << 20;
  g_autofree guint8 *big = g_malloc (len);
  BenchRow row;

  for (gsize i = 0; i < len; i++)
    big[i] = i * 7;
  append_text (queue, "before", 1);
  bench_row_queue_append (queue, BENCH_DIRECTION_RX, 0, 2, 2, big, len);
  append_text (queue, "after", 3);

  g_assert_true (bench_row_queue_get (queue, 1, &row));
  g_assert_cmpmem (row.text, row.len, big, len);
  g_assert_true (bench_row_queue_get (queue, 2, &row));
  g_assert_cmpmem (row.text, row.len, "after", 5);
}

static void
test_changed_batches (void)
{
  g_autoptr(BenchRowQueue) queue = bench_row_queue_new (10, 1 << 20);
  Changes changes = { 0 };

  g_signal_connect (queue, "changed", G_CALLBACK (changed_cb), &changes);

  for (guint i = 0; i < 5; i++)
    append_text (queue, "x", i);
  g_assert_cmpuint (changes.emissions, ==, 0);
  bench_row_queue_flush (queue);
  g_assert_cmpuint (changes.emissions, ==, 1);
  g_assert_cmpuint (changes.added, ==, 5);
  g_assert_cmpuint (changes.removed, ==, 0);

  /* nothing new: no emission */
  bench_row_queue_flush (queue);
  g_assert_cmpuint (changes.emissions, ==, 1);

  /* 8 more into a bound of 10: 3 of the old 5 go */
  memset (&changes, 0, sizeof changes);
  for (guint i = 0; i < 8; i++)
    append_text (queue, "y", i);
  bench_row_queue_flush (queue);
  g_assert_cmpuint (changes.emissions, ==, 1);
  g_assert_cmpuint (changes.removed, ==, 3);
  g_assert_cmpuint (changes.added, ==, 8);

  /* 100 in one batch: only the last 10 were ever visible as added; all old 10 go */
  memset (&changes, 0, sizeof changes);
  for (guint i = 0; i < 100; i++)
    append_text (queue, "z", i);
  bench_row_queue_flush (queue);
  g_assert_cmpuint (changes.removed, ==, 10);
  g_assert_cmpuint (changes.added, ==, 10);
  g_assert_cmpuint (bench_row_queue_get_n_rows (queue), ==, 10);

  /* clear: everything removed, not counted as dropped */
  memset (&changes, 0, sizeof changes);
  {
    guint64 dropped = bench_row_queue_get_dropped (queue);

    bench_row_queue_clear (queue);
    g_assert_cmpuint (changes.removed, ==, 10);
    g_assert_cmpuint (changes.added, ==, 0);
    g_assert_cmpuint (bench_row_queue_get_n_rows (queue), ==, 0);
    g_assert_cmpuint (bench_row_queue_get_dropped (queue), ==, dropped);
  }

  /* seq keeps counting after a clear */
  append_text (queue, "after clear", 1);
  g_assert_cmpuint (bench_row_queue_get_first_seq (queue), ==, 113);
}

static void
test_find_mono (void)
{
  g_autoptr(BenchRowQueue) queue = bench_row_queue_new (5, 1 << 20);

  for (guint i = 0; i < 10; i++)
    append_text (queue, "t", i * 100);

  /* retained: seq 5..9 at t 500..900 */
  g_assert_cmpuint (bench_row_queue_find_mono (queue, 0), ==, 5);
  g_assert_cmpuint (bench_row_queue_find_mono (queue, 500), ==, 5);
  g_assert_cmpuint (bench_row_queue_find_mono (queue, 501), ==, 6);
  g_assert_cmpuint (bench_row_queue_find_mono (queue, 900), ==, 9);
  g_assert_cmpuint (bench_row_queue_find_mono (queue, 901), ==, 10);
}

static void
test_memory_per_row (void)
{
  g_autoptr(BenchRowQueue) queue = bench_row_queue_new (1000000, 256 << 20);
  const char *line = "12.345,0.001234,-3.200e-05,17";
  gsize len = strlen (line);
  gsize bytes;

  for (guint i = 0; i < 1000000; i++)
    bench_row_queue_append (queue, BENCH_DIRECTION_RX, 0, i, i, (const guint8 *) line, len);

  bytes = bench_row_queue_get_n_bytes (queue);
  g_test_message ("1M rows of %zu bytes: %.1f bytes/row", len, (double) bytes / 1e6);
  /* text + a 32-byte index entry + ring slack (power of two) */
  g_assert_cmpuint (bytes, <, 1000000 * (len + 32 + 24) + (2 << 20));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/benchtop/row-queue/append-get", test_append_get);
  g_test_add_func ("/benchtop/row-queue/max-rows", test_max_rows);
  g_test_add_func ("/benchtop/row-queue/max-bytes", test_max_bytes);
  g_test_add_func ("/benchtop/row-queue/huge-row", test_huge_row);
  g_test_add_func ("/benchtop/row-queue/changed-batches", test_changed_batches);
  g_test_add_func ("/benchtop/row-queue/find-mono", test_find_mono);
  g_test_add_func ("/benchtop/row-queue/memory-per-row", test_memory_per_row);

  return g_test_run ();
}
