/* bench-transport.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bench-enums.h"
#include "bench-transport.h"

G_DEFINE_INTERFACE (BenchTransport, bench_transport, G_TYPE_OBJECT)

enum {
  RECEIVED,
  CLOSED,
  EVENT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
bench_transport_default_init (BenchTransportInterface *iface)
{
  /**
   * BenchTransport::received:
   * @chunk: (type gpointer): a #BenchChunk, valid during the emission only
   *
   * Emitted once per read() with the bytes read. Hot path: a C marshaller.
   */
  signals[RECEIVED] =
    g_signal_new ("received",
                  G_TYPE_FROM_INTERFACE (iface),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL,
                  g_cclosure_marshal_VOID__POINTER,
                  G_TYPE_NONE, 1, G_TYPE_POINTER);
  g_signal_set_va_marshaller (signals[RECEIVED],
                              G_TYPE_FROM_INTERFACE (iface),
                              g_cclosure_marshal_VOID__POINTERv);

  /**
   * BenchTransport::closed:
   * @error: why the connection ended
   *
   * Emitted once when the connection is lost (hang-up, EIO, EOF, reset).
   * Not emitted for bench_transport_close().
   */
  signals[CLOSED] =
    g_signal_new ("closed",
                  G_TYPE_FROM_INTERFACE (iface),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ERROR);

  /**
   * BenchTransport::event:
   * @flags: #BenchRowFlags (BENCH_ROW_ERROR for warnings)
   * @message: a human-readable note for the session log
   *
   * Something worth logging that is not data: an unsupported setting, a
   * modem-state change reported by an RFC 2217 server.
   */
  signals[EVENT] =
    g_signal_new ("event",
                  G_TYPE_FROM_INTERFACE (iface),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2,
                  BENCH_TYPE_ROW_FLAGS,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);

  g_object_interface_install_property (iface,
                                       g_param_spec_uint64 ("tx-pending", NULL, NULL,
                                                            0, G_MAXUINT64, 0,
                                                            G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));
}

void
bench_transport_open_async (BenchTransport      *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (BENCH_IS_TRANSPORT (self));

  BENCH_TRANSPORT_GET_IFACE (self)->open_async (self, cancellable, callback, user_data);
}

gboolean
bench_transport_open_finish (BenchTransport  *self,
                             GAsyncResult    *result,
                             GError         **error)
{
  g_return_val_if_fail (BENCH_IS_TRANSPORT (self), FALSE);

  return BENCH_TRANSPORT_GET_IFACE (self)->open_finish (self, result, error);
}

gboolean
bench_transport_send (BenchTransport  *self,
                      const guint8    *data,
                      gsize            len,
                      GError         **error)
{
  g_return_val_if_fail (BENCH_IS_TRANSPORT (self), FALSE);
  g_return_val_if_fail (data != NULL || len == 0, FALSE);

  return BENCH_TRANSPORT_GET_IFACE (self)->send (self, data, len, error);
}

void
bench_transport_close (BenchTransport *self)
{
  g_return_if_fail (BENCH_IS_TRANSPORT (self));

  BENCH_TRANSPORT_GET_IFACE (self)->close (self);
}

gsize
bench_transport_get_tx_pending (BenchTransport *self)
{
  g_return_val_if_fail (BENCH_IS_TRANSPORT (self), 0);

  return BENCH_TRANSPORT_GET_IFACE (self)->get_tx_pending (self);
}

char *
bench_transport_describe (BenchTransport *self)
{
  BenchTransportInterface *iface;

  g_return_val_if_fail (BENCH_IS_TRANSPORT (self), NULL);

  iface = BENCH_TRANSPORT_GET_IFACE (self);
  if (iface->describe == NULL)
    return g_strdup ("");
  return iface->describe (self);
}

gboolean
bench_transport_reconfigure (BenchTransport   *self,
                             const BenchSpec  *spec,
                             GError          **error)
{
  BenchTransportInterface *iface;

  g_return_val_if_fail (BENCH_IS_TRANSPORT (self), FALSE);
  g_return_val_if_fail (spec != NULL, FALSE);

  iface = BENCH_TRANSPORT_GET_IFACE (self);
  if (iface->reconfigure == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           "This connection cannot change its settings while open");
      return FALSE;
    }
  return iface->reconfigure (self, spec, error);
}

const char *
bench_transport_get_watch_path (BenchTransport *self)
{
  BenchTransportInterface *iface;

  g_return_val_if_fail (BENCH_IS_TRANSPORT (self), NULL);

  iface = BENCH_TRANSPORT_GET_IFACE (self);
  if (iface->get_watch_path == NULL)
    return NULL;
  return iface->get_watch_path (self);
}

gboolean
bench_transport_set_paused (BenchTransport *self,
                            gboolean        paused)
{
  BenchTransportInterface *iface;

  g_return_val_if_fail (BENCH_IS_TRANSPORT (self), FALSE);

  iface = BENCH_TRANSPORT_GET_IFACE (self);
  if (iface->set_paused == NULL)
    return !paused;
  return iface->set_paused (self, paused);
}

void
bench_transport_emit_received (BenchTransport   *self,
                               const BenchChunk *chunk)
{
  g_signal_emit (self, signals[RECEIVED], 0, chunk);
}

void
bench_transport_emit_closed (BenchTransport *self,
                             const GError   *error)
{
  g_signal_emit (self, signals[CLOSED], 0, error);
}

void
bench_transport_emit_event (BenchTransport *self,
                            BenchRowFlags   flags,
                            const char     *message)
{
  g_signal_emit (self, signals[EVENT], 0, flags, message);
}

void
bench_transport_notify_tx_pending (BenchTransport *self)
{
  g_object_notify (G_OBJECT (self), "tx-pending");
}
