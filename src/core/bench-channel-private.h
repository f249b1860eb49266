/* bench-channel-private.h - what BenchChannelSet uses to drive its channels
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bench-channel.h"

G_BEGIN_DECLS

BenchChannel *_bench_channel_new             (BenchChannelSet *set,
                                              guint            index,
                                              const char      *name,
                                              guint            capacity);
void          _bench_channel_set_name        (BenchChannel    *self,
                                              const char      *name);
void          _bench_channel_set_unit        (BenchChannel    *self,
                                              const char      *unit);
/* Notifies latest-value if samples arrived since the last call. */
void          _bench_channel_update_latest   (BenchChannel    *self);
void          _bench_channel_detach          (BenchChannel    *self);
void          _bench_channel_set_wall_offset (BenchChannel    *self,
                                              gint64           offset);

G_END_DECLS
