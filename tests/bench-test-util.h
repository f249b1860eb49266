/* bench-test-util.h - shared helpers for the test programs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A raw-mode pty pair; *slave_path is the slave's name. */
void      bench_test_openpty        (int          *master,
                                     int          *slave,
                                     char        **slave_path);
/* Runs the default main context until @cond returns TRUE or @timeout_ms
 * passes; returns the last value of @cond. */
gboolean  bench_test_wait_until     (gboolean    (*cond) (gpointer data),
                                     gpointer      data,
                                     guint         timeout_ms);
/* Spins the default main context for @ms milliseconds. */
void      bench_test_spin           (guint         ms);
/* Writes all of @data to @fd (blocking, retrying on EAGAIN). */
void      bench_test_write_all      (int           fd,
                                     const void   *data,
                                     gsize         len);
/* Writes @data to @fd from a thread (for more than a pty buffer holds while
 * the main loop reads); join the returned thread. @data is copied. */
GThread  *bench_test_write_in_thread (int          fd,
                                      const void  *data,
                                      gsize        len);
/* Reads whatever arrives on @fd within @ms into @out. */
void      bench_test_read_for       (int           fd,
                                     GByteArray   *out,
                                     guint         ms);
/* Reads until @out holds @len bytes or @ms passes. */
gboolean  bench_test_read_exact     (int           fd,
                                     GByteArray   *out,
                                     gsize         len,
                                     guint         ms);
/* A fresh empty directory for this test, removed at exit. */
char     *bench_test_mkdtemp        (void);
/* Finds an executable; NULL if missing. */
char     *bench_test_find_program   (const char   *name);
/* Peak RSS of this process in KiB. */
gsize     bench_test_peak_rss_kib   (void);
/* Current RSS of this process in KiB. */
gsize     bench_test_rss_kib        (void);
/* The uid/gid of an unprivileged account ("nobody"), for tests run as root. */
gboolean  bench_test_nobody         (uid_t        *uid,
                                     gid_t        *gid);

G_END_DECLS
