/* bench-escape.c - the reversible escaping of device bytes (DESIGN.md §2.3)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * This is the one implementation of the rule: bench_escape_append() (UI,
 * CLI, specs) and the session writer (every logged row, through
 * bench_escape_to_buffer()) both run escape_to_buffer() below.
 *
 * The common case is a run of printable ASCII, which is copied eight bytes
 * at a time after one word-wide test (word_is_plain()), the last few bytes
 * of a row as an eight-byte word that overlaps the previous one. Anything
 * else goes through a table lookup per byte. A byte is one of:
 *
 *   PASS   printable ASCII other than the backslash (and, with a quoting
 *          flag, the double quote): copied
 *   BSLASH the backslash: \\
 *   TAB    \t
 *   QUOTE  the double quote, with a quoting flag: "" (CSV) or \" (JSON)
 *   HEX    a C0 control, DEL, or a byte that can never start valid UTF-8: \xNN
 *   LEAD   a byte that may start a multi-byte UTF-8 sequence; the sequence is
 *          copied when it is well formed and not a C1 control, else the lead
 *          byte alone becomes \xNN and scanning resumes at the next byte
 *
 * Strict UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing above
 * U+10FFFF, and a sequence cut off by the end of the buffer is invalid. C1
 * controls (U+0080-U+009F, encoded C2 80..C2 9F) are excluded by giving the
 * lead byte C2 the second-byte range A0..BF: C2 then becomes \xc2 and the
 * continuation byte, which is invalid on its own, \xNN.
 *
 * With BENCH_ESCAPE_JSON every backslash the escaping writes is doubled, so
 * the output is the escaped text as the inside of a JSON string; the quoting
 * is done in the same pass instead of a second one over the escaped text.
 */
#include "config.h"

#include <string.h>

#include "bench-util.h"

#include "bench-escape.h"

enum
{
  C_PASS = 0,
  C_BSLASH,
  C_TAB,
  C_QUOTE,
  C_HEX,
  C_LEAD2,
  C_LEAD3,
  C_LEAD4,
};

#define BYTE_CLASSES(QUOTE)                                     \
  {                                                             \
    [0x00 ... 0x08] = C_HEX,                                    \
    [0x09]          = C_TAB,                                    \
    [0x0a ... 0x1f] = C_HEX,                                    \
    [0x20 ... 0x21] = C_PASS,                                   \
    [0x22]          = QUOTE, /* " */                            \
    [0x23 ... 0x5b] = C_PASS,                                   \
    [0x5c]          = C_BSLASH,                                 \
    [0x5d ... 0x7e] = C_PASS,                                   \
    [0x7f]          = C_HEX,                                    \
    [0x80 ... 0xc1] = C_HEX,                                    \
    [0xc2 ... 0xdf] = C_LEAD2,                                  \
    [0xe0 ... 0xef] = C_LEAD3,                                  \
    [0xf0 ... 0xf4] = C_LEAD4,                                  \
    [0xf5 ... 0xff] = C_HEX,                                    \
  }

/* Without a quoting flag the quote passes; with one it is C_QUOTE. */
static const guint8 byte_class[256] = BYTE_CLASSES (C_PASS);
static const guint8 byte_class_quoted[256] = BYTE_CLASSES (C_QUOTE);

/* The allowed range of the second byte of a sequence, by lead byte. Later
 * bytes are always 80..BF. */
static const guint8 second_lo[256] = {
  [0xc2]          = 0xa0, /* C2 80..9F are the C1 controls */
  [0xc3 ... 0xdf] = 0x80,
  [0xe0]          = 0xa0, /* no overlongs */
  [0xe1 ... 0xec] = 0x80,
  [0xed]          = 0x80,
  [0xee ... 0xef] = 0x80,
  [0xf0]          = 0x90, /* no overlongs */
  [0xf1 ... 0xf3] = 0x80,
  [0xf4]          = 0x80,
};

static const guint8 second_hi[256] = {
  [0xc2 ... 0xdf] = 0xbf,
  [0xe0 ... 0xec] = 0xbf,
  [0xed]          = 0x9f, /* no surrogates */
  [0xee ... 0xef] = 0xbf,
  [0xf0 ... 0xf3] = 0xbf,
  [0xf4]          = 0x8f, /* nothing above U+10FFFF */
};

static const char hex_digits[] = "0123456789abcdef";

static inline gboolean
is_cont (guint8 byte)
{
  return (byte & 0xc0) == 0x80;
}

/* The length of the well-formed, non-C1 sequence starting at p (whose first
 * byte has class C_LEAD2..4), or 0 when the lead byte must be escaped. */
static inline gsize
utf8_sequence_length (const guint8 *p,
                      const guint8 *end,
                      guint8        cls)
{
  gsize n = (gsize) cls - C_LEAD2 + 2;

  if ((gsize) (end - p) < n)
    return 0;
  if (p[1] < second_lo[p[0]] || p[1] > second_hi[p[0]])
    return 0;
  if (n >= 3 && !is_cont (p[2]))
    return 0;
  if (n == 4 && !is_cont (p[3]))
    return 0;

  return n;
}

#define ONES  G_GUINT64_CONSTANT (0x0101010101010101)
#define HIGHS (ONES * 0x80)

/* The high bit of each byte that is zero, and maybe of some bytes above a
 * zero byte (borrows), which is exact as an "any zero byte" test. */
static inline guint64
zero_bytes (guint64 x)
{
  return (x - ONES) & ~x & HIGHS;
}

/* TRUE when all eight bytes are C_PASS: 0x20..0x7e, no backslash, and no
 * quote when @quoted. */
static inline gboolean
word_is_plain (guint64  x,
               gboolean quoted)
{
  guint64 below_space = (x - ONES * 0x20) & ~x & HIGHS;
  guint64 above_tilde = ((x + ONES) | x) & HIGHS;
  guint64 special = zero_bytes (x ^ (ONES * '\\'));

  if (quoted)
    special |= zero_bytes (x ^ (ONES * '"'));

  return (below_space | above_tilde | special) == 0;
}

/* A backslash of an escape: doubled for JSON. */
static inline guint8 *
put_backslash (guint8   *dst,
               gboolean  json)
{
  *dst++ = '\\';
  if (json)
    *dst++ = '\\';
  return dst;
}

static inline guint8 *
put_hex (guint8   *dst,
         guint8    byte,
         gboolean  json)
{
  dst = put_backslash (dst, json);
  dst[0] = 'x';
  dst[1] = hex_digits[byte >> 4];
  dst[2] = hex_digits[byte & 0xf];
  return dst + 3;
}

/* The escaping with the quoting of @flags (a constant in each caller below,
 * so that each mode gets its own loop). */
G_ALWAYS_INLINE static inline guint8 *
escape_to_buffer (guint8           *dst,
                  const guint8     *p,
                  gsize             len,
                  BenchEscapeFlags  flags)
{
  const gboolean json = (flags & BENCH_ESCAPE_JSON) != 0;
  const gboolean quoted = (flags & (BENCH_ESCAPE_JSON | BENCH_ESCAPE_CSV)) != 0;
  const guint8 *classes = quoted ? byte_class_quoted : byte_class;
  const guint8 *end = p + len;

  while (p < end)
    {
      guint8 c = *p;
      guint8 cls = classes[c];

      if (cls == C_PASS)
        {
          /* instruments mostly send printable ASCII: eight bytes at a time
           * (tried only where a plain byte starts, so that binary data does
           * not pay for a word test per escape) */
          if ((gsize) (end - p) >= 8)
            {
              const guint8 *run = p;
              gsize rest;
              guint64 x;

              do
                {
                  memcpy (&x, p, 8);
                  if (!word_is_plain (x, quoted))
                    break;
                  memcpy (dst, &x, 8);
                  dst += 8;
                  p += 8;
                }
              while ((gsize) (end - p) >= 8);

              /* Fewer than eight bytes left after a plain word: the last
               * eight bytes overlap it, so when they are plain too, storing
               * them over the end of the output finishes without a byte
               * loop. */
              rest = (gsize) (end - p);
              if (rest != 0 && rest < 8 && p != run)
                {
                  memcpy (&x, end - 8, 8);
                  if (word_is_plain (x, quoted))
                    {
                      memcpy (dst + rest - 8, &x, 8);
                      dst += rest;
                      break;
                    }
                }
            }

          /* then a byte at a time up to the next byte that is not copied */
          while (p < end && classes[*p] == C_PASS)
            *dst++ = *p++;
          if (p == end)
            break;

          c = *p;
          cls = classes[c];
        }

      switch (cls)
        {
        case C_BSLASH:
          dst = put_backslash (dst, json);
          dst = put_backslash (dst, json);
          p++;
          break;

        case C_TAB:
          dst = put_backslash (dst, json);
          *dst++ = 't';
          p++;
          break;

        case C_QUOTE:
          dst[0] = json ? '\\' : '"';
          dst[1] = '"';
          dst += 2;
          p++;
          break;

        case C_LEAD2:
          if (end - p >= 2 && p[1] >= second_lo[c] && p[1] <= second_hi[c])
            {
              dst[0] = c;
              dst[1] = p[1];
              dst += 2;
              p += 2;
              break;
            }
          dst = put_hex (dst, c, json);
          p++;
          break;

        case C_LEAD3:
          if (utf8_sequence_length (p, end, cls) != 0)
            {
              dst[0] = c;
              dst[1] = p[1];
              dst[2] = p[2];
              dst += 3;
              p += 3;
              break;
            }
          dst = put_hex (dst, c, json);
          p++;
          break;

        case C_LEAD4:
          if (utf8_sequence_length (p, end, cls) != 0)
            {
              memcpy (dst, p, 4);
              dst += 4;
              p += 4;
              break;
            }
          dst = put_hex (dst, c, json);
          p++;
          break;

        case C_PASS:
          g_assert_not_reached ();
          break;

        case C_HEX:
        default:
          dst = put_hex (dst, c, json);
          p++;
          break;
        }
    }

  return dst;
}

/* One copy of the loop per mode, each with only the registers it needs;
 * bench_escape_to_buffer() checks its arguments and jumps to one. */
static G_NO_INLINE guint8 *
escape_plain (guint8       *out,
              const guint8 *data,
              gsize         len)
{
  return escape_to_buffer (out, data, len, BENCH_ESCAPE_NONE);
}

static G_NO_INLINE guint8 *
escape_json (guint8       *out,
             const guint8 *data,
             gsize         len)
{
  return escape_to_buffer (out, data, len, BENCH_ESCAPE_JSON);
}

static G_NO_INLINE guint8 *
escape_csv (guint8       *out,
            const guint8 *data,
            gsize         len)
{
  return escape_to_buffer (out, data, len, BENCH_ESCAPE_CSV);
}

guint8 *
bench_escape_to_buffer (guint8           *out,
                        const guint8     *data,
                        gsize             len,
                        BenchEscapeFlags  flags)
{
  g_return_val_if_fail (out != NULL, NULL);
  g_return_val_if_fail (data != NULL || len == 0, out);

  switch ((guint) flags)
    {
    case BENCH_ESCAPE_NONE:
      return escape_plain (out, data, len);

    case BENCH_ESCAPE_JSON:
      return escape_json (out, data, len);

    case BENCH_ESCAPE_CSV:
      return escape_csv (out, data, len);

    default:
      g_return_val_if_reached (out);
    }
}

/* Long input is escaped in blocks so that the worst-case reservation stays
 * small. */
#define ESCAPE_BLOCK 16384

void
bench_escape_append (GString      *out,
                     const guint8 *data,
                     gsize         len)
{
  const guint8 *p = data;
  const guint8 *end = data + len;

  g_return_if_fail (out != NULL);
  g_return_if_fail (data != NULL || len == 0);

  while (p < end)
    {
      gsize n = MIN ((gsize) (end - p), ESCAPE_BLOCK);
      gsize old_len = out->len;
      guint8 *dst;

      /* Never cut a well-formed sequence in two, or it would be escaped as
       * invalid: the block ends just before a byte that is not a
       * continuation byte, up to three bytes before the limit. A sequence
       * that starts before such a byte ends before it, and a malformed one
       * is escaped the same either way. When the byte at the limit and the
       * three before it are all continuation bytes, no well-formed sequence
       * spans the limit, and the block ends there. */
      if (p + n < end)
        {
          gsize cut = n;

          while (cut > n - 3 && is_cont (p[cut]))
            cut--;
          if (!is_cont (p[cut]))
            n = cut;
        }

      g_string_set_size (out, old_len + BENCH_ESCAPE_MAX_LENGTH (n, BENCH_ESCAPE_NONE));
      dst = escape_plain ((guint8 *) out->str + old_len, p, n);
      g_string_truncate (out, (gsize) ((char *) dst - out->str));
      p += n;
    }
}

char *
bench_escape (const guint8 *data,
              gsize         len)
{
  GString *out;

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  out = g_string_sized_new (len + 16);
  bench_escape_append (out, data, len);

  return g_string_free (out, FALSE);
}

gsize
bench_escape_length (const guint8 *data,
                     gsize         len)
{
  const guint8 *p = data;
  const guint8 *end = data + len;
  gsize total = 0;

  g_return_val_if_fail (data != NULL || len == 0, 0);

  while (p < end)
    {
      guint8 cls = byte_class[*p];
      gsize n;

      switch (cls)
        {
        case C_PASS:
          total++;
          p++;
          break;

        case C_BSLASH:
        case C_TAB:
          total += 2;
          p++;
          break;

        case C_LEAD2:
        case C_LEAD3:
        case C_LEAD4:
          n = utf8_sequence_length (p, end, cls);
          if (n != 0)
            {
              total += n;
              p += n;
              break;
            }
          G_GNUC_FALLTHROUGH;

        case C_HEX:
        default:
          total += 4;
          p++;
          break;
        }
    }

  return total;
}

gboolean
bench_escape_is_clean (const guint8 *data,
                       gsize         len)
{
  const guint8 *p = data;
  const guint8 *end = data + len;

  g_return_val_if_fail (data != NULL || len == 0, FALSE);

  while (p < end)
    {
      guint8 cls;

      while ((gsize) (end - p) >= 8)
        {
          guint64 x;

          memcpy (&x, p, 8);
          if (!word_is_plain (x, FALSE))
            break;
          p += 8;
        }
      if (p == end)
        break;

      cls = byte_class[*p];
      if (cls == C_PASS)
        {
          p++;
        }
      else if (cls >= C_LEAD2)
        {
          gsize n = utf8_sequence_length (p, end, cls);

          if (n == 0)
            return FALSE;
          p += n;
        }
      else
        {
          return FALSE;
        }
    }

  return TRUE;
}

/* 1-based character position of p in text; bytes of invalid UTF-8 count as
 * one character each. */
static gsize
char_position (const char *text,
               const char *p)
{
  gsize pos = 1;

  g_assert (p >= text);

  for (; text < p; text++)
    if (((guchar) *text & 0xc0) != 0x80)
      pos++;

  return pos;
}

/* Appends up to n_chars characters from p for an error message: printable
 * characters as they are, anything else as U+FFFD, so the message is valid
 * UTF-8 without control characters. Returns the end of what was shown. */
static const char *
append_for_message (GString    *out,
                    const char *p,
                    const char *end,
                    guint       n_chars)
{
  g_assert (out != NULL);
  g_assert (p <= end);

  while (n_chars-- > 0 && p < end)
    {
      gunichar c = g_utf8_get_char_validated (p, end - p);

      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          g_string_append_unichar (out, 0xfffd);
          p++;
        }
      else
        {
          if (g_unichar_isprint (c))
            g_string_append_unichar (out, c);
          else
            g_string_append_unichar (out, 0xfffd);
          p = g_utf8_next_char (p);
        }
    }

  return p;
}

static void
set_escape_error (GError     **error,
                  const char  *text,
                  const char  *bad,
                  const char  *end,
                  guint        n_chars,
                  const char  *hint)
{
  g_autoptr(GString) seq = g_string_new ("\\");

  g_assert (*bad == '\\');

  append_for_message (seq, bad + 1, end, n_chars);
  g_set_error (error, BENCH_ERROR, BENCH_ERROR_INVALID_ESCAPE,
               "Invalid escape “%s” at position %" G_GSIZE_FORMAT ": %s",
               seq->str, char_position (text, bad), hint);
}

GBytes *
bench_unescape (const char  *text,
                gssize       len,
                GError     **error)
{
  g_autoptr(GByteArray) out = NULL;
  const char *p;
  const char *end;

  g_return_val_if_fail (text != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (text == NULL)
    return g_bytes_new (NULL, 0);
  if (len < 0)
    len = strlen (text);

  out = g_byte_array_sized_new (len);
  p = text;
  end = text + len;

  while (p < end)
    {
      const char *bs = memchr (p, '\\', end - p);
      int hi, lo;

      if (bs == NULL)
        {
          g_byte_array_append (out, (const guint8 *) p, end - p);
          break;
        }
      if (bs != p)
        g_byte_array_append (out, (const guint8 *) p, bs - p);

      if (bs + 1 == end)
        {
          set_escape_error (error, text, bs, end, 0,
                            "a backslash at the end must be written as \\\\");
          return NULL;
        }

      switch (bs[1])
        {
        case '\\':
          g_byte_array_append (out, (const guint8 *) "\\", 1);
          p = bs + 2;
          break;

        case 't':
          g_byte_array_append (out, (const guint8 *) "\t", 1);
          p = bs + 2;
          break;

        case 'r':
          g_byte_array_append (out, (const guint8 *) "\r", 1);
          p = bs + 2;
          break;

        case 'n':
          g_byte_array_append (out, (const guint8 *) "\n", 1);
          p = bs + 2;
          break;

        case 'x':
          hi = bs + 2 < end ? g_ascii_xdigit_value (bs[2]) : -1;
          lo = bs + 3 < end ? g_ascii_xdigit_value (bs[3]) : -1;
          if (hi < 0 || lo < 0)
            {
              set_escape_error (error, text, bs, end, 3,
                                "\\x must be followed by two hex digits, as in \\x0d");
              return NULL;
            }
          else
            {
              guint8 byte = (guint8) (hi << 4 | lo);
              g_byte_array_append (out, &byte, 1);
              p = bs + 4;
            }
          break;

        default:
          set_escape_error (error, text, bs, end, 1,
                            "expected \\\\, \\t, \\r, \\n or \\xNN");
          return NULL;
        }
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

static gboolean
is_hex_separator (char c)
{
  return c == ' ' || c == ':' || c == '\t' || c == '\n' || c == '\r';
}

GBytes *
bench_parse_hex (const char  *text,
                 GError     **error)
{
  g_autoptr(GByteArray) out = NULL;
  const char *p;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  out = g_byte_array_sized_new (strlen (text) / 2);
  p = text;

  while (*p != '\0')
    {
      const char *group;

      if (is_hex_separator (*p))
        {
          p++;
          continue;
        }

      /* A group of digits between separators: an even number of them. */
      group = p;
      while (*p != '\0' && !is_hex_separator (*p))
        {
          if (g_ascii_xdigit_value (*p) < 0)
            {
              g_autoptr(GString) shown = g_string_new (NULL);

              append_for_message (shown, p, p + strlen (p), 1);
              g_set_error (error, BENCH_ERROR, BENCH_ERROR_INVALID_ESCAPE,
                           "Invalid character “%s” in hex at position %" G_GSIZE_FORMAT
                           ": expected hex digits 0-9 and a-f, separated by spaces or colons",
                           shown->str, char_position (text, p));
              return NULL;
            }
          p++;
        }

      if ((p - group) % 2 != 0)
        {
          g_autoptr(GString) shown = g_string_new (NULL);

          append_for_message (shown, group, p, 32);
          if (p - group > 32)
            g_string_append (shown, "…");
          g_set_error (error, BENCH_ERROR, BENCH_ERROR_INVALID_ESCAPE,
                       "Odd number of hex digits in “%s” at position %" G_GSIZE_FORMAT
                       ": each byte needs two digits, as in 0d 0a",
                       shown->str, char_position (text, group));
          return NULL;
        }

      for (; group < p; group += 2)
        {
          guint8 byte = (guint8) (g_ascii_xdigit_value (group[0]) << 4 |
                                  g_ascii_xdigit_value (group[1]));
          g_byte_array_append (out, &byte, 1);
        }
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

void
bench_hex_append (GString      *out,
                  const guint8 *data,
                  gsize         len)
{
  gsize old_len;
  char *dst;

  g_return_if_fail (out != NULL);
  g_return_if_fail (data != NULL || len == 0);

  if (len == 0)
    return;

  old_len = out->len;
  g_string_set_size (out, old_len + len * 3 - 1);
  dst = out->str + old_len;

  for (gsize i = 0; i < len; i++)
    {
      if (i > 0)
        *dst++ = ' ';
      *dst++ = hex_digits[data[i] >> 4];
      *dst++ = hex_digits[data[i] & 0xf];
    }
}
