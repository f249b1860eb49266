/* fuzz-common.h - shared by the fuzz targets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each target defines LLVMFuzzerTestOneInput(). It is linked either with
 * libFuzzer (clang, -Dfuzzing=true) or with fuzz-main.c, the standalone
 * driver that runs a corpus plus random inputs as an ordinary test.
 */
#pragma once

#include <stdint.h>
#include <stdlib.h>

#include <glib.h>

G_BEGIN_DECLS

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

/* A failed check aborts, which both drivers report with the input. */
#define FUZZ_CHECK(cond)                                                    \
  G_STMT_START {                                                            \
    if (G_UNLIKELY (!(cond)))                                               \
      {                                                                     \
        g_printerr ("%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
        abort ();                                                           \
      }                                                                     \
  } G_STMT_END

/* Criticals (g_return_if_fail) and warnings are bugs here too. */
static inline void
fuzz_init (void)
{
  static gboolean done;

  if (!done)
    {
      g_log_set_always_fatal (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
      done = TRUE;
    }
}

G_END_DECLS
