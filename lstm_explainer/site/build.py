"""Build the whole site: every language with MkDocs, then the language-choice landing page.

Each language is its own MkDocs build (its own search index, stemmer and interface
language), run in its own process, two at a time. The figures and numbers are generated
once beforehand, so the language builds only read them.
"""

from __future__ import annotations

import html
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


def build_language(root: Path, lang: str, site: Path, strict: bool = True) -> float:
    """Build ``lang`` into ``site/<lang>``; return the seconds it took. Raises on failure."""
    start = time.perf_counter()
    # Not --quiet: it drops warnings before --strict counts them (a build with 74 warnings passed).
    cmd = [sys.executable, "-m", "mkdocs", "build", "--site-dir", str(site / lang)]
    cmd += ["--strict"] if strict else []
    env = {**os.environ, LANG_ENV: lang, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run(cmd, cwd=root, env=env, capture_output=True, text=True, check=False)
    if proc.returncode != 0 or "WARNING" in proc.stderr:
        raise RuntimeError(f"building {lang!r} failed (exit {proc.returncode}):\n{proc.stdout}{proc.stderr}")
    return time.perf_counter() - start


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
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        seconds = pool.map(lambda lg: build_language(root, lg, site), langs)
        times.update(zip(langs, seconds, strict=True))
    (site / "index.html").write_text(landing_page(), encoding="utf-8")
    if ORIGINAL in langs:  # static hosts serve the root's 404.html for any missing path
        shutil.copy(site / ORIGINAL / "404.html", site / "404.html")
    if os.environ.get(URL_ENV):
        (site / "sitemap.xml").write_text(sitemap_index(os.environ[URL_ENV], langs), encoding="utf-8")
    times["total"] = time.perf_counter() - start
    return times
