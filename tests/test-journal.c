/* test-journal.c - the merged, bounded index of every device's rows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <unistd.h>

#include "bench-journal.h"
#include "bench-test-util.h"

typedef struct
{
  guint removed;
  guint added;
  guint emissions;
  guint pending_notifies;
} Changes;

static void
changed_cb (BenchJournal *journal,
            guint         removed,
            guint         added,
            Changes      *changes)
{
  changes->removed += removed;
  changes->added += added;
  changes->emissions++;
}

static void
pending_cb (BenchJournal *journal,
            GParamSpec   *pspec,
            Changes      *changes)
{
  changes->pending_notifies++;
}

static BenchJournal *
new_journal (GListModel *devices,
             guint       max,
             Changes    *changes)
{
  BenchJournal *journal = bench_journal_new (devices, max);

  memset (changes, 0, sizeof *changes);
  g_signal_connect (journal, "changed", G_CALLBACK (changed_cb), changes);
  g_signal_connect (journal, "notify::has-pending", G_CALLBACK (pending_cb), changes);
  return journal;
}

static BenchDevice *
new_device (const char *spec_text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BenchSpec) spec = bench_spec_parse (spec_text, &error);

  g_assert_no_error (error);
  return bench_device_new (spec);
}

static char *
entry_text (BenchJournal *journal,
            guint64       number)
{
  BenchDevice *device = NULL;
  BenchRow row;
  guint slot;

  if (!bench_journal_get_row (journal, number, &device, &slot, &row))
    return g_strdup ("(gone)");
  return g_strdup_printf ("%u:%s:%.*s", slot, bench_device_get_name (device), (int) row.len, row.text);
}

static void
test_merge_order (void)
{
  g_autoptr(GListStore) devices = g_list_store_new (BENCH_TYPE_DEVICE);
  g_autoptr(BenchDevice) a = new_device ("/dev/null,name=A");
  g_autoptr(BenchDevice) b = new_device ("/dev/null,name=B");
  g_autoptr(BenchJournal) journal = NULL;
  Changes changes;
  gint64 last = 0;

  g_list_store_append (devices, a);
  g_list_store_append (devices, b);
  journal = new_journal (G_LIST_MODEL (devices), 1000, &changes);
  g_assert_cmpint (bench_journal_get_slot (journal, a), ==, 0);
  g_assert_cmpint (bench_journal_get_slot (journal, b), ==, 1);

  for (guint i = 0; i < 10; i++)
    bench_device_log_event (i % 2 ? b : a, BENCH_ROW_NONE, "event %u", i);

  /* nothing is announced before the flush, and pending is told once */
  g_assert_cmpuint (changes.emissions, ==, 0);
  g_assert_cmpuint (bench_journal_get_n_entries (journal), ==, 0);
  g_assert_true (bench_journal_get_has_pending (journal));
  g_assert_cmpuint (changes.pending_notifies, ==, 1);

  bench_journal_flush (journal);
  g_assert_cmpuint (changes.emissions, ==, 1);
  g_assert_cmpuint (changes.added, ==, 10);
  g_assert_cmpuint (changes.removed, ==, 0);
  g_assert_false (bench_journal_get_has_pending (journal));
  g_assert_cmpuint (changes.pending_notifies, ==, 2);
  g_assert_cmpuint (bench_journal_get_n_entries (journal), ==, 10);

  for (guint i = 0; i < 10; i++)
    {
      guint64 number = bench_journal_get_first (journal) + i;
      g_autofree char *text = entry_text (journal, number);
      g_autofree char *want = g_strdup_printf ("%u:%s:event %u", i % 2, i % 2 ? "B" : "A", i);
      gint64 mono;

      g_assert_cmpstr (text, ==, want);
      g_assert_true (bench_journal_get_entry (journal, number, NULL, NULL, NULL, &mono));
      g_assert_cmpint (mono, >=, last);
      last = mono;
    }

  /* an empty flush says nothing */
  bench_journal_flush (journal);
  g_assert_cmpuint (changes.emissions, ==, 1);
}

/* A line whose first byte arrived before another device's line, but which
 * ended after it, is placed by its arrival time. */
static void
test_sorted_by_arrival (void)
{
  g_autoptr(GListStore) devices = g_list_store_new (BENCH_TYPE_DEVICE);
  g_autoptr(BenchDevice) a = NULL;
  g_autoptr(BenchDevice) b = NULL;
  g_autoptr(BenchJournal) journal = NULL;
  g_autofree char *spec_a = NULL;
  g_autofree char *spec_b = NULL;
  char *path_a, *path_b;
  int master_a, slave_a, master_b, slave_b;
  Changes changes;
  guint64 first;

  bench_test_openpty (&master_a, &slave_a, &path_a);
  bench_test_openpty (&master_b, &slave_b, &path_b);
  spec_a = g_strdup_printf ("%s,name=A,eol=lf", path_a);
  spec_b = g_strdup_printf ("%s,name=B,eol=lf", path_b);
  a = new_device (spec_a);
  b = new_device (spec_b);
  g_list_store_append (devices, a);
  g_list_store_append (devices, b);
  journal = new_journal (G_LIST_MODEL (devices), 1000, &changes);

  bench_device_connect (a);
  bench_device_connect (b);
  while (bench_device_get_state (a) != BENCH_DEVICE_CONNECTED ||
         bench_device_get_state (b) != BENCH_DEVICE_CONNECTED)
    g_main_context_iteration (NULL, TRUE);
  bench_journal_flush (journal);
  first = bench_journal_get_end (journal);

  bench_test_write_all (master_a, "early", 5);
  bench_test_spin (50);
  bench_test_write_all (master_b, "middle\n", 7);
  bench_test_spin (50);
  bench_test_write_all (master_a, " bird\n", 6);
  bench_test_spin (50);

  /* completion order was B then A; arrival order is A then B */
  bench_journal_flush (journal);
  g_assert_cmpuint (bench_journal_get_end (journal) - first, ==, 2);
  {
    g_autofree char *t0 = entry_text (journal, first);
    g_autofree char *t1 = entry_text (journal, first + 1);

    g_assert_cmpstr (t0, ==, "0:A:early bird");
    g_assert_cmpstr (t1, ==, "1:B:middle");
  }

  bench_device_disconnect (a);
  bench_device_disconnect (b);
  close (master_a);
  close (slave_a);
  close (master_b);
  close (slave_b);
  g_free (path_a);
  g_free (path_b);
}

static void
test_bound (void)
{
  g_autoptr(BenchDevice) a = new_device ("/dev/null,name=A");
  g_autoptr(BenchJournal) journal = NULL;
  Changes changes;

  journal = new_journal (NULL, 100, &changes);
  bench_journal_attach (journal, a);

  for (guint i = 0; i < 250; i++)
    bench_device_log_event (a, BENCH_ROW_NONE, "%u", i);
  bench_journal_flush (journal);

  /* what was dropped before it was announced is not "removed" */
  g_assert_cmpuint (changes.emissions, ==, 1);
  g_assert_cmpuint (changes.removed, ==, 0);
  g_assert_cmpuint (changes.added, ==, 100);
  g_assert_cmpuint (bench_journal_get_dropped (journal), ==, 150);
  {
    g_autofree char *oldest = entry_text (journal, bench_journal_get_first (journal));
    g_autofree char *newest = entry_text (journal, bench_journal_get_end (journal) - 1);

    g_assert_cmpstr (oldest, ==, "0:A:150");
    g_assert_cmpstr (newest, ==, "0:A:249");
  }

  for (guint i = 250; i < 300; i++)
    bench_device_log_event (a, BENCH_ROW_NONE, "%u", i);

  /* between flushes, announced entries the bound dropped read as gone,
   * and the announced count does not move */
  g_assert_cmpuint (bench_journal_get_n_entries (journal), ==, 100);
  g_assert_false (bench_journal_get_entry (journal, bench_journal_get_first (journal), NULL, NULL, NULL, NULL));
  g_assert_true (bench_journal_get_entry (journal, bench_journal_get_first (journal) + 50, NULL, NULL, NULL, NULL));

  bench_journal_flush (journal);
  g_assert_cmpuint (changes.emissions, ==, 2);
  g_assert_cmpuint (changes.removed, ==, 50);
  g_assert_cmpuint (changes.added, ==, 150);
  g_assert_cmpuint (bench_journal_get_n_entries (journal), ==, 100);

  /* a smaller bound applies at once */
  bench_journal_set_max_entries (journal, 10);
  bench_journal_flush (journal);
  g_assert_cmpuint (bench_journal_get_n_entries (journal), ==, 10);
  g_assert_cmpuint (changes.removed, ==, 140);
}

/* Entries whose rows the device's queue dropped leave at the front. */
static void
test_gone_rows (void)
{
  g_autoptr(BenchDevice) a = new_device ("/dev/null,name=A");
  g_autoptr(BenchDevice) b = new_device ("/dev/null,name=B");
  g_autoptr(BenchJournal) journal = NULL;
  Changes changes;

  journal = new_journal (NULL, 1000, &changes);
  bench_journal_attach (journal, a);
  bench_journal_attach (journal, b);
  bench_row_queue_set_max_rows (bench_device_get_queue (a), 10);

  for (guint i = 0; i < 30; i++)
    bench_device_log_event (a, BENCH_ROW_NONE, "a%u", i);
  bench_device_log_event (b, BENCH_ROW_NONE, "b");
  for (guint i = 30; i < 40; i++)
    bench_device_log_event (a, BENCH_ROW_NONE, "a%u", i);
  bench_journal_flush (journal);

  /* A's queue holds a30..a39 only: a0..a29 leave at the front, which
   * then stops at "b" */
  {
    g_autofree char *front = entry_text (journal, bench_journal_get_first (journal));

    g_assert_cmpstr (front, ==, "1:B:b");
  }
  g_assert_cmpuint (bench_journal_get_n_entries (journal), ==, 11);
  for (guint64 n = bench_journal_get_first (journal); n < bench_journal_get_end (journal); n++)
    {
      g_autofree char *text = entry_text (journal, n);

      g_assert_cmpstr (text, !=, "(gone)");
    }
}

static void
test_detach_and_slots (void)
{
  g_autoptr(GListStore) devices = g_list_store_new (BENCH_TYPE_DEVICE);
  g_autoptr(BenchDevice) a = new_device ("/dev/null,name=A");
  g_autoptr(BenchDevice) b = new_device ("/dev/null,name=B");
  g_autoptr(BenchDevice) c = new_device ("/dev/null,name=C");
  g_autoptr(BenchDevice) d = new_device ("/dev/null,name=D");
  g_autoptr(BenchJournal) journal = NULL;
  Changes changes;

  g_list_store_append (devices, a);
  g_list_store_append (devices, b);
  g_list_store_append (devices, c);
  journal = new_journal (G_LIST_MODEL (devices), 1000, &changes);

  for (guint i = 0; i < 9; i++)
    bench_device_log_event (i % 3 == 0 ? a : i % 3 == 1 ? b : c, BENCH_ROW_NONE, "%u", i);
  bench_journal_flush (journal);
  g_assert_cmpuint (changes.added, ==, 9);

  /* removing B resets the journal to the rows of A and C, and B's rows no
   * longer reach it */
  g_list_store_remove (devices, 1);
  g_assert_cmpuint (changes.emissions, ==, 2);
  g_assert_cmpuint (changes.removed, ==, 9);
  g_assert_cmpuint (changes.added, ==, 9 + 6);
  g_assert_cmpuint (bench_journal_get_n_entries (journal), ==, 6);
  g_assert_cmpint (bench_journal_get_slot (journal, b), ==, -1);
  bench_device_log_event (b, BENCH_ROW_NONE, "lost");
  g_assert_false (bench_journal_get_has_pending (journal));
  for (guint64 n = bench_journal_get_first (journal); n < bench_journal_get_end (journal); n++)
    {
      g_autofree char *text = entry_text (journal, n);

      g_assert_false (strstr (text, ":B:"));
    }

  /* a new device takes the free slot (its colour) */
  g_list_store_append (devices, d);
  g_assert_cmpint (bench_journal_get_slot (journal, d), ==, 1);
  g_assert_cmpint (bench_journal_get_slot (journal, c), ==, 2);

  /* removed and added again: attached again */
  g_object_ref (a);
  g_list_store_remove (devices, 0);
  g_list_store_append (devices, a);
  g_object_unref (a);
  g_assert_cmpint (bench_journal_get_slot (journal, a), >=, 0);
}

static void
test_dispose_detaches (void)
{
  g_autoptr(BenchDevice) a = new_device ("/dev/null,name=A");
  BenchJournal *journal = bench_journal_new (NULL, 10);

  bench_journal_attach (journal, a);
  bench_device_log_event (a, BENCH_ROW_NONE, "one");
  g_assert_finalize_object (journal);
  /* the sink is gone with the journal: this must not touch freed memory */
  bench_device_log_event (a, BENCH_ROW_NONE, "two");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/benchtop/journal/merge-order", test_merge_order);
  g_test_add_func ("/benchtop/journal/sorted-by-arrival", test_sorted_by_arrival);
  g_test_add_func ("/benchtop/journal/bound", test_bound);
  g_test_add_func ("/benchtop/journal/gone-rows", test_gone_rows);
  g_test_add_func ("/benchtop/journal/detach-and-slots", test_detach_and_slots);
  g_test_add_func ("/benchtop/journal/dispose-detaches", test_dispose_detaches);

  return g_test_run ();
}
