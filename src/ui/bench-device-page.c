/* bench-device-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "bench-automation-panel.h"
#include "bench-command-bar.h"
#include "bench-device-page.h"
#include "bench-format.h"
#include "bench-link-status.h"

#define COUNTERS_INTERVAL_MS 500

struct _BenchDevicePage
{
  GtkWidget          parent_instance;

  BenchSession      *session;
  BenchDevice       *device;
  BenchJournal      *journal;
  BenchSettings     *settings;
  BenchConsoleModel *model;
  GSettings         *device_settings;
  GPtrArray         *watched;       /* the All Devices page: every device */
  guint              counters_idle;

  GtkRevealer       *banner_revealer;
  GtkLabel          *banner_label;
  GtkButton         *reconnect_button;
  BenchConsoleView  *console;
  GtkPaned          *paned;
  GtkBox            *plot_area;
  GtkWidget         *plot;
  gboolean           plot_split;    /* the plot got its share of the height */
  GtkLabel          *rx_label;
  GtkLabel          *tx_label;
  GtkLabel          *dropped_label;
  GtkLabel          *pending_label;
  GtkLabel          *rate_label;
  GtkBox            *send_area;
  BenchSendBox      *send_box;

  /* scheduled queries and command buttons (device pages only) */
  AdwFlap           *console_flap;
  GtkBox            *counters;
  GtkWidget         *automation_panel;
  GtkWidget         *command_bar;
  GtkWidget         *link_status;
};

G_DEFINE_FINAL_TYPE (BenchDevicePage, bench_device_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_DEVICE,
  PROP_JOURNAL,
  PROP_SETTINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Counters */

/* @n with the locale's digit grouping, into @buf */
static const char *
group_digits (char    *buf,
              gsize    size,
              guint64  n)
{
  g_snprintf (buf, size, "%'" G_GUINT64_FORMAT, n);
  return buf;
}

#define PLURAL_N(n) ((gulong) MIN ((n), G_MAXULONG))

static void
bench_device_page_set_counters (BenchDevicePage *self,
                                guint64          rx_bytes,
                                guint64          rx_lines,
                                guint64          tx_bytes,
                                guint64          tx_lines,
                                guint64          dropped,
                                guint64          pending,
                                double           rate)
{
  g_autofree char *rx_size = g_format_size (rx_bytes);
  g_autofree char *tx_size = g_format_size (tx_bytes);
  char buf[32];
  g_autofree char *rx_count =
    g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s line", "%s lines", PLURAL_N (rx_lines)),
                     group_digits (buf, sizeof buf, rx_lines));
  g_autofree char *tx_count =
    g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s command", "%s commands", PLURAL_N (tx_lines)),
                     group_digits (buf, sizeof buf, tx_lines));
  g_autofree char *dropped_count =
    g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s line dropped", "%s lines dropped", PLURAL_N (dropped)),
                     group_digits (buf, sizeof buf, dropped));
  g_autofree char *rx = NULL;
  g_autofree char *tx = NULL;
  g_autofree char *rate_number = bench_format_rate (rate);
  g_autofree char *rate_text = NULL;

  /* Translators: received: a size, then a number of lines */
  rx = g_strdup_printf (_("RX %s · %s"), rx_size, rx_count);
  /* Translators: sent: a size, then a number of commands */
  tx = g_strdup_printf (_("TX %s · %s"), tx_size, tx_count);
  rate_text = g_strdup_printf (_("%s lines/s"), rate_number);

  gtk_label_set_text (self->rx_label, rx);
  gtk_label_set_text (self->tx_label, tx);
  gtk_label_set_text (self->dropped_label, dropped_count);
  gtk_label_set_text (self->rate_label, rate_text);
  if (dropped > 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->dropped_label), "warning");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->dropped_label), "warning");

  gtk_widget_set_visible (GTK_WIDGET (self->pending_label), pending > 0);
  if (pending > 0)
    {
      g_autofree char *size = g_format_size (pending);
      g_autofree char *text = g_strdup_printf (_("%s waiting to be sent"), size);

      gtk_label_set_text (self->pending_label, text);
    }
}

static gboolean
bench_device_page_update_counters (gpointer user_data)
{
  BenchDevicePage *self = user_data;
  guint64 rx_bytes = 0, rx_lines = 0, tx_bytes = 0, tx_lines = 0, dropped = 0, pending = 0;
  double rate = 0;
  GListModel *devices;
  guint n;

  self->counters_idle = 0;

  devices = bench_session_get_devices (self->session);
  n = self->device ? 1 : g_list_model_get_n_items (devices);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BenchDevice) device = self->device ? g_object_ref (self->device) : g_list_model_get_item (devices, i);

      rx_bytes += bench_device_get_rx_bytes (device);
      rx_lines += bench_device_get_rx_lines (device);
      tx_bytes += bench_device_get_tx_bytes (device);
      tx_lines += bench_device_get_tx_lines (device);
      dropped += bench_device_get_dropped_lines (device);
      pending += bench_device_get_tx_pending (device);
      rate += bench_device_get_line_rate (device);
    }

  bench_device_page_set_counters (self, rx_bytes, rx_lines, tx_bytes, tx_lines, dropped, pending, rate);

  return G_SOURCE_REMOVE;
}

static void
bench_device_page_queue_counters (BenchDevicePage *self)
{
  /* Devices notify up to ten times a second each; the counters change
   * twice a second, all at once: every change is a frame to draw. */
  if (self->counters_idle == 0)
    self->counters_idle = g_timeout_add_full (G_PRIORITY_LOW, COUNTERS_INTERVAL_MS,
                                              bench_device_page_update_counters, self, NULL);
}

static void
bench_device_page_device_notify_cb (BenchDevicePage *self,
                                    GParamSpec      *pspec,
                                    BenchDevice     *device)
{
  bench_device_page_queue_counters (self);
}

static void
bench_device_page_devices_changed_cb (BenchDevicePage *self,
                                      guint            position,
                                      guint            removed,
                                      guint            added,
                                      GListModel      *devices)
{
  for (guint i = 0; i < removed; i++)
    {
      BenchDevice *device = g_ptr_array_index (self->watched, position);

      g_signal_handlers_disconnect_by_data (device, self);
      g_ptr_array_remove_index (self->watched, position);
    }
  for (guint i = 0; i < added; i++)
    {
      BenchDevice *device = g_list_model_get_item (devices, position + i);

      g_signal_connect_object (device, "notify", G_CALLBACK (bench_device_page_device_notify_cb),
                               self, G_CONNECT_SWAPPED);
      g_ptr_array_insert (self->watched, position + i, device);
    }
  bench_device_page_queue_counters (self);
}

char *
bench_device_page_dup_counters (BenchDevicePage *self)
{
  g_return_val_if_fail (BENCH_IS_DEVICE_PAGE (self), NULL);

  if (self->counters_idle != 0)
    {
      g_source_remove (self->counters_idle);
      bench_device_page_update_counters (self);
    }

  return g_strdup_printf ("%s | %s | %s | %s | %s",
                          gtk_label_get_text (self->rx_label),
                          gtk_label_get_text (self->tx_label),
                          gtk_label_get_text (self->dropped_label),
                          gtk_widget_get_visible (GTK_WIDGET (self->pending_label))
                            ? gtk_label_get_text (self->pending_label) : "",
                          gtk_label_get_text (self->rate_label));
}

/* Banner */

static void
bench_device_page_update_banner (BenchDevicePage *self)
{
  g_autofree char *text = NULL;
  const char *error;
  const char *name;
  BenchDeviceState state;

  if (self->device == NULL)
    return;

  state = bench_device_get_state (self->device);
  error = bench_device_get_last_error (self->device);
  name = bench_device_get_name (self->device);

  switch (state)
    {
    case BENCH_DEVICE_ERROR:
      text = g_strdup_printf (bench_device_get_retrying (self->device) ? _("%s: %s. Retrying…") : _("%s: %s"),
                              name, error ? error : _("error"));
      break;
    case BENCH_DEVICE_DISCONNECTED:
      if (error != NULL)
        text = g_strdup_printf (bench_device_get_retrying (self->device) ? _("Disconnected: %s. Retrying…") : _("Disconnected: %s"),
                                error);
      else
        text = g_strdup (_("Disconnected"));
      break;
    case BENCH_DEVICE_CONNECTING:
    case BENCH_DEVICE_CONNECTED:
    default:
      break;
    }

  gtk_label_set_text (self->banner_label, text ? text : "");
  gtk_revealer_set_reveal_child (self->banner_revealer, text != NULL);
  gtk_button_set_label (self->reconnect_button,
                        bench_device_get_retrying (self->device) ? _("Retry Now") : _("Reconnect"));
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->reconnect_button), "s", name);
}

const char *
bench_device_page_get_banner (BenchDevicePage *self)
{
  g_return_val_if_fail (BENCH_IS_DEVICE_PAGE (self), NULL);

  if (!gtk_revealer_get_reveal_child (self->banner_revealer))
    return NULL;
  return gtk_label_get_text (self->banner_label);
}

/* Accessors */

BenchDevice *
bench_device_page_get_device (BenchDevicePage *self)
{
  g_return_val_if_fail (BENCH_IS_DEVICE_PAGE (self), NULL);

  return self->device;
}

BenchConsoleView *
bench_device_page_get_console_view (BenchDevicePage *self)
{
  g_return_val_if_fail (BENCH_IS_DEVICE_PAGE (self), NULL);

  return self->console;
}

BenchSendBox *
bench_device_page_get_send_box (BenchDevicePage *self)
{
  g_return_val_if_fail (BENCH_IS_DEVICE_PAGE (self), NULL);

  return self->send_box;
}

GtkBox *
bench_device_page_get_plot_area (BenchDevicePage *self)
{
  g_return_val_if_fail (BENCH_IS_DEVICE_PAGE (self), NULL);

  return self->plot_area;
}

/* NULL on the All Devices page */
BenchAutomationPanel *
bench_device_page_get_automation_panel (BenchDevicePage *self)
{
  g_return_val_if_fail (BENCH_IS_DEVICE_PAGE (self), NULL);

  return self->automation_panel ? BENCH_AUTOMATION_PANEL (self->automation_panel) : NULL;
}

BenchCommandBar *
bench_device_page_get_command_bar (BenchDevicePage *self)
{
  g_return_val_if_fail (BENCH_IS_DEVICE_PAGE (self), NULL);

  return self->command_bar ? BENCH_COMMAND_BAR (self->command_bar) : NULL;
}

BenchLinkStatus *
bench_device_page_get_link_status (BenchDevicePage *self)
{
  g_return_val_if_fail (BENCH_IS_DEVICE_PAGE (self), NULL);

  return self->link_status ? BENCH_LINK_STATUS (self->link_status) : NULL;
}

/* A plot that appears gets half the height (then the user's split stays). */
static void
bench_device_page_split_cb (BenchDevicePage *self)
{
  int max = 0;

  g_object_get (self->paned, "max-position", &max, NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->plot_area)))
    self->plot_split = FALSE;
  else if (!self->plot_split && max > 0 && max < G_MAXINT)
    {
      self->plot_split = TRUE;
      gtk_paned_set_position (self->paned, max / 2);
    }
}

void
bench_device_page_set_plot (BenchDevicePage *self,
                            GtkWidget       *plot)
{
  g_return_if_fail (BENCH_IS_DEVICE_PAGE (self));
  g_return_if_fail (GTK_IS_WIDGET (plot));
  g_return_if_fail (self->plot == NULL);

  self->plot = plot;
  gtk_box_append (self->plot_area, plot);
  g_object_bind_property (plot, "visible", self->plot_area, "visible", G_BINDING_SYNC_CREATE);
  g_signal_connect_object (self->plot_area, "notify::visible", G_CALLBACK (bench_device_page_split_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->paned, "notify::max-position", G_CALLBACK (bench_device_page_split_cb),
                           self, G_CONNECT_SWAPPED);
}

GtkWidget *
bench_device_page_get_plot (BenchDevicePage *self)
{
  g_return_val_if_fail (BENCH_IS_DEVICE_PAGE (self), NULL);

  return self->plot;
}

/* GObject */

static void
bench_device_page_constructed (GObject *object)
{
  BenchDevicePage *self = (BenchDevicePage *) object;
  gint64 start_mono;

  G_OBJECT_CLASS (bench_device_page_parent_class)->constructed (object);

  g_assert (BENCH_IS_SESSION (self->session));
  g_assert ((self->device != NULL) != (self->journal != NULL));

  start_mono = bench_session_get_start_mono (self->session);

  if (self->device != NULL)
    {
      self->model = bench_console_model_new_for_device (self->device, start_mono);
      self->send_box = BENCH_SEND_BOX (bench_send_box_new (self->device, self->settings));
      gtk_box_append (self->send_area, GTK_WIDGET (self->send_box));

      /* the queries panel beside the console, the command buttons above the
       * send box, the connection's state in the counters line */
      self->automation_panel = bench_automation_panel_new (self->device, self->settings);
      adw_flap_set_flap (self->console_flap, self->automation_panel);
      g_object_bind_property (self->automation_panel, "revealed", self->console_flap, "reveal-flap",
                              G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
      self->command_bar = bench_command_bar_new (self->device, self->settings);
      gtk_box_prepend (self->send_area, self->command_bar);
      self->link_status = bench_link_status_new (self->device);
      gtk_box_insert_child_after (self->counters, self->link_status, GTK_WIDGET (self->pending_label));

      g_signal_connect_object (self->device, "notify", G_CALLBACK (bench_device_page_device_notify_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->device, "notify::state", G_CALLBACK (bench_device_page_update_banner),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->device, "notify::last-error", G_CALLBACK (bench_device_page_update_banner),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->device, "notify::retrying", G_CALLBACK (bench_device_page_update_banner),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->device, "notify::name", G_CALLBACK (bench_device_page_update_banner),
                               self, G_CONNECT_SWAPPED);
      bench_device_page_update_banner (self);
    }
  else
    {
      GListModel *devices = bench_session_get_devices (self->session);

      self->model = bench_console_model_new_for_journal (self->journal, start_mono);
      gtk_widget_set_visible (GTK_WIDGET (self->send_area), FALSE);
      self->watched = g_ptr_array_new_with_free_func (g_object_unref);
      g_signal_connect_object (devices, "items-changed", G_CALLBACK (bench_device_page_devices_changed_cb),
                               self, G_CONNECT_SWAPPED);
      bench_device_page_devices_changed_cb (self, 0, 0, g_list_model_get_n_items (devices), devices);
    }

  bench_console_view_set_model (self->console, self->model);

  /* the console's toggles are remembered per device */
  if (self->settings != NULL)
    {
      self->device_settings = g_object_ref (bench_settings_get_device (self->settings,
                                                                       self->device ? bench_device_get_spec (self->device)->address
                                                                                    : BENCH_SETTINGS_OVERVIEW));
      g_settings_bind (self->device_settings, "relative-time", self->console, "relative-time", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->device_settings, "hex-view", self->console, "hex", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->device_settings, "show-rx", self->console, "show-rx", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->device_settings, "show-tx", self->console, "show-tx", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->device_settings, "show-events", self->console, "show-events", G_SETTINGS_BIND_DEFAULT);
    }

  bench_device_page_update_counters (self);
}

static void
bench_device_page_dispose (GObject *object)
{
  BenchDevicePage *self = (BenchDevicePage *) object;
  GtkWidget *child;

  g_clear_handle_id (&self->counters_idle, g_source_remove);
  if (self->device_settings != NULL && self->console != NULL)
    {
      g_settings_unbind (self->console, "relative-time");
      g_settings_unbind (self->console, "hex");
      g_settings_unbind (self->console, "show-rx");
      g_settings_unbind (self->console, "show-tx");
      g_settings_unbind (self->console, "show-events");
    }
  if (self->watched != NULL)
    {
      for (guint i = 0; i < self->watched->len; i++)
        g_signal_handlers_disconnect_by_data (g_ptr_array_index (self->watched, i), self);
      g_clear_pointer (&self->watched, g_ptr_array_unref);
    }
  self->plot = NULL;
  gtk_widget_dispose_template (GTK_WIDGET (self), BENCH_TYPE_DEVICE_PAGE);
  self->automation_panel = NULL;
  self->command_bar = NULL;
  self->link_status = NULL;
  /* and the template's unnamed children */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->device_settings);
  g_clear_object (&self->model);
  g_clear_object (&self->session);
  g_clear_object (&self->device);
  g_clear_object (&self->journal);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (bench_device_page_parent_class)->dispose (object);
}

static void
bench_device_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  BenchDevicePage *self = BENCH_DEVICE_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_DEVICE:
      g_value_set_object (value, self->device);
      break;
    case PROP_JOURNAL:
      g_value_set_object (value, self->journal);
      break;
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bench_device_page_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  BenchDevicePage *self = BENCH_DEVICE_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;
    case PROP_DEVICE:
      self->device = g_value_dup_object (value);
      break;
    case PROP_JOURNAL:
      self->journal = g_value_dup_object (value);
      break;
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bench_device_page_class_init (BenchDevicePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = bench_device_page_constructed;
  object_class->dispose = bench_device_page_dispose;
  object_class->get_property = bench_device_page_get_property;
  object_class->set_property = bench_device_page_set_property;

#define CO (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS)
  properties[PROP_SESSION] = g_param_spec_object ("session", NULL, NULL, BENCH_TYPE_SESSION, CO);
  properties[PROP_DEVICE] = g_param_spec_object ("device", NULL, NULL, BENCH_TYPE_DEVICE, CO);
  properties[PROP_JOURNAL] = g_param_spec_object ("journal", NULL, NULL, BENCH_TYPE_JOURNAL, CO);
  properties[PROP_SETTINGS] = g_param_spec_object ("settings", NULL, NULL, BENCH_TYPE_SETTINGS, CO);
#undef CO
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (BENCH_TYPE_CONSOLE_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/benchtop/Benchtop/bench-device-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BenchDevicePage, banner_revealer);
  gtk_widget_class_bind_template_child (widget_class, BenchDevicePage, banner_label);
  gtk_widget_class_bind_template_child (widget_class, BenchDevicePage, reconnect_button);
  gtk_widget_class_bind_template_child (widget_class, BenchDevicePage, console);
  gtk_widget_class_bind_template_child (widget_class, BenchDevicePage, paned);
  gtk_widget_class_bind_template_child (widget_class, BenchDevicePage, plot_area);
  gtk_widget_class_bind_template_child (widget_class, BenchDevicePage, rx_label);
  gtk_widget_class_bind_template_child (widget_class, BenchDevicePage, tx_label);
  gtk_widget_class_bind_template_child (widget_class, BenchDevicePage, dropped_label);
  gtk_widget_class_bind_template_child (widget_class, BenchDevicePage, pending_label);
  gtk_widget_class_bind_template_child (widget_class, BenchDevicePage, rate_label);
  gtk_widget_class_bind_template_child (widget_class, BenchDevicePage, send_area);
  gtk_widget_class_bind_template_child (widget_class, BenchDevicePage, console_flap);
  gtk_widget_class_bind_template_child (widget_class, BenchDevicePage, counters);

  gtk_widget_class_set_css_name (widget_class, "benchdevicepage");
}

static void
bench_device_page_init (BenchDevicePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->banner_label),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, _("Device status"),
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->rx_label),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, _("Received"),
                                  -1);
}

GtkWidget *
bench_device_page_new (BenchSession  *session,
                       BenchDevice   *device,
                       BenchSettings *settings)
{
  g_return_val_if_fail (BENCH_IS_SESSION (session), NULL);
  g_return_val_if_fail (BENCH_IS_DEVICE (device), NULL);

  return g_object_new (BENCH_TYPE_DEVICE_PAGE,
                       "session", session,
                       "device", device,
                       "settings", settings,
                       NULL);
}

GtkWidget *
bench_device_page_new_overview (BenchSession  *session,
                                BenchJournal  *journal,
                                BenchSettings *settings)
{
  g_return_val_if_fail (BENCH_IS_SESSION (session), NULL);
  g_return_val_if_fail (BENCH_IS_JOURNAL (journal), NULL);

  return g_object_new (BENCH_TYPE_DEVICE_PAGE,
                       "session", session,
                       "journal", journal,
                       "settings", settings,
                       NULL);
}
