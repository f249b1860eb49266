/* plot-demo.c - a BenchPlot fed by synthetic instrument lines
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   plot-demo [--rate=LINES_PER_S] [--mode=auto|kv|csv] [--dark]
 *             [--screenshot=FILE.png --seconds=S]
 *
 * Lines such as "V=1.234V I=12.5mA T=23.41°C" are pushed into a
 * BenchChannelSet with real monotonic timestamps, as a device would. With
 * --screenshot the window is saved after S seconds and the demo quits.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <adwaita.h>

#include "bench-channel-set.h"
#include "bench-plot.h"
#include "bench-plot-legend.h"

typedef struct
{
  BenchChannelSet *set;
  BenchPlot       *plot;
  GtkWidget       *window;
  gint64           start;
  gint64           last;
  guint64          n_lines;
  double           rate;
  BenchPlotMode    mode;
} Demo;

static double  opt_rate = 200;
static char   *opt_mode = NULL;
static char   *opt_screenshot = NULL;
static double  opt_seconds = 3;
static gboolean opt_dark = FALSE;

static const GOptionEntry entries[] = {
  { "rate", 0, 0, G_OPTION_ARG_DOUBLE, &opt_rate, "Lines per second", "N" },
  { "mode", 0, 0, G_OPTION_ARG_STRING, &opt_mode, "Extraction mode: auto, kv or csv", "MODE" },
  { "screenshot", 0, 0, G_OPTION_ARG_FILENAME, &opt_screenshot, "Save the window as PNG and quit", "FILE" },
  { "seconds", 0, 0, G_OPTION_ARG_DOUBLE, &opt_seconds, "Run this long before the screenshot", "S" },
  { "dark", 0, 0, G_OPTION_ARG_NONE, &opt_dark, "Force the dark style", NULL },
  { NULL }
};

/* printf() follows LC_NUMERIC, which GTK sets from the environment:
 * numbers for the device lines go through g_ascii_formatd. */
static const char *
num (char       *buf,
     const char *format,
     double      value)
{
  return g_ascii_formatd (buf, G_ASCII_DTOSTR_BUF_SIZE, format, value);
}

static void
demo_line (Demo   *demo,
           gint64  mono)
{
  double s = (mono - demo->start) / (double) G_USEC_PER_SEC;
  double v = 1.2 * sin (s * 1.7) + 0.02 * g_random_double_range (-1, 1);
  double i = 12.5 + 4 * sin (s * 0.3) + (g_random_int_range (0, 4000) == 0 ? 30 : 0);
  double t = 23.4 + 0.5 * tanh (sin (s * 0.11) * 4);
  char a[G_ASCII_DTOSTR_BUF_SIZE], b[G_ASCII_DTOSTR_BUF_SIZE], c[G_ASCII_DTOSTR_BUF_SIZE];
  char line[160];

  switch (demo->mode)
    {
    case BENCH_PLOT_CSV:
      if (demo->n_lines == 0)
        {
          const char *header = "U [V],I [mA],T [°C]";

          bench_channel_set_push_line (demo->set, mono, mono, header, strlen (header));
        }
      g_snprintf (line, sizeof line, "%s,%s,%s",
                  num (a, "%.4f", v), num (b, "%.3f", i), num (c, "%.2f", t));
      break;

    case BENCH_PLOT_AUTO:
      g_snprintf (line, sizeof line, "%s V  %s mA  %s C",
                  num (a, "%+.6E", v), num (b, "%.3f", i), num (c, "%.2f", t));
      break;

    case BENCH_PLOT_KV:
    case BENCH_PLOT_OFF:
    case BENCH_PLOT_REGEX:
    default:
      g_snprintf (line, sizeof line, "V=%sV I=%smA T=%s°C",
                  num (a, "%.4f", v), num (b, "%.3f", i), num (c, "%.2f", t));
      break;
    }

  bench_channel_set_push_line (demo->set, mono, mono + (g_get_real_time () - g_get_monotonic_time ()),
                               line, strlen (line));
  demo->n_lines++;
}

static gboolean
demo_tick_cb (gpointer user_data)
{
  Demo *demo = user_data;
  gint64 now = g_get_monotonic_time ();
  gint64 step = (gint64) (G_USEC_PER_SEC / demo->rate);

  /* catch up in one batch, like a device read */
  while (demo->last + step <= now)
    {
      demo->last += step;
      demo_line (demo, demo->last);
    }

  return G_SOURCE_CONTINUE;
}

static gboolean
demo_screenshot_cb (gpointer user_data)
{
  Demo *demo = user_data;
  GtkNative *native = gtk_widget_get_native (demo->window);
  int w = gtk_widget_get_width (demo->window);
  int h = gtk_widget_get_height (demo->window);
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (demo->window);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;

  gdk_paintable_snapshot (paintable, snapshot, w, h);
  node = gtk_snapshot_free_to_node (snapshot);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (native), node,
                                         &GRAPHENE_RECT_INIT (0, 0, w, h));
  if (!gdk_texture_save_to_png (texture, opt_screenshot))
    g_printerr ("Cannot write %s\n", opt_screenshot);
  else
    g_print ("%s: %" G_GUINT64_FORMAT " lines\n", opt_screenshot, demo->n_lines);

  gtk_window_destroy (GTK_WINDOW (demo->window));
  return G_SOURCE_REMOVE;
}

static void
window_changed_cb (GtkDropDown *dropdown,
                   GParamSpec  *pspec,
                   BenchPlot   *plot)
{
  static const double windows[] = {
    BENCH_PLOT_WINDOW_10S, BENCH_PLOT_WINDOW_1MIN, BENCH_PLOT_WINDOW_10MIN, BENCH_PLOT_WINDOW_ALL,
  };
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (selected < G_N_ELEMENTS (windows))
    bench_plot_set_time_window (plot, windows[selected]);
}

static void
activate_cb (GtkApplication *app,
             Demo           *demo)
{
  static const char *window_names[] = { "10 s", "1 min", "10 min", "All", NULL };
  GtkWidget *header;
  GtkWidget *pause;
  GtkWidget *reset;
  GtkWidget *dropdown;
  GtkWidget *box;
  GtkWidget *legend;

  if (opt_dark)
    adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);

  demo->plot = BENCH_PLOT (bench_plot_new ());
  bench_plot_set_session_start (demo->plot, demo->start);
  bench_plot_set_time_window (demo->plot, BENCH_PLOT_WINDOW_10S);
  bench_plot_add_channel_set (demo->plot, demo->set);
  gtk_widget_set_vexpand (GTK_WIDGET (demo->plot), TRUE);

  legend = bench_plot_legend_new (demo->plot);
  gtk_widget_set_margin_start (legend, 12);
  gtk_widget_set_margin_end (legend, 12);
  gtk_widget_set_margin_bottom (legend, 6);

  pause = gtk_toggle_button_new ();
  gtk_button_set_icon_name (GTK_BUTTON (pause), "media-playback-pause-symbolic");
  gtk_widget_set_tooltip_text (pause, "Pause");
  g_object_bind_property (demo->plot, "paused", pause, "active",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);

  reset = gtk_button_new_with_label ("Live");
  gtk_widget_set_tooltip_text (reset, "Follow the newest data, autoscaled");
  g_signal_connect_swapped (reset, "clicked", G_CALLBACK (bench_plot_reset_view), demo->plot);

  dropdown = gtk_drop_down_new_from_strings (window_names);
  g_signal_connect (dropdown, "notify::selected", G_CALLBACK (window_changed_cb), demo->plot);

  header = adw_header_bar_new ();
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), pause);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), reset);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), dropdown);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_box_append (GTK_BOX (box), header);
  gtk_widget_set_margin_top (GTK_WIDGET (demo->plot), 12);
  gtk_widget_set_margin_start (GTK_WIDGET (demo->plot), 6);
  gtk_widget_set_margin_end (GTK_WIDGET (demo->plot), 12);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (demo->plot));
  gtk_box_append (GTK_BOX (box), legend);

  demo->window = adw_application_window_new (app);
  gtk_window_set_title (GTK_WINDOW (demo->window), "Benchtop plot demo");
  gtk_window_set_default_size (GTK_WINDOW (demo->window), 1000, 560);
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (demo->window), box);
  gtk_window_present (GTK_WINDOW (demo->window));

  g_timeout_add (10, demo_tick_cb, demo);
  if (opt_screenshot != NULL)
    g_timeout_add ((guint) (opt_seconds * 1000), demo_screenshot_cb, demo);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(AdwApplication) app = NULL;
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  Demo demo = { 0 };
  int status;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  demo.mode = g_strcmp0 (opt_mode, "csv") == 0 ? BENCH_PLOT_CSV
            : g_strcmp0 (opt_mode, "auto") == 0 ? BENCH_PLOT_AUTO
            : BENCH_PLOT_KV;
  demo.rate = CLAMP (opt_rate, 1, 1e6);
  demo.set = bench_channel_set_new (demo.mode);
  bench_channel_set_set_name (demo.set, "demo");
  demo.start = g_get_monotonic_time ();
  demo.last = demo.start;

  app = adw_application_new ("io.github.benchtop.Benchtop.PlotDemo", G_APPLICATION_NON_UNIQUE);
  g_signal_connect (app, "activate", G_CALLBACK (activate_cb), &demo);
  status = g_application_run (G_APPLICATION (app), 1, argv);

  g_clear_object (&demo.set);
  return status;
}
