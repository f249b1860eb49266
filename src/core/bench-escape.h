/* bench-escape.h - the reversible escaping of device bytes (DESIGN.md §2.3)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Printable UTF-8 passes through; backslash becomes \\; TAB \t; every other
 * control byte (0x00-0x1F, 0x7F), each byte of a C1 control character
 * (U+0080-U+009F), and every byte that is not part of valid UTF-8 becomes
 * \xNN (two lower-case hex digits). The result is valid UTF-8 with no control
 * characters, so it is safe for logs, terminals, Pango (after markup escaping,
 * or as plain text) and JSON/CSV quoting.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * BenchEscapeFlags:
 * @BENCH_ESCAPE_NONE: the escaping alone, as bench_escape() writes it
 * @BENCH_ESCAPE_JSON: for the inside of a JSON string: also a quote becomes
 *   \", and every backslash the escaping writes is doubled (a backslash
 *   becomes \\\\, TAB \\t, a control byte \\xNN)
 * @BENCH_ESCAPE_CSV: for the inside of a quoted CSV field: also a quote
 *   becomes "" (RFC 4180)
 *
 * The quoting bench_escape_to_buffer() does in the same pass as the escaping.
 * JSON and CSV exclude each other.
 */
typedef enum
{
  BENCH_ESCAPE_NONE = 0,
  BENCH_ESCAPE_JSON = 1 << 0,
  BENCH_ESCAPE_CSV  = 1 << 1,
} BenchEscapeFlags;

/* The most bytes one input byte becomes with any flags: \\xNN in JSON. */
#define BENCH_ESCAPE_MAX_GROWTH 5

/* The most bytes bench_escape_to_buffer() writes for @len input bytes with
 * @flags: 5 * @len with BENCH_ESCAPE_JSON, else 4 * @len (\xNN, and "" is
 * shorter). The caller makes sure this does not overflow a gsize. */
#define BENCH_ESCAPE_MAX_LENGTH(len, flags) \
  ((gsize) (len) * (((flags) & BENCH_ESCAPE_JSON) != 0 ? 5 : 4))

/* Escapes @len bytes of @data into @out, which has room for at least
 * BENCH_ESCAPE_MAX_LENGTH (@len, @flags) bytes, and quotes the result as
 * @flags asks in the same pass. Writes no terminating NUL and nothing past
 * what it returns: the end of the output. The one implementation of the
 * rule; bench_escape_append() and the session writer use it. */
guint8  *bench_escape_to_buffer   (guint8           *out,
                                   const guint8     *data,
                                   gsize             len,
                                   BenchEscapeFlags  flags);

void     bench_escape_append      (GString          *out,
                                   const guint8     *data,
                                   gsize             len);
char    *bench_escape             (const guint8     *data,
                                   gsize             len);
/* The length bench_escape_append() would add, without writing. */
gsize    bench_escape_length      (const guint8     *data,
                                   gsize             len);
/* TRUE when the bytes would pass through unchanged. */
gboolean bench_escape_is_clean    (const guint8     *data,
                                   gsize             len);

/* Reverses bench_escape(), and also accepts the escapes users type in the
 * send box and in spec values: \\ \t \r \n \xNN (either case). Anything else
 * after a backslash is an error naming the position. */
GBytes  *bench_unescape           (const char       *text,
                                   gssize            len,
                                   GError          **error);

/* Hex mode of the send box: "48 65 6c 0d0a" (spaces optional) to bytes.
 * Spaces, tabs, newlines and colons may separate bytes; each group of digits
 * between them must have an even count. Errors are BENCH_ERROR_INVALID_ESCAPE
 * naming the position. */
GBytes  *bench_parse_hex          (const char       *text,
                                   GError          **error);
/* "48 65 6c" for the hex view: lower case, one space between bytes, none
 * before the first or after the last. */
void     bench_hex_append         (GString          *out,
                                   const guint8     *data,
                                   gsize             len);

G_END_DECLS
