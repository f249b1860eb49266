/* bench-socket-transport.h - socket://HOST:PORT, raw TCP (ser2net raw, a
 * serial-to-Ethernet server in TCP mode, any line-based TCP instrument)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Resolution and connect are asynchronous (GSocketClient) with a timeout;
 * then the socket is one more fd for a BenchFdStream: the same reads, bounded
 * transmit queue and hang-up handling as a tty. Baud and framing options in
 * the spec do not apply (the server's port has its own settings).
 *
 * A server that refuses a client writes a line and closes at once (ser2net:
 * "Port already in use"). So the open completes only after a short settling
 * time (BENCH_SOCKET_SETTLE_MS) without a close; what arrives meanwhile is
 * held and delivered afterwards with its own timestamps, and a close in that
 * time fails the open with the server's text as the error.
 */
#pragma once

#include "bench-transport.h"

G_BEGIN_DECLS

#define BENCH_TYPE_SOCKET_TRANSPORT (bench_socket_transport_get_type ())

#define BENCH_SOCKET_CONNECT_TIMEOUT_MS 5000
#define BENCH_SOCKET_SETTLE_MS          100
/* more than this during the settling time is data, not a refusal: open at once */
#define BENCH_SOCKET_SETTLE_MAX_BYTES   4096

G_DECLARE_FINAL_TYPE (BenchSocketTransport, bench_socket_transport, BENCH, SOCKET_TRANSPORT, GObject)

BenchSocketTransport *bench_socket_transport_new                (const BenchSpec      *spec);
/* For tests: the connect timeout (default BENCH_SOCKET_CONNECT_TIMEOUT_MS). */
void                  bench_socket_transport_set_connect_timeout (BenchSocketTransport *self,
                                                                  guint                 timeout_ms);
/* The resolved peer ("192.0.2.1:4001") once connected, else NULL. */
const char           *bench_socket_transport_get_peer           (BenchSocketTransport *self);

G_END_DECLS
