"""The message catalogue: every id the code marks is in every language's .po, translated,
with the same fields as its English; the committed .mo is the .po compiled; a finding
given only as English text (the old call form) falls back to it, and the checks that
still build one are listed."""

from __future__ import annotations

import ast
import io
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po

from asrefs.codes import CODES, make_finding, msg, msg_n
from asrefs.i18n import code_title, finding_message, message_line
from asrefs.messages import LOCALE_DIR, catalogue, catalogue_path, fields
from conftest import REPO, load_script

CATALOGUE = load_script("scripts/catalogue.py")
LANGUAGES = sorted(p.name for p in LOCALE_DIR.iterdir() if p.is_dir())
CJK = re.compile(r"[\u4e00-\u9fff]")


def _po(lang: str):  # type: ignore[no-untyped-def]
    path = LOCALE_DIR / lang / "LC_MESSAGES" / "asrefs.po"
    with path.open("rb") as fh:
        return read_po(fh)


def _extracted() -> dict[str, tuple[str, ...]]:
    """Every id the code marks, with its English (singular, plural), as pybabel extracts."""
    keywords = {}
    for spec in CATALOGUE.KEYWORD_ARGS:
        name, _colon, args = spec.partition(":")
        keywords[name] = tuple(
            (int(a[:-1]), "c") if a.endswith("c") else int(a) for a in args.split(",")
        )
    out: dict[str, tuple[str, ...]] = {}
    for _file, _line, message, _comments, context in extract_from_dir(
        str(REPO / "src"), method_map=[("asrefs/**.py", "python")], keywords=keywords
    ):
        english = message if isinstance(message, tuple) else (message,)
        assert context, f"a message without an id: {english}"
        assert out.setdefault(context, english) == english, f"{context} has two English texts"
        out[context] = english
    return out


def test_there_is_a_chinese_catalogue() -> None:
    assert "zh" in LANGUAGES
    assert _po("zh").plural_forms == "nplurals=1; plural=0;"


def test_every_id_in_the_code_is_in_every_catalogue_with_its_english() -> None:
    code = _extracted()
    assert len(code) > 250  # the report's words, the code titles and the finding messages
    assert set(CODES) <= set(code)
    for lang in LANGUAGES:
        po = {m.context: m for m in _po(lang) if m.id}
        assert sorted(set(code) - set(po)) == [], f"{lang}: ids missing from the catalogue"
        assert sorted(set(po) - set(code)) == [], f"{lang}: ids no code uses"
        for id, english in code.items():
            held = po[id].id if isinstance(po[id].id, tuple) else (po[id].id,)
            assert held == english, f"{lang}: {id}: run scripts/catalogue.py"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_id_is_translated_with_the_same_fields(lang: str) -> None:
    po = _po(lang)
    for m in po:
        if not m.id:
            continue
        english = m.id if isinstance(m.id, tuple) else (m.id,)
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        assert len(strings) == po.num_plurals if isinstance(m.id, tuple) else 1, m.context
        assert all(strings), f"{lang}: {m.context} is not translated"
        want = set().union(*map(fields, english))
        for text in strings:
            assert fields(text) == want, f"{lang}: {m.context}: {text!r} has other fields"
        assert not m.fuzzy, m.context


# Latin words a Chinese string may hold: names of registries, identifiers and tools.
PROPER = {
    "asrefs",
    "Crossref",
    "PubMed",
    "DataCite",
    "arXiv",
    "OpenAlex",
    "PMC",
    "ID",
    "DOI",
    "PMID",
}
PROPER |= {"PMCID", "LaTeX", "doi", "org", "Retraction", "Watch"}


def test_chinese_translations_hold_no_english_words() -> None:
    english = {}
    for m in _po("zh"):
        if not m.id:  # the header
            continue
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        for text in strings:
            words = set(re.findall(r"[A-Za-z]{2,}", re.sub(r"\{[^}]*\}", "", text))) - PROPER
            if words:
                english[m.context] = sorted(words)
    assert english == {}


def _entries(cat) -> dict[tuple[str, str], tuple[str, ...]]:  # type: ignore[no-untyped-def]
    def tup(x: object) -> tuple[str, ...]:
        return tuple(x) if isinstance(x, (tuple, list)) else (str(x),)

    return {(m.context, tup(m.id)[0]): tup(m.string) for m in cat if m.id}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_shipped_mo_is_the_po_compiled(lang: str) -> None:
    po = _po(lang)
    compiled = io.BytesIO()
    write_mo(compiled, po)
    compiled.seek(0)
    with catalogue_path(lang).open("rb") as fh:
        shipped = read_mo(fh)
    fresh = read_mo(compiled)
    assert _entries(shipped) == _entries(fresh), "run: python scripts/catalogue.py compile"
    assert shipped.plural_forms == po.plural_forms


def test_every_code_has_a_chinese_title() -> None:
    for code, spec in CODES.items():
        assert CJK.search(code_title(code, "zh")), code
        assert code_title(code, "en") == spec.meaning


def test_a_finding_message_renders_in_each_language_with_plurals() -> None:
    one = make_finding(
        "author-count",
        ref=1,
        field="authors",
        found="1",
        expected="3",
        source="crossref",
        message=msg_n(
            "author-count.listed",
            "The reference prints {n} author without “et al.”, but {registry:registry} "
            "lists {listed}.",
            "The reference prints {n} authors without “et al.”, but {registry:registry} "
            "lists {listed}.",
            1,
            registry="crossref",
            listed=3,
        ),
        line=4,
    )
    assert one.message == "The reference prints 1 author without “et al.”, but Crossref lists 3."
    assert one.message_id == "author-count.listed"
    assert dict(one.params) == {"n": "1", "registry": "crossref", "listed": "3"}
    assert finding_message(one, "zh") == "该文献列出 1 位作者且未加“等”，而 Crossref 登记了 3 位。"
    assert one.to_json()["params"] == {"n": "1", "registry": "crossref", "listed": "3"}
    hash(one)  # a Finding stays hashable


def test_vocabulary_fields_are_translated() -> None:
    f = make_finding(
        "volume-mismatch",
        ref=1,
        field="volume",
        found="12",
        expected="13",
        source="both",
        message=msg(
            "number-mismatch.registry",
            "The printed {field:field} {printed} differs from the {field:field} registered "
            "in {registry:registry}: {value}.",
            field="volume",
            printed="12",
            registry="both",
            value="13",
        ),
        line=4,
    )
    assert f.message == (
        "The printed volume 12 differs from the volume registered in Crossref and PubMed: 13."
    )
    assert finding_message(f, "zh") == "所印卷号 12 与 Crossref 与 PubMed 登记的卷号不同：13。"


def test_a_plain_english_message_falls_back_to_english() -> None:
    f = make_finding(
        "doi-not-found",
        ref=1,
        field="doi",
        found="10.1/x",
        expected=None,
        source="crossref",
        message="No registry knows the DOI 10.1/x.",
        line=3,
    )
    assert (f.message_id, f.params) == ("", ())
    assert finding_message(f, "zh") == "No registry knows the DOI 10.1/x."
    assert message_line(f, "zh") == "原文说明：No registry knows the DOI 10.1/x."
    unknown = make_finding(
        "doi-not-found",
        ref=1,
        field="doi",
        found="10.1/x",
        expected=None,
        source="crossref",
        message=msg("doi-not-found.not-in-any-catalogue", "Unknown {x}.", x="1"),
        line=3,
    )
    assert "doi-not-found.not-in-any-catalogue" not in catalogue("zh")
    assert message_line(unknown, "zh") == "原文说明：Unknown 1."


_BUILDERS = {"make_finding", "reference_finding"}


def _plain_messages(path: Path, root: Path = REPO) -> list[str]:
    """The calls in ``path`` that build a finding from plain English text."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "id", getattr(node.func, "attr", ""))
        if name not in _BUILDERS:
            continue
        given = [k.value for k in node.keywords if k.arg == "message"]
        if name == "reference_finding" and len(node.args) >= 4:
            given.append(node.args[3])
        for arg in given:
            if isinstance(arg, (ast.Constant, ast.JoinedStr, ast.BinOp)):
                out.append(f"{path.relative_to(root)}:{node.lineno} ({name})")
    return out


def test_every_check_builds_its_message_from_the_catalogue() -> None:
    """A check that still passes plain English text reports it in English in every
    language: this lists them, so that each gets an id and its translations."""
    sources = sorted((REPO / "src" / "asrefs").rglob("*.py"))
    plain = [hit for path in sources for hit in _plain_messages(path)]
    assert plain == [], "messages without an id: " + ", ".join(plain)


def test_the_plain_message_finder_finds_one(tmp_path: Path) -> None:
    module = tmp_path / "check.py"
    module.write_text(
        "def f(ref):\n"
        "    return reference_finding('x', ref, None, f'bad {ref}')\n"
        "def g(ref):\n"
        "    return make_finding('x', message='plain', ref=None)\n",
        encoding="utf-8",
    )
    assert _plain_messages(module, tmp_path) == [
        "check.py:2 (reference_finding)",
        "check.py:4 (make_finding)",
    ]
