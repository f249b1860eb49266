/* bench-serial-transport.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "bench-fd-stream.h"
#include "bench-serial-transport.h"
#include "bench-spec.h"
#include "bench-tty.h"
#include "bench-util.h"

struct _BenchSerialTransport
{
  GObject         parent_instance;

  BenchSpec      *spec;
  char           *path;
  BenchFdStream  *stream;
  gboolean        closed;
  gboolean        paused;
};

static void transport_iface_init (BenchTransportInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (BenchSerialTransport, bench_serial_transport, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (BENCH_TYPE_TRANSPORT, transport_iface_init))

enum {
  PROP_0,
  PROP_TX_PENDING,
  N_PROPS
};

static void
bench_serial_transport_received_cb (gpointer      user_data,
                                    const guint8 *data,
                                    gsize         len,
                                    gint64        mono_us,
                                    gint64        wall_us)
{
  BenchSerialTransport *self = user_data;
  BenchChunk chunk = { data, len, mono_us, wall_us };

  bench_transport_emit_received (BENCH_TRANSPORT (self), &chunk);
}

static void
bench_serial_transport_closed_cb (gpointer      user_data,
                                  const GError *error)
{
  BenchSerialTransport *self = user_data;
  g_autoptr(BenchSerialTransport) hold = g_object_ref (self);

  /* Release the port (and its lock) before anyone reacts. */
  g_clear_pointer (&self->stream, bench_fd_stream_free);
  self->closed = TRUE;
  bench_transport_emit_closed (BENCH_TRANSPORT (self), error);
}

static void
bench_serial_transport_tx_pending_cb (gpointer user_data)
{
  bench_transport_notify_tx_pending (BENCH_TRANSPORT (user_data));
}

static const BenchFdStreamFuncs stream_funcs = {
  bench_serial_transport_received_cb,
  bench_serial_transport_closed_cb,
  bench_serial_transport_tx_pending_cb,
};

static void
settings_from_spec (BenchTtySettings *settings,
                    const BenchSpec  *spec)
{
  settings->baud = spec->baud;
  settings->data_bits = spec->data_bits;
  settings->parity = spec->parity;
  settings->stop_bits = spec->stop_bits;
  settings->flow = spec->flow;
  settings->raw = TRUE;
}

static int
open_port (const char  *path,
           const BenchSpec *spec,
           GError     **error)
{
  BenchTtySettings settings;
  struct stat st;
  int fd;

  fd = open (path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0)
    {
      int errsv = errno;

      switch (errsv)
        {
        case ENOENT:
          g_set_error (error, BENCH_ERROR, BENCH_ERROR_NOT_FOUND,
                       "“%s” does not exist (unplugged or not created yet)", path);
          break;
        case ENXIO:
        case ENODEV:
          g_set_error (error, BENCH_ERROR, BENCH_ERROR_NOT_FOUND,
                       "“%s” has no device behind it (%s)", path, g_strerror (errsv));
          break;
        case EACCES:
        case EPERM:
          g_set_error (error, BENCH_ERROR, BENCH_ERROR_PERMISSION,
                       "Permission denied opening “%s”: add your user to the group that owns it "
                       "(usually “dialout”), then log in again", path);
          break;
        case EBUSY:
          g_set_error (error, BENCH_ERROR, BENCH_ERROR_BUSY,
                       "“%s” is in use by another program", path);
          break;
        case EISDIR:
          g_set_error (error, BENCH_ERROR, BENCH_ERROR_NOT_A_TTY,
                       "“%s” is a directory, not a serial port", path);
          break;
        default:
          g_set_error (error, BENCH_ERROR, BENCH_ERROR_FAILED,
                       "Cannot open “%s”: %s", path, g_strerror (errsv));
          break;
        }
      return -1;
    }

  if (!isatty (fd))
    {
      g_set_error (error, BENCH_ERROR, BENCH_ERROR_NOT_A_TTY,
                   "“%s” is not a serial port (%s)", path,
                   fstat (fd, &st) == 0 && S_ISREG (st.st_mode) ? "it is a regular file" : "not a tty");
      close (fd);
      return -1;
    }

  /* Advisory, like other serial programs that use flock() */
  if (flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      int errsv = errno;

      if (errsv == EWOULDBLOCK)
        g_set_error (error, BENCH_ERROR, BENCH_ERROR_BUSY,
                     "“%s” is in use by another program", path);
      else
        g_set_error (error, BENCH_ERROR, BENCH_ERROR_FAILED,
                     "Cannot lock “%s”: %s", path, g_strerror (errsv));
      close (fd);
      return -1;
    }

  /* No tcflush(): whatever the device already sent is kept. */
  settings_from_spec (&settings, spec);
  if (!bench_tty_configure (fd, &settings, error))
    {
      g_prefix_error (error, "“%s”: ", path);
      close (fd);
      return -1;
    }

  return fd;
}

/* Some ports accept settings they cannot do without an error (a pty is always
 * 8N1): say so in the log instead of letting the user guess. */
static void
bench_serial_transport_check_applied (BenchSerialTransport *self,
                                      int                   fd)
{
  BenchTtySettings want, got;
  g_autofree char *message = NULL;

  settings_from_spec (&want, self->spec);
  if (!bench_tty_read_settings (fd, &got, NULL))
    return;

  if (got.data_bits != want.data_bits || got.parity != want.parity)
    message = g_strdup_printf ("“%s” ignored the framing %u%c%u and uses %u%c%u%s",
                               self->path,
                               want.data_bits, g_ascii_toupper (bench_parity_to_string (want.parity)[0]), want.stop_bits,
                               got.data_bits, g_ascii_toupper (bench_parity_to_string (got.parity)[0]), got.stop_bits,
                               isatty (fd) && got.data_bits == 8 && got.parity == BENCH_PARITY_NONE
                                 ? " (pseudo-terminals are always 8 data bits, no parity)" : "");
  else if (got.baud != want.baud)
    message = g_strdup_printf ("“%s” runs at %u baud instead of %u", self->path, got.baud, want.baud);

  if (message != NULL)
    bench_transport_emit_event (BENCH_TRANSPORT (self), BENCH_ROW_ERROR, message);
}

static void
bench_serial_transport_open_async (BenchTransport      *transport,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  BenchSerialTransport *self = BENCH_SERIAL_TRANSPORT (transport);
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) lines_error = NULL;
  int fd;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bench_serial_transport_open_async);

  if (self->stream != NULL || self->closed)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                               "A transport is opened only once");
      return;
    }

  /* open() of a tty with O_NONBLOCK does not block: no thread needed. */
  fd = open_port (self->path, self->spec, &error);
  if (fd < 0)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  bench_serial_transport_check_applied (self, fd);

  if ((self->spec->dtr != BENCH_SWITCH_DEFAULT || self->spec->rts != BENCH_SWITCH_DEFAULT) &&
      !bench_tty_set_modem_lines (fd, self->spec->dtr, self->spec->rts, &lines_error))
    bench_transport_emit_event (transport, BENCH_ROW_ERROR, lines_error->message);

  self->stream = bench_fd_stream_new (fd, self->path, &stream_funcs, self);
  bench_fd_stream_set_paused (self->stream, self->paused);
  bench_fd_stream_start (self->stream);

  g_task_return_boolean (task, TRUE);
}

static gboolean
bench_serial_transport_open_finish (BenchTransport  *transport,
                                    GAsyncResult    *result,
                                    GError         **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static gboolean
bench_serial_transport_send (BenchTransport  *transport,
                             const guint8    *data,
                             gsize            len,
                             GError         **error)
{
  BenchSerialTransport *self = BENCH_SERIAL_TRANSPORT (transport);

  if (self->stream == NULL)
    {
      g_set_error (error, BENCH_ERROR, BENCH_ERROR_NOT_CONNECTED,
                   "“%s” is not open", self->path);
      return FALSE;
    }

  return bench_fd_stream_write (self->stream, data, len, error);
}

static void
bench_serial_transport_close (BenchTransport *transport)
{
  BenchSerialTransport *self = BENCH_SERIAL_TRANSPORT (transport);

  self->closed = TRUE;
  g_clear_pointer (&self->stream, bench_fd_stream_free);
}

static gsize
bench_serial_transport_get_tx_pending (BenchTransport *transport)
{
  BenchSerialTransport *self = BENCH_SERIAL_TRANSPORT (transport);

  return self->stream ? bench_fd_stream_get_tx_pending (self->stream) : 0;
}

static char *
bench_serial_transport_describe (BenchTransport *transport)
{
  BenchSerialTransport *self = BENCH_SERIAL_TRANSPORT (transport);

  return bench_spec_dup_framing (self->spec);
}

static gboolean
bench_serial_transport_reconfigure (BenchTransport   *transport,
                                    const BenchSpec  *spec,
                                    GError          **error)
{
  BenchSerialTransport *self = BENCH_SERIAL_TRANSPORT (transport);
  BenchTtySettings settings;

  if (self->stream == NULL)
    {
      g_set_error (error, BENCH_ERROR, BENCH_ERROR_NOT_CONNECTED,
                   "“%s” is not open", self->path);
      return FALSE;
    }

  settings_from_spec (&settings, spec);
  if (!bench_tty_configure (bench_fd_stream_get_fd (self->stream), &settings, error))
    return FALSE;

  if ((spec->dtr != self->spec->dtr || spec->rts != self->spec->rts) &&
      !bench_tty_set_modem_lines (bench_fd_stream_get_fd (self->stream),
                                  spec->dtr != self->spec->dtr ? spec->dtr : BENCH_SWITCH_DEFAULT,
                                  spec->rts != self->spec->rts ? spec->rts : BENCH_SWITCH_DEFAULT,
                                  error))
    return FALSE;

  g_clear_pointer (&self->spec, bench_spec_free);
  self->spec = bench_spec_copy (spec);

  return TRUE;
}

static const char *
bench_serial_transport_get_watch_path (BenchTransport *transport)
{
  return BENCH_SERIAL_TRANSPORT (transport)->path;
}

/* Pausing only where the sender waits meanwhile: the other side of a pty,
 * a port with RTS/CTS or XON/XOFF flow control, or a USB CDC-ACM device
 * (USB bulk transfers are flow-controlled). A bare UART would overflow in
 * the kernel, silently: there the log drops and counts instead. */
static gboolean
bench_serial_transport_can_wait (BenchSerialTransport *self)
{
  int fd;
  g_autofree char *base = NULL;
  char *real;
  struct stat st;

  if (self->spec->flow != BENCH_FLOW_NONE)
    return TRUE;

  fd = self->stream ? bench_fd_stream_get_fd (self->stream) : -1;
  /* Unix 98 pty slaves have majors 136..143 */
  if (fd >= 0 && fstat (fd, &st) == 0 && S_ISCHR (st.st_mode) &&
      major (st.st_rdev) >= 136 && major (st.st_rdev) <= 143)
    return TRUE;

  real = realpath (self->path, NULL);
  base = g_path_get_basename (real ? real : self->path);
  free (real);
  return g_str_has_prefix (base, "ttyACM");
}

static gboolean
bench_serial_transport_set_paused (BenchTransport *transport,
                                   gboolean        paused)
{
  BenchSerialTransport *self = BENCH_SERIAL_TRANSPORT (transport);

  if (paused && !bench_serial_transport_can_wait (self))
    paused = FALSE;

  self->paused = paused;
  if (self->stream != NULL)
    bench_fd_stream_set_paused (self->stream, paused);

  return paused || self->stream == NULL;
}

static void
transport_iface_init (BenchTransportInterface *iface)
{
  iface->open_async = bench_serial_transport_open_async;
  iface->open_finish = bench_serial_transport_open_finish;
  iface->send = bench_serial_transport_send;
  iface->close = bench_serial_transport_close;
  iface->get_tx_pending = bench_serial_transport_get_tx_pending;
  iface->describe = bench_serial_transport_describe;
  iface->reconfigure = bench_serial_transport_reconfigure;
  iface->get_watch_path = bench_serial_transport_get_watch_path;
  iface->set_paused = bench_serial_transport_set_paused;
}

static void
bench_serial_transport_finalize (GObject *object)
{
  BenchSerialTransport *self = (BenchSerialTransport *) object;

  g_clear_pointer (&self->stream, bench_fd_stream_free);
  g_clear_pointer (&self->spec, bench_spec_free);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (bench_serial_transport_parent_class)->finalize (object);
}

static void
bench_serial_transport_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  BenchSerialTransport *self = BENCH_SERIAL_TRANSPORT (object);

  switch (prop_id)
    {
    case PROP_TX_PENDING:
      g_value_set_uint64 (value, bench_serial_transport_get_tx_pending (BENCH_TRANSPORT (self)));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bench_serial_transport_class_init (BenchSerialTransportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bench_serial_transport_finalize;
  object_class->get_property = bench_serial_transport_get_property;

  g_object_class_override_property (object_class, PROP_TX_PENDING, "tx-pending");
}

static void
bench_serial_transport_init (BenchSerialTransport *self)
{
}

BenchSerialTransport *
bench_serial_transport_new (const BenchSpec *spec,
                            const char      *path)
{
  BenchSerialTransport *self;

  g_return_val_if_fail (spec != NULL, NULL);
  g_return_val_if_fail (path != NULL || spec->path != NULL, NULL);

  self = g_object_new (BENCH_TYPE_SERIAL_TRANSPORT, NULL);
  self->spec = bench_spec_copy (spec);
  self->path = g_strdup (path ? path : spec->path);

  return self;
}

const char *
bench_serial_transport_get_path (BenchSerialTransport *self)
{
  g_return_val_if_fail (BENCH_IS_SERIAL_TRANSPORT (self), NULL);

  return self->path;
}

int
bench_serial_transport_get_fd (BenchSerialTransport *self)
{
  g_return_val_if_fail (BENCH_IS_SERIAL_TRANSPORT (self), -1);

  return self->stream ? bench_fd_stream_get_fd (self->stream) : -1;
}
