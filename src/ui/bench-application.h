/* bench-application.h - the Benchtop application: session, settings, actions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The app.* actions are the D-Bus contract (DESIGN.md §2.4): connect (s),
 * disconnect (s), send ((ss)), export ((ss)), start-recording (s),
 * stop-recording, preferences, about, quit and export-plot ((ss)). Errors
 * become toasts, never dialogs; since D-Bus callers cannot read toasts, the
 * stateful actions last-error (s) and devices (a(ss): name, state) can be
 * read with org.gtk.Actions.Describe.
 */
#pragma once

#include <adwaita.h>

#include "bench-journal.h"
#include "bench-port-monitor.h"
#include "bench-session.h"
#include "bench-settings.h"

G_BEGIN_DECLS

#define BENCH_TYPE_APPLICATION (bench_application_get_type ())

G_DECLARE_FINAL_TYPE (BenchApplication, bench_application, BENCH, APPLICATION, AdwApplication)

BenchApplication *bench_application_new              (const char        *application_id,
                                                      GApplicationFlags  flags);
BenchSession     *bench_application_get_session      (BenchApplication  *self);
BenchSettings    *bench_application_get_settings     (BenchApplication  *self);
BenchJournal     *bench_application_get_journal      (BenchApplication  *self);
BenchPortMonitor *bench_application_get_port_monitor (BenchApplication  *self);

/* Parses @spec, adds the device, remembers it (recent, per-device settings). */
BenchDevice      *bench_application_connect          (BenchApplication  *self,
                                                      const char        *spec,
                                                      GError           **error);
void              bench_application_open_demos       (BenchApplication  *self);
gboolean          bench_application_start_recording  (BenchApplication  *self,
                                                      const char        *path,
                                                      GError           **error);
void              bench_application_stop_recording   (BenchApplication  *self);
/* Exports the retained rows (of one device, or all with NULL) in the
 * background; the outcome is a toast. */
void              bench_application_export           (BenchApplication  *self,
                                                      const char        *path,
                                                      BenchLogFormat     format,
                                                      const char        *device_name);
/* Runs @device_name's command button @command_name (app.run-command);
 * an unknown device or command is reported. */
void              bench_application_run_command      (BenchApplication  *self,
                                                      const char        *device_name,
                                                      const char        *command_name);
/* A toast in the window, and the last-error action's state. */
void              bench_application_report_error     (BenchApplication  *self,
                                                      const char        *message);
const char       *bench_application_get_last_error   (BenchApplication  *self);
/* The window, made if there is none */
GtkWindow        *bench_application_ensure_window    (BenchApplication  *self);

G_END_DECLS
