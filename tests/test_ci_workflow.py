"""The CI example a user copies (examples/ci/asrefs.yml) passes actionlint (syntax,
expressions, contexts) and zizmor (GitHub Actions security: unpinned actions, persisted
credentials, template injection), and keys its cache on every kind of article."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from conftest import REPO

WORKFLOW = REPO / "examples" / "ci" / "asrefs.yml"


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed (pip install '.[test]' brings it on Linux)")
    return path


def test_actionlint_accepts_the_workflow() -> None:
    run = subprocess.run(
        [_tool("actionlint"), "-no-color", str(WORKFLOW)], capture_output=True, text=True
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_actionlint_rejects_a_broken_workflow(tmp_path: pytest.TempPathFactory) -> None:
    """The linter really reads the file: an undefined context is an error."""
    broken = WORKFLOW.read_text(encoding="utf-8").replace("runner.os", "runnr.os", 1)
    target = tmp_path / "broken.yml"  # type: ignore[operator]
    target.write_text(broken, encoding="utf-8")
    run = subprocess.run([_tool("actionlint"), "-no-color", str(target)], capture_output=True)
    assert run.returncode != 0


def test_zizmor_finds_nothing_to_fix() -> None:
    run = subprocess.run(
        [_tool("zizmor"), "--offline", "--no-progress", str(WORKFLOW)],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_actions_are_pinned_and_credentials_not_kept() -> None:
    text = WORKFLOW.read_text(encoding="utf-8")
    uses = re.findall(r"uses:\s*(\S+)", text)
    assert uses and all(re.search(r"@[0-9a-f]{40}$", u) for u in uses), uses
    assert "persist-credentials: false" in text
    assert "pip install asrefs\n" not in text  # no package of that name is published


def test_cache_key_covers_every_article_kind() -> None:
    """A changed Word, HTML, LaTeX or BibTeX article changes the key, not only Markdown."""
    from asrefs.read import ARTICLE_SUFFIXES

    key = next(line for line in WORKFLOW.read_text().splitlines() if "hashFiles(" in line)
    for suffix in (".md", ".markdown", ".txt", ".html", ".docx", ".tex", ".bib"):
        assert suffix in ARTICLE_SUFFIXES or suffix in (".tex", ".bib")
        assert f"'**/*{suffix}'" in key, suffix
