"""A box kept whole that, when it does not fit where it stands, lets the whole sections after it fill the page."""
from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether
from reportlab.platypus.doctemplate import FrameActionFlowable

from kitgen.renderers.sheet.paging import SAFETY, height_of


class FloatingBox(FrameActionFlowable):
    """Put where ``box`` goes, with the ``sections`` that follow it (each a list of flowables, kept in order).

    When the box fits in the room left on the page, it comes first, as written. When it does not, as many
    of the following sections as fit whole in that room go first, so the page is used, and the box heads
    the next page, before the rest of the sections. Measured with the flowables' own ``wrap`` where the
    frame stands: the document is laid out once.
    """

    def __init__(self, box: list[Flowable], sections: list[list[Flowable]]):
        self.box, self.sections = box, sections
        self.moved = 0  # how many sections went before the box, once laid out

    def frameAction(self, frame) -> None:
        room = frame._y - frame._y1p - SAFETY
        width = frame._getAvailableWidth()
        self.moved = 0
        if not frame._atTop and _height(self.box, width, frame._prevASpace) > room:
            used, after = 0.0, frame._prevASpace
            for section in self.sections:
                used += _height(section, width, after)
                if used > room:
                    break
                self.moved += 1
                after = _inside(section)[-1].getSpaceAfter()
        first, rest = self.sections[:self.moved], self.sections[self.moved:]
        frame.add_generated_content(*[f for s in first for f in s], *self.box, *[f for s in rest for f in s])


def _inside(flowables: list[Flowable]) -> list[Flowable]:
    """The flowables with every group (kept together) opened up: what the frame measures and places."""
    return [part for f in flowables
            for part in (_inside(f._content) if isinstance(f, KeepTogether) else [f])]


def _height(flowables: list[Flowable], width: float, space_above: float) -> float:
    """The room ``flowables`` take in the frame after something with ``space_above`` space after it."""
    inside = _inside(flowables)
    return height_of(inside, width) + max(inside[0].getSpaceBefore() - space_above, 0)
