/* bench-command.h - a named command button: a sequence of sends and waits
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A command is a name and a list of steps, each either "send TEXT" (text as
 * typed in the send box: escapes expanded, the device's tx-eol appended) or
 * "wait MS". BenchCommandRunner runs it on a device.
 *
 * The steps also have a text form, one step per line, which is what the
 * "text" property holds (an editor can bind a text view or entry to it):
 *
 *   *RST
 *   wait 100ms
 *   CONF:VOLT:DC
 *
 * A line "wait DURATION" (DURATION with a unit: "100ms", "1.5s"; any case,
 * blanks allowed around it) is a wait; any other line is sent as it is.
 * Blank lines are skipped. To send a line that looks like a wait, escape a
 * character of it ("\x77ait 100ms").
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define BENCH_TYPE_COMMAND (bench_command_get_type ())

typedef enum
{
  BENCH_COMMAND_STEP_SEND,
  BENCH_COMMAND_STEP_WAIT,
} BenchCommandStepKind;

G_DECLARE_FINAL_TYPE (BenchCommand, bench_command, BENCH, COMMAND, GObject)

BenchCommand *bench_command_new              (const char            *name,
                                              const char            *text);
BenchCommand *bench_command_copy             (BenchCommand          *self);
const char   *bench_command_get_name         (BenchCommand          *self);
void          bench_command_set_name         (BenchCommand          *self,
                                              const char            *name);
/* The steps as text (see above) */
const char   *bench_command_get_text         (BenchCommand          *self);
void          bench_command_set_text         (BenchCommand          *self,
                                              const char            *text);
/* Checks a text form for an editor: a bad escape in a send line is an error
 * naming the line. */
gboolean      bench_command_check_text       (const char            *text,
                                              GError               **error);

guint         bench_command_get_n_steps      (BenchCommand          *self);
/* @text for SEND steps, @ms for WAIT steps; either out argument may be NULL */
BenchCommandStepKind bench_command_get_step  (BenchCommand          *self,
                                              guint                  index,
                                              const char           **text,
                                              guint                 *ms);
void          bench_command_append_send      (BenchCommand          *self,
                                              const char            *text);
void          bench_command_append_wait      (BenchCommand          *self,
                                              guint                  ms);
void          bench_command_clear_steps      (BenchCommand          *self);
/* The sum of the waits, in ms */
guint64       bench_command_get_duration_ms  (BenchCommand          *self);

/* (sa(sv)): the name and the steps ("send", <s>) / ("wait", <u>) */
GVariant     *bench_command_to_variant       (BenchCommand          *self);
BenchCommand *bench_command_new_from_variant (GVariant              *variant,
                                              GError               **error);

G_END_DECLS
