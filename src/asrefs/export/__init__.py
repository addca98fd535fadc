"""export: (Reference, Record | None) pairs -> a bibliography: BibTeX (pybtex), CSL-JSON
or RIS, with LaTeX escaping and citation keys.

Each pair's record is the authoritative registry record for the reference (chosen by the
caller), or None when no registry holds it; see fields for what an entry is built from.
Output is deterministic: items keep their list order, fields a fixed order, lines end
with "\\n" and the text ends with one newline.
"""

from collections.abc import Callable

from asrefs.export.bibtex import to_bibtex
from asrefs.export.csl import to_csl_json
from asrefs.export.fields import UNVERIFIED_NOTE, Item
from asrefs.export.keys import bibtex_key, bibtex_keys
from asrefs.export.ris import to_ris

FORMATS: dict[str, Callable[[list[Item]], str]] = {
    "bibtex": to_bibtex,
    "csl-json": to_csl_json,
    "ris": to_ris,
}

__all__ = [
    "FORMATS",
    "UNVERIFIED_NOTE",
    "bibtex_key",
    "bibtex_keys",
    "to_bibtex",
    "to_csl_json",
    "to_ris",
]
