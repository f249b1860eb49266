/* bench-file-writer.h - a file written without blocking the main loop
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Appends the next piece of the file to @out (which is empty); returns
 * FALSE when there is nothing more (whatever it appended is written). */
typedef gboolean (*BenchFileFill) (GString  *out,
                                   gpointer  data);

/* Writes @path through a temporary file that replaces it only when all
 * went well, piece by piece from @fill, blocking (tests, tools). */
gboolean  bench_file_write        (const char          *path,
                                   BenchFileFill        fill,
                                   gpointer             fill_data,
                                   GError             **error);

/* Writes @path through a temporary file that replaces it only when all
 * went well (a failed write leaves @path as it was): each piece comes
 * from @fill on the main loop (keep it small: a piece is a moment of the
 * loop's time) and GIO's threads write it, at default priority, so that a
 * busy window does not hold an export back for seconds. @fill_free frees
 * @fill_data when done. */
void      bench_file_write_async  (const char          *path,
                                   BenchFileFill        fill,
                                   gpointer             fill_data,
                                   GDestroyNotify       fill_free,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data);
gboolean  bench_file_write_finish (GAsyncResult        *result,
                                   GError             **error);

G_END_DECLS
