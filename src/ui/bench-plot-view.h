/* bench-plot-view.h - a page's plot: toolbar, plot, legend, empty state
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a device page shows under its console: the live plot of the
 * device's BenchChannelSet with its legend, a toolbar (plot mode and the
 * regex pattern, time window, pause, back to live, export) and, while
 * there are no numbers yet, a status that says what the mode looks for.
 * The mode, pattern, time window and whether the plot is shown are kept
 * in the device's GSettings (io.github.benchtop.Benchtop.Device); a
 * spec's plot= option sets the mode.
 *
 * The combined view (All Devices) plots channels picked from every
 * device's set on the session clock: a popover lists each device's
 * channels with check buttons. Until the user picks for a device, its
 * first channel is shown.
 *
 * The view hides itself (:visible) when it is not shown or, on a device
 * page, when the mode is off.
 */
#pragma once

#include <gtk/gtk.h>

#include "bench-plot.h"
#include "bench-plot-legend.h"
#include "bench-session.h"

G_BEGIN_DECLS

#define BENCH_TYPE_PLOT_VIEW (bench_plot_view_get_type ())

G_DECLARE_FINAL_TYPE (BenchPlotView, bench_plot_view, BENCH, PLOT_VIEW, GtkWidget)

/* @settings: the device's settings, or NULL (then the spec's plot= applies) */
GtkWidget       *bench_plot_view_new                (BenchSession     *session,
                                                     BenchDevice      *device,
                                                     BenchChannelSet  *set,
                                                     GSettings        *settings);
/* @sets: a GListModel of BenchChannelSet, one per device */
GtkWidget       *bench_plot_view_new_combined       (BenchSession     *session,
                                                     GListModel       *sets,
                                                     GSettings        *settings);
BenchPlot       *bench_plot_view_get_plot           (BenchPlotView    *self);
BenchPlotLegend *bench_plot_view_get_legend         (BenchPlotView    *self);
/* NULL for the combined view */
BenchDevice     *bench_plot_view_get_device         (BenchPlotView    *self);
BenchChannelSet *bench_plot_view_get_channel_set    (BenchPlotView    *self);

gboolean         bench_plot_view_get_show_plot      (BenchPlotView    *self);
void             bench_plot_view_set_show_plot      (BenchPlotView    *self,
                                                     gboolean          show_plot);
/* The mode chosen for the device (REGEX even while its pattern is bad) */
BenchPlotMode    bench_plot_view_get_mode           (BenchPlotView    *self);
void             bench_plot_view_set_mode           (BenchPlotView    *self,
                                                     BenchPlotMode     mode);
const char      *bench_plot_view_get_pattern        (BenchPlotView    *self);
/* Applies @pattern (regex mode); a bad one is reported inline and by
 * bench_plot_view_get_pattern_error(), and nothing is plotted until a
 * good one comes. */
void             bench_plot_view_set_pattern        (BenchPlotView    *self,
                                                     const char       *pattern);
/* Auto mode: whether time- and date-looking tokens are skipped */
gboolean         bench_plot_view_get_skip_timestamps (BenchPlotView   *self);
void             bench_plot_view_set_skip_timestamps (BenchPlotView   *self,
                                                      gboolean         skip);
/* What is wrong with the pattern in the entry, or NULL */
const char      *bench_plot_view_get_pattern_error  (BenchPlotView    *self);
/* The pattern entry, as typed (applied on Enter) */
GtkEditable     *bench_plot_view_get_pattern_entry  (BenchPlotView    *self);
/* TRUE while the empty state is shown instead of the plot */
gboolean         bench_plot_view_get_empty          (BenchPlotView    *self);
/* The empty state's title and description, as shown */
const char      *bench_plot_view_get_empty_text     (BenchPlotView    *self);

/* The combined view: whether @channel is plotted; picking one by hand
 * stops the automatic choice for its device. */
gboolean         bench_plot_view_get_picked         (BenchPlotView    *self,
                                                     BenchChannel     *channel);
void             bench_plot_view_set_picked         (BenchPlotView    *self,
                                                     BenchChannel     *channel,
                                                     gboolean          picked);
/* The channel picker's check buttons (built when it opens; for tests) */
GtkWidget       *bench_plot_view_get_picker         (BenchPlotView    *self);
void             bench_plot_view_refresh_picker     (BenchPlotView    *self);

/* The plot's name in app.export-plot: the device's name, "" combined */
const char      *bench_plot_view_get_export_name    (BenchPlotView    *self);
/* Opens a file chooser; @format ("png", "svg", "csv") is the first choice.
 * What the chooser returns goes to app.export-plot. */
void             bench_plot_view_choose_export_file (BenchPlotView    *self,
                                                     const char       *format);
/* The file chooser while it is open, else NULL */
GtkNativeDialog *bench_plot_view_get_chooser        (BenchPlotView    *self);
/* The chooser's outcome: @format applies when the name has no known
 * extension (which is then appended). */
void             bench_plot_view_export_to          (BenchPlotView    *self,
                                                     GFile            *file,
                                                     const char       *format);

G_END_DECLS
