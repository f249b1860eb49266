/* bench-ports.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <gio/gio.h>

#include "bench-ports.h"

void
bench_port_info_free (BenchPortInfo *info)
{
  if (info == NULL)
    return;

  g_free (info->path);
  g_free (info->by_id);
  g_free (info->driver);
  g_free (info->manufacturer);
  g_free (info->product);
  g_free (info->serial);
  g_free (info->description);
  g_free (info);
}

static char *
read_attr (const char *dir,
           const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  char *contents = NULL;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return NULL;
  g_strstrip (contents);
  if (!g_utf8_validate (contents, -1, NULL))
    {
      char *valid = g_utf8_make_valid (contents, -1);

      g_free (contents);
      contents = valid;
    }
  return contents;
}

/* Walks up from the tty's device until a directory with idVendor (the USB device). */
static void
fill_usb (BenchPortInfo *info,
          const char    *device_dir)
{
  g_autofree char *dir = g_canonicalize_filename (device_dir, NULL);
  char *real = realpath (device_dir, NULL);

  if (real != NULL)
    {
      g_free (dir);
      dir = g_strdup (real);
      free (real);
    }

  for (guint depth = 0; depth < 8 && dir != NULL && strlen (dir) > 5; depth++)
    {
      g_autofree char *vid = read_attr (dir, "idVendor");
      char *parent;

      if (vid != NULL)
        {
          g_autofree char *pid = read_attr (dir, "idProduct");

          info->vid = (guint16) g_ascii_strtoull (vid, NULL, 16);
          info->pid = pid ? (guint16) g_ascii_strtoull (pid, NULL, 16) : 0;
          info->manufacturer = read_attr (dir, "manufacturer");
          info->product = read_attr (dir, "product");
          info->serial = read_attr (dir, "serial");
          return;
        }

      parent = g_path_get_dirname (dir);
      g_free (dir);
      dir = parent;
    }
}

static GHashTable *
scan_by_id (const char *root)
{
  g_autofree char *dir_path = g_build_filename (root, "dev", "serial", "by-id", NULL);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  GHashTable *map = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  const char *name;

  if (dir == NULL)
    return map;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *link = g_build_filename (dir_path, name, NULL);
      g_autofree char *target = g_file_read_link (link, NULL);
      g_autofree char *base = NULL;

      if (target == NULL)
        continue;
      base = g_path_get_basename (target);
      /* several links may name one port (if00/port0); keep the first by name */
      if (!g_hash_table_contains (map, base))
        g_hash_table_insert (map, g_steal_pointer (&base), g_build_filename ("/dev/serial/by-id", name, NULL));
    }

  return map;
}

static int
compare_ports (gconstpointer a,
               gconstpointer b)
{
  const BenchPortInfo *pa = *(const BenchPortInfo * const *) a;
  const BenchPortInfo *pb = *(const BenchPortInfo * const *) b;

  /* USB ports first (what people plug in), then by path */
  if ((pa->vid != 0) != (pb->vid != 0))
    return pa->vid != 0 ? -1 : 1;
  return g_utf8_collate (pa->path, pb->path);
}

GPtrArray *
bench_ports_scan (const char *root)
{
  g_autofree char *class_dir = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GHashTable) by_id = NULL;
  GPtrArray *ports = g_ptr_array_new_with_free_func ((GDestroyNotify) bench_port_info_free);
  const char *name;

  if (root == NULL)
    root = "/";

  class_dir = g_build_filename (root, "sys", "class", "tty", NULL);
  dir = g_dir_open (class_dir, 0, NULL);
  if (dir == NULL)
    return ports;

  by_id = scan_by_id (root);

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *tty_dir = g_build_filename (class_dir, name, NULL);
      g_autofree char *device_dir = g_build_filename (tty_dir, "device", NULL);
      g_autofree char *driver_link = g_build_filename (device_dir, "driver", NULL);
      g_autofree char *driver_target = NULL;
      g_autofree char *type = NULL;
      BenchPortInfo *info;
      GString *description;

      /* Only ttys with a device behind them are ports (not vt, not ptys). */
      if (!g_file_test (device_dir, G_FILE_TEST_EXISTS))
        continue;

      driver_target = g_file_read_link (driver_link, NULL);
      /* Newer kernels put serial-base "ctrl" and "port" devices between the
       * tty and the UART; the driver that means something to people is the
       * first one above them. */
      if (driver_target != NULL)
        {
          g_autofree char *up_dir = NULL;
          char *real = realpath (device_dir, NULL);

          up_dir = g_strdup (real);
          free (real);
          for (guint up = 0; up < 4 && up_dir != NULL; up++)
            {
              g_autofree char *base = g_path_get_basename (driver_target);
              g_autofree char *link = NULL;
              char *parent;

              if (!g_str_equal (base, "port") && !g_str_equal (base, "ctrl"))
                break;
              parent = g_path_get_dirname (up_dir);
              g_free (up_dir);
              up_dir = parent;
              link = g_build_filename (up_dir, "driver", NULL);
              g_free (driver_target);
              driver_target = g_file_read_link (link, NULL);
              if (driver_target == NULL)
                break;
            }
        }

      /* 8250 slots without a UART report type 0 (PORT_UNKNOWN) */
      type = read_attr (tty_dir, "type");
      if (type != NULL && g_str_equal (type, "0"))
        continue;

      info = g_new0 (BenchPortInfo, 1);
      info->path = g_build_filename ("/dev", name, NULL);
      info->driver = driver_target ? g_path_get_basename (driver_target) : NULL;
      info->by_id = g_strdup (g_hash_table_lookup (by_id, name));
      fill_usb (info, device_dir);

      description = g_string_new (NULL);
      if (info->manufacturer != NULL || info->product != NULL)
        g_string_append_printf (description, "%s%s%s",
                                info->manufacturer ? info->manufacturer : "",
                                info->manufacturer && info->product ? " " : "",
                                info->product ? info->product : "");
      else if (g_str_has_prefix (name, "ttyS"))
        g_string_append (description, "Built-in serial port");
      else if (g_str_has_prefix (name, "ttyACM"))
        g_string_append (description, "USB modem/CDC device");
      else if (g_str_has_prefix (name, "ttyUSB"))
        g_string_append (description, "USB serial adapter");
      else
        g_string_append (description, "Serial port");
      if (info->driver != NULL)
        g_string_append_printf (description, " (%s)", info->driver);
      info->description = g_string_free (description, FALSE);

      g_ptr_array_add (ports, info);
    }

  g_ptr_array_sort (ports, compare_ports);
  return ports;
}
