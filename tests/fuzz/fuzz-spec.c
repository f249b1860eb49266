/* fuzz-spec.c - the device spec parser on arbitrary bytes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Whatever the input: no crash; a failure is a BENCH_ERROR_INVALID_SPEC with
 * a UTF-8 message; a success prints to a canonical form that parses back to
 * an equal spec and prints the same again.
 */
#include "config.h"

#include <string.h>

#include "bench-spec.h"
#include "bench-util.h"

#include "fuzz-common.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = NULL;
  g_autoptr(BenchSpec) spec = NULL;
  g_autoptr(BenchSpec) again = NULL;
  g_autoptr(BenchSpec) copy = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *printed = NULL;
  g_autofree char *reprinted = NULL;
  g_autofree char *display = NULL;
  g_autofree char *framing = NULL;

  fuzz_init ();

  if (size > 64 * 1024)
    return 0;

  /* a spec is a C string: what follows a NUL is not part of it */
  text = g_strndup ((const char *) data, size);

  spec = bench_spec_parse (text, &error);
  if (spec == NULL)
    {
      FUZZ_CHECK (error != NULL);
      FUZZ_CHECK (g_error_matches (error, BENCH_ERROR, BENCH_ERROR_INVALID_SPEC));
      FUZZ_CHECK (g_utf8_validate (error->message, -1, NULL));
      return 0;
    }
  FUZZ_CHECK (error == NULL);

  printed = bench_spec_to_string (spec);
  FUZZ_CHECK (g_utf8_validate (printed, -1, NULL));
  again = bench_spec_parse (printed, &error);
  if (again == NULL)
    {
      g_printerr ("“%s” does not parse: %s\n", printed, error->message);
      abort ();
    }
  FUZZ_CHECK (bench_spec_equal (spec, again));
  reprinted = bench_spec_to_string (again);
  FUZZ_CHECK (strcmp (printed, reprinted) == 0);

  display = bench_spec_dup_display_name (spec);
  FUZZ_CHECK (display != NULL && g_utf8_validate (display, -1, NULL));
  framing = bench_spec_dup_framing (spec);
  FUZZ_CHECK (framing != NULL);

  copy = bench_spec_copy (spec);
  FUZZ_CHECK (bench_spec_equal (spec, copy));

  /* the address again, through the setter */
  FUZZ_CHECK (bench_spec_set_address (copy, spec->address, NULL));
  FUZZ_CHECK (bench_spec_equal (spec, copy));

  return 0;
}
