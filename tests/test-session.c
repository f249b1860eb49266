/* test-session.c - several devices, one session log, exports
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "bench-session.h"
#include "bench-test-util.h"
#include "bench-util.h"

typedef struct
{
  int   master;
  char *path;
} Pty;

static void
pty_open (Pty *p)
{
  int slave;

  bench_test_openpty (&p->master, &slave, &p->path);
  close (slave);
}

static void
pty_close (Pty *p)
{
  bench_clear_fd (&p->master);
  g_clear_pointer (&p->path, g_free);
}

static gboolean
all_connected (gpointer data)
{
  GListModel *devices = bench_session_get_devices (data);

  for (guint i = 0; i < g_list_model_get_n_items (devices); i++)
    {
      g_autoptr(BenchDevice) device = g_list_model_get_item (devices, i);

      if (bench_device_get_state (device) != BENCH_DEVICE_CONNECTED)
        return FALSE;
    }
  return TRUE;
}

typedef struct { BenchDevice *device; guint64 lines; } WantLines;

static gboolean
have_lines (gpointer data)
{
  WantLines *w = data;
  return bench_device_get_rx_lines (w->device) >= w->lines;
}

static void
wait_lines (BenchDevice *device,
            guint64      lines)
{
  WantLines w = { device, lines };

  g_assert_true (bench_test_wait_until (have_lines, &w, 5000));
}

static char **
read_lines (const char *path)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_suffix (contents, "\n"));
  contents[strlen (contents) - 1] = '\0';
  return g_strsplit (contents, "\n", -1);
}

static guint
count_matching (char       **lines,
                const char  *needle)
{
  guint n = 0;

  for (guint i = 0; lines[i]; i++)
    if (strstr (lines[i], needle) != NULL)
      n++;
  return n;
}

static int
index_of (char       **lines,
          const char  *needle)
{
  for (guint i = 0; lines[i]; i++)
    if (strstr (lines[i], needle) != NULL)
      return i;
  return -1;
}

static void
test_unique_names (void)
{
  g_autoptr(BenchSession) session = bench_session_new ();
  g_autoptr(GError) error = NULL;
  BenchDevice *a, *b, *c;

  a = bench_session_add_device_for_string (session, "/nonexistent/ttyUSB0,reconnect=off", &error);
  g_assert_no_error (error);
  b = bench_session_add_device_for_string (session, "/other/ttyUSB0,reconnect=off", &error);
  c = bench_session_add_device_for_string (session, "/third/ttyUSB0,reconnect=off,name=ttyUSB0", &error);
  g_assert_cmpstr (bench_device_get_name (a), ==, "ttyUSB0");
  g_assert_cmpstr (bench_device_get_name (b), ==, "ttyUSB0 (2)");
  g_assert_cmpstr (bench_device_get_name (c), ==, "ttyUSB0 (3)");
  g_assert_true (bench_session_find_device (session, "ttyUSB0 (2)") == b);
  g_assert_null (bench_session_find_device (session, "nope"));

  g_assert_null (bench_session_add_device_for_string (session, "/dev/x,baud=fast", &error));
  g_assert_error (error, BENCH_ERROR, BENCH_ERROR_INVALID_SPEC);
  g_assert_cmpuint (g_list_model_get_n_items (bench_session_get_devices (session)), ==, 3);

  bench_session_remove_device (session, b);
  g_assert_cmpuint (g_list_model_get_n_items (bench_session_get_devices (session)), ==, 2);
}

/* Two instruments into one CSV log: merged in arrival order, events included. */
static void
test_record_two_devices (void)
{
  g_autofree char *dir = bench_test_mkdtemp ();
  g_autofree char *log = g_build_filename (dir, "session.csv", NULL);
  g_autoptr(BenchSession) session = bench_session_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *spec_a = NULL;
  g_autofree char *spec_b = NULL;
  BenchDevice *a, *b;
  Pty pa, pb;

  pty_open (&pa);
  pty_open (&pb);
  spec_a = g_strdup_printf ("%s,name=dmm", pa.path);
  spec_b = g_strdup_printf ("%s,name=oven,eol=cr", pb.path);

  g_assert_true (bench_session_start_recording (session, log, BENCH_LOG_CSV, &error));
  g_assert_no_error (error);
  g_assert_true (bench_session_get_recording (session));

  a = bench_session_add_device_for_string (session, spec_a, &error);
  b = bench_session_add_device_for_string (session, spec_b, &error);
  g_assert_true (bench_test_wait_until (all_connected, session, 5000));

  /* interleave: a1 b1 a2 b2 */
  bench_test_write_all (pa.master, "+1.0 VDC\r\n", 10);
  wait_lines (a, 1);
  bench_test_write_all (pb.master, "T=21.5\r", 7);
  wait_lines (b, 1);
  bench_test_write_all (pa.master, "+2.0 VDC\r\n", 10);
  wait_lines (a, 2);
  bench_test_write_all (pb.master, "T=\"22,5\"\r", 9);
  wait_lines (b, 2);
  g_assert_true (bench_device_send_escaped (a, "READ?", &error));
  g_assert_no_error (error);

  g_assert_true (bench_session_stop_recording (session, &error));
  g_assert_no_error (error);
  g_assert_false (bench_session_get_recording (session));

  lines = read_lines (log);
  g_assert_cmpstr (lines[0], ==, "time,elapsed,device,direction,text\r");
  g_assert_cmpint (index_of (lines, ",benchtop,event,recording started: "), ==, 1);
  g_assert_cmpint (index_of (lines, ",dmm,event,connected 115200 8N1"), >, 1);
  g_assert_cmpint (index_of (lines, ",oven,event,connected 115200 8N1"), >, 1);
  g_assert_cmpint (index_of (lines, ",dmm,rx,+1.0 VDC"), <, index_of (lines, ",oven,rx,T=21.5"));
  g_assert_cmpint (index_of (lines, ",oven,rx,T=21.5"), <, index_of (lines, ",dmm,rx,+2.0 VDC"));
  g_assert_cmpint (index_of (lines, ",dmm,rx,+2.0 VDC"), <, index_of (lines, ",oven,rx,\"T=\"\"22,5\"\"\""));
  g_assert_cmpint (index_of (lines, ",dmm,tx,READ?"), >, 0);
  g_assert_true (g_str_has_suffix (lines[g_strv_length (lines) - 1], ",benchtop,event,recording stopped\r"));

  /* rows written after the stop do not reach the file */
  bench_test_write_all (pa.master, "+3.0 VDC\r\n", 10);
  wait_lines (a, 3);
  g_strfreev (g_steal_pointer (&lines));
  lines = read_lines (log);
  g_assert_cmpuint (count_matching (lines, "+3.0"), ==, 0);

  pty_close (&pa);
  pty_close (&pb);
}

/* A full disk stops the recording with a visible error; devices go on. */
static void
test_recording_disk_full (void)
{
  g_autoptr(BenchSession) session = bench_session_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GByteArray) junk = g_byte_array_new ();
  g_autofree char *recording_error = NULL;
  BenchDevice *device;
  BenchRow row;
  Pty p;

  pty_open (&p);
  g_assert_true (bench_session_start_recording (session, "/dev/full", BENCH_LOG_TEXT, &error));
  g_assert_no_error (error);
  device = bench_session_add_device_for_string (session, p.path, &error);
  g_assert_true (bench_test_wait_until (all_connected, session, 5000));

  bench_test_write_all (p.master, "first\n", 6);
  wait_lines (device, 1);
  bench_session_writer_flush (bench_session_get_writer (session));
  while (bench_session_get_recording (session))
    g_main_context_iteration (NULL, TRUE);

  g_object_get (session, "recording-error", &recording_error, NULL);
  g_assert_nonnull (recording_error);
  g_assert_nonnull (strstr (recording_error, "No space left on device"));

  /* the device still runs, and its console says what happened */
  g_assert_cmpint (bench_device_get_state (device), ==, BENCH_DEVICE_CONNECTED);
  g_assert_true (bench_row_queue_get (bench_device_get_queue (device),
                                      bench_row_queue_get_end_seq (bench_device_get_queue (device)) - 1, &row));
  g_assert_cmpuint (row.direction, ==, BENCH_DIRECTION_EVENT);
  g_assert_true (g_str_has_prefix ((const char *) row.text, "recording stopped: "));
  bench_test_write_all (p.master, "second\n", 7);
  wait_lines (device, 2);

  pty_close (&p);
}

static void
export_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  gint64 *rows = user_data;
  g_autoptr(GError) error = NULL;

  *rows = bench_session_export_finish (BENCH_SESSION (object), result, &error);
  if (*rows < 0)
    {
      g_test_message ("export failed: %s", error->message);
      *rows = -2;
    }
}

static gboolean
export_done (gpointer data)
{
  return *(gint64 *) data != -1;
}

static gint64
export_sync (BenchSession   *session,
             const char     *path,
             BenchLogFormat  format,
             const char     *device)
{
  gint64 rows = -1;

  bench_session_export_async (session, path, format, device, NULL, export_cb, &rows);
  g_assert_true (bench_test_wait_until (export_done, &rows, 20000));
  return rows;
}

static void
test_export (void)
{
  g_autofree char *dir = bench_test_mkdtemp ();
  g_autofree char *all = g_build_filename (dir, "all.jsonl", NULL);
  g_autofree char *one = g_build_filename (dir, "one.txt", NULL);
  g_autofree char *bad = g_build_filename (dir, "missing-dir", "x.csv", NULL);
  g_autoptr(BenchSession) session = bench_session_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *spec_b = NULL;
  BenchDevice *a, *b;
  GString *flood;
  GThread *writer;
  Pty pa, pb;

  pty_open (&pa);
  pty_open (&pb);
  a = bench_session_add_device_for_string (session, pa.path, &error);
  spec_b = g_strdup_printf ("%s,name=b", pb.path);
  b = bench_session_add_device_for_string (session, spec_b, &error);
  g_assert_true (bench_test_wait_until (all_connected, session, 5000));

  /* 50 000 lines on a, a few on b */
  flood = g_string_new (NULL);
  for (guint i = 0; i < 50000; i++)
    g_string_append_printf (flood, "%u,%u.5\n", i, i);
  writer = bench_test_write_in_thread (pa.master, flood->str, flood->len);
  bench_test_write_all (pb.master, "hello\x01\n", 7);
  wait_lines (a, 50000);
  wait_lines (b, 1);
  g_thread_join (writer);
  g_string_free (flood, TRUE);

  /* everything: 50 000 + 1 rx rows + 2 connect events */
  g_assert_cmpint (export_sync (session, all, BENCH_LOG_JSONL, NULL), ==, 50003);
  lines = read_lines (all);
  g_assert_cmpuint (g_strv_length (lines), ==, 50003);
  g_assert_nonnull (strstr (lines[0], "\"direction\":\"event\""));
  g_assert_cmpint (index_of (lines, "\"text\":\"hello\\\\x01\""), >, 0);
  g_assert_cmpint (index_of (lines, "\"text\":\"49999,49999.5\""), >, 0);
  g_strfreev (g_steal_pointer (&lines));

  /* one device */
  g_assert_cmpint (export_sync (session, one, BENCH_LOG_TEXT, "b"), ==, 2);
  lines = read_lines (one);
  g_assert_cmpuint (g_strv_length (lines), ==, 2);
  g_assert_nonnull (strstr (lines[1], "\tb\trx\thello\\x01"));

  /* errors */
  g_assert_cmpint (export_sync (session, bad, BENCH_LOG_CSV, NULL), ==, -2);
  g_assert_cmpint (export_sync (session, one, BENCH_LOG_CSV, "nobody"), ==, -2);

  (void) a;
  pty_close (&pa);
  pty_close (&pb);
}

typedef struct
{
  int     fd;
  guint64 lines;
  guint64 rx_rows;
  gint    stop;
} PipeReader;

static gpointer
pipe_reader_thread (gpointer data)
{
  PipeReader *r = data;
  char buf[65536];

  for (;;)
    {
      ssize_t n = read (r->fd, buf, sizeof buf);

      if (n <= 0)
        break;
      for (ssize_t i = 0; i < n; i++)
        if (buf[i] == '\n')
          r->lines++;
    }
  return NULL;
}

static gboolean
device_paused (gpointer data)
{
  return bench_device_get_paused (data);
}

static gboolean
device_not_paused (gpointer data)
{
  return !bench_device_get_paused (data);
}

/* A log writer that falls behind makes the devices wait (a pty sender then
 * waits in the kernel) instead of dropping rows; but only for a while. */
static void
test_backpressure (void)
{
  g_autoptr(BenchSession) session = bench_session_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *flood = NULL;
  BenchSessionWriter *writer;
  BenchDevice *device;
  PipeReader reader = { 0 };
  GThread *flood_thread, *read_thread;
  guint64 n_lines = 200000;
  int fds[2];
  gsize len;
  Pty p;

  g_assert_cmpint (pipe (fds), ==, 0);
  pty_open (&p);
  bench_session_start_recording_fd (session, fds[1], BENCH_LOG_TEXT);
  writer = bench_session_get_writer (session);
  bench_session_writer_set_max_pending (writer, 1 << 20);
  device = bench_session_add_device_for_string (session, p.path, &error);
  g_assert_true (bench_test_wait_until (all_connected, session, 5000));

  /* ~6 MB of lines; nobody reads the log yet */
  {
    GString *text = g_string_new (NULL);

    for (guint64 i = 0; i < n_lines; i++)
      g_string_append_printf (text, "%08" G_GUINT64_FORMAT ",1.5,2.5\n", i);
    len = text->len;
    flood = g_string_free (text, FALSE);
  }
  flood_thread = bench_test_write_in_thread (p.master, flood, len);

  /* the writer backs up, the device stops reading */
  g_assert_true (bench_test_wait_until (device_paused, device, 5000));
  g_assert_true (bench_session_writer_get_congested (writer));
  g_assert_cmpuint (bench_session_writer_get_rows_dropped (writer), ==, 0);

  /* the log is read again: everything arrives, nothing was dropped */
  reader.fd = fds[0];
  read_thread = g_thread_new ("log-reader", pipe_reader_thread, &reader);
  {
    WantLines w = { device, n_lines };

    g_assert_true (bench_test_wait_until (have_lines, &w, 60000));
  }
  g_thread_join (flood_thread);
  g_assert_true (bench_test_wait_until (device_not_paused, device, 5000));
  g_assert_true (bench_session_stop_recording (session, &error));
  g_assert_no_error (error);
  close (fds[1]);
  g_thread_join (read_thread);
  close (fds[0]);
  g_assert_cmpuint (bench_device_get_rx_lines (device), ==, n_lines);
  /* rx rows, connected, started, stopped */
  g_assert_cmpuint (reader.lines, ==, n_lines + 3);

  pty_close (&p);
}

/* A writer that stays stuck must not silence the instruments: after the
 * bounded pause the devices read again and the log drops (and counts). */
static void
test_backpressure_is_bounded (void)
{
  g_autoptr(BenchSession) session = bench_session_new ();
  g_autoptr(GError) error = NULL;
  BenchSessionWriter *writer;
  BenchDevice *device;
  GThread *flood_thread;
  g_autofree char *flood = NULL;
  gsize len = 8 << 20;
  gint64 paused_at;
  int fds[2];
  Pty p;

  g_assert_cmpint (pipe (fds), ==, 0);
  pty_open (&p);
  bench_session_start_recording_fd (session, fds[1], BENCH_LOG_TEXT);
  writer = bench_session_get_writer (session);
  bench_session_writer_set_max_pending (writer, 1 << 20);
  device = bench_session_add_device_for_string (session, p.path, &error);
  g_assert_true (bench_test_wait_until (all_connected, session, 5000));

  flood = g_malloc (len);
  for (gsize i = 0; i < len; i++)
    flood[i] = (i % 32 == 31) ? '\n' : 'x';
  flood_thread = bench_test_write_in_thread (p.master, flood, len);

  g_assert_true (bench_test_wait_until (device_paused, device, 5000));
  paused_at = g_get_monotonic_time ();
  g_assert_true (bench_test_wait_until (device_not_paused, device, 5000));
  g_test_message ("paused for %" G_GINT64_FORMAT " ms", (g_get_monotonic_time () - paused_at) / 1000);
  g_assert_cmpint (g_get_monotonic_time () - paused_at, >=, 1500 * 1000);

  /* reading goes on; the stuck log drops and counts */
  {
    WantLines w = { device, len / 32 };

    g_assert_true (bench_test_wait_until (have_lines, &w, 20000));
  }
  g_thread_join (flood_thread);
  g_assert_cmpuint (bench_session_writer_get_rows_dropped (writer), >, 0);

  /* unblock the writer so the session can close it */
  close (fds[0]);
  bench_session_stop_recording (session, NULL);
  close (fds[1]);
  pty_close (&p);
}

int
main (int    argc,
      char **argv)
{
  signal (SIGPIPE, SIG_IGN);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/benchtop/session/unique-names", test_unique_names);
  g_test_add_func ("/benchtop/session/record-two-devices", test_record_two_devices);
  g_test_add_func ("/benchtop/session/recording-disk-full", test_recording_disk_full);
  g_test_add_func ("/benchtop/session/export", test_export);
  g_test_add_func ("/benchtop/session/backpressure", test_backpressure);
  g_test_add_func ("/benchtop/session/backpressure-is-bounded", test_backpressure_is_bounded);

  return g_test_run ();
}
