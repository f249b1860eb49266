/* test-settings.c - BenchSettings over the memory backend
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Needs GSETTINGS_SCHEMA_DIR pointing at the compiled schema in the build
 * directory (tests/meson.build sets it).
 */
#include "config.h"

#include <string.h>

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>

#include "bench-settings.h"
#include "bench-test-util.h"

static BenchSettings *
new_settings (void)
{
  g_autoptr(GSettingsBackend) backend = g_memory_settings_backend_new ();
  g_autoptr(GSettings) settings = g_settings_new_with_backend (BENCH_SETTINGS_SCHEMA_ID, backend);

  return bench_settings_new (settings);
}

static void
count_cb (GObject    *object,
          GParamSpec *pspec,
          guint      *count)
{
  (*count)++;
}

static void
test_bound_keys (void)
{
  g_autoptr(BenchSettings) settings = new_settings ();
  GSettings *gsettings = bench_settings_get_settings (settings);
  guint notifies = 0;

  g_assert_cmpuint (bench_settings_get_scrollback_lines (settings), ==, 1000000);
  g_assert_cmpint (bench_settings_get_record_format (settings), ==, BENCH_LOG_CSV);
  g_assert_cmpstr (bench_settings_get_style_variant (settings), ==, "system");

  g_signal_connect (settings, "notify::scrollback-lines", G_CALLBACK (count_cb), &notifies);
  g_settings_set_uint (gsettings, "scrollback-lines", 50000);
  g_assert_cmpuint (bench_settings_get_scrollback_lines (settings), ==, 50000);
  g_assert_cmpuint (notifies, ==, 1);
  /* the same value again: no notification */
  g_settings_set_uint (gsettings, "scrollback-lines", 50000);
  g_assert_cmpuint (notifies, ==, 1);

  /* property to key */
  bench_settings_set_record_format (settings, BENCH_LOG_JSONL);
  {
    g_autofree char *nick = g_settings_get_string (gsettings, "record-format");

    g_assert_cmpstr (nick, ==, "jsonl");
  }

  g_settings_set_string (gsettings, "style-variant", "dark");
  g_assert_cmpstr (bench_settings_get_style_variant (settings), ==, "dark");
}

static void
test_recent (void)
{
  g_autoptr(BenchSettings) settings = new_settings ();
  g_auto(GStrv) recent = NULL;
  guint notifies = 0;

  g_signal_connect (settings, "notify::recent-specs", G_CALLBACK (count_cb), &notifies);

  bench_settings_add_recent_spec (settings, "/dev/ttyUSB0,9600");
  bench_settings_add_recent_spec (settings, "demo:scpi");
  bench_settings_add_recent_spec (settings, "/dev/ttyUSB0,9600");
  bench_settings_add_recent_spec (settings, "");
  recent = bench_settings_dup_recent_specs (settings);
  g_assert_cmpuint (g_strv_length (recent), ==, 2);
  g_assert_cmpstr (recent[0], ==, "/dev/ttyUSB0,9600");
  g_assert_cmpstr (recent[1], ==, "demo:scpi");
  g_assert_cmpuint (notifies, ==, 3);
  g_clear_pointer (&recent, g_strfreev);

  for (guint i = 0; i < 25; i++)
    {
      g_autofree char *spec = g_strdup_printf ("socket://host:%u", 1000 + i);

      bench_settings_add_recent_spec (settings, spec);
    }
  recent = bench_settings_dup_recent_specs (settings);
  g_assert_cmpuint (g_strv_length (recent), ==, BENCH_SETTINGS_MAX_RECENT);
  g_assert_cmpstr (recent[0], ==, "socket://host:1024");
  g_clear_pointer (&recent, g_strfreev);

  bench_settings_remove_recent_spec (settings, "socket://host:1020");
  recent = bench_settings_dup_recent_specs (settings);
  g_assert_cmpuint (g_strv_length (recent), ==, BENCH_SETTINGS_MAX_RECENT - 1);
  g_assert_false (g_strv_contains ((const char * const *) recent, "socket://host:1020"));
}

static void
test_device_spec (void)
{
  g_autoptr(BenchSettings) settings = new_settings ();
  g_autoptr(BenchSpec) spec = bench_spec_parse ("/dev/ttyUSB0,9600,7E1,name=Scale,tx-eol=crlf", NULL);
  g_autoptr(BenchSpec) other = bench_spec_parse ("/dev/ttyUSB1,57600", NULL);
  g_autoptr(BenchSpec) back = NULL;
  g_autoptr(BenchSpec) back_other = NULL;

  g_assert_null (bench_settings_dup_device_spec (settings, "/dev/ttyUSB0"));

  bench_settings_save_device_spec (settings, spec);
  bench_settings_save_device_spec (settings, other);
  back = bench_settings_dup_device_spec (settings, "/dev/ttyUSB0");
  back_other = bench_settings_dup_device_spec (settings, "/dev/ttyUSB1");
  g_assert_nonnull (back);
  g_assert_true (bench_spec_equal (spec, back));
  g_assert_cmpuint (back->baud, ==, 9600);
  g_assert_cmpstr (back->name, ==, "Scale");
  g_assert_cmpuint (back_other->baud, ==, 57600);

  /* one cached GSettings per address, at a valid path */
  g_assert_true (bench_settings_get_device (settings, "/dev/ttyUSB0") ==
                 bench_settings_get_device (settings, "/dev/ttyUSB0"));
  g_assert_true (bench_settings_get_device (settings, "/dev/ttyUSB0") !=
                 bench_settings_get_device (settings, "socket://[::1]:2000"));
  {
    g_autofree char *path = NULL;

    g_object_get (bench_settings_get_device (settings, BENCH_SETTINGS_OVERVIEW), "path", &path, NULL);
    g_assert_cmpstr (path, ==, "/io/github/benchtop/Benchtop/devices/all/");
  }
}

static void
test_history (void)
{
  g_autoptr(BenchSettings) settings = new_settings ();
  g_auto(GStrv) history = NULL;

  bench_settings_push_history (settings, "demo:scpi", "*IDN?");
  bench_settings_push_history (settings, "demo:scpi", "MEAS:VOLT?");
  bench_settings_push_history (settings, "demo:scpi", "*IDN?");
  bench_settings_push_history (settings, "demo:scpi", "");
  bench_settings_push_history (settings, "demo:pico", "led on");

  history = bench_settings_dup_history (settings, "demo:scpi");
  g_assert_cmpuint (g_strv_length (history), ==, 2);
  g_assert_cmpstr (history[0], ==, "MEAS:VOLT?");
  g_assert_cmpstr (history[1], ==, "*IDN?");
  g_clear_pointer (&history, g_strfreev);

  for (guint i = 0; i < 150; i++)
    {
      g_autofree char *cmd = g_strdup_printf ("CMD %u", i);

      bench_settings_push_history (settings, "demo:scpi", cmd);
    }
  history = bench_settings_dup_history (settings, "demo:scpi");
  g_assert_cmpuint (g_strv_length (history), ==, BENCH_SETTINGS_MAX_HISTORY);
  g_assert_cmpstr (history[0], ==, "CMD 50");
  g_assert_cmpstr (history[BENCH_SETTINGS_MAX_HISTORY - 1], ==, "CMD 149");
  g_clear_pointer (&history, g_strfreev);

  /* re-sending an old entry moves it to the end without losing another */
  bench_settings_push_history (settings, "demo:scpi", "CMD 60");
  history = bench_settings_dup_history (settings, "demo:scpi");
  g_assert_cmpuint (g_strv_length (history), ==, BENCH_SETTINGS_MAX_HISTORY);
  g_assert_cmpstr (history[0], ==, "CMD 50");
  g_assert_cmpstr (history[BENCH_SETTINGS_MAX_HISTORY - 1], ==, "CMD 60");
  g_clear_pointer (&history, g_strfreev);

  history = bench_settings_dup_history (settings, "demo:pico");
  g_assert_cmpuint (g_strv_length (history), ==, 1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/benchtop/settings/bound-keys", test_bound_keys);
  g_test_add_func ("/benchtop/settings/recent", test_recent);
  g_test_add_func ("/benchtop/settings/device-spec", test_device_spec);
  g_test_add_func ("/benchtop/settings/history", test_history);

  return g_test_run ();
}
