/* bench-query-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "bench-query-row.h"

#define COUNTERS_INTERVAL_MS 200

struct _BenchQueryRow
{
  GtkListBoxRow    parent_instance;

  BenchPoller     *poller;        /* not referenced: it owns the query list */
  BenchQuery      *query;
  GBindingGroup   *bindings;
  guint            counters_id;
  gboolean         updating;

  GtkCheckButton  *enabled_check;
  GtkEntry        *command_entry;
  GtkEntry        *interval_entry;
  GtkCheckButton  *wait_check;
  GtkEntry        *timeout_entry;
  GtkLabel        *counters_label;
  GtkLabel        *last_reply_label;
};

G_DEFINE_FINAL_TYPE (BenchQueryRow, bench_query_row, GTK_TYPE_LIST_BOX_ROW)

char *
bench_format_duration_ms (guint ms)
{
  if (ms >= 1000 && ms % 1000 == 0)
    return g_strdup_printf ("%us", ms / 1000);
  if (ms >= 1000 && ms % 100 == 0)
    return g_strdup_printf ("%u.%us", ms / 1000, (ms % 1000) / 100);
  return g_strdup_printf ("%ums", ms);
}

#define PLURAL_N(n) ((gulong) MIN ((n), G_MAXULONG))

/* Counters */

static void
bench_query_row_update_counters (BenchQueryRow *self)
{
  guint64 sent = bench_query_get_sent (self->query);
  guint64 replies = bench_query_get_replies (self->query);
  guint64 missed = bench_query_get_missed (self->query);
  const char *last = bench_query_get_last_reply (self->query);
  g_autofree char *text = NULL;

  g_clear_handle_id (&self->counters_id, g_source_remove);

  if (bench_query_get_wait_reply (self->query))
    {
      g_autofree char *sent_text = g_strdup_printf ("%'" G_GUINT64_FORMAT, sent);
      g_autofree char *replies_text = g_strdup_printf ("%'" G_GUINT64_FORMAT, replies);
      g_autofree char *missed_text = g_strdup_printf ("%'" G_GUINT64_FORMAT, missed);

      /* Translators: the counters of a scheduled query that waits for replies */
      text = g_strdup_printf (_("%s sent · %s replies · %s missed"), sent_text, replies_text, missed_text);
    }
  else
    {
      g_autofree char *sent_text = g_strdup_printf ("%'" G_GUINT64_FORMAT, sent);

      /* Translators: how often a scheduled query was sent */
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s sent", "%s sent", PLURAL_N (sent)), sent_text);
    }
  gtk_label_set_text (self->counters_label, text);
  if (missed > 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->counters_label), "warning");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->counters_label), "warning");

  /* the value as it came, in the console's font */
  gtk_widget_set_visible (GTK_WIDGET (self->last_reply_label), last != NULL);
  if (last != NULL)
    {
      g_autofree char *tooltip = g_strdup_printf (_("Last reply: %s"), last);

      gtk_label_set_text (self->last_reply_label, last);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->last_reply_label), tooltip);
    }
}

static gboolean
bench_query_row_counters_cb (gpointer user_data)
{
  BenchQueryRow *self = user_data;

  self->counters_id = 0;
  bench_query_row_update_counters (self);

  return G_SOURCE_REMOVE;
}

static void
bench_query_row_query_notify_cb (BenchQueryRow *self,
                                 GParamSpec    *pspec,
                                 BenchQuery    *query)
{
  const char *name = g_param_spec_get_name (pspec);

  if (g_str_equal (name, "command"))
    {
      if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->command_entry)), bench_query_get_command (query)) != 0)
        {
          self->updating = TRUE;
          gtk_editable_set_text (GTK_EDITABLE (self->command_entry), bench_query_get_command (query));
          self->updating = FALSE;
        }
      return;
    }

  if (g_str_equal (name, "interval-ms") || g_str_equal (name, "timeout-ms"))
    {
      gboolean interval = g_str_equal (name, "interval-ms");
      GtkEditable *entry = GTK_EDITABLE (interval ? self->interval_entry : self->timeout_entry);
      guint ms = interval ? bench_query_get_interval_ms (query) : bench_query_get_timeout_ms (query);
      guint shown;

      /* changed elsewhere: show it, unless it is what is being typed */
      if (!bench_parse_duration_ms (gtk_editable_get_text (entry), &shown) || shown != ms)
        {
          g_autofree char *text = bench_format_duration_ms (ms);

          self->updating = TRUE;
          gtk_editable_set_text (entry, text);
          gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
          self->updating = FALSE;
        }
      return;
    }

  /* a fast query answers many times a frame: a few updates a second */
  if (self->counters_id == 0)
    self->counters_id = g_timeout_add_full (G_PRIORITY_LOW, COUNTERS_INTERVAL_MS,
                                            bench_query_row_counters_cb, self, NULL);
}

const char *
bench_query_row_get_counters (BenchQueryRow *self)
{
  g_return_val_if_fail (BENCH_IS_QUERY_ROW (self), NULL);

  if (self->counters_id != 0)
    bench_query_row_update_counters (self);
  return gtk_label_get_text (self->counters_label);
}

const char *
bench_query_row_get_last_reply (BenchQueryRow *self)
{
  g_return_val_if_fail (BENCH_IS_QUERY_ROW (self), NULL);

  if (self->counters_id != 0)
    bench_query_row_update_counters (self);
  if (!gtk_widget_get_visible (GTK_WIDGET (self->last_reply_label)))
    return NULL;
  return gtk_label_get_text (self->last_reply_label);
}

/* Editing */

static void
mark_invalid (GtkEntry *entry,
              gboolean  invalid)
{
  if (invalid)
    gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
}

static void
bench_query_row_command_changed_cb (BenchQueryRow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->command_entry));

  if (self->updating)
    return;

  /* an empty command is not applied */
  mark_invalid (self->command_entry, *text == '\0');
  if (*text != '\0')
    bench_query_set_command (self->query, text);
}

static gboolean
parse_duration (GtkEntry *entry,
                guint    *ms)
{
  gboolean ok = bench_parse_duration_ms (gtk_editable_get_text (GTK_EDITABLE (entry)), ms) && *ms >= 1;

  mark_invalid (entry, !ok);
  return ok;
}

static void
bench_query_row_interval_changed_cb (BenchQueryRow *self)
{
  guint ms;

  if (!self->updating && parse_duration (self->interval_entry, &ms))
    bench_query_set_interval_ms (self->query, ms);
}

static void
bench_query_row_timeout_changed_cb (BenchQueryRow *self)
{
  guint ms;

  if (!self->updating && parse_duration (self->timeout_entry, &ms))
    bench_query_set_timeout_ms (self->query, ms);
}

static void
bench_query_row_fill (BenchQueryRow *self)
{
  g_autofree char *interval = bench_format_duration_ms (bench_query_get_interval_ms (self->query));
  g_autofree char *timeout = bench_format_duration_ms (bench_query_get_timeout_ms (self->query));

  self->updating = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->command_entry), bench_query_get_command (self->query));
  gtk_editable_set_text (GTK_EDITABLE (self->interval_entry), interval);
  gtk_editable_set_text (GTK_EDITABLE (self->timeout_entry), timeout);
  self->updating = FALSE;

  bench_query_row_update_counters (self);
}

/* Actions */

static gboolean
bench_query_row_find (BenchQueryRow *self,
                      guint         *position)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->poller));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BenchQuery) query = g_list_model_get_item (G_LIST_MODEL (self->poller), i);

      if (query == self->query)
        {
          *position = i;
          return TRUE;
        }
    }

  return FALSE;
}

static void
bench_query_row_move_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *param)
{
  BenchQueryRow *self = BENCH_QUERY_ROW (widget);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->poller));
  guint position;

  if (!bench_query_row_find (self, &position))
    return;

  if (g_str_equal (action_name, "query.move-up") && position > 0)
    bench_poller_move (self->poller, position, position - 1);
  else if (g_str_equal (action_name, "query.move-down") && position + 1 < n)
    bench_poller_move (self->poller, position, position + 1);
}

static void
bench_query_row_remove_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *param)
{
  BenchQueryRow *self = BENCH_QUERY_ROW (widget);
  guint position;

  if (bench_query_row_find (self, &position))
    bench_poller_remove (self->poller, position);
}

/* Accessors */

BenchQuery *
bench_query_row_get_query (BenchQueryRow *self)
{
  g_return_val_if_fail (BENCH_IS_QUERY_ROW (self), NULL);

  return self->query;
}

GtkEditable *
bench_query_row_get_command_entry (BenchQueryRow *self)
{
  g_return_val_if_fail (BENCH_IS_QUERY_ROW (self), NULL);

  return GTK_EDITABLE (self->command_entry);
}

GtkEditable *
bench_query_row_get_interval_entry (BenchQueryRow *self)
{
  g_return_val_if_fail (BENCH_IS_QUERY_ROW (self), NULL);

  return GTK_EDITABLE (self->interval_entry);
}

GtkEditable *
bench_query_row_get_timeout_entry (BenchQueryRow *self)
{
  g_return_val_if_fail (BENCH_IS_QUERY_ROW (self), NULL);

  return GTK_EDITABLE (self->timeout_entry);
}

/* GObject */

static void
bench_query_row_dispose (GObject *object)
{
  BenchQueryRow *self = (BenchQueryRow *) object;

  g_clear_handle_id (&self->counters_id, g_source_remove);
  if (self->bindings != NULL)
    g_binding_group_set_source (self->bindings, NULL);
  g_clear_object (&self->bindings);
  gtk_widget_dispose_template (GTK_WIDGET (self), BENCH_TYPE_QUERY_ROW);
  g_clear_object (&self->query);

  G_OBJECT_CLASS (bench_query_row_parent_class)->dispose (object);
}

static void
bench_query_row_class_init (BenchQueryRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bench_query_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/benchtop/Benchtop/bench-query-row.ui");
  gtk_widget_class_bind_template_child (widget_class, BenchQueryRow, enabled_check);
  gtk_widget_class_bind_template_child (widget_class, BenchQueryRow, command_entry);
  gtk_widget_class_bind_template_child (widget_class, BenchQueryRow, interval_entry);
  gtk_widget_class_bind_template_child (widget_class, BenchQueryRow, wait_check);
  gtk_widget_class_bind_template_child (widget_class, BenchQueryRow, timeout_entry);
  gtk_widget_class_bind_template_child (widget_class, BenchQueryRow, counters_label);
  gtk_widget_class_bind_template_child (widget_class, BenchQueryRow, last_reply_label);
  gtk_widget_class_bind_template_callback (widget_class, bench_query_row_command_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, bench_query_row_interval_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, bench_query_row_timeout_changed_cb);

  gtk_widget_class_install_action (widget_class, "query.move-up", NULL, bench_query_row_move_action);
  gtk_widget_class_install_action (widget_class, "query.move-down", NULL, bench_query_row_move_action);
  gtk_widget_class_install_action (widget_class, "query.remove", NULL, bench_query_row_remove_action);
}

static void
bench_query_row_init (BenchQueryRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->bindings = g_binding_group_new ();
  g_binding_group_bind (self->bindings, "enabled", self->enabled_check, "active",
                        G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  g_binding_group_bind (self->bindings, "wait-reply", self->wait_check, "active",
                        G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
}

GtkWidget *
bench_query_row_new (BenchPoller *poller,
                     BenchQuery  *query)
{
  BenchQueryRow *self;

  g_return_val_if_fail (BENCH_IS_POLLER (poller), NULL);
  g_return_val_if_fail (BENCH_IS_QUERY (query), NULL);

  self = g_object_new (BENCH_TYPE_QUERY_ROW, NULL);
  self->poller = poller;
  self->query = g_object_ref (query);
  g_binding_group_set_source (self->bindings, query);
  g_signal_connect_object (query, "notify", G_CALLBACK (bench_query_row_query_notify_cb),
                           self, G_CONNECT_SWAPPED);
  bench_query_row_fill (self);

  return GTK_WIDGET (self);
}
