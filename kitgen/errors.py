"""User-facing errors: one base class the CLI prints cleanly, and positions in source files."""
from __future__ import annotations

from dataclasses import dataclass

import click


@dataclass(frozen=True, order=True)
class Pos:
    """Where something came from: a file and a 1-based line and column."""

    path: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if not self.line:
            return self.path
        return f"{self.path}:{self.line}:{self.column}"


@dataclass(frozen=True, order=True)
class Problem:
    """One validation problem, printed as ``path:line:col: message``."""

    pos: Pos
    message: str

    def __str__(self) -> str:
        return f"{self.pos}: {self.message}"


class KitgenError(click.ClickException):
    """A problem with the user's input or environment; printed without a traceback, exit 1."""

    exit_code = 1

    def format_message(self) -> str:
        return self.message

    def show(self, file=None) -> None:  # noqa: D102 - click's hook
        click.echo(f"Error: {self.format_message()}", err=True, file=file)


class PlacedError(KitgenError):
    """A problem at one place in a source file, raised where it is found; ``problem`` keeps it for collecting."""

    def __init__(self, pos: Pos | str, message: str):
        self.problem = Problem(pos if isinstance(pos, Pos) else Pos(pos), message)
        super().__init__(str(self.problem))


class ValidationError(KitgenError):
    """Every problem found in the input, reported together."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(p) for p in self.problems))

    def show(self, file=None) -> None:  # noqa: D102 - click's hook
        for problem in self.problems:
            click.echo(str(problem), err=True, file=file)
        count = len(self.problems)
        click.echo(f"{count} problem{'s' if count != 1 else ''} found; nothing was written.", err=True, file=file)
