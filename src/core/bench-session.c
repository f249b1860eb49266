/* bench-session.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "bench-session.h"
#include "bench-util.h"

#define EXPORT_SLICE_ROWS 20000

/* How long devices may stay paused for a congested log writer in one spell;
 * after that they are read again and the writer drops (and counts) rows. */
#define MAX_BACKPRESSURE_MS 2000

typedef struct
{
  BenchRowSink        sink;
  BenchSession       *session;
  BenchDevice        *device;
  guint               source;
  gulong              name_handler;
} RecordSink;

struct _BenchSession
{
  GObject             parent_instance;

  GListStore         *devices;
  gint64              start_mono;
  gint64              start_wall;

  BenchSessionWriter *writer;
  GPtrArray          *record_sinks;   /* RecordSink*, one per device while recording */
  gulong              writer_state_handler;
  gulong              writer_congested_handler;
  guint               backpressure_id;
  gboolean            backpressure;
  char               *recording_error;
};

G_DEFINE_FINAL_TYPE (BenchSession, bench_session, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_RECORDING,
  PROP_RECORDING_PATH,
  PROP_RECORDING_ERROR,
  PROP_START_WALL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Recording */

static void
record_sink_row (BenchRowSink   *sink,
                 BenchDevice    *device,
                 const BenchRow *row)
{
  RecordSink *self = (RecordSink *) sink;

  bench_session_writer_append (self->session->writer, self->source, row);
}

static void
record_sink_name_changed_cb (BenchDevice *device,
                             GParamSpec  *pspec,
                             RecordSink  *self)
{
  if (self->session->writer != NULL)
    self->source = bench_session_writer_add_source (self->session->writer, bench_device_get_name (device));
}

static void
bench_session_attach_sink (BenchSession *self,
                           BenchDevice  *device)
{
  RecordSink *sink = g_new0 (RecordSink, 1);

  sink->sink.row = record_sink_row;
  sink->session = self;
  sink->device = g_object_ref (device);
  sink->source = bench_session_writer_add_source (self->writer, bench_device_get_name (device));
  sink->name_handler = g_signal_connect (device, "notify::name", G_CALLBACK (record_sink_name_changed_cb), sink);
  bench_device_add_sink (device, &sink->sink);
  g_ptr_array_add (self->record_sinks, sink);
}

static void
record_sink_free (gpointer data)
{
  RecordSink *sink = data;

  bench_device_remove_sink (sink->device, &sink->sink);
  g_clear_signal_handler (&sink->name_handler, sink->device);
  g_clear_object (&sink->device);
  g_free (sink);
}

static void
bench_session_detach_sink (BenchSession *self,
                           BenchDevice  *device)
{
  for (guint i = 0; i < self->record_sinks->len; i++)
    {
      RecordSink *sink = g_ptr_array_index (self->record_sinks, i);

      if (sink->device == device)
        {
          g_ptr_array_remove_index (self->record_sinks, i);
          return;
        }
    }
}

static void
bench_session_set_recording_error (BenchSession *self,
                                   const char   *message)
{
  if (bench_set_str (&self->recording_error, message))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECORDING_ERROR]);
}

/* Back-pressure: while the log writer is congested, devices stop reading,
 * so a sender that can wait (a pty, a socket, a UART's kernel buffer) waits
 * instead of the log dropping rows. Bounded in time: a writer that stays
 * stuck (a dead network disk) must not silence the instruments. */
static void
bench_session_set_backpressure (BenchSession *self,
                                gboolean      on)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->devices));

  if (self->backpressure == on)
    return;

  self->backpressure = on;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BenchDevice) device = g_list_model_get_item (G_LIST_MODEL (self->devices), i);

      bench_device_set_paused (device, on);
    }
}

static gboolean
bench_session_backpressure_timeout_cb (gpointer data)
{
  BenchSession *self = data;

  self->backpressure_id = 0;
  g_debug ("log writer still congested after %d ms: reading resumes", MAX_BACKPRESSURE_MS);
  bench_session_set_backpressure (self, FALSE);

  return G_SOURCE_REMOVE;
}

static void
bench_session_writer_congested_cb (BenchSession       *self,
                                   GParamSpec         *pspec,
                                   BenchSessionWriter *writer)
{
  if (bench_session_writer_get_congested (writer))
    {
      /* one spell at a time: a new one starts after the writer recovered */
      if (self->backpressure_id == 0 && !self->backpressure)
        {
          bench_session_set_backpressure (self, TRUE);
          self->backpressure_id = g_timeout_add (MAX_BACKPRESSURE_MS, bench_session_backpressure_timeout_cb, self);
        }
    }
  else
    {
      g_clear_handle_id (&self->backpressure_id, g_source_remove);
      bench_session_set_backpressure (self, FALSE);
    }
}

/* Takes the writer out of service: no more rows go to it. */
static BenchSessionWriter *
bench_session_steal_writer (BenchSession *self)
{
  BenchSessionWriter *writer = g_steal_pointer (&self->writer);

  if (writer != NULL)
    {
      g_clear_signal_handler (&self->writer_state_handler, writer);
      g_clear_signal_handler (&self->writer_congested_handler, writer);
      g_clear_handle_id (&self->backpressure_id, g_source_remove);
      bench_session_set_backpressure (self, FALSE);
      g_ptr_array_set_size (self->record_sinks, 0);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECORDING]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECORDING_PATH]);
    }

  return writer;
}

static void
bench_session_log_to_devices (BenchSession  *self,
                              BenchRowFlags  flags,
                              const char    *text)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->devices));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BenchDevice) device = g_list_model_get_item (G_LIST_MODEL (self->devices), i);

      bench_device_log_event (device, flags, "%s", text);
    }
}

static void
bench_session_writer_state_cb (BenchSession       *self,
                               GParamSpec         *pspec,
                               BenchSessionWriter *writer)
{
  g_autoptr(BenchSessionWriter) stolen = NULL;
  g_autofree char *message = NULL;
  const GError *error;

  if (bench_session_writer_get_state (writer) != BENCH_WRITER_FAILED || writer != self->writer)
    return;

  error = bench_session_writer_get_error (writer);
  message = g_strdup_printf ("recording stopped: %s", error ? error->message : "the log file failed");

  /* The devices keep running; the failure is a visible event on each. */
  bench_session_set_recording_error (self, error ? error->message : message);
  stolen = bench_session_steal_writer (self);
  bench_session_log_to_devices (self, BENCH_ROW_ERROR, message);

  /* Close in the background; the error is already known. */
  bench_session_writer_close_async (stolen, NULL, NULL, NULL);
}

/* The log cannot keep up: devices that can wait (network sockets) stop
 * reading until it has caught up, so none of their lines is dropped. */
static void
bench_session_begin_recording (BenchSession       *self,
                               BenchSessionWriter *writer)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->devices));
  g_autofree char *note = NULL;
  const char *path;

  self->writer = writer;
  self->writer_state_handler =
    g_signal_connect_object (writer, "notify::state", G_CALLBACK (bench_session_writer_state_cb),
                             self, G_CONNECT_SWAPPED);
  self->writer_congested_handler =
    g_signal_connect_object (writer, "notify::congested", G_CALLBACK (bench_session_writer_congested_cb),
                             self, G_CONNECT_SWAPPED);
  bench_session_set_recording_error (self, NULL);

  path = bench_session_writer_get_path (writer);
  note = path ? g_strdup_printf ("recording started: %s", path) : g_strdup ("recording started");
  bench_session_writer_append_event (writer, BENCH_ROW_NONE, note);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BenchDevice) device = g_list_model_get_item (G_LIST_MODEL (self->devices), i);

      bench_session_attach_sink (self, device);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECORDING]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECORDING_PATH]);
}

gboolean
bench_session_start_recording (BenchSession    *self,
                               const char      *path,
                               BenchLogFormat   format,
                               GError         **error)
{
  BenchSessionWriter *writer;

  g_return_val_if_fail (BENCH_IS_SESSION (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (self->writer != NULL)
    {
      g_set_error (error, BENCH_ERROR, BENCH_ERROR_FAILED,
                   "Already recording to “%s”", bench_session_writer_get_path (self->writer));
      return FALSE;
    }

  writer = bench_session_writer_new_for_path (path, format, self->start_mono, error);
  if (writer == NULL)
    return FALSE;

  bench_session_begin_recording (self, writer);
  return TRUE;
}

void
bench_session_start_recording_fd (BenchSession   *self,
                                  int             fd,
                                  BenchLogFormat  format)
{
  g_return_if_fail (BENCH_IS_SESSION (self));
  g_return_if_fail (self->writer == NULL);

  bench_session_begin_recording (self, bench_session_writer_new_for_fd (fd, FALSE, format, self->start_mono));
}

gboolean
bench_session_stop_recording (BenchSession  *self,
                              GError       **error)
{
  g_autoptr(BenchSessionWriter) writer = NULL;

  g_return_val_if_fail (BENCH_IS_SESSION (self), FALSE);

  if (self->writer == NULL)
    return TRUE;

  bench_session_writer_append_event (self->writer, BENCH_ROW_NONE, "recording stopped");
  writer = bench_session_steal_writer (self);
  return bench_session_writer_close (writer, error);
}

static void
bench_session_stop_close_cb (GObject      *object,
                             GAsyncResult *result,
                             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!bench_session_writer_close_finish (BENCH_SESSION_WRITER (object), result, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

void
bench_session_stop_recording_async (BenchSession        *self,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(BenchSessionWriter) writer = NULL;

  g_return_if_fail (BENCH_IS_SESSION (self));

  task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (task, bench_session_stop_recording_async);

  if (self->writer == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  bench_session_writer_append_event (self->writer, BENCH_ROW_NONE, "recording stopped");
  writer = bench_session_steal_writer (self);
  bench_session_writer_close_async (writer, NULL, bench_session_stop_close_cb, g_steal_pointer (&task));
}

gboolean
bench_session_stop_recording_finish (BenchSession  *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
bench_session_get_recording (BenchSession *self)
{
  g_return_val_if_fail (BENCH_IS_SESSION (self), FALSE);

  return self->writer != NULL;
}

BenchSessionWriter *
bench_session_get_writer (BenchSession *self)
{
  g_return_val_if_fail (BENCH_IS_SESSION (self), NULL);

  return self->writer;
}

/* Devices */

GListModel *
bench_session_get_devices (BenchSession *self)
{
  g_return_val_if_fail (BENCH_IS_SESSION (self), NULL);

  return G_LIST_MODEL (self->devices);
}

gint64
bench_session_get_start_mono (BenchSession *self)
{
  g_return_val_if_fail (BENCH_IS_SESSION (self), 0);

  return self->start_mono;
}

gint64
bench_session_get_start_wall (BenchSession *self)
{
  g_return_val_if_fail (BENCH_IS_SESSION (self), 0);

  return self->start_wall;
}

BenchDevice *
bench_session_find_device (BenchSession *self,
                           const char   *name)
{
  guint n;

  g_return_val_if_fail (BENCH_IS_SESSION (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->devices));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BenchDevice) device = g_list_model_get_item (G_LIST_MODEL (self->devices), i);

      if (g_strcmp0 (bench_device_get_name (device), name) == 0)
        return device;
    }

  return NULL;
}

static char *
bench_session_unique_name (BenchSession *self,
                           const char   *base)
{
  char *name = g_strdup (base);

  for (guint i = 2; bench_session_find_device (self, name) != NULL; i++)
    {
      g_free (name);
      name = g_strdup_printf ("%s (%u)", base, i);
    }

  return name;
}

BenchDevice *
bench_session_add_device (BenchSession    *self,
                          const BenchSpec *spec)
{
  g_autoptr(BenchDevice) device = NULL;
  g_autofree char *base = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (BENCH_IS_SESSION (self), NULL);
  g_return_val_if_fail (spec != NULL, NULL);

  base = bench_spec_dup_display_name (spec);
  name = bench_session_unique_name (self, base);
  device = g_object_new (BENCH_TYPE_DEVICE, "spec", spec, "name", name, NULL);

  if (self->writer != NULL)
    bench_session_attach_sink (self, device);
  bench_device_set_paused (device, self->backpressure);
  g_list_store_append (self->devices, device);
  bench_device_connect (device);

  return device;
}

BenchDevice *
bench_session_add_device_for_string (BenchSession  *self,
                                     const char    *text,
                                     GError       **error)
{
  g_autoptr(BenchSpec) spec = NULL;

  g_return_val_if_fail (BENCH_IS_SESSION (self), NULL);
  g_return_val_if_fail (text != NULL, NULL);

  spec = bench_spec_parse (text, error);
  if (spec == NULL)
    return NULL;

  return bench_session_add_device (self, spec);
}

void
bench_session_remove_device (BenchSession *self,
                             BenchDevice  *device)
{
  guint position;

  g_return_if_fail (BENCH_IS_SESSION (self));
  g_return_if_fail (BENCH_IS_DEVICE (device));

  if (!g_list_store_find (self->devices, device, &position))
    return;

  bench_device_disconnect (device);
  bench_session_detach_sink (self, device);
  g_list_store_remove (self->devices, position);
}

/* Export */

typedef struct
{
  BenchSessionWriter *writer;
  GPtrArray          *devices;
  guint64            *next;
  guint64            *end;
  guint              *sources;
  gint64              rows;
} ExportState;

static void
export_state_free (ExportState *state)
{
  g_clear_object (&state->writer);
  g_clear_pointer (&state->devices, g_ptr_array_unref);
  g_free (state->next);
  g_free (state->end);
  g_free (state->sources);
  g_free (state);
}

static void
bench_session_export_close_cb (GObject      *object,
                               GAsyncResult *result,
                               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ExportState *state = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!bench_session_writer_close_finish (BENCH_SESSION_WRITER (object), result, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_int (task, state->rows);
}

static gboolean
bench_session_export_slice_cb (gpointer user_data)
{
  GTask *task = user_data;
  ExportState *state = g_task_get_task_data (task);

  if (g_task_return_error_if_cancelled (task))
    {
      bench_session_writer_close_async (state->writer, NULL, NULL, NULL);
      return G_SOURCE_REMOVE;
    }

  for (guint count = 0; count < EXPORT_SLICE_ROWS; count++)
    {
      gint64 best_mono = G_MAXINT64;
      int best = -1;
      BenchRow row;

      /* k-way merge over the devices' queues, oldest row first */
      for (guint i = 0; i < state->devices->len; i++)
        {
          BenchRowQueue *queue = bench_device_get_queue (g_ptr_array_index (state->devices, i));

          state->next[i] = MAX (state->next[i], bench_row_queue_get_first_seq (queue));
          if (state->next[i] < state->end[i] && bench_row_queue_get (queue, state->next[i], &row) &&
              row.mono_us < best_mono)
            {
              best_mono = row.mono_us;
              best = i;
            }
        }

      if (best < 0)
        {
          bench_session_writer_close_async (state->writer,
                                            g_task_get_cancellable (task),
                                            bench_session_export_close_cb,
                                            g_object_ref (task));
          return G_SOURCE_REMOVE;
        }

      bench_row_queue_get (bench_device_get_queue (g_ptr_array_index (state->devices, best)),
                           state->next[best], &row);
      bench_session_writer_append (state->writer, state->sources[best], &row);
      state->next[best]++;
      state->rows++;

      if (bench_session_writer_get_state (state->writer) == BENCH_WRITER_FAILED)
        {
          const GError *error = bench_session_writer_get_error (state->writer);

          g_task_return_error (task, g_error_copy (error));
          bench_session_writer_close_async (state->writer, NULL, NULL, NULL);
          return G_SOURCE_REMOVE;
        }
    }

  bench_session_writer_flush (state->writer);
  return G_SOURCE_CONTINUE;
}

void
bench_session_export_async (BenchSession        *self,
                            const char          *path,
                            BenchLogFormat       format,
                            const char          *device_name,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  ExportState *state;
  GSource *source;
  guint n;

  g_return_if_fail (BENCH_IS_SESSION (self));
  g_return_if_fail (path != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bench_session_export_async);

  state = g_new0 (ExportState, 1);
  state->devices = g_ptr_array_new_with_free_func (g_object_unref);
  g_task_set_task_data (task, state, (GDestroyNotify) export_state_free);

  if (device_name != NULL)
    {
      BenchDevice *device = bench_session_find_device (self, device_name);

      if (device == NULL)
        {
          g_task_return_new_error (task, BENCH_ERROR, BENCH_ERROR_NOT_FOUND,
                                   "No device named “%s”", device_name);
          return;
        }
      g_ptr_array_add (state->devices, g_object_ref (device));
    }
  else
    {
      n = g_list_model_get_n_items (G_LIST_MODEL (self->devices));
      for (guint i = 0; i < n; i++)
        g_ptr_array_add (state->devices, g_list_model_get_item (G_LIST_MODEL (self->devices), i));
    }

  state->writer = bench_session_writer_new_for_path (path, format, self->start_mono, &error);
  if (state->writer == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  /* What is in flight is bounded by what the queues retain. */
  bench_session_writer_set_max_pending (state->writer, G_MAXSIZE);

  n = state->devices->len;
  state->next = g_new0 (guint64, n);
  state->end = g_new0 (guint64, n);
  state->sources = g_new0 (guint, n);
  for (guint i = 0; i < n; i++)
    {
      BenchDevice *device = g_ptr_array_index (state->devices, i);
      BenchRowQueue *queue = bench_device_get_queue (device);

      /* a snapshot: what arrives during the export is not part of it */
      state->next[i] = bench_row_queue_get_first_seq (queue);
      state->end[i] = bench_row_queue_get_end_seq (queue);
      state->sources[i] = bench_session_writer_add_source (state->writer, bench_device_get_name (device));
    }

  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_LOW);
  g_source_set_static_name (source, "[benchtop] export");
  g_source_set_callback (source, bench_session_export_slice_cb, g_object_ref (task), g_object_unref);
  g_source_attach (source, g_main_context_get_thread_default ());
  g_source_unref (source);
}

gint64
bench_session_export_finish (BenchSession  *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), -1);

  return g_task_propagate_int (G_TASK (result), error);
}

/* GObject */

static void
bench_session_dispose (GObject *object)
{
  BenchSession *self = (BenchSession *) object;
  g_autoptr(BenchSessionWriter) writer = NULL;

  if (self->writer != NULL)
    {
      bench_session_writer_append_event (self->writer, BENCH_ROW_NONE, "recording stopped");
      writer = bench_session_steal_writer (self);
      bench_session_writer_close (writer, NULL);
    }

  if (self->devices != NULL)
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (self->devices));

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(BenchDevice) device = g_list_model_get_item (G_LIST_MODEL (self->devices), i);

          bench_device_disconnect (device);
        }
    }
  g_clear_handle_id (&self->backpressure_id, g_source_remove);
  g_clear_object (&self->devices);

  G_OBJECT_CLASS (bench_session_parent_class)->dispose (object);
}

static void
bench_session_finalize (GObject *object)
{
  BenchSession *self = (BenchSession *) object;

  g_clear_pointer (&self->record_sinks, g_ptr_array_unref);
  g_clear_pointer (&self->recording_error, g_free);

  G_OBJECT_CLASS (bench_session_parent_class)->finalize (object);
}

static void
bench_session_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  BenchSession *self = BENCH_SESSION (object);

  switch (prop_id)
    {
    case PROP_RECORDING:
      g_value_set_boolean (value, self->writer != NULL);
      break;
    case PROP_RECORDING_PATH:
      g_value_set_string (value, self->writer ? bench_session_writer_get_path (self->writer) : NULL);
      break;
    case PROP_RECORDING_ERROR:
      g_value_set_string (value, self->recording_error);
      break;
    case PROP_START_WALL:
      g_value_set_int64 (value, self->start_wall);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bench_session_class_init (BenchSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bench_session_dispose;
  object_class->finalize = bench_session_finalize;
  object_class->get_property = bench_session_get_property;

  properties[PROP_RECORDING] =
    g_param_spec_boolean ("recording", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RECORDING_PATH] =
    g_param_spec_string ("recording-path", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RECORDING_ERROR] =
    g_param_spec_string ("recording-error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_START_WALL] =
    g_param_spec_int64 ("start-wall", NULL, NULL, G_MININT64, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bench_session_init (BenchSession *self)
{
  self->devices = g_list_store_new (BENCH_TYPE_DEVICE);
  self->record_sinks = g_ptr_array_new_with_free_func (record_sink_free);
  self->start_mono = bench_now_mono ();
  self->start_wall = bench_now_wall ();
}

BenchSession *
bench_session_new (void)
{
  return g_object_new (BENCH_TYPE_SESSION, NULL);
}
