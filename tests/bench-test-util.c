/* bench-test-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <pwd.h>
#include <string.h>
#include <sys/resource.h>
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
