/* bench-command-runner.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bench-command-runner.h"
#include "bench-device.h"
#include "bench-util.h"

struct _BenchCommandRunner
{
  GObject       parent_instance;

  BenchDevice  *device;
  gulong        state_handler;

  GSource      *source;
  BenchCommand *current;    /* a copy */
  guint         step;
  GQueue        queue;      /* BenchCommand copies */
  gboolean      busy;
};

G_DEFINE_FINAL_TYPE (BenchCommandRunner, bench_command_runner, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_BUSY,
  PROP_CURRENT,
  PROP_QUEUED,
  N_PROPS
};

enum {
  FINISHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
bench_command_runner_finish (BenchCommandRunner *self,
                             const GError       *error)
{
  g_autoptr(BenchCommand) command = g_steal_pointer (&self->current);

  self->step = 0;
  g_source_set_ready_time (self->source, -1);
  if (command != NULL)
    g_signal_emit (self, signals[FINISHED], 0, command, error);
}

static void
bench_command_runner_set_busy (BenchCommandRunner *self,
                               gboolean            busy)
{
  if (self->busy != busy)
    {
      self->busy = busy;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
    }
}

/* Takes the next queued command, if any. Returns FALSE when idle. */
static gboolean
bench_command_runner_next (BenchCommandRunner *self)
{
  g_assert (self->current == NULL);

  self->current = g_queue_pop_head (&self->queue);
  self->step = 0;

  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUEUED]);
  bench_command_runner_set_busy (self, self->current != NULL);
  g_object_thaw_notify (G_OBJECT (self));

  return self->current != NULL;
}

static void
bench_command_runner_advance (BenchCommandRunner *self)
{
  while (self->current != NULL)
    {
      if (self->step >= bench_command_get_n_steps (self->current))
        {
          bench_command_runner_finish (self, NULL);
          if (!bench_command_runner_next (self))
            return;
          continue;
        }

      {
        const char *text = NULL;
        guint ms = 0;
        BenchCommandStepKind kind = bench_command_get_step (self->current, self->step, &text, &ms);
        g_autoptr(GError) error = NULL;

        self->step++;

        if (kind == BENCH_COMMAND_STEP_WAIT)
          {
            g_source_set_ready_time (self->source, bench_now_mono () + (gint64) ms * 1000);
            return;
          }

        if (self->device == NULL)
          g_set_error_literal (&error, BENCH_ERROR, BENCH_ERROR_NOT_CONNECTED, "The device is gone");
        else
          bench_device_send_escaped (self->device, text, &error);

        if (error != NULL)
          {
            if (self->device != NULL)
              bench_device_log_event (self->device, BENCH_ROW_ERROR,
                                      "command “%s” stopped at step %u: %s",
                                      bench_command_get_name (self->current), self->step, error->message);
            bench_command_runner_finish (self, error);
            if (!bench_command_runner_next (self))
              return;
          }
      }
    }
}

static gboolean
bench_command_runner_dispatch (GSource     *source,
                               GSourceFunc  callback,
                               gpointer     user_data)
{
  BenchCommandRunner *self = user_data;
  g_autoptr(BenchCommandRunner) hold = g_object_ref (self);

  g_source_set_ready_time (source, -1);
  bench_command_runner_advance (self);

  return G_SOURCE_CONTINUE;
}

static GSourceFuncs runner_source_funcs = {
  NULL, NULL, bench_command_runner_dispatch, NULL,
};

void
bench_command_runner_run (BenchCommandRunner *self,
                          BenchCommand       *command)
{
  g_autoptr(BenchCommandRunner) hold = NULL;

  g_return_if_fail (BENCH_IS_COMMAND_RUNNER (self));
  g_return_if_fail (BENCH_IS_COMMAND (command));

  hold = g_object_ref (self);
  g_queue_push_tail (&self->queue, bench_command_copy (command));

  if (self->busy)
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUEUED]);
      return;
    }

  /* the first steps go out now: a click sends at once */
  bench_command_runner_next (self);
  bench_command_runner_advance (self);
}

static void
bench_command_runner_drop (BenchCommandRunner *self,
                           const char         *why)
{
  g_autoptr(GError) error = NULL;
  gboolean was_busy = self->busy;
  guint queued = self->queue.length;

  if (!was_busy && queued == 0)
    return;

  if (why != NULL && self->device != NULL && self->current != NULL)
    bench_device_log_event (self->device, BENCH_ROW_ERROR, "command “%s” interrupted: %s",
                            bench_command_get_name (self->current), why);

  error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, why ? why : "Cancelled");
  bench_command_runner_finish (self, error);
  g_queue_clear_full (&self->queue, g_object_unref);

  g_object_freeze_notify (G_OBJECT (self));
  if (was_busy)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT]);
  if (queued != 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUEUED]);
  bench_command_runner_set_busy (self, FALSE);
  g_object_thaw_notify (G_OBJECT (self));
}

void
bench_command_runner_cancel (BenchCommandRunner *self)
{
  g_return_if_fail (BENCH_IS_COMMAND_RUNNER (self));

  bench_command_runner_drop (self, NULL);
}

gboolean
bench_command_runner_get_busy (BenchCommandRunner *self)
{
  g_return_val_if_fail (BENCH_IS_COMMAND_RUNNER (self), FALSE);
  return self->busy;
}

const char *
bench_command_runner_get_current (BenchCommandRunner *self)
{
  g_return_val_if_fail (BENCH_IS_COMMAND_RUNNER (self), NULL);
  return self->current ? bench_command_get_name (self->current) : NULL;
}

guint
bench_command_runner_get_queued (BenchCommandRunner *self)
{
  g_return_val_if_fail (BENCH_IS_COMMAND_RUNNER (self), 0);
  return self->queue.length;
}

static void
bench_command_runner_device_state_cb (BenchDevice        *device,
                                      GParamSpec         *pspec,
                                      BenchCommandRunner *self)
{
  if (bench_device_get_state (device) != BENCH_DEVICE_CONNECTED)
    bench_command_runner_drop (self, "the device disconnected");
}

void
bench_command_runner_detach (BenchCommandRunner *self)
{
  g_return_if_fail (BENCH_IS_COMMAND_RUNNER (self));

  bench_command_runner_drop (self, NULL);
  if (self->device != NULL)
    {
      g_clear_signal_handler (&self->state_handler, self->device);
      g_object_remove_weak_pointer (G_OBJECT (self->device), (gpointer *) &self->device);
      self->device = NULL;
    }
}

static void
bench_command_runner_dispose (GObject *object)
{
  BenchCommandRunner *self = (BenchCommandRunner *) object;

  bench_command_runner_detach (self);
  if (self->source != NULL)
    {
      g_source_destroy (self->source);
      g_clear_pointer (&self->source, g_source_unref);
    }

  G_OBJECT_CLASS (bench_command_runner_parent_class)->dispose (object);
}

static void
bench_command_runner_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  BenchCommandRunner *self = BENCH_COMMAND_RUNNER (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    case PROP_CURRENT:
      g_value_set_string (value, bench_command_runner_get_current (self));
      break;
    case PROP_QUEUED:
      g_value_set_uint (value, self->queue.length);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bench_command_runner_class_init (BenchCommandRunnerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bench_command_runner_dispose;
  object_class->get_property = bench_command_runner_get_property;

#define RO (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)
  properties[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE, RO);
  properties[PROP_CURRENT] = g_param_spec_string ("current", NULL, NULL, NULL, RO);
  properties[PROP_QUEUED] = g_param_spec_uint ("queued", NULL, NULL, 0, G_MAXUINT, 0, RO);
#undef RO

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * BenchCommandRunner::finished:
   * @command: the command (a copy of what was run)
   * @error: (nullable): why it stopped early, or %NULL when every step ran
   */
  signals[FINISHED] =
    g_signal_new ("finished",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, BENCH_TYPE_COMMAND, G_TYPE_ERROR);
}

static void
bench_command_runner_init (BenchCommandRunner *self)
{
  g_queue_init (&self->queue);

  self->source = g_source_new (&runner_source_funcs, sizeof (GSource));
  g_source_set_callback (self->source, NULL, self, NULL);
  g_source_set_static_name (self->source, "[benchtop] command runner");
  g_source_set_ready_time (self->source, -1);
  g_source_attach (self->source, g_main_context_get_thread_default ());
}

BenchCommandRunner *
bench_command_runner_new (BenchDevice *device)
{
  BenchCommandRunner *self;

  g_return_val_if_fail (BENCH_IS_DEVICE (device), NULL);

  self = g_object_new (BENCH_TYPE_COMMAND_RUNNER, NULL);
  self->device = device;
  g_object_add_weak_pointer (G_OBJECT (device), (gpointer *) &self->device);
  self->state_handler = g_signal_connect (device, "notify::state",
                                          G_CALLBACK (bench_command_runner_device_state_cb), self);

  return self;
}
