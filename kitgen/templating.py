"""Jinja2 environment: project templates first, then the defaults; undefined names fail loudly."""
from __future__ import annotations

import contextlib
import traceback
from pathlib import Path

import jinja2

from kitgen.errors import KitgenError


def environment(search_path: tuple[Path, ...], *, autoescape: bool = False) -> jinja2.Environment:
    """An environment looking in ``search_path`` in order, with StrictUndefined."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(p) for p in search_path]),
        undefined=jinja2.StrictUndefined,
        autoescape=autoescape,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_template(env: jinja2.Environment, name: str, **values: object) -> str:
    """Render template ``name``; a missing template or variable is a clean error naming both."""
    template = _template(env, name)
    with _undefined_is_an_error(template):
        return template.render(**values)


def template_module(env: jinja2.Environment, name: str, **values: object):
    """Run template ``name`` and return its top-level ``{% set %}`` values as attributes."""
    template = _template(env, name)
    with _undefined_is_an_error(template):
        return template.make_module(vars=values)


def _template(env: jinja2.Environment, name: str) -> jinja2.Template:
    try:
        return env.get_template(name)
    except jinja2.TemplateNotFound:
        raise KitgenError(f"template '{name}' not found in {', '.join(env.loader.searchpath)}") from None
    except jinja2.TemplateSyntaxError as exc:
        raise KitgenError(f"{exc.filename or name}:{exc.lineno}: template syntax error: {exc.message}") from None


@contextlib.contextmanager
def _undefined_is_an_error(template: jinja2.Template):
    """Report a misspelt name, or another mistake in a (school's own) template, with its file and line."""
    try:
        yield
    except (jinja2.TemplateError, TypeError, ValueError) as exc:
        lines = [f.lineno for f in traceback.extract_tb(exc.__traceback__) if f.filename == template.filename]
        where = f"{template.filename}:{lines[-1]}" if lines else f"template '{template.name}'"
        message = exc.message if isinstance(exc, jinja2.TemplateError) else f"template error: {exc}"
        raise KitgenError(f"{where}: {message}") from None
