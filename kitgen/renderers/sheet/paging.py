"""Which exercises share a worksheet page: as few pages as possible, balanced, no lone exercise at the end."""
from __future__ import annotations

from itertools import combinations
from typing import Sequence

from reportlab.platypus.flowables import _listWrapOn

#: Measured heights may be a point or two off what the frame lays out; a page is planned this much short.
SAFETY = 10.0


def height_of(flowables: list, width: float) -> float:
    """The height a list of flowables takes in a frame ``width`` wide (spaces between them included)."""
    return _listWrapOn(flowables, width, None)[1]


def split_points(count: int, pages: int):
    """Every way to cut ``count`` exercises, in order, into ``pages`` non-empty runs (as start indices)."""
    for cuts in combinations(range(1, count), pages - 1):
        yield (0, *cuts, count)


def page_heights(heights: Sequence[float], gap: float, bounds: Sequence[int]) -> list[float]:
    """The height each run of exercises takes on its page, with ``gap`` between exercises."""
    return [
        sum(heights[start:end]) + gap * (end - start - 1)
        for start, end in zip(bounds, bounds[1:])
    ]


def balance(heights: Sequence[float], rooms: Sequence[float], gap: float, page_height: float,
            growing: Sequence[bool] = ()) -> list[list[int]]:
    """The exercises (by index) on each page.

    ``rooms`` are the heights free on page 1, page 2, …; the last one repeats; ``page_height`` is a whole
    page's. Uses the fewest pages any order-keeping split needs. Among those splits it prefers, in turn:
    no page before the last more than a third empty, a last page with more than one exercise, and the least
    empty paper before the last page. A page whose exercise ``grows`` (an open question's lines) fills
    itself, and so does a page before the last with two or more exercises (the space between them grows);
    a lone exercise taller than a page gets that page and flows on.
    """
    count = len(heights)
    if count == 0:
        return []

    def room(page: int) -> float:
        return (rooms[page] if page < len(rooms) else rooms[-1]) - SAFETY

    grows = list(growing) + [False] * (count - len(growing))
    for pages in range(1, count + 1):
        best, best_cost = None, None
        for bounds in split_points(count, pages):
            used = page_heights(heights, gap, bounds)
            if any(u > room(p) and bounds[p + 1] - bounds[p] > 1 for p, u in enumerate(used)):
                continue  # only an exercise on its own may be taller than its page
            lone_last = pages > 1 and bounds[-1] - bounds[-2] == 1
            too_empty, empty = 0, 0.0
            for p, u in enumerate(used[:-1]):
                on_page = bounds[p + 1] - bounds[p]
                if any(grows[bounds[p]:bounds[p + 1]]) or on_page > 1:
                    continue
                left = max(room(p) - u, 0) / page_height
                too_empty += left > 1 / 3
                empty += left ** 2
            cost = (too_empty, lone_last, round(empty, 6))
            if best_cost is None or cost < best_cost:
                best, best_cost = bounds, cost
        if best is not None:
            return [list(range(start, end)) for start, end in zip(best, best[1:])]
    raise AssertionError("one exercise per page always fits")  # pragma: no cover
