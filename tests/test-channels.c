/* test-channels.c - channel extraction and the per-device channel set
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <math.h>
#include <string.h>

#include <gio/gio.h>

#include "bench-channel-extractor.h"
#include "bench-channel-set.h"
#include "bench-test-util.h"

/* Runs @lines (separated by '\n') through @ex and describes the values of
 * the last line as "NAME=VALUE NAME=VALUE", values printed with %.15g. */
static char *
describe_last (BenchChannelExtractor *ex,
               const char            *lines)
{
  g_auto(GStrv) split = g_strsplit (lines, "\n", -1);
  GString *out = g_string_new (NULL);

  for (guint i = 0; split[i] != NULL; i++)
    {
      const BenchChannelValue *values;
      guint n = bench_channel_extractor_extract (ex, split[i], strlen (split[i]), &values);

      if (split[i + 1] != NULL)
        continue;

      for (guint k = 0; k < n; k++)
        {
          char buf[G_ASCII_DTOSTR_BUF_SIZE];

          g_ascii_formatd (buf, sizeof buf, "%.15g", values[k].value);
          g_string_append_printf (out, "%s%s=%s", k ? " " : "",
                                  bench_channel_extractor_get_channel_name (ex, values[k].channel),
                                  buf);
        }
    }

  return g_string_free (out, FALSE);
}

typedef struct
{
  BenchPlotMode  mode;
  gboolean       skip_timestamps;
  const char    *lines;
  const char    *expected;
  guint          n_nan;
  guint          n_inf;
  guint          n_overflow;
} Case;

static const Case cases[] = {
  /* AUTO: number forms */
  { BENCH_PLOT_AUTO, FALSE, "42", "1=42" },
  { BENCH_PLOT_AUTO, FALSE, "-17", "1=-17" },
  { BENCH_PLOT_AUTO, FALSE, "+3", "1=3" },
  { BENCH_PLOT_AUTO, FALSE, "3.25", "1=3.25" },
  { BENCH_PLOT_AUTO, FALSE, ".5", "1=0.5" },
  { BENCH_PLOT_AUTO, FALSE, "-.5 +.25", "1=-0.5 2=0.25" },
  { BENCH_PLOT_AUTO, FALSE, "5.", "1=5" },
  { BENCH_PLOT_AUTO, FALSE, "+1.234567E+00", "1=1.234567" },
  { BENCH_PLOT_AUTO, FALSE, "-3.2e-05", "1=-3.2e-05" },
  { BENCH_PLOT_AUTO, FALSE, "1e5 2E-3 6.02214076e23", "1=100000 2=0.002 3=6.02214076e+23" },
  { BENCH_PLOT_AUTO, FALSE, "+9.87654321098765E-12", "1=9.87654321098765e-12" },
  { BENCH_PLOT_AUTO, FALSE, "1.7976931348623157e308", "1=1.79769313486232e+308" },
  { BENCH_PLOT_AUTO, FALSE, "123456789012345678901234567890", "1=1.23456789012346e+29" },
  { BENCH_PLOT_AUTO, FALSE, "-0", "1=-0" },
  { BENCH_PLOT_AUTO, FALSE, "1e-999", "1=0" },
  /* AUTO: units, separators, words */
  { BENCH_PLOT_AUTO, FALSE, "12.5mV", "1=12.5" },
  { BENCH_PLOT_AUTO, FALSE, "3e", "1=3" },
  { BENCH_PLOT_AUTO, FALSE, "23.4°C 45%", "1=23.4 2=45" },
  { BENCH_PLOT_AUTO, FALSE, "V=3.3 I=-0.25A", "1=3.3 2=-0.25" },
  { BENCH_PLOT_AUTO, FALSE, "1,2,3", "1=1 2=2 3=3" },
  { BENCH_PLOT_AUTO, FALSE, "1;2\t3 4", "1=1 2=2 3=3 4=4" },
  { BENCH_PLOT_AUTO, FALSE, "1-2", "1=1 2=2" },
  { BENCH_PLOT_AUTO, FALSE, "(1.5, -2.5) [7]", "1=1.5 2=-2.5 3=7" },
  { BENCH_PLOT_AUTO, FALSE, "CH1: 5.0", "1=5" },
  { BENCH_PLOT_AUTO, FALSE, "x2 y3 ab_4 x.5", "" },
  { BENCH_PLOT_AUTO, FALSE, "0x1F 7", "1=7" },
  { BENCH_PLOT_AUTO, FALSE, "firmware 1.2.3 value 4", "1=4" },
  { BENCH_PLOT_AUTO, FALSE, "hello world", "" },
  { BENCH_PLOT_AUTO, FALSE, "", "" },
  { BENCH_PLOT_AUTO, FALSE, "- . + e E", "" },
  { BENCH_PLOT_AUTO, FALSE, "1 2 3\n4", "1=4" },
  /* AUTO: NaN, infinities and overflow take their position */
  { BENCH_PLOT_AUTO, FALSE, "nan 1 inf -inf 2", "2=1 5=2", 1, 2, 0 },
  { BENCH_PLOT_AUTO, FALSE, "NaN Infinity -INF", "", 1, 2, 0 },
  { BENCH_PLOT_AUTO, FALSE, "Information nano", "" },
  { BENCH_PLOT_AUTO, FALSE, "9.91E+37 1", "2=1", 1, 0, 0 },
  { BENCH_PLOT_AUTO, FALSE, "+9.9E37 -9.90000E+37 3", "3=3", 0, 2, 0 },
  { BENCH_PLOT_AUTO, FALSE, "1e999 5", "2=5", 0, 0, 1 },
  { BENCH_PLOT_AUTO, FALSE, "-1e400", "", 0, 0, 1 },
  { BENCH_PLOT_AUTO, FALSE, "1" "000000000000000000000000000000000000000000000000000000000000000000000000000000"
                            "000000000000000000000000000000000000000000000000000000000000000000000000000000"
                            "000000000000000000000000000000000000000000000000000000000000000000000000000000"
                            "000000000000000000000000000000000000000000000000000000000000000000000000000000", "", 0, 0, 1 },
  /* AUTO: timestamps */
  { BENCH_PLOT_AUTO, FALSE, "12:34:56 5.5", "1=12 2=34 3=56 4=5.5" },
  { BENCH_PLOT_AUTO, TRUE, "12:34:56 5.5", "1=5.5" },
  { BENCH_PLOT_AUTO, TRUE, "[12:34:56.789] V=1.5", "1=1.5" },
  { BENCH_PLOT_AUTO, TRUE, "2026-11-22T01:23:45.123456Z 3.3", "1=3.3" },
  { BENCH_PLOT_AUTO, TRUE, "2026-11-22 01:23:45+01:00,7,8", "1=7 2=8" },
  { BENCH_PLOT_AUTO, TRUE, "2026/11/22 -4", "1=-4" },
  { BENCH_PLOT_AUTO, TRUE, "12:34 5", "1=12 2=34 3=5" },
  { BENCH_PLOT_AUTO, TRUE, "1:02:03x 9", "1=1 2=2 3=3 4=9" },
  { BENCH_PLOT_AUTO, FALSE, "2026-11-22T01:23:45.5Z 3.3", "1=2026 2=11 3=22 4=23 5=45.5 6=3.3" },
  /* KV */
  { BENCH_PLOT_KV, FALSE, "temp=23.4 light=512", "temp=23.4 light=512" },
  { BENCH_PLOT_KV, FALSE, "temp:23.4,light:512", "temp=23.4 light=512" },
  { BENCH_PLOT_KV, FALSE, "temp: 23.4\tlight: 512", "temp=23.4 light=512" },
  { BENCH_PLOT_KV, FALSE, "a = 1 ; b = -2e3", "a=1 b=-2000" },
  { BENCH_PLOT_KV, FALSE, "{\"a\": 1.5, \"b c\": -2, \"s\": \"x\"}", "a=1.5 b c=-2" },
  { BENCH_PLOT_KV, FALSE, "status=OK v=3.3V i=12mA", "v=3.3 i=12" },
  { BENCH_PLOT_KV, FALSE, "12 34 x=5 =6 y=", "x=5" },
  { BENCH_PLOT_KV, FALSE, "x=nan y=1 z=-inf w=1e999", "y=1", 1, 1, 1 },
  { BENCH_PLOT_KV, FALSE, "a=1 a=2", "a=1 a=2" },
  { BENCH_PLOT_KV, FALSE, "url=http://example.com t=5", "t=5" },
  { BENCH_PLOT_KV, FALSE, "time=12:34:56 t=1", "time=12 t=1" },
  { BENCH_PLOT_KV, TRUE, "time=12:34:56 t=1", "t=1" },
  { BENCH_PLOT_KV, FALSE, "a=1 b=2\nb=3 a=4 c=5", "b=3 a=4 c=5" },
  /* CSV */
  { BENCH_PLOT_CSV, FALSE, "1,2,3", "1=1 2=2 3=3" },
  { BENCH_PLOT_CSV, FALSE, "1,2,3\ntime,V,I\n4,5,6", "time=4 V=5 I=6" },
  { BENCH_PLOT_CSV, FALSE, "time,V,I\n12:00:01,1.2,0.3", "V=1.2 I=0.3" },
  { BENCH_PLOT_CSV, FALSE, "t;U [V];I (mA)\n0,1;1.5;20", "U [V]=1.5 I (mA)=20" },
  { BENCH_PLOT_CSV, FALSE, "a\tb\n1.5\t-2", "a=1.5 b=-2" },
  { BENCH_PLOT_CSV, FALSE, "\"x\",\"y, z\"\n1,\"2\"", "x=1 y, z=2" },
  { BENCH_PLOT_CSV, FALSE, "1,,3", "1=1 3=3" },
  { BENCH_PLOT_CSV, FALSE, " 1 , 2 ", "1=1 2=2" },
  { BENCH_PLOT_CSV, FALSE, "1,nan,3,inf,1e999", "1=1 3=3", 1, 1, 1 },
  { BENCH_PLOT_CSV, FALSE, "1.5 V,2mA,+1.0E+01", "1=1.5 2=2 3=10" },
  { BENCH_PLOT_CSV, FALSE, "OK,1.2", "2=1.2" },
  { BENCH_PLOT_CSV, FALSE, "1,2\n3;4", "" },
  { BENCH_PLOT_CSV, FALSE, "5\n6", "1=6" },
  { BENCH_PLOT_CSV, FALSE, "a,b\n1,2\nc,d\n3,4", "c=3 d=4" },
  { BENCH_PLOT_CSV, FALSE, "x,y\n1,2,3", "x=1 y=2 3=3" },
  /* OFF */
  { BENCH_PLOT_OFF, FALSE, "1 2 3", "" },
};

static const char *
mode_name (BenchPlotMode mode)
{
  static const char *names[] = { "auto", "kv", "csv", "off", "regex" };

  return mode < G_N_ELEMENTS (names) ? names[mode] : "?";
}

static void
test_extract_table (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const Case *c = &cases[i];
      g_autoptr(BenchChannelExtractor) ex = bench_channel_extractor_new (c->mode);
      g_autofree char *got = NULL;

      bench_channel_extractor_set_skip_timestamps (ex, c->skip_timestamps);
      got = describe_last (ex, c->lines);

      if (g_strcmp0 (got, c->expected) != 0)
        g_error ("case %u (%s): \"%s\": expected \"%s\", got \"%s\"",
                 i, mode_name (c->mode), c->lines, c->expected, got);

      g_assert_cmpuint (bench_channel_extractor_get_n_nan (ex), ==, c->n_nan);
      g_assert_cmpuint (bench_channel_extractor_get_n_inf (ex), ==, c->n_inf);
      g_assert_cmpuint (bench_channel_extractor_get_n_overflow (ex), ==, c->n_overflow);
    }
}

static const char *
unit_of (BenchChannelExtractor *ex,
         const char            *name)
{
  for (guint i = 0; i < bench_channel_extractor_get_n_channels (ex); i++)
    if (g_strcmp0 (bench_channel_extractor_get_channel_name (ex, i), name) == 0)
      return bench_channel_extractor_get_channel_unit (ex, i);
  return NULL;
}

static void
test_extract_units (void)
{
  g_autoptr(BenchChannelExtractor) autox = bench_channel_extractor_new (BENCH_PLOT_AUTO);
  g_autoptr(BenchChannelExtractor) kv = bench_channel_extractor_new (BENCH_PLOT_KV);
  g_autoptr(BenchChannelExtractor) csv = bench_channel_extractor_new (BENCH_PLOT_CSV);
  g_autofree char *s1 = NULL;
  g_autofree char *s2 = NULL;
  g_autofree char *s3 = NULL;
  guint generation;

  s1 = describe_last (autox, "12.5mV 23.4°C 7 1.5µA\n13mV 1 2 3kHz");
  g_assert_cmpstr (s1, ==, "1=13 2=1 3=2 4=3");
  g_assert_cmpstr (unit_of (autox, "1"), ==, "mV");
  g_assert_cmpstr (unit_of (autox, "2"), ==, "°C");
  /* the first unit seen stays */
  g_assert_cmpstr (unit_of (autox, "3"), ==, "");
  g_assert_cmpstr (unit_of (autox, "4"), ==, "µA");

  s2 = describe_last (kv, "v=3.3V i=12mA");
  g_assert_cmpstr (unit_of (kv, "v"), ==, "V");
  g_assert_cmpstr (unit_of (kv, "i"), ==, "mA");

  s3 = describe_last (csv, "t/s;U [V];I (mA);P\n0;1;2;3 W");
  g_assert_cmpstr (s3, ==, "t/s=0 U [V]=1 I (mA)=2 P=3");
  g_assert_cmpstr (unit_of (csv, "t/s"), ==, "s");
  g_assert_cmpstr (unit_of (csv, "U [V]"), ==, "V");
  g_assert_cmpstr (unit_of (csv, "I (mA)"), ==, "mA");
  g_assert_cmpstr (unit_of (csv, "P"), ==, "W");
  g_assert_cmpint (bench_channel_extractor_get_separator (csv), ==, ';');

  /* the generation moves on new channels and units, not on plain values */
  generation = bench_channel_extractor_get_generation (csv);
  g_free (describe_last (csv, "1;2;3;4"));
  g_assert_cmpuint (bench_channel_extractor_get_generation (csv), ==, generation);
  g_free (describe_last (csv, "1;2;3;4;5"));
  g_assert_cmpuint (bench_channel_extractor_get_generation (csv), !=, generation);
}

static void
test_extract_stable_indices (void)
{
  g_autoptr(BenchChannelExtractor) kv = bench_channel_extractor_new (BENCH_PLOT_KV);
  g_autoptr(BenchChannelExtractor) csv = bench_channel_extractor_new (BENCH_PLOT_CSV);
  const BenchChannelValue *values;
  guint n;

  n = bench_channel_extractor_extract (kv, "a=1 b=2", 7, &values);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpuint (values[0].channel, ==, 0);
  g_assert_cmpuint (values[1].channel, ==, 1);

  n = bench_channel_extractor_extract (kv, "c=9 b=3 a=4", 11, &values);
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpuint (values[0].channel, ==, 2);
  g_assert_cmpuint (values[1].channel, ==, 1);
  g_assert_cmpuint (values[2].channel, ==, 0);
  g_assert_cmpuint (bench_channel_extractor_get_n_channels (kv), ==, 3);

  /* CSV: a header renames the existing column channels in place */
  n = bench_channel_extractor_extract (csv, "1,2", 3, &values);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpstr (bench_channel_extractor_get_channel_name (csv, 0), ==, "1");
  n = bench_channel_extractor_extract (csv, "volts,amps", 10, &values);
  g_assert_cmpuint (n, ==, 0);
  g_assert_cmpuint (bench_channel_extractor_get_n_channels (csv), ==, 2);
  g_assert_cmpstr (bench_channel_extractor_get_channel_name (csv, 0), ==, "volts");
  g_assert_cmpstr (bench_channel_extractor_get_channel_name (csv, 1), ==, "amps");
  n = bench_channel_extractor_extract (csv, "U,I", 3, &values);
  g_assert_cmpstr (bench_channel_extractor_get_channel_name (csv, 0), ==, "U");
  n = bench_channel_extractor_extract (csv, "5,6", 3, &values);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpuint (values[0].channel, ==, 0);
  g_assert_cmpfloat (values[1].value, ==, 6);

  /* auto: a NaN-only position creates no channel, later ones keep theirs */
  {
    g_autoptr(BenchChannelExtractor) ex = bench_channel_extractor_new (BENCH_PLOT_AUTO);

    n = bench_channel_extractor_extract (ex, "nan 2", 5, &values);
    g_assert_cmpuint (n, ==, 1);
    g_assert_cmpuint (bench_channel_extractor_get_n_channels (ex), ==, 1);
    g_assert_cmpstr (bench_channel_extractor_get_channel_name (ex, values[0].channel), ==, "2");
    n = bench_channel_extractor_extract (ex, "1 3", 3, &values);
    g_assert_cmpuint (n, ==, 2);
    g_assert_cmpstr (bench_channel_extractor_get_channel_name (ex, values[0].channel), ==, "1");
    g_assert_cmpuint (values[1].channel, ==, 0);
  }
}

static void
test_extract_excess (void)
{
  g_autoptr(BenchChannelExtractor) ex = bench_channel_extractor_new (BENCH_PLOT_AUTO);
  g_autoptr(GString) line = g_string_new (NULL);
  const BenchChannelValue *values;
  guint n;

  for (guint i = 0; i < BENCH_CHANNEL_EXTRACTOR_MAX_CHANNELS + 6; i++)
    g_string_append_printf (line, "%u ", i);

  n = bench_channel_extractor_extract (ex, line->str, line->len, &values);
  g_assert_cmpuint (n, ==, BENCH_CHANNEL_EXTRACTOR_MAX_CHANNELS);
  g_assert_cmpuint (bench_channel_extractor_get_n_excess (ex), ==, 6);
  g_assert_cmpuint (bench_channel_extractor_get_n_channels (ex), ==, BENCH_CHANNEL_EXTRACTOR_MAX_CHANNELS);
  g_assert_cmpfloat (values[BENCH_CHANNEL_EXTRACTOR_MAX_CHANNELS - 1].value, ==, BENCH_CHANNEL_EXTRACTOR_MAX_CHANNELS - 1);
}

static void
test_extract_not_terminated (void)
{
  g_autoptr(BenchChannelExtractor) ex = bench_channel_extractor_new (BENCH_PLOT_AUTO);
  const char text[] = "12.5 99999";
  const BenchChannelValue *values;
  guint n;

  /* only the first 4 bytes belong to the line: "12.5" */
  n = bench_channel_extractor_extract (ex, text, 4, &values);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpfloat (values[0].value, ==, 12.5);

  /* "12.5 9" → the 9 is cut off by the length, not read further */
  n = bench_channel_extractor_extract (ex, text, 6, &values);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpfloat (values[1].value, ==, 9);
}

static void
test_extract_regex (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BenchChannelExtractor) ex = NULL;
  g_autoptr(BenchChannelExtractor) p = NULL;
  const BenchChannelValue *values;
  g_autofree char *s1 = NULL;
  g_autofree char *s2 = NULL;
  g_autofree char *s3 = NULL;
  g_autofree char *s4 = NULL;

  ex = bench_channel_extractor_new_regex ("V=(?<volts>\\S+)\\s+(I=(?<amps>\\S+))?", &error);
  g_assert_no_error (error);
  g_assert_nonnull (ex);
  g_assert_cmpint (bench_channel_extractor_get_mode (ex), ==, BENCH_PLOT_REGEX);
  g_assert_cmpstr (bench_channel_extractor_get_pattern (ex), ==, "V=(?<volts>\\S+)\\s+(I=(?<amps>\\S+))?");

  s1 = describe_last (ex, "meas V=1.5 I=2mA");
  g_assert_cmpstr (s1, ==, "volts=1.5 amps=2");
  g_assert_cmpstr (unit_of (ex, "amps"), ==, "mA");
  /* an optional group that did not match yields nothing */
  s2 = describe_last (ex, "V=-3e-3 ");
  g_assert_cmpstr (s2, ==, "volts=-0.003");
  /* a group that matched text that is not a number yields nothing */
  s3 = describe_last (ex, "V=high I=nan");
  g_assert_cmpstr (s3, ==, "");
  g_assert_cmpuint (bench_channel_extractor_get_n_nan (ex), ==, 1);
  /* invalid UTF-8 does not match */
  g_assert_cmpuint (bench_channel_extractor_extract (ex, "V=1 \xff", 6, &values), ==, 0);

  /* Python-style groups, and a group in a character class is not one */
  p = bench_channel_extractor_new_regex ("[(?<x>]*T(?P<temp>[0-9.]+)", &error);
  g_assert_no_error (error);
  s4 = describe_last (p, "T21.5");
  g_assert_cmpstr (s4, ==, "temp=21.5");
}

static void
test_extract_regex_errors (void)
{
  g_autoptr(GError) error = NULL;
  BenchChannelExtractor *ex;

  ex = bench_channel_extractor_new_regex ("(?<x>[0-9", &error);
  g_assert_null (ex);
  g_assert_nonnull (error);
  g_assert_true (error->domain == G_REGEX_ERROR);
  g_assert_nonnull (strstr (error->message, "(?<x>[0-9"));
  g_assert_nonnull (strstr (error->message, "Invalid channel pattern"));
  g_clear_error (&error);

  ex = bench_channel_extractor_new_regex ("([0-9]+) (?=x)", &error);
  g_assert_null (ex);
  g_assert_error (error, G_REGEX_ERROR, G_REGEX_ERROR_COMPILE);
  g_assert_nonnull (strstr (error->message, "no named group"));
}

/* The exact fast path must agree bit for bit with g_ascii_strtod. */
static void
test_parse_matches_g_ascii_strtod (void)
{
  static const char *fixed[] = {
    "0", "0.1", "0.3", "1.1", "2.675", "9007199254740993", "9007199254740992",
    "123456789012345678", "0.000000000000000000001", "1e22", "1e23", "4.9e-324",
    "2.2250738585072014e-308", "1.7976931348623157e308", "3.14159265358979323846",
    "-0.0", "+.5e-1", "1234567.8901234567e-7",
  };
  GRand *rand = g_rand_new_with_seed (4242);
  /* AUTO scans and converts in one pass: the same values */
  g_autoptr(BenchChannelExtractor) line = bench_channel_extractor_new (BENCH_PLOT_AUTO);

  for (guint i = 0; i < G_N_ELEMENTS (fixed); i++)
    {
      double a = g_ascii_strtod (fixed[i], NULL);
      double b = 0;
      const BenchChannelValue *values;

      g_assert_true (bench_channel_parse_number (fixed[i], strlen (fixed[i]), &b));
      g_assert_true (memcmp (&a, &b, sizeof a) == 0);
      if (isfinite (a) && fabs (a) < 1e37)
        {
          g_assert_cmpuint (bench_channel_extractor_extract (line, fixed[i], strlen (fixed[i]), &values), ==, 1);
          g_assert_true (memcmp (&a, &values[0].value, sizeof a) == 0);
        }
    }

  for (guint i = 0; i < 200000; i++)
    {
      char buf[64];
      guint64 mantissa = g_rand_int (rand) * (guint64) g_rand_int_range (rand, 1, 1 << 22);
      int point = g_rand_int_range (rand, 0, 20);
      int exponent = g_rand_int_range (rand, -30, 30);
      g_autofree char *digits = g_strdup_printf ("%" G_GUINT64_FORMAT, mantissa);
      gsize len = strlen (digits);
      double a;
      double b = 0;

      if ((gsize) point < len)
        g_snprintf (buf, sizeof buf, "%s%.*s.%s", g_rand_boolean (rand) ? "-" : "",
                    (int) (len - point), digits, digits + len - point);
      else
        g_snprintf (buf, sizeof buf, "%s%s", g_rand_boolean (rand) ? "+" : "", digits);
      if (g_rand_boolean (rand))
        g_snprintf (buf + strlen (buf), sizeof buf - strlen (buf), "e%d", exponent);

      a = g_ascii_strtod (buf, NULL);
      g_assert_true (bench_channel_parse_number (buf, strlen (buf), &b));
      if (memcmp (&a, &b, sizeof a) != 0)
        g_error ("%s: g_ascii_strtod %.17g, parser %.17g", buf, a, b);

      {
        const BenchChannelValue *values;
        guint n = bench_channel_extractor_extract (line, buf, strlen (buf), &values);

        g_assert_cmpuint (n, ==, 1);
        if (memcmp (&a, &values[0].value, sizeof a) != 0)
          g_error ("%s: g_ascii_strtod %.17g, auto %.17g", buf, a, values[0].value);
      }
    }

  g_assert_false (bench_channel_parse_number ("1.2.3", 5, NULL));
  g_assert_false (bench_channel_parse_number ("abc", 3, NULL));
  g_assert_false (bench_channel_parse_number ("", 0, NULL));
  g_assert_true (bench_channel_parse_number (" 5 mV ", 6, NULL));

  g_rand_free (rand);
}

/* German locale: decimal comma in the C library must change nothing. */
static void
test_extract_locale (void)
{
  g_autofree char *saved = g_strdup (setlocale (LC_ALL, NULL));
  g_autoptr(BenchChannelExtractor) ex = NULL;
  g_autoptr(BenchChannelExtractor) csv = NULL;
  g_autofree char *s1 = NULL;
  g_autofree char *s2 = NULL;
  g_autofree char *s3 = NULL;
  double v = 0;

  if (setlocale (LC_ALL, "de_DE.UTF-8") == NULL)
    {
      g_test_skip ("de_DE.UTF-8 locale missing (sed -i 's/^# de_DE.UTF-8/de_DE.UTF-8/' /etc/locale.gen && locale-gen)");
      return;
    }

  ex = bench_channel_extractor_new (BENCH_PLOT_AUTO);
  s1 = describe_last (ex, "1.5 -3.2e-05 +1.234567E+00 1,5");
  g_assert_cmpstr (s1, ==, "1=1.5 2=-3.2e-05 3=1.234567 4=1 5=5");

  /* a slow-path number (more than 18 digits) too */
  g_assert_true (bench_channel_parse_number ("0.1234567890123456789012", 24, &v));
  g_assert_cmpfloat (v, ==, 0.1234567890123456789012);

  csv = bench_channel_extractor_new (BENCH_PLOT_CSV);
  s2 = describe_last (csv, "a;b\n2.5;7");
  g_assert_cmpstr (s2, ==, "a=2.5 b=7");
  s3 = describe_last (csv, "2,5;7");
  g_assert_cmpstr (s3, ==, "b=7");

  setlocale (LC_ALL, saved);
}

/* BenchChannelSet */

typedef struct
{
  guint changed;
  guint items_added;
  guint items_removed;
  guint items_changed;
} Counts;

static void
changed_cb (BenchChannelSet *set,
            Counts          *counts)
{
  counts->changed++;
}

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Counts     *counts)
{
  counts->items_changed++;
  counts->items_added += added;
  counts->items_removed += removed;
}

static void
push (BenchChannelSet *set,
      gint64           mono,
      const char      *line)
{
  bench_channel_set_push_line (set, mono, mono + G_GINT64_CONSTANT (1700000000000000), line, strlen (line));
}

/* Skipping timestamps in auto mode moves the numbers to other channels:
 * the set starts afresh, and the times are no channel any more */
static void
test_set_skip_timestamps (void)
{
  g_autoptr(BenchChannelSet) set = bench_channel_set_new (BENCH_PLOT_AUTO);

  push (set, 1000, "12:34:56.250 T=21.5 V=+1.25E+00");
  bench_channel_set_flush (set);
  /* hours, minutes, seconds, then the readings */
  g_assert_cmpuint (bench_channel_set_get_n_channels (set), ==, 5);
  g_assert_cmpfloat (bench_channel_get_latest_value (bench_channel_set_get_channel (set, 0)), ==, 12);

  bench_channel_set_set_skip_timestamps (set, TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (set)), ==, 0);
  push (set, 2000, "12:34:57.250 T=21.6 V=+1.26E+00");
  push (set, 3000, "2026-11-22T12:34:58Z T=21.7 V=+1.27E+00");
  bench_channel_set_flush (set);
  g_assert_cmpuint (bench_channel_set_get_n_channels (set), ==, 2);
  g_assert_cmpfloat (bench_channel_get_latest_value (bench_channel_set_get_channel (set, 0)), ==, 21.7);
  g_assert_cmpfloat (bench_channel_get_latest_value (bench_channel_set_get_channel (set, 1)), ==, 1.27);
  g_assert_cmpuint (bench_series_get_length (bench_channel_get_series (bench_channel_set_get_channel (set, 0))), ==, 2);

  /* and back */
  bench_channel_set_set_skip_timestamps (set, FALSE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (set)), ==, 0);
}

static void
test_set_model (void)
{
  g_autoptr(BenchChannelSet) set = bench_channel_set_new (BENCH_PLOT_KV);
  g_autoptr(BenchChannel) first = NULL;
  Counts counts = { 0 };
  BenchChannel *temp;

  g_signal_connect (set, "changed", G_CALLBACK (changed_cb), &counts);
  g_signal_connect (set, "items-changed", G_CALLBACK (items_changed_cb), &counts);

  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (set)) == BENCH_TYPE_CHANNEL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (set)), ==, 0);

  push (set, 1000, "temp=20.5 light=100");
  push (set, 2000, "temp=21.5 light=200");
  push (set, 3000, "temp=22.5C hum=40");

  /* nothing is published before the flush */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (set)), ==, 0);
  g_assert_cmpuint (counts.changed, ==, 0);

  bench_channel_set_flush (set);
  g_assert_cmpuint (counts.changed, ==, 1);
  g_assert_cmpuint (counts.items_changed, ==, 1);
  g_assert_cmpuint (counts.items_added, ==, 3);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (set)), ==, 3);
  g_assert_cmpuint (bench_channel_set_get_n_channels (set), ==, 3);
  g_assert_cmpuint (bench_channel_set_get_n_samples (set), ==, 6);

  first = g_list_model_get_item (G_LIST_MODEL (set), 0);
  temp = bench_channel_set_get_channel (set, 0);
  g_assert_true (first == temp);
  g_assert_cmpstr (bench_channel_get_name (temp), ==, "temp");
  g_assert_cmpstr (bench_channel_get_unit (temp), ==, "C");
  g_assert_cmpuint (bench_channel_get_index (temp), ==, 0);
  g_assert_cmpuint (bench_channel_get_color_index (bench_channel_set_get_channel (set, 2)), ==, 2);
  g_assert_cmpfloat (bench_channel_get_latest_value (temp), ==, 22.5);
  g_assert_true (bench_channel_get_set (temp) == set);
  g_assert_cmpuint (bench_series_get_length (bench_channel_get_series (temp)), ==, 3);
  g_assert_cmpstr (bench_channel_get_name (bench_channel_set_get_channel (set, 2)), ==, "hum");
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (set), 3));

  /* a flush with nothing new is silent */
  bench_channel_set_flush (set);
  g_assert_cmpuint (counts.changed, ==, 1);

  /* visibility is the user's */
  bench_channel_set_visible (temp, FALSE);
  g_assert_false (bench_channel_get_visible (temp));

  /* lines with no pair change nothing */
  push (set, 4000, "hello");
  bench_channel_set_flush (set);
  g_assert_cmpuint (counts.changed, ==, 1);

  /* a mode change starts afresh */
  bench_channel_set_set_mode (set, BENCH_PLOT_AUTO);
  g_assert_cmpuint (counts.items_removed, ==, 3);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (set)), ==, 0);
  g_assert_null (bench_channel_get_set (first));
  push (set, 5000, "1 2");
  bench_channel_set_flush (set);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (set)), ==, 2);
  g_assert_cmpstr (bench_channel_get_name (bench_channel_set_get_channel (set, 1)), ==, "2");
}

static void
test_set_coalesce (void)
{
  g_autoptr(BenchChannelSet) set = bench_channel_set_new (BENCH_PLOT_CSV);
  Counts counts = { 0 };
  GParamSpec *pspec;

  g_signal_connect (set, "changed", G_CALLBACK (changed_cb), &counts);
  g_signal_connect (set, "items-changed", G_CALLBACK (items_changed_cb), &counts);

  for (guint i = 0; i < 1000; i++)
    {
      g_autofree char *line = g_strdup_printf ("%u,%u.5,-%u", i, i, i);
      push (set, 1000 + i, line);
    }

  /* the set flushes itself once, from the main context */
  g_assert_cmpuint (counts.changed, ==, 0);
  bench_test_spin (50);
  g_assert_cmpuint (counts.changed, ==, 1);
  g_assert_cmpuint (counts.items_changed, ==, 1);
  g_assert_cmpuint (bench_series_get_length (bench_channel_get_series (bench_channel_set_get_channel (set, 1))), ==, 1000);
  g_assert_cmpfloat (bench_channel_get_latest_value (bench_channel_set_get_channel (set, 2)), ==, -999);

  /* nothing new: no more signals */
  bench_test_spin (30);
  g_assert_cmpuint (counts.changed, ==, 1);

  /* rejected numbers update the counters */
  push (set, 5000, "nan,inf,1e999");
  bench_test_spin (30);
  g_assert_cmpuint (bench_channel_set_get_n_nan (set), ==, 1);
  g_assert_cmpuint (bench_channel_set_get_n_inf (set), ==, 1);
  g_assert_cmpuint (bench_channel_set_get_n_overflow (set), ==, 1);

  /* capacity applies to every series */
  pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (set), "capacity");
  g_assert_nonnull (pspec);
  bench_channel_set_set_capacity (set, 100);
  g_assert_cmpuint (bench_series_get_capacity (bench_channel_get_series (bench_channel_set_get_channel (set, 0))), ==, 100);
  g_assert_cmpuint (bench_series_get_length (bench_channel_get_series (bench_channel_set_get_channel (set, 0))), ==, 100);
}

static void
notify_cb (GObject    *object,
           GParamSpec *pspec,
           guint      *count)
{
  (*count)++;
}

static void
test_set_properties_notify (void)
{
  g_autoptr(BenchChannelSet) set = bench_channel_set_new (BENCH_PLOT_AUTO);
  g_autoptr(GError) error = NULL;
  guint n_mode = 0;
  guint n_name = 0;
  guint n_skip = 0;
  guint n_pattern = 0;

  g_signal_connect (set, "notify::mode", G_CALLBACK (notify_cb), &n_mode);
  g_signal_connect (set, "notify::name", G_CALLBACK (notify_cb), &n_name);
  g_signal_connect (set, "notify::skip-timestamps", G_CALLBACK (notify_cb), &n_skip);
  g_signal_connect (set, "notify::pattern", G_CALLBACK (notify_cb), &n_pattern);

  bench_channel_set_set_name (set, "dmm");
  bench_channel_set_set_name (set, "dmm");
  g_assert_cmpuint (n_name, ==, 1);
  g_assert_cmpstr (bench_channel_set_get_name (set), ==, "dmm");

  bench_channel_set_set_mode (set, BENCH_PLOT_AUTO);
  g_assert_cmpuint (n_mode, ==, 0);
  g_object_set (set, "mode", BENCH_PLOT_CSV, NULL);
  g_assert_cmpuint (n_mode, ==, 1);
  g_assert_cmpint (bench_channel_set_get_mode (set), ==, BENCH_PLOT_CSV);

  bench_channel_set_set_skip_timestamps (set, TRUE);
  bench_channel_set_set_skip_timestamps (set, TRUE);
  g_assert_cmpuint (n_skip, ==, 1);

  /* a bad pattern changes nothing */
  g_assert_false (bench_channel_set_set_pattern (set, "(?<a>", &error));
  g_assert_nonnull (error);
  g_assert_true (error->domain == G_REGEX_ERROR);
  g_assert_cmpint (bench_channel_set_get_mode (set), ==, BENCH_PLOT_CSV);
  g_assert_null (bench_channel_set_get_pattern (set));
  g_assert_cmpuint (n_pattern, ==, 0);
  g_clear_error (&error);

  g_assert_true (bench_channel_set_set_pattern (set, "T=(?<t>\\S+)", &error));
  g_assert_no_error (error);
  g_assert_cmpint (bench_channel_set_get_mode (set), ==, BENCH_PLOT_REGEX);
  g_assert_cmpuint (n_mode, ==, 2);
  g_assert_cmpuint (n_pattern, ==, 1);
  push (set, 10, "x T=4.5");
  bench_channel_set_flush (set);
  g_assert_cmpstr (bench_channel_get_name (bench_channel_set_get_channel (set, 0)), ==, "t");

  /* back and forth keeps the pattern */
  bench_channel_set_set_mode (set, BENCH_PLOT_OFF);
  push (set, 20, "x T=4.5 1 2");
  bench_channel_set_flush (set);
  g_assert_cmpuint (bench_channel_set_get_n_channels (set), ==, 0);
  bench_channel_set_set_mode (set, BENCH_PLOT_REGEX);
  push (set, 30, "x T=5.5");
  bench_channel_set_flush (set);
  g_assert_cmpfloat (bench_channel_get_latest_value (bench_channel_set_get_channel (set, 0)), ==, 5.5);
}

static void
test_set_sink (void)
{
  g_autoptr(BenchChannelSet) set = bench_channel_set_new (BENCH_PLOT_AUTO);
  BenchRowSink *sink = bench_channel_set_get_sink (set);
  BenchRow row = { 0 };
  BenchSeries *series;

  row.mono_us = 100;
  row.wall_us = 200;

#define ROW(t, dir, fl) (row.text = (const guint8 *) (t), row.len = strlen (t), row.direction = (dir), row.flags = (fl), row.mono_us += 10, sink->row (sink, NULL, &row))
  ROW ("1", BENCH_DIRECTION_RX, 0);
  ROW ("2", BENCH_DIRECTION_TX, 0);
  ROW ("3", BENCH_DIRECTION_EVENT, 0);
  ROW ("4", BENCH_DIRECTION_RX, BENCH_ROW_PARTIAL);
  ROW ("55555", BENCH_DIRECTION_RX, BENCH_ROW_SPLIT);
  ROW ("5", BENCH_DIRECTION_RX, 0);      /* the continuation of the cut line */
  ROW ("6", BENCH_DIRECTION_RX, 0);
#undef ROW

  bench_channel_set_flush (set);
  g_assert_cmpuint (bench_channel_set_get_n_channels (set), ==, 1);
  series = bench_channel_get_series (bench_channel_set_get_channel (set, 0));
  g_assert_cmpuint (bench_series_get_length (series), ==, 3);
  {
    gint64 t;
    double v;

    bench_series_get (series, 0, &t, &v);
    g_assert_cmpint (t, ==, 110);
    g_assert_cmpfloat (v, ==, 1);
    bench_series_get (series, 1, &t, &v);
    g_assert_cmpfloat (v, ==, 4);
    bench_series_get (series, 2, &t, &v);
    g_assert_cmpint (t, ==, 170);
    g_assert_cmpfloat (v, ==, 6);
  }
}

static char *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

static void
test_set_csv_export (void)
{
  g_autoptr(BenchChannelSet) set = bench_channel_set_new (BENCH_PLOT_CSV);
  g_autoptr(BenchChannelSet) other = bench_channel_set_new (BENCH_PLOT_KV);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = bench_test_mkdtemp ();
  g_autofree char *path = g_build_filename (dir, "plot.csv", NULL);
  g_autofree char *path2 = g_build_filename (dir, "combined.csv", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *contents2 = NULL;
  g_autofree char *bad = NULL;
  const gint64 wall0 = G_GINT64_CONSTANT (1795310620123456) - 5000000;   /* 2026-11-22T01:23:40.123456Z at mono 5 s */
  const gint64 start = 4000000;
  BenchChannel *channels[3];

  bench_channel_set_set_name (set, "dmm");
  bench_channel_set_set_name (other, "thermo, 2");

#define LINE(s, mono, text) bench_channel_set_push_line (s, mono, (mono) + wall0, text, strlen (text))
  LINE (set, 5000000, "U \"V\",I");
  LINE (set, 5000000, "1.5,2");
  LINE (set, 5000000, "1.25,");      /* same µs as the previous line: its own row */
  LINE (set, 5250000, ",-0.1");
  LINE (set, 6000001, "0.1,1e-300");
  LINE (other, 5250000, "t=21.5");
  LINE (other, 7000000, "t=22");
#undef LINE

  g_assert_true (bench_channel_set_write_csv (set, path, start, &error));
  g_assert_no_error (error);
  contents = read_file (path);
  g_assert_cmpstr (contents, ==,
                   "time,elapsed,\"U \"\"V\"\"\",I\r\n"
                   "2026-11-22T01:23:40.123456Z,1.000000,1.5,2\r\n"
                   "2026-11-22T01:23:40.123456Z,1.000000,1.25,\r\n"
                   "2026-11-22T01:23:40.373456Z,1.250000,,-0.1\r\n"
                   "2026-11-22T01:23:41.123457Z,2.000001,0.1,1e-300\r\n");

  bench_channel_set_flush (other);
  channels[0] = bench_channel_set_get_channel (set, 0);
  channels[1] = bench_channel_set_get_channel (other, 0);
  channels[2] = bench_channel_set_get_channel (set, 1);
  g_assert_true (bench_channels_write_csv (channels, 3, path2, 6000000, &error));
  g_assert_no_error (error);
  contents2 = read_file (path2);
  g_assert_cmpstr (contents2, ==,
                   "time,elapsed,\"dmm/U \"\"V\"\"\",\"thermo, 2/t\",dmm/I\r\n"
                   "2026-11-22T01:23:40.123456Z,-1.000000,1.5,,2\r\n"
                   "2026-11-22T01:23:40.123456Z,-1.000000,1.25,,\r\n"
                   "2026-11-22T01:23:40.373456Z,-0.750000,,21.5,-0.1\r\n"
                   "2026-11-22T01:23:41.123457Z,0.000001,0.1,,1e-300\r\n"
                   "2026-11-22T01:23:42.123456Z,1.000000,,22,\r\n");

  /* a path that cannot be written is an error naming it; nothing is left */
  bad = g_build_filename (dir, "missing", "plot.csv", NULL);
  g_assert_false (bench_channel_set_write_csv (set, bad, start, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, bad));
  g_clear_error (&error);

  /* the German locale changes nothing in the file */
  {
    g_autofree char *saved = g_strdup (setlocale (LC_ALL, NULL));

    if (setlocale (LC_ALL, "de_DE.UTF-8") != NULL)
      {
        g_autofree char *again = NULL;

        g_assert_true (bench_channel_set_write_csv (set, path, start, &error));
        again = read_file (path);
        g_assert_cmpstr (again, ==, contents);
        setlocale (LC_ALL, saved);
      }
  }

  /* an empty set writes the header only */
  {
    g_autoptr(BenchChannelSet) empty = bench_channel_set_new (BENCH_PLOT_AUTO);
    g_autofree char *e = NULL;

    g_assert_true (bench_channel_set_write_csv (empty, path, 0, &error));
    e = read_file (path);
    g_assert_cmpstr (e, ==, "time,elapsed\r\n");
  }
}

static void
csv_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      data)
{
  GAsyncResult **out = data;

  *out = g_object_ref (result);
}

static gboolean
csv_written (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

/* The export a window uses: formatted a chunk at a time, written by GIO's
 * threads; the same bytes as the blocking writer, rows of one time kept
 * together across chunks, later samples left out, errors naming the path. */
static void
test_set_csv_export_async (void)
{
  g_autoptr(BenchChannelSet) set = bench_channel_set_new (BENCH_PLOT_CSV);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = bench_test_mkdtemp ();
  g_autofree char *sync_path = g_build_filename (dir, "sync.csv", NULL);
  g_autofree char *async_path = g_build_filename (dir, "async.csv", NULL);
  g_autofree char *bad = g_build_filename (dir, "missing", "plot.csv", NULL);
  g_autofree char *expected = NULL;
  g_autofree char *got = NULL;
  GAsyncResult *result = NULL;
  BenchChannel *channels[2];

  /* 60 000 lines, 40 to a time (a read of many lines shares its time),
   * so chunks end inside runs of one time */
  for (guint i = 0; i < 60000; i++)
    {
      g_autofree char *line = g_strdup_printf ("%u.%u,%g", i, i % 7, sin (i / 100.0));
      gint64 mono = 1000000 + (i / 40) * 1000;

      bench_channel_set_push_line (set, mono, mono + G_GINT64_CONSTANT (1700000000000000), line, strlen (line));
    }
  bench_channel_set_flush (set);
  channels[0] = bench_channel_set_get_channel (set, 0);
  channels[1] = bench_channel_set_get_channel (set, 1);

  g_assert_true (bench_channels_write_csv (channels, 2, sync_path, 0, &error));
  g_assert_no_error (error);
  expected = read_file (sync_path);
  g_assert_cmpuint (strlen (expected), >, 4 << 16);

  bench_channels_write_csv_async (channels, 2, async_path, 0, NULL, csv_done_cb, &result);
  /* what comes after the start is not written */
  bench_channel_set_push_line (set, 99000000, 99000000, "1,2", 3);
  bench_channel_set_flush (set);
  g_assert_true (bench_test_wait_until (csv_written, &result, 10000));
  g_assert_true (bench_channels_write_csv_finish (result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);
  got = read_file (async_path);
  g_assert_cmpuint (strlen (got), ==, strlen (expected));
  g_assert_true (strcmp (got, expected) == 0);

  /* a path that cannot be written */
  bench_channels_write_csv_async (channels, 2, bad, 0, NULL, csv_done_cb, &result);
  g_assert_true (bench_test_wait_until (csv_written, &result, 10000));
  g_assert_false (bench_channels_write_csv_finish (result, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, bad));
  g_clear_object (&result);
  g_assert_false (g_file_test (bad, G_FILE_TEST_EXISTS));
}

static void
test_set_ingest_many (void)
{
  g_autoptr(BenchChannelSet) set = bench_channel_set_new (BENCH_PLOT_CSV);
  BenchSeries *series;
  double min, max;

  bench_channel_set_set_capacity (set, 5000);
  for (guint i = 0; i < 20000; i++)
    {
      char line[64];

      g_snprintf (line, sizeof line, "%u,%d", i, (i == 17777) ? 1000 : -(int) (i % 7));
      push (set, i * 100, line);
    }
  bench_channel_set_flush (set);

  series = bench_channel_get_series (bench_channel_set_get_channel (set, 1));
  g_assert_cmpuint (bench_series_get_length (series), ==, 5000);
  g_assert_cmpuint (bench_series_get_n_dropped (series), ==, 15000);
  g_assert_true (bench_series_get_range (series, 0, 5000, &min, &max));
  g_assert_cmpfloat (max, ==, 1000);
  g_assert_cmpfloat (min, ==, -6);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/benchtop/channels/extract/table", test_extract_table);
  g_test_add_func ("/benchtop/channels/extract/units", test_extract_units);
  g_test_add_func ("/benchtop/channels/extract/stable-indices", test_extract_stable_indices);
  g_test_add_func ("/benchtop/channels/extract/excess", test_extract_excess);
  g_test_add_func ("/benchtop/channels/extract/not-terminated", test_extract_not_terminated);
  g_test_add_func ("/benchtop/channels/extract/regex", test_extract_regex);
  g_test_add_func ("/benchtop/channels/extract/regex-errors", test_extract_regex_errors);
  g_test_add_func ("/benchtop/channels/extract/exact-conversion", test_parse_matches_g_ascii_strtod);
  g_test_add_func ("/benchtop/channels/extract/locale-de", test_extract_locale);
  g_test_add_func ("/benchtop/channels/set/model", test_set_model);
  g_test_add_func ("/benchtop/channels/set/coalesce", test_set_coalesce);
  g_test_add_func ("/benchtop/channels/set/properties", test_set_properties_notify);
  g_test_add_func ("/benchtop/channels/set/skip-timestamps", test_set_skip_timestamps);
  g_test_add_func ("/benchtop/channels/set/sink", test_set_sink);
  g_test_add_func ("/benchtop/channels/set/csv-export", test_set_csv_export);
  g_test_add_func ("/benchtop/channels/set/csv-export-async", test_set_csv_export_async);
  g_test_add_func ("/benchtop/channels/set/ingest-many", test_set_ingest_many);

  return g_test_run ();
}
