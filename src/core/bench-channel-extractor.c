/* bench-channel-extractor.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <float.h>
#include <math.h>
#include <string.h>

#include "bench-channel-extractor.h"

#define MAX_CHANNELS BENCH_CHANNEL_EXTRACTOR_MAX_CHANNELS

/* Longest number token converted on the stack; longer ones (hundreds of
 * digits) are rare and take one allocation. */
#define NUMBER_BUF 128

typedef enum
{
  NUM_VALUE,
  NUM_NAN,
  NUM_INF,
  NUM_OVERFLOW,
} NumKind;

typedef struct
{
  char  *name;                            /* valid UTF-8 */
  char  *key;                             /* KV: the raw key bytes */
  gsize  key_len;
  char   unit[BENCH_CHANNEL_UNIT_MAX + 1];
} Channel;

struct _BenchChannelExtractor
{
  BenchPlotMode      mode;
  gboolean           skip_timestamps;

  /* REGEX */
  char              *pattern;
  GRegex            *regex;
  int                group_numbers[MAX_CHANNELS];
  char              *group_names[MAX_CHANNELS];
  guint              n_groups;
  char              *scratch;
  gsize              scratch_len;

  /* CSV */
  char               separator;

  Channel            channels[MAX_CHANNELS];
  guint              n_channels;
  guint              generation;

  /* AUTO/CSV/REGEX: position, column or group → channel index, or -1 */
  int                slot_channel[MAX_CHANNELS];
  /* CSV: the header's name for a column not yet seen with a number */
  char              *slot_name[MAX_CHANNELS];
  /* KV: the channel of the i-th pair of the previous line */
  int                kv_hint[MAX_CHANNELS];

  BenchChannelValue  values[MAX_CHANNELS];
  guint              n_values;

  guint64            n_nan;
  guint64            n_inf;
  guint64            n_overflow;
  guint64            n_excess;
};

/* Character classes, ASCII only and independent of the locale. */

static inline gboolean
is_digit (guchar c)
{
  return c >= '0' && c <= '9';
}

static inline gboolean
is_alpha (guchar c)
{
  return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

static inline gboolean
is_word (guchar c)
{
  return is_alpha (c) || is_digit (c) || c == '_';
}

static inline gboolean
is_space (guchar c)
{
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

/* What may start a unit right after a number: letters, %, and any UTF-8
 * lead byte (µ, °, Ω …). */
static inline gboolean
is_unit_start (guchar c)
{
  return is_alpha (c) || c == '%' || c >= 0x80;
}

static inline gboolean
is_unit_char (guchar c)
{
  return is_unit_start (c) || is_digit (c) || c == '/' || c == '^' || c == '_' || c == '*';
}

static inline const char *
skip_spaces (const char *p,
             const char *end)
{
  while (p < end && is_space (*p))
    p++;
  return p;
}

static inline const char *
skip_unit (const char *p,
           const char *end)
{
  if (p < end && is_unit_start (*p))
    {
      p++;
      while (p < end && is_unit_char (*p))
        p++;
    }
  return p;
}

/* The number grammar: [+-]? (D+ (. D*)? | . D+) ([eE] [+-]? D+)?
 * Returns the end of the number starting at @p, or NULL. */
static const char *
scan_number (const char *p,
             const char *end)
{
  gboolean digits = FALSE;

  if (p < end && (*p == '+' || *p == '-'))
    p++;

  while (p < end && is_digit (*p))
    {
      p++;
      digits = TRUE;
    }

  if (p < end && *p == '.')
    {
      const char *q = p + 1;

      while (q < end && is_digit (*q))
        {
          q++;
          digits = TRUE;
        }
      if (!digits)
        return NULL;
      p = q;
    }

  if (!digits)
    return NULL;

  if (p < end && (*p == 'e' || *p == 'E'))
    {
      const char *q = p + 1;

      if (q < end && (*q == '+' || *q == '-'))
        q++;
      if (q < end && is_digit (*q))
        {
          while (q < end && is_digit (*q))
            q++;
          p = q;
        }
    }

  return p;
}

#if defined(FLT_EVAL_METHOD) && FLT_EVAL_METHOD == 0
#define HAVE_EXACT_FAST_PATH 1
#else
#define HAVE_EXACT_FAST_PATH 0
#endif

/* Clinger's fast path: a decimal with at most 2^53 as its digits and a power
 * of ten within ±22 is one correctly rounded IEEE multiplication or
 * division, so the result is bit-identical to g_ascii_strtod's. Anything
 * else returns FALSE and goes to g_ascii_strtod. */
static inline gboolean
convert_fast (const char *p,
              const char *q,
              double     *out)
{
#if HAVE_EXACT_FAST_PATH
  static const double powers[] = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
  };
  gboolean negative = FALSE;
  guint64 mantissa = 0;
  int n_digits = 0;
  int exponent = 0;
  double v;

  if (*p == '+' || *p == '-')
    {
      negative = *p == '-';
      p++;
    }

  for (; p < q && is_digit (*p); p++)
    {
      if (mantissa == 0 && *p == '0')
        continue;
      if (++n_digits > 18)
        return FALSE;
      mantissa = mantissa * 10 + (guint64) (*p - '0');
    }

  if (p < q && *p == '.')
    {
      for (p++; p < q && is_digit (*p); p++)
        {
          exponent--;
          if (mantissa == 0 && *p == '0')
            continue;
          if (++n_digits > 18)
            return FALSE;
          mantissa = mantissa * 10 + (guint64) (*p - '0');
        }
    }

  if (p < q)
    {
      /* an exponent */
      gboolean exp_negative = FALSE;
      int e = 0;

      p++;
      if (*p == '+' || *p == '-')
        {
          exp_negative = *p == '-';
          p++;
        }
      for (; p < q; p++)
        {
          if (e > 1000)
            return FALSE;
          e = e * 10 + (*p - '0');
        }
      exponent += exp_negative ? -e : e;
    }

  if (mantissa == 0)
    {
      *out = negative ? -0.0 : 0.0;
      return TRUE;
    }

  if (mantissa > (G_GUINT64_CONSTANT (1) << 53) || exponent < -22 || exponent > 22)
    return FALSE;

  v = (double) mantissa;
  if (exponent < 0)
    v /= powers[-exponent];
  else
    v *= powers[exponent];

  *out = negative ? -v : v;
  return TRUE;
#else
  return FALSE;
#endif
}

/* Converts the token [p, q) that scan_number() accepted. */
static NumKind
convert_number (const char *p,
                const char *q,
                double     *out)
{
  char buf[NUMBER_BUF];
  g_autofree char *heap = NULL;
  const gsize len = (gsize) (q - p);
  char *str;
  double v;

  if (!convert_fast (p, q, &v))
    {
      if (len < sizeof buf)
        {
          memcpy (buf, p, len);
          buf[len] = 0;
          str = buf;
        }
      else
        str = heap = g_strndup (p, len);

      errno = 0;
      v = g_ascii_strtod (str, NULL);
      if (errno == ERANGE && isinf (v))
        {
          *out = v;
          return NUM_OVERFLOW;
        }
    }

  *out = v;

  /* SCPI-99 reports NaN as 9.91E37 and ±infinity as ±9.9E37. */
  if (v == 9.91e37)
    return NUM_NAN;
  if (fabs (v) == 9.9e37)
    return NUM_INF;

  return NUM_VALUE;
}

/* scan_number() and convert_number() in one pass, for AUTO's hot loop:
 * returns the end of the number starting at @p exactly as scan_number()
 * does (or NULL), and when the number takes Clinger's fast path sets
 * *fast and *out to the value convert_fast() would give (bit-identical).
 * Otherwise the caller converts [p, end) with convert_number(). */
static inline const char *
scan_number_fast (const char *p,
                  const char *end,
                  double     *out,
                  gboolean   *fast)
{
#if HAVE_EXACT_FAST_PATH
  static const double powers[] = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
  };
  gboolean negative = FALSE;
  gboolean digits = FALSE;
  gboolean ok = TRUE;
  guint64 mantissa = 0;
  int n_digits = 0;
  int exponent = 0;

  *fast = FALSE;

  if (p < end && (*p == '+' || *p == '-'))
    {
      negative = *p == '-';
      p++;
    }

  for (; p < end && is_digit (*p); p++)
    {
      digits = TRUE;
      if (mantissa == 0 && *p == '0')
        continue;
      if (++n_digits > 18)
        ok = FALSE;
      else
        mantissa = mantissa * 10 + (guint64) (*p - '0');
    }

  if (p < end && *p == '.')
    {
      const char *q = p + 1;

      for (; q < end && is_digit (*q); q++)
        {
          digits = TRUE;
          exponent--;
          if (mantissa == 0 && *q == '0')
            continue;
          if (++n_digits > 18)
            ok = FALSE;
          else
            mantissa = mantissa * 10 + (guint64) (*q - '0');
        }
      if (!digits)
        return NULL;
      p = q;
    }

  if (!digits)
    return NULL;

  if (p < end && (*p == 'e' || *p == 'E'))
    {
      const char *q = p + 1;
      gboolean exp_negative = FALSE;
      int e = 0;

      if (q < end && (*q == '+' || *q == '-'))
        {
          exp_negative = *q == '-';
          q++;
        }
      if (q < end && is_digit (*q))
        {
          for (; q < end && is_digit (*q); q++)
            {
              if (e > 1000)
                ok = FALSE;
              else
                e = e * 10 + (*q - '0');
            }
          exponent += exp_negative ? -e : e;
          p = q;
        }
    }

  if (ok && mantissa == 0)
    {
      *out = negative ? -0.0 : 0.0;
      *fast = TRUE;
    }
  else if (ok && mantissa <= (G_GUINT64_CONSTANT (1) << 53) && exponent >= -22 && exponent <= 22)
    {
      double v = (double) mantissa;

      if (exponent < 0)
        v /= powers[-exponent];
      else
        v *= powers[exponent];
      *out = negative ? -v : v;
      *fast = TRUE;
    }

  return p;
#else
  *fast = FALSE;
  return scan_number (p, end);
#endif
}

static inline gboolean
word_equal (const char *w,
            gsize       len,
            const char *lower)
{
  return strlen (lower) == len && g_ascii_strncasecmp (w, lower, len) == 0;
}

/* nan, inf, infinity as a whole word, case-insensitive. */
static inline gboolean
special_word (const char *w,
              gsize       len,
              NumKind    *kind)
{
  if (len == 3 && word_equal (w, len, "nan"))
    *kind = NUM_NAN;
  else if ((len == 3 && word_equal (w, len, "inf")) || (len == 8 && word_equal (w, len, "infinity")))
    *kind = NUM_INF;
  else
    return FALSE;

  return TRUE;
}

/* A whole token: optional spaces, a number or nan/inf, optional spaces, an
 * optional unit, optional spaces. */
static gboolean
classify_token (const char  *p,
                const char  *end,
                double      *value,
                NumKind     *kind,
                const char **unit,
                gsize       *unit_len)
{
  const char *q;
  const char *u;

  p = skip_spaces (p, end);
  while (end > p && is_space (end[-1]))
    end--;
  if (p >= end)
    return FALSE;

  q = scan_number (p, end);
  if (q != NULL)
    {
      *kind = convert_number (p, q, value);
    }
  else
    {
      const char *w = p;

      if (*w == '+' || *w == '-')
        w++;
      q = w;
      while (q < end && is_alpha (*q))
        q++;
      if (!special_word (w, (gsize) (q - w), kind))
        return FALSE;
      *value = *kind == NUM_NAN ? NAN : (*p == '-' ? -INFINITY : INFINITY);
    }

  q = skip_spaces (q, end);
  u = skip_unit (q, end);
  if (u != end)
    return FALSE;

  if (unit != NULL)
    {
      *unit = q;
      *unit_len = (gsize) (u - q);
    }

  return TRUE;
}

gboolean
bench_channel_parse_number (const char *text,
                            gsize       len,
                            double     *value)
{
  NumKind kind;
  double v = 0;

  g_return_val_if_fail (text != NULL || len == 0, FALSE);

  if (!classify_token (text, text + len, &v, &kind, NULL, NULL))
    return FALSE;

  if (value != NULL)
    *value = kind == NUM_NAN ? NAN : v;

  return TRUE;
}

/* Timestamps: 12:34:56[.789], 2026-11-22, 2026-11-22T01:23:45[.123456][Z|±hh[:mm]]. */

static inline gsize
count_digits (const char *p,
              const char *end)
{
  const char *q = p;

  while (q < end && is_digit (*q))
    q++;
  return (gsize) (q - p);
}

static const char *
scan_clock_time (const char *p,
                 const char *end)
{
  gsize n = count_digits (p, end);

  if (n < 1 || n > 2)
    return NULL;
  p += n;
  if (p >= end || *p != ':' || count_digits (p + 1, end) != 2)
    return NULL;
  p += 3;
  if (p >= end || *p != ':' || count_digits (p + 1, end) != 2)
    return NULL;
  p += 3;
  if (p + 1 < end && *p == '.' && is_digit (p[1]))
    p += 1 + count_digits (p + 1, end);

  return p;
}

static const char *
scan_zone (const char *p,
           const char *end)
{
  if (p < end && *p == 'Z')
    return p + 1;
  if (p < end && (*p == '+' || *p == '-') && count_digits (p + 1, end) >= 2)
    {
      const char *q = p + 3;

      if (count_digits (p + 1, end) == 4)
        return p + 5;
      if (q + 2 < end && *q == ':' && count_digits (q + 1, end) == 2)
        return q + 3;
      if (count_digits (p + 1, end) == 2)
        return q;
    }
  return p;
}

static const char *
scan_timestamp (const char *p,
                const char *end)
{
  const char *q = NULL;
  gsize n = count_digits (p, end);

  if (n == 4 && p + 10 <= end &&
      (p[4] == '-' || p[4] == '/') &&
      count_digits (p + 5, end) == 2 &&
      p[7] == p[4] &&
      count_digits (p + 8, end) == 2)
    {
      q = p + 10;
      if (q < end && (*q == 'T' || *q == ' ' || *q == '_'))
        {
          const char *t = scan_clock_time (q + 1, end);

          if (t != NULL)
            q = scan_zone (t, end);
        }
    }
  else if (n == 1 || n == 2)
    {
      q = scan_clock_time (p, end);
      if (q != NULL)
        q = scan_zone (q, end);
    }

  if (q == NULL || (q < end && is_word (*q)))
    return NULL;

  return q;
}

/* Channels */

static void
channel_clear (Channel *channel)
{
  g_clear_pointer (&channel->name, g_free);
  g_clear_pointer (&channel->key, g_free);
  channel->key_len = 0;
  channel->unit[0] = 0;
}

static int
add_channel (BenchChannelExtractor *self,
             char                  *name)
{
  Channel *channel;

  if (self->n_channels >= MAX_CHANNELS)
    {
      g_free (name);
      return -1;
    }

  channel = &self->channels[self->n_channels];
  channel->name = name;
  channel->unit[0] = 0;
  self->generation++;

  return (int) self->n_channels++;
}

static void
learn_unit (BenchChannelExtractor *self,
            int                    channel,
            const char            *unit,
            gsize                  len)
{
  Channel *c = &self->channels[channel];

  if (c->unit[0] != 0 || len == 0 || len > BENCH_CHANNEL_UNIT_MAX)
    return;
  if (!g_utf8_validate_len (unit, len, NULL))
    return;

  memcpy (c->unit, unit, len);
  c->unit[len] = 0;
  self->generation++;
}

/* "U [V]", "U (mV)", "U/V" → the unit inside; NULL when none. */
static const char *
header_unit (const char *name,
             gsize      *unit_len)
{
  gsize len = strlen (name);
  const char *open;

  if (len >= 3 && (name[len - 1] == ']' || name[len - 1] == ')'))
    {
      char open_char = name[len - 1] == ']' ? '[' : '(';

      open = strrchr (name, open_char);
      if (open != NULL && open + 1 < name + len - 1)
        {
          *unit_len = (gsize) (name + len - 1 - (open + 1));
          return open + 1;
        }
    }

  open = strrchr (name, '/');
  if (open != NULL && open > name && open[1] != 0 && !is_space (open[-1]))
    {
      *unit_len = strlen (open + 1);
      return open + 1;
    }

  return NULL;
}

/* A CSV header that names a unit wins over units seen after numbers. */
static void
unit_from_header (BenchChannelExtractor *self,
                  int                    channel)
{
  Channel *c = &self->channels[channel];
  const char *unit;
  gsize unit_len = 0;

  unit = header_unit (c->name, &unit_len);
  if (unit == NULL || unit_len > BENCH_CHANNEL_UNIT_MAX)
    return;
  if (strlen (c->unit) == unit_len && memcmp (c->unit, unit, unit_len) == 0)
    return;

  memcpy (c->unit, unit, unit_len);
  c->unit[unit_len] = 0;
  self->generation++;
}

/* The channel for a position, column or group; created on first use. */
static inline int
slot_channel (BenchChannelExtractor *self,
              guint                  slot)
{
  int channel;

  if (slot >= MAX_CHANNELS)
    return -1;

  channel = self->slot_channel[slot];
  if G_LIKELY (channel >= 0)
    return channel;

  if (self->mode == BENCH_PLOT_REGEX)
    channel = add_channel (self, g_strdup (self->group_names[slot]));
  else if (self->slot_name[slot] != NULL)
    {
      channel = add_channel (self, g_strdup (self->slot_name[slot]));
      if (channel >= 0)
        unit_from_header (self, channel);
    }
  else
    channel = add_channel (self, g_strdup_printf ("%u", slot + 1));

  self->slot_channel[slot] = channel;

  return channel;
}

static int
kv_channel (BenchChannelExtractor *self,
            guint                  pair,
            const char            *key,
            gsize                  len)
{
  Channel *c;
  int channel;

  if (pair < MAX_CHANNELS)
    {
      int hint = self->kv_hint[pair];

      if (hint >= 0 &&
          self->channels[hint].key_len == len &&
          memcmp (self->channels[hint].key, key, len) == 0)
        return hint;
    }

  channel = -1;
  for (guint i = 0; i < self->n_channels; i++)
    {
      c = &self->channels[i];
      if (c->key_len == len && memcmp (c->key, key, len) == 0)
        {
          channel = (int) i;
          break;
        }
    }

  if (channel < 0)
    {
      channel = add_channel (self, g_utf8_make_valid (key, (gssize) len));
      if (channel < 0)
        return -1;
      c = &self->channels[channel];
      c->key = g_memdup2 (key, len);
      c->key_len = len;
    }

  if (pair < MAX_CHANNELS)
    self->kv_hint[pair] = channel;

  return channel;
}

/* Records one number. @channel < 0: no room for another channel. */
static inline void
emit (BenchChannelExtractor *self,
      int                    channel,
      NumKind                kind,
      double                 value)
{
  switch (kind)
    {
    case NUM_NAN:
      self->n_nan++;
      return;

    case NUM_INF:
      self->n_inf++;
      return;

    case NUM_OVERFLOW:
      self->n_overflow++;
      return;

    case NUM_VALUE:
      break;

    default:
      g_assert_not_reached ();
    }

  if G_UNLIKELY (channel < 0 || self->n_values >= MAX_CHANNELS)
    {
      self->n_excess++;
      return;
    }

  self->values[self->n_values].channel = (guint) channel;
  self->values[self->n_values].value = value;
  self->n_values++;
}

/* AUTO */

static void
extract_auto (BenchChannelExtractor *self,
              const char            *text,
              const char            *end)
{
  const char *p = text;
  guint position = 0;

  while (p < end)
    {
      const guchar c = (guchar) *p;
      const char *q;
      NumKind kind;
      double value;
      gboolean fast;
      int channel;

      if (is_alpha (c) || c == '_')
        {
          const char *w = p;

          while (p < end && is_word (*p))
            p++;
          /* a rejected number takes its position but creates no channel */
          if (special_word (w, (gsize) (p - w), &kind) && (w == text || w[-1] != '.'))
            {
              emit (self, -1, kind, 0);
              position++;
            }
          continue;
        }

      if (!is_digit (c) &&
          !(c == '.' && p + 1 < end && is_digit (p[1])) &&
          !((c == '+' || c == '-') && p + 1 < end &&
            (is_digit (p[1]) || (p[1] == '.' && p + 2 < end && is_digit (p[2])))))
        {
          p++;
          continue;
        }

      /* A number starts a token: not the tail of x.5 or v1.2, and in 1-2
       * the dash separates rather than signs. */
      if (p > text && (is_word (p[-1]) || p[-1] == '.'))
        {
          p++;
          if (c != '+' && c != '-')
            {
              while (p < end && (is_word (*p) || *p == '.'))
                p++;
            }
          continue;
        }

      if (self->skip_timestamps && is_digit (c))
        {
          q = scan_timestamp (p, end);
          if (q != NULL)
            {
              p = q;
              continue;
            }
        }

      /* 0x1F is a hex constant, not 0 with a unit */
      if (c == '0' && p + 2 < end && (p[1] | 0x20) == 'x' && g_ascii_isxdigit (p[2]))
        {
          p += 2;
          while (p < end && is_word (*p))
            p++;
          continue;
        }

      q = scan_number_fast (p, end, &value, &fast);
      g_assert (q != NULL);

      /* 1.2.3 is a version, not a number */
      if (q + 1 < end && *q == '.' && is_digit (q[1]))
        {
          while (q < end && (is_digit (*q) || *q == '.'))
            q++;
          p = q;
          continue;
        }

      /* (no fast-path value is an SCPI NaN or infinity: those need 10^35) */
      kind = fast ? NUM_VALUE : convert_number (p, q, &value);
      channel = kind == NUM_VALUE ? slot_channel (self, position) : -1;
      position++;
      emit (self, channel, kind, value);

      p = skip_unit (q, end);
      if (p > q && channel >= 0 && kind == NUM_VALUE && self->channels[channel].unit[0] == 0)
        learn_unit (self, channel, q, (gsize) (p - q));
    }
}

/* KV */

static inline gboolean
is_kv_separator (guchar c)
{
  return is_space (c) || c == ',' || c == ';' || c == '{' || c == '}' || c == '[' || c == ']';
}

static void
extract_kv (BenchChannelExtractor *self,
            const char            *text,
            const char            *end)
{
  const char *p = text;
  guint pair = 0;

  while (p < end)
    {
      const char *key;
      const char *key_end;
      const char *r;
      const char *q;
      NumKind kind;
      double value;
      int channel;

      while (p < end && is_kv_separator (*p))
        p++;
      if (p >= end)
        break;

      if (*p == '"')
        {
          key = p + 1;
          key_end = memchr (key, '"', (gsize) (end - key));
          if (key_end == NULL)
            break;
          p = key_end + 1;
        }
      else
        {
          key = p;
          while (p < end && !is_kv_separator (*p) && *p != '=' && *p != ':')
            p++;
          key_end = p;
        }

      r = p;
      while (r < end && (*r == ' ' || *r == '\t'))
        r++;
      if (r >= end || (*r != '=' && *r != ':') || key_end == key)
        {
          /* not a pair: skip the rest of the token */
          while (p < end && !is_kv_separator (*p))
            p++;
          continue;
        }

      p = r + 1;
      while (p < end && (*p == ' ' || *p == '\t'))
        p++;
      if (p < end && *p == '"')
        p++;

      if (self->skip_timestamps && p < end && is_digit (*p) && (q = scan_timestamp (p, end)) != NULL)
        {
          p = q;
        }
      else if ((q = scan_number (p, end)) != NULL)
        {
          kind = convert_number (p, q, &value);
          channel = kind == NUM_VALUE ? kv_channel (self, pair, key, (gsize) (key_end - key)) : -1;
          emit (self, channel, kind, value);
          p = skip_unit (q, end);
          if (p > q && channel >= 0 && kind == NUM_VALUE && self->channels[channel].unit[0] == 0)
            learn_unit (self, channel, q, (gsize) (p - q));
        }
      else
        {
          const char *w = p + (p < end && (*p == '-' || *p == '+'));

          q = w;
          while (q < end && is_alpha (*q))
            q++;
          if (special_word (w, (gsize) (q - w), &kind) && (q == end || !is_word (*q)))
            emit (self, -1, kind, 0);
          p = q;
        }

      pair++;

      while (p < end && !is_kv_separator (*p))
        p++;
    }
}

/* CSV */

static char
detect_separator (const char *text,
                  gsize       len)
{
  if (memchr (text, '\t', len) != NULL)
    return '\t';
  if (memchr (text, ';', len) != NULL)
    return ';';
  if (memchr (text, ',', len) != NULL)
    return ',';
  return 0;
}

/* One field starting at @p: returns its end (at the separator or @end) and
 * the content without surrounding spaces and quotes. */
static const char *
next_field (const char  *p,
            const char  *end,
            char         sep,
            const char **content,
            const char **content_end)
{
  const char *q;

  while (p < end && *p != sep && is_space (*p))
    p++;

  if (p < end && *p == '"')
    {
      /* RFC 4180: "" inside quotes is a quote */
      q = p + 1;
      while (q < end)
        {
          if (*q == '"')
            {
              if (q + 1 < end && q[1] == '"')
                q += 2;
              else
                break;
            }
          else
            q++;
        }
      *content = p + 1;
      *content_end = q;
      if (q < end)
        q++;
      while (q < end && *q != sep)
        q++;
      return q;
    }

  q = sep != 0 ? memchr (p, sep, (gsize) (end - p)) : NULL;
  if (q == NULL)
    q = end;

  *content = p;
  *content_end = q;
  while (*content_end > *content && is_space ((*content_end)[-1]))
    (*content_end)--;

  return q;
}

static void
apply_header (BenchChannelExtractor *self,
              const char            *text,
              const char            *end)
{
  const char *p = text;
  guint column = 0;

  while (column < MAX_CHANNELS)
    {
      const char *content;
      const char *content_end;
      g_autoptr(GString) name = NULL;

      p = next_field (p, end, self->separator, &content, &content_end);

      if (content_end > content)
        {
          name = g_string_new_len (content, content_end - content);
          g_string_replace (name, "\"\"", "\"", 0);
          if (!g_utf8_validate (name->str, (gssize) name->len, NULL))
            {
              g_autofree char *valid = g_utf8_make_valid (name->str, (gssize) name->len);
              g_string_assign (name, valid);
            }

          g_free (self->slot_name[column]);
          self->slot_name[column] = g_strdup (name->str);

          if (self->slot_channel[column] >= 0)
            {
              int channel = self->slot_channel[column];
              Channel *c = &self->channels[channel];

              if (g_strcmp0 (c->name, name->str) != 0)
                {
                  g_free (c->name);
                  c->name = g_strdup (name->str);
                  self->generation++;
                }
              unit_from_header (self, channel);
            }
        }

      column++;
      if (p >= end)
        break;
      p++;
    }
}

static void
extract_csv (BenchChannelExtractor *self,
             const char            *text,
             const char            *end)
{
  const char *p = text;
  gboolean any_number = FALSE;
  gboolean any_text = FALSE;
  guint column = 0;

  if (self->separator == 0)
    self->separator = detect_separator (text, (gsize) (end - text));

  for (;;)
    {
      const char *content;
      const char *content_end;
      const char *unit;
      gsize unit_len;
      NumKind kind;
      double value;

      p = next_field (p, end, self->separator, &content, &content_end);

      if (content_end > content)
        {
          if (classify_token (content, content_end, &value, &kind, &unit, &unit_len))
            {
              int channel = kind == NUM_VALUE ? slot_channel (self, column) : -1;

              any_number = TRUE;
              emit (self, channel, kind, value);
              if (unit_len > 0 && channel >= 0 && kind == NUM_VALUE &&
                  self->channels[channel].unit[0] == 0)
                learn_unit (self, channel, unit, unit_len);
            }
          else
            any_text = TRUE;
        }

      column++;
      if (p >= end)
        break;
      p++;
    }

  /* A header: the separator is there, and no field is a number. */
  if (!any_number && any_text && column >= 2)
    apply_header (self, text, end);
}

/* REGEX */

static void
extract_regex (BenchChannelExtractor *self,
               const char            *text,
               gsize                  len)
{
  g_autoptr(GMatchInfo) match_info = NULL;

  if (len + 1 > self->scratch_len)
    {
      self->scratch_len = MAX (len + 1, 256);
      self->scratch = g_realloc (self->scratch, self->scratch_len);
    }
  memcpy (self->scratch, text, len);
  self->scratch[len] = 0;

  if (!g_utf8_validate_len (self->scratch, len, NULL))
    return;

  if (!g_regex_match_full (self->regex, self->scratch, (gssize) len, 0, 0, &match_info, NULL))
    return;

  for (guint g = 0; g < self->n_groups; g++)
    {
      const char *unit;
      gsize unit_len;
      NumKind kind;
      double value;
      int start;
      int stop;

      if (!g_match_info_fetch_pos (match_info, self->group_numbers[g], &start, &stop) ||
          start < 0 || stop <= start)
        continue;

      if (classify_token (self->scratch + start, self->scratch + stop, &value, &kind, &unit, &unit_len))
        {
          int channel = kind == NUM_VALUE ? slot_channel (self, g) : -1;

          emit (self, channel, kind, value);
          if (unit_len > 0 && channel >= 0 && kind == NUM_VALUE)
            learn_unit (self, channel, unit, unit_len);
        }
    }
}

/* Named groups of a pattern: (?<name>…), (?P<name>…), (?'name'…). */
static void
collect_group_names (BenchChannelExtractor *self)
{
  const char *p = self->pattern;
  gboolean in_class = FALSE;

  while (*p != 0 && self->n_groups < MAX_CHANNELS)
    {
      const char *name = NULL;
      char close = 0;

      if (*p == '\\')
        {
          p += p[1] != 0 ? 2 : 1;
          continue;
        }
      if (in_class)
        {
          in_class = *p != ']';
          p++;
          continue;
        }
      if (*p == '[')
        {
          in_class = TRUE;
          p++;
          if (*p == ']')
            p++;
          continue;
        }

      if (g_str_has_prefix (p, "(?<") && p[3] != '=' && p[3] != '!')
        name = p + 3, close = '>';
      else if (g_str_has_prefix (p, "(?P<"))
        name = p + 4, close = '>';
      else if (g_str_has_prefix (p, "(?'"))
        name = p + 3, close = '\'';

      if (name != NULL)
        {
          const char *stop = strchr (name, close);

          if (stop != NULL && stop > name)
            {
              g_autofree char *group = g_strndup (name, (gsize) (stop - name));
              int number = g_regex_get_string_number (self->regex, group);
              gboolean seen = FALSE;

              for (guint i = 0; i < self->n_groups; i++)
                seen |= g_strcmp0 (self->group_names[i], group) == 0;

              if (number > 0 && !seen)
                {
                  self->group_numbers[self->n_groups] = number;
                  self->group_names[self->n_groups] = g_steal_pointer (&group);
                  self->n_groups++;
                }
              p = stop + 1;
              continue;
            }
        }

      p++;
    }
}

/* Public API */

static void
bench_channel_extractor_init (BenchChannelExtractor *self,
                              BenchPlotMode          mode)
{
  self->mode = mode;
  for (guint i = 0; i < MAX_CHANNELS; i++)
    {
      self->slot_channel[i] = -1;
      self->kv_hint[i] = -1;
    }
}

BenchChannelExtractor *
bench_channel_extractor_new (BenchPlotMode mode)
{
  BenchChannelExtractor *self;

  g_return_val_if_fail (mode == BENCH_PLOT_AUTO ||
                        mode == BENCH_PLOT_KV ||
                        mode == BENCH_PLOT_CSV ||
                        mode == BENCH_PLOT_OFF, NULL);

  self = g_new0 (BenchChannelExtractor, 1);
  bench_channel_extractor_init (self, mode);

  return self;
}

BenchChannelExtractor *
bench_channel_extractor_new_regex (const char  *pattern,
                                   GError     **error)
{
  g_autoptr(BenchChannelExtractor) self = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (pattern != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_new0 (BenchChannelExtractor, 1);
  bench_channel_extractor_init (self, BENCH_PLOT_REGEX);
  self->pattern = g_strdup (pattern);
  self->regex = g_regex_new (pattern, G_REGEX_OPTIMIZE, 0, &local_error);

  if (self->regex == NULL)
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                  "Invalid channel pattern “%s”: ", pattern);
      return NULL;
    }

  collect_group_names (self);

  if (self->n_groups == 0)
    {
      g_set_error (error, G_REGEX_ERROR, G_REGEX_ERROR_COMPILE,
                   "Invalid channel pattern “%s”: it has no named group; "
                   "name each number to plot, e.g. (?<volts>[-+.0-9eE]+)",
                   pattern);
      return NULL;
    }

  return g_steal_pointer (&self);
}

void
bench_channel_extractor_reset (BenchChannelExtractor *self)
{
  g_return_if_fail (self != NULL);

  for (guint i = 0; i < self->n_channels; i++)
    channel_clear (&self->channels[i]);
  for (guint i = 0; i < MAX_CHANNELS; i++)
    {
      g_clear_pointer (&self->slot_name[i], g_free);
      self->slot_channel[i] = -1;
      self->kv_hint[i] = -1;
    }
  self->n_channels = 0;
  self->n_values = 0;
  self->separator = 0;
  self->n_nan = self->n_inf = self->n_overflow = self->n_excess = 0;
  self->generation++;
}

void
bench_channel_extractor_free (BenchChannelExtractor *self)
{
  if (self == NULL)
    return;

  bench_channel_extractor_reset (self);
  for (guint i = 0; i < self->n_groups; i++)
    g_free (self->group_names[i]);
  g_clear_pointer (&self->regex, g_regex_unref);
  g_free (self->pattern);
  g_free (self->scratch);
  g_free (self);
}

BenchPlotMode
bench_channel_extractor_get_mode (BenchChannelExtractor *self)
{
  g_return_val_if_fail (self != NULL, BENCH_PLOT_OFF);

  return self->mode;
}

const char *
bench_channel_extractor_get_pattern (BenchChannelExtractor *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->pattern;
}

gboolean
bench_channel_extractor_get_skip_timestamps (BenchChannelExtractor *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->skip_timestamps;
}

void
bench_channel_extractor_set_skip_timestamps (BenchChannelExtractor *self,
                                             gboolean               skip)
{
  g_return_if_fail (self != NULL);

  self->skip_timestamps = !!skip;
}

guint
bench_channel_extractor_extract (BenchChannelExtractor     *self,
                                 const char                *text,
                                 gsize                      len,
                                 const BenchChannelValue  **values)
{
  const char *end;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (text != NULL || len == 0, 0);
  g_return_val_if_fail (values != NULL, 0);

  self->n_values = 0;
  *values = self->values;

  if (len == 0)
    return 0;

  end = text + len;

  switch (self->mode)
    {
    case BENCH_PLOT_AUTO:
      extract_auto (self, text, end);
      break;

    case BENCH_PLOT_KV:
      extract_kv (self, text, end);
      break;

    case BENCH_PLOT_CSV:
      extract_csv (self, text, end);
      break;

    case BENCH_PLOT_REGEX:
      extract_regex (self, text, len);
      break;

    case BENCH_PLOT_OFF:
      break;

    default:
      g_assert_not_reached ();
    }

  return self->n_values;
}

guint
bench_channel_extractor_get_n_channels (BenchChannelExtractor *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_channels;
}

const char *
bench_channel_extractor_get_channel_name (BenchChannelExtractor *self,
                                          guint                  index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->n_channels, NULL);

  return self->channels[index].name;
}

const char *
bench_channel_extractor_get_channel_unit (BenchChannelExtractor *self,
                                          guint                  index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->n_channels, NULL);

  return self->channels[index].unit;
}

guint
bench_channel_extractor_get_generation (BenchChannelExtractor *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->generation;
}

char
bench_channel_extractor_get_separator (BenchChannelExtractor *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->separator;
}

guint64
bench_channel_extractor_get_n_nan (BenchChannelExtractor *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_nan;
}

guint64
bench_channel_extractor_get_n_inf (BenchChannelExtractor *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_inf;
}

guint64
bench_channel_extractor_get_n_overflow (BenchChannelExtractor *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_overflow;
}

guint64
bench_channel_extractor_get_n_excess (BenchChannelExtractor *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_excess;
}
