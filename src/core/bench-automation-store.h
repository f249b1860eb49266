/* bench-automation-store.h - a device's queries and command buttons, kept
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Restores a device's scheduled queries, whether they run, and its command
 * buttons from its io.github.benchtop.Benchtop.Device settings ("queries"
 * aa{sv}, "poll-running" b, "commands" a(sa(sv))), then writes every change
 * back: a query or command edited, added, removed or moved, polling started
 * or stopped. Counters are not saved. Writes are coalesced in an idle and
 * flushed when the store goes away, so the device can be removed and added
 * again (or Benchtop restarted) and find them as they were.
 *
 * The store holds the device's poller and command set, not the device.
 */
#pragma once

#include <gio/gio.h>

#include "bench-device.h"

G_BEGIN_DECLS

#define BENCH_TYPE_AUTOMATION_STORE (bench_automation_store_get_type ())

G_DECLARE_FINAL_TYPE (BenchAutomationStore, bench_automation_store, BENCH, AUTOMATION_STORE, GObject)

/* Restores @device's queries and commands from @settings (a .Device schema)
 * and keeps saving them there. A saved value that does not load is an event
 * row on the device. */
BenchAutomationStore *bench_automation_store_new   (GSettings            *settings,
                                                    BenchDevice          *device);
/* Writes what is pending now. */
void                  bench_automation_store_flush (BenchAutomationStore *self);

G_END_DECLS
