#!/usr/bin/env python3
"""Regenerate docs/sample-report.html and docs/sample-report.png: the sample article's
HTML report (offline, from the committed cache/) and a screenshot of it taken with
headless Chromium.

    python scripts/render_sample_html.py            # both files
    python scripts/render_sample_html.py --no-png   # the HTML only

The screenshot needs Debian's chromium and chromium-driver (/usr/bin/chromium,
/usr/bin/chromedriver), the selenium package, and for the Chinese text a CJK font
(fonts-noto-cjk).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SAMPLE = "examples/as-stem-cells-2025.md"
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"


def render_sample() -> str:
    from asrefs import load_options, verify
    from asrefs.formats import RenderContext
    from asrefs.formats.html import render

    options = load_options({"offline": True, "cache_dir": REPO / "cache"}, env={}, cwd=REPO)
    reports = verify([SAMPLE], options)
    return render(reports, RenderContext())


def screenshot(page: Path, png: Path, width: int, height: int) -> None:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    with tempfile.TemporaryDirectory(prefix="asrefs-chromium-") as profile:
        for flag in (
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--force-device-scale-factor=1",
            f"--window-size={width},{height}",
            f"--user-data-dir={profile}",
        ):
            options.add_argument(flag)
        driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
        try:
            driver.set_window_size(width, height)
            driver.get(page.resolve().as_uri())
            png.write_bytes(driver.get_screenshot_as_png())
        finally:
            driver.quit()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-png", action="store_true", help="write the HTML only")
    parser.add_argument("--out", type=Path, default=REPO / "docs", help="default docs/")
    parser.add_argument("--width", type=int, default=1440)
    parser.add_argument("--height", type=int, default=1100)
    args = parser.parse_args(argv)
    os.chdir(REPO)  # the report names the sample by its path relative to the repository
    args.out.mkdir(parents=True, exist_ok=True)
    page = args.out / "sample-report.html"
    page.write_text(render_sample(), encoding="utf-8")
    print(f"wrote {page}")
    if not args.no_png:
        png = args.out / "sample-report.png"
        screenshot(page, png, args.width, args.height)
        print(f"wrote {png}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
