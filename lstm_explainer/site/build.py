"""Build the whole site: every language with MkDocs, then the language-choice landing page.

Each language is its own MkDocs build (its own search index, stemmer and interface
language). The languages are built by two worker processes, three languages each, one after the
other: a worker imports MkDocs and its plugins once (about 2 s) for its three builds. The
figures and numbers are generated once beforehand, so the language builds only read them.
"""

from __future__ import annotations

import html
import json
import logging
import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ..i18n import LANGUAGES, ORIGINAL, label
from . import content
from .settings import LANG_ENV, URL_ENV, cache_dir


def _build_here(root: Path, lang: str, site: Path, strict: bool) -> float:
    """Build ``lang`` in this process (what a worker does); return the seconds it took."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    start = time.perf_counter()
    os.environ[LANG_ENV] = lang
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(site / lang), strict=strict)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)  # raises Abort on a counted warning in strict mode
    finally:
        config.plugins.on_shutdown()
    return time.perf_counter() - start


def _build_group(root: Path, langs: list[str], site: Path, strict: bool) -> dict[str, float]:
    """Build ``langs`` one after the other in one worker process; seconds per language. Raises
    on failure and on any warning: not only those MkDocs counts under --strict, but every
    logger's (mkdocs build --quiet once dropped 74 of them before --strict counted them)."""
    cmd = [sys.executable, "-m", "lstm_explainer.site.build", str(root), str(site), str(strict), *langs]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run(cmd, cwd=root, env=env, capture_output=True, text=True, check=False)
    if proc.returncode != 0 or "WARNING" in proc.stderr:
        raise RuntimeError(f"building {langs!r} failed (exit {proc.returncode}):\n{proc.stderr}")
    return json.loads(proc.stdout.splitlines()[-1])


def landing_page() -> str:
    """The site's root page: one link per language, labelled in that language; no script."""
    items = "\n".join(
        f'    <li><a href="{code}/" hreflang="{code}" lang="{code}">{html.escape(language.name)}</a>'
        f' <span lang="{code}">— {html.escape(label(code, "site.name"))}</span></li>'
        for code, language in LANGUAGES.items()
    )
    links = "\n".join(f'  <link rel="alternate" hreflang="{c}" href="{c}/">' for c in LANGUAGES)
    return f"""<!doctype html>
<html lang="{ORIGINAL}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width,initial-scale=1">
  <title>{html.escape(label(ORIGINAL, "site.name"))}</title>
{links}
  <style>body{{font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;
  line-height:1.6}} li{{margin:.4rem 0}} a{{font-weight:600}}</style>
</head>
<body>
  <h1>{html.escape(label(ORIGINAL, "site.name"))}</h1>
  <ul>
{items}
  </ul>
</body>
</html>
"""


def sitemap_index(site_url: str, langs: list[str]) -> str:
    """A sitemap index at the site's root that lists every language's sitemap."""
    base = site_url.rstrip("/")
    entries = "".join(
        f"  <sitemap><loc>{html.escape(base)}/{lang}/sitemap.xml</loc></sitemap>\n" for lang in langs
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{entries}</sitemapindex>\n"
    )


def build_all(root: Path, site: Path, langs: list[str] | None = None, jobs: int = 2) -> dict[str, float]:
    """Build every language (or ``langs``) into ``site``; return seconds per step."""
    times: dict[str, float] = {}
    start = time.perf_counter()
    content.ensure(cache_dir(root))
    times["content"] = time.perf_counter() - start
    langs = list(LANGUAGES) if langs is None else langs
    for lang in langs:
        shutil.rmtree(site / lang, ignore_errors=True)
    groups = [langs[k::jobs] for k in range(jobs) if langs[k::jobs]]
    with ThreadPoolExecutor(max_workers=len(groups)) as pool:
        for seconds in pool.map(lambda group: _build_group(root, group, site, True), groups):
            times.update(seconds)
    times.update({lang: times.pop(lang) for lang in langs})  # in the languages' order
    (site / "index.html").write_text(landing_page(), encoding="utf-8")
    if ORIGINAL in langs:  # static hosts serve the root's 404.html for any missing path
        shutil.copy(site / ORIGINAL / "404.html", site / "404.html")
    if os.environ.get(URL_ENV):
        (site / "sitemap.xml").write_text(sitemap_index(os.environ[URL_ENV], langs), encoding="utf-8")
    times["total"] = time.perf_counter() - start
    return times


if __name__ == "__main__":  # a worker of build_all: ROOT SITE STRICT LANG...
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s - %(name)s: %(message)s")
    # nbconvert warns of images without alt text in the HTML it makes; notebooks.lighten then
    # writes each image's alt text from the notebook's metadata (the browser tests check them).
    logging.getLogger("traitlets").addFilter(
        lambda r: not r.getMessage().startswith("Alternative text is missing")
    )
    root_arg, site_arg, strict_arg, *group = sys.argv[1:]
    built = {lang: _build_here(Path(root_arg), lang, Path(site_arg), strict_arg == "True") for lang in group}
    print(json.dumps(built))  # noqa: T201 (read by _build_group)
