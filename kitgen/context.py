"""What renderers may use besides the lesson view: the assets and templates folders, fonts, the build date."""
from __future__ import annotations

import datetime as dt
import functools
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, TypeVar

from kitgen import builtin

if TYPE_CHECKING:
    from kitgen.school import SchoolProfile

T = TypeVar("T")

#: The last second a zip file (and so a .pptx) can date a file with: 31 December 2107.
LAST_EPOCH = 4_354_819_199


def explicit_source_date() -> dt.date | None:
    """The day SOURCE_DATE_EPOCH names, when the user set it; None otherwise."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    return source_date().date() if epoch else None


def source_date() -> dt.datetime:
    """The date written into files: SOURCE_DATE_EPOCH when set, else a fixed default, never the clock.

    A value that is not a whole number of seconds from 1970 to 2107 is an error (reportlab reads it too).
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        return dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    if not (epoch.isascii() and epoch.isdigit()) or int(epoch) > LAST_EPOCH:
        from kitgen.errors import KitgenError

        raise KitgenError(
            f"SOURCE_DATE_EPOCH={epoch[:40]!r} is not a date kitgen can use; give whole seconds since "
            f"1 January 1970, from 0 to {LAST_EPOCH} (31 December 2107), or unset it"
        )
    return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc)


@dataclass(frozen=True)
class BuildContext:
    """Settings shared by every renderer in one build."""

    assets_dir: Path = field(default_factory=builtin.assets_dir)
    #: Searched in order: a --templates folder first, then the built-in templates.
    templates_dirs: tuple[Path, ...] = field(default_factory=lambda: (builtin.templates_dir(),))
    build_date: dt.datetime = field(default_factory=source_date)
    author: str = "kitgen"
    slides_template: Path | None = None  # a school's own layout file; None: templates/slides.pptx
    #: The --school profile the letters are personalised with; None leaves blanks to fill in by hand.
    school: SchoolProfile | None = None
    #: Work done once per build and shared by every kit (e.g. QR codes); see :meth:`once`.
    _memo: dict = field(default_factory=dict, init=False, compare=False, repr=False)

    @functools.cached_property
    def fonts_dir(self) -> Path:
        return self.assets_dir / "fonts"

    def __getstate__(self) -> dict:
        # A copy in another process (a build worker) starts with its own, empty memo.
        return {name: value for name, value in self.__dict__.items() if name != "_memo"}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state, _memo={})

    def once(self, key: tuple, make: Callable[[], T]) -> T:
        """``make()`` for ``key``, computed the first time it is asked for in this build only."""
        if key not in self._memo:
            self._memo[key] = make()
        return self._memo[key]
