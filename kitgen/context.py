"""What renderers may use besides the lesson view: project paths, fonts, templates, the build date."""
from __future__ import annotations

import datetime as dt
import functools
import os
from dataclasses import dataclass, field
from pathlib import Path

#: The folder holding the default templates/ and assets/ (the checkout kitgen runs from).
PROJECT_ROOT = Path(__file__).resolve().parent.parent


def source_date() -> dt.datetime:
    """The date written into files: SOURCE_DATE_EPOCH when set, else a fixed default, never the clock."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc)
    return dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)


@dataclass(frozen=True)
class BuildContext:
    """Settings shared by every renderer in one build."""

    assets_dir: Path = PROJECT_ROOT / "assets"
    templates_dirs: tuple[Path, ...] = (PROJECT_ROOT / "templates",)
    build_date: dt.datetime = field(default_factory=source_date)
    author: str = "kitgen"
    slides_template: Path | None = None  # a school's own layout file; None: templates/slides.pptx

    @functools.cached_property
    def fonts_dir(self) -> Path:
        return self.assets_dir / "fonts"
