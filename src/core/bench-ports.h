/* bench-ports.h - the serial ports present on this machine
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Read from sysfs (/sys/class/tty) and /dev/serial/by-id; no udev needed.
 * Legacy 8250 ports without hardware behind them are left out.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  char *path;          /* /dev/ttyUSB0 */
  char *by_id;         /* /dev/serial/by-id/usb-FTDI_…-if00-port0, or NULL */
  char *driver;        /* ftdi_sio, cdc_acm, serial8250, … or NULL */
  guint16 vid;         /* USB vendor id, 0 if not USB */
  guint16 pid;
  char *manufacturer;  /* USB strings, or NULL */
  char *product;
  char *serial;
  char *description;   /* a one-line summary for people */
} BenchPortInfo;

void       bench_port_info_free (BenchPortInfo *info);
/* A sorted array of BenchPortInfo*. @sysfs_root and @dev_root are "/" except in tests. */
GPtrArray *bench_ports_scan     (const char    *root);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BenchPortInfo, bench_port_info_free)

G_END_DECLS
