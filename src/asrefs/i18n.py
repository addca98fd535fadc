"""The report's fixed strings in English and Chinese.

A message catalogue as plain dictionaries rather than gettext: there are two languages
and a few hundred short strings, the catalogue is checked by mypy and by tests (every key
in both languages, the same placeholders in both, every finding code titled in both), it
ships inside the package with no compiled ``.mo`` files or build step, and a renderer
asks for a string by a stable id, never by its English text. ``MESSAGES`` serves the
text, Markdown and GitHub reports (``t``); ``HTML_MESSAGES`` the HTML page (``html_t``).

Finding codes are titled by ``codes.CODES[code].meaning`` in English and by
``CODE_TITLES_ZH`` in Chinese. Finding messages themselves are written in English by the
checking code; a Chinese report shows the code's Chinese title with the found and
expected values, and keeps the English message as a secondary line.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from string import Formatter

LANGS = ("en", "zh")

MESSAGES: dict[str, dict[str, str]] = {
    # the summary line
    "summary": {
        "en": "{article}: {references}, {resolved} resolved, {unresolved} unresolved; "
        "{errors}, {warnings}, {notes}",
        "zh": "{article}：共 {references}，{resolved} 条已查到登记记录，"
        "{unresolved} 条未能核查；{errors}，{warnings}，{notes}",
    },
    "summary.md": {
        "en": "**{references}** · **{resolved}** resolved · **{unresolved}** unresolved · "
        "{errors} · {warnings} · {notes}",
        "zh": "共 **{references}** · **{resolved}** 条已查到登记记录 · "
        "**{unresolved}** 条未能核查 · {errors} · {warnings} · {notes}",
    },
    # counted things (``count``): ".one" is the singular; Chinese has no plural
    "count.references": {"en": "{n} references", "zh": "{n} 条参考文献"},
    "count.references.one": {"en": "1 reference", "zh": "1 条参考文献"},
    "count.errors": {"en": "{n} errors", "zh": "{n} 个错误"},
    "count.errors.one": {"en": "1 error", "zh": "1 个错误"},
    "count.warnings": {"en": "{n} warnings", "zh": "{n} 个警告"},
    "count.warnings.one": {"en": "1 warning", "zh": "1 个警告"},
    "count.notes": {"en": "{n} notes", "zh": "{n} 条提示"},
    "count.notes.one": {"en": "1 note", "zh": "1 条提示"},
    "count.entries": {"en": "{n} entries", "zh": "{n} 个条目"},
    "count.entries.one": {"en": "1 entry", "zh": "1 个条目"},
    "count.stale-entries": {"en": "{n} stale or corrupt entries", "zh": "{n} 个过期或损坏的条目"},
    "count.stale-entries.one": {"en": "1 stale or corrupt entry", "zh": "1 个过期或损坏的条目"},
    "count.requests": {"en": "{n} requests", "zh": "{n} 个请求"},
    "count.requests.one": {"en": "1 request", "zh": "1 个请求"},
    # a reference's verdict
    "verdict.verified": {"en": "verified", "zh": "已核实"},
    "verdict.discrepancies": {"en": "discrepancies", "zh": "有出入"},
    "verdict.unresolved": {"en": "could not verify", "zh": "未能核查"},
    # why a reference could not be verified (models.Problem)
    "problem.not-found": {"en": "not-found", "zh": "查无记录"},
    "problem.other-agency": {"en": "other-agency", "zh": "由其他注册机构登记"},
    "problem.unavailable": {"en": "unavailable", "zh": "注册机构暂时无法访问"},
    "problem.not-cached": {"en": "not-cached", "zh": "缓存中没有记录"},
    "problem.no-identifier": {"en": "no-identifier", "zh": "未印标识符"},
    # severities
    "severity.error": {"en": "error", "zh": "错误"},
    "severity.warning": {"en": "warning", "zh": "警告"},
    "severity.info": {"en": "info", "zh": "提示"},
    # labels
    "label.line": {"en": "line {line}", "zh": "第 {line} 行"},
    "label.entry": {"en": "line {line}: {text}", "zh": "第 {line} 行：{text}"},
    "label.article": {"en": "article", "zh": "文中"},
    "label.registry": {"en": "registry", "zh": "登记记录"},
    "label.registry-from": {"en": "registry ({source})", "zh": "登记记录（{source}）"},
    "label.difference": {"en": "difference", "zh": "差异"},
    "label.fix": {"en": "fix", "zh": "建议改为"},
    "label.accepted": {"en": "accepted: {reason}", "zh": "已接受：{reason}"},
    "label.note": {"en": "note: {text}", "zh": "注：{text}"},
    "label.english": {"en": "{text}", "zh": "原文说明：{text}"},
    "label.reference": {"en": "reference {ref}", "zh": "参考文献 {ref}"},
    "label.none": {"en": "—", "zh": "—"},
    "label.search": {"en": "search by title", "zh": "按题名检索"},
    "label.both": {"en": "both", "zh": "Crossref 与 PubMed"},
    "section.text-and-list": {"en": "Text and list", "zh": "正文与文献列表"},
    # the Markdown report
    "md.title": {"en": "asrefs: `{article}`", "zh": "asrefs 核查报告：`{article}`"},
    "md.col.number": {"en": "#", "zh": "序号"},
    "md.col.status": {"en": "status", "zh": "结论"},
    "md.col.ids": {"en": "DOI / PMID", "zh": "DOI / PMID"},
    "md.col.code": {"en": "code", "zh": "代码"},
    "md.col.ref": {"en": "ref", "zh": "文献"},
    "md.col.line": {"en": "line", "zh": "行"},
    "md.col.article": {"en": "article", "zh": "文中"},
    "md.col.registry": {"en": "registry", "zh": "登记记录"},
    "md.col.message": {"en": "message", "zh": "说明"},
    "md.fixes": {"en": "Suggested fixes", "zh": "修改建议"},
    # the progress bar on standard error
    "progress.resolve": {"en": "resolving references", "zh": "正在查询参考文献"},
    "progress.check": {"en": "checking articles", "zh": "正在核对文章"},
    "progress.search": {"en": "searching DOIs", "zh": "正在检索 DOI"},
}

# Chinese titles of the finding codes; English titles are codes.CODES[code].meaning.
CODE_TITLES_ZH: dict[str, str] = {
    "doi-not-found": "所印 DOI 在各注册机构中均查无记录",
    "pmid-not-found": "PubMed 中没有所印 PMID 的记录",
    "pmcid-not-found": "PMC ID 转换服务查不到所印的 PMCID",
    "arxiv-not-found": "arXiv 中没有所印 arXiv 编号的作品",
    "other-agency": "该 DOI 由其他注册机构登记，此处无法核查",
    "malformed-identifier": "所印的 DOI、PMID 或 PMCID 格式不正确",
    "doi-points-elsewhere": "该 DOI 指向的作品与所印文献不同",
    "pmid-points-elsewhere": "该 PMID 属于与所印文献不同的作品",
    "doi-pmid-mismatch": "所印的 DOI 与 PMID 分属不同作品",
    "pmcid-mismatch": "所印的 PMCID 与 DOI/PMID 不属于同一作品",
    "title-mismatch": "所印题名与登记题名不符",
    "title-typo": "所印题名与登记题名略有出入",
    "title-variant": "题名的差别仅在于登记记录可能省去的词",
    "author-mismatch": "第一作者与登记的第一作者不符",
    "author-spelling": "作者姓名的拼写与登记记录不同",
    "author-order": "所印作者的顺序与登记顺序不同",
    "author-count": "完整作者列表的人数与登记记录不同",
    "journal-mismatch": "所印期刊与登记期刊不符",
    "year-mismatch": "所印年份与登记的任何日期都不符",
    "year-online-print": "所印年份为在线发表年份，纸本刊期在其后（或相反）",
    "year-after-online": "所印年份为年末在线发表的次年，记录中没有刊期日期可以确认",
    "date-mismatch": "所印月份或日期与登记日期不同",
    "volume-mismatch": "所印卷号与登记记录不同",
    "issue-mismatch": "所印期号与登记记录不同",
    "pages-mismatch": "所印页码或文章编号与登记记录不同",
    "registry-disagreement": "Crossref 与 PubMed 对同一字段的记录不一致",
    "retracted": "该作品已被撤稿",
    "expression-of-concern": "已有针对该作品的关注声明",
    "withdrawn": "该作品已被撤回",
    "corrected": "该作品已发表更正或勘误",
    "preprint-published": "所引预印本已有正式发表的版本",
    "duplicate-reference": "同一作品在文献列表中出现了两次",
    "duplicate-key": "两条文献条目使用了同一个引用键",
    "numbering-gap": "编号列表中缺少编号",
    "numbering-repeat": "列表中同一编号用了两次",
    "doi-suggested": "一条未印标识符的文献与某个已登记作品相符",
    "no-matching-work": "检索登记机构后未找到题名、第一作者和年份相符的作品，请核实其是否存在",
    "uncited-reference": "正文中没有引用该文献的标记",
    "dangling-marker": "引用标记指向不存在的参考文献",
    "date-claim-mismatch": "正文给出的发表日期不在登记记录中",
    "date-claim-timezone": "正文所说日期比登记日期晚一天",
    "date-claim-other-event": "正文所说日期是收稿或录用日期",
    "date-claim-unconfirmable": "登记记录只精确到年或月，无法确认正文所说日期",
    "journal-claim-mismatch": "正文所说期刊与登记记录不同",
    "title-claim-mismatch": "正文给出的题名与登记记录不符",
    "claim-wrong-reference": "该说法与另一条参考文献更吻合",
    "number-claim-unconfirmed": "正文引用的数字在摘要中找不到",
    "institution-claim-unconfirmed": "登记记录的作者单位中找不到正文所说的机构",
}

# Registry names are proper nouns, the same in every language.
REGISTRY_NAMES = {
    "crossref": "Crossref",
    "pubmed": "PubMed",
    "datacite": "DataCite",
    "arxiv": "arXiv",
    "idconv": "PMC ID converter",
}
REGISTRY_NAMES_ZH = {"idconv": "PMC ID 转换服务"}

# The HTML page's words (formats/html), a catalogue of their own: some read the same in both
# languages (registry names, identifier names).
HTML_MESSAGES: dict[str, dict[str, str]] = {
    "level.error": {"en": "Error", "zh": "错误"},
    "level.warning": {"en": "Warning", "zh": "警告"},
    "level.info": {"en": "Info", "zh": "提示"},
    "level.accepted": {"en": "Accepted", "zh": "已接受"},
    "levels.error": {"en": "Errors", "zh": "错误"},
    "levels.warning": {"en": "Warnings", "zh": "警告"},
    "levels.info": {"en": "Info", "zh": "提示"},
    "levels.accepted": {"en": "Accepted", "zh": "已接受"},
    "status.verified": {"en": "Verified", "zh": "已核实"},
    "status.discrepancies": {"en": "Discrepancies", "zh": "有出入"},
    "status.unresolved": {"en": "Could not verify", "zh": "未能核查"},
    "problem.not-cached": {
        "en": "not in the cache (offline run)",
        "zh": "缓存中没有记录（离线运行）",
    },
    "problem.unavailable": {
        "en": "the registry could not be reached",
        "zh": "注册机构暂时无法访问",
    },
    "problem.not-found": {"en": "not found in the registries", "zh": "各注册机构中查无记录"},
    "problem.other-agency": {
        "en": "registered with another DOI agency",
        "zh": "由其他 DOI 注册机构登记",
    },
    "problem.no-identifier": {
        "en": "no DOI, PMID or PMCID printed",
        "zh": "未印 DOI、PMID 或 PMCID",
    },
    "update.retraction": {"en": "Retracted", "zh": "已撤稿"},
    "update.withdrawal": {"en": "Withdrawn", "zh": "已撤回"},
    "update.expression_of_concern": {"en": "Expression of concern", "zh": "关注声明"},
    "update.correction": {"en": "Correction published", "zh": "已发表更正"},
    "update.erratum": {"en": "Erratum published", "zh": "已发表勘误"},
    "update.new_version": {"en": "New version published", "zh": "已发表新版本"},
    "registry.crossref": {"en": "Crossref", "zh": "Crossref"},
    "registry.pubmed": {"en": "PubMed", "zh": "PubMed"},
    "registry.datacite": {"en": "DataCite", "zh": "DataCite"},
    "registry.arxiv": {"en": "arXiv", "zh": "arXiv"},
    "registry.both": {"en": "Crossref and PubMed", "zh": "Crossref 与 PubMed"},
    "source.both": {"en": "Crossref · PubMed", "zh": "Crossref · PubMed"},
    "page.title": {"en": "Reference check: {name}", "zh": "参考文献核查：{name}"},
    "page.title.many": {"en": "Reference check: {n} articles", "zh": "参考文献核查：{n} 篇文章"},
    "page.stdin": {"en": "standard input", "zh": "标准输入"},
    "page.article": {"en": "Article:", "zh": "文章："},
    "page.skip": {"en": "Skip to the report", "zh": "跳到报告正文"},
    "page.footer": {
        "en": "Made by asrefs {version}. Registry values are those Crossref and PubMed held when "
        "they were fetched or cached for this run; links open doi.org, PubMed and PMC.",
        "zh": "由 asrefs {version} 生成。登记记录为本次运行时从 Crossref 和 PubMed 获取或缓存的"
        "内容；链接指向 doi.org、PubMed 和 PMC。",
    },
    "page.note": {"en": "Note: {text}", "zh": "注：{text}"},
    "bar.show": {"en": "Show", "zh": "显示"},
    "bar.prev": {"en": "Previous finding", "zh": "上一个问题"},
    "bar.next": {"en": "Next finding", "zh": "下一个问题"},
    "bar.status": {
        "en": "findings shown: {shown} of {total}",
        "zh": "显示 {shown} / {total} 个问题",
    },
    "summary": {"en": "Summary", "zh": "概要"},
    "summary.references": {"en": "References", "zh": "参考文献"},
    "summary.by-verdict": {"en": "References by verdict", "zh": "各结论的参考文献数"},
    "summary.by-level": {"en": "Findings by severity", "zh": "各严重程度的问题数"},
    "verdict.errors": {"en": "{n} errors to correct", "zh": "{n} 个错误需改正"},
    "verdict.error": {"en": "1 error to correct", "zh": "1 个错误需改正"},
    "verdict.warnings": {"en": "{n} warnings to review", "zh": "{n} 个警告需复核"},
    "verdict.warning": {"en": "1 warning to review", "zh": "1 个警告需复核"},
    "verdict.notes": {"en": "{n} notes", "zh": "{n} 条提示"},
    "verdict.note": {"en": "1 note", "zh": "1 条提示"},
    "verdict.sep": {"en": ", ", "zh": "，"},
    "verdict.end": {"en": ".", "zh": "。"},
    "verdict.none": {"en": "No findings.", "zh": "没有发现问题。"},
    "verdict.no-list": {"en": "No reference list was found.", "zh": "未找到参考文献列表。"},
    "verdict.unresolved": {
        "en": "{n} of {total} references could not be checked: {why}. Check them by hand or run "
        "asrefs again online.",
        "zh": "{total} 条参考文献中有 {n} 条未能核查：{why}。请人工核对，或联网后重新运行 asrefs。",
    },
    "verdict.unresolved.one": {
        "en": "The reference could not be checked: {why}. Check it by hand or run asrefs again "
        "online.",
        "zh": "该参考文献未能核查：{why}。请人工核对，或联网后重新运行 asrefs。",
    },
    "verdict.one-matches": {
        "en": "The reference matches the registries.",
        "zh": "该参考文献与登记记录相符。",
    },
    "verdict.one-differs": {
        "en": "The reference does not match the registries.",
        "zh": "该参考文献与登记记录不符。",
    },
    "verdict.all-match": {
        "en": "All {total} references match the registries.",
        "zh": "全部 {total} 条参考文献与登记记录相符。",
    },
    "verdict.some-match": {
        "en": "{n} of {total} references match the registries.",
        "zh": "{total} 条参考文献中有 {n} 条与登记记录相符。",
    },
    "findings": {"en": "Findings ({n})", "zh": "问题（{n}）"},
    "findings.none": {"en": "No findings: nothing to correct.", "zh": "没有发现问题，无需修改。"},
    "findings.list": {"en": "the list", "zh": "文献列表"},
    "findings.unplaced": {"en": "Findings without a line", "zh": "不对应具体行的问题"},
    "findings.on-line": {"en": "Findings on line {n}", "zh": "第 {n} 行的问题"},
    "findings.count.one": {"en": "1 finding", "zh": "1 个问题"},
    "findings.count": {"en": "{n} findings", "zh": "{n} 个问题"},
    "article": {"en": "Article", "zh": "文章"},
    "article.hint": {
        "en": "Findings appear under the line they are about.",
        "zh": "问题显示在所涉及的行下方。",
    },
    "article.missing": {
        "en": "The article's text is not in this report (it was read from standard input, or "
        "its file could not be read again): the findings are listed here and under their "
        "references.",
        "zh": "本报告不含文章正文（正文来自标准输入，或文件无法再次读取）："
        "问题列在此处及各条参考文献之下。",
    },
    "line": {"en": "line {n}", "zh": "第 {n} 行"},
    "line.label": {"en": "line {n}", "zh": "第 {n} 行"},
    "line.of-article": {"en": " of the article", "zh": "（正文）"},
    "reference": {"en": "reference [{n}]", "zh": "参考文献 [{n}]"},
    "cmp.article": {"en": "Article", "zh": "文中"},
    "cmp.registry": {"en": "Registry", "zh": "登记记录"},
    "cmp.registry-from": {"en": "Registry ({source})", "zh": "登记记录（{source}）"},
    "fix": {"en": "Fix:", "zh": "建议改为："},
    "accepted": {"en": "Accepted in the configuration: {reason}", "zh": "已在配置中接受：{reason}"},
    "refs": {"en": "References ({n})", "zh": "参考文献（{n}）"},
    "refs.expand": {"en": "Expand all", "zh": "全部展开"},
    "refs.collapse": {"en": "Collapse all", "zh": "全部收起"},
    "refs.none": {
        "en": "No reference list was found in the article.",
        "zh": "文章中未找到参考文献列表。",
    },
    "ref.unresolved": {"en": "Could not verify:", "zh": "未能核查："},
    "ref.unchecked": {
        "en": "The printed fields below are unchecked.",
        "zh": "以下所印字段未经核对。",
    },
    "ref.found": {"en": "found", "zh": "已查到"},
    "ref.findings": {"en": "Findings", "zh": "问题"},
    "ref.entry": {"en": "Printed entry", "zh": "所印条目"},
    "ref.in-list": {"en": "In the list at {where}.", "zh": "位于文献列表{where}。"},
    "ref.in-text": {"en": "In the text", "zh": "正文中"},
    "ref.cited": {"en": "Cited at {where}.", "zh": "引用于{where}。"},
    "ref.uncited": {"en": "The text does not cite [{n}].", "zh": "正文没有引用 [{n}]。"},
    "ref.suggested": {
        "en": "Suggested DOI: {doi} (match score {score}, from {source})",
        "zh": "建议的 DOI：{doi}（匹配分数 {score}，来自 {source}）",
    },
    "ref.related": {"en": "Related works", "zh": "相关作品"},
    "ref.notice": {"en": "notice {link}", "zh": "声明 {link}"},
    "ref.source": {"en": "(source: {source})", "zh": "（来源：{source}）"},
    "fields.both": {"en": "Printed and registered fields", "zh": "所印字段与登记记录"},
    "fields.printed": {"en": "Printed fields", "zh": "所印字段"},
    "fields.field": {"en": "Field", "zh": "字段"},
    "fields.printed-col": {"en": "Printed", "zh": "所印"},
    "fields.registry-col": {"en": "Registry", "zh": "登记记录"},
    "fields.differs": {"en": "differs", "zh": "不一致"},
    "fields.title": {"en": "Title", "zh": "题名"},
    "fields.authors": {"en": "Authors", "zh": "作者"},
    "fields.journal": {"en": "Journal", "zh": "期刊"},
    "fields.date": {"en": "Date", "zh": "日期"},
    "fields.volume": {"en": "Volume", "zh": "卷"},
    "fields.issue": {"en": "Issue", "zh": "期"},
    "fields.pages": {"en": "Pages", "zh": "页码"},
    "fields.doi": {"en": "DOI", "zh": "DOI"},
    "fields.pmid": {"en": "PMID", "zh": "PMID"},
    "fields.pmcid": {"en": "PMCID", "zh": "PMCID"},
    "fields.article-number": {"en": "article {n}", "zh": "文章编号 {n}"},
    "fields.n-authors": {"en": " … ({n} authors)", "zh": " …（共 {n} 位作者）"},
    "claim.date": {"en": "date", "zh": "日期"},
    "claim.journal": {"en": "journal", "zh": "期刊"},
    "claim.title": {"en": "title", "zh": "题名"},
    "claim.number": {"en": "number", "zh": "数字"},
    "claim.institution": {"en": "institution", "zh": "机构"},
}


def normalise_lang(lang: str | None) -> str:
    return lang if lang in LANGS else "en"


def t(lang: str, key: str, **values: object) -> str:
    """The message ``key`` in ``lang`` (English when the language is unknown)."""
    entry = MESSAGES[key]
    text = entry.get(lang) or entry["en"]
    return text.format(**values) if values else text


def count(lang: str, n: int, things: str) -> str:
    """``n`` of ``things`` ("references", "errors", …) in ``lang``: "1 reference",
    "2 references"; in Chinese, which has no plural, "1 条参考文献", "2 条参考文献"."""
    if n == 1:
        return t(lang, f"count.{things}.one")
    return t(lang, f"count.{things}", n=n)


def summary_counts(lang: str, summary: Mapping[str, int]) -> dict[str, object]:
    """The placeholders of the "summary" messages for a report's summary counts."""
    return {
        "references": count(lang, summary["references"], "references"),
        "resolved": summary["resolved"],
        "unresolved": summary["unresolved"],
        "errors": count(lang, summary["error"], "errors"),
        "warnings": count(lang, summary["warning"], "warnings"),
        "notes": count(lang, summary["info"], "notes"),
    }


def html_template(lang: str, key: str) -> str:
    """The HTML page's string ``key`` in ``lang``, its placeholders left unfilled
    (English when the language is unknown)."""
    entry = HTML_MESSAGES[key]
    return entry.get(lang) or entry["en"]


def html_t(lang: str, key: str, **values: object) -> str:
    """The HTML page's string ``key`` in ``lang``, filled with ``values``."""
    text = html_template(lang, key)
    return text.format(**values) if values else text


def code_title(code: str, lang: str) -> str:
    """What a finding code means, in ``lang``."""
    if lang == "zh" and code in CODE_TITLES_ZH:
        return CODE_TITLES_ZH[code]
    from asrefs.codes import CODES

    spec = CODES.get(code)
    return spec.meaning if spec is not None else code


def source_name(source: str | None, lang: str) -> str | None:
    """A registry named for a reader: "both" becomes "Crossref and PubMed" in zh."""
    if source is None:
        return None
    if source == "both":
        return t(lang, "label.both")
    if lang != "zh":
        return source
    return REGISTRY_NAMES_ZH.get(source) or REGISTRY_NAMES.get(source, source)


def placeholders(text: str) -> set[str]:
    """The ``{name}`` fields of a catalogue string."""
    return {name for _lit, name, _spec, _conv in Formatter().parse(text) if name}


def default_lang(env: Mapping[str, str] | None = None) -> str:
    """ "zh" when the user's locale is Chinese, else "en".

    Read from the environment the way gettext does (LANGUAGE, LC_ALL, LC_MESSAGES, LANG:
    the first one set), so that it works whether or not the locale is installed; falls
    back to the process locale (Windows sets no such variables).
    """
    env = os.environ if env is None else env
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var)
        if value:
            first = value.split(":")[0].strip().lower()
            if first in ("c", "posix") or first.startswith(("c.", "posix.")):
                return "en"
            return "zh" if first.startswith("zh") else "en"
    import locale

    code = (locale.getlocale()[0] or "").lower()
    return "zh" if code.startswith(("zh", "chinese")) else "en"
