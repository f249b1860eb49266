/* bench-framer.c - framer throughput on typical instrument output
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   _build/tests/bench/bench-framer [SECONDS-PER-CASE]
 *
 * Frames 16 MiB of ~30-byte lines, fed in 4 KiB (a typical tty read) and
 * 64 KiB chunks, with a callback that only counts, and prints lines/s and
 * MB/s per terminator mode. Not a test: the figures depend on the machine.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "bench-framer.h"

#define INPUT_SIZE (16 * 1024 * 1024)

typedef struct
{
  guint64 lines;
  guint64 bytes;
} Count;

static void
count_cb (const guint8  *line,
          gsize          len,
          BenchRowFlags  flags,
          gint64         first_mono,
          gint64         first_wall,
          gpointer       user_data)
{
  Count *count = user_data;

  count->lines++;
  count->bytes += len;
}

/* Lines like "T=23.456 C V=1.2345 I=0.0123" with varying digits. */
static GByteArray *
make_input (const char *terminator)
{
  GByteArray *input = g_byte_array_sized_new (INPUT_SIZE + 64);
  GRand *rand = g_rand_new_with_seed (42);

  while (input->len < INPUT_SIZE)
    {
      char line[64];
      int n = g_snprintf (line, sizeof line, "T=%2d.%03d C V=%d.%04d I=0.%04d%s",
                          g_rand_int_range (rand, 10, 40), g_rand_int_range (rand, 0, 1000),
                          g_rand_int_range (rand, 0, 10), g_rand_int_range (rand, 0, 10000),
                          g_rand_int_range (rand, 0, 10000), terminator);

      g_byte_array_append (input, (const guint8 *) line, n);
    }

  g_rand_free (rand);

  return input;
}

static void
run_case (const char *label,
          GBytes     *eol,
          const char *terminator,
          gsize       chunk,
          double      seconds)
{
  GByteArray *input = make_input (terminator);
  BenchFramer *framer = bench_framer_new (eol, 65536);
  Count count = { 0, 0 };
  guint64 fed = 0;
  gint64 start = g_get_monotonic_time ();
  gint64 elapsed;
  double secs;

  do
    {
      for (gsize pos = 0; pos < input->len; pos += chunk)
        bench_framer_feed (framer, input->data + pos, MIN (chunk, input->len - pos),
                           0, 0, count_cb, &count);
      fed += input->len;
      elapsed = g_get_monotonic_time () - start;
    }
  while (elapsed < seconds * G_USEC_PER_SEC);

  secs = elapsed / (double) G_USEC_PER_SEC;
  g_print ("%-34s %6zu B chunks  %7.1f M lines/s  %7.0f MB/s  (%.1f-byte lines)\n",
           label, chunk, count.lines / secs / 1e6, fed / secs / 1e6,
           (double) fed / (double) count.lines);

  bench_framer_free (framer);
  g_byte_array_unref (input);
}

int
main (int   argc,
      char *argv[])
{
  GBytes *lf = g_bytes_new_static ("\n", 1);
  GBytes *crlf = g_bytes_new_static ("\r\n", 2);
  double seconds = argc > 1 ? g_ascii_strtod (argv[1], NULL) : 1.0;
  static const gsize chunks[] = { 4096, 65536 };

  for (guint i = 0; i < G_N_ELEMENTS (chunks); i++)
    {
      run_case ("eol=lf, LF lines (memchr)", lf, "\n", chunks[i], seconds);
      run_case ("eol=auto, LF lines", NULL, "\n", chunks[i], seconds);
      run_case ("eol=auto, CRLF lines", NULL, "\r\n", chunks[i], seconds);
      run_case ("eol=crlf, CRLF lines (2-byte eol)", crlf, "\r\n", chunks[i], seconds);
    }

  g_bytes_unref (lf);
  g_bytes_unref (crlf);

  return EXIT_SUCCESS;
}
