"""parse: Article -> [Reference]. Finds the reference list, splits it into entries and
reads each entry's fields (authors, title, journal, dates, numbers) and identifiers
(DOI, PMID, PMCID, arXiv)."""

from asrefs.parse.entry import parse_entry
from asrefs.parse.formats import body_end, parse_references
from asrefs.parse.identifiers import classify, normalize_doi, normalize_pmid
from asrefs.parse.locate import find_reference_section

__all__ = [
    "body_end",
    "classify",
    "find_reference_section",
    "normalize_doi",
    "normalize_pmid",
    "parse_entry",
    "parse_references",
]
