/* test-window.c - the Benchtop window, driven through its actions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One application and window for the whole program, as a user would have
 * them: the cases run in order and build on each other. Devices are real
 * ptys. Run under
 *   xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- meson test --suite ui
 * Without a display the program prints "1..0 # SKIP no display" and exits
 * 77. Screenshots go to $G_TEST_BUILDDIR/artifacts.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <adwaita.h>
#include <glib/gstdio.h>

#include "bench-command-editor.h"
#include "bench-command-runner.h"
#include "bench-command-set.h"
#include "bench-console-item.h"
#include "bench-console-row.h"
#include "bench-console-view-private.h"
#include "bench-connect-dialog.h"
#include "bench-device-row.h"
#include "bench-poller.h"
#include "bench-preferences-window.h"
#include "bench-telnet.h"
#include "bench-test-util.h"
#include "bench-window-private.h"

static BenchApplication *app;
static BenchWindow *window;
static char *ports_root;
static char *artifacts;

/* The "Meter" device on a pty whose master the test holds */
static int meter_master = -1;
static int meter_slave = -1;
static char *meter_path;

/* Helpers */

static gboolean
wait_for (gboolean (*cond) (gpointer data),
          gpointer   data,
          guint      timeout_ms)
{
  return bench_test_wait_until (cond, data, timeout_ms);
}

#define WAIT_FOR(expr, ms)                                                     \
  G_STMT_START {                                                               \
    gint64 _end = g_get_monotonic_time () + (gint64) (ms) * 1000;              \
    while (!(expr) && g_get_monotonic_time () < _end)                          \
      g_main_context_iteration (NULL, FALSE), g_usleep (1000);                 \
    if (!(expr))                                                               \
      g_error ("timed out after %d ms waiting for %s", (int) (ms), #expr);     \
  } G_STMT_END

static void
save_png (GtkWidget  *widget,
          const char *name)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  int width, height;

  bench_test_spin (100);
  paintable = gtk_widget_paintable_new (widget);
  /* the paintable holds the last frame's node; live consoles queue new
   * frames, so snapshot right after a draw */
  for (guint attempt = 0; node == NULL && attempt < 20; attempt++)
    {
      GtkSnapshot *snapshot = gtk_snapshot_new ();

      gtk_test_widget_wait_for_draw (widget);
      width = gtk_widget_get_width (widget);
      height = gtk_widget_get_height (widget);
      gdk_paintable_snapshot (paintable, snapshot, width, height);
      node = gtk_snapshot_free_to_node (snapshot);
    }
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  path = g_build_filename (artifacts, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}

static void
activate (const char *action,
          GVariant   *param)
{
  g_action_group_activate_action (G_ACTION_GROUP (app), action, param);
}

static const char *
last_error (void)
{
  return bench_application_get_last_error (app);
}

static BenchDevice *
find_device (const char *name)
{
  return bench_session_find_device (bench_application_get_session (app), name);
}

static BenchDevicePage *
page_of (const char *name)
{
  return bench_window_get_page (window, name ? find_device (name) : NULL);
}

static BenchConsoleModel *
model_of (const char *name)
{
  return bench_console_view_get_model (bench_device_page_get_console_view (page_of (name)));
}

static void
collect_rows (GtkWidget *widget,
              GPtrArray *rows)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      if (BENCH_IS_CONSOLE_ROW (child) && gtk_widget_get_mapped (child) &&
          bench_console_row_get_item (BENCH_CONSOLE_ROW (child)) != NULL)
        g_ptr_array_add (rows, bench_console_row_dup_text (BENCH_CONSOLE_ROW (child)));
      else
        collect_rows (child, rows);
    }
}

/* The texts of the console rows GTK shows now */
static GPtrArray *
shown_rows (const char *name)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func (g_free);

  collect_rows (GTK_WIDGET (bench_device_page_get_console_view (page_of (name))), rows);
  return rows;
}

static gboolean
rows_contain (const char *name,
              const char *needle)
{
  g_autoptr(GPtrArray) rows = shown_rows (name);

  for (guint i = 0; i < rows->len; i++)
    if (strstr (g_ptr_array_index (rows, i), needle) != NULL)
      return TRUE;
  return FALSE;
}

/* Reads from @fd while the main loop runs (the device writes from it) */
static char *
read_from (int    fd,
           gsize  len,
           guint  timeout_ms)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  gint64 end = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (out->len < len && g_get_monotonic_time () < end)
    {
      bench_test_read_for (fd, out, 5);
      g_main_context_iteration (NULL, FALSE);
    }
  g_byte_array_append (out, (const guint8 *) "", 1);
  return (char *) g_byte_array_free (g_steal_pointer (&out), FALSE);
}

static void
write_str (int         fd,
           const char *text)
{
  bench_test_write_all (fd, text, strlen (text));
}

static void
drain (int fd)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();

  bench_test_read_for (fd, out, 20);
}

static BenchDeviceRow *
sidebar_row (guint index)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (window->device_list, index);

  return row ? BENCH_DEVICE_ROW (row) : NULL;
}

static guint
sidebar_count (void)
{
  guint n = 0;

  while (gtk_list_box_get_row_at_index (window->device_list, n) != NULL)
    n++;
  return n;
}

static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint n = g_list_model_get_n_items (toplevels);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (w, type) && gtk_widget_get_visible (GTK_WIDGET (w)))
        return w;
    }
  return NULL;
}

static void
write_file (const char *dir,
            const char *name,
            const char *contents)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
}

/* A fake /sys/class/tty and /dev/serial/by-id with one FTDI adapter */
static void
add_fake_port (const char *root,
               const char *tty,
               const char *by_id,
               const char *product)
{
  g_autofree char *device = g_build_filename (root, "sys", "class", "tty", tty, "device", NULL);
  g_autofree char *driver_dir = g_build_filename (root, "sys", "bus", "usb-serial", "drivers", "ftdi_sio", NULL);
  g_autofree char *driver_link = g_build_filename (device, "driver", NULL);
  g_autofree char *by_id_dir = g_build_filename (root, "dev", "serial", "by-id", NULL);

  g_assert_cmpint (g_mkdir_with_parents (device, 0755), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (driver_dir, 0755), ==, 0);
  g_assert_cmpint (symlink (driver_dir, driver_link), ==, 0);
  write_file (device, "idVendor", "0403\n");
  write_file (device, "idProduct", "6001\n");
  write_file (device, "manufacturer", "FTDI\n");
  write_file (device, "product", product);
  if (by_id != NULL)
    {
      g_autofree char *link = g_build_filename (by_id_dir, by_id, NULL);
      g_autofree char *target = g_strconcat ("../../", tty, NULL);

      g_assert_cmpint (g_mkdir_with_parents (by_id_dir, 0755), ==, 0);
      g_assert_cmpint (symlink (target, link), ==, 0);
    }
}

static void
rm_rf (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);

        rm_rf (child);
      }
  g_remove (path);
}

/* Cases */

static void
test_empty_state (void)
{
  g_assert_cmpuint (g_list_model_get_n_items (bench_session_get_devices (bench_application_get_session (app))), ==, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->content_stack), ==, "empty");
  g_assert_null (bench_window_get_visible_page (window));
  /* only "All Devices" in the sidebar */
  g_assert_cmpuint (sidebar_count (), ==, 1);
  g_assert_cmpstr (bench_device_row_get_title (sidebar_row (0)), ==, "All Devices");
  g_assert_cmpstr (bench_device_row_get_subtitle (sidebar_row (0)), ==, "No devices");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window->device_menu_button)));
  save_png (GTK_WIDGET (window), "empty.png");
}

static void
test_connect (void)
{
  g_autofree char *spec = NULL;
  BenchDevice *device;
  BenchDeviceRow *row;
  guint before;

  bench_test_openpty (&meter_master, &meter_slave, &meter_path);
  spec = g_strdup_printf ("%s,name=Meter,eol=lf", meter_path);

  /* a bad spec is an error, not a device */
  before = g_list_model_get_n_items (bench_session_get_devices (bench_application_get_session (app)));
  activate ("connect", g_variant_new_string ("/dev/ttyUSB0,baud=fast"));
  g_assert_nonnull (last_error ());
  g_assert_nonnull (strstr (last_error (), "baud"));
  g_assert_cmpstr (window->last_toast, ==, last_error ());
  g_assert_cmpuint (g_list_model_get_n_items (bench_session_get_devices (bench_application_get_session (app))), ==, before);

  activate ("connect", g_variant_new_string (spec));
  device = find_device ("Meter");
  g_assert_nonnull (device);
  WAIT_FOR (bench_device_get_state (device) == BENCH_DEVICE_CONNECTED, 5000);

  /* the first device is shown */
  g_assert_true (bench_window_get_selected_device (window) == device);
  g_assert_true (bench_window_get_visible_page (window) == page_of ("Meter"));
  g_assert_cmpstr (adw_window_title_get_title (window->content_title), ==, "Meter");
  g_assert_cmpuint (sidebar_count (), ==, 2);
  row = sidebar_row (1);
  g_assert_cmpstr (bench_device_row_get_title (row), ==, "Meter");
  g_assert_cmpstr (bench_device_row_get_state (row), ==, "connected");
  g_assert_true (g_str_has_prefix (bench_device_row_get_subtitle (row), "Connected"));

  /* remembered: recent specs and the device's settings */
  {
    g_auto(GStrv) recent = bench_settings_dup_recent_specs (bench_application_get_settings (app));
    g_autoptr(BenchSpec) saved = bench_settings_dup_device_spec (bench_application_get_settings (app), meter_path);

    g_assert_cmpstr (recent[0], ==, spec);
    g_assert_nonnull (saved);
    g_assert_cmpstr (saved->name, ==, "Meter");
  }

  /* what the device says, with its control bytes shown, not interpreted */
  write_str (meter_master, "V=1.25\n\x1b[31mred\x07 <b>bold</b>\n");
  WAIT_FOR (rows_contain ("Meter", "\\x1b[31mred\\x07 <b>bold</b>"), 3000);
  g_assert_true (rows_contain ("Meter", "RX V=1.25"));
  g_assert_true (rows_contain ("Meter", "EV connected"));
  save_png (GTK_WIDGET (window), "meter.png");
}

static void
test_send (void)
{
  BenchSendBox *send_box = bench_device_page_get_send_box (page_of ("Meter"));
  GtkEntry *entry = bench_send_box_get_entry (send_box);
  g_autofree char *got = NULL;

  drain (meter_master);

  /* the D-Bus action: escapes expanded, the tx-eol appended */
  activate ("send", g_variant_new ("(ss)", "Meter", "*IDN?\\r"));
  got = read_from (meter_master, 7, 2000);
  g_assert_cmpstr (got, ==, "*IDN?\r\n");
  WAIT_FOR (rows_contain ("Meter", "TX *IDN?\\x0d"), 2000);

  activate ("send", g_variant_new ("(ss)", "Nobody", "x"));
  g_assert_cmpstr (last_error (), ==, "No device named “Nobody”");
  activate ("send", g_variant_new ("(ss)", "Meter", "bad \\q escape"));
  g_assert_nonnull (strstr (last_error (), "Meter"));

  /* the send box: Enter sends */
  gtk_editable_set_text (GTK_EDITABLE (entry), "hello\\t1");
  g_signal_emit_by_name (entry, "activate");
  g_clear_pointer (&got, g_free);
  got = read_from (meter_master, 8, 2000);
  g_assert_cmpstr (got, ==, "hello\t1\n");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");

  /* history: Up brings it back, Down returns to the draft */
  gtk_editable_set_text (GTK_EDITABLE (entry), "draft");
  bench_send_box_move_history (send_box, -1);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "hello\\t1");
  bench_send_box_move_history (send_box, -1);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "*IDN?\\r");
  bench_send_box_move_history (send_box, +1);
  bench_send_box_move_history (send_box, +1);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "draft");
  {
    g_auto(GStrv) history = bench_settings_dup_history (bench_application_get_settings (app), meter_path);

    g_assert_cmpuint (g_strv_length (history), ==, 2);
    g_assert_cmpstr (history[1], ==, "hello\\t1");
  }

  /* a bad escape stays, with the reason under it */
  gtk_editable_set_text (GTK_EDITABLE (entry), "oops \\z");
  g_assert_false (bench_send_box_send (send_box));
  g_assert_nonnull (bench_send_box_get_status (send_box));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (entry), "error"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "oops \\z");

  /* hex: exactly the bytes typed, no line ending */
  bench_send_box_set_hex (send_box, TRUE);
  g_assert_null (bench_send_box_get_status (send_box));
  gtk_editable_set_text (GTK_EDITABLE (entry), "41 42 0d");
  g_assert_true (bench_send_box_send (send_box));
  g_clear_pointer (&got, g_free);
  got = read_from (meter_master, 3, 2000);
  g_assert_cmpstr (got, ==, "AB\r");
  gtk_editable_set_text (GTK_EDITABLE (entry), "4");
  g_assert_false (bench_send_box_send (send_box));
  bench_send_box_set_hex (send_box, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (entry), "");

  /* the line ending selector changes the device's spec, live */
  {
    GtkDropDown *dropdown = NULL;
    GtkWidget *w;

    for (w = gtk_widget_get_first_child (GTK_WIDGET (send_box)); w && !dropdown; w = gtk_widget_get_next_sibling (w))
      for (GtkWidget *c = gtk_widget_get_first_child (w); c; c = gtk_widget_get_next_sibling (c))
        if (GTK_IS_DROP_DOWN (c))
          dropdown = GTK_DROP_DOWN (c);
    g_assert_nonnull (dropdown);
    gtk_drop_down_set_selected (dropdown, 2); /* CR LF */
    g_assert_true (g_bytes_get_size (bench_device_get_spec (find_device ("Meter"))->tx_eol) == 2);
    activate ("send", g_variant_new ("(ss)", "Meter", "X"));
    g_clear_pointer (&got, g_free);
    got = read_from (meter_master, 3, 2000);
    g_assert_cmpstr (got, ==, "X\r\n");
    gtk_drop_down_set_selected (dropdown, 0); /* LF */
  }
}

typedef struct
{
  GdkFrameClock *clock;
  gint64         last_frame;
  guint          emissions;
  guint          same_frame;
} FrameCount;

static void
count_per_frame_cb (GListModel *model,
                    guint       position,
                    guint       removed,
                    guint       added,
                    FrameCount *count)
{
  gint64 frame = gdk_frame_clock_get_frame_counter (count->clock);

  if (count->emissions > 0 && frame == count->last_frame)
    count->same_frame++;
  count->last_frame = frame;
  count->emissions++;
}

static gboolean
following_stays (BenchConsoleView *view)
{
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (view->scroller);

  g_test_message ("adjustment %.0f of %.0f, page %.0f", gtk_adjustment_get_value (adj),
                  gtk_adjustment_get_upper (adj), gtk_adjustment_get_page_size (adj));
  return gtk_adjustment_get_value (adj) >= gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj) - 2;
}

static void
test_follow_tail (void)
{
  BenchConsoleView *view = bench_device_page_get_console_view (page_of ("Meter"));
  BenchConsoleModel *model = bench_console_view_get_model (view);
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (view->scroller);
  g_autoptr(GString) flood = g_string_new (NULL);
  FrameCount count = { 0 };
  GThread *thread;
  guint start_n = g_list_model_get_n_items (G_LIST_MODEL (model));
  gulong handler;

  g_assert_true (bench_console_view_get_following (view));

  for (guint i = 0; i < 20000; i++)
    g_string_append_printf (flood, "%u,%.3f,%.6f\n", i, i * 0.001, i * 1e-6);

  count.clock = gtk_widget_get_frame_clock (GTK_WIDGET (view));
  g_assert_nonnull (count.clock);
  handler = g_signal_connect (model, "items-changed", G_CALLBACK (count_per_frame_cb), &count);

  thread = bench_test_write_in_thread (meter_master, flood->str, flood->len);
  WAIT_FOR (g_list_model_get_n_items (G_LIST_MODEL (model)) >= start_n + 20000, 20000);
  g_thread_join (thread);
  bench_test_spin (200);
  g_signal_handler_disconnect (model, handler);

  /* the list heard of 20000 lines in a few batches, never twice a frame */
  g_test_message ("items-changed: %u for 20000 lines", count.emissions);
  g_assert_cmpuint (count.emissions, >=, 1);
  g_assert_cmpuint (count.emissions, <, 2000);
  g_assert_cmpuint (count.same_frame, ==, 0);

  /* following: the newest line is on screen */
  g_assert_true (bench_console_view_get_following (view));
  g_assert_true (following_stays (view));
  WAIT_FOR (rows_contain ("Meter", "19999,19.999,0.019999"), 2000);
  g_assert_false (gtk_widget_get_visible (view->jump_button));

  /* the user scrolls up: following pauses, Jump to Live appears */
  _bench_console_view_note_user_input (view);
  gtk_adjustment_set_value (adj, 0);
  g_assert_false (bench_console_view_get_following (view));
  g_assert_true (gtk_widget_get_visible (view->jump_button));
  write_str (meter_master, "while paused\n");
  bench_test_spin (300);
  g_assert_cmpfloat (gtk_adjustment_get_value (adj), <, 100);
  g_assert_false (rows_contain ("Meter", "while paused"));
  save_png (GTK_WIDGET (window), "paused.png");

  /* and back */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "console.jump-to-live", NULL));
  g_assert_true (bench_console_view_get_following (view));
  WAIT_FOR (rows_contain ("Meter", "while paused"), 2000);
  following_stays (view);
  bench_test_spin (500);
  following_stays (view);
  g_test_message ("following %d", bench_console_view_get_following (view));
  g_assert_true (following_stays (view));
}

static void
copy_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  char **text = user_data;

  *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (object), result, NULL);
  if (*text == NULL)
    *text = g_strdup ("");
}

static void
test_filter_and_copy (void)
{
  BenchConsoleView *view = bench_device_page_get_console_view (page_of ("Meter"));
  BenchConsoleModel *model = bench_console_view_get_model (view);
  GtkSelectionModel *selection = bench_console_view_get_selection (view);
  g_autofree char *clip = NULL;
  guint n;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL));
  g_assert_true (gtk_search_bar_get_search_mode (view->search_bar));
  gtk_editable_set_text (GTK_EDITABLE (view->search_entry), "1999");
  /* the search entry debounces; then the scan runs in frames */
  WAIT_FOR (g_strcmp0 (bench_console_model_get_filter_text (model), "1999") == 0 &&
            !bench_console_model_get_needs_flush (model), 3000);
  n = g_list_model_get_n_items (G_LIST_MODEL (model));
  /* 1999, 11999, 19990..19999 */
  g_assert_cmpuint (n, ==, 12);
  WAIT_FOR (rows_contain ("Meter", "RX 19999,"), 2000);
  g_assert_false (rows_contain ("Meter", "RX 1998,"));
  g_assert_cmpstr (gtk_label_get_text (view->count_label), ==, "12 matching lines");

  /* copy the first three as shown */
  gtk_selection_model_select_range (selection, 0, 3, TRUE);
  g_assert_cmpuint (bench_console_view_copy_selection (view), ==, 3);
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (view)), NULL, copy_done_cb, &clip);
  WAIT_FOR (clip != NULL, 2000);
  g_assert_cmpstr (clip, ==, "1999,1.999,0.001999\n11999,11.999,0.011999\n19990,19.990,0.019990\n");

  /* closing the search shows everything again */
  gtk_search_bar_set_search_mode (view->search_bar, FALSE);
  WAIT_FOR (g_list_model_get_n_items (G_LIST_MODEL (model)) > 20000, 3000);
  gtk_selection_model_unselect_all (selection);
}

static void
test_time_and_hex (void)
{
  BenchConsoleView *view = bench_device_page_get_console_view (page_of ("Meter"));
  GSettings *device_settings = bench_settings_get_device (bench_application_get_settings (app), meter_path);
  g_autoptr(GRegex) relative = g_regex_new ("^[0-9]+\\.[0-9]{6} ", 0, 0, NULL);
  g_autoptr(GRegex) absolute = g_regex_new ("^[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{3} ", 0, 0, NULL);
  g_autoptr(GPtrArray) rows = NULL;

  write_str (meter_master, "AB\n");
  WAIT_FOR (rows_contain ("Meter", "RX AB"), 2000);
  rows = shown_rows ("Meter");
  g_assert_true (g_regex_match (absolute, g_ptr_array_index (rows, 0), 0, NULL));
  g_clear_pointer (&rows, g_ptr_array_unref);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-relative-time", NULL));
  g_assert_true (bench_console_model_get_relative_time (bench_console_view_get_model (view)));
  rows = shown_rows ("Meter");
  g_assert_true (g_regex_match (relative, g_ptr_array_index (rows, 0), 0, NULL));
  /* remembered for the device */
  g_assert_true (g_settings_get_boolean (device_settings, "relative-time"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-hex", NULL));
  g_assert_true (rows_contain ("Meter", "RX 41 42"));
  g_assert_true (g_settings_get_boolean (device_settings, "hex-view"));
  save_png (GTK_WIDGET (window), "hex.png");

  gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-hex", NULL);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-relative-time", NULL);
  g_assert_true (rows_contain ("Meter", "RX AB"));
}

static void
test_pending_tx (void)
{
  g_autofree char *spec = NULL;
  g_autofree char *path = NULL;
  g_autofree char *counters = NULL;
  g_autofree char *chunk = g_strnfill (4000, 'Z');
  BenchDevice *device;
  BenchSendBox *send_box;
  int master, slave;

  /* a device that does not read */
  bench_test_openpty (&master, &slave, &path);
  close (slave);
  spec = g_strdup_printf ("%s,name=Deaf", path);
  activate ("connect", g_variant_new_string (spec));
  device = find_device ("Deaf");
  WAIT_FOR (bench_device_get_state (device) == BENCH_DEVICE_CONNECTED, 5000);
  bench_window_select_device (window, device);
  send_box = bench_device_page_get_send_box (page_of ("Deaf"));

  for (guint i = 0; i < 100 && bench_device_get_tx_pending (device) == 0; i++)
    activate ("send", g_variant_new ("(ss)", "Deaf", chunk));
  g_assert_cmpuint (bench_device_get_tx_pending (device), >, 0);

  WAIT_FOR (bench_send_box_get_status (send_box) != NULL, 2000);
  g_assert_nonnull (strstr (bench_send_box_get_status (send_box), "waiting to be sent: the device is not reading"));
  counters = bench_device_page_dup_counters (page_of ("Deaf"));
  g_assert_nonnull (strstr (counters, "waiting to be sent"));
  g_assert_nonnull (strstr (counters, "TX "));
  save_png (GTK_WIDGET (window), "pending.png");

  activate ("disconnect", g_variant_new_string ("Deaf"));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.device-remove", "s", "Deaf");
  g_assert_null (find_device ("Deaf"));
  close (master);
}

static void
test_disconnect (void)
{
  BenchDevice *device = find_device ("Meter");
  BenchSendBox *send_box;
  GtkEntry *entry;

  bench_window_select_device (window, device);
  send_box = bench_device_page_get_send_box (page_of ("Meter"));
  entry = bench_send_box_get_entry (send_box);
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (entry)));
  g_assert_null (bench_device_page_get_banner (page_of ("Meter")));

  activate ("disconnect", g_variant_new_string ("Meter"));
  g_assert_cmpint (bench_device_get_state (device), ==, BENCH_DEVICE_DISCONNECTED);
  /* clearly disabled, and says why */
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (entry)));
  g_assert_cmpstr (gtk_entry_get_placeholder_text (entry), ==, "Not connected");
  g_assert_cmpstr (bench_device_page_get_banner (page_of ("Meter")), ==, "Disconnected");
  g_assert_cmpstr (bench_device_row_get_state (sidebar_row (1)), ==, "disconnected");
  activate ("send", g_variant_new ("(ss)", "Meter", "x"));
  g_assert_nonnull (strstr (last_error (), "not connected"));
  save_png (GTK_WIDGET (window), "disconnected.png");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.device-reconnect", "s", "Meter"));
  WAIT_FOR (bench_device_get_state (device) == BENCH_DEVICE_CONNECTED, 5000);
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (entry)));
  g_assert_cmpstr (bench_device_row_get_state (sidebar_row (1)), ==, "connected");

  activate ("disconnect", g_variant_new_string ("Nobody"));
  g_assert_cmpstr (last_error (), ==, "No device named “Nobody”");
}

static gboolean
overview_has_devices (gpointer data)
{
  BenchConsoleModel *model = model_of (NULL);
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (model));

  for (guint i = n > 200 ? n - 200 : 0; i < n; i++)
    {
      g_autoptr(BenchConsoleItem) item = g_list_model_get_item (G_LIST_MODEL (model), i);

      if (bench_console_item_get_direction (item) == BENCH_DIRECTION_RX)
        g_hash_table_add (names, g_strdup (bench_console_item_get_device_name (item)));
    }
  return g_hash_table_size (names) >= GPOINTER_TO_UINT (data);
}

static void
test_overview (void)
{
  BenchConsoleModel *model;
  gint64 last = G_MININT64;
  guint n;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.open-demos", NULL));
  WAIT_FOR (find_device ("multimeter") && bench_device_get_state (find_device ("multimeter")) == BENCH_DEVICE_CONNECTED &&
            find_device ("pico") && bench_device_get_state (find_device ("pico")) == BENCH_DEVICE_CONNECTED, 5000);
  g_assert_cmpuint (sidebar_count (), ==, 6);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-overview", NULL));
  g_assert_null (bench_window_get_selected_device (window));
  g_assert_true (bench_window_get_visible_page (window) == page_of (NULL));
  g_assert_cmpstr (adw_window_title_get_title (window->content_title), ==, "All Devices");
  g_assert_null (bench_device_page_get_send_box (page_of (NULL)));

  /* lines of several devices, each tagged with its device */
  activate ("send", g_variant_new ("(ss)", "scpi", "*IDN?"));
  g_assert_true (wait_for (overview_has_devices, GUINT_TO_POINTER (3), 8000));
  WAIT_FOR (rows_contain (NULL, " scpi RX "), 3000);
  g_assert_true (rows_contain (NULL, " scpi TX *IDN?"));

  /* in arrival order on the session clock */
  model = model_of (NULL);
  n = g_list_model_get_n_items (G_LIST_MODEL (model));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BenchConsoleItem) item = g_list_model_get_item (G_LIST_MODEL (model), i);

      if (bench_console_item_get_gone (item))
        continue;
      g_assert_cmpint (bench_console_item_get_mono_us (item), >=, last);
      last = bench_console_item_get_mono_us (item);
    }

  /* the same filter as a device's console; the device's name matches */
  bench_console_model_set_filter_text (model, "thermo");
  WAIT_FOR (!bench_console_model_get_needs_flush (model) && g_list_model_get_n_items (G_LIST_MODEL (model)) > 0, 3000);
  n = g_list_model_get_n_items (G_LIST_MODEL (model));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BenchConsoleItem) item = g_list_model_get_item (G_LIST_MODEL (model), i);

      g_assert_cmpstr (bench_console_item_get_device_name (item), ==, "thermo");
    }
  bench_console_model_set_filter_text (model, "");

  bench_test_spin (1500);
  save_png (GTK_WIDGET (window), "all-devices.png");
  {
    g_autofree char *counters = bench_device_page_dup_counters (page_of (NULL));

    g_assert_nonnull (strstr (counters, "RX "));
  }

  bench_window_select_device (window, find_device ("multimeter"));
  bench_test_spin (1000);
  save_png (GTK_WIDGET (window), "devices.png");
}

static char *
read_text (const char *path)
{
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  return contents;
}

static gboolean
file_contains (const char *path,
               const char *needle)
{
  g_autofree char *contents = NULL;

  return g_file_get_contents (path, &contents, NULL, NULL) && strstr (contents, needle) != NULL;
}

static void
test_record (void)
{
  g_autofree char *dir = bench_test_mkdtemp ();
  g_autofree char *path = g_build_filename (dir, "session.csv", NULL);
  g_autofree char *contents = NULL;
  BenchSession *session = bench_application_get_session (app);

  /* a hidden console does not catch up: show Meter's */
  bench_window_select_device (window, find_device ("Meter"));
  activate ("start-recording", g_variant_new_string (path));
  g_assert_true (bench_session_get_recording (session));
  g_assert_true (gtk_toggle_button_get_active (window->record_button));
  g_assert_true (gtk_revealer_get_reveal_child (window->recording_revealer));
  g_assert_cmpstr (gtk_label_get_text (window->recording_label), ==, path);

  activate ("send", g_variant_new ("(ss)", "Meter", "REC?"));
  write_str (meter_master, "recorded, line\n");
  WAIT_FOR (rows_contain ("Meter", "recorded, line"), 3000);
  bench_test_spin (300);

  activate ("stop-recording", NULL);
  WAIT_FOR (!bench_session_get_recording (session), 5000);
  g_assert_false (gtk_toggle_button_get_active (window->record_button));
  /* the log is closed in the background */
  WAIT_FOR (file_contains (path, "recording stopped"), 5000);
  contents = read_text (path);
  g_test_message ("%.200s", contents);
  g_assert_true (g_str_has_prefix (contents, "time,elapsed,device,direction,text\r\n"));
  g_assert_nonnull (strstr (contents, ",Meter,tx,REC?\r\n"));
  g_assert_nonnull (strstr (contents, ",Meter,rx,\"recorded, line\"\r\n"));
  g_assert_nonnull (strstr (contents, "recording stopped"));

  /* an unwritable place: a toast, no recording */
  activate ("start-recording", g_variant_new_string ("/nonexistent/dir/x.csv"));
  g_assert_false (bench_session_get_recording (session));
  g_assert_nonnull (strstr (last_error (), "/nonexistent/dir/x.csv"));
  g_assert_false (gtk_toggle_button_get_active (window->record_button));
}

static void
test_record_disk_full (void)
{
  BenchSession *session = bench_application_get_session (app);
  g_autoptr(GString) lots = g_string_new (NULL);
  GThread *thread;

  if (!g_file_test ("/dev/full", G_FILE_TEST_EXISTS))
    {
      g_test_skip ("no /dev/full");
      return;
    }

  activate ("start-recording", g_variant_new_string ("/dev/full"));
  g_assert_true (bench_session_get_recording (session));
  for (guint i = 0; i < 2000; i++)
    g_string_append_printf (lots, "full %u\n", i);
  /* more than a pty holds: from a thread, while the main loop reads */
  thread = bench_test_write_in_thread (meter_master, lots->str, lots->len);
  WAIT_FOR (rows_contain ("Meter", "full 1999"), 10000);
  g_thread_join (thread);

  /* the writer fails: a toast, the toggle goes off, the devices go on */
  WAIT_FOR (!bench_session_get_recording (session), 5000);
  g_assert_nonnull (strstr (last_error (), "Recording stopped"));
  g_assert_cmpstr (window->last_toast, ==, last_error ());
  g_assert_false (gtk_toggle_button_get_active (window->record_button));
  g_assert_false (gtk_revealer_get_reveal_child (window->recording_revealer));
  g_assert_cmpint (bench_device_get_state (find_device ("Meter")), ==, BENCH_DEVICE_CONNECTED);
  write_str (meter_master, "still here\n");
  WAIT_FOR (rows_contain ("Meter", "still here"), 3000);
}

static void
test_record_chooser (void)
{
  g_autofree char *dir = bench_test_mkdtemp ();
  g_autofree char *path = g_build_filename (dir, "chosen.jsonl", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GRegex) name_re = g_regex_new ("^benchtop-[0-9]{4}-[0-9]{2}-[0-9]{2}-[0-9]{4}\\.csv$", 0, 0, NULL);
  BenchSession *session = bench_application_get_session (app);
  g_autofree char *name = NULL;

  /* the toggle asks for a file, with a sensible name */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-recording", NULL));
  g_assert_nonnull (window->chooser);
  g_assert_false (bench_session_get_recording (session));
  name = gtk_file_chooser_get_current_name (GTK_FILE_CHOOSER (window->chooser));
  g_assert_true (g_regex_match (name_re, name, 0, NULL));
  gtk_native_dialog_hide (window->chooser);
  gtk_native_dialog_destroy (window->chooser);
  g_clear_object (&window->chooser);
  bench_test_spin (100);

  /* what the chooser's answer does */
  _bench_window_record_to (window, file);
  g_assert_true (bench_session_get_recording (session));
  g_assert_true (gtk_toggle_button_get_active (window->record_button));

  /* the toggle stops it */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-recording", NULL));
  WAIT_FOR (!bench_session_get_recording (session), 5000);
  WAIT_FOR (file_contains (path, "recording stopped"), 5000);
  {
    g_autofree char *contents = read_text (path);

    g_assert_true (g_str_has_prefix (contents, "{\"time\":\""));
  }
}

static void
test_export (void)
{
  g_autofree char *dir = bench_test_mkdtemp ();
  g_autofree char *path = g_build_filename (dir, "all.jsonl", NULL);
  g_autofree char *one = g_build_filename (dir, "meter", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *one_path = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GFile) one_file = g_file_new_for_path (one);
  g_autoptr(GHashTable) devices = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_free (window->last_toast);
  window->last_toast = NULL;
  activate ("export", g_variant_new ("(ss)", path, "jsonl"));
  WAIT_FOR (window->last_toast != NULL, 10000);
  g_assert_true (g_str_has_prefix (window->last_toast, "Exported "));
  g_assert_true (g_str_has_suffix (window->last_toast, " rows to all.jsonl"));

  contents = read_text (path);
  lines = g_strsplit (contents, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), >, 20000);
  for (guint i = 0; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      g_autoptr(GVariant) row = g_variant_parse (G_VARIANT_TYPE_VARDICT, lines[i], NULL, NULL, NULL);
      const char *device = NULL;

      /* JSON objects of strings and a number read as GVariant text too */
      if (row == NULL)
        {
          g_assert_true (g_str_has_prefix (lines[i], "{\"time\":\""));
          continue;
        }
      g_assert_true (g_variant_lookup (row, "device", "&s", &device));
      g_hash_table_add (devices, g_strdup (device));
    }
  g_assert_nonnull (strstr (contents, "\"device\":\"Meter\""));
  g_assert_nonnull (strstr (contents, "\"device\":\"thermo\""));

  /* a bad format is an error */
  activate ("export", g_variant_new ("(ss)", path, "xml"));
  g_assert_nonnull (strstr (last_error (), "Unknown export format “xml”"));

  /* one device, as text; the extension follows the chosen format */
  g_free (window->last_toast);
  window->last_toast = NULL;
  _bench_window_export_to (window, one_file, "text", "Meter");
  WAIT_FOR (window->last_toast != NULL, 10000);
  one_path = g_strconcat (one, ".txt", NULL);
  g_clear_pointer (&contents, g_free);
  contents = read_text (one_path);
  g_clear_pointer (&lines, g_strfreev);
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], "\t", 4);

      g_assert_cmpstr (fields[1], ==, "Meter");
    }

  /* unwritable: a toast */
  activate ("export", g_variant_new ("(ss)", "/nonexistent/x.csv", "csv"));
  WAIT_FOR (strstr (last_error (), "Export to x.csv failed") != NULL, 5000);

  {
    g_autofree char *a = g_strdup ("/tmp/x");
    g_autofree char *b = g_strdup ("/tmp/x.csv");

    g_assert_cmpint (_bench_window_resolve_format (&a, "jsonl"), ==, BENCH_LOG_JSONL);
    g_assert_cmpstr (a, ==, "/tmp/x.jsonl");
    g_assert_cmpint (_bench_window_resolve_format (&b, "jsonl"), ==, BENCH_LOG_CSV);
    g_assert_cmpstr (b, ==, "/tmp/x.csv");
  }
}

static void
test_connect_dialog (void)
{
  BenchPortMonitor *ports = bench_application_get_port_monitor (app);
  BenchConnectDialog *dialog;
  g_autofree char *spec = NULL;
  GtkListBox *list;
  BenchDevice *device;

  /* the fake tree has one FTDI adapter */
  g_assert_cmpuint (g_list_model_get_n_items (bench_port_monitor_get_ports (ports)), ==, 1);

  dialog = BENCH_CONNECT_DIALOG (bench_window_present_connect_dialog (window));
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));
  list = bench_connect_dialog_get_ports_list (dialog);
  g_assert_nonnull (gtk_list_box_get_row_at_index (list, 0));
  g_assert_null (gtk_list_box_get_row_at_index (list, 1));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (gtk_list_box_get_row_at_index (list, 0))),
                   ==, "FTDI FT232R USB UART (ftdi_sio)");
  save_png (GTK_WIDGET (dialog), "connect-dialog.png");

  /* a port: its by-id link */
  bench_connect_dialog_pick_port (dialog, 0);
  g_assert_cmpstr (bench_connect_dialog_get_spec_text (dialog), ==,
                   "/dev/serial/by-id/usb-FTDI_FT232R_USB_UART_A1B2C3-if00-port0");
  g_assert_null (bench_connect_dialog_get_error (dialog));

  /* hot-plug: a second port appears in the list */
  add_fake_port (ports_root, "ttyUSB8", NULL, "Second Adapter\n");
  bench_port_monitor_refresh (ports);
  g_assert_nonnull (gtk_list_box_get_row_at_index (list, 1));

  /* errors inline, Connect off */
  bench_connect_dialog_set_spec_text (dialog, "/dev/ttyUSB0,parity=maybe");
  g_assert_nonnull (bench_connect_dialog_get_error (dialog));
  g_assert_nonnull (strstr (bench_connect_dialog_get_error (dialog), "parity"));
  g_assert_false (bench_connect_dialog_accept (dialog));

  /* the form follows the spec and writes into it */
  spec = g_strdup_printf ("%s,9600,7E1,name=Scale", meter_path);
  bench_connect_dialog_set_spec_text (dialog, spec);
  g_assert_null (bench_connect_dialog_get_error (dialog));
  {
    GtkWidget *w = GTK_WIDGET (dialog);
    AdwComboRow *parity = NULL;
    AdwEntryRow *baud = NULL;
    GPtrArray *stack = g_ptr_array_new ();

    g_ptr_array_add (stack, w);
    while (stack->len > 0)
      {
        GtkWidget *x = g_ptr_array_steal_index (stack, stack->len - 1);

        if (ADW_IS_COMBO_ROW (x) && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (x)), "Parity") == 0)
          parity = ADW_COMBO_ROW (x);
        if (ADW_IS_ENTRY_ROW (x) && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (x)), "Baud Rate") == 0)
          baud = ADW_ENTRY_ROW (x);
        for (GtkWidget *c = gtk_widget_get_first_child (x); c; c = gtk_widget_get_next_sibling (c))
          g_ptr_array_add (stack, c);
      }
    g_ptr_array_unref (stack);
    g_assert_nonnull (parity);
    g_assert_nonnull (baud);
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (baud)), ==, "9600");
    g_assert_cmpuint (adw_combo_row_get_selected (parity), ==, 1);

    adw_combo_row_set_selected (parity, 2);
    g_assert_nonnull (strstr (bench_connect_dialog_get_spec_text (dialog), "7O1"));
    gtk_editable_set_text (GTK_EDITABLE (baud), "250000");
    g_assert_nonnull (strstr (bench_connect_dialog_get_spec_text (dialog), "250000"));
    gtk_editable_set_text (GTK_EDITABLE (baud), "fast");
    g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (baud), "error"));
    gtk_editable_set_text (GTK_EDITABLE (baud), "9600");
  }

  /* Connect adds the device and shows it */
  g_assert_true (bench_connect_dialog_accept (dialog));
  g_assert_null (dialog);
  device = find_device ("Scale");
  g_assert_nonnull (device);
  g_assert_cmpuint (bench_device_get_spec (device)->baud, ==, 9600);
  g_assert_cmpint (bench_device_get_spec (device)->parity, ==, BENCH_PARITY_ODD);
  g_assert_true (bench_window_get_selected_device (window) == device);

  /* the demo rows */
  dialog = BENCH_CONNECT_DIALOG (bench_window_present_connect_dialog (window));
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  bench_connect_dialog_pick_demo (dialog, "scpi");
  g_assert_true (g_str_has_prefix (bench_connect_dialog_get_spec_text (dialog), "demo:scpi"));
  gtk_window_close (GTK_WINDOW (dialog));
  bench_test_spin (50);
  g_assert_null (dialog);
}

static void
test_device_settings (void)
{
  BenchDevice *device = find_device ("Scale");
  BenchConnectDialog *dialog;
  g_autofree char *spec = NULL;
  g_autoptr(BenchSpec) saved = NULL;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.device-settings", "s", "Scale"));
  dialog = BENCH_CONNECT_DIALOG (find_toplevel (BENCH_TYPE_CONNECT_DIALOG));
  g_assert_nonnull (dialog);
  g_assert_true (bench_connect_dialog_get_device (dialog) == device);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);

  spec = g_strdup_printf ("%s,19200,8N1,name=Scale,tx-eol=cr", meter_path);
  bench_connect_dialog_set_spec_text (dialog, spec);
  g_assert_true (bench_connect_dialog_accept (dialog));
  g_assert_null (dialog);
  g_assert_cmpuint (bench_device_get_spec (device)->baud, ==, 19200);
  g_assert_cmpuint (g_bytes_get_size (bench_device_get_spec (device)->tx_eol), ==, 1);
  saved = bench_settings_dup_device_spec (bench_application_get_settings (app), meter_path);
  g_assert_cmpuint (saved->baud, ==, 19200);
}

static void
test_remove (void)
{
  guint rows = sidebar_count ();

  bench_window_select_device (window, find_device ("Scale"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.device-remove", "s", ""));
  g_assert_null (find_device ("Scale"));
  g_assert_cmpuint (sidebar_count (), ==, rows - 1);
  g_assert_null (bench_window_get_selected_device (window));
  g_assert_true (bench_window_get_visible_page (window) == page_of (NULL));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.device-remove", "s", "Ghost"));
  g_assert_cmpstr (last_error (), ==, "No device named “Ghost”");
}

/* Network ports, queries and command buttons */

/* The console model's rows of @name (its page must be shown to be current)
 * that contain @needle */
static guint
model_count (const char *name,
             const char *needle)
{
  BenchConsoleModel *model = model_of (name);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (model));
  guint found = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BenchConsoleItem) item = g_list_model_get_item (G_LIST_MODEL (model), i);
      g_autofree char *text = NULL;

      if (bench_console_item_get_gone (item))
        continue;
      text = bench_console_item_dup_text (item);
      if (strstr (text, needle) != NULL)
        found++;
    }

  return found;
}

/* The texts of the rows of @name in order, as "RX text", "TX text", "EV text" */
static GPtrArray *
model_rows (const char *name)
{
  BenchConsoleModel *model = model_of (name);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (model));
  GPtrArray *rows = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BenchConsoleItem) item = g_list_model_get_item (G_LIST_MODEL (model), i);
      g_autofree char *text = NULL;
      const char *dir;

      if (bench_console_item_get_gone (item))
        continue;
      switch (bench_console_item_get_direction (item))
        {
        case BENCH_DIRECTION_RX: dir = "RX"; break;
        case BENCH_DIRECTION_TX: dir = "TX"; break;
        case BENCH_DIRECTION_EVENT:
        default: dir = "EV"; break;
        }
      text = bench_console_item_dup_text (item);
      g_ptr_array_add (rows, g_strdup_printf ("%s %s", dir, text));
    }

  return rows;
}

/* Scrolls @widget's scrolled window so that @widget is at the top */
static void
scroll_to (GtkWidget *widget)
{
  GtkWidget *scroller = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adj;
  graphene_rect_t bounds;

  g_assert_nonnull (scroller);
  gtk_test_widget_wait_for_draw (gtk_widget_get_ancestor (widget, GTK_TYPE_WINDOW));
  g_assert_true (gtk_widget_compute_bounds (widget, gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scroller)), &bounds));
  adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  gtk_adjustment_set_value (adj, bounds.origin.y - 60);
  bench_test_spin (100);
}

static void
test_connect_dialog_network (void)
{
  BenchConnectDialog *dialog = BENCH_CONNECT_DIALOG (bench_window_present_connect_dialog (window));
  gboolean rfc2217;
  const char *host, *port;

  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));
  g_assert_true (bench_connect_dialog_get_serial_settings_apply (dialog));

  /* raw TCP: the fields write the address; baud and framing do not apply */
  bench_connect_dialog_set_network (dialog, FALSE, "lab-pc", "4001");
  g_assert_cmpstr (bench_connect_dialog_get_spec_text (dialog), ==, "socket://lab-pc:4001");
  g_assert_null (bench_connect_dialog_get_error (dialog));
  g_assert_null (bench_connect_dialog_get_network_error (dialog));
  g_assert_false (bench_connect_dialog_get_serial_settings_apply (dialog));

  /* RFC 2217: they do, on the server's port */
  bench_connect_dialog_set_network (dialog, TRUE, "lab-pc", "4001");
  g_assert_cmpstr (bench_connect_dialog_get_spec_text (dialog), ==, "rfc2217://lab-pc:4001");
  g_assert_true (bench_connect_dialog_get_serial_settings_apply (dialog));

  /* the spec entry fills the fields; changing the host keeps the options */
  bench_connect_dialog_set_spec_text (dialog, "rfc2217://10.0.0.5:2217,9600,7E1,name=psu");
  bench_connect_dialog_get_network (dialog, &rfc2217, &host, &port);
  g_assert_true (rfc2217);
  g_assert_cmpstr (host, ==, "10.0.0.5");
  g_assert_cmpstr (port, ==, "2217");
  bench_connect_dialog_set_network (dialog, TRUE, "10.0.0.6", "2217");
  g_assert_cmpstr (bench_connect_dialog_get_spec_text (dialog), ==, "rfc2217://10.0.0.6:2217,baud=9600,7E1,name=psu");
  save_png (GTK_WIDGET (dialog), "connect-network.png");
  bench_connect_dialog_set_network (dialog, FALSE, "10.0.0.6", "2217");
  scroll_to (GTK_WIDGET (bench_connect_dialog_get_recent_list (dialog)));
  save_png (GTK_WIDGET (dialog), "connect-network-settings.png");

  bench_connect_dialog_set_spec_text (dialog, "socket://[::1]:5025");
  bench_connect_dialog_get_network (dialog, &rfc2217, &host, &port);
  g_assert_false (rfc2217);
  g_assert_cmpstr (host, ==, "::1");
  g_assert_cmpstr (port, ==, "5025");
  g_assert_false (bench_connect_dialog_get_serial_settings_apply (dialog));
  /* IPv6 in brackets, typed with or without them */
  bench_connect_dialog_set_network (dialog, FALSE, "[fe80::1]", "23");
  g_assert_cmpstr (bench_connect_dialog_get_spec_text (dialog), ==, "socket://[fe80::1]:23");

  /* what is wrong is said under the fields, and the spec keeps the last
   * good address (the host was typed first: it went in with the old port) */
  bench_connect_dialog_set_network (dialog, FALSE, "lab-pc", "70000");
  g_assert_nonnull (bench_connect_dialog_get_network_error (dialog));
  g_assert_nonnull (strstr (bench_connect_dialog_get_network_error (dialog), "1 to 65535"));
  g_assert_cmpstr (bench_connect_dialog_get_spec_text (dialog), ==, "socket://lab-pc:23");
  bench_connect_dialog_set_network (dialog, FALSE, "lab-pc", "x1");
  g_assert_nonnull (bench_connect_dialog_get_network_error (dialog));
  bench_connect_dialog_set_network (dialog, FALSE, "lab pc", "4001");
  g_assert_nonnull (bench_connect_dialog_get_network_error (dialog));
  g_assert_nonnull (strstr (bench_connect_dialog_get_network_error (dialog), "lab pc"));
  g_assert_cmpstr (bench_connect_dialog_get_spec_text (dialog), ==, "socket://lab-pc:23");
  bench_connect_dialog_set_network (dialog, FALSE, "lab-pc", "4001");
  g_assert_null (bench_connect_dialog_get_network_error (dialog));
  g_assert_cmpstr (bench_connect_dialog_get_spec_text (dialog), ==, "socket://lab-pc:4001");

  /* a tty spec: the settings apply again; the network fields stay as typed */
  bench_connect_dialog_set_spec_text (dialog, "/dev/ttyUSB0,9600");
  g_assert_true (bench_connect_dialog_get_serial_settings_apply (dialog));
  bench_connect_dialog_get_network (dialog, NULL, &host, NULL);
  g_assert_cmpstr (host, ==, "lab-pc");
  /* and a port typed then drops the tty's name-less options into a network spec */
  bench_connect_dialog_set_spec_text (dialog, "/dev/ttyUSB0,9600,name=Scope");
  bench_connect_dialog_set_network (dialog, TRUE, "lab-pc", "4002");
  g_assert_cmpstr (bench_connect_dialog_get_spec_text (dialog), ==, "rfc2217://lab-pc:4002,baud=9600");

  gtk_window_close (GTK_WINDOW (dialog));
  bench_test_spin (50);
  g_assert_null (dialog);
}

/* A TCP peer for socket:// */
typedef struct
{
  GSocketService    *service;
  guint16            port;
  GSocketConnection *connection;
  GByteArray        *received;
  guint8             buf[256];
} TcpPeer;

static void
tcp_peer_read_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  TcpPeer *peer = user_data;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (object), result, NULL);

  if (n <= 0)
    return;
  g_byte_array_append (peer->received, peer->buf, n);
  g_input_stream_read_async (G_INPUT_STREAM (object), peer->buf, sizeof peer->buf, G_PRIORITY_DEFAULT,
                             NULL, tcp_peer_read_cb, peer);
}

static gboolean
tcp_peer_incoming_cb (GSocketService    *service,
                      GSocketConnection *connection,
                      GObject           *source,
                      TcpPeer           *peer)
{
  static const char hello[] = "hello over tcp\nT=21.5 C\n";
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));

  g_assert_null (peer->connection);
  peer->connection = g_object_ref (connection);
  g_assert_true (g_output_stream_write_all (out, hello, strlen (hello), NULL, NULL, NULL));
  g_input_stream_read_async (g_io_stream_get_input_stream (G_IO_STREAM (connection)), peer->buf, sizeof peer->buf,
                             G_PRIORITY_DEFAULT, NULL, tcp_peer_read_cb, peer);
  return TRUE;
}

static void
test_socket_device (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autofree char *spec = NULL;
  g_autofree char *expected_recent = NULL;
  TcpPeer peer = { 0 };
  BenchConnectDialog *dialog;
  GtkListBoxRow *recent;
  BenchDevice *device;

  peer.received = g_byte_array_new ();
  peer.service = g_socket_service_new ();
  g_assert_true (g_socket_listener_add_address (G_SOCKET_LISTENER (peer.service), address, G_SOCKET_TYPE_STREAM,
                                                G_SOCKET_PROTOCOL_TCP, NULL, &bound, &error));
  g_assert_no_error (error);
  peer.port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_signal_connect (peer.service, "incoming", G_CALLBACK (tcp_peer_incoming_cb), &peer);
  g_socket_service_start (peer.service);

  /* the D-Bus action, as a script would */
  spec = g_strdup_printf ("socket://127.0.0.1:%u,name=Net", peer.port);
  activate ("connect", g_variant_new_string (spec));
  device = find_device ("Net");
  g_assert_nonnull (device);
  WAIT_FOR (bench_device_get_state (device) == BENCH_DEVICE_CONNECTED, 5000);
  bench_window_select_device (window, device);

  /* what the peer says is in the console; what we send reaches it */
  WAIT_FOR (model_count ("Net", "T=21.5 C") == 1, 3000);
  g_assert_cmpuint (model_count ("Net", "hello over tcp"), ==, 1);
  activate ("send", g_variant_new ("(ss)", "Net", "MEAS?"));
  WAIT_FOR (peer.received->len >= 6, 3000);
  g_assert_cmpmem (peer.received->data, 6, "MEAS?\n", 6);
  WAIT_FOR (rows_contain ("Net", "RX T=21.5 C"), 3000);

  /* raw TCP has no framing to show; no remote port state either */
  g_assert_nonnull (strstr (adw_window_title_get_subtitle (window->content_title), "raw TCP"));
  g_assert_null (bench_link_status_dup_summary (bench_device_page_get_link_status (page_of ("Net"))));
  save_png (GTK_WIDGET (window), "socket.png");

  /* remembered as a network port, and shown as one */
  dialog = BENCH_CONNECT_DIALOG (bench_window_present_connect_dialog (window));
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  recent = gtk_list_box_get_row_at_index (bench_connect_dialog_get_recent_list (dialog), 0);
  g_assert_nonnull (recent);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (recent)), ==, "Net");
  expected_recent = g_strdup_printf ("Raw TCP · %s", spec);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (recent)), ==, expected_recent);
  /* picking it brings the spec back, fields included */
  g_signal_emit_by_name (bench_connect_dialog_get_recent_list (dialog), "row-activated", recent);
  g_assert_cmpstr (bench_connect_dialog_get_spec_text (dialog), ==, spec);
  {
    const char *host, *port;
    g_autofree char *port_text = g_strdup_printf ("%u", peer.port);

    bench_connect_dialog_get_network (dialog, NULL, &host, &port);
    g_assert_cmpstr (host, ==, "127.0.0.1");
    g_assert_cmpstr (port, ==, port_text);
  }
  scroll_to (GTK_WIDGET (bench_connect_dialog_get_recent_list (dialog)));
  save_png (GTK_WIDGET (dialog), "connect-recent.png");
  gtk_window_close (GTK_WINDOW (dialog));
  bench_test_spin (50);
  g_assert_null (dialog);

  /* the peer goes away: a disconnect, as for a tty */
  g_socket_service_stop (peer.service);
  g_io_stream_close (G_IO_STREAM (peer.connection), NULL, NULL);
  WAIT_FOR (bench_device_get_state (device) != BENCH_DEVICE_CONNECTED, 5000);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.device-remove", "s", "Net");
  g_assert_null (find_device ("Net"));

  g_socket_listener_close (G_SOCKET_LISTENER (peer.service));
  g_clear_object (&peer.connection);
  g_clear_object (&peer.service);
  bench_test_spin (50);
  g_byte_array_unref (peer.received);
}

/* A small RFC 2217 server: acknowledges what it is asked, then reports its
 * modem lines (CD, DSR, CTS) and a parity error, and says hello. */
typedef struct
{
  int          listener;
  guint16      port;
  int          fd;
  GThread     *thread;
  BenchTelnet *telnet;
  gboolean     notified;
} Rfc2217Peer;

static void
rfc2217_peer_write (Rfc2217Peer  *peer,
                    const guint8 *data,
                    gsize         len)
{
  while (len > 0)
    {
      ssize_t n = send (peer->fd, data, len, MSG_NOSIGNAL);

      if (n <= 0)
        return;
      data += n;
      len -= n;
    }
}

static void
rfc2217_peer_send_cb (gpointer      user_data,
                      const guint8 *data,
                      gsize         len)
{
  rfc2217_peer_write (user_data, data, len);
}

static void
rfc2217_peer_option_cb (gpointer        user_data,
                        guint8          option,
                        BenchTelnetSide side,
                        gboolean        enabled)
{
}

static void
rfc2217_peer_subneg_cb (gpointer      user_data,
                        guint8        option,
                        const guint8 *payload,
                        gsize         len,
                        gboolean      truncated)
{
  Rfc2217Peer *peer = user_data;
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autofree guint8 *reply = NULL;

  if (option != BENCH_TELNET_OPT_COM_PORT || len < 1 || payload[0] < 1 || payload[0] > 5)
    return;

  /* the value asked for, acknowledged */
  reply = g_memdup2 (payload, len);
  reply[0] += BENCH_RFC2217_SERVER_OFFSET;
  bench_telnet_subneg_append (out, BENCH_TELNET_OPT_COM_PORT, reply, len);

  if (payload[0] == BENCH_RFC2217_SET_STOPSIZE && !peer->notified)
    {
      const guint8 modem[] = { BENCH_RFC2217_NOTIFY_MODEMSTATE + BENCH_RFC2217_SERVER_OFFSET,
                               BENCH_RFC2217_MODEM_CD | BENCH_RFC2217_MODEM_DSR | BENCH_RFC2217_MODEM_CTS };
      const guint8 line[] = { BENCH_RFC2217_NOTIFY_LINESTATE + BENCH_RFC2217_SERVER_OFFSET,
                              BENCH_RFC2217_LINE_PARITY_ERROR };
      static const char hello[] = "remote port says hi\r\n";

      peer->notified = TRUE;
      bench_telnet_subneg_append (out, BENCH_TELNET_OPT_COM_PORT, modem, sizeof modem);
      bench_telnet_subneg_append (out, BENCH_TELNET_OPT_COM_PORT, line, sizeof line);
      bench_telnet_escape_append (out, (const guint8 *) hello, strlen (hello), TRUE);
    }
  rfc2217_peer_write (peer, out->data, out->len);
}

static gpointer
rfc2217_peer_thread (gpointer user_data)
{
  static const BenchTelnetFuncs funcs = { rfc2217_peer_send_cb, rfc2217_peer_option_cb, rfc2217_peer_subneg_cb };
  Rfc2217Peer *peer = user_data;
  guint8 buf[4096];
  int fd = accept4 (peer->listener, NULL, NULL, SOCK_CLOEXEC);

  if (fd < 0)
    return NULL;
  g_atomic_int_set (&peer->fd, fd);

  peer->telnet = bench_telnet_new (&funcs, peer);
  bench_telnet_request (peer->telnet, BENCH_TELNET_OPT_BINARY, BENCH_TELNET_LOCAL, TRUE);
  bench_telnet_request (peer->telnet, BENCH_TELNET_OPT_BINARY, BENCH_TELNET_REMOTE, TRUE);
  bench_telnet_request (peer->telnet, BENCH_TELNET_OPT_COM_PORT, BENCH_TELNET_REMOTE, TRUE);

  for (;;)
    {
      ssize_t n = recv (fd, buf, sizeof buf, 0);

      if (n <= 0)
        break;
      bench_telnet_decode (peer->telnet, buf, n, buf);
    }

  g_clear_pointer (&peer->telnet, bench_telnet_free);
  return NULL;
}

static void
test_rfc2217_status (void)
{
  g_autofree char *spec = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *details = NULL;
  Rfc2217Peer peer = { 0 };
  BenchLinkStatus *status;
  BenchDevice *device;

  peer.fd = -1;
  peer.listener = bench_test_listen_tcp (&peer.port, 2);
  peer.thread = g_thread_new ("rfc2217-peer", rfc2217_peer_thread, &peer);

  spec = g_strdup_printf ("rfc2217://127.0.0.1:%u,9600,7E1,name=Remote", peer.port);
  activate ("connect", g_variant_new_string (spec));
  device = find_device ("Remote");
  g_assert_nonnull (device);
  WAIT_FOR (bench_device_get_state (device) == BENCH_DEVICE_CONNECTED, 5000);
  bench_window_select_device (window, device);
  WAIT_FOR (rows_contain ("Remote", "remote port says hi"), 3000);

  /* what the server acknowledged and reports, through device.transport */
  status = bench_device_page_get_link_status (page_of ("Remote"));
  WAIT_FOR ((g_free (summary), summary = bench_link_status_dup_summary (status)) != NULL &&
            g_str_has_suffix (summary, "!"), 3000);
  g_assert_cmpstr (summary, ==, "9600 7E1 CD DSR CTS !");
  details = bench_link_status_dup_details (status);
  g_test_message ("%s", details);
  g_assert_nonnull (strstr (details, "Baud rate: 9600"));
  g_assert_nonnull (strstr (details, "Parity: even"));
  g_assert_nonnull (strstr (details, "Modem lines: CD on · DSR on · CTS on · RI off"));
  g_assert_nonnull (strstr (details, "Line errors: parity error"));
  g_assert_false (bench_link_status_get_paused_shown (status));

  /* back-pressure from the log: TCP can wait, and the page says so */
  bench_device_set_paused (device, TRUE);
  g_assert_true (bench_device_get_paused (device));
  WAIT_FOR (bench_link_status_get_paused_shown (status), 2000);
  save_png (GTK_WIDGET (window), "rfc2217.png");
  bench_device_set_paused (device, FALSE);
  WAIT_FOR (!bench_link_status_get_paused_shown (status), 2000);

  /* gone with the connection */
  activate ("disconnect", g_variant_new_string ("Remote"));
  WAIT_FOR ((g_free (summary), summary = bench_link_status_dup_summary (status)) == NULL, 2000);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.device-remove", "s", "Remote");

  shutdown (peer.listener, SHUT_RDWR);
  if (g_atomic_int_get (&peer.fd) >= 0)
    shutdown (peer.fd, SHUT_RDWR);
  g_thread_join (peer.thread);
  if (peer.fd >= 0)
    close (peer.fd);
  close (peer.listener);
}

/* The label under @widget showing @text */
static GtkWidget *
find_label (GtkWidget  *widget,
            const char *text)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_label (c, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static BenchAutomationPanel *
panel_of (const char *name)
{
  return bench_device_page_get_automation_panel (page_of (name));
}

static void
test_queries (void)
{
  BenchDevice *device = find_device ("scpi");
  BenchPoller *poller = bench_device_get_poller (device);
  GSettings *settings = bench_settings_get_settings (bench_application_get_settings (app));
  BenchAutomationPanel *panel;
  BenchQueryRow *volt, *nope;
  BenchQuery *query;

  bench_window_select_device (window, device);
  panel = panel_of ("scpi");
  g_assert_null (bench_device_page_get_automation_panel (page_of (NULL)));

  /* F9: the panel, on every device page, remembered */
  g_assert_false (bench_automation_panel_get_revealed (panel));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.automation-panel", NULL));
  g_assert_true (g_settings_get_boolean (settings, "automation-panel"));
  g_assert_true (bench_automation_panel_get_revealed (panel));
  g_assert_true (bench_automation_panel_get_revealed (panel_of ("Meter")));
  g_assert_true (gtk_toggle_button_get_active (window->automation_button));

  /* the one-line form: the CLI's syntax, or a plain command */
  g_assert_true (bench_automation_panel_add_query (panel, "MEAS:VOLT?@200ms,reply-timeout=500ms"));
  g_assert_true (bench_automation_panel_add_query (panel, "FOO?@300ms,reply-timeout=150ms"));
  g_assert_true (bench_automation_panel_add_query (panel, "*IDN?"));
  g_assert_false (bench_automation_panel_add_query (panel, "READ?@fast"));
  g_assert_nonnull (bench_automation_panel_get_add_error (panel));
  g_assert_nonnull (strstr (bench_automation_panel_get_add_error (panel), "fast"));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (poller)), ==, 3);
  query = g_list_model_get_item (G_LIST_MODEL (poller), 2);
  g_assert_cmpstr (bench_query_get_command (query), ==, "*IDN?");
  g_assert_cmpuint (bench_query_get_interval_ms (query), ==, 1000);
  g_assert_false (bench_query_get_wait_reply (query));
  g_object_unref (query);

  /* removed from its menu; moved from its menu */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (bench_automation_panel_get_query_row (panel, 2)),
                                             "query.remove", NULL));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (poller)), ==, 2);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (bench_automation_panel_get_query_row (panel, 0)),
                                             "query.move-down", NULL));
  nope = bench_automation_panel_get_query_row (panel, 0);
  g_assert_cmpstr (bench_query_get_command (bench_query_row_get_query (nope)), ==, "FOO?");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (nope), "query.move-down", NULL));
  volt = bench_automation_panel_get_query_row (panel, 0);
  nope = bench_automation_panel_get_query_row (panel, 1);
  g_assert_cmpstr (bench_query_get_command (bench_query_row_get_query (volt)), ==, "MEAS:VOLT?");
  g_assert_cmpstr (gtk_editable_get_text (bench_query_row_get_interval_entry (volt)), ==, "200ms");

  /* edited in place: a good value applies, a bad one is marked and does not */
  gtk_editable_set_text (bench_query_row_get_interval_entry (volt), "fast");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (bench_query_row_get_interval_entry (volt)), "error"));
  g_assert_cmpuint (bench_query_get_interval_ms (bench_query_row_get_query (volt)), ==, 200);
  gtk_editable_set_text (bench_query_row_get_interval_entry (volt), "0.15s");
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (bench_query_row_get_interval_entry (volt)), "error"));
  g_assert_cmpuint (bench_query_get_interval_ms (bench_query_row_get_query (volt)), ==, 150);
  /* changed elsewhere (a script, a restore): the row follows */
  bench_query_set_timeout_ms (bench_query_row_get_query (volt), 1500);
  g_assert_cmpstr (gtk_editable_get_text (bench_query_row_get_timeout_entry (volt)), ==, "1.5s");
  bench_query_set_timeout_ms (bench_query_row_get_query (volt), 500);
  g_assert_cmpstr (gtk_editable_get_text (bench_query_row_get_timeout_entry (volt)), ==, "500ms");
  gtk_editable_set_text (bench_query_row_get_command_entry (volt), "");
  g_assert_cmpstr (bench_query_get_command (bench_query_row_get_query (volt)), ==, "MEAS:VOLT?");
  gtk_editable_set_text (bench_query_row_get_command_entry (volt), "MEAS:VOLT:DC?");
  g_assert_cmpstr (bench_query_get_command (bench_query_row_get_query (volt)), ==, "MEAS:VOLT:DC?");

  /* nothing is sent until they run */
  g_assert_false (bench_poller_get_running (poller));
  g_assert_true (g_str_has_prefix (bench_automation_panel_get_totals (panel), "Stopped"));
  gtk_switch_set_active (bench_automation_panel_get_running_switch (panel), TRUE);
  g_assert_true (bench_poller_get_running (poller));

  /* replies count, the last one shows; a query nobody answers is missed */
  WAIT_FOR (bench_query_get_replies (bench_query_row_get_query (volt)) >= 3 &&
            bench_query_get_missed (bench_query_row_get_query (nope)) >= 2, 8000);
  bench_test_spin (300);
  g_test_message ("%s | %s | %s", bench_query_row_get_counters (volt), bench_query_row_get_counters (nope),
                  bench_automation_panel_get_totals (panel));
  g_assert_true (g_str_has_prefix (bench_automation_panel_get_totals (panel), "Running · "));
  g_assert_nonnull (strstr (bench_query_row_get_counters (volt), " replies · 0 missed"));
  g_assert_null (strstr (bench_query_row_get_counters (volt), "0 replies"));
  g_assert_nonnull (bench_query_row_get_last_reply (volt));
  g_assert_true (g_str_has_suffix (bench_query_row_get_last_reply (volt), "E+00"));
  g_assert_null (bench_query_row_get_last_reply (nope));
  g_assert_null (strstr (bench_query_row_get_counters (nope), " 0 missed"));
  /* the missed count stands out, in the row and in the totals */
  g_assert_cmpuint (bench_poller_get_missed (poller), >=, 2);
  g_assert_true (gtk_widget_has_css_class (find_label (GTK_WIDGET (nope), bench_query_row_get_counters (nope)),
                                           "warning"));
  g_assert_false (gtk_widget_has_css_class (find_label (GTK_WIDGET (volt), bench_query_row_get_counters (volt)),
                                            "warning"));
  g_assert_true (gtk_widget_has_css_class (find_label (GTK_WIDGET (panel), bench_automation_panel_get_totals (panel)),
                                           "warning"));

  /* sends, replies and misses are ordinary rows */
  g_assert_cmpuint (model_count ("scpi", "MEAS:VOLT:DC?"), >=, 3);
  g_assert_cmpuint (model_count ("scpi", "no reply to FOO? within 150 ms"), >=, 2);
  /* beside the console, not over it, at the usual window size */
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (panel)));
  g_assert_false (adw_flap_get_folded (ADW_FLAP (gtk_widget_get_ancestor (GTK_WIDGET (panel), ADW_TYPE_FLAP))));
  save_png (GTK_WIDGET (window), "queries.png");

  /* the D-Bus action stops them */
  activate ("poll", g_variant_new ("(sb)", "scpi", FALSE));
  g_assert_false (bench_poller_get_running (poller));
  g_assert_false (gtk_switch_get_active (bench_automation_panel_get_running_switch (panel)));
  activate ("poll", g_variant_new ("(sb)", "Nobody", TRUE));
  g_assert_cmpstr (last_error (), ==, "No device named “Nobody”");
  activate ("poll", g_variant_new ("(sb)", "scpi", TRUE));
  g_assert_true (bench_poller_get_running (poller));
}

/* Whether an rx row of scpi at or after @from contains @needle */
static gboolean
rx_after (guint       from,
          const char *needle)
{
  g_autoptr(GPtrArray) rows = model_rows ("scpi");

  for (guint i = from; i < rows->len; i++)
    if (g_str_has_prefix (g_ptr_array_index (rows, i), "RX ") && strstr (g_ptr_array_index (rows, i), needle) != NULL)
      return TRUE;
  return FALSE;
}

static gboolean
runner_idle (gpointer data)
{
  return !bench_command_runner_get_busy (bench_device_get_runner (data));
}

static void
test_command_buttons (void)
{
  BenchDevice *device = find_device ("scpi");
  BenchCommandSet *commands = bench_device_get_commands (device);
  BenchCommandRunner *runner = bench_device_get_runner (device);
  BenchAutomationPanel *panel;
  BenchCommandBar *bar;
  BenchCommandEditor *editor;
  g_autoptr(GPtrArray) rows = NULL;
  g_auto(GStrv) actions = NULL;
  GtkButton *button;
  guint resets;
  int first;

  bench_window_select_device (window, device);
  /* the queries would interleave with the sequence: stop them */
  bench_poller_stop (bench_device_get_poller (device));
  panel = panel_of ("scpi");
  bar = bench_device_page_get_command_bar (page_of ("scpi"));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (bar)));

  /* a new button from the editor */
  editor = BENCH_COMMAND_EDITOR (bench_automation_panel_edit_command (panel, -1));
  g_object_add_weak_pointer (G_OBJECT (editor), (gpointer *) &editor);
  g_assert_null (bench_command_editor_get_command (editor));
  bench_command_editor_set_name (editor, "Zero");
  bench_command_editor_set_text (editor, "*RST\nwait 100ms\nCONF:VOLT:DC\nREAD?\n");
  g_assert_null (bench_command_editor_get_error (editor));
  save_png (GTK_WIDGET (editor), "command-editor.png");
  g_assert_true (bench_command_editor_save (editor));
  g_assert_null (editor);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (commands)), ==, 1);

  /* errors inline, Save off: a bad escape names its line, no steps, a name taken */
  editor = BENCH_COMMAND_EDITOR (bench_automation_panel_edit_command (panel, -1));
  g_object_add_weak_pointer (G_OBJECT (editor), (gpointer *) &editor);
  bench_command_editor_set_name (editor, "Bad");
  bench_command_editor_set_text (editor, "*CLS\nOUTP \\q1\n");
  g_assert_nonnull (bench_command_editor_get_error (editor));
  g_assert_nonnull (strstr (bench_command_editor_get_error (editor), "2"));
  save_png (GTK_WIDGET (editor), "command-editor-error.png");
  g_assert_false (bench_command_editor_save (editor));
  bench_command_editor_set_text (editor, "\n\n");
  g_assert_nonnull (strstr (bench_command_editor_get_error (editor), "at least one step"));
  bench_command_editor_set_text (editor, "SYST:ERR?");
  bench_command_editor_set_name (editor, "Zero");
  g_assert_nonnull (strstr (bench_command_editor_get_error (editor), "Another button"));
  g_assert_false (bench_command_editor_save (editor));
  bench_command_editor_set_name (editor, "Error?");
  g_assert_true (bench_command_editor_save (editor));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (commands)), ==, 2);

  /* the buttons, in order, above the send box */
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (bar)));
  button = bench_command_bar_get_button (bar, 0);
  g_assert_nonnull (button);
  g_assert_nonnull (bench_command_bar_get_button (bar, 1));
  g_assert_null (bench_command_bar_get_button (bar, 2));
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (button)));
  g_assert_true (g_str_has_prefix (gtk_widget_get_tooltip_text (GTK_WIDGET (button)), "Ctrl+1"));
  g_assert_cmpuint (gtk_list_box_get_row_at_index (bench_automation_panel_get_commands_list (panel), 1) != NULL, ==, TRUE);

  /* a click sends the sequence, in order, the wait in between */
  resets = model_count ("scpi", "*RST");
  g_signal_emit_by_name (button, "clicked");
  g_assert_true (bench_command_runner_get_busy (runner));
  g_assert_cmpstr (bench_command_bar_get_status (bar), ==, "Running “Zero”");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (button), "suggested-action"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (gtk_widget_get_next_sibling (gtk_widget_get_next_sibling (
    gtk_widget_get_first_child (GTK_WIDGET (bar)))))));
  /* clicked again while it runs: queued */
  g_signal_emit_by_name (bench_command_bar_get_button (bar, 1), "clicked");
  g_assert_cmpstr (bench_command_bar_get_status (bar), ==, "Running “Zero” · 1 queued");
  save_png (GTK_WIDGET (window), "command-buttons.png");
  g_assert_true (wait_for (runner_idle, device, 5000));
  g_assert_cmpstr (bench_command_bar_get_status (bar), ==, "");
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (button), "suggested-action"));
  /* the queued one ran after it */
  WAIT_FOR (model_count ("scpi", "SYST:ERR?") >= 1, 3000);
  g_assert_cmpuint (model_count ("scpi", "*RST"), ==, resets + 1);
  rows = model_rows ("scpi");
  first = -1;
  for (guint i = 0; i < rows->len; i++)
    if (g_str_equal (g_ptr_array_index (rows, i), "TX *RST"))
      first = i;
  g_assert_cmpint (first, >=, 0);
  g_assert_cmpstr (g_ptr_array_index (rows, first + 1), ==, "TX CONF:VOLT:DC");
  g_assert_cmpstr (g_ptr_array_index (rows, first + 2), ==, "TX READ?");
  /* READ? is answered (the queued SYST:ERR? may go out before the answer) */
  WAIT_FOR (rx_after (first + 3, "E+"), 3000);
  /* Ctrl+1 is the first button of the device shown */
  actions = gtk_application_get_actions_for_accel (GTK_APPLICATION (app), "<Control>1");
  g_assert_nonnull (actions[0]);
  g_assert_cmpstr (actions[0], ==, "win.run-command(uint32 0)");
  g_clear_pointer (&actions, g_strfreev);
  actions = gtk_application_get_actions_for_accel (GTK_APPLICATION (app), "<Control>9");
  g_assert_cmpstr (actions[0], ==, "win.run-command(uint32 8)");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.run-command", "u", 0));
  g_assert_true (bench_command_runner_get_busy (runner));
  g_assert_true (wait_for (runner_idle, device, 5000));
  WAIT_FOR (model_count ("scpi", "*RST") == resets + 2, 3000);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.run-command", "u", 4);
  g_assert_cmpstr (window->last_toast, ==, "scpi has no command button 5");

  /* by name over D-Bus */
  activate ("run-command", g_variant_new ("(ss)", "scpi", "Zero"));
  g_assert_true (wait_for (runner_idle, device, 5000));
  WAIT_FOR (model_count ("scpi", "*RST") == resets + 3, 3000);
  activate ("run-command", g_variant_new ("(ss)", "scpi", "Nope"));
  g_assert_cmpstr (last_error (), ==, "scpi has no command button named “Nope”");

  /* reordered: Ctrl+1 follows the order */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (panel), "panel.move-command-up", "u", 1));
  g_assert_cmpstr (bench_command_get_name (bench_command_set_get_command (commands, 0)), ==, "Error?");
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (
    gtk_list_box_get_row_at_index (bench_automation_panel_get_commands_list (panel), 0))), ==, "Error?");
  g_assert_true (g_str_has_prefix (gtk_widget_get_tooltip_text (GTK_WIDGET (bench_command_bar_get_button (bar, 1))),
                                   "Ctrl+2\n*RST"));

  /* edited: the button follows */
  editor = BENCH_COMMAND_EDITOR (bench_automation_panel_edit_command (panel, 1));
  g_object_add_weak_pointer (G_OBJECT (editor), (gpointer *) &editor);
  g_assert_true (bench_command_editor_get_command (editor) == bench_command_set_get_command (commands, 1));
  bench_command_editor_set_name (editor, "Reset");
  g_assert_true (bench_command_editor_save (editor));
  g_assert_cmpstr (bench_command_get_name (bench_command_set_get_command (commands, 1)), ==, "Reset");

  /* a failure is a toast (and the last error, for scripts) */
  activate ("disconnect", g_variant_new_string ("scpi"));
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (bench_command_bar_get_button (bar, 0))));
  activate ("run-command", g_variant_new ("(ss)", "scpi", "Reset"));
  g_test_message ("%s", last_error ());
  g_assert_true (g_str_has_prefix (last_error (), "“Reset” on scpi stopped: "));
  g_assert_cmpstr (window->last_toast, ==, last_error ());
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.device-reconnect", "s", "scpi"));
  WAIT_FOR (bench_device_get_state (device) == BENCH_DEVICE_CONNECTED, 5000);
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (bench_command_bar_get_button (bar, 0))));

  /* removed from its menu */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (panel), "panel.remove-command", "u", 0));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (commands)), ==, 1);
  g_assert_null (bench_command_bar_get_button (bar, 1));
}

static void
test_automation_persist (void)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  GSettings *settings = bench_settings_get_settings (bench_application_get_settings (app));
  BenchDevice *device = find_device ("scpi");
  BenchPoller *poller;
  BenchCommandSet *commands;
  BenchQuery *query;

  /* removed while its queries run; its settings keep them */
  bench_poller_start (bench_device_get_poller (device));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.device-remove", "s", "scpi"));
  g_assert_null (find_device ("scpi"));

  /* added again: the queries, whether they ran, the command buttons */
  activate ("connect", g_variant_new_string ("demo:scpi"));
  device = find_device ("scpi");
  g_assert_nonnull (device);
  poller = bench_device_get_poller (device);
  commands = bench_device_get_commands (device);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (poller)), ==, 2);
  query = g_list_model_get_item (G_LIST_MODEL (poller), 0);
  g_assert_cmpstr (bench_query_get_command (query), ==, "MEAS:VOLT:DC?");
  g_assert_cmpuint (bench_query_get_interval_ms (query), ==, 150);
  g_assert_true (bench_query_get_wait_reply (query));
  g_assert_cmpuint (bench_query_get_timeout_ms (query), ==, 500);
  g_assert_cmpuint (bench_query_get_sent (query), ==, 0);
  g_assert_true (bench_poller_get_running (poller));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (commands)), ==, 1);
  g_assert_cmpstr (bench_command_get_name (bench_command_set_get_command (commands, 0)), ==, "Reset");
  /* saved as steps: the text comes back one step per line */
  g_assert_cmpstr (bench_command_get_text (bench_command_set_get_command (commands, 0)), ==,
                   "*RST\nwait 100ms\nCONF:VOLT:DC\nREAD?");

  /* and they run */
  bench_window_select_device (window, device);
  WAIT_FOR (bench_query_get_replies (query) >= 2, 8000);
  g_object_unref (query);
  g_assert_nonnull (bench_device_page_get_command_bar (page_of ("scpi")));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (bench_device_page_get_command_bar (page_of ("scpi")))));
  /* made while the device was connecting: enabled once it is connected */
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (bench_command_bar_get_button (
    bench_device_page_get_command_bar (page_of ("scpi")), 0))));
  bench_test_spin (600);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (panel_of ("scpi"))));
  save_png (GTK_WIDGET (window), "automation.png");

  g_settings_set_string (settings, "style-variant", "dark");
  g_assert_true (adw_style_manager_get_dark (style));
  bench_test_spin (600);
  save_png (GTK_WIDGET (window), "automation-dark.png");
  g_settings_set_string (settings, "style-variant", "system");

  /* quiet again for what follows; the panel stays on for the name checks */
  activate ("poll", g_variant_new ("(sb)", "scpi", FALSE));
}

static void
test_preferences_and_dark (void)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  GSettings *settings = bench_settings_get_settings (bench_application_get_settings (app));
  GtkWindow *prefs;

  activate ("preferences", NULL);
  prefs = find_toplevel (BENCH_TYPE_PREFERENCES_WINDOW);
  g_assert_nonnull (prefs);
  save_png (GTK_WIDGET (prefs), "preferences.png");

  /* the style choice is a settings action */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (prefs), "settings.style-variant", "s", "dark"));
  {
    g_autofree char *variant = g_settings_get_string (settings, "style-variant");

    g_assert_cmpstr (variant, ==, "dark");
  }
  g_assert_true (adw_style_manager_get_dark (style));
  gtk_window_destroy (prefs);

  bench_window_select_device (window, find_device ("multimeter"));
  bench_test_spin (500);
  save_png (GTK_WIDGET (window), "devices-dark.png");
  bench_window_select_device (window, NULL);
  bench_test_spin (500);
  save_png (GTK_WIDGET (window), "all-devices-dark.png");

  g_settings_set_string (settings, "style-variant", "system");
  g_assert_cmpint (adw_style_manager_get_color_scheme (style), ==, ADW_COLOR_SCHEME_DEFAULT);

  /* the scrollback setting reaches the devices */
  g_settings_set_uint (settings, "scrollback-lines", 50000);
  g_assert_cmpuint (bench_row_queue_get_max_rows (bench_device_get_queue (find_device ("Meter"))), ==, 50000);
  g_assert_cmpuint (bench_journal_get_max_entries (bench_application_get_journal (app)), ==, 50000);
  g_settings_set_uint (settings, "scrollback-lines", 1000000);
}

static void
test_about (void)
{
  GtkWindow *about;

  activate ("about", NULL);
  about = find_toplevel (ADW_TYPE_ABOUT_WINDOW);
  g_assert_nonnull (about);
  g_assert_cmpstr (adw_about_window_get_application_name (ADW_ABOUT_WINDOW (about)), ==, "Benchtop");
  g_assert_cmpstr (adw_about_window_get_version (ADW_ABOUT_WINDOW (about)), ==, PACKAGE_VERSION);
  gtk_window_destroy (about);
}

static void
collect_accels (GtkWidget *widget,
                GPtrArray *accels)
{
  if (GTK_IS_SHORTCUTS_SHORTCUT (widget))
    {
      g_autofree char *accel = NULL;

      g_object_get (widget, "accelerator", &accel, NULL);
      if (accel != NULL)
        {
          g_auto(GStrv) parts = g_strsplit (accel, " ", -1);

          for (guint i = 0; parts[i]; i++)
            {
              g_auto(GStrv) range = g_strsplit (parts[i], "...", 2);
              guint first, last;
              GdkModifierType first_mods, last_mods;

              /* "<Control>1...<Control>9": each one in between */
              if (range[1] != NULL && gtk_accelerator_parse (range[0], &first, &first_mods) &&
                  gtk_accelerator_parse (range[1], &last, &last_mods) && first_mods == last_mods &&
                  first <= last && last - first < 16)
                {
                  for (guint key = first; key <= last; key++)
                    g_ptr_array_add (accels, gtk_accelerator_name (key, first_mods));
                }
              else
                g_ptr_array_add (accels, g_strdup (parts[i]));
            }
        }
    }
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    collect_accels (c, accels);
}

static gboolean
accel_listed (GPtrArray  *listed,
              const char *accel)
{
  guint key, listed_key;
  GdkModifierType mods, listed_mods;

  g_assert_true (gtk_accelerator_parse (accel, &key, &mods));
  for (guint i = 0; i < listed->len; i++)
    if (gtk_accelerator_parse (g_ptr_array_index (listed, i), &listed_key, &listed_mods) &&
        gdk_keyval_to_lower (key) == gdk_keyval_to_lower (listed_key) && mods == listed_mods)
      return TRUE;
  return FALSE;
}

static gboolean
window_has_action (const char *name)
{
  GtkWidgetClass *klass = GTK_WIDGET_GET_CLASS (window);
  const GVariantType *param;
  const char *action, *property;
  GType owner;

  if (g_str_has_prefix (name, "win.") && g_action_group_has_action (G_ACTION_GROUP (window), name + 4))
    return TRUE;
  for (guint i = 0; gtk_widget_class_query_action (klass, i, &owner, &action, &param, &property); i++)
    if (g_str_equal (action, name))
      return TRUE;
  return FALSE;
}

/* Every accelerator set on an action is in the shortcuts window */
static void
test_shortcuts (void)
{
  g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource ("/io/github/benchtop/Benchtop/gtk/help-overlay.ui");
  GtkWidget *overlay = GTK_WIDGET (gtk_builder_get_object (builder, "help_overlay"));
  g_autoptr(GPtrArray) listed = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) actions = gtk_application_list_action_descriptions (GTK_APPLICATION (app));
  guint checked = 0;

  g_assert_nonnull (overlay);
  collect_accels (overlay, listed);
  g_assert_cmpuint (listed->len, >, 20);

  for (guint i = 0; actions[i] != NULL; i++)
    {
      g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), actions[i]);
      g_autofree char *name = NULL;
      g_autoptr(GVariant) target = NULL;

      g_assert_true (g_action_parse_detailed_name (actions[i], &name, &target, NULL));
      /* the action exists on the application or the window */
      if (g_str_has_prefix (name, "app."))
        g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), name + 4));
      else
        g_assert_true (window_has_action (name));
      for (guint j = 0; accels[j] != NULL; j++)
        {
          if (!accel_listed (listed, accels[j]))
            g_error ("%s of %s is not in the shortcuts window", accels[j], actions[i]);
          checked++;
        }
    }
  g_assert_cmpuint (checked, >=, 18);
  gtk_window_destroy (GTK_WINDOW (overlay));

  /* and the window has it */
  g_assert_nonnull (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));
}

/* Every control has a name for assistive technologies */
static guint checked_controls;

static gboolean
has_name (GtkWidget *widget)
{
  const char *label = NULL;

  if (gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL) ||
      gtk_test_accessible_has_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_LABELLED_BY))
    return TRUE;

  if (GTK_IS_BUTTON (widget))
    label = gtk_button_get_label (GTK_BUTTON (widget));
  else if (GTK_IS_MENU_BUTTON (widget))
    label = gtk_menu_button_get_label (GTK_MENU_BUTTON (widget));
  if (label != NULL && *label != '\0')
    return TRUE;

  /* a button whose child is labelled (AdwButtonContent, a label) */
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      if (GTK_IS_LABEL (c) && *gtk_label_get_text (GTK_LABEL (c)) != '\0')
        return TRUE;
      if (ADW_IS_BUTTON_CONTENT (c) && adw_button_content_get_label (ADW_BUTTON_CONTENT (c)) != NULL)
        return TRUE;
    }

  /* a control inside an Adw row is named by the row's title */
  for (GtkWidget *p = gtk_widget_get_parent (widget); p; p = gtk_widget_get_parent (p))
    if (ADW_IS_PREFERENCES_ROW (p))
      return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (p)) != NULL;

  return FALSE;
}

static void
check_names (GtkWidget *widget,
             GPtrArray *nameless)
{
  gboolean control = GTK_IS_BUTTON (widget) || GTK_IS_MENU_BUTTON (widget) || GTK_IS_ENTRY (widget) ||
                     GTK_IS_SEARCH_ENTRY (widget) || GTK_IS_DROP_DOWN (widget) || GTK_IS_SWITCH (widget) ||
                     GTK_IS_SPIN_BUTTON (widget) || GTK_IS_LIST_VIEW (widget) || GTK_IS_CHECK_BUTTON (widget);

  /* GtkMenuButton's inner toggle and GtkDropDown's inner button are named by their parent */
  if (control && GTK_IS_TOGGLE_BUTTON (widget) &&
      (GTK_IS_MENU_BUTTON (gtk_widget_get_parent (widget)) || GTK_IS_DROP_DOWN (gtk_widget_get_parent (widget))))
    control = FALSE;
  /* the entry and buttons inside Adw rows and GTK's own composite widgets */
  if (control && (GTK_IS_SPIN_BUTTON (gtk_widget_get_parent (widget)) ||
                  GTK_IS_SEARCH_ENTRY (gtk_widget_get_parent (widget))))
    control = FALSE;

  /* what is on screen: not the inside of closed popovers, hidden pages */
  if (control && gtk_widget_get_mapped (widget))
    checked_controls++;
  if (control && gtk_widget_get_mapped (widget) && !has_name (widget))
    g_ptr_array_add (nameless, g_strdup_printf ("%s (%s) in %s in %s", G_OBJECT_TYPE_NAME (widget),
                                                gtk_widget_get_tooltip_text (widget),
                                                G_OBJECT_TYPE_NAME (gtk_widget_get_parent (widget)),
                                                G_OBJECT_TYPE_NAME (gtk_widget_get_parent (gtk_widget_get_parent (widget)))));

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    check_names (c, nameless);
}

static void
test_accessible_names (void)
{
  g_autoptr(GPtrArray) nameless = g_ptr_array_new_with_free_func (g_free);
  GtkWidget *dialog;

  bench_window_select_device (window, find_device ("Meter"));
  check_names (GTK_WIDGET (window), nameless);
  dialog = bench_window_present_connect_dialog (window);
  gtk_test_widget_wait_for_draw (dialog);
  check_names (dialog, nameless);
  gtk_window_destroy (GTK_WINDOW (dialog));
  activate ("preferences", NULL);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (find_toplevel (BENCH_TYPE_PREFERENCES_WINDOW)));
  check_names (GTK_WIDGET (find_toplevel (BENCH_TYPE_PREFERENCES_WINDOW)), nameless);
  gtk_window_destroy (find_toplevel (BENCH_TYPE_PREFERENCES_WINDOW));

  for (guint i = 0; i < nameless->len; i++)
    g_printerr ("no accessible name: %s\n", (char *) g_ptr_array_index (nameless, i));
  g_assert_cmpuint (nameless->len, ==, 0);
  g_assert_cmpuint (checked_controls, >, 30);
}

static void
test_narrow (void)
{
  int width, height;

  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  gtk_window_set_default_size (GTK_WINDOW (window), 380, 700);
  WAIT_FOR (adw_leaflet_get_folded (window->leaflet), 3000);
  bench_test_spin (300);
  save_png (GTK_WIDGET (window), "narrow-sidebar.png");

  /* a click on a device shows its page; back returns */
  g_assert_true (adw_leaflet_get_visible_child (window->leaflet) == window->sidebar);
  g_assert_true (gtk_widget_get_visible (window->back_button));
  g_signal_emit_by_name (window->device_list, "row-activated", gtk_list_box_get_row_at_index (window->device_list, 1));
  g_assert_true (adw_leaflet_get_visible_child (window->leaflet) == window->content);
  bench_test_spin (500);
  save_png (GTK_WIDGET (window), "narrow-page.png");
  gtk_widget_activate (window->back_button);
  WAIT_FOR (adw_leaflet_get_visible_child (window->leaflet) == window->sidebar, 2000);

  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  WAIT_FOR (!adw_leaflet_get_folded (window->leaflet), 3000);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  signal (SIGPIPE, SIG_IGN);
  /* the test AT context keeps accessible properties for the checks */
  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_disable_setlocale ();
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  if (!gtk_init_check ())
    {
      g_print ("1..0 # SKIP no display\n");
      return 77;
    }
  adw_init ();

  artifacts = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR") : ".", "artifacts", NULL);
  g_mkdir_with_parents (artifacts, 0755);

  ports_root = g_dir_make_tmp ("benchtop-ports-XXXXXX", &error);
  g_assert_no_error (error);
  add_fake_port (ports_root, "ttyUSB7", "usb-FTDI_FT232R_USB_UART_A1B2C3-if00-port0", "FT232R USB UART\n");

  app = g_object_new (BENCH_TYPE_APPLICATION,
                      "application-id", "io.github.benchtop.Benchtop.Tests",
                      "flags", G_APPLICATION_NON_UNIQUE | G_APPLICATION_HANDLES_COMMAND_LINE,
                      "resource-base-path", "/io/github/benchtop/Benchtop",
                      "ports-root", ports_root,
                      NULL);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (app));
  window = BENCH_WINDOW (bench_application_ensure_window (app));
  gtk_window_set_default_size (GTK_WINDOW (window), 1180, 760);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  g_test_add_func ("/benchtop/window/empty-state", test_empty_state);
  g_test_add_func ("/benchtop/window/connect", test_connect);
  g_test_add_func ("/benchtop/window/send", test_send);
  g_test_add_func ("/benchtop/window/follow-tail", test_follow_tail);
  g_test_add_func ("/benchtop/window/filter-and-copy", test_filter_and_copy);
  g_test_add_func ("/benchtop/window/time-and-hex", test_time_and_hex);
  g_test_add_func ("/benchtop/window/pending-tx", test_pending_tx);
  g_test_add_func ("/benchtop/window/disconnect", test_disconnect);
  g_test_add_func ("/benchtop/window/overview", test_overview);
  g_test_add_func ("/benchtop/window/record", test_record);
  g_test_add_func ("/benchtop/window/record-disk-full", test_record_disk_full);
  g_test_add_func ("/benchtop/window/record-chooser", test_record_chooser);
  g_test_add_func ("/benchtop/window/export", test_export);
  g_test_add_func ("/benchtop/window/connect-dialog", test_connect_dialog);
  g_test_add_func ("/benchtop/window/device-settings", test_device_settings);
  g_test_add_func ("/benchtop/window/remove", test_remove);
  g_test_add_func ("/benchtop/window/connect-dialog-network", test_connect_dialog_network);
  g_test_add_func ("/benchtop/window/socket-device", test_socket_device);
  g_test_add_func ("/benchtop/window/rfc2217-status", test_rfc2217_status);
  g_test_add_func ("/benchtop/window/queries", test_queries);
  g_test_add_func ("/benchtop/window/command-buttons", test_command_buttons);
  g_test_add_func ("/benchtop/window/automation-persist", test_automation_persist);
  g_test_add_func ("/benchtop/window/preferences-and-dark", test_preferences_and_dark);
  g_test_add_func ("/benchtop/window/about", test_about);
  g_test_add_func ("/benchtop/window/shortcuts", test_shortcuts);
  g_test_add_func ("/benchtop/window/accessible-names", test_accessible_names);
  g_test_add_func ("/benchtop/window/narrow", test_narrow);

  status = g_test_run ();

  gtk_window_destroy (GTK_WINDOW (window));
  g_application_quit (G_APPLICATION (app));
  g_clear_object (&app);
  if (meter_master >= 0)
    close (meter_master);
  if (meter_slave >= 0)
    close (meter_slave);
  rm_rf (ports_root);
  g_free (ports_root);
  g_free (meter_path);
  g_free (artifacts);

  return status;
}
