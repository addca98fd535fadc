"""parse: Article -> [Reference]. Finds the reference list, splits it into entries and
reads each entry's fields (authors, title, journal, dates, numbers) and identifiers
(DOI, PMID, PMCID, arXiv)."""

from asrefs.parse.references import find_reference_section, parse_entry, parse_references

__all__ = ["find_reference_section", "parse_entry", "parse_references"]
