/* fuzz-framer.c - the framer gives the same lines for every chunking
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The first bytes choose the terminator and max_line; the rest is fed three
 * ways: whole, one byte at a time, and in chunks whose sizes come from a
 * generator seeded by the input. The lines (text and flags) must be equal,
 * and each line's stamp must be the start of the chunk that delivered its
 * first byte (known exactly from the byte-at-a-time run, whose stamps are
 * byte offsets).
 */
#include "config.h"

#include <string.h>

#include "bench-framer.h"

#include "fuzz-common.h"

typedef struct
{
  GByteArray *text;
  GArray     *lines;   /* of Line */
} Lines;

typedef struct
{
  gsize  offset;
  gsize  len;
  guint  flags;
  gint64 mono;
  gint64 wall;
} Line;

static void
collect_cb (const guint8  *text,
            gsize          len,
            BenchRowFlags  flags,
            gint64         first_mono,
            gint64         first_wall,
            gpointer       user_data)
{
  Lines *lines = user_data;
  Line line = { lines->text->len, len, flags, first_mono, first_wall };

  FUZZ_CHECK (text != NULL);
  g_byte_array_append (lines->text, text, len);
  g_array_append_val (lines->lines, line);
}

static void
lines_init (Lines *lines)
{
  lines->text = g_byte_array_new ();
  lines->lines = g_array_new (FALSE, FALSE, sizeof (Line));
}

static void
lines_clear (Lines *lines)
{
  g_byte_array_unref (lines->text);
  g_array_unref (lines->lines);
}

static gboolean
lines_equal (const Lines *a,
             const Lines *b)
{
  if (a->lines->len != b->lines->len)
    return FALSE;

  for (guint i = 0; i < a->lines->len; i++)
    {
      const Line *x = &g_array_index (a->lines, Line, i);
      const Line *y = &g_array_index (b->lines, Line, i);

      if (x->len != y->len || x->flags != y->flags)
        return FALSE;
      /* text->data is NULL while only empty lines have been collected */
      if (x->len > 0 &&
          memcmp (a->text->data + x->offset, b->text->data + y->offset, x->len) != 0)
        return FALSE;
    }

  return TRUE;
}

static guint64
count_splits (const Lines *lines)
{
  guint64 n = 0;

  for (guint i = 0; i < lines->lines->len; i++)
    if (g_array_index (lines->lines, Line, i).flags & BENCH_ROW_SPLIT)
      n++;

  return n;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static const char * const eols[] = { NULL, "\n", "\r", "\r\n", "\x03", "END" };
  g_autoptr(GBytes) eol = NULL;
  g_autoptr(BenchFramer) whole = NULL;
  g_autoptr(BenchFramer) bytewise = NULL;
  g_autoptr(BenchFramer) chunked = NULL;
  g_autofree gint64 *chunk_start = NULL;
  Lines a, b, c;
  gsize max_line;
  gsize eol_len = 0;
  guint32 state;
  gsize pos;

  fuzz_init ();

  if (size < 4 || size > 256 * 1024)
    return 0;

  /* byte 0: the terminator; 1-2: max_line; 3: chunking seed */
  if (data[0] < 0xc0)
    {
      const char *e = eols[data[0] % G_N_ELEMENTS (eols)];

      if (e != NULL)
        eol = g_bytes_new_static (e, strlen (e));
    }
  else
    {
      /* a terminator taken from the input itself, 1 to 16 bytes */
      eol_len = MIN ((gsize) (data[0] & 15) + 1, size - 4);
      if (eol_len > 0)
        eol = g_bytes_new (data + 4, eol_len);
    }
  eol_len = eol != NULL ? g_bytes_get_size (eol) : 0;
  max_line = ((gsize) data[1] | (gsize) data[2] << 8) % 600 + 1;
  if (data[2] & 0x80)
    max_line = 65536;
  state = data[3] * 2654435761u + 1;
  data += 4;
  size -= 4;

  lines_init (&a);
  lines_init (&b);
  lines_init (&c);

  whole = bench_framer_new (eol, max_line);
  bytewise = bench_framer_new (eol, max_line);
  chunked = bench_framer_new (eol, max_line);

  bench_framer_feed (whole, data, size, 0, 0, collect_cb, &a);
  bench_framer_flush (whole, collect_cb, &a);

  for (pos = 0; pos < size; pos++)
    {
      bench_framer_feed (bytewise, data + pos, 1, (gint64) pos, -(gint64) pos, collect_cb, &b);
      FUZZ_CHECK (bench_framer_get_pending (bytewise) <=
                  max_line + (eol_len > 0 ? eol_len - 1 : 0));
    }
  bench_framer_flush (bytewise, collect_cb, &b);

  chunk_start = g_new (gint64, size + 1);
  for (pos = 0; pos < size;)
    {
      gsize n;

      state = state * 1103515245u + 12345u;
      n = (state >> 16) % 4 == 0 ? (state >> 8) % 4096 + 1 : (state >> 8) % 8 + 1;
      n = MIN (n, size - pos);
      for (gsize i = 0; i < n; i++)
        chunk_start[pos + i] = (gint64) pos;
      bench_framer_feed (chunked, data + pos, n, (gint64) pos, -(gint64) pos, collect_cb, &c);
      pos += n;
    }
  bench_framer_flush (chunked, collect_cb, &c);

  FUZZ_CHECK (lines_equal (&a, &b));
  FUZZ_CHECK (lines_equal (&a, &c));
  FUZZ_CHECK (bench_framer_get_split_count (whole) == count_splits (&a));
  FUZZ_CHECK (bench_framer_get_split_count (bytewise) == count_splits (&b));
  FUZZ_CHECK (bench_framer_get_split_count (chunked) == count_splits (&c));
  FUZZ_CHECK (bench_framer_get_pending (whole) == 0);

  for (guint i = 0; i < b.lines->len; i++)
    {
      const Line *byte_line = &g_array_index (b.lines, Line, i);
      const Line *chunk_line = &g_array_index (c.lines, Line, i);
      gsize first = (gsize) byte_line->mono;

      FUZZ_CHECK (byte_line->wall == -byte_line->mono);
      FUZZ_CHECK (first < size);
      FUZZ_CHECK (chunk_line->mono == chunk_start[first]);
      FUZZ_CHECK (chunk_line->wall == -chunk_start[first]);
    }

  lines_clear (&a);
  lines_clear (&b);
  lines_clear (&c);

  return 0;
}
