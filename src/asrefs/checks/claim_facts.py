"""A number or an institution the text credits to a cited work, against the record's
abstract and affiliations. The record may not say (the number may be in the full text):
these findings are at most an info."""

from __future__ import annotations

import re
import unicodedata

from rapidfuzz import fuzz

from asrefs.checks import crosslingual
from asrefs.checks.claim_titles import record_source, title_score
from asrefs.checks.thresholds import INSTITUTION_COVERED, INSTITUTION_RATIO
from asrefs.codes import CODES, make_finding, msg
from asrefs.models import Claim, Finding, Record
from asrefs.text import has_han, normalise_title

_NUMBER_RE = re.compile(r"(?<![0-9.])[0-9]+(?:[,，  ][0-9]{3})*(?:\.[0-9]+)?(?![0-9])")
_SENTENCE_RE = re.compile(r"[^.!?。！？]+(?:[.!?。！？]+|$)")


def _number(text: str) -> float | None:
    digits = re.sub(r"[,，  %％]", "", text)
    try:
        return float(digits)
    except ValueError:
        return None


def check_number_claim(claim: Claim, records: dict[str, Record]) -> Finding | None:
    """A number the text attributes to the work, looked for in the record's abstract."""
    abstracts = {name: rec.abstract for name, rec in records.items() if rec.abstract}
    wanted = _number(claim.value)
    if not abstracts or wanted is None:
        return None
    for abstract in abstracts.values():
        folded = unicodedata.normalize("NFKC", abstract)
        if any(_number(m.group()) == wanted for m in _NUMBER_RE.finditer(folded)):
            return None
    sentences = [
        " ".join(m.group().split())
        for abstract in abstracts.values()
        for m in _SENTENCE_RE.finditer(abstract)
        if m.group().strip()
    ]
    closest = max(sentences, key=lambda s: title_score(claim.sentence, s), default=None)
    return make_finding(
        "number-claim-unconfirmed",
        ref=claim.ref,
        field="number",
        found=claim.value,
        expected=closest,
        source="both" if len(abstracts) > 1 else next(iter(abstracts)),
        message=msg(
            "number-claim-unconfirmed.abstract",
            "the number {number} the text attributes to this work is not in its abstract (it "
            "may be in the full text)",
            number=claim.value,
        ),
        line=claim.line,
    )


_DEICTIC_PLACES = frozenset(("我国", "国内", "本国", "国外", "海外", "中外"))
INSTITUTION_CODE = "institution-claim-unconfirmed"
"""The code for an institution or country the record's affiliations do not show; the
check reports it only when codes.py defines it."""


def check_institution_claim(claim: Claim, records: dict[str, Record]) -> Finding | None:
    """An institution or country the text credits, against the record's affiliations
    (only when the record holds some; at most an info)."""
    if INSTITUTION_CODE not in CODES or claim.value in _DEICTIC_PLACES:
        return None
    affiliations = [a for rec in records.values() for a in rec.affiliations]
    if not affiliations:
        return None
    for affiliation in affiliations:
        if has_han(claim.value) and not has_han(affiliation):
            if crosslingual.align(claim.value, affiliation).covered >= INSTITUTION_COVERED:
                return None
        elif (
            fuzz.partial_ratio(normalise_title(claim.value), normalise_title(affiliation))
            >= INSTITUTION_RATIO
        ):
            return None
    return make_finding(
        INSTITUTION_CODE,
        ref=claim.ref,
        field="institution",
        found=claim.value,
        expected="; ".join(affiliations[:3]) + ("; …" if len(affiliations) > 3 else ""),
        source=record_source(records, "affiliations"),
        message=msg(
            "institution-claim-unconfirmed.affiliations",
            "the text credits {institution}; the record's affiliations do not show it",
            institution=claim.value,
        ),
        line=claim.line,
    )
