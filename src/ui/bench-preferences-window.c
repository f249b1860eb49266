/* bench-preferences-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Choices are GSettings actions in a "settings" group, so the rows need no
 * C; the scrollback is bound to its key.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "bench-preferences-window.h"

struct _BenchPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  BenchSettings        *settings;

  GtkAdjustment        *scrollback_adjustment;
};

G_DEFINE_FINAL_TYPE (BenchPreferencesWindow, bench_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_SETTINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
bench_preferences_window_constructed (GObject *object)
{
  BenchPreferencesWindow *self = (BenchPreferencesWindow *) object;
  GSettings *settings = bench_settings_get_settings (self->settings);
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  g_autoptr(GAction) style = g_settings_create_action (settings, "style-variant");
  g_autoptr(GAction) format = g_settings_create_action (settings, "record-format");

  G_OBJECT_CLASS (bench_preferences_window_parent_class)->constructed (object);

  g_action_map_add_action (G_ACTION_MAP (group), style);
  g_action_map_add_action (G_ACTION_MAP (group), format);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "settings", G_ACTION_GROUP (group));

  g_settings_bind (settings, "scrollback-lines", self->scrollback_adjustment, "value", G_SETTINGS_BIND_DEFAULT);
}

static void
bench_preferences_window_dispose (GObject *object)
{
  BenchPreferencesWindow *self = (BenchPreferencesWindow *) object;

  if (self->scrollback_adjustment != NULL)
    g_settings_unbind (self->scrollback_adjustment, "value");
  gtk_widget_dispose_template (GTK_WIDGET (self), BENCH_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (bench_preferences_window_parent_class)->dispose (object);
}

static void
bench_preferences_window_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  BenchPreferencesWindow *self = BENCH_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bench_preferences_window_set_property (GObject      *object,
                                       guint         prop_id,
                                       const GValue *value,
                                       GParamSpec   *pspec)
{
  BenchPreferencesWindow *self = BENCH_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bench_preferences_window_class_init (BenchPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = bench_preferences_window_constructed;
  object_class->dispose = bench_preferences_window_dispose;
  object_class->get_property = bench_preferences_window_get_property;
  object_class->set_property = bench_preferences_window_set_property;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, BENCH_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/benchtop/Benchtop/bench-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, BenchPreferencesWindow, scrollback_adjustment);
}

static void
bench_preferences_window_init (BenchPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
bench_preferences_window_new (BenchSettings *settings)
{
  g_return_val_if_fail (BENCH_IS_SETTINGS (settings), NULL);

  return g_object_new (BENCH_TYPE_PREFERENCES_WINDOW, "settings", settings, NULL);
}
