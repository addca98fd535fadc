"""A publication date the text gives for a cited work, against the record's dates: the
same, too precise to confirm, a day off (a time zone), the date of another event
(received, accepted), or another date."""

from __future__ import annotations

from datetime import date, timedelta

from asrefs.codes import Message, make_finding, msg
from asrefs.models import Claim, Finding, Record

_DATE_KINDS = ("online", "print", "issued")


def _all_dates(records: dict[str, Record]) -> list[tuple[str, str, str]]:
    """(kind, ISO date, source) from every record, without repeats."""
    out: list[tuple[str, str, str]] = []
    seen: set[tuple[str, str]] = set()
    for source, record in records.items():
        for kind, value in record.dates:
            if (kind, value) not in seen:
                seen.add((kind, value))
                out.append((kind, value, source))
    return out


def _precision(value: str) -> int:
    return {4: 1, 7: 2, 10: 3}.get(len(value), 0)


def _as_date(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if len(value) == 10 else None
    except ValueError:
        return None


def check_date_claim(claim: Claim, records: dict[str, Record]) -> Finding | None:
    """A publication date the text gives, against every date the records hold."""
    dates = _all_dates(records)
    publication = [(k, v, s) for k, v, s in dates if k in _DATE_KINDS]
    if not publication or _precision(claim.value) == 0:
        return None
    listed = ", ".join(f"{k} {v}" for k, v, _s in dates)  # a message's ``dates`` field
    verdict = _date_verdict(claim.value, listed, dates, publication)
    if verdict is None:
        return None
    code, message = verdict
    sources = sorted({s for _k, _v, s in publication})
    return make_finding(
        code,
        ref=claim.ref,
        field="date",
        found=claim.value,
        expected=listed,
        source=sources[0] if len(sources) == 1 else "both",
        message=message,
        line=claim.line,
    )


def _date_verdict(
    want: str,
    listed: str,
    dates: list[tuple[str, str, str]],
    publication: list[tuple[str, str, str]],
) -> tuple[str, Message] | None:
    """(code, message) for a claimed date no publication date confirms; None when one
    does."""
    level = _precision(want)
    compatible_coarse = False
    for _kind, value, _s in publication:
        p = _precision(value)
        if p >= level and value[: len(want)] == want:
            return None
        if p < level and want.startswith(value):
            compatible_coarse = True
    if compatible_coarse:
        return "date-claim-unconfirmable", msg(
            "date-claim-unconfirmable.coarse",
            "the text dates this work {claimed}; the record only gives {dates:dates}, which "
            "can neither confirm nor refute it",
            claimed=want,
            dates=listed,
        )
    claimed = _as_date(want)
    if claimed is not None:
        for kind, value, _s in publication:
            registered = _as_date(value)
            if registered is not None and claimed - registered == timedelta(days=1):
                return "date-claim-timezone", msg(
                    "date-claim-timezone.day",
                    "the text's date {claimed} is one day after the {kind:date} date {value}, "
                    "likely a time-zone difference",
                    claimed=want,
                    kind=kind,
                    value=value,
                )
    for kind, value, _s in dates:
        if (
            kind in ("received", "accepted")
            and value[: len(want)] == want
            and _precision(value) >= level
        ):
            return "date-claim-other-event", msg(
                "date-claim-other-event.kind",
                "the text's date {claimed} is when the work was {kind:date}, not published "
                "({dates:dates})",
                claimed=want,
                kind=kind,
                dates=listed,
            )
    return "date-claim-mismatch", msg(
        "date-claim-mismatch.dates",
        "the text says this work was published {claimed}; the record gives {dates:dates}",
        claimed=want,
        dates=listed,
    )
