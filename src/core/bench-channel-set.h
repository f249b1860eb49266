/* bench-channel-set.h - a device's plot channels: extraction plus series
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One per device. It owns the BenchChannelExtractor and one BenchSeries per
 * channel, takes the device's received rows through its BenchRowSink, and
 * is a GListModel of BenchChannel (channels are few; they appear in the
 * order they are discovered). Everything that happened since the last
 * batch (new channels, renames, new samples, counters) is published
 * together by bench_channel_set_flush(): one items-changed for new
 * channels, notifies, then one ::changed. A flush is scheduled by itself
 * (a main-context source just above GTK's redraw priority) after rows
 * arrive, so a device dispatch of any number of rows costs one ::changed.
 *
 * Changing the mode or the pattern starts the channels afresh (the items
 * are removed); old samples from another extraction are not comparable.
 */
#pragma once

#include <gio/gio.h>

#include "bench-channel.h"
#include "bench-row.h"
#include "bench-types.h"

G_BEGIN_DECLS

#define BENCH_TYPE_CHANNEL_SET (bench_channel_set_get_type ())

G_DECLARE_FINAL_TYPE (BenchChannelSet, bench_channel_set, BENCH, CHANNEL_SET, GObject)

BenchChannelSet *bench_channel_set_new                 (BenchPlotMode     mode);
/* The sink to register with the device. It is part of the set: keep a
 * reference to the set for as long as the sink is registered. Only rx rows
 * are used; a row cut at max-line and its continuation are skipped. */
BenchRowSink    *bench_channel_set_get_sink            (BenchChannelSet  *self);
void             bench_channel_set_push_row            (BenchChannelSet  *self,
                                                        const BenchRow   *row);
/* One received line (not NUL-terminated) stamped with both clocks (µs). */
void             bench_channel_set_push_line           (BenchChannelSet  *self,
                                                        gint64            mono_us,
                                                        gint64            wall_us,
                                                        const char       *text,
                                                        gsize             len);
/* Publishes what changed since the last flush; a no-op when nothing did. */
void             bench_channel_set_flush               (BenchChannelSet  *self);

const char      *bench_channel_set_get_name            (BenchChannelSet  *self);
void             bench_channel_set_set_name            (BenchChannelSet  *self,
                                                        const char       *name);
BenchPlotMode    bench_channel_set_get_mode            (BenchChannelSet  *self);
/* REGEX needs a pattern set before (bench_channel_set_set_pattern). */
void             bench_channel_set_set_mode            (BenchChannelSet  *self,
                                                        BenchPlotMode     mode);
const char      *bench_channel_set_get_pattern         (BenchChannelSet  *self);
/* Compiles @pattern and switches to REGEX mode; on error nothing changes. */
gboolean         bench_channel_set_set_pattern         (BenchChannelSet  *self,
                                                        const char       *pattern,
                                                        GError          **error);
gboolean         bench_channel_set_get_skip_timestamps (BenchChannelSet  *self);
void             bench_channel_set_set_skip_timestamps (BenchChannelSet  *self,
                                                        gboolean          skip);
/* Samples kept per channel (default BENCH_SERIES_DEFAULT_CAPACITY). */
guint            bench_channel_set_get_capacity        (BenchChannelSet  *self);
void             bench_channel_set_set_capacity        (BenchChannelSet  *self,
                                                        guint             capacity);
guint            bench_channel_set_get_n_channels      (BenchChannelSet  *self);
/* Borrowed; index < n_channels (the published ones). */
BenchChannel    *bench_channel_set_get_channel         (BenchChannelSet  *self,
                                                        guint             index);
/* Rejected numbers (NaN, ±inf, overflow) and numbers beyond the channel limit. */
guint64          bench_channel_set_get_n_nan           (BenchChannelSet  *self);
guint64          bench_channel_set_get_n_inf           (BenchChannelSet  *self);
guint64          bench_channel_set_get_n_overflow      (BenchChannelSet  *self);
guint64          bench_channel_set_get_n_excess        (BenchChannelSet  *self);
/* Samples stored since creation (all channels). */
guint64          bench_channel_set_get_n_samples       (BenchChannelSet  *self);
/* The data of every channel as wide CSV (see bench_channels_write_csv). */
gboolean         bench_channel_set_write_csv           (BenchChannelSet  *self,
                                                        const char       *path,
                                                        gint64            session_start_us,
                                                        GError          **error);

/* Wide CSV of the retained samples of @channels, RFC 4180, independent of
 * the locale: header `time,elapsed,NAME...`; one row per distinct sample
 * time (samples at the same time pair up in order, so the values of one
 * CSV line stay on one row); `time` is UTC ISO 8601 with µs, `elapsed` is
 * seconds since @session_start_us (monotonic µs) with 6 decimals; a channel
 * without a sample at that time leaves its field empty. Names are
 * "device/name" when the channels come from more than one set. Written
 * through a temporary file that replaces @path. */
gboolean         bench_channels_write_csv              (BenchChannel * const *channels,
                                                        guint             n_channels,
                                                        const char       *path,
                                                        gint64            session_start_us,
                                                        GError          **error);
/* The same without blocking: formatted a chunk at a time on the main
 * loop, written by GIO's threads; the samples retained when it starts. */
void             bench_channels_write_csv_async        (BenchChannel * const *channels,
                                                        guint             n_channels,
                                                        const char       *path,
                                                        gint64            session_start_us,
                                                        GCancellable     *cancellable,
                                                        GAsyncReadyCallback callback,
                                                        gpointer          user_data);
gboolean         bench_channels_write_csv_finish       (GAsyncResult     *result,
                                                        GError          **error);

G_END_DECLS
