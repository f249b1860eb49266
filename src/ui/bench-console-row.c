/* bench-console-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Text only: device bytes reach GTK as plain text already escaped by
 * bench_escape (never as markup).
 */
#include "config.h"

#include <glib/gi18n.h>

#include "bench-console-model.h"
#include "bench-console-row.h"

struct _BenchConsoleRow
{
  GtkWidget         parent_instance;

  BenchConsoleItem *item;
  GSignalGroup     *model_signals;
  const char       *direction_class;
  char             *color_class;

  GtkInscription   *time_label;
  GtkInscription   *device_label;
  GtkLabel         *direction_label;
  GtkInscription   *text_label;
};

G_DEFINE_FINAL_TYPE (BenchConsoleRow, bench_console_row, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ITEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
bench_console_row_set_class (BenchConsoleRow *self,
                             const char      *css_class)
{
  if (self->direction_class == css_class)
    return;

  if (self->direction_class != NULL)
    gtk_widget_remove_css_class (GTK_WIDGET (self), self->direction_class);
  self->direction_class = css_class;
  if (css_class != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self), css_class);
}

static void
bench_console_row_set_color (BenchConsoleRow *self,
                             int              slot)
{
  g_autofree char *css_class = slot >= 0 ? g_strdup_printf ("device-color-%d", slot % BENCH_N_DEVICE_COLORS) : NULL;

  if (g_strcmp0 (css_class, self->color_class) == 0)
    return;

  if (self->color_class != NULL)
    gtk_widget_remove_css_class (GTK_WIDGET (self->device_label), self->color_class);
  g_free (self->color_class);
  self->color_class = g_steal_pointer (&css_class);
  if (self->color_class != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->device_label), self->color_class);
}

static void
bench_console_row_render (BenchConsoleRow *self)
{
  g_autofree char *time = NULL;
  g_autofree char *text = NULL;
  BenchConsoleModel *model;
  const char *direction;
  const char *css_class;
  BenchRowFlags flags;

  if (self->item == NULL)
    {
      gtk_inscription_set_text (self->time_label, NULL);
      gtk_inscription_set_text (self->text_label, NULL);
      gtk_label_set_text (self->direction_label, "");
      bench_console_row_set_class (self, NULL);
      return;
    }

  model = bench_console_item_get_model (self->item);
  flags = bench_console_item_get_flags (self->item);
  time = bench_console_item_dup_time (self->item);
  text = bench_console_item_dup_text (self->item);

  /* Readable without colour: a word per direction, and errors say so. */
  switch (bench_console_item_get_direction (self->item))
    {
    case BENCH_DIRECTION_RX:
      direction = C_("console direction, received", "RX");
      css_class = "rx";
      break;
    case BENCH_DIRECTION_TX:
      direction = C_("console direction, sent", "TX");
      css_class = "tx";
      break;
    case BENCH_DIRECTION_EVENT:
    default:
      if (flags & BENCH_ROW_ERROR)
        {
          direction = C_("console direction, error event", "ERR");
          css_class = "error";
        }
      else
        {
          direction = C_("console direction, event", "EV");
          css_class = "event";
        }
      break;
    }
  if (bench_console_item_get_gone (self->item))
    {
      direction = "";
      css_class = "gone";
    }

  gtk_inscription_set_text (self->time_label, time);
  gtk_label_set_text (self->direction_label, direction);
  gtk_inscription_set_text (self->text_label, text);
  bench_console_row_set_class (self, css_class);

  gtk_widget_set_visible (GTK_WIDGET (self->device_label), bench_console_model_get_journal (model) != NULL);
  if (bench_console_model_get_journal (model) != NULL)
    {
      gtk_inscription_set_text (self->device_label, bench_console_item_get_device_name (self->item));
      bench_console_row_set_color (self, bench_console_item_get_slot (self->item));
    }
}

BenchConsoleItem *
bench_console_row_get_item (BenchConsoleRow *self)
{
  g_return_val_if_fail (BENCH_IS_CONSOLE_ROW (self), NULL);

  return self->item;
}

void
bench_console_row_set_item (BenchConsoleRow  *self,
                            BenchConsoleItem *item)
{
  g_return_if_fail (BENCH_IS_CONSOLE_ROW (self));
  g_return_if_fail (item == NULL || BENCH_IS_CONSOLE_ITEM (item));

  if (!g_set_object (&self->item, item))
    return;

  /* time mode and hex belong to the model: follow them while bound */
  g_signal_group_set_target (self->model_signals, item ? bench_console_item_get_model (item) : NULL);
  bench_console_row_render (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITEM]);
}

GtkWidget *
bench_console_row_new (void)
{
  return g_object_new (BENCH_TYPE_CONSOLE_ROW, NULL);
}

char *
bench_console_row_dup_text (BenchConsoleRow *self)
{
  g_return_val_if_fail (BENCH_IS_CONSOLE_ROW (self), NULL);

  if (gtk_widget_get_visible (GTK_WIDGET (self->device_label)))
    return g_strdup_printf ("%s %s %s %s",
                            gtk_inscription_get_text (self->time_label),
                            gtk_inscription_get_text (self->device_label),
                            gtk_label_get_text (self->direction_label),
                            gtk_inscription_get_text (self->text_label));

  return g_strdup_printf ("%s %s %s",
                          gtk_inscription_get_text (self->time_label),
                          gtk_label_get_text (self->direction_label),
                          gtk_inscription_get_text (self->text_label));
}

static void
bench_console_row_dispose (GObject *object)
{
  BenchConsoleRow *self = (BenchConsoleRow *) object;
  GtkWidget *child;

  if (self->model_signals != NULL)
    g_signal_group_set_target (self->model_signals, NULL);
  g_clear_object (&self->model_signals);
  g_clear_object (&self->item);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (bench_console_row_parent_class)->dispose (object);
}

static void
bench_console_row_finalize (GObject *object)
{
  BenchConsoleRow *self = (BenchConsoleRow *) object;

  g_clear_pointer (&self->color_class, g_free);

  G_OBJECT_CLASS (bench_console_row_parent_class)->finalize (object);
}

static void
bench_console_row_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  BenchConsoleRow *self = BENCH_CONSOLE_ROW (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      g_value_set_object (value, self->item);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bench_console_row_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  BenchConsoleRow *self = BENCH_CONSOLE_ROW (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      bench_console_row_set_item (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bench_console_row_class_init (BenchConsoleRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bench_console_row_dispose;
  object_class->finalize = bench_console_row_finalize;
  object_class->get_property = bench_console_row_get_property;
  object_class->set_property = bench_console_row_set_property;

  properties[PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL, BENCH_TYPE_CONSOLE_ITEM,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "benchconsolerow");
}

static GtkInscription *
add_inscription (BenchConsoleRow *self,
                 guint            min_chars,
                 guint            nat_chars,
                 const char      *css_class)
{
  GtkWidget *inscription = gtk_inscription_new (NULL);

  gtk_inscription_set_min_chars (GTK_INSCRIPTION (inscription), min_chars);
  gtk_inscription_set_nat_chars (GTK_INSCRIPTION (inscription), nat_chars);
  gtk_inscription_set_xalign (GTK_INSCRIPTION (inscription), 0);
  gtk_inscription_set_text_overflow (GTK_INSCRIPTION (inscription), GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_widget_add_css_class (inscription, css_class);
  gtk_widget_set_parent (inscription, GTK_WIDGET (self));

  return GTK_INSCRIPTION (inscription);
}

/* Built here, not from a template: GtkListView keeps about 200 rows, and
 * filling them from GtkBuilder took tens of milliseconds in one frame the
 * first time a console filled up (measured with tests/bench). */
static void
bench_console_row_init (BenchConsoleRow *self)
{
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (gtk_widget_get_layout_manager (GTK_WIDGET (self))), 12);

  self->time_label = add_inscription (self, 12, 12, "time");
  gtk_widget_add_css_class (GTK_WIDGET (self->time_label), "numeric");

  self->device_label = add_inscription (self, 10, 12, "device-tag");
  gtk_widget_set_visible (GTK_WIDGET (self->device_label), FALSE);

  self->direction_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_width_chars (self->direction_label, 3);
  gtk_label_set_xalign (self->direction_label, 0.5);
  gtk_widget_add_css_class (GTK_WIDGET (self->direction_label), "direction");
  gtk_widget_set_parent (GTK_WIDGET (self->direction_label), GTK_WIDGET (self));

  self->text_label = add_inscription (self, 16, 40, "line");
  gtk_widget_set_hexpand (GTK_WIDGET (self->text_label), TRUE);

  self->model_signals = g_signal_group_new (BENCH_TYPE_CONSOLE_MODEL);
  g_signal_group_connect_swapped (self->model_signals, "notify::relative-time",
                                  G_CALLBACK (bench_console_row_render), self);
  g_signal_group_connect_swapped (self->model_signals, "notify::hex",
                                  G_CALLBACK (bench_console_row_render), self);
}
