/* bench-journal.h - every device's rows merged in arrival order
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The journal is a bounded index of (device slot, seq) entries, one per
 * row of every device of a list model (the session's devices), in the order
 * the rows arrived on the session clock. It stores no text: an entry names a
 * row of its device's BenchRowQueue, which may since have dropped it (the
 * queue's own bound), so readers must check.
 *
 * A device row sink appends entries as pending; bench_journal_flush()
 * publishes them in one batch, ordered by arrival time (a stable sort of the
 * batch, so rows of one device keep their order), and emits ::changed once.
 * The console calls it once per frame; nothing per row reaches the caller.
 * :has-pending becomes TRUE (one notification) when rows wait to be published.
 *
 * Each attached device gets a small slot number, stable while it is attached
 * and reused after it is removed: the UI takes its colour from it.
 */
#pragma once

#include <gio/gio.h>

#include "bench-device.h"

G_BEGIN_DECLS

#define BENCH_JOURNAL_DEFAULT_MAX_ENTRIES BENCH_ROW_QUEUE_DEFAULT_MAX_ROWS

#define BENCH_TYPE_JOURNAL (bench_journal_get_type ())

G_DECLARE_FINAL_TYPE (BenchJournal, bench_journal, BENCH, JOURNAL, GObject)

/* @devices: a GListModel of BenchDevice (may be NULL: attach by hand) */
BenchJournal *bench_journal_new              (GListModel    *devices,
                                              guint          max_entries);
void          bench_journal_attach           (BenchJournal  *self,
                                              BenchDevice   *device);
/* Detaches @device and forgets its entries (a reset: ::changed with
 * removed = every published entry, added = what remains). */
void          bench_journal_detach           (BenchJournal  *self,
                                              BenchDevice   *device);

/* Published entries carry journal numbers in [first, end). */
guint64       bench_journal_get_first        (BenchJournal  *self);
guint64       bench_journal_get_end          (BenchJournal  *self);
guint         bench_journal_get_n_entries    (BenchJournal  *self);
/* The device, slot and row seq of entry @number; FALSE if not published or
 * already dropped. The row itself may be gone from the device's queue. */
gboolean      bench_journal_get_entry        (BenchJournal  *self,
                                              guint64        number,
                                              BenchDevice  **device,
                                              guint         *slot,
                                              guint64       *seq,
                                              gint64        *mono_us);
/* Fills @row from the device's queue; FALSE if the entry or its row is gone. */
gboolean      bench_journal_get_row          (BenchJournal  *self,
                                              guint64        number,
                                              BenchDevice  **device,
                                              guint         *slot,
                                              BenchRow      *row);
/* The slot of an attached device, or -1. */
int           bench_journal_get_slot         (BenchJournal  *self,
                                              BenchDevice   *device);

gboolean      bench_journal_get_has_pending  (BenchJournal  *self);
/* Publishes pending entries and drops entries whose rows are gone at the
 * front; emits ::changed (removed at the front, added at the end) if anything
 * changed. */
void          bench_journal_flush            (BenchJournal  *self);
guint         bench_journal_get_max_entries  (BenchJournal  *self);
void          bench_journal_set_max_entries  (BenchJournal  *self,
                                              guint          max_entries);
/* Entries dropped because of the journal's own bound. */
guint64       bench_journal_get_dropped      (BenchJournal  *self);

G_END_DECLS
