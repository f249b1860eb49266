/* test-hotplug.c - which devices a tty that appeared brings back
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The matching of paths (as GUdev reports them: the device file and the
 * links udev made) against the paths devices wait for, and the retry of
 * exactly the devices that wait for them. No udev here: files, links and
 * missing paths in a temporary directory.
 */
#include "config.h"

#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "bench-device.h"
#include "bench-hotplug.h"
#include "bench-test-util.h"

static void
test_matches (void)
{
  g_autofree char *dir = bench_test_mkdtemp ();
  g_autofree char *tty = g_build_filename (dir, "ttyUSB0", NULL);
  g_autofree char *other = g_build_filename (dir, "ttyUSB1", NULL);
  g_autofree char *by_id_dir = g_build_filename (dir, "by-id", NULL);
  g_autofree char *link = g_build_filename (by_id_dir, "usb-FTDI_A1-if00-port0", NULL);
  g_autofree char *missing = g_build_filename (by_id_dir, "usb-FTDI_B2-if00-port0", NULL);
  g_autofree char *dangling = g_build_filename (by_id_dir, "usb-gone", NULL);
  const char *tty_only[] = { tty, NULL };
  const char *udev_style[] = { tty, link, NULL };
  const char *other_only[] = { other, NULL };
  const char *missing_only[] = { missing, NULL };
  const char *none[] = { NULL };

  g_assert_true (g_file_set_contents (tty, "", 0, NULL));
  g_assert_true (g_file_set_contents (other, "", 0, NULL));
  g_assert_cmpint (g_mkdir (by_id_dir, 0755), ==, 0);
  g_assert_cmpint (symlink ("../ttyUSB0", link), ==, 0);
  g_assert_cmpint (symlink ("../ttyUSB9", dangling), ==, 0);

  /* the same name */
  g_assert_true (bench_hotplug_path_matches (tty, tty_only));
  /* a device opened by its by-id link; udev reports the link */
  g_assert_true (bench_hotplug_path_matches (link, udev_style));
  /* ... or only the node: the link resolves to it */
  g_assert_true (bench_hotplug_path_matches (link, tty_only));
  /* a device opened by the node, a link reported */
  {
    const char *link_only[] = { link, NULL };

    g_assert_true (bench_hotplug_path_matches (tty, link_only));
  }
  /* a name reported before it exists matches as a name */
  g_assert_true (bench_hotplug_path_matches (missing, missing_only));

  /* another port, a link whose target is missing, nothing */
  g_assert_false (bench_hotplug_path_matches (tty, other_only));
  g_assert_false (bench_hotplug_path_matches (link, other_only));
  g_assert_false (bench_hotplug_path_matches (dangling, udev_style));
  g_assert_false (bench_hotplug_path_matches (missing, udev_style));
  g_assert_false (bench_hotplug_path_matches (tty, none));
  g_assert_false (bench_hotplug_path_matches (tty, NULL));
  g_assert_false (bench_hotplug_path_matches (NULL, tty_only));
  g_assert_false (bench_hotplug_path_matches ("", tty_only));
}

static void
count_cb (GObject    *object,
          GParamSpec *pspec,
          guint      *count)
{
  (*count)++;
}

static gboolean
is_retrying (gpointer data)
{
  return bench_device_get_retrying (data);
}

static void
test_retry_devices (void)
{
  g_autofree char *dir = bench_test_mkdtemp ();
  g_autofree char *waiting_path = g_build_filename (dir, "by-id", "usb-Meter-if00", NULL);
  g_autofree char *other_path = g_build_filename (dir, "by-id", "usb-Other-if00", NULL);
  g_autofree char *spec_waiting = g_strdup_printf ("%s,name=waiting", waiting_path);
  g_autofree char *spec_other = g_strdup_printf ("%s,name=other", other_path);
  g_autofree char *spec_manual = g_strdup_printf ("%s,name=manual", waiting_path);
  g_autofree char *node = g_build_filename (dir, "ttyUSB3", NULL);
  g_autoptr(GListStore) devices = g_list_store_new (BENCH_TYPE_DEVICE);
  g_autoptr(BenchDevice) waiting = bench_test_new_device (spec_waiting, NULL);
  g_autoptr(BenchDevice) other = bench_test_new_device (spec_other, NULL);
  g_autoptr(BenchDevice) manual = bench_test_new_device (spec_manual, NULL);
  g_autoptr(BenchDevice) demo = bench_test_new_device ("demo:scpi", NULL);
  const char *added[] = { node, waiting_path, NULL };
  const char *nothing[] = { NULL };
  guint waiting_retries = 0, other_retries = 0;

  g_list_store_append (devices, waiting);
  g_list_store_append (devices, other);
  g_list_store_append (devices, manual);
  g_list_store_append (devices, demo);

  bench_device_connect (waiting);
  bench_device_connect (other);
  bench_device_connect (manual);
  bench_device_connect (demo);
  g_assert_true (bench_test_wait_until (is_retrying, waiting, 3000));
  g_assert_true (bench_test_wait_until (is_retrying, other, 3000));
  bench_test_wait_state (demo, BENCH_DEVICE_CONNECTED, 5000);
  /* disconnected on purpose: no longer waiting for its path */
  bench_device_disconnect (manual);
  g_assert_false (bench_device_get_retrying (manual));

  /* let the backoff grow past what the checks below wait */
  bench_test_spin (1800);
  g_signal_connect (waiting, "notify::retrying", G_CALLBACK (count_cb), &waiting_retries);
  g_signal_connect (other, "notify::retrying", G_CALLBACK (count_cb), &other_retries);

  g_assert_cmpuint (bench_hotplug_retry_devices (G_LIST_MODEL (devices), nothing), ==, 0);
  g_assert_cmpuint (bench_hotplug_retry_devices (G_LIST_MODEL (devices), NULL), ==, 0);

  /* udev reports the node and its by-id link: only "waiting" retries */
  g_assert_cmpuint (bench_hotplug_retry_devices (G_LIST_MODEL (devices), added), ==, 1);
  bench_test_spin (150);
  /* it tried at once (and, with nothing there, waits again) */
  g_assert_cmpuint (waiting_retries, >=, 1);
  g_assert_true (bench_device_get_retrying (waiting));
  g_assert_cmpint (bench_device_get_state (manual), ==, BENCH_DEVICE_DISCONNECTED);
  g_assert_false (bench_device_get_retrying (manual));
  g_assert_cmpint (bench_device_get_state (demo), ==, BENCH_DEVICE_CONNECTED);

  g_signal_handlers_disconnect_by_data (waiting, &waiting_retries);
  g_signal_handlers_disconnect_by_data (other, &other_retries);
  bench_device_disconnect (waiting);
  bench_device_disconnect (other);
  bench_device_disconnect (demo);
  g_list_store_remove_all (devices);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/benchtop/hotplug/matches", test_matches);
  g_test_add_func ("/benchtop/hotplug/retry-devices", test_retry_devices);

  return g_test_run ();
}
