/* bench-console-model.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Rows are addressed by their source number: the queue's seq, or the
 * journal's entry number. Unfiltered, the model shows the numbers
 * [shown_first, shown_end); filtered, the numbers in matches[head..].
 */
#include "config.h"

#include <string.h>
#include <time.h>

#include "bench-console-item.h"
#include "bench-console-model.h"
#include "bench-escape.h"

struct _BenchConsoleModel
{
  GObject        parent_instance;

  BenchDevice   *device;
  BenchRowQueue *queue;
  BenchJournal  *journal;
  gint64         start_mono;

  guint64        cleared_before;
  guint64        shown_first;
  guint64        shown_end;

  gboolean       filtering;
  GArray        *matches;     /* guint64 source numbers */
  guint          head;
  guint64        scan_cursor;
  char          *filter_text;
  char          *needle;      /* ASCII-lower-cased filter_text */
  gsize          needle_len;
  GString       *scratch;

  guint          max_items;   /* 0: from the source's bound */
  guint          n_items;     /* as last announced */

  guint          show_rx : 1;
  guint          show_tx : 1;
  guint          show_events : 1;
  guint          relative_time : 1;
  guint          hex : 1;
  guint          needs_flush : 1;
  guint          reset_pending : 1;
  guint          scanning : 1;
  guint          in_flush : 1;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (BenchConsoleModel, bench_console_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_DEVICE,
  PROP_JOURNAL,
  PROP_START_MONO,
  PROP_NEEDS_FLUSH,
  PROP_N_ITEMS,
  PROP_RELATIVE_TIME,
  PROP_HEX,
  PROP_FILTER_TEXT,
  PROP_SHOW_RX,
  PROP_SHOW_TX,
  PROP_SHOW_EVENTS,
  PROP_SCANNING,
  PROP_MAX_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The source */

static guint64
source_first (BenchConsoleModel *self)
{
  if (self->queue != NULL)
    return bench_row_queue_get_first_seq (self->queue);
  return bench_journal_get_first (self->journal);
}

static guint64
source_end (BenchConsoleModel *self)
{
  if (self->queue != NULL)
    return bench_row_queue_get_end_seq (self->queue);
  return bench_journal_get_end (self->journal);
}

static gboolean
source_get (BenchConsoleModel  *self,
            guint64             number,
            BenchRow           *row,
            BenchDevice       **device,
            int                *slot)
{
  if (self->queue != NULL)
    {
      *device = self->device;
      *slot = -1;
      return bench_row_queue_get (self->queue, number, row);
    }
  else
    {
      guint s;

      if (!bench_journal_get_row (self->journal, number, device, &s, row))
        return FALSE;
      *slot = s;
      return TRUE;
    }
}

static guint
bench_console_model_bound (BenchConsoleModel *self)
{
  guint source_bound;

  if (self->max_items > 0)
    return self->max_items;

  source_bound = self->queue ? bench_row_queue_get_max_rows (self->queue)
                             : bench_journal_get_max_entries (self->journal);

  /* let go of rows well before the source drops them */
  return MAX (source_bound / 8 * 7, 1);
}

/* Flushing */

static void
bench_console_model_set_needs_flush (BenchConsoleModel *self,
                                     gboolean           needs_flush)
{
  if (self->needs_flush == !!needs_flush)
    return;

  self->needs_flush = !!needs_flush;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEEDS_FLUSH]);
}

static void
bench_console_model_set_scanning (BenchConsoleModel *self,
                                  gboolean           scanning)
{
  if (self->scanning == !!scanning)
    return;

  self->scanning = !!scanning;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCANNING]);
}

static void
bench_console_model_invalidate (BenchConsoleModel *self)
{
  self->reset_pending = TRUE;
  bench_console_model_set_needs_flush (self, TRUE);
}

static void
bench_console_model_emit (BenchConsoleModel *self,
                          guint              position,
                          guint              removed,
                          guint              added,
                          guint              n_items)
{
  self->n_items = n_items;
  if (removed == 0 && added == 0)
    return;

  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

static gboolean
find_ci (const guint8 *hay,
         gsize         len,
         const char   *needle,
         gsize         nlen)
{
  guint8 first = needle[0];
  guint8 first_up = g_ascii_toupper (first);

  if (nlen > len)
    return FALSE;

  for (gsize i = 0; i + nlen <= len; i++)
    {
      gsize j = 1;

      if (hay[i] != first && hay[i] != first_up)
        continue;
      while (j < nlen && (guint8) g_ascii_tolower (hay[i + j]) == (guint8) needle[j])
        j++;
      if (j == nlen)
        return TRUE;
    }

  return FALSE;
}

static gboolean
bench_console_model_row_matches (BenchConsoleModel *self,
                                 const BenchRow    *row,
                                 BenchDevice       *device)
{
  switch ((BenchDirection) row->direction)
    {
    case BENCH_DIRECTION_RX:
      if (!self->show_rx)
        return FALSE;
      break;
    case BENCH_DIRECTION_TX:
      if (!self->show_tx)
        return FALSE;
      break;
    case BENCH_DIRECTION_EVENT:
    default:
      if (!self->show_events)
        return FALSE;
      break;
    }

  if (self->needle_len == 0)
    return TRUE;

  /* match what the user sees: the escaped text */
  if (bench_escape_is_clean (row->text, row->len))
    {
      if (find_ci (row->text, row->len, self->needle, self->needle_len))
        return TRUE;
    }
  else
    {
      g_string_truncate (self->scratch, 0);
      bench_escape_append (self->scratch, row->text, row->len);
      if (find_ci ((const guint8 *) self->scratch->str, self->scratch->len, self->needle, self->needle_len))
        return TRUE;
    }

  /* and, in the All Devices console, the device */
  if (self->journal != NULL && device != NULL)
    {
      const char *name = bench_device_get_name (device);

      return find_ci ((const guint8 *) name, strlen (name), self->needle, self->needle_len);
    }

  return FALSE;
}

/* Examines at most BENCH_CONSOLE_MODEL_SCAN_BUDGET rows; returns the number
 * of matches appended. */
static guint
bench_console_model_scan (BenchConsoleModel *self,
                          guint64            end)
{
  guint64 stop = MIN (end, self->scan_cursor + BENCH_CONSOLE_MODEL_SCAN_BUDGET);
  guint found = 0;

  for (; self->scan_cursor < stop; self->scan_cursor++)
    {
      BenchDevice *device = NULL;
      BenchRow row;
      int slot;

      if (!source_get (self, self->scan_cursor, &row, &device, &slot))
        continue;
      if (bench_console_model_row_matches (self, &row, device))
        {
          g_array_append_val (self->matches, self->scan_cursor);
          found++;
        }
    }

  return found;
}

static void
bench_console_model_compact (BenchConsoleModel *self)
{
  if (self->head > 4096 && self->head > self->matches->len / 2)
    {
      g_array_remove_range (self->matches, 0, self->head);
      self->head = 0;
    }
}

/* The first index in matches[head..] whose number is >= @number */
static guint
bench_console_model_lower_bound (BenchConsoleModel *self,
                                 guint64            number)
{
  guint lo = self->head;
  guint hi = self->matches->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (self->matches, guint64, mid) < number)
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo;
}

static guint
bench_console_model_flush_unfiltered (BenchConsoleModel *self,
                                      guint64            first,
                                      guint64            end)
{
  guint old_n = self->n_items;
  guint bound = bench_console_model_bound (self);
  guint step = MAX (bound / 8, 1);
  guint64 needed_first = first;

  if (end - self->shown_first > bound)
    needed_first = MAX (needed_first, end - bound + step);

  if (self->reset_pending || end < self->shown_end || needed_first >= self->shown_end)
    {
      self->reset_pending = FALSE;
      self->shown_first = MAX (first, end > bound ? end - bound : 0);
      self->shown_end = end;
      bench_console_model_emit (self, 0, old_n, end - self->shown_first, end - self->shown_first);
      return end - self->shown_first;
    }

  if (needed_first > self->shown_first)
    {
      guint removed = needed_first - self->shown_first;

      /* one change per flush: the new rows come with the next one */
      self->shown_first = needed_first;
      bench_console_model_emit (self, 0, removed, 0, old_n - removed);
      bench_console_model_set_needs_flush (self, end > self->shown_end);
      return 0;
    }

  if (end > self->shown_end)
    {
      guint added = end - self->shown_end;

      self->shown_end = end;
      bench_console_model_emit (self, old_n, 0, added, old_n + added);
      return added;
    }

  return 0;
}

static guint
bench_console_model_flush_filtered (BenchConsoleModel *self,
                                    guint64            first,
                                    guint64            end)
{
  guint old_n = self->n_items;
  guint bound = bench_console_model_bound (self);
  guint step = MAX (bound / 8, 1);
  guint trim, found;

  if (self->reset_pending)
    {
      self->reset_pending = FALSE;
      g_array_set_size (self->matches, 0);
      self->head = 0;
      self->scan_cursor = first;
      bench_console_model_scan (self, end);
      if (self->matches->len > bound)
        self->head = self->matches->len - bound;
      bench_console_model_emit (self, 0, old_n, self->matches->len - self->head, self->matches->len - self->head);
      bench_console_model_set_needs_flush (self, self->scan_cursor < end);
      bench_console_model_set_scanning (self, self->scan_cursor < end);
      return self->matches->len - self->head;
    }

  /* matches whose rows are gone, and the bound */
  trim = bench_console_model_lower_bound (self, first) - self->head;
  if (old_n - trim > bound)
    trim = MIN (old_n, old_n - bound + step);
  if (trim > 0)
    {
      self->head += trim;
      bench_console_model_compact (self);
      bench_console_model_emit (self, 0, trim, 0, old_n - trim);
      bench_console_model_set_needs_flush (self, self->scan_cursor < end);
      return 0;
    }

  self->scan_cursor = MAX (self->scan_cursor, first);
  found = bench_console_model_scan (self, end);
  bench_console_model_emit (self, old_n, 0, found, old_n + found);
  bench_console_model_set_needs_flush (self, self->scan_cursor < end);
  bench_console_model_set_scanning (self, self->scan_cursor < end);

  return found;
}

guint
bench_console_model_flush (BenchConsoleModel *self)
{
  guint64 first, end;

  g_return_val_if_fail (BENCH_IS_CONSOLE_MODEL (self), 0);

  bench_console_model_set_needs_flush (self, FALSE);

  self->in_flush = TRUE;
  if (self->journal != NULL)
    bench_journal_flush (self->journal);
  self->in_flush = FALSE;

  end = source_end (self);
  first = MIN (MAX (source_first (self), self->cleared_before), end);

  if (self->filtering)
    return bench_console_model_flush_filtered (self, first, end);
  else
    return bench_console_model_flush_unfiltered (self, first, end);
}

gboolean
bench_console_model_get_needs_flush (BenchConsoleModel *self)
{
  g_return_val_if_fail (BENCH_IS_CONSOLE_MODEL (self), FALSE);

  return self->needs_flush;
}

void
bench_console_model_clear (BenchConsoleModel *self)
{
  g_return_if_fail (BENCH_IS_CONSOLE_MODEL (self));

  if (self->journal != NULL)
    bench_journal_flush (self->journal);
  self->cleared_before = source_end (self);
  bench_console_model_invalidate (self);
}

static void
bench_console_model_queue_changed_cb (BenchConsoleModel *self,
                                      guint              removed,
                                      guint              added,
                                      BenchRowQueue     *queue)
{
  bench_console_model_set_needs_flush (self, TRUE);
}

static void
bench_console_model_journal_pending_cb (BenchConsoleModel *self,
                                        GParamSpec        *pspec,
                                        BenchJournal      *journal)
{
  if (bench_journal_get_has_pending (journal))
    bench_console_model_set_needs_flush (self, TRUE);
}

static void
bench_console_model_journal_changed_cb (BenchConsoleModel *self,
                                        guint              removed,
                                        guint              added,
                                        BenchJournal      *journal)
{
  /* Outside our own flush this is a device leaving: the journal renumbered
   * its entries, so start over. */
  if (!self->in_flush)
    {
      self->cleared_before = MIN (self->cleared_before, bench_journal_get_first (journal));
      bench_console_model_invalidate (self);
    }
}

/* Filters and formatting */

static void
bench_console_model_update_filtering (BenchConsoleModel *self)
{
  self->filtering = self->needle_len > 0 || !self->show_rx || !self->show_tx || !self->show_events;
  if (!self->filtering)
    bench_console_model_set_scanning (self, FALSE);
  bench_console_model_invalidate (self);
}

char *
bench_console_model_format_time (BenchConsoleModel *self,
                                 gint64             mono_us,
                                 gint64             wall_us)
{
  g_return_val_if_fail (BENCH_IS_CONSOLE_MODEL (self), NULL);

  if (self->relative_time)
    {
      gint64 elapsed = mono_us - self->start_mono;
      const char *sign = elapsed < 0 ? "-" : "";

      elapsed = ABS (elapsed);
      return g_strdup_printf ("%s%" G_GINT64_FORMAT ".%06d", sign,
                              elapsed / G_USEC_PER_SEC, (int) (elapsed % G_USEC_PER_SEC));
    }
  else
    {
      time_t secs = wall_us / G_USEC_PER_SEC;
      struct tm tm;

      localtime_r (&secs, &tm);
      return g_strdup_printf ("%02d:%02d:%02d.%03d", tm.tm_hour, tm.tm_min, tm.tm_sec,
                              (int) ((wall_us % G_USEC_PER_SEC) / 1000));
    }
}

void
bench_console_model_format_bytes (BenchConsoleModel *self,
                                  BenchDirection     direction,
                                  const guint8      *data,
                                  gsize              len,
                                  gsize              full_len,
                                  GString           *out)
{
  g_return_if_fail (BENCH_IS_CONSOLE_MODEL (self));
  g_return_if_fail (out != NULL);

  /* Plain text only, never markup: control bytes become \xNN. */
  if (self->hex && direction != BENCH_DIRECTION_EVENT)
    bench_hex_append (out, data, len);
  else
    bench_escape_append (out, data, len);

  if (full_len > len)
    g_string_append_printf (out, " … (%" G_GSIZE_FORMAT " bytes)", full_len);
}

gboolean
bench_console_model_append_text (BenchConsoleModel *self,
                                  guint              position,
                                  GString           *out)
{
  BenchDevice *device = NULL;
  guint64 number;
  BenchRow row;
  int slot;

  g_return_val_if_fail (BENCH_IS_CONSOLE_MODEL (self), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  if (position >= self->n_items)
    return FALSE;

  number = self->filtering ? g_array_index (self->matches, guint64, self->head + position)
                           : self->shown_first + position;
  if (!source_get (self, number, &row, &device, &slot))
    return FALSE;

  if (self->journal != NULL)
    {
      bench_escape_append (out, (const guint8 *) bench_device_get_name (device),
                           strlen (bench_device_get_name (device)));
      g_string_append_c (out, '\t');
    }
  bench_console_model_format_bytes (self, row.direction, row.text, row.len, row.len, out);

  return TRUE;
}

/* GListModel */

static GType
bench_console_model_get_item_type (GListModel *model)
{
  return BENCH_TYPE_CONSOLE_ITEM;
}

static guint
bench_console_model_get_n_items (GListModel *model)
{
  return BENCH_CONSOLE_MODEL (model)->n_items;
}

static gpointer
bench_console_model_get_item (GListModel *model,
                              guint       position)
{
  BenchConsoleModel *self = BENCH_CONSOLE_MODEL (model);
  BenchDevice *device = NULL;
  guint64 number;
  BenchRow row;
  int slot;

  if (position >= self->n_items)
    return NULL;

  number = self->filtering ? g_array_index (self->matches, guint64, self->head + position)
                           : self->shown_first + position;

  /* dropped by the source since the last flush, or a device removed */
  if (!source_get (self, number, &row, &device, &slot))
    return bench_console_item_new_gone (self);

  return bench_console_item_new (self, &row, self->journal ? bench_device_get_name (device) : NULL, slot);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = bench_console_model_get_item_type;
  iface->get_n_items = bench_console_model_get_n_items;
  iface->get_item = bench_console_model_get_item;
}

/* Properties */

BenchDevice *
bench_console_model_get_device (BenchConsoleModel *self)
{
  g_return_val_if_fail (BENCH_IS_CONSOLE_MODEL (self), NULL);

  return self->device;
}

BenchJournal *
bench_console_model_get_journal (BenchConsoleModel *self)
{
  g_return_val_if_fail (BENCH_IS_CONSOLE_MODEL (self), NULL);

  return self->journal;
}

gboolean
bench_console_model_get_relative_time (BenchConsoleModel *self)
{
  g_return_val_if_fail (BENCH_IS_CONSOLE_MODEL (self), FALSE);

  return self->relative_time;
}

void
bench_console_model_set_relative_time (BenchConsoleModel *self,
                                       gboolean           relative_time)
{
  g_return_if_fail (BENCH_IS_CONSOLE_MODEL (self));

  relative_time = !!relative_time;
  if (self->relative_time == (guint) relative_time)
    return;

  /* no item changes: the rows on screen re-render on this notification */
  self->relative_time = relative_time;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RELATIVE_TIME]);
}

gboolean
bench_console_model_get_hex (BenchConsoleModel *self)
{
  g_return_val_if_fail (BENCH_IS_CONSOLE_MODEL (self), FALSE);

  return self->hex;
}

void
bench_console_model_set_hex (BenchConsoleModel *self,
                             gboolean           hex)
{
  g_return_if_fail (BENCH_IS_CONSOLE_MODEL (self));

  hex = !!hex;
  if (self->hex == (guint) hex)
    return;

  self->hex = hex;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HEX]);
}

const char *
bench_console_model_get_filter_text (BenchConsoleModel *self)
{
  g_return_val_if_fail (BENCH_IS_CONSOLE_MODEL (self), NULL);

  return self->filter_text ? self->filter_text : "";
}

void
bench_console_model_set_filter_text (BenchConsoleModel *self,
                                     const char        *text)
{
  g_return_if_fail (BENCH_IS_CONSOLE_MODEL (self));

  if (text == NULL)
    text = "";
  if (g_strcmp0 (self->filter_text ? self->filter_text : "", text) == 0)
    return;

  g_free (self->filter_text);
  g_free (self->needle);
  self->filter_text = g_strdup (text);
  self->needle = g_ascii_strdown (text, -1);
  self->needle_len = strlen (self->needle);

  bench_console_model_update_filtering (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILTER_TEXT]);
}

#define DIRECTION_ACCESSORS(what, WHAT)                                          \
  gboolean                                                                       \
  bench_console_model_get_show_##what (BenchConsoleModel *self)                  \
  {                                                                              \
    g_return_val_if_fail (BENCH_IS_CONSOLE_MODEL (self), FALSE);                 \
    return self->show_##what;                                                    \
  }                                                                              \
                                                                                 \
  void                                                                           \
  bench_console_model_set_show_##what (BenchConsoleModel *self,                  \
                                       gboolean           show)                  \
  {                                                                              \
    g_return_if_fail (BENCH_IS_CONSOLE_MODEL (self));                            \
    show = !!show;                                                               \
    if (self->show_##what == (guint) show)                                       \
      return;                                                                    \
    self->show_##what = show;                                                    \
    bench_console_model_update_filtering (self);                                 \
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_##WHAT]);    \
  }

DIRECTION_ACCESSORS (rx, RX)
DIRECTION_ACCESSORS (tx, TX)
DIRECTION_ACCESSORS (events, EVENTS)

#undef DIRECTION_ACCESSORS

gboolean
bench_console_model_get_scanning (BenchConsoleModel *self)
{
  g_return_val_if_fail (BENCH_IS_CONSOLE_MODEL (self), FALSE);

  return self->scanning;
}

guint
bench_console_model_get_max_items (BenchConsoleModel *self)
{
  g_return_val_if_fail (BENCH_IS_CONSOLE_MODEL (self), 0);

  return bench_console_model_bound (self);
}

void
bench_console_model_set_max_items (BenchConsoleModel *self,
                                   guint              max_items)
{
  g_return_if_fail (BENCH_IS_CONSOLE_MODEL (self));

  if (self->max_items == max_items)
    return;

  self->max_items = max_items;
  bench_console_model_set_needs_flush (self, TRUE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_ITEMS]);
}

/* GObject */

static void
bench_console_model_constructed (GObject *object)
{
  BenchConsoleModel *self = (BenchConsoleModel *) object;

  G_OBJECT_CLASS (bench_console_model_parent_class)->constructed (object);

  g_assert ((self->device != NULL) != (self->journal != NULL));

  if (self->device != NULL)
    {
      self->queue = g_object_ref (bench_device_get_queue (self->device));
      g_signal_connect_object (self->queue, "changed",
                               G_CALLBACK (bench_console_model_queue_changed_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->queue, "notify::max-rows",
                               G_CALLBACK (bench_console_model_invalidate),
                               self, G_CONNECT_SWAPPED);
    }
  else
    {
      g_signal_connect_object (self->journal, "notify::has-pending",
                               G_CALLBACK (bench_console_model_journal_pending_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->journal, "changed",
                               G_CALLBACK (bench_console_model_journal_changed_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->journal, "notify::max-entries",
                               G_CALLBACK (bench_console_model_invalidate),
                               self, G_CONNECT_SWAPPED);
    }

  /* what is there already comes with the first flush */
  bench_console_model_invalidate (self);
}

static void
bench_console_model_dispose (GObject *object)
{
  BenchConsoleModel *self = (BenchConsoleModel *) object;

  g_clear_object (&self->queue);
  g_clear_object (&self->device);
  g_clear_object (&self->journal);

  G_OBJECT_CLASS (bench_console_model_parent_class)->dispose (object);
}

static void
bench_console_model_finalize (GObject *object)
{
  BenchConsoleModel *self = (BenchConsoleModel *) object;

  g_clear_pointer (&self->matches, g_array_unref);
  g_clear_pointer (&self->filter_text, g_free);
  g_clear_pointer (&self->needle, g_free);
  g_string_free (self->scratch, TRUE);

  G_OBJECT_CLASS (bench_console_model_parent_class)->finalize (object);
}

static void
bench_console_model_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  BenchConsoleModel *self = BENCH_CONSOLE_MODEL (object);

  switch (prop_id)
    {
    case PROP_DEVICE:
      g_value_set_object (value, self->device);
      break;
    case PROP_JOURNAL:
      g_value_set_object (value, self->journal);
      break;
    case PROP_START_MONO:
      g_value_set_int64 (value, self->start_mono);
      break;
    case PROP_NEEDS_FLUSH:
      g_value_set_boolean (value, self->needs_flush);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->n_items);
      break;
    case PROP_RELATIVE_TIME:
      g_value_set_boolean (value, self->relative_time);
      break;
    case PROP_HEX:
      g_value_set_boolean (value, self->hex);
      break;
    case PROP_FILTER_TEXT:
      g_value_set_string (value, bench_console_model_get_filter_text (self));
      break;
    case PROP_SHOW_RX:
      g_value_set_boolean (value, self->show_rx);
      break;
    case PROP_SHOW_TX:
      g_value_set_boolean (value, self->show_tx);
      break;
    case PROP_SHOW_EVENTS:
      g_value_set_boolean (value, self->show_events);
      break;
    case PROP_SCANNING:
      g_value_set_boolean (value, self->scanning);
      break;
    case PROP_MAX_ITEMS:
      g_value_set_uint (value, bench_console_model_bound (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bench_console_model_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  BenchConsoleModel *self = BENCH_CONSOLE_MODEL (object);

  switch (prop_id)
    {
    case PROP_DEVICE:
      self->device = g_value_dup_object (value);
      break;
    case PROP_JOURNAL:
      self->journal = g_value_dup_object (value);
      break;
    case PROP_START_MONO:
      self->start_mono = g_value_get_int64 (value);
      break;
    case PROP_RELATIVE_TIME:
      bench_console_model_set_relative_time (self, g_value_get_boolean (value));
      break;
    case PROP_HEX:
      bench_console_model_set_hex (self, g_value_get_boolean (value));
      break;
    case PROP_FILTER_TEXT:
      bench_console_model_set_filter_text (self, g_value_get_string (value));
      break;
    case PROP_SHOW_RX:
      bench_console_model_set_show_rx (self, g_value_get_boolean (value));
      break;
    case PROP_SHOW_TX:
      bench_console_model_set_show_tx (self, g_value_get_boolean (value));
      break;
    case PROP_SHOW_EVENTS:
      bench_console_model_set_show_events (self, g_value_get_boolean (value));
      break;
    case PROP_MAX_ITEMS:
      bench_console_model_set_max_items (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bench_console_model_class_init (BenchConsoleModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = bench_console_model_constructed;
  object_class->dispose = bench_console_model_dispose;
  object_class->finalize = bench_console_model_finalize;
  object_class->get_property = bench_console_model_get_property;
  object_class->set_property = bench_console_model_set_property;

#define RW (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)
#define RO (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)
  properties[PROP_DEVICE] =
    g_param_spec_object ("device", NULL, NULL, BENCH_TYPE_DEVICE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_JOURNAL] =
    g_param_spec_object ("journal", NULL, NULL, BENCH_TYPE_JOURNAL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_START_MONO] =
    g_param_spec_int64 ("start-mono", NULL, NULL, G_MININT64, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NEEDS_FLUSH] = g_param_spec_boolean ("needs-flush", NULL, NULL, FALSE, RO);
  properties[PROP_N_ITEMS] = g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0, RO);
  properties[PROP_RELATIVE_TIME] = g_param_spec_boolean ("relative-time", NULL, NULL, FALSE, RW);
  properties[PROP_HEX] = g_param_spec_boolean ("hex", NULL, NULL, FALSE, RW);
  properties[PROP_FILTER_TEXT] = g_param_spec_string ("filter-text", NULL, NULL, "", RW);
  properties[PROP_SHOW_RX] = g_param_spec_boolean ("show-rx", NULL, NULL, TRUE, RW);
  properties[PROP_SHOW_TX] = g_param_spec_boolean ("show-tx", NULL, NULL, TRUE, RW);
  properties[PROP_SHOW_EVENTS] = g_param_spec_boolean ("show-events", NULL, NULL, TRUE, RW);
  properties[PROP_SCANNING] = g_param_spec_boolean ("scanning", NULL, NULL, FALSE, RO);
  properties[PROP_MAX_ITEMS] = g_param_spec_uint ("max-items", NULL, NULL, 0, G_MAXUINT, 0, RW);
#undef RW
#undef RO

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bench_console_model_init (BenchConsoleModel *self)
{
  self->matches = g_array_new (FALSE, FALSE, sizeof (guint64));
  self->scratch = g_string_new (NULL);
  self->show_rx = TRUE;
  self->show_tx = TRUE;
  self->show_events = TRUE;
}

BenchConsoleModel *
bench_console_model_new_for_device (BenchDevice *device,
                                    gint64       start_mono)
{
  g_return_val_if_fail (BENCH_IS_DEVICE (device), NULL);

  return g_object_new (BENCH_TYPE_CONSOLE_MODEL,
                       "device", device,
                       "start-mono", start_mono,
                       NULL);
}

BenchConsoleModel *
bench_console_model_new_for_journal (BenchJournal *journal,
                                     gint64        start_mono)
{
  g_return_val_if_fail (BENCH_IS_JOURNAL (journal), NULL);

  return g_object_new (BENCH_TYPE_CONSOLE_MODEL,
                       "journal", journal,
                       "start-mono", start_mono,
                       NULL);
}
