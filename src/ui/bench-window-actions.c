/* bench-window-actions.c - the win.* actions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Device actions take the device's name ("" for the selected device), so
 * the sidebar rows' menus and the header's menu share them. Console actions
 * reach the console on screen, so their accelerators work from anywhere in
 * the window.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "bench-connect-dialog.h"
#include "bench-window-private.h"

static BenchApplication *
bench_window_get_app (BenchWindow *self)
{
  return BENCH_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
}

BenchDevice *
_bench_window_lookup_device (BenchWindow *self,
                             GVariant    *param)
{
  const char *name = param ? g_variant_get_string (param, NULL) : "";
  BenchDevice *device;

  if (*name == '\0')
    {
      if (self->selected == NULL)
        bench_window_show_toast (self, _("Select a device first"));
      return self->selected;
    }

  device = bench_session_find_device (self->session, name);
  if (device == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("No device named “%s”"), name);

      bench_application_report_error (bench_window_get_app (self), message);
    }

  return device;
}

/* File names and formats */

char *
_bench_window_default_file_name (const char *extension)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%d-%H%M");

  return g_strdup_printf ("benchtop-%s.%s", stamp, extension);
}

static const char *
format_extension (BenchLogFormat format)
{
  switch (format)
    {
    case BENCH_LOG_CSV:
      return "csv";
    case BENCH_LOG_JSONL:
      return "jsonl";
    case BENCH_LOG_TEXT:
    default:
      return "txt";
    }
}

BenchLogFormat
_bench_window_resolve_format (char       **path,
                              const char  *choice)
{
  const char *dot = strrchr (*path, '.');
  const char *slash = strrchr (*path, '/');
  BenchLogFormat format = BENCH_LOG_CSV;

  if (dot != NULL && (slash == NULL || dot > slash))
    {
      g_autofree char *ext = g_ascii_strdown (dot + 1, -1);

      if (g_str_equal (ext, "csv") || g_str_equal (ext, "jsonl") || g_str_equal (ext, "json") ||
          g_str_equal (ext, "ndjson") || g_str_equal (ext, "txt") || g_str_equal (ext, "log") ||
          g_str_equal (ext, "text"))
        return bench_log_format_from_path (*path);
    }

  if (choice == NULL || !bench_log_format_from_string (choice, &format))
    format = BENCH_LOG_CSV;

  {
    char *with_ext = g_strconcat (*path, ".", format_extension (format), NULL);

    g_free (*path);
    *path = with_ext;
  }

  return format;
}

static GFile *
documents_folder (void)
{
  const char *dir = g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS);
  g_autofree char *fallback = NULL;

  if (dir == NULL || !g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      fallback = g_build_filename (g_get_home_dir (), "Documents", NULL);
      dir = g_file_test (fallback, G_FILE_TEST_IS_DIR) ? fallback : g_get_home_dir ();
    }

  return g_file_new_for_path (dir);
}

/* Recording */

void
_bench_window_record_to (BenchWindow *self,
                         GFile       *file)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_file_get_path (file);

  if (path == NULL)
    {
      bench_window_show_toast (self, _("Recording needs a local file"));
      return;
    }

  if (!bench_application_start_recording (bench_window_get_app (self), path, &error))
    bench_application_report_error (bench_window_get_app (self), error->message);
}

static void
bench_window_record_response_cb (BenchWindow          *self,
                                 int                   response,
                                 GtkFileChooserNative *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      _bench_window_record_to (self, file);
    }

  g_clear_object (&self->chooser);
}

void
_bench_window_choose_record_file (BenchWindow *self)
{
  GtkFileChooserNative *chooser;
  g_autofree char *name = NULL;
  g_autoptr(GFile) folder = documents_folder ();

  if (self->chooser != NULL)
    return;

  chooser = gtk_file_chooser_native_new (_("Record the Session"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Record"), _("_Cancel"));
  name = _bench_window_default_file_name (format_extension (bench_settings_get_record_format (self->settings)));
  gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (bench_window_record_response_cb),
                           self, G_CONNECT_SWAPPED);

  self->chooser = GTK_NATIVE_DIALOG (chooser);
  gtk_native_dialog_show (self->chooser);
}

/* Export */

void
_bench_window_export_to (BenchWindow *self,
                         GFile       *file,
                         const char  *format_choice,
                         const char  *device_name)
{
  g_autofree char *path = g_file_get_path (file);
  BenchLogFormat format;

  if (path == NULL)
    {
      bench_window_show_toast (self, _("Export needs a local file"));
      return;
    }

  format = _bench_window_resolve_format (&path, format_choice);
  bench_application_export (bench_window_get_app (self), path, format,
                            device_name && *device_name ? device_name : NULL);
}

static void
bench_window_export_response_cb (BenchWindow          *self,
                                 int                   response,
                                 GtkFileChooserNative *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      const char *format = gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (chooser), "format");
      const char *device = gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (chooser), "device");

      _bench_window_export_to (self, file, format, device);
    }

  g_clear_object (&self->chooser);
}

void
_bench_window_choose_export_file (BenchWindow *self,
                                  const char  *device_name)
{
  static const char *format_ids[] = { "csv", "jsonl", "text", NULL };
  const char *format_labels[] = { "CSV", "JSON Lines", _("Text"), NULL };
  GListModel *devices = bench_session_get_devices (self->session);
  guint n = g_list_model_get_n_items (devices);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GFile) folder = documents_folder ();
  g_autofree char *name = NULL;
  GtkFileChooserNative *chooser;
  BenchLogFormat format = bench_settings_get_record_format (self->settings);

  if (self->chooser != NULL)
    return;

  chooser = gtk_file_chooser_native_new (device_name ? _("Export a Device") : _("Export the Session"),
                                         GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Export"), _("_Cancel"));
  name = _bench_window_default_file_name (format_extension (format));
  gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (chooser), "format", _("Format"), format_ids, format_labels);
  gtk_file_chooser_set_choice (GTK_FILE_CHOOSER (chooser), "format", bench_log_format_to_string (format));

  g_ptr_array_add (ids, g_strdup (""));
  g_ptr_array_add (labels, g_strdup (_("All devices")));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BenchDevice) device = g_list_model_get_item (devices, i);

      g_ptr_array_add (ids, g_strdup (bench_device_get_name (device)));
      g_ptr_array_add (labels, g_strdup (bench_device_get_name (device)));
    }
  g_ptr_array_add (ids, NULL);
  g_ptr_array_add (labels, NULL);
  gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (chooser), "device", _("Devices"),
                               (const char **) ids->pdata, (const char **) labels->pdata);
  gtk_file_chooser_set_choice (GTK_FILE_CHOOSER (chooser), "device", device_name ? device_name : "");

  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (bench_window_export_response_cb),
                           self, G_CONNECT_SWAPPED);

  self->chooser = GTK_NATIVE_DIALOG (chooser);
  gtk_native_dialog_show (self->chooser);
}

/* Actions */

static void
bench_window_connect_device_action (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *param)
{
  bench_window_present_connect_dialog (BENCH_WINDOW (widget));
}

static void
bench_window_open_demos_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *param)
{
  bench_application_open_demos (bench_window_get_app (BENCH_WINDOW (widget)));
}

static void
bench_window_export_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *param)
{
  _bench_window_choose_export_file (BENCH_WINDOW (widget), NULL);
}

static void
bench_window_device_export_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *param)
{
  BenchWindow *self = BENCH_WINDOW (widget);
  BenchDevice *device = _bench_window_lookup_device (self, param);

  if (device != NULL)
    _bench_window_choose_export_file (self, bench_device_get_name (device));
}

static void
bench_window_device_disconnect_action (GtkWidget  *widget,
                                       const char *action_name,
                                       GVariant   *param)
{
  BenchDevice *device = _bench_window_lookup_device (BENCH_WINDOW (widget), param);

  if (device != NULL)
    bench_device_disconnect (device);
}

static void
bench_window_device_reconnect_action (GtkWidget  *widget,
                                      const char *action_name,
                                      GVariant   *param)
{
  BenchDevice *device = _bench_window_lookup_device (BENCH_WINDOW (widget), param);

  if (device == NULL)
    return;

  if (bench_device_get_retrying (device))
    bench_device_retry_now (device);
  else
    {
      if (bench_device_get_state (device) != BENCH_DEVICE_DISCONNECTED)
        bench_device_disconnect (device);
      bench_device_connect (device);
    }
}

static void
bench_window_device_remove_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *param)
{
  BenchWindow *self = BENCH_WINDOW (widget);
  BenchDevice *device = _bench_window_lookup_device (self, param);

  if (device != NULL)
    bench_session_remove_device (self->session, device);
}

static void
bench_window_device_settings_action (GtkWidget  *widget,
                                     const char *action_name,
                                     GVariant   *param)
{
  BenchWindow *self = BENCH_WINDOW (widget);
  BenchDevice *device = _bench_window_lookup_device (self, param);
  BenchConnectDialog *dialog;

  if (device == NULL)
    return;

  dialog = bench_connect_dialog_new_for_device (self->settings, device);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (self));
  gtk_window_present (GTK_WINDOW (dialog));
}

static BenchConsoleView *
bench_window_visible_console (BenchWindow *self)
{
  BenchDevicePage *page = bench_window_get_visible_page (self);

  return page ? bench_device_page_get_console_view (page) : NULL;
}

/* win.search → console.search of the console on screen, and so on */
static void
bench_window_console_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *param)
{
  static const struct { const char *win; const char *console; } map[] = {
    { "win.search", "console.search" },
    { "win.clear-console", "console.clear" },
    { "win.copy-lines", "console.copy" },
    { "win.toggle-relative-time", "console.relative-time" },
    { "win.toggle-hex", "console.hex" },
    { "win.jump-to-live", "console.jump-to-live" },
  };
  BenchConsoleView *console = bench_window_visible_console (BENCH_WINDOW (widget));

  if (console == NULL)
    return;

  for (guint i = 0; i < G_N_ELEMENTS (map); i++)
    if (g_str_equal (map[i].win, action_name))
      gtk_widget_activate_action (GTK_WIDGET (console), map[i].console, NULL);
}

static void
bench_window_focus_send_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *param)
{
  BenchDevicePage *page = bench_window_get_visible_page (BENCH_WINDOW (widget));

  if (page != NULL && bench_device_page_get_send_box (page) != NULL)
    bench_send_box_focus (bench_device_page_get_send_box (page));
}

/* Ctrl+1…9: the command buttons of the device shown */
static void
bench_window_run_command_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *param)
{
  BenchWindow *self = BENCH_WINDOW (widget);
  guint index = g_variant_get_uint32 (param);
  BenchDevice *device = _bench_window_lookup_device (self, NULL);

  if (device != NULL && !bench_device_run_command (device, index))
    {
      g_autofree char *message = g_strdup_printf (_("%s has no command button %u"),
                                                  bench_device_get_name (device), index + 1);

      bench_window_show_toast (self, message);
    }
}

static void
bench_window_show_overview_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *param)
{
  bench_window_select_device (BENCH_WINDOW (widget), NULL);
}

static void
bench_window_step_device_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *param)
{
  BenchWindow *self = BENCH_WINDOW (widget);
  GListModel *devices = bench_session_get_devices (self->session);
  guint n = g_list_model_get_n_items (devices);
  guint position = 0;
  int index;
  g_autoptr(BenchDevice) device = NULL;

  if (n == 0)
    return;

  /* rows: 0 is All Devices, 1..n the devices */
  if (self->selected != NULL && g_list_store_find (G_LIST_STORE (devices), self->selected, &position))
    index = position + 1;
  else
    index = 0;

  index += g_str_equal (action_name, "win.next-device") ? 1 : -1;
  index = (index + n + 1) % (n + 1);

  if (index > 0)
    device = g_list_model_get_item (devices, index - 1);
  bench_window_select_device (self, device);
}

void
_bench_window_update_actions (BenchWindow *self)
{
  gboolean any = g_list_model_get_n_items (bench_session_get_devices (self->session)) > 0;
  BenchDevicePage *page = bench_window_get_visible_page (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export", any);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.next-device", any);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.previous-device", any);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.focus-send",
                                 page != NULL && bench_device_page_get_send_box (page) != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.run-command", self->selected != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->device_menu_button), self->selected != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->automation_button), self->selected != NULL);
  _bench_window_update_plot_actions (self);
}

void
_bench_window_class_actions_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.connect-device", NULL, bench_window_connect_device_action);
  gtk_widget_class_install_action (widget_class, "win.open-demos", NULL, bench_window_open_demos_action);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, bench_window_export_action);
  gtk_widget_class_install_property_action (widget_class, "win.toggle-recording", "recording");

  gtk_widget_class_install_action (widget_class, "win.device-disconnect", "s", bench_window_device_disconnect_action);
  gtk_widget_class_install_action (widget_class, "win.device-reconnect", "s", bench_window_device_reconnect_action);
  gtk_widget_class_install_action (widget_class, "win.device-remove", "s", bench_window_device_remove_action);
  gtk_widget_class_install_action (widget_class, "win.device-settings", "s", bench_window_device_settings_action);
  gtk_widget_class_install_action (widget_class, "win.device-export", "s", bench_window_device_export_action);

  gtk_widget_class_install_action (widget_class, "win.search", NULL, bench_window_console_action);
  gtk_widget_class_install_action (widget_class, "win.clear-console", NULL, bench_window_console_action);
  gtk_widget_class_install_action (widget_class, "win.copy-lines", NULL, bench_window_console_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-relative-time", NULL, bench_window_console_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-hex", NULL, bench_window_console_action);
  gtk_widget_class_install_action (widget_class, "win.jump-to-live", NULL, bench_window_console_action);
  gtk_widget_class_install_action (widget_class, "win.focus-send", NULL, bench_window_focus_send_action);
  gtk_widget_class_install_action (widget_class, "win.run-command", "u", bench_window_run_command_action);

  gtk_widget_class_install_action (widget_class, "win.show-overview", NULL, bench_window_show_overview_action);
  gtk_widget_class_install_action (widget_class, "win.next-device", NULL, bench_window_step_device_action);
  gtk_widget_class_install_action (widget_class, "win.previous-device", NULL, bench_window_step_device_action);
}
