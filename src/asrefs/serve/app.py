"""The web app (Starlette): routes, the session and its form token, uploads.

Security: the app listens on 127.0.0.1 unless told otherwise and answers only to the
host names it is reached by (no DNS rebinding); an upload is read as a stream and refused
as soon as it passes the size limit; it is stored in the app's temporary folder under a
random id with a fixed name, so no name or path from a request reaches the file system;
every POST must carry the session's token (the session cookie is SameSite=Strict); pages
run only the app's own script, and the report keeps its own Content-Security-Policy.
"""

from __future__ import annotations

import contextlib
import secrets
import tempfile
import threading
from collections.abc import AsyncGenerator, AsyncIterator, Callable
from pathlib import Path, PurePath
from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from asrefs.read import ARTICLE_SUFFIXES
from asrefs.serve import actions, pages
from asrefs.serve.actions import TooLarge
from asrefs.serve.jobs import Job, Jobs
from asrefs.serve.words import app_t

SESSION = "asrefs_session"
LANG = "asrefs_lang"
OVERHEAD = 64 * 1024  # what a multipart body holds besides the file
APP_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
    "frame-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'"
)


class Settings:
    """What the app is started with: how to load the options for a check, the size
    limit, the configuration file accepted findings go to."""

    def __init__(
        self, load: Callable[[], Any], max_bytes: int, config: Path, host: str = "127.0.0.1"
    ) -> None:
        self.load = load
        # the names the app answers to: a page of another site cannot reach it through
        # a name of its own that resolves here
        self.hosts = ["*"] if host in ("0.0.0.0", "::") else ["127.0.0.1", "localhost", host]
        self.max_bytes = max_bytes
        self.config = config
        self.sessions: dict[str, str] = {}  # session id -> form token
        self.lock = threading.Lock()


def lang_of(request: Request) -> str:
    """?lang=, else the cookie, else the browser's Accept-Language."""
    asked = request.query_params.get("lang") or request.cookies.get(LANG)
    if asked in ("en", "zh"):
        return asked
    first = request.headers.get("accept-language", "").split(",")[0].strip().lower()
    return "zh" if first.startswith("zh") else "en"


def session(request: Request, settings: Settings) -> tuple[str, str]:
    """The session id and its form token, a new session when the cookie names none."""
    sid = getattr(request.state, "session", None) or request.cookies.get(SESSION, "")
    with settings.lock:
        if sid not in settings.sessions:
            sid = secrets.token_urlsafe(24)
            settings.sessions[sid] = secrets.token_urlsafe(24)
        request.state.session = sid
        return sid, settings.sessions[sid]


def respond(request: Request, settings: Settings, response: Response) -> Response:
    """The response with the session and language cookies and the page's policy."""
    sid, _ = session(request, settings)
    response.set_cookie(SESSION, sid, httponly=True, samesite="strict")
    if request.query_params.get("lang") in ("en", "zh"):
        response.set_cookie(LANG, lang_of(request), samesite="strict")
    response.headers.setdefault("Content-Security-Policy", APP_CSP)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "no-store"
    return response


def known_session(request: Request, settings: Settings) -> str | None:
    """The form token of the session the request's cookie names, or None."""
    with settings.lock:
        return settings.sessions.get(request.cookies.get(SESSION, ""))


def checked_form_token(request: Request, settings: Settings, sent: object) -> bool:
    token = known_session(request, settings)
    return token is not None and isinstance(sent, str) and secrets.compare_digest(sent, token)


def html(request: Request, settings: Settings, text: str, status: int = 200) -> Response:
    return respond(request, settings, HTMLResponse(text, status_code=status))


def failure(request: Request, settings: Settings, key: str, status: int, **values: Any) -> Response:
    lang = lang_of(request)
    return html(request, settings, pages.error_page(lang, app_t(lang, key, **values)), status)


async def body_chunks(request: Request, limit: int) -> AsyncGenerator[bytes, None]:
    """The request's body, raising TooLarge as soon as it passes ``limit`` bytes."""
    seen = 0
    async for chunk in request.stream():
        seen += len(chunk)
        if seen > limit:
            raise TooLarge
        yield chunk


def build_app(settings: Settings) -> Starlette:
    """The app; its temporary folder is removed when it shuts down."""
    root = Path(tempfile.mkdtemp(prefix="asrefs-serve-"))
    jobs = Jobs(root)

    async def home(request: Request) -> Response:
        _, token = session(request, settings)
        mb = settings.max_bytes // (1024 * 1024)
        return html(request, settings, pages.upload_page(lang_of(request), token, mb))

    async def upload(request: Request) -> Response:
        if known_session(request, settings) is None:
            return failure(request, settings, "app.forbidden", 403)
        mb = settings.max_bytes // (1024 * 1024)
        length = request.headers.get("content-length", "")
        if length.isdigit() and int(length) > settings.max_bytes + OVERHEAD:
            return failure(request, settings, "app.too-large", 413, mb=mb)
        try:
            form = await actions.read_upload(
                request, body_chunks(request, settings.max_bytes + OVERHEAD)
            )
        except TooLarge:
            return failure(request, settings, "app.too-large", 413, mb=mb)
        try:
            if not checked_form_token(request, settings, form.get("csrf")):
                return failure(request, settings, "app.forbidden", 403)
            upload = form.get("article")
            if upload is None or isinstance(upload, str) or not upload.filename:
                return failure(request, settings, "app.no-file", 400)
            name = upload.filename
            suffix = PurePath(name.replace("\\", "/")).suffix.lower()
            if suffix and suffix not in ARTICLE_SUFFIXES:
                return failure(request, settings, "app.bad-kind", 400, suffix=suffix)
            job = jobs.new(name, suffix or ".txt")
            try:
                await actions.store(upload, job.path, settings.max_bytes)
            except TooLarge:
                jobs.drop(job)
                return failure(request, settings, "app.too-large", 413, mb=mb)
        finally:
            await form.close()
        actions.start(job, settings.load())
        return respond(request, settings, RedirectResponse(f"/jobs/{job.id}", status_code=303))

    def job_of(request: Request) -> Job | None:
        return jobs.get(str(request.path_params["job"]))

    async def show(request: Request) -> Response:
        job = job_of(request)
        if job is None:
            return failure(request, settings, "app.not-found", 404)
        lang = lang_of(request)
        if job.state != "done":
            return html(request, settings, pages.progress_page(lang, job))
        _, token = session(request, settings)
        text = pages.report_page(lang, job, token, str(settings.config))
        return html(request, settings, text)

    async def progress(request: Request) -> Response:
        job = job_of(request)
        if job is None:
            return JSONResponse({"state": "gone"}, status_code=404)
        stages = {k: {"done": d, "total": t} for k, (d, t) in list(job.progress.items())}
        return respond(request, settings, JSONResponse({"state": job.state, "stages": stages}))

    async def act(request: Request) -> Response:
        job = job_of(request)
        if job is None or job.state != "done":
            return failure(request, settings, "app.not-found", 404)
        form = await request.form(max_files=0, max_fields=10)
        if not checked_form_token(request, settings, form.get("csrf")):
            return failure(request, settings, "app.forbidden", 403)
        done = await actions.act(job, str(request.path_params["action"]), form, settings)
        if done is None:
            action = str(request.path_params["action"])
            if action == "accept" and actions.names_finding(job, form):
                return failure(request, settings, "app.no-reason", 400)
            return failure(request, settings, "app.not-found", 404)
        return respond(
            request, settings, RedirectResponse(f"/jobs/{job.id}#act-{done}", status_code=303)
        )

    async def download(request: Request) -> Response:
        job = job_of(request)
        if job is None or job.state != "done":
            return failure(request, settings, "app.not-found", 404)
        made = await actions.download(job, str(request.path_params["what"]), lang_of(request))
        if made is None:
            return failure(request, settings, "app.not-found", 404)
        return respond(request, settings, made)

    async def report(request: Request) -> Response:
        job = job_of(request)
        if job is None or job.state != "done":
            return failure(request, settings, "app.not-found", 404)
        return respond(request, settings, actions.report_view(job, lang_of(request)))

    static = Path(__file__).parent / "static"
    routes = [
        Route("/", home),
        Route("/upload", upload, methods=["POST"]),
        Route("/jobs/{job}", show),
        Route("/jobs/{job}/progress", progress),
        Route("/jobs/{job}/report.html", report),
        Route("/jobs/{job}/download/{what:path}", download),
        Route("/jobs/{job}/{action}", act, methods=["POST"]),
        Mount("/static", StaticFiles(directory=static), name="static"),
    ]

    @contextlib.asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        try:
            yield
        finally:
            jobs.close()

    hosts = Middleware(TrustedHostMiddleware, allowed_hosts=settings.hosts)
    app = Starlette(routes=routes, lifespan=lifespan, middleware=[hosts])
    app.state.jobs = jobs
    return app
