#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The window under a flood: the real benchtop under Xvfb, the console of a
# flooding device shown and following, the four demo instruments open, the
# session recorded. Prints its figures; run it when the machine is quiet.
#
#   ninja -C _build && tests/bench/bench-window.sh [BUILD_DIR [SIZE [KIND [VIEW]]]]
#
# BUILD_DIR defaults to _build, SIZE to 100M, KIND to short (~29-byte
# lines; "long" is 201 bytes). VIEW is what the flooding device's page
# shows: "console" (the default; the device is opened with plot=off) or
# "plot" (plot=auto: its plot is shown under the console and plots the
# four CSV channels of the short lines while they flood in). It starts its
# own Xvfb and D-Bus session. BENCH_SCREENSHOT=FILE.png grabs the window
# one second into the flood, to look at (the grab stalls the X server, so
# the ping figures of that run are not for comparison).
#
# Rendering: GTK draws with cairo (GDK_DEBUG=gl-disable), as the GTK 3
# terminals it is compared with do. Under Xvfb GTK's GL renderer runs on
# llvmpipe, software GL on the same two cores, which users with a GPU do
# not pay; BENCH_GL=1 measures that too.
#
# Figures, all from one run:
#  - startup: the window mapped after start (three starts, the first cold)
#  - drain: bytes per second the window takes from the pty, as a ratio to
#    the raw pty limit (ptyread raw, measured before and after in this run)
#  - responsiveness: _NET_WM_PING round trips to the window every 10 ms
#    while the flood lines arrive (p50, p99, max)
#  - lines lost: the flood's lines minus the rx rows of the recording
#  - memory: peak RSS during the flood and once idle
#  - idle: how long after the last byte the window's CPU use falls under
#    5 % (ptygen -A: over 0.5 s windows sampled every 0.1 s)
set -eu

build=$(realpath "${1:-_build}")
size=${2:-100M}
kind=${3:-short}
view=${4:-console}
case "$view" in
    console) plot_option=off ;;
    plot) plot_option=auto ;;
    *) echo "VIEW is console or plot, not $view" >&2; exit 2 ;;
esac

if [ -z "${BENCH_WINDOW_INNER:-}" ]; then
    export BENCH_WINDOW_INNER=1
    runtime=$(mktemp -d)
    chmod 700 "$runtime"
    export XDG_RUNTIME_DIR=$runtime
    status=0
    xvfb-run -a -s "-screen 0 1280x800x24 -nolisten tcp" dbus-run-session -- "$0" "$build" "$size" "$kind" "$view" || status=$?
    rm -rf "$runtime"
    exit $status
fi

bench=$build/tests/bench
app=$build/src/benchtop
app_id=io.github.benchtop.Benchtop
export GSETTINGS_SCHEMA_DIR=$build/data
export GSETTINGS_BACKEND=memory
if [ -z "${BENCH_GL:-}" ]; then
    export GDK_DEBUG=gl-disable
    renderer="cairo (GDK_DEBUG=gl-disable)"
else
    renderer="gl on llvmpipe (software GL under Xvfb)"
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for tool in "$bench/ptygen" "$bench/ptyread" "$bench/xping" "$app"; do
    [ -x "$tool" ] || { echo "missing $tool: ninja -C $build" >&2; exit 1; }
done

now_ms() { date +%s%3N; }
field() { tr ' ' '\n' <"$1" | sed -n "s/^$2=//p" | head -1; }
window_id() { xdotool search --onlyvisible --name 'Benchtop' 2>/dev/null | head -1; }

echo "# benchtop window benchmark: $size of $kind lines, the flooding device's $view shown, $(nproc) cores, load:$(uptime | sed 's/.*load average://')"
echo "# renderer: $renderer"

# 1. startup
startups=()
for run in 1 2 3; do
    start=$(now_ms)
    "$app" --demo >"$tmp/start.log" 2>&1 &
    pid=$!
    for _ in $(seq 4000); do [ -n "$(window_id)" ] && break; sleep 0.005; done
    [ -n "$(window_id)" ] || { echo "no window appeared:" >&2; cat "$tmp/start.log" >&2; kill $pid 2>/dev/null; exit 1; }
    startups+=($(( $(now_ms) - start )))
    gapplication action "$app_id" quit
    wait $pid
done
echo "startup_ms: ${startups[*]} (window mapped after start; first run cold)"
# the next benchtop must not find the last one still holding the name
for _ in $(seq 200); do
    gdbus call --session --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
        --method org.freedesktop.DBus.NameHasOwner "$app_id" | grep -q false && break
    sleep 0.01
done

raw() {
    "$bench/ptygen" -s "$size" -k "$kind" -o "$tmp/raw$1" -- "$bench/ptyread" raw {} >/dev/null
    echo "raw_pty_limit_$1: $(field "$tmp/raw$1" MBps) MB/s, $(field "$tmp/raw$1" lines_per_s) lines/s"
}

# 2. the raw limit, before
raw before

# 3. the window
# (ptygen replaces a lone {} only; the spec names its -L link instead)
"$bench/ptygen" -s "$size" -k "$kind" -w 3 -A 10 -o "$tmp/window" -L "$tmp/flood" -O "$tmp/app.log" \
    -- "$app" --demo --record "$tmp/flood.csv" "$tmp/flood,name=flood,plot=$plot_option" >"$tmp/ptygen.out" &
gen=$!
win=""
for _ in $(seq 2000); do win=$(window_id); [ -n "$win" ] && break; sleep 0.005; done
"$bench/xping" "$win" 10 >"$tmp/pings" &
pinger=$!
if [ -n "${BENCH_SCREENSHOT:-}" ]; then
    # one second after the first flood line is recorded
    (for _ in $(seq 600); do [ -s "$tmp/flood.csv" ] && grep -q ",flood,rx," "$tmp/flood.csv" && break; sleep 0.05; done
     sleep 1; import -window "$win" "$BENCH_SCREENSHOT") &
fi
wait $gen || true
kill $pinger 2>/dev/null; wait $pinger 2>/dev/null || true
if ! grep -q "status=ok" "$tmp/window" 2>/dev/null; then
    echo "the window run failed:" >&2
    cat "$tmp/ptygen.out" "$tmp/app.log" >&2
    exit 1
fi

# 4. the raw limit, after
raw after

/usr/bin/python3 - "$tmp" <<'EOF'
import csv, datetime, os, statistics, sys
tmp = sys.argv[1]

def fields(name):
    with open(os.path.join(tmp, name)) as f:
        return dict(kv.split("=", 1) for kv in f.read().split() if "=" in kv)

w, b, a = fields("window"), fields("rawbefore"), fields("rawafter")
raw = (float(b["MBps"]) + float(a["MBps"])) / 2
print(f"window: status={w['status']} drain_s={w['drain_s']} {w['MBps']} MB/s {w['lines_per_s']} lines/s, "
      f"drain CPU {w['drain_cpu_pct']} % of a core")
print(f"drain_ratio: {float(w['MBps']) / raw:.2f} x the raw pty limit ({raw:.1f} MB/s, mean of before and after)")

# lines lost: every flood line must be a row of the recording
rows, first, last = 0, None, None
with open(os.path.join(tmp, "flood.csv"), newline="") as f:
    for rec in csv.reader(f):
        if len(rec) == 5 and rec[2] == "flood" and rec[3] == "rx":
            rows += 1
            t = datetime.datetime.strptime(rec[0], "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=datetime.timezone.utc).timestamp()
            first = t if first is None else first
            last = t
lines = int(w["lines"])
print(f"lines_lost: {lines - rows} (sent {lines}, recorded {rows})")

# the main loop while the flood arrives (first to last flood line)
pings = []
with open(os.path.join(tmp, "pings")) as f:
    for line in f:
        t, rtt = line.split()
        pings.append((float(t), float(rtt)))
during = [r for t, r in pings if first is not None and first <= t <= last + 0.2]
if during:
    during.sort()
    p = lambda q: during[min(len(during) - 1, int(q * len(during)))]
    print(f"ping_ms during the flood: n={len(during)} p50={p(0.5):.1f} p99={p(0.99):.1f} max={during[-1]:.1f}")
slow = sorted(((r, t) for t, r in pings if r > 20), reverse=True)[:5]
if slow and first is not None:
    print("slowest pings: " + ", ".join(f"{r:.0f} ms at {t - first:+.2f} s" for r, t in slow) + " (from the first flood line)")
whole = sorted(r for t, r in pings)
if whole:
    print(f"ping_ms whole run (flood, idle, shutdown excluded by the probe stop): n={len(whole)} max={whole[-1]:.1f}")

print(f"rss: peak {int(w['tree_peak_rss_kb']) / 1024:.0f} MiB during the flood, "
      f"{int(w['peak_rss_after_idle_kb']) / 1024:.0f} MiB peak once idle")
idle = float(w["idle_s"])
print(f"idle_after_flood_s: {idle - float(w['drain_s']):.2f} (CPU under 5 % from {idle:.2f} s after the first byte; "
      f"{w['post_drain_cpu_s']} s CPU after the drain)")
EOF
if grep -E "CRITICAL|WARNING" "$tmp/app.log" >/dev/null; then
    echo "# the app warned:"; grep -E "CRITICAL|WARNING" "$tmp/app.log" | head -5
fi
