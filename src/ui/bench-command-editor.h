/* bench-command-editor.h - add or edit a command button
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A small dialog: the button's name and its steps, one per line (text to
 * send, or "wait 100ms"). What is wrong is said under the steps as it is
 * typed (bench_command_check_text(): a bad escape names its line; a name
 * is required and unique in the device's set) and Save stays off until it
 * is right. Saving edits the command in place or appends a new one.
 */
#pragma once

#include <adwaita.h>

#include "bench-command-set.h"

G_BEGIN_DECLS

#define BENCH_TYPE_COMMAND_EDITOR (bench_command_editor_get_type ())

G_DECLARE_FINAL_TYPE (BenchCommandEditor, bench_command_editor, BENCH, COMMAND_EDITOR, AdwWindow)

/* @command: the one to edit, or NULL for a new button */
GtkWidget    *bench_command_editor_new       (BenchCommandSet    *commands,
                                              BenchCommand       *command);
BenchCommand *bench_command_editor_get_command (BenchCommandEditor *self);
void          bench_command_editor_set_name  (BenchCommandEditor *self,
                                              const char         *name);
void          bench_command_editor_set_text  (BenchCommandEditor *self,
                                              const char         *text);
const char   *bench_command_editor_get_error (BenchCommandEditor *self);
/* What Save does; FALSE (and nothing changes) while there is an error */
gboolean      bench_command_editor_save      (BenchCommandEditor *self);

G_END_DECLS
