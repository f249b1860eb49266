/* test-plot.c - BenchPlot and its legend, in-process under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Renders the widget (paintable → renderer → texture) and the export path
 * (render node → cairo), checks pixels, and saves the images as artifacts
 * in the build directory (plot-*.png) for a person to look at.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <adwaita.h>
#include <gtk/gtk.h>

#include "bench-channel-set.h"
#include "bench-plot.h"
#include "bench-plot-legend.h"
#include "bench-plot-private.h"
#include "bench-test-util.h"

#define SESSION_START G_GINT64_CONSTANT (5000000000)   /* mono µs of x = 0 */
#define WALL_OFFSET   G_GINT64_CONSTANT (1790000000000000)

typedef struct
{
  GtkWidget       *window;
  BenchPlot       *plot;
  BenchPlotLegend *legend;
  BenchChannelSet *set;
} Fixture;

static void
push_at (BenchChannelSet *set,
         double           seconds,
         const char      *line)
{
  gint64 mono = SESSION_START + (gint64) llround (seconds * G_USEC_PER_SEC);

  bench_channel_set_push_line (set, mono, mono + WALL_OFFSET, line, strlen (line));
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  GtkWidget *box;

  f->set = bench_channel_set_new (BENCH_PLOT_AUTO);
  bench_channel_set_set_name (f->set, "dmm");

  f->plot = BENCH_PLOT (bench_plot_new ());
  bench_plot_set_session_start (f->plot, SESSION_START);
  bench_plot_add_channel_set (f->plot, f->set);
  gtk_widget_set_vexpand (GTK_WIDGET (f->plot), TRUE);
  gtk_widget_set_size_request (GTK_WIDGET (f->plot), 900, 420);

  f->legend = BENCH_PLOT_LEGEND (bench_plot_legend_new (f->plot));

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (f->plot));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (f->legend));

  f->window = gtk_window_new ();
  gtk_window_set_title (GTK_WINDOW (f->window), "Plot test");
  gtk_window_set_default_size (GTK_WINDOW (f->window), 900, 500);
  gtk_window_set_child (GTK_WINDOW (f->window), box);
  gtk_window_present (GTK_WINDOW (f->window));
  gtk_test_widget_wait_for_draw (f->window);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_assert_finalize_object (f->set);
  bench_test_spin (10);
}

static void
redraw (Fixture *f)
{
  bench_channel_set_flush (f->set);
  gtk_widget_queue_draw (GTK_WIDGET (f->plot));
  gtk_test_widget_wait_for_draw (f->window);
  /* let the legend's frame callback run too */
  bench_test_spin (40);
}

/* The legend shows values ten times a second: a new one is there within
 * 100 ms (and a frame). */
static gboolean
label_is (gpointer data)
{
  GtkLabel *label = ((gpointer *) data)[0];
  const char *text = ((gpointer *) data)[1];

  return g_strcmp0 (gtk_label_get_text (label), text) == 0;
}

static void
assert_label_soon (GtkLabel   *label,
                   const char *text)
{
  gpointer data[2] = { label, (gpointer) text };
  gint64 start = g_get_monotonic_time ();

  bench_test_wait_until (label_is, data, 1000);
  g_assert_cmpstr (gtk_label_get_text (label), ==, text);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 300 * 1000);
}

static char *
artifact (const char *name)
{
  const char *dir = g_getenv ("G_TEST_BUILDDIR");

  return g_build_filename (dir != NULL ? dir : ".", name, NULL);
}

/* The widget as it is on screen: paintable → snapshot → its renderer. */
static GdkTexture *
render_widget (GtkWidget  *widget,
               const char *save_as)
{
  GtkNative *native = gtk_widget_get_native (widget);
  int w = gtk_widget_get_width (widget);
  int h = gtk_widget_get_height (widget);
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  GdkTexture *texture;
  GdkRGBA bg;

  /* the window's background behind it, as on screen */
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  if (gtk_style_context_lookup_color (gtk_widget_get_style_context (GTK_WIDGET (native)), "window_bg_color", &bg))
    gtk_snapshot_append_color (snapshot, &bg, &GRAPHENE_RECT_INIT (0, 0, w, h));
  G_GNUC_END_IGNORE_DEPRECATIONS
  gdk_paintable_snapshot (paintable, snapshot, w, h);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (native), node,
                                         &GRAPHENE_RECT_INIT (0, 0, w, h));
  g_assert_nonnull (texture);

  if (save_as != NULL)
    {
      g_autofree char *path = artifact (save_as);
      g_assert_true (gdk_texture_save_to_png (texture, path));
    }

  return texture;
}

typedef struct
{
  int      width;
  int      height;
  guint32 *pixels;    /* premultiplied ARGB, native endian */
} Image;

static Image *
image_new (GdkTexture *texture)
{
  Image *img = g_new0 (Image, 1);

  img->width = gdk_texture_get_width (texture);
  img->height = gdk_texture_get_height (texture);
  img->pixels = g_new (guint32, img->width * img->height);
  gdk_texture_download (texture, (guchar *) img->pixels, img->width * 4);

  return img;
}

static void
image_free (Image *img)
{
  g_free (img->pixels);
  g_free (img);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Image, image_free)

/* How far pixel (x, y) is from @color (sum of channel differences, 0..765). */
static int
color_distance (const Image   *img,
                int            x,
                int            y,
                const GdkRGBA *color)
{
  guint32 p;
  int a, r, g, b;

  if (x < 0 || y < 0 || x >= img->width || y >= img->height)
    return 765;

  p = img->pixels[y * img->width + x];
  a = p >> 24;
  if (a == 0)
    return 765;
  /* un-premultiply */
  r = ((p >> 16) & 0xff) * 255 / a;
  g = ((p >> 8) & 0xff) * 255 / a;
  b = (p & 0xff) * 255 / a;

  return abs (r - (int) lround (color->red * 255)) +
         abs (g - (int) lround (color->green * 255)) +
         abs (b - (int) lround (color->blue * 255));
}

/* Pixels near @color in the box [x0, x1] × [y0, y1]. */
static guint
count_color (const Image   *img,
             const GdkRGBA *color,
             int            x0,
             int            y0,
             int            x1,
             int            y1)
{
  guint n = 0;

  for (int y = MIN (y0, y1); y <= MAX (y0, y1); y++)
    for (int x = x0; x <= x1; x++)
      n += color_distance (img, x, y, color) < 90;

  return n;
}

static BenchPlotTrace *
trace_at (BenchPlot *plot,
          guint      position)
{
  g_autoptr(BenchPlotTrace) trace = g_list_model_get_item (bench_plot_get_traces (plot), position);

  g_assert_nonnull (trace);
  return trace;   /* the plot keeps it alive */
}

/* Where session time @s and value @v land in a @width × @height rendering. */
static void
to_pixel (BenchPlot *plot,
          int        width,
          int        height,
          double     s,
          double     v,
          double    *x,
          double    *y)
{
  graphene_rect_t area;
  double t0, t1, lo, hi;

  bench_plot_get_geometry (plot, width, height, &area, &t0, &t1, &lo, &hi);
  *x = area.origin.x + (s - t0) / (t1 - t0) * area.size.width;
  *y = area.origin.y + (hi - v) / (hi - lo) * area.size.height;
}

/* 100 s of a flat line at 0, sampled at 1 kHz, with one sample at 100. */
#define SPIKE_AT    61.234
#define N_FLAT      100000

static void
fill_spike (BenchChannelSet *set)
{
  for (guint i = 0; i < N_FLAT; i++)
    {
      double s = i / 1000.0;

      push_at (set, s, fabs (s - SPIKE_AT) < 1e-7 ? "100" : "0");
    }
}

/* The spike's upper part has the trace colour near its x, and the same
 * band elsewhere has none. */
static void
check_spike (BenchPlot   *plot,
             const Image *img,
             const char  *what)
{
  BenchPlotTrace *trace = trace_at (plot, 0);
  GdkRGBA color;
  double x, y_top, x_far, y_mid, t0, t1;
  graphene_rect_t area;
  guint hits, band, elsewhere;
  int reach;

  bench_plot_get_trace_color (plot, trace, &color);
  to_pixel (plot, img->width, img->height, SPIKE_AT, 100, &x, &y_top);
  to_pixel (plot, img->width, img->height, SPIKE_AT, 60, &x, &y_mid);

  /* zoomed in far, the neighbours are this far apart: the peak is a
   * triangle whose upper half is up to half a sample spacing wide */
  bench_plot_get_geometry (plot, img->width, img->height, &area, &t0, &t1, NULL, NULL);
  reach = 3 + (int) ceil (area.size.width / ((t1 - t0) * 1000) / 2);

  band = (guint) (y_mid - y_top) - 3;
  hits = 0;
  for (int y = (int) ceil (y_top) + 3; y <= (int) y_mid; y++)
    hits += count_color (img, &color, (int) floor (x) - reach, y, (int) floor (x) + reach, y) > 0;

  /* nothing at that height 20 % of the width away from the spike */
  x_far = x > img->width / 2 ? x - img->width * 0.2 : x + img->width * 0.2;
  if (fabs (x_far - x) > 2 * reach)
    elsewhere = count_color (img, &color, (int) x_far - 3, (int) ceil (y_top) + 3, (int) x_far + 3, (int) y_mid);
  else
    elsewhere = 0;

  g_test_message ("%s (%dx%d): spike at x=%.1f, %u of %u rows of its upper half drawn (within +-%d px), %u stray pixels",
                  what, img->width, img->height, x, hits, band, reach, elsewhere);
  g_assert_cmpuint (hits, >=, band - 1);
  g_assert_cmpuint (elsewhere, ==, 0);

  /* while the flat line is drawn there */
  if (fabs (x_far - x) > 2 * reach)
    {
      double x0, y0;

      to_pixel (plot, img->width, img->height, SPIKE_AT, 0, &x0, &y0);
      g_assert_cmpuint (count_color (img, &color, (int) x_far - 1, (int) y0 - 2, (int) x_far + 1, (int) y0 + 2), >, 0);
    }
}

static void
test_spike (Fixture       *f,
            gconstpointer  data)
{
  static const struct
  {
    const char *name;
    double      span;     /* seconds around the spike; 0: all */
  } zooms[] = {
    { "all", 0 }, { "10s", 10 }, { "1s", 1 }, { "50ms", 0.05 }, { "3ms", 0.003 },
  };
  static const int widths[] = { 200, 641, 1600 };

  fill_spike (f->set);
  bench_plot_set_time_window (f->plot, BENCH_PLOT_WINDOW_ALL);
  bench_plot_set_y_range (f->plot, -10, 110);
  redraw (f);

  for (guint z = 0; z < G_N_ELEMENTS (zooms); z++)
    {
      g_autofree char *name = g_strdup_printf ("plot-spike-%s.png", zooms[z].name);
      g_autoptr(GdkTexture) texture = NULL;
      g_autoptr(Image) img = NULL;

      if (zooms[z].span > 0)
        bench_plot_set_x_range (f->plot, SPIKE_AT - zooms[z].span * 0.37, SPIKE_AT + zooms[z].span * 0.63);
      else
        bench_plot_reset_view (f->plot);
      bench_plot_set_y_range (f->plot, -10, 110);
      redraw (f);

      /* the widget on screen */
      texture = render_widget (GTK_WIDGET (f->plot), name);
      img = image_new (texture);
      check_spike (f->plot, img, name);

      /* the export path at other widths */
      for (guint w = 0; w < G_N_ELEMENTS (widths); w++)
        {
          g_autofree char *png_name = g_strdup_printf ("plot-spike-%s-%d.png", zooms[z].name, widths[w]);
          g_autofree char *path = artifact (png_name);
          g_autoptr(GError) error = NULL;
          g_autoptr(GdkTexture) exported = NULL;
          g_autoptr(Image) eimg = NULL;

          g_assert_true (bench_plot_export_png (f->plot, path, widths[w], 300, &error));
          g_assert_no_error (error);
          exported = gdk_texture_new_from_filename (path, &error);
          g_assert_no_error (error);
          eimg = image_new (exported);
          check_spike (f->plot, eimg, png_name);
        }
    }
}

static void
test_legend_toggle (Fixture       *f,
                    gconstpointer  data)
{
  BenchPlotTrace *second;
  GtkCheckButton *check = NULL;
  GtkLabel *value = NULL;
  g_autoptr(GdkTexture) before = NULL;
  g_autoptr(GdkTexture) after = NULL;
  g_autoptr(GdkTexture) again = NULL;
  g_autoptr(Image) img_before = NULL;
  g_autoptr(Image) img_after = NULL;
  g_autoptr(Image) img_again = NULL;
  GdkRGBA color;
  double x, y;

  for (guint i = 0; i <= 200; i++)
    {
      g_autofree char *line = g_strdup_printf ("%.3fV %.3fV", 20 + sin (i / 10.0), 80 + (i == 200 ? 0.5 : 0.0));
      push_at (f->set, i * 0.05, line);
    }
  bench_plot_set_time_window (f->plot, BENCH_PLOT_WINDOW_10S);
  bench_plot_set_y_range (f->plot, 0, 100);
  redraw (f);

  g_assert_cmpuint (g_list_model_get_n_items (bench_plot_get_traces (f->plot)), ==, 2);
  second = trace_at (f->plot, 1);
  bench_plot_get_trace_color (f->plot, second, &color);

  /* the legend shows the latest values as text, with the unit */
  g_assert_true (bench_plot_legend_get_entry (f->legend, 1, &check, &value));
  g_assert_cmpstr (gtk_label_get_text (value), ==, "80.50 V");
  g_assert_true (gtk_check_button_get_active (check));
  g_assert_false (bench_plot_legend_get_entry (f->legend, 2, NULL, NULL));

  to_pixel (f->plot, gtk_widget_get_width (GTK_WIDGET (f->plot)), gtk_widget_get_height (GTK_WIDGET (f->plot)),
            5.0, 80, &x, &y);
  before = render_widget (GTK_WIDGET (f->plot), "plot-legend-both.png");
  img_before = image_new (before);
  g_assert_cmpuint (count_color (img_before, &color, (int) x - 20, (int) y - 2, (int) x + 20, (int) y + 2), >, 20);

  /* unticking hides the trace, here and in the channel (the device's choice) */
  gtk_check_button_set_active (check, FALSE);
  g_assert_false (bench_plot_trace_get_visible (second));
  g_assert_false (bench_channel_get_visible (bench_plot_trace_get_channel (second)));
  redraw (f);
  after = render_widget (GTK_WIDGET (f->plot), "plot-legend-hidden.png");
  img_after = image_new (after);
  g_assert_cmpuint (count_color (img_after, &color, (int) x - 20, (int) y - 2, (int) x + 20, (int) y + 2), ==, 0);

  /* and ticking brings it back */
  bench_channel_set_visible (bench_plot_trace_get_channel (second), TRUE);
  g_assert_true (gtk_check_button_get_active (check));
  redraw (f);
  again = render_widget (GTK_WIDGET (f->plot), NULL);
  img_again = image_new (again);
  g_assert_cmpuint (count_color (img_again, &color, (int) x - 20, (int) y - 2, (int) x + 20, (int) y + 2), >, 20);

  /* new values reach the label within 100 ms */
  push_at (f->set, 10.5, "1 -0.00123V");
  redraw (f);
  assert_label_soon (value, "−1.230 mV");
}

/* Live, the range ends just after the newest sample, within one pixel
 * column, and spans the window to within the column grid's rounding. */
static void
assert_live_range (BenchPlot *plot,
                   double     newest,
                   double     window)
{
  graphene_rect_t area;
  double t0, t1, x0, x1, column;

  bench_plot_get_geometry (plot, gtk_widget_get_width (GTK_WIDGET (plot)),
                           gtk_widget_get_height (GTK_WIDGET (plot)), &area, &t0, &t1, NULL, NULL);
  bench_plot_get_x_range (plot, &x0, &x1);
  g_assert_cmpfloat (x0, ==, t0);
  g_assert_cmpfloat (x1, ==, t1);

  column = (t1 - t0) / area.size.width;
  g_assert_cmpfloat (t1, >, newest);
  g_assert_cmpfloat (t1 - newest, <=, column + 1e-6);
  if (window > 0)
    g_assert_cmpfloat (fabs ((t1 - t0) - window), <=, area.size.width * 0.5e-6 + 1e-9);
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

/* A slow source redraws the plot for every batch; a flood ten times a
 * second, so the drawing leaves the reading its time. */
static void
test_flood_redraws (Fixture       *f,
                    gconstpointer  data)
{
  guint64 before;
  guint64 draws;
  gint64 end;
  double t = 0;

  bench_plot_set_time_window (f->plot, BENCH_PLOT_WINDOW_10S);
  push_at (f->set, t, "1 2");
  redraw (f);

  /* 5 lines a second: each one drawn */
  before = _bench_plot_get_n_draws (f->plot);
  for (guint i = 0; i < 5; i++)
    {
      push_at (f->set, t += 0.2, "1 2");
      bench_test_spin (200);
    }
  draws = _bench_plot_get_n_draws (f->plot) - before;
  g_test_message ("slow source: %" G_GUINT64_FORMAT " draws for 5 batches", draws);
  g_assert_cmpuint (draws, >=, 5);

  /* a flood, 1000 lines (2000 samples) every 5 ms for a second: ~10 draws */
  before = _bench_plot_get_n_draws (f->plot);
  end = g_get_monotonic_time () + G_USEC_PER_SEC;
  while (g_get_monotonic_time () < end)
    {
      for (guint i = 0; i < 1000; i++)
        push_at (f->set, t += 0.00001, "3 4");
      bench_test_spin (5);
    }
  draws = _bench_plot_get_n_draws (f->plot) - before;
  g_test_message ("flood: %" G_GUINT64_FORMAT " draws in a second", draws);
  g_assert_cmpuint (draws, >=, 5);
  g_assert_cmpuint (draws, <=, 14);

  /* and the last samples are drawn soon after the flood ends */
  before = _bench_plot_get_n_draws (f->plot);
  bench_test_spin (150);
  g_assert_cmpuint (_bench_plot_get_n_draws (f->plot), >, before);
}

static void
test_pause (Fixture       *f,
            gconstpointer  data)
{
  double t0, t1, p0, p1;
  GtkCheckButton *check;
  GtkLabel *value;
  guint notified = 0;

  g_signal_connect (f->plot, "notify::paused", G_CALLBACK (count_notify_cb), &notified);

  bench_plot_set_time_window (f->plot, BENCH_PLOT_WINDOW_10S);
  for (guint i = 0; i <= 200; i++)
    push_at (f->set, i * 0.1, i % 2 ? "1" : "2");
  redraw (f);

  bench_plot_get_x_range (f->plot, &t0, &t1);
  assert_live_range (f->plot, 20.0, 10.0);

  bench_plot_set_paused (f->plot, TRUE);
  bench_plot_set_paused (f->plot, TRUE);
  g_assert_cmpuint (notified, ==, 1);

  /* data keeps arriving; the view stays */
  for (guint i = 201; i <= 300; i++)
    push_at (f->set, i * 0.1, "7");
  bench_test_spin (50);
  redraw (f);
  g_object_unref (render_widget (GTK_WIDGET (f->plot), "plot-paused.png"));

  bench_plot_get_x_range (f->plot, &p0, &p1);
  g_assert_cmpfloat (p0, ==, t0);
  g_assert_cmpfloat (p1, ==, t1);
  g_assert_cmpuint (bench_series_get_length (bench_channel_get_series (bench_channel_set_get_channel (f->set, 0))), ==, 301);
  g_assert_true (bench_plot_legend_get_entry (f->legend, 0, &check, &value));
  assert_label_soon (value, "7.000");

  /* back to live: the view jumps to the newest data */
  bench_plot_set_paused (f->plot, FALSE);
  g_assert_cmpuint (notified, ==, 2);
  assert_live_range (f->plot, 30.0, 10.0);
}

static void
test_window (Fixture       *f,
             gconstpointer  data)
{
  static const double windows[] = { BENCH_PLOT_WINDOW_10S, BENCH_PLOT_WINDOW_1MIN, BENCH_PLOT_WINDOW_10MIN };
  double t0, t1, p0, p1;
  guint notified = 0;

  g_signal_connect (f->plot, "notify::time-window", G_CALLBACK (count_notify_cb), &notified);

  /* 20 minutes at 2 Hz, starting at 5 s */
  for (guint i = 0; i < 2400; i++)
    {
      g_autofree char *line = g_strdup_printf ("%g", sin (i / 50.0) * 3);
      push_at (f->set, 5 + i * 0.5, line);
    }
  redraw (f);

  for (guint i = 0; i < G_N_ELEMENTS (windows); i++)
    {
      g_autofree char *name = g_strdup_printf ("plot-window-%g.png", windows[i]);

      bench_plot_set_time_window (f->plot, windows[i]);
      redraw (f);
      g_object_unref (render_widget (GTK_WIDGET (f->plot), name));
      assert_live_range (f->plot, 5 + 2399 * 0.5, windows[i]);
    }

  bench_plot_set_time_window (f->plot, BENCH_PLOT_WINDOW_ALL);
  bench_plot_set_time_window (f->plot, BENCH_PLOT_WINDOW_ALL);
  redraw (f);
  g_object_unref (render_widget (GTK_WIDGET (f->plot), "plot-window-all.png"));
  /* all: just after the newest sample, and back to the oldest with the
   * column width rounded up by at most 3 % */
  assert_live_range (f->plot, 5 + 2399 * 0.5, BENCH_PLOT_WINDOW_ALL);
  bench_plot_get_x_range (f->plot, &t0, &t1);
  g_assert_cmpfloat (t0, <=, 5.0);
  g_assert_cmpfloat (5.0 - t0, <=, (t1 - t0) * 0.031 + 2 * (t1 - t0) / 800);
  g_assert_cmpuint (notified, ==, 4);

  /* a paused view keeps its end and takes the new width */
  bench_plot_set_time_window (f->plot, BENCH_PLOT_WINDOW_1MIN);
  bench_plot_set_paused (f->plot, TRUE);
  push_at (f->set, 2000, "1");
  bench_plot_get_x_range (f->plot, &p0, &p1);
  bench_plot_set_time_window (f->plot, BENCH_PLOT_WINDOW_10S);
  bench_plot_get_x_range (f->plot, &t0, &t1);
  g_assert_cmpfloat (t1, ==, p1);
  g_assert_cmpfloat_with_epsilon (t1 - t0, 10, 1e-6);
}

/* A session younger than the time window: the window starts with the
 * session and fills from the left; once the data reach its end it scrolls. */
static void
test_young_session (Fixture       *f,
                    gconstpointer  data)
{
  graphene_rect_t area;
  double t0, t1, column;

  bench_plot_set_time_window (f->plot, BENCH_PLOT_WINDOW_10S);
  for (guint i = 1; i <= 6; i++)
    push_at (f->set, i * 0.5, "1.5");
  redraw (f);
  bench_plot_get_geometry (f->plot, gtk_widget_get_width (GTK_WIDGET (f->plot)),
                           gtk_widget_get_height (GTK_WIDGET (f->plot)), &area, &t0, &t1, NULL, NULL);
  column = 10.0 / area.size.width;
  /* no seconds before the session on the axis */
  g_assert_cmpfloat (t0, <=, 0.0);
  g_assert_cmpfloat (t0, >, -column - 1e-6);
  g_assert_cmpfloat_with_epsilon (t1 - t0, 10.0, area.size.width * 0.5e-6 + 1e-9);
  g_object_unref (render_widget (GTK_WIDGET (f->plot), "plot-young-session.png"));

  /* the same at 9.9 s; at 12 s the window follows the newest sample */
  push_at (f->set, 9.9, "2");
  redraw (f);
  bench_plot_get_x_range (f->plot, &t0, &t1);
  g_assert_cmpfloat (t0, <=, 0.0);
  g_assert_cmpfloat (t1, >, 9.9);
  push_at (f->set, 12, "2.5");
  redraw (f);
  assert_live_range (f->plot, 12, 10.0);
  bench_plot_get_x_range (f->plot, &t0, &t1);
  g_assert_cmpfloat (t0, >, 1.9);
}

static GtkEventController *
find_controller (GtkWidget *widget,
                 GType      type)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (controller, type))
        return controller;
    }

  g_assert_not_reached ();
  return NULL;
}

static void
test_zoom_pan_reset (Fixture       *f,
                     gconstpointer  data)
{
  GtkEventController *scroll = find_controller (GTK_WIDGET (f->plot), GTK_TYPE_EVENT_CONTROLLER_SCROLL);
  GtkEventController *drag = find_controller (GTK_WIDGET (f->plot), GTK_TYPE_GESTURE_DRAG);
  GtkEventController *click = find_controller (GTK_WIDGET (f->plot), GTK_TYPE_GESTURE_CLICK);
  graphene_rect_t area;
  gboolean handled = FALSE;
  double t0, t1, z0, z1, d0, d1, lo, hi;

  bench_plot_set_time_window (f->plot, BENCH_PLOT_WINDOW_10S);
  for (guint i = 0; i <= 400; i++)
    {
      g_autofree char *line = g_strdup_printf ("%g", cos (i / 20.0));
      push_at (f->set, i * 0.05, line);
    }
  redraw (f);
  bench_plot_get_x_range (f->plot, &t0, &t1);
  bench_plot_get_geometry (f->plot, gtk_widget_get_width (GTK_WIDGET (f->plot)),
                           gtk_widget_get_height (GTK_WIDGET (f->plot)), &area, NULL, NULL, NULL, NULL);

  /* scrolling down zooms out around the right edge (no pointer): paused */
  g_signal_emit_by_name (scroll, "scroll", 0.0, 1.0, &handled);
  g_assert_true (handled);
  g_assert_true (bench_plot_get_paused (f->plot));
  bench_plot_get_x_range (f->plot, &z0, &z1);
  g_assert_cmpfloat_with_epsilon (z1 - z0, (t1 - t0) * 1.2, 1e-3);
  g_assert_cmpfloat_with_epsilon (z1, t1, 1e-3);

  /* and back in */
  g_signal_emit_by_name (scroll, "scroll", 0.0, -2.0, &handled);
  bench_plot_get_x_range (f->plot, &z0, &z1);
  g_assert_cmpfloat_with_epsilon (z1 - z0, (t1 - t0) / 1.2, 1e-3);

  /* dragging right by a quarter of the area shows earlier times */
  g_signal_emit_by_name (drag, "drag-begin", 300.0, 200.0);
  g_signal_emit_by_name (drag, "drag-update", area.size.width / 4, 0.0);
  g_signal_emit_by_name (drag, "drag-end", area.size.width / 4, 0.0);
  bench_plot_get_x_range (f->plot, &d0, &d1);
  g_assert_cmpfloat_with_epsilon (d0, z0 - (z1 - z0) / 4, 1e-3);
  g_assert_cmpfloat_with_epsilon (d1 - d0, z1 - z0, 1e-3);
  redraw (f);
  g_object_unref (render_widget (GTK_WIDGET (f->plot), "plot-panned.png"));

  /* y zoom sets a manual range */
  g_assert_true (bench_plot_get_y_autoscale (f->plot));
  bench_plot_set_y_range (f->plot, -2, 2);
  g_assert_false (bench_plot_get_y_autoscale (f->plot));
  bench_plot_get_y_range (f->plot, &lo, &hi);
  g_assert_cmpfloat (lo, ==, -2);
  g_assert_cmpfloat (hi, ==, 2);

  /* a double click returns to live with autoscale */
  g_signal_emit_by_name (click, "pressed", 2, 100.0, 100.0);
  g_assert_false (bench_plot_get_paused (f->plot));
  g_assert_true (bench_plot_get_y_autoscale (f->plot));
  bench_plot_get_x_range (f->plot, &d0, &d1);
  g_assert_cmpfloat_with_epsilon (d0, t0, 1e-5);
  g_assert_cmpfloat_with_epsilon (d1, t1, 1e-5);

  /* autoscale covers the data with room to spare, on tick multiples */
  bench_plot_get_y_range (f->plot, &lo, &hi);
  g_assert_cmpfloat (lo, <=, -1);
  g_assert_cmpfloat (hi, >=, 1);
  g_assert_cmpfloat (hi - lo, <=, 4);
}

static void
test_hover (Fixture       *f,
            gconstpointer  data)
{
  GtkEventController *motion = find_controller (GTK_WIDGET (f->plot), GTK_TYPE_EVENT_CONTROLLER_MOTION);
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(Image) img = NULL;
  GdkRGBA color;
  double x, y;
  int w, h;

  for (guint i = 0; i <= 100; i++)
    push_at (f->set, i * 0.1, "5mA");
  bench_plot_set_y_range (f->plot, 0, 10);
  redraw (f);

  /* (the legend below took its room by now) */
  w = gtk_widget_get_width (GTK_WIDGET (f->plot));
  h = gtk_widget_get_height (GTK_WIDGET (f->plot));

  to_pixel (f->plot, w, h, 5.0, 5, &x, &y);
  g_signal_emit_by_name (motion, "motion", x, y - 60);
  redraw (f);
  texture = render_widget (GTK_WIDGET (f->plot), "plot-hover.png");
  img = image_new (texture);

  /* a marker square in the trace's colour sits on the sample under the pointer */
  bench_plot_get_trace_color (f->plot, trace_at (f->plot, 0), &color);
  g_assert_cmpuint (count_color (img, &color, (int) x - 2, (int) y - 2, (int) x + 2, (int) y + 2), >=, 16);

  g_signal_emit_by_name (motion, "leave");
}

static void
test_combined (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(BenchChannelSet) other = bench_channel_set_new (BENCH_PLOT_KV);
  BenchPlot *combined = BENCH_PLOT (bench_plot_new ());
  BenchPlotTrace *a, *b;
  GdkRGBA ca, cb;

  g_object_ref_sink (combined);
  bench_channel_set_set_name (other, "thermo");
  push_at (f->set, 1, "1 2");
  push_at (other, 1, "temp=21.5");
  bench_channel_set_flush (f->set);
  bench_channel_set_flush (other);

  a = bench_plot_add_channel (combined, bench_channel_set_get_channel (f->set, 1));
  g_assert_cmpstr (bench_plot_trace_get_label (a), ==, "2");
  b = bench_plot_add_channel (combined, bench_channel_set_get_channel (other, 0));
  g_assert_true (bench_plot_add_channel (combined, bench_channel_set_get_channel (other, 0)) == b);
  g_assert_cmpuint (g_list_model_get_n_items (bench_plot_get_traces (combined)), ==, 2);

  /* two devices: labels say which, colours differ */
  g_assert_cmpstr (bench_plot_trace_get_label (a), ==, "dmm/2");
  g_assert_cmpstr (bench_plot_trace_get_label (b), ==, "thermo/temp");
  /* and follow a renamed device */
  bench_channel_set_set_name (other, "oven");
  g_assert_cmpstr (bench_plot_trace_get_label (b), ==, "oven/temp");
  bench_channel_set_set_name (other, "thermo");
  bench_plot_get_trace_color (combined, a, &ca);
  bench_plot_get_trace_color (combined, b, &cb);
  g_assert_false (gdk_rgba_equal (&ca, &cb));

  /* hiding in the combined plot leaves the device's choice alone */
  bench_plot_trace_set_visible (a, FALSE);
  g_assert_true (bench_channel_get_visible (bench_channel_set_get_channel (f->set, 1)));

  bench_plot_remove_channel (combined, bench_channel_set_get_channel (other, 0));
  g_assert_cmpuint (g_list_model_get_n_items (bench_plot_get_traces (combined)), ==, 1);
  g_assert_cmpstr (bench_plot_trace_get_label (a), ==, "2");

  /* a new extraction mode drops the channels' traces */
  bench_channel_set_set_mode (f->set, BENCH_PLOT_CSV);
  g_assert_cmpuint (g_list_model_get_n_items (bench_plot_get_traces (combined)), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (bench_plot_get_traces (f->plot)), ==, 0);
  push_at (f->set, 2, "x,y");
  push_at (f->set, 2, "3,4");
  bench_channel_set_flush (f->set);
  g_assert_cmpuint (g_list_model_get_n_items (bench_plot_get_traces (f->plot)), ==, 2);
  g_assert_cmpstr (bench_plot_trace_get_label (trace_at (f->plot, 1)), ==, "y");

  bench_plot_remove_channel_set (f->plot, f->set);
  g_assert_cmpuint (g_list_model_get_n_items (bench_plot_get_traces (f->plot)), ==, 0);

  g_assert_finalize_object (combined);
}

/* A live view reuses the columns that did not change: after any sequence
 * of appends, evictions and resizes they equal a fresh decimation. */
static void
test_incremental_decimation (Fixture       *f,
                             gconstpointer  data)
{
  GRand *rand = g_rand_new_with_seed (99);
  BenchPlotTrace *trace;
  BenchSeries *series;
  gint64 mono = SESSION_START;
  guint n_columns = 700;
  g_autofree BenchSeriesColumn *fresh = g_new (BenchSeriesColumn, 2000);

  /* a ring of about a second: the oldest samples leave inside the 2 s view */
  bench_channel_set_set_capacity (f->set, 800);
  push_at (f->set, 0, "0");
  bench_channel_set_flush (f->set);
  trace = trace_at (f->plot, 0);
  series = bench_channel_get_series (bench_plot_trace_get_channel (trace));

  for (guint frame = 0; frame < 400; frame++)
    {
      guint n_new = g_rand_int_range (rand, 0, 400);
      gint64 step, last, t0, t1;
      const BenchSeriesColumn *cols;
      guint n_in, n_fresh;

      for (guint i = 0; i < n_new; i++)
        {
          char line[32];

          /* bursts at one time, as lines from one read */
          if (g_rand_int_range (rand, 0, 3) != 0)
            mono += g_rand_int_range (rand, 1, 4000);
          g_snprintf (line, sizeof line, "%d", g_rand_int_range (rand, -1000, 1000));
          bench_channel_set_push_line (f->set, mono, mono, line, strlen (line));
        }
      if (frame % 97 == 50)
        bench_channel_set_set_capacity (f->set, g_rand_int_range (rand, 300, 2500));
      if (frame % 61 == 30)
        n_columns = g_rand_int_range (rand, 200, 2000);

      /* the plot's live grid for a 2 s window */
      step = MAX (1, 2000000 / n_columns);
      bench_series_get_last (series, &last, NULL);
      t1 = (last / step + 1) * step;
      t0 = t1 - step * n_columns;

      cols = _bench_plot_trace_decimate (trace, t0, t1, n_columns, &n_in);
      n_fresh = bench_series_decimate (series, t0, t1, n_columns, fresh);
      g_assert_cmpuint (n_in, ==, n_fresh);
      for (guint c = 0; c < n_columns; c++)
        {
          g_assert_cmpuint (cols[c].n, ==, fresh[c].n);
          if (fresh[c].n == 0)
            continue;
          g_assert_cmpfloat (cols[c].min, ==, fresh[c].min);
          g_assert_cmpfloat (cols[c].max, ==, fresh[c].max);
          g_assert_cmpfloat (cols[c].first, ==, fresh[c].first);
          g_assert_cmpfloat (cols[c].last, ==, fresh[c].last);
        }
    }

  g_rand_free (rand);
}

/* Legend values and readouts: 4 significant digits, SI prefixes only when
 * the unit takes them, the unit's own prefix folded in, a real minus. */
static void
test_format_value (void)
{
  static const struct
  {
    double      value;
    const char *unit;
    const char *expected;
  } cases[] = {
    { 23.4, "°C", "23.40 °C" },
    { 0.6168, "V", "0.6168 V" },
    { -0.8008, "V", "−0.8008 V" },
    { 0.00123, "V", "1.230 mV" },
    { -0.00123, "V", "−1.230 mV" },
    { 12.5, "mV", "12.50 mV" },
    { 0.0005, "mA", "500.0 nA" },
    { 25000, "mV", "25.00 V" },
    { 12500, "Hz", "12.50 kHz" },
    { 4.7e-12, "F", "4.700 pF" },
    { 12500, "", "12.50 k" },
    { 512, "", "512.0" },
    { 0, "V", "0.000 V" },
    { 3.3, "uA", "3.300 µA" },
    { 0.002, "uA", "2.000 nA" },
    { 45, "%", "45.00 %" },
    { 1.5e7, "rpm", "1.500e+07 rpm" },
    { NAN, "V", "—" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = _bench_plot_format_value (cases[i].value, cases[i].unit);

      if (g_strcmp0 (got, cases[i].expected) != 0)
        g_error ("%g %s: expected “%s”, got “%s”", cases[i].value, cases[i].unit, cases[i].expected, got);
    }
}

static char *
read_text (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

static void
test_export (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *dir = bench_test_mkdtemp ();
  g_autofree char *png = g_build_filename (dir, "plot.PNG", NULL);
  g_autofree char *svg = g_build_filename (dir, "plot.svg", NULL);
  g_autofree char *csv = g_build_filename (dir, "plot.csv", NULL);
  g_autofree char *txt = g_build_filename (dir, "plot.txt", NULL);
  g_autofree char *bad = g_build_filename (dir, "missing", "plot.png", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *svg_text = NULL;
  g_autofree char *csv_text = NULL;
  g_auto(GStrv) rows = NULL;
  guint n_rows = 0;

  /* three channels, one of them only every other line */
  bench_channel_set_set_mode (f->set, BENCH_PLOT_KV);
  for (guint i = 0; i < 50; i++)
    {
      g_autofree char *line = i % 2
        ? g_strdup_printf ("V=%g I=%gmA", sin (i / 5.0), i * 0.5)
        : g_strdup_printf ("V=%g I=%gmA T=%g", sin (i / 5.0), i * 0.5, 20 + i * 0.01);
      push_at (f->set, i * 0.2, line);
    }
  bench_plot_set_time_window (f->plot, BENCH_PLOT_WINDOW_ALL);
  redraw (f);

  g_assert_true (bench_plot_export (f->plot, png, 1200, 500, &error));
  g_assert_no_error (error);
  texture = gdk_texture_new_from_filename (png, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_texture_get_width (texture), ==, 1200);
  g_assert_cmpint (gdk_texture_get_height (texture), ==, 500);

  /* the widget's size when none is given */
  g_assert_true (bench_plot_export (f->plot, svg, 0, 0, &error));
  g_assert_no_error (error);
  svg_text = read_text (svg);
  g_assert_true (g_str_has_prefix (svg_text, "<?xml") || g_str_has_prefix (svg_text, "<svg"));
  g_assert_nonnull (strstr (svg_text, "<svg"));
  g_assert_nonnull (strstr (svg_text, "</svg>"));

  g_assert_true (bench_plot_export (f->plot, csv, 0, 0, &error));
  g_assert_no_error (error);
  csv_text = read_text (csv);
  rows = g_strsplit (csv_text, "\r\n", -1);
  g_assert_cmpstr (rows[0], ==, "time,elapsed,V,I,T");
  for (guint i = 1; rows[i] != NULL && rows[i][0] != 0; i++)
    {
      g_auto(GStrv) fields = g_strsplit (rows[i], ",", -1);
      double elapsed;
      char *end;

      g_assert_cmpuint (g_strv_length (fields), ==, 5);
      g_assert_true (g_str_has_suffix (fields[0], "Z"));
      g_assert_cmpuint (strlen (fields[0]), ==, strlen ("2026-09-21T12:53:20.000000Z"));
      elapsed = g_ascii_strtod (fields[1], &end);
      g_assert_true (*end == 0);
      g_assert_cmpfloat_with_epsilon (elapsed, (i - 1) * 0.2, 1e-9);
      g_assert_cmpfloat_with_epsilon (g_ascii_strtod (fields[3], NULL), (i - 1) * 0.5, 1e-9);
      /* T only on even lines */
      g_assert_cmpint (fields[4][0] != 0, ==, (i - 1) % 2 == 0);
      n_rows++;
    }
  g_assert_cmpuint (n_rows, ==, 50);

  /* an unknown extension and an unwritable path are errors naming the path */
  g_assert_false (bench_plot_export (f->plot, txt, 0, 0, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, txt));
  g_clear_error (&error);
  g_assert_false (bench_plot_export (f->plot, bad, 100, 100, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, bad));
  g_clear_error (&error);

  /* a failed export leaves an existing file as it was (cairo has no
   * images wider than 32767 pixels) */
  {
    g_autofree char *keep = g_build_filename (dir, "keep.png", NULL);
    g_autofree char *after = NULL;

    g_assert_true (g_file_set_contents (keep, "old", -1, &error));
    g_assert_false (bench_plot_export_png (f->plot, keep, 40000, 10, &error));
    g_assert_nonnull (error);
    g_assert_nonnull (strstr (error->message, keep));
    g_clear_error (&error);
    after = read_text (keep);
    g_assert_cmpstr (after, ==, "old");
  }

  /* the artifact for a person: a plot with units and three traces */
  {
    g_autofree char *nice = artifact ("plot-export.png");
    g_autofree char *nice_svg = artifact ("plot-export.svg");

    g_assert_true (bench_plot_export_png (f->plot, nice, 1200, 500, &error));
    g_assert_true (bench_plot_export_svg (f->plot, nice_svg, 1200, 500, &error));
  }
}

/* A richer picture for looking at, in light and dark. */
static void
test_showcase (Fixture       *f,
               gconstpointer  data)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();

  bench_channel_set_set_mode (f->set, BENCH_PLOT_KV);
  for (guint i = 0; i <= 3000; i++)
    {
      double s = i * 0.02;
      g_autofree char *line = g_strdup_printf ("ch1=%.4fV ch2=%.4fV ch3=%.4fV",
                                               1.2 * sin (s * 1.3) + (i == 1800 ? 2.5 : 0),
                                               0.6 * sin (s * 0.4) - 0.3 + 0.05 * sin (s * 17),
                                               (i / 500) % 2 ? 0.9 : -0.9);
      push_at (f->set, s, line);
    }
  bench_plot_set_time_window (f->plot, BENCH_PLOT_WINDOW_1MIN);
  redraw (f);
  g_assert_cmpuint (g_list_model_get_n_items (bench_plot_get_traces (f->plot)), ==, 3);
  g_object_unref (render_widget (f->window, "plot-window-light.png"));

  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_DARK);
  redraw (f);
  {
    g_autoptr(GdkTexture) texture = render_widget (f->window, "plot-window-dark.png");
    g_autoptr(Image) img = image_new (texture);
    graphene_rect_t area;
    guint32 p;

    /* the data area is dark now */
    bench_plot_get_geometry (f->plot, gtk_widget_get_width (GTK_WIDGET (f->plot)),
                             gtk_widget_get_height (GTK_WIDGET (f->plot)), &area, NULL, NULL, NULL, NULL);
    p = img->pixels[(int) (area.origin.y + 3) * img->width + (int) (area.origin.x + 3)];
    g_assert_cmpuint (((p >> 16) & 0xff) + ((p >> 8) & 0xff) + (p & 0xff), <, 3 * 96);
  }
  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_DEFAULT);
  redraw (f);
}

int
main (int   argc,
      char *argv[])
{
  gtk_disable_setlocale ();
  g_test_init (&argc, &argv, NULL);

  if (!gtk_init_check ())
    {
      g_print ("1..0 # SKIP no display\n");
      return 77;
    }
  adw_init ();

  g_test_add_func ("/benchtop/plot/format-value", test_format_value);

#define ADD(name, func) g_test_add ("/benchtop/plot/" name, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("spike", test_spike);
  ADD ("legend-toggle", test_legend_toggle);
  ADD ("pause", test_pause);
  ADD ("flood-redraws", test_flood_redraws);
  ADD ("window", test_window);
  ADD ("young-session", test_young_session);
  ADD ("zoom-pan-reset", test_zoom_pan_reset);
  ADD ("hover", test_hover);
  ADD ("incremental-decimation", test_incremental_decimation);
  ADD ("combined", test_combined);
  ADD ("export", test_export);
  ADD ("showcase", test_showcase);
#undef ADD

  return g_test_run ();
}
