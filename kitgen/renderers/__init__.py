"""Renderers turn a LessonView into the bytes of one kind of file; the registry maps kinds to them."""
from __future__ import annotations

from typing import Protocol

from kitgen.context import BuildContext
from kitgen.ids import id_problem
from kitgen.view import LessonView


class Renderer(Protocol):
    """One kind of artifact: its manifest ``kind``, its file suffix, and how to make it."""

    kind: str
    suffix: str

    def render(self, view: LessonView, context: BuildContext) -> bytes: ...


class Registry:
    """Renderers by kind, in the order they were added; a kind can be added only once."""

    def __init__(self) -> None:
        self._renderers: dict[str, Renderer] = {}

    def add(self, renderer: Renderer) -> None:
        if id_problem(renderer.kind, "kind"):
            raise ValueError(id_problem(renderer.kind, "kind"))
        if renderer.kind in self._renderers:
            raise ValueError(f"a renderer for '{renderer.kind}' is already registered")
        self._renderers[renderer.kind] = renderer

    def __getitem__(self, kind: str) -> Renderer:
        return self._renderers[kind]

    def __iter__(self):
        return iter(self._renderers.values())

    @property
    def kinds(self) -> list[str]:
        return list(self._renderers)


#: The kinds every build makes, in manifest order; importing their modules is deferred to build time.
KINDS = ("slides", "worksheet", "answers", "letter", "letter-text", "letter-html", "letter-eml")


def default_registry() -> Registry:
    """All built-in renderers (imports reportlab and python-pptx, so only call it to build)."""
    from kitgen.renderers.letter.eml import LetterEml
    from kitgen.renderers.letter.pdf import LetterPdf
    from kitgen.renderers.letter.text import LetterHtml, LetterText
    from kitgen.renderers.deck.slides import SlidesRenderer
    from kitgen.renderers.sheet.answers import AnswersRenderer
    from kitgen.renderers.sheet.worksheet import WorksheetRenderer

    registry = Registry()
    renderers = (SlidesRenderer(), WorksheetRenderer(), AnswersRenderer(), LetterPdf(), LetterText(), LetterHtml(),
                 LetterEml())
    for renderer in renderers:
        registry.add(renderer)
    return registry
