/* bench-command-bar.h - a device's command buttons, above its send box
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One button per command (its name; the first nine show their Ctrl+N
 * number) that runs the sequence through the device's runner; hidden while
 * the device has none. The running command's button is highlighted, the
 * bar says what runs and how many wait, and a stop button drops them.
 * Disabled while the device is not connected.
 */
#pragma once

#include <gtk/gtk.h>

#include "bench-device.h"
#include "bench-settings.h"

G_BEGIN_DECLS

#define BENCH_TYPE_COMMAND_BAR (bench_command_bar_get_type ())

G_DECLARE_FINAL_TYPE (BenchCommandBar, bench_command_bar, BENCH, COMMAND_BAR, GtkWidget)

GtkWidget  *bench_command_bar_new         (BenchDevice     *device,
                                           BenchSettings   *settings);
/* The button of command @index, or NULL */
GtkButton  *bench_command_bar_get_button  (BenchCommandBar *self,
                                           guint            index);
/* "Running “Zero” · 2 queued", or "" when idle */
const char *bench_command_bar_get_status  (BenchCommandBar *self);

G_END_DECLS
