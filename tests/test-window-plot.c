/* test-window-plot.c - the plots of the Benchtop window, driven as a user would
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One application and window for the whole program; the cases run in
 * order and build on each other. Devices are real ptys whose master ends
 * the test writes lines into. Run under
 *   xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- meson test --suite ui
 * Without a display the program prints "1..0 # SKIP no display" and exits
 * 77. Screenshots go to $G_TEST_BUILDDIR/artifacts.
 */
#include "config.h"

#include <locale.h>
#include <math.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <adwaita.h>
#include <glib/gstdio.h>

#include "bench-plot-private.h"
#include "bench-plot-view.h"
#include "bench-test-util.h"
#include "bench-window-private.h"

static BenchApplication *app;
static BenchWindow *window;
static char *artifacts;
static char *tmpdir;

typedef struct
{
  int   master;
  int   slave;
  char *path;
} Pty;

static Pty bench_pty = { -1, -1, NULL };
static Pty other_pty = { -1, -1, NULL };
static Pty quiet_pty = { -1, -1, NULL };

/* Helpers */

#define WAIT_FOR(expr, ms)                                                     \
  G_STMT_START {                                                               \
    gint64 _end = g_get_monotonic_time () + (gint64) (ms) * 1000;              \
    while (!(expr) && g_get_monotonic_time () < _end)                          \
      g_main_context_iteration (NULL, FALSE), g_usleep (1000);                 \
    if (!(expr))                                                               \
      g_error ("timed out after %d ms waiting for %s", (int) (ms), #expr);     \
  } G_STMT_END

static GdkTexture *
render (GtkWidget *widget)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  int width = 0, height = 0;

  bench_test_spin (50);
  paintable = gtk_widget_paintable_new (widget);
  /* the paintable holds the last frame's node: snapshot right after a draw */
  for (guint attempt = 0; node == NULL && attempt < 20; attempt++)
    {
      GtkSnapshot *snapshot = gtk_snapshot_new ();

      gtk_test_widget_wait_for_draw (widget);
      width = gtk_widget_get_width (widget);
      height = gtk_widget_get_height (widget);
      gdk_paintable_snapshot (paintable, snapshot, width, height);
      node = gtk_snapshot_free_to_node (snapshot);
    }
  g_assert_nonnull (node);

  return gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)), node,
                                      &GRAPHENE_RECT_INIT (0, 0, width, height));
}

static void
save_png (GtkWidget  *widget,
          const char *name)
{
  g_autoptr(GdkTexture) texture = render (widget);
  g_autofree char *path = g_build_filename (artifacts, name, NULL);

  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}

static void
activate (const char *action,
          GVariant   *param)
{
  g_action_group_activate_action (G_ACTION_GROUP (app), action, param);
}

static const char *
last_error (void)
{
  return bench_application_get_last_error (app);
}

static BenchDevice *
find_device (const char *name)
{
  return bench_session_find_device (bench_application_get_session (app), name);
}

static BenchDevicePage *
page_of (const char *name)
{
  return bench_window_get_page (window, name ? find_device (name) : NULL);
}

static BenchPlotView *
view_of (const char *name)
{
  BenchDevicePage *page = page_of (name);

  g_assert_nonnull (page);
  return BENCH_PLOT_VIEW (bench_device_page_get_plot (page));
}

static BenchPlot *
plot_of (const char *name)
{
  return bench_plot_view_get_plot (view_of (name));
}

static GSettings *
settings_of (const char *address)
{
  return bench_settings_get_device (bench_application_get_settings (app), address);
}

static guint
n_traces (BenchPlot *plot)
{
  return g_list_model_get_n_items (bench_plot_get_traces (plot));
}

static BenchPlotTrace *
trace_at (BenchPlot *plot,
          guint      position)
{
  g_autoptr(BenchPlotTrace) trace = g_list_model_get_item (bench_plot_get_traces (plot), position);

  return trace;
}

static BenchPlotTrace *
trace_labelled (BenchPlot  *plot,
                const char *label)
{
  for (guint i = 0; i < n_traces (plot); i++)
    if (g_strcmp0 (bench_plot_trace_get_label (trace_at (plot, i)), label) == 0)
      return trace_at (plot, i);
  return NULL;
}

static void
write_str (int         fd,
           const char *text)
{
  bench_test_write_all (fd, text, strlen (text));
}

/* Writes @n lines, @ms apart, printed from the rest (_i is 0..n-1) */
#define WRITE_LINES(fd, n, ms, ...)                                            \
  G_STMT_START {                                                               \
    for (guint _i = 0; _i < (n); _i++)                                         \
      {                                                                        \
        g_autofree char *_line = g_strdup_printf (__VA_ARGS__);                \
        write_str ((fd), _line);                                               \
        if ((ms) > 0)                                                          \
          bench_test_spin (ms);                                                \
      }                                                                        \
  } G_STMT_END

static guint
series_length (BenchPlot *plot,
               guint      position)
{
  return bench_series_get_length (bench_channel_get_series (bench_plot_trace_get_channel (trace_at (plot, position))));
}

static void
open_device (Pty        *pty,
             const char *options)
{
  g_autofree char *spec = NULL;

  if (pty->path == NULL)
    bench_test_openpty (&pty->master, &pty->slave, &pty->path);
  spec = g_strdup_printf ("%s,%s", pty->path, options);
  activate ("connect", g_variant_new_string (spec));
}

static void
remove_device (const char *name)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.device-remove", "s", name));
  g_assert_null (find_device (name));
}

/* Whether win.NAME is enabled, as a button bound to it would show */
static gboolean
action_enabled (const char *name)
{
  g_autofree char *detailed = g_strconcat ("win.", name, NULL);
  GtkBox *box = bench_device_page_get_plot_area (page_of (NULL));
  GtkWidget *probe = gtk_button_new ();
  gboolean enabled;

  gtk_actionable_set_detailed_action_name (GTK_ACTIONABLE (probe), detailed);
  gtk_box_append (box, probe);
  enabled = gtk_widget_get_sensitive (probe);
  gtk_box_remove (box, probe);

  return enabled;
}

static gboolean
window_show_plot (void)
{
  gboolean show;

  g_object_get (window, "show-plot", &show, NULL);
  return show;
}

static gboolean
plot_area_shown (const char *name)
{
  return gtk_widget_get_visible (GTK_WIDGET (bench_device_page_get_plot_area (page_of (name))));
}

/* Pixels */

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

/* Pixels within a small colour distance of @color in [x0, x1] × [y0, y1] */
static guint
count_color (const Image   *img,
             const GdkRGBA *color,
             int            x0,
             int            y0,
             int            x1,
             int            y1)
{
  guint n = 0;

  for (int y = MAX (0, y0); y <= MIN (img->height - 1, y1); y++)
    for (int x = MAX (0, x0); x <= MIN (img->width - 1, x1); x++)
      {
        guint32 p = img->pixels[y * img->width + x];
        int a = p >> 24;
        int r, g, b;

        if (a == 0)
          continue;
        r = ((p >> 16) & 0xff) * 255 / a;
        g = ((p >> 8) & 0xff) * 255 / a;
        b = (p & 0xff) * 255 / a;
        n += abs (r - (int) lround (color->red * 255)) + abs (g - (int) lround (color->green * 255)) +
             abs (b - (int) lround (color->blue * 255)) < 90;
      }

  return n;
}

/* How many pixels of @trace's colour the plot shows along value @value */
static guint
trace_pixels_at (BenchPlot      *plot,
                 BenchPlotTrace *trace,
                 double          value)
{
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(Image) img = NULL;
  int width = gtk_widget_get_width (GTK_WIDGET (plot));
  int height = gtk_widget_get_height (GTK_WIDGET (plot));
  graphene_rect_t area;
  double lo, hi, y;
  GdkRGBA color;

  texture = render (GTK_WIDGET (plot));
  if (g_getenv ("DEBUG_PIXELS"))
    gdk_texture_save_to_png (texture, "/tmp/plotui/pixels.png");
  img = image_new (texture);
  bench_plot_get_geometry (plot, width, height, &area, NULL, NULL, &lo, &hi);
  bench_plot_get_trace_color (plot, trace, &color);
  y = area.origin.y + (hi - value) / (hi - lo) * area.size.height;

  return count_color (img, &color, (int) area.origin.x, (int) y - 2,
                      (int) (area.origin.x + area.size.width), (int) y + 2);
}

/* Cases */

/* A device that sends numbers gets a plot under its console */
static void
test_plot_shown (void)
{
  BenchPlotView *view;
  BenchPlot *plot;
  GtkLabel *value = NULL;

  open_device (&bench_pty, "name=Bench,eol=lf");
  WAIT_FOR (find_device ("Bench") && bench_device_get_state (find_device ("Bench")) == BENCH_DEVICE_CONNECTED, 5000);
  bench_window_select_device (window, find_device ("Bench"));

  view = view_of ("Bench");
  plot = bench_plot_view_get_plot (view);
  g_assert_true (bench_plot_view_get_device (view) == find_device ("Bench"));
  g_assert_true (bench_plot_view_get_channel_set (view) == _bench_window_get_channel_set (window, find_device ("Bench")));
  g_assert_cmpint (bench_plot_view_get_mode (view), ==, BENCH_PLOT_AUTO);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (view)));
  g_assert_true (plot_area_shown ("Bench"));
  /* on the session clock */
  g_assert_cmpint (bench_plot_get_session_start (plot), ==,
                   bench_session_get_start_mono (bench_application_get_session (app)));

  /* no numbers yet: a status that says what the mode looks for, no blank box */
  g_assert_true (bench_plot_view_get_empty (view));
  g_assert_nonnull (strstr (bench_plot_view_get_empty_text (view), "Every number in the lines of Bench"));
  write_str (bench_pty.master, "hello, no numbers here\n");
  bench_test_spin (200);
  g_assert_true (bench_plot_view_get_empty (view));
  save_png (GTK_WIDGET (window), "plot-empty.png");

  /* numbers: channels, traces, legend values as text */
  WRITE_LINES (bench_pty.master, 20, 20, "10.5,90.25\n");
  WAIT_FOR (n_traces (plot) == 2, 3000);
  g_assert_false (bench_plot_view_get_empty (view));
  g_assert_cmpstr (bench_plot_trace_get_label (trace_at (plot, 0)), ==, "1");
  g_assert_true (bench_plot_legend_get_entry (bench_plot_view_get_legend (view), 1, NULL, &value));
  WAIT_FOR (g_strcmp0 (gtk_label_get_text (value), "90.25") == 0, 2000);
  save_png (GTK_WIDGET (window), "plot-device.png");
}

/* Unticking a channel in the legend takes its trace off the plot */
static void
test_legend_toggle (void)
{
  BenchPlotView *view = view_of ("Bench");
  BenchPlot *plot = bench_plot_view_get_plot (view);
  BenchPlotTrace *second = trace_at (plot, 1);
  GtkCheckButton *check = NULL;

  bench_plot_set_time_window (plot, BENCH_PLOT_WINDOW_10S);
  bench_plot_set_y_range (plot, 0, 100);
  WRITE_LINES (bench_pty.master, 20, 20, "10.5,90.25\n");
  bench_test_spin (100);

  g_assert_cmpuint (trace_pixels_at (plot, second, 90.25), >, 20);

  g_assert_true (bench_plot_legend_get_entry (bench_plot_view_get_legend (view), 1, &check, NULL));
  g_assert_true (gtk_check_button_get_active (check));
  gtk_check_button_set_active (check, FALSE);
  g_assert_false (bench_plot_trace_get_visible (second));
  g_assert_false (bench_channel_get_visible (bench_plot_trace_get_channel (second)));
  g_assert_cmpuint (trace_pixels_at (plot, second, 90.25), ==, 0);
  /* the other trace is still drawn */
  g_assert_cmpuint (trace_pixels_at (plot, trace_at (plot, 0), 10.5), >, 20);
  save_png (GTK_WIDGET (view), "plot-legend-hidden.png");

  gtk_check_button_set_active (check, TRUE);
  g_assert_cmpuint (trace_pixels_at (plot, second, 90.25), >, 20);
  bench_plot_reset_view (plot);
}

/* Pause freezes the shown range while data keep arriving */
static void
test_pause (void)
{
  BenchPlotView *view = view_of ("Bench");
  BenchPlot *plot = bench_plot_view_get_plot (view);
  GtkLabel *value = NULL;
  double t0, t1, p0, p1, r0, r1;
  guint length;
  guint64 rows;

  bench_plot_set_time_window (plot, BENCH_PLOT_WINDOW_10S);
  WRITE_LINES (bench_pty.master, 5, 60, "1.0,%u.5\n", _i);
  bench_test_spin (100);
  bench_plot_get_x_range (plot, &t0, &t1);

  /* Ctrl+Shift+Space */
  g_assert_true (action_enabled ("plot-pause"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.plot-pause", NULL));
  g_assert_true (bench_plot_get_paused (plot));
  bench_plot_get_x_range (plot, &p0, &p1);
  g_assert_cmpfloat_with_epsilon (p1, t1, 0.5);

  /* data keep coming: samples, legend values, console rows */
  length = series_length (plot, 1);
  rows = bench_device_get_rx_lines (find_device ("Bench"));
  WRITE_LINES (bench_pty.master, 10, 60, "2.0,%u.75\n", _i);
  g_assert_true (bench_plot_legend_get_entry (bench_plot_view_get_legend (view), 1, NULL, &value));
  WAIT_FOR (g_strcmp0 (gtk_label_get_text (value), "9.750") == 0, 2000);
  g_assert_cmpuint (series_length (plot, 1), ==, length + 10);
  g_assert_cmpuint (bench_device_get_rx_lines (find_device ("Bench")), ==, rows + 10);
  save_png (GTK_WIDGET (view), "plot-paused.png");

  /* and the view did not move */
  {
    double q0, q1;

    bench_plot_get_x_range (plot, &q0, &q1);
    g_assert_cmpfloat (q0, ==, p0);
    g_assert_cmpfloat (q1, ==, p1);
  }

  /* the toolbar's button resumes: the range catches up with the data */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "plot.paused", NULL));
  g_assert_false (bench_plot_get_paused (plot));
  bench_plot_get_x_range (plot, &r0, &r1);
  {
    gint64 newest_us;
    double newest;

    /* the newest sample is back in view (a session younger than the
     * window shows it from the session's start, so the end may stay) */
    g_assert_true (bench_series_get_last (bench_channel_get_series (bench_plot_trace_get_channel (trace_at (plot, 1))),
                                          &newest_us, NULL));
    newest = (newest_us - bench_plot_get_session_start (plot)) / (double) G_USEC_PER_SEC;
    g_assert_cmpfloat (r1, >, newest);
    g_assert_cmpfloat (r0, <=, newest);
    g_assert_cmpfloat (r1, >=, p1);
  }
  g_assert_cmpfloat_with_epsilon (r1 - r0, 10.0, 0.2);
}

/* The time-window buttons (and Ctrl+[ / Ctrl+]) change the x range */
static void
test_time_window (void)
{
  BenchPlotView *view = view_of ("Bench");
  BenchPlot *plot = bench_plot_view_get_plot (view);
  GSettings *settings = settings_of (bench_pty.path);
  double t0, t1, first;
  gint64 first_us;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "plot.time-window", "d", 600.0));
  g_assert_cmpfloat (bench_plot_get_time_window (plot), ==, 600.0);
  bench_plot_get_x_range (plot, &t0, &t1);
  g_assert_cmpfloat_with_epsilon (t1 - t0, 600.0, 6.0);
  /* remembered for the device */
  g_assert_cmpfloat (g_settings_get_double (settings, "plot-window"), ==, 600.0);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.plot-window-shorter", NULL));
  g_assert_cmpfloat (bench_plot_get_time_window (plot), ==, 60.0);
  bench_plot_get_x_range (plot, &t0, &t1);
  g_assert_cmpfloat_with_epsilon (t1 - t0, 60.0, 0.6);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.plot-window-shorter", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.plot-window-shorter", NULL));
  g_assert_cmpfloat (bench_plot_get_time_window (plot), ==, 10.0);
  bench_plot_get_x_range (plot, &t0, &t1);
  g_assert_cmpfloat_with_epsilon (t1 - t0, 10.0, 0.1);

  /* All: from the first sample kept */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.plot-window-longer", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.plot-window-longer", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.plot-window-longer", NULL));
  g_assert_cmpfloat (bench_plot_get_time_window (plot), ==, BENCH_PLOT_WINDOW_ALL);
  g_assert_true (bench_series_get_first (bench_channel_get_series (bench_plot_trace_get_channel (trace_at (plot, 0))),
                                         &first_us, NULL));
  first = (first_us - bench_plot_get_session_start (plot)) / (double) G_USEC_PER_SEC;
  bench_plot_get_x_range (plot, &t0, &t1);
  g_assert_cmpfloat (t0, <=, first);
  g_assert_cmpfloat (t1 - t0, <, 60.0);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "plot.time-window", "d", 60.0));
  g_assert_cmpfloat (g_settings_get_double (settings, "plot-window"), ==, 60.0);
}

static guint
dropdown_index (BenchPlotMode mode)
{
  static const BenchPlotMode order[] = {
    BENCH_PLOT_AUTO, BENCH_PLOT_KV, BENCH_PLOT_CSV, BENCH_PLOT_REGEX, BENCH_PLOT_OFF,
  };

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    if (order[i] == mode)
      return i;
  g_assert_not_reached ();
}

static GtkDropDown *
mode_dropdown (BenchPlotView *view)
{
  GtkWidget *toolbar = gtk_widget_get_first_child (GTK_WIDGET (view));

  for (GtkWidget *c = gtk_widget_get_first_child (toolbar); c; c = gtk_widget_get_next_sibling (c))
    if (GTK_IS_DROP_DOWN (c))
      return GTK_DROP_DOWN (c);
  g_assert_not_reached ();
}

/* the toggle right after the mode's drop-down */
static GtkToggleButton *
skip_times_check (BenchPlotView *view)
{
  GtkWidget *next = gtk_widget_get_next_sibling (GTK_WIDGET (mode_dropdown (view)));

  g_assert_true (GTK_IS_TOGGLE_BUTTON (next));
  g_assert_cmpstr (gtk_button_get_icon_name (GTK_BUTTON (next)), ==, "bench-skip-times-symbolic");
  return GTK_TOGGLE_BUTTON (next);
}

static double
trace_latest (BenchPlot *plot,
              guint      position)
{
  return bench_channel_get_latest_value (bench_plot_trace_get_channel (trace_at (plot, position)));
}

/* Auto mode's Skip Times: the clock at the start of a line is no channel,
 * the reading is channel 1; remembered; only offered in auto mode */
static void
test_skip_times (void)
{
  BenchPlotView *view = view_of ("Bench");
  BenchPlot *plot = bench_plot_view_get_plot (view);
  GSettings *settings = settings_of (bench_pty.path);
  GtkToggleButton *check = skip_times_check (view);

  g_assert_cmpint (bench_plot_view_get_mode (view), ==, BENCH_PLOT_AUTO);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (check)));
  g_assert_false (gtk_toggle_button_get_active (check));

  /* not skipped: hours, minutes and seconds are channels 1-3 (the
   * channels of earlier auto lines are the same positions) */
  WRITE_LINES (bench_pty.master, 3, 20, "12:00:0%u 21.%u\n", _i, _i);
  WAIT_FOR (n_traces (plot) == 4 && trace_latest (plot, 3) == 21.2, 3000);
  g_assert_cmpfloat (trace_latest (plot, 0), ==, 12);

  /* the user ticks it: the channels start afresh, the reading is channel 1 */
  gtk_toggle_button_set_active (check, TRUE);
  g_assert_true (bench_plot_view_get_skip_timestamps (view));
  g_assert_true (bench_channel_set_get_skip_timestamps (bench_plot_view_get_channel_set (view)));
  g_assert_true (g_settings_get_boolean (settings, "plot-skip-timestamps"));
  WAIT_FOR (n_traces (plot) == 0, 3000);
  WRITE_LINES (bench_pty.master, 3, 20, "12:00:1%u.250 22.%u\n", _i, _i);
  WAIT_FOR (n_traces (plot) == 1 && trace_latest (plot, 0) == 22.2, 3000);
  g_assert_cmpstr (bench_plot_trace_get_label (trace_at (plot, 0)), ==, "1");
  save_png (GTK_WIDGET (view), "plot-skip-times.png");

  /* only offered where it means something */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.plot-mode", "s", "kv"));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (check)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.plot-mode", "s", "auto"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (check)));
  g_assert_true (gtk_toggle_button_get_active (check));

  /* remembered with the device */
  remove_device ("Bench");
  open_device (&bench_pty, "name=Bench,eol=lf");
  WAIT_FOR (find_device ("Bench") && bench_device_get_state (find_device ("Bench")) == BENCH_DEVICE_CONNECTED, 5000);
  bench_window_select_device (window, find_device ("Bench"));
  view = view_of ("Bench");
  g_assert_true (bench_plot_view_get_skip_timestamps (view));
  g_assert_true (gtk_toggle_button_get_active (skip_times_check (view)));
  g_assert_true (bench_channel_set_get_skip_timestamps (bench_plot_view_get_channel_set (view)));

  /* unticked for the cases after this one, with two channels as before */
  gtk_toggle_button_set_active (skip_times_check (view), FALSE);
  g_assert_false (g_settings_get_boolean (settings, "plot-skip-timestamps"));
  plot = bench_plot_view_get_plot (view);
  WAIT_FOR (n_traces (plot) == 0, 3000);
  WRITE_LINES (bench_pty.master, 12, 10, "1.%u,2.%u\n", _i, _i);
  WAIT_FOR (n_traces (plot) == 2, 3000);
}

/* The mode selector: key=value, regex with inline errors; remembered per
 * device; plot=off hides the plot */
static void
test_mode (void)
{
  BenchPlotView *view = view_of ("Bench");
  BenchPlot *plot = bench_plot_view_get_plot (view);
  GSettings *settings = settings_of (bench_pty.path);
  BenchChannelSet *set = bench_plot_view_get_channel_set (view);
  GtkEditable *entry;

  /* key=value from the drop-down: named channels, the mode remembered */
  gtk_drop_down_set_selected (mode_dropdown (view), dropdown_index (BENCH_PLOT_KV));
  g_assert_cmpint (bench_plot_view_get_mode (view), ==, BENCH_PLOT_KV);
  g_assert_cmpint (bench_channel_set_get_mode (set), ==, BENCH_PLOT_KV);
  g_assert_cmpuint (n_traces (plot), ==, 0);
  g_assert_true (bench_plot_view_get_empty (view));
  g_assert_nonnull (strstr (bench_plot_view_get_empty_text (view), "temp=21.5"));
  g_assert_cmpint (g_settings_get_enum (settings, "plot-mode"), ==, BENCH_PLOT_KV);
  {
    g_autofree char *state = NULL;

    g_object_get (window, "plot-mode", &state, NULL);
    g_assert_cmpstr (state, ==, "kv");
  }
  WRITE_LINES (bench_pty.master, 5, 20, "temp=2%u.5 rh=4%u\n", _i, _i);
  WAIT_FOR (n_traces (plot) == 2, 3000);
  g_assert_cmpstr (bench_plot_trace_get_label (trace_at (plot, 0)), ==, "temp");
  g_assert_cmpstr (bench_plot_trace_get_label (trace_at (plot, 1)), ==, "rh");

  /* regex: a bad pattern is reported inline and nothing is plotted */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.plot-mode", "s", "regex"));
  g_assert_cmpint (bench_plot_view_get_mode (view), ==, BENCH_PLOT_REGEX);
  g_assert_cmpuint (gtk_drop_down_get_selected (mode_dropdown (view)), ==, dropdown_index (BENCH_PLOT_REGEX));
  entry = bench_plot_view_get_pattern_entry (view);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (entry)));
  g_assert_cmpint (bench_channel_set_get_mode (set), ==, BENCH_PLOT_OFF);
  g_assert_nonnull (strstr (bench_plot_view_get_empty_text (view), "named group"));

  gtk_editable_set_text (entry, "V=(?<volts>[-0-9.]+");
  /* checked as typed */
  g_assert_nonnull (bench_plot_view_get_pattern_error (view));
  g_assert_true (g_str_has_prefix (bench_plot_view_get_pattern_error (view), "Bad pattern: "));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (entry), "error"));
  g_signal_emit_by_name (entry, "activate");
  g_assert_nonnull (bench_plot_view_get_pattern_error (view));
  g_assert_cmpint (bench_channel_set_get_mode (set), ==, BENCH_PLOT_OFF);
  save_png (GTK_WIDGET (window), "plot-regex-error.png");

  /* a good one: its named groups are the channels */
  gtk_editable_set_text (entry, "V=(?<volts>[-0-9.]+) I=(?<amps>[-0-9.]+)");
  g_assert_null (bench_plot_view_get_pattern_error (view));
  g_signal_emit_by_name (entry, "activate");
  g_assert_null (bench_plot_view_get_pattern_error (view));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (entry), "error"));
  g_assert_cmpint (bench_channel_set_get_mode (set), ==, BENCH_PLOT_REGEX);
  {
    g_autofree char *pattern = g_settings_get_string (settings, "plot-pattern");

    g_assert_cmpstr (pattern, ==, "V=(?<volts>[-0-9.]+) I=(?<amps>[-0-9.]+)");
  }
  WRITE_LINES (bench_pty.master, 5, 20, "V=1.2%u I=0.0%u\n", _i, _i);
  WAIT_FOR (n_traces (plot) == 2, 3000);
  g_assert_cmpstr (bench_plot_trace_get_label (trace_at (plot, 0)), ==, "volts");
  g_assert_cmpstr (bench_plot_trace_get_label (trace_at (plot, 1)), ==, "amps");

  /* remembered: the device comes back with its mode and pattern */
  remove_device ("Bench");
  open_device (&bench_pty, "name=Bench,eol=lf");
  WAIT_FOR (find_device ("Bench") && bench_device_get_state (find_device ("Bench")) == BENCH_DEVICE_CONNECTED, 5000);
  bench_window_select_device (window, find_device ("Bench"));
  view = view_of ("Bench");
  g_assert_cmpint (bench_plot_view_get_mode (view), ==, BENCH_PLOT_REGEX);
  g_assert_cmpstr (bench_plot_view_get_pattern (view), ==, "V=(?<volts>[-0-9.]+) I=(?<amps>[-0-9.]+)");
  g_assert_cmpint (bench_channel_set_get_mode (bench_plot_view_get_channel_set (view)), ==, BENCH_PLOT_REGEX);

  /* back to auto for the cases after this one */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.plot-mode", "s", "auto"));
  g_assert_cmpint (g_settings_get_enum (settings, "plot-mode"), ==, BENCH_PLOT_AUTO);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (bench_plot_view_get_pattern_entry (view))));
  WRITE_LINES (bench_pty.master, 10, 20, "10.5,90.25\n");
  WAIT_FOR (n_traces (bench_plot_view_get_plot (view)) >= 2, 3000);
}

/* plot=off: no plot; the device menu's mode brings it back */
static void
test_plot_off (void)
{
  BenchPlotView *view;

  open_device (&quiet_pty, "name=Quiet,eol=lf,plot=off");
  WAIT_FOR (find_device ("Quiet") && bench_device_get_state (find_device ("Quiet")) == BENCH_DEVICE_CONNECTED, 5000);
  bench_window_select_device (window, find_device ("Quiet"));
  view = view_of ("Quiet");

  g_assert_cmpint (bench_plot_view_get_mode (view), ==, BENCH_PLOT_OFF);
  g_assert_cmpint (bench_channel_set_get_mode (bench_plot_view_get_channel_set (view)), ==, BENCH_PLOT_OFF);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (view)));
  g_assert_false (plot_area_shown ("Quiet"));
  g_assert_cmpint (g_settings_get_enum (settings_of (quiet_pty.path), "plot-mode"), ==, BENCH_PLOT_OFF);
  /* nothing to show or export; the mode is still there to change */
  g_assert_false (action_enabled ("show-plot"));
  g_assert_false (action_enabled ("plot-pause"));
  g_assert_true (action_enabled ("plot-mode('auto')"));
  WRITE_LINES (quiet_pty.master, 5, 10, "1.%u,2.%u\n", _i, _i);
  bench_test_spin (200);
  g_assert_cmpuint (n_traces (bench_plot_view_get_plot (view)), ==, 0);
  save_png (GTK_WIDGET (window), "plot-off.png");

  /* the menu's Plot Numbers ▸ Auto */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.plot-mode", "s", "auto"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (view)));
  g_assert_true (plot_area_shown ("Quiet"));
  g_assert_true (action_enabled ("show-plot"));
  WRITE_LINES (quiet_pty.master, 5, 10, "1.%u,2.%u\n", _i, _i);
  WAIT_FOR (n_traces (bench_plot_view_get_plot (view)) == 2, 3000);
}

/* The plot can be hidden (the console gets the page back), remembered */
static void
test_show_hide (void)
{
  BenchPlotView *view = view_of ("Quiet");
  GSettings *settings = settings_of (quiet_pty.path);
  GtkWidget *console = GTK_WIDGET (bench_device_page_get_console_view (page_of ("Quiet")));
  int console_height;

  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  console_height = gtk_widget_get_height (console);
  g_assert_true (window_show_plot ());

  /* Ctrl+Shift+P */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-plot", NULL));
  g_assert_false (bench_plot_view_get_show_plot (view));
  g_assert_false (plot_area_shown ("Quiet"));
  g_assert_false (g_settings_get_boolean (settings, "show-plot"));
  WAIT_FOR ((gtk_test_widget_wait_for_draw (GTK_WIDGET (window)), gtk_widget_get_height (console) > console_height + 100), 2000);
  g_assert_false (action_enabled ("plot-pause"));
  save_png (GTK_WIDGET (window), "plot-hidden.png");

  /* other pages keep theirs */
  g_assert_true (plot_area_shown ("Bench"));

  /* remembered for the device */
  remove_device ("Quiet");
  open_device (&quiet_pty, "name=Quiet,eol=lf");
  WAIT_FOR (find_device ("Quiet") != NULL, 2000);
  bench_window_select_device (window, find_device ("Quiet"));
  view = view_of ("Quiet");
  g_assert_cmpint (bench_plot_view_get_mode (view), ==, BENCH_PLOT_AUTO);
  g_assert_false (bench_plot_view_get_show_plot (view));
  g_assert_false (plot_area_shown ("Quiet"));
  g_assert_false (window_show_plot ());

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-plot", NULL));
  g_assert_true (plot_area_shown ("Quiet"));
  g_assert_true (g_settings_get_boolean (settings, "show-plot"));
  bench_window_select_device (window, find_device ("Bench"));
}

static gboolean
is_png (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = gdk_texture_new_from_filename (path, &error);

  g_assert_no_error (error);
  return gdk_texture_get_width (texture) > 100 && gdk_texture_get_height (texture) > 100;
}

static char *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_no_error (error);
  return contents;
}

/* app.export-plot ((ss) device, path): PNG, SVG, CSV; errors reported */
/* app.export-plot, then the main loop until its toast: the file is
 * written without blocking the window */
static void
export_plot (const char *device,
             const char *path)
{
  g_clear_pointer (&window->last_toast, g_free);
  activate ("export-plot", g_variant_new ("(ss)", device, path));
  WAIT_FOR (window->last_toast != NULL, 5000);
}

static void
test_export_plot (void)
{
  g_autofree char *png = g_build_filename (tmpdir, "bench.png", NULL);
  g_autofree char *svg = g_build_filename (tmpdir, "bench.SVG", NULL);
  g_autofree char *csv = g_build_filename (tmpdir, "bench.csv", NULL);
  g_autofree char *all = g_build_filename (tmpdir, "all.png", NULL);
  g_autofree char *chosen = g_build_filename (tmpdir, "chosen", NULL);
  g_autofree char *chosen_svg = g_build_filename (tmpdir, "chosen.svg", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  guint rows = 0;

  export_plot ("Bench", png);
  g_assert_true (g_file_test (png, G_FILE_TEST_IS_REGULAR));
  g_assert_true (is_png (png));
  g_assert_cmpstr (window->last_toast, ==, "Exported the plot of Bench to bench.png");

  export_plot ("Bench", svg);
  text = read_file (svg);
  g_assert_true (g_str_has_prefix (text, "<?xml"));
  g_assert_nonnull (strstr (text, "<svg"));
  g_assert_nonnull (strstr (text, "</svg>"));
  g_clear_pointer (&text, g_free);

  /* wide CSV: one column per channel */
  export_plot ("Bench", csv);
  text = read_file (csv);
  lines = g_strsplit (text, "\r\n", -1);
  g_assert_cmpstr (lines[0], ==, "time,elapsed,1,2");
  for (guint i = 1; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], ",", -1);

      g_assert_cmpuint (g_strv_length (fields), ==, 4);
      g_assert_true (g_str_has_suffix (fields[0], "Z"));
      if (g_str_equal (fields[2], "10.5"))
        g_assert_cmpstr (fields[3], ==, "90.25");
      rows++;
    }
  g_assert_cmpuint (rows, >=, 10);

  /* "" is the combined plot of All Devices */
  export_plot ("", all);
  g_assert_true (is_png (all));
  g_assert_cmpstr (window->last_toast, ==, "Exported the combined plot to all.png");

  /* errors: a toast and app.last-error */
  export_plot ("Ghost", png);
  g_assert_cmpstr (last_error (), ==, "No device named “Ghost”");
  g_assert_cmpstr (window->last_toast, ==, last_error ());
  {
    g_autoptr(GVariant) state = g_action_group_get_action_state (G_ACTION_GROUP (app), "last-error");

    g_assert_cmpstr (g_variant_get_string (state, NULL), ==, "No device named “Ghost”");
  }
  export_plot ("Bench", "/nonexistent/dir/plot.png");
  g_assert_true (g_str_has_prefix (last_error (), "Cannot export the plot to “/nonexistent/dir/plot.png”: "));
  export_plot ("Bench", "/proc/version.csv");
  g_assert_true (g_str_has_prefix (last_error (), "Cannot export plot data to “/proc/version.csv”: "));
  g_remove ("/tmp/plot.txt");
  export_plot ("Bench", "/tmp/plot.txt");
  g_assert_cmpstr (last_error (), ==, "Cannot export the plot to “/tmp/plot.txt”: the name must end in .png, .svg or .csv");
  g_assert_false (g_file_test ("/tmp/plot.txt", G_FILE_TEST_EXISTS));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.plot-mode", "s", "off");
  export_plot ("Bench", png);
  g_assert_cmpstr (last_error (), ==, "Cannot export the plot of Bench: plotting is off for it");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.plot-mode", "s", "auto");
  WRITE_LINES (bench_pty.master, 5, 20, "10.5,90.25\n");
  WAIT_FOR (n_traces (plot_of ("Bench")) >= 2, 3000);

  /* Ctrl+Shift+E and the plot's menu ask for a file, with a sensible name */
  {
    BenchPlotView *view = view_of ("Bench");
    g_autoptr(GRegex) name_re = g_regex_new ("^benchtop-plot-Bench-[0-9]{4}-[0-9]{2}-[0-9]{2}-[0-9]{4}\\.png$", 0, 0, NULL);
    g_autofree char *name = NULL;
    GtkNativeDialog *chooser;

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.export-plot", NULL));
    chooser = bench_plot_view_get_chooser (view);
    g_assert_nonnull (chooser);
    name = gtk_file_chooser_get_current_name (GTK_FILE_CHOOSER (chooser));
    g_assert_true (g_regex_match (name_re, name, 0, NULL));
    g_assert_cmpstr (gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (chooser), "format"), ==, "png");
    g_signal_emit_by_name (chooser, "response", GTK_RESPONSE_CANCEL);
    g_assert_null (bench_plot_view_get_chooser (view));
    bench_test_spin (100);

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "plot.export", "s", "csv"));
    chooser = bench_plot_view_get_chooser (view);
    g_assert_nonnull (chooser);
    g_clear_pointer (&name, g_free);
    name = gtk_file_chooser_get_current_name (GTK_FILE_CHOOSER (chooser));
    g_assert_true (g_str_has_suffix (name, ".csv"));
    g_assert_cmpstr (gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (chooser), "format"), ==, "csv");
    g_signal_emit_by_name (chooser, "response", GTK_RESPONSE_CANCEL);
    g_assert_null (bench_plot_view_get_chooser (view));
    bench_test_spin (100);
  }

  /* what the file chooser returns: the chosen format's extension added */
  {
    g_autoptr(GFile) file = g_file_new_for_path (chosen);

    g_clear_pointer (&window->last_toast, g_free);
    bench_plot_view_export_to (view_of ("Bench"), file, "svg");
  }
  WAIT_FOR (window->last_toast != NULL, 5000);
  g_assert_true (g_file_test (chosen_svg, G_FILE_TEST_IS_REGULAR));
  g_assert_false (g_file_test (chosen, G_FILE_TEST_EXISTS));
}

/* The check buttons of the combined view's picker, as "device/channel" → button */
static GHashTable *
picker_checks (BenchPlotView *view)
{
  GHashTable *checks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const char *device = NULL;

  bench_plot_view_refresh_picker (view);
  for (GtkWidget *c = gtk_widget_get_first_child (bench_plot_view_get_picker (view)); c;
       c = gtk_widget_get_next_sibling (c))
    {
      if (GTK_IS_LABEL (c) && gtk_widget_has_css_class (c, "heading"))
        device = gtk_label_get_text (GTK_LABEL (c));
      else if (GTK_IS_CHECK_BUTTON (c))
        g_hash_table_insert (checks, g_strdup_printf ("%s/%s", device, gtk_check_button_get_label (GTK_CHECK_BUTTON (c))), c);
    }

  return checks;
}

/* All Devices: channels of several devices on one time axis */
static void
test_combined (void)
{
  BenchPlotView *view = view_of (NULL);
  BenchPlot *plot = bench_plot_view_get_plot (view);
  g_autoptr(GHashTable) checks = NULL;
  BenchPlotTrace *bench, *temp;
  GdkRGBA a, b;

  open_device (&other_pty, "name=Oven,eol=lf,plot=kv");
  WAIT_FOR (find_device ("Oven") && bench_device_get_state (find_device ("Oven")) == BENCH_DEVICE_CONNECTED, 5000);
  WRITE_LINES (other_pty.master, 10, 20, "temp=2%u.5 heater=%u\n", _i, _i);
  WRITE_LINES (bench_pty.master, 10, 20, "10.5,90.25\n");
  WRITE_LINES (quiet_pty.master, 10, 20, "1.%u,2.%u\n", _i, _i);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-overview", NULL));
  g_assert_null (bench_plot_view_get_device (view));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (view)));
  /* the mode belongs to devices */
  g_assert_false (action_enabled ("plot-mode('auto')"));
  g_assert_true (action_enabled ("show-plot"));
  g_assert_cmpint (bench_plot_get_session_start (plot), ==,
                   bench_session_get_start_mono (bench_application_get_session (app)));

  /* by default the first channel of each device */
  WAIT_FOR (trace_labelled (plot, "Oven/temp") != NULL && trace_labelled (plot, "Quiet/1") != NULL, 3000);
  bench = trace_labelled (plot, "Bench/1");
  temp = trace_labelled (plot, "Oven/temp");
  g_assert_nonnull (bench);
  g_assert_nonnull (trace_labelled (plot, "Quiet/1"));
  g_assert_null (trace_labelled (plot, "Bench/2"));
  g_assert_null (trace_labelled (plot, "Oven/heater"));
  bench_plot_get_trace_color (plot, bench, &a);
  bench_plot_get_trace_color (plot, temp, &b);
  g_assert_false (gdk_rgba_equal (&a, &b));
  g_assert_true (bench_plot_view_get_picked (view, bench_plot_trace_get_channel (bench)));

  /* the picker: every device's channels, ticked as plotted */
  checks = picker_checks (view);
  g_assert_nonnull (g_hash_table_lookup (checks, "Bench/1"));
  g_assert_nonnull (g_hash_table_lookup (checks, "Bench/2"));
  g_assert_nonnull (g_hash_table_lookup (checks, "Oven/heater"));
  g_assert_true (gtk_check_button_get_active (g_hash_table_lookup (checks, "Oven/temp")));
  g_assert_false (gtk_check_button_get_active (g_hash_table_lookup (checks, "Oven/heater")));

  /* ticking adds, unticking removes */
  gtk_check_button_set_active (g_hash_table_lookup (checks, "Oven/heater"), TRUE);
  g_assert_nonnull (trace_labelled (plot, "Oven/heater"));
  gtk_check_button_set_active (g_hash_table_lookup (checks, "Quiet/1"), FALSE);
  g_assert_null (trace_labelled (plot, "Quiet/1"));
  gtk_check_button_set_active (g_hash_table_lookup (checks, "Bench/2"), TRUE);
  g_assert_nonnull (trace_labelled (plot, "Bench/2"));
  bench_plot_set_time_window (plot, BENCH_PLOT_WINDOW_10S);

  /* the legend names device/channel; its check hides the trace here only */
  {
    GtkCheckButton *check = NULL;
    BenchPlotTrace *heater = trace_labelled (plot, "Oven/heater");
    guint position;

    g_assert_true (g_list_store_find (G_LIST_STORE (bench_plot_get_traces (plot)), heater, &position));
    g_assert_true (bench_plot_legend_get_entry (bench_plot_view_get_legend (view), position, &check, NULL));
    gtk_check_button_set_active (check, FALSE);
    g_assert_false (bench_plot_trace_get_visible (heater));
    g_assert_true (bench_channel_get_visible (bench_plot_trace_get_channel (heater)));
    gtk_check_button_set_active (check, TRUE);
  }

  gtk_menu_button_popup (GTK_MENU_BUTTON (gtk_widget_get_ancestor (gtk_widget_get_parent (bench_plot_view_get_picker (view)),
                                                                   GTK_TYPE_MENU_BUTTON)));
  bench_test_spin (300);
  save_png (GTK_WIDGET (window), "plot-combined.png");
  save_png (gtk_widget_get_ancestor (bench_plot_view_get_picker (view), GTK_TYPE_POPOVER), "plot-picker.png");
  gtk_popover_popdown (GTK_POPOVER (gtk_widget_get_ancestor (bench_plot_view_get_picker (view), GTK_TYPE_POPOVER)));

  /* once the user picked for a device, a new mode does not pick for it */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-overview", NULL);
  bench_channel_set_set_mode (_bench_window_get_channel_set (window, find_device ("Quiet")), BENCH_PLOT_CSV);
  g_assert_null (trace_labelled (plot, "Quiet/1"));
  WRITE_LINES (quiet_pty.master, 5, 20, "3.%u,4.%u\n", _i, _i);
  WAIT_FOR (g_list_model_get_n_items (G_LIST_MODEL (_bench_window_get_channel_set (window, find_device ("Quiet")))) == 2, 3000);
  bench_test_spin (100);
  g_assert_null (trace_labelled (plot, "Quiet/1"));
  g_assert_nonnull (trace_labelled (plot, "Oven/temp"));

  /* a device that goes takes its traces along */
  remove_device ("Quiet");
  g_assert_null (trace_labelled (plot, "Quiet/1"));
  g_assert_nonnull (trace_labelled (plot, "Oven/heater"));
  remove_device ("Oven");
  g_assert_null (trace_labelled (plot, "Oven/temp"));
  g_assert_null (trace_labelled (plot, "Oven/heater"));
  /* one device left: plain channel names again */
  g_assert_cmpuint (n_traces (plot), ==, 2);
  g_assert_nonnull (trace_labelled (plot, "1"));
  g_assert_nonnull (trace_labelled (plot, "2"));
}

/* Every plot control has a name for assistive technologies */
static void
check_names (GtkWidget *widget,
             GPtrArray *nameless,
             guint     *checked)
{
  gboolean control = GTK_IS_BUTTON (widget) || GTK_IS_MENU_BUTTON (widget) || GTK_IS_ENTRY (widget) ||
                     GTK_IS_DROP_DOWN (widget) || GTK_IS_CHECK_BUTTON (widget);

  if (control && GTK_IS_TOGGLE_BUTTON (widget) &&
      (GTK_IS_MENU_BUTTON (gtk_widget_get_parent (widget)) || GTK_IS_DROP_DOWN (gtk_widget_get_parent (widget))))
    control = FALSE;
  /* libadwaita's own toasts (the errors of the export case) */
  if (control && g_str_equal (G_OBJECT_TYPE_NAME (gtk_widget_get_parent (widget)), "AdwToastWidget"))
    control = FALSE;

  if (control && gtk_widget_get_mapped (widget))
    {
      const char *label = NULL;
      gboolean named = gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL);

      if (GTK_IS_BUTTON (widget))
        label = gtk_button_get_label (GTK_BUTTON (widget));
      else if (GTK_IS_MENU_BUTTON (widget))
        label = gtk_menu_button_get_label (GTK_MENU_BUTTON (widget));
      else if (GTK_IS_CHECK_BUTTON (widget))
        label = gtk_check_button_get_label (GTK_CHECK_BUTTON (widget));
      named = named || (label != NULL && *label != '\0');

      (*checked)++;
      if (!named)
        g_ptr_array_add (nameless, g_strdup_printf ("%s (%s) in %s in %s in %s", G_OBJECT_TYPE_NAME (widget),
                                                    gtk_widget_get_tooltip_text (widget),
                                                    G_OBJECT_TYPE_NAME (gtk_widget_get_parent (widget)),
                                                    G_OBJECT_TYPE_NAME (gtk_widget_get_parent (gtk_widget_get_parent (widget))),
                                                    G_OBJECT_TYPE_NAME (gtk_widget_get_parent (gtk_widget_get_parent (gtk_widget_get_parent (widget))))));
    }

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    check_names (c, nameless, checked);
}

static void
test_accessible (void)
{
  g_autoptr(GPtrArray) nameless = g_ptr_array_new_with_free_func (g_free);
  BenchPlotView *view;
  GtkLabel *value = NULL;
  GtkWidget *popover;
  guint checked = 0;

  /* a device's plot, with the pattern entry shown */
  bench_window_select_device (window, find_device ("Bench"));
  view = view_of ("Bench");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.plot-mode", "s", "regex");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  check_names (GTK_WIDGET (view), nameless, &checked);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.plot-mode", "s", "auto");
  WRITE_LINES (bench_pty.master, 5, 20, "10.5,90.25\n");
  WAIT_FOR (n_traces (plot_of ("Bench")) >= 2, 3000);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  check_names (GTK_WIDGET (view), nameless, &checked);

  /* the plot says whose it is */
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (bench_plot_view_get_plot (view)),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Plot of Bench");

  /* the legend's values are labels that say whose value they are */
  g_assert_true (bench_plot_legend_get_entry (bench_plot_view_get_legend (view), 0, NULL, &value));
  g_assert_true (GTK_IS_LABEL (value));
  g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (value), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION));

  /* the combined plot and its picker */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-overview", NULL);
  view = view_of (NULL);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  check_names (GTK_WIDGET (view), nameless, &checked);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (bench_plot_view_get_plot (view)),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Combined plot of all devices");
  popover = gtk_widget_get_ancestor (bench_plot_view_get_picker (view), GTK_TYPE_POPOVER);
  gtk_popover_popup (GTK_POPOVER (popover));
  bench_test_spin (200);
  check_names (popover, nameless, &checked);
  gtk_popover_popdown (GTK_POPOVER (popover));

  /* the header's toggle */
  check_names (GTK_WIDGET (window), nameless, &checked);

  for (guint i = 0; i < nameless->len; i++)
    g_printerr ("no accessible name: %s\n", (char *) g_ptr_array_index (nameless, i));
  g_assert_cmpuint (nameless->len, ==, 0);
  g_assert_cmpuint (checked, >, 25);
}

/* Screenshots in the dark style, to look at */
static void
test_dark (void)
{
  AdwStyleManager *style = adw_style_manager_get_default ();

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  bench_window_select_device (window, find_device ("Bench"));
  WRITE_LINES (bench_pty.master, 20, 20, "1%u.5,90.25\n", _i);
  bench_test_spin (300);
  save_png (GTK_WIDGET (window), "plot-device-dark.png");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-overview", NULL);
  bench_test_spin (300);
  save_png (GTK_WIDGET (window), "plot-combined-dark.png");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
}

static void
close_pty (Pty *pty)
{
  if (pty->master >= 0)
    close (pty->master);
  if (pty->slave >= 0)
    close (pty->slave);
  g_free (pty->path);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *ports_root = NULL;
  int status;

  signal (SIGPIPE, SIG_IGN);
  /* the test AT context keeps accessible properties for the checks */
  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_disable_setlocale ();
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  if (!gtk_init_check ())
    {
      g_print ("1..0 # SKIP no display\n");
      return 77;
    }
  adw_init ();

  artifacts = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR") : ".", "artifacts", NULL);
  g_mkdir_with_parents (artifacts, 0755);
  tmpdir = bench_test_mkdtemp ();
  /* no serial ports to find: an empty tree */
  ports_root = g_build_filename (tmpdir, "ports", NULL);
  g_mkdir_with_parents (ports_root, 0755);

  app = g_object_new (BENCH_TYPE_APPLICATION,
                      "application-id", "io.github.benchtop.Benchtop.PlotTests",
                      "flags", G_APPLICATION_NON_UNIQUE | G_APPLICATION_HANDLES_COMMAND_LINE,
                      "resource-base-path", "/io/github/benchtop/Benchtop",
                      "ports-root", ports_root,
                      NULL);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (app));
  window = BENCH_WINDOW (bench_application_ensure_window (app));
  gtk_window_set_default_size (GTK_WINDOW (window), 1180, 760);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  g_test_add_func ("/benchtop/window-plot/shown", test_plot_shown);
  g_test_add_func ("/benchtop/window-plot/legend-toggle", test_legend_toggle);
  g_test_add_func ("/benchtop/window-plot/pause", test_pause);
  g_test_add_func ("/benchtop/window-plot/time-window", test_time_window);
  g_test_add_func ("/benchtop/window-plot/mode", test_mode);
  g_test_add_func ("/benchtop/window-plot/skip-times", test_skip_times);
  g_test_add_func ("/benchtop/window-plot/plot-off", test_plot_off);
  g_test_add_func ("/benchtop/window-plot/show-hide", test_show_hide);
  g_test_add_func ("/benchtop/window-plot/export", test_export_plot);
  g_test_add_func ("/benchtop/window-plot/combined", test_combined);
  g_test_add_func ("/benchtop/window-plot/accessible", test_accessible);
  g_test_add_func ("/benchtop/window-plot/dark", test_dark);

  status = g_test_run ();

  gtk_window_destroy (GTK_WINDOW (window));
  g_application_quit (G_APPLICATION (app));
  g_clear_object (&app);
  close_pty (&bench_pty);
  close_pty (&other_pty);
  close_pty (&quiet_pty);
  g_free (artifacts);
  g_free (tmpdir);

  return status;
}
