/* bench-demo.c - four simulated instruments
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each instrument holds a pty master. While no client has the slave open the
 * master reports HUP; a 50 ms timer watches for a client, and the instrument
 * then starts (banner, header) and talks on a timer, answering what it reads.
 * When the client closes the slave, the instrument goes quiet again, so no
 * stale output piles up in the pty (a USB CDC board behaves the same way).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <pty.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "bench-demo.h"
#include "bench-util.h"

#define CLIENT_POLL_MS   50
#define MAX_COMMAND      4096
#define SCPI_QUEUE_MAX   10

typedef enum
{
  DEMO_MULTIMETER,
  DEMO_THERMO,
  DEMO_SCPI,
  DEMO_PICO,
} DemoKind;

static const char * const demo_names[] = { "multimeter", "thermo", "scpi", "pico", NULL };
static const char * const demo_descriptions[] = {
  "Bench multimeter: ~10 DC voltage readings per second (CRLF)",
  "Three-channel thermometer: CSV header, then t1,t2,t3 at 4 rows/s (LF)",
  "SCPI instrument: answers *IDN?, *RST, MEAS:VOLT?, MEAS:CURR?, SYST:ERR?",
  "MicroPython board: temp=… light=… twice a second, answers led on/off",
};
static const guint demo_intervals_ms[] = { 100, 250, 0, 500 };

struct _BenchDemo
{
  GObject      parent_instance;

  char        *name;
  DemoKind     kind;
  int          master;
  char        *path;
  double       speed;

  GIOChannel  *channel;
  GSource     *in_source;
  guint        client_poll_id;
  guint        tick_id;
  gboolean     has_client;

  GByteArray  *command;
  GRand       *rand;
  gint64       start_us;
  guint64      ticks;
  guint64      lost_bytes;

  /* instrument state */
  double       drift;
  double       drift2[3];
  gboolean     led;
  gboolean     measure_current;
  GQueue       errors;
};

G_DEFINE_FINAL_TYPE (BenchDemo, bench_demo, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_PATH,
  PROP_HAS_CLIENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void bench_demo_start_client_poll (BenchDemo *self);

const char * const *
bench_demo_get_names (void)
{
  return demo_names;
}

static int
demo_kind_from_name (const char *name)
{
  for (guint i = 0; demo_names[i] != NULL; i++)
    if (g_strcmp0 (demo_names[i], name) == 0)
      return i;
  return -1;
}

gboolean
bench_demo_is_known (const char *name)
{
  return demo_kind_from_name (name) >= 0;
}

const char *
bench_demo_get_description (const char *name)
{
  int kind = demo_kind_from_name (name);

  return kind >= 0 ? demo_descriptions[kind] : NULL;
}

/* Output: a real instrument's UART does not wait for a slow reader either;
 * what the pty cannot take is lost and counted. */
static void
bench_demo_write (BenchDemo  *self,
                  const char *text,
                  gsize       len)
{
  while (len > 0)
    {
      ssize_t n = write (self->master, text, len);

      if (n > 0)
        {
          text += n;
          len -= n;
          continue;
        }
      if (n < 0 && errno == EINTR)
        continue;
      self->lost_bytes += len;
      return;
    }
}

static void
bench_demo_print (BenchDemo  *self,
                  const char *text)
{
  bench_demo_write (self, text, strlen (text));
}

static double
bench_demo_seconds (BenchDemo *self)
{
  return (g_get_monotonic_time () - self->start_us) / 1e6 * self->speed;
}

static double
gauss (GRand *rand)
{
  /* Box-Muller */
  double u1 = g_rand_double_range (rand, 1e-12, 1.0);
  double u2 = g_rand_double (rand);

  return sqrt (-2.0 * log (u1)) * cos (2 * G_PI * u2);
}

/* "+1.234567E+00" without printf (locale) */
static void
format_scientific (char   *buf,
                   gsize   len,
                   double  value)
{
  char tmp[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_formatd (tmp, sizeof tmp, "%.6E", value);
  g_snprintf (buf, len, "%s%s", value < 0 ? "" : "+", tmp);
}

static double
bench_demo_voltage (BenchDemo *self)
{
  double t = bench_demo_seconds (self);

  self->drift += gauss (self->rand) * 2e-5;
  self->drift = CLAMP (self->drift, -0.02, 0.02);
  return 1.2345 + 0.05 * sin (2 * G_PI * t / 60.0) + self->drift + gauss (self->rand) * 1.5e-4;
}

static double
bench_demo_current (BenchDemo *self)
{
  double t = bench_demo_seconds (self);

  return 1.2e-3 + 2e-4 * sin (2 * G_PI * t / 23.0) + gauss (self->rand) * 5e-6;
}

/* Periodic output */

static void
bench_demo_tick_multimeter (BenchDemo *self)
{
  char value[64];
  char line[96];

  format_scientific (value, sizeof value, bench_demo_voltage (self));
  g_snprintf (line, sizeof line, "%s VDC\r\n", value);
  bench_demo_print (self, line);
}

static void
bench_demo_tick_thermo (BenchDemo *self)
{
  static const double base[3] = { 23.4, 41.0, 4.2 };
  static const double period[3] = { 90.0, 45.0, 300.0 };
  static const double amplitude[3] = { 0.6, 3.5, 0.3 };
  double t = bench_demo_seconds (self);
  GString *line = g_string_new (NULL);

  for (guint i = 0; i < 3; i++)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];
      double v;

      self->drift2[i] = CLAMP (self->drift2[i] + gauss (self->rand) * 0.01, -0.5, 0.5);
      v = base[i] + amplitude[i] * sin (2 * G_PI * t / period[i]) + self->drift2[i] + gauss (self->rand) * 0.02;
      g_ascii_formatd (buf, sizeof buf, "%.2f", v);
      if (i > 0)
        g_string_append_c (line, ',');
      g_string_append (line, buf);
    }
  g_string_append_c (line, '\n');
  bench_demo_write (self, line->str, line->len);
  g_string_free (line, TRUE);
}

static void
bench_demo_tick_pico (BenchDemo *self)
{
  double t = bench_demo_seconds (self);
  char temp[G_ASCII_DTOSTR_BUF_SIZE];
  g_autofree char *line = NULL;
  int light;

  self->drift = CLAMP (self->drift + gauss (self->rand) * 0.02, -1.0, 1.0);
  g_ascii_formatd (temp, sizeof temp, "%.1f",
                   23.4 + 0.8 * sin (2 * G_PI * t / 120.0) + self->drift + gauss (self->rand) * 0.05);
  light = (int) CLAMP (512 + 300 * sin (2 * G_PI * t / 30.0) + gauss (self->rand) * 8 + (self->led ? 120 : 0), 0, 1023);
  line = g_strdup_printf ("temp=%s light=%d\r\n", temp, light);
  bench_demo_print (self, line);
}

static gboolean
bench_demo_tick_cb (gpointer data)
{
  BenchDemo *self = data;

  self->ticks++;
  switch (self->kind)
    {
    case DEMO_MULTIMETER:
      bench_demo_tick_multimeter (self);
      break;
    case DEMO_THERMO:
      bench_demo_tick_thermo (self);
      break;
    case DEMO_PICO:
      bench_demo_tick_pico (self);
      break;
    case DEMO_SCPI:
    default:
      break;
    }

  return G_SOURCE_CONTINUE;
}

/* SCPI */

static void
scpi_push_error (BenchDemo  *self,
                 const char *error)
{
  if (self->errors.length >= SCPI_QUEUE_MAX)
    {
      g_free (g_queue_pop_tail (&self->errors));
      g_queue_push_tail (&self->errors, g_strdup ("-350,\"Queue overflow\""));
      return;
    }
  g_queue_push_tail (&self->errors, g_strdup (error));
}

/* Does one header token match a mnemonic like "MEASure" (short form: the
 * upper-case prefix; long form: the whole word), case-insensitively? */
static gboolean
scpi_token_matches (const char *token,
                    gsize       len,
                    const char *mnemonic)
{
  gsize short_len = 0;

  while (g_ascii_isupper (mnemonic[short_len]) || g_ascii_isdigit (mnemonic[short_len]) || mnemonic[short_len] == '*')
    short_len++;

  if (len == short_len && g_ascii_strncasecmp (token, mnemonic, len) == 0)
    return TRUE;
  return len == strlen (mnemonic) && g_ascii_strncasecmp (token, mnemonic, len) == 0;
}

/* Matches "MEAS:VOLT:DC?" against a pattern "MEASure:VOLTage[:DC]?". */
static gboolean
scpi_matches (const char *header,
              const char *pattern)
{
  g_auto(GStrv) parts = NULL;
  g_auto(GStrv) want = NULL;
  gboolean query = g_str_has_suffix (header, "?");
  gboolean want_query = g_str_has_suffix (pattern, "?");
  g_autofree char *h = g_strndup (header, strlen (header) - (query ? 1 : 0));
  g_autofree char *p = g_strndup (pattern, strlen (pattern) - (want_query ? 1 : 0));
  guint i = 0, j = 0;

  if (query != want_query)
    return FALSE;

  parts = g_strsplit (h[0] == ':' ? h + 1 : h, ":", -1);
  /* "VOLTage[:DC]" is split as "VOLTage", "[DC]" */
  {
    g_autoptr(GString) normalized = g_string_new (p);

    g_string_replace (normalized, "[:", ":[", 0);
    want = g_strsplit (normalized->str, ":", -1);
  }

  while (want[j] != NULL)
    {
      gboolean optional = want[j][0] == '[';
      g_autofree char *mnemonic = g_strdup (want[j] + (optional ? 1 : 0));
      gsize ml = strlen (mnemonic);

      if (ml > 0 && mnemonic[ml - 1] == ']')
        mnemonic[ml - 1] = '\0';

      if (parts[i] != NULL && scpi_token_matches (parts[i], strlen (parts[i]), mnemonic))
        i++;
      else if (!optional)
        return FALSE;
      j++;
    }

  return parts[i] == NULL;
}

static void
scpi_reply (BenchDemo  *self,
            const char *text)
{
  bench_demo_print (self, text);
  bench_demo_print (self, "\n");
}

static void
scpi_reply_value (BenchDemo *self,
                  double     value)
{
  char buf[64];

  format_scientific (buf, sizeof buf, value);
  scpi_reply (self, buf);
}

static void
scpi_execute (BenchDemo  *self,
              const char *command)
{
  g_autofree char *cmd = g_strstrip (g_strdup (command));
  char *space;

  if (*cmd == '\0')
    return;

  /* header and parameters */
  space = strpbrk (cmd, " \t");
  if (space != NULL)
    *space = '\0';

  if (scpi_matches (cmd, "*IDN?"))
    scpi_reply (self, "Benchtop,DEMO-SCPI,BT000001,1.0");
  else if (scpi_matches (cmd, "*RST"))
    {
      self->measure_current = FALSE;
      self->drift = 0;
    }
  else if (scpi_matches (cmd, "*CLS"))
    {
      g_queue_clear_full (&self->errors, g_free);
    }
  else if (scpi_matches (cmd, "*OPC?"))
    scpi_reply (self, "1");
  else if (scpi_matches (cmd, "MEASure:VOLTage[:DC]?"))
    scpi_reply_value (self, bench_demo_voltage (self));
  else if (scpi_matches (cmd, "MEASure:CURRent[:DC]?"))
    scpi_reply_value (self, bench_demo_current (self));
  else if (scpi_matches (cmd, "CONFigure:VOLTage[:DC]"))
    self->measure_current = FALSE;
  else if (scpi_matches (cmd, "CONFigure:CURRent[:DC]"))
    self->measure_current = TRUE;
  else if (scpi_matches (cmd, "READ?"))
    scpi_reply_value (self, self->measure_current ? bench_demo_current (self) : bench_demo_voltage (self));
  else if (scpi_matches (cmd, "SYSTem:ERRor[:NEXT]?"))
    {
      g_autofree char *error = g_queue_pop_head (&self->errors);

      scpi_reply (self, error ? error : "0,\"No error\"");
    }
  else
    scpi_push_error (self, "-113,\"Undefined header\"");
}

static void
bench_demo_command (BenchDemo  *self,
                    const char *line)
{
  switch (self->kind)
    {
    case DEMO_SCPI:
      {
        g_auto(GStrv) commands = g_strsplit (line, ";", -1);

        for (guint i = 0; commands[i] != NULL; i++)
          scpi_execute (self, commands[i]);
      }
      break;

    case DEMO_PICO:
      {
        g_autofree char *cmd = g_strstrip (g_strdup (line));

        if (*cmd == '\0')
          break;
        if (g_ascii_strcasecmp (cmd, "led on") == 0)
          {
            self->led = TRUE;
            bench_demo_print (self, "led: on\r\n");
          }
        else if (g_ascii_strcasecmp (cmd, "led off") == 0)
          {
            self->led = FALSE;
            bench_demo_print (self, "led: off\r\n");
          }
        else if (g_ascii_strcasecmp (cmd, "help") == 0)
          bench_demo_print (self, "commands: led on, led off, help\r\n");
        else
          bench_demo_print (self, "error: unknown command (try: help)\r\n");
      }
      break;

    case DEMO_MULTIMETER:
    case DEMO_THERMO:
    default:
      /* talk-only instruments ignore what they are sent */
      break;
    }
}

/* Client presence */

static void
bench_demo_set_has_client (BenchDemo *self,
                           gboolean   has_client)
{
  if (self->has_client == has_client)
    return;
  self->has_client = has_client;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_CLIENT]);
}

static void
bench_demo_stop_talking (BenchDemo *self)
{
  if (self->in_source != NULL)
    {
      g_source_destroy (self->in_source);
      g_clear_pointer (&self->in_source, g_source_unref);
    }
  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_byte_array_set_size (self->command, 0);
  bench_demo_set_has_client (self, FALSE);
}

static gboolean
bench_demo_in_cb (GIOChannel   *channel,
                  GIOCondition  condition,
                  gpointer      data)
{
  BenchDemo *self = data;
  guint8 buf[4096];

  for (;;)
    {
      ssize_t n = read (self->master, buf, sizeof buf);

      if (n > 0)
        {
          for (ssize_t i = 0; i < n; i++)
            {
              if (buf[i] == '\n' || buf[i] == '\r')
                {
                  g_autofree char *line = g_strndup ((const char *) self->command->data, self->command->len);

                  g_byte_array_set_size (self->command, 0);
                  bench_demo_command (self, line);
                }
              else if (self->command->len < MAX_COMMAND)
                g_byte_array_append (self->command, &buf[i], 1);
            }
          continue;
        }
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0 && errno == EAGAIN)
        break;

      /* EIO: the client closed the port */
      g_clear_pointer (&self->in_source, g_source_unref);
      bench_demo_stop_talking (self);
      bench_demo_start_client_poll (self);
      return G_SOURCE_REMOVE;
    }

  return G_SOURCE_CONTINUE;
}

static void
bench_demo_start_talking (BenchDemo *self)
{
  guint interval = demo_intervals_ms[self->kind];

  bench_demo_set_has_client (self, TRUE);

  self->in_source = g_io_create_watch (self->channel, G_IO_IN | G_IO_HUP | G_IO_ERR);
  g_source_set_static_name (self->in_source, "[benchtop] demo instrument");
  g_source_set_callback (self->in_source, (GSourceFunc) (void (*) (void)) bench_demo_in_cb, self, NULL);
  g_source_attach (self->in_source, NULL);

  switch (self->kind)
    {
    case DEMO_THERMO:
      bench_demo_print (self, "t1,t2,t3\n");
      break;
    case DEMO_PICO:
      bench_demo_print (self, "MicroPython v1.22.2 on 2024-02-22; Raspberry Pi Pico with RP2040\r\n");
      break;
    case DEMO_MULTIMETER:
    case DEMO_SCPI:
    default:
      break;
    }

  if (interval > 0)
    self->tick_id = g_timeout_add (MAX (1, (guint) (interval / self->speed)), bench_demo_tick_cb, self);
}

static gboolean
bench_demo_client_poll_cb (gpointer data)
{
  BenchDemo *self = data;
  struct pollfd pfd = { self->master, POLLIN, 0 };

  if (poll (&pfd, 1, 0) >= 0 && !(pfd.revents & POLLHUP))
    {
      self->client_poll_id = 0;
      bench_demo_start_talking (self);
      return G_SOURCE_REMOVE;
    }

  return G_SOURCE_CONTINUE;
}

static void
bench_demo_start_client_poll (BenchDemo *self)
{
  if (self->client_poll_id == 0)
    self->client_poll_id = g_timeout_add (CLIENT_POLL_MS, bench_demo_client_poll_cb, self);
}

/* GObject */

static void
bench_demo_dispose (GObject *object)
{
  BenchDemo *self = (BenchDemo *) object;

  bench_demo_stop_talking (self);
  g_clear_handle_id (&self->client_poll_id, g_source_remove);

  G_OBJECT_CLASS (bench_demo_parent_class)->dispose (object);
}

static void
bench_demo_finalize (GObject *object)
{
  BenchDemo *self = (BenchDemo *) object;

  g_clear_pointer (&self->channel, g_io_channel_unref);
  bench_clear_fd (&self->master);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->command, g_byte_array_unref);
  g_clear_pointer (&self->rand, g_rand_free);
  g_queue_clear_full (&self->errors, g_free);

  G_OBJECT_CLASS (bench_demo_parent_class)->finalize (object);
}

static void
bench_demo_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  BenchDemo *self = BENCH_DEMO (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    case PROP_HAS_CLIENT:
      g_value_set_boolean (value, self->has_client);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bench_demo_class_init (BenchDemoClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bench_demo_dispose;
  object_class->finalize = bench_demo_finalize;
  object_class->get_property = bench_demo_get_property;

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HAS_CLIENT] =
    g_param_spec_boolean ("has-client", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bench_demo_init (BenchDemo *self)
{
  self->master = -1;
  self->speed = 1.0;
  self->command = g_byte_array_new ();
  self->rand = g_rand_new ();
  self->start_us = g_get_monotonic_time ();
  g_queue_init (&self->errors);
}

BenchDemo *
bench_demo_new (const char  *name,
                GError     **error)
{
  g_autoptr(BenchDemo) self = NULL;
  struct termios tio;
  char path[256];
  int kind = demo_kind_from_name (name);
  int master, slave;

  if (kind < 0)
    {
      g_set_error (error, BENCH_ERROR, BENCH_ERROR_INVALID_SPEC,
                   "Unknown demo instrument “%s”: expected multimeter, thermo, scpi or pico",
                   name ? name : "");
      return NULL;
    }

  memset (&tio, 0, sizeof tio);
  cfmakeraw (&tio);
  cfsetispeed (&tio, B115200);
  cfsetospeed (&tio, B115200);
  tio.c_cflag |= CLOCAL | CREAD;
  tio.c_cc[VMIN] = 1;

  if (openpty (&master, &slave, path, &tio, NULL) != 0)
    {
      bench_propagate_errno (error, errno, "Cannot create a pseudo-terminal for demo:%s", name);
      return NULL;
    }
  /* The slave is for the client; keeping it open would hide its comings and goings. */
  close (slave);
  fcntl (master, F_SETFD, FD_CLOEXEC);

  self = g_object_new (BENCH_TYPE_DEMO, NULL);
  self->name = g_strdup (name);
  self->kind = kind;
  self->master = master;
  self->path = g_strdup (path);
  bench_set_nonblocking (master, NULL);

  self->channel = g_io_channel_unix_new (master);
  g_io_channel_set_encoding (self->channel, NULL, NULL);
  g_io_channel_set_buffered (self->channel, FALSE);
  g_io_channel_set_close_on_unref (self->channel, FALSE);

  bench_demo_start_client_poll (self);

  return g_steal_pointer (&self);
}

const char *
bench_demo_get_name (BenchDemo *self)
{
  g_return_val_if_fail (BENCH_IS_DEMO (self), NULL);
  return self->name;
}

const char *
bench_demo_get_path (BenchDemo *self)
{
  g_return_val_if_fail (BENCH_IS_DEMO (self), NULL);
  return self->path;
}

gboolean
bench_demo_get_has_client (BenchDemo *self)
{
  g_return_val_if_fail (BENCH_IS_DEMO (self), FALSE);
  return self->has_client;
}

void
bench_demo_set_speed (BenchDemo *self,
                      double     factor)
{
  g_return_if_fail (BENCH_IS_DEMO (self));
  g_return_if_fail (factor > 0);

  self->speed = factor;
}
