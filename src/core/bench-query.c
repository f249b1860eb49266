/* bench-query.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "bench-query.h"
#include "bench-util.h"

struct _BenchQuery
{
  GObject   parent_instance;

  char     *command;
  guint     interval_ms;
  gboolean  wait_reply;
  guint     timeout_ms;
  gboolean  enabled;

  guint64   sent;
  guint64   replies;
  guint64   missed;
  char     *last_reply;
};

G_DEFINE_FINAL_TYPE (BenchQuery, bench_query, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_COMMAND,
  PROP_INTERVAL_MS,
  PROP_WAIT_REPLY,
  PROP_TIMEOUT_MS,
  PROP_ENABLED,
  PROP_SENT,
  PROP_REPLIES,
  PROP_MISSED,
  PROP_LAST_REPLY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

gboolean
bench_parse_duration_ms (const char *text,
                         guint      *ms)
{
  g_autofree char *copy = NULL;
  char *end = NULL;
  double value;
  double scale = 1.0;

  g_return_val_if_fail (ms != NULL, FALSE);

  if (text == NULL)
    return FALSE;
  copy = g_strstrip (g_strdup (text));
  if (copy[0] == '\0' || !(g_ascii_isdigit (copy[0]) || copy[0] == '.'))
    return FALSE;

  value = g_ascii_strtod (copy, &end);
  if (end == copy || !isfinite (value) || value < 0)
    return FALSE;
  while (*end == ' ')
    end++;

  if (*end == '\0' || g_ascii_strcasecmp (end, "ms") == 0)
    scale = 1.0;
  else if (g_ascii_strcasecmp (end, "s") == 0)
    scale = 1000.0;
  else
    return FALSE;

  value = round (value * scale);
  if (value > G_MAXUINT)
    return FALSE;

  *ms = (guint) value;
  return TRUE;
}

static char *
format_duration (guint ms)
{
  if (ms >= 1000 && ms % 1000 == 0)
    return g_strdup_printf ("%us", ms / 1000);
  return g_strdup_printf ("%ums", ms);
}

BenchQuery *
bench_query_new (const char *command,
                 guint       interval_ms)
{
  g_return_val_if_fail (command != NULL, NULL);

  return g_object_new (BENCH_TYPE_QUERY,
                       "command", command,
                       "interval-ms", MAX (interval_ms, BENCH_QUERY_MIN_INTERVAL_MS),
                       NULL);
}

BenchQuery *
bench_query_new_parse (const char  *text,
                       GError     **error)
{
  g_autoptr(BenchQuery) query = NULL;
  g_autofree char *command = NULL;
  g_auto(GStrv) parts = NULL;
  const char *at;
  guint interval;

  g_return_val_if_fail (text != NULL, NULL);

  at = strrchr (text, '@');
  if (at == NULL)
    {
      g_set_error (error, BENCH_ERROR, BENCH_ERROR_INVALID_ARGUMENT,
                   "“%s” has no interval: expected COMMAND@INTERVAL, e.g. MEAS:VOLT?@500ms", text);
      return NULL;
    }

  command = g_strndup (text, at - text);
  if (command[0] == '\0')
    {
      g_set_error (error, BENCH_ERROR, BENCH_ERROR_INVALID_ARGUMENT,
                   "“%s” has no command before “@”", text);
      return NULL;
    }

  parts = g_strsplit (at + 1, ",", -1);
  if (!bench_parse_duration_ms (parts[0], &interval) || interval < BENCH_QUERY_MIN_INTERVAL_MS)
    {
      g_set_error (error, BENCH_ERROR, BENCH_ERROR_INVALID_ARGUMENT,
                   "Invalid interval “%s” in “%s”: expected a duration such as 500ms or 2s",
                   parts[0], text);
      return NULL;
    }

  query = bench_query_new (command, interval);

  for (guint i = 1; parts[i] != NULL; i++)
    {
      const char *option = parts[i];
      guint timeout;

      if (g_str_has_prefix (option, "reply-timeout="))
        {
          if (!bench_parse_duration_ms (option + strlen ("reply-timeout="), &timeout) || timeout == 0)
            {
              g_set_error (error, BENCH_ERROR, BENCH_ERROR_INVALID_ARGUMENT,
                           "Invalid reply timeout “%s” in “%s”: expected a duration such as 200ms",
                           option + strlen ("reply-timeout="), text);
              return NULL;
            }
          bench_query_set_wait_reply (query, TRUE);
          bench_query_set_timeout_ms (query, timeout);
        }
      else
        {
          g_set_error (error, BENCH_ERROR, BENCH_ERROR_INVALID_ARGUMENT,
                       "Unknown option “%s” in “%s”: expected reply-timeout=DURATION",
                       option, text);
          return NULL;
        }
    }

  return g_steal_pointer (&query);
}

char *
bench_query_to_string (BenchQuery *self)
{
  g_autofree char *interval = NULL;
  g_autofree char *timeout = NULL;

  g_return_val_if_fail (BENCH_IS_QUERY (self), NULL);

  interval = format_duration (self->interval_ms);
  if (!self->wait_reply)
    return g_strdup_printf ("%s@%s", self->command, interval);

  timeout = format_duration (self->timeout_ms);
  return g_strdup_printf ("%s@%s,reply-timeout=%s", self->command, interval, timeout);
}

GVariant *
bench_query_to_variant (BenchQuery *self)
{
  GVariantDict dict;

  g_return_val_if_fail (BENCH_IS_QUERY (self), NULL);

  g_variant_dict_init (&dict, NULL);
  g_variant_dict_insert (&dict, "command", "s", self->command);
  g_variant_dict_insert (&dict, "interval-ms", "u", self->interval_ms);
  g_variant_dict_insert (&dict, "wait-reply", "b", self->wait_reply);
  g_variant_dict_insert (&dict, "timeout-ms", "u", self->timeout_ms);
  g_variant_dict_insert (&dict, "enabled", "b", self->enabled);

  return g_variant_dict_end (&dict);
}

BenchQuery *
bench_query_new_from_variant (GVariant  *variant,
                              GError   **error)
{
  g_autoptr(BenchQuery) query = NULL;
  GVariantDict dict;
  const char *command = NULL;
  guint interval = BENCH_QUERY_DEFAULT_INTERVAL_MS;
  guint timeout = BENCH_QUERY_DEFAULT_TIMEOUT_MS;
  gboolean wait_reply = FALSE;
  gboolean enabled = TRUE;

  g_return_val_if_fail (variant != NULL, NULL);

  if (!g_variant_is_of_type (variant, G_VARIANT_TYPE_VARDICT))
    {
      g_set_error (error, BENCH_ERROR, BENCH_ERROR_INVALID_ARGUMENT,
                   "A saved query is of type %s, not a{sv}", g_variant_get_type_string (variant));
      return NULL;
    }

  g_variant_dict_init (&dict, variant);
  if (!g_variant_dict_lookup (&dict, "command", "&s", &command) || command[0] == '\0')
    {
      g_variant_dict_clear (&dict);
      g_set_error_literal (error, BENCH_ERROR, BENCH_ERROR_INVALID_ARGUMENT,
                           "A saved query has no command");
      return NULL;
    }
  g_variant_dict_lookup (&dict, "interval-ms", "u", &interval);
  g_variant_dict_lookup (&dict, "wait-reply", "b", &wait_reply);
  g_variant_dict_lookup (&dict, "timeout-ms", "u", &timeout);
  g_variant_dict_lookup (&dict, "enabled", "b", &enabled);

  query = bench_query_new (command, interval);
  bench_query_set_wait_reply (query, wait_reply);
  bench_query_set_timeout_ms (query, timeout);
  bench_query_set_enabled (query, enabled);
  g_variant_dict_clear (&dict);

  return g_steal_pointer (&query);
}

/* Accessors */

const char *
bench_query_get_command (BenchQuery *self)
{
  g_return_val_if_fail (BENCH_IS_QUERY (self), NULL);
  return self->command;
}

void
bench_query_set_command (BenchQuery *self,
                         const char *command)
{
  g_return_if_fail (BENCH_IS_QUERY (self));
  g_return_if_fail (command != NULL);

  if (bench_set_str (&self->command, command))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMMAND]);
}

guint
bench_query_get_interval_ms (BenchQuery *self)
{
  g_return_val_if_fail (BENCH_IS_QUERY (self), 0);
  return self->interval_ms;
}

void
bench_query_set_interval_ms (BenchQuery *self,
                             guint       interval_ms)
{
  g_return_if_fail (BENCH_IS_QUERY (self));

  interval_ms = MAX (interval_ms, BENCH_QUERY_MIN_INTERVAL_MS);
  if (self->interval_ms != interval_ms)
    {
      self->interval_ms = interval_ms;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INTERVAL_MS]);
    }
}

gboolean
bench_query_get_wait_reply (BenchQuery *self)
{
  g_return_val_if_fail (BENCH_IS_QUERY (self), FALSE);
  return self->wait_reply;
}

void
bench_query_set_wait_reply (BenchQuery *self,
                            gboolean    wait_reply)
{
  g_return_if_fail (BENCH_IS_QUERY (self));

  wait_reply = !!wait_reply;
  if (self->wait_reply != wait_reply)
    {
      self->wait_reply = wait_reply;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WAIT_REPLY]);
    }
}

guint
bench_query_get_timeout_ms (BenchQuery *self)
{
  g_return_val_if_fail (BENCH_IS_QUERY (self), 0);
  return self->timeout_ms;
}

void
bench_query_set_timeout_ms (BenchQuery *self,
                            guint       timeout_ms)
{
  g_return_if_fail (BENCH_IS_QUERY (self));

  timeout_ms = MAX (timeout_ms, 1);
  if (self->timeout_ms != timeout_ms)
    {
      self->timeout_ms = timeout_ms;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT_MS]);
    }
}

gboolean
bench_query_get_enabled (BenchQuery *self)
{
  g_return_val_if_fail (BENCH_IS_QUERY (self), FALSE);
  return self->enabled;
}

void
bench_query_set_enabled (BenchQuery *self,
                         gboolean    enabled)
{
  g_return_if_fail (BENCH_IS_QUERY (self));

  enabled = !!enabled;
  if (self->enabled != enabled)
    {
      self->enabled = enabled;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENABLED]);
    }
}

guint64
bench_query_get_sent (BenchQuery *self)
{
  g_return_val_if_fail (BENCH_IS_QUERY (self), 0);
  return self->sent;
}

guint64
bench_query_get_replies (BenchQuery *self)
{
  g_return_val_if_fail (BENCH_IS_QUERY (self), 0);
  return self->replies;
}

guint64
bench_query_get_missed (BenchQuery *self)
{
  g_return_val_if_fail (BENCH_IS_QUERY (self), 0);
  return self->missed;
}

const char *
bench_query_get_last_reply (BenchQuery *self)
{
  g_return_val_if_fail (BENCH_IS_QUERY (self), NULL);
  return self->last_reply;
}

void
bench_query_reset_counters (BenchQuery *self)
{
  g_return_if_fail (BENCH_IS_QUERY (self));

  g_object_freeze_notify (G_OBJECT (self));
  if (self->sent != 0)
    {
      self->sent = 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SENT]);
    }
  if (self->replies != 0)
    {
      self->replies = 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REPLIES]);
    }
  if (self->missed != 0)
    {
      self->missed = 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MISSED]);
    }
  if (bench_set_str (&self->last_reply, NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_REPLY]);
  g_object_thaw_notify (G_OBJECT (self));
}

void
bench_query_count_sent (BenchQuery *self)
{
  g_return_if_fail (BENCH_IS_QUERY (self));

  self->sent++;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SENT]);
}

void
bench_query_count_reply (BenchQuery *self,
                         const char *reply)
{
  g_return_if_fail (BENCH_IS_QUERY (self));

  self->replies++;
  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REPLIES]);
  if (bench_set_str (&self->last_reply, reply))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_REPLY]);
  g_object_thaw_notify (G_OBJECT (self));
}

void
bench_query_count_missed (BenchQuery *self)
{
  g_return_if_fail (BENCH_IS_QUERY (self));

  self->missed++;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MISSED]);
}

/* GObject */

static void
bench_query_finalize (GObject *object)
{
  BenchQuery *self = (BenchQuery *) object;

  g_clear_pointer (&self->command, g_free);
  g_clear_pointer (&self->last_reply, g_free);

  G_OBJECT_CLASS (bench_query_parent_class)->finalize (object);
}

static void
bench_query_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  BenchQuery *self = BENCH_QUERY (object);

  switch (prop_id)
    {
    case PROP_COMMAND:
      g_value_set_string (value, self->command);
      break;
    case PROP_INTERVAL_MS:
      g_value_set_uint (value, self->interval_ms);
      break;
    case PROP_WAIT_REPLY:
      g_value_set_boolean (value, self->wait_reply);
      break;
    case PROP_TIMEOUT_MS:
      g_value_set_uint (value, self->timeout_ms);
      break;
    case PROP_ENABLED:
      g_value_set_boolean (value, self->enabled);
      break;
    case PROP_SENT:
      g_value_set_uint64 (value, self->sent);
      break;
    case PROP_REPLIES:
      g_value_set_uint64 (value, self->replies);
      break;
    case PROP_MISSED:
      g_value_set_uint64 (value, self->missed);
      break;
    case PROP_LAST_REPLY:
      g_value_set_string (value, self->last_reply);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bench_query_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  BenchQuery *self = BENCH_QUERY (object);

  switch (prop_id)
    {
    case PROP_COMMAND:
      bench_query_set_command (self, g_value_get_string (value) ? g_value_get_string (value) : "");
      break;
    case PROP_INTERVAL_MS:
      bench_query_set_interval_ms (self, g_value_get_uint (value));
      break;
    case PROP_WAIT_REPLY:
      bench_query_set_wait_reply (self, g_value_get_boolean (value));
      break;
    case PROP_TIMEOUT_MS:
      bench_query_set_timeout_ms (self, g_value_get_uint (value));
      break;
    case PROP_ENABLED:
      bench_query_set_enabled (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bench_query_class_init (BenchQueryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bench_query_finalize;
  object_class->get_property = bench_query_get_property;
  object_class->set_property = bench_query_set_property;

#define RW (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)
#define RO (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)
  properties[PROP_COMMAND] = g_param_spec_string ("command", NULL, NULL, "", RW);
  properties[PROP_INTERVAL_MS] =
    g_param_spec_uint ("interval-ms", NULL, NULL, BENCH_QUERY_MIN_INTERVAL_MS, G_MAXUINT,
                       BENCH_QUERY_DEFAULT_INTERVAL_MS, RW);
  properties[PROP_WAIT_REPLY] = g_param_spec_boolean ("wait-reply", NULL, NULL, FALSE, RW);
  properties[PROP_TIMEOUT_MS] =
    g_param_spec_uint ("timeout-ms", NULL, NULL, 1, G_MAXUINT, BENCH_QUERY_DEFAULT_TIMEOUT_MS, RW);
  properties[PROP_ENABLED] = g_param_spec_boolean ("enabled", NULL, NULL, TRUE, RW);
  properties[PROP_SENT] = g_param_spec_uint64 ("sent", NULL, NULL, 0, G_MAXUINT64, 0, RO);
  properties[PROP_REPLIES] = g_param_spec_uint64 ("replies", NULL, NULL, 0, G_MAXUINT64, 0, RO);
  properties[PROP_MISSED] = g_param_spec_uint64 ("missed", NULL, NULL, 0, G_MAXUINT64, 0, RO);
  properties[PROP_LAST_REPLY] = g_param_spec_string ("last-reply", NULL, NULL, NULL, RO);
#undef RW
#undef RO

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bench_query_init (BenchQuery *self)
{
  self->command = g_strdup ("");
  self->interval_ms = BENCH_QUERY_DEFAULT_INTERVAL_MS;
  self->timeout_ms = BENCH_QUERY_DEFAULT_TIMEOUT_MS;
  self->enabled = TRUE;
}
