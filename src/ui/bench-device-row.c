/* bench-device-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The state is a coloured dot and, for those who cannot tell the colours
 * apart, a word in the subtitle. The line rate comes from the device's
 * :line-rate (updated at most every 100 ms).
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "bench-device-row.h"
#include "bench-format.h"

/* Line rates change up to ten times a second; each change is a frame to
 * draw, so rows show them twice a second. State changes show at once. */
#define RATE_INTERVAL_MS 500

struct _BenchDeviceRow
{
  GtkListBoxRow  parent_instance;

  BenchDevice   *device;
  BenchSession  *session;
  GPtrArray     *watched;
  guint          update_idle;
  guint          rate_timeout;
  const char    *state_class;

  GtkImage      *icon;
  GtkWidget     *state_dot;
  GtkLabel      *title_label;
  GtkLabel      *subtitle_label;
  GtkMenuButton *menu_button;
};

G_DEFINE_FINAL_TYPE (BenchDeviceRow, bench_device_row, GTK_TYPE_LIST_BOX_ROW)

enum {
  PROP_0,
  PROP_DEVICE,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
bench_device_row_set_state_class (BenchDeviceRow *self,
                                  const char     *state_class,
                                  const char     *description)
{
  if (self->state_class != state_class)
    {
      if (self->state_class != NULL)
        gtk_widget_remove_css_class (self->state_dot, self->state_class);
      self->state_class = state_class;
      gtk_widget_add_css_class (self->state_dot, state_class);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->state_dot),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, description,
                                  -1);
}

static void
bench_device_row_update_device (BenchDeviceRow *self)
{
  g_autofree char *subtitle = NULL;
  const char *state_text;
  const char *state_class;
  const char *error;

  switch (bench_device_get_state (self->device))
    {
    case BENCH_DEVICE_CONNECTED:
      state_class = "connected";
      state_text = _("Connected");
      break;
    case BENCH_DEVICE_CONNECTING:
      state_class = "connecting";
      state_text = _("Connecting…");
      break;
    case BENCH_DEVICE_ERROR:
      state_class = "error";
      state_text = _("Error");
      break;
    case BENCH_DEVICE_DISCONNECTED:
    default:
      state_class = "disconnected";
      state_text = bench_device_get_retrying (self->device) ? _("Disconnected, retrying") : _("Disconnected");
      break;
    }

  error = bench_device_get_last_error (self->device);
  if (bench_device_get_state (self->device) == BENCH_DEVICE_CONNECTED)
    {
      g_autofree char *rate = bench_format_rate (bench_device_get_line_rate (self->device));

      /* Translators: a state, then a rate such as 10.0 */
      subtitle = g_strdup_printf (_("%s · %s lines/s"), state_text, rate);
    }
  else if (bench_device_get_state (self->device) == BENCH_DEVICE_ERROR && error != NULL)
    subtitle = g_strdup_printf ("%s: %s", state_text, error);
  else
    subtitle = g_strdup (state_text);

  gtk_label_set_text (self->title_label, bench_device_get_name (self->device));
  gtk_label_set_text (self->subtitle_label, subtitle);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->subtitle_label), subtitle);
  bench_device_row_set_state_class (self, state_class, state_text);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "row.disconnect",
                                 bench_device_get_state (self->device) != BENCH_DEVICE_DISCONNECTED ||
                                 bench_device_get_retrying (self->device));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "row.reconnect",
                                 bench_device_get_state (self->device) != BENCH_DEVICE_CONNECTED);
}

static gboolean
bench_device_row_rate_timeout_cb (gpointer user_data)
{
  BenchDeviceRow *self = user_data;

  self->rate_timeout = 0;
  bench_device_row_update_device (self);

  return G_SOURCE_REMOVE;
}

static void
bench_device_row_queue_rate (BenchDeviceRow *self)
{
  if (self->rate_timeout == 0)
    self->rate_timeout = g_timeout_add_full (G_PRIORITY_LOW, RATE_INTERVAL_MS,
                                             bench_device_row_rate_timeout_cb, self, NULL);
}

static gboolean
bench_device_row_update_overview (gpointer user_data)
{
  BenchDeviceRow *self = user_data;
  GListModel *devices = bench_session_get_devices (self->session);
  guint n = g_list_model_get_n_items (devices);
  guint connected = 0;
  double rate = 0;
  g_autofree char *subtitle = NULL;
  g_autofree char *rate_text = NULL;

  self->update_idle = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BenchDevice) device = g_list_model_get_item (devices, i);

      if (bench_device_get_state (device) == BENCH_DEVICE_CONNECTED)
        connected++;
      rate += bench_device_get_line_rate (device);
    }

  rate_text = bench_format_rate (rate);
  if (n == 0)
    subtitle = g_strdup (_("No devices"));
  else
    /* Translators: "4 devices, 3 connected · 50.0 lines/s" */
    subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u device, %u connected · %s lines/s",
                                             "%u devices, %u connected · %s lines/s", n),
                                n, connected, rate_text);
  gtk_label_set_text (self->subtitle_label, subtitle);

  return G_SOURCE_REMOVE;
}

static void
bench_device_row_queue_overview (BenchDeviceRow *self)
{
  if (self->update_idle == 0)
    self->update_idle = g_timeout_add_full (G_PRIORITY_LOW, RATE_INTERVAL_MS,
                                            bench_device_row_update_overview, self, NULL);
}

static void
bench_device_row_devices_changed_cb (BenchDeviceRow *self,
                                     guint           position,
                                     guint           removed,
                                     guint           added,
                                     GListModel     *devices)
{
  for (guint i = 0; i < removed; i++)
    {
      g_signal_handlers_disconnect_by_data (g_ptr_array_index (self->watched, position), self);
      g_ptr_array_remove_index (self->watched, position);
    }
  for (guint i = 0; i < added; i++)
    {
      BenchDevice *device = g_list_model_get_item (devices, position + i);

      g_signal_connect_object (device, "notify::state", G_CALLBACK (bench_device_row_queue_overview),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (device, "notify::line-rate", G_CALLBACK (bench_device_row_queue_overview),
                               self, G_CONNECT_SWAPPED);
      g_ptr_array_insert (self->watched, position + i, device);
    }
  bench_device_row_queue_overview (self);
}

/* Actions: the row's menu names its device to the window's actions */

static void
bench_device_row_forward_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *param)
{
  BenchDeviceRow *self = BENCH_DEVICE_ROW (widget);
  g_autofree char *window_action = g_strconcat ("win.device-", action_name + strlen ("row."), NULL);

  if (self->device != NULL)
    gtk_widget_activate_action (widget, window_action, "s", bench_device_get_name (self->device));
}

/* Accessors */

BenchDevice *
bench_device_row_get_device (BenchDeviceRow *self)
{
  g_return_val_if_fail (BENCH_IS_DEVICE_ROW (self), NULL);

  return self->device;
}

const char *
bench_device_row_get_title (BenchDeviceRow *self)
{
  g_return_val_if_fail (BENCH_IS_DEVICE_ROW (self), NULL);

  return gtk_label_get_text (self->title_label);
}

const char *
bench_device_row_get_subtitle (BenchDeviceRow *self)
{
  g_return_val_if_fail (BENCH_IS_DEVICE_ROW (self), NULL);

  if (self->update_idle != 0)
    {
      g_source_remove (self->update_idle);
      bench_device_row_update_overview (self);
    }

  return gtk_label_get_text (self->subtitle_label);
}

const char *
bench_device_row_get_state (BenchDeviceRow *self)
{
  g_return_val_if_fail (BENCH_IS_DEVICE_ROW (self), NULL);

  return self->state_class;
}

/* GObject */

static void
bench_device_row_constructed (GObject *object)
{
  BenchDeviceRow *self = (BenchDeviceRow *) object;

  G_OBJECT_CLASS (bench_device_row_parent_class)->constructed (object);

  if (self->device != NULL)
    {
      static const char * const watched_props[] = {
        "notify::name", "notify::state", "notify::last-error", "notify::retrying",
      };

      for (guint i = 0; i < G_N_ELEMENTS (watched_props); i++)
        g_signal_connect_object (self->device, watched_props[i], G_CALLBACK (bench_device_row_update_device),
                                 self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->device, "notify::line-rate", G_CALLBACK (bench_device_row_queue_rate),
                               self, G_CONNECT_SWAPPED);
      bench_device_row_update_device (self);
    }
  else
    {
      GListModel *devices;

      g_assert (BENCH_IS_SESSION (self->session));

      devices = bench_session_get_devices (self->session);
      gtk_widget_set_visible (GTK_WIDGET (self->icon), TRUE);
      gtk_widget_set_visible (self->state_dot, FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->menu_button), FALSE);
      gtk_label_set_text (self->title_label, _("All Devices"));
      self->watched = g_ptr_array_new_with_free_func (g_object_unref);
      g_signal_connect_object (devices, "items-changed", G_CALLBACK (bench_device_row_devices_changed_cb),
                               self, G_CONNECT_SWAPPED);
      bench_device_row_devices_changed_cb (self, 0, 0, g_list_model_get_n_items (devices), devices);
      bench_device_row_update_overview (self);
    }
}

static void
bench_device_row_dispose (GObject *object)
{
  BenchDeviceRow *self = (BenchDeviceRow *) object;

  g_clear_handle_id (&self->update_idle, g_source_remove);
  g_clear_handle_id (&self->rate_timeout, g_source_remove);
  if (self->watched != NULL)
    {
      for (guint i = 0; i < self->watched->len; i++)
        g_signal_handlers_disconnect_by_data (g_ptr_array_index (self->watched, i), self);
      g_clear_pointer (&self->watched, g_ptr_array_unref);
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), BENCH_TYPE_DEVICE_ROW);
  g_clear_object (&self->device);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (bench_device_row_parent_class)->dispose (object);
}

static void
bench_device_row_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  BenchDeviceRow *self = BENCH_DEVICE_ROW (object);

  switch (prop_id)
    {
    case PROP_DEVICE:
      g_value_set_object (value, self->device);
      break;
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bench_device_row_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  BenchDeviceRow *self = BENCH_DEVICE_ROW (object);

  switch (prop_id)
    {
    case PROP_DEVICE:
      self->device = g_value_dup_object (value);
      break;
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bench_device_row_class_init (BenchDeviceRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = bench_device_row_constructed;
  object_class->dispose = bench_device_row_dispose;
  object_class->get_property = bench_device_row_get_property;
  object_class->set_property = bench_device_row_set_property;

  properties[PROP_DEVICE] =
    g_param_spec_object ("device", NULL, NULL, BENCH_TYPE_DEVICE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, BENCH_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/benchtop/Benchtop/bench-device-row.ui");
  gtk_widget_class_bind_template_child (widget_class, BenchDeviceRow, icon);
  gtk_widget_class_bind_template_child (widget_class, BenchDeviceRow, state_dot);
  gtk_widget_class_bind_template_child (widget_class, BenchDeviceRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, BenchDeviceRow, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, BenchDeviceRow, menu_button);

  gtk_widget_class_install_action (widget_class, "row.disconnect", NULL, bench_device_row_forward_action);
  gtk_widget_class_install_action (widget_class, "row.reconnect", NULL, bench_device_row_forward_action);
  gtk_widget_class_install_action (widget_class, "row.settings", NULL, bench_device_row_forward_action);
  gtk_widget_class_install_action (widget_class, "row.export", NULL, bench_device_row_forward_action);
  gtk_widget_class_install_action (widget_class, "row.remove", NULL, bench_device_row_forward_action);
}

static void
bench_device_row_init (BenchDeviceRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
bench_device_row_new (BenchDevice *device)
{
  g_return_val_if_fail (BENCH_IS_DEVICE (device), NULL);

  return g_object_new (BENCH_TYPE_DEVICE_ROW, "device", device, NULL);
}

GtkWidget *
bench_device_row_new_overview (BenchSession *session)
{
  g_return_val_if_fail (BENCH_IS_SESSION (session), NULL);

  return g_object_new (BENCH_TYPE_DEVICE_ROW, "session", session, NULL);
}
