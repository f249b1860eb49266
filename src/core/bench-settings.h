/* bench-settings.h - the application's GSettings as properties
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Wraps the io.github.benchtop.Benchtop schema (bound keys become notifying
 * properties) and mounts the relocatable io.github.benchtop.Benchtop.Device
 * schema per device address, for the port settings, the send history and
 * the console toggles of each device.
 */
#pragma once

#include <gio/gio.h>

#include "bench-spec.h"

G_BEGIN_DECLS

#define BENCH_SETTINGS_SCHEMA_ID        "io.github.benchtop.Benchtop"
#define BENCH_SETTINGS_DEVICE_SCHEMA_ID "io.github.benchtop.Benchtop.Device"
#define BENCH_SETTINGS_MAX_RECENT       10
#define BENCH_SETTINGS_MAX_HISTORY      100
/* The device settings of the All Devices console */
#define BENCH_SETTINGS_OVERVIEW         NULL

#define BENCH_TYPE_SETTINGS (bench_settings_get_type ())

G_DECLARE_FINAL_TYPE (BenchSettings, bench_settings, BENCH, SETTINGS, GObject)

/* @settings: the main schema's GSettings, or NULL for g_settings_new() */
BenchSettings  *bench_settings_new                  (GSettings      *settings);
GSettings      *bench_settings_get_settings         (BenchSettings  *self);

guint           bench_settings_get_scrollback_lines (BenchSettings  *self);
void            bench_settings_set_scrollback_lines (BenchSettings  *self,
                                                     guint           lines);
BenchLogFormat  bench_settings_get_record_format    (BenchSettings  *self);
void            bench_settings_set_record_format    (BenchSettings  *self,
                                                     BenchLogFormat  format);
/* "system", "light" or "dark" */
const char     *bench_settings_get_style_variant    (BenchSettings  *self);

/* Most recent first. */
char          **bench_settings_dup_recent_specs     (BenchSettings  *self);
void            bench_settings_add_recent_spec      (BenchSettings  *self,
                                                     const char     *spec);
void            bench_settings_remove_recent_spec   (BenchSettings  *self,
                                                     const char     *spec);

/* The per-device settings for @address (a spec's ADDRESS part), or for the
 * All Devices console when @address is BENCH_SETTINGS_OVERVIEW. Cached. */
GSettings      *bench_settings_get_device           (BenchSettings  *self,
                                                     const char     *address);
/* The spec saved for @address, or NULL. */
BenchSpec      *bench_settings_dup_device_spec      (BenchSettings  *self,
                                                     const char     *address);
void            bench_settings_save_device_spec     (BenchSettings  *self,
                                                     const BenchSpec *spec);
/* Oldest first. */
char          **bench_settings_dup_history          (BenchSettings  *self,
                                                     const char     *address);
/* Appends @text (moving an equal older entry to the end), bounded. */
void            bench_settings_push_history         (BenchSettings  *self,
                                                     const char     *address,
                                                     const char     *text);

G_END_DECLS
