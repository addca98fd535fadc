"""Shared fixtures: an isolated environment for every test, the sample article, and a
real HTTP registry stand-in on 127.0.0.1."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEED = SHARED / "seeds" / "000_ac97399ec731170f.txt"
RECORDS = SHARED / "registry-records"
SAMPLES = SHARED / "api-samples"
SAMPLE = REPO / "examples" / "as-stem-cells-2025.md"

# The sample's references 1 (year left open) and 5, as printed, for hand-made articles.
REF1 = (
    "Zeng, L., Liu, C., Wu, Y. et al. Efficacy and safety of mesenchymal stromal cell "
    "transplantation in the treatment of autoimmune and rheumatic immune diseases: a systematic "
    "review and meta-analysis of randomized controlled trials. Stem Cell Res Ther 16, 65 ({year}). "
    "https://doi.org/10.1186/s13287-025-04184-x"
)
REF5 = (
    "Ke M, Liu W, Lu H, Pan X, Wu M, Qi N, Wang Z, Wu Y and Zhang F (2025) Breaking boundaries in "
    "ankylosing spondylitis: how innovative cell therapies reshape immunity, drive cutting-edge "
    "advances, and face future challenges. Front. Immunol. 16:1613502. "
    "doi: 10.3389/fimmu.2025.1613502"
)


@pytest.fixture(autouse=True)
def isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test reads the developer's configuration, environment or cache."""
    for var in list(os.environ):
        if var.startswith("ASREFS_") or var in ("NCBI_API_KEY", "NO_COLOR"):
            monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    monkeypatch.chdir(tmp_path)


def need_shared(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is not here (the shared folder sits beside the repository in CI)")
    return path


@pytest.fixture
def seed() -> Path:
    return need_shared(SEED)


@pytest.fixture(scope="session")
def registry_server() -> Iterator[Any]:
    pytest.importorskip("werkzeug")
    from asrefs.testing.registry_server import RegistryServer, sample_store

    with RegistryServer(sample_store(RECORDS, SAMPLES)) as server:
        yield server


@pytest.fixture
def registry(registry_server: Any) -> Iterator[Any]:
    """The registry stand-in, with its request log and fault queue emptied."""
    s = registry_server
    s.faults.clear()
    s.requests.clear()
    s.latency = 0.0
    s.rate_limit = None
    s.concurrency_limit = None
    yield s
    s.faults.clear()


def server_options(server: Any, tmp_path: Path, **extra: Any) -> Any:
    """Options pointing asrefs at a registry stand-in, with fast retries."""
    from asrefs.config import Options

    values: dict[str, Any] = {
        "crossref_url": server.crossref_url,
        "pubmed_url": server.pubmed_url,
        "idconv_url": server.idconv_url,
        "mailto": "tests@example.org",
        "cache_dir": tmp_path / "cache",
        "backoff": 0.01,
        "timeout": 2.0,
        "request_deadline": 5.0,
        "crossref_rate": 1000.0,
        "ncbi_rate": 1000.0,
    }
    values.update(extra)
    return Options(**values)


def server_args(server: Any, tmp_path: Path) -> list[str]:
    """Command-line options pointing asrefs at a registry stand-in, with a private cache."""
    return [
        "--crossref-url",
        server.crossref_url,
        "--pubmed-url",
        server.pubmed_url,
        "--idconv-url",
        server.idconv_url,
        "--mailto",
        "t@example.org",
        "--cache-dir",
        str(tmp_path / "c"),
        "--timeout",
        "2",
    ]
