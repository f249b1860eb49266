/* test-ser2net.c - socket:// and rfc2217:// against a real ser2net
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each test starts socat with a pty pair (links "dev" and "peer" in a fresh
 * directory) and ser2net (the Debian package) with its own YAML file on free
 * loopback ports: raw TCP and telnet(rfc2217) to "dev", and rfc2217 to a
 * path that does not exist. The test plays the instrument on "peer".
 *
 * What a pty can show of the settings ser2net applies: the baud rate (any,
 * through termios2), stop bits (CSTOPB) and RTS/CTS flow (CRTSCTS); Linux
 * forces CS8 and no parity on a pty (pty_set_termios), so data bits and
 * parity are checked through ser2net's RFC 2217 acknowledgements instead
 * (the transport's remote-data-bits and remote-parity).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "bench-device.h"
#include "bench-rfc2217-transport.h"
#include "bench-socket-transport.h"
#include "bench-spec.h"
#include "bench-test-util.h"
#include "bench-tty.h"
#include "bench-util.h"

typedef struct
{
  char    *dir;
  char    *dev;          /* ser2net's side of the pty pair */
  char    *peer;         /* the instrument's side */
  char    *config;
  char    *log;
  GPid     socat;
  GPid     ser2net;
  guint16  raw_port;
  guint16  rfc_port;
  guint16  missing_port;
  int      instrument;   /* open on peer */
} Fixture;

static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static gboolean
port_listening (guint16 port)
{
  g_autofree char *contents = NULL;
  g_autofree char *suffix = g_strdup_printf (":%04X", port);
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents ("/proc/net/tcp", &contents, NULL, NULL))
    return FALSE;

  /* "  sl  local_address rem_address   st ...": a listener is state 0A */
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 1; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit_set (lines[i], " ", -1);
      const char *column[4] = { NULL };
      guint n = 0;

      for (guint j = 0; fields[j] != NULL && n < 4; j++)
        if (fields[j][0] != '\0')
          column[n++] = fields[j];
      if (n == 4 && g_str_equal (column[3], "0A") && g_str_has_suffix (column[1], suffix))
        return TRUE;
    }

  return FALSE;
}

static void
spawn (const char * const *argv,
       const char         *log,
       GPid               *pid)
{
  g_autoptr(GError) error = NULL;
  int fd = -1;

  if (log != NULL)
    {
      fd = open (log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
      g_assert_cmpint (fd, >=, 0);
    }
  g_assert_true (g_spawn_async_with_fds (NULL, (char **) argv, NULL,
                                         G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_SEARCH_PATH,
                                         die_with_parent, NULL, pid,
                                         -1, fd, fd, &error));
  g_assert_no_error (error);
  if (fd >= 0)
    close (fd);
}

static void
stop_child (GPid *pid)
{
  if (*pid > 0)
    {
      kill (*pid, SIGTERM);
      waitpid (*pid, NULL, 0);
      g_spawn_close_pid (*pid);
      *pid = 0;
    }
}

static void
ser2net_start (Fixture *f)
{
  const char *argv[] = { "ser2net", "-n", "-d", "-u", "-c", f->config, NULL };

  spawn (argv, f->log, &f->ser2net);
  for (guint i = 0; i < 500; i++)
    {
      if (port_listening (f->raw_port) && port_listening (f->rfc_port) && port_listening (f->missing_port))
        return;
      g_usleep (10000);
    }
  g_error ("ser2net did not start listening (see %s)", f->log);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *socat_a = NULL;
  g_autofree char *socat_b = NULL;
  g_autofree char *yaml = NULL;
  g_autofree char *missing = NULL;
  g_autoptr(GError) error = NULL;

  memset (f, 0, sizeof *f);
  f->instrument = -1;
  f->dir = bench_test_mkdtemp ();
  f->dev = g_build_filename (f->dir, "dev", NULL);
  f->peer = g_build_filename (f->dir, "peer", NULL);
  f->config = g_build_filename (f->dir, "ser2net.yaml", NULL);
  f->log = g_build_filename (f->dir, "ser2net.log", NULL);
  missing = g_build_filename (f->dir, "missing", NULL);

  {
    g_autofree char *socat_path = bench_test_find_program ("socat");
    g_autofree char *ser2net_path = bench_test_find_program ("ser2net");

    if (socat_path == NULL || ser2net_path == NULL)
      return;
  }

  socat_a = g_strdup_printf ("pty,rawer,echo=0,link=%s", f->dev);
  socat_b = g_strdup_printf ("pty,rawer,echo=0,link=%s", f->peer);
  {
    const char *argv[] = { "socat", socat_a, socat_b, NULL };

    spawn (argv, NULL, &f->socat);
  }
  for (guint i = 0; i < 500 && !(g_file_test (f->dev, G_FILE_TEST_EXISTS) && g_file_test (f->peer, G_FILE_TEST_EXISTS)); i++)
    g_usleep (10000);
  g_assert_true (g_file_test (f->peer, G_FILE_TEST_EXISTS));

  f->instrument = open (f->peer, O_RDWR | O_NOCTTY | O_CLOEXEC);
  g_assert_cmpint (f->instrument, >=, 0);

  f->raw_port = bench_test_free_port ();
  f->rfc_port = bench_test_free_port ();
  f->missing_port = bench_test_free_port ();
  yaml = g_strdup_printf ("%%YAML 1.1\n"
                          "---\n"
                          "# written by test-ser2net\n"
                          "default:\n"
                          "  name: mdns\n"
                          "  value: false\n"
                          "\n"
                          "connection: &raw\n"
                          "  accepter: tcp,127.0.0.1,%u\n"
                          "  connector: serialdev,%s,9600n81,local\n"
                          "\n"
                          "connection: &rfc\n"
                          "  accepter: telnet(rfc2217),tcp,127.0.0.1,%u\n"
                          "  connector: serialdev,%s,9600n81,local\n"
                          "\n"
                          "connection: &missing\n"
                          "  accepter: telnet(rfc2217),tcp,127.0.0.1,%u\n"
                          "  connector: serialdev,%s,9600n81,local\n",
                          f->raw_port, f->dev, f->rfc_port, f->dev, f->missing_port, missing);
  g_file_set_contents (f->config, yaml, -1, &error);
  g_assert_no_error (error);

  ser2net_start (f);
}

static gboolean
fixture_skip (Fixture *f)
{
  if (f->ser2net == 0)
    {
      g_test_skip ("needs socat and ser2net");
      return TRUE;
    }
  return FALSE;
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  bench_clear_fd (&f->instrument);
  stop_child (&f->ser2net);
  stop_child (&f->socat);
  g_free (f->dir);
  g_free (f->dev);
  g_free (f->peer);
  g_free (f->config);
  g_free (f->log);
}

/* Settings as ser2net applied them to its end of the pty */
static void
read_dev_settings (Fixture          *f,
                   BenchTtySettings *settings)
{
  g_autoptr(GError) error = NULL;
  int fd = open (f->dev, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);

  g_assert_cmpint (fd, >=, 0);
  g_assert_true (bench_tty_read_settings (fd, settings, &error));
  g_assert_no_error (error);
  close (fd);
}

static void
chunk_cb (BenchTransport   *transport,
          const BenchChunk *chunk,
          GByteArray       *out)
{
  g_byte_array_append (out, chunk->data, chunk->len);
}

typedef struct
{
  GByteArray *bytes;
  gsize       len;
} WantLen;

static gboolean
have_len (gpointer data)
{
  WantLen *w = data;
  return w->bytes->len >= w->len;
}

/* Every byte value both ways through ser2net, exact and in order. */
static void
check_all_bytes (Fixture     *f,
                 BenchDevice *device)
{
  g_autoptr(GByteArray) pattern = g_byte_array_new ();
  g_autoptr(GByteArray) received = g_byte_array_new ();
  g_autoptr(GByteArray) at_instrument = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  BenchTransport *transport = bench_device_get_transport (device);
  gulong handler;
  WantLen want;

  for (guint rep = 0; rep < 16; rep++)
    for (guint b = 0; b < 256; b++)
      {
        guint8 byte = (b * 7 + rep) & 0xff;
        g_byte_array_append (pattern, &byte, 1);
      }
  /* 0xFF runs too: IAC IAC IAC ... */
  for (guint i = 0; i < 64; i++)
    {
      guint8 ff = 0xff;
      g_byte_array_append (pattern, &ff, 1);
    }

  g_assert_nonnull (transport);
  handler = g_signal_connect (transport, "received", G_CALLBACK (chunk_cb), received);

  /* instrument to us */
  bench_test_write_all (f->instrument, pattern->data, pattern->len);
  want.bytes = received;
  want.len = pattern->len;
  if (!bench_test_wait_until (have_len, &want, 10000))
    g_error ("received %u of %u bytes", received->len, pattern->len);
  bench_test_spin (100);
  g_assert_cmpmem (received->data, received->len, pattern->data, pattern->len);

  /* us to the instrument: bench_device_send_raw adds no tx-eol */
  g_assert_true (bench_device_send_raw (device, pattern->data, pattern->len, &error));
  g_assert_no_error (error);
  for (gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
       at_instrument->len < pattern->len && g_get_monotonic_time () < end;)
    {
      bench_test_read_for (f->instrument, at_instrument, 20);
      g_main_context_iteration (NULL, FALSE);
    }
  bench_test_read_for (f->instrument, at_instrument, 100);
  g_assert_cmpmem (at_instrument->data, at_instrument->len, pattern->data, pattern->len);

  g_signal_handler_disconnect (transport, handler);
}

static void
test_raw (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(BenchDevice) device = NULL;
  g_autofree char *spec = NULL;
  BenchTestRows rows;

  if (fixture_skip (f))
    return;

  bench_test_rows_init (&rows);
  spec = g_strdup_printf ("socket://127.0.0.1:%u,name=raw", f->raw_port);
  device = bench_test_new_device (spec, &rows);
  bench_device_connect (device);
  bench_test_wait_state (device, BENCH_DEVICE_CONNECTED, 5000);
  g_assert_true (BENCH_IS_SOCKET_TRANSPORT (bench_device_get_transport (device)));
  g_assert_cmpint (bench_test_rows_find (&rows, "event:connected 127.0.0.1:", 0), ==, 0);

  /* lines like any tty's */
  bench_test_write_all (f->instrument, "V=1.25\r\nI=0.5\r\n", 15);
  bench_test_rows_wait (&rows, "rx:I=0.5", 1, 5000);
  g_assert_cmpint (bench_test_rows_find (&rows, "rx:V=1.25", 0), >, 0);

  check_all_bytes (f, device);

  bench_device_disconnect (device);
  bench_test_rows_clear (&rows);
}

static void
test_rfc2217 (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(BenchDevice) device = NULL;
  g_autoptr(BenchSpec) spec = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *expected = NULL;
  BenchRfc2217Transport *transport;
  BenchTtySettings dev;
  BenchTestRows rows;
  int connected;

  if (fixture_skip (f))
    return;

  bench_test_rows_init (&rows);
  text = g_strdup_printf ("rfc2217://127.0.0.1:%u,19200,7E2,flow=rtscts,dtr=on,name=rfc", f->rfc_port);
  device = bench_test_new_device (text, &rows);
  bench_device_connect (device);
  bench_test_wait_state (device, BENCH_DEVICE_CONNECTED, 5000);
  transport = BENCH_RFC2217_TRANSPORT (bench_device_get_transport (device));

  /* the connect event says what ser2net acknowledged */
  connected = bench_test_rows_find (&rows, "event:connected ", 0);
  g_assert_cmpint (connected, >=, 0);
  expected = g_strdup_printf ("event:connected 127.0.0.1:%u 19200 7E2 rtscts", f->rfc_port);
  g_assert_cmpstr (bench_test_rows_text (&rows, connected), ==, expected);
  g_assert_true (bench_rfc2217_transport_get_com_port (transport));
  g_assert_cmpuint (bench_rfc2217_transport_get_remote_baud (transport), ==, 19200);
  g_assert_cmpuint (bench_rfc2217_transport_get_remote_data_bits (transport), ==, 7);
  g_assert_cmpint (bench_rfc2217_transport_get_remote_parity (transport), ==, BENCH_PARITY_EVEN);
  g_assert_cmpuint (bench_rfc2217_transport_get_remote_stop_bits (transport), ==, 2);
  g_assert_cmpint (bench_rfc2217_transport_get_remote_flow (transport), ==, BENCH_FLOW_RTSCTS);

  /* what the pty shows: baud, stop bits, flow */
  read_dev_settings (f, &dev);
  g_test_message ("pty after open: %u baud, %u%s%u, flow %s", dev.baud, dev.data_bits,
                  bench_parity_to_string (dev.parity), dev.stop_bits, bench_flow_to_string (dev.flow));
  g_assert_cmpuint (dev.baud, ==, 19200);
  g_assert_cmpuint (dev.stop_bits, ==, 2);
  g_assert_cmpint (dev.flow, ==, BENCH_FLOW_RTSCTS);

  /* ser2net on a pty never answers DTR: a warning, and still connected */
  bench_test_rows_wait (&rows, "event:127.0.0.1:", 1, 3000);
  g_assert_nonnull (strstr (bench_test_rows_text (&rows, bench_test_rows_find (&rows, "event:127.0.0.1:", 0)),
                            "did not acknowledge DTR on"));
  g_assert_cmpint (bench_device_get_state (device), ==, BENCH_DEVICE_CONNECTED);

  check_all_bytes (f, device);

  /* new settings on the open connection: applied, no reconnect */
  spec = bench_spec_copy (bench_device_get_spec (device));
  spec->baud = 57600;
  spec->data_bits = 8;
  spec->parity = BENCH_PARITY_ODD;
  spec->stop_bits = 1;
  spec->flow = BENCH_FLOW_NONE;
  g_assert_true (bench_device_set_spec (device, spec, &error));
  g_assert_no_error (error);
  bench_test_rows_wait (&rows, "event:settings changed: 57600 8O1", 1, 2000);
  bench_test_spin (300);
  g_assert_cmpuint (bench_rfc2217_transport_get_remote_baud (transport), ==, 57600);
  g_assert_cmpuint (bench_rfc2217_transport_get_remote_data_bits (transport), ==, 8);
  g_assert_cmpint (bench_rfc2217_transport_get_remote_parity (transport), ==, BENCH_PARITY_ODD);
  g_assert_cmpuint (bench_rfc2217_transport_get_remote_stop_bits (transport), ==, 1);
  g_assert_cmpint (bench_rfc2217_transport_get_remote_flow (transport), ==, BENCH_FLOW_NONE);
  read_dev_settings (f, &dev);
  g_assert_cmpuint (dev.baud, ==, 57600);
  g_assert_cmpuint (dev.stop_bits, ==, 1);
  g_assert_cmpint (dev.flow, ==, BENCH_FLOW_NONE);

  /* a rate no Bnnn constant has */
  spec->baud = 250000;
  g_assert_true (bench_device_set_spec (device, spec, &error));
  bench_test_spin (300);
  g_assert_cmpuint (bench_rfc2217_transport_get_remote_baud (transport), ==, 250000);
  read_dev_settings (f, &dev);
  g_assert_cmpuint (dev.baud, ==, 250000);

  /* still the same connection */
  g_assert_true (bench_device_get_transport (device) == BENCH_TRANSPORT (transport));
  g_assert_cmpuint (bench_test_rows_count (&rows, "event:connected"), ==, 1);
  g_assert_cmpuint (bench_test_rows_count (&rows, "event:disconnected"), ==, 0);
  g_assert_cmpuint (bench_test_rows_count (&rows, "event:reconnected"), ==, 0);

  bench_device_disconnect (device);
  bench_test_rows_clear (&rows);
}

/* ser2net stops: a disconnect event, retries; it starts again: reconnected. */
static void
test_restart (Fixture       *f,
              gconstpointer  data)
{
  static const char * const kinds[] = { "socket", "rfc2217" };

  if (fixture_skip (f))
    return;

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      g_autoptr(BenchDevice) device = NULL;
      g_autofree char *spec = NULL;
      BenchTestRows rows;
      gint64 restarted;

      bench_test_rows_init (&rows);
      spec = g_strdup_printf ("%s://127.0.0.1:%u,9600", kinds[k], k == 0 ? f->raw_port : f->rfc_port);
      device = bench_test_new_device (spec, &rows);
      bench_device_connect (device);
      bench_test_wait_state (device, BENCH_DEVICE_CONNECTED, 5000);
      bench_test_write_all (f->instrument, "before\n", 7);
      bench_test_rows_wait (&rows, "rx:before", 1, 5000);

      stop_child (&f->ser2net);
      bench_test_rows_wait (&rows, "event:disconnected: ", 1, 5000);
      g_assert_cmpint (bench_device_get_state (device), ==, BENCH_DEVICE_DISCONNECTED);
      g_assert_true (bench_device_get_retrying (device));
      g_test_message ("%s: %s", kinds[k], bench_test_rows_text (&rows, bench_test_rows_find (&rows, "event:disconnected: ", 0)));

      /* down for a while: refused, still retrying, one event */
      bench_test_spin (600);
      g_assert_true (bench_device_get_retrying (device));
      g_assert_nonnull (strstr (bench_device_get_last_error (device), "refused"));
      g_assert_cmpuint (bench_test_rows_count (&rows, "event:cannot open"), <=, 1);

      ser2net_start (f);
      restarted = g_get_monotonic_time ();
      bench_test_wait_state (device, BENCH_DEVICE_CONNECTED, 5000);
      g_test_message ("%s: reconnected %.0f ms after ser2net listened again", kinds[k],
                      (g_get_monotonic_time () - restarted) / 1e3);
      bench_test_rows_wait (&rows, "event:reconnected", 1, 1000);

      /* drain what the pty buffered while ser2net was away, then talk */
      bench_test_spin (200);
      bench_test_write_all (f->instrument, "after\n", 6);
      bench_test_rows_wait (&rows, "rx:after", 1, 5000);

      bench_device_disconnect (device);
      bench_test_rows_clear (&rows);
      /* let ser2net close the port before the next client */
      bench_test_spin (200);
    }
}

/* A second client gets ser2net's own words as a clear error. */
static void
test_in_use (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(BenchDevice) first = NULL;
  g_autoptr(BenchDevice) raw = NULL;
  g_autoptr(BenchDevice) rfc = NULL;
  g_autoptr(BenchDevice) missing = NULL;
  g_autofree char *spec = NULL;
  BenchTestRows rows;

  if (fixture_skip (f))
    return;

  spec = g_strdup_printf ("socket://127.0.0.1:%u,name=first", f->raw_port);
  first = bench_test_new_device (spec, NULL);
  bench_device_connect (first);
  bench_test_wait_state (first, BENCH_DEVICE_CONNECTED, 5000);

  bench_test_rows_init (&rows);
  g_free (spec);
  spec = g_strdup_printf ("socket://127.0.0.1:%u,name=second", f->raw_port);
  raw = bench_test_new_device (spec, &rows);
  bench_device_connect (raw);
  bench_test_wait_state (raw, BENCH_DEVICE_ERROR, 5000);
  g_test_message ("raw: %s", bench_device_get_last_error (raw));
  g_assert_nonnull (strstr (bench_device_get_last_error (raw), "“Port already in use”"));
  g_assert_true (bench_device_get_retrying (raw));
  /* the refusal is the error, not a line from the instrument */
  g_assert_cmpuint (bench_test_rows_count (&rows, "rx:"), ==, 0);
  g_assert_cmpint (bench_test_rows_find (&rows, "event:cannot open: ", 0), >=, 0);

  g_free (spec);
  spec = g_strdup_printf ("rfc2217://127.0.0.1:%u,name=third", f->rfc_port);
  rfc = bench_test_new_device (spec, NULL);
  bench_device_connect (rfc);
  bench_test_wait_state (rfc, BENCH_DEVICE_ERROR, 5000);
  g_test_message ("rfc2217: %s", bench_device_get_last_error (rfc));
  g_assert_nonnull (strstr (bench_device_get_last_error (rfc), "already in use”"));

  /* and the port behind the server is missing */
  g_free (spec);
  spec = g_strdup_printf ("rfc2217://127.0.0.1:%u,name=missing", f->missing_port);
  missing = bench_test_new_device (spec, NULL);
  bench_device_connect (missing);
  bench_test_wait_state (missing, BENCH_DEVICE_ERROR, 5000);
  g_test_message ("missing: %s", bench_device_get_last_error (missing));
  g_assert_nonnull (strstr (bench_device_get_last_error (missing), "“Device open failure"));

  /* once the first lets go, the second gets in on its next retry */
  bench_device_disconnect (rfc);
  bench_device_disconnect (first);
  bench_test_wait_state (raw, BENCH_DEVICE_CONNECTED, 5000);

  bench_device_disconnect (raw);
  bench_device_disconnect (missing);
  bench_test_rows_clear (&rows);
}

int
main (int    argc,
      char **argv)
{
  signal (SIGPIPE, SIG_IGN);
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) g_test_add ("/benchtop/ser2net/" name, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("raw", test_raw);
  ADD ("rfc2217", test_rfc2217);
  ADD ("restart", test_restart);
  ADD ("in-use", test_in_use);
#undef ADD

  return g_test_run ();
}
