/* bench-framer.h - bytes to lines, whatever the chunking
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Pure code over bytes. A line is reported with the time of its first byte.
 * In auto mode LF, CR and CRLF each end a line; a CRLF split across two
 * feeds is one terminator. A line that reaches max_line bytes without a
 * terminator is cut there (BENCH_ROW_SPLIT) and continues in the next line.
 * Every way of chunking the same bytes yields the same lines.
 *
 * Details (tests/test-framer.c holds a byte-at-a-time reference of all of
 * them, and checks every chunking against it):
 *  - the cut is made when a content byte arrives while max_line bytes are
 *    pending, so a line of exactly max_line bytes that is then terminated
 *    is an ordinary line, not a cut one followed by an empty one;
 *  - an empty line carries the time of its terminator's first byte;
 *  - @line points into the fed chunk or into the framer and is valid only
 *    during the call; the callback must not feed, flush or reset the same
 *    framer;
 *  - pending bytes stay below max_line + the length of the terminator.
 */
#pragma once

#include <glib.h>

#include "bench-types.h"

G_BEGIN_DECLS

typedef void (*BenchFramerLineFunc) (const guint8  *line,
                                     gsize          len,
                                     BenchRowFlags  flags,
                                     gint64         first_mono,
                                     gint64         first_wall,
                                     gpointer       user_data);

/* eol: NULL (or empty) for auto, else the exact terminator bytes. */
BenchFramer *bench_framer_new             (GBytes              *eol,
                                           gsize                max_line);
void         bench_framer_free            (BenchFramer         *self);
void         bench_framer_feed            (BenchFramer         *self,
                                           const guint8        *data,
                                           gsize                len,
                                           gint64               mono,
                                           gint64               wall,
                                           BenchFramerLineFunc  func,
                                           gpointer             user_data);
/* Emits the pending unterminated bytes, if any, as a BENCH_ROW_PARTIAL line. */
void         bench_framer_flush           (BenchFramer         *self,
                                           BenchFramerLineFunc  func,
                                           gpointer             user_data);
/* Forgets pending bytes and the CR state (on reconnect). */
void         bench_framer_reset           (BenchFramer         *self);
gsize        bench_framer_get_pending     (BenchFramer         *self);
/* Number of cuts made at max_line since creation. */
guint64      bench_framer_get_split_count (BenchFramer         *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BenchFramer, bench_framer_free)

G_END_DECLS
