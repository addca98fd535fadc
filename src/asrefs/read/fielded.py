"""Reference-manager exports and JATS articles: which structured format a text is.

A ``.ris`` file is RIS; a ``.json`` file is CSL-JSON (a list, or ``{"items": [...]}``,
of objects with an ``id``, a ``type`` or a ``title``, which the parse stage checks); a
``.xml`` file is an EndNote XML export when its root is ``<xml>`` holding ``<records>``,
a JATS article when its root is ``<article>``. Standard input is recognised by the same
content. The text is decoded like any text; the parse stage (``parse/ris.py``,
``csljson.py``, ``endnote.py``, ``jats.py``) reads its entries and refuses what is
malformed.
"""

from __future__ import annotations

import codecs
import json
import re

from asrefs.errors import InputError
from asrefs.text import xml_unmarked

FIELDED_SUFFIXES = {".ris", ".json", ".xml"}

_RIS_START = re.compile(r"\A\s*TY  - ")
_ROOT = re.compile(r"<([A-Za-z_][\w.:-]*)")


def looks_fielded(data: bytes) -> bool:
    """Whether standard input's first bytes may be RIS, JSON or EndNote/JATS XML (its
    text then decides, see ``fielded_format``)."""
    head = data[:4096].lstrip(codecs.BOM_UTF8).lstrip()
    if head.startswith((b"TY  - ", b"[", b"{")):
        return True
    return head.startswith(b"<") and _root(xml_unmarked(head.decode("latin-1"))) in (
        "xml",
        "article",
    )


def fielded_format(text: str, name: str, suffix: str) -> str | None:
    """ "ris", "csl-json", "endnote" or "jats": the format of a file by its suffix and
    content, or of standard input (``suffix`` "") by its content alone, where None means
    it is none of them. A .xml file that is neither EndNote nor JATS is an InputError."""
    if suffix == ".ris" or (not suffix and _RIS_START.match(text)):
        return "ris"
    stripped = text.lstrip()
    if suffix == ".json":
        return "csl-json"
    if not suffix and stripped[:1] in ("[", "{"):
        return _json_format(text)
    if suffix == ".xml" or (not suffix and stripped.startswith("<")):
        return _xml_format(text, name, required=suffix == ".xml")
    return None


def _json_format(text: str) -> str | None:
    """ "csl-json" when standard input is a JSON list of objects (or ``{"items": [...]}``);
    the parse stage checks each item."""
    try:
        data = json.loads(text)
    except ValueError:
        return None
    items = data.get("items") if isinstance(data, dict) else data
    if isinstance(items, list) and all(isinstance(item, dict) for item in items[:1]):
        return "csl-json"
    return None


def _xml_format(text: str, name: str, *, required: bool) -> str | None:
    unmarked = xml_unmarked(text)
    root = _root(unmarked)
    if root == "xml" and re.search(r"<records[\s>/]", unmarked):
        return "endnote"
    if root == "article":
        return "jats"
    if not required:
        return None
    found = f"its root element is <{root}>" if root else "it holds no element"
    raise InputError(
        f"{name}: not an EndNote XML export (<xml><records>) or a JATS article (<article>): {found}"
    )


def _root(unmarked: str) -> str | None:
    """The root element's name in XML source whose comments and declarations are blanked."""
    m = _ROOT.search(unmarked)
    return m.group(1) if m else None
