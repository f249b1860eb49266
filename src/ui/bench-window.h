/* bench-window.h - the main window: devices in a sidebar, their pages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "bench-application.h"
#include "bench-device-page.h"
#include "bench-plot.h"

G_BEGIN_DECLS

#define BENCH_TYPE_WINDOW (bench_window_get_type ())

G_DECLARE_FINAL_TYPE (BenchWindow, bench_window, BENCH, WINDOW, AdwApplicationWindow)

BenchWindow     *bench_window_new                 (BenchApplication *application);
/* @message is plain text */
void             bench_window_show_toast          (BenchWindow      *self,
                                                   const char       *message);
/* NULL: the All Devices page */
void             bench_window_select_device       (BenchWindow      *self,
                                                   BenchDevice      *device);
BenchDevice     *bench_window_get_selected_device (BenchWindow      *self);
/* @device NULL: the All Devices page */
BenchDevicePage *bench_window_get_page            (BenchWindow      *self,
                                                   BenchDevice      *device);
/* The page shown, NULL on the empty state */
BenchDevicePage *bench_window_get_visible_page    (BenchWindow      *self);
GtkWidget       *bench_window_present_connect_dialog (BenchWindow   *self);
/* The plot app.export-plot exports to @path for the device named
 * @device_name ("" or NULL: the combined plot of All Devices), or NULL
 * and why not (no such device, plotting off, no local path). */
BenchPlot       *bench_window_plot_to_export      (BenchWindow      *self,
                                                   const char       *device_name,
                                                   const char       *path,
                                                   GError          **error);

G_END_DECLS
