/* bench-socket-private.h - what the two network transports share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "bench-transport.h"

G_BEGIN_DECLS

/* Resolves and connects without blocking (GSocketClient, no proxy), gives up
 * after @timeout_ms, and maps failures to BENCH_ERROR codes with messages
 * that name HOST:PORT:
 *   refused                      BENCH_ERROR_NOT_FOUND (nothing listening, like a missing path)
 *   unknown host, unreachable,
 *   timeout, anything else       BENCH_ERROR_NETWORK
 * A cancelled @cancellable gives G_IO_ERROR_CANCELLED. */
void      _bench_tcp_connect_async  (const char           *host,
                                     guint16               port,
                                     guint                 timeout_ms,
                                     GCancellable         *cancellable,
                                     GAsyncReadyCallback   callback,
                                     gpointer              user_data);
/* Returns a connected non-blocking descriptor (TCP_NODELAY, keepalive on),
 * owned by the caller, and the peer's address in @peer ("192.0.2.1:4001"). */
int       _bench_tcp_connect_finish (GAsyncResult         *result,
                                     char                **peer,
                                     GError              **error);

/* A caller's cancellable forwarded to one of our own, which the transport
 * also cancels itself (a close during the connect, a timeout). */
typedef struct
{
  GCancellable *caller;
  gulong        handler;
} BenchCancelLink;

void      _bench_cancel_link        (BenchCancelLink      *link,
                                     GCancellable         *caller,
                                     GCancellable         *ours);
void      _bench_cancel_unlink      (BenchCancelLink      *link);

/* "HOST:PORT", with brackets around an IPv6 address */
char     *_bench_host_port          (const char           *host,
                                     guint16               port);

/* What a server said before it closed the connection during the open (ser2net:
 * "Port already in use", "Device open failure: …") as an error: BUSY for
 * "in use", else NETWORK. @text may be empty. */
GError   *_bench_closed_early_error (const char           *label,
                                     const guint8         *text,
                                     gsize                 len);

/* Chunks received while an open is still deciding whether it succeeded:
 * emitted once the device knows it is connected. A chunk that arrived before
 * the open completed is stamped with the completion time instead, so that no
 * row of the device comes before its "connected" event. */
typedef struct
{
  GByteArray *bytes;
  GArray     *chunks;
} BenchHeldChunks;

void      _bench_held_init          (BenchHeldChunks      *held);
void      _bench_held_clear         (BenchHeldChunks      *held);
void      _bench_held_add           (BenchHeldChunks      *held,
                                     const guint8         *data,
                                     gsize                 len,
                                     gint64                mono_us,
                                     gint64                wall_us);
gsize     _bench_held_get_size      (BenchHeldChunks      *held);
/* Emits ::received for each held chunk, in order, then empties @held;
 * stamps are raised to @not_before_mono / @not_before_wall. */
void      _bench_held_emit          (BenchHeldChunks      *held,
                                     BenchTransport       *transport,
                                     gint64                not_before_mono,
                                     gint64                not_before_wall);

G_END_DECLS
