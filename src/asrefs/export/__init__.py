"""export: (Reference, Record) pairs -> a bibliography: BibTeX (pybtex), CSL-JSON, RIS,
with LaTeX escaping and citation keys."""

from asrefs.export.bibliography import FORMATS, to_bibtex, to_csl_json, to_ris

__all__ = ["FORMATS", "to_bibtex", "to_csl_json", "to_ris"]
