/* bench-console-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Once per frame (a tick callback, added only while the model has news and
 * the view is mapped), the model catches up with its source, and while
 * following the view anchors the list at its new last row before the frame
 * is laid out (GTK 4.8 has no gtk_list_view_scroll_to). The vertical
 * adjustment tells where the view is: a user who scrolls up (a scroll, drag
 * or key press just before the adjustment moves away from the end) pauses
 * following; back at the end, or with "Jump to Live", it resumes.
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "bench-console-row.h"
#include "bench-console-view-private.h"

/* A move of the adjustment within this long after a user's scroll, drag or
 * key press is the user's. */
#define USER_INPUT_WINDOW_US (400 * 1000)

/* Frames after the last flush in which to check that the end is in sight:
 * rows added in a frame are measured in its layout, so the list can place
 * the last one exactly only in the next. */
#define SETTLE_FRAMES 3

/* A flush that brings this many rows means a flood: the next waits
 * FLOOD_INTERVAL_US (ten updates a second). */
#define FLOOD_ROWS        2000
#define FLOOD_INTERVAL_US (100 * 1000)

G_DEFINE_FINAL_TYPE (BenchConsoleView, bench_console_view, GTK_TYPE_WIDGET)

static void bench_console_view_ensure_tick (BenchConsoleView *self);

enum {
  PROP_0,
  PROP_MODEL,
  PROP_FOLLOWING,
  PROP_RELATIVE_TIME,
  PROP_HEX,
  PROP_SHOW_RX,
  PROP_SHOW_TX,
  PROP_SHOW_EVENTS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Follow-tail */

static GtkAdjustment *
bench_console_view_get_vadjustment (BenchConsoleView *self)
{
  return gtk_scrolled_window_get_vadjustment (self->scroller);
}

/* Anchors the list at its last row, aligned to the bottom. This goes
 * through the list (list.scroll-to-item) rather than the adjustment: the
 * list sets its adjustment during allocation with its own handler blocked,
 * so a value set then would never reach it. */
static void
bench_console_view_scroll_to_end (BenchConsoleView *self)
{
  guint n = self->model ? g_list_model_get_n_items (G_LIST_MODEL (self->model)) : 0;

  if (n == 0)
    return;

  self->scrolling = TRUE;
  gtk_widget_activate_action (GTK_WIDGET (self->list), "list.scroll-to-item", "u", n - 1);
  self->scrolling = FALSE;
}

void
_bench_console_view_note_user_input (BenchConsoleView *self)
{
  g_assert (BENCH_IS_CONSOLE_VIEW (self));

  self->last_input_us = g_get_monotonic_time ();
}

static gboolean
bench_console_view_user_is_moving (BenchConsoleView *self)
{
  return self->dragging || g_get_monotonic_time () - self->last_input_us < USER_INPUT_WINDOW_US;
}

static void
bench_console_view_vadjustment_value_cb (BenchConsoleView *self,
                                         GtkAdjustment    *adj)
{
  double end = gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj);
  gboolean at_end = gtk_adjustment_get_value (adj) >= end - 2;

  if (self->scrolling)
    return;

  /* Only the user pauses and resumes: the list also moves the adjustment
   * itself, as it measures rows whose heights it had estimated. */
  if (bench_console_view_user_is_moving (self))
    bench_console_view_set_following (self, at_end);
  else if (self->following && !at_end)
    bench_console_view_scroll_to_end (self);
}

static gboolean
bench_console_view_scroll_cb (BenchConsoleView         *self,
                              double                    dx,
                              double                    dy,
                              GtkEventControllerScroll *controller)
{
  _bench_console_view_note_user_input (self);
  return GDK_EVENT_PROPAGATE;
}

static gboolean
bench_console_view_key_cb (BenchConsoleView      *self,
                           guint                  keyval,
                           guint                  keycode,
                           GdkModifierType        state,
                           GtkEventControllerKey *controller)
{
  _bench_console_view_note_user_input (self);
  return GDK_EVENT_PROPAGATE;
}

static void
bench_console_view_drag_begin_cb (BenchConsoleView *self,
                                  double            x,
                                  double            y,
                                  GtkGestureDrag   *gesture)
{
  self->dragging = TRUE;
  _bench_console_view_note_user_input (self);
}

static void
bench_console_view_drag_end_cb (BenchConsoleView *self,
                                double            x,
                                double            y,
                                GtkGestureDrag   *gesture)
{
  self->dragging = FALSE;
  _bench_console_view_note_user_input (self);
}

gboolean
bench_console_view_get_following (BenchConsoleView *self)
{
  g_return_val_if_fail (BENCH_IS_CONSOLE_VIEW (self), FALSE);

  return self->following;
}

void
bench_console_view_set_following (BenchConsoleView *self,
                                  gboolean          following)
{
  g_return_if_fail (BENCH_IS_CONSOLE_VIEW (self));

  following = !!following;
  if (self->following == (guint) following)
    return;

  self->following = following;
  if (following)
    {
      bench_console_view_scroll_to_end (self);
      self->settle_frames = SETTLE_FRAMES;
      bench_console_view_ensure_tick (self);
    }
  gtk_widget_set_visible (self->jump_button, !following);
  _bench_console_view_update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLLOWING]);
}

/* Frames */

static gboolean
bench_console_view_at_end (BenchConsoleView *self)
{
  GtkAdjustment *adj = bench_console_view_get_vadjustment (self);

  return gtk_adjustment_get_value (adj) >= gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj) - 1;
}

static gboolean
bench_console_view_tick_cb (GtkWidget     *widget,
                            GdkFrameClock *frame_clock,
                            gpointer       user_data)
{
  BenchConsoleView *self = user_data;
  gint64 frame_time = gdk_frame_clock_get_frame_time (frame_clock);
  guint added;

  /* A flood is shown at a calmer pace: nobody reads a hundred thousand
   * lines a second, and each frame that moves the list costs the reading
   * its time. Ordinary rates update every frame. */
  if (self->flooding && bench_console_model_get_needs_flush (self->model) &&
      frame_time - self->last_flush_us < FLOOD_INTERVAL_US)
    return G_SOURCE_CONTINUE;

  added = bench_console_model_flush (self->model);
  self->flooding = added >= FLOOD_ROWS;
  self->last_flush_us = frame_time;

  if (bench_console_model_get_needs_flush (self->model))
    self->settle_frames = SETTLE_FRAMES;
  else if (self->settle_frames > 0)
    self->settle_frames--;

  if (self->following && !bench_console_view_at_end (self))
    bench_console_view_scroll_to_end (self);

  if (bench_console_model_get_needs_flush (self->model) || (self->following && self->settle_frames > 0))
    return G_SOURCE_CONTINUE;

  self->tick_id = 0;
  return G_SOURCE_REMOVE;
}

static void
bench_console_view_ensure_tick (BenchConsoleView *self)
{
  if (self->tick_id != 0 || self->model == NULL || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;

  if (bench_console_model_get_needs_flush (self->model) || self->settle_frames > 0)
    self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self->list), bench_console_view_tick_cb, self, NULL);
}

static void
bench_console_view_remove_tick (BenchConsoleView *self)
{
  if (self->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self->list), self->tick_id);
      self->tick_id = 0;
    }
}

static void
bench_console_view_needs_flush_cb (BenchConsoleView  *self,
                                   GParamSpec        *pspec,
                                   BenchConsoleModel *model)
{
  if (bench_console_model_get_needs_flush (model))
    self->settle_frames = SETTLE_FRAMES;
  bench_console_view_ensure_tick (self);
}

static void
bench_console_view_update_count (BenchConsoleView *self)
{
  g_autofree char *count = NULL;
  guint n = self->model ? g_list_model_get_n_items (G_LIST_MODEL (self->model)) : 0;
  gboolean filtering = self->model && (*bench_console_model_get_filter_text (self->model) != '\0' ||
                                       !self->show_rx || !self->show_tx || !self->show_events);

  if (self->model && bench_console_model_get_scanning (self->model))
    count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Searching… %u matching line", "Searching… %u matching lines", n), n);
  else if (filtering)
    count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u matching line", "%u matching lines", n), n);
  else
    count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u line", "%u lines", n), n);
  gtk_label_set_text (self->count_label, count);

  gtk_widget_set_visible (GTK_WIDGET (self->empty_label), n == 0);
  if (n == 0)
    gtk_label_set_text (self->empty_label, filtering ? _("No matching lines") : _("No lines yet"));

  _bench_console_view_update_actions (self);
}

/* Search */

static void
bench_console_view_search_changed_cb (BenchConsoleView *self,
                                      GtkSearchEntry   *entry)
{
  if (self->model != NULL)
    bench_console_model_set_filter_text (self->model, gtk_editable_get_text (GTK_EDITABLE (entry)));
}

static void
bench_console_view_stop_search_cb (BenchConsoleView *self,
                                   GtkSearchEntry   *entry)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
}

static void
bench_console_view_search_mode_cb (BenchConsoleView *self,
                                   GParamSpec       *pspec,
                                   GtkSearchBar     *search_bar)
{
  /* closing the bar shows every line again */
  if (!gtk_search_bar_get_search_mode (search_bar))
    gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

void
bench_console_view_start_search (BenchConsoleView *self)
{
  g_return_if_fail (BENCH_IS_CONSOLE_VIEW (self));

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* Copy */

guint
bench_console_view_copy_selection (BenchConsoleView *self)
{
  g_autoptr(GtkBitset) selection = NULL;
  g_autoptr(GString) out = NULL;
  GtkBitsetIter iter;
  guint position;
  guint count = 0;

  g_return_val_if_fail (BENCH_IS_CONSOLE_VIEW (self), 0);

  if (self->selection == NULL)
    return 0;

  selection = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  out = g_string_new (NULL);
  for (gboolean valid = gtk_bitset_iter_init_first (&iter, selection, &position);
       valid;
       valid = gtk_bitset_iter_next (&iter, &position))
    {
      if (bench_console_model_append_text (self->model, position, out))
        {
          g_string_append_c (out, '\n');
          count++;
        }
    }

  if (count > 0)
    gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), out->str);

  return count;
}

/* Model */

BenchConsoleModel *
bench_console_view_get_model (BenchConsoleView *self)
{
  g_return_val_if_fail (BENCH_IS_CONSOLE_VIEW (self), NULL);

  return self->model;
}

void
bench_console_view_set_model (BenchConsoleView  *self,
                              BenchConsoleModel *model)
{
  g_return_if_fail (BENCH_IS_CONSOLE_VIEW (self));
  g_return_if_fail (model == NULL || BENCH_IS_CONSOLE_MODEL (model));

  if (self->model == model)
    return;

  bench_console_view_remove_tick (self);
  g_binding_group_set_source (self->model_bindings, NULL);
  g_signal_group_set_target (self->model_signals, NULL);
  gtk_list_view_set_model (self->list, NULL);
  g_clear_object (&self->selection);
  g_set_object (&self->model, model);

  if (model != NULL)
    {
      self->selection = gtk_multi_selection_new (g_object_ref (G_LIST_MODEL (model)));
      gtk_list_view_set_model (self->list, GTK_SELECTION_MODEL (self->selection));
      g_binding_group_set_source (self->model_bindings, model);
      g_signal_group_set_target (self->model_signals, model);
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), bench_console_model_get_filter_text (model));
      bench_console_view_ensure_tick (self);
    }

  bench_console_view_update_count (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
}

GtkListView *
bench_console_view_get_list_view (BenchConsoleView *self)
{
  g_return_val_if_fail (BENCH_IS_CONSOLE_VIEW (self), NULL);

  return self->list;
}

GtkSelectionModel *
bench_console_view_get_selection (BenchConsoleView *self)
{
  g_return_val_if_fail (BENCH_IS_CONSOLE_VIEW (self), NULL);

  return GTK_SELECTION_MODEL (self->selection);
}

/* GObject */

static void
bench_console_view_map (GtkWidget *widget)
{
  BenchConsoleView *self = (BenchConsoleView *) widget;

  GTK_WIDGET_CLASS (bench_console_view_parent_class)->map (widget);

  bench_console_view_ensure_tick (self);
}

static void
bench_console_view_unmap (GtkWidget *widget)
{
  BenchConsoleView *self = (BenchConsoleView *) widget;

  /* hidden consoles do not catch up; they do when shown again */
  bench_console_view_remove_tick (self);

  GTK_WIDGET_CLASS (bench_console_view_parent_class)->unmap (widget);
}

static void
bench_console_view_dispose (GObject *object)
{
  BenchConsoleView *self = (BenchConsoleView *) object;
  GtkWidget *child;

  bench_console_view_remove_tick (self);
  if (self->model_bindings != NULL)
    g_binding_group_set_source (self->model_bindings, NULL);
  if (self->model_signals != NULL)
    g_signal_group_set_target (self->model_signals, NULL);
  if (self->list != NULL)
    gtk_list_view_set_model (self->list, NULL);
  g_clear_object (&self->model_bindings);
  g_clear_object (&self->model_signals);
  g_clear_object (&self->selection);
  g_clear_object (&self->model);
  gtk_widget_dispose_template (GTK_WIDGET (self), BENCH_TYPE_CONSOLE_VIEW);
  /* and the template's unnamed children */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (bench_console_view_parent_class)->dispose (object);
}

static void
bench_console_view_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  BenchConsoleView *self = BENCH_CONSOLE_VIEW (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      g_value_set_object (value, self->model);
      break;
    case PROP_FOLLOWING:
      g_value_set_boolean (value, self->following);
      break;
    case PROP_RELATIVE_TIME:
      g_value_set_boolean (value, self->relative_time);
      break;
    case PROP_HEX:
      g_value_set_boolean (value, self->hex);
      break;
    case PROP_SHOW_RX:
      g_value_set_boolean (value, self->show_rx);
      break;
    case PROP_SHOW_TX:
      g_value_set_boolean (value, self->show_tx);
      break;
    case PROP_SHOW_EVENTS:
      g_value_set_boolean (value, self->show_events);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

#define SET_FLAG(field, prop)                                              \
  G_STMT_START {                                                           \
    gboolean v = g_value_get_boolean (value);                              \
    if (self->field != (guint) v)                                          \
      {                                                                    \
        self->field = v;                                                   \
        g_object_notify_by_pspec (object, properties[prop]);               \
      }                                                                    \
  } G_STMT_END

static void
bench_console_view_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  BenchConsoleView *self = BENCH_CONSOLE_VIEW (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      bench_console_view_set_model (self, g_value_get_object (value));
      break;
    case PROP_FOLLOWING:
      bench_console_view_set_following (self, g_value_get_boolean (value));
      break;
    case PROP_RELATIVE_TIME:
      SET_FLAG (relative_time, PROP_RELATIVE_TIME);
      break;
    case PROP_HEX:
      SET_FLAG (hex, PROP_HEX);
      break;
    case PROP_SHOW_RX:
      SET_FLAG (show_rx, PROP_SHOW_RX);
      break;
    case PROP_SHOW_TX:
      SET_FLAG (show_tx, PROP_SHOW_TX);
      break;
    case PROP_SHOW_EVENTS:
      SET_FLAG (show_events, PROP_SHOW_EVENTS);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

#undef SET_FLAG

/* Rows: a signal factory (see BenchConsoleRow for why not a builder one).
 * Unbinding does nothing: the next bind replaces the item. */
static void
bench_console_view_setup_row_cb (GtkSignalListItemFactory *factory,
                                 GtkListItem              *list_item,
                                 gpointer                  user_data)
{
  gtk_list_item_set_child (list_item, bench_console_row_new ());
}

static void
bench_console_view_bind_row_cb (GtkSignalListItemFactory *factory,
                                GtkListItem              *list_item,
                                gpointer                  user_data)
{
  bench_console_row_set_item (BENCH_CONSOLE_ROW (gtk_list_item_get_child (list_item)),
                              gtk_list_item_get_item (list_item));
}

static void
bench_console_view_class_init (BenchConsoleViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bench_console_view_dispose;
  object_class->get_property = bench_console_view_get_property;
  object_class->set_property = bench_console_view_set_property;

  widget_class->map = bench_console_view_map;
  widget_class->unmap = bench_console_view_unmap;

#define RW (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)
  properties[PROP_MODEL] = g_param_spec_object ("model", NULL, NULL, BENCH_TYPE_CONSOLE_MODEL, RW);
  properties[PROP_FOLLOWING] = g_param_spec_boolean ("following", NULL, NULL, TRUE, RW);
  properties[PROP_RELATIVE_TIME] = g_param_spec_boolean ("relative-time", NULL, NULL, FALSE, RW);
  properties[PROP_HEX] = g_param_spec_boolean ("hex", NULL, NULL, FALSE, RW);
  properties[PROP_SHOW_RX] = g_param_spec_boolean ("show-rx", NULL, NULL, TRUE, RW);
  properties[PROP_SHOW_TX] = g_param_spec_boolean ("show-tx", NULL, NULL, TRUE, RW);
  properties[PROP_SHOW_EVENTS] = g_param_spec_boolean ("show-events", NULL, NULL, TRUE, RW);
#undef RW
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (BENCH_TYPE_CONSOLE_ROW);
  g_type_ensure (ADW_TYPE_BUTTON_CONTENT);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/benchtop/Benchtop/bench-console-view.ui");
  gtk_widget_class_bind_template_child (widget_class, BenchConsoleView, search_bar);
  gtk_widget_class_bind_template_child (widget_class, BenchConsoleView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, BenchConsoleView, search_button);
  gtk_widget_class_bind_template_child (widget_class, BenchConsoleView, scroller);
  gtk_widget_class_bind_template_child (widget_class, BenchConsoleView, list);
  gtk_widget_class_bind_template_child (widget_class, BenchConsoleView, jump_button);
  gtk_widget_class_bind_template_child (widget_class, BenchConsoleView, count_label);
  gtk_widget_class_bind_template_child (widget_class, BenchConsoleView, empty_label);
  gtk_widget_class_bind_template_callback (widget_class, bench_console_view_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, bench_console_view_stop_search_cb);

  gtk_widget_class_set_css_name (widget_class, "benchconsoleview");

  _bench_console_view_class_actions_init (widget_class);
}

static void
bench_console_view_init (BenchConsoleView *self)
{
  GtkAdjustment *vadj;
  GtkEventController *controller;
  GtkListItemFactory *factory;
  GtkGesture *drag;

  self->following = TRUE;
  self->show_rx = TRUE;
  self->show_tx = TRUE;
  self->show_events = TRUE;

  gtk_widget_init_template (GTK_WIDGET (self));

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (bench_console_view_setup_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bench_console_view_bind_row_cb), NULL);
  gtk_list_view_set_factory (self->list, factory);
  g_object_unref (factory);

  self->model_bindings = g_binding_group_new ();
  g_binding_group_bind (self->model_bindings, "relative-time", self, "relative-time",
                        G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_binding_group_bind (self->model_bindings, "hex", self, "hex",
                        G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_binding_group_bind (self->model_bindings, "show-rx", self, "show-rx",
                        G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_binding_group_bind (self->model_bindings, "show-tx", self, "show-tx",
                        G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_binding_group_bind (self->model_bindings, "show-events", self, "show-events",
                        G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);

  self->model_signals = g_signal_group_new (BENCH_TYPE_CONSOLE_MODEL);
  g_signal_group_connect_swapped (self->model_signals, "notify::needs-flush",
                                  G_CALLBACK (bench_console_view_needs_flush_cb), self);
  g_signal_group_connect_swapped (self->model_signals, "notify::n-items",
                                  G_CALLBACK (bench_console_view_update_count), self);
  g_signal_group_connect_swapped (self->model_signals, "notify::scanning",
                                  G_CALLBACK (bench_console_view_update_count), self);
  g_signal_group_connect_swapped (self->model_signals, "notify::filter-text",
                                  G_CALLBACK (bench_console_view_update_count), self);
  g_signal_connect (self, "notify::show-rx", G_CALLBACK (bench_console_view_update_count), NULL);
  g_signal_connect (self, "notify::show-tx", G_CALLBACK (bench_console_view_update_count), NULL);
  g_signal_connect (self, "notify::show-events", G_CALLBACK (bench_console_view_update_count), NULL);

  g_signal_connect_object (self->search_bar, "notify::search-mode-enabled",
                           G_CALLBACK (bench_console_view_search_mode_cb), self, G_CONNECT_SWAPPED);
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));

  vadj = bench_console_view_get_vadjustment (self);
  g_signal_connect_object (vadj, "value-changed",
                           G_CALLBACK (bench_console_view_vadjustment_value_cb), self, G_CONNECT_SWAPPED);

  /* what tells a user's scroll from the list's own moves */
  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_object (controller, "scroll", G_CALLBACK (bench_console_view_scroll_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->scroller), controller);

  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_object (controller, "key-pressed", G_CALLBACK (bench_console_view_key_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->list), controller);

  drag = gtk_gesture_drag_new ();
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (drag), GTK_PHASE_CAPTURE);
  g_signal_connect_object (drag, "drag-begin", G_CALLBACK (bench_console_view_drag_begin_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (drag, "drag-end", G_CALLBACK (bench_console_view_drag_end_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (gtk_scrolled_window_get_vscrollbar (self->scroller), GTK_EVENT_CONTROLLER (drag));

  gtk_search_bar_set_key_capture_widget (self->search_bar, GTK_WIDGET (self->list));

  bench_console_view_update_count (self);
}

GtkWidget *
bench_console_view_new (BenchConsoleModel *model)
{
  return g_object_new (BENCH_TYPE_CONSOLE_VIEW, "model", model, NULL);
}
