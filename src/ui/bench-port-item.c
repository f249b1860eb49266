/* bench-port-item.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bench-port-item.h"

struct _BenchPortItem
{
  GObject  parent_instance;

  char    *path;
  char    *by_id;
  char    *description;
  guint16  vid;
  guint16  pid;
};

G_DEFINE_FINAL_TYPE (BenchPortItem, bench_port_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PATH,
  PROP_BY_ID,
  PROP_DESCRIPTION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
bench_port_item_finalize (GObject *object)
{
  BenchPortItem *self = (BenchPortItem *) object;

  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->by_id, g_free);
  g_clear_pointer (&self->description, g_free);

  G_OBJECT_CLASS (bench_port_item_parent_class)->finalize (object);
}

static void
bench_port_item_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  BenchPortItem *self = BENCH_PORT_ITEM (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    case PROP_BY_ID:
      g_value_set_string (value, self->by_id);
      break;
    case PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bench_port_item_class_init (BenchPortItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bench_port_item_finalize;
  object_class->get_property = bench_port_item_get_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_BY_ID] =
    g_param_spec_string ("by-id", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bench_port_item_init (BenchPortItem *self)
{
}

BenchPortItem *
bench_port_item_new (const BenchPortInfo *info)
{
  BenchPortItem *self;

  g_return_val_if_fail (info != NULL && info->path != NULL, NULL);

  self = g_object_new (BENCH_TYPE_PORT_ITEM, NULL);
  self->path = g_strdup (info->path);
  self->by_id = g_strdup (info->by_id);
  self->description = g_strdup (info->description);
  self->vid = info->vid;
  self->pid = info->pid;

  return self;
}

const char *
bench_port_item_get_path (BenchPortItem *self)
{
  g_return_val_if_fail (BENCH_IS_PORT_ITEM (self), NULL);

  return self->path;
}

const char *
bench_port_item_get_by_id (BenchPortItem *self)
{
  g_return_val_if_fail (BENCH_IS_PORT_ITEM (self), NULL);

  return self->by_id;
}

const char *
bench_port_item_get_description (BenchPortItem *self)
{
  g_return_val_if_fail (BENCH_IS_PORT_ITEM (self), NULL);

  return self->description;
}

guint16
bench_port_item_get_vid (BenchPortItem *self)
{
  g_return_val_if_fail (BENCH_IS_PORT_ITEM (self), 0);

  return self->vid;
}

guint16
bench_port_item_get_pid (BenchPortItem *self)
{
  g_return_val_if_fail (BENCH_IS_PORT_ITEM (self), 0);

  return self->pid;
}

const char *
bench_port_item_get_address (BenchPortItem *self)
{
  g_return_val_if_fail (BENCH_IS_PORT_ITEM (self), NULL);

  return self->by_id ? self->by_id : self->path;
}
