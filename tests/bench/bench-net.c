/* bench-net.c - socket:// and rfc2217:// ingest, as ratios to a plain
 * socket read loop measured in the same run
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   ninja -C _build && _build/tests/bench/bench-net [--lines N] [--long] [--runs R] [--cli PATH]
 *
 * raw: socat serves a file of N lines over TCP on loopback (one connection).
 *   The plain loop connects, read()s 64 KiB blocks and counts newlines with
 *   memchr() until it has N; Benchtop is `benchtop-cli record -f csv -o FILE
 *   --lines N socket://…`, timed from its start to its exit (process start,
 *   connect, framing, queue, log writer, final flush). For the record it
 *   also times the plain loop copying every block to a file (the disk's
 *   share) and benchtop-cli with `-o /dev/null` (its share without a disk).
 * rfc2217 loopback: the same with a Telnet-escaped file (a server that has
 *   agreed to binary mode and acknowledged the framing, then the data with
 *   0xFF doubled) and rfc2217://: the cost of the codec at loopback speed.
 * ser2net: ser2net serves a socat pty as raw TCP; a second socat writes the
 *   file into the other end of the pty once the client is connected. The
 *   plain loop and `benchtop-cli record … socket://…` are timed from the
 *   feeder's start until the last line is in. This is how a real network
 *   serial port is fed: at the pace of the server, not of loopback.
 * rfc2217: the same with telnet(rfc2217) and a file in which a fifth of the
 *   bytes are 0xFF (escaped by ser2net, decoded by Benchtop; the plain loop
 *   negotiates nothing and counts newlines of the still-escaped stream).
 * Runs alternate plain and Benchtop; medians are reported. Zero loss: the
 * log must hold exactly N rx rows whose text is each line, escaped as the
 * log escapes it, in order.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "bench-escape.h"
#include "bench-util.h"

typedef struct
{
  char       *path;
  char       *telnet_path;  /* as an RFC 2217 server would send it */
  GPtrArray  *escaped;   /* each line as the log writes it */
  gsize       bytes;
  gsize       ff;
  guint       lines;
} DataFile;

static char *tmpdir;
static const char *cli;

static double
now_s (void)
{
  return g_get_monotonic_time () / 1e6;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static double
median (GArray *values)
{
  g_array_sort (values, compare_double);
  return g_array_index (values, double, values->len / 2);
}

static void
make_file (DataFile   *file,
           const char *name,
           guint       n,
           gboolean    long_lines,
           gboolean    ff_heavy)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  g_autoptr(GString) all = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  file->path = g_build_filename (tmpdir, name, NULL);
  file->escaped = g_ptr_array_new_with_free_func (g_free);
  file->lines = n;

  for (guint i = 0; i < n; i++)
    {
      GString *line = g_string_new (NULL);
      char buf[G_ASCII_DTOSTR_BUF_SIZE];
      guint channels = long_lines ? 15 : 3;

      g_string_append_printf (line, "%u", i);
      for (guint c = 0; c < channels; c++)
        {
          g_string_append_c (line, ',');
          if (ff_heavy)
            {
              g_string_append (line, "\xff\xff\xff");
              file->ff += 3;
            }
          g_string_append (line, g_ascii_formatd (buf, sizeof buf, "%.4f", g_rand_double_range (rand, -100, 100)));
        }
      g_string_append_len (all, line->str, line->len);
      g_string_append_c (all, '\n');
      g_ptr_array_add (file->escaped, bench_escape ((const guint8 *) line->str, line->len));
      g_string_free (line, TRUE);
    }

  file->bytes = all->len;
  g_file_set_contents (file->path, all->str, all->len, &error);
  g_assert_no_error (error);

  /* the same, from a server that has agreed to everything already: binary
   * both ways, COM-PORT-OPTION, the framing of the default spec (115200
   * 8N1, no flow) acknowledged; then the data with 0xFF doubled */
  {
    static const guint8 preamble[] = {
      255, 251, 0, 255, 253, 0, 255, 251, 3, 255, 253, 3, 255, 253, 44,
      255, 250, 44, 101, 0x00, 0x01, 0xc2, 0x00, 255, 240,
      255, 250, 44, 102, 8, 255, 240,
      255, 250, 44, 103, 1, 255, 240,
      255, 250, 44, 104, 1, 255, 240,
      255, 250, 44, 105, 1, 255, 240,
    };
    g_autoptr(GString) wire = g_string_sized_new (all->len + all->len / 4 + sizeof preamble);
    g_autofree char *name_telnet = g_strconcat (name, ".telnet", NULL);

    g_string_append_len (wire, (const char *) preamble, sizeof preamble);
    for (gsize i = 0; i < all->len; i++)
      {
        g_string_append_c (wire, all->str[i]);
        if ((guint8) all->str[i] == 0xff)
          g_string_append_c (wire, all->str[i]);
      }
    file->telnet_path = g_build_filename (tmpdir, name_telnet, NULL);
    g_file_set_contents (file->telnet_path, wire->str, wire->len, &error);
    g_assert_no_error (error);
  }
}

/* Processes */

static GPid
spawn (const char * const *argv,
       gboolean            quiet)
{
  g_autoptr(GError) error = NULL;
  GPid pid;

  if (!g_spawn_async (NULL, (char **) argv, NULL,
                      G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_SEARCH_PATH |
                      (quiet ? G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL : 0),
                      NULL, NULL, &pid, &error))
    g_error ("cannot run %s: %s", argv[0], error->message);

  return pid;
}

static int
reap (GPid pid)
{
  int status = 0;

  while (waitpid (pid, &status, 0) < 0 && errno == EINTR)
    ;
  g_spawn_close_pid (pid);
  return WIFEXITED (status) ? WEXITSTATUS (status) : 128 + WTERMSIG (status);
}

static void
stop (GPid *pid)
{
  if (*pid > 0)
    {
      kill (*pid, SIGTERM);
      reap (*pid);
      *pid = 0;
    }
}

static gboolean
port_listening (guint16 port)
{
  g_autofree char *contents = NULL;
  g_autofree char *suffix = g_strdup_printf (":%04X", port);
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents ("/proc/net/tcp", &contents, NULL, NULL))
    return FALSE;
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 1; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit_set (lines[i], " ", -1);
      const char *column[4] = { NULL };
      guint n = 0;

      for (guint j = 0; fields[j] != NULL && n < 4; j++)
        if (fields[j][0] != '\0')
          column[n++] = fields[j];
      if (n == 4 && g_str_equal (column[3], "0A") && g_str_has_suffix (column[1], suffix))
        return TRUE;
    }
  return FALSE;
}

static void
wait_listening (guint16 port)
{
  for (guint i = 0; i < 1000; i++)
    {
      if (port_listening (port))
        return;
      g_usleep (5000);
    }
  g_error ("nothing listens on port %u", port);
}

static guint16
free_port (void)
{
  struct sockaddr_in addr = { 0 };
  socklen_t len = sizeof addr;
  int fd = socket (AF_INET, SOCK_STREAM, 0);

  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  g_assert (bind (fd, (struct sockaddr *) &addr, sizeof addr) == 0);
  g_assert (getsockname (fd, (struct sockaddr *) &addr, &len) == 0);
  close (fd);
  return ntohs (addr.sin_port);
}

static int
connect_to (guint16 port)
{
  struct sockaddr_in addr = { 0 };
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  addr.sin_port = htons (port);
  if (connect (fd, (struct sockaddr *) &addr, sizeof addr) != 0)
    g_error ("connect to %u: %s", port, g_strerror (errno));
  return fd;
}

/* The plain loop: read 64 KiB blocks, count newlines, until @lines are in
 * (or EOF). Returns the newlines seen. With @out >= 0 it is the plain
 * recorder: it also write()s every block to @out, the fastest a lossless
 * recorder of these bytes can be on this disk (Benchtop's CSV log writes
 * about twice as many). */
static guint
plain_loop (int   fd,
            int   out,
            guint lines)
{
  static guint8 buf[64 * 1024];
  guint seen = 0;

  while (seen < lines)
    {
      ssize_t n = read (fd, buf, sizeof buf);
      const guint8 *p = buf, *end;

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      for (ssize_t done = 0; out >= 0 && done < n;)
        {
          ssize_t w = write (out, buf + done, n - done);

          if (w < 0 && errno == EINTR)
            continue;
          if (w < 0)
            g_error ("plain recorder: %s", g_strerror (errno));
          done += w;
        }
      end = buf + n;
      while ((p = memchr (p, '\n', end - p)) != NULL)
        {
          seen++;
          p++;
        }
    }
  return seen;
}

/* Checks the CSV log: exactly the lines of @file, in order, as rx rows. */
static gboolean
check_log (const char *path,
           DataFile   *file,
           GString    *why)
{
  g_autofree char *contents = NULL;
  gsize len;
  char *p, *end;
  guint rx = 0;

  if (!g_file_get_contents (path, &contents, &len, NULL))
    {
      g_string_printf (why, "no log");
      return FALSE;
    }

  end = contents + len;
  p = strchr (contents, '\n');   /* the header */
  while (p != NULL && ++p < end)
    {
      char *eol = memchr (p, '\n', end - p);
      char *field = p;
      g_autofree char *text = NULL;

      if (eol == NULL)
        break;
      /* time,elapsed,device,direction,text\r\n */
      for (guint i = 0; i < 3 && field != NULL; i++)
        {
          char *comma = memchr (field, ',', eol - field);

          field = comma != NULL ? comma + 1 : NULL;
        }
      if (field != NULL && strncmp (field, "rx,", 3) == 0)
        {
          char *t = field + 3;
          char *t_end = eol > t && eol[-1] == '\r' ? eol - 1 : eol;

          if (*t == '"')
            text = g_strndup (t + 1, t_end - t - 2);   /* no quotes inside ours */
          else
            text = g_strndup (t, t_end - t);
          if (rx >= file->lines || strcmp (text, g_ptr_array_index (file->escaped, rx)) != 0)
            {
              g_string_printf (why, "row %u is “%s”, expected “%s”", rx, text,
                               rx < file->lines ? (char *) g_ptr_array_index (file->escaped, rx) : "(none)");
              return FALSE;
            }
          rx++;
        }
      p = eol;
    }

  if (rx != file->lines)
    {
      g_string_printf (why, "%u of %u lines", rx, file->lines);
      return FALSE;
    }
  return TRUE;
}

static void
report (const char *name,
        DataFile   *file,
        GArray     *plain,
        GArray     *bench,
        guint       lost_runs)
{
  double p = median (plain), b = median (bench);

  printf ("%-16s %9u lines %7.1f MB   plain %7.3f s %7.1f MB/s   benchtop %7.3f s %7.1f MB/s   ratio %.2f   zero loss: %s\n",
          name, file->lines, file->bytes / 1e6, p, file->bytes / p / 1e6, b, file->bytes / b / 1e6, p / b,
          lost_runs == 0 ? "yes" : "NO");
  for (guint i = 0; i < plain->len; i++)
    printf ("    run %u: plain %.3f s, benchtop %.3f s\n", i + 1,
            g_array_index (plain, double, i), g_array_index (bench, double, i));
  fflush (stdout);
}

/* socat serving a file over TCP at loopback speed: socket:// reads the
 * plain file, rfc2217:// the Telnet-escaped one */
static void
bench_raw (DataFile *file,
           guint     runs,
           gboolean  rfc2217)
{
  g_autoptr(GArray) plain = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) bench = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) recorder = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) bench_null = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *log = g_build_filename (tmpdir, "raw.csv", NULL);
  g_autofree char *copy = g_build_filename (tmpdir, "raw.copy", NULL);
  g_autoptr(GString) why = g_string_new (NULL);
  guint lost = 0;

  for (guint r = 0; r < runs; r++)
    {
      g_autofree char *n = g_strdup_printf ("%u", file->lines);
      double t[4];

      /* 0: the plain loop, 1: benchtop; for the record, 2: the plain
       * recorder, 3: benchtop with its log to /dev/null (--lines still
       * waits for every line) */
      for (guint who = 0; who < 4; who++)
        {
          guint16 port = free_port ();
          /* an RFC 2217 client talks back: the server must read it (into
           * /dev/null), or its close turns into a reset that drops its
           * unsent tail; a socket:// client sends nothing */
          g_autofree char *source = rfc2217 ? g_strdup_printf ("OPEN:%s!!OPEN:/dev/null", file->telnet_path)
                                            : g_strdup_printf ("OPEN:%s", file->path);
          g_autofree char *listen = g_strdup_printf ("TCP-LISTEN:%u,bind=127.0.0.1,reuseaddr", port);
          g_autofree char *spec = g_strdup_printf ("%s://127.0.0.1:%u,reconnect=off",
                                                   rfc2217 ? "rfc2217" : "socket", port);
          /* -u: one way, as the issue's "socat serving a file" */
          const char *socat_argv[] = { "socat", rfc2217 ? "-b65536" : "-u", "-b65536", source, listen, NULL };
          const char *cli_argv[] = { cli, "record", "-f", "csv", "-o", who == 3 ? "/dev/null" : log, "--lines", n, spec, NULL };
          GPid socat;
          double t0;

          g_unlink (log);
          g_unlink (copy);
          socat = spawn (socat_argv, TRUE);
          wait_listening (port);
          t0 = now_s ();
          if (who == 0 || who == 2)
            {
              int fd = connect_to (port);
              int out = who == 2 ? g_open (copy, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600) : -1;
              guint seen;

              if (who == 2 && out < 0)
                g_error ("%s: %s", copy, g_strerror (errno));
              seen = plain_loop (fd, out, file->lines);
              if (out >= 0)
                close (out);
              t[who] = now_s () - t0;
              close (fd);
              if (seen != file->lines)
                g_error ("the plain loop saw %u lines of %u", seen, file->lines);
            }
          else
            {
              int status = reap (spawn (cli_argv, FALSE));

              t[who] = now_s () - t0;
              if (status != 0)
                g_error ("benchtop-cli exited with %d", status);
              if (who == 1 && !check_log (log, file, why))
                {
                  lost++;
                  printf ("    run %u: LOST: %s\n", r + 1, why->str);
                }
            }
          stop (&socat);
        }
      g_array_append_val (plain, t[0]);
      g_array_append_val (bench, t[1]);
      g_array_append_val (recorder, t[2]);
      g_array_append_val (bench_null, t[3]);
    }

  report (rfc2217 ? "rfc2217 loopback" : "raw", file, plain, bench, lost);
  {
    double p = median (plain), rec = median (recorder), b0 = median (bench_null);

    printf ("    for the record: the plain loop also writing what it reads to a file %.3f s %.1f MB/s (%.2f× plain); "
            "benchtop with its log to /dev/null %.3f s %.1f MB/s (%.2f× plain)\n",
            rec, file->bytes / rec / 1e6, p / rec, b0, file->bytes / b0 / 1e6, p / b0);
    fflush (stdout);
  }
}

/* ser2net in front of a pty, fed by socat: telnet(rfc2217), or raw TCP */
static void
bench_ser2net (DataFile *file,
               guint     runs,
               gboolean  rfc2217)
{
  g_autoptr(GArray) plain = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) bench = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *log = g_build_filename (tmpdir, "ser2net.csv", NULL);
  g_autofree char *dev = g_build_filename (tmpdir, "dev", NULL);
  g_autofree char *peer = g_build_filename (tmpdir, "peer", NULL);
  g_autofree char *config = g_build_filename (tmpdir, "ser2net.yaml", NULL);
  g_autofree char *a = g_strdup_printf ("pty,rawer,echo=0,link=%s", dev);
  g_autofree char *b = g_strdup_printf ("pty,rawer,echo=0,link=%s", peer);
  g_autofree char *yaml = NULL;
  g_autofree char *source = g_strdup_printf ("OPEN:%s", file->path);
  g_autofree char *sink = g_strdup_printf ("OPEN:%s,rawer", peer);
  g_autofree char *n = g_strdup_printf ("%u", file->lines);
  g_autoptr(GString) why = g_string_new (NULL);
  const char *pair_argv[] = { "socat", a, b, NULL };
  const char *feed_argv[] = { "socat", "-u", "-b", "65536", source, sink, NULL };
  guint16 port = free_port ();
  GPid pair, ser2net;
  guint lost = 0;

  pair = spawn (pair_argv, TRUE);
  for (guint i = 0; i < 500 && !g_file_test (peer, G_FILE_TEST_EXISTS); i++)
    g_usleep (10000);
  yaml = g_strdup_printf ("%%YAML 1.1\n---\n"
                          "default:\n  name: mdns\n  value: false\n\n"
                          "connection: &bench\n"
                          "  accepter: %stcp,127.0.0.1,%u\n"
                          "  connector: serialdev,%s,115200n81,local\n",
                          rfc2217 ? "telnet(rfc2217)," : "", port, dev);
  g_file_set_contents (config, yaml, -1, NULL);
  {
    const char *argv[] = { "ser2net", "-n", "-d", "-u", "-c", config, NULL };

    ser2net = spawn (argv, TRUE);
  }
  wait_listening (port);

  for (guint r = 0; r < runs; r++)
    {
      g_autofree char *spec = g_strdup_printf ("%s://127.0.0.1:%u,reconnect=off",
                                               rfc2217 ? "rfc2217" : "socket", port);
      const char *cli_argv[] = { cli, "record", "-f", "csv", "-o", log, "--lines", n, spec, NULL };
      GPid feeder, benchtop;
      double t0, t;
      int fd, status;
      guint seen;

      /* plain: connected, then the feeder starts */
      fd = connect_to (port);
      g_usleep (300 * 1000);
      t0 = now_s ();
      feeder = spawn (feed_argv, TRUE);
      seen = plain_loop (fd, -1, file->lines);
      t = now_s () - t0;
      reap (feeder);
      close (fd);
      if (seen != file->lines)
        g_error ("the plain loop saw %u lines of %u", seen, file->lines);
      g_array_append_val (plain, t);
      /* let ser2net let go of the port */
      g_usleep (300 * 1000);

      /* benchtop: started, given the same 300 ms to connect (its
       * negotiation takes a few ms), then the feeder */
      g_unlink (log);
      benchtop = spawn (cli_argv, FALSE);
      g_usleep (300 * 1000);
      t0 = now_s ();
      feeder = spawn (feed_argv, TRUE);
      status = reap (benchtop);
      t = now_s () - t0;
      reap (feeder);
      if (status != 0)
        g_error ("benchtop-cli exited with %d", status);
      if (!check_log (log, file, why))
        {
          lost++;
          printf ("    run %u: LOST: %s\n", r + 1, why->str);
        }
      g_array_append_val (bench, t);
      g_usleep (300 * 1000);
    }

  stop (&ser2net);
  stop (&pair);
  report (rfc2217 ? "rfc2217" : "ser2net", file, plain, bench, lost);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cli_path = NULL;
  g_autofree char *default_cli = NULL;
  gint lines = 2000000;
  gint runs = 3;
  gboolean long_lines = FALSE;
  gboolean only_raw = FALSE, only_rfc = FALSE, only_ser2net = FALSE, only_rfc_fast = FALSE;
  GOptionEntry entries[] = {
    { "lines", 'n', 0, G_OPTION_ARG_INT, &lines, "Lines per run (default 2000000)", "N" },
    { "runs", 'r', 0, G_OPTION_ARG_INT, &runs, "Runs of each (default 3)", "R" },
    { "long", 0, 0, G_OPTION_ARG_NONE, &long_lines, "~120-byte lines instead of ~30", NULL },
    { "raw", 0, 0, G_OPTION_ARG_NONE, &only_raw, "Only socket:// from socat", NULL },
    { "ser2net", 0, 0, G_OPTION_ARG_NONE, &only_ser2net, "Only socket:// through ser2net", NULL },
    { "rfc2217", 0, 0, G_OPTION_ARG_NONE, &only_rfc, "Only rfc2217:// through ser2net", NULL },
    { "rfc2217-loopback", 0, 0, G_OPTION_ARG_NONE, &only_rfc_fast, "Only rfc2217:// from socat", NULL },
    { "cli", 0, 0, G_OPTION_ARG_FILENAME, &cli_path, "benchtop-cli to run", "PATH" },
    { NULL }
  };
  DataFile raw = { 0 }, heavy = { 0 };

  signal (SIGPIPE, SIG_IGN);
  context = g_option_context_new ("- socket:// and rfc2217:// ingest against a plain read loop");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  {
    g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
    g_autofree char *dir = g_path_get_dirname (self);

    default_cli = g_build_filename (dir, "..", "..", "src", "cli", "benchtop-cli", NULL);
  }
  cli = cli_path != NULL ? cli_path : default_cli;
  if (!g_file_test (cli, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_printerr ("no benchtop-cli at %s (use --cli)\n", cli);
      return 2;
    }

  tmpdir = g_dir_make_tmp ("benchtop-bench-net-XXXXXX", &error);
  g_assert_no_error (error);

  printf ("bench-net: %d lines per run, %s lines, %d runs; medians; ratio = plain time / benchtop time\n",
          lines, long_lines ? "long" : "short", runs);
  fflush (stdout);

  if (!only_raw && !only_rfc && !only_ser2net && !only_rfc_fast)
    only_raw = only_rfc = only_ser2net = only_rfc_fast = TRUE;
  if (only_raw || only_ser2net)
    make_file (&raw, "lines.txt", lines, long_lines, FALSE);
  if (only_raw)
    bench_raw (&raw, runs, FALSE);
  if (only_ser2net)
    bench_ser2net (&raw, runs, FALSE);
  if (only_rfc || only_rfc_fast)
    {
      make_file (&heavy, "lines-ff.txt", lines, long_lines, TRUE);
      printf ("(rfc2217 data: %.0f%% of the bytes are 0xFF)\n", 100.0 * heavy.ff / heavy.bytes);
    }
  if (only_rfc_fast)
    bench_raw (&heavy, runs, TRUE);
  if (only_rfc)
    bench_ser2net (&heavy, runs, TRUE);

  {
    g_autoptr(GDir) dir = g_dir_open (tmpdir, 0, NULL);
    const char *name;

    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *path = g_build_filename (tmpdir, name, NULL);
        g_unlink (path);
      }
    g_rmdir (tmpdir);
  }

  return 0;
}
