/* bench-format.h - numbers as the UI shows them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A line rate: "0.0", "9.5", "12", "20,003" (the locale's grouping) */
char *bench_format_rate (double lines_per_second);

G_END_DECLS
