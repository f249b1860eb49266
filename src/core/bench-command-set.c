/* bench-command-set.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bench-command-set.h"
#include "bench-util.h"

struct _BenchCommandSet
{
  GObject     parent_instance;

  GListStore *store;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (BenchCommandSet, bench_command_set, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GType
bench_command_set_get_item_type (GListModel *model)
{
  return BENCH_TYPE_COMMAND;
}

static guint
bench_command_set_get_n_items (GListModel *model)
{
  return g_list_model_get_n_items (G_LIST_MODEL (BENCH_COMMAND_SET (model)->store));
}

static gpointer
bench_command_set_get_item (GListModel *model,
                            guint       position)
{
  return g_list_model_get_item (G_LIST_MODEL (BENCH_COMMAND_SET (model)->store), position);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = bench_command_set_get_item_type;
  iface->get_n_items = bench_command_set_get_n_items;
  iface->get_item = bench_command_set_get_item;
}

static void
bench_command_set_items_changed_cb (GListModel      *store,
                                    guint            position,
                                    guint            removed,
                                    guint            added,
                                    BenchCommandSet *self)
{
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
  if (removed != added)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

BenchCommandSet *
bench_command_set_new (void)
{
  return g_object_new (BENCH_TYPE_COMMAND_SET, NULL);
}

void
bench_command_set_insert (BenchCommandSet *self,
                          guint            position,
                          BenchCommand    *command)
{
  g_return_if_fail (BENCH_IS_COMMAND_SET (self));
  g_return_if_fail (BENCH_IS_COMMAND (command));

  position = MIN (position, g_list_model_get_n_items (G_LIST_MODEL (self->store)));
  g_list_store_insert (self->store, position, command);
}

void
bench_command_set_append (BenchCommandSet *self,
                          BenchCommand    *command)
{
  g_return_if_fail (BENCH_IS_COMMAND_SET (self));
  g_return_if_fail (BENCH_IS_COMMAND (command));

  g_list_store_append (self->store, command);
}

void
bench_command_set_remove (BenchCommandSet *self,
                          guint            position)
{
  g_return_if_fail (BENCH_IS_COMMAND_SET (self));
  g_return_if_fail (position < g_list_model_get_n_items (G_LIST_MODEL (self->store)));

  g_list_store_remove (self->store, position);
}

void
bench_command_set_remove_all (BenchCommandSet *self)
{
  g_return_if_fail (BENCH_IS_COMMAND_SET (self));

  g_list_store_remove_all (self->store);
}

void
bench_command_set_move (BenchCommandSet *self,
                        guint            from,
                        guint            to)
{
  g_autoptr(BenchCommand) command = NULL;
  guint n;

  g_return_if_fail (BENCH_IS_COMMAND_SET (self));

  n = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  g_return_if_fail (from < n && to < n);
  if (from == to)
    return;

  command = g_list_model_get_item (G_LIST_MODEL (self->store), from);
  g_list_store_remove (self->store, from);
  g_list_store_insert (self->store, to, command);
}

BenchCommand *
bench_command_set_get_command (BenchCommandSet *self,
                               guint            position)
{
  BenchCommand *command;

  g_return_val_if_fail (BENCH_IS_COMMAND_SET (self), NULL);

  command = g_list_model_get_item (G_LIST_MODEL (self->store), position);
  if (command != NULL)
    g_object_unref (command); /* the store keeps it */

  return command;
}

BenchCommand *
bench_command_set_find (BenchCommandSet *self,
                        const char      *name)
{
  guint n;

  g_return_val_if_fail (BENCH_IS_COMMAND_SET (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  for (guint i = 0; i < n; i++)
    {
      BenchCommand *command = bench_command_set_get_command (self, i);

      if (g_strcmp0 (bench_command_get_name (command), name) == 0)
        return command;
    }

  return NULL;
}

GVariant *
bench_command_set_to_variant (BenchCommandSet *self)
{
  GVariantBuilder builder;
  guint n;

  g_return_val_if_fail (BENCH_IS_COMMAND_SET (self), NULL);

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a(sa(sv))"));
  n = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  for (guint i = 0; i < n; i++)
    g_variant_builder_add_value (&builder, bench_command_to_variant (bench_command_set_get_command (self, i)));

  return g_variant_builder_end (&builder);
}

gboolean
bench_command_set_load_variant (BenchCommandSet  *self,
                                GVariant         *variant,
                                GError          **error)
{
  g_autoptr(GPtrArray) commands = NULL;

  g_return_val_if_fail (BENCH_IS_COMMAND_SET (self), FALSE);
  g_return_val_if_fail (variant != NULL, FALSE);

  commands = bench_objects_from_variant (variant, "a(sa(sv))", "commands",
                                         (BenchFromVariantFunc) bench_command_new_from_variant, error);
  if (commands == NULL)
    return FALSE;

  g_list_store_splice (self->store, 0, g_list_model_get_n_items (G_LIST_MODEL (self->store)),
                       commands->pdata, commands->len);

  return TRUE;
}

static void
bench_command_set_finalize (GObject *object)
{
  BenchCommandSet *self = (BenchCommandSet *) object;

  g_clear_object (&self->store);

  G_OBJECT_CLASS (bench_command_set_parent_class)->finalize (object);
}

static void
bench_command_set_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  BenchCommandSet *self = BENCH_COMMAND_SET (object);

  switch (prop_id)
    {
    case PROP_N_ITEMS:
      g_value_set_uint (value, g_list_model_get_n_items (G_LIST_MODEL (self->store)));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bench_command_set_class_init (BenchCommandSetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bench_command_set_finalize;
  object_class->get_property = bench_command_set_get_property;

  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bench_command_set_init (BenchCommandSet *self)
{
  self->store = g_list_store_new (BENCH_TYPE_COMMAND);
  g_signal_connect (self->store, "items-changed", G_CALLBACK (bench_command_set_items_changed_cb), self);
}
