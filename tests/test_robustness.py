"""The robustness matrix, end to end through the command line.

Bad and hostile articles, identifiers printed in every broken way, registries that fail
in every way the stand-in can (tests/conftest.py's ``registry``), broken caches, outputs
that must not be lost, and fuzzing. Every test here is a row of docs/robustness.md and
``test_the_matrix_document_and_the_tests_agree`` keeps the two equal: a row names a test
that exists, and every test here is a row.

Each row asserts the exact exit status and, for an input error, the exact one line on
standard error (no traceback); for a registry fault, that the other reference of the
same article was still verified.
"""

from __future__ import annotations

import contextlib
import io
import itertools
import json
import os
import random
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from _pytest.mark.structures import ParameterSet
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from asrefs.cli.main import main
from conftest import CACHE, REPO, server_args

DOC = REPO / "docs" / "robustness.md"

DOI1 = "10.1186/s13287-025-04184-x"
REF1_CORE = (
    "Zeng, L., Liu, C., Wu, Y. et al. Efficacy and safety of mesenchymal stromal cell "
    "transplantation in the treatment of autoimmune and rheumatic immune diseases: a systematic "
    "review and meta-analysis of randomized controlled trials. Stem Cell Res Ther 16, 65 (2025)."
)
REF1 = f"{REF1_CORE} https://doi.org/{DOI1}"
REF5_CORE = (
    "Ke M, Liu W, Lu H, Pan X, Wu M, Qi N, Wang Z, Wu Y and Zhang F (2025) Breaking boundaries in "
    "ankylosing spondylitis: how innovative cell therapies reshape immunity, drive cutting-edge "
    "advances, and face future challenges. Front. Immunol. 16:1613502."
)
REF5_PMID = f"{REF5_CORE} PMID: 40718480"  # goes to PubMed only
REF5_PMCID = f"{REF5_CORE} PMCID: PMC12289492"  # goes through the PMC ID converter

# A Chinese article citing reference 1 with its publication date (a claim on line 1).
ZH_BODY = "干细胞治疗的研究进展：该研究于2025年2月11日发表[1]。"
TW_BODY = "幹細胞治療的研究進展：該研究於2025年2月11日發表[1]。"
EN_BODY = "In a café in Zürich, Zeng et al. published their meta-analysis on 11 February 2025 [1]."


def zh_article(body: str = ZH_BODY, heading: str = "参考文献", ref: str = REF1) -> str:
    return f"{body}\n\n{heading}\n\n[1] {ref}\n"


def two_refs(first: str, second: str) -> str:
    return f"正文引用了两篇论文[1][2]。\n\n## References\n\n[1] {first}\n[2] {second}\n"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def report_of(out: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(out)
    return data


def refs_of(report: dict[str, Any]) -> dict[int, dict[str, Any]]:
    return {r["index"]: r for r in report["references"]}


def lookup(ref: dict[str, Any], registry: str) -> dict[str, Any]:
    return next(lk for lk in ref["lookups"] if lk["registry"] == registry)


def files_under(root: Path) -> set[Path]:
    return {p for p in root.rglob("*") if p.is_file()}


def offline(*argv: str) -> list[str]:
    return ["verify", "--offline", "--cache-dir", str(CACHE), *argv]


# =============================================================================== articles
# Inputs that cannot be read: exit 2 and exactly one line, which names the input.


def _empty(tmp: Path) -> tuple[str, str]:
    (tmp / "a.md").write_bytes(b"")
    return "a.md", "a.md: the file is empty"


def _whitespace(tmp: Path) -> tuple[str, str]:
    (tmp / "a.md").write_bytes(b" \n\t\r\n  \n")
    return "a.md", "a.md: the file is empty"


def _bom_only(tmp: Path) -> tuple[str, str]:
    (tmp / "a.md").write_bytes(b"\xff\xfe")
    return "a.md", "a.md: the file is empty"


BINARY = "a.md: looks like a binary file, not an article (expected text, HTML, .docx or .pdf)"


def _binary(tmp: Path) -> tuple[str, str]:
    (tmp / "a.md").write_bytes(random.Random(9).randbytes(8192))
    return "a.md", BINARY


def _nul_only(tmp: Path) -> tuple[str, str]:
    (tmp / "a.md").write_bytes(b"\x00" * 4096)
    return "a.md", BINARY


def _missing(tmp: Path) -> tuple[str, str]:
    return "missing.md", "missing.md: no such file"


def _line_end_in_name(tmp: Path) -> tuple[str, str]:
    return "a\nb\x1b[2J.md", "a\\nb\\x1b[2J.md: no file matches"  # escaped, one line


def _folder(tmp: Path) -> tuple[str, str]:
    (tmp / "papers").mkdir()
    (tmp / "papers" / "figure.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    return "papers", (
        "papers: the folder holds no articles (.md, .txt, .html, .docx, .pdf, .tex or .bib)"
    )


def _glob(tmp: Path) -> tuple[str, str]:
    return "drafts/*.md", "drafts/*.md: no file matches"


def _doc(tmp: Path) -> tuple[str, str]:
    (tmp / "a.doc").write_bytes(b"\xd0\xcf\x11\xe0" + bytes(512))
    return "a.doc", "a.doc: a .doc file (Word 97-2003) cannot be read: save it as .docx"


def _not_a_zip(tmp: Path) -> tuple[str, str]:
    (tmp / "a.docx").write_bytes(random.Random(3).randbytes(2048))
    return "a.docx", "a.docx: not a Word (.docx) file: it is not a ZIP package"


def _zip_bomb(tmp: Path) -> tuple[str, str]:
    import zipfile

    with (
        zipfile.ZipFile(tmp / "a.docx", "w", zipfile.ZIP_DEFLATED) as package,
        package.open("word/document.xml", "w") as part,
    ):
        part.write(b'<?xml version="1.0"?><w:document><!--')
        for _ in range(130):
            part.write(b" " * (1024 * 1024))
        part.write(b"--></w:document>")
    assert (tmp / "a.docx").stat().st_size < 1024 * 1024
    return "a.docx", "a.docx: the Word file unpacks to 130 MB, more than an article holds; refused"


def _endless(tmp: Path) -> tuple[str, str]:
    return "/dev/zero", "/dev/zero: the input is larger than 200 MB"


INPUT_ERRORS = [
    pytest.param(_empty, id="empty-file"),
    pytest.param(_whitespace, id="whitespace-only"),
    pytest.param(_bom_only, id="byte-order-mark-only"),
    pytest.param(_binary, id="binary-file"),
    pytest.param(_nul_only, id="nul-bytes-only"),
    pytest.param(_missing, id="nonexistent-path"),
    pytest.param(_line_end_in_name, id="line-end-and-escape-in-the-name"),
    pytest.param(_folder, id="folder-without-articles"),
    pytest.param(_glob, id="glob-matching-nothing"),
    pytest.param(_doc, id="word-97-doc"),
    pytest.param(_not_a_zip, id="docx-not-a-zip"),
    pytest.param(_zip_bomb, id="docx-zip-bomb"),
    pytest.param(_endless, id="endless-device"),
]


@pytest.mark.parametrize("setup", INPUT_ERRORS)
def test_unreadable_input_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    setup: Callable[[Path], tuple[str, str]],
) -> None:
    path, message = setup(tmp_path)
    code, out, err = run(capsys, *offline(path))
    assert (code, out, err) == (2, "", f"asrefs: error: {message}\n")


def _asrefs(*argv: str, **kwargs: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "asrefs", *argv],
        capture_output=True,
        text=True,
        timeout=120,
        **kwargs,
    )


# The command line run in a process that writes its own peak memory to a file. Not
# ru_maxrss: Linux carries it over fork and exec, so a child of a large test session
# reports the session's peak; VmHWM belongs to the process's own memory, new at exec.
_PEAK = (
    "import re, sys\n"
    "from asrefs.cli.main import main\n"
    "out, sys.argv = sys.argv[1], ['asrefs', *sys.argv[2:]]\n"
    "code = main()\n"
    "status = open('/proc/self/status').read()\n"
    "with open(out, 'w') as fh:\n"
    "    fh.write(re.search(r'VmHWM:\\s*(\\d+)', status).group(1))\n"
    "raise SystemExit(code)\n"
)


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux's /proc")
def test_a_100_mb_text_is_refused_in_bounded_memory(tmp_path: Path) -> None:
    """100 MB of text is not an article: refused (MAX_TEXT_CHARS) before it is parsed, in
    bounded memory, instead of minutes and gigabytes. A separate process, to measure its
    memory (how long it takes is benchmarks' business, not a test's)."""
    paragraph = (
        "Lorem ipsum dolor sit amet [1], consectetur adipiscing elit. " * 20 + "\n\n"
    ).encode()
    path = tmp_path / "huge.md"
    with path.open("wb") as fh:
        for _ in range(100 * 1024 * 1024 // (len(paragraph) * 64)):
            fh.write(paragraph * 64)
        fh.write(f"## References\n\n[1] {REF1}\n".encode())
    assert path.stat().st_size > 99 * 1024 * 1024
    peak = tmp_path / "peak"
    proc = subprocess.run(
        [sys.executable, "-c", _PEAK, str(peak), "verify", "--offline", "--cache-dir",
         str(tmp_path / "c"), str(path)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr == (
        f"asrefs: error: {path}: the text is longer than 10,000,000 characters, "
        "which is not an article; split it\n"
    )
    assert int(peak.read_text()) < 600 * 1024  # VmHWM, in KiB


def _unprivileged() -> list[str]:
    """A command prefix that runs a child as an unprivileged user, or skips the test."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: permissions cannot be tested")
    prefix = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"]
    probe = subprocess.run(
        [*prefix, sys.executable, "-c", "import asrefs"], capture_output=True, timeout=60
    )
    if probe.returncode != 0:
        pytest.skip("the unprivileged user cannot import asrefs from this environment")
    return prefix


@pytest.fixture
def shared_dir() -> Iterator[Path]:
    """A folder an unprivileged user can enter (pytest's tmp_path is private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="asrefs-robustness-"))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        for p in [folder, *folder.rglob("*")]:
            with contextlib.suppress(OSError):
                p.chmod(0o755 if p.is_dir() else 0o644)
        shutil.rmtree(folder, ignore_errors=True)


def test_unreadable_article_as_an_unprivileged_user(shared_dir: Path) -> None:
    prefix = _unprivileged()
    path = shared_dir / "a.md"
    path.write_text(zh_article(), encoding="utf-8")
    path.chmod(0)
    proc = subprocess.run(
        [*prefix, sys.executable, "-m", "asrefs", "verify", "--offline", "--cache-dir",
         str(shared_dir / "c"), str(path)],
        capture_output=True, text=True, timeout=60, cwd=shared_dir,
    )  # fmt: skip
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr == f"asrefs: error: {path}: permission denied\n"


# Inputs that are read correctly: the same verdict and the same line numbers as the plain
# UTF-8 article (reference 1 verified on line 5, its date claim on line 1).


def _encoded(text: str, encoding: str) -> Callable[[], bytes]:
    return lambda: text.encode(encoding)


NUL_INSIDE = zh_article().replace("研究", "研\x00究").replace("Efficacy", "Eff\x00icacy")
FULL_WIDTH = zh_article(
    ZH_BODY.replace("[1]", "［１］"), ref=REF1.replace("16, 65 (2025)", "１６, ６５ (２０２５)")
)
READ_CORRECTLY = [
    pytest.param(_encoded(zh_article(), "utf-8"), 5, 1, id="utf-8"),
    pytest.param(_encoded(zh_article(), "gb18030"), 5, 1, id="gb18030"),
    pytest.param(_encoded(zh_article(TW_BODY, "參考文獻"), "big5"), 5, 1, id="big5"),
    pytest.param(_encoded(zh_article(), "utf-16"), 5, 1, id="utf-16-with-bom"),
    pytest.param(_encoded(zh_article(), "utf-16-le"), 5, 1, id="utf-16-le-without-bom"),
    pytest.param(_encoded(zh_article(EN_BODY, "## References"), "latin-1"), 5, 1, id="latin-1"),
    pytest.param(_encoded(zh_article().replace("\n", "\r\n"), "utf-8"), 5, 1, id="crlf-line-ends"),
    pytest.param(_encoded(zh_article().replace("\n", "\r"), "utf-8"), 5, 1, id="cr-line-ends"),
    pytest.param(_encoded(NUL_INSIDE, "utf-8"), 5, 1, id="nul-bytes-inside"),
    pytest.param(_encoded(FULL_WIDTH, "utf-8"), 5, 1, id="full-width-digits-and-brackets"),
    pytest.param(
        _encoded(zh_article("x " * 500_000 + ZH_BODY), "utf-8"), 5, 1, id="one-line-of-1-mb"
    ),
]  # fmt: skip


@pytest.mark.parametrize(("make", "ref_line", "claim_line"), READ_CORRECTLY)
def test_article_is_read_correctly(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    make: Callable[[], bytes],
    ref_line: int,
    claim_line: int,
) -> None:
    (tmp_path / "a.md").write_bytes(make())
    code, out, err = run(capsys, *offline("--format", "json", "a.md"))
    assert (code, err) == (0, "")
    report = report_of(out)
    (ref,) = report["references"]
    assert (ref["status"], ref["line"], ref["identifiers"]["doi"]) == ("verified", ref_line, DOI1)
    assert [(c["kind"], c["value"], c["line"]) for c in report["claims"]] == [
        ("date", "2025-02-11", claim_line)
    ]
    assert report["discrepancies"] == []
    assert "Café" in report["claims"][0]["sentence"] or "Café" not in EN_BODY


ESCAPES = "\x1b]8;;https://evil.example/\x07here\x1b]8;;\x07\x1b[2J\x1b[31m"


@pytest.mark.parametrize(
    "command", [pytest.param(["verify"], id="verify"), pytest.param(["parse"], id="parse")]
)
def test_terminal_escape_sequences_never_reach_the_report(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, command: list[str]
) -> None:
    body = ZH_BODY + ESCAPES + "其余正文。" * 40
    ref = REF1.replace("Efficacy", f"Eff{ESCAPES}icacy")
    (tmp_path / "a.md").write_text(zh_article(body, ref=ref), encoding="utf-8")
    # the junk inside the title is a title-mismatch: what is checked here is the output
    argv = offline("--fail-on", "never", "a.md") if command == ["verify"] else ["parse", "a.md"]
    code, out, err = run(capsys, *argv)
    assert (code, err) == (0, "")
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", out)
    assert "evil.example" in out  # what remains is shown as text


def test_article_without_a_reference_section(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "a.md").write_text("# Notes\n\nNothing is cited here.\n", encoding="utf-8")
    code, out, err = run(capsys, *offline("a.md"))
    assert code == 2 and out == ""
    assert err == (
        "asrefs: error: a.md: no reference list found (asrefs looks for a heading such as "
        "References, Bibliography or 参考文献 followed by the entries)\n"
    )


def test_ten_thousand_references_offline_with_an_empty_cache(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    lines = ["The first work [1] and the last [10000].", "", "## References", ""]
    lines += [
        f"[{i}] Smith J, Doe A. Study number {i} of a series. J Test. 2020;{i}:1-10. "
        f"doi:10.5555/robust.{i}"
        for i in range(1, 10_001)
    ]
    (tmp_path / "a.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    # how long it takes is measured in benchmarks/ (run.py, parse_speed.py), not here
    code, out, err = run(
        capsys, "verify", "--offline", "--cache-dir", str(tmp_path / "empty"), "-q", "a.md"
    )
    assert (code, err) == (3, "")
    assert out.startswith("a.md: 10000 references, 0 resolved, 10000 unresolved; 0 errors")
    assert not (tmp_path / "empty").exists()  # offline: nothing written


# ============================================================================ identifiers
# Printed in a reference list, each gives the documented finding (malformed-identifier)
# or the right normalised lookup; the other reference is verified; and nothing is written
# outside the cache folder, whatever the identifier.

SICI = "10.1002/(sici)1097-4636(199706)35:4<445::aid-jbm5>3.0.co;2-g"

IDENTIFIERS = [
    pytest.param(f"{REF1_CORE} doi: 10.1186/", {}, ["doi: 10.1186/"], "malformed-identifier", 1,
                 id="doi-prefix-only"),
    pytest.param(f"{REF1_CORE} doi:{DOI1}.", {"doi": DOI1}, [], None, 0, id="doi-trailing-dot"),
    pytest.param(f"{REF1_CORE} <https://doi.org/{DOI1}>", {"doi": DOI1}, [], None, 0,
                 id="doi-in-angle-brackets"),
    pytest.param(f"{REF1_CORE} https://doi.org/10.1186%2Fs13287-025-04184-x", {"doi": DOI1}, [],
                 None, 0, id="doi-percent-encoded"),
    pytest.param(f"{REF1_CORE} https://doi.org/10.1186/S13287-025-04184-X", {"doi": DOI1}, [],
                 None, 0, id="doi-upper-case"),
    pytest.param(f"{REF1_CORE} doi:10.1002/(SICI)1097-4636(199706)35:4<445::AID-JBM5>3.0.CO;2-G",
                 {"doi": SICI}, [], None, 0, id="doi-with-parentheses-and-angle-brackets"),
    pytest.param(f"{REF1_CORE} doi: 10.1186/s13287 -025-04184-x", {"doi": "10.1186/s13287"}, [],
                 "doi-not-found", 1, id="doi-with-a-space"),
    pytest.param(f"{REF1_CORE} doi: 10.1234/../../etc/passwd",
                 {"doi": "10.1234/../../etc/passwd"}, [], "doi-not-found", 1,
                 id="doi-path-traversal"),
    pytest.param(f"{REF1_CORE} doi: 10.1234/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
                 {"doi": "10.1234/../../etc/passwd"}, [], "doi-not-found", 1,
                 id="doi-percent-encoded-traversal"),
    pytest.param(f"{REF1_CORE} doi: 10.1000/a%00b", {"doi": "10.1000/a%00b"}, [],
                 "doi-not-found", 1, id="doi-percent-encoded-nul"),
    pytest.param(f"{REF1_CORE} PMID: 0039934871", {"pmid": "39934871"}, [], None, 0,
                 id="pmid-leading-zeros"),
    pytest.param(f"{REF1_CORE} PMID: 3993487l", {}, ["PMID: 3993487l"], "malformed-identifier", 1,
                 id="pmid-with-a-letter"),
    pytest.param(f"{REF5_CORE} PMCID: 12289492", {"pmcid": "PMC12289492"}, [], None, 0,
                 id="pmcid-without-pmc"),
    pytest.param(f"{REF5_CORE} PMCID: PMC12x", {}, ["PMCID: PMC12x"], "malformed-identifier", 1,
                 id="pmcid-with-a-letter"),
]  # fmt: skip


@pytest.mark.parametrize(("printed", "ids", "malformed", "finding", "exit_code"), IDENTIFIERS)
def test_printed_identifier(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    registry: Any,
    printed: str,
    ids: dict[str, str],
    malformed: list[str],
    finding: str | None,
    exit_code: int,
) -> None:
    if SICI in ids.values() and registry.store.get_work(SICI) is None:
        registry.store.add_crossref_work({**registry.store.get_work(DOI1), "DOI": SICI.upper()})
    other = REF5_PMID if printed.startswith(REF1_CORE) else REF1
    (tmp_path / "a.md").write_text(two_refs(printed, other), encoding="utf-8")
    before = files_under(tmp_path)
    code, out, _err = run(
        capsys, "verify", "--format", "json", "--no-search", *server_args(registry, tmp_path),
        "a.md",
    )  # fmt: skip
    report = report_of(out)
    first, second = refs_of(report)[1], refs_of(report)[2]
    assert {k: v for k, v in first["identifiers"].items() if v} == ids
    assert first["malformed"] == malformed
    codes = {
        d["code"] for d in report["discrepancies"] if d["ref"] == 1 and d["severity"] != "info"
    }
    assert codes == ({finding} if finding else set())
    assert first["status"] == ("verified" if finding is None else "unresolved")
    assert second["status"] == "verified"
    assert code == exit_code
    cache = (tmp_path / "c").resolve()
    assert all(p.resolve().is_relative_to(cache) for p in files_under(tmp_path) - before)
    # a DOI is asked for under /works/, never at a path it names
    assert all(
        r.path.startswith(("/crossref/works", "/eutils/", "/idconv")) for r in registry.requests
    )


# ============================================================================= registries
# The stand-in breaks one registry route; the article has two references, one on each
# route: reference 1 prints a DOI (Crossref, and PubMed through the DOI), reference 2 a
# PMID (PubMed only) or a PMCID (the ID converter, then PubMed).

FAST_RETRIES = "max-attempts = 2\nbackoff = 0.01\nrequest-deadline = 1\n"

_GARBAGE_FIELDS = {
    "DOI": DOI1, "title": None, "subtitle": [None, 7], "container-title": None,
    "author": [{"family": None, "given": 5}, "x"], "issued": {"date-parts": [[None]]},
    "page": 65, "volume": ["16"], "published-print": {"date-parts": [["2025", "13", "45"]]},
    "updated-by": "retraction", "assertion": [None, {"name": "received", "value": 5}],
    "journal-issue": {"published-print": None},
}  # fmt: skip

# (fault helper, route prefix, its arguments, second reference, broken registry, detail
# of the broken lookup or None when the payload was usable, exit status)
FAULTS = [
    pytest.param("ncbi_rate_limit", "/eutils", {"status": 200}, "pmid", "pubmed",
                 "rate limited (API rate limit exceeded)", 3, id="ncbi-429-storm-with-status-200"),
    pytest.param("status", "/crossref/works", {"code": 500}, "pmid", "crossref",
                 "server error (HTTP 500)", 3, id="crossref-500"),
    pytest.param("status", "/eutils/efetch", {"code": 502}, "pmid", "pubmed",
                 "server error (HTTP 502)", 3, id="pubmed-502"),
    pytest.param("status", "/crossref/works", {"code": 503}, "pmid", "crossref",
                 "server error (HTTP 503)", 3, id="crossref-503"),
    pytest.param("status", "/eutils/efetch", {"code": 504}, "pmid", "pubmed",
                 "server error (HTTP 504)", 3, id="pubmed-504"),
    pytest.param("reset", "/crossref/works", {}, "pmid", "crossref",
                 "connection failed", 3, id="crossref-connection-reset"),
    pytest.param("disconnect", "/eutils/efetch", {}, "pmid", "pubmed",
                 "connection failed", 3, id="pubmed-closed-without-answer"),
    pytest.param("delay", "/crossref/works", {"seconds": 3.0}, "pmid", "crossref",
                 "no answer within 1 s", 3, id="crossref-slower-than-the-timeout"),
    pytest.param("drip", "/crossref/works", {"total_seconds": 60.0}, "pmid", "crossref",
                 "response not complete within 1 s", 3, id="crossref-response-never-ends"),
    pytest.param("drip", "/eutils/efetch", {"total_seconds": 60.0}, "pmid", "pubmed",
                 "response not complete within 1 s", 3, id="pubmed-response-never-ends"),
    pytest.param("truncate", "/crossref/works", {"declare_length": False}, "pmid", "crossref",
                 "not valid JSON", 3, id="crossref-truncated-json"),
    pytest.param("truncate", "/crossref/works", {"declare_length": True}, "pmid", "crossref",
                 "connection broken while reading", 3, id="crossref-shorter-than-its-length"),
    pytest.param("truncate", "/eutils/efetch", {"declare_length": False}, "pmid", "pubmed",
                 "not well-formed XML", 3, id="pubmed-truncated-xml"),
    pytest.param("html200", "/crossref/works", {}, "pmid", "crossref",
                 "not valid JSON", 3, id="crossref-html-error-page-with-200"),
    pytest.param("html200", "/eutils/efetch", {}, "pmid", "pubmed",
                 "unexpected XML root <html>", 3, id="pubmed-html-error-page-with-200"),
    pytest.param("wrong_content_type", "/crossref/works", {}, "pmid", "crossref",
                 None, 0, id="crossref-wrong-content-type"),
    pytest.param("wrong_content_type", "/eutils/efetch", {"content_type": "application/json"},
                 "pmid", "pubmed", None, 0, id="pubmed-wrong-content-type"),
    pytest.param("huge", "/crossref/works", {}, "pmid", "crossref",
                 "response larger than 20 MB; not read", 3, id="crossref-50-mb-response"),
    pytest.param("huge", "/eutils/efetch", {}, "pmid", "pubmed",
                 "response larger than 20 MB; not read", 3, id="pubmed-50-mb-response"),
    pytest.param("xml_bomb", "/eutils/efetch", {}, "pmid", "pubmed",
                 "uses entities or external references; refused", 3, id="pubmed-entity-bomb"),
    pytest.param("xxe", "/eutils/efetch", {}, "pmid", "pubmed",
                 "uses entities or external references; refused", 3,
                 id="pubmed-external-entity"),
    pytest.param("json_garbage", "/crossref/works", {}, "pmid", "crossref",
                 "lacks the expected fields", 3, id="crossref-json-nulls-and-wrong-types"),
    pytest.param("json_garbage", "/crossref/works",
                 {"body": {"status": "ok", "message": {"items": [_GARBAGE_FIELDS]}}},
                 "pmid", "crossref", None, 0, id="crossref-work-with-garbage-fields"),
    pytest.param("json_garbage", "/crossref/works", {"body": {"status": "ok", "message": None}},
                 "pmid", "crossref", "the work list has no items", 3,
                 id="crossref-json-missing-fields"),
    pytest.param("json_garbage", "/eutils/esearch", {}, "pmid", "pubmed", None, 3,
                 id="pubmed-search-json-nulls"),
    pytest.param("json_garbage", "/eutils/efetch", {}, "pmid", "pubmed",
                 "not XML", 3, id="pubmed-json-instead-of-xml"),
    pytest.param("json_garbage", "/idconv", {}, "pmcid", "idconv", "", 3,
                 id="idconv-json-nulls-and-wrong-types"),
    pytest.param("json_garbage", "/idconv",
                 {"body": {"records": [{"pmcid": "PMC12289492", "pmid": None, "doi": 7}]}},
                 "pmcid", "idconv", "", 3, id="idconv-number-for-a-doi"),
    pytest.param("status", "/idconv", {"code": 503}, "pmcid", "idconv", "", 3,
                 id="idconv-503"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("helper", "prefix", "kwargs", "second", "broken", "detail", "exit_code"), FAULTS
)
def test_registry_fault(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    registry: Any,
    helper: str,
    prefix: str,
    kwargs: dict[str, Any],
    second: str,
    broken: str,
    detail: str | None,
    exit_code: int,
) -> None:
    (tmp_path / "asrefs.toml").write_text(FAST_RETRIES, encoding="utf-8")
    other = REF5_PMID if second == "pmid" else REF5_PMCID
    (tmp_path / "a.md").write_text(two_refs(REF1, other), encoding="utf-8")
    args = dict(kwargs)
    if helper == "status":
        registry.faults.status(prefix, args.pop("code"), times=50, **args)
    else:
        getattr(registry.faults, helper)(prefix, times=50, **args)
    start = time.monotonic()
    code, out, err = run(
        capsys, "verify", "--format", "json", *server_args(registry, tmp_path), "--timeout", "1",
        "a.md",
    )  # fmt: skip
    assert time.monotonic() - start < 20
    assert err == ""
    refs = refs_of(report_of(out))
    doi_ref, other_ref = refs[1], refs[2]
    if detail is None:  # the payload was usable: both references verified
        assert (doi_ref["status"], other_ref["status"]) == ("verified", "verified")
    elif broken == "crossref":  # reference 1 could not be checked against Crossref
        failed = lookup(doi_ref, "crossref")
        assert failed["problem"] == "unavailable" and detail in failed["detail"]
        assert lookup(doi_ref, "pubmed")["found"]  # PubMed still answered for it
        assert other_ref["status"] == "verified"
    else:  # reference 2 could not be checked; reference 1 was, against Crossref
        assert (other_ref["status"], other_ref["problem"]) == ("unresolved", "unavailable")
        failed = lookup(other_ref, broken)
        assert failed["problem"] == "unavailable" and detail in (failed["detail"] or "")
        assert doi_ref["status"] == "verified" and lookup(doi_ref, "crossref")["found"]
    assert "root:" not in out  # the external entity on /etc/passwd was never read
    assert code == exit_code


def test_a_429_storm_is_bounded_and_honours_retry_after(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, registry: Any
) -> None:
    (tmp_path / "asrefs.toml").write_text("max-attempts = 3\nbackoff = 0.01\n", encoding="utf-8")
    (tmp_path / "a.md").write_text(two_refs(REF1, REF5_PMID), encoding="utf-8")
    registry.faults.rate_limited("/crossref/works", retry_after="1", times=500)
    code, out, err = run(
        capsys, "verify", "--format", "json", *server_args(registry, tmp_path), "a.md"
    )
    assert (code, err) == (3, "")
    hits = [r.time for r in registry.requests if r.path == "/crossref/works"]
    assert len(hits) == 3  # max-attempts, then given up
    assert all(b - a >= 0.95 for a, b in itertools.pairwise(hits))  # Retry-After: 1
    refs = refs_of(report_of(out))
    assert lookup(refs[1], "crossref")["detail"] == "Crossref: rate limited (HTTP 429)"
    assert refs[2]["status"] == "verified"


def test_the_run_deadline_ends_a_run_against_a_dead_registry(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, registry: Any
) -> None:
    (tmp_path / "asrefs.toml").write_text("max-attempts = 100\nbackoff = 0.2\n", encoding="utf-8")
    (tmp_path / "a.md").write_text(two_refs(REF1, REF5_PMID), encoding="utf-8")
    registry.faults.status("/crossref", 503, times=1000)
    registry.faults.status("/eutils", 503, times=1000)
    start = time.monotonic()
    code, out, err = run(
        capsys, "verify", "--format", "json", *server_args(registry, tmp_path),
        "--deadline", "1.5", "a.md",
    )  # fmt: skip
    assert time.monotonic() - start < 8
    assert (code, err) == (3, "")
    refs = refs_of(report_of(out))
    assert [(r["status"], r["problem"]) for r in refs.values()] == [
        ("unresolved", "unavailable")
    ] * 2


# ================================================================================== cache


def _fill(capsys: pytest.CaptureFixture[str], registry: Any, tmp_path: Path) -> Path:
    """Run once to fill the cache; the path of reference 1's Crossref entry."""
    from asrefs.resolve.cache import Cache

    (tmp_path / "a.md").write_text(two_refs(REF1, REF5_PMID), encoding="utf-8")
    (tmp_path / "c" / "crossref" / "work").mkdir(parents=True)  # the per-record JSON layout
    assert run(capsys, "verify", "-q", *server_args(registry, tmp_path), "a.md")[0] == 0
    path = Cache(tmp_path / "c").path_for("crossref", "work", DOI1)
    assert path.is_file()
    return path


CORRUPTIONS = [
    pytest.param(lambda good: good[: len(good) // 2], "Unterminated string", id="truncated"),
    pytest.param(lambda good: b"\xff\xfe\x00\x81garbage", "not UTF-8", id="not-utf-8"),
    pytest.param(lambda good: b"", "Expecting value", id="empty"),
    pytest.param(lambda good: b"[1, 2]", "not an asrefs cache entry", id="not-an-object"),
    pytest.param(
        lambda good: json.dumps({**json.loads(good), "fetched": 5}).encode(),
        "fetched is not a string", id="wrong-types",
    ),
    pytest.param(
        lambda good: json.dumps({**json.loads(good), "payload": None}).encode(),
        "payload is not a string", id="null-payload",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("corrupt", "reason"), CORRUPTIONS)
def test_corrupt_cache_entry_is_warned_about_and_fetched_again(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    registry: Any,
    corrupt: Callable[[bytes], bytes],
    reason: str,
) -> None:
    path = _fill(capsys, registry, tmp_path)
    path.write_bytes(corrupt(path.read_bytes()))
    registry.requests.clear()
    code, out, err = run(
        capsys, "verify", "--format", "json", *server_args(registry, tmp_path), "a.md"
    )
    assert code == 0
    assert re.fullmatch(
        rf"asrefs: warning: ignoring corrupt cache entry {re.escape(str(path))} "
        rf"\([^\n]*{re.escape(reason)}[^\n]*\); it will be fetched again\n",
        err,
    ), err
    assert registry.requests.count("/crossref/works") == 1  # fetched again
    assert json.loads(path.read_text(encoding="utf-8"))["key"] == DOI1  # and rewritten whole
    assert [r["status"] for r in report_of(out)["references"]] == ["verified", "verified"]


def test_corrupt_cache_entry_offline_is_not_cached(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, registry: Any
) -> None:
    path = _fill(capsys, registry, tmp_path)
    path.write_text("{", encoding="utf-8")
    code, out, err = run(
        capsys, "verify", "--offline", "--cache-dir", str(tmp_path / "c"), "--format", "json",
        "a.md",
    )  # fmt: skip
    assert code == 3 and err.startswith("asrefs: warning: ignoring corrupt cache entry")
    assert len(err.splitlines()) == 1
    crossref = lookup(refs_of(report_of(out))[1], "crossref")
    assert crossref["problem"] == "not-cached"


def test_cache_folder_that_cannot_be_created_warns_once(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, registry: Any
) -> None:
    (tmp_path / "blocker").write_text("a file where the cache's parent folder should be")
    (tmp_path / "a.md").write_text(two_refs(REF1, REF5_PMID), encoding="utf-8")
    args = [*server_args(registry, tmp_path), "--cache-dir", str(tmp_path / "blocker" / "c")]
    code, out, err = run(capsys, "verify", "--format", "json", *args, "a.md")
    assert code == 0
    assert err == (
        f"asrefs: warning: cannot write to the cache folder {tmp_path / 'blocker' / 'c'} "
        "(Not a directory); results are not cached\n"
    )
    assert [r["status"] for r in report_of(out)["references"]] == ["verified", "verified"]


def test_read_only_cache_folder_as_an_unprivileged_user(
    capsys: pytest.CaptureFixture[str], shared_dir: Path, registry: Any
) -> None:
    prefix = _unprivileged()
    cache = shared_dir / "c"
    (shared_dir / "one.md").write_text(two_refs(REF1, REF1), encoding="utf-8")
    (shared_dir / "a.md").write_text(two_refs(REF1, REF5_PMID), encoding="utf-8")
    args = [*server_args(registry, shared_dir), "--cache-dir", str(cache)]
    assert main(["verify", "-q", *args, str(shared_dir / "one.md")]) == 0  # cache reference 1
    capsys.readouterr()
    for p in [cache, *cache.rglob("*")]:
        p.chmod(0o555 if p.is_dir() else 0o444)
    before = {p: p.read_bytes() for p in files_under(cache)}
    proc = subprocess.run(
        [*prefix, sys.executable, "-m", "asrefs", "verify", "--format", "json", *args, "a.md"],
        capture_output=True, text=True, timeout=120, cwd=shared_dir,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == (
        f"asrefs: warning: cannot write to the cache database {cache / 'asrefs.sqlite3'} "
        "(attempt to write a readonly database); results are not cached\n"
    )
    assert [r["status"] for r in json.loads(proc.stdout)["references"]] == ["verified"] * 2
    assert {p: p.read_bytes() for p in files_under(cache)} == before


@contextlib.contextmanager
def tiny_tmpfs(where: Path) -> Iterator[Path]:
    """A 64 KiB tmpfs at ``where``, filled up; skips when it cannot be mounted."""
    where.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a tmpfs needs root")
    proc = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(where)],
        capture_output=True, timeout=30,
    )  # fmt: skip
    if proc.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {proc.stderr.decode(errors='replace').strip()}")
    try:
        with contextlib.suppress(OSError), (where / "filler").open("wb") as fh:
            fh.write(bytes(128 * 1024))
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True, timeout=30)


def test_full_disk_under_the_cache_is_one_error_line_and_the_run_goes_on(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, registry: Any
) -> None:
    (tmp_path / "a.md").write_text(two_refs(REF1, REF5_PMID), encoding="utf-8")
    with tiny_tmpfs(tmp_path / "disk") as disk:
        args = [*server_args(registry, tmp_path), "--cache-dir", str(disk / "c")]
        code, out, err = run(capsys, "verify", "--format", "json", *args, "a.md")
        assert not [p for p in disk.rglob(".tmp-*")]  # no half-written entry left behind
    assert code == 0
    assert err == (
        f"asrefs: error: the disk holding the cache folder {disk / 'c'} is full; "
        "results are not cached\n"
    )
    assert [r["status"] for r in report_of(out)["references"]] == ["verified", "verified"]


def _limit_file_size(limit: int) -> Callable[[], None]:
    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def test_file_size_limit_under_the_cache_warns_once_and_the_run_goes_on(
    tmp_path: Path, registry: Any
) -> None:
    """The full-disk case where no tmpfs can be mounted: every cache write fails."""
    (tmp_path / "a.md").write_text(two_refs(REF1, REF5_PMID), encoding="utf-8")
    proc = _asrefs(
        "verify", "--format", "json", *server_args(registry, tmp_path), "a.md",
        cwd=tmp_path, preexec_fn=_limit_file_size(512),
    )  # fmt: skip
    assert proc.returncode == 0
    assert proc.stderr == (
        "asrefs: warning: cannot write to the cache database "
        f"{tmp_path / 'c' / 'asrefs.sqlite3'} (disk I/O error); results are not cached\n"
    )
    assert [r["status"] for r in json.loads(proc.stdout)["references"]] == ["verified"] * 2
    assert not list((tmp_path / "c").rglob(".tmp-*"))


def test_cache_commands_on_a_damaged_cache(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, registry: Any
) -> None:
    path = _fill(capsys, registry, tmp_path)
    path.write_text("{", encoding="utf-8")  # a corrupt entry
    (path.parent / "folder.json").mkdir()  # a folder where an entry would be
    cache = ["--cache-dir", str(tmp_path / "c")]
    code, out, err = run(capsys, "cache", "stats", *cache)
    assert (code, err) == (0, "") and json.loads(out)["corrupt"] == 1
    code, out, err = run(capsys, "cache", "prune", *cache)
    assert (code, err) == (0, "") and out.startswith("removed 1 stale or corrupt entry from")
    code, out, err = run(capsys, "cache", "clear", *cache)
    assert (code, err) == (0, "") and out.startswith("removed 3 entries")
    assert (path.parent / "folder.json").is_dir()


def test_clearing_a_read_only_cache_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], shared_dir: Path, registry: Any
) -> None:
    prefix = _unprivileged()
    cache = shared_dir / "c"
    (cache / "crossref" / "work").mkdir(parents=True)  # the per-record JSON layout
    (shared_dir / "a.md").write_text(two_refs(REF1, REF5_PMID), encoding="utf-8")
    args = [*server_args(registry, shared_dir), "--cache-dir", str(cache)]
    assert main(["verify", "-q", *args, str(shared_dir / "a.md")]) == 0
    capsys.readouterr()
    for p in [cache, *cache.rglob("*")]:
        p.chmod(0o555 if p.is_dir() else 0o444)
    first = min(files_under(cache))
    proc = subprocess.run(
        [*prefix, sys.executable, "-m", "asrefs", "cache", "clear", "--cache-dir", str(cache)],
        capture_output=True, text=True, timeout=60, cwd=shared_dir,
    )  # fmt: skip
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr == f"asrefs: error: cannot remove {first}: Permission denied\n"
    assert first.is_file()


# ================================================================================ outputs


def test_bibtex_injection_in_a_registry_title_is_inert(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, registry: Any
) -> None:
    from test_bibliography import (
        _ALLOWED_ESCAPES,
        INJECTION_TITLE,
        _balanced,
        _fields_bibtexparser,
        _fields_pybtex,
    )

    doi = "10.5555/asrefs.injection"
    work = {**registry.store.get_work(DOI1), "DOI": doi, "title": [INJECTION_TITLE]}
    registry.store.add_crossref_work(work)
    (tmp_path / "a.md").write_text(
        two_refs(f"Zeng L. Evil. Stem Cell Res Ther 16, 65 (2025). doi:{doi}", REF5_PMID),
        encoding="utf-8",
    )
    code, out, err = run(capsys, "bib", *server_args(registry, tmp_path), "a.md")
    assert (code, err) == (0, "")
    assert _balanced(out)
    for parse in (_fields_pybtex, _fields_bibtexparser):
        entries = parse(out)
        assert len(entries) == 2  # nothing in the title opened or closed an entry
        (title,) = (f["title"] for f in entries.values() if f.get("doi") == doi)
        assert _balanced(title) and "\\" not in _ALLOWED_ESCAPES.sub("", title)
        assert r"\input{" not in title


OVER_INPUT = [
    pytest.param(["verify", "--offline", "--cache-dir", str(CACHE)], id="verify"),
    pytest.param(["bib", "--offline", "--cache-dir", str(CACHE)], id="bib"),
    pytest.param(["parse"], id="parse"),
]


@pytest.mark.parametrize("command", OVER_INPUT)
@pytest.mark.parametrize("target", ["same-path", "symlink"])
def test_output_over_the_input_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, command: list[str], target: str
) -> None:
    article = tmp_path / "a.md"
    article.write_text(zh_article(), encoding="utf-8")
    before = article.read_bytes()
    output = "a.md"
    if target == "symlink":
        (tmp_path / "link.md").symlink_to(article)
        output = "link.md"
    code, out, err = run(capsys, *command, "-o", output, "a.md")
    assert (code, out) == (2, "")
    assert err == f"asrefs: error: {output}: refusing to write the output over an input file\n"
    assert article.read_bytes() == before


def test_a_failed_write_keeps_the_old_output(tmp_path: Path) -> None:
    """The new report cannot be written whole (the file-size limit stands for a full disk):
    exit 2 with one line, the old report untouched, no temporary file left."""
    (tmp_path / "a.md").write_text(zh_article(), encoding="utf-8")
    (tmp_path / "report.json").write_text("the old report\n", encoding="utf-8")
    proc = _asrefs(
        "verify", "--offline", "--cache-dir", str(CACHE), "--format", "json",
        "-o", "report.json", "a.md", cwd=tmp_path, preexec_fn=_limit_file_size(1024),
    )  # fmt: skip
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr == "asrefs: error: report.json: cannot write: File too large\n"
    assert (tmp_path / "report.json").read_text(encoding="utf-8") == "the old report\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md", "report.json"]


KILLED_MID_WRITE = """
import os, signal, sys
from asrefs.resolve import cache
def die(fd):
    os.kill(os.getpid(), signal.SIGKILL)  # the data is written, the rename not yet done
cache.os.fsync = die
from asrefs.cli.main import main
sys.exit(main(sys.argv[1:]))
"""


def test_a_process_killed_mid_write_leaves_the_old_output(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(zh_article(), encoding="utf-8")
    (tmp_path / "report.txt").write_text("the old report\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-c", KILLED_MID_WRITE, "verify", "--offline", "--cache-dir", str(CACHE),
         "-o", "report.txt", "a.md"],
        capture_output=True, text=True, timeout=60, cwd=tmp_path,
    )  # fmt: skip
    assert proc.returncode == -signal.SIGKILL
    assert (tmp_path / "report.txt").read_text(encoding="utf-8") == "the old report\n"


def test_a_reader_that_goes_away_ends_the_run_quietly(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(zh_article(), encoding="utf-8")
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before anything is written (| head -0)
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "asrefs", "verify", "--offline", "--cache-dir", str(CACHE),
             "a.md"],
            stdout=write_end, stderr=subprocess.PIPE, text=True, timeout=60, cwd=tmp_path,
        )  # fmt: skip
    finally:
        os.close(write_end)
    assert (proc.returncode, proc.stderr) == (141, "")


# =============================================================================== settings

BAD_SETTINGS = [
    pytest.param(["--timeout", "0"], "", "--timeout must be more than 0", id="cli-timeout-0"),
    pytest.param(["--timeout", "nan"], "", "--timeout must be a finite number",
                 id="cli-timeout-nan"),
    pytest.param(["--deadline", "-1"], "", "--deadline must be at least 0",
                 id="cli-negative-deadline"),
    pytest.param(["--batch-size", "5000"], "", "--batch-size must be at most 1000",
                 id="cli-batch-size-too-large"),
    pytest.param([], "max-attempts = 0\n",
                 "{config}: bad value for max-attempts: must be at least 1",
                 id="config-max-attempts-0"),
    pytest.param([], "backoff = -1\n", "{config}: bad value for backoff: must be at least 0",
                 id="config-negative-backoff"),
    pytest.param([], 'timeout = "soon"\n',
                 "{config}: bad value for timeout: could not convert string to float: 'soon'",
                 id="config-timeout-not-a-number"),
    pytest.param([], '[[accept]]\ncode = "title-variant"\ndoi = "10.1234/x"\nreason = "r"\n'
                 '[[accept]]\ncode = "titel-variant"\ndoi = "10.1234/x"\nreason = "r"\n',
                 "{config}: bad value for accept: entry 2: unknown finding code 'titel-variant' "
                 "(did you mean 'title-variant'?)", id="config-accept-misspelt-code"),
    pytest.param([], '[[accept]]\ncode = "no-such-code"\ndoi = "10.1234/x"\nreason = "r"\n',
                 "{config}: bad value for accept: entry 1: unknown finding code 'no-such-code'",
                 id="config-accept-unknown-code"),
    pytest.param([], '[[accept]]\ncode = "title-variant"\ndoi = "not a doi"\nreason = "r"\n',
                 "{config}: bad value for accept: entry 1 (title-variant): 'not a doi' is not "
                 "a DOI",
                 id="config-accept-bad-doi"),
    pytest.param([], '[[accept]]\ncode = "title-variant"\npmdi = "40160686"\nreason = "r"\n',
                 "{config}: bad value for accept: entry 1 (title-variant): unknown key 'pmdi'",
                 id="config-accept-unknown-key"),
    pytest.param([], '[severity]\n"titel-variant" = "ignore"\n',
                 "{config}: bad value for severity: unknown finding code 'titel-variant' "
                 "(did you mean 'title-variant'?)", id="config-severity-misspelt-code"),
    pytest.param([], '[severity]\n"title-variant" = "fatal"\n',
                 "{config}: bad value for severity: title-variant: 'fatal' is not one of error, "
                 "warning, info, ignore", id="config-severity-unknown-level"),
    pytest.param([], 'severity = "ignore"\n',
                 '{config}: bad value for severity: must be a table of finding codes, such as '
                 '"title-variant" = "ignore"', id="config-severity-not-a-table"),
    pytest.param(["--ignore", "titel-variant"], "",
                 "--ignore: unknown finding code 'titel-variant' (did you mean 'title-variant'?)",
                 id="cli-ignore-misspelt-code"),
]  # fmt: skip


@pytest.mark.parametrize(("argv", "config", "message"), BAD_SETTINGS)
def test_bad_setting_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    argv: list[str],
    config: str,
    message: str,
) -> None:
    if config:
        (tmp_path / "asrefs.toml").write_text(config, encoding="utf-8")
    (tmp_path / "a.md").write_text(zh_article(), encoding="utf-8")
    code, out, err = run(capsys, "verify", *argv, "a.md")
    expected = message.format(config=tmp_path.resolve() / "asrefs.toml")
    assert (code, out, err) == (2, "", f"asrefs: error: {expected}\n")


# ================================================================================ fuzzing

_PIECES = (
    *"[]［］()（）0123456789１２,.;:-–\n\r\t \x00。，、《》“”\"'<>{}\\%#^*_",
    *("References\n", "参考文献\n", "## ", "[1] ", "[2] ", "1. ", "doi:", "10.1186/",
      "10.1000/../../", "https://doi.org/", "%2F", "PMID: ", "PMC", "PMCID: ", "et al.",
      "Zeng L", " 2025;16:65. ", "Stem Cell Res Ther", "年", "月", "日", "发表", "<sup>",
      "</sup>", "\ufeff", "\u202e", "é", "ß", "𝔘"),
)  # fmt: skip
ARTICLE_TEXT = st.one_of(
    st.lists(st.sampled_from(_PIECES), max_size=120).map("".join),
    st.text(max_size=400),
)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=ARTICLE_TEXT, as_bytes=st.binary(max_size=64), use_bytes=st.booleans())
def test_verify_offline_on_any_text_ends_with_a_documented_status(
    text: str, as_bytes: bytes, use_bytes: bool
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "a.md"
        path.write_bytes(as_bytes if use_bytes else text.encode("utf-8", "surrogatepass"))
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["verify", "--offline", "--cache-dir", str(Path(folder) / "c"), str(path)])
    assert code in (0, 1, 2, 3), err.getvalue()
    assert "Traceback" not in err.getvalue() and "internal error" not in err.getvalue()
    if code == 2:
        assert err.getvalue().count("\n") == 1 and out.getvalue() == ""


@settings(max_examples=100, deadline=None)
@given(text=ARTICLE_TEXT)
def test_claims_extraction_is_deterministic_and_idempotent(text: str) -> None:
    from asrefs.claims import extract_claims, find_markers
    from asrefs.models import Article
    from asrefs.read.text import normalise_text

    once = normalise_text(text)
    assert normalise_text(once) == once  # normalising is idempotent
    article = Article("a.md", once, "utf-8")
    markers = find_markers(article, None, {"zeng-2025": 1}, max_ref=7)
    claims = extract_claims(article, markers, None)
    assert find_markers(article, None, {"zeng-2025": 1}, max_ref=7) == markers
    assert extract_claims(article, markers, None) == claims
    # an article whose text is already normal gives the same markers read either way
    if once == text:
        raw = Article("a.md", text, "utf-8")
        assert find_markers(raw, None, {"zeng-2025": 1}, max_ref=7) == markers


# ============================================================================ the document

ELSEWHERE = {
    "tests/test_cache.py": (
        "test_two_processes_writing_the_same_entry_leave_a_valid_file",
        "test_no_key_escapes_the_cache_folder",
    ),
    "tests/test_bibliography.py": (
        "test_injection_is_inert_and_balanced",
        "test_any_text_parses_back_balanced_and_inert",
    ),
    "tests/test_references.py": (
        "test_parse_references_never_raises",
        "test_a_bullet_starts_an_unnumbered_entry_and_is_not_part_of_it",
    ),
    "tests/test_markdown.py": (
        "test_emphasis_is_not_printed_in_the_entry",
        "test_a_txt_file_is_plain_text_markup_and_all",
        "test_a_bulleted_list_parses_like_an_unbulleted_one",
        "test_bulleted_items_in_the_body_stay_apart",
        "test_lazy_list_numbers_are_the_numbers_the_page_shows",
        "test_an_item_that_prints_its_own_number_keeps_it",
        "test_a_link_target_is_a_printed_identifier",
        "test_a_linked_title_keeps_its_text_and_gives_its_identifier",
        "test_a_wrong_volume_in_an_entry_ending_with_a_link_is_caught",
        "test_lines_are_the_files_lines",
        "test_a_list_with_a_rule_right_under_it_is_not_a_heading",
        "test_citation_markers_and_numbered_link_definitions",
    ),
    "tests/test_identifiers.py": (
        "test_normalize_doi_is_idempotent",
        "test_normalize_doi_is_idempotent_on_doi_like_text",
    ),
    "tests/test_claims.py": ("test_never_raises",),
    "tests/test_resolve.py": ("test_a_hostile_doi_stays_inside_the_cache_folder",),
}


def _matrix_tests() -> set[str]:
    """Every test of this module as ``name[id]`` (one per parameter set), or ``name``."""
    names: set[str] = set()
    for name, fn in sorted(globals().items()):
        if not name.startswith("test_") or name == "test_the_matrix_document_and_the_tests_agree":
            continue
        ids: list[list[str]] = []
        for mark in getattr(fn, "pytestmark", []):
            if mark.name == "parametrize":
                values = mark.args[1]
                ids.append(
                    [str(v.id) if isinstance(v, ParameterSet) and v.id else str(v) for v in values]
                )
        combos = [""]
        for group in ids:  # the outermost decorator's id comes first, as pytest makes them
            combos = [f"{c}-{i}" if c else i for c in combos for i in group]
        names.update(f"{name}[{c}]" if c else name for c in combos)
    return names


def test_the_matrix_document_and_the_tests_agree() -> None:
    text = DOC.read_text(encoding="utf-8")
    rows = [line for line in text.splitlines() if line.startswith("| ") and "`test_" in line]
    here = re.compile(r"`(test_[a-z0-9_]+(?:\[[^\]`]+\])?)`")
    there = re.compile(r"`(tests/test_[a-z_]+\.py)::(test_[a-z0-9_]+)`")
    named = {m.group(1) for row in rows for m in here.finditer(row)}
    for row in rows:
        assert here.search(row) or there.search(row), row
        for m in there.finditer(row):
            source = (REPO / m.group(1)).read_text(encoding="utf-8")
            assert f"def {m.group(2)}(" in source, m.group(0)
    tests = _matrix_tests()
    assert sorted(named - tests) == [], "rows naming no test of tests/test_robustness.py"
    assert sorted(tests - named) == [], "tests of tests/test_robustness.py not in the document"
    cases = re.search(r"(\d+) cases", text)
    assert cases is not None and int(cases.group(1)) == len(tests)
    for file, functions in ELSEWHERE.items():
        for function in functions:
            assert f"`{file}::{function}`" in text, function
