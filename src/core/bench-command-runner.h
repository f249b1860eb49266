/* bench-command-runner.h - runs command sequences on a device
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One per BenchDevice (bench_device_get_runner()). run() takes a copy of a
 * BenchCommand and executes its steps in order: a send goes out at once
 * (bench_device_send_escaped(): a tx row, the device's tx-eol), a wait holds
 * the next step for its duration, timed by one GSource rescheduled with
 * g_source_set_ready_time(). Commands started while one runs are queued and
 * run after it, so two sequences never interleave. A failed send stops that
 * command (an event row says which step and why); the queue goes on. When
 * the device disconnects, the running command and the queue are dropped.
 */
#pragma once

#include <gio/gio.h>

#include "bench-command.h"
#include "bench-types.h"

G_BEGIN_DECLS

#define BENCH_TYPE_COMMAND_RUNNER (bench_command_runner_get_type ())

G_DECLARE_FINAL_TYPE (BenchCommandRunner, bench_command_runner, BENCH, COMMAND_RUNNER, GObject)

/* Made by the device; @device is not referenced. */
BenchCommandRunner *bench_command_runner_new         (BenchDevice        *device);
void                bench_command_runner_run         (BenchCommandRunner *self,
                                                      BenchCommand       *command);
/* Stops the running command and drops the queue. */
void                bench_command_runner_cancel      (BenchCommandRunner *self);
gboolean            bench_command_runner_get_busy    (BenchCommandRunner *self);
/* The name of the running command, or NULL */
const char         *bench_command_runner_get_current (BenchCommandRunner *self);
guint               bench_command_runner_get_queued  (BenchCommandRunner *self);

/* For BenchDevice: cancel and let go of the device (from its dispose). */
void                bench_command_runner_detach      (BenchCommandRunner *self);

G_END_DECLS
