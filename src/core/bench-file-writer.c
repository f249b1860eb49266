/* bench-file-writer.c - a file written without blocking the main loop
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bench-file-writer.h"

typedef struct
{
  BenchFileFill   fill;
  gpointer        fill_data;
  GDestroyNotify  fill_free;
  GString        *out;
  GOutputStream  *stream;
  gboolean        more;
} FileJob;

static void
file_job_free (gpointer data)
{
  FileJob *job = data;

  if (job->fill_free != NULL)
    job->fill_free (job->fill_data);
  g_string_free (job->out, TRUE);
  g_clear_object (&job->stream);
  g_free (job);
}

/* Closing with a cancelled cancellable drops the temporary file and
 * leaves the file as it was (an unlink, nothing that waits). */
static void
discard (GOutputStream *stream)
{
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();

  g_cancellable_cancel (cancelled);
  g_output_stream_close (stream, cancelled, NULL);
}

gboolean
bench_file_write (const char     *path,
                  BenchFileFill   fill,
                  gpointer        fill_data,
                  GError        **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileOutputStream) stream = NULL;
  g_autoptr(GString) out = g_string_sized_new (1 << 16);
  gboolean more = TRUE;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (fill != NULL, FALSE);

  file = g_file_new_for_path (path);
  stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, NULL, error);
  if (stream == NULL)
    return FALSE;

  while (more)
    {
      more = fill (out, fill_data);
      if (out->len > 0 &&
          !g_output_stream_write_all (G_OUTPUT_STREAM (stream), out->str, out->len, NULL, NULL, error))
        {
          discard (G_OUTPUT_STREAM (stream));
          return FALSE;
        }
      g_string_truncate (out, 0);
    }

  return g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, error);
}

static void file_job_write_next (GTask *task);

static void
file_job_fail (GTask  *task,
               GError *error)
{
  FileJob *job = g_task_get_task_data (task);

  if (job->stream != NULL)
    discard (job->stream);
  g_task_return_error (task, error);
  g_object_unref (task);
}

static void
file_job_closed_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      data)
{
  GTask *task = data;
  GError *error = NULL;

  if (!g_output_stream_close_finish (G_OUTPUT_STREAM (object), result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

static void
file_job_written_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      data)
{
  GTask *task = data;
  FileJob *job = g_task_get_task_data (task);
  GError *error = NULL;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, NULL, &error))
    {
      file_job_fail (task, error);
      return;
    }
  g_string_truncate (job->out, 0);
  file_job_write_next (task);
}

static void
file_job_write_next (GTask *task)
{
  FileJob *job = g_task_get_task_data (task);

  while (job->more && job->out->len == 0)
    job->more = job->fill (job->out, job->fill_data);

  if (job->out->len > 0)
    g_output_stream_write_all_async (job->stream, job->out->str, job->out->len, G_PRIORITY_DEFAULT,
                                     g_task_get_cancellable (task), file_job_written_cb, task);
  else
    g_output_stream_close_async (job->stream, G_PRIORITY_DEFAULT, g_task_get_cancellable (task),
                                 file_job_closed_cb, task);
}

static void
file_job_replaced_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      data)
{
  GTask *task = data;
  FileJob *job = g_task_get_task_data (task);
  GError *error = NULL;
  GFileOutputStream *stream = g_file_replace_finish (G_FILE (object), result, &error);

  if (stream == NULL)
    {
      file_job_fail (task, error);
      return;
    }
  job->stream = G_OUTPUT_STREAM (stream);
  file_job_write_next (task);
}

void
bench_file_write_async (const char          *path,
                        BenchFileFill        fill,
                        gpointer             fill_data,
                        GDestroyNotify       fill_free,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GFile) file = NULL;
  GTask *task;
  FileJob *job;

  g_return_if_fail (path != NULL);
  g_return_if_fail (fill != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, bench_file_write_async);

  job = g_new0 (FileJob, 1);
  job->fill = fill;
  job->fill_data = fill_data;
  job->fill_free = fill_free;
  job->out = g_string_sized_new (1 << 16);
  job->more = TRUE;
  g_task_set_task_data (task, job, file_job_free);

  file = g_file_new_for_path (path);
  g_file_replace_async (file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, G_PRIORITY_DEFAULT,
                        cancellable, file_job_replaced_cb, task);
}

gboolean
bench_file_write_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
