/* bench-plot.c - plot figures: ingest, memory per sample, frame time
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   xvfb-run -a -s "-screen 0 1920x1080x24" dbus-run-session -- _build/tests/bench/bench-plot
 *   (GSK_RENDERER=cairo for the cairo renderer, the default is GL on llvmpipe under Xvfb)
 *
 * 8 channels × 1,000,000 samples, a plot of 1600 × 600:
 *  - extraction alone and ingest (extraction + series append) from CSV lines;
 *  - bytes per stored sample, exact (allocations) and as an RSS delta;
 *  - frame time, p50/p99 over 240 frames: the widget's own draw code
 *    (bench_plot_render_node(), which the snapshot vfunc also runs), then
 *    that node rasterised by cairo into a 1600×600 surface kept across
 *    frames (what GskCairoRenderer does for a window), and separately by the
 *    window's GskRenderer into a new texture (adds a texture per frame);
 *  - ingest while the plot renders a frame every 16.7 ms (one thread, as on
 *    the main loop), with the frame times of that phase.
 * Not measured here: the drain rate of a flooding pty device with its plot
 * visible, which needs the device engine and the window.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <adwaita.h>

#include "bench-channel-extractor.h"
#include "bench-channel-set.h"
#include "bench-plot.h"
#include "bench-test-util.h"

#define N_CHANNELS 8
#define N_POINTS   1000000
#define WIDTH      1600
#define HEIGHT     600
#define N_FRAMES   240
#define POOL_LINES 65536
#define RATE_US    100       /* one line per 100 µs: 1,000,000 lines = 100 s */
#define LINES_PER_FRAME 167  /* 10,000 lines/s at 60 frames/s */

typedef struct
{
  char  **lines;
  gsize  *lens;
  gsize   bytes;
} Pool;

/* Instrument-looking CSV: fixed, scientific and integer forms mixed.
 * typical: slow signals (periods of 5 to 60 s) with 1 % noise and a rare
 * spike; worst: fast ones, so that zoomed out every pixel column spans a
 * large part of the plot's height (the most pixels to fill). */
static void
pool_init (Pool     *pool,
           gboolean  worst)
{
  GRand *rand = g_rand_new_with_seed (1234);

  pool->lines = g_new (char *, POOL_LINES);
  pool->lens = g_new (gsize, POOL_LINES);
  pool->bytes = 0;

  for (guint i = 0; i < POOL_LINES; i++)
    {
      GString *line = g_string_new (NULL);
      double s = i * RATE_US / 1e6;

      for (guint c = 0; c < N_CHANNELS; c++)
        {
          char buf[G_ASCII_DTOSTR_BUF_SIZE];
          double v;

          if (worst)
            v = sin (s * (c + 1) * 3.1) * (c + 1) + g_rand_double_range (rand, -0.05, 0.05);
          else
            v = sin (s * 6.283 / (5 + 7 * c) + c) * (c + 1) + g_rand_double_range (rand, -0.01, 0.01) * (c + 1) +
                (g_rand_int_range (rand, 0, 20000) == 0 ? 3 * (c + 1) : 0);

          if (c % 3 == 0)
            g_ascii_formatd (buf, sizeof buf, "%.6f", v);
          else if (c % 3 == 1)
            g_ascii_formatd (buf, sizeof buf, "%+.5e", v * 1e-3);
          else
            g_snprintf (buf, sizeof buf, "%d", (int) (v * 1000));
          if (c > 0)
            g_string_append_c (line, ',');
          g_string_append (line, buf);
        }
      pool->lens[i] = line->len;
      pool->bytes += line->len;
      pool->lines[i] = g_string_free (line, FALSE);
    }

  g_rand_free (rand);
}

static int
compare_double (const void *a,
                const void *b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
percentile (double *values,
            guint   n,
            double  p)
{
  guint i;

  qsort (values, n, sizeof *values, compare_double);
  i = (guint) ceil (p / 100.0 * n) - 1;
  return values[MIN (i, n - 1)];
}

static void
fill (BenchChannelSet *set,
      Pool            *pool,
      gint64           start,
      guint            first,
      guint            n)
{
  for (guint i = first; i < first + n; i++)
    {
      gint64 mono = start + (gint64) i * RATE_US;

      bench_channel_set_push_line (set, mono, mono, pool->lines[i % POOL_LINES], pool->lens[i % POOL_LINES]);
    }
}

typedef struct
{
  double build_p50, build_p99;     /* the node: decimation, paths, labels */
  double cairo_p50, cairo_p99;     /* node + cairo into a kept 1600×600 surface */
  double texture_p50, texture_p99; /* node + the window's renderer into a new texture */
} FrameStats;

/* One frame: the plot's draw code builds the node (what the snapshot vfunc
 * does), then it is rasterised (a) with cairo into a surface kept across
 * frames, as GskCairoRenderer does into a window, and (b) by the window's
 * own GskRenderer into a fresh texture. */
static void
measure_frames (BenchPlot       *plot,
                BenchChannelSet *set,
                Pool            *pool,
                gint64           start,
                guint           *next_line,
                GskRenderer     *renderer,
                cairo_surface_t *surface,
                guint            n_frames,
                FrameStats      *stats)
{
  double *build = g_new (double, n_frames);
  double *with_cairo = g_new (double, n_frames);
  double *with_texture = g_new (double, n_frames);

  for (guint i = 0; i < n_frames; i++)
    {
      gint64 a, b, c, d, e;
      GskRenderNode *node;
      GdkTexture *texture;
      cairo_t *cr;

      /* a live plot: new lines before every frame, so nothing is reused
       * (@set NULL: an unchanged plot, redrawn from the kept nodes) */
      if (set != NULL)
        {
          fill (set, pool, start, *next_line, LINES_PER_FRAME);
          *next_line += LINES_PER_FRAME;
          bench_channel_set_flush (set);
        }

      a = g_get_monotonic_time ();
      node = bench_plot_render_node (plot, WIDTH, HEIGHT);
      b = g_get_monotonic_time ();
      cr = cairo_create (surface);
      gsk_render_node_draw (node, cr);
      cairo_destroy (cr);
      cairo_surface_flush (surface);
      c = g_get_monotonic_time ();
      gsk_render_node_unref (node);

      if (set != NULL)
        {
          fill (set, pool, start, *next_line, LINES_PER_FRAME);
          *next_line += LINES_PER_FRAME;
          bench_channel_set_flush (set);
        }

      d = g_get_monotonic_time ();
      node = bench_plot_render_node (plot, WIDTH, HEIGHT);
      texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, WIDTH, HEIGHT));
      e = g_get_monotonic_time ();
      g_object_unref (texture);
      gsk_render_node_unref (node);

      build[i] = (b - a) / 1000.0;
      with_cairo[i] = (c - a) / 1000.0;
      with_texture[i] = (e - d) / 1000.0;
    }

  stats->build_p50 = percentile (build, n_frames, 50);
  stats->build_p99 = percentile (build, n_frames, 99);
  stats->cairo_p50 = percentile (with_cairo, n_frames, 50);
  stats->cairo_p99 = percentile (with_cairo, n_frames, 99);
  stats->texture_p50 = percentile (with_texture, n_frames, 50);
  stats->texture_p99 = percentile (with_texture, n_frames, 99);

  g_free (build);
  g_free (with_cairo);
  g_free (with_texture);
}

static void
print_frames (const char       *what,
              const FrameStats *s)
{
  g_print ("  frame, %s:\n"
           "      draw (node)              p50 %6.2f  p99 %6.2f ms\n"
           "      draw + cairo raster      p50 %6.2f  p99 %6.2f ms   target p99 <= 8 ms\n"
           "      draw + renderer->texture  p50 %6.2f  p99 %6.2f ms\n",
           what, s->build_p50, s->build_p99, s->cairo_p50, s->cairo_p99, s->texture_p50, s->texture_p99);
}

int
main (int   argc,
      char *argv[])
{
  Pool pool;
  g_autoptr(BenchChannelSet) set = NULL;
  BenchPlot *plot;
  GtkWidget *window;
  GskRenderer *renderer;
  gint64 start = g_get_monotonic_time ();
  gint64 a, b;
  gsize rss0, rss1;
  gsize exact = 0;
  guint64 stored = 0;
  guint64 values = 0;
  FrameStats stats;
  cairo_surface_t *surface;
  Pool worst;
  guint next_line = 0;

  gtk_disable_setlocale ();
  if (!gtk_init_check ())
    {
      g_printerr ("bench-plot needs a display (run it under xvfb-run)\n");
      return 77;
    }
  adw_init ();

  g_print ("bench-plot: %d channels x %d samples, plot %dx%d\n", N_CHANNELS, N_POINTS, WIDTH, HEIGHT);
  pool_init (&pool, FALSE);
  pool_init (&worst, TRUE);
  g_print ("  lines: CSV, %.1f bytes each on average, e.g. %s\n",
           (double) pool.bytes / POOL_LINES, pool.lines[1]);

  /* extraction alone */
  {
    g_autoptr(BenchChannelExtractor) ex = bench_channel_extractor_new (BENCH_PLOT_CSV);

    a = g_get_monotonic_time ();
    for (guint i = 0; i < N_POINTS; i++)
      {
        const BenchChannelValue *v;

        values += bench_channel_extractor_extract (ex, pool.lines[i % POOL_LINES], pool.lens[i % POOL_LINES], &v);
      }
    b = g_get_monotonic_time ();
    g_print ("  extraction only:         %6.2f M values/s  (%.2f M lines/s)\n",
             values / ((b - a) / 1e6) / 1e6, N_POINTS / ((b - a) / 1e6) / 1e6);
  }

  /* ingest: extraction + series append, the rings filled exactly */
  rss0 = bench_test_rss_kib ();
  set = bench_channel_set_new (BENCH_PLOT_CSV);
  a = g_get_monotonic_time ();
  fill (set, &pool, start, 0, N_POINTS);
  b = g_get_monotonic_time ();
  bench_channel_set_flush (set);
  rss1 = bench_test_rss_kib ();
  next_line = N_POINTS;

  for (guint c = 0; c < bench_channel_set_get_n_channels (set); c++)
    {
      BenchSeries *series = bench_channel_get_series (bench_channel_set_get_channel (set, c));

      exact += bench_series_get_memory_size (series);
      stored += bench_series_get_length (series);
    }

  g_print ("  ingest (extract+append): %6.2f M samples/s  (%.2f M lines/s)   target >= 2 M samples/s\n",
           stored / ((b - a) / 1e6) / 1e6, N_POINTS / ((b - a) / 1e6) / 1e6);
  g_print ("  bytes per stored sample: %6.2f exact, %.2f by RSS delta (%" G_GUINT64_FORMAT " samples)   target <= 20\n",
           (double) exact / stored, (double) (rss1 - rss0) * 1024 / stored, stored);

  /* frames */
  plot = BENCH_PLOT (bench_plot_new ());
  bench_plot_set_session_start (plot, start);
  bench_plot_add_channel_set (plot, set);
  bench_plot_set_time_window (plot, BENCH_PLOT_WINDOW_ALL);
  gtk_widget_set_size_request (GTK_WIDGET (plot), WIDTH, HEIGHT);
  window = gtk_window_new ();
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (plot));
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (window);
  renderer = gtk_native_get_renderer (GTK_NATIVE (window));
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);

  g_print ("  frames: %d each, renderer %s; live: %d new lines before every frame\n",
           N_FRAMES, G_OBJECT_TYPE_NAME (renderer), LINES_PER_FRAME);

  measure_frames (plot, set, &pool, start, &next_line, renderer, surface, N_FRAMES, &stats);
  print_frames ("typical signals, live, window all (1,000,000 samples per trace)", &stats);
  measure_frames (plot, NULL, &pool, start, &next_line, renderer, surface, N_FRAMES, &stats);
  print_frames ("typical signals, unchanged (hover, paused), window all", &stats);
  bench_plot_set_time_window (plot, BENCH_PLOT_WINDOW_10S);
  measure_frames (plot, set, &pool, start, &next_line, renderer, surface, N_FRAMES, &stats);
  print_frames ("typical signals, live, window 10 s (100,000 samples per trace)", &stats);

  /* the worst case: every column a tall bar */
  bench_plot_remove_channel_set (plot, set);
  g_clear_object (&set);
  set = bench_channel_set_new (BENCH_PLOT_CSV);
  fill (set, &worst, start, 0, N_POINTS);
  bench_channel_set_flush (set);
  next_line = N_POINTS;
  bench_plot_add_channel_set (plot, set);
  bench_plot_set_time_window (plot, BENCH_PLOT_WINDOW_ALL);
  measure_frames (plot, set, &worst, start, &next_line, renderer, surface, N_FRAMES, &stats);
  print_frames ("worst case (fast signals), live, window all", &stats);
  bench_plot_set_time_window (plot, BENCH_PLOT_WINDOW_10S);
  measure_frames (plot, set, &worst, start, &next_line, renderer, surface, N_FRAMES, &stats);
  print_frames ("worst case (fast signals), live, window 10 s", &stats);
  bench_plot_remove_channel_set (plot, set);
  g_clear_object (&set);

  /* ingest with the plot drawing at 60 Hz on the same thread */
  {
    g_autoptr(BenchChannelSet) live_set = bench_channel_set_new (BENCH_PLOT_CSV);
    double *frames = g_new (double, 100000);
    guint n_frames = 0;
    guint done = 0;
    gint64 t_start, next_frame, t_end, frame_time = 0;
    const guint batch = 1000;

    bench_plot_add_channel_set (plot, live_set);
    fill (live_set, &pool, start, 0, batch);
    bench_channel_set_flush (live_set);
    done = batch;

    t_start = g_get_monotonic_time ();
    next_frame = t_start;
    while (done + batch <= N_POINTS)
      {
        gint64 now = g_get_monotonic_time ();

        if (now >= next_frame)
          {
            GskRenderNode *node;
            cairo_t *cr;

            bench_channel_set_flush (live_set);
            node = bench_plot_render_node (plot, WIDTH, HEIGHT);
            cr = cairo_create (surface);
            gsk_render_node_draw (node, cr);
            cairo_destroy (cr);
            gsk_render_node_unref (node);
            frames[n_frames] = (g_get_monotonic_time () - now) / 1000.0;
            frame_time += g_get_monotonic_time () - now;
            n_frames++;
            next_frame += G_USEC_PER_SEC / 60;
            if (next_frame < now)
              next_frame = now;
          }

        fill (live_set, &pool, start, done, batch);
        done += batch;
      }
    t_end = g_get_monotonic_time ();

    g_print ("  ingest with the plot drawing at 60 Hz (10 s window, cairo): %6.2f M samples/s over %.2f s\n"
             "      %u frames, p50 %.2f p99 %.2f ms, %.0f %% of the time drawing   target >= 2 M samples/s\n",
             (done - batch) * (double) N_CHANNELS / ((t_end - t_start) / 1e6) / 1e6,
             (t_end - t_start) / 1e6, n_frames,
             percentile (frames, n_frames, 50), percentile (frames, n_frames, 99),
             100.0 * frame_time / (t_end - t_start));
    g_free (frames);

    bench_plot_remove_channel_set (plot, live_set);
  }

  g_print ("  peak RSS %zu MiB\n", bench_test_peak_rss_kib () / 1024);
  g_print ("  not measured here: pty drain with the plot visible (needs the device engine and the window)\n");

  cairo_surface_destroy (surface);
  gtk_window_destroy (GTK_WINDOW (window));
  for (guint i = 0; i < POOL_LINES; i++)
    {
      g_free (pool.lines[i]);
      g_free (worst.lines[i]);
    }
  g_free (pool.lines);
  g_free (pool.lens);
  g_free (worst.lines);
  g_free (worst.lens);

  return 0;
}
