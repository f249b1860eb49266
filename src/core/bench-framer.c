/* bench-framer.c - bytes to lines, whatever the chunking
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The state between feeds is small and bounded:
 *
 *  - line: bytes of the current line that are certainly content, at most
 *    max_line of them, stamped with the time of the first one;
 *  - tail (terminators of 2+ bytes only): the longest suffix of the stream
 *    that is a proper prefix of the terminator, at most eol_len - 1 bytes,
 *    each with its own stamp, because it may still turn out to be content;
 *  - skip_lf (auto mode only): the last feed ended with a CR, so a LF at the
 *    start of the next one belongs to it.
 *
 * Splitting at max_line is lazy: a line is cut only when a content byte
 * arrives while max_line content bytes are already pending, so a line of
 * exactly max_line bytes followed by its terminator is an ordinary line and
 * the pending buffer never holds more than max_line content bytes.
 *
 * Lines that lie entirely inside one chunk are handed out as pointers into
 * the chunk; only the unterminated end of a chunk is copied.
 *
 * The defining semantics are those of feeding one byte at a time;
 * tests/test-framer.c holds that reference and compares against it.
 */
#include "config.h"

#include <string.h>

#include "bench-framer.h"

struct _BenchFramer
{
  guint8  *eol;         /* NULL in auto mode */
  gsize    eol_len;     /* 0 in auto mode */
  gsize   *fail;        /* KMP failure function of eol, when eol_len >= 2 */
  gsize    max_line;

  guint8  *line;
  gsize    line_len;
  gsize    line_alloc;
  gint64   line_mono;
  gint64   line_wall;

  /* a ring of eol_len - 1 slots */
  guint8  *tail;
  gint64  *tail_mono;
  gint64  *tail_wall;
  gsize    tail_head;
  gsize    tail_len;

  guint64  splits;
  guint    skip_lf : 1;
};

BenchFramer *
bench_framer_new (GBytes *eol,
                  gsize   max_line)
{
  BenchFramer *self;
  const guint8 *eol_data = NULL;
  gsize eol_len = 0;

  g_return_val_if_fail (max_line > 0, NULL);

  if (eol != NULL)
    eol_data = g_bytes_get_data (eol, &eol_len);

  self = g_new0 (BenchFramer, 1);
  self->max_line = max_line;

  if (eol_len > 0)
    {
      self->eol = g_memdup2 (eol_data, eol_len);
      self->eol_len = eol_len;
    }

  if (eol_len >= 2)
    {
      gsize k = 0;

      self->fail = g_new0 (gsize, eol_len);
      for (gsize i = 1; i < eol_len; i++)
        {
          while (k > 0 && self->eol[i] != self->eol[k])
            k = self->fail[k - 1];
          if (self->eol[i] == self->eol[k])
            k++;
          self->fail[i] = k;
        }

      self->tail = g_malloc (eol_len - 1);
      self->tail_mono = g_new (gint64, eol_len - 1);
      self->tail_wall = g_new (gint64, eol_len - 1);
    }

  return self;
}

void
bench_framer_free (BenchFramer *self)
{
  if (self == NULL)
    return;

  g_free (self->eol);
  g_free (self->fail);
  g_free (self->line);
  g_free (self->tail);
  g_free (self->tail_mono);
  g_free (self->tail_wall);
  g_free (self);
}

static inline void
emit (BenchFramer         *self,
      const guint8        *line,
      gsize                len,
      BenchRowFlags        flags,
      gint64               mono,
      gint64               wall,
      BenchFramerLineFunc  func,
      gpointer             user_data)
{
  if (flags & BENCH_ROW_SPLIT)
    self->splits++;
  func (line, len, flags, mono, wall, user_data);
}

static void
line_reserve (BenchFramer *self,
              gsize        needed)
{
  gsize alloc;

  g_assert (needed <= self->max_line);

  if (needed <= self->line_alloc)
    return;

  alloc = MAX (self->line_alloc * 2, 256);
  alloc = MAX (alloc, needed);
  alloc = MIN (alloc, self->max_line);
  self->line = g_realloc (self->line, alloc);
  self->line_alloc = alloc;
}

/* Adds bytes that are certainly content of the current line and arrived at
 * (mono, wall), cutting at max_line. */
static void
append_content (BenchFramer         *self,
                const guint8        *p,
                gsize                len,
                gint64               mono,
                gint64               wall,
                BenchFramerLineFunc  func,
                gpointer             user_data)
{
  g_assert (self != NULL);
  g_assert (p != NULL || len == 0);

  while (len > 0)
    {
      gsize n;

      if (self->line_len == self->max_line)
        {
          emit (self, self->line, self->line_len, BENCH_ROW_SPLIT,
                self->line_mono, self->line_wall, func, user_data);
          self->line_len = 0;
        }

      if (self->line_len == 0)
        {
          if (len > self->max_line)
            {
              /* a whole piece with more content after it: no copy */
              emit (self, p, self->max_line, BENCH_ROW_SPLIT, mono, wall, func, user_data);
              p += self->max_line;
              len -= self->max_line;
              continue;
            }
          self->line_mono = mono;
          self->line_wall = wall;
        }

      n = MIN (len, self->max_line - self->line_len);
      line_reserve (self, self->line_len + n);
      memcpy (self->line + self->line_len, p, n);
      self->line_len += n;
      p += n;
      len -= n;
    }
}

/* The current line, followed by @len bytes at @p, has ended with a
 * terminator whose first byte arrived at (mono, wall). */
static void
end_line (BenchFramer         *self,
          const guint8        *p,
          gsize                len,
          gint64               mono,
          gint64               wall,
          BenchFramerLineFunc  func,
          gpointer             user_data)
{
  g_assert (self != NULL);

  if (self->line_len == 0)
    {
      while (len > self->max_line)
        {
          emit (self, p, self->max_line, BENCH_ROW_SPLIT, mono, wall, func, user_data);
          p += self->max_line;
          len -= self->max_line;
        }
      emit (self, len > 0 ? p : (const guint8 *) "", len, BENCH_ROW_NONE,
            mono, wall, func, user_data);
      return;
    }

  append_content (self, p, len, mono, wall, func, user_data);
  emit (self, self->line, self->line_len, BENCH_ROW_NONE,
        self->line_mono, self->line_wall, func, user_data);
  self->line_len = 0;
}

static inline const guint8 *
find_byte (const guint8 *p,
           const guint8 *end,
           guint8        byte)
{
  const guint8 *r;

  if (p >= end)
    return end;
  r = memchr (p, byte, end - p);

  return r != NULL ? r : end;
}

static void
feed_auto (BenchFramer         *self,
           const guint8        *p,
           const guint8        *end,
           gint64               mono,
           gint64               wall,
           BenchFramerLineFunc  func,
           gpointer             user_data)
{
  const guint8 *cr;
  const guint8 *lf;

  if (self->skip_lf)
    {
      self->skip_lf = FALSE;
      if (*p == '\n')
        p++;
    }

  /* The next CR and the next LF at or after p (end when there is none);
   * each is searched for again only once it has been consumed, so a chunk
   * without any CR costs one memchr for CR in total. */
  cr = find_byte (p, end, '\r');
  lf = find_byte (p, end, '\n');

  while (p < end)
    {
      const guint8 *t = MIN (cr, lf);

      if (t == end)
        {
          append_content (self, p, end - p, mono, wall, func, user_data);
          return;
        }

      end_line (self, p, t - p, mono, wall, func, user_data);

      if (t == lf)
        {
          p = t + 1;
          lf = find_byte (p, end, '\n');
        }
      else if (t + 1 == end)
        {
          self->skip_lf = TRUE;
          return;
        }
      else
        {
          p = t + 1;
          if (*p == '\n')
            {
              p++;
              lf = find_byte (p, end, '\n');
            }
          cr = find_byte (p, end, '\r');
        }
    }
}

static void
feed_single (BenchFramer         *self,
             const guint8        *p,
             const guint8        *end,
             gint64               mono,
             gint64               wall,
             BenchFramerLineFunc  func,
             gpointer             user_data)
{
  guint8 eol = self->eol[0];

  while (p < end)
    {
      const guint8 *t = memchr (p, eol, end - p);

      if (t == NULL)
        {
          append_content (self, p, end - p, mono, wall, func, user_data);
          return;
        }

      end_line (self, p, t - p, mono, wall, func, user_data);
      p = t + 1;
    }
}

static inline gsize
kmp_step (const BenchFramer *self,
          gsize              state,
          guint8             c)
{
  while (state > 0 && self->eol[state] != c)
    state = self->fail[state - 1];
  if (self->eol[state] == c)
    state++;

  return state;
}

/* Turns the first @n tail bytes into content. */
static void
release_tail (BenchFramer         *self,
              gsize                n,
              BenchFramerLineFunc  func,
              gpointer             user_data)
{
  gsize cap = self->eol_len - 1;

  g_assert (n <= self->tail_len);

  while (n-- > 0)
    {
      gsize h = self->tail_head;

      append_content (self, &self->tail[h], 1, self->tail_mono[h], self->tail_wall[h],
                      func, user_data);
      self->tail_head = (h + 1) % cap;
      self->tail_len--;
    }

  if (self->tail_len == 0)
    self->tail_head = 0;
}

static void
push_tail (BenchFramer  *self,
           const guint8 *p,
           gsize         len,
           gint64        mono,
           gint64        wall)
{
  gsize cap = self->eol_len - 1;

  g_assert (self->tail_len + len <= cap);

  for (gsize i = 0; i < len; i++)
    {
      gsize slot = (self->tail_head + self->tail_len) % cap;

      self->tail[slot] = p[i];
      self->tail_mono[slot] = mono;
      self->tail_wall[slot] = wall;
      self->tail_len++;
    }
}

/* The first occurrence of the terminator in [p, end), or NULL. Short
 * terminators (the usual CRLF) are found with memchr on their first byte,
 * which is vectorised; memmem keeps long ones linear. */
static inline const guint8 *
find_eol (const BenchFramer *self,
          const guint8      *p,
          const guint8      *end)
{
  gsize m = self->eol_len;

  if (m > 8)
    return memmem (p, end - p, self->eol, m);

  while ((gsize) (end - p) >= m)
    {
      const guint8 *q = memchr (p, self->eol[0], (end - p) - (m - 1));

      if (q == NULL)
        return NULL;
      if (memcmp (q + 1, self->eol + 1, m - 1) == 0)
        return q;
      p = q + 1;
    }

  return NULL;
}

static void
feed_multi (BenchFramer         *self,
            const guint8        *p,
            const guint8        *end,
            gint64               mono,
            gint64               wall,
            BenchFramerLineFunc  func,
            gpointer             user_data)
{
  gsize m = self->eol_len;

  if (self->tail_len > 0)
    {
      /* The tail (a prefix of the terminator) is followed by these bytes.
       * Step the matcher byte by byte until the tail is either all content
       * or completes a terminator; that takes fewer than m bytes. */
      gsize state = self->tail_len;
      gsize used = 0;

      while (p + used < end)
        {
          gsize keep;
          gsize released;

          state = kmp_step (self, state, p[used]);
          used++;

          /* The unreleased bytes are the tail plus the used bytes; only the
           * last `keep` of them can still be part of a terminator. */
          keep = state;
          released = self->tail_len + used - keep;

          if (released >= self->tail_len)
            {
              /* Nothing stored is pending any more: scan the chunk afresh. */
              release_tail (self, self->tail_len, func, user_data);
              goto scan;
            }

          release_tail (self, released, func, user_data);

          if (state == m)
            {
              gsize h = self->tail_head;

              /* A terminator that started in the tail. */
              if (self->line_len > 0)
                end_line (self, NULL, 0, 0, 0, func, user_data);
              else
                emit (self, (const guint8 *) "", 0, BENCH_ROW_NONE,
                      self->tail_mono[h], self->tail_wall[h], func, user_data);
              self->tail_len = 0;
              self->tail_head = 0;
              p += used;
              goto scan;
            }
        }

      /* Still a prefix of the terminator: keep it. */
      push_tail (self, p, used, mono, wall);
      return;
    }

scan:
  while (p < end)
    {
      const guint8 *t = find_eol (self, p, end);
      const guint8 *win;
      gsize state = 0;

      if (t != NULL)
        {
          end_line (self, p, t - p, mono, wall, func, user_data);
          p = t + m;
          continue;
        }

      /* No terminator: keep the longest suffix that may begin one. */
      win = (gsize) (end - p) > m - 1 ? end - (m - 1) : p;
      for (; win < end; win++)
        state = kmp_step (self, state, *win);
      g_assert (state < m);

      append_content (self, p, (end - state) - p, mono, wall, func, user_data);
      push_tail (self, end - state, state, mono, wall);
      return;
    }
}

void
bench_framer_feed (BenchFramer         *self,
                   const guint8        *data,
                   gsize                len,
                   gint64               mono,
                   gint64               wall,
                   BenchFramerLineFunc  func,
                   gpointer             user_data)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (data != NULL || len == 0);
  g_return_if_fail (func != NULL);

  if (len == 0)
    return;

  if (self->eol_len == 0)
    feed_auto (self, data, data + len, mono, wall, func, user_data);
  else if (self->eol_len == 1)
    feed_single (self, data, data + len, mono, wall, func, user_data);
  else
    feed_multi (self, data, data + len, mono, wall, func, user_data);
}

void
bench_framer_flush (BenchFramer         *self,
                    BenchFramerLineFunc  func,
                    gpointer             user_data)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (func != NULL);

  if (self->tail_len > 0)
    release_tail (self, self->tail_len, func, user_data);

  if (self->line_len > 0)
    {
      emit (self, self->line, self->line_len, BENCH_ROW_PARTIAL,
            self->line_mono, self->line_wall, func, user_data);
      self->line_len = 0;
    }
}

void
bench_framer_reset (BenchFramer *self)
{
  g_return_if_fail (self != NULL);

  self->line_len = 0;
  self->tail_len = 0;
  self->tail_head = 0;
  self->skip_lf = FALSE;
}

gsize
bench_framer_get_pending (BenchFramer *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->line_len + self->tail_len;
}

guint64
bench_framer_get_split_count (BenchFramer *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->splits;
}
