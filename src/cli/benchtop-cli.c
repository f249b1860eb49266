/* benchtop-cli.c - the headless recorder
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   benchtop-cli list
 *   benchtop-cli record [-o FILE] [-f text|csv|jsonl] [--lines N] [--duration S]
 *                       [--to NAME] [--send TEXT] [--wait DURATION] [--poll QUERY]... SPEC...
 *   benchtop-cli demo [NAME...]
 *
 * Exit status: 0 success (also after SIGINT/SIGTERM, --lines, --duration),
 * 1 a device or the log failed, 2 bad usage (options, specs).
 */
#include "config.h"

#include <errno.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib-unix.h>
#include <glib/gi18n.h>

#include "bench-command-runner.h"
#include "bench-demo.h"
#include "bench-escape.h"
#include "bench-poller.h"
#include "bench-ports.h"
#include "bench-session.h"
#include "bench-util.h"

#define EXIT_USAGE 2

#define RECORD_SCROLLBACK_ROWS  4096
#define RECORD_SCROLLBACK_BYTES (1024 * 1024)

static const char *prgname = "benchtop-cli";

static void G_GNUC_PRINTF (1, 2)
print_error (const char *format,
             ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  fprintf (stderr, "%s: %s\n", prgname, message);
}

/* list */

static char *
escaped_or_dash (const char *text)
{
  if (text == NULL || *text == '\0')
    return g_strdup ("-");
  return bench_escape ((const guint8 *) text, strlen (text));
}

static int
cmd_list (int    argc,
          char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GPtrArray) ports = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *root = NULL;
  GOptionEntry entries[] = {
    { "root", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_FILENAME, &root, "Scan a copy of /sys and /dev under ROOT", "ROOT" },
    { NULL }
  };

  g_set_prgname ("benchtop-cli list");
  context = g_option_context_new ("- list the serial ports present");
  g_option_context_set_summary (context,
                                "Prints one line per port: PATH, /dev/serial/by-id NAME, USB VID:PID and a\n"
                                "description, separated by TABs (“-” where there is none).");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      print_error ("%s", error->message);
      return EXIT_USAGE;
    }
  if (argc > 1)
    {
      print_error ("list takes no arguments");
      return EXIT_USAGE;
    }

  ports = bench_ports_scan (root ? root : "/");
  if (ports->len == 0)
    fprintf (stderr, "%s: no serial ports found\n", prgname);

  for (guint i = 0; i < ports->len; i++)
    {
      BenchPortInfo *info = g_ptr_array_index (ports, i);
      g_autofree char *path = escaped_or_dash (info->path);
      g_autofree char *by_id = escaped_or_dash (info->by_id);
      g_autofree char *description = escaped_or_dash (info->description);
      char vidpid[16] = "-";

      if (info->vid != 0)
        g_snprintf (vidpid, sizeof vidpid, "%04x:%04x", info->vid, info->pid);
      printf ("%s\t%s\t%s\t%s\n", path, by_id, vidpid, description);
    }

  return 0;
}

/* record */

/* --send, --wait and --poll, in command-line order; --to sets the target of
 * those that follow (NULL: every device) */
typedef enum
{
  ACTION_SEND,
  ACTION_WAIT,
  ACTION_POLL,
} ActionKind;

typedef struct
{
  ActionKind  kind;
  char       *target;
  char       *text;
  guint       ms;
  BenchQuery *query;
} Action;

typedef struct
{
  GPtrArray *actions;
  char      *target;
} ActionParser;

static void
action_free (gpointer data)
{
  Action *action = data;

  g_free (action->target);
  g_free (action->text);
  g_clear_object (&action->query);
  g_free (action);
}

static Action *
action_parser_add (ActionParser *parser,
                   ActionKind    kind)
{
  Action *action = g_new0 (Action, 1);

  action->kind = kind;
  action->target = g_strdup (parser->target);
  g_ptr_array_add (parser->actions, action);

  return action;
}

static gboolean
option_to_cb (const char    *option_name,
              const char    *value,
              gpointer       data,
              GError       **error)
{
  ActionParser *parser = data;

  if (value[0] == '\0')
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "--to needs a device name (or “all”)");
      return FALSE;
    }
  g_clear_pointer (&parser->target, g_free);
  if (!g_str_equal (value, "all"))
    parser->target = g_strdup (value);

  return TRUE;
}

static gboolean
option_send_cb (const char    *option_name,
                const char    *value,
                gpointer       data,
                GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GBytes) bytes = bench_unescape (value, -1, &local_error);

  if (bytes == NULL)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "--send “%s”: %s", value, local_error->message);
      return FALSE;
    }
  action_parser_add (data, ACTION_SEND)->text = g_strdup (value);

  return TRUE;
}

static gboolean
option_wait_cb (const char    *option_name,
                const char    *value,
                gpointer       data,
                GError       **error)
{
  guint ms;

  if (!bench_parse_duration_ms (value, &ms))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "--wait “%s”: expected a duration such as 100ms or 1.5s", value);
      return FALSE;
    }
  action_parser_add (data, ACTION_WAIT)->ms = ms;

  return TRUE;
}

static gboolean
option_poll_cb (const char    *option_name,
                const char    *value,
                gpointer       data,
                GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  BenchQuery *query = bench_query_new_parse (value, &local_error);

  if (query == NULL)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "--poll: %s", local_error->message);
      return FALSE;
    }
  action_parser_add (data, ACTION_POLL)->query = query;

  return TRUE;
}

/* The name bench_session_add_device() will give each spec, in order */
static GPtrArray *
device_names (GPtrArray *specs)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) taken = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < specs->len; i++)
    {
      g_autofree char *base = bench_spec_dup_display_name (g_ptr_array_index (specs, i));
      char *name = g_strdup (base);

      for (guint n = 2; g_hash_table_contains (taken, name); n++)
        {
          g_free (name);
          name = g_strdup_printf ("%s (%u)", base, n);
        }
      g_hash_table_add (taken, name);
      g_ptr_array_add (names, name);
    }

  return names;
}

typedef struct
{
  GMainLoop    *loop;
  BenchSession *session;
  GHashTable   *reported;   /* device → last error printed */
  int           status;
  gboolean      stopping;
  guint         duration_id;
} Recorder;

static void
recorder_quit (Recorder *rec,
               int       status)
{
  if (status > rec->status)
    rec->status = status;
  rec->stopping = TRUE;
  g_main_loop_quit (rec->loop);
}

static gboolean
recorder_signal_cb (gpointer data)
{
  recorder_quit (data, 0);
  return G_SOURCE_CONTINUE;
}

static gboolean
recorder_duration_cb (gpointer data)
{
  Recorder *rec = data;

  rec->duration_id = 0;
  recorder_quit (rec, 0);
  return G_SOURCE_REMOVE;
}

static void
recorder_limit_cb (BenchSessionWriter *writer,
                   Recorder           *rec)
{
  recorder_quit (rec, 0);
}

static void
recorder_check_devices (Recorder *rec)
{
  GListModel *devices = bench_session_get_devices (rec->session);
  guint n = g_list_model_get_n_items (devices);
  gboolean any_alive = FALSE;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BenchDevice) device = g_list_model_get_item (devices, i);
      BenchDeviceState state = bench_device_get_state (device);

      if (state == BENCH_DEVICE_CONNECTED || state == BENCH_DEVICE_CONNECTING ||
          bench_device_get_retrying (device))
        any_alive = TRUE;
    }

  /* Nothing left that could bring lines: stop. */
  if (!any_alive && !rec->stopping)
    recorder_quit (rec, rec->status);
}

static void
recorder_device_state_cb (BenchDevice *device,
                          GParamSpec  *pspec,
                          Recorder    *rec)
{
  BenchDeviceState state = bench_device_get_state (device);
  const char *error = bench_device_get_last_error (device);

  if ((state == BENCH_DEVICE_ERROR || state == BENCH_DEVICE_DISCONNECTED) && error != NULL &&
      g_strcmp0 (g_hash_table_lookup (rec->reported, device), error) != 0)
    {
      g_autofree char *name = bench_escape ((const guint8 *) bench_device_get_name (device),
                                            strlen (bench_device_get_name (device)));

      g_hash_table_insert (rec->reported, device, g_strdup (error));
      print_error ("%s: %s%s", name, error,
                   bench_device_get_retrying (device) ? " (retrying)" : "");
      /* A device that could not be opened and will not retry is a failure. */
      if (!bench_device_get_retrying (device) && bench_device_get_rx_bytes (device) == 0)
        rec->status = 1;
    }
  else if (state == BENCH_DEVICE_CONNECTED)
    g_hash_table_remove (rec->reported, device);

  recorder_check_devices (rec);
}

/* --send/--wait: the device's start-up sequence, run after every (re)connect;
 * polling waits until it is done, so no reply is taken for the wrong query. */
typedef struct
{
  BenchCommand *startup;
  gboolean      poll;
} Startup;

static void
startup_free (gpointer data,
              GClosure *closure)
{
  Startup *startup = data;

  g_object_unref (startup->startup);
  g_free (startup);
}

static void
recorder_startup_cb (BenchDevice *device,
                     GParamSpec  *pspec,
                     Startup     *startup)
{
  if (bench_device_get_state (device) != BENCH_DEVICE_CONNECTED)
    return;

  if (startup->poll)
    bench_poller_stop (bench_device_get_poller (device));
  bench_command_runner_run (bench_device_get_runner (device), startup->startup);
}

static void
recorder_startup_done_cb (BenchCommandRunner *runner,
                          BenchCommand       *command,
                          const GError       *error,
                          BenchDevice        *device)
{
  if (g_str_equal (bench_command_get_name (command), "startup") &&
      bench_device_get_state (device) == BENCH_DEVICE_CONNECTED)
    bench_poller_start (bench_device_get_poller (device));
}

static void
recorder_recording_cb (BenchSession *session,
                       GParamSpec   *pspec,
                       Recorder     *rec)
{
  if (!bench_session_get_recording (session) && !rec->stopping)
    {
      g_autofree char *error = NULL;

      g_object_get (session, "recording-error", &error, NULL);
      print_error ("%s", error ? error : "the log stopped");
      recorder_quit (rec, 1);
    }
}

static int
cmd_record (int    argc,
            char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) specs = NULL;
  g_autoptr(BenchSession) session = NULL;
  g_autoptr(GHashTable) reported = NULL;
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GPtrArray) actions = g_ptr_array_new_with_free_func (action_free);
  g_autoptr(GOptionGroup) group = NULL;
  g_autofree char *output = NULL;
  g_autofree char *format_name = NULL;
  gint64 max_lines = 0;
  double duration = 0;
  BenchLogFormat format = BENCH_LOG_TEXT;
  Recorder rec = { 0 };
  ActionParser parser = { actions, NULL };
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "Write the log to FILE (default: standard output)", "FILE" },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_name, "text, csv or jsonl (default: from the file extension, else text)", "FORMAT" },
    { "lines", 0, 0, G_OPTION_ARG_INT64, &max_lines, "Stop after N received lines in total", "N" },
    { "duration", 0, 0, G_OPTION_ARG_DOUBLE, &duration, "Stop after S seconds", "S" },
    { NULL }
  };
  GOptionEntry automation_entries[] = {
    { "to", 0, 0, G_OPTION_ARG_CALLBACK, option_to_cb,
      "The --send, --wait and --poll options after this go to device NAME only (“all”: every device, the default)", "NAME" },
    { "send", 0, 0, G_OPTION_ARG_CALLBACK, option_send_cb,
      "Send TEXT (escapes \\r \\n \\t \\\\ \\xNN; the device's tx-eol appended) once connected, again after each reconnect", "TEXT" },
    { "wait", 0, 0, G_OPTION_ARG_CALLBACK, option_wait_cb,
      "Pause the --send sequence for DURATION (100ms, 1.5s)", "DURATION" },
    { "poll", 0, 0, G_OPTION_ARG_CALLBACK, option_poll_cb,
      "Send COMMAND every INTERVAL while connected; with reply-timeout, wait that long for one reply line and log a missed one", "COMMAND@INTERVAL[,reply-timeout=DURATION]" },
    { NULL }
  };
  guint sigint_id, sigterm_id;

  g_set_prgname ("benchtop-cli record");
  context = g_option_context_new ("SPEC... - record devices into one session log");
  g_option_context_set_summary (context,
    "Records every received line, sent command and event of the given devices,\n"
    "merged in arrival order, until --lines, --duration, SIGINT or SIGTERM; the log\n"
    "is flushed at least every 250 ms and always completed on exit.\n"
    "\n"
    "SPEC is ADDRESS[,OPTION]...: a tty path (/dev/ttyUSB0, /dev/serial/by-id/…),\n"
    "socket://HOST:PORT, rfc2217://HOST:PORT or demo:NAME (multimeter, thermo, scpi,\n"
    "pico); options baud=N (or a bare number), 8N1-style framing, data=, parity=,\n"
    "stop=, flow=none|rtscts|xonxoff, eol=auto|lf|cr|crlf|\\xNN, tx-eol=, name=,\n"
    "dtr=on|off, rts=on|off, max-line=N, reconnect=on|off, plot=auto|kv|csv|off.\n"
    "\n"
    "Automation: --send and --wait build a sequence that runs in order each time a\n"
    "device connects (and reconnects); --poll sends a query on a schedule while it\n"
    "is connected. Sent commands and their replies are logged like any line;\n"
    "a reply missed within reply-timeout is logged as an event. These options\n"
    "apply to every device, or, after --to NAME, to the device called NAME (its\n"
    "name= option, else the log's device column: the path's basename or\n"
    "HOST:PORT). The poll interval is the text after the last “@”.");
  g_option_context_set_description (context,
    "Examples:\n"
    "  benchtop-cli record /dev/ttyUSB0,9600\n"
    "  benchtop-cli record -o run.csv --duration 60 demo:thermo /dev/ttyACM0,name=pico\n"
    "  benchtop-cli record rfc2217://lab-ser2net:4001,9600,7E1 socket://192.0.2.7:4002\n"
    "  benchtop-cli record demo:scpi --send '*RST' --wait 100ms --send CONF:VOLT:DC \\\n"
    "      --poll 'MEAS:VOLT?@500ms,reply-timeout=200ms' -o volts.csv\n"
    "  benchtop-cli record /dev/ttyUSB0,name=psu socket://10.0.0.5:5025,name=dmm \\\n"
    "      --to dmm --poll 'READ?@1s,reply-timeout=500ms' --to psu --send 'OUTP ON'\n"
    "\n"
    "Exit status: 0 on success, 1 if a device could not be opened (with reconnect=off)\n"
    "or the log could not be written, 2 on bad usage.");
  /* one main group, whose user data the ordered callbacks get */
  group = g_option_group_new (NULL, NULL, NULL, &parser, NULL);
  g_option_group_add_entries (group, entries);
  g_option_group_add_entries (group, automation_entries);
  g_option_context_set_main_group (context, g_option_group_ref (group));
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_free (parser.target);
      print_error ("%s", error->message);
      return EXIT_USAGE;
    }
  g_clear_pointer (&parser.target, g_free);

  if (argc < 2)
    {
      print_error ("record needs at least one device SPEC (see --help)");
      return EXIT_USAGE;
    }
  if (max_lines < 0 || duration < 0)
    {
      print_error ("--lines and --duration must not be negative");
      return EXIT_USAGE;
    }

  if (format_name != NULL)
    {
      if (!bench_log_format_from_string (format_name, &format))
        {
          print_error ("unknown format “%s”: expected text, csv or jsonl", format_name);
          return EXIT_USAGE;
        }
    }
  else if (output != NULL)
    format = bench_log_format_from_path (output);

  /* Every spec is checked before anything is opened. */
  specs = g_ptr_array_new_with_free_func ((GDestroyNotify) bench_spec_free);
  for (int i = 1; i < argc; i++)
    {
      BenchSpec *spec = bench_spec_parse (argv[i], &error);

      if (spec == NULL)
        {
          print_error ("%s", error->message);
          return EXIT_USAGE;
        }
      g_ptr_array_add (specs, spec);
    }

  names = device_names (specs);
  for (guint i = 0; i < actions->len; i++)
    {
      Action *action = g_ptr_array_index (actions, i);
      gboolean found = action->target == NULL;

      for (guint j = 0; j < names->len && !found; j++)
        found = g_str_equal (g_ptr_array_index (names, j), action->target);
      if (!found)
        {
          g_autoptr(GString) known = g_string_new (NULL);

          for (guint j = 0; j < names->len; j++)
            g_string_append_printf (known, "%s“%s”", j > 0 ? ", " : "", (char *) g_ptr_array_index (names, j));
          print_error ("--to “%s” names no device; the devices are %s", action->target, known->str);
          return EXIT_USAGE;
        }
    }

  session = bench_session_new ();
  if (output != NULL && strcmp (output, "-") != 0)
    {
      if (!bench_session_start_recording (session, output, format, &error))
        {
          print_error ("%s", error->message);
          return 1;
        }
    }
  else
    bench_session_start_recording_fd (session, STDOUT_FILENO, format);

  reported = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  rec.loop = g_main_loop_new (NULL, FALSE);
  rec.session = session;
  rec.reported = reported;

  if (max_lines > 0)
    {
      bench_session_writer_set_max_rx_rows (bench_session_get_writer (session), max_lines);
      g_signal_connect (bench_session_get_writer (session), "limit-reached",
                        G_CALLBACK (recorder_limit_cb), &rec);
    }
  g_signal_connect (session, "notify::recording", G_CALLBACK (recorder_recording_cb), &rec);

  sigint_id = g_unix_signal_add (SIGINT, recorder_signal_cb, &rec);
  sigterm_id = g_unix_signal_add (SIGTERM, recorder_signal_cb, &rec);
  if (duration > 0)
    rec.duration_id = g_timeout_add ((guint) MIN (duration * 1000.0, (double) G_MAXUINT), recorder_duration_cb, &rec);

  for (guint i = 0; i < specs->len; i++)
    {
      BenchDevice *device = bench_session_add_device (session, g_ptr_array_index (specs, i));
      const char *name = g_ptr_array_index (names, i);
      g_autoptr(BenchCommand) startup = bench_command_new ("startup", NULL);
      BenchPoller *poller = bench_device_get_poller (device);

      g_warn_if_fail (g_str_equal (bench_device_get_name (device), name));

      for (guint j = 0; j < actions->len; j++)
        {
          Action *action = g_ptr_array_index (actions, j);

          if (action->target != NULL && !g_str_equal (action->target, name))
            continue;
          switch (action->kind)
            {
            case ACTION_SEND:
              bench_command_append_send (startup, action->text);
              break;
            case ACTION_WAIT:
              bench_command_append_wait (startup, action->ms);
              break;
            case ACTION_POLL:
              {
                g_autoptr(BenchQuery) query = bench_query_new (bench_query_get_command (action->query),
                                                               bench_query_get_interval_ms (action->query));

                bench_query_set_wait_reply (query, bench_query_get_wait_reply (action->query));
                bench_query_set_timeout_ms (query, bench_query_get_timeout_ms (action->query));
                bench_poller_append (poller, query);
              }
              break;
            default:
              g_assert_not_reached ();
            }
        }

      if (bench_command_get_n_steps (startup) > 0)
        {
          Startup *data = g_new0 (Startup, 1);

          data->startup = g_steal_pointer (&startup);
          data->poll = g_list_model_get_n_items (G_LIST_MODEL (poller)) > 0;
          g_signal_connect_data (device, "notify::state", G_CALLBACK (recorder_startup_cb),
                                 data, startup_free, 0);
          if (data->poll)
            g_signal_connect_object (bench_device_get_runner (device), "finished",
                                     G_CALLBACK (recorder_startup_done_cb), device, 0);
        }
      else if (g_list_model_get_n_items (G_LIST_MODEL (poller)) > 0)
        bench_poller_start (poller);

      /* Nobody scrolls back in a headless recorder: keep only a little. */
      bench_row_queue_set_max_rows (bench_device_get_queue (device), RECORD_SCROLLBACK_ROWS);
      bench_row_queue_set_max_bytes (bench_device_get_queue (device), RECORD_SCROLLBACK_BYTES);

      g_signal_connect (device, "notify::state", G_CALLBACK (recorder_device_state_cb), &rec);
      g_signal_connect (device, "notify::retrying", G_CALLBACK (recorder_device_state_cb), &rec);
    }

  if (!rec.stopping)
    g_main_loop_run (rec.loop);

  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
  g_clear_handle_id (&rec.duration_id, g_source_remove);

  {
    GListModel *devices = bench_session_get_devices (session);

    for (guint i = 0; i < g_list_model_get_n_items (devices); i++)
      {
        g_autoptr(BenchDevice) device = g_list_model_get_item (devices, i);

        g_signal_handlers_disconnect_by_data (device, &rec);
      }
  }
  g_signal_handlers_disconnect_by_data (session, &rec);
  if (bench_session_get_writer (session) != NULL)
    g_signal_handlers_disconnect_by_data (bench_session_get_writer (session), &rec);

  if (bench_session_get_recording (session) && !bench_session_stop_recording (session, &error))
    {
      print_error ("%s", error->message);
      rec.status = 1;
    }

  g_main_loop_unref (rec.loop);
  return rec.status;
}

/* demo */

static gboolean
demo_quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_CONTINUE;
}

static int
cmd_demo (int    argc,
          char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) demos = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  double speed = 1.0;
  GOptionEntry entries[] = {
    { "speed", 0, 0, G_OPTION_ARG_DOUBLE, &speed, "Talk F times faster than a real instrument", "F" },
    { NULL }
  };
  const char * const *names = bench_demo_get_names ();
  g_autoptr(GString) description = g_string_new ("Instruments:\n");
  guint sigint_id, sigterm_id;

  for (guint i = 0; names[i] != NULL; i++)
    g_string_append_printf (description, "  %-11s %s\n", names[i], bench_demo_get_description (names[i]));
  g_string_append (description,
                   "\nPrints NAME<TAB>PTY-PATH for each, then serves them until interrupted.\n"
                   "Open a path with Benchtop, benchtop-cli record, picocom or pyserial.");

  g_set_prgname ("benchtop-cli demo");
  context = g_option_context_new ("[NAME...] - run simulated instruments on pseudo-terminals");
  g_option_context_set_description (context, description->str);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      print_error ("%s", error->message);
      return EXIT_USAGE;
    }
  if (speed <= 0)
    {
      print_error ("--speed must be positive");
      return EXIT_USAGE;
    }

  demos = g_ptr_array_new_with_free_func (g_object_unref);
  if (argc < 2)
    {
      for (guint i = 0; names[i] != NULL; i++)
        {
          BenchDemo *demo = bench_demo_new (names[i], &error);

          if (demo == NULL)
            {
              print_error ("%s", error->message);
              return 1;
            }
          g_ptr_array_add (demos, demo);
        }
    }
  else
    {
      for (int i = 1; i < argc; i++)
        {
          const char *name = g_str_has_prefix (argv[i], "demo:") ? argv[i] + 5 : argv[i];
          BenchDemo *demo = bench_demo_new (name, &error);

          if (demo == NULL)
            {
              print_error ("%s", error->message);
              return bench_demo_is_known (name) ? 1 : EXIT_USAGE;
            }
          g_ptr_array_add (demos, demo);
        }
    }

  for (guint i = 0; i < demos->len; i++)
    {
      BenchDemo *demo = g_ptr_array_index (demos, i);

      bench_demo_set_speed (demo, speed);
      printf ("%s\t%s\n", bench_demo_get_name (demo), bench_demo_get_path (demo));
    }
  fflush (stdout);

  loop = g_main_loop_new (NULL, FALSE);
  sigint_id = g_unix_signal_add (SIGINT, demo_quit_cb, loop);
  sigterm_id = g_unix_signal_add (SIGTERM, demo_quit_cb, loop);
  g_main_loop_run (loop);
  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);

  return 0;
}

static void
print_usage (FILE *out)
{
  fprintf (out,
           "Usage:\n"
           "  %s list                      list the serial ports present\n"
           "  %s record [OPTION…] SPEC…    record devices into one session log\n"
           "  %s demo [NAME…]              run simulated instruments on ptys\n"
           "\n"
           "Run “%s COMMAND --help” for the options of a command.\n",
           prgname, prgname, prgname, prgname);
}

int
main (int    argc,
      char **argv)
{
  const char *command;

  setlocale (LC_ALL, "");
  /* A full disk must be an error we report, not a signal that kills us;
   * a closed stdout pipe likewise. */
  signal (SIGXFSZ, SIG_IGN);
  signal (SIGPIPE, SIG_IGN);

  if (argc < 2)
    {
      print_usage (stderr);
      return EXIT_USAGE;
    }

  command = argv[1];
  if (g_str_equal (command, "--help") || g_str_equal (command, "-h") || g_str_equal (command, "help"))
    {
      print_usage (stdout);
      return 0;
    }
  if (g_str_equal (command, "--version"))
    {
      printf ("%s %s\n", prgname, PACKAGE_VERSION);
      return 0;
    }

  /* Each command parses its own options: shift the command name off. */
  if (g_str_equal (command, "list"))
    return cmd_list (argc - 1, argv + 1);
  if (g_str_equal (command, "record"))
    return cmd_record (argc - 1, argv + 1);
  if (g_str_equal (command, "demo"))
    return cmd_demo (argc - 1, argv + 1);

  print_error ("unknown command “%s”", command);
  print_usage (stderr);
  return EXIT_USAGE;
}
