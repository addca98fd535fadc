"""Reports in Chinese: a complete catalogue, and no untranslated fixed strings."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from asrefs.cli.main import main
from asrefs.codes import CODES
from asrefs.formats import RenderContext, renderer
from asrefs.i18n import (
    CODE_TITLES_ZH,
    HTML_MESSAGES,
    LANGS,
    MESSAGES,
    code_title,
    default_lang,
    placeholders,
    source_name,
    t,
)
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
from conftest import CACHE, SAMPLE

CJK = re.compile(r"[\u4e00-\u9fff]")
# Strings that read the same in both languages.
LANGUAGE_NEUTRAL = {"label.none", "md.col.ids"}
# Latin words a Chinese report may hold: proper nouns and identifier names.
PROPER = {"asrefs", "Crossref", "PubMed", "PMC", "ID", "DOI", "PMID", "PMCID"}


@pytest.mark.parametrize("catalogue", [MESSAGES, HTML_MESSAGES], ids=["reports", "html"])
def test_every_message_has_both_languages_with_the_same_placeholders(
    catalogue: dict[str, dict[str, str]],
) -> None:
    for key, entry in catalogue.items():
        assert set(entry) == set(LANGS), key
        assert all(entry[lang].strip() for lang in LANGS), key
        assert placeholders(entry["en"]) == placeholders(entry["zh"]), key


def test_chinese_messages_are_translated() -> None:
    for key, entry in MESSAGES.items():
        if key in LANGUAGE_NEUTRAL:
            assert entry["en"] == entry["zh"], key
            continue
        assert CJK.search(entry["zh"]), f"{key}: {entry['zh']!r} is not Chinese"
        text = re.sub(r"\{[a-z_]+\}", "", entry["zh"])
        words = set(re.findall(r"[A-Za-z]{2,}", text))
        assert words <= PROPER, f"{key}: English words {sorted(words - PROPER)}"


# The HTML page's strings that read the same in both languages, and those whose Chinese is
# punctuation only.
HTML_LANGUAGE_NEUTRAL = {
    "registry.crossref",
    "registry.pubmed",
    "registry.datacite",
    "registry.arxiv",
    "registry.openalex",
    "source.both",
    "fields.doi",
    "fields.pmid",
    "fields.pmcid",
}
HTML_PUNCTUATION = {"verdict.sep", "verdict.end"}


def test_html_chinese_messages_are_translated() -> None:
    for key, entry in HTML_MESSAGES.items():
        if key in HTML_LANGUAGE_NEUTRAL:
            assert entry["en"] == entry["zh"], key
            continue
        if key in HTML_PUNCTUATION:
            assert entry["en"] != entry["zh"], key
            continue
        assert CJK.search(entry["zh"]), f"{key}: {entry['zh']!r} is not Chinese"
        text = re.sub(r"\{[a-z_]+\}", "", entry["zh"]).replace("doi.org", "")
        words = set(re.findall(r"[A-Za-z]{2,}", text))
        assert words <= PROPER, f"{key}: English words {sorted(words - PROPER)}"


def test_every_finding_code_has_a_chinese_title() -> None:
    assert set(CODE_TITLES_ZH) == set(CODES)
    for code, title in CODE_TITLES_ZH.items():
        assert CJK.search(title), code
        assert code_title(code, "zh") == title
        assert code_title(code, "en") == CODES[code].meaning


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
    assert CODE_TITLES_ZH["title-mismatch"] in out
    assert "原文说明：说明文字" in out  # the English message is kept as a secondary line
    assert t("zh", "label.accepted", reason="已知的差异") in out
    assert t("zh", "section.text-and-list") in out
    assert "PMC ID 转换服务" in out


def test_chinese_sample_report_has_no_english_fixed_strings(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # The article is named by its file name alone (the working directory is tmp_path), so
    # where the repository lives does not reach the report.
    shutil.copy(SAMPLE, tmp_path / SAMPLE.name)
    code = main(["verify", "--offline", "--cache-dir", str(CACHE), "--lang", "zh", SAMPLE.name])
    out = capsys.readouterr().out
    assert code == 3
    first = out.splitlines()[0]
    assert first.endswith(
        "共 7 条参考文献，3 条已查到登记记录，4 条未能核查；0 个错误，0 个警告，2 条提示"
    )
    # structural lines: verdicts and labels, without the article's and registries' data
    structure = "\n".join(
        line.split("：")[0] for line in out.splitlines() if not line.startswith("    ")
    )
    for key, entry in MESSAGES.items():
        english = re.sub(r"\{[a-z_]+\}", "\0", entry["en"])
        for fragment in english.split("\0"):
            fragment = fragment.strip(" :;,()")
            if len(re.findall(r"[A-Za-z]{3,}", fragment)) and fragment not in PROPER:
                assert fragment not in structure, (key, fragment)


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
