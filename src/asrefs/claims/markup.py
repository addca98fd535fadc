"""Inputs whose text is markup (a JATS article's XML): which finder gives their citation
markers, and which view of the text gives their prose, by ``Article.format``. Text in
any other format is searched for printed markers (:mod:`.markers`) and read as it is."""

from __future__ import annotations

from collections.abc import Callable

from asrefs.claims.jats import jats_markers, jats_prose
from asrefs.models import Article, Marker

MARKER_FINDERS: dict[str, Callable[[Article, int | None], list[Marker]]] = {
    "jats": jats_markers,
}
"""format -> the finder of its markers (before the body's end)."""

PROSE: dict[str, Callable[[Article], Article]] = {"jats": jats_prose}
"""format -> the article with its text reduced to prose, offsets and lines kept."""


def prose_of(article: Article) -> Article:
    """The article as the claims are read from it."""
    view = PROSE.get(article.format)
    return view(article) if view is not None else article
