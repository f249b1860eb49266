/* bench-hotplug.h - which devices a tty that just appeared brings back
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * When a tty appears (a GUdev "add" in the window: its device file and the
 * links udev made for it, or a new port found by a rescan), each device that
 * is waiting to retry a path naming that tty retries at once instead of at
 * its next backoff step. A path names the tty when it is one of the given
 * paths (a /dev/serial/by-id link as udev reported it), or when both resolve
 * to the same file (a link of the device's own pointing at the new node).
 * Devices that are connected, connecting, or were disconnected on purpose
 * are left alone.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Whether @device_path names one of @added (NULL-terminated). */
gboolean bench_hotplug_path_matches   (const char         *device_path,
                                       const char * const *added);
/* Calls bench_device_retry_now() on each BenchDevice of @devices that is
 * waiting to retry a tty path matching @added; returns how many. */
guint    bench_hotplug_retry_devices  (GListModel         *devices,
                                       const char * const *added);

G_END_DECLS
