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
import json
import os
import re
import shutil
import threading
from pathlib import Path
from urllib.parse import urlsplit

import paths
import pytest

from lstm_explainer import explore, figures, numbers
from lstm_explainer.i18n import LANGUAGES, ORIGINAL, format_number, label
from lstm_explainer.site import interactive

# Every page as the browser asks for it: "", "gradient-problem/", …, "notebooks/adding-problem/"
PAGES = sorted("" if p == "index.md" else f"{p.removesuffix('.md')}/" for p in paths.PAGES)
PAGES += [f"notebooks/{p.removesuffix('.ipynb')}/" for p in paths.NOTEBOOKS]


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
            if (
                "gzip" not in self.headers.get("Accept-Encoding", "")
                or path.suffix not in _TEXT
                or not path.is_file()
            ):
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
  // A figure shows its static image, or, where it has interactive data, the chart drawn in its place.
  const figures = [...document.querySelectorAll(".lstm-figure")].map((fig) => {
    const img = fig.querySelector("img");
    const chart = fig.querySelector(".lstm-explore:not([hidden]) [role=img]");  // a canvas, or a stepper's panels
    const box = (chart || img).getBoundingClientRect();
    const drawn = chart !== null || (img.complete && img.naturalWidth > 0);
    return {alt: img.alt, chart: chart && chart.getAttribute("aria-label"), ok: drawn && box.width > 0 && box.height > 0};
  }).concat([...document.querySelectorAll(".jp-RenderedImage img")].map((img) => {  // notebooks' figures
    const box = img.getBoundingClientRect();
    return {alt: img.alt, chart: null, ok: img.complete && img.naturalWidth > 0 && box.width > 0 && box.height > 0};
  }));
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


_WIDTH_AFTER_FRAMES = """() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(
    () => done(document.documentElement.scrollWidth))))"""


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
            pg.on(
                "response", lambda r, rec=rec: r.status >= 400 and rec["failed"].append(f"{r.status} {r.url}")
            )
            pg.on("console", lambda m, rec=rec: m.type == "error" and rec["console"].append(m.text))
            pg.goto(f"{server}{lang}/{path}", wait_until="networkidle")
            pg.evaluate("window.scrollTo(0, document.body.scrollHeight)")  # let lazy images load
            pg.wait_for_load_state("networkidle")
            rec.update(pg.evaluate(_VISIT))
            rec["lang"] = pg.locator("html").get_attribute("lang")
            rec["foreign"] = [
                u
                for u in rec["requests"]
                if urlsplit(u).scheme in ("http", "https") and urlsplit(u).netloc != host
            ]
            rec["axe"] = [(v["id"], v["impact"], len(v["nodes"])) for v in axe.run(pg).response["violations"]]
            pg.set_viewport_size(VIEWPORTS["mobile"])
            # What a reader sees: after the next frames, when resize observers have run.
            rec["mobile_width"] = pg.evaluate(_WIDTH_AFTER_FRAMES)
            pg.set_viewport_size(VIEWPORTS["desktop"])
            if path in SCREENSHOT_PAGES:
                for name, size in VIEWPORTS.items():
                    pg.set_viewport_size(size)
                    pg.evaluate("window.scrollTo(0, 0)")
                    pg.screenshot(
                        path=ARTIFACTS
                        / "screenshots"
                        / f"{lang}-{path.strip('/').replace('/', '-') or 'index'}-{name}.png"
                    )
            records[(lang, path)] = rec
            context.close()
    lines = [
        "| page | KB transferred (gzip) | KB decoded | FCP ms | requests | axe (id, impact, nodes) |",
        "|---|---|---|---|---|---|",
    ]
    for (lang, path), r in records.items():
        fcp = f"{r['fcp']:.0f}" if r["fcp"] is not None else "-"
        lines.append(
            f"| {lang}/{path} | {r['bytes'] / 1024:.0f} | {r['decoded'] / 1024:.0f} | {fcp} | "
            f"{len(r['requests'])} | {r['axe']} |"
        )
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
    shown, charts = 0, 0
    for (lang, path), r in visits.items():
        for fig in r["figures"]:
            assert fig["ok"], (lang, path)
            assert len(fig["alt"]) > 40, (lang, path)
            shown += 1
            if fig["chart"] is not None:
                assert len(fig["chart"]) > 40, (lang, path)
                charts += 1
    assert shown >= (3 + 4) * len(LANGUAGES)  # the article's figures and the notebooks' four
    assert charts == (len(EXPLORED) + len(STEPPED)) * len(LANGUAGES)


def test_the_language_switcher_leads_to_the_same_page(visits, server):
    for (lang, path), r in visits.items():
        targets = dict(r["alternates"])
        assert sorted(targets) == sorted(LANGUAGES), (lang, path)
        for other, href in targets.items():
            assert href == f"{server}{other}/{path}", (lang, path, other)
            assert (other, path) in visits


def test_no_accessibility_violation(visits):
    """axe finds nothing, of any impact, on any page (code-nav.js mends Material's code-block
    wrappers, which made the notebooks' landmarks ambiguous)."""
    assert {k: r["axe"] for k, r in visits.items() if r["axe"]} == {}


def test_no_page_scrolls_sideways_on_a_phone(visits):
    """Wide equations, tables and code scroll inside their own boxes; the page itself fits 390 px."""
    width = VIEWPORTS["mobile"]["width"]
    assert {k: r["mobile_width"] for k, r in visits.items() if r["mobile_width"] > width} == {}


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


# ---- the interactive figures ---------------------------------------------------------------------

EXPLORED = {"gradient-decay": "gradient-problem/", "forget-gate": "how-lstms-solve-it/"}


def _pages_showing(name: str) -> list[str]:
    """The original's pages (as the browser asks for them) that show figure ``name``."""
    return [
        f"{page.removesuffix('.md')}/"
        for page in paths.PAGES
        if f'figure("{name}")' in (paths.DOCS / ORIGINAL / page).read_text("utf-8").replace(" ", "")
    ]


STEPPED = {name: pages[0] for name in explore.STEPPED if (pages := _pages_showing(name))}
"""The stepping figures (`explore.STEPPED`) a page shows, and the first page that shows each."""


def expected_status(site, lang, name, at):
    """The live text for slider indices ``at``, written here from the built site's data file."""
    data = json.loads((site / lang / "figures" / f"{name}.json").read_text("utf-8"))
    fields = {
        slider: interactive.value_texts(slider, data["sliders"][slider], lang, name)[i]
        for slider, i in at.items()
    }
    for s in data["series"]:
        values = s["log10"]
        for slider in s["by"]:
            values = values[at[slider]]
        fields[s["id"]] = format_number(10 ** values[-1], lang, "auto", 2)  # at distance T
    return label(lang, f"{name}.explore.status").format(**fields)


def _watched(chromium, url: str):
    """A desktop page at ``url``, loaded, with the addresses it requested and the errors its
    scripts raised or logged: (context, page, requests, errors), the lists growing as it runs."""
    context = chromium.new_context(viewport=VIEWPORTS["desktop"])
    pg = context.new_page()
    requests, errors = [], []
    pg.on("request", lambda r: requests.append(r.url))
    pg.on("console", lambda m: m.type == "error" and errors.append(m.text))
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.goto(url, wait_until="networkidle")
    return context, pg, requests, errors


@pytest.mark.parametrize("name", list(EXPLORED))
@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_interactive_figure_draws_and_follows_the_keyboard_in_the_page_language(
    chromium, server, site, lang, name
):
    context, pg, requests, errors = _watched(chromium, f"{server}{lang}/{EXPLORED[name]}")
    fig = pg.locator(f"#fig-{name}")
    canvas = fig.locator(".lstm-explore canvas")
    canvas.wait_for()
    box = canvas.bounding_box()
    assert box["width"] > 300
    assert box["height"] > 200
    assert canvas.get_attribute("role") == "img"
    assert canvas.get_attribute("aria-label") == label(lang, f"{name}.explore.chart")
    assert not fig.locator("img").is_visible()  # the chart takes the static image's place
    assert fig.locator("figcaption").is_visible()

    sliders = list(explore.EXPLORERS[name].start)
    data = json.loads((site / lang / "figures" / f"{name}.json").read_text("utf-8"))
    at = {s: data["sliders"][s].index(v) for s, v in explore.EXPLORERS[name].start.items()}
    for slider in sliders:
        assert fig.locator(f'label[for="explore-{name}-{slider}"]').inner_text() == label(
            lang, f"explore.{slider}"
        )
    status = fig.locator(".lstm-explore-status")
    assert status.get_attribute("aria-live") == "polite"
    assert status.inner_text() == expected_status(site, lang, name, at)
    if name == "gradient-decay":  # at the static figure's set-up it quotes the prose's numbers
        assert numbers.formatted("rnn-1-150", lang) in status.inner_text()
        assert numbers.formatted("lstm-bf1-150", lang) in status.inner_text()

    def pixels():
        return canvas.evaluate("(c) => c.toDataURL()")

    drawn = pixels()
    first = fig.locator(f"#explore-{name}-{sliders[0]}")
    first.focus()
    pg.keyboard.press("ArrowRight")
    at[sliders[0]] += 1
    texts = interactive.value_texts(sliders[0], data["sliders"][sliders[0]], lang, name)
    assert status.inner_text() == expected_status(site, lang, name, at)
    assert fig.locator(f'output[for="explore-{name}-{sliders[0]}"]').inner_text() == texts[at[sliders[0]]]
    assert first.get_attribute("aria-valuetext") == texts[at[sliders[0]]]
    assert pixels() != drawn
    drawn = pixels()

    for _ in sliders[1:-1]:  # Tab leads from slider to slider; End takes the last one to its end
        pg.keyboard.press("Tab")
    pg.keyboard.press("Tab")
    assert pg.evaluate("document.activeElement.id") == f"explore-{name}-steps"
    pg.keyboard.press("End")
    at["steps"] = len(data["sliders"]["steps"]) - 1
    assert status.inner_text() == expected_status(site, lang, name, at)
    assert pixels() != drawn

    host = urlsplit(server).netloc
    assert [u for u in requests if urlsplit(u).netloc != host] == []
    assert errors == []
    context.close()


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_without_javascript_the_static_figures_remain(chromium, server, lang):
    context = chromium.new_context(java_script_enabled=False)
    pg = context.new_page()
    for name, path in (EXPLORED | STEPPED).items():
        pg.goto(f"{server}{lang}/{path}")
        img = pg.locator(f"#fig-{name} img")
        img.scroll_into_view_if_needed()
        assert img.is_visible()
        assert img.bounding_box()["height"] > 100
        assert img.get_attribute("alt") == figures.alt_text(name, lang)
        assert not pg.locator(f"#fig-{name} .lstm-explore").is_visible()
        assert pg.locator(f"#fig-{name} figcaption").is_visible()
    context.close()


_FOCUS = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const box = e.getBoundingClientRect();
  return {tag: e.tagName, cls: String(e.className), type: e.type || "", key: e.outerHTML.slice(0, 120),
          visible: box.width > 0 && box.height > 0 && getComputedStyle(e).visibility !== "hidden"};
}"""


@pytest.mark.parametrize("lang", [ORIGINAL, "zh"])
def test_the_keyboard_alone_reaches_every_control_of_a_page(chromium, server, lang):
    """Tab from the top of the page to its end: the skip link first, then the search, the language
    selector, every equation (they scroll when wide), every slider and the link to the next page,
    each stop visible where it has focus."""
    context = chromium.new_context(viewport=VIEWPORTS["desktop"])
    pg = context.new_page()
    pg.goto(f"{server}{lang}/gradient-problem/", wait_until="networkidle")
    stops = []
    for _ in range(300):
        pg.keyboard.press("Tab")
        stop = pg.evaluate(_FOCUS)
        if stop is None or (stops and stop["key"] == stops[0]["key"]):
            break  # focus left the page or came round again
        stops.append(stop)
    counts = pg.evaluate("""() => ({equations: document.querySelectorAll(".lstm-equation").length,
                                    sliders: document.querySelectorAll(".lstm-explore input[type=range]").length})""")
    context.close()
    assert "md-skip" in stops[0]["cls"]
    assert [s for s in stops if not s["visible"]] == []
    assert any(s["tag"] == "INPUT" and "md-search__input" in s["cls"] for s in stops)
    assert any('class="md-header__button md-icon"' in s["key"] or "md-select" in s["key"] for s in stops)
    assert sum("lstm-equation" in s["cls"] for s in stops) == counts["equations"] >= 5
    assert sum(s["type"] == "range" for s in stops) == counts["sliders"] >= 2
    assert any("md-footer__link--next" in s["cls"] for s in stops)


# ---- the math's layout ---------------------------------------------------------------------------

_MATH_LAYOUT = r"""() => {
  const maths = [...document.querySelectorAll("article math")];
  const box = (e) => e.getBoundingClientRect();
  const face = [...document.fonts].find((f) => f.family.replace(/"/g, "") === "Latin Modern Math");
  // Ink, not boxes: a token's glyphs measured on a canvas in the token's own font (fallbacks
  // included), with the mathematical italic letter MathML draws for a one-letter <mi>.
  const ctx = document.createElement("canvas").getContext("2d");
  const italic = (t) => t.replace(/^[A-Za-z\u03b1-\u03c9]$/, (c) => {
    const o = c.codePointAt(0);
    if (c === "h") return "\u210e";
    if (c <= "Z") return String.fromCodePoint(0x1d434 + o - 65);
    if (c <= "z") return String.fromCodePoint(0x1d44e + o - 97);
    return String.fromCodePoint(0x1d6fc + o - 0x3b1);
  });
  const ink = (e) => {
    const st = getComputedStyle(e), range = document.createRange();
    range.selectNodeContents(e);
    const b = range.getBoundingClientRect();  // the text's own box: its font's ascent above the baseline
    ctx.font = `${st.fontStyle} ${st.fontWeight} ${st.fontSize} ${st.fontFamily}`;
    const text = e.tagName.toLowerCase() === "mi" && e.getAttribute("mathvariant") !== "normal" ? italic(e.textContent) : e.textContent;
    const m = ctx.measureText(text), baseline = b.top + m.fontBoundingBoxAscent;
    return {left: b.left - m.actualBoundingBoxLeft, right: b.left + m.actualBoundingBoxRight, baseline,
            top: baseline - m.actualBoundingBoxAscent, bottom: baseline + m.actualBoundingBoxDescent, em: parseFloat(st.fontSize)};
  };
  const token = (e) => e && ["mi", "mn", "mo"].includes(e.tagName.toLowerCase()) && e.children.length === 0;
  // A character the math font lacks is drawn by a fallback font: measured after a serif and after
  // a monospace fallback, its width differs.
  const width = (text, fallback) => { ctx.font = `20px "Latin Modern Math", ${fallback}`; return ctx.measureText(text).width; };
  const uncovered = new Set(), scripts = [], overflow = [];
  for (const m of maths) {
    if (!box(m).width) continue;  // in a closed <details>
    for (const t of m.querySelectorAll("mi, mn, mo, mtext")) {
      const text = t.tagName.toLowerCase() === "mi" && t.getAttribute("mathvariant") !== "normal" ? italic(t.textContent) : t.textContent;
      for (const c of text.replace(/[\s\u2061-\u2063]/g, "")) if (width(c, "serif") !== width(c, "monospace")) uncovered.add(c);
    }
    for (const s of m.querySelectorAll("msub, msup, msubsup")) {
      const tag = s.tagName.toLowerCase(), [b, x, y] = s.children;
      const sub = tag === "msup" ? null : x, sup = tag === "msup" ? x : tag === "msubsup" ? y : null;
      if (!token(b) || ![sub, sup].every((e) => e === null || token(e))) continue;
      const base = ink(b), i = sub ? ink(sub) : ink(sup);
      scripts.push({
        tex: m.textContent.slice(0, 40), tag, base: b.textContent,
        gap: (i.left - base.right) / base.em,  // from the base's ink to the script's, across
        drop: sub ? (ink(sub).baseline - base.baseline) / base.em : null,  // subscript's baseline below the base's
        rise: sup ? (base.baseline - ink(sup).baseline) / base.em : null,  // superscript's above it
      });
    }
    if (m.getAttribute("display") === "block") {
      let holder = m.parentElement;
      while (holder && !["auto", "scroll"].includes(getComputedStyle(holder).overflowX)) holder = holder.parentElement;
      const frame = box(holder || m.parentElement);
      const sticks = box(m).right > frame.right + 1 || box(m).left < frame.left - 1;
      const scrolls = holder !== null && holder.scrollWidth > holder.clientWidth;
      if (sticks && !scrolls) overflow.push(m.textContent.slice(0, 40));
    }
  }
  return {
    count: maths.length,
    font: face ? face.status : "not declared",
    families: [...new Set(maths.map((m) => getComputedStyle(m).fontFamily))],
    uncovered: [...uncovered], scripts, overflow,
  };
}"""


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_math_is_laid_out_with_the_math_font_at_desktop_and_phone_widths(chromium, server, lang):
    """On every page with math, at 1280 and 390 px: the served Latin Modern Math is loaded, set on
    every formula and has every glyph it shows (none drawn by a fallback font); each script's ink
    starts right after its base's (not loose: a system serif without a MATH table leaves up to
    0.13 em; an italic base may overhang its subscript), subscripts' baselines sit below the
    base's and superscripts' above, as the font's MATH table says; no displayed equation sticks
    out of its box unless that box scrolls sideways."""
    context = chromium.new_context(viewport=VIEWPORTS["desktop"])
    pg = context.new_page()
    checked, scripts = 0, []
    for path in PAGES:
        pg.goto(f"{server}{lang}/{path}")  # "load": the stylesheets are in; the font is awaited below
        pg.evaluate("document.fonts.ready.then(() => true)")
        for name, size in VIEWPORTS.items():
            pg.set_viewport_size(size)
            pg.evaluate(_WIDTH_AFTER_FRAMES)  # after the layout at this width
            r = pg.evaluate(_MATH_LAYOUT)
            if not r["count"]:
                break
            where = (lang, path, name)
            assert r["font"] == "loaded", where
            assert r["families"] == ['"Latin Modern Math", math'], where
            assert r["uncovered"] == [], where
            assert r["overflow"] == [], where
            scripts += [dict(s, where=where) for s in r["scripts"]]
            checked += 1
        pg.set_viewport_size(VIEWPORTS["desktop"])
    context.close()
    assert checked >= 2 * 8  # both widths of the article's pages with math, the notebooks, the API page
    assert len(scripts) > 300
    assert [s for s in scripts if not -0.2 <= s["gap"] <= 0.1] == []
    assert [s for s in scripts if s["drop"] is not None and not 0.2 <= s["drop"] <= 0.5] == []
    assert [s for s in scripts if s["rise"] is not None and not 0.35 <= s["rise"] <= 0.6] == []


# ---- a stepping figure: one slider, the step t, over a sequence traced at build time -------------


def stepped_page(name):
    if name not in STEPPED:
        pytest.skip(f"no page shows {name!r} yet: its stepping figure has nowhere to be tested")
    return STEPPED[name]


def expected_step_status(site, lang, name, i):
    """The live text at step index ``i``, written here from the built site's data file."""
    data = json.loads((site / lang / "figures" / f"{name}.json").read_text("utf-8"))

    def write(value, quantity):
        return format_number(value, lang, *interactive.FORMATS[quantity])

    cells = [
        label(
            lang,
            f"{name}.explore.{c['model']}",
            k=format_number(c["cell"], lang, "int"),
            **{g: write(c[g][i], g) for g in ("i", "f", "o", "C")},
        )
        for c in data["cells"]
    ]
    said = label(
        lang,
        f"{name}.explore.status",
        step=format_number(i + 1, lang, "int"),
        steps=format_number(data["steps"], lang, "int"),
        marked=label(lang, f"{name}.explore.marked-step") if data["marked"][i] else "",
        value=write(data["value"][i], "value"),
        cells=label(lang, f"{name}.explore.separator").join(cells),
    )
    if i == data["steps"] - 1:
        answers = {
            "hand": data["out"]["hand"][i],
            "trained": data["out"]["trained"][i],
            "target": data["target"],
        }
        said += label(lang, f"{name}.explore.answer", **{k: write(v, "out") for k, v in answers.items()})
    return said


@pytest.mark.parametrize("name", list(explore.STEPPED))
@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_stepping_figure_draws_and_follows_the_keyboard_and_the_pointer_in_the_page_language(
    chromium, server, site, lang, name
):
    path = stepped_page(name)
    context, pg, requests, errors = _watched(chromium, f"{server}{lang}/{path}")
    fig = pg.locator(f"#fig-{name}")
    panels = fig.locator(".lstm-trace-panel")
    panels.first.locator("canvas").wait_for()
    assert panels.count() == 2 * len(interactive.ROWS)  # each row, hand-wired | trained, side by side
    boxes = [panels.nth(j).locator("canvas").bounding_box() for j in range(panels.count())]
    assert all(b["width"] > 250 and b["height"] > 100 for b in boxes)
    assert boxes[0]["y"] == boxes[1]["y"] < boxes[2]["y"]
    image = fig.locator(".lstm-trace")
    assert image.get_attribute("role") == "img"
    assert image.get_attribute("aria-label") == label(lang, f"{name}.explore.chart")
    assert not fig.locator("img").is_visible()  # the panels take the static image's place
    assert fig.locator("figcaption").is_visible()

    data = json.loads((site / lang / "figures" / f"{name}.json").read_text("utf-8"))
    T, start = data["steps"], data["marked"].index(1)
    texts = interactive.step_texts(data, lang, name)
    slider = fig.locator(f"#explore-{name}-step")
    output = fig.locator(f'output[for="explore-{name}-step"]')
    status = fig.locator(".lstm-explore-status")
    assert fig.locator(f'label[for="explore-{name}-step"]').inner_text() == label(lang, "explore.step")
    assert status.get_attribute("aria-live") == "polite"
    assert status.inner_text() == expected_step_status(site, lang, name, start)
    assert label(lang, f"{name}.explore.marked-step").strip() in status.inner_text()

    def pixels():  # the trained cells' input gates
        return panels.nth(3).locator("canvas").evaluate("(c) => c.toDataURL()")

    drawn = pixels()
    slider.focus()
    for key, i in [("ArrowRight", start + 1), ("End", T - 1), ("Home", 0)]:
        pg.keyboard.press(key)
        assert status.inner_text() == expected_step_status(site, lang, name, i), key
        assert output.inner_text() == texts[i]
        assert slider.get_attribute("aria-valuetext") == texts[i]
        assert pixels() != drawn, key  # the cursor moved
        drawn = pixels()

    # A click on a panel picks the step under the pointer: here the middle of the sequence.
    over = panels.nth(4).locator(".u-over")
    box = over.bounding_box()
    over.click(position={"x": box["width"] / 2, "y": box["height"] / 2})
    i = int(slider.input_value())
    assert abs(i - (T - 1) / 2) <= 1
    assert status.inner_text() == expected_step_status(site, lang, name, i)

    host = urlsplit(server).netloc
    assert [u for u in requests if urlsplit(u).netloc != host] == []
    assert errors == []
    context.close()


@pytest.mark.parametrize("name", list(explore.STEPPED))
@pytest.mark.parametrize("lang", [ORIGINAL, "de", "zh"])  # the original, the longest labels, CJK
def test_stepping_figure_fits_a_phone_in_one_column_and_passes_axe(chromium, server, lang, name):
    from axe_playwright_python.sync_playwright import Axe

    path = stepped_page(name)
    context = chromium.new_context(viewport=VIEWPORTS["mobile"])
    pg = context.new_page()
    pg.goto(f"{server}{lang}/{path}", wait_until="networkidle")
    fig = pg.locator(f"#fig-{name}")
    fig.locator(".lstm-trace-panel canvas").first.wait_for()
    assert pg.evaluate(_WIDTH_AFTER_FRAMES) <= VIEWPORTS["mobile"]["width"]
    shown = [p for p in fig.locator(".lstm-trace-panel").all() if p.is_visible()]
    assert len(shown) == 2 * len(interactive.ROWS) - 1  # one column: the input once
    boxes = [p.locator("canvas").bounding_box() for p in shown]
    assert all(300 <= b["width"] <= VIEWPORTS["mobile"]["width"] and b["height"] > 100 for b in boxes)
    assert [b["y"] for b in boxes] == sorted(b["y"] for b in boxes)
    titles = [p.locator(".lstm-trace-title").inner_text() for p in shown]
    gate = (
        label(lang, f"{name}.ylabel-i").replace("-\n", "-").replace("\n", " ")
    )  # the axis label on one line
    assert titles[1] == f"{gate} · {label(lang, f'{name}.title-hand')}"
    # The step slider stays in view while the reader scrolls down to the cell states.
    shown[-1].scroll_into_view_if_needed()
    slider = fig.locator(f"#explore-{name}-step")
    assert 0 <= slider.bounding_box()["y"] < VIEWPORTS["mobile"]["height"]
    violations = Axe().run(pg).response["violations"]
    assert [(v["id"], v["impact"], len(v["nodes"])) for v in violations] == []
    context.close()
