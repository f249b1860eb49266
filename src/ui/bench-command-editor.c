/* bench-command-editor.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "bench-command-editor.h"
#include "bench-util.h"

struct _BenchCommandEditor
{
  AdwWindow        parent_instance;

  BenchCommandSet *commands;
  BenchCommand    *command;      /* NULL: a new one */
  char            *error;

  AdwWindowTitle  *title_widget;
  GtkButton       *save_button;
  AdwEntryRow     *name_row;
  GtkTextView     *text_view;
  GtkLabel        *status_label;
};

G_DEFINE_FINAL_TYPE (BenchCommandEditor, bench_command_editor, ADW_TYPE_WINDOW)

static char *
bench_command_editor_dup_text (BenchCommandEditor *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static char *
dup_name (BenchCommandEditor *self)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
}

/* What is wrong, or NULL; @summary gets what the steps do */
static char *
bench_command_editor_check (BenchCommandEditor  *self,
                            char               **summary)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BenchCommand) trial = NULL;
  g_autofree char *name = dup_name (self);
  g_autofree char *text = bench_command_editor_dup_text (self);
  BenchCommand *same;
  guint steps;
  guint64 waits;

  if (!bench_command_check_text (text, &error))
    return g_strdup (error->message);

  trial = bench_command_new (name, text);
  steps = bench_command_get_n_steps (trial);
  waits = bench_command_get_duration_ms (trial);
  if (steps == 0)
    return g_strdup (_("Add at least one step: a line to send, or a wait."));

  if (waits > 0)
    {
      g_autofree char *wait_text = waits % 1000 == 0 ? g_strdup_printf ("%u s", (guint) (waits / 1000))
                                                     : g_strdup_printf ("%u ms", (guint) waits);

      /* Translators: a number of steps, then how long their waits take */
      *summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u step, %s of waiting", "%u steps, %s of waiting", steps),
                                  steps, wait_text);
    }
  else
    *summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u step", "%u steps", steps), steps);

  if (name[0] == '\0')
    return g_strdup (_("Give the button a name."));

  same = bench_command_set_find (self->commands, name);
  if (same != NULL && same != self->command)
    return g_strdup_printf (_("Another button is called “%s”."), name);

  return NULL;
}

static void
bench_command_editor_changed_cb (BenchCommandEditor *self)
{
  g_autofree char *summary = NULL;
  g_autofree char *error = bench_command_editor_check (self, &summary);

  g_autofree char *name = dup_name (self);
  g_autofree char *text = bench_command_editor_dup_text (self);
  /* a new, empty button is not an error yet */
  gboolean pristine = name[0] == '\0' && text[0] == '\0';

  bench_set_str (&self->error, error);
  gtk_label_set_text (self->status_label, pristine ? _("Name the button and write its steps.")
                                                   : error ? error : summary);
  if (error != NULL && !pristine)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), error == NULL);
}

const char *
bench_command_editor_get_error (BenchCommandEditor *self)
{
  g_return_val_if_fail (BENCH_IS_COMMAND_EDITOR (self), NULL);

  return self->error;
}

BenchCommand *
bench_command_editor_get_command (BenchCommandEditor *self)
{
  g_return_val_if_fail (BENCH_IS_COMMAND_EDITOR (self), NULL);

  return self->command;
}

void
bench_command_editor_set_name (BenchCommandEditor *self,
                               const char         *name)
{
  g_return_if_fail (BENCH_IS_COMMAND_EDITOR (self));

  gtk_editable_set_text (GTK_EDITABLE (self->name_row), name ? name : "");
}

void
bench_command_editor_set_text (BenchCommandEditor *self,
                               const char         *text)
{
  g_return_if_fail (BENCH_IS_COMMAND_EDITOR (self));

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view), text ? text : "", -1);
}

gboolean
bench_command_editor_save (BenchCommandEditor *self)
{
  g_autofree char *summary = NULL;
  g_autofree char *error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (BENCH_IS_COMMAND_EDITOR (self), FALSE);

  error = bench_command_editor_check (self, &summary);
  if (error != NULL)
    return FALSE;

  name = dup_name (self);
  text = bench_command_editor_dup_text (self);
  if (self->command != NULL)
    {
      bench_command_set_name (self->command, name);
      bench_command_set_text (self->command, text);
    }
  else
    {
      g_autoptr(BenchCommand) command = bench_command_new (name, text);

      bench_command_set_append (self->commands, command);
    }

  gtk_window_destroy (GTK_WINDOW (self));
  return TRUE;
}

static void
bench_command_editor_save_cb (BenchCommandEditor *self)
{
  bench_command_editor_save (self);
}

/* GObject */

static void
bench_command_editor_dispose (GObject *object)
{
  BenchCommandEditor *self = (BenchCommandEditor *) object;

  gtk_widget_dispose_template (GTK_WIDGET (self), BENCH_TYPE_COMMAND_EDITOR);
  g_clear_object (&self->commands);
  g_clear_object (&self->command);

  G_OBJECT_CLASS (bench_command_editor_parent_class)->dispose (object);
}

static void
bench_command_editor_finalize (GObject *object)
{
  BenchCommandEditor *self = (BenchCommandEditor *) object;

  g_clear_pointer (&self->error, g_free);

  G_OBJECT_CLASS (bench_command_editor_parent_class)->finalize (object);
}

static void
bench_command_editor_class_init (BenchCommandEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bench_command_editor_dispose;
  object_class->finalize = bench_command_editor_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/benchtop/Benchtop/bench-command-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, BenchCommandEditor, title_widget);
  gtk_widget_class_bind_template_child (widget_class, BenchCommandEditor, save_button);
  gtk_widget_class_bind_template_child (widget_class, BenchCommandEditor, name_row);
  gtk_widget_class_bind_template_child (widget_class, BenchCommandEditor, text_view);
  gtk_widget_class_bind_template_child (widget_class, BenchCommandEditor, status_label);
  gtk_widget_class_bind_template_callback (widget_class, bench_command_editor_save_cb);
  gtk_widget_class_bind_template_callback (widget_class, bench_command_editor_changed_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
bench_command_editor_init (BenchCommandEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_object (gtk_text_view_get_buffer (self->text_view), "changed",
                           G_CALLBACK (bench_command_editor_changed_cb), self, G_CONNECT_SWAPPED);
}

GtkWidget *
bench_command_editor_new (BenchCommandSet *commands,
                          BenchCommand    *command)
{
  BenchCommandEditor *self;

  g_return_val_if_fail (BENCH_IS_COMMAND_SET (commands), NULL);
  g_return_val_if_fail (command == NULL || BENCH_IS_COMMAND (command), NULL);

  self = g_object_new (BENCH_TYPE_COMMAND_EDITOR, NULL);
  self->commands = g_object_ref (commands);
  g_set_object (&self->command, command);

  if (command != NULL)
    {
      adw_window_title_set_title (self->title_widget, _("Edit Command Button"));
      adw_window_title_set_subtitle (self->title_widget, bench_command_get_name (command));
      bench_command_editor_set_name (self, bench_command_get_name (command));
      bench_command_editor_set_text (self, bench_command_get_text (command));
    }
  bench_command_editor_changed_cb (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));

  return GTK_WIDGET (self);
}
