/* bench-plot-trace.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "bench-series.h"
#include "bench-util.h"

#include "bench-plot-private.h"
#include "bench-plot-trace.h"

struct _BenchPlotTrace
{
  GObject          parent_instance;

  BenchChannel    *channel;
  BenchChannelSet *origin;         /* the channel's set when added; not a reference */
  GBinding        *visible_binding;
  char            *label;

  /* the last decimation and render node, reused while their keys hold */
  GArray          *columns;
  GArray          *spare;
  gint64           columns_t0;
  gint64           columns_t1;
  guint64          columns_appended;
  guint64          columns_dropped;
  guint            columns_generation;
  gint64           columns_last_time;
  guint            columns_in_window;
  gboolean         columns_valid;
  GskRenderNode   *node;
  GBytes          *node_key;

  guint            color_index;
  gboolean         visible;
  gboolean         qualified;
  gboolean         follows;
};

G_DEFINE_FINAL_TYPE (BenchPlotTrace, bench_plot_trace, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CHANNEL,
  PROP_COLOR_INDEX,
  PROP_VISIBLE,
  PROP_LABEL,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void
bench_plot_trace_update_label (BenchPlotTrace *self)
{
  const char *name = bench_channel_get_name (self->channel);
  const char *device = bench_channel_get_device_name (self->channel);
  g_autofree char *label = NULL;

  if (self->qualified && device != NULL)
    label = g_strdup_printf ("%s/%s", device, name);
  else
    label = g_strdup (name);

  if (bench_set_str (&self->label, label))
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_LABEL]);
}

static void
bench_plot_trace_name_cb (BenchPlotTrace *self)
{
  g_assert (BENCH_IS_PLOT_TRACE (self));

  bench_plot_trace_update_label (self);
}

BenchPlotTrace *
_bench_plot_trace_new (BenchChannel *channel,
                       guint         color_index,
                       gboolean      follow_channel)
{
  BenchPlotTrace *self;

  g_return_val_if_fail (BENCH_IS_CHANNEL (channel), NULL);

  self = g_object_new (BENCH_TYPE_PLOT_TRACE,
                       "channel", channel,
                       NULL);
  self->color_index = color_index;
  self->follows = follow_channel;
  self->origin = bench_channel_get_set (channel);

  if (follow_channel)
    self->visible_binding = g_object_bind_property (channel, "visible", self, "visible",
                                                    G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);

  g_signal_connect_object (channel, "notify::name",
                           G_CALLBACK (bench_plot_trace_name_cb), self, G_CONNECT_SWAPPED);
  /* "device/name" follows the device's name */
  if (self->origin != NULL)
    g_signal_connect_object (self->origin, "notify::name",
                             G_CALLBACK (bench_plot_trace_name_cb), self, G_CONNECT_SWAPPED);
  bench_plot_trace_update_label (self);

  return self;
}

static void
bench_plot_trace_dispose (GObject *object)
{
  BenchPlotTrace *self = (BenchPlotTrace *)object;

  if (self->visible_binding != NULL)
    {
      g_binding_unbind (self->visible_binding);
      self->visible_binding = NULL;
    }
  g_clear_object (&self->channel);

  G_OBJECT_CLASS (bench_plot_trace_parent_class)->dispose (object);
}

static void
bench_plot_trace_finalize (GObject *object)
{
  BenchPlotTrace *self = (BenchPlotTrace *)object;

  g_clear_pointer (&self->label, g_free);
  g_clear_pointer (&self->columns, g_array_unref);
  g_clear_pointer (&self->spare, g_array_unref);
  g_clear_pointer (&self->node, gsk_render_node_unref);
  g_clear_pointer (&self->node_key, g_bytes_unref);

  G_OBJECT_CLASS (bench_plot_trace_parent_class)->finalize (object);
}

static void
bench_plot_trace_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  BenchPlotTrace *self = BENCH_PLOT_TRACE (object);

  switch (prop_id)
    {
    case PROP_CHANNEL:
      g_value_set_object (value, self->channel);
      break;

    case PROP_COLOR_INDEX:
      g_value_set_uint (value, self->color_index);
      break;

    case PROP_VISIBLE:
      g_value_set_boolean (value, self->visible);
      break;

    case PROP_LABEL:
      g_value_set_string (value, self->label);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bench_plot_trace_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  BenchPlotTrace *self = BENCH_PLOT_TRACE (object);

  switch (prop_id)
    {
    case PROP_CHANNEL:
      self->channel = g_value_dup_object (value);
      break;

    case PROP_VISIBLE:
      bench_plot_trace_set_visible (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bench_plot_trace_class_init (BenchPlotTraceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bench_plot_trace_dispose;
  object_class->finalize = bench_plot_trace_finalize;
  object_class->get_property = bench_plot_trace_get_property;
  object_class->set_property = bench_plot_trace_set_property;

  properties [PROP_CHANNEL] =
    g_param_spec_object ("channel", NULL, NULL,
                         BENCH_TYPE_CHANNEL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties [PROP_COLOR_INDEX] =
    g_param_spec_uint ("color-index", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_VISIBLE] =
    g_param_spec_boolean ("visible", NULL, NULL,
                          TRUE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_LABEL] =
    g_param_spec_string ("label", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bench_plot_trace_init (BenchPlotTrace *self)
{
  self->visible = TRUE;
  self->columns = g_array_new (FALSE, FALSE, sizeof (BenchSeriesColumn));
  self->spare = g_array_new (FALSE, FALSE, sizeof (BenchSeriesColumn));
}

BenchChannel *
bench_plot_trace_get_channel (BenchPlotTrace *self)
{
  g_return_val_if_fail (BENCH_IS_PLOT_TRACE (self), NULL);

  return self->channel;
}

guint
bench_plot_trace_get_color_index (BenchPlotTrace *self)
{
  g_return_val_if_fail (BENCH_IS_PLOT_TRACE (self), 0);

  return self->color_index;
}

gboolean
bench_plot_trace_get_visible (BenchPlotTrace *self)
{
  g_return_val_if_fail (BENCH_IS_PLOT_TRACE (self), FALSE);

  return self->visible;
}

void
bench_plot_trace_set_visible (BenchPlotTrace *self,
                              gboolean        visible)
{
  g_return_if_fail (BENCH_IS_PLOT_TRACE (self));

  visible = !!visible;

  if (visible != self->visible)
    {
      self->visible = visible;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_VISIBLE]);
    }
}

const char *
bench_plot_trace_get_label (BenchPlotTrace *self)
{
  g_return_val_if_fail (BENCH_IS_PLOT_TRACE (self), NULL);

  return self->label;
}

void
_bench_plot_trace_set_qualified (BenchPlotTrace *self,
                                 gboolean        qualified)
{
  g_assert (BENCH_IS_PLOT_TRACE (self));

  self->qualified = !!qualified;
  bench_plot_trace_update_label (self);
}

gboolean
_bench_plot_trace_get_follows (BenchPlotTrace *self)
{
  g_assert (BENCH_IS_PLOT_TRACE (self));

  return self->follows;
}

BenchChannelSet *
_bench_plot_trace_get_origin (BenchPlotTrace *self)
{
  g_assert (BENCH_IS_PLOT_TRACE (self));

  return self->origin;
}

static inline gint64
floor_div (gint64 a,
           gint64 b)
{
  return a >= 0 ? a / b : -((-a + b - 1) / b);
}

/* A live view scrolls by whole columns of a fixed time grid, so between two
 * frames only the columns that gained samples (at the end) or lost them to
 * the ring (at the start) change: those are decimated again, the others are
 * moved over. Any other change decimates everything. */
const BenchSeriesColumn *
_bench_plot_trace_decimate (BenchPlotTrace *self,
                            gint64          t0,
                            gint64          t1,
                            guint           n_columns,
                            guint          *n_in_window)
{
  BenchSeries *series;
  BenchSeriesColumn *cols;
  const BenchSeriesColumn *old;
  guint64 appended, dropped;
  guint generation;
  gint64 first = G_MININT64, last = G_MININT64;
  gint64 step, shift;
  guint left = n_columns, right = n_columns;

  g_assert (BENCH_IS_PLOT_TRACE (self));

  series = bench_channel_get_series (self->channel);
  appended = bench_series_get_n_appended (series);
  dropped = bench_series_get_n_dropped (series);
  generation = bench_series_get_generation (series);
  bench_series_get_first (series, &first, NULL);
  bench_series_get_last (series, &last, NULL);

  if (self->columns_valid &&
      self->columns_t0 == t0 && self->columns_t1 == t1 &&
      self->columns->len == n_columns &&
      self->columns_appended == appended &&
      self->columns_dropped == dropped &&
      self->columns_generation == generation)
    {
      *n_in_window = self->columns_in_window;
      return (const BenchSeriesColumn *) (gconstpointer) self->columns->data;
    }

  g_array_set_size (self->spare, n_columns);
  cols = (BenchSeriesColumn *) (gpointer) self->spare->data;
  old = (const BenchSeriesColumn *) (gconstpointer) self->columns->data;
  step = (t1 - t0) / n_columns;

  /* the same grid, shifted by whole columns, and the same samples apart
   * from appends and evictions */
  if (self->columns_valid &&
      n_columns > 0 &&
      (t1 - t0) % n_columns == 0 &&
      self->columns->len == n_columns &&
      self->columns_t1 - self->columns_t0 == t1 - t0 &&
      (t0 - self->columns_t0) % step == 0 &&
      self->columns_generation == generation)
    {
      gint64 keep_from, keep_to;

      shift = (t0 - self->columns_t0) / step;

      /* columns [left, right) come from the old ones */
      keep_from = MAX (0, -shift);
      keep_to = MIN ((gint64) n_columns, (gint64) n_columns - shift);

      /* samples appended since: from the column of the old last sample on */
      if (appended != self->columns_appended && self->columns_last_time != G_MININT64)
        keep_to = MIN (keep_to, floor_div (self->columns_last_time - t0, step));
      /* samples evicted since: up to the column of the new first sample */
      if (dropped != self->columns_dropped)
        keep_from = MAX (keep_from, floor_div (first - t0, step) + 1);

      if (keep_from < keep_to)
        {
          left = (guint) keep_from;
          right = (guint) keep_to;
          memcpy (cols + left, old + left + shift, (right - left) * sizeof *cols);
        }
      else
        left = right = n_columns;
    }

  if (left == right)
    {
      /* nothing to keep */
      left = n_columns;
      right = n_columns;
      bench_series_decimate (series, t0, t1, n_columns, cols);
    }
  else
    {
      if (left > 0)
        bench_series_decimate (series, t0, t0 + left * step, left, cols);
      if (right < n_columns)
        bench_series_decimate (series, t0 + right * step, t1, n_columns - right, cols + right);
    }

  self->columns_in_window = 0;
  for (guint c = 0; c < n_columns; c++)
    self->columns_in_window += cols[c].n;

  /* swap: the new columns become the kept ones */
  {
    GArray *tmp = self->columns;

    self->columns = self->spare;
    self->spare = tmp;
  }

  self->columns_t0 = t0;
  self->columns_t1 = t1;
  self->columns_appended = appended;
  self->columns_dropped = dropped;
  self->columns_generation = generation;
  self->columns_last_time = last;
  self->columns_valid = TRUE;

  *n_in_window = self->columns_in_window;
  return (const BenchSeriesColumn *) (gconstpointer) self->columns->data;
}

GskRenderNode *
_bench_plot_trace_lookup_node (BenchPlotTrace *self,
                               gconstpointer   key,
                               gsize           key_len)
{
  g_assert (BENCH_IS_PLOT_TRACE (self));

  if (self->node == NULL || self->node_key == NULL ||
      g_bytes_get_size (self->node_key) != key_len ||
      memcmp (g_bytes_get_data (self->node_key, NULL), key, key_len) != 0)
    return NULL;

  return self->node;
}

void
_bench_plot_trace_store_node (BenchPlotTrace *self,
                              gconstpointer   key,
                              gsize           key_len,
                              GskRenderNode  *node)
{
  g_assert (BENCH_IS_PLOT_TRACE (self));

  g_clear_pointer (&self->node, gsk_render_node_unref);
  g_clear_pointer (&self->node_key, g_bytes_unref);
  if (node != NULL)
    {
      self->node = gsk_render_node_ref (node);
      self->node_key = g_bytes_new (key, key_len);
    }
}
