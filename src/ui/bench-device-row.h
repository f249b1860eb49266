/* bench-device-row.h - a device in the sidebar (or the All Devices row)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "bench-session.h"

G_BEGIN_DECLS

#define BENCH_TYPE_DEVICE_ROW (bench_device_row_get_type ())

G_DECLARE_FINAL_TYPE (BenchDeviceRow, bench_device_row, BENCH, DEVICE_ROW, GtkListBoxRow)

GtkWidget   *bench_device_row_new          (BenchDevice    *device);
/* The All Devices row */
GtkWidget   *bench_device_row_new_overview (BenchSession   *session);
BenchDevice *bench_device_row_get_device   (BenchDeviceRow *self);
const char  *bench_device_row_get_title    (BenchDeviceRow *self);
const char  *bench_device_row_get_subtitle (BenchDeviceRow *self);
/* "connected", "connecting", "disconnected", "error" (the dot's class) */
const char  *bench_device_row_get_state    (BenchDeviceRow *self);

G_END_DECLS
