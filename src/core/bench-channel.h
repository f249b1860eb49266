/* bench-channel.h - one plot channel of a device: name, unit, samples
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Channels are created by their BenchChannelSet as numbers appear in the
 * device's lines, and handed out through its GListModel. Only the set
 * changes the name, unit and samples; "visible" belongs to the user.
 */
#pragma once

#include <glib-object.h>

#include "bench-series.h"
#include "bench-types.h"

G_BEGIN_DECLS

typedef struct _BenchChannelSet BenchChannelSet;

#define BENCH_TYPE_CHANNEL (bench_channel_get_type ())

G_DECLARE_FINAL_TYPE (BenchChannel, bench_channel, BENCH, CHANNEL, GObject)

const char      *bench_channel_get_name         (BenchChannel *self);
/* "" when no unit was seen */
const char      *bench_channel_get_unit         (BenchChannel *self);
/* The position in its set, stable for the life of the set's extraction mode. */
guint            bench_channel_get_index        (BenchChannel *self);
/* Suggested palette slot (the index); a combined plot may pick its own. */
guint            bench_channel_get_color_index  (BenchChannel *self);
gboolean         bench_channel_get_visible      (BenchChannel *self);
void             bench_channel_set_visible      (BenchChannel *self,
                                                 gboolean      visible);
/* The newest value as of the last flush of the set; NaN before the first. */
double           bench_channel_get_latest_value (BenchChannel *self);
/* The set's device name, NULL once the set is gone. */
const char      *bench_channel_get_device_name  (BenchChannel *self);
/* The set, or NULL once it is gone (not a reference). */
BenchChannelSet *bench_channel_get_set          (BenchChannel *self);
/* The samples; valid while the channel lives. Time is the device's
 * monotonic clock in µs. */
BenchSeries     *bench_channel_get_series       (BenchChannel *self);
/* Wall clock minus monotonic clock for this channel's samples, in µs. */
gint64           bench_channel_get_wall_offset  (BenchChannel *self);

G_END_DECLS
