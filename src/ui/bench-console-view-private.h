/* bench-console-view-private.h - shared by bench-console-view*.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bench-console-view.h"

G_BEGIN_DECLS

struct _BenchConsoleView
{
  GtkWidget            parent_instance;

  BenchConsoleModel   *model;
  GtkMultiSelection   *selection;
  GBindingGroup       *model_bindings;
  GSignalGroup        *model_signals;
  guint                tick_id;
  guint                settle_frames;
  gint64               last_flush_us;
  gboolean             flooding;
  gint64               last_input_us;
  guint                following : 1;
  guint                scrolling : 1;
  guint                dragging : 1;
  guint                relative_time : 1;
  guint                hex : 1;
  guint                show_rx : 1;
  guint                show_tx : 1;
  guint                show_events : 1;

  /* template */
  GtkSearchBar        *search_bar;
  GtkSearchEntry      *search_entry;
  GtkToggleButton     *search_button;
  GtkScrolledWindow   *scroller;
  GtkListView         *list;
  GtkWidget           *jump_button;
  GtkLabel            *count_label;
  GtkLabel            *empty_label;
};

void _bench_console_view_class_actions_init (GtkWidgetClass   *widget_class);
void _bench_console_view_update_actions     (BenchConsoleView *self);
/* What the scroll, drag and key controllers do when the user moves the
 * view; tests call it before moving the adjustment themselves. */
void _bench_console_view_note_user_input    (BenchConsoleView *self);

G_END_DECLS
