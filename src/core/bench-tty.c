/* bench-tty.c - termios2 on Linux
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * This file talks to the kernel's termios2 directly so that any baud rate
 * (BOTHER) works, not only the Bnnn constants. <asm/termios.h> clashes with
 * glibc's <termios.h> and <sys/ioctl.h>, so neither is included here.
 */
#include "config.h"

#include <errno.h>
#include <asm/termios.h>

#include <gio/gio.h>

#include "bench-tty.h"
#include "bench-util.h"

extern int ioctl (int fd, unsigned long request, ...);

#ifndef CMSPAR
# define CMSPAR 010000000000
#endif

gboolean
bench_tty_configure (int                      fd,
                     const BenchTtySettings  *settings,
                     GError                 **error)
{
  struct termios2 tio;

  g_return_val_if_fail (fd >= 0, FALSE);
  g_return_val_if_fail (settings != NULL, FALSE);
  g_return_val_if_fail (settings->baud > 0, FALSE);

  if (ioctl (fd, TCGETS2, &tio) != 0)
    {
      bench_propagate_errno (error, errno, "Cannot read the port settings");
      return FALSE;
    }

  if (settings->raw)
    {
      /* What cfmakeraw() does, on termios2 */
      tio.c_iflag &= ~(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON | IXOFF | IXANY | INPCK);
      tio.c_oflag &= ~OPOST;
      tio.c_lflag &= ~(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
      tio.c_cc[VMIN] = 1;
      tio.c_cc[VTIME] = 0;
    }

  tio.c_cflag |= CLOCAL | CREAD;

  tio.c_cflag &= ~CSIZE;
  switch (settings->data_bits)
    {
    case 5: tio.c_cflag |= CS5; break;
    case 6: tio.c_cflag |= CS6; break;
    case 7: tio.c_cflag |= CS7; break;
    case 8: tio.c_cflag |= CS8; break;
    default:
      g_set_error (error, BENCH_ERROR, BENCH_ERROR_UNSUPPORTED,
                   "Unsupported number of data bits: %u", settings->data_bits);
      return FALSE;
    }

  tio.c_cflag &= ~(PARENB | PARODD | CMSPAR);
  switch (settings->parity)
    {
    case BENCH_PARITY_NONE:
      break;
    case BENCH_PARITY_EVEN:
      tio.c_cflag |= PARENB;
      break;
    case BENCH_PARITY_ODD:
      tio.c_cflag |= PARENB | PARODD;
      break;
    case BENCH_PARITY_MARK:
      tio.c_cflag |= PARENB | CMSPAR | PARODD;
      break;
    case BENCH_PARITY_SPACE:
      tio.c_cflag |= PARENB | CMSPAR;
      break;
    default:
      g_assert_not_reached ();
    }

  if (settings->stop_bits == 2)
    tio.c_cflag |= CSTOPB;
  else
    tio.c_cflag &= ~CSTOPB;

  tio.c_cflag &= ~CRTSCTS;
  tio.c_iflag &= ~(IXON | IXOFF | IXANY);
  switch (settings->flow)
    {
    case BENCH_FLOW_NONE:
      break;
    case BENCH_FLOW_RTSCTS:
      tio.c_cflag |= CRTSCTS;
      break;
    case BENCH_FLOW_XONXOFF:
      tio.c_iflag |= IXON | IXOFF;
      break;
    default:
      g_assert_not_reached ();
    }

  /* Any rate: BOTHER with the number itself in c_ispeed/c_ospeed. */
  tio.c_cflag &= ~(CBAUD | (CBAUD << IBSHIFT));
  tio.c_cflag |= BOTHER | (BOTHER << IBSHIFT);
  tio.c_ispeed = settings->baud;
  tio.c_ospeed = settings->baud;

  if (ioctl (fd, TCSETS2, &tio) != 0)
    {
      int errsv = errno;

      if (errsv == EINVAL)
        g_set_error (error, BENCH_ERROR, BENCH_ERROR_UNSUPPORTED,
                     "The port does not accept these settings (%u baud, %u data bits)",
                     settings->baud, settings->data_bits);
      else
        bench_propagate_errno (error, errsv, "Cannot apply the port settings");
      return FALSE;
    }

  return TRUE;
}

gboolean
bench_tty_read_settings (int                fd,
                         BenchTtySettings  *settings,
                         GError           **error)
{
  struct termios2 tio;

  g_return_val_if_fail (settings != NULL, FALSE);

  if (ioctl (fd, TCGETS2, &tio) != 0)
    {
      bench_propagate_errno (error, errno, "Cannot read the port settings");
      return FALSE;
    }

  switch (tio.c_cflag & CSIZE)
    {
    case CS5: settings->data_bits = 5; break;
    case CS6: settings->data_bits = 6; break;
    case CS7: settings->data_bits = 7; break;
    default:  settings->data_bits = 8; break;
    }

  if (!(tio.c_cflag & PARENB))
    settings->parity = BENCH_PARITY_NONE;
  else if (tio.c_cflag & CMSPAR)
    settings->parity = (tio.c_cflag & PARODD) ? BENCH_PARITY_MARK : BENCH_PARITY_SPACE;
  else
    settings->parity = (tio.c_cflag & PARODD) ? BENCH_PARITY_ODD : BENCH_PARITY_EVEN;

  settings->stop_bits = (tio.c_cflag & CSTOPB) ? 2 : 1;
  if (tio.c_cflag & CRTSCTS)
    settings->flow = BENCH_FLOW_RTSCTS;
  else if (tio.c_iflag & IXON)
    settings->flow = BENCH_FLOW_XONXOFF;
  else
    settings->flow = BENCH_FLOW_NONE;
  settings->baud = tio.c_ospeed;
  settings->raw = !(tio.c_lflag & (ICANON | ECHO)) && !(tio.c_oflag & OPOST);

  return TRUE;
}

gboolean
bench_tty_set_modem_lines (int          fd,
                           BenchSwitch  dtr,
                           BenchSwitch  rts,
                           GError     **error)
{
  int set = 0, clear = 0;

  if (dtr == BENCH_SWITCH_ON)
    set |= TIOCM_DTR;
  else if (dtr == BENCH_SWITCH_OFF)
    clear |= TIOCM_DTR;
  if (rts == BENCH_SWITCH_ON)
    set |= TIOCM_RTS;
  else if (rts == BENCH_SWITCH_OFF)
    clear |= TIOCM_RTS;

  if ((set != 0 && ioctl (fd, TIOCMBIS, &set) != 0) ||
      (clear != 0 && ioctl (fd, TIOCMBIC, &clear) != 0))
    {
      int errsv = errno;

      if (errsv == EINVAL || errsv == ENOTTY || errsv == EOPNOTSUPP)
        g_set_error_literal (error, BENCH_ERROR, BENCH_ERROR_UNSUPPORTED,
                             "This port has no DTR/RTS control lines");
      else
        bench_propagate_errno (error, errsv, "Cannot set DTR/RTS");
      return FALSE;
    }

  return TRUE;
}
