/* bench-automation-panel.h - a device's scheduled queries and command buttons
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The side panel of a device page, beside the console. :revealed says
 * whether it is to be shown (the device page's flap follows it); with
 * settings it is the "automation-panel" key, so F9 shows or hides it on
 * every device page at once.
 *
 * Scheduled queries: the list, edited in place (BenchQueryRow), a switch
 * that starts and stops them, the totals (missed replies stand out), and a
 * one-line form that takes a command (sent every second) or the CLI's
 * COMMAND@INTERVAL[,reply-timeout=DURATION]. Command buttons: the list in
 * button order (the first nine are Ctrl+1…9), each edited in a
 * BenchCommandEditor, moved or removed from its menu.
 */
#pragma once

#include <gtk/gtk.h>

#include "bench-device.h"
#include "bench-query-row.h"
#include "bench-settings.h"

G_BEGIN_DECLS

#define BENCH_TYPE_AUTOMATION_PANEL (bench_automation_panel_get_type ())

G_DECLARE_FINAL_TYPE (BenchAutomationPanel, bench_automation_panel, BENCH, AUTOMATION_PANEL, GtkWidget)

/* @settings may be NULL (then the panel is shown or hidden by hand) */
GtkWidget     *bench_automation_panel_new            (BenchDevice          *device,
                                                      BenchSettings        *settings);
gboolean       bench_automation_panel_get_revealed   (BenchAutomationPanel *self);
void           bench_automation_panel_set_revealed   (BenchAutomationPanel *self,
                                                      gboolean              revealed);
/* What the add form does with @text; FALSE with the reason shown under it */
gboolean       bench_automation_panel_add_query      (BenchAutomationPanel *self,
                                                      const char           *text);
const char    *bench_automation_panel_get_add_error  (BenchAutomationPanel *self);
/* "Running · 12 sent · 12 replies · 0 missed", as shown */
const char    *bench_automation_panel_get_totals     (BenchAutomationPanel *self);
BenchQueryRow *bench_automation_panel_get_query_row  (BenchAutomationPanel *self,
                                                      guint                 index);
GtkSwitch     *bench_automation_panel_get_running_switch (BenchAutomationPanel *self);
GtkListBox    *bench_automation_panel_get_commands_list  (BenchAutomationPanel *self);
/* Opens the editor for command button @index, or for a new one (-1) */
GtkWidget     *bench_automation_panel_edit_command   (BenchAutomationPanel *self,
                                                      int                   index);

G_END_DECLS
