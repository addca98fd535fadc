"""claims: Article -> [Marker], [Claim]. Citation markers in the body and what the text
around them says about the cited works (dates, journals, titles, numbers)."""

from asrefs.claims.extract import author_year_key, extract_claims, find_markers

__all__ = ["author_year_key", "extract_claims", "find_markers"]
