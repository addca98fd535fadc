"""Messages as data, rendered in a language from the gettext catalogue.

Every string a report shows is a ``Message``: a stable id (the gettext ``msgctxt``), its
English template (the ``msgid``; ``msgid_plural`` for counted things) and, for a finding,
its parameters. English is rendered from the template in the code; another language from
``locale/<lang>/LC_MESSAGES/asrefs.mo``, compiled from the ``.po`` beside it, looked up by
id. ``msg``/``msg_n`` (finding messages) and ``N_``/``Np_`` (the report's words) are the
markers ``pybabel extract`` finds (``scripts/catalogue.py``).

Templates use ``str.format`` fields. A field whose value is a word of the program's own
vocabulary names its kind as the format spec, ``{field:field}`` or
``{registry:registry}``, and is put in the report's language (``WORDS``); every other
value (a printed title, a DOI, a name) is data and shown as given.
"""

from __future__ import annotations

import gettext
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from string import Formatter
from typing import Any

DOMAIN = "asrefs"
LOCALE_DIR = Path(__file__).parent / "locale"


@dataclass(frozen=True)
class Message:
    """A message id, its English template (and plural template) and its parameters."""

    id: str
    text: str
    plural: str | None = None
    params: tuple[tuple[str, str], ...] = ()

    def using(self, **params: object) -> Message:
        """This message with ``params`` filled in."""
        return Message(self.id, self.text, self.plural, _params(params))

    def english(self) -> str:
        """The message in English."""
        return fill(self.template("en"), dict(self.params), "en")

    def template(self, lang: str) -> str:
        """The template in ``lang`` (the English one when the catalogue has none)."""
        n = _count(dict(self.params)) if self.plural is not None else 1
        if lang != "en":
            found = catalogue(lang).get(self.id)
            if found is not None and (text := found.form(n)):
                return text
        return self.text if self.plural is None or n == 1 else self.plural


def msg(id: str, text: str, /, **params: object) -> Message:
    """A finding's message: its id, its English template and the values to fill in."""
    return Message(id, text, None, _params(params))


def msg_n(id: str, singular: str, plural: str, n: int, /, **params: object) -> Message:
    """A finding's message that counts ``n`` things (``{n}`` in the templates)."""
    return Message(id, singular, plural, _params({"n": n, **params}))


def N_(id: str, text: str, /) -> Message:
    """One of the report's words: its id and English text."""
    return Message(id, text)


def Np_(id: str, singular: str, plural: str, /) -> Message:
    """One of the report's counted words: "{n} reference", "{n} references"."""
    return Message(id, singular, plural)


def _count(values: Mapping[str, str]) -> int:
    """The number a plural message counts: its ``n``."""
    n = values.get("n", "1")
    return int(n) if n.isdigit() else 1


def _params(values: Mapping[str, object]) -> tuple[tuple[str, str], ...]:
    return tuple((k, str(v)) for k, v in values.items())


@dataclass(frozen=True)
class Entry:
    """A catalogue's translation of one id: one string, or one per plural form."""

    forms: tuple[str, ...]
    plural_index: Callable[[int], int]

    def form(self, n: int) -> str:
        if len(self.forms) == 1:
            return self.forms[0]
        i = self.plural_index(n)
        return self.forms[i] if 0 <= i < len(self.forms) else ""


def catalogue_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"


@cache
def catalogue(lang: str) -> dict[str, Entry]:
    """The compiled catalogue of ``lang`` by message id (empty when there is none)."""
    path = catalogue_path(lang)
    if not path.is_file():
        return {}
    from babel.messages.mofile import read_mo

    with path.open("rb") as fh:
        cat = read_mo(fh)
    index = gettext.c2py(cat.plural_expr)
    out: dict[str, Entry] = {}
    for m in cat:
        if not m.context:
            continue
        strings = m.string if isinstance(m.string, (tuple, list)) else (m.string or "",)
        if any(strings):
            out[m.context] = Entry(tuple(str(x) for x in strings), index)
    return out


class _Untranslated(LookupError):
    """A message inside a message has no translation."""


def render(id: str, params: Sequence[tuple[str, str]], lang: str) -> str | None:
    """A message given by id and parameters in ``lang``, or None when the catalogue of
    ``lang`` has no translation of it."""
    values = dict(params)
    found = catalogue(lang).get(id)
    text = found.form(_count(values)) if found is not None else ""
    if not text:
        return None
    try:
        return fill(text, values, lang)
    except _Untranslated:
        return None


def fill(template: str, values: Mapping[str, object], lang: str) -> str:
    """``template`` with its fields filled; vocabulary fields in ``lang``."""
    return _Filler(lang, values).vformat(template, (), values)


class _Filler(Formatter):
    def __init__(self, lang: str, values: Mapping[str, object]) -> None:
        self.lang = lang
        self.values = values

    def format_field(self, value: Any, format_spec: str) -> str:
        if format_spec == "message":  # a message inside: its id, sharing the parameters
            if self.lang == "en":
                return str(value)
            params = tuple((k, str(v)) for k, v in self.values.items())
            inner = render(str(value), params, self.lang) if value else None
            if inner is None:
                raise _Untranslated(value)
            return inner
        if format_spec in WORDS:
            return word(format_spec, str(value), self.lang)
        if format_spec in LISTS:
            return LISTS[format_spec](str(value), self.lang)
        return str(format(value, format_spec))


def word(kind: str, value: str, lang: str) -> str:
    """A vocabulary word (a field's name, a registry's) in ``lang``; the value itself when
    it is not in the vocabulary."""
    entry = WORDS[kind].get(value)
    if entry is None:
        return value
    return entry.template(lang)


# Lists inside a message's parameter: items parted by "; ", an item's parts by " | ".
_ITEMS, _PARTS = "; ", " | "


def edit(printed: str, registered: str) -> str:
    """One item of an ``edits`` field: words printed where the record has others (either
    side may be empty)."""
    return f"{printed} → {registered}"


def notice(kind: str, what: str, date: str, source: str) -> str:
    """One item of a ``notices`` field: a notice (kind "doi", "pmid" or "label"), its date
    and who issued it."""
    return _PARTS.join((kind, what, date, source))


def _parts(item: str, n: int) -> list[str]:
    return [*item.split(_PARTS), *[""] * n][:n]


def misspelt(printed: str, registered: str, *, other: bool = False) -> str:
    """One item of a ``names`` field: a name printed for the registered one, misspelt or
    (``other``) another name."""
    return _PARTS.join(("other" if other else "close", printed, registered))


def _names(value: str, lang: str) -> str:
    out = []
    for item in filter(None, value.split(_ITEMS)):
        kind, printed, registered = _parts(item, 3)
        m = NAME_OTHER if kind == "other" else NAME_CLOSE
        out.append(_render(m.using(printed=printed, registered=registered), lang))
    return LIST_SEP.template(lang).join(out)


def _edits(value: str, lang: str) -> str:
    out = []
    for item in filter(None, value.split(_ITEMS)):
        printed, _arrow, registered = item.partition(" → ")
        printed, registered = printed.strip(), registered.strip()
        if printed and registered:
            out.append(EDIT_REPLACE.using(printed=printed, registered=registered))
        elif printed:
            out.append(EDIT_DELETE.using(printed=printed))
        else:
            out.append(EDIT_INSERT.using(registered=registered))
    if not out:
        return EDIT_NONE.template(lang)
    return LIST_SEP.template(lang).join(_render(m, lang) for m in out)


def _notices(value: str, lang: str) -> str:
    items = []
    for item in filter(None, value.split(_ITEMS)):
        kind, what, date, source = _parts(item, 4)
        parts = []
        if kind == "doi" and what:
            parts.append(NOTICE_DOI.using(doi=what))
        elif kind == "pmid" and what:
            parts.append(NOTICE_PMID.using(pmid=what))
        elif what:
            parts.append(N_("notice.label", "{label:notice}").using(label=what))
        if date:
            parts.append(NOTICE_DATE.using(date=date))
        if source:
            parts.append(NOTICE_SOURCE.using(source=source))
        items.append(LIST_COMMA.template(lang).join(_render(m, lang) for m in parts))
    return LIST_SEP.template(lang).join(items)


def _dates(value: str, lang: str) -> str:
    out = []
    for item in filter(None, value.split(", ")):
        kind, _sp, iso = item.partition(" ")
        out.append(f"{word('date', kind, lang)} {iso}" if iso else item)
    return LIST_COMMA.template(lang).join(out)


def _fields(value: str, lang: str) -> str:
    """A ``fields`` field: field names ("title; year"), each in ``lang``."""
    names = (word("field", item, lang) for item in filter(None, value.split(_ITEMS)))
    return LIST_COMMA.template(lang).join(names)


def _render(m: Message, lang: str) -> str:
    return fill(m.template(lang), dict(m.params), lang)


LISTS: dict[str, Callable[[str, str], str]] = {
    "edits": _edits,
    "notices": _notices,
    "dates": _dates,
    "names": _names,
    "fields": _fields,
}
NAME_CLOSE = N_("name.close", "{printed!r} for {registered!r}")
NAME_OTHER = N_("name.other", "{printed!r} where the record has {registered!r}")
LIST_SEP = N_("list.items", "; ")
LIST_COMMA = N_("list.parts", ", ")
EDIT_REPLACE = N_("edit.replace", "“{printed}” where the record has “{registered}”")
EDIT_DELETE = N_("edit.delete", "“{printed}” that the record lacks")
EDIT_INSERT = N_("edit.insert", "no “{registered}”")
EDIT_NONE = N_("edit.none", "punctuation or spacing only")
NOTICE_DOI = N_("notice.doi", "notice {doi}")
NOTICE_PMID = N_("notice.pmid", "notice PMID {pmid}")
NOTICE_DATE = N_("notice.date", "dated {date}")
NOTICE_SOURCE = N_("notice.source", "per {source:registry}")


def fields(template: str) -> set[tuple[str, str]]:
    """The fields of a template: (name, format spec)."""
    return {(name, spec or "") for _l, name, spec, _c in Formatter().parse(template) if name}


# The program's vocabulary inside messages: field names and registry names.
WORDS: dict[str, dict[str, Message]] = {
    "field": {
        m.id.split(".", 1)[1]: m
        for m in (
            N_("field.title", "title"),
            N_("field.authors", "authors"),
            N_("field.journal", "journal"),
            N_("field.year", "year"),
            N_("field.date", "date"),
            N_("field.volume", "volume"),
            N_("field.issue", "issue"),
            N_("field.pages", "pages"),
            N_("field.article_number", "article number"),
            N_("field.doi", "DOI"),
            N_("field.pmid", "PMID"),
            N_("field.pmcid", "PMCID"),
            N_("field.arxiv", "arXiv id"),
            N_("field.identifier", "identifier"),
            N_("field.status", "status"),
            N_("field.online date", "online date"),
            N_("field.print date", "print date"),
            N_("field.issued date", "issued date"),
            N_("field.issue date", "issue date"),
            N_("field.first author", "first author"),
            N_("field.other authors", "other authors"),
            N_("field.venue", "venue"),
        )
    },
    "date": {
        m.id.split(".", 1)[1]: m
        for m in (
            N_("date.online", "online"),
            N_("date.print", "print"),
            N_("date.issued", "issued"),
            N_("date.issue", "issue"),
            N_("date.year", "year"),
            N_("date.received", "received"),
            N_("date.accepted", "accepted"),
            N_("date.revised", "revised"),
            N_("date.published", "published"),
        )
    },
    "agency": {
        "another agency": N_("agency.other", "another agency"),
        "a public agency": N_("agency.public", "a public agency"),
        "the Publications Office of the EU": N_("agency.op", "the Publications Office of the EU"),
    },
    "notice": {
        m.text: m
        for m in (
            N_("notice.marked-retracted", "the record is marked retracted"),
            N_("notice.marked-withdrawn", "the title is marked withdrawn"),
        )
    },
    "registry": {
        m.id.split(".", 1)[1]: m
        for m in (
            N_("registry.crossref", "Crossref"),
            N_("registry.pubmed", "PubMed"),
            N_("registry.datacite", "DataCite"),
            N_("registry.arxiv", "arXiv"),
            N_("registry.openalex", "OpenAlex"),
            N_("registry.idconv", "the PMC ID converter"),
            N_("registry.both", "Crossref and PubMed"),
            N_("registry.publisher", "publisher"),
            N_("registry.retraction-watch", "Retraction Watch"),
        )
    },
}
