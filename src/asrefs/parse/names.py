"""Authors: where an entry's author list ends and how it reads as names.

Name forms: "Smith J", "Smith, J.", "Smith, John", "J. Smith", "LIEBER R L" (GB/T),
"Dalla Serra, M.", particles ("van der Berg"), Chinese names ("欧阳明" splits after a
compound surname), collective authors ("GBD 2019 Collaborators", "某某协作组"), and
a closing "et al." / "等".
"""

from __future__ import annotations

import functools
import re

from asrefs.models import Author
from asrefs.parse.fields import BOUNDARY_RE, Fields
from asrefs.text import HAN, has_han

__all__ = [
    "EDITOR_MARK_RE",
    "GIVEN_FIRST_LIST_RE",
    "author_end",
    "leads_authors",
    "looks_like_given_first_name",
    "parse_authors",
    "set_authors",
]

_ET_AL_RE = re.compile(r",?\s*(?:\bet\.?\s*al\b\.?|等\.?|and others|…|\.\.\.)", re.IGNORECASE)
_ET_AL_WORDS_RE = re.compile(r"et\.?\s*al|and other|等|…|\.\.\.")  # what it needs, in lower case
_PARTICLES = frozenset(
    [
        "van",
        "von",
        "der",
        "den",
        "de",
        "del",
        "della",
        "di",
        "da",
        "dos",
        "do",  # Portuguese: "do Nascimento", "das Neves"
        "das",
        "du",
        "la",
        "le",
        "los",
        "las",
        "ten",
        "ter",
        "bin",
        "al",
        "el",
        "y",
        "Van",
        "Von",
        "Der",
        "Den",
        "De",
        "Del",
        "Della",
        "Di",
        "Da",
        "Dos",
        "Du",
        "La",
        "Le",
        "Los",
        "Las",
        "Ten",
        "Ter",
    ]
)
_COMPOUND_SURNAMES = frozenset(
    [
        "欧阳",
        "司马",
        "上官",
        "诸葛",
        "东方",
        "皇甫",
        "尉迟",
        "公孙",
        "慕容",
        "长孙",
        "宇文",
        "司徒",
        "夏侯",
        "轩辕",
        "令狐",
        "钟离",
        "端木",
        "独孤",
        "南宫",
        "西门",
        "闻人",
        "赫连",
        "澹台",
        "公冶",
        "宗政",
        "濮阳",
        "太叔",
        "申屠",
        "万俟",
        "呼延",
        "百里",
        "东郭",
        "拓跋",
        "完颜",
        "歐陽",
        "司馬",
        "諸葛",
        "長孫",
        "夏侯",
        "軒轅",
    ]
)
_COLLECTIVE_WORDS = frozenset(
    [
        "group",
        "consortium",
        "collaboration",
        "collaborative",
        "committee",
        "network",
        "society",
        "association",
        "investigators",
        "collaborators",
        "authors",
        "organisation",
        "organization",
        "team",
        "working",
        "council",
        "institute",
        "foundation",
        "center",
        "centre",
        "centers",  # "Centers for Disease Control and Prevention"
        "centres",
        "agency",
        "ministry",
        "department",
        "commission",
        "administration",
        "bureau",
        "academy",
        "project",
        "alliance",
        "panel",
        "taskforce",
        "study",
        "trialists",
        "party",
    ]
)
_COLLECTIVE_CJK_RE = re.compile("协作组|委员会|学会|协会|小组|工作组|联盟")
_AND_PREFIX_RE = re.compile(r"^\s*(?:and|&|et|und)\s+")
_LEADING_INITIAL_RE = re.compile(r"^[A-Z]\.(?:-?[A-Z]\.)*$")
_BRACKETED_INITIALS_RE = re.compile(r"^([^\W\d_][\w'’ -]*?)\s*\(((?:[A-Z][a-z]?\.\s*-?\s*)+)\)$")
# what marks a name as an editor's: "(Ed.)", "eds", "Hrsg.", "(dir.)"
EDITOR_MARK_RE = re.compile(r"\b(?:eds?|editors?|edited|hrsg|hg|dir|éds?|red)\b\.?", re.I)
_INITIAL_WORD_RE = re.compile(r"^[A-ZÀ-ÖØ-Þ]\.?(?:-?[A-ZÀ-ÖØ-Þ]\.?)*$")
# Italian "e" and Spanish "y" join two names only before the second's initials ("Fensterheim
# e H.G. Birch"): "Ramón y Cajal" and "Sousa e Silva" are family names
_AND_SPLIT_RE = re.compile(r"\s+(?:and|&|et|und)\s+|\s+[ey]\s+(?=[A-Z]\.)|和")
_PART_SPLIT_RE = re.compile(r"[,、，]|\s*/\s+")  # "Schnell/ Sander": not "ACC/AHA"
_INITIALS_PUNCT_RE = re.compile(r"[.\s]")
_CJK_NAME_RE = re.compile(f"^[{HAN}·]{{2,6}}$")
_BARE_INITIALS_RE = re.compile(r"^[A-ZÀ-ÖØ-Þ]{1,3}(?:-[A-ZÀ-ÖØ-Þ])?$")
_DOTTED_INITIALS_RE = re.compile(
    r"^(?:[A-ZÀ-ÖØ-Þ][a-z]?\.[\s-]*)+$|^(?:[A-ZÀ-ÖØ-Þ]\.?[\s-]*){1,4}$"
)
_INITIAL_TOKEN_RE = re.compile(r"^-?[A-ZÀ-ÖØ-Þ][a-z]?\.(?:-?[A-ZÀ-ÖØ-Þ][a-z]?\.)*[,;]?$")
# "J. D. Watson, F. H. C. Crick, Title…" (Elsevier numeric, Science, PNAS): given names first.
_GIVEN_FIRST_NAME = (
    r"(?:[A-ZÀ-ÖØ-Þ][a-z]?\.[ \t-]*){1,4}(?:(?:van|von|der|den|de|du|da|di|del|la|le)\s+)*"
    r"[A-ZÀ-ÖØ-Þ][\w'’-]+(?:\s[A-ZÀ-ÖØ-Þ][\w'’-]+)?"
)
GIVEN_FIRST_LIST_RE = re.compile(
    rf"(?:{_GIVEN_FIRST_NAME}\s*,\s*(?:and\s+|&\s+)?)+"
    rf"(?:(?:and|&)\s+{_GIVEN_FIRST_NAME}\s*,\s*)?(?:et\s+al\.?\s*,\s*)?"
)


# --- where the author list ends -------------------------------------------------


def leads_authors(before: str) -> bool:
    """Whether text before a "(2025)" is only an author list (APA, Harvard, Frontiers)."""
    before = before.strip()
    if not before or len(before) > 2000:
        return False
    end = author_end(before + " ")
    return end is None or end >= len(before.rstrip(" .,")) - 1


def author_end(core: str) -> int | None:
    """Offset just past the author list, or None when no end is recognisable."""
    et_al = _ET_AL_RE.search(core, 0, min(len(core), 3000)) if _may_have_et_al(core) else None
    first = core.split(None, 1)[0].strip(",;") if core.strip() else ""
    upper = len(first) > 1 and first.isupper()  # GB/T's "CLINE A M, RADIC M Z."
    for boundary in BOUNDARY_RE.finditer(core):
        period = boundary.start() - 1 if boundary.start() > 0 else 0
        if et_al is not None and et_al.start() <= period:
            return et_al.end()
        before = core[:period].rsplit(None, 2)
        word = before[-1] if before else ""
        after = core[boundary.end() :].split(None, 2)
        following = after[0] if after else ""
        previous = before[-2] if len(before) > 1 else ""
        if (
            _INITIAL_TOKEN_RE.match(word + ".")
            and _name_continues(following, upper, after[1] if len(after) > 1 else "")
            and not _after_family(previous, following)
        ):
            continue
        return boundary.end()
    return et_al.end() if et_al is not None else None


def _may_have_et_al(text: str) -> bool:
    """Cheap pre-filter for _ET_AL_RE, which may start at any character and so is slow to
    search: the test it always had, then the words it needs, in the text lower-cased."""
    if not ("al" in text or "等" in text or "…" in text or "..." in text or "others" in text):
        return False
    return _ET_AL_WORDS_RE.search(text.lower()) is not None


def _after_family(previous: str, following: str) -> bool:
    """Whether an initial stands right after its family name ("Davis S. Medications,
    comorbidities…"): then its period ends the list, unless another initial or "and"
    follows. After a comma ("Zhu, W. Brauchle,") or another initial the list goes on."""
    if not previous or previous.endswith((",", ";", "&")) or previous.lower() in ("and", "&"):
        return False
    if _INITIAL_TOKEN_RE.match(previous) or _INITIAL_TOKEN_RE.match(previous + "."):
        return False
    return not (_INITIAL_TOKEN_RE.match(following) or following.lower() in ("and", "&", "et"))


def _name_continues(token: str, upper: bool = False, then: str = "") -> bool:
    """After an initial and a period, does the author list go on? In a list of
    upper-case family names only by another upper-case one: "RADIC M Z. Apoptosis,
    subcellular particles, …" is where the title begins, and so is "ROCCO J W. MATH, a
    novel measure …" (a name alone before its comma, then a word in lower case)."""
    if not token:
        return False
    if _INITIAL_TOKEN_RE.match(token) or token.lower() in ("and", "&", "et"):
        return True
    if upper and not token.rstrip(",;").isupper():
        return False
    if upper and then[:1].islower():
        return False
    return token.endswith((",", ";"))


def looks_like_given_first_name(part: str) -> bool:
    """Whether one comma-separated part reads as a name ("J. D. Watson", "张三")."""
    words = part.split()
    if not 1 <= len(words) <= 5 or len(part) > 50 or any(ch.isdigit() for ch in part):
        return False
    if _CJK_NAME_RE.match(part):
        return True
    return all(w[0].isupper() or w in _PARTICLES for w in words) and ":" not in part


# --- reading the names --------------------------------------------------------------


def set_authors(block: str, fields: Fields) -> None:
    """Fill the authors (and et_al) from a printed author list."""
    authors, et_al = parse_authors(block)
    fields.set("authors", tuple(authors) or None)
    if et_al:
        fields.set("et_al", True)


_ENDS_ON_INITIAL_RE = re.compile(r"(?:^|[\s.,-])[A-Z]\.[\s,;:]*$")
_DASHES = "-–—―_ "


def _trimmed(block: str) -> str:
    """The list without the punctuation around it; a last initial keeps its period
    ("…, Sun, L." stays a name and its initial, not a name "L")."""
    return block.strip(" ,.;:") + ("." if _ENDS_ON_INITIAL_RE.search(block) else "")


def parse_authors(block: str) -> tuple[list[Author], bool]:
    """Authors from a printed author list, and whether it ends with "et al."/"等"; the
    rule that stands for the names of the entry before ("———.", "______.") is none, and
    a dash before the names is no part of them ("- H. Plagnol")."""
    block = _trimmed(block).lstrip(_DASHES)
    et_al = False
    match = _ET_AL_RE.search(block) if _may_have_et_al(block) else None
    if match is not None:
        et_al = True
        block = _trimmed(block[: match.start()])
    if not block.strip("."):
        return [], et_al
    if ";" in block:
        parts = [p.strip() for p in block.split(";")]
        return [a for p in parts if (a := _inverted_or_plain(p)) is not None], et_al
    parts = []
    for part in _PART_SPLIT_RE.split(block):
        part = _AND_PREFIX_RE.sub("", part).strip()
        if " " not in part or not _is_collective(part):
            parts.extend(p.strip() for p in _AND_SPLIT_RE.split(part))
        else:
            parts.append(part)
    parts = [name for p in map(_without_suffix, parts) if p for name in _run_apart(p)]
    authors = []
    index = 0
    while index < len(parts):
        part = parts[index]
        given = parts[index + 1] if index + 1 < len(parts) else None
        if given is not None and _pairs_as_inverted(part, given):
            authors.append(Author(part, _given(given)))
            index += 2
            continue
        author = _plain_name(part)
        if author is not None:
            authors.append(author)
        index += 1
    return authors, et_al


_SUFFIX_RE = re.compile(r"(?:^|[\s,]+)(?:Jr|Sr|2nd|3rd|[4-9]th)\s*\.?$")
_NOTE_MARKS = "*†‡§#"
_ROMAN_SUFFIX_RE = re.compile(r"\b(?:[A-Z]\.?[\s-]*){1,4},?\s+(?:II|III|IV)\.?$")


def _run_apart(part: str) -> list[str]:
    """Vancouver names printed without commas ("Liu SM Zhong J Zhao XJ"): a family name
    and its initials, again and again, are that many names."""
    words = part.split()
    if len(words) < 4 or len(words) % 2:
        return [part]
    families, initials = words[::2], words[1::2]
    if all(w[:1].isupper() and any(c.islower() for c in w) for w in families) and all(
        _BARE_INITIALS_RE.match(w) for w in initials
    ):
        return [f"{family} {given}" for family, given in zip(families, initials, strict=True)]
    return [part]


@functools.lru_cache(maxsize=16384)  # names recur in a list
def _without_suffix(part: str) -> str:
    """A name part without its generational suffix ("Riese DJ 2nd", "D. A. Jr.", "Jr."):
    registries hold the suffix apart from the name, and a lone "Jr." is no author."""
    part = _SUFFIX_RE.sub("", part)
    if _ROMAN_SUFFIX_RE.search(part):  # only after initials: "Smith JA III", not "Smith II"
        part = part.rsplit(None, 1)[0].rstrip(" ,")
    # nor are the marks printed beside a name ("Bao Q *", "Zhao Y*", "Yves -") part of it
    words = (word.rstrip(_NOTE_MARKS) for word in part.split())
    return " ".join(word for word in words if any(char.isalnum() for char in word))


@functools.lru_cache(maxsize=16384)  # names recur in a list; asked of each part in turn
def _pairs_as_inverted(family: str, given: str) -> bool:
    """Whether "family, given" are two halves of one name ("Zeng, L." / "Smith, John")."""
    if has_han(family) or _is_collective(family):
        return False
    family_words = [w for w in family.split() if w not in _PARTICLES] or family.split()
    if all(_INITIAL_WORD_RE.match(w) and w.endswith(".") for w in family_words):
        return False  # "J. Du, W. Du": a dotted initial and a particle-like name, no family
    if len(family_words) != 1:
        # "Dalla Serra, M." / "Temple Lang, D.": a two-word family before dotted initials.
        return (
            1 < len(family_words) <= 3
            and "." in given
            and bool(_DOTTED_INITIALS_RE.match(given))
            and all(w[:1].isupper() for w in family_words)
        )
    if _DOTTED_INITIALS_RE.match(given):
        return True
    words = given.split()
    return (
        1 <= len(words) <= 2
        and all(w[0].isupper() for w in words)
        and not _BARE_INITIALS_RE.match(words[-1])
    )


def _inverted_or_plain(part: str) -> Author | None:
    if "," in part:
        family, _, given = part.partition(",")
        return Author(family.strip(), _given(given.strip()))
    return _plain_name(part)


def _given(given: str) -> str:
    """Initials lose their periods and spaces ("H. F." -> "HF"); full names stay."""
    given = given.strip(" ,")
    if _DOTTED_INITIALS_RE.match(given) and "." in given:
        return _INITIALS_PUNCT_RE.sub("", given)
    return given


@functools.lru_cache(maxsize=16384)
def _plain_name(part: str) -> Author | None:
    part = part.strip(" .,")
    if not part:
        return None
    if _CJK_NAME_RE.match(part):
        size = 2 if part[:2] in _COMPOUND_SURNAMES and len(part) > 2 else 1
        return Author(part[:size], part[size:])
    if _is_collective(part) or len(part.split()) > 5:
        return Author(part, collective=True)
    bracketed = _BRACKETED_INITIALS_RE.match(part)
    if bracketed and not EDITOR_MARK_RE.fullmatch(bracketed.group(2).strip()):
        # French: "SIERVO (M.)", "HERBIN (Fr.-R.)"; not "Smith (Ed.)"
        return Author(bracketed.group(1), _given(bracketed.group(2)))
    words = part.split()
    if len(words) == 1:
        return Author(words[0])
    trailing = len(words)
    while trailing > 1 and _INITIAL_WORD_RE.match(words[trailing - 1]):
        trailing -= 1
    if trailing < len(words) and "." in part and not _LEADING_INITIAL_RE.match(words[0]):
        # family name first, dotted initials after it: "Kempner J.C", "Smith J. C"
        return Author(" ".join(words[:trailing]), _given(" ".join(words[trailing:])))
    if _BARE_INITIALS_RE.match(words[-1]) or _four_initials(words):
        # Vancouver / GB/T: "Liu WJ", "LIEBER R L" (initials spaced apart in GB/T).
        first_given = len(words) - 1
        while (
            first_given > 1
            and len(words[first_given - 1]) == 1
            and words[first_given - 1].isupper()
        ):
            first_given -= 1
        return Author(" ".join(words[:first_given]), "".join(words[first_given:]))
    initials = 0
    while initials < len(words) - 1 and _LEADING_INITIAL_RE.match(words[initials]):
        initials += 1
    if initials:  # "M. H. van der Berg", "S. Mohammadi Nejad": all after the initials
        return Author(" ".join(words[initials:]), _given(" ".join(words[:initials])))
    first_family = len(words) - 1
    while first_family > 1 and words[first_family - 1] in _PARTICLES:
        first_family -= 1
    return Author(" ".join(words[first_family:]), _given(" ".join(words[:first_family])))


_FOUR_INITIALS_RE = re.compile(r"^[A-Z]{4}(?:Jr)?$|^[A-Z]{1,3}Jr$")


def _four_initials(words: list[str]) -> bool:
    """Four initials after a family name not in capitals ("Crebolder HFJM", "Urban
    JFJr"); after one in capitals ("WANG JIAN") nothing tells which is the family."""
    return bool(_FOUR_INITIALS_RE.match(words[-1])) and all(not w.isupper() for w in words[:-1])


def names_a_group(text: str) -> bool:
    """Whether a short phrase ends in a group's word ("ASPIRE Investigators", "Writing
    Committee", "EBCTCG Trialists"): the name of a group author."""
    words = text.lower().split()
    return 0 < len(words) <= 7 and words[-1].strip(".,;:()") in _COLLECTIVE_WORDS


@functools.lru_cache(maxsize=8192)  # each name part is asked about up to three times
def _is_collective(name: str) -> bool:
    """A consortium or group rather than a person ("GBD 2019 Collaborators", "某某协作组")."""
    if " " not in name:
        return bool(_COLLECTIVE_CJK_RE.search(name))
    return any(word.strip(".,;:()") in _COLLECTIVE_WORDS for word in name.lower().split())
