"""Report formats: one module per format, each with ``render(reports, ctx) -> str``.

FORMATS maps the name used by ``--format`` to its renderer; a test checks that every
choice the CLI offers is wired here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import import_module

from ..models import Report


@dataclass(frozen=True)
class RenderContext:
    color: bool = False
    quiet: bool = False
    lang: str = "en"
    exit_code: int = 0
    notes: tuple[str, ...] = ()


Renderer = Callable[[Sequence[Report], RenderContext], str]

_MODULES = {
    "text": "text",
    "json": "json_report",
    "markdown": "markdown",
    "github": "github",
}
FORMAT_NAMES = tuple(_MODULES)


def renderer(name: str) -> Renderer:
    module = import_module(f"{__name__}.{_MODULES[name]}")
    render: Renderer = module.render
    return render
