/* test-telnet.c - the Telnet / RFC 2217 codec
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "bench-telnet.h"

typedef struct
{
  BenchTelnet *telnet;
  GByteArray  *sent;       /* what the codec answered */
  GPtrArray   *options;    /* "remote 0 on", "local 44 off" */
  GPtrArray   *subnegs;    /* "44:" + hex payload (+ " cut") */
  gboolean     send_back;  /* answer every option with a request (loop check) */
  guint        depth;
} Fixture;

static void
fixture_send (gpointer      user_data,
              const guint8 *data,
              gsize         len)
{
  Fixture *f = user_data;

  g_byte_array_append (f->sent, data, len);
}

static void
fixture_option (gpointer         user_data,
                guint8           option,
                BenchTelnetSide  side,
                gboolean         enabled)
{
  Fixture *f = user_data;

  g_ptr_array_add (f->options, g_strdup_printf ("%s %u %s", side == BENCH_TELNET_LOCAL ? "local" : "remote",
                                                option, enabled ? "on" : "off"));
}

static void
fixture_subneg (gpointer      user_data,
                guint8        option,
                const guint8 *payload,
                gsize         len,
                gboolean      truncated)
{
  Fixture *f = user_data;
  GString *text = g_string_new (NULL);

  g_string_append_printf (text, "%u:", option);
  for (gsize i = 0; i < len; i++)
    g_string_append_printf (text, "%02x", payload[i]);
  if (truncated)
    g_string_append (text, " cut");
  g_ptr_array_add (f->subnegs, g_string_free (text, FALSE));
}

static const BenchTelnetFuncs fixture_funcs = {
  fixture_send,
  fixture_option,
  fixture_subneg,
};

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->telnet = bench_telnet_new (&fixture_funcs, f);
  f->sent = g_byte_array_new ();
  f->options = g_ptr_array_new_with_free_func (g_free);
  f->subnegs = g_ptr_array_new_with_free_func (g_free);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_pointer (&f->telnet, bench_telnet_free);
  g_byte_array_unref (f->sent);
  g_ptr_array_unref (f->options);
  g_ptr_array_unref (f->subnegs);
}

static GByteArray *
decode_all (Fixture      *f,
            const guint8 *data,
            gsize         len,
            gsize         chunk)
{
  GByteArray *out = g_byte_array_new ();
  g_autofree guint8 *buf = g_malloc (MAX (chunk, 1));

  for (gsize off = 0; off < len; off += chunk)
    {
      gsize n = MIN (chunk, len - off);
      gsize got = bench_telnet_decode (f->telnet, data + off, n, buf);

      g_assert_cmpuint (got, <=, n);
      g_byte_array_append (out, buf, got);
    }

  return out;
}

static void
enable_binary (Fixture *f)
{
  static const guint8 will_binary[] = { 255, 251, 0 };
  guint8 out[8];

  bench_telnet_set_acceptable (f->telnet, BENCH_TELNET_OPT_BINARY, BENCH_TELNET_REMOTE, TRUE);
  g_assert_cmpuint (bench_telnet_decode (f->telnet, will_binary, sizeof will_binary, out), ==, 0);
  g_assert_true (bench_telnet_is_enabled (f->telnet, BENCH_TELNET_OPT_BINARY, BENCH_TELNET_REMOTE));
  g_byte_array_set_size (f->sent, 0);
  g_ptr_array_set_size (f->options, 0);
}

/* Every byte value, escaped and decoded again, in every chunking. */
static void
test_round_trip (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GByteArray) plain = g_byte_array_new ();
  g_autoptr(GByteArray) wire = g_byte_array_new ();
  static const gsize chunks[] = { 1, 2, 3, 7, 64, 255, 256, 100000 };

  enable_binary (f);

  for (guint rep = 0; rep < 4; rep++)
    for (guint b = 0; b < 256; b++)
      {
        guint8 byte = b;

        g_byte_array_append (plain, &byte, 1);
        if (b % 5 == 0)
          {
            guint8 ff = 0xff;
            g_byte_array_append (plain, &ff, 1);
          }
      }

  bench_telnet_escape_append (wire, plain->data, plain->len, TRUE);
  /* every 0xFF doubled, nothing else touched */
  {
    gsize n_ff = 0;

    for (guint i = 0; i < plain->len; i++)
      n_ff += plain->data[i] == 0xff;
    g_assert_cmpuint (wire->len, ==, plain->len + n_ff);
  }

  for (guint i = 0; i < G_N_ELEMENTS (chunks); i++)
    {
      g_autoptr(GByteArray) got = decode_all (f, wire->data, wire->len, chunks[i]);

      g_assert_cmpmem (got->data, got->len, plain->data, plain->len);
    }

  /* nothing was answered: data is data */
  g_assert_cmpuint (f->sent->len, ==, 0);
  g_assert_cmpuint (f->options->len, ==, 0);
  g_assert_cmpuint (f->subnegs->len, ==, 0);
}

/* Decoding in place (out == in) gives the same. */
static void
test_decode_in_place (Fixture       *f,
                      gconstpointer  data)
{
  static const guint8 wire[] = { 'a', 255, 255, 'b', 255, 241, 'c', 255, 250, 44, 107, 0x30, 255, 240, 'd', 255, 255 };
  static const guint8 plain[] = { 'a', 255, 'b', 'c', 'd', 255 };
  guint8 buf[sizeof wire];
  gsize n;

  enable_binary (f);
  memcpy (buf, wire, sizeof wire);
  n = bench_telnet_decode (f->telnet, buf, sizeof buf, buf);
  g_assert_cmpmem (buf, n, plain, sizeof plain);
  g_assert_cmpuint (f->subnegs->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (f->subnegs, 0), ==, "44:6b30");
}

static void
test_negotiation (Fixture       *f,
                  gconstpointer  data)
{
  /* what ser2net says first: WILL SGA, DO SGA, WILL ECHO, DONT ECHO, DO BINARY, WILL BINARY, DO COM-PORT */
  static const guint8 greeting[] = { 255, 251, 3, 255, 253, 3, 255, 251, 1, 255, 254, 1,
                                     255, 253, 0, 255, 251, 0, 255, 253, 44 };
  static const guint8 expect_requests[] = { 255, 251, 0, 255, 253, 0, 255, 251, 3, 255, 253, 3, 255, 251, 44 };
  /* only ECHO is answered, refused: everything else was asked for already */
  static const guint8 expect_answers[] = { 255, 254, 1 };
  guint8 out[sizeof greeting];

  bench_telnet_request (f->telnet, BENCH_TELNET_OPT_BINARY, BENCH_TELNET_LOCAL, TRUE);
  bench_telnet_request (f->telnet, BENCH_TELNET_OPT_BINARY, BENCH_TELNET_REMOTE, TRUE);
  bench_telnet_request (f->telnet, BENCH_TELNET_OPT_SGA, BENCH_TELNET_LOCAL, TRUE);
  bench_telnet_request (f->telnet, BENCH_TELNET_OPT_SGA, BENCH_TELNET_REMOTE, TRUE);
  bench_telnet_request (f->telnet, BENCH_TELNET_OPT_COM_PORT, BENCH_TELNET_LOCAL, TRUE);
  g_assert_cmpmem (f->sent->data, f->sent->len, expect_requests, sizeof expect_requests);
  g_assert_true (bench_telnet_is_pending (f->telnet, BENCH_TELNET_OPT_COM_PORT, BENCH_TELNET_LOCAL));
  g_byte_array_set_size (f->sent, 0);

  g_assert_cmpuint (bench_telnet_decode (f->telnet, greeting, sizeof greeting, out), ==, 0);
  g_assert_cmpmem (f->sent->data, f->sent->len, expect_answers, sizeof expect_answers);

  g_assert_true (bench_telnet_is_enabled (f->telnet, BENCH_TELNET_OPT_BINARY, BENCH_TELNET_LOCAL));
  g_assert_true (bench_telnet_is_enabled (f->telnet, BENCH_TELNET_OPT_BINARY, BENCH_TELNET_REMOTE));
  g_assert_true (bench_telnet_is_enabled (f->telnet, BENCH_TELNET_OPT_SGA, BENCH_TELNET_REMOTE));
  g_assert_true (bench_telnet_is_enabled (f->telnet, BENCH_TELNET_OPT_COM_PORT, BENCH_TELNET_LOCAL));
  g_assert_false (bench_telnet_is_enabled (f->telnet, BENCH_TELNET_OPT_ECHO, BENCH_TELNET_REMOTE));
  g_assert_false (bench_telnet_is_pending (f->telnet, BENCH_TELNET_OPT_COM_PORT, BENCH_TELNET_LOCAL));
  g_assert_cmpuint (f->options->len, ==, 5);
  g_assert_cmpstr (g_ptr_array_index (f->options, 4), ==, "local 44 on");

  /* the same again changes nothing; only the refused offer is refused again
   * (RFC 1143: a WILL for a disabled option is always answered) */
  g_byte_array_set_size (f->sent, 0);
  bench_telnet_decode (f->telnet, greeting, sizeof greeting, out);
  g_assert_cmpmem (f->sent->data, f->sent->len, expect_answers, sizeof expect_answers);
  g_assert_cmpuint (f->options->len, ==, 5);

  /* the server turns COM-PORT off: acknowledged once, reported once */
  {
    static const guint8 dont[] = { 255, 254, 44 };
    static const guint8 wont_answer[] = { 255, 252, 44 };

    g_byte_array_set_size (f->sent, 0);
    bench_telnet_decode (f->telnet, dont, sizeof dont, out);
    g_assert_cmpmem (f->sent->data, f->sent->len, wont_answer, sizeof wont_answer);
    g_assert_cmpstr (g_ptr_array_index (f->options, 5), ==, "local 44 off");
    g_byte_array_set_size (f->sent, 0);
    bench_telnet_decode (f->telnet, dont, sizeof dont, out);
    g_assert_cmpuint (f->sent->len, ==, 0);
  }
}

static void
test_refused (Fixture       *f,
              gconstpointer  data)
{
  static const guint8 wont[] = { 255, 252, 44 };
  static const guint8 unknown_do[] = { 255, 253, 24 };    /* DO TERMINAL-TYPE */
  static const guint8 answer[] = { 255, 252, 24 };
  guint8 out[4];

  bench_telnet_request (f->telnet, BENCH_TELNET_OPT_COM_PORT, BENCH_TELNET_REMOTE, TRUE);
  g_byte_array_set_size (f->sent, 0);
  bench_telnet_decode (f->telnet, wont, sizeof wont, out);
  /* a refusal of our request is not answered, and reported as off */
  g_assert_cmpuint (f->sent->len, ==, 0);
  g_assert_cmpstr (g_ptr_array_index (f->options, 0), ==, "remote 44 off");
  g_assert_false (bench_telnet_is_pending (f->telnet, BENCH_TELNET_OPT_COM_PORT, BENCH_TELNET_REMOTE));

  /* an option we do not know is declined */
  bench_telnet_decode (f->telnet, unknown_do, sizeof unknown_do, out);
  g_assert_cmpmem (f->sent->data, f->sent->len, answer, sizeof answer);
  g_assert_cmpuint (f->options->len, ==, 1);
}

static void
test_subnegotiation (Fixture       *f,
                     gconstpointer  data)
{
  /* an escaped 0xFF inside, split across calls, then a long one */
  static const guint8 part1[] = { 'x', 255, 250, 44, 101, 0x00, 0x01 };
  static const guint8 part2[] = { 255, 255, 0x00, 255 };
  static const guint8 part3[] = { 240, 'y' };
  g_autoptr(GByteArray) plain = g_byte_array_new ();
  g_autoptr(GByteArray) longer = g_byte_array_new ();
  guint8 out[BENCH_TELNET_MAX_SUBNEG + 16];
  gsize n;

  enable_binary (f);

  n = bench_telnet_decode (f->telnet, part1, sizeof part1, out);
  g_byte_array_append (plain, out, n);
  n = bench_telnet_decode (f->telnet, part2, sizeof part2, out);
  g_byte_array_append (plain, out, n);
  n = bench_telnet_decode (f->telnet, part3, sizeof part3, out);
  g_byte_array_append (plain, out, n);
  g_assert_cmpmem (plain->data, plain->len, "xy", 2);
  g_assert_cmpuint (f->subnegs->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (f->subnegs, 0), ==, "44:650001ff00");

  /* longer than the bound: cut and flagged, and the stream stays in step */
  {
    guint8 head[3] = { 255, 250, 44 };
    guint8 tail[3] = { 255, 240, 'z' };
    guint8 fill = 0x41;

    g_byte_array_append (longer, head, 3);
    for (guint i = 0; i < BENCH_TELNET_MAX_SUBNEG + 10; i++)
      g_byte_array_append (longer, &fill, 1);
    g_byte_array_append (longer, tail, 3);
  }
  {
    g_autoptr(GByteArray) got = decode_all (f, longer->data, longer->len, 7);

    g_assert_cmpmem (got->data, got->len, "z", 1);
  }
  g_assert_cmpuint (f->subnegs->len, ==, 2);
  g_assert_true (g_str_has_suffix (g_ptr_array_index (f->subnegs, 1), " cut"));

  /* a command inside a subnegotiation ends it there */
  {
    static const guint8 broken[] = { 255, 250, 44, 107, 0x10, 255, 251, 3, 'q' };

    bench_telnet_set_acceptable (f->telnet, BENCH_TELNET_OPT_SGA, BENCH_TELNET_REMOTE, TRUE);
    n = bench_telnet_decode (f->telnet, broken, sizeof broken, out);
    g_assert_cmpmem (out, n, "q", 1);
    g_assert_cmpstr (g_ptr_array_index (f->subnegs, 2), ==, "44:6b10");
    g_assert_true (bench_telnet_is_enabled (f->telnet, BENCH_TELNET_OPT_SGA, BENCH_TELNET_REMOTE));
  }
}

/* Without binary mode: CR NUL is a CR, and we send CR as CR NUL. */
static void
test_nvt (Fixture       *f,
          gconstpointer  data)
{
  static const guint8 wire[] = { 'a', '\r', 0, 'b', '\r', '\n', 'c', 255, 241, '\r' };
  static const guint8 wire2[] = { 0, 'd' };
  g_autoptr(GByteArray) escaped = g_byte_array_new ();
  guint8 out[16];
  gsize n;

  n = bench_telnet_decode (f->telnet, wire, sizeof wire, out);
  g_assert_cmpmem (out, n, "a\rb\r\nc\r", 7);
  /* the NUL that follows a CR in the next read is dropped too */
  n = bench_telnet_decode (f->telnet, wire2, sizeof wire2, out);
  g_assert_cmpmem (out, n, "d", 1);

  bench_telnet_escape_append (escaped, (const guint8 *) "x\ry\r\n\xff\r", 7, FALSE);
  g_assert_cmpmem (escaped->data, escaped->len, "x\r\0y\r\n\xff\xff\r\0", 10);
}

static void
test_rfc2217_messages (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  static const guint8 baud[] = { 255, 250, 44, 1, 0x00, 0x01, 0xc2, 0x00, 255, 240 };
  /* 0xFF in a value is escaped: 16777215 baud */
  static const guint8 baud_ff[] = { 255, 250, 44, 1, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 255, 240 };
  static const guint8 parity[] = { 255, 250, 44, 3, 3, 255, 240 };
  g_autofree char *modem = NULL;
  g_autofree char *line = NULL;

  bench_rfc2217_append_baud (out, 115200);
  g_assert_cmpmem (out->data, out->len, baud, sizeof baud);
  g_byte_array_set_size (out, 0);
  bench_rfc2217_append_baud (out, 0xffffff);
  g_assert_cmpmem (out->data, out->len, baud_ff, sizeof baud_ff);
  g_byte_array_set_size (out, 0);
  bench_rfc2217_append (out, BENCH_RFC2217_SET_PARITY, BENCH_RFC2217_PARITY_EVEN);
  g_assert_cmpmem (out->data, out->len, parity, sizeof parity);

  /* what we send decodes to what we meant */
  {
    guint8 buf[sizeof baud_ff];

    g_assert_cmpuint (bench_telnet_decode (f->telnet, baud_ff, sizeof baud_ff, buf), ==, 0);
    g_assert_cmpstr (g_ptr_array_index (f->subnegs, 0), ==, "44:0100ffffff");
  }

  modem = bench_rfc2217_modem_state_to_string (BENCH_RFC2217_MODEM_DSR | BENCH_RFC2217_MODEM_CTS | BENCH_RFC2217_MODEM_DELTA_CTS);
  g_assert_cmpstr (modem, ==, "CD off, RI off, DSR on, CTS on");
  line = bench_rfc2217_line_state_to_string (BENCH_RFC2217_LINE_OVERRUN | BENCH_RFC2217_LINE_BREAK | BENCH_RFC2217_LINE_THRE);
  g_assert_cmpstr (line, ==, "overrun, break");
  g_assert_null (bench_rfc2217_line_state_to_string (BENCH_RFC2217_LINE_THRE | BENCH_RFC2217_LINE_TSRE));
}

/* Two codecs talking to each other settle: each exchange ends. */
typedef struct
{
  BenchTelnet *self;
  BenchTelnet *peer;
  guint        depth;
  guint        max_depth;
  guint        messages;
} Wire;

static void
wire_send (gpointer      user_data,
           const guint8 *data,
           gsize         len)
{
  Wire *w = user_data;
  guint8 buf[64];

  g_assert_cmpuint (len, <=, sizeof buf);
  w->messages++;
  w->depth++;
  w->max_depth = MAX (w->max_depth, w->depth);
  g_assert_cmpuint (w->depth, <, 8);
  g_assert_cmpuint (bench_telnet_decode (w->peer, data, len, buf), ==, 0);
  w->depth--;
}

static void
test_two_agents (void)
{
  static const BenchTelnetFuncs funcs = { wire_send, NULL, NULL };
  Wire a = { 0 }, b = { 0 };
  BenchTelnet *ta = bench_telnet_new (&funcs, &a);
  BenchTelnet *tb = bench_telnet_new (&funcs, &b);

  a.self = ta;
  a.peer = tb;
  b.self = tb;
  b.peer = ta;

  /* b accepts binary both ways, refuses everything else */
  bench_telnet_set_acceptable (tb, BENCH_TELNET_OPT_BINARY, BENCH_TELNET_LOCAL, TRUE);
  bench_telnet_set_acceptable (tb, BENCH_TELNET_OPT_BINARY, BENCH_TELNET_REMOTE, TRUE);

  bench_telnet_request (ta, BENCH_TELNET_OPT_BINARY, BENCH_TELNET_LOCAL, TRUE);
  bench_telnet_request (ta, BENCH_TELNET_OPT_BINARY, BENCH_TELNET_REMOTE, TRUE);
  bench_telnet_request (ta, BENCH_TELNET_OPT_COM_PORT, BENCH_TELNET_LOCAL, TRUE);
  bench_telnet_request (tb, BENCH_TELNET_OPT_SGA, BENCH_TELNET_REMOTE, TRUE);
  /* both ask for the same at once */
  bench_telnet_request (tb, BENCH_TELNET_OPT_BINARY, BENCH_TELNET_LOCAL, TRUE);

  g_assert_true (bench_telnet_is_enabled (ta, BENCH_TELNET_OPT_BINARY, BENCH_TELNET_LOCAL));
  g_assert_true (bench_telnet_is_enabled (tb, BENCH_TELNET_OPT_BINARY, BENCH_TELNET_REMOTE));
  g_assert_true (bench_telnet_is_enabled (ta, BENCH_TELNET_OPT_BINARY, BENCH_TELNET_REMOTE));
  g_assert_true (bench_telnet_is_enabled (tb, BENCH_TELNET_OPT_BINARY, BENCH_TELNET_LOCAL));
  g_assert_false (bench_telnet_is_enabled (ta, BENCH_TELNET_OPT_COM_PORT, BENCH_TELNET_LOCAL));
  g_assert_false (bench_telnet_is_pending (ta, BENCH_TELNET_OPT_COM_PORT, BENCH_TELNET_LOCAL));
  g_assert_false (bench_telnet_is_enabled (tb, BENCH_TELNET_OPT_SGA, BENCH_TELNET_REMOTE));
  g_assert_cmpuint (a.max_depth + b.max_depth, <=, 4);
  g_assert_cmpuint (a.messages + b.messages, <=, 10);

  /* turning an option off is agreed too */
  bench_telnet_request (ta, BENCH_TELNET_OPT_BINARY, BENCH_TELNET_LOCAL, FALSE);
  g_assert_false (bench_telnet_is_enabled (ta, BENCH_TELNET_OPT_BINARY, BENCH_TELNET_LOCAL));
  g_assert_false (bench_telnet_is_enabled (tb, BENCH_TELNET_OPT_BINARY, BENCH_TELNET_REMOTE));
  g_assert_false (bench_telnet_is_pending (ta, BENCH_TELNET_OPT_BINARY, BENCH_TELNET_LOCAL));

  bench_telnet_free (ta);
  bench_telnet_free (tb);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) g_test_add ("/benchtop/telnet/" name, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("round-trip", test_round_trip);
  ADD ("decode-in-place", test_decode_in_place);
  ADD ("negotiation", test_negotiation);
  ADD ("refused", test_refused);
  ADD ("subnegotiation", test_subnegotiation);
  ADD ("nvt", test_nvt);
  ADD ("rfc2217-messages", test_rfc2217_messages);
#undef ADD
  g_test_add_func ("/benchtop/telnet/two-agents", test_two_agents);

  return g_test_run ();
}
