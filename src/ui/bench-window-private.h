/* bench-window-private.h - shared by bench-window*.c (and the UI tests)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bench-channel-set.h"
#include "bench-window.h"

G_BEGIN_DECLS

struct _BenchWindow
{
  AdwApplicationWindow  parent_instance;

  BenchSession         *session;
  BenchSettings        *settings;
  BenchJournal         *journal;
  BenchPortMonitor     *ports;
  GListStore           *sidebar_head;
  GtkFlattenListModel  *sidebar_model;
  GHashTable           *pages;          /* BenchDevice* -> BenchDevicePage* */
  BenchDevicePage      *overview_page;
  BenchDevice          *selected;       /* NULL: All Devices */
  GSignalGroup         *selected_signals;
  GtkNativeDialog      *chooser;
  char                 *last_toast;
  gboolean              selecting;

  /* plots (bench-window-plots.c) */
  GHashTable           *plot_sets;      /* BenchDevice* -> BenchChannelSet* */
  GListStore           *channel_sets;   /* BenchChannelSet, one per device */
  GBindingGroup        *plot_bindings;  /* the shown page's plot view */
  GSignalGroup         *plot_signals;
  gboolean              show_plot;
  char                 *plot_mode;

  /* template */
  AdwToastOverlay      *toast_overlay;
  AdwLeaflet           *leaflet;
  GtkWidget            *sidebar;
  GtkWidget            *content;
  GtkWidget            *back_button;
  GtkListBox           *device_list;
  GtkRevealer          *recording_revealer;
  GtkLabel             *recording_label;
  AdwWindowTitle       *content_title;
  GtkStack             *content_stack;
  GtkToggleButton      *record_button;
  GtkMenuButton        *device_menu_button;
  GtkToggleButton      *automation_button;
};

void         _bench_window_class_actions_init (GtkWidgetClass *widget_class);
void         _bench_window_update_actions     (BenchWindow    *self);
/* The device an action's parameter names ("" is the selected one), or NULL
 * after a toast saying there is none. */
BenchDevice *_bench_window_lookup_device      (BenchWindow    *self,
                                               GVariant       *param);
/* The file choosers' outcomes (tests call them with a file of their own) */
void         _bench_window_record_to          (BenchWindow    *self,
                                               GFile          *file);
void         _bench_window_export_to          (BenchWindow    *self,
                                               GFile          *file,
                                               const char     *format,
                                               const char     *device_name);
/* Opens the file chooser for recording or export (@device_name NULL: all) */
void         _bench_window_choose_record_file (BenchWindow    *self);
void         _bench_window_choose_export_file (BenchWindow    *self,
                                               const char     *device_name);
/* The suggested file name: benchtop-2026-11-22-0312.csv */
char        *_bench_window_default_file_name  (const char     *extension);
/* The format for @path: from its extension if it has a known one, else
 * @choice ("csv", "jsonl", "text"), whose extension is then appended. */
BenchLogFormat _bench_window_resolve_format   (char          **path,
                                               const char     *choice);

/* bench-window-plots.c */
void             _bench_window_plots_init              (BenchWindow     *self);
void             _bench_window_plots_dispose           (BenchWindow     *self);
void             _bench_window_plots_finalize          (BenchWindow     *self);
void             _bench_window_class_plot_actions_init (GtkWidgetClass  *widget_class);
void             _bench_window_update_plot_actions     (BenchWindow     *self);
/* A device's channel set (a sink of the device) and its page's plot */
void             _bench_window_add_plot                (BenchWindow     *self,
                                                        BenchDevice     *device,
                                                        BenchDevicePage *page);
void             _bench_window_remove_plot             (BenchWindow     *self,
                                                        BenchDevice     *device);
void             _bench_window_add_overview_plot       (BenchWindow     *self);
BenchChannelSet *_bench_window_get_channel_set         (BenchWindow     *self,
                                                        BenchDevice     *device);

G_END_DECLS
