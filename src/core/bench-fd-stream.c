/* bench-fd-stream.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>

#include <gio/gio.h>

#include "bench-fd-stream.h"
#include "bench-transport.h"
#include "bench-util.h"

#define READ_BUFFER_SIZE (64 * 1024)

/* A flood: a dispatch that has read this much waits up to FLOOD_WAIT_MS
 * for more (a pty hands over about 4 KiB at a time) instead of going back
 * to the main loop for every piece, for at most FLOOD_DISPATCH_US. Keeps a
 * busy main loop (a GTK window's) from paying its per-iteration cost per
 * 4 KiB; slow devices never wait. */
#define FLOOD_BYTES       (16 * 1024)
#define FLOOD_WAIT_MS     1
#define FLOOD_DISPATCH_US 3000

/* The read watch's priority. A device that talks at an instrument's pace
 * is read ahead of GTK's layout and redraw, so its rows carry the time
 * they arrived however busy the window is: a window busy relaying out for
 * a second must not stamp a second of readings with one time. A flood (a
 * dispatch of FLOOD_BYTES or more, or FLOOD_RATE_BYTES within
 * RATE_WINDOW_US) is read below redraw, so it never starves the frame
 * clock; a window with less than that makes the device quiet again. */
#define QUIET_PRIORITY    G_PRIORITY_DEFAULT
#define FLOOD_PRIORITY    G_PRIORITY_DEFAULT_IDLE
#define RATE_WINDOW_US    (50 * 1000)
#define FLOOD_RATE_BYTES  (32 * 1024)

struct _BenchFdStream
{
  int                 fd;
  char               *label;
  BenchFdStreamFuncs  funcs;
  gpointer            user_data;

  GIOChannel         *channel;
  GSource            *in_source;
  GSource            *out_source;
  GSource            *closed_source;

  guint8             *read_buffer;

  /* the transmit queue: tx->data[tx_offset..tx->len) is pending */
  GByteArray         *tx;
  gsize               tx_offset;
  gsize               tx_max;

  GError             *close_error;

  gint64              rate_start;
  gsize               rate_bytes;

  guint               flooding : 1;
  guint               closed : 1;
  guint               started : 1;
  guint               paused : 1;
};

static gboolean bench_fd_stream_out_cb (GIOChannel   *channel,
                                        GIOCondition  condition,
                                        gpointer      data);

static void
bench_fd_stream_remove_sources (BenchFdStream *self)
{
  if (self->in_source != NULL)
    {
      g_source_destroy (self->in_source);
      g_clear_pointer (&self->in_source, g_source_unref);
    }
  if (self->out_source != NULL)
    {
      g_source_destroy (self->out_source);
      g_clear_pointer (&self->out_source, g_source_unref);
    }
}

/* What the peer sent before the end is still delivered, even when a write
 * noticed the end first (a server that says why it refuses us and closes
 * while our first bytes are on their way: the write fails with EPIPE before
 * the read has seen its words). */
static void
bench_fd_stream_read_remaining (BenchFdStream *self)
{
  gsize budget = BENCH_FD_STREAM_READ_BUDGET;

  while (budget > 0)
    {
      ssize_t n = read (self->fd, self->read_buffer, READ_BUFFER_SIZE);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      budget -= MIN ((gsize) n, budget);
      self->funcs.received (self->user_data, self->read_buffer, n, bench_now_mono (), bench_now_wall ());
    }
}

static gboolean
bench_fd_stream_closed_cb (gpointer data)
{
  BenchFdStream *self = data;
  g_autoptr(GError) error = g_steal_pointer (&self->close_error);

  g_clear_pointer (&self->closed_source, g_source_unref);
  bench_fd_stream_read_remaining (self);
  if (self->funcs.closed != NULL)
    self->funcs.closed (self->user_data, error);

  return G_SOURCE_REMOVE;
}

/* Marks the stream closed and reports it from an idle, so that callers of
 * bench_fd_stream_write() never see their object change under them. */
static void
bench_fd_stream_fail (BenchFdStream *self,
                      GError        *error)
{
  g_assert (self != NULL);
  g_assert (error != NULL);

  if (self->closed)
    {
      g_error_free (error);
      return;
    }

  self->closed = TRUE;
  self->close_error = error;
  bench_fd_stream_remove_sources (self);

  self->closed_source = g_idle_source_new ();
  g_source_set_priority (self->closed_source, G_PRIORITY_DEFAULT);
  g_source_set_static_name (self->closed_source, "[benchtop] fd stream closed");
  g_source_set_callback (self->closed_source, bench_fd_stream_closed_cb, self, NULL);
  g_source_attach (self->closed_source, NULL);
}

static GError *
bench_fd_stream_error_from_errno (BenchFdStream *self,
                                  int            errsv)
{
  switch (errsv)
    {
    case EIO:
    case ENXIO:
    case ENODEV:
      return g_error_new (BENCH_ERROR, BENCH_ERROR_DISCONNECTED,
                          "%s went away (%s)", self->label, g_strerror (errsv));
    case ECONNRESET:
    case EPIPE:
      return g_error_new (BENCH_ERROR, BENCH_ERROR_DISCONNECTED,
                          "%s closed the connection (%s)", self->label, g_strerror (errsv));
    default:
      return g_error_new (BENCH_ERROR, BENCH_ERROR_DISCONNECTED,
                          "Lost %s: %s", self->label, g_strerror (errsv));
    }
}

/* After a dispatch that read @bytes: quiet or flooding, by the rate. */
static void
bench_fd_stream_note_read (BenchFdStream *self,
                           gsize          bytes)
{
  gint64 now = bench_now_mono ();
  gboolean flooding = self->flooding;

  self->rate_bytes += bytes;
  if (bytes >= FLOOD_BYTES || self->rate_bytes >= FLOOD_RATE_BYTES)
    flooding = TRUE;
  else if (now - self->rate_start >= RATE_WINDOW_US)
    flooding = FALSE;
  if (now - self->rate_start >= RATE_WINDOW_US)
    {
      self->rate_start = now;
      self->rate_bytes = 0;
    }

  if (flooding != self->flooding)
    {
      self->flooding = flooding;
      if (self->in_source != NULL)
        g_source_set_priority (self->in_source, flooding ? FLOOD_PRIORITY : QUIET_PRIORITY);
    }
}

static gboolean
bench_fd_stream_in_cb (GIOChannel   *channel,
                       GIOCondition  condition,
                       gpointer      data)
{
  BenchFdStream *self = data;
  gsize budget = BENCH_FD_STREAM_READ_BUDGET;
  gint64 start = bench_now_mono ();

  g_assert (self != NULL);
  g_assert (!self->closed);

  /* Read what is there even on HUP: nothing already received is lost. */
  while (budget > 0)
    {
      ssize_t n = read (self->fd, self->read_buffer, READ_BUFFER_SIZE);

      if (n > 0)
        {
          gint64 mono = bench_now_mono ();
          gint64 wall = bench_now_wall ();

          budget -= MIN ((gsize) n, budget);
          self->funcs.received (self->user_data, self->read_buffer, n, mono, wall);
          if (self->closed || self->paused)
            return G_SOURCE_REMOVE;
          /* a flood starting: the rest below redraw, after a frame */
          if (!self->flooding && BENCH_FD_STREAM_READ_BUDGET - budget >= FLOOD_BYTES)
            break;
          continue;
        }

      if (n == 0)
        {
          bench_fd_stream_fail (self, g_error_new (BENCH_ERROR, BENCH_ERROR_DISCONNECTED,
                                                   "%s hung up (end of file)", self->label));
          return G_SOURCE_REMOVE;
        }

      if (errno == EINTR)
        continue;

      if (errno == EAGAIN || errno == EWOULDBLOCK)
        {
          if (condition & (G_IO_HUP | G_IO_ERR))
            {
              /* HUP with nothing left to read: the other end is gone. */
              bench_fd_stream_fail (self, g_error_new (BENCH_ERROR, BENCH_ERROR_DISCONNECTED,
                                                       "%s hung up", self->label));
              return G_SOURCE_REMOVE;
            }
          if (BENCH_FD_STREAM_READ_BUDGET - budget >= FLOOD_BYTES &&
              bench_now_mono () - start < FLOOD_DISPATCH_US)
            {
              struct pollfd pfd = { self->fd, POLLIN, 0 };

              /* only more data continues here; HUP and errors go back
               * through the main loop */
              if (poll (&pfd, 1, FLOOD_WAIT_MS) > 0 && pfd.revents == POLLIN)
                continue;
            }
          break;
        }

      bench_fd_stream_fail (self, bench_fd_stream_error_from_errno (self, errno));
      return G_SOURCE_REMOVE;
    }

  bench_fd_stream_note_read (self, BENCH_FD_STREAM_READ_BUDGET - budget);

  return G_SOURCE_CONTINUE;
}

BenchFdStream *
bench_fd_stream_new (int                       fd,
                     const char               *label,
                     const BenchFdStreamFuncs *funcs,
                     gpointer                  user_data)
{
  BenchFdStream *self;

  g_return_val_if_fail (fd >= 0, NULL);
  g_return_val_if_fail (funcs != NULL && funcs->received != NULL, NULL);

  self = g_new0 (BenchFdStream, 1);
  self->fd = fd;
  self->label = g_strdup (label ? label : "device");
  self->funcs = *funcs;
  self->user_data = user_data;
  self->tx = g_byte_array_new ();
  self->tx_max = BENCH_TRANSPORT_DEFAULT_TX_MAX;
  self->read_buffer = g_malloc (READ_BUFFER_SIZE);

  bench_set_nonblocking (fd, NULL);
  self->channel = g_io_channel_unix_new (fd);
  g_io_channel_set_encoding (self->channel, NULL, NULL);
  g_io_channel_set_buffered (self->channel, FALSE);
  g_io_channel_set_close_on_unref (self->channel, FALSE);

  return self;
}

static void
bench_fd_stream_watch_in (BenchFdStream *self)
{
  self->in_source = g_io_create_watch (self->channel, G_IO_IN | G_IO_HUP | G_IO_ERR);
  g_source_set_priority (self->in_source, self->flooding ? FLOOD_PRIORITY : QUIET_PRIORITY);
  g_source_set_static_name (self->in_source, "[benchtop] device read");
  g_source_set_callback (self->in_source, (GSourceFunc) (void (*) (void)) bench_fd_stream_in_cb, self, NULL);
  g_source_attach (self->in_source, NULL);
}

void
bench_fd_stream_start (BenchFdStream *self)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (!self->started);

  self->started = TRUE;
  if (self->closed || self->paused)
    return;

  bench_fd_stream_watch_in (self);
}

void
bench_fd_stream_set_paused (BenchFdStream *self,
                            gboolean       paused)
{
  g_return_if_fail (self != NULL);

  paused = !!paused;
  if (self->paused == paused)
    return;
  self->paused = paused;

  if (self->closed || !self->started)
    return;

  if (paused && self->in_source != NULL)
    {
      /* from within bench_fd_stream_in_cb() too: it stops at once */
      g_source_destroy (self->in_source);
      g_clear_pointer (&self->in_source, g_source_unref);
    }
  else if (!paused && self->in_source == NULL)
    bench_fd_stream_watch_in (self);
}

gboolean
bench_fd_stream_get_paused (BenchFdStream *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->paused;
}

static gsize
bench_fd_stream_pending (BenchFdStream *self)
{
  return self->tx->len - self->tx_offset;
}

/* Writes from the queue until EAGAIN. Returns FALSE if the stream failed. */
static gboolean
bench_fd_stream_drain (BenchFdStream *self)
{
  while (bench_fd_stream_pending (self) > 0)
    {
      ssize_t n = write (self->fd, self->tx->data + self->tx_offset, bench_fd_stream_pending (self));

      if (n > 0)
        {
          self->tx_offset += n;
          continue;
        }
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
        break;

      bench_fd_stream_fail (self, bench_fd_stream_error_from_errno (self, n < 0 ? errno : EIO));
      return FALSE;
    }

  if (bench_fd_stream_pending (self) == 0)
    {
      g_byte_array_set_size (self->tx, 0);
      self->tx_offset = 0;
    }
  else if (self->tx_offset > 64 * 1024 && self->tx_offset > self->tx->len / 2)
    {
      g_byte_array_remove_range (self->tx, 0, self->tx_offset);
      self->tx_offset = 0;
    }

  return TRUE;
}

static void
bench_fd_stream_update_out_watch (BenchFdStream *self)
{
  gboolean want = !self->closed && bench_fd_stream_pending (self) > 0;

  if (want && self->out_source == NULL)
    {
      self->out_source = g_io_create_watch (self->channel, G_IO_OUT | G_IO_HUP | G_IO_ERR);
      g_source_set_priority (self->out_source, G_PRIORITY_DEFAULT_IDLE);
      g_source_set_static_name (self->out_source, "[benchtop] device write");
      g_source_set_callback (self->out_source, (GSourceFunc) (void (*) (void)) bench_fd_stream_out_cb, self, NULL);
      g_source_attach (self->out_source, NULL);
    }
  else if (!want && self->out_source != NULL)
    {
      g_source_destroy (self->out_source);
      g_clear_pointer (&self->out_source, g_source_unref);
    }
}

static gboolean
bench_fd_stream_out_cb (GIOChannel   *channel,
                        GIOCondition  condition,
                        gpointer      data)
{
  BenchFdStream *self = data;
  gsize before;

  g_assert (self != NULL);

  before = bench_fd_stream_pending (self);
  if (!bench_fd_stream_drain (self))
    return G_SOURCE_REMOVE;

  if (bench_fd_stream_pending (self) != before && self->funcs.tx_pending != NULL)
    self->funcs.tx_pending (self->user_data);

  if (bench_fd_stream_pending (self) == 0)
    {
      g_clear_pointer (&self->out_source, g_source_unref);
      return G_SOURCE_REMOVE;
    }

  return G_SOURCE_CONTINUE;
}

gboolean
bench_fd_stream_write (BenchFdStream  *self,
                       const guint8   *data,
                       gsize           len,
                       GError        **error)
{
  gsize before;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (data != NULL || len == 0, FALSE);

  if (self->closed)
    {
      g_set_error (error, BENCH_ERROR, BENCH_ERROR_NOT_CONNECTED,
                   "%s is not connected", self->label);
      return FALSE;
    }

  before = bench_fd_stream_pending (self);
  if (before + len > self->tx_max)
    {
      g_set_error (error, BENCH_ERROR, BENCH_ERROR_TX_FULL,
                   "Transmit queue of %s is full (%" G_GSIZE_FORMAT " bytes waiting): "
                   "the device is not reading",
                   self->label, before);
      return FALSE;
    }

  if (len == 0)
    return TRUE;

  g_byte_array_append (self->tx, data, len);

  /* Try at once only when nothing was waiting, so bytes are never reordered. */
  if (before == 0 && !bench_fd_stream_drain (self))
    return TRUE; /* accepted; the failure is reported as the end of the stream */

  bench_fd_stream_update_out_watch (self);

  if (bench_fd_stream_pending (self) != before && self->funcs.tx_pending != NULL)
    self->funcs.tx_pending (self->user_data);

  return TRUE;
}

gsize
bench_fd_stream_get_tx_pending (BenchFdStream *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return bench_fd_stream_pending (self);
}

void
bench_fd_stream_set_tx_max (BenchFdStream *self,
                            gsize          max)
{
  g_return_if_fail (self != NULL);

  self->tx_max = max;
}

int
bench_fd_stream_get_fd (BenchFdStream *self)
{
  g_return_val_if_fail (self != NULL, -1);

  return self->fd;
}

gboolean
bench_fd_stream_is_closed (BenchFdStream *self)
{
  g_return_val_if_fail (self != NULL, TRUE);

  return self->closed;
}

void
bench_fd_stream_free (BenchFdStream *self)
{
  if (self == NULL)
    return;

  bench_fd_stream_remove_sources (self);
  if (self->closed_source != NULL)
    {
      g_source_destroy (self->closed_source);
      g_clear_pointer (&self->closed_source, g_source_unref);
    }
  g_clear_pointer (&self->channel, g_io_channel_unref);
  bench_clear_fd (&self->fd);
  g_clear_error (&self->close_error);
  g_byte_array_unref (self->tx);
  g_free (self->read_buffer);
  g_free (self->label);
  g_free (self);
}
