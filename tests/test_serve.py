"""``asrefs serve``: the local web app, started as a command on a free port against the
registry stand-in, used in a real Chromium (Selenium) and over HTTP. An editor uploads a
Word file, follows the check, accepts a finding (the configuration file gains the entry),
applies a fix and downloads the corrected Word file (tracked changes, comments) and the
bibliography; the page switches to Chinese. Uploads past the size limit are refused while
they stream, a name with a path is stored under the app's own name, a POST without the
form's token is refused, and an article's script never runs.

Set SERVE_SCREENSHOTS to a folder to keep the screenshots of each step (docs/app/)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import REF1, server_args
from test_fix import sample_docx
from test_html_report import driver as browser  # noqa: F401  (the Chromium, shared)

pytest.importorskip("starlette", reason="needs the serve extra: pip install 'asrefs[serve]'")
requests = pytest.importorskip("requests")

HOSTILE = f"""# Title

A sentence [1] with <script>document.title = "ran"; window.ran = 1;</script> and
<img src=x onerror="window.ran = 2"> in it.

## References

[1] {REF1.format(year=2025)}
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def app(registry_server: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """``asrefs serve`` running in its own folder (where asrefs.toml is written)."""
    home = tmp_path_factory.mktemp("serve")
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASREFS_")}
    env["XDG_CACHE_HOME"] = str(home / "xdg")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "asrefs",
            "serve",
            "--port",
            str(port),
            *server_args(registry_server, home),
        ],
        cwd=home,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            if process.poll() is not None:
                pytest.fail(
                    f"asrefs serve ended: {process.stdout.read() if process.stdout else ''}"
                )
            time.sleep(0.1)
    try:
        yield type("App", (), {"url": url, "home": home})
    finally:
        process.terminate()
        process.wait(timeout=20)


def session(app: Any) -> tuple[Any, str]:
    """An HTTP session that has loaded the upload page, and the form's token."""
    s = requests.Session()
    page = s.get(app.url + "/").text
    token = page.split('name="csrf" value="', 1)[1].split('"', 1)[0]
    return s, token


def upload(app: Any, name: str, data: bytes) -> tuple[Any, str, str]:
    """Upload ``data`` as ``name``; the session, the token and the job's address."""
    s, token = session(app)
    answer = s.post(
        app.url + "/upload",
        data={"csrf": token},
        files={"article": (name, data)},
        allow_redirects=False,
    )
    assert answer.status_code == 303, answer.text
    job = app.url + answer.headers["location"]
    for _ in range(300):
        if s.get(job + "/progress").json()["state"] in ("done", "failed"):
            break
        time.sleep(0.1)
    return s, token, job


def shot(page: Any, name: str) -> None:
    folder = os.environ.get("SERVE_SCREENSHOTS")
    if folder:
        page.save_screenshot(str(Path(folder) / name))


def test_an_editor_goes_from_a_word_file_to_a_corrected_one(
    app: Any,
    browser: Any,  # noqa: F811 (the fixture imported above)
    tmp_path: Path,
) -> None:
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait

    article = sample_docx(tmp_path / "article.docx")
    browser.set_window_size(1400, 1000)
    browser.get(app.url + "/?lang=en")
    browser.find_element(By.ID, "article").send_keys(str(article))
    shot(browser, "1-upload.png")
    browser.find_element(By.CSS_SELECTOR, "#upload button").click()
    WebDriverWait(browser, 60).until(lambda d: d.find_elements(By.ID, "acts-h"))
    assert "article.docx" in browser.find_element(By.TAG_NAME, "h1").text
    # the report (findings in place, reference panels) in its frame
    browser.switch_to.frame("report")
    WebDriverWait(browser, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".ref"))
    assert browser.find_elements(By.CSS_SELECTOR, ".article li.finding, .article .finding")
    browser.switch_to.default_content()

    # accept the claim's finding with a reason: the configuration file gains the entry
    item = browser.find_element(By.CSS_SELECTOR, "li[data-level] form.accept")
    number = item.find_element(By.NAME, "finding").get_attribute("value")
    item.find_element(By.NAME, "reason").send_keys("checked against the press release")
    item.find_element(By.TAG_NAME, "button").click()
    WebDriverWait(browser, 10, ignored_exceptions=(StaleElementReferenceException,)).until(
        lambda d: "checked against the press release" in d.find_element(By.ID, f"act-{number}").text
    )
    config = (app.home / "asrefs.toml").read_text(encoding="utf-8")
    assert "[[accept]]" in config and 'reason = "checked against the press release"' in config

    # apply every fix of a kind; the corrected file counts them
    Select(browser.find_element(By.ID, "kind")).select_by_value("year-mismatch")
    browser.find_element(By.CSS_SELECTOR, "form.apply-all button").click()
    WebDriverWait(browser, 10, ignored_exceptions=(StaleElementReferenceException,)).until(
        lambda d: "(2 " in d.find_element(By.ID, "dl-article").text
    )
    link = browser.find_element(By.ID, "dl-article")
    shot(browser, "3-fixes-applied.png")

    # download as the browser would (its session cookie), and read what came
    s = requests.Session()
    for cookie in browser.get_cookies():
        s.cookies.set(cookie["name"], cookie["value"])
    made = s.get(link.get_attribute("href"))
    assert made.status_code == 200 and "attachment" in made.headers["content-disposition"]
    fixed = tmp_path / "fixed.docx"
    fixed.write_bytes(made.content)
    with zipfile.ZipFile(fixed) as z:
        xml, comments = z.read("word/document.xml").decode(), z.read("word/comments.xml").decode()
    assert xml.count('<w:ins w:id="') == xml.count('<w:del w:id="') == 2
    assert 'w:author="asrefs"' in xml and "<w:comment " in comments
    bib = s.get(browser.find_element(By.ID, "dl-bibtex").get_attribute("href"))
    assert bib.status_code == 200 and bib.text.count("@article") >= 5

    # the page in Chinese
    browser.find_element(By.ID, "lang").click()
    WebDriverWait(browser, 10).until(lambda d: "核查报告" in d.find_element(By.TAG_NAME, "h1").text)
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "zh-Hans"
    shot(browser, "4-report-zh.png")


def test_the_language_follows_the_browser(app: Any) -> None:
    page = requests.get(app.url + "/", headers={"Accept-Language": "zh-CN,zh;q=0.9"}).text
    assert '<html lang="zh-Hans">' in page and "核查参考文献" in page
    page = requests.get(app.url + "/", headers={"Accept-Language": "en-GB"}).text
    assert '<html lang="en">' in page and "Check the references" in page


def test_an_upload_past_the_limit_is_refused_while_it_streams(app: Any) -> None:
    from asrefs.read.article import MAX_ARTICLE_BYTES

    s, _token = session(app)
    # said by its length: refused before a byte of it is read
    with socket.create_connection(("127.0.0.1", int(app.url.rsplit(":", 1)[1]))) as raw:
        cookie = "; ".join(f"{k}={v}" for k, v in s.cookies.items())
        raw.sendall(
            f"POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {cookie}\r\n"
            "Content-Type: multipart/form-data; boundary=b\r\n"
            f"Content-Length: {300 * 2**20}\r\n\r\n".encode()
        )
        assert raw.recv(100).startswith(b"HTTP/1.1 413")
    # streamed without a length: refused once past the limit, not read to its end
    chunk = b"x" * 2**20

    def body() -> Iterator[bytes]:
        yield b'--b\r\nContent-Disposition: form-data; name="article"; filename="a.txt"\r\n\r\n'
        for _ in range(300):
            yield chunk

    try:
        answer = s.post(
            app.url + "/upload",
            data=body(),
            params={},
            headers={"Content-Type": "multipart/form-data; boundary=b"},
            timeout=60,
        )
        assert answer.status_code == 413
    except requests.ConnectionError:
        pass  # the app closed the connection once it had answered
    assert MAX_ARTICLE_BYTES < 300 * 2**20
    assert s.get(app.url + "/").status_code == 200  # and still serves


def test_a_name_with_a_path_is_stored_under_the_apps_own_name(app: Any) -> None:
    text = f"Text [1].\n\n## References\n\n[1] {REF1.format(year=2025)}\n".encode()
    s, _, job = upload(app, "../../x", text)
    page = s.get(job).text
    assert "Report on x" in page and "../" not in page
    for folder in (app.home, app.home.parent, app.home.parent.parent):
        assert not (folder / "x").exists()


def test_a_post_without_the_form_token_is_refused(app: Any) -> None:
    text = f"Text [1].\n\n## References\n\n[1] {REF1.format(year=2019)}\n".encode()
    s, token, job = upload(app, "a.md", text)
    assert s.post(job + "/dismiss", data={"finding": "0"}).status_code == 403
    assert s.post(job + "/dismiss", data={"finding": "0", "csrf": token + "x"}).status_code == 403
    stranger = requests.post(
        app.url + "/upload", data={"csrf": token}, files={"article": ("a.md", text)}
    )
    assert stranger.status_code == 403  # the token without its session's cookie
    assert "act-0" in s.get(job).text
    done = s.post(job + "/dismiss", data={"finding": "0", "csrf": token})
    assert done.status_code == 200 and "act-0" not in done.text


def test_an_articles_script_never_runs(
    app: Any,
    browser: Any,  # noqa: F811 (the fixture imported above)
    tmp_path: Path,
) -> None:
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    path = tmp_path / "hostile.txt"
    path.write_text(HOSTILE, encoding="utf-8")
    browser.get(app.url + "/")
    browser.find_element(By.ID, "article").send_keys(str(path))
    browser.find_element(By.CSS_SELECTOR, "#upload button").click()
    WebDriverWait(browser, 60).until(lambda d: d.find_elements(By.ID, "acts-h"))
    browser.switch_to.frame("report")
    WebDriverWait(browser, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".article"))
    assert "<script>" in browser.find_element(By.CSS_SELECTOR, ".article").text
    assert browser.execute_script("return window.ran === undefined") is True
    assert browser.title != "ran"
    browser.switch_to.default_content()
    assert browser.execute_script("return window.ran === undefined") is True
    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert.text  # noqa: B018


def test_the_apps_words_are_in_both_languages_with_the_same_placeholders() -> None:
    from asrefs.i18n import LANGS, placeholders
    from asrefs.serve.words import APP_MESSAGES

    for key, entry in APP_MESSAGES.items():
        assert set(entry) == set(LANGS), key
        assert placeholders(entry["en"]) == placeholders(entry["zh"]), key
