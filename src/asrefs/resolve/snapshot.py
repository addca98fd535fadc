"""Loading the registries' public data files into the store (``asrefs mirror load``).

Crossref's public data file is a set of ``.json.gz`` files, each ``{"items": [work,
…]}`` with works as the REST API gives them; PubMed's baseline and update files are
``pubmed….xml.gz``, each a ``<PubmedArticleSet>`` of ``<PubmedArticle>`` (and, in
updates, ``<DeleteCitation>``). Both are read as streams (ijson, ElementTree's
iterparse), so memory stays the same whatever a file's size, and written in chunks,
each with how many of the file's items are done: a killed load, run again, skips the
files that are complete and the items of a file that were written.

Crossref's works are written with their rows of the full-text index (``fulltext``), which
the bibliographic search asks. A file loaded before the index existed is indexed by
loading it again: its items are read once more and only their index rows are written
(for the records the snapshot still holds from that file), resumably as a load is.
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
from asrefs.resolve import fulltext
from asrefs.resolve.cache import Entry
from asrefs.resolve.store_search import SearchableStore
from asrefs.resolve.store_sql import SNAPSHOT

CHUNK = 5000  # items written per transaction


@dataclass
class Item:
    """What one item of a file puts into the store, and what it takes out."""

    entries: list[Entry] = field(default_factory=list)
    deleted: list[tuple[str, str, str]] = field(default_factory=list)
    texts: list[fulltext.Text] = field(default_factory=list)  # rows of the full-text index


@dataclass(frozen=True)
class Loaded:
    name: str
    source: str
    items: int  # items of the file written by this load
    skipped: int  # items a previous load had written
    already: bool  # the whole file was loaded before
    indexed: int = 0  # items loaded before the full-text index existed, indexed now


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
        entry = Entry("crossref", "work", key, 200, payload, None, fetched, provenance)
        yield Item([entry], texts=[fulltext.crossref_text(work, key)])


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


@dataclass
class _Pending:
    """What a load has read and not yet written: the file's new items, and the index
    rows of items written before the index existed (``loaded``: their provenance)."""

    store: SearchableStore
    file: tuple[str, str, str]  # name, source, date
    loaded: str
    done: int  # items written before this load
    item: Item = field(default_factory=Item)
    index_only: list[fulltext.Text] = field(default_factory=list)

    def add(self, item: Item, position: int) -> None:
        if position <= self.done:
            self.index_only.extend(item.texts)
            return
        self.item.entries.extend(item.entries)
        self.item.deleted.extend(item.deleted)
        self.item.texts.extend(item.texts)

    def write(self, position: int, complete: bool = False) -> None:
        """Write what is pending as having read ``position`` items (``complete``: all)."""
        if self.index_only:
            indexed = min(position, self.done)
            self.store.snapshot_index(self.file[0], self.index_only, self.loaded, indexed)
        if complete or position > self.done:
            chunk = self.item
            self.store.snapshot_write(
                self.file, chunk.entries, chunk.deleted, position, complete, chunk.texts
            )
        self.item, self.index_only = Item(), []

    @property
    def pending(self) -> bool:
        return bool(self.index_only or self.item.entries or self.item.deleted)


def _indexed(store: SearchableStore, name: str, source: str, done: int) -> tuple[int, str | None]:
    """How many of the file's items have their index rows (all, when its records are
    not indexed), and the date it was loaded with."""
    if source not in fulltext.SOURCES or not store.searchable:
        return done, None
    return store.snapshot_indexed(name)


def load(store: SearchableStore, path: Path, date: str | None = None) -> Loaded:
    """Load one data file into the store's snapshot, resuming a load that stopped (and
    indexing for search what was loaded before the index existed)."""
    source = source_of(path)
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    name = path.name
    done, complete = store.snapshot_done(name)
    indexed, loaded_date = _indexed(store, name, source, done)
    if complete and indexed >= done:
        return Loaded(name, source, 0, done, True)
    date = date or file_date(path)
    provenance = f"{SNAPSHOT} {name} {date}"
    pending = _Pending(store, (name, source, date), f"{SNAPSHOT} {name} {loaded_date}", done)
    position, written = 0, indexed
    try:
        with _open(path) as stream:
            for item in READERS[source](stream, provenance, f"{date}T00:00:00Z"):
                position += 1
                if position <= indexed:
                    continue
                if complete and position > done:
                    break  # a loaded file is only indexed
                pending.add(item, position)
                if position - written >= CHUNK:
                    pending.write(position)
                    written = position
    except (OSError, EOFError, zlib.error, ParseError, ValueError) as exc:
        if pending.pending:
            pending.write(position)
        detail = " ".join(str(exc).split()) or type(exc).__name__
        raise InputError(
            f"{path}: cannot be read after item {position} ({detail}); what came before is loaded"
        ) from exc
    if not complete:
        pending.write(position, True)
    elif pending.pending:
        pending.write(position)
    store.snapshot_loaded()
    indexed_now = max(0, min(done, position) - indexed)
    return Loaded(name, source, max(0, position - done), done, complete, indexed_now)
