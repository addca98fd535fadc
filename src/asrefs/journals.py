"""Journal names the claim and check stages recognise without a record.

Two tables of the project's own: ``data/journals_zh.tsv`` (the Chinese names of
journals, with their English titles) and ``data/journals_en.tsv`` (widely cited journals
with their abbreviations). And the shape of a journal name: a name of several words with
a word journals are named by ("Journal", "Research", "Reports", "Annals"…) or written as
an NLM abbreviation ("J Biol Chem", "Proc. Natl. Acad. Sci."). A capitalised word after
"in" that is none of these ("Purkinje", "Drosophila", "Europe") is not taken for a
journal. And the venues that publish without DOIs (NeurIPS, ICLR, ICML, PMLR, JMLR…),
each with the names it is printed and registered under ("NeurIPS", "Advances in
Neural Information Processing Systems", OpenAlex's "Neural Information Processing
Systems").
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from importlib import resources

from asrefs.text import fold, words

__all__ = ["is_journal_name", "known_journal", "known_journal_names", "no_doi_venue"]

# Venues whose papers are published without DOIs (their own proceedings sites, PMLR,
# OpenReview), by the names they go by; the specific before the general ("Proceedings of
# the 40th International Conference on Machine Learning, PMLR 202" is ICML's).
_NO_DOI_VENUES = tuple(
    (key, re.compile(rf"\b(?:{names})\b", re.IGNORECASE))
    for key, names in (
        ("neurips", r"neurips|nips|neural information processing systems"),
        ("iclr", r"iclr|learning representations"),
        ("icml", r"icml|international conference on machine learning"),
        ("jmlr", r"jmlr|journal of machine learning research|j\.? mach\.? learn\.? res"),
        (
            "tmlr",
            r"tmlr|transactions on machine learning research|trans\.? mach\.? learn\.? res",
        ),
        ("colt", r"colt|conference on learning theory"),
        ("aistats", r"aistats|artificial intelligence and statistics"),
        ("uai", r"uai|uncertainty in artificial intelligence"),
        ("corl", r"corl|conference on robot learning"),
        ("pmlr", r"pmlr|machine learning research|mach\.? learn\.? res"),
    )
)
_ZH_KEY_RE = re.compile(r"[\s\-‐–—·•・:：,，、.。&＆/()（）《》“”\"']+")
# A Chinese name may carry a word for "journal" that the table's name lacks.
_ZH_GENERIC_END = ("杂志", "期刊", "周刊", "月刊")
# Words journals are named by (folded): a name of several words holding one is a journal.
_JOURNAL_WORDS = frozenset(
    words(
        "journal journals proceedings annals archives reports letters reviews review "
        "research transactions bulletin acta frontiers advances communications "
        "opinion clinics"
    )
)
# Words of NLM abbreviations (folded): a name of several words holding two is a journal.
_ABBREVIATION_WORDS = frozenset(
    words(
        "j proc natl acad sci ann arch rep res lett rev trans bull adv commun front nat "
        "med clin biol chem int am eur br engl mol immunol neurosci pharmacol physiol "
        "biochem biophys genet oncol surg pediatr cardiol endocrinol gastroenterol "
        "hematol infect dis microbiol neurol psychiatry rheumatol transl ther cell"
    )
)


def _read(name: str) -> list[tuple[str, tuple[str, ...]]]:
    path = resources.files("asrefs") / "data" / name
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        key, _, rest = line.partition("\t")
        values = tuple(v.strip() for v in rest.split("|") if v.strip())
        if key.strip() and values:
            rows.append((key.strip(), values))
    return rows


def _zh_key(name: str) -> str:
    return _ZH_KEY_RE.sub("", unicodedata.normalize("NFKC", name).lower())


@cache
def _zh_table() -> dict[str, tuple[str, ...]]:
    table: dict[str, tuple[str, ...]] = {}
    for zh, names in _read("journals_zh.tsv"):
        table[_zh_key(zh)] = table.get(_zh_key(zh), ()) + names
    return table


def known_journal(zh: str) -> tuple[str, ...]:
    """The English titles the project's table gives for a Chinese journal name (with or
    without a closing 杂志/期刊), or ()."""
    table, key = _zh_table(), _zh_key(zh)
    if key in table:
        return table[key]
    for end in _ZH_GENERIC_END:
        if key.endswith(end) and key[: -len(end)] in table:
            return table[key[: -len(end)]]
    return ()


def known_journal_names() -> tuple[str, ...]:
    """Every English journal title of the Chinese table (a pool of candidates)."""
    return tuple(dict.fromkeys(n for names in _zh_table().values() for n in names))


def _en_key(name: str) -> str:
    return " ".join(w for w in words(fold(name)) if w != "the")


@cache
def _en_names() -> frozenset[str]:
    names = {_en_key(n) for n in known_journal_names()}
    for title, abbreviations in _read("journals_en.tsv"):
        names.add(_en_key(title))
        names.update(_en_key(a) for a in abbreviations)
    return frozenset(names)


def is_journal_name(name: str) -> bool:
    """A name a journal has: a known title or abbreviation, or a name of several words
    shaped like a journal's ("Journal of …", "… Research", "J Biol Chem")."""
    if _en_key(name) in _en_names():
        return True
    parts = words(fold(name))
    if len(parts) < 2:
        return False
    if any(w in _JOURNAL_WORDS for w in parts):
        return True
    return sum(w in _ABBREVIATION_WORDS for w in parts) >= 2


def no_doi_venue(name: str) -> str | None:
    """The venue that publishes without DOIs ``name`` names ("neurips", "icml",
    "pmlr"…), or None."""
    return next((key for key, names in _NO_DOI_VENUES if names.search(name)), None)
