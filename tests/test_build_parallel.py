"""Worker processes get what they need: contexts and views pickle; the lazily loaded registry is the real one."""
from __future__ import annotations

from pathlib import Path
import pickle

from kitgen.context import BuildContext
from kitgen.i18n import LANGUAGES
from kitgen.loader import load_catalog
from kitgen.renderers import KINDS
from kitgen.rendering import Task, default_renderers
from kitgen.view import make_view

PROJECT_ROOT = Path(__file__).resolve().parents[1]  # the checkout the tests run from


def test_contexts_and_views_pickle_for_worker_processes():
    context = BuildContext()
    assert pickle.loads(pickle.dumps(context)) == context
    catalog = load_catalog(PROJECT_ROOT / "lessons", PROJECT_ROOT / "assets")
    for lesson in catalog.lessons:
        for lang in LANGUAGES:
            view = make_view(catalog, lesson, catalog.bands[0].id, lang)
            task = pickle.loads(pickle.dumps(Task(view, "slides", "inputs")))
            copy = task.view
            assert (copy.title, copy.band, copy.content, copy.resources) == (
                view.title, view.band, view.content, view.resources
            )
            assert copy.labels("answers") == view.labels("answers")


def test_the_kinds_declared_for_lazy_loading_are_the_registrys():
    # A build where nothing changed never imports the renderers: it plans with KINDS alone.
    assert set(default_renderers().load().kinds) == set(KINDS)
