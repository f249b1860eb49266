/* bench-test-util.h - shared helpers for the test programs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "bench-device.h"

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

/* A row sink that keeps every row as "rx:TEXT", "tx:TEXT", "event:TEXT"
 * (text up to its first NUL), with its flags and stamps. */
typedef struct
{
  BenchRowSink  sink;
  GPtrArray    *texts;
  GArray       *rows;      /* BenchTestRow */
} BenchTestRows;

typedef struct
{
  guint8  direction;
  guint8  flags;
  gint64  mono_us;
  gint64  seen_us;         /* g_get_monotonic_time() when the sink got it */
} BenchTestRow;

void      bench_test_rows_init      (BenchTestRows *rows);
void      bench_test_rows_clear     (BenchTestRows *rows);
/* The index of the first row at or after @from starting with @prefix, or -1 */
int       bench_test_rows_find      (BenchTestRows *rows,
                                     const char    *prefix,
                                     guint          from);
guint     bench_test_rows_count     (BenchTestRows *rows,
                                     const char    *prefix);
const char *bench_test_rows_text    (BenchTestRows *rows,
                                     guint          index);
const BenchTestRow *bench_test_rows_get (BenchTestRows *rows,
                                         guint          index);
/* Runs the main loop until @count rows start with @prefix; fails the test
 * (printing every row) after @timeout_ms. */
void      bench_test_rows_wait      (BenchTestRows *rows,
                                     const char    *prefix,
                                     guint          count,
                                     guint          timeout_ms);
void      bench_test_rows_dump      (BenchTestRows *rows);

/* Runs the main loop until @device is in @state; fails the test after
 * @timeout_ms, naming the state and the last error. */
void      bench_test_wait_state     (BenchDevice      *device,
                                     BenchDeviceState  state,
                                     guint             timeout_ms);
/* A device for @spec (the test fails if it does not parse) with @rows as a
 * sink when not NULL. */
BenchDevice *bench_test_new_device  (const char       *spec,
                                     BenchTestRows    *rows);

/* A TCP socket listening on 127.0.0.1, on a free port */
int       bench_test_listen_tcp     (guint16          *port,
                                     int               backlog);
/* Accepts on @listen_fd while running the main loop; -1 after @timeout_ms. */
int       bench_test_accept         (int               listen_fd,
                                     guint             timeout_ms);
/* A loopback port nobody listens on right now */
guint16   bench_test_free_port      (void);

G_END_DECLS
