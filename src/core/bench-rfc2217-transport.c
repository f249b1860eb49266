/* bench-rfc2217-transport.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <unistd.h>

#include "bench-fd-stream.h"
#include "bench-rfc2217-transport.h"
#include "bench-socket-private.h"
#include "bench-socket-transport.h"
#include "bench-spec.h"
#include "bench-telnet.h"
#include "bench-util.h"

/* What is waiting for the server's answer */
typedef enum
{
  ACK_BAUD   = 1 << 0,
  ACK_DATA   = 1 << 1,
  ACK_PARITY = 1 << 2,
  ACK_STOP   = 1 << 3,
  ACK_FLOW   = 1 << 4,
  ACK_DTR    = 1 << 5,
  ACK_RTS    = 1 << 6,
} AckFlags;

#define ACK_FRAMING (ACK_BAUD | ACK_DATA | ACK_PARITY | ACK_STOP | ACK_FLOW)

struct _BenchRfc2217Transport
{
  GObject          parent_instance;

  BenchSpec       *spec;          /* what we asked for */
  char            *label;
  char            *peer;
  guint            connect_timeout_ms;

  GTask           *open_task;
  GCancellable    *connect_cancellable;
  BenchCancelLink  caller;
  BenchFdStream   *stream;
  BenchTelnet     *telnet;
  GByteArray      *out;
  guint8          *decoded;
  gsize            decoded_size;

  /* one source for every deadline: the open, the acknowledgements */
  GSource         *deadline_source;
  /* delivers what the open held, once the device has seen it finish */
  GSource         *release_source;
  BenchHeldChunks  held;
  gboolean         holding;

  AckFlags         pending;
  gboolean         com_port;
  gboolean         com_port_answered;
  gboolean         warned_binary;

  guint            remote_baud;
  guint            remote_data_bits;
  int              remote_parity;
  guint            remote_stop_bits;
  int              remote_flow;
  guint            modem_state;
  gboolean         have_modem_state;
  guint            line_state;
  char            *signature;

  gboolean         started;
  gboolean         closed;
  gboolean         paused;
};

static void transport_iface_init (BenchTransportInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (BenchRfc2217Transport, bench_rfc2217_transport, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (BENCH_TYPE_TRANSPORT, transport_iface_init))

enum {
  PROP_0,
  PROP_TX_PENDING,
  PROP_PEER,
  PROP_COM_PORT,
  PROP_REMOTE_BAUD,
  PROP_REMOTE_DATA_BITS,
  PROP_REMOTE_PARITY,
  PROP_REMOTE_STOP_BITS,
  PROP_REMOTE_FLOW,
  PROP_MODEM_STATE,
  PROP_LINE_STATE,
  PROP_SIGNATURE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
bench_rfc2217_transport_warn (BenchRfc2217Transport *self,
                              const char            *format,
                              ...) G_GNUC_PRINTF (2, 3);

static void
bench_rfc2217_transport_warn (BenchRfc2217Transport *self,
                              const char            *format,
                              ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  bench_transport_emit_event (BENCH_TRANSPORT (self), BENCH_ROW_ERROR, message);
}

static void
set_uint_prop (BenchRfc2217Transport *self,
               guint                 *field,
               guint                  value,
               guint                  prop)
{
  if (*field != value)
    {
      *field = value;
      g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
    }
}

static void
set_int_prop (BenchRfc2217Transport *self,
              int                   *field,
              int                    value,
              guint                  prop)
{
  if (*field != value)
    {
      *field = value;
      g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
    }
}

/* Value mappings */

static guint8
parity_to_wire (BenchParity parity)
{
  switch (parity)
    {
    case BENCH_PARITY_NONE:  return BENCH_RFC2217_PARITY_NONE;
    case BENCH_PARITY_ODD:   return BENCH_RFC2217_PARITY_ODD;
    case BENCH_PARITY_EVEN:  return BENCH_RFC2217_PARITY_EVEN;
    case BENCH_PARITY_MARK:  return BENCH_RFC2217_PARITY_MARK;
    case BENCH_PARITY_SPACE: return BENCH_RFC2217_PARITY_SPACE;
    default:                 return BENCH_RFC2217_PARITY_NONE;
    }
}

static int
parity_from_wire (guint8 value)
{
  switch (value)
    {
    case BENCH_RFC2217_PARITY_NONE:  return BENCH_PARITY_NONE;
    case BENCH_RFC2217_PARITY_ODD:   return BENCH_PARITY_ODD;
    case BENCH_RFC2217_PARITY_EVEN:  return BENCH_PARITY_EVEN;
    case BENCH_RFC2217_PARITY_MARK:  return BENCH_PARITY_MARK;
    case BENCH_RFC2217_PARITY_SPACE: return BENCH_PARITY_SPACE;
    default:                         return -1;
    }
}

static guint8
flow_to_wire (BenchFlow flow)
{
  switch (flow)
    {
    case BENCH_FLOW_NONE:    return BENCH_RFC2217_CONTROL_FLOW_NONE;
    case BENCH_FLOW_RTSCTS:  return BENCH_RFC2217_CONTROL_FLOW_RTSCTS;
    case BENCH_FLOW_XONXOFF: return BENCH_RFC2217_CONTROL_FLOW_XONXOFF;
    default:                 return BENCH_RFC2217_CONTROL_FLOW_NONE;
    }
}

static const char *
parity_name (int parity)
{
  return parity < 0 ? "unknown" : bench_parity_to_string ((BenchParity) parity);
}

/* Sending */

static void
bench_rfc2217_transport_write_raw (BenchRfc2217Transport *self,
                                   const guint8          *data,
                                   gsize                  len)
{
  /* a failure here shows up as the end of the stream */
  if (self->stream != NULL)
    bench_fd_stream_write (self->stream, data, len, NULL);
}

static void
bench_rfc2217_transport_telnet_send_cb (gpointer      user_data,
                                        const guint8 *data,
                                        gsize         len)
{
  bench_rfc2217_transport_write_raw (user_data, data, len);
}

static void
bench_rfc2217_transport_flush_out (BenchRfc2217Transport *self)
{
  bench_rfc2217_transport_write_raw (self, self->out->data, self->out->len);
  g_byte_array_set_size (self->out, 0);
}

static void
bench_rfc2217_transport_schedule_deadline (BenchRfc2217Transport *self)
{
  g_source_set_ready_time (self->deadline_source,
                           g_get_monotonic_time () + (gint64) BENCH_RFC2217_ACK_TIMEOUT_MS * 1000);
}

/* Sends the settings of @spec that differ from @old (all when @old is NULL). */
static void
bench_rfc2217_transport_send_settings (BenchRfc2217Transport *self,
                                       const BenchSpec       *spec,
                                       const BenchSpec       *old)
{
  AckFlags sent = 0;

  g_byte_array_set_size (self->out, 0);

  if (old == NULL || old->baud != spec->baud)
    {
      bench_rfc2217_append_baud (self->out, spec->baud);
      sent |= ACK_BAUD;
    }
  if (old == NULL || old->data_bits != spec->data_bits)
    {
      bench_rfc2217_append (self->out, BENCH_RFC2217_SET_DATASIZE, spec->data_bits);
      sent |= ACK_DATA;
    }
  if (old == NULL || old->parity != spec->parity)
    {
      bench_rfc2217_append (self->out, BENCH_RFC2217_SET_PARITY, parity_to_wire (spec->parity));
      sent |= ACK_PARITY;
    }
  if (old == NULL || old->stop_bits != spec->stop_bits)
    {
      bench_rfc2217_append (self->out, BENCH_RFC2217_SET_STOPSIZE,
                            spec->stop_bits == 2 ? BENCH_RFC2217_STOP_2 : BENCH_RFC2217_STOP_1);
      sent |= ACK_STOP;
    }
  if (old == NULL || old->flow != spec->flow)
    {
      bench_rfc2217_append (self->out, BENCH_RFC2217_SET_CONTROL, flow_to_wire (spec->flow));
      sent |= ACK_FLOW;
    }
  if (spec->dtr != BENCH_SWITCH_DEFAULT && (old == NULL || old->dtr != spec->dtr))
    {
      bench_rfc2217_append (self->out, BENCH_RFC2217_SET_CONTROL,
                            spec->dtr == BENCH_SWITCH_ON ? BENCH_RFC2217_CONTROL_DTR_ON : BENCH_RFC2217_CONTROL_DTR_OFF);
      sent |= ACK_DTR;
    }
  if (spec->rts != BENCH_SWITCH_DEFAULT && (old == NULL || old->rts != spec->rts))
    {
      bench_rfc2217_append (self->out, BENCH_RFC2217_SET_CONTROL,
                            spec->rts == BENCH_SWITCH_ON ? BENCH_RFC2217_CONTROL_RTS_ON : BENCH_RFC2217_CONTROL_RTS_OFF);
      sent |= ACK_RTS;
    }
  if (old == NULL)
    {
      /* tell us about line errors and breaks, and modem-line changes */
      bench_rfc2217_append (self->out, BENCH_RFC2217_SET_LINESTATE_MASK,
                            BENCH_RFC2217_LINE_BREAK | BENCH_RFC2217_LINE_FRAMING_ERROR |
                            BENCH_RFC2217_LINE_PARITY_ERROR | BENCH_RFC2217_LINE_OVERRUN);
      bench_rfc2217_append (self->out, BENCH_RFC2217_SET_MODEMSTATE_MASK,
                            BENCH_RFC2217_MODEM_CD | BENCH_RFC2217_MODEM_RI |
                            BENCH_RFC2217_MODEM_DSR | BENCH_RFC2217_MODEM_CTS);
    }

  bench_rfc2217_transport_flush_out (self);

  if (sent != 0)
    {
      self->pending |= sent;
      bench_rfc2217_transport_schedule_deadline (self);
    }
}

/* The open */

static gboolean
bench_rfc2217_transport_release_cb (gpointer user_data)
{
  BenchRfc2217Transport *self = user_data;

  g_clear_pointer (&self->release_source, g_source_unref);
  self->holding = FALSE;
  _bench_held_emit (&self->held, BENCH_TRANSPORT (self), bench_now_mono (), bench_now_wall ());

  return G_SOURCE_REMOVE;
}

static void
bench_rfc2217_transport_complete_open (BenchRfc2217Transport *self)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->open_task);
  g_autoptr(BenchRfc2217Transport) hold = NULL;

  if (task == NULL)
    return;

  hold = g_object_ref (self);
  _bench_cancel_unlink (&self->caller);

  /* the device may close us from its callback */
  g_task_return_boolean (task, TRUE);
  if (self->closed)
    return;

  /* below the GTask's own idle, should it defer the callback */
  self->release_source = g_idle_source_new ();
  g_source_set_priority (self->release_source, G_PRIORITY_DEFAULT_IDLE);
  g_source_set_static_name (self->release_source, "[benchtop] rfc2217 release");
  g_source_set_callback (self->release_source, bench_rfc2217_transport_release_cb, self, NULL);
  g_source_attach (self->release_source, g_main_context_get_thread_default ());
}

static void
bench_rfc2217_transport_stop (BenchRfc2217Transport *self)
{
  self->closed = TRUE;
  self->pending = 0;
  g_source_set_ready_time (self->deadline_source, -1);
  if (self->release_source != NULL)
    {
      g_source_destroy (self->release_source);
      g_clear_pointer (&self->release_source, g_source_unref);
    }
  g_clear_pointer (&self->stream, bench_fd_stream_free);
}

static void
bench_rfc2217_transport_fail_open (BenchRfc2217Transport *self,
                                   GError                *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->open_task);

  g_assert (task != NULL);

  _bench_cancel_unlink (&self->caller);
  bench_rfc2217_transport_stop (self);
  _bench_held_clear (&self->held);
  _bench_held_init (&self->held);
  self->holding = FALSE;
  g_task_return_error (task, error);
}

static void
bench_rfc2217_transport_check_framing_done (BenchRfc2217Transport *self)
{
  if (self->pending == 0)
    g_source_set_ready_time (self->deadline_source, -1);
  if (self->open_task != NULL && (self->pending & ACK_FRAMING) == 0)
    bench_rfc2217_transport_complete_open (self);
}

static void
append_unacknowledged (GString    *out,
                       AckFlags    pending,
                       AckFlags    flag,
                       const char *text)
{
  if ((pending & flag) == 0)
    return;
  if (out->len > 0)
    g_string_append (out, ", ");
  g_string_append (out, text);
}

static gboolean
bench_rfc2217_transport_deadline_dispatch (GSource     *source,
                                           GSourceFunc  callback,
                                           gpointer     user_data)
{
  BenchRfc2217Transport *self = user_data;
  g_autoptr(BenchRfc2217Transport) hold = g_object_ref (self);

  g_source_set_ready_time (source, -1);

  if (!self->com_port_answered)
    {
      self->com_port_answered = TRUE;
      bench_rfc2217_transport_warn (self,
                                    "%s did not answer the RFC 2217 (COM-PORT-OPTION) request: "
                                    "the port keeps the server's settings",
                                    self->label);
    }
  else if (self->pending != 0)
    {
      g_autoptr(GString) what = g_string_new (NULL);
      g_autofree char *dtr = g_strdup_printf ("DTR %s", self->spec->dtr == BENCH_SWITCH_ON ? "on" : "off");
      g_autofree char *rts = g_strdup_printf ("RTS %s", self->spec->rts == BENCH_SWITCH_ON ? "on" : "off");
      g_autofree char *baud = g_strdup_printf ("%u baud", self->spec->baud);
      g_autofree char *data = g_strdup_printf ("%u data bits", self->spec->data_bits);
      g_autofree char *parity = g_strdup_printf ("parity %s", bench_parity_to_string (self->spec->parity));
      g_autofree char *stop = g_strdup_printf ("%u stop bits", self->spec->stop_bits);
      g_autofree char *flow = g_strdup_printf ("flow %s", bench_flow_to_string (self->spec->flow));

      append_unacknowledged (what, self->pending, ACK_BAUD, baud);
      append_unacknowledged (what, self->pending, ACK_DATA, data);
      append_unacknowledged (what, self->pending, ACK_PARITY, parity);
      append_unacknowledged (what, self->pending, ACK_STOP, stop);
      append_unacknowledged (what, self->pending, ACK_FLOW, flow);
      append_unacknowledged (what, self->pending, ACK_DTR, dtr);
      append_unacknowledged (what, self->pending, ACK_RTS, rts);
      bench_rfc2217_transport_warn (self,
                                    "%s did not acknowledge %s within %u ms (the port may not support it)",
                                    self->label, what->str, BENCH_RFC2217_ACK_TIMEOUT_MS);
      self->pending = 0;
    }

  bench_rfc2217_transport_complete_open (self);

  return G_SOURCE_CONTINUE;
}

static GSourceFuncs deadline_source_funcs = {
  NULL, NULL, bench_rfc2217_transport_deadline_dispatch, NULL,
};

/* Telnet */

static void
bench_rfc2217_transport_option_cb (gpointer         user_data,
                                   guint8           option,
                                   BenchTelnetSide  side,
                                   gboolean         enabled)
{
  BenchRfc2217Transport *self = user_data;

  if (option == BENCH_TELNET_OPT_COM_PORT && side == BENCH_TELNET_LOCAL)
    {
      gboolean was = self->com_port;

      self->com_port_answered = TRUE;
      self->com_port = enabled;
      if (was != enabled)
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COM_PORT]);

      if (enabled && !was)
        bench_rfc2217_transport_send_settings (self, self->spec, NULL);
      else if (!enabled)
        {
          self->pending = 0;
          bench_rfc2217_transport_warn (self,
                                        "%s does not support RFC 2217 (COM-PORT-OPTION refused): "
                                        "the port keeps the server's settings",
                                        self->label);
          bench_rfc2217_transport_check_framing_done (self);
        }
    }
  else if (option == BENCH_TELNET_OPT_BINARY && !enabled && !self->warned_binary &&
           !bench_telnet_is_pending (self->telnet, option, side))
    {
      self->warned_binary = TRUE;
      bench_rfc2217_transport_warn (self,
                                    "%s refused binary mode: carriage returns follow NVT rules",
                                    self->label);
    }
}

static void
bench_rfc2217_transport_ack (BenchRfc2217Transport *self,
                             guint8                 command,
                             const guint8          *value,
                             gsize                  len)
{
  switch (command)
    {
    case BENCH_RFC2217_SET_BAUDRATE:
      if (len >= 4)
        {
          guint baud = ((guint) value[0] << 24) | ((guint) value[1] << 16) | ((guint) value[2] << 8) | value[3];

          self->pending &= ~ACK_BAUD;
          set_uint_prop (self, &self->remote_baud, baud, PROP_REMOTE_BAUD);
          if (baud != self->spec->baud)
            bench_rfc2217_transport_warn (self, "%s runs its port at %u baud instead of %u",
                                          self->label, baud, self->spec->baud);
        }
      break;

    case BENCH_RFC2217_SET_DATASIZE:
      self->pending &= ~ACK_DATA;
      set_uint_prop (self, &self->remote_data_bits, value[0], PROP_REMOTE_DATA_BITS);
      if (value[0] != self->spec->data_bits)
        bench_rfc2217_transport_warn (self, "%s uses %u data bits instead of %u",
                                      self->label, value[0], self->spec->data_bits);
      break;

    case BENCH_RFC2217_SET_PARITY:
      self->pending &= ~ACK_PARITY;
      set_int_prop (self, &self->remote_parity, parity_from_wire (value[0]), PROP_REMOTE_PARITY);
      if (self->remote_parity != (int) self->spec->parity)
        bench_rfc2217_transport_warn (self, "%s uses parity %s instead of %s",
                                      self->label, parity_name (self->remote_parity),
                                      bench_parity_to_string (self->spec->parity));
      break;

    case BENCH_RFC2217_SET_STOPSIZE:
      self->pending &= ~ACK_STOP;
      set_uint_prop (self, &self->remote_stop_bits, value[0], PROP_REMOTE_STOP_BITS);
      if (value[0] != self->spec->stop_bits)
        bench_rfc2217_transport_warn (self, "%s uses %s stop bits instead of %u",
                                      self->label, value[0] == BENCH_RFC2217_STOP_1_5 ? "1.5" : value[0] == 2 ? "2" : "1",
                                      self->spec->stop_bits);
      break;

    case BENCH_RFC2217_SET_CONTROL:
      switch (value[0])
        {
        case BENCH_RFC2217_CONTROL_FLOW_NONE:
        case BENCH_RFC2217_CONTROL_FLOW_XONXOFF:
        case BENCH_RFC2217_CONTROL_FLOW_RTSCTS:
          {
            int flow = value[0] == BENCH_RFC2217_CONTROL_FLOW_NONE ? BENCH_FLOW_NONE
                     : value[0] == BENCH_RFC2217_CONTROL_FLOW_XONXOFF ? BENCH_FLOW_XONXOFF
                     : BENCH_FLOW_RTSCTS;

            self->pending &= ~ACK_FLOW;
            set_int_prop (self, &self->remote_flow, flow, PROP_REMOTE_FLOW);
            if (flow != (int) self->spec->flow)
              bench_rfc2217_transport_warn (self, "%s uses flow control %s instead of %s",
                                            self->label, bench_flow_to_string (flow),
                                            bench_flow_to_string (self->spec->flow));
          }
          break;
        case BENCH_RFC2217_CONTROL_DTR_ON:
        case BENCH_RFC2217_CONTROL_DTR_OFF:
          self->pending &= ~ACK_DTR;
          break;
        case BENCH_RFC2217_CONTROL_RTS_ON:
        case BENCH_RFC2217_CONTROL_RTS_OFF:
          self->pending &= ~ACK_RTS;
          break;
        default:
          break;
        }
      break;

    default:
      break;
    }

  bench_rfc2217_transport_check_framing_done (self);
}

static void
bench_rfc2217_transport_subneg_cb (gpointer      user_data,
                                   guint8        option,
                                   const guint8 *payload,
                                   gsize         len,
                                   gboolean      truncated)
{
  BenchRfc2217Transport *self = user_data;
  guint8 command;

  if (option != BENCH_TELNET_OPT_COM_PORT || len < 1)
    return;

  command = payload[0];

  if (command == BENCH_RFC2217_SIGNATURE)
    {
      /* the server asks who we are */
      static const char signature[] = "Benchtop " PACKAGE_VERSION;
      guint8 reply[1 + sizeof signature - 1];

      reply[0] = BENCH_RFC2217_SIGNATURE + BENCH_RFC2217_SERVER_OFFSET;
      memcpy (reply + 1, signature, sizeof signature - 1);
      g_byte_array_set_size (self->out, 0);
      bench_telnet_subneg_append (self->out, BENCH_TELNET_OPT_COM_PORT, reply, sizeof reply);
      bench_rfc2217_transport_flush_out (self);
      return;
    }

  if (command < BENCH_RFC2217_SERVER_OFFSET)
    return;
  command -= BENCH_RFC2217_SERVER_OFFSET;

  if (command == BENCH_RFC2217_SIGNATURE)
    {
      g_autofree char *text = g_utf8_make_valid ((const char *) payload + 1, len - 1);

      if (bench_set_str (&self->signature, text))
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIGNATURE]);
      return;
    }

  if (len < 2)
    return;

  switch (command)
    {
    case BENCH_RFC2217_NOTIFY_LINESTATE:
      {
        g_autofree char *errors = bench_rfc2217_line_state_to_string (payload[1]);

        set_uint_prop (self, &self->line_state, payload[1], PROP_LINE_STATE);
        if (errors != NULL)
          bench_rfc2217_transport_warn (self, "line state: %s", errors);
      }
      break;

    case BENCH_RFC2217_NOTIFY_MODEMSTATE:
      {
        guint lines = payload[1] & 0xf0;
        gboolean changed = !self->have_modem_state || lines != (self->modem_state & 0xf0);

        self->have_modem_state = TRUE;
        set_uint_prop (self, &self->modem_state, payload[1], PROP_MODEM_STATE);
        if (changed)
          {
            g_autofree char *text = bench_rfc2217_modem_state_to_string (payload[1]);

            bench_transport_emit_event (BENCH_TRANSPORT (self), BENCH_ROW_NONE, text);
          }
      }
      break;

    default:
      bench_rfc2217_transport_ack (self, command, payload + 1, len - 1);
      break;
    }
}

static const BenchTelnetFuncs telnet_funcs = {
  bench_rfc2217_transport_telnet_send_cb,
  bench_rfc2217_transport_option_cb,
  bench_rfc2217_transport_subneg_cb,
};

/* The stream */

static void
bench_rfc2217_transport_received_cb (gpointer      user_data,
                                     const guint8 *data,
                                     gsize         len,
                                     gint64        mono_us,
                                     gint64        wall_us)
{
  BenchRfc2217Transport *self = user_data;
  BenchChunk chunk;
  gsize n;

  if (len > self->decoded_size)
    {
      self->decoded_size = MAX (len, 64 * 1024);
      self->decoded = g_realloc (self->decoded, self->decoded_size);
    }

  n = bench_telnet_decode (self->telnet, data, len, self->decoded);
  if (n == 0 || self->closed)
    return;

  if (self->holding)
    {
      _bench_held_add (&self->held, self->decoded, n, mono_us, wall_us);
      return;
    }

  chunk.data = self->decoded;
  chunk.len = n;
  chunk.mono_us = mono_us;
  chunk.wall_us = wall_us;
  bench_transport_emit_received (BENCH_TRANSPORT (self), &chunk);
}

static void
bench_rfc2217_transport_closed_cb (gpointer      user_data,
                                   const GError *error)
{
  BenchRfc2217Transport *self = user_data;
  g_autoptr(BenchRfc2217Transport) hold = g_object_ref (self);

  if (self->open_task != NULL)
    {
      /* closed during the negotiation: the server refused us, and said why */
      bench_rfc2217_transport_fail_open (self,
                                         _bench_closed_early_error (self->label,
                                                                    self->held.bytes->data,
                                                                    self->held.bytes->len));
      return;
    }

  if (self->release_source != NULL)
    {
      g_source_destroy (self->release_source);
      g_clear_pointer (&self->release_source, g_source_unref);
    }
  self->holding = FALSE;
  _bench_held_emit (&self->held, BENCH_TRANSPORT (self), bench_now_mono (), bench_now_wall ());

  bench_rfc2217_transport_stop (self);
  bench_transport_emit_closed (BENCH_TRANSPORT (self), error);
}

static void
bench_rfc2217_transport_tx_pending_cb (gpointer user_data)
{
  bench_transport_notify_tx_pending (BENCH_TRANSPORT (user_data));
}

static const BenchFdStreamFuncs stream_funcs = {
  bench_rfc2217_transport_received_cb,
  bench_rfc2217_transport_closed_cb,
  bench_rfc2217_transport_tx_pending_cb,
};

static void
bench_rfc2217_transport_connected_cb (GObject      *object,
                                      GAsyncResult *result,
                                      gpointer      user_data)
{
  g_autoptr(BenchRfc2217Transport) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *peer = NULL;
  int fd;

  fd = _bench_tcp_connect_finish (result, &peer, &error);
  g_clear_object (&self->connect_cancellable);

  if (self->open_task == NULL)
    {
      if (fd >= 0)
        close (fd);
      return;
    }

  if (fd < 0)
    {
      bench_rfc2217_transport_fail_open (self, g_steal_pointer (&error));
      return;
    }

  if (bench_set_str (&self->peer, peer))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PEER]);

  self->stream = bench_fd_stream_new (fd, self->label, &stream_funcs, self);
  self->holding = TRUE;
  bench_fd_stream_set_paused (self->stream, self->paused);
  bench_fd_stream_start (self->stream);

  /* Binary both ways (0xFF and CR pass untouched), no go-aheads, and the
   * COM-PORT-OPTION: the settings go out when the server accepts it. */
  bench_telnet_request (self->telnet, BENCH_TELNET_OPT_BINARY, BENCH_TELNET_LOCAL, TRUE);
  bench_telnet_request (self->telnet, BENCH_TELNET_OPT_BINARY, BENCH_TELNET_REMOTE, TRUE);
  bench_telnet_request (self->telnet, BENCH_TELNET_OPT_SGA, BENCH_TELNET_LOCAL, TRUE);
  bench_telnet_request (self->telnet, BENCH_TELNET_OPT_SGA, BENCH_TELNET_REMOTE, TRUE);
  bench_telnet_request (self->telnet, BENCH_TELNET_OPT_COM_PORT, BENCH_TELNET_LOCAL, TRUE);
  bench_rfc2217_transport_schedule_deadline (self);
}

/* The interface */

static void
bench_rfc2217_transport_open_async (BenchTransport      *transport,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  BenchRfc2217Transport *self = BENCH_RFC2217_TRANSPORT (transport);
  g_autoptr(GTask) task = NULL;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bench_rfc2217_transport_open_async);

  if (self->started || self->closed)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                               "A transport is opened only once");
      return;
    }
  self->started = TRUE;

  self->open_task = g_steal_pointer (&task);
  self->connect_cancellable = g_cancellable_new ();
  _bench_cancel_link (&self->caller, cancellable, self->connect_cancellable);
  _bench_tcp_connect_async (self->spec->host, self->spec->port, self->connect_timeout_ms,
                            self->connect_cancellable, bench_rfc2217_transport_connected_cb,
                            g_object_ref (self));
}

static gboolean
bench_rfc2217_transport_open_finish (BenchTransport  *transport,
                                     GAsyncResult    *result,
                                     GError         **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static gboolean
bench_rfc2217_transport_send (BenchTransport  *transport,
                              const guint8    *data,
                              gsize            len,
                              GError         **error)
{
  BenchRfc2217Transport *self = BENCH_RFC2217_TRANSPORT (transport);
  gboolean ret;

  if (self->stream == NULL)
    {
      g_set_error (error, BENCH_ERROR, BENCH_ERROR_NOT_CONNECTED,
                   "%s is not connected", self->label);
      return FALSE;
    }

  g_byte_array_set_size (self->out, 0);
  bench_telnet_escape_append (self->out, data, len,
                              bench_telnet_is_enabled (self->telnet, BENCH_TELNET_OPT_BINARY, BENCH_TELNET_LOCAL));
  ret = bench_fd_stream_write (self->stream, self->out->data, self->out->len, error);
  g_byte_array_set_size (self->out, 0);

  /* keep a huge command from pinning its memory */
  if (self->out->len == 0 && len > 1024 * 1024)
    {
      g_byte_array_unref (self->out);
      self->out = g_byte_array_new ();
    }

  return ret;
}

static void
bench_rfc2217_transport_close (BenchTransport *transport)
{
  BenchRfc2217Transport *self = BENCH_RFC2217_TRANSPORT (transport);

  _bench_cancel_unlink (&self->caller);
  if (self->connect_cancellable != NULL)
    g_cancellable_cancel (self->connect_cancellable);
  bench_rfc2217_transport_stop (self);
  if (self->open_task != NULL)
    {
      g_autoptr(GTask) task = g_steal_pointer (&self->open_task);

      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Closed");
    }
}

static gsize
bench_rfc2217_transport_get_tx_pending (BenchTransport *transport)
{
  BenchRfc2217Transport *self = BENCH_RFC2217_TRANSPORT (transport);

  return self->stream ? bench_fd_stream_get_tx_pending (self->stream) : 0;
}

static char *
bench_rfc2217_transport_describe (BenchTransport *transport)
{
  BenchRfc2217Transport *self = BENCH_RFC2217_TRANSPORT (transport);
  g_autoptr(BenchSpec) effective = bench_spec_copy (self->spec);
  g_autofree char *framing = NULL;

  if (!self->com_port)
    return g_strdup_printf ("%s (no RFC 2217: the server's settings)", self->label);

  /* what the server acknowledged, where it did */
  if (self->remote_baud != 0)
    effective->baud = self->remote_baud;
  if (self->remote_data_bits >= 5 && self->remote_data_bits <= 8)
    effective->data_bits = self->remote_data_bits;
  if (self->remote_parity >= 0)
    effective->parity = self->remote_parity;
  if (self->remote_stop_bits == 1 || self->remote_stop_bits == 2)
    effective->stop_bits = self->remote_stop_bits;
  if (self->remote_flow >= 0)
    effective->flow = self->remote_flow;

  framing = bench_spec_dup_framing (effective);
  return g_strdup_printf ("%s %s", self->label, framing);
}

static gboolean
bench_rfc2217_transport_reconfigure (BenchTransport   *transport,
                                     const BenchSpec  *spec,
                                     GError          **error)
{
  BenchRfc2217Transport *self = BENCH_RFC2217_TRANSPORT (transport);
  g_autoptr(BenchSpec) old = NULL;

  if (self->stream == NULL)
    {
      g_set_error (error, BENCH_ERROR, BENCH_ERROR_NOT_CONNECTED,
                   "%s is not connected", self->label);
      return FALSE;
    }
  if (!self->com_port)
    {
      g_set_error (error, BENCH_ERROR, BENCH_ERROR_UNSUPPORTED,
                   "%s does not support RFC 2217: its port settings cannot be changed from here",
                   self->label);
      return FALSE;
    }

  old = g_steal_pointer (&self->spec);
  self->spec = bench_spec_copy (spec);
  bench_rfc2217_transport_send_settings (self, self->spec, old);

  return TRUE;
}

static gboolean
bench_rfc2217_transport_set_paused (BenchTransport *transport,
                                    gboolean        paused)
{
  BenchRfc2217Transport *self = BENCH_RFC2217_TRANSPORT (transport);

  self->paused = paused;
  if (self->stream != NULL)
    bench_fd_stream_set_paused (self->stream, paused);

  return TRUE;
}

static void
transport_iface_init (BenchTransportInterface *iface)
{
  iface->open_async = bench_rfc2217_transport_open_async;
  iface->open_finish = bench_rfc2217_transport_open_finish;
  iface->send = bench_rfc2217_transport_send;
  iface->close = bench_rfc2217_transport_close;
  iface->get_tx_pending = bench_rfc2217_transport_get_tx_pending;
  iface->describe = bench_rfc2217_transport_describe;
  iface->reconfigure = bench_rfc2217_transport_reconfigure;
  iface->get_watch_path = NULL;
  iface->set_paused = bench_rfc2217_transport_set_paused;
}

/* GObject */

static void
bench_rfc2217_transport_dispose (GObject *object)
{
  BenchRfc2217Transport *self = (BenchRfc2217Transport *) object;

  bench_rfc2217_transport_close (BENCH_TRANSPORT (self));
  if (self->deadline_source != NULL)
    {
      g_source_destroy (self->deadline_source);
      g_clear_pointer (&self->deadline_source, g_source_unref);
    }

  G_OBJECT_CLASS (bench_rfc2217_transport_parent_class)->dispose (object);
}

static void
bench_rfc2217_transport_finalize (GObject *object)
{
  BenchRfc2217Transport *self = (BenchRfc2217Transport *) object;

  _bench_held_clear (&self->held);
  g_clear_pointer (&self->telnet, bench_telnet_free);
  g_clear_pointer (&self->out, g_byte_array_unref);
  g_clear_pointer (&self->decoded, g_free);
  g_clear_pointer (&self->spec, bench_spec_free);
  g_clear_pointer (&self->label, g_free);
  g_clear_pointer (&self->peer, g_free);
  g_clear_pointer (&self->signature, g_free);

  G_OBJECT_CLASS (bench_rfc2217_transport_parent_class)->finalize (object);
}

static void
bench_rfc2217_transport_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  BenchRfc2217Transport *self = BENCH_RFC2217_TRANSPORT (object);

  switch (prop_id)
    {
    case PROP_TX_PENDING:
      g_value_set_uint64 (value, bench_rfc2217_transport_get_tx_pending (BENCH_TRANSPORT (self)));
      break;
    case PROP_PEER:
      g_value_set_string (value, self->peer);
      break;
    case PROP_COM_PORT:
      g_value_set_boolean (value, self->com_port);
      break;
    case PROP_REMOTE_BAUD:
      g_value_set_uint (value, self->remote_baud);
      break;
    case PROP_REMOTE_DATA_BITS:
      g_value_set_uint (value, self->remote_data_bits);
      break;
    case PROP_REMOTE_PARITY:
      g_value_set_int (value, self->remote_parity);
      break;
    case PROP_REMOTE_STOP_BITS:
      g_value_set_uint (value, self->remote_stop_bits);
      break;
    case PROP_REMOTE_FLOW:
      g_value_set_int (value, self->remote_flow);
      break;
    case PROP_MODEM_STATE:
      g_value_set_uint (value, self->modem_state);
      break;
    case PROP_LINE_STATE:
      g_value_set_uint (value, self->line_state);
      break;
    case PROP_SIGNATURE:
      g_value_set_string (value, self->signature);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bench_rfc2217_transport_class_init (BenchRfc2217TransportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bench_rfc2217_transport_dispose;
  object_class->finalize = bench_rfc2217_transport_finalize;
  object_class->get_property = bench_rfc2217_transport_get_property;

  g_object_class_override_property (object_class, PROP_TX_PENDING, "tx-pending");

#define RO (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)
  properties[PROP_PEER] = g_param_spec_string ("peer", NULL, NULL, NULL, RO);
  properties[PROP_COM_PORT] = g_param_spec_boolean ("com-port", NULL, NULL, FALSE, RO);
  properties[PROP_REMOTE_BAUD] = g_param_spec_uint ("remote-baud", NULL, NULL, 0, G_MAXUINT, 0, RO);
  properties[PROP_REMOTE_DATA_BITS] = g_param_spec_uint ("remote-data-bits", NULL, NULL, 0, 255, 0, RO);
  properties[PROP_REMOTE_PARITY] = g_param_spec_int ("remote-parity", NULL, NULL, -1, BENCH_PARITY_SPACE, -1, RO);
  properties[PROP_REMOTE_STOP_BITS] = g_param_spec_uint ("remote-stop-bits", NULL, NULL, 0, 255, 0, RO);
  properties[PROP_REMOTE_FLOW] = g_param_spec_int ("remote-flow", NULL, NULL, -1, BENCH_FLOW_XONXOFF, -1, RO);
  properties[PROP_MODEM_STATE] = g_param_spec_uint ("modem-state", NULL, NULL, 0, 255, 0, RO);
  properties[PROP_LINE_STATE] = g_param_spec_uint ("line-state", NULL, NULL, 0, 255, 0, RO);
  properties[PROP_SIGNATURE] = g_param_spec_string ("signature", NULL, NULL, NULL, RO);
#undef RO

  for (guint i = PROP_PEER; i < N_PROPS; i++)
    g_object_class_install_property (object_class, i, properties[i]);
}

static void
bench_rfc2217_transport_init (BenchRfc2217Transport *self)
{
  self->connect_timeout_ms = BENCH_SOCKET_CONNECT_TIMEOUT_MS;
  self->remote_parity = -1;
  self->remote_flow = -1;
  self->out = g_byte_array_new ();
  self->telnet = bench_telnet_new (&telnet_funcs, self);
  _bench_held_init (&self->held);

  self->deadline_source = g_source_new (&deadline_source_funcs, sizeof (GSource));
  g_source_set_callback (self->deadline_source, NULL, self, NULL);
  g_source_set_static_name (self->deadline_source, "[benchtop] rfc2217 deadline");
  g_source_set_ready_time (self->deadline_source, -1);
  g_source_attach (self->deadline_source, g_main_context_get_thread_default ());
}

BenchRfc2217Transport *
bench_rfc2217_transport_new (const BenchSpec *spec)
{
  BenchRfc2217Transport *self;

  g_return_val_if_fail (spec != NULL, NULL);
  g_return_val_if_fail (spec->host != NULL && spec->port != 0, NULL);

  self = g_object_new (BENCH_TYPE_RFC2217_TRANSPORT, NULL);
  self->spec = bench_spec_copy (spec);
  self->label = _bench_host_port (spec->host, spec->port);

  return self;
}

void
bench_rfc2217_transport_set_connect_timeout (BenchRfc2217Transport *self,
                                             guint                  timeout_ms)
{
  g_return_if_fail (BENCH_IS_RFC2217_TRANSPORT (self));
  self->connect_timeout_ms = timeout_ms;
}

const char *
bench_rfc2217_transport_get_peer (BenchRfc2217Transport *self)
{
  g_return_val_if_fail (BENCH_IS_RFC2217_TRANSPORT (self), NULL);
  return self->peer;
}

gboolean
bench_rfc2217_transport_get_com_port (BenchRfc2217Transport *self)
{
  g_return_val_if_fail (BENCH_IS_RFC2217_TRANSPORT (self), FALSE);
  return self->com_port;
}

guint
bench_rfc2217_transport_get_remote_baud (BenchRfc2217Transport *self)
{
  g_return_val_if_fail (BENCH_IS_RFC2217_TRANSPORT (self), 0);
  return self->remote_baud;
}

guint
bench_rfc2217_transport_get_remote_data_bits (BenchRfc2217Transport *self)
{
  g_return_val_if_fail (BENCH_IS_RFC2217_TRANSPORT (self), 0);
  return self->remote_data_bits;
}

int
bench_rfc2217_transport_get_remote_parity (BenchRfc2217Transport *self)
{
  g_return_val_if_fail (BENCH_IS_RFC2217_TRANSPORT (self), -1);
  return self->remote_parity;
}

guint
bench_rfc2217_transport_get_remote_stop_bits (BenchRfc2217Transport *self)
{
  g_return_val_if_fail (BENCH_IS_RFC2217_TRANSPORT (self), 0);
  return self->remote_stop_bits;
}

int
bench_rfc2217_transport_get_remote_flow (BenchRfc2217Transport *self)
{
  g_return_val_if_fail (BENCH_IS_RFC2217_TRANSPORT (self), -1);
  return self->remote_flow;
}

guint
bench_rfc2217_transport_get_modem_state (BenchRfc2217Transport *self)
{
  g_return_val_if_fail (BENCH_IS_RFC2217_TRANSPORT (self), 0);
  return self->modem_state;
}

guint
bench_rfc2217_transport_get_line_state (BenchRfc2217Transport *self)
{
  g_return_val_if_fail (BENCH_IS_RFC2217_TRANSPORT (self), 0);
  return self->line_state;
}

const char *
bench_rfc2217_transport_get_signature (BenchRfc2217Transport *self)
{
  g_return_val_if_fail (BENCH_IS_RFC2217_TRANSPORT (self), NULL);
  return self->signature;
}
