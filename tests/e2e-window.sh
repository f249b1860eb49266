#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# End to end: the real benchtop binary against a socat pty pair, under the
# X server and session bus the test runs in:
#   xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- meson test -C _build e2e-window
# Lines written at the far end, commands sent with `gapplication action`,
# typed with xdotool, checked in the accessibility tree (tests/e2e-check.py),
# a second invocation adding a device to the running window, the --record
# log, and D-Bus activation through the .service file. Screenshots go to
# BUILD_DIR/tests/artifacts. Exits 77 (skip) only without a display.
#
#   e2e-window.sh BENCHTOP BUILD_DIR SOURCE_DIR
set -u

benchtop=$(realpath "$1")
build=$2
src=$3
app_id=io.github.benchtop.Benchtop

if [ -z "${DISPLAY:-}" ] || ! xdpyinfo >/dev/null 2>&1; then
    echo "1..0 # SKIP no display"
    exit 77
fi
if [ -z "${DBUS_SESSION_BUS_ADDRESS:-}" ]; then
    echo "not ok - no session bus: run under dbus-run-session (after xvfb-run)"
    exit 1
fi

failures=0
ok() { echo "ok - $*"; }
not_ok() { echo "not ok - $*"; failures=$((failures + 1)); }
check() { local what=$1; shift; if "$@"; then ok "$what"; else not_ok "$what"; fi; }
# up to 5 s for what is written without blocking the window
eventually() { for _ in $(seq 100); do "$@" 2>/dev/null && return 0; sleep 0.05; done; "$@"; }

tmp=$(mktemp -d)
artifacts=$build/tests/artifacts
mkdir -p "$artifacts"
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
    wait 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT

# the app sees what the build made, and keeps its settings in memory
export GSETTINGS_SCHEMA_DIR=$build/data
export GSETTINGS_BACKEND=memory
# the accessibility tree is what this test reads
unset GTK_A11Y NO_AT_BRIDGE

pty_pair() {
    socat "pty,rawer,echo=0,link=$tmp/$1" "pty,rawer,echo=0,link=$tmp/$2" &
    pids+=($!)
    for _ in $(seq 200); do
        [ -e "$tmp/$1" ] && [ -e "$tmp/$2" ] && return 0
        sleep 0.02
    done
    return 1
}

check "socat makes a pty pair" pty_pair dev far

start=$(date +%s%N)
"$benchtop" --record "$tmp/rec.csv" "$tmp/dev,name=Probe,eol=lf" >"$tmp/app.log" 2>&1 &
app=$!
pids+=($app)
check "benchtop owns its bus name" gdbus wait --session --timeout 20 "$app_id"
if timeout 20 xdotool search --sync --onlyvisible --name "Benchtop" >/dev/null; then
    shown=$(( ($(date +%s%N) - start) / 1000000 ))
    ok "the window is shown (${shown} ms after start)"
else
    not_ok "the window is shown"
fi

/usr/bin/python3 "$src/tests/e2e-check.py" "$tmp/far" "$artifacts" || failures=$((failures + 1))

# a second invocation adds to the running window; its relative path is
# resolved against its own directory
check "a second pty pair" pty_pair dev2 far2
(cd "$tmp" && timeout 20 "$benchtop" "dev2,name=Second,eol=lf") >"$tmp/second.log" 2>&1
check "the second invocation exits 0" test $? -eq 0
describe_devices() {
    gdbus call --session --dest "$app_id" --object-path /io/github/benchtop/Benchtop \
        --method org.gtk.Actions.Describe devices
}
connected_second() { describe_devices | grep -q "('Second', 'connected')"; }
for _ in $(seq 100); do connected_second && break; sleep 0.05; done
check "the running window got the second device, connected" connected_second
# (the far end listens first: a pty drops what came before it was opened)
timeout 5 head -c 6 "$tmp/far2" >"$tmp/reply" &
reader=$!
sleep 0.3
gapplication action "$app_id" send "('Second', 'PING\\\\r')"
wait $reader
reply=$(od -An -c "$tmp/reply" | tr -s ' ')
check "a command reaches the second device (${reply})" test "$reply" = " P I N G \r \n"

# a bad spec from the command line: an error on stderr, status 1
timeout 20 "$benchtop" "/dev/ttyUSB0,parity=maybe" >"$tmp/bad.log" 2>&1
status=$?
check "a bad spec on the command line fails (status $status)" test $status -eq 1
check "and says why" grep -q "parity" "$tmp/bad.log"

import -window root "$artifacts/e2e-two-devices.png"

# the --record log holds what happened
gapplication action "$app_id" stop-recording
for _ in $(seq 100); do grep -q "recording stopped" "$tmp/rec.csv" 2>/dev/null && break; sleep 0.05; done
check "the recording has the header" grep -q "^time,elapsed,device,direction,text" "$tmp/rec.csv"
check "the recording has a received line" grep -q ",Probe,rx,hello from the far end" "$tmp/rec.csv"
check "the recording has control bytes escaped" grep -q ',Probe,rx,ctrl \\x1b\[0m\\x07 bytes' "$tmp/rec.csv"
check "the recording has the sent command" grep -q ",Probe,tx,\*IDN?" "$tmp/rec.csv"
check "the recording has all 400 readings" test "$(grep -c ',Probe,rx,reading ' "$tmp/rec.csv")" -eq 400
check "the recording has the second device" grep -q ",Second,tx,PING" "$tmp/rec.csv"

# the plots over D-Bus: app.export-plot ((ss) device, path), "" is All Devices
is_png() { /usr/bin/python3 -c 'import sys; sys.exit(open(sys.argv[1], "rb").read(8) != b"\x89PNG\r\n\x1a\n")' "$1"; }
gapplication action "$app_id" export-plot "('Probe', '$tmp/probe.png')"
check "app.export-plot writes the device's plot as PNG" eventually is_png "$tmp/probe.png"
gapplication action "$app_id" export-plot "('', '$tmp/all.svg')"
check "app.export-plot writes the combined plot as SVG" eventually grep -q "</svg>" "$tmp/all.svg"
gapplication action "$app_id" export-plot "('Probe', '$tmp/probe.csv')"
check "app.export-plot writes the plot's data as CSV" eventually grep -q "^time,elapsed," "$tmp/probe.csv"
gapplication action "$app_id" export-plot "('Nobody', '$tmp/nobody.png')"
last_error_names() {
    gdbus call --session --dest "$app_id" --object-path /io/github/benchtop/Benchtop \
        --method org.gtk.Actions.Describe last-error | grep -q "$1"
}
check "an unknown device is app.last-error" last_error_names "No device named “Nobody”"
check "and writes nothing" test ! -e "$tmp/nobody.png"

gapplication action "$app_id" quit
timeout 10 tail --pid="$app" -f /dev/null
wait "$app"
check "benchtop quits cleanly (status $?)" test $? -eq 0
# (GTK 4.8 warns when AT-SPI asks for screen coordinates; that is the test's doing)
if grep -E "CRITICAL|WARNING" "$tmp/app.log" | grep -v "Screen coordinates not supported"; then not_ok "no warnings from the app"; else ok "no warnings from the app"; fi

# D-Bus activation: the service file starts benchtop as a service for an action
mkdir -p "$tmp/share/dbus-1/services"
sed "s|^Exec=.*--gapplication-service|Exec=$benchtop --gapplication-service|" \
    "$build/data/$app_id.service" >"$tmp/share/dbus-1/services/$app_id.service"
XDG_DATA_HOME=$tmp/share dbus-run-session -- bash -c '
    gapplication action '"$app_id"' connect "'"'"'demo:scpi'"'"'" || exit 1
    for _ in $(seq 100); do
        gdbus call --session --dest '"$app_id"' --object-path /io/github/benchtop/Benchtop \
            --method org.gtk.Actions.Describe devices | grep -q "('"'"'scpi'"'"', '"'"'connected'"'"')" && ok=1 && break
        sleep 0.05
    done
    gapplication action '"$app_id"' quit
    [ -n "${ok:-}" ]' >"$tmp/service.log" 2>&1
check "D-Bus activation starts benchtop for an action (service file)" test $? -eq 0

# a later session: the command buttons saved for a device come back with it
# (a keyfile backend seeded as an earlier session would have left it), and
# Ctrl+1, typed, runs the first one on the device shown
check "a third pty pair" pty_pair dev3 far3
key=$(printf '%s' "$tmp/dev3" | sha256sum | cut -c1-24)
mkdir -p "$tmp/config/glib-2.0/settings"
cat >"$tmp/config/glib-2.0/settings/keyfile" <<EOF
[io/github/benchtop/Benchtop/devices/$key]
commands=[('Hello', [('send', <'HELLO'>), ('wait', <uint32 50>), ('send', <'WORLD'>)])]
EOF
XDG_CONFIG_HOME=$tmp/config GSETTINGS_BACKEND=keyfile "$benchtop" "$tmp/dev3,name=Keyed" >"$tmp/keyed.log" 2>&1 &
keyed=$!
pids+=($keyed)
check "benchtop starts again (keyfile settings)" gdbus wait --session --timeout 20 "$app_id"
connected_keyed() { describe_devices | grep -q "('Keyed', 'connected')"; }
for _ in $(seq 100); do connected_keyed && break; sleep 0.05; done
check "the device is connected" connected_keyed
wid=$(timeout 20 xdotool search --sync --onlyvisible --name "Keyed" | head -1)
if [ -n "$wid" ]; then
    timeout 5 head -c 12 "$tmp/far3" >"$tmp/reply3" &
    reader=$!
    sleep 0.3
    eval "$(xdotool getwindowgeometry --shell "$wid")"
    xdotool mousemove $((X + WIDTH / 2)) $((Y + HEIGHT / 3)) click 1
    sleep 0.2
    xdotool key ctrl+1
    wait $reader
    reply=$(od -An -c "$tmp/reply3" | tr -s ' ')
    check "Ctrl+1 runs the restored command button (${reply})" test "$reply" = " H E L L O \n W O R L D \n"
    sleep 0.5
    import -window root "$artifacts/e2e-command-button.png"
else
    not_ok "the window of the later session is shown"
fi
gapplication action "$app_id" quit
timeout 10 tail --pid="$keyed" -f /dev/null
wait "$keyed"
check "benchtop quits cleanly again (status $?)" test $? -eq 0

echo "# screenshots in $artifacts"
[ $failures -eq 0 ]
