"""Loading the registries' public data files into the store (``asrefs mirror load``).

Crossref's public data file is a set of ``.json.gz`` files, each ``{"items": [work,
…]}`` with works as the REST API gives them; PubMed's baseline and update files are
``pubmed….xml.gz``, each a ``<PubmedArticleSet>`` of ``<PubmedArticle>`` (and, in
updates, ``<DeleteCitation>``). Both are read as streams (ijson, ElementTree's
iterparse), so memory stays the same whatever a file's size, and written in chunks,
each with how many of the file's items are done: a killed load, run again, skips the
files that are complete and the items of a file that were written.
"""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import IO
from xml.etree.ElementTree import Element, ParseError, tostring

from asrefs.errors import InputError
from asrefs.registries.crossref import envelope
from asrefs.resolve.cache import Entry
from asrefs.resolve.store_sql import SNAPSHOT, SqlStore

CHUNK = 5000  # items written per transaction


@dataclass
class Item:
    """What one item of a file puts into the store, and what it takes out."""

    entries: list[Entry] = field(default_factory=list)
    deleted: list[tuple[str, str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class Loaded:
    name: str
    source: str
    items: int  # items of the file written by this load
    skipped: int  # items a previous load had written
    already: bool  # the whole file was loaded before


def source_of(path: Path) -> str:
    """The registry whose data file ``path`` is, by its name."""
    name = path.name.lower()
    if name.endswith((".json.gz", ".json")):
        return "crossref"
    if name.endswith((".xml.gz", ".xml")):
        return "pubmed"
    raise InputError(f"{path}: not a snapshot file (Crossref's .json.gz or PubMed's .xml.gz files)")


def _open(path: Path) -> IO[bytes]:
    if path.name.lower().endswith(".gz"):
        return gzip.GzipFile(path, "rb")  # type: ignore[return-value]
    return path.open("rb")


def _crossref(stream: IO[bytes], provenance: str, fetched: str) -> Iterator[Item]:
    import ijson

    for work in ijson.items(stream, "items.item", use_float=True):
        doi = work.get("DOI") if isinstance(work, dict) else None
        if not isinstance(doi, str) or not doi:
            yield Item()
            continue
        key, payload = doi.lower(), envelope(work)
        yield Item([Entry("crossref", "work", key, 200, payload, None, fetched, provenance)])


def _pubmed(stream: IO[bytes], provenance: str, fetched: str) -> Iterator[Item]:
    from defusedxml.ElementTree import iterparse

    root: Element | None = None
    for event, element in iterparse(stream, events=("start", "end")):
        if root is None:
            root = element
        if event != "end" or element.tag not in ("PubmedArticle", "DeleteCitation"):
            continue
        if element.tag == "DeleteCitation":
            pmids = [(p.text or "").strip() for p in element.findall("PMID")]
            yield Item(deleted=[("pubmed", "pmid", p) for p in pmids if p])
        else:
            yield _article(element, provenance, fetched)
        root.clear()  # what was read is dropped: memory stays flat


def _article(element: Element, provenance: str, fetched: str) -> Item:
    pmid = (element.findtext("MedlineCitation/PMID") or "").strip()
    if not pmid:
        return Item()
    body = tostring(element, encoding="unicode")
    payload = f'<?xml version="1.0" ?>\n<PubmedArticleSet>{body}</PubmedArticleSet>'
    entries = [Entry("pubmed", "pmid", pmid, 200, payload, None, fetched, provenance)]
    for ident in element.findall("PubmedData/ArticleIdList/ArticleId"):
        doi = (ident.text or "").strip().lower()
        if ident.get("IdType") == "doi" and doi:
            found = json.dumps({"doi": doi, "pmids": [pmid]})
            entries.append(Entry("pubmed", "doi", doi, 200, found, None, fetched, provenance))
    return Item(entries)


READERS = {"crossref": _crossref, "pubmed": _pubmed}


def file_date(path: Path) -> str:
    """The date a file was made, when no date is given: its modification time."""
    stamp = datetime.fromtimestamp(path.stat().st_mtime, timezone.utc)
    return stamp.strftime("%Y-%m-%d")


def load(store: SqlStore, path: Path, date: str | None = None) -> Loaded:
    """Load one data file into the store's snapshot, resuming a load that stopped."""
    source = source_of(path)
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    name = path.name
    done, complete = store.snapshot_done(name)
    if complete:
        return Loaded(name, source, 0, done, True)
    date = date or file_date(path)
    provenance = f"{SNAPSHOT} {name} {date}"
    fetched = f"{date}T00:00:00Z"
    position = written = 0
    chunk: list[Entry] = []
    deleted: list[tuple[str, str, str]] = []
    try:
        with _open(path) as stream:
            for item in READERS[source](stream, provenance, fetched):
                position += 1
                if position <= done:
                    continue
                chunk.extend(item.entries)
                deleted.extend(item.deleted)
                if position - done - written >= CHUNK:
                    store.snapshot_write((name, source, date), chunk, deleted, position, False)
                    written, chunk, deleted = position - done, [], []
    except (OSError, EOFError, zlib.error, ParseError, ValueError) as exc:
        if chunk or deleted:
            store.snapshot_write((name, source, date), chunk, deleted, position, False)
        detail = " ".join(str(exc).split()) or type(exc).__name__
        raise InputError(
            f"{path}: cannot be read after item {position} ({detail}); what came before is loaded"
        ) from exc
    store.snapshot_write((name, source, date), chunk, deleted, position, True)
    return Loaded(name, source, position - done, done, False)
