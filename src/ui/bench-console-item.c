/* bench-console-item.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "bench-console-item.h"
#include "bench-console-model.h"

struct _BenchConsoleItem
{
  GObject            parent_instance;

  BenchConsoleModel *model;
  char              *device_name;
  guint8            *bytes;
  gsize              len;
  gsize              full_len;
  gint64             mono_us;
  gint64             wall_us;
  int                slot;
  guint8             direction;
  guint8             flags;
  gboolean           gone;
};

G_DEFINE_FINAL_TYPE (BenchConsoleItem, bench_console_item, G_TYPE_OBJECT)

static void
bench_console_item_finalize (GObject *object)
{
  BenchConsoleItem *self = (BenchConsoleItem *) object;

  g_clear_object (&self->model);
  g_clear_pointer (&self->device_name, g_free);
  g_clear_pointer (&self->bytes, g_free);

  G_OBJECT_CLASS (bench_console_item_parent_class)->finalize (object);
}

static void
bench_console_item_class_init (BenchConsoleItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bench_console_item_finalize;
}

static void
bench_console_item_init (BenchConsoleItem *self)
{
  self->slot = -1;
}

BenchConsoleItem *
bench_console_item_new (BenchConsoleModel *model,
                        const BenchRow    *row,
                        const char        *device_name,
                        int                slot)
{
  BenchConsoleItem *self;

  g_return_val_if_fail (BENCH_IS_CONSOLE_MODEL (model), NULL);
  g_return_val_if_fail (row != NULL, NULL);

  self = g_object_new (BENCH_TYPE_CONSOLE_ITEM, NULL);
  self->model = g_object_ref (model);
  self->device_name = g_strdup (device_name);
  self->slot = slot;
  self->full_len = row->len;
  self->len = MIN (row->len, BENCH_CONSOLE_ITEM_MAX_BYTES);
  self->bytes = g_memdup2 (row->text, self->len);
  self->mono_us = row->mono_us;
  self->wall_us = row->wall_us;
  self->direction = row->direction;
  self->flags = row->flags;

  return self;
}

BenchConsoleItem *
bench_console_item_new_gone (BenchConsoleModel *model)
{
  BenchConsoleItem *self;

  g_return_val_if_fail (BENCH_IS_CONSOLE_MODEL (model), NULL);

  self = g_object_new (BENCH_TYPE_CONSOLE_ITEM, NULL);
  self->model = g_object_ref (model);
  self->direction = BENCH_DIRECTION_EVENT;
  self->gone = TRUE;

  return self;
}

BenchConsoleModel *
bench_console_item_get_model (BenchConsoleItem *self)
{
  g_return_val_if_fail (BENCH_IS_CONSOLE_ITEM (self), NULL);

  return self->model;
}

gboolean
bench_console_item_get_gone (BenchConsoleItem *self)
{
  g_return_val_if_fail (BENCH_IS_CONSOLE_ITEM (self), FALSE);

  return self->gone;
}

BenchDirection
bench_console_item_get_direction (BenchConsoleItem *self)
{
  g_return_val_if_fail (BENCH_IS_CONSOLE_ITEM (self), BENCH_DIRECTION_EVENT);

  return self->direction;
}

BenchRowFlags
bench_console_item_get_flags (BenchConsoleItem *self)
{
  g_return_val_if_fail (BENCH_IS_CONSOLE_ITEM (self), BENCH_ROW_NONE);

  return self->flags;
}

gint64
bench_console_item_get_mono_us (BenchConsoleItem *self)
{
  g_return_val_if_fail (BENCH_IS_CONSOLE_ITEM (self), 0);

  return self->mono_us;
}

gint64
bench_console_item_get_wall_us (BenchConsoleItem *self)
{
  g_return_val_if_fail (BENCH_IS_CONSOLE_ITEM (self), 0);

  return self->wall_us;
}

const guint8 *
bench_console_item_get_bytes (BenchConsoleItem *self,
                              gsize            *len,
                              gsize            *full_len)
{
  g_return_val_if_fail (BENCH_IS_CONSOLE_ITEM (self), NULL);

  if (len != NULL)
    *len = self->len;
  if (full_len != NULL)
    *full_len = self->full_len;

  return self->bytes ? self->bytes : (const guint8 *) "";
}

const char *
bench_console_item_get_device_name (BenchConsoleItem *self)
{
  g_return_val_if_fail (BENCH_IS_CONSOLE_ITEM (self), NULL);

  return self->device_name;
}

int
bench_console_item_get_slot (BenchConsoleItem *self)
{
  g_return_val_if_fail (BENCH_IS_CONSOLE_ITEM (self), -1);

  return self->slot;
}

char *
bench_console_item_dup_time (BenchConsoleItem *self)
{
  g_return_val_if_fail (BENCH_IS_CONSOLE_ITEM (self), NULL);

  if (self->gone)
    return g_strdup ("");

  return bench_console_model_format_time (self->model, self->mono_us, self->wall_us);
}

char *
bench_console_item_dup_text (BenchConsoleItem *self)
{
  GString *out;

  g_return_val_if_fail (BENCH_IS_CONSOLE_ITEM (self), NULL);

  if (self->gone)
    return g_strdup (_("(no longer kept in the scrollback)"));

  out = g_string_sized_new (self->len + 16);
  bench_console_model_format_bytes (self->model, self->direction, self->bytes, self->len, self->full_len, out);
  return g_string_free (out, FALSE);
}
