/* bench-console-row.h - one line of the console
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "bench-console-item.h"

G_BEGIN_DECLS

#define BENCH_TYPE_CONSOLE_ROW (bench_console_row_get_type ())

G_DECLARE_FINAL_TYPE (BenchConsoleRow, bench_console_row, BENCH, CONSOLE_ROW, GtkWidget)

GtkWidget        *bench_console_row_new      (void);
BenchConsoleItem *bench_console_row_get_item (BenchConsoleRow  *self);
void              bench_console_row_set_item (BenchConsoleRow  *self,
                                              BenchConsoleItem *item);
/* What the row shows, for tests: "TIME DIR TEXT" (and the device) */
char             *bench_console_row_dup_text (BenchConsoleRow  *self);

/* The number of colours devices get in the All Devices console */
#define BENCH_N_DEVICE_COLORS 8

G_END_DECLS
