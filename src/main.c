/* main.c - the benchtop window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   benchtop [--demo] [--record FILE] [SPEC...]
 */
#include "config.h"

#include <locale.h>

#include <glib/gi18n.h>

#include "bench-application.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(BenchApplication) app = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_set_application_name ("Benchtop");

  app = bench_application_new (APP_ID, G_APPLICATION_DEFAULT_FLAGS);

  return g_application_run (G_APPLICATION (app), argc, argv);
}
