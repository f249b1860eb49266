/* bench-channel.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "bench-channel-set.h"
#include "bench-util.h"

#include "bench-channel-private.h"

struct _BenchChannel
{
  GObject          parent_instance;

  BenchChannelSet *set;          /* not a reference; cleared by the set */
  BenchSeries     *series;
  char            *name;
  char            *unit;
  guint            index;
  gboolean         visible;
  double           latest_value;
  guint64          seen_appended;
  gint64           wall_offset;
};

G_DEFINE_FINAL_TYPE (BenchChannel, bench_channel, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_UNIT,
  PROP_INDEX,
  PROP_COLOR_INDEX,
  PROP_VISIBLE,
  PROP_LATEST_VALUE,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

BenchChannel *
_bench_channel_new (BenchChannelSet *set,
                    guint            index,
                    const char      *name,
                    guint            capacity)
{
  BenchChannel *self;

  self = g_object_new (BENCH_TYPE_CHANNEL, NULL);
  self->set = set;
  self->index = index;
  self->name = g_strdup (name);
  self->series = bench_series_new (capacity);

  return self;
}

static void
bench_channel_finalize (GObject *object)
{
  BenchChannel *self = (BenchChannel *)object;

  g_clear_pointer (&self->series, bench_series_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->unit, g_free);

  G_OBJECT_CLASS (bench_channel_parent_class)->finalize (object);
}

static void
bench_channel_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  BenchChannel *self = BENCH_CHANNEL (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, bench_channel_get_name (self));
      break;

    case PROP_UNIT:
      g_value_set_string (value, bench_channel_get_unit (self));
      break;

    case PROP_INDEX:
      g_value_set_uint (value, bench_channel_get_index (self));
      break;

    case PROP_COLOR_INDEX:
      g_value_set_uint (value, bench_channel_get_color_index (self));
      break;

    case PROP_VISIBLE:
      g_value_set_boolean (value, bench_channel_get_visible (self));
      break;

    case PROP_LATEST_VALUE:
      g_value_set_double (value, bench_channel_get_latest_value (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bench_channel_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  BenchChannel *self = BENCH_CHANNEL (object);

  switch (prop_id)
    {
    case PROP_VISIBLE:
      bench_channel_set_visible (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bench_channel_class_init (BenchChannelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bench_channel_finalize;
  object_class->get_property = bench_channel_get_property;
  object_class->set_property = bench_channel_set_property;

  properties [PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_UNIT] =
    g_param_spec_string ("unit", NULL, NULL,
                         "",
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_INDEX] =
    g_param_spec_uint ("index", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_COLOR_INDEX] =
    g_param_spec_uint ("color-index", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_VISIBLE] =
    g_param_spec_boolean ("visible", NULL, NULL,
                          TRUE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_LATEST_VALUE] =
    g_param_spec_double ("latest-value", NULL, NULL,
                         -G_MAXDOUBLE, G_MAXDOUBLE, 0,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bench_channel_init (BenchChannel *self)
{
  self->visible = TRUE;
  self->latest_value = NAN;
  self->unit = g_strdup ("");
}

const char *
bench_channel_get_name (BenchChannel *self)
{
  g_return_val_if_fail (BENCH_IS_CHANNEL (self), NULL);

  return self->name;
}

const char *
bench_channel_get_unit (BenchChannel *self)
{
  g_return_val_if_fail (BENCH_IS_CHANNEL (self), NULL);

  return self->unit;
}

guint
bench_channel_get_index (BenchChannel *self)
{
  g_return_val_if_fail (BENCH_IS_CHANNEL (self), 0);

  return self->index;
}

guint
bench_channel_get_color_index (BenchChannel *self)
{
  g_return_val_if_fail (BENCH_IS_CHANNEL (self), 0);

  return self->index;
}

gboolean
bench_channel_get_visible (BenchChannel *self)
{
  g_return_val_if_fail (BENCH_IS_CHANNEL (self), FALSE);

  return self->visible;
}

void
bench_channel_set_visible (BenchChannel *self,
                           gboolean      visible)
{
  g_return_if_fail (BENCH_IS_CHANNEL (self));

  visible = !!visible;

  if (visible != self->visible)
    {
      self->visible = visible;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_VISIBLE]);
    }
}

double
bench_channel_get_latest_value (BenchChannel *self)
{
  g_return_val_if_fail (BENCH_IS_CHANNEL (self), NAN);

  return self->latest_value;
}

const char *
bench_channel_get_device_name (BenchChannel *self)
{
  g_return_val_if_fail (BENCH_IS_CHANNEL (self), NULL);

  return self->set != NULL ? bench_channel_set_get_name (self->set) : NULL;
}

BenchChannelSet *
bench_channel_get_set (BenchChannel *self)
{
  g_return_val_if_fail (BENCH_IS_CHANNEL (self), NULL);

  return self->set;
}

BenchSeries *
bench_channel_get_series (BenchChannel *self)
{
  g_return_val_if_fail (BENCH_IS_CHANNEL (self), NULL);

  return self->series;
}

gint64
bench_channel_get_wall_offset (BenchChannel *self)
{
  g_return_val_if_fail (BENCH_IS_CHANNEL (self), 0);

  return self->wall_offset;
}

void
_bench_channel_set_name (BenchChannel *self,
                         const char   *name)
{
  g_assert (BENCH_IS_CHANNEL (self));

  if (bench_set_str (&self->name, name))
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_NAME]);
}

void
_bench_channel_set_unit (BenchChannel *self,
                         const char   *unit)
{
  g_assert (BENCH_IS_CHANNEL (self));

  if (bench_set_str (&self->unit, unit != NULL ? unit : ""))
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_UNIT]);
}

void
_bench_channel_update_latest (BenchChannel *self)
{
  guint64 appended;
  double value;

  g_assert (BENCH_IS_CHANNEL (self));

  appended = bench_series_get_n_appended (self->series);
  if (appended == self->seen_appended)
    return;
  self->seen_appended = appended;

  if (bench_series_get_last (self->series, NULL, &value) &&
      (value != self->latest_value || isnan (self->latest_value)))
    {
      self->latest_value = value;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_LATEST_VALUE]);
    }
}

void
_bench_channel_detach (BenchChannel *self)
{
  g_assert (BENCH_IS_CHANNEL (self));

  self->set = NULL;
}

void
_bench_channel_set_wall_offset (BenchChannel *self,
                                gint64        offset)
{
  g_assert (BENCH_IS_CHANNEL (self));

  self->wall_offset = offset;
}
