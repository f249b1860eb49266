/* test-console-model.c - the console's GListModel, without a display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "bench-console-item.h"
#include "bench-console-model.h"
#include "bench-test-util.h"

typedef struct
{
  guint emissions;
  guint last_position;
  guint last_removed;
  guint last_added;
} Changes;

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Changes    *changes)
{
  changes->emissions++;
  changes->last_position = position;
  changes->last_removed = removed;
  changes->last_added = added;
}

static BenchDevice *
new_device (const char *spec_text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BenchSpec) spec = bench_spec_parse (spec_text, &error);

  g_assert_no_error (error);
  return bench_device_new (spec);
}

/* Appends an rx row straight into the device's queue (no transport). */
static void
append_rx (BenchDevice *device,
           const char  *text,
           gsize        len)
{
  BenchRowQueue *queue = bench_device_get_queue (device);

  bench_row_queue_append (queue, BENCH_DIRECTION_RX, BENCH_ROW_NONE,
                          g_get_monotonic_time (), g_get_real_time (),
                          (const guint8 *) text, len);
}

static char *
item_text (GListModel *model,
           guint       position)
{
  g_autoptr(BenchConsoleItem) item = g_list_model_get_item (model, position);

  g_assert_nonnull (item);
  return bench_console_item_dup_text (item);
}

static void
test_flush_batches (void)
{
  g_autoptr(BenchDevice) device = new_device ("/dev/null,name=A");
  g_autoptr(BenchConsoleModel) model = bench_console_model_new_for_device (device, g_get_monotonic_time ());
  Changes changes = { 0 };

  g_signal_connect (model, "items-changed", G_CALLBACK (items_changed_cb), &changes);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (model)) == BENCH_TYPE_CONSOLE_ITEM);

  /* the first flush announces nothing when there is nothing */
  bench_console_model_flush (model);
  g_assert_cmpuint (changes.emissions, ==, 0);
  g_assert_false (bench_console_model_get_needs_flush (model));

  for (guint i = 0; i < 100; i++)
    {
      g_autofree char *line = g_strdup_printf ("line %u", i);

      append_rx (device, line, strlen (line));
      bench_row_queue_flush (bench_device_get_queue (device));
    }

  /* 100 batches from the device, nothing reached the list yet */
  g_assert_true (bench_console_model_get_needs_flush (model));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
  g_assert_cmpuint (changes.emissions, ==, 0);

  bench_console_model_flush (model);
  g_assert_cmpuint (changes.emissions, ==, 1);
  g_assert_cmpuint (changes.last_position, ==, 0);
  g_assert_cmpuint (changes.last_removed, ==, 0);
  g_assert_cmpuint (changes.last_added, ==, 100);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 100);
  g_assert_false (bench_console_model_get_needs_flush (model));

  {
    g_autofree char *first = item_text (G_LIST_MODEL (model), 0);
    g_autofree char *last = item_text (G_LIST_MODEL (model), 99);

    g_assert_cmpstr (first, ==, "line 0");
    g_assert_cmpstr (last, ==, "line 99");
  }
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (model), 100));

  append_rx (device, "more", 4);
  bench_row_queue_flush (bench_device_get_queue (device));
  bench_console_model_flush (model);
  g_assert_cmpuint (changes.emissions, ==, 2);
  g_assert_cmpuint (changes.last_position, ==, 100);
  g_assert_cmpuint (changes.last_added, ==, 1);
}

/* Device bytes are shown as escapes, never interpreted */
static void
test_escapes_and_hex (void)
{
  g_autoptr(BenchDevice) device = new_device ("/dev/null,name=A");
  g_autoptr(BenchConsoleModel) model = bench_console_model_new_for_device (device, g_get_monotonic_time ());
  static const char bytes[] = "\x1b[31mred\x07\tok\\ <b>&amp;</b> \xc3\xa9 \xff";
  Changes changes = { 0 };

  append_rx (device, bytes, sizeof bytes - 1);
  bench_device_log_event (device, BENCH_ROW_NONE, "connected 9600 8N1");
  bench_console_model_flush (model);

  {
    g_autofree char *text = item_text (G_LIST_MODEL (model), 0);

    g_assert_cmpstr (text, ==, "\\x1b[31mred\\x07\\tok\\\\ <b>&amp;</b> \xc3\xa9 \\xff");
  }

  /* hex: received bytes in hex, events stay text; no item is replaced */
  g_signal_connect (model, "items-changed", G_CALLBACK (items_changed_cb), &changes);
  bench_console_model_set_hex (model, TRUE);
  {
    g_autofree char *text = item_text (G_LIST_MODEL (model), 0);
    g_autofree char *event = item_text (G_LIST_MODEL (model), 1);

    g_assert_true (g_str_has_prefix (text, "1b 5b 33 31 6d 72 65 64 07 09"));
    g_assert_true (g_str_has_suffix (text, "c3 a9 20 ff"));
    g_assert_cmpstr (event, ==, "connected 9600 8N1");
  }
  g_assert_false (bench_console_model_get_needs_flush (model));
  g_assert_cmpuint (changes.emissions, ==, 0);

  /* a long line keeps only a screenful of its bytes, and says so */
  {
    g_autofree char *big = g_strnfill (100000, 'x');
    g_autofree char *text = NULL;

    bench_console_model_set_hex (model, FALSE);
    append_rx (device, big, 100000);
    bench_console_model_flush (model);
    text = item_text (G_LIST_MODEL (model), 2);
    g_assert_cmpuint (strlen (text), <, 2 * BENCH_CONSOLE_ITEM_MAX_BYTES);
    g_assert_true (g_str_has_suffix (text, "(100000 bytes)"));
  }
}

static void
test_time_formats (void)
{
  g_autoptr(BenchDevice) device = new_device ("/dev/null,name=A");
  gint64 start = 1000000000;
  g_autoptr(BenchConsoleModel) model = bench_console_model_new_for_device (device, start);
  g_autofree char *rel = NULL;
  g_autofree char *neg = NULL;
  g_autofree char *abs = NULL;

  bench_console_model_set_relative_time (model, TRUE);
  rel = bench_console_model_format_time (model, start + 12345678, 0);
  g_assert_cmpstr (rel, ==, "12.345678");
  neg = bench_console_model_format_time (model, start - 1500000, 0);
  g_assert_cmpstr (neg, ==, "-1.500000");

  bench_console_model_set_relative_time (model, FALSE);
  abs = bench_console_model_format_time (model, 0, G_GINT64_CONSTANT (1763774625123456));
  /* HH:MM:SS.mmm in local time */
  g_assert_cmpuint (strlen (abs), ==, 12);
  g_assert_true (g_str_has_suffix (abs, ".123"));
  g_assert_true (abs[2] == ':' && abs[5] == ':');
}

/* At the source's bound the model lets rows go in steps, before the queue
 * drops them, with one change per flush. */
static void
test_front_trim (void)
{
  g_autoptr(BenchDevice) device = new_device ("/dev/null,name=A");
  g_autoptr(BenchConsoleModel) model = bench_console_model_new_for_device (device, 0);
  BenchRowQueue *queue = bench_device_get_queue (device);
  Changes changes = { 0 };
  guint bound, trims = 0;
  guint64 line = 0;

  bench_row_queue_set_max_rows (queue, 1000);
  bound = bench_console_model_get_max_items (model);
  g_assert_cmpuint (bound, ==, 875);
  g_signal_connect (model, "items-changed", G_CALLBACK (items_changed_cb), &changes);

  for (guint round = 0; round < 200; round++)
    {
      guint before = changes.emissions;
      guint n;

      for (guint i = 0; i < 50; i++, line++)
        {
          g_autofree char *text = g_strdup_printf ("%" G_GUINT64_FORMAT, line);

          append_rx (device, text, strlen (text));
        }
      bench_row_queue_flush (queue);
      bench_console_model_flush (model);

      g_assert_cmpuint (changes.emissions - before, <=, 1);
      if (changes.last_removed > 0 && changes.emissions > before)
        {
          trims++;
          g_assert_cmpuint (changes.last_position, ==, 0);
          g_assert_cmpuint (changes.last_added, ==, 0);
          /* the new rows come with the next flush */
          g_assert_true (bench_console_model_get_needs_flush (model));
        }

      n = g_list_model_get_n_items (G_LIST_MODEL (model));
      g_assert_cmpuint (n, <=, bound);
      /* every row shown is still held by the queue */
      for (guint p = 0; p < n; p += 97)
        {
          g_autoptr(BenchConsoleItem) item = g_list_model_get_item (G_LIST_MODEL (model), p);

          g_assert_false (bench_console_item_get_gone (item));
        }
    }

  /* 10000 rows through a bound of 875 rows, let go of 109 to 159 at a time
   * (a step, plus what came since): not once per flush */
  g_assert_cmpuint (trims, >=, 9125 / 159);
  g_assert_cmpuint (trims, <=, 9125 / 109);

  /* catch up: the last row is the newest */
  while (bench_console_model_get_needs_flush (model))
    bench_console_model_flush (model);
  {
    guint n = g_list_model_get_n_items (G_LIST_MODEL (model));
    g_autofree char *last = item_text (G_LIST_MODEL (model), n - 1);
    g_autofree char *want = g_strdup_printf ("%" G_GUINT64_FORMAT, line - 1);

    g_assert_cmpstr (last, ==, want);
  }
}

/* More than a bound in one go: a reset, still one change */
static void
test_overrun (void)
{
  g_autoptr(BenchDevice) device = new_device ("/dev/null,name=A");
  g_autoptr(BenchConsoleModel) model = bench_console_model_new_for_device (device, 0);
  BenchRowQueue *queue = bench_device_get_queue (device);
  Changes changes = { 0 };
  guint n;

  bench_row_queue_set_max_rows (queue, 1000);
  append_rx (device, "old", 3);
  bench_row_queue_flush (queue);
  bench_console_model_flush (model);

  g_signal_connect (model, "items-changed", G_CALLBACK (items_changed_cb), &changes);
  for (guint i = 0; i < 5000; i++)
    append_rx (device, "x", 1);
  bench_row_queue_flush (queue);

  /* between the queue's drop and the flush, a dropped row reads as gone */
  {
    g_autoptr(BenchConsoleItem) item = g_list_model_get_item (G_LIST_MODEL (model), 0);

    g_assert_true (bench_console_item_get_gone (item));
  }

  bench_console_model_flush (model);
  g_assert_cmpuint (changes.emissions, ==, 1);
  g_assert_cmpuint (changes.last_removed, ==, 1);
  n = g_list_model_get_n_items (G_LIST_MODEL (model));
  g_assert_cmpuint (n, ==, 875);
  g_assert_cmpuint (changes.last_added, ==, n);
}

static void
test_filter (void)
{
  g_autoptr(BenchDevice) device = new_device ("/dev/null,name=A");
  g_autoptr(BenchConsoleModel) model = bench_console_model_new_for_device (device, 0);
  BenchRowQueue *queue = bench_device_get_queue (device);
  Changes changes = { 0 };

  append_rx (device, "alpha 1", 7);
  append_rx (device, "beta 2", 6);
  append_rx (device, "ALPHA\x1b 3", 8);
  bench_device_log_event (device, BENCH_ROW_NONE, "event alpha");
  bench_console_model_flush (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 4);

  g_signal_connect (model, "items-changed", G_CALLBACK (items_changed_cb), &changes);
  bench_console_model_set_filter_text (model, "Alpha");
  g_assert_true (bench_console_model_get_needs_flush (model));
  bench_console_model_flush (model);
  g_assert_cmpuint (changes.emissions, ==, 1);
  g_assert_cmpuint (changes.last_removed, ==, 4);
  g_assert_cmpuint (changes.last_added, ==, 3);
  {
    g_autofree char *second = item_text (G_LIST_MODEL (model), 1);

    g_assert_cmpstr (second, ==, "ALPHA\\x1b 3");
  }

  /* the escaped form is what matches */
  bench_console_model_set_filter_text (model, "\\x1b");
  bench_console_model_flush (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);

  /* directions */
  bench_console_model_set_filter_text (model, "alpha");
  bench_console_model_set_show_events (model, FALSE);
  bench_console_model_flush (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 2);
  bench_console_model_set_filter_text (model, "");
  bench_console_model_set_show_rx (model, FALSE);
  bench_console_model_set_show_events (model, TRUE);
  bench_console_model_flush (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);

  /* new rows are matched as they come */
  bench_console_model_set_show_rx (model, TRUE);
  bench_console_model_set_filter_text (model, "alpha");
  bench_console_model_flush (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 3);
  append_rx (device, "gamma", 5);
  append_rx (device, "alphabet", 8);
  bench_row_queue_flush (queue);
  changes.emissions = 0;
  bench_console_model_flush (model);
  g_assert_cmpuint (changes.emissions, ==, 1);
  g_assert_cmpuint (changes.last_position, ==, 3);
  g_assert_cmpuint (changes.last_added, ==, 1);

  /* and everything again without a filter */
  bench_console_model_set_filter_text (model, NULL);
  bench_console_model_flush (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 6);
}

/* A filter over more rows than a flush may examine finishes over several */
static void
test_filter_scan_budget (void)
{
  g_autoptr(BenchDevice) device = new_device ("/dev/null,name=A");
  g_autoptr(BenchConsoleModel) model = bench_console_model_new_for_device (device, 0);
  BenchRowQueue *queue = bench_device_get_queue (device);
  guint flushes = 0;

  for (guint i = 0; i < BENCH_CONSOLE_MODEL_SCAN_BUDGET + 50000; i++)
    append_rx (device, i % 1000 == 0 ? "needle" : "hay", i % 1000 == 0 ? 6 : 3);
  bench_row_queue_flush (queue);
  bench_console_model_flush (model);

  bench_console_model_set_filter_text (model, "needle");
  bench_console_model_flush (model);
  g_assert_true (bench_console_model_get_scanning (model));
  g_assert_true (bench_console_model_get_needs_flush (model));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, BENCH_CONSOLE_MODEL_SCAN_BUDGET / 1000);

  while (bench_console_model_get_needs_flush (model))
    {
      bench_console_model_flush (model);
      flushes++;
    }
  g_assert_cmpuint (flushes, ==, 1);
  g_assert_false (bench_console_model_get_scanning (model));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, (BENCH_CONSOLE_MODEL_SCAN_BUDGET + 50000) / 1000);
}

static void
test_clear (void)
{
  g_autoptr(BenchDevice) device = new_device ("/dev/null,name=A");
  g_autoptr(BenchConsoleModel) model = bench_console_model_new_for_device (device, 0);
  BenchRowQueue *queue = bench_device_get_queue (device);
  Changes changes = { 0 };

  append_rx (device, "a", 1);
  append_rx (device, "b", 1);
  bench_row_queue_flush (queue);
  bench_console_model_flush (model);

  g_signal_connect (model, "items-changed", G_CALLBACK (items_changed_cb), &changes);
  bench_console_model_clear (model);
  bench_console_model_flush (model);
  g_assert_cmpuint (changes.emissions, ==, 1);
  g_assert_cmpuint (changes.last_removed, ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
  /* the queue keeps them for export */
  g_assert_cmpuint (bench_row_queue_get_n_rows (queue), ==, 2);

  append_rx (device, "c", 1);
  bench_row_queue_flush (queue);
  bench_console_model_flush (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
  {
    g_autofree char *text = item_text (G_LIST_MODEL (model), 0);

    g_assert_cmpstr (text, ==, "c");
  }
}

static void
test_copy_text (void)
{
  g_autoptr(BenchDevice) device = new_device ("/dev/null,name=A");
  g_autoptr(BenchConsoleModel) model = bench_console_model_new_for_device (device, 0);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *big = g_strnfill (5000, 'y');

  append_rx (device, "one\r", 4);
  append_rx (device, big, 5000);
  bench_row_queue_flush (bench_device_get_queue (device));
  bench_console_model_flush (model);

  g_assert_true (bench_console_model_append_text (model, 0, out));
  g_assert_cmpstr (out->str, ==, "one\\x0d");
  g_string_truncate (out, 0);
  /* copies the whole line, not what an item keeps */
  g_assert_true (bench_console_model_append_text (model, 1, out));
  g_assert_cmpuint (out->len, ==, 5000);
  g_assert_false (bench_console_model_append_text (model, 2, out));
}

static void
test_journal (void)
{
  g_autoptr(GListStore) devices = g_list_store_new (BENCH_TYPE_DEVICE);
  g_autoptr(BenchDevice) a = new_device ("/dev/null,name=Multimeter");
  g_autoptr(BenchDevice) b = new_device ("/dev/null,name=Thermo");
  g_autoptr(BenchJournal) journal = NULL;
  g_autoptr(BenchConsoleModel) model = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  Changes changes = { 0 };

  g_list_store_append (devices, a);
  g_list_store_append (devices, b);
  journal = bench_journal_new (G_LIST_MODEL (devices), 1000);
  model = bench_console_model_new_for_journal (journal, 0);
  g_signal_connect (model, "items-changed", G_CALLBACK (items_changed_cb), &changes);

  bench_device_log_event (a, BENCH_ROW_NONE, "V=1.0");
  bench_device_log_event (b, BENCH_ROW_NONE, "T=20.5");
  bench_device_log_event (a, BENCH_ROW_NONE, "V=1.1");
  g_assert_true (bench_console_model_get_needs_flush (model));
  bench_console_model_flush (model);
  g_assert_cmpuint (changes.emissions, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 3);

  {
    g_autoptr(BenchConsoleItem) item = g_list_model_get_item (G_LIST_MODEL (model), 1);
    g_autofree char *text = bench_console_item_dup_text (item);

    g_assert_cmpstr (bench_console_item_get_device_name (item), ==, "Thermo");
    g_assert_cmpint (bench_console_item_get_slot (item), ==, 1);
    g_assert_cmpstr (text, ==, "T=20.5");
  }

  g_assert_true (bench_console_model_append_text (model, 2, out));
  g_assert_cmpstr (out->str, ==, "Multimeter\tV=1.1");

  /* the device's name matches too */
  bench_console_model_set_filter_text (model, "thermo");
  bench_console_model_flush (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
  bench_console_model_set_filter_text (model, "");
  bench_console_model_flush (model);

  /* a device removed: a reset at the next flush, its rows gone */
  changes.emissions = 0;
  g_list_store_remove (devices, 0);
  g_assert_true (bench_console_model_get_needs_flush (model));
  g_assert_cmpuint (changes.emissions, ==, 0);
  bench_console_model_flush (model);
  g_assert_cmpuint (changes.emissions, ==, 1);
  g_assert_cmpuint (changes.last_removed, ==, 3);
  g_assert_cmpuint (changes.last_added, ==, 1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/benchtop/console-model/flush-batches", test_flush_batches);
  g_test_add_func ("/benchtop/console-model/escapes-and-hex", test_escapes_and_hex);
  g_test_add_func ("/benchtop/console-model/time-formats", test_time_formats);
  g_test_add_func ("/benchtop/console-model/front-trim", test_front_trim);
  g_test_add_func ("/benchtop/console-model/overrun", test_overrun);
  g_test_add_func ("/benchtop/console-model/filter", test_filter);
  g_test_add_func ("/benchtop/console-model/filter-scan-budget", test_filter_scan_budget);
  g_test_add_func ("/benchtop/console-model/clear", test_clear);
  g_test_add_func ("/benchtop/console-model/copy-text", test_copy_text);
  g_test_add_func ("/benchtop/console-model/journal", test_journal);

  return g_test_run ();
}
