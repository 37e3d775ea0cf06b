"""The built site: every language complete and in step with the original, offline, reproducible.

One clean build of every language (fresh cache) is shared by the tests of this module.
"""

from __future__ import annotations

import hashlib
import html as html_mod
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import nbformat
import pytest
from paths import DOCS, NOTEBOOKS, PAGES, ROOT

from lstm_explainer import __version__, explore, figures
from lstm_explainer.equations import equations
from lstm_explainer.i18n import LANGUAGES, ORIGINAL, format_number, label
from lstm_explainer.site import downloads, render
from lstm_explainer.site.settings import CACHE_ENV


def html_of(site: Path, lang: str, page: str) -> str:
    stem = page[:-3]
    path = site / lang / ("index.html" if stem == "index" else f"{stem}/index.html")
    return path.read_text("utf-8")


# ---- the sources: every language has every page, with the same skeleton -------------------------

_INLINE_MATH = re.compile(r"(?<![\\$])\$(?!\$)(.+?)(?<!\\)\$")


def skeleton(md: str) -> dict[str, list]:
    """What must not differ between languages: structure, ids, shortcodes, links."""
    body = re.sub(r"```.*?```", "", md, flags=re.DOTALL)
    return {
        "headings": [(len(h), i) for h, i in re.findall(r"^(#+) .*?(?:\{ *#([\w-]+) *\})?$", body, re.M)],
        "shortcodes": render.SHORTCODE.findall(body),
        "admonitions": re.findall(r"^\s*(?:!!!|\?\?\?\+?) (\w+)", body, re.M),
        "links": re.findall(r"\]\(([^)\s]+)\)", body),
        "api": re.findall(r"^::: ([\w.]+)", body, re.M),
        "display_math": re.findall(r"\$\$", body),
        # the same inline formulas, in any order, up to the decimal mark (0{,}9 or 0.9)
        "inline_math": sorted(m.replace("{,}", ".") for m in _INLINE_MATH.findall(body)),
    }


@pytest.mark.parametrize("lang", [lg for lg in LANGUAGES if lg != ORIGINAL])
def test_every_translation_has_exactly_the_original_pages(lang):
    assert sorted(p.name for p in (DOCS / lang).glob("*.md")) == PAGES


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("lang", [lg for lg in LANGUAGES if lg != ORIGINAL])
def test_translation_keeps_the_skeleton_of_the_original(lang, page):
    original = skeleton((DOCS / ORIGINAL / page).read_text("utf-8"))
    translated = skeleton((DOCS / lang / page).read_text("utf-8"))
    for key, value in original.items():
        assert translated[key] == value, f"{lang}/{page}: {key} differ from {ORIGINAL}/{page}"


def test_no_page_writes_display_math_and_every_equation_is_shown():
    shown = set()
    for lang in LANGUAGES:
        for page in PAGES:
            md = (DOCS / lang / page).read_text("utf-8")
            assert "$$" not in md, f"{lang}/{page}: display equations must come from the registry"
            shown |= {name for kind, name in render.SHORTCODE.findall(md) if kind == "equation"}
    assert shown == set(equations())


# ---- the built pages -------------------------------------------------------------------------


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_every_page_is_built_with_its_language_and_alternates(site, lang):
    for page in PAGES:
        html = html_of(site, lang, page)
        assert re.search(rf'<html lang="{lang}"', html), (lang, page)
        for other in LANGUAGES:
            assert f'hreflang="{other}"' in html
        assert "lstm-placeholder" not in html
        assert "{{" not in html


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_equations_show_the_registry_mathml_and_link_to_their_function(site, lang):
    api = html_of(site, lang, "api.md")
    count = 0
    for page in PAGES:
        html = html_of(site, lang, page)
        for eq_id, body, href in re.findall(
            r'<div class="lstm-equation" data-equation="([\w-]+)"[^>]*>(<math.*?</math>)'
            r'<p class="lstm-equation-source">[^<]*<a href="([^"]+)">',
            html,
            re.DOTALL,
        ):
            count += 1
            eq = equations()[eq_id]
            assert body == render.mathml(eq.latex, display=True)
            target, anchor = href.split("#")
            assert target.endswith("api/")
            assert anchor == eq.function
            assert f'id="{anchor}"' in api, f"{lang}/{page}: no API entry {anchor}"
            assert _source_after(api, anchor) == '<details class="mkdocstrings-source" open>', anchor
        assert html.count('class="lstm-equation"') == len(re.findall(r'data-equation="', html))
    assert count >= len(equations())
    # the fast layers' source stays collapsed
    assert _source_after(api, "lstm_explainer.lstm.lstm_forward") == '<details class="mkdocstrings-source">'


def _source_after(api_html: str, anchor: str) -> str:
    """The opening tag of the first source block after the heading ``anchor``."""
    start = api_html.index(f'id="{anchor}"')
    return re.search(r'<details class="mkdocstrings-source"[^>]*>', api_html[start:]).group(0)


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_figures_are_localized_files_of_the_build(site, lang):
    for name in ("gradient-decay", "forget-gate", "cell-diagram"):
        svg = (site / lang / "figures" / f"{name}.svg").read_bytes()
        assert svg == figures.render(name, lang)
    html = html_of(site, lang, "gradient-problem.md")
    alt = re.search(r'<figure class="lstm-figure" id="fig-gradient-decay".*?alt="([^"]*)"', html).group(1)
    assert html_mod.unescape(alt) == figures.alt_text("gradient-decay", lang)  # numbers written in
    assert "{number:" not in alt


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_interactive_figures_ship_their_data_and_uplot_only_where_needed(site, cache, lang):
    content = next(p for p in (cache / "content").iterdir() if ".tmp-" not in p.name)
    for name, page in (("gradient-decay", "gradient-problem.md"), ("forget-gate", "how-lstms-solve-it.md")):
        data = (site / lang / "figures" / f"{name}.json").read_bytes()
        assert data == (content / "explore" / f"{name}.json").read_bytes()
        assert set(json.loads(data)["sliders"]) >= {"bias", "steps"}
        html = html_of(site, lang, page)
        assert html.count(f'data-src="../figures/{name}.json"') == 1  # the figure's one block
        head = html.split("</head>")[0]
        assert '<script src="../assets/vendor/uplot/uPlot.iife.min.js" defer></script>' in head
        assert '<script src="../assets/javascripts/explore.js" defer></script>' in head
        assert f'<label for="explore-{name}-steps">{label(lang, "explore.steps")}</label>' in html
        assert "data-search-exclude" not in html  # Material's search read it, then dropped it
    # The sliders' labels are controls, not prose: search does not find them. (The Chinese index
    # separates jieba's words with U+200B.)
    index = json.loads((site / lang / "search" / "search_index.json").read_text("utf-8"))
    texts = {d["location"]: " ".join(d["text"].replace("\u200b", "").split()) for d in index["docs"]}
    for key in ("explore.steps", "explore.bias", "explore.radius"):
        assert not [where for where, text in texts.items() if label(lang, key) in text], key
    for page in ("index.md", "how-lstms-work.md", "experiments.md"):
        assert "explore.js" not in html_of(site, lang, page)
        assert "uPlot" not in html_of(site, lang, page)
    for name in explore.STEPPED:  # shipped like the others, for the page that shows it
        assert (site / lang / "figures" / f"{name}.json").read_bytes() == (
            content / "explore" / f"{name}.json"
        ).read_bytes()
    vendor = site / lang / "assets" / "vendor" / "uplot"
    for name, src in (
        ("uPlot.iife.min.js", "dist/uPlot.iife.min.js"),
        ("uPlot.min.css", "dist/uPlot.min.css"),
        ("LICENSE", "LICENSE"),
    ):
        assert (vendor / name).read_bytes() == (ROOT / "node_modules" / "uplot" / src).read_bytes()
    assert (site / lang / "assets" / "javascripts" / "explore.js").is_file()


def test_uplot_is_pinned_exactly_without_a_lock_file():
    package = json.loads((ROOT / "package.json").read_text("utf-8"))
    assert package["private"] is True
    assert package["dependencies"] == {"uplot": "1.6.32"}
    assert (
        json.loads((ROOT / "node_modules" / "uplot" / "package.json").read_text("utf-8"))["version"]
        == "1.6.32"
    )
    assert not (ROOT / "package-lock.json").exists()
    assert "node_modules/" in (ROOT / ".gitignore").read_text().splitlines()


def test_numbers_in_the_prose_are_computed_per_language(site):
    # The Pascanu bound after 50 steps, 0.9^50 = 5.15e-3, written with each language's decimal mark.
    assert "5,2 × 10⁻³" in html_of(site, "pt", "gradient-problem.md")
    assert "5.2 × 10⁻³" in html_of(site, "en", "gradient-problem.md")


_EXTERNAL = re.compile(
    r'<(?:script|img|iframe|source|video|audio)\b[^>]*\bsrc="(?:https?:)?//'
    r'|<link\b(?![^>]*rel="(?:alternate|canonical)")[^>]*\bhref="(?:https?:)?//'
    r'|url\(\s*["\']?(?:https?:)?//|@import\s+["\']?(?:https?:)?//',
    re.I,
)


def test_no_page_or_stylesheet_loads_anything_from_another_host(site):
    files = [*site.rglob("*.html"), *site.rglob("*.css")]
    assert len(files) > 10
    offenders = [str(f.relative_to(site)) for f in files if _EXTERNAL.search(f.read_text("utf-8"))]
    assert offenders == []


def test_landing_page_links_every_language_without_script(site):
    html = (site / "index.html").read_text("utf-8")
    assert "<script" not in html
    for lang, language in LANGUAGES.items():
        assert f'<a href="{lang}/" hreflang="{lang}" lang="{lang}">{language.name}</a>' in html
        assert (site / lang / "index.html").exists()


def test_generated_content_is_byte_identical_across_clean_generations(site, cache, tmp_path):
    first = next(p for p in (cache / "content").iterdir() if ".tmp-" not in p.name)
    subprocess.run([sys.executable, "-m", "lstm_explainer.site", "generate", str(tmp_path)], check=True)
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    for rel in files:
        assert (first / rel).read_bytes() == (tmp_path / rel).read_bytes(), rel


def test_an_unknown_figure_fails_the_build_naming_it(tmp_path, cache, site):
    shutil.copytree(DOCS / "pt", tmp_path / "docs" / "pt")
    shutil.copytree(DOCS / "overrides", tmp_path / "docs" / "overrides")
    config = re.sub(r"\nwatch:\n(  - .*\n)+", "\n", (ROOT / "mkdocs.yml").read_text())
    (tmp_path / "mkdocs.yml").write_text(config)
    page = tmp_path / "docs" / "pt" / "conclusion.md"
    page.write_text(page.read_text() + '\n{{ figure("gradient-decai") }}\n')

    def build():
        return subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "out")],
            cwd=tmp_path,
            env={**os.environ, CACHE_ENV: str(cache), "LSTM_EXPLAINER_LANG": "pt"},
            capture_output=True,
            text=True,
            check=False,
        )

    proc = build()  # no node_modules/ beside mkdocs.yml: no uPlot
    assert proc.returncode != 0
    assert f"{tmp_path}/node_modules/uplot/dist/uPlot.iife.min.js is missing" in proc.stderr
    (tmp_path / "node_modules").symlink_to(ROOT / "node_modules")
    proc = build()
    assert proc.returncode != 0
    assert (
        "conclusion.md: unknown figure 'gradient-decai'; known figures: adding-lengths, adding-training, cell-diagram"
        in proc.stderr
    )


def test_the_site_build_fails_on_any_warning(tmp_path, cache, site, monkeypatch):
    """A warning fails a language's build (mkdocs's --quiet would drop it before --strict counts
    it): a link to a page that does not exist, in a copy of the project."""
    from lstm_explainer.site.build import build_all

    shutil.copytree(DOCS / "pt", tmp_path / "docs" / "pt")
    shutil.copytree(DOCS / "overrides", tmp_path / "docs" / "overrides")
    (tmp_path / "node_modules").symlink_to(ROOT / "node_modules")
    config = re.sub(r"\nwatch:\n(  - .*\n)+", "\n", (ROOT / "mkdocs.yml").read_text())
    (tmp_path / "mkdocs.yml").write_text(config)
    page = tmp_path / "docs" / "pt" / "conclusion.md"
    page.write_text(page.read_text() + "\nVeja [a página que falta](missing.md).\n")
    monkeypatch.setenv(CACHE_ENV, str(cache))
    with pytest.raises(RuntimeError, match=r"building \['pt'\] failed(.|\n)*missing\.md"):
        build_all(tmp_path, tmp_path / "out", ["pt"])


def test_no_broken_internal_link_or_anchor(site):
    """Every internal link of every built page leads to a file, and its #anchor to an id there."""
    from urllib.parse import unquote, urldefrag, urlsplit

    ids: dict[Path, set[str]] = {}

    def ids_of(path: Path) -> set[str]:
        if path not in ids:
            ids[path] = set(re.findall(r'\bid="([^"]+)"', path.read_text("utf-8")))
        return ids[path]

    broken, checked = [], 0
    for page in site.rglob("*.html"):
        for href in re.findall(r'<a\b[^>]*\bhref="([^"]+)"', page.read_text("utf-8")):
            href = html_mod.unescape(href)
            if urlsplit(href).scheme or href.startswith(("//", "mailto:")):
                continue
            url, anchor = urldefrag(href)
            path = unquote(urlsplit(url).path)
            target = (
                (site / path.lstrip("/") if path.startswith("/") else page.parent / path) if url else page
            )
            target = target.resolve()
            if target.is_dir():
                target = target / "index.html"
            checked += 1
            if not target.exists():
                broken.append(f"{page.relative_to(site)} -> {href}")
            elif anchor and target.suffix == ".html" and anchor not in ids_of(target):
                broken.append(f"{page.relative_to(site)} -> {href} (no id {anchor!r})")
    assert checked > 500
    assert broken == []


def test_a_second_build_is_byte_identical_and_a_published_one_has_sitemaps(
    site, cache, tmp_path, monkeypatch, install_commands
):
    from lstm_explainer.site.build import build_all
    from lstm_explainer.site.settings import URL_ENV

    monkeypatch.setenv(CACHE_ENV, str(cache))
    build_all(ROOT, tmp_path / "again", [ORIGINAL])
    first = sorted(p.relative_to(site / ORIGINAL) for p in (site / ORIGINAL).rglob("*") if p.is_file())
    again = sorted(
        p.relative_to(tmp_path / "again" / ORIGINAL)
        for p in (tmp_path / "again" / ORIGINAL).rglob("*")
        if p.is_file()
    )
    assert first == again
    differ = [
        str(f)
        for f in first
        if (site / ORIGINAL / f).read_bytes() != (tmp_path / "again" / ORIGINAL / f).read_bytes()
    ]
    assert differ == []
    # The package's files, built again from scratch (no cache): byte for byte the ones published.
    fresh = downloads.build(tmp_path / "dist")
    for artifact in (fresh.wheel, fresh.sdist):
        assert (
            fresh.path(artifact).read_bytes() == (site / ORIGINAL / "downloads" / artifact.name).read_bytes()
        )

    # Published (LSTM_EXPLAINER_SITE_URL): absolute sitemaps per language and an index at the root.
    # Their <lastmod> is the build's date: the only files that legitimately change from day to day.
    monkeypatch.setenv(URL_ENV, "https://example.org/lstm/")
    out = tmp_path / "published"
    build_all(ROOT, out, [ORIGINAL])
    sitemap = (out / ORIGINAL / "sitemap.xml").read_text("utf-8")
    for page in PAGES:
        stem = page[:-3]
        assert (
            f"<loc>https://example.org/lstm/{ORIGINAL}/{'' if stem == 'index' else stem + '/'}</loc>"
            in sitemap
        )
    assert f"<loc>https://example.org/lstm/{ORIGINAL}/sitemap.xml</loc>" in (out / "sitemap.xml").read_text(
        "utf-8"
    )
    assert 'href="/lstm/pt/' in (out / "404.html").read_text("utf-8")
    # The install command fetches the wheel from the published address, its SHA-256 in the URL.
    url = f"https://example.org/lstm/pt/downloads/{fresh.wheel.name}#sha256={fresh.wheel.sha256}"
    command = f'pip install "lstm-explainer @ {url}" jupyter'
    assert install_commands(html_of(out, ORIGINAL, "download.md")) == [command]
    notebook = out / ORIGINAL / "notebooks" / "forget-gate" / "forget-gate.ipynb"
    first = nbformat.read(notebook, as_version=4).cells[0].source
    assert "(https://example.org/lstm/pt/download/)" in first
    assert f"```bash\n{command}\n```" in first
    # Its links to the site's pages lead there from a downloaded copy too.
    markdown = "".join(
        c.source for c in nbformat.read(notebook, as_version=4).cells if c.cell_type == "markdown"
    )
    assert "](https://example.org/lstm/pt/how-lstms-solve-it/#memory-and-gradient)" in markdown
    assert "](../../" not in markdown


def test_each_language_keeps_its_rendered_notebooks_for_the_next_build(site, cache):
    """mkdocs-jupyter's page cache, one folder a language (a shared one would be evicted by the
    other language building at the same time): a rebuild does not convert the notebooks again."""
    for lang in LANGUAGES:
        assert len(list((cache / "mkdocs-jupyter" / lang).glob("*.json"))) == len(NOTEBOOKS), lang


_SERVE_BUILD = """
import sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
config = load_config(sys.argv[1], site_dir=sys.argv[2])
config.plugins.on_startup(command="serve", dirty=False)  # as mkdocs serve builds
build(config)
"""


def test_serve_reuses_the_rendered_api_page_until_what_it_depends_on_changes(tmp_path, cache, site):
    """Under mkdocs serve the API page is rendered once (`lstm_explainer.site.pagecache`): a rebuild
    after a prose edit elsewhere shows the stored rendering, byte for byte what a render gives,
    cross-references included; an edit to the API page's source renders it again."""
    shutil.copytree(DOCS / "pt", tmp_path / "docs" / "pt")
    shutil.copytree(DOCS / "overrides", tmp_path / "docs" / "overrides")
    (tmp_path / "node_modules").symlink_to(ROOT / "node_modules")
    config = re.sub(r"\nwatch:\n(  - .*\n)+", "\n", (ROOT / "mkdocs.yml").read_text())
    (tmp_path / "mkdocs.yml").write_text(config)
    env = {**os.environ, CACHE_ENV: str(cache), "LSTM_EXPLAINER_LANG": "pt", "NO_MKDOCS_2_WARNING": "1"}
    stored = cache / "api-page"
    shutil.rmtree(stored, ignore_errors=True)

    def serve_build(out: str) -> str:
        cmd = [sys.executable, "-c", _SERVE_BUILD, str(tmp_path / "mkdocs.yml"), str(tmp_path / out)]
        subprocess.run(cmd, cwd=tmp_path, env=env, check=True, capture_output=True)
        return (tmp_path / out / "api" / "index.html").read_text("utf-8")

    rendered = serve_build("first")
    assert rendered == html_of(site, "pt", "api.md")  # what the strict build made
    assert "autorefs-internal" in rendered  # the references between the package's objects
    (entry,) = stored.glob("pt-*.json")
    marked = json.loads(entry.read_text())
    marked["html"] = marked["html"].replace("</h1>", "</h1><p>stored-rendering</p>", 1)
    entry.write_text(json.dumps(marked))
    page = tmp_path / "docs" / "pt" / "conclusion.md"
    page.write_text(page.read_text() + "\nUma frase nova.\n")
    reused = serve_build("second")
    assert "<p>stored-rendering</p>" in reused  # the stored page is what is shown,
    assert reused.replace("<p>stored-rendering</p>", "", 1) == rendered  # and all else as rendered
    api = tmp_path / "docs" / "pt" / "api.md"
    api.write_text(api.read_text() + "\nUma nota nova.\n")
    again = serve_build("third")
    assert "stored-rendering" not in again  # rendered again,
    assert "Uma nota nova." in again
    assert [p.name for p in stored.glob("pt-*.json")] != [entry.name]  # stored under its new key


# ---- the package's files: published in every language, described and installed by the pages ----


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_every_language_publishes_the_files_its_download_page_describes(site, lang, install_commands):
    folder = site / lang / "downloads"
    files = sorted(p.name for p in folder.iterdir())
    assert files == [f"lstm_explainer-{__version__}-py3-none-any.whl", f"lstm_explainer-{__version__}.tar.gz"]
    page = html_of(site, lang, "download.md")
    for name in files:
        data = (folder / name).read_bytes()
        size = label(lang, "download.megabytes", size=format_number(len(data) / 1e6, lang, "fixed", 1))
        row = re.search(
            rf'<tr>\s*<td><a href="../downloads/{re.escape(name)}"><code>{re.escape(name)}</code></a></td>(.*?)</tr>',
            page,
            re.DOTALL,
        )
        assert row, name
        assert f"<td>{html_mod.escape(size)}</td>" in row[1]
        assert f"<td><code>{hashlib.sha256(data).hexdigest()}</code></td>" in row[1]
    wheel = files[0]
    command = f"pip install ./{wheel} jupyter"  # a local build: the downloaded file
    assert install_commands(page) == [command]
    for name in NOTEBOOKS:  # each notebook: the same command, and a link to the page
        stem = name.removesuffix(".ipynb")
        first = nbformat.read(site / lang / "notebooks" / stem / name, as_version=4).cells[0].source
        assert f"```bash\n{command}\n```" in first
        shown = (site / lang / "notebooks" / stem / "index.html").read_text("utf-8")
        assert install_commands(shown) == [command]
        assert '<a href="../../download/">' in shown


def test_no_built_page_or_notebook_installs_the_bare_name(site, bare_installs):
    texts = {p: p.read_text("utf-8") for p in site.rglob("*.html")}
    texts |= {
        p: "\n".join(c.source for c in nbformat.read(p, as_version=4).cells) for p in site.rglob("*.ipynb")
    }
    assert len(texts) > len(LANGUAGES) * (len(PAGES) + len(NOTEBOOKS))
    assert {str(p.relative_to(site)): bare_installs(t) for p, t in texts.items() if bare_installs(t)} == {}


def test_the_version_of_the_package_the_wheel_and_every_footer_agree(site):
    wheel = site / ORIGINAL / "downloads" / f"lstm_explainer-{__version__}-py3-none-any.whl"
    with zipfile.ZipFile(wheel) as whl:
        meta = whl.read(f"lstm_explainer-{__version__}.dist-info/METADATA").decode()
    assert re.search(r"^Version: (.+)$", meta, re.M)[1] == __version__
    for lang in LANGUAGES:
        for page in (site / lang).rglob("*.html"):
            footer = (
                page.read_text("utf-8").split('<div class="md-copyright">', 1)[1].split("</div>\n</div>")[0]
            )
            versions = re.findall(r'lstm-version">\s*<a href="[^"]*">lstm-explainer ([^<]+)</a>', footer)
            assert versions == [__version__], page.relative_to(site)


def test_the_files_hold_only_what_their_key_hashes(site):
    """What setuptools packs is read from `downloads.inputs`, the files the cache key hashes: a
    file it packed from elsewhere would be a change the key does not see."""
    hashed = {p.relative_to(ROOT).as_posix() for p in downloads.inputs()}
    folder = site / ORIGINAL / "downloads"
    top = f"lstm_explainer-{__version__}/"
    with tarfile.open(folder / f"lstm_explainer-{__version__}.tar.gz") as sdist:
        packed = {m.name.removeprefix(top) for m in sdist.getmembers() if m.isfile()}
    made = {"PKG-INFO", "setup.cfg"} | {p for p in packed if p.startswith("lstm_explainer.egg-info/")}
    assert packed - made <= hashed
    assert {
        "pyproject.toml",
        "README.md",
        "LICENSE",
        "lstm_explainer/__init__.py",
        "lstm_explainer/py.typed",
    } <= packed
    with zipfile.ZipFile(folder / f"lstm_explainer-{__version__}-py3-none-any.whl") as whl:
        assert f"lstm_explainer-{__version__}.dist-info/licenses/LICENSE" in whl.namelist()  # MIT, its text
        names = {n for n in whl.namelist() if not n.startswith(f"lstm_explainer-{__version__}.dist-info/")}
    assert names <= hashed
    assert {p for p in hashed if p.endswith(".py")} <= names  # every module is shipped
