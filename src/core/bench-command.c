/* bench-command.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "bench-command.h"
#include "bench-escape.h"
#include "bench-query.h"
#include "bench-util.h"

typedef struct
{
  BenchCommandStepKind  kind;
  char                 *text;
  guint                 ms;
} Step;

struct _BenchCommand
{
  GObject  parent_instance;

  char    *name;
  GArray  *steps;   /* Step */
  char    *text;    /* the text form, made on demand */
};

G_DEFINE_FINAL_TYPE (BenchCommand, bench_command, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_TEXT,
  PROP_N_STEPS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
step_clear (gpointer data)
{
  Step *step = data;

  g_free (step->text);
}

/* "wait 100ms" → TRUE and 100; the unit is required. */
static gboolean
parse_wait_line (const char *line,
                 guint      *ms)
{
  g_autofree char *copy = g_strstrip (g_strdup (line));
  const char *rest;
  gsize len;

  if (g_ascii_strncasecmp (copy, "wait", 4) != 0 || !g_ascii_isspace (copy[4]))
    return FALSE;

  rest = copy + 5;
  while (g_ascii_isspace (*rest))
    rest++;
  len = strlen (rest);
  if (len < 2 || !(g_ascii_tolower (rest[len - 1]) == 's'))
    return FALSE;

  return bench_parse_duration_ms (rest, ms);
}

static char *
format_ms (guint ms)
{
  if (ms >= 1000 && ms % 1000 == 0)
    return g_strdup_printf ("%us", ms / 1000);
  return g_strdup_printf ("%ums", ms);
}

static gboolean
is_blank (const char *text)
{
  for (; *text != '\0'; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;
  return TRUE;
}

/* A send step's line in the text form: literal line breaks become escapes,
 * and a line that would read as a wait (or as blank) gets one character
 * escaped, so that the text parses back to the same step. */
static void
append_send_line (GString    *out,
                  const char *text)
{
  g_autoptr(GString) line = g_string_new (NULL);
  gssize escape_at = -1;
  guint ms;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '\n')
        g_string_append (line, "\\n");
      else if (*p == '\r')
        g_string_append (line, "\\r");
      else
        g_string_append_c (line, *p);
    }

  if (parse_wait_line (line->str, &ms))
    {
      escape_at = 0;
      while (g_ascii_isspace (line->str[escape_at]))
        escape_at++;
    }
  else if (line->len > 0 && is_blank (line->str))
    escape_at = line->len - 1;

  if (escape_at < 0)
    {
      g_string_append_len (out, line->str, line->len);
      return;
    }

  g_string_append_len (out, line->str, escape_at);
  g_string_append_printf (out, "\\x%02x", (guint8) line->str[escape_at]);
  g_string_append (out, line->str + escape_at + 1);
}

static void
bench_command_invalidate (BenchCommand *self,
                          guint         old_n_steps)
{
  g_autofree char *old = g_steal_pointer (&self->text);

  g_object_freeze_notify (G_OBJECT (self));
  if (g_strcmp0 (old, bench_command_get_text (self)) != 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
  if (old_n_steps != self->steps->len)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_STEPS]);
  g_object_thaw_notify (G_OBJECT (self));
}

static void
bench_command_add_step (BenchCommand         *self,
                        BenchCommandStepKind  kind,
                        const char           *text,
                        guint                 ms)
{
  Step step = { kind, g_strdup (text), ms };

  g_array_append_val (self->steps, step);
}

static GArray *
parse_text (const char  *text,
            GError     **error)
{
  g_autoptr(GArray) steps = g_array_new (FALSE, FALSE, sizeof (Step));
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  g_array_set_clear_func (steps, step_clear);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = lines[i];
      gsize len = strlen (line);
      Step step = { 0 };
      guint ms;

      /* an editor's CRLF */
      if (len > 0 && line[len - 1] == '\r')
        line[len - 1] = '\0';

      if (is_blank (line))
        continue;

      if (parse_wait_line (line, &ms))
        {
          step.kind = BENCH_COMMAND_STEP_WAIT;
          step.ms = ms;
        }
      else
        {
          if (error != NULL)
            {
              g_autoptr(GError) local_error = NULL;
              g_autoptr(GBytes) bytes = bench_unescape (line, -1, &local_error);

              if (bytes == NULL)
                {
                  g_set_error (error, BENCH_ERROR, BENCH_ERROR_INVALID_ESCAPE,
                               "Line %u: %s", i + 1, local_error->message);
                  return NULL;
                }
            }
          step.kind = BENCH_COMMAND_STEP_SEND;
          step.text = g_strdup (line);
        }
      g_array_append_val (steps, step);
    }

  return g_steal_pointer (&steps);
}

gboolean
bench_command_check_text (const char  *text,
                          GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GArray) steps = NULL;

  g_return_val_if_fail (text != NULL, FALSE);

  steps = parse_text (text, error != NULL ? error : &local_error);
  return steps != NULL;
}

BenchCommand *
bench_command_new (const char *name,
                   const char *text)
{
  return g_object_new (BENCH_TYPE_COMMAND,
                       "name", name,
                       "text", text,
                       NULL);
}

BenchCommand *
bench_command_copy (BenchCommand *self)
{
  BenchCommand *copy;

  g_return_val_if_fail (BENCH_IS_COMMAND (self), NULL);

  copy = g_object_new (BENCH_TYPE_COMMAND, "name", self->name, NULL);
  for (guint i = 0; i < self->steps->len; i++)
    {
      const Step *step = &g_array_index (self->steps, Step, i);

      bench_command_add_step (copy, step->kind, step->text, step->ms);
    }

  return copy;
}

const char *
bench_command_get_name (BenchCommand *self)
{
  g_return_val_if_fail (BENCH_IS_COMMAND (self), NULL);
  return self->name;
}

void
bench_command_set_name (BenchCommand *self,
                        const char   *name)
{
  g_return_if_fail (BENCH_IS_COMMAND (self));

  if (bench_set_str (&self->name, name ? name : ""))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

const char *
bench_command_get_text (BenchCommand *self)
{
  g_return_val_if_fail (BENCH_IS_COMMAND (self), NULL);

  if (self->text == NULL)
    {
      GString *out = g_string_new (NULL);

      for (guint i = 0; i < self->steps->len; i++)
        {
          const Step *step = &g_array_index (self->steps, Step, i);

          if (i > 0)
            g_string_append_c (out, '\n');
          if (step->kind == BENCH_COMMAND_STEP_WAIT)
            {
              g_autofree char *ms = format_ms (step->ms);

              g_string_append_printf (out, "wait %s", ms);
            }
          else
            append_send_line (out, step->text);
        }
      self->text = g_string_free (out, FALSE);
    }

  return self->text;
}

void
bench_command_set_text (BenchCommand *self,
                        const char   *text)
{
  g_autoptr(GArray) steps = NULL;
  guint old_n;

  g_return_if_fail (BENCH_IS_COMMAND (self));

  steps = parse_text (text ? text : "", NULL);
  old_n = self->steps->len;
  g_array_unref (self->steps);
  self->steps = g_steal_pointer (&steps);
  bench_command_invalidate (self, old_n);
}

guint
bench_command_get_n_steps (BenchCommand *self)
{
  g_return_val_if_fail (BENCH_IS_COMMAND (self), 0);
  return self->steps->len;
}

BenchCommandStepKind
bench_command_get_step (BenchCommand  *self,
                        guint          index,
                        const char   **text,
                        guint         *ms)
{
  const Step *step;

  g_return_val_if_fail (BENCH_IS_COMMAND (self), BENCH_COMMAND_STEP_SEND);
  g_return_val_if_fail (index < self->steps->len, BENCH_COMMAND_STEP_SEND);

  step = &g_array_index (self->steps, Step, index);
  if (text != NULL)
    *text = step->text;
  if (ms != NULL)
    *ms = step->ms;

  return step->kind;
}

void
bench_command_append_send (BenchCommand *self,
                           const char   *text)
{
  guint old_n;

  g_return_if_fail (BENCH_IS_COMMAND (self));
  g_return_if_fail (text != NULL);

  old_n = self->steps->len;
  bench_command_add_step (self, BENCH_COMMAND_STEP_SEND, text, 0);
  bench_command_invalidate (self, old_n);
}

void
bench_command_append_wait (BenchCommand *self,
                           guint         ms)
{
  guint old_n;

  g_return_if_fail (BENCH_IS_COMMAND (self));

  old_n = self->steps->len;
  bench_command_add_step (self, BENCH_COMMAND_STEP_WAIT, NULL, ms);
  bench_command_invalidate (self, old_n);
}

void
bench_command_clear_steps (BenchCommand *self)
{
  guint old_n;

  g_return_if_fail (BENCH_IS_COMMAND (self));

  old_n = self->steps->len;
  g_array_set_size (self->steps, 0);
  bench_command_invalidate (self, old_n);
}

guint64
bench_command_get_duration_ms (BenchCommand *self)
{
  guint64 total = 0;

  g_return_val_if_fail (BENCH_IS_COMMAND (self), 0);

  for (guint i = 0; i < self->steps->len; i++)
    {
      const Step *step = &g_array_index (self->steps, Step, i);

      if (step->kind == BENCH_COMMAND_STEP_WAIT)
        total += step->ms;
    }

  return total;
}

GVariant *
bench_command_to_variant (BenchCommand *self)
{
  GVariantBuilder steps;

  g_return_val_if_fail (BENCH_IS_COMMAND (self), NULL);

  g_variant_builder_init (&steps, G_VARIANT_TYPE ("a(sv)"));
  for (guint i = 0; i < self->steps->len; i++)
    {
      const Step *step = &g_array_index (self->steps, Step, i);

      if (step->kind == BENCH_COMMAND_STEP_WAIT)
        g_variant_builder_add (&steps, "(sv)", "wait", g_variant_new_uint32 (step->ms));
      else
        g_variant_builder_add (&steps, "(sv)", "send", g_variant_new_string (step->text));
    }

  return g_variant_new ("(sa(sv))", self->name, &steps);
}

BenchCommand *
bench_command_new_from_variant (GVariant  *variant,
                                GError   **error)
{
  g_autoptr(BenchCommand) command = NULL;
  g_autoptr(GVariantIter) iter = NULL;
  const char *name;
  const char *kind;
  GVariant *value;

  g_return_val_if_fail (variant != NULL, NULL);

  if (!g_variant_is_of_type (variant, G_VARIANT_TYPE ("(sa(sv))")))
    {
      g_set_error (error, BENCH_ERROR, BENCH_ERROR_INVALID_ARGUMENT,
                   "A saved command is of type %s, not (sa(sv))", g_variant_get_type_string (variant));
      return NULL;
    }

  g_variant_get (variant, "(&sa(sv))", &name, &iter);
  command = g_object_new (BENCH_TYPE_COMMAND, "name", name, NULL);

  while (g_variant_iter_next (iter, "(&sv)", &kind, &value))
    {
      g_autoptr(GVariant) owned = value;

      if (g_str_equal (kind, "send") && g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
        bench_command_add_step (command, BENCH_COMMAND_STEP_SEND, g_variant_get_string (value, NULL), 0);
      else if (g_str_equal (kind, "wait") && g_variant_is_of_type (value, G_VARIANT_TYPE_UINT32))
        bench_command_add_step (command, BENCH_COMMAND_STEP_WAIT, NULL, g_variant_get_uint32 (value));
      else
        {
          g_set_error (error, BENCH_ERROR, BENCH_ERROR_INVALID_ARGUMENT,
                       "Command “%s” has an unknown step “%s” of type %s",
                       name, kind, g_variant_get_type_string (value));
          return NULL;
        }
    }

  return g_steal_pointer (&command);
}

/* GObject */

static void
bench_command_finalize (GObject *object)
{
  BenchCommand *self = (BenchCommand *) object;

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->steps, g_array_unref);

  G_OBJECT_CLASS (bench_command_parent_class)->finalize (object);
}

static void
bench_command_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  BenchCommand *self = BENCH_COMMAND (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_TEXT:
      g_value_set_string (value, bench_command_get_text (self));
      break;
    case PROP_N_STEPS:
      g_value_set_uint (value, self->steps->len);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bench_command_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  BenchCommand *self = BENCH_COMMAND (object);

  switch (prop_id)
    {
    case PROP_NAME:
      bench_command_set_name (self, g_value_get_string (value));
      break;
    case PROP_TEXT:
      bench_command_set_text (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bench_command_class_init (BenchCommandClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bench_command_finalize;
  object_class->get_property = bench_command_get_property;
  object_class->set_property = bench_command_set_property;

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_STEPS] =
    g_param_spec_uint ("n-steps", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bench_command_init (BenchCommand *self)
{
  self->name = g_strdup ("");
  self->steps = g_array_new (FALSE, FALSE, sizeof (Step));
  g_array_set_clear_func (self->steps, step_clear);
}
