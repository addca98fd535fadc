"""Measure what reading a PDF costs the reference parser (see docs/parser-evaluation.md).

    python benchmarks/eval_pdf.py             # render the PDFs with chromium, print the figures
    python benchmarks/eval_pdf.py --keep DIR  # ... and keep the HTML and PDF files in DIR
    python benchmarks/eval_pdf.py --libraries # also the reading order other PDF libraries give
    python benchmarks/eval_pdf.py --example   # render examples/as-stem-cells-2025.pdf again

Articles rendered to PDF by headless Chromium (Debian's chromium):

* ``sample``: examples/as-stem-cells-2025.md through markdown-it-py (line breaks kept, as
  most Markdown editors show them), one column;
* ``two-column-numbered``: a two-column, justified article in A4 with a running header
  and page numbers, body text citing 62 references with ligatures (ﬁ, ﬀ) and soft
  hyphens, and its reference list in the Vancouver/NLM style (tests/data/parser/
  rendered.json: real records rendered by citeproc-py), numbered by the HTML list;
* ``two-column-author-year``: the same in APA 7, unnumbered, with hanging indents.

Each PDF's references are parsed by asrefs (``parse_article``) and compared field by
field (benchmarks/eval_parser.py's matching) with the same references parsed from their
source text (agreement: what the PDF costs) and, for the rendered sets, with the gold
fields (accuracy, beside the text's own accuracy on the same strings).
"""

from __future__ import annotations

import argparse
import html
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "examples" / "as-stem-cells-2025.md"
EXAMPLE = SAMPLE.with_suffix(".pdf")
RENDERED = REPO / "tests" / "data" / "parser" / "rendered.json"
CHROMIUM = Path("/usr/bin/chromium")  # Debian's, as the HTML report's browser tests use
HEADER = "Journal of Reference Tests 2025;1:1-9"
STYLES = {"two-column-numbered": "nlm-citation-sequence", "two-column-author-year": "apa"}

sys.path.insert(0, str(Path(__file__).resolve().parent))
from eval_parser import FIELDS, Scores, reference_fields  # noqa: E402


def chromium() -> Path | None:
    """Debian's chromium, or one on PATH; None when there is none."""
    if CHROMIUM.exists():
        return CHROMIUM
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    return Path(found) if found else None


def render_pdf(page: str, out: Path, *, browser: Path | None = None) -> Path:
    """``page`` (an HTML document) printed to the PDF ``out`` by headless Chromium,
    without the browser's own header and footer."""
    browser = browser or chromium()
    if browser is None:
        raise RuntimeError("no chromium: apt-get install chromium")
    source = out.with_suffix(".html")
    source.write_text(page, encoding="utf-8")
    with tempfile.TemporaryDirectory(prefix="asrefs-chromium-") as profile:
        subprocess.run(
            [
                str(browser),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                f"--user-data-dir={profile}",
                "--no-pdf-header-footer",
                f"--print-to-pdf={out}",
                source.as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
    if not out.exists() or out.stat().st_size == 0:
        raise RuntimeError(f"chromium wrote no PDF for {source}")
    return out


def sample_html() -> str:
    """The sample article as a browser shows its Markdown, one column."""
    from markdown_it import MarkdownIt

    body = MarkdownIt("commonmark", {"breaks": True}).render(SAMPLE.read_text(encoding="utf-8"))
    return (
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
        "<title>2025年干细胞治疗强直性脊柱炎研究进展回顾</title><style>"
        "body{font-family:'DejaVu Serif','WenQuanYi Micro Hei',serif;font-size:11pt;"
        "line-height:1.5;margin:0}@page{size:A4;margin:20mm}</style></head>"
        f"<body>{body}</body></html>"
    )


def rendered_entries(style: str) -> list[dict[str, Any]]:
    """The journal-article references of tests/data/parser/rendered.json in one style."""
    entries = json.loads(RENDERED.read_text(encoding="utf-8"))["entries"]
    return [e for e in entries if e["style"] == style]


def _soft_hyphens(text: str) -> str:
    """Soft hyphens in long words, where a typesetter may hyphenate them."""
    return re.sub(r"\b([a-z]{5,})([a-z]{4,})\b", "\\1\u00ad\\2", text)


def two_column_html(entries: list[dict[str, Any]], *, numbered: bool) -> str:
    """A two-column, justified article citing ``entries``, with a running header, page
    numbers, ligatures and soft hyphens in its body, and the entries as its list."""
    paragraphs = []
    for number, entry in enumerate(entries, 1):
        title = html.escape(_soft_hyphens((entry["gold"].get("title") or "this work").lower()))
        cite = f"[{number}]" if numbered else f"({html.escape(entry['gold']['authors'][0])})"
        paragraphs.append(
            f"<p>The ﬁrst study of {title} showed an eﬀect that later work conﬁrmed {cite}.</p>"
        )
    items = "".join(f"<li>{html.escape(e['text'])}</li>" for e in entries)
    listing = (
        f"<ol>{items}</ol>"
        if numbered
        else f'<ul style="list-style:none;padding:0">{items.replace("<li>", "<li class=h>")}</ul>'
    )
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Cell therapies: a two-column test article</title><style>
@page {{ size: A4; margin: 22mm 16mm;
  @top-center {{ content: "{HEADER}"; font: 8pt 'DejaVu Serif' }}
  @bottom-center {{ content: counter(page); font: 8pt 'DejaVu Serif' }} }}
body {{ font: 9pt/1.25 'DejaVu Serif', serif; column-count: 2; column-gap: 8mm;
  text-align: justify; margin: 0 }}
h1 {{ column-span: all; font-size: 15pt }} h2 {{ font-size: 11pt }}
p {{ margin: 0 0 0.6em }} ol {{ padding-left: 2.2em }}
li.h {{ padding-left: 2em; text-indent: -2em }}
</style></head><body><h1>Cell therapies: a two-column test article</h1>
{"".join(paragraphs)}<h2>References</h2>{listing}</body></html>"""


# ---------------------------------------------------------------------------
# Measuring


def parsed(path: Path) -> list[dict[str, Any]]:
    from asrefs import parse_article

    return [reference_fields(r) for r in parse_article(path).references]


def compare(
    name: str, from_pdf: list[dict[str, Any]], truth: list[dict[str, Any]]
) -> dict[str, Any]:
    """Field scores of the PDF's references against ``truth`` (entry by entry, in order;
    a reference the PDF lost or added counts against every field)."""
    scores = Scores()
    for number in range(max(len(from_pdf), len(truth))):
        gold = truth[number] if number < len(truth) else {}
        guess = from_pdf[number] if number < len(from_pdf) else {}
        scores.add({"gold": gold}, guess)
    out = scores.summary()
    out["set"], out["found"], out["expected"] = name, len(from_pdf), len(truth)
    return out


def measure(work: Path) -> list[dict[str, Any]]:
    """Render the PDFs in ``work`` and score them (see the module's docstring)."""
    results = []
    sample_pdf = render_pdf(sample_html(), work / "sample.pdf")
    results.append(compare("sample: PDF vs the .md", parsed(sample_pdf), parsed(SAMPLE)))
    for name, style in STYLES.items():
        entries = rendered_entries(style)
        page = two_column_html(entries, numbered=name.endswith("numbered"))
        pdf = render_pdf(page, work / f"{name}.pdf")
        from_pdf = parsed(pdf)
        text = work / f"{name}.txt"
        text.write_text("References\n\n" + "\n\n".join(e["text"] for e in entries) + "\n")
        from_text = parsed(text)
        gold = [e["gold"] for e in entries]
        results.append(compare(f"{name}: PDF vs the text", from_pdf, from_text))
        results.append(compare(f"{name}: PDF vs gold", from_pdf, gold))
        results.append(compare(f"{name}: text vs gold", from_text, gold))
    return results


def markdown(results: list[dict[str, Any]]) -> str:
    head = "| comparison | references | all fields | micro-F1 | " + " | ".join(FIELDS) + " |"
    rule = "|---|---|---|---|" + "---|" * len(FIELDS)
    rows = [head, rule]
    for r in results:
        cells = [f"{r['fields'][f]['f1']:.1f}" if f in r["fields"] else "–" for f in FIELDS]
        rows.append(
            f"| {r['set']} | {r['found']}/{r['expected']} | {r['all_fields_right']:.1f} "
            f"| {r['micro_f1']:.1f} | " + " | ".join(cells) + " |"
        )
    return "\n".join(rows)


def libraries(pdf: Path, entries: list[dict[str, Any]]) -> list[str]:
    """How many entries each PDF library's plain extraction keeps whole and in order."""
    import unicodedata

    def squeeze(text: str) -> str:
        text = unicodedata.normalize("NFKC", text).replace("\u00ad", "")
        return re.sub(r"\s+|[-\u2010]", "", text)

    extractions: dict[str, str] = {}
    try:
        from pdfminer.high_level import extract_text

        extractions["pdfminer.six, its layout analysis (LAParams())"] = extract_text(str(pdf))
    except ImportError:
        pass
    try:
        import pdfplumber

        with pdfplumber.open(str(pdf)) as doc:
            extractions["pdfplumber"] = "\n".join(p.extract_text() or "" for p in doc.pages)
    except ImportError:
        pass
    try:
        import pypdf

        extractions["pypdf"] = "\n".join(p.extract_text() for p in pypdf.PdfReader(pdf).pages)
    except ImportError:
        pass
    from asrefs.read.pdf import pdf_to_text

    extractions["asrefs (pdfminer.six glyphs, lines in drawing order)"] = pdf_to_text(
        pdf.read_bytes(), str(pdf), 10**7
    )
    lines = []
    for name, text in extractions.items():
        flat = squeeze(re.sub(r"(?m)^.*2025;1:1-9.*$|^\d+$", "", text))
        whole = sum(squeeze(e["text"]) in flat for e in entries)
        lines.append(f"| {name} | {whole}/{len(entries)} |")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--keep", type=Path, help="keep the HTML and PDF files here")
    parser.add_argument("--libraries", action="store_true", help="compare PDF libraries too")
    parser.add_argument("--example", action="store_true", help=f"write {EXAMPLE.name} only")
    args = parser.parse_args(argv)
    if chromium() is None:
        print("needs chromium (apt-get install chromium)", file=sys.stderr)
        return 2
    if args.example:
        with tempfile.TemporaryDirectory(prefix="asrefs-pdf-") as tmp:
            shutil.copyfile(render_pdf(sample_html(), Path(tmp) / EXAMPLE.name), EXAMPLE)
        return 0
    with tempfile.TemporaryDirectory(prefix="asrefs-pdf-") as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        print(markdown(measure(work)))
        if args.libraries:
            print("\n| library | Vancouver entries whole, two-column PDF |\n|---|---|")
            entries = rendered_entries(STYLES["two-column-numbered"])
            print("\n".join(libraries(work / "two-column-numbered.pdf", entries)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
