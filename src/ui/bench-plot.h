/* bench-plot.h - the live plot of one or several devices' channels
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A GtkWidget with a snapshot vfunc. Each frame decimates every visible
 * trace to min/max per pixel column (O(width), whatever the sample count,
 * and a one-sample spike always shows), draws the grid and markers as
 * colour nodes and each trace as one cairo node, and labels the axes with
 * cached Pango layouts. Colours come from the theme (light and dark).
 *
 * The x axis is seconds on the session clock: a sample's monotonic time
 * minus "session-start". Live, the view ends at the newest sample and
 * spans "time-window" seconds (0: all retained data). Pausing, zooming
 * (scroll: x; Shift/Ctrl+scroll: y) or panning (drag) freezes the view
 * while data keeps arriving; a double click returns to live with y
 * autoscale. Hovering shows a crosshair and the values under the pointer.
 */
#pragma once

#include <gtk/gtk.h>

#include "bench-channel-set.h"
#include "bench-plot-trace.h"

G_BEGIN_DECLS

#define BENCH_PLOT_WINDOW_10S   10.0
#define BENCH_PLOT_WINDOW_1MIN  60.0
#define BENCH_PLOT_WINDOW_10MIN 600.0
#define BENCH_PLOT_WINDOW_ALL   0.0

#define BENCH_TYPE_PLOT (bench_plot_get_type ())

G_DECLARE_FINAL_TYPE (BenchPlot, bench_plot, BENCH, PLOT, GtkWidget)

GtkWidget      *bench_plot_new                (void);
/* Shows every channel of @set, present and future; the traces share
 * "visible" with the channels. A device page adds its own set. */
void            bench_plot_add_channel_set    (BenchPlot        *self,
                                               BenchChannelSet  *set);
void            bench_plot_remove_channel_set (BenchPlot        *self,
                                               BenchChannelSet  *set);
/* Shows one channel with the next free colour and its own visibility
 * (the combined page). Returns the trace (owned by the plot). */
BenchPlotTrace *bench_plot_add_channel        (BenchPlot        *self,
                                               BenchChannel     *channel);
void            bench_plot_remove_channel     (BenchPlot        *self,
                                               BenchChannel     *channel);
/* A GListModel of BenchPlotTrace, in drawing order. */
GListModel     *bench_plot_get_traces         (BenchPlot        *self);

/* Monotonic µs of the session's start: x = 0. */
gint64          bench_plot_get_session_start  (BenchPlot        *self);
void            bench_plot_set_session_start  (BenchPlot        *self,
                                               gint64            mono_us);
/* Seconds shown while live; BENCH_PLOT_WINDOW_ALL (0) shows everything. */
double          bench_plot_get_time_window    (BenchPlot        *self);
void            bench_plot_set_time_window    (BenchPlot        *self,
                                               double            seconds);
/* A paused plot keeps its time range; data keeps arriving. */
gboolean        bench_plot_get_paused         (BenchPlot        *self);
void            bench_plot_set_paused         (BenchPlot        *self,
                                               gboolean          paused);
gboolean        bench_plot_get_y_autoscale    (BenchPlot        *self);
void            bench_plot_set_y_autoscale    (BenchPlot        *self,
                                               gboolean          autoscale);
/* Live, autoscaled, the time window unchanged (what a double click does). */
void            bench_plot_reset_view         (BenchPlot        *self);

/* The time range shown now, in session seconds. Live, it is snapped to
 * whole pixel columns: the window's width within one column. */
void            bench_plot_get_x_range        (BenchPlot        *self,
                                               double           *t0,
                                               double           *t1);
/* Shows [t0, t1) and pauses. */
void            bench_plot_set_x_range        (BenchPlot        *self,
                                               double            t0,
                                               double            t1);
/* The value range of the last frame drawn (or what autoscale gives now). */
void            bench_plot_get_y_range        (BenchPlot        *self,
                                               double           *lo,
                                               double           *hi);
/* Shows [lo, hi] and turns autoscale off. */
void            bench_plot_set_y_range        (BenchPlot        *self,
                                               double            lo,
                                               double            hi);
/* For a @width × @height rendering: where the data are drawn, and the
 * time (session seconds) and value ranges the area spans. Any of the out
 * arguments may be NULL. */
void            bench_plot_get_geometry       (BenchPlot        *self,
                                               int               width,
                                               int               height,
                                               graphene_rect_t  *area,
                                               double           *t0,
                                               double           *t1,
                                               double           *lo,
                                               double           *hi);
/* The theme colour of a trace. */
void            bench_plot_get_trace_color    (BenchPlot        *self,
                                               BenchPlotTrace   *trace,
                                               GdkRGBA          *color);

/* The plot as the widget's snapshot draws it at @width × @height (the
 * same code). The exports draw the same layers with cairo, with an opaque
 * background and a legend and without pointer feedback. */
GskRenderNode  *bench_plot_render_node        (BenchPlot        *self,
                                               int               width,
                                               int               height);
gboolean        bench_plot_export_png         (BenchPlot        *self,
                                               const char       *path,
                                               int               width,
                                               int               height,
                                               GError          **error);
gboolean        bench_plot_export_svg         (BenchPlot        *self,
                                               const char       *path,
                                               int               width,
                                               int               height,
                                               GError          **error);
/* Every trace's retained data, wide CSV (bench_channels_write_csv). */
gboolean        bench_plot_export_csv         (BenchPlot        *self,
                                               const char       *path,
                                               GError          **error);
/* By the extension of @path: .png, .svg or .csv (any case); width or
 * height <= 0 means the widget's size, or 1600 × 900 when it has none.
 * Anything else is a G_IO_ERROR_INVALID_ARGUMENT naming the path. */
gboolean        bench_plot_export             (BenchPlot        *self,
                                               const char       *path,
                                               int               width,
                                               int               height,
                                               GError          **error);
/* The same without blocking: the image is drawn in memory (or the CSV
 * formatted a chunk at a time on the main loop) and GIO's threads write
 * it through a temporary file. */
void            bench_plot_export_async       (BenchPlot           *self,
                                               const char          *path,
                                               int                  width,
                                               int                  height,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean        bench_plot_export_finish      (BenchPlot           *self,
                                               GAsyncResult        *result,
                                               GError             **error);

G_END_DECLS
