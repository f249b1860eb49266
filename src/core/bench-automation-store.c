/* bench-automation-store.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "bench-automation-store.h"
#include "bench-command-set.h"
#include "bench-poller.h"

struct _BenchAutomationStore
{
  GObject          parent_instance;

  GSettings       *settings;
  BenchPoller     *poller;
  BenchCommandSet *commands;
  guint            save_id;
  gboolean         queries_dirty;
  gboolean         commands_dirty;
  gboolean         running_dirty;
  gboolean         loading;
};

G_DEFINE_FINAL_TYPE (BenchAutomationStore, bench_automation_store, G_TYPE_OBJECT)

void
bench_automation_store_flush (BenchAutomationStore *self)
{
  g_return_if_fail (BENCH_IS_AUTOMATION_STORE (self));

  g_clear_handle_id (&self->save_id, g_source_remove);

  if (self->queries_dirty)
    {
      self->queries_dirty = FALSE;
      g_settings_set_value (self->settings, "queries", bench_poller_to_variant (self->poller));
    }
  /* a device going away stops its poller (it has let go of the device by
   * now): that is not the user's choice */
  if (self->running_dirty)
    {
      self->running_dirty = FALSE;
      if (bench_poller_get_device (self->poller) != NULL)
        g_settings_set_boolean (self->settings, "poll-running", bench_poller_get_running (self->poller));
    }
  if (self->commands_dirty)
    {
      self->commands_dirty = FALSE;
      g_settings_set_value (self->settings, "commands", bench_command_set_to_variant (self->commands));
    }
}

static gboolean
bench_automation_store_save_cb (gpointer user_data)
{
  BenchAutomationStore *self = user_data;

  self->save_id = 0;
  bench_automation_store_flush (self);

  return G_SOURCE_REMOVE;
}

static void
bench_automation_store_queue_save (BenchAutomationStore *self)
{
  /* an entry edited in place changes a query at every key press */
  if (self->save_id == 0)
    self->save_id = g_idle_add_full (G_PRIORITY_LOW, bench_automation_store_save_cb, self, NULL);
}

/* Queries */

static void
bench_automation_store_query_notify_cb (BenchAutomationStore *self,
                                        GParamSpec           *pspec,
                                        BenchQuery           *query)
{
  static const char * const saved[] = { "command", "interval-ms", "wait-reply", "timeout-ms", "enabled" };
  const char *name = g_param_spec_get_name (pspec);

  if (self->loading)
    return;

  /* not the counters */
  for (guint i = 0; i < G_N_ELEMENTS (saved); i++)
    if (strcmp (name, saved[i]) == 0)
      {
        self->queries_dirty = TRUE;
        bench_automation_store_queue_save (self);
        return;
      }
}

static void
bench_automation_store_queries_changed_cb (BenchAutomationStore *self,
                                           guint                 position,
                                           guint                 removed,
                                           guint                 added,
                                           GListModel           *queries)
{
  guint n = g_list_model_get_n_items (queries);

  /* a moved query is removed and added again: connect each one once */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BenchQuery) query = g_list_model_get_item (queries, i);

      g_signal_handlers_disconnect_by_func (query, bench_automation_store_query_notify_cb, self);
      g_signal_connect_object (query, "notify", G_CALLBACK (bench_automation_store_query_notify_cb),
                               self, G_CONNECT_SWAPPED);
    }

  if (self->loading)
    return;

  self->queries_dirty = TRUE;
  bench_automation_store_queue_save (self);
}

static void
bench_automation_store_running_cb (BenchAutomationStore *self,
                                   GParamSpec           *pspec,
                                   BenchPoller          *poller)
{
  if (self->loading)
    return;

  self->running_dirty = TRUE;
  bench_automation_store_queue_save (self);
}

/* Commands */

static void
bench_automation_store_command_notify_cb (BenchAutomationStore *self,
                                          GParamSpec           *pspec,
                                          BenchCommand         *command)
{
  const char *name = g_param_spec_get_name (pspec);

  if (self->loading || (strcmp (name, "name") != 0 && strcmp (name, "text") != 0))
    return;

  self->commands_dirty = TRUE;
  bench_automation_store_queue_save (self);
}

static void
bench_automation_store_commands_changed_cb (BenchAutomationStore *self,
                                            guint                 position,
                                            guint                 removed,
                                            guint                 added,
                                            GListModel           *commands)
{
  guint n = g_list_model_get_n_items (commands);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BenchCommand) command = g_list_model_get_item (commands, i);

      g_signal_handlers_disconnect_by_func (command, bench_automation_store_command_notify_cb, self);
      g_signal_connect_object (command, "notify", G_CALLBACK (bench_automation_store_command_notify_cb),
                               self, G_CONNECT_SWAPPED);
    }

  if (self->loading)
    return;

  self->commands_dirty = TRUE;
  bench_automation_store_queue_save (self);
}

/* Loading */

static void
bench_automation_store_load (BenchAutomationStore *self,
                             BenchDevice          *device)
{
  g_autoptr(GVariant) queries = g_settings_get_value (self->settings, "queries");
  g_autoptr(GVariant) commands = g_settings_get_value (self->settings, "commands");
  g_autoptr(GError) error = NULL;

  self->loading = TRUE;

  if (g_variant_n_children (queries) > 0 && !bench_poller_load_variant (self->poller, queries, &error))
    {
      bench_device_log_event (device, BENCH_ROW_ERROR, "saved queries not restored: %s", error->message);
      g_clear_error (&error);
    }
  if (g_variant_n_children (commands) > 0 && !bench_command_set_load_variant (self->commands, commands, &error))
    {
      bench_device_log_event (device, BENCH_ROW_ERROR, "saved command buttons not restored: %s", error->message);
      g_clear_error (&error);
    }
  if (g_settings_get_boolean (self->settings, "poll-running"))
    bench_poller_start (self->poller);

  self->loading = FALSE;
}

/* GObject */

static void
bench_automation_store_dispose (GObject *object)
{
  BenchAutomationStore *self = (BenchAutomationStore *) object;

  if (self->settings != NULL)
    bench_automation_store_flush (self);
  g_clear_object (&self->poller);
  g_clear_object (&self->commands);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (bench_automation_store_parent_class)->dispose (object);
}

static void
bench_automation_store_class_init (BenchAutomationStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bench_automation_store_dispose;
}

static void
bench_automation_store_init (BenchAutomationStore *self)
{
}

BenchAutomationStore *
bench_automation_store_new (GSettings   *settings,
                            BenchDevice *device)
{
  BenchAutomationStore *self;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (BENCH_IS_DEVICE (device), NULL);

  self = g_object_new (BENCH_TYPE_AUTOMATION_STORE, NULL);
  self->settings = g_object_ref (settings);
  self->poller = g_object_ref (bench_device_get_poller (device));
  self->commands = g_object_ref (bench_device_get_commands (device));

  g_signal_connect_object (self->poller, "items-changed", G_CALLBACK (bench_automation_store_queries_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->poller, "notify::running", G_CALLBACK (bench_automation_store_running_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->commands, "items-changed", G_CALLBACK (bench_automation_store_commands_changed_cb),
                           self, G_CONNECT_SWAPPED);

  bench_automation_store_load (self, device);
  /* connect the notify handlers of what was there before (or loaded) */
  bench_automation_store_queries_changed_cb (self, 0, 0, 0, G_LIST_MODEL (self->poller));
  bench_automation_store_commands_changed_cb (self, 0, 0, 0, G_LIST_MODEL (self->commands));
  self->queries_dirty = FALSE;
  self->commands_dirty = FALSE;
  self->running_dirty = FALSE;
  g_clear_handle_id (&self->save_id, g_source_remove);

  return self;
}
