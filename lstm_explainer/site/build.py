"""Build the whole site: every language with MkDocs, then the language-choice landing page.

Each language is its own MkDocs build (its own search index, stemmer and interface
language). The languages are built by two worker processes, each taking the next language when
it is free: a worker imports MkDocs and its plugins once (about 2 s) for all its builds. The
figures and numbers are generated once beforehand, while the notebooks are executed and the
package's wheel and sdist are built beside them, so the language builds only read them.
"""

from __future__ import annotations

import html
import json
import logging
import os
import queue
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ..i18n import LANGUAGES, ORIGINAL, label
from . import content, downloads
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


class _Worker:
    """A worker process that builds the languages it is sent, one at a time (`_serve_builds`)."""

    def __init__(self, root: Path, site: Path, strict: bool, log) -> None:
        cmd = [sys.executable, "-m", "lstm_explainer.site.build", str(root), str(site), str(strict)]
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        self.proc = subprocess.Popen(
            cmd, cwd=root, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log, text=True
        )

    def build(self, lang: str) -> dict:
        assert self.proc.stdin is not None
        assert self.proc.stdout is not None
        self.proc.stdin.write(lang + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            return {"lang": lang, "error": f"the worker exited with code {self.proc.wait()}"}
        return json.loads(line)

    def close(self) -> None:
        assert self.proc.stdin is not None
        assert self.proc.stdout is not None
        self.proc.stdin.close()
        self.proc.wait()
        self.proc.stdout.close()


def _build_languages(root: Path, langs: list[str], site: Path, jobs: int) -> dict[str, float]:
    """Build ``langs`` on ``jobs`` worker processes, each taking the next language when it is
    free; seconds per language. Raises on a failed build and on any warning: not only those
    MkDocs counts under --strict, but every logger's (mkdocs build --quiet once dropped 74 of
    them before --strict counted them)."""
    todo: queue.Queue[str] = queue.Queue()
    for lang in langs:
        todo.put(lang)
    reports: list[dict] = []

    def work(worker: _Worker) -> None:
        try:
            while True:
                try:
                    lang = todo.get_nowait()
                except queue.Empty:
                    return
                reports.append(worker.build(lang))
        finally:
            worker.close()

    with tempfile.TemporaryFile("w+") as log:
        workers = [_Worker(root, site, True, log) for _ in range(min(jobs, len(langs)))]
        with ThreadPoolExecutor(max_workers=len(workers)) as pool:
            list(pool.map(work, workers))
        failed = [r for r in reports if "error" in r]
        if failed or len(reports) != len(langs):
            log.seek(0)
            errors = "\n".join(f"{r['lang']}: {r['error']}" for r in failed)
            raise RuntimeError(
                f"building {[r['lang'] for r in failed] or langs!r} failed:\n{errors}\n{log.read()}"
            )
    return {r["lang"]: r["seconds"] for r in reports}


def _serve_builds(root: Path, site: Path, strict: bool) -> None:
    """A worker's loop: a language a line on stdin, a JSON report a line on stdout."""
    warnings: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            warnings.append(f"{record.levelname} - {record.name}: {record.getMessage()}")

    handler = Collect(logging.WARNING)
    # nbconvert warns of images without alt text in the HTML it makes; notebooks.lighten then
    # writes each image's alt text from the notebook's metadata (the browser tests check them).
    handler.addFilter(lambda r: not r.getMessage().startswith("Alternative text is missing"))
    logging.getLogger().addHandler(handler)
    logging.getLogger().setLevel(logging.WARNING)
    for line in sys.stdin:
        lang = line.strip()
        warnings.clear()
        report: dict = {"lang": lang}
        try:
            report["seconds"] = _build_here(root, lang, site, strict)
        except Exception as err:  # reported to the parent, which raises
            warnings.append(f"{type(err).__name__}: {err}")
        if warnings:
            report["error"] = "\n".join(warnings)
        print(json.dumps(report), flush=True)  # noqa: T201 (read by _Worker.build)


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


def _content_and_notebooks(root: Path, langs: list[str], jobs: int) -> float:
    """Generate the content (`content.ensure`, ``jobs`` processes), execute the notebooks of
    ``langs`` (``jobs`` more) and build the package's files (`downloads.ensure`, one more) side by
    side: a notebook's cached result depends on the package's content key, not on the generated
    content, and the wheel on neither. Returns the seconds the wheel and the sdist took."""
    env = {**os.environ, **content.ONE_THREAD}
    with tempfile.TemporaryFile("w+") as log, ThreadPoolExecutor(max_workers=1) as packaging:
        # (a thread that waits for `python -m build`, which runs in a process of its own)
        def package() -> float:
            start = time.perf_counter()
            downloads.ensure(cache_dir(root))
            return time.perf_counter() - start

        built = packaging.submit(package)
        runners = [
            subprocess.Popen(
                [sys.executable, "-m", "lstm_explainer.site", "execute", "--part", f"{k}/{jobs}"]
                + [f"--lang={lang}" for lang in langs],
                cwd=root,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=log,
            )
            for k in range(jobs)
        ]
        try:
            content.ensure(cache_dir(root), parts=jobs)
        except BaseException:
            for runner in runners:
                runner.kill()
            raise
        finally:
            codes = [runner.wait() for runner in runners]
        if any(codes):
            log.seek(0)
            raise RuntimeError(f"executing the notebooks of {langs!r} failed:\n{log.read()}")
        return built.result()  # raises DownloadError if the wheel or the sdist could not be built


def build_all(root: Path, site: Path, langs: list[str] | None = None, jobs: int = 2) -> dict[str, float]:
    """Build every language (or ``langs``) into ``site``; return seconds per step."""
    times: dict[str, float] = {}
    start = time.perf_counter()
    langs = list(LANGUAGES) if langs is None else langs
    times["wheel and sdist"] = _content_and_notebooks(root, langs, jobs)
    times["content and notebooks"] = time.perf_counter() - start
    for lang in langs:
        shutil.rmtree(site / lang, ignore_errors=True)
    seconds = _build_languages(root, langs, site, jobs)
    times.update({lang: seconds[lang] for lang in langs})
    (site / "index.html").write_text(landing_page(), encoding="utf-8")
    if ORIGINAL in langs:  # static hosts serve the root's 404.html for any missing path
        shutil.copy(site / ORIGINAL / "404.html", site / "404.html")
    if os.environ.get(URL_ENV):
        (site / "sitemap.xml").write_text(sitemap_index(os.environ[URL_ENV], langs), encoding="utf-8")
    times["total"] = time.perf_counter() - start
    return times


if __name__ == "__main__":  # a worker of build_all: ROOT SITE STRICT, then languages on stdin
    _serve_builds(Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3] == "True")
