/* bench-command-set.h - a device's command buttons
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A GListModel of BenchCommand, in button order (the first nine are
 * Ctrl+1…9 in the window), owned by its BenchDevice
 * (bench_device_get_commands()). Pure data: BenchCommandRunner runs them.
 * Saved as an a(sa(sv)) GVariant, e.g. for a per-device GSettings key.
 */
#pragma once

#include <gio/gio.h>

#include "bench-command.h"

G_BEGIN_DECLS

#define BENCH_TYPE_COMMAND_SET (bench_command_set_get_type ())

G_DECLARE_FINAL_TYPE (BenchCommandSet, bench_command_set, BENCH, COMMAND_SET, GObject)

BenchCommandSet *bench_command_set_new          (void);
void             bench_command_set_append       (BenchCommandSet  *self,
                                                 BenchCommand     *command);
void             bench_command_set_insert       (BenchCommandSet  *self,
                                                 guint             position,
                                                 BenchCommand     *command);
void             bench_command_set_remove       (BenchCommandSet  *self,
                                                 guint             position);
void             bench_command_set_remove_all   (BenchCommandSet  *self);
void             bench_command_set_move         (BenchCommandSet  *self,
                                                 guint             from,
                                                 guint             to);
/* Borrowed; NULL past the end */
BenchCommand    *bench_command_set_get_command  (BenchCommandSet  *self,
                                                 guint             position);
/* The first command with that name, or NULL */
BenchCommand    *bench_command_set_find         (BenchCommandSet  *self,
                                                 const char       *name);

/* a(sa(sv)) */
GVariant        *bench_command_set_to_variant   (BenchCommandSet  *self);
/* Replaces the list; on error nothing changes. */
gboolean         bench_command_set_load_variant (BenchCommandSet  *self,
                                                 GVariant         *variant,
                                                 GError          **error);

G_END_DECLS
