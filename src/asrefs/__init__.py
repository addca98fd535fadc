"""asrefs: check an article's references against Crossref and PubMed.

The library comes first and the command line is a thin layer over it::

    from asrefs import Options, verify_path
    report = verify_path("article.md", Options(offline=True))
"""

from __future__ import annotations

__version__ = "0.1.0"
