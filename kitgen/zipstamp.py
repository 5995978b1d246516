"""Fixed member dates inside ZIP containers (.pptx), so that two builds of the same inputs are byte-identical."""
from __future__ import annotations

import datetime as dt
import io
import struct
import zipfile

LOCAL_HEADER = b"PK\x03\x04"
CENTRAL_HEADER = b"PK\x01\x02"
END_OF_CENTRAL_DIRECTORY = b"PK\x05\x06"
#: rw-r--r-- for every member, whatever the umask of the machine that built it.
MEMBER_PERMISSIONS = 0o644 << 16


def dos_timestamp(moment: dt.datetime) -> bytes:
    """``moment`` as a ZIP member's (time, date) pair in MS-DOS format, little-endian."""
    moment = max(moment.replace(tzinfo=None), dt.datetime(1980, 1, 1))
    time = (moment.hour << 11) | (moment.minute << 5) | (moment.second // 2)
    date = ((moment.year - 1980) << 9) | (moment.month << 5) | moment.day
    return struct.pack("<HH", time, date)


def fixed_zip(data: bytes, when: dt.datetime) -> bytes:
    """The same zip with every entry dated ``when`` (zip cannot go before 1980), so equal content is equal bytes."""
    stamp = max(when.astimezone(dt.timezone.utc).replace(tzinfo=None), dt.datetime(1980, 1, 1))
    return _patched_in_place(data, stamp) or _rewritten(data, stamp)


def _patched_in_place(data: bytes, stamp: dt.datetime) -> bytes | None:
    """What :func:`_rewritten` makes, by setting dates and permissions in the headers (no re-compressing).

    None when ``data`` is not a plain zip of deflated members (as python-pptx writes), which only a rewrite fixes.
    """
    end = data.rfind(END_OF_CENTRAL_DIRECTORY)
    if not data.startswith(LOCAL_HEADER) or end < 0 or end + 22 > len(data):
        return None
    count, size, start = struct.unpack_from("<HII", data, end + 10)
    if start + size > end:
        return None
    dos_date = dos_timestamp(stamp)
    patched = bytearray(data)
    offset = start
    for _ in range(count):
        if data[offset:offset + 4] != CENTRAL_HEADER:
            return None
        (method,) = struct.unpack_from("<H", data, offset + 10)
        name_len, extra_len, comment_len = struct.unpack_from("<HHH", data, offset + 28)
        (local,) = struct.unpack_from("<I", data, offset + 42)
        if method != zipfile.ZIP_DEFLATED or data[local:local + 4] != LOCAL_HEADER or extra_len or comment_len:
            return None
        patched[offset + 12:offset + 16] = patched[local + 10:local + 14] = dos_date
        patched[offset + 38:offset + 42] = struct.pack("<I", MEMBER_PERMISSIONS)
        offset += 46 + name_len
    return bytes(patched)


def _rewritten(data: bytes, stamp: dt.datetime) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, stamp.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = MEMBER_PERMISSIONS
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()
