"""The report's fixed strings in English and Chinese.

A message catalogue as plain dictionaries rather than gettext: there are two languages
and a hundred short strings, the catalogue is checked by mypy and by a test (every key in
both languages, the same placeholders in both, every finding code titled in both), it
ships inside the package with no compiled ``.mo`` files or build step, and a renderer
asks for a string by a stable id, never by its English text.

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
        "en": "{article}: {references} references, {resolved} resolved, {unresolved} "
        "unresolved; {error} errors, {warning} warnings, {info} notes",
        "zh": "{article}：共 {references} 条参考文献，{resolved} 条已查到登记记录，"
        "{unresolved} 条未能核查；{error} 个错误，{warning} 个警告，{info} 条提示",
    },
    "summary.md": {
        "en": "**{references}** references · **{resolved}** resolved · "
        "**{unresolved}** unresolved · {error} errors · {warning} warnings · {info} notes",
        "zh": "共 **{references}** 条参考文献 · **{resolved}** 条已查到登记记录 · "
        "**{unresolved}** 条未能核查 · {error} 个错误 · {warning} 个警告 · {info} 条提示",
    },
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
    "numbering-gap": "编号列表中缺少编号",
    "numbering-repeat": "列表中同一编号用了两次",
    "doi-suggested": "一条未印标识符的文献与某个已登记作品相符",
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
REGISTRY_NAMES = {"crossref": "Crossref", "pubmed": "PubMed", "idconv": "PMC ID converter"}
REGISTRY_NAMES_ZH = {"idconv": "PMC ID 转换服务"}


def normalise_lang(lang: str | None) -> str:
    return lang if lang in LANGS else "en"


def t(lang: str, key: str, **values: object) -> str:
    """The message ``key`` in ``lang`` (English when the language is unknown)."""
    entry = MESSAGES[key]
    text = entry.get(lang) or entry["en"]
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
