/* bench-device.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdarg.h>
#include <string.h>

#include "bench-command-runner.h"
#include "bench-command-set.h"
#include "bench-demo.h"
#include "bench-device.h"
#include "bench-enums.h"
#include "bench-escape.h"
#include "bench-framer.h"
#include "bench-path-watch.h"
#include "bench-poller.h"
#include "bench-serial-transport.h"
#include "bench-transport.h"
#include "bench-util.h"

#define STATS_INTERVAL_MS 100
#define RATE_SLOTS        10   /* line rate over the last second */

struct _BenchDevice
{
  GObject           parent_instance;

  BenchSpec        *spec;
  char             *name;
  BenchDeviceState  state;
  char             *last_error;
  char             *path;

  BenchRowQueue    *queue;
  BenchFramer      *framer;
  GPtrArray        *sinks;
  BenchDemo        *demo;

  BenchTransport   *transport;
  GCancellable     *open_cancellable;
  gboolean          ever_connected;
  gboolean          want_connected;
  gboolean          in_split;
  gboolean          want_paused;
  gboolean          paused;

  /* one source, rescheduled: the reconnect backoff */
  GSource          *retry_source;
  guint             retry_delay_ms;
  char             *last_logged_error;

  /* hot-plug: while waiting to retry, watch the path for its return */
  char             *watch_path;
  BenchPathWatch   *path_watch;

  /* automation */
  BenchPoller        *poller;
  BenchCommandSet    *commands;
  BenchCommandRunner *runner;

  /* counters; notified at most every STATS_INTERVAL_MS */
  guint64           rx_bytes;
  guint64           tx_bytes;
  guint64           rx_lines;
  guint64           tx_lines;
  guint64           split_lines;
  guint64           notified[6];
  GSource          *stats_source;
  guint64           rate_slots[RATE_SLOTS];
  guint             rate_slot;
  guint64           rate_last_lines;
  double            line_rate;
};

G_DEFINE_FINAL_TYPE (BenchDevice, bench_device, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SPEC,
  PROP_NAME,
  PROP_STATE,
  PROP_LAST_ERROR,
  PROP_RETRYING,
  PROP_PATH,
  PROP_QUEUE,
  PROP_RX_BYTES,
  PROP_TX_BYTES,
  PROP_RX_LINES,
  PROP_TX_LINES,
  PROP_DROPPED_LINES,
  PROP_SPLIT_LINES,
  PROP_TX_PENDING,
  PROP_LINE_RATE,
  PROP_TRANSPORT,
  PROP_PAUSED,
  PROP_POLLER,
  PROP_COMMANDS,
  PROP_RUNNER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void bench_device_start_open (BenchDevice *self);

static void
bench_device_unwatch_path (BenchDevice *self)
{
  if (self->path_watch != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->path_watch, self);
      g_clear_object (&self->path_watch);
    }
}

const char *
bench_device_state_to_string (BenchDeviceState state)
{
  switch (state)
    {
    case BENCH_DEVICE_DISCONNECTED: return "disconnected";
    case BENCH_DEVICE_CONNECTING:   return "connecting";
    case BENCH_DEVICE_CONNECTED:    return "connected";
    case BENCH_DEVICE_ERROR:        return "error";
    default:                        return "unknown";
    }
}

/* Rows */

static void
bench_device_append_row (BenchDevice    *self,
                         BenchDirection  direction,
                         BenchRowFlags   flags,
                         gint64          mono_us,
                         gint64          wall_us,
                         const guint8   *text,
                         gsize           len)
{
  BenchRow row;

  g_assert (BENCH_IS_DEVICE (self));

  row.seq = bench_row_queue_append (self->queue, direction, flags, mono_us, wall_us, text, len);
  row.mono_us = mono_us;
  row.wall_us = wall_us;
  row.text = text;
  row.len = len;
  row.direction = direction;
  row.flags = flags;

  for (guint i = 0; i < self->sinks->len; i++)
    {
      BenchRowSink *sink = g_ptr_array_index (self->sinks, i);

      sink->row (sink, self, &row);
    }
}

static void
bench_device_append_event (BenchDevice   *self,
                           BenchRowFlags  flags,
                           const char    *text)
{
  bench_device_append_row (self, BENCH_DIRECTION_EVENT, flags,
                           bench_now_mono (), bench_now_wall (),
                           (const guint8 *) text, strlen (text));
  bench_row_queue_flush (self->queue);
}

void
bench_device_log_event (BenchDevice   *self,
                        BenchRowFlags  flags,
                        const char    *format,
                        ...)
{
  g_autofree char *text = NULL;
  va_list args;

  g_return_if_fail (BENCH_IS_DEVICE (self));
  g_return_if_fail (format != NULL);

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);

  bench_device_append_event (self, flags, text);
}

/* Counters */

static gboolean
bench_device_stats_dispatch (GSource     *source,
                             GSourceFunc  callback,
                             gpointer     user_data)
{
  BenchDevice *self = user_data;
  guint64 values[6];
  static const guint props[6] = {
    PROP_RX_BYTES, PROP_TX_BYTES, PROP_RX_LINES, PROP_TX_LINES, PROP_DROPPED_LINES, PROP_SPLIT_LINES,
  };
  guint64 sum = 0;
  double rate;

  g_assert (BENCH_IS_DEVICE (self));

  values[0] = self->rx_bytes;
  values[1] = self->tx_bytes;
  values[2] = self->rx_lines;
  values[3] = self->tx_lines;
  values[4] = bench_row_queue_get_dropped (self->queue);
  values[5] = self->split_lines;

  self->rate_slots[self->rate_slot] = self->rx_lines - self->rate_last_lines;
  self->rate_slot = (self->rate_slot + 1) % RATE_SLOTS;
  self->rate_last_lines = self->rx_lines;
  for (guint i = 0; i < RATE_SLOTS; i++)
    sum += self->rate_slots[i];
  rate = (double) sum * 1000.0 / (RATE_SLOTS * STATS_INTERVAL_MS);

  g_object_freeze_notify (G_OBJECT (self));
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      if (values[i] != self->notified[i])
        {
          self->notified[i] = values[i];
          g_object_notify_by_pspec (G_OBJECT (self), properties[props[i]]);
        }
    }
  if (rate != self->line_rate)
    {
      self->line_rate = rate;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LINE_RATE]);
    }
  g_object_thaw_notify (G_OBJECT (self));

  /* Keep ticking while the rate window still holds lines; then sleep. */
  if (sum > 0)
    g_source_set_ready_time (source, g_get_monotonic_time () + STATS_INTERVAL_MS * 1000);
  else
    g_source_set_ready_time (source, -1);

  return G_SOURCE_CONTINUE;
}

static GSourceFuncs stats_source_funcs = {
  NULL, NULL, bench_device_stats_dispatch, NULL,
};

static void
bench_device_mark_activity (BenchDevice *self)
{
  if (g_source_get_ready_time (self->stats_source) == -1)
    g_source_set_ready_time (self->stats_source, g_get_monotonic_time () + STATS_INTERVAL_MS * 1000);
}

/* State */

static void
bench_device_set_state (BenchDevice      *self,
                        BenchDeviceState  state)
{
  if (self->state == state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
bench_device_set_last_error (BenchDevice *self,
                             const char  *message)
{
  if (bench_set_str (&self->last_error, message))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ERROR]);
}

static void
bench_device_set_path (BenchDevice *self,
                       const char  *path)
{
  if (bench_set_str (&self->path, path))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PATH]);
}

/* Framing */

static void
bench_device_line_cb (const guint8  *line,
                      gsize          len,
                      BenchRowFlags  flags,
                      gint64         first_mono,
                      gint64         first_wall,
                      gpointer       user_data)
{
  BenchDevice *self = user_data;

  bench_device_append_row (self, BENCH_DIRECTION_RX, flags, first_mono, first_wall, line, len);
  self->rx_lines++;

  if (flags & BENCH_ROW_SPLIT)
    {
      self->split_lines++;
      if (!self->in_split)
        {
          self->in_split = TRUE;
          bench_device_log_event (self, BENCH_ROW_ERROR,
                                  "line longer than max-line (%u bytes): split into several rows",
                                  self->spec->max_line);
        }
    }
  else
    self->in_split = FALSE;
}

static void
bench_device_flush_partial (BenchDevice *self)
{
  bench_framer_flush (self->framer, bench_device_line_cb, self);
  self->in_split = FALSE;
  bench_row_queue_flush (self->queue);
}

static void
bench_device_received_cb (BenchDevice      *self,
                          const BenchChunk *chunk,
                          BenchTransport   *transport)
{
  g_assert (BENCH_IS_DEVICE (self));

  self->rx_bytes += chunk->len;
  bench_framer_feed (self->framer, chunk->data, chunk->len, chunk->mono_us, chunk->wall_us,
                     bench_device_line_cb, self);
  bench_row_queue_flush (self->queue);
  bench_device_mark_activity (self);
}

static void
bench_device_tx_pending_cb (BenchDevice    *self,
                            GParamSpec     *pspec,
                            BenchTransport *transport)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TX_PENDING]);
}

static void
bench_device_transport_event_cb (BenchDevice    *self,
                                 BenchRowFlags   flags,
                                 const char     *message,
                                 BenchTransport *transport)
{
  bench_device_append_event (self, flags, message);
}

/* Reconnect */

static gboolean
bench_device_retry_dispatch (GSource     *source,
                             GSourceFunc  callback,
                             gpointer     user_data)
{
  BenchDevice *self = user_data;

  g_source_set_ready_time (source, -1);
  if (self->want_connected && self->transport == NULL)
    bench_device_start_open (self);

  return G_SOURCE_CONTINUE;
}

static GSourceFuncs retry_source_funcs = {
  NULL, NULL, bench_device_retry_dispatch, NULL,
};

static void
bench_device_path_watch_changed_cb (BenchDevice    *self,
                                    BenchPathWatch *watch)
{
  bench_device_retry_now (self);
}

/* Hot-plug for paths: while waiting to retry, a watch on the path (and the
 * links on the way to it) retries as soon as it comes back. */
static void
bench_device_watch_path (BenchDevice *self)
{
  if (self->watch_path == NULL)
    return;
  if (self->path_watch != NULL &&
      g_strcmp0 (bench_path_watch_get_path (self->path_watch), self->watch_path) == 0)
    return;

  bench_device_unwatch_path (self);
  self->path_watch = bench_path_watch_new (self->watch_path);
  g_signal_connect_object (self->path_watch, "changed",
                           G_CALLBACK (bench_device_path_watch_changed_cb), self, G_CONNECT_SWAPPED);
}

static void
bench_device_schedule_retry (BenchDevice *self)
{
  guint delay = self->retry_delay_ms;

  self->retry_delay_ms = MIN (self->retry_delay_ms * 2, BENCH_DEVICE_RETRY_MAX_MS);
  g_source_set_ready_time (self->retry_source, g_get_monotonic_time () + (gint64) delay * 1000);
  bench_device_watch_path (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RETRYING]);
}

static void
bench_device_cancel_retry (BenchDevice *self)
{
  if (g_source_get_ready_time (self->retry_source) != -1)
    {
      g_source_set_ready_time (self->retry_source, -1);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RETRYING]);
    }
}

gboolean
bench_device_get_retrying (BenchDevice *self)
{
  g_return_val_if_fail (BENCH_IS_DEVICE (self), FALSE);

  return g_source_get_ready_time (self->retry_source) != -1;
}

void
bench_device_retry_now (BenchDevice *self)
{
  g_return_if_fail (BENCH_IS_DEVICE (self));

  if (self->want_connected && self->transport == NULL &&
      g_source_get_ready_time (self->retry_source) != -1)
    g_source_set_ready_time (self->retry_source, 0);
}

static void
bench_device_update_paused (BenchDevice *self)
{
  gboolean paused = FALSE;

  if (self->transport != NULL)
    paused = bench_transport_set_paused (self->transport, self->want_paused) && self->want_paused;

  if (paused != self->paused)
    {
      self->paused = paused;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAUSED]);
    }
}

void
bench_device_set_paused (BenchDevice *self,
                         gboolean     paused)
{
  g_return_if_fail (BENCH_IS_DEVICE (self));

  paused = !!paused;
  if (self->want_paused == paused)
    return;

  self->want_paused = paused;
  bench_device_update_paused (self);
}

gboolean
bench_device_get_paused (BenchDevice *self)
{
  g_return_val_if_fail (BENCH_IS_DEVICE (self), FALSE);
  return self->paused;
}

static void
bench_device_drop_transport (BenchDevice *self)
{
  if (self->open_cancellable != NULL)
    {
      g_cancellable_cancel (self->open_cancellable);
      g_clear_object (&self->open_cancellable);
    }

  if (self->transport != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->transport, self);
      bench_transport_close (self->transport);
      g_clear_object (&self->transport);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TX_PENDING]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRANSPORT]);
      bench_device_update_paused (self);
    }
}

static gboolean
error_is_permanent (const GError *error)
{
  return g_error_matches (error, BENCH_ERROR, BENCH_ERROR_NOT_A_TTY) ||
         g_error_matches (error, BENCH_ERROR, BENCH_ERROR_INVALID_SPEC) ||
         g_error_matches (error, BENCH_ERROR, BENCH_ERROR_UNSUPPORTED);
}

/* A failed open or a lost connection: one event per change, then retry. */
static void
bench_device_handle_failure (BenchDevice  *self,
                             const GError *error,
                             gboolean      was_connected)
{
  gboolean permanent = error_is_permanent (error);
  gboolean absent = g_error_matches (error, BENCH_ERROR, BENCH_ERROR_NOT_FOUND) ||
                    g_error_matches (error, BENCH_ERROR, BENCH_ERROR_DISCONNECTED);

  /* state, last-error and retrying change together: whoever watches one sees
   * the others already updated */
  g_object_freeze_notify (G_OBJECT (self));
  bench_device_drop_transport (self);
  bench_device_set_last_error (self, error->message);

  if (was_connected)
    {
      bench_device_log_event (self, BENCH_ROW_ERROR, "disconnected: %s", error->message);
      self->retry_delay_ms = BENCH_DEVICE_RETRY_MIN_MS;
    }
  else if (g_strcmp0 (self->last_logged_error, error->message) != 0)
    bench_device_log_event (self, BENCH_ROW_ERROR, "cannot open: %s", error->message);
  bench_set_str (&self->last_logged_error, error->message);

  /* Retry first, so whoever watches the state already sees it retrying. */
  if (!permanent && self->spec->reconnect && self->want_connected)
    bench_device_schedule_retry (self);

  bench_device_set_state (self, (absent && !permanent) ? BENCH_DEVICE_DISCONNECTED : BENCH_DEVICE_ERROR);
  g_object_thaw_notify (G_OBJECT (self));
}

static void
bench_device_closed_cb (BenchDevice    *self,
                        const GError   *error,
                        BenchTransport *transport)
{
  g_autoptr(BenchDevice) hold = g_object_ref (self);

  g_assert (BENCH_IS_DEVICE (self));

  /* Nothing already received is lost: the unterminated tail becomes a row. */
  bench_device_flush_partial (self);
  bench_device_handle_failure (self, error, TRUE);
}

static void
bench_device_open_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  BenchTransport *transport = BENCH_TRANSPORT (object);
  g_autoptr(BenchDevice) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *description = NULL;

  if (!bench_transport_open_finish (transport, result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || transport != self->transport)
        return;
      bench_device_handle_failure (self, error, FALSE);
      return;
    }

  if (transport != self->transport)
    return;

  g_clear_object (&self->open_cancellable);
  self->retry_delay_ms = BENCH_DEVICE_RETRY_MIN_MS;
  g_clear_pointer (&self->last_logged_error, g_free);
  bench_device_unwatch_path (self);
  bench_framer_reset (self->framer);
  self->in_split = FALSE;

  description = bench_transport_describe (transport);
  bench_device_log_event (self, BENCH_ROW_NONE, "%s%s%s",
                          self->ever_connected ? "reconnected" : "connected",
                          description && *description ? " " : "",
                          description ? description : "");
  self->ever_connected = TRUE;

  bench_device_set_last_error (self, NULL);
  bench_device_set_state (self, BENCH_DEVICE_CONNECTED);
}

static BenchTransport *
bench_device_create_transport (BenchDevice  *self,
                               GError      **error)
{
  if (self->spec->kind == BENCH_ADDRESS_DEMO)
    {
      if (self->demo == NULL)
        {
          self->demo = bench_demo_new (self->spec->demo, error);
          if (self->demo == NULL)
            return NULL;
        }
      bench_device_set_path (self, bench_demo_get_path (self->demo));
      return BENCH_TRANSPORT (bench_serial_transport_new (self->spec, bench_demo_get_path (self->demo)));
    }

  if (self->spec->kind == BENCH_ADDRESS_TTY)
    bench_device_set_path (self, self->spec->path);

  return bench_transport_new_for_spec (self->spec, error);
}

static void
bench_device_start_open (BenchDevice *self)
{
  g_autoptr(GError) error = NULL;

  g_assert (BENCH_IS_DEVICE (self));
  g_assert (self->transport == NULL);

  bench_device_cancel_retry (self);
  bench_device_set_state (self, BENCH_DEVICE_CONNECTING);

  self->transport = bench_device_create_transport (self, &error);
  if (self->transport == NULL)
    {
      bench_device_handle_failure (self, error, FALSE);
      return;
    }

  g_signal_connect_object (self->transport, "received", G_CALLBACK (bench_device_received_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->transport, "closed", G_CALLBACK (bench_device_closed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->transport, "event", G_CALLBACK (bench_device_transport_event_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->transport, "notify::tx-pending", G_CALLBACK (bench_device_tx_pending_cb), self, G_CONNECT_SWAPPED);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRANSPORT]);
  bench_device_update_paused (self);

  /* a demo's pty stays while the device lives: nothing to watch */
  if (self->spec->kind != BENCH_ADDRESS_DEMO)
    bench_set_str (&self->watch_path, bench_transport_get_watch_path (self->transport));

  self->open_cancellable = g_cancellable_new ();
  bench_transport_open_async (self->transport, self->open_cancellable,
                              bench_device_open_cb, g_object_ref (self));
}

void
bench_device_connect (BenchDevice *self)
{
  g_return_if_fail (BENCH_IS_DEVICE (self));

  self->want_connected = TRUE;
  if (self->transport != NULL)
    return;

  self->retry_delay_ms = BENCH_DEVICE_RETRY_MIN_MS;
  g_clear_pointer (&self->last_logged_error, g_free);
  bench_device_start_open (self);
}

void
bench_device_disconnect (BenchDevice *self)
{
  gboolean was_connected;

  g_return_if_fail (BENCH_IS_DEVICE (self));

  self->want_connected = FALSE;
  bench_device_cancel_retry (self);
  bench_device_unwatch_path (self);

  was_connected = self->state == BENCH_DEVICE_CONNECTED;
  if (was_connected)
    bench_device_flush_partial (self);
  bench_device_drop_transport (self);

  if (was_connected)
    bench_device_log_event (self, BENCH_ROW_NONE, "disconnected by the user");
  bench_device_set_state (self, BENCH_DEVICE_DISCONNECTED);
}

/* Sending */

static gboolean
bench_device_send_bytes (BenchDevice   *self,
                         const guint8  *data,
                         gsize          len,
                         gboolean       with_eol,
                         GError       **error)
{
  g_autoptr(GByteArray) payload = NULL;
  gsize eol_len = 0;
  const guint8 *eol = NULL;

  if (self->state != BENCH_DEVICE_CONNECTED || self->transport == NULL)
    {
      g_set_error (error, BENCH_ERROR, BENCH_ERROR_NOT_CONNECTED,
                   "%s is not connected", self->name);
      return FALSE;
    }

  if (with_eol)
    eol = g_bytes_get_data (self->spec->tx_eol, &eol_len);

  payload = g_byte_array_sized_new (len + eol_len);
  g_byte_array_append (payload, data, len);
  if (eol_len > 0)
    g_byte_array_append (payload, eol, eol_len);

  if (!bench_transport_send (self->transport, payload->data, payload->len, error))
    return FALSE;

  self->tx_bytes += payload->len;
  self->tx_lines++;
  bench_device_append_row (self, BENCH_DIRECTION_TX, BENCH_ROW_NONE,
                           bench_now_mono (), bench_now_wall (), data, len);
  bench_row_queue_flush (self->queue);
  bench_device_mark_activity (self);

  return TRUE;
}

gboolean
bench_device_send (BenchDevice   *self,
                   const guint8  *data,
                   gsize          len,
                   GError       **error)
{
  g_return_val_if_fail (BENCH_IS_DEVICE (self), FALSE);
  g_return_val_if_fail (data != NULL || len == 0, FALSE);

  return bench_device_send_bytes (self, data, len, TRUE, error);
}

gboolean
bench_device_send_raw (BenchDevice   *self,
                       const guint8  *data,
                       gsize          len,
                       GError       **error)
{
  g_return_val_if_fail (BENCH_IS_DEVICE (self), FALSE);
  g_return_val_if_fail (data != NULL || len == 0, FALSE);

  return bench_device_send_bytes (self, data, len, FALSE, error);
}

gboolean
bench_device_send_escaped (BenchDevice  *self,
                           const char   *text,
                           GError      **error)
{
  g_autoptr(GBytes) bytes = NULL;
  gsize len;
  const guint8 *data;

  g_return_val_if_fail (BENCH_IS_DEVICE (self), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  bytes = bench_unescape (text, -1, error);
  if (bytes == NULL)
    return FALSE;

  data = g_bytes_get_data (bytes, &len);
  return bench_device_send_bytes (self, data ? data : (const guint8 *) "", len, TRUE, error);
}

/* Settings */

static gboolean
same_address (const BenchSpec *a,
              const BenchSpec *b)
{
  return a->kind == b->kind && g_strcmp0 (a->address, b->address) == 0;
}

static gboolean
same_port_settings (const BenchSpec *a,
                    const BenchSpec *b)
{
  return a->baud == b->baud && a->data_bits == b->data_bits && a->parity == b->parity &&
         a->stop_bits == b->stop_bits && a->flow == b->flow && a->dtr == b->dtr && a->rts == b->rts;
}

static gboolean
same_framing (const BenchSpec *a,
              const BenchSpec *b)
{
  if (a->max_line != b->max_line)
    return FALSE;
  if (a->eol == NULL || b->eol == NULL)
    return a->eol == b->eol;
  return g_bytes_equal (a->eol, b->eol);
}

gboolean
bench_device_set_spec (BenchDevice      *self,
                       const BenchSpec  *spec,
                       GError          **error)
{
  g_autoptr(BenchSpec) old = NULL;
  g_autofree char *old_name = NULL;
  g_autofree char *new_name = NULL;
  gboolean reopen = FALSE;

  g_return_val_if_fail (BENCH_IS_DEVICE (self), FALSE);
  g_return_val_if_fail (spec != NULL, FALSE);

  if (bench_spec_equal (self->spec, spec))
    return TRUE;

  if (self->transport != NULL && self->state == BENCH_DEVICE_CONNECTED)
    {
      if (!same_address (self->spec, spec))
        reopen = TRUE;
      else if (!same_port_settings (self->spec, spec))
        {
          g_autoptr(GError) local_error = NULL;

          if (!bench_transport_reconfigure (self->transport, spec, &local_error))
            {
              if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED))
                reopen = TRUE;
              else
                {
                  g_propagate_error (error, g_steal_pointer (&local_error));
                  return FALSE;
                }
            }
        }
    }
  else if (self->transport != NULL)
    reopen = TRUE;

  old = g_steal_pointer (&self->spec);
  self->spec = bench_spec_copy (spec);

  if (!same_framing (old, spec))
    {
      bench_device_flush_partial (self);
      g_clear_pointer (&self->framer, bench_framer_free);
      self->framer = bench_framer_new (spec->eol, spec->max_line);
    }

  old_name = bench_spec_dup_display_name (old);
  new_name = bench_spec_dup_display_name (spec);
  if (g_strcmp0 (old_name, new_name) != 0)
    bench_device_set_name (self, new_name);

  if (reopen)
    {
      gboolean want = self->want_connected;

      bench_device_disconnect (self);
      if (want)
        bench_device_connect (self);
    }
  else if (self->state == BENCH_DEVICE_CONNECTED && !same_port_settings (old, spec))
    {
      g_autofree char *framing = bench_spec_dup_framing (spec);

      bench_device_log_event (self, BENCH_ROW_NONE, "settings changed: %s", framing);
    }

  if (!spec->reconnect)
    bench_device_cancel_retry (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPEC]);

  return TRUE;
}

/* Sinks */

void
bench_device_add_sink (BenchDevice  *self,
                       BenchRowSink *sink)
{
  g_return_if_fail (BENCH_IS_DEVICE (self));
  g_return_if_fail (sink != NULL && sink->row != NULL);

  g_ptr_array_add (self->sinks, sink);
}

void
bench_device_remove_sink (BenchDevice  *self,
                          BenchRowSink *sink)
{
  g_return_if_fail (BENCH_IS_DEVICE (self));

  g_ptr_array_remove (self->sinks, sink);
}

/* Accessors */

const BenchSpec *
bench_device_get_spec (BenchDevice *self)
{
  g_return_val_if_fail (BENCH_IS_DEVICE (self), NULL);
  return self->spec;
}

const char *
bench_device_get_name (BenchDevice *self)
{
  g_return_val_if_fail (BENCH_IS_DEVICE (self), NULL);
  return self->name;
}

void
bench_device_set_name (BenchDevice *self,
                       const char  *name)
{
  g_return_if_fail (BENCH_IS_DEVICE (self));
  g_return_if_fail (name != NULL && *name != '\0');

  if (bench_set_str (&self->name, name))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

BenchDeviceState
bench_device_get_state (BenchDevice *self)
{
  g_return_val_if_fail (BENCH_IS_DEVICE (self), BENCH_DEVICE_ERROR);
  return self->state;
}

const char *
bench_device_get_last_error (BenchDevice *self)
{
  g_return_val_if_fail (BENCH_IS_DEVICE (self), NULL);
  return self->last_error;
}

const char *
bench_device_get_path (BenchDevice *self)
{
  g_return_val_if_fail (BENCH_IS_DEVICE (self), NULL);
  return self->path;
}

BenchRowQueue *
bench_device_get_queue (BenchDevice *self)
{
  g_return_val_if_fail (BENCH_IS_DEVICE (self), NULL);
  return self->queue;
}

guint64
bench_device_get_rx_bytes (BenchDevice *self)
{
  g_return_val_if_fail (BENCH_IS_DEVICE (self), 0);
  return self->rx_bytes;
}

guint64
bench_device_get_tx_bytes (BenchDevice *self)
{
  g_return_val_if_fail (BENCH_IS_DEVICE (self), 0);
  return self->tx_bytes;
}

guint64
bench_device_get_rx_lines (BenchDevice *self)
{
  g_return_val_if_fail (BENCH_IS_DEVICE (self), 0);
  return self->rx_lines;
}

guint64
bench_device_get_tx_lines (BenchDevice *self)
{
  g_return_val_if_fail (BENCH_IS_DEVICE (self), 0);
  return self->tx_lines;
}

guint64
bench_device_get_dropped_lines (BenchDevice *self)
{
  g_return_val_if_fail (BENCH_IS_DEVICE (self), 0);
  return bench_row_queue_get_dropped (self->queue);
}

guint64
bench_device_get_split_lines (BenchDevice *self)
{
  g_return_val_if_fail (BENCH_IS_DEVICE (self), 0);
  return self->split_lines;
}

guint64
bench_device_get_tx_pending (BenchDevice *self)
{
  g_return_val_if_fail (BENCH_IS_DEVICE (self), 0);
  return self->transport ? bench_transport_get_tx_pending (self->transport) : 0;
}

double
bench_device_get_line_rate (BenchDevice *self)
{
  g_return_val_if_fail (BENCH_IS_DEVICE (self), 0);
  return self->line_rate;
}

BenchTransport *
bench_device_get_transport (BenchDevice *self)
{
  g_return_val_if_fail (BENCH_IS_DEVICE (self), NULL);
  return self->transport;
}

BenchPoller *
bench_device_get_poller (BenchDevice *self)
{
  g_return_val_if_fail (BENCH_IS_DEVICE (self), NULL);
  return self->poller;
}

BenchCommandSet *
bench_device_get_commands (BenchDevice *self)
{
  g_return_val_if_fail (BENCH_IS_DEVICE (self), NULL);
  return self->commands;
}

BenchCommandRunner *
bench_device_get_runner (BenchDevice *self)
{
  g_return_val_if_fail (BENCH_IS_DEVICE (self), NULL);
  return self->runner;
}

gboolean
bench_device_run_command (BenchDevice *self,
                          guint        index)
{
  BenchCommand *command;

  g_return_val_if_fail (BENCH_IS_DEVICE (self), FALSE);

  command = bench_command_set_get_command (self->commands, index);
  if (command == NULL)
    return FALSE;

  bench_command_runner_run (self->runner, command);
  return TRUE;
}

/* GObject */

static void
bench_device_dispose (GObject *object)
{
  BenchDevice *self = (BenchDevice *) object;

  self->want_connected = FALSE;
  if (self->poller != NULL)
    bench_poller_detach (self->poller);
  if (self->runner != NULL)
    bench_command_runner_detach (self->runner);
  g_clear_object (&self->poller);
  g_clear_object (&self->runner);
  g_clear_object (&self->commands);
  bench_device_unwatch_path (self);
  bench_device_drop_transport (self);
  if (self->retry_source != NULL)
    {
      g_source_destroy (self->retry_source);
      g_clear_pointer (&self->retry_source, g_source_unref);
    }
  if (self->stats_source != NULL)
    {
      g_source_destroy (self->stats_source);
      g_clear_pointer (&self->stats_source, g_source_unref);
    }
  g_clear_object (&self->demo);

  G_OBJECT_CLASS (bench_device_parent_class)->dispose (object);
}

static void
bench_device_finalize (GObject *object)
{
  BenchDevice *self = (BenchDevice *) object;

  g_clear_pointer (&self->spec, bench_spec_free);
  g_clear_pointer (&self->framer, bench_framer_free);
  g_clear_pointer (&self->sinks, g_ptr_array_unref);
  g_clear_object (&self->queue);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->last_error, g_free);
  g_clear_pointer (&self->last_logged_error, g_free);
  g_clear_pointer (&self->watch_path, g_free);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (bench_device_parent_class)->finalize (object);
}

static void
bench_device_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  BenchDevice *self = BENCH_DEVICE (object);

  switch (prop_id)
    {
    case PROP_SPEC:
      g_value_set_boxed (value, self->spec);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_LAST_ERROR:
      g_value_set_string (value, self->last_error);
      break;
    case PROP_RETRYING:
      g_value_set_boolean (value, bench_device_get_retrying (self));
      break;
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    case PROP_QUEUE:
      g_value_set_object (value, self->queue);
      break;
    case PROP_RX_BYTES:
      g_value_set_uint64 (value, self->rx_bytes);
      break;
    case PROP_TX_BYTES:
      g_value_set_uint64 (value, self->tx_bytes);
      break;
    case PROP_RX_LINES:
      g_value_set_uint64 (value, self->rx_lines);
      break;
    case PROP_TX_LINES:
      g_value_set_uint64 (value, self->tx_lines);
      break;
    case PROP_DROPPED_LINES:
      g_value_set_uint64 (value, bench_row_queue_get_dropped (self->queue));
      break;
    case PROP_SPLIT_LINES:
      g_value_set_uint64 (value, self->split_lines);
      break;
    case PROP_TX_PENDING:
      g_value_set_uint64 (value, bench_device_get_tx_pending (self));
      break;
    case PROP_LINE_RATE:
      g_value_set_double (value, self->line_rate);
      break;
    case PROP_TRANSPORT:
      g_value_set_object (value, self->transport);
      break;
    case PROP_PAUSED:
      g_value_set_boolean (value, self->paused);
      break;
    case PROP_POLLER:
      g_value_set_object (value, self->poller);
      break;
    case PROP_COMMANDS:
      g_value_set_object (value, self->commands);
      break;
    case PROP_RUNNER:
      g_value_set_object (value, self->runner);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bench_device_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  BenchDevice *self = BENCH_DEVICE (object);

  switch (prop_id)
    {
    case PROP_SPEC:
      {
        const BenchSpec *spec = g_value_get_boxed (value);

        if (self->spec == NULL)
          self->spec = spec ? bench_spec_copy (spec) : bench_spec_new ();
        else if (spec != NULL)
          bench_device_set_spec (self, spec, NULL);
      }
      break;
    case PROP_NAME:
      if (g_value_get_string (value) != NULL)
        bench_device_set_name (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bench_device_constructed (GObject *object)
{
  BenchDevice *self = (BenchDevice *) object;

  G_OBJECT_CLASS (bench_device_parent_class)->constructed (object);

  if (self->spec == NULL)
    self->spec = bench_spec_new ();
  if (self->name == NULL)
    self->name = bench_spec_dup_display_name (self->spec);
  self->framer = bench_framer_new (self->spec->eol, self->spec->max_line);

  self->poller = bench_poller_new (self);
  self->commands = bench_command_set_new ();
  self->runner = bench_command_runner_new (self);
}

static void
bench_device_class_init (BenchDeviceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bench_device_dispose;
  object_class->finalize = bench_device_finalize;
  object_class->get_property = bench_device_get_property;
  object_class->set_property = bench_device_set_property;
  object_class->constructed = bench_device_constructed;

#define RO (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)
  properties[PROP_SPEC] =
    g_param_spec_boxed ("spec", NULL, NULL, BENCH_TYPE_SPEC,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, BENCH_TYPE_DEVICE_STATE, BENCH_DEVICE_DISCONNECTED, RO);
  properties[PROP_LAST_ERROR] = g_param_spec_string ("last-error", NULL, NULL, NULL, RO);
  properties[PROP_RETRYING] = g_param_spec_boolean ("retrying", NULL, NULL, FALSE, RO);
  properties[PROP_PATH] = g_param_spec_string ("path", NULL, NULL, NULL, RO);
  properties[PROP_QUEUE] = g_param_spec_object ("queue", NULL, NULL, BENCH_TYPE_ROW_QUEUE, RO);
  properties[PROP_RX_BYTES] = g_param_spec_uint64 ("rx-bytes", NULL, NULL, 0, G_MAXUINT64, 0, RO);
  properties[PROP_TX_BYTES] = g_param_spec_uint64 ("tx-bytes", NULL, NULL, 0, G_MAXUINT64, 0, RO);
  properties[PROP_RX_LINES] = g_param_spec_uint64 ("rx-lines", NULL, NULL, 0, G_MAXUINT64, 0, RO);
  properties[PROP_TX_LINES] = g_param_spec_uint64 ("tx-lines", NULL, NULL, 0, G_MAXUINT64, 0, RO);
  properties[PROP_DROPPED_LINES] = g_param_spec_uint64 ("dropped-lines", NULL, NULL, 0, G_MAXUINT64, 0, RO);
  properties[PROP_SPLIT_LINES] = g_param_spec_uint64 ("split-lines", NULL, NULL, 0, G_MAXUINT64, 0, RO);
  properties[PROP_TX_PENDING] = g_param_spec_uint64 ("tx-pending", NULL, NULL, 0, G_MAXUINT64, 0, RO);
  properties[PROP_LINE_RATE] = g_param_spec_double ("line-rate", NULL, NULL, 0, G_MAXDOUBLE, 0, RO);
  properties[PROP_TRANSPORT] = g_param_spec_object ("transport", NULL, NULL, BENCH_TYPE_TRANSPORT, RO);
  properties[PROP_PAUSED] = g_param_spec_boolean ("paused", NULL, NULL, FALSE, RO);
  properties[PROP_POLLER] = g_param_spec_object ("poller", NULL, NULL, BENCH_TYPE_POLLER, RO);
  properties[PROP_COMMANDS] = g_param_spec_object ("commands", NULL, NULL, BENCH_TYPE_COMMAND_SET, RO);
  properties[PROP_RUNNER] = g_param_spec_object ("runner", NULL, NULL, BENCH_TYPE_COMMAND_RUNNER, RO);
#undef RO

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bench_device_init (BenchDevice *self)
{
  self->state = BENCH_DEVICE_DISCONNECTED;
  self->queue = bench_row_queue_new (BENCH_ROW_QUEUE_DEFAULT_MAX_ROWS, BENCH_ROW_QUEUE_DEFAULT_MAX_BYTES);
  self->sinks = g_ptr_array_new ();
  self->retry_delay_ms = BENCH_DEVICE_RETRY_MIN_MS;

  self->retry_source = g_source_new (&retry_source_funcs, sizeof (GSource));
  g_source_set_callback (self->retry_source, NULL, self, NULL);
  g_source_set_static_name (self->retry_source, "[benchtop] device retry");
  g_source_set_ready_time (self->retry_source, -1);
  g_source_attach (self->retry_source, NULL);

  self->stats_source = g_source_new (&stats_source_funcs, sizeof (GSource));
  g_source_set_callback (self->stats_source, NULL, self, NULL);
  g_source_set_static_name (self->stats_source, "[benchtop] device stats");
  g_source_set_ready_time (self->stats_source, -1);
  g_source_attach (self->stats_source, NULL);
}

BenchDevice *
bench_device_new (const BenchSpec *spec)
{
  g_return_val_if_fail (spec != NULL, NULL);

  return g_object_new (BENCH_TYPE_DEVICE, "spec", spec, NULL);
}
