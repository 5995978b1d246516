"""Jinja2 in a sandbox with limits: project templates first, then the defaults; every mistake is `file:line: message`.

User templates (``--templates``) may come from someone other than the person running kitgen, so every
template, the built-in ones too, renders in Jinja2's SandboxedEnvironment: no attribute starting with
``_``, no unsafe callables. On top of that, loops, sizes and recursion are bounded, so a small template
cannot make kitgen run for hours or fill the memory.
"""
from __future__ import annotations

import contextlib
import contextvars
import functools
import re
import signal
import threading
import traceback
from pathlib import Path
from typing import Any, Iterable

import jinja2
from jinja2 import nodes
from jinja2.ext import Extension
from jinja2.compiler import CodeGenerator
from jinja2.sandbox import SandboxedEnvironment

from kitgen.errors import KitgenError

#: Most characters one template may produce (a letter is about 5 000).
MAX_OUTPUT = 1_000_000
#: Most loop steps in one rendering (a letter takes a few dozen).
MAX_LOOP_STEPS = 100_000
#: Longest one rendering may take (a letter takes milliseconds); on POSIX systems.
MAX_SECONDS = 10.0
#: Largest number a template may pass to a filter or function, or raise to a power.
MAX_NUMBER = 100_000

#: Loop steps left in the rendering under way (each render starts a fresh budget).
_steps_left: contextvars.ContextVar[int] = contextvars.ContextVar("kitgen_template_steps", default=MAX_LOOP_STEPS)


class TemplateLimit(jinja2.TemplateRuntimeError):
    """A template went past one of kitgen's limits."""


class _Limits(Extension):
    """Hooks the generated code calls: each loop's items are counted, each joined text is measured."""

    identifier = "kitgen.limits"

    def counted(self, iterable: Iterable[Any]) -> Iterable[Any]:
        for item in iterable:
            left = _steps_left.get() - 1
            if left < 0:
                raise TemplateLimit(f"the loops take more than {MAX_LOOP_STEPS:,} steps")
            _steps_left.set(left)
            yield item

    def measured(self, text: Any) -> Any:
        _check_size(text)
        return text


def _check_size(value: Any) -> None:
    if isinstance(value, (str, list, tuple, dict)) and len(value) > MAX_OUTPUT:
        raise TemplateLimit(f"a text or list grows past {MAX_OUTPUT:,} characters")


def _check_arguments(args: Iterable[Any]) -> None:
    for value in args:
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_NUMBER:
            raise TemplateLimit(f"the number {value} is larger than {MAX_NUMBER:,}")


#: A width or precision in a format string ('{:>99999999}') that would make a huge text.
_WIDE_FORMAT = re.compile(r"[0-9]{6,}")


def _measured_join(parts: Iterable[Any]) -> str:
    """``"".join``, refusing before it allocates a text longer than MAX_OUTPUT (a ``{% set %}`` block)."""
    parts = [str(part) for part in parts]
    if sum(map(len, parts)) > MAX_OUTPUT:
        raise TemplateLimit(f"a text grows past {MAX_OUTPUT:,} characters")
    return "".join(parts)


def _guarded(function):
    """A filter that refuses huge numbers and results (``'x'|center(10**9)``)."""

    @functools.wraps(function)  # keeps Jinja2's pass_context/pass_eval_context marks
    def guarded(*args, **kwargs):
        _check_arguments([*args[1:], *kwargs.values()])
        result = function(*args, **kwargs)
        _check_size(result)
        return result

    return guarded


class _BoundedCodeGenerator(CodeGenerator):
    """Jinja2's code generator, with every loop counted and every ``~`` join measured."""

    def visit_For(self, node: nodes.For, frame) -> None:  # noqa: N802 - Jinja2's visitor names
        counted = nodes.ExtensionAttribute(_Limits.identifier, "counted", lineno=node.lineno)
        node.iter = nodes.Call(counted, [node.iter], [], None, None, lineno=node.lineno)
        super().visit_For(node, frame)

    def visit_Concat(self, node: nodes.Concat, frame) -> None:  # noqa: N802
        self.write(f"environment.extensions[{_Limits.identifier!r}].measured(")
        super().visit_Concat(node, frame)
        self.write(")")


class _Sandbox(SandboxedEnvironment):
    """The sandbox with kitgen's limits on numbers, sizes and loops."""

    code_generator_class = _BoundedCodeGenerator
    intercepted_binops = frozenset({"*", "**", "+"})

    def call_binop(self, context, operator: str, left: Any, right: Any) -> Any:
        if operator == "**":
            _check_arguments([right])
        if operator == "*":
            for sized, count in ((left, right), (right, left)):
                if isinstance(sized, (str, list, tuple)) and isinstance(count, int):
                    _check_size(range(len(sized) * max(count, 0)))
        if operator == "+" and isinstance(left, (str, list, tuple)) and isinstance(right, (str, list, tuple)):
            _check_size(range(len(left) + len(right)))
        result = super().call_binop(context, operator, left, right)
        _check_size(result)
        return result

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 - the sandbox's own signature
        _check_arguments([*args, *kwargs.values()])
        owner = getattr(getattr(__obj, "__wrapped__", __obj), "__self__", None)  # the sandbox wraps str.format
        if isinstance(owner, str) and _WIDE_FORMAT.search(owner):
            raise TemplateLimit("a width in a format string is larger than 99,999")
        result = super().call(__context, __obj, *args, **kwargs)
        _check_size(result)
        return result

    def __init__(self, **options: Any):
        super().__init__(**options)
        self.concat = _measured_join
        self.filters = {name: _guarded(f) for name, f in self.filters.items()}
        self.globals.pop("lipsum", None)  # placeholder text: of no use in a letter, and slow at large sizes


def environment(search_path: tuple[Path, ...], *, autoescape: bool = False) -> jinja2.Environment:
    """A sandboxed environment looking in ``search_path`` in order, with StrictUndefined."""
    return _Sandbox(
        loader=jinja2.FileSystemLoader([str(p) for p in search_path], followlinks=False),
        undefined=jinja2.StrictUndefined,
        autoescape=autoescape,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=[_Limits],
    )


def render_template(env: jinja2.Environment, name: str, **values: object) -> str:
    """Render template ``name``; any mistake in it is a clean error naming its file and line."""
    template = _template(env, name)
    with _errors_as_messages(template):
        size, parts = 0, []
        for part in template.generate(**values):
            size += len(part)
            if size > MAX_OUTPUT:
                raise TemplateLimit(f"the output grows past {MAX_OUTPUT:,} characters")
            parts.append(part)
        return "".join(parts)


def template_module(env: jinja2.Environment, name: str, **values: object):
    """Run template ``name`` and return its top-level ``{% set %}`` values as attributes."""
    template = _template(env, name)
    with _errors_as_messages(template):
        try:
            module = template.make_module(vars=values)
        except Exception:  # noqa: BLE001 - re-raised with the template's own lines, as render() does
            env.handle_exception()
        _check_size(str(module))
        return module


def _template(env: jinja2.Environment, name: str) -> jinja2.Template:
    try:
        return env.get_template(name)
    except jinja2.TemplateNotFound:
        raise KitgenError(f"template '{name}' not found in {', '.join(env.loader.searchpath)}") from None
    except jinja2.TemplateSyntaxError as exc:
        raise KitgenError(f"{exc.filename or name}:{exc.lineno}: template syntax error: {exc.message}") from None
    except UnicodeDecodeError:
        raise KitgenError(f"{_source_file(env, name)}:1: the template is not UTF-8 text; save it as UTF-8") from None
    except RecursionError:
        raise KitgenError(f"{_source_file(env, name)}:1: the template is nested too deeply") from None


def _source_file(env: jinja2.Environment, name: str) -> str:
    for folder in env.loader.searchpath:
        if (Path(folder) / name).is_file():
            return str(Path(folder) / name)
    return name


@contextlib.contextmanager
def _time_limit(seconds: float):
    """Stop a rendering that runs longer than ``seconds`` (POSIX, main thread: where builds render)."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def too_slow(signum, frame):
        raise TemplateLimit(f"the template takes longer than {seconds:g} seconds")

    previous = signal.signal(signal.SIGALRM, too_slow)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextlib.contextmanager
def _errors_as_messages(template: jinja2.Template):
    """Report any mistake in a (school's own) template with its file and line: never a traceback."""
    budget = _steps_left.set(MAX_LOOP_STEPS)
    try:
        with _time_limit(MAX_SECONDS):
            yield
    except KitgenError:
        raise
    except Exception as exc:  # noqa: BLE001 - a template can raise anything: ZeroDivisionError, SecurityError …
        frames = traceback.extract_tb(exc.__traceback__)
        lines = [(f.filename, f.lineno) for f in frames if f.filename and f.filename.endswith(".j2")]
        filename, line = lines[-1] if lines else (template.filename, None)
        where = f"{filename}:{line}" if line else f"{filename or template.name}"
        raise KitgenError(f"{where}: {_describe(exc)}") from None
    finally:
        _steps_left.reset(budget)


def _describe(exc: Exception) -> str:
    if isinstance(exc, RecursionError):
        return "the template calls itself without end (a macro or include that never stops)"
    if isinstance(exc, jinja2.exceptions.SecurityError):
        return f"not allowed in a template: {exc}"
    if isinstance(exc, (TemplateLimit, jinja2.TemplateError)):
        return exc.message or type(exc).__name__
    if isinstance(exc, ZeroDivisionError):
        return "division by zero"
    return f"template error: {type(exc).__name__}: {exc}"
