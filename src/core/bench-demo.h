/* bench-demo.h - simulated instruments behind real pseudo-terminals
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A demo instrument owns the master side of a pty and is driven from the
 * main loop; Benchtop (or anything else: picocom, pyserial) opens the slave
 * path like a real port. Like a USB CDC board, an instrument starts talking
 * when a client opens the port and goes quiet when it closes.
 */
#pragma once

#include <gio/gio.h>

#include "bench-types.h"

G_BEGIN_DECLS

#define BENCH_TYPE_DEMO (bench_demo_get_type ())

G_DECLARE_FINAL_TYPE (BenchDemo, bench_demo, BENCH, DEMO, GObject)

/* multimeter, thermo, scpi, pico */
const char * const *bench_demo_get_names       (void);
const char         *bench_demo_get_description (const char *name);
gboolean            bench_demo_is_known        (const char *name);

BenchDemo          *bench_demo_new             (const char  *name,
                                                GError     **error);
const char         *bench_demo_get_name        (BenchDemo   *self);
/* The slave path to open, e.g. /dev/pts/7 */
const char         *bench_demo_get_path        (BenchDemo   *self);
gboolean            bench_demo_get_has_client  (BenchDemo   *self);
/* Multiplies the output rate (tests use it to run fast). */
void                bench_demo_set_speed       (BenchDemo   *self,
                                                double       factor);

G_END_DECLS
