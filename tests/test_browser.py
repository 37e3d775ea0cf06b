"""The built site in a real browser (headless Chromium from Debian, driven by Playwright).

Served over HTTP on 127.0.0.1; every request the pages make is recorded, so a script, font
or stylesheet from another host fails the test. Needs ``chromium`` (Debian package) and the
``playwright`` Python package; skipped with a reason where they are absent, required in CI
(``LSTM_EXPLAINER_REQUIRE_BROWSER=1``).
"""

from __future__ import annotations

import functools
import gzip
import http.server
import os
import re
import shutil
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from lstm_explainer.i18n import LANGUAGES, ORIGINAL

DOCS = Path(__file__).resolve().parent.parent / "docs" / ORIGINAL
PAGES = sorted("" if p.stem == "index" else f"{p.stem}/" for p in DOCS.glob("*.md"))
PAGES += sorted(f"notebooks/{p.stem}/" for p in DOCS.glob("notebooks/*.ipynb"))


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


_TEXT = {".html", ".css", ".js", ".svg", ".json", ".xml", ".map"}


@pytest.fixture(scope="session")
def server(site):
    class StaticHost(http.server.SimpleHTTPRequestHandler):
        """Serves the built site as a static host does: text files gzip-compressed on request."""

        def log_message(self, *args):
            pass

        def do_GET(self):
            path = Path(self.translate_path(self.path))
            if path.is_dir() and self.path.split("?")[0].endswith("/"):
                path = path / "index.html"
            if "gzip" not in self.headers.get("Accept-Encoding", "") or path.suffix not in _TEXT or not path.is_file():
                return super().do_GET()
            body = gzip.compress(path.read_bytes(), mtime=0)
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(path)))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return None

    handler = functools.partial(StaticHost, directory=str(site))
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


ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
SCREENSHOT_PAGES = ("", "how-lstms-solve-it/", "notebooks/vanishing-gradient/")
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "mobile": {"width": 390, "height": 844}}

_VISIT = """() => {
  const article = document.querySelector("article");
  const clone = article.cloneNode(true);
  clone.querySelectorAll("pre, code, math, script").forEach((e) => e.remove());
  const figures = [...document.querySelectorAll(".lstm-figure img, .jp-RenderedImage img")].map((img) => {
    const box = img.getBoundingClientRect();
    return {alt: img.alt, ok: img.complete && img.naturalWidth > 0 && box.width > 0 && box.height > 0};
  });
  const resources = performance.getEntriesByType("resource").concat(performance.getEntriesByType("navigation"));
  const fcp = performance.getEntriesByName("first-contentful-paint")[0];
  return {
    text: clone.innerText,
    maths: document.querySelectorAll("article math").length,
    figures,
    alternates: [...document.querySelectorAll("a[hreflang]")].map((a) => [a.hreflang, a.href]),
    bytes: resources.filter((r) => !r.name.includes("search_index")).reduce((n, r) => n + r.transferSize, 0),
    decoded: resources.filter((r) => !r.name.includes("search_index")).reduce((n, r) => n + r.decodedBodySize, 0),
    fcp: fcp ? fcp.startTime : null,
  };
}"""


@pytest.fixture(scope="module")
def visits(chromium, server):
    """Every page of every language, loaded once: what it requested, logged, showed and weighed."""
    from axe_playwright_python.sync_playwright import Axe

    axe, host, records = Axe(), urlsplit(server).netloc, {}
    (ARTIFACTS / "screenshots").mkdir(parents=True, exist_ok=True)
    for lang in LANGUAGES:
        for path in PAGES:
            context = chromium.new_context(viewport=VIEWPORTS["desktop"])
            pg = context.new_page()
            rec = {"requests": [], "failed": [], "console": []}
            pg.on("request", lambda r, rec=rec: rec["requests"].append(r.url))
            pg.on("requestfailed", lambda r, rec=rec: rec["failed"].append(r.url))
            pg.on("response", lambda r, rec=rec: r.status >= 400 and rec["failed"].append(f"{r.status} {r.url}"))
            pg.on("console", lambda m, rec=rec: m.type == "error" and rec["console"].append(m.text))
            pg.goto(f"{server}{lang}/{path}", wait_until="networkidle")
            pg.evaluate("window.scrollTo(0, document.body.scrollHeight)")  # let lazy images load
            pg.wait_for_load_state("networkidle")
            rec.update(pg.evaluate(_VISIT))
            rec["lang"] = pg.locator("html").get_attribute("lang")
            rec["foreign"] = [u for u in rec["requests"] if urlsplit(u).scheme in ("http", "https")
                              and urlsplit(u).netloc != host]
            rec["axe"] = [(v["id"], v["impact"], len(v["nodes"])) for v in axe.run(pg).response["violations"]]
            if path in SCREENSHOT_PAGES:
                for name, size in VIEWPORTS.items():
                    pg.set_viewport_size(size)
                    pg.evaluate("window.scrollTo(0, 0)")
                    pg.screenshot(path=ARTIFACTS / "screenshots" / f"{lang}-{path.strip('/') or 'index'}-{name}.png")
            records[(lang, path)] = rec
            context.close()
    lines = ["| page | KB transferred (gzip) | KB decoded | FCP ms | requests | axe (id, impact, nodes) |",
             "|---|---|---|---|---|---|"]
    for (lang, path), r in records.items():
        fcp = f"{r['fcp']:.0f}" if r["fcp"] is not None else "-"
        lines.append(f"| {lang}/{path} | {r['bytes'] / 1024:.0f} | {r['decoded'] / 1024:.0f} | {fcp} | "
                     f"{len(r['requests'])} | {r['axe']} |")
    (ARTIFACTS / "reader-report.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return records


def test_every_page_loads_without_failures_errors_or_other_hosts(visits):
    for (lang, path), r in visits.items():
        assert r["lang"] == lang, path
        assert r["failed"] == [], (lang, path)
        assert r["foreign"] == [], (lang, path)
        assert r["console"] == [], (lang, path)


def test_math_is_typeset_and_no_raw_tex_is_visible(visits):
    for (lang, path), r in visits.items():
        assert not re.search(r"\\[a-zA-Z]+|\$[^$\s]|\\\(", r["text"]), (lang, path)
        if path in ("gradient-problem/", "how-lstms-work/", "how-lstms-solve-it/"):
            assert r["maths"] >= 5, (lang, path)


def test_every_figure_is_visible_with_alt_text(visits):
    shown = 0
    for (lang, path), r in visits.items():
        for fig in r["figures"]:
            assert fig["ok"], (lang, path)
            assert len(fig["alt"]) > 40, (lang, path)
            shown += 1
    assert shown >= (3 + 4) * len(LANGUAGES)  # the article's figures and the notebooks' four


def test_the_language_switcher_leads_to_the_same_page(visits, server):
    for (lang, path), r in visits.items():
        targets = dict(r["alternates"])
        assert sorted(targets) == sorted(LANGUAGES), (lang, path)
        for other, href in targets.items():
            assert href == f"{server}{other}/{path}", (lang, path, other)
            assert (other, path) in visits


def test_no_serious_or_critical_accessibility_violation(visits):
    bad = {k: [v for v in r["axe"] if v[1] in ("serious", "critical")] for k, r in visits.items()}
    assert {k: v for k, v in bad.items() if v} == {}


def test_article_pages_weigh_at_most_400_kb_without_the_search_index(visits):
    for (lang, path), r in visits.items():
        if path != "api/":
            assert r["bytes"] <= 400 * 1024, (lang, path, r["bytes"])


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
