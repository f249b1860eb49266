/* bench-settings.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "bench-enums.h"
#include "bench-settings.h"

#define DEVICE_PATH_PREFIX "/io/github/benchtop/Benchtop/devices/"

struct _BenchSettings
{
  GObject     parent_instance;

  GSettings  *settings;
  GHashTable *devices;   /* path key -> GSettings */

  guint           scrollback_lines;
  BenchLogFormat  record_format;
  char           *style_variant;
};

G_DEFINE_FINAL_TYPE (BenchSettings, bench_settings, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SETTINGS,
  PROP_SCROLLBACK_LINES,
  PROP_RECORD_FORMAT,
  PROP_STYLE_VARIANT,
  PROP_RECENT_SPECS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

GSettings *
bench_settings_get_settings (BenchSettings *self)
{
  g_return_val_if_fail (BENCH_IS_SETTINGS (self), NULL);

  return self->settings;
}

guint
bench_settings_get_scrollback_lines (BenchSettings *self)
{
  g_return_val_if_fail (BENCH_IS_SETTINGS (self), 0);

  return self->scrollback_lines;
}

void
bench_settings_set_scrollback_lines (BenchSettings *self,
                                     guint          lines)
{
  g_return_if_fail (BENCH_IS_SETTINGS (self));

  if (self->scrollback_lines == lines)
    return;

  self->scrollback_lines = lines;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCROLLBACK_LINES]);
}

BenchLogFormat
bench_settings_get_record_format (BenchSettings *self)
{
  g_return_val_if_fail (BENCH_IS_SETTINGS (self), BENCH_LOG_CSV);

  return self->record_format;
}

void
bench_settings_set_record_format (BenchSettings  *self,
                                  BenchLogFormat  format)
{
  g_return_if_fail (BENCH_IS_SETTINGS (self));

  if (self->record_format == format)
    return;

  self->record_format = format;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECORD_FORMAT]);
}

const char *
bench_settings_get_style_variant (BenchSettings *self)
{
  g_return_val_if_fail (BENCH_IS_SETTINGS (self), NULL);

  return self->style_variant;
}

static void
bench_settings_set_style_variant (BenchSettings *self,
                                  const char    *variant)
{
  if (g_strcmp0 (self->style_variant, variant) == 0)
    return;

  g_free (self->style_variant);
  self->style_variant = g_strdup (variant);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STYLE_VARIANT]);
}

/* Recent specs */

char **
bench_settings_dup_recent_specs (BenchSettings *self)
{
  g_return_val_if_fail (BENCH_IS_SETTINGS (self), NULL);

  return g_settings_get_strv (self->settings, "recent-specs");
}

static void
bench_settings_update_recent (BenchSettings *self,
                              const char    *add,
                              const char    *remove)
{
  g_auto(GStrv) old = g_settings_get_strv (self->settings, "recent-specs");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) specs = NULL;
  guint n = 0;

  if (add != NULL)
    {
      g_strv_builder_add (builder, add);
      n++;
    }

  for (guint i = 0; old[i] != NULL && n < BENCH_SETTINGS_MAX_RECENT; i++)
    {
      if (g_strcmp0 (old[i], add) == 0 || g_strcmp0 (old[i], remove) == 0)
        continue;
      g_strv_builder_add (builder, old[i]);
      n++;
    }

  specs = g_strv_builder_end (builder);
  if (!g_strv_equal ((const char * const *) old, (const char * const *) specs))
    g_settings_set_strv (self->settings, "recent-specs", (const char * const *) specs);
}

void
bench_settings_add_recent_spec (BenchSettings *self,
                                const char    *spec)
{
  g_return_if_fail (BENCH_IS_SETTINGS (self));
  g_return_if_fail (spec != NULL);

  if (*spec == '\0')
    return;

  bench_settings_update_recent (self, spec, NULL);
}

void
bench_settings_remove_recent_spec (BenchSettings *self,
                                   const char    *spec)
{
  g_return_if_fail (BENCH_IS_SETTINGS (self));
  g_return_if_fail (spec != NULL);

  bench_settings_update_recent (self, NULL, spec);
}

static void
bench_settings_recent_changed_cb (BenchSettings *self,
                                  const char    *key,
                                  GSettings     *settings)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECENT_SPECS]);
}

/* Device settings */

static char *
device_key (const char *address)
{
  g_autofree char *sum = NULL;

  if (address == NULL)
    return g_strdup ("all");

  /* GSettings paths allow few characters; tty paths and host names have
   * others. A digest is stable and short. */
  sum = g_compute_checksum_for_string (G_CHECKSUM_SHA256, address, -1);
  return g_strndup (sum, 24);
}

GSettings *
bench_settings_get_device (BenchSettings *self,
                           const char    *address)
{
  g_autofree char *key = NULL;
  GSettings *settings;

  g_return_val_if_fail (BENCH_IS_SETTINGS (self), NULL);

  key = device_key (address);
  settings = g_hash_table_lookup (self->devices, key);
  if (settings == NULL)
    {
      g_autoptr(GSettingsBackend) backend = NULL;
      g_autofree char *path = g_strconcat (DEVICE_PATH_PREFIX, key, "/", NULL);

      /* the same backend as the main schema (memory in tests) */
      g_object_get (self->settings, "backend", &backend, NULL);
      settings = g_object_new (G_TYPE_SETTINGS,
                               "schema-id", BENCH_SETTINGS_DEVICE_SCHEMA_ID,
                               "backend", backend,
                               "path", path,
                               NULL);
      g_hash_table_insert (self->devices, g_steal_pointer (&key), settings);
    }

  return settings;
}

BenchSpec *
bench_settings_dup_device_spec (BenchSettings *self,
                                const char    *address)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (BENCH_IS_SETTINGS (self), NULL);
  g_return_val_if_fail (address != NULL, NULL);

  text = g_settings_get_string (bench_settings_get_device (self, address), "spec");
  if (*text == '\0')
    return NULL;

  return bench_spec_parse (text, NULL);
}

void
bench_settings_save_device_spec (BenchSettings   *self,
                                 const BenchSpec *spec)
{
  g_autofree char *text = NULL;
  g_autofree char *old = NULL;
  GSettings *settings;

  g_return_if_fail (BENCH_IS_SETTINGS (self));
  g_return_if_fail (spec != NULL && spec->address != NULL);

  settings = bench_settings_get_device (self, spec->address);
  text = bench_spec_to_string (spec);
  old = g_settings_get_string (settings, "spec");
  if (g_strcmp0 (old, text) != 0)
    g_settings_set_string (settings, "spec", text);
}

char **
bench_settings_dup_history (BenchSettings *self,
                            const char    *address)
{
  g_return_val_if_fail (BENCH_IS_SETTINGS (self), NULL);

  return g_settings_get_strv (bench_settings_get_device (self, address), "history");
}

void
bench_settings_push_history (BenchSettings *self,
                             const char    *address,
                             const char    *text)
{
  GSettings *settings;
  g_auto(GStrv) old = NULL;
  g_autoptr(GStrvBuilder) builder = NULL;
  g_auto(GStrv) history = NULL;
  guint n, skip;

  g_return_if_fail (BENCH_IS_SETTINGS (self));
  g_return_if_fail (text != NULL);

  if (*text == '\0')
    return;

  settings = bench_settings_get_device (self, address);
  old = g_settings_get_strv (settings, "history");
  n = g_strv_length (old);

  /* keep the newest BENCH_SETTINGS_MAX_HISTORY, @text last */
  if (g_strv_contains ((const char * const *) old, text))
    n--;
  skip = n >= BENCH_SETTINGS_MAX_HISTORY ? n - BENCH_SETTINGS_MAX_HISTORY + 1 : 0;
  builder = g_strv_builder_new ();
  for (guint i = 0; old[i] != NULL; i++)
    {
      if (g_str_equal (old[i], text))
        continue;
      if (skip > 0)
        {
          skip--;
          continue;
        }
      g_strv_builder_add (builder, old[i]);
    }
  g_strv_builder_add (builder, text);
  history = g_strv_builder_end (builder);

  g_settings_set_strv (settings, "history", (const char * const *) history);
}

/* GObject */

static void
bench_settings_constructed (GObject *object)
{
  BenchSettings *self = (BenchSettings *) object;

  G_OBJECT_CLASS (bench_settings_parent_class)->constructed (object);

  if (self->settings == NULL)
    self->settings = g_settings_new (BENCH_SETTINGS_SCHEMA_ID);

  g_settings_bind (self->settings, "scrollback-lines", self, "scrollback-lines", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "record-format", self, "record-format", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "style-variant", self, "style-variant", G_SETTINGS_BIND_GET);
  g_signal_connect_object (self->settings, "changed::recent-specs",
                           G_CALLBACK (bench_settings_recent_changed_cb), self, G_CONNECT_SWAPPED);
}

static void
bench_settings_dispose (GObject *object)
{
  BenchSettings *self = (BenchSettings *) object;

  if (self->settings != NULL)
    {
      g_settings_unbind (self, "scrollback-lines");
      g_settings_unbind (self, "record-format");
      g_settings_unbind (self, "style-variant");
    }
  g_clear_object (&self->settings);
  g_hash_table_remove_all (self->devices);

  G_OBJECT_CLASS (bench_settings_parent_class)->dispose (object);
}

static void
bench_settings_finalize (GObject *object)
{
  BenchSettings *self = (BenchSettings *) object;

  g_clear_pointer (&self->devices, g_hash_table_unref);
  g_clear_pointer (&self->style_variant, g_free);

  G_OBJECT_CLASS (bench_settings_parent_class)->finalize (object);
}

static void
bench_settings_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  BenchSettings *self = BENCH_SETTINGS (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    case PROP_SCROLLBACK_LINES:
      g_value_set_uint (value, self->scrollback_lines);
      break;
    case PROP_RECORD_FORMAT:
      g_value_set_enum (value, self->record_format);
      break;
    case PROP_STYLE_VARIANT:
      g_value_set_string (value, self->style_variant);
      break;
    case PROP_RECENT_SPECS:
      g_value_take_boxed (value, bench_settings_dup_recent_specs (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bench_settings_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  BenchSettings *self = BENCH_SETTINGS (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    case PROP_SCROLLBACK_LINES:
      bench_settings_set_scrollback_lines (self, g_value_get_uint (value));
      break;
    case PROP_RECORD_FORMAT:
      bench_settings_set_record_format (self, g_value_get_enum (value));
      break;
    case PROP_STYLE_VARIANT:
      bench_settings_set_style_variant (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bench_settings_class_init (BenchSettingsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = bench_settings_constructed;
  object_class->dispose = bench_settings_dispose;
  object_class->finalize = bench_settings_finalize;
  object_class->get_property = bench_settings_get_property;
  object_class->set_property = bench_settings_set_property;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SCROLLBACK_LINES] =
    g_param_spec_uint ("scrollback-lines", NULL, NULL, 1, G_MAXUINT, 1000000,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RECORD_FORMAT] =
    g_param_spec_enum ("record-format", NULL, NULL, BENCH_TYPE_LOG_FORMAT, BENCH_LOG_CSV,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STYLE_VARIANT] =
    g_param_spec_string ("style-variant", NULL, NULL, "system",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RECENT_SPECS] =
    g_param_spec_boxed ("recent-specs", NULL, NULL, G_TYPE_STRV,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bench_settings_init (BenchSettings *self)
{
  self->devices = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->scrollback_lines = 1000000;
  self->record_format = BENCH_LOG_CSV;
  self->style_variant = g_strdup ("system");
}

BenchSettings *
bench_settings_new (GSettings *settings)
{
  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  return g_object_new (BENCH_TYPE_SETTINGS, "settings", settings, NULL);
}
