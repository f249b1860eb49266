/* bench-journal.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Entries (8 bytes: slot and seq) live in a ring (a power of two, grown on demand up to the bound)
 * numbered like the row queue: [first, end) are held, of which
 * [first, visible_end) were announced by ::changed and the rest are
 * pending. What readers were told is kept as [visible_first, visible_end):
 * between flushes the bound may drop announced entries, and readers then
 * learn that an entry is gone from bench_journal_get_entry() returning FALSE
 * until the next ::changed removes it.
 */
#include "config.h"

#include <string.h>

#include "bench-journal.h"

#define MIN_RING_SIZE 1024

/* An entry is 8 bytes: the device's slot in the top bits, the row's seq
 * below. Its arrival time is read from the row when needed (sorting a
 * batch), so a million entries take 8 MB. */
typedef guint64 Entry;

#define SLOT_BITS 12
#define SEQ_BITS  (64 - SLOT_BITS)
#define MAX_SLOTS (1u << SLOT_BITS)
#define SEQ_MASK  ((G_GUINT64_CONSTANT (1) << SEQ_BITS) - 1)

static inline Entry
entry_pack (guint   slot,
            guint64 seq)
{
  return ((guint64) slot << SEQ_BITS) | (seq & SEQ_MASK);
}

static inline guint
entry_slot (Entry entry)
{
  return entry >> SEQ_BITS;
}

static inline guint64
entry_seq (Entry entry)
{
  return entry & SEQ_MASK;
}

typedef struct
{
  BenchRowSink  sink;
  BenchJournal *journal;
  BenchDevice  *device;   /* NULL: the slot is free */
  guint         slot;
} Slot;

struct _BenchJournal
{
  GObject     parent_instance;

  GListModel *devices;
  GPtrArray  *mirror;        /* BenchDevice*, the devices model as last seen */
  GPtrArray  *slots;         /* Slot* */

  Entry      *ring;
  gsize       ring_size;
  guint64     first;
  guint64     end;
  guint64     published_end;
  guint64     visible_first;
  guint64     visible_end;

  guint       max_entries;
  guint64     dropped;
  gboolean    has_pending;
};

G_DEFINE_FINAL_TYPE (BenchJournal, bench_journal, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_MAX_ENTRIES,
  PROP_HAS_PENDING,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static inline Entry *
entry_at (BenchJournal *self,
          guint64       number)
{
  return &self->ring[number & (self->ring_size - 1)];
}

static void
bench_journal_grow (BenchJournal *self)
{
  gsize new_size = self->ring_size ? self->ring_size * 2 : MIN_RING_SIZE;
  Entry *ring = g_new (Entry, new_size);

  for (guint64 n = self->first; n < self->end; n++)
    ring[n & (new_size - 1)] = *entry_at (self, n);

  g_free (self->ring);
  self->ring = ring;
  self->ring_size = new_size;
}

static void
bench_journal_set_has_pending (BenchJournal *self,
                               gboolean      has_pending)
{
  if (self->has_pending == has_pending)
    return;

  self->has_pending = has_pending;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_PENDING]);
}

static void
bench_journal_enforce_bound (BenchJournal *self)
{
  guint64 n = self->end - self->first;

  if (n <= self->max_entries)
    return;

  self->dropped += n - self->max_entries;
  self->first += n - self->max_entries;
  if (self->published_end < self->first)
    self->published_end = self->first;
}

static void
bench_journal_append (BenchJournal *self,
                      guint         slot,
                      guint64       seq)
{
  if (self->end - self->first >= self->ring_size)
    bench_journal_grow (self);

  *entry_at (self, self->end) = entry_pack (slot, seq);
  self->end++;

  bench_journal_enforce_bound (self);
  bench_journal_set_has_pending (self, TRUE);
}

static void
slot_row (BenchRowSink   *sink,
          BenchDevice    *device,
          const BenchRow *row)
{
  Slot *slot = (Slot *) sink;

  bench_journal_append (slot->journal, slot->slot, row->seq);
}

/* Slots */

static Slot *
bench_journal_find_slot (BenchJournal *self,
                         BenchDevice  *device)
{
  for (guint i = 0; i < self->slots->len; i++)
    {
      Slot *slot = g_ptr_array_index (self->slots, i);

      if (slot->device == device)
        return slot;
    }

  return NULL;
}

static void
slot_free (gpointer data)
{
  Slot *slot = data;

  if (slot->device != NULL)
    {
      bench_device_remove_sink (slot->device, &slot->sink);
      g_clear_object (&slot->device);
    }
  g_free (slot);
}

void
bench_journal_attach (BenchJournal *self,
                      BenchDevice  *device)
{
  Slot *slot;

  g_return_if_fail (BENCH_IS_JOURNAL (self));
  g_return_if_fail (BENCH_IS_DEVICE (device));

  if (bench_journal_find_slot (self, device) != NULL)
    return;

  /* the lowest free slot, so colours are reused */
  slot = bench_journal_find_slot (self, NULL);
  if (slot == NULL && self->slots->len >= MAX_SLOTS)
    {
      g_warning ("More than %u devices: %s is not in the journal", MAX_SLOTS, bench_device_get_name (device));
      return;
    }
  if (slot == NULL)
    {
      slot = g_new0 (Slot, 1);
      slot->slot = self->slots->len;
      slot->journal = self;
      slot->sink.row = slot_row;
      g_ptr_array_add (self->slots, slot);
    }

  slot->device = g_object_ref (device);
  bench_device_add_sink (device, &slot->sink);
}

void
bench_journal_detach (BenchJournal *self,
                      BenchDevice  *device)
{
  Slot *slot;
  guint64 out;
  guint old_n, new_n;

  g_return_if_fail (BENCH_IS_JOURNAL (self));
  g_return_if_fail (BENCH_IS_DEVICE (device));

  slot = bench_journal_find_slot (self, device);
  if (slot == NULL)
    return;

  /* Announce what is pending first, then forget the device's entries. */
  bench_journal_flush (self);

  bench_device_remove_sink (slot->device, &slot->sink);
  g_clear_object (&slot->device);

  out = self->first;
  for (guint64 n = self->first; n < self->end; n++)
    {
      Entry entry = *entry_at (self, n);

      if (entry_slot (entry) != slot->slot)
        *entry_at (self, out++) = entry;
    }

  if (out == self->end)
    return;

  old_n = self->visible_end - self->visible_first;
  self->end = out;
  self->published_end = out;
  self->visible_first = self->first;
  self->visible_end = self->end;
  new_n = self->end - self->first;

  /* entries were renumbered: a reset */
  g_signal_emit (self, signals[CHANGED], 0, old_n, new_n);
}

int
bench_journal_get_slot (BenchJournal *self,
                        BenchDevice  *device)
{
  Slot *slot;

  g_return_val_if_fail (BENCH_IS_JOURNAL (self), -1);

  slot = device ? bench_journal_find_slot (self, device) : NULL;

  return slot ? (int) slot->slot : -1;
}

static void
bench_journal_devices_changed_cb (BenchJournal *self,
                                  guint         position,
                                  guint         removed,
                                  guint         added,
                                  GListModel   *model)
{
  g_autoptr(GPtrArray) gone = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < removed; i++)
    g_ptr_array_add (gone, g_object_ref (g_ptr_array_index (self->mirror, position + i)));
  g_ptr_array_remove_range (self->mirror, position, removed);

  for (guint i = 0; i < added; i++)
    {
      BenchDevice *device = g_list_model_get_item (model, position + i);

      g_ptr_array_insert (self->mirror, position + i, device);
    }

  for (guint i = 0; i < gone->len; i++)
    {
      BenchDevice *device = g_ptr_array_index (gone, i);
      guint found;

      /* moved, not removed */
      if (!g_ptr_array_find (self->mirror, device, &found))
        bench_journal_detach (self, device);
    }

  for (guint i = 0; i < added; i++)
    bench_journal_attach (self, g_ptr_array_index (self->mirror, position + i));
}

/* Reading */

guint64
bench_journal_get_first (BenchJournal *self)
{
  g_return_val_if_fail (BENCH_IS_JOURNAL (self), 0);

  return self->visible_first;
}

guint64
bench_journal_get_end (BenchJournal *self)
{
  g_return_val_if_fail (BENCH_IS_JOURNAL (self), 0);

  return self->visible_end;
}

guint
bench_journal_get_n_entries (BenchJournal *self)
{
  g_return_val_if_fail (BENCH_IS_JOURNAL (self), 0);

  return self->visible_end - self->visible_first;
}

gboolean
bench_journal_get_entry (BenchJournal  *self,
                         guint64        number,
                         BenchDevice  **device,
                         guint         *slot,
                         guint64       *seq,
                         gint64        *mono_us)
{
  Entry entry;
  Slot *s;

  g_return_val_if_fail (BENCH_IS_JOURNAL (self), FALSE);

  if (number < self->first || number < self->visible_first || number >= self->visible_end)
    return FALSE;

  entry = *entry_at (self, number);
  s = g_ptr_array_index (self->slots, entry_slot (entry));
  if (s->device == NULL)
    return FALSE;

  if (device != NULL)
    *device = s->device;
  if (slot != NULL)
    *slot = entry_slot (entry);
  if (seq != NULL)
    *seq = entry_seq (entry);
  if (mono_us != NULL)
    {
      BenchRow row;

      /* from the row; 0 once its device dropped it */
      *mono_us = bench_row_queue_get (bench_device_get_queue (s->device), entry_seq (entry), &row) ? row.mono_us : 0;
    }

  return TRUE;
}

gboolean
bench_journal_get_row (BenchJournal  *self,
                       guint64        number,
                       BenchDevice  **device,
                       guint         *slot,
                       BenchRow      *row)
{
  BenchDevice *dev = NULL;
  guint64 seq;

  g_return_val_if_fail (BENCH_IS_JOURNAL (self), FALSE);
  g_return_val_if_fail (row != NULL, FALSE);

  if (!bench_journal_get_entry (self, number, &dev, slot, &seq, NULL))
    return FALSE;
  if (device != NULL)
    *device = dev;

  return bench_row_queue_get (bench_device_get_queue (dev), seq, row);
}

gboolean
bench_journal_get_has_pending (BenchJournal *self)
{
  g_return_val_if_fail (BENCH_IS_JOURNAL (self), FALSE);

  return self->has_pending;
}

guint64
bench_journal_get_dropped (BenchJournal *self)
{
  g_return_val_if_fail (BENCH_IS_JOURNAL (self), 0);

  return self->dropped;
}

/* Publishing */

typedef struct
{
  gint64 mono_us;
  Entry  entry;
} Keyed;

static int
compare_keyed (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  const Keyed *ka = a;
  const Keyed *kb = b;

  return (ka->mono_us > kb->mono_us) - (ka->mono_us < kb->mono_us);
}

static gint64
bench_journal_entry_mono (BenchJournal *self,
                          Entry         entry)
{
  Slot *slot = g_ptr_array_index (self->slots, entry_slot (entry));
  BenchRow row;

  if (slot->device == NULL ||
      !bench_row_queue_get (bench_device_get_queue (slot->device), entry_seq (entry), &row))
    return G_MININT64;

  return row.mono_us;
}

/* Sorts the pending entries by arrival time. g_qsort_with_data() is a merge
 * sort, hence stable: rows of one device keep their order. A batch from
 * one device (the usual case) is in order already. */
static void
bench_journal_sort_pending (BenchJournal *self)
{
  guint64 start = MAX (self->published_end, self->first);
  guint64 n = self->end - start;
  gboolean one_device = TRUE;
  gboolean sorted = TRUE;
  g_autofree Keyed *tmp = NULL;

  if (n < 2)
    return;

  for (guint64 i = start + 1; i < self->end && one_device; i++)
    one_device = entry_slot (*entry_at (self, i)) == entry_slot (*entry_at (self, start));
  if (one_device)
    return;

  tmp = g_new (Keyed, n);
  for (guint64 i = 0; i < n; i++)
    {
      tmp[i].entry = *entry_at (self, start + i);
      tmp[i].mono_us = bench_journal_entry_mono (self, tmp[i].entry);
      if (i > 0 && tmp[i].mono_us < tmp[i - 1].mono_us)
        sorted = FALSE;
    }
  if (sorted)
    return;

  g_qsort_with_data (tmp, n, sizeof (Keyed), compare_keyed, NULL);
  for (guint64 i = 0; i < n; i++)
    *entry_at (self, start + i) = tmp[i].entry;
}

static gboolean
bench_journal_entry_gone (BenchJournal *self,
                          guint64       number)
{
  Entry entry = *entry_at (self, number);
  Slot *slot = g_ptr_array_index (self->slots, entry_slot (entry));

  return slot->device == NULL ||
         entry_seq (entry) < bench_row_queue_get_first_seq (bench_device_get_queue (slot->device));
}

void
bench_journal_flush (BenchJournal *self)
{
  guint64 old_first, old_end;
  guint removed, added;

  g_return_if_fail (BENCH_IS_JOURNAL (self));

  bench_journal_sort_pending (self);
  self->published_end = self->end;
  bench_journal_set_has_pending (self, FALSE);

  /* rows their devices no longer hold, at the front */
  while (self->first < self->end && bench_journal_entry_gone (self, self->first))
    self->first++;
  self->published_end = MAX (self->published_end, self->first);

  old_first = self->visible_first;
  old_end = self->visible_end;
  removed = CLAMP (self->first, old_first, old_end) - old_first;
  added = self->end - MAX (self->first, old_end);

  self->visible_first = self->first;
  self->visible_end = self->end;

  if (removed > 0 || added > 0)
    g_signal_emit (self, signals[CHANGED], 0, removed, added);
}

guint
bench_journal_get_max_entries (BenchJournal *self)
{
  g_return_val_if_fail (BENCH_IS_JOURNAL (self), 0);

  return self->max_entries;
}

void
bench_journal_set_max_entries (BenchJournal *self,
                               guint         max_entries)
{
  g_return_if_fail (BENCH_IS_JOURNAL (self));
  g_return_if_fail (max_entries > 0);

  if (self->max_entries == max_entries)
    return;

  self->max_entries = max_entries;
  bench_journal_enforce_bound (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_ENTRIES]);
}

/* GObject */

static void
bench_journal_dispose (GObject *object)
{
  BenchJournal *self = (BenchJournal *) object;

  if (self->devices != NULL)
    g_signal_handlers_disconnect_by_data (self->devices, self);
  g_clear_object (&self->devices);
  if (self->mirror != NULL)
    g_ptr_array_set_size (self->mirror, 0);
  if (self->slots != NULL)
    g_ptr_array_set_size (self->slots, 0);

  G_OBJECT_CLASS (bench_journal_parent_class)->dispose (object);
}

static void
bench_journal_finalize (GObject *object)
{
  BenchJournal *self = (BenchJournal *) object;

  g_clear_pointer (&self->mirror, g_ptr_array_unref);
  g_clear_pointer (&self->slots, g_ptr_array_unref);
  g_clear_pointer (&self->ring, g_free);

  G_OBJECT_CLASS (bench_journal_parent_class)->finalize (object);
}

static void
bench_journal_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  BenchJournal *self = BENCH_JOURNAL (object);

  switch (prop_id)
    {
    case PROP_MAX_ENTRIES:
      g_value_set_uint (value, self->max_entries);
      break;
    case PROP_HAS_PENDING:
      g_value_set_boolean (value, self->has_pending);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bench_journal_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  BenchJournal *self = BENCH_JOURNAL (object);

  switch (prop_id)
    {
    case PROP_MAX_ENTRIES:
      bench_journal_set_max_entries (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bench_journal_class_init (BenchJournalClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bench_journal_dispose;
  object_class->finalize = bench_journal_finalize;
  object_class->get_property = bench_journal_get_property;
  object_class->set_property = bench_journal_set_property;

  properties[PROP_MAX_ENTRIES] =
    g_param_spec_uint ("max-entries", NULL, NULL,
                       1, G_MAXUINT, BENCH_JOURNAL_DEFAULT_MAX_ENTRIES,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HAS_PENDING] =
    g_param_spec_boolean ("has-pending", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * BenchJournal::changed:
   * @removed: entries dropped at the front since the last emission
   * @added: entries published at the end
   *
   * Like BenchRowQueue::changed. After a detach, @removed is every entry
   * announced before and @added every entry held now (a reset).
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);
}

static void
bench_journal_init (BenchJournal *self)
{
  self->mirror = g_ptr_array_new_with_free_func (g_object_unref);
  self->slots = g_ptr_array_new_with_free_func (slot_free);
  self->max_entries = BENCH_JOURNAL_DEFAULT_MAX_ENTRIES;
}

BenchJournal *
bench_journal_new (GListModel *devices,
                   guint       max_entries)
{
  BenchJournal *self;

  g_return_val_if_fail (devices == NULL || G_IS_LIST_MODEL (devices), NULL);

  self = g_object_new (BENCH_TYPE_JOURNAL, "max-entries", MAX (max_entries, 1), NULL);

  if (devices != NULL)
    {
      guint n = g_list_model_get_n_items (devices);

      self->devices = g_object_ref (devices);
      g_signal_connect_object (devices, "items-changed",
                               G_CALLBACK (bench_journal_devices_changed_cb),
                               self, G_CONNECT_SWAPPED);
      bench_journal_devices_changed_cb (self, 0, 0, n, devices);
    }

  return self;
}
