/* bench-row.h - one received line, sent command or event, and row sinks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "bench-types.h"

G_BEGIN_DECLS

/* A borrowed view of a row: text points into storage owned by someone else
 * and is valid only for the duration of the call that hands it out. */
typedef struct
{
  guint64        seq;       /* per device, counting from 0, never reused */
  gint64         mono_us;   /* g_get_monotonic_time() when the first byte arrived */
  gint64         wall_us;   /* g_get_real_time() at the same moment */
  const guint8  *text;      /* the line without its terminator; not NUL-terminated */
  guint32        len;
  guint8         direction; /* BenchDirection */
  guint8         flags;     /* BenchRowFlags */
} BenchRow;

typedef struct _BenchRowSink BenchRowSink;

/* Something that wants every row of a device, in order, as it is appended:
 * the row queue, the session log, channel extraction. Called on the main
 * thread, synchronously, once per row; keep it cheap. */
struct _BenchRowSink
{
  void (*row) (BenchRowSink   *sink,
               BenchDevice    *device,
               const BenchRow *row);
};

const char *bench_direction_to_string (BenchDirection direction);

G_END_DECLS
