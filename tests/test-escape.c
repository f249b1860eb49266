/* test-escape.c - the reversible escaping of device bytes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "bench-escape.h"
#include "bench-util.h"

#include "bench-test-util.h"

typedef struct
{
  const char *input;
  gssize      input_len;   /* -1: strlen */
  const char *expected;
} EscapeCase;

static const EscapeCase escape_cases[] = {
  /* printable ASCII */
  { "", -1, "" },
  { "hello, world", -1, "hello, world" },
  { " ~!\"#$%&'()*+,-./0123456789:;<=>?@[]^_`{|}", -1,
    " ~!\"#$%&'()*+,-./0123456789:;<=>?@[]^_`{|}" },
  /* backslash and TAB */
  { "a\\b", -1, "a\\\\b" },
  { "\\", -1, "\\\\" },
  { "\\x41", -1, "\\\\x41" },
  { "a\tb", -1, "a\\tb" },
  /* every other C0 control and DEL, lower-case hex */
  { "\r\n", -1, "\\x0d\\x0a" },
  { "\0", 1, "\\x00" },
  { "a\0b", 3, "a\\x00b" },
  { "\x01\x08\x0b\x0c\x1f", -1, "\\x01\\x08\\x0b\\x0c\\x1f" },
  { "\x1b[0m", -1, "\\x1b[0m" },
  { "\x7f", -1, "\\x7f" },
  /* valid UTF-8 of every length passes */
  { "\xc2\xa0", -1, "\xc2\xa0" },                      /* U+00A0, first after C1 */
  { "Gr\xc3\xb6\xc3\x9f" "e", -1, "Gr\xc3\xb6\xc3\x9f" "e" },
  { "\xdf\xbf", -1, "\xdf\xbf" },                      /* U+07FF */
  { "\xe0\xa0\x80", -1, "\xe0\xa0\x80" },              /* U+0800 */
  { "\xe2\x82\xac", -1, "\xe2\x82\xac" },              /* € */
  { "\xed\x9f\xbf", -1, "\xed\x9f\xbf" },              /* U+D7FF */
  { "\xee\x80\x80", -1, "\xee\x80\x80" },              /* U+E000 */
  { "\xef\xbf\xbe", -1, "\xef\xbf\xbe" },              /* U+FFFE: a noncharacter, but valid */
  { "\xf0\x90\x80\x80", -1, "\xf0\x90\x80\x80" },      /* U+10000 */
  { "\xf0\x9f\x98\x80", -1, "\xf0\x9f\x98\x80" },      /* 😀 */
  { "\xf4\x8f\xbf\xbf", -1, "\xf4\x8f\xbf\xbf" },      /* U+10FFFF */
  /* C1 controls: each byte */
  { "\xc2\x80", -1, "\\xc2\\x80" },
  { "\xc2\x9b" "31m", -1, "\\xc2\\x9b" "31m" },
  { "\xc2\x9f", -1, "\\xc2\\x9f" },
  /* overlong forms */
  { "\xc0\xaf", -1, "\\xc0\\xaf" },
  { "\xc1\xbf", -1, "\\xc1\\xbf" },
  { "\xe0\x80\xaf", -1, "\\xe0\\x80\\xaf" },
  { "\xe0\x9f\xbf", -1, "\\xe0\\x9f\\xbf" },
  { "\xf0\x80\x80\xaf", -1, "\\xf0\\x80\\x80\\xaf" },
  { "\xf0\x8f\xbf\xbf", -1, "\\xf0\\x8f\\xbf\\xbf" },
  /* surrogates */
  { "\xed\xa0\x80", -1, "\\xed\\xa0\\x80" },
  { "\xed\xbf\xbf", -1, "\\xed\\xbf\\xbf" },
  /* above U+10FFFF, and bytes that never occur */
  { "\xf4\x90\x80\x80", -1, "\\xf4\\x90\\x80\\x80" },
  { "\xf5\x80\x80\x80", -1, "\\xf5\\x80\\x80\\x80" },
  { "\xf8\x88\x80\x80\x80", -1, "\\xf8\\x88\\x80\\x80\\x80" },
  { "\xfe\xff", -1, "\\xfe\\xff" },
  /* lone continuation bytes, Latin-1 */
  { "\x80", -1, "\\x80" },
  { "\xbf", -1, "\\xbf" },
  { "T=23.5\xb0" "C", -1, "T=23.5\\xb0C" },
  /* truncated sequences at the end, and cut short before other bytes */
  { "a\xc3", -1, "a\\xc3" },
  { "\xe2\x82", -1, "\\xe2\\x82" },
  { "\xf0\x9f\x98", -1, "\\xf0\\x9f\\x98" },
  { "\xe2\x82" "A", -1, "\\xe2\\x82" "A" },
  { "\xf0\x9f" "\xc3\xa9", -1, "\\xf0\\x9f" "\xc3\xa9" },
  { "\xc3\xc3\xa9", -1, "\\xc3" "\xc3\xa9" },
  { "\xe2\x82\xac\xac", -1, "\xe2\x82\xac" "\\xac" },
};

static GBytes *
case_input (const EscapeCase *c)
{
  gsize len = c->input_len < 0 ? strlen (c->input) : (gsize) c->input_len;

  return g_bytes_new (c->input, len);
}

/* What bench_escape_to_buffer() must write: bench_escape() with the quoting
 * of @flags applied to its output. The escaped text holds a quote exactly
 * where the input does, and every backslash in it belongs to an escape. */
static char *
quote_escaped (const char       *escaped,
               BenchEscapeFlags  flags)
{
  GString *out = g_string_new (NULL);

  for (const char *p = escaped; *p != '\0'; p++)
    {
      if (*p == '"' && flags == BENCH_ESCAPE_CSV)
        g_string_append (out, "\"\"");
      else if (*p == '"' && flags == BENCH_ESCAPE_JSON)
        g_string_append (out, "\\\"");
      else if (*p == '\\' && flags == BENCH_ESCAPE_JSON)
        g_string_append (out, "\\\\");
      else
        g_string_append_c (out, *p);
    }

  return g_string_free (out, FALSE);
}

#define CANARY 0xa5

/* bench_escape_to_buffer() into a heap buffer of exactly the documented
 * worst case plus a canary, which must stay untouched past the returned
 * end. */
static char *
escape_to_buffer (const guint8     *data,
                  gsize             len,
                  BenchEscapeFlags  flags)
{
  gsize max = BENCH_ESCAPE_MAX_LENGTH (len, flags);
  g_autofree guint8 *buf = g_malloc (max + 16);
  guint8 *end;

  g_assert_cmpuint (max, <=, BENCH_ESCAPE_MAX_GROWTH * len);

  memset (buf, CANARY, max + 16);
  end = bench_escape_to_buffer (buf, data, len, flags);
  g_assert_true (end >= buf);
  g_assert_cmpuint (end - buf, <=, max);
  for (gsize i = end - buf; i < max + 16; i++)
    g_assert_cmpuint (buf[i], ==, CANARY);

  return g_strndup ((const char *) buf, end - buf);
}

static const BenchEscapeFlags all_flags[] = {
  BENCH_ESCAPE_NONE, BENCH_ESCAPE_CSV, BENCH_ESCAPE_JSON,
};

static void
assert_to_buffer_matches (const guint8 *data,
                          gsize         len,
                          const char   *escaped)
{
  for (guint f = 0; f < G_N_ELEMENTS (all_flags); f++)
    {
      g_autofree char *expected = quote_escaped (escaped, all_flags[f]);
      g_autofree char *got = escape_to_buffer (data, len, all_flags[f]);

      g_assert_cmpstr (got, ==, expected);
    }
}

static void
test_escape_table (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (escape_cases); i++)
    {
      const EscapeCase *c = &escape_cases[i];
      g_autoptr(GBytes) input = case_input (c);
      g_autoptr(GBytes) back = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GString) out = g_string_new ("prefix:");
      g_autofree char *escaped = NULL;
      gsize len;
      const guint8 *data = g_bytes_get_data (input, &len);

      g_test_message ("case %u: %s", i, c->expected);

      escaped = bench_escape (data, len);
      g_assert_cmpstr (escaped, ==, c->expected);
      g_assert_cmpuint (bench_escape_length (data, len), ==, strlen (c->expected));
      g_assert_cmpint (bench_escape_is_clean (data, len), ==,
                       len == strlen (c->expected) &&
                       (len == 0 || memcmp (data, c->expected, len) == 0));

      bench_escape_append (out, data, len);
      g_assert_true (g_str_has_prefix (out->str, "prefix:"));
      g_assert_cmpstr (out->str + strlen ("prefix:"), ==, c->expected);

      assert_to_buffer_matches (data, len, c->expected);

      back = bench_unescape (c->expected, -1, &error);
      g_assert_no_error (error);
      g_assert_true (g_bytes_equal (back, input));
    }
}

/* The quoting of bench_escape_to_buffer(), spelled out. */
static void
test_escape_to_buffer_quoting (void)
{
  static const struct {
    const char *input;
    gssize      input_len;   /* -1: strlen */
    const char *csv;
    const char *json;
  } cases[] = {
    { "", -1, "", "" },
    { "plain text, no quotes", -1, "plain text, no quotes", "plain text, no quotes" },
    { "\"", -1, "\"\"", "\\\"" },
    { "\"\"", -1, "\"\"\"\"", "\\\"\\\"" },
    { "say \"hi\"", -1, "say \"\"hi\"\"", "say \\\"hi\\\"" },
    /* the escapes' backslashes are doubled in JSON only */
    { "a\\b", -1, "a\\\\b", "a\\\\\\\\b" },
    { "a\tb", -1, "a\\tb", "a\\\\tb" },
    { "\r\n", -1, "\\x0d\\x0a", "\\\\x0d\\\\x0a" },
    { "\0", 1, "\\x00", "\\\\x00" },
    { "\x7f", -1, "\\x7f", "\\\\x7f" },
    { "\xc2\x85", -1, "\\xc2\\x85", "\\\\xc2\\\\x85" },     /* C1 NEL */
    { "\xff\"", -1, "\\xff\"\"", "\\\\xff\\\"" },
    { "\\\"", -1, "\\\\\"\"", "\\\\\\\\\\\"" },
    /* valid UTF-8 and other printable ASCII pass */
    { "\xe2\x82\xac \"\xc3\xa9\"", -1, "\xe2\x82\xac \"\"\xc3\xa9\"\"",
      "\xe2\x82\xac \\\"\xc3\xa9\\\"" },
    { "'/,;{}[]<>", -1, "'/,;{}[]<>", "'/,;{}[]<>" },
    /* quotes and escapes inside and after runs of eight plain bytes */
    { "0123456789abcdef\"", -1, "0123456789abcdef\"\"", "0123456789abcdef\\\"" },
    { "01234567\"9abcdef0123", -1, "01234567\"\"9abcdef0123", "01234567\\\"9abcdef0123" },
    { "0123456789abc\\", -1, "0123456789abc\\\\", "0123456789abc\\\\\\\\" },
    { "0123456789\tab", -1, "0123456789\\tab", "0123456789\\\\tab" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gsize len = cases[i].input_len < 0 ? strlen (cases[i].input) : (gsize) cases[i].input_len;
      const guint8 *data = (const guint8 *) cases[i].input;
      g_autofree char *escaped = bench_escape (data, len);
      g_autofree char *none = escape_to_buffer (data, len, BENCH_ESCAPE_NONE);
      g_autofree char *csv = escape_to_buffer (data, len, BENCH_ESCAPE_CSV);
      g_autofree char *json = escape_to_buffer (data, len, BENCH_ESCAPE_JSON);

      g_test_message ("case %u: %s", i, cases[i].json);

      g_assert_cmpstr (none, ==, escaped);
      g_assert_cmpstr (csv, ==, cases[i].csv);
      g_assert_cmpstr (json, ==, cases[i].json);
    }
}

/* BENCH_ESCAPE_MAX_LENGTH() is reached, and not exceeded: a control byte is
 * the longest escape in every mode. */
static void
test_escape_to_buffer_worst_case (void)
{
  static const guint8 worst[] = { 0x01, 0x1f, 0x7f, 0x80, 0xc2, 0xff, 0x00 };

  for (guint w = 0; w < G_N_ELEMENTS (worst); w++)
    for (gsize len = 0; len <= 40; len++)
      for (guint f = 0; f < G_N_ELEMENTS (all_flags); f++)
        {
          g_autofree guint8 *data = g_malloc (len + 1);
          g_autofree char *got = NULL;

          memset (data, worst[w], len);
          got = escape_to_buffer (data, len, all_flags[f]);
          g_assert_cmpuint (strlen (got), ==, BENCH_ESCAPE_MAX_LENGTH (len, all_flags[f]));
        }
}

/* Every length up to a few words, with one byte that is not copied as is at
 * every position: the word-at-a-time path, the overlapping last word and
 * the byte loop have to agree. */
static void
test_escape_to_buffer_positions (void)
{
  static const char * const specials[] = {
    "\"", "\\", "\t", "\x01", "\x7f", "\xff", "\xc3\xa9", "\xe2\x82\xac",
    "\xf0\x9f\x98\x80", "\xe2\x82", "\xc2\x85", " ",
  };

  for (gsize len = 0; len <= 40; len++)
    for (gsize pos = 0; pos <= len; pos++)
      for (guint k = 0; k < G_N_ELEMENTS (specials); k++)
        {
          g_autoptr(GByteArray) input = g_byte_array_new ();
          g_autofree char *escaped = NULL;

          for (gsize i = 0; i < len; i++)
            {
              guint8 c = (guint8) ('a' + i % 26);

              if (i == pos)
                g_byte_array_append (input, (const guint8 *) specials[k], strlen (specials[k]));
              g_byte_array_append (input, &c, 1);
            }
          if (pos == len)
            g_byte_array_append (input, (const guint8 *) specials[k], strlen (specials[k]));

          escaped = bench_escape (input->data, input->len);
          assert_to_buffer_matches (input->data, input->len, escaped);
        }
}

static void
test_escape_to_buffer_bad_flags (void)
{
  guint8 buf[16];
  guint8 *end;

  /* JSON and CSV exclude each other */
  g_test_expect_message ("Benchtop-core", G_LOG_LEVEL_CRITICAL, "*should not be reached*");
  end = bench_escape_to_buffer (buf, (const guint8 *) "ab", 2,
                                BENCH_ESCAPE_JSON | BENCH_ESCAPE_CSV);
  g_test_assert_expected_messages ();
  g_assert_true (end == buf);
}

/* Checks what DESIGN.md §2.3 promises about any escaped output. */
static void
assert_escaped_is_safe (const char *escaped)
{
  const char *p;

  g_assert_true (g_utf8_validate (escaped, -1, NULL));

  for (p = escaped; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      g_assert_false (c < 0x20 || (c >= 0x7f && c <= 0x9f));
    }
}

/* Random bytes biased towards the interesting ones: ASCII, backslashes,
 * controls, valid sequences of each length, and broken ones. */
static void
random_bytes (GRand      *rand,
              GByteArray *out,
              gsize       len)
{
  static const char * const pieces[] = {
    "\\", "\t", "\r\n", "\x7f", "\xc2\x85", "\xc2\xa0", "\xc3\xa9", "\xe2\x82\xac",
    "\xf0\x9f\x98\x80", "\xed\xa0\x80", "\xc0\xaf", "\xe2\x82", "\xf4\x90\x80\x80",
    "\\x41", "\\\\",
  };

  while (out->len < len)
    {
      guint choice = g_rand_int_range (rand, 0, 4);
      guint8 byte;

      switch (choice)
        {
        case 0:
          byte = (guint8) g_rand_int_range (rand, 0x20, 0x7f);
          g_byte_array_append (out, &byte, 1);
          break;

        case 1:
          byte = (guint8) g_rand_int_range (rand, 0, 256);
          g_byte_array_append (out, &byte, 1);
          break;

        case 2:
          {
            const char *piece = pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))];
            g_byte_array_append (out, (const guint8 *) piece, strlen (piece));
          }
          break;

        default:
          {
            gunichar c = (gunichar) g_rand_int_range (rand, 1, 0x110000);
            char buf[6];

            if (c >= 0xd800 && c <= 0xdfff)
              c = 'x';
            g_byte_array_append (out, (const guint8 *) buf, g_unichar_to_utf8 (c, buf));
          }
          break;
        }
    }

  g_byte_array_set_size (out, len);
}

static void
test_escape_round_trip (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (g_test_rand_int ());

  for (guint i = 0; i < 20000; i++)
    {
      g_autoptr(GByteArray) input = g_byte_array_new ();
      g_autoptr(GBytes) back = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *escaped = NULL;
      gsize len;

      /* mostly short lines, some longer than the internal block size */
      if (i % 500 == 0)
        len = g_rand_int_range (rand, 16000, 70000);
      else
        len = g_rand_int_range (rand, 0, 120);

      random_bytes (rand, input, len);

      escaped = bench_escape (input->data, input->len);
      assert_escaped_is_safe (escaped);
      g_assert_cmpuint (bench_escape_length (input->data, input->len), ==, strlen (escaped));
      g_assert_cmpint (bench_escape_is_clean (input->data, input->len), ==,
                       strlen (escaped) == input->len &&
                       (input->len == 0 || memcmp (escaped, input->data, input->len) == 0));

      assert_to_buffer_matches (input->data, input->len, escaped);

      back = bench_unescape (escaped, -1, &error);
      g_assert_no_error (error);
      g_assert_cmpmem (g_bytes_get_data (back, NULL), g_bytes_get_size (back),
                       input->data, input->len);
    }
}

/* Valid sequences and escapes that straddle the 16 KiB blocks of
 * bench_escape_append(). */
static void
test_escape_block_boundaries (void)
{
  static const char * const tails[] = {
    "\xe2\x82\xac", "\xf0\x9f\x98\x80", "\xc3\xa9", "\xe2\x82", "\x01", "\\",
    /* a sequence followed by stray continuation bytes */
    "\xf0\x9f\x98\x80\x80", "\xe2\x82\xac\x80\x80", "\xc3\xa9\xa9\xa9\xa9",
  };

  for (gsize pad = 16380; pad < 16390; pad++)
    for (guint t = 0; t < G_N_ELEMENTS (tails); t++)
      {
        g_autoptr(GByteArray) input = g_byte_array_new ();
        g_autoptr(GString) expected = g_string_new (NULL);
        g_autoptr(GBytes) back = NULL;
        g_autofree char *escaped = NULL;
        g_autofree char *escaped_tail = NULL;

        g_byte_array_set_size (input, pad);
        memset (input->data, 'a', pad);
        g_byte_array_append (input, (const guint8 *) tails[t], strlen (tails[t]));
        g_byte_array_append (input, (const guint8 *) "zz", 2);

        escaped_tail = bench_escape ((const guint8 *) tails[t], strlen (tails[t]));
        g_string_append_len (expected, (const char *) input->data, pad);
        g_string_append (expected, escaped_tail);
        g_string_append (expected, "zz");

        escaped = bench_escape (input->data, input->len);
        g_assert_cmpstr (escaped, ==, expected->str);
        back = bench_unescape (escaped, -1, NULL);
        g_assert_nonnull (back);
        g_assert_true (g_bytes_get_size (back) == input->len);
      }
}

static void
test_unescape_accepts (void)
{
  static const struct {
    const char *text;
    gssize      len;
    const char *bytes;
    gsize       n_bytes;
  } cases[] = {
    { "", -1, "", 0 },
    { "plain", -1, "plain", 5 },
    { "\\r\\n\\t\\\\", -1, "\r\n\t\\", 4 },
    { "\\x41\\x4a\\x4A\\xff\\x00", -1, "AJJ\xff\0", 5 },
    { "a\\x2cb", -1, "a,b", 3 },
    { "caf\xc3\xa9\\n", -1, "caf\xc3\xa9\n", 6 },
    /* an explicit length: stops there, and may cover NUL bytes */
    { "ab\\ncd", 4, "ab\n", 3 },
    { "a\0b", 3, "a\0b", 3 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = bench_unescape (cases[i].text, cases[i].len, &error);

      g_assert_no_error (error);
      g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                       cases[i].bytes, cases[i].n_bytes);
    }
}

static void
test_unescape_errors (void)
{
  static const struct {
    const char *text;
    const char *sequence;   /* as quoted in the message */
    const char *position;
  } cases[] = {
    { "abc\\", "“\\”", "position 4" },
    { "\\", "“\\”", "position 1" },
    { "\\q", "“\\q”", "position 1" },
    { "ok\\R", "“\\R”", "position 3" },
    { "\\X41", "“\\X”", "position 1" },
    { "\\0", "“\\0”", "position 1" },
    { "\\x", "“\\x”", "position 1" },
    { "\\x4", "“\\x4”", "position 1" },
    { "\\x4g", "“\\x4g”", "position 1" },
    { "\\xg0", "“\\xg0”", "position 1" },
    { "ab\\x 1", "“\\x 1”", "position 3" },
    /* positions count characters, not bytes */
    { "\xc3\xa9t\xc3\xa9\\z", "“\\z”", "position 4" },
    /* what follows the backslash is shown safely */
    { "\\\x01", "“\\\xef\xbf\xbd”", "position 1" },
    { "\\\xe2\x82\xac", "“\\\xe2\x82\xac”", "position 1" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = bench_unescape (cases[i].text, -1, &error);

      g_assert_null (bytes);
      g_assert_error (error, BENCH_ERROR, BENCH_ERROR_INVALID_ESCAPE);
      g_test_message ("%s", error->message);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      g_assert_nonnull (strstr (error->message, cases[i].sequence));
      g_assert_nonnull (strstr (error->message, cases[i].position));
    }

  /* a NULL error is fine */
  g_assert_null (bench_unescape ("\\q", -1, NULL));
}

static void
test_parse_hex (void)
{
  static const struct {
    const char *text;
    const char *bytes;
    gsize       n_bytes;
  } good[] = {
    { "", "", 0 },
    { "   ", "", 0 },
    { "48 65 6c 0d0a", "Hel\r\n", 5 },
    { "48656C", "Hel", 3 },
    { "48:65:6C", "Hel", 3 },
    { " 00 ff\tFF\n7f ", "\0\xff\xff\x7f", 4 },
  };
  static const struct {
    const char *text;
    const char *needle;
  } bad[] = {
    { "486", "“486” at position 1" },
    { "48 6", "“6” at position 4" },
    { "4 8", "“4” at position 1" },
    { "zz", "“z” in hex at position 1" },
    { "48 0x41", "“x” in hex at position 5" },
    { "48-65", "“-” in hex at position 3" },
    { "\xc3\xa9", "“\xc3\xa9” in hex at position 1" },
    { "4\x01", "“\xef\xbf\xbd” in hex at position 2" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = bench_parse_hex (good[i].text, &error);

      g_assert_no_error (error);
      g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                       good[i].bytes, good[i].n_bytes);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = bench_parse_hex (bad[i].text, &error);

      g_assert_null (bytes);
      g_assert_error (error, BENCH_ERROR, BENCH_ERROR_INVALID_ESCAPE);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, bad[i].needle));
    }
}

static void
test_hex_append (void)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed (g_test_rand_int ());

  bench_hex_append (out, (const guint8 *) "Hel", 3);
  g_assert_cmpstr (out->str, ==, "48 65 6c");

  bench_hex_append (out, NULL, 0);
  g_assert_cmpstr (out->str, ==, "48 65 6c");

  g_string_assign (out, "rx: ");
  bench_hex_append (out, (const guint8 *) "\0\xff\r\n", 4);
  g_assert_cmpstr (out->str, ==, "rx: 00 ff 0d 0a");

  /* printing and parsing agree */
  for (guint i = 0; i < 200; i++)
    {
      g_autoptr(GByteArray) input = g_byte_array_new ();
      g_autoptr(GBytes) back = NULL;

      for (guint n = g_rand_int_range (rand, 0, 64); n > 0; n--)
        {
          guint8 b = (guint8) g_rand_int_range (rand, 0, 256);
          g_byte_array_append (input, &b, 1);
        }
      g_string_truncate (out, 0);
      bench_hex_append (out, input->data, input->len);
      g_assert_cmpuint (out->len, ==, input->len == 0 ? 0 : input->len * 3 - 1);
      back = bench_parse_hex (out->str, NULL);
      g_assert_cmpmem (g_bytes_get_data (back, NULL), g_bytes_get_size (back),
                       input->data, input->len);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/benchtop/escape/table", test_escape_table);
  g_test_add_func ("/benchtop/escape/round-trip", test_escape_round_trip);
  g_test_add_func ("/benchtop/escape/block-boundaries", test_escape_block_boundaries);
  g_test_add_func ("/benchtop/escape/to-buffer-quoting", test_escape_to_buffer_quoting);
  g_test_add_func ("/benchtop/escape/to-buffer-worst-case", test_escape_to_buffer_worst_case);
  g_test_add_func ("/benchtop/escape/to-buffer-positions", test_escape_to_buffer_positions);
  g_test_add_func ("/benchtop/escape/to-buffer-bad-flags", test_escape_to_buffer_bad_flags);
  g_test_add_func ("/benchtop/escape/unescape", test_unescape_accepts);
  g_test_add_func ("/benchtop/escape/unescape-errors", test_unescape_errors);
  g_test_add_func ("/benchtop/escape/parse-hex", test_parse_hex);
  g_test_add_func ("/benchtop/escape/hex-append", test_hex_append);

  return g_test_run ();
}
