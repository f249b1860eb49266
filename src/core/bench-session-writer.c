/* bench-session-writer.c - streams the session log to a file (DESIGN.md §2.3)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * How it works
 *
 * The main thread only copies rows (source id, direction, flags, both
 * timestamps and the bytes) into the current Batch: a record array and a
 * text arena, both recycled, so a row costs a memcpy and no allocation once
 * the buffers have grown. A batch is handed to the writer thread through a
 * GAsyncQueue when it gets large, on flush(), and from a main-context timer
 * 100 ms after its first row (the timer is a GSource whose ready time is -1
 * while the batch is empty, so an idle writer never wakes the main loop).
 * New device names travel in the batch too, so the thread never reads state
 * the main thread writes.
 *
 * The writer thread sorts each batch by mono_us (stable; skipped when the
 * batch is already in order), formats it into an output buffer and writes
 * whole rows only: one write(2) per ~256 KiB to a pipe, socket or tty, and
 * to a regular file one per page (see writer_write()). Processed batches
 * go back to the main thread on a second queue, which is how the main thread
 * knows the bytes in flight (for max-pending) and gets the buffers back.
 * Statistics and failures reach the main thread through one idle source on
 * the main context, created by the thread when none is pending; properties
 * are only ever notified on the main context.
 *
 * A torn row: rows are only ever written whole, a partial write continues
 * where it stopped, and when a write fails half way (ENOSPC, EFBIG, ...) a
 * regular file is cut back to the end of its last whole row. So between two
 * writes the file always ends with a whole row, whenever the process dies.
 * One caveat no userspace writer can close: Linux checks for a fatal signal
 * between the pages of one buffered write(2), so a SIGKILL (or the crash of
 * another thread) that lands while the kernel copies a write that crosses a
 * page boundary can cut it there. writer_write() keeps page boundaries out of
 * the middle of its writes, which leaves only a row that itself crosses a
 * page exposed, for the microseconds of its write.
 *
 * CSV rows end with CRLF, as RFC 4180 asks (and as Python's csv module and
 * spreadsheet tools write them); the text and JSON Lines formats end rows
 * with LF. No field ever contains a raw CR or LF, because the escaping turns
 * every control byte into \xNN, so every format stays line-oriented.
 *
 * The :error property is a boxed GError (G_TYPE_ERROR), NULL while the
 * writer is fine.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bench-enums.h"
#include "bench-escape.h"
#include "bench-util.h"

#include "bench-session-writer.h"

#define TICK_INTERVAL_US   (100 * G_TIME_SPAN_MILLISECOND)
#define HANDOVER_SIZE      (256 * 1024)   /* a batch this large goes to the thread at once */
#define OUT_CHUNK          (256 * 1024)   /* bytes of whole rows per write(2) */
#define OUT_INITIAL        (2 * OUT_CHUNK)
#define OUT_KEEP           (8 * OUT_CHUNK) /* shrink back after a huge row */
#define MAX_SPARE_BATCHES  4
#define BENCHTOP_SOURCE    0u             /* the "benchtop" source, for events */

/* ------------------------------------------------------------------------ */
/* Formatting                                                               */
/* ------------------------------------------------------------------------ */

/* The longest row apart from the escaped name and text: the JSON template is
 * ~70 bytes, a time up to 40 and an elapsed value up to 28. */
#define ROW_FIXED_MAX 192

static const char csv_header[] = "time,elapsed,device,direction,text\r\n";

static const char *const direction_names[] = { "rx", "tx", "event" };
static const guint8 direction_lengths[] = { 2, 2, 5 };

/* RFC 4180: quoted when it contains a comma, a quote, CR or LF (escaped
 * text never contains CR or LF, and contains , and " exactly where the raw
 * bytes do) or starts or ends with a space. */
static inline gboolean
csv_needs_quotes (const guint8 *s,
                  gsize         len)
{
  if (len == 0)
    return FALSE;

  return s[0] == ' ' || s[len - 1] == ' ' ||
         memchr (s, ',', len) != NULL || memchr (s, '"', len) != NULL;
}

/* One field, escaped and quoted for @format; the device name is formatted
 * with this once per source. The escaping (and the quoting inside quotes) is
 * bench_escape_to_buffer(), the one implementation of DESIGN.md §2.3, which
 * writes straight into the row. */
static guint8 *
put_field (guint8         *p,
           BenchLogFormat  format,
           const guint8   *s,
           gsize           len)
{
  switch (format)
    {
    case BENCH_LOG_CSV:
      if (csv_needs_quotes (s, len))
        {
          *p++ = '"';
          p = bench_escape_to_buffer (p, s, len, BENCH_ESCAPE_CSV);
          *p++ = '"';
          return p;
        }
      return bench_escape_to_buffer (p, s, len, BENCH_ESCAPE_NONE);

    case BENCH_LOG_JSONL:
      return bench_escape_to_buffer (p, s, len, BENCH_ESCAPE_JSON);

    case BENCH_LOG_TEXT:
    default:
      return bench_escape_to_buffer (p, s, len, BENCH_ESCAPE_NONE);
    }
}

static inline guint8 *
put_digits2 (guint8 *p,
             guint   v)
{
  p[0] = '0' + v / 10;
  p[1] = '0' + v % 10;
  return p + 2;
}

static inline guint8 *
put_digits6 (guint8 *p,
             guint   v)
{
  p[5] = '0' + v % 10; v /= 10;
  p[4] = '0' + v % 10; v /= 10;
  p[3] = '0' + v % 10; v /= 10;
  p[2] = '0' + v % 10; v /= 10;
  p[1] = '0' + v % 10; v /= 10;
  p[0] = '0' + v;
  return p + 6;
}

/* At least @min_digits decimal digits, no sign. */
static guint8 *
put_uint (guint8  *p,
          guint64  v,
          guint    min_digits)
{
  guint8 tmp[24];
  guint n = 0;

  do
    {
      tmp[n++] = '0' + v % 10;
      v /= 10;
    }
  while (v != 0);
  while (n < min_digits)
    tmp[n++] = '0';
  while (n > 0)
    *p++ = tmp[--n];

  return p;
}

/* Seconds since the epoch to a proleptic Gregorian date (H. Hinnant's
 * days_from_civil inverse); valid for the whole gint64 µs range. */
static void
civil_from_days (gint64  days,
                 gint64 *year,
                 guint  *month,
                 guint  *day)
{
  gint64 z = days + 719468;
  gint64 era = (z >= 0 ? z : z - 146096) / 146097;
  guint doe = (guint) (z - era * 146097);
  guint yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  guint doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  guint mp = (5 * doy + 2) / 153;

  *day = doy - (153 * mp + 2) / 5 + 1;
  *month = mp < 10 ? mp + 3 : mp - 9;
  *year = (gint64) yoe + era * 400 + (*month <= 2 ? 1 : 0);
}

/* The "YYYY-MM-DDTHH:MM:SS" part, formatted once per second. */
typedef struct
{
  gint64 sec;
  guint  len;
  guint8 text[40];
} TimeCache;

#define TIME_CACHE_INIT { G_MININT64, 0, { 0 } }

static void
time_cache_update (TimeCache *cache,
                   gint64     sec)
{
  gint64 days = sec / 86400;
  gint64 sod = sec % 86400;
  gint64 year;
  guint month, day;
  guint8 *p = cache->text;

  if (sod < 0)
    {
      sod += 86400;
      days--;
    }
  civil_from_days (days, &year, &month, &day);

  if (year < 0)
    {
      *p++ = '-';
      p = put_uint (p, (guint64) 0 - (guint64) year, 4);
    }
  else
    p = put_uint (p, (guint64) year, 4);
  *p++ = '-';
  p = put_digits2 (p, month);
  *p++ = '-';
  p = put_digits2 (p, day);
  *p++ = 'T';
  p = put_digits2 (p, (guint) (sod / 3600));
  *p++ = ':';
  p = put_digits2 (p, (guint) (sod / 60 % 60));
  *p++ = ':';
  p = put_digits2 (p, (guint) (sod % 60));

  cache->sec = sec;
  cache->len = p - cache->text;
}

/* "2026-11-22T01:23:45.123456Z": at most 40 bytes. */
static inline guint8 *
put_time (guint8    *p,
          TimeCache *cache,
          gint64     wall_us)
{
  gint64 sec = wall_us / G_USEC_PER_SEC;
  gint64 usec = wall_us % G_USEC_PER_SEC;

  if (usec < 0)
    {
      usec += G_USEC_PER_SEC;
      sec--;
    }
  if (G_UNLIKELY (sec != cache->sec))
    time_cache_update (cache, sec);

  memcpy (p, cache->text, cache->len);
  p += cache->len;
  *p++ = '.';
  p = put_digits6 (p, (guint) usec);
  *p++ = 'Z';

  return p;
}

/* Seconds with six decimals, "-" when negative: at most 28 bytes. Exact, and
 * independent of the locale. */
static inline guint8 *
put_elapsed (guint8 *p,
             gint64  elapsed_us)
{
  guint64 a;

  if (elapsed_us < 0)
    {
      *p++ = '-';
      a = (guint64) 0 - (guint64) elapsed_us;
    }
  else
    a = (guint64) elapsed_us;

  p = put_uint (p, a / G_USEC_PER_SEC, 1);
  *p++ = '.';
  return put_digits6 (p, (guint) (a % G_USEC_PER_SEC));
}

static inline gsize
row_max_size (gsize name_len,
              gsize text_len)
{
  return ROW_FIXED_MAX + name_len + BENCH_ESCAPE_MAX_GROWTH * text_len + 2;
}

#define PUT_LITERAL(p, s) (memcpy ((p), (s), sizeof (s) - 1), (p) + sizeof (s) - 1)

/* One row. @name is the device field as put_field() made it for @format.
 * @p needs row_max_size() bytes. */
static guint8 *
put_row (guint8         *p,
         BenchLogFormat  format,
         TimeCache      *cache,
         const guint8   *name,
         gsize           name_len,
         gint64          start_mono,
         gint64          mono_us,
         gint64          wall_us,
         guint           direction,
         const guint8   *text,
         gsize           len)
{
  const char *dir_name;
  guint dir_len;

  if (direction > BENCH_DIRECTION_EVENT)
    direction = BENCH_DIRECTION_EVENT;
  dir_name = direction_names[direction];
  dir_len = direction_lengths[direction];

  switch (format)
    {
    case BENCH_LOG_CSV:
      p = put_time (p, cache, wall_us);
      *p++ = ',';
      p = put_elapsed (p, mono_us - start_mono);
      *p++ = ',';
      memcpy (p, name, name_len);
      p += name_len;
      *p++ = ',';
      memcpy (p, dir_name, dir_len);
      p += dir_len;
      *p++ = ',';
      p = put_field (p, BENCH_LOG_CSV, text, len);
      *p++ = '\r';
      *p++ = '\n';
      break;

    case BENCH_LOG_JSONL:
      p = PUT_LITERAL (p, "{\"time\":\"");
      p = put_time (p, cache, wall_us);
      p = PUT_LITERAL (p, "\",\"elapsed\":");
      p = put_elapsed (p, mono_us - start_mono);
      p = PUT_LITERAL (p, ",\"device\":\"");
      memcpy (p, name, name_len);
      p += name_len;
      p = PUT_LITERAL (p, "\",\"direction\":\"");
      memcpy (p, dir_name, dir_len);
      p += dir_len;
      p = PUT_LITERAL (p, "\",\"text\":\"");
      p = bench_escape_to_buffer (p, text, len, BENCH_ESCAPE_JSON);
      p = PUT_LITERAL (p, "\"}\n");
      break;

    case BENCH_LOG_TEXT:
    default:
      p = put_time (p, cache, wall_us);
      *p++ = '\t';
      memcpy (p, name, name_len);
      p += name_len;
      *p++ = '\t';
      memcpy (p, dir_name, dir_len);
      p += dir_len;
      *p++ = '\t';
      p = bench_escape_to_buffer (p, text, len, BENCH_ESCAPE_NONE);
      *p++ = '\n';
      break;
    }

  return p;
}

/* ------------------------------------------------------------------------ */
/* Batches                                                                  */
/* ------------------------------------------------------------------------ */

typedef struct
{
  gint64  mono;
  gint64  wall;
  guint32 offset;     /* into the text arena */
  guint32 len;
  guint32 source;
  guint8  direction;
  guint8  flags;
} Record;

typedef struct
{
  Record    *rows;
  guint      n_rows;
  guint      rows_alloc;
  guint8    *text;
  gsize      text_len;
  gsize      text_alloc;
  GPtrArray *sources;      /* names added since the last batch, in id order */
  guint      first_source; /* the id of sources[0] */
  gsize      cost;         /* counted against :max-pending */
  gboolean   quit;         /* the last batch: the thread exits after it */
} Batch;

static Batch *
batch_new (void)
{
  Batch *batch = g_new0 (Batch, 1);

  batch->sources = g_ptr_array_new_with_free_func (g_free);
  return batch;
}

static void
batch_free (Batch *batch)
{
  g_free (batch->rows);
  g_free (batch->text);
  g_ptr_array_unref (batch->sources);
  g_free (batch);
}

/* Drops the rows; new source names stay. */
static void
batch_clear_rows (Batch *batch)
{
  batch->n_rows = 0;
  batch->text_len = 0;
  batch->cost = 0;
}

static void
batch_reset (Batch *batch)
{
  batch_clear_rows (batch);
  batch->quit = FALSE;
  g_ptr_array_set_size (batch->sources, 0);

  /* after a burst of huge lines, give the memory back */
  if (batch->text_alloc > 4 * HANDOVER_SIZE)
    {
      g_clear_pointer (&batch->text, g_free);
      batch->text_alloc = 0;
    }
}

static inline gsize
row_cost (gsize len)
{
  return sizeof (Record) + len;
}

static void
batch_push (Batch        *batch,
            guint         source,
            guint8        direction,
            guint8        flags,
            gint64        mono,
            gint64        wall,
            const guint8 *text,
            guint32       len)
{
  Record *r;

  if (G_UNLIKELY (batch->n_rows == batch->rows_alloc))
    {
      batch->rows_alloc = MAX (1024, batch->rows_alloc * 2);
      batch->rows = g_renew (Record, batch->rows, batch->rows_alloc);
    }
  if (G_UNLIKELY (batch->text_alloc - batch->text_len < len))
    {
      gsize want = MAX (32 * 1024, batch->text_alloc * 2);

      while (want - batch->text_len < len)
        want *= 2;
      batch->text = g_realloc (batch->text, want);
      batch->text_alloc = want;
    }

  r = &batch->rows[batch->n_rows++];
  r->mono = mono;
  r->wall = wall;
  r->offset = (guint32) batch->text_len;
  r->len = len;
  r->source = source;
  r->direction = direction;
  r->flags = flags;
  if (len > 0)
    memcpy (batch->text + batch->text_len, text, len);
  batch->text_len += len;
  batch->cost += row_cost (len);
}

/* ------------------------------------------------------------------------ */
/* The object                                                               */
/* ------------------------------------------------------------------------ */

typedef struct
{
  guint8 *field;   /* escaped and quoted for the format */
  gsize   len;
} SourceName;

/* State that only the writer thread touches once it runs. */
typedef struct
{
  GArray    *names;         /* SourceName, by source id */
  guint8    *out;
  gsize      out_len;
  gsize      out_cap;
  guint64    out_rows;      /* rows in out */
  guint32   *order;
  guint      order_alloc;
  guint64    rows_written;
  guint64    file_pos;      /* bytes we wrote */
  guint64    last_row_end;  /* file_pos just after the last whole row */
  guint64    page_offset;   /* the file offset where we started, mod page_size */
  gsize      page_size;
  TimeCache  time_cache;
  gboolean   failed;
} WriterState;

struct _BenchSessionWriter
{
  GObject         parent_instance;

  /* set before the thread starts, then read-only */
  BenchLogFormat  format;
  char           *path;
  char           *display_name;   /* “path” or "standard output", for messages */
  gint64          start_mono;
  int             fd;
  gboolean        own_fd;
  gboolean        is_regular;
  GMainContext   *context;

  /* main thread */
  BenchWriterState state;
  GError         *error;
  guint64         rows_written;
  guint64         bytes_written;
  guint64         rows_dropped;
  guint64         max_rx_rows;
  guint64         rx_rows;
  gsize           max_pending;
  gsize           handover_size;
  Batch          *batch;
  gsize           queued;          /* cost of the batches the thread has not given back */
  GPtrArray      *spare;           /* empty batches for reuse */
  guint           n_sources;
  guint64         dropped_unreported;
  GSource        *tick;
  GSource        *limit_source;
  GTask          *close_task;
  guint           tick_armed : 1;
  guint           dropping : 1;
  guint           closing : 1;
  guint           limit_emitted : 1;
  guint           notify_dropped : 1;
  guint           congested : 1;

  /* the hand-over */
  GThread        *thread;
  GAsyncQueue    *to_thread;
  GAsyncQueue    *from_thread;

  /* shared with the thread, under mutex */
  GMutex          mutex;
  GSource        *wake_source;
  guint64         shared_rows_written;
  guint64         shared_bytes_written;
  GError         *shared_error;
  gboolean        shared_exited;

  /* the writer thread's */
  WriterState     w;
};

G_DEFINE_FINAL_TYPE (BenchSessionWriter, bench_session_writer, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATE,
  PROP_ERROR,
  PROP_ROWS_WRITTEN,
  PROP_BYTES_WRITTEN,
  PROP_ROWS_DROPPED,
  PROP_PATH,
  PROP_FORMAT,
  PROP_MAX_PENDING,
  PROP_MAX_RX_ROWS,
  PROP_CONGESTED,
  N_PROPS
};

enum {
  LIMIT_REACHED,
  N_SIGNALS
};

static GParamSpec *properties [N_PROPS];
static guint signals [N_SIGNALS];

/* ---- writer thread ---- */

static void
writer_post_wake (BenchSessionWriter *self,
                  gboolean            exited);

/* The first error wins; the thread and close() both report here. */
static void
set_shared_error (BenchSessionWriter *self,
                  int                 errsv)
{
  g_mutex_lock (&self->mutex);
  if (self->shared_error == NULL)
    self->shared_error = g_error_new (G_IO_ERROR, g_io_error_from_errno (errsv),
                                      "Cannot write to %s: %s",
                                      self->display_name, g_strerror (errsv));
  g_mutex_unlock (&self->mutex);
}

static void
writer_fail (BenchSessionWriter *self,
             int                 errsv)
{
  WriterState *w = &self->w;
  guint64 tail = w->file_pos - w->last_row_end;

  g_assert (!w->failed);

  w->failed = TRUE;

  /* cut a partly written row off again, so the file ends with a whole row */
  if (tail > 0 && self->is_regular)
    {
      off_t cur = lseek (self->fd, 0, SEEK_CUR);

      if (cur >= (off_t) tail && ftruncate (self->fd, cur - (off_t) tail) == 0)
        {
          lseek (self->fd, cur - (off_t) tail, SEEK_SET);
          w->file_pos = w->last_row_end;
        }
    }

  set_shared_error (self, errsv);
}

/* Writes all of @data, continuing after partial writes. */
static gboolean
write_all (BenchSessionWriter *self,
           const guint8       *data,
           gsize               len)
{
  WriterState *w = &self->w;

  while (len > 0)
    {
      ssize_t n = write (self->fd, data, len);
      int errsv;

      if (n > 0)
        {
          const guint8 *nl = memrchr (data, '\n', n);

          if (nl != NULL)
            w->last_row_end = w->file_pos + (nl - data) + 1;
          w->file_pos += n;
          data += n;
          len -= n;
          continue;
        }

      errsv = n == 0 ? EIO : errno;
      if (errsv == EINTR)
        continue;
      if (errsv == EAGAIN || errsv == EWOULDBLOCK)
        {
          /* someone made the descriptor non-blocking (a shared stdout) */
          struct pollfd pfd = { self->fd, POLLOUT, 0 };

          poll (&pfd, 1, -1);
          continue;
        }

      writer_fail (self, errsv);
      return FALSE;
    }

  return TRUE;
}

/* Writes whole rows. To a regular file, each write(2) stays within one page
 * of the file where it can: the rows that end in the current page go
 * together, and a row that crosses into the next page goes alone. Linux
 * checks for SIGKILL between the pages of a buffered write, and a kill seen
 * there leaves the file ending at that page boundary, mid-row. Measured on
 * ext4 (Linux 6.18) with the log flooded at ~200 MB/s and killed at random:
 * 256 KiB writes left a torn last row 30 times in 100, page-bounded writes 9
 * in 100, at no measurable cost in throughput (the page cache dominates). */
static gboolean
writer_write (BenchSessionWriter *self,
              const guint8       *data,
              gsize               len)
{
  WriterState *w = &self->w;

  if (!self->is_regular)
    return write_all (self, data, len);

  while (len > 0)
    {
      gsize room = w->page_size - (w->page_offset + w->file_pos) % w->page_size;
      gsize n = len;

      if (len > room)
        {
          const guint8 *nl = memrchr (data, '\n', room);

          if (nl != NULL)
            n = nl - data + 1;
          else
            {
              nl = memchr (data + room, '\n', len - room);
              n = nl != NULL ? (gsize) (nl - data) + 1 : len;
            }
        }
      if (!write_all (self, data, n))
        return FALSE;
      data += n;
      len -= n;
    }

  return TRUE;
}

static void
writer_flush_out (BenchSessionWriter *self)
{
  WriterState *w = &self->w;
  guint64 start = w->file_pos;

  if (w->out_len == 0)
    return;

  if (writer_write (self, w->out, w->out_len))
    w->rows_written += w->out_rows;
  else if (w->last_row_end > start)
    {
      /* count the whole rows that made it */
      const guint8 *p = w->out;
      const guint8 *end = w->out + (w->last_row_end - start);

      while ((p = memchr (p, '\n', end - p)) != NULL)
        {
          w->rows_written++;
          p++;
        }
    }

  w->out_len = 0;
  w->out_rows = 0;

  if (w->out_cap > OUT_KEEP)
    {
      g_free (w->out);
      w->out_cap = OUT_INITIAL;
      w->out = g_malloc (w->out_cap);
    }
}

static void
writer_add_source (BenchSessionWriter *self,
                   const char         *name)
{
  WriterState *w = &self->w;
  gsize len = strlen (name);
  SourceName sn;
  guint8 *end;

  sn.field = g_malloc (BENCH_ESCAPE_MAX_GROWTH * len + 3);
  end = put_field (sn.field, self->format, (const guint8 *) name, len);
  sn.len = end - sn.field;
  g_array_append_val (w->names, sn);
}

static int
compare_records (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  const Record *rows = user_data;
  guint32 ia = *(const guint32 *) a;
  guint32 ib = *(const guint32 *) b;
  gint64 ma = rows[ia].mono;
  gint64 mb = rows[ib].mono;

  if (ma != mb)
    return ma < mb ? -1 : 1;
  return ia < ib ? -1 : (ia > ib);
}

/* NULL when the batch is in order already. */
static const guint32 *
writer_sort (BenchSessionWriter *self,
             const Batch        *batch)
{
  WriterState *w = &self->w;
  guint i;

  for (i = 1; i < batch->n_rows; i++)
    if (batch->rows[i].mono < batch->rows[i - 1].mono)
      break;
  if (i >= batch->n_rows)
    return NULL;

  if (w->order_alloc < batch->n_rows)
    {
      w->order_alloc = MAX (batch->n_rows, 2 * w->order_alloc);
      w->order = g_renew (guint32, w->order, w->order_alloc);
    }
  for (i = 0; i < batch->n_rows; i++)
    w->order[i] = i;
  /* a stable merge sort; the index tie-break keeps it stable regardless */
  g_qsort_with_data (w->order, batch->n_rows, sizeof (guint32),
                     compare_records, batch->rows);

  return w->order;
}

static void
writer_process (BenchSessionWriter *self,
                Batch              *batch)
{
  WriterState *w = &self->w;
  const guint32 *order;
  guint i;

  for (i = 0; i < batch->sources->len; i++)
    {
      g_assert (batch->first_source + i == w->names->len);
      writer_add_source (self, g_ptr_array_index (batch->sources, i));
    }

  if (w->failed || batch->n_rows == 0)
    return;

  order = writer_sort (self, batch);

  for (i = 0; i < batch->n_rows; i++)
    {
      const Record *r = &batch->rows[order != NULL ? order[i] : i];
      const SourceName *sn;
      gsize need;
      guint8 *end;

      g_assert (r->source < w->names->len);
      sn = &g_array_index (w->names, SourceName, r->source);
      need = row_max_size (sn->len, r->len);

      if (G_UNLIKELY (w->out_len + need > w->out_cap))
        {
          writer_flush_out (self);
          if (w->failed)
            return;
          if (need > w->out_cap)
            {
              w->out_cap = need + OUT_CHUNK;
              g_free (w->out);
              w->out = g_malloc (w->out_cap);
            }
        }

      end = put_row (w->out + w->out_len, self->format, &w->time_cache,
                     sn->field, sn->len, self->start_mono,
                     r->mono, r->wall, r->direction,
                     batch->text + r->offset, r->len);
      w->out_len = end - w->out;
      w->out_rows++;

      if (w->out_len >= OUT_CHUNK)
        {
          writer_flush_out (self);
          if (w->failed)
            return;
        }
    }

  writer_flush_out (self);
}

static gboolean bench_session_writer_wake_cb (gpointer data);

static void
writer_post_wake (BenchSessionWriter *self,
                  gboolean            exited)
{
  g_mutex_lock (&self->mutex);
  self->shared_rows_written = self->w.rows_written;
  self->shared_bytes_written = self->w.file_pos;
  if (exited)
    self->shared_exited = TRUE;
  if (self->wake_source == NULL)
    {
      self->wake_source = g_idle_source_new ();
      g_source_set_priority (self->wake_source, G_PRIORITY_DEFAULT);
      g_source_set_static_name (self->wake_source, "[benchtop] session writer");
      g_source_set_callback (self->wake_source, bench_session_writer_wake_cb, self, NULL);
      g_source_attach (self->wake_source, self->context);
    }
  g_mutex_unlock (&self->mutex);
}

static gpointer
bench_session_writer_thread (gpointer data)
{
  BenchSessionWriter *self = data;
  sigset_t set;
  gboolean quit = FALSE;

  /* Writes report EPIPE and EFBIG instead of raising SIGPIPE or SIGXFSZ;
   * both are sent to this thread, which never unblocks them. */
  sigemptyset (&set);
  sigaddset (&set, SIGPIPE);
  sigaddset (&set, SIGXFSZ);
  pthread_sigmask (SIG_BLOCK, &set, NULL);

  if (self->format == BENCH_LOG_CSV)
    writer_write (self, (const guint8 *) csv_header, sizeof csv_header - 1);
  writer_post_wake (self, FALSE);

  while (!quit)
    {
      Batch *batch = g_async_queue_pop (self->to_thread);

      quit = batch->quit;
      writer_process (self, batch);
      g_async_queue_push (self->from_thread, batch);
      writer_post_wake (self, quit);
    }

  return NULL;
}

/* ---- main thread ---- */

static Batch *
take_spare_batch (BenchSessionWriter *self)
{
  if (self->spare->len > 0)
    return g_ptr_array_steal_index_fast (self->spare, self->spare->len - 1);
  return batch_new ();
}

/* Takes back the batches the thread is done with. */
static void
collect_returned (BenchSessionWriter *self)
{
  Batch *batch;

  while ((batch = g_async_queue_try_pop (self->from_thread)) != NULL)
    {
      g_assert (self->queued >= batch->cost);
      self->queued -= batch->cost;
      batch_reset (batch);
      if (self->spare->len < MAX_SPARE_BATCHES)
        g_ptr_array_add (self->spare, batch);
      else
        batch_free (batch);
    }
}

static void
arm_tick (BenchSessionWriter *self)
{
  if (!self->tick_armed)
    {
      self->tick_armed = TRUE;
      g_source_set_ready_time (self->tick, g_get_monotonic_time () + TICK_INTERVAL_US);
    }
}

static void
disarm_tick (BenchSessionWriter *self)
{
  if (self->tick_armed)
    {
      self->tick_armed = FALSE;
      g_source_set_ready_time (self->tick, -1);
    }
}

static void update_congestion (BenchSessionWriter *self);

static void
hand_over (BenchSessionWriter *self)
{
  Batch *batch = self->batch;

  if (batch->n_rows == 0 && batch->sources->len == 0 && !batch->quit)
    return;

  self->queued += batch->cost;
  g_async_queue_push (self->to_thread, batch);
  collect_returned (self);
  self->batch = take_spare_batch (self);
  self->batch->first_source = self->n_sources;

  if (!self->notify_dropped)
    disarm_tick (self);

  update_congestion (self);
}

static void
push_row (BenchSessionWriter *self,
          guint               source,
          guint8              direction,
          guint8              flags,
          gint64              mono,
          gint64              wall,
          const guint8       *text,
          guint32             len)
{
  /* the arena is indexed with 32 bits */
  if (G_UNLIKELY ((guint64) self->batch->text_len + len > G_MAXUINT32))
    hand_over (self);

  batch_push (self->batch, source, direction, flags, mono, wall, text, len);

  if (self->batch->n_rows == 1)
    arm_tick (self);
  if (self->batch->cost >= self->handover_size)
    hand_over (self);
}

/* Writes the "rows not logged" note, whatever the bound says. */
static void
push_dropped_event (BenchSessionWriter *self)
{
  g_autofree char *text = NULL;

  if (self->dropped_unreported == 0)
    return;

  text = g_strdup_printf ("%" G_GUINT64_FORMAT " rows not logged: the disk was too slow",
                          self->dropped_unreported);
  self->dropped_unreported = 0;
  push_row (self, BENCHTOP_SOURCE, BENCH_DIRECTION_EVENT, BENCH_ROW_ERROR,
            bench_now_mono (), bench_now_wall (), (const guint8 *) text, strlen (text));
}

/* While dropping, rows are taken again once half the bound is free, so one
 * slow spell gives one note rather than one per row. */
static void
maybe_resume (BenchSessionWriter *self)
{
  if (!self->dropping || self->state != BENCH_WRITER_RUNNING || self->closing)
    return;

  collect_returned (self);
  if (self->queued + self->batch->cost <= self->max_pending / 2)
    {
      self->dropping = FALSE;
      push_dropped_event (self);
    }
}

static void
drop_row (BenchSessionWriter *self)
{
  self->rows_dropped++;
  self->dropped_unreported++;
  self->dropping = TRUE;
  /* :rows-dropped is notified from the tick, not once per row */
  self->notify_dropped = TRUE;
  arm_tick (self);
}

static gboolean
bench_session_writer_tick_cb (gpointer data)
{
  BenchSessionWriter *self = data;

  g_assert (BENCH_IS_SESSION_WRITER (self));

  self->tick_armed = FALSE;

  if (self->state == BENCH_WRITER_RUNNING && !self->closing)
    {
      maybe_resume (self);
      if (self->batch->n_rows > 0)
        hand_over (self);
    }

  if (self->notify_dropped)
    {
      self->notify_dropped = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_ROWS_DROPPED]);
    }

  return G_SOURCE_CONTINUE;
}

static gboolean
tick_dispatch (GSource     *source,
               GSourceFunc  callback,
               gpointer     user_data)
{
  g_source_set_ready_time (source, -1);
  return callback (user_data);
}

static GSourceFuncs tick_funcs = {
  .dispatch = tick_dispatch,
};

/* :congested is TRUE from half of :max-pending in flight until it is down to
 * an eighth again: a device that can wait (a TCP socket) stops reading
 * meanwhile, so that nothing of it is dropped. */
static void
update_congestion (BenchSessionWriter *self)
{
  gsize load = self->queued + self->batch->cost;
  gboolean congested;

  if (self->state != BENCH_WRITER_RUNNING || self->closing)
    congested = FALSE;
  else if (self->congested)
    congested = load > self->max_pending / 8;
  else
    congested = load >= self->max_pending / 2;

  if (congested != self->congested)
    {
      self->congested = congested;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_CONGESTED]);
    }
}

/* Brings the main-thread copies of the thread's counters and error up to
 * date and notifies what changed. */
static void
sync_from_thread (BenchSessionWriter *self)
{
  g_autoptr(GError) error = NULL;
  guint64 rows, bytes;
  GObject *object = G_OBJECT (self);

  g_mutex_lock (&self->mutex);
  rows = self->shared_rows_written;
  bytes = self->shared_bytes_written;
  if (self->shared_error != NULL && self->error == NULL)
    error = g_error_copy (self->shared_error);
  g_mutex_unlock (&self->mutex);

  collect_returned (self);

  g_object_freeze_notify (object);

  if (self->rows_written != rows)
    {
      self->rows_written = rows;
      g_object_notify_by_pspec (object, properties [PROP_ROWS_WRITTEN]);
    }
  if (self->bytes_written != bytes)
    {
      self->bytes_written = bytes;
      g_object_notify_by_pspec (object, properties [PROP_BYTES_WRITTEN]);
    }
  if (error != NULL)
    {
      self->error = g_steal_pointer (&error);
      self->dropping = FALSE;
      self->dropped_unreported = 0;
      /* the thread would discard them; the names must still reach it */
      if (!self->closing)
        {
          batch_clear_rows (self->batch);
          disarm_tick (self);
        }
      g_object_notify_by_pspec (object, properties [PROP_ERROR]);
      if (self->state != BENCH_WRITER_FAILED)
        {
          self->state = BENCH_WRITER_FAILED;
          g_object_notify_by_pspec (object, properties [PROP_STATE]);
        }
    }

  maybe_resume (self);
  update_congestion (self);

  g_object_thaw_notify (object);
}

/* After the thread has exited: close the file, settle the state, and
 * complete a close_async(). */
static void
finish_close (BenchSessionWriter *self)
{
  g_autoptr(GTask) task = NULL;

  g_assert (self->thread == NULL);

  g_mutex_lock (&self->mutex);
  if (self->wake_source != NULL)
    {
      g_source_destroy (self->wake_source);
      g_clear_pointer (&self->wake_source, g_source_unref);
    }
  g_mutex_unlock (&self->mutex);

  if (self->own_fd && self->fd >= 0)
    {
      /* NFS and the like report late write errors here */
      if (close (self->fd) != 0 && errno != EINTR)
        set_shared_error (self, errno);
    }
  self->fd = -1;

  sync_from_thread (self);
  disarm_tick (self);

  if (self->state == BENCH_WRITER_RUNNING)
    {
      self->state = BENCH_WRITER_CLOSED;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_STATE]);
    }

  task = g_steal_pointer (&self->close_task);
  if (task != NULL)
    {
      if (self->error != NULL)
        g_task_return_error (task, g_error_copy (self->error));
      else
        g_task_return_boolean (task, TRUE);
    }
}

static gboolean
bench_session_writer_wake_cb (gpointer data)
{
  BenchSessionWriter *self = data;
  gboolean exited;

  g_assert (BENCH_IS_SESSION_WRITER (self));

  g_mutex_lock (&self->mutex);
  g_clear_pointer (&self->wake_source, g_source_unref);
  exited = self->shared_exited;
  g_mutex_unlock (&self->mutex);

  if (exited && self->thread != NULL)
    {
      /* it has returned, or is about to: this does not block */
      g_thread_join (g_steal_pointer (&self->thread));
      finish_close (self);
    }
  else
    sync_from_thread (self);

  return G_SOURCE_REMOVE;
}

/* The last batch: everything appended so far, then the thread exits. */
static void
send_final (BenchSessionWriter *self)
{
  g_assert (self->thread != NULL);
  g_assert (!self->closing);

  push_dropped_event (self);
  self->closing = TRUE;
  self->batch->quit = TRUE;
  hand_over (self);
  disarm_tick (self);
}

static void
stop_thread (BenchSessionWriter *self)
{
  if (self->thread == NULL)
    return;

  if (!self->closing)
    send_final (self);
  g_thread_join (g_steal_pointer (&self->thread));
  finish_close (self);
}

static gboolean
bench_session_writer_limit_cb (gpointer data)
{
  BenchSessionWriter *self = data;

  g_assert (BENCH_IS_SESSION_WRITER (self));

  g_clear_pointer (&self->limit_source, g_source_unref);
  g_signal_emit (self, signals [LIMIT_REACHED], 0);

  return G_SOURCE_REMOVE;
}

static void
check_rx_limit (BenchSessionWriter *self)
{
  if (self->max_rx_rows == 0 || self->rx_rows < self->max_rx_rows || self->limit_emitted)
    return;

  /* emitted from the main loop, so a handler may close us safely */
  self->limit_emitted = TRUE;
  self->limit_source = g_idle_source_new ();
  g_source_set_priority (self->limit_source, G_PRIORITY_DEFAULT);
  g_source_set_static_name (self->limit_source, "[benchtop] log limit");
  g_source_set_callback (self->limit_source, bench_session_writer_limit_cb, self, NULL);
  g_source_attach (self->limit_source, self->context);
}

static void
bench_session_writer_dispose (GObject *object)
{
  BenchSessionWriter *self = (BenchSessionWriter *) object;

  stop_thread (self);

  if (self->tick != NULL)
    {
      g_source_destroy (self->tick);
      g_clear_pointer (&self->tick, g_source_unref);
    }
  if (self->limit_source != NULL)
    {
      g_source_destroy (self->limit_source);
      g_clear_pointer (&self->limit_source, g_source_unref);
    }

  G_OBJECT_CLASS (bench_session_writer_parent_class)->dispose (object);
}

static void
bench_session_writer_finalize (GObject *object)
{
  BenchSessionWriter *self = (BenchSessionWriter *) object;
  WriterState *w = &self->w;

  g_assert (self->thread == NULL);

  if (self->own_fd && self->fd >= 0)
    close (self->fd);

  collect_returned (self);
  g_clear_pointer (&self->batch, batch_free);
  g_clear_pointer (&self->spare, g_ptr_array_unref);
  g_clear_pointer (&self->to_thread, g_async_queue_unref);
  g_clear_pointer (&self->from_thread, g_async_queue_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_error (&self->error);
  g_clear_error (&self->shared_error);
  g_free (self->path);
  g_free (self->display_name);
  g_mutex_clear (&self->mutex);

  for (guint i = 0; i < w->names->len; i++)
    g_free (g_array_index (w->names, SourceName, i).field);
  g_array_unref (w->names);
  g_free (w->out);
  g_free (w->order);

  G_OBJECT_CLASS (bench_session_writer_parent_class)->finalize (object);
}

static void
bench_session_writer_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  BenchSessionWriter *self = BENCH_SESSION_WRITER (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;

    case PROP_ROWS_WRITTEN:
      g_value_set_uint64 (value, self->rows_written);
      break;

    case PROP_BYTES_WRITTEN:
      g_value_set_uint64 (value, self->bytes_written);
      break;

    case PROP_ROWS_DROPPED:
      g_value_set_uint64 (value, self->rows_dropped);
      break;

    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    case PROP_FORMAT:
      g_value_set_enum (value, self->format);
      break;

    case PROP_MAX_PENDING:
      g_value_set_uint64 (value, self->max_pending);
      break;

    case PROP_MAX_RX_ROWS:
      g_value_set_uint64 (value, self->max_rx_rows);
      break;
    case PROP_CONGESTED:
      g_value_set_boolean (value, self->congested);
      break;


    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bench_session_writer_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  BenchSessionWriter *self = BENCH_SESSION_WRITER (object);

  switch (prop_id)
    {
    case PROP_MAX_PENDING:
      bench_session_writer_set_max_pending (self, (gsize) MIN (g_value_get_uint64 (value), G_MAXSIZE));
      break;

    case PROP_MAX_RX_ROWS:
      bench_session_writer_set_max_rx_rows (self, g_value_get_uint64 (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bench_session_writer_class_init (BenchSessionWriterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bench_session_writer_dispose;
  object_class->finalize = bench_session_writer_finalize;
  object_class->get_property = bench_session_writer_get_property;
  object_class->set_property = bench_session_writer_set_property;

  properties [PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       BENCH_TYPE_WRITER_STATE,
                       BENCH_WRITER_RUNNING,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /* The GError that stopped the writer, or NULL. */
  properties [PROP_ERROR] =
    g_param_spec_boxed ("error", NULL, NULL,
                        G_TYPE_ERROR,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /* Counted when the rows have reached the file; notified as the writer
   * thread reports, at most once per batch. */
  properties [PROP_ROWS_WRITTEN] =
    g_param_spec_uint64 ("rows-written", NULL, NULL,
                         0, G_MAXUINT64, 0,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_BYTES_WRITTEN] =
    g_param_spec_uint64 ("bytes-written", NULL, NULL,
                         0, G_MAXUINT64, 0,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /* Rows not logged because :max-pending was reached. The getter is exact;
   * the notification comes at most every 100 ms. */
  properties [PROP_ROWS_DROPPED] =
    g_param_spec_uint64 ("rows-dropped", NULL, NULL,
                         0, G_MAXUINT64, 0,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /* NULL when writing to a descriptor. */
  properties [PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_FORMAT] =
    g_param_spec_enum ("format", NULL, NULL,
                       BENCH_TYPE_LOG_FORMAT,
                       BENCH_LOG_TEXT,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_MAX_PENDING] =
    g_param_spec_uint64 ("max-pending", NULL, NULL,
                         1, G_MAXUINT64, BENCH_SESSION_WRITER_DEFAULT_MAX_PENDING,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_MAX_RX_ROWS] =
    g_param_spec_uint64 ("max-rx-rows", NULL, NULL,
                         0, G_MAXUINT64, 0,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /* TRUE while half of :max-pending or more is in flight, until an eighth
   * is left: devices that can wait should stop reading meanwhile. */
  properties [PROP_CONGESTED] =
    g_param_spec_boolean ("congested", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Emitted once, on the main context, when :max-rx-rows rx rows were taken. */
  signals [LIMIT_REACHED] =
    g_signal_new ("limit-reached",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 0);
}

static void
bench_session_writer_init (BenchSessionWriter *self)
{
  self->fd = -1;
  self->state = BENCH_WRITER_RUNNING;
  self->max_pending = BENCH_SESSION_WRITER_DEFAULT_MAX_PENDING;
  self->handover_size = HANDOVER_SIZE;
  self->batch = batch_new ();
  self->spare = g_ptr_array_new_with_free_func ((GDestroyNotify) batch_free);
  self->to_thread = g_async_queue_new ();
  self->from_thread = g_async_queue_new ();
  self->context = g_main_context_ref_thread_default ();
  g_mutex_init (&self->mutex);

  self->tick = g_source_new (&tick_funcs, sizeof (GSource));
  g_source_set_static_name (self->tick, "[benchtop] session writer tick");
  g_source_set_callback (self->tick, bench_session_writer_tick_cb, self, NULL);
  g_source_set_ready_time (self->tick, -1);
  g_source_attach (self->tick, self->context);

  self->w.names = g_array_new (FALSE, FALSE, sizeof (SourceName));
  self->w.out_cap = OUT_INITIAL;
  self->w.out = g_malloc (self->w.out_cap);
  self->w.time_cache = (TimeCache) TIME_CACHE_INIT;
}

static BenchSessionWriter *
bench_session_writer_start (int             fd,
                            gboolean        own_fd,
                            const char     *path,
                            BenchLogFormat  format,
                            gint64          start_mono)
{
  BenchSessionWriter *self = g_object_new (BENCH_TYPE_SESSION_WRITER, NULL);
  struct stat st;

  self->fd = fd;
  self->own_fd = own_fd;
  self->format = format;
  self->start_mono = start_mono;
  self->path = g_strdup (path);
  if (path != NULL)
    self->display_name = g_strdup_printf ("“%s”", path);
  else if (fd == STDOUT_FILENO)
    self->display_name = g_strdup ("standard output");
  else
    self->display_name = g_strdup_printf ("file descriptor %d", fd);
  self->is_regular = fstat (fd, &st) == 0 && S_ISREG (st.st_mode);
  self->w.page_size = MAX (sysconf (_SC_PAGESIZE), 512);
  if (self->is_regular)
    {
      int flags = fcntl (fd, F_GETFL);
      off_t offset = lseek (fd, 0, (flags >= 0 && (flags & O_APPEND)) ? SEEK_END : SEEK_CUR);

      self->w.page_offset = offset > 0 ? (guint64) offset % self->w.page_size : 0;
    }

  /* source 0 is Benchtop itself, for events; the thread does not run yet */
  writer_add_source (self, "benchtop");
  self->n_sources = 1;
  self->batch->first_source = 1;

  self->thread = g_thread_new ("benchtop-log", bench_session_writer_thread, self);

  return self;
}

/* ------------------------------------------------------------------------ */
/* Public API                                                               */
/* ------------------------------------------------------------------------ */

BenchSessionWriter *
bench_session_writer_new_for_path (const char      *path,
                                   BenchLogFormat   format,
                                   gint64           start_mono,
                                   GError         **error)
{
  int fd;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* O_NONBLOCK: a FIFO nobody reads fails (ENXIO) instead of blocking the
   * main loop; writes block again, on the writer thread */
  fd = open (path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOCTTY | O_NONBLOCK, 0666);
  if (fd < 0 || fcntl (fd, F_SETFL, fcntl (fd, F_GETFL) & ~O_NONBLOCK) != 0)
    {
      int errsv = errno;
      struct stat st;

      bench_clear_fd (&fd);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                   "Cannot create the log file “%s”: %s", path,
                   errsv == ENXIO && stat (path, &st) == 0 && S_ISFIFO (st.st_mode)
                   ? "it is a FIFO that no program reads" : g_strerror (errsv));
      return NULL;
    }

  return bench_session_writer_start (fd, TRUE, path, format, start_mono);
}

BenchSessionWriter *
bench_session_writer_new_for_fd (int             fd,
                                 gboolean        close_fd,
                                 BenchLogFormat  format,
                                 gint64          start_mono)
{
  g_return_val_if_fail (fd >= 0, NULL);

  return bench_session_writer_start (fd, close_fd, NULL, format, start_mono);
}

guint
bench_session_writer_add_source (BenchSessionWriter *self,
                                 const char         *name)
{
  g_return_val_if_fail (BENCH_IS_SESSION_WRITER (self), 0);
  g_return_val_if_fail (name != NULL, 0);

  /* the batch carries the name to the thread, ahead of the rows using it */
  g_ptr_array_add (self->batch->sources, g_strdup (name));

  return self->n_sources++;
}

void
bench_session_writer_append (BenchSessionWriter *self,
                             guint               source,
                             const BenchRow     *row)
{
  gsize cost;

  g_return_if_fail (BENCH_IS_SESSION_WRITER (self));
  g_return_if_fail (row != NULL);
  g_return_if_fail (source < self->n_sources);
  g_return_if_fail (row->text != NULL || row->len == 0);

  if (G_UNLIKELY (self->state != BENCH_WRITER_RUNNING || self->closing))
    return;

  if (row->direction == BENCH_DIRECTION_RX && self->max_rx_rows != 0 &&
      self->rx_rows >= self->max_rx_rows)
    return;

  cost = row_cost (row->len);
  if (G_UNLIKELY (self->dropping || self->queued + self->batch->cost + cost > self->max_pending))
    {
      /* the thread may have given batches back since */
      collect_returned (self);
      maybe_resume (self);
      if (self->dropping || self->queued + self->batch->cost + cost > self->max_pending)
        {
          drop_row (self);
          return;
        }
    }

  push_row (self, source, row->direction, row->flags, row->mono_us, row->wall_us,
            row->text, row->len);
  if (G_UNLIKELY (!self->congested && self->queued + self->batch->cost >= self->max_pending / 2))
    update_congestion (self);

  if (row->direction == BENCH_DIRECTION_RX)
    {
      self->rx_rows++;
      check_rx_limit (self);
    }
}

void
bench_session_writer_append_event (BenchSessionWriter *self,
                                   BenchRowFlags       flags,
                                   const char         *text)
{
  BenchRow row = { 0 };

  g_return_if_fail (BENCH_IS_SESSION_WRITER (self));
  g_return_if_fail (text != NULL);

  row.mono_us = bench_now_mono ();
  row.wall_us = bench_now_wall ();
  row.text = (const guint8 *) text;
  row.len = strlen (text);
  row.direction = BENCH_DIRECTION_EVENT;
  row.flags = flags;

  bench_session_writer_append (self, BENCHTOP_SOURCE, &row);
}

void
bench_session_writer_flush (BenchSessionWriter *self)
{
  g_return_if_fail (BENCH_IS_SESSION_WRITER (self));

  if (self->closing || self->thread == NULL)
    return;

  maybe_resume (self);
  hand_over (self);
}

gboolean
bench_session_writer_close (BenchSessionWriter  *self,
                            GError             **error)
{
  g_return_val_if_fail (BENCH_IS_SESSION_WRITER (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  stop_thread (self);

  if (self->error != NULL)
    {
      g_propagate_error (error, g_error_copy (self->error));
      return FALSE;
    }

  return TRUE;
}

void
bench_session_writer_close_async (BenchSessionWriter  *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (BENCH_IS_SESSION_WRITER (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bench_session_writer_close_async);

  if (self->thread == NULL)
    {
      if (self->error != NULL)
        g_task_return_error (task, g_error_copy (self->error));
      else
        g_task_return_boolean (task, TRUE);
      return;
    }

  if (self->close_task != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING,
                               "The log %s is being closed already", self->display_name);
      return;
    }

  /* The thread reports its exit through the wake source; the close
   * completes there (finish_close), without blocking the main loop. A
   * cancelled close still writes everything; the task then reports
   * G_IO_ERROR_CANCELLED. */
  self->close_task = g_steal_pointer (&task);
  if (!self->closing)
    send_final (self);
}

gboolean
bench_session_writer_close_finish (BenchSessionWriter  *self,
                                   GAsyncResult        *result,
                                   GError             **error)
{
  g_return_val_if_fail (BENCH_IS_SESSION_WRITER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

BenchLogFormat
bench_session_writer_get_format (BenchSessionWriter *self)
{
  g_return_val_if_fail (BENCH_IS_SESSION_WRITER (self), BENCH_LOG_TEXT);

  return self->format;
}

const char *
bench_session_writer_get_path (BenchSessionWriter *self)
{
  g_return_val_if_fail (BENCH_IS_SESSION_WRITER (self), NULL);

  return self->path;
}

BenchWriterState
bench_session_writer_get_state (BenchSessionWriter *self)
{
  g_return_val_if_fail (BENCH_IS_SESSION_WRITER (self), BENCH_WRITER_FAILED);

  return self->state;
}

const GError *
bench_session_writer_get_error (BenchSessionWriter *self)
{
  g_return_val_if_fail (BENCH_IS_SESSION_WRITER (self), NULL);

  return self->error;
}

guint64
bench_session_writer_get_rows_written (BenchSessionWriter *self)
{
  g_return_val_if_fail (BENCH_IS_SESSION_WRITER (self), 0);

  return self->rows_written;
}

guint64
bench_session_writer_get_bytes_written (BenchSessionWriter *self)
{
  g_return_val_if_fail (BENCH_IS_SESSION_WRITER (self), 0);

  return self->bytes_written;
}

guint64
bench_session_writer_get_rows_dropped (BenchSessionWriter *self)
{
  g_return_val_if_fail (BENCH_IS_SESSION_WRITER (self), 0);

  return self->rows_dropped;
}

guint64
bench_session_writer_get_max_rx_rows (BenchSessionWriter *self)
{
  g_return_val_if_fail (BENCH_IS_SESSION_WRITER (self), 0);

  return self->max_rx_rows;
}

void
bench_session_writer_set_max_rx_rows (BenchSessionWriter *self,
                                      guint64             max)
{
  g_return_if_fail (BENCH_IS_SESSION_WRITER (self));

  if (self->max_rx_rows == max)
    return;

  self->max_rx_rows = max;
  check_rx_limit (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_MAX_RX_ROWS]);
}

gboolean
bench_session_writer_get_congested (BenchSessionWriter *self)
{
  g_return_val_if_fail (BENCH_IS_SESSION_WRITER (self), FALSE);

  return self->congested;
}

gsize
bench_session_writer_get_max_pending (BenchSessionWriter *self)
{
  g_return_val_if_fail (BENCH_IS_SESSION_WRITER (self), 0);

  return self->max_pending;
}

void
bench_session_writer_set_max_pending (BenchSessionWriter *self,
                                      gsize               max_bytes)
{
  g_return_if_fail (BENCH_IS_SESSION_WRITER (self));
  g_return_if_fail (max_bytes > 0);

  if (self->max_pending == max_bytes)
    return;

  self->max_pending = max_bytes;
  /* hand batches over early enough that a small bound still holds several */
  self->handover_size = CLAMP (max_bytes / 4, 1, HANDOVER_SIZE);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_MAX_PENDING]);
}

/* ---- formatting helpers ---- */

void
bench_log_append_header (GString        *out,
                         BenchLogFormat  format)
{
  g_return_if_fail (out != NULL);

  if (format == BENCH_LOG_CSV)
    g_string_append_len (out, csv_header, sizeof csv_header - 1);
}

/* for the helpers below, which are called in loops by export */
static _Thread_local TimeCache helper_time_cache = TIME_CACHE_INIT;

void
bench_log_append_row (GString        *out,
                      BenchLogFormat  format,
                      const char     *name,
                      gint64          start_mono,
                      const BenchRow *row)
{
  g_autofree guint8 *heap_field = NULL;
  guint8 stack_field[256];
  guint8 *field = stack_field;
  gsize name_len, old_len;
  guint8 *end;

  g_return_if_fail (out != NULL);
  g_return_if_fail (name != NULL);
  g_return_if_fail (row != NULL);
  g_return_if_fail (row->text != NULL || row->len == 0);

  name_len = strlen (name);
  if (BENCH_ESCAPE_MAX_GROWTH * name_len + 3 > sizeof stack_field)
    field = heap_field = g_malloc (BENCH_ESCAPE_MAX_GROWTH * name_len + 3);
  end = put_field (field, format, (const guint8 *) name, name_len);
  name_len = end - field;

  old_len = out->len;
  g_string_set_size (out, old_len + row_max_size (name_len, row->len));
  end = put_row ((guint8 *) out->str + old_len, format, &helper_time_cache, field, name_len,
                 start_mono, row->mono_us, row->wall_us, row->direction,
                 row->text, row->len);
  g_string_truncate (out, end - (guint8 *) out->str);
}

void
bench_log_append_time (GString *out,
                       gint64   wall_us)
{
  gsize old_len;
  guint8 *end;

  g_return_if_fail (out != NULL);

  old_len = out->len;
  g_string_set_size (out, old_len + 48);
  end = put_time ((guint8 *) out->str + old_len, &helper_time_cache, wall_us);
  g_string_truncate (out, end - (guint8 *) out->str);
}

gboolean
bench_log_format_from_string (const char     *text,
                              BenchLogFormat *format)
{
  static const struct { const char *name; BenchLogFormat format; } names[] = {
    { "text",  BENCH_LOG_TEXT },
    { "csv",   BENCH_LOG_CSV },
    { "jsonl", BENCH_LOG_JSONL },
  };

  g_return_val_if_fail (format != NULL, FALSE);

  if (text == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      if (g_ascii_strcasecmp (text, names[i].name) == 0)
        {
          *format = names[i].format;
          return TRUE;
        }
    }

  return FALSE;
}

BenchLogFormat
bench_log_format_from_path (const char *path)
{
  const char *dot;

  g_return_val_if_fail (path != NULL, BENCH_LOG_TEXT);

  dot = strrchr (path, '.');
  if (dot == NULL || strchr (dot, G_DIR_SEPARATOR) != NULL)
    return BENCH_LOG_TEXT;

  if (g_ascii_strcasecmp (dot, ".csv") == 0)
    return BENCH_LOG_CSV;
  if (g_ascii_strcasecmp (dot, ".jsonl") == 0 ||
      g_ascii_strcasecmp (dot, ".json") == 0 ||
      g_ascii_strcasecmp (dot, ".ndjson") == 0)
    return BENCH_LOG_JSONL;

  return BENCH_LOG_TEXT;
}

const char *
bench_log_format_to_string (BenchLogFormat format)
{
  switch (format)
    {
    case BENCH_LOG_TEXT:
      return "text";
    case BENCH_LOG_CSV:
      return "csv";
    case BENCH_LOG_JSONL:
      return "jsonl";
    default:
      g_return_val_if_reached ("text");
    }
}
