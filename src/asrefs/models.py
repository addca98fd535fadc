"""Record types passed between the pipeline stages.

Every stage takes and returns these frozen dataclasses; nothing here does I/O.

    Article ──references──▶ [Reference] ──resolve──▶ [Lookup] ──compare──▶ [Finding] ──▶ Report
            ──claims──────▶ [Claim]
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import Enum
from typing import Any


class Severity(str, Enum):
    """How serious a finding is; ordered error > warning > info."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "info": 1}[self.value]


class Origin(str, Enum):
    """Where a finding comes from."""

    REFERENCE = "reference"  # the printed entry in the reference list
    TEXT = "text"  # a claim in the article's body
    LIST = "list"  # the list as a whole: duplicates, numbering, uncited, dangling markers


class Problem(str, Enum):
    """Why a reference could not be resolved."""

    NOT_FOUND = "not-found"
    OTHER_AGENCY = "other-agency"
    UNAVAILABLE = "unavailable"
    NOT_CACHED = "not-cached"
    NO_IDENTIFIER = "no-identifier"


# The problems that mean a registry could not be asked: what they leave is unchecked.
UNCHECKED = (Problem.UNAVAILABLE, Problem.NOT_CACHED)


@dataclass(frozen=True)
class Identifier:
    """A normalised identifier: kind is "doi", "pmid", "pmcid", "arxiv" or "openalex" (an
    OpenAlex work id, "W2741809807")."""

    kind: str
    value: str

    def __str__(self) -> str:
        return f"{self.kind}:{self.value}"


@dataclass(frozen=True)
class Author:
    """One author as printed or as registered. A consortium has only ``family`` set
    and ``collective`` true."""

    family: str
    given: str = ""
    collective: bool = False

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"family": self.family, "given": self.given or None}
        if self.collective:
            out["collective"] = True
        return out


@dataclass(frozen=True)
class Article:
    """An article decoded to text, with the map from offsets to lines."""

    path: str
    text: str
    encoding: str
    format: str = "text"
    references: tuple[Reference, ...] = ()  # filled by the parse stage
    # Files the article names and asrefs read with it (a LaTeX article's .bib files),
    # each as an Article of its own format; their references carry ``source``.
    companions: tuple[Article, ...] = ()

    def line_of(self, offset: int) -> int:
        """The 1-based line number of the character at ``offset``."""
        return self.text.count("\n", 0, max(0, offset)) + 1


@dataclass(frozen=True)
class Reference:
    """One entry of the reference list, as the article prints it."""

    index: int
    raw: str
    line: int
    label: str | None = None
    authors: tuple[Author, ...] = ()
    et_al: bool = False
    title: str | None = None
    journal: str | None = None
    year: int | None = None
    month: int | None = None
    day: int | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    article_number: str | None = None
    doi: str | None = None
    pmid: str | None = None
    pmcid: str | None = None
    arxiv: str | None = None
    issn: tuple[str, ...] = ()
    url: str | None = None
    publisher: str | None = None
    openalex: str | None = None  # an OpenAlex work id, given to ``asrefs resolve``
    kind: str | None = None  # GB/T 7714 type code: J, M, C, D, ... when printed
    style: str | None = None  # the style guessed for the entry
    malformed: tuple[str, ...] = ()  # identifier-looking strings that did not validate
    offset: int = 0  # offset of the entry's first character in the article text
    numbered: bool = True  # False for a position in an unnumbered list
    key: str | None = None  # the input's own name for the entry: a BibTeX key, a JATS ref id
    source: str | None = None  # the file printing the entry, when not the article (a .bib)
    # Where the fields came from: None when read from the printed string ``raw``; else the
    # structured input that gave them ("bibtex", "ris", "csl-json", "endnote", "jats").
    fields_from: str | None = None
    raw_printed: bool = True  # ``raw`` is the reference as a reader sees it, not markup

    @property
    def fielded(self) -> bool:
        """The fields were given by a structured input, not read from printed text."""
        return self.fields_from is not None

    @property
    def identifiers(self) -> tuple[Identifier, ...]:
        out = []
        for kind in ("doi", "pmid", "pmcid", "arxiv", "openalex"):
            value = getattr(self, kind)
            if value:
                out.append(Identifier(kind, value))
        return tuple(out)

    def parsed_json(self) -> dict[str, Any]:
        """The printed fields, as the JSON report's "parsed" object."""
        return {
            "authors": [a.to_json() for a in self.authors],
            "et_al": self.et_al,
            "title": self.title,
            "journal": self.journal,
            "year": self.year,
            "month": self.month,
            "day": self.day,
            "volume": self.volume,
            "issue": self.issue,
            "pages": self.pages,
            "article_number": self.article_number,
            "issn": list(self.issn),
            "url": self.url,
            "publisher": self.publisher,
            "type": self.kind,
            "style": self.style,
        }


@dataclass(frozen=True)
class Update:
    """A notice attached to a work: retraction, correction, expression of concern…"""

    kind: str  # retraction, correction, expression_of_concern, withdrawal, erratum, new_version
    doi: str | None = None
    label: str | None = None
    date: str | None = None  # ISO date, possibly partial (YYYY or YYYY-MM)
    source: str | None = None  # publisher, retraction-watch, pubmed
    pmid: str | None = None


@dataclass(frozen=True)
class Record:
    """What one registry holds for a work; every registry fills the same fields.

    A field the registry does not hold is None (or empty), which comparisons treat
    as "unknown", never as "different".
    """

    source: str  # the registry's name: "crossref", "pubmed", "datacite", "arxiv"
    identifier: Identifier
    title: str | None = None
    subtitle: str | None = None
    authors: tuple[Author, ...] = ()
    journal: str | None = None
    journal_abbrevs: tuple[str, ...] = ()
    issn: tuple[str, ...] = ()
    publisher: str | None = None
    type: str | None = None
    year: int | None = None
    dates: tuple[
        tuple[str, str], ...
    ] = ()  # (kind, ISO date), kind: online, print, issued, issue, received, accepted
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    article_number: str | None = None
    doi: str | None = None
    pmid: str | None = None
    pmcid: str | None = None
    arxiv: str | None = None  # the work's arXiv id, when the registry names one
    updates: tuple[Update, ...] = ()
    relations: tuple[tuple[str, str], ...] = ()  # (relation type, DOI)
    publication_types: tuple[str, ...] = ()
    affiliations: tuple[str, ...] = ()
    abstract: str | None = None
    url: str | None = None
    openalex: str | None = None  # the work's OpenAlex id ("W2741809807"), from OpenAlex

    def date(self, kind: str) -> str | None:
        for k, v in self.dates:
            if k == kind:
                return v
        return None

    def to_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "title": self.title,
            "subtitle": self.subtitle,
            "authors": [a.to_json() for a in self.authors],
            "journal": self.journal,
            "journal_abbrevs": list(self.journal_abbrevs),
            "issn": list(self.issn),
            "publisher": self.publisher,
            "type": self.type,
            "year": self.year,
            "dates": dict(self.dates),
            "volume": self.volume,
            "issue": self.issue,
            "pages": self.pages,
            "article_number": self.article_number,
            "doi": self.doi,
            "pmid": self.pmid,
            "pmcid": self.pmcid,
            "arxiv": self.arxiv,
            "updates": [
                {
                    "type": u.kind,
                    "doi": u.doi,
                    "pmid": u.pmid,
                    "label": u.label,
                    "date": u.date,
                    "source": u.source,
                }
                for u in self.updates
            ],
            "relations": [{"type": t, "doi": d} for t, d in self.relations],
            "publication_types": list(self.publication_types),
        }


@dataclass(frozen=True)
class Lookup:
    """The outcome of resolving one identifier in one registry.

    A failed lookup is data, not an exception: ``record`` is None and ``problem`` says why.
    """

    identifier: Identifier
    source: str
    record: Record | None = None
    problem: Problem | None = None
    detail: str = ""
    from_cache: bool = False
    agency: str | None = None  # the DOI's registration agency when Crossref does not hold it


@dataclass(frozen=True)
class Suggestion:
    """A work found for a reference by search: its DOI, with the search score and, per
    field the print and the record both hold, how far they agree (0..1: ``title``,
    ``first-author``, ``authors``, ``year``, ``venue``). A work OpenAlex holds without a
    DOI has ``doi`` "" and its OpenAlex id in ``openalex``."""

    doi: str
    score: float
    source: str
    record: Record | None = None
    fields: tuple[tuple[str, float], ...] = ()
    openalex: str | None = None
    provenance: str | None = None  # "snapshot <file> <date>" when a snapshot's index found it


@dataclass(frozen=True)
class SearchFailure:
    """Why the search for a reference that prints no identifier could not be made: the
    registry searched, ``unavailable`` (it did not answer usably, or the run's deadline
    came first) or ``not-cached`` (offline, the search is not in the cache)."""

    source: str
    problem: Problem
    detail: str = ""


@dataclass(frozen=True)
class Claim:
    """Something the article's body says about a cited work."""

    ref: int | None
    line: int
    sentence: str
    kind: str  # date, journal, title, number, institution
    value: str
    language: str = "zh"
    precision: str | None = None  # for dates: year, month, day
    offset: int = 0


@dataclass(frozen=True)
class Marker:
    """A citation marker in the body ("[1]", "[1-3]", "(Zeng et al., 2025)")."""

    text: str
    refs: tuple[int, ...]
    line: int
    offset: int
    label: str | None = None
    # Names the marker cites that no reference has: a LaTeX key, a JATS xref's rid.
    missing: tuple[str, ...] = ()


@dataclass(frozen=True)
class Finding:
    """One discrepancy. ``code`` is a stable slug users can accept by name."""

    code: str
    ref: int | None
    field: str | None
    origin: Origin
    severity: Severity
    found: str | None
    expected: str | None
    source: str | None
    message: str
    line: int
    fix: str | None = None
    accepted: str | None = None  # the reason, when accepted in the configuration
    # The message as data: its catalogue id and parameters, from which a report renders it
    # in its language; "" for a message given only as English text.
    message_id: str = ""
    params: tuple[tuple[str, str], ...] = ()

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "code": self.code,
            "ref": self.ref,
            "field": self.field,
            "origin": self.origin.value,
            "severity": self.severity.value,
            "found": self.found,
            "expected": self.expected,
            "source": self.source,
            "message": self.message,
            "line": self.line,
            "fix": self.fix,
            "message_id": self.message_id,
            "params": dict(self.params),
        }
        if self.accepted is not None:
            out["accepted"] = self.accepted
        return out


@dataclass(frozen=True)
class ReferenceResult:
    """A reference together with what the registries said about it and, once the
    pipeline has checked it, what the check found.

    ``status`` is "verified", "discrepancies" or "unresolved" once checked, "" before.
    ``merged`` is the registries' records merged into one, ``field_sources`` the registry
    each of its fields came from (field name, "crossref", "pubmed" or "both").
    ``findings`` are the findings about this reference (in a Report, every finding of
    the report that names it). ``search_failure`` says why a reference that prints no
    identifier could not be searched for. ``searched`` is True when the registries
    answered the search; ``closest`` is then the best candidate that did not reach the
    search threshold (``suggestion`` holds one that did); ``searched_by`` names the
    registries whose search answered. A reference whose printed DOI leads to another
    work is searched for too: ``suggestion`` is then the printed work's own DOI.
    """

    reference: Reference
    lookups: tuple[Lookup, ...] = ()
    suggestion: Suggestion | None = None
    search_failure: SearchFailure | None = None
    status: str = ""
    merged: Record | None = None
    field_sources: tuple[tuple[str, str], ...] = ()
    findings: tuple[Finding, ...] = ()
    searched: bool = False
    closest: Suggestion | None = None
    searched_by: tuple[str, ...] = ()

    @property
    def records(self) -> dict[str, Record]:
        out: dict[str, Record] = {}
        for lk in self.lookups:
            if lk.record is not None and lk.source not in out:
                out[lk.source] = lk.record
        return out

    @property
    def problem(self) -> Problem | None:
        """Why the reference is unresolved, or None when some registry holds it."""
        if self.records:
            return None
        if not self.lookups:
            return self.search_failure.problem if self.search_failure else Problem.NO_IDENTIFIER
        problems = [lk.problem for lk in self.lookups if lk.problem is not None]
        for p in (Problem.UNAVAILABLE, Problem.NOT_CACHED, Problem.OTHER_AGENCY, Problem.NOT_FOUND):
            if p in problems:
                return p
        return Problem.NOT_FOUND

    @property
    def unchecked(self) -> tuple[tuple[str, Problem], ...]:
        """What could not be asked about the reference, as (registry, problem) pairs: the
        one rule for "could not be checked" that the exit status and every format follow.

        Without a record, the reference could not be checked when its problem is that a
        registry was unavailable or not cached (a failed search included). With a record
        from one registry, what counts is a printed identifier another registry could not
        be asked about: the reference is verified against the one that answered, and the
        run still says that part was not checked.
        """
        if not self.records:
            if self.problem not in UNCHECKED:
                return ()
            if self.search_failure is not None and not self.lookups:
                return ((self.search_failure.source, self.search_failure.problem),)
            asked = self.lookups
        else:
            printed = {i.value for i in self.reference.identifiers}
            asked = tuple(lk for lk in self.lookups if lk.identifier.value in printed)
        return tuple(
            dict.fromkeys(
                (lk.source, lk.problem)
                for lk in asked
                if lk.problem is not None and lk.problem in UNCHECKED
            )
        )


@dataclass
class Report:
    """Everything one verify run found for one article."""

    article: str
    results: list[ReferenceResult] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    markers: list[Marker] = field(default_factory=list)
    text: str = ""  # the decoded article text, for formats that show the article
    ignored: int = 0  # findings left out because the configuration ignores their code

    @property
    def summary(self) -> dict[str, int]:
        """References resolved and unresolved, findings by severity (accepted ones left
        out), and the findings the configuration ignores."""
        resolved = sum(1 for r in self.results if r.records)
        live = [f for f in self.findings if f.accepted is None]
        return {
            "references": len(self.results),
            "resolved": resolved,
            "unresolved": len(self.results) - resolved,
            "error": sum(1 for f in live if f.severity is Severity.ERROR),
            "warning": sum(1 for f in live if f.severity is Severity.WARNING),
            "info": sum(1 for f in live if f.severity is Severity.INFO),
            "ignored": self.ignored,
        }


def record_to_data(record: Record) -> dict[str, Any]:
    """A Record as plain JSON-able data, exactly (see ``record_from_data``)."""
    return asdict(record)


def record_from_data(data: dict[str, Any], identifier: Identifier | None = None) -> Record:
    """The inverse of ``record_to_data`` (with another ``identifier`` when given); raises
    (KeyError, TypeError, ValueError) on bad data."""
    values = dict(data)
    values["identifier"] = identifier or Identifier(**values["identifier"])
    values["authors"] = tuple(Author(**a) for a in values["authors"])
    values["updates"] = tuple(Update(**u) for u in values["updates"])
    for name in ("dates", "relations"):
        values[name] = tuple((str(k), str(v)) for k, v in values[name])
    for name in ("journal_abbrevs", "issn", "publication_types", "affiliations"):
        values[name] = tuple(values[name])
    return Record(**values)
