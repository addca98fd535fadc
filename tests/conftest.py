"""Shared fixtures: an isolated environment for every test, the sample article, and a
real HTTP registry stand-in on 127.0.0.1."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEED = SHARED / "seeds" / "000_ac97399ec731170f.txt"
RECORDS = SHARED / "registry-records"
SAMPLES = SHARED / "api-samples"
SAMPLE = REPO / "examples" / "as-stem-cells-2025.md"


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


@pytest.fixture
def registry() -> Iterator[object]:
    """A registry stand-in serving the sample's records and the recorded API samples."""
    from asrefs.testing.registry_server import RegistryServer, sample_store

    server = RegistryServer(sample_store())
    server.start()
    try:
        yield server
    finally:
        server.stop()
