/* test-automation-store.c - queries and command buttons kept in GSettings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Over the memory backend; needs GSETTINGS_SCHEMA_DIR (tests/meson.build).
 */
#include "config.h"

#include <string.h>

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>

#include "bench-automation-store.h"
#include "bench-command-set.h"
#include "bench-poller.h"
#include "bench-settings.h"
#include "bench-test-util.h"

static GSettings *
new_device_settings (GSettingsBackend *backend)
{
  return g_settings_new_with_backend_and_path (BENCH_SETTINGS_DEVICE_SCHEMA_ID, backend,
                                               "/io/github/benchtop/Benchtop/devices/test/");
}

static char *
dup_value (GSettings  *settings,
           const char *key)
{
  g_autoptr(GVariant) value = g_settings_get_value (settings, key);

  return g_variant_print (value, FALSE);
}

static void
test_round_trip (void)
{
  g_autoptr(GSettingsBackend) backend = g_memory_settings_backend_new ();
  g_autoptr(GSettings) settings = new_device_settings (backend);
  g_autoptr(BenchDevice) device = bench_test_new_device ("/nonexistent/ttyS9,reconnect=off", NULL);
  g_autoptr(BenchDevice) again = NULL;
  g_autoptr(BenchAutomationStore) store = NULL;
  g_autoptr(BenchAutomationStore) store_again = NULL;
  g_autoptr(BenchQuery) query = NULL;
  g_autoptr(BenchQuery) read_query = NULL;
  g_autoptr(BenchCommand) zero = NULL;
  g_autofree char *saved = NULL;
  BenchPoller *poller = bench_device_get_poller (device);
  BenchCommandSet *commands = bench_device_get_commands (device);
  BenchPoller *poller_again;
  BenchCommandSet *commands_again;
  BenchQuery *restored;

  store = bench_automation_store_new (settings, device);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (poller)), ==, 0);

  query = bench_query_new_parse ("MEAS:VOLT?@500ms,reply-timeout=200ms", NULL);
  bench_poller_append (poller, query);
  read_query = bench_query_new ("READ?", 2000);
  bench_poller_append (poller, read_query);
  zero = bench_command_new ("Zero", "*RST\nwait 100ms\nCONF:VOLT:DC");
  bench_command_set_append (commands, zero);

  /* written in an idle, once */
  saved = dup_value (settings, "queries");
  g_assert_cmpstr (saved, ==, "[]");
  bench_test_spin (50);
  g_clear_pointer (&saved, g_free);
  saved = dup_value (settings, "queries");
  g_assert_nonnull (strstr (saved, "'MEAS:VOLT?'"));
  g_assert_nonnull (strstr (saved, "'READ?'"));
  g_clear_pointer (&saved, g_free);
  saved = dup_value (settings, "commands");
  g_assert_nonnull (strstr (saved, "'Zero'"));

  /* an edit, a move and polling */
  bench_query_set_interval_ms (query, 750);
  bench_poller_move (poller, 1, 0);
  bench_poller_start (poller);
  bench_automation_store_flush (store);
  g_assert_true (g_settings_get_boolean (settings, "poll-running"));

  /* counters are not settings: nothing to write */
  bench_query_count_sent (query);
  bench_query_count_reply (query, "1.0");
  g_clear_pointer (&saved, g_free);
  saved = dup_value (settings, "queries");
  g_assert_null (strstr (saved, "sent"));

  /* a new device for the same address finds them */
  again = bench_test_new_device ("/nonexistent/ttyS9,reconnect=off", NULL);
  store_again = bench_automation_store_new (settings, again);
  poller_again = bench_device_get_poller (again);
  commands_again = bench_device_get_commands (again);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (poller_again)), ==, 2);
  restored = g_list_model_get_item (G_LIST_MODEL (poller_again), 1);
  g_assert_cmpstr (bench_query_get_command (restored), ==, "MEAS:VOLT?");
  g_assert_cmpuint (bench_query_get_interval_ms (restored), ==, 750);
  g_assert_true (bench_query_get_wait_reply (restored));
  g_assert_cmpuint (bench_query_get_timeout_ms (restored), ==, 200);
  g_object_unref (restored);
  g_assert_true (bench_poller_get_running (poller_again));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (commands_again)), ==, 1);
  g_assert_cmpstr (bench_command_get_text (bench_command_set_get_command (commands_again, 0)), ==,
                   "*RST\nwait 100ms\nCONF:VOLT:DC");

  /* a command renamed, then the store goes away before its idle: flushed */
  bench_command_set_name (bench_command_set_get_command (commands_again, 0), "Reset");
  bench_poller_stop (poller_again);
  g_clear_object (&store_again);
  g_clear_pointer (&saved, g_free);
  saved = dup_value (settings, "commands");
  g_assert_nonnull (strstr (saved, "'Reset'"));
  g_assert_false (g_settings_get_boolean (settings, "poll-running"));

  /* a device that goes away stops its poller; that is not saved */
  g_assert_true (bench_poller_get_running (poller));
  bench_poller_stop (poller);
  bench_poller_start (poller);
  bench_test_spin (50);
  g_assert_true (g_settings_get_boolean (settings, "poll-running"));
  g_clear_object (&device);
  bench_test_spin (50);
  g_assert_true (g_settings_get_boolean (settings, "poll-running"));
  bench_automation_store_flush (store);
  g_assert_true (g_settings_get_boolean (settings, "poll-running"));
}

static void
test_bad_value (void)
{
  g_autoptr(GSettingsBackend) backend = g_memory_settings_backend_new ();
  g_autoptr(GSettings) settings = new_device_settings (backend);
  g_autoptr(BenchDevice) device = NULL;
  g_autoptr(BenchAutomationStore) store = NULL;
  BenchTestRows rows;
  GVariantBuilder builder;

  /* a query without a command cannot be restored: an event says so */
  g_variant_builder_init (&builder, G_VARIANT_TYPE ("aa{sv}"));
  g_variant_builder_open (&builder, G_VARIANT_TYPE ("a{sv}"));
  g_variant_builder_add (&builder, "{sv}", "interval-ms", g_variant_new_uint32 (100));
  g_variant_builder_close (&builder);
  g_settings_set_value (settings, "queries", g_variant_builder_end (&builder));

  bench_test_rows_init (&rows);
  device = bench_test_new_device ("/nonexistent/ttyS8,reconnect=off", &rows);
  store = bench_automation_store_new (settings, device);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (bench_device_get_poller (device))), ==, 0);
  g_assert_cmpint (bench_test_rows_find (&rows, "event:saved queries not restored: ", 0), >=, 0);

  g_clear_object (&store);
  g_clear_object (&device);
  bench_test_rows_clear (&rows);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/benchtop/automation-store/round-trip", test_round_trip);
  g_test_add_func ("/benchtop/automation-store/bad-value", test_bad_value);

  return g_test_run ();
}
