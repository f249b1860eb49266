/* bench-console-item.h - one console row, made when the list asks for it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A small immutable copy of one row (at most a screenful of its bytes), made
 * by BenchConsoleModel's get_item() for the rows GtkListView shows. How it
 * is formatted (time mode, hex) belongs to the model, so toggling those
 * re-renders the visible rows without replacing any item.
 */
#pragma once

#include <gio/gio.h>

#include "bench-row.h"

G_BEGIN_DECLS

/* Bytes of a row an item keeps; the rest is counted, not copied. */
#define BENCH_CONSOLE_ITEM_MAX_BYTES 2048

typedef struct _BenchConsoleModel BenchConsoleModel;

#define BENCH_TYPE_CONSOLE_ITEM (bench_console_item_get_type ())

G_DECLARE_FINAL_TYPE (BenchConsoleItem, bench_console_item, BENCH, CONSOLE_ITEM, GObject)

BenchConsoleItem  *bench_console_item_new             (BenchConsoleModel *model,
                                                       const BenchRow    *row,
                                                       const char        *device_name,
                                                       int                slot);
/* A row that its device no longer holds (dropped by a bound). */
BenchConsoleItem  *bench_console_item_new_gone        (BenchConsoleModel *model);
BenchConsoleModel *bench_console_item_get_model       (BenchConsoleItem  *self);
gboolean           bench_console_item_get_gone        (BenchConsoleItem  *self);
BenchDirection     bench_console_item_get_direction   (BenchConsoleItem  *self);
BenchRowFlags      bench_console_item_get_flags       (BenchConsoleItem  *self);
gint64             bench_console_item_get_mono_us     (BenchConsoleItem  *self);
gint64             bench_console_item_get_wall_us     (BenchConsoleItem  *self);
/* The kept bytes; *full_len is the row's real length. */
const guint8      *bench_console_item_get_bytes       (BenchConsoleItem  *self,
                                                       gsize             *len,
                                                       gsize             *full_len);
/* NULL outside the All Devices console */
const char        *bench_console_item_get_device_name (BenchConsoleItem  *self);
/* The device's journal slot (its colour), -1 outside the All Devices console */
int                bench_console_item_get_slot        (BenchConsoleItem  *self);
/* As the model formats them now: */
char              *bench_console_item_dup_time        (BenchConsoleItem  *self);
char              *bench_console_item_dup_text        (BenchConsoleItem  *self);

G_END_DECLS
