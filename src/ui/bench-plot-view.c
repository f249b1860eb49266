/* bench-plot-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "bench-channel-extractor.h"
#include "bench-enums.h"

#include "bench-plot-private.h"
#include "bench-plot-view.h"

struct _BenchPlotView
{
  GtkWidget             parent_instance;

  BenchSession         *session;
  BenchDevice          *device;
  BenchChannelSet      *set;
  GListModel           *sets;          /* the combined view */
  GPtrArray            *watched;       /* the sets of @sets, in order */
  GHashTable           *touched;       /* sets the user picked channels from */
  GSettings            *settings;
  GtkFileChooserNative *chooser;

  gboolean              show_plot;
  BenchPlotMode         mode;
  BenchPlotMode         spec_plot;
  char                 *pattern;
  char                 *pattern_error;
  gboolean              skip_timestamps;
  gboolean              empty;
  gboolean              syncing;

  BenchPlotLegend      *legend;

  /* template */
  GtkWidget            *toolbar;
  GtkLabel             *mode_label;
  GtkDropDown          *mode_dropdown;
  GtkToggleButton      *skip_times_check;
  GtkMenuButton        *channels_button;
  GtkPopover           *channels_popover;
  GtkBox               *picker;
  GtkEntry             *pattern_entry;
  GtkRevealer          *pattern_revealer;
  GtkLabel             *pattern_error_label;
  GtkToggleButton      *pause_button;
  GtkStack             *stack;
  GtkLabel             *empty_title;
  GtkLabel             *empty_description;
  GtkButton            *empty_pick_button;
  BenchPlot            *plot;
  GtkBox               *footer;
};

G_DEFINE_FINAL_TYPE (BenchPlotView, bench_plot_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_DEVICE,
  PROP_CHANNEL_SET,
  PROP_CHANNEL_SETS,
  PROP_SETTINGS,
  PROP_SHOW_PLOT,
  PROP_MODE,
  PROP_PATTERN,
  PROP_SKIP_TIMESTAMPS,
  PROP_TIME_WINDOW,
  PROP_PAUSED,
  PROP_EMPTY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The drop-down's rows, in order */
static const BenchPlotMode dropdown_modes[] = {
  BENCH_PLOT_AUTO, BENCH_PLOT_KV, BENCH_PLOT_CSV, BENCH_PLOT_REGEX, BENCH_PLOT_OFF,
};

#define PICKER_CHANNEL "bench-picker-channel"

static gboolean
bench_plot_view_is_combined (BenchPlotView *self)
{
  return self->device == NULL;
}

/* Visibility and the empty state */

static void
bench_plot_view_update_visible (BenchPlotView *self)
{
  gboolean visible = self->show_plot && (bench_plot_view_is_combined (self) || self->mode != BENCH_PLOT_OFF);

  gtk_widget_set_visible (GTK_WIDGET (self), visible);
}

static guint
bench_plot_view_count_channels (BenchPlotView *self)
{
  guint n = 0;

  for (guint i = 0; self->watched != NULL && i < self->watched->len; i++)
    n += g_list_model_get_n_items (g_ptr_array_index (self->watched, i));
  return n;
}

static void
bench_plot_view_update_empty (BenchPlotView *self)
{
  g_autofree char *title = NULL;
  g_autofree char *description = NULL;
  gboolean empty = g_list_model_get_n_items (bench_plot_get_traces (self->plot)) == 0;
  gboolean pick = FALSE;

  if (bench_plot_view_is_combined (self))
    {
      if (bench_plot_view_count_channels (self) == 0)
        {
          title = g_strdup (_("No Numbers Yet"));
          description = g_strdup (_("The combined plot shows channels of several devices on the session clock. "
                                    "None of the devices has sent numbers yet."));
        }
      else
        {
          title = g_strdup (_("Pick Channels to Compare"));
          description = g_strdup (_("Plot channels of several devices together on the session clock."));
          pick = TRUE;
        }
    }
  else
    {
      const char *name = bench_device_get_name (self->device);

      switch (self->mode)
        {
        case BENCH_PLOT_KV:
          title = g_strdup (_("No Numbers Yet"));
          description = g_markup_printf_escaped (_("Pairs such as <tt>temp=21.5 rh=40</tt> or <tt>V: 1.234</tt> in "
                                                   "the lines of %s become the channels temp, rh and V."), name);
          break;
        case BENCH_PLOT_CSV:
          title = g_strdup (_("No Numbers Yet"));
          description = g_markup_printf_escaped (_("Fields separated by commas, semicolons or tabs in the lines of %s "
                                                   "become channels 1, 2, 3…; a header line such as "
                                                   "<tt>time,volts,amps</tt> names them."), name);
          break;
        case BENCH_PLOT_REGEX:
          if (self->pattern == NULL || *self->pattern == '\0' || self->pattern_error != NULL)
            {
              title = g_strdup (self->pattern_error != NULL ? _("The Pattern Has an Error") : _("Type a Pattern"));
              description = g_strdup (_("Each named group of a regular expression is a channel: "
                                        "<tt>(?&lt;volts&gt;[-+.0-9eE]+) V</tt> plots the number before "
                                        "“ V” as volts. Enter applies the pattern."));
            }
          else
            {
              title = g_strdup (_("No Line Matched Yet"));
              description = g_markup_printf_escaped (_("No line of %s has matched <tt>%s</tt> with a number in a "
                                                       "named group yet."), name, self->pattern);
            }
          break;
        case BENCH_PLOT_OFF:
          title = g_strdup (_("Plotting Is Off"));
          description = g_markup_printf_escaped (_("Pick a mode to plot the numbers in the lines of %s."), name);
          break;
        case BENCH_PLOT_AUTO:
        default:
          title = g_strdup (_("No Numbers Yet"));
          description = g_markup_printf_escaped (_("Every number in the lines of %s becomes a channel: "
                                                   "<tt>+1.234E+00 VDC</tt> gives channel 1, "
                                                   "<tt>21.5,40</tt> channels 1 and 2, <tt>12.5mV</tt> "
                                                   "12.5 in mV. For named channels pick Key=Value or CSV."), name);
          break;
        }
    }

  gtk_label_set_text (self->empty_title, title);
  gtk_label_set_markup (self->empty_description, description);
  gtk_widget_set_visible (GTK_WIDGET (self->empty_pick_button), pick);
  gtk_stack_set_visible_child_name (self->stack, empty ? "empty" : "plot");

  if (empty != self->empty)
    {
      self->empty = empty;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EMPTY]);
    }
}

/* "Plot of thermo", for screen readers */
static void
bench_plot_view_update_accessible (BenchPlotView *self)
{
  g_autofree char *label = NULL;

  if (self->device != NULL)
    label = g_strdup_printf (_("Plot of %s"), bench_device_get_name (self->device));
  else
    label = g_strdup (_("Combined plot of all devices"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->plot),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
}

static void
bench_plot_view_traces_changed_cb (BenchPlotView *self)
{
  bench_plot_view_update_empty (self);
}

/* Mode and pattern */

static void
bench_plot_view_set_pattern_error (BenchPlotView *self,
                                   const char    *error)
{
  if (g_strcmp0 (error, self->pattern_error) == 0)
    return;

  g_free (self->pattern_error);
  self->pattern_error = g_strdup (error);

  gtk_label_set_text (self->pattern_error_label, error ? error : "");
  gtk_revealer_set_reveal_child (self->pattern_revealer, error != NULL);
  if (error != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->pattern_entry), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->pattern_entry), "error");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->pattern_entry),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, error ? error : "",
                                  -1);
}

/* "Pattern error: …" from a GRegex error (the extractor names the pattern) */
static char *
pattern_error_text (const GError *error)
{
  return g_strdup_printf (_("Bad pattern: %s"), error->message);
}

/* Makes the channel set extract what the view says. */
static void
bench_plot_view_apply (BenchPlotView *self)
{
  g_autoptr(GError) error = NULL;

  if (self->set == NULL)
    return;

  if (self->mode != BENCH_PLOT_REGEX)
    {
      bench_channel_set_set_mode (self->set, self->mode);
      bench_plot_view_set_pattern_error (self, NULL);
    }
  else if (self->pattern == NULL || *self->pattern == '\0')
    {
      /* nothing to look for yet */
      bench_channel_set_set_mode (self->set, BENCH_PLOT_OFF);
      bench_plot_view_set_pattern_error (self, NULL);
    }
  else if (!bench_channel_set_set_pattern (self->set, self->pattern, &error))
    {
      g_autofree char *text = pattern_error_text (error);

      /* nothing is plotted until a good pattern comes */
      bench_channel_set_set_mode (self->set, BENCH_PLOT_OFF);
      bench_plot_view_set_pattern_error (self, text);
    }
  else
    bench_plot_view_set_pattern_error (self, NULL);

  bench_plot_view_update_empty (self);
}

static void
bench_plot_view_sync_controls (BenchPlotView *self)
{
  self->syncing = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (dropdown_modes); i++)
    if (dropdown_modes[i] == self->mode && gtk_drop_down_get_selected (self->mode_dropdown) != i)
      gtk_drop_down_set_selected (self->mode_dropdown, i);
  gtk_widget_set_visible (GTK_WIDGET (self->pattern_entry),
                          !bench_plot_view_is_combined (self) && self->mode == BENCH_PLOT_REGEX);
  gtk_widget_set_visible (GTK_WIDGET (self->skip_times_check),
                          !bench_plot_view_is_combined (self) && self->mode == BENCH_PLOT_AUTO);
  if (gtk_toggle_button_get_active (self->skip_times_check) != self->skip_timestamps)
    gtk_toggle_button_set_active (self->skip_times_check, self->skip_timestamps);
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->pattern_entry)), self->pattern ? self->pattern : "") != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->pattern_entry), self->pattern ? self->pattern : "");
  self->syncing = FALSE;
}

BenchPlotMode
bench_plot_view_get_mode (BenchPlotView *self)
{
  g_return_val_if_fail (BENCH_IS_PLOT_VIEW (self), BENCH_PLOT_OFF);

  return self->mode;
}

void
bench_plot_view_set_mode (BenchPlotView *self,
                          BenchPlotMode  mode)
{
  g_return_if_fail (BENCH_IS_PLOT_VIEW (self));

  if (mode == self->mode)
    return;

  self->mode = mode;
  bench_plot_view_apply (self);
  bench_plot_view_sync_controls (self);
  bench_plot_view_update_visible (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODE]);

  /* the pattern is what regex mode needs next */
  if (mode == BENCH_PLOT_REGEX && gtk_widget_get_mapped (GTK_WIDGET (self)) &&
      (self->pattern == NULL || *self->pattern == '\0'))
    gtk_widget_grab_focus (GTK_WIDGET (self->pattern_entry));
}

const char *
bench_plot_view_get_pattern (BenchPlotView *self)
{
  g_return_val_if_fail (BENCH_IS_PLOT_VIEW (self), NULL);

  return self->pattern ? self->pattern : "";
}

void
bench_plot_view_set_pattern (BenchPlotView *self,
                             const char    *pattern)
{
  g_return_if_fail (BENCH_IS_PLOT_VIEW (self));

  if (pattern == NULL)
    pattern = "";
  if (g_strcmp0 (pattern, self->pattern) == 0)
    return;

  g_free (self->pattern);
  self->pattern = g_strdup (pattern);
  if (self->mode == BENCH_PLOT_REGEX)
    bench_plot_view_apply (self);
  bench_plot_view_sync_controls (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PATTERN]);
}

gboolean
bench_plot_view_get_skip_timestamps (BenchPlotView *self)
{
  g_return_val_if_fail (BENCH_IS_PLOT_VIEW (self), FALSE);

  return self->skip_timestamps;
}

/* Auto mode: whether time- and date-looking tokens are skipped (the
 * channels start afresh when this changes) */
void
bench_plot_view_set_skip_timestamps (BenchPlotView *self,
                                     gboolean       skip)
{
  g_return_if_fail (BENCH_IS_PLOT_VIEW (self));

  skip = !!skip;
  if (skip == self->skip_timestamps)
    return;

  self->skip_timestamps = skip;
  if (self->set != NULL)
    bench_channel_set_set_skip_timestamps (self->set, skip);
  bench_plot_view_sync_controls (self);
  bench_plot_view_update_empty (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SKIP_TIMESTAMPS]);
}

static void
bench_plot_view_skip_times_toggled_cb (BenchPlotView   *self,
                                       GtkToggleButton *button)
{
  if (!self->syncing)
    bench_plot_view_set_skip_timestamps (self, gtk_toggle_button_get_active (button));
}

const char *
bench_plot_view_get_pattern_error (BenchPlotView *self)
{
  g_return_val_if_fail (BENCH_IS_PLOT_VIEW (self), NULL);

  return self->pattern_error;
}

GtkEditable *
bench_plot_view_get_pattern_entry (BenchPlotView *self)
{
  g_return_val_if_fail (BENCH_IS_PLOT_VIEW (self), NULL);

  return GTK_EDITABLE (self->pattern_entry);
}

static void
bench_plot_view_mode_selected_cb (BenchPlotView *self)
{
  guint selected = gtk_drop_down_get_selected (self->mode_dropdown);

  if (self->syncing || selected >= G_N_ELEMENTS (dropdown_modes))
    return;

  bench_plot_view_set_mode (self, dropdown_modes[selected]);
}

/* As typed: checked at once, applied on Enter */
static void
bench_plot_view_pattern_changed_cb (BenchPlotView *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->pattern_entry));
  g_autoptr(BenchChannelExtractor) extractor = NULL;
  g_autoptr(GError) error = NULL;

  if (self->syncing || *text == '\0')
    {
      if (!self->syncing)
        bench_plot_view_set_pattern_error (self, NULL);
      return;
    }

  extractor = bench_channel_extractor_new_regex (text, &error);
  if (extractor == NULL)
    {
      g_autofree char *message = pattern_error_text (error);

      bench_plot_view_set_pattern_error (self, message);
    }
  else
    bench_plot_view_set_pattern_error (self, NULL);
}

static void
bench_plot_view_pattern_activate_cb (BenchPlotView *self)
{
  bench_plot_view_set_pattern (self, gtk_editable_get_text (GTK_EDITABLE (self->pattern_entry)));
  /* the same pattern again: show its state (it may have been edited back) */
  if (self->mode == BENCH_PLOT_REGEX)
    bench_plot_view_apply (self);
}

/* A spec's plot= option is the device's mode. */
static void
bench_plot_view_spec_cb (BenchPlotView *self)
{
  BenchPlotMode plot = bench_device_get_spec (self->device)->plot;

  if (plot != self->spec_plot)
    {
      self->spec_plot = plot;
      bench_plot_view_set_mode (self, plot);
    }
}

/* The combined view's channels */

static BenchChannel *
first_channel (BenchChannelSet *set)
{
  return bench_channel_set_get_n_channels (set) > 0 ? bench_channel_set_get_channel (set, 0) : NULL;
}

gboolean
bench_plot_view_get_picked (BenchPlotView *self,
                            BenchChannel  *channel)
{
  GListModel *traces;
  guint n;

  g_return_val_if_fail (BENCH_IS_PLOT_VIEW (self), FALSE);
  g_return_val_if_fail (BENCH_IS_CHANNEL (channel), FALSE);

  traces = bench_plot_get_traces (self->plot);
  n = g_list_model_get_n_items (traces);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BenchPlotTrace) trace = g_list_model_get_item (traces, i);

      if (bench_plot_trace_get_channel (trace) == channel)
        return TRUE;
    }
  return FALSE;
}

void
bench_plot_view_set_picked (BenchPlotView *self,
                            BenchChannel  *channel,
                            gboolean       picked)
{
  BenchChannelSet *set;

  g_return_if_fail (BENCH_IS_PLOT_VIEW (self));
  g_return_if_fail (BENCH_IS_CHANNEL (channel));
  g_return_if_fail (bench_plot_view_is_combined (self));

  set = bench_channel_get_set (channel);
  if (set == NULL)
    return;

  /* from now on this device's channels are the user's choice */
  g_hash_table_add (self->touched, set);

  if (picked)
    bench_plot_add_channel (self->plot, channel);
  else
    bench_plot_remove_channel (self->plot, channel);
}

static void
bench_plot_view_auto_pick (BenchPlotView   *self,
                           BenchChannelSet *set)
{
  BenchChannel *channel = first_channel (set);

  if (channel != NULL && !g_hash_table_contains (self->touched, set))
    bench_plot_add_channel (self->plot, channel);
}

static void
bench_plot_view_picker_toggled_cb (BenchPlotView  *self,
                                   GtkCheckButton *check)
{
  BenchChannel *channel = g_object_get_data (G_OBJECT (check), PICKER_CHANNEL);

  if (self->syncing || channel == NULL)
    return;

  bench_plot_view_set_picked (self, channel, gtk_check_button_get_active (check));
}

static void
bench_plot_view_clear_picker (BenchPlotView *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->picker))) != NULL)
    gtk_box_remove (self->picker, child);
}

void
bench_plot_view_refresh_picker (BenchPlotView *self)
{
  guint n_channels = 0;

  g_return_if_fail (BENCH_IS_PLOT_VIEW (self));

  if (!bench_plot_view_is_combined (self))
    return;

  self->syncing = TRUE;
  bench_plot_view_clear_picker (self);

  for (guint i = 0; i < self->watched->len; i++)
    {
      BenchChannelSet *set = g_ptr_array_index (self->watched, i);
      guint n = g_list_model_get_n_items (G_LIST_MODEL (set));
      GtkWidget *heading;

      heading = gtk_label_new (bench_channel_set_get_name (set));
      gtk_label_set_xalign (GTK_LABEL (heading), 0);
      gtk_label_set_ellipsize (GTK_LABEL (heading), PANGO_ELLIPSIZE_END);
      gtk_widget_add_css_class (heading, "heading");
      gtk_widget_add_css_class (heading, "plot-picker-device");
      gtk_box_append (self->picker, heading);

      if (n == 0)
        {
          GtkWidget *none = gtk_label_new (bench_channel_set_get_mode (set) == BENCH_PLOT_OFF
                                             ? _("Not plotted") : _("No numbers yet"));

          gtk_label_set_xalign (GTK_LABEL (none), 0);
          gtk_widget_add_css_class (none, "dim-label");
          gtk_widget_add_css_class (none, "plot-picker-none");
          gtk_box_append (self->picker, none);
        }

      for (guint c = 0; c < n; c++)
        {
          g_autoptr(BenchChannel) channel = g_list_model_get_item (G_LIST_MODEL (set), c);
          const char *unit = bench_channel_get_unit (channel);
          g_autofree char *label = NULL;
          g_autofree char *accessible = NULL;
          GtkWidget *check;

          label = *unit != '\0' ? g_strdup_printf ("%s (%s)", bench_channel_get_name (channel), unit)
                                : g_strdup (bench_channel_get_name (channel));
          check = gtk_check_button_new_with_label (label);
          gtk_check_button_set_active (GTK_CHECK_BUTTON (check), bench_plot_view_get_picked (self, channel));
          g_object_set_data_full (G_OBJECT (check), PICKER_CHANNEL, g_object_ref (channel), g_object_unref);
          /* Translators: a plot channel: device/channel */
          accessible = g_strdup_printf (_("%s/%s"), bench_channel_set_get_name (set), bench_channel_get_name (channel));
          gtk_accessible_update_property (GTK_ACCESSIBLE (check),
                                          GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                          -1);
          g_signal_connect_object (check, "toggled", G_CALLBACK (bench_plot_view_picker_toggled_cb),
                                   self, G_CONNECT_SWAPPED);
          gtk_box_append (self->picker, check);
          n_channels++;
        }
    }

  if (self->watched->len == 0)
    {
      GtkWidget *none = gtk_label_new (_("No devices"));

      gtk_widget_add_css_class (none, "dim-label");
      gtk_box_append (self->picker, none);
    }

  self->syncing = FALSE;
}

GtkWidget *
bench_plot_view_get_picker (BenchPlotView *self)
{
  g_return_val_if_fail (BENCH_IS_PLOT_VIEW (self), NULL);

  return GTK_WIDGET (self->picker);
}

static void
bench_plot_view_picker_show_cb (BenchPlotView *self)
{
  bench_plot_view_refresh_picker (self);
}

static void
bench_plot_view_pick_clicked_cb (BenchPlotView *self)
{
  gtk_menu_button_popup (self->channels_button);
}

static void
bench_plot_view_set_channels_cb (BenchPlotView   *self,
                                 guint            position,
                                 guint            removed,
                                 guint            added,
                                 BenchChannelSet *set)
{
  /* a first channel, also after a new mode started the set afresh */
  if (position == 0 && added > 0)
    bench_plot_view_auto_pick (self, set);

  if (gtk_widget_get_visible (GTK_WIDGET (self->channels_popover)))
    bench_plot_view_refresh_picker (self);
  bench_plot_view_update_empty (self);
}

static void
bench_plot_view_drop_set (BenchPlotView   *self,
                          BenchChannelSet *set)
{
  GListModel *traces = bench_plot_get_traces (self->plot);

  for (guint i = g_list_model_get_n_items (traces); i-- > 0;)
    {
      g_autoptr(BenchPlotTrace) trace = g_list_model_get_item (traces, i);

      if (_bench_plot_trace_get_origin (trace) == set)
        bench_plot_remove_channel (self->plot, bench_plot_trace_get_channel (trace));
    }

  g_signal_handlers_disconnect_by_data (set, self);
  g_hash_table_remove (self->touched, set);
}

static void
bench_plot_view_sets_changed_cb (BenchPlotView *self,
                                 guint          position,
                                 guint          removed,
                                 guint          added,
                                 GListModel    *sets)
{
  for (guint i = 0; i < removed; i++)
    {
      BenchChannelSet *set = g_ptr_array_index (self->watched, position);

      bench_plot_view_drop_set (self, set);
      g_ptr_array_remove_index (self->watched, position);
    }

  for (guint i = 0; i < added; i++)
    {
      BenchChannelSet *set = g_list_model_get_item (sets, position + i);

      g_ptr_array_insert (self->watched, position + i, set);
      g_signal_connect_object (set, "items-changed", G_CALLBACK (bench_plot_view_set_channels_cb),
                               self, G_CONNECT_SWAPPED);
      bench_plot_view_auto_pick (self, set);
    }

  if (gtk_widget_get_visible (GTK_WIDGET (self->channels_popover)))
    bench_plot_view_refresh_picker (self);
  bench_plot_view_update_empty (self);
}

/* Export */

const char *
bench_plot_view_get_export_name (BenchPlotView *self)
{
  g_return_val_if_fail (BENCH_IS_PLOT_VIEW (self), NULL);

  return self->device ? bench_device_get_name (self->device) : "";
}

static const char *
known_extension (const char *path)
{
  const char *dot = strrchr (path, '.');
  const char *slash = strrchr (path, '/');

  if (dot == NULL || (slash != NULL && dot < slash))
    return NULL;
  if (g_ascii_strcasecmp (dot, ".png") == 0 || g_ascii_strcasecmp (dot, ".svg") == 0 ||
      g_ascii_strcasecmp (dot, ".csv") == 0)
    return dot + 1;
  return NULL;
}

void
bench_plot_view_export_to (BenchPlotView *self,
                           GFile         *file,
                           const char    *format)
{
  g_autofree char *path = NULL;

  g_return_if_fail (BENCH_IS_PLOT_VIEW (self));
  g_return_if_fail (G_IS_FILE (file));

  path = g_file_get_path (file);
  if (path == NULL)
    {
      gtk_widget_activate_action (GTK_WIDGET (self), "app.export-plot", "(ss)",
                                  bench_plot_view_get_export_name (self), "");
      return;
    }

  if (known_extension (path) == NULL)
    {
      char *with_ext = g_strconcat (path, ".", format && *format ? format : "png", NULL);

      g_free (path);
      path = with_ext;
    }

  /* the action reports the outcome (a toast, and app.last-error) */
  gtk_widget_activate_action (GTK_WIDGET (self), "app.export-plot", "(ss)",
                              bench_plot_view_get_export_name (self), path);
}

static void
bench_plot_view_export_response_cb (BenchPlotView        *self,
                                    int                   response,
                                    GtkFileChooserNative *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      const char *format = gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (chooser), "format");

      if (file != NULL)
        bench_plot_view_export_to (self, file, format);
    }

  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (chooser));
  g_clear_object (&self->chooser);
}

static GFile *
documents_folder (void)
{
  const char *dir = g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS);

  if (dir == NULL || !g_file_test (dir, G_FILE_TEST_IS_DIR))
    dir = g_get_home_dir ();

  return g_file_new_for_path (dir);
}

void
bench_plot_view_choose_export_file (BenchPlotView *self,
                                    const char    *format)
{
  static const char *formats[] = { "png", "svg", "csv", NULL };
  const char *names[] = { _("PNG image"), _("SVG image"), _("CSV data") };
  const char *ids[4] = { NULL };
  const char *labels[4] = { NULL };
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%d-%H%M");
  g_autofree char *device = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GFile) folder = documents_folder ();
  GtkRoot *root;

  g_return_if_fail (BENCH_IS_PLOT_VIEW (self));

  if (self->chooser != NULL)
    return;
  if (format == NULL || !g_strv_contains (formats, format))
    format = "png";

  /* @format first: GTK 4.8's file chooser ignores set_choice(), the
   * first option is the one selected */
  for (guint i = 0, n = 1; formats[i] != NULL; i++)
    {
      guint at = g_str_equal (formats[i], format) ? 0 : n++;

      ids[at] = formats[i];
      labels[at] = names[i];
    }

  /* benchtop-plot-thermo-2026-11-22-0312.png */
  device = g_strdup (self->device ? bench_device_get_name (self->device) : "all");
  for (char *p = device; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      *p = '-';
  name = g_strdup_printf ("benchtop-plot-%s-%s.%s", device, stamp, format);

  root = gtk_widget_get_root (GTK_WIDGET (self));
  self->chooser = gtk_file_chooser_native_new (_("Export the Plot"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (self->chooser), folder, NULL);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (self->chooser), "format", _("Format"), ids, labels);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (bench_plot_view_export_response_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

GtkNativeDialog *
bench_plot_view_get_chooser (BenchPlotView *self)
{
  g_return_val_if_fail (BENCH_IS_PLOT_VIEW (self), NULL);

  return self->chooser ? GTK_NATIVE_DIALOG (self->chooser) : NULL;
}

/* Actions */

static void
bench_plot_view_export_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *param)
{
  bench_plot_view_choose_export_file (BENCH_PLOT_VIEW (widget), g_variant_get_string (param, NULL));
}

static void
bench_plot_view_live_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *param)
{
  bench_plot_reset_view (BENCH_PLOT_VIEW (widget)->plot);
}

static void
bench_plot_view_paused_cb (BenchPlotView *self)
{
  gboolean paused = bench_plot_get_paused (self->plot);

  gtk_button_set_icon_name (GTK_BUTTON (self->pause_button),
                            paused ? "media-playback-start-symbolic" : "media-playback-pause-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->pause_button),
                               paused ? _("Resume the Plot (Ctrl+Shift+Space)")
                                      : _("Pause the Plot (Ctrl+Shift+Space): the view stops, the data keep coming"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->pause_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, paused ? _("Resume the plot") : _("Pause the plot"),
                                  -1);
}

/* Accessors */

BenchPlot *
bench_plot_view_get_plot (BenchPlotView *self)
{
  g_return_val_if_fail (BENCH_IS_PLOT_VIEW (self), NULL);

  return self->plot;
}

BenchPlotLegend *
bench_plot_view_get_legend (BenchPlotView *self)
{
  g_return_val_if_fail (BENCH_IS_PLOT_VIEW (self), NULL);

  return self->legend;
}

BenchDevice *
bench_plot_view_get_device (BenchPlotView *self)
{
  g_return_val_if_fail (BENCH_IS_PLOT_VIEW (self), NULL);

  return self->device;
}

BenchChannelSet *
bench_plot_view_get_channel_set (BenchPlotView *self)
{
  g_return_val_if_fail (BENCH_IS_PLOT_VIEW (self), NULL);

  return self->set;
}

gboolean
bench_plot_view_get_show_plot (BenchPlotView *self)
{
  g_return_val_if_fail (BENCH_IS_PLOT_VIEW (self), FALSE);

  return self->show_plot;
}

void
bench_plot_view_set_show_plot (BenchPlotView *self,
                               gboolean       show_plot)
{
  g_return_if_fail (BENCH_IS_PLOT_VIEW (self));

  show_plot = !!show_plot;
  if (show_plot == self->show_plot)
    return;

  self->show_plot = show_plot;
  bench_plot_view_update_visible (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_PLOT]);
}

gboolean
bench_plot_view_get_empty (BenchPlotView *self)
{
  g_return_val_if_fail (BENCH_IS_PLOT_VIEW (self), FALSE);

  return self->empty;
}

const char *
bench_plot_view_get_empty_text (BenchPlotView *self)
{
  g_return_val_if_fail (BENCH_IS_PLOT_VIEW (self), NULL);

  return gtk_label_get_text (self->empty_description);
}

/* GObject */

static void
bench_plot_view_constructed (GObject *object)
{
  BenchPlotView *self = (BenchPlotView *) object;

  G_OBJECT_CLASS (bench_plot_view_parent_class)->constructed (object);

  g_assert (BENCH_IS_SESSION (self->session));
  g_assert ((self->device != NULL && self->set != NULL) || (self->device == NULL && self->sets != NULL));

  bench_plot_set_session_start (self->plot, bench_session_get_start_mono (self->session));

  if (bench_plot_view_is_combined (self))
    {
      gtk_widget_set_visible (GTK_WIDGET (self->mode_label), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->mode_dropdown), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->channels_button), TRUE);
      self->mode = BENCH_PLOT_AUTO;
      self->watched = g_ptr_array_new_with_free_func (g_object_unref);
      g_signal_connect_object (self->sets, "items-changed", G_CALLBACK (bench_plot_view_sets_changed_cb),
                               self, G_CONNECT_SWAPPED);
      bench_plot_view_sets_changed_cb (self, 0, 0, g_list_model_get_n_items (self->sets), self->sets);
    }
  else
    {
      const BenchSpec *spec = bench_device_get_spec (self->device);

      bench_plot_add_channel_set (self->plot, self->set);
      self->spec_plot = spec->plot;
      /* an explicit plot= (anything but the default) is the device's mode */
      if (self->settings != NULL && spec->plot != BENCH_PLOT_AUTO)
        g_settings_set_enum (self->settings, "plot-mode", spec->plot);
      self->mode = BENCH_PLOT_OFF;
      bench_plot_view_set_mode (self, spec->plot);
      g_signal_connect_object (self->device, "notify::spec", G_CALLBACK (bench_plot_view_spec_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->device, "notify::name", G_CALLBACK (bench_plot_view_update_empty),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->device, "notify::name", G_CALLBACK (bench_plot_view_update_accessible),
                               self, G_CONNECT_SWAPPED);
    }
  bench_plot_view_update_accessible (self);

  if (self->settings != NULL)
    {
      /* the pattern first: the mode may need it */
      g_settings_bind (self->settings, "show-plot", self, "show-plot", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "plot-window", self, "time-window", G_SETTINGS_BIND_DEFAULT);
      if (!bench_plot_view_is_combined (self))
        {
          g_settings_bind (self->settings, "plot-pattern", self, "pattern", G_SETTINGS_BIND_DEFAULT);
          g_settings_bind (self->settings, "plot-skip-timestamps", self, "skip-timestamps", G_SETTINGS_BIND_DEFAULT);
          g_settings_bind (self->settings, "plot-mode", self, "mode", G_SETTINGS_BIND_DEFAULT);
        }
    }

  bench_plot_view_sync_controls (self);
  bench_plot_view_update_visible (self);
  bench_plot_view_update_empty (self);
}

static void
bench_plot_view_dispose (GObject *object)
{
  BenchPlotView *self = (BenchPlotView *) object;
  GtkWidget *child;

  if (self->chooser != NULL)
    {
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
      g_clear_object (&self->chooser);
    }
  if (self->settings != NULL)
    {
      g_settings_unbind (self, "show-plot");
      g_settings_unbind (self, "time-window");
      g_settings_unbind (self, "pattern");
      g_settings_unbind (self, "skip-timestamps");
      g_settings_unbind (self, "mode");
    }
  if (self->sets != NULL)
    g_signal_handlers_disconnect_by_data (self->sets, self);
  if (self->device != NULL)
    g_signal_handlers_disconnect_by_data (self->device, self);
  if (self->watched != NULL)
    {
      for (guint i = 0; i < self->watched->len; i++)
        g_signal_handlers_disconnect_by_data (g_ptr_array_index (self->watched, i), self);
      g_clear_pointer (&self->watched, g_ptr_array_unref);
    }
  if (self->picker != NULL)
    bench_plot_view_clear_picker (self);
  /* the plot may outlive the template (the legend holds it) */
  if (self->plot != NULL)
    {
      g_signal_handlers_disconnect_by_data (bench_plot_get_traces (self->plot), self);
      g_signal_handlers_disconnect_by_data (self->plot, self);
    }

  gtk_widget_dispose_template (GTK_WIDGET (self), BENCH_TYPE_PLOT_VIEW);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&self->session);
  g_clear_object (&self->device);
  g_clear_object (&self->set);
  g_clear_object (&self->sets);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (bench_plot_view_parent_class)->dispose (object);
}

static void
bench_plot_view_finalize (GObject *object)
{
  BenchPlotView *self = (BenchPlotView *) object;

  g_clear_pointer (&self->touched, g_hash_table_unref);
  g_clear_pointer (&self->pattern, g_free);
  g_clear_pointer (&self->pattern_error, g_free);

  G_OBJECT_CLASS (bench_plot_view_parent_class)->finalize (object);
}

static void
bench_plot_view_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  BenchPlotView *self = BENCH_PLOT_VIEW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_DEVICE:
      g_value_set_object (value, self->device);
      break;
    case PROP_CHANNEL_SET:
      g_value_set_object (value, self->set);
      break;
    case PROP_CHANNEL_SETS:
      g_value_set_object (value, self->sets);
      break;
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    case PROP_SHOW_PLOT:
      g_value_set_boolean (value, self->show_plot);
      break;
    case PROP_MODE:
      g_value_set_enum (value, self->mode);
      break;
    case PROP_PATTERN:
      g_value_set_string (value, bench_plot_view_get_pattern (self));
      break;
    case PROP_SKIP_TIMESTAMPS:
      g_value_set_boolean (value, self->skip_timestamps);
      break;
    /* (property actions ask before the template is there and after it went) */
    case PROP_TIME_WINDOW:
      g_value_set_double (value, self->plot ? bench_plot_get_time_window (self->plot) : BENCH_PLOT_WINDOW_1MIN);
      break;
    case PROP_PAUSED:
      g_value_set_boolean (value, self->plot ? bench_plot_get_paused (self->plot) : FALSE);
      break;
    case PROP_EMPTY:
      g_value_set_boolean (value, self->empty);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bench_plot_view_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  BenchPlotView *self = BENCH_PLOT_VIEW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;
    case PROP_DEVICE:
      self->device = g_value_dup_object (value);
      break;
    case PROP_CHANNEL_SET:
      self->set = g_value_dup_object (value);
      break;
    case PROP_CHANNEL_SETS:
      self->sets = g_value_dup_object (value);
      break;
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    case PROP_SHOW_PLOT:
      bench_plot_view_set_show_plot (self, g_value_get_boolean (value));
      break;
    case PROP_MODE:
      bench_plot_view_set_mode (self, g_value_get_enum (value));
      break;
    case PROP_PATTERN:
      bench_plot_view_set_pattern (self, g_value_get_string (value));
      break;
    case PROP_SKIP_TIMESTAMPS:
      bench_plot_view_set_skip_timestamps (self, g_value_get_boolean (value));
      break;
    case PROP_TIME_WINDOW:
      if (self->plot != NULL)
        bench_plot_set_time_window (self->plot, g_value_get_double (value));
      break;
    case PROP_PAUSED:
      if (self->plot != NULL)
        bench_plot_set_paused (self->plot, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* The plot's own properties, forwarded (with their notifications) */
static void
bench_plot_view_plot_notify_cb (BenchPlotView *self,
                                GParamSpec    *pspec,
                                BenchPlot     *plot)
{
  if (g_str_equal (pspec->name, "time-window"))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIME_WINDOW]);
  else if (g_str_equal (pspec->name, "paused"))
    {
      bench_plot_view_paused_cb (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAUSED]);
    }
}

static void
bench_plot_view_class_init (BenchPlotViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = bench_plot_view_constructed;
  object_class->dispose = bench_plot_view_dispose;
  object_class->finalize = bench_plot_view_finalize;
  object_class->get_property = bench_plot_view_get_property;
  object_class->set_property = bench_plot_view_set_property;

#define CO (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS)
#define RW (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)
  properties[PROP_SESSION] = g_param_spec_object ("session", NULL, NULL, BENCH_TYPE_SESSION, CO);
  properties[PROP_DEVICE] = g_param_spec_object ("device", NULL, NULL, BENCH_TYPE_DEVICE, CO);
  properties[PROP_CHANNEL_SET] = g_param_spec_object ("channel-set", NULL, NULL, BENCH_TYPE_CHANNEL_SET, CO);
  properties[PROP_CHANNEL_SETS] = g_param_spec_object ("channel-sets", NULL, NULL, G_TYPE_LIST_MODEL, CO);
  properties[PROP_SETTINGS] = g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS, CO);
  properties[PROP_SHOW_PLOT] = g_param_spec_boolean ("show-plot", NULL, NULL, TRUE, RW);
  properties[PROP_MODE] = g_param_spec_enum ("mode", NULL, NULL, BENCH_TYPE_PLOT_MODE, BENCH_PLOT_AUTO, RW);
  properties[PROP_PATTERN] = g_param_spec_string ("pattern", NULL, NULL, "", RW);
  properties[PROP_SKIP_TIMESTAMPS] = g_param_spec_boolean ("skip-timestamps", NULL, NULL, FALSE, RW);
  properties[PROP_TIME_WINDOW] = g_param_spec_double ("time-window", NULL, NULL, 0, G_MAXDOUBLE,
                                                      BENCH_PLOT_WINDOW_1MIN, RW);
  properties[PROP_PAUSED] = g_param_spec_boolean ("paused", NULL, NULL, FALSE, RW);
  properties[PROP_EMPTY] = g_param_spec_boolean ("empty", NULL, NULL, TRUE,
                                                 G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
#undef RW
#undef CO
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (BENCH_TYPE_PLOT);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/benchtop/Benchtop/bench-plot-view.ui");
  gtk_widget_class_bind_template_child (widget_class, BenchPlotView, toolbar);
  gtk_widget_class_bind_template_child (widget_class, BenchPlotView, mode_label);
  gtk_widget_class_bind_template_child (widget_class, BenchPlotView, mode_dropdown);
  gtk_widget_class_bind_template_child (widget_class, BenchPlotView, skip_times_check);
  gtk_widget_class_bind_template_child (widget_class, BenchPlotView, channels_button);
  gtk_widget_class_bind_template_child (widget_class, BenchPlotView, channels_popover);
  gtk_widget_class_bind_template_child (widget_class, BenchPlotView, picker);
  gtk_widget_class_bind_template_child (widget_class, BenchPlotView, pattern_entry);
  gtk_widget_class_bind_template_child (widget_class, BenchPlotView, pattern_revealer);
  gtk_widget_class_bind_template_child (widget_class, BenchPlotView, pattern_error_label);
  gtk_widget_class_bind_template_child (widget_class, BenchPlotView, pause_button);
  gtk_widget_class_bind_template_child (widget_class, BenchPlotView, stack);
  gtk_widget_class_bind_template_child (widget_class, BenchPlotView, empty_title);
  gtk_widget_class_bind_template_child (widget_class, BenchPlotView, empty_description);
  gtk_widget_class_bind_template_child (widget_class, BenchPlotView, empty_pick_button);
  gtk_widget_class_bind_template_child (widget_class, BenchPlotView, plot);
  gtk_widget_class_bind_template_child (widget_class, BenchPlotView, footer);
  gtk_widget_class_bind_template_callback (widget_class, bench_plot_view_pattern_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, bench_plot_view_pattern_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, bench_plot_view_skip_times_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, bench_plot_view_picker_show_cb);
  gtk_widget_class_bind_template_callback (widget_class, bench_plot_view_pick_clicked_cb);

  gtk_widget_class_install_property_action (widget_class, "plot.time-window", "time-window");
  gtk_widget_class_install_property_action (widget_class, "plot.paused", "paused");
  gtk_widget_class_install_action (widget_class, "plot.live", NULL, bench_plot_view_live_action);
  gtk_widget_class_install_action (widget_class, "plot.export", "s", bench_plot_view_export_action);

  gtk_widget_class_set_css_name (widget_class, "benchplotview");
}

static void
bench_plot_view_init (BenchPlotView *self)
{
  self->show_plot = TRUE;
  self->touched = g_hash_table_new (NULL, NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  self->legend = BENCH_PLOT_LEGEND (bench_plot_legend_new (self->plot));
  gtk_widget_set_hexpand (GTK_WIDGET (self->legend), TRUE);
  gtk_box_prepend (self->footer, GTK_WIDGET (self->legend));

  g_signal_connect_object (self->plot, "notify", G_CALLBACK (bench_plot_view_plot_notify_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (bench_plot_get_traces (self->plot), "items-changed",
                           G_CALLBACK (bench_plot_view_traces_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->mode_dropdown, "notify::selected",
                           G_CALLBACK (bench_plot_view_mode_selected_cb), self, G_CONNECT_SWAPPED);
  bench_plot_view_paused_cb (self);
}

GtkWidget *
bench_plot_view_new (BenchSession    *session,
                     BenchDevice     *device,
                     BenchChannelSet *set,
                     GSettings       *settings)
{
  g_return_val_if_fail (BENCH_IS_SESSION (session), NULL);
  g_return_val_if_fail (BENCH_IS_DEVICE (device), NULL);
  g_return_val_if_fail (BENCH_IS_CHANNEL_SET (set), NULL);
  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  return g_object_new (BENCH_TYPE_PLOT_VIEW,
                       "session", session,
                       "device", device,
                       "channel-set", set,
                       "settings", settings,
                       NULL);
}

GtkWidget *
bench_plot_view_new_combined (BenchSession *session,
                              GListModel   *sets,
                              GSettings    *settings)
{
  g_return_val_if_fail (BENCH_IS_SESSION (session), NULL);
  g_return_val_if_fail (G_IS_LIST_MODEL (sets), NULL);
  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  return g_object_new (BENCH_TYPE_PLOT_VIEW,
                       "session", session,
                       "channel-sets", sets,
                       "settings", settings,
                       NULL);
}
