/* bench-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <gio/gio.h>

#include "bench-util.h"

G_DEFINE_QUARK (bench-error-quark, bench_error)

gboolean
bench_set_str (char       **str_ptr,
               const char  *new_str)
{
  char *copy;

  g_return_val_if_fail (str_ptr != NULL, FALSE);

  if (*str_ptr == new_str || g_strcmp0 (*str_ptr, new_str) == 0)
    return FALSE;

  copy = g_strdup (new_str);
  g_free (*str_ptr);
  *str_ptr = copy;

  return TRUE;
}

void
bench_clear_fd (int *fd_ptr)
{
  int fd;

  g_return_if_fail (fd_ptr != NULL);

  fd = *fd_ptr;
  *fd_ptr = -1;

  if (fd >= 0)
    {
      int errsv = errno;
      close (fd);
      errno = errsv;
    }
}

gboolean
bench_set_nonblocking (int      fd,
                       GError **error)
{
  int flags = fcntl (fd, F_GETFL);

  if (flags < 0 || fcntl (fd, F_SETFL, flags | O_NONBLOCK) < 0)
    {
      int errsv = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                   "Cannot make descriptor non-blocking: %s", g_strerror (errsv));
      return FALSE;
    }

  return TRUE;
}

void
bench_propagate_errno (GError     **error,
                       int          errsv,
                       const char  *format,
                       ...)
{
  g_autofree char *prefix = NULL;
  va_list args;

  if (error == NULL)
    return;

  va_start (args, format);
  prefix = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
               "%s: %s", prefix, g_strerror (errsv));
}

GPtrArray *
bench_objects_from_variant (GVariant              *variant,
                            const char            *type,
                            const char            *what,
                            BenchFromVariantFunc   from_variant,
                            GError               **error)
{
  g_autoptr(GPtrArray) objects = NULL;
  GVariantIter iter;
  GVariant *child;

  g_return_val_if_fail (variant != NULL, NULL);
  g_return_val_if_fail (from_variant != NULL, NULL);

  if (!g_variant_is_of_type (variant, G_VARIANT_TYPE (type)))
    {
      g_set_error (error, BENCH_ERROR, BENCH_ERROR_INVALID_ARGUMENT,
                   "Saved %s are of type %s, not %s", what, g_variant_get_type_string (variant), type);
      return NULL;
    }

  objects = g_ptr_array_new_with_free_func (g_object_unref);
  g_variant_iter_init (&iter, variant);
  while ((child = g_variant_iter_next_value (&iter)) != NULL)
    {
      gpointer object = from_variant (child, error);

      g_variant_unref (child);
      if (object == NULL)
        return NULL;
      g_ptr_array_add (objects, object);
    }

  return g_steal_pointer (&objects);
}
