/* test-rfc2217.c - rfc2217:// against scripted servers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The real server (ser2net) is in test-ser2net.c; this one plays the
 * servers ser2net cannot: one that refuses COM-PORT-OPTION, one that never
 * answers, one that acknowledges other values than asked, one that reports
 * modem and line states and asks for our signature. It runs in a thread with
 * blocking I/O and parses what it receives on its own, so the client's codec
 * is not checked against itself.
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "bench-device.h"
#include "bench-rfc2217-transport.h"
#include "bench-spec.h"
#include "bench-test-util.h"
#include "bench-util.h"

#define IAC  255
#define DONT 254
#define DO   253
#define WILL 251
#define SB   250
#define SE   240

typedef enum
{
  FAKE_NORMAL,
  FAKE_REFUSE,        /* DONT COM-PORT-OPTION */
  FAKE_SILENT,        /* accepts the connection, answers nothing */
  FAKE_OTHER_VALUES,  /* acknowledges 9600 baud and 8 data bits whatever was asked */
} FakeMode;

typedef struct
{
  FakeMode    mode;
  int         listener;
  guint16     port;
  GThread    *thread;
  int         fd;          /* the accepted connection, -1 before */

  GMutex      lock;
  GByteArray *data;        /* data bytes received, unescaped */
  GPtrArray  *subnegs;     /* "44:" + hex, as received */
  gboolean    done;
} Fake;

static void
fake_write (Fake         *fake,
            const guint8 *data,
            gsize         len)
{
  while (len > 0)
    {
      ssize_t n = send (fake->fd, data, len, MSG_NOSIGNAL);

      if (n <= 0)
        return;
      data += n;
      len -= n;
    }
}

static void
fake_subneg (Fake         *fake,
             const guint8 *payload,
             gsize         len)
{
  GString *text = g_string_new (NULL);
  guint8 cmd;

  for (gsize i = 0; i < len; i++)
    g_string_append_printf (text, "%02x", payload[i]);
  g_mutex_lock (&fake->lock);
  g_ptr_array_add (fake->subnegs, g_string_free (text, FALSE));
  g_mutex_unlock (&fake->lock);

  if (len < 2 || payload[0] != 44)
    return;
  cmd = payload[1];
  if (cmd >= 1 && cmd <= 5 && !(cmd == 5 && payload[2] >= 7))
    {
      /* acknowledge with the value asked for (or ours) */
      GByteArray *reply = g_byte_array_new ();
      guint8 head[4] = { IAC, SB, 44, cmd + 100 };
      guint8 tail[2] = { IAC, SE };

      g_byte_array_append (reply, head, 4);
      if (fake->mode == FAKE_OTHER_VALUES && cmd == 1)
        {
          static const guint8 baud_9600[4] = { 0, 0, 0x25, 0x80 };
          g_byte_array_append (reply, baud_9600, 4);
        }
      else if (fake->mode == FAKE_OTHER_VALUES && cmd == 2)
        {
          guint8 eight = 8;
          g_byte_array_append (reply, &eight, 1);
        }
      else
        for (gsize i = 2; i < len; i++)
          {
            g_byte_array_append (reply, &payload[i], 1);
            if (payload[i] == IAC)
              g_byte_array_append (reply, &payload[i], 1);
          }
      g_byte_array_append (reply, tail, 2);
      fake_write (fake, reply->data, reply->len);
      g_byte_array_unref (reply);
    }
}

static gpointer
fake_thread (gpointer user_data)
{
  Fake *fake = user_data;
  enum { DATA, CMD, NEG, SB_DATA, SB_IAC } state = DATA;
  guint8 verb = 0;
  g_autoptr(GByteArray) sb = g_byte_array_new ();
  guint8 buf[4096];
  int fd = accept4 (fake->listener, NULL, NULL, SOCK_CLOEXEC);

  g_assert_cmpint (fd, >=, 0);
  g_atomic_int_set (&fake->fd, fd);

  if (fake->mode != FAKE_SILENT)
    {
      static const guint8 greeting[] = { IAC, WILL, 0, IAC, DO, 0, IAC, WILL, 3, IAC, DO, 3 };
      static const guint8 do_com_port[] = { IAC, DO, 44 };

      fake_write (fake, greeting, sizeof greeting);
      if (fake->mode != FAKE_REFUSE)
        fake_write (fake, do_com_port, sizeof do_com_port);
    }

  for (;;)
    {
      ssize_t n = recv (fd, buf, sizeof buf, 0);

      if (n <= 0)
        break;

      for (ssize_t i = 0; i < n; i++)
        {
          guint8 b = buf[i];

          switch (state)
            {
            case DATA:
              if (b == IAC)
                state = CMD;
              else
                {
                  g_mutex_lock (&fake->lock);
                  g_byte_array_append (fake->data, &b, 1);
                  g_mutex_unlock (&fake->lock);
                }
              break;
            case CMD:
              if (b == IAC)
                {
                  g_mutex_lock (&fake->lock);
                  g_byte_array_append (fake->data, &b, 1);
                  g_mutex_unlock (&fake->lock);
                  state = DATA;
                }
              else if (b == SB)
                {
                  g_byte_array_set_size (sb, 0);
                  state = SB_DATA;
                }
              else if (b >= WILL && b <= DONT)
                {
                  verb = b;
                  state = NEG;
                }
              else
                state = DATA;
              break;
            case NEG:
              if (fake->mode == FAKE_REFUSE && verb == WILL && b == 44)
                {
                  static const guint8 dont[] = { IAC, DONT, 44 };
                  fake_write (fake, dont, sizeof dont);
                }
              state = DATA;
              break;
            case SB_DATA:
              if (b == IAC)
                state = SB_IAC;
              else
                g_byte_array_append (sb, &b, 1);
              break;
            case SB_IAC:
              if (b == IAC)
                {
                  g_byte_array_append (sb, &b, 1);
                  state = SB_DATA;
                }
              else
                {
                  if (fake->mode != FAKE_SILENT)
                    fake_subneg (fake, sb->data, sb->len);
                  state = DATA;
                }
              break;
            default:
              g_assert_not_reached ();
            }
        }
    }

  g_mutex_lock (&fake->lock);
  fake->done = TRUE;
  g_mutex_unlock (&fake->lock);
  return NULL;
}

static void
fake_start (Fake     *fake,
            FakeMode  mode)
{
  memset (fake, 0, sizeof *fake);
  fake->mode = mode;
  fake->fd = -1;
  fake->port = 0;
  fake->listener = bench_test_listen_tcp (&fake->port, 4);
  fake->data = g_byte_array_new ();
  fake->subnegs = g_ptr_array_new_with_free_func (g_free);
  g_mutex_init (&fake->lock);
  fake->thread = g_thread_new ("fake-rfc2217", fake_thread, fake);
}

static void
fake_stop (Fake *fake)
{
  int fd = g_atomic_int_get (&fake->fd);

  if (fd >= 0)
    shutdown (fd, SHUT_RDWR);
  else
    shutdown (fake->listener, SHUT_RDWR);
  g_thread_join (fake->thread);
  if (fd >= 0)
    close (fd);
  close (fake->listener);
  g_byte_array_unref (fake->data);
  g_ptr_array_unref (fake->subnegs);
  g_mutex_clear (&fake->lock);
}

static gboolean
fake_has_subneg (Fake       *fake,
                 const char *hex)
{
  gboolean found = FALSE;

  g_mutex_lock (&fake->lock);
  for (guint i = 0; i < fake->subnegs->len && !found; i++)
    found = g_str_equal (g_ptr_array_index (fake->subnegs, i), hex);
  g_mutex_unlock (&fake->lock);

  return found;
}

typedef struct
{
  Fake       *fake;
  const char *hex;
} WantSubneg;

static gboolean
have_subneg (gpointer data)
{
  WantSubneg *w = data;
  return fake_has_subneg (w->fake, w->hex);
}

static void
wait_subneg (Fake       *fake,
             const char *hex)
{
  WantSubneg w = { fake, hex };

  if (!bench_test_wait_until (have_subneg, &w, 5000))
    {
      for (guint i = 0; i < fake->subnegs->len; i++)
        g_printerr ("  subneg %s\n", (char *) g_ptr_array_index (fake->subnegs, i));
      g_error ("the server never got %s", hex);
    }
}

static BenchDevice *
connect_device (Fake          *fake,
                const char    *options,
                BenchTestRows *rows)
{
  g_autofree char *spec = g_strdup_printf ("rfc2217://127.0.0.1:%u%s", fake->port, options);
  BenchDevice *device = bench_test_new_device (spec, rows);

  bench_device_connect (device);
  return device;
}

/* What the client asks for, as the server sees it */
static void
test_settings_sent (void)
{
  g_autoptr(BenchDevice) device = NULL;
  g_autoptr(BenchSpec) spec = NULL;
  g_autoptr(GError) error = NULL;
  BenchTestRows rows;
  Fake fake;
  gint64 start;

  fake_start (&fake, FAKE_NORMAL);
  bench_test_rows_init (&rows);
  start = g_get_monotonic_time ();
  device = connect_device (&fake, ",250000,7O2,flow=xonxoff,dtr=off,rts=on", &rows);
  bench_test_wait_state (device, BENCH_DEVICE_CONNECTED, 5000);
  /* the open waits for the framing, not for the 1 s deadline */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 500 * 1000);

  /* IAC SB COM-PORT-OPTION command value IAC SE, as RFC 2217 has them */
  g_assert_true (fake_has_subneg (&fake, "2c010003d090"));   /* SET-BAUDRATE 250000 */
  g_assert_true (fake_has_subneg (&fake, "2c0207"));         /* SET-DATASIZE 7 */
  g_assert_true (fake_has_subneg (&fake, "2c0302"));         /* SET-PARITY ODD */
  g_assert_true (fake_has_subneg (&fake, "2c0402"));         /* SET-STOPSIZE 2 */
  g_assert_true (fake_has_subneg (&fake, "2c0502"));         /* SET-CONTROL XON/XOFF */
  g_assert_true (fake_has_subneg (&fake, "2c0509"));         /* SET-CONTROL DTR off */
  g_assert_true (fake_has_subneg (&fake, "2c050b"));         /* SET-CONTROL RTS on */
  g_assert_true (fake_has_subneg (&fake, "2c0a1e"));         /* SET-LINESTATE-MASK */
  g_assert_true (fake_has_subneg (&fake, "2c0bf0"));         /* SET-MODEMSTATE-MASK */
  g_assert_cmpint (bench_test_rows_find (&rows, "event:connected 127.0.0.1:", 0), >=, 0);
  g_assert_nonnull (strstr (bench_test_rows_text (&rows, bench_test_rows_find (&rows, "event:connected", 0)),
                            " 250000 7O2 xonxoff"));

  /* data with 0xFF is escaped on the way out */
  g_assert_true (bench_device_send_raw (device, (const guint8 *) "a\xff\xff" "b", 4, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < 200; i++)
    {
      gboolean enough;

      g_mutex_lock (&fake.lock);
      enough = fake.data->len >= 4;
      g_mutex_unlock (&fake.lock);
      if (enough)
        break;
      bench_test_spin (10);
    }
  g_mutex_lock (&fake.lock);
  g_assert_cmpmem (fake.data->data, fake.data->len, "a\xff\xff" "b", 4);
  g_mutex_unlock (&fake.lock);

  /* live: only what changed is sent */
  spec = bench_spec_copy (bench_device_get_spec (device));
  spec->baud = 0xff00ff;      /* 0xFF bytes inside a value */
  spec->rts = BENCH_SWITCH_OFF;
  g_assert_true (bench_device_set_spec (device, spec, &error));
  g_assert_no_error (error);
  wait_subneg (&fake, "2c0100ff00ff");
  wait_subneg (&fake, "2c050c");
  bench_test_spin (100);
  g_assert_cmpuint (bench_rfc2217_transport_get_remote_baud (BENCH_RFC2217_TRANSPORT (bench_device_get_transport (device))),
                    ==, 0xff00ff);
  g_assert_cmpuint (bench_test_rows_count (&rows, "event:connected"), ==, 1);

  bench_device_disconnect (device);
  fake_stop (&fake);
  bench_test_rows_clear (&rows);
}

/* Settings acknowledged with other values: warnings, and the connect event
 * says what the port really runs at. */
static void
test_other_values (void)
{
  g_autoptr(BenchDevice) device = NULL;
  BenchRfc2217Transport *transport;
  BenchTestRows rows;
  Fake fake;
  int connected;

  fake_start (&fake, FAKE_OTHER_VALUES);
  bench_test_rows_init (&rows);
  device = connect_device (&fake, ",115200,7E1", &rows);
  bench_test_wait_state (device, BENCH_DEVICE_CONNECTED, 5000);
  transport = BENCH_RFC2217_TRANSPORT (bench_device_get_transport (device));

  g_assert_cmpuint (bench_rfc2217_transport_get_remote_baud (transport), ==, 9600);
  g_assert_cmpuint (bench_rfc2217_transport_get_remote_data_bits (transport), ==, 8);
  g_assert_cmpint (bench_test_rows_find (&rows, "event:127.0.0.1:", 0), >=, 0);
  connected = bench_test_rows_find (&rows, "event:connected", 0);
  g_assert_nonnull (strstr (bench_test_rows_text (&rows, connected), " 9600 8E1"));
  {
    gboolean baud = FALSE, data = FALSE;

    for (guint i = 0; i < rows.texts->len; i++)
      {
        const char *text = bench_test_rows_text (&rows, i);

        baud |= strstr (text, "runs its port at 9600 baud instead of 115200") != NULL;
        data |= strstr (text, "uses 8 data bits instead of 7") != NULL;
        if (strstr (text, "instead of") != NULL)
          g_assert_cmpuint (bench_test_rows_get (&rows, i)->flags & BENCH_ROW_ERROR, !=, 0);
      }
    g_assert_true (baud);
    g_assert_true (data);
  }

  bench_device_disconnect (device);
  fake_stop (&fake);
  bench_test_rows_clear (&rows);
}

/* A plain Telnet server: COM-PORT refused; connected with a warning, and
 * new settings cannot be applied live. */
static void
test_refused (void)
{
  g_autoptr(BenchDevice) device = NULL;
  g_autoptr(BenchSpec) spec = NULL;
  g_autoptr(GError) error = NULL;
  BenchTestRows rows;
  Fake fake;
  gint64 start;

  fake_start (&fake, FAKE_REFUSE);
  bench_test_rows_init (&rows);
  start = g_get_monotonic_time ();
  device = connect_device (&fake, ",9600", &rows);
  bench_test_wait_state (device, BENCH_DEVICE_CONNECTED, 5000);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 500 * 1000);
  g_assert_cmpint (bench_test_rows_find (&rows, "event:127.0.0.1:", 0), >=, 0);
  g_assert_nonnull (strstr (bench_test_rows_text (&rows, bench_test_rows_find (&rows, "event:127.0.0.1:", 0)),
                            "does not support RFC 2217"));
  g_assert_nonnull (strstr (bench_test_rows_text (&rows, bench_test_rows_find (&rows, "event:connected", 0)),
                            "no RFC 2217"));
  g_assert_false (bench_rfc2217_transport_get_com_port (BENCH_RFC2217_TRANSPORT (bench_device_get_transport (device))));

  spec = bench_spec_copy (bench_device_get_spec (device));
  spec->baud = 19200;
  g_assert_false (bench_device_set_spec (device, spec, &error));
  g_assert_error (error, BENCH_ERROR, BENCH_ERROR_UNSUPPORTED);
  g_assert_cmpint (bench_device_get_state (device), ==, BENCH_DEVICE_CONNECTED);

  bench_device_disconnect (device);
  fake_stop (&fake);
  bench_test_rows_clear (&rows);
}

/* A server that never answers: connected after the deadline, with a
 * warning, and data still flows. */
static void
test_silent (void)
{
  g_autoptr(BenchDevice) device = NULL;
  BenchTestRows rows;
  Fake fake;
  gint64 start;
  double elapsed;

  fake_start (&fake, FAKE_SILENT);
  bench_test_rows_init (&rows);
  start = g_get_monotonic_time ();
  device = connect_device (&fake, "", &rows);
  bench_test_wait_state (device, BENCH_DEVICE_CONNECTED, 5000);
  elapsed = (g_get_monotonic_time () - start) / 1e3;
  g_test_message ("connected after %.0f ms", elapsed);
  g_assert_cmpfloat (elapsed, >=, BENCH_RFC2217_ACK_TIMEOUT_MS - 10);
  g_assert_cmpfloat (elapsed, <, BENCH_RFC2217_ACK_TIMEOUT_MS + 1000);
  g_assert_nonnull (strstr (bench_test_rows_text (&rows, bench_test_rows_find (&rows, "event:127.0.0.1:", 0)),
                            "did not answer the RFC 2217"));

  /* data sent before and after the deadline, 0xFF escaped by the server */
  fake_write (&fake, (const guint8 *) "one\r\n\xff\xff\r\n", 9);
  bench_test_rows_wait (&rows, "rx:", 2, 5000);
  g_assert_cmpint (bench_test_rows_find (&rows, "rx:one", 0), >, bench_test_rows_find (&rows, "event:connected", 0));
  g_assert_cmpint (bench_test_rows_find (&rows, "rx:\xff", 0), >, 0);

  bench_device_disconnect (device);
  fake_stop (&fake);
  bench_test_rows_clear (&rows);
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

/* Notifications from the server: properties and events. */
static void
test_notifications (void)
{
  g_autoptr(BenchDevice) device = NULL;
  BenchRfc2217Transport *transport;
  BenchTestRows rows;
  Fake fake;
  guint modem_notifies = 0, line_notifies = 0;
  int row;
  /* CD, DSR, CTS on; the same lines again with a delta bit; overrun; a
   * signature request; data split around it all */
  static const guint8 modem1[] = { 'a', IAC, SB, 44, 107, 0xb0, IAC, SE, 'b' };
  static const guint8 modem2[] = { IAC, SB, 44, 107, 0xb1, IAC, SE };
  static const guint8 line[] = { IAC, SB, 44, 106, 0x62, IAC, SE, 'c', '\n' };
  static const guint8 signature[] = { IAC, SB, 44, 0, IAC, SE };

  fake_start (&fake, FAKE_NORMAL);
  bench_test_rows_init (&rows);
  device = connect_device (&fake, "", &rows);
  bench_test_wait_state (device, BENCH_DEVICE_CONNECTED, 5000);
  transport = BENCH_RFC2217_TRANSPORT (bench_device_get_transport (device));
  g_signal_connect (transport, "notify::modem-state", G_CALLBACK (count_notify), &modem_notifies);
  g_signal_connect (transport, "notify::line-state", G_CALLBACK (count_notify), &line_notifies);

  fake_write (&fake, modem1, sizeof modem1);
  fake_write (&fake, modem2, sizeof modem2);
  fake_write (&fake, line, sizeof line);
  fake_write (&fake, signature, sizeof signature);
  bench_test_rows_wait (&rows, "rx:abc", 1, 5000);

  g_assert_cmpuint (bench_rfc2217_transport_get_modem_state (transport), ==, 0xb1);
  g_assert_cmpuint (bench_rfc2217_transport_get_line_state (transport), ==, 0x62);
  g_assert_cmpuint (modem_notifies, ==, 2);
  g_assert_cmpuint (line_notifies, ==, 1);
  /* one event for the lines (the delta alone is no change) */
  g_assert_cmpuint (bench_test_rows_count (&rows, "event:CD on, RI off, DSR on, CTS on"), ==, 1);
  row = bench_test_rows_find (&rows, "event:line state: overrun", 0);
  g_assert_cmpint (row, >=, 0);
  g_assert_cmpuint (bench_test_rows_get (&rows, row)->flags & BENCH_ROW_ERROR, !=, 0);

  /* our signature, "Benchtop VERSION", as a server-side (100) answer */
  {
    g_autoptr(GString) hex = g_string_new ("2c64");
    const char *signature_text = "Benchtop " PACKAGE_VERSION;

    for (const char *p = signature_text; *p; p++)
      g_string_append_printf (hex, "%02x", (guint8) *p);
    wait_subneg (&fake, hex->str);
  }

  bench_device_disconnect (device);
  fake_stop (&fake);
  bench_test_rows_clear (&rows);
}

/* The server closes during the negotiation, after saying why. */
static void
test_refusal_text (void)
{
  g_autoptr(BenchDevice) device = NULL;
  g_autofree char *spec = NULL;
  guint16 port = 0;
  int listener = bench_test_listen_tcp (&port, 4);
  int peer;
  static const guint8 said[] = { IAC, WILL, 0, IAC, DO, 44, 'P', 'o', 'r', 't', ' ', 'i', 'n', ' ', 'u', 's', 'e', '\r', '\n' };

  spec = g_strdup_printf ("rfc2217://127.0.0.1:%u", port);
  device = bench_test_new_device (spec, NULL);
  bench_device_connect (device);
  peer = bench_test_accept (listener, 5000);
  bench_test_write_all (peer, said, sizeof said);
  bench_test_spin (50);
  close (peer);
  bench_test_wait_state (device, BENCH_DEVICE_ERROR, 5000);
  g_assert_nonnull (strstr (bench_device_get_last_error (device), "closed the connection: “Port in use”"));
  g_assert_true (bench_device_get_retrying (device));

  bench_device_disconnect (device);
  close (listener);
}

int
main (int    argc,
      char **argv)
{
  signal (SIGPIPE, SIG_IGN);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/benchtop/rfc2217/settings-sent", test_settings_sent);
  g_test_add_func ("/benchtop/rfc2217/other-values", test_other_values);
  g_test_add_func ("/benchtop/rfc2217/refused", test_refused);
  g_test_add_func ("/benchtop/rfc2217/silent", test_silent);
  g_test_add_func ("/benchtop/rfc2217/notifications", test_notifications);
  g_test_add_func ("/benchtop/rfc2217/refusal-text", test_refusal_text);

  return g_test_run ();
}
