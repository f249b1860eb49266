/* bench-util.h - small helpers, and copies of GLib 2.76+ conveniences
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define BENCH_ERROR (bench_error_quark ())

typedef enum
{
  BENCH_ERROR_FAILED,
  BENCH_ERROR_INVALID_SPEC,     /* a device spec that does not parse */
  BENCH_ERROR_NOT_FOUND,        /* the path does not exist */
  BENCH_ERROR_NOT_A_TTY,        /* the path is not a serial port */
  BENCH_ERROR_BUSY,             /* another program holds the port */
  BENCH_ERROR_PERMISSION,       /* no permission to open the port */
  BENCH_ERROR_UNSUPPORTED,      /* a setting the port cannot do */
  BENCH_ERROR_DISCONNECTED,     /* the device went away */
  BENCH_ERROR_TX_FULL,          /* the transmit queue is full */
  BENCH_ERROR_NOT_CONNECTED,    /* sending to a device that is not connected */
  BENCH_ERROR_INVALID_ESCAPE,   /* a bad \ escape in user text */
  BENCH_ERROR_NETWORK,          /* a network transport failed */
  BENCH_ERROR_INVALID_ARGUMENT, /* a malformed query, command sequence or duration */
} BenchError;

GQuark   bench_error_quark (void);

gboolean bench_set_str     (char       **str_ptr,
                            const char  *new_str);
void     bench_clear_fd    (int         *fd_ptr);
gboolean bench_set_nonblocking (int      fd,
                                GError **error);
void     bench_propagate_errno (GError    **error,
                                int         errsv,
                                const char *format,
                                ...) G_GNUC_PRINTF (3, 4);

/* Time in microseconds. Rows carry both: monotonic for ordering, wall clock for logs. */
static inline gint64
bench_now_mono (void)
{
  return g_get_monotonic_time ();
}

static inline gint64
bench_now_wall (void)
{
  return g_get_real_time ();
}

/* The objects of an array @variant of @type ("a(sa(sv))", "aa{sv}"…),
 * each made by @from_variant; NULL and the first error otherwise, @what
 * naming the things for people ("commands"). Frees with g_object_unref. */
typedef gpointer (*BenchFromVariantFunc) (GVariant  *variant,
                                          GError   **error);
GPtrArray *bench_objects_from_variant (GVariant              *variant,
                                       const char            *type,
                                       const char            *what,
                                       BenchFromVariantFunc   from_variant,
                                       GError               **error);

G_END_DECLS
