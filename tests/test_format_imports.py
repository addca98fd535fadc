"""The layers hold: a report format reads only the Report (models), the catalogue
(i18n), the finding codes and the formats' own helpers, never the stages that made it.

Each module is imported in a fresh interpreter, so that what it pulls in is its own doing
and not left over from another test. (Importing a module of formats/html/ imports the
whole package first, so the package stands for its modules.)
"""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys

import pytest

import asrefs.formats

# The stages before the report, and the HTTP stack they use.
FORBIDDEN = (
    "asrefs.checks",
    "asrefs.claims",
    "asrefs.cli",
    "asrefs.export",
    "asrefs.http",
    "asrefs.parse",
    "asrefs.pipeline",
    "asrefs.read",
    "asrefs.registries",
    "asrefs.resolve",
    "requests",
)
FORMAT_MODULES = sorted(
    m.name for m in pkgutil.iter_modules(asrefs.formats.__path__, "asrefs.formats.")
)


def _loaded_by(module: str) -> list[str]:
    code = f"import json, sys\nimport {module}\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    loaded: list[str] = json.loads(out.stdout)
    return loaded


def test_every_format_module_is_checked() -> None:
    for name in ("text", "json_report", "markdown", "github", "sarif", "html", "diff"):
        assert f"asrefs.formats.{name}" in FORMAT_MODULES


@pytest.mark.parametrize("module", ["asrefs.formats", *FORMAT_MODULES])
def test_a_format_loads_no_stage_before_the_report(module: str) -> None:
    loaded = _loaded_by(module)
    wrong = [m for m in loaded if any(m == f or m.startswith(f + ".") for f in FORBIDDEN)]
    assert wrong == [], f"importing {module} loads {wrong}"
