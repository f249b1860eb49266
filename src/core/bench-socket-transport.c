/* bench-socket-transport.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>
#include <unistd.h>

#include "bench-escape.h"
#include "bench-fd-stream.h"
#include "bench-socket-private.h"
#include "bench-socket-transport.h"
#include "bench-spec.h"
#include "bench-util.h"

/* Connecting */

typedef struct
{
  char          *host;
  guint16        port;
  GCancellable  *cancellable;         /* ours: cancelled by the timeout or by the caller */
  BenchCancelLink caller;
  GSource       *timeout_source;
  guint          timeout_ms;
  gboolean       timed_out;
} ConnectData;

static void
connect_data_free (ConnectData *data)
{
  _bench_cancel_unlink (&data->caller);
  if (data->timeout_source != NULL)
    {
      g_source_destroy (data->timeout_source);
      g_clear_pointer (&data->timeout_source, g_source_unref);
    }
  g_clear_object (&data->cancellable);
  g_free (data->host);
  g_free (data);
}

char *
_bench_host_port (const char *host,
                  guint16     port)
{
  if (strchr (host, ':') != NULL)
    return g_strdup_printf ("[%s]:%u", host, port);
  return g_strdup_printf ("%s:%u", host, port);
}

static gboolean
connect_timeout_cb (gpointer user_data)
{
  ConnectData *data = user_data;

  data->timed_out = TRUE;
  g_clear_pointer (&data->timeout_source, g_source_unref);
  g_cancellable_cancel (data->cancellable);

  return G_SOURCE_REMOVE;
}

static void
connect_caller_cancelled_cb (GCancellable *caller,
                             GCancellable *ours)
{
  g_cancellable_cancel (ours);
}

void
_bench_cancel_link (BenchCancelLink *link,
                    GCancellable    *caller,
                    GCancellable    *ours)
{
  g_assert (link->caller == NULL);

  if (caller == NULL)
    return;
  link->caller = g_object_ref (caller);
  link->handler = g_cancellable_connect (caller, G_CALLBACK (connect_caller_cancelled_cb), ours, NULL);
}

void
_bench_cancel_unlink (BenchCancelLink *link)
{
  if (link->handler != 0)
    g_cancellable_disconnect (link->caller, link->handler);
  link->handler = 0;
  g_clear_object (&link->caller);
}

static void
set_socket_options (GSocket *socket)
{
  /* commands are small and interactive: no Nagle delay */
  g_socket_set_option (socket, IPPROTO_TCP, TCP_NODELAY, 1, NULL);
  /* notice a dead server or a pulled cable within about half a minute */
  g_socket_set_keepalive (socket, TRUE);
  g_socket_set_option (socket, IPPROTO_TCP, TCP_KEEPIDLE, 10, NULL);
  g_socket_set_option (socket, IPPROTO_TCP, TCP_KEEPINTVL, 5, NULL);
  g_socket_set_option (socket, IPPROTO_TCP, TCP_KEEPCNT, 3, NULL);
}

static GError *
map_connect_error (ConnectData  *data,
                   const GError *error)
{
  g_autofree char *label = _bench_host_port (data->host, data->port);

  if (data->timed_out)
    return g_error_new (BENCH_ERROR, BENCH_ERROR_NETWORK,
                        "No answer from %s within %u.%u s", label,
                        data->timeout_ms / 1000, (data->timeout_ms % 1000) / 100);

  if (error->domain == G_RESOLVER_ERROR)
    return g_error_new (BENCH_ERROR, BENCH_ERROR_NETWORK,
                        "Cannot find the host “%s” (%s)", data->host, error->message);

  if (error->domain == G_IO_ERROR)
    {
      switch (error->code)
        {
        case G_IO_ERROR_CONNECTION_REFUSED:
          return g_error_new (BENCH_ERROR, BENCH_ERROR_NOT_FOUND,
                              "%s refused the connection (nothing is listening on that port)", label);
        case G_IO_ERROR_HOST_UNREACHABLE:
        case G_IO_ERROR_NETWORK_UNREACHABLE:
          return g_error_new (BENCH_ERROR, BENCH_ERROR_NETWORK,
                              "%s is unreachable (%s)", label, error->message);
        case G_IO_ERROR_TIMED_OUT:
          return g_error_new (BENCH_ERROR, BENCH_ERROR_NETWORK,
                              "No answer from %s (%s)", label, error->message);
        case G_IO_ERROR_HOST_NOT_FOUND:
          return g_error_new (BENCH_ERROR, BENCH_ERROR_NETWORK,
                              "Cannot find the host “%s” (%s)", data->host, error->message);
        default:
          break;
        }
    }

  return g_error_new (BENCH_ERROR, BENCH_ERROR_NETWORK,
                      "Cannot connect to %s: %s", label, error->message);
}

static void
connect_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ConnectData *data = g_task_get_task_data (task);
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;

  connection = g_socket_client_connect_to_host_finish (G_SOCKET_CLIENT (object), result, &error);
  if (connection == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && !data->timed_out)
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_error (task, map_connect_error (data, error));
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&connection), g_object_unref);
}

void
_bench_tcp_connect_async (const char          *host,
                          guint16              port,
                          guint                timeout_ms,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GSocketClient) client = NULL;
  g_autoptr(GTask) task = NULL;
  ConnectData *data;

  g_return_if_fail (host != NULL);
  g_return_if_fail (port != 0);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, _bench_tcp_connect_async);
  g_task_set_check_cancellable (task, FALSE);

  data = g_new0 (ConnectData, 1);
  data->host = g_strdup (host);
  data->port = port;
  data->timeout_ms = timeout_ms;
  data->cancellable = g_cancellable_new ();
  g_task_set_task_data (task, data, (GDestroyNotify) connect_data_free);

  _bench_cancel_link (&data->caller, cancellable, data->cancellable);

  if (timeout_ms > 0)
    {
      data->timeout_source = g_timeout_source_new (timeout_ms);
      g_source_set_static_name (data->timeout_source, "[benchtop] connect timeout");
      g_source_set_callback (data->timeout_source, connect_timeout_cb, data, NULL);
      g_source_attach (data->timeout_source, g_main_context_get_thread_default ());
    }

  client = g_socket_client_new ();
  /* a lab instrument is reached directly, never through an HTTP/SOCKS proxy */
  g_socket_client_set_enable_proxy (client, FALSE);
  g_socket_client_connect_to_host_async (client, host, port, data->cancellable,
                                         connect_done_cb, g_steal_pointer (&task));
}

int
_bench_tcp_connect_finish (GAsyncResult  *result,
                           char         **peer,
                           GError       **error)
{
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  GSocket *socket;
  int fd;

  g_return_val_if_fail (g_task_is_valid (result, NULL), -1);

  connection = g_task_propagate_pointer (G_TASK (result), error);
  if (connection == NULL)
    return -1;

  socket = g_socket_connection_get_socket (connection);
  set_socket_options (socket);

  /* The fd stream owns a descriptor of its own; the GSocket closes its copy. */
  fd = fcntl (g_socket_get_fd (socket), F_DUPFD_CLOEXEC, 3);
  if (fd < 0)
    {
      bench_propagate_errno (error, errno, "Cannot duplicate the socket");
      return -1;
    }

  if (peer != NULL)
    {
      address = g_socket_connection_get_remote_address (connection, NULL);
      if (G_IS_INET_SOCKET_ADDRESS (address))
        {
          g_autofree char *ip = g_inet_address_to_string (g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (address)));

          *peer = _bench_host_port (ip, g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (address)));
        }
      else
        *peer = NULL;
    }

  return fd;
}

GError *
_bench_closed_early_error (const char   *label,
                           const guint8 *text,
                           gsize         len)
{
  g_autofree char *escaped = NULL;
  g_autofree char *lower = NULL;
  g_autofree char *message = NULL;

  /* the text is for people: trim line ends and blanks */
  while (len > 0 && g_ascii_isspace (text[0]))
    {
      text++;
      len--;
    }
  while (len > 0 && g_ascii_isspace (text[len - 1]))
    len--;

  if (len == 0)
    return g_error_new (BENCH_ERROR, BENCH_ERROR_NETWORK,
                        "%s closed the connection at once", label);

  escaped = bench_escape (text, MIN (len, 512));
  lower = g_ascii_strdown (escaped, -1);
  message = g_strdup_printf ("%s closed the connection: “%s”", label, escaped);

  return g_error_new_literal (BENCH_ERROR,
                              strstr (lower, "in use") != NULL ? BENCH_ERROR_BUSY : BENCH_ERROR_NETWORK,
                              message);
}

/* Held chunks */

typedef struct
{
  gsize  offset;
  gsize  len;
  gint64 mono_us;
  gint64 wall_us;
} HeldChunk;

void
_bench_held_init (BenchHeldChunks *held)
{
  held->bytes = g_byte_array_new ();
  held->chunks = g_array_new (FALSE, FALSE, sizeof (HeldChunk));
}

void
_bench_held_clear (BenchHeldChunks *held)
{
  g_clear_pointer (&held->bytes, g_byte_array_unref);
  g_clear_pointer (&held->chunks, g_array_unref);
}

void
_bench_held_add (BenchHeldChunks *held,
                 const guint8    *data,
                 gsize            len,
                 gint64           mono_us,
                 gint64           wall_us)
{
  HeldChunk chunk = { held->bytes->len, len, mono_us, wall_us };

  if (len == 0)
    return;
  g_byte_array_append (held->bytes, data, len);
  g_array_append_val (held->chunks, chunk);
}

gsize
_bench_held_get_size (BenchHeldChunks *held)
{
  return held->bytes != NULL ? held->bytes->len : 0;
}

void
_bench_held_emit (BenchHeldChunks *held,
                  BenchTransport  *transport,
                  gint64           not_before_mono,
                  gint64           not_before_wall)
{
  g_autoptr(GByteArray) bytes = NULL;
  g_autoptr(GArray) chunks = NULL;
  g_autoptr(BenchTransport) hold = g_object_ref (transport);

  if (held->chunks == NULL || held->chunks->len == 0)
    return;

  /* a handler may close the transport: work on our own copy */
  bytes = g_steal_pointer (&held->bytes);
  chunks = g_steal_pointer (&held->chunks);
  _bench_held_init (held);

  for (guint i = 0; i < chunks->len; i++)
    {
      const HeldChunk *c = &g_array_index (chunks, HeldChunk, i);
      BenchChunk chunk = { bytes->data + c->offset, c->len,
                           MAX (c->mono_us, not_before_mono), MAX (c->wall_us, not_before_wall) };

      bench_transport_emit_received (transport, &chunk);
    }
}

/* The transport */

struct _BenchSocketTransport
{
  GObject          parent_instance;

  BenchSpec       *spec;
  char            *label;
  char            *peer;
  guint            connect_timeout_ms;

  GTask           *open_task;
  GCancellable    *connect_cancellable;
  BenchCancelLink  caller;
  BenchFdStream   *stream;

  /* the settling time after connect, then the delivery of what it held */
  GSource         *settle_source;
  BenchHeldChunks  held;
  gboolean         holding;

  gboolean         started;
  gboolean         closed;
  gboolean         paused;
};

static void transport_iface_init (BenchTransportInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (BenchSocketTransport, bench_socket_transport, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (BENCH_TYPE_TRANSPORT, transport_iface_init))

enum {
  PROP_0,
  PROP_TX_PENDING,
  PROP_PEER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
bench_socket_transport_clear_settle (BenchSocketTransport *self)
{
  if (self->settle_source != NULL)
    {
      g_source_destroy (self->settle_source);
      g_clear_pointer (&self->settle_source, g_source_unref);
    }
}

static void
bench_socket_transport_fail_open (BenchSocketTransport *self,
                                  GError               *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->open_task);

  g_assert (task != NULL);

  _bench_cancel_unlink (&self->caller);
  bench_socket_transport_clear_settle (self);
  g_clear_pointer (&self->stream, bench_fd_stream_free);
  _bench_held_clear (&self->held);
  _bench_held_init (&self->held);
  self->holding = FALSE;
  self->closed = TRUE;
  g_task_return_error (task, error);
}

/* After the open completed: deliver what the settling time held, from an
 * idle so the device has seen the open finish first. New reads keep being
 * held until then, so nothing is reordered. */
static gboolean
bench_socket_transport_release_cb (gpointer user_data)
{
  BenchSocketTransport *self = user_data;

  g_clear_pointer (&self->settle_source, g_source_unref);
  self->holding = FALSE;
  _bench_held_emit (&self->held, BENCH_TRANSPORT (self), bench_now_mono (), bench_now_wall ());

  return G_SOURCE_REMOVE;
}

static void
bench_socket_transport_complete_open (BenchSocketTransport *self)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->open_task);
  g_autoptr(BenchSocketTransport) hold = g_object_ref (self);

  g_assert (task != NULL);

  _bench_cancel_unlink (&self->caller);
  bench_socket_transport_clear_settle (self);

  /* the device may close us from its callback */
  g_task_return_boolean (task, TRUE);
  if (self->closed)
    return;

  /* below the GTask's own idle, should it defer the callback */
  self->settle_source = g_idle_source_new ();
  g_source_set_priority (self->settle_source, G_PRIORITY_DEFAULT_IDLE);
  g_source_set_static_name (self->settle_source, "[benchtop] socket release");
  g_source_set_callback (self->settle_source, bench_socket_transport_release_cb, self, NULL);
  g_source_attach (self->settle_source, g_main_context_get_thread_default ());
}

static gboolean
bench_socket_transport_settled_cb (gpointer user_data)
{
  BenchSocketTransport *self = user_data;

  g_clear_pointer (&self->settle_source, g_source_unref);
  bench_socket_transport_complete_open (self);

  return G_SOURCE_REMOVE;
}

static void
bench_socket_transport_received_cb (gpointer      user_data,
                                    const guint8 *data,
                                    gsize         len,
                                    gint64        mono_us,
                                    gint64        wall_us)
{
  BenchSocketTransport *self = user_data;
  BenchChunk chunk = { data, len, mono_us, wall_us };

  if (self->holding)
    {
      _bench_held_add (&self->held, data, len, mono_us, wall_us);
      if (self->open_task != NULL && _bench_held_get_size (&self->held) > BENCH_SOCKET_SETTLE_MAX_BYTES)
        bench_socket_transport_complete_open (self);
      return;
    }

  bench_transport_emit_received (BENCH_TRANSPORT (self), &chunk);
}

static void
bench_socket_transport_closed_cb (gpointer      user_data,
                                  const GError *error)
{
  BenchSocketTransport *self = user_data;
  g_autoptr(BenchSocketTransport) hold = g_object_ref (self);

  if (self->open_task != NULL)
    {
      /* closed while settling: the server refused us, and said why */
      bench_socket_transport_fail_open (self,
                                        _bench_closed_early_error (self->label,
                                                                   self->held.bytes->data,
                                                                   self->held.bytes->len));
      return;
    }

  /* whatever was held is delivered before the end */
  bench_socket_transport_clear_settle (self);
  self->holding = FALSE;
  _bench_held_emit (&self->held, BENCH_TRANSPORT (self), bench_now_mono (), bench_now_wall ());

  g_clear_pointer (&self->stream, bench_fd_stream_free);
  self->closed = TRUE;
  bench_transport_emit_closed (BENCH_TRANSPORT (self), error);
}

static void
bench_socket_transport_tx_pending_cb (gpointer user_data)
{
  bench_transport_notify_tx_pending (BENCH_TRANSPORT (user_data));
}

static const BenchFdStreamFuncs stream_funcs = {
  bench_socket_transport_received_cb,
  bench_socket_transport_closed_cb,
  bench_socket_transport_tx_pending_cb,
};

static void
bench_socket_transport_connected_cb (GObject      *object,
                                     GAsyncResult *result,
                                     gpointer      user_data)
{
  g_autoptr(BenchSocketTransport) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *peer = NULL;
  int fd;

  fd = _bench_tcp_connect_finish (result, &peer, &error);
  g_clear_object (&self->connect_cancellable);

  if (self->open_task == NULL)
    {
      /* closed meanwhile */
      if (fd >= 0)
        close (fd);
      return;
    }

  if (fd < 0)
    {
      bench_socket_transport_fail_open (self, g_steal_pointer (&error));
      return;
    }

  if (bench_set_str (&self->peer, peer))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PEER]);

  self->stream = bench_fd_stream_new (fd, self->label, &stream_funcs, self);
  self->holding = TRUE;
  bench_fd_stream_set_paused (self->stream, self->paused);
  bench_fd_stream_start (self->stream);

  self->settle_source = g_timeout_source_new (BENCH_SOCKET_SETTLE_MS);
  g_source_set_static_name (self->settle_source, "[benchtop] socket settle");
  g_source_set_callback (self->settle_source, bench_socket_transport_settled_cb, self, NULL);
  g_source_attach (self->settle_source, g_main_context_get_thread_default ());
}

static void
bench_socket_transport_open_async (BenchTransport      *transport,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  BenchSocketTransport *self = BENCH_SOCKET_TRANSPORT (transport);
  g_autoptr(GTask) task = NULL;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bench_socket_transport_open_async);

  if (self->started || self->closed)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                               "A transport is opened only once");
      return;
    }
  self->started = TRUE;

  self->open_task = g_steal_pointer (&task);
  self->connect_cancellable = g_cancellable_new ();
  _bench_cancel_link (&self->caller, cancellable, self->connect_cancellable);
  _bench_tcp_connect_async (self->spec->host, self->spec->port, self->connect_timeout_ms,
                            self->connect_cancellable, bench_socket_transport_connected_cb,
                            g_object_ref (self));
}

static gboolean
bench_socket_transport_open_finish (BenchTransport  *transport,
                                    GAsyncResult    *result,
                                    GError         **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static gboolean
bench_socket_transport_send (BenchTransport  *transport,
                             const guint8    *data,
                             gsize            len,
                             GError         **error)
{
  BenchSocketTransport *self = BENCH_SOCKET_TRANSPORT (transport);

  if (self->stream == NULL)
    {
      g_set_error (error, BENCH_ERROR, BENCH_ERROR_NOT_CONNECTED,
                   "%s is not connected", self->label);
      return FALSE;
    }

  return bench_fd_stream_write (self->stream, data, len, error);
}

static void
bench_socket_transport_close (BenchTransport *transport)
{
  BenchSocketTransport *self = BENCH_SOCKET_TRANSPORT (transport);

  self->closed = TRUE;
  _bench_cancel_unlink (&self->caller);
  if (self->connect_cancellable != NULL)
    g_cancellable_cancel (self->connect_cancellable);
  bench_socket_transport_clear_settle (self);
  g_clear_pointer (&self->stream, bench_fd_stream_free);
  if (self->open_task != NULL)
    {
      g_autoptr(GTask) task = g_steal_pointer (&self->open_task);

      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Closed");
    }
}

static gsize
bench_socket_transport_get_tx_pending (BenchTransport *transport)
{
  BenchSocketTransport *self = BENCH_SOCKET_TRANSPORT (transport);

  return self->stream ? bench_fd_stream_get_tx_pending (self->stream) : 0;
}

static char *
bench_socket_transport_describe (BenchTransport *transport)
{
  BenchSocketTransport *self = BENCH_SOCKET_TRANSPORT (transport);

  if (self->peer != NULL && g_strcmp0 (self->peer, self->label) != 0)
    return g_strdup_printf ("%s (%s)", self->label, self->peer);
  return g_strdup (self->label);
}

static gboolean
bench_socket_transport_reconfigure (BenchTransport   *transport,
                                    const BenchSpec  *spec,
                                    GError          **error)
{
  BenchSocketTransport *self = BENCH_SOCKET_TRANSPORT (transport);

  /* A raw TCP port has no serial settings of its own to change; the new
   * values are kept so that describe() and a reconnect agree with the spec. */
  g_clear_pointer (&self->spec, bench_spec_free);
  self->spec = bench_spec_copy (spec);

  return TRUE;
}

static gboolean
bench_socket_transport_set_paused (BenchTransport *transport,
                                   gboolean        paused)
{
  BenchSocketTransport *self = BENCH_SOCKET_TRANSPORT (transport);

  self->paused = paused;
  if (self->stream != NULL)
    bench_fd_stream_set_paused (self->stream, paused);

  return TRUE;
}

static void
transport_iface_init (BenchTransportInterface *iface)
{
  iface->open_async = bench_socket_transport_open_async;
  iface->open_finish = bench_socket_transport_open_finish;
  iface->send = bench_socket_transport_send;
  iface->close = bench_socket_transport_close;
  iface->get_tx_pending = bench_socket_transport_get_tx_pending;
  iface->describe = bench_socket_transport_describe;
  iface->reconfigure = bench_socket_transport_reconfigure;
  iface->get_watch_path = NULL;
  iface->set_paused = bench_socket_transport_set_paused;
}

static void
bench_socket_transport_dispose (GObject *object)
{
  BenchSocketTransport *self = (BenchSocketTransport *) object;

  bench_socket_transport_close (BENCH_TRANSPORT (self));

  G_OBJECT_CLASS (bench_socket_transport_parent_class)->dispose (object);
}

static void
bench_socket_transport_finalize (GObject *object)
{
  BenchSocketTransport *self = (BenchSocketTransport *) object;

  _bench_held_clear (&self->held);
  g_clear_pointer (&self->spec, bench_spec_free);
  g_clear_pointer (&self->label, g_free);
  g_clear_pointer (&self->peer, g_free);

  G_OBJECT_CLASS (bench_socket_transport_parent_class)->finalize (object);
}

static void
bench_socket_transport_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  BenchSocketTransport *self = BENCH_SOCKET_TRANSPORT (object);

  switch (prop_id)
    {
    case PROP_TX_PENDING:
      g_value_set_uint64 (value, bench_socket_transport_get_tx_pending (BENCH_TRANSPORT (self)));
      break;
    case PROP_PEER:
      g_value_set_string (value, self->peer);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bench_socket_transport_class_init (BenchSocketTransportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bench_socket_transport_dispose;
  object_class->finalize = bench_socket_transport_finalize;
  object_class->get_property = bench_socket_transport_get_property;

  g_object_class_override_property (object_class, PROP_TX_PENDING, "tx-pending");
  properties[PROP_PEER] =
    g_param_spec_string ("peer", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_property (object_class, PROP_PEER, properties[PROP_PEER]);
}

static void
bench_socket_transport_init (BenchSocketTransport *self)
{
  self->connect_timeout_ms = BENCH_SOCKET_CONNECT_TIMEOUT_MS;
  _bench_held_init (&self->held);
}

BenchSocketTransport *
bench_socket_transport_new (const BenchSpec *spec)
{
  BenchSocketTransport *self;

  g_return_val_if_fail (spec != NULL, NULL);
  g_return_val_if_fail (spec->host != NULL && spec->port != 0, NULL);

  self = g_object_new (BENCH_TYPE_SOCKET_TRANSPORT, NULL);
  self->spec = bench_spec_copy (spec);
  self->label = _bench_host_port (spec->host, spec->port);

  return self;
}

void
bench_socket_transport_set_connect_timeout (BenchSocketTransport *self,
                                            guint                 timeout_ms)
{
  g_return_if_fail (BENCH_IS_SOCKET_TRANSPORT (self));

  self->connect_timeout_ms = timeout_ms;
}

const char *
bench_socket_transport_get_peer (BenchSocketTransport *self)
{
  g_return_val_if_fail (BENCH_IS_SOCKET_TRANSPORT (self), NULL);

  return self->peer;
}
