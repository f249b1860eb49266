/* bench-connect-dialog.h - connect a device, or change a device's settings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Offers the discovered serial ports (with by-id names and USB
 * descriptions, updated on hot-plug), the demo instruments, the recent
 * specs, a free-form spec entry that reports errors inline, and a settings
 * form that follows the spec and writes into it. With a device it edits
 * that device's settings instead (applied live).
 */
#pragma once

#include <adwaita.h>

#include "bench-device.h"
#include "bench-port-monitor.h"
#include "bench-settings.h"

G_BEGIN_DECLS

#define BENCH_TYPE_CONNECT_DIALOG (bench_connect_dialog_get_type ())

G_DECLARE_FINAL_TYPE (BenchConnectDialog, bench_connect_dialog, BENCH, CONNECT_DIALOG, AdwWindow)

BenchConnectDialog *bench_connect_dialog_new          (BenchSettings      *settings,
                                                       BenchPortMonitor   *ports);
/* Edits @device's settings instead */
BenchConnectDialog *bench_connect_dialog_new_for_device (BenchSettings    *settings,
                                                         BenchDevice      *device);
BenchDevice        *bench_connect_dialog_get_device   (BenchConnectDialog *self);
const char         *bench_connect_dialog_get_spec_text (BenchConnectDialog *self);
void                bench_connect_dialog_set_spec_text (BenchConnectDialog *self,
                                                        const char         *text);
/* The error shown under the entry, or NULL while the spec is valid */
const char         *bench_connect_dialog_get_error    (BenchConnectDialog *self);
/* Picks the port/demo/recent row @index as a click would (tests) */
void                bench_connect_dialog_pick_port    (BenchConnectDialog *self,
                                                       guint               index);
void                bench_connect_dialog_pick_demo    (BenchConnectDialog *self,
                                                       const char         *name);
/* What the Connect/Apply button does */
gboolean            bench_connect_dialog_accept       (BenchConnectDialog *self);
GtkListBox         *bench_connect_dialog_get_ports_list (BenchConnectDialog *self);
GtkListBox         *bench_connect_dialog_get_recent_list (BenchConnectDialog *self);
/* The Network Port fields: fills them as typing would (tests) */
void                bench_connect_dialog_set_network  (BenchConnectDialog *self,
                                                       gboolean            rfc2217,
                                                       const char         *host,
                                                       const char         *port);
void                bench_connect_dialog_get_network  (BenchConnectDialog  *self,
                                                       gboolean            *rfc2217,
                                                       const char         **host,
                                                       const char         **port);
/* The error under the network fields, or NULL */
const char         *bench_connect_dialog_get_network_error (BenchConnectDialog *self);
/* FALSE for raw TCP, where the baud rate and framing do not apply */
gboolean            bench_connect_dialog_get_serial_settings_apply (BenchConnectDialog *self);

G_END_DECLS
