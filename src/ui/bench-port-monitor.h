/* bench-port-monitor.h - the serial ports present, updated on hot-plug
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A GListModel of BenchPortItem, rescanned (bench_ports_scan) when GUdev
 * reports a tty appearing or going away. ::port-added names each port the
 * rescan found new; ::tty-added passes on a GUdev "add" at once (the device
 * file and its links), for devices waiting to retry (bench-hotplug.h).
 */
#pragma once

#include <gio/gio.h>

#include "bench-port-item.h"

G_BEGIN_DECLS

#define BENCH_TYPE_PORT_MONITOR (bench_port_monitor_get_type ())

G_DECLARE_FINAL_TYPE (BenchPortMonitor, bench_port_monitor, BENCH, PORT_MONITOR, GObject)

/* @root: "/" except in tests (a fake sysfs and /dev tree) */
BenchPortMonitor *bench_port_monitor_new      (const char       *root);
GListModel       *bench_port_monitor_get_ports (BenchPortMonitor *self);
/* Rescans now (what a uevent does after a short delay). */
void              bench_port_monitor_refresh   (BenchPortMonitor *self);

G_END_DECLS
