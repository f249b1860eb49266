/* bench-automation-panel.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "bench-command-editor.h"
#include "bench-command-set.h"
#include "bench-poller.h"
#include "bench-automation-panel.h"

#define TOTALS_INTERVAL_MS 200

struct _BenchAutomationPanel
{
  GtkWidget        parent_instance;

  BenchDevice     *device;
  BenchSettings   *settings;
  BenchPoller     *poller;
  BenchCommandSet *commands;
  guint            totals_id;
  gboolean         revealed;
  char            *add_hint;

  GtkSwitch       *running_switch;
  GtkLabel        *totals_label;
  GtkListBox      *queries_list;
  GtkEntry        *add_entry;
  GtkLabel        *add_label;
  GtkListBox      *commands_list;
};

G_DEFINE_FINAL_TYPE (BenchAutomationPanel, bench_automation_panel, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_DEVICE,
  PROP_SETTINGS,
  PROP_REVEALED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Totals */

static char *
group_digits (guint64 n)
{
  return g_strdup_printf ("%'" G_GUINT64_FORMAT, n);
}

static void
bench_automation_panel_update_totals (BenchAutomationPanel *self)
{
  g_autofree char *sent = group_digits (bench_poller_get_sent (self->poller));
  g_autofree char *replies = group_digits (bench_poller_get_replies (self->poller));
  g_autofree char *missed = group_digits (bench_poller_get_missed (self->poller));
  g_autofree char *counts = NULL;
  g_autofree char *text = NULL;
  const char *state;

  g_clear_handle_id (&self->totals_id, g_source_remove);

  if (!bench_poller_get_running (self->poller))
    state = _("Stopped");
  else if (bench_device_get_state (self->device) != BENCH_DEVICE_CONNECTED)
    state = _("Waiting for the device");
  else
    state = _("Running");

  /* Translators: the totals of a device's scheduled queries */
  counts = g_strdup_printf (_("%s sent · %s replies · %s missed"), sent, replies, missed);
  text = g_strdup_printf ("%s · %s", state, counts);
  gtk_label_set_text (self->totals_label, text);

  if (bench_poller_get_missed (self->poller) > 0)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->totals_label), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (self->totals_label), "warning");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->totals_label), "warning");
      gtk_widget_add_css_class (GTK_WIDGET (self->totals_label), "dim-label");
    }
}

static gboolean
bench_automation_panel_totals_cb (gpointer user_data)
{
  BenchAutomationPanel *self = user_data;

  self->totals_id = 0;
  bench_automation_panel_update_totals (self);

  return G_SOURCE_REMOVE;
}

static void
bench_automation_panel_queue_totals (BenchAutomationPanel *self)
{
  if (self->totals_id == 0)
    self->totals_id = g_timeout_add_full (G_PRIORITY_LOW, TOTALS_INTERVAL_MS,
                                          bench_automation_panel_totals_cb, self, NULL);
}

const char *
bench_automation_panel_get_totals (BenchAutomationPanel *self)
{
  g_return_val_if_fail (BENCH_IS_AUTOMATION_PANEL (self), NULL);

  if (self->totals_id != 0)
    bench_automation_panel_update_totals (self);
  return gtk_label_get_text (self->totals_label);
}

/* Queries */

static GtkWidget *
create_query_row (gpointer item,
                  gpointer user_data)
{
  return bench_query_row_new (BENCH_POLLER (user_data), BENCH_QUERY (item));
}

static void
bench_automation_panel_set_add_error (BenchAutomationPanel *self,
                                      const char           *message)
{
  if (message != NULL)
    {
      gtk_label_set_text (self->add_label, message);
      gtk_widget_remove_css_class (GTK_WIDGET (self->add_label), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (self->add_label), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->add_entry), "error");
    }
  else
    {
      /* the hint from the template */
      gtk_label_set_text (self->add_label, self->add_hint);
      gtk_widget_remove_css_class (GTK_WIDGET (self->add_label), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->add_label), "dim-label");
      gtk_widget_remove_css_class (GTK_WIDGET (self->add_entry), "error");
    }
}

const char *
bench_automation_panel_get_add_error (BenchAutomationPanel *self)
{
  g_return_val_if_fail (BENCH_IS_AUTOMATION_PANEL (self), NULL);

  if (!gtk_widget_has_css_class (GTK_WIDGET (self->add_label), "error"))
    return NULL;
  return gtk_label_get_text (self->add_label);
}

static gboolean
bench_automation_panel_add_text (BenchAutomationPanel *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BenchQuery) query = NULL;
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->add_entry))));

  if (text[0] == '\0')
    return FALSE;

  /* the CLI's form, or a plain command sent every second */
  if (strchr (text, '@') != NULL)
    query = bench_query_new_parse (text, &error);
  else
    query = bench_query_new (text, BENCH_QUERY_DEFAULT_INTERVAL_MS);

  if (query == NULL)
    {
      bench_automation_panel_set_add_error (self, error->message);
      return FALSE;
    }

  bench_poller_append (self->poller, query);
  gtk_editable_set_text (GTK_EDITABLE (self->add_entry), "");
  bench_automation_panel_set_add_error (self, NULL);

  return TRUE;
}

static void
bench_automation_panel_add_cb (BenchAutomationPanel *self)
{
  bench_automation_panel_add_text (self);
}

static void
bench_automation_panel_add_changed_cb (BenchAutomationPanel *self)
{
  bench_automation_panel_set_add_error (self, NULL);
}

gboolean
bench_automation_panel_add_query (BenchAutomationPanel *self,
                                  const char           *text)
{
  g_return_val_if_fail (BENCH_IS_AUTOMATION_PANEL (self), FALSE);

  gtk_editable_set_text (GTK_EDITABLE (self->add_entry), text);
  return bench_automation_panel_add_text (self);
}

BenchQueryRow *
bench_automation_panel_get_query_row (BenchAutomationPanel *self,
                                      guint                 index)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (BENCH_IS_AUTOMATION_PANEL (self), NULL);

  row = gtk_list_box_get_row_at_index (self->queries_list, index);
  return row ? BENCH_QUERY_ROW (row) : NULL;
}

GtkSwitch *
bench_automation_panel_get_running_switch (BenchAutomationPanel *self)
{
  g_return_val_if_fail (BENCH_IS_AUTOMATION_PANEL (self), NULL);

  return self->running_switch;
}

/* Command buttons */

/* "*RST · wait 100ms · CONF:VOLT:DC" */
static char *
dup_steps_summary (BenchCommand *command)
{
  GString *out = g_string_new (NULL);
  guint n = bench_command_get_n_steps (command);

  for (guint i = 0; i < n; i++)
    {
      const char *text = NULL;
      guint ms = 0;

      if (i > 0)
        g_string_append (out, " · ");
      if (bench_command_get_step (command, i, &text, &ms) == BENCH_COMMAND_STEP_WAIT)
        {
          g_autofree char *duration = bench_format_duration_ms (ms);

          /* Translators: a wait step of a command button */
          g_string_append_printf (out, _("wait %s"), duration);
        }
      else
        g_string_append (out, text);
    }

  return g_string_free (out, FALSE);
}

static GtkWidget *
create_command_row (BenchAutomationPanel *self,
                    BenchCommand         *command,
                    guint                 index)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *edit = gtk_button_new_from_icon_name ("document-edit-symbolic");
  GtkWidget *menu_button = gtk_menu_button_new ();
  GtkWidget *number = gtk_label_new (NULL);
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) moves = g_menu_new ();
  g_autoptr(GMenu) removal = g_menu_new ();
  g_autoptr(GMenuItem) item = NULL;
  g_autofree char *summary = dup_steps_summary (command);
  g_autofree char *edit_label = g_strdup_printf (_("Edit “%s”"), bench_command_get_name (command));
  g_autofree char *menu_label = g_strdup_printf (_("Menu of “%s”"), bench_command_get_name (command));
  const char *name = bench_command_get_name (command);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), summary);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 1);
  gtk_widget_add_css_class (row, "command-row");

  /* the first nine have a shortcut: Ctrl+1…9 */
  if (index < 9)
    {
      g_autofree char *text = g_strdup_printf ("%u", index + 1);
      g_autofree char *tip = g_strdup_printf (_("Ctrl+%u runs it"), index + 1);

      gtk_label_set_text (GTK_LABEL (number), text);
      gtk_widget_set_tooltip_text (number, tip);
    }
  gtk_widget_add_css_class (number, "command-index");
  gtk_widget_set_valign (number, GTK_ALIGN_CENTER);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), number);

  gtk_widget_set_valign (edit, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (edit, "flat");
  gtk_widget_set_tooltip_text (edit, _("Edit"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (edit), "panel.edit-command");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (edit), "u", index);
  gtk_accessible_update_property (GTK_ACCESSIBLE (edit), GTK_ACCESSIBLE_PROPERTY_LABEL, edit_label, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), edit);

  item = g_menu_item_new (_("Move _Up"), NULL);
  g_menu_item_set_action_and_target (item, "panel.move-command-up", "u", index);
  g_menu_append_item (moves, item);
  g_clear_object (&item);
  item = g_menu_item_new (_("Move _Down"), NULL);
  g_menu_item_set_action_and_target (item, "panel.move-command-down", "u", index);
  g_menu_append_item (moves, item);
  g_clear_object (&item);
  item = g_menu_item_new (_("_Remove"), NULL);
  g_menu_item_set_action_and_target (item, "panel.remove-command", "u", index);
  g_menu_append_item (removal, item);
  g_menu_append_section (menu, NULL, G_MENU_MODEL (moves));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (removal));

  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (menu_button), "view-more-symbolic");
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (menu_button), G_MENU_MODEL (menu));
  gtk_widget_set_valign (menu_button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (menu_button, "flat");
  gtk_widget_set_tooltip_text (menu_button, _("Command Button Menu"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (menu_button), GTK_ACCESSIBLE_PROPERTY_LABEL, menu_label, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), menu_button);

  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), edit);

  return row;
}

static void
bench_automation_panel_commands_changed_cb (BenchAutomationPanel *self)
{
  GListModel *model = G_LIST_MODEL (self->commands);
  guint n = g_list_model_get_n_items (model);
  GtkListBoxRow *row;

  /* the positions are in the rows (numbers, action targets): rebuild */
  while ((row = gtk_list_box_get_row_at_index (self->commands_list, 0)) != NULL)
    gtk_list_box_remove (self->commands_list, GTK_WIDGET (row));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BenchCommand) command = g_list_model_get_item (model, i);

      g_signal_handlers_disconnect_by_func (command, bench_automation_panel_commands_changed_cb, self);
      g_signal_connect_object (command, "notify", G_CALLBACK (bench_automation_panel_commands_changed_cb),
                               self, G_CONNECT_SWAPPED);
      gtk_list_box_append (self->commands_list, create_command_row (self, command, i));
    }
}

GtkListBox *
bench_automation_panel_get_commands_list (BenchAutomationPanel *self)
{
  g_return_val_if_fail (BENCH_IS_AUTOMATION_PANEL (self), NULL);

  return self->commands_list;
}

GtkWidget *
bench_automation_panel_edit_command (BenchAutomationPanel *self,
                                     int                   index)
{
  BenchCommand *command = NULL;
  GtkWidget *editor;
  GtkRoot *root;

  g_return_val_if_fail (BENCH_IS_AUTOMATION_PANEL (self), NULL);

  if (index >= 0)
    {
      command = bench_command_set_get_command (self->commands, index);
      g_return_val_if_fail (command != NULL, NULL);
    }

  editor = bench_command_editor_new (self->commands, command);
  root = gtk_widget_get_root (GTK_WIDGET (self));
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (editor), GTK_WINDOW (root));
  gtk_window_present (GTK_WINDOW (editor));

  return editor;
}

static void
bench_automation_panel_new_command_action (GtkWidget  *widget,
                                           const char *action_name,
                                           GVariant   *param)
{
  bench_automation_panel_edit_command (BENCH_AUTOMATION_PANEL (widget), -1);
}

static void
bench_automation_panel_command_action (GtkWidget  *widget,
                                       const char *action_name,
                                       GVariant   *param)
{
  BenchAutomationPanel *self = BENCH_AUTOMATION_PANEL (widget);
  guint index = g_variant_get_uint32 (param);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->commands));

  if (index >= n)
    return;

  if (g_str_equal (action_name, "panel.edit-command"))
    bench_automation_panel_edit_command (self, index);
  else if (g_str_equal (action_name, "panel.move-command-up") && index > 0)
    bench_command_set_move (self->commands, index, index - 1);
  else if (g_str_equal (action_name, "panel.move-command-down") && index + 1 < n)
    bench_command_set_move (self->commands, index, index + 1);
  else if (g_str_equal (action_name, "panel.remove-command"))
    bench_command_set_remove (self->commands, index);
}

/* Showing */

gboolean
bench_automation_panel_get_revealed (BenchAutomationPanel *self)
{
  g_return_val_if_fail (BENCH_IS_AUTOMATION_PANEL (self), FALSE);

  return self->revealed;
}

void
bench_automation_panel_set_revealed (BenchAutomationPanel *self,
                                     gboolean              revealed)
{
  g_return_if_fail (BENCH_IS_AUTOMATION_PANEL (self));

  revealed = !!revealed;
  if (revealed == self->revealed)
    return;

  self->revealed = revealed;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REVEALED]);
}

/* GObject */

static GtkWidget *
make_placeholder (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_add_css_class (label, "list-placeholder");

  return label;
}

static void
bench_automation_panel_constructed (GObject *object)
{
  BenchAutomationPanel *self = (BenchAutomationPanel *) object;

  G_OBJECT_CLASS (bench_automation_panel_parent_class)->constructed (object);

  g_assert (BENCH_IS_DEVICE (self->device));

  self->poller = g_object_ref (bench_device_get_poller (self->device));
  self->commands = g_object_ref (bench_device_get_commands (self->device));

  g_object_bind_property (self->poller, "running", self->running_switch, "active",
                          G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  g_signal_connect_object (self->poller, "notify", G_CALLBACK (bench_automation_panel_queue_totals),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->device, "notify::state", G_CALLBACK (bench_automation_panel_queue_totals),
                           self, G_CONNECT_SWAPPED);
  gtk_list_box_bind_model (self->queries_list, G_LIST_MODEL (self->poller), create_query_row, self->poller, NULL);
  gtk_list_box_set_placeholder (self->queries_list,
                                make_placeholder (_("No queries yet: add one below, e.g. MEAS:VOLT?@500ms")));

  g_signal_connect_object (self->commands, "items-changed",
                           G_CALLBACK (bench_automation_panel_commands_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_list_box_set_placeholder (self->commands_list,
                                make_placeholder (_("No command buttons yet")));
  bench_automation_panel_commands_changed_cb (self);

  if (self->settings != NULL)
    g_settings_bind (bench_settings_get_settings (self->settings), "automation-panel",
                     self, "revealed", G_SETTINGS_BIND_DEFAULT);

  bench_automation_panel_update_totals (self);
}

static void
bench_automation_panel_dispose (GObject *object)
{
  BenchAutomationPanel *self = (BenchAutomationPanel *) object;
  GtkWidget *child;

  g_clear_handle_id (&self->totals_id, g_source_remove);
  if (self->settings != NULL)
    g_settings_unbind (self, "revealed");
  gtk_widget_dispose_template (GTK_WIDGET (self), BENCH_TYPE_AUTOMATION_PANEL);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->poller);
  g_clear_object (&self->commands);
  g_clear_object (&self->device);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (bench_automation_panel_parent_class)->dispose (object);
}

static void
bench_automation_panel_finalize (GObject *object)
{
  BenchAutomationPanel *self = (BenchAutomationPanel *) object;

  g_clear_pointer (&self->add_hint, g_free);

  G_OBJECT_CLASS (bench_automation_panel_parent_class)->finalize (object);
}

static void
bench_automation_panel_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  BenchAutomationPanel *self = BENCH_AUTOMATION_PANEL (object);

  switch (prop_id)
    {
    case PROP_DEVICE:
      g_value_set_object (value, self->device);
      break;
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    case PROP_REVEALED:
      g_value_set_boolean (value, bench_automation_panel_get_revealed (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bench_automation_panel_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  BenchAutomationPanel *self = BENCH_AUTOMATION_PANEL (object);

  switch (prop_id)
    {
    case PROP_DEVICE:
      self->device = g_value_dup_object (value);
      break;
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    case PROP_REVEALED:
      bench_automation_panel_set_revealed (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bench_automation_panel_class_init (BenchAutomationPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = bench_automation_panel_constructed;
  object_class->dispose = bench_automation_panel_dispose;
  object_class->finalize = bench_automation_panel_finalize;
  object_class->get_property = bench_automation_panel_get_property;
  object_class->set_property = bench_automation_panel_set_property;

#define CO (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS)
  properties[PROP_DEVICE] = g_param_spec_object ("device", NULL, NULL, BENCH_TYPE_DEVICE, CO);
  properties[PROP_SETTINGS] = g_param_spec_object ("settings", NULL, NULL, BENCH_TYPE_SETTINGS, CO);
#undef CO
  properties[PROP_REVEALED] =
    g_param_spec_boolean ("revealed", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (BENCH_TYPE_QUERY_ROW);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/benchtop/Benchtop/bench-automation-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, BenchAutomationPanel, running_switch);
  gtk_widget_class_bind_template_child (widget_class, BenchAutomationPanel, totals_label);
  gtk_widget_class_bind_template_child (widget_class, BenchAutomationPanel, queries_list);
  gtk_widget_class_bind_template_child (widget_class, BenchAutomationPanel, add_entry);
  gtk_widget_class_bind_template_child (widget_class, BenchAutomationPanel, add_label);
  gtk_widget_class_bind_template_child (widget_class, BenchAutomationPanel, commands_list);
  gtk_widget_class_bind_template_callback (widget_class, bench_automation_panel_add_cb);
  gtk_widget_class_bind_template_callback (widget_class, bench_automation_panel_add_changed_cb);

  gtk_widget_class_install_action (widget_class, "panel.new-command", NULL, bench_automation_panel_new_command_action);
  gtk_widget_class_install_action (widget_class, "panel.edit-command", "u", bench_automation_panel_command_action);
  gtk_widget_class_install_action (widget_class, "panel.move-command-up", "u", bench_automation_panel_command_action);
  gtk_widget_class_install_action (widget_class, "panel.move-command-down", "u", bench_automation_panel_command_action);
  gtk_widget_class_install_action (widget_class, "panel.remove-command", "u", bench_automation_panel_command_action);

  gtk_widget_class_set_css_name (widget_class, "benchautomationpanel");
}

static void
bench_automation_panel_init (BenchAutomationPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->add_hint = g_strdup (gtk_label_get_text (self->add_label));
}

GtkWidget *
bench_automation_panel_new (BenchDevice   *device,
                            BenchSettings *settings)
{
  g_return_val_if_fail (BENCH_IS_DEVICE (device), NULL);
  g_return_val_if_fail (settings == NULL || BENCH_IS_SETTINGS (settings), NULL);

  return g_object_new (BENCH_TYPE_AUTOMATION_PANEL,
                       "device", device,
                       "settings", settings,
                       NULL);
}
