/* bench-poller.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bench-device.h"
#include "bench-poller.h"
#include "bench-util.h"

typedef struct
{
  gint64  next_due;       /* monotonic µs */
  char   *last_error;     /* the last send error logged, to log each once */
  gulong  notify_handler;
} QueryState;

typedef struct
{
  BenchRowSink  sink;
  BenchPoller  *poller;
} PollerSink;

struct _BenchPoller
{
  GObject       parent_instance;

  BenchDevice  *device;
  GListStore   *store;
  GHashTable   *states;      /* BenchQuery* → QueryState* */
  PollerSink    sink;
  gulong        state_handler;

  /* one source: the next due query, or the end of a reply wait */
  GSource      *source;
  gboolean      running;

  BenchQuery   *awaiting;
  gint64        await_sent;
  gint64        await_deadline;

  guint64       sent;
  guint64       replies;
  guint64       missed;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (BenchPoller, bench_poller, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_DEVICE,
  PROP_RUNNING,
  PROP_SENT,
  PROP_REPLIES,
  PROP_MISSED,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
query_state_free (gpointer data)
{
  QueryState *state = data;

  g_free (state->last_error);
  g_free (state);
}

/* GListModel */

static GType
bench_poller_get_item_type (GListModel *model)
{
  return BENCH_TYPE_QUERY;
}

static guint
bench_poller_get_n_items (GListModel *model)
{
  return g_list_model_get_n_items (G_LIST_MODEL (BENCH_POLLER (model)->store));
}

static gpointer
bench_poller_get_item (GListModel *model,
                       guint       position)
{
  return g_list_model_get_item (G_LIST_MODEL (BENCH_POLLER (model)->store), position);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = bench_poller_get_item_type;
  iface->get_n_items = bench_poller_get_n_items;
  iface->get_item = bench_poller_get_item;
}

/* Scheduling */

static gboolean
bench_poller_device_ready (BenchPoller *self)
{
  return self->device != NULL && self->running &&
         bench_device_get_state (self->device) == BENCH_DEVICE_CONNECTED;
}

static void
bench_poller_reschedule (BenchPoller *self)
{
  gint64 next = -1;
  guint n;

  if (self->source == NULL)
    return;

  if (!bench_poller_device_ready (self))
    {
      g_source_set_ready_time (self->source, -1);
      return;
    }

  if (self->awaiting != NULL)
    {
      g_source_set_ready_time (self->source, self->await_deadline);
      return;
    }

  n = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BenchQuery) query = g_list_model_get_item (G_LIST_MODEL (self->store), i);
      QueryState *state = g_hash_table_lookup (self->states, query);

      if (!bench_query_get_enabled (query) || *bench_query_get_command (query) == '\0')
        continue;
      if (next == -1 || state->next_due < next)
        next = state->next_due;
    }

  g_source_set_ready_time (self->source, next);
}

static void
bench_poller_set_totals (BenchPoller *self,
                         guint64      sent,
                         guint64      replies,
                         guint64      missed)
{
  g_object_freeze_notify (G_OBJECT (self));
  if (self->sent != sent)
    {
      self->sent = sent;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SENT]);
    }
  if (self->replies != replies)
    {
      self->replies = replies;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REPLIES]);
    }
  if (self->missed != missed)
    {
      self->missed = missed;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MISSED]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

static void
bench_poller_clear_awaiting (BenchPoller *self)
{
  g_clear_object (&self->awaiting);
  self->await_sent = 0;
  self->await_deadline = 0;
}

/* Sends one query. Returns TRUE if it now waits for a reply. */
static gboolean
bench_poller_send (BenchPoller *self,
                   BenchQuery  *query,
                   QueryState  *state,
                   gint64       now)
{
  g_autoptr(GError) error = NULL;
  guint interval = bench_query_get_interval_ms (query);
  gint64 sent_at;

  /* the next turn keeps the cadence; a turn late by a whole interval is skipped */
  state->next_due += (gint64) interval * 1000;
  if (state->next_due <= now)
    state->next_due = now + (gint64) interval * 1000;

  sent_at = bench_now_mono ();
  if (!bench_device_send_escaped (self->device, bench_query_get_command (query), &error))
    {
      if (g_strcmp0 (state->last_error, error->message) != 0)
        {
          bench_set_str (&state->last_error, error->message);
          bench_device_log_event (self->device, BENCH_ROW_ERROR,
                                  "poll: cannot send %s: %s", bench_query_get_command (query), error->message);
        }
      return FALSE;
    }
  g_clear_pointer (&state->last_error, g_free);

  bench_query_count_sent (query);
  bench_poller_set_totals (self, self->sent + 1, self->replies, self->missed);

  if (!bench_query_get_wait_reply (query))
    return FALSE;

  g_set_object (&self->awaiting, query);
  self->await_sent = sent_at;
  self->await_deadline = sent_at + (gint64) bench_query_get_timeout_ms (query) * 1000;

  return TRUE;
}

static gboolean
bench_poller_dispatch (GSource     *source,
                       GSourceFunc  callback,
                       gpointer     user_data)
{
  BenchPoller *self = user_data;
  g_autoptr(BenchPoller) hold = g_object_ref (self);
  gint64 now = bench_now_mono ();
  guint n;

  g_source_set_ready_time (source, -1);

  if (self->awaiting != NULL)
    {
      if (now < self->await_deadline)
        {
          bench_poller_reschedule (self);
          return G_SOURCE_CONTINUE;
        }

      /* the reply did not come */
      {
        g_autoptr(BenchQuery) query = g_steal_pointer (&self->awaiting);

        bench_poller_clear_awaiting (self);
        bench_query_count_missed (query);
        bench_poller_set_totals (self, self->sent, self->replies, self->missed + 1);
        if (self->device != NULL)
          bench_device_log_event (self->device, BENCH_ROW_ERROR, "no reply to %s within %u ms",
                                  bench_query_get_command (query), bench_query_get_timeout_ms (query));
      }
    }

  if (!bench_poller_device_ready (self))
    return G_SOURCE_CONTINUE;

  /* everything due, most overdue first, until one waits for its reply */
  for (;;)
    {
      BenchQuery *pick = NULL;
      QueryState *pick_state = NULL;

      n = g_list_model_get_n_items (G_LIST_MODEL (self->store));
      for (guint i = 0; i < n; i++)
        {
          BenchQuery *query = g_list_model_get_item (G_LIST_MODEL (self->store), i);
          QueryState *state = g_hash_table_lookup (self->states, query);

          g_object_unref (query); /* the store keeps it */
          if (!bench_query_get_enabled (query) || *bench_query_get_command (query) == '\0')
            continue;
          if (state->next_due > now)
            continue;
          if (pick == NULL || state->next_due < pick_state->next_due)
            {
              pick = query;
              pick_state = state;
            }
        }

      if (pick == NULL)
        break;
      if (bench_poller_send (self, pick, pick_state, now))
        break;
      if (!bench_poller_device_ready (self))
        break;
    }

  bench_poller_reschedule (self);

  return G_SOURCE_CONTINUE;
}

static GSourceFuncs poller_source_funcs = {
  NULL, NULL, bench_poller_dispatch, NULL,
};

/* The reply */

static void
bench_poller_row (BenchRowSink   *sink,
                  BenchDevice    *device,
                  const BenchRow *row)
{
  BenchPoller *self = ((PollerSink *) sink)->poller;
  g_autoptr(BenchQuery) query = NULL;
  g_autofree char *text = NULL;

  if (self->awaiting == NULL || row->direction != BENCH_DIRECTION_RX || row->mono_us < self->await_sent)
    return;

  query = g_steal_pointer (&self->awaiting);
  bench_poller_clear_awaiting (self);

  text = g_strndup ((const char *) row->text, row->len);
  bench_query_count_reply (query, text);
  bench_poller_set_totals (self, self->sent, self->replies + 1, self->missed);

  /* anything that fell due meanwhile goes now */
  if (self->source != NULL)
    g_source_set_ready_time (self->source, 0);
}

static void
bench_poller_restart_all (BenchPoller *self)
{
  GHashTableIter iter;
  gpointer value;
  gint64 now = bench_now_mono ();

  g_hash_table_iter_init (&iter, self->states);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    ((QueryState *) value)->next_due = now;
}

static void
bench_poller_device_state_cb (BenchDevice *device,
                              GParamSpec  *pspec,
                              BenchPoller *self)
{
  if (bench_device_get_state (device) == BENCH_DEVICE_CONNECTED)
    bench_poller_restart_all (self);
  else
    bench_poller_clear_awaiting (self);

  bench_poller_reschedule (self);
}

/* The list */

static void
bench_poller_query_notify_cb (BenchQuery  *query,
                              GParamSpec  *pspec,
                              BenchPoller *self)
{
  QueryState *state = g_hash_table_lookup (self->states, query);
  gint64 now = bench_now_mono ();
  const char *name = g_param_spec_get_name (pspec);

  if (state == NULL)
    return;

  if (g_str_equal (name, "enabled") || g_str_equal (name, "command"))
    state->next_due = now;
  else if (g_str_equal (name, "interval-ms"))
    state->next_due = MIN (state->next_due, now + (gint64) bench_query_get_interval_ms (query) * 1000);
  else
    return;

  if (self->awaiting == query && (g_str_equal (name, "enabled") || g_str_equal (name, "command")))
    bench_poller_clear_awaiting (self);

  bench_poller_reschedule (self);
}

static void
bench_poller_forget (BenchPoller *self,
                     BenchQuery  *query)
{
  QueryState *state = g_hash_table_lookup (self->states, query);

  if (state != NULL)
    g_clear_signal_handler (&state->notify_handler, query);
  g_hash_table_remove (self->states, query);
  if (self->awaiting == query)
    bench_poller_clear_awaiting (self);
}

void
bench_poller_insert (BenchPoller *self,
                     guint        position,
                     BenchQuery  *query)
{
  QueryState *state;

  g_return_if_fail (BENCH_IS_POLLER (self));
  g_return_if_fail (BENCH_IS_QUERY (query));
  g_return_if_fail (!g_hash_table_contains (self->states, query));

  position = MIN (position, g_list_model_get_n_items (G_LIST_MODEL (self->store)));

  state = g_new0 (QueryState, 1);
  state->next_due = bench_now_mono ();
  state->notify_handler = g_signal_connect (query, "notify", G_CALLBACK (bench_poller_query_notify_cb), self);
  g_hash_table_insert (self->states, g_object_ref (query), state);

  g_list_store_insert (self->store, position, query);
  bench_poller_reschedule (self);
}

void
bench_poller_append (BenchPoller *self,
                     BenchQuery  *query)
{
  g_return_if_fail (BENCH_IS_POLLER (self));

  bench_poller_insert (self, g_list_model_get_n_items (G_LIST_MODEL (self->store)), query);
}

void
bench_poller_remove (BenchPoller *self,
                     guint        position)
{
  g_autoptr(BenchQuery) query = NULL;

  g_return_if_fail (BENCH_IS_POLLER (self));

  query = g_list_model_get_item (G_LIST_MODEL (self->store), position);
  g_return_if_fail (query != NULL);

  bench_poller_forget (self, query);
  g_list_store_remove (self->store, position);
  bench_poller_reschedule (self);
}

void
bench_poller_remove_all (BenchPoller *self)
{
  guint n;

  g_return_if_fail (BENCH_IS_POLLER (self));

  n = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BenchQuery) query = g_list_model_get_item (G_LIST_MODEL (self->store), i);

      bench_poller_forget (self, query);
    }
  g_list_store_remove_all (self->store);
  bench_poller_reschedule (self);
}

void
bench_poller_move (BenchPoller *self,
                   guint        from,
                   guint        to)
{
  g_autoptr(BenchQuery) query = NULL;
  guint n;

  g_return_if_fail (BENCH_IS_POLLER (self));

  n = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  g_return_if_fail (from < n && to < n);
  if (from == to)
    return;

  query = g_list_model_get_item (G_LIST_MODEL (self->store), from);
  g_list_store_remove (self->store, from);
  g_list_store_insert (self->store, to, query);
}

/* Running */

void
bench_poller_set_running (BenchPoller *self,
                          gboolean     running)
{
  g_return_if_fail (BENCH_IS_POLLER (self));

  running = !!running;
  if (self->running == running)
    return;

  self->running = running;
  bench_poller_clear_awaiting (self);
  if (running)
    bench_poller_restart_all (self);
  bench_poller_reschedule (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

void
bench_poller_start (BenchPoller *self)
{
  bench_poller_set_running (self, TRUE);
}

void
bench_poller_stop (BenchPoller *self)
{
  bench_poller_set_running (self, FALSE);
}

gboolean
bench_poller_get_running (BenchPoller *self)
{
  g_return_val_if_fail (BENCH_IS_POLLER (self), FALSE);

  return self->running;
}

guint64
bench_poller_get_sent (BenchPoller *self)
{
  g_return_val_if_fail (BENCH_IS_POLLER (self), 0);
  return self->sent;
}

guint64
bench_poller_get_replies (BenchPoller *self)
{
  g_return_val_if_fail (BENCH_IS_POLLER (self), 0);
  return self->replies;
}

guint64
bench_poller_get_missed (BenchPoller *self)
{
  g_return_val_if_fail (BENCH_IS_POLLER (self), 0);
  return self->missed;
}

void
bench_poller_reset_counters (BenchPoller *self)
{
  guint n;

  g_return_if_fail (BENCH_IS_POLLER (self));

  n = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BenchQuery) query = g_list_model_get_item (G_LIST_MODEL (self->store), i);

      bench_query_reset_counters (query);
    }
  bench_poller_set_totals (self, 0, 0, 0);
}

BenchDevice *
bench_poller_get_device (BenchPoller *self)
{
  g_return_val_if_fail (BENCH_IS_POLLER (self), NULL);

  return self->device;
}

/* Saving */

GVariant *
bench_poller_to_variant (BenchPoller *self)
{
  GVariantBuilder builder;
  guint n;

  g_return_val_if_fail (BENCH_IS_POLLER (self), NULL);

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("aa{sv}"));
  n = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BenchQuery) query = g_list_model_get_item (G_LIST_MODEL (self->store), i);

      g_variant_builder_add_value (&builder, bench_query_to_variant (query));
    }

  return g_variant_builder_end (&builder);
}

gboolean
bench_poller_load_variant (BenchPoller  *self,
                           GVariant     *variant,
                           GError      **error)
{
  g_autoptr(GPtrArray) queries = NULL;

  g_return_val_if_fail (BENCH_IS_POLLER (self), FALSE);
  g_return_val_if_fail (variant != NULL, FALSE);

  queries = bench_objects_from_variant (variant, "aa{sv}", "queries",
                                        (BenchFromVariantFunc) bench_query_new_from_variant, error);
  if (queries == NULL)
    return FALSE;

  bench_poller_remove_all (self);
  for (guint i = 0; i < queries->len; i++)
    bench_poller_append (self, g_ptr_array_index (queries, i));

  return TRUE;
}

/* GObject */

void
bench_poller_detach (BenchPoller *self)
{
  g_return_if_fail (BENCH_IS_POLLER (self));

  bench_poller_set_running (self, FALSE);
  if (self->device != NULL)
    {
      bench_device_remove_sink (self->device, &self->sink.sink);
      g_clear_signal_handler (&self->state_handler, self->device);
      g_object_remove_weak_pointer (G_OBJECT (self->device), (gpointer *) &self->device);
      self->device = NULL;
    }
}

static void
bench_poller_dispose (GObject *object)
{
  BenchPoller *self = (BenchPoller *) object;

  bench_poller_detach (self);
  if (self->source != NULL)
    {
      g_source_destroy (self->source);
      g_clear_pointer (&self->source, g_source_unref);
    }
  bench_poller_clear_awaiting (self);
  if (self->states != NULL)
    {
      GHashTableIter iter;
      gpointer key, value;

      g_hash_table_iter_init (&iter, self->states);
      while (g_hash_table_iter_next (&iter, &key, &value))
        g_clear_signal_handler (&((QueryState *) value)->notify_handler, key);
      g_hash_table_remove_all (self->states);
    }
  if (self->store != NULL)
    g_list_store_remove_all (self->store);

  G_OBJECT_CLASS (bench_poller_parent_class)->dispose (object);
}

static void
bench_poller_finalize (GObject *object)
{
  BenchPoller *self = (BenchPoller *) object;

  g_clear_pointer (&self->states, g_hash_table_unref);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (bench_poller_parent_class)->finalize (object);
}

static void
bench_poller_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  BenchPoller *self = BENCH_POLLER (object);

  switch (prop_id)
    {
    case PROP_DEVICE:
      g_value_set_object (value, self->device);
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;
    case PROP_SENT:
      g_value_set_uint64 (value, self->sent);
      break;
    case PROP_REPLIES:
      g_value_set_uint64 (value, self->replies);
      break;
    case PROP_MISSED:
      g_value_set_uint64 (value, self->missed);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, g_list_model_get_n_items (G_LIST_MODEL (self->store)));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bench_poller_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  BenchPoller *self = BENCH_POLLER (object);

  switch (prop_id)
    {
    case PROP_RUNNING:
      bench_poller_set_running (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bench_poller_class_init (BenchPollerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bench_poller_dispose;
  object_class->finalize = bench_poller_finalize;
  object_class->get_property = bench_poller_get_property;
  object_class->set_property = bench_poller_set_property;

#define RO (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)
  properties[PROP_DEVICE] = g_param_spec_object ("device", NULL, NULL, BENCH_TYPE_DEVICE, RO);
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SENT] = g_param_spec_uint64 ("sent", NULL, NULL, 0, G_MAXUINT64, 0, RO);
  properties[PROP_REPLIES] = g_param_spec_uint64 ("replies", NULL, NULL, 0, G_MAXUINT64, 0, RO);
  properties[PROP_MISSED] = g_param_spec_uint64 ("missed", NULL, NULL, 0, G_MAXUINT64, 0, RO);
  properties[PROP_N_ITEMS] = g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0, RO);
#undef RO

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bench_poller_items_changed_cb (GListModel  *store,
                               guint        position,
                               guint        removed,
                               guint        added,
                               BenchPoller *self)
{
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
  if (removed != added)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

static void
bench_poller_init (BenchPoller *self)
{
  self->store = g_list_store_new (BENCH_TYPE_QUERY);
  g_signal_connect (self->store, "items-changed", G_CALLBACK (bench_poller_items_changed_cb), self);
  self->states = g_hash_table_new_full (NULL, NULL, g_object_unref, query_state_free);
  self->sink.sink.row = bench_poller_row;
  self->sink.poller = self;

  self->source = g_source_new (&poller_source_funcs, sizeof (GSource));
  g_source_set_callback (self->source, NULL, self, NULL);
  g_source_set_static_name (self->source, "[benchtop] poller");
  g_source_set_ready_time (self->source, -1);
  g_source_attach (self->source, g_main_context_get_thread_default ());
}

BenchPoller *
bench_poller_new (BenchDevice *device)
{
  BenchPoller *self;

  g_return_val_if_fail (BENCH_IS_DEVICE (device), NULL);

  self = g_object_new (BENCH_TYPE_POLLER, NULL);
  self->device = device;
  g_object_add_weak_pointer (G_OBJECT (device), (gpointer *) &self->device);
  bench_device_add_sink (device, &self->sink.sink);
  self->state_handler = g_signal_connect (device, "notify::state",
                                          G_CALLBACK (bench_poller_device_state_cb), self);

  return self;
}
