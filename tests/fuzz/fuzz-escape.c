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
