/* fuzz-telnet.c - the Telnet codec on arbitrary bytes from a server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The first byte chooses which options are acceptable and whether binary
 * mode is on; the rest is a server's byte stream, decoded three ways: whole
 * (in place), one byte at a time, and in chunks whose sizes come from a
 * generator seeded by the input. The data, the answers sent, the option
 * changes and the subnegotiations must be the same each way; the data never
 * grows, every answer is one 3-byte verb, and none is sent without a verb
 * received. Then the input, taken as data, is escaped and must decode back
 * to itself (binary) whatever the chunking.
 */
#include "config.h"

#include <string.h>

#include "bench-telnet.h"

#include "fuzz-common.h"

typedef struct
{
  GByteArray *data;
  GByteArray *sent;
  GString    *events;
} Trace;

static void
trace_send (gpointer      user_data,
            const guint8 *data,
            gsize         len)
{
  Trace *t = user_data;

  FUZZ_CHECK (len == 3);
  FUZZ_CHECK (data[0] == BENCH_TELNET_IAC);
  FUZZ_CHECK (data[1] >= BENCH_TELNET_WILL && data[1] <= BENCH_TELNET_DONT);
  g_byte_array_append (t->sent, data, len);
}

static void
trace_option (gpointer         user_data,
              guint8           option,
              BenchTelnetSide  side,
              gboolean         enabled)
{
  Trace *t = user_data;

  g_string_append_printf (t->events, "o%u%c%c;", option, side == BENCH_TELNET_LOCAL ? 'L' : 'R', enabled ? '+' : '-');
}

static void
trace_subneg (gpointer      user_data,
              guint8        option,
              const guint8 *payload,
              gsize         len,
              gboolean      truncated)
{
  Trace *t = user_data;

  FUZZ_CHECK (len <= BENCH_TELNET_MAX_SUBNEG);
  FUZZ_CHECK (!truncated || len == BENCH_TELNET_MAX_SUBNEG);
  g_string_append_printf (t->events, "s%u:%zu%s:", option, len, truncated ? "!" : "");
  for (gsize i = 0; i < len; i++)
    g_string_append_printf (t->events, "%02x", payload[i]);
  g_string_append_c (t->events, ';');
}

static const BenchTelnetFuncs trace_funcs = {
  trace_send,
  trace_option,
  trace_subneg,
};

static BenchTelnet *
make_codec (Trace *t,
            guint8 mode)
{
  BenchTelnet *telnet = bench_telnet_new (&trace_funcs, t);
  static const guint8 options[] = { BENCH_TELNET_OPT_BINARY, BENCH_TELNET_OPT_SGA, BENCH_TELNET_OPT_COM_PORT, BENCH_TELNET_OPT_ECHO };

  t->data = g_byte_array_new ();
  t->sent = g_byte_array_new ();
  t->events = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (options); i++)
    {
      bench_telnet_set_acceptable (telnet, options[i], BENCH_TELNET_LOCAL, (mode >> i) & 1);
      bench_telnet_set_acceptable (telnet, options[i], BENCH_TELNET_REMOTE, (mode >> (i + 4)) & 1);
    }
  /* requests made before anything arrives, like the transport's */
  if (mode & 0x11)
    bench_telnet_request (telnet, BENCH_TELNET_OPT_BINARY, BENCH_TELNET_REMOTE, TRUE);
  if (mode & 0x04)
    bench_telnet_request (telnet, BENCH_TELNET_OPT_COM_PORT, BENCH_TELNET_LOCAL, TRUE);
  g_byte_array_set_size (t->sent, 0);
  g_string_truncate (t->events, 0);

  return telnet;
}

static void
trace_clear (Trace *t)
{
  g_byte_array_unref (t->data);
  g_byte_array_unref (t->sent);
  g_string_free (t->events, TRUE);
}

static void
check_same (Trace *a,
            Trace *b)
{
  FUZZ_CHECK (a->data->len == b->data->len);
  FUZZ_CHECK (a->data->len == 0 || memcmp (a->data->data, b->data->data, a->data->len) == 0);
  FUZZ_CHECK (a->sent->len == b->sent->len);
  FUZZ_CHECK (a->sent->len == 0 || memcmp (a->sent->data, b->sent->data, a->sent->len) == 0);
  FUZZ_CHECK (strcmp (a->events->str, b->events->str) == 0);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  Trace whole, bytes, chunks;
  BenchTelnet *t1, *t2, *t3;
  const guint8 *wire;
  gsize len;
  guint8 mode;
  GRand *rand;
  g_autofree guint8 *copy = NULL;
  gsize n_verbs = 0;

  fuzz_init ();

  if (size < 1 || size > 256 * 1024)
    return 0;
  mode = data[0];
  wire = data + 1;
  len = size - 1;

  /* whole, decoded in place */
  t1 = make_codec (&whole, mode);
  copy = g_memdup2 (wire, len);
  {
    gsize n = bench_telnet_decode (t1, copy, len, copy);

    FUZZ_CHECK (n <= len);
    g_byte_array_append (whole.data, copy, n);
  }

  /* one byte at a time */
  t2 = make_codec (&bytes, mode);
  for (gsize i = 0; i < len; i++)
    {
      guint8 out;
      gsize n = bench_telnet_decode (t2, wire + i, 1, &out);

      FUZZ_CHECK (n <= 1);
      g_byte_array_append (bytes.data, &out, n);
    }

  /* random chunks */
  t3 = make_codec (&chunks, mode);
  rand = g_rand_new_with_seed (len * 31 + mode);
  for (gsize off = 0; off < len;)
    {
      gsize step = g_rand_int_range (rand, 1, 300);
      gsize n = MIN (len - off, step);
      g_autofree guint8 *out = g_malloc (n);
      gsize got = bench_telnet_decode (t3, wire + off, n, out);

      FUZZ_CHECK (got <= n);
      g_byte_array_append (chunks.data, out, got);
      off += n;
    }
  g_rand_free (rand);

  check_same (&whole, &bytes);
  check_same (&whole, &chunks);

  /* an answer only for a verb received: at most one per IAC in the input */
  for (gsize i = 0; i < len; i++)
    n_verbs += wire[i] == BENCH_TELNET_IAC;
  FUZZ_CHECK (whole.sent->len <= 3 * n_verbs);

  bench_telnet_free (t1);
  bench_telnet_free (t2);
  bench_telnet_free (t3);
  trace_clear (&whole);
  trace_clear (&bytes);
  trace_clear (&chunks);

  /* the input as data: escaped, then decoded in binary mode, is itself */
  {
    static const guint8 will_binary[] = { BENCH_TELNET_IAC, BENCH_TELNET_WILL, BENCH_TELNET_OPT_BINARY };
    g_autoptr(GByteArray) escaped = g_byte_array_new ();
    g_autofree guint8 *out = NULL;
    Trace trace;
    BenchTelnet *telnet = make_codec (&trace, 0x10);
    guint8 scratch[3];
    gsize got = 0;

    bench_telnet_decode (telnet, will_binary, sizeof will_binary, scratch);
    FUZZ_CHECK (bench_telnet_is_enabled (telnet, BENCH_TELNET_OPT_BINARY, BENCH_TELNET_REMOTE));
    g_string_truncate (trace.events, 0);

    bench_telnet_escape_append (escaped, data, size, TRUE);
    out = g_malloc (escaped->len + 1);
    for (gsize off = 0; off < escaped->len;)
      {
        gsize n = MIN (escaped->len - off, (gsize) (1 + (off * 7 + mode) % 97));

        got += bench_telnet_decode (telnet, escaped->data + off, n, out + got);
        off += n;
      }
    FUZZ_CHECK (got == size);
    FUZZ_CHECK (size == 0 || memcmp (out, data, size) == 0);
    FUZZ_CHECK (trace.events->len == 0);

    bench_telnet_free (telnet);
    trace_clear (&trace);
  }

  return 0;
}
