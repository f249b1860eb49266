/* bench-poller.h - a device's scheduled queries
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A GListModel of BenchQuery, owned by its BenchDevice (bench_device_get_
 * poller()). While running and while the device is connected, each enabled
 * query is sent every interval-ms, all from one GSource rescheduled with
 * g_source_set_ready_time(). Sends and replies are ordinary tx and rx rows:
 * they reach the console, the log and the plots like anything typed.
 *
 * A query with wait-reply takes the first rx line whose first byte arrived
 * after the send, within timeout-ms, as its reply. Until then the poller sends
 * nothing else, so replies are never attributed to the wrong query; a query
 * that falls due meanwhile goes out as soon as the reply (or the timeout) is
 * in, and a query that is late by a whole interval skips that turn instead of
 * bursting. A missed reply is counted (the query's and the poller's missed)
 * and logged as an event row: "no reply to MEAS:VOLT? within 500 ms".
 *
 * The poller pauses while the device is not connected and starts over (every
 * query due at once) when it connects again. Commands typed by hand while a
 * reply is awaited may have their answer taken as that reply.
 *
 * The list is saved as an aa{sv} GVariant (bench_poller_to_variant(); see
 * bench_query_to_variant()), e.g. for a per-device GSettings key; whether it
 * runs is the "running" property, saved separately if wanted.
 */
#pragma once

#include <gio/gio.h>

#include "bench-query.h"
#include "bench-types.h"

G_BEGIN_DECLS

#define BENCH_TYPE_POLLER (bench_poller_get_type ())

G_DECLARE_FINAL_TYPE (BenchPoller, bench_poller, BENCH, POLLER, GObject)

/* Made by the device; @device is not referenced. */
BenchPoller *bench_poller_new            (BenchDevice  *device);
BenchDevice *bench_poller_get_device     (BenchPoller  *self);

void         bench_poller_append         (BenchPoller  *self,
                                          BenchQuery   *query);
void         bench_poller_insert         (BenchPoller  *self,
                                          guint         position,
                                          BenchQuery   *query);
void         bench_poller_remove         (BenchPoller  *self,
                                          guint         position);
void         bench_poller_remove_all     (BenchPoller  *self);
/* Moves the query at @from to @to (both positions in the current list). */
void         bench_poller_move           (BenchPoller  *self,
                                          guint         from,
                                          guint         to);

void         bench_poller_start          (BenchPoller  *self);
void         bench_poller_stop           (BenchPoller  *self);
gboolean     bench_poller_get_running    (BenchPoller  *self);
void         bench_poller_set_running    (BenchPoller  *self,
                                          gboolean      running);
/* Totals over every query, including removed ones; reset with the queries' */
guint64      bench_poller_get_sent       (BenchPoller  *self);
guint64      bench_poller_get_replies    (BenchPoller  *self);
guint64      bench_poller_get_missed     (BenchPoller  *self);
void         bench_poller_reset_counters (BenchPoller  *self);

/* aa{sv} */
GVariant    *bench_poller_to_variant     (BenchPoller  *self);
/* Replaces the list; on error nothing changes. */
gboolean     bench_poller_load_variant   (BenchPoller  *self,
                                          GVariant     *variant,
                                          GError      **error);

/* For BenchDevice: stop and let go of the device (from its dispose). */
void         bench_poller_detach         (BenchPoller  *self);

G_END_DECLS
