"""A story's last part set one of two ways, chosen where the page stands when the layout reaches it."""
from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Callable

from reportlab.platypus import Flowable, KeepTogether, SimpleDocTemplate
from reportlab.platypus.doctemplate import FrameActionFlowable

from kitgen.renderers.pdfbase import KitParagraph

#: Makes the flowables of one way of setting the tail (fresh ones each time: laying out changes flowables).
Setting = Callable[[], list[Flowable]]


@dataclass(frozen=True)
class Ending:
    """Where a tail ends: its last page (counted in the whole document), the room left there, a page's height."""

    page: int
    space_left: float
    page_height: float


@dataclass(frozen=True)
class _Position:
    """Where a frame stands: enough to continue a layout from there in a fresh document of the same shape."""

    page: int
    y: float
    at_top: int
    space_after: float  # the last flowable's space after, which the next one's space before overlaps
    indents: tuple[float, float]


class TailChoice(FrameActionFlowable):
    """Put where the tail starts: lays out ``usual`` from here and, if ``try_other(ending)``, ``other``;
    then the document goes on with ``other`` if ``prefer_other(usual_ending, other_ending)``, else ``usual``.

    Both trials start in a scratch document of the same page and frame size, at the very spot on the page
    this flowable is reached, so they end where the real document would; they measure and split the tail
    only, draw nothing and save nothing. So the document is laid out once, not once per setting, and the
    chosen setting's own flowables go on into the document with their lines already broken, when they are
    all paragraphs of the kit (:class:`~kitgen.renderers.pdfbase.KitParagraph`, which break their lines
    again after a split) or groups of them; otherwise the setting is made anew.
    """

    def __init__(self, usual: Setting, other: Setting, try_other: Callable[[Ending], bool],
                 prefer_other: Callable[[Ending, Ending], bool]):
        self.usual, self.other = usual, other
        self.try_other, self.prefer_other = try_other, prefer_other
        self.chosen: str | None = None  # "usual" or "other", once laid out

    def frameAction(self, frame) -> None:
        doc = self.canv._doctemplate
        here = _Position(self.canv.getPageNumber(), frame._y, frame._atTop, frame._prevASpace,
                         (frame._leftExtraIndent, frame._rightExtraIndent))
        setting, self.chosen = self.usual, "usual"
        laid_out = self.usual()
        usual_end = lay_out_tail(doc, here, laid_out)
        if self.try_other(usual_end):
            other = self.other()
            if self.prefer_other(usual_end, lay_out_tail(doc, here, other)):
                setting, self.chosen, laid_out = self.other, "other", other
        frame.add_generated_content(*(laid_out if all(map(_lays_out_again, laid_out)) else setting()))


def _lays_out_again(flowable: Flowable) -> bool:
    """Whether a flowable a trial measured and split can go into the document as it is."""
    if isinstance(flowable, KeepTogether):
        return all(map(_lays_out_again, flowable._content))
    return isinstance(flowable, KitParagraph)


class _Resume(FrameActionFlowable):
    """Moves a fresh frame to where another document's frame stood."""

    def __init__(self, position: _Position):
        self.position = position

    def frameAction(self, frame) -> None:
        frame._y, frame._atTop, frame._prevASpace = self.position.y, self.position.at_top, self.position.space_after
        frame._leftExtraIndent, frame._rightExtraIndent = self.position.indents


class _Unseen(Flowable):
    """Stands in for a flowable in a trial layout: takes the room it takes, splits as it splits, draws nothing."""

    def __init__(self, flowable: Flowable):
        super().__init__()
        self.flowable = flowable

    def __getattr__(self, name):  # what the frame asks of a flowable beyond Flowable's own, e.g. _ZEROSIZE
        if name == "flowable":
            raise AttributeError(name)
        return getattr(self.flowable, name)

    def wrap(self, available_width, available_height):
        self.width, self.height = self.flowable.wrap(available_width, available_height)
        return self.width, self.height

    def split(self, available_width, available_height):
        return [unseen(part) for part in self.flowable.split(available_width, available_height)]

    def getSpaceBefore(self):
        return self.flowable.getSpaceBefore()

    def getSpaceAfter(self):
        return self.flowable.getSpaceAfter()

    def getKeepWithNext(self):
        return self.__dict__["keepWithNext"] if "keepWithNext" in self.__dict__ else self.flowable.getKeepWithNext()

    def drawOn(self, canvas, x, y, _sW=0):
        pass


def unseen(flowable: Flowable) -> Flowable:
    """``flowable`` for a trial layout: measured and split as it is, never drawn (nor what a group holds)."""
    if isinstance(flowable, KeepTogether):
        return type(flowable)([unseen(part) for part in flowable._content], maxHeight=flowable._maxHeight)
    return _Unseen(flowable)


class _Reached(Exception):
    """The trial layout got to the end of the tail."""


class _End(Flowable):
    """The trial's last flowable, taking no room: notes where it lands and stops the layout."""

    def __init__(self, first_page: int):
        super().__init__()
        self.first_page, self.space_left = first_page, 0.0

    def wrap(self, available_width, available_height):
        self.space_left = available_height
        return 0, 0

    def draw(self):
        doc = self.canv._doctemplate
        raise _Reached(Ending(self.first_page + self.canv.getPageNumber() - 1, self.space_left, doc.height))


def lay_out_tail(doc: SimpleDocTemplate, here: _Position, tail: list[Flowable]) -> Ending:
    """Where ``tail`` ends when laid out in ``doc`` from ``here`` on (in a scratch document, not drawn)."""
    scratch = SimpleDocTemplate(io.BytesIO(), pagesize=doc.pagesize, leftMargin=doc.leftMargin,
                                rightMargin=doc.rightMargin, topMargin=doc.topMargin,
                                bottomMargin=doc.bottomMargin, invariant=1)
    try:
        scratch.build([_Resume(here), *map(unseen, tail), _End(here.page)])
    except _Reached as reached:
        return reached.args[0]
    raise AssertionError("the trial layout ended before its last flowable")  # pragma: no cover
