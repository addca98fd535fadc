#!/usr/bin/env python3
"""Keep the message catalogue in step with the code, with Babel's ``pybabel``.

    python scripts/catalogue.py            extract the ids the code marks, merge them into
                                           each language's .po, compile the .mo
    python scripts/catalogue.py compile    only compile the .po files to .mo

A message's id is its gettext context (``msgctxt``) and its English text the ``msgid``;
the markers are ``msg``/``msg_n`` (finding messages), ``N_``/``Np_`` (the report's words)
and ``Code`` (a finding code's title).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "src" / "asrefs" / "locale"
DOMAIN = "asrefs"
KEYWORD_ARGS = ["msg:1c,2", "msg_n:1c,2,3", "N_:1c,2", "Np_:1c,2,3", "Code:1c,4"]


def pybabel(*args: str) -> None:
    from babel.messages.frontend import CommandLineInterface

    CommandLineInterface().run(["pybabel", "-q", *args])


def extract(template: Path) -> None:
    """Write the template (.pot) of every message the code marks."""
    keywords = [arg for k in KEYWORD_ARGS for arg in ("-k", k)]
    pybabel(
        "extract", "-F", str(ROOT / "babel.cfg"), "--no-default-keywords", *keywords,
        "--no-location", "--project", "asrefs", "--copyright-holder", "The asrefs authors",
        "-o", str(template), str(ROOT),
    )  # fmt: skip


def update(template: Path) -> None:
    """Merge the template into each language's .po (new ids untranslated, gone ids dropped)."""
    pybabel(
        "update", "-D", DOMAIN, "-d", str(LOCALE), "-i", str(template),
        "--no-fuzzy-matching", "--ignore-obsolete",
    )  # fmt: skip


def compile_catalogues() -> None:
    pybabel("compile", "-D", DOMAIN, "-d", str(LOCALE), "--statistics")


def main(argv: list[str]) -> int:
    if argv[:1] != ["compile"]:
        with tempfile.TemporaryDirectory() as tmp:
            template = Path(tmp) / f"{DOMAIN}.pot"
            extract(template)
            update(template)
    compile_catalogues()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
