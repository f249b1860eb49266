/* fuzz-main.c - a standalone driver for the fuzz targets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   fuzz-TARGET [--runs N] [--max-len N] [--seed N] [PATH...]
 *
 * Runs LLVMFuzzerTestOneInput() over every file of each PATH (a file, or a
 * directory whose files are taken in name order), then over N generated
 * inputs (default 10000): random bytes, and corpus files mutated by bit
 * flips, insertions, deletions, duplications and splices. The seed is fixed
 * unless given, so a run is reproducible. An input that crashes is written
 * to ./fuzz-crash-TARGET before the process dies, ready to be added to the
 * corpus or replayed (pass it as a PATH).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "fuzz-common.h"

/* Set by ASan/UBSan, absent otherwise. */
void __sanitizer_set_death_callback (void (*callback) (void)) __attribute__ ((weak));

static const guint8 *current_data;
static gsize current_size;
static gboolean running;
static char crash_path[256];

static void
write_crash (void)
{
  int fd;

  if (!running)
    return;

  fd = open (crash_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd >= 0)
    {
      const guint8 *p = current_data;
      gsize left = current_size;

      while (left > 0)
        {
          ssize_t n = write (fd, p, left);

          if (n <= 0)
            break;
          p += n;
          left -= (gsize) n;
        }
      close (fd);
    }

  {
    static const char msg[] = "fuzz: the failing input was written to ";
    ssize_t ignored;

    ignored = write (STDERR_FILENO, msg, sizeof msg - 1);
    ignored = write (STDERR_FILENO, crash_path, strlen (crash_path));
    ignored = write (STDERR_FILENO, "\n", 1);
    (void) ignored;
  }

  running = FALSE;
}

static void
crash_signal (int sig)
{
  write_crash ();
  signal (sig, SIG_DFL);
  raise (sig);
}

static void
run_one (const guint8 *data,
         gsize         size)
{
  /* libFuzzer never passes NULL; neither do we */
  current_data = data != NULL ? data : (const guint8 *) "";
  current_size = size;
  running = TRUE;
  LLVMFuzzerTestOneInput (current_data, size);
  running = FALSE;
}

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

static void
add_path (GPtrArray  *corpus,
          const char *path)
{
  g_autoptr(GError) error = NULL;

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, &error);
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
      const char *name;

      if (dir == NULL)
        g_error ("%s", error->message);
      while ((name = g_dir_read_name (dir)) != NULL)
        g_ptr_array_add (names, g_build_filename (path, name, NULL));
      g_ptr_array_sort (names, compare_paths);
      for (guint i = 0; i < names->len; i++)
        if (g_file_test (names->pdata[i], G_FILE_TEST_IS_REGULAR))
          add_path (corpus, names->pdata[i]);
    }
  else
    {
      char *contents;
      gsize len;

      if (!g_file_get_contents (path, &contents, &len, &error))
        g_error ("%s", error->message);
      g_ptr_array_add (corpus, g_bytes_new_take (contents, len));
    }
}

static void
mutate (GRand      *rand,
        GByteArray *buf,
        GPtrArray  *corpus,
        gsize       max_len)
{
  guint n = g_rand_int_range (rand, 1, 8);

  while (n-- > 0)
    {
      guint pos = buf->len > 0 ? g_rand_int_range (rand, 0, buf->len) : 0;

      switch (g_rand_int_range (rand, 0, 7))
        {
        case 0: /* flip a bit */
          if (buf->len > 0)
            buf->data[pos] ^= (guint8) (1u << g_rand_int_range (rand, 0, 8));
          break;

        case 1: /* set a byte to an interesting value */
          if (buf->len > 0)
            {
              static const guint8 values[] = { 0, '\r', '\n', '\\', ',', '=', ':', 0x7f, 0x80,
                                               0xc2, 0xe0, 0xed, 0xf0, 0xf4, 0xff, ' ', 'x' };
              buf->data[pos] = values[g_rand_int_range (rand, 0, G_N_ELEMENTS (values))];
            }
          break;

        case 2: /* insert random bytes */
          {
            guint8 bytes[8];
            guint count = g_rand_int_range (rand, 1, 9);
            guint old_len = buf->len;

            for (guint i = 0; i < count; i++)
              bytes[i] = (guint8) g_rand_int_range (rand, 0, 256);
            g_byte_array_set_size (buf, old_len + count);
            memmove (buf->data + pos + count, buf->data + pos, old_len - pos);
            memcpy (buf->data + pos, bytes, count);
          }
          break;

        case 3: /* delete a range */
          if (buf->len > 0)
            {
              guint count = g_rand_int_range (rand, 1, 17);

              g_byte_array_remove_range (buf, pos, MIN (count, buf->len - pos));
            }
          break;

        case 4: /* duplicate a range */
          if (buf->len > 0)
            {
              guint count = g_rand_int_range (rand, 1, 65);
              g_autofree guint8 *copy = NULL;

              count = MIN (count, buf->len - pos);
              copy = g_memdup2 (buf->data + pos, count);
              g_byte_array_append (buf, copy, count);
            }
          break;

        case 5: /* splice in part of another corpus input */
          if (corpus->len > 0)
            {
              GBytes *other = g_ptr_array_index (corpus, g_rand_int_range (rand, 0, corpus->len));
              gsize olen;
              const guint8 *odata = g_bytes_get_data (other, &olen);

              if (olen > 0)
                {
                  guint start = g_rand_int_range (rand, 0, olen);
                  guint count = g_rand_int_range (rand, 1, 65);

                  count = MIN (count, olen - start);
                  g_byte_array_set_size (buf, MIN (buf->len, pos));
                  g_byte_array_append (buf, odata + start, count);
                }
            }
          break;

        default: /* truncate */
          g_byte_array_set_size (buf, pos);
          break;
        }
    }

  if (buf->len > max_len)
    g_byte_array_set_size (buf, max_len);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GPtrArray) corpus = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GRand) rand = NULL;
  g_autofree char *base = g_path_get_basename (argv[0]);
  guint64 runs = 10000;
  guint64 max_len = 4096;
  guint64 seed = 1;

  fuzz_init ();

  g_snprintf (crash_path, sizeof crash_path, "fuzz-crash-%s", base);
  signal (SIGABRT, crash_signal);
  signal (SIGSEGV, crash_signal);
  signal (SIGBUS, crash_signal);
  signal (SIGFPE, crash_signal);
  signal (SIGTRAP, crash_signal);
  if (__sanitizer_set_death_callback != NULL)
    __sanitizer_set_death_callback (write_crash);

  for (int i = 1; i < argc; i++)
    {
      const char *arg = argv[i];
      guint64 *target = NULL;

      if (g_str_equal (arg, "--runs"))
        target = &runs;
      else if (g_str_equal (arg, "--max-len"))
        target = &max_len;
      else if (g_str_equal (arg, "--seed"))
        target = &seed;

      if (target != NULL)
        {
          if (i + 1 >= argc || !g_ascii_string_to_unsigned (argv[i + 1], 10, 0, G_MAXUINT64,
                                                            target, NULL))
            {
              g_printerr ("%s needs a number\n", arg);
              return 2;
            }
          i++;
          continue;
        }

      if (arg[0] == '-')
        {
          g_printerr ("usage: %s [--runs N] [--max-len N] [--seed N] [PATH...]\n", base);
          return 2;
        }

      add_path (corpus, arg);
    }

  for (guint i = 0; i < corpus->len; i++)
    {
      gsize len;
      const guint8 *data = g_bytes_get_data (g_ptr_array_index (corpus, i), &len);

      run_one (data, len);
    }

  rand = g_rand_new_with_seed ((guint32) seed);

  for (guint64 r = 0; r < runs; r++)
    {
      g_autoptr(GByteArray) buf = g_byte_array_new ();

      if (corpus->len > 0 && g_rand_int_range (rand, 0, 4) != 0)
        {
          GBytes *base_input = g_ptr_array_index (corpus, g_rand_int_range (rand, 0, corpus->len));
          gsize len;
          const guint8 *data = g_bytes_get_data (base_input, &len);

          g_byte_array_append (buf, data, MIN (len, max_len));
          mutate (rand, buf, corpus, max_len);
        }
      else
        {
          guint len = g_rand_int_range (rand, 0, (gint32) MIN (max_len, G_MAXINT32 - 1) + 1);

          g_byte_array_set_size (buf, len);
          for (guint i = 0; i < len; i++)
            buf->data[i] = (guint8) g_rand_int_range (rand, 0, 256);
        }

      run_one (buf->data, buf->len);
    }

  g_print ("%s: %u corpus inputs and %" G_GUINT64_FORMAT " generated inputs (seed %"
           G_GUINT64_FORMAT ") passed\n", base, corpus->len, runs, seed);

  return 0;
}
