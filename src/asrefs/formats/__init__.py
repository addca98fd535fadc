"""Report formats: one module per format, each with ``render(reports, ctx) -> str``.

FORMATS maps the name used by ``--format`` to its renderer module; tests check that every
choice the CLI offers is wired here and has a golden file (tests/golden/sample.<name>).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import import_module

from asrefs.models import Report


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
