"""`sahel report`: one self-contained HTML page, checked in a real headless Chromium.

The browser tests need Debian's `chromium` (CI installs it) and drive it with Playwright
through ``executable_path``; they are skipped, saying so, only where no Chromium is found.
"""

from __future__ import annotations

import base64
import hashlib
import re
import shutil
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES, SAHEL, run_in_pty, run_sahel

HOSTILE = str(FIXTURES / "hostile-html.yaml")
CHARTS = str(FIXTURES / "charts.yaml")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="no Chromium installed (CI installs Debian's chromium package)"
)


def make_report(tmp_path: Path, data: str, *args: str, name: str = "report.html") -> Path:
    target = tmp_path / name
    done = run_sahel("--data", data, "report", "-o", str(target), *args)
    assert done.returncode == 0, done.stderr.decode()
    return target


class Page:
    """What a loaded page did: console messages, requests, and the page to inspect."""

    def __init__(self, page: Any, console: list[tuple[str, str]], requests: list[str]) -> None:
        self.page = page
        self.console = console
        self.requests = requests


@pytest.fixture
def browser() -> Iterator[Any]:
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                *("--no-sandbox", "--disable-gpu", "--disable-background-networking"),
                *("--disable-component-update", "--no-first-run", "--disable-sync"),
            ],
        )
        yield launched
        launched.close()


def open_page(browser: Any, path: Path, width: int = 1000) -> Page:
    page = browser.new_page(viewport={"width": width, "height": 900})
    console: list[tuple[str, str]] = []
    requests: list[str] = []
    page.on("console", lambda m: console.append((m.type, m.text)))
    page.on("pageerror", lambda e: console.append(("error", str(e))))
    page.on("request", lambda r: requests.append(r.url))
    page.goto(path.as_uri())
    page.wait_for_timeout(300)
    return Page(page, console, requests)


@needs_chromium
def test_the_report_loads_offline_with_every_section(browser: Any, tmp_path: Path) -> None:
    report = make_report(tmp_path, str(FIXTURES / ".." / ".." / "data" / "events.yaml"))
    loaded = open_page(browser, report)
    assert loaded.console == []
    assert loaded.requests == [report.as_uri()]  # the page itself, nothing else
    page = loaded.page
    for section in ("#brief", "#deadlines", "#chart", "#timeline", "#claims"):
        assert page.locator(section).is_visible()
    assert page.locator("#chart svg rect.bar").count() > 12
    assert page.locator("#timeline li").count() > 200
    assert "last updated" in page.inner_text("#freshness")
    links = page.locator("#timeline a").evaluate_all("(els) => els.map((a) => a.protocol)")
    assert set(links) == {"https:"} or set(links) == {"https:", "http:"}
    phone = open_page(browser, report, width=375)
    overflow = phone.page.evaluate("document.documentElement.scrollWidth")
    assert overflow <= 375  # tables scroll inside their box; the page itself does not


@needs_chromium
def test_hostile_data_comes_out_inert(browser: Any, tmp_path: Path) -> None:
    report = make_report(tmp_path, HOSTILE)
    loaded = open_page(browser, report)
    page = loaded.page
    assert loaded.console == []
    assert loaded.requests == [report.as_uri()]
    assert page.evaluate("typeof window.pwned") == "undefined"
    assert page.locator("script").count() == 1  # the page's own
    for selector in ("img", "iframe", "object", "[onerror]", "[onload]", "a[href^='javascript']"):
        assert page.locator(selector).count() == 0, selector
    assert page.locator("svg").count() == 1  # the chart, not the data's <svg onload>
    text = page.inner_text("body")
    assert "<script>window.pwned = 4</script>Summit" in text
    assert '<img src=x onerror="window.pwned=2">' in text
    assert "{{ 7*7 }}" in text  # template syntax in data is text too
    assert page.locator("body").is_visible()  # the data's <style> did not hide the page


@needs_chromium
def test_countdowns_are_live_for_now_and_fixed_for_an_as_of(browser: Any, tmp_path: Path) -> None:
    live = open_page(browser, make_report(tmp_path, HOSTILE, name="now.html"))
    cell = live.page.locator("#deadline-d1 .countdown")
    first = cell.inner_text()
    live.page.wait_for_timeout(1300)
    assert cell.inner_text() != first
    assert re.fullmatch(r"\d+d \d\dh \d\dm \d\ds left", cell.inner_text())
    fixed_report = make_report(tmp_path, HOSTILE, "--as-of", "2023-08-01", name="then.html")
    fixed = open_page(browser, fixed_report)
    cell = fixed.page.locator("#deadline-d1 .countdown")
    first = cell.inner_text()
    fixed.page.wait_for_timeout(1300)
    assert cell.inner_text() == first
    assert fixed.console == []


# --- without a browser ----------------------------------------------------------------------


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)


def parse(path: Path) -> Tags:
    parser = Tags()
    parser.feed(path.read_text())
    return parser


def test_the_page_allows_no_request_and_only_its_own_script(tmp_path: Path) -> None:
    page = parse(make_report(tmp_path, HOSTILE))
    policy = next(
        a["content"]
        for t, a in page.tags
        if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"
    )
    assert policy is not None and "default-src 'none'" in policy
    (script,) = page.scripts
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    assert f"'sha256-{digest}'" in policy
    assert [t for t, _a in page.tags if t in ("img", "iframe", "object", "link", "style")] == [
        "style"
    ]
    hrefs = [a["href"] or "" for t, a in page.tags if t == "a"]
    assert all(h.startswith(("#", "https://")) for h in hrefs)


def test_a_javascript_url_that_bypassed_validation_is_shown_as_text() -> None:
    from sahelcli.model import PartialDate, Source
    from sahelcli.report import _sources, safe_url

    assert safe_url("javascript:alert(1)") is None
    assert safe_url(" JavaScript:alert(1)") is None
    assert safe_url("data:text/html,x") is None
    assert safe_url("https://example.org/x") == "https://example.org/x"
    (source,) = _sources([Source("P", "T", PartialDate(2023), "javascript:alert(1)")])
    assert source["href"] is None and source["url"] == "javascript:alert(1)"


def test_report_options_and_errors(tmp_path: Path) -> None:
    target = make_report(tmp_path, CHARTS, "--days", "7", "--actor", "france")
    text = target.read_text()
    assert "focus: --actor france" in text
    assert "Timeline (1 events)" in text
    again = run_sahel("--data", CHARTS, "report", "-o", str(target))
    assert again.returncode == 2 and b"--force" in again.stderr
    piped = run_sahel("--data", CHARTS, "report", "--as-of", "2023-08-01")
    assert piped.returncode == 0 and piped.stdout.startswith(b"<!DOCTYPE html>")
    screen = run_in_pty([*SAHEL, "--data", CHARTS, "report"])
    assert "say where to write it" in screen and "-o brief.html" in screen


def test_other_commands_do_not_import_jinja() -> None:
    code = (
        "import sys, runpy; sys.argv = ['sahel', 'timeline']; "
        "import sahelcli.__main__ as m\n"
        "try:\n    m.main()\nexcept SystemExit:\n    pass\n"
        "print('jinja2' in sys.modules, file=sys.stderr)"
    )
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", code], capture_output=True, check=False)
    assert done.stderr.decode().strip().endswith("False")
