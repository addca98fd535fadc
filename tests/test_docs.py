"""README.md stays true to the code: its finding-codes table equals asrefs.codes.CODES,
its usage and options name every flag of ``asrefs verify``, and it documents the
severity policy."""

from __future__ import annotations

import argparse
import re

import pytest

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


def test_readme_command_reference_equals_every_commands_help() -> None:
    """README.md's command reference is ``asrefs --help`` and each subcommand's
    ``--help``, exactly (``python scripts/cli_reference.py`` rewrites it)."""
    import runpy

    tool = runpy.run_path(str(REPO / "scripts" / "cli_reference.py"))
    start, end = README.index(tool["START"]), README.index(tool["END"]) + len(tool["END"])
    generated = tool["reference"]()
    assert "asrefs cache --help" in generated and "asrefs resolve --help" in generated
    assert README[start:end] == generated


def test_readme_library_example_runs(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The README's library example runs as printed, from the repository's folder, and
    says what the command line says about the sample."""
    block = _section("## Library", "## Command reference")
    code = block[block.index("```python\n") + 10 : block.index("\n```", block.index("```python"))]
    monkeypatch.chdir(REPO)
    exec(compile(code, "README.md", "exec"), {})
    out = capsys.readouterr().out
    assert out.startswith("7 references, 3 resolved\n")
    assert "info title-variant [2]" in out
    assert out.endswith("exit status 3\n")


def test_help_shows_the_library_api() -> None:
    import pydoc

    import asrefs

    text = pydoc.render_doc(asrefs, renderer=pydoc.plaintext)
    for name in ("verify", "parse_article", "check", "bibliography", "resolve_ids", "render"):
        assert f"\n    {name}(" in text, name
    # every public name is declared once for lazy loading and resolves to a real object
    assert sorted(asrefs.__all__) == sorted(["__version__", *asrefs._EXPORTS])
    for name in asrefs.__all__:
        assert getattr(asrefs, name) is not None, name
