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

void     bench_escape_append      (GString       *out,
                                   const guint8  *data,
                                   gsize          len);
char    *bench_escape             (const guint8  *data,
                                   gsize          len);
/* The length bench_escape_append() would add, without writing. */
gsize    bench_escape_length      (const guint8  *data,
                                   gsize          len);
/* TRUE when the bytes would pass through unchanged. */
gboolean bench_escape_is_clean    (const guint8  *data,
                                   gsize          len);

/* Reverses bench_escape(), and also accepts the escapes users type in the
 * send box and in spec values: \\ \t \r \n \xNN (either case). Anything else
 * after a backslash is an error naming the position. */
GBytes  *bench_unescape           (const char    *text,
                                   gssize         len,
                                   GError       **error);

/* Hex mode of the send box: "48 65 6c 0d0a" (spaces optional) to bytes.
 * Spaces, tabs, newlines and colons may separate bytes; each group of digits
 * between them must have an even count. Errors are BENCH_ERROR_INVALID_ESCAPE
 * naming the position. */
GBytes  *bench_parse_hex          (const char    *text,
                                   GError       **error);
/* "48 65 6c" for the hex view: lower case, one space between bytes, none
 * before the first or after the last. */
void     bench_hex_append         (GString       *out,
                                   const guint8  *data,
                                   gsize          len);

G_END_DECLS
