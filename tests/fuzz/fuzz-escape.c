/* fuzz-escape.c - escaping, unescaping and hex on arbitrary bytes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "bench-escape.h"
#include "bench-util.h"

#include "fuzz-common.h"

static void
check_escaped (const char *escaped)
{
  const char *p;

  FUZZ_CHECK (g_utf8_validate (escaped, -1, NULL));
  for (p = escaped; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      FUZZ_CHECK (!(c < 0x20 || (c >= 0x7f && c <= 0x9f)));
    }
}

/* bench_escape_to_buffer() with @flags must write bench_escape() with the
 * quoting of @flags applied to it: in CSV a quote doubled, in JSON a quote
 * and every backslash preceded by a backslash. And nothing beyond the
 * documented worst case, nor past the end it returns. */
static void
check_to_buffer (const uint8_t    *data,
                 size_t            size,
                 const char       *escaped,
                 BenchEscapeFlags  flags)
{
  gsize max = BENCH_ESCAPE_MAX_LENGTH (size, flags);
  g_autofree guint8 *buf = g_malloc (max + 8);
  g_autoptr(GString) expected = g_string_new (NULL);
  guint8 *end;

  for (const char *p = escaped; *p != '\0'; p++)
    {
      if (*p == '"' && flags == BENCH_ESCAPE_CSV)
        g_string_append (expected, "\"\"");
      else if ((*p == '"' || *p == '\\') && flags == BENCH_ESCAPE_JSON)
        {
          g_string_append_c (expected, '\\');
          g_string_append_c (expected, *p);
        }
      else
        g_string_append_c (expected, *p);
    }

  memset (buf, 0xa5, max + 8);
  end = bench_escape_to_buffer (buf, data, size, flags);
  FUZZ_CHECK (end >= buf && (gsize) (end - buf) <= max);
  FUZZ_CHECK ((gsize) (end - buf) == expected->len);
  FUZZ_CHECK (expected->len == 0 || memcmp (buf, expected->str, expected->len) == 0);
  for (gsize i = end - buf; i < max + 8; i++)
    FUZZ_CHECK (buf[i] == 0xa5);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *escaped = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GBytes) back = NULL;
  g_autoptr(GBytes) unescaped = NULL;
  g_autoptr(GBytes) hex = NULL;
  g_autoptr(GString) out = g_string_new ("x");
  g_autoptr(GError) error = NULL;

  fuzz_init ();

  /* escape: safe output, exact length, reversible */
  escaped = bench_escape (data, size);
  check_escaped (escaped);
  FUZZ_CHECK (bench_escape_length (data, size) == strlen (escaped));
  FUZZ_CHECK (bench_escape_is_clean (data, size) ==
              (strlen (escaped) == size && (size == 0 || memcmp (escaped, data, size) == 0)));
  bench_escape_append (out, data, size);
  FUZZ_CHECK (out->len == strlen (escaped) + 1 && strcmp (out->str + 1, escaped) == 0);

  /* the writer-facing function, in each mode */
  check_to_buffer (data, size, escaped, BENCH_ESCAPE_NONE);
  check_to_buffer (data, size, escaped, BENCH_ESCAPE_CSV);
  check_to_buffer (data, size, escaped, BENCH_ESCAPE_JSON);

  back = bench_unescape (escaped, -1, &error);
  FUZZ_CHECK (error == NULL && back != NULL);
  FUZZ_CHECK (g_bytes_get_size (back) == size);
  FUZZ_CHECK (size == 0 || memcmp (g_bytes_get_data (back, NULL), data, size) == 0);

  /* unescape of arbitrary text (with its explicit length) */
  unescaped = bench_unescape ((const char *) data, (gssize) size, &error);
  if (unescaped == NULL)
    {
      FUZZ_CHECK (g_error_matches (error, BENCH_ERROR, BENCH_ERROR_INVALID_ESCAPE));
      FUZZ_CHECK (g_utf8_validate (error->message, -1, NULL));
      g_clear_error (&error);
    }
  else
    {
      /* escapes only shrink the text */
      FUZZ_CHECK (g_bytes_get_size (unescaped) <= size);
    }

  /* hex: what parses prints back to the same bytes */
  text = g_strndup ((const char *) data, size);
  hex = bench_parse_hex (text, &error);
  if (hex == NULL)
    {
      FUZZ_CHECK (g_error_matches (error, BENCH_ERROR, BENCH_ERROR_INVALID_ESCAPE));
      FUZZ_CHECK (g_utf8_validate (error->message, -1, NULL));
    }
  else
    {
      g_autoptr(GString) printed = g_string_new (NULL);
      g_autoptr(GBytes) reparsed = NULL;

      bench_hex_append (printed, g_bytes_get_data (hex, NULL), g_bytes_get_size (hex));
      reparsed = bench_parse_hex (printed->str, NULL);
      FUZZ_CHECK (reparsed != NULL && g_bytes_equal (reparsed, hex));
    }

  return 0;
}
