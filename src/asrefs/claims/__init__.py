"""claims: Article -> [Marker], [Claim]. Citation markers in the body and what the text
around them says about the cited works (dates, journals, titles, numbers): which claims
a sentence makes, and about which of its markers, is :mod:`.context`'s rule."""

from asrefs.claims.extract import extract_claims
from asrefs.claims.latex import key_labels
from asrefs.claims.markers import KEYED_FORMATS, author_year_key, citation_form, find_markers

__all__ = [
    "KEYED_FORMATS",
    "author_year_key",
    "citation_form",
    "extract_claims",
    "find_markers",
    "key_labels",
]
