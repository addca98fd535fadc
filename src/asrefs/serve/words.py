"""The web app's words (``asrefs serve``) in English and Chinese: one table, beside the
app, checked like the report's catalogues in :mod:`asrefs.i18n` (every key in both
languages with the same placeholders); the report view itself uses ``i18n``'s words."""

from __future__ import annotations

APP_MESSAGES: dict[str, dict[str, str]] = {
    "app.title": {
        "en": "asrefs: check an article's references",
        "zh": "asrefs：核查文章的参考文献",
    },
    "app.lead": {
        "en": "Choose or drop an article: Word, Markdown, text, HTML, PDF, LaTeX, BibTeX, RIS, "
        "CSL-JSON or XML (at most {mb} MB). It stays on this computer; only the references' "
        "identifiers and titles are sent to the registries.",
        "zh": "选择或拖入一篇文章：Word、Markdown、纯文本、HTML、PDF、LaTeX、BibTeX、RIS、"
        "CSL-JSON 或 XML（不超过 {mb} MB）。文件只留在本机；"
        "发往登记机构的只有参考文献的标识符和题名。",
    },
    "app.file": {"en": "Article", "zh": "文章"},
    "app.drop": {"en": "Drop the file here", "zh": "把文件拖到这里"},
    "app.check": {"en": "Check the references", "zh": "核查参考文献"},
    "app.lang": {"en": "中文", "zh": "English"},
    "app.checking": {"en": "Checking {name}", "zh": "正在核查 {name}"},
    "app.asking": {"en": "Asking the registries…", "zh": "正在查询登记机构……"},
    "app.stage": {"en": "{stage}: {done} of {total}", "zh": "{stage}：{done} / {total}"},
    "app.failed": {"en": "{name} could not be checked: {error}", "zh": "{name} 无法核查：{error}"},
    "app.again": {"en": "Check another article", "zh": "核查另一篇文章"},
    "app.report": {"en": "Report on {name}", "zh": "{name} 的核查报告"},
    "app.findings": {"en": "Findings ({n})", "zh": "发现的问题（{n}）"},
    "app.none": {"en": "No findings.", "zh": "没有发现问题。"},
    "app.show": {"en": "Show", "zh": "查看"},
    "app.reason": {"en": "Reason", "zh": "理由"},
    "app.accept": {"en": "Accept", "zh": "接受"},
    "app.accepted": {"en": "Accepted: {reason}", "zh": "已接受：{reason}"},
    "app.dismiss": {"en": "Dismiss for this run", "zh": "本次忽略"},
    "app.apply": {"en": "Apply the fix", "zh": "采用修正"},
    "app.applied": {"en": "Fix applied", "zh": "已采用修正"},
    "app.apply-all": {"en": "Apply every fix of the kind", "zh": "采用该类的全部修正"},
    "app.kind": {"en": "Kind", "zh": "类别"},
    "app.downloads": {"en": "Download", "zh": "下载"},
    "app.corrected": {
        "en": "Corrected article ({n} fixes applied)",
        "zh": "修正后的文章（已采用 {n} 处修正）",
    },
    "app.bibliography": {"en": "Bibliography", "zh": "参考文献表"},
    "app.report-file": {"en": "Report", "zh": "报告"},
    "app.config": {
        "en": "Accepted findings are written to {path}.",
        "zh": "接受的问题写入 {path}。",
    },
    "app.too-large": {"en": "The file is larger than {mb} MB.", "zh": "文件超过 {mb} MB。"},
    "app.bad-kind": {
        "en": "asrefs does not read {suffix} files.",
        "zh": "asrefs 不读取 {suffix} 文件。",
    },
    "app.no-file": {"en": "No file was chosen.", "zh": "没有选择文件。"},
    "app.no-reason": {
        "en": "Give a reason for accepting the finding.",
        "zh": "请填写接受该问题的理由。",
    },
    "app.forbidden": {
        "en": "The form has expired; reload the page and try again.",
        "zh": "表单已失效，请刷新页面后重试。",
    },
    "app.not-found": {
        "en": "No such article: the app may have been restarted.",
        "zh": "没有这篇文章：应用可能已重新启动。",
    },
    "app.frame": {"en": "The report", "zh": "报告"},
}


def app_t(lang: str, key: str, **values: object) -> str:
    """The web app's string ``key`` in ``lang``, filled with ``values``."""
    entry = APP_MESSAGES[key]
    text = entry.get(lang) or entry["en"]
    return text.format(**values) if values else text
