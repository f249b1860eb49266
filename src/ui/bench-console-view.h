/* bench-console-view.h - a console: the list of rows, search, follow-tail
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "bench-console-model.h"

G_BEGIN_DECLS

#define BENCH_TYPE_CONSOLE_VIEW (bench_console_view_get_type ())

G_DECLARE_FINAL_TYPE (BenchConsoleView, bench_console_view, BENCH, CONSOLE_VIEW, GtkWidget)

GtkWidget         *bench_console_view_new            (BenchConsoleModel *model);
BenchConsoleModel *bench_console_view_get_model      (BenchConsoleView  *self);
void               bench_console_view_set_model      (BenchConsoleView  *self,
                                                      BenchConsoleModel *model);
/* Whether the view keeps the newest line in sight; scrolling up pauses it. */
gboolean           bench_console_view_get_following  (BenchConsoleView  *self);
void               bench_console_view_set_following  (BenchConsoleView  *self,
                                                      gboolean           following);
GtkListView       *bench_console_view_get_list_view  (BenchConsoleView  *self);
GtkSelectionModel *bench_console_view_get_selection  (BenchConsoleView  *self);
/* Opens the search bar and focuses its entry. */
void               bench_console_view_start_search   (BenchConsoleView  *self);
/* Copies the selected lines (as shown) to the clipboard; returns how many. */
guint              bench_console_view_copy_selection (BenchConsoleView  *self);

G_END_DECLS
