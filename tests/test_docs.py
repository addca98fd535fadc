"""README.md stays true to the code: its finding-codes table equals asrefs.codes.CODES,
its usage and options name every flag of ``asrefs verify``, and it documents the
severity policy."""

from __future__ import annotations

import argparse
import re

from asrefs.cli.main import build_parser
from asrefs.codes import CODES
from conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def codes_table_rows() -> list[str]:
    """The table rows README.md must hold, generated from CODES."""
    return [
        f"| `{c.code}` | {c.severity.value} | {c.origin.value} | {c.meaning} |"
        for c in CODES.values()
    ]


def _section(start: str, end: str) -> str:
    i = README.index(start)
    return README[i : README.index(end, i)]


def test_readme_codes_table_equals_codes() -> None:
    table = _section("<!-- codes-table", "<!-- end codes-table -->")
    rows = [line for line in table.splitlines() if line.startswith("| `")]
    assert rows == codes_table_rows()


def _verify_parser() -> argparse.ArgumentParser:
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    verify = sub.choices["verify"]
    assert isinstance(verify, argparse.ArgumentParser)
    return verify


def _documented(flag: str) -> bool:
    return re.search(rf"`{re.escape(flag)}[ `=]", README) is not None


def test_readme_mentions_every_verify_flag() -> None:
    """Each option of ``asrefs verify --help`` is named in README.md (in one of its
    spellings: ``-o`` documents ``-o/--output``)."""
    actions = [a for a in _verify_parser()._actions if a.option_strings and a.dest != "help"]
    assert actions
    missing = [
        "/".join(a.option_strings)
        for a in actions
        if not any(_documented(flag) for flag in a.option_strings)
    ]
    assert not missing, f"README.md does not document {missing}"


def test_readme_documents_the_severity_policy() -> None:
    start = README.index("## Severity policy")
    nxt = README.find("\n## ", start + 1)
    section = README[start : nxt if nxt > 0 else len(README)]
    for word in ("error", "warning", "info", "--fail-on", "never", "accept", "reason"):
        assert word in section, word
    # every error and warning code is named where the policy explains the levels
    for code in CODES.values():
        if code.severity.value == "error":
            assert f"`{code.code}`" in section, code.code
