/* test-serial.c - the tty transport on real pseudo-terminals
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "bench-serial-transport.h"
#include "bench-spec.h"
#include "bench-test-util.h"
#include "bench-tty.h"
#include "bench-util.h"

typedef struct
{
  int         master;
  int         slave;
  char       *path;
  GByteArray *received;
  guint       n_chunks;
  guint       n_closed;
  GError     *closed_error;
  gboolean    opened;
  GError     *open_error;
  char       *last_event;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  bench_test_openpty (&f->master, &f->slave, &f->path);
  /* the test keeps no slave fd: the transport opens its own */
  close (f->slave);
  f->slave = -1;
  f->received = g_byte_array_new ();
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  bench_clear_fd (&f->master);
  g_free (f->path);
  g_byte_array_unref (f->received);
  g_clear_error (&f->closed_error);
  g_clear_error (&f->open_error);
  g_clear_pointer (&f->last_event, g_free);
}

static void
received_cb (BenchTransport   *transport,
             const BenchChunk *chunk,
             Fixture          *f)
{
  g_assert_cmpuint (chunk->len, >, 0);
  g_assert_cmpint (chunk->mono_us, >, 0);
  g_assert_cmpint (chunk->wall_us, >, 0);
  g_byte_array_append (f->received, chunk->data, chunk->len);
  f->n_chunks++;
}

static void
closed_cb (BenchTransport *transport,
           const GError   *error,
           Fixture        *f)
{
  f->n_closed++;
  g_clear_error (&f->closed_error);
  f->closed_error = g_error_copy (error);
}

static void
event_cb (BenchTransport *transport,
          BenchRowFlags   flags,
          const char     *message,
          Fixture        *f)
{
  g_free (f->last_event);
  f->last_event = g_strdup (message);
}

static void
open_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Fixture *f = user_data;

  f->opened = bench_transport_open_finish (BENCH_TRANSPORT (object), result, &f->open_error);
  if (!f->opened && f->open_error == NULL)
    g_assert_not_reached ();
}

static gboolean
opened_or_failed (gpointer data)
{
  Fixture *f = data;
  return f->opened || f->open_error != NULL;
}

static BenchTransport *
open_transport (Fixture    *f,
                const char *spec_text,
                const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BenchSpec) spec = bench_spec_parse (spec_text, &error);
  BenchTransport *transport;

  g_assert_no_error (error);
  transport = BENCH_TRANSPORT (bench_serial_transport_new (spec, path));
  g_signal_connect (transport, "received", G_CALLBACK (received_cb), f);
  g_signal_connect (transport, "closed", G_CALLBACK (closed_cb), f);
  g_signal_connect (transport, "event", G_CALLBACK (event_cb), f);
  f->opened = FALSE;
  g_clear_error (&f->open_error);
  bench_transport_open_async (transport, NULL, open_cb, f);
  g_assert_true (bench_test_wait_until (opened_or_failed, f, 5000));

  return transport;
}

typedef struct { Fixture *f; gsize len; } WantBytes;

static gboolean
have_bytes (gpointer data)
{
  WantBytes *w = data;
  return w->f->received->len >= w->len;
}

static void
test_receive (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(BenchTransport) transport = open_transport (f, "/dev/null", f->path);
  g_autoptr(GByteArray) expected = g_byte_array_new ();
  WantBytes want = { f, 0 };
  GThread *writer;

  g_assert_no_error (f->open_error);
  g_assert_true (f->opened);

  for (guint i = 0; i < 256; i++)
    {
      guint8 b = i;
      g_byte_array_append (expected, &b, 1);
    }
  for (guint i = 0; i < 2000; i++)
    g_byte_array_append (expected, (const guint8 *) "12.345,0.001234,-3.200e-05,17\n", 30);

  writer = bench_test_write_in_thread (f->master, expected->data, expected->len);
  want.len = expected->len;
  g_assert_true (bench_test_wait_until (have_bytes, &want, 5000));
  g_thread_join (writer);
  g_assert_cmpmem (f->received->data, f->received->len, expected->data, expected->len);
  /* read in blocks, not per byte */
  g_assert_cmpuint (f->n_chunks, <, expected->len / 256);
  g_assert_cmpuint (f->n_closed, ==, 0);
}

/* A window's main loop can stay busy for a while (a relayout storm at
 * start-up; here an always-ready source at GTK's layout priority). A device
 * that talks at an instrument's pace is still read as its lines come, so
 * their times are right; a flood is read below that (not tested here: it
 * is the window benchmark's ping). */
static gboolean
busy_cb (gpointer data)
{
  guint *n = data;

  (*n)++;
  g_usleep (1000);
  return G_SOURCE_CONTINUE;
}

static void
stamp_cb (BenchTransport   *transport,
          const BenchChunk *chunk,
          GArray           *stamps)
{
  g_array_append_val (stamps, chunk->mono_us);
}

static void
test_read_while_busy (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(BenchTransport) transport = open_transport (f, "/dev/null", f->path);
  g_autoptr(GArray) stamps = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 written[10];
  GSource *busy;
  guint n_busy = 0;

  g_assert_true (f->opened);
  g_signal_connect (transport, "received", G_CALLBACK (stamp_cb), stamps);

  busy = g_idle_source_new ();
  g_source_set_priority (busy, G_PRIORITY_HIGH_IDLE + 10);
  g_source_set_callback (busy, busy_cb, &n_busy, NULL);
  g_source_attach (busy, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (written); i++)
    {
      written[i] = g_get_monotonic_time ();
      bench_test_write_all (f->master, "+1.234567E+00 VDC\r\n", 19);
      bench_test_spin (60);
    }
  g_source_destroy (busy);
  g_source_unref (busy);

  /* the loop was busy all along, and each line was read as it came */
  g_assert_cmpuint (n_busy, >, 100);
  g_assert_cmpuint (stamps->len, ==, G_N_ELEMENTS (written));
  for (guint i = 0; i < G_N_ELEMENTS (written); i++)
    {
      gint64 late = g_array_index (stamps, gint64, i) - written[i];

      g_assert_cmpint (late, >=, 0);
      g_assert_cmpint (late, <, 40 * 1000);
    }
  g_assert_cmpuint (f->received->len, ==, 19 * G_N_ELEMENTS (written));
}

static void
test_settings (Fixture       *f,
               gconstpointer  data)
{
  static const struct {
    const char *spec;
    guint baud, data_bits, stop_bits;
    BenchParity parity;
    BenchFlow flow;
  } cases[] = {
    { "X", 115200, 8, 1, BENCH_PARITY_NONE, BENCH_FLOW_NONE },
    { "X,9600,7E2", 9600, 7, 2, BENCH_PARITY_EVEN, BENCH_FLOW_NONE },
    { "X,baud=250000,parity=odd,flow=rtscts", 250000, 8, 1, BENCH_PARITY_ODD, BENCH_FLOW_RTSCTS },
    { "X,baud=31250,data=5,parity=mark,flow=xonxoff", 31250, 5, 1, BENCH_PARITY_MARK, BENCH_FLOW_XONXOFF },
    { "X,baud=1000000,6S1", 1000000, 6, 1, BENCH_PARITY_SPACE, BENCH_FLOW_NONE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(BenchTransport) transport = open_transport (f, cases[i].spec, f->path);
      g_autoptr(GError) error = NULL;
      BenchTtySettings s;
      int fd;

      g_assert_no_error (f->open_error);
      fd = bench_serial_transport_get_fd (BENCH_SERIAL_TRANSPORT (transport));
      g_assert_cmpint (fd, >=, 0);
      g_assert_true (bench_tty_read_settings (fd, &s, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (s.baud, ==, cases[i].baud);
      g_assert_cmpuint (s.stop_bits, ==, cases[i].stop_bits);
      g_assert_cmpint (s.flow, ==, cases[i].flow);
      /* Linux ptys force CS8 without parity (pty_set_termios); the
       * transport says so in an event instead of failing. */
      g_assert_cmpuint (s.data_bits, ==, 8);
      g_assert_cmpint (s.parity, ==, BENCH_PARITY_NONE);
      if (cases[i].data_bits != 8 || cases[i].parity != BENCH_PARITY_NONE)
        {
          g_assert_nonnull (f->last_event);
          g_assert_nonnull (strstr (f->last_event, "pseudo-terminals are always 8 data bits"));
        }
      else
        g_assert_null (f->last_event);
      g_clear_pointer (&f->last_event, g_free);
      g_assert_true (s.raw);
      bench_transport_close (transport);
    }
}

static void
test_reconfigure (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(BenchTransport) transport = open_transport (f, "X,9600", f->path);
  g_autoptr(BenchSpec) spec = bench_spec_parse ("X,57600,8N2", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *description = NULL;
  BenchTtySettings s;

  g_assert_true (bench_transport_reconfigure (transport, spec, &error));
  g_assert_no_error (error);
  g_assert_true (bench_tty_read_settings (bench_serial_transport_get_fd (BENCH_SERIAL_TRANSPORT (transport)), &s, NULL));
  g_assert_cmpuint (s.baud, ==, 57600);
  g_assert_cmpuint (s.stop_bits, ==, 2);
  description = bench_transport_describe (transport);
  g_assert_cmpstr (description, ==, "57600 8N2");
}

static void
test_no_flush_on_open (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(BenchTransport) transport = NULL;
  WantBytes want = { f, 6 };

  /* bytes that arrived before the port was opened are kept */
  bench_test_write_all (f->master, "early\n", 6);
  transport = open_transport (f, "X", f->path);
  g_assert_true (bench_test_wait_until (have_bytes, &want, 5000));
  g_assert_cmpmem (f->received->data, f->received->len, "early\n", 6);
}

static gboolean
closed_once (gpointer data)
{
  return ((Fixture *) data)->n_closed > 0;
}

static void
test_hangup (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(BenchTransport) transport = open_transport (f, "X", f->path);
  WantBytes want = { f, 10 };
  struct rusage before, after;
  double cpu;

  bench_test_write_all (f->master, "last words", 10);
  g_assert_true (bench_test_wait_until (have_bytes, &want, 5000));

  /* unplug */
  bench_clear_fd (&f->master);
  g_assert_true (bench_test_wait_until (closed_once, f, 5000));
  g_assert_error (f->closed_error, BENCH_ERROR, BENCH_ERROR_DISCONNECTED);
  g_assert_cmpmem (f->received->data, f->received->len, "last words", 10);

  /* exactly one report, and no busy loop afterwards */
  getrusage (RUSAGE_SELF, &before);
  bench_test_spin (500);
  getrusage (RUSAGE_SELF, &after);
  cpu = (after.ru_utime.tv_sec - before.ru_utime.tv_sec) + (after.ru_utime.tv_usec - before.ru_utime.tv_usec) / 1e6 +
        (after.ru_stime.tv_sec - before.ru_stime.tv_sec) + (after.ru_stime.tv_usec - before.ru_stime.tv_usec) / 1e6;
  g_test_message ("CPU while unplugged: %.3f s in 0.5 s", cpu);
  g_assert_cmpfloat (cpu, <, 0.1);
  g_assert_cmpuint (f->n_closed, ==, 1);
  g_assert_cmpuint (bench_transport_get_tx_pending (transport), ==, 0);
}

static gboolean
timer_tick_cb (gpointer data)
{
  (*(guint *) data)++;
  return G_SOURCE_CONTINUE;
}

static void
test_never_reading_peer (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(BenchTransport) transport = open_transport (f, "X", f->path);
  g_autoptr(GByteArray) expected = g_byte_array_new ();
  g_autoptr(GByteArray) got = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  gint64 start;
  guint ticks = 0;
  guint timer;

  /* 1 MiB in 4 KiB commands, none of which the peer reads yet */
  start = g_get_monotonic_time ();
  for (guint i = 0; i < 256; i++)
    {
      guint8 block[4096];

      for (guint j = 0; j < sizeof block; j++)
        block[j] = (guint8) (i * 31 + j);
      g_byte_array_append (expected, block, sizeof block);
      g_assert_true (bench_transport_send (transport, block, sizeof block, &error));
      g_assert_no_error (error);
    }
  /* sending never waited for the peer */
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);
  g_assert_cmpuint (bench_transport_get_tx_pending (transport), >, 512 * 1024);

  /* the main loop stays responsive while the queue is full */
  timer = g_timeout_add (10, timer_tick_cb, &ticks);
  bench_test_spin (200);
  g_source_remove (timer);
  g_assert_cmpuint (ticks, >=, 5);

  /* the peer starts reading: everything arrives, in order */
  while (got->len < expected->len)
    {
      bench_test_read_for (f->master, got, 5);
      g_main_context_iteration (NULL, FALSE);
    }
  g_assert_cmpmem (got->data, got->len, expected->data, expected->len);

  while (bench_transport_get_tx_pending (transport) > 0)
    g_main_context_iteration (NULL, TRUE);
}

static void
test_tx_full (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(BenchTransport) transport = open_transport (f, "X", f->path);
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *block = g_malloc0 (BENCH_TRANSPORT_DEFAULT_TX_MAX);
  gsize pending;

  /* fill the kernel buffer and the queue to the bound */
  g_assert_true (bench_transport_send (transport, block, BENCH_TRANSPORT_DEFAULT_TX_MAX, &error));
  g_assert_no_error (error);
  pending = bench_transport_get_tx_pending (transport);
  g_assert_cmpuint (pending, >, 0);

  while (bench_transport_send (transport, block, 65536, &error))
    ;
  g_assert_error (error, BENCH_ERROR, BENCH_ERROR_TX_FULL);
  /* all or nothing: the refused block queued nothing */
  g_assert_cmpuint (bench_transport_get_tx_pending (transport), <=, BENCH_TRANSPORT_DEFAULT_TX_MAX);
}

static void
test_open_errors (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *dir = bench_test_mkdtemp ();
  g_autofree char *file = g_build_filename (dir, "plain-file", NULL);
  g_autofree char *missing = g_build_filename (dir, "ttyUSB9", NULL);
  g_autoptr(BenchTransport) t1 = NULL;
  g_autoptr(BenchTransport) t2 = NULL;
  g_autoptr(BenchTransport) t3 = NULL;

  g_file_set_contents (file, "not a tty", -1, NULL);

  t1 = open_transport (f, "X", file);
  g_assert_error (f->open_error, BENCH_ERROR, BENCH_ERROR_NOT_A_TTY);
  g_assert_nonnull (strstr (f->open_error->message, file));
  g_assert_nonnull (strstr (f->open_error->message, "not a serial port"));

  t2 = open_transport (f, "X", missing);
  g_assert_error (f->open_error, BENCH_ERROR, BENCH_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (f->open_error->message, missing));

  t3 = open_transport (f, "X", dir);
  g_assert_error (f->open_error, BENCH_ERROR, BENCH_ERROR_NOT_A_TTY);
}

/* Parameters for the subprocess go through a file named after the parent's
 * pid: setenv() after threads exist is not safe. */
static const char *
subprocess_params_path (pid_t pid)
{
  static char path[256];

  g_snprintf (path, sizeof path, "%s/benchtop-test-serial-%d", g_get_tmp_dir (), (int) pid);
  return path;
}

static void
write_subprocess_params (const char *tty,
                         uid_t       uid,
                         gid_t       gid,
                         const char *expect)
{
  g_autofree char *contents = g_strdup_printf ("%u\n%u\n%s\n%s\n", uid, gid, expect, tty);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (subprocess_params_path (getpid ()), contents, -1, &error);
  g_assert_no_error (error);
}

/* Busy and permission: root ignores file modes, so a subprocess drops to
 * "nobody" first. The pty slave belongs to root with mode 0600 for the
 * permission case, and 0666 plus a flock held by the parent for busy. */
static void
test_busy_and_permission (Fixture       *f,
                          gconstpointer  data)
{
  uid_t uid;
  gid_t gid;
  int lock_fd;

  if (geteuid () != 0)
    {
      /* unprivileged already: exercise the same paths directly */
      uid = geteuid ();
      gid = getegid ();
    }
  else if (!bench_test_nobody (&uid, &gid))
    {
      g_test_skip ("no “nobody” account to drop privileges to");
      return;
    }

  if (g_test_subprocess ())
    g_assert_not_reached ();

  /* permission denied */
  g_assert_cmpint (chmod (f->path, 0600), ==, 0);
  if (geteuid () == 0)
    g_assert_cmpint (chown (f->path, 0, 0), ==, 0);
  write_subprocess_params (f->path, uid, gid, "permission");
  g_test_trap_subprocess ("/benchtop/serial/subprocess/open-as-user", 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout ("*Permission denied opening*dialout*");

  /* busy: the parent holds the lock */
  g_assert_cmpint (chmod (f->path, 0666), ==, 0);
  lock_fd = open (f->path, O_RDWR | O_NOCTTY | O_NONBLOCK);
  g_assert_cmpint (lock_fd, >=, 0);
  g_assert_cmpint (flock (lock_fd, LOCK_EX | LOCK_NB), ==, 0);
  write_subprocess_params (f->path, uid, gid, "busy");
  g_test_trap_subprocess ("/benchtop/serial/subprocess/open-as-user", 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout ("*in use by another program*");
  close (lock_fd);
  g_unlink (subprocess_params_path (getpid ()));
}

static void
test_open_as_user_subprocess (void)
{
  Fixture f = { 0 };
  g_autoptr(BenchTransport) transport = NULL;
  g_autofree char *contents = NULL;
  g_auto(GStrv) params = NULL;
  const char *expect;
  guint uid, gid;

  if (!g_test_subprocess ())
    {
      g_test_skip ("only run as a subprocess");
      return;
    }

  g_assert_true (g_file_get_contents (subprocess_params_path (getppid ()), &contents, NULL, NULL));
  params = g_strsplit (contents, "\n", -1);
  g_assert_cmpuint (g_strv_length (params), >=, 4);
  uid = g_ascii_strtoull (params[0], NULL, 10);
  gid = g_ascii_strtoull (params[1], NULL, 10);
  expect = params[2];
  if (getegid () != gid)
    g_assert_cmpint (setgid (gid), ==, 0);
  if (geteuid () != uid)
    g_assert_cmpint (setuid (uid), ==, 0);

  f.received = g_byte_array_new ();
  transport = open_transport (&f, "X", params[3]);
  g_assert_nonnull (f.open_error);
  if (g_str_equal (expect, "permission"))
    g_assert_error (f.open_error, BENCH_ERROR, BENCH_ERROR_PERMISSION);
  else
    g_assert_error (f.open_error, BENCH_ERROR, BENCH_ERROR_BUSY);
  printf ("%s\n", f.open_error->message);
  g_byte_array_unref (f.received);
  g_clear_error (&f.open_error);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) g_test_add ("/benchtop/serial/" name, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("receive", test_receive);
  ADD ("read-while-busy", test_read_while_busy);
  ADD ("settings", test_settings);
  ADD ("reconfigure", test_reconfigure);
  ADD ("no-flush-on-open", test_no_flush_on_open);
  ADD ("hangup", test_hangup);
  ADD ("never-reading-peer", test_never_reading_peer);
  ADD ("tx-full", test_tx_full);
  ADD ("open-errors", test_open_errors);
  ADD ("busy-and-permission", test_busy_and_permission);
#undef ADD
  g_test_add_func ("/benchtop/serial/subprocess/open-as-user", test_open_as_user_subprocess);

  return g_test_run ();
}
