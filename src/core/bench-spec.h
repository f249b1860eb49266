/* bench-spec.h - the device spec string: ADDRESS[,OPTION]...
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The same string is used in the connect box, on both command lines, in the
 * app.connect action and in saved settings (DESIGN.md §2.1). A BenchSpec is a
 * plain boxed struct with public fields: parse it, change fields, print it.
 */
#pragma once

#include <glib-object.h>

#include "bench-types.h"

G_BEGIN_DECLS

#define BENCH_TYPE_SPEC (bench_spec_get_type ())

#define BENCH_SPEC_DEFAULT_BAUD     115200
#define BENCH_SPEC_DEFAULT_MAX_LINE 65536
#define BENCH_SPEC_MIN_MAX_LINE     16
#define BENCH_SPEC_MAX_MAX_LINE     (256 * 1024 * 1024)

struct _BenchSpec
{
  BenchAddressKind kind;
  char            *address;     /* the ADDRESS part exactly as given */
  char            *path;        /* BENCH_ADDRESS_TTY: the tty path */
  char            *host;        /* SOCKET/RFC2217: host name or address (no brackets) */
  guint16          port;        /* SOCKET/RFC2217 */
  char            *demo;        /* BENCH_ADDRESS_DEMO: the instrument name */

  guint            baud;
  guint8           data_bits;   /* 5..8 */
  BenchParity      parity;
  guint8           stop_bits;   /* 1 or 2 */
  BenchFlow        flow;

  /* Received line terminator: NULL eol means auto (LF, CR or CRLF). */
  GBytes          *eol;
  /* Appended to sent commands; an empty GBytes is "none". Never NULL. */
  GBytes          *tx_eol;

  char            *name;        /* NULL: derived from the address */
  BenchSwitch      dtr;
  BenchSwitch      rts;
  guint            max_line;
  gboolean         reconnect;
  BenchPlotMode    plot;
};

GType      bench_spec_get_type          (void) G_GNUC_CONST;
BenchSpec *bench_spec_new               (void);
BenchSpec *bench_spec_parse             (const char       *text,
                                         GError          **error);
BenchSpec *bench_spec_copy              (const BenchSpec  *self);
void       bench_spec_free              (BenchSpec        *self);
gboolean   bench_spec_equal             (const BenchSpec  *a,
                                         const BenchSpec  *b);
char      *bench_spec_to_string         (const BenchSpec  *self);
gboolean   bench_spec_set_address       (BenchSpec        *self,
                                         const char       *address,
                                         GError          **error);
char      *bench_spec_dup_display_name  (const BenchSpec  *self);
char      *bench_spec_dup_framing       (const BenchSpec  *self);

const char *bench_parity_to_string      (BenchParity       parity);
const char *bench_flow_to_string        (BenchFlow         flow);
const char *bench_plot_mode_to_string   (BenchPlotMode     mode);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BenchSpec, bench_spec_free)

G_END_DECLS
