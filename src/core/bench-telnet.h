/* bench-telnet.h - a Telnet codec with the RFC 2217 COM-PORT-OPTION messages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Pure code, no I/O: the RFC 2217 transport feeds it what the socket read and
 * sends what it produces. The decoder strips commands out of the byte stream
 * (IAC IAC becomes one 0xFF data byte) in any chunking; option negotiation
 * follows RFC 1143 (the "Q method", without queued requests), so answers
 * never loop; subnegotiations are delivered whole and unescaped.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define BENCH_TELNET_IAC   255
#define BENCH_TELNET_DONT  254
#define BENCH_TELNET_DO    253
#define BENCH_TELNET_WONT  252
#define BENCH_TELNET_WILL  251
#define BENCH_TELNET_SB    250
#define BENCH_TELNET_SE    240

#define BENCH_TELNET_OPT_BINARY   0
#define BENCH_TELNET_OPT_ECHO     1
#define BENCH_TELNET_OPT_SGA      3
#define BENCH_TELNET_OPT_COM_PORT 44

/* A subnegotiation longer than this is cut (and flagged) */
#define BENCH_TELNET_MAX_SUBNEG 512

/* RFC 2217 commands, client to server; the server answers with +100 */
typedef enum
{
  BENCH_RFC2217_SIGNATURE           = 0,
  BENCH_RFC2217_SET_BAUDRATE        = 1,
  BENCH_RFC2217_SET_DATASIZE        = 2,
  BENCH_RFC2217_SET_PARITY          = 3,
  BENCH_RFC2217_SET_STOPSIZE        = 4,
  BENCH_RFC2217_SET_CONTROL         = 5,
  BENCH_RFC2217_NOTIFY_LINESTATE    = 6,
  BENCH_RFC2217_NOTIFY_MODEMSTATE   = 7,
  BENCH_RFC2217_FLOWCONTROL_SUSPEND = 8,
  BENCH_RFC2217_FLOWCONTROL_RESUME  = 9,
  BENCH_RFC2217_SET_LINESTATE_MASK  = 10,
  BENCH_RFC2217_SET_MODEMSTATE_MASK = 11,
  BENCH_RFC2217_PURGE_DATA          = 12,
} BenchRfc2217Command;

#define BENCH_RFC2217_SERVER_OFFSET 100

/* SET-PARITY values */
#define BENCH_RFC2217_PARITY_NONE  1
#define BENCH_RFC2217_PARITY_ODD   2
#define BENCH_RFC2217_PARITY_EVEN  3
#define BENCH_RFC2217_PARITY_MARK  4
#define BENCH_RFC2217_PARITY_SPACE 5

/* SET-STOPSIZE values */
#define BENCH_RFC2217_STOP_1   1
#define BENCH_RFC2217_STOP_2   2
#define BENCH_RFC2217_STOP_1_5 3

/* SET-CONTROL values (a subset) */
#define BENCH_RFC2217_CONTROL_FLOW_REQUEST 0
#define BENCH_RFC2217_CONTROL_FLOW_NONE    1
#define BENCH_RFC2217_CONTROL_FLOW_XONXOFF 2
#define BENCH_RFC2217_CONTROL_FLOW_RTSCTS  3
#define BENCH_RFC2217_CONTROL_DTR_REQUEST  7
#define BENCH_RFC2217_CONTROL_DTR_ON       8
#define BENCH_RFC2217_CONTROL_DTR_OFF      9
#define BENCH_RFC2217_CONTROL_RTS_REQUEST  10
#define BENCH_RFC2217_CONTROL_RTS_ON       11
#define BENCH_RFC2217_CONTROL_RTS_OFF      12

/* NOTIFY-LINESTATE bits */
#define BENCH_RFC2217_LINE_TIMEOUT       0x80
#define BENCH_RFC2217_LINE_TSRE          0x40
#define BENCH_RFC2217_LINE_THRE          0x20
#define BENCH_RFC2217_LINE_BREAK         0x10
#define BENCH_RFC2217_LINE_FRAMING_ERROR 0x08
#define BENCH_RFC2217_LINE_PARITY_ERROR  0x04
#define BENCH_RFC2217_LINE_OVERRUN       0x02
#define BENCH_RFC2217_LINE_DATA_READY    0x01

/* NOTIFY-MODEMSTATE bits */
#define BENCH_RFC2217_MODEM_CD        0x80
#define BENCH_RFC2217_MODEM_RI        0x40
#define BENCH_RFC2217_MODEM_DSR       0x20
#define BENCH_RFC2217_MODEM_CTS       0x10
#define BENCH_RFC2217_MODEM_DELTA_CD  0x08
#define BENCH_RFC2217_MODEM_TERI      0x04
#define BENCH_RFC2217_MODEM_DELTA_DSR 0x02
#define BENCH_RFC2217_MODEM_DELTA_CTS 0x01

typedef struct _BenchTelnet BenchTelnet;

typedef enum
{
  BENCH_TELNET_LOCAL,   /* what we do: WILL/WONT from us, DO/DONT from the peer */
  BENCH_TELNET_REMOTE,  /* what the peer does: DO/DONT from us, WILL/WONT from the peer */
} BenchTelnetSide;

typedef struct
{
  /* bytes to send to the peer (negotiation answers); required */
  void (*send)    (gpointer         user_data,
                   const guint8    *data,
                   gsize            len);
  /* an option of @side was enabled or disabled (or a request refused) */
  void (*option)  (gpointer         user_data,
                   guint8           option,
                   BenchTelnetSide  side,
                   gboolean         enabled);
  /* IAC SB option ... IAC SE, unescaped; @truncated if longer than the bound */
  void (*subneg)  (gpointer         user_data,
                   guint8           option,
                   const guint8    *payload,
                   gsize            len,
                   gboolean         truncated);
} BenchTelnetFuncs;

BenchTelnet *bench_telnet_new            (const BenchTelnetFuncs *funcs,
                                          gpointer                user_data);
void         bench_telnet_free           (BenchTelnet            *self);
/* Whether the peer may enable @option on @side (answered with DO/WILL). */
void         bench_telnet_set_acceptable (BenchTelnet            *self,
                                          guint8                  option,
                                          BenchTelnetSide         side,
                                          gboolean                acceptable);
/* Asks the peer to enable or disable @option on @side (implies acceptable). */
void         bench_telnet_request        (BenchTelnet            *self,
                                          guint8                  option,
                                          BenchTelnetSide         side,
                                          gboolean                enable);
gboolean     bench_telnet_is_enabled     (BenchTelnet            *self,
                                          guint8                  option,
                                          BenchTelnetSide         side);
/* TRUE while a request for @option on @side has no answer yet. */
gboolean     bench_telnet_is_pending     (BenchTelnet            *self,
                                          guint8                  option,
                                          BenchTelnetSide         side);
/* Decodes @len bytes from the peer, in any chunking. Data bytes are written
 * to @out, which has room for @len bytes (it may be @in); returns how many.
 * Callbacks run during the call. */
gsize        bench_telnet_decode         (BenchTelnet            *self,
                                          const guint8           *in,
                                          gsize                   len,
                                          guint8                 *out);

/* Appends @data for the wire: 0xFF doubled; unless @binary, a CR not followed
 * by LF gets a NUL after it (NVT rules). */
void         bench_telnet_escape_append  (GByteArray             *out,
                                          const guint8           *data,
                                          gsize                   len,
                                          gboolean                binary);
/* Appends IAC SB @option payload IAC SE, with 0xFF in the payload doubled. */
void         bench_telnet_subneg_append  (GByteArray             *out,
                                          guint8                  option,
                                          const guint8           *payload,
                                          gsize                   len);
/* Appends an RFC 2217 command with a 1-byte or a 4-byte (network order) value. */
void         bench_rfc2217_append        (GByteArray             *out,
                                          BenchRfc2217Command     command,
                                          guint8                  value);
void         bench_rfc2217_append_baud   (GByteArray             *out,
                                          guint32                 baud);
/* "CD on, RI off, DSR on, CTS on" for a modem-state byte */
char        *bench_rfc2217_modem_state_to_string (guint8          state);
/* "overrun, framing error" for the error and break bits of a line-state
 * byte, or NULL when none is set */
char        *bench_rfc2217_line_state_to_string  (guint8          state);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BenchTelnet, bench_telnet_free)

G_END_DECLS
