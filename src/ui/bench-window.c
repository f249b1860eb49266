/* bench-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The sidebar lists "All Devices" and then the session's devices (a
 * flattened model, one row widget per device). Every device has its page
 * in the content stack from the moment it is added, whichever is shown:
 * devices stay live, and a hidden console only catches up when shown.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "bench-connect-dialog.h"
#include "bench-device-row.h"
#include "bench-window-private.h"

G_DEFINE_FINAL_TYPE (BenchWindow, bench_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_RECORDING,
  PROP_SHOW_PLOT,
  PROP_PLOT_MODE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Toasts */

void
bench_window_show_toast (BenchWindow *self,
                         const char  *message)
{
  g_autofree char *escaped = NULL;
  AdwToast *toast;

  g_return_if_fail (BENCH_IS_WINDOW (self));
  g_return_if_fail (message != NULL);

  g_free (self->last_toast);
  self->last_toast = g_strdup (message);

  /* an AdwToast title is markup on Adw 1.2; messages carry device names */
  escaped = g_markup_escape_text (message, -1);
  toast = adw_toast_new (escaped);
  adw_toast_set_timeout (toast, 6);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* Title */

static void
bench_window_update_title (BenchWindow *self)
{
  GListModel *devices = bench_session_get_devices (self->session);
  guint n = g_list_model_get_n_items (devices);

  if (n == 0)
    {
      adw_window_title_set_title (self->content_title, "Benchtop");
      adw_window_title_set_subtitle (self->content_title, NULL);
      gtk_window_set_title (GTK_WINDOW (self), "Benchtop");
    }
  else if (self->selected == NULL)
    {
      g_autofree char *subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u device", "%u devices", n), n);

      adw_window_title_set_title (self->content_title, _("All Devices"));
      adw_window_title_set_subtitle (self->content_title, subtitle);
      gtk_window_set_title (GTK_WINDOW (self), "Benchtop");
    }
  else
    {
      const BenchSpec *spec = bench_device_get_spec (self->selected);
      g_autofree char *framing = bench_spec_dup_framing (spec);
      g_autofree char *subtitle = NULL;
      g_autofree char *title = NULL;
      const char *path = bench_device_get_path (self->selected);

      /* raw TCP has no framing of its own */
      if (spec->kind == BENCH_ADDRESS_SOCKET)
        subtitle = g_strdup_printf ("%s · %s", spec->address, _("raw TCP"));
      else if (path != NULL && g_strcmp0 (path, spec->address) != 0)
        subtitle = g_strdup_printf ("%s · %s · %s", spec->address, path, framing);
      else
        subtitle = g_strdup_printf ("%s · %s", spec->address, framing);

      adw_window_title_set_title (self->content_title, bench_device_get_name (self->selected));
      adw_window_title_set_subtitle (self->content_title, subtitle);
      title = g_strdup_printf ("%s — Benchtop", bench_device_get_name (self->selected));
      gtk_window_set_title (GTK_WINDOW (self), title);
    }
}

/* Pages */

BenchDevicePage *
bench_window_get_page (BenchWindow *self,
                       BenchDevice *device)
{
  g_return_val_if_fail (BENCH_IS_WINDOW (self), NULL);

  if (device == NULL)
    return self->overview_page;

  return g_hash_table_lookup (self->pages, device);
}

BenchDevicePage *
bench_window_get_visible_page (BenchWindow *self)
{
  GtkWidget *child;

  g_return_val_if_fail (BENCH_IS_WINDOW (self), NULL);

  child = gtk_stack_get_visible_child (self->content_stack);

  return BENCH_IS_DEVICE_PAGE (child) ? BENCH_DEVICE_PAGE (child) : NULL;
}

BenchDevice *
bench_window_get_selected_device (BenchWindow *self)
{
  g_return_val_if_fail (BENCH_IS_WINDOW (self), NULL);

  return self->selected;
}

static void
bench_window_show_selected (BenchWindow *self)
{
  GListModel *devices = bench_session_get_devices (self->session);
  GtkWidget *page;

  if (g_list_model_get_n_items (devices) == 0)
    gtk_stack_set_visible_child_name (self->content_stack, "empty");
  else
    {
      page = GTK_WIDGET (bench_window_get_page (self, self->selected));
      if (page == NULL)
        page = GTK_WIDGET (self->overview_page);
      gtk_stack_set_visible_child (self->content_stack, page);
    }

  g_signal_group_set_target (self->selected_signals, self->selected);
  bench_window_update_title (self);
  _bench_window_update_actions (self);
}

void
bench_window_select_device (BenchWindow *self,
                            BenchDevice *device)
{
  GListModel *devices;
  GtkListBoxRow *row = NULL;
  guint position;

  g_return_if_fail (BENCH_IS_WINDOW (self));
  g_return_if_fail (device == NULL || BENCH_IS_DEVICE (device));

  devices = bench_session_get_devices (self->session);
  if (device == NULL)
    row = gtk_list_box_get_row_at_index (self->device_list, 0);
  else if (g_list_store_find (G_LIST_STORE (devices), device, &position))
    row = gtk_list_box_get_row_at_index (self->device_list, position + 1);

  if (row == NULL)
    device = NULL;
  g_set_object (&self->selected, device);
  self->selecting = TRUE;
  if (row != NULL)
    gtk_list_box_select_row (self->device_list, row);
  self->selecting = FALSE;
  bench_window_show_selected (self);
}

static void
bench_window_row_selected_cb (BenchWindow   *self,
                              GtkListBoxRow *row,
                              GtkListBox    *list)
{
  if (row == NULL || self->selecting)
    return;

  {
    BenchDevice *device = bench_device_row_get_device (BENCH_DEVICE_ROW (row));

    g_set_object (&self->selected, device);
  }
  bench_window_show_selected (self);
}

static void
bench_window_row_activated_cb (BenchWindow   *self,
                               GtkListBoxRow *row,
                               GtkListBox    *list)
{
  /* on a narrow window, a click in the sidebar shows the page */
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
bench_window_back_cb (BenchWindow *self)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static GtkWidget *
bench_window_create_row (gpointer item,
                         gpointer user_data)
{
  BenchWindow *self = user_data;

  if (BENCH_IS_DEVICE (item))
    return bench_device_row_new (item);

  return bench_device_row_new_overview (self->session);
}

static void
bench_window_devices_changed_cb (BenchWindow *self,
                                 guint        position,
                                 guint        removed,
                                 guint        added,
                                 GListModel  *devices)
{
  g_autoptr(GHashTable) present = g_hash_table_new (NULL, NULL);
  GHashTableIter iter;
  gpointer key, value;
  guint n = g_list_model_get_n_items (devices);
  gboolean selected_gone;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BenchDevice) device = g_list_model_get_item (devices, i);

      g_hash_table_add (present, device);
      if (!g_hash_table_contains (self->pages, device))
        {
          GtkWidget *page = bench_device_page_new (self->session, device, self->settings);

          gtk_stack_add_child (self->content_stack, page);
          g_hash_table_insert (self->pages, g_object_ref (device), page);
          _bench_window_add_plot (self, device, BENCH_DEVICE_PAGE (page));
        }
    }

  g_hash_table_iter_init (&iter, self->pages);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      if (!g_hash_table_contains (present, key))
        {
          _bench_window_remove_plot (self, key);
          gtk_stack_remove (self->content_stack, value);
          g_hash_table_iter_remove (&iter);
        }
    }

  selected_gone = self->selected != NULL && !g_hash_table_contains (present, self->selected);

  /* a first device, or one added while nothing was there: show it */
  if (n > 0 && added > 0 && n == added)
    {
      g_autoptr(BenchDevice) first = g_list_model_get_item (devices, position);

      bench_window_select_device (self, first);
    }
  else if (selected_gone || self->selected == NULL)
    bench_window_select_device (self, NULL);
  else
    bench_window_show_selected (self);
}

/* Recording */

static void
bench_window_recording_changed_cb (BenchWindow  *self,
                                   GParamSpec   *pspec,
                                   BenchSession *session)
{
  gboolean recording = bench_session_get_recording (session);

  gtk_revealer_set_reveal_child (self->recording_revealer, recording);
  if (recording)
    {
      g_autofree char *owned = NULL;

      g_object_get (session, "recording-path", &owned, NULL);
      gtk_label_set_text (self->recording_label, owned ? owned : "");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->recording_label), owned);
      gtk_widget_add_css_class (GTK_WIDGET (self->record_button), "recording");
    }
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->record_button), "recording");

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECORDING]);
}

static void
bench_window_set_recording (BenchWindow *self,
                            gboolean     recording)
{
  BenchApplication *app = BENCH_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));

  if (recording == bench_session_get_recording (self->session))
    return;

  /* the property follows the session: asking for it opens a file chooser */
  if (recording)
    _bench_window_choose_record_file (self);
  else
    bench_application_stop_recording (app);
}

/* Connecting */

static gboolean
bench_window_dialog_connect_cb (BenchWindow        *self,
                                const char         *spec,
                                BenchConnectDialog *dialog)
{
  BenchApplication *app = BENCH_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  g_autoptr(GError) error = NULL;
  BenchDevice *device;

  device = bench_application_connect (app, spec, &error);
  if (device == NULL)
    {
      bench_application_report_error (app, error->message);
      return FALSE;
    }

  bench_window_select_device (self, device);
  return TRUE;
}

GtkWidget *
bench_window_present_connect_dialog (BenchWindow *self)
{
  BenchConnectDialog *dialog;

  g_return_val_if_fail (BENCH_IS_WINDOW (self), NULL);

  dialog = bench_connect_dialog_new (self->settings, self->ports);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (self));
  g_signal_connect_object (dialog, "connect", G_CALLBACK (bench_window_dialog_connect_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));

  return GTK_WIDGET (dialog);
}

/* Window state */

static gboolean
bench_window_close_request (GtkWindow *window)
{
  BenchWindow *self = BENCH_WINDOW (window);
  GSettings *settings = bench_settings_get_settings (self->settings);
  int width, height;

  gtk_window_get_default_size (window, &width, &height);
  g_settings_set_int (settings, "window-width", width);
  g_settings_set_int (settings, "window-height", height);
  g_settings_set_boolean (settings, "window-maximized", gtk_window_is_maximized (window));

  return GTK_WINDOW_CLASS (bench_window_parent_class)->close_request (window);
}

/* GObject */

/* After construction: GtkWindow:application is not a construct property. */
static void
bench_window_setup (BenchWindow      *self,
                    BenchApplication *app)
{
  GSettings *settings;
  GListModel *devices;
  g_autoptr(GListStore) parts = NULL;

  g_assert (BENCH_IS_APPLICATION (app));

  self->session = g_object_ref (bench_application_get_session (app));
  self->settings = g_object_ref (bench_application_get_settings (app));
  self->journal = g_object_ref (bench_application_get_journal (app));
  self->ports = g_object_ref (bench_application_get_port_monitor (app));
  devices = bench_session_get_devices (self->session);

  settings = bench_settings_get_settings (self->settings);
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (settings, "window-width"),
                               g_settings_get_int (settings, "window-height"));
  if (g_settings_get_boolean (settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  /* F9: the queries and command buttons panel of every device page */
  {
    g_autoptr(GAction) panel = g_settings_create_action (settings, "automation-panel");

    g_action_map_add_action (G_ACTION_MAP (self), panel);
  }

  /* the sidebar: All Devices, then the devices */
  self->sidebar_head = g_list_store_new (G_TYPE_OBJECT);
  g_list_store_append (self->sidebar_head, self->journal);
  parts = g_list_store_new (G_TYPE_LIST_MODEL);
  g_list_store_append (parts, self->sidebar_head);
  g_list_store_append (parts, devices);
  self->sidebar_model = gtk_flatten_list_model_new (G_LIST_MODEL (g_steal_pointer (&parts)));
  gtk_list_box_bind_model (self->device_list, G_LIST_MODEL (self->sidebar_model),
                           bench_window_create_row, self, NULL);

  self->overview_page = BENCH_DEVICE_PAGE (bench_device_page_new_overview (self->session, self->journal, self->settings));
  gtk_stack_add_named (self->content_stack, GTK_WIDGET (self->overview_page), "overview");
  _bench_window_add_overview_plot (self);

  g_signal_connect_object (devices, "items-changed", G_CALLBACK (bench_window_devices_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::recording", G_CALLBACK (bench_window_recording_changed_cb),
                           self, G_CONNECT_SWAPPED);
  bench_window_recording_changed_cb (self, NULL, self->session);

  bench_window_devices_changed_cb (self, 0, 0, g_list_model_get_n_items (devices), devices);
}

static void
bench_window_dispose (GObject *object)
{
  BenchWindow *self = (BenchWindow *) object;

  _bench_window_plots_dispose (self);
  if (self->chooser != NULL)
    {
      gtk_native_dialog_destroy (self->chooser);
      g_clear_object (&self->chooser);
    }
  if (self->selected_signals != NULL)
    g_signal_group_set_target (self->selected_signals, NULL);
  g_clear_object (&self->selected_signals);
  g_clear_object (&self->selected);
  if (self->pages != NULL)
    g_hash_table_remove_all (self->pages);
  gtk_widget_dispose_template (GTK_WIDGET (self), BENCH_TYPE_WINDOW);
  g_clear_object (&self->sidebar_model);
  g_clear_object (&self->sidebar_head);
  g_clear_object (&self->session);
  g_clear_object (&self->settings);
  g_clear_object (&self->journal);
  g_clear_object (&self->ports);

  G_OBJECT_CLASS (bench_window_parent_class)->dispose (object);
}

static void
bench_window_finalize (GObject *object)
{
  BenchWindow *self = (BenchWindow *) object;

  g_clear_pointer (&self->pages, g_hash_table_unref);
  g_clear_pointer (&self->last_toast, g_free);
  _bench_window_plots_finalize (self);

  G_OBJECT_CLASS (bench_window_parent_class)->finalize (object);
}

static void
bench_window_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  BenchWindow *self = BENCH_WINDOW (object);

  switch (prop_id)
    {
    case PROP_RECORDING:
      g_value_set_boolean (value, self->session && bench_session_get_recording (self->session));
      break;
    case PROP_SHOW_PLOT:
      g_value_set_boolean (value, self->show_plot);
      break;
    case PROP_PLOT_MODE:
      g_value_set_string (value, self->plot_mode);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bench_window_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  BenchWindow *self = BENCH_WINDOW (object);

  switch (prop_id)
    {
    case PROP_RECORDING:
      bench_window_set_recording (self, g_value_get_boolean (value));
      break;
    case PROP_SHOW_PLOT:
      if (self->show_plot != g_value_get_boolean (value))
        {
          self->show_plot = g_value_get_boolean (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_PLOT_MODE:
      if (g_value_get_string (value) != NULL && g_strcmp0 (self->plot_mode, g_value_get_string (value)) != 0)
        {
          g_free (self->plot_mode);
          self->plot_mode = g_value_dup_string (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bench_window_class_init (BenchWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = bench_window_dispose;
  object_class->finalize = bench_window_finalize;
  object_class->get_property = bench_window_get_property;
  object_class->set_property = bench_window_set_property;

  window_class->close_request = bench_window_close_request;

  /* what the record toggle shows: the session records */
  properties[PROP_RECORDING] =
    g_param_spec_boolean ("recording", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* the shown page's plot: win.show-plot and win.plot-mode (auto, kv, csv, regex, off) */
  properties[PROP_SHOW_PLOT] =
    g_param_spec_boolean ("show-plot", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PLOT_MODE] =
    g_param_spec_string ("plot-mode", NULL, NULL, "auto",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (BENCH_TYPE_DEVICE_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/benchtop/Benchtop/bench-window.ui");
  gtk_widget_class_bind_template_child (widget_class, BenchWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, BenchWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, BenchWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, BenchWindow, content);
  gtk_widget_class_bind_template_child (widget_class, BenchWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, BenchWindow, device_list);
  gtk_widget_class_bind_template_child (widget_class, BenchWindow, recording_revealer);
  gtk_widget_class_bind_template_child (widget_class, BenchWindow, recording_label);
  gtk_widget_class_bind_template_child (widget_class, BenchWindow, content_title);
  gtk_widget_class_bind_template_child (widget_class, BenchWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, BenchWindow, record_button);
  gtk_widget_class_bind_template_child (widget_class, BenchWindow, device_menu_button);
  gtk_widget_class_bind_template_child (widget_class, BenchWindow, automation_button);
  gtk_widget_class_bind_template_callback (widget_class, bench_window_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, bench_window_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, bench_window_back_cb);

  _bench_window_class_actions_init (widget_class);
  _bench_window_class_plot_actions_init (widget_class);
}

static void
bench_window_init (BenchWindow *self)
{
  self->pages = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);
  _bench_window_plots_init (self);

  gtk_widget_init_template (GTK_WIDGET (self));

  self->selected_signals = g_signal_group_new (BENCH_TYPE_DEVICE);
  g_signal_group_connect_swapped (self->selected_signals, "notify::name",
                                  G_CALLBACK (bench_window_update_title), self);
  g_signal_group_connect_swapped (self->selected_signals, "notify::spec",
                                  G_CALLBACK (bench_window_update_title), self);
  g_signal_group_connect_swapped (self->selected_signals, "notify::path",
                                  G_CALLBACK (bench_window_update_title), self);
  g_signal_group_connect_swapped (self->selected_signals, "notify::state",
                                  G_CALLBACK (_bench_window_update_actions), self);
}

BenchWindow *
bench_window_new (BenchApplication *application)
{
  BenchWindow *self;

  g_return_val_if_fail (BENCH_IS_APPLICATION (application), NULL);

  self = g_object_new (BENCH_TYPE_WINDOW, "application", application, NULL);
  bench_window_setup (self, application);

  return self;
}
