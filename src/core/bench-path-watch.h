/* bench-path-watch.h - notices when a missing device path may be back
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Hot-plug for paths, without udev: a GFileMonitor (inotify) on the directory
 * of the path, and, when the path is a symbolic link (a socat link, a
 * /dev/serial/by-id name), on the directory of what it points to as well.
 * A directory that does not exist yet is replaced by its nearest existing
 * ancestor, so a by-id directory that udev creates on the first plug-in is
 * noticed too. ::changed is emitted when the name of the path or of a link
 * target is created, moved in or has its attributes changed (udev sets the
 * permissions after creating the node); the watches follow the links again
 * each time. The owner then simply retries (bench_device_retry_now()).
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define BENCH_TYPE_PATH_WATCH (bench_path_watch_get_type ())

G_DECLARE_FINAL_TYPE (BenchPathWatch, bench_path_watch, BENCH, PATH_WATCH, GObject)

BenchPathWatch *bench_path_watch_new           (const char     *path);
const char     *bench_path_watch_get_path      (BenchPathWatch *self);
/* The directories watched now (for tests and diagnostics) */
GStrv           bench_path_watch_dup_watched   (BenchPathWatch *self);

G_END_DECLS
