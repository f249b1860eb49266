/* bench-window-plots.c - the plots of the window's pages and their actions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every device gets a BenchChannelSet, registered as a row sink of the
 * device for as long as the device is in the session (and the window
 * lives), and its page a BenchPlotView; All Devices gets the combined view
 * over every device's set. The header's plot toggle, the device menu's
 * plot modes and the plot accelerators act on the page shown.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "bench-enums.h"
#include "bench-plot-view.h"
#include "bench-window-private.h"

/* Sets and views */

void
_bench_window_add_plot (BenchWindow     *self,
                        BenchDevice     *device,
                        BenchDevicePage *page)
{
  g_autoptr(BenchChannelSet) set = NULL;
  GSettings *settings;
  GtkWidget *view;

  g_assert (BENCH_IS_WINDOW (self));
  g_assert (BENCH_IS_DEVICE (device));
  g_assert (BENCH_IS_DEVICE_PAGE (page));

  /* off until the view applies the device's mode */
  set = bench_channel_set_new (BENCH_PLOT_OFF);
  g_object_bind_property (device, "name", set, "name", G_BINDING_SYNC_CREATE);
  bench_device_add_sink (device, bench_channel_set_get_sink (set));
  g_hash_table_insert (self->plot_sets, g_object_ref (device), g_object_ref (set));
  g_list_store_append (self->channel_sets, set);

  settings = bench_settings_get_device (self->settings, bench_device_get_spec (device)->address);
  view = bench_plot_view_new (self->session, device, set, settings);
  bench_device_page_set_plot (page, view);
}

void
_bench_window_remove_plot (BenchWindow *self,
                           BenchDevice *device)
{
  BenchChannelSet *set;
  guint position;

  g_assert (BENCH_IS_WINDOW (self));

  set = g_hash_table_lookup (self->plot_sets, device);
  if (set == NULL)
    return;

  bench_device_remove_sink (device, bench_channel_set_get_sink (set));
  if (g_list_store_find (self->channel_sets, set, &position))
    g_list_store_remove (self->channel_sets, position);
  g_hash_table_remove (self->plot_sets, device);
}

void
_bench_window_add_overview_plot (BenchWindow *self)
{
  GtkWidget *view;

  g_assert (BENCH_IS_WINDOW (self));

  view = bench_plot_view_new_combined (self->session, G_LIST_MODEL (self->channel_sets),
                                       bench_settings_get_device (self->settings, BENCH_SETTINGS_OVERVIEW));
  bench_device_page_set_plot (self->overview_page, view);
}

BenchChannelSet *
_bench_window_get_channel_set (BenchWindow *self,
                               BenchDevice *device)
{
  g_return_val_if_fail (BENCH_IS_WINDOW (self), NULL);

  return g_hash_table_lookup (self->plot_sets, device);
}

static BenchPlotView *
bench_window_plot_of (BenchDevicePage *page)
{
  GtkWidget *view = page ? bench_device_page_get_plot (page) : NULL;

  return view ? BENCH_PLOT_VIEW (view) : NULL;
}

BenchPlot *
bench_window_plot_to_export (BenchWindow  *self,
                             const char   *device_name,
                             const char   *path,
                             GError      **error)
{
  BenchDevice *device = NULL;
  BenchPlotView *view;

  g_return_val_if_fail (BENCH_IS_WINDOW (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  if (device_name != NULL && *device_name != '\0')
    {
      device = bench_session_find_device (self->session, device_name);
      if (device == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("No device named “%s”"), device_name);
          return NULL;
        }
    }

  view = bench_window_plot_of (bench_window_get_page (self, device));
  if (view == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("%s has no plot"),
                   device ? bench_device_get_name (device) : _("All Devices"));
      return NULL;
    }
  if (device != NULL && bench_plot_view_get_mode (view) == BENCH_PLOT_OFF)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("Cannot export the plot of %s: plotting is off for it"), bench_device_get_name (device));
      return NULL;
    }
  if (*path == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME, _("Exporting a plot needs a local file"));
      return NULL;
    }

  return bench_plot_view_get_plot (view);
}

/* The page shown */

static BenchPlotView *
bench_window_visible_plot (BenchWindow *self)
{
  return bench_window_plot_of (bench_window_get_visible_page (self));
}

void
_bench_window_update_plot_actions (BenchWindow *self)
{
  BenchPlotView *view = bench_window_visible_plot (self);
  gboolean device = view != NULL && bench_plot_view_get_device (view) != NULL;
  gboolean plotting = view != NULL && (!device || bench_plot_view_get_mode (view) != BENCH_PLOT_OFF);
  gboolean shown = view != NULL && gtk_widget_get_visible (GTK_WIDGET (view));

  if (self->plot_bindings == NULL)
    return;

  g_binding_group_set_source (self->plot_bindings, view);
  g_signal_group_set_target (self->plot_signals, view);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-plot", plotting);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.plot-mode", device);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-plot", plotting);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.plot-pause", shown);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.plot-live", shown);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.plot-window-shorter", shown);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.plot-window-longer", shown);
}

/* Actions */

static void
bench_window_plot_pause_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *param)
{
  BenchPlotView *view = bench_window_visible_plot (BENCH_WINDOW (widget));

  if (view != NULL)
    {
      BenchPlot *plot = bench_plot_view_get_plot (view);

      bench_plot_set_paused (plot, !bench_plot_get_paused (plot));
    }
}

static void
bench_window_plot_live_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *param)
{
  BenchPlotView *view = bench_window_visible_plot (BENCH_WINDOW (widget));

  if (view != NULL)
    bench_plot_reset_view (bench_plot_view_get_plot (view));
}

/* 10 s, 1 min, 10 min, all: one step shorter or longer */
static void
bench_window_plot_window_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *param)
{
  static const double steps[] = {
    BENCH_PLOT_WINDOW_10S, BENCH_PLOT_WINDOW_1MIN, BENCH_PLOT_WINDOW_10MIN, BENCH_PLOT_WINDOW_ALL,
  };
  BenchPlotView *view = bench_window_visible_plot (BENCH_WINDOW (widget));
  gboolean longer = g_str_equal (action_name, "win.plot-window-longer");
  BenchPlot *plot;
  double now;
  guint index = 0;

  if (view == NULL)
    return;

  plot = bench_plot_view_get_plot (view);
  now = bench_plot_get_time_window (plot);
  /* where the window is now (a custom width counts as the next step up) */
  if (now == BENCH_PLOT_WINDOW_ALL)
    index = G_N_ELEMENTS (steps) - 1;
  else
    while (index < G_N_ELEMENTS (steps) - 2 && now > steps[index])
      index++;

  if (longer && index < G_N_ELEMENTS (steps) - 1)
    index++;
  else if (!longer && index > 0)
    index--;

  bench_plot_set_time_window (plot, steps[index]);
}

static void
bench_window_export_plot_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *param)
{
  BenchPlotView *view = bench_window_visible_plot (BENCH_WINDOW (widget));

  if (view != NULL)
    bench_plot_view_choose_export_file (view, "png");
}

/* win.plot-mode (a string, for the menu's radio items) and the view's mode */
static gboolean
mode_to_nick (GBinding     *binding,
              const GValue *from,
              GValue       *to,
              gpointer      user_data)
{
  g_value_set_string (to, bench_plot_mode_to_string (g_value_get_enum (from)));
  return TRUE;
}

static gboolean
nick_to_mode (GBinding     *binding,
              const GValue *from,
              GValue       *to,
              gpointer      user_data)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (BENCH_TYPE_PLOT_MODE);
  const char *nick = g_value_get_string (from);
  GEnumValue *value = nick ? g_enum_get_value_by_nick (klass, nick) : NULL;

  if (value == NULL)
    return FALSE;
  g_value_set_enum (to, value->value);
  return TRUE;
}

void
_bench_window_plots_init (BenchWindow *self)
{
  self->plot_sets = g_hash_table_new_full (NULL, NULL, g_object_unref, g_object_unref);
  self->channel_sets = g_list_store_new (BENCH_TYPE_CHANNEL_SET);
  self->show_plot = TRUE;
  self->plot_mode = g_strdup ("auto");

  self->plot_bindings = g_binding_group_new ();
  g_binding_group_bind (self->plot_bindings, "show-plot", self, "show-plot",
                        G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_binding_group_bind_full (self->plot_bindings, "mode", self, "plot-mode",
                             G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE,
                             mode_to_nick, nick_to_mode, NULL, NULL);

  self->plot_signals = g_signal_group_new (BENCH_TYPE_PLOT_VIEW);
  g_signal_group_connect_swapped (self->plot_signals, "notify::visible",
                                  G_CALLBACK (_bench_window_update_plot_actions), self);
  g_signal_group_connect_swapped (self->plot_signals, "notify::mode",
                                  G_CALLBACK (_bench_window_update_plot_actions), self);
}

void
_bench_window_plots_dispose (BenchWindow *self)
{
  GHashTableIter iter;
  gpointer key, value;

  if (self->plot_bindings != NULL)
    g_binding_group_set_source (self->plot_bindings, NULL);
  if (self->plot_signals != NULL)
    g_signal_group_set_target (self->plot_signals, NULL);
  g_clear_object (&self->plot_bindings);
  g_clear_object (&self->plot_signals);

  /* the devices outlive the window: they stop feeding its plots */
  if (self->plot_sets != NULL)
    {
      g_hash_table_iter_init (&iter, self->plot_sets);
      while (g_hash_table_iter_next (&iter, &key, &value))
        bench_device_remove_sink (key, bench_channel_set_get_sink (value));
      g_hash_table_remove_all (self->plot_sets);
    }
  if (self->channel_sets != NULL)
    g_list_store_remove_all (self->channel_sets);
}

void
_bench_window_plots_finalize (BenchWindow *self)
{
  g_clear_pointer (&self->plot_sets, g_hash_table_unref);
  g_clear_object (&self->channel_sets);
  g_clear_pointer (&self->plot_mode, g_free);
}

void
_bench_window_class_plot_actions_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_property_action (widget_class, "win.show-plot", "show-plot");
  gtk_widget_class_install_property_action (widget_class, "win.plot-mode", "plot-mode");
  gtk_widget_class_install_action (widget_class, "win.plot-pause", NULL, bench_window_plot_pause_action);
  gtk_widget_class_install_action (widget_class, "win.plot-live", NULL, bench_window_plot_live_action);
  gtk_widget_class_install_action (widget_class, "win.plot-window-shorter", NULL, bench_window_plot_window_action);
  gtk_widget_class_install_action (widget_class, "win.plot-window-longer", NULL, bench_window_plot_window_action);
  gtk_widget_class_install_action (widget_class, "win.export-plot", NULL, bench_window_export_plot_action);
}
