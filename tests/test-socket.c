/* test-socket.c - socket:// against real loopback TCP servers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "bench-device.h"
#include "bench-session.h"
#include "bench-socket-transport.h"
#include "bench-spec.h"
#include "bench-test-util.h"
#include "bench-util.h"

/* The transport alone */

typedef struct
{
  GByteArray *received;
  guint       n_closed;
  GError     *closed_error;
  gboolean    opened;
  GError     *open_error;
  gboolean    done;
} Watch;

static void
watch_received_cb (BenchTransport   *transport,
                   const BenchChunk *chunk,
                   Watch            *w)
{
  g_assert_cmpuint (chunk->len, >, 0);
  g_byte_array_append (w->received, chunk->data, chunk->len);
}

static void
watch_closed_cb (BenchTransport *transport,
                 const GError   *error,
                 Watch          *w)
{
  w->n_closed++;
  g_clear_error (&w->closed_error);
  w->closed_error = g_error_copy (error);
}

static void
watch_open_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Watch *w = user_data;

  w->opened = bench_transport_open_finish (BENCH_TRANSPORT (object), result, &w->open_error);
  w->done = TRUE;
}

static gboolean
watch_done (gpointer data)
{
  return ((Watch *) data)->done;
}

static gboolean
watch_closed (gpointer data)
{
  return ((Watch *) data)->n_closed > 0;
}

static BenchTransport *
open_transport (const char *spec_text,
                Watch      *w,
                guint       connect_timeout_ms,
                gboolean    wait)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BenchSpec) spec = bench_spec_parse (spec_text, &error);
  BenchTransport *transport;

  g_assert_no_error (error);
  memset (w, 0, sizeof *w);
  w->received = g_byte_array_new ();
  transport = bench_transport_new_for_spec (spec, &error);
  g_assert_no_error (error);
  g_assert_true (BENCH_IS_SOCKET_TRANSPORT (transport));
  if (connect_timeout_ms > 0)
    bench_socket_transport_set_connect_timeout (BENCH_SOCKET_TRANSPORT (transport), connect_timeout_ms);
  g_signal_connect (transport, "received", G_CALLBACK (watch_received_cb), w);
  g_signal_connect (transport, "closed", G_CALLBACK (watch_closed_cb), w);
  bench_transport_open_async (transport, NULL, watch_open_cb, w);
  if (wait)
    g_assert_true (bench_test_wait_until (watch_done, w, 10000));

  return transport;
}

static void
watch_clear (Watch *w)
{
  g_clear_pointer (&w->received, g_byte_array_unref);
  g_clear_error (&w->closed_error);
  g_clear_error (&w->open_error);
}

typedef struct
{
  Watch *w;
  gsize  len;
} WantBytes;

static gboolean
have_bytes (gpointer data)
{
  WantBytes *want = data;
  return want->w->received->len >= want->len;
}

/* All 256 byte values, both ways, unchanged, in order. */
static void
test_bytes_both_ways (void)
{
  g_autoptr(BenchTransport) transport = NULL;
  g_autoptr(GByteArray) pattern = g_byte_array_new ();
  g_autoptr(GByteArray) got = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *spec = NULL;
  g_autofree char *description = NULL;
  guint16 port = 0;
  int listener = bench_test_listen_tcp (&port, 4);
  int peer;
  Watch w;
  WantBytes want;

  for (guint rep = 0; rep < 64; rep++)
    for (guint b = 0; b < 256; b++)
      {
        guint8 byte = b ^ rep;
        g_byte_array_append (pattern, &byte, 1);
      }

  spec = g_strdup_printf ("socket://127.0.0.1:%u", port);
  transport = open_transport (spec, &w, 0, FALSE);
  peer = bench_test_accept (listener, 5000);
  g_assert_cmpint (peer, >=, 0);
  g_assert_true (bench_test_wait_until (watch_done, &w, 5000));
  g_assert_no_error (w.open_error);
  g_assert_true (w.opened);
  g_assert_null (bench_transport_get_watch_path (transport));
  description = bench_transport_describe (transport);
  g_assert_cmpstr (description, ==, spec + strlen ("socket://"));

  /* server to us */
  bench_test_write_all (peer, pattern->data, pattern->len);
  want.w = &w;
  want.len = pattern->len;
  g_assert_true (bench_test_wait_until (have_bytes, &want, 5000));
  g_assert_cmpmem (w.received->data, w.received->len, pattern->data, pattern->len);

  /* us to the server */
  g_assert_true (bench_transport_send (transport, pattern->data, pattern->len, &error));
  g_assert_no_error (error);
  while (got->len < pattern->len)
    {
      bench_test_read_for (peer, got, 10);
      g_main_context_iteration (NULL, FALSE);
    }
  g_assert_cmpmem (got->data, got->len, pattern->data, pattern->len);
  g_assert_cmpuint (w.n_closed, ==, 0);

  /* the server hangs up: closed once, with a reason */
  close (peer);
  g_assert_true (bench_test_wait_until (watch_closed, &w, 5000));
  g_assert_cmpuint (w.n_closed, ==, 1);
  g_assert_error (w.closed_error, BENCH_ERROR, BENCH_ERROR_DISCONNECTED);
  g_assert_nonnull (strstr (w.closed_error->message, spec + strlen ("socket://")));
  g_assert_false (bench_transport_send (transport, (const guint8 *) "x", 1, &error));
  g_assert_error (error, BENCH_ERROR, BENCH_ERROR_NOT_CONNECTED);

  close (listener);
  watch_clear (&w);
}

/* Errors: refused, no answer, unknown host, a server that says no. */
static void
test_open_errors (void)
{
  g_autofree char *spec = NULL;
  guint16 port;
  Watch w;

  /* nothing listening */
  port = bench_test_free_port ();
  spec = g_strdup_printf ("socket://127.0.0.1:%u", port);
  {
    g_autoptr(BenchTransport) transport = open_transport (spec, &w, 0, TRUE);

    g_assert_false (w.opened);
    g_assert_error (w.open_error, BENCH_ERROR, BENCH_ERROR_NOT_FOUND);
    g_assert_nonnull (strstr (w.open_error->message, "refused"));
    g_test_message ("refused: %s", w.open_error->message);
    watch_clear (&w);
  }

  /* a listener whose backlog is full drops our SYN: the timeout */
  {
    g_autoptr(BenchTransport) transport = NULL;
    guint16 full_port = 0;
    int listener = bench_test_listen_tcp (&full_port, 0);
    int filler = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_in addr = { 0 };
    g_autofree char *full_spec = g_strdup_printf ("socket://127.0.0.1:%u", full_port);
    gint64 start;
    double elapsed;

    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
    addr.sin_port = htons (full_port);
    g_assert_cmpint (connect (filler, (struct sockaddr *) &addr, sizeof addr), ==, 0);

    start = g_get_monotonic_time ();
    transport = open_transport (full_spec, &w, 300, TRUE);
    elapsed = (g_get_monotonic_time () - start) / 1e3;
    g_test_message ("timeout after %.0f ms: %s", elapsed, w.open_error ? w.open_error->message : "(none)");
    g_assert_false (w.opened);
    g_assert_error (w.open_error, BENCH_ERROR, BENCH_ERROR_NETWORK);
    g_assert_nonnull (strstr (w.open_error->message, "within 0.3 s"));
    g_assert_cmpfloat (elapsed, >=, 290);
    g_assert_cmpfloat (elapsed, <, 2000);
    close (filler);
    close (listener);
    watch_clear (&w);
  }

  /* a name that does not resolve (.invalid never does, RFC 6761) */
  {
    g_autoptr(BenchTransport) transport = open_transport ("socket://no-such-host.invalid:4001", &w, 0, TRUE);

    g_assert_false (w.opened);
    g_assert_error (w.open_error, BENCH_ERROR, BENCH_ERROR_NETWORK);
    g_assert_nonnull (strstr (w.open_error->message, "no-such-host.invalid"));
    g_test_message ("unknown host: %s", w.open_error->message);
    watch_clear (&w);
  }

  /* a server that refuses us the way ser2net does: a line, then close */
  {
    g_autoptr(BenchTransport) transport = NULL;
    g_autofree char *busy_spec = NULL;
    guint16 busy_port = 0;
    int listener = bench_test_listen_tcp (&busy_port, 4);
    int peer;

    busy_spec = g_strdup_printf ("socket://127.0.0.1:%u", busy_port);
    transport = open_transport (busy_spec, &w, 0, FALSE);
    peer = bench_test_accept (listener, 5000);
    bench_test_write_all (peer, "Port already in use\r\n", 21);
    close (peer);
    g_assert_true (bench_test_wait_until (watch_done, &w, 5000));
    g_assert_false (w.opened);
    g_assert_error (w.open_error, BENCH_ERROR, BENCH_ERROR_BUSY);
    g_assert_nonnull (strstr (w.open_error->message, "“Port already in use”"));
    /* the refusal is the error, not data */
    g_assert_cmpuint (w.received->len, ==, 0);
    g_assert_cmpuint (w.n_closed, ==, 0);
    close (listener);
    watch_clear (&w);
  }
}

/* Closing while the connect is under way: cancelled, nothing leaks. */
static void
test_close_while_connecting (void)
{
  g_autoptr(BenchTransport) transport = NULL;
  guint16 port = 0;
  int listener = bench_test_listen_tcp (&port, 0);
  int filler = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  struct sockaddr_in addr = { 0 };
  g_autofree char *spec = g_strdup_printf ("socket://127.0.0.1:%u", port);
  Watch w;

  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  addr.sin_port = htons (port);
  g_assert_cmpint (connect (filler, (struct sockaddr *) &addr, sizeof addr), ==, 0);

  transport = open_transport (spec, &w, 0, FALSE);
  bench_test_spin (50);
  g_assert_false (w.done);
  bench_transport_close (transport);
  g_assert_true (bench_test_wait_until (watch_done, &w, 2000));
  g_assert_error (w.open_error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  close (filler);
  close (listener);
  watch_clear (&w);
}

/* The device */

/* Refused → disconnected and retrying; unknown host → error and retrying;
 * the server comes up → connected, with the usual events. */
static void
test_device_states (void)
{
  g_autoptr(BenchDevice) device = NULL;
  g_autoptr(BenchDevice) unknown = NULL;
  g_autofree char *spec = NULL;
  guint16 port = bench_test_free_port ();
  BenchTestRows rows;
  int listener, peer;

  bench_test_rows_init (&rows);
  spec = g_strdup_printf ("socket://127.0.0.1:%u,name=net", port);
  device = bench_test_new_device (spec, &rows);
  bench_device_connect (device);
  bench_test_rows_wait (&rows, "event:cannot open: ", 1, 5000);
  g_assert_cmpint (bench_device_get_state (device), ==, BENCH_DEVICE_DISCONNECTED);
  g_assert_true (bench_device_get_retrying (device));
  g_assert_nonnull (strstr (bench_device_get_last_error (device), "refused"));
  g_assert_null (bench_device_get_path (device));

  unknown = bench_test_new_device ("socket://no-such-host.invalid:4001", NULL);
  bench_device_connect (unknown);
  bench_test_wait_state (unknown, BENCH_DEVICE_ERROR, 10000);
  g_assert_true (bench_device_get_retrying (unknown));
  bench_device_disconnect (unknown);

  /* the server starts: the next retry gets in */
  listener = bench_test_listen_tcp (&port, 4);
  peer = bench_test_accept (listener, 5000);
  g_assert_cmpint (peer, >=, 0);
  bench_test_wait_state (device, BENCH_DEVICE_CONNECTED, 5000);
  g_assert_cmpint (bench_test_rows_find (&rows, "event:connected 127.0.0.1:", 0), >, 0);
  g_assert_nonnull (bench_device_get_transport (device));
  /* one event for all the refused attempts */
  g_assert_cmpuint (bench_test_rows_count (&rows, "event:cannot open"), ==, 1);

  bench_test_write_all (peer, "V=1.5\r\nV=1.6\r\n", 14);
  bench_test_rows_wait (&rows, "rx:V=", 2, 5000);

  /* lost: disconnected, then back */
  close (peer);
  bench_test_rows_wait (&rows, "event:disconnected: ", 1, 5000);
  g_assert_cmpint (bench_device_get_state (device), ==, BENCH_DEVICE_DISCONNECTED);
  g_assert_true (bench_device_get_retrying (device));
  g_assert_null (bench_device_get_transport (device));
  peer = bench_test_accept (listener, 5000);
  g_assert_cmpint (peer, >=, 0);
  bench_test_wait_state (device, BENCH_DEVICE_CONNECTED, 5000);
  bench_test_rows_wait (&rows, "event:reconnected 127.0.0.1:", 1, 5000);

  bench_device_disconnect (device);
  close (peer);
  close (listener);
  bench_test_rows_clear (&rows);
}

/* What a server says at once is delivered after "connected", never lost,
 * and stamped no earlier than it. */
static void
test_greeting (void)
{
  g_autoptr(BenchDevice) device = NULL;
  g_autofree char *spec = NULL;
  guint16 port = 0;
  BenchTestRows rows;
  int listener = bench_test_listen_tcp (&port, 4);
  int peer;
  int connected, hello;

  bench_test_rows_init (&rows);
  spec = g_strdup_printf ("socket://127.0.0.1:%u", port);
  device = bench_test_new_device (spec, &rows);
  bench_device_connect (device);
  peer = bench_test_accept (listener, 5000);
  bench_test_write_all (peer, "hello\nworld\npart", 16);
  bench_test_rows_wait (&rows, "rx:world", 1, 5000);

  connected = bench_test_rows_find (&rows, "event:connected", 0);
  hello = bench_test_rows_find (&rows, "rx:hello", 0);
  g_assert_cmpint (connected, >=, 0);
  g_assert_cmpint (hello, >, connected);
  g_assert_cmpint (bench_test_rows_get (&rows, hello)->mono_us, >=, bench_test_rows_get (&rows, connected)->mono_us);

  /* the held unterminated tail continues with what comes next */
  bench_test_write_all (peer, "\n", 1);
  bench_test_rows_wait (&rows, "rx:part", 1, 5000);

  bench_device_disconnect (device);
  close (peer);
  close (listener);
  bench_test_rows_clear (&rows);
}

/* A server that accepts and never reads: sends queue without blocking, and
 * every byte arrives in order once it reads. */
static void
test_never_reading_server (void)
{
  g_autoptr(BenchDevice) device = NULL;
  g_autoptr(GByteArray) expected = g_byte_array_new ();
  g_autoptr(GByteArray) got = g_byte_array_new ();
  g_autofree char *spec = NULL;
  guint16 port = 0;
  int listener = bench_test_listen_tcp (&port, 4);
  int peer;
  int small = 4096;
  gint64 start, worst = 0;

  /* a small receive window (inherited by the accepted socket); our side's
   * kernel buffer still takes up to tcp_wmem's maximum, 4 MiB by default */
  setsockopt (listener, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
  spec = g_strdup_printf ("socket://127.0.0.1:%u", port);
  device = bench_test_new_device (spec, NULL);
  bench_device_connect (device);
  peer = bench_test_accept (listener, 5000);
  bench_test_wait_state (device, BENCH_DEVICE_CONNECTED, 5000);

  start = g_get_monotonic_time ();
  for (guint i = 0; i < 120000; i++)
    {
      char cmd[128];
      int n = g_snprintf (cmd, sizeof cmd, "SOUR:VOLT %06u.0000000000000000000000000000000000000000000000000000000000000000000000000", i);
      gint64 t0 = g_get_monotonic_time ();

      g_assert_true (bench_device_send (device, (const guint8 *) cmd, n, NULL));
      worst = MAX (worst, g_get_monotonic_time () - t0);
      g_byte_array_append (expected, (const guint8 *) cmd, n);
      g_byte_array_append (expected, (const guint8 *) "\n", 1);
      if (i % 1000 == 0)
        g_main_context_iteration (NULL, FALSE);
    }
  g_test_message ("queued %u bytes in %.0f ms (slowest send %.3f ms), %" G_GUINT64_FORMAT " pending",
                  expected->len, (g_get_monotonic_time () - start) / 1e3, worst / 1e3,
                  bench_device_get_tx_pending (device));
  g_assert_cmpuint (expected->len, >=, 10 << 20);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 3 * G_USEC_PER_SEC);
  g_assert_cmpint (worst, <, 50 * 1000);
  g_assert_cmpuint (bench_device_get_tx_pending (device), >, 1 << 20);
  g_assert_cmpint (bench_device_get_state (device), ==, BENCH_DEVICE_CONNECTED);

  /* the main loop still runs while the server does not read */
  bench_test_spin (200);
  g_assert_cmpuint (bench_device_get_tx_pending (device), >, 1 << 20);

  while (got->len < expected->len)
    {
      bench_test_read_for (peer, got, 5);
      g_main_context_iteration (NULL, FALSE);
    }
  g_assert_cmpmem (got->data, got->len, expected->data, expected->len);
  bench_test_spin (50);
  g_assert_cmpuint (bench_device_get_tx_pending (device), ==, 0);

  bench_device_disconnect (device);
  close (peer);
  close (listener);
}

/* Changing baud on a raw socket is accepted without reconnecting. */
static void
test_live_settings (void)
{
  g_autoptr(BenchDevice) device = NULL;
  g_autoptr(BenchSpec) spec = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  guint16 port = 0;
  int listener = bench_test_listen_tcp (&port, 4);
  BenchTestRows rows;
  int peer;

  bench_test_rows_init (&rows);
  text = g_strdup_printf ("socket://127.0.0.1:%u", port);
  device = bench_test_new_device (text, &rows);
  bench_device_connect (device);
  peer = bench_test_accept (listener, 5000);
  bench_test_wait_state (device, BENCH_DEVICE_CONNECTED, 5000);

  spec = bench_spec_copy (bench_device_get_spec (device));
  spec->baud = 9600;
  g_assert_true (bench_device_set_spec (device, spec, &error));
  g_assert_no_error (error);
  bench_test_spin (150);
  g_assert_cmpint (bench_device_get_state (device), ==, BENCH_DEVICE_CONNECTED);
  g_assert_cmpuint (bench_test_rows_count (&rows, "event:connected"), ==, 1);
  g_assert_cmpuint (bench_test_rows_count (&rows, "event:disconnected"), ==, 0);

  bench_device_disconnect (device);
  close (peer);
  close (listener);
  bench_test_rows_clear (&rows);
}

/* The log cannot keep up (its pipe is not read): the socket stops being
 * read, TCP holds the server back, and once the log drains every line is
 * there. Nothing is dropped, unlike a tty, which cannot wait. */
typedef struct
{
  int    fd;
  guint  lines;
  gsize  bytes;
} Server;

static gpointer
server_thread (gpointer data)
{
  Server *server = data;
  char line[64];

  for (guint i = 0; i < server->lines; i++)
    {
      int n = g_snprintf (line, sizeof line, "%07u,12.345,0.001234,-3.200e-05\n", i);

      bench_test_write_all (server->fd, line, n);
      server->bytes += n;
    }
  return NULL;
}

typedef struct
{
  int    fd;
  guint  rx;
  guint  expected;
  guint  next;
  gboolean in_order;
} Drain;

static gpointer
drain_thread (gpointer data)
{
  Drain *drain = data;
  g_autoptr(GString) pending = g_string_new (NULL);
  char buf[65536];

  while ((guint) g_atomic_int_get (&drain->rx) < drain->expected)
    {
      ssize_t n = read (drain->fd, buf, sizeof buf);
      char *line, *nl;

      if (n <= 0)
        break;
      g_string_append_len (pending, buf, n);
      line = pending->str;
      while ((nl = strchr (line, '\n')) != NULL)
        {
          /* TIME<TAB>DEVICE<TAB>rx<TAB>TEXT */
          char *rx = strstr (line, "\trx\t");

          if (rx != NULL && rx < nl)
            {
              if (strtoul (rx + 4, NULL, 10) != drain->next)
                drain->in_order = FALSE;
              drain->next++;
              g_atomic_int_inc (&drain->rx);
            }
          line = nl + 1;
        }
      g_string_erase (pending, 0, line - pending->str);
    }
  return NULL;
}

static void
count_true (GObject    *object,
            GParamSpec *pspec,
            guint      *count)
{
  gboolean value;

  g_object_get (object, g_param_spec_get_name (pspec), &value, NULL);
  if (value)
    (*count)++;
}

static void
test_backpressure (void)
{
  g_autoptr(BenchSession) session = bench_session_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *spec = NULL;
  BenchSessionWriter *writer;
  BenchDevice *device;
  guint16 port = 0;
  int listener = bench_test_listen_tcp (&port, 4);
  Server server = { -1, 200000, 0 };
  Drain drain = { -1, 0, 200000, 0, TRUE };
  GThread *serving, *draining;
  guint paused = 0, congested = 0;
  int log_pipe[2];

  g_assert_cmpint (pipe2 (log_pipe, O_CLOEXEC), ==, 0);
  bench_session_start_recording_fd (session, log_pipe[1], BENCH_LOG_TEXT);
  writer = bench_session_get_writer (session);
  bench_session_writer_set_max_pending (writer, 1 << 20);
  g_signal_connect (writer, "notify::congested", G_CALLBACK (count_true), &congested);

  spec = g_strdup_printf ("socket://127.0.0.1:%u,name=fast", port);
  device = bench_session_add_device_for_string (session, spec, &error);
  g_assert_no_error (error);
  g_signal_connect (device, "notify::paused", G_CALLBACK (count_true), &paused);
  server.fd = bench_test_accept (listener, 5000);
  serving = g_thread_new ("server", server_thread, &server);

  /* nobody reads the log: the writer fills up, the device pauses, and the
   * server is held back by TCP instead of lines being dropped */
  bench_test_spin (1500);
  g_test_message ("log blocked: %" G_GUINT64_FORMAT " lines in, paused %u times, %zu bytes sent",
                  bench_device_get_rx_lines (device), paused, server.bytes);
  g_assert_cmpuint (congested, >=, 1);
  g_assert_cmpuint (paused, >=, 1);
  g_assert_true (bench_device_get_paused (device));
  g_assert_cmpuint (bench_device_get_rx_lines (device), <, server.lines);
  g_assert_cmpuint (bench_session_writer_get_rows_dropped (writer), ==, 0);

  /* the log drains: everything arrives, in order, nothing dropped */
  drain.fd = log_pipe[0];
  draining = g_thread_new ("drain", drain_thread, &drain);
  while ((guint) g_atomic_int_get (&drain.rx) < drain.expected)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (200);
    }
  g_thread_join (draining);
  g_thread_join (serving);
  g_assert_cmpuint (drain.rx, ==, server.lines);
  g_assert_true (drain.in_order);
  g_assert_cmpuint (bench_session_writer_get_rows_dropped (writer), ==, 0);
  g_assert_false (bench_device_get_paused (device));
  g_assert_cmpuint (bench_device_get_rx_lines (device), ==, server.lines);

  bench_device_disconnect (device);
  /* the reader is gone: the last rows may meet EPIPE, which is not the point here */
  close (log_pipe[0]);
  bench_session_stop_recording (session, NULL);
  close (log_pipe[1]);
  close (server.fd);
  close (listener);
}

int
main (int    argc,
      char **argv)
{
  signal (SIGPIPE, SIG_IGN);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/benchtop/socket/bytes-both-ways", test_bytes_both_ways);
  g_test_add_func ("/benchtop/socket/open-errors", test_open_errors);
  g_test_add_func ("/benchtop/socket/close-while-connecting", test_close_while_connecting);
  g_test_add_func ("/benchtop/socket/device-states", test_device_states);
  g_test_add_func ("/benchtop/socket/greeting", test_greeting);
  g_test_add_func ("/benchtop/socket/never-reading-server", test_never_reading_server);
  g_test_add_func ("/benchtop/socket/live-settings", test_live_settings);
  g_test_add_func ("/benchtop/socket/backpressure", test_backpressure);

  return g_test_run ();
}
