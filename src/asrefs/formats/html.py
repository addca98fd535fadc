"""The editor's report: one self-contained HTML page.

The page shows, for each article: a summary (references by verdict, findings by
severity), the list of findings, the article's text with line numbers and every
finding anchored at its line (and at the claim's sentence, or at the printed words it
is about), and a panel per reference: its status, the printed fields beside the
registry's with the differences highlighted, DOI/PubMed/PMC links, retraction and
correction notices, and the fix.

Safety: every string from the article and the registries is escaped with
``html.escape`` (attribute values too), links are built only from validated
identifiers behind fixed ``https://`` prefixes, and no input ever reaches the style
sheet or the script. Both are constants, allowed by their hash in a strict
Content-Security-Policy, so the page runs no other script even if some text slipped
through. The page needs no network: no fonts, images, styles or scripts are fetched.

Without JavaScript everything is shown; the script adds the severity filters, the
previous/next buttons and the collapsing of reference panels. The output depends only
on the reports (and the article files they name), so two runs give the same bytes.
"""

# The style sheet and the script are embedded verbatim, one rule or statement a line.
# ruff: noqa: E501

from __future__ import annotations

import base64
import difflib
import hashlib
import html
import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from asrefs import __version__
from asrefs.checks import field_sources, merge_records, reference_status
from asrefs.formats import RenderContext
from asrefs.models import (
    Author,
    Claim,
    Finding,
    Origin,
    Problem,
    Record,
    Reference,
    ReferenceResult,
    Report,
    Update,
)
from asrefs.pipeline import summary

# ---------------------------------------------------------------------------
# Levels, words, icons: colour is never the only signal.

LEVELS = ("error", "warning", "info", "accepted")
_RANK = {"error": 4, "warning": 3, "info": 2, "accepted": 1}
_LEVEL_ICON = {"error": "×", "warning": "!", "info": "i", "accepted": "✓"}
_STATUS_ICON = {"verified": "✓", "discrepancies": "!", "unresolved": "?"}
_UPDATE_LEVEL = {
    "retraction": "error",
    "withdrawal": "error",
    "expression_of_concern": "warning",
    "correction": "info",
    "erratum": "info",
    "new_version": "info",
}

# The page's own words, in English and Chinese (RenderContext.lang). Nothing from the
# input is ever formatted into a template before it is escaped.
_UI: dict[str, tuple[str, str]] = {
    "level.error": ("Error", "错误"),
    "level.warning": ("Warning", "警告"),
    "level.info": ("Info", "提示"),
    "level.accepted": ("Accepted", "已接受"),
    "levels.error": ("Errors", "错误"),
    "levels.warning": ("Warnings", "警告"),
    "levels.info": ("Info", "提示"),
    "levels.accepted": ("Accepted", "已接受"),
    "status.verified": ("Verified", "已核实"),
    "status.discrepancies": ("Discrepancies", "有出入"),
    "status.unresolved": ("Could not verify", "未能核查"),
    "problem.not-cached": ("not in the cache (offline run)", "缓存中没有记录（离线运行）"),
    "problem.unavailable": ("the registry could not be reached", "注册机构暂时无法访问"),
    "problem.not-found": ("not found in the registries", "各注册机构中查无记录"),
    "problem.other-agency": ("registered with another DOI agency", "由其他 DOI 注册机构登记"),
    "problem.no-identifier": ("no DOI, PMID or PMCID printed", "未印 DOI、PMID 或 PMCID"),
    "update.retraction": ("Retracted", "已撤稿"),
    "update.withdrawal": ("Withdrawn", "已撤回"),
    "update.expression_of_concern": ("Expression of concern", "关注声明"),
    "update.correction": ("Correction published", "已发表更正"),
    "update.erratum": ("Erratum published", "已发表勘误"),
    "update.new_version": ("New version published", "已发表新版本"),
    "registry.crossref": ("Crossref", "Crossref"),
    "registry.pubmed": ("PubMed", "PubMed"),
    "registry.both": ("Crossref and PubMed", "Crossref 与 PubMed"),
    "source.both": ("Crossref · PubMed", "Crossref · PubMed"),
    "page.title": ("Reference check: {name}", "参考文献核查：{name}"),
    "page.title.many": ("Reference check: {n} articles", "参考文献核查：{n} 篇文章"),
    "page.stdin": ("standard input", "标准输入"),
    "page.article": ("Article:", "文章："),
    "page.skip": ("Skip to the report", "跳到报告正文"),
    "page.footer": (
        "Made by asrefs {version}. Registry values are those Crossref and PubMed held when "
        "they were fetched or cached for this run; links open doi.org, PubMed and PMC.",
        "由 asrefs {version} 生成。登记记录为本次运行时从 Crossref 和 PubMed 获取或缓存的"
        "内容；链接指向 doi.org、PubMed 和 PMC。",
    ),
    "page.note": ("Note: {text}", "注：{text}"),
    "bar.show": ("Show", "显示"),
    "bar.prev": ("Previous finding", "上一个问题"),
    "bar.next": ("Next finding", "下一个问题"),
    "bar.status": ("{shown} of {total} findings shown", "显示 {shown} / {total} 个问题"),
    "summary": ("Summary", "概要"),
    "summary.references": ("References", "参考文献"),
    "summary.by-verdict": ("References by verdict", "各结论的参考文献数"),
    "summary.by-level": ("Findings by severity", "各严重程度的问题数"),
    "verdict.errors": ("{n} errors to correct", "{n} 个错误需改正"),
    "verdict.error": ("1 error to correct", "1 个错误需改正"),
    "verdict.warnings": ("{n} warnings to review", "{n} 个警告需复核"),
    "verdict.warning": ("1 warning to review", "1 个警告需复核"),
    "verdict.notes": ("{n} notes", "{n} 条提示"),
    "verdict.note": ("1 note", "1 条提示"),
    "verdict.sep": (", ", "，"),
    "verdict.end": (".", "。"),
    "verdict.none": ("No findings.", "没有发现问题。"),
    "verdict.no-list": ("No reference list was found.", "未找到参考文献列表。"),
    "verdict.unresolved": (
        "{n} of {total} references could not be checked: {why}. Check them by hand or run "
        "asrefs again online.",
        "{total} 条参考文献中有 {n} 条未能核查：{why}。请人工核对，或联网后重新运行 asrefs。",
    ),
    "verdict.all-match": (
        "All {total} references match the registries.",
        "全部 {total} 条参考文献与登记记录相符。",
    ),
    "verdict.some-match": (
        "{n} of {total} references match the registries.",
        "{total} 条参考文献中有 {n} 条与登记记录相符。",
    ),
    "findings": ("Findings ({n})", "问题（{n}）"),
    "findings.none": ("No findings: nothing to correct.", "没有发现问题，无需修改。"),
    "findings.list": ("the list", "文献列表"),
    "findings.unplaced": ("Findings without a line", "不对应具体行的问题"),
    "findings.on-line": ("Findings on line {n}", "第 {n} 行的问题"),
    "findings.count.one": ("1 finding", "1 个问题"),
    "findings.count": ("{n} findings", "{n} 个问题"),
    "article": ("Article", "文章"),
    "article.hint": (
        "Findings appear under the line they are about.",
        "问题显示在所涉及的行下方。",
    ),
    "article.missing": (
        "The article's text is not in this report (it was read from standard input, or "
        "its file could not be read again): the findings are listed here and under their "
        "references.",
        "本报告不含文章正文（正文来自标准输入，或文件无法再次读取）：问题列在此处及各条参考文献之下。",
    ),
    "line": ("line {n}", "第 {n} 行"),
    "line.label": ("line {n}", "第 {n} 行"),
    "line.of-article": (" of the article", "（正文）"),
    "reference": ("reference [{n}]", "参考文献 [{n}]"),
    "cmp.article": ("Article", "文中"),
    "cmp.registry": ("Registry", "登记记录"),
    "cmp.registry-from": ("Registry ({source})", "登记记录（{source}）"),
    "fix": ("Fix:", "建议改为："),
    "accepted": ("Accepted in the configuration: {reason}", "已在配置中接受：{reason}"),
    "refs": ("References ({n})", "参考文献（{n}）"),
    "refs.expand": ("Expand all", "全部展开"),
    "refs.collapse": ("Collapse all", "全部收起"),
    "refs.none": ("No reference list was found in the article.", "文章中未找到参考文献列表。"),
    "ref.unresolved": ("Could not verify:", "未能核查："),
    "ref.unchecked": ("The printed fields below are unchecked.", "以下所印字段未经核对。"),
    "ref.found": ("found", "已查到"),
    "ref.findings": ("Findings", "问题"),
    "ref.entry": ("Printed entry", "所印条目"),
    "ref.in-list": ("In the list at {where}.", "位于文献列表{where}。"),
    "ref.in-text": ("In the text", "正文中"),
    "ref.cited": ("Cited at {where}.", "引用于{where}。"),
    "ref.uncited": ("The text does not cite [{n}].", "正文没有引用 [{n}]。"),
    "ref.suggested": (
        "Suggested DOI: {doi} (match score {score}, from {source})",
        "建议的 DOI：{doi}（匹配分数 {score}，来自 {source}）",
    ),
    "ref.related": ("Related works", "相关作品"),
    "ref.notice": ("notice {link}", "声明 {link}"),
    "ref.source": ("(source: {source})", "（来源：{source}）"),
    "fields.both": ("Printed and registered fields", "所印字段与登记记录"),
    "fields.printed": ("Printed fields", "所印字段"),
    "fields.field": ("Field", "字段"),
    "fields.printed-col": ("Printed", "所印"),
    "fields.registry-col": ("Registry", "登记记录"),
    "fields.differs": ("differs", "不一致"),
    "fields.title": ("Title", "题名"),
    "fields.authors": ("Authors", "作者"),
    "fields.journal": ("Journal", "期刊"),
    "fields.date": ("Date", "日期"),
    "fields.volume": ("Volume", "卷"),
    "fields.issue": ("Issue", "期"),
    "fields.pages": ("Pages", "页码"),
    "fields.doi": ("DOI", "DOI"),
    "fields.pmid": ("PMID", "PMID"),
    "fields.pmcid": ("PMCID", "PMCID"),
    "fields.article-number": ("article {n}", "文章编号 {n}"),
    "fields.n-authors": (" … ({n} authors)", " …（共 {n} 位作者）"),
    "claim.date": ("date", "日期"),
    "claim.journal": ("journal", "期刊"),
    "claim.title": ("title", "题名"),
    "claim.number": ("number", "数字"),
    "claim.institution": ("institution", "机构"),
}


def _t(lang: str, key: str, **values: object) -> str:
    en, zh = _UI[key]
    text = zh if lang == "zh" else en
    return text.format(**values) if values else text


def _code_title(code: str, lang: str) -> str:
    from asrefs import i18n

    return i18n.code_title(code, lang)


# The reference-panel row a finding's field is about.
_FIELD_ROW = {
    "title": "title",
    "authors": "authors",
    "journal": "journal",
    "year": "date",
    "date": "date",
    "volume": "volume",
    "issue": "issue",
    "pages": "pages",
    "doi": "doi",
    "identifier": "doi",
    "pmid": "pmid",
    "pmcid": "pmcid",
}
# The claim kind a text finding's field is about.
_FIELD_CLAIM = {"date": "date", "journal": "journal", "title": "title", "number": "number"}

_DOI = re.compile(r"^10\.\d{4,9}/\S+$")
_PMID = re.compile(r"^[0-9]{1,9}$")
_PMCID = re.compile(r"^PMC[0-9]{1,9}$", re.IGNORECASE)
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u30ff\uac00-\ud7af]")
_TOKEN = re.compile(
    r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|[^\W\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+"
    r"|\s+|[^\w\s]"
)
_SENTENCE_END = "。！？；!?;"
# C0 controls other than tab and newline, and lone surrogates, are not allowed in HTML.
_INVALID = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def esc(value: object) -> str:
    """Text for HTML content and (double- or single-quoted) attribute values."""
    return html.escape(_INVALID.sub("\ufffd", str(value)), quote=True)


def level_of(f: Finding) -> str:
    return "accepted" if f.accepted is not None else f.severity.value


def _top(levels: Iterable[str]) -> str:
    best = ""
    for lv in levels:
        if not best or _RANK[lv] > _RANK[best]:
            best = lv
    return best


# ---------------------------------------------------------------------------
# Links: only validated identifiers, only behind fixed https prefixes.


def doi_url(doi: str | None) -> str | None:
    if not doi or not _DOI.match(doi.strip()):
        return None
    return "https://doi.org/" + quote(doi.strip(), safe="/:;()._-")


def pubmed_url(pmid: str | None) -> str | None:
    if not pmid or not _PMID.match(pmid.strip()):
        return None
    return f"https://pubmed.ncbi.nlm.nih.gov/{pmid.strip()}/"


def pmc_url(pmcid: str | None) -> str | None:
    if not pmcid or not _PMCID.match(pmcid.strip()):
        return None
    return f"https://pmc.ncbi.nlm.nih.gov/articles/{pmcid.strip().upper()}/"


def _link(url: str | None, text: str) -> str:
    if url is None:
        return esc(text)
    return f'<a href="{esc(url)}" rel="noopener noreferrer external">{esc(text)}</a>'


# ---------------------------------------------------------------------------
# Colours. Every (text, background) pair the page uses is listed in CONTRAST_PAIRS, and
# a test holds each of them, in both schemes, to a WCAG contrast of at least 4.5:1.

LIGHT = {
    "bg": "#ffffff",
    "fg": "#1f2328",
    "muted": "#555f6b",
    "panel": "#f6f8fa",
    "line": "#d0d7de",
    "line-strong": "#8c959f",
    "link": "#0550ae",
    "focus": "#0a58ca",
    "error": "#b42318",
    "error-bg": "#fdecea",
    "error-fill": "#b42318",
    "warning": "#7a4a00",
    "warning-bg": "#fff3d1",
    "warning-fill": "#f0b429",
    "info": "#0b57a4",
    "info-bg": "#e7f0fb",
    "info-fill": "#0b57a4",
    "accepted": "#555f6b",
    "accepted-bg": "#eef0f2",
    "accepted-fill": "#555f6b",
    "ok": "#1a7431",
    "ok-bg": "#e6f4ea",
    "unresolved": "#6639ba",
    "unresolved-bg": "#f1ebfb",
    "on-error-fill": "#ffffff",
    "on-warning-fill": "#1f2328",
    "on-info-fill": "#ffffff",
    "on-accepted-fill": "#ffffff",
    "diff-bg": "#ffe08a",
    "diff-fg": "#1f2328",
}
DARK = {
    "bg": "#0f1419",
    "fg": "#e6edf3",
    "muted": "#a3adb8",
    "panel": "#171d24",
    "line": "#313b46",
    "line-strong": "#6e7781",
    "link": "#79b8ff",
    "focus": "#79b8ff",
    "error": "#ff9b8f",
    "error-bg": "#3a1513",
    "error-fill": "#ff9b8f",
    "warning": "#f5c451",
    "warning-bg": "#33270a",
    "warning-fill": "#f5c451",
    "info": "#8cc4ff",
    "info-bg": "#0e2944",
    "info-fill": "#8cc4ff",
    "accepted": "#a3adb8",
    "accepted-bg": "#232a32",
    "accepted-fill": "#a3adb8",
    "ok": "#6fdc8c",
    "ok-bg": "#0f2a18",
    "unresolved": "#c9a7ff",
    "unresolved-bg": "#251a3a",
    "on-error-fill": "#0f1419",
    "on-warning-fill": "#0f1419",
    "on-info-fill": "#0f1419",
    "on-accepted-fill": "#0f1419",
    "diff-bg": "#5c4700",
    "diff-fg": "#ffffff",
}
CONTRAST_PAIRS = (
    ("fg", "bg"),
    ("fg", "panel"),
    ("muted", "bg"),
    ("muted", "panel"),
    ("link", "bg"),
    ("link", "panel"),
    ("error", "bg"),
    ("error", "error-bg"),
    ("fg", "error-bg"),
    ("link", "error-bg"),
    ("warning", "bg"),
    ("warning", "warning-bg"),
    ("fg", "warning-bg"),
    ("link", "warning-bg"),
    ("info", "bg"),
    ("info", "info-bg"),
    ("fg", "info-bg"),
    ("link", "info-bg"),
    ("accepted", "bg"),
    ("accepted", "accepted-bg"),
    ("fg", "accepted-bg"),
    ("link", "accepted-bg"),
    ("ok", "bg"),
    ("ok", "ok-bg"),
    ("unresolved", "bg"),
    ("unresolved", "unresolved-bg"),
    ("on-error-fill", "error-fill"),
    ("on-warning-fill", "warning-fill"),
    ("on-info-fill", "info-fill"),
    ("on-accepted-fill", "accepted-fill"),
    ("diff-fg", "diff-bg"),
    ("muted", "error-bg"),
    ("muted", "warning-bg"),
    ("muted", "info-bg"),
    ("muted", "accepted-bg"),
)


def _vars(palette: dict[str, str]) -> str:
    return "".join(f"--{k}:{v};" for k, v in palette.items())


_CSS_BODY = """
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%;scroll-padding-top:calc(var(--bar-h) + .75rem)}
body{margin:0;background:var(--bg);color:var(--fg);font:16px/1.6 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",sans-serif}
a{color:var(--link);text-underline-offset:.15em}
a:hover{text-decoration-thickness:2px}
:focus-visible{outline:3px solid var(--focus);outline-offset:2px;border-radius:2px}
code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"DejaVu Sans Mono","Noto Sans Mono",monospace;font-size:.9em}
h1,h2,h3,h4,h5{line-height:1.3;margin:0}
.vh{position:absolute!important;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
.skip{position:absolute;left:.5rem;top:-10rem;z-index:20;background:var(--bg);color:var(--link);padding:.5rem 1rem;border:2px solid var(--focus)}
.skip:focus{top:.5rem}
.page-head{padding:1.25rem clamp(1rem,3vw,2rem) 1rem;border-bottom:1px solid var(--line)}
.page-head h1{font-size:1.45rem}
.page-head .sub{margin:.2rem 0 0;color:var(--muted)}
.report-title{font-size:1.3rem;margin:1.5rem clamp(1rem,3vw,2rem) 0}
.summary{padding:1rem clamp(1rem,3vw,2rem) .25rem}
.summary .verdict{font-size:1.05rem;margin:0 0 .75rem;max-width:60rem}
.path{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"DejaVu Sans Mono",monospace;overflow-wrap:anywhere}
.tiles{display:flex;flex-wrap:wrap;gap:.5rem 1rem;margin:0 0 .5rem}
.tiles dl{display:flex;flex-wrap:wrap;gap:.5rem;margin:0}
.tile{border:1px solid var(--line);border-left:5px solid var(--line-strong);border-radius:6px;padding:.3rem .8rem .35rem;min-width:7.25rem;background:var(--panel)}
.tile dt{font-size:.85rem;color:var(--muted);display:flex;align-items:center;gap:.35rem}
.tile dd{margin:0;font-size:1.45rem;font-weight:700;line-height:1.2}
.tile.st-verified{border-left-color:var(--ok)}
.tile.st-discrepancies{border-left-color:var(--warning-fill)}
.tile.st-unresolved{border-left-color:var(--unresolved)}
.tile.lv-error{border-left-color:var(--error-fill)}
.tile.lv-warning{border-left-color:var(--warning-fill)}
.tile.lv-info{border-left-color:var(--info-fill)}
.tile.lv-accepted{border-left-color:var(--accepted-fill)}
.notes-list{margin:.25rem 0 0;padding-left:1.25rem;color:var(--muted)}
.bar{position:sticky;top:0;z-index:10;background:var(--bg);border-bottom:1px solid var(--line);padding:.45rem clamp(1rem,3vw,2rem);display:flex;flex-wrap:wrap;gap:.4rem 1.25rem;align-items:center}
.bar[hidden]{display:none}
.bar fieldset{border:0;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.35rem .5rem;align-items:center;min-width:0}
.bar legend{float:left;font-weight:600;margin-right:.25rem;padding:0}
.chip{display:inline-flex;align-items:center;gap:.4rem;padding:.15rem .65rem .15rem .5rem;border:1px solid var(--line-strong);border-radius:999px;cursor:pointer;min-height:2.25rem;background:var(--bg)}
.chip input{width:1.05rem;height:1.05rem;margin:0;accent-color:var(--link)}
.chip:has(input:focus-visible){outline:3px solid var(--focus);outline-offset:2px}
.chip:has(input:not(:checked)){color:var(--muted);border-style:dashed}
.bar .nav-buttons{display:flex;gap:.4rem;flex-wrap:wrap}
.bar .status{color:var(--muted);font-size:.9rem;margin:0}
button{font:inherit;color:var(--fg);background:var(--panel);border:1px solid var(--line-strong);border-radius:6px;min-height:2.25rem;padding:.2rem .75rem;cursor:pointer}
button:hover{border-color:var(--fg)}
.layout{display:grid;grid-template-columns:minmax(0,1fr);gap:1.5rem 2rem;padding:1rem clamp(1rem,3vw,2rem) 2.5rem;max-width:110rem}
.layout>*{min-width:0}
.section-head{display:flex;flex-wrap:wrap;align-items:baseline;justify-content:space-between;gap:.5rem;margin:0 0 .6rem}
.section-head h2,.section-head h3,.section-head h4{font-size:1.15rem}
.section-head .hint{color:var(--muted);font-size:.9rem;margin:0}
.toc{margin:0 0 1.5rem}
.toc ol{list-style:none;margin:0;padding:0;border:1px solid var(--line);border-radius:6px}
.toc li{padding:.4rem .75rem;border-top:1px solid var(--line);display:flex;flex-wrap:wrap;gap:.15rem .6rem;align-items:baseline}
.toc li:first-child{border-top:0}
.toc .where{white-space:nowrap}
.toc .msg{color:var(--muted);flex:1 1 20rem;min-width:0;overflow-wrap:anywhere}
.lvl{display:inline-flex;align-items:center;gap:.3rem;font-weight:700;color:var(--lv);white-space:nowrap}
.ico{display:inline-grid;place-items:center;width:1.15rem;height:1.15rem;border-radius:50%;background:var(--lv-fill);color:var(--on-lv-fill);font:700 .75rem/1 system-ui,sans-serif;flex:none}
[data-level=error],.lv-error{--lv:var(--error);--lv-bg:var(--error-bg);--lv-fill:var(--error-fill);--on-lv-fill:var(--on-error-fill)}
[data-level=warning],.lv-warning{--lv:var(--warning);--lv-bg:var(--warning-bg);--lv-fill:var(--warning-fill);--on-lv-fill:var(--on-warning-fill)}
[data-level=info],.lv-info{--lv:var(--info);--lv-bg:var(--info-bg);--lv-fill:var(--info-fill);--on-lv-fill:var(--on-info-fill)}
[data-level=accepted],.lv-accepted{--lv:var(--accepted);--lv-bg:var(--accepted-bg);--lv-fill:var(--accepted-fill);--on-lv-fill:var(--on-accepted-fill)}
[data-level=error] .ico,.lv-error .ico{border-radius:2px}
[data-level=warning] .ico,.lv-warning .ico{border-radius:2px 50% 50% 50%;transform:rotate(45deg)}
[data-level=warning] .ico>span,.lv-warning .ico>span{transform:rotate(-45deg)}
.article-text{margin:0;padding:0;list-style:none;border:1px solid var(--line);border-radius:6px;background:var(--bg)}
.line{display:grid;grid-template-columns:3.25rem minmax(0,1fr);border-left:4px solid transparent}
.line:target{background:var(--panel)}
.ln{display:block;text-align:right;padding:.12rem .6rem 0 0;color:var(--muted);font:.8rem/1.6 ui-monospace,SFMono-Regular,Menlo,Consolas,"DejaVu Sans Mono",monospace;text-decoration:none;user-select:none;-webkit-user-select:none;border-right:1px solid var(--line)}
.ln:hover{text-decoration:underline}
.lc{min-width:0;padding:.1rem .75rem .1rem .6rem}
.tx{margin:0;white-space:pre-wrap;overflow-wrap:anywhere}
.line.blank .tx{min-height:.75rem;line-height:.75}
.line.head .tx{font-weight:700;font-size:1.08em}
.line[data-show=error]{border-left-color:var(--error-fill)}
.line[data-show=warning]{border-left-color:var(--warning-fill)}
.line[data-show=info]{border-left-color:var(--info-fill)}
.line[data-show=accepted]{border-left-color:var(--accepted-fill)}
mark.hl{background:transparent;color:inherit;border-radius:2px}
mark.hl[data-show=error]{background:var(--error-bg);text-decoration:underline wavy var(--error-fill) 1px;text-underline-offset:.2em}
mark.hl[data-show=warning]{background:var(--warning-bg);text-decoration:underline dashed var(--warning) 2px;text-underline-offset:.2em}
mark.hl[data-show=info]{background:var(--info-bg);text-decoration:underline dotted var(--info) 2px;text-underline-offset:.2em}
mark.hl[data-show=accepted]{background:var(--accepted-bg)}
a.cite{font-weight:600}
.notes{list-style:none;margin:.3rem 0 .7rem;padding:0}
.finding{border:1px solid var(--line);border-left:5px solid var(--lv-fill);background:var(--lv-bg);border-radius:4px;padding:.45rem .75rem .5rem;margin:.4rem 0 0;scroll-margin-top:calc(var(--bar-h) + .75rem)}
.finding:focus{outline:3px solid var(--focus);outline-offset:2px}
.finding .fh{margin:0;display:flex;flex-wrap:wrap;gap:.1rem .6rem;align-items:baseline}
.finding .code{font-weight:600}
.finding .meaning{color:var(--muted);font-size:.9rem}
.finding .goto{margin-left:auto;white-space:nowrap}
.finding .msg{margin:.2rem 0 0}
.cmp{display:grid;grid-template-columns:fit-content(40%) minmax(0,1fr);gap:.1rem .75rem;margin:.35rem 0 0;font-size:.95rem}
.cmp dt{color:var(--muted);font-weight:600;overflow-wrap:anywhere}
.cmp dd{margin:0;overflow-wrap:anywhere}
.fix{margin:.35rem 0 0;overflow-wrap:anywhere}
.fix strong{color:var(--ok)}
.acc{margin:.3rem 0 0;font-style:italic}
mark.dw{background:var(--diff-bg);color:var(--diff-fg);border-radius:2px;padding:0 .1em;text-decoration:underline;text-underline-offset:.2em}
.unplaced{margin:0 0 1rem}
.refs .ref{border:1px solid var(--line);border-left:5px solid var(--line-strong);border-radius:6px;margin:0 0 .75rem;background:var(--bg);scroll-margin-top:calc(var(--bar-h) + .75rem)}
.refs .ref:target{outline:3px solid var(--focus);outline-offset:1px}
.ref.st-verified{border-left-color:var(--ok)}
.ref.st-discrepancies{border-left-color:var(--warning-fill)}
.ref.st-unresolved{border-left-color:var(--unresolved)}
.ref.has-error{border-left-color:var(--error-fill)}
.ref-head{font-size:1rem;font-weight:400;margin:0}
.ref-head>.rh,.ref-toggle{display:flex;gap:.2rem .6rem;flex-wrap:wrap;align-items:baseline;width:100%;text-align:left;padding:.55rem .75rem;background:transparent;border:0;border-radius:6px 6px 0 0;min-height:2.75rem;color:var(--fg)}
.ref-toggle:hover{background:var(--panel)}
.ref-toggle::before{content:"▸";display:inline-block;width:.8rem;color:var(--muted);transition:transform .15s}
.ref-toggle[aria-expanded=true]::before{transform:rotate(90deg)}
.ref .num{font-weight:700}
.ref .short{flex:1 1 14rem;min-width:0;overflow-wrap:anywhere}
.status-badge{display:inline-flex;align-items:center;gap:.3rem;font-weight:700;font-size:.9rem;white-space:nowrap;border-radius:999px;padding:0 .55rem;border:1px solid currentColor}
.status-badge.st-verified{color:var(--ok);background:var(--ok-bg)}
.status-badge.st-discrepancies{color:var(--warning);background:var(--warning-bg)}
.status-badge.st-unresolved{color:var(--unresolved);background:var(--unresolved-bg)}
.count-badge{font-size:.85rem;white-space:nowrap}
.ref .links{margin:0;padding:0 .75rem .5rem 1.55rem;display:flex;flex-wrap:wrap;gap:.1rem 1rem;font-size:.95rem}
.ref-body{padding:.25rem .75rem .75rem 1.55rem;border-top:1px solid var(--line)}
.ref-body h4,.ref-body h5,.ref-body h6{font-size:.95rem;margin:.75rem 0 .3rem}
.raw{margin:.25rem 0 0;padding:.4rem .6rem;background:var(--panel);border-radius:4px;overflow-wrap:anywhere;font-size:.95rem}
.fields{width:100%;border-collapse:collapse;font-size:.92rem;table-layout:fixed}
.fields caption{text-align:left;font-weight:600;padding:.2rem 0}
.fields th,.fields td{border-top:1px solid var(--line);padding:.3rem .4rem;vertical-align:top;text-align:left;overflow-wrap:anywhere}
.fields thead th{border-top:0;color:var(--muted);font-weight:600}
.fields th[scope=row]{width:5.5rem;font-weight:600}
.fields tr.differs{background:var(--lv-bg)}
.fields tr.differs th[scope=row]{box-shadow:inset 4px 0 var(--lv-fill)}
.fields .src{display:block;color:var(--muted);font-size:.8rem}
.fields .flag{display:block;font-size:.8rem;font-weight:700;color:var(--lv)}
.empty{color:var(--muted)}
.plain{list-style:none;margin:0;padding:0}
.plain li{margin:.15rem 0}
.notice{border:1px solid var(--lv-fill);border-left:5px solid var(--lv-fill);background:var(--lv-bg);border-radius:4px;padding:.4rem .7rem;margin:.5rem 0}
.notice p{margin:0}
.footer{border-top:1px solid var(--line);padding:1rem clamp(1rem,3vw,2rem) 2rem;color:var(--muted);font-size:.9rem}
.footer p{margin:.2rem 0}
.hide-error [data-level=error]{display:none}
.hide-warning [data-level=warning]{display:none}
.hide-info [data-level=info]{display:none}
.hide-accepted [data-level=accepted]{display:none}
.ref-body[hidden]{padding:0;border:0}
@media (min-width:64rem){
.layout{grid-template-columns:minmax(0,1.35fr) minmax(24rem,1fr)}
.refs{position:sticky;top:calc(var(--bar-h) + .75rem);max-height:calc(100vh - var(--bar-h) - 1.5rem);overflow:auto;overscroll-behavior:contain;padding-right:.25rem}
}
@media (max-width:40rem){
body{font-size:15px}
.line{grid-template-columns:2.4rem minmax(0,1fr)}
.ln{padding-right:.35rem}
.lc{padding:.1rem .5rem .1rem .4rem}
.tile{min-width:6rem;padding:.25rem .6rem}
.tile dd{font-size:1.25rem}
.fields th[scope=row]{width:5rem}
.ref .links,.ref-body{padding-left:.75rem}
.finding .goto{margin-left:0}
.cmp{grid-template-columns:minmax(0,1fr)}
.cmp dd{margin-bottom:.2rem}
.bar{gap:.35rem .5rem;padding:.35rem .75rem}
.bar legend,.bar .word,.bar .status{position:absolute;width:1px;height:1px;margin:-1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.chip{padding:.1rem .5rem .1rem .4rem;gap:.3rem}
.bar button{padding:.2rem .6rem}
}
@media (prefers-reduced-motion:reduce){*{transition:none!important;scroll-behavior:auto!important}}
@media print{
:root{--bar-h:0px}
body{font-size:11pt;background:#fff;color:#000}
.bar,.skip,.section-head button,.goto-ref{display:none!important}
.layout{display:block;padding:0 1rem}
.refs{position:static;max-height:none;overflow:visible}
.ref-body,.ref-body[hidden]{display:block!important;content-visibility:visible!important}
.ref-toggle::before{content:none}
.finding,.ref,.notice,.fields tr{break-inside:avoid}
.line{break-inside:avoid}
a{color:#000}
.ref .links a::after{content:" <" attr(href) ">";font-size:.85em}
mark.hl,.finding,.tile,.status-badge,.notice,mark.dw,.fields tr.differs{-webkit-print-color-adjust:exact;print-color-adjust:exact}
.hide-error [data-level=error],.hide-warning [data-level=warning],.hide-info [data-level=info],.hide-accepted [data-level=accepted]{display:none}
}
"""

CSS = (
    ":root{"
    + _vars(LIGHT)
    + "--bar-h:3.25rem;color-scheme:light dark}\n"
    + "@media (prefers-color-scheme:dark){:root{"
    + _vars(DARK)
    + "}}"
    + _CSS_BODY
)

SCRIPT = r"""
(function () {
  "use strict";
  var doc = document;
  var root = doc.documentElement;
  root.classList.add("js");
  var RANK = { error: 4, warning: 3, info: 2, accepted: 1 };
  var shown = { error: true, warning: true, info: true, accepted: true };
  function all(sel, el) {
    return Array.prototype.slice.call((el || doc).querySelectorAll(sel));
  }
  function best(levels) {
    var top = "";
    levels.split(" ").forEach(function (l) {
      if (shown[l] && (top === "" || RANK[l] > RANK[top])) { top = l; }
    });
    return top;
  }
  var bar = doc.getElementById("bar");
  var status = doc.getElementById("filter-status");
  function measure() {
    if (bar) { root.style.setProperty("--bar-h", bar.offsetHeight + "px"); }
  }
  function apply() {
    Object.keys(shown).forEach(function (l) { root.classList.toggle("hide-" + l, !shown[l]); });
    all("[data-levels]").forEach(function (el) {
      el.setAttribute("data-show", best(el.getAttribute("data-levels")));
    });
    if (status) {
      var items = all(".toc li[data-level]");
      var visible = items.filter(function (el) { return shown[el.getAttribute("data-level")]; });
      status.textContent = (status.getAttribute("data-template") || "{shown} / {total}")
        .replace("{shown}", String(visible.length)).replace("{total}", String(items.length));
    }
    measure();
  }
  function setOpen(card, open) {
    var button = card.querySelector(".ref-toggle");
    var panel = card.querySelector(".ref-body");
    if (!button || !panel) { return; }
    button.setAttribute("aria-expanded", open ? "true" : "false");
    if (open) { panel.removeAttribute("hidden"); } else { panel.setAttribute("hidden", "until-found"); }
  }
  all(".ref").forEach(function (card) {
    var head = card.querySelector(".ref-head");
    var label = head && head.querySelector(".rh");
    var panel = card.querySelector(".ref-body");
    if (!label || !panel) { return; }
    var button = doc.createElement("button");
    button.type = "button";
    button.className = "ref-toggle";
    button.setAttribute("aria-controls", panel.id);
    while (label.firstChild) { button.appendChild(label.firstChild); }
    head.replaceChild(button, label);
    button.addEventListener("click", function () {
      setOpen(card, button.getAttribute("aria-expanded") !== "true");
    });
    panel.addEventListener("beforematch", function () { setOpen(card, true); });
    setOpen(card, card.getAttribute("data-open") === "true");
  });
  all("[data-expand]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var open = button.getAttribute("data-expand") === "all";
      var scope = button.closest(".refs") || doc;
      all(".ref", scope).forEach(function (card) { setOpen(card, open); });
    });
  });
  all("input[data-filter]").forEach(function (box) {
    shown[box.value] = box.checked;
    box.addEventListener("change", function () { shown[box.value] = box.checked; apply(); });
  });
  function reveal(id) {
    var el = id ? doc.getElementById(id) : null;
    if (!el) { return null; }
    var card = el.closest(".ref");
    if (card) { setOpen(card, true); }
    var holder = el.closest("[data-level]");
    var level = holder && holder.getAttribute("data-level");
    if (level && !shown[level]) {
      shown[level] = true;
      all("input[data-filter]").forEach(function (box) { if (box.value === level) { box.checked = true; } });
      apply();
    }
    return el;
  }
  function target(a) {
    var href = a.getAttribute("href") || "";
    if (href.charAt(0) !== "#") { return ""; }
    try { return decodeURIComponent(href.slice(1)); } catch (e) { return ""; }
  }
  doc.addEventListener("click", function (ev) {
    var a = ev.target && ev.target.closest ? ev.target.closest("a[href^='#']") : null;
    if (!a) { return; }
    var el = reveal(target(a));
    if (el && el.classList.contains("ref")) {
      var button = el.querySelector(".ref-toggle");
      if (button) { setTimeout(function () { button.focus({ preventScroll: true }); }, 0); }
    } else if (el && el.classList.contains("finding")) {
      setTimeout(function () { el.focus({ preventScroll: true }); }, 0);
    }
  });
  window.addEventListener("hashchange", function () { reveal(location.hash.slice(1)); });
  function notes() {
    return all(".notes > .finding").filter(function (n) { return n.offsetParent !== null; });
  }
  function go(step) {
    var list = notes();
    if (!list.length) { return; }
    var active = doc.activeElement && doc.activeElement.closest ? doc.activeElement.closest(".finding") : null;
    var i = list.indexOf(active);
    if (i < 0) {
      var edge = (bar ? bar.offsetHeight : 0) + 8;
      i = step > 0 ? -1 : list.length;
      for (var k = 0; k < list.length; k++) {
        var top = list[k].getBoundingClientRect().top;
        if (step > 0 && top > edge + 1) { i = k - 1; break; }
        if (step < 0 && top >= edge - 1) { i = k; break; }
      }
    }
    var next = list[(i + step + list.length) % list.length];
    next.scrollIntoView({ block: "start" });
    next.focus({ preventScroll: true });
  }
  all("[data-go]").forEach(function (button) {
    button.addEventListener("click", function () { go(button.getAttribute("data-go") === "next" ? 1 : -1); });
  });
  if (bar) { bar.hidden = false; }
  window.addEventListener("resize", measure);
  apply();
  if (location.hash) { reveal(location.hash.slice(1)); }
})();
"""


def _csp_hash(text: str) -> str:
    return (
        "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"
    )


CSP = (
    "default-src 'none'; "
    f"style-src {_csp_hash(CSS)}; "
    f"script-src {_csp_hash(SCRIPT)}; "
    "img-src 'none'; base-uri 'none'; form-action 'none'"
)


# ---------------------------------------------------------------------------
# The article's text.


def article_text(report: Report) -> str | None:
    """The article's text, with the line numbers of the report: the report's own copy
    when it carries one, else the file it names (decoded as the CLI decoded it); None
    for standard input or a file that cannot be read."""
    own = getattr(report, "text", None)
    if isinstance(own, str) and own:
        return own
    if not report.article or report.article == "-":
        return None
    from asrefs.errors import AsrefsError
    from asrefs.read import read_article

    try:
        return read_article(report.article).text
    except (AsrefsError, OSError, ValueError):
        return None


def _language(text: str) -> str | None:
    sample = text[:20000]
    letters = sum(1 for ch in sample if ch.isalpha())
    if letters and len(_CJK.findall(sample)) * 5 >= letters:
        return "zh"
    return None


# ---------------------------------------------------------------------------
# Spans in a line: citation links and highlighted passages.


@dataclass
class _Span:
    start: int
    end: int
    href: str | None = None  # a link (citation marker, reference label)
    findings: tuple[int, ...] = ()  # finding numbers highlighted here


@dataclass
class _Line:
    number: int
    start: int
    text: str
    spans: list[_Span] = field(default_factory=list)
    findings: list[int] = field(default_factory=list)


def _render_spans(line: _Line, levels: dict[int, str]) -> str:
    text = line.text
    cuts = {0, len(text)}
    for s in line.spans:
        cuts.add(max(0, min(len(text), s.start)))
        cuts.add(max(0, min(len(text), s.end)))
    points = sorted(cuts)
    out: list[str] = []
    current_href: str | None = None
    for a, b in itertools.pairwise(points):
        if a >= b:
            continue
        href = next((s.href for s in line.spans if s.href and s.start <= a and b <= s.end), None)
        marks = sorted({n for s in line.spans if s.start <= a and b <= s.end for n in s.findings})
        if href != current_href:
            if current_href is not None:
                out.append("</a>")
            if href is not None:
                out.append(f'<a class="cite" href="{esc(href)}">')
            current_href = href
        piece = esc(text[a:b])
        if marks:
            lv = sorted({levels[n] for n in marks}, key=lambda x: -_RANK[x])
            out.append(
                f'<mark class="hl" data-f="{" ".join(f"f{n}" for n in marks)}" '
                f'data-levels="{" ".join(lv)}" data-show="{lv[0]}">{piece}</mark>'
            )
        else:
            out.append(piece)
    if current_href is not None:
        out.append("</a>")
    return "".join(out)


def _sentence_span(line: _Line, claim: Claim) -> tuple[int, int] | None:
    """Where the claim's sentence is in the line (columns), or around the claim."""
    col = claim.offset - line.start
    words = claim.sentence.split()
    if words:
        pattern = re.compile(r"\s+".join(re.escape(w) for w in words))
        matches = list(pattern.finditer(line.text))
        if matches:
            inside = [m for m in matches if m.start() <= col < m.end()]
            m = (inside or matches)[0]
            return m.start(), m.end()
    if 0 <= col < len(line.text):
        a = col
        while a > 0 and line.text[a - 1] not in _SENTENCE_END:
            a -= 1
        b = col
        while b < len(line.text) and line.text[b] not in _SENTENCE_END:
            b += 1
        b = min(len(line.text), b + 1)
        while a < b and line.text[a].isspace():
            a += 1
        return (a, b) if a < b else None
    return None


# ---------------------------------------------------------------------------
# Display forms of printed and registered fields.


def _author(a: Author) -> str:
    return f"{a.family} {a.given}".strip() if a.given else a.family


def _authors(authors: Sequence[Author], lang: str, et_al: bool = False, limit: int = 0) -> str:
    names = [_author(a) for a in authors]
    more = ""
    if limit and len(names) > limit:
        more = _t(lang, "fields.n-authors", n=len(names))
        names = names[:limit]
    text = ", ".join(names)
    if et_al:
        text += ", et al."
    return text + more


def _printed_date(ref: Reference) -> str | None:
    if ref.year is None:
        return None
    out = str(ref.year)
    if ref.month:
        out += f"-{ref.month:02d}"
        if ref.day:
            out += f"-{ref.day:02d}"
    return out


def _record_dates(rec: Record) -> str | None:
    if rec.dates:
        return ", ".join(f"{kind} {value}" for kind, value in rec.dates)
    return str(rec.year) if rec.year else None


def _pages(pages: str | None, number: str | None, lang: str) -> str | None:
    label = _t(lang, "fields.article-number", n=number) if number else None
    if pages and number and pages != number:
        return f"{pages} ({label})"
    return pages or label


def _title(rec: Record) -> str | None:
    if rec.title and rec.subtitle:
        return f"{rec.title}: {rec.subtitle}"
    return rec.title


def _diff(a: str, b: str) -> tuple[str, str]:
    """Both strings escaped, with the words (or CJK characters) that differ marked."""
    ta, tb = _TOKEN.findall(a), _TOKEN.findall(b)
    if "".join(ta) != a or "".join(tb) != b:  # tokens must cover the text
        return esc(a), esc(b)
    sm = difflib.SequenceMatcher(
        None, [t.casefold() for t in ta], [t.casefold() for t in tb], autojunk=False
    )
    out_a: list[str] = []
    out_b: list[str] = []
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        sa, sb = "".join(ta[i1:i2]), "".join(tb[j1:j2])
        if op == "equal":
            out_a.append(esc(sa))
            out_b.append(esc(sb))
            continue
        out_a.append(_marked(sa))
        out_b.append(_marked(sb))
    return "".join(out_a), "".join(out_b)


def _marked(text: str) -> str:
    """The text escaped and marked as differing, its surrounding spaces left out."""
    core = text.strip()
    if not core:
        return esc(text)
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()) :]
    return f'{esc(lead)}<mark class="dw">{esc(core)}</mark>{esc(trail)}'


# ---------------------------------------------------------------------------
# One report.


def _h(level: int) -> str:
    return f"h{min(6, level)}"


def _level_label(level: str, word: str) -> str:
    return (
        f'<span class="lvl lv-{level}"><span class="ico" aria-hidden="true"><span>'
        f"{_LEVEL_ICON[level]}</span></span>{esc(word)}</span>"
    )


@dataclass
class _View:
    report: Report
    prefix: str
    base: int  # heading level of the report's sections
    quiet: bool = False
    lang: str = "en"
    text: str | None = None
    lines: list[_Line] = field(default_factory=list)
    numbers: dict[int, int] = field(default_factory=dict)  # id(finding) -> number
    levels: dict[int, str] = field(default_factory=dict)  # number -> level
    refs: dict[int, ReferenceResult] = field(default_factory=dict)
    statuses: dict[int, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        r = self.report
        for n, f in enumerate(r.findings, 1):
            self.numbers[id(f)] = n
            self.levels[n] = level_of(f)
        for res in r.results:
            self.refs.setdefault(res.reference.index, res)
            own = [f for f in r.findings if f.ref == res.reference.index]
            self.statuses[res.reference.index] = reference_status(res, own)
        self.text = None if self.quiet else article_text(r)
        if self.text is not None:
            self._lay_out(self.text)

    def t(self, key: str, **values: object) -> str:
        return _t(self.lang, key, **values)

    def th(self, key: str, **html_values: str) -> str:
        """The template escaped, then filled with values that are already HTML."""
        en, zh = _UI[key]
        return esc(zh if self.lang == "zh" else en).format(**html_values)

    def level_word(self, level: str) -> str:
        return self.t(f"level.{level}")

    def source_short(self, source: str) -> str:
        return self.t("source.both") if source == "both" else self.registry(source)

    def registry(self, source: str | None) -> str:
        if not source:
            return ""
        key = f"registry.{source}"
        return self.t(key) if key in _UI else source

    def problem(self, problem: Problem) -> str:
        key = f"problem.{problem.value}"
        return self.t(key) if key in _UI else problem.value

    def line_word(self, n: int) -> str:
        return self.t("line", n=n)

    def line_link(self, n: int) -> str:
        if self.has_line(n):
            return f'<a href="#{self.line_id(n)}">{esc(self.line_word(n))}</a>'
        return esc(self.line_word(n))

    # ids ----------------------------------------------------------------
    def fid(self, f: Finding) -> str:
        return f"{self.prefix}f{self.numbers[id(f)]}"

    def ref_id(self, index: int) -> str:
        return f"{self.prefix}ref-{index}"

    def line_id(self, number: int) -> str:
        return f"{self.prefix}L{number}"

    def has_line(self, number: int) -> bool:
        return 1 <= number <= len(self.lines)

    # layout -------------------------------------------------------------
    def _lay_out(self, text: str) -> None:
        pos = 0
        raw_lines = text.split("\n")
        if raw_lines and raw_lines[-1] == "" and len(raw_lines) > 1:
            raw_lines.pop()
        for i, t in enumerate(raw_lines, 1):
            self.lines.append(_Line(i, pos, t))
            pos += len(t) + 1
        r = self.report
        for m in r.markers:
            line = self._line_at(m.line, m.offset, m.text)
            if line is not None and m.refs and m.refs[0] in self.refs:
                col = m.offset - line.start
                line.spans.append(_Span(col, col + len(m.text), href="#" + self.ref_id(m.refs[0])))
        for res in r.results:
            ref = res.reference
            if ref.label:
                line = self._line_at(ref.line, ref.offset, ref.label)
                if line is not None:
                    col = ref.offset - line.start
                    line.spans.append(
                        _Span(col, col + len(ref.label), href="#" + self.ref_id(ref.index))
                    )
        for f in r.findings:
            if not self.has_line(f.line):
                continue
            line = self.lines[f.line - 1]
            n = self.numbers[id(f)]
            line.findings.append(n)
            where = self._locate(line, f)
            if where is not None:
                line.spans.append(_Span(where[0], where[1], findings=(n,)))

    def _line_at(self, number: int, offset: int, expect: str) -> _Line | None:
        if not self.has_line(number):
            return None
        line = self.lines[number - 1]
        col = offset - line.start
        if col < 0 or line.text[col : col + len(expect)] != expect:
            return None
        return line

    def _locate(self, line: _Line, f: Finding) -> tuple[int, int] | None:
        if f.origin is Origin.TEXT and f.ref is not None:
            kind = _FIELD_CLAIM.get(f.field or "")
            claims = [c for c in self.report.claims if c.ref == f.ref and c.line == f.line]
            same = [c for c in claims if kind is not None and c.kind == kind]
            for c in same or claims:
                span = _sentence_span(line, c)
                if span is not None:
                    return span
        if f.found and len(f.found.strip()) >= 2:
            col = line.text.find(f.found)
            if col >= 0:
                return col, col + len(f.found)
        return None

    # pieces -------------------------------------------------------------
    def finding_html(self, f: Finding, *, own_id: str, in_panel: bool = False) -> str:
        lv = level_of(f)
        meaning = _code_title(f.code, self.lang)
        head = [
            _level_label(f.severity.value, self.level_word(f.severity.value)),
            f'<code class="code">{esc(f.code)}</code>',
        ]
        if meaning:
            head.append(f'<span class="meaning">{esc(meaning)}</span>')
        if in_panel:
            if self.has_line(f.line):
                head.append(
                    f'<a class="goto" href="#{self.fid(f)}">{esc(self.line_word(f.line))}'
                    f'<span class="vh">{esc(self.t("line.of-article"))}</span></a>'
                )
            elif f.line > 0:
                head.append(f'<span class="goto">{esc(self.line_word(f.line))}</span>')
        elif f.ref is not None and f.ref in self.refs:
            head.append(
                f'<a class="goto goto-ref" href="#{self.ref_id(f.ref)}">'
                f"{esc(self.t('reference', n=f.ref))}</a>"
            )
        parts = [
            f'<li class="finding" id="{own_id}" data-level="{lv}" tabindex="-1">',
            f'<p class="fh">{" ".join(head)}</p>',
            f'<p class="msg">{esc(f.message)}</p>',
        ]
        in_table = (
            in_panel and f.origin is Origin.REFERENCE and _FIELD_ROW.get(f.field or "") is not None
        )
        if (f.found is not None or f.expected is not None) and not in_table:
            found, expected = esc(f.found or "—"), esc(f.expected or "—")
            if f.found and f.expected and f.field in ("title", "journal", "authors"):
                found, expected = _diff(f.found, f.expected)
            source = self.registry(f.source)
            registry = (
                self.t("cmp.registry-from", source=source) if source else self.t("cmp.registry")
            )
            parts.append(
                f'<dl class="cmp"><dt>{esc(self.t("cmp.article"))}</dt><dd>{found}</dd>'
                f"<dt>{esc(registry)}</dt><dd>{expected}</dd></dl>"
            )
        if f.fix:
            fix = esc(f.fix)
            res = self.refs.get(f.ref) if f.ref is not None else None
            if res is not None:
                fix = _diff(res.reference.raw.strip(), f.fix.strip())[1]
            parts.append(f'<p class="fix"><strong>{esc(self.t("fix"))}</strong> {fix}</p>')
        if f.accepted is not None:
            parts.append(f'<p class="acc">{esc(self.t("accepted", reason=f.accepted))}</p>')
        parts.append("</li>")
        return "".join(parts)

    # sections -------------------------------------------------------------
    def summary_html(self) -> str:
        r = self.report
        s = summary(r)
        by_status = {k: 0 for k in _STATUS_ICON}
        for st in self.statuses.values():
            by_status[st] += 1
        accepted = sum(1 for f in r.findings if f.accepted is not None)
        h = _h(self.base)
        p = self.prefix
        out = [f'<section class="summary" aria-labelledby="{p}summary-h">']
        out.append(f'<{h} id="{p}summary-h" class="vh">{esc(self.t("summary"))}</{h}>')
        out.append(f'<p class="verdict">{esc(self.verdict(s, by_status))}</p>')
        out.append('<div class="tiles">')
        out.append(f'<dl aria-label="{esc(self.t("summary.by-verdict"))}">')
        out.append(
            f'<div class="tile"><dt>{esc(self.t("summary.references"))}</dt>'
            f"<dd>{s['references']}</dd></div>"
        )
        for st, icon in _STATUS_ICON.items():
            out.append(
                f'<div class="tile st-{st}"><dt><span aria-hidden="true">{icon}</span>'
                f"{esc(self.t('status.' + st))}</dt><dd>{by_status[st]}</dd></div>"
            )
        out.append("</dl>")
        out.append(f'<dl aria-label="{esc(self.t("summary.by-level"))}">')
        counts = {"error": s["error"], "warning": s["warning"], "info": s["info"]}
        counts["accepted"] = accepted
        for lv in LEVELS:
            if lv == "accepted" and not accepted:
                continue
            out.append(
                f'<div class="tile lv-{lv}"><dt>{_level_label(lv, self.t("levels." + lv))}</dt>'
                f"<dd>{counts[lv]}</dd></div>"
            )
        out.append("</dl></div>")
        if r.notes:
            out.append('<ul class="notes-list">')
            out.extend(f"<li>{esc(n)}</li>" for n in r.notes)
            out.append("</ul>")
        out.append("</section>")
        return "".join(out)

    def verdict(self, s: dict[str, int], by_status: dict[str, int]) -> str:
        parts: list[str] = []
        for key, n in (("error", s["error"]), ("warning", s["warning"]), ("note", s["info"])):
            if n:
                parts.append(self.t(f"verdict.{key}") if n == 1 else self.t(f"verdict.{key}s", n=n))
        if parts:
            head = self.t("verdict.sep").join(parts) + self.t("verdict.end")
            head = head[0].upper() + head[1:]
        else:
            head = self.t("verdict.none")
        sep = "" if self.lang == "zh" else " "
        total = s["references"]
        if not total:
            return head + sep + self.t("verdict.no-list")
        if by_status["unresolved"]:
            reasons: dict[str, int] = {}
            for res in self.report.results:
                problem = res.problem
                if problem is not None:
                    why = self.problem(problem)
                    reasons[why] = reasons.get(why, 0) + 1
            if len(reasons) == 1:
                why = next(iter(reasons))
            else:
                why = "; ".join(f"{k}: {w}" for w, k in sorted(reasons.items()))
            n = by_status["unresolved"]
            return head + sep + self.t("verdict.unresolved", n=n, total=total, why=why)
        if by_status["verified"] == total and not (s["error"] or s["warning"]):
            return head + sep + self.t("verdict.all-match", total=total)
        return head + sep + self.t("verdict.some-match", n=by_status["verified"], total=total)

    def toc_html(self) -> str:
        r = self.report
        h = _h(self.base)
        p = self.prefix
        out = [f'<nav class="toc" aria-labelledby="{p}toc-h">']
        out.append(
            f'<div class="section-head"><{h} id="{p}toc-h">'
            f"{esc(self.t('findings', n=len(r.findings)))}</{h}></div>"
        )
        if not r.findings:
            out.append(f'<p class="empty">{esc(self.t("findings.none"))}</p></nav>')
            return "".join(out)
        out.append("<ol>")
        for f in r.findings:
            lv = level_of(f)
            where = self.line_word(f.line) if f.line > 0 else self.t("findings.list")
            if f.ref is not None:
                where += f" · [{f.ref}]"
            target = self.fid(f) if self.has_line(f.line) else None
            if target is None and f.ref is not None and f.ref in self.refs:
                target = f"{self.ref_id(f.ref)}-{self.fid(f)}"
            elif target is None:
                target = f"{p}u-{self.fid(f)}"
            msg = _code_title(f.code, self.lang) if self.lang == "zh" else f.message
            out.append(
                f'<li data-level="{lv}">'
                f"{_level_label(f.severity.value, self.level_word(f.severity.value))}"
                f'<a class="where" href="#{target}">{esc(where)} · '
                f"<code>{esc(f.code)}</code></a>"
                f'<span class="msg">{esc(msg)}</span></li>'
            )
        out.append("</ol></nav>")
        return "".join(out)

    def article_html(self) -> str:
        r = self.report
        h = _h(self.base)
        p = self.prefix
        out = [f'<section class="article" aria-labelledby="{p}article-h">']
        out.append(
            f'<div class="section-head"><{h} id="{p}article-h">{esc(self.t("article"))}</{h}>'
            f'<p class="hint">{esc(self.t("article.hint"))}</p></div>'
        )
        unplaced = [f for f in r.findings if not self.has_line(f.line) and f.ref is None]
        if self.text is None:
            out.append(f'<p class="empty">{esc(self.t("article.missing"))}</p>')
        if unplaced:
            out.append(
                f'<ul class="notes unplaced" aria-label="{esc(self.t("findings.unplaced"))}">'
            )
            out.extend(self.finding_html(f, own_id=f"{p}u-{self.fid(f)}") for f in unplaced)
            out.append("</ul>")
        if self.text is not None:
            lang = _language(self.text)
            lang_attr = f' lang="{lang}"' if lang else ""
            out.append(f'<ol class="article-text"{lang_attr}>')
            by_number = {self.numbers[id(f)]: f for f in r.findings}
            for line in self.lines:
                out.append(self.line_html(line, by_number))
            out.append("</ol>")
        out.append("</section>")
        return "".join(out)

    def line_html(self, line: _Line, by_number: dict[int, Finding]) -> str:
        classes = ["line"]
        if not line.text.strip():
            classes.append("blank")
        elif line.text.lstrip().startswith("#"):
            classes.append("head")
        attrs = ""
        if line.findings:
            levels = sorted({self.levels[n] for n in line.findings}, key=lambda x: -_RANK[x])
            attrs = f' data-levels="{" ".join(levels)}" data-show="{levels[0]}"'
        lid = self.line_id(line.number)
        body = _render_spans(line, self.levels) if line.text else ""
        out = [
            f'<li class="{" ".join(classes)}" id="{lid}"{attrs}>'
            f'<a class="ln" href="#{lid}" aria-label="{esc(self.line_word(line.number))}">'
            f"{line.number}</a>"
            f'<div class="lc"><p class="tx">{body}</p>'
        ]
        if line.findings:
            label = esc(self.t("findings.on-line", n=line.number))
            out.append(f'<ul class="notes" aria-label="{label}">')
            for n in line.findings:
                f = by_number[n]
                out.append(self.finding_html(f, own_id=self.fid(f)))
            out.append("</ul>")
        out.append("</div></li>")
        return "".join(out)

    def refs_html(self) -> str:
        r = self.report
        h = _h(self.base)
        p = self.prefix
        out = [f'<section class="refs" aria-labelledby="{p}refs-h">']
        out.append(
            f'<div class="section-head"><{h} id="{p}refs-h">'
            f"{esc(self.t('refs', n=len(r.results)))}</{h}>"
            f'<span><button type="button" data-expand="all" hidden>{esc(self.t("refs.expand"))}'
            f'</button> <button type="button" data-expand="none" hidden>'
            f"{esc(self.t('refs.collapse'))}</button></span></div>"
        )
        if not r.results:
            out.append(f'<p class="empty">{esc(self.t("refs.none"))}</p>')
        for res in r.results:
            out.append(self.ref_html(res))
        out.append("</section>")
        return "".join(out)

    def ref_html(self, res: ReferenceResult) -> str:
        r = self.report
        ref = res.reference
        rid = self.ref_id(ref.index)
        status = self.statuses[ref.index]
        icon, word = _STATUS_ICON[status], self.t(f"status.{status}")
        own = [f for f in r.findings if f.ref == ref.index]
        live = [f for f in own if f.accepted is None]
        records = res.records
        merged = merge_records(records)
        notices = list(merged.updates) if merged is not None else []
        problem = res.problem
        classes = ["ref", f"st-{status}"]
        if any(f.severity.value == "error" for f in live):
            classes.append("has-error")
        is_open = bool(live) or bool(notices) or status == "discrepancies"
        hh = _h(self.base + 1)
        label = ref.label or f"[{ref.index}]"
        badge = f'<span class="status-badge st-{status}"><span aria-hidden="true">{icon}</span>'
        badge += esc(word)
        if problem is not None:
            badge += f'<span class="vh">: {esc(self.problem(problem))}</span>'
        badge += "</span>"
        count = ""
        if own:
            lv = _top(level_of(f) for f in own)
            count = (
                f'<span class="count-badge lvl lv-{lv}">'
                f"{esc(self.t('findings.count.one') if len(own) == 1 else self.t('findings.count', n=len(own)))}</span>"
            )
        out = [
            f'<article class="{" ".join(classes)}" id="{rid}" aria-labelledby="{rid}-h" '
            f'data-open="{"true" if is_open else "false"}">',
            f'<{hh} class="ref-head" id="{rid}-h"><span class="rh">'
            f'<span class="num">{esc(label)}</span> {badge} {count} '
            f'<span class="short">{esc(_short(ref, merged))}</span></span></{hh}>',
        ]
        links = self.links(ref, merged)
        if links:
            out.append(f'<p class="links">{" ".join(links)}</p>')
        out.append(f'<div class="ref-body" id="{rid}-body">')
        hs = _h(self.base + 2)
        if problem is not None:
            lines = [
                f"<li>{esc(self.registry(lk.source))}: {esc(str(lk.identifier))} — "
                f"{esc(self.problem(lk.problem) if lk.problem else self.t('ref.found'))}</li>"
                for lk in res.lookups
            ]
            out.append(
                f"<p><strong>{esc(self.t('ref.unresolved'))}</strong> "
                f"{esc(self.problem(problem))}{esc(self.t('verdict.end'))} "
                f"{esc(self.t('ref.unchecked'))}</p>"
            )
            if lines:
                out.append(f'<ul class="plain">{"".join(lines)}</ul>')
        for u in notices:
            out.append(self.notice_html(u))
        if own:
            out.append(f"<{hs}>{esc(self.t('ref.findings'))}</{hs}>")
            out.append('<ul class="notes">')
            out.extend(
                self.finding_html(f, own_id=f"{rid}-{self.fid(f)}", in_panel=True) for f in own
            )
            out.append("</ul>")
        out.append(self.fields_html(ref, records, merged, own))
        out.append(f"<{hs}>{esc(self.t('ref.entry'))}</{hs}>")
        where = self.th("ref.in-list", where=self.line_link(ref.line))
        out.append(f'<p class="raw">{esc(ref.raw)}</p><p class="hint">{where}</p>')
        out.append(self.context_html(ref.index))
        if res.suggestion is not None:
            s = res.suggestion
            text = self.th(
                "ref.suggested",
                doi=_link(doi_url(s.doi), s.doi),
                score=f"{s.score:.2f}",
                source=esc(self.registry(s.source)),
            )
            out.append(f"<p>{text}</p>")
        if merged is not None and merged.relations:
            items = "".join(
                f"<li>{esc(kind.replace('-', ' '))}: {_link(doi_url(doi), doi)}</li>"
                for kind, doi in merged.relations
            )
            out.append(f'<{hs}>{esc(self.t("ref.related"))}</{hs}><ul class="plain">{items}</ul>')
        out.append("</div></article>")
        return "".join(out)

    def links(self, ref: Reference, merged: Record | None) -> list[str]:
        doi = ref.doi or (merged.doi if merged else None)
        pmid = ref.pmid or (merged.pmid if merged else None)
        pmcid = ref.pmcid or (merged.pmcid if merged else None)
        out: list[str] = []
        if doi_url(doi):
            out.append(_link(doi_url(doi), f"doi:{doi}"))
        elif doi:
            out.append(f"<span>doi: {esc(doi)}</span>")
        if pubmed_url(pmid):
            out.append(_link(pubmed_url(pmid), f"PubMed {pmid}"))
        if pmc_url(pmcid):
            out.append(_link(pmc_url(pmcid), str(pmcid)))
        return out

    def notice_html(self, u: Update) -> str:
        lv = _UPDATE_LEVEL.get(u.kind, "info")
        key = f"update.{u.kind}"
        word = self.t(key) if key in _UI else u.kind.replace("_", " ").capitalize()
        bits = [f"<strong>{esc(word)}</strong>"]
        if u.date:
            bits.append(esc(u.date))
        if u.label and u.label.lower() != word.lower():
            bits.append(esc(u.label))
        if u.doi:
            bits.append(self.th("ref.notice", link=_link(doi_url(u.doi), f"doi:{u.doi}")))
        if u.pmid:
            bits.append(_link(pubmed_url(u.pmid), f"PubMed {u.pmid}"))
        if u.source:
            bits.append(self.th("ref.source", source=esc(u.source)))
        return (
            f'<div class="notice lv-{lv}" role="note"><p>{_level_label(lv, word)} '
            f"{' · '.join(bits[1:]) if len(bits) > 1 else ''}</p></div>"
        )

    def fields_html(
        self,
        ref: Reference,
        records: dict[str, Record],
        merged: Record | None,
        own: list[Finding],
    ) -> str:
        sources = field_sources(records) if records else {}
        flagged: dict[str, str] = {}
        for f in own:
            if f.origin is not Origin.REFERENCE or f.field is None:
                continue
            row = _FIELD_ROW.get(f.field)
            if row is not None:
                flagged[row] = _top([flagged.get(row, level_of(f)), level_of(f)])
        rec = merged
        rows: list[tuple[str, str, str | None, str | None, str | None]] = [
            (
                "title",
                self.t("fields.title"),
                ref.title,
                _title(rec) if rec else None,
                sources.get("title"),
            ),
            (
                "authors",
                self.t("fields.authors"),
                _authors(ref.authors, self.lang, ref.et_al) if ref.authors else None,
                _authors(rec.authors, self.lang, limit=12) if rec and rec.authors else None,
                sources.get("authors"),
            ),
            (
                "journal",
                self.t("fields.journal"),
                ref.journal,
                (
                    rec.journal
                    + (f" ({'; '.join(rec.journal_abbrevs)})" if rec.journal_abbrevs else "")
                    if rec and rec.journal
                    else None
                ),
                sources.get("journal"),
            ),
            (
                "date",
                self.t("fields.date"),
                _printed_date(ref),
                _record_dates(rec) if rec else None,
                sources.get("dates") or sources.get("year"),
            ),
            (
                "volume",
                self.t("fields.volume"),
                ref.volume,
                rec.volume if rec else None,
                sources.get("volume"),
            ),
            (
                "issue",
                self.t("fields.issue"),
                ref.issue,
                rec.issue if rec else None,
                sources.get("issue"),
            ),
            (
                "pages",
                self.t("fields.pages"),
                _pages(ref.pages, ref.article_number, self.lang),
                _pages(rec.pages, rec.article_number, self.lang) if rec else None,
                sources.get("pages") or sources.get("article_number"),
            ),
            ("doi", self.t("fields.doi"), ref.doi, rec.doi if rec else None, sources.get("doi")),
            (
                "pmid",
                self.t("fields.pmid"),
                ref.pmid,
                rec.pmid if rec else None,
                sources.get("pmid"),
            ),
            (
                "pmcid",
                self.t("fields.pmcid"),
                ref.pmcid,
                rec.pmcid if rec else None,
                sources.get("pmcid"),
            ),
        ]
        hs = _h(self.base + 2)
        with_registry = rec is not None
        caption = self.t("fields.both" if with_registry else "fields.printed")
        out = [f"<{hs}>{esc(caption)}</{hs}>"]
        out.append('<table class="fields">')
        cols = (
            f'<th scope="col">{esc(self.t("fields.field"))}</th>'
            f'<th scope="col">{esc(self.t("fields.printed-col"))}</th>'
        )
        if with_registry:
            cols += f'<th scope="col">{esc(self.t("fields.registry-col"))}</th>'
        out.append(f"<thead><tr>{cols}</tr></thead><tbody>")
        for key, name, printed, registered, source in rows:
            if printed is None and registered is None:
                continue
            lv = flagged.get(key)
            # a class, not data-level: the row stays when its level is filtered out
            tr = f'<tr class="differs lv-{lv}">' if lv else "<tr>"
            head = esc(name)
            if lv:
                head += (
                    f'<span class="flag lv-{lv}"><span aria-hidden="true">≠ </span>'
                    f"{esc(self.t('fields.differs'))}"
                    f'<span class="vh"> ({esc(self.level_word(lv))})</span></span>'
                )
            p_html = esc(printed) if printed is not None else '<span class="empty">—</span>'
            r_html = esc(registered) if registered is not None else '<span class="empty">—</span>'
            if lv and printed and registered and key in ("title", "journal", "authors"):
                p_html, r_html = _diff(printed, registered)
            cells = f'<th scope="row">{head}</th><td>{p_html}</td>'
            if with_registry:
                src = (
                    f'<span class="src">{esc(self.source_short(source))}</span>'
                    if source and registered is not None
                    else ""
                )
                cells += f"<td>{r_html}{src}</td>"
            out.append(tr + cells + "</tr>")
        out.append("</tbody></table>")
        return "".join(out)

    def context_html(self, index: int) -> str:
        """Where the text cites the reference and what it says about it."""
        r = self.report
        cited = sorted({m.line for m in r.markers if index in m.refs})
        claims = [c for c in r.claims if c.ref == index]
        if not cited and not claims:
            return f'<p class="hint">{esc(self.t("ref.uncited", n=index))}</p>'
        hs = _h(self.base + 2)
        out = [f"<{hs}>{esc(self.t('ref.in-text'))}</{hs}>", '<ul class="plain">']
        if cited:
            where = esc(self.t("verdict.sep")).join(self.line_link(n) for n in cited)
            out.append(f"<li>{self.th('ref.cited', where=where)}</li>")
        for c in claims:
            kind = self.t(f"claim.{c.kind}") if f"claim.{c.kind}" in _UI else c.kind
            out.append(f"<li>{self.line_link(c.line)}: {esc(kind)} <q>{esc(c.value)}</q></li>")
        out.append("</ul>")
        return "".join(out)

    def html(self, *, with_summary: bool = True) -> str:
        parts = [self.summary_html()] if with_summary else []
        if self.quiet:
            parts.append(f'<div class="layout"><div>{self.toc_html()}</div></div>')
            return "".join(parts)
        parts.append('<div class="layout">')
        parts.append(f"<div>{self.toc_html()}{self.article_html()}</div>")
        parts.append(self.refs_html())
        parts.append("</div>")
        return "".join(parts)


def _short(ref: Reference, rec: Record | None) -> str:
    """A one-line name for a reference: first author, year, title."""
    who = (
        ref.authors[0].family
        if ref.authors
        else (rec.authors[0].family if rec and rec.authors else "")
    )
    year = ref.year or (rec.year if rec else None)
    title = ref.title or (rec.title if rec else None)
    if title is None:
        raw = " ".join(ref.raw.split())
        return raw if len(raw) <= 110 else raw[:109] + "…"
    if len(title) > 90:
        title = title[:89] + "…"
    head = " ".join(
        x
        for x in (
            who + (" et al." if who and (ref.et_al or len(ref.authors) > 2) else ""),
            f"({year})" if year else "",
        )
        if x
    )
    return f"{head} — {title}" if head else title


# ---------------------------------------------------------------------------
# The page.


def _filters(reports: Sequence[Report], lang: str) -> str:
    counts = {lv: 0 for lv in LEVELS}
    for r in reports:
        for f in r.findings:
            counts[level_of(f)] += 1
    chips = []
    for lv in LEVELS:
        if lv == "accepted" and not counts[lv]:
            continue
        chips.append(
            f'<label class="chip lv-{lv}"><input type="checkbox" data-filter value="{lv}" checked>'
            f'<span class="lvl"><span class="ico" aria-hidden="true"><span>{_LEVEL_ICON[lv]}'
            f'</span></span><span class="word">{esc(_t(lang, "levels." + lv))}</span></span>'
            f"<span>({counts[lv]})</span></label>"
        )
    return (
        '<div class="bar" id="bar" hidden>'
        f"<fieldset><legend>{esc(_t(lang, 'bar.show'))}</legend>{''.join(chips)}</fieldset>"
        '<div class="nav-buttons">'
        '<button type="button" data-go="prev"><span aria-hidden="true">↑ </span>'
        f'<span class="word">{esc(_t(lang, "bar.prev"))}</span></button>'
        '<button type="button" data-go="next"><span aria-hidden="true">↓ </span>'
        f'<span class="word">{esc(_t(lang, "bar.next"))}</span></button></div>'
        '<p class="status" id="filter-status" role="status" aria-live="polite" '
        f'data-template="{esc(_t(lang, "bar.status"))}"></p>'
        "</div>"
    )


def render(reports: Sequence[Report], ctx: RenderContext) -> str:
    lang = "zh" if ctx.lang == "zh" else "en"
    single = len(reports) == 1
    if single:
        article = reports[0].article
        name = Path(article).name if article not in ("", "-") else _t(lang, "page.stdin")
        title = _t(lang, "page.title", name=name)
    else:
        title = _t(lang, "page.title.many", n=len(reports))
    out = [
        "<!DOCTYPE html>\n",
        f'<html lang="{"zh-Hans" if lang == "zh" else "en"}">\n<head>\n<meta charset="utf-8">\n',
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
        f'<meta http-equiv="Content-Security-Policy" content="{esc(CSP)}">\n',
        '<meta name="referrer" content="no-referrer">\n',
        '<meta name="color-scheme" content="light dark">\n',
        f'<meta name="generator" content="asrefs {esc(__version__)}">\n',
        f"<title>{esc(title)}</title>\n",
        f"<style>{CSS}</style>\n",
        "</head>\n<body>\n",
        f'<a class="skip" href="#main">{esc(_t(lang, "page.skip"))}</a>\n',
        '<header class="page-head">',
        f"<h1>{esc(title)}</h1>",
    ]
    if single:
        out.append(
            f'<p class="sub">{esc(_t(lang, "page.article"))} '
            f'<span class="path">{esc(reports[0].article)}</span></p>'
        )
    out.append("</header>\n")
    out.append('<main id="main">\n')
    if not single:
        out.append(_filters(reports, lang) + "\n")
    for i, report in enumerate(reports, 1):
        if single:
            view = _View(report, prefix="", base=2, quiet=ctx.quiet, lang=lang)
            out.append(view.summary_html() + "\n")
            out.append(_filters(reports, lang) + "\n")
            out.append(view.html(with_summary=False))
        else:
            prefix = f"a{i}-"
            view = _View(report, prefix=prefix, base=3, quiet=ctx.quiet, lang=lang)
            out.append(
                f'<section class="report" aria-labelledby="{prefix}h">'
                f'<h2 class="report-title" id="{prefix}h"><span class="path">'
                f"{esc(report.article)}</span></h2>{view.html()}</section>"
            )
        out.append("\n")
    out.append("</main>\n")
    out.append('<footer class="footer">')
    for note in ctx.notes:
        out.append(f"<p>{esc(_t(lang, 'page.note', text=note))}</p>")
    out.append(f"<p>{esc(_t(lang, 'page.footer', version=__version__))}</p>")
    out.append("</footer>\n")
    out.append(f"<script>{SCRIPT}</script>\n")
    out.append("</body>\n</html>\n")
    return "".join(out)
