"""The web page's routes: a request becomes a kit request (selection plus school profile), the answer bytes in memory."""
from __future__ import annotations

import base64
import binascii
import dataclasses
import logging
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from kitgen.model import Catalog, Picture
from kitgen.web.formdata import Form, FormError, parse_form
from kitgen.web.guards import BodyLimit, RateLimit, SecurityHeaders
from kitgen.web.kits import KitMaker, KitRequest
from kitgen.web.offers import offers
from kitgen.web.school_form import FIELDS, SchoolCheck, check_school, load_profile_file, school_yaml
from kitgen.web.words import LANGUAGE_NAMES, UI_LANGS, WORDS, pick_language
from kitgen.kitzip import kit_zip_name, pack_kit

HERE = Path(__file__).resolve().parent
#: Largest request body: a 2 MB logo sent back as base64 by the preview page, and the form.
MAX_BODY = 4 * 1024 * 1024
log = logging.getLogger("kitgen.web")


@dataclass
class Choice:
    """What the form says, checked: the kit's selection, the school details and the problems found."""

    lesson: str = ""
    band: str = ""
    lang: str = ""
    letter_langs: list[str] = field(default_factory=list)
    values: dict[str, str] = field(default_factory=dict)
    logo: tuple[str, bytes] | None = None
    errors: dict[str, list[str]] = field(default_factory=dict)
    school: SchoolCheck | None = None


class Pages:
    """Renders the page templates in the request's language."""

    def __init__(self, catalog: Catalog, assets_dir: Path):
        self.catalog = catalog
        self.env = Environment(
            loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(default=True),
            trim_blocks=True, lstrip_blocks=True,
        )
        self.pictures = {path.name: path for path in sorted((assets_dir / "pictures").glob("*.png"))}
        self.kit_langs = catalog.kit_languages
        self.cards = {lang: _lesson_cards(catalog, lang, list(self.pictures)) for lang in self.kit_langs}
        #: Per page language: every language offered, by code (kit languages first, then letter languages).
        self.offers = {ui: {offer.code: offer for offer in offers(catalog, ui)} for ui in UI_LANGS}

    def text_lang(self, ui: str) -> str:
        """The kit language lesson titles and band labels are shown in on a page in ``ui``."""
        return ui if ui in self.kit_langs else self.kit_langs[0]

    def gaps(self, offer, ui: str) -> list[tuple[str, list[str]]]:
        """The lessons (title) and bands (labels) a letter language has no letter for yet, in the page's words."""
        lang = self.text_lang(ui)
        found: dict[str, list[str]] = {}
        for lesson in self.catalog.lessons:
            for band in self.catalog.bands:
                if (lesson.id, band.id) in offer.missing:
                    found.setdefault(lesson.title[lang], []).append(band.label[lang])
        return list(found.items())

    def render(self, name: str, ui: str, status: int = 200, **values) -> HTMLResponse:
        template = self.env.get_template(name)
        languages = self.offers[ui]
        html = template.render(
            ui=ui, w=WORDS[ui], ui_langs=UI_LANGS, language_names=LANGUAGE_NAMES, catalog=self.catalog,
            cards=self.cards[self.text_lang(ui)], langs=self.kit_langs, text_lang=self.text_lang(ui),
            languages=languages, letter_offers=[o for o in languages.values() if o.purpose == "letter"],
            gaps=lambda offer: self.gaps(offer, ui),
            fields=FIELDS, **values,
        )
        return HTMLResponse(html, status_code=status, headers={"Cache-Control": "no-store"})


def _lesson_cards(catalog: Catalog, lang: str, pictures: list[str]) -> list[dict]:
    """Title, one line and a picture per lesson, for the lesson cards."""
    cards = []
    for n, lesson in enumerate(catalog.lessons):
        first = next(iter(lesson.bands.values()))
        own = _first_picture(first)
        picture = Path(own).name if own else (pictures[n % len(pictures)] if pictures else None)
        cards.append({"id": lesson.id, "title": lesson.title[lang], "line": _one_line(first.summary[lang]),
                      "picture": picture})
    return cards


def _one_line(summary: str, limit: int = 110) -> str:
    """The summary's first sentence, cut at a word near ``limit`` characters."""
    line = summary.strip().split(". ")[0].rstrip(".")
    if len(line) > limit:
        line = line[:limit].rsplit(" ", 1)[0].rstrip(",;:") + " …"
    return line if line.endswith("…") else line + "."


def _first_picture(value) -> str | None:
    """The file of the first picture anywhere in a lesson's content (slides, then exercises)."""
    if isinstance(value, Picture):
        return value.file
    if isinstance(value, (list, tuple)):
        items = value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        items = [getattr(value, f.name) for f in dataclasses.fields(value)]
    else:
        return None
    return next((found for item in items if (found := _first_picture(item))), None)


def create_app(maker: KitMaker, rate_limit: int = 120, max_body: int = MAX_BODY) -> Starlette:
    """The web app over ``maker``; start the maker's processes before serving (``serve`` does)."""
    catalog, context = maker.catalog, maker.context
    pages = Pages(catalog, context.assets_dir)
    bands = {band.id for band in catalog.bands}
    lessons = {lesson.id for lesson in catalog.lessons}

    def ui_of(request: Request, form: Form | None = None) -> str:
        asked = (form.get("ui") if form else None) or request.query_params.get("ui")
        return pick_language(asked, request.headers.get("accept-language"))

    def choice_of(form: Form, ui: str, need_school: bool = True) -> Choice:
        w = WORDS[ui]
        offered = pages.offers[ui]
        choice = Choice(
            lesson=form.get("lesson"), band=form.get("band"), lang=form.get("lang"),
            letter_langs=[lang for lang in offered if lang in form.getall("letter_lang")],
            values={name: form.get(name).strip() for name in FIELDS},
        )
        if choice.lesson not in lessons:
            choice.errors["lesson"] = [w["no_lesson"]]
        if choice.band not in bands:
            choice.errors["band"] = [w["no_band"]]
        if choice.lang not in pages.kit_langs:
            choice.lang = pages.text_lang(ui)
        if not choice.letter_langs:
            choice.errors["letter_lang"] = [w["no_letter_lang"]]
        elif "lesson" not in choice.errors and "band" not in choice.errors:
            for lang in choice.letter_langs:  # a letter language has letters only where every text is translated
                if not offered[lang].has_letter(choice.lesson, choice.band):
                    choice.errors.setdefault("letter_lang", []).append(w["no_letter_for"].format(
                        name=offered[lang].name))
        choice.logo = _logo_of(form)
        if need_school:
            choice.school = check_school(choice.values, choice.logo, context.fonts_dir)
            choice.errors.update(choice.school.errors)
        return choice

    def form_page(ui: str, choice: Choice | None = None, status: int = 200, **extra) -> HTMLResponse:
        choice = choice or Choice(lang=pages.text_lang(ui), letter_langs=[pages.text_lang(ui)])
        return pages.render("form.html", ui, status, choice=choice, **extra)

    async def read_form(request: Request) -> Form:
        body = await request.body()
        try:
            return parse_form(body, request.headers.get("content-type", ""))
        except FormError:
            raise HTTPException(400) from None

    async def home(request: Request) -> Response:
        return form_page(ui_of(request))

    async def preview(request: Request) -> Response:
        form = await read_form(request)
        ui = ui_of(request, form)
        choice = choice_of(form, ui)
        if choice.errors:
            return form_page(ui, choice, 400)
        files = await maker.kit(_kit_request(choice), thumbs=True)
        logo = None
        if choice.logo:
            logo = {"name": choice.logo[0], "data": base64.b64encode(choice.logo[1]).decode("ascii")}
        shown = [
            {"file": f, "thumbs": [f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}" for mime, data in f.thumbs],
             "text": f.data.decode("utf-8") if f.kind == "letter-text" else None}  # the letter to read on the page
            for f in files
        ]
        offered = pages.offers[ui]
        drafts = [offered[lang] for lang in choice.letter_langs if offered[lang].status == "draft"]
        return pages.render("preview.html", ui, choice=choice, files=shown, logo=logo, drafts=drafts)

    async def download(request: Request) -> Response:
        form = await read_form(request)
        ui = ui_of(request, form)
        choice = choice_of(form, ui)
        if choice.errors:
            return form_page(ui, choice, 400)
        kit_request = _kit_request(choice)
        files = await maker.kit(kit_request)
        wanted = form.get("file")
        if wanted:
            found = next((f for f in files if f.name == wanted), None)
            if found is None:
                raise HTTPException(404)
            return _attachment(found.data, found.name, found.media_type)
        title = next(lesson.title[choice.lang] for lesson in catalog.lessons if lesson.id == choice.lesson)
        data = await run_in_threadpool(pack_kit, [(f.name, f.data) for f in files], choice.lang, context.build_date, title)
        name = kit_zip_name(choice.lesson, choice.band, choice.lang, choice.school.profile.name)
        return _attachment(data, name, "application/zip")

    async def save_school(request: Request) -> Response:
        form = await read_form(request)
        ui = ui_of(request, form)
        choice = choice_of(form, ui)
        school_errors = {k: v for k, v in choice.errors.items() if k not in ("lesson", "band", "letter_lang")}
        if school_errors:
            choice.errors = school_errors
            return form_page(ui, choice, 400)
        text = school_yaml(choice.values, "kitgen: " + WORDS[ui]["save_button"] + "\n" + WORDS[ui]["saved_hint"])
        return _attachment(text.encode("utf-8"), "school.yaml", "application/yaml; charset=utf-8")

    async def load_school(request: Request) -> Response:
        form = await read_form(request)
        ui = ui_of(request, form)
        choice = choice_of(form, ui, need_school=False)
        choice.errors = {}
        upload = form.files.get("school_file")
        if upload is None:
            return form_page(ui, choice, 400, load_errors=[WORDS[ui]["load_hint"]])
        values, problems = load_profile_file(upload.filename, upload.data, context.fonts_dir)
        if problems:
            return form_page(ui, choice, 400, load_errors=problems)
        choice.values = values
        return form_page(ui, choice)

    async def healthz(request: Request) -> Response:
        return PlainTextResponse("ok", headers={"Cache-Control": "no-store"})

    async def picture(request: Request) -> Response:
        path = pages.pictures.get(request.path_params["name"])
        if path is None:
            raise HTTPException(404)
        return Response(path.read_bytes(), media_type="image/png", headers={"Cache-Control": "public, max-age=86400"})

    async def refuse(scope, receive, send, status: int) -> None:
        request = Request(scope)
        response = error_page(request, status)
        await response(scope, receive, send)

    def error_page(request: Request, status: int) -> Response:
        ui = ui_of(request)
        key = {400: "bad_request", 404: "not_found", 405: "not_allowed", 413: "too_large", 429: "too_many"}.get(
            status, "server_error")
        headers = {"Retry-After": "60"} if status == 429 else None
        response = pages.render("error.html", ui, status, message=WORDS[ui][key])
        if headers:
            response.headers.update(headers)
        return response

    async def http_error(request: Request, exc: HTTPException) -> Response:
        response = error_page(request, exc.status_code)
        if exc.status_code == 405 and exc.headers:
            response.headers.update(exc.headers)
        return response

    async def server_error(request: Request, exc: Exception) -> Response:
        # Never the traceback to the client, and no request content in the log: only where it happened.
        log.error("error while answering %s %s: %s", request.method, request.url.path, type(exc).__name__)
        return error_page(request, 500)

    @asynccontextmanager
    async def lifespan(app):
        maker.start()
        yield
        maker.close()

    routes = [
        Route("/", home, methods=["GET"]),
        Route("/preview", preview, methods=["POST"]),
        Route("/download", download, methods=["POST"]),
        Route("/school.yaml", save_school, methods=["POST"]),
        Route("/load", load_school, methods=["POST"]),
        Route("/healthz", healthz, methods=["GET"]),
        Route("/pictures/{name}", picture, methods=["GET"]),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    app = Starlette(
        routes=routes, lifespan=lifespan,
        exception_handlers={HTTPException: http_error, Exception: server_error},
    )
    app.add_middleware(RateLimit, per_minute=rate_limit, refuse=refuse)
    app.add_middleware(BodyLimit, limit=max_body, refuse=refuse)
    app.add_middleware(SecurityHeaders)
    return app


def _logo_of(form: Form) -> tuple[str, bytes] | None:
    """The uploaded logo, or the one the preview page sends back (base64 in a hidden field)."""
    upload = form.files.get("logo")
    if upload is not None:
        return Path(upload.filename).name or "logo", upload.data
    kept = form.get("logo_data")
    if kept:
        try:
            return form.get("logo_name") or "logo", base64.b64decode(kept, validate=True)
        except (binascii.Error, ValueError):
            return form.get("logo_name") or "logo", b""
    return None


def _kit_request(choice: Choice) -> KitRequest:
    return KitRequest(choice.lesson, choice.band, choice.lang, tuple(choice.letter_langs), choice.school.profile)


def _attachment(data: bytes, name: str, media_type: str) -> Response:
    return Response(data, media_type=media_type, headers={
        "Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store",
    })
