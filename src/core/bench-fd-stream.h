/* bench-fd-stream.h - the main-loop half of an fd-backed transport
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One GIOChannel per fd (NULL encoding, unbuffered, non-blocking) watching
 * IN, HUP and ERR below redraw priority. A wakeup reads in large blocks until
 * EAGAIN or a byte budget. Writes go straight to the fd when nothing is
 * queued; the rest waits in a bounded queue drained by a G_IO_OUT watch that
 * exists only while bytes are pending. The end of the connection (HUP, ERR,
 * EIO, ENXIO, ENODEV, read() == 0, a reset) is reported once; the stream has
 * then removed its sources and closed nothing: the owner frees it.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _BenchFdStream BenchFdStream;

typedef struct
{
  /* bytes read by one read() */
  void (*received)   (gpointer      user_data,
                      const guint8 *data,
                      gsize         len,
                      gint64        mono_us,
                      gint64        wall_us);
  /* the connection ended; called once, never from within a bench_fd_stream_*() call */
  void (*closed)     (gpointer      user_data,
                      const GError *error);
  /* the number of queued bytes changed */
  void (*tx_pending) (gpointer      user_data);
} BenchFdStreamFuncs;

#define BENCH_FD_STREAM_READ_BUDGET (256 * 1024)

/* Takes ownership of @fd; @label names it in error messages ("/dev/ttyUSB0"). */
BenchFdStream *bench_fd_stream_new            (int                        fd,
                                               const char                *label,
                                               const BenchFdStreamFuncs  *funcs,
                                               gpointer                   user_data);
void           bench_fd_stream_start          (BenchFdStream             *self);
/* Queues all of @data or nothing (BENCH_ERROR_TX_FULL when over the bound). */
gboolean       bench_fd_stream_write          (BenchFdStream             *self,
                                               const guint8              *data,
                                               gsize                      len,
                                               GError                   **error);
gsize          bench_fd_stream_get_tx_pending (BenchFdStream             *self);
/* Stops (or resumes) reading; writing goes on. For peers that wait when not
 * read (TCP flow control), while the log cannot keep up. A hang-up is noticed
 * on resuming. */
void           bench_fd_stream_set_paused     (BenchFdStream             *self,
                                               gboolean                   paused);
gboolean       bench_fd_stream_get_paused     (BenchFdStream             *self);
void           bench_fd_stream_set_tx_max     (BenchFdStream             *self,
                                               gsize                      max);
/* While paused nothing is read: the sender waits in the kernel (a pty, a
 * socket) or the kernel buffers what it can (a UART). */
void           bench_fd_stream_set_paused     (BenchFdStream             *self,
                                               gboolean                   paused);
int            bench_fd_stream_get_fd         (BenchFdStream             *self);
gboolean       bench_fd_stream_is_closed      (BenchFdStream             *self);
/* Stops watching and closes the fd; no callbacks afterwards. */
void           bench_fd_stream_free           (BenchFdStream             *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BenchFdStream, bench_fd_stream_free)

G_END_DECLS
