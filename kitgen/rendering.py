"""Rendering a build's artifacts, in this process or spread over worker processes."""
from __future__ import annotations

import contextlib
import gc
import os
import signal
import sys
import threading
import time
from dataclasses import dataclass
from typing import Callable, Iterator, Union

from kitgen.context import BuildContext
from kitgen.errors import KitgenError
from kitgen.renderers import KINDS, Registry, default_registry
from kitgen.view import LessonView


@dataclass(frozen=True)
class LazyRegistry:
    """A registry made on first use: its kinds are known at once, its renderers' heavy imports wait."""

    kinds: tuple[str, ...]
    make: Callable[[], Registry]  # a module-level function, so worker processes can receive it

    def load(self) -> Registry:
        registry = self.make()
        if set(registry.kinds) != set(self.kinds):
            raise RuntimeError(f"the registry makes {registry.kinds}, but {self.kinds} were declared")
        return registry


#: What a build renders with: a registry, or one made only when something needs rendering.
Renderers = Union[Registry, LazyRegistry]


def default_renderers() -> LazyRegistry:
    """The built-in renderers, imported only when a build has something to render."""
    return LazyRegistry(KINDS, default_registry)


def _load(renderers: Renderers) -> Registry:
    return renderers.load() if isinstance(renderers, LazyRegistry) else renderers


@dataclass(frozen=True)
class Task:
    """One artifact to render."""

    view: LessonView
    kind: str
    inputs: str  # its input hash


@dataclass(frozen=True)
class Rendered:
    """A rendered artifact's file suffix and bytes."""

    suffix: str
    data: bytes


def render(registry: Registry, task: Task, context: BuildContext) -> Rendered:
    """Render one artifact (each renderer makes its bytes reproducible: the deck fixes its zip dates)."""
    renderer = registry[task.kind]
    try:
        return Rendered(renderer.suffix, renderer.render(task.view, context))
    except Exception as exc:  # noqa: BLE001 - only reportlab's "does not fit on a page" is the user's to fix
        if type(exc).__name__ != "LayoutError":
            raise
        view = task.view
        raise KitgenError(
            f"the {task.kind} of lesson '{view.lesson_id}', band {view.band.id}, language {view.lang} does not fit: "
            "one of its texts is too long for a page; shorten it or split it up"
        ) from None


def available_cores() -> int:
    """The number of cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def render_all(
    tasks: list[Task], renderers: Renderers, context: BuildContext, jobs: int
) -> Iterator[tuple[Task, Rendered]]:
    """Render every task, yielding each as it is done; with ``jobs`` > 1, in that many processes."""
    if not tasks:
        return
    if jobs <= 1 or len(tasks) == 1:
        registry = _load(renderers)
        with settled_heap():
            for task in tasks:
                yield task, render(registry, task, context)
        return
    yield from _render_in_pool(tasks, renderers, context, min(jobs, len(tasks)))


@contextlib.contextmanager
def settled_heap() -> Iterator[None]:
    """While rendering, the collector leaves alone what was loaded before (lessons, views, renderers, fonts).

    Rendering makes many short-lived objects; each collection would otherwise walk the whole loaded catalog
    again (about a tenth of a worksheet's time). Unfrozen afterwards, so a watching build collects as usual.
    """
    gc.collect()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _render_in_pool(
    tasks: list[Task], renderers: Renderers, context: BuildContext, workers: int
) -> Iterator[tuple[Task, Rendered]]:
    import multiprocessing  # only when processes are used: they cost start-up time a no-op build cannot spare
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    if "fork" in multiprocessing.get_all_start_methods():
        # Forked workers start in milliseconds with the catalog and views already here; nothing needs
        # pickling up front. Each imports the renderers itself (reportlab, python-pptx, lxml: some 25 MB):
        # imported here, they would sit in this process too, and every process's resident size counts them.
        mp_context = multiprocessing.get_context("fork")
        gc.freeze()  # the collector then leaves the inherited objects alone, so their pages stay shared
    else:
        mp_context = multiprocessing.get_context()
    pool = ProcessPoolExecutor(
        max_workers=workers, mp_context=mp_context, initializer=_start_worker, initargs=(renderers, context)
    )
    try:
        pending = {pool.submit(_render_in_worker, kit): kit for kit in _by_kit(tasks)}
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                kit = pending.pop(future)
                yield from zip(kit, future.result())
    except BrokenProcessPool:
        raise KitgenError(
            "a worker process stopped unexpectedly (out of memory?); nothing was written. Try --jobs 1"
        ) from None
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        gc.unfreeze()


# Each worker process renders with one registry and context, set once by the pool's initializer:
# the only way to give a ProcessPoolExecutor worker long-lived objects. It is never set in the main process.
_worker: dict[str, object] = {}


def _start_worker(renderers: Renderers, context: BuildContext) -> None:
    # Ctrl-C is for the main process: it stops handing out work, lets running tasks end and cleans up.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _end_with_parent()
    _worker["registry"] = _load(renderers)
    _worker["context"] = context


def _end_with_parent() -> None:
    """Make this worker end when the main process dies, even by SIGKILL, instead of running on for ever."""
    parent = os.getppid()
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG: the kernel kills us with the parent
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent died before the line above took effect
        os._exit(1)

    def watch() -> None:  # other systems (and a belt to the braces): look every half second
        while True:
            time.sleep(0.5)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="kitgen-parent-watch", daemon=True).start()


def _by_kit(tasks: list[Task]) -> list[tuple[Task, ...]]:
    """The tasks grouped by the view they share, in order: each view then crosses to a worker once."""
    kits: dict[int, list[Task]] = {}
    for task in tasks:
        kits.setdefault(id(task.view), []).append(task)
    return [tuple(kit) for kit in kits.values()]


def _render_in_worker(kit: tuple[Task, ...]) -> list[Rendered]:
    return [render(_worker["registry"], task, _worker["context"]) for task in kit]  # type: ignore[arg-type]
