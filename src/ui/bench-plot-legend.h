/* bench-plot-legend.h - the legend of a BenchPlot
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One entry per trace, in the plot's order: a check button that shows or
 * hides the trace (its child is the colour swatch and the name), then the
 * latest value as a real GtkLabel with the unit, so screen readers can read
 * it; its accessible description is "Latest value of NAME". Values are
 * refreshed at most once per frame.
 */
#pragma once

#include <gtk/gtk.h>

#include "bench-plot.h"

G_BEGIN_DECLS

#define BENCH_TYPE_PLOT_LEGEND (bench_plot_legend_get_type ())

G_DECLARE_FINAL_TYPE (BenchPlotLegend, bench_plot_legend, BENCH, PLOT_LEGEND, GtkWidget)

GtkWidget *bench_plot_legend_new        (BenchPlot       *plot);
BenchPlot *bench_plot_legend_get_plot   (BenchPlotLegend *self);
/* The entry widgets, for tests: the check button and the value label of
 * the trace at @position, or FALSE if there is none. */
gboolean   bench_plot_legend_get_entry  (BenchPlotLegend  *self,
                                         guint             position,
                                         GtkCheckButton  **check,
                                         GtkLabel        **value);

G_END_DECLS
