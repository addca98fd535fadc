"""asrefs: check an article's references, and what its text says about them, against
the registries (Crossref, PubMed, the PMC ID converter).

The library comes first; the ``asrefs`` command is a thin layer over it::

    from pathlib import Path

    import asrefs

    options = asrefs.Options(offline=True, cache_dir=Path("cache"))
    [report] = asrefs.verify(["article.md"], options)
    for finding in report.findings:
        print(finding.severity.value, finding.code, finding.message)
    print(asrefs.exit_status([report], options.fail_on))  # 0, 1 or 3, as the CLI exits

Functions (each takes Options, ``Options()`` when omitted; ``load_options()`` reads
asrefs.toml and the environment as the command line does):

- ``verify(paths, options) -> list[Report]``: check articles (one pooled resolution pass);
- ``parse_article(path) -> Article``: read an article and parse its reference list;
- ``check(articles, options) -> list[Report]``: check articles already parsed;
- ``bibliography(article, options, fmt) -> str``: BibTeX, CSL-JSON or RIS of an article;
- ``resolve_ids(ids, options) -> list[Record]``: the works behind DOIs, PMIDs, PMCIDs;
- ``render(reports, fmt) -> str``: a report format (text, json, markdown, github, sarif, html);
- ``exit_status(reports, fail_on) -> int``: the exit status the CLI would use.

Record types (frozen dataclasses): Article, Reference, Record, Finding, Report, ...
Errors derive from AsrefsError (``exit_code`` says how the CLI ends).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# Public name -> the module that defines it. Loaded on first use, so that
# ``asrefs --version`` and ``import asrefs`` stay fast.
_EXPORTS = {
    "verify": "asrefs.api",
    "parse_article": "asrefs.api",
    "check": "asrefs.api",
    "bibliography": "asrefs.api",
    "resolve_ids": "asrefs.api",
    "render": "asrefs.api",
    "exit_status": "asrefs.api",
    "UnresolvedError": "asrefs.api",
    "Options": "asrefs.config",
    "Accepted": "asrefs.config",
    "load_options": "asrefs.config",
    "Article": "asrefs.models",
    "Author": "asrefs.models",
    "Claim": "asrefs.models",
    "Finding": "asrefs.models",
    "Identifier": "asrefs.models",
    "Lookup": "asrefs.models",
    "Marker": "asrefs.models",
    "Origin": "asrefs.models",
    "Problem": "asrefs.models",
    "Record": "asrefs.models",
    "Reference": "asrefs.models",
    "ReferenceResult": "asrefs.models",
    "Report": "asrefs.models",
    "Severity": "asrefs.models",
    "AsrefsError": "asrefs.errors",
    "UsageError": "asrefs.errors",
    "ConfigError": "asrefs.errors",
    "InputError": "asrefs.errors",
    "OutputError": "asrefs.errors",
}

__all__ = [
    "Accepted",
    "Article",
    "AsrefsError",
    "Author",
    "Claim",
    "ConfigError",
    "Finding",
    "Identifier",
    "InputError",
    "Lookup",
    "Marker",
    "Options",
    "Origin",
    "OutputError",
    "Problem",
    "Record",
    "Reference",
    "ReferenceResult",
    "Report",
    "Severity",
    "UnresolvedError",
    "UsageError",
    "__version__",
    "bibliography",
    "check",
    "exit_status",
    "load_options",
    "parse_article",
    "render",
    "resolve_ids",
    "verify",
]

if TYPE_CHECKING:
    from asrefs.api import (
        UnresolvedError,
        bibliography,
        check,
        exit_status,
        parse_article,
        render,
        resolve_ids,
        verify,
    )
    from asrefs.config import Accepted, Options, load_options
    from asrefs.errors import AsrefsError, ConfigError, InputError, OutputError, UsageError
    from asrefs.models import (
        Article,
        Author,
        Claim,
        Finding,
        Identifier,
        Lookup,
        Marker,
        Origin,
        Problem,
        Record,
        Reference,
        ReferenceResult,
        Report,
        Severity,
    )


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'asrefs' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
