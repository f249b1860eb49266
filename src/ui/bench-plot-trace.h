/* bench-plot-trace.h - one channel as drawn by one BenchPlot
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A plot shows traces, not channels: the same channel may be a trace of
 * its device page and of the combined page, each with its own colour. A
 * trace that follows a whole channel set shares "visible" with its channel
 * (so the device's choice is one); a trace added alone has its own.
 */
#pragma once

#include <gtk/gtk.h>

#include "bench-channel.h"

G_BEGIN_DECLS

#define BENCH_TYPE_PLOT_TRACE (bench_plot_trace_get_type ())

G_DECLARE_FINAL_TYPE (BenchPlotTrace, bench_plot_trace, BENCH, PLOT_TRACE, GObject)

BenchChannel *bench_plot_trace_get_channel     (BenchPlotTrace *self);
/* The slot in the plot's theme palette. */
guint         bench_plot_trace_get_color_index (BenchPlotTrace *self);
gboolean      bench_plot_trace_get_visible     (BenchPlotTrace *self);
void          bench_plot_trace_set_visible     (BenchPlotTrace *self,
                                                gboolean        visible);
/* The channel name, as "device/name" when the plot shows several devices. */
const char   *bench_plot_trace_get_label       (BenchPlotTrace *self);

G_END_DECLS
