/* bench-console-model.h - a GListModel over a device's row queue or the journal
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The model holds no item: get_item() makes a BenchConsoleItem for the one
 * row asked for (GtkListView asks only for the rows it shows). The source
 * (a BenchRowQueue, or the BenchJournal of every device) changes in batches
 * as devices are read; the model only notes that (:needs-flush) and catches
 * up in bench_console_model_flush(), which the console view calls once per
 * frame. A flush emits at most one ::items-changed:
 *
 *  - new rows: (n, 0, added) at the end;
 *  - rows to let go at the front: (0, removed, 0), and the new rows wait for
 *    the next flush. The model lets go of rows before the source drops
 *    them, in steps of an eighth of its bound, so this is rare;
 *  - a reset (clear, new filter, a removed device): (0, n, new_n).
 *
 * Filtering (text, directions) keeps a compact array of matching row
 * numbers, built by scanning a bounded number of rows per flush.
 */
#pragma once

#include <gio/gio.h>

#include "bench-device.h"
#include "bench-journal.h"

G_BEGIN_DECLS

/* Rows a filtered flush examines at most. */
#define BENCH_CONSOLE_MODEL_SCAN_BUDGET 200000

#define BENCH_TYPE_CONSOLE_MODEL (bench_console_model_get_type ())

G_DECLARE_FINAL_TYPE (BenchConsoleModel, bench_console_model, BENCH, CONSOLE_MODEL, GObject)

/* @start_mono: the session clock's origin, for relative times */
BenchConsoleModel *bench_console_model_new_for_device   (BenchDevice       *device,
                                                         gint64             start_mono);
BenchConsoleModel *bench_console_model_new_for_journal  (BenchJournal      *journal,
                                                         gint64             start_mono);
BenchDevice       *bench_console_model_get_device       (BenchConsoleModel *self);
BenchJournal      *bench_console_model_get_journal      (BenchConsoleModel *self);

gboolean           bench_console_model_get_needs_flush  (BenchConsoleModel *self);
/* Returns the number of rows added to the model */
guint              bench_console_model_flush            (BenchConsoleModel *self);

/* Hides every row there is now (the queue keeps them for export). */
void               bench_console_model_clear            (BenchConsoleModel *self);

gboolean           bench_console_model_get_relative_time (BenchConsoleModel *self);
void               bench_console_model_set_relative_time (BenchConsoleModel *self,
                                                          gboolean           relative_time);
gboolean           bench_console_model_get_hex          (BenchConsoleModel *self);
void               bench_console_model_set_hex          (BenchConsoleModel *self,
                                                         gboolean           hex);
const char        *bench_console_model_get_filter_text  (BenchConsoleModel *self);
void               bench_console_model_set_filter_text  (BenchConsoleModel *self,
                                                         const char        *text);
gboolean           bench_console_model_get_show_rx      (BenchConsoleModel *self);
void               bench_console_model_set_show_rx      (BenchConsoleModel *self,
                                                         gboolean           show);
gboolean           bench_console_model_get_show_tx      (BenchConsoleModel *self);
void               bench_console_model_set_show_tx      (BenchConsoleModel *self,
                                                         gboolean           show);
gboolean           bench_console_model_get_show_events  (BenchConsoleModel *self);
void               bench_console_model_set_show_events  (BenchConsoleModel *self,
                                                         gboolean           show);
/* TRUE while a filter has not yet examined every row */
gboolean           bench_console_model_get_scanning     (BenchConsoleModel *self);
/* The bound on rows shown (defaults from the source's bound). */
guint              bench_console_model_get_max_items    (BenchConsoleModel *self);
void               bench_console_model_set_max_items    (BenchConsoleModel *self,
                                                         guint              max_items);

/* Appends the text of the row at @position as shown (escaped, or hex), with
 * "NAME<TAB>" before it in the All Devices console. No item is made. */
gboolean           bench_console_model_append_text      (BenchConsoleModel *self,
                                                         guint              position,
                                                         GString           *out);

/* Formatting, for items and rows */
char              *bench_console_model_format_time      (BenchConsoleModel *self,
                                                         gint64             mono_us,
                                                         gint64             wall_us);
void               bench_console_model_format_bytes     (BenchConsoleModel *self,
                                                         BenchDirection     direction,
                                                         const guint8      *data,
                                                         gsize              len,
                                                         gsize              full_len,
                                                         GString           *out);

G_END_DECLS
