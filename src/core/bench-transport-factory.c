/* bench-transport-factory.c - the transport for a spec
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bench-rfc2217-transport.h"
#include "bench-serial-transport.h"
#include "bench-socket-transport.h"
#include "bench-spec.h"
#include "bench-transport.h"
#include "bench-util.h"

BenchTransport *
bench_transport_new_for_spec (const BenchSpec  *spec,
                              GError          **error)
{
  g_return_val_if_fail (spec != NULL, NULL);

  switch (spec->kind)
    {
    case BENCH_ADDRESS_TTY:
      return BENCH_TRANSPORT (bench_serial_transport_new (spec, NULL));

    case BENCH_ADDRESS_SOCKET:
      return BENCH_TRANSPORT (bench_socket_transport_new (spec));

    case BENCH_ADDRESS_RFC2217:
      return BENCH_TRANSPORT (bench_rfc2217_transport_new (spec));

    case BENCH_ADDRESS_DEMO:
      g_set_error (error, BENCH_ERROR, BENCH_ERROR_FAILED,
                   "A demo instrument is opened through its pty path");
      return NULL;

    default:
      g_assert_not_reached ();
    }
}
