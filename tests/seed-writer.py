#!/usr/bin/python3
"""The seed scenario: pyserial-asyncio writes lines one byte at a time with pauses."""
import asyncio
import sys

import serial_asyncio


async def main(path, payload, pause):
    reader, writer = await serial_asyncio.open_serial_connection(url=path, baudrate=115200)
    for byte in payload:
        writer.write(bytes([byte]))
        await writer.drain()
        await asyncio.sleep(pause)
    await asyncio.sleep(0.1)
    writer.close()


if __name__ == "__main__":
    data = sys.argv[2].encode().decode("unicode_escape").encode("latin-1") if len(sys.argv) > 2 else b"foo\nbar\nbaz\nqux\n"
    asyncio.run(main(sys.argv[1], data, float(sys.argv[3]) if len(sys.argv) > 3 else 0.01))
