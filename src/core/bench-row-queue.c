/* bench-row-queue.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Storage: text goes into chunks of CHUNK_SIZE bytes (a longer row gets a
 * chunk of its own); the index is a ring of 32-byte entries. Rows are only
 * ever appended at the end and dropped at the front, so a chunk is freed
 * when its last row is dropped.
 */
#include "config.h"

#include <string.h>

#include "bench-row-queue.h"

#define CHUNK_SIZE     (1024 * 1024)
#define MIN_RING_SIZE  1024

typedef struct
{
  gsize   size;
  gsize   used;
  guint64 last_seq;    /* seq of the last row stored here */
  guint8  data[];
} Chunk;

typedef struct
{
  gint64        mono_us;
  gint64        wall_us;
  const guint8 *text;
  guint32       len;
  guint8        direction;
  guint8        flags;
} Entry;

struct _BenchRowQueue
{
  GObject  parent_instance;

  Entry   *ring;
  gsize    ring_size;   /* a power of two */
  guint64  first_seq;
  guint64  end_seq;

  GQueue   chunks;      /* of Chunk*, oldest first */
  gsize    n_bytes;     /* bytes of chunk storage held */

  guint    max_rows;
  gsize    max_bytes;
  guint64  dropped;

  /* pending change, for ::changed */
  guint    pending_removed;
  guint    pending_added;
};

G_DEFINE_FINAL_TYPE (BenchRowQueue, bench_row_queue, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_MAX_ROWS,
  PROP_MAX_BYTES,
  PROP_N_ROWS,
  PROP_DROPPED,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static inline Entry *
entry_for_seq (BenchRowQueue *self,
               guint64        seq)
{
  return &self->ring[seq & (self->ring_size - 1)];
}

static void
bench_row_queue_grow_ring (BenchRowQueue *self)
{
  gsize new_size = self->ring_size ? self->ring_size * 2 : MIN_RING_SIZE;
  Entry *ring = g_new (Entry, new_size);

  for (guint64 seq = self->first_seq; seq < self->end_seq; seq++)
    ring[seq & (new_size - 1)] = *entry_for_seq (self, seq);

  g_free (self->ring);
  self->ring = ring;
  self->ring_size = new_size;
}

static void
bench_row_queue_drop_front (BenchRowQueue *self,
                            guint64        count,
                            gboolean       counted)
{
  Chunk *chunk;

  g_assert (count <= self->end_seq - self->first_seq);

  self->first_seq += count;
  self->pending_removed += count;
  if (counted)
    self->dropped += count;

  while ((chunk = g_queue_peek_head (&self->chunks)) != NULL &&
         (chunk->last_seq < self->first_seq || self->first_seq == self->end_seq))
    {
      g_queue_pop_head (&self->chunks);
      self->n_bytes -= chunk->size;
      g_free (chunk);
    }
}

static void
bench_row_queue_enforce_bounds (BenchRowQueue *self)
{
  guint64 n_rows = self->end_seq - self->first_seq;

  if (n_rows > self->max_rows)
    bench_row_queue_drop_front (self, n_rows - self->max_rows, TRUE);

  /* Drop whole chunks' worth of rows until under the byte bound, but never
   * the chunk being filled. */
  while (self->n_bytes > self->max_bytes && self->chunks.length > 1)
    {
      Chunk *head = g_queue_peek_head (&self->chunks);

      bench_row_queue_drop_front (self, head->last_seq + 1 - self->first_seq, TRUE);
    }
}

static guint8 *
bench_row_queue_reserve (BenchRowQueue *self,
                         gsize          len,
                         guint64        seq)
{
  Chunk *tail = g_queue_peek_tail (&self->chunks);
  guint8 *p;

  if (tail == NULL || tail->size - tail->used < len)
    {
      gsize size = MAX (CHUNK_SIZE, len);

      tail = g_malloc (sizeof (Chunk) + size);
      tail->size = size;
      tail->used = 0;
      tail->last_seq = seq;
      g_queue_push_tail (&self->chunks, tail);
      self->n_bytes += size;
    }

  p = tail->data + tail->used;
  tail->used += len;
  tail->last_seq = seq;

  return p;
}

guint64
bench_row_queue_append (BenchRowQueue  *self,
                        BenchDirection  direction,
                        BenchRowFlags   flags,
                        gint64          mono_us,
                        gint64          wall_us,
                        const guint8   *text,
                        gsize           len)
{
  guint64 seq;
  Entry *entry;

  g_return_val_if_fail (BENCH_IS_ROW_QUEUE (self), 0);
  g_return_val_if_fail (text != NULL || len == 0, 0);
  g_return_val_if_fail (len <= G_MAXUINT32, 0);

  if (self->end_seq - self->first_seq >= self->ring_size)
    bench_row_queue_grow_ring (self);

  seq = self->end_seq;
  entry = entry_for_seq (self, seq);
  entry->mono_us = mono_us;
  entry->wall_us = wall_us;
  entry->len = len;
  entry->direction = direction;
  entry->flags = flags;
  if (len > 0)
    {
      guint8 *p = bench_row_queue_reserve (self, len, seq);

      memcpy (p, text, len);
      entry->text = p;
    }
  else
    entry->text = NULL;

  self->end_seq++;
  self->pending_added++;

  bench_row_queue_enforce_bounds (self);

  return seq;
}

gboolean
bench_row_queue_get (BenchRowQueue *self,
                     guint64        seq,
                     BenchRow      *row)
{
  const Entry *entry;

  g_return_val_if_fail (BENCH_IS_ROW_QUEUE (self), FALSE);
  g_return_val_if_fail (row != NULL, FALSE);

  if (seq < self->first_seq || seq >= self->end_seq)
    return FALSE;

  entry = entry_for_seq (self, seq);
  row->seq = seq;
  row->mono_us = entry->mono_us;
  row->wall_us = entry->wall_us;
  row->text = entry->text ? entry->text : (const guint8 *) "";
  row->len = entry->len;
  row->direction = entry->direction;
  row->flags = entry->flags;

  return TRUE;
}

guint64
bench_row_queue_get_first_seq (BenchRowQueue *self)
{
  g_return_val_if_fail (BENCH_IS_ROW_QUEUE (self), 0);

  return self->first_seq;
}

guint64
bench_row_queue_get_end_seq (BenchRowQueue *self)
{
  g_return_val_if_fail (BENCH_IS_ROW_QUEUE (self), 0);

  return self->end_seq;
}

guint
bench_row_queue_get_n_rows (BenchRowQueue *self)
{
  g_return_val_if_fail (BENCH_IS_ROW_QUEUE (self), 0);

  return self->end_seq - self->first_seq;
}

gsize
bench_row_queue_get_n_bytes (BenchRowQueue *self)
{
  g_return_val_if_fail (BENCH_IS_ROW_QUEUE (self), 0);

  return self->n_bytes + self->ring_size * sizeof (Entry);
}

guint64
bench_row_queue_get_dropped (BenchRowQueue *self)
{
  g_return_val_if_fail (BENCH_IS_ROW_QUEUE (self), 0);

  return self->dropped;
}

guint
bench_row_queue_get_max_rows (BenchRowQueue *self)
{
  g_return_val_if_fail (BENCH_IS_ROW_QUEUE (self), 0);

  return self->max_rows;
}

void
bench_row_queue_set_max_rows (BenchRowQueue *self,
                              guint          max_rows)
{
  g_return_if_fail (BENCH_IS_ROW_QUEUE (self));
  g_return_if_fail (max_rows > 0);

  if (self->max_rows == max_rows)
    return;

  self->max_rows = max_rows;
  bench_row_queue_enforce_bounds (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_ROWS]);
  bench_row_queue_flush (self);
}

gsize
bench_row_queue_get_max_bytes (BenchRowQueue *self)
{
  g_return_val_if_fail (BENCH_IS_ROW_QUEUE (self), 0);

  return self->max_bytes;
}

void
bench_row_queue_set_max_bytes (BenchRowQueue *self,
                               gsize          max_bytes)
{
  g_return_if_fail (BENCH_IS_ROW_QUEUE (self));
  g_return_if_fail (max_bytes > 0);

  if (self->max_bytes == max_bytes)
    return;

  self->max_bytes = max_bytes;
  bench_row_queue_enforce_bounds (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_BYTES]);
  bench_row_queue_flush (self);
}

void
bench_row_queue_clear (BenchRowQueue *self)
{
  g_return_if_fail (BENCH_IS_ROW_QUEUE (self));

  if (self->first_seq == self->end_seq)
    return;

  bench_row_queue_drop_front (self, self->end_seq - self->first_seq, FALSE);
  bench_row_queue_flush (self);
}

void
bench_row_queue_flush (BenchRowQueue *self)
{
  guint removed, added, n_rows;
  guint64 dropped_before;

  g_return_if_fail (BENCH_IS_ROW_QUEUE (self));

  if (self->pending_removed == 0 && self->pending_added == 0)
    return;

  removed = self->pending_removed;
  added = self->pending_added;
  n_rows = self->end_seq - self->first_seq;

  /* Rows appended and dropped within the same batch were never seen. */
  if (removed > 0 && added > 0)
    {
      guint old_n = n_rows + removed - added;

      if (removed > old_n)
        {
          guint unseen = removed - old_n;

          removed -= unseen;
          added -= unseen;
        }
    }

  self->pending_removed = 0;
  self->pending_added = 0;

  dropped_before = self->dropped;
  g_signal_emit (self, signals[CHANGED], 0, removed, added);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ROWS]);
  if (dropped_before > 0 && removed > 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DROPPED]);
}

guint64
bench_row_queue_find_mono (BenchRowQueue *self,
                           gint64         mono_us)
{
  guint64 lo, hi;

  g_return_val_if_fail (BENCH_IS_ROW_QUEUE (self), 0);

  lo = self->first_seq;
  hi = self->end_seq;
  while (lo < hi)
    {
      guint64 mid = lo + (hi - lo) / 2;

      if (entry_for_seq (self, mid)->mono_us < mono_us)
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo;
}

static void
bench_row_queue_finalize (GObject *object)
{
  BenchRowQueue *self = (BenchRowQueue *) object;
  Chunk *chunk;

  while ((chunk = g_queue_pop_head (&self->chunks)) != NULL)
    g_free (chunk);
  g_clear_pointer (&self->ring, g_free);

  G_OBJECT_CLASS (bench_row_queue_parent_class)->finalize (object);
}

static void
bench_row_queue_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  BenchRowQueue *self = BENCH_ROW_QUEUE (object);

  switch (prop_id)
    {
    case PROP_MAX_ROWS:
      g_value_set_uint (value, self->max_rows);
      break;

    case PROP_MAX_BYTES:
      g_value_set_uint64 (value, self->max_bytes);
      break;

    case PROP_N_ROWS:
      g_value_set_uint (value, bench_row_queue_get_n_rows (self));
      break;

    case PROP_DROPPED:
      g_value_set_uint64 (value, self->dropped);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bench_row_queue_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  BenchRowQueue *self = BENCH_ROW_QUEUE (object);

  switch (prop_id)
    {
    case PROP_MAX_ROWS:
      bench_row_queue_set_max_rows (self, g_value_get_uint (value));
      break;

    case PROP_MAX_BYTES:
      bench_row_queue_set_max_bytes (self, g_value_get_uint64 (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bench_row_queue_class_init (BenchRowQueueClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bench_row_queue_finalize;
  object_class->get_property = bench_row_queue_get_property;
  object_class->set_property = bench_row_queue_set_property;

  properties[PROP_MAX_ROWS] =
    g_param_spec_uint ("max-rows", NULL, NULL,
                       1, G_MAXUINT, BENCH_ROW_QUEUE_DEFAULT_MAX_ROWS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MAX_BYTES] =
    g_param_spec_uint64 ("max-bytes", NULL, NULL,
                         1, G_MAXUINT64, BENCH_ROW_QUEUE_DEFAULT_MAX_BYTES,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ROWS] =
    g_param_spec_uint ("n-rows", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DROPPED] =
    g_param_spec_uint64 ("dropped", NULL, NULL,
                         0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * BenchRowQueue::changed:
   * @removed: rows dropped at the front since the last emission
   * @added: rows appended at the end since the last emission
   *
   * One emission per batch (bench_row_queue_flush()), in the shape of
   * GListModel::items-changed at the two ends.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);
}

static void
bench_row_queue_init (BenchRowQueue *self)
{
  self->max_rows = BENCH_ROW_QUEUE_DEFAULT_MAX_ROWS;
  self->max_bytes = BENCH_ROW_QUEUE_DEFAULT_MAX_BYTES;
  g_queue_init (&self->chunks);
}

BenchRowQueue *
bench_row_queue_new (guint max_rows,
                     gsize max_bytes)
{
  return g_object_new (BENCH_TYPE_ROW_QUEUE,
                       "max-rows", MAX (max_rows, 1),
                       "max-bytes", (guint64) MAX (max_bytes, 1),
                       NULL);
}
