/* bench-plot-private.h - what the plot's own pieces share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bench-plot.h"
#include "bench-plot-trace.h"

G_BEGIN_DECLS

BenchPlotTrace *_bench_plot_trace_new           (BenchChannel   *channel,
                                                 guint           color_index,
                                                 gboolean        follow_channel);
void            _bench_plot_trace_set_qualified (BenchPlotTrace *self,
                                                 gboolean        qualified);
gboolean        _bench_plot_trace_get_follows   (BenchPlotTrace *self);
/* The set the channel belonged to when the trace was made. */
BenchChannelSet *_bench_plot_trace_get_origin   (BenchPlotTrace *self);

/* "1.235 mV", "−42.00", "12.5 k": a value with 4 significant digits, an SI
 * prefix where the unit allows one, and its unit. */
char           *_bench_plot_format_value        (double          value,
                                                 const char     *unit);

G_END_DECLS
