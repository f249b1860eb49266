/* xping.c - how quickly a window's main loop answers, via _NET_WM_PING
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   xping WINDOW-ID [INTERVAL-MS]
 *
 * Sends the window a _NET_WM_PING (as a window manager does) every
 * INTERVAL-MS (default 10) and waits for the answer, which GDK sends from
 * its X event source on the main loop. Prints one line per ping,
 * "REALTIME-S RTT-MS", until SIGINT or SIGTERM. A ping with no answer
 * within 10 s counts as 10000 ms. Works without a window manager: the
 * answer goes to the root window with SubstructureNotifyMask, which this
 * client selects.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <X11/Xatom.h>
#include <X11/Xlib.h>

static volatile sig_atomic_t stop;

static void
on_signal (int sig)
{
  (void) sig;
  stop = 1;
}

static double
now (clockid_t clock)
{
  struct timespec ts;

  clock_gettime (clock, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

int
main (int    argc,
      char **argv)
{
  Display *dpy;
  Window win, root;
  Atom wm_protocols, net_wm_ping;
  double interval;
  long seq = 1;
  int fd;

  if (argc < 2)
    {
      fprintf (stderr, "usage: xping WINDOW-ID [INTERVAL-MS]\n");
      return 2;
    }
  win = strtoul (argv[1], NULL, 0);
  interval = (argc > 2 ? atof (argv[2]) : 10.0) / 1000.0;

  dpy = XOpenDisplay (NULL);
  if (dpy == NULL)
    {
      fprintf (stderr, "xping: cannot open the display\n");
      return 1;
    }
  root = DefaultRootWindow (dpy);
  wm_protocols = XInternAtom (dpy, "WM_PROTOCOLS", False);
  net_wm_ping = XInternAtom (dpy, "_NET_WM_PING", False);
  XSelectInput (dpy, root, SubstructureNotifyMask);
  XFlush (dpy);
  fd = ConnectionNumber (dpy);

  signal (SIGINT, on_signal);
  signal (SIGTERM, on_signal);
  setvbuf (stdout, NULL, _IOLBF, 0);

  while (!stop)
    {
      XEvent ev;
      double sent = now (CLOCK_MONOTONIC);
      double wall = now (CLOCK_REALTIME);
      double rtt = -1;

      memset (&ev, 0, sizeof ev);
      ev.xclient.type = ClientMessage;
      ev.xclient.window = win;
      ev.xclient.message_type = wm_protocols;
      ev.xclient.format = 32;
      ev.xclient.data.l[0] = net_wm_ping;
      ev.xclient.data.l[1] = seq;      /* the "timestamp" we match the answer by */
      ev.xclient.data.l[2] = win;
      XSendEvent (dpy, win, False, NoEventMask, &ev);
      XFlush (dpy);

      while (rtt < 0 && !stop)
        {
          struct pollfd pfd = { fd, POLLIN, 0 };
          double waited = now (CLOCK_MONOTONIC) - sent;

          if (waited > 10.0)
            {
              rtt = 10000;
              break;
            }
          while (XPending (dpy) > 0)
            {
              XNextEvent (dpy, &ev);
              if (ev.type == ClientMessage && ev.xclient.message_type == wm_protocols &&
                  (Atom) ev.xclient.data.l[0] == net_wm_ping && ev.xclient.data.l[1] == seq)
                rtt = (now (CLOCK_MONOTONIC) - sent) * 1000.0;
            }
          if (rtt < 0)
            poll (&pfd, 1, 5);
        }
      if (stop)
        break;

      printf ("%.6f %.3f\n", wall, rtt);
      seq++;

      {
        double left = sent + interval - now (CLOCK_MONOTONIC);

        if (left > 0)
          {
            struct timespec ts = { (time_t) left, (long) ((left - (time_t) left) * 1e9) };

            nanosleep (&ts, NULL);
          }
      }
    }

  XCloseDisplay (dpy);
  return 0;
}
