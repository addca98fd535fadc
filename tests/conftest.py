"""Shared fixtures and helpers: an isolated environment for every test, the paths of
the test inputs, a real HTTP registry stand-in on 127.0.0.1 (the ``standin`` package
beside this file), and helpers to run the command line and load the repository's
scripts."""

from __future__ import annotations

import importlib.util
import ipaddress
import json
import os
import socket
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from asrefs.cli.main import main

REPO = Path(__file__).resolve().parents[1]
TESTS = REPO / "tests"
RECORDINGS = TESTS / "recordings"  # recorded and assembled registry responses
RECORDS = RECORDINGS / "registry-records"
SAMPLES = RECORDINGS / "api-samples"
SEED = TESTS / "data" / "seed-article.txt"
SAMPLE = REPO / "examples" / "as-stem-cells-2025.md"
CACHE = REPO / "cache"  # the committed cache, assembled from RECORDS
REPORT_SCHEMA = json.loads(
    (REPO / "src" / "asrefs" / "schema" / "report-1.json").read_text(encoding="utf-8")
)

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
    monkeypatch.setattr(socket.socket, "connect", _loopback_only(socket.socket.connect))


def _loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return host == "localhost"


def _loopback_only(connect: Any) -> Any:
    """``socket.connect`` that refuses every address but this machine's: no test may
    depend on reaching the live registries (CI has no internet)."""

    def guarded(sock: socket.socket, address: Any) -> Any:
        if sock.family in (socket.AF_INET, socket.AF_INET6) and not _loopback(address[0]):
            raise ConnectionRefusedError(f"tests reach only 127.0.0.1, not {address[0]}")
        return connect(sock, address)

    return guarded


@pytest.fixture(scope="session")
def registry_server() -> Iterator[Any]:
    pytest.importorskip("werkzeug")
    from standin import RegistryServer, sample_store

    with RegistryServer(sample_store(RECORDS, SAMPLES)) as server:
        yield server


@pytest.fixture
def registry(registry_server: Any) -> Iterator[Any]:
    """The registry stand-in, with its request log and fault queue emptied."""
    yield from emptied(registry_server)


def emptied(server: Any) -> Iterator[Any]:
    """A registry stand-in as a test gets it: no request logged, no fault queued, no
    latency or limits; its faults cleared again after the test."""
    server.faults.clear()
    server.requests.clear()
    server.latency = 0.0
    server.rate_limit = None
    server.concurrency_limit = None
    yield server
    server.faults.clear()


def server_options(server: Any, tmp_path: Path, **extra: Any) -> Any:
    """Options pointing asrefs at a registry stand-in, with fast retries."""
    from asrefs.config import Options

    values: dict[str, Any] = {
        "crossref_url": server.crossref_url,
        "pubmed_url": server.pubmed_url,
        "idconv_url": server.idconv_url,
        "datacite_url": server.datacite_url,
        "arxiv_url": server.arxiv_url,
        "openalex_url": server.openalex_url,
        "mailto": "tests@example.org",
        "cache_dir": tmp_path / "cache",
        "backoff": 0.01,
        "timeout": 2.0,
        "request_deadline": 5.0,
        "crossref_rate": 1000.0,
        "ncbi_rate": 1000.0,
        "datacite_rate": 1000.0,
        "arxiv_rate": 1000.0,
        "openalex_rate": 1000.0,
    }
    values.update(extra)
    return Options(**values)


def numbered_article(tmp_path: Path, *entries: str) -> Path:
    """tmp_path/article.md: a body citing every entry, then the numbered list."""
    cites = " ".join(f"[{i}]" for i in range(1, len(entries) + 1))
    listed = "\n\n".join(f"{i}. {e}" for i, e in enumerate(entries, 1))
    path = tmp_path / "article.md"
    path.write_text(f"# Article\n\nAs shown before {cites}.\n\n## References\n\n{listed}\n")
    return path


def server_args(server: Any, tmp_path: Path) -> list[str]:
    """Command-line options pointing asrefs at a registry stand-in, with a private cache."""
    return [
        *server.url_options(),
        "--mailto",
        "t@example.org",
        "--cache-dir",
        str(tmp_path / "c"),
        "--timeout",
        "2",
    ]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """``asrefs ARGV`` in this process: the exit status, stdout and stderr."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def verify_report(
    capsys: pytest.CaptureFixture[str], server: Any, tmp_path: Path, article: Path
) -> dict[str, Any]:
    """``asrefs verify --format json`` of ``article`` against a registry stand-in (no
    finding makes it fail): the report."""
    code, out, err = run(
        capsys,
        "verify",
        "--format",
        "json",
        "--fail-on",
        "never",
        *server_args(server, tmp_path),
        str(article),
    )
    assert code == 0, err
    report: dict[str, Any] = json.loads(out)
    return report


def validate_report(report: dict[str, Any]) -> None:
    """Fail unless ``report`` follows the JSON report's schema."""
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.validate(report, REPORT_SCHEMA, cls=jsonschema.Draft202012Validator)


def load_script(relative: str) -> ModuleType:
    """The repository's script at ``relative`` (e.g. ``scripts/eval_checker.py``), loaded
    as a module named after its file."""
    path = REPO / relative
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module
