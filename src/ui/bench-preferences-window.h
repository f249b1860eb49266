/* bench-preferences-window.h - application preferences
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "bench-settings.h"

G_BEGIN_DECLS

#define BENCH_TYPE_PREFERENCES_WINDOW (bench_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (BenchPreferencesWindow, bench_preferences_window, BENCH, PREFERENCES_WINDOW, AdwPreferencesWindow)

GtkWidget *bench_preferences_window_new (BenchSettings *settings);

G_END_DECLS
