/* bench-writer.c - throughput of the session log writer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Appends N rows (default 2,000,000) of ~30-byte and of ~200-byte lines from
 * two devices, for each format, to a file in $TMPDIR and to /dev/null, and
 * prints rows/s and MB/s from the first append until close() returns, which
 * is formatting plus writing (the main thread only copies, and the bound on
 * pending bytes is lifted so nothing is dropped). The lines imitate
 * ../shared/bench/ptygen's "short" and "long" kinds.
 *
 *   ninja -C _build tests/bench/bench-writer && _build/tests/bench/bench-writer [ROWS]
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "bench-session-writer.h"
#include "bench-util.h"

#define N_LINES 4096

typedef struct
{
  char  *text[N_LINES];
  gsize  len[N_LINES];
  double mean_len;
} Lines;

static void
make_lines (Lines    *lines,
            gboolean  long_lines)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (1234);
  gsize total = 0;

  for (guint i = 0; i < N_LINES; i++)
    {
      GString *s = g_string_new (NULL);
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      if (!long_lines)
        {
          /* "12.345,0.001234,-3.200e-05,17" */
          g_string_append (s, g_ascii_formatd (buf, sizeof buf, "%.3f", g_rand_double_range (rand, 0, 100)));
          g_string_append_c (s, ',');
          g_string_append (s, g_ascii_formatd (buf, sizeof buf, "%.6f", g_rand_double_range (rand, 0, 0.01)));
          g_string_append_c (s, ',');
          g_string_append (s, g_ascii_formatd (buf, sizeof buf, "%.3e", g_rand_double_range (rand, -1e-4, 1e-4)));
          g_string_append_printf (s, ",%d", g_rand_int_range (rand, 0, 100));
        }
      else
        {
          /* an index and 15 channels */
          g_string_append_printf (s, "%u", i);
          for (guint c = 0; c < 15; c++)
            {
              g_string_append_c (s, ',');
              g_string_append (s, g_ascii_formatd (buf, sizeof buf, "%.6e",
                                                   g_rand_double_range (rand, -1000, 1000)));
            }
        }
      lines->len[i] = s->len;
      lines->text[i] = g_string_free (s, FALSE);
      total += lines->len[i];
    }
  lines->mean_len = (double) total / N_LINES;
}

static void
run (const char     *target,
     BenchLogFormat  format,
     const Lines    *lines,
     const char     *kind,
     guint           n_rows)
{
  g_autoptr(BenchSessionWriter) writer = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start_mono = bench_now_mono ();
  gint64 wall = bench_now_wall ();
  gint64 t0, t1, t_append;
  guint64 in_bytes = 0;
  guint sources[2];
  double secs;

  writer = bench_session_writer_new_for_path (target, format, start_mono, &error);
  g_assert_no_error (error);
  bench_session_writer_set_max_pending (writer, G_MAXSIZE);
  sources[0] = bench_session_writer_add_source (writer, "dmm");
  sources[1] = bench_session_writer_add_source (writer, "scope");

  t0 = g_get_monotonic_time ();
  for (guint i = 0; i < n_rows; i++)
    {
      guint k = i % N_LINES;
      BenchRow row = {
        .seq = i / 2,
        .mono_us = start_mono + (gint64) i * 7,
        .wall_us = wall + (gint64) i * 7,
        .text = (const guint8 *) lines->text[k],
        .len = lines->len[k],
        .direction = i % 50 == 0 ? BENCH_DIRECTION_TX : BENCH_DIRECTION_RX,
      };

      bench_session_writer_append (writer, sources[i & 1], &row);
      in_bytes += row.len;
    }
  t_append = g_get_monotonic_time () - t0;
  if (!bench_session_writer_close (writer, &error))
    g_error ("%s", error->message);
  t1 = g_get_monotonic_time ();

  g_assert_cmpuint (bench_session_writer_get_rows_dropped (writer), ==, 0);
  g_assert_cmpuint (bench_session_writer_get_rows_written (writer), ==, n_rows);

  secs = (t1 - t0) / 1e6;
  g_print ("%-9s %-5s %-5s %5.0f %9.0f %10.2f %9.1f %9.1f %10.1f\n",
           target[0] == '/' && strcmp (target, "/dev/null") == 0 ? "/dev/null" : "file",
           bench_log_format_to_string (format), kind, lines->mean_len,
           secs * 1e3, n_rows / secs / 1e6,
           bench_session_writer_get_bytes_written (writer) / secs / 1e6,
           in_bytes / secs / 1e6,
           t_append * 1e3 / n_rows);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  guint n_rows = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 2000000;
  Lines short_lines, long_lines;

  dir = g_dir_make_tmp ("bench-writer-XXXXXX", &error);
  g_assert_no_error (error);
  make_lines (&short_lines, FALSE);
  make_lines (&long_lines, TRUE);

  g_print ("%u rows per run; time from the first append until close() returns\n", n_rows);
  g_print ("%-9s %-5s %-5s %5s %9s %10s %9s %9s %10s\n",
           "target", "fmt", "lines", "bytes", "ms", "Mrows/s", "MB/s out", "MB/s in", "append ns");

  for (guint t = 0; t < 2; t++)
    {
      for (BenchLogFormat format = BENCH_LOG_TEXT; format <= BENCH_LOG_JSONL; format++)
        {
          for (guint k = 0; k < 2; k++)
            {
              g_autofree char *name = g_strdup_printf ("out.%s", bench_log_format_to_string (format));
              g_autofree char *path = g_build_filename (dir, name, NULL);

              run (t == 0 ? path : "/dev/null", format, k == 0 ? &short_lines : &long_lines,
                   k == 0 ? "short" : "long", n_rows);
              g_unlink (path);
            }
        }
    }

  g_rmdir (dir);
  for (guint i = 0; i < N_LINES; i++)
    {
      g_free (short_lines.text[i]);
      g_free (long_lines.text[i]);
    }

  return 0;
}
