/* bench-format.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bench-format.h"

char *
bench_format_rate (double lines_per_second)
{
  /* a tenth matters for slow instruments, not for floods */
  if (lines_per_second < 100)
    return g_strdup_printf ("%.1f", lines_per_second);

  return g_strdup_printf ("%'.0f", lines_per_second);
}
