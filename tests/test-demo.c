/* test-demo.c - the simulated instruments, through real devices
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "bench-demo.h"
#include "bench-device.h"
#include "bench-test-util.h"
#include "bench-util.h"

typedef struct
{
  BenchRowSink  sink;
  GPtrArray    *rx;
  GPtrArray    *events;
} Lines;

static void
lines_row (BenchRowSink   *sink,
           BenchDevice    *device,
           const BenchRow *row)
{
  Lines *l = (Lines *) sink;
  char *text = g_strndup ((const char *) row->text, row->len);

  if (row->direction == BENCH_DIRECTION_RX)
    g_ptr_array_add (l->rx, text);
  else if (row->direction == BENCH_DIRECTION_EVENT)
    g_ptr_array_add (l->events, text);
  else
    g_free (text);
}

typedef struct { Lines *l; guint n; } WantLines;

static gboolean
have_lines (gpointer data)
{
  WantLines *w = data;
  return w->l->rx->len >= w->n;
}

static void
wait_lines (Lines *l,
            guint  n,
            guint  timeout_ms)
{
  WantLines w = { l, n };

  if (!bench_test_wait_until (have_lines, &w, timeout_ms))
    g_error ("expected %u lines, got %u", n, l->rx->len);
}

static BenchDevice *
open_demo (const char *spec_text,
           Lines      *l)
{
  g_autoptr(BenchSpec) spec = bench_spec_parse (spec_text, NULL);
  BenchDevice *device;

  g_assert_nonnull (spec);
  l->sink.row = lines_row;
  l->rx = g_ptr_array_new_with_free_func (g_free);
  l->events = g_ptr_array_new_with_free_func (g_free);
  device = bench_device_new (spec);
  bench_device_add_sink (device, &l->sink);
  bench_device_connect (device);
  return device;
}

static void
lines_clear (Lines *l)
{
  g_clear_pointer (&l->rx, g_ptr_array_unref);
  g_clear_pointer (&l->events, g_ptr_array_unref);
}

static void
test_names (void)
{
  const char * const *names = bench_demo_get_names ();
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (g_strv_length ((char **) names), ==, 4);
  g_assert_true (bench_demo_is_known ("multimeter"));
  g_assert_true (bench_demo_is_known ("pico"));
  g_assert_false (bench_demo_is_known ("oscilloscope"));
  g_assert_null (bench_demo_new ("oscilloscope", &error));
  g_assert_error (error, BENCH_ERROR, BENCH_ERROR_INVALID_SPEC);
  g_assert_nonnull (strstr (error->message, "oscilloscope"));
}

static void
test_multimeter (void)
{
  g_autoptr(GRegex) re = g_regex_new ("^[+-][0-9]\\.[0-9]{6}E[+-][0-9]{2} VDC$", 0, 0, NULL);
  g_autoptr(BenchDevice) device = NULL;
  g_autoptr(GHashTable) distinct = g_hash_table_new (g_str_hash, g_str_equal);
  gint64 start;
  Lines l;

  device = open_demo ("demo:multimeter", &l);
  start = g_get_monotonic_time ();
  wait_lines (&l, 12, 5000);
  /* about 10 readings a second */
  g_assert_cmpint (g_get_monotonic_time () - start, >, 700 * 1000);
  g_assert_cmpstr (bench_device_get_name (device), ==, "multimeter");
  g_assert_nonnull (strstr (g_ptr_array_index (l.events, 0), "connected"));

  for (guint i = 0; i < l.rx->len; i++)
    {
      const char *line = g_ptr_array_index (l.rx, i);

      g_assert_true (g_regex_match (re, line, 0, NULL));
      g_hash_table_add (distinct, (gpointer) line);
    }
  /* values move: not a constant */
  g_assert_cmpuint (g_hash_table_size (distinct), >, 8);

  lines_clear (&l);
}

static void
test_thermo (void)
{
  g_autoptr(GRegex) re = g_regex_new ("^-?[0-9]+\\.[0-9]{2},-?[0-9]+\\.[0-9]{2},-?[0-9]+\\.[0-9]{2}$", 0, 0, NULL);
  g_autoptr(BenchDevice) device = NULL;
  Lines l;

  device = open_demo ("demo:thermo", &l);
  wait_lines (&l, 4, 5000);
  g_assert_cmpstr (g_ptr_array_index (l.rx, 0), ==, "t1,t2,t3");
  for (guint i = 1; i < l.rx->len; i++)
    g_assert_true (g_regex_match (re, g_ptr_array_index (l.rx, i), 0, NULL));

  lines_clear (&l);
}

static void
send (BenchDevice *device,
      const char  *command)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (bench_device_send_escaped (device, command, &error));
  g_assert_no_error (error);
}

static gboolean
connected (gpointer data)
{
  return bench_device_get_state (data) == BENCH_DEVICE_CONNECTED;
}

static void
test_scpi (void)
{
  g_autoptr(GRegex) number = g_regex_new ("^[+-][0-9]\\.[0-9]{6}E[+-][0-9]{2}$", 0, 0, NULL);
  g_autoptr(BenchDevice) device = NULL;
  Lines l;

  device = open_demo ("demo:scpi", &l);
  g_assert_true (bench_test_wait_until (connected, device, 5000));
  /* let the instrument notice its client */
  bench_test_spin (150);

  send (device, "*IDN?");
  wait_lines (&l, 1, 2000);
  g_assert_cmpstr (g_ptr_array_index (l.rx, 0), ==, "Benchtop,DEMO-SCPI,BT000001,1.0");

  send (device, "MEAS:VOLT?");
  send (device, "meas:curr:dc?");
  send (device, ":MEASure:VOLTage:DC?");
  wait_lines (&l, 4, 2000);
  g_assert_true (g_regex_match (number, g_ptr_array_index (l.rx, 1), 0, NULL));
  g_assert_true (g_regex_match (number, g_ptr_array_index (l.rx, 2), 0, NULL));
  g_assert_true (g_str_has_suffix (g_ptr_array_index (l.rx, 2), "E-03"));
  g_assert_true (g_regex_match (number, g_ptr_array_index (l.rx, 3), 0, NULL));

  /* the error queue: empty, then an unknown command, then drained */
  send (device, "SYST:ERR?");
  wait_lines (&l, 5, 2000);
  g_assert_cmpstr (g_ptr_array_index (l.rx, 4), ==, "0,\"No error\"");
  send (device, "FOO:BAR");
  send (device, "*RST;SYST:ERR?");
  wait_lines (&l, 6, 2000);
  g_assert_cmpstr (g_ptr_array_index (l.rx, 5), ==, "-113,\"Undefined header\"");
  send (device, "SYST:ERR?");
  wait_lines (&l, 7, 2000);
  g_assert_cmpstr (g_ptr_array_index (l.rx, 6), ==, "0,\"No error\"");

  /* overflow of the error queue */
  for (guint i = 0; i < 15; i++)
    send (device, "NOPE");
  for (guint i = 0; i < 11; i++)
    send (device, "SYST:ERR?");
  wait_lines (&l, 18, 2000);
  g_assert_cmpstr (g_ptr_array_index (l.rx, 7), ==, "-113,\"Undefined header\"");
  g_assert_cmpstr (g_ptr_array_index (l.rx, 16), ==, "-350,\"Queue overflow\"");
  g_assert_cmpstr (g_ptr_array_index (l.rx, 17), ==, "0,\"No error\"");

  lines_clear (&l);
}

static void
test_pico (void)
{
  g_autoptr(GRegex) re = g_regex_new ("^temp=[0-9]+\\.[0-9] light=[0-9]+$", 0, 0, NULL);
  g_autoptr(BenchDevice) device = NULL;
  gboolean saw_on = FALSE;
  Lines l;

  device = open_demo ("demo:pico,name=pico board", &l);
  wait_lines (&l, 3, 5000);
  g_assert_cmpstr (bench_device_get_name (device), ==, "pico board");
  g_assert_true (g_str_has_prefix (g_ptr_array_index (l.rx, 0), "MicroPython"));
  g_assert_true (g_regex_match (re, g_ptr_array_index (l.rx, 1), 0, NULL));

  send (device, "led on");
  wait_lines (&l, 5, 3000);
  for (guint i = 0; i < l.rx->len; i++)
    if (g_str_equal (g_ptr_array_index (l.rx, i), "led: on"))
      saw_on = TRUE;
  g_assert_true (saw_on);

  lines_clear (&l);
}

/* An instrument goes quiet when its client leaves, and starts again (with a
 * fresh header) when one comes back. */
static void
test_client_comes_and_goes (void)
{
  g_autoptr(BenchDevice) device = NULL;
  Lines l;

  device = open_demo ("demo:thermo", &l);
  wait_lines (&l, 2, 5000);
  bench_device_disconnect (device);
  bench_test_spin (300);
  g_ptr_array_set_size (l.rx, 0);
  bench_test_spin (300);
  g_assert_cmpuint (l.rx->len, ==, 0);

  bench_device_connect (device);
  wait_lines (&l, 2, 5000);
  g_assert_cmpstr (g_ptr_array_index (l.rx, 0), ==, "t1,t2,t3");

  lines_clear (&l);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/benchtop/demo/names", test_names);
  g_test_add_func ("/benchtop/demo/multimeter", test_multimeter);
  g_test_add_func ("/benchtop/demo/thermo", test_thermo);
  g_test_add_func ("/benchtop/demo/scpi", test_scpi);
  g_test_add_func ("/benchtop/demo/pico", test_pico);
  g_test_add_func ("/benchtop/demo/client-comes-and-goes", test_client_comes_and_goes);

  return g_test_run ();
}
