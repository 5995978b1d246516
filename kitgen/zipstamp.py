"""Fixed member dates inside ZIP containers (.pptx), so that two builds of the same inputs are byte-identical."""
from __future__ import annotations

import datetime as dt
import struct

LOCAL_HEADER = b"PK\x03\x04"
CENTRAL_HEADER = b"PK\x01\x02"
END_OF_CENTRAL_DIRECTORY = b"PK\x05\x06"


def dos_timestamp(moment: dt.datetime) -> bytes:
    """``moment`` as a ZIP member's (time, date) pair in MS-DOS format, little-endian."""
    moment = max(moment.replace(tzinfo=None), dt.datetime(1980, 1, 1))
    time = (moment.hour << 11) | (moment.minute << 5) | (moment.second // 2)
    date = ((moment.year - 1980) << 9) | (moment.month << 5) | moment.day
    return struct.pack("<HH", time, date)


def stamp_zip(data: bytes, moment: dt.datetime) -> bytes:
    """``data`` with every member dated ``moment`` if it is a plain ZIP file; anything else unchanged.

    Libraries such as python-pptx date members with the wall clock; the dates sit in fixed-size header
    fields outside the compressed data and checksums, so they are rewritten in place.
    """
    if not data.startswith(LOCAL_HEADER):
        return data
    end = data.rfind(END_OF_CENTRAL_DIRECTORY)
    if end < 0 or end + 22 > len(data):
        return data
    count, size, start = struct.unpack_from("<HII", data, end + 10)
    if start + size > end or 0xFFFFFFFF in (size, start):  # ZIP64 or damaged: leave it to the reader
        return data
    stamp = dos_timestamp(moment)
    patched = bytearray(data)
    offset = start
    for _ in range(count):
        if data[offset:offset + 4] != CENTRAL_HEADER:
            return data
        name_len, extra_len, comment_len = struct.unpack_from("<HHH", data, offset + 28)
        (local,) = struct.unpack_from("<I", data, offset + 42)
        if data[local:local + 4] != LOCAL_HEADER:
            return data
        patched[offset + 12:offset + 16] = stamp
        patched[local + 10:local + 14] = stamp
        offset += 46 + name_len + extra_len + comment_len
    return bytes(patched)
