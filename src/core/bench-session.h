/* bench-session.h - the devices of one session, its clock and its log
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A session owns the devices (a GListModel of BenchDevice with unique
 * names), the session clock (start times every elapsed value counts from),
 * the recording (a BenchSessionWriter fed by every device), and exports the
 * retained rows of all devices (or one) merged in arrival order.
 */
#pragma once

#include <gio/gio.h>

#include "bench-device.h"
#include "bench-session-writer.h"

G_BEGIN_DECLS

#define BENCH_TYPE_SESSION (bench_session_get_type ())

G_DECLARE_FINAL_TYPE (BenchSession, bench_session, BENCH, SESSION, GObject)

BenchSession       *bench_session_new                 (void);
/* A GListModel of BenchDevice */
GListModel         *bench_session_get_devices         (BenchSession        *self);
gint64              bench_session_get_start_mono      (BenchSession        *self);
gint64              bench_session_get_start_wall      (BenchSession        *self);
/* Creates the device, gives it a unique name, connects it. */
BenchDevice        *bench_session_add_device          (BenchSession        *self,
                                                       const BenchSpec     *spec);
BenchDevice        *bench_session_add_device_for_string (BenchSession      *self,
                                                         const char        *spec,
                                                         GError           **error);
void                bench_session_remove_device       (BenchSession        *self,
                                                       BenchDevice         *device);
BenchDevice        *bench_session_find_device         (BenchSession        *self,
                                                       const char          *name);

gboolean            bench_session_start_recording     (BenchSession        *self,
                                                       const char          *path,
                                                       BenchLogFormat       format,
                                                       GError             **error);
/* Records to an already open descriptor (stdout for benchtop-cli). */
void                bench_session_start_recording_fd  (BenchSession        *self,
                                                       int                  fd,
                                                       BenchLogFormat       format);
/* Stops and closes the log; returns the writer's error if it had failed. */
gboolean            bench_session_stop_recording      (BenchSession        *self,
                                                       GError             **error);
void                bench_session_stop_recording_async  (BenchSession      *self,
                                                         GAsyncReadyCallback callback,
                                                         gpointer           user_data);
gboolean            bench_session_stop_recording_finish (BenchSession      *self,
                                                         GAsyncResult      *result,
                                                         GError           **error);
gboolean            bench_session_get_recording       (BenchSession        *self);
BenchSessionWriter *bench_session_get_writer          (BenchSession        *self);

/* Writes the retained rows of every device (@device_name NULL) or of one,
 * merged by arrival time, without blocking the main loop. */
void                bench_session_export_async        (BenchSession        *self,
                                                       const char          *path,
                                                       BenchLogFormat       format,
                                                       const char          *device_name,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
/* Returns the number of rows written, or -1 with @error set. */
gint64              bench_session_export_finish       (BenchSession        *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);

G_END_DECLS
