/* bench-send-box.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "bench-escape.h"
#include "bench-send-box.h"

typedef struct
{
  const char *label;   /* NULL: translated at runtime */
  const char *bytes;
  gsize       len;
} EolChoice;

/* The order of the drop-down */
static const EolChoice eol_choices[] = {
  { "LF", "\n", 1 },
  { "CR", "\r", 1 },
  { "CR LF", "\r\n", 2 },
  { NULL, "", 0 },          /* None */
};

struct _BenchSendBox
{
  GtkWidget       parent_instance;

  BenchDevice    *device;
  BenchSettings  *settings;
  GSignalGroup   *device_signals;
  GtkStringList  *eol_model;

  char          **history;
  int             history_index;   /* -1: not browsing */
  char           *draft;
  char           *error;
  char           *pending;
  gboolean        updating;

  GtkEntry       *entry;
  GtkToggleButton *hex_button;
  GtkDropDown    *eol_dropdown;
  GtkButton      *send_button;
  GtkRevealer    *status_revealer;
  GtkLabel       *status_label;
};

G_DEFINE_FINAL_TYPE (BenchSendBox, bench_send_box, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_DEVICE,
  PROP_SETTINGS,
  PROP_HEX,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *
bench_send_box_address (BenchSendBox *self)
{
  return bench_device_get_spec (self->device)->address;
}

/* Status line */

static void
bench_send_box_update_status (BenchSendBox *self)
{
  const char *status = self->error ? self->error : self->pending;

  gtk_label_set_text (self->status_label, status ? status : "");
  gtk_revealer_set_reveal_child (self->status_revealer, status != NULL);
  if (self->error != NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->entry), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "warning");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->entry), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "warning");
    }
}

static void
bench_send_box_set_error (BenchSendBox *self,
                          const char   *message)
{
  if (g_strcmp0 (self->error, message) == 0)
    return;

  g_free (self->error);
  self->error = g_strdup (message);
  bench_send_box_update_status (self);
}

const char *
bench_send_box_get_status (BenchSendBox *self)
{
  g_return_val_if_fail (BENCH_IS_SEND_BOX (self), NULL);

  return self->error ? self->error : self->pending;
}

static void
bench_send_box_tx_pending_cb (BenchSendBox *self,
                              GParamSpec   *pspec,
                              BenchDevice  *device)
{
  guint64 pending = bench_device_get_tx_pending (device);

  g_clear_pointer (&self->pending, g_free);
  if (pending > 0)
    {
      g_autofree char *size = g_format_size (pending);

      /* Translators: %s is a size such as "3.1 kB" */
      self->pending = g_strdup_printf (_("%s waiting to be sent: the device is not reading"), size);
    }
  bench_send_box_update_status (self);
}

/* Connection state */

static void
bench_send_box_update_placeholder (BenchSendBox *self)
{
  const char *placeholder;

  if (self->device == NULL || bench_device_get_state (self->device) != BENCH_DEVICE_CONNECTED)
    placeholder = _("Not connected");
  else if (gtk_toggle_button_get_active (self->hex_button))
    placeholder = _("Bytes in hexadecimal, e.g. 2a 49 44 4e 3f 0a");
  else
    placeholder = _("Command; Enter sends it. Escapes: \\r \\n \\t \\xNN");

  gtk_entry_set_placeholder_text (self->entry, placeholder);
}

static void
bench_send_box_state_cb (BenchSendBox *self,
                         GParamSpec   *pspec,
                         BenchDevice  *device)
{
  gboolean connected = bench_device_get_state (device) == BENCH_DEVICE_CONNECTED;

  gtk_widget_set_sensitive (GTK_WIDGET (self->entry), connected);
  gtk_widget_set_sensitive (GTK_WIDGET (self->send_button), connected);
  gtk_widget_set_sensitive (GTK_WIDGET (self->hex_button), connected);
  bench_send_box_update_placeholder (self);
}

/* Line ending */

static void
bench_send_box_spec_cb (BenchSendBox *self,
                        GParamSpec   *pspec,
                        BenchDevice  *device)
{
  const BenchSpec *spec = bench_device_get_spec (device);
  gsize len;
  const guint8 *eol = g_bytes_get_data (spec->tx_eol, &len);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->eol_model));
  guint selected = G_N_ELEMENTS (eol_choices);

  for (guint i = 0; i < G_N_ELEMENTS (eol_choices); i++)
    if (eol_choices[i].len == len && memcmp (eol_choices[i].bytes, eol ? eol : (const guint8 *) "", len) == 0)
      selected = i;

  self->updating = TRUE;
  /* an escaped ending such as \x03 gets an entry of its own */
  if (n > G_N_ELEMENTS (eol_choices))
    gtk_string_list_remove (self->eol_model, G_N_ELEMENTS (eol_choices));
  if (selected == G_N_ELEMENTS (eol_choices))
    {
      g_autofree char *escaped = bench_escape (eol, len);

      gtk_string_list_append (self->eol_model, escaped);
    }
  gtk_drop_down_set_selected (self->eol_dropdown, selected);
  gtk_widget_set_sensitive (GTK_WIDGET (self->eol_dropdown), !gtk_toggle_button_get_active (self->hex_button));
  self->updating = FALSE;
}

static void
bench_send_box_eol_selected_cb (BenchSendBox *self,
                                GParamSpec   *pspec,
                                GtkDropDown  *dropdown)
{
  guint selected = gtk_drop_down_get_selected (dropdown);
  g_autoptr(BenchSpec) spec = NULL;
  g_autoptr(GError) error = NULL;

  if (self->updating || self->device == NULL || selected >= G_N_ELEMENTS (eol_choices))
    return;

  spec = bench_spec_copy (bench_device_get_spec (self->device));
  g_bytes_unref (spec->tx_eol);
  spec->tx_eol = g_bytes_new_static (eol_choices[selected].bytes, eol_choices[selected].len);

  if (!bench_device_set_spec (self->device, spec, &error))
    {
      bench_send_box_set_error (self, error->message);
      return;
    }
  if (self->settings != NULL)
    bench_settings_save_device_spec (self->settings, spec);
}

/* Sending */

gboolean
bench_send_box_send (BenchSendBox *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gboolean ok;

  g_return_val_if_fail (BENCH_IS_SEND_BOX (self), FALSE);

  if (self->device == NULL)
    return FALSE;

  text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->entry)));

  if (gtk_toggle_button_get_active (self->hex_button))
    {
      g_autoptr(GBytes) bytes = bench_parse_hex (text, &error);
      gsize len = 0;
      const guint8 *data = bytes ? g_bytes_get_data (bytes, &len) : NULL;

      ok = bytes != NULL && bench_device_send_raw (self->device, data ? data : (const guint8 *) "", len, &error);
    }
  else
    ok = bench_device_send_escaped (self->device, text, &error);

  if (!ok)
    {
      bench_send_box_set_error (self, error->message);
      return FALSE;
    }

  if (self->settings != NULL && *text != '\0')
    {
      bench_settings_push_history (self->settings, bench_send_box_address (self), text);
      g_strfreev (self->history);
      self->history = bench_settings_dup_history (self->settings, bench_send_box_address (self));
    }
  self->history_index = -1;
  g_clear_pointer (&self->draft, g_free);

  self->updating = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->entry), "");
  self->updating = FALSE;
  bench_send_box_set_error (self, NULL);

  return TRUE;
}

static void
bench_send_box_activate_cb (BenchSendBox *self)
{
  bench_send_box_send (self);
}

static void
bench_send_box_changed_cb (BenchSendBox *self)
{
  if (self->updating)
    return;

  /* editing leaves the history and clears an old error */
  self->history_index = -1;
  bench_send_box_set_error (self, NULL);
}

/* History */

void
bench_send_box_move_history (BenchSendBox *self,
                             int           direction)
{
  guint n;
  const char *text;

  g_return_if_fail (BENCH_IS_SEND_BOX (self));

  n = self->history ? g_strv_length (self->history) : 0;
  if (n == 0)
    return;

  if (direction < 0)
    {
      if (self->history_index < 0)
        {
          g_free (self->draft);
          self->draft = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->entry)));
          self->history_index = n - 1;
        }
      else if (self->history_index > 0)
        self->history_index--;
      text = self->history[self->history_index];
    }
  else
    {
      if (self->history_index < 0)
        return;
      self->history_index++;
      if ((guint) self->history_index >= n)
        {
          self->history_index = -1;
          text = self->draft ? self->draft : "";
        }
      else
        text = self->history[self->history_index];
    }

  self->updating = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->entry), text);
  gtk_editable_set_position (GTK_EDITABLE (self->entry), -1);
  self->updating = FALSE;
  bench_send_box_set_error (self, NULL);
}

static gboolean
bench_send_box_key_pressed_cb (BenchSendBox          *self,
                               guint                  keyval,
                               guint                  keycode,
                               GdkModifierType        state,
                               GtkEventControllerKey *controller)
{
  if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SHIFT_MASK)) != 0)
    return GDK_EVENT_PROPAGATE;

  switch (keyval)
    {
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      bench_send_box_move_history (self, -1);
      return GDK_EVENT_STOP;
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      bench_send_box_move_history (self, +1);
      return GDK_EVENT_STOP;
    default:
      return GDK_EVENT_PROPAGATE;
    }
}

/* Properties */

BenchDevice *
bench_send_box_get_device (BenchSendBox *self)
{
  g_return_val_if_fail (BENCH_IS_SEND_BOX (self), NULL);

  return self->device;
}

GtkEntry *
bench_send_box_get_entry (BenchSendBox *self)
{
  g_return_val_if_fail (BENCH_IS_SEND_BOX (self), NULL);

  return self->entry;
}

gboolean
bench_send_box_get_hex (BenchSendBox *self)
{
  g_return_val_if_fail (BENCH_IS_SEND_BOX (self), FALSE);

  return gtk_toggle_button_get_active (self->hex_button);
}

void
bench_send_box_set_hex (BenchSendBox *self,
                        gboolean      hex)
{
  g_return_if_fail (BENCH_IS_SEND_BOX (self));

  gtk_toggle_button_set_active (self->hex_button, hex);
}

static void
bench_send_box_hex_toggled_cb (BenchSendBox    *self,
                               GtkToggleButton *button)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->eol_dropdown), !gtk_toggle_button_get_active (button));
  bench_send_box_update_placeholder (self);
  bench_send_box_set_error (self, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HEX]);
}

void
bench_send_box_focus (BenchSendBox *self)
{
  g_return_if_fail (BENCH_IS_SEND_BOX (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
}

static void
bench_send_box_constructed (GObject *object)
{
  BenchSendBox *self = (BenchSendBox *) object;

  G_OBJECT_CLASS (bench_send_box_parent_class)->constructed (object);

  g_assert (BENCH_IS_DEVICE (self->device));

  if (self->settings != NULL)
    self->history = bench_settings_dup_history (self->settings, bench_send_box_address (self));

  g_signal_group_set_target (self->device_signals, self->device);
  bench_send_box_state_cb (self, NULL, self->device);
  bench_send_box_spec_cb (self, NULL, self->device);
  bench_send_box_tx_pending_cb (self, NULL, self->device);
}

static void
bench_send_box_dispose (GObject *object)
{
  BenchSendBox *self = (BenchSendBox *) object;
  GtkWidget *child;

  if (self->device_signals != NULL)
    g_signal_group_set_target (self->device_signals, NULL);
  g_clear_object (&self->device_signals);
  g_clear_object (&self->device);
  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), BENCH_TYPE_SEND_BOX);
  /* and the template's unnamed children */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (bench_send_box_parent_class)->dispose (object);
}

static void
bench_send_box_finalize (GObject *object)
{
  BenchSendBox *self = (BenchSendBox *) object;

  g_clear_pointer (&self->history, g_strfreev);
  g_clear_pointer (&self->draft, g_free);
  g_clear_pointer (&self->error, g_free);
  g_clear_pointer (&self->pending, g_free);

  G_OBJECT_CLASS (bench_send_box_parent_class)->finalize (object);
}

static void
bench_send_box_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  BenchSendBox *self = BENCH_SEND_BOX (object);

  switch (prop_id)
    {
    case PROP_DEVICE:
      g_value_set_object (value, self->device);
      break;
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    case PROP_HEX:
      g_value_set_boolean (value, bench_send_box_get_hex (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bench_send_box_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  BenchSendBox *self = BENCH_SEND_BOX (object);

  switch (prop_id)
    {
    case PROP_DEVICE:
      self->device = g_value_dup_object (value);
      break;
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    case PROP_HEX:
      bench_send_box_set_hex (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bench_send_box_class_init (BenchSendBoxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = bench_send_box_constructed;
  object_class->dispose = bench_send_box_dispose;
  object_class->finalize = bench_send_box_finalize;
  object_class->get_property = bench_send_box_get_property;
  object_class->set_property = bench_send_box_set_property;

  properties[PROP_DEVICE] =
    g_param_spec_object ("device", NULL, NULL, BENCH_TYPE_DEVICE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, BENCH_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HEX] =
    g_param_spec_boolean ("hex", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/benchtop/Benchtop/bench-send-box.ui");
  gtk_widget_class_bind_template_child (widget_class, BenchSendBox, entry);
  gtk_widget_class_bind_template_child (widget_class, BenchSendBox, hex_button);
  gtk_widget_class_bind_template_child (widget_class, BenchSendBox, eol_dropdown);
  gtk_widget_class_bind_template_child (widget_class, BenchSendBox, send_button);
  gtk_widget_class_bind_template_child (widget_class, BenchSendBox, status_revealer);
  gtk_widget_class_bind_template_child (widget_class, BenchSendBox, status_label);
  gtk_widget_class_bind_template_callback (widget_class, bench_send_box_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, bench_send_box_changed_cb);

  gtk_widget_class_set_css_name (widget_class, "benchsendbox");
}

static void
bench_send_box_init (BenchSendBox *self)
{
  GtkEventController *controller;

  self->history_index = -1;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->eol_model = gtk_string_list_new (NULL);
  for (guint i = 0; i < G_N_ELEMENTS (eol_choices); i++)
    gtk_string_list_append (self->eol_model, eol_choices[i].label ? eol_choices[i].label : C_("line ending", "None"));
  gtk_drop_down_set_model (self->eol_dropdown, G_LIST_MODEL (self->eol_model));
  g_object_unref (self->eol_model);
  g_signal_connect_object (self->eol_dropdown, "notify::selected",
                           G_CALLBACK (bench_send_box_eol_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->hex_button, "toggled",
                           G_CALLBACK (bench_send_box_hex_toggled_cb), self, G_CONNECT_SWAPPED);

  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_object (controller, "key-pressed", G_CALLBACK (bench_send_box_key_pressed_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->entry), controller);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->status_label),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, _("Send status"),
                                  -1);

  self->device_signals = g_signal_group_new (BENCH_TYPE_DEVICE);
  g_signal_group_connect_swapped (self->device_signals, "notify::state", G_CALLBACK (bench_send_box_state_cb), self);
  g_signal_group_connect_swapped (self->device_signals, "notify::spec", G_CALLBACK (bench_send_box_spec_cb), self);
  g_signal_group_connect_swapped (self->device_signals, "notify::tx-pending", G_CALLBACK (bench_send_box_tx_pending_cb), self);
}

GtkWidget *
bench_send_box_new (BenchDevice   *device,
                    BenchSettings *settings)
{
  g_return_val_if_fail (BENCH_IS_DEVICE (device), NULL);

  return g_object_new (BENCH_TYPE_SEND_BOX, "device", device, "settings", settings, NULL);
}
