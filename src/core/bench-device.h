/* bench-device.h - one instrument: its connection, lines, counters and state
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A device turns its spec into a transport, frames what arrives into rows,
 * stores them in its bounded queue and hands each row to its sinks (session
 * log, plots). Disconnect is a state, not a crash: the partial line is kept,
 * an event row says why, and with reconnect=on the device reopens its path
 * with backoff (250 ms doubling to 2 s).
 */
#pragma once

#include <gio/gio.h>

#include "bench-row.h"
#include "bench-row-queue.h"
#include "bench-spec.h"

G_BEGIN_DECLS

#define BENCH_TYPE_DEVICE (bench_device_get_type ())

#define BENCH_DEVICE_RETRY_MIN_MS 250
#define BENCH_DEVICE_RETRY_MAX_MS 2000

G_DECLARE_FINAL_TYPE (BenchDevice, bench_device, BENCH, DEVICE, GObject)

BenchDevice      *bench_device_new               (const BenchSpec  *spec);
const BenchSpec  *bench_device_get_spec          (BenchDevice      *self);
/* Applies new settings: port settings live when the transport can, a new
 * address reconnects. */
gboolean          bench_device_set_spec          (BenchDevice      *self,
                                                  const BenchSpec  *spec,
                                                  GError          **error);
const char       *bench_device_get_name          (BenchDevice      *self);
void              bench_device_set_name          (BenchDevice      *self,
                                                  const char       *name);
BenchDeviceState  bench_device_get_state         (BenchDevice      *self);
const char       *bench_device_get_last_error    (BenchDevice      *self);
gboolean          bench_device_get_retrying      (BenchDevice      *self);
BenchRowQueue    *bench_device_get_queue         (BenchDevice      *self);
/* The pty path of a demo instrument, the tty path, or NULL. */
const char       *bench_device_get_path          (BenchDevice      *self);

/* Opens the device (and keeps reopening it while reconnect=on). */
void              bench_device_connect           (BenchDevice      *self);
/* Closes it and stops retrying. The scrollback stays. */
void              bench_device_disconnect        (BenchDevice      *self);
/* If waiting to retry, retry now (hot-plug: the path came back). */
void              bench_device_retry_now         (BenchDevice      *self);

/* Sends @data plus the spec's tx-eol; the tx row holds @data. */
gboolean          bench_device_send              (BenchDevice      *self,
                                                  const guint8     *data,
                                                  gsize             len,
                                                  GError          **error);
/* Same, after expanding \r \n \t \\ \xNN in @text. */
gboolean          bench_device_send_escaped      (BenchDevice      *self,
                                                  const char       *text,
                                                  GError          **error);
/* Sends @data as is: no tx-eol (hex mode, raw sequences). */
gboolean          bench_device_send_raw          (BenchDevice      *self,
                                                  const guint8     *data,
                                                  gsize             len,
                                                  GError          **error);
void              bench_device_log_event         (BenchDevice      *self,
                                                  BenchRowFlags     flags,
                                                  const char       *format,
                                                  ...) G_GNUC_PRINTF (3, 4);

void              bench_device_add_sink          (BenchDevice      *self,
                                                  BenchRowSink     *sink);
void              bench_device_remove_sink       (BenchDevice      *self,
                                                  BenchRowSink     *sink);

guint64           bench_device_get_rx_bytes      (BenchDevice      *self);
guint64           bench_device_get_tx_bytes      (BenchDevice      *self);
guint64           bench_device_get_rx_lines      (BenchDevice      *self);
guint64           bench_device_get_tx_lines      (BenchDevice      *self);
guint64           bench_device_get_dropped_lines (BenchDevice      *self);
guint64           bench_device_get_split_lines   (BenchDevice      *self);
guint64           bench_device_get_tx_pending    (BenchDevice      *self);
double            bench_device_get_line_rate     (BenchDevice      *self);

/* Stop reading while the log cannot keep up, where the transport can wait
 * without losing data (TCP, a pty, a tty with RTS/CTS or XON/XOFF flow
 * control, USB CDC-ACM); a bare UART never pauses. :paused says whether the
 * device is paused now. The session does this while recording, for at most
 * a couple of seconds per spell. */
void              bench_device_set_paused        (BenchDevice      *self,
                                                  gboolean          paused);
gboolean          bench_device_get_paused        (BenchDevice      *self);

/* The current connection (NULL between attempts): bind to its properties,
 * e.g. an RFC 2217 transport's modem-state, with a GBindingGroup. */
BenchTransport   *bench_device_get_transport     (BenchDevice      *self);
/* Scheduled queries, command buttons and their runner; made with the device */
BenchPoller        *bench_device_get_poller      (BenchDevice      *self);
BenchCommandSet    *bench_device_get_commands    (BenchDevice      *self);
BenchCommandRunner *bench_device_get_runner      (BenchDevice      *self);
/* Runs command button @index (Ctrl+1 is 0); FALSE if there is none. */
gboolean          bench_device_run_command       (BenchDevice      *self,
                                                  guint             index);

const char       *bench_device_state_to_string   (BenchDeviceState  state);

G_END_DECLS
