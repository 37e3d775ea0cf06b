"""The built site in a real browser (headless Chromium from Debian, driven by Playwright).

Served over HTTP on 127.0.0.1; every request the pages make is recorded, so a script, font
or stylesheet from another host fails the test. Needs ``chromium`` (Debian package) and the
``playwright`` Python package; skipped with a reason where they are absent, required in CI
(``LSTM_EXPLAINER_REQUIRE_BROWSER=1``).
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from urllib.parse import urlsplit

import pytest

from lstm_explainer.i18n import LANGUAGES

PAGES = ["", "gradient-problem/", "how-lstms-work/", "how-lstms-solve-it/", "conclusion/", "api/"]


@pytest.fixture(scope="session")
def chromium():
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        exe = None
    if exe is None:
        if os.environ.get("LSTM_EXPLAINER_REQUIRE_BROWSER"):
            pytest.fail("LSTM_EXPLAINER_REQUIRE_BROWSER is set but chromium or playwright is missing")
        pytest.skip("needs Debian's chromium (apt install chromium) and playwright (requirements/test.txt)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=exe, args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def server(site):
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *args: None
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def page(chromium):
    context = chromium.new_context()
    pg = context.new_page()
    pg.requests = []
    pg.on("request", lambda r: pg.requests.append(r.url))
    yield pg
    context.close()


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_pages_load_nothing_from_other_hosts_and_show_math_and_figures(page, server, lang):
    host = urlsplit(server).netloc
    for path in PAGES:
        page.goto(f"{server}{lang}/{path}", wait_until="networkidle")
        assert page.locator("html").get_attribute("lang") == lang
        if path in ("gradient-problem/", "how-lstms-solve-it/"):
            box = page.locator(".lstm-equation math").first.bounding_box()
            assert box is not None
            assert box["width"] > 50
            assert box["height"] > 15
            img = page.locator(".lstm-figure img").first
            img.scroll_into_view_if_needed()
            assert page.evaluate("(img) => img.complete && img.naturalWidth > 300", img.element_handle())
    foreign = [u for u in page.requests if urlsplit(u).scheme in ("http", "https") and urlsplit(u).netloc != host]
    assert foreign == []


def test_landing_page_works_without_javascript(chromium, server):
    context = chromium.new_context(java_script_enabled=False)
    pg = context.new_page()
    pg.goto(server)
    links = pg.locator("a[hreflang]")
    assert links.count() == len(LANGUAGES)
    links.first.click()
    assert pg.url.endswith(f"/{next(iter(LANGUAGES))}/")
    context.close()


def search(page, server, lang, query):
    page.goto(f"{server}{lang}/", wait_until="networkidle")
    box = page.locator("input.md-search__input")
    box.click()
    # Material searches on key events; typed Chinese arrives as text input (as from an input
    # method), so fill the box and then press a key, as a reader confirming the input would.
    box.fill(query)
    box.press("End")
    page.wait_for_selector(".md-search-result__item", state="attached", timeout=15000)
    return [a.get_attribute("href") for a in page.locator(".md-search-result__item > a").all()]


@pytest.mark.parametrize(
    ("lang", "query"),
    [
        ("pt", "esquecimentos"),  # inflected: the pages say "esquecimento", never this plural
        ("en", "clipped"),  # inflected: the pages say "clipping", never "clipped"
        ("zh", "遗忘门"),  # a word inside Chinese sentences
    ],
)
def test_search_finds_inflected_words_in_the_page_language_only(page, server, lang, query):
    if lang not in LANGUAGES:
        pytest.skip(f"{lang} is not a language of the site yet")
    hrefs = search(page, server, lang, query)
    assert hrefs
    resolved = [page.evaluate("(h) => new URL(h, location.href).pathname", h) for h in hrefs]
    assert all(p.startswith(f"/{lang}/") for p in resolved), resolved
