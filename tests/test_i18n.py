"""Reports in Chinese: a complete catalogue, and no untranslated fixed strings."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest

from asrefs.cli.main import main
from asrefs.codes import CODES
from asrefs.formats import RenderContext, renderer
from asrefs.i18n import (
    HTML_MESSAGES,
    MESSAGES,
    code_title,
    default_lang,
    source_name,
    t,
)
from asrefs.messages import catalogue
from asrefs.models import (
    Finding,
    Identifier,
    Lookup,
    Origin,
    Problem,
    Record,
    Reference,
    ReferenceResult,
    Report,
    Severity,
)
from asrefs.pipeline import checked_results
from conftest import CACHE, SAMPLE, load_script

CJK = re.compile(r"[\u4e00-\u9fff]")
# Strings that read the same in both languages.
LANGUAGE_NEUTRAL = {"label.none", "md.col.ids", "label.english"}
# Latin words a Chinese report may hold: proper nouns and identifier names.
PROPER = {"asrefs", "Crossref", "PubMed", "PMC", "ID", "DOI", "PMID", "PMCID", "DataCite", "arXiv"}
PROPER |= {"Retraction", "Watch"}  # the Retraction Watch database


def test_every_report_word_is_in_the_chinese_catalogue() -> None:
    for table in (MESSAGES, HTML_MESSAGES):
        for key, message in table.items():
            assert message.id in catalogue("zh"), key


def test_every_problem_and_severity_is_in_the_catalogue() -> None:
    for problem in Problem:
        assert f"problem.{problem.value}" in MESSAGES
    for severity in Severity:
        assert f"severity.{severity.value}" in MESSAGES
    for status in ("verified", "discrepancies", "unresolved"):
        assert f"verdict.{status}" in MESSAGES


def test_english_strings_keep_the_report_as_it_was() -> None:
    assert t("en", "verdict.unresolved") == "could not verify"
    assert t("en", "problem.not-cached") == "not-cached"
    assert t("xx", "label.fix") == "fix"  # an unknown language falls back to English
    assert source_name("both", "zh") == "Crossref 与 PubMed"
    assert source_name("pubmed", "zh") == "PubMed" and source_name("pubmed", "en") == "pubmed"


@pytest.mark.parametrize(
    ("env", "lang"),
    [
        ({"LANG": "zh_CN.UTF-8"}, "zh"),
        ({"LANG": "zh_TW.UTF-8"}, "zh"),
        ({"LANGUAGE": "zh_CN:en_US", "LANG": "en_US.UTF-8"}, "zh"),
        ({"LC_ALL": "en_GB.UTF-8", "LANG": "zh_CN.UTF-8"}, "en"),
        ({"LC_MESSAGES": "zh_HK", "LANG": "en_US"}, "zh"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LANG": "POSIX"}, "en"),
        ({"LANG": "fr_FR.UTF-8"}, "en"),
    ],
)
def test_default_language_from_the_locale(env: dict[str, str], lang: str) -> None:
    assert default_lang(env) == lang


# --- the rendered Chinese report ----------------------------------------------------------


def _synthetic_report() -> Report:
    """A report with every verdict, problem, severity, an accepted finding, a fix and a
    finding about the text, whose data (references, values, messages) holds no Latin
    words, so that any Latin word left in the rendered report comes from the renderer."""
    ok = Reference(index=1, raw="张三。某研究。中华医学杂志，2020。", line=10, doi="10.1000/abc")
    wrong = Reference(index=2, raw="李四。另一研究。中华内科杂志，2019。", line=11, pmid="123")
    lost = Reference(index=3, raw="王五。第三项研究。", line=12, doi="10.1000/def")
    bare = Reference(index=4, raw="赵六。没有标识符。", line=13)
    record = Record(source="crossref", identifier=Identifier("doi", "10.1000/abc"), title="某研究")
    pubmed = Record(source="pubmed", identifier=Identifier("pmid", "123"), title="另一研究")
    results = [
        ReferenceResult(ok, (Lookup(Identifier("doi", "10.1000/abc"), "crossref", record),)),
        ReferenceResult(wrong, (Lookup(Identifier("pmid", "123"), "pubmed", pubmed),)),
        ReferenceResult(
            lost,
            (
                Lookup(Identifier("doi", "10.1000/def"), "crossref", problem=Problem.UNAVAILABLE),
                Lookup(Identifier("pmcid", "PMC1"), "idconv", problem=Problem.NOT_FOUND),
            ),
        ),
        ReferenceResult(bare),
    ]

    def finding(code: str, ref: int | None, **extra: object) -> Finding:
        values: dict[str, object] = dict(
            code=code,
            ref=ref,
            field="title",
            origin=CODES[code].origin,
            severity=CODES[code].severity,
            found="某研究甲",
            expected="某研究乙",
            source="both",
            message="说明文字",
            line=11,
            fix="李四。另一研究乙。中华内科杂志，2019。",
        )
        values.update(extra)
        return Finding(**values)  # type: ignore[arg-type]

    findings = [
        finding("title-mismatch", 2),
        finding("title-typo", 2, source="pubmed", accepted="已知的差异"),
        finding("title-variant", 2, source="crossref", fix=None),
        finding("dangling-marker", None, origin=Origin.LIST, expected=None, source=None, fix=None),
        finding("date-claim-mismatch", 1, found="二〇二五年", expected="二〇二四年", source=None),
    ]
    return Report(article="文章.md", results=checked_results(results, findings), findings=findings)


def _latin_words(text: str) -> set[str]:
    # syntax, not words: GitHub workflow commands, HTML tags, code fences' language
    text = re.sub(r"^::(?:error|warning|notice) file=.*?,line=\d+,title=", " ", text, flags=re.M)
    text = re.sub(r"</?(?:details|summary|br)>", " ", text)
    text = re.sub(r"^\s*`{3,}text$", " ", text, flags=re.M)
    text = re.sub(r"https?://\S+", " ", text)  # links
    text = re.sub(r"\b(?:doi|pmid|pmcid):\S+", " ", text)  # identifiers
    text = re.sub(r"\b(?:10\.\d{4,}/\S+|PMC\d+)", " ", text)
    for code in sorted(CODES, key=len, reverse=True):  # finding codes are stable slugs
        text = re.sub(rf"(?<![\w-]){re.escape(code)}(?![\w-])", " ", text)
    text = text.replace("文章.md", " ")
    return set(re.findall(r"[A-Za-z]{2,}", text)) - PROPER


@pytest.mark.parametrize("fmt", ["text", "markdown", "github"])
def test_chinese_report_has_no_english_words(fmt: str) -> None:
    out = renderer(fmt)(
        [_synthetic_report()], RenderContext(lang="zh", notes=("某条已接受的发现不再出现",))
    )
    assert CJK.search(out)
    assert _latin_words(out) == set(), out


@pytest.mark.parametrize("fmt", ["text", "markdown", "github"])
def test_english_report_from_the_same_data_uses_the_catalogue(fmt: str) -> None:
    out = renderer(fmt)([_synthetic_report()], RenderContext(lang="en"))
    assert _latin_words(out)  # the control: the English report has English words


def test_every_verdict_and_problem_shows_in_chinese() -> None:
    out = renderer("text")([_synthetic_report()], RenderContext(lang="zh"))
    for key in ("verdict.verified", "verdict.discrepancies", "verdict.unresolved"):
        assert t("zh", key) in out, key
    for key in ("problem.unavailable", "problem.no-identifier", "problem.not-found"):
        assert t("zh", key) in out, key
    for severity in Severity:
        assert t("zh", f"severity.{severity.value}") in out
    assert code_title("title-mismatch", "zh") in out
    assert "原文说明：说明文字" in out  # the English message is kept as a secondary line
    assert t("zh", "label.accepted", reason="已知的差异") in out
    assert t("zh", "section.text-and-list") in out
    assert "PMC ID 转换服务" in out


# What a report's data may hold but a word of the program's own never is: JSON keys whose
# values are the program's vocabulary (codes, field names, statuses), not the article's or
# the registries' data.
_VOCABULARY_KEYS = {"message", "message_id", "code", "field", "origin", "severity", "status"}
_VOCABULARY_KEYS |= {"problem", "source", "registry", "detail", "schema", "style", "kind"}
_VOCABULARY_KEYS |= {"fields_from", "found"}


def _data_words(value: object, key: str = "") -> set[str]:
    """The Latin words of a JSON report's data: the printed references, the records, the
    findings' values and parameters, the claims."""
    if key in _VOCABULARY_KEYS and not isinstance(value, (dict, list)):
        return set()
    if isinstance(value, dict):
        return set().union(*(_data_words(v, k) for k, v in value.items()))
    if isinstance(value, list):
        return set().union(*(_data_words(v, key) for v in value))
    return set(re.findall(r"[A-Za-z]{2,}", str(value))) if isinstance(value, str) else set()


def _shown_text(out: str, fmt: str) -> str:
    if fmt != "html":
        return out
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(out, "html.parser")
    for tag in soup(["script", "style", "code"]):
        tag.decompose()
    return soup.get_text(" ")


def _english_words(out: str, fmt: str, allowed: set[str]) -> set[str]:
    text = re.sub(r"[A-Za-z]+…", " ", _shown_text(out, fmt))  # data cut short to fit a line
    # "et al." after a Western author, as GB/T 7714 prints it; the site the links open
    text = re.sub(r"\bet al\.|(?<!/)\bdoi\.org\b", " ", text)
    return _latin_words(text) - allowed


def _verify(argv: list[str], workdir: Path) -> str:
    out = workdir / "out"
    cwd = Path.cwd()
    os.chdir(workdir)
    try:
        main(["verify", "--fail-on", "never", "-o", str(out), *argv])
    finally:
        os.chdir(cwd)
    return out.read_text(encoding="utf-8")


def test_chinese_sample_report_has_no_english_fixed_strings(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # The article is named by its file name alone (the working directory is tmp_path), so
    # where the repository lives does not reach the report.
    shutil.copy(SAMPLE, tmp_path / SAMPLE.name)
    offline = ["--offline", "--cache-dir", str(CACHE), SAMPLE.name]
    code = main(["verify", "--offline", "--cache-dir", str(CACHE), "--lang", "zh", SAMPLE.name])
    first = capsys.readouterr().out.splitlines()[0]
    assert code == 3
    assert first.endswith(
        "共 7 条参考文献，3 条已查到登记记录，4 条未能核查；0 个错误，0 个警告，2 条提示"
    )
    report = json.loads(_verify(["--format", "json", *offline], tmp_path))
    allowed = _data_words(report) | _data_words(SAMPLE.read_text(encoding="utf-8"))
    for fmt in ("text", "html", "markdown", "github"):
        out = _verify(["--lang", "zh", "--format", fmt, *offline], tmp_path)
        assert CJK.search(out), fmt
        assert _english_words(out, fmt, allowed) == set(), fmt
        english = _verify(["--lang", "en", "--format", fmt, *offline], tmp_path)
        assert _english_words(english, fmt, allowed), fmt  # the control


CASES_ZH = ["chinese-gbt7714", "author-errors", "title-errors", "journal-year-date-errors"]
CASES_ZH += ["status-notices", "list-numbering", "identity-errors", "existence"]


@pytest.mark.parametrize("name", CASES_ZH)
def test_chinese_report_of_a_case_has_no_english_words(name: str, tmp_path: Path) -> None:
    """A golden case's article checked against its registry, then reported in Chinese
    from the cache: every Latin word shown is the article's or the registries' data."""
    pytest.importorskip("werkzeug")
    ev = load_script("scripts/eval_checker.py")
    case = next(c for c in ev.load_cases() if c.name == name)
    report = ev.run_case(case, tmp_path)
    messages = [d for d in report["discrepancies"] if d["message_id"]]
    assert messages, "the case has findings"
    allowed = _data_words(report) | _data_words(case.article.read_text(encoding="utf-8"))
    offline = ["--offline", "--cache-dir", str(tmp_path / "cache"), str(case.article)]
    for fmt in ("text", "html"):
        out = _verify(["--lang", "zh", "--format", fmt, *offline], tmp_path)
        assert "原文说明" not in out, fmt
        assert _english_words(out, fmt, allowed) == set(), fmt


def test_language_from_the_environment_and_the_configuration(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    argv = ["verify", "-q", "--offline", "--cache-dir", str(CACHE), str(SAMPLE)]
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    main(argv)
    assert "条参考文献" in capsys.readouterr().out  # the locale
    (tmp_path / "asrefs.toml").write_text('lang = "en"\n')
    main(argv)
    assert "references" in capsys.readouterr().out  # the configuration beats the locale
    monkeypatch.setenv("ASREFS_LANG", "zh")
    main(argv)
    assert "条参考文献" in capsys.readouterr().out  # the environment beats the file
    main([*argv, "--lang", "en"])
    assert "references" in capsys.readouterr().out  # the flag beats everything
