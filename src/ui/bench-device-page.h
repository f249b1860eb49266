/* bench-device-page.h - what the window shows for one device, or for all
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A device page: an inline banner when the device is not connected, the
 * console (with the scheduled queries and command buttons panel beside
 * it), the plot area, the counters (with the link's state) and the send
 * box (with the command buttons above it). Without a device
 * it is the All Devices page: the merged console of the journal, with each
 * row tagged by its device, and the session's totals.
 */
#pragma once

#include <gtk/gtk.h>

#include "bench-automation-panel.h"
#include "bench-command-bar.h"
#include "bench-console-view.h"
#include "bench-link-status.h"
#include "bench-send-box.h"
#include "bench-session.h"
#include "bench-settings.h"

G_BEGIN_DECLS

#define BENCH_TYPE_DEVICE_PAGE (bench_device_page_get_type ())

G_DECLARE_FINAL_TYPE (BenchDevicePage, bench_device_page, BENCH, DEVICE_PAGE, GtkWidget)

GtkWidget        *bench_device_page_new              (BenchSession    *session,
                                                      BenchDevice     *device,
                                                      BenchSettings   *settings);
GtkWidget        *bench_device_page_new_overview     (BenchSession    *session,
                                                      BenchJournal    *journal,
                                                      BenchSettings   *settings);
BenchDevice      *bench_device_page_get_device       (BenchDevicePage *self);
BenchConsoleView *bench_device_page_get_console_view (BenchDevicePage *self);
/* NULL on the All Devices page */
BenchSendBox     *bench_device_page_get_send_box     (BenchDevicePage *self);
/* The box a plot widget goes into (hidden while empty): the device's plot,
 * or on the All Devices page the combined one. */
GtkBox           *bench_device_page_get_plot_area    (BenchDevicePage *self);
/* Puts @plot in the plot area, which is shown while @plot is visible */
void              bench_device_page_set_plot         (BenchDevicePage *self,
                                                      GtkWidget       *plot);
/* The widget given to bench_device_page_set_plot(), or NULL */
GtkWidget        *bench_device_page_get_plot         (BenchDevicePage *self);
/* The counters line and the banner, as shown */
char             *bench_device_page_dup_counters     (BenchDevicePage *self);
const char       *bench_device_page_get_banner       (BenchDevicePage *self);

/* Scheduled queries and command buttons; NULL on the All Devices page */
BenchAutomationPanel *bench_device_page_get_automation_panel (BenchDevicePage *self);
BenchCommandBar      *bench_device_page_get_command_bar      (BenchDevicePage *self);
BenchLinkStatus      *bench_device_page_get_link_status      (BenchDevicePage *self);

G_END_DECLS
