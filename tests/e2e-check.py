#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""End-to-end checks of a running benchtop, as a person would see it.

Run by tests/e2e-window.sh with /usr/bin/python3 (pyatspi), while benchtop
runs with the socat pty FAR's other end as device "Probe". Talks to the
window only through what a user has: the far end of the serial line, D-Bus
actions (gapplication), real input (xdotool) and the accessibility tree.

    e2e-check.py FAR_PTY ARTIFACTS_DIR
"""
import os
import select
import subprocess
import sys
import time

import pyatspi

APP_ID = "io.github.benchtop.Benchtop"
far_path, artifacts = sys.argv[1], sys.argv[2]
failures = []


def log(*args):
    print("#", *args, flush=True)


def check(cond, what):
    print(("ok - " if cond else "not ok - ") + what, flush=True)
    if not cond:
        failures.append(what)
    return cond


def poll(fn, timeout=10.0, step=0.02):
    end = time.monotonic() + timeout
    while True:
        value = fn()
        if value or time.monotonic() > end:
            return value
        time.sleep(step)


def action(name, param=None):
    args = ["gapplication", "action", APP_ID, name] + ([param] if param is not None else [])
    return subprocess.run(args, capture_output=True, text=True, timeout=10)


def screenshot(name):
    path = os.path.join(artifacts, name)
    subprocess.run(["/usr/bin/import", "-window", "root", path], check=False, timeout=10)
    log("screenshot:", path)


# the far end of the serial line
far = os.open(far_path, os.O_RDWR | os.O_NOCTTY | os.O_NONBLOCK)


def far_write(data):
    os.write(far, data)


def far_read(n, timeout=5.0):
    out = b""
    end = time.monotonic() + timeout
    while len(out) < n and time.monotonic() < end:
        r, _, _ = select.select([far], [], [], 0.05)
        if r:
            try:
                out += os.read(far, 4096)
            except BlockingIOError:
                pass
    return out


# accessibility helpers
def find_app():
    desktop = pyatspi.Registry.getDesktop(0)
    for i in range(desktop.childCount):
        a = desktop.getChildAtIndex(i)
        if a is not None and a.name in ("benchtop", "Benchtop"):
            return a
    return None


def text_of(acc):
    try:
        t = acc.queryText()
        return t.getText(0, t.characterCount)  # getText(0, -1) is '' on GTK 4.8
    except NotImplementedError:
        return ""


def labels(root):
    found = pyatspi.findAllDescendants(root, lambda a: a.getRoleName() == "label")
    return [text_of(a) or a.name for a in found]


def has_label(root, needle):
    return any(needle in t for t in labels(root))


def find(root, role, name=None, description=None):
    """The first visible descendant of @role (and @name, @description)"""
    return pyatspi.findDescendant(
        root,
        lambda a: a.getRoleName() == role
        and (name is None or a.name == name)
        and (description is None or a.description == description)
        and a.getState().contains(pyatspi.STATE_VISIBLE))


def click(acc):
    e = acc.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
    log("click at", e.x + e.width // 2, e.y + e.height // 2, "extents", e.x, e.y, e.width, e.height)
    subprocess.run(["xdotool", "mousemove", str(e.x + e.width // 2), str(e.y + e.height // 2), "click", "1"],
                   check=True, timeout=10)


app = poll(find_app, 15)
if not check(app is not None, "benchtop is on the accessibility bus"):
    sys.exit(1)
frame = poll(lambda: app.getChildAtIndex(0) if app.childCount else None, 10)
check(frame is not None and frame.getRoleName() == "frame", "its window is a frame")
log("window:", frame.name)
check(poll(lambda: "Probe" in frame.name, 10), "the window shows the device given on the command line")

# what the device says reaches the console, control bytes escaped
far_write(b"hello from the far end\n")
far_write(b"ctrl \x1b[0m\x07 bytes\n")
check(poll(lambda: has_label(frame, "hello from the far end"), 10), "a received line shows in the console")
check(poll(lambda: has_label(frame, "ctrl \\x1b[0m\\x07 bytes"), 10),
      "control bytes show as escapes, not interpreted")
check(poll(lambda: has_label(frame, "Connected"), 5), "the sidebar says the device is connected")

# a command over D-Bus goes out with the tx-eol, and shows as TX
r = action("send", "('Probe', '*IDN?')")
check(r.returncode == 0, "gapplication action send works (%s)" % r.stderr.strip())
got = far_read(6)
check(got == b"*IDN?\n", "the far end reads the command and its line ending (%r)" % got)
check(poll(lambda: has_label(frame, "*IDN?"), 5), "the sent command shows in the console")
check(has_label(frame, "TX"), "sent rows are marked TX")

# typing: click the send box, type, Return
entry = poll(lambda: find(frame, "text", "Command to send"), 5)
if check(entry is not None, "the send box is named for assistive technologies"):
    click(entry)
    time.sleep(0.2)
    subprocess.run(["xdotool", "type", "--delay", "15", "MEAS:VOLT?"], check=True, timeout=10)
    subprocess.run(["xdotool", "key", "Return"], check=True, timeout=10)
    got = far_read(11)
    check(got == b"MEAS:VOLT?\n", "typing a command and Return sends it (%r)" % got)
    # Up brings it back
    subprocess.run(["xdotool", "key", "Up"], check=True, timeout=10)
    check(poll(lambda: text_of(entry) == "MEAS:VOLT?", 3), "Up recalls the last command")
    subprocess.run(["xdotool", "key", "ctrl+a", "BackSpace"], check=True, timeout=10)

# errors are toasts, and readable over D-Bus
r = action("send", "('Nobody', 'x')")
check(r.returncode == 0, "an action naming an unknown device does not fail the call")
r = subprocess.run(["gdbus", "call", "--session", "--dest", APP_ID, "--object-path", "/io/github/benchtop/Benchtop",
                    "--method", "org.gtk.Actions.Describe", "last-error"], capture_output=True, text=True, timeout=10)
check("No device named" in r.stdout, "last-error says why (%s)" % r.stdout.strip())
check(poll(lambda: has_label(frame, "No device named “Nobody”"), 5), "and a toast shows it")

# enough lines to scroll, then scroll up with the wheel: following pauses
far_write(b"".join(b"reading %04d\n" % i for i in range(400)))
check(poll(lambda: has_label(frame, "reading 0399"), 10), "the console follows the newest line")
def on_screen(acc):
    e = acc.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
    return e.width > 0 and e.height > 0


# every device page has a console; the one shown has a size
consoles = pyatspi.findAllDescendants(frame, lambda a: a.getRoleName() == "list" and a.name == "Console")
console = next((c for c in consoles if on_screen(c)), None)
if check(console is not None, "the console list is named"):
    e = console.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
    log("console extents", e.x, e.y, e.width, e.height)
    subprocess.run(["xdotool", "mousemove", str(e.x + e.width // 2), str(e.y + e.height // 2)], check=True)
    for _ in range(8):
        subprocess.run(["xdotool", "click", "4"], check=True, timeout=10)
        time.sleep(0.03)
    jump = poll(lambda: find(frame, "push button", "Jump to Live"), 5)
    check(jump is not None, "scrolling up pauses following: Jump to Live appears")
    far_write(b"after the pause\n")
    time.sleep(1.0)
    screenshot("e2e-paused.png")
    check(find(frame, "push button", "Jump to Live") is not None, "new lines do not end the pause")
    if jump is not None:
        jump.queryAction().doAction(0)
        check(poll(lambda: has_label(frame, "after the pause"), 5), "Jump to Live shows the newest line again")

# the recording made with --record has it all
time.sleep(0.3)
screenshot("e2e-window.png")

os.close(far)
sys.exit(1 if failures else 0)
