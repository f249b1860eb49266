/* bench-port-monitor.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GUdev lives here, in the UI layer only. udev sends its uevent once the
 * /dev/serial/by-id links exist, so a short delay only merges bursts (a
 * multi-port adapter announces all its ports at once).
 */
#include "config.h"

#include <gudev/gudev.h>

#include "bench-port-monitor.h"

#define REFRESH_DELAY_MS 150

struct _BenchPortMonitor
{
  GObject      parent_instance;

  char        *root;
  GListStore  *ports;
  GUdevClient *udev;
  guint        refresh_id;
  gboolean     scanned;
};

G_DEFINE_FINAL_TYPE (BenchPortMonitor, bench_port_monitor, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ROOT,
  N_PROPS
};

enum {
  PORT_ADDED,
  TTY_ADDED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static gboolean
same_ports (GListModel *model,
            GPtrArray  *infos)
{
  if (g_list_model_get_n_items (model) != infos->len)
    return FALSE;

  for (guint i = 0; i < infos->len; i++)
    {
      g_autoptr(BenchPortItem) item = g_list_model_get_item (model, i);
      const BenchPortInfo *info = g_ptr_array_index (infos, i);

      if (g_strcmp0 (bench_port_item_get_path (item), info->path) != 0 ||
          g_strcmp0 (bench_port_item_get_by_id (item), info->by_id) != 0 ||
          g_strcmp0 (bench_port_item_get_description (item), info->description) != 0)
        return FALSE;
    }

  return TRUE;
}

void
bench_port_monitor_refresh (BenchPortMonitor *self)
{
  g_autoptr(GPtrArray) infos = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GHashTable) old_paths = NULL;
  guint n;

  g_return_if_fail (BENCH_IS_PORT_MONITOR (self));

  g_clear_handle_id (&self->refresh_id, g_source_remove);

  infos = bench_ports_scan (self->root);
  if (!self->scanned)
    {
      /* the ports there at start did not "appear" */
      self->scanned = TRUE;
      for (guint i = 0; i < infos->len; i++)
        {
          g_autoptr(BenchPortItem) item = bench_port_item_new (g_ptr_array_index (infos, i));

          g_list_store_append (self->ports, item);
        }
      return;
    }
  if (same_ports (G_LIST_MODEL (self->ports), infos))
    return;

  old_paths = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->ports));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BenchPortItem) item = g_list_model_get_item (G_LIST_MODEL (self->ports), i);

      g_hash_table_add (old_paths, g_strdup (bench_port_item_get_path (item)));
    }

  items = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < infos->len; i++)
    g_ptr_array_add (items, bench_port_item_new (g_ptr_array_index (infos, i)));
  g_list_store_splice (self->ports, 0, n, items->pdata, items->len);

  for (guint i = 0; i < items->len; i++)
    {
      BenchPortItem *item = g_ptr_array_index (items, i);

      if (!g_hash_table_contains (old_paths, bench_port_item_get_path (item)))
        g_signal_emit (self, signals[PORT_ADDED], 0, item);
    }
}

static gboolean
bench_port_monitor_refresh_cb (gpointer user_data)
{
  BenchPortMonitor *self = user_data;

  self->refresh_id = 0;
  bench_port_monitor_refresh (self);

  return G_SOURCE_REMOVE;
}

static void
bench_port_monitor_uevent_cb (BenchPortMonitor *self,
                              const char       *action,
                              GUdevDevice      *device,
                              GUdevClient      *client)
{
  if (g_strcmp0 (action, "add") != 0 && g_strcmp0 (action, "remove") != 0 &&
      g_strcmp0 (action, "change") != 0)
    return;

  /* udev made the links before telling: the node and its links, at once */
  if (g_strcmp0 (action, "add") == 0 && g_udev_device_get_device_file (device) != NULL)
    {
      const char * const *links = g_udev_device_get_device_file_symlinks (device);
      g_autoptr(GPtrArray) paths = g_ptr_array_new ();

      g_ptr_array_add (paths, (gpointer) g_udev_device_get_device_file (device));
      for (guint i = 0; links != NULL && links[i] != NULL; i++)
        g_ptr_array_add (paths, (gpointer) links[i]);
      g_ptr_array_add (paths, NULL);
      g_signal_emit (self, signals[TTY_ADDED], 0, (const char * const *) paths->pdata);
    }

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  self->refresh_id = g_timeout_add (REFRESH_DELAY_MS, bench_port_monitor_refresh_cb, self);
}

GListModel *
bench_port_monitor_get_ports (BenchPortMonitor *self)
{
  g_return_val_if_fail (BENCH_IS_PORT_MONITOR (self), NULL);

  return G_LIST_MODEL (self->ports);
}

static void
bench_port_monitor_constructed (GObject *object)
{
  BenchPortMonitor *self = (BenchPortMonitor *) object;
  static const char * const subsystems[] = { "tty", NULL };

  G_OBJECT_CLASS (bench_port_monitor_parent_class)->constructed (object);

  if (self->root == NULL)
    self->root = g_strdup ("/");

  /* hot-plug events only mean something for the real tree */
  if (g_str_equal (self->root, "/"))
    {
      self->udev = g_udev_client_new (subsystems);
      g_signal_connect_object (self->udev, "uevent", G_CALLBACK (bench_port_monitor_uevent_cb),
                               self, G_CONNECT_SWAPPED);
    }

  bench_port_monitor_refresh (self);
}

static void
bench_port_monitor_dispose (GObject *object)
{
  BenchPortMonitor *self = (BenchPortMonitor *) object;

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  g_clear_object (&self->udev);

  G_OBJECT_CLASS (bench_port_monitor_parent_class)->dispose (object);
}

static void
bench_port_monitor_finalize (GObject *object)
{
  BenchPortMonitor *self = (BenchPortMonitor *) object;

  g_clear_object (&self->ports);
  g_clear_pointer (&self->root, g_free);

  G_OBJECT_CLASS (bench_port_monitor_parent_class)->finalize (object);
}

static void
bench_port_monitor_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  BenchPortMonitor *self = BENCH_PORT_MONITOR (object);

  switch (prop_id)
    {
    case PROP_ROOT:
      g_value_set_string (value, self->root);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bench_port_monitor_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  BenchPortMonitor *self = BENCH_PORT_MONITOR (object);

  switch (prop_id)
    {
    case PROP_ROOT:
      self->root = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bench_port_monitor_class_init (BenchPortMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = bench_port_monitor_constructed;
  object_class->dispose = bench_port_monitor_dispose;
  object_class->finalize = bench_port_monitor_finalize;
  object_class->get_property = bench_port_monitor_get_property;
  object_class->set_property = bench_port_monitor_set_property;

  properties[PROP_ROOT] =
    g_param_spec_string ("root", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * BenchPortMonitor::port-added:
   * @item: the port that appeared
   *
   * A port appeared (not emitted for the ports found at start).
   */
  signals[PORT_ADDED] =
    g_signal_new ("port-added",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, BENCH_TYPE_PORT_ITEM);

  /**
   * BenchPortMonitor::tty-added:
   * @paths: the device file and the links udev made for it
   *
   * GUdev reported a tty "add" (emitted at once, before the rescan).
   */
  signals[TTY_ADDED] =
    g_signal_new ("tty-added",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRV | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
bench_port_monitor_init (BenchPortMonitor *self)
{
  self->ports = g_list_store_new (BENCH_TYPE_PORT_ITEM);
}

BenchPortMonitor *
bench_port_monitor_new (const char *root)
{
  return g_object_new (BENCH_TYPE_PORT_MONITOR, "root", root, NULL);
}
