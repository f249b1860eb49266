/* bench-session-writer.h - streams the session log to a file (DESIGN.md §2.3)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Rows are appended on the main thread into a batch (a raw copy, cheap);
 * batches go to a writer thread at least every 100 ms or when large, which
 * sorts them by arrival time, formats them and writes whole rows per write(2).
 * The main loop never waits for the disk. The amount in flight is bounded:
 * beyond it rows are dropped, counted, and a note is logged once the writer
 * catches up. On a write error (ENOSPC, EFBIG, EIO, ...) the file is cut back
 * to the last whole row, the writer stops, :state becomes FAILED and :error
 * says why; the caller keeps its devices running.
 */
#pragma once

#include <gio/gio.h>

#include "bench-row.h"

G_BEGIN_DECLS

#define BENCH_TYPE_SESSION_WRITER (bench_session_writer_get_type ())

#define BENCH_SESSION_WRITER_DEFAULT_MAX_PENDING (64u * 1024 * 1024)

G_DECLARE_FINAL_TYPE (BenchSessionWriter, bench_session_writer, BENCH, SESSION_WRITER, GObject)

/* Creates (truncates) @path. */
BenchSessionWriter *bench_session_writer_new_for_path    (const char          *path,
                                                          BenchLogFormat       format,
                                                          gint64               start_mono,
                                                          GError             **error);
/* Writes to @fd (e.g. 1 for stdout); closes it at the end only if @close_fd. */
BenchSessionWriter *bench_session_writer_new_for_fd      (int                  fd,
                                                          gboolean             close_fd,
                                                          BenchLogFormat       format,
                                                          gint64               start_mono);
/* Registers a device name; rows name their source by the returned id. */
guint               bench_session_writer_add_source      (BenchSessionWriter  *self,
                                                          const char          *name);
void                bench_session_writer_append          (BenchSessionWriter  *self,
                                                          guint                source,
                                                          const BenchRow      *row);
/* Convenience for events that belong to no device (source name "benchtop"). */
void                bench_session_writer_append_event    (BenchSessionWriter  *self,
                                                          BenchRowFlags        flags,
                                                          const char          *text);
/* Hands the current batch to the writer thread now. */
void                bench_session_writer_flush           (BenchSessionWriter  *self);
/* Writes everything pending and closes. Blocks until the writer thread is
 * done; use the async variant from the main loop of a GUI. */
gboolean            bench_session_writer_close           (BenchSessionWriter  *self,
                                                          GError             **error);
void                bench_session_writer_close_async     (BenchSessionWriter  *self,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
gboolean            bench_session_writer_close_finish    (BenchSessionWriter  *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);
BenchLogFormat      bench_session_writer_get_format      (BenchSessionWriter  *self);
const char         *bench_session_writer_get_path        (BenchSessionWriter  *self);
BenchWriterState    bench_session_writer_get_state       (BenchSessionWriter  *self);
/* The error that stopped the writer, or NULL. */
const GError       *bench_session_writer_get_error       (BenchSessionWriter  *self);
guint64             bench_session_writer_get_rows_written  (BenchSessionWriter *self);
guint64             bench_session_writer_get_bytes_written (BenchSessionWriter *self);
guint64             bench_session_writer_get_rows_dropped  (BenchSessionWriter *self);
/* Stop accepting rx rows after @max in total (0: no limit); ::limit-reached
 * is emitted once when the last one was taken. */
void                bench_session_writer_set_max_rx_rows (BenchSessionWriter  *self,
                                                          guint64              max);
guint64             bench_session_writer_get_max_rx_rows (BenchSessionWriter  *self);
/* The bound on bytes in flight (batches not yet written); beyond it rows are
 * dropped and counted in :rows-dropped. Must be > 0. */
void                bench_session_writer_set_max_pending (BenchSessionWriter  *self,
                                                          gsize                max_bytes);
gsize               bench_session_writer_get_max_pending (BenchSessionWriter  *self);
/* TRUE from half of max-pending in flight until an eighth is left: sources
 * that can wait (network sockets) should pause reading meanwhile. */
gboolean            bench_session_writer_get_congested   (BenchSessionWriter  *self);

/* Formatting, shared with export and "copy lines". @name is the raw device
 * name (it is escaped here). */
void                bench_log_append_header              (GString             *out,
                                                          BenchLogFormat       format);
void                bench_log_append_row                 (GString             *out,
                                                          BenchLogFormat       format,
                                                          const char          *name,
                                                          gint64               start_mono,
                                                          const BenchRow      *row);
/* "2026-11-22T01:23:45.123456Z" */
void                bench_log_append_time                (GString             *out,
                                                          gint64               wall_us);
gboolean            bench_log_format_from_string         (const char          *text,
                                                          BenchLogFormat      *format);
/* From the extension: .csv, .jsonl/.json/.ndjson, anything else is text. */
BenchLogFormat      bench_log_format_from_path           (const char          *path);
const char         *bench_log_format_to_string           (BenchLogFormat       format);

G_END_DECLS
