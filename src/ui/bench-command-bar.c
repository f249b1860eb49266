/* bench-command-bar.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "bench-command-bar.h"
#include "bench-command-runner.h"
#include "bench-command-set.h"

struct _BenchCommandBar
{
  GtkWidget           parent_instance;

  BenchDevice        *device;
  BenchSettings      *settings;
  BenchCommandSet    *commands;
  BenchCommandRunner *runner;

  GtkBox             *buttons_box;
  GtkLabel           *status_label;
  GtkButton          *stop_button;
};

G_DEFINE_FINAL_TYPE (BenchCommandBar, bench_command_bar, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_DEVICE,
  PROP_SETTINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* State */

static void
bench_command_bar_update_state (BenchCommandBar *self)
{
  gboolean connected = bench_device_get_state (self->device) == BENCH_DEVICE_CONNECTED;
  const char *current = bench_command_runner_get_current (self->runner);
  guint queued = bench_command_runner_get_queued (self->runner);
  gboolean marked = FALSE;
  g_autoptr(GString) status = g_string_new (NULL);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->buttons_box));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      BenchCommand *command = g_object_get_data (G_OBJECT (child), "bench-command");
      /* the runner runs a copy: the first button with its name */
      gboolean running = !marked && current != NULL && g_strcmp0 (bench_command_get_name (command), current) == 0;

      marked |= running;
      gtk_widget_set_sensitive (child, connected);
      if (running)
        gtk_widget_add_css_class (child, "suggested-action");
      else
        gtk_widget_remove_css_class (child, "suggested-action");
    }

  if (current != NULL)
    /* Translators: a command button's sequence is being sent */
    g_string_append_printf (status, _("Running “%s”"), current);
  if (queued > 0)
    {
      g_autofree char *waiting = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u queued", "%u queued", queued), queued);

      g_string_append_printf (status, "%s%s", status->len ? " · " : "", waiting);
    }
  gtk_label_set_text (self->status_label, status->str);
  gtk_widget_set_visible (GTK_WIDGET (self->stop_button), bench_command_runner_get_busy (self->runner));
}

const char *
bench_command_bar_get_status (BenchCommandBar *self)
{
  g_return_val_if_fail (BENCH_IS_COMMAND_BAR (self), NULL);

  return gtk_label_get_text (self->status_label);
}

/* Buttons */

static void
bench_command_bar_button_clicked_cb (GtkButton       *button,
                                     BenchCommandBar *self)
{
  BenchCommand *command = g_object_get_data (G_OBJECT (button), "bench-command");

  bench_command_runner_run (self->runner, command);
}

static GtkWidget *
create_button (BenchCommandBar *self,
               BenchCommand    *command,
               guint            index)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *name = gtk_label_new (bench_command_get_name (command));
  g_autofree char *steps = g_strdup (bench_command_get_text (command));
  g_autofree char *tooltip = NULL;

  /* the steps, one per line, under the shortcut */
  g_strstrip (steps);
  if (index < 9)
    {
      g_autofree char *number_text = g_strdup_printf ("%u", index + 1);
      GtkWidget *number = gtk_label_new (number_text);

      gtk_widget_add_css_class (number, "command-index");
      gtk_box_append (GTK_BOX (box), number);
      tooltip = g_strdup_printf (_("Ctrl+%u\n%s"), index + 1, steps);
    }
  else
    tooltip = g_strdup (steps);

  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (name), 24);
  gtk_box_append (GTK_BOX (box), name);
  gtk_button_set_child (GTK_BUTTON (button), box);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_add_css_class (button, "command-button");
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  bench_command_get_name (command), -1);
  g_object_set_data_full (G_OBJECT (button), "bench-command", g_object_ref (command), g_object_unref);
  g_signal_connect_object (button, "clicked", G_CALLBACK (bench_command_bar_button_clicked_cb), self, 0);

  return button;
}

static void
bench_command_bar_rebuild (BenchCommandBar *self)
{
  GListModel *model = G_LIST_MODEL (self->commands);
  guint n = g_list_model_get_n_items (model);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->buttons_box))) != NULL)
    gtk_box_remove (self->buttons_box, child);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BenchCommand) command = g_list_model_get_item (model, i);

      /* a rename or new steps show at once */
      g_signal_handlers_disconnect_by_func (command, bench_command_bar_rebuild, self);
      g_signal_connect_object (command, "notify", G_CALLBACK (bench_command_bar_rebuild), self, G_CONNECT_SWAPPED);
      gtk_box_append (self->buttons_box, create_button (self, command, i));
    }

  gtk_widget_set_visible (GTK_WIDGET (self), n > 0);
  bench_command_bar_update_state (self);
}

GtkButton *
bench_command_bar_get_button (BenchCommandBar *self,
                              guint            index)
{
  GtkWidget *child;

  g_return_val_if_fail (BENCH_IS_COMMAND_BAR (self), NULL);

  child = gtk_widget_get_first_child (GTK_WIDGET (self->buttons_box));
  for (guint i = 0; child != NULL && i < index; i++)
    child = gtk_widget_get_next_sibling (child);

  return child ? GTK_BUTTON (child) : NULL;
}

static void
bench_command_bar_stop_cb (BenchCommandBar *self)
{
  bench_command_runner_cancel (self->runner);
}

static void
bench_command_bar_edit_cb (BenchCommandBar *self)
{
  /* the panel, on every device page */
  if (self->settings != NULL)
    g_settings_set_boolean (bench_settings_get_settings (self->settings), "automation-panel", TRUE);
}

/* GObject */

static void
bench_command_bar_constructed (GObject *object)
{
  BenchCommandBar *self = (BenchCommandBar *) object;

  G_OBJECT_CLASS (bench_command_bar_parent_class)->constructed (object);

  g_assert (BENCH_IS_DEVICE (self->device));

  self->commands = g_object_ref (bench_device_get_commands (self->device));
  self->runner = g_object_ref (bench_device_get_runner (self->device));

  g_signal_connect_object (self->commands, "items-changed", G_CALLBACK (bench_command_bar_rebuild),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->runner, "notify", G_CALLBACK (bench_command_bar_update_state),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->device, "notify::state", G_CALLBACK (bench_command_bar_update_state),
                           self, G_CONNECT_SWAPPED);
  gtk_widget_set_visible (GTK_WIDGET (self->stop_button), FALSE);
  bench_command_bar_rebuild (self);
}

static void
bench_command_bar_dispose (GObject *object)
{
  BenchCommandBar *self = (BenchCommandBar *) object;
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), BENCH_TYPE_COMMAND_BAR);
  /* and the template's unnamed children */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->commands);
  g_clear_object (&self->runner);
  g_clear_object (&self->device);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (bench_command_bar_parent_class)->dispose (object);
}

static void
bench_command_bar_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  BenchCommandBar *self = BENCH_COMMAND_BAR (object);

  switch (prop_id)
    {
    case PROP_DEVICE:
      g_value_set_object (value, self->device);
      break;
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bench_command_bar_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  BenchCommandBar *self = BENCH_COMMAND_BAR (object);

  switch (prop_id)
    {
    case PROP_DEVICE:
      self->device = g_value_dup_object (value);
      break;
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bench_command_bar_class_init (BenchCommandBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = bench_command_bar_constructed;
  object_class->dispose = bench_command_bar_dispose;
  object_class->get_property = bench_command_bar_get_property;
  object_class->set_property = bench_command_bar_set_property;

#define CO (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS)
  properties[PROP_DEVICE] = g_param_spec_object ("device", NULL, NULL, BENCH_TYPE_DEVICE, CO);
  properties[PROP_SETTINGS] = g_param_spec_object ("settings", NULL, NULL, BENCH_TYPE_SETTINGS, CO);
#undef CO
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/benchtop/Benchtop/bench-command-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, BenchCommandBar, buttons_box);
  gtk_widget_class_bind_template_child (widget_class, BenchCommandBar, status_label);
  gtk_widget_class_bind_template_child (widget_class, BenchCommandBar, stop_button);
  gtk_widget_class_bind_template_callback (widget_class, bench_command_bar_stop_cb);
  gtk_widget_class_bind_template_callback (widget_class, bench_command_bar_edit_cb);

  gtk_widget_class_set_css_name (widget_class, "benchcommandbar");
}

static void
bench_command_bar_init (BenchCommandBar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
bench_command_bar_new (BenchDevice   *device,
                       BenchSettings *settings)
{
  g_return_val_if_fail (BENCH_IS_DEVICE (device), NULL);

  return g_object_new (BENCH_TYPE_COMMAND_BAR,
                       "device", device,
                       "settings", settings,
                       NULL);
}
