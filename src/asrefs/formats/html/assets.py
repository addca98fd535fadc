"""The page's style sheet and script, the Content-Security-Policy that allows exactly
them, and the colour palettes the style sheet declares.

Both files are package data (static/report.css, static/report.js), embedded in the page
verbatim: nothing from the input ever reaches them, and the policy allows them by the
hash of their text. The palettes are read from the style sheet's two ``:root`` blocks
(light, then dark), so that a test can hold every pair of colours the page uses to a
WCAG contrast of at least 4.5:1 in both schemes.
"""

from __future__ import annotations

import base64
import hashlib
import re
from importlib.resources import files


def _static(name: str) -> str:
    return (files("asrefs.formats.html") / "static" / name).read_text(encoding="utf-8")


CSS = _static("report.css")
SCRIPT = _static("report.js")

_ROOT = re.compile(r":root\{([^}]*)\}")
_COLOUR = re.compile(r"--([\w-]+):(#[0-9a-fA-F]{3,8});")


def _palette(block: str) -> dict[str, str]:
    """The colour variables of a ``:root`` block, by name without the dashes."""
    return dict(_COLOUR.findall(block))


LIGHT, DARK = (_palette(block) for block in _ROOT.findall(CSS)[:2])

# Every (text, background) pair of palette colours the page uses.
CONTRAST_PAIRS = (
    ("fg", "bg"),
    ("fg", "panel"),
    ("muted", "bg"),
    ("muted", "panel"),
    ("link", "bg"),
    ("link", "panel"),
    ("error", "bg"),
    ("error", "error-bg"),
    ("fg", "error-bg"),
    ("link", "error-bg"),
    ("warning", "bg"),
    ("warning", "warning-bg"),
    ("fg", "warning-bg"),
    ("link", "warning-bg"),
    ("info", "bg"),
    ("info", "info-bg"),
    ("fg", "info-bg"),
    ("link", "info-bg"),
    ("accepted", "bg"),
    ("accepted", "accepted-bg"),
    ("fg", "accepted-bg"),
    ("link", "accepted-bg"),
    ("ok", "bg"),
    ("ok", "ok-bg"),
    ("unresolved", "bg"),
    ("unresolved", "unresolved-bg"),
    ("on-error-fill", "error-fill"),
    ("on-warning-fill", "warning-fill"),
    ("on-info-fill", "info-fill"),
    ("on-accepted-fill", "accepted-fill"),
    ("diff-fg", "diff-bg"),
    ("muted", "error-bg"),
    ("muted", "warning-bg"),
    ("muted", "info-bg"),
    ("muted", "accepted-bg"),
)


def csp_hash(text: str) -> str:
    """The policy's source expression for an inline style or script."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode() + "'"


CSP = (
    "default-src 'none'; "
    f"style-src {csp_hash(CSS)}; "
    f"script-src {csp_hash(SCRIPT)}; "
    "img-src 'none'; base-uri 'none'; form-action 'none'"
)
