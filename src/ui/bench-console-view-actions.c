/* bench-console-view-actions.c - the console.* actions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bench-console-view-private.h"

static void
bench_console_view_clear_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *param)
{
  BenchConsoleView *self = BENCH_CONSOLE_VIEW (widget);

  if (self->model != NULL)
    bench_console_model_clear (self->model);
  bench_console_view_set_following (self, TRUE);
}

static void
bench_console_view_copy_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *param)
{
  bench_console_view_copy_selection (BENCH_CONSOLE_VIEW (widget));
}

static void
bench_console_view_jump_to_live_action (GtkWidget  *widget,
                                        const char *action_name,
                                        GVariant   *param)
{
  bench_console_view_set_following (BENCH_CONSOLE_VIEW (widget), TRUE);
}

static void
bench_console_view_search_action (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *param)
{
  bench_console_view_start_search (BENCH_CONSOLE_VIEW (widget));
}

void
_bench_console_view_update_actions (BenchConsoleView *self)
{
  guint n = self->model ? g_list_model_get_n_items (G_LIST_MODEL (self->model)) : 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "console.jump-to-live", !self->following);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "console.copy", n > 0);
}

void
_bench_console_view_class_actions_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "console.clear", NULL, bench_console_view_clear_action);
  gtk_widget_class_install_action (widget_class, "console.copy", NULL, bench_console_view_copy_action);
  gtk_widget_class_install_action (widget_class, "console.jump-to-live", NULL, bench_console_view_jump_to_live_action);
  gtk_widget_class_install_action (widget_class, "console.search", NULL, bench_console_view_search_action);
  gtk_widget_class_install_property_action (widget_class, "console.relative-time", "relative-time");
  gtk_widget_class_install_property_action (widget_class, "console.hex", "hex");
  gtk_widget_class_install_property_action (widget_class, "console.show-rx", "show-rx");
  gtk_widget_class_install_property_action (widget_class, "console.show-tx", "show-tx");
  gtk_widget_class_install_property_action (widget_class, "console.show-events", "show-events");

  /* only while the console has the focus; the window's accelerators reach
   * the visible console from anywhere */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK, "console.copy", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Insert, GDK_CONTROL_MASK, "console.copy", NULL);
}
