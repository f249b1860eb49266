/* bench-telnet.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "bench-telnet.h"

typedef enum
{
  Q_NO,
  Q_YES,
  Q_WANTNO,
  Q_WANTYES,
} QState;

typedef enum
{
  S_DATA,
  S_CR,        /* the last data byte was a CR and the peer is not binary */
  S_IAC,
  S_NEG,       /* after IAC WILL/WONT/DO/DONT: the option byte */
  S_SB_OPT,    /* after IAC SB: the option byte */
  S_SB,
  S_SB_IAC,
} DecodeState;

struct _BenchTelnet
{
  BenchTelnetFuncs funcs;
  gpointer         user_data;

  guint8           q[2][256];            /* QState per side and option */
  guint8           acceptable[2][256];

  DecodeState      state;
  guint8           verb;
  guint8           sb_option;
  gboolean         sb_truncated;
  gsize            sb_len;
  guint8           sb[BENCH_TELNET_MAX_SUBNEG];
};

BenchTelnet *
bench_telnet_new (const BenchTelnetFuncs *funcs,
                  gpointer                user_data)
{
  BenchTelnet *self;

  g_return_val_if_fail (funcs != NULL && funcs->send != NULL, NULL);

  self = g_new0 (BenchTelnet, 1);
  self->funcs = *funcs;
  self->user_data = user_data;
  self->state = S_DATA;

  return self;
}

void
bench_telnet_free (BenchTelnet *self)
{
  g_free (self);
}

static void
bench_telnet_send_verb (BenchTelnet *self,
                        guint8       verb,
                        guint8       option)
{
  guint8 msg[3] = { BENCH_TELNET_IAC, verb, option };

  self->funcs.send (self->user_data, msg, sizeof msg);
}

static void
bench_telnet_notify (BenchTelnet     *self,
                     guint8           option,
                     BenchTelnetSide  side,
                     gboolean         enabled)
{
  if (self->funcs.option != NULL)
    self->funcs.option (self->user_data, option, side, enabled);
}

void
bench_telnet_set_acceptable (BenchTelnet     *self,
                             guint8           option,
                             BenchTelnetSide  side,
                             gboolean         acceptable)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (side == BENCH_TELNET_LOCAL || side == BENCH_TELNET_REMOTE);

  self->acceptable[side][option] = !!acceptable;
}

/* The verbs that ask for (or refuse) an option of @side */
static guint8
verb_enable (BenchTelnetSide side)
{
  return side == BENCH_TELNET_LOCAL ? BENCH_TELNET_WILL : BENCH_TELNET_DO;
}

static guint8
verb_disable (BenchTelnetSide side)
{
  return side == BENCH_TELNET_LOCAL ? BENCH_TELNET_WONT : BENCH_TELNET_DONT;
}

void
bench_telnet_request (BenchTelnet     *self,
                      guint8           option,
                      BenchTelnetSide  side,
                      gboolean         enable)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (side == BENCH_TELNET_LOCAL || side == BENCH_TELNET_REMOTE);

  self->acceptable[side][option] = !!enable;

  if (enable && self->q[side][option] == Q_NO)
    {
      self->q[side][option] = Q_WANTYES;
      bench_telnet_send_verb (self, verb_enable (side), option);
    }
  else if (!enable && self->q[side][option] == Q_YES)
    {
      self->q[side][option] = Q_WANTNO;
      bench_telnet_send_verb (self, verb_disable (side), option);
      bench_telnet_notify (self, option, side, FALSE);
    }
}

gboolean
bench_telnet_is_enabled (BenchTelnet     *self,
                         guint8           option,
                         BenchTelnetSide  side)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (side == BENCH_TELNET_LOCAL || side == BENCH_TELNET_REMOTE, FALSE);

  return self->q[side][option] == Q_YES;
}

gboolean
bench_telnet_is_pending (BenchTelnet     *self,
                         guint8           option,
                         BenchTelnetSide  side)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (side == BENCH_TELNET_LOCAL || side == BENCH_TELNET_REMOTE, FALSE);

  return self->q[side][option] == Q_WANTYES || self->q[side][option] == Q_WANTNO;
}

/* RFC 1143 without the queue: a positive verb (WILL from the peer for its
 * side, DO for ours) or a negative one. At most one answer per verb, and only
 * on a change of state, so two agents never loop. */
static void
bench_telnet_receive_verb (BenchTelnet *self,
                           guint8       verb,
                           guint8       option)
{
  BenchTelnetSide side;
  gboolean positive;
  guint8 *q;

  switch (verb)
    {
    case BENCH_TELNET_WILL: side = BENCH_TELNET_REMOTE; positive = TRUE; break;
    case BENCH_TELNET_WONT: side = BENCH_TELNET_REMOTE; positive = FALSE; break;
    case BENCH_TELNET_DO:   side = BENCH_TELNET_LOCAL;  positive = TRUE; break;
    case BENCH_TELNET_DONT: side = BENCH_TELNET_LOCAL;  positive = FALSE; break;
    default:
      g_assert_not_reached ();
    }

  q = &self->q[side][option];

  if (positive)
    {
      switch ((QState) *q)
        {
        case Q_NO:
          if (self->acceptable[side][option])
            {
              *q = Q_YES;
              bench_telnet_send_verb (self, verb_enable (side), option);
              bench_telnet_notify (self, option, side, TRUE);
            }
          else
            bench_telnet_send_verb (self, verb_disable (side), option);
          break;
        case Q_YES:
          break;
        case Q_WANTNO:
          /* our disable request answered with a positive verb: an error, and it is off */
          *q = Q_NO;
          break;
        case Q_WANTYES:
          *q = Q_YES;
          bench_telnet_notify (self, option, side, TRUE);
          break;
        default:
          g_assert_not_reached ();
        }
    }
  else
    {
      switch ((QState) *q)
        {
        case Q_NO:
          break;
        case Q_YES:
          *q = Q_NO;
          bench_telnet_send_verb (self, verb_disable (side), option);
          bench_telnet_notify (self, option, side, FALSE);
          break;
        case Q_WANTNO:
          *q = Q_NO;
          break;
        case Q_WANTYES:
          /* refused */
          *q = Q_NO;
          bench_telnet_notify (self, option, side, FALSE);
          break;
        default:
          g_assert_not_reached ();
        }
    }
}

static void
bench_telnet_end_subneg (BenchTelnet *self)
{
  if (self->funcs.subneg != NULL)
    self->funcs.subneg (self->user_data, self->sb_option, self->sb, self->sb_len, self->sb_truncated);
  self->sb_len = 0;
  self->sb_truncated = FALSE;
}

static void
bench_telnet_sb_byte (BenchTelnet *self,
                      guint8       byte)
{
  if (self->sb_len < sizeof self->sb)
    self->sb[self->sb_len++] = byte;
  else
    self->sb_truncated = TRUE;
}

/* The byte after an IAC (outside a subnegotiation). Returns TRUE if it is a
 * data byte (IAC IAC). */
static gboolean
bench_telnet_command (BenchTelnet *self,
                      guint8       byte)
{
  switch (byte)
    {
    case BENCH_TELNET_IAC:
      self->state = S_DATA;
      return TRUE;
    case BENCH_TELNET_WILL:
    case BENCH_TELNET_WONT:
    case BENCH_TELNET_DO:
    case BENCH_TELNET_DONT:
      self->verb = byte;
      self->state = S_NEG;
      return FALSE;
    case BENCH_TELNET_SB:
      self->state = S_SB_OPT;
      return FALSE;
    default:
      /* NOP, DM, BRK, IP, AO, AYT, EC, EL, GA, a stray SE: nothing to do */
      self->state = S_DATA;
      return FALSE;
    }
}

gsize
bench_telnet_decode (BenchTelnet  *self,
                     const guint8 *in,
                     gsize         len,
                     guint8       *out)
{
  const guint8 *p = in;
  const guint8 *end = in + len;
  gsize n = 0;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (in != NULL || len == 0, 0);
  g_return_val_if_fail (out != NULL || len == 0, 0);

  while (p < end)
    {
      switch (self->state)
        {
        case S_DATA:
          if (self->q[BENCH_TELNET_REMOTE][BENCH_TELNET_OPT_BINARY] == Q_YES)
            {
              /* the hot path: copy up to the next IAC */
              const guint8 *iac = memchr (p, BENCH_TELNET_IAC, end - p);
              gsize span = (iac != NULL ? iac : end) - p;

              if (out + n != p)
                memmove (out + n, p, span);
              n += span;
              p += span;
              if (iac != NULL)
                {
                  self->state = S_IAC;
                  p++;
                }
            }
          else
            {
              guint8 byte = *p++;

              if (byte == BENCH_TELNET_IAC)
                self->state = S_IAC;
              else
                {
                  out[n++] = byte;
                  if (byte == '\r')
                    self->state = S_CR;
                }
            }
          break;

        case S_CR:
          /* NVT: CR NUL is a bare CR */
          self->state = S_DATA;
          if (*p == '\0')
            p++;
          break;

        case S_IAC:
          if (bench_telnet_command (self, *p++))
            out[n++] = BENCH_TELNET_IAC;
          break;

        case S_NEG:
          self->state = S_DATA;
          bench_telnet_receive_verb (self, self->verb, *p++);
          break;

        case S_SB_OPT:
          self->sb_option = *p++;
          self->sb_len = 0;
          self->sb_truncated = FALSE;
          self->state = S_SB;
          break;

        case S_SB:
          {
            const guint8 *iac = memchr (p, BENCH_TELNET_IAC, end - p);
            const guint8 *stop = iac != NULL ? iac : end;

            for (; p < stop; p++)
              bench_telnet_sb_byte (self, *p);
            if (iac != NULL)
              {
                self->state = S_SB_IAC;
                p++;
              }
          }
          break;

        case S_SB_IAC:
          {
            guint8 byte = *p++;

            if (byte == BENCH_TELNET_IAC)
              {
                bench_telnet_sb_byte (self, byte);
                self->state = S_SB;
              }
            else if (byte == BENCH_TELNET_SE)
              {
                self->state = S_DATA;
                bench_telnet_end_subneg (self);
              }
            else
              {
                /* a command inside a subnegotiation: end it there, then obey */
                self->state = S_DATA;
                bench_telnet_end_subneg (self);
                if (bench_telnet_command (self, byte))
                  out[n++] = BENCH_TELNET_IAC;
              }
          }
          break;

        default:
          g_assert_not_reached ();
        }
    }

  return n;
}

void
bench_telnet_escape_append (GByteArray   *out,
                            const guint8 *data,
                            gsize         len,
                            gboolean      binary)
{
  static const guint8 iac_iac[2] = { BENCH_TELNET_IAC, BENCH_TELNET_IAC };
  static const guint8 cr_nul[2] = { '\r', '\0' };
  const guint8 *p = data;
  const guint8 *end = data + len;

  g_return_if_fail (out != NULL);
  g_return_if_fail (data != NULL || len == 0);

  if (binary)
    {
      while (p < end)
        {
          const guint8 *iac = memchr (p, BENCH_TELNET_IAC, end - p);

          if (iac == NULL)
            {
              g_byte_array_append (out, p, end - p);
              break;
            }
          g_byte_array_append (out, p, iac - p);
          g_byte_array_append (out, iac_iac, 2);
          p = iac + 1;
        }
      return;
    }

  for (; p < end; p++)
    {
      if (*p == BENCH_TELNET_IAC)
        g_byte_array_append (out, iac_iac, 2);
      else if (*p == '\r' && (p + 1 == end || p[1] != '\n'))
        g_byte_array_append (out, cr_nul, 2);
      else
        g_byte_array_append (out, p, 1);
    }
}

void
bench_telnet_subneg_append (GByteArray   *out,
                            guint8        option,
                            const guint8 *payload,
                            gsize         len)
{
  guint8 head[3] = { BENCH_TELNET_IAC, BENCH_TELNET_SB, option };
  static const guint8 tail[2] = { BENCH_TELNET_IAC, BENCH_TELNET_SE };

  g_return_if_fail (out != NULL);
  g_return_if_fail (payload != NULL || len == 0);

  g_byte_array_append (out, head, sizeof head);
  bench_telnet_escape_append (out, payload, len, TRUE);
  g_byte_array_append (out, tail, sizeof tail);
}

void
bench_rfc2217_append (GByteArray          *out,
                      BenchRfc2217Command  command,
                      guint8               value)
{
  guint8 payload[2] = { command, value };

  bench_telnet_subneg_append (out, BENCH_TELNET_OPT_COM_PORT, payload, sizeof payload);
}

void
bench_rfc2217_append_baud (GByteArray *out,
                           guint32     baud)
{
  guint8 payload[5] = {
    BENCH_RFC2217_SET_BAUDRATE,
    (baud >> 24) & 0xff, (baud >> 16) & 0xff, (baud >> 8) & 0xff, baud & 0xff,
  };

  bench_telnet_subneg_append (out, BENCH_TELNET_OPT_COM_PORT, payload, sizeof payload);
}

char *
bench_rfc2217_modem_state_to_string (guint8 state)
{
  return g_strdup_printf ("CD %s, RI %s, DSR %s, CTS %s",
                          state & BENCH_RFC2217_MODEM_CD ? "on" : "off",
                          state & BENCH_RFC2217_MODEM_RI ? "on" : "off",
                          state & BENCH_RFC2217_MODEM_DSR ? "on" : "off",
                          state & BENCH_RFC2217_MODEM_CTS ? "on" : "off");
}

char *
bench_rfc2217_line_state_to_string (guint8 state)
{
  static const struct { guint8 bit; const char *name; } bits[] = {
    { BENCH_RFC2217_LINE_OVERRUN, "overrun" },
    { BENCH_RFC2217_LINE_PARITY_ERROR, "parity error" },
    { BENCH_RFC2217_LINE_FRAMING_ERROR, "framing error" },
    { BENCH_RFC2217_LINE_BREAK, "break" },
    { BENCH_RFC2217_LINE_TIMEOUT, "timeout" },
  };
  GString *out = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (bits); i++)
    {
      if ((state & bits[i].bit) == 0)
        continue;
      if (out == NULL)
        out = g_string_new (NULL);
      else
        g_string_append (out, ", ");
      g_string_append (out, bits[i].name);
    }

  return out != NULL ? g_string_free (out, FALSE) : NULL;
}
