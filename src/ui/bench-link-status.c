/* bench-link-status.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "bench-link-status.h"
#include "bench-rfc2217-transport.h"
#include "bench-telnet.h"

#define LINE_ERRORS (BENCH_RFC2217_LINE_BREAK | BENCH_RFC2217_LINE_FRAMING_ERROR | \
                     BENCH_RFC2217_LINE_PARITY_ERROR | BENCH_RFC2217_LINE_OVERRUN)

struct _BenchLinkStatus
{
  GtkWidget       parent_instance;

  BenchDevice    *device;
  GSignalGroup   *transport_signals;
  guint           update_id;

  GtkWidget      *paused_box;
  GtkMenuButton  *remote_button;
  GtkLabel       *framing_label;
  GtkLabel       *cd_label;
  GtkLabel       *dsr_label;
  GtkLabel       *cts_label;
  GtkLabel       *ri_label;
  GtkWidget      *line_error_icon;
  GtkGrid        *details_grid;
};

G_DEFINE_FINAL_TYPE (BenchLinkStatus, bench_link_status, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_DEVICE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static BenchRfc2217Transport *
bench_link_status_get_rfc2217 (BenchLinkStatus *self)
{
  BenchTransport *transport = bench_device_get_transport (self->device);

  return BENCH_IS_RFC2217_TRANSPORT (transport) ? BENCH_RFC2217_TRANSPORT (transport) : NULL;
}

static char
parity_letter (int parity)
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

/* "9600 7E1" from what the server acknowledged; "?" for what it did not */
static char *
dup_remote_framing (BenchRfc2217Transport *transport)
{
  guint baud = bench_rfc2217_transport_get_remote_baud (transport);
  guint data = bench_rfc2217_transport_get_remote_data_bits (transport);
  guint stop = bench_rfc2217_transport_get_remote_stop_bits (transport);
  g_autofree char *baud_text = baud ? g_strdup_printf ("%u", baud) : g_strdup ("?");
  g_autofree char *data_text = data ? g_strdup_printf ("%u", data) : g_strdup ("?");
  const char *stop_text = stop == 3 ? "1.5" : stop == 2 ? "2" : stop == 1 ? "1" : "?";

  return g_strdup_printf ("%s %s%c%s", baud_text, data_text,
                          parity_letter (bench_rfc2217_transport_get_remote_parity (transport)), stop_text);
}

static void
set_line_led (GtkLabel *label,
              gboolean  on)
{
  gtk_widget_remove_css_class (GTK_WIDGET (label), on ? "off" : "on");
  gtk_widget_add_css_class (GTK_WIDGET (label), on ? "on" : "off");
}

static void
add_detail (BenchLinkStatus *self,
            guint            row,
            const char      *title,
            const char      *value)
{
  GtkWidget *title_label = gtk_label_new (title);
  GtkWidget *value_label = gtk_label_new (value);

  gtk_label_set_xalign (GTK_LABEL (title_label), 0);
  gtk_widget_add_css_class (title_label, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (value_label), 0);
  gtk_label_set_selectable (GTK_LABEL (value_label), TRUE);
  gtk_label_set_wrap (GTK_LABEL (value_label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (value_label), 40);
  gtk_grid_attach (self->details_grid, title_label, 0, row, 1, 1);
  gtk_grid_attach (self->details_grid, value_label, 1, row, 1, 1);
}

static const char *
on_off (guint state,
        guint bit)
{
  /* Translators: a modem line's state */
  return (state & bit) ? C_("modem line", "on") : C_("modem line", "off");
}

static void
bench_link_status_update (BenchLinkStatus *self)
{
  BenchRfc2217Transport *transport;
  GtkWidget *child;
  guint modem, line, row = 0;

  g_clear_handle_id (&self->update_id, g_source_remove);

  gtk_widget_set_visible (self->paused_box, bench_device_get_paused (self->device));

  transport = bench_link_status_get_rfc2217 (self);
  gtk_widget_set_visible (GTK_WIDGET (self->remote_button), transport != NULL);
  if (transport == NULL)
    return;

  modem = bench_rfc2217_transport_get_modem_state (transport);
  line = bench_rfc2217_transport_get_line_state (transport);

  if (bench_rfc2217_transport_get_com_port (transport))
    {
      g_autofree char *framing = dup_remote_framing (transport);

      gtk_label_set_text (self->framing_label, framing);
    }
  else
    gtk_label_set_text (self->framing_label, _("RFC 2217 refused"));

  set_line_led (self->cd_label, modem & BENCH_RFC2217_MODEM_CD);
  set_line_led (self->dsr_label, modem & BENCH_RFC2217_MODEM_DSR);
  set_line_led (self->cts_label, modem & BENCH_RFC2217_MODEM_CTS);
  set_line_led (self->ri_label, modem & BENCH_RFC2217_MODEM_RI);
  gtk_widget_set_visible (self->line_error_icon, (line & LINE_ERRORS) != 0);

  /* the popover */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->details_grid))) != NULL)
    gtk_grid_remove (self->details_grid, child);

  {
    const char *peer = bench_rfc2217_transport_get_peer (transport);
    const char *signature = bench_rfc2217_transport_get_signature (transport);
    guint baud = bench_rfc2217_transport_get_remote_baud (transport);
    guint data = bench_rfc2217_transport_get_remote_data_bits (transport);
    int parity = bench_rfc2217_transport_get_remote_parity (transport);
    guint stop = bench_rfc2217_transport_get_remote_stop_bits (transport);
    int flow = bench_rfc2217_transport_get_remote_flow (transport);
    g_autofree char *baud_text = NULL;
    g_autofree char *data_text = NULL;
    g_autofree char *lines = NULL;
    g_autofree char *errors = bench_rfc2217_line_state_to_string (line);
    const char *unknown = _("not acknowledged");

    if (peer != NULL)
      add_detail (self, row++, _("Server"), peer);
    if (signature != NULL && signature[0] != '\0')
      add_detail (self, row++, _("Signature"), signature);

    if (!bench_rfc2217_transport_get_com_port (transport))
      add_detail (self, row++, _("Settings"),
                  _("The server refused RFC 2217: its port keeps the settings it has."));

    baud_text = baud ? g_strdup_printf ("%u", baud) : g_strdup (unknown);
    add_detail (self, row++, _("Baud rate"), baud_text);
    data_text = data ? g_strdup_printf ("%u", data) : g_strdup (unknown);
    add_detail (self, row++, _("Data bits"), data_text);
    add_detail (self, row++, _("Parity"), parity >= 0 ? bench_parity_to_string (parity) : unknown);
    add_detail (self, row++, _("Stop bits"), stop == 3 ? "1.5" : stop == 2 ? "2" : stop == 1 ? "1" : unknown);
    add_detail (self, row++, _("Flow control"), flow >= 0 ? bench_flow_to_string (flow) : unknown);

    lines = g_strdup_printf ("CD %s · DSR %s · CTS %s · RI %s",
                             on_off (modem, BENCH_RFC2217_MODEM_CD), on_off (modem, BENCH_RFC2217_MODEM_DSR),
                             on_off (modem, BENCH_RFC2217_MODEM_CTS), on_off (modem, BENCH_RFC2217_MODEM_RI));
    add_detail (self, row++, _("Modem lines"), lines);
    add_detail (self, row++, _("Line errors"), errors ? errors : _("none reported"));
  }

  {
    g_autofree char *details = bench_link_status_dup_details (self);

    gtk_widget_set_tooltip_text (GTK_WIDGET (self->remote_button), details);
  }
}

static gboolean
bench_link_status_update_cb (gpointer user_data)
{
  BenchLinkStatus *self = user_data;

  self->update_id = 0;
  bench_link_status_update (self);

  return G_SOURCE_REMOVE;
}

static void
bench_link_status_queue_update (BenchLinkStatus *self)
{
  /* a connect acknowledges several settings in a row: one update */
  if (self->update_id == 0)
    self->update_id = g_idle_add (bench_link_status_update_cb, self);
}

static void
bench_link_status_transport_changed_cb (BenchLinkStatus *self)
{
  g_signal_group_set_target (self->transport_signals, bench_device_get_transport (self->device));
  bench_link_status_queue_update (self);
}

char *
bench_link_status_dup_summary (BenchLinkStatus *self)
{
  GString *out;

  g_return_val_if_fail (BENCH_IS_LINK_STATUS (self), NULL);

  if (self->update_id != 0)
    bench_link_status_update (self);
  if (!gtk_widget_get_visible (GTK_WIDGET (self->remote_button)))
    return NULL;

  out = g_string_new (gtk_label_get_text (self->framing_label));
  {
    GtkLabel *leds[] = { self->cd_label, self->dsr_label, self->cts_label, self->ri_label };

    for (guint i = 0; i < G_N_ELEMENTS (leds); i++)
      if (gtk_widget_has_css_class (GTK_WIDGET (leds[i]), "on"))
        g_string_append_printf (out, " %s", gtk_label_get_text (leds[i]));
  }
  if (gtk_widget_get_visible (self->line_error_icon))
    g_string_append (out, " !");

  return g_string_free (out, FALSE);
}

char *
bench_link_status_dup_details (BenchLinkStatus *self)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (BENCH_IS_LINK_STATUS (self), NULL);

  for (guint row = 0; ; row++)
    {
      GtkWidget *title = gtk_grid_get_child_at (self->details_grid, 0, row);
      GtkWidget *value = gtk_grid_get_child_at (self->details_grid, 1, row);

      if (title == NULL || value == NULL)
        break;
      g_string_append_printf (out, "%s%s: %s", row ? "\n" : "", gtk_label_get_text (GTK_LABEL (title)),
                              gtk_label_get_text (GTK_LABEL (value)));
    }

  return g_string_free (out, FALSE);
}

gboolean
bench_link_status_get_paused_shown (BenchLinkStatus *self)
{
  g_return_val_if_fail (BENCH_IS_LINK_STATUS (self), FALSE);

  return gtk_widget_get_visible (self->paused_box);
}

/* GObject */

static void
bench_link_status_constructed (GObject *object)
{
  BenchLinkStatus *self = (BenchLinkStatus *) object;

  G_OBJECT_CLASS (bench_link_status_parent_class)->constructed (object);

  g_assert (BENCH_IS_DEVICE (self->device));

  g_signal_connect_object (self->device, "notify::transport",
                           G_CALLBACK (bench_link_status_transport_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->device, "notify::paused",
                           G_CALLBACK (bench_link_status_update), self, G_CONNECT_SWAPPED);
  bench_link_status_transport_changed_cb (self);
  bench_link_status_update (self);
}

static void
bench_link_status_dispose (GObject *object)
{
  BenchLinkStatus *self = (BenchLinkStatus *) object;
  GtkWidget *child;

  g_clear_handle_id (&self->update_id, g_source_remove);
  if (self->transport_signals != NULL)
    g_signal_group_set_target (self->transport_signals, NULL);
  g_clear_object (&self->transport_signals);
  gtk_widget_dispose_template (GTK_WIDGET (self), BENCH_TYPE_LINK_STATUS);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->device);

  G_OBJECT_CLASS (bench_link_status_parent_class)->dispose (object);
}

static void
bench_link_status_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  BenchLinkStatus *self = BENCH_LINK_STATUS (object);

  switch (prop_id)
    {
    case PROP_DEVICE:
      g_value_set_object (value, self->device);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bench_link_status_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  BenchLinkStatus *self = BENCH_LINK_STATUS (object);

  switch (prop_id)
    {
    case PROP_DEVICE:
      self->device = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bench_link_status_class_init (BenchLinkStatusClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = bench_link_status_constructed;
  object_class->dispose = bench_link_status_dispose;
  object_class->get_property = bench_link_status_get_property;
  object_class->set_property = bench_link_status_set_property;

  properties[PROP_DEVICE] =
    g_param_spec_object ("device", NULL, NULL, BENCH_TYPE_DEVICE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/benchtop/Benchtop/bench-link-status.ui");
  gtk_widget_class_bind_template_child (widget_class, BenchLinkStatus, paused_box);
  gtk_widget_class_bind_template_child (widget_class, BenchLinkStatus, remote_button);
  gtk_widget_class_bind_template_child (widget_class, BenchLinkStatus, framing_label);
  gtk_widget_class_bind_template_child (widget_class, BenchLinkStatus, cd_label);
  gtk_widget_class_bind_template_child (widget_class, BenchLinkStatus, dsr_label);
  gtk_widget_class_bind_template_child (widget_class, BenchLinkStatus, cts_label);
  gtk_widget_class_bind_template_child (widget_class, BenchLinkStatus, ri_label);
  gtk_widget_class_bind_template_child (widget_class, BenchLinkStatus, line_error_icon);
  gtk_widget_class_bind_template_child (widget_class, BenchLinkStatus, details_grid);

  gtk_widget_class_set_css_name (widget_class, "benchlinkstatus");
}

static void
bench_link_status_init (BenchLinkStatus *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* the current connection's notifications, whichever it is */
  self->transport_signals = g_signal_group_new (G_TYPE_OBJECT);
  g_signal_group_connect_swapped (self->transport_signals, "notify",
                                  G_CALLBACK (bench_link_status_queue_update), self);
}

GtkWidget *
bench_link_status_new (BenchDevice *device)
{
  g_return_val_if_fail (BENCH_IS_DEVICE (device), NULL);

  return g_object_new (BENCH_TYPE_LINK_STATUS, "device", device, NULL);
}
