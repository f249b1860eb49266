/* bench-plot.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <cairo-svg.h>
#include <glib/gi18n.h>

#include "bench-channel-set.h"
#include "bench-file-writer.h"
#include "bench-series.h"

#include "bench-plot-private.h"
#include "bench-plot.h"

#define N_PALETTE        8
#define LINE_WIDTH       1.5
#define TICK_LENGTH      4
#define LABEL_GAP        6
#define MAX_LAYOUTS      512
#define ZOOM_STEP        1.2
#define MIN_SPAN_US      1000          /* 1 ms across the whole plot */
#define HOVER_REACH_PX   24
/* From this many samples per pixel column on, traces are drawn as bars. */
#define DENSE_SAMPLES_PER_COLUMN 3
#define EXPORT_WIDTH     1600
#define EXPORT_HEIGHT    900
/* From this many new samples per second on (all traces' sets together),
 * the plot is redrawn ten times a second rather than every frame: each
 * frame costs the reading its time, and a flood looks the same at 10 Hz. */
#define FLOOD_SAMPLES_PER_S  20000
#define FLOOD_REDRAW_US      (G_USEC_PER_SEC / 10)

typedef struct
{
  BenchChannelSet *set;
  gulong           changed_id;
  gulong           items_id;
  guint            n_traces;
  gboolean         follow;
} SetEntry;

/* Tick layout of one axis, and how to print its values. */
typedef struct
{
  double lo;
  double hi;
  double step;
  double scale;          /* printed value = value / scale */
  int    decimals;
  char   suffix[40];     /* " mV", " s", "" */
  gboolean scientific;
} Axis;

struct _BenchPlot
{
  GtkWidget   parent_instance;

  GListStore *traces;
  GArray     *sets;                  /* SetEntry */
  guint       next_color;

  gint64      session_start;
  double      time_window;
  gboolean    paused;
  gboolean    y_autoscale;

  /* the frozen view, in monotonic µs, while paused */
  gint64      view_t0;
  gint64      view_t1;
  /* the manual y range, or the last autoscaled one (for hysteresis) */
  double      y_lo;
  double      y_hi;
  gboolean    have_auto_range;

  /* the pointer */
  double      pointer_x;
  double      pointer_y;
  gboolean    hover;
  /* drag: the view when it started */
  gint64      drag_t0;
  gint64      drag_t1;
  double      drag_lo;
  double      drag_hi;
  gboolean    dragging;

  /* theme */
  GdkRGBA     fg;
  GdkRGBA     view_bg;
  GdkRGBA     window_bg;
  GdkRGBA     accent;
  GdkRGBA     palette[N_PALETTE];
  gboolean    colors_valid;

  /* redraws: when the last frame was drawn, and the samples then */
  gint64      drawn_us;
  guint64     drawn_samples;
  guint64     n_draws;
  guint       redraw_id;

  /* caches */
  guint       columns_hint;          /* the data area's width at ... */
  int         columns_hint_width;    /* ... this widget width */
  GHashTable *layouts;               /* text → PangoLayout */
  PangoAttrList *label_attrs;
  GArray     *columns;               /* BenchSeriesColumn, scratch */
};

G_DEFINE_FINAL_TYPE (BenchPlot, bench_plot, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SESSION_START,
  PROP_TIME_WINDOW,
  PROP_PAUSED,
  PROP_Y_AUTOSCALE,
  PROP_TRACES,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

/* Colours: the theme's palette, lighter shades on dark backgrounds. */

static const char *palette_light[N_PALETTE] = {
  "blue_4", "orange_4", "green_5", "purple_3", "red_3", "brown_3", "yellow_5", "dark_1",
};
static const char *palette_dark[N_PALETTE] = {
  "blue_2", "orange_2", "green_2", "purple_1", "red_1", "brown_1", "yellow_3", "light_4",
};
/* Adwaita's values for the same names, for themes that do not define them. */
static const char *palette_light_fallback[N_PALETTE] = {
  "#1c71d8", "#e66100", "#26a269", "#9141ac", "#e01b24", "#986a44", "#e5a50a", "#77767b",
};
static const char *palette_dark_fallback[N_PALETTE] = {
  "#62a0ea", "#ffa348", "#57e389", "#dc8add", "#f66151", "#cdab8f", "#f6d32d", "#c0bfbc",
};

static double
luminance (const GdkRGBA *c)
{
  return 0.2126 * c->red + 0.7152 * c->green + 0.0722 * c->blue;
}

G_GNUC_BEGIN_IGNORE_DEPRECATIONS
static void
bench_plot_update_colors (BenchPlot *self)
{
  GtkStyleContext *context;
  gboolean dark;

  if (self->colors_valid)
    return;

  context = gtk_widget_get_style_context (GTK_WIDGET (self));
  gtk_style_context_get_color (context, &self->fg);
  dark = luminance (&self->fg) > 0.5;

  if (!gtk_style_context_lookup_color (context, "view_bg_color", &self->view_bg))
    gdk_rgba_parse (&self->view_bg, dark ? "#1e1e1e" : "#ffffff");
  if (!gtk_style_context_lookup_color (context, "window_bg_color", &self->window_bg))
    self->window_bg = self->view_bg;
  if (!gtk_style_context_lookup_color (context, "accent_color", &self->accent))
    self->accent = self->fg;

  for (guint i = 0; i < N_PALETTE; i++)
    {
      if (!gtk_style_context_lookup_color (context, dark ? palette_dark[i] : palette_light[i],
                                           &self->palette[i]))
        gdk_rgba_parse (&self->palette[i], dark ? palette_dark_fallback[i] : palette_light_fallback[i]);
    }

  self->colors_valid = TRUE;
}
G_GNUC_END_IGNORE_DEPRECATIONS

static GdkRGBA
with_alpha (const GdkRGBA *color,
            double         alpha)
{
  GdkRGBA c = *color;

  c.alpha *= alpha;
  return c;
}

/* Number formatting */

static const struct
{
  const char *prefix;
  int         exponent;
} si_prefixes[] = {
  { "f", -15 }, { "p", -12 }, { "n", -9 }, { "µ", -6 }, { "u", -6 }, { "m", -3 },
  { "", 0 }, { "k", 3 }, { "M", 6 }, { "G", 9 }, { "T", 12 }, { "P", 15 },
};

static const char *si_units[] = {
  "V", "A", "W", "Hz", "s", "Ω", "ohm", "F", "H", "K", "g", "m", "Pa", "J", "C", "S", "T",
  "Wb", "N", "lm", "lx", "mol", "cd", "VA", "var", "Wh", "Ah", "l", "L", "bar", "B", "b",
};

static gboolean
is_si_unit (const char *unit)
{
  for (guint i = 0; i < G_N_ELEMENTS (si_units); i++)
    if (strcmp (unit, si_units[i]) == 0)
      return TRUE;
  return FALSE;
}

/* Splits "mV" into (-3, "V"). Returns FALSE for units that take no
 * prefix (%, °C, rpm, dB …); "" takes prefixes. */
static gboolean
split_unit (const char  *unit,
            int         *exponent,
            const char **base)
{
  *exponent = 0;
  *base = unit;

  if (unit[0] == 0 || is_si_unit (unit))
    return TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (si_prefixes); i++)
    {
      gsize len = strlen (si_prefixes[i].prefix);

      if (len > 0 && strncmp (unit, si_prefixes[i].prefix, len) == 0 && is_si_unit (unit + len))
        {
          *exponent = si_prefixes[i].exponent;
          *base = unit + len;
          return TRUE;
        }
    }

  return FALSE;
}

static const char *
prefix_for (int exponent)
{
  for (guint i = 0; i < G_N_ELEMENTS (si_prefixes); i++)
    if (si_prefixes[i].exponent == exponent && strcmp (si_prefixes[i].prefix, "u") != 0)
      return si_prefixes[i].prefix;
  return NULL;
}

/* Chooses the printed scale for values of magnitude up to @magnitude in
 * @unit: plain numbers between 0.01 and 10000, SI prefixes beyond when the
 * unit takes them, otherwise scientific notation. */
static void
axis_choose_scale (Axis       *axis,
                   double      magnitude,
                   const char *unit)
{
  const char *base;
  int unit_exponent;
  int e = 0;

  axis->scale = 1;
  axis->scientific = FALSE;

  if (magnitude > 0 && (magnitude < 0.01 || magnitude >= 10000))
    e = (int) floor (log10 (magnitude) / 3) * 3;

  if (split_unit (unit, &unit_exponent, &base))
    {
      e = CLAMP (e, -15 - unit_exponent, 15 - unit_exponent);
      e = CLAMP (e, -15, 15);
      if (prefix_for (unit_exponent + e) == NULL)
        e = 0;
      axis->scale = pow (10, e);
      if (unit_exponent + e == 0 && base[0] == 0)
        axis->suffix[0] = 0;
      else
        g_snprintf (axis->suffix, sizeof axis->suffix, " %s%s", prefix_for (unit_exponent + e), base);
      if (prefix_for (unit_exponent + e) == NULL)
        g_snprintf (axis->suffix, sizeof axis->suffix, "%s%s", base[0] ? " " : "", unit);
    }
  else
    {
      axis->scientific = e != 0;
      g_snprintf (axis->suffix, sizeof axis->suffix, " %s", unit);
    }
}

static void
axis_format (const Axis *axis,
             double      value,
             char       *buf,
             gsize       len)
{
  char number[G_ASCII_DTOSTR_BUF_SIZE];
  char format[16];

  if (axis->scientific && value != 0)
    {
      g_snprintf (format, sizeof format, "%%.%de", MAX (axis->decimals, 1));
      g_ascii_formatd (number, sizeof number, format, value);
    }
  else
    {
      double v = value / axis->scale;

      if (fabs (v) < 0.5 * pow (10, -axis->decimals))
        v = 0;    /* no "-0.0" */
      g_snprintf (format, sizeof format, "%%.%df", axis->decimals);
      g_ascii_formatd (number, sizeof number, format, v);
    }

  /* a real minus sign */
  if (number[0] == '-')
    g_snprintf (buf, len, "−%s%s", number + 1, axis->suffix);
  else
    g_snprintf (buf, len, "%s%s", number, axis->suffix);
}

static double
nice_step (double raw)
{
  double p;
  double f;

  if (!(raw > 0) || !isfinite (raw))
    return 1;

  p = pow (10, floor (log10 (raw)));
  f = raw / p;

  if (f <= 1.0001)
    return p;
  if (f <= 2.0001)
    return 2 * p;
  if (f <= 5.0001)
    return 5 * p;
  return 10 * p;
}

static int
decimals_for (double step_printed)
{
  if (!(step_printed > 0))
    return 0;
  return MAX (0, (int) ceil (-log10 (step_printed) - 1e-9));
}

char *
_bench_plot_format_value (double      value,
                          const char *unit)
{
  Axis axis = { 0 };
  char buf[64];
  double printed;

  if (isnan (value))
    return g_strdup ("—");

  axis_choose_scale (&axis, fabs (value), unit != NULL ? unit : "");
  printed = axis.scientific ? value : value / axis.scale;

  if (axis.scientific || printed == 0)
    axis.decimals = 3;
  else
    axis.decimals = MAX (0, 3 - (int) floor (log10 (fabs (printed))));

  axis_format (&axis, value, buf, sizeof buf);
  return g_strdup (buf);
}

/* Layout cache */

static PangoLayout *
bench_plot_get_layout (BenchPlot  *self,
                       const char *text)
{
  PangoLayout *layout = g_hash_table_lookup (self->layouts, text);

  if (layout == NULL)
    {
      if (g_hash_table_size (self->layouts) >= MAX_LAYOUTS)
        g_hash_table_remove_all (self->layouts);

      layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
      pango_layout_set_attributes (layout, self->label_attrs);
      g_hash_table_insert (self->layouts, g_strdup (text), layout);
    }

  return layout;
}

static void
layout_size (PangoLayout *layout,
             int         *width,
             int         *height)
{
  pango_layout_get_pixel_size (layout, width, height);
}

static void
draw_layout (GtkSnapshot   *snapshot,
             PangoLayout   *layout,
             double         x,
             double         y,
             const GdkRGBA *color)
{
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (round (x), round (y)));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

static void
fill_rect (GtkSnapshot   *snapshot,
           const GdkRGBA *color,
           double         x,
           double         y,
           double         w,
           double         h)
{
  gtk_snapshot_append_color (snapshot, color, &GRAPHENE_RECT_INIT (x, y, w, h));
}

/* Traces and sets */

static SetEntry *
find_set (BenchPlot       *self,
          BenchChannelSet *set,
          guint           *index)
{
  for (guint i = 0; i < self->sets->len; i++)
    {
      SetEntry *entry = &g_array_index (self->sets, SetEntry, i);

      if (entry->set == set)
        {
          if (index != NULL)
            *index = i;
          return entry;
        }
    }
  return NULL;
}

static guint64
bench_plot_count_samples (BenchPlot *self)
{
  guint64 n = 0;

  for (guint i = 0; i < self->sets->len; i++)
    n += bench_channel_set_get_n_samples (g_array_index (self->sets, SetEntry, i).set);
  return n;
}

static gboolean
bench_plot_redraw_cb (gpointer user_data)
{
  BenchPlot *self = user_data;

  self->redraw_id = 0;
  gtk_widget_queue_draw (GTK_WIDGET (self));

  return G_SOURCE_REMOVE;
}

static void
bench_plot_set_changed_cb (BenchPlot       *self,
                           BenchChannelSet *set)
{
  gint64 now, since;
  guint64 samples;

  g_assert (BENCH_IS_PLOT (self));

  /* a paused view does not move; a redraw is on its way */
  if (self->paused || self->redraw_id != 0)
    return;

  /* redraws coalesce to one per frame, or one per 100 ms in a flood */
  now = g_get_monotonic_time ();
  since = now - self->drawn_us;
  samples = bench_plot_count_samples (self) - self->drawn_samples;
  if (since < FLOOD_REDRAW_US && samples * G_USEC_PER_SEC > (guint64) FLOOD_SAMPLES_PER_S * MAX (since, 1))
    self->redraw_id = g_timeout_add_full (G_PRIORITY_DEFAULT, (FLOOD_REDRAW_US - since + 999) / 1000,
                                          bench_plot_redraw_cb, self, NULL);
  else
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void bench_plot_set_items_changed_cb (BenchPlot       *self,
                                             guint            position,
                                             guint            removed,
                                             guint            added,
                                             BenchChannelSet *set);

static SetEntry *
ensure_set (BenchPlot       *self,
            BenchChannelSet *set)
{
  SetEntry entry = { 0 };
  SetEntry *found = find_set (self, set, NULL);

  if (found != NULL)
    return found;

  entry.set = g_object_ref (set);
  entry.changed_id = g_signal_connect_object (set, "changed",
                                              G_CALLBACK (bench_plot_set_changed_cb),
                                              self, G_CONNECT_SWAPPED);
  entry.items_id = g_signal_connect_object (set, "items-changed",
                                            G_CALLBACK (bench_plot_set_items_changed_cb),
                                            self, G_CONNECT_SWAPPED);
  g_array_append_val (self->sets, entry);

  return &g_array_index (self->sets, SetEntry, self->sets->len - 1);
}

static void
release_set (BenchPlot *self,
             guint      index)
{
  SetEntry *entry = &g_array_index (self->sets, SetEntry, index);

  g_clear_signal_handler (&entry->changed_id, entry->set);
  g_clear_signal_handler (&entry->items_id, entry->set);
  g_clear_object (&entry->set);
  g_array_remove_index (self->sets, index);
}

static void
bench_plot_update_qualified (BenchPlot *self)
{
  guint n_sets = 0;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->traces));

  for (guint i = 0; i < self->sets->len; i++)
    n_sets += g_array_index (self->sets, SetEntry, i).n_traces > 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BenchPlotTrace) trace = g_list_model_get_item (G_LIST_MODEL (self->traces), i);

      _bench_plot_trace_set_qualified (trace, n_sets > 1);
    }
}

static void
bench_plot_trace_notify_cb (BenchPlot *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
has_trace_for (BenchPlot    *self,
               BenchChannel *channel,
               guint        *position)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->traces));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BenchPlotTrace) trace = g_list_model_get_item (G_LIST_MODEL (self->traces), i);

      if (bench_plot_trace_get_channel (trace) == channel)
        {
          if (position != NULL)
            *position = i;
          return TRUE;
        }
    }
  return FALSE;
}

static BenchPlotTrace *
bench_plot_insert_trace (BenchPlot    *self,
                         BenchChannel *channel,
                         gboolean      follow)
{
  g_autoptr(BenchPlotTrace) trace = NULL;
  SetEntry *entry;

  entry = ensure_set (self, bench_channel_get_set (channel));
  entry->n_traces++;

  trace = _bench_plot_trace_new (channel, self->next_color++, follow);
  g_signal_connect_object (trace, "notify::visible",
                           G_CALLBACK (bench_plot_trace_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (channel, "notify::unit",
                           G_CALLBACK (bench_plot_trace_notify_cb), self, G_CONNECT_SWAPPED);
  g_list_store_append (self->traces, trace);
  bench_plot_update_qualified (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));

  return trace;
}

static void
bench_plot_remove_trace_at (BenchPlot *self,
                            guint      position)
{
  g_autoptr(BenchPlotTrace) trace = g_list_model_get_item (G_LIST_MODEL (self->traces), position);
  BenchChannel *channel = bench_plot_trace_get_channel (trace);
  guint index;

  for (index = 0; index < self->sets->len; index++)
    {
      SetEntry *entry = &g_array_index (self->sets, SetEntry, index);

      /* not bench_channel_get_set(): the channel may have left its set (a mode change) */
      if (entry->set == _bench_plot_trace_get_origin (trace))
        {
          entry->n_traces--;
          if (entry->n_traces == 0 && !entry->follow)
            release_set (self, index);
          break;
        }
    }

  g_signal_handlers_disconnect_by_data (channel, self);
  g_list_store_remove (self->traces, position);

  if (g_list_model_get_n_items (G_LIST_MODEL (self->traces)) == 0)
    self->next_color = 0;

  bench_plot_update_qualified (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
bench_plot_set_items_changed_cb (BenchPlot       *self,
                                 guint            position,
                                 guint            removed,
                                 guint            added,
                                 BenchChannelSet *set)
{
  SetEntry *entry = find_set (self, set, NULL);
  guint n;

  g_assert (BENCH_IS_PLOT (self));
  g_assert (entry != NULL);

  /* channels only leave all at once (a new extraction mode): drop their traces */
  if (removed > 0)
    {
      n = g_list_model_get_n_items (G_LIST_MODEL (self->traces));
      for (guint i = n; i-- > 0;)
        {
          g_autoptr(BenchPlotTrace) trace = g_list_model_get_item (G_LIST_MODEL (self->traces), i);

          if (_bench_plot_trace_get_origin (trace) == set &&
              bench_channel_get_set (bench_plot_trace_get_channel (trace)) != set)
            bench_plot_remove_trace_at (self, i);
        }
      entry = find_set (self, set, NULL);
    }

  if (entry == NULL || !entry->follow)
    return;

  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(BenchChannel) channel = g_list_model_get_item (G_LIST_MODEL (set), i);

      if (!has_trace_for (self, channel, NULL))
        bench_plot_insert_trace (self, channel, TRUE);
    }
}

void
bench_plot_add_channel_set (BenchPlot       *self,
                            BenchChannelSet *set)
{
  SetEntry *entry;
  guint n;

  g_return_if_fail (BENCH_IS_PLOT (self));
  g_return_if_fail (BENCH_IS_CHANNEL_SET (set));

  entry = ensure_set (self, set);
  if (entry->follow)
    return;
  entry->follow = TRUE;

  n = g_list_model_get_n_items (G_LIST_MODEL (set));
  bench_plot_set_items_changed_cb (self, 0, 0, n, set);
}

void
bench_plot_remove_channel_set (BenchPlot       *self,
                               BenchChannelSet *set)
{
  SetEntry *entry;
  guint index;
  guint n;

  g_return_if_fail (BENCH_IS_PLOT (self));
  g_return_if_fail (BENCH_IS_CHANNEL_SET (set));

  entry = find_set (self, set, &index);
  if (entry == NULL)
    return;
  entry->follow = FALSE;

  n = g_list_model_get_n_items (G_LIST_MODEL (self->traces));
  for (guint i = n; i-- > 0;)
    {
      g_autoptr(BenchPlotTrace) trace = g_list_model_get_item (G_LIST_MODEL (self->traces), i);

      if (_bench_plot_trace_get_origin (trace) == set &&
          _bench_plot_trace_get_follows (trace))
        bench_plot_remove_trace_at (self, i);
    }

  entry = find_set (self, set, &index);
  if (entry != NULL && entry->n_traces == 0)
    release_set (self, index);
}

BenchPlotTrace *
bench_plot_add_channel (BenchPlot    *self,
                        BenchChannel *channel)
{
  BenchPlotTrace *trace;
  guint position;

  g_return_val_if_fail (BENCH_IS_PLOT (self), NULL);
  g_return_val_if_fail (BENCH_IS_CHANNEL (channel), NULL);
  g_return_val_if_fail (bench_channel_get_set (channel) != NULL, NULL);

  if (has_trace_for (self, channel, &position))
    {
      g_autoptr(BenchPlotTrace) existing = g_list_model_get_item (G_LIST_MODEL (self->traces), position);
      return existing;
    }

  trace = bench_plot_insert_trace (self, channel, FALSE);

  return trace;
}

void
bench_plot_remove_channel (BenchPlot    *self,
                           BenchChannel *channel)
{
  guint position;

  g_return_if_fail (BENCH_IS_PLOT (self));
  g_return_if_fail (BENCH_IS_CHANNEL (channel));

  if (has_trace_for (self, channel, &position))
    bench_plot_remove_trace_at (self, position);
}

GListModel *
bench_plot_get_traces (BenchPlot *self)
{
  g_return_val_if_fail (BENCH_IS_PLOT (self), NULL);

  return G_LIST_MODEL (self->traces);
}

void
bench_plot_get_trace_color (BenchPlot      *self,
                            BenchPlotTrace *trace,
                            GdkRGBA        *color)
{
  g_return_if_fail (BENCH_IS_PLOT (self));
  g_return_if_fail (BENCH_IS_PLOT_TRACE (trace));
  g_return_if_fail (color != NULL);

  bench_plot_update_colors (self);
  *color = self->palette[bench_plot_trace_get_color_index (trace) % N_PALETTE];
}

/* Ranges */

static gboolean
data_extent (BenchPlot *self,
             gint64    *first,
             gint64    *last)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->traces));
  gboolean any = FALSE;

  *first = G_MAXINT64;
  *last = G_MININT64;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BenchPlotTrace) trace = g_list_model_get_item (G_LIST_MODEL (self->traces), i);
      BenchSeries *series = bench_channel_get_series (bench_plot_trace_get_channel (trace));
      gint64 a, b;

      if (bench_series_get_first (series, &a, NULL) && bench_series_get_last (series, &b, NULL))
        {
          *first = MIN (*first, a);
          *last = MAX (*last, b);
          any = TRUE;
        }
    }

  return any;
}

static gint64
window_us (double seconds)
{
  return (gint64) (seconds * G_USEC_PER_SEC);
}

static inline gint64
floor_div (gint64 a,
           gint64 b)
{
  return a >= 0 ? a / b : -((-a + b - 1) / b);
}

/* 'all' grows the column width in steps of 3 %, so that it stays the same
 * for many frames while the data grow (and for good once the ring is full);
 * up to 3 % of the width before the oldest sample stays empty. */
static gint64
grid_step_at_least (gint64 min_step)
{
  gint64 step;

  if (min_step <= 1)
    return 1;

  step = (gint64) ceil (pow (1.03, ceil (log ((double) min_step) / log (1.03))));
  while (step < min_step)
    step = MAX (step + 1, (gint64) ceil (step * 1.03));

  return step;
}

/* The x range shown now, monotonic µs, for a data area @n_columns pixels
 * wide. Live, the range sits on a grid of whole columns fixed in time
 * (column k is [k·step, (k+1)·step)): the plot scrolls by whole pixels,
 * min/max columns do not shimmer from frame to frame, and only the newest
 * columns need decimating again. */
static void
bench_plot_compute_x_range (BenchPlot *self,
                            guint      n_columns,
                            gint64    *t0,
                            gint64    *t1)
{
  gint64 first, last, step;

  if (self->paused)
    {
      *t0 = self->view_t0;
      *t1 = self->view_t1;
      return;
    }

  n_columns = MAX (n_columns, 1);

  if (!data_extent (self, &first, &last))
    {
      *t0 = self->session_start;
      *t1 = self->session_start + window_us (self->time_window > 0 ? self->time_window : 10);
      return;
    }

  if (self->time_window > 0)
    {
      /* the column holding the newest sample is the last one */
      step = MAX (1, llround ((double) window_us (self->time_window) / n_columns));
      *t1 = (floor_div (last, step) + 1) * step;
      *t0 = *t1 - step * n_columns;
      /* a session younger than the window: the window starts with the
       * session and fills from the left, as a chart recorder does (no
       * seconds before the session on the axis) */
      if (*t0 < self->session_start && last < self->session_start + step * (n_columns - 1))
        {
          *t0 = floor_div (self->session_start, step) * step;
          *t1 = *t0 + step * n_columns;
        }
      return;
    }

  /* everything: the newest sample in the last column, as when live, and
   * the rounding of the column width as room before the oldest */
  step = grid_step_at_least (MAX ((last + 1 - first + n_columns - 2) / MAX (n_columns - 1, 1),
                                  (MIN_SPAN_US + n_columns - 1) / n_columns));
  for (;;)
    {
      *t1 = (floor_div (last, step) + 1) * step;
      *t0 = *t1 - step * n_columns;
      if (*t0 <= first)
        break;
      step = grid_step_at_least (step + 1);
    }
}

/* Data min/max of the visible traces within [t0, t1). */
static gboolean
bench_plot_data_range (BenchPlot *self,
                       gint64     t0,
                       gint64     t1,
                       double    *lo,
                       double    *hi)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->traces));
  gboolean any = FALSE;

  *lo = INFINITY;
  *hi = -INFINITY;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BenchPlotTrace) trace = g_list_model_get_item (G_LIST_MODEL (self->traces), i);
      BenchSeries *series;
      double a, b;

      if (!bench_plot_trace_get_visible (trace))
        continue;

      series = bench_channel_get_series (bench_plot_trace_get_channel (trace));
      if (bench_series_get_range (series,
                                  bench_series_lower_bound (series, t0),
                                  bench_series_lower_bound (series, t1),
                                  &a, &b))
        {
          *lo = MIN (*lo, a);
          *hi = MAX (*hi, b);
          any = TRUE;
        }
    }

  return any;
}

/* Autoscale: the data range padded a little and rounded out to ticks. It
 * keeps the previous range while the data still fill most of it, so a
 * live plot does not twitch with every sample. */
static void
bench_plot_autoscale (BenchPlot *self,
                      gint64     t0,
                      gint64     t1,
                      double     n_ticks,
                      gboolean   remember,
                      double    *lo_out,
                      double    *hi_out)
{
  double lo, hi, span, step;

  if (!bench_plot_data_range (self, t0, t1, &lo, &hi))
    {
      *lo_out = 0;
      *hi_out = 1;
      return;
    }

  if (self->have_auto_range &&
      lo >= self->y_lo && hi <= self->y_hi &&
      (hi - lo) >= 0.5 * (self->y_hi - self->y_lo))
    {
      *lo_out = self->y_lo;
      *hi_out = self->y_hi;
      return;
    }

  if (hi - lo <= fabs (hi) * 1e-12 || hi == lo)
    {
      double pad = fabs (lo) > 0 ? fabs (lo) * 0.1 : 1;

      lo -= pad;
      hi += pad;
    }
  else
    {
      span = hi - lo;
      lo -= span * 0.05;
      hi += span * 0.05;
    }

  step = nice_step ((hi - lo) / MAX (n_ticks, 2));
  lo = floor (lo / step) * step;
  hi = ceil (hi / step) * step;

  if (remember)
    {
      self->y_lo = lo;
      self->y_hi = hi;
      self->have_auto_range = TRUE;
    }

  *lo_out = lo;
  *hi_out = hi;
}

/* Frame geometry */

typedef struct
{
  int             width;
  int             height;
  int             text_height;
  graphene_rect_t area;
  gint64          t0;
  gint64          t1;
  Axis            x;
  Axis            y;
  int             y_label_width;
  int             x_label_offset;
} Frame;

static const char *
common_unit (BenchPlot *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->traces));
  const char *unit = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BenchPlotTrace) trace = g_list_model_get_item (G_LIST_MODEL (self->traces), i);
      const char *u;

      if (!bench_plot_trace_get_visible (trace))
        continue;
      u = bench_channel_get_unit (bench_plot_trace_get_channel (trace));
      if (unit == NULL)
        unit = u;
      else if (strcmp (unit, u) != 0)
        return "";
    }

  return unit != NULL ? unit : "";
}

static void
axis_ticks (Axis       *axis,
            double      lo,
            double      hi,
            double      n_ticks,
            const char *unit)
{
  axis->lo = lo;
  axis->hi = hi;
  axis->step = nice_step ((hi - lo) / MAX (n_ticks, 1));
  axis_choose_scale (axis, MAX (fabs (lo), fabs (hi)), unit);
  if (axis->scientific)
    axis->decimals = MAX (1, (int) ceil (log10 (MAX (fabs (lo), fabs (hi)) / axis->step) - 1e-9));
  else
    axis->decimals = decimals_for (axis->step / axis->scale);
}

static int
axis_max_label_width (BenchPlot  *self,
                      const Axis *axis)
{
  double first = ceil (axis->lo / axis->step - 1e-9);
  int width = 0;

  for (double k = first; k * axis->step <= axis->hi + axis->step * 1e-9; k++)
    {
      char buf[64];
      int w, h;

      axis_format (axis, k * axis->step, buf, sizeof buf);
      layout_size (bench_plot_get_layout (self, buf), &w, &h);
      width = MAX (width, w);
    }

  return width;
}

static void
bench_plot_layout_frame (BenchPlot *self,
                         int        width,
                         int        height,
                         gboolean   remember,
                         Frame     *f)
{
  int w, h;
  double lo, hi;
  double span_s;
  double top, bottom, left, right;
  guint guess;

  memset (f, 0, sizeof *f);
  f->width = width;
  f->height = height;

  layout_size (bench_plot_get_layout (self, "0123456789"), &w, &h);
  f->text_height = h;

  /* the x range is snapped to the area's width in pixels, which depends on
   * the y labels, which depend on the x range: start from the width of the
   * last frame and redo the x range if the area came out otherwise */
  if (self->columns_hint > 0 && self->columns_hint_width == width)
    guess = self->columns_hint;
  else
    guess = (guint) MAX (1, width - 70);
  bench_plot_compute_x_range (self, guess, &f->t0, &f->t1);

  /* x labels start below the lowest y label */
  top = ceil (h / 2.0) + 4;
  f->x_label_offset = MAX (TICK_LENGTH + 2, (int) ceil (h / 2.0) + 2);
  bottom = f->x_label_offset + h + 4;

  /* y: ticks every ~2.5 lines of text */
  {
    double area_h = MAX (1, height - top - bottom);
    double n_ticks = MAX (2, area_h / (h * 2.5));

    if (self->y_autoscale)
      bench_plot_autoscale (self, f->t0, f->t1, n_ticks, remember, &lo, &hi);
    else
      {
        lo = self->y_lo;
        hi = self->y_hi;
      }
    axis_ticks (&f->y, lo, hi, n_ticks, common_unit (self));
  }

  f->y_label_width = axis_max_label_width (self, &f->y);
  left = f->y_label_width + TICK_LENGTH + LABEL_GAP + 2;

  /* x: as many ticks as fit with room between labels */
  span_s = (f->t1 - f->t0) / (double) G_USEC_PER_SEC;
  f->x.lo = (f->t0 - self->session_start) / (double) G_USEC_PER_SEC;
  f->x.hi = (f->t1 - self->session_start) / (double) G_USEC_PER_SEC;
  right = 12;

  {
    double area_w = MAX (1, width - left - right);
    double n_ticks = MAX (1, area_w / 60);

    for (guint attempt = 0; attempt < 12; attempt++)
      {
        int label_w;

        f->x.step = nice_step (span_s / n_ticks);
        f->x.scale = 1;
        f->x.scientific = FALSE;
        f->x.decimals = decimals_for (f->x.step);
        g_strlcpy (f->x.suffix, " s", sizeof f->x.suffix);
        label_w = axis_max_label_width (self, &f->x);
        right = MAX (12, label_w / 2 + 2);
        area_w = MAX (1, width - left - right);
        if (f->x.step / span_s * area_w >= label_w + 3 * LABEL_GAP || n_ticks <= 1)
          break;
        n_ticks = MAX (1, n_ticks * 0.7);
      }
  }

  f->area = GRAPHENE_RECT_INIT (left, top, MAX (1, width - left - right), MAX (1, height - top - bottom));

  if ((guint) f->area.size.width != guess && !self->paused)
    {
      /* (the y range from the guessed x range differs by a column at most) */
      bench_plot_compute_x_range (self, (guint) f->area.size.width, &f->t0, &f->t1);
      f->x.lo = (f->t0 - self->session_start) / (double) G_USEC_PER_SEC;
      f->x.hi = (f->t1 - self->session_start) / (double) G_USEC_PER_SEC;
    }

  self->columns_hint = (guint) f->area.size.width;
  self->columns_hint_width = width;
}

static inline double
frame_x (const Frame *f,
         gint64       t)
{
  return f->area.origin.x + (double) (t - f->t0) / (double) (f->t1 - f->t0) * f->area.size.width;
}

static inline double
frame_y (const Frame *f,
         double       v)
{
  double y = f->area.origin.y + (f->y.hi - v) / (f->y.hi - f->y.lo) * f->area.size.height;

  /* keep far-off values inside cairo's fixed-point range */
  return CLAMP (y, f->area.origin.y - 1e5, f->area.origin.y + f->area.size.height + 1e5);
}

/* Drawing */

static void
bench_plot_draw_grid (BenchPlot   *self,
                      GtkSnapshot *snapshot,
                      const Frame *f)
{
  GdkRGBA grid = with_alpha (&self->fg, 0.10);
  GdkRGBA zero = with_alpha (&self->fg, 0.28);
  GdkRGBA axis = with_alpha (&self->fg, 0.45);
  GdkRGBA label = with_alpha (&self->fg, 0.80);
  const graphene_rect_t *a = &f->area;

  /* horizontal lines and y labels */
  for (double k = ceil (f->y.lo / f->y.step - 1e-9); k * f->y.step <= f->y.hi + f->y.step * 1e-9; k++)
    {
      double v = k * f->y.step;
      double y = floor (frame_y (f, v));
      char buf[64];
      PangoLayout *layout;
      int w, h;

      if (y >= a->origin.y + a->size.height)
        y = a->origin.y + a->size.height - 1;
      fill_rect (snapshot, fabs (v) < f->y.step * 1e-6 ? &zero : &grid,
                 a->origin.x, y, a->size.width, 1);
      fill_rect (snapshot, &axis, a->origin.x - TICK_LENGTH, y, TICK_LENGTH, 1);

      axis_format (&f->y, v, buf, sizeof buf);
      layout = bench_plot_get_layout (self, buf);
      layout_size (layout, &w, &h);
      draw_layout (snapshot, layout, a->origin.x - TICK_LENGTH - LABEL_GAP / 2 - w, y - h / 2.0, &label);
    }

  /* vertical lines and time labels */
  for (double k = ceil (f->x.lo / f->x.step - 1e-9); k * f->x.step < f->x.hi; k++)
    {
      double s = k * f->x.step;
      gint64 t = self->session_start + (gint64) llround (s * G_USEC_PER_SEC);
      double x = floor (frame_x (f, t));
      char buf[64];
      PangoLayout *layout;
      int w, h;

      if (x < a->origin.x)
        continue;
      fill_rect (snapshot, &grid, x, a->origin.y, 1, a->size.height);
      fill_rect (snapshot, &axis, x, a->origin.y + a->size.height, 1, TICK_LENGTH);

      axis_format (&f->x, s, buf, sizeof buf);
      layout = bench_plot_get_layout (self, buf);
      layout_size (layout, &w, &h);
      draw_layout (snapshot, layout, x - w / 2.0, a->origin.y + a->size.height + f->x_label_offset, &label);
    }

  /* the axes */
  fill_rect (snapshot, &axis, a->origin.x - 1, a->origin.y, 1, a->size.height + 1);
  fill_rect (snapshot, &axis, a->origin.x - 1, a->origin.y + a->size.height, a->size.width + 1, 1);
}

/* Clips the segment (x0,y0)-(x1,y1) to x in [lo, hi] by interpolation. */
static void
clip_segment (double *x0,
              double *y0,
              double *x1,
              double *y1,
              double  lo,
              double  hi)
{
  if (*x1 == *x0)
    return;
  if (*x0 < lo)
    {
      *y0 = *y0 + (*y1 - *y0) * (lo - *x0) / (*x1 - *x0);
      *x0 = lo;
    }
  if (*x1 > hi)
    {
      *y1 = *y0 + (*y1 - *y0) * (hi - *x0) / (*x1 - *x0);
      *x1 = hi;
    }
}

/* Dense data (several samples per pixel column): one filled bar per
 * column from its min to its max, stretched to the previous column's last
 * sample so consecutive columns join, exactly what a rasterised line
 * through every sample would cover at this width. Only the joins across
 * empty columns are stroked with anti-aliasing. Pixel-aligned bars cost
 * cairo next to nothing; an anti-aliased zig-zag through the same extents
 * costs 20-50 times more. */
static void
draw_columns_dense (cairo_t                 *cr,
                    const Frame             *f,
                    const BenchSeriesColumn *cols,
                    guint                    n_columns,
                    gboolean                 have_in,
                    double                   x_in,
                    double                   y_in,
                    gboolean                 have_out,
                    double                   x_out,
                    double                   y_out)
{
  const graphene_rect_t *a = &f->area;
  double edge_lo = a->origin.x - 8;
  double edge_hi = a->origin.x + a->size.width + 8;
  g_autoptr(GArray) joins = g_array_new (FALSE, FALSE, sizeof (double));
  double prev_x = x_in, prev_y = y_in;
  gboolean have_prev = have_in;
  int prev_c = -2;

  for (guint c = 0; c < n_columns; c++)
    {
      const BenchSeriesColumn *col = &cols[c];
      double x = a->origin.x + c + 0.5;
      double top, bottom;

      if (col->n == 0)
        continue;

      top = frame_y (f, col->max);
      bottom = frame_y (f, col->min);

      if (prev_c == (int) c - 1)
        {
          top = MIN (top, prev_y);
          bottom = MAX (bottom, prev_y);
        }
      else if (have_prev)
        {
          double seg[4] = { prev_x, prev_y, x, frame_y (f, col->first) };

          clip_segment (&seg[0], &seg[1], &seg[2], &seg[3], edge_lo, edge_hi);
          g_array_append_vals (joins, seg, 4);
        }

      /* whole pixels: cairo fills pixel-aligned boxes without its
       * anti-aliasing scan converter, an order of magnitude faster; the
       * bar is about as thick as the stroked line (2 px when flat) */
      top = floor (top - LINE_WIDTH / 2 + 0.25);
      bottom = MAX (top + 1, ceil (bottom + LINE_WIDTH / 2 - 0.25));
      cairo_rectangle (cr, a->origin.x + c, top, 1, bottom - top);

      prev_c = (int) c;
      prev_x = x;
      prev_y = frame_y (f, col->last);
      have_prev = TRUE;
    }
  cairo_fill (cr);

  if (have_out && have_prev)
    {
      double seg[4] = { prev_x, prev_y, x_out, y_out };

      clip_segment (&seg[0], &seg[1], &seg[2], &seg[3], edge_lo, edge_hi);
      g_array_append_vals (joins, seg, 4);
    }

  for (guint i = 0; i < joins->len; i += 4)
    {
      const double *seg = &g_array_index (joins, double, i);

      cairo_move_to (cr, seg[0], seg[1]);
      cairo_line_to (cr, seg[2], seg[3]);
    }
  cairo_stroke (cr);
}

/* Sparse data (about a sample per column or fewer): an anti-aliased
 * polyline through the samples, each column's extent included. */
static void
draw_columns_sparse (cairo_t                 *cr,
                     const Frame             *f,
                     const BenchSeriesColumn *cols,
                     guint                    n_columns,
                     gboolean                 have_in,
                     double                   x_in,
                     double                   y_in,
                     gboolean                 have_out,
                     double                   x_out,
                     double                   y_out)
{
  const graphene_rect_t *a = &f->area;
  double edge_lo = a->origin.x - 8;
  double edge_hi = a->origin.x + a->size.width + 8;
  double last_x = 0, last_y = 0;
  guint n_points = 0;

  for (guint c = 0; c < n_columns; c++)
    {
      const BenchSeriesColumn *col = &cols[c];
      double x = a->origin.x + c + 0.5;
      double y_first;

      if (col->n == 0)
        continue;

      y_first = frame_y (f, col->first);

      if (n_points == 0 && have_in)
        {
          double x0 = x_in, y0 = y_in, x1 = x, y1 = y_first;

          clip_segment (&x0, &y0, &x1, &y1, edge_lo, edge_hi);
          cairo_move_to (cr, x0, y0);
          cairo_line_to (cr, x, y_first);
        }
      else if (n_points == 0)
        cairo_move_to (cr, x, y_first);
      else
        cairo_line_to (cr, x, y_first);

      /* the column's whole extent: a one-sample spike is a vertical stroke */
      if (col->n > 1)
        {
          cairo_line_to (cr, x, frame_y (f, col->min));
          cairo_line_to (cr, x, frame_y (f, col->max));
          cairo_line_to (cr, x, frame_y (f, col->last));
        }

      last_x = x;
      last_y = frame_y (f, col->last);
      n_points += col->n;
    }

  if (have_out)
    {
      double x0 = last_x, y0 = last_y, x1 = x_out, y1 = y_out;

      clip_segment (&x0, &y0, &x1, &y1, edge_lo, edge_hi);
      cairo_line_to (cr, x1, y1);
    }
  else if (n_points == 1 && !have_in)
    {
      /* a lone sample: a dot */
      cairo_new_path (cr);
      cairo_arc (cr, last_x, last_y, LINE_WIDTH * 1.5, 0, 2 * G_PI);
      cairo_fill (cr);
      return;
    }

  cairo_stroke (cr);
}

/* What a trace's node depends on besides its samples. */
typedef struct
{
  gint64          t0;
  gint64          t1;
  graphene_rect_t area;
  double          lo;
  double          hi;
  GdkRGBA         color;
  guint64         appended;
} NodeKey;

/* One trace, decimated and placed in a frame, ready to paint. */
typedef struct
{
  const BenchSeriesColumn *cols;
  guint                    n_columns;
  guint                    n_in_window;
  gboolean                 have_in;
  gboolean                 have_out;
  double                   x_in;
  double                   y_in;
  double                   x_out;
  double                   y_out;
  graphene_rect_t          bounds;
  GdkRGBA                  color;
} TracePaint;

/* Decimates @trace for the frame (through its cache when @keep, the
 * widget's frames; exports leave the cache alone so that a file at another
 * size costs the screen nothing) and finds its neighbours outside the
 * window and the rectangle it covers. FALSE when there is nothing to draw. */
static gboolean
bench_plot_prepare_trace (BenchPlot      *self,
                          const Frame    *f,
                          BenchPlotTrace *trace,
                          gboolean        keep,
                          TracePaint     *p)
{
  BenchSeries *series = bench_channel_get_series (bench_plot_trace_get_channel (trace));
  const graphene_rect_t *a = &f->area;
  guint length = bench_series_get_length (series);
  double top = G_MAXDOUBLE, bottom = -G_MAXDOUBLE;
  guint before, after;

  memset (p, 0, sizeof *p);
  p->n_columns = (guint) MAX (1, ceil (a->size.width));
  p->color = self->palette[bench_plot_trace_get_color_index (trace) % N_PALETTE];

  if (length == 0)
    return FALSE;

  if (keep)
    p->cols = _bench_plot_trace_decimate (trace, f->t0, f->t1, p->n_columns, &p->n_in_window);
  else
    {
      g_array_set_size (self->columns, p->n_columns);
      p->n_in_window = bench_series_decimate (series, f->t0, f->t1, p->n_columns,
                                              (BenchSeriesColumn *) (gpointer) self->columns->data);
      p->cols = (const BenchSeriesColumn *) (gconstpointer) self->columns->data;
    }

  /* the neighbours just outside the window, for lines that cross its edges */
  before = bench_series_lower_bound (series, f->t0);
  after = bench_series_lower_bound (series, f->t1);
  if (before > 0)
    {
      gint64 t;
      double v;

      bench_series_get (series, before - 1, &t, &v);
      p->have_in = TRUE;
      p->x_in = frame_x (f, t);
      p->y_in = frame_y (f, v);
    }
  if (after < length)
    {
      gint64 t;
      double v;

      bench_series_get (series, after, &t, &v);
      p->have_out = TRUE;
      p->x_out = frame_x (f, t);
      p->y_out = frame_y (f, v);
    }

  if (p->n_in_window == 0 && !(p->have_in && p->have_out))
    return FALSE;

  /* only as tall as the trace: renderers that rasterise cairo nodes into
   * textures (GL) then move fewer pixels */
  for (guint c = 0; c < p->n_columns; c++)
    if (p->cols[c].n > 0)
      {
        top = MIN (top, frame_y (f, p->cols[c].max));
        bottom = MAX (bottom, frame_y (f, p->cols[c].min));
      }
  if (p->have_in)
    {
      top = MIN (top, p->y_in);
      bottom = MAX (bottom, p->y_in);
    }
  if (p->have_out)
    {
      top = MIN (top, p->y_out);
      bottom = MAX (bottom, p->y_out);
    }
  top = MAX (floor (top - 2 * LINE_WIDTH), a->origin.y);
  bottom = MIN (ceil (bottom + 2 * LINE_WIDTH), a->origin.y + a->size.height);
  if (bottom <= top)
    return FALSE;

  p->bounds = GRAPHENE_RECT_INIT (a->origin.x, top, a->size.width, bottom - top);
  return TRUE;
}

/* The trace's drawing code, for the widget's cairo node and for files. */
static void
paint_trace (cairo_t          *cr,
             const Frame      *f,
             const TracePaint *p)
{
  const graphene_rect_t *a = &f->area;

  cairo_rectangle (cr, p->bounds.origin.x, p->bounds.origin.y, p->bounds.size.width, p->bounds.size.height);
  cairo_clip (cr);
  cairo_set_line_width (cr, LINE_WIDTH);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_BEVEL);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  gdk_cairo_set_source_rgba (cr, &p->color);

  if (p->n_in_window == 0)
    {
      /* zoomed into a gap: the line between the neighbours */
      double x0 = p->x_in, y0 = p->y_in, x1 = p->x_out, y1 = p->y_out;

      clip_segment (&x0, &y0, &x1, &y1, a->origin.x - 8, a->origin.x + a->size.width + 8);
      cairo_move_to (cr, x0, y0);
      cairo_line_to (cr, x1, y1);
      cairo_stroke (cr);
    }
  else if (p->n_in_window >= DENSE_SAMPLES_PER_COLUMN * p->n_columns)
    draw_columns_dense (cr, f, p->cols, p->n_columns, p->have_in, p->x_in, p->y_in, p->have_out, p->x_out, p->y_out);
  else
    draw_columns_sparse (cr, f, p->cols, p->n_columns, p->have_in, p->x_in, p->y_in, p->have_out, p->x_out, p->y_out);
}

/* The widget's frame: one cairo node per trace, kept and appended again
 * while nothing it depends on changed (hover, a paused view). */
static void
bench_plot_draw_trace (BenchPlot      *self,
                       GtkSnapshot    *snapshot,
                       const Frame    *f,
                       BenchPlotTrace *trace)
{
  BenchSeries *series = bench_channel_get_series (bench_plot_trace_get_channel (trace));
  GskRenderNode *node;
  GtkSnapshot *sub;
  TracePaint p;
  NodeKey key;
  cairo_t *cr;

  memset (&key, 0, sizeof key);
  key.t0 = f->t0;
  key.t1 = f->t1;
  key.area = f->area;
  key.lo = f->y.lo;
  key.hi = f->y.hi;
  key.color = self->palette[bench_plot_trace_get_color_index (trace) % N_PALETTE];
  key.appended = bench_series_get_n_appended (series);

  node = _bench_plot_trace_lookup_node (trace, &key, sizeof key);
  if (node != NULL)
    {
      gtk_snapshot_append_node (snapshot, node);
      return;
    }

  if (!bench_plot_prepare_trace (self, f, trace, TRUE, &p))
    {
      _bench_plot_trace_store_node (trace, NULL, 0, NULL);
      return;
    }

  sub = gtk_snapshot_new ();
  cr = gtk_snapshot_append_cairo (sub, &p.bounds);
  paint_trace (cr, f, &p);
  cairo_destroy (cr);

  node = gtk_snapshot_free_to_node (sub);
  if (node != NULL)
    {
      gtk_snapshot_append_node (snapshot, node);
      _bench_plot_trace_store_node (trace, &key, sizeof key, node);
      gsk_render_node_unref (node);
    }
}

/* The sample of @series nearest to @t within [t0, t1). */
static gboolean
nearest_sample (BenchSeries *series,
                gint64       t,
                gint64       t0,
                gint64       t1,
                gint64      *t_out,
                double      *v_out)
{
  guint length = bench_series_get_length (series);
  guint i = bench_series_lower_bound (series, t);
  gint64 ta = G_MININT64, tb = G_MAXINT64;
  double va = 0, vb = 0;

  if (i > 0)
    bench_series_get (series, i - 1, &ta, &va);
  if (i < length)
    bench_series_get (series, i, &tb, &vb);

  if (ta >= t0 && (tb >= t1 || t - ta <= tb - t))
    {
      *t_out = ta;
      *v_out = va;
      return TRUE;
    }
  if (tb < t1)
    {
      *t_out = tb;
      *v_out = vb;
      return TRUE;
    }
  return FALSE;
}

static void
bench_plot_draw_hover (BenchPlot   *self,
                       GtkSnapshot *snapshot,
                       const Frame *f)
{
  const graphene_rect_t *a = &f->area;
  GdkRGBA line = with_alpha (&self->fg, 0.45);
  GdkRGBA box_bg = with_alpha (&self->view_bg, 0.92);
  GdkRGBA box_border = with_alpha (&self->fg, 0.25);
  GdkRGBA text = self->fg;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->traces));
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) swatches = g_array_new (FALSE, FALSE, sizeof (GdkRGBA));
  double px = self->pointer_x;
  double py = self->pointer_y;
  gint64 t;
  Axis value_axis;
  double box_w = 0, box_h = 0, box_x, box_y;
  int line_h = f->text_height;

  if (!graphene_rect_contains_point (a, &GRAPHENE_POINT_INIT (px, py)))
    return;

  /* the crosshair */
  fill_rect (snapshot, &line, floor (px), a->origin.y, 1, a->size.height);
  fill_rect (snapshot, &line, a->origin.x, floor (py), a->size.width, 1);

  t = f->t0 + (gint64) ((px - a->origin.x) / a->size.width * (f->t1 - f->t0));

  {
    char tbuf[64];
    char ybuf[64];
    GdkRGBA none = { 0 };
    Axis time_axis = f->x;
    double v_at = f->y.hi - (py - a->origin.y) / a->size.height * (f->y.hi - f->y.lo);

    time_axis.decimals = MIN (6, f->x.decimals + 2);
    axis_format (&time_axis, (t - self->session_start) / (double) G_USEC_PER_SEC, tbuf, sizeof tbuf);
    value_axis = f->y;
    value_axis.decimals = f->y.decimals + 1;
    axis_format (&value_axis, v_at, ybuf, sizeof ybuf);
    g_ptr_array_add (lines, g_strdup_printf ("t %s   y %s", tbuf, ybuf));
    g_array_append_val (swatches, none);
  }

  /* the sample of each visible trace nearest to the pointer's time */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BenchPlotTrace) trace = g_list_model_get_item (G_LIST_MODEL (self->traces), i);
      BenchChannel *channel = bench_plot_trace_get_channel (trace);
      const GdkRGBA *color = &self->palette[bench_plot_trace_get_color_index (trace) % N_PALETTE];
      g_autofree char *value = NULL;
      gint64 ts;
      double v, sx, sy;

      if (!bench_plot_trace_get_visible (trace) ||
          !nearest_sample (bench_channel_get_series (channel), t, f->t0, f->t1, &ts, &v))
        continue;

      sx = frame_x (f, ts);
      sy = frame_y (f, v);
      if (fabs (sx - px) > HOVER_REACH_PX)
        continue;

      /* a marker on the sample */
      if (sy >= a->origin.y - 3 && sy <= a->origin.y + a->size.height + 3)
        {
          fill_rect (snapshot, &self->view_bg, sx - 4, sy - 4, 8, 8);
          fill_rect (snapshot, color, sx - 3, sy - 3, 6, 6);
        }

      value = _bench_plot_format_value (v, bench_channel_get_unit (channel));
      g_ptr_array_add (lines, g_strdup_printf ("%s  %s", bench_plot_trace_get_label (trace), value));
      g_array_append_val (swatches, *color);
    }

  for (guint i = 0; i < lines->len; i++)
    {
      int w, h;

      layout_size (bench_plot_get_layout (self, g_ptr_array_index (lines, i)), &w, &h);
      box_w = MAX (box_w, w + (i > 0 ? 14 : 0));
      box_h += h;
    }
  box_w += 12;
  box_h += 8;

  /* beside the pointer, inside the data area */
  box_x = px + 14;
  if (box_x + box_w > a->origin.x + a->size.width)
    box_x = px - 14 - box_w;
  box_x = MAX (box_x, a->origin.x + 2);
  box_y = MIN (py + 14, a->origin.y + a->size.height - box_h - 2);
  box_y = MAX (box_y, a->origin.y + 2);

  fill_rect (snapshot, &box_border, box_x - 1, box_y - 1, box_w + 2, box_h + 2);
  fill_rect (snapshot, &box_bg, box_x, box_y, box_w, box_h);

  for (guint i = 0; i < lines->len; i++)
    {
      PangoLayout *layout = bench_plot_get_layout (self, g_ptr_array_index (lines, i));
      double y = box_y + 4 + i * line_h;

      if (i > 0)
        fill_rect (snapshot, &g_array_index (swatches, GdkRGBA, i), box_x + 6, y + line_h / 2.0 - 4, 8, 8);
      draw_layout (snapshot, layout, box_x + 6 + (i > 0 ? 14 : 0), y, &text);
    }
}

static void
bench_plot_draw_badge (BenchPlot   *self,
                       GtkSnapshot *snapshot,
                       const Frame *f,
                       const char  *text,
                       gboolean     centered)
{
  PangoLayout *layout = bench_plot_get_layout (self, text);
  GdkRGBA bg = with_alpha (&self->fg, 0.08);
  GdkRGBA fg = with_alpha (&self->fg, 0.65);
  int w, h;
  double x, y;

  layout_size (layout, &w, &h);
  if (centered)
    {
      x = f->area.origin.x + (f->area.size.width - w) / 2;
      y = f->area.origin.y + (f->area.size.height - h) / 2;
    }
  else
    {
      x = f->area.origin.x + f->area.size.width - w - 12;
      y = f->area.origin.y + 8;
      fill_rect (snapshot, &bg, x - 6, y - 2, w + 12, h + 4);
    }
  draw_layout (snapshot, layout, x, y, &fg);
}

/* How many pixel columns of @box the visible traces pass through. */
static guint
box_coverage (BenchPlot             *self,
              const Frame           *f,
              const graphene_rect_t *box)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->traces));
  guint n_columns = (guint) MAX (1, box->size.width);
  gint64 span = f->t1 - f->t0;
  gint64 b0 = f->t0 + (gint64) ((box->origin.x - f->area.origin.x) / f->area.size.width * span);
  gint64 b1 = f->t0 + (gint64) ((box->origin.x + box->size.width - f->area.origin.x) / f->area.size.width * span);
  guint covered = 0;

  if (b1 <= b0)
    return 0;

  g_array_set_size (self->columns, n_columns);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BenchPlotTrace) trace = g_list_model_get_item (G_LIST_MODEL (self->traces), i);
      const BenchSeriesColumn *cols = (const BenchSeriesColumn *) (gconstpointer) self->columns->data;

      if (!bench_plot_trace_get_visible (trace))
        continue;

      bench_series_decimate (bench_channel_get_series (bench_plot_trace_get_channel (trace)),
                             b0, b1, n_columns, (BenchSeriesColumn *) self->columns->data);
      for (guint c = 0; c < n_columns; c++)
        if (cols[c].n > 0 &&
            frame_y (f, cols[c].max) <= box->origin.y + box->size.height &&
            frame_y (f, cols[c].min) >= box->origin.y)
          covered++;
    }

  return covered;
}

/* Exports carry their own legend: the widget's legend is a separate widget.
 * It goes into the corner of the data area that hides the least data. */
static void
bench_plot_draw_export_legend (BenchPlot   *self,
                               GtkSnapshot *snapshot,
                               const Frame *f)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->traces));
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) colors = g_array_new (FALSE, FALSE, sizeof (GdkRGBA));
  const graphene_rect_t *a = &f->area;
  GdkRGBA bg = with_alpha (&self->view_bg, 0.88);
  GdkRGBA border = with_alpha (&self->fg, 0.25);
  GdkRGBA text = with_alpha (&self->fg, 0.9);
  graphene_rect_t best = { 0 };
  guint best_cover = G_MAXUINT;
  double w = 0, h;
  const int pad = 6, swatch = 16, margin = 8;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BenchPlotTrace) trace = g_list_model_get_item (G_LIST_MODEL (self->traces), i);
      const char *unit = bench_channel_get_unit (bench_plot_trace_get_channel (trace));
      const char *label = bench_plot_trace_get_label (trace);
      char *line;
      int lw, lh;

      if (!bench_plot_trace_get_visible (trace))
        continue;

      if (unit[0] != 0 && !g_str_has_suffix (label, "]") && !g_str_has_suffix (label, ")"))
        line = g_strdup_printf ("%s [%s]", label, unit);
      else
        line = g_strdup (label);
      layout_size (bench_plot_get_layout (self, line), &lw, &lh);
      w = MAX (w, lw);
      g_ptr_array_add (labels, line);
      g_array_append_val (colors, self->palette[bench_plot_trace_get_color_index (trace) % N_PALETTE]);
    }

  if (labels->len == 0)
    return;

  w += 3 * pad + swatch;
  h = labels->len * f->text_height + 2 * pad;
  if (w + 2 * margin > a->size.width || h + 2 * margin > a->size.height)
    return;

  for (guint corner = 0; corner < 4; corner++)
    {
      graphene_rect_t box = GRAPHENE_RECT_INIT (corner % 2 ? a->origin.x + a->size.width - w - margin
                                                           : a->origin.x + margin,
                                                corner / 2 ? a->origin.y + a->size.height - h - margin
                                                           : a->origin.y + margin,
                                                w, h);
      guint cover = box_coverage (self, f, &box);

      if (cover < best_cover)
        {
          best_cover = cover;
          best = box;
        }
    }

  fill_rect (snapshot, &border, best.origin.x - 1, best.origin.y - 1, best.size.width + 2, best.size.height + 2);
  fill_rect (snapshot, &bg, best.origin.x, best.origin.y, best.size.width, best.size.height);

  for (guint i = 0; i < labels->len; i++)
    {
      double y = best.origin.y + pad + i * f->text_height;

      fill_rect (snapshot, &g_array_index (colors, GdkRGBA, i),
                 best.origin.x + pad, round (y + f->text_height / 2.0) - 1, swatch, 3);
      draw_layout (snapshot, bench_plot_get_layout (self, g_ptr_array_index (labels, i)),
                   best.origin.x + 2 * pad + swatch, y, &text);
    }
}

/* What lies under the traces: background, data area, grid, tick labels. */
static void
bench_plot_draw_under (BenchPlot   *self,
                       GtkSnapshot *snapshot,
                       const Frame *f,
                       gboolean     for_export)
{
  if (for_export)
    fill_rect (snapshot, &self->window_bg, 0, 0, f->width, f->height);
  fill_rect (snapshot, &self->view_bg, f->area.origin.x, f->area.origin.y, f->area.size.width, f->area.size.height);

  bench_plot_draw_grid (self, snapshot, f);
}

/* What lies over them: messages, and the pointer feedback on screen or
 * the legend in files. */
static void
bench_plot_draw_over (BenchPlot   *self,
                      GtkSnapshot *snapshot,
                      const Frame *f,
                      gboolean     for_export)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->traces));
  gboolean any_data = FALSE;

  for (guint i = 0; i < n && !any_data; i++)
    {
      g_autoptr(BenchPlotTrace) trace = g_list_model_get_item (G_LIST_MODEL (self->traces), i);

      any_data = bench_series_get_length (bench_channel_get_series (bench_plot_trace_get_channel (trace))) > 0;
    }

  if (!any_data)
    bench_plot_draw_badge (self, snapshot, f, n == 0 ? _("No channels yet") : _("Waiting for numbers…"), TRUE);

  if (for_export)
    bench_plot_draw_export_legend (self, snapshot, f);
  else
    {
      if (self->paused)
        bench_plot_draw_badge (self, snapshot, f, _("Paused"), FALSE);
      if (self->hover && !self->dragging)
        bench_plot_draw_hover (self, snapshot, f);
    }
}

static void
bench_plot_draw (BenchPlot   *self,
                 GtkSnapshot *snapshot,
                 int          width,
                 int          height)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->traces));
  Frame f;

  if (width <= 0 || height <= 0)
    return;

  bench_plot_update_colors (self);
  bench_plot_layout_frame (self, width, height, TRUE, &f);

  bench_plot_draw_under (self, snapshot, &f, FALSE);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BenchPlotTrace) trace = g_list_model_get_item (G_LIST_MODEL (self->traces), i);

      if (bench_plot_trace_get_visible (trace))
        bench_plot_draw_trace (self, snapshot, &f, trace);
    }

  bench_plot_draw_over (self, snapshot, &f, FALSE);
}

static void
draw_node_to_cairo (GtkSnapshot *snapshot,
                    cairo_t     *cr)
{
  g_autoptr(GskRenderNode) node = gtk_snapshot_free_to_node (snapshot);

  if (node != NULL)
    gsk_render_node_draw (node, cr);
}

/* A file: the same layers with an opaque background and a legend, the
 * traces painted straight onto @cr by the same code as the widget's nodes
 * (an SVG then holds plain paths; cairo 1.16's SVG surface also leaks the
 * recording surfaces of cairo nodes painted into it). */
static void
bench_plot_draw_to_cairo (BenchPlot *self,
                          cairo_t   *cr,
                          int        width,
                          int        height)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->traces));
  GtkSnapshot *snapshot;
  Frame f;

  bench_plot_update_colors (self);
  bench_plot_layout_frame (self, width, height, FALSE, &f);

  snapshot = gtk_snapshot_new ();
  bench_plot_draw_under (self, snapshot, &f, TRUE);
  draw_node_to_cairo (snapshot, cr);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BenchPlotTrace) trace = g_list_model_get_item (G_LIST_MODEL (self->traces), i);
      TracePaint p;

      if (bench_plot_trace_get_visible (trace) && bench_plot_prepare_trace (self, &f, trace, FALSE, &p))
        {
          cairo_save (cr);
          paint_trace (cr, &f, &p);
          cairo_restore (cr);
        }
    }

  snapshot = gtk_snapshot_new ();
  bench_plot_draw_over (self, snapshot, &f, TRUE);
  draw_node_to_cairo (snapshot, cr);
}

static void
bench_plot_snapshot (GtkWidget   *widget,
                     GtkSnapshot *snapshot)
{
  BenchPlot *self = (BenchPlot *)widget;

  g_assert (BENCH_IS_PLOT (self));

  self->n_draws++;
  self->drawn_us = g_get_monotonic_time ();
  self->drawn_samples = bench_plot_count_samples (self);
  bench_plot_draw (self, snapshot, gtk_widget_get_width (widget), gtk_widget_get_height (widget));
}

static void
bench_plot_measure (GtkWidget      *widget,
                    GtkOrientation  orientation,
                    int             for_size,
                    int            *minimum,
                    int            *natural,
                    int            *minimum_baseline,
                    int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 160;
      *natural = 640;
    }
  else
    {
      *minimum = 100;
      *natural = 320;
    }
}

static void
bench_plot_css_changed (GtkWidget         *widget,
                        GtkCssStyleChange *change)
{
  BenchPlot *self = (BenchPlot *)widget;

  GTK_WIDGET_CLASS (bench_plot_parent_class)->css_changed (widget, change);

  /* colours and fonts may have changed with the theme */
  self->colors_valid = FALSE;
  g_hash_table_remove_all (self->layouts);
  gtk_widget_queue_draw (widget);
}

static void
bench_plot_system_setting_changed (GtkWidget        *widget,
                                   GtkSystemSetting  setting)
{
  BenchPlot *self = (BenchPlot *)widget;

  GTK_WIDGET_CLASS (bench_plot_parent_class)->system_setting_changed (widget, setting);

  g_hash_table_remove_all (self->layouts);
  gtk_widget_queue_draw (widget);
}

/* Interaction */

static void
bench_plot_freeze (BenchPlot *self,
                   gint64     t0,
                   gint64     t1)
{
  if (t1 - t0 < MIN_SPAN_US)
    {
      gint64 mid = t0 / 2 + t1 / 2;

      t0 = mid - MIN_SPAN_US / 2;
      t1 = t0 + MIN_SPAN_US;
    }

  self->view_t0 = t0;
  self->view_t1 = t1;

  if (!self->paused)
    {
      self->paused = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_PAUSED]);
    }

  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
bench_plot_current_frame (BenchPlot *self,
                          Frame     *f)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));

  bench_plot_layout_frame (self, width > 0 ? width : 640, height > 0 ? height : 320, FALSE, f);
}

static void
bench_plot_set_manual_y (BenchPlot *self,
                         double     lo,
                         double     hi)
{
  if (!(hi > lo) || !isfinite (lo) || !isfinite (hi))
    return;

  self->y_lo = lo;
  self->y_hi = hi;
  self->have_auto_range = FALSE;

  if (self->y_autoscale)
    {
      self->y_autoscale = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_Y_AUTOSCALE]);
    }

  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
bench_plot_scroll_cb (BenchPlot                *self,
                      double                    dx,
                      double                    dy,
                      GtkEventControllerScroll *controller)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));
  Frame f;

  g_assert (BENCH_IS_PLOT (self));

  bench_plot_current_frame (self, &f);

  if (state & (GDK_SHIFT_MASK | GDK_CONTROL_MASK))
    {
      /* y zoom around the pointer's value */
      double factor = pow (ZOOM_STEP, dy != 0 ? dy : dx);
      double frac = self->hover ? (self->pointer_y - f.area.origin.y) / f.area.size.height : 0.5;
      double anchor = f.y.hi - CLAMP (frac, 0, 1) * (f.y.hi - f.y.lo);

      bench_plot_set_manual_y (self, anchor - (anchor - f.y.lo) * factor, anchor + (f.y.hi - anchor) * factor);
      return TRUE;
    }

  if (dy != 0)
    {
      /* x zoom around the pointer's time */
      double factor = pow (ZOOM_STEP, dy);
      double frac = self->hover ? (self->pointer_x - f.area.origin.x) / f.area.size.width : 1.0;
      gint64 anchor = f.t0 + (gint64) (CLAMP (frac, 0, 1) * (f.t1 - f.t0));

      bench_plot_freeze (self,
                         anchor - (gint64) ((anchor - f.t0) * factor),
                         anchor + (gint64) ((f.t1 - anchor) * factor));
    }
  else if (dx != 0)
    {
      gint64 shift = (gint64) (dx * 0.1 * (f.t1 - f.t0));

      bench_plot_freeze (self, f.t0 + shift, f.t1 + shift);
    }

  return TRUE;
}

static void
bench_plot_drag_begin_cb (BenchPlot      *self,
                          double          x,
                          double          y,
                          GtkGestureDrag *gesture)
{
  Frame f;

  g_assert (BENCH_IS_PLOT (self));

  bench_plot_current_frame (self, &f);
  self->drag_t0 = f.t0;
  self->drag_t1 = f.t1;
  self->drag_lo = f.y.lo;
  self->drag_hi = f.y.hi;
  self->dragging = TRUE;
}

static void
bench_plot_drag_update_cb (BenchPlot      *self,
                           double          dx,
                           double          dy,
                           GtkGestureDrag *gesture)
{
  Frame f;
  gint64 shift;

  g_assert (BENCH_IS_PLOT (self));

  if (!self->dragging || (fabs (dx) < 2 && fabs (dy) < 2 && !self->paused))
    return;

  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "grabbing");
  bench_plot_current_frame (self, &f);

  shift = (gint64) (-dx / f.area.size.width * (self->drag_t1 - self->drag_t0));
  bench_plot_freeze (self, self->drag_t0 + shift, self->drag_t1 + shift);

  if (!self->y_autoscale)
    {
      double dv = dy / f.area.size.height * (self->drag_hi - self->drag_lo);

      bench_plot_set_manual_y (self, self->drag_lo + dv, self->drag_hi + dv);
    }
}

static void
bench_plot_drag_end_cb (BenchPlot      *self,
                        double          dx,
                        double          dy,
                        GtkGestureDrag *gesture)
{
  g_assert (BENCH_IS_PLOT (self));

  self->dragging = FALSE;
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "crosshair");
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
bench_plot_pressed_cb (BenchPlot       *self,
                       int              n_press,
                       double           x,
                       double           y,
                       GtkGestureClick *gesture)
{
  g_assert (BENCH_IS_PLOT (self));

  if (n_press == 2)
    bench_plot_reset_view (self);
}

static void
bench_plot_motion_cb (BenchPlot                *self,
                      double                    x,
                      double                    y,
                      GtkEventControllerMotion *controller)
{
  g_assert (BENCH_IS_PLOT (self));

  self->pointer_x = x;
  self->pointer_y = y;
  self->hover = TRUE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
bench_plot_leave_cb (BenchPlot                *self,
                     GtkEventControllerMotion *controller)
{
  g_assert (BENCH_IS_PLOT (self));

  self->hover = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* GObject */

static void
bench_plot_dispose (GObject *object)
{
  BenchPlot *self = (BenchPlot *)object;

  g_clear_handle_id (&self->redraw_id, g_source_remove);
  while (self->traces != NULL && g_list_model_get_n_items (G_LIST_MODEL (self->traces)) > 0)
    bench_plot_remove_trace_at (self, 0);
  while (self->sets != NULL && self->sets->len > 0)
    release_set (self, self->sets->len - 1);

  G_OBJECT_CLASS (bench_plot_parent_class)->dispose (object);
}

static void
bench_plot_finalize (GObject *object)
{
  BenchPlot *self = (BenchPlot *)object;

  g_clear_object (&self->traces);
  g_clear_pointer (&self->sets, g_array_unref);
  g_clear_pointer (&self->layouts, g_hash_table_unref);
  g_clear_pointer (&self->label_attrs, pango_attr_list_unref);
  g_clear_pointer (&self->columns, g_array_unref);

  G_OBJECT_CLASS (bench_plot_parent_class)->finalize (object);
}

static void
bench_plot_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  BenchPlot *self = BENCH_PLOT (object);

  switch (prop_id)
    {
    case PROP_SESSION_START:
      g_value_set_int64 (value, self->session_start);
      break;

    case PROP_TIME_WINDOW:
      g_value_set_double (value, self->time_window);
      break;

    case PROP_PAUSED:
      g_value_set_boolean (value, self->paused);
      break;

    case PROP_Y_AUTOSCALE:
      g_value_set_boolean (value, self->y_autoscale);
      break;

    case PROP_TRACES:
      g_value_set_object (value, self->traces);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bench_plot_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  BenchPlot *self = BENCH_PLOT (object);

  switch (prop_id)
    {
    case PROP_SESSION_START:
      bench_plot_set_session_start (self, g_value_get_int64 (value));
      break;

    case PROP_TIME_WINDOW:
      bench_plot_set_time_window (self, g_value_get_double (value));
      break;

    case PROP_PAUSED:
      bench_plot_set_paused (self, g_value_get_boolean (value));
      break;

    case PROP_Y_AUTOSCALE:
      bench_plot_set_y_autoscale (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bench_plot_class_init (BenchPlotClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bench_plot_dispose;
  object_class->finalize = bench_plot_finalize;
  object_class->get_property = bench_plot_get_property;
  object_class->set_property = bench_plot_set_property;

  widget_class->snapshot = bench_plot_snapshot;
  widget_class->measure = bench_plot_measure;
  widget_class->css_changed = bench_plot_css_changed;
  widget_class->system_setting_changed = bench_plot_system_setting_changed;

  properties [PROP_SESSION_START] =
    g_param_spec_int64 ("session-start", NULL, NULL,
                        G_MININT64, G_MAXINT64, 0,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_TIME_WINDOW] =
    g_param_spec_double ("time-window", NULL, NULL,
                         0, G_MAXDOUBLE, BENCH_PLOT_WINDOW_1MIN,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_PAUSED] =
    g_param_spec_boolean ("paused", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_Y_AUTOSCALE] =
    g_param_spec_boolean ("y-autoscale", NULL, NULL,
                          TRUE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_TRACES] =
    g_param_spec_object ("traces", NULL, NULL,
                         G_TYPE_LIST_MODEL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "benchplot");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
bench_plot_init (BenchPlot *self)
{
  GtkEventController *controller;
  GtkGesture *gesture;

  self->traces = g_list_store_new (BENCH_TYPE_PLOT_TRACE);
  self->sets = g_array_new (FALSE, TRUE, sizeof (SetEntry));
  self->layouts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->columns = g_array_new (FALSE, FALSE, sizeof (BenchSeriesColumn));
  self->session_start = g_get_monotonic_time ();
  self->time_window = BENCH_PLOT_WINDOW_1MIN;
  self->y_autoscale = TRUE;
  self->y_lo = 0;
  self->y_hi = 1;

  /* tick labels: a touch smaller, with tabular figures so they do not jiggle */
  self->label_attrs = pango_attr_list_new ();
  pango_attr_list_insert (self->label_attrs, pango_attr_scale_new (0.9));
  pango_attr_list_insert (self->label_attrs, pango_attr_font_features_new ("tnum"));

  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "crosshair");
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Plot"),
                                  -1);

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  g_signal_connect_swapped (controller, "scroll", G_CALLBACK (bench_plot_scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_motion_new ();
  g_signal_connect_swapped (controller, "enter", G_CALLBACK (bench_plot_motion_cb), self);
  g_signal_connect_swapped (controller, "motion", G_CALLBACK (bench_plot_motion_cb), self);
  g_signal_connect_swapped (controller, "leave", G_CALLBACK (bench_plot_leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  gesture = gtk_gesture_drag_new ();
  g_signal_connect_swapped (gesture, "drag-begin", G_CALLBACK (bench_plot_drag_begin_cb), self);
  g_signal_connect_swapped (gesture, "drag-update", G_CALLBACK (bench_plot_drag_update_cb), self);
  g_signal_connect_swapped (gesture, "drag-end", G_CALLBACK (bench_plot_drag_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_click_new ();
  g_signal_connect_swapped (gesture, "pressed", G_CALLBACK (bench_plot_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));
}

GtkWidget *
bench_plot_new (void)
{
  return g_object_new (BENCH_TYPE_PLOT, NULL);
}

gint64
bench_plot_get_session_start (BenchPlot *self)
{
  g_return_val_if_fail (BENCH_IS_PLOT (self), 0);

  return self->session_start;
}

void
bench_plot_set_session_start (BenchPlot *self,
                              gint64     mono_us)
{
  g_return_if_fail (BENCH_IS_PLOT (self));

  if (mono_us != self->session_start)
    {
      self->session_start = mono_us;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_SESSION_START]);
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

double
bench_plot_get_time_window (BenchPlot *self)
{
  g_return_val_if_fail (BENCH_IS_PLOT (self), 0);

  return self->time_window;
}

void
bench_plot_set_time_window (BenchPlot *self,
                            double     seconds)
{
  g_return_if_fail (BENCH_IS_PLOT (self));

  if (!(seconds >= 0) || !isfinite (seconds))
    seconds = BENCH_PLOT_WINDOW_ALL;

  if (seconds == self->time_window)
    return;

  self->time_window = seconds;

  /* a paused view keeps its end and takes the new width */
  if (self->paused)
    {
      gint64 first, last;

      if (seconds > 0)
        self->view_t0 = self->view_t1 - window_us (seconds);
      else if (data_extent (self, &first, &last))
        self->view_t0 = MIN (first, self->view_t1 - MIN_SPAN_US);
    }

  self->have_auto_range = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_TIME_WINDOW]);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
bench_plot_get_paused (BenchPlot *self)
{
  g_return_val_if_fail (BENCH_IS_PLOT (self), FALSE);

  return self->paused;
}

void
bench_plot_set_paused (BenchPlot *self,
                       gboolean   paused)
{
  g_return_if_fail (BENCH_IS_PLOT (self));

  paused = !!paused;

  if (paused == self->paused)
    return;

  if (paused)
    {
      Frame f;

      /* freeze what is shown now */
      bench_plot_current_frame (self, &f);
      self->view_t0 = f.t0;
      self->view_t1 = f.t1;
      self->paused = TRUE;
    }
  else
    {
      self->paused = FALSE;
      self->have_auto_range = FALSE;
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_PAUSED]);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
bench_plot_get_y_autoscale (BenchPlot *self)
{
  g_return_val_if_fail (BENCH_IS_PLOT (self), FALSE);

  return self->y_autoscale;
}

void
bench_plot_set_y_autoscale (BenchPlot *self,
                            gboolean   autoscale)
{
  g_return_if_fail (BENCH_IS_PLOT (self));

  autoscale = !!autoscale;

  if (autoscale != self->y_autoscale)
    {
      self->y_autoscale = autoscale;
      self->have_auto_range = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_Y_AUTOSCALE]);
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

void
bench_plot_reset_view (BenchPlot *self)
{
  g_return_if_fail (BENCH_IS_PLOT (self));

  g_object_freeze_notify (G_OBJECT (self));
  bench_plot_set_paused (self, FALSE);
  bench_plot_set_y_autoscale (self, TRUE);
  self->have_auto_range = FALSE;
  g_object_thaw_notify (G_OBJECT (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
bench_plot_get_x_range (BenchPlot *self,
                        double    *t0,
                        double    *t1)
{
  Frame f;

  g_return_if_fail (BENCH_IS_PLOT (self));

  bench_plot_current_frame (self, &f);
  if (t0 != NULL)
    *t0 = (f.t0 - self->session_start) / (double) G_USEC_PER_SEC;
  if (t1 != NULL)
    *t1 = (f.t1 - self->session_start) / (double) G_USEC_PER_SEC;
}

void
bench_plot_set_x_range (BenchPlot *self,
                        double     t0,
                        double     t1)
{
  g_return_if_fail (BENCH_IS_PLOT (self));
  g_return_if_fail (t1 > t0);

  bench_plot_freeze (self,
                     self->session_start + (gint64) llround (t0 * G_USEC_PER_SEC),
                     self->session_start + (gint64) llround (t1 * G_USEC_PER_SEC));
}

void
bench_plot_get_y_range (BenchPlot *self,
                        double    *lo,
                        double    *hi)
{
  Frame f;

  g_return_if_fail (BENCH_IS_PLOT (self));

  bench_plot_current_frame (self, &f);
  if (lo != NULL)
    *lo = f.y.lo;
  if (hi != NULL)
    *hi = f.y.hi;
}

void
bench_plot_set_y_range (BenchPlot *self,
                        double     lo,
                        double     hi)
{
  g_return_if_fail (BENCH_IS_PLOT (self));
  g_return_if_fail (hi > lo);

  bench_plot_set_manual_y (self, lo, hi);
}

void
bench_plot_get_geometry (BenchPlot       *self,
                         int              width,
                         int              height,
                         graphene_rect_t *area,
                         double          *t0,
                         double          *t1,
                         double          *lo,
                         double          *hi)
{
  Frame f;

  g_return_if_fail (BENCH_IS_PLOT (self));
  g_return_if_fail (width > 0 && height > 0);

  bench_plot_layout_frame (self, width, height, FALSE, &f);
  if (area != NULL)
    *area = f.area;
  if (t0 != NULL)
    *t0 = f.x.lo;
  if (t1 != NULL)
    *t1 = f.x.hi;
  if (lo != NULL)
    *lo = f.y.lo;
  if (hi != NULL)
    *hi = f.y.hi;
}

guint64
_bench_plot_get_n_draws (BenchPlot *self)
{
  g_return_val_if_fail (BENCH_IS_PLOT (self), 0);

  return self->n_draws;
}

/* Export */

GskRenderNode *
bench_plot_render_node (BenchPlot *self,
                        int        width,
                        int        height)
{
  GtkSnapshot *snapshot;

  g_return_val_if_fail (BENCH_IS_PLOT (self), NULL);
  g_return_val_if_fail (width > 0 && height > 0, NULL);

  snapshot = gtk_snapshot_new ();
  bench_plot_draw (self, snapshot, width, height);

  return gtk_snapshot_free_to_node (snapshot);
}

static cairo_status_t
bytes_write_cb (void                *closure,
                const unsigned char *data,
                unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* The image in memory (drawing is CPU only; the file is written apart). */
static GBytes *
bench_plot_render_image (BenchPlot  *self,
                         int         width,
                         int         height,
                         gboolean    svg,
                         GError    **error)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;

  if (svg)
    surface = cairo_svg_surface_create_for_stream (bytes_write_cb, bytes, width, height);
  else
    surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);

  /* (a surface cairo cannot make, such as a too large image, is in error) */
  if (cairo_surface_status (surface) == CAIRO_STATUS_SUCCESS)
    {
      cr = cairo_create (surface);
      bench_plot_draw_to_cairo (self, cr, width, height);
      cairo_destroy (cr);
    }

  if (svg)
    cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  if (!svg && status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_write_to_png_stream (surface, bytes_write_cb, bytes);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s", cairo_status_to_string (status));
      return NULL;
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
}

/* A file of @data (GBytes) in one piece */
static gboolean
bytes_fill (GString  *out,
            gpointer  data)
{
  gsize len;
  const char *bytes = g_bytes_get_data (data, &len);

  g_string_append_len (out, bytes, len);
  return FALSE;
}

/* PNG or SVG through a temporary file that replaces @path only when all
 * went well, as the CSV export does: a failed export leaves no torn file. */
static gboolean
bench_plot_export_image (BenchPlot   *self,
                         const char  *path,
                         int          width,
                         int          height,
                         gboolean     svg,
                         GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;

  bytes = bench_plot_render_image (self, width, height, svg, &local_error);
  if (bytes == NULL || !bench_file_write (path, bytes_fill, bytes, &local_error))
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error), _("Cannot export the plot to “%s”: "), path);
      return FALSE;
    }

  return TRUE;
}

gboolean
bench_plot_export_png (BenchPlot   *self,
                       const char  *path,
                       int          width,
                       int          height,
                       GError     **error)
{
  g_return_val_if_fail (BENCH_IS_PLOT (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (width > 0 && height > 0, FALSE);

  return bench_plot_export_image (self, path, width, height, FALSE, error);
}

gboolean
bench_plot_export_svg (BenchPlot   *self,
                       const char  *path,
                       int          width,
                       int          height,
                       GError     **error)
{
  g_return_val_if_fail (BENCH_IS_PLOT (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (width > 0 && height > 0, FALSE);

  return bench_plot_export_image (self, path, width, height, TRUE, error);
}

/* The traces' channels, in order (not referenced) */
static BenchChannel **
bench_plot_export_channels (BenchPlot *self,
                            guint     *n_channels)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->traces));
  BenchChannel **channels = g_new0 (BenchChannel *, MAX (n, 1));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BenchPlotTrace) trace = g_list_model_get_item (G_LIST_MODEL (self->traces), i);

      channels[i] = bench_plot_trace_get_channel (trace);
    }
  *n_channels = n;
  return channels;
}

/* width or height <= 0: the widget's size, or the default without one */
static void
bench_plot_export_size (BenchPlot *self,
                        int       *width,
                        int       *height)
{
  if (*width > 0 && *height > 0)
    return;

  *width = gtk_widget_get_width (GTK_WIDGET (self));
  *height = gtk_widget_get_height (GTK_WIDGET (self));
  if (*width <= 0 || *height <= 0)
    {
      *width = EXPORT_WIDTH;
      *height = EXPORT_HEIGHT;
    }
}

gboolean
bench_plot_export_csv (BenchPlot   *self,
                       const char  *path,
                       GError     **error)
{
  guint n = 0;
  g_autofree BenchChannel **channels = NULL;

  g_return_val_if_fail (BENCH_IS_PLOT (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  channels = bench_plot_export_channels (self, &n);
  return bench_channels_write_csv ((BenchChannel * const *) channels, n, path, self->session_start, error);
}

gboolean
bench_plot_export (BenchPlot   *self,
                   const char  *path,
                   int          width,
                   int          height,
                   GError     **error)
{
  g_autofree char *lower = NULL;

  g_return_val_if_fail (BENCH_IS_PLOT (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  bench_plot_export_size (self, &width, &height);
  lower = g_ascii_strdown (path, -1);

  if (g_str_has_suffix (lower, ".png"))
    return bench_plot_export_png (self, path, width, height, error);
  if (g_str_has_suffix (lower, ".svg"))
    return bench_plot_export_svg (self, path, width, height, error);
  if (g_str_has_suffix (lower, ".csv"))
    return bench_plot_export_csv (self, path, error);

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
               _("Cannot export the plot to “%s”: the name must end in .png, .svg or .csv"), path);
  return FALSE;
}

/* Without blocking: the image is drawn in memory, or the CSV formatted a
 * chunk at a time, and GIO's threads write the file. */
static void
bench_plot_export_written_cb (GObject      *object,
                              GAsyncResult *result,
                              gpointer      data)
{
  g_autoptr(GTask) task = data;
  GError *error = NULL;
  gboolean ok;

  if (g_async_result_is_tagged (result, bench_channels_write_csv_async))
    ok = bench_channels_write_csv_finish (result, &error);
  else
    {
      ok = bench_file_write_finish (result, &error);
      if (!ok)
        g_prefix_error (&error, _("Cannot export the plot to “%s”: "), (const char *) g_task_get_task_data (task));
    }

  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
bench_plot_export_async (BenchPlot           *self,
                         const char          *path,
                         int                  width,
                         int                  height,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autofree char *lower = NULL;
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  gboolean svg;

  g_return_if_fail (BENCH_IS_PLOT (self));
  g_return_if_fail (path != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bench_plot_export_async);
  g_task_set_task_data (task, g_strdup (path), g_free);

  bench_plot_export_size (self, &width, &height);
  lower = g_ascii_strdown (path, -1);

  if (g_str_has_suffix (lower, ".csv"))
    {
      guint n = 0;
      g_autofree BenchChannel **channels = bench_plot_export_channels (self, &n);

      bench_channels_write_csv_async ((BenchChannel * const *) channels, n, path, self->session_start,
                                      cancellable, bench_plot_export_written_cb, g_steal_pointer (&task));
      return;
    }

  if (!g_str_has_suffix (lower, ".png") && !g_str_has_suffix (lower, ".svg"))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("Cannot export the plot to “%s”: the name must end in .png, .svg or .csv"), path);
      return;
    }

  svg = g_str_has_suffix (lower, ".svg");
  {
    GBytes *bytes = bench_plot_render_image (self, width, height, svg, &error);

    if (bytes == NULL)
      {
        g_prefix_error (&error, _("Cannot export the plot to “%s”: "), path);
        g_task_return_error (task, error);
        return;
      }
    bench_file_write_async (path, bytes_fill, bytes, (GDestroyNotify) g_bytes_unref, cancellable,
                            bench_plot_export_written_cb, g_steal_pointer (&task));
  }
}

gboolean
bench_plot_export_finish (BenchPlot     *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (BENCH_IS_PLOT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
