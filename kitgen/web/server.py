"""`kitgen serve`: load and check the lessons, start the render processes, then serve the app with uvicorn."""
from __future__ import annotations

from pathlib import Path

import click

from kitgen.context import BuildContext
from kitgen.rendering import available_cores


def make_maker(lessons_dir: Path, workers: int | None, context: BuildContext | None = None):
    """A kit maker over the checked lessons of ``lessons_dir`` (the same checks as ``kitgen build``)."""
    from kitgen.glyphs import check_glyphs
    from kitgen.loader import load_for_build
    from kitgen.web.kits import KitMaker

    context = context or BuildContext()
    catalog = load_for_build(lessons_dir, context.assets_dir).catalog  # drafts left out, as a build does
    check_glyphs(catalog, context.fonts_dir)
    return KitMaker(catalog, context, available_cores() if workers is None else workers)


def run(lessons_dir: Path, host: str, port: int, workers: int | None, rate_limit: int) -> None:
    """Serve until Ctrl-C. No access log: the server keeps no record of who asked for what."""
    import uvicorn

    from kitgen.web.app import create_app

    maker = make_maker(lessons_dir, workers)
    maker.start()  # fork the render processes before the server starts any thread
    app = create_app(maker, rate_limit=rate_limit)
    click.echo(f"kitgen serves http://{host}:{port}/ with {maker.workers} render processes (Ctrl-C stops it).")
    uvicorn.run(
        app, host=host, port=port, access_log=False, log_level="warning", server_header=False,
        timeout_graceful_shutdown=10,
    )
