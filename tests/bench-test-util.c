/* bench-test-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pty.h>
#include <pwd.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <termios.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "bench-test-util.h"

void
bench_test_openpty (int   *master,
                    int   *slave,
                    char **slave_path)
{
  struct termios tio;
  char name[256];
  int r;

  memset (&tio, 0, sizeof tio);
  cfmakeraw (&tio);
  cfsetispeed (&tio, B115200);
  cfsetospeed (&tio, B115200);
  tio.c_cflag |= CLOCAL | CREAD;
  tio.c_cc[VMIN] = 1;
  tio.c_cc[VTIME] = 0;

  r = openpty (master, slave, name, &tio, NULL);
  g_assert_cmpint (r, ==, 0);
  fcntl (*master, F_SETFD, FD_CLOEXEC);
  fcntl (*slave, F_SETFD, FD_CLOEXEC);
  if (slave_path != NULL)
    *slave_path = g_strdup (name);
}

typedef struct
{
  gboolean timed_out;
} WaitState;

static gboolean
timeout_cb (gpointer data)
{
  WaitState *state = data;
  state->timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

gboolean
bench_test_wait_until (gboolean (*cond) (gpointer data),
                       gpointer   data,
                       guint      timeout_ms)
{
  WaitState state = { FALSE };
  guint id;
  gboolean result;

  id = g_timeout_add (timeout_ms, timeout_cb, &state);
  while (!(result = cond (data)) && !state.timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!state.timed_out)
    g_source_remove (id);

  return result;
}

void
bench_test_spin (guint ms)
{
  WaitState state = { FALSE };

  g_timeout_add (ms, timeout_cb, &state);
  while (!state.timed_out)
    g_main_context_iteration (NULL, TRUE);
}

void
bench_test_write_all (int         fd,
                      const void *data,
                      gsize       len)
{
  const guint8 *p = data;

  while (len > 0)
    {
      ssize_t n = write (fd, p, len);

      if (n < 0)
        {
          if (errno == EAGAIN || errno == EINTR)
            {
              struct pollfd pfd = { fd, POLLOUT, 0 };
              poll (&pfd, 1, 100);
              continue;
            }
          g_error ("write: %s", g_strerror (errno));
        }
      p += n;
      len -= n;
    }
}

typedef struct
{
  int     fd;
  GBytes *bytes;
} WriterData;

static gpointer
writer_thread (gpointer data)
{
  WriterData *w = data;
  gsize len;
  const guint8 *p = g_bytes_get_data (w->bytes, &len);

  bench_test_write_all (w->fd, p, len);
  g_bytes_unref (w->bytes);
  g_free (w);
  return NULL;
}

GThread *
bench_test_write_in_thread (int         fd,
                            const void *data,
                            gsize       len)
{
  WriterData *w = g_new0 (WriterData, 1);

  w->fd = fd;
  w->bytes = g_bytes_new (data, len);
  return g_thread_new ("test-writer", writer_thread, w);
}

void
bench_test_read_for (int         fd,
                     GByteArray *out,
                     guint       ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;

  for (;;)
    {
      gint64 left = (end - g_get_monotonic_time ()) / 1000;
      struct pollfd pfd = { fd, POLLIN, 0 };
      guint8 buf[4096];
      ssize_t n;

      if (left <= 0)
        break;
      if (poll (&pfd, 1, (int) left) <= 0)
        continue;
      n = read (fd, buf, sizeof buf);
      if (n > 0)
        g_byte_array_append (out, buf, n);
      else if (n < 0 && (errno == EAGAIN || errno == EINTR))
        continue;
      else
        break;
    }
}

gboolean
bench_test_read_exact (int         fd,
                       GByteArray *out,
                       gsize       len,
                       guint       ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;

  while (out->len < len)
    {
      gint64 left = (end - g_get_monotonic_time ()) / 1000;
      struct pollfd pfd = { fd, POLLIN, 0 };
      guint8 buf[65536];
      ssize_t n;

      if (left <= 0)
        return FALSE;
      if (poll (&pfd, 1, (int) left) <= 0)
        continue;
      n = read (fd, buf, MIN (sizeof buf, len - out->len));
      if (n > 0)
        g_byte_array_append (out, buf, n);
      else if (n < 0 && (errno == EAGAIN || errno == EINTR))
        continue;
      else
        return FALSE;
    }

  return TRUE;
}

static void
rm_rf (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
            rm_rf (child);
          else
            g_unlink (child);
        }
    }
  g_rmdir (path);
}

static GPtrArray *tmpdirs;

static void
cleanup_tmpdirs (void)
{
  if (tmpdirs == NULL)
    return;
  for (guint i = 0; i < tmpdirs->len; i++)
    rm_rf (g_ptr_array_index (tmpdirs, i));
  g_clear_pointer (&tmpdirs, g_ptr_array_unref);
}

char *
bench_test_mkdtemp (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("benchtop-test-XXXXXX", &error);

  g_assert_no_error (error);
  /* world-accessible, so tests that drop privileges can use it */
  g_chmod (dir, 0777);
  if (tmpdirs == NULL)
    {
      tmpdirs = g_ptr_array_new_with_free_func (g_free);
      atexit (cleanup_tmpdirs);
    }
  g_ptr_array_add (tmpdirs, g_strdup (dir));

  return dir;
}

char *
bench_test_find_program (const char *name)
{
  return g_find_program_in_path (name);
}

static gsize
status_field_kib (const char *field)
{
  g_autofree char *contents = NULL;
  const char *p;

  if (!g_file_get_contents ("/proc/self/status", &contents, NULL, NULL))
    return 0;
  p = strstr (contents, field);
  if (p == NULL)
    return 0;
  return g_ascii_strtoull (p + strlen (field), NULL, 10);
}

gsize
bench_test_peak_rss_kib (void)
{
  return status_field_kib ("VmHWM:");
}

gsize
bench_test_rss_kib (void)
{
  return status_field_kib ("VmRSS:");
}

gboolean
bench_test_nobody (uid_t *uid,
                   gid_t *gid)
{
  struct passwd *pw = getpwnam ("nobody");

  if (pw == NULL)
    return FALSE;
  *uid = pw->pw_uid;
  *gid = pw->pw_gid;
  return TRUE;
}

/* Rows */

static void
rows_row (BenchRowSink   *sink,
          BenchDevice    *device,
          const BenchRow *row)
{
  BenchTestRows *rows = (BenchTestRows *) sink;
  static const char *dirs[] = { "rx", "tx", "event" };
  BenchTestRow r = { row->direction, row->flags, row->mono_us, g_get_monotonic_time () };

  g_ptr_array_add (rows->texts, g_strdup_printf ("%s:%.*s", dirs[row->direction], (int) row->len, row->text));
  g_array_append_val (rows->rows, r);
}

void
bench_test_rows_init (BenchTestRows *rows)
{
  memset (rows, 0, sizeof *rows);
  rows->sink.row = rows_row;
  rows->texts = g_ptr_array_new_with_free_func (g_free);
  rows->rows = g_array_new (FALSE, FALSE, sizeof (BenchTestRow));
}

void
bench_test_rows_clear (BenchTestRows *rows)
{
  g_clear_pointer (&rows->texts, g_ptr_array_unref);
  g_clear_pointer (&rows->rows, g_array_unref);
}

int
bench_test_rows_find (BenchTestRows *rows,
                      const char    *prefix,
                      guint          from)
{
  for (guint i = from; i < rows->texts->len; i++)
    if (g_str_has_prefix (g_ptr_array_index (rows->texts, i), prefix))
      return i;
  return -1;
}

guint
bench_test_rows_count (BenchTestRows *rows,
                       const char    *prefix)
{
  guint n = 0;

  for (guint i = 0; i < rows->texts->len; i++)
    if (g_str_has_prefix (g_ptr_array_index (rows->texts, i), prefix))
      n++;
  return n;
}

const char *
bench_test_rows_text (BenchTestRows *rows,
                      guint          index)
{
  g_assert_cmpuint (index, <, rows->texts->len);
  return g_ptr_array_index (rows->texts, index);
}

const BenchTestRow *
bench_test_rows_get (BenchTestRows *rows,
                     guint          index)
{
  g_assert_cmpuint (index, <, rows->rows->len);
  return &g_array_index (rows->rows, BenchTestRow, index);
}

void
bench_test_rows_dump (BenchTestRows *rows)
{
  for (guint i = 0; i < rows->texts->len; i++)
    g_printerr ("  row %u: %s\n", i, (char *) g_ptr_array_index (rows->texts, i));
}

typedef struct
{
  BenchTestRows *rows;
  const char    *prefix;
  guint          count;
} WantRows;

static gboolean
have_rows (gpointer data)
{
  WantRows *w = data;
  return bench_test_rows_count (w->rows, w->prefix) >= w->count;
}

void
bench_test_rows_wait (BenchTestRows *rows,
                      const char    *prefix,
                      guint          count,
                      guint          timeout_ms)
{
  WantRows w = { rows, prefix, count };

  if (!bench_test_wait_until (have_rows, &w, timeout_ms))
    {
      bench_test_rows_dump (rows);
      g_error ("timed out waiting for %u rows starting with “%s” (have %u)",
               count, prefix, bench_test_rows_count (rows, prefix));
    }
}

typedef struct
{
  BenchDevice      *device;
  BenchDeviceState  state;
} WantState;

static gboolean
in_state (gpointer data)
{
  WantState *w = data;
  return bench_device_get_state (w->device) == w->state;
}

void
bench_test_wait_state (BenchDevice      *device,
                       BenchDeviceState  state,
                       guint             timeout_ms)
{
  WantState w = { device, state };

  if (!bench_test_wait_until (in_state, &w, timeout_ms))
    g_error ("device %s: state %s, expected %s (last error: %s)", bench_device_get_name (device),
             bench_device_state_to_string (bench_device_get_state (device)),
             bench_device_state_to_string (state), bench_device_get_last_error (device));
}

BenchDevice *
bench_test_new_device (const char    *spec_text,
                       BenchTestRows *rows)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BenchSpec) spec = bench_spec_parse (spec_text, &error);
  BenchDevice *device;

  g_assert_no_error (error);
  device = bench_device_new (spec);
  if (rows != NULL)
    bench_device_add_sink (device, &rows->sink);
  return device;
}

/* Sockets */

int
bench_test_listen_tcp (guint16 *port,
                       int      backlog)
{
  struct sockaddr_in addr = { 0 };
  socklen_t len = sizeof addr;
  int one = 1;
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

  g_assert_cmpint (fd, >=, 0);
  setsockopt (fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  addr.sin_port = htons (port != NULL ? *port : 0);
  g_assert_cmpint (bind (fd, (struct sockaddr *) &addr, sizeof addr), ==, 0);
  g_assert_cmpint (listen (fd, backlog), ==, 0);
  g_assert_cmpint (getsockname (fd, (struct sockaddr *) &addr, &len), ==, 0);
  if (port != NULL)
    *port = ntohs (addr.sin_port);

  return fd;
}

static gboolean
listen_readable (gpointer data)
{
  struct pollfd pfd = { GPOINTER_TO_INT (data), POLLIN, 0 };

  return poll (&pfd, 1, 0) > 0;
}

static gboolean
keep_awake_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

int
bench_test_accept (int   listen_fd,
                   guint timeout_ms)
{
  guint awake = g_timeout_add (5, keep_awake_cb, NULL);
  gboolean ready;
  int fd;

  /* the listening socket is not a source: look at it every few ms */
  ready = bench_test_wait_until (listen_readable, GINT_TO_POINTER (listen_fd), timeout_ms);
  g_source_remove (awake);
  if (!ready)
    return -1;
  fd = accept4 (listen_fd, NULL, NULL, SOCK_CLOEXEC);
  g_assert_cmpint (fd, >=, 0);

  return fd;
}

guint16
bench_test_free_port (void)
{
  guint16 port = 0;
  int fd = bench_test_listen_tcp (&port, 1);

  close (fd);
  return port;
}
