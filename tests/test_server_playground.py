"""The playground page in a real browser: Debian's chromium driven by Playwright (no browser
download), against a real ``apologylint serve`` subprocess."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from servers import Server, need

need("httpx")
need("starlette")
need("playwright")
import httpx  # noqa: E402

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
needs_chromium = pytest.mark.skipif(
    not Path(CHROMIUM).exists(),
    reason="Debian's chromium is not installed (.ci/run installs it: apt-get install chromium)",
)
#: The screenshot is kept as a test artefact, outside pytest's rotating tmp folders.
SCREENSHOT = Path(tempfile.gettempdir()) / "apologylint-playground.png"

PACK = """\
pack: escaping
rules:
  - code: XS101
    name: markup-in-a-message
    category: defensive
    severity: warning
    message: "<img src=x id=injected> flagged"
    summary: A rule whose text holds markup, as a third-party pack could.
    why: "<b id=bold>why</b>"
    suggestion: "<script id=evil>alert(1)</script> write it plainly"
    phrases: ["zorbly wibble"]
    examples:
      fires: ["That is zorbly wibble.", "Zorbly wibble again.", "So zorbly wibble, then."]
      passes: ["That is fine.", "No wibble here.", "Zorbly alone."]
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("playground")
    (tmp / "escaping.yaml").write_text(PACK)
    (tmp / "apologylint.toml").write_text('rules = ["escaping.yaml"]\n')
    srv = Server(tmp, "--config", str(tmp / "apologylint.toml"))
    yield srv
    srv.stop()


def test_page_is_self_contained_with_a_strict_csp(server):
    r = httpx.get(server.url + "/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    csp = r.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    for path in ("/", "/playground.js", "/playground.css"):
        body = httpx.get(server.url + path).text
        assert "http://" not in body and "https://" not in body  # no CDN, nothing external
    assert "<script>" not in r.text and "style=" not in r.text  # nothing inline for the CSP


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (.ci/run installs it)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture(scope="module")
def page(browser, server):
    pg = browser.new_page()
    pg.set_default_timeout(60_000)
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    pg.goto(server.url + "/")
    yield pg
    assert errors == []  # no script error, no CSP violation
    pg.close()


@needs_chromium
def test_typing_underlines_each_finding_by_category(page, server):
    draft = "Hi 😀 Sam, I'm sorry if you feel that way. Please calm down.\nThanks"
    page.click("#draft")
    page.keyboard.type(draft, delay=5)
    expected = httpx.post(server.url + "/v1/lint", json={"text": draft}).json()["findings"]
    assert [f["code"] for f in expected] == ["FA101", "DF106"]
    page.wait_for_function("() => document.querySelectorAll('#preview mark').length === 2")
    page.wait_for_function(
        "() => document.querySelector('#preview').textContent"
        " === document.querySelector('#draft').value"
    )
    marks = page.locator("#preview mark")
    assert marks.count() == len(expected)  # one highlight per finding
    for i, f in enumerate(expected):
        mark = marks.nth(i)
        assert mark.get_attribute("data-category") == f["category"]
        assert mark.get_attribute("data-code") == f["code"]
        assert f"cat-{f['category']}" in mark.get_attribute("class")
        assert mark.text_content() == f["text"]  # the emoji before did not shift it
    assert page.locator("#verdict").text_content() == "fail"

    # hover: the message and the suggestion
    marks.nth(0).hover()
    tip = page.locator("#tip")
    tip.wait_for(state="visible")
    assert expected[0]["message"] in tip.text_content()
    assert expected[0]["suggestion"] in tip.text_content()

    # keyboard: Tab reaches each highlight, and focus shows its tooltip
    page.mouse.move(0, 0)
    page.focus("#draft")
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.tagName") == "MARK":
            break
    assert page.evaluate("document.activeElement.dataset.code") == "FA101"
    assert tip.is_visible() and expected[0]["message"] in tip.text_content()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.dataset.code") == "DF106"
    assert expected[1]["message"] in tip.text_content()
    page.keyboard.press("Escape")
    assert not tip.is_visible()


@needs_chromium
def test_recovery_checklist_and_clean_draft(page):
    page.fill("#draft", "I'm sorry we charged you twice. I've refunded the second charge today.")
    page.select_option("#framework", "aware")
    page.wait_for_function("() => document.querySelectorAll('#checklist li').length > 0")
    statuses = page.locator("#checklist li").evaluate_all("els => els.map(e => e.dataset.status)")
    assert "present" in statuses and set(statuses) <= {"present", "missing", "not-checkable"}
    assert page.locator("#preview mark").count() == 0
    assert page.locator("#verdict").text_content() == "pass"
    assert not page.locator("#token").is_visible()  # no token on this server
    page.screenshot(path=str(SCREENSHOT), full_page=True)
    assert SCREENSHOT.stat().st_size > 0


@needs_chromium
def test_rule_text_is_escaped(page):
    # a third-party pack's rule text is shown as text, never run as markup
    page.select_option("#framework", "")
    page.fill("#draft", "Well, that is zorbly wibble.")
    page.wait_for_function("() => document.querySelectorAll('#preview mark').length === 1")
    page.locator("#preview mark").first.hover()
    tip = page.locator("#tip")
    tip.wait_for(state="visible")
    assert "<img src=x id=injected>" in tip.text_content()
    assert "<script id=evil>" in tip.text_content()
    assert page.locator("#injected, #evil, #bold").count() == 0


@needs_chromium
def test_page_asks_for_a_token_where_one_is_required(browser, tmp_path):
    srv = Server(tmp_path, env={"APOLOGYLINT_TOKEN": "tok-123"})
    try:
        page_html = httpx.get(srv.url + "/").text
        assert "tok-123" not in page_html  # never embedded
        pg = browser.new_page()
        pg.set_default_timeout(60_000)
        pg.goto(srv.url + "/")
        pg.locator("#token").wait_for(state="visible")
        pg.fill("#draft", "Please calm down.")
        pg.wait_for_function(
            "() => document.querySelector('#status').textContent.includes('token')"
        )
        assert pg.locator("#preview mark").count() == 0
        pg.fill("#token", "tok-123")
        pg.dispatch_event("#token", "change")
        pg.wait_for_function("() => document.querySelectorAll('#preview mark').length === 1")
        pg.close()
    finally:
        srv.stop()
