/* bench-query.h - one scheduled query: a command sent every N ms
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The settings (command, interval-ms, wait-reply, timeout-ms, enabled) are
 * read-write properties for an editor to bind; the counters (sent, replies,
 * missed, last-reply) are read-only and kept by the BenchPoller that owns the
 * query. Every property notifies only on a change.
 *
 * The command is text as typed in the send box: \r \n \t \\ \xNN escapes are
 * expanded and the device's tx-eol is appended when it is sent.
 *
 * A query also has a one-line form, used by `benchtop-cli record --poll`:
 *
 *   COMMAND@INTERVAL[,reply-timeout=DURATION]
 *
 * INTERVAL and DURATION are a number with an optional unit, ms (the default)
 * or s: "500ms", "0.5s", "2s", "250". The interval is the text after the last
 * "@", so commands may contain "@" themselves ("MEAS:VOLT? (@101)@1s"). With
 * reply-timeout the poller waits up to DURATION for one reply line before it
 * sends anything else, and counts a missed reply if none comes.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define BENCH_TYPE_QUERY (bench_query_get_type ())

#define BENCH_QUERY_MIN_INTERVAL_MS 1
#define BENCH_QUERY_DEFAULT_INTERVAL_MS 1000
#define BENCH_QUERY_DEFAULT_TIMEOUT_MS 1000

G_DECLARE_FINAL_TYPE (BenchQuery, bench_query, BENCH, QUERY, GObject)

BenchQuery *bench_query_new               (const char   *command,
                                           guint         interval_ms);
/* Parses the one-line form; the error names the offending part. */
BenchQuery *bench_query_new_parse         (const char   *text,
                                           GError      **error);
/* The one-line form */
char       *bench_query_to_string         (BenchQuery   *self);
/* a{sv}: command s, interval-ms u, wait-reply b, timeout-ms u, enabled b */
GVariant   *bench_query_to_variant        (BenchQuery   *self);
BenchQuery *bench_query_new_from_variant  (GVariant     *variant,
                                           GError      **error);

const char *bench_query_get_command       (BenchQuery   *self);
void        bench_query_set_command       (BenchQuery   *self,
                                           const char   *command);
guint       bench_query_get_interval_ms   (BenchQuery   *self);
void        bench_query_set_interval_ms   (BenchQuery   *self,
                                           guint         interval_ms);
gboolean    bench_query_get_wait_reply    (BenchQuery   *self);
void        bench_query_set_wait_reply    (BenchQuery   *self,
                                           gboolean      wait_reply);
guint       bench_query_get_timeout_ms    (BenchQuery   *self);
void        bench_query_set_timeout_ms    (BenchQuery   *self,
                                           guint         timeout_ms);
gboolean    bench_query_get_enabled       (BenchQuery   *self);
void        bench_query_set_enabled       (BenchQuery   *self,
                                           gboolean      enabled);

guint64     bench_query_get_sent          (BenchQuery   *self);
guint64     bench_query_get_replies       (BenchQuery   *self);
guint64     bench_query_get_missed        (BenchQuery   *self);
const char *bench_query_get_last_reply    (BenchQuery   *self);
void        bench_query_reset_counters    (BenchQuery   *self);

/* For BenchPoller */
void        bench_query_count_sent        (BenchQuery   *self);
void        bench_query_count_reply       (BenchQuery   *self,
                                           const char   *reply);
void        bench_query_count_missed      (BenchQuery   *self);

/* "500ms", "0.5s", "2s", "250" (ms) → milliseconds; FALSE if malformed. */
gboolean    bench_parse_duration_ms       (const char   *text,
                                           guint        *ms);

G_END_DECLS
