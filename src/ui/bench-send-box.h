/* bench-send-box.h - the command line under a device's console
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Enter sends the text with its escapes expanded and the device's tx-eol
 * appended (or, in hex mode, exactly the bytes typed). Up and Down walk the
 * device's history, kept in its settings. Disabled while disconnected; says
 * how many bytes wait when the device does not read.
 */
#pragma once

#include <gtk/gtk.h>

#include "bench-device.h"
#include "bench-settings.h"

G_BEGIN_DECLS

#define BENCH_TYPE_SEND_BOX (bench_send_box_get_type ())

G_DECLARE_FINAL_TYPE (BenchSendBox, bench_send_box, BENCH, SEND_BOX, GtkWidget)

GtkWidget   *bench_send_box_new          (BenchDevice   *device,
                                          BenchSettings *settings);
BenchDevice *bench_send_box_get_device   (BenchSendBox  *self);
GtkEntry    *bench_send_box_get_entry    (BenchSendBox  *self);
gboolean     bench_send_box_get_hex      (BenchSendBox  *self);
void         bench_send_box_set_hex      (BenchSendBox  *self,
                                          gboolean       hex);
/* Sends what is typed; on error keeps it and shows why. */
gboolean     bench_send_box_send         (BenchSendBox  *self);
/* Up (-1) and Down (+1) */
void         bench_send_box_move_history (BenchSendBox  *self,
                                          int            direction);
/* The inline message (an escape error, bytes waiting), or NULL */
const char  *bench_send_box_get_status   (BenchSendBox  *self);
void         bench_send_box_focus        (BenchSendBox  *self);

G_END_DECLS
