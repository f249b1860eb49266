/* bench-serial-transport.h - a local tty: UART, USB-serial, pty, socat link
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bench-transport.h"

G_BEGIN_DECLS

#define BENCH_TYPE_SERIAL_TRANSPORT (bench_serial_transport_get_type ())

G_DECLARE_FINAL_TYPE (BenchSerialTransport, bench_serial_transport, BENCH, SERIAL_TRANSPORT, GObject)

/* @path overrides spec->path (demo instruments resolve to their pty). */
BenchSerialTransport *bench_serial_transport_new      (const BenchSpec      *spec,
                                                       const char           *path);
const char           *bench_serial_transport_get_path (BenchSerialTransport *self);
/* The open descriptor, or -1 (for tests and diagnostics). */
int                   bench_serial_transport_get_fd   (BenchSerialTransport *self);

G_END_DECLS
