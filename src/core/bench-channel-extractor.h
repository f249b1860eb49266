/* bench-channel-extractor.h - numbers in received lines become plot channels
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One extractor per device. Each line is scanned once and yields
 * (channel index, value) pairs; channels are discovered as they appear and
 * keep their index for the life of the extractor (a CSV header only renames
 * them). Parsing is locale-independent (g_ascii_strtod on tokens that were
 * already scanned to be numbers, plus an exact fast path for short decimals)
 * and allocates nothing per line in the auto, kv and csv modes.
 *
 * Modes (BenchPlotMode):
 *  - AUTO: every number in the line, in order, is channel "1".."N". Integers,
 *    decimals, exponents and SCPI forms (+1.234567E+00, -3.2e-05, .5);
 *    trailing units are ignored but remembered (12.5mV → 12.5, unit "mV").
 *    Digits inside words (CH1, x2) are not numbers. Timestamp-looking
 *    tokens (12:34:56, 12:34:56.789, 2026-11-22T01:23:45Z) are skipped only
 *    when skip-timestamps is set.
 *  - KV: key=value and key:value pairs (Arduino plotter style, also
 *    JSON-ish {"a": 1}); each key is a named channel.
 *  - CSV: fields split by the separator detected on the first line that
 *    has one (TAB, then ';', then ','); field i is channel i. A line of
 *    non-numeric fields is a header and (re)names the channels.
 *  - REGEX: the named groups of a user pattern are the channels.
 *  - OFF: nothing.
 *
 * NaN, ±inf (also SCPI 9.91E37 / ±9.9E37) and overflow (1e999) are counted
 * and not returned; in AUTO and CSV they still take their position, so the
 * following numbers keep their channels.
 */
#pragma once

#include <glib.h>

#include "bench-types.h"

G_BEGIN_DECLS

/* At most this many channels per device; values beyond it are counted as excess. */
#define BENCH_CHANNEL_EXTRACTOR_MAX_CHANNELS 64
/* Units longer than this (in bytes) are not remembered. */
#define BENCH_CHANNEL_UNIT_MAX               15

typedef struct _BenchChannelExtractor BenchChannelExtractor;

typedef struct
{
  guint  channel;
  double value;
} BenchChannelValue;

BenchChannelExtractor   *bench_channel_extractor_new                 (BenchPlotMode           mode);
/* A REGEX-mode extractor. Fails with a G_REGEX_ERROR naming the pattern when
 * it does not compile or has no named group. */
BenchChannelExtractor   *bench_channel_extractor_new_regex           (const char             *pattern,
                                                                      GError                **error);
void                     bench_channel_extractor_free                (BenchChannelExtractor  *self);
BenchPlotMode            bench_channel_extractor_get_mode            (BenchChannelExtractor  *self);
/* The REGEX pattern, or NULL. */
const char              *bench_channel_extractor_get_pattern         (BenchChannelExtractor  *self);
gboolean                 bench_channel_extractor_get_skip_timestamps (BenchChannelExtractor  *self);
void                     bench_channel_extractor_set_skip_timestamps (BenchChannelExtractor  *self,
                                                                      gboolean                skip);
/* Scans one line (not NUL-terminated). Returns the number of values and
 * points *values at them; the array is owned by the extractor and valid
 * until the next call. A channel may appear more than once per line (KV
 * with a repeated key). */
guint                    bench_channel_extractor_extract             (BenchChannelExtractor  *self,
                                                                      const char             *text,
                                                                      gsize                   len,
                                                                      const BenchChannelValue **values);
guint                    bench_channel_extractor_get_n_channels      (BenchChannelExtractor  *self);
/* Valid UTF-8, never NULL for index < n_channels. */
const char              *bench_channel_extractor_get_channel_name    (BenchChannelExtractor  *self,
                                                                      guint                   index);
/* The first unit seen after this channel's numbers (or from a CSV header
 * such as "U [V]"), "" when none. */
const char              *bench_channel_extractor_get_channel_unit    (BenchChannelExtractor  *self,
                                                                      guint                   index);
/* Changes whenever a channel is added or renamed or a unit is learned:
 * compare it after each line to notice that cheaply. */
guint                    bench_channel_extractor_get_generation      (BenchChannelExtractor  *self);
/* The CSV separator in use, 0 until one has been seen. */
char                     bench_channel_extractor_get_separator       (BenchChannelExtractor  *self);
guint64                  bench_channel_extractor_get_n_nan           (BenchChannelExtractor  *self);
guint64                  bench_channel_extractor_get_n_inf           (BenchChannelExtractor  *self);
guint64                  bench_channel_extractor_get_n_overflow      (BenchChannelExtractor  *self);
guint64                  bench_channel_extractor_get_n_excess        (BenchChannelExtractor  *self);
/* Forgets channels, counters and the CSV separator. */
void                     bench_channel_extractor_reset               (BenchChannelExtractor  *self);

/* Parses a whole token as a number with an optional unit ("12.5", " -3e2 mV ",
 * ".5%"), locale-independently. Returns FALSE for anything else. The value
 * may be NaN or ±inf ("nan", "-inf", SCPI 9.91E37). Exposed for the tests
 * and for callers that parse user input such as axis limits. */
gboolean                 bench_channel_parse_number                  (const char             *text,
                                                                      gsize                   len,
                                                                      double                 *value);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BenchChannelExtractor, bench_channel_extractor_free)

G_END_DECLS
