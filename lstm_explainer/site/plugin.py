"""The site's MkDocs plugin (``plugins: - lstm-explainer`` in ``mkdocs.yml``): it only dispatches.

One MkDocs build makes one language (`lstm_explainer.site.settings`): the plugin points the
build at ``docs/<lang>/``, sets Material's interface language (and so its search stemmer and
``<html lang>``), the site's name and, unless the caller chose another ``site_dir`` (as
``mkdocs serve`` does), ``site/<lang>/``. What a build needs from one event to the next lives
in the plugin's `SiteBuild`, made afresh by every ``on_config``: nothing is kept at module level.
``python -m lstm_explainer.site build`` runs one such build per language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, TableOfContents
from mkdocs.utils import get_relative_url

from .. import __version__
from ..i18n import LANGUAGES, ORIGINAL, label
from . import content, downloads, interactive, mathfont, notebooks, pagecache, render, settings


@dataclass
class SiteBuild:
    """One language's build: what ``on_config`` finds, and the notebooks ``on_files`` executes."""

    lang: str
    content: content.Content
    cache: Path
    vendor: dict[str, Path]
    math_font: tuple[Path, Path]  # Latin Modern Math and its licence (`mathfont.source`)
    downloads: downloads.Downloads  # the package's wheel and sdist, published under downloads/
    base_url: str | None  # the language's published address (<site>/<lang>/), if any
    notebooks: set[str] = field(default_factory=set)  # src_uri of the notebook pages
    api_key: str | None = None  # under mkdocs serve: the API page's key in `pagecache`,
    api_page: pagecache.Rendered | None = None  # its stored rendering, if any,
    api_anchors: pagecache.Anchors | None = None  # or the anchors registered while it renders


class SitePlugin(BasePlugin):
    """Dispatches MkDocs' events to `lstm_explainer.site`'s modules."""

    def __init__(self) -> None:
        self._build: SiteBuild | None = None
        self._serving = False

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self._serving = command == "serve"  # (MkDocs then keeps this instance between rebuilds)

    @property
    def build(self) -> SiteBuild:
        if self._build is None:
            raise PluginError("lstm-explainer: an event came before on_config")
        return self._build

    @event_priority(100)  # before the search plugin reads the interface language
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        try:
            lang = settings.current_lang()
        except KeyError as err:
            raise PluginError(err.args[0]) from None
        root = Path(config.config_file_path).resolve().parent
        config.docs_dir = str(root / "docs" / lang)
        if Path(config.site_dir).resolve() == (root / "site" / ORIGINAL).resolve():
            config.site_dir = str(root / "site" / lang)
        url = settings.site_url()
        base_url = f"{url.rstrip('/')}/{lang}/" if url else None
        if base_url:  # absolute sitemaps and canonical links, each language in <lang>/
            config.site_url = base_url
        config.theme["language"] = LANGUAGES[lang].locale
        config.site_name = label(lang, "site.name")
        config.site_description = label(lang, "site.description")
        config.extra["alternate"] = [
            {"name": language.name, "lang": code, "link": f"../{code}/"}
            for code, language in LANGUAGES.items()
        ]
        cache = settings.cache_dir(root)
        jupyter = config.plugins.get("mkdocs-jupyter")
        if jupyter is not None:
            # mkdocs-jupyter keeps each notebook's rendered page by its content, so a rebuild need
            # not convert it again; one folder a language, since each build evicts the entries it
            # did not use (two languages built at once would evict each other's).
            jupyter.config["cache"] = True
            jupyter.config["cache_dir"] = str(cache / "mkdocs-jupyter" / lang)
        try:
            directory = content.ensure(cache)
            vendor = interactive.vendor_files(root)
            math_font = mathfont.source()
            published = downloads.ensure(cache)
            downloads.install_command(published, base_url)  # ValueError on an address that is not one
        except (RuntimeError, ValueError) as err:  # VendorError, MathFontError, DownloadError among them
            raise PluginError(str(err)) from None
        if published.version != __version__:
            raise PluginError(
                f"the wheel's version {published.version} is not lstm_explainer.__version__ {__version__} "
                "(the package changed under mkdocs serve? restart it)"
            )
        config.extra["package"] = {"name": downloads.NAME, "version": __version__}  # the footer's
        generated = content.Content(directory)
        self._build = SiteBuild(lang, generated, cache, vendor, math_font, published, base_url)
        return config

    @event_priority(100)  # before mkdocs-jupyter's, which makes the (executed) notebooks pages
    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        build = self.build
        generated = build.content
        for name in generated.figure_names(build.lang):
            src = str(generated.figure_path(name, build.lang))
            files.append(File.generated(config, f"figures/{name}.svg", abs_src_path=src))
        for name in generated.explore_names():
            src = str(generated.explore_path(name))
            files.append(File.generated(config, f"figures/{name}.json", abs_src_path=src))
        for dest, path in build.vendor.items():
            files.append(File.generated(config, dest, abs_src_path=str(path)))
        for artifact in (build.downloads.wheel, build.downloads.sdist):
            built = str(build.downloads.path(artifact))
            files.append(File.generated(config, f"downloads/{artifact.name}", abs_src_path=built))
        # What the notebooks' {{ download("…") }} placeholders become: the install command, as on
        # the download page, and that page's address (absolute when published: the .ipynb travels).
        command = downloads.command_block(downloads.install_command(build.downloads, build.base_url))
        download_page = files.get_file_from_path(settings.DOWNLOAD_PAGE)
        for file in [f for f in files if f.src_uri.endswith(".ipynb")]:
            assert file.abs_src_path is not None  # a notebook of docs/, not a generated file
            try:  # mkdocs-jupyter renders the executed copy
                run = notebooks.executed(Path(file.abs_src_path), build.cache, generated.directory.name)
                if download_page is None:
                    lacks = f"{file.src_uri} links to {settings.DOWNLOAD_PAGE}, which this language lacks"
                    raise PluginError(lacks)
                # (the notebook's page: mkdocs-jupyter gives it the URL of a Markdown page)
                at = file.src_uri.removesuffix(".ipynb") + ("/" if config.use_directory_urls else ".html")
                page_url = (
                    build.base_url + download_page.url
                    if build.base_url
                    else get_relative_url(download_page.url, at)
                )
                texts = {"command": command, "page": page_url}
                run = notebooks.shown(run, build.cache, texts, root=build.base_url)
            except notebooks.NotebookError as err:
                raise PluginError(str(err)) from None
            build.notebooks.add(file.src_uri)
            files.remove(file)  # (a generated File would not do: mkdocs-jupyter needs a src_dir)
            src_dir = run.parents[len(Path(file.src_uri).parts) - 1]
            files.append(File(file.src_uri, str(src_dir), config.site_dir, config.use_directory_urls))
        return files

    def on_env(self, env: jinja2.Environment, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        # The theme's templates, compiled once and kept (Jinja checks each template's source):
        # compiling them again took a fifth of a rebuild under mkdocs serve.
        (self.build.cache / "jinja").mkdir(parents=True, exist_ok=True)
        env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(self.build.cache / "jinja"))
        return env

    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        for item in nav.items:  # section titles are the only nav text not taken from a page
            if item.is_section and item.title == "Notebooks":
                item.title = label(self.build.lang, "nav.notebooks")
        return nav

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        build = self.build
        if self._serving and page.meta.get("docstrings"):  # the API page: rendered once (pagecache)
            build.api_key = pagecache.key(
                build.content.directory.name, build.lang, markdown, Path(config.config_file_path)
            )
            build.api_page = pagecache.load(build.cache, build.lang, build.api_key)
            if build.api_page is not None:  # its prose only: the stored page replaces it
                markdown = markdown.split("\n::: ", 1)[0]
            else:
                build.api_anchors = pagecache.Anchors(config.plugins["autorefs"])
        try:
            return render.expand_markdown(
                markdown,
                build.lang,
                build.content,
                page.file.src_uri,
                downloads=build.downloads,
                base_url=build.base_url,
            )
        except render.ShortcodeError as err:
            raise PluginError(str(err)) from None

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        build = self.build
        if page.file.src_uri in build.notebooks:
            assert page.file.abs_src_path is not None
            alts = notebooks.alt_texts(Path(page.file.abs_src_path))
            try:
                return notebooks.lighten(
                    html,
                    build.lang,
                    download=Path(page.file.src_uri).name,
                    alts=alts,
                    heading_ids=_ids(page.toc),
                )
            except ValueError as err:
                raise PluginError(str(err)) from None
        api = files.get_file_from_path(settings.API_PAGE)
        if api is None and 'data-kind="equation"' in html:
            raise PluginError(
                f"{page.file.src_uri}: equations link to {settings.API_PAGE}, which this language lacks"
            )
        if page.meta.get("docstrings"):  # the API page
            if build.api_page is not None:
                html, page.toc = build.api_page.html, build.api_page.toc
                pagecache.Anchors.replay(config.plugins["autorefs"], page, build.api_page.anchors)
            elif build.api_key is not None and build.api_anchors is not None:
                stored = pagecache.Rendered(html, page.toc, build.api_anchors.stop())
                pagecache.store(build.cache, build.lang, build.api_key, stored)
            html = render.open_reference_sources(html)
        try:
            return render.expand_html(
                html,
                build.lang,
                build.content,
                api_url=get_relative_url(api.url, page.url) if api else "",
                figure_url=get_relative_url("figures/", page.url),
                allow_display_math=bool(page.meta.get("docstrings")),
                where=page.file.src_uri,
            )
        except render.ShortcodeError as err:
            raise PluginError(str(err)) from None

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        # uPlot and the figures' script load only on the pages that have an interactive figure.
        if 'class="lstm-explore"' in output:
            output = output.replace("</head>", f"{interactive.head_tags(page.url)}</head>", 1)
        return output

    def on_post_build(self, config: MkDocsConfig) -> None:
        # The math font, subset to what this language's pages show (their HTML is written now).
        mathfont.subset_for_site(Path(config.site_dir), self.build.cache, *self.build.math_font)

    def on_post_template(self, output_content: str, template_name: str, config: MkDocsConfig) -> str:
        # The 404 page is served for any missing path, so MkDocs links it from the site's root;
        # without a site_url that root is "/", while this language lives in "/<lang>/".
        if template_name == "404.html" and not config.site_url:
            return re.sub(r'\b(href|src)="/(?!/)', rf'\1="/{self.build.lang}/', output_content)
        return output_content


def _ids(toc: TableOfContents | list[AnchorLink]) -> list[str]:
    """Every heading id of a page's table of contents, depth first."""
    return [i for item in toc for i in (item.id, *_ids(item.children))]
