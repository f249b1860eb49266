/* bench-tty.h - termios2 port settings (any baud via BOTHER), modem lines
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "bench-types.h"

G_BEGIN_DECLS

typedef struct
{
  guint       baud;
  guint8      data_bits;
  BenchParity parity;
  guint8      stop_bits;
  BenchFlow   flow;
  gboolean    raw;        /* no echo, no canonical mode, no CR/LF mapping, VMIN 1 */
} BenchTtySettings;

/* Raw mode (VMIN 1, VTIME 0), CLOCAL, CREAD, and the given speed and framing. */
gboolean bench_tty_configure        (int                      fd,
                                     const BenchTtySettings  *settings,
                                     GError                 **error);
gboolean bench_tty_read_settings    (int                      fd,
                                     BenchTtySettings        *settings,
                                     GError                 **error);
/* Sets DTR and RTS where not BENCH_SWITCH_DEFAULT. */
gboolean bench_tty_set_modem_lines  (int                      fd,
                                     BenchSwitch              dtr,
                                     BenchSwitch              rts,
                                     GError                 **error);

G_END_DECLS
