"""Report formats: one module per format, each with ``render(reports, ctx) -> str``.

FORMATS maps the name used by ``--format`` to its renderer module; tests check that every
choice the CLI offers is wired here and has a golden file (tests/golden/sample.<name>).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import import_module

from asrefs.models import Finding, Origin, Report


@dataclass(frozen=True)
class RenderContext:
    """How to render: colour and hyperlinks (a TTY without NO_COLOR), summary only,
    language, the run's exit code, notes for the reader, and the folder paths are made
    relative to (SARIF; the working folder when None)."""

    color: bool = False
    quiet: bool = False
    lang: str = "en"
    exit_code: int = 0
    notes: tuple[str, ...] = ()
    cwd: str | None = None


Renderer = Callable[[Sequence[Report], RenderContext], str]


class FindingFiles:
    """The file each finding of a report points at: for a finding about a reference
    printed in another file than the article (a LaTeX article's .bib, its
    ``Reference.source``), that file, at the reference's line; for a citation marker or
    a claim in the text, the article."""

    def __init__(self, report: Report) -> None:
        self.article = report.article
        self._sources = {
            r.reference.index: r.reference.source for r in report.results if r.reference.source
        }

    def __call__(self, f: Finding) -> str:
        if f.ref is not None and f.origin is not Origin.TEXT:
            return self._sources.get(f.ref, self.article)
        return self.article

    def other(self, f: Finding) -> str | None:
        """The finding's file when it is not the article, else None."""
        path = self(f)
        return None if path == self.article else path


_MODULES = {
    "text": "text",
    "json": "json_report",
    "markdown": "markdown",
    "github": "github",
    "sarif": "sarif",
    "html": "html",
}
FORMAT_NAMES = tuple(_MODULES)


Streamer = Callable[[Sequence[Report], RenderContext, Callable[[str], None]], None]


def stream_renderer(name: str) -> Streamer | None:
    """The format's ``stream(reports, ctx, write)`` when it can write piece by piece."""
    module = import_module(f"{__name__}.{_MODULES[name]}")
    streamer: Streamer | None = getattr(module, "stream", None)
    return streamer


def renderer(name: str) -> Renderer:
    module = import_module(f"{__name__}.{_MODULES[name]}")
    render: Renderer = module.render
    return render
