"""Fixtures the web page's tests share."""
from __future__ import annotations

from pathlib import Path

import pytest

LESSONS = Path(__file__).resolve().parents[2] / "lessons"  # the checkout's shipped lessons


@pytest.fixture(scope="module")
def maker():
    """The kit maker over the shipped lessons, rendering in the test's own process; one per test module."""
    from kitgen.web.server import make_maker  # here: a test module skips first when Starlette is missing

    maker = make_maker(LESSONS, workers=0)
    yield maker
    maker.close()
