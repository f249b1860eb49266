#!/usr/bin/python3
"""benchtop-cli end to end: the real binary on socat links, ptys and demo instruments."""
import csv
import fcntl
import io
import json
import os
import pty
import pwd
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import tty
import unittest

CLI = os.environ.get("BENCHTOP_CLI", "benchtop-cli")


def run(*args, timeout=30, **kw):
    return subprocess.run([CLI] + list(args), capture_output=True, timeout=timeout, **kw)


def raw_pty():
    master, slave = pty.openpty()
    tty.setraw(slave)
    path = os.ttyname(slave)
    os.close(slave)
    return master, path


class Socat:
    def __init__(self, tmp):
        self.reader = os.path.join(tmp, "reader")
        self.writer = os.path.join(tmp, "writer")
        self.proc = None

    def start(self):
        self.proc = subprocess.Popen(["socat", "pty,rawer,echo=0,link=" + self.reader,
                                      "pty,rawer,echo=0,link=" + self.writer],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(500):
            if os.path.exists(self.reader) and os.path.exists(self.writer):
                return
            time.sleep(0.01)
        raise RuntimeError("socat did not create its links")

    def stop(self):
        if self.proc:
            self.proc.terminate()
            self.proc.wait()
            self.proc = None


def close_pipes(proc):
    for f in (proc.stdout, proc.stderr):
        if f is not None:
            f.close()


def slurp(path, mode="r", **kw):
    with open(path, mode, **kw) as f:
        return f.read()


def put(path, text):
    with open(path, "w") as f:
        f.write(text)


def wait_for(cond, timeout=10):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if cond():
            return True
        time.sleep(0.02)
    return False


def connected(path):
    return lambda: os.path.exists(path) and "connected" in slurp(path, errors="replace")


class CliTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="benchtop-cli-test-")
        os.chmod(self.tmp, 0o777)

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    # usage

    def test_help_and_usage(self):
        r = run("--help")
        self.assertEqual(r.returncode, 0)
        self.assertIn(b"record", r.stdout)
        for cmd in ("list", "record", "demo"):
            r = run(cmd, "--help")
            self.assertEqual(r.returncode, 0, cmd)
        self.assertIn(b"--lines", run("record", "--help").stdout)
        self.assertIn(b"multimeter", run("demo", "--help").stdout)
        r = run()
        self.assertEqual(r.returncode, 2)
        r = run("frobnicate")
        self.assertEqual(r.returncode, 2)
        self.assertIn(b"unknown command", r.stderr)
        r = run("record")
        self.assertEqual(r.returncode, 2)
        r = run("record", "-f", "xml", "/dev/null")
        self.assertEqual(r.returncode, 2)
        self.assertIn(b"xml", r.stderr)

    def test_bad_spec(self):
        r = run("record", "/dev/ttyUSB0,baud=fast")
        self.assertEqual(r.returncode, 2)
        lines = r.stderr.decode().strip().splitlines()
        self.assertEqual(len(lines), 1, lines)
        self.assertIn("baud", lines[0])
        self.assertIn("fast", lines[0])
        self.assertEqual(r.stdout, b"")  # nothing opened, nothing recorded

    # errors, one clear line each, naming the device

    def one_error(self, spec, expect, code=1, **kw):
        r = run("record", "--duration", "5", spec, **kw)
        self.assertEqual(r.returncode, code, r.stderr)
        lines = r.stderr.decode().strip().splitlines()
        self.assertEqual(len(lines), 1, lines)
        self.assertRegex(lines[0], expect)
        return lines[0]

    def test_missing_path(self):
        line = self.one_error(os.path.join(self.tmp, "ttyUSB7") + ",reconnect=off", r"ttyUSB7: .*does not exist")
        self.assertTrue(line.startswith("benchtop-cli: ttyUSB7: "))

    def test_not_a_tty(self):
        path = os.path.join(self.tmp, "notes.txt")
        put(path, "hello")
        self.one_error(path, r"notes\.txt: .*not a serial port")

    def test_busy(self):
        master, path = raw_pty()
        holder = os.open(path, os.O_RDWR | os.O_NOCTTY)
        fcntl.flock(holder, fcntl.LOCK_EX | fcntl.LOCK_NB)
        try:
            self.one_error(path + ",reconnect=off,name=dmm", r"dmm: .*in use by another program")
        finally:
            os.close(holder)
            os.close(master)

    def test_permission(self):
        master, path = raw_pty()
        os.chmod(path, 0o600)
        try:
            if os.geteuid() == 0:
                nobody = pwd.getpwnam("nobody")

                def drop():
                    os.setgid(nobody.pw_gid)
                    os.setuid(nobody.pw_uid)
                self.one_error(path + ",reconnect=off", r"Permission denied opening", preexec_fn=drop)
            else:
                self.one_error(path + ",reconnect=off", r"Permission denied opening")
        finally:
            os.close(master)

    def test_unwritable_log(self):
        master, path = raw_pty()
        try:
            r = run("record", "-o", os.path.join(self.tmp, "no", "such", "dir.csv"), path)
            self.assertEqual(r.returncode, 1)
            self.assertIn(b"dir.csv", r.stderr)
            self.assertEqual(len(r.stderr.strip().splitlines()), 1)
        finally:
            os.close(master)

    def test_disk_full(self):
        master, path = raw_pty()
        try:
            proc = subprocess.Popen([CLI, "record", "-o", "/dev/full", "-f", "text", path],
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            self.addCleanup(close_pipes, proc)
            time.sleep(0.3)
            os.write(master, b"line\n" * 100)
            out, err = proc.communicate(timeout=10)
            self.assertEqual(proc.returncode, 1)
            self.assertIn(b"No space left on device", err)
        finally:
            os.close(master)

    # recording

    def test_lines_limit_csv(self):
        master, path = raw_pty()
        out = os.path.join(self.tmp, "run.csv")
        try:
            proc = subprocess.Popen([CLI, "record", "-o", out, "--lines", "100", path + ",name=dmm"],
                                    stderr=subprocess.PIPE)
            self.addCleanup(close_pipes, proc)
            self.assertTrue(wait_for(connected(out)))
            payload = b"".join(b"%d,%d.5 mV\r\n" % (i, i) for i in range(500))
            os.write(master, payload)
            proc.wait(timeout=10)
            self.assertEqual(proc.returncode, 0, proc.stderr.read())
        finally:
            os.close(master)
        with open(out, newline="") as f:
            rows = list(csv.DictReader(f))
        rx = [r for r in rows if r["direction"] == "rx"]
        self.assertEqual(len(rx), 100)
        self.assertEqual([r["text"] for r in rx], ["%d,%d.5 mV" % (i, i) for i in range(100)])
        self.assertTrue(all(r["device"] == "dmm" for r in rx))
        self.assertEqual(rows[-1]["text"], "recording stopped")
        for r in rows:
            self.assertRegex(r["time"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$")
            self.assertRegex(r["elapsed"], r"^-?\d+\.\d{6}$")
        elapsed = [float(r["elapsed"]) for r in rx]
        self.assertEqual(elapsed, sorted(elapsed))

    def test_socat_jsonl_escaping_and_sigint(self):
        socat = Socat(self.tmp)
        socat.start()
        out = os.path.join(self.tmp, "run.jsonl")
        try:
            proc = subprocess.Popen([CLI, "record", "-o", out, socat.reader + ",eol=lf"], stderr=subprocess.PIPE)
            self.addCleanup(close_pipes, proc)
            self.assertTrue(wait_for(connected(out)))
            w = os.open(socat.writer, os.O_RDWR | os.O_NOCTTY)
            os.write(w, b"tab\there\n\x1b[31mred\x1b[0m\nback\\slash \xff\xfe \xc2\x9b \xce\xbcV\nno newline")
            time.sleep(0.5)
            proc.send_signal(signal.SIGINT)
            proc.wait(timeout=10)
            os.close(w)
            self.assertEqual(proc.returncode, 0, proc.stderr.read())
        finally:
            socat.stop()
        rows = [json.loads(line) for line in slurp(out, encoding="utf-8").splitlines()]
        texts = [r["text"] for r in rows if r["direction"] == "rx"]
        self.assertEqual(texts, ["tab\\there", "\\x1b[31mred\\x1b[0m", "back\\\\slash \\xff\\xfe \\xc2\\x9b \u03bcV"])
        self.assertIsInstance(rows[0]["elapsed"], float)
        self.assertEqual(rows[-1]["text"], "recording stopped")

    def test_unplug_replug_keeps_recording(self):
        socat = Socat(self.tmp)
        socat.start()
        out = os.path.join(self.tmp, "run.txt")
        proc = subprocess.Popen([CLI, "record", "-o", out, socat.reader + ",name=board"], stderr=subprocess.PIPE)
        self.addCleanup(close_pipes, proc)
        try:
            self.assertTrue(wait_for(connected(out)))
            w = os.open(socat.writer, os.O_RDWR | os.O_NOCTTY)
            os.write(w, b"before\n")
            time.sleep(0.3)
            os.close(w)
            socat.stop()
            self.assertTrue(wait_for(lambda: "disconnected" in slurp(out)))
            socat.start()
            self.assertTrue(wait_for(lambda: "reconnected" in slurp(out), timeout=5))
            w = os.open(socat.writer, os.O_RDWR | os.O_NOCTTY)
            os.write(w, b"after\n")
            time.sleep(0.3)
            os.close(w)
        finally:
            proc.terminate()
            proc.wait(timeout=10)
            socat.stop()
        self.assertEqual(proc.returncode, 0)
        rows = [line.split("\t") for line in slurp(out).splitlines()]
        self.assertTrue(all(len(r) == 4 for r in rows))
        events = [r[3] for r in rows if r[2] == "event" and r[1] == "board"]
        self.assertTrue(events[0].startswith("connected"))
        self.assertTrue(any(e.startswith("disconnected: ") for e in events))
        self.assertTrue(any(e.startswith("reconnected ") for e in events))
        self.assertEqual([r[3] for r in rows if r[2] == "rx"], ["before", "after"])
        # the unplug is reported on stderr as well, once
        err = proc.stderr.read().decode()
        self.assertEqual(err.count("board: "), len(err.strip().splitlines()))

    def test_stdout_text_and_duration(self):
        master, path = raw_pty()
        try:
            start = time.monotonic()
            proc = subprocess.Popen([CLI, "record", "--duration", "1", path + ",name=x"],
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            self.addCleanup(close_pipes, proc)
            time.sleep(0.4)
            os.write(master, b"hello\n")
            out, err = proc.communicate(timeout=10)
            took = time.monotonic() - start
        finally:
            os.close(master)
        self.assertEqual(proc.returncode, 0, err)
        self.assertGreater(took, 0.9)
        self.assertLess(took, 5)
        lines = out.decode().splitlines()
        self.assertIn("\tx\trx\thello", "\n".join(lines))
        self.assertTrue(lines[-1].endswith("\tbenchtop\tevent\trecording stopped"))

    def test_demo_command(self):
        proc = subprocess.Popen([CLI, "demo", "--speed", "10", "thermo", "scpi"], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE)
        self.addCleanup(close_pipes, proc)
        try:
            ports = {}
            for _ in range(2):
                name, path = proc.stdout.readline().decode().rstrip("\n").split("\t")
                ports[name] = path
            self.assertEqual(sorted(ports), ["scpi", "thermo"])
            self.assertTrue(all(p.startswith("/dev/pts/") for p in ports.values()))
            out = os.path.join(self.tmp, "demo.csv")
            r = run("record", "-o", out, "--lines", "8", ports["thermo"] + ",name=thermo")
            self.assertEqual(r.returncode, 0, r.stderr)
            with open(out, newline="") as f:
                rx = [row["text"] for row in csv.DictReader(f) if row["direction"] == "rx"]
            self.assertEqual(rx[0], "t1,t2,t3")
            self.assertEqual(len(rx), 8)
            for row in rx[1:]:
                self.assertRegex(row, r"^-?\d+\.\d\d,-?\d+\.\d\d,-?\d+\.\d\d$")
        finally:
            proc.send_signal(signal.SIGINT)
            proc.wait(timeout=10)
            proc.stdout.close()
            proc.stderr.close()
        self.assertEqual(proc.returncode, 0)
        r = run("demo", "oscilloscope")
        self.assertEqual(r.returncode, 2)
        self.assertIn(b"oscilloscope", r.stderr)

    def test_record_builtin_demo(self):
        out = os.path.join(self.tmp, "demo.jsonl")
        r = run("record", "-o", out, "--lines", "15", "demo:multimeter", "demo:pico")
        self.assertEqual(r.returncode, 0, r.stderr)
        rows = [json.loads(line) for line in slurp(out).splitlines()]
        devices = {row["device"] for row in rows if row["direction"] == "rx"}
        self.assertLessEqual(devices, {"multimeter", "pico"})
        self.assertEqual(len([row for row in rows if row["direction"] == "rx"]), 15)

    def test_list(self):
        # a copy of the sysfs layout of a USB adapter and a built-in UART
        root = self.tmp
        usb = os.path.join(root, "sys/devices/pci0000:00/0000:00:14.0/usb1/1-2")
        iface = os.path.join(usb, "1-2:1.0")
        ttydev = os.path.join(iface, "ttyUSB0")
        os.makedirs(os.path.join(ttydev, "tty/ttyUSB0"))
        os.makedirs(os.path.join(root, "sys/bus/usb-serial/drivers/ftdi_sio"))
        os.symlink(os.path.join(root, "sys/bus/usb-serial/drivers/ftdi_sio"), os.path.join(ttydev, "driver"))
        for name, value in (("idVendor", "0403"), ("idProduct", "6001"), ("manufacturer", "FTDI"),
                            ("product", "FT232R USB UART\x1b[2J"), ("serial", "A50285BI")):
            put(os.path.join(usb, name), value + "\n")
        uart = os.path.join(root, "sys/devices/pnp0/00:04/tty/ttyS0")
        os.makedirs(uart)
        os.makedirs(os.path.join(root, "sys/devices/pnp0/00:04/driver_dir"))
        put(os.path.join(uart, "type"), "4\n")
        empty = os.path.join(root, "sys/devices/platform/serial8250/tty/ttyS1")
        os.makedirs(empty)
        put(os.path.join(empty, "type"), "0\n")
        classdir = os.path.join(root, "sys/class/tty")
        os.makedirs(classdir)
        os.symlink(os.path.join(ttydev, "tty/ttyUSB0"), os.path.join(classdir, "ttyUSB0"))
        os.symlink(ttydev, os.path.join(ttydev, "tty/ttyUSB0/device"))
        os.symlink(uart, os.path.join(classdir, "ttyS0"))
        os.symlink(os.path.join(root, "sys/devices/pnp0/00:04"), os.path.join(uart, "device"))
        os.symlink(empty, os.path.join(classdir, "ttyS1"))
        os.symlink(os.path.join(root, "sys/devices/platform/serial8250"), os.path.join(empty, "device"))
        os.makedirs(os.path.join(classdir, "tty0"))  # a vt: no device, not a port
        byid = os.path.join(root, "dev/serial/by-id")
        os.makedirs(byid)
        os.symlink("../../ttyUSB0", os.path.join(byid, "usb-FTDI_FT232R_USB_UART_A50285BI-if00-port0"))

        r = run("list", "--root", root)
        self.assertEqual(r.returncode, 0, r.stderr)
        lines = r.stdout.decode().splitlines()
        self.assertEqual(len(lines), 2, lines)
        usb_line = lines[0].split("\t")
        self.assertEqual(usb_line[0], "/dev/ttyUSB0")
        self.assertEqual(usb_line[1], "/dev/serial/by-id/usb-FTDI_FT232R_USB_UART_A50285BI-if00-port0")
        self.assertEqual(usb_line[2], "0403:6001")
        # device-supplied strings are escaped: no terminal control bytes
        self.assertIn("FTDI FT232R USB UART\\x1b[2J", usb_line[3])
        self.assertIn("ftdi_sio", usb_line[3])
        self.assertEqual(lines[1].split("\t")[:3], ["/dev/ttyS0", "-", "-"])
        self.assertNotIn("\x1b", r.stdout.decode())


if __name__ == "__main__":
    unittest.main(verbosity=2)
