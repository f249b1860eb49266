/* bench-rfc2217-transport.h - rfc2217://HOST:PORT, a serial port behind a
 * Telnet COM-PORT-OPTION server (ser2net telnet(rfc2217), device servers)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The same asynchronous connect and fd stream as socket://, with the Telnet
 * codec (bench-telnet.h) in between: 0xFF data bytes are escaped both ways,
 * and the spec's baud, data bits, parity, stop bits, flow control, DTR and
 * RTS are sent to the server, which sets them on its port.
 *
 * The open completes once the server has answered the framing (baud, data,
 * parity, stop, flow), or after BENCH_RFC2217_ACK_TIMEOUT_MS. Whatever the
 * server never acknowledges (ser2net on a pty never answers DTR/RTS), or
 * acknowledges with another value, is an ::event warning, not a failure; a
 * server that refuses COM-PORT-OPTION leaves its port as it is (a warning).
 * Text a server sends before closing during the open ("Port's device already
 * in use", "Device open failure: …") is the error of the failed open.
 *
 * What the server reports is exposed as properties (notify on change):
 * the acknowledged settings (remote-baud, remote-data-bits, remote-parity,
 * remote-stop-bits, remote-flow; 0 / -1 until acknowledged), modem-state and
 * line-state (the RFC 2217 bit masks, BENCH_RFC2217_MODEM_* / _LINE_*),
 * com-port (whether the server accepted RFC 2217) and signature. Modem-line
 * changes and line errors (overrun, parity, framing, break) are also events.
 *
 * reconfigure() applies new settings on the open connection.
 */
#pragma once

#include "bench-transport.h"

G_BEGIN_DECLS

#define BENCH_TYPE_RFC2217_TRANSPORT (bench_rfc2217_transport_get_type ())

#define BENCH_RFC2217_ACK_TIMEOUT_MS 1000

G_DECLARE_FINAL_TYPE (BenchRfc2217Transport, bench_rfc2217_transport, BENCH, RFC2217_TRANSPORT, GObject)

BenchRfc2217Transport *bench_rfc2217_transport_new                 (const BenchSpec       *spec);
void                   bench_rfc2217_transport_set_connect_timeout (BenchRfc2217Transport *self,
                                                                    guint                  timeout_ms);
const char            *bench_rfc2217_transport_get_peer            (BenchRfc2217Transport *self);
gboolean               bench_rfc2217_transport_get_com_port        (BenchRfc2217Transport *self);
/* 0 until the server acknowledged a rate */
guint                  bench_rfc2217_transport_get_remote_baud     (BenchRfc2217Transport *self);
/* 0 until acknowledged */
guint                  bench_rfc2217_transport_get_remote_data_bits (BenchRfc2217Transport *self);
/* -1 until acknowledged, else a BenchParity */
int                    bench_rfc2217_transport_get_remote_parity   (BenchRfc2217Transport *self);
/* 0 until acknowledged; 3 means 1.5 */
guint                  bench_rfc2217_transport_get_remote_stop_bits (BenchRfc2217Transport *self);
/* -1 until acknowledged, else a BenchFlow */
int                    bench_rfc2217_transport_get_remote_flow     (BenchRfc2217Transport *self);
guint                  bench_rfc2217_transport_get_modem_state     (BenchRfc2217Transport *self);
guint                  bench_rfc2217_transport_get_line_state      (BenchRfc2217Transport *self);
const char            *bench_rfc2217_transport_get_signature       (BenchRfc2217Transport *self);

G_END_DECLS
