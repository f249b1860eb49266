/* bench-path-watch.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "bench-path-watch.h"

#define MAX_LINK_DEPTH 8

typedef struct
{
  char *dir;    /* an existing directory */
  char *name;   /* the entry in it that leads to the path or a link target */
} Interest;

struct _BenchPathWatch
{
  GObject    parent_instance;

  char      *path;
  GArray    *interests;   /* Interest */
  GPtrArray *monitors;    /* GFileMonitor, one per distinct directory */
};

G_DEFINE_FINAL_TYPE (BenchPathWatch, bench_path_watch, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void bench_path_watch_rebuild (BenchPathWatch *self);

static void
interest_clear (gpointer data)
{
  Interest *interest = data;

  g_free (interest->dir);
  g_free (interest->name);
}

static gboolean
bench_path_watch_is_interesting (BenchPathWatch *self,
                                 GFile          *file)
{
  g_autoptr(GFile) parent = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *name = NULL;

  if (file == NULL)
    return FALSE;

  parent = g_file_get_parent (file);
  if (parent == NULL)
    return FALSE;
  dir = g_file_get_path (parent);
  name = g_file_get_basename (file);

  for (guint i = 0; i < self->interests->len; i++)
    {
      const Interest *interest = &g_array_index (self->interests, Interest, i);

      if (g_strcmp0 (interest->dir, dir) == 0 && g_strcmp0 (interest->name, name) == 0)
        return TRUE;
    }

  return FALSE;
}

static void
bench_path_watch_changed_cb (GFileMonitor      *monitor,
                             GFile             *file,
                             GFile             *other_file,
                             GFileMonitorEvent  event,
                             BenchPathWatch    *self)
{
  gboolean relevant = FALSE;

  switch (event)
    {
    case G_FILE_MONITOR_EVENT_CREATED:
    case G_FILE_MONITOR_EVENT_MOVED_IN:
    case G_FILE_MONITOR_EVENT_ATTRIBUTE_CHANGED:
    case G_FILE_MONITOR_EVENT_CHANGES_DONE_HINT:
      relevant = bench_path_watch_is_interesting (self, file);
      break;

    case G_FILE_MONITOR_EVENT_RENAMED:
    case G_FILE_MONITOR_EVENT_MOVED:
      relevant = bench_path_watch_is_interesting (self, other_file);
      break;

    case G_FILE_MONITOR_EVENT_CHANGED:
    case G_FILE_MONITOR_EVENT_DELETED:
    case G_FILE_MONITOR_EVENT_PRE_UNMOUNT:
    case G_FILE_MONITOR_EVENT_UNMOUNTED:
    case G_FILE_MONITOR_EVENT_MOVED_OUT:
    default:
      break;
    }

  if (!relevant)
    return;

  /* a new directory or link may have shown up: follow the path again */
  g_object_ref (self);
  bench_path_watch_rebuild (self);
  g_signal_emit (self, signals[CHANGED], 0);
  g_object_unref (self);
}

/* Adds the nearest existing ancestor directory of @target's directory, and
 * the name under it that leads towards @target. */
static void
bench_path_watch_add_target (BenchPathWatch *self,
                             const char     *target)
{
  g_autofree char *child = g_strdup (target);
  g_autofree char *dir = g_path_get_dirname (target);
  Interest interest;

  while (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      char *up = g_path_get_dirname (dir);

      if (g_strcmp0 (up, dir) == 0)
        {
          g_free (up);
          return;
        }
      g_free (child);
      child = g_steal_pointer (&dir);
      dir = up;
    }

  interest.dir = g_steal_pointer (&dir);
  interest.name = g_path_get_basename (child);
  g_array_append_val (self->interests, interest);
}

static void
bench_path_watch_rebuild (BenchPathWatch *self)
{
  g_autoptr(GHashTable) dirs = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *current = g_strdup (self->path);

  for (guint i = 0; i < self->monitors->len; i++)
    g_signal_handlers_disconnect_by_data (g_ptr_array_index (self->monitors, i), self);
  g_ptr_array_set_size (self->monitors, 0);
  g_array_set_size (self->interests, 0);

  /* the path, then each link target in turn */
  for (guint depth = 0; current != NULL && depth < MAX_LINK_DEPTH; depth++)
    {
      g_autofree char *link = NULL;
      g_autofree char *base = NULL;

      bench_path_watch_add_target (self, current);

      link = g_file_read_link (current, NULL);
      if (link == NULL)
        break;
      base = g_path_get_dirname (current);
      g_free (current);
      current = g_canonicalize_filename (link, base);
    }

  for (guint i = 0; i < self->interests->len; i++)
    {
      const Interest *interest = &g_array_index (self->interests, Interest, i);
      g_autoptr(GFile) file = NULL;
      g_autoptr(GFileMonitor) monitor = NULL;

      if (g_hash_table_contains (dirs, interest->dir))
        continue;
      g_hash_table_add (dirs, interest->dir);

      file = g_file_new_for_path (interest->dir);
      monitor = g_file_monitor_directory (file, G_FILE_MONITOR_WATCH_MOVES, NULL, NULL);
      if (monitor == NULL)
        continue;
      g_signal_connect (monitor, "changed", G_CALLBACK (bench_path_watch_changed_cb), self);
      g_ptr_array_add (self->monitors, g_steal_pointer (&monitor));
    }
}

static void
bench_path_watch_dispose (GObject *object)
{
  BenchPathWatch *self = (BenchPathWatch *) object;

  if (self->monitors != NULL)
    {
      for (guint i = 0; i < self->monitors->len; i++)
        {
          GFileMonitor *monitor = g_ptr_array_index (self->monitors, i);

          g_signal_handlers_disconnect_by_data (monitor, self);
          g_file_monitor_cancel (monitor);
        }
      g_ptr_array_set_size (self->monitors, 0);
    }

  G_OBJECT_CLASS (bench_path_watch_parent_class)->dispose (object);
}

static void
bench_path_watch_finalize (GObject *object)
{
  BenchPathWatch *self = (BenchPathWatch *) object;

  g_clear_pointer (&self->monitors, g_ptr_array_unref);
  g_clear_pointer (&self->interests, g_array_unref);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (bench_path_watch_parent_class)->finalize (object);
}

static void
bench_path_watch_class_init (BenchPathWatchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bench_path_watch_dispose;
  object_class->finalize = bench_path_watch_finalize;

  /**
   * BenchPathWatch::changed:
   *
   * The path, or the target of a link on the way to it, was created, moved
   * in or had its attributes changed: worth trying to open it again.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
bench_path_watch_init (BenchPathWatch *self)
{
  self->interests = g_array_new (FALSE, FALSE, sizeof (Interest));
  g_array_set_clear_func (self->interests, interest_clear);
  self->monitors = g_ptr_array_new_with_free_func (g_object_unref);
}

BenchPathWatch *
bench_path_watch_new (const char *path)
{
  BenchPathWatch *self;

  g_return_val_if_fail (path != NULL && *path != '\0', NULL);

  self = g_object_new (BENCH_TYPE_PATH_WATCH, NULL);
  self->path = g_canonicalize_filename (path, NULL);
  bench_path_watch_rebuild (self);

  return self;
}

const char *
bench_path_watch_get_path (BenchPathWatch *self)
{
  g_return_val_if_fail (BENCH_IS_PATH_WATCH (self), NULL);

  return self->path;
}

GStrv
bench_path_watch_dup_watched (BenchPathWatch *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  g_return_val_if_fail (BENCH_IS_PATH_WATCH (self), NULL);

  for (guint i = 0; i < self->interests->len; i++)
    {
      const Interest *interest = &g_array_index (self->interests, Interest, i);

      if (g_hash_table_add (seen, interest->dir))
        g_strv_builder_add (builder, interest->dir);
    }

  return g_strv_builder_end (builder);
}
