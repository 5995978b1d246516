"""Ids that become parts of file names (lessons, bands, languages, pictures, kinds): names, never paths."""
from __future__ import annotations

import re

#: What every such id looks like: lower-case letters, digits and '-', starting with a letter or digit.
ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]{0,39}\Z")
#: The rule in words, for messages.
ID_RULE = "1 to 40 characters a-z, 0-9 and '-', starting with a letter or digit"


def id_problem(value: object, what: str) -> str | None:
    """Why ``value`` cannot be the id of a ``what`` ("lesson", "band" …), or None when it is a good id."""
    if isinstance(value, str) and ID_PATTERN.match(value):
        return None
    return f"{what} id '{value}' is not a name kitgen can use in file names; use {ID_RULE}"
