/* test-framer.c - bytes to lines, whatever the chunking
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "bench-escape.h"
#include "bench-framer.h"

#include "bench-test-util.h"

typedef struct
{
  GBytes        *text;
  BenchRowFlags  flags;
  gint64         mono;
  gint64         wall;
} Line;

static void
line_clear (gpointer data)
{
  Line *line = data;

  g_bytes_unref (line->text);
}

static GArray *
lines_new (void)
{
  GArray *lines = g_array_new (FALSE, TRUE, sizeof (Line));

  g_array_set_clear_func (lines, line_clear);

  return lines;
}

static void
lines_add (GArray        *lines,
           const guint8  *text,
           gsize          len,
           BenchRowFlags  flags,
           gint64         mono,
           gint64         wall)
{
  Line line = { g_bytes_new (text, len), flags, mono, wall };

  g_array_append_val (lines, line);
}

static void
collect_cb (const guint8  *text,
            gsize          len,
            BenchRowFlags  flags,
            gint64         first_mono,
            gint64         first_wall,
            gpointer       user_data)
{
  g_assert_true (text != NULL);
  lines_add (user_data, text, len, flags, first_mono, first_wall);
}

static GBytes *
eol_bytes (const char *eol)
{
  return eol != NULL ? g_bytes_new (eol, strlen (eol)) : NULL;
}

static void
feed_str (BenchFramer *framer,
          const char  *text,
          gint64       time,
          GArray      *lines)
{
  bench_framer_feed (framer, (const guint8 *) text, strlen (text), time, time + 1000,
                     collect_cb, lines);
}

static void
assert_line (GArray        *lines,
             guint          index,
             const char    *text,
             BenchRowFlags  flags)
{
  Line *line;

  g_assert_cmpuint (index, <, lines->len);
  line = &g_array_index (lines, Line, index);
  g_assert_cmpmem (g_bytes_get_data (line->text, NULL), g_bytes_get_size (line->text),
                   text, strlen (text));
  g_assert_cmpint (line->flags, ==, flags);
}

static void
assert_line_time (GArray *lines,
                  guint   index,
                  gint64  time)
{
  g_assert_cmpuint (index, <, lines->len);
  g_assert_cmpint (g_array_index (lines, Line, index).mono, ==, time);
  g_assert_cmpint (g_array_index (lines, Line, index).wall, ==, time + 1000);
}

/* Each eol mode, fed in one piece. */
static void
test_framer_modes (void)
{
  static const struct {
    const char *eol;
    const char *input;
    const char *lines[8];
    const char *pending;
  } cases[] = {
    { NULL, "a\nb\rc\r\nd\n\ne", { "a", "b", "c", "d", "", NULL }, "e" },
    { "", "a\r\nb\n", { "a", "b", NULL }, NULL },
    { NULL, "\r\n\n\r", { "", "", "", NULL }, NULL },
    { "\n", "a\nb\rc\r\n\nd", { "a", "b\rc\r", "", NULL }, "d" },
    { "\r", "a\rb\nc\r\n\rd", { "a", "b\nc", "\n", NULL }, "d" },
    { "\r\n", "a\rb\nc\r\n\r\nd\r", { "a\rb\nc", "", NULL }, "d\r" },
    { "\x03", "v=1\x03v=2\n\x03\x03x", { "v=1", "v=2\n", "", NULL }, "x" },
    { "END", "oneENDtwoENENDthreeEN", { "one", "twoEN", NULL }, "threeEN" },
    { "aab", "xaaabyaab", { "xa", "y", NULL }, NULL },
    { "abab", "xabababyabab", { "x", "aby", NULL }, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) eol = eol_bytes (cases[i].eol);
      g_autoptr(BenchFramer) framer = bench_framer_new (eol, 1024);
      g_autoptr(GArray) lines = lines_new ();
      guint n = 0;

      g_test_message ("case %u", i);
      feed_str (framer, cases[i].input, 1, lines);
      for (; cases[i].lines[n] != NULL; n++)
        assert_line (lines, n, cases[i].lines[n], BENCH_ROW_NONE);
      g_assert_cmpuint (lines->len, ==, n);

      g_assert_cmpuint (bench_framer_get_pending (framer), ==,
                        cases[i].pending ? strlen (cases[i].pending) : 0);
      bench_framer_flush (framer, collect_cb, lines);
      if (cases[i].pending != NULL)
        {
          g_assert_cmpuint (lines->len, ==, n + 1);
          assert_line (lines, n, cases[i].pending, BENCH_ROW_PARTIAL);
        }
      else
        {
          g_assert_cmpuint (lines->len, ==, n);
        }
      g_assert_cmpuint (bench_framer_get_pending (framer), ==, 0);
      g_assert_cmpuint (bench_framer_get_split_count (framer), ==, 0);
    }
}

/* A CRLF cut between two feeds is one terminator. */
static void
test_framer_crlf_split (void)
{
  g_autoptr(BenchFramer) framer = bench_framer_new (NULL, 1024);
  g_autoptr(GArray) lines = lines_new ();

  feed_str (framer, "abc\r", 1, lines);
  g_assert_cmpuint (lines->len, ==, 1);
  assert_line (lines, 0, "abc", BENCH_ROW_NONE);
  g_assert_cmpuint (bench_framer_get_pending (framer), ==, 0);

  feed_str (framer, "\ndef\r", 2, lines);
  g_assert_cmpuint (lines->len, ==, 2);
  assert_line (lines, 1, "def", BENCH_ROW_NONE);

  /* the LF alone in a feed */
  feed_str (framer, "\n", 3, lines);
  g_assert_cmpuint (lines->len, ==, 2);

  /* a CR that is not followed by LF: the next byte starts a line */
  feed_str (framer, "x\r", 4, lines);
  feed_str (framer, "y\n", 5, lines);
  g_assert_cmpuint (lines->len, ==, 4);
  assert_line (lines, 2, "x", BENCH_ROW_NONE);
  assert_line (lines, 3, "y", BENCH_ROW_NONE);

  /* an empty feed keeps the CR state */
  feed_str (framer, "z\r", 6, lines);
  bench_framer_feed (framer, (const guint8 *) "", 0, 7, 7, collect_cb, lines);
  feed_str (framer, "\n", 8, lines);
  g_assert_cmpuint (lines->len, ==, 5);
  assert_line (lines, 4, "z", BENCH_ROW_NONE);
}

/* CR CR LF is two terminators: a line, then an empty line. */
static void
test_framer_cr_cr_lf (void)
{
  static const char input[] = "a\r\r\nb\n";

  /* in one piece and cut at every position */
  for (gsize cut = 0; cut < sizeof input - 1; cut++)
    {
      g_autoptr(BenchFramer) framer = bench_framer_new (NULL, 1024);
      g_autoptr(GArray) lines = lines_new ();

      bench_framer_feed (framer, (const guint8 *) input, cut, 1, 1, collect_cb, lines);
      bench_framer_feed (framer, (const guint8 *) input + cut, sizeof input - 1 - cut, 2, 2,
                         collect_cb, lines);
      g_assert_cmpuint (lines->len, ==, 3);
      assert_line (lines, 0, "a", BENCH_ROW_NONE);
      assert_line (lines, 1, "", BENCH_ROW_NONE);
      assert_line (lines, 2, "b", BENCH_ROW_NONE);
    }
}

/* A line carries the time of the feed that delivered its first byte. */
static void
test_framer_timestamps (void)
{
  g_autoptr(BenchFramer) framer = bench_framer_new (NULL, 1024);
  g_autoptr(BenchFramer) multi = NULL;
  g_autoptr(GBytes) end = eol_bytes ("END");
  g_autoptr(GArray) lines = lines_new ();

  feed_str (framer, "ab", 10, lines);
  feed_str (framer, "c\nd", 20, lines);
  feed_str (framer, "e\n", 30, lines);
  g_assert_cmpuint (lines->len, ==, 2);
  assert_line (lines, 0, "abc", BENCH_ROW_NONE);
  assert_line_time (lines, 0, 10);
  assert_line (lines, 1, "de", BENCH_ROW_NONE);
  assert_line_time (lines, 1, 20);

  /* an empty line: the time of its terminator */
  feed_str (framer, "\n", 40, lines);
  assert_line (lines, 2, "", BENCH_ROW_NONE);
  assert_line_time (lines, 2, 40);

  /* the LF of a split CRLF does not start a line */
  feed_str (framer, "x\r", 50, lines);
  feed_str (framer, "\n", 60, lines);
  feed_str (framer, "y\n", 70, lines);
  g_assert_cmpuint (lines->len, ==, 5);
  assert_line (lines, 3, "x", BENCH_ROW_NONE);
  assert_line_time (lines, 3, 50);
  assert_line (lines, 4, "y", BENCH_ROW_NONE);
  assert_line_time (lines, 4, 70);

  /* a flushed partial line */
  feed_str (framer, "zz", 80, lines);
  feed_str (framer, "z", 90, lines);
  bench_framer_flush (framer, collect_cb, lines);
  assert_line (lines, 5, "zzz", BENCH_ROW_PARTIAL);
  assert_line_time (lines, 5, 80);

  /* Multi-byte terminators: bytes that might begin one keep their own time
   * until they turn out to be content. */
  g_array_set_size (lines, 0);
  multi = bench_framer_new (end, 4);
  feed_str (multi, "abcE", 100, lines);
  feed_str (multi, "N", 110, lines);
  g_assert_cmpuint (lines->len, ==, 0);
  g_assert_cmpuint (bench_framer_get_pending (multi), ==, 5);
  feed_str (multi, "X", 120, lines);
  g_assert_cmpuint (lines->len, ==, 1);
  assert_line (lines, 0, "abcE", BENCH_ROW_SPLIT);
  assert_line_time (lines, 0, 100);
  bench_framer_flush (multi, collect_cb, lines);
  assert_line (lines, 1, "NX", BENCH_ROW_PARTIAL);
  assert_line_time (lines, 1, 110);

  /* an empty line whose terminator started in an earlier feed */
  feed_str (multi, "E", 130, lines);
  feed_str (multi, "ND", 140, lines);
  assert_line (lines, 2, "", BENCH_ROW_NONE);
  assert_line_time (lines, 2, 130);

  /* a line that ends in a terminator spread over three feeds */
  feed_str (multi, "qE", 150, lines);
  feed_str (multi, "N", 160, lines);
  feed_str (multi, "Dr", 170, lines);
  assert_line (lines, 3, "q", BENCH_ROW_NONE);
  assert_line_time (lines, 3, 150);
  g_assert_cmpuint (bench_framer_get_pending (multi), ==, 1);
}

static void
test_framer_max_line (void)
{
  g_autoptr(BenchFramer) framer = bench_framer_new (NULL, 16);
  g_autoptr(GArray) lines = lines_new ();
  char buf[64];

  /* 40 bytes: two cuts, then the rest */
  memset (buf, 'x', 40);
  strcpy (buf + 40, "\n");
  feed_str (framer, buf, 1, lines);
  g_assert_cmpuint (lines->len, ==, 3);
  assert_line (lines, 0, "xxxxxxxxxxxxxxxx", BENCH_ROW_SPLIT);
  assert_line (lines, 1, "xxxxxxxxxxxxxxxx", BENCH_ROW_SPLIT);
  assert_line (lines, 2, "xxxxxxxx", BENCH_ROW_NONE);
  g_assert_cmpuint (bench_framer_get_split_count (framer), ==, 2);

  /* exactly max_line bytes and a terminator: not cut */
  g_array_set_size (lines, 0);
  memset (buf, 'y', 16);
  strcpy (buf + 16, "\r\n");
  feed_str (framer, buf, 2, lines);
  g_assert_cmpuint (lines->len, ==, 1);
  assert_line (lines, 0, "yyyyyyyyyyyyyyyy", BENCH_ROW_NONE);
  g_assert_cmpuint (bench_framer_get_split_count (framer), ==, 2);

  /* twice max_line: one cut */
  g_array_set_size (lines, 0);
  memset (buf, 'z', 32);
  strcpy (buf + 32, "\n");
  feed_str (framer, buf, 3, lines);
  g_assert_cmpuint (lines->len, ==, 2);
  assert_line (lines, 0, "zzzzzzzzzzzzzzzz", BENCH_ROW_SPLIT);
  assert_line (lines, 1, "zzzzzzzzzzzzzzzz", BENCH_ROW_NONE);
  g_assert_cmpuint (bench_framer_get_split_count (framer), ==, 3);

  /* byte by byte: the pending bytes never exceed max_line, and each piece
   * has the time of its own first byte */
  g_array_set_size (lines, 0);
  for (guint i = 0; i < 35; i++)
    {
      bench_framer_feed (framer, (const guint8 *) "w", 1, 100 + i, 1100 + i, collect_cb, lines);
      g_assert_cmpuint (bench_framer_get_pending (framer), <=, 16);
    }
  g_assert_cmpuint (lines->len, ==, 2);
  assert_line_time (lines, 0, 100);
  assert_line_time (lines, 1, 116);
  bench_framer_flush (framer, collect_cb, lines);
  g_assert_cmpuint (lines->len, ==, 3);
  assert_line (lines, 2, "www", BENCH_ROW_PARTIAL);
  assert_line_time (lines, 2, 132);
  g_assert_cmpuint (bench_framer_get_split_count (framer), ==, 5);
}

static void
test_framer_flush_reset (void)
{
  g_autoptr(BenchFramer) framer = bench_framer_new (NULL, 64);
  g_autoptr(BenchFramer) multi = NULL;
  g_autoptr(GBytes) eol = eol_bytes ("\r\n");
  g_autoptr(GArray) lines = lines_new ();

  /* nothing pending: nothing emitted */
  bench_framer_flush (framer, collect_cb, lines);
  g_assert_cmpuint (lines->len, ==, 0);

  feed_str (framer, "one\ntw", 1, lines);
  bench_framer_flush (framer, collect_cb, lines);
  g_assert_cmpuint (lines->len, ==, 2);
  assert_line (lines, 1, "tw", BENCH_ROW_PARTIAL);
  bench_framer_flush (framer, collect_cb, lines);
  g_assert_cmpuint (lines->len, ==, 2);

  /* reset forgets pending bytes and the CR state */
  g_array_set_size (lines, 0);
  feed_str (framer, "abc\rdef", 1, lines);
  g_assert_cmpuint (bench_framer_get_pending (framer), ==, 3);
  bench_framer_reset (framer);
  g_assert_cmpuint (bench_framer_get_pending (framer), ==, 0);
  feed_str (framer, "ghi\r", 2, lines);
  bench_framer_reset (framer);
  feed_str (framer, "\nx\n", 3, lines);
  g_assert_cmpuint (lines->len, ==, 4);
  assert_line (lines, 0, "abc", BENCH_ROW_NONE);
  assert_line (lines, 1, "ghi", BENCH_ROW_NONE);
  assert_line (lines, 2, "", BENCH_ROW_NONE);
  assert_line (lines, 3, "x", BENCH_ROW_NONE);

  /* a pending partial terminator is part of the flushed line, and reset
   * drops it */
  g_array_set_size (lines, 0);
  multi = bench_framer_new (eol, 64);
  feed_str (multi, "ab\r", 1, lines);
  g_assert_cmpuint (bench_framer_get_pending (multi), ==, 3);
  bench_framer_flush (multi, collect_cb, lines);
  g_assert_cmpuint (lines->len, ==, 1);
  assert_line (lines, 0, "ab\r", BENCH_ROW_PARTIAL);
  feed_str (multi, "cd\r", 2, lines);
  bench_framer_reset (multi);
  feed_str (multi, "\nef\r\n", 3, lines);
  g_assert_cmpuint (lines->len, ==, 2);
  assert_line (lines, 1, "\nef", BENCH_ROW_NONE);
}

typedef struct
{
  const guint8 *chunk;
  gsize         chunk_len;
  guint         inside;
  guint         total;
} ZeroCopy;

static void
zero_copy_cb (const guint8  *text,
              gsize          len,
              BenchRowFlags  flags,
              gint64         first_mono,
              gint64         first_wall,
              gpointer       user_data)
{
  ZeroCopy *zc = user_data;

  zc->total++;
  if (text >= zc->chunk && text + len <= zc->chunk + zc->chunk_len)
    zc->inside++;
}

/* Lines that lie inside one chunk are not copied. */
static void
test_framer_zero_copy (void)
{
  static const char *eols[] = { NULL, "\n", "\r\n" };
  static const char data[] = "head\r\nline one\r\nline two\r\nline three\r\ntail";

  for (guint i = 0; i < G_N_ELEMENTS (eols); i++)
    {
      g_autoptr(GBytes) eol = eol_bytes (eols[i]);
      g_autoptr(BenchFramer) framer = bench_framer_new (eol, 1024);
      ZeroCopy zc = { 0 };

      bench_framer_feed (framer, (const guint8 *) "he", 2, 1, 1, zero_copy_cb, &zc);
      zc.chunk = (const guint8 *) data + 2;
      zc.chunk_len = sizeof data - 3;
      bench_framer_feed (framer, zc.chunk, zc.chunk_len, 2, 2, zero_copy_cb, &zc);

      /* "head" was copied; the three whole lines were not */
      g_assert_cmpuint (zc.total, ==, 4);
      g_assert_cmpuint (zc.inside, ==, 3);
    }
}

/* ---- the chunking property ---------------------------------------------- */

/* The defining semantics: one byte at a time. stamps[i] is the time of the
 * feed that delivered byte i. */
static void
reference_frame (const guint8 *eol,
                 gsize         eol_len,
                 gsize         max_line,
                 const guint8 *data,
                 gsize         len,
                 const gint64 *stamps,
                 GArray       *lines)
{
  g_autoptr(GByteArray) buf = g_byte_array_new ();
  g_autoptr(GArray) buf_stamps = g_array_new (FALSE, FALSE, sizeof (gint64));
  gboolean skip_lf = FALSE;

#define REF_EMIT(n, flags)                                                           \
  G_STMT_START {                                                                     \
    gint64 t_ = g_array_index (buf_stamps, gint64, 0);                               \
    lines_add (lines, buf->data, (n), (flags), t_, t_ + 1000);                       \
  } G_STMT_END

  for (gsize i = 0; i < len; i++)
    {
      guint8 b = data[i];

      if (eol_len == 0)
        {
          if (skip_lf)
            {
              skip_lf = FALSE;
              if (b == '\n')
                continue;
            }
          if (b == '\r' || b == '\n')
            {
              if (buf->len == 0)
                lines_add (lines, (const guint8 *) "", 0, BENCH_ROW_NONE,
                           stamps[i], stamps[i] + 1000);
              else
                REF_EMIT (buf->len, BENCH_ROW_NONE);
              g_byte_array_set_size (buf, 0);
              g_array_set_size (buf_stamps, 0);
              skip_lf = b == '\r';
              continue;
            }
          if (buf->len == max_line)
            {
              REF_EMIT (buf->len, BENCH_ROW_SPLIT);
              g_byte_array_set_size (buf, 0);
              g_array_set_size (buf_stamps, 0);
            }
          g_byte_array_append (buf, &b, 1);
          g_array_append_val (buf_stamps, stamps[i]);
        }
      else
        {
          gsize k;

          g_byte_array_append (buf, &b, 1);
          g_array_append_val (buf_stamps, stamps[i]);

          if (buf->len >= eol_len && memcmp (buf->data + buf->len - eol_len, eol, eol_len) == 0)
            {
              /* buf[0] is the first byte of the line, or of its terminator */
              REF_EMIT (buf->len - eol_len, BENCH_ROW_NONE);
              g_byte_array_set_size (buf, 0);
              g_array_set_size (buf_stamps, 0);
              continue;
            }

          /* the longest suffix that may still begin a terminator */
          for (k = MIN (buf->len, eol_len - 1); k > 0; k--)
            if (memcmp (buf->data + buf->len - k, eol, k) == 0)
              break;

          while (buf->len - k > max_line)
            {
              REF_EMIT (max_line, BENCH_ROW_SPLIT);
              g_byte_array_remove_range (buf, 0, max_line);
              g_array_remove_range (buf_stamps, 0, max_line);
            }
        }
    }

  /* flush */
  while (buf->len > max_line)
    {
      REF_EMIT (max_line, BENCH_ROW_SPLIT);
      g_byte_array_remove_range (buf, 0, max_line);
      g_array_remove_range (buf_stamps, 0, max_line);
    }
  if (buf->len > 0)
    REF_EMIT (buf->len, BENCH_ROW_PARTIAL);

#undef REF_EMIT
}

/* Random chunk sizes from 1 byte to 64 KiB, most of them small. */
static gsize
random_chunk (GRand *rand)
{
  switch (g_rand_int_range (rand, 0, 5))
    {
    case 0:  return g_rand_int_range (rand, 1, 4);
    case 1:  return g_rand_int_range (rand, 1, 64);
    case 2:  return g_rand_int_range (rand, 1, 1024);
    case 3:  return g_rand_int_range (rand, 1, 8192);
    default: return g_rand_int_range (rand, 1, 65537);
    }
}

static void
random_input (GRand        *rand,
              const guint8 *eol,
              gsize         eol_len,
              gsize         max_line,
              GByteArray   *out,
              gsize         target)
{
  /* a small alphabet, so that partial and overlapping terminators abound */
  static const char alphabet[] = "aabENDx\r\n\x03 ";

  while (out->len < target)
    {
      guint what = g_rand_int_range (rand, 0, 10);
      gsize n;

      switch (what)
        {
        case 0:
        case 1:
          /* a run of text around max_line */
          n = max_line + g_rand_int_range (rand, 0, 5);
          n = n >= 2 ? n - 2 : 0;
          if (g_rand_boolean (rand))
            n = n * g_rand_int_range (rand, 1, 4) + g_rand_int_range (rand, 0, 2);
          while (n-- > 0)
            {
              guint8 c = (guint8) ('A' + g_rand_int_range (rand, 0, 3));
              g_byte_array_append (out, &c, 1);
            }
          break;

        case 2:
          if (eol_len > 0)
            g_byte_array_append (out, eol, eol_len);
          else
            g_byte_array_append (out, (const guint8 *) "\r\n", 2);
          break;

        case 3:
          if (eol_len > 1)
            g_byte_array_append (out, eol, g_rand_int_range (rand, 1, eol_len));
          else
            g_byte_array_append (out, (const guint8 *) "\r", 1);
          break;

        case 4:
          {
            static const char * const terms[] = { "\r", "\n", "\r\n", "\r\r\n", "\n\r" };
            const char *t = terms[g_rand_int_range (rand, 0, G_N_ELEMENTS (terms))];
            g_byte_array_append (out, (const guint8 *) t, strlen (t));
          }
          break;

        case 5:
          {
            guint8 c = (guint8) g_rand_int_range (rand, 0, 256);
            g_byte_array_append (out, &c, 1);
          }
          break;

        default:
          /* a short line out of the small alphabet */
          for (n = g_rand_int_range (rand, 0, 40); n > 0; n--)
            {
              guint8 c = (guint8) alphabet[g_rand_int_range (rand, 0, sizeof alphabet - 1)];
              g_byte_array_append (out, &c, 1);
            }
          break;
        }
    }
}

static void
assert_lines_equal (GArray *got,
                    GArray *expected)
{
  for (guint i = 0; i < MIN (got->len, expected->len); i++)
    {
      Line *g = &g_array_index (got, Line, i);
      Line *e = &g_array_index (expected, Line, i);

      if (!g_bytes_equal (g->text, e->text) || g->flags != e->flags ||
          g->mono != e->mono || g->wall != e->wall)
        {
          g_autofree char *gt = bench_escape (g_bytes_get_data (g->text, NULL),
                                              g_bytes_get_size (g->text));
          g_autofree char *et = bench_escape (g_bytes_get_data (e->text, NULL),
                                              g_bytes_get_size (e->text));

          g_test_message ("first difference at line %u: got “%s” flags %d at %" G_GINT64_FORMAT
                          ", expected “%s” flags %d at %" G_GINT64_FORMAT,
                          i, gt, g->flags, g->mono, et, e->flags, e->mono);
        }
      g_assert_cmpmem (g_bytes_get_data (g->text, NULL), g_bytes_get_size (g->text),
                       g_bytes_get_data (e->text, NULL), g_bytes_get_size (e->text));
      g_assert_cmpint (g->flags, ==, e->flags);
      g_assert_cmpint (g->mono, ==, e->mono);
      g_assert_cmpint (g->wall, ==, e->wall);
    }
  g_assert_cmpuint (got->len, ==, expected->len);
}

static void
test_framer_chunking (void)
{
  static const struct {
    const char *eol;
    gsize       eol_len;
  } eols[] = {
    { NULL, 0 },
    { "\n", 1 },
    { "\r", 1 },
    { "\x03", 1 },
    { "\r\n", 2 },
    { "END", 3 },
    { "aab", 3 },
    { "abab", 4 },
    { "aaaa", 4 },
    { "ababababab", 10 },   /* long: found by memmem */
  };
  static const gsize max_lines[] = { 1, 2, 3, 5, 16, 17, 100, 4096, 65536 };
  g_autoptr(GRand) rand = g_rand_new_with_seed (g_test_rand_int ());
  guint iterations = g_test_slow () ? 3000 : 600;

  for (guint iter = 0; iter < iterations; iter++)
    {
      guint e = iter % G_N_ELEMENTS (eols);
      gsize max_line = max_lines[g_rand_int_range (rand, 0, G_N_ELEMENTS (max_lines))];
      const guint8 *eol = (const guint8 *) eols[e].eol;
      gsize eol_len = eols[e].eol_len;
      g_autoptr(GBytes) eol_b = eol != NULL ? g_bytes_new (eol, eol_len) : NULL;
      g_autoptr(GByteArray) input = g_byte_array_new ();
      g_autoptr(GArray) expected = lines_new ();
      g_autoptr(GArray) got = lines_new ();
      g_autoptr(BenchFramer) framer = bench_framer_new (eol_b, max_line);
      g_autofree gint64 *stamps = NULL;
      guint64 splits = 0;
      gsize target;
      gsize pos;

      /* mostly small inputs, some of a few hundred KiB */
      target = iter % 50 == 0 ? g_rand_int_range (rand, 100000, 400000)
                              : g_rand_int_range (rand, 0, 3 * max_line + 200);
      random_input (rand, eol, eol_len, MIN (max_line, 70000), input, target);
      g_test_message ("iteration %u: eol %u, max_line %" G_GSIZE_FORMAT ", %u bytes",
                      iter, e, max_line, input->len);

      /* stamp each feed with the offset of its first byte */
      stamps = g_new (gint64, input->len + 1);
      for (pos = 0; pos < input->len;)
        {
          gsize n = random_chunk (rand);

          n = MIN (n, input->len - pos);

          for (gsize i = 0; i < n; i++)
            stamps[pos + i] = (gint64) pos;
          bench_framer_feed (framer, input->data + pos, n, (gint64) pos, (gint64) pos + 1000,
                             collect_cb, got);
          g_assert_cmpuint (bench_framer_get_pending (framer), <, max_line + MAX (eol_len, 1));
          pos += n;
        }
      bench_framer_flush (framer, collect_cb, got);

      reference_frame (eol, eol_len, max_line, input->data, input->len, stamps, expected);
      for (guint i = 0; i < expected->len; i++)
        if (g_array_index (expected, Line, i).flags & BENCH_ROW_SPLIT)
          splits++;

      assert_lines_equal (got, expected);
      g_assert_cmpuint (bench_framer_get_split_count (framer), ==, splits);
    }
}

static void
count_cb (const guint8  *text,
          gsize          len,
          BenchRowFlags  flags,
          gint64         first_mono,
          gint64         first_wall,
          gpointer       user_data)
{
  guint64 *counts = user_data;

  g_assert_cmpuint (len, ==, 65536);
  g_assert_true (text[0] == 'x' && text[len - 1] == 'x');
  if (flags & BENCH_ROW_SPLIT)
    counts[0]++;
  else if (flags & BENCH_ROW_PARTIAL)
    counts[1]++;
  else
    counts[2]++;
}

/* 100 MiB without a terminator: cut every max_line bytes, memory flat. */
static void
test_framer_bounded_memory (void)
{
  const gsize max_line = 65536;
  const gsize chunk = 64 * 1024;
  const gsize total = 100 * 1024 * 1024;
  g_autoptr(BenchFramer) framer = bench_framer_new (NULL, max_line);
  g_autofree guint8 *buf = g_malloc (chunk);
  guint64 counts[3] = { 0, 0, 0 };
  gsize rss_before;
  gsize rss_after;

  memset (buf, 'x', chunk);
  /* warm up: the first feeds allocate the line buffer */
  bench_framer_feed (framer, buf, chunk, 0, 0, count_cb, counts);
  bench_framer_feed (framer, buf, chunk, 0, 0, count_cb, counts);
  rss_before = bench_test_rss_kib ();
  g_assert_cmpuint (rss_before, >, 0);

  for (gsize done = 2 * chunk; done < total; done += chunk)
    {
      bench_framer_feed (framer, buf, chunk, 0, 0, count_cb, counts);
      g_assert_cmpuint (bench_framer_get_pending (framer), <=, max_line);
    }

  rss_after = bench_test_rss_kib ();
  g_test_message ("RSS before %" G_GSIZE_FORMAT " KiB, after %" G_GSIZE_FORMAT " KiB",
                  rss_before, rss_after);
  g_assert_cmpuint (rss_after, <, rss_before + max_line / 1024 + 4096);

  /* a line of exactly max_line bytes is cut only when more content follows */
  g_assert_cmpuint (counts[0], ==, total / max_line - 1);
  g_assert_cmpuint (bench_framer_get_split_count (framer), ==, total / max_line - 1);
  g_assert_cmpuint (bench_framer_get_pending (framer), ==, max_line);
  bench_framer_flush (framer, count_cb, counts);
  g_assert_cmpuint (counts[1], ==, 1);
  g_assert_cmpuint (counts[2], ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/benchtop/framer/modes", test_framer_modes);
  g_test_add_func ("/benchtop/framer/crlf-split", test_framer_crlf_split);
  g_test_add_func ("/benchtop/framer/cr-cr-lf", test_framer_cr_cr_lf);
  g_test_add_func ("/benchtop/framer/timestamps", test_framer_timestamps);
  g_test_add_func ("/benchtop/framer/max-line", test_framer_max_line);
  g_test_add_func ("/benchtop/framer/flush-reset", test_framer_flush_reset);
  g_test_add_func ("/benchtop/framer/zero-copy", test_framer_zero_copy);
  g_test_add_func ("/benchtop/framer/chunking", test_framer_chunking);
  g_test_add_func ("/benchtop/framer/bounded-memory", test_framer_bounded_memory);

  return g_test_run ();
}
