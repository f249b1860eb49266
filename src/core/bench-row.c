/* bench-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bench-row.h"

const char *
bench_direction_to_string (BenchDirection direction)
{
  switch (direction)
    {
    case BENCH_DIRECTION_RX:
      return "rx";
    case BENCH_DIRECTION_TX:
      return "tx";
    case BENCH_DIRECTION_EVENT:
      return "event";
    default:
      g_return_val_if_reached ("event");
    }
}
