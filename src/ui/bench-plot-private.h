/* bench-plot-private.h - what the plot's own pieces share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bench-plot.h"
#include "bench-series.h"
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

/* The trace's samples in [t0, t1) as @n_columns pixel columns; kept and
 * reused until the view or the samples change. */
const BenchSeriesColumn *_bench_plot_trace_decimate   (BenchPlotTrace *self,
                                                       gint64          t0,
                                                       gint64          t1,
                                                       guint           n_columns,
                                                       guint          *n_in_window);
/* The trace's last render node if it was made for this @key (the frame's
 * geometry, colour and sample count), else NULL; borrowed. */
GskRenderNode  *_bench_plot_trace_lookup_node   (BenchPlotTrace *self,
                                                 gconstpointer   key,
                                                 gsize           key_len);
void            _bench_plot_trace_store_node    (BenchPlotTrace *self,
                                                 gconstpointer   key,
                                                 gsize           key_len,
                                                 GskRenderNode  *node);

/* Frames drawn by the widget so far (for tests). */
guint64         _bench_plot_get_n_draws         (BenchPlot      *self);

/* "1.235 mV", "−42.00", "12.5 k": a value with 4 significant digits, an SI
 * prefix where the unit allows one, and its unit. */
char           *_bench_plot_format_value        (double          value,
                                                 const char     *unit);

G_END_DECLS
