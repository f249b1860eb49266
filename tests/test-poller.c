/* test-poller.c - scheduled queries against demo:scpi and a pty
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>
#include <unistd.h>

#include "bench-device.h"
#include "bench-poller.h"
#include "bench-query.h"
#include "bench-test-util.h"
#include "bench-util.h"

static void
test_parse (void)
{
  static const struct { const char *text; const char *command; guint interval; gboolean wait; guint timeout; } good[] = {
    { "MEAS:VOLT?@500ms", "MEAS:VOLT?", 500, FALSE, BENCH_QUERY_DEFAULT_TIMEOUT_MS },
    { "MEAS:VOLT?@0.5s", "MEAS:VOLT?", 500, FALSE, BENCH_QUERY_DEFAULT_TIMEOUT_MS },
    { "READ?@2s,reply-timeout=200ms", "READ?", 2000, TRUE, 200 },
    { "MEAS:VOLT? (@101)@250", "MEAS:VOLT? (@101)", 250, FALSE, BENCH_QUERY_DEFAULT_TIMEOUT_MS },
    { "CONF:VOLT:DC 10,0.001@1 S,reply-timeout=1.5s", "CONF:VOLT:DC 10,0.001", 1000, TRUE, 1500 },
    { "temp\\r@100ms", "temp\\r", 100, FALSE, BENCH_QUERY_DEFAULT_TIMEOUT_MS },
  };
  static const char * const bad[] = {
    "MEAS:VOLT?", "@500ms", "X@", "X@0", "X@-5ms", "X@5min", "X@500ms,reply-timeout=", "X@500ms,reply-timeout=0",
    "X@500ms,bogus=1", "X@500ms,", "X@1e99s",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(BenchQuery) query = bench_query_new_parse (good[i].text, &error);
      g_autoptr(BenchQuery) again = NULL;
      g_autofree char *printed = NULL;
      g_autofree char *reprinted = NULL;

      g_assert_no_error (error);
      g_assert_cmpstr (bench_query_get_command (query), ==, good[i].command);
      g_assert_cmpuint (bench_query_get_interval_ms (query), ==, good[i].interval);
      g_assert_cmpint (bench_query_get_wait_reply (query), ==, good[i].wait);
      g_assert_cmpuint (bench_query_get_timeout_ms (query), ==, good[i].timeout);

      /* the printed form parses back to the same */
      printed = bench_query_to_string (query);
      again = bench_query_new_parse (printed, &error);
      g_assert_no_error (error);
      reprinted = bench_query_to_string (again);
      g_assert_cmpstr (printed, ==, reprinted);
      g_assert_cmpstr (bench_query_get_command (again), ==, good[i].command);
      g_assert_cmpuint (bench_query_get_interval_ms (again), ==, good[i].interval);
      g_assert_cmpint (bench_query_get_wait_reply (again), ==, good[i].wait);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(BenchQuery) query = bench_query_new_parse (bad[i], &error);

      g_assert_null (query);
      g_assert_error (error, BENCH_ERROR, BENCH_ERROR_INVALID_ARGUMENT);
      g_test_message ("%s: %s", bad[i], error->message);
    }
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

static void
test_properties (void)
{
  g_autoptr(BenchQuery) query = bench_query_new ("MEAS:VOLT?", 500);
  g_autoptr(BenchQuery) loaded = NULL;
  g_autoptr(GVariant) variant = NULL;
  g_autoptr(GError) error = NULL;
  guint notifies = 0;

  g_signal_connect (query, "notify", G_CALLBACK (count_notify), &notifies);
  bench_query_set_interval_ms (query, 500);
  bench_query_set_command (query, "MEAS:VOLT?");
  bench_query_set_enabled (query, TRUE);
  bench_query_set_wait_reply (query, FALSE);
  g_assert_cmpuint (notifies, ==, 0);
  g_object_set (query, "interval-ms", 250, "wait-reply", TRUE, "timeout-ms", 100, NULL);
  g_assert_cmpuint (notifies, ==, 3);
  g_object_set (query, "interval-ms", 250, NULL);
  g_assert_cmpuint (notifies, ==, 3);

  variant = g_variant_ref_sink (bench_query_to_variant (query));
  g_assert_cmpstr (g_variant_get_type_string (variant), ==, "a{sv}");
  loaded = bench_query_new_from_variant (variant, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (bench_query_get_command (loaded), ==, "MEAS:VOLT?");
  g_assert_cmpuint (bench_query_get_interval_ms (loaded), ==, 250);
  g_assert_true (bench_query_get_wait_reply (loaded));
  g_assert_cmpuint (bench_query_get_timeout_ms (loaded), ==, 100);
  g_assert_true (bench_query_get_enabled (loaded));

  {
    g_autoptr(GVariant) empty = g_variant_ref_sink (g_variant_new_parsed ("@a{sv} {'interval-ms': <@u 5>}"));
    g_autoptr(BenchQuery) none = bench_query_new_from_variant (empty, &error);

    g_assert_null (none);
    g_assert_error (error, BENCH_ERROR, BENCH_ERROR_INVALID_ARGUMENT);
  }
}

/* The poller on a device */

typedef struct
{
  BenchDevice   *device;
  BenchPoller   *poller;
  BenchTestRows  rows;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  bench_test_rows_init (&f->rows);
  f->device = bench_test_new_device (data != NULL ? data : "demo:scpi", &f->rows);
  f->poller = bench_device_get_poller (f->device);
  g_assert_true (BENCH_IS_POLLER (f->poller));
  bench_device_connect (f->device);
  bench_test_wait_state (f->device, BENCH_DEVICE_CONNECTED, 5000);
  /* the demo greets nobody, but let a first exchange settle */
  bench_test_spin (50);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  bench_device_disconnect (f->device);
  g_assert_finalize_object (f->device);
  bench_test_rows_clear (&f->rows);
}

static BenchQuery *
add_query (Fixture    *f,
           const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BenchQuery) query = bench_query_new_parse (text, &error);

  g_assert_no_error (error);
  bench_poller_append (f->poller, query);
  return query;
}

typedef struct
{
  BenchPoller *poller;
  guint64      sent;
} WantSent;

static gboolean
have_sent (gpointer data)
{
  WantSent *w = data;
  return bench_poller_get_sent (w->poller) >= w->sent;
}

static void
wait_sent (Fixture *f,
           guint64  sent,
           guint    timeout_ms)
{
  WantSent w = { f->poller, sent };

  if (!bench_test_wait_until (have_sent, &w, timeout_ms))
    g_error ("sent %" G_GUINT64_FORMAT " queries, expected %" G_GUINT64_FORMAT,
             bench_poller_get_sent (f->poller), sent);
}

/* N queries, N replies, each reply right after its query. */
static void
test_replies (Fixture       *f,
              gconstpointer  data)
{
  BenchQuery *volt = add_query (f, "MEAS:VOLT?@40ms,reply-timeout=300ms");
  guint running_notifies = 0;
  const guint n = 25;
  int pos = 0;

  g_signal_connect (f->poller, "notify::running", G_CALLBACK (count_notify), &running_notifies);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->poller)), ==, 1);
  bench_poller_start (f->poller);
  bench_poller_start (f->poller);
  g_assert_cmpuint (running_notifies, ==, 1);
  wait_sent (f, n, 5000);
  bench_poller_stop (f->poller);
  g_assert_cmpuint (running_notifies, ==, 2);
  bench_test_spin (200);

  g_assert_cmpuint (bench_query_get_sent (volt), ==, n);
  g_assert_cmpuint (bench_query_get_replies (volt), >=, n - 1);
  /* the last one may have been cut short by stop(): never counted missed */
  g_assert_cmpuint (bench_query_get_missed (volt), ==, 0);
  g_assert_cmpuint (bench_poller_get_sent (f->poller), ==, n);
  g_assert_cmpuint (bench_poller_get_replies (f->poller), ==, bench_query_get_replies (volt));
  g_assert_nonnull (bench_query_get_last_reply (volt));
  g_assert_true (g_str_has_suffix (bench_query_get_last_reply (volt), "E+00"));

  /* in the log: every query is a tx row followed by its rx reply */
  g_assert_cmpuint (bench_test_rows_count (&f->rows, "tx:MEAS:VOLT?"), ==, n);
  g_assert_cmpuint (bench_test_rows_count (&f->rows, "rx:"), ==, n);
  for (guint i = 0; i < n; i++)
    {
      pos = bench_test_rows_find (&f->rows, "tx:MEAS:VOLT?", pos);
      g_assert_cmpint (pos, >=, 0);
      g_assert_true (g_str_has_prefix (bench_test_rows_text (&f->rows, pos + 1), "rx:+"));
      pos++;
    }
  g_assert_cmpuint (bench_test_rows_count (&f->rows, "event:no reply"), ==, 0);

  /* stopped: nothing more goes out */
  bench_test_spin (200);
  g_assert_cmpuint (bench_poller_get_sent (f->poller), ==, n);
}

/* A query the instrument does not answer: each miss counted and logged. */
static void
test_missed (Fixture       *f,
             gconstpointer  data)
{
  BenchQuery *silent = add_query (f, "FOO?@50ms,reply-timeout=60ms");
  guint missed_notifies = 0;
  int row;

  g_signal_connect (f->poller, "notify::missed", G_CALLBACK (count_notify), &missed_notifies);
  bench_poller_start (f->poller);
  wait_sent (f, 6, 5000);
  bench_test_spin (100);
  bench_poller_stop (f->poller);

  g_assert_cmpuint (bench_query_get_replies (silent), ==, 0);
  g_assert_cmpuint (bench_query_get_missed (silent), >=, 6);
  /* all but one cut short by stop() */
  g_assert_cmpuint (bench_query_get_missed (silent), >=, bench_query_get_sent (silent) - 1);
  g_assert_cmpuint (bench_query_get_missed (silent), <=, bench_query_get_sent (silent));
  g_assert_cmpuint (bench_poller_get_missed (f->poller), ==, bench_query_get_missed (silent));
  g_assert_cmpuint (missed_notifies, ==, bench_poller_get_missed (f->poller));
  g_assert_cmpuint (bench_test_rows_count (&f->rows, "event:no reply to FOO? within 60 ms"), ==,
                    bench_query_get_missed (silent));
  row = bench_test_rows_find (&f->rows, "event:no reply", 0);
  g_assert_cmpuint (bench_test_rows_get (&f->rows, row)->flags & BENCH_ROW_ERROR, !=, 0);

  /* the instrument kept its errors: the replies of a real query are right */
  {
    BenchQuery *err = add_query (f, "SYST:ERR?@20ms,reply-timeout=300ms");

    bench_query_set_enabled (silent, FALSE);
    bench_poller_start (f->poller);
    while (bench_query_get_replies (err) < 3)
      g_main_context_iteration (NULL, TRUE);
    bench_poller_stop (f->poller);
    g_assert_true (g_str_has_prefix (bench_query_get_last_reply (err), "-113,"));
  }
}

/* Several queries: replies go to the query that asked, the silent one
 * never steals one, and the periods hold. */
static void
test_mixed (Fixture       *f,
            gconstpointer  data)
{
  BenchQuery *volt = add_query (f, "MEAS:VOLT?@60ms,reply-timeout=200ms");
  BenchQuery *curr = add_query (f, "MEAS:CURR?@90ms,reply-timeout=200ms");
  BenchQuery *silent = add_query (f, "NOPE?@150ms,reply-timeout=40ms");
  BenchQuery *blind = add_query (f, "*CLS@100ms");
  g_autoptr(GArray) volt_times = g_array_new (FALSE, FALSE, sizeof (gint64));
  double mean = 0;

  bench_poller_start (f->poller);
  bench_test_spin (1500);
  bench_poller_stop (f->poller);
  bench_test_spin (250);

  g_test_message ("volt %" G_GUINT64_FORMAT "/%" G_GUINT64_FORMAT ", curr %" G_GUINT64_FORMAT "/%" G_GUINT64_FORMAT
                  ", silent missed %" G_GUINT64_FORMAT ", blind sent %" G_GUINT64_FORMAT,
                  bench_query_get_replies (volt), bench_query_get_sent (volt),
                  bench_query_get_replies (curr), bench_query_get_sent (curr),
                  bench_query_get_missed (silent), bench_query_get_sent (blind));
  g_assert_cmpuint (bench_query_get_sent (volt), >=, 15);
  g_assert_cmpuint (bench_query_get_sent (curr), >=, 10);
  g_assert_cmpuint (bench_query_get_replies (volt), >=, bench_query_get_sent (volt) - 1);
  g_assert_cmpuint (bench_query_get_replies (curr), >=, bench_query_get_sent (curr) - 1);
  g_assert_cmpuint (bench_query_get_missed (volt), ==, 0);
  g_assert_cmpuint (bench_query_get_missed (curr), ==, 0);
  g_assert_cmpuint (bench_query_get_replies (silent), ==, 0);
  g_assert_cmpuint (bench_query_get_missed (silent), >=, bench_query_get_sent (silent) - 1);
  /* no reply tracking without wait-reply */
  g_assert_cmpuint (bench_query_get_sent (blind), >=, 10);
  g_assert_cmpuint (bench_query_get_replies (blind), ==, 0);
  g_assert_cmpuint (bench_query_get_missed (blind), ==, 0);
  /* the demo's voltage is about 1.23 V, its current a few mA */
  g_assert_cmpfloat (fabs (g_ascii_strtod (bench_query_get_last_reply (volt), NULL) - 1.23), <, 0.5);
  g_assert_cmpfloat (g_ascii_strtod (bench_query_get_last_reply (curr), NULL), <, 0.5);

  /* every rx row directly follows a MEAS query; none follows NOPE? */
  for (guint i = 1; i < f->rows.texts->len; i++)
    if (g_str_has_prefix (bench_test_rows_text (&f->rows, i), "rx:"))
      g_assert_true (g_str_has_prefix (bench_test_rows_text (&f->rows, i - 1), "tx:MEAS:"));

  /* the cadence of MEAS:VOLT?: 60 ms on average, no bursts */
  for (guint i = 0; i < f->rows.texts->len; i++)
    if (g_str_equal (bench_test_rows_text (&f->rows, i), "tx:MEAS:VOLT?"))
      g_array_append_val (volt_times, bench_test_rows_get (&f->rows, i)->mono_us);
  for (guint i = 1; i < volt_times->len; i++)
    {
      gint64 gap = g_array_index (volt_times, gint64, i) - g_array_index (volt_times, gint64, i - 1);

      mean += gap;
      /* a turn held up by another query's reply wait (40 ms at most) keeps
       * the next on schedule; never a burst */
      g_assert_cmpint (gap, >, 15 * 1000);
    }
  mean /= (volt_times->len - 1) * 1000.0;
  g_test_message ("MEAS:VOLT? every %.1f ms on average", mean);
  g_assert_cmpfloat (mean, >, 55);
  g_assert_cmpfloat (mean, <, 75);
}

/* Paused while disconnected, everything due again on reconnect. */
static void
test_disconnect (Fixture       *f,
                 gconstpointer  data)
{
  BenchQuery *volt = add_query (f, "MEAS:VOLT?@30ms,reply-timeout=100ms");
  guint64 sent;

  bench_poller_start (f->poller);
  wait_sent (f, 3, 5000);
  bench_device_disconnect (f->device);
  sent = bench_query_get_sent (volt);
  bench_test_spin (200);
  g_assert_cmpuint (bench_query_get_sent (volt), ==, sent);
  g_assert_cmpuint (bench_query_get_missed (volt), ==, 0);
  g_assert_true (bench_poller_get_running (f->poller));

  bench_device_connect (f->device);
  bench_test_wait_state (f->device, BENCH_DEVICE_CONNECTED, 5000);
  wait_sent (f, sent + 3, 5000);
  bench_poller_stop (f->poller);

  /* removing a query while it waits for its reply is safe */
  bench_poller_start (f->poller);
  wait_sent (f, bench_poller_get_sent (f->poller) + 1, 5000);
  bench_poller_remove (f->poller, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->poller)), ==, 0);
  bench_test_spin (100);
  bench_poller_stop (f->poller);
}

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  guint      *changes)
{
  (*changes)++;
}

/* The list: a model, saved and loaded as a GVariant. */
static void
test_model (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GVariant) saved = NULL;
  g_autoptr(GVariant) bad = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BenchQuery) first = NULL;
  guint changes = 0;

  g_signal_connect (f->poller, "items-changed", G_CALLBACK (items_changed_cb), &changes);
  add_query (f, "MEAS:VOLT?@500ms,reply-timeout=200ms");
  add_query (f, "MEAS:CURR?@1s");
  add_query (f, "READ?@250ms");
  g_assert_cmpuint (changes, ==, 3);
  g_assert_cmpuint (g_list_model_get_item_type (G_LIST_MODEL (f->poller)), ==, BENCH_TYPE_QUERY);
  bench_poller_move (f->poller, 2, 0);
  first = g_list_model_get_item (G_LIST_MODEL (f->poller), 0);
  g_assert_cmpstr (bench_query_get_command (first), ==, "READ?");
  bench_query_set_enabled (first, FALSE);

  saved = g_variant_ref_sink (bench_poller_to_variant (f->poller));
  g_assert_cmpstr (g_variant_get_type_string (saved), ==, "aa{sv}");

  bench_poller_remove_all (f->poller);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->poller)), ==, 0);
  g_assert_true (bench_poller_load_variant (f->poller, saved, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->poller)), ==, 3);
  {
    g_autoptr(BenchQuery) a = g_list_model_get_item (G_LIST_MODEL (f->poller), 0);
    g_autoptr(BenchQuery) b = g_list_model_get_item (G_LIST_MODEL (f->poller), 1);
    g_autoptr(BenchQuery) c = g_list_model_get_item (G_LIST_MODEL (f->poller), 2);
    g_autofree char *bs = bench_query_to_string (b);

    g_assert_cmpstr (bench_query_get_command (a), ==, "READ?");
    g_assert_false (bench_query_get_enabled (a));
    g_assert_cmpstr (bs, ==, "MEAS:VOLT?@500ms,reply-timeout=200ms");
    g_assert_cmpuint (bench_query_get_interval_ms (c), ==, 1000);
  }

  /* a bad list changes nothing */
  bad = g_variant_ref_sink (g_variant_new_parsed ("[{'command': <'A?'>}, {'interval-ms': <@u 5>}]"));
  g_assert_false (bench_poller_load_variant (f->poller, bad, &error));
  g_assert_error (error, BENCH_ERROR, BENCH_ERROR_INVALID_ARGUMENT);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->poller)), ==, 3);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/benchtop/poller/parse", test_parse);
  g_test_add_func ("/benchtop/poller/query-properties", test_properties);
#define ADD(name, func) g_test_add ("/benchtop/poller/" name, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("replies", test_replies);
  ADD ("missed", test_missed);
  ADD ("mixed", test_mixed);
  ADD ("disconnect", test_disconnect);
  ADD ("model", test_model);
#undef ADD

  return g_test_run ();
}
