"""The printed title against the registered one: the same, the registry's variant
wording (function words or a subtitle dropped), a typo, or another title; and the
similarity that tells a truncated or reworded title from another work's.
"""

from __future__ import annotations

import difflib
import re

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA

from asrefs.checks.findings import (
    candidates,
    disagreement,
    reference_finding,
    substitute,
)
from asrefs.checks.normalise import full_title, title_key
from asrefs.checks.printed import printed
from asrefs.checks.thresholds import TYPO_LETTERS, TYPO_RATIO
from asrefs.codes import edit, msg
from asrefs.models import Finding, Record, Reference
from asrefs.text import display_title, fold, has_cjk, normalise_title

# Words a registry (PubMed in particular) may drop from a title.
_FUNCTION_WORDS_TEXT = (
    "a an the of in on at to for from by with via and or as into onto through using "
    "under upon between among versus vs its their"
)
_FUNCTION_WORDS = frozenset(_FUNCTION_WORDS_TEXT.split())


def title_similarity(a: str, b: str) -> float:
    """0-100: the larger of the character similarity and the share of the shorter
    title's content words found in the other (a truncated title scores 100; two works
    on the same topic share their topic words but little else)."""
    na, nb = normalise_title(a), normalise_title(b)
    wa = {w for w in na.split() if w not in _FUNCTION_WORDS}
    wb = {w for w in nb.split() if w not in _FUNCTION_WORDS}
    overlap = 100.0 * len(wa & wb) / min(len(wa), len(wb)) if wa and wb else 0.0
    return max(fuzz.ratio(na, nb), overlap)


def _lacks_function_words(printed: list[str], registered: list[str]) -> list[str] | None:
    """The words the printed title has and the registered one lacks, when those are
    all short function words and the rest is equal, in order; else None."""
    if len(printed) <= len(registered):
        return None
    extra: list[str] = []
    j = 0
    for word in printed:
        if j < len(registered) and word == registered[j]:
            j += 1
        elif word in _FUNCTION_WORDS:
            extra.append(word)
        else:
            return None
    return extra if j == len(registered) and extra else None


def _word_diff(printed: list[str], registered: list[str]) -> str:
    """The words that differ, as ``edits`` for a message: "printed → registered; …"."""
    parts = []
    matcher = difflib.SequenceMatcher(a=printed, b=registered, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op != "equal":
            parts.append(edit(" ".join(printed[i1:i2]), " ".join(registered[j1:j2])))
    return "; ".join(parts)


def _title_verdict(printed: str, registered: str) -> tuple[str | None, str | None]:
    """(code or None, detail) for a printed title against one registered title: the
    words the registry lacks (title-variant) or the words that differ (title-typo); None
    when the difference is a subtitle."""
    pw, rw = normalise_title(printed).split(), normalise_title(registered).split()
    if "".join(pw) == "".join(rw):
        return None, ""
    missing = _lacks_function_words(pw, rw)
    if missing:
        return "title-variant", ", ".join(f"“{w}”" for w in missing)
    main = re.split(r"[:?]\s", display_title(registered), maxsplit=1)[0]
    if main != display_title(registered) and title_key(printed) == title_key(main):
        return "title-typo", None
    main_p = re.split(r"[:?]\s", printed, maxsplit=1)[0]
    if main_p != printed and title_key(main_p) == title_key(registered):
        return "title-variant", None
    if fuzz.ratio(" ".join(pw), " ".join(rw)) >= TYPO_RATIO and _spelling_only(pw, rw):
        return "title-typo", _word_diff(pw, rw)
    return "title-mismatch", ""


def _misspelt(printed: str, registered: str) -> bool:
    """One word written with a letter or two wrong (not another word, not another number)."""
    if any(ch.isdigit() for ch in printed + registered):
        return printed == registered
    distance = OSA.distance(printed, registered)
    return distance <= TYPO_LETTERS and distance <= min(len(printed), len(registered)) // 2


def _spelling_only(printed: list[str], registered: list[str]) -> bool:
    """The titles differ only in spelling: words misspelt, joined or split, or function
    words added or dropped; a word replaced by another is not a typo."""
    matcher = difflib.SequenceMatcher(a=printed, b=registered, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        p, r = printed[i1:i2], registered[j1:j2]
        if op == "equal" or "".join(p) == "".join(r):
            continue
        if op == "replace" and len(p) == len(r):
            if all(_misspelt(a, b) for a, b in zip(p, r, strict=True)):
                continue
            return False
        if op in ("insert", "delete") and all(w in _FUNCTION_WORDS for w in p + r):
            continue
        return False
    return True


_TOKEN = re.compile(r"[^\W_]+", re.U)


def _sentence_case(title: str) -> bool:
    """Most words after the first are lower-case (the Vancouver / APA form)."""
    words = [w for w in _TOKEN.findall(title)[1:] if w[:1].isalpha()]
    capitalised = sum(1 for w in words if w[:1].isupper() and w[1:].islower())
    return bool(words) and capitalised <= len(words) // 5


def _title_edit(printed: str, registered: str) -> str:
    """The printed title with only the words that differ from the registered title
    replaced (keeping the printed capitalisation style elsewhere); the registered title
    itself when the edit does not reproduce it."""
    pt = list(_TOKEN.finditer(printed))
    rt = list(_TOKEN.finditer(registered))
    lower = _sentence_case(printed)

    def styled(text: str, first: bool) -> str:
        if not lower:
            return text
        return _TOKEN.sub(
            lambda m: (
                m.group(0).lower()
                if (m.start() or not first) and m.group(0)[1:].islower()
                else m.group(0)
            ),
            text,
        )

    matcher = difflib.SequenceMatcher(
        a=[fold(m.group(0)) for m in pt], b=[fold(m.group(0)) for m in rt], autojunk=False
    )
    out = printed
    for op, i1, i2, j1, j2 in reversed(matcher.get_opcodes()):
        if op == "equal":
            continue
        if op == "insert" and i1 == len(pt):  # a missing ending, such as a subtitle
            start = pt[-1].end() if pt else 0
            new = registered[rt[j1 - 1].end() if j1 else 0 :].rstrip(" .")
            out = out[:start] + styled(new, j1 == 0) + out[start:]
            continue
        new = registered[rt[j1].start() : rt[j2 - 1].end()] if j2 > j1 else ""
        if op == "insert":
            start = pt[i1].start()
            out = out[:start] + styled(new, j1 == 0) + " " + out[start:]
        elif op == "delete":
            start = pt[i1 - 1].end() if i1 else pt[i1].start()
            out = out[:start] + out[pt[i2 - 1].end() :]
        else:
            out = out[: pt[i1].start()] + styled(new, j1 == 0) + out[pt[i2 - 1].end() :]
    return out if title_key(out) == title_key(registered) else registered


def title_findings(ref: Reference, recs: list[Record]) -> list[Finding]:
    """The printed title against the registered titles in the same script."""
    if not ref.title:
        return []
    cands = candidates(recs, full_title, title_key)
    cands = [c for c in cands if has_cjk(c.value) == has_cjk(ref.title)]
    if not cands:
        return []
    out = disagreement(ref, "title", ref.title, cands)
    if any(printed(ref, tuple(recs)).has_title(c.value) for c in cands):
        return out  # the registered title is printed: a parse error, if anything
    best = cands[0]
    if len(cands) > 1:
        best = max(cands, key=lambda c: title_similarity(ref.title or "", c.value))
    code, detail = _title_verdict(ref.title, best.value)
    if code is None:
        return out
    if code == "title-variant" and detail is None:
        message = msg(
            "title-variant.subtitle",
            "The title registered in {registry:registry} lacks a subtitle that the article "
            "prints; this is the registry's wording, not an error in the article.",
            registry=best.source,
        )
        fix = None
    elif code == "title-variant":
        message = msg(
            "title-variant.lacks",
            "The title registered in {registry:registry} lacks {detail} that the article "
            "prints; this is the registry's wording, not an error in the article.",
            registry=best.source,
            detail=detail,
        )
        fix = None
    elif code == "title-typo" and detail is None:
        message = msg(
            "title-typo.subtitle",
            "The printed title differs slightly from the one registered in "
            "{registry:registry}: it omits the subtitle.",
            registry=best.source,
        )
        fix = substitute(ref, ref.title, _title_edit(ref.title, best.value), skip_title=False)
    elif code == "title-typo":
        message = msg(
            "title-typo.detail",
            "The printed title differs slightly from the one registered in "
            "{registry:registry}: {edits:edits}.",
            registry=best.source,
            edits=detail,
        )
        fix = substitute(ref, ref.title, _title_edit(ref.title, best.value), skip_title=False)
    else:
        message = msg(
            "title-mismatch.registry",
            "The printed title is not the title registered in {registry:registry}: “{title}”.",
            registry=best.source,
            title=best.value,
        )
        fix = substitute(ref, ref.title, best.value, skip_title=False)
    out.append(
        reference_finding(
            code,
            ref,
            "title",
            message,
            found=ref.title,
            expected=best.value,
            source=best.source,
            fix=fix,
        )
    )
    return out
