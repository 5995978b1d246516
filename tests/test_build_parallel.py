"""Worker processes get what they need: build contexts and lesson views survive pickling unchanged."""
from __future__ import annotations

import pickle

from kitgen.context import PROJECT_ROOT, BuildContext
from kitgen.i18n import LANGUAGES
from kitgen.loader import load_catalog
from kitgen.rendering import Task
from kitgen.view import make_view


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
