/* bench-transport.h - how bytes get to and from an instrument
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A transport is one connection (a tty fd, a TCP socket, an RFC 2217
 * session). It is opened asynchronously, then delivers what it reads with
 * ::received (one emission per read(), never per byte or line), takes bytes
 * to send into a bounded non-blocking queue, and reports the end of the
 * connection once with ::closed. A transport is not reopened: the device
 * makes a new one for each attempt.
 */
#pragma once

#include <gio/gio.h>

#include "bench-types.h"

G_BEGIN_DECLS

#define BENCH_TYPE_TRANSPORT (bench_transport_get_type ())

#define BENCH_TRANSPORT_DEFAULT_TX_MAX (16u * 1024 * 1024)

G_DECLARE_INTERFACE (BenchTransport, bench_transport, BENCH, TRANSPORT, GObject)

/* The payload of ::received; valid during the emission only. */
typedef struct
{
  const guint8 *data;
  gsize         len;
  gint64        mono_us;   /* when read() returned */
  gint64        wall_us;
} BenchChunk;

struct _BenchTransportInterface
{
  GTypeInterface parent_iface;

  void      (*open_async)     (BenchTransport       *self,
                               GCancellable         *cancellable,
                               GAsyncReadyCallback   callback,
                               gpointer              user_data);
  gboolean  (*open_finish)    (BenchTransport       *self,
                               GAsyncResult         *result,
                               GError              **error);
  gboolean  (*send)           (BenchTransport       *self,
                               const guint8         *data,
                               gsize                 len,
                               GError              **error);
  void      (*close)          (BenchTransport       *self);
  gsize     (*get_tx_pending) (BenchTransport       *self);
  /* "115200 8N1" or "192.0.2.1:4001": what the connect event says */
  char     *(*describe)       (BenchTransport       *self);
  /* Apply new port settings without reconnecting, if the transport can. */
  gboolean  (*reconfigure)    (BenchTransport       *self,
                               const BenchSpec      *spec,
                               GError              **error);
  /* The path or name to watch for hot-plug, or NULL. */
  const char *(*get_watch_path) (BenchTransport     *self);
  /* Stop or resume reading, for peers that wait (TCP flow control) while the
   * log cannot keep up; NULL where pausing would lose data (a UART). */
  /* returns FALSE when it cannot pause (it keeps reading then) */
  gboolean  (*set_paused)     (BenchTransport       *self,
                               gboolean              paused);
};

void        bench_transport_open_async      (BenchTransport       *self,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
gboolean    bench_transport_open_finish     (BenchTransport       *self,
                                             GAsyncResult         *result,
                                             GError              **error);
gboolean    bench_transport_send            (BenchTransport       *self,
                                             const guint8         *data,
                                             gsize                 len,
                                             GError              **error);
void        bench_transport_close           (BenchTransport       *self);
gsize       bench_transport_get_tx_pending  (BenchTransport       *self);
char       *bench_transport_describe        (BenchTransport       *self);
gboolean    bench_transport_reconfigure     (BenchTransport       *self,
                                             const BenchSpec      *spec,
                                             GError              **error);
const char *bench_transport_get_watch_path  (BenchTransport       *self);
/* FALSE if this transport cannot pause without losing data. */
gboolean    bench_transport_set_paused      (BenchTransport       *self,
                                             gboolean              paused);

/* For implementations */
void        bench_transport_emit_received   (BenchTransport       *self,
                                             const BenchChunk     *chunk);
void        bench_transport_emit_closed     (BenchTransport       *self,
                                             const GError         *error);
void        bench_transport_emit_event      (BenchTransport       *self,
                                             BenchRowFlags         flags,
                                             const char           *message);
void        bench_transport_notify_tx_pending (BenchTransport     *self);

/* The transport for a spec (serial, socket, rfc2217). For demo specs the
 * caller first resolves the instrument to its pty path. */
BenchTransport *bench_transport_new_for_spec (const BenchSpec     *spec,
                                              GError             **error);

G_END_DECLS
