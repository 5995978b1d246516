"""A kit-words catalogue (.po) compiled with Babel into gettext's binary form (.mo), the same bytes every time.

Imports nothing from kitgen: setup.py loads this file to compile the catalogues into the wheel.
"""
from __future__ import annotations

import datetime as dt
import io

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

#: The date a catalogue whose header has none is compiled with, so its .mo does not depend on the day.
UNDATED = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)


def compile_po(po: bytes) -> bytes:
    """The .mo of a .po file's bytes; fuzzy entries are left out, as gettext's msgfmt does."""
    catalogue = read_po(io.BytesIO(po))
    if b"POT-Creation-Date:" not in po:
        catalogue.creation_date = UNDATED  # else Babel writes the current time into the .mo's header
    compiled = io.BytesIO()
    write_mo(compiled, catalogue, use_fuzzy=False)
    return compiled.getvalue()
