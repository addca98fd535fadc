"""What the app does for a request: read an upload, start a check, act on a finding
(accept it into the configuration file, dismiss it, apply its fix or every fix of its
kind), and build a download or the report view."""

from __future__ import annotations

import threading
from collections.abc import AsyncGenerator
from pathlib import Path, PurePath
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, Headers, UploadFile
from starlette.formparsers import MultiPartParser
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from asrefs.serve.jobs import Job, run_check

CHUNK = 1024 * 1024
MEDIA = {
    "bibtex": ("application/x-bibtex", ".bib"),
    "csl-json": ("application/vnd.citationstyles.csl+json", ".json"),
    "ris": ("application/x-research-info-systems", ".ris"),
    "html": ("text/html", ".html"),
    "json": ("application/json", ".json"),
    "markdown": ("text/markdown", ".md"),
}
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class TooLarge(Exception):
    """An upload passed the size limit."""


async def read_upload(request: Request, chunks: AsyncGenerator[bytes, None]) -> FormData:
    """The multipart form of an upload, read from ``chunks`` (the body, size-limited)."""
    parser = MultiPartParser(Headers(raw=request.headers.raw), chunks, max_files=1, max_fields=4)
    return await parser.parse()


async def store(upload: UploadFile, target: Path, limit: int) -> None:
    """Write the uploaded file to ``target``, refusing it past ``limit`` bytes."""
    written = 0
    with target.open("xb") as fh:
        while chunk := await upload.read(CHUNK):
            written += len(chunk)
            if written > limit:
                raise TooLarge
            fh.write(chunk)


def start(job: Job, options: Any) -> None:
    threading.Thread(target=run_check, args=(job, options), daemon=True).start()


def _number(job: Job, form: FormData) -> int | None:
    value = form.get("finding")
    if not isinstance(value, str) or not value.isdigit():
        return None
    n = int(value)
    return n if dict(job.findings()).get(n) is not None else None


def names_finding(job: Job, form: FormData) -> bool:
    return _number(job, form) is not None


async def act(job: Job, action: str, form: FormData, settings: Any) -> int | str | None:
    """Do ``action`` on the job's finding (or kind): what the page returns to, or None
    when the form does not name one it can act on."""
    if action == "apply" and isinstance(form.get("code"), str):
        code = str(form.get("code"))
        with job.lock:
            job.applied |= {n for n, f in job.findings() if f.code == code and job.fixable(f)}
        return "list"
    n = _number(job, form)
    if n is None:
        return None
    if action == "dismiss":
        with job.lock:
            job.dismissed.add(n)
            job.applied.discard(n)
        return n
    if action == "apply":
        with job.lock:
            if job.fixable(dict(job.findings())[n]):
                job.applied.add(n)
        return n
    if action == "accept":
        reason = " ".join(str(form.get("reason") or "").split())[:300]
        if not reason:
            return None
        await run_in_threadpool(_accept, job, n, reason, settings.config)
        return n
    return None


def _accept(job: Job, n: int, reason: str, config: Path) -> None:
    """Append the finding's ``[[accept]]`` entry to the configuration file (as
    ``asrefs baseline --write`` does) and mark it accepted."""
    from asrefs.cli.baseline import append, entry_of
    from asrefs.config import Options

    assert job.report is not None
    finding = job.report.findings[n]
    entry = entry_of(job.report, finding, config.resolve().parent, article=job.name)
    options = Options(config_file=config if config.exists() else None)
    with job.lock:
        append(config, [entry], [job.report], options, [], reason=reason)
        job.accepted[n] = reason
        job.applied.discard(n)


def _attachment(data: bytes | str, name: str, media: str) -> Response:
    safe = "".join(ch if ch.isascii() and (ch.isalnum() or ch in "._-") else "_" for ch in name)
    return Response(
        data,
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="{safe or "download"}"'},
    )


async def download(job: Job, what: str, lang: str) -> Response | None:
    """The corrected article, the bibliography or the report, as a file to save."""
    from asrefs import api

    stem = PurePath(job.name).stem or "article"
    kind, _, fmt = what.partition("/")
    if kind == "article" and job.can_correct:
        data = await run_in_threadpool(job.corrected)
        media = DOCX if job.path.suffix == ".docx" else "text/plain; charset=utf-8"
        return _attachment(data, f"{stem}.corrected{job.path.suffix}", media)
    if kind == "bib" and fmt in ("bibtex", "csl-json", "ris"):
        text = await run_in_threadpool(api.bibliography, job.shown(), None, fmt)
        return _attachment(text, stem + MEDIA[fmt][1], MEDIA[fmt][0])
    if kind == "report" and fmt in ("html", "json", "markdown"):
        text = api.render([job.shown()], fmt, lang=lang)
        return _attachment(text, f"{stem}.report{MEDIA[fmt][1]}", MEDIA[fmt][0])
    return None


def report_view(job: Job, lang: str) -> Response:
    """The HTML report of the job as decided, with the report's own policy (and shown
    only in the app's frame)."""
    from asrefs import api
    from asrefs.formats.html import CSP

    response = HTMLResponse(api.render([job.shown()], "html", lang=lang))
    response.headers["Content-Security-Policy"] = CSP + "; frame-ancestors 'self'"
    return response
