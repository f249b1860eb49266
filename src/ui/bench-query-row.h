/* bench-query-row.h - one scheduled query in the queries panel, edited in place
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Enabled, the command, the interval, whether to wait for a reply and how
 * long, edited where they are shown (a value that does not parse is marked
 * and not applied); under them the query's counters and its last reply,
 * refreshed a few times a second. The menu moves the query up or down or
 * removes it from its poller.
 */
#pragma once

#include <gtk/gtk.h>

#include "bench-poller.h"

G_BEGIN_DECLS

#define BENCH_TYPE_QUERY_ROW (bench_query_row_get_type ())

G_DECLARE_FINAL_TYPE (BenchQueryRow, bench_query_row, BENCH, QUERY_ROW, GtkListBoxRow)

GtkWidget  *bench_query_row_new             (BenchPoller   *poller,
                                             BenchQuery    *query);
BenchQuery *bench_query_row_get_query       (BenchQueryRow *self);
/* The entries, for tests: what the user types */
GtkEditable *bench_query_row_get_command_entry  (BenchQueryRow *self);
GtkEditable *bench_query_row_get_interval_entry (BenchQueryRow *self);
GtkEditable *bench_query_row_get_timeout_entry  (BenchQueryRow *self);
/* "12 sent · 11 replies · 1 missed" and the last reply, as shown */
const char *bench_query_row_get_counters    (BenchQueryRow *self);
const char *bench_query_row_get_last_reply  (BenchQueryRow *self);

/* "500ms", "1s", "1.5s": what the interval entries show and accept */
char       *bench_format_duration_ms        (guint          ms);

G_END_DECLS
