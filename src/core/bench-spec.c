/* bench-spec.c - the device spec string: ADDRESS[,OPTION]...
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Parsing is locale independent (g_ascii_* only) and works on any input:
 * text that is not UTF-8 is rejected first, so every error message is valid
 * UTF-8. Option values that can hold arbitrary bytes (eol, tx-eol, name) are
 * unescaped with bench_unescape(), and bench_spec_to_string() escapes them so
 * that parsing the printed form gives back an equal spec.
 */
#include "config.h"

#include <string.h>

#include "bench-escape.h"
#include "bench-util.h"

#include "bench-spec.h"

G_DEFINE_BOXED_TYPE (BenchSpec, bench_spec, bench_spec_copy, bench_spec_free)

typedef enum
{
  KEY_BAUD,
  KEY_DATA,
  KEY_PARITY,
  KEY_STOP,
  KEY_FLOW,
  KEY_EOL,
  KEY_TX_EOL,
  KEY_NAME,
  KEY_DTR,
  KEY_RTS,
  KEY_MAX_LINE,
  KEY_RECONNECT,
  KEY_PLOT,
  N_KEYS
} SpecKey;

static const char * const key_names[N_KEYS] = {
  [KEY_BAUD]      = "baud",
  [KEY_DATA]      = "data",
  [KEY_PARITY]    = "parity",
  [KEY_STOP]      = "stop",
  [KEY_FLOW]      = "flow",
  [KEY_EOL]       = "eol",
  [KEY_TX_EOL]    = "tx-eol",
  [KEY_NAME]      = "name",
  [KEY_DTR]       = "dtr",
  [KEY_RTS]       = "rts",
  [KEY_MAX_LINE]  = "max-line",
  [KEY_RECONNECT] = "reconnect",
  [KEY_PLOT]      = "plot",
};

#define ALL_KEYS "baud, data, parity, stop, flow, eol, tx-eol, name, dtr, rts, max-line, " \
                 "reconnect, plot"

static const char * const demo_names[] = {
  "multimeter",
  "thermo",
  "scpi",
  "pico",
};

#define ALL_DEMOS "multimeter, thermo, scpi, pico"

#define ADDRESS_FORMS "a tty path such as /dev/ttyUSB0, socket://HOST:PORT, " \
                      "rfc2217://HOST:PORT or demo:NAME"

/* In the order of the parity words and of the letters N, E, O, M, S. */
static const BenchParity parity_values[] = {
  BENCH_PARITY_NONE,
  BENCH_PARITY_EVEN,
  BENCH_PARITY_ODD,
  BENCH_PARITY_MARK,
  BENCH_PARITY_SPACE,
};

/* Words that eol and tx-eol values reserve; an escaped value that reads like
 * one of them is printed in \xNN form. */
static const char * const eol_words[] = { "auto", "lf", "cr", "crlf", "none" };

/* Parsing state: the spec text (for messages) and which part set each key. */
typedef struct
{
  const char *text;
  const char *set_by[N_KEYS];
} ParseState;

const char *
bench_parity_to_string (BenchParity parity)
{
  switch (parity)
    {
    case BENCH_PARITY_NONE:  return "none";
    case BENCH_PARITY_EVEN:  return "even";
    case BENCH_PARITY_ODD:   return "odd";
    case BENCH_PARITY_MARK:  return "mark";
    case BENCH_PARITY_SPACE: return "space";
    default:                 break;
    }

  g_return_val_if_reached (NULL);
}

const char *
bench_flow_to_string (BenchFlow flow)
{
  switch (flow)
    {
    case BENCH_FLOW_NONE:    return "none";
    case BENCH_FLOW_RTSCTS:  return "rtscts";
    case BENCH_FLOW_XONXOFF: return "xonxoff";
    default:                 break;
    }

  g_return_val_if_reached (NULL);
}

const char *
bench_plot_mode_to_string (BenchPlotMode mode)
{
  switch (mode)
    {
    case BENCH_PLOT_AUTO:  return "auto";
    case BENCH_PLOT_KV:    return "kv";
    case BENCH_PLOT_CSV:   return "csv";
    case BENCH_PLOT_OFF:   return "off";
    case BENCH_PLOT_REGEX: return "regex";
    default:               break;
    }

  g_return_val_if_reached (NULL);
}

static char
parity_letter (BenchParity parity)
{
  switch (parity)
    {
    case BENCH_PARITY_NONE:  return 'N';
    case BENCH_PARITY_EVEN:  return 'E';
    case BENCH_PARITY_ODD:   return 'O';
    case BENCH_PARITY_MARK:  return 'M';
    case BENCH_PARITY_SPACE: return 'S';
    default:                 return '?';
    }
}

BenchSpec *
bench_spec_new (void)
{
  BenchSpec *self = g_new0 (BenchSpec, 1);

  self->kind = BENCH_ADDRESS_TTY;
  self->baud = BENCH_SPEC_DEFAULT_BAUD;
  self->data_bits = 8;
  self->parity = BENCH_PARITY_NONE;
  self->stop_bits = 1;
  self->flow = BENCH_FLOW_NONE;
  self->eol = NULL;
  self->tx_eol = g_bytes_new_static ("\n", 1);
  self->dtr = BENCH_SWITCH_DEFAULT;
  self->rts = BENCH_SWITCH_DEFAULT;
  self->max_line = BENCH_SPEC_DEFAULT_MAX_LINE;
  self->reconnect = TRUE;
  self->plot = BENCH_PLOT_AUTO;

  return self;
}

BenchSpec *
bench_spec_copy (const BenchSpec *self)
{
  BenchSpec *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->address = g_strdup (self->address);
  copy->path = g_strdup (self->path);
  copy->host = g_strdup (self->host);
  copy->demo = g_strdup (self->demo);
  copy->name = g_strdup (self->name);
  if (self->eol != NULL)
    g_bytes_ref (self->eol);
  if (self->tx_eol != NULL)
    g_bytes_ref (self->tx_eol);

  return copy;
}

void
bench_spec_free (BenchSpec *self)
{
  if (self == NULL)
    return;

  g_free (self->address);
  g_free (self->path);
  g_free (self->host);
  g_free (self->demo);
  g_free (self->name);
  g_clear_pointer (&self->eol, g_bytes_unref);
  g_clear_pointer (&self->tx_eol, g_bytes_unref);
  g_free (self);
}

/* NULL and empty both mean auto. */
static gboolean
eol_is_auto (GBytes *eol)
{
  return eol == NULL || g_bytes_get_size (eol) == 0;
}

static gboolean
bytes_equal_str (GBytes     *bytes,
                 const char *str)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);

  return len == strlen (str) && (len == 0 || memcmp (data, str, len) == 0);
}

/* A NULL tx_eol (only possible when the struct is filled by hand) is taken
 * as the default. */
static gboolean
tx_eol_is_default (GBytes *tx_eol)
{
  return tx_eol == NULL || bytes_equal_str (tx_eol, "\n");
}

static gboolean
tx_eol_equal (GBytes *a,
              GBytes *b)
{
  if (tx_eol_is_default (a) || tx_eol_is_default (b))
    return tx_eol_is_default (a) && tx_eol_is_default (b);

  return g_bytes_equal (a, b);
}

gboolean
bench_spec_equal (const BenchSpec *a,
                  const BenchSpec *b)
{
  g_return_val_if_fail (a != NULL, FALSE);
  g_return_val_if_fail (b != NULL, FALSE);

  if (a == b)
    return TRUE;

  if (a->kind != b->kind ||
      g_strcmp0 (a->address, b->address) != 0 ||
      g_strcmp0 (a->path, b->path) != 0 ||
      g_strcmp0 (a->host, b->host) != 0 ||
      a->port != b->port ||
      g_strcmp0 (a->demo, b->demo) != 0)
    return FALSE;

  if (a->baud != b->baud ||
      a->data_bits != b->data_bits ||
      a->parity != b->parity ||
      a->stop_bits != b->stop_bits ||
      a->flow != b->flow)
    return FALSE;

  if (eol_is_auto (a->eol) || eol_is_auto (b->eol))
    {
      if (eol_is_auto (a->eol) != eol_is_auto (b->eol))
        return FALSE;
    }
  else if (!g_bytes_equal (a->eol, b->eol))
    {
      return FALSE;
    }

  if (!tx_eol_equal (a->tx_eol, b->tx_eol))
    return FALSE;

  return g_strcmp0 (a->name, b->name) == 0 &&
         a->dtr == b->dtr &&
         a->rts == b->rts &&
         a->max_line == b->max_line &&
         !a->reconnect == !b->reconnect &&
         a->plot == b->plot;
}

/* Text for an error message: as it is, unless it holds control characters,
 * which are shown escaped. The text is valid UTF-8 here. */
static char *
quote_part (const char *text)
{
  gsize len = strlen (text);

  for (gsize i = 0; i < len; i++)
    {
      guchar c = (guchar) text[i];

      if (c < 0x20 || c == 0x7f ||
          (c == 0xc2 && i + 1 < len && (guchar) text[i + 1] < 0xa0))
        return bench_escape ((const guint8 *) text, len);
    }

  return g_strdup (text);
}

static void
set_spec_error (GError     **error,
                const char  *format,
                ...) G_GNUC_PRINTF (2, 3);

static void
set_spec_error (GError     **error,
                const char  *format,
                ...)
{
  va_list args;
  char *message;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error_literal (error, BENCH_ERROR, BENCH_ERROR_INVALID_SPEC, message);
  g_free (message);
}

static void
set_value_error (const ParseState  *state,
                 SpecKey            key,
                 const char        *value,
                 const char        *expected,
                 GError           **error)
{
  g_autofree char *qvalue = quote_part (value);
  g_autofree char *qtext = quote_part (state->text);

  set_spec_error (error, "Invalid value “%s” for %s in “%s”: expected %s",
                  qvalue, key_names[key], qtext, expected);
}

/* For quoting a message inside another: “Invalid escape…” → “invalid escape…”.
 * Modifies @message in place (it is ASCII at the start) and returns it. */
static char *
lower_first (char *message)
{
  message[0] = g_ascii_tolower (message[0]);

  return message;
}

/* Digits only, no sign, at most @max. */
static gboolean
parse_uint (const char *str,
            guint64     max,
            guint64    *out)
{
  guint64 value = 0;

  if (*str == '\0')
    return FALSE;

  for (; *str != '\0'; str++)
    {
      guint64 digit;

      if (!g_ascii_isdigit (*str))
        return FALSE;
      digit = (guint64) (*str - '0');
      if (value > max / 10 || (value == max / 10 && digit > max % 10))
        return FALSE;
      value = value * 10 + digit;
    }

  *out = value;

  return TRUE;
}

static gboolean
parse_switch (const char *value,
              gboolean   *out)
{
  static const char * const on[] = { "on", "true", "yes", "1" };
  static const char * const off[] = { "off", "false", "no", "0" };

  for (guint i = 0; i < G_N_ELEMENTS (on); i++)
    {
      if (g_ascii_strcasecmp (value, on[i]) == 0)
        {
          *out = TRUE;
          return TRUE;
        }
      if (g_ascii_strcasecmp (value, off[i]) == 0)
        {
          *out = FALSE;
          return TRUE;
        }
    }

  return FALSE;
}

/* Index of @value in @words (case-insensitive), or -1. */
static int
lookup_word (const char         *value,
             const char * const *words,
             guint               n_words)
{
  for (guint i = 0; i < n_words; i++)
    if (g_ascii_strcasecmp (value, words[i]) == 0)
      return (int) i;

  return -1;
}

static gboolean
is_host_name (const char *host)
{
  gsize label = 0;
  gsize len = strlen (host);

  if (len == 0 || len > 255 || host[0] == '.')
    return FALSE;

  for (const char *p = host; *p != '\0'; p++)
    {
      if (*p == '.')
        {
          if (label == 0)
            return FALSE;
          label = 0;
        }
      else if (g_ascii_isalnum (*p) || *p == '-' || *p == '_')
        {
          if (++label > 63)
            return FALSE;
        }
      else
        {
          return FALSE;
        }
    }

  return TRUE;
}

/* HOST:PORT after a scheme. */
static gboolean
parse_host_port (const char   *address,
                 const char   *rest,
                 const char   *scheme,
                 char        **host_out,
                 guint16      *port_out,
                 const char   *text,
                 GError      **error)
{
  g_autofree char *host = NULL;
  g_autofree char *qaddress = quote_part (address);
  g_autofree char *qtext = quote_part (text);
  const char *colon;
  guint64 port;

  if (rest[0] == '[')
    {
      const char *close = strchr (rest, ']');

      if (close == NULL)
        {
          set_spec_error (error, "Invalid address “%s” in “%s”: missing “]” after the "
                          "IPv6 address; expected %s[IPv6]:PORT", qaddress, qtext, scheme);
          return FALSE;
        }
      host = g_strndup (rest + 1, close - rest - 1);
      if (strchr (host, ':') == NULL || !g_hostname_is_ip_address (host))
        {
          set_spec_error (error, "Invalid address “%s” in “%s”: “%s” is not an IPv6 address; "
                          "only IPv6 addresses go in brackets, as in %s[::1]:4000",
                          qaddress, qtext, host, scheme);
          return FALSE;
        }
      if (close[1] != ':')
        {
          set_spec_error (error, "Invalid address “%s” in “%s”: expected %sHOST:PORT "
                          "with a port from 1 to 65535", qaddress, qtext, scheme);
          return FALSE;
        }
      colon = close + 1;
    }
  else
    {
      colon = strrchr (rest, ':');
      if (colon == NULL)
        {
          set_spec_error (error, "Invalid address “%s” in “%s”: missing port; expected %sHOST:PORT "
                          "with a port from 1 to 65535", qaddress, qtext, scheme);
          return FALSE;
        }
      host = g_strndup (rest, colon - rest);
      if (host[0] == '\0')
        {
          set_spec_error (error, "Invalid address “%s” in “%s”: missing host; expected %sHOST:PORT",
                          qaddress, qtext, scheme);
          return FALSE;
        }
      if (strchr (host, ':') != NULL)
        {
          set_spec_error (error, "Invalid address “%s” in “%s”: an IPv6 address must be "
                          "in brackets, as in %s[::1]:4000", qaddress, qtext, scheme);
          return FALSE;
        }
      if (!g_hostname_is_ip_address (host))
        {
          g_autofree char *ascii = NULL;

          if (g_hostname_is_non_ascii (host))
            ascii = g_hostname_to_ascii (host);
          if (!is_host_name (ascii != NULL ? ascii : host))
            {
              g_autofree char *qhost = quote_part (host);

              set_spec_error (error, "Invalid host “%s” in “%s”: expected a host name, "
                              "an IPv4 address or an IPv6 address in brackets",
                              qhost, qtext);
              return FALSE;
            }
        }
    }

  if (!parse_uint (colon + 1, G_MAXUINT16, &port) || port == 0)
    {
      g_autofree char *qport = quote_part (colon + 1);

      set_spec_error (error, "Invalid port “%s” in “%s”: expected a number from 1 to 65535",
                      qport, qtext);
      return FALSE;
    }

  *host_out = g_steal_pointer (&host);
  *port_out = (guint16) port;

  return TRUE;
}

/* Parses an already trimmed ADDRESS into @self's address fields. */
static gboolean
parse_address (BenchSpec   *self,
               const char  *address,
               const char  *text,
               GError     **error)
{
  static const struct {
    const char       *scheme;
    BenchAddressKind  kind;
  } schemes[] = {
    { "socket://", BENCH_ADDRESS_SOCKET },
    { "rfc2217://", BENCH_ADDRESS_RFC2217 },
  };
  g_autofree char *host = NULL;
  g_autofree char *demo = NULL;
  g_autofree char *path = NULL;
  BenchAddressKind kind = BENCH_ADDRESS_TTY;
  guint16 port = 0;
  gboolean matched = FALSE;

  g_assert (self != NULL);
  g_assert (address != NULL);

  if (address[0] == '\0')
    {
      g_autofree char *qtext = quote_part (text);

      set_spec_error (error, "Missing address in “%s”: expected %s", qtext, ADDRESS_FORMS);
      return FALSE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (schemes); i++)
    {
      gsize n = strlen (schemes[i].scheme);

      if (g_ascii_strncasecmp (address, schemes[i].scheme, n) == 0)
        {
          if (!parse_host_port (address, address + n, schemes[i].scheme, &host, &port, text, error))
            return FALSE;
          kind = schemes[i].kind;
          matched = TRUE;
          break;
        }
    }

  if (!matched && g_ascii_strncasecmp (address, "demo:", 5) == 0)
    {
      const char *name = address + 5;
      gboolean known = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (demo_names); i++)
        known |= strcmp (name, demo_names[i]) == 0;

      if (!known)
        {
          g_autofree char *qname = quote_part (name);
          g_autofree char *qtext = quote_part (text);

          set_spec_error (error, "Unknown demo instrument “%s” in “%s”: expected one of " ALL_DEMOS,
                          qname, qtext);
          return FALSE;
        }
      demo = g_strdup (name);
      kind = BENCH_ADDRESS_DEMO;
      matched = TRUE;
    }

  if (!matched)
    path = g_strdup (address);

  bench_set_str (&self->address, address);
  self->kind = kind;
  g_free (self->path);
  self->path = g_steal_pointer (&path);
  g_free (self->host);
  self->host = g_steal_pointer (&host);
  self->port = port;
  g_free (self->demo);
  self->demo = g_steal_pointer (&demo);

  return TRUE;
}

static gboolean
mark_set (ParseState  *state,
          SpecKey      key,
          const char  *part,
          GError     **error)
{
  if (state->set_by[key] != NULL)
    {
      g_autofree char *qfirst = quote_part (state->set_by[key]);
      g_autofree char *qpart = quote_part (part);
      g_autofree char *qtext = quote_part (state->text);

      set_spec_error (error, "Option %s is given twice in “%s”: by “%s” and by “%s”",
                      key_names[key], qtext, qfirst, qpart);
      return FALSE;
    }

  state->set_by[key] = part;

  return TRUE;
}

/* An eol or tx-eol value: a word, or escaped bytes. */
static gboolean
parse_eol_value (const ParseState  *state,
                 SpecKey            key,
                 const char        *value,
                 GBytes           **out,
                 GError           **error)
{
  const char *expected = key == KEY_EOL
    ? "auto, lf, cr, crlf or an escaped string such as \\x03"
    : "lf, cr, crlf, none or an escaped string such as \\x03";
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  int word = lookup_word (value, eol_words, G_N_ELEMENTS (eol_words));

  switch (word)
    {
    case 0: /* auto */
      if (key != KEY_EOL)
        goto invalid;
      *out = NULL;
      return TRUE;

    case 1:
      *out = g_bytes_new_static ("\n", 1);
      return TRUE;

    case 2:
      *out = g_bytes_new_static ("\r", 1);
      return TRUE;

    case 3:
      *out = g_bytes_new_static ("\r\n", 2);
      return TRUE;

    case 4: /* none */
      if (key != KEY_TX_EOL)
        goto invalid;
      *out = g_bytes_new_static ("", 0);
      return TRUE;

    default:
      break;
    }

  if (value[0] == '\0')
    goto invalid;

  bytes = bench_unescape (value, -1, &local_error);
  if (bytes == NULL)
    {
      g_autofree char *qvalue = quote_part (value);
      g_autofree char *qtext = quote_part (state->text);

      set_spec_error (error, "Invalid value “%s” for %s in “%s”: %s",
                      qvalue, key_names[key], qtext, lower_first (local_error->message));
      return FALSE;
    }

  *out = g_steal_pointer (&bytes);

  return TRUE;

invalid:
  set_value_error (state, key, value, expected, error);
  return FALSE;
}

static gboolean
parse_option (BenchSpec   *self,
              ParseState  *state,
              const char  *part,
              char        *key_str,
              char        *value,
              GError     **error)
{
  static const char * const parity_words[] = { "none", "even", "odd", "mark", "space" };
  static const char * const flow_words[] = { "none", "rtscts", "xonxoff" };
  static const char * const plot_words[] = { "auto", "kv", "csv", "off" };
  static const BenchFlow flows[] = { BENCH_FLOW_NONE, BENCH_FLOW_RTSCTS, BENCH_FLOW_XONXOFF };
  static const BenchPlotMode plots[] = {
    BENCH_PLOT_AUTO, BENCH_PLOT_KV, BENCH_PLOT_CSV, BENCH_PLOT_OFF,
  };
  guint64 number;
  gboolean on;
  int word;
  int key = -1;

  g_assert (self != NULL);
  g_assert (state != NULL);

  for (guint i = 0; i < N_KEYS; i++)
    if (strcmp (key_str, key_names[i]) == 0)
      key = (int) i;

  if (key < 0)
    {
      g_autofree char *qkey = quote_part (key_str);
      g_autofree char *qtext = quote_part (state->text);

      if (key_str[0] == '\0')
        set_spec_error (error, "Missing option name before “=” in “%s”: expected one of " ALL_KEYS,
                        qtext);
      else
        set_spec_error (error, "Unknown option “%s” in “%s”: expected one of " ALL_KEYS,
                        qkey, qtext);
      return FALSE;
    }

  if (!mark_set (state, key, part, error))
    return FALSE;

  switch ((SpecKey) key)
    {
    case KEY_BAUD:
      if (!parse_uint (value, G_MAXUINT, &number) || number == 0)
        {
          set_value_error (state, key, value, "a positive integer", error);
          return FALSE;
        }
      self->baud = (guint) number;
      break;

    case KEY_DATA:
      if (!parse_uint (value, 8, &number) || number < 5)
        {
          set_value_error (state, key, value, "5, 6, 7 or 8", error);
          return FALSE;
        }
      self->data_bits = (guint8) number;
      break;

    case KEY_PARITY:
      word = lookup_word (value, parity_words, G_N_ELEMENTS (parity_words));
      if (word < 0)
        {
          set_value_error (state, key, value, "none, even, odd, mark or space", error);
          return FALSE;
        }
      self->parity = parity_values[word];
      break;

    case KEY_STOP:
      if (!parse_uint (value, 2, &number) || number < 1)
        {
          set_value_error (state, key, value, "1 or 2", error);
          return FALSE;
        }
      self->stop_bits = (guint8) number;
      break;

    case KEY_FLOW:
      word = lookup_word (value, flow_words, G_N_ELEMENTS (flow_words));
      if (word < 0)
        {
          set_value_error (state, key, value, "none, rtscts or xonxoff", error);
          return FALSE;
        }
      self->flow = flows[word];
      break;

    case KEY_EOL:
      {
        GBytes *eol = NULL;

        if (!parse_eol_value (state, key, value, &eol, error))
          return FALSE;
        g_clear_pointer (&self->eol, g_bytes_unref);
        self->eol = eol;
      }
      break;

    case KEY_TX_EOL:
      {
        GBytes *tx_eol = NULL;

        if (!parse_eol_value (state, key, value, &tx_eol, error))
          return FALSE;
        g_assert (tx_eol != NULL);
        g_clear_pointer (&self->tx_eol, g_bytes_unref);
        self->tx_eol = tx_eol;
      }
      break;

    case KEY_NAME:
      {
        g_autoptr(GError) local_error = NULL;
        g_autoptr(GBytes) bytes = NULL;
        const char *data;
        gsize len;

        if (value[0] == '\0')
          {
            set_value_error (state, key, value, "a non-empty name (escapes such as \\x2c "
                             "for a comma are allowed)", error);
            return FALSE;
          }

        bytes = bench_unescape (value, -1, &local_error);
        if (bytes == NULL)
          {
            g_autofree char *qvalue = quote_part (value);
            g_autofree char *qtext = quote_part (state->text);

            set_spec_error (error, "Invalid value “%s” for name in “%s”: %s",
                            qvalue, qtext, lower_first (local_error->message));
            return FALSE;
          }

        data = g_bytes_get_data (bytes, &len);
        if (len == 0 || !g_utf8_validate (data, len, NULL))
          {
            set_value_error (state, key, value, "a name that is valid UTF-8 "
                             "without NUL bytes", error);
            return FALSE;
          }

        g_free (self->name);
        self->name = g_strndup (data, len);
      }
      break;

    case KEY_DTR:
    case KEY_RTS:
      if (!parse_switch (value, &on))
        {
          set_value_error (state, key, value, "on or off", error);
          return FALSE;
        }
      if (key == KEY_DTR)
        self->dtr = on ? BENCH_SWITCH_ON : BENCH_SWITCH_OFF;
      else
        self->rts = on ? BENCH_SWITCH_ON : BENCH_SWITCH_OFF;
      break;

    case KEY_MAX_LINE:
      if (!parse_uint (value, BENCH_SPEC_MAX_MAX_LINE, &number) ||
          number < BENCH_SPEC_MIN_MAX_LINE)
        {
          set_value_error (state, key, value,
                           "a number of bytes from " G_STRINGIFY (BENCH_SPEC_MIN_MAX_LINE)
                           " to 268435456", error);
          return FALSE;
        }
      self->max_line = (guint) number;
      break;

    case KEY_RECONNECT:
      if (!parse_switch (value, &on))
        {
          set_value_error (state, key, value, "on or off", error);
          return FALSE;
        }
      self->reconnect = on;
      break;

    case KEY_PLOT:
      word = lookup_word (value, plot_words, G_N_ELEMENTS (plot_words));
      if (word < 0)
        {
          set_value_error (state, key, value, "auto, kv, csv or off", error);
          return FALSE;
        }
      self->plot = plots[word];
      break;

    case N_KEYS:
    default:
      g_assert_not_reached ();
    }

  return TRUE;
}

static gboolean
looks_like_framing (const char *part)
{
  return strlen (part) == 3 &&
         g_ascii_isdigit (part[0]) &&
         g_ascii_isalpha (part[1]) &&
         g_ascii_isdigit (part[2]);
}

/* A part without “=”: a baud rate or framing such as 8N1. */
static gboolean
parse_shorthand (BenchSpec   *self,
                 ParseState  *state,
                 const char  *part,
                 GError     **error)
{
  guint64 number;

  if (g_ascii_isdigit (part[0]) && strspn (part, "0123456789") == strlen (part))
    {
      if (!mark_set (state, KEY_BAUD, part, error))
        return FALSE;
      if (!parse_uint (part, G_MAXUINT, &number) || number == 0)
        {
          g_autofree char *qpart = quote_part (part);
          g_autofree char *qtext = quote_part (state->text);

          set_spec_error (error, "Invalid baud rate “%s” in “%s”: expected a positive integer",
                          qpart, qtext);
          return FALSE;
        }
      self->baud = (guint) number;
      return TRUE;
    }

  if (looks_like_framing (part))
    {
      static const char letters[] = "NEOMS";
      const char *parity = strchr (letters, g_ascii_toupper (part[1]));

      if (part[0] < '5' || part[0] > '8' || parity == NULL || (part[2] != '1' && part[2] != '2'))
        {
          g_autofree char *qpart = quote_part (part);
          g_autofree char *qtext = quote_part (state->text);

          set_spec_error (error, "Invalid framing “%s” in “%s”: expected data bits 5-8, "
                          "parity N, E, O, M or S and stop bits 1 or 2, such as 8N1 or 7E1",
                          qpart, qtext);
          return FALSE;
        }

      if (!mark_set (state, KEY_DATA, part, error) ||
          !mark_set (state, KEY_PARITY, part, error) ||
          !mark_set (state, KEY_STOP, part, error))
        return FALSE;

      self->data_bits = (guint8) (part[0] - '0');
      self->parity = parity_values[parity - letters];
      self->stop_bits = (guint8) (part[2] - '0');
      return TRUE;
    }

  {
    g_autofree char *qpart = quote_part (part);
    g_autofree char *qtext = quote_part (state->text);

    set_spec_error (error, "Unknown option “%s” in “%s”: expected KEY=VALUE (KEY one of "
                    ALL_KEYS "), a baud rate such as 9600, or framing such as 8N1",
                    qpart, qtext);
  }

  return FALSE;
}

BenchSpec *
bench_spec_parse (const char  *text,
                  GError     **error)
{
  g_autoptr(BenchSpec) self = NULL;
  g_auto(GStrv) parts = NULL;
  ParseState state = { 0 };

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_utf8_validate (text, -1, NULL))
    {
      g_autofree char *escaped = bench_escape ((const guint8 *) text, strlen (text));

      set_spec_error (error, "Invalid device spec “%s”: not valid UTF-8", escaped);
      return NULL;
    }

  state.text = text;
  parts = g_strsplit (text, ",", -1);

  if (parts[0] == NULL || (parts[1] == NULL && g_strstrip (parts[0])[0] == '\0'))
    {
      set_spec_error (error, "Empty device spec: expected ADDRESS[,OPTION]..., "
                      "such as /dev/ttyUSB0,9600 or demo:multimeter");
      return NULL;
    }

  self = bench_spec_new ();

  if (!parse_address (self, g_strstrip (parts[0]), text, error))
    return NULL;

  for (guint i = 1; parts[i] != NULL; i++)
    {
      char *part = g_strstrip (parts[i]);
      char *eq;

      if (part[0] == '\0')
        {
          g_autofree char *qtext = quote_part (text);

          set_spec_error (error, "Empty option %u in “%s”: remove the extra comma", i, qtext);
          return NULL;
        }

      eq = strchr (part, '=');
      if (eq == NULL)
        {
          if (!parse_shorthand (self, &state, part, error))
            return NULL;
        }
      else
        {
          g_autofree char *key = g_strndup (part, eq - part);
          g_autofree char *value = g_strdup (eq + 1);

          g_strstrip (key);
          g_strstrip (value);
          if (!parse_option (self, &state, part, key, value, error))
            return NULL;
        }
    }

  return g_steal_pointer (&self);
}

/* Escapes a value for the spec string: bench_escape(), plus “,” as \x2c and
 * spaces at either end as \x20, since parts are split at commas and trimmed. */
static void
append_escaped_value (GString      *out,
                      const guint8 *data,
                      gsize         len)
{
  g_autofree char *escaped = bench_escape (data, len);
  gsize elen = strlen (escaped);
  gsize lead = strspn (escaped, " ");
  gsize trail = 0;

  while (trail < elen - lead && escaped[elen - 1 - trail] == ' ')
    trail++;

  for (gsize i = 0; i < elen; i++)
    {
      if (escaped[i] == ',')
        g_string_append (out, "\\x2c");
      else if (escaped[i] == ' ' && (i < lead || i >= elen - trail))
        g_string_append (out, "\\x20");
      else
        g_string_append_c (out, escaped[i]);
    }
}

static void
append_eol_value (GString *out,
                  GBytes  *eol)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (eol, &len);
  gsize start = out->len;

  if (len == 0)
    {
      g_string_append (out, "none");
      return;
    }
  if (bytes_equal_str (eol, "\n"))
    {
      g_string_append (out, "lf");
      return;
    }
  if (bytes_equal_str (eol, "\r"))
    {
      g_string_append (out, "cr");
      return;
    }
  if (bytes_equal_str (eol, "\r\n"))
    {
      g_string_append (out, "crlf");
      return;
    }

  append_escaped_value (out, data, len);

  /* Bytes that spell a word, such as “lf”, are written as \x6c\x66. */
  if (lookup_word (out->str + start, eol_words, G_N_ELEMENTS (eol_words)) >= 0)
    {
      g_string_truncate (out, start);
      for (gsize i = 0; i < len; i++)
        g_string_append_printf (out, "\\x%02x", data[i]);
    }
}

char *
bench_spec_to_string (const BenchSpec *self)
{
  GString *out;

  g_return_val_if_fail (self != NULL, NULL);

  out = g_string_new (self->address != NULL ? self->address : "");

  if (self->baud != BENCH_SPEC_DEFAULT_BAUD)
    g_string_append_printf (out, ",baud=%u", self->baud);

  if (self->data_bits != 8 || self->parity != BENCH_PARITY_NONE || self->stop_bits != 1)
    g_string_append_printf (out, ",%u%c%u", self->data_bits, parity_letter (self->parity),
                            self->stop_bits);

  if (self->flow != BENCH_FLOW_NONE)
    g_string_append_printf (out, ",flow=%s", bench_flow_to_string (self->flow));

  if (!eol_is_auto (self->eol))
    {
      g_string_append (out, ",eol=");
      append_eol_value (out, self->eol);
    }

  if (!tx_eol_is_default (self->tx_eol))
    {
      g_string_append (out, ",tx-eol=");
      append_eol_value (out, self->tx_eol);
    }

  if (self->name != NULL)
    {
      g_string_append (out, ",name=");
      append_escaped_value (out, (const guint8 *) self->name, strlen (self->name));
    }

  if (self->dtr != BENCH_SWITCH_DEFAULT)
    g_string_append_printf (out, ",dtr=%s", self->dtr == BENCH_SWITCH_ON ? "on" : "off");

  if (self->rts != BENCH_SWITCH_DEFAULT)
    g_string_append_printf (out, ",rts=%s", self->rts == BENCH_SWITCH_ON ? "on" : "off");

  if (self->max_line != BENCH_SPEC_DEFAULT_MAX_LINE)
    g_string_append_printf (out, ",max-line=%u", self->max_line);

  if (!self->reconnect)
    g_string_append (out, ",reconnect=off");

  if (self->plot != BENCH_PLOT_AUTO)
    g_string_append_printf (out, ",plot=%s", bench_plot_mode_to_string (self->plot));

  return g_string_free (out, FALSE);
}

gboolean
bench_spec_set_address (BenchSpec   *self,
                        const char  *address,
                        GError     **error)
{
  g_autofree char *trimmed = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (address != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!g_utf8_validate (address, -1, NULL))
    {
      g_autofree char *escaped = bench_escape ((const guint8 *) address, strlen (address));

      set_spec_error (error, "Invalid address “%s”: not valid UTF-8", escaped);
      return FALSE;
    }

  if (strchr (address, ',') != NULL)
    {
      g_autofree char *qaddress = quote_part (address);

      set_spec_error (error, "Invalid address “%s”: an address cannot contain a comma", qaddress);
      return FALSE;
    }

  trimmed = g_strstrip (g_strdup (address));

  return parse_address (self, trimmed, address, error);
}

char *
bench_spec_dup_display_name (const BenchSpec *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (self->name != NULL)
    return g_strdup (self->name);

  switch (self->kind)
    {
    case BENCH_ADDRESS_DEMO:
      if (self->demo != NULL)
        return g_strdup (self->demo);
      break;

    case BENCH_ADDRESS_SOCKET:
    case BENCH_ADDRESS_RFC2217:
      if (self->host != NULL)
        {
          if (strchr (self->host, ':') != NULL)
            return g_strdup_printf ("[%s]:%u", self->host, self->port);
          return g_strdup_printf ("%s:%u", self->host, self->port);
        }
      break;

    case BENCH_ADDRESS_TTY:
      if (self->path != NULL && self->path[0] != '\0')
        {
          g_autofree char *base = g_path_get_basename (self->path);

          if (!g_utf8_validate (base, -1, NULL))
            return g_utf8_make_valid (base, -1);
          return g_steal_pointer (&base);
        }
      break;

    default:
      break;
    }

  return g_strdup (self->address != NULL ? self->address : "");
}

char *
bench_spec_dup_framing (const BenchSpec *self)
{
  GString *out;

  g_return_val_if_fail (self != NULL, NULL);

  out = g_string_new (NULL);
  g_string_append_printf (out, "%u %u%c%u", self->baud, self->data_bits,
                          parity_letter (self->parity), self->stop_bits);
  if (self->flow != BENCH_FLOW_NONE)
    g_string_append_printf (out, " %s", bench_flow_to_string (self->flow));

  return g_string_free (out, FALSE);
}
