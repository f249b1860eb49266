#!/usr/bin/python3
# test-cli-net.py - benchtop-cli record with network ports, sending and polling
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: test-cli-net.py PATH-TO-BENCHTOP-CLI
#
# Runs the real binary against real peers: a Python TCP server, ser2net
# (raw and telnet(rfc2217)) bridging to a socat pty, and `benchtop-cli demo
# scpi`. Prints TAP. Each case reads the CSV log back with the csv module.

import csv
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import traceback

CLI = os.path.abspath(sys.argv[1])
TMP = tempfile.mkdtemp(prefix='benchtop-cli-test-')
CASES = []


def case(func):
    CASES.append(func)
    return func


class Skip(Exception):
    pass


def run(*args, timeout=30):
    return subprocess.run([CLI] + list(args), capture_output=True, text=True, timeout=timeout)


def read_csv(path):
    with open(path, newline='', encoding='utf-8') as f:
        rows = list(csv.DictReader(f))
    assert rows, 'empty log'
    return rows


def rx(rows, device=None):
    return [r['text'] for r in rows if r['direction'] == 'rx' and (device is None or r['device'] == device)]


def free_port():
    s = socket.socket()
    s.bind(('127.0.0.1', 0))
    port = s.getsockname()[1]
    s.close()
    return port


def listening(port):
    with open('/proc/net/tcp') as f:
        for line in f.readlines()[1:]:
            fields = line.split()
            if fields[3] == '0A' and fields[1].endswith(':%04X' % port):
                return True
    return False


class Ser2net:
    """socat pty pair (dev, peer) and ser2net serving dev, raw and rfc2217"""

    def __init__(self):
        if not shutil.which('socat') or not shutil.which('ser2net'):
            raise Skip('needs socat and ser2net')
        self.dir = tempfile.mkdtemp(dir=TMP)
        self.dev = os.path.join(self.dir, 'dev')
        self.peer = os.path.join(self.dir, 'peer')
        self.socat = subprocess.Popen(['socat', 'pty,rawer,echo=0,link=' + self.dev,
                                       'pty,rawer,echo=0,link=' + self.peer])
        for _ in range(500):
            if os.path.exists(self.dev) and os.path.exists(self.peer):
                break
            time.sleep(0.01)
        self.raw_port = free_port()
        self.rfc_port = free_port()
        config = os.path.join(self.dir, 'ser2net.yaml')
        with open(config, 'w') as f:
            f.write('%%YAML 1.1\n---\n'
                    'default:\n  name: mdns\n  value: false\n\n'
                    'connection: &raw\n  accepter: tcp,127.0.0.1,%d\n'
                    '  connector: serialdev,%s,9600n81,local\n\n'
                    'connection: &rfc\n  accepter: telnet(rfc2217),tcp,127.0.0.1,%d\n'
                    '  connector: serialdev,%s,9600n81,local\n'
                    % (self.raw_port, self.dev, self.rfc_port, self.dev))
        self.log = open(os.path.join(self.dir, 'ser2net.log'), 'w')
        self.ser2net = subprocess.Popen(['ser2net', '-n', '-d', '-u', '-c', config],
                                        stdout=self.log, stderr=self.log)
        for _ in range(500):
            if listening(self.raw_port) and listening(self.rfc_port):
                break
            time.sleep(0.01)
        else:
            raise AssertionError('ser2net did not start')
        self.fd = os.open(self.peer, os.O_RDWR | os.O_NOCTTY)

    def close(self):
        os.close(self.fd)
        for p in (self.ser2net, self.socat):
            p.terminate()
            p.wait()
        self.log.close()


def feed_lines(fd, lines, delay=0.3):
    """writes lines into the instrument's end once the recorder is up"""
    def writer():
        time.sleep(delay)
        os.write(fd, ''.join(line + '\r\n' for line in lines).encode())
    t = threading.Thread(target=writer)
    t.start()
    return t


@case
def usage_errors():
    for args, what in ((['--poll', 'MEAS:VOLT?', 'demo:scpi'], 'no interval'),
                       (['--poll', 'X@5min', 'demo:scpi'], 'Invalid interval'),
                       (['--wait', 'soon', 'demo:scpi'], '--wait'),
                       (['--send', 'bad\\q', 'demo:scpi'], '--send'),
                       (['--to', 'dmm', '--send', 'X', 'demo:scpi'], '--to “dmm” names no device'),
                       (['--send', 'X'], 'at least one device')):
        r = run('record', *args)
        assert r.returncode == 2, (args, r.returncode, r.stderr)
        assert what in r.stderr, (args, r.stderr)
        assert not r.stdout, r.stdout


@case
def help_documents_options():
    r = run('record', '--help')
    assert r.returncode == 0
    for word in ('--send=TEXT', '--wait=DURATION', '--poll=COMMAND@INTERVAL[,reply-timeout=DURATION]',
                 '--to=NAME', 'socket://HOST:PORT', 'rfc2217://HOST:PORT', 'reconnect'):
        assert word in r.stdout, word


@case
def socket_record_and_send():
    server = socket.socket()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(('127.0.0.1', 0))
    server.listen(1)
    port = server.getsockname()[1]
    got = []

    def serve():
        conn, _ = server.accept()
        conn.settimeout(5)
        data = b''
        while b'BYE\r\n' not in data:
            data += conn.recv(4096)
        got.append(data)
        conn.sendall(b''.join(b'L%03d=%d\n' % (i, i * 3) for i in range(200)))
        time.sleep(2)
        conn.close()

    t = threading.Thread(target=serve)
    t.start()
    out = os.path.join(TMP, 'socket.csv')
    r = run('record', '-o', out, '--lines', '200', '--send', 'HELLO', '--wait', '50ms', '--send', 'BYE',
            'socket://127.0.0.1:%d,tx-eol=crlf,name=tcp' % port)
    t.join()
    server.close()
    assert r.returncode == 0, r.stderr
    assert got[0] == b'HELLO\r\nBYE\r\n', got
    rows = read_csv(out)
    assert rx(rows) == ['L%03d=%d' % (i, i * 3) for i in range(200)], rx(rows)[:5]
    assert [r['text'] for r in rows if r['direction'] == 'tx'] == ['HELLO', 'BYE']
    assert any(r['text'].startswith('connected 127.0.0.1:%d' % port) for r in rows)


@case
def rfc2217_record():
    s = Ser2net()
    try:
        out = os.path.join(TMP, 'rfc.csv')
        lines = ['T=%d' % i for i in range(50)]
        t = feed_lines(s.fd, lines, delay=1.0)
        r = run('record', '-o', out, '--lines', '50', '--send', 'CONF', '--to', 'lab', '--send', 'ONLY-LAB',
                'rfc2217://127.0.0.1:%d,19200,7E1,name=lab' % s.rfc_port)
        t.join()
        assert r.returncode == 0, r.stderr
        rows = read_csv(out)
        assert rx(rows, 'lab') == lines, rx(rows)
        assert any(r['text'] == 'connected 127.0.0.1:%d 19200 7E1' % s.rfc_port for r in rows), rows[:4]
        # what we sent reached the instrument
        time.sleep(0.2)
        os.set_blocking(s.fd, False)
        try:
            sent = os.read(s.fd, 4096)
        except BlockingIOError:
            sent = b''
        assert sent == b'CONF\nONLY-LAB\n', sent
    finally:
        s.close()


@case
def ser2net_in_use():
    s = Ser2net()
    try:
        holder = socket.create_connection(('127.0.0.1', s.raw_port))
        time.sleep(0.3)
        r = run('record', '--duration', '2', 'socket://127.0.0.1:%d,reconnect=off' % s.raw_port)
        assert r.returncode == 1, (r.returncode, r.stderr)
        assert 'closed the connection: “Port already in use”' in r.stderr, r.stderr
        # An RFC 2217 client talks first (option requests) and ser2net
        # closes with them unread (a TCP reset): under parallel load its
        # text was once not received (1 run in ~20; not explained further).
        # The text must come within three tries, a clear error every time.
        for _ in range(3):
            r = run('record', '--duration', '2', 'rfc2217://127.0.0.1:%d,reconnect=off' % s.rfc_port)
            assert r.returncode == 1, (r.returncode, r.stderr)
            assert 'closed the connection' in r.stderr, r.stderr
            if 'already in use”' in r.stderr:
                break
        assert 'already in use”' in r.stderr, r.stderr
        # with reconnect on, recording carries on and says it retries
        r = run('record', '--duration', '1.5', 'socket://127.0.0.1:%d' % s.raw_port)
        assert r.returncode == 0, (r.returncode, r.stderr)
        assert '(retrying)' in r.stderr, r.stderr
        holder.close()
    finally:
        s.close()


def demo_scpi():
    demo = subprocess.Popen([CLI, 'demo', 'scpi'], stdout=subprocess.PIPE, text=True)
    line = demo.stdout.readline()
    name, path = line.rstrip('\n').split('\t')
    assert name == 'scpi', line
    return demo, path


@case
def poll_demo_scpi():
    demo, path = demo_scpi()
    try:
        out = os.path.join(TMP, 'poll.csv')
        r = run('record', '-o', out, '--lines', '30', '--send', '*RST', '--wait', '100ms', '--send', 'CONF:VOLT:DC',
                '--poll', 'MEAS:VOLT?@50ms,reply-timeout=300ms', path + ',name=dmm')
        assert r.returncode == 0, r.stderr
        rows = read_csv(out)
        tx = [(float(r['elapsed']), r['text']) for r in rows if r['direction'] == 'tx']
        # the start-up sequence first, its delay kept, then the polls
        assert [t for _, t in tx[:3]] == ['*RST', 'CONF:VOLT:DC', 'MEAS:VOLT?'], tx[:4]
        assert 0.100 <= tx[1][0] - tx[0][0] < 0.130, tx[:2]
        replies = rx(rows)
        assert len(replies) == 30, len(replies)
        assert all(r.endswith('E+00') for r in replies), replies[:3]
        # every reply right after its query
        body = [r for r in rows if r['direction'] in ('rx', 'tx')]
        for i, row in enumerate(body):
            if row['direction'] == 'rx':
                assert body[i - 1]['text'] == 'MEAS:VOLT?', body[i - 1:i + 1]
        assert not [r for r in rows if r['text'].startswith('no reply')]
    finally:
        demo.terminate()
        demo.wait()


@case
def poll_missed_replies():
    out = os.path.join(TMP, 'missed.csv')
    r = run('record', '-o', out, '--duration', '1.2',
            '--poll', 'NOPE?@100ms,reply-timeout=40ms', '--poll', 'MEAS:CURR?@100ms,reply-timeout=300ms',
            'demo:scpi')
    assert r.returncode == 0, r.stderr
    rows = read_csv(out)
    missed = [r for r in rows if r['direction'] == 'event' and r['text'] == 'no reply to NOPE? within 40 ms']
    sent = [r for r in rows if r['direction'] == 'tx' and r['text'] == 'NOPE?']
    assert len(sent) >= 8, len(sent)
    assert len(sent) - 1 <= len(missed) <= len(sent), (len(missed), len(sent))
    assert len(rx(rows)) >= 8


@case
def targeted_sends():
    out = os.path.join(TMP, 'to.csv')
    # two instruments of one kind are "scpi" and "scpi (2)" in the log
    r = run('record', '-o', out, '--duration', '0.8', '--send', '*CLS',
            '--to', 'scpi', '--send', '*IDN?', '--to', 'scpi (2)', '--poll', 'READ?@200ms,reply-timeout=100ms',
            '--to', 'all', '--send', '*OPC?', 'demo:scpi', 'demo:scpi')
    assert r.returncode == 0, r.stderr
    rows = read_csv(out)
    tx_1 = [r['text'] for r in rows if r['direction'] == 'tx' and r['device'] == 'scpi']
    tx_2 = [r['text'] for r in rows if r['direction'] == 'tx' and r['device'] == 'scpi (2)']
    assert tx_1 == ['*CLS', '*IDN?', '*OPC?'], tx_1
    assert tx_2[:2] == ['*CLS', '*OPC?'], tx_2
    assert set(tx_2[2:]) == {'READ?'} and len(tx_2) >= 5, tx_2
    assert 'Benchtop,DEMO-SCPI,BT000001,1.0' in rx(rows, 'scpi')
    assert all(t.endswith('E+00') or t.endswith('E-03') or t == '1' for t in rx(rows, 'scpi (2)')), rx(rows, 'scpi (2)')


def main():
    print('1..%d' % len(CASES))
    failed = 0
    for n, func in enumerate(CASES, 1):
        try:
            func()
            print('ok %d %s' % (n, func.__name__))
        except Skip as e:
            print('ok %d %s # SKIP %s' % (n, func.__name__, e))
        except Exception:
            failed += 1
            print('not ok %d %s' % (n, func.__name__))
            for line in traceback.format_exc().splitlines():
                print('# ' + line)
        sys.stdout.flush()
    shutil.rmtree(TMP, ignore_errors=True)
    return 1 if failed else 0


if __name__ == '__main__':
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    sys.exit(main())
