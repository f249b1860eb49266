/* bench-hotplug.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "bench-device.h"
#include "bench-hotplug.h"

/* The path with every link followed, or NULL while it (or what it points
 * to) does not exist. */
static char *
canonical_path (const char *path)
{
  char *resolved = realpath (path, NULL);
  char *copy;

  if (resolved == NULL)
    return NULL;

  copy = g_strdup (resolved);
  free (resolved);

  return copy;
}

gboolean
bench_hotplug_path_matches (const char         *device_path,
                            const char * const *added)
{
  g_autofree char *resolved = NULL;

  if (device_path == NULL || device_path[0] == '\0' || added == NULL)
    return FALSE;

  for (guint i = 0; added[i] != NULL; i++)
    if (strcmp (added[i], device_path) == 0)
      return TRUE;

  resolved = canonical_path (device_path);
  if (resolved == NULL)
    return FALSE;

  for (guint i = 0; added[i] != NULL; i++)
    {
      g_autofree char *other = canonical_path (added[i]);

      if (other != NULL && strcmp (other, resolved) == 0)
        return TRUE;
    }

  return FALSE;
}

guint
bench_hotplug_retry_devices (GListModel         *devices,
                             const char * const *added)
{
  guint n, retried = 0;

  g_return_val_if_fail (G_IS_LIST_MODEL (devices), 0);

  if (added == NULL || added[0] == NULL)
    return 0;

  n = g_list_model_get_n_items (devices);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BenchDevice) device = g_list_model_get_item (devices, i);
      const BenchSpec *spec = bench_device_get_spec (device);

      if (spec->kind != BENCH_ADDRESS_TTY || !bench_device_get_retrying (device))
        continue;

      if (bench_hotplug_path_matches (spec->path, added))
        {
          g_debug ("%s: %s appeared, retrying now", bench_device_get_name (device), added[0]);
          bench_device_retry_now (device);
          retried++;
        }
    }

  return retried;
}
