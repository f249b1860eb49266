/* bench-channel-set.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>
#include <time.h>

#include "bench-channel-extractor.h"
#include "bench-enums.h"
#include "bench-file-writer.h"
#include "bench-series.h"
#include "bench-util.h"

#include "bench-channel-private.h"
#include "bench-channel-set.h"

/* Just above GTK's redraw (G_PRIORITY_HIGH_IDLE + 20) and layout: the batch
 * is published after the device dispatch that produced it and before the
 * frame that draws it. */
#define FLUSH_PRIORITY (G_PRIORITY_HIGH_IDLE + 10)

struct _BenchChannelSet
{
  GObject                parent_instance;

  /* The device calls sink.row; see sink_row_cb. */
  BenchRowSink           sink;

  BenchChannelExtractor *extractor;
  BenchPlotMode          mode;
  char                  *pattern;
  char                  *name;
  gboolean               skip_timestamps;
  guint                  capacity;

  /* Every channel the extractor has, indexed like it; only the first
   * n_published are in the model. series[] mirrors channels[] for the hot
   * path. */
  GPtrArray             *channels;
  BenchSeries           *series[BENCH_CHANNEL_EXTRACTOR_MAX_CHANNELS];
  guint                  n_published;
  guint                  generation;

  GSource               *flush_source;
  gboolean               scheduled;
  gboolean               dirty;
  guint64                n_rejected_seen;
  gboolean               in_split;
  gboolean               have_wall_offset;
  gint64                 wall_offset;
  guint64                n_samples;

  guint64                n_nan;
  guint64                n_inf;
  guint64                n_overflow;
  guint64                n_excess;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (BenchChannelSet, bench_channel_set, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_NAME,
  PROP_MODE,
  PROP_PATTERN,
  PROP_SKIP_TIMESTAMPS,
  PROP_CAPACITY,
  PROP_N_CHANNELS,
  PROP_N_NAN,
  PROP_N_INF,
  PROP_N_OVERFLOW,
  PROP_N_EXCESS,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties [N_PROPS];
static guint signals [N_SIGNALS];

/* GListModel */

static GType
bench_channel_set_get_item_type (GListModel *model)
{
  return BENCH_TYPE_CHANNEL;
}

static guint
bench_channel_set_get_n_items (GListModel *model)
{
  return BENCH_CHANNEL_SET (model)->n_published;
}

static gpointer
bench_channel_set_get_item (GListModel *model,
                            guint       position)
{
  BenchChannelSet *self = BENCH_CHANNEL_SET (model);

  if (position >= self->n_published)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->channels, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = bench_channel_set_get_item_type;
  iface->get_n_items = bench_channel_set_get_n_items;
  iface->get_item = bench_channel_set_get_item;
}

/* The flush source: one per set, made ready when a batch starts. */

static gboolean
flush_source_dispatch (GSource     *source,
                       GSourceFunc  callback,
                       gpointer     user_data)
{
  g_source_set_ready_time (source, -1);
  return callback (user_data);
}

static GSourceFuncs flush_source_funcs = {
  .dispatch = flush_source_dispatch,
};

static gboolean
bench_channel_set_flush_cb (gpointer user_data)
{
  BenchChannelSet *self = user_data;

  g_assert (BENCH_IS_CHANNEL_SET (self));

  bench_channel_set_flush (self);

  return G_SOURCE_CONTINUE;
}

/* Makes the flush source ready; @data: samples or channels changed (so
 * ::changed will be emitted), not just counters. */
static inline void
bench_channel_set_schedule (BenchChannelSet *self,
                            gboolean         data)
{
  if (data)
    self->dirty = TRUE;

  if (self->scheduled)
    return;
  self->scheduled = TRUE;

  if (self->flush_source == NULL)
    {
      self->flush_source = g_source_new (&flush_source_funcs, sizeof (GSource));
      g_source_set_static_name (self->flush_source, "[bench-channel-set-flush]");
      g_source_set_priority (self->flush_source, FLUSH_PRIORITY);
      g_source_set_callback (self->flush_source, bench_channel_set_flush_cb, self, NULL);
      g_source_attach (self->flush_source, g_main_context_get_thread_default ());
    }

  g_source_set_ready_time (self->flush_source, 0);
}

/* Channels */

static void
bench_channel_set_sync_channels (BenchChannelSet *self)
{
  guint n = bench_channel_extractor_get_n_channels (self->extractor);

  for (guint i = self->channels->len; i < n; i++)
    {
      const char *name = bench_channel_extractor_get_channel_name (self->extractor, i);
      BenchChannel *channel = _bench_channel_new (self, i, name, self->capacity);

      _bench_channel_set_wall_offset (channel, self->wall_offset);
      self->series[i] = bench_channel_get_series (channel);
      g_ptr_array_add (self->channels, channel);
    }

  self->generation = bench_channel_extractor_get_generation (self->extractor);
}

static void
bench_channel_set_drop_channels (BenchChannelSet *self)
{
  guint n_published = self->n_published;

  for (guint i = 0; i < self->channels->len; i++)
    _bench_channel_detach (g_ptr_array_index (self->channels, i));

  g_ptr_array_set_size (self->channels, 0);
  memset (self->series, 0, sizeof self->series);
  self->n_published = 0;
  self->generation = 0;

  if (n_published > 0)
    {
      g_list_model_items_changed (G_LIST_MODEL (self), 0, n_published, 0);
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_N_CHANNELS]);
    }
}

static void
bench_channel_set_rebuild (BenchChannelSet       *self,
                           BenchChannelExtractor *extractor)
{
  g_clear_pointer (&self->extractor, bench_channel_extractor_free);
  self->extractor = extractor;
  bench_channel_extractor_set_skip_timestamps (self->extractor, self->skip_timestamps);
  bench_channel_set_drop_channels (self);
  self->in_split = FALSE;
  self->n_rejected_seen = 0;
}

/* The row sink */

static void
sink_row_cb (BenchRowSink   *sink,
             BenchDevice    *device,
             const BenchRow *row)
{
  BenchChannelSet *self = (BenchChannelSet *) ((char *) sink - G_STRUCT_OFFSET (BenchChannelSet, sink));

  g_assert (BENCH_IS_CHANNEL_SET (self));

  bench_channel_set_push_row (self, row);
}

/* GObject */

static void
bench_channel_set_dispose (GObject *object)
{
  BenchChannelSet *self = (BenchChannelSet *)object;

  if (self->flush_source != NULL)
    {
      g_source_destroy (self->flush_source);
      g_clear_pointer (&self->flush_source, g_source_unref);
    }

  if (self->channels != NULL)
    {
      for (guint i = 0; i < self->channels->len; i++)
        _bench_channel_detach (g_ptr_array_index (self->channels, i));
    }

  G_OBJECT_CLASS (bench_channel_set_parent_class)->dispose (object);
}

static void
bench_channel_set_finalize (GObject *object)
{
  BenchChannelSet *self = (BenchChannelSet *)object;

  g_clear_pointer (&self->channels, g_ptr_array_unref);
  g_clear_pointer (&self->extractor, bench_channel_extractor_free);
  g_clear_pointer (&self->pattern, g_free);
  g_clear_pointer (&self->name, g_free);

  G_OBJECT_CLASS (bench_channel_set_parent_class)->finalize (object);
}

static void
bench_channel_set_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  BenchChannelSet *self = BENCH_CHANNEL_SET (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, bench_channel_set_get_name (self));
      break;

    case PROP_MODE:
      g_value_set_enum (value, bench_channel_set_get_mode (self));
      break;

    case PROP_PATTERN:
      g_value_set_string (value, bench_channel_set_get_pattern (self));
      break;

    case PROP_SKIP_TIMESTAMPS:
      g_value_set_boolean (value, bench_channel_set_get_skip_timestamps (self));
      break;

    case PROP_CAPACITY:
      g_value_set_uint (value, bench_channel_set_get_capacity (self));
      break;

    case PROP_N_CHANNELS:
      g_value_set_uint (value, bench_channel_set_get_n_channels (self));
      break;

    case PROP_N_NAN:
      g_value_set_uint64 (value, self->n_nan);
      break;

    case PROP_N_INF:
      g_value_set_uint64 (value, self->n_inf);
      break;

    case PROP_N_OVERFLOW:
      g_value_set_uint64 (value, self->n_overflow);
      break;

    case PROP_N_EXCESS:
      g_value_set_uint64 (value, self->n_excess);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bench_channel_set_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  BenchChannelSet *self = BENCH_CHANNEL_SET (object);

  switch (prop_id)
    {
    case PROP_NAME:
      bench_channel_set_set_name (self, g_value_get_string (value));
      break;

    case PROP_MODE:
      bench_channel_set_set_mode (self, g_value_get_enum (value));
      break;

    case PROP_SKIP_TIMESTAMPS:
      bench_channel_set_set_skip_timestamps (self, g_value_get_boolean (value));
      break;

    case PROP_CAPACITY:
      bench_channel_set_set_capacity (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bench_channel_set_class_init (BenchChannelSetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bench_channel_set_dispose;
  object_class->finalize = bench_channel_set_finalize;
  object_class->get_property = bench_channel_set_get_property;
  object_class->set_property = bench_channel_set_set_property;

  properties [PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_MODE] =
    g_param_spec_enum ("mode", NULL, NULL,
                       BENCH_TYPE_PLOT_MODE,
                       BENCH_PLOT_AUTO,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_PATTERN] =
    g_param_spec_string ("pattern", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_SKIP_TIMESTAMPS] =
    g_param_spec_boolean ("skip-timestamps", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_CAPACITY] =
    g_param_spec_uint ("capacity", NULL, NULL,
                       BENCH_SERIES_MIN_CAPACITY, G_MAXUINT32, BENCH_SERIES_DEFAULT_CAPACITY,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_N_CHANNELS] =
    g_param_spec_uint ("n-channels", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_N_NAN] =
    g_param_spec_uint64 ("n-nan", NULL, NULL,
                         0, G_MAXUINT64, 0,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_N_INF] =
    g_param_spec_uint64 ("n-inf", NULL, NULL,
                         0, G_MAXUINT64, 0,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_N_OVERFLOW] =
    g_param_spec_uint64 ("n-overflow", NULL, NULL,
                         0, G_MAXUINT64, 0,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_N_EXCESS] =
    g_param_spec_uint64 ("n-excess", NULL, NULL,
                         0, G_MAXUINT64, 0,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * BenchChannelSet::changed:
   *
   * Something new was published by a flush: samples, channels or names.
   * At most once per flush, so per device batch.
   */
  signals [CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 0);
}

static void
bench_channel_set_init (BenchChannelSet *self)
{
  self->sink.row = sink_row_cb;
  self->capacity = BENCH_SERIES_DEFAULT_CAPACITY;
  self->channels = g_ptr_array_new_with_free_func (g_object_unref);
  self->mode = BENCH_PLOT_AUTO;
  self->extractor = bench_channel_extractor_new (BENCH_PLOT_AUTO);
}

BenchChannelSet *
bench_channel_set_new (BenchPlotMode mode)
{
  return g_object_new (BENCH_TYPE_CHANNEL_SET,
                       "mode", mode,
                       NULL);
}

BenchRowSink *
bench_channel_set_get_sink (BenchChannelSet *self)
{
  g_return_val_if_fail (BENCH_IS_CHANNEL_SET (self), NULL);

  return &self->sink;
}

static inline guint64
n_rejected (BenchChannelExtractor *extractor)
{
  return bench_channel_extractor_get_n_nan (extractor) +
         bench_channel_extractor_get_n_inf (extractor) +
         bench_channel_extractor_get_n_overflow (extractor) +
         bench_channel_extractor_get_n_excess (extractor);
}

void
bench_channel_set_push_line (BenchChannelSet *self,
                             gint64           mono_us,
                             gint64           wall_us,
                             const char      *text,
                             gsize            len)
{
  const BenchChannelValue *values;
  guint n;

  g_return_if_fail (BENCH_IS_CHANNEL_SET (self));
  g_return_if_fail (text != NULL || len == 0);

  if G_UNLIKELY (!self->have_wall_offset)
    {
      self->have_wall_offset = TRUE;
      self->wall_offset = wall_us - mono_us;
      for (guint i = 0; i < self->channels->len; i++)
        _bench_channel_set_wall_offset (g_ptr_array_index (self->channels, i), self->wall_offset);
    }

  n = bench_channel_extractor_extract (self->extractor, text, len, &values);

  if G_UNLIKELY (bench_channel_extractor_get_generation (self->extractor) != self->generation)
    {
      bench_channel_set_sync_channels (self);
      bench_channel_set_schedule (self, TRUE);
    }

  for (guint i = 0; i < n; i++)
    bench_series_append (self->series[values[i].channel], mono_us, values[i].value);

  if (n > 0)
    {
      self->n_samples += n;
      bench_channel_set_schedule (self, TRUE);
    }
  else if G_UNLIKELY (n_rejected (self->extractor) != self->n_rejected_seen)
    bench_channel_set_schedule (self, FALSE);
}

void
bench_channel_set_push_row (BenchChannelSet *self,
                            const BenchRow  *row)
{
  gboolean continuation;

  g_return_if_fail (BENCH_IS_CHANNEL_SET (self));
  g_return_if_fail (row != NULL);

  if (row->direction != BENCH_DIRECTION_RX)
    return;

  /* Numbers in a line cut at max-line may be cut in half: skip the pieces. */
  continuation = self->in_split;
  self->in_split = (row->flags & BENCH_ROW_SPLIT) != 0;
  if (continuation || self->in_split)
    return;

  bench_channel_set_push_line (self, row->mono_us, row->wall_us, (const char *) row->text, row->len);
}

static void
update_counter (BenchChannelSet *self,
                guint64         *field,
                guint64          value,
                guint            prop)
{
  if (*field != value)
    {
      *field = value;
      g_object_notify_by_pspec (G_OBJECT (self), properties [prop]);
    }
}

void
bench_channel_set_flush (BenchChannelSet *self)
{
  guint n_before;
  guint n_after;

  g_return_if_fail (BENCH_IS_CHANNEL_SET (self));

  if (self->flush_source != NULL)
    g_source_set_ready_time (self->flush_source, -1);
  self->scheduled = FALSE;
  self->n_rejected_seen = n_rejected (self->extractor);

  /* Counters change with rejected numbers even when nothing is stored. */
  g_object_freeze_notify (G_OBJECT (self));
  update_counter (self, &self->n_nan, bench_channel_extractor_get_n_nan (self->extractor), PROP_N_NAN);
  update_counter (self, &self->n_inf, bench_channel_extractor_get_n_inf (self->extractor), PROP_N_INF);
  update_counter (self, &self->n_overflow, bench_channel_extractor_get_n_overflow (self->extractor), PROP_N_OVERFLOW);
  update_counter (self, &self->n_excess, bench_channel_extractor_get_n_excess (self->extractor), PROP_N_EXCESS);

  if (!self->dirty)
    {
      g_object_thaw_notify (G_OBJECT (self));
      return;
    }

  self->dirty = FALSE;

  n_before = self->n_published;
  n_after = self->channels->len;

  for (guint i = 0; i < n_after; i++)
    {
      BenchChannel *channel = g_ptr_array_index (self->channels, i);

      _bench_channel_set_name (channel, bench_channel_extractor_get_channel_name (self->extractor, i));
      _bench_channel_set_unit (channel, bench_channel_extractor_get_channel_unit (self->extractor, i));
      _bench_channel_update_latest (channel);
    }

  self->n_published = n_after;
  if (n_after != n_before)
    {
      g_list_model_items_changed (G_LIST_MODEL (self), n_before, 0, n_after - n_before);
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_N_CHANNELS]);
    }

  g_object_thaw_notify (G_OBJECT (self));

  g_signal_emit (self, signals [CHANGED], 0);
}

const char *
bench_channel_set_get_name (BenchChannelSet *self)
{
  g_return_val_if_fail (BENCH_IS_CHANNEL_SET (self), NULL);

  return self->name;
}

void
bench_channel_set_set_name (BenchChannelSet *self,
                            const char      *name)
{
  g_return_if_fail (BENCH_IS_CHANNEL_SET (self));

  if (bench_set_str (&self->name, name))
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_NAME]);
}

BenchPlotMode
bench_channel_set_get_mode (BenchChannelSet *self)
{
  g_return_val_if_fail (BENCH_IS_CHANNEL_SET (self), BENCH_PLOT_OFF);

  return self->mode;
}

void
bench_channel_set_set_mode (BenchChannelSet *self,
                            BenchPlotMode    mode)
{
  BenchChannelExtractor *extractor;

  g_return_if_fail (BENCH_IS_CHANNEL_SET (self));
  g_return_if_fail (mode != BENCH_PLOT_REGEX || self->pattern != NULL);

  if (mode == self->mode)
    return;

  if (mode == BENCH_PLOT_REGEX)
    {
      g_autoptr(GError) error = NULL;

      /* the pattern compiled when it was set */
      extractor = bench_channel_extractor_new_regex (self->pattern, &error);
      g_assert_no_error (error);
    }
  else
    extractor = bench_channel_extractor_new (mode);

  self->mode = mode;
  bench_channel_set_rebuild (self, extractor);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_MODE]);
}

const char *
bench_channel_set_get_pattern (BenchChannelSet *self)
{
  g_return_val_if_fail (BENCH_IS_CHANNEL_SET (self), NULL);

  return self->pattern;
}

gboolean
bench_channel_set_set_pattern (BenchChannelSet  *self,
                               const char       *pattern,
                               GError          **error)
{
  BenchChannelExtractor *extractor;

  g_return_val_if_fail (BENCH_IS_CHANNEL_SET (self), FALSE);
  g_return_val_if_fail (pattern != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->mode == BENCH_PLOT_REGEX && g_strcmp0 (pattern, self->pattern) == 0)
    return TRUE;

  extractor = bench_channel_extractor_new_regex (pattern, error);
  if (extractor == NULL)
    return FALSE;

  g_object_freeze_notify (G_OBJECT (self));
  if (bench_set_str (&self->pattern, pattern))
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_PATTERN]);
  if (self->mode != BENCH_PLOT_REGEX)
    {
      self->mode = BENCH_PLOT_REGEX;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_MODE]);
    }
  bench_channel_set_rebuild (self, extractor);
  g_object_thaw_notify (G_OBJECT (self));

  return TRUE;
}

gboolean
bench_channel_set_get_skip_timestamps (BenchChannelSet *self)
{
  g_return_val_if_fail (BENCH_IS_CHANNEL_SET (self), FALSE);

  return self->skip_timestamps;
}

void
bench_channel_set_set_skip_timestamps (BenchChannelSet *self,
                                       gboolean         skip)
{
  g_return_if_fail (BENCH_IS_CHANNEL_SET (self));

  skip = !!skip;

  if (skip != self->skip_timestamps)
    {
      self->skip_timestamps = skip;
      /* in auto mode the numbers move to other channels: start afresh,
       * as a new mode does */
      if (self->mode == BENCH_PLOT_AUTO)
        bench_channel_set_rebuild (self, bench_channel_extractor_new (self->mode));
      else
        bench_channel_extractor_set_skip_timestamps (self->extractor, skip);
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_SKIP_TIMESTAMPS]);
    }
}

guint
bench_channel_set_get_capacity (BenchChannelSet *self)
{
  g_return_val_if_fail (BENCH_IS_CHANNEL_SET (self), 0);

  return self->capacity;
}

void
bench_channel_set_set_capacity (BenchChannelSet *self,
                                guint            capacity)
{
  g_return_if_fail (BENCH_IS_CHANNEL_SET (self));

  capacity = MAX (capacity, BENCH_SERIES_MIN_CAPACITY);

  if (capacity != self->capacity)
    {
      self->capacity = capacity;
      for (guint i = 0; i < self->channels->len; i++)
        bench_series_set_capacity (self->series[i], capacity);
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_CAPACITY]);
      if (self->channels->len > 0)
        bench_channel_set_schedule (self, TRUE);
    }
}

guint
bench_channel_set_get_n_channels (BenchChannelSet *self)
{
  g_return_val_if_fail (BENCH_IS_CHANNEL_SET (self), 0);

  return self->n_published;
}

BenchChannel *
bench_channel_set_get_channel (BenchChannelSet *self,
                               guint            index)
{
  g_return_val_if_fail (BENCH_IS_CHANNEL_SET (self), NULL);
  g_return_val_if_fail (index < self->n_published, NULL);

  return g_ptr_array_index (self->channels, index);
}

guint64
bench_channel_set_get_n_nan (BenchChannelSet *self)
{
  g_return_val_if_fail (BENCH_IS_CHANNEL_SET (self), 0);

  return self->n_nan;
}

guint64
bench_channel_set_get_n_inf (BenchChannelSet *self)
{
  g_return_val_if_fail (BENCH_IS_CHANNEL_SET (self), 0);

  return self->n_inf;
}

guint64
bench_channel_set_get_n_overflow (BenchChannelSet *self)
{
  g_return_val_if_fail (BENCH_IS_CHANNEL_SET (self), 0);

  return self->n_overflow;
}

guint64
bench_channel_set_get_n_excess (BenchChannelSet *self)
{
  g_return_val_if_fail (BENCH_IS_CHANNEL_SET (self), 0);

  return self->n_excess;
}

guint64
bench_channel_set_get_n_samples (BenchChannelSet *self)
{
  g_return_val_if_fail (BENCH_IS_CHANNEL_SET (self), 0);

  return self->n_samples;
}

gboolean
bench_channel_set_write_csv (BenchChannelSet  *self,
                             const char       *path,
                             gint64            session_start_us,
                             GError          **error)
{
  g_return_val_if_fail (BENCH_IS_CHANNEL_SET (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  bench_channel_set_flush (self);

  return bench_channels_write_csv ((BenchChannel * const *) self->channels->pdata,
                                   self->n_published, path, session_start_us, error);
}

/* CSV export */

static void
append_csv_field (GString    *out,
                  const char *field)
{
  if (strpbrk (field, ",\"\r\n") == NULL &&
      !(field[0] == ' ' || (field[0] != 0 && field[strlen (field) - 1] == ' ')))
    {
      g_string_append (out, field);
      return;
    }

  g_string_append_c (out, '"');
  for (const char *p = field; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

/* Shortest of %.15g / %.17g that reads back as the same double. */
static void
append_value (GString *out,
              double   value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_formatd (buf, sizeof buf, "%.15g", value);
  if (g_ascii_strtod (buf, NULL) != value)
    g_ascii_formatd (buf, sizeof buf, "%.17g", value);
  g_string_append (out, buf);
}

typedef struct
{
  gint64 seconds;
  char   text[32];
} TimeCache;

static void
append_wall_time (GString   *out,
                  TimeCache *cache,
                  gint64     wall_us)
{
  gint64 seconds = wall_us >= 0 ? wall_us / G_USEC_PER_SEC : -((-wall_us + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);
  int usec = (int) (wall_us - seconds * G_USEC_PER_SEC);

  if (seconds != cache->seconds || cache->text[0] == 0)
    {
      time_t t = (time_t) seconds;
      struct tm tm;

      if (gmtime_r (&t, &tm) == NULL)
        memset (&tm, 0, sizeof tm);
      g_snprintf (cache->text, sizeof cache->text, "%04d-%02d-%02dT%02d:%02d:%02d",
                  tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                  tm.tm_hour, tm.tm_min, tm.tm_sec);
      cache->seconds = seconds;
    }

  g_string_append_printf (out, "%s.%06dZ", cache->text, usec);
}

static void
append_elapsed (GString *out,
                gint64   us)
{
  guint64 magnitude = us < 0 ? (guint64) -us : (guint64) us;

  g_string_append_printf (out, "%s%" G_GUINT64_FORMAT ".%06u",
                          us < 0 ? "-" : "",
                          magnitude / G_USEC_PER_SEC,
                          (guint) (magnitude % G_USEC_PER_SEC));
}

static void
append_header (GString              *out,
               BenchChannel * const *channels,
               guint                 n_channels)
{
  gboolean qualify = FALSE;

  for (guint k = 1; k < n_channels; k++)
    qualify |= bench_channel_get_set (channels[k]) != bench_channel_get_set (channels[0]);

  g_string_append (out, "time,elapsed");
  for (guint k = 0; k < n_channels; k++)
    {
      const char *device = bench_channel_get_device_name (channels[k]);
      g_autofree char *name = NULL;

      if (qualify)
        name = g_strdup_printf ("%s/%s", device != NULL ? device : "", bench_channel_get_name (channels[k]));
      else
        name = g_strdup (bench_channel_get_name (channels[k]));

      g_string_append_c (out, ',');
      append_csv_field (out, name);
    }
  g_string_append (out, "\r\n");
}

/* Where the rows being written are. */
typedef struct
{
  BenchChannel **channels;
  guint          n_channels;
  guint         *cursor;
  gint64         session_start_us;
  gint64         wall_offset;
  gint64         end_t;     /* no row after this time */
  gint64         last_t;    /* the time of the last row written */
  TimeCache      cache;
} CsvRows;

static void
csv_rows_init (CsvRows              *rows,
               BenchChannel * const *channels,
               guint                 n_channels,
               gint64                session_start_us)
{
  memset (rows, 0, sizeof *rows);
  rows->channels = g_new0 (BenchChannel *, MAX (n_channels, 1));
  for (guint k = 0; k < n_channels; k++)
    rows->channels[k] = g_object_ref (channels[k]);
  rows->n_channels = n_channels;
  rows->cursor = g_new0 (guint, MAX (n_channels, 1));
  rows->session_start_us = session_start_us;
  rows->wall_offset = n_channels > 0 ? bench_channel_get_wall_offset (channels[0]) : 0;
  /* the newest sample now: what comes later is not written */
  rows->end_t = G_MININT64;
  for (guint k = 0; k < n_channels; k++)
    {
      gint64 t;

      if (bench_series_get_last (bench_channel_get_series (channels[k]), &t, NULL))
        rows->end_t = MAX (rows->end_t, t);
    }
  rows->last_t = G_MININT64;
}

static void
csv_rows_clear (CsvRows *rows)
{
  for (guint k = 0; k < rows->n_channels; k++)
    g_object_unref (rows->channels[k]);
  g_clear_pointer (&rows->channels, g_free);
  g_clear_pointer (&rows->cursor, g_free);
}

/* Appends the rows from the cursors on until @out holds @max_len bytes (at
 * a change of time, so rows of one time stay together); FALSE when no row
 * up to end_t is left. */
static gboolean
csv_rows_append (CsvRows *rows,
                 GString *out,
                 gsize    max_len)
{
  for (;;)
    {
      gint64 now = G_MAXINT64;
      gboolean any = FALSE;

      for (guint k = 0; k < rows->n_channels; k++)
        {
          BenchSeries *series = bench_channel_get_series (rows->channels[k]);
          gint64 t;

          if (rows->cursor[k] >= bench_series_get_length (series))
            continue;
          bench_series_get (series, rows->cursor[k], &t, NULL);
          if (t < now)
            now = t;
          any = TRUE;
        }

      if (!any || now > rows->end_t)
        return FALSE;
      if (out->len >= max_len && now != rows->last_t)
        return TRUE;

      append_wall_time (out, &rows->cache, now + rows->wall_offset);
      g_string_append_c (out, ',');
      append_elapsed (out, now - rows->session_start_us);

      for (guint k = 0; k < rows->n_channels; k++)
        {
          BenchSeries *series = bench_channel_get_series (rows->channels[k]);
          gint64 t;
          double v;

          g_string_append_c (out, ',');
          if (rows->cursor[k] >= bench_series_get_length (series))
            continue;
          bench_series_get (series, rows->cursor[k], &t, &v);
          if (t != now)
            continue;
          append_value (out, v);
          rows->cursor[k]++;
        }
      g_string_append (out, "\r\n");
      rows->last_t = now;
    }
}

#define CSV_CHUNK ((1 << 16) - 1024)

/* The file a piece at a time (bench_file_write() and its async twin):
 * the header, then the rows up to the newest sample when it starts. The
 * async writer formats on the main loop between its writes: a sample the
 * series drop meanwhile (a full ring) is skipped, one that comes later is
 * not written. */
typedef struct
{
  CsvRows   rows;
  char     *header;
} CsvJob;

static CsvJob *
csv_job_new (BenchChannel * const *channels,
             guint                 n_channels,
             gint64                session_start_us)
{
  g_autoptr(GString) header = g_string_new (NULL);
  CsvJob *job = g_new0 (CsvJob, 1);

  csv_rows_init (&job->rows, channels, n_channels, session_start_us);
  append_header (header, channels, n_channels);
  job->header = g_string_free (g_steal_pointer (&header), FALSE);

  return job;
}

static void
csv_job_free (gpointer data)
{
  CsvJob *job = data;

  csv_rows_clear (&job->rows);
  g_free (job->header);
  g_free (job);
}

static gboolean
csv_job_fill (GString  *out,
              gpointer  data)
{
  CsvJob *job = data;
  CsvRows *rows = &job->rows;

  if (job->header != NULL)
    {
      g_string_append (out, job->header);
      g_clear_pointer (&job->header, g_free);
    }
  /* on from the last row's time: the rings may have dropped samples */
  else if (rows->last_t != G_MININT64)
    for (guint k = 0; k < rows->n_channels; k++)
      rows->cursor[k] = bench_series_lower_bound (bench_channel_get_series (rows->channels[k]), rows->last_t + 1);

  return csv_rows_append (rows, out, CSV_CHUNK);
}

gboolean
bench_channels_write_csv (BenchChannel * const  *channels,
                          guint                  n_channels,
                          const char            *path,
                          gint64                 session_start_us,
                          GError               **error)
{
  g_autoptr(GError) local_error = NULL;
  CsvJob *job;
  gboolean ok;

  g_return_val_if_fail (channels != NULL || n_channels == 0, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  job = csv_job_new (channels, n_channels, session_start_us);
  ok = bench_file_write (path, csv_job_fill, job, &local_error);
  csv_job_free (job);

  if (!ok)
    g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                "Cannot export plot data to “%s”: ", path);
  return ok;
}

static void
csv_job_written_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      data)
{
  g_autoptr(GTask) task = data;
  const char *path = g_task_get_task_data (task);
  GError *error = NULL;

  if (!bench_file_write_finish (result, &error))
    {
      g_prefix_error (&error, "Cannot export plot data to “%s”: ", path);
      g_task_return_error (task, error);
    }
  else
    g_task_return_boolean (task, TRUE);
}

void
bench_channels_write_csv_async (BenchChannel * const  *channels,
                                guint                  n_channels,
                                const char            *path,
                                gint64                 session_start_us,
                                GCancellable          *cancellable,
                                GAsyncReadyCallback    callback,
                                gpointer               user_data)
{
  GTask *task;

  g_return_if_fail (channels != NULL || n_channels == 0);
  g_return_if_fail (path != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, bench_channels_write_csv_async);

  /* the task keeps the path for its message; the writer owns the job */
  g_task_set_task_data (task, g_strdup (path), g_free);
  bench_file_write_async (path, csv_job_fill, csv_job_new (channels, n_channels, session_start_us), csv_job_free,
                          cancellable, csv_job_written_cb, task);
}

gboolean
bench_channels_write_csv_finish (GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
