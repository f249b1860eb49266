/* bench-plot-legend.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "bench-plot-private.h"
#include "bench-plot-legend.h"

struct _BenchPlotLegend
{
  GtkWidget   parent_instance;

  BenchPlot  *plot;
  GtkFlowBox *flow;
  guint       tick_id;
  guint       timeout_id;
  gint64      refreshed_us;
  guint64     refreshed_samples;
};

/* Values are shown at most ten times a second, as a meter's display
 * would: faster is unreadable, and every change of a label is a relayout
 * of the window. While the channels flood in (more than this many samples
 * a second), twice a second, as the counters under the console. */
#define REFRESH_US          (G_USEC_PER_SEC / 10)
#define FLOOD_REFRESH_US    (G_USEC_PER_SEC / 2)
#define FLOOD_SAMPLES_PER_S 20000

G_DEFINE_FINAL_TYPE (BenchPlotLegend, bench_plot_legend, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_PLOT,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

#define ENTRY_TRACE  "bench-legend-trace"
#define ENTRY_CHECK  "bench-legend-check"
#define ENTRY_SWATCH "bench-legend-swatch"
#define ENTRY_VALUE  "bench-legend-value"
#define SWATCH_MARKUP "bench-legend-swatch-markup"

static void
entry_update_swatch (BenchPlotLegend *self,
                     GtkWidget       *entry)
{
  BenchPlotTrace *trace = g_object_get_data (G_OBJECT (entry), ENTRY_TRACE);
  GtkLabel *swatch = g_object_get_data (G_OBJECT (entry), ENTRY_SWATCH);
  g_autofree char *markup = NULL;
  GdkRGBA color;

  bench_plot_get_trace_color (self->plot, trace, &color);
  markup = g_strdup_printf ("<span foreground=\"#%02x%02x%02x\" weight=\"heavy\">━━</span>",
                            (guint) lround (color.red * 255),
                            (guint) lround (color.green * 255),
                            (guint) lround (color.blue * 255));
  /* (a new markup is a relayout: only when the theme changed the colour) */
  if (g_strcmp0 (g_object_get_data (G_OBJECT (swatch), SWATCH_MARKUP), markup) != 0)
    {
      gtk_label_set_markup (swatch, markup);
      g_object_set_data_full (G_OBJECT (swatch), SWATCH_MARKUP, g_steal_pointer (&markup), g_free);
    }
}

static void
entry_update_value (GtkWidget *entry)
{
  BenchPlotTrace *trace = g_object_get_data (G_OBJECT (entry), ENTRY_TRACE);
  GtkLabel *value = g_object_get_data (G_OBJECT (entry), ENTRY_VALUE);
  BenchChannel *channel = bench_plot_trace_get_channel (trace);
  g_autofree char *text = NULL;

  text = _bench_plot_format_value (bench_channel_get_latest_value (channel),
                                   bench_channel_get_unit (channel));
  if (g_strcmp0 (gtk_label_get_text (value), text) != 0)
    gtk_label_set_text (value, text);
}

static void
entry_update_accessible (GtkWidget *entry)
{
  BenchPlotTrace *trace = g_object_get_data (G_OBJECT (entry), ENTRY_TRACE);
  GtkWidget *check = g_object_get_data (G_OBJECT (entry), ENTRY_CHECK);
  GtkWidget *value = g_object_get_data (G_OBJECT (entry), ENTRY_VALUE);
  const char *label = bench_plot_trace_get_label (trace);
  g_autofree char *description = g_strdup_printf (_("Latest value of %s"), label);

  gtk_accessible_update_property (GTK_ACCESSIBLE (check),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, _("Show this channel in the plot"),
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (value),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
}

/* Samples taken by the sets of the plot's traces so far */
static guint64
bench_plot_legend_count_samples (BenchPlotLegend *self)
{
  GListModel *traces = bench_plot_get_traces (self->plot);
  g_autoptr(GPtrArray) sets = g_ptr_array_new ();
  guint n = g_list_model_get_n_items (traces);
  guint64 samples = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BenchPlotTrace) trace = g_list_model_get_item (traces, i);
      BenchChannelSet *set = bench_channel_get_set (bench_plot_trace_get_channel (trace));

      if (set != NULL && !g_ptr_array_find (sets, set, NULL))
        {
          g_ptr_array_add (sets, set);
          samples += bench_channel_set_get_n_samples (set);
        }
    }

  return samples;
}

static void
bench_plot_legend_foreach (BenchPlotLegend *self,
                           void           (*func) (BenchPlotLegend *self,
                                                   GtkWidget       *entry))
{
  GtkFlowBoxChild *child;

  for (int i = 0; (child = gtk_flow_box_get_child_at_index (self->flow, i)) != NULL; i++)
    func (self, gtk_flow_box_child_get_child (child));
}

static void
refresh_entry (BenchPlotLegend *self,
               GtkWidget       *entry)
{
  entry_update_value (entry);
  entry_update_swatch (self, entry);
}

static gboolean
bench_plot_legend_tick_cb (GtkWidget     *widget,
                           GdkFrameClock *frame_clock,
                           gpointer       user_data)
{
  BenchPlotLegend *self = (BenchPlotLegend *)widget;

  g_assert (BENCH_IS_PLOT_LEGEND (self));

  self->tick_id = 0;
  self->refreshed_us = g_get_monotonic_time ();
  self->refreshed_samples = bench_plot_legend_count_samples (self);
  bench_plot_legend_foreach (self, refresh_entry);

  return G_SOURCE_REMOVE;
}

static gboolean
bench_plot_legend_timeout_cb (gpointer user_data)
{
  BenchPlotLegend *self = user_data;

  self->timeout_id = 0;
  self->refreshed_us = g_get_monotonic_time ();
  self->refreshed_samples = bench_plot_legend_count_samples (self);
  bench_plot_legend_foreach (self, refresh_entry);

  return G_SOURCE_REMOVE;
}

/* Values change once per device batch; labels change once per frame. */
static void
bench_plot_legend_queue_refresh (BenchPlotLegend *self)
{
  gint64 since, interval;
  guint64 samples;

  if (self->tick_id != 0 || self->timeout_id != 0)
    return;

  /* a hidden legend (another page's) catches up when it is shown */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;

  since = g_get_monotonic_time () - self->refreshed_us;
  samples = bench_plot_legend_count_samples (self) - self->refreshed_samples;
  interval = samples * G_USEC_PER_SEC > (guint64) FLOOD_SAMPLES_PER_S * MAX (since, 1) ? FLOOD_REFRESH_US : REFRESH_US;
  if (since >= interval)
    self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), bench_plot_legend_tick_cb, NULL, NULL);
  else
    self->timeout_id = g_timeout_add_full (G_PRIORITY_DEFAULT, (interval - since + 999) / 1000,
                                           bench_plot_legend_timeout_cb, self, NULL);
}

static void
bench_plot_legend_value_cb (BenchPlotLegend *self)
{
  g_assert (BENCH_IS_PLOT_LEGEND (self));

  bench_plot_legend_queue_refresh (self);
}

static void
bench_plot_legend_label_cb (GtkWidget *entry)
{
  entry_update_accessible (entry);
}

static GtkWidget *
bench_plot_legend_create_entry (gpointer item,
                                gpointer user_data)
{
  BenchPlotLegend *self = user_data;
  BenchPlotTrace *trace = item;
  BenchChannel *channel = bench_plot_trace_get_channel (trace);
  GtkWidget *entry;
  GtkWidget *check;
  GtkWidget *inner;
  GtkWidget *swatch;
  GtkWidget *name;
  GtkWidget *value;

  g_assert (BENCH_IS_PLOT_LEGEND (self));
  g_assert (BENCH_IS_PLOT_TRACE (trace));

  entry = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_add_css_class (entry, "legend-entry");

  swatch = g_object_new (GTK_TYPE_LABEL,
                         "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                         NULL);
  name = gtk_label_new (NULL);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (name), 24);
  g_object_bind_property (trace, "label", name, "label", G_BINDING_SYNC_CREATE);

  inner = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_append (GTK_BOX (inner), swatch);
  gtk_box_append (GTK_BOX (inner), name);

  check = gtk_check_button_new ();
  gtk_check_button_set_child (GTK_CHECK_BUTTON (check), inner);
  g_object_bind_property (trace, "visible", check, "active",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);

  value = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (value), 1);
  gtk_label_set_width_chars (GTK_LABEL (value), 11);
  gtk_label_set_selectable (GTK_LABEL (value), FALSE);
  gtk_widget_add_css_class (value, "numeric");

  gtk_box_append (GTK_BOX (entry), check);
  gtk_box_append (GTK_BOX (entry), value);

  g_object_set_data_full (G_OBJECT (entry), ENTRY_TRACE, g_object_ref (trace), g_object_unref);
  g_object_set_data (G_OBJECT (entry), ENTRY_CHECK, check);
  g_object_set_data (G_OBJECT (entry), ENTRY_SWATCH, swatch);
  g_object_set_data (G_OBJECT (entry), ENTRY_VALUE, value);

  g_signal_connect_object (channel, "notify::latest-value",
                           G_CALLBACK (bench_plot_legend_value_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (channel, "notify::unit",
                           G_CALLBACK (bench_plot_legend_value_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (trace, "notify::label",
                           G_CALLBACK (bench_plot_legend_label_cb), entry, G_CONNECT_SWAPPED);

  entry_update_accessible (entry);
  refresh_entry (self, entry);

  return entry;
}

static void
bench_plot_legend_css_changed (GtkWidget         *widget,
                               GtkCssStyleChange *change)
{
  BenchPlotLegend *self = (BenchPlotLegend *)widget;

  GTK_WIDGET_CLASS (bench_plot_legend_parent_class)->css_changed (widget, change);

  /* the plot's palette follows the theme: repaint the swatches next frame */
  if (self->plot != NULL)
    bench_plot_legend_queue_refresh (self);
}

static void
bench_plot_legend_map (GtkWidget *widget)
{
  BenchPlotLegend *self = (BenchPlotLegend *)widget;

  GTK_WIDGET_CLASS (bench_plot_legend_parent_class)->map (widget);

  bench_plot_legend_foreach (self, refresh_entry);
}

static void
bench_plot_legend_unmap (GtkWidget *widget)
{
  BenchPlotLegend *self = (BenchPlotLegend *)widget;

  if (self->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (widget, self->tick_id);
      self->tick_id = 0;
    }
  g_clear_handle_id (&self->timeout_id, g_source_remove);

  GTK_WIDGET_CLASS (bench_plot_legend_parent_class)->unmap (widget);
}

static void
bench_plot_legend_set_plot (BenchPlotLegend *self,
                            BenchPlot       *plot)
{
  g_assert (BENCH_IS_PLOT_LEGEND (self));
  g_assert (BENCH_IS_PLOT (plot));
  g_assert (self->plot == NULL);

  self->plot = g_object_ref (plot);
  gtk_flow_box_bind_model (self->flow,
                           bench_plot_get_traces (plot),
                           bench_plot_legend_create_entry,
                           self, NULL);
}

static void
bench_plot_legend_dispose (GObject *object)
{
  BenchPlotLegend *self = (BenchPlotLegend *)object;

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (self->flow != NULL)
    {
      gtk_flow_box_bind_model (self->flow, NULL, NULL, NULL, NULL);
      gtk_widget_unparent (GTK_WIDGET (self->flow));
      self->flow = NULL;
    }
  g_clear_object (&self->plot);

  G_OBJECT_CLASS (bench_plot_legend_parent_class)->dispose (object);
}

static void
bench_plot_legend_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  BenchPlotLegend *self = BENCH_PLOT_LEGEND (object);

  switch (prop_id)
    {
    case PROP_PLOT:
      g_value_set_object (value, self->plot);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bench_plot_legend_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  BenchPlotLegend *self = BENCH_PLOT_LEGEND (object);

  switch (prop_id)
    {
    case PROP_PLOT:
      bench_plot_legend_set_plot (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bench_plot_legend_class_init (BenchPlotLegendClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bench_plot_legend_dispose;
  object_class->get_property = bench_plot_legend_get_property;
  object_class->set_property = bench_plot_legend_set_property;

  widget_class->css_changed = bench_plot_legend_css_changed;
  widget_class->map = bench_plot_legend_map;
  widget_class->unmap = bench_plot_legend_unmap;

  properties [PROP_PLOT] =
    g_param_spec_object ("plot", NULL, NULL,
                         BENCH_TYPE_PLOT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "benchplotlegend");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
bench_plot_legend_init (BenchPlotLegend *self)
{
  self->flow = GTK_FLOW_BOX (gtk_flow_box_new ());
  gtk_flow_box_set_selection_mode (self->flow, GTK_SELECTION_NONE);
  gtk_flow_box_set_homogeneous (self->flow, FALSE);
  gtk_flow_box_set_column_spacing (self->flow, 18);
  gtk_flow_box_set_row_spacing (self->flow, 2);
  gtk_flow_box_set_max_children_per_line (self->flow, 16);
  gtk_widget_set_parent (GTK_WIDGET (self->flow), GTK_WIDGET (self));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Legend"),
                                  -1);
}

GtkWidget *
bench_plot_legend_new (BenchPlot *plot)
{
  g_return_val_if_fail (BENCH_IS_PLOT (plot), NULL);

  return g_object_new (BENCH_TYPE_PLOT_LEGEND,
                       "plot", plot,
                       NULL);
}

BenchPlot *
bench_plot_legend_get_plot (BenchPlotLegend *self)
{
  g_return_val_if_fail (BENCH_IS_PLOT_LEGEND (self), NULL);

  return self->plot;
}

gboolean
bench_plot_legend_get_entry (BenchPlotLegend  *self,
                             guint             position,
                             GtkCheckButton  **check,
                             GtkLabel        **value)
{
  GtkFlowBoxChild *child;
  GtkWidget *entry;

  g_return_val_if_fail (BENCH_IS_PLOT_LEGEND (self), FALSE);

  child = gtk_flow_box_get_child_at_index (self->flow, (int) position);
  if (child == NULL)
    return FALSE;

  entry = gtk_flow_box_child_get_child (child);
  if (check != NULL)
    *check = g_object_get_data (G_OBJECT (entry), ENTRY_CHECK);
  if (value != NULL)
    *value = g_object_get_data (G_OBJECT (entry), ENTRY_VALUE);

  return TRUE;
}
