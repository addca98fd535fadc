"""The HTML report: structure, escaping, self-containment and determinism without a
browser; then the sample's report in a real headless Chromium driven by Selenium
(findings at their lines, reference panels, severity filters, keyboard, print and
phone layouts, contrast, a screenshot, and input that tries to run script).

The browser tests use Debian's chromium and chromium-driver (/usr/bin/chromium,
/usr/bin/chromedriver) and skip, saying why, when either or selenium is missing.
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import re
import shutil
import tempfile
import time
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from asrefs.formats import RenderContext
from asrefs.formats import html as html_format
from asrefs.models import (
    Author,
    Claim,
    Finding,
    Identifier,
    Lookup,
    Marker,
    Origin,
    Record,
    Reference,
    ReferenceResult,
    Report,
    Severity,
    Update,
)
from asrefs.pipeline import checked_results
from conftest import CACHE, REPO, SAMPLE

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
PAYLOAD = "<script>alert(1)</script>"


# ---------------------------------------------------------------------------
# Reports to render


def sample_reports() -> list[Report]:
    from asrefs import load_options, verify

    options = load_options({"offline": True, "cache_dir": CACHE}, env={}, cwd=REPO)
    return verify([str(SAMPLE)], options)


@pytest.fixture(scope="module")
def sample() -> list[Report]:
    return sample_reports()


@pytest.fixture(scope="module")
def sample_html(sample: list[Report]) -> str:
    return html_format.render(sample, RenderContext())


HOSTILE_TEXT = f"""# Title with {PAYLOAD}

A sentence that cites a work [1]. Then {PAYLOAD} and <img src=x onerror="alert(8)">.
He said 'quotes' & "double quotes" </p></li></ol><h1>not a heading</h1>

## References

[1] Doe J. {PAYLOAD} and <b>bold</b>. J Test. 2020;1:1-2. doi: 10.1234/abc
"""


def hostile_report(tmp: Path) -> Report:
    """A report in which every string from the article and the registries tries to
    break out of the page."""
    article = tmp / "hostile.md"
    article.write_text(HOSTILE_TEXT, encoding="utf-8")
    text = HOSTILE_TEXT
    ref_line = text.split("\n").index(next(x for x in text.split("\n") if x.startswith("[1]"))) + 1
    ref_offset = text.index("[1] Doe")
    marker_offset = text.index("[1].")
    ref = Reference(
        index=1,
        raw=text.split("\n")[ref_line - 1],
        line=ref_line,
        label="[1]",
        authors=(Author("Doe", "J"),),
        title=f"{PAYLOAD} and <b>bold</b>",
        journal='J "Test" <i>',
        year=2020,
        volume="1",
        pages="1-2",
        doi='10.1234/abc"onmouseover="alert(2)',
        pmid="12345",
        offset=ref_offset,
    )
    record = Record(
        source="crossref",
        identifier=Identifier("doi", "10.1234/abc"),
        title=f"{PAYLOAD} registered <svg onload=alert(3)>",
        authors=(Author("Doe", "<script>x</script>"),),
        journal="J Test <iframe src=https://example.org>",
        year=2020,
        dates=(("issued", "2020-01-02"),),
        volume="1",
        doi='10.1234/abc"><script>alert(5)</script>',
        pmid="not-a-pmid<script>",
        updates=(
            Update(
                kind="retraction",
                doi="javascript:alert(6)",
                label=f"Retraction {PAYLOAD}",
                date="2021-05",
                source="publisher",
            ),
        ),
        relations=(("is-preprint-of", "10.1234/<script>"),),
    )
    result = ReferenceResult(
        reference=ref,
        lookups=(Lookup(Identifier("doi", "10.1234/abc"), "crossref", record=record),),
    )
    findings = [
        Finding(
            code="title-mismatch",
            ref=1,
            field="title",
            origin=Origin.REFERENCE,
            severity=Severity.ERROR,
            found=f"{PAYLOAD} and <b>bold</b>",
            expected=f"{PAYLOAD} registered",
            source="crossref",
            message='<img src=x onerror="alert(7)"> the title differs',
            line=ref_line,
            fix=f"Doe J. {PAYLOAD} registered. J Test. 2020;1:1-2.",
        ),
        Finding(
            code="journal-claim-mismatch",
            ref=1,
            field="journal",
            origin=Origin.TEXT,
            severity=Severity.WARNING,
            found="<b>J</b>",
            expected="J Test",
            source="crossref",
            message=f"claimed journal {PAYLOAD}",
            line=3,
            accepted=f"reason {PAYLOAD}",
        ),
        Finding(
            code="numbering-gap",
            ref=None,
            field=None,
            origin=Origin.LIST,
            severity=Severity.INFO,
            found=None,
            expected=None,
            source=None,
            message=f"list-wide {PAYLOAD}",
            line=0,
        ),
    ]
    claims = [
        Claim(
            ref=1,
            line=3,
            sentence="A sentence that cites a work [1].",
            kind="journal",
            value=PAYLOAD,
            language="en",
            offset=text.index("A sentence"),
        )
    ]
    markers = [Marker(text="[1]", refs=(1,), line=3, offset=marker_offset)]
    return Report(
        article=str(article),
        results=checked_results([result], findings),
        findings=findings,
        claims=claims,
        markers=markers,
        text=text,
    )


# ---------------------------------------------------------------------------
# A small structural reader of the page


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
BLOCK = {"div", "p", "ul", "ol", "dl", "table", "section", "article", "nav", "header", "h1"}
BLOCK |= {"h2", "h3", "h4", "h5", "h6", "main", "footer", "fieldset", "form", "pre"}


class Page(HTMLParser):
    """Tags, attributes, text and inline script/style contents of a page, checking that
    every element is closed in order and that no paragraph holds a block."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.scripts: list[str] = []
        self.styles: list[str] = []
        self.text: list[str] = []
        self._raw: str | None = None
        self.feed(source)
        self.close()
        if self.stack:
            self.errors.append(f"unclosed: {self.stack}")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag in BLOCK and "p" in self.stack:
            self.errors.append(f"<{tag}> inside <p>")
        if tag not in VOID:
            self.stack.append(tag)
        if tag in ("script", "style"):
            self._raw = tag

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
            return
        self.stack.pop()
        self._raw = None

    def handle_data(self, data: str) -> None:
        if self._raw == "script":
            self.scripts.append(data)
        elif self._raw == "style":
            self.styles.append(data)
        else:
            self.text.append(data)

    def all(self, tag: str) -> list[dict[str, str | None]]:
        return [a for t, a in self.tags if t == tag]


def csp_hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode() + "'"


# ---------------------------------------------------------------------------
# Without a browser


def test_page_is_well_formed_with_unique_ids_and_ordered_headings(sample_html: str) -> None:
    page = Page(sample_html)
    assert page.errors == []
    ids = [a["id"] for _t, a in page.tags if a.get("id")]
    assert len(ids) == len(set(ids))
    for _t, a in page.tags:  # every in-page link has its target
        href = a.get("href") or ""
        if href.startswith("#"):
            assert href[1:] in ids, href
    levels = [int(t[1]) for t, _a in page.tags if re.fullmatch(r"h[1-6]", t)]
    assert levels[0] == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), levels
    for landmark in ("header", "main", "nav", "section", "article", "footer"):
        assert page.all(landmark), landmark


def test_sample_findings_are_anchored_at_their_lines(sample_html: str) -> None:
    line54 = re.search(r'<li class="line" id="L54".*?</li></ul></div></li>', sample_html)
    assert line54 is not None
    block = line54.group(0)
    assert "title-variant" in block and 'href="#ref-2"' in block
    # the printed title is the highlighted passage
    assert re.search(r'<mark class="hl"[^>]*data-show="info">Fat mass and obesity', block)
    line33 = re.search(r'<li class="line" id="L33".*?</li></ul></div></li>', sample_html)
    assert line33 is not None
    assert "date-claim-unconfirmable" in line33.group(0)
    # the claim's sentence is highlighted, the marker after it links to its reference
    assert re.search(r'<mark class="hl"[^>]*>7月11日，《免疫学前沿》', line33.group(0))
    assert '<a class="cite" href="#ref-5">[5]</a>' in line33.group(0)


def test_sample_panels_show_status_links_and_differences(sample_html: str) -> None:
    ref2 = re.search(r'<article class="ref[^"]*" id="ref-2".*?</article>', sample_html)
    assert ref2 is not None
    panel = ref2.group(0)
    assert "Verified" in panel
    assert 'href="https://doi.org/10.4252/wjsc.v17.i3.98911"' in panel
    assert 'href="https://pubmed.ncbi.nlm.nih.gov/40160686/"' in panel
    assert 'href="https://pmc.ncbi.nlm.nih.gov/articles/PMC11947893/"' in panel
    # the title row differs, and the word the registry dropped is marked
    assert re.search(r'<tr class="differs lv-info"><th scope="row">Title', panel)
    assert '<mark class="dw">via</mark>' in panel
    ref3 = re.search(r'<article class="ref[^"]*" id="ref-3".*?</article>', sample_html)
    assert ref3 is not None
    assert "Could not verify" in ref3.group(0) and "not in the cache" in ref3.group(0)


def test_summary_counts_by_verdict_and_severity(sample_html: str) -> None:
    text = re.sub(r"<[^>]+>", " ", sample_html)
    text = " ".join(text.split())
    for label, n in (
        ("References", 7),
        ("Verified", 3),
        ("Discrepancies", 0),
        ("Could not verify", 4),
        ("Errors", 0),
        ("Warnings", 0),
        ("Info", 2),
    ):
        assert re.search(rf"{re.escape(label)}\s+{n}\b", text), label
    assert "4 of 7 references could not be checked" in text


def test_every_input_string_is_escaped(tmp_path: Path) -> None:
    out = html_format.render([hostile_report(tmp_path)], RenderContext(notes=(PAYLOAD,)))
    page = Page(out)
    assert page.errors == []
    assert PAYLOAD not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert len(page.all("script")) == 1 and page.scripts == [html_format.SCRIPT]
    for tag in ("img", "svg", "iframe", "object", "embed", "link", "b", "i", "h1"):
        if tag == "h1":
            assert len(page.all("h1")) == 1
        else:
            assert page.all(tag) == [], tag
    for tag, attrs in page.tags:
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            assert name != "style", tag
            if name == "href":
                assert value is not None
                assert value.startswith(
                    (
                        "#",
                        "https://doi.org/10.",
                        "https://pubmed.ncbi.nlm.nih.gov/",
                        "https://pmc.ncbi.nlm.nih.gov/",
                    )
                ), value
                assert '"' not in value and "<" not in value and " " not in value
    # a DOI with a quote is linked percent-encoded, never breaking out of the attribute
    assert 'href="https://doi.org/10.1234/abc%22onmouseover%3D%22alert(2)"' in out
    # neither a javascript: notice nor a malformed PMID becomes a link
    assert "javascript:" not in "".join(str(a.get("href")) for _t, a in page.tags)
    assert "pubmed.ncbi.nlm.nih.gov/not-a-pmid" not in out
    text = "".join(page.text)
    assert text.count(PAYLOAD) >= 6  # shown as text: article, title, record, fix, notes…


def test_page_is_self_contained_with_a_strict_policy(sample_html: str) -> None:
    page = Page(sample_html)
    for tag, attrs in page.tags:
        assert "src" not in attrs, tag
        if tag in ("link", "script", "img", "iframe", "source", "video", "audio"):
            assert not any(v and re.match(r"https?:", v) for v in attrs.values()), (tag, attrs)
    assert page.all("link") == [] and page.all("img") == []
    css = "".join(page.styles)
    assert css == html_format.CSS
    assert "url(" not in css and "@import" not in css and "@font-face" not in css
    assert not re.search(r"https?://", css + "".join(page.scripts))
    assert not re.search(
        r"\b(fetch|XMLHttpRequest|eval|innerHTML|document\.write)\b", page.scripts[0]
    )
    metas = [a for a in page.all("meta") if a.get("http-equiv") == "Content-Security-Policy"]
    assert len(metas) == 1
    policy = metas[0]["content"] or ""
    assert "default-src 'none'" in policy
    assert f"style-src {csp_hash(page.styles[0])}" in policy
    assert f"script-src {csp_hash(page.scripts[0])}" in policy
    assert "unsafe-inline" not in policy


def test_output_is_deterministic(sample_html: str) -> None:
    again = html_format.render(sample_reports(), RenderContext())
    assert again == sample_html


def test_palette_contrast_is_at_least_4_5() -> None:
    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    for name, palette in (("light", html_format.LIGHT), ("dark", html_format.DARK)):
        for fg, bg in html_format.CONTRAST_PAIRS:
            a, b = sorted((luminance(palette[fg]), luminance(palette[bg])), reverse=True)
            ratio = (a + 0.05) / (b + 0.05)
            assert ratio >= 4.5, f"{name}: {fg} on {bg} is {ratio:.2f}:1"


def test_without_the_text_findings_stay_under_their_references(sample: list[Report]) -> None:
    import dataclasses

    stdin = dataclasses.replace(sample[0], article="-", text="")
    out = html_format.render([stdin], RenderContext())
    assert Page(out).errors == []
    assert 'class="article-text"' not in out
    assert "text is not in this report" in out
    assert "title-variant" in out and 'id="ref-2-f2"' in out
    gone = dataclasses.replace(sample[0], article="/nonexistent/article.md", text="")
    assert 'class="article-text"' not in html_format.render([gone], RenderContext())


def test_report_text_is_used_when_the_report_carries_it(sample: list[Report]) -> None:
    import dataclasses

    report = dataclasses.replace(sample[0], article="-")
    report.text = SAMPLE.read_text(encoding="utf-8")  # type: ignore[attr-defined]
    out = html_format.render([report], RenderContext())
    assert 'id="L54"' in out and 'class="article-text"' in out


def test_several_articles_have_their_own_ids(sample: list[Report], tmp_path: Path) -> None:
    out = html_format.render([sample[0], hostile_report(tmp_path)], RenderContext())
    page = Page(out)
    assert page.errors == []
    ids = [a["id"] for _t, a in page.tags if a.get("id")]
    assert len(ids) == len(set(ids))
    assert 'id="a1-L54"' in out and 'id="a2-ref-1"' in out
    assert "Reference check: 2 articles" in out


def test_list_findings_without_a_line_are_listed(tmp_path: Path) -> None:
    out = html_format.render([hostile_report(tmp_path)], RenderContext())
    assert 'aria-label="Findings without a line"' in out
    assert "numbering-gap" in out


def test_cli_writes_the_html_report(tmp_path: Path) -> None:
    from asrefs.formats import FORMAT_NAMES

    if "html" not in FORMAT_NAMES:
        pytest.skip("the html format is not wired into asrefs.formats yet")
    from asrefs.cli.main import main

    out = tmp_path / "report.html"
    code = main(
        [
            "verify",
            "--offline",
            "--cache-dir",
            str(CACHE),
            str(SAMPLE),
            "--format",
            "html",
            "-o",
            str(out),
        ]
    )
    assert code == 3
    assert 'id="L54"' in out.read_text(encoding="utf-8")


# ---------------------------------------------------------------------------
# In a real browser


@pytest.fixture(scope="module")
def driver() -> Iterator[Any]:
    if not CHROMIUM.exists() or not CHROMEDRIVER.exists():
        pytest.skip(
            "needs Debian's chromium and chromium-driver (/usr/bin/chromium, "
            "/usr/bin/chromedriver): apt-get install chromium chromium-driver"
        )
    webdriver = pytest.importorskip(
        "selenium.webdriver", reason="needs selenium (pip install 'selenium>=4.11,<5')"
    )
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="asrefs-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1280,900",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    browser = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    try:
        yield browser
    finally:
        browser.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def sample_page(sample_html: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("html") / "sample-report.html"
    path.write_text(sample_html, encoding="utf-8")
    return path.as_uri()


@pytest.fixture
def page(driver: Any, sample_page: str) -> Any:
    """The sample's report, freshly loaded at laptop size in the light scheme."""
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "", "features": []})
    driver.set_window_size(1280, 900)
    driver.get("about:blank")
    driver.get(sample_page)
    return driver


def css(driver: Any, selector: str) -> Any:
    from selenium.webdriver.common.by import By

    return driver.find_element(By.CSS_SELECTOR, selector)


def visible(driver: Any, selector: str) -> bool:
    return bool(
        driver.execute_script(
            "var el = document.querySelector(arguments[0]);"
            "return !!el && el.checkVisibility({checkVisibilityCSS: true,"
            " contentVisibilityAuto: true});",
            selector,
        )
    )


def wait(driver: Any, condition: Any, timeout: float = 5.0) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, timeout).until(lambda d: condition())


def test_browser_runs_the_page_script_and_style_under_the_policy(page: Any) -> None:
    assert page.execute_script("return document.documentElement.classList.contains('js')")
    assert css(page, "#bar").value_of_css_property("position") == "sticky"
    errors = [e["message"] for e in page.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []
    # nothing was fetched: no fonts, images, styles or scripts from anywhere
    assert page.execute_script("return performance.getEntriesByType('resource').length") == 0


def test_browser_shows_each_finding_at_its_line(page: Any) -> None:
    for line, code, ref in ((54, "title-variant", 2), (33, "date-claim-unconfirmable", 5)):
        note = css(page, f"#L{line} .notes > .finding")
        assert note.is_displayed()
        assert code in note.text and f"reference [{ref}]" in note.text
        assert "Info" in note.text  # the severity in words, not only in colour
        mark = css(page, f"#L{line} mark.hl")
        assert mark.is_displayed()
        block = css(page, f"#L{line}").rect
        for el in (note, mark):
            r = el.rect
            assert block["y"] <= r["y"] and r["y"] + r["height"] <= block["y"] + block["height"]
        assert css(page, f"#L{line}").value_of_css_property("border-left-style") == "solid"
    assert css(page, "#L54 mark.hl").text.startswith("Fat mass and obesity-associated protein")
    assert css(page, "#L33 mark.hl").text.startswith("7月11日")


def test_browser_clicking_a_reference_opens_its_panel(page: Any) -> None:
    from selenium.webdriver.common.by import By

    # reference 1 has no findings: its panel starts closed
    assert not visible(page, "#ref-1-body .fields")
    toggle = css(page, "#ref-1 .ref-toggle")
    assert toggle.get_attribute("aria-expanded") == "false"
    css(page, "#L9 a.cite[href='#ref-1']").click()
    wait(page, lambda: visible(page, "#ref-1-body .fields"))
    assert toggle.get_attribute("aria-expanded") == "true"
    wait(page, lambda: page.switch_to.active_element == toggle)
    # the toggle closes and opens it again
    toggle.click()
    wait(page, lambda: not visible(page, "#ref-1-body .fields"))
    toggle.click()
    wait(page, lambda: visible(page, "#ref-1-body .fields"))
    # an unresolved reference: its panel says why, with the DOI to check by hand
    css(page, "#ref-3 .ref-toggle").click()
    wait(page, lambda: visible(page, "#ref-3-body .raw"))
    body = css(page, "#ref-3-body").text
    assert "Could not verify" in body and "not in the cache" in body
    links = css(page, "#ref-3 .links").find_elements(By.TAG_NAME, "a")
    assert [a.get_attribute("href") for a in links] == ["https://doi.org/10.1002/iid3.70189"]


def test_browser_severity_filter_hides_info(page: Any) -> None:
    box = css(page, "input[data-filter][value='info']")
    assert box.is_selected()
    assert css(page, "#filter-status").text == "findings shown: 2 of 2"
    box.click()
    wait(page, lambda: not css(page, "#L54 .notes > .finding").is_displayed())
    assert not css(page, "#L33 .notes > .finding").is_displayed()
    assert not any(li.is_displayed() for li in page.find_elements("css selector", ".toc li"))
    assert css(page, "#L54").get_attribute("data-show") == ""
    assert css(page, "#L54 mark.hl").get_attribute("data-show") == ""
    assert css(page, "#L54").value_of_css_property("border-left-color") in (
        "rgba(0, 0, 0, 0)",
        "transparent",
    )
    assert css(page, "#filter-status").text == "findings shown: 0 of 2"
    box.click()
    wait(page, lambda: css(page, "#L54 .notes > .finding").is_displayed())
    assert css(page, "#L54").get_attribute("data-show") == "info"


def test_browser_without_javascript_everything_is_shown(
    driver: Any, sample_html: str, tmp_path: Path
) -> None:
    path = tmp_path / "no-script.html"
    path.write_text(re.sub(r"<script>.*?</script>", "", sample_html, flags=re.S), encoding="utf-8")
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "", "features": []})
    driver.get("about:blank")
    driver.get(path.as_uri())
    assert not driver.execute_script("return document.documentElement.classList.contains('js')")
    assert visible(driver, "#ref-1-body .fields") and visible(driver, "#ref-3-body .raw")
    assert css(driver, "#L54 .notes > .finding").is_displayed()
    assert not visible(driver, "#bar")  # no controls that would do nothing


def test_browser_keyboard_reaches_and_works_the_controls(page: Any) -> None:
    from selenium.webdriver.common.keys import Keys

    body = css(page, "body")
    body.send_keys(Keys.TAB)
    first = page.switch_to.active_element
    assert first.get_attribute("class") == "skip" and first.is_displayed()
    # tab on to the info filter and toggle it with the space bar
    for _ in range(10):
        page.switch_to.active_element.send_keys(Keys.TAB)
        if page.switch_to.active_element.get_attribute("value") == "info":
            break
    box = page.switch_to.active_element
    assert box.get_attribute("value") == "info"
    assert box.find_element("xpath", "..").value_of_css_property("outline-style") != "none"
    box.send_keys(Keys.SPACE)
    wait(page, lambda: not css(page, "#L54 .notes > .finding").is_displayed())
    box.send_keys(Keys.SPACE)
    # a reference panel opens with Enter on its toggle, which shows its focus
    toggle = css(page, "#ref-1 .ref-toggle")
    page.execute_script("arguments[0].focus()", toggle)
    assert toggle.value_of_css_property("outline-style") != "none"
    toggle.send_keys(Keys.ENTER)
    wait(page, lambda: visible(page, "#ref-1-body .fields"))
    # next finding moves the focus to the first finding note
    css(page, "button[data-go='next']").click()
    wait(page, lambda: page.switch_to.active_element.get_attribute("id") == "f1")


CONTRAST_JS = """
function rgb(s) { var m = s.match(/[\\d.]+/g).map(Number); return m; }
function lum(c) {
  var v = c.slice(0, 3).map(function (x) { x /= 255;
    return x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4); });
  return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
}
function background(el) {
  for (; el; el = el.parentElement) {
    var c = rgb(getComputedStyle(el).backgroundColor);
    if (c.length < 4 || c[3] > 0) { return c; }
  }
  return [255, 255, 255];
}
var out = [];
document.querySelectorAll(arguments[0]).forEach(function (el) {
  if (!el.checkVisibility() || !el.textContent.trim()) { return; }
  var a = lum(rgb(getComputedStyle(el).color)), b = lum(background(el));
  var ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  out.push([el.tagName + "." + el.className, ratio]);
});
return out;
"""

CONTRAST_SELECTORS = (
    "body, .lvl, .status-badge, .ln, .meaning, .msg, a, mark.hl, mark.dw, .tile dt, "
    ".fields .src, .fields .flag, .hint, .cmp dt, .tx, .chip, .footer, .ico > span"
)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_browser_text_contrast(page: Any, scheme: str) -> None:
    page.execute_cdp_cmd(
        "Emulation.setEmulatedMedia",
        {"features": [{"name": "prefers-color-scheme", "value": scheme}]},
    )
    css(page, "#ref-2 .ref-toggle")  # the page is ready
    results = page.execute_script(CONTRAST_JS, CONTRAST_SELECTORS)
    assert len(results) > 50
    low = [(name, round(r, 2)) for name, r in results if r < 4.5]
    assert low == []


def test_browser_print_shows_every_panel_and_hides_the_controls(page: Any) -> None:
    page.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    # the emulated medium applies at the next style pass: wait for it, a little
    deadline = time.monotonic() + 5
    while not visible(page, "#ref-1-body .fields") and time.monotonic() < deadline:
        time.sleep(0.1)
    assert visible(page, "#ref-1-body .fields") and visible(page, "#ref-3-body .raw")
    assert not visible(page, "#bar")
    assert css(page, ".refs").value_of_css_property("position") == "static"
    pdf = page.execute_cdp_cmd("Page.printToPDF", {"printBackground": True})
    assert base64.b64decode(pdf["data"]).startswith(b"%PDF")


def test_browser_phone_layout_has_no_sideways_scrolling(page: Any) -> None:
    page.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": 375, "height": 740, "deviceScaleFactor": 2, "mobile": True},
    )
    page.refresh()
    css(page, "#ref-2 .ref-toggle")
    width = page.execute_script("return document.documentElement.clientWidth")
    assert page.execute_script("return document.documentElement.scrollWidth") <= width
    # one column: the references come after the article
    assert css(page, ".refs").rect["y"] > css(page, "#L62").rect["y"]
    assert css(page, "#bar").rect["height"] < 80  # the sticky bar stays small


def test_browser_screenshot(page: Any) -> None:
    png = page.get_screenshot_as_png()
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(png) > 20_000


def test_browser_script_in_the_input_shows_as_text(driver: Any, tmp_path: Path) -> None:
    from selenium.common.exceptions import NoAlertPresentException

    report = hostile_report(tmp_path)
    path = tmp_path / "hostile.html"
    path.write_text(html_format.render([report], RenderContext()), encoding="utf-8")
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "", "features": []})
    driver.get("about:blank")
    driver.get(path.as_uri())
    with pytest.raises(NoAlertPresentException):
        driver.switch_to.alert.text  # noqa: B018
    assert driver.execute_script("return document.scripts.length") == 1
    assert driver.execute_script("return document.images.length") == 0
    assert driver.execute_script("return document.body.dataset.pwned") is None
    assert driver.execute_script("return document.documentElement.classList.contains('js')")
    # the payload is visible as text: in the article's line, the title and the panel
    assert PAYLOAD in css(driver, "#L1 .tx").text
    assert PAYLOAD in css(driver, "#L3 .tx").text
    assert PAYLOAD in css(driver, "#ref-1-body table.fields").text
    assert PAYLOAD in css(driver, "#ref-1 .short").text
    assert "Retracted" in css(driver, "#ref-1-body .notice").text


def test_chinese_page_words(sample: list[Report]) -> None:
    out = html_format.render(sample, RenderContext(lang="zh"))
    page = Page(out)
    assert page.errors == []
    assert '<html lang="zh-Hans">' in out
    assert "<title>参考文献核查：as-stem-cells-2025.md</title>" in out
    assert "7 条参考文献中有 4 条未能核查" in out
    assert 'data-template="显示 {shown} / {total} 个问题"' in out
    assert "题名的差别仅在于登记记录可能省去的词" in out  # the code's Chinese title
    assert out != html_format.render(sample, RenderContext(lang="en"))


def test_browser_chinese_status_line(driver: Any, sample: list[Report], tmp_path: Path) -> None:
    path = tmp_path / "zh.html"
    path.write_text(html_format.render(sample, RenderContext(lang="zh")), encoding="utf-8")
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "", "features": []})
    driver.get("about:blank")
    driver.get(path.as_uri())
    assert css(driver, "#filter-status").text == "显示 2 / 2 个问题"
