"""The report's words, in English and Chinese, from the gettext catalogue.

Each word or sentence a report shows is a ``Message`` (``messages.py``): a stable id and
its English text here; its translations in ``locale/<lang>/LC_MESSAGES/asrefs.po``,
compiled to the ``.mo`` beside it. ``MESSAGES`` serves the text, Markdown and GitHub
reports (``t``); ``HTML_MESSAGES`` the HTML page (``html_t``, ids "html.…"). Finding
codes are titled by ``codes.CODES[code].meaning`` (id: the code), and a finding's own
message is rendered from its ``message_id`` and ``params`` (``finding_message``).
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from asrefs.messages import LISTS, N_, Message, Np_, fields, fill, render, word
from asrefs.models import Finding

LANGS = ("en", "zh")


def _table(*messages: Message, prefix: str = "") -> dict[str, Message]:
    return {m.id.removeprefix(prefix): m for m in messages}


MESSAGES: dict[str, Message] = _table(
    N_(
        "summary",
        "{article}: {references}, {resolved} resolved, {unresolved} unresolved; {errors}, "
        "{warnings}, {notes}",
    ),
    N_(
        "summary.md",
        "**{references}** · **{resolved}** resolved · **{unresolved}** unresolved · {errors} · "
        "{warnings} · {notes}",
    ),
    Np_("count.references", "{n} reference", "{n} references"),
    Np_("count.errors", "{n} error", "{n} errors"),
    Np_("count.warnings", "{n} warning", "{n} warnings"),
    Np_("count.notes", "{n} note", "{n} notes"),
    Np_("count.entries", "{n} entry", "{n} entries"),
    Np_("count.stale-entries", "{n} stale or corrupt entry", "{n} stale or corrupt entries"),
    Np_("count.requests", "{n} request", "{n} requests"),
    N_("verdict.verified", "verified"),
    N_("verdict.discrepancies", "discrepancies"),
    N_("verdict.unresolved", "could not verify"),
    N_("problem.not-found", "not-found"),
    N_("problem.other-agency", "other-agency"),
    N_("problem.unavailable", "unavailable"),
    N_("problem.not-cached", "not-cached"),
    N_("problem.no-identifier", "no-identifier"),
    N_("severity.error", "error"),
    N_("severity.warning", "warning"),
    N_("severity.info", "info"),
    N_("label.line", "line {line}"),
    N_("label.entry", "line {line}: {text}"),
    N_("label.article", "article"),
    N_("label.registry", "registry"),
    N_("label.registry-from", "registry ({source})"),
    N_("label.difference", "difference"),
    N_("label.fix", "fix"),
    N_("label.accepted", "accepted: {reason}"),
    N_("label.note", "note: {text}"),
    N_("label.english", "{text}"),
    N_("label.reference", "reference {ref}"),
    N_("label.none", "—"),
    N_("label.search", "search by title"),
    N_("label.both", "both"),
    N_("section.text-and-list", "Text and list"),
    N_("md.title", "asrefs: `{article}`"),
    N_("md.col.number", "#"),
    N_("md.col.status", "status"),
    N_("md.col.ids", "DOI / PMID"),
    N_("md.col.code", "code"),
    N_("md.col.ref", "ref"),
    N_("md.col.line", "line"),
    N_("md.col.article", "article"),
    N_("md.col.registry", "registry"),
    N_("md.col.message", "message"),
    N_("md.fixes", "Suggested fixes"),
    N_("progress.resolve", "resolving references"),
    N_("progress.check", "checking articles"),
    N_("progress.search", "searching DOIs"),
)

# Registry names are proper nouns, the same in every language.
REGISTRY_NAMES = {
    "crossref": "Crossref",
    "pubmed": "PubMed",
    "datacite": "DataCite",
    "arxiv": "arXiv",
    "openalex": "OpenAlex",
    "idconv": "PMC ID converter",
}

# The HTML page's words (formats/html): some read the same in both languages (registry
# names, identifier names).
HTML_MESSAGES: dict[str, Message] = _table(
    N_("html.level.error", "Error"),
    N_("html.level.warning", "Warning"),
    N_("html.level.info", "Info"),
    N_("html.level.accepted", "Accepted"),
    N_("html.levels.error", "Errors"),
    N_("html.levels.warning", "Warnings"),
    N_("html.levels.info", "Info"),
    N_("html.levels.accepted", "Accepted"),
    N_("html.status.verified", "Verified"),
    N_("html.status.discrepancies", "Discrepancies"),
    N_("html.status.unresolved", "Could not verify"),
    N_("html.problem.not-cached", "not in the cache (offline run)"),
    N_("html.problem.unavailable", "the registry could not be reached"),
    N_("html.problem.not-found", "not found in the registries"),
    N_("html.problem.other-agency", "registered with another DOI agency"),
    N_("html.problem.no-identifier", "no DOI, PMID or PMCID printed"),
    N_("html.update.retraction", "Retracted"),
    N_("html.update.withdrawal", "Withdrawn"),
    N_("html.update.expression_of_concern", "Expression of concern"),
    N_("html.update.correction", "Correction published"),
    N_("html.update.erratum", "Erratum published"),
    N_("html.update.new_version", "New version published"),
    N_("html.registry.crossref", "Crossref"),
    N_("html.registry.pubmed", "PubMed"),
    N_("html.registry.datacite", "DataCite"),
    N_("html.registry.arxiv", "arXiv"),
    N_("html.registry.openalex", "OpenAlex"),
    N_("html.registry.idconv", "PMC ID converter"),
    N_("html.registry.publisher", "publisher"),
    N_("html.registry.retraction-watch", "Retraction Watch"),
    N_("html.registry.both", "Crossref and PubMed"),
    N_("html.source.both", "Crossref · PubMed"),
    N_("html.page.title", "Reference check: {name}"),
    N_("html.page.title.many", "Reference check: {n} articles"),
    N_("html.page.stdin", "standard input"),
    N_("html.page.article", "Article:"),
    N_("html.page.skip", "Skip to the report"),
    N_(
        "html.page.footer",
        "Made by asrefs {version}. Registry values are those Crossref and PubMed held when they "
        "were fetched or cached for this run; links open doi.org, PubMed and PMC.",
    ),
    N_("html.page.note", "Note: {text}"),
    N_("html.bar.show", "Show"),
    N_("html.bar.prev", "Previous finding"),
    N_("html.bar.next", "Next finding"),
    N_("html.bar.status", "findings shown: {shown} of {total}"),
    N_("html.summary", "Summary"),
    N_("html.summary.references", "References"),
    N_("html.summary.by-verdict", "References by verdict"),
    N_("html.summary.by-level", "Findings by severity"),
    Np_("html.verdict.errors", "{n} error to correct", "{n} errors to correct"),
    Np_("html.verdict.warnings", "{n} warning to review", "{n} warnings to review"),
    Np_("html.verdict.notes", "{n} note", "{n} notes"),
    N_("html.verdict.sep", ", "),
    N_("html.verdict.end", "."),
    N_("html.verdict.none", "No findings."),
    N_("html.verdict.no-list", "No reference list was found."),
    N_(
        "html.verdict.unresolved",
        "{n} of {total} references could not be checked: {why}. Check them by hand or run asrefs "
        "again online.",
    ),
    N_(
        "html.verdict.unresolved.one",
        "The reference could not be checked: {why}. Check it by hand or run asrefs again online.",
    ),
    N_("html.verdict.one-matches", "The reference matches the registries."),
    N_("html.verdict.one-differs", "The reference does not match the registries."),
    N_("html.verdict.all-match", "All {total} references match the registries."),
    N_("html.verdict.some-match", "{n} of {total} references match the registries."),
    N_("html.findings", "Findings ({n})"),
    N_("html.findings.none", "No findings: nothing to correct."),
    N_("html.findings.list", "the list"),
    N_("html.findings.unplaced", "Findings without a line"),
    N_("html.findings.on-line", "Findings on line {n}"),
    Np_("html.findings.count", "{n} finding", "{n} findings"),
    N_("html.article", "Article"),
    N_("html.article.hint", "Findings appear under the line they are about."),
    N_(
        "html.article.missing",
        "The article's text is not in this report (it was read from standard input, or its file "
        "could not be read again): the findings are listed here and under their references.",
    ),
    N_("html.line", "line {n}"),
    N_("html.line.label", "line {n}"),
    N_("html.line.of-article", " of the article"),
    N_("html.reference", "reference [{n}]"),
    N_("html.cmp.article", "Article"),
    N_("html.cmp.registry", "Registry"),
    N_("html.cmp.registry-from", "Registry ({source})"),
    N_("html.fix", "Fix:"),
    N_("html.accepted", "Accepted in the configuration: {reason}"),
    N_("html.refs", "References ({n})"),
    N_("html.refs.expand", "Expand all"),
    N_("html.refs.collapse", "Collapse all"),
    N_("html.refs.none", "No reference list was found in the article."),
    N_("html.ref.unresolved", "Could not verify:"),
    N_("html.ref.unchecked", "The printed fields below are unchecked."),
    N_("html.ref.found", "found"),
    N_("html.ref.findings", "Findings"),
    N_("html.ref.entry", "Printed entry"),
    N_("html.ref.in-list", "In the list at {where}."),
    N_("html.ref.in-text", "In the text"),
    N_("html.ref.cited", "Cited at {where}."),
    N_("html.ref.uncited", "The text does not cite [{n}]."),
    N_("html.ref.suggested", "Suggested DOI: {doi} (match score {score}, from {source})"),
    N_("html.ref.related", "Related works"),
    N_("html.ref.notice", "notice {link}"),
    N_("html.ref.source", "(source: {source})"),
    N_("html.fields.both", "Printed and registered fields"),
    N_("html.fields.printed", "Printed fields"),
    N_("html.fields.field", "Field"),
    N_("html.fields.printed-col", "Printed"),
    N_("html.fields.registry-col", "Registry"),
    N_("html.fields.differs", "differs"),
    N_("html.fields.title", "Title"),
    N_("html.fields.authors", "Authors"),
    N_("html.fields.journal", "Journal"),
    N_("html.fields.date", "Date"),
    N_("html.fields.volume", "Volume"),
    N_("html.fields.issue", "Issue"),
    N_("html.fields.pages", "Pages"),
    N_("html.fields.doi", "DOI"),
    N_("html.fields.pmid", "PMID"),
    N_("html.fields.pmcid", "PMCID"),
    N_("html.fields.article-number", "article {n}"),
    N_("html.fields.n-authors", " … ({n} authors)"),
    N_("html.claim.date", "date"),
    N_("html.claim.journal", "journal"),
    N_("html.claim.title", "title"),
    N_("html.claim.number", "number"),
    N_("html.claim.institution", "institution"),
    prefix="html.",
)


def normalise_lang(lang: str | None) -> str:
    return lang if lang in LANGS else "en"


def _text(message: Message, lang: str, values: Mapping[str, object]) -> str:
    if "n" in values:
        message = message.using(n=values["n"])
    text = message.template(lang)
    return fill(text, values, lang) if values else text


def t(lang: str, key: str, **values: object) -> str:
    """The message ``key`` in ``lang`` (English when the language is unknown)."""
    return _text(MESSAGES[key], lang, values)


def count(lang: str, n: int, things: str) -> str:
    """``n`` of ``things`` ("references", "errors", …) in ``lang``: "1 reference",
    "2 references"; in Chinese, which has no plural, "1 条参考文献", "2 条参考文献"."""
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
    return HTML_MESSAGES[key].template(lang)


def html_t(lang: str, key: str, **values: object) -> str:
    """The HTML page's string ``key`` in ``lang``, filled with ``values``."""
    return _text(HTML_MESSAGES[key], lang, values)


def code_title(code: str, lang: str) -> str:
    """What a finding code means, in ``lang``."""
    from asrefs.codes import CODES

    spec = CODES.get(code)
    if spec is None:
        return code
    return Message(code, spec.meaning).template(lang)


def finding_message(finding: Finding, lang: str) -> str:
    """A finding's message in ``lang``: rendered from its id and parameters, or its
    English message when the catalogue of ``lang`` has no translation of the id."""
    if lang == "en" or not finding.message_id:
        return finding.message
    return render(finding.message_id, finding.params, lang) or finding.message


def message_line(finding: Finding, lang: str) -> str:
    """The finding's message as a report line: in ``lang``, or, where the catalogue has
    no translation of it, the English message marked as such ("原文说明：…")."""
    if lang == "en":
        return finding.message
    text = render(finding.message_id, finding.params, lang) if finding.message_id else None
    return text if text is not None else t(lang, "label.english", text=finding.message)


def expected_text(finding: Finding, lang: str) -> str | None:
    """The registry's value of a finding as a report shows it: a list of the record's
    dates ("online 2019-05-02, print 2019-06") names their kinds in ``lang``."""
    value = finding.expected
    if value is None or finding.field not in ("year", "date"):
        return value
    return dates_text(value, lang)


def dates_text(value: str, lang: str) -> str:
    """A list of a record's dates ("online 2019-05-02, print 2019-06") in ``lang``."""
    return value if lang == "en" else LISTS["dates"](value, lang)


def source_name(source: str | None, lang: str) -> str | None:
    """A registry named for a reader: "both" becomes "Crossref and PubMed" in zh."""
    if source is None:
        return None
    if source == "both":
        return t(lang, "label.both")
    if lang != "zh":
        return source
    return word("registry", source, lang)


def placeholders(text: str) -> set[str]:
    """The ``{name}`` fields of a catalogue string."""
    return {name for name, _spec in fields(text)}


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
