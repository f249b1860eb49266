/* test-session-writer.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <locale.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "bench-session-writer.h"
#include "bench-util.h"

#include "bench-test-util.h"

#define START G_GINT64_CONSTANT (1000000000)
#define W0    G_GINT64_CONSTANT (1795310625123456)   /* 2026-11-22T01:23:45.123456Z */

static const char *const format_names[] = { "text", "csv", "jsonl" };

/* ------------------------------------------------------------------------ */
/* Helpers                                                                  */
/* ------------------------------------------------------------------------ */

static BenchRow
make_row (BenchDirection  direction,
          gint64          mono,
          gint64          wall,
          const char     *text,
          gssize          len)
{
  BenchRow row = { 0 };

  row.mono_us = mono;
  row.wall_us = wall;
  row.text = (const guint8 *) text;
  row.len = len < 0 ? strlen (text) : (gsize) len;
  row.direction = direction;

  return row;
}

static void
append_text (BenchSessionWriter *writer,
             guint               source,
             BenchDirection      direction,
             gint64              mono,
             const char         *text)
{
  BenchRow row = make_row (direction, mono, bench_now_wall (), text, -1);

  bench_session_writer_append (writer, source, &row);
}

static char *
read_file (const char *path,
           gsize      *len)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, len, &error);
  g_assert_no_error (error);

  return contents;
}

static gsize
file_size (const char *path)
{
  struct stat st;

  if (g_stat (path, &st) != 0)
    return 0;
  return st.st_size;
}

static char *
temp_path (const char *name)
{
  g_autofree char *dir = bench_test_mkdtemp ();

  return g_build_filename (dir, name, NULL);
}

/* One non-blocking iteration of the default main context; returns the
 * timeout it would have slept for: -1 when no source has a time set, which
 * is what "no idle wakeups" means. */
static int
main_context_timeout (void)
{
  GMainContext *context = g_main_context_default ();
  GPollFD fds[64];
  int priority = 0;
  int timeout = 0;
  int n;

  g_assert_true (g_main_context_acquire (context));
  g_main_context_prepare (context, &priority);
  n = g_main_context_query (context, priority, &timeout, fds, G_N_ELEMENTS (fds));
  g_assert_cmpint (n, <=, (int) G_N_ELEMENTS (fds));
  g_main_context_check (context, priority, fds, n);
  g_main_context_dispatch (context);
  g_main_context_release (context);

  return timeout;
}

static GThread *main_thread;

static gboolean
poll_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* bench_test_wait_until() for conditions nothing in the main loop signals
 * (a file growing, another thread reading): wakes up every 5 ms. */
static gboolean
wait_polling (gboolean (*cond) (gpointer data),
              gpointer   data,
              guint      timeout_ms)
{
  guint id = g_timeout_add (5, poll_cb, NULL);
  gboolean result = bench_test_wait_until (cond, data, timeout_ms);

  g_source_remove (id);
  return result;
}

static gboolean
state_is_not_running (gpointer data)
{
  return bench_session_writer_get_state (data) != BENCH_WRITER_RUNNING;
}

typedef struct
{
  BenchSessionWriter *writer;
  guint64             rows;
} RowsWait;

static gboolean
rows_written_reached (gpointer data)
{
  RowsWait *wait = data;

  return bench_session_writer_get_rows_written (wait->writer) >= wait->rows;
}

static void
limit_reached_cb (BenchSessionWriter *writer,
                  guint              *count)
{
  g_assert_true (g_thread_self () == main_thread);
  (*count)++;
}

static void
count_on_main_cb (GObject    *object,
                  GParamSpec *pspec,
                  guint      *count)
{
  /* properties are only ever notified on the main context */
  g_assert_true (g_thread_self () == main_thread);
  (*count)++;
}

/* Runs tests/check-log.py on @path; with @expected (a JSON array) also
 * checks every field. Returns the number of rows it parsed. */
static guint
check_log (BenchLogFormat  format,
           const char     *path,
           const char     *expected)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "check-log.py", NULL);
  g_autofree char *expected_path = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *python = g_getenv ("PYTHON3");
  const char *argv[6];
  int status = 0;
  guint n = 0;

  if (python == NULL)
    python = "/usr/bin/python3";

  argv[0] = python;
  argv[1] = script;
  argv[2] = bench_log_format_to_string (format);
  argv[3] = path;
  argv[4] = NULL;
  argv[5] = NULL;
  if (expected != NULL)
    {
      expected_path = g_strconcat (path, ".expected.json", NULL);
      g_file_set_contents (expected_path, expected, -1, &error);
      g_assert_no_error (error);
      argv[4] = expected_path;
    }

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("check-log.py %s %s failed:\n%s%s", argv[2], path, out, err);

  g_assert_true (g_str_has_prefix (out, "rows "));
  n = (guint) g_ascii_strtoull (out + 5, NULL, 10);

  return n;
}

static gboolean
have_python (void)
{
  const char *python = g_getenv ("PYTHON3");

  if (python == NULL)
    python = "/usr/bin/python3";
  if (!g_file_test (python, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("python3 is needed to parse the logs back");
      return FALSE;
    }
  return TRUE;
}

static void
json_append_hex (GString      *json,
                 const guint8 *data,
                 gsize         len)
{
  g_string_append_c (json, '"');
  for (gsize i = 0; i < len; i++)
    g_string_append_printf (json, "%02x", data[i]);
  g_string_append_c (json, '"');
}

/* One expected row for check-log.py. */
static void
json_append_expected (GString        *json,
                      const char     *device,
                      gint64          start,
                      const BenchRow *row)
{
  g_string_append_printf (json, "%s{\"wall_us\":%" G_GINT64_FORMAT ",\"elapsed_us\":%" G_GINT64_FORMAT ",\"device\":",
                          json->len > 1 ? ",\n" : "", row->wall_us, row->mono_us - start);
  json_append_hex (json, (const guint8 *) device, strlen (device));
  g_string_append_printf (json, ",\"direction\":\"%s\",\"text\":",
                          bench_direction_to_string (row->direction));
  json_append_hex (json, row->text, row->len);
  g_string_append_c (json, '}');
}

/* ------------------------------------------------------------------------ */
/* The table: every format's exact output                                   */
/* ------------------------------------------------------------------------ */

typedef struct
{
  const char     *device;
  BenchDirection  direction;
  const char     *text;
  gssize          len;
  gint64          mono;     /* relative to START; increasing down the table */
  gint64          wall;
  const char     *expect[3];  /* text, csv, jsonl */
} TableRow;

#define J(time, elapsed, device, dir, text) \
  "{\"time\":\"" time "\",\"elapsed\":" elapsed ",\"device\":\"" device "\",\"direction\":\"" dir "\",\"text\":\"" text "\"}\n"

static const TableRow table[] = {
  /* quotes and commas in name and text; negative elapsed */
  { "probe, 2", BENCH_DIRECTION_RX, "say \"hi\", ok", -1, -500000, W0,
    { "2026-11-22T01:23:45.123456Z\tprobe, 2\trx\tsay \"hi\", ok\n",
      "2026-11-22T01:23:45.123456Z,-0.500000,\"probe, 2\",rx,\"say \"\"hi\"\", ok\"\r\n",
      J ("2026-11-22T01:23:45.123456Z", "-0.500000", "probe, 2", "rx", "say \\\"hi\\\", ok") } },
  { "benchtop", BENCH_DIRECTION_EVENT, "connected 115200 8N1", -1, -1, W0 - 123457,
    { "2026-11-22T01:23:44.999999Z\tbenchtop\tevent\tconnected 115200 8N1\n",
      "2026-11-22T01:23:44.999999Z,-0.000001,benchtop,event,connected 115200 8N1\r\n",
      J ("2026-11-22T01:23:44.999999Z", "-0.000001", "benchtop", "event", "connected 115200 8N1") } },
  { "dmm", BENCH_DIRECTION_TX, "MEAS:VOLT?", -1, 0, W0 + 1,
    { "2026-11-22T01:23:45.123457Z\tdmm\ttx\tMEAS:VOLT?\n",
      "2026-11-22T01:23:45.123457Z,0.000000,dmm,tx,MEAS:VOLT?\r\n",
      J ("2026-11-22T01:23:45.123457Z", "0.000000", "dmm", "tx", "MEAS:VOLT?") } },
  { "dmm", BENCH_DIRECTION_RX, "12.345 V", -1, 12000345, W0 + 12000000,
    { "2026-11-22T01:23:57.123456Z\tdmm\trx\t12.345 V\n",
      "2026-11-22T01:23:57.123456Z,12.000345,dmm,rx,12.345 V\r\n",
      J ("2026-11-22T01:23:57.123456Z", "12.000345", "dmm", "rx", "12.345 V") } },
  /* backslash, TAB, CR, LF, NUL, DEL */
  { "dmm", BENCH_DIRECTION_RX, "a\\b\tc\rd\ne\0f\x7f", 12, 12000346, W0 + 12000001,
    { "2026-11-22T01:23:57.123457Z\tdmm\trx\ta\\\\b\\tc\\x0dd\\x0ae\\x00f\\x7f\n",
      "2026-11-22T01:23:57.123457Z,12.000346,dmm,rx,a\\\\b\\tc\\x0dd\\x0ae\\x00f\\x7f\r\n",
      J ("2026-11-22T01:23:57.123457Z", "12.000346", "dmm", "rx",
         "a\\\\\\\\b\\\\tc\\\\x0dd\\\\x0ae\\\\x00f\\\\x7f") } },
  /* a C1 control (U+009B) is escaped byte by byte; U+00A0 is printable */
  { "dmm", BENCH_DIRECTION_RX, "x\xc2\x9by\xc2\xa0z", -1, 12000400, W0 + 12000100,
    { "2026-11-22T01:23:57.123556Z\tdmm\trx\tx\\xc2\\x9by\xc2\xa0z\n",
      "2026-11-22T01:23:57.123556Z,12.000400,dmm,rx,x\\xc2\\x9by\xc2\xa0z\r\n",
      J ("2026-11-22T01:23:57.123556Z", "12.000400", "dmm", "rx", "x\\\\xc2\\\\x9by\xc2\xa0z") } },
  /* invalid UTF-8: a stray byte, an overlong, a surrogate, above U+10FFFF,
   * a truncated sequence in the middle and one at the end */
  { "dmm", BENCH_DIRECTION_RX, "\xff\xc0\xaf\xed\xa0\x80\xf4\x90\x80\x80\xe2\x82" "A\xe2\x82", -1,
    13000000, W0 + 13000000,
    { "2026-11-22T01:23:58.123456Z\tdmm\trx\t"
      "\\xff\\xc0\\xaf\\xed\\xa0\\x80\\xf4\\x90\\x80\\x80\\xe2\\x82A\\xe2\\x82\n",
      "2026-11-22T01:23:58.123456Z,13.000000,dmm,rx,"
      "\\xff\\xc0\\xaf\\xed\\xa0\\x80\\xf4\\x90\\x80\\x80\\xe2\\x82A\\xe2\\x82\r\n",
      J ("2026-11-22T01:23:58.123456Z", "13.000000", "dmm", "rx",
         "\\\\xff\\\\xc0\\\\xaf\\\\xed\\\\xa0\\\\x80\\\\xf4\\\\x90\\\\x80\\\\x80\\\\xe2\\\\x82A\\\\xe2\\\\x82") } },
  /* printable non-ASCII passes, up to the edges of the valid ranges */
  { "dmm", BENCH_DIRECTION_RX, "5 µA 20°C Ω 😀 \xef\xbf\xbf\xf4\x8f\xbf\xbf\xed\x9f\xbf\xe0\xa0\x80", -1,
    14000000, W0 + 14000000,
    { "2026-11-22T01:23:59.123456Z\tdmm\trx\t5 µA 20°C Ω 😀 \xef\xbf\xbf\xf4\x8f\xbf\xbf\xed\x9f\xbf\xe0\xa0\x80\n",
      "2026-11-22T01:23:59.123456Z,14.000000,dmm,rx,5 µA 20°C Ω 😀 \xef\xbf\xbf\xf4\x8f\xbf\xbf\xed\x9f\xbf\xe0\xa0\x80\r\n",
      J ("2026-11-22T01:23:59.123456Z", "14.000000", "dmm", "rx",
         "5 µA 20°C Ω 😀 \xef\xbf\xbf\xf4\x8f\xbf\xbf\xed\x9f\xbf\xe0\xa0\x80") } },
  /* empty */
  { "dmm", BENCH_DIRECTION_RX, "", 0, 15000000, W0 + 15000000,
    { "2026-11-22T01:24:00.123456Z\tdmm\trx\t\n",
      "2026-11-22T01:24:00.123456Z,15.000000,dmm,rx,\r\n",
      J ("2026-11-22T01:24:00.123456Z", "15.000000", "dmm", "rx", "") } },
  /* leading and trailing space: quoted in CSV */
  { "dmm", BENCH_DIRECTION_TX, " padded ", -1, 16000000, W0 + 16000000,
    { "2026-11-22T01:24:01.123456Z\tdmm\ttx\t padded \n",
      "2026-11-22T01:24:01.123456Z,16.000000,dmm,tx,\" padded \"\r\n",
      J ("2026-11-22T01:24:01.123456Z", "16.000000", "dmm", "tx", " padded ") } },
  /* a device name is escaped like text */
  { "dev\x01\t\\", BENCH_DIRECTION_RX, "ok", -1, 17000000, W0 + 17000000,
    { "2026-11-22T01:24:02.123456Z\tdev\\x01\\t\\\\\trx\tok\n",
      "2026-11-22T01:24:02.123456Z,17.000000,dev\\x01\\t\\\\,rx,ok\r\n",
      J ("2026-11-22T01:24:02.123456Z", "17.000000", "dev\\\\x01\\\\t\\\\\\\\", "rx", "ok") } },
  /* a lone quote; a leap day */
  { "dmm", BENCH_DIRECTION_RX, "\"", -1, 3600123456, G_GINT64_CONSTANT (951868799999999),
    { "2000-02-29T23:59:59.999999Z\tdmm\trx\t\"\n",
      "2000-02-29T23:59:59.999999Z,3600.123456,dmm,rx,\"\"\"\"\r\n",
      J ("2000-02-29T23:59:59.999999Z", "3600.123456", "dmm", "rx", "\\\"") } },
  /* a non-ASCII name; the last second of year 9999 */
  { "Ω-meter", BENCH_DIRECTION_TX, "a,b", -1, 3600123457, G_GINT64_CONSTANT (253402300799999999),
    { "9999-12-31T23:59:59.999999Z\tΩ-meter\ttx\ta,b\n",
      "9999-12-31T23:59:59.999999Z,3600.123457,Ω-meter,tx,\"a,b\"\r\n",
      J ("9999-12-31T23:59:59.999999Z", "3600.123457", "Ω-meter", "tx", "a,b") } },
  /* wall times before the epoch */
  { "dmm", BENCH_DIRECTION_RX, "before 1970", -1, 3700000000, -1,
    { "1969-12-31T23:59:59.999999Z\tdmm\trx\tbefore 1970\n",
      "1969-12-31T23:59:59.999999Z,3700.000000,dmm,rx,before 1970\r\n",
      J ("1969-12-31T23:59:59.999999Z", "3700.000000", "dmm", "rx", "before 1970") } },
  { "dmm", BENCH_DIRECTION_RX, "year one", -1, 3800000000, G_GINT64_CONSTANT (-62135596800000000),
    { "0001-01-01T00:00:00.000000Z\tdmm\trx\tyear one\n",
      "0001-01-01T00:00:00.000000Z,3800.000000,dmm,rx,year one\r\n",
      J ("0001-01-01T00:00:00.000000Z", "3800.000000", "dmm", "rx", "year one") } },
};

static BenchRow
table_row (const TableRow *t)
{
  return make_row (t->direction, START + t->mono, t->wall, t->text, t->len);
}

/* Appends the table to @writer, adding a source per distinct name. */
static void
append_table (BenchSessionWriter *writer)
{
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    {
      BenchRow row = table_row (&table[i]);
      gpointer id;

      if (!g_hash_table_lookup_extended (ids, table[i].device, NULL, &id))
        {
          id = GUINT_TO_POINTER (bench_session_writer_add_source (writer, table[i].device));
          g_hash_table_insert (ids, (gpointer) table[i].device, id);
        }
      bench_session_writer_append (writer, GPOINTER_TO_UINT (id), &row);
    }
}

static void
test_rows (gconstpointer data)
{
  BenchLogFormat format = GPOINTER_TO_UINT (data);
  g_autoptr(GString) all = g_string_new (NULL);
  g_autoptr(BenchSessionWriter) writer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = temp_path ("table.log");
  g_autofree char *contents = NULL;
  gsize len;

  /* the helper, row by row */
  bench_log_append_header (all, format);
  g_assert_cmpstr (all->str, ==, format == BENCH_LOG_CSV ? "time,elapsed,device,direction,text\r\n" : "");
  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    {
      g_autoptr(GString) one = g_string_new ("keep:");
      BenchRow row = table_row (&table[i]);

      bench_log_append_row (one, format, table[i].device, START, &row);
      g_assert_cmpstr (one->str + 5, ==, table[i].expect[format]);
      g_string_append (all, table[i].expect[format]);
    }

  /* the writer gives the same bytes */
  writer = bench_session_writer_new_for_path (path, format, START, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (bench_session_writer_get_path (writer), ==, path);
  g_assert_cmpint (bench_session_writer_get_format (writer), ==, format);
  append_table (writer);
  bench_session_writer_close (writer, &error);
  g_assert_no_error (error);

  contents = read_file (path, &len);
  g_assert_cmpmem (contents, len, all->str, all->len);
  g_assert_cmpuint (bench_session_writer_get_rows_written (writer), ==, G_N_ELEMENTS (table));
  g_assert_cmpuint (bench_session_writer_get_bytes_written (writer), ==, len);
  g_assert_cmpint (bench_session_writer_get_state (writer), ==, BENCH_WRITER_CLOSED);
}

/* ------------------------------------------------------------------------ */
/* Parse-back with Python's csv and json                                    */
/* ------------------------------------------------------------------------ */

static void
test_parse_back (gconstpointer data)
{
  BenchLogFormat format = GPOINTER_TO_UINT (data);
  static const char *const devices[] = { "dmm", "probe, 2", "dev\x01\t\\", "Ω \"x\"", " lead" };
  g_autoptr(BenchSessionWriter) writer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) expected = g_string_new ("[");
  g_autoptr(GRand) rand = g_rand_new_with_seed (4711);
  g_autofree char *path = temp_path ("parse.log");
  guint ids[G_N_ELEMENTS (devices)];
  guint8 buf[300];
  gint64 mono = START - 2000000;
  guint n_rows = 0;

  if (!have_python ())
    return;

  writer = bench_session_writer_new_for_path (path, format, START, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (devices); i++)
    ids[i] = bench_session_writer_add_source (writer, devices[i]);

  /* the table's edge cases on every device */
  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    {
      guint d = i % G_N_ELEMENTS (devices);
      BenchRow row = table_row (&table[i]);

      row.mono_us = mono += 1000;
      bench_session_writer_append (writer, ids[d], &row);
      json_append_expected (expected, devices[d], START, &row);
      n_rows++;
    }

  /* and random bytes, biased to the interesting ones */
  for (guint i = 0; i < 3000; i++)
    {
      static const guint8 interesting[] = { 0, '\t', '\r', '\n', '\\', '"', ',', ' ', 0x7f,
                                            0x80, 0x9f, 0xa0, 0xbf, 0xc0, 0xc2, 0xdf, 0xe0,
                                            0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff };
      guint len = g_rand_int_range (rand, 0, sizeof buf);
      guint d = g_rand_int_range (rand, 0, G_N_ELEMENTS (devices));
      BenchRow row;

      for (guint k = 0; k < len; k++)
        {
          switch (g_rand_int_range (rand, 0, 4))
            {
            case 0:
              buf[k] = interesting[g_rand_int_range (rand, 0, sizeof interesting)];
              break;
            case 1:
              buf[k] = g_rand_int_range (rand, 0, 256);
              break;
            default:
              buf[k] = g_rand_int_range (rand, 0x20, 0x7f);
              break;
            }
        }
      /* whole UTF-8 sequences now and then */
      if (len > 8 && g_rand_boolean (rand))
        memcpy (buf + len / 2, "\xc2\xb5\xe2\x82\xac\xf0\x9f\x98\x80", MIN (9, len / 2));

      mono += g_rand_int_range (rand, 0, 5000);
      row = make_row (g_rand_int_range (rand, 0, 3), mono,
                      W0 + g_rand_int_range (rand, -5000000, 5000000),
                      (const char *) buf, len);
      bench_session_writer_append (writer, ids[d], &row);
      json_append_expected (expected, devices[d], START, &row);
      n_rows++;

      if (i % 500 == 0)
        bench_session_writer_flush (writer);
    }
  g_string_append (expected, "]\n");

  bench_session_writer_close (writer, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bench_session_writer_get_rows_written (writer), ==, n_rows);

  g_assert_cmpuint (check_log (format, path, expected->str), ==, n_rows);
}

/* ------------------------------------------------------------------------ */
/* Small pure functions                                                     */
/* ------------------------------------------------------------------------ */

static void
test_time (void)
{
  static const struct { gint64 wall; const char *text; } cases[] = {
    { 0, "1970-01-01T00:00:00.000000Z" },
    { 1, "1970-01-01T00:00:00.000001Z" },
    { -1, "1969-12-31T23:59:59.999999Z" },
    { -1000000, "1969-12-31T23:59:59.000000Z" },
    { -1000001, "1969-12-31T23:59:58.999999Z" },
    { W0, "2026-11-22T01:23:45.123456Z" },
    { G_GINT64_CONSTANT (951868799999999), "2000-02-29T23:59:59.999999Z" },
    { G_GINT64_CONSTANT (951868800000000), "2000-03-01T00:00:00.000000Z" },
    { G_GINT64_CONSTANT (253402300799999999), "9999-12-31T23:59:59.999999Z" },
    { G_GINT64_CONSTANT (-62135596800000000), "0001-01-01T00:00:00.000000Z" },
  };
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GString) s = g_string_new ("x");

      bench_log_append_time (s, cases[i].wall);
      g_assert_cmpstr (s->str + 1, ==, cases[i].text);
    }

  /* against GDateTime over its whole range */
  for (guint i = 0; i < 20000; i++)
    {
      g_autoptr(GString) s = g_string_new (NULL);
      g_autoptr(GDateTime) dt = NULL;
      g_autofree char *expect = NULL;
      gint64 sec = (gint64) (g_rand_double_range (rand, -62135596800.0, 253402300799.0));
      gint64 usec = g_rand_int_range (rand, 0, 1000000);

      dt = g_date_time_new_from_unix_utc (sec);
      g_assert_nonnull (dt);
      /* not %Y: it does not pad years before 1000 */
      expect = g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02d.%06dZ",
                                g_date_time_get_year (dt), g_date_time_get_month (dt),
                                g_date_time_get_day_of_month (dt), g_date_time_get_hour (dt),
                                g_date_time_get_minute (dt), g_date_time_get_second (dt),
                                (int) usec);
      bench_log_append_time (s, sec * G_USEC_PER_SEC + usec);
      g_assert_cmpstr (s->str, ==, expect);
    }
}

static void
test_elapsed (void)
{
  static const struct { gint64 elapsed; const char *text; } cases[] = {
    { 0, "0.000000" },
    { 1, "0.000001" },
    { -1, "-0.000001" },
    { 999999, "0.999999" },
    { 1000000, "1.000000" },
    { -1500000, "-1.500000" },
    { 12000345, "12.000345" },
    { G_GINT64_CONSTANT (86400000000000), "86400000.000000" },
    { G_MAXINT64, "9223372036854.775807" },
    { G_MININT64 + 1, "-9223372036854.775807" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GString) s = g_string_new (NULL);
      g_autofree char *expect = g_strdup_printf ("1970-01-01T00:00:00.000000Z,%s,d,rx,x\r\n",
                                                 cases[i].text);
      BenchRow row = make_row (BENCH_DIRECTION_RX, 0, 0, "x", -1);

      /* elapsed = mono - start, with start chosen to avoid overflow */
      if (cases[i].elapsed >= 0)
        row.mono_us = cases[i].elapsed;
      else
        row.mono_us = -1;
      bench_log_append_row (s, BENCH_LOG_CSV, "d", cases[i].elapsed >= 0 ? 0 : -1 - cases[i].elapsed, &row);
      g_assert_cmpstr (s->str, ==, expect);
    }
}

static void
test_format_names (void)
{
  static const struct { const char *path; BenchLogFormat format; } paths[] = {
    { "/tmp/x.csv", BENCH_LOG_CSV },
    { "x.CSV", BENCH_LOG_CSV },
    { "x.jsonl", BENCH_LOG_JSONL },
    { "x.json", BENCH_LOG_JSONL },
    { "x.ndjson", BENCH_LOG_JSONL },
    { "x.txt", BENCH_LOG_TEXT },
    { "x.log", BENCH_LOG_TEXT },
    { "x", BENCH_LOG_TEXT },
    { "dir.csv/x", BENCH_LOG_TEXT },
    { "x.csv.gz", BENCH_LOG_TEXT },
    { "-", BENCH_LOG_TEXT },
  };
  BenchLogFormat format;

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    g_assert_cmpint (bench_log_format_from_path (paths[i].path), ==, paths[i].format);

  for (guint i = 0; i < G_N_ELEMENTS (format_names); i++)
    {
      format = 99;
      g_assert_true (bench_log_format_from_string (format_names[i], &format));
      g_assert_cmpint (format, ==, i);
      g_assert_cmpstr (bench_log_format_to_string (i), ==, format_names[i]);
    }
  g_assert_true (bench_log_format_from_string ("CSV", &format));
  g_assert_cmpint (format, ==, BENCH_LOG_CSV);
  format = BENCH_LOG_JSONL;
  g_assert_false (bench_log_format_from_string ("xml", &format));
  g_assert_false (bench_log_format_from_string ("", &format));
  g_assert_false (bench_log_format_from_string (NULL, &format));
  g_assert_cmpint (format, ==, BENCH_LOG_JSONL);

  g_assert_cmpstr (bench_direction_to_string (BENCH_DIRECTION_RX), ==, "rx");
  g_assert_cmpstr (bench_direction_to_string (BENCH_DIRECTION_TX), ==, "tx");
  g_assert_cmpstr (bench_direction_to_string (BENCH_DIRECTION_EVENT), ==, "event");
}

/* ------------------------------------------------------------------------ */
/* Ordering, sources, events                                                */
/* ------------------------------------------------------------------------ */

static char **
read_lines (const char *path)
{
  g_autofree char *contents = read_file (path, NULL);

  g_assert_true (contents[0] == '\0' || g_str_has_suffix (contents, "\n"));
  contents[strlen (contents) - (contents[0] != '\0')] = '\0';

  return contents[0] == '\0' ? g_new0 (char *, 1) : g_strsplit (contents, "\n", -1);
}

/* The text field of a text-format line. */
static const char *
text_field (const char *line)
{
  const char *p = line;

  for (guint i = 0; i < 3; i++)
    {
      p = strchr (p, '\t');
      g_assert_nonnull (p);
      p++;
    }
  return p;
}

static void
test_merge_order (void)
{
  static const struct { guint dev; gint64 mono; const char *text; } appends[] = {
    { 0, 30, "a30" }, { 0, 40, "a40" }, { 1, 10, "b10" }, { 1, 35, "b35" },
    { 0, 35, "a35" }, { 1, 50, "b50" }, { 0, 50, "a50" }, { 1, 5, "b5" },
  };
  static const char *const expect[] = { "b5", "b10", "a30", "b35", "a35", "a40", "b50", "a50" };
  g_autoptr(BenchSessionWriter) writer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autofree char *path = temp_path ("merge.log");
  g_auto(GStrv) lines = NULL;
  guint ids[2];
  gint64 next[2] = { 0, 0 };
  gint64 last_mono = -1;
  guint last_index = 0;

  writer = bench_session_writer_new_for_path (path, BENCH_LOG_TEXT, 0, &error);
  g_assert_no_error (error);
  ids[0] = bench_session_writer_add_source (writer, "a");
  ids[1] = bench_session_writer_add_source (writer, "b");

  /* one small batch out of order, ties kept in append order */
  for (guint i = 0; i < G_N_ELEMENTS (appends); i++)
    append_text (writer, ids[appends[i].dev], BENCH_DIRECTION_RX, appends[i].mono, appends[i].text);
  bench_session_writer_flush (writer);

  /* then a large one (one batch: order holds within a batch): each device
   * in order, the two interleaved in chunks as two reads would deliver them */
  for (guint i = 0; i < 5000;)
    {
      guint dev = g_rand_int_range (rand, 0, 2);
      guint chunk = g_rand_int_range (rand, 1, 50);

      for (guint k = 0; k < chunk && i < 5000; k++, i++)
        {
          g_autofree char *text = NULL;

          next[dev] += g_rand_int_range (rand, 0, 3) * 10;
          text = g_strdup_printf ("%" G_GINT64_FORMAT ":%u", 1000 + next[dev], i);
          append_text (writer, ids[dev], BENCH_DIRECTION_RX, 1000 + next[dev], text);
        }
    }
  bench_session_writer_close (writer, &error);
  g_assert_no_error (error);

  lines = read_lines (path);
  g_assert_cmpuint (g_strv_length (lines), ==, G_N_ELEMENTS (appends) + 5000);
  for (guint i = 0; i < G_N_ELEMENTS (expect); i++)
    g_assert_cmpstr (text_field (lines[i]), ==, expect[i]);

  for (guint i = G_N_ELEMENTS (expect); lines[i] != NULL; i++)
    {
      const char *text = text_field (lines[i]);
      char *colon = NULL;
      gint64 mono = g_ascii_strtoll (text, &colon, 10);
      guint index = (guint) g_ascii_strtoull (colon + 1, NULL, 10);

      g_assert_cmpint (mono, >=, last_mono);
      if (mono == last_mono)
        g_assert_cmpuint (index, >, last_index);
      last_mono = mono;
      last_index = index;
    }
}

static void
test_sources_and_events (void)
{
  g_autoptr(BenchSessionWriter) writer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = temp_path ("events.log");
  g_auto(GStrv) lines = NULL;
  g_autoptr(GString) before = g_string_new (NULL);
  g_autoptr(GString) after = g_string_new (NULL);
  guint a, b;

  writer = bench_session_writer_new_for_path (path, BENCH_LOG_TEXT, bench_now_mono (), &error);
  g_assert_no_error (error);
  bench_log_append_time (before, bench_now_wall ());

  a = bench_session_writer_add_source (writer, "first");
  append_text (writer, a, BENCH_DIRECTION_RX, bench_now_mono (), "one");
  bench_session_writer_flush (writer);
  bench_session_writer_append_event (writer, BENCH_ROW_NONE, "recording started");
  /* a name added later, after batches have gone */
  b = bench_session_writer_add_source (writer, "second");
  g_assert_cmpuint (a, !=, b);
  append_text (writer, b, BENCH_DIRECTION_TX, bench_now_mono (), "two");
  bench_session_writer_flush (writer);
  append_text (writer, a, BENCH_DIRECTION_RX, bench_now_mono (), "three");
  bench_session_writer_close (writer, &error);
  g_assert_no_error (error);

  lines = read_lines (path);
  g_assert_cmpuint (g_strv_length (lines), ==, 4);
  g_assert_true (g_str_has_suffix (lines[0], "\tfirst\trx\tone"));
  g_assert_true (g_str_has_suffix (lines[1], "\tbenchtop\tevent\trecording started"));
  g_assert_true (g_str_has_suffix (lines[2], "\tsecond\ttx\ttwo"));
  g_assert_true (g_str_has_suffix (lines[3], "\tfirst\trx\tthree"));

  /* the event is stamped now */
  bench_log_append_time (after, bench_now_wall ());
  g_assert_cmpint (strncmp (lines[1], before->str, before->len), >=, 0);
  g_assert_cmpint (strncmp (lines[1], after->str, after->len), <=, 0);
}

/* ------------------------------------------------------------------------ */
/* Timing                                                                   */
/* ------------------------------------------------------------------------ */

typedef struct
{
  const char *path;
  gsize       size;
} GrowWait;

static gboolean
file_grew (gpointer data)
{
  GrowWait *wait = data;

  return file_size (wait->path) > wait->size;
}

static void
test_latency (void)
{
  g_autoptr(BenchSessionWriter) writer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = temp_path ("latency.csv");
  RowsWait rows_wait;
  GrowWait grow = { path, 0 };
  gint64 worst = 0;
  guint source;

  writer = bench_session_writer_new_for_path (path, BENCH_LOG_CSV, bench_now_mono (), &error);
  g_assert_no_error (error);
  source = bench_session_writer_add_source (writer, "dev");

  /* the header */
  g_assert_true (wait_polling (file_grew, &grow, 5000));
  rows_wait.writer = writer;
  bench_test_spin (20);

  for (guint i = 0; i < 5; i++)
    {
      gint64 t0, latency;
      int timeout;

      grow.size = file_size (path);
      t0 = g_get_monotonic_time ();
      append_text (writer, source, BENCH_DIRECTION_RX, bench_now_mono (), "hello");
      /* a timer is armed now, for at most 100 ms ... */
      timeout = main_context_timeout ();
      g_assert_cmpint (timeout, >, 0);
      g_assert_cmpint (timeout, <=, 100);
      g_assert_true (wait_polling (file_grew, &grow, 10000));
      latency = g_get_monotonic_time () - t0;
      g_test_message ("row %u reached the file after %" G_GINT64_FORMAT " µs", i, latency);
      worst = MAX (worst, latency);

      /* the writer has reported the row */
      rows_wait.rows = i + 1;
      g_assert_true (bench_test_wait_until (rows_written_reached, &rows_wait, 5000));
      bench_test_spin (g_random_int_range (1, 60));
    }
  g_assert_cmpint (worst, <=, 250 * G_TIME_SPAN_MILLISECOND);

  /* ... and none while there is nothing to write */
  bench_test_spin (150);
  g_assert_cmpint (main_context_timeout (), ==, -1);
  g_assert_false (g_main_context_pending (NULL));

  /* nor after a flush took the batch before the timer did */
  append_text (writer, source, BENCH_DIRECTION_RX, bench_now_mono (), "flushed");
  bench_session_writer_flush (writer);
  rows_wait.rows = 6;
  g_assert_true (bench_test_wait_until (rows_written_reached, &rows_wait, 5000));
  g_assert_cmpint (main_context_timeout (), ==, -1);

  bench_session_writer_close (writer, &error);
  g_assert_no_error (error);
  g_assert_cmpint (main_context_timeout (), ==, -1);
}

/* ------------------------------------------------------------------------ */
/* Failures                                                                 */
/* ------------------------------------------------------------------------ */

static void
test_dev_full (gconstpointer data)
{
  BenchLogFormat format = GPOINTER_TO_UINT (data);
  g_autoptr(BenchSessionWriter) writer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  guint state_notifies = 0;
  guint error_notifies = 0;
  const GError *werror;
  guint source;

  if (!g_file_test ("/dev/full", G_FILE_TEST_EXISTS))
    {
      g_test_skip ("no /dev/full");
      return;
    }

  writer = bench_session_writer_new_for_path ("/dev/full", format, 0, &error);
  g_assert_no_error (error);
  g_signal_connect (writer, "notify::state", G_CALLBACK (count_on_main_cb), &state_notifies);
  g_signal_connect (writer, "notify::error", G_CALLBACK (count_on_main_cb), &error_notifies);
  source = bench_session_writer_add_source (writer, "dev");

  for (guint i = 0; i < 10; i++)
    append_text (writer, source, BENCH_DIRECTION_RX, i, "a row");
  bench_session_writer_flush (writer);

  g_assert_true (bench_test_wait_until (state_is_not_running, writer, 10000));
  g_assert_cmpint (bench_session_writer_get_state (writer), ==, BENCH_WRITER_FAILED);
  g_assert_cmpuint (state_notifies, ==, 1);
  g_assert_cmpuint (error_notifies, ==, 1);
  werror = bench_session_writer_get_error (writer);
  g_assert_error (werror, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
  message = g_strdup_printf ("Cannot write to “/dev/full”: %s", g_strerror (ENOSPC));
  g_assert_cmpstr (werror->message, ==, message);
  g_assert_cmpuint (bench_session_writer_get_rows_written (writer), ==, 0);
  g_assert_cmpuint (bench_session_writer_get_bytes_written (writer), ==, 0);
  bench_test_spin (50);

  /* further rows are ignored: nothing is queued, no timer armed */
  for (guint i = 0; i < 1000; i++)
    append_text (writer, source, BENCH_DIRECTION_RX, i, "another row");
  bench_session_writer_append_event (writer, BENCH_ROW_NONE, "an event");
  g_assert_cmpint (main_context_timeout (), ==, -1);
  g_assert_cmpuint (bench_session_writer_get_rows_dropped (writer), ==, 0);

  g_assert_false (bench_session_writer_close (writer, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
  g_assert_cmpstr (error->message, ==, message);
  g_assert_cmpint (bench_session_writer_get_state (writer), ==, BENCH_WRITER_FAILED);
  g_assert_cmpuint (state_notifies, ==, 1);
  g_clear_error (&error);

  /* closing again says the same */
  g_assert_false (bench_session_writer_close (writer, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
}

#define FSIZE_LIMIT 10000

static void
test_efbig (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(BenchSessionWriter) writer = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GString) sample = g_string_new (NULL);
      g_autofree char *path = temp_path ("big.csv");
      g_autofree char *contents = NULL;
      g_autofree char *message = NULL;
      struct rlimit rl = { FSIZE_LIMIT, FSIZE_LIMIT };
      gsize len, header_len, row_len;
      BenchRow row;
      guint source;

      signal (SIGXFSZ, SIG_IGN);
      g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &rl), ==, 0);

      writer = bench_session_writer_new_for_path (path, BENCH_LOG_CSV, 0, &error);
      g_assert_no_error (error);
      source = bench_session_writer_add_source (writer, "dev");
      /* one batch, one large write that the kernel cuts at the limit */
      for (guint i = 0; i < 3000; i++)
        {
          g_autofree char *text = g_strdup_printf ("row %05u with some padding", i);

          row = make_row (BENCH_DIRECTION_RX, 0, W0, text, -1);
          bench_session_writer_append (writer, source, &row);
        }
      g_assert_false (bench_session_writer_close (writer, &error));
      g_assert_error (error, G_IO_ERROR, (gint) g_io_error_from_errno (EFBIG));
      message = g_strdup_printf ("Cannot write to “%s”: %s", path, g_strerror (EFBIG));
      g_assert_cmpstr (error->message, ==, message);
      g_assert_cmpint (bench_session_writer_get_state (writer), ==, BENCH_WRITER_FAILED);

      /* cut back to the last whole row */
      row = make_row (BENCH_DIRECTION_RX, 0, W0, "row 00000 with some padding", -1);
      bench_log_append_row (sample, BENCH_LOG_CSV, "dev", 0, &row);
      row_len = sample->len;
      header_len = strlen ("time,elapsed,device,direction,text\r\n");
      g_assert_cmpuint ((FSIZE_LIMIT - header_len) % row_len, !=, 0);

      contents = read_file (path, &len);
      g_assert_cmpuint (len, ==, header_len + (FSIZE_LIMIT - header_len) / row_len * row_len);
      g_assert_cmpuint (len, <, FSIZE_LIMIT);
      g_assert_true (g_str_has_suffix (contents, "\r\n"));
      g_assert_cmpuint (bench_session_writer_get_rows_written (writer), ==, (len - header_len) / row_len);
      g_assert_cmpuint (bench_session_writer_get_bytes_written (writer), ==, len);
      if (g_file_test ("/usr/bin/python3", G_FILE_TEST_IS_EXECUTABLE))
        g_assert_cmpuint (check_log (BENCH_LOG_CSV, path, NULL), ==, (len - header_len) / row_len);
      return;
    }

  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

static void
test_open_errors (void)
{
  g_autoptr(BenchSessionWriter) writer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = bench_test_mkdtemp ();
  g_autofree char *missing = g_build_filename (dir, "no-such-dir", "x.csv", NULL);
  g_autofree char *fifo = g_build_filename (dir, "fifo", NULL);

  writer = bench_session_writer_new_for_path (missing, BENCH_LOG_CSV, 0, &error);
  g_assert_null (writer);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, missing));
  g_assert_nonnull (strstr (error->message, g_strerror (ENOENT)));
  g_test_message ("%s", error->message);
  g_clear_error (&error);

  writer = bench_session_writer_new_for_path (dir, BENCH_LOG_CSV, 0, &error);
  g_assert_null (writer);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY);
  g_assert_nonnull (strstr (error->message, dir));
  g_test_message ("%s", error->message);
  g_clear_error (&error);

  /* a FIFO nobody reads: an error, not a hang */
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  writer = bench_session_writer_new_for_path (fifo, BENCH_LOG_CSV, 0, &error);
  g_assert_null (writer);
  g_assert_error (error, G_IO_ERROR, (gint) g_io_error_from_errno (ENXIO));
  g_assert_nonnull (strstr (error->message, fifo));
  g_assert_true (g_str_has_suffix (error->message, "”: it is a FIFO that no program reads"));
  g_test_message ("%s", error->message);
}

static void
test_open_permission (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(BenchSessionWriter) writer = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *message = NULL;
      const char *path = "/benchtop-test-not-writable.csv";

      if (getuid () == 0)
        {
          uid_t uid;
          gid_t gid;

          /* root may write anywhere: drop to nobody */
          g_assert_true (bench_test_nobody (&uid, &gid));
          g_assert_cmpint (setgroups (0, NULL), ==, 0);
          g_assert_cmpint (setgid (gid), ==, 0);
          g_assert_cmpint (setuid (uid), ==, 0);
          /* setuid() made us undumpable, which LeakSanitizer needs */
          prctl (PR_SET_DUMPABLE, 1);
        }
      if (access ("/", W_OK) == 0)
        {
          g_test_skip ("/ is writable");
          return;
        }

      writer = bench_session_writer_new_for_path (path, BENCH_LOG_TEXT, 0, &error);
      g_assert_null (writer);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
      message = g_strdup_printf ("Cannot create the log file “%s”: %s", path, g_strerror (EACCES));
      g_assert_cmpstr (error->message, ==, message);
      return;
    }

  if (getuid () == 0 && !bench_test_nobody (&(uid_t) { 0 }, &(gid_t) { 0 }))
    {
      g_test_skip ("no unprivileged account to test with");
      return;
    }
  g_test_trap_subprocess (NULL, 30 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

/* ------------------------------------------------------------------------ */
/* A kill -9 never leaves a torn row                                        */
/* ------------------------------------------------------------------------ */

static guint kill_child_sources[2];

static gboolean
kill_child_tick_cb (gpointer data)
{
  BenchSessionWriter *writer = data;
  static guint n;
  char text[600];

  for (guint i = 0; i < 20; i++, n++)
    {
      guint len = n % 7 == 0 ? 500 : 20 + n % 40;

      for (guint k = 0; k < len; k++)
        text[k] = "abc, \"x\"\t\\\x01\xc3\xa9"[(n + k) % 13];
      text[len] = '\0';
      append_text (writer, kill_child_sources[n % 2], n % 5 == 0 ? BENCH_DIRECTION_TX : BENCH_DIRECTION_RX,
                   bench_now_mono (), text);
    }

  return G_SOURCE_CONTINUE;
}

/* Runs as its own process, writing until it is killed. */
static int
kill_child_main (const char *path,
                 const char *format_name)
{
  g_autoptr(BenchSessionWriter) writer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  BenchLogFormat format;

  g_assert_true (bench_log_format_from_string (format_name, &format));
  writer = bench_session_writer_new_for_path (path, format, bench_now_mono (), &error);
  g_assert_no_error (error);
  kill_child_sources[0] = bench_session_writer_add_source (writer, "one");
  kill_child_sources[1] = bench_session_writer_add_source (writer, "two, \"2\"");
  g_timeout_add (1, kill_child_tick_cb, writer);
  g_main_loop_run (loop);

  return 0;
}

/* The writer thread of @pid, by the name it gives itself; 0 if none yet. */
static int
find_writer_thread (GPid pid)
{
  g_autofree char *dir_path = g_strdup_printf ("/proc/%d/task", pid);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *comm_path = g_build_filename (dir_path, name, "comm", NULL);
      g_autofree char *comm = NULL;

      if (g_file_get_contents (comm_path, &comm, NULL, NULL) &&
          g_str_equal (g_strchomp (comm), "benchtop-log"))
        return atoi (name);
    }

  return 0;
}

/* TRUE while thread @tid of @pid is blocked in futex(): waiting for its
 * next batch, so between two writes. */
static gboolean
thread_waits (GPid pid,
              int  tid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/task/%d/syscall", pid, tid);
  g_autofree char *contents = NULL;

  return g_file_get_contents (path, &contents, NULL, NULL) &&
         g_ascii_strtoll (contents, NULL, 10) == SYS_futex &&
         contents[0] != 'r';   /* "running" */
}

/* The child appends ~20,000 rows/s from a main-loop timer and is killed
 * at a random moment while its writer thread waits between writes: the
 * file must end with a whole row and parse. A kill that lands inside a
 * write(2) is another matter: Linux may cut a buffered write between two
 * pages (see the comment on writer_write()), which no program can prevent;
 * the writer keeps page boundaries out of the middle of its writes to make
 * that rare, which /benchtop/writer/page-writes checks. */
static void
test_kill (void)
{
  g_autofree char *self_exe = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *dir = bench_test_mkdtemp ();

  if (!have_python ())
    return;
  g_assert_nonnull (self_exe);

  for (guint run = 0; run < 6; run++)
    {
      BenchLogFormat format = run % 3;
      g_autoptr(GError) error = NULL;
      g_autofree char *name = g_strdup_printf ("kill-%u.%s", run, format_names[format]);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *contents = NULL;
      const char *argv[] = { self_exe, "--kill-child", path, format_names[format], NULL };
      GrowWait grow = { path, 64 * 1024 + g_random_int_range (0, 256 * 1024) };
      gint64 deadline;
      GPid pid;
      int status;
      int tid;
      gsize len;
      guint rows;

      g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                     &pid, &error);
      g_assert_no_error (error);

      g_assert_true (wait_polling (file_grew, &grow, 30000));
      g_usleep (g_random_int_range (0, 200000));
      tid = find_writer_thread (pid);
      g_assert_cmpint (tid, >, 0);
      deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
      while (!thread_waits (pid, tid))
        {
          g_assert_cmpint (g_get_monotonic_time (), <, deadline);
          g_usleep (g_random_int_range (100, 2000));
        }
      g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      g_spawn_close_pid (pid);
      g_assert_true (WIFSIGNALED (status) && WTERMSIG (status) == SIGKILL);

      contents = read_file (path, &len);
      g_assert_cmpuint (len, >, grow.size);
      g_assert_cmpint (contents[len - 1], ==, '\n');
      rows = check_log (format, path, NULL);
      g_test_message ("%s: killed after %" G_GSIZE_FORMAT " bytes, %u whole rows", name, len, rows);
      g_assert_cmpuint (rows, >, 0);
    }
}

/* ------------------------------------------------------------------------ */
/* Whole rows per write(2)                                                  */
/* ------------------------------------------------------------------------ */

typedef struct
{
  int        fd;
  GPtrArray *messages;   /* GBytes, one per write(2) of the writer */
} SeqpacketReader;

static gpointer
seqpacket_reader_thread (gpointer user_data)
{
  SeqpacketReader *reader = user_data;
  gsize size = 1024 * 1024;
  g_autofree guint8 *buf = g_malloc (size);
  ssize_t n;

  while ((n = recv (reader->fd, buf, size, MSG_TRUNC)) != 0)
    {
      if (n < 0)
        {
          g_assert_cmpint (errno, ==, EINTR);
          continue;
        }
      g_assert_cmpint (n, <=, size);
      g_ptr_array_add (reader->messages, g_bytes_new (buf, n));
    }

  return NULL;
}

/* On a SOCK_SEQPACKET socket every write(2) arrives as one message, so the
 * test sees exactly how the writer cut its output. */
static void
test_whole_rows (void)
{
  g_autoptr(BenchSessionWriter) writer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (99);
  SeqpacketReader reader = { -1, NULL };
  GThread *thread;
  int sv[2];
  int sndbuf = 2 * 1024 * 1024;
  guint source, n_rows = 0, n_flushes = 0, rows_seen = 0;
  gsize total = 0;
  char text[1100];

  g_assert_cmpint (socketpair (AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv), ==, 0);
  /* room for a whole 256 KiB write in one message */
  if (setsockopt (sv[0], SOL_SOCKET, SO_SNDBUFFORCE, &sndbuf, sizeof sndbuf) != 0)
    g_assert_cmpint (setsockopt (sv[0], SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof sndbuf), ==, 0);

  reader.fd = sv[1];
  reader.messages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  thread = g_thread_new ("seqpacket-reader", seqpacket_reader_thread, &reader);

  writer = bench_session_writer_new_for_fd (sv[0], TRUE, BENCH_LOG_CSV, 0);
  source = bench_session_writer_add_source (writer, "dev, 1");
  for (guint i = 0; i < 40000; i++)
    {
      guint len = g_rand_int_range (rand, 0, 8) == 0 ? g_rand_int_range (rand, 100, 1000)
                                                     : g_rand_int_range (rand, 0, 40);

      for (guint k = 0; k < len; k++)
        text[k] = "ab,\"\x01" "cd \xc3\xa9\t"[g_rand_int_range (rand, 0, 11)];
      text[len] = '\0';
      append_text (writer, source, BENCH_DIRECTION_RX, i, text);
      n_rows++;
      if (g_rand_int_range (rand, 0, 3000) == 0)
        {
          bench_session_writer_flush (writer);
          n_flushes++;
        }
    }
  bench_session_writer_close (writer, &error);
  g_assert_no_error (error);
  g_thread_join (thread);
  close (sv[1]);

  /* the header goes alone, first */
  g_assert_cmpuint (reader.messages->len, >, 1);
  g_assert_cmpmem (g_bytes_get_data (reader.messages->pdata[0], NULL),
                   g_bytes_get_size (reader.messages->pdata[0]),
                   "time,elapsed,device,direction,text\r\n", 36);

  for (guint i = 1; i < reader.messages->len; i++)
    {
      gsize len;
      const char *data = g_bytes_get_data (reader.messages->pdata[i], &len);
      const char *p;

      /* each write(2) holds whole rows only */
      g_assert_cmpuint (len, >, 2);
      g_assert_true (data[len - 2] == '\r' && data[len - 1] == '\n');
      /* starting with a row's time */
      g_assert_true (g_ascii_isdigit (data[0]) && data[4] == '-' && data[10] == 'T');
      for (p = data; (p = memchr (p, '\n', data + len - p)) != NULL; p++)
        rows_seen++;
      total += len;
    }
  g_assert_cmpuint (rows_seen, ==, n_rows);

  /* and the rows are coalesced: one write per ~256 KiB, or per batch */
  g_test_message ("%u rows, %" G_GSIZE_FORMAT " bytes in %u writes, %u flushes",
                  n_rows, total, reader.messages->len - 1, n_flushes);
  g_assert_cmpuint (reader.messages->len - 1, <=, total / (256 * 1024) + 2 * n_flushes + 20);

  g_ptr_array_unref (reader.messages);
}

/* write(2) calls of this process so far, from /proc/self/io (threads that
 * have exited included); -1 when the kernel does not count them. */
static gint64
count_write_calls (void)
{
  g_autofree char *io = NULL;
  const char *p;

  if (!g_file_get_contents ("/proc/self/io", &io, NULL, NULL) ||
      (p = strstr (io, "syscw: ")) == NULL)
    return -1;
  return g_ascii_strtoll (p + 7, NULL, 10);
}

/* To a regular file, no write(2) crosses a page boundary in the middle of
 * a row, except a row that crosses it alone: a kill cannot cut a long
 * write between two pages. */
static void
test_page_writes (void)
{
  g_autoptr(BenchSessionWriter) writer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = temp_path ("pages.csv");
  gint64 before, writes;
  gsize size, pages;
  guint source;

  if (count_write_calls () < 0)
    {
      g_test_skip ("/proc/self/io does not count write calls");
      return;
    }

  writer = bench_session_writer_new_for_path (path, BENCH_LOG_CSV, 0, &error);
  g_assert_no_error (error);
  source = bench_session_writer_add_source (writer, "dev");
  bench_session_writer_flush (writer);
  bench_test_spin (50);   /* the header is out */

  before = count_write_calls ();
  for (guint i = 0; i < 6000; i++)
    {
      BenchRow row = make_row (BENCH_DIRECTION_RX, i, W0, "0123456789abcdef", 6 + i % 11);

      bench_session_writer_append (writer, source, &row);
    }
  /* two batches of ~150 KiB; the thread exits inside close */
  bench_session_writer_flush (writer);
  bench_session_writer_close (writer, &error);
  g_assert_no_error (error);
  writes = count_write_calls () - before;

  size = file_size (path);
  pages = size / 4096;
  g_test_message ("%" G_GSIZE_FORMAT " bytes, %" G_GSIZE_FORMAT " page boundaries, %" G_GINT64_FORMAT " writes",
                  size, pages, writes);
  /* a write per page at least; at most two: the rows inside, the row across */
  g_assert_cmpint (writes, >=, (gint64) pages);
  g_assert_cmpint (writes, <=, 2 * (gint64) pages + 4);
}

/* ------------------------------------------------------------------------ */
/* Bounds                                                                   */
/* ------------------------------------------------------------------------ */

typedef struct
{
  int         fd;
  GMutex      mutex;
  GByteArray *data;
} PipeReader;

static gpointer
pipe_reader_thread (gpointer user_data)
{
  PipeReader *reader = user_data;
  guint8 buf[65536];
  ssize_t n;

  while ((n = read (reader->fd, buf, sizeof buf)) != 0)
    {
      if (n < 0)
        {
          g_assert_cmpint (errno, ==, EINTR);
          continue;
        }
      g_mutex_lock (&reader->mutex);
      g_byte_array_append (reader->data, buf, n);
      g_mutex_unlock (&reader->mutex);
    }

  return NULL;
}

static gboolean
reader_has_note (gpointer data)
{
  PipeReader *reader = data;
  gboolean found;

  g_mutex_lock (&reader->mutex);
  found = reader->data->len > 0 &&
          memmem (reader->data->data, reader->data->len, "not logged", 10) != NULL;
  g_mutex_unlock (&reader->mutex);

  return found;
}

static gboolean
dropped_notified (gpointer data)
{
  return *(guint *) data > 0;
}

static void
test_max_pending (void)
{
  g_autoptr(BenchSessionWriter) writer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *note = NULL;
  g_auto(GStrv) lines = NULL;
  PipeReader reader = { 0 };
  GThread *thread;
  char filler[4096];
  int fds[2];
  guint dropped_notifies = 0;
  guint max_pending_notifies = 0;
  guint64 dropped;
  guint rx_lines = 0, notes = 0, filler_bytes = 0;
  guint source;
  gsize i;

  g_assert_cmpint (pipe2 (fds, O_CLOEXEC), ==, 0);

  /* fill the pipe, so the writer blocks on its first write */
  memset (filler, '#', sizeof filler);
  filler[sizeof filler - 1] = '\n';
  g_assert_true (bench_set_nonblocking (fds[1], NULL));
  while (write (fds[1], filler, sizeof filler) == sizeof filler)
    filler_bytes += sizeof filler;
  g_assert_cmpint (errno, ==, EAGAIN);
  g_assert_cmpint (fcntl (fds[1], F_SETFL, fcntl (fds[1], F_GETFL) & ~O_NONBLOCK), ==, 0);

  writer = bench_session_writer_new_for_fd (fds[1], TRUE, BENCH_LOG_TEXT, 0);
  g_assert_null (bench_session_writer_get_path (writer));
  g_signal_connect (writer, "notify::rows-dropped", G_CALLBACK (count_on_main_cb), &dropped_notifies);
  g_signal_connect (writer, "notify::max-pending", G_CALLBACK (count_on_main_cb), &max_pending_notifies);
  bench_session_writer_set_max_pending (writer, 8192);
  bench_session_writer_set_max_pending (writer, 8192);
  g_assert_cmpuint (max_pending_notifies, ==, 1);
  g_assert_cmpuint (bench_session_writer_get_max_pending (writer), ==, 8192);
  source = bench_session_writer_add_source (writer, "dev");

  append_text (writer, source, BENCH_DIRECTION_RX, 0, "first row, blocks the writer");
  bench_session_writer_flush (writer);
  bench_test_spin (50);

  for (i = 1; i < 2000; i++)
    {
      g_autofree char *text = g_strdup_printf ("row %04" G_GSIZE_FORMAT " of some forty bytes.....", i);

      append_text (writer, source, BENCH_DIRECTION_RX, i, text);
      if (i % 10 == 0)
        bench_session_writer_flush (writer);
    }
  dropped = bench_session_writer_get_rows_dropped (writer);
  g_test_message ("%" G_GUINT64_FORMAT " of 2000 rows dropped", dropped);
  g_assert_cmpuint (dropped, >, 1000);
  g_assert_cmpuint (dropped, <, 1999);
  /* notified from the timer, not per row */
  g_assert_cmpuint (dropped_notifies, ==, 0);
  g_assert_true (bench_test_wait_until (dropped_notified, &dropped_notifies, 5000));
  g_assert_cmpuint (dropped_notifies, ==, 1);

  /* the disk catches up: the note follows */
  reader.fd = fds[0];
  reader.data = g_byte_array_new ();
  g_mutex_init (&reader.mutex);
  thread = g_thread_new ("pipe-reader", pipe_reader_thread, &reader);
  g_assert_true (wait_polling (reader_has_note, &reader, 10000));

  bench_session_writer_close (writer, &error);
  g_assert_no_error (error);
  g_thread_join (thread);
  close (fds[0]);
  g_assert_cmpuint (bench_session_writer_get_rows_dropped (writer), ==, dropped);

  g_byte_array_append (reader.data, (const guint8 *) "", 1);
  lines = g_strsplit ((const char *) reader.data->data + filler_bytes, "\n", -1);
  note = g_strdup_printf ("\tbenchtop\tevent\t%" G_GUINT64_FORMAT " rows not logged: the disk was too slow",
                          dropped);
  for (guint k = 0; lines[k] != NULL && lines[k][0] != '\0'; k++)
    {
      if (strstr (lines[k], "\tdev\trx\t") != NULL)
        {
          g_assert_cmpuint (notes, ==, 0);
          rx_lines++;
        }
      else
        {
          g_assert_true (g_str_has_suffix (lines[k], note));
          notes++;
        }
    }
  g_assert_cmpuint (notes, ==, 1);
  g_assert_cmpuint (rx_lines + dropped, ==, 2000);
  g_assert_cmpuint (bench_session_writer_get_rows_written (writer), ==, rx_lines + 1);

  g_byte_array_unref (reader.data);
  g_mutex_clear (&reader.mutex);
}

static void
test_max_rx_rows (void)
{
  g_autoptr(BenchSessionWriter) writer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = temp_path ("limit.log");
  g_auto(GStrv) lines = NULL;
  guint reached = 0;
  guint notifies = 0;
  guint rx = 0, tx = 0;
  guint source;

  writer = bench_session_writer_new_for_path (path, BENCH_LOG_TEXT, 0, &error);
  g_assert_no_error (error);
  g_signal_connect (writer, "limit-reached", G_CALLBACK (limit_reached_cb), &reached);
  g_signal_connect (writer, "notify::max-rx-rows", G_CALLBACK (count_on_main_cb), &notifies);
  bench_session_writer_set_max_rx_rows (writer, 5);
  bench_session_writer_set_max_rx_rows (writer, 5);
  g_assert_cmpuint (notifies, ==, 1);
  g_assert_cmpuint (bench_session_writer_get_max_rx_rows (writer), ==, 5);
  source = bench_session_writer_add_source (writer, "dev");

  for (guint i = 0; i < 4; i++)
    {
      append_text (writer, source, BENCH_DIRECTION_RX, 2 * i, "rx");
      append_text (writer, source, BENCH_DIRECTION_TX, 2 * i + 1, "tx");
    }
  bench_test_spin (20);
  g_assert_cmpuint (reached, ==, 0);

  append_text (writer, source, BENCH_DIRECTION_RX, 10, "rx");
  /* emitted from the main loop, not from inside append() */
  g_assert_cmpuint (reached, ==, 0);
  bench_test_spin (20);
  g_assert_cmpuint (reached, ==, 1);

  for (guint i = 0; i < 4; i++)
    {
      append_text (writer, source, BENCH_DIRECTION_RX, 20 + 2 * i, "rx");
      append_text (writer, source, BENCH_DIRECTION_TX, 21 + 2 * i, "tx");
    }
  bench_session_writer_append_event (writer, BENCH_ROW_NONE, "an event");
  bench_test_spin (20);
  g_assert_cmpuint (reached, ==, 1);
  /* not counted as dropped */
  g_assert_cmpuint (bench_session_writer_get_rows_dropped (writer), ==, 0);

  bench_session_writer_close (writer, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (reached, ==, 1);

  lines = read_lines (path);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (strstr (lines[i], "\tdev\trx\t") != NULL)
        rx++;
      else if (strstr (lines[i], "\tdev\ttx\t") != NULL)
        tx++;
    }
  g_assert_cmpuint (rx, ==, 5);
  g_assert_cmpuint (tx, ==, 8);
  g_assert_cmpuint (g_strv_length (lines), ==, 14);
}

/* ------------------------------------------------------------------------ */
/* Locale                                                                   */
/* ------------------------------------------------------------------------ */

static void
test_locale (void)
{
  g_autoptr(BenchSessionWriter) writer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = temp_path ("locale.jsonl");
  g_autofree char *printed = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GString) csv = g_string_new (NULL);
  BenchRow row = make_row (BENCH_DIRECTION_RX, START + 12500000, W0, "1,5", -1);
  const char *expect_json =
    J ("2026-11-22T01:23:45.123456Z", "12.500000", "dmm", "rx", "1,5");

  if (setlocale (LC_ALL, "de_DE.UTF-8") == NULL && setlocale (LC_ALL, "de_DE.utf8") == NULL)
    {
      g_test_skip ("the de_DE.UTF-8 locale is not installed (locale-gen de_DE.UTF-8)");
      return;
    }

  /* the locale is in force: printf would write a decimal comma */
  printed = g_strdup_printf ("%.1f", 1.5);
  g_assert_cmpstr (printed, ==, "1,5");

  bench_log_append_row (csv, BENCH_LOG_CSV, "dmm", START, &row);
  g_assert_cmpstr (csv->str, ==, "2026-11-22T01:23:45.123456Z,12.500000,dmm,rx,\"1,5\"\r\n");

  writer = bench_session_writer_new_for_path (path, BENCH_LOG_JSONL, START, &error);
  g_assert_no_error (error);
  bench_session_writer_append (writer, bench_session_writer_add_source (writer, "dmm"), &row);
  bench_session_writer_close (writer, &error);
  g_assert_no_error (error);
  contents = read_file (path, NULL);
  g_assert_cmpstr (contents, ==, expect_json);

  setlocale (LC_ALL, "C");
}

/* ------------------------------------------------------------------------ */
/* Life cycle                                                               */
/* ------------------------------------------------------------------------ */

typedef struct
{
  gboolean  done;
  gboolean  ok;
  GError   *error;
} CloseResult;

static void
close_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  CloseResult *res = user_data;

  res->ok = bench_session_writer_close_finish (BENCH_SESSION_WRITER (object), result, &res->error);
  res->done = TRUE;
}

static gboolean
close_done (gpointer data)
{
  return ((CloseResult *) data)->done;
}

static void
test_close_async (void)
{
  g_autoptr(BenchSessionWriter) writer = NULL;
  g_autoptr(BenchSessionWriter) full = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = temp_path ("async.csv");
  g_auto(GStrv) lines = NULL;
  CloseResult res = { 0 };
  CloseResult again = { 0 };
  CloseResult busy = { 0 };
  guint state_notifies = 0;
  guint source;

  writer = bench_session_writer_new_for_path (path, BENCH_LOG_CSV, 0, &error);
  g_assert_no_error (error);
  g_signal_connect (writer, "notify::state", G_CALLBACK (count_on_main_cb), &state_notifies);
  source = bench_session_writer_add_source (writer, "dev");
  for (guint i = 0; i < 50000; i++)
    append_text (writer, source, BENCH_DIRECTION_RX, i, "a row that goes out on close");

  bench_session_writer_close_async (writer, NULL, close_cb, &res);
  bench_session_writer_close_async (writer, NULL, close_cb, &busy);
  /* nothing happens inside the call */
  g_assert_false (res.done);
  /* appends after close are ignored */
  append_text (writer, source, BENCH_DIRECTION_RX, 0, "too late");
  g_assert_true (bench_test_wait_until (close_done, &res, 30000));
  g_assert_true (bench_test_wait_until (close_done, &busy, 1000));
  g_assert_no_error (res.error);
  g_assert_true (res.ok);
  g_assert_error (busy.error, G_IO_ERROR, G_IO_ERROR_PENDING);
  g_clear_error (&busy.error);
  g_assert_cmpint (bench_session_writer_get_state (writer), ==, BENCH_WRITER_CLOSED);
  g_assert_cmpuint (state_notifies, ==, 1);
  g_assert_cmpuint (bench_session_writer_get_rows_written (writer), ==, 50000);

  lines = read_lines (path);
  g_assert_cmpuint (g_strv_length (lines), ==, 50001);
  g_assert_null (strstr (lines[50000], "too late"));

  /* once closed, close again finishes at once */
  bench_session_writer_close_async (writer, NULL, close_cb, &again);
  g_assert_true (bench_test_wait_until (close_done, &again, 1000));
  g_assert_true (again.ok);
  g_assert_true (bench_session_writer_close (writer, NULL));

  /* a failed writer reports its error */
  if (g_file_test ("/dev/full", G_FILE_TEST_EXISTS))
    {
      CloseResult failed = { 0 };

      full = bench_session_writer_new_for_path ("/dev/full", BENCH_LOG_TEXT, 0, &error);
      g_assert_no_error (error);
      bench_session_writer_append_event (full, BENCH_ROW_NONE, "x");
      bench_session_writer_close_async (full, NULL, close_cb, &failed);
      g_assert_true (bench_test_wait_until (close_done, &failed, 30000));
      g_assert_false (failed.ok);
      g_assert_error (failed.error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
      g_clear_error (&failed.error);
      g_assert_cmpint (bench_session_writer_get_state (full), ==, BENCH_WRITER_FAILED);
    }
}

static guint
count_threads (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/task", 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

static void
test_dispose (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = temp_path ("dispose.jsonl");
  BenchSessionWriter *writer;
  guint threads = count_threads ();
  guint64 rows;
  guint source;
  g_auto(GStrv) lines = NULL;

  writer = bench_session_writer_new_for_path (path, BENCH_LOG_JSONL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_threads (), ==, threads + 1);
  source = bench_session_writer_add_source (writer, "dev");
  for (guint i = 0; i < 10000; i++)
    append_text (writer, source, BENCH_DIRECTION_RX, i, "written by dispose");
  bench_session_writer_flush (writer);
  append_text (writer, source, BENCH_DIRECTION_RX, 10000, "the last one");

  g_object_get (writer, "rows-written", &rows, NULL);
  g_assert_cmpuint (rows, ==, bench_session_writer_get_rows_written (writer));

  /* no close(): dispose writes everything and joins the thread */
  g_assert_finalize_object (writer);
  g_assert_cmpuint (count_threads (), ==, threads);

  lines = read_lines (path);
  g_assert_cmpuint (g_strv_length (lines), ==, 10001);
  g_assert_nonnull (strstr (lines[10000], "the last one"));
}

static void
test_properties (void)
{
  g_autoptr(BenchSessionWriter) writer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) prop_error = NULL;
  g_autofree char *path = temp_path ("props.csv");
  g_autofree char *prop_path = NULL;
  BenchWriterState state;
  BenchLogFormat format;
  guint64 written = 0, bytes = 0, dropped = 1, max_pending = 0;
  guint rows_notifies = 0, bytes_notifies = 0, state_notifies = 0;
  RowsWait wait;
  guint source;

  writer = bench_session_writer_new_for_path (path, BENCH_LOG_CSV, 0, &error);
  g_assert_no_error (error);
  g_signal_connect (writer, "notify::rows-written", G_CALLBACK (count_on_main_cb), &rows_notifies);
  g_signal_connect (writer, "notify::bytes-written", G_CALLBACK (count_on_main_cb), &bytes_notifies);
  g_signal_connect (writer, "notify::state", G_CALLBACK (count_on_main_cb), &state_notifies);

  g_object_get (writer,
                "path", &prop_path,
                "format", &format,
                "state", &state,
                "error", &prop_error,
                "rows-dropped", &dropped,
                "max-pending", &max_pending,
                NULL);
  g_assert_cmpstr (prop_path, ==, path);
  g_assert_cmpint (format, ==, BENCH_LOG_CSV);
  g_assert_cmpint (state, ==, BENCH_WRITER_RUNNING);
  g_assert_null (prop_error);
  g_assert_cmpuint (dropped, ==, 0);
  g_assert_cmpuint (max_pending, ==, BENCH_SESSION_WRITER_DEFAULT_MAX_PENDING);

  source = bench_session_writer_add_source (writer, "dev");
  for (guint i = 0; i < 3; i++)
    append_text (writer, source, BENCH_DIRECTION_RX, i, "row");
  wait.writer = writer;
  wait.rows = 3;
  g_assert_true (bench_test_wait_until (rows_written_reached, &wait, 5000));
  g_assert_cmpuint (rows_notifies, ==, 1);
  g_assert_cmpuint (bytes_notifies, >=, 1);

  /* nothing new, nothing notified */
  bench_session_writer_flush (writer);
  bench_test_spin (150);
  g_assert_cmpuint (rows_notifies, ==, 1);

  g_object_set (writer, "max-rx-rows", (guint64) 7, NULL);
  g_assert_cmpuint (bench_session_writer_get_max_rx_rows (writer), ==, 7);

  g_assert_true (bench_session_writer_close (writer, NULL));
  g_assert_cmpuint (state_notifies, ==, 1);
  g_object_get (writer, "rows-written", &written, "bytes-written", &bytes, "state", &state, NULL);
  g_assert_cmpuint (written, ==, 3);
  g_assert_cmpuint (bytes, ==, file_size (path));
  g_assert_cmpint (state, ==, BENCH_WRITER_CLOSED);
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 4 && strcmp (argv[1], "--kill-child") == 0)
    return kill_child_main (argv[2], argv[3]);

  main_thread = g_thread_self ();
  /* Files go to bench_test_mkdtemp() directories. Not G_TEST_OPTION_ISOLATE_DIRS:
   * GLib 2.74's g_set_user_dirs() leaks on purpose, which fails LeakSanitizer. */
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (format_names); i++)
    {
      g_autofree char *rows = g_strdup_printf ("/benchtop/writer/rows/%s", format_names[i]);
      g_autofree char *parse = g_strdup_printf ("/benchtop/writer/parse-back/%s", format_names[i]);
      g_autofree char *full = g_strdup_printf ("/benchtop/writer/dev-full/%s", format_names[i]);

      g_test_add_data_func (rows, GUINT_TO_POINTER (i), test_rows);
      g_test_add_data_func (parse, GUINT_TO_POINTER (i), test_parse_back);
      g_test_add_data_func (full, GUINT_TO_POINTER (i), test_dev_full);
    }
  g_test_add_func ("/benchtop/writer/time", test_time);
  g_test_add_func ("/benchtop/writer/elapsed", test_elapsed);
  g_test_add_func ("/benchtop/writer/format-names", test_format_names);
  g_test_add_func ("/benchtop/writer/merge-order", test_merge_order);
  g_test_add_func ("/benchtop/writer/sources-and-events", test_sources_and_events);
  g_test_add_func ("/benchtop/writer/latency", test_latency);
  g_test_add_func ("/benchtop/writer/efbig", test_efbig);
  g_test_add_func ("/benchtop/writer/open-errors", test_open_errors);
  g_test_add_func ("/benchtop/writer/open-permission", test_open_permission);
  g_test_add_func ("/benchtop/writer/kill", test_kill);
  g_test_add_func ("/benchtop/writer/whole-rows", test_whole_rows);
  g_test_add_func ("/benchtop/writer/page-writes", test_page_writes);
  g_test_add_func ("/benchtop/writer/max-pending", test_max_pending);
  g_test_add_func ("/benchtop/writer/max-rx-rows", test_max_rx_rows);
  g_test_add_func ("/benchtop/writer/locale", test_locale);
  g_test_add_func ("/benchtop/writer/close-async", test_close_async);
  g_test_add_func ("/benchtop/writer/dispose", test_dispose);
  g_test_add_func ("/benchtop/writer/properties", test_properties);

  return g_test_run ();
}
