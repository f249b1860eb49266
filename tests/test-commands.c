/* test-commands.c - command buttons: steps, saving, running with delays
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <unistd.h>

#include "bench-command-runner.h"
#include "bench-command-set.h"
#include "bench-device.h"
#include "bench-escape.h"
#include "bench-test-util.h"
#include "bench-util.h"

static void
assert_step (BenchCommand         *command,
             guint                 index,
             BenchCommandStepKind  kind,
             const char           *text,
             guint                 ms)
{
  const char *got_text = NULL;
  guint got_ms = 0;

  g_assert_cmpint (bench_command_get_step (command, index, &got_text, &got_ms), ==, kind);
  if (kind == BENCH_COMMAND_STEP_SEND)
    g_assert_cmpstr (got_text, ==, text);
  else
    g_assert_cmpuint (got_ms, ==, ms);
}

static void
test_text (void)
{
  g_autoptr(BenchCommand) command = bench_command_new ("Reset", "*RST\nwait 100ms\nCONF:VOLT:DC");
  g_autoptr(GError) error = NULL;
  guint notifies = 0;

  g_assert_cmpstr (bench_command_get_name (command), ==, "Reset");
  g_assert_cmpuint (bench_command_get_n_steps (command), ==, 3);
  assert_step (command, 0, BENCH_COMMAND_STEP_SEND, "*RST", 0);
  assert_step (command, 1, BENCH_COMMAND_STEP_WAIT, NULL, 100);
  assert_step (command, 2, BENCH_COMMAND_STEP_SEND, "CONF:VOLT:DC", 0);
  g_assert_cmpuint (bench_command_get_duration_ms (command), ==, 100);
  g_assert_cmpstr (bench_command_get_text (command), ==, "*RST\nwait 100ms\nCONF:VOLT:DC");

  /* waits in any case and spacing, CRLF, blank lines */
  bench_command_set_text (command, "  WAIT 1.5s \r\n\r\n  \nwait 20 ms\nA\n");
  g_assert_cmpuint (bench_command_get_n_steps (command), ==, 3);
  assert_step (command, 0, BENCH_COMMAND_STEP_WAIT, NULL, 1500);
  assert_step (command, 1, BENCH_COMMAND_STEP_WAIT, NULL, 20);
  assert_step (command, 2, BENCH_COMMAND_STEP_SEND, "A", 0);
  g_assert_cmpstr (bench_command_get_text (command), ==, "wait 1500ms\nwait 20ms\nA");

  /* not waits: no unit, another word, nothing after */
  bench_command_set_text (command, "wait 100\nwaiting 5ms\nwait\nwait ms\n*WAI");
  g_assert_cmpuint (bench_command_get_n_steps (command), ==, 5);
  for (guint i = 0; i < 5; i++)
    g_assert_cmpint (bench_command_get_step (command, i, NULL, NULL), ==, BENCH_COMMAND_STEP_SEND);

  /* sends that would read as waits or blanks keep their bytes through the
   * text form */
  bench_command_clear_steps (command);
  bench_command_append_send (command, "wait 5ms");
  bench_command_append_send (command, "two\nlines");
  bench_command_append_send (command, "  ");
  bench_command_append_wait (command, 2000);
  g_assert_cmpstr (bench_command_get_text (command), ==, "\\x77ait 5ms\ntwo\\nlines\n \\x20\nwait 2s");
  {
    g_autoptr(BenchCommand) again = bench_command_new ("again", bench_command_get_text (command));
    static const char * const bytes[] = { "wait 5ms", "two\nlines", "  " };

    g_assert_cmpuint (bench_command_get_n_steps (again), ==, 4);
    for (guint i = 0; i < 3; i++)
      {
        const char *text = NULL;
        g_autoptr(GBytes) sent = NULL;

        g_assert_cmpint (bench_command_get_step (again, i, &text, NULL), ==, BENCH_COMMAND_STEP_SEND);
        sent = bench_unescape (text, -1, &error);
        g_assert_no_error (error);
        g_assert_cmpmem (g_bytes_get_data (sent, NULL), g_bytes_get_size (sent), bytes[i], strlen (bytes[i]));
      }
    assert_step (again, 3, BENCH_COMMAND_STEP_WAIT, NULL, 2000);
  }

  /* notify on change only */
  g_signal_connect_swapped (command, "notify::text", G_CALLBACK (g_atomic_int_inc), &notifies);
  bench_command_set_text (command, bench_command_get_text (command));
  g_assert_cmpuint (notifies, ==, 0);
  bench_command_set_text (command, "X");
  g_assert_cmpuint (notifies, ==, 1);

  /* an editor can check a text first */
  g_assert_true (bench_command_check_text ("A\\x41\nwait 1s", NULL));
  g_assert_false (bench_command_check_text ("A\nB\\q", &error));
  g_assert_error (error, BENCH_ERROR, BENCH_ERROR_INVALID_ESCAPE);
  g_assert_true (g_str_has_prefix (error->message, "Line 2:"));
}

static void
test_saving (void)
{
  g_autoptr(BenchCommandSet) set = bench_command_set_new ();
  g_autoptr(BenchCommandSet) loaded = bench_command_set_new ();
  g_autoptr(BenchCommand) reset = bench_command_new ("Reset", "*RST\nwait 100ms\nCONF:VOLT:DC");
  g_autoptr(BenchCommand) idn = bench_command_new ("ID", "*IDN?");
  g_autoptr(BenchCommand) odd = bench_command_new ("Odd", NULL);
  g_autoptr(GVariant) saved = NULL;
  g_autoptr(GVariant) bad = NULL;
  g_autoptr(GError) error = NULL;

  bench_command_append_send (odd, "wait 1ms");
  bench_command_append_send (odd, "\\xff\\x00");
  bench_command_set_append (set, reset);
  bench_command_set_append (set, idn);
  bench_command_set_insert (set, 0, odd);
  bench_command_set_move (set, 0, 2);
  g_assert_true (bench_command_set_get_command (set, 2) == odd);
  g_assert_true (bench_command_set_find (set, "ID") == idn);
  g_assert_null (bench_command_set_find (set, "nope"));
  g_assert_null (bench_command_set_get_command (set, 3));

  saved = g_variant_ref_sink (bench_command_set_to_variant (set));
  g_assert_cmpstr (g_variant_get_type_string (saved), ==, "a(sa(sv))");
  g_assert_true (bench_command_set_load_variant (loaded, saved, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (loaded)), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      BenchCommand *a = bench_command_set_get_command (set, i);
      BenchCommand *b = bench_command_set_get_command (loaded, i);

      g_assert_cmpstr (bench_command_get_name (a), ==, bench_command_get_name (b));
      g_assert_cmpuint (bench_command_get_n_steps (a), ==, bench_command_get_n_steps (b));
      for (guint j = 0; j < bench_command_get_n_steps (a); j++)
        {
          const char *ta = NULL, *tb = NULL;
          guint ma = 0, mb = 0;

          g_assert_cmpint (bench_command_get_step (a, j, &ta, &ma), ==, bench_command_get_step (b, j, &tb, &mb));
          g_assert_cmpstr (ta, ==, tb);
          g_assert_cmpuint (ma, ==, mb);
        }
    }
  /* the steps are kept as steps, not text: a send that reads as a wait stays a send */
  assert_step (bench_command_set_get_command (loaded, 2), 0, BENCH_COMMAND_STEP_SEND, "wait 1ms", 0);

  bad = g_variant_ref_sink (g_variant_new_parsed ("[('A', [('send', <'x'>)]), ('B', [('jump', <@u 3>)])]"));
  g_assert_false (bench_command_set_load_variant (loaded, bad, &error));
  g_assert_error (error, BENCH_ERROR, BENCH_ERROR_INVALID_ARGUMENT);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (loaded)), ==, 3);
}

/* Running */

typedef struct
{
  BenchDevice   *device;
  BenchTestRows  rows;
  int            master;
  char          *path;
  GPtrArray     *finished;   /* "NAME" or "NAME: error" */
} Fixture;

static void
finished_cb (BenchCommandRunner *runner,
             BenchCommand       *command,
             const GError       *error,
             Fixture            *f)
{
  g_ptr_array_add (f->finished, error ? g_strdup_printf ("%s: %s", bench_command_get_name (command), error->message)
                                      : g_strdup (bench_command_get_name (command)));
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  int slave;

  bench_test_rows_init (&f->rows);
  f->finished = g_ptr_array_new_with_free_func (g_free);
  if (data != NULL)
    {
      f->master = -1;
      f->device = bench_test_new_device (data, &f->rows);
    }
  else
    {
      bench_test_openpty (&f->master, &slave, &f->path);
      close (slave);
      f->device = bench_test_new_device (f->path, &f->rows);
    }
  g_signal_connect (bench_device_get_runner (f->device), "finished", G_CALLBACK (finished_cb), f);
  bench_device_connect (f->device);
  bench_test_wait_state (f->device, BENCH_DEVICE_CONNECTED, 5000);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  bench_device_disconnect (f->device);
  g_signal_handlers_disconnect_by_data (bench_device_get_runner (f->device), f);
  g_assert_finalize_object (f->device);
  bench_clear_fd (&f->master);
  g_free (f->path);
  g_ptr_array_unref (f->finished);
  bench_test_rows_clear (&f->rows);
}

static gboolean
runner_idle (gpointer data)
{
  return !bench_command_runner_get_busy (data);
}

static gint64
tx_time (Fixture    *f,
         const char *row)
{
  int i = bench_test_rows_find (&f->rows, row, 0);

  if (i < 0)
    {
      bench_test_rows_dump (&f->rows);
      g_error ("no row %s", row);
    }
  return bench_test_rows_get (&f->rows, i)->mono_us;
}

/* The delays between the steps hold (± 20 ms), and the bytes go out. */
static void
test_delays (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(BenchCommand) command = bench_command_new ("seq", "A\nwait 100ms\nB\nwait 250ms\nC\nwait 20ms\nD");
  g_autoptr(GByteArray) got = g_byte_array_new ();
  BenchCommandRunner *runner = bench_device_get_runner (f->device);
  double ab, bc, cd;

  bench_command_set_append (bench_device_get_commands (f->device), command);
  g_assert_true (bench_device_run_command (f->device, 0));
  g_assert_false (bench_device_run_command (f->device, 1));
  g_assert_true (bench_command_runner_get_busy (runner));
  g_assert_cmpstr (bench_command_runner_get_current (runner), ==, "seq");
  /* the first step goes out at once */
  g_assert_cmpint (bench_test_rows_find (&f->rows, "tx:A", 0), >=, 0);

  g_assert_true (bench_test_wait_until (runner_idle, runner, 3000));
  ab = (tx_time (f, "tx:B") - tx_time (f, "tx:A")) / 1e3;
  bc = (tx_time (f, "tx:C") - tx_time (f, "tx:B")) / 1e3;
  cd = (tx_time (f, "tx:D") - tx_time (f, "tx:C")) / 1e3;
  g_test_message ("delays: %.1f ms (100), %.1f ms (250), %.1f ms (20)", ab, bc, cd);
  g_assert_cmpfloat (ab, >=, 100);
  g_assert_cmpfloat (ab, <, 120);
  g_assert_cmpfloat (bc, >=, 250);
  g_assert_cmpfloat (bc, <, 270);
  g_assert_cmpfloat (cd, >=, 20);
  g_assert_cmpfloat (cd, <, 40);
  g_assert_cmpuint (f->finished->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (f->finished, 0), ==, "seq");

  g_assert_true (bench_test_read_exact (f->master, got, 8, 1000));
  g_assert_cmpmem (got->data, got->len, "A\nB\nC\nD\n", 8);
}

/* A second click while one runs waits its turn: never interleaved. */
static void
test_queue (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(BenchCommand) one = bench_command_new ("one", "1a\nwait 60ms\n1b");
  g_autoptr(BenchCommand) two = bench_command_new ("two", "2a\nwait 30ms\n2b");
  BenchCommandRunner *runner = bench_device_get_runner (f->device);
  guint queued_notifies = 0;
  int a1, b1, a2, b2;

  g_signal_connect_swapped (runner, "notify::queued", G_CALLBACK (g_atomic_int_inc), &queued_notifies);
  bench_command_runner_run (runner, one);
  bench_command_runner_run (runner, two);
  bench_command_runner_run (runner, one);
  g_assert_cmpuint (bench_command_runner_get_queued (runner), ==, 2);
  /* editing the button meanwhile does not change what runs */
  bench_command_set_text (two, "changed");

  g_assert_true (bench_test_wait_until (runner_idle, runner, 3000));
  a1 = bench_test_rows_find (&f->rows, "tx:1a", 0);
  b1 = bench_test_rows_find (&f->rows, "tx:1b", 0);
  a2 = bench_test_rows_find (&f->rows, "tx:2a", 0);
  b2 = bench_test_rows_find (&f->rows, "tx:2b", 0);
  g_assert_cmpint (a1, <, b1);
  g_assert_cmpint (b1, <, a2);
  g_assert_cmpint (a2, <, b2);
  g_assert_cmpint (bench_test_rows_find (&f->rows, "tx:1a", b2), >, b2);
  g_assert_cmpuint (bench_test_rows_count (&f->rows, "tx:changed"), ==, 0);
  g_assert_cmpuint (f->finished->len, ==, 3);
  g_assert_cmpuint (bench_command_runner_get_queued (runner), ==, 0);
  g_assert_cmpuint (queued_notifies, >=, 2);
}

/* A bad step stops its command with an event; a disconnect drops it all. */
static void
test_failures (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(BenchCommand) bad = bench_command_new ("bad", NULL);
  g_autoptr(BenchCommand) slow = bench_command_new ("slow", "S1\nwait 500ms\nS2");
  g_autoptr(BenchCommand) after = bench_command_new ("after", "X");
  BenchCommandRunner *runner = bench_device_get_runner (f->device);
  int row;

  bench_command_append_send (bad, "ok");
  bench_command_append_send (bad, "broken \\q");
  bench_command_append_send (bad, "never");
  bench_command_runner_run (runner, bad);
  g_assert_true (bench_test_wait_until (runner_idle, runner, 1000));
  g_assert_cmpuint (bench_test_rows_count (&f->rows, "tx:ok"), ==, 1);
  g_assert_cmpuint (bench_test_rows_count (&f->rows, "tx:never"), ==, 0);
  row = bench_test_rows_find (&f->rows, "event:command “bad” stopped at step 2: ", 0);
  g_assert_cmpint (row, >=, 0);
  g_assert_cmpuint (bench_test_rows_get (&f->rows, row)->flags & BENCH_ROW_ERROR, !=, 0);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (f->finished, 0), "bad: "));

  bench_command_runner_run (runner, slow);
  bench_command_runner_run (runner, after);
  bench_test_spin (50);
  bench_device_disconnect (f->device);
  g_assert_false (bench_command_runner_get_busy (runner));
  g_assert_cmpuint (bench_command_runner_get_queued (runner), ==, 0);
  g_assert_cmpint (bench_test_rows_find (&f->rows, "event:command “slow” interrupted: the device disconnected", 0), >=, 0);
  bench_test_spin (600);
  g_assert_cmpuint (bench_test_rows_count (&f->rows, "tx:S2"), ==, 0);
  g_assert_cmpuint (bench_test_rows_count (&f->rows, "tx:X"), ==, 0);
}

/* Against demo:scpi: reset, configure, read; the reply comes back. */
static void
test_scpi (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(BenchCommand) command = bench_command_new ("Measure", "*RST\nwait 100ms\nCONF:CURR:DC\nwait 50ms\nREAD?");
  BenchCommandRunner *runner = bench_device_get_runner (f->device);
  double gap;

  bench_command_runner_run (runner, command);
  g_assert_true (bench_test_wait_until (runner_idle, runner, 2000));
  bench_test_rows_wait (&f->rows, "rx:", 1, 2000);
  gap = (tx_time (f, "tx:CONF:CURR:DC") - tx_time (f, "tx:*RST")) / 1e3;
  g_test_message ("*RST → CONF:CURR:DC: %.1f ms", gap);
  g_assert_cmpfloat (gap, >=, 100);
  g_assert_cmpfloat (gap, <, 120);
  /* a current reading: small */
  g_assert_cmpfloat (g_ascii_strtod (bench_test_rows_text (&f->rows, bench_test_rows_find (&f->rows, "rx:", 0)) + 3, NULL), <, 0.5);
  g_assert_cmpint (bench_test_rows_find (&f->rows, "rx:", 0), >, bench_test_rows_find (&f->rows, "tx:READ?", 0));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/benchtop/commands/text", test_text);
  g_test_add_func ("/benchtop/commands/saving", test_saving);
  g_test_add ("/benchtop/commands/delays", Fixture, NULL, fixture_setup, test_delays, fixture_teardown);
  g_test_add ("/benchtop/commands/queue", Fixture, NULL, fixture_setup, test_queue, fixture_teardown);
  g_test_add ("/benchtop/commands/failures", Fixture, NULL, fixture_setup, test_failures, fixture_teardown);
  g_test_add ("/benchtop/commands/scpi", Fixture, "demo:scpi", fixture_setup, test_scpi, fixture_teardown);

  return g_test_run ();
}
