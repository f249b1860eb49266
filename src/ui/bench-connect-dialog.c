/* bench-connect-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The spec text is the truth: the form is filled from every valid spec the
 * entry holds, and a change in the form rewrites the spec from the last
 * valid one. A guard keeps the two from echoing each other. The network
 * port fields work the same way for the address: a socket:// or rfc2217://
 * spec fills them, and a valid host and port write the address.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#include "bench-connect-dialog.h"
#include "bench-demo.h"
#include "bench-escape.h"
#include "bench-util.h"

struct _BenchConnectDialog
{
  AdwWindow          parent_instance;

  BenchSettings     *settings;
  BenchPortMonitor  *ports;
  BenchDevice       *device;
  BenchSpec         *spec;        /* the last valid spec, or NULL */
  GtkStringList     *recent;
  char              *error;
  gboolean           updating;

  AdwWindowTitle    *title_widget;
  GtkButton         *accept_button;
  AdwEntryRow       *spec_row;
  GtkRevealer       *spec_error_revealer;
  GtkLabel          *spec_error_label;
  AdwPreferencesGroup *ports_group;
  GtkListBox        *ports_list;
  AdwPreferencesGroup *network_group;
  AdwComboRow       *protocol_row;
  AdwEntryRow       *host_row;
  AdwEntryRow       *net_port_row;
  GtkRevealer       *network_error_revealer;
  GtkLabel          *network_error_label;
  AdwPreferencesGroup *settings_group;
  AdwPreferencesGroup *demos_group;
  GtkListBox        *demos_list;
  AdwPreferencesGroup *recent_group;
  GtkListBox        *recent_list;
  AdwEntryRow       *baud_row;
  AdwComboRow       *data_row;
  AdwComboRow       *parity_row;
  AdwComboRow       *stop_row;
  AdwComboRow       *flow_row;
  AdwComboRow       *eol_row;
  AdwComboRow       *tx_eol_row;
  AdwComboRow       *dtr_row;
  AdwComboRow       *rts_row;
  GtkSwitch         *reconnect_switch;
  AdwEntryRow       *name_row;
};

G_DEFINE_FINAL_TYPE (BenchConnectDialog, bench_connect_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_SETTINGS,
  PROP_PORTS,
  PROP_DEVICE,
  N_PROPS
};

enum {
  CONNECT,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

typedef struct
{
  const char *bytes;
  gsize       len;
} Ending;

/* the order of the combo rows; the last entry of each is "custom" */
static const Ending rx_endings[] = { { NULL, 0 }, { "\n", 1 }, { "\r", 1 }, { "\r\n", 2 } };
static const Ending tx_endings[] = { { "\n", 1 }, { "\r", 1 }, { "\r\n", 2 }, { "", 0 } };
/* combo order: leave as is, on, off */
static const BenchSwitch switch_order[] = { BENCH_SWITCH_DEFAULT, BENCH_SWITCH_ON, BENCH_SWITCH_OFF };

static guint
ending_index (const Ending *endings,
              guint         n,
              GBytes       *bytes)
{
  gsize len = 0;
  const guint8 *data = bytes ? g_bytes_get_data (bytes, &len) : NULL;

  for (guint i = 0; i < n; i++)
    {
      if (endings[i].bytes == NULL)
        {
          if (bytes == NULL)
            return i;
          continue;
        }
      if (bytes != NULL && endings[i].len == len &&
          memcmp (endings[i].bytes, data ? data : (const guint8 *) "", len) == 0)
        return i;
    }

  return n;
}

/* Errors */

static void
bench_connect_dialog_set_error (BenchConnectDialog *self,
                                const char         *message)
{
  if (bench_set_str (&self->error, message))
    {
      gtk_label_set_text (self->spec_error_label, message ? message : "");
      gtk_revealer_set_reveal_child (self->spec_error_revealer, message != NULL);
      if (message != NULL)
        gtk_widget_add_css_class (GTK_WIDGET (self->spec_row), "error");
      else
        gtk_widget_remove_css_class (GTK_WIDGET (self->spec_row), "error");
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->accept_button), message == NULL && self->spec != NULL);
}

const char *
bench_connect_dialog_get_error (BenchConnectDialog *self)
{
  g_return_val_if_fail (BENCH_IS_CONNECT_DIALOG (self), NULL);

  return self->error;
}

/* Spec <-> form */

static gboolean
is_network (const BenchSpec *spec)
{
  return spec != NULL && (spec->kind == BENCH_ADDRESS_SOCKET || spec->kind == BENCH_ADDRESS_RFC2217);
}

/* Sets @text unless it is there already (which would move the cursor) */
static void
set_text_if_changed (GtkEditable *editable,
                     const char  *text)
{
  if (g_strcmp0 (gtk_editable_get_text (editable), text) != 0)
    gtk_editable_set_text (editable, text);
}

static void
bench_connect_dialog_set_network_error (BenchConnectDialog *self,
                                        const char         *message,
                                        GtkWidget          *culprit)
{
  gtk_label_set_text (self->network_error_label, message ? message : "");
  gtk_revealer_set_reveal_child (self->network_error_revealer, message != NULL);
  gtk_widget_remove_css_class (GTK_WIDGET (self->host_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->net_port_row), "error");
  if (culprit != NULL)
    gtk_widget_add_css_class (culprit, "error");
}

const char *
bench_connect_dialog_get_network_error (BenchConnectDialog *self)
{
  g_return_val_if_fail (BENCH_IS_CONNECT_DIALOG (self), NULL);

  if (!gtk_revealer_get_reveal_child (self->network_error_revealer))
    return NULL;
  return gtk_label_get_text (self->network_error_label);
}

/* Which settings mean something for this kind of address */
static void
bench_connect_dialog_update_applicable (BenchConnectDialog *self,
                                        const BenchSpec    *spec)
{
  GtkWidget *serial_rows[] = {
    GTK_WIDGET (self->baud_row), GTK_WIDGET (self->data_row), GTK_WIDGET (self->parity_row),
    GTK_WIDGET (self->stop_row), GTK_WIDGET (self->flow_row), GTK_WIDGET (self->dtr_row),
    GTK_WIDGET (self->rts_row),
  };
  gboolean raw_tcp = spec != NULL && spec->kind == BENCH_ADDRESS_SOCKET;
  const char *description = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (serial_rows); i++)
    gtk_widget_set_sensitive (serial_rows[i], !raw_tcp);

  if (raw_tcp)
    description = _("Raw TCP: the server’s serial port keeps its own baud rate, framing, flow control and "
                    "lines, so those settings do not apply here.");
  else if (spec != NULL && spec->kind == BENCH_ADDRESS_RFC2217)
    description = _("RFC 2217: the baud rate, framing, flow control, DTR and RTS are set on the server’s "
                    "serial port.");
  adw_preferences_group_set_description (self->settings_group, description);
}

static void
bench_connect_dialog_fill_network (BenchConnectDialog *self,
                                   const BenchSpec    *spec)
{
  g_autofree char *port = NULL;

  if (!is_network (spec))
    return;

  port = g_strdup_printf ("%u", spec->port);
  adw_combo_row_set_selected (self->protocol_row, spec->kind == BENCH_ADDRESS_RFC2217 ? 1 : 0);
  set_text_if_changed (GTK_EDITABLE (self->host_row), spec->host);
  set_text_if_changed (GTK_EDITABLE (self->net_port_row), port);
  bench_connect_dialog_set_network_error (self, NULL, NULL);
}

static void
bench_connect_dialog_fill_form (BenchConnectDialog *self,
                                const BenchSpec    *spec)
{
  g_autofree char *baud = g_strdup_printf ("%u", spec->baud);

  self->updating = TRUE;
  bench_connect_dialog_fill_network (self, spec);
  bench_connect_dialog_update_applicable (self, spec);
  gtk_editable_set_text (GTK_EDITABLE (self->baud_row), baud);
  gtk_widget_remove_css_class (GTK_WIDGET (self->baud_row), "error");
  adw_combo_row_set_selected (self->data_row, CLAMP (spec->data_bits, 5, 8) - 5);
  adw_combo_row_set_selected (self->parity_row, spec->parity);
  adw_combo_row_set_selected (self->stop_row, spec->stop_bits == 2 ? 1 : 0);
  adw_combo_row_set_selected (self->flow_row, spec->flow);
  adw_combo_row_set_selected (self->eol_row, ending_index (rx_endings, G_N_ELEMENTS (rx_endings), spec->eol));
  adw_combo_row_set_selected (self->tx_eol_row, ending_index (tx_endings, G_N_ELEMENTS (tx_endings), spec->tx_eol));
  for (guint i = 0; i < G_N_ELEMENTS (switch_order); i++)
    {
      if (switch_order[i] == spec->dtr)
        adw_combo_row_set_selected (self->dtr_row, i);
      if (switch_order[i] == spec->rts)
        adw_combo_row_set_selected (self->rts_row, i);
    }
  gtk_switch_set_active (self->reconnect_switch, spec->reconnect);
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), spec->name ? spec->name : "");
  self->updating = FALSE;
}

static void
bench_connect_dialog_set_spec (BenchConnectDialog *self,
                               BenchSpec          *spec,
                               gboolean            rewrite_text)
{
  g_clear_pointer (&self->spec, bench_spec_free);
  self->spec = spec;

  if (spec != NULL)
    {
      bench_connect_dialog_fill_form (self, spec);
      if (rewrite_text)
        {
          g_autofree char *text = bench_spec_to_string (spec);

          self->updating = TRUE;
          gtk_editable_set_text (GTK_EDITABLE (self->spec_row), text);
          gtk_editable_set_position (GTK_EDITABLE (self->spec_row), -1);
          self->updating = FALSE;
        }
    }
  bench_connect_dialog_set_error (self, self->error);
}

static void
bench_connect_dialog_spec_changed_cb (BenchConnectDialog *self)
{
  g_autoptr(GError) error = NULL;
  BenchSpec *spec;
  const char *text;

  if (self->updating)
    return;

  text = gtk_editable_get_text (GTK_EDITABLE (self->spec_row));
  if (*text == '\0')
    {
      g_clear_pointer (&self->spec, bench_spec_free);
      bench_connect_dialog_set_error (self, NULL);
      return;
    }

  spec = bench_spec_parse (text, &error);
  if (spec == NULL)
    {
      g_clear_pointer (&self->spec, bench_spec_free);
      bench_connect_dialog_set_error (self, error->message);
      return;
    }

  bench_connect_dialog_set_error (self, NULL);
  bench_connect_dialog_set_spec (self, spec, FALSE);
}

static gboolean
parse_baud (const char *text,
            guint      *baud)
{
  guint64 value;
  char *end = NULL;

  if (text == NULL || !g_ascii_isdigit (*text))
    return FALSE;
  value = g_ascii_strtoull (text, &end, 10);
  if (end == NULL || *end != '\0' || value == 0 || value > G_MAXUINT32)
    return FALSE;

  *baud = value;
  return TRUE;
}

static void
bench_connect_dialog_form_changed_cb (BenchConnectDialog *self)
{
  g_autoptr(BenchSpec) spec = NULL;
  g_autofree char *text = NULL;
  const char *name;
  guint baud, selected;

  if (self->updating || self->spec == NULL)
    return;

  if (!parse_baud (gtk_editable_get_text (GTK_EDITABLE (self->baud_row)), &baud))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->baud_row), "error");
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->baud_row), "error");

  spec = bench_spec_copy (self->spec);
  spec->baud = baud;
  spec->data_bits = 5 + adw_combo_row_get_selected (self->data_row);
  spec->parity = adw_combo_row_get_selected (self->parity_row);
  spec->stop_bits = adw_combo_row_get_selected (self->stop_row) == 1 ? 2 : 1;
  spec->flow = adw_combo_row_get_selected (self->flow_row);

  selected = adw_combo_row_get_selected (self->eol_row);
  if (selected < G_N_ELEMENTS (rx_endings))
    {
      g_clear_pointer (&spec->eol, g_bytes_unref);
      if (rx_endings[selected].bytes != NULL)
        spec->eol = g_bytes_new_static (rx_endings[selected].bytes, rx_endings[selected].len);
    }
  selected = adw_combo_row_get_selected (self->tx_eol_row);
  if (selected < G_N_ELEMENTS (tx_endings))
    {
      g_bytes_unref (spec->tx_eol);
      spec->tx_eol = g_bytes_new_static (tx_endings[selected].bytes, tx_endings[selected].len);
    }
  selected = adw_combo_row_get_selected (self->dtr_row);
  spec->dtr = switch_order[MIN (selected, G_N_ELEMENTS (switch_order) - 1)];
  selected = adw_combo_row_get_selected (self->rts_row);
  spec->rts = switch_order[MIN (selected, G_N_ELEMENTS (switch_order) - 1)];
  spec->reconnect = gtk_switch_get_active (self->reconnect_switch);

  name = gtk_editable_get_text (GTK_EDITABLE (self->name_row));
  g_free (spec->name);
  spec->name = *name ? g_strdup (name) : NULL;

  /* keep what the user types (the cursor) and only rewrite the spec */
  text = bench_spec_to_string (spec);
  g_clear_pointer (&self->spec, bench_spec_free);
  self->spec = g_steal_pointer (&spec);
  self->updating = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->spec_row), text);
  self->updating = FALSE;
  bench_connect_dialog_set_error (self, NULL);
}

/* The network fields write the spec's address */
static void
bench_connect_dialog_network_changed_cb (BenchConnectDialog *self)
{
  static const char * const schemes[] = { "socket://", "rfc2217://" };
  g_autoptr(GError) error = NULL;
  g_autoptr(BenchSpec) spec = NULL;
  g_autofree char *host = NULL;
  g_autofree char *address = NULL;
  const char *port_text;
  guint64 port = 0;
  guint scheme;
  char *end = NULL;

  if (self->updating)
    return;

  host = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->host_row))));
  port_text = gtk_editable_get_text (GTK_EDITABLE (self->net_port_row));

  /* an IPv6 address may be typed with or without its brackets */
  if (host[0] == '[' && host[strlen (host) - 1] == ']')
    {
      char *bare = g_strndup (host + 1, strlen (host) - 2);

      g_free (host);
      host = bare;
    }

  if (*port_text != '\0')
    {
      if (g_ascii_isdigit (*port_text))
        port = g_ascii_strtoull (port_text, &end, 10);
      if (end == NULL || *end != '\0' || port == 0 || port > G_MAXUINT16)
        {
          bench_connect_dialog_set_network_error (self, _("The TCP port is a number from 1 to 65535."),
                                                  GTK_WIDGET (self->net_port_row));
          return;
        }
    }

  /* nothing to write until both are there */
  if (*host == '\0' || port == 0)
    {
      bench_connect_dialog_set_network_error (self, NULL, NULL);
      return;
    }

  scheme = MIN (adw_combo_row_get_selected (self->protocol_row), G_N_ELEMENTS (schemes) - 1);
  if (strchr (host, ':') != NULL)
    address = g_strdup_printf ("%s[%s]:%u", schemes[scheme], host, (guint) port);
  else
    address = g_strdup_printf ("%s%s:%u", schemes[scheme], host, (guint) port);

  if (self->spec != NULL)
    {
      spec = bench_spec_copy (self->spec);
      /* a name given to another address is not this port's */
      if (!is_network (spec))
        g_clear_pointer (&spec->name, g_free);
    }
  else
    spec = bench_spec_new ();

  if (!bench_spec_set_address (spec, address, &error))
    {
      bench_connect_dialog_set_network_error (self, error->message, GTK_WIDGET (self->host_row));
      return;
    }

  bench_connect_dialog_set_network_error (self, NULL, NULL);
  bench_connect_dialog_set_error (self, NULL);
  bench_connect_dialog_set_spec (self, g_steal_pointer (&spec), TRUE);
}

static void
bench_connect_dialog_baud_action (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *param)
{
  BenchConnectDialog *self = BENCH_CONNECT_DIALOG (widget);
  g_autofree char *text = g_strdup_printf ("%u", g_variant_get_uint32 (param));

  gtk_editable_set_text (GTK_EDITABLE (self->baud_row), text);
}

const char *
bench_connect_dialog_get_spec_text (BenchConnectDialog *self)
{
  g_return_val_if_fail (BENCH_IS_CONNECT_DIALOG (self), NULL);

  return gtk_editable_get_text (GTK_EDITABLE (self->spec_row));
}

void
bench_connect_dialog_set_spec_text (BenchConnectDialog *self,
                                    const char         *text)
{
  g_return_if_fail (BENCH_IS_CONNECT_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->spec_row), text ? text : "");
}

/* Picking an address */

static void
bench_connect_dialog_use_address (BenchConnectDialog *self,
                                  const char         *address)
{
  g_autoptr(GError) error = NULL;
  BenchSpec *spec = NULL;

  /* what this port was used with last time, or the current form */
  if (self->settings != NULL)
    spec = bench_settings_dup_device_spec (self->settings, address);

  if (spec == NULL && self->spec != NULL)
    {
      spec = bench_spec_copy (self->spec);
      g_clear_pointer (&spec->name, g_free);
      if (!bench_spec_set_address (spec, address, &error))
        g_clear_pointer (&spec, bench_spec_free);
    }

  if (spec == NULL)
    spec = bench_spec_parse (address, &error);

  if (spec == NULL)
    {
      bench_connect_dialog_set_spec_text (self, address);
      return;
    }

  bench_connect_dialog_set_error (self, NULL);
  bench_connect_dialog_set_spec (self, spec, TRUE);
}

static void
bench_connect_dialog_port_activated_cb (BenchConnectDialog *self,
                                       GtkListBoxRow      *row,
                                       GtkListBox         *list)
{
  BenchPortItem *item = g_object_get_data (G_OBJECT (row), "bench-port");

  if (item != NULL)
    bench_connect_dialog_use_address (self, bench_port_item_get_address (item));
}

void
bench_connect_dialog_pick_port (BenchConnectDialog *self,
                                guint               index)
{
  GtkListBoxRow *row;

  g_return_if_fail (BENCH_IS_CONNECT_DIALOG (self));

  row = gtk_list_box_get_row_at_index (self->ports_list, index);
  g_return_if_fail (row != NULL);
  bench_connect_dialog_port_activated_cb (self, row, self->ports_list);
}

static void
bench_connect_dialog_demo_activated_cb (BenchConnectDialog *self,
                                       GtkListBoxRow      *row,
                                       GtkListBox         *list)
{
  const char *name = g_object_get_data (G_OBJECT (row), "bench-demo");
  g_autofree char *address = g_strconcat ("demo:", name, NULL);

  bench_connect_dialog_use_address (self, address);
}

void
bench_connect_dialog_pick_demo (BenchConnectDialog *self,
                                const char         *name)
{
  g_autofree char *address = NULL;

  g_return_if_fail (BENCH_IS_CONNECT_DIALOG (self));

  address = g_strconcat ("demo:", name, NULL);
  bench_connect_dialog_use_address (self, address);
}

static void
bench_connect_dialog_recent_activated_cb (BenchConnectDialog *self,
                                         GtkListBoxRow      *row,
                                         GtkListBox         *list)
{
  const char *spec = g_object_get_data (G_OBJECT (row), "bench-spec");

  bench_connect_dialog_set_spec_text (self, spec);
}

static void
bench_connect_dialog_refresh_cb (BenchConnectDialog *self)
{
  if (self->ports != NULL)
    bench_port_monitor_refresh (self->ports);
}

void
bench_connect_dialog_set_network (BenchConnectDialog *self,
                                  gboolean            rfc2217,
                                  const char         *host,
                                  const char         *port)
{
  g_return_if_fail (BENCH_IS_CONNECT_DIALOG (self));

  /* one field at a time, as typed */
  adw_combo_row_set_selected (self->protocol_row, rfc2217 ? 1 : 0);
  gtk_editable_set_text (GTK_EDITABLE (self->host_row), host ? host : "");
  gtk_editable_set_text (GTK_EDITABLE (self->net_port_row), port ? port : "");
}

void
bench_connect_dialog_get_network (BenchConnectDialog  *self,
                                  gboolean            *rfc2217,
                                  const char         **host,
                                  const char         **port)
{
  g_return_if_fail (BENCH_IS_CONNECT_DIALOG (self));

  if (rfc2217 != NULL)
    *rfc2217 = adw_combo_row_get_selected (self->protocol_row) == 1;
  if (host != NULL)
    *host = gtk_editable_get_text (GTK_EDITABLE (self->host_row));
  if (port != NULL)
    *port = gtk_editable_get_text (GTK_EDITABLE (self->net_port_row));
}

/* Whether the port settings apply (they do not for raw TCP) */
gboolean
bench_connect_dialog_get_serial_settings_apply (BenchConnectDialog *self)
{
  g_return_val_if_fail (BENCH_IS_CONNECT_DIALOG (self), FALSE);

  return gtk_widget_get_sensitive (GTK_WIDGET (self->baud_row));
}

GtkListBox *
bench_connect_dialog_get_ports_list (BenchConnectDialog *self)
{
  g_return_val_if_fail (BENCH_IS_CONNECT_DIALOG (self), NULL);

  return self->ports_list;
}

/* Rows */

static GtkWidget *
create_port_row (gpointer item,
                 gpointer user_data)
{
  BenchPortItem *port = item;
  GtkWidget *row = adw_action_row_new ();
  g_autoptr(GString) subtitle = g_string_new (bench_port_item_get_path (port));

  if (bench_port_item_get_by_id (port) != NULL)
    {
      g_autofree char *base = g_path_get_basename (bench_port_item_get_by_id (port));

      g_string_append_printf (subtitle, " · %s", base);
    }
  if (bench_port_item_get_vid (port) != 0)
    g_string_append_printf (subtitle, " · %04x:%04x", bench_port_item_get_vid (port), bench_port_item_get_pid (port));

  /* plain text: USB strings come from the device */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), bench_port_item_get_description (port));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "bench-port", g_object_ref (port), g_object_unref);

  return row;
}

static GtkWidget *
create_recent_row (gpointer item,
                   gpointer user_data)
{
  const char *text = gtk_string_object_get_string (GTK_STRING_OBJECT (item));
  g_autoptr(BenchSpec) spec = bench_spec_parse (text, NULL);
  g_autofree char *title = spec ? bench_spec_dup_display_name (spec) : g_strdup (text);
  g_autofree char *subtitle = NULL;
  GtkWidget *row = adw_action_row_new ();
  const char *icon = "media-removable-symbolic";

  /* network ports say what they are: the protocol, the host and port */
  if (spec != NULL && spec->kind == BENCH_ADDRESS_SOCKET)
    {
      /* Translators: a recent device: the protocol, then its spec */
      subtitle = g_strdup_printf (_("Raw TCP · %s"), text);
      icon = "network-wired-symbolic";
    }
  else if (spec != NULL && spec->kind == BENCH_ADDRESS_RFC2217)
    {
      subtitle = g_strdup_printf (_("RFC 2217 · %s"), text);
      icon = "network-wired-symbolic";
    }
  else
    {
      subtitle = g_strdup (text);
      if (spec != NULL && spec->kind == BENCH_ADDRESS_DEMO)
        icon = "applications-science-symbolic";
    }

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name (icon));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_widget_add_css_class (row, "recent-spec");
  g_object_set_data_full (G_OBJECT (row), "bench-spec", g_strdup (text), g_free);

  return row;
}

GtkListBox *
bench_connect_dialog_get_recent_list (BenchConnectDialog *self)
{
  g_return_val_if_fail (BENCH_IS_CONNECT_DIALOG (self), NULL);

  return self->recent_list;
}

static void
bench_connect_dialog_update_recent (BenchConnectDialog *self)
{
  g_auto(GStrv) specs = NULL;
  guint n;

  if (self->settings == NULL)
    return;

  specs = bench_settings_dup_recent_specs (self->settings);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->recent));
  gtk_string_list_splice (self->recent, 0, n, (const char * const *) specs);
  gtk_widget_set_visible (GTK_WIDGET (self->recent_group), self->device == NULL && specs[0] != NULL);
}

static void
bench_connect_dialog_add_demo_rows (BenchConnectDialog *self)
{
  static const struct { const char *name; const char *title; const char *description; } demos[] = {
    { "multimeter", N_("Multimeter"), N_("About ten DC voltage readings a second, lines end with CR LF") },
    { "thermo", N_("Thermometer"), N_("Three channels as CSV after a header, four rows a second") },
    { "scpi", N_("SCPI Instrument"), N_("Answers *IDN?, *RST, MEAS:VOLT?, MEAS:CURR? and SYST:ERR?") },
    { "pico", N_("MicroPython Board"), N_("temp= and light= readings twice a second; answers “led on” and “led off”") },
  };
  const char * const *names = bench_demo_get_names ();

  for (guint i = 0; names[i] != NULL; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *suffix;
      g_autofree char *address = g_strconcat ("demo:", names[i], NULL);
      const char *title = names[i];
      const char *description = bench_demo_get_description (names[i]);

      for (guint j = 0; j < G_N_ELEMENTS (demos); j++)
        if (g_str_equal (demos[j].name, names[i]))
          {
            title = _(demos[j].title);
            description = _(demos[j].description);
          }

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), description);
      suffix = gtk_label_new (address);
      gtk_widget_add_css_class (suffix, "dim-label");
      gtk_widget_add_css_class (suffix, "monospace");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), suffix);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data_full (G_OBJECT (row), "bench-demo", g_strdup (names[i]), g_free);
      gtk_list_box_append (self->demos_list, row);
    }
}

/* Accepting */

gboolean
bench_connect_dialog_accept (BenchConnectDialog *self)
{
  g_autoptr(GError) error = NULL;
  gboolean handled = FALSE;
  const char *text;

  g_return_val_if_fail (BENCH_IS_CONNECT_DIALOG (self), FALSE);

  if (self->spec == NULL || self->error != NULL)
    return FALSE;

  text = gtk_editable_get_text (GTK_EDITABLE (self->spec_row));

  if (self->device != NULL)
    {
      if (!bench_device_set_spec (self->device, self->spec, &error))
        {
          bench_connect_dialog_set_error (self, error->message);
          return FALSE;
        }
      if (self->settings != NULL)
        bench_settings_save_device_spec (self->settings, self->spec);
      handled = TRUE;
    }
  else
    g_signal_emit (self, signals[CONNECT], 0, text, &handled);

  if (handled)
    gtk_window_destroy (GTK_WINDOW (self));

  return handled;
}

static void
bench_connect_dialog_accept_cb (BenchConnectDialog *self)
{
  bench_connect_dialog_accept (self);
}

BenchDevice *
bench_connect_dialog_get_device (BenchConnectDialog *self)
{
  g_return_val_if_fail (BENCH_IS_CONNECT_DIALOG (self), NULL);

  return self->device;
}

/* GObject */

static void
bench_connect_dialog_constructed (GObject *object)
{
  BenchConnectDialog *self = (BenchConnectDialog *) object;

  G_OBJECT_CLASS (bench_connect_dialog_parent_class)->constructed (object);

  if (self->device != NULL)
    {
      g_autofree char *title = g_strdup_printf (_("Settings of %s"), bench_device_get_name (self->device));

      gtk_window_set_title (GTK_WINDOW (self), title);
      adw_window_title_set_title (self->title_widget, _("Device Settings"));
      adw_window_title_set_subtitle (self->title_widget, bench_device_get_name (self->device));
      gtk_button_set_label (self->accept_button, _("_Apply"));
      gtk_widget_set_visible (GTK_WIDGET (self->ports_group), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->demos_group), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->recent_group), FALSE);
      /* a network device may move to another host or port */
      gtk_widget_set_visible (GTK_WIDGET (self->network_group), is_network (bench_device_get_spec (self->device)));
      bench_connect_dialog_set_spec (self, bench_spec_copy (bench_device_get_spec (self->device)), TRUE);
    }
  else
    {
      g_autoptr(BenchSpec) defaults = bench_spec_new ();

      /* the form shows the defaults until an address is picked */
      bench_connect_dialog_fill_form (self, defaults);
      if (self->ports != NULL)
        gtk_list_box_bind_model (self->ports_list, bench_port_monitor_get_ports (self->ports),
                                 create_port_row, self, NULL);
      bench_connect_dialog_add_demo_rows (self);
      if (self->settings != NULL)
        g_signal_connect_object (self->settings, "notify::recent-specs",
                                 G_CALLBACK (bench_connect_dialog_update_recent), self, G_CONNECT_SWAPPED);
      gtk_list_box_bind_model (self->recent_list, G_LIST_MODEL (self->recent), create_recent_row, self, NULL);
      bench_connect_dialog_update_recent (self);
    }

  gtk_widget_grab_focus (GTK_WIDGET (self->spec_row));
}

static void
bench_connect_dialog_dispose (GObject *object)
{
  BenchConnectDialog *self = (BenchConnectDialog *) object;

  gtk_widget_dispose_template (GTK_WIDGET (self), BENCH_TYPE_CONNECT_DIALOG);
  g_clear_object (&self->settings);
  g_clear_object (&self->ports);
  g_clear_object (&self->device);
  g_clear_object (&self->recent);

  G_OBJECT_CLASS (bench_connect_dialog_parent_class)->dispose (object);
}

static void
bench_connect_dialog_finalize (GObject *object)
{
  BenchConnectDialog *self = (BenchConnectDialog *) object;

  g_clear_pointer (&self->spec, bench_spec_free);
  g_clear_pointer (&self->error, g_free);

  G_OBJECT_CLASS (bench_connect_dialog_parent_class)->finalize (object);
}

static void
bench_connect_dialog_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  BenchConnectDialog *self = BENCH_CONNECT_DIALOG (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    case PROP_PORTS:
      g_value_set_object (value, self->ports);
      break;
    case PROP_DEVICE:
      g_value_set_object (value, self->device);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bench_connect_dialog_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  BenchConnectDialog *self = BENCH_CONNECT_DIALOG (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    case PROP_PORTS:
      self->ports = g_value_dup_object (value);
      break;
    case PROP_DEVICE:
      self->device = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bench_connect_dialog_class_init (BenchConnectDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = bench_connect_dialog_constructed;
  object_class->dispose = bench_connect_dialog_dispose;
  object_class->finalize = bench_connect_dialog_finalize;
  object_class->get_property = bench_connect_dialog_get_property;
  object_class->set_property = bench_connect_dialog_set_property;

#define CO (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS)
  properties[PROP_SETTINGS] = g_param_spec_object ("settings", NULL, NULL, BENCH_TYPE_SETTINGS, CO);
  properties[PROP_PORTS] = g_param_spec_object ("ports", NULL, NULL, BENCH_TYPE_PORT_MONITOR, CO);
  properties[PROP_DEVICE] = g_param_spec_object ("device", NULL, NULL, BENCH_TYPE_DEVICE, CO);
#undef CO
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * BenchConnectDialog::connect:
   * @spec: the spec text
   *
   * Connect was pressed with a valid spec. Return TRUE once handled: the
   * dialog then closes.
   */
  signals[CONNECT] =
    g_signal_new ("connect",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, g_signal_accumulator_true_handled, NULL, NULL,
                  G_TYPE_BOOLEAN, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/benchtop/Benchtop/bench-connect-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, BenchConnectDialog, title_widget);
  gtk_widget_class_bind_template_child (widget_class, BenchConnectDialog, accept_button);
  gtk_widget_class_bind_template_child (widget_class, BenchConnectDialog, spec_row);
  gtk_widget_class_bind_template_child (widget_class, BenchConnectDialog, spec_error_revealer);
  gtk_widget_class_bind_template_child (widget_class, BenchConnectDialog, spec_error_label);
  gtk_widget_class_bind_template_child (widget_class, BenchConnectDialog, ports_group);
  gtk_widget_class_bind_template_child (widget_class, BenchConnectDialog, ports_list);
  gtk_widget_class_bind_template_child (widget_class, BenchConnectDialog, network_group);
  gtk_widget_class_bind_template_child (widget_class, BenchConnectDialog, protocol_row);
  gtk_widget_class_bind_template_child (widget_class, BenchConnectDialog, host_row);
  gtk_widget_class_bind_template_child (widget_class, BenchConnectDialog, net_port_row);
  gtk_widget_class_bind_template_child (widget_class, BenchConnectDialog, network_error_revealer);
  gtk_widget_class_bind_template_child (widget_class, BenchConnectDialog, network_error_label);
  gtk_widget_class_bind_template_child (widget_class, BenchConnectDialog, settings_group);
  gtk_widget_class_bind_template_child (widget_class, BenchConnectDialog, demos_group);
  gtk_widget_class_bind_template_child (widget_class, BenchConnectDialog, demos_list);
  gtk_widget_class_bind_template_child (widget_class, BenchConnectDialog, recent_group);
  gtk_widget_class_bind_template_child (widget_class, BenchConnectDialog, recent_list);
  gtk_widget_class_bind_template_child (widget_class, BenchConnectDialog, baud_row);
  gtk_widget_class_bind_template_child (widget_class, BenchConnectDialog, data_row);
  gtk_widget_class_bind_template_child (widget_class, BenchConnectDialog, parity_row);
  gtk_widget_class_bind_template_child (widget_class, BenchConnectDialog, stop_row);
  gtk_widget_class_bind_template_child (widget_class, BenchConnectDialog, flow_row);
  gtk_widget_class_bind_template_child (widget_class, BenchConnectDialog, eol_row);
  gtk_widget_class_bind_template_child (widget_class, BenchConnectDialog, tx_eol_row);
  gtk_widget_class_bind_template_child (widget_class, BenchConnectDialog, dtr_row);
  gtk_widget_class_bind_template_child (widget_class, BenchConnectDialog, rts_row);
  gtk_widget_class_bind_template_child (widget_class, BenchConnectDialog, reconnect_switch);
  gtk_widget_class_bind_template_child (widget_class, BenchConnectDialog, name_row);
  gtk_widget_class_bind_template_callback (widget_class, bench_connect_dialog_accept_cb);
  gtk_widget_class_bind_template_callback (widget_class, bench_connect_dialog_spec_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, bench_connect_dialog_form_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, bench_connect_dialog_network_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, bench_connect_dialog_refresh_cb);
  gtk_widget_class_bind_template_callback (widget_class, bench_connect_dialog_port_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, bench_connect_dialog_demo_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, bench_connect_dialog_recent_activated_cb);

  gtk_widget_class_install_action (widget_class, "dialog.baud", "u", bench_connect_dialog_baud_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
bench_connect_dialog_init (BenchConnectDialog *self)
{
  GtkWidget *placeholder;

  self->updating = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  self->updating = FALSE;

  self->recent = gtk_string_list_new (NULL);

  placeholder = gtk_label_new (_("No serial ports found. Plug one in and it appears here."));
  gtk_label_set_wrap (GTK_LABEL (placeholder), TRUE);
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_widget_set_margin_top (placeholder, 18);
  gtk_widget_set_margin_bottom (placeholder, 18);
  gtk_widget_set_margin_start (placeholder, 12);
  gtk_widget_set_margin_end (placeholder, 12);
  gtk_list_box_set_placeholder (self->ports_list, placeholder);
}

BenchConnectDialog *
bench_connect_dialog_new (BenchSettings    *settings,
                          BenchPortMonitor *ports)
{
  return g_object_new (BENCH_TYPE_CONNECT_DIALOG,
                       "settings", settings,
                       "ports", ports,
                       NULL);
}

BenchConnectDialog *
bench_connect_dialog_new_for_device (BenchSettings *settings,
                                     BenchDevice   *device)
{
  g_return_val_if_fail (BENCH_IS_DEVICE (device), NULL);

  return g_object_new (BENCH_TYPE_CONNECT_DIALOG,
                       "settings", settings,
                       "device", device,
                       NULL);
}
