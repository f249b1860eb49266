/* test-spec.c - the device spec string: ADDRESS[,OPTION]...
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "bench-escape.h"
#include "bench-spec.h"
#include "bench-util.h"

#include "bench-test-util.h"

/* ---- valid specs ---------------------------------------------------------- */

typedef struct
{
  const char *text;
  const char *canonical;
} ValidCase;

static const ValidCase valid_cases[] = {
  /* addresses */
  { "/dev/ttyUSB0", "/dev/ttyUSB0" },
  { "  /dev/ttyUSB0  ", "/dev/ttyUSB0" },
  { "/dev/serial/by-id/usb-FTDI_FT232R_A5XK3RJT-if00-port0",
    "/dev/serial/by-id/usb-FTDI_FT232R_A5XK3RJT-if00-port0" },
  { "./reader", "./reader" },
  { "COM3", "COM3" },
  { "tcp://host:1", "tcp://host:1" },            /* not a known scheme: a path */
  { "socket://localhost:4000", "socket://localhost:4000" },
  { "socket://192.168.1.10:2000", "socket://192.168.1.10:2000" },
  { "socket://[::1]:4000", "socket://[::1]:4000" },
  { "socket://[fe80::1%eth0]:4000", "socket://[fe80::1%eth0]:4000" },
  { "socket://ser2net.lab.example.:65535", "socket://ser2net.lab.example.:65535" },
  { "SOCKET://h:1", "SOCKET://h:1" },
  { "rfc2217://10.0.0.2:7000", "rfc2217://10.0.0.2:7000" },
  { "rfc2217://b\xc3\xbc" "cher.example:7000", "rfc2217://b\xc3\xbc" "cher.example:7000" },
  { "demo:multimeter", "demo:multimeter" },
  { "demo:thermo", "demo:thermo" },
  { "demo:scpi", "demo:scpi" },
  { "demo:pico", "demo:pico" },
  /* baud */
  { "/dev/ttyUSB0,9600", "/dev/ttyUSB0,baud=9600" },
  { "/dev/ttyUSB0, 9600 ", "/dev/ttyUSB0,baud=9600" },
  { "/dev/ttyUSB0,baud=9600", "/dev/ttyUSB0,baud=9600" },
  { "/dev/ttyUSB0,baud = 9600", "/dev/ttyUSB0,baud=9600" },
  { "/dev/ttyUSB0,baud=115200", "/dev/ttyUSB0" },
  { "/dev/ttyUSB0,baud=12345", "/dev/ttyUSB0,baud=12345" },
  { "/dev/ttyUSB0,1", "/dev/ttyUSB0,baud=1" },
  { "/dev/ttyUSB0,009600", "/dev/ttyUSB0,baud=9600" },
  { "/dev/ttyUSB0,baud=4294967295", "/dev/ttyUSB0,baud=4294967295" },
  /* framing shorthands */
  { "/dev/x,8N1", "/dev/x" },
  { "/dev/x,8n1", "/dev/x" },
  { "/dev/x,7E1", "/dev/x,7E1" },
  { "/dev/x,8N2", "/dev/x,8N2" },
  { "/dev/x,5o1", "/dev/x,5O1" },
  { "/dev/x,6M2", "/dev/x,6M2" },
  { "/dev/x,7s1", "/dev/x,7S1" },
  { "/dev/x,9600,7E1", "/dev/x,baud=9600,7E1" },
  { "/dev/x,7E1,9600", "/dev/x,baud=9600,7E1" },
  /* framing keys */
  { "/dev/x,data=7", "/dev/x,7N1" },
  { "/dev/x,data=5,parity=even,stop=2", "/dev/x,5E2" },
  { "/dev/x,parity=odd", "/dev/x,8O1" },
  { "/dev/x,parity=MARK", "/dev/x,8M1" },
  { "/dev/x,parity=space", "/dev/x,8S1" },
  { "/dev/x,parity=none,data=8,stop=1", "/dev/x" },
  /* flow */
  { "/dev/x,flow=rtscts", "/dev/x,flow=rtscts" },
  { "/dev/x,flow=xonxoff", "/dev/x,flow=xonxoff" },
  { "/dev/x,flow=none", "/dev/x" },
  /* eol */
  { "/dev/x,eol=auto", "/dev/x" },
  { "/dev/x,eol=lf", "/dev/x,eol=lf" },
  { "/dev/x,eol=CR", "/dev/x,eol=cr" },
  { "/dev/x,eol=crlf", "/dev/x,eol=crlf" },
  { "/dev/x,eol=\\r\\n", "/dev/x,eol=crlf" },
  { "/dev/x,eol=\\x0A", "/dev/x,eol=lf" },
  { "/dev/x,eol=\\x03", "/dev/x,eol=\\x03" },
  { "/dev/x,eol=\\x00", "/dev/x,eol=\\x00" },
  { "/dev/x,eol=END", "/dev/x,eol=END" },
  { "/dev/x,eol=\\n\\n", "/dev/x,eol=\\x0a\\x0a" },
  { "/dev/x,eol=\\x6c\\x66", "/dev/x,eol=\\x6c\\x66" },       /* the bytes "lf" */
  { "/dev/x,eol=\\x4eone", "/dev/x,eol=\\x4e\\x6f\\x6e\\x65" }, /* "None" */
  { "/dev/x,eol=a\\x2cb", "/dev/x,eol=a\\x2cb" },
  { "/dev/x,eol=\\x20>", "/dev/x,eol=\\x20>" },
  { "/dev/x,eol==", "/dev/x,eol==" },
  { "/dev/x,eol=\\\\", "/dev/x,eol=\\\\" },
  /* tx-eol */
  { "/dev/x,tx-eol=lf", "/dev/x" },
  { "/dev/x,tx-eol=\\n", "/dev/x" },
  { "/dev/x,tx-eol=cr", "/dev/x,tx-eol=cr" },
  { "/dev/x,tx-eol=crlf", "/dev/x,tx-eol=crlf" },
  { "/dev/x,tx-eol=none", "/dev/x,tx-eol=none" },
  { "/dev/x,tx-eol=\\x04", "/dev/x,tx-eol=\\x04" },
  { "/dev/x,tx-eol=;\\r", "/dev/x,tx-eol=;\\x0d" },
  /* name */
  { "/dev/x,name=PSU", "/dev/x,name=PSU" },
  { "/dev/x,name=Bench\\x20PSU", "/dev/x,name=Bench PSU" },
  { "/dev/x,name=Bench PSU", "/dev/x,name=Bench PSU" },
  { "/dev/x,name=a\\x2cb", "/dev/x,name=a\\x2cb" },
  { "/dev/x,name=\\x20x\\x20", "/dev/x,name=\\x20x\\x20" },
  { "/dev/x,name=Gr\xc3\xb6\xc3\x9f" "e", "/dev/x,name=Gr\xc3\xb6\xc3\x9f" "e" },
  { "/dev/x,name=tab\\there", "/dev/x,name=tab\\there" },
  { "/dev/x,name=back\\\\slash", "/dev/x,name=back\\\\slash" },
  { "/dev/x,name=a=b", "/dev/x,name=a=b" },
  { "/dev/x,name=\\xc2\\x85", "/dev/x,name=\\xc2\\x85" },
  /* dtr, rts */
  { "/dev/x,dtr=on", "/dev/x,dtr=on" },
  { "/dev/x,dtr=off", "/dev/x,dtr=off" },
  { "/dev/x,dtr=YES", "/dev/x,dtr=on" },
  { "/dev/x,rts=true", "/dev/x,rts=on" },
  { "/dev/x,rts=0", "/dev/x,rts=off" },
  { "/dev/x,rts=No", "/dev/x,rts=off" },
  { "/dev/x,rts=1,dtr=false", "/dev/x,dtr=off,rts=on" },
  /* max-line */
  { "/dev/x,max-line=16", "/dev/x,max-line=16" },
  { "/dev/x,max-line=268435456", "/dev/x,max-line=268435456" },
  { "/dev/x,max-line=65536", "/dev/x" },
  /* reconnect */
  { "/dev/x,reconnect=off", "/dev/x,reconnect=off" },
  { "/dev/x,reconnect=no", "/dev/x,reconnect=off" },
  { "/dev/x,reconnect=on", "/dev/x" },
  /* plot */
  { "/dev/x,plot=kv", "/dev/x,plot=kv" },
  { "/dev/x,plot=csv", "/dev/x,plot=csv" },
  { "/dev/x,plot=off", "/dev/x,plot=off" },
  { "/dev/x,plot=auto", "/dev/x" },
  /* everything, in a scrambled order: printed in the canonical one */
  { " demo:scpi , plot=csv,reconnect=off,max-line=1024,rts=off,dtr=on,name=SCPI\\x20meter,"
    "tx-eol=crlf,eol=cr,flow=xonxoff,7E2,19200",
    "demo:scpi,baud=19200,7E2,flow=xonxoff,eol=cr,tx-eol=crlf,name=SCPI meter,dtr=on,rts=off,"
    "max-line=1024,reconnect=off,plot=csv" },
};

static void
test_spec_valid (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (valid_cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(BenchSpec) spec = NULL;
      g_autoptr(BenchSpec) again = NULL;
      g_autofree char *printed = NULL;
      g_autofree char *reprinted = NULL;

      g_test_message ("%s", valid_cases[i].text);
      spec = bench_spec_parse (valid_cases[i].text, &error);
      g_assert_no_error (error);
      g_assert_nonnull (spec);

      printed = bench_spec_to_string (spec);
      g_assert_cmpstr (printed, ==, valid_cases[i].canonical);

      /* the canonical form parses to the same spec and prints the same */
      again = bench_spec_parse (printed, &error);
      g_assert_no_error (error);
      g_assert_true (bench_spec_equal (spec, again));
      reprinted = bench_spec_to_string (again);
      g_assert_cmpstr (reprinted, ==, printed);
    }
}

static void
test_spec_defaults (void)
{
  g_autoptr(BenchSpec) spec = bench_spec_parse ("/dev/ttyUSB0", NULL);
  g_autoptr(BenchSpec) fresh = bench_spec_new ();

  g_assert_nonnull (spec);
  g_assert_cmpint (spec->kind, ==, BENCH_ADDRESS_TTY);
  g_assert_cmpstr (spec->address, ==, "/dev/ttyUSB0");
  g_assert_cmpstr (spec->path, ==, "/dev/ttyUSB0");
  g_assert_null (spec->host);
  g_assert_null (spec->demo);
  g_assert_cmpuint (spec->baud, ==, 115200);
  g_assert_cmpuint (spec->data_bits, ==, 8);
  g_assert_cmpint (spec->parity, ==, BENCH_PARITY_NONE);
  g_assert_cmpuint (spec->stop_bits, ==, 1);
  g_assert_cmpint (spec->flow, ==, BENCH_FLOW_NONE);
  g_assert_null (spec->eol);
  g_assert_nonnull (spec->tx_eol);
  g_assert_cmpmem (g_bytes_get_data (spec->tx_eol, NULL), g_bytes_get_size (spec->tx_eol), "\n", 1);
  g_assert_null (spec->name);
  g_assert_cmpint (spec->dtr, ==, BENCH_SWITCH_DEFAULT);
  g_assert_cmpint (spec->rts, ==, BENCH_SWITCH_DEFAULT);
  g_assert_cmpuint (spec->max_line, ==, 65536);
  g_assert_true (spec->reconnect);
  g_assert_cmpint (spec->plot, ==, BENCH_PLOT_AUTO);

  /* a new spec has the same options and no address */
  g_assert_null (fresh->address);
  g_assert_cmpuint (fresh->baud, ==, BENCH_SPEC_DEFAULT_BAUD);
  g_assert_cmpuint (fresh->max_line, ==, BENCH_SPEC_DEFAULT_MAX_LINE);
  g_assert_nonnull (fresh->tx_eol);
  g_assert_true (bench_spec_set_address (fresh, "/dev/ttyUSB0", NULL));
  g_assert_true (bench_spec_equal (fresh, spec));
}

static void
test_spec_fields (void)
{
  g_autoptr(BenchSpec) spec = NULL;
  g_autoptr(GError) error = NULL;

  spec = bench_spec_parse ("socket://[::1]:4000,9600,7E2,flow=rtscts,eol=\\x03,tx-eol=none,"
                           "name=a\\x2cb,dtr=off,rts=on,max-line=100,reconnect=off,plot=kv",
                           &error);
  g_assert_no_error (error);
  g_assert_cmpint (spec->kind, ==, BENCH_ADDRESS_SOCKET);
  g_assert_cmpstr (spec->address, ==, "socket://[::1]:4000");
  g_assert_null (spec->path);
  g_assert_cmpstr (spec->host, ==, "::1");
  g_assert_cmpuint (spec->port, ==, 4000);
  g_assert_cmpuint (spec->baud, ==, 9600);
  g_assert_cmpuint (spec->data_bits, ==, 7);
  g_assert_cmpint (spec->parity, ==, BENCH_PARITY_EVEN);
  g_assert_cmpuint (spec->stop_bits, ==, 2);
  g_assert_cmpint (spec->flow, ==, BENCH_FLOW_RTSCTS);
  g_assert_cmpmem (g_bytes_get_data (spec->eol, NULL), g_bytes_get_size (spec->eol), "\x03", 1);
  g_assert_cmpuint (g_bytes_get_size (spec->tx_eol), ==, 0);
  g_assert_cmpstr (spec->name, ==, "a,b");
  g_assert_cmpint (spec->dtr, ==, BENCH_SWITCH_OFF);
  g_assert_cmpint (spec->rts, ==, BENCH_SWITCH_ON);
  g_assert_cmpuint (spec->max_line, ==, 100);
  g_assert_false (spec->reconnect);
  g_assert_cmpint (spec->plot, ==, BENCH_PLOT_KV);
  g_clear_pointer (&spec, bench_spec_free);

  spec = bench_spec_parse ("rfc2217://ser2net:7000", &error);
  g_assert_no_error (error);
  g_assert_cmpint (spec->kind, ==, BENCH_ADDRESS_RFC2217);
  g_assert_cmpstr (spec->host, ==, "ser2net");
  g_assert_cmpuint (spec->port, ==, 7000);
  g_clear_pointer (&spec, bench_spec_free);

  spec = bench_spec_parse ("demo:pico", &error);
  g_assert_no_error (error);
  g_assert_cmpint (spec->kind, ==, BENCH_ADDRESS_DEMO);
  g_assert_cmpstr (spec->demo, ==, "pico");
  g_assert_null (spec->path);
  g_clear_pointer (&spec, bench_spec_free);

  spec = bench_spec_parse ("/dev/x,eol=crlf,tx-eol=cr", &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (spec->eol, NULL), g_bytes_get_size (spec->eol), "\r\n", 2);
  g_assert_cmpmem (g_bytes_get_data (spec->tx_eol, NULL), g_bytes_get_size (spec->tx_eol), "\r", 1);
}

/* ---- invalid specs -------------------------------------------------------- */

typedef struct
{
  const char *text;
  const char *needles[3];   /* each must appear in the message */
} InvalidCase;

static const InvalidCase invalid_cases[] = {
  /* empty and missing parts */
  { "", { "Empty device spec", "ADDRESS[,OPTION]" } },
  { "   ", { "Empty device spec" } },
  { ",9600", { "Missing address in “,9600”", "socket://HOST:PORT", "demo:NAME" } },
  { " ,9600", { "Missing address" } },
  { "/dev/x,", { "Empty option 1 in “/dev/x,”" } },
  { "/dev/x,9600,", { "Empty option 2" } },
  { "/dev/x,,9600", { "Empty option 1" } },
  { "/dev/x, ,9600", { "Empty option 1" } },
  /* unknown options */
  { "/dev/x,speed=9600", { "Unknown option “speed” in “/dev/x,speed=9600”",
                           "expected one of baud, data, parity, stop, flow, eol, tx-eol, name, "
                           "dtr, rts, max-line, reconnect, plot" } },
  { "/dev/x,Baud=9600", { "Unknown option “Baud”" } },
  { "/dev/x,=9600", { "Missing option name", "expected one of baud" } },
  { "/dev/x,fast", { "Unknown option “fast”", "a baud rate such as 9600", "framing such as 8N1" } },
  { "/dev/x,+9600", { "Unknown option “+9600”" } },
  { "/dev/x,9600baud", { "Unknown option “9600baud”" } },
  { "/dev/x,8N1x", { "Unknown option “8N1x”" } },
  /* baud */
  { "/dev/ttyUSB0,baud=abc", { "Invalid value “abc” for baud in “/dev/ttyUSB0,baud=abc”: "
                               "expected a positive integer" } },
  { "/dev/x,baud=0", { "Invalid value “0” for baud", "positive integer" } },
  { "/dev/x,baud=-9600", { "Invalid value “-9600” for baud" } },
  { "/dev/x,baud=+9600", { "Invalid value “+9600” for baud" } },
  { "/dev/x,baud=4294967296", { "Invalid value “4294967296” for baud" } },
  { "/dev/x,baud=99999999999999999999999", { "“99999999999999999999999” for baud" } },
  { "/dev/x,baud=", { "Invalid value “” for baud" } },
  { "/dev/x,baud=9600.0", { "Invalid value “9600.0” for baud" } },
  { "/dev/x,baud=1e3", { "Invalid value “1e3” for baud" } },
  { "/dev/x,baud=0x2580", { "Invalid value “0x2580” for baud" } },
  { "/dev/x,0", { "Invalid baud rate “0”", "positive integer" } },
  { "/dev/x,000", { "Invalid baud rate “000”" } },
  { "/dev/x,4294967296", { "Invalid baud rate “4294967296”" } },
  /* framing */
  { "/dev/x,data=4", { "Invalid value “4” for data", "5, 6, 7 or 8" } },
  { "/dev/x,data=9", { "Invalid value “9” for data" } },
  { "/dev/x,data=eight", { "Invalid value “eight” for data" } },
  { "/dev/x,parity=n", { "Invalid value “n” for parity", "none, even, odd, mark or space" } },
  { "/dev/x,stop=0", { "Invalid value “0” for stop", "1 or 2" } },
  { "/dev/x,stop=1.5", { "Invalid value “1.5” for stop" } },
  { "/dev/x,stop=3", { "Invalid value “3” for stop" } },
  { "/dev/x,9N1", { "Invalid framing “9N1”", "data bits 5-8", "parity N, E, O, M or S" } },
  { "/dev/x,4N1", { "Invalid framing “4N1”" } },
  { "/dev/x,8X1", { "Invalid framing “8X1”" } },
  { "/dev/x,8N3", { "Invalid framing “8N3”", "stop bits 1 or 2" } },
  { "/dev/x,flow=hw", { "Invalid value “hw” for flow", "none, rtscts or xonxoff" } },
  /* eol, tx-eol */
  { "/dev/x,eol=", { "Invalid value “” for eol", "auto, lf, cr, crlf or an escaped string" } },
  { "/dev/x,eol=none", { "Invalid value “none” for eol" } },
  { "/dev/x,eol=\\q", { "Invalid value “\\q” for eol", "“\\q” at position 1" } },
  { "/dev/x,eol=ab\\", { "Invalid value “ab\\” for eol", "position 3" } },
  { "/dev/x,eol=\\x3", { "Invalid value “\\x3” for eol", "two hex digits" } },
  { "/dev/x,tx-eol=auto", { "Invalid value “auto” for tx-eol", "lf, cr, crlf, none" } },
  { "/dev/x,tx-eol=", { "Invalid value “” for tx-eol" } },
  { "/dev/x,tx-eol=\\", { "Invalid value “\\” for tx-eol" } },
  /* name */
  { "/dev/x,name=", { "Invalid value “” for name", "non-empty" } },
  { "/dev/x,name=\\xff", { "Invalid value “\\xff” for name", "valid UTF-8" } },
  { "/dev/x,name=a\\x00b", { "Invalid value “a\\x00b” for name", "NUL" } },
  { "/dev/x,name=\\z", { "Invalid value “\\z” for name", "“\\z” at position 1" } },
  /* switches */
  { "/dev/x,dtr=maybe", { "Invalid value “maybe” for dtr", "on or off" } },
  { "/dev/x,rts=2", { "Invalid value “2” for rts", "on or off" } },
  { "/dev/x,reconnect=sometimes", { "Invalid value “sometimes” for reconnect", "on or off" } },
  /* max-line */
  { "/dev/x,max-line=15", { "Invalid value “15” for max-line", "from 16 to 268435456" } },
  { "/dev/x,max-line=268435457", { "Invalid value “268435457” for max-line" } },
  { "/dev/x,max-line=64k", { "Invalid value “64k” for max-line" } },
  /* plot */
  { "/dev/x,plot=bar", { "Invalid value “bar” for plot", "auto, kv, csv or off" } },
  { "/dev/x,plot=regex", { "Invalid value “regex” for plot" } },
  /* repeated keys, also through shorthands */
  { "/dev/x,baud=9600,baud=19200",
    { "Option baud is given twice", "“baud=9600”", "“baud=19200”" } },
  { "/dev/x,9600,baud=19200", { "Option baud is given twice", "“9600”", "“baud=19200”" } },
  { "/dev/x,9600,19200", { "Option baud is given twice" } },
  { "/dev/x,8N1,data=7", { "Option data is given twice", "“8N1”", "“data=7”" } },
  { "/dev/x,parity=odd,7E1", { "Option parity is given twice", "“7E1”" } },
  { "/dev/x,7E1,8N1", { "Option data is given twice" } },
  { "/dev/x,name=a,name=b", { "Option name is given twice" } },
  { "/dev/x,eol=lf,eol=cr", { "Option eol is given twice" } },
  /* network addresses */
  { "socket://host", { "Invalid address “socket://host”", "missing port", "socket://HOST:PORT" } },
  { "socket://host:", { "Invalid port “”", "from 1 to 65535" } },
  { "socket://host:0", { "Invalid port “0”", "from 1 to 65535" } },
  { "socket://host:65536", { "Invalid port “65536”" } },
  { "socket://host:80x", { "Invalid port “80x”" } },
  { "socket://host:-1", { "Invalid port “-1”" } },
  { "socket://host:80/path", { "Invalid port “80/path”" } },
  { "socket://:80", { "Invalid address “socket://:80”", "missing host" } },
  { "socket://", { "Invalid address “socket://”" } },
  { "socket://::1:80", { "Invalid address “socket://::1:80”", "brackets", "[::1]" } },
  { "socket://[::1:80", { "Invalid address “socket://[::1:80”", "missing “]”" } },
  { "socket://[::1]80", { "Invalid address “socket://[::1]80”", "socket://HOST:PORT" } },
  { "socket://[::1]", { "Invalid address “socket://[::1]”" } },
  { "socket://[1.2.3.4]:80", { "“1.2.3.4” is not an IPv6 address" } },
  { "socket://[]:80", { "“” is not an IPv6 address" } },
  { "rfc2217://bad_host!:80", { "Invalid host “bad_host!”", "host name" } },
  { "rfc2217://a..b:80", { "Invalid host “a..b”" } },
  { "rfc2217://.a:80", { "Invalid host “.a”" } },
  { "rfc2217://a b:80", { "Invalid host “a b”" } },
  { "rfc2217://host:99999", { "Invalid port “99999”" } },
  /* demo instruments */
  { "demo:foo", { "Unknown demo instrument “foo” in “demo:foo”",
                  "multimeter, thermo, scpi, pico" } },
  { "demo:", { "Unknown demo instrument “”" } },
  { "demo:Pico", { "Unknown demo instrument “Pico”" } },
  { "demo:pico2", { "Unknown demo instrument “pico2”" } },
  /* not UTF-8, and control characters in messages */
  { "/dev/\xff", { "Invalid device spec “/dev/\\xff”", "not valid UTF-8" } },
  { "/dev/x,name=\xc3", { "not valid UTF-8" } },
  { "/dev/x,baud=\x01", { "Invalid value “\\x01” for baud in “/dev/x,baud=\\x01”" } },
};

static void
test_spec_invalid (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (invalid_cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(BenchSpec) spec = NULL;

      spec = bench_spec_parse (invalid_cases[i].text, &error);
      g_assert_null (spec);
      g_assert_error (error, BENCH_ERROR, BENCH_ERROR_INVALID_SPEC);
      g_test_message ("%s", error->message);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));

      for (guint n = 0; n < G_N_ELEMENTS (invalid_cases[i].needles); n++)
        {
          const char *needle = invalid_cases[i].needles[n];

          if (needle == NULL)
            break;
          if (strstr (error->message, needle) == NULL)
            g_error ("message “%s” for “%s” lacks “%s”", error->message, invalid_cases[i].text,
                     needle);
        }

      /* and a NULL error is fine */
      g_assert_null (bench_spec_parse (invalid_cases[i].text, NULL));
    }
}

/* The example message of the contract, word for word. */
static void
test_spec_message (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (bench_spec_parse ("/dev/ttyUSB0,baud=abc", &error));
  g_assert_error (error, BENCH_ERROR, BENCH_ERROR_INVALID_SPEC);
  g_assert_cmpstr (error->message, ==,
                   "Invalid value “abc” for baud in “/dev/ttyUSB0,baud=abc”: "
                   "expected a positive integer");
}

/* ---- printing, copying, comparing ------------------------------------------- */

static void
test_spec_display_name (void)
{
  static const struct {
    const char *text;
    const char *name;
  } cases[] = {
    { "/dev/ttyUSB0", "ttyUSB0" },
    { "/dev/serial/by-id/usb-FTDI_FT232R-if00-port0,9600", "usb-FTDI_FT232R-if00-port0" },
    { "./reader", "reader" },
    { "reader", "reader" },
    { "socket://localhost:4000", "localhost:4000" },
    { "socket://[::1]:4000", "[::1]:4000" },
    { "rfc2217://10.0.0.2:07000", "10.0.0.2:7000" },
    { "demo:thermo", "thermo" },
    { "demo:thermo,name=Oven", "Oven" },
    { "/dev/ttyACM0,name=Bench\\x20PSU\\x2c left", "Bench PSU, left" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(BenchSpec) spec = bench_spec_parse (cases[i].text, NULL);
      g_autofree char *name = NULL;

      g_assert_nonnull (spec);
      name = bench_spec_dup_display_name (spec);
      g_assert_cmpstr (name, ==, cases[i].name);
    }
}

static void
test_spec_framing (void)
{
  static const struct {
    const char *text;
    const char *framing;
  } cases[] = {
    { "/dev/x", "115200 8N1" },
    { "/dev/x,9600,7E2,flow=rtscts", "9600 7E2 rtscts" },
    { "/dev/x,5O1,flow=xonxoff,300", "300 5O1 xonxoff" },
    { "/dev/x,parity=mark", "115200 8M1" },
    { "/dev/x,parity=space,stop=2", "115200 8S2" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(BenchSpec) spec = bench_spec_parse (cases[i].text, NULL);
      g_autofree char *framing = NULL;

      g_assert_nonnull (spec);
      framing = bench_spec_dup_framing (spec);
      g_assert_cmpstr (framing, ==, cases[i].framing);
    }
}

static void
test_spec_enum_strings (void)
{
  g_assert_cmpstr (bench_parity_to_string (BENCH_PARITY_NONE), ==, "none");
  g_assert_cmpstr (bench_parity_to_string (BENCH_PARITY_EVEN), ==, "even");
  g_assert_cmpstr (bench_parity_to_string (BENCH_PARITY_ODD), ==, "odd");
  g_assert_cmpstr (bench_parity_to_string (BENCH_PARITY_MARK), ==, "mark");
  g_assert_cmpstr (bench_parity_to_string (BENCH_PARITY_SPACE), ==, "space");
  g_assert_cmpstr (bench_flow_to_string (BENCH_FLOW_NONE), ==, "none");
  g_assert_cmpstr (bench_flow_to_string (BENCH_FLOW_RTSCTS), ==, "rtscts");
  g_assert_cmpstr (bench_flow_to_string (BENCH_FLOW_XONXOFF), ==, "xonxoff");
  g_assert_cmpstr (bench_plot_mode_to_string (BENCH_PLOT_AUTO), ==, "auto");
  g_assert_cmpstr (bench_plot_mode_to_string (BENCH_PLOT_KV), ==, "kv");
  g_assert_cmpstr (bench_plot_mode_to_string (BENCH_PLOT_CSV), ==, "csv");
  g_assert_cmpstr (bench_plot_mode_to_string (BENCH_PLOT_OFF), ==, "off");
  g_assert_cmpstr (bench_plot_mode_to_string (BENCH_PLOT_REGEX), ==, "regex");
}

static void
test_spec_copy_equal (void)
{
  g_autoptr(BenchSpec) spec = bench_spec_parse ("socket://h:1,9600,eol=END,name=x", NULL);
  g_autoptr(BenchSpec) copy = NULL;
  g_autoptr(BenchSpec) boxed = NULL;

  g_assert_nonnull (spec);
  copy = bench_spec_copy (spec);
  g_assert_true (copy != spec);
  g_assert_true (copy->host != spec->host);
  g_assert_true (bench_spec_equal (spec, copy));
  g_assert_true (bench_spec_equal (spec, spec));

  boxed = g_boxed_copy (BENCH_TYPE_SPEC, spec);
  g_assert_true (bench_spec_equal (spec, boxed));
  g_assert_true (G_TYPE_IS_BOXED (BENCH_TYPE_SPEC));
  g_assert_cmpstr (g_type_name (BENCH_TYPE_SPEC), ==, "BenchSpec");

  /* each field counts */
  copy->baud = 19200;
  g_assert_false (bench_spec_equal (spec, copy));
  copy->baud = spec->baud;
  copy->reconnect = FALSE;
  g_assert_false (bench_spec_equal (spec, copy));
  copy->reconnect = TRUE;
  g_clear_pointer (&copy->name, g_free);
  g_assert_false (bench_spec_equal (spec, copy));
  copy->name = g_strdup ("x");
  g_clear_pointer (&copy->eol, g_bytes_unref);
  g_assert_false (bench_spec_equal (spec, copy));
  copy->eol = g_bytes_new ("END", 3);
  g_assert_true (bench_spec_equal (spec, copy));
  copy->port = 2;
  g_assert_false (bench_spec_equal (spec, copy));
  copy->port = 1;
  g_clear_pointer (&copy->tx_eol, g_bytes_unref);
  copy->tx_eol = g_bytes_new ("", 0);
  g_assert_false (bench_spec_equal (spec, copy));

  /* an empty eol is auto, like NULL */
  g_clear_pointer (&copy->eol, g_bytes_unref);
  g_clear_pointer (&spec->eol, g_bytes_unref);
  spec->eol = g_bytes_new ("", 0);
  g_clear_pointer (&copy->tx_eol, g_bytes_unref);
  copy->tx_eol = g_bytes_new ("\n", 1);
  g_assert_true (bench_spec_equal (spec, copy));

  bench_spec_free (NULL);
}

static void
test_spec_set_address (void)
{
  g_autoptr(BenchSpec) spec = bench_spec_parse ("/dev/ttyUSB0,9600,name=Meter", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *printed = NULL;

  g_assert_true (bench_spec_set_address (spec, " socket://[::1]:4000 ", &error));
  g_assert_no_error (error);
  g_assert_cmpint (spec->kind, ==, BENCH_ADDRESS_SOCKET);
  g_assert_cmpstr (spec->address, ==, "socket://[::1]:4000");
  g_assert_null (spec->path);
  g_assert_cmpstr (spec->host, ==, "::1");
  g_assert_cmpuint (spec->port, ==, 4000);
  g_assert_cmpuint (spec->baud, ==, 9600);
  printed = bench_spec_to_string (spec);
  g_assert_cmpstr (printed, ==, "socket://[::1]:4000,baud=9600,name=Meter");

  g_assert_true (bench_spec_set_address (spec, "demo:scpi", &error));
  g_assert_cmpint (spec->kind, ==, BENCH_ADDRESS_DEMO);
  g_assert_null (spec->host);
  g_assert_cmpuint (spec->port, ==, 0);
  g_assert_cmpstr (spec->demo, ==, "scpi");

  /* failures leave the spec alone */
  g_assert_false (bench_spec_set_address (spec, "/dev/a,b", &error));
  g_assert_error (error, BENCH_ERROR, BENCH_ERROR_INVALID_SPEC);
  g_assert_nonnull (strstr (error->message, "comma"));
  g_clear_error (&error);
  g_assert_false (bench_spec_set_address (spec, "socket://h:0", &error));
  g_assert_error (error, BENCH_ERROR, BENCH_ERROR_INVALID_SPEC);
  g_clear_error (&error);
  g_assert_false (bench_spec_set_address (spec, "  ", &error));
  g_assert_error (error, BENCH_ERROR, BENCH_ERROR_INVALID_SPEC);
  g_clear_error (&error);
  g_assert_false (bench_spec_set_address (spec, "/dev/\xfe", &error));
  g_assert_error (error, BENCH_ERROR, BENCH_ERROR_INVALID_SPEC);
  g_assert_cmpstr (spec->address, ==, "demo:scpi");
  g_assert_cmpint (spec->kind, ==, BENCH_ADDRESS_DEMO);

  g_assert_true (bench_spec_set_address (spec, "/dev/ttyS0", NULL));
  g_assert_cmpint (spec->kind, ==, BENCH_ADDRESS_TTY);
  g_assert_cmpstr (spec->path, ==, "/dev/ttyS0");
  g_assert_null (spec->demo);
}

/* ---- the round-trip property -------------------------------------------- */

static char *
random_text (GRand    *rand,
             gboolean  for_path)
{
  static const char * const pieces[] = {
    ",", " ", "\\", "=", "\t", "\n", "\x01", "\x7f", "\xc2\x85", "\xc2\xa0", "\xc3\xa9",
    "\xe2\x82\xac", "\xf0\x9f\x98\x80", "\\x2c", "lf", "none",
  };
  GString *out = g_string_new (NULL);
  guint n = g_rand_int_range (rand, 1, 12);

  while (n-- > 0)
    {
      if (g_rand_boolean (rand))
        g_string_append_c (out, (char) g_rand_int_range (rand, 0x20, 0x7f));
      else
        g_string_append (out, pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))]);
    }

  if (for_path)
    {
      /* an address holds no comma and is trimmed; keep it a tty path */
      g_strdelimit (out->str, ",", '_');
      g_strstrip (out->str);
      g_string_set_size (out, strlen (out->str));
      if (out->len == 0 || g_ascii_strncasecmp (out->str, "demo:", 5) == 0 ||
          strstr (out->str, "://") != NULL)
        g_string_prepend (out, "/dev/x");
    }

  return g_string_free (out, FALSE);
}

static GBytes *
random_bytes (GRand *rand,
              gsize  min_len)
{
  static const char * const words[] = { "\n", "\r", "\r\n", "lf", "LF", "none", "auto", " ", "," };
  GByteArray *out = g_byte_array_new ();
  guint n;

  if (g_rand_int_range (rand, 0, 4) == 0)
    {
      const char *w = words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))];
      g_byte_array_append (out, (const guint8 *) w, strlen (w));
    }
  else
    {
      for (n = g_rand_int_range (rand, min_len, 7); n > 0; n--)
        {
          guint8 b = (guint8) g_rand_int_range (rand, 0, 256);
          g_byte_array_append (out, &b, 1);
        }
    }

  return g_byte_array_free_to_bytes (out);
}

static BenchSpec *
random_spec (GRand *rand)
{
  static const char * const hosts[] = {
    "localhost", "10.0.0.2", "[::1]", "[fe80::1%eth0]", "ser2net.lab.example", "b\303\274cher.de",
  };
  static const char * const demos[] = { "multimeter", "thermo", "scpi", "pico" };
  static const guint bauds[] = { 300, 9600, 115200, 250000, 1, 4294967295u };
  BenchSpec *spec = bench_spec_new ();
  g_autofree char *address = NULL;
  g_autoptr(GError) error = NULL;

  switch (g_rand_int_range (rand, 0, 4))
    {
    case 0:
      address = random_text (rand, TRUE);
      break;

    case 1:
    case 2:
      address = g_strdup_printf ("%s://%s:%d", g_rand_boolean (rand) ? "socket" : "rfc2217",
                                 hosts[g_rand_int_range (rand, 0, G_N_ELEMENTS (hosts))],
                                 g_rand_int_range (rand, 1, 65536));
      break;

    default:
      address = g_strdup_printf ("demo:%s",
                                 demos[g_rand_int_range (rand, 0, G_N_ELEMENTS (demos))]);
      break;
    }

  if (!bench_spec_set_address (spec, address, &error))
    g_error ("random address “%s”: %s", address, error->message);

  if (g_rand_boolean (rand))
    spec->baud = g_rand_boolean (rand) ? bauds[g_rand_int_range (rand, 0, G_N_ELEMENTS (bauds))]
                                       : (guint) g_rand_int_range (rand, 1, G_MAXINT32);
  if (g_rand_boolean (rand))
    {
      spec->data_bits = (guint8) g_rand_int_range (rand, 5, 9);
      spec->parity = (BenchParity) g_rand_int_range (rand, BENCH_PARITY_NONE,
                                                     BENCH_PARITY_SPACE + 1);
      spec->stop_bits = (guint8) g_rand_int_range (rand, 1, 3);
    }
  if (g_rand_boolean (rand))
    spec->flow = (BenchFlow) g_rand_int_range (rand, BENCH_FLOW_NONE, BENCH_FLOW_XONXOFF + 1);
  if (g_rand_boolean (rand))
    spec->eol = random_bytes (rand, 1);
  if (g_rand_boolean (rand))
    {
      g_bytes_unref (spec->tx_eol);
      spec->tx_eol = random_bytes (rand, 0);
    }
  if (g_rand_boolean (rand))
    spec->name = random_text (rand, FALSE);
  spec->dtr = (BenchSwitch) g_rand_int_range (rand, BENCH_SWITCH_DEFAULT, BENCH_SWITCH_ON + 1);
  spec->rts = (BenchSwitch) g_rand_int_range (rand, BENCH_SWITCH_DEFAULT, BENCH_SWITCH_ON + 1);
  if (g_rand_boolean (rand))
    spec->max_line = g_rand_int_range (rand, BENCH_SPEC_MIN_MAX_LINE, BENCH_SPEC_MAX_MAX_LINE + 1);
  spec->reconnect = g_rand_boolean (rand);
  spec->plot = (BenchPlotMode) g_rand_int_range (rand, BENCH_PLOT_AUTO, BENCH_PLOT_OFF + 1);

  return spec;
}

static void
test_spec_round_trip (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (g_test_rand_int ());

  for (guint i = 0; i < 20000; i++)
    {
      g_autoptr(BenchSpec) spec = random_spec (rand);
      g_autoptr(BenchSpec) parsed = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *printed = NULL;
      g_autofree char *reprinted = NULL;

      printed = bench_spec_to_string (spec);
      g_assert_true (g_utf8_validate (printed, -1, NULL));
      parsed = bench_spec_parse (printed, &error);
      if (error != NULL)
        g_error ("“%s” does not parse: %s", printed, error->message);
      if (!bench_spec_equal (spec, parsed))
        g_error ("“%s” parses to a different spec", printed);
      reprinted = bench_spec_to_string (parsed);
      g_assert_cmpstr (reprinted, ==, printed);
    }
}

/* Parsing and printing do not depend on the locale. */
static void
test_spec_locale (void)
{
  g_autofree char *old = g_strdup (setlocale (LC_ALL, NULL));

  if (setlocale (LC_ALL, "de_DE.UTF-8") == NULL)
    {
      g_test_skip ("locale de_DE.UTF-8 is not installed (run locale-gen)");
      return;
    }

  test_spec_valid ();
  test_spec_message ();
  test_spec_framing ();
  test_spec_round_trip ();

  {
    g_autoptr(BenchSpec) spec = bench_spec_parse ("/dev/x,baud=1000000,max-line=1048576", NULL);
    g_autofree char *printed = NULL;

    g_assert_nonnull (spec);
    printed = bench_spec_to_string (spec);
    g_assert_cmpstr (printed, ==, "/dev/x,baud=1000000,max-line=1048576");
  }

  setlocale (LC_ALL, old);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/benchtop/spec/valid", test_spec_valid);
  g_test_add_func ("/benchtop/spec/defaults", test_spec_defaults);
  g_test_add_func ("/benchtop/spec/fields", test_spec_fields);
  g_test_add_func ("/benchtop/spec/invalid", test_spec_invalid);
  g_test_add_func ("/benchtop/spec/message", test_spec_message);
  g_test_add_func ("/benchtop/spec/display-name", test_spec_display_name);
  g_test_add_func ("/benchtop/spec/framing", test_spec_framing);
  g_test_add_func ("/benchtop/spec/enum-strings", test_spec_enum_strings);
  g_test_add_func ("/benchtop/spec/copy-equal", test_spec_copy_equal);
  g_test_add_func ("/benchtop/spec/set-address", test_spec_set_address);
  g_test_add_func ("/benchtop/spec/round-trip", test_spec_round_trip);
  g_test_add_func ("/benchtop/spec/locale", test_spec_locale);

  return g_test_run ();
}
