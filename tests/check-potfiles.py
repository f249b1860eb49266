#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""po/POTFILES.in lists every file with user-visible strings, sorted.

A file needs listing when it marks strings for translation (_(), N_(),
C_(), NC_(), g_dngettext/ngettext, translatable="yes") or is one of the
desktop file, AppStream metainfo or GSettings schema templates. Listed
files must exist. Usage: check-potfiles.py SOURCE_ROOT
"""
import os
import re
import sys

MARKERS = re.compile(rb'(?<![A-Za-z0-9])(?:N?C?_|g_d?n?gettext|g_dpgettext2?|ngettext)\s*\(|translatable="yes"')
SCAN_DIRS = ("src", "data")
SCAN_EXT = (".c", ".h", ".ui", ".in", ".xml", ".py")
ALWAYS = re.compile(r"\.(desktop|metainfo\.xml)\.in(\.in)?$|\.gschema\.xml$")


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..")
    with open(os.path.join(root, "po", "POTFILES.in"), encoding="utf-8") as f:
        listed = [line.strip() for line in f if line.strip() and not line.startswith("#")]

    problems = []
    if listed != sorted(listed):
        problems.append("po/POTFILES.in is not sorted")
    if len(set(listed)) != len(listed):
        problems.append("po/POTFILES.in lists a file twice")
    for path in listed:
        if not os.path.isfile(os.path.join(root, path)):
            problems.append(f"{path}: listed but missing")

    needed = set()
    for top in SCAN_DIRS:
        for dirpath, _dirs, files in os.walk(os.path.join(root, top)):
            for name in files:
                full = os.path.join(dirpath, name)
                rel = os.path.relpath(full, root)
                if ALWAYS.search(name):
                    needed.add(rel)
                    continue
                if not name.endswith(SCAN_EXT):
                    continue
                with open(full, "rb") as f:
                    if MARKERS.search(f.read()):
                        needed.add(rel)

    for path in sorted(needed - set(listed)):
        problems.append(f"{path}: has translatable strings but is not in po/POTFILES.in")
    for path in sorted(set(listed) - needed):
        if os.path.isfile(os.path.join(root, path)):
            problems.append(f"{path}: listed but has no translatable strings")

    for p in problems:
        print(p)
    print(f"{len(listed)} files listed, {len(needed)} need it: {'ok' if not problems else 'FAILED'}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
