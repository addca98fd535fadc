"""Running asrefs on the printed articles against the registry stand-in.

The stand-in (tests/standin) holds every work of the set; its search ranks works the
way ``RecordStore.search_crossref`` does, through an inverted index per field searched
(the same scores, without comparing the query with every work). asrefs searches one
reference at a time, so the articles are checked in several processes, each one
pooled ``asrefs.api.check`` over its share of the articles, all with one cache folder.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from e2e_world import Ref, crossref_work

T = TypeVar("T")


def world_store(everything: Iterable[Ref]) -> Any:
    """A stand-in store holding the Crossref record of every work."""
    return indexed_store(crossref_work(ref) for ref in everything)


def indexed_store(works: Iterable[dict[str, Any]]) -> Any:
    """A stand-in store holding these Crossref work messages, searched through an index."""
    from standin import RecordStore
    from standin.matching import tokens

    class IndexedStore(RecordStore):
        """``search_crossref`` through an inverted index per field searched."""

        postings: dict[str, dict[str, list[str]]] | None = None

        def _index(self, field: str) -> dict[str, list[str]]:
            if self.postings is None:
                self.postings = {}
            if field not in self.postings:
                postings: dict[str, list[str]] = {}
                for key in self.crossref:
                    for token in self._doc(key, field):
                        postings.setdefault(token, []).append(key)
                self.postings[field] = postings
            return self.postings[field]

        def _doc(self, key: str, field: str) -> frozenset[str]:
            fields = self._work_fields(key)
            return fields.get(field, fields["all"])

        def search_crossref(self, queries: dict[str, str]) -> list[tuple[float, dict[str, Any]]]:
            with self._lock:
                n_docs = max(len(self.crossref), 1)
                df = self._index("all")
                scores: dict[str, float] = {}
                for field, text in queries.items():
                    postings = self._index(field)
                    query = set(tokens(text))
                    idf = {t: math.log(1.0 + n_docs / (1 + len(df.get(t, ())))) for t in query}
                    total = sum(idf.values()) or 1.0
                    hit: dict[str, float] = {}
                    shared: dict[str, int] = {}
                    for t in query:
                        for key in postings.get(t, ()):
                            hit[key] = hit.get(key, 0.0) + idf[t]
                            shared[key] = shared.get(key, 0) + 1
                    for key, weight in hit.items():
                        size = max(len(self._doc(key, field)), 1)
                        score = 100.0 * weight / total + 20.0 * shared[key] / size
                        scores[key] = scores.get(key, 0.0) + score
                results = [(round(v, 5), self.crossref[k]) for k, v in scores.items()]
            results.sort(key=lambda r: (-r[0], str(r[1].get("DOI", "")).lower()))
            return results

    store = IndexedStore()
    for work in works:
        store.add_crossref_work(work)
    return store


@dataclass(frozen=True)
class Checked:
    """What the scoring needs of one Report: per parsed reference (line, number,
    status, suggested DOI), and per finding (reference number, code, severity)."""

    references: list[tuple[int, int, str, str | None]]
    findings: list[tuple[int | None, str, str]]


def options(urls: dict[str, str], cache: Path, **more: Any) -> Any:
    """asrefs's options for a run against the stand-in at ``urls`` (``more``: others)."""
    from asrefs.config import Options

    return Options(
        crossref_url=urls["crossref"],
        pubmed_url=urls["pubmed"],
        idconv_url=urls["idconv"],
        mailto="e2e@example.org",
        cache_dir=cache,
        backoff=0.01,
        timeout=10.0,
        crossref_rate=1000.0,
        ncbi_rate=1000.0,
        deadline=None,  # accuracy, not speed: a slow machine must not leave searches unmade
        **more,
    )


def server_urls(server: Any) -> dict[str, str]:
    """The stand-in's routes that ``options`` points asrefs at."""
    return {
        "crossref": server.crossref_url,
        "pubmed": server.pubmed_url,
        "idconv": server.idconv_url,
    }


def _check(job: tuple[list[Path], dict[str, str], Path]) -> list[Checked]:
    from asrefs import api

    paths, urls, cache = job
    reports = api.check([api.parse_article(p) for p in paths], options(urls, cache))
    return [
        Checked(
            [
                (
                    r.reference.line,
                    r.reference.index,
                    r.status,
                    r.suggestion.doi if r.suggestion else None,
                )
                for r in report.results
            ],
            [(f.ref, f.code, f.severity.value) for f in report.findings],
        )
        for report in reports
    ]


def check_all(paths: list[Path], server: Any, cache: Path, workers: int) -> list[Checked]:
    """asrefs on every article of ``paths`` (in ``workers`` processes); in order."""
    return spread(_check, paths, server, cache, workers)


def spread(
    job: Callable[[tuple[list[Path], dict[str, str], Path]], list[T]],
    paths: list[Path],
    server: Any,
    cache: Path,
    workers: int,
) -> list[T]:
    """``job`` over ``paths`` shared among ``workers`` processes (each given its share,
    the stand-in's routes and the cache folder); the results in the order of ``paths``."""
    urls = server_urls(server)
    if workers <= 1 or len(paths) < 2:
        return job((paths, urls, cache))
    size = math.ceil(len(paths) / workers)
    chunks = [paths[i : i + size] for i in range(0, len(paths), size)]
    with ProcessPoolExecutor(len(chunks)) as pool:
        parts = list(pool.map(job, [(chunk, urls, cache) for chunk in chunks]))
    return [one for part in parts for one in part]
