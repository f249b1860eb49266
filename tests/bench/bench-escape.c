/* bench-escape.c - escaping throughput, the cost paid for every logged row
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   _build/tests/bench/bench-escape [SECONDS-PER-CASE]
 *
 * Escapes 16 MiB of input in pieces (one call per row) into a reused
 * GString and prints MB/s of input for typical ~30-byte ASCII lines, UTF-8
 * text, and random bytes; then bench_escape_is_clean(), and
 * bench_escape_to_buffer() in each mode into a plain buffer, as the session
 * writer calls it. Not a test: the figures depend on the machine.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "bench-escape.h"

#define INPUT_SIZE (16 * 1024 * 1024)

static void
run_case (const char *label,
          GByteArray *input,
          gsize       piece,
          double      seconds)
{
  GString *out = g_string_sized_new (4 * piece + 16);
  guint64 fed = 0;
  guint64 produced = 0;
  gint64 start = g_get_monotonic_time ();
  gint64 elapsed;
  double secs;

  do
    {
      for (gsize pos = 0; pos + piece <= input->len; pos += piece)
        {
          g_string_truncate (out, 0);
          bench_escape_append (out, input->data + pos, piece);
          produced += out->len;
        }
      fed += input->len - input->len % piece;
      elapsed = g_get_monotonic_time () - start;
    }
  while (elapsed < seconds * G_USEC_PER_SEC);

  secs = elapsed / (double) G_USEC_PER_SEC;
  g_print ("%-30s %5zu B rows  %7.0f MB/s  %6.1f M rows/s  (output %.2fx)\n",
           label, piece, fed / secs / 1e6, fed / (double) piece / secs / 1e6,
           (double) produced / (double) fed);

  g_string_free (out, TRUE);
}

/* bench_escape_to_buffer(), what the session writer calls per field */
static void
run_to_buffer (const char       *label,
               GByteArray       *input,
               gsize             piece,
               BenchEscapeFlags  flags,
               double            seconds)
{
  guint8 *out = g_malloc (BENCH_ESCAPE_MAX_LENGTH (piece, flags));
  guint64 fed = 0;
  guint64 produced = 0;
  gint64 start = g_get_monotonic_time ();
  gint64 elapsed;
  double secs;

  do
    {
      for (gsize pos = 0; pos + piece <= input->len; pos += piece)
        produced += bench_escape_to_buffer (out, input->data + pos, piece, flags) - out;
      fed += input->len - input->len % piece;
      elapsed = g_get_monotonic_time () - start;
    }
  while (elapsed < seconds * G_USEC_PER_SEC);

  secs = elapsed / (double) G_USEC_PER_SEC;
  g_print ("%-30s %5zu B rows  %7.0f MB/s  %6.1f M rows/s  (output %.2fx)\n",
           label, piece, fed / secs / 1e6, fed / (double) piece / secs / 1e6,
           (double) produced / (double) fed);

  g_free (out);
}

static void
run_is_clean (GByteArray *input,
              gsize       piece,
              double      seconds)
{
  guint64 fed = 0;
  guint64 clean = 0;
  gint64 start = g_get_monotonic_time ();
  gint64 elapsed;
  double secs;

  do
    {
      for (gsize pos = 0; pos + piece <= input->len; pos += piece)
        clean += bench_escape_is_clean (input->data + pos, piece);
      fed += input->len - input->len % piece;
      elapsed = g_get_monotonic_time () - start;
    }
  while (elapsed < seconds * G_USEC_PER_SEC);

  secs = elapsed / (double) G_USEC_PER_SEC;
  g_print ("%-30s %5zu B rows  %7.0f MB/s  (%" G_GUINT64_FORMAT " clean)\n",
           "is_clean, ASCII lines", piece, fed / secs / 1e6, clean);
}

int
main (int   argc,
      char *argv[])
{
  double seconds = argc > 1 ? g_ascii_strtod (argv[1], NULL) : 1.0;
  GByteArray *ascii = g_byte_array_sized_new (INPUT_SIZE);
  GByteArray *utf8 = g_byte_array_sized_new (INPUT_SIZE);
  GByteArray *random = g_byte_array_sized_new (INPUT_SIZE);
  GRand *rand = g_rand_new_with_seed (42);
  static const char * const words[] = {
    "Temperatur ", "23,5 ", "\302\260C ", "Gr\303\266\303\237e ", "\xe2\x82\xac ",
    "\xce\xa9 ", "ok ", "\xf0\x9f\x98\x80 ",
  };

  /* the same kind of ~30-byte line as bench-framer, without terminator */
  while (ascii->len < INPUT_SIZE)
    {
      char line[64];
      int n = g_snprintf (line, sizeof line, "T=%2d.%03d C V=%d.%04d I=0.%04d",
                          g_rand_int_range (rand, 10, 40), g_rand_int_range (rand, 0, 1000),
                          g_rand_int_range (rand, 0, 10), g_rand_int_range (rand, 0, 10000),
                          g_rand_int_range (rand, 0, 10000));

      g_byte_array_append (ascii, (const guint8 *) line, n);
    }
  while (utf8->len < INPUT_SIZE)
    {
      const char *w = words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))];
      g_byte_array_append (utf8, (const guint8 *) w, strlen (w));
    }
  g_byte_array_set_size (random, INPUT_SIZE);
  for (gsize i = 0; i < INPUT_SIZE; i++)
    random->data[i] = (guint8) g_rand_int_range (rand, 0, 256);

  run_case ("ASCII lines", ascii, 30, seconds);
  run_case ("ASCII lines", ascii, 4096, seconds);
  run_case ("UTF-8 text", utf8, 30, seconds);
  run_case ("UTF-8 text", utf8, 4096, seconds);
  run_case ("random bytes", random, 30, seconds);
  run_case ("random bytes", random, 4096, seconds);
  run_is_clean (ascii, 30, seconds);
  run_to_buffer ("to_buffer, ASCII lines", ascii, 30, BENCH_ESCAPE_NONE, seconds);
  run_to_buffer ("to_buffer CSV, ASCII lines", ascii, 30, BENCH_ESCAPE_CSV, seconds);
  run_to_buffer ("to_buffer JSON, ASCII lines", ascii, 30, BENCH_ESCAPE_JSON, seconds);
  run_to_buffer ("to_buffer JSON, UTF-8 text", utf8, 30, BENCH_ESCAPE_JSON, seconds);
  run_to_buffer ("to_buffer JSON, random bytes", random, 30, BENCH_ESCAPE_JSON, seconds);

  g_rand_free (rand);
  g_byte_array_unref (ascii);
  g_byte_array_unref (utf8);
  g_byte_array_unref (random);

  return EXIT_SUCCESS;
}
