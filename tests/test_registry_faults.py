"""Faults of DataCite, arXiv and OpenAlex, as Crossref's are tested in test_resolve.py and
test_robustness.py: a 429 with Retry-After, a 5xx, an HTML page with status 200, a
truncated body and an answer slower than the timeout. Once, each ends with the work
verified after a retry; always, with the reference unavailable (unchecked, exit 3), never
a traceback and never a verdict about the work."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

from asrefs.models import Reference
from asrefs.resolve.resolver import Resolver
from conftest import run, server_args, server_options

PSPM = (
    "Staib M, Castegnetti G, Tzovara A, Paulus PC, Hofer N, Bach DR (2018) PsPM-SC4B: SCR, ECG, "
    "EMG, PSR and respiration measurements in a delay fear conditioning task with auditory CS "
    "and electrical US. Zenodo. doi:10.5281/zenodo.1196821"
)
HEAT_BATH = (
    "Stanley C, Windisch T. Heat-bath random walks with Markov bases. arXiv:1605.08386, 2016."
)
FENTON = (
    "Fenton A, Rands SA. The impact of parasite manipulation and predator foraging behavior "
    "on predator-prey communities. Ecology. 2006;87(11):2832-2841. "
    "doi:10.1890/0012-9658(2006)87[2832:TIOPMA]2.0.CO;2"
)
# registry -> (route prefix, printed reference, its identifier)
REGISTRIES = {
    "datacite": ("/datacite/dois", PSPM, {"doi": "10.5281/zenodo.1196821"}),
    "arxiv": ("/arxiv/query", HEAT_BATH, {"arxiv": "1605.08386"}),
    "openalex": (
        "/openalex/works",
        FENTON,
        {"doi": "10.1890/0012-9658(2006)87[2832:tiopma]2.0.co;2"},
    ),
}
# fault helper, its arguments, the detail of the lookup when the fault persists
FAULTS = {
    "429": ("rate_limited", {"retry_after": "1"}, "rate limited (HTTP 429)"),
    "503": ("status", {"code": 503}, "server error (HTTP 503)"),
    "html-200": ("html200", {}, ""),
    "truncated": ("truncate", {"declare_length": False}, ""),
    "slow": ("delay", {"seconds": 3.0}, "no answer within 1 s"),
}
BROKEN_BODY = {  # what each registry says of an HTML page or half a body
    "datacite": "not valid JSON",
    "arxiv": "XML",
    "openalex": "not valid JSON",
}
CASES = [pytest.param(r, f, id=f"{r}-{f}") for r in REGISTRIES for f in FAULTS]


def queue(registry: Any, prefix: str, fault: str, times: int) -> None:
    helper, kwargs, _ = FAULTS[fault]
    args = dict(kwargs)
    if helper == "status":
        registry.faults.status(prefix, args.pop("code"), times=times)
    else:
        getattr(registry.faults, helper)(prefix, times=times, **args)


@pytest.mark.parametrize(("name", "fault"), CASES)
def test_a_fault_once_is_retried_and_the_work_verified(
    registry: Any, tmp_path: Path, name: str, fault: str
) -> None:
    prefix, _, ids = REGISTRIES[name]
    queue(registry, prefix, fault, times=1)
    options = server_options(registry, tmp_path, openalex_key="k", timeout=0.5)
    resolver = Resolver.create(options)
    try:
        [result] = resolver.resolve([Reference(index=1, raw="r", line=1, **ids)])
    finally:
        resolver.close()
    assert name in result.records, result.lookups
    hits = [r for r in registry.requests if r.path.startswith(prefix)]
    assert len(hits) == 2
    if fault == "429":  # Retry-After: 1 honoured
        assert hits[1].time - hits[0].time >= 0.95


@pytest.mark.parametrize(("name", "fault"), CASES)
def test_a_fault_that_persists_leaves_the_reference_unchecked(
    capsys: pytest.CaptureFixture[str], registry: Any, tmp_path: Path, name: str, fault: str
) -> None:
    prefix, printed, ids = REGISTRIES[name]
    (tmp_path / "asrefs.toml").write_text("max-attempts = 2\nbackoff = 0.01\n", encoding="utf-8")
    (tmp_path / "a.md").write_text(f"# A\n\nSee [1].\n\n## References\n\n1. {printed}\n")
    queue(registry, prefix, fault, times=50)
    start = time.monotonic()
    code, out, err = run(
        capsys, "verify", "--format", "json", *server_args(registry, tmp_path),
        "--openalex-key", "k", "--timeout", "1", "a.md",
    )  # fmt: skip
    assert time.monotonic() - start < 20
    assert (code, err) == (3, "")
    report = json.loads(out)
    [ref] = report["references"]
    assert (ref["status"], ref["problem"]) == ("unresolved", "unavailable")
    [failed] = [lk for lk in ref["lookups"] if lk["registry"] == name]
    assert failed["problem"] == "unavailable"
    assert (FAULTS[fault][2] or BROKEN_BODY[name]) in failed["detail"]
    assert report["discrepancies"] == []  # nothing said about the work: not "not found"
    assert failed["identifier"]["value"] in ids.values()


def test_openalex_batches_and_searches_recover_or_end_unavailable(
    capsys: pytest.CaptureFixture[str], registry: Any, tmp_path: Path
) -> None:
    news = "Vidal Valero M. Thousands of scientists are cutting back on Twitter. Nature. 2023. doi:10.1038/d41586-023-02554-0"  # noqa: E501
    chemcrow = (
        "Bran AM, Cox S. Augmenting large language models with chemistry tools. "
        "Nat Mach Intell. 2024;6(5):525-535."
    )
    (tmp_path / "asrefs.toml").write_text("max-attempts = 2\nbackoff = 0.01\n", encoding="utf-8")
    listed = "\n".join(f"{i}. {r}" for i, r in enumerate([FENTON, news, chemcrow], 1))
    (tmp_path / "a.md").write_text(f"# A\n\nSee [1] [2] [3].\n\n## References\n\n{listed}\n")
    args = [*server_args(registry, tmp_path), "--openalex-key", "k", "--format", "json"]
    registry.faults.status("/openalex/works", 502, times=50)  # the batch and the search
    code, out, err = run(capsys, "verify", *args, "a.md")
    assert (code, err) == (3, "")
    refs = json.loads(out)["references"]
    assert [r["problem"] for r in refs] == ["unavailable"] * 3
    assert refs[2]["search_failure"]["registry"] == "openalex"
    registry.faults.clear()
    registry.faults.status("/openalex/works", 503)  # the batch's first try, then answers
    code, out, err = run(capsys, "verify", *args, "a.md")
    refs = json.loads(out)["references"]
    assert [r["problem"] for r in refs[:2]] == [None, None]
    assert all(r["records"]["openalex"] for r in refs[:2])
    assert refs[2]["suggested"]["doi"] == "10.1038/s42256-024-00832-8"
    assert code != 3 and err == ""  # nothing left unchecked (findings may remain)
