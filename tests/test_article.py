"""Reading articles: encodings, binary input, HTML and Word (.docx) files.

The .docx and HTML fixtures are built here, from their XML or markup, so every byte a test
reads can be regenerated from this file.
"""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

import pytest

from asrefs.claims import find_markers
from asrefs.errors import InputError
from asrefs.parse import find_reference_section, parse_references
from asrefs.read import read_article
from asrefs.read.docx import docx_to_text
from asrefs.read.encoding import decode
from asrefs.read.html import html_to_text
from asrefs.read.markers import superscript_marker

CHINESE_ARTICLE = (
    "干细胞治疗的研究进展\n\n"
    "近年来，间充质干细胞在再生医学中的应用受到广泛关注[1]。研究者发现，"
    "干细胞来源的外泌体能够促进组织修复，并减轻炎症反应[2]。本文综述了相关的临床试验、"
    "动物实验以及基础研究的主要发现，并讨论了未来的发展方向和面临的挑战。\n\n"
    "参考文献\n"
    "[1] 曾磊, 刘畅, 吴勇. 间充质干细胞治疗的临床研究[J]. 中华医学杂志, 2025, 105(3): 201-208.\n"
    "[2] 王芳, 李明. 外泌体与组织修复[J]. 中国组织工程研究, 2024, 28(12): 1890-1896.\n"
)
ENGLISH_ARTICLE = (
    "Café society and the naïve reader\n\n"
    "The élite of Zürich met at the café [1]. Their rôle was described in détail [2].\n\n"
    "References\n"
    "1. Müller J, Sørensen K. Über die Straße. Acta Méd. 2020;12(3):45-52.\n"
    "2. Gómez-Peña A. Année zéro. Rev Fr. 2019;7:1-9.\n"
)


# --------------------------------------------------------------------------- encodings


@pytest.mark.parametrize("encoding", ["gb18030", "gbk", "big5"])
def test_chinese_legacy_encodings_are_detected(encoding: str) -> None:
    text = CHINESE_ARTICLE if encoding != "big5" else TRADITIONAL_ARTICLE
    data = text.encode(encoding)
    decoded, used = decode(data, "article.txt")
    assert decoded == text
    assert used in {"gb18030", "gbk", "gb2312", "big5", "big5hkscs", "cp950"}


TRADITIONAL_ARTICLE = (
    "幹細胞治療的研究進展\n\n"
    "近年來，間充質幹細胞在再生醫學中的應用受到廣泛關注[1]。研究者發現，"
    "幹細胞來源的外泌體能夠促進組織修復，並減輕發炎反應[2]。本文綜述了相關的臨床試驗、"
    "動物實驗以及基礎研究的主要發現，並討論了未來的發展方向和面臨的挑戰。\n\n"
    "參考文獻\n"
    "[1] 曾磊, 劉暢, 吳勇. 間充質幹細胞治療的臨床研究[J]. 台灣醫學, 2025, 105(3): 201-208.\n"
    "[2] 王芳, 李明. 外泌體與組織修復[J]. 中國組織工程研究, 2024, 28(12): 1890-1896.\n"
)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"\xff\xfe" + ENGLISH_ARTICLE.encode("utf-16-le"), "utf-16"),
        (b"\xfe\xff" + ENGLISH_ARTICLE.encode("utf-16-be"), "utf-16"),
        (ENGLISH_ARTICLE.encode("utf-16-le"), "utf-16-le"),
        (ENGLISH_ARTICLE.encode("utf-16-be"), "utf-16-be"),
        (b"\xef\xbb\xbf" + ENGLISH_ARTICLE.encode("utf-8"), "utf-8-sig"),
        (ENGLISH_ARTICLE.encode("utf-8"), "utf-8"),
    ],
    ids=["utf16le-bom", "utf16be-bom", "utf16le", "utf16be", "utf8-bom", "utf8"],
)
def test_unicode_encodings_with_and_without_bom(data: bytes, expected: str) -> None:
    decoded, used = decode(data, "article.txt")
    assert decoded == ENGLISH_ARTICLE
    assert used == expected


def test_chinese_utf16_without_bom() -> None:
    decoded, _ = decode(CHINESE_ARTICLE.encode("utf-16-le"), "article.txt")
    assert decoded == CHINESE_ARTICLE


def test_latin1_is_detected() -> None:
    data = ENGLISH_ARTICLE.encode("latin-1")
    decoded, used = decode(data, "article.txt")
    assert decoded == ENGLISH_ARTICLE
    assert used.replace("_", "-") in {"latin-1", "iso8859-1", "cp1252", "iso-8859-1", "cp1250"}


@pytest.mark.parametrize(
    "data",
    [
        bytes(range(256)) * 64,
        b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 16,
        b"%PDF-1.7\n" + bytes(range(1, 32)) * 200,
    ],
    ids=["bytes", "png", "pdf-like"],
)
def test_binary_input_is_a_clear_error(data: bytes) -> None:
    with pytest.raises(InputError, match="binary"):
        decode(data, "image.txt")


def test_empty_input_is_an_error() -> None:
    with pytest.raises(InputError, match="empty"):
        decode(b"  \n", "empty.txt")


def test_read_article_gbk_file_parses(tmp_path: Path) -> None:
    path = tmp_path / "article.txt"
    path.write_bytes(CHINESE_ARTICLE.encode("gbk"))
    article = read_article(str(path))
    references = parse_references(article)
    assert [r.index for r in references] == [1, 2]
    assert references[0].journal == "中华医学杂志"
    assert references[1].pages == "1890-1896"


# --------------------------------------------------------------------------- HTML

WECHAT_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>公众号文章</title>
<style>.rich_media_content{color:#333}</style>
<script>var msg_title = "should not appear";</script></head>
<body><div id="js_content" class="rich_media_content">
<section><p><span style="font-size:15px">间充质干细胞在再生医学中的应用受到关注</span><sup
>1</sup><span>。</span></p></section>
<section><p><span>外泌体能够促进组织修复</span><sup>[2]</sup>。面积约为 5 m<sup
>2</sup>。</p></section>
<p style="display:none">隐藏的文字</p>
<p><strong>参考文献</strong></p>
<p><span>[1] 曾磊, 刘畅, 吴勇. 间充质干细胞治疗的临床研究[J]. 中华医学杂志, 2025,
105(3): 201-208.</span></p>
<p><span>[2] 王芳, 李明. 外泌体与组织修复[J]. 中国组织工程研究, 2024, 28(12):
1890-1896.</span></p>
<p><br></p>
<p>扫描二维码关注我们</p>
</div></body></html>"""


def test_wechat_page_keeps_text_and_drops_scripts(tmp_path: Path) -> None:
    path = tmp_path / "wechat.html"
    path.write_text(WECHAT_PAGE, encoding="utf-8")
    article = read_article(str(path))
    assert article.format == "html"
    text = article.text
    assert "should not appear" not in text and "color:#333" not in text
    assert "隐藏的文字" not in text and "公众号文章" not in text
    assert "受到关注¹。" in text
    assert "组织修复[2]。" in text
    assert "5 m²" in text
    references = parse_references(article)
    assert [r.index for r in references] == [1, 2]
    assert references[1].raw.endswith("1890-1896.")
    section = find_reference_section(text)
    assert section is not None
    markers = find_markers(article, section[0])
    assert [m.refs for m in markers] == [(1,), (2,)]


def test_ordered_list_items_get_their_numbers() -> None:
    html = (
        "<h2>References</h2><ol start='3'>"
        "<li>Smith J, Doe A. A title. J Biol Chem. 2020;295(3):100-110.</li>"
        "<li>Lee K. Another title. Nature. 2021;590:45-50.</li></ol>"
        "<ol><li value='7'>Seven</li><li>Eight</li></ol>"
        "<ol type='a'><li>alpha</li></ol>"
        "<ol><li>[1] printed its own number</li></ol>"
    )
    text = html_to_text(html)
    assert text.splitlines()[0] == "## References"
    assert "3. Smith J, Doe A." in text
    assert "4. Lee K." in text
    assert "7. Seven" in text and "8. Eight" in text
    assert "a. alpha" in text
    assert "[1] printed its own number" in text and "1. [1]" not in text


def test_html_line_breaks_tables_and_whitespace() -> None:
    html = (
        "<p>first   line<br>second\n line</p><table><tr><td>[1]</td><td>Cell text</td></tr>"
        "</table><pre>keep   this\n  indent</pre><p>a&nbsp;b\u200bc</p>"
    )
    text = html_to_text(html)
    assert "first line\nsecond line" in text
    assert "[1]\tCell text" in text
    assert "keep   this\n  indent" in text
    assert "a bc" in text


def test_html_declared_gbk_charset(tmp_path: Path) -> None:
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
        "</head><body><p>参考文献</p><p>[1] 王芳, 李明. 外泌体与组织修复[J]. "
        "中国组织工程研究, 2024, 28(12): 1890-1896.</p><p>[2] 曾磊. 标题[J]. 中华医学杂志, "
        "2025, 105(3): 201-208.</p></body></html>"
    )
    path = tmp_path / "page.htm"
    path.write_bytes(page.encode("gbk"))
    article = read_article(str(path))
    assert article.encoding == "gb18030"
    assert [r.journal for r in parse_references(article)] == ["中国组织工程研究", "中华医学杂志"]


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("1", "¹"),
        ("1,3", "¹,³"),
        ("2-5", "²⁻⁵"),
        ("2–5", "²⁻⁵"),
        ("[1]", "[1]"),
        ("th", "th"),
        ("®", "®"),
    ],
)
def test_superscript_marker(printed: str, expected: str) -> None:
    assert superscript_marker(printed) == expected


def test_standard_input_html_is_sniffed(monkeypatch: pytest.MonkeyPatch) -> None:
    data = b"<!DOCTYPE html><html><body><p>Hello <b>world</b></p><script>x</script></body></html>"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    article = read_article("-")
    assert article.format == "html"
    assert article.text == "Hello world\n"


# --------------------------------------------------------------------------- Word

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CT = "application/vnd.openxmlformats-officedocument.wordprocessingml"


def build_docx(
    body: str, numbering: str | None = None, styles: str | None = None, footnotes: str | None = None
) -> bytes:
    """A minimal .docx package: document.xml with ``body`` and the optional parts."""
    parts = {"numbering": numbering, "styles": styles, "footnotes": footnotes}
    overrides = [f'<Override PartName="/word/document.xml" ContentType="{CT}.document.main+xml"/>']
    rels = []
    for index, (name, content) in enumerate(parts.items(), start=1):
        if content is None:
            continue
        overrides.append(f'<Override PartName="/word/{name}.xml" ContentType="{CT}.{name}+xml"/>')
        rels.append(f'<Relationship Id="rId{index}" Type="{REL}/{name}" Target="{name}.xml"/>')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
            'package/2006/content-types"><Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
            'ContentType="application/xml"/>' + "".join(overrides) + "</Types>",
        )
        package.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
            f'Type="{REL}/officeDocument" Target="word/document.xml"/></Relationships>',
        )
        package.writestr(
            "word/_rels/document.xml.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships">' + "".join(rels) + "</Relationships>",
        )
        package.writestr(
            "word/document.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W_NS}" '
            f'xmlns:r="{R_NS}"><w:body>{body}</w:body></w:document>',
        )
        for name, content in parts.items():
            if content is not None:
                package.writestr(f"word/{name}.xml", content)
    return buffer.getvalue()


def para(text: str, num: tuple[int, int] | None = None, style: str | None = None) -> str:
    ppr = ""
    if style or num:
        ppr = "<w:pPr>"
        if style:
            ppr += f'<w:pStyle w:val="{style}"/>'
        if num:
            ppr += f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>'
        ppr += "</w:pPr>"
    return f'<w:p>{ppr}<w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def numbering_xml(*abstracts: tuple[int, str, str, int], nums: str = "") -> str:
    """Abstract lists (id, numFmt, lvlText, start), each with a num of the same id."""
    body = ""
    for ident, fmt, text, start in abstracts:
        body += (
            f'<w:abstractNum w:abstractNumId="{ident}"><w:lvl w:ilvl="0"><w:start w:val="{start}"/>'
            f'<w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl>'
            f'<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/>'
            f'<w:lvlText w:val="%1.%2)"/></w:lvl></w:abstractNum>'
        )
    for ident, *_ in abstracts:
        body += f'<w:num w:numId="{ident}"><w:abstractNumId w:val="{ident}"/></w:num>'
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><w:numbering xmlns:w="{W_NS}">'
        f"{body}{nums}</w:numbering>"
    )


REFS = [
    "Zeng L, Liu C, Wu Y. Stem cells in repair. Stem Cell Res Ther. 2025;16:65.",
    "Ke M, Li X. Exosomes and healing. Front Immunol. 2025;16:1613502.",
    "Smith J, Doe A. A third work. J Biol Chem. 2020;295(3):100-110.",
]


def test_docx_list_numbering_is_recovered(tmp_path: Path) -> None:
    body = (
        para("Stem cells help [1], and exosomes too [2,3].")
        + para("References", style="Heading1")
        + "".join(para(r, num=(1, 0)) for r in REFS)
        + para("Bullet point after the list", num=(2, 0))
    )
    styles = (
        f'<?xml version="1.0" encoding="UTF-8"?><w:styles xmlns:w="{W_NS}">'
        '<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/></w:style>'
        "</w:styles>"
    )
    numbering = numbering_xml((1, "decimal", "[%1]", 1), (2, "bullet", "•", 1))
    path = tmp_path / "article.docx"
    path.write_bytes(build_docx(body, numbering, styles))
    article = read_article(str(path))
    assert article.format == "docx"
    lines = [line for line in article.text.splitlines() if line]
    assert lines[1] == "# References"
    assert lines[2] == "[1] " + REFS[0]
    assert lines[4] == "[3] " + REFS[2]
    assert lines[5] == "Bullet point after the list"
    references = parse_references(article)
    assert [r.index for r in references] == [1, 2, 3]
    assert references[1].article_number == "1613502"
    assert references[2].issue == "3"


def test_docx_decimal_levels_restart_and_style_numbering() -> None:
    restart = (
        '<w:num w:numId="5"><w:abstractNumId w:val="1"/>'
        '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
    )
    numbering = numbering_xml((1, "decimal", "%1.", 1), nums=restart)
    styles = (
        f'<?xml version="1.0" encoding="UTF-8"?><w:styles xmlns:w="{W_NS}">'
        '<w:style w:type="paragraph" w:styleId="ListNumber"><w:name w:val="List Number"/>'
        '<w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style></w:styles>'
    )
    body = (
        para("first", num=(1, 0))
        + para("sub", num=(1, 1))
        + para("second", style="ListNumber")
        + para("", num=(1, 0))
        + para("fourth", num=(1, 0))
        + para("restarted", num=(5, 0))
        + para("not numbered", num=(0, 0))
    )
    text = docx_to_text(build_docx(body, numbering, styles))
    lines = [line for line in text.splitlines() if line]
    assert lines == [
        "1. first",
        "1.a) sub",
        "2. second",
        "4. fourth",
        "1. restarted",
        "not numbered",
    ]


def test_docx_tracked_changes_hidden_text_fields_and_hyperlinks() -> None:
    body = (
        "<w:p>"
        '<w:r><w:t xml:space="preserve">Zeng L. Stem cells </w:t></w:r>'
        '<w:ins w:id="1" w:author="Editor"><w:r><w:t xml:space="preserve">in repair</w:t>'
        "</w:r></w:ins>"
        '<w:del w:id="2" w:author="Editor"><w:r><w:delText>in disrepair</w:delText></w:r></w:del>'
        "<w:r><w:rPr><w:vanish/></w:rPr><w:t>HIDDEN</w:t></w:r>"
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> ADDIN ZOTERO_ITEM CSL_CITATION {} '
        "</w:instrText></w:r>"
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        '<w:r><w:t xml:space="preserve">. Stem Cell Res Ther. 2025;16:65. </w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        '<w:hyperlink r:id="rId9"><w:r><w:t>doi:10.1186/s13287-025-04184-x</w:t></w:r>'
        "</w:hyperlink>"
        "</w:p>"
        '<w:p><w:pPr><w:rPr><w:del w:id="3" w:author="E"/></w:rPr></w:pPr>'
        '<w:del w:id="4" w:author="E"><w:r><w:delText>A deleted paragraph</w:delText></w:r>'
        "</w:del></w:p>"
        '<w:sdt><w:sdtPr><w:alias w:val="Bibliography"/></w:sdtPr><w:sdtContent>'
        + para("Inside a content control")
        + "</w:sdtContent></w:sdt>"
        "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>[1]</w:t></w:r></w:p></w:tc>"
        "<w:tc><w:p><w:r><w:t>In a table</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
        "<w:p><w:r><w:t>Line one</w:t><w:br/><w:t>line two</w:t><w:tab/><w:t>tabbed</w:t>"
        "</w:r></w:p>"
    )
    text = docx_to_text(build_docx(body))
    assert text.splitlines()[0] == (
        "Zeng L. Stem cells in repair. Stem Cell Res Ther. 2025;16:65. "
        "doi:10.1186/s13287-025-04184-x"
    )
    assert "disrepair" not in text and "HIDDEN" not in text and "ZOTERO" not in text
    assert "A deleted paragraph" not in text
    assert "Inside a content control" in text
    assert "[1]\tIn a table" in text
    assert "Line one\nline two\ttabbed" in text


def test_docx_superscript_markers_and_footnotes() -> None:
    footnotes = (
        f'<?xml version="1.0" encoding="UTF-8"?><w:footnotes xmlns:w="{W_NS}">'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:id="2"><w:p><w:r><w:footnoteRef/></w:r>'
        f'<w:r><w:t xml:space="preserve"> {REFS[0]}</w:t></w:r></w:p></w:footnote>'
        '<w:footnote w:id="3"><w:p><w:r><w:footnoteRef/></w:r>'
        f'<w:r><w:t xml:space="preserve"> {REFS[1]}</w:t></w:r></w:p></w:footnote>'
        "</w:footnotes>"
    )
    sup = '<w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
    body = (
        "<w:p><w:r><w:t>Stem cells help</w:t></w:r>"
        f'<w:r>{sup}<w:footnoteReference w:id="3"/></w:r>'
        '<w:r><w:t xml:space="preserve"> and exosomes too</w:t></w:r>'
        f'<w:r>{sup}<w:footnoteReference w:id="2"/></w:r>'
        f'<w:r><w:t xml:space="preserve">; area 5 m</w:t></w:r><w:r>{sup}<w:t>2</w:t></w:r>'
        f'<w:r><w:t xml:space="preserve">, cited</w:t></w:r><w:r>{sup}<w:t>1,2</w:t></w:r>'
        "<w:r><w:t>.</w:t></w:r></w:p>"
    )
    text = docx_to_text(build_docx(body, footnotes=footnotes))
    assert text.splitlines()[0] == "Stem cells help¹ and exosomes too²; area 5 m², cited¹,²."
    assert "# Footnotes\n\n1. " + REFS[1] + "\n\n2. " + REFS[0] in text


def test_docx_written_by_python_docx(tmp_path: Path) -> None:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph("Body text cites [1] and [2].")
    document.add_heading("References", level=1)
    for reference in REFS[:2]:
        document.add_paragraph(reference, style="List Number")
    path = tmp_path / "made.docx"
    document.save(str(path))
    article = read_article(str(path))
    references = parse_references(article)
    assert [r.index for r in references] == [1, 2]
    assert [r.journal for r in references] == ["Stem Cell Res Ther", "Front Immunol"]


def test_not_a_docx_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "fake.docx"
    path.write_text("just text", encoding="utf-8")
    with pytest.raises(InputError, match="not a Word"):
        read_article(str(path))
    other = tmp_path / "sheet.docx"
    with zipfile.ZipFile(other, "w") as package:
        package.writestr("hello.txt", "not word")
    with pytest.raises(InputError, match="cannot read the Word file"):
        read_article(str(other))
    legacy = tmp_path / "old.doc"
    legacy.write_bytes(b"\xd0\xcf\x11\xe0" + bytes(100))
    with pytest.raises(InputError, match=r"\.docx"):
        read_article(str(legacy))


def test_standard_input_docx_is_sniffed(monkeypatch: pytest.MonkeyPatch) -> None:
    data = build_docx(para("From standard input"))
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    article = read_article("-")
    assert article.format == "docx"
    assert article.text == "From standard input\n"
