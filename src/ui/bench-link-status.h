/* bench-link-status.h - how a device's connection is doing, in a few words
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Lives in the counters line of a device page. For an rfc2217:// device it
 * shows what the server's serial port reports, bound through the device's
 * current transport: the acknowledged baud rate and framing, the modem lines
 * (CD, DSR, CTS, RI) and the last line errors, with the details in a
 * popover. While the session log makes the device wait (:paused), a small
 * hint says so. Otherwise it is empty.
 */
#pragma once

#include <gtk/gtk.h>

#include "bench-device.h"

G_BEGIN_DECLS

#define BENCH_TYPE_LINK_STATUS (bench_link_status_get_type ())

G_DECLARE_FINAL_TYPE (BenchLinkStatus, bench_link_status, BENCH, LINK_STATUS, GtkWidget)

GtkWidget  *bench_link_status_new            (BenchDevice     *device);
/* What the button shows ("9600 7E1 · CD DSR CTS"), or NULL when hidden */
char       *bench_link_status_dup_summary    (BenchLinkStatus *self);
/* The popover's lines, one per row ("Modem lines: CD on, …") */
char       *bench_link_status_dup_details    (BenchLinkStatus *self);
gboolean    bench_link_status_get_paused_shown (BenchLinkStatus *self);

G_END_DECLS
