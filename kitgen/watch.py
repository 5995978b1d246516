"""Live rebuilds: build once, then again whenever a watched file is saved, until Ctrl-C."""
from __future__ import annotations

import threading
from pathlib import Path
from typing import Callable, Iterable

import click

from kitgen.errors import ValidationError

#: Files an editor or kitgen itself writes next to the real ones; saving them is no reason to rebuild.
_SCRATCH_SUFFIXES = (".swp", ".swx", ".tmp", "~", ".part", ".kate-swp")


def watch(
    paths: Iterable[Path],
    rebuild: Callable[[], str],
    *,
    ignore: Iterable[Path] = (),
    echo: Callable[[str], None] = click.echo,
    stop: threading.Event | None = None,
) -> None:
    """Call ``rebuild`` now and after every change under ``paths``; print its summary or its problems.

    ``rebuild`` returns a one-line summary or raises a :class:`click.ClickException`; either way watching goes on.
    Changes under ``ignore`` (the output folder) are not a reason to rebuild.
    """
    import watchfiles  # here: only `build --watch` needs it

    ignored = tuple(path.resolve() for path in ignore)

    def wanted(change: watchfiles.Change, name: str) -> bool:
        path = Path(name)
        if path.name.startswith(".") or path.name.endswith(_SCRATCH_SUFFIXES):
            return False
        return not any(path == folder or folder in path.parents for folder in ignored)

    roots = [path for path in dict.fromkeys(path.resolve() for path in paths) if path.exists()]
    echo(_run(rebuild))
    echo(f"Watching {', '.join(str(path) for path in roots)} for changes; press Ctrl-C to stop.")
    for changes in watchfiles.watch(*roots, watch_filter=wanted, stop_event=stop, raise_interrupt=False):
        names = sorted({Path(name).name for _, name in changes})
        echo(f"Changed: {', '.join(names)}")
        echo(_run(rebuild))


def _run(rebuild: Callable[[], str]) -> str:
    """The rebuild's summary, or its problems in the usual ``file:line:col: message`` form."""
    try:
        return rebuild()
    except ValidationError as error:
        count = len(error.problems)
        lines = [str(problem) for problem in error.problems]
        return "\n".join(lines + [f"{count} problem{'s' if count != 1 else ''} found; waiting for the next save."])
    except click.ClickException as error:  # a bad input file, or a setting that names nothing
        return f"Error: {error.format_message()}; waiting for the next save."
