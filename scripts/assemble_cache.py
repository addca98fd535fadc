#!/usr/bin/env python3
"""Build cache/ from the public records in tests/recordings/registry-records/.

The committed cache lets `asrefs verify --offline` run on the sample with no network.
Its entries are assembled from public records, not fetched: each says so in its
provenance, and tests/test_sample_cache.py checks every payload against its source.

    python scripts/assemble_cache.py [RECORDS_DIR] [CACHE_DIR]
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from asrefs.registries import pubmed  # noqa: E402
from asrefs.resolve.cache import Cache, Entry  # noqa: E402

NOTE = "assembled from public records (not fetched): registry-records/{}"


def assemble(records: Path, cache_dir: Path) -> list[str]:
    cache = Cache(cache_dir)
    written = []
    for path in sorted((records / "crossref").glob("work_*.json")):
        import json

        text = path.read_text(encoding="utf-8")
        doi = json.loads(text)["message"]["DOI"].lower()
        cache.put(
            Entry(
                "crossref",
                "work",
                doi,
                200,
                text,
                f"https://api.crossref.org/works/{doi}",
                None,
                NOTE.format(f"crossref/{path.name}"),
                "application/json",
            )
        )
        written.append(f"crossref/work/{doi}")
    for path in sorted((records / "pubmed").glob("efetch_*.xml")):
        text = path.read_text(encoding="utf-8")
        record = pubmed.parse_article(text)
        pmid = record.pmid or ""
        cache.put(
            Entry(
                "pubmed",
                "pmid",
                pmid,
                200,
                text,
                f"https://eutils.ncbi.nlm.nih.gov/entrez/eutils/efetch.fcgi?db=pubmed&id={pmid}&retmode=xml",
                None,
                NOTE.format(f"pubmed/{path.name}"),
                "text/xml",
            )
        )
        written.append(f"pubmed/pmid/{pmid}")
        if record.doi:
            import json

            payload = json.dumps({"doi": record.doi, "pmids": [pmid]})
            cache.put(
                Entry(
                    "pubmed",
                    "doi",
                    record.doi,
                    200,
                    payload,
                    "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/esearch.fcgi?db=pubmed&term="
                    f"%22{record.doi}%22%5Bdoi%5D&retmode=json",
                    None,
                    NOTE.format(f"pubmed/{path.name} (its ArticleIdList)"),
                    "application/json",
                )
            )
            written.append(f"pubmed/doi/{record.doi}")
    return written


def main() -> int:
    default = ROOT / "tests" / "recordings" / "registry-records"
    records = Path(sys.argv[1]) if len(sys.argv) > 1 else default
    cache_dir = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "cache"
    if not records.is_dir():
        print(f"no records folder at {records}", file=sys.stderr)
        return 2
    for key in assemble(records, cache_dir):
        print(key)
    return 0


if __name__ == "__main__":
    sys.exit(main())
