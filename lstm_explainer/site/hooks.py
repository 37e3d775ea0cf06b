"""What the site's MkDocs hook (``docs/hooks.py``) dispatches to.

One MkDocs build makes one language: ``LSTM_EXPLAINER_LANG`` (default: the original,
Portuguese) picks ``docs/<lang>/``, Material's interface language (and so its search
stemmer and ``<html lang>``), the site's name, and, unless the caller chose another
``site_dir`` (as ``mkdocs serve`` does), ``site/<lang>/``. ``python -m lstm_explainer.site
build`` runs one such build per language.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.utils import get_relative_url

from ..i18n import LANGUAGES, ORIGINAL, check_lang, label
from . import content as content_mod
from . import interactive, notebooks, render

ENV = "LSTM_EXPLAINER_LANG"
CACHE_ENV = "LSTM_EXPLAINER_CACHE_DIR"  # default: .cache/ beside mkdocs.yml
URL_ENV = "LSTM_EXPLAINER_SITE_URL"  # where the site is published, e.g. https://example.org/lstm/
API_PAGE = "api.md"  # the API reference every equation links to

_state: dict = {}


def current_lang() -> str:
    """The language this build makes, from ``LSTM_EXPLAINER_LANG``."""
    lang = os.environ.get(ENV, ORIGINAL)
    try:
        return check_lang(lang)
    except KeyError as err:
        raise PluginError(f"{ENV}={lang!r}: {err.args[0]}") from None


def cache_dir(root: Path) -> Path:
    """Where generated content is cached: ``$LSTM_EXPLAINER_CACHE_DIR`` or ``<root>/.cache``."""
    return Path(os.environ.get(CACHE_ENV) or root / ".cache")


def on_config(config):
    lang = current_lang()
    root = Path(config.config_file_path).resolve().parent
    config.docs_dir = str(root / "docs" / lang)
    if Path(config.site_dir).resolve() == (root / "site" / ORIGINAL).resolve():
        config.site_dir = str(root / "site" / lang)
    if os.environ.get(URL_ENV):  # absolute sitemaps and canonical links, each language in <lang>/
        config.site_url = f"{os.environ[URL_ENV].rstrip('/')}/{lang}/"
    config.theme["language"] = LANGUAGES[lang].locale
    config.site_name = label(lang, "site.name")
    config.site_description = label(lang, "site.description")
    config.extra["alternate"] = [
        {"name": language.name, "lang": code, "link": f"../{code}/"} for code, language in LANGUAGES.items()
    ]
    try:
        directory = content_mod.ensure(cache_dir(root))
    except RuntimeError as err:
        raise PluginError(str(err)) from None
    try:
        vendor = interactive.vendor_files(root)
    except interactive.VendorError as err:
        raise PluginError(str(err)) from None
    _state.clear()
    _state.update(
        lang=lang,
        content=content_mod.Content(directory),
        cache=cache_dir(root),
        notebooks=set(),
        vendor=vendor,
    )
    return config


def on_files(files: Files, config) -> Files:
    content, lang = _state["content"], _state["lang"]
    for name in content.figure_names(lang):
        src = str(content.figure_path(name, lang))
        files.append(File.generated(config, f"figures/{name}.svg", abs_src_path=src))
    for name in content.explore_names():
        src = str(content.explore_path(name))
        files.append(File.generated(config, f"figures/{name}.json", abs_src_path=src))
    for dest, src in _state["vendor"].items():
        files.append(File.generated(config, dest, abs_src_path=str(src)))
    for file in [f for f in files if f.src_uri.endswith(".ipynb")]:
        assert file.abs_src_path is not None  # a notebook of docs/, not a generated file
        try:  # mkdocs-jupyter renders the executed copy
            run = notebooks.executed(Path(file.abs_src_path), _state["cache"], content.directory.name)
        except notebooks.NotebookError as err:
            raise PluginError(str(err)) from None
        _state["notebooks"].add(file.src_uri)
        files.remove(file)  # (a generated File would not do: mkdocs-jupyter needs a src_dir)
        src_dir = run.parents[len(Path(file.src_uri).parts) - 1]
        files.append(File(file.src_uri, str(src_dir), config.site_dir, config.use_directory_urls))
    return files


def on_nav(nav, config, files):
    for item in nav.items:  # section titles are the only nav text not taken from a page
        if item.is_section and item.title == "Notebooks":
            item.title = label(_state["lang"], "nav.notebooks")
    return nav


def on_page_markdown(markdown: str, page, config, files) -> str:
    try:
        return render.expand_markdown(markdown, _state["lang"], _state["content"], page.file.src_uri)
    except render.ShortcodeError as err:
        raise PluginError(str(err)) from None


def _toc_ids(toc) -> list[str]:
    return [i for item in toc for i in (item.id, *_toc_ids(item.children))]


def on_page_content(html: str, page, config, files) -> str:
    if page.file.src_uri in _state["notebooks"]:
        name = Path(page.file.src_uri).name
        alts = notebooks.alt_texts(Path(page.file.abs_src_path))
        try:
            return notebooks.lighten(
                html, _state["lang"], download=name, alts=alts, heading_ids=_toc_ids(page.toc)
            )
        except ValueError as err:
            raise PluginError(str(err)) from None
    api = files.get_file_from_path(API_PAGE)
    if api is None and 'data-kind="equation"' in html:
        raise PluginError(f"{page.file.src_uri}: equations link to {API_PAGE}, which this language lacks")
    if page.meta.get("docstrings"):  # the API page
        html = render.open_reference_sources(html)
    try:
        return render.expand_html(
            html,
            _state["lang"],
            _state["content"],
            api_url=get_relative_url(api.url, page.url) if api else "",
            figure_url=get_relative_url("figures/", page.url),
            allow_display_math=bool(page.meta.get("docstrings")),
            where=page.file.src_uri,
        )
    except render.ShortcodeError as err:
        raise PluginError(str(err)) from None


def on_post_page(output: str, page, config) -> str:
    # uPlot and the figures' script load only on the pages that have an interactive figure.
    if 'class="lstm-explore"' in output:
        output = output.replace("</head>", f"{interactive.head_tags(page.url)}</head>", 1)
    return output


def on_post_template(output: str, template_name: str, config) -> str:
    # The 404 page is served for any missing path, so MkDocs links it from the site's root; without
    # a site_url that root is "/", while this language lives in "/<lang>/".
    if template_name == "404.html" and not config.site_url:
        return re.sub(r'\b(href|src)="/(?!/)', rf'\1="/{_state["lang"]}/', output)
    return output
