#!/usr/bin/env python3
# check-log.py - parses a Benchtop session log the way other programs would
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: check-log.py FORMAT LOG [EXPECTED.json]
#
# FORMAT is text, csv or jsonl. Every row must parse (Python's csv module
# for CSV, json for JSON Lines), every field must be well formed, text and
# device must un-escape (DESIGN.md §2.3), and the file must end with a whole
# row. With EXPECTED.json, a list of rows {"wall_us", "elapsed_us", "device",
# "direction", "text"} where device and text are the raw bytes in hex, every
# field must match exactly: time and elapsed are computed here from the
# integers, independently of the C code, and compared as written (elapsed is
# never read as a float). Prints "rows N" on success; on failure a reason on
# stderr, exit status 1.

import csv
import datetime
import io
import json
import re
import sys

TIME_RE = re.compile(r'\A\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z\Z')
ELAPSED_RE = re.compile(r'\A-?\d+\.\d{6}\Z')
ESCAPE_RE = re.compile(r'\\(\\|t|x[0-9a-f]{2})')
FIELDS = ['time', 'elapsed', 'device', 'direction', 'text']


class Bad(Exception):
    pass


def format_time(wall_us):
    t = datetime.datetime(1970, 1, 1) + datetime.timedelta(microseconds=wall_us)
    return (f'{t.year:04d}-{t.month:02d}-{t.day:02d}T'
            f'{t.hour:02d}:{t.minute:02d}:{t.second:02d}.{t.microsecond:06d}Z')


def format_elapsed(us):
    sign = '-' if us < 0 else ''
    return f'{sign}{abs(us) // 10**6}.{abs(us) % 10**6:06d}'


def unescape(s, where):
    """The inverse of the log escaping; rejects anything it would not write."""
    for ch in s:
        o = ord(ch)
        if o < 0x20 or o == 0x7f or 0x80 <= o <= 0x9f:
            raise Bad(f'{where}: raw control character U+{o:04X} in {s!r}')
    out = bytearray()
    pos = 0
    for m in ESCAPE_RE.finditer(s):
        chunk = s[pos:m.start()]
        if '\\' in chunk:
            raise Bad(f'{where}: bad escape in {s!r}')
        out += chunk.encode('utf-8')
        e = m.group(1)
        if e == '\\':
            out += b'\\'
        elif e == 't':
            out += b'\t'
        else:
            out.append(int(e[1:], 16))
        pos = m.end()
    rest = s[pos:]
    if '\\' in rest:
        raise Bad(f'{where}: bad escape in {s!r}')
    out += rest.encode('utf-8')
    return bytes(out)


def parse(fmt, data):
    terminator = b'\r\n' if fmt == 'csv' else b'\n'
    if data and not data.endswith(terminator):
        raise Bad(f'the file does not end with a whole row: ...{data[-60:]!r}')
    if fmt == 'csv' and re.search(rb'(?<!\r)\n', data):
        raise Bad('a CSV row ends with a bare LF')
    if fmt != 'csv' and b'\r' in data:
        raise Bad('a raw CR in the file')
    try:
        text = data.decode('utf-8')
    except UnicodeDecodeError as e:
        raise Bad(f'the file is not valid UTF-8: {e}')

    rows = []
    if fmt == 'csv':
        reader = csv.reader(io.StringIO(text, newline=''), strict=True)
        header = next(reader, None)
        if header != FIELDS:
            raise Bad(f'bad CSV header {header!r}')
        for n, rec in enumerate(reader, 2):
            if len(rec) != 5:
                raise Bad(f'line {n}: {len(rec)} fields: {rec!r}')
            rows.append((n, dict(zip(FIELDS, rec))))
    elif fmt == 'jsonl':
        for n, line in enumerate(text.split('\n')[:-1], 1):
            obj = json.loads(line, parse_float=str, parse_int=lambda s: 'int:' + s)
            if list(obj) != FIELDS:
                raise Bad(f'line {n}: keys {list(obj)!r}')
            for k in FIELDS:
                if not isinstance(obj[k], str):
                    raise Bad(f'line {n}: {k} is not a string: {obj[k]!r}')
            if not line.startswith('{"time":"'):
                raise Bad(f'line {n}: not compact: {line!r}')
            # elapsed went through parse_float, so it was a JSON number with a
            # fraction: check that it was not a string instead
            if f'"elapsed":{obj["elapsed"]},' not in line:
                raise Bad(f'line {n}: elapsed is not a number: {line!r}')
            rows.append((n, obj))
    else:
        for n, line in enumerate(text.split('\n')[:-1], 1):
            rec = line.split('\t')
            if len(rec) != 4:
                raise Bad(f'line {n}: {len(rec)} fields: {line!r}')
            rows.append((n, dict(zip(['time', 'device', 'direction', 'text'], rec))))

    result = []
    for n, row in rows:
        if not TIME_RE.match(row['time']):
            raise Bad(f'line {n}: bad time {row["time"]!r}')
        if 'elapsed' in row and not ELAPSED_RE.match(row['elapsed']):
            raise Bad(f'line {n}: bad elapsed {row["elapsed"]!r}')
        if row['direction'] not in ('rx', 'tx', 'event'):
            raise Bad(f'line {n}: bad direction {row["direction"]!r}')
        row = dict(row)
        row['device'] = unescape(row['device'], f'line {n}: device').hex()
        row['text'] = unescape(row['text'], f'line {n}: text').hex()
        result.append((n, row))
    return result


def main():
    if len(sys.argv) not in (3, 4) or sys.argv[1] not in ('text', 'csv', 'jsonl'):
        print(__doc__, file=sys.stderr)
        return 2
    fmt = sys.argv[1]
    with open(sys.argv[2], 'rb') as f:
        data = f.read()
    try:
        rows = parse(fmt, data)
        if len(sys.argv) == 4:
            with open(sys.argv[3]) as f:
                expected = json.load(f)
            if len(rows) != len(expected):
                raise Bad(f'{len(rows)} rows, expected {len(expected)}')
            for (n, row), exp in zip(rows, expected):
                exp = dict(exp)
                exp['time'] = format_time(exp.pop('wall_us'))
                elapsed = format_elapsed(exp.pop('elapsed_us'))
                if fmt != 'text':
                    exp['elapsed'] = elapsed
                for k, v in exp.items():
                    if row[k] != v:
                        raise Bad(f'line {n}: {k} is {row[k]!r}, expected {v!r}')
    except (Bad, ValueError, csv.Error) as e:
        print(f'{sys.argv[2]}: {e}', file=sys.stderr)
        return 1
    print(f'rows {len(rows)}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
