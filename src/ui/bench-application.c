/* bench-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One session per application; the window shows it. The app.* actions
 * work without a window too (gapplication action after
 * --gapplication-service).
 */
#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n.h>

#include "bench-application.h"
#include "bench-automation-store.h"
#include "bench-command-runner.h"
#include "bench-command-set.h"
#include "bench-demo.h"
#include "bench-hotplug.h"
#include "bench-poller.h"
#include "bench-preferences-window.h"
#include "bench-resources.h"
#include "bench-window.h"

struct _BenchApplication
{
  AdwApplication    parent_instance;

  BenchSession     *session;
  BenchSettings    *settings;
  BenchJournal     *journal;
  BenchPortMonitor *ports;
  GHashTable       *stores;        /* BenchDevice* -> BenchAutomationStore* */
  char             *ports_root;
  char             *last_error;
  guint             sigterm_id;
  guint             sigint_id;
};

G_DEFINE_FINAL_TYPE (BenchApplication, bench_application, ADW_TYPE_APPLICATION)

enum {
  PROP_0,
  PROP_PORTS_ROOT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Errors */

static BenchWindow *
bench_application_get_window (BenchApplication *self)
{
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (self));

  for (const GList *l = windows; l != NULL; l = l->next)
    if (BENCH_IS_WINDOW (l->data))
      return l->data;

  return NULL;
}

void
bench_application_report_error (BenchApplication *self,
                                const char       *message)
{
  BenchWindow *window;

  g_return_if_fail (BENCH_IS_APPLICATION (self));
  g_return_if_fail (message != NULL);

  g_free (self->last_error);
  self->last_error = g_strdup (message);
  g_action_group_change_action_state (G_ACTION_GROUP (self), "last-error", g_variant_new_string (message));
  g_debug ("%s", message);

  window = bench_application_get_window (self);
  if (window != NULL)
    bench_window_show_toast (window, message);
}

const char *
bench_application_get_last_error (BenchApplication *self)
{
  g_return_val_if_fail (BENCH_IS_APPLICATION (self), NULL);

  return self->last_error;
}

static void
bench_application_notify (BenchApplication *self,
                          const char       *message)
{
  BenchWindow *window = bench_application_get_window (self);

  if (window != NULL)
    bench_window_show_toast (window, message);
}

/* Accessors */

BenchSession *
bench_application_get_session (BenchApplication *self)
{
  g_return_val_if_fail (BENCH_IS_APPLICATION (self), NULL);

  return self->session;
}

BenchSettings *
bench_application_get_settings (BenchApplication *self)
{
  g_return_val_if_fail (BENCH_IS_APPLICATION (self), NULL);

  return self->settings;
}

BenchJournal *
bench_application_get_journal (BenchApplication *self)
{
  g_return_val_if_fail (BENCH_IS_APPLICATION (self), NULL);

  return self->journal;
}

BenchPortMonitor *
bench_application_get_port_monitor (BenchApplication *self)
{
  g_return_val_if_fail (BENCH_IS_APPLICATION (self), NULL);

  return self->ports;
}

GtkWindow *
bench_application_ensure_window (BenchApplication *self)
{
  BenchWindow *window;

  g_return_val_if_fail (BENCH_IS_APPLICATION (self), NULL);

  window = bench_application_get_window (self);
  if (window == NULL)
    window = bench_window_new (self);

  return GTK_WINDOW (window);
}

/* Devices */

BenchDevice *
bench_application_connect (BenchApplication  *self,
                           const char        *text,
                           GError           **error)
{
  g_autoptr(BenchSpec) spec = NULL;
  BenchDevice *device;

  g_return_val_if_fail (BENCH_IS_APPLICATION (self), NULL);
  g_return_val_if_fail (text != NULL, NULL);

  spec = bench_spec_parse (text, error);
  if (spec == NULL)
    return NULL;

  device = bench_session_add_device (self->session, spec);

  /* remembered as typed, and per address as given */
  bench_settings_add_recent_spec (self->settings, text);
  bench_settings_save_device_spec (self->settings, spec);

  return device;
}

void
bench_application_open_demos (BenchApplication *self)
{
  const char * const *names = bench_demo_get_names ();

  g_return_if_fail (BENCH_IS_APPLICATION (self));

  for (guint i = 0; names[i] != NULL; i++)
    {
      /* the plot modes the instruments' lines are made for: named channels */
      const char *options = g_str_equal (names[i], "thermo") ? ",plot=csv"
                          : g_str_equal (names[i], "pico") ? ",plot=kv" : "";
      g_autofree char *spec = g_strconcat ("demo:", names[i], options, NULL);
      g_autoptr(GError) error = NULL;

      if (bench_application_connect (self, spec, &error) == NULL)
        bench_application_report_error (self, error->message);
    }
}

static void
bench_application_update_devices_state (BenchApplication *self)
{
  GListModel *devices = bench_session_get_devices (self->session);
  guint n = g_list_model_get_n_items (devices);
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a(ss)"));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BenchDevice) device = g_list_model_get_item (devices, i);

      g_variant_builder_add (&builder, "(ss)", bench_device_get_name (device),
                             bench_device_state_to_string (bench_device_get_state (device)));
    }

  g_action_group_change_action_state (G_ACTION_GROUP (self), "devices", g_variant_builder_end (&builder));
}

static void
bench_application_apply_scrollback (BenchApplication *self)
{
  GListModel *devices = bench_session_get_devices (self->session);
  guint lines = bench_settings_get_scrollback_lines (self->settings);
  guint n = g_list_model_get_n_items (devices);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BenchDevice) device = g_list_model_get_item (devices, i);

      bench_row_queue_set_max_rows (bench_device_get_queue (device), lines);
    }
  bench_journal_set_max_entries (self->journal, lines);
}

static void
bench_application_command_finished_cb (BenchApplication   *self,
                                       BenchCommand       *command,
                                       const GError       *error,
                                       BenchCommandRunner *runner)
{
  GListModel *devices = bench_session_get_devices (self->session);
  guint n = g_list_model_get_n_items (devices);
  g_autofree char *message = NULL;
  const char *name = "";

  /* stopped on purpose, or by a disconnect the banner already shows */
  if (error == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BenchDevice) device = g_list_model_get_item (devices, i);

      if (bench_device_get_runner (device) == runner)
        name = bench_device_get_name (device);
    }

  /* Translators: a command button's name, a device's name, the reason */
  message = g_strdup_printf (_("“%s” on %s stopped: %s"), bench_command_get_name (command), name, error->message);
  bench_application_report_error (self, message);
}

static void
bench_application_devices_changed_cb (BenchApplication *self,
                                      guint             position,
                                      guint             removed,
                                      guint             added,
                                      GListModel       *devices)
{
  guint lines = bench_settings_get_scrollback_lines (self->settings);
  guint n = g_list_model_get_n_items (devices);
  g_autoptr(GHashTable) present = g_hash_table_new (NULL, NULL);
  GHashTableIter iter;
  gpointer key;

  for (guint i = 0; i < added; i++)
    {
      g_autoptr(BenchDevice) device = g_list_model_get_item (devices, position + i);

      bench_row_queue_set_max_rows (bench_device_get_queue (device), lines);
      g_signal_connect_object (device, "notify::state", G_CALLBACK (bench_application_update_devices_state),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (device, "notify::name", G_CALLBACK (bench_application_update_devices_state),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (bench_device_get_runner (device), "finished",
                               G_CALLBACK (bench_application_command_finished_cb), self, G_CONNECT_SWAPPED);
    }

  /* each device's queries and command buttons are kept with its address:
   * restored when it is added, saved as they change, flushed when removed */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BenchDevice) device = g_list_model_get_item (devices, i);

      g_hash_table_add (present, device);
      if (!g_hash_table_contains (self->stores, device))
        {
          GSettings *settings = bench_settings_get_device (self->settings, bench_device_get_spec (device)->address);

          g_hash_table_insert (self->stores, g_object_ref (device), bench_automation_store_new (settings, device));
        }
    }
  g_hash_table_iter_init (&iter, self->stores);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (present, key))
      g_hash_table_iter_remove (&iter);

  bench_application_update_devices_state (self);
}

static void
bench_application_port_added_cb (BenchApplication *self,
                                 BenchPortItem    *port,
                                 BenchPortMonitor *monitor)
{
  const char *paths[] = { bench_port_item_get_path (port), bench_port_item_get_by_id (port), NULL };

  /* a port came back: devices waiting for it try at once */
  bench_hotplug_retry_devices (bench_session_get_devices (self->session), paths);
}

static void
bench_application_tty_added_cb (BenchApplication   *self,
                                const char * const *paths,
                                BenchPortMonitor   *monitor)
{
  bench_hotplug_retry_devices (bench_session_get_devices (self->session), paths);
}

/* Scheduled queries and command buttons, for scripts */

void
bench_application_run_command (BenchApplication *self,
                               const char       *device_name,
                               const char       *command_name)
{
  BenchDevice *device;
  BenchCommand *command;

  g_return_if_fail (BENCH_IS_APPLICATION (self));

  device = bench_session_find_device (self->session, device_name);
  if (device == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("No device named “%s”"), device_name);

      bench_application_report_error (self, message);
      return;
    }

  command = bench_command_set_find (bench_device_get_commands (device), command_name);
  if (command == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("%s has no command button named “%s”"), device_name, command_name);

      bench_application_report_error (self, message);
      return;
    }

  bench_command_runner_run (bench_device_get_runner (device), command);
}

/* Recording and export */

gboolean
bench_application_start_recording (BenchApplication  *self,
                                   const char        *path,
                                   GError           **error)
{
  g_return_val_if_fail (BENCH_IS_APPLICATION (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  return bench_session_start_recording (self->session, path, bench_log_format_from_path (path), error);
}

static void
bench_application_stop_recording_cb (GObject      *object,
                                     GAsyncResult *result,
                                     gpointer      user_data)
{
  g_autoptr(BenchApplication) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!bench_session_stop_recording_finish (BENCH_SESSION (object), result, &error))
    {
      g_autofree char *message = g_strdup_printf (_("The recording did not end cleanly: %s"), error->message);

      bench_application_report_error (self, message);
    }
}

void
bench_application_stop_recording (BenchApplication *self)
{
  g_return_if_fail (BENCH_IS_APPLICATION (self));

  if (bench_session_get_recording (self->session))
    bench_session_stop_recording_async (self->session, bench_application_stop_recording_cb, g_object_ref (self));
}

static void
bench_application_recording_error_cb (BenchApplication *self,
                                      GParamSpec       *pspec,
                                      BenchSession     *session)
{
  g_autofree char *error = NULL;
  g_autofree char *message = NULL;

  g_object_get (session, "recording-error", &error, NULL);
  if (error == NULL)
    return;

  /* the devices keep running; the toggle goes off with :recording */
  message = g_strdup_printf (_("Recording stopped: %s"), error);
  bench_application_report_error (self, message);
}

typedef struct
{
  BenchApplication *self;
  char             *path;
} ExportData;

static void
bench_application_export_cb (GObject      *object,
                             GAsyncResult *result,
                             gpointer      user_data)
{
  ExportData *data = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *base = g_path_get_basename (data->path);
  gint64 rows;

  rows = bench_session_export_finish (BENCH_SESSION (object), result, &error);
  if (rows < 0)
    {
      g_autofree char *message = g_strdup_printf (_("Export to %s failed: %s"), base, error->message);

      bench_application_report_error (data->self, message);
    }
  else
    {
      g_autofree char *count = g_strdup_printf ("%'" G_GINT64_FORMAT, rows);
      /* Translators: the first %s is a number of rows, the second a file name */
      g_autofree char *message =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Exported %s row to %s", "Exported %s rows to %s",
                                      (gulong) MIN (rows, G_MAXLONG)),
                         count, base);

      bench_application_notify (data->self, message);
    }

  g_object_unref (data->self);
  g_free (data->path);
  g_free (data);
}

void
bench_application_export (BenchApplication *self,
                          const char       *path,
                          BenchLogFormat    format,
                          const char       *device_name)
{
  ExportData *data;

  g_return_if_fail (BENCH_IS_APPLICATION (self));
  g_return_if_fail (path != NULL);

  data = g_new0 (ExportData, 1);
  data->self = g_object_ref (self);
  data->path = g_strdup (path);
  bench_session_export_async (self->session, path, format, device_name, NULL,
                              bench_application_export_cb, data);
}

/* Actions (the D-Bus contract) */

static void
bench_application_connect_action (GSimpleAction *action,
                                  GVariant      *param,
                                  gpointer       user_data)
{
  BenchApplication *self = user_data;
  g_autoptr(GError) error = NULL;

  if (bench_application_connect (self, g_variant_get_string (param, NULL), &error) == NULL)
    bench_application_report_error (self, error->message);
}

static BenchDevice *
bench_application_find (BenchApplication *self,
                        const char       *name)
{
  BenchDevice *device = bench_session_find_device (self->session, name);

  if (device == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("No device named “%s”"), name);

      bench_application_report_error (self, message);
    }

  return device;
}

static void
bench_application_disconnect_action (GSimpleAction *action,
                                     GVariant      *param,
                                     gpointer       user_data)
{
  BenchApplication *self = user_data;
  BenchDevice *device = bench_application_find (self, g_variant_get_string (param, NULL));

  if (device != NULL)
    bench_device_disconnect (device);
}

static void
bench_application_send_action (GSimpleAction *action,
                               GVariant      *param,
                               gpointer       user_data)
{
  BenchApplication *self = user_data;
  g_autoptr(GError) error = NULL;
  const char *name, *text;
  BenchDevice *device;

  g_variant_get (param, "(&s&s)", &name, &text);
  device = bench_application_find (self, name);
  if (device == NULL)
    return;

  if (!bench_device_send_escaped (device, text, &error))
    {
      g_autofree char *message = g_strdup_printf (_("Cannot send to %s: %s"), name, error->message);

      bench_application_report_error (self, message);
    }
  else
    bench_settings_push_history (self->settings, bench_device_get_spec (device)->address, text);
}

static void
bench_application_export_action (GSimpleAction *action,
                                 GVariant      *param,
                                 gpointer       user_data)
{
  BenchApplication *self = user_data;
  const char *path, *format_name;
  BenchLogFormat format;

  g_variant_get (param, "(&s&s)", &path, &format_name);
  if (!bench_log_format_from_string (format_name, &format))
    {
      g_autofree char *message =
        g_strdup_printf (_("Unknown export format “%s”: use csv, jsonl or text"), format_name);

      bench_application_report_error (self, message);
      return;
    }

  bench_application_export (self, path, format, NULL);
}

static void
bench_application_start_recording_action (GSimpleAction *action,
                                          GVariant      *param,
                                          gpointer       user_data)
{
  BenchApplication *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!bench_application_start_recording (self, g_variant_get_string (param, NULL), &error))
    bench_application_report_error (self, error->message);
}

static void
bench_application_stop_recording_action (GSimpleAction *action,
                                         GVariant      *param,
                                         gpointer       user_data)
{
  bench_application_stop_recording (BENCH_APPLICATION (user_data));
}

static void
bench_application_run_command_action (GSimpleAction *action,
                                      GVariant      *param,
                                      gpointer       user_data)
{
  const char *device, *command;

  g_variant_get (param, "(&s&s)", &device, &command);
  bench_application_run_command (BENCH_APPLICATION (user_data), device, command);
}

static void
bench_application_poll_action (GSimpleAction *action,
                               GVariant      *param,
                               gpointer       user_data)
{
  BenchApplication *self = user_data;
  BenchDevice *device;
  const char *name;
  gboolean running;

  g_variant_get (param, "(&sb)", &name, &running);
  device = bench_application_find (self, name);
  if (device != NULL)
    bench_poller_set_running (bench_device_get_poller (device), running);
}

typedef struct
{
  BenchApplication *app;
  char             *name;
  char             *path;
} ExportPlot;

static void
export_plot_free (ExportPlot *export)
{
  g_object_unref (export->app);
  g_free (export->name);
  g_free (export->path);
  g_free (export);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ExportPlot, export_plot_free)

static void
bench_application_export_plot_cb (GObject      *object,
                                  GAsyncResult *result,
                                  gpointer      data)
{
  g_autoptr(ExportPlot) export = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *base = NULL;
  g_autofree char *message = NULL;

  if (!bench_plot_export_finish (BENCH_PLOT (object), result, &error))
    {
      bench_application_report_error (export->app, error->message);
      return;
    }

  base = g_path_get_basename (export->path);
  if (*export->name != '\0')
    /* Translators: the device, then a file name */
    message = g_strdup_printf (_("Exported the plot of %s to %s"), export->name, base);
  else
    message = g_strdup_printf (_("Exported the combined plot to %s"), base);
  bench_application_notify (export->app, message);
}

static void
bench_application_export_plot_action (GSimpleAction *action,
                                      GVariant      *param,
                                      gpointer       user_data)
{
  BenchApplication *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  BenchWindow *window;
  BenchPlot *plot;
  ExportPlot *export;
  const char *name, *path;

  /* "" is the combined plot of All Devices */
  g_variant_get (param, "(&s&s)", &name, &path);
  if (*name != '\0' && bench_application_find (self, name) == NULL)
    return;

  window = bench_application_get_window (self);
  if (window == NULL)
    {
      message = g_strdup_printf (_("Cannot export the plot of %s: no window is open"),
                                 *name != '\0' ? name : _("All Devices"));
      bench_application_report_error (self, message);
      return;
    }

  plot = bench_window_plot_to_export (window, name, path, &error);
  if (plot == NULL)
    {
      bench_application_report_error (self, error->message);
      return;
    }

  /* drawn now, written without blocking; the outcome is a toast (and
   * app.last-error) when the file is there */
  export = g_new0 (ExportPlot, 1);
  export->app = g_object_ref (self);
  export->name = g_strdup (name);
  export->path = g_strdup (path);
  bench_plot_export_async (plot, path, 0, 0, NULL, bench_application_export_plot_cb, export);
}

static void
bench_application_preferences_action (GSimpleAction *action,
                                      GVariant      *param,
                                      gpointer       user_data)
{
  BenchApplication *self = user_data;
  GtkWindow *window = bench_application_ensure_window (self);
  GtkWidget *preferences = bench_preferences_window_new (self->settings);

  gtk_window_present (window);
  gtk_window_set_transient_for (GTK_WINDOW (preferences), window);
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
bench_application_about_action (GSimpleAction *action,
                                GVariant      *param,
                                gpointer       user_data)
{
  BenchApplication *self = user_data;
  GtkWindow *window = bench_application_ensure_window (self);
  const char *developers[] = { "The Benchtop authors", NULL };
  GtkWidget *about;

  gtk_window_present (window);
  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", window,
                        "application-name", "Benchtop",
                        "application-icon", APP_ID,
                        "version", PACKAGE_VERSION,
                        "developer-name", "The Benchtop authors",
                        "developers", developers,
                        "comments", _("Watch, command and record lab instruments that speak text over serial lines."),
                        "website", "https://github.com/benchtop/benchtop",
                        "issue-url", "https://github.com/benchtop/benchtop/issues",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "copyright", "© 2026 The Benchtop authors",
                        /* Translators: your names, one per line */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
bench_application_quit_action (GSimpleAction *action,
                               GVariant      *param,
                               gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

/* stateful, to read over D-Bus with org.gtk.Actions.Describe */
static void
bench_application_state_action (GSimpleAction *action,
                                GVariant      *param,
                                gpointer       user_data)
{
}

static const GActionEntry app_entries[] = {
  { "connect", bench_application_connect_action, "s" },
  { "disconnect", bench_application_disconnect_action, "s" },
  { "send", bench_application_send_action, "(ss)" },
  { "export", bench_application_export_action, "(ss)" },
  { "start-recording", bench_application_start_recording_action, "s" },
  { "stop-recording", bench_application_stop_recording_action },
  { "export-plot", bench_application_export_plot_action, "(ss)" },
  { "run-command", bench_application_run_command_action, "(ss)" },
  { "poll", bench_application_poll_action, "(sb)" },
  { "preferences", bench_application_preferences_action },
  { "about", bench_application_about_action },
  { "quit", bench_application_quit_action },
  { "last-error", bench_application_state_action, NULL, "''" },
  { "devices", bench_application_state_action, NULL, "@a(ss) []" },
};

/* Every accelerator; gtk/help-overlay.ui lists them (a test checks). */
static const struct { const char *action; const char *accels[3]; } app_accels[] = {
  { "app.quit", { "<Control>q", NULL } },
  { "app.preferences", { "<Control>comma", NULL } },
  { "win.connect-device", { "<Control>n", NULL } },
  { "win.export", { "<Control>e", NULL } },
  { "win.toggle-recording", { "<Control>r", NULL } },
  { "win.search", { "<Control>f", NULL } },
  { "win.clear-console", { "<Control>l", NULL } },
  { "win.toggle-relative-time", { "<Control>t", NULL } },
  { "win.toggle-hex", { "<Control>h", NULL } },
  { "win.jump-to-live", { "<Control>End", NULL } },
  { "win.focus-send", { "<Control>k", NULL } },
  { "win.show-overview", { "<Alt>0", NULL } },
  { "win.next-device", { "<Control>Page_Down", NULL } },
  { "win.previous-device", { "<Control>Page_Up", NULL } },
  { "win.device-reconnect('')", { "<Control><Shift>r", NULL } },
  { "win.device-disconnect('')", { "<Control>d", NULL } },
  { "win.device-settings('')", { "<Alt>Return", NULL } },
  { "win.device-remove('')", { "<Control>w", NULL } },
  { "win.automation-panel", { "F9", NULL } },
  { "win.run-command(uint32 0)", { "<Control>1", NULL } },
  { "win.run-command(uint32 1)", { "<Control>2", NULL } },
  { "win.run-command(uint32 2)", { "<Control>3", NULL } },
  { "win.run-command(uint32 3)", { "<Control>4", NULL } },
  { "win.run-command(uint32 4)", { "<Control>5", NULL } },
  { "win.run-command(uint32 5)", { "<Control>6", NULL } },
  { "win.run-command(uint32 6)", { "<Control>7", NULL } },
  { "win.run-command(uint32 7)", { "<Control>8", NULL } },
  { "win.run-command(uint32 8)", { "<Control>9", NULL } },
  { "win.show-plot", { "<Control><Shift>p", NULL } },
  { "win.plot-pause", { "<Control><Shift>space", NULL } },
  { "win.plot-live", { "<Control><Shift>End", NULL } },
  { "win.plot-window-shorter", { "<Control>bracketleft", NULL } },
  { "win.plot-window-longer", { "<Control>bracketright", NULL } },
  { "win.export-plot", { "<Control><Shift>e", NULL } },
};

/* Settings */

static void
bench_application_style_changed_cb (BenchApplication *self)
{
  const char *variant = bench_settings_get_style_variant (self->settings);
  AdwColorScheme scheme = ADW_COLOR_SCHEME_DEFAULT;

  /* "system": dark when the desktop prefers dark */
  if (g_strcmp0 (variant, "light") == 0)
    scheme = ADW_COLOR_SCHEME_FORCE_LIGHT;
  else if (g_strcmp0 (variant, "dark") == 0)
    scheme = ADW_COLOR_SCHEME_FORCE_DARK;

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), scheme);
}

/* GApplication */

static gboolean
bench_application_signal_cb (gpointer user_data)
{
  /* SIGINT/SIGTERM: quit like app.quit, so the recording is complete */
  g_application_quit (G_APPLICATION (user_data));
  return G_SOURCE_CONTINUE;
}

static void
bench_application_startup (GApplication *application)
{
  BenchApplication *self = BENCH_APPLICATION (application);
  GListModel *devices;

  G_APPLICATION_CLASS (bench_application_parent_class)->startup (application);

  self->settings = bench_settings_new (NULL);
  self->session = bench_session_new ();
  devices = bench_session_get_devices (self->session);
  self->journal = bench_journal_new (devices, bench_settings_get_scrollback_lines (self->settings));
  self->ports = bench_port_monitor_new (self->ports_root);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_entries, G_N_ELEMENTS (app_entries), self);
  for (guint i = 0; i < G_N_ELEMENTS (app_accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self), app_accels[i].action, app_accels[i].accels);

  g_signal_connect_object (devices, "items-changed", G_CALLBACK (bench_application_devices_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::recording-error",
                           G_CALLBACK (bench_application_recording_error_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->ports, "port-added", G_CALLBACK (bench_application_port_added_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->ports, "tty-added", G_CALLBACK (bench_application_tty_added_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "notify::style-variant",
                           G_CALLBACK (bench_application_style_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "notify::scrollback-lines",
                           G_CALLBACK (bench_application_apply_scrollback), self, G_CONNECT_SWAPPED);
  bench_application_style_changed_cb (self);

  self->sigterm_id = g_unix_signal_add (SIGTERM, bench_application_signal_cb, self);
  self->sigint_id = g_unix_signal_add (SIGINT, bench_application_signal_cb, self);
}

static void
bench_application_shutdown (GApplication *application)
{
  BenchApplication *self = BENCH_APPLICATION (application);
  g_autoptr(GError) error = NULL;

  g_clear_handle_id (&self->sigterm_id, g_source_remove);
  g_clear_handle_id (&self->sigint_id, g_source_remove);

  /* what was edited last is saved */
  if (self->stores != NULL)
    g_hash_table_remove_all (self->stores);

  /* the log ends with whole rows and a "recording stopped" event */
  if (self->session != NULL && !bench_session_stop_recording (self->session, &error))
    g_printerr ("benchtop: %s\n", error->message);

  G_APPLICATION_CLASS (bench_application_parent_class)->shutdown (application);
}

static void
bench_application_activate (GApplication *application)
{
  gtk_window_present (bench_application_ensure_window (BENCH_APPLICATION (application)));
}

/* Makes a relative tty path absolute against the caller's directory: a
 * second invocation's "./reader" is not the running instance's. */
static char *
bench_application_resolve_spec (const char  *text,
                                const char  *cwd,
                                GError     **error)
{
  g_autoptr(BenchSpec) spec = bench_spec_parse (text, error);
  g_autofree char *path = NULL;

  if (spec == NULL)
    return NULL;

  if (spec->kind != BENCH_ADDRESS_TTY || g_path_is_absolute (spec->path) || cwd == NULL)
    return g_strdup (text);

  path = g_build_filename (cwd, spec->path, NULL);
  if (!bench_spec_set_address (spec, path, error))
    return NULL;

  return bench_spec_to_string (spec);
}

static int
bench_application_command_line (GApplication            *application,
                                GApplicationCommandLine *command_line)
{
  BenchApplication *self = BENCH_APPLICATION (application);
  GVariantDict *options = g_application_command_line_get_options_dict (command_line);
  const char *cwd = g_application_command_line_get_cwd (command_line);
  g_autofree const char **specs = NULL;
  const char *record = NULL;
  BenchDevice *shown = NULL;
  int status = 0;

  if (g_variant_dict_contains (options, "demo"))
    bench_application_open_demos (self);

  if (g_variant_dict_lookup (options, G_OPTION_REMAINING, "^a&s", &specs))
    {
      for (guint i = 0; specs[i] != NULL; i++)
        {
          g_autoptr(GError) error = NULL;
          g_autofree char *resolved = bench_application_resolve_spec (specs[i], cwd, &error);
          BenchDevice *device = NULL;

          if (resolved != NULL)
            device = bench_application_connect (self, resolved, &error);
          /* the window shows the first device named on the command line */
          if (device != NULL && shown == NULL)
            shown = device;
          if (device == NULL)
            {
              g_application_command_line_printerr (command_line, "benchtop: %s\n", error->message);
              bench_application_report_error (self, error->message);
              status = 1;
            }
        }
    }

  if (g_variant_dict_lookup (options, "record", "^&ay", &record))
    {
      g_autoptr(GFile) file = g_application_command_line_create_file_for_arg (command_line, record);
      g_autofree char *path = g_file_get_path (file);
      g_autoptr(GError) error = NULL;

      if (path == NULL || !bench_application_start_recording (self, path, &error))
        {
          const char *message = error ? error->message : _("Recording needs a local file");

          g_application_command_line_printerr (command_line, "benchtop: %s\n", message);
          bench_application_report_error (self, message);
          status = 1;
        }
    }

  g_application_activate (application);
  if (shown != NULL)
    bench_window_select_device (BENCH_WINDOW (bench_application_ensure_window (self)), shown);

  return status;
}

static int
bench_application_handle_local_options (GApplication *application,
                                        GVariantDict *options)
{
  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("benchtop %s\n", PACKAGE_VERSION);
      return 0;
    }

  return -1;
}

/* GObject */

static void
bench_application_dispose (GObject *object)
{
  BenchApplication *self = (BenchApplication *) object;

  g_clear_object (&self->ports);
  g_clear_pointer (&self->stores, g_hash_table_unref);
  g_clear_object (&self->journal);
  g_clear_object (&self->session);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (bench_application_parent_class)->dispose (object);
}

static void
bench_application_finalize (GObject *object)
{
  BenchApplication *self = (BenchApplication *) object;

  g_clear_pointer (&self->last_error, g_free);
  g_clear_pointer (&self->ports_root, g_free);

  G_OBJECT_CLASS (bench_application_parent_class)->finalize (object);
}

static void
bench_application_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  BenchApplication *self = BENCH_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_PORTS_ROOT:
      g_value_set_string (value, self->ports_root);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bench_application_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  BenchApplication *self = BENCH_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_PORTS_ROOT:
      self->ports_root = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bench_application_class_init (BenchApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = bench_application_dispose;
  object_class->finalize = bench_application_finalize;
  object_class->get_property = bench_application_get_property;
  object_class->set_property = bench_application_set_property;

  app_class->startup = bench_application_startup;
  app_class->shutdown = bench_application_shutdown;
  app_class->activate = bench_application_activate;
  app_class->command_line = bench_application_command_line;
  app_class->handle_local_options = bench_application_handle_local_options;

  /* where the port monitor looks (tests give it a fake tree) */
  properties[PROP_PORTS_ROOT] =
    g_param_spec_string ("ports-root", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* the resources live in this static library: keep them linked in */
  g_assert (bench_get_resource () != NULL);
}

static void
bench_application_init (BenchApplication *self)
{
  static const GOptionEntry options[] = {
    { "demo", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Open the four demo instruments"), NULL },
    { "record", 0, 0, G_OPTION_ARG_FILENAME, NULL, N_("Record the session log to FILE (CSV, JSON Lines or text by its extension)"), N_("FILE") },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Print the version and exit"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, NULL, NULL, N_("[SPEC…]") },
    { NULL }
  };

  self->stores = g_hash_table_new_full (NULL, NULL, g_object_unref, g_object_unref);

  g_application_add_main_option_entries (G_APPLICATION (self), options);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), _("[SPEC…]"));
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Open each device SPEC (ADDRESS[,OPTION]…) in Benchtop; "
                                              "with Benchtop already running, in its window."));
}

BenchApplication *
bench_application_new (const char        *application_id,
                       GApplicationFlags  flags)
{
  return g_object_new (BENCH_TYPE_APPLICATION,
                       "application-id", application_id,
                       "flags", flags | G_APPLICATION_HANDLES_COMMAND_LINE,
                       /* the same resources for the .Tests id */
                       "resource-base-path", "/io/github/benchtop/Benchtop",
                       NULL);
}
