/* bench-port-item.h - a serial port found on this machine, as a GObject
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "bench-ports.h"

G_BEGIN_DECLS

#define BENCH_TYPE_PORT_ITEM (bench_port_item_get_type ())

G_DECLARE_FINAL_TYPE (BenchPortItem, bench_port_item, BENCH, PORT_ITEM, GObject)

BenchPortItem *bench_port_item_new             (const BenchPortInfo *info);
const char    *bench_port_item_get_path        (BenchPortItem       *self);
/* /dev/serial/by-id/… or NULL */
const char    *bench_port_item_get_by_id       (BenchPortItem       *self);
const char    *bench_port_item_get_description (BenchPortItem       *self);
guint16        bench_port_item_get_vid         (BenchPortItem       *self);
guint16        bench_port_item_get_pid         (BenchPortItem       *self);
/* The address to connect to: the by-id link when there is one (it survives
 * re-plugging into another socket), else the path. */
const char    *bench_port_item_get_address     (BenchPortItem       *self);

G_END_DECLS
