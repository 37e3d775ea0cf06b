"""The API page, rendered once per version of the package: what ``mkdocs serve`` reuses.

mkdocstrings renders the API reference from the package's docstrings on every build: about a
second of the 1.6 s that a rebuild took after a one-line prose edit to another page. Under
``mkdocs serve`` the plugin keeps that rendering (the page's HTML as Markdown and mkdocstrings
made it, before the plugin's own changes, its table of contents and the anchors mkdocstrings
registered with mkdocs-autorefs, which links the other pages' references to it) under a key
that hashes everything it depends on: the content key, the package's sources (every module,
`lstm_explainer.site`'s too), the page's Markdown, the MkDocs configuration, the language and
the versions of the libraries that render it. An edit to the package or to the page changes
the key, so a stale reference is never shown. ``build`` always
renders (mkdocstrings also writes the site's ``objects.inv`` while rendering).
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from mkdocs.structure.toc import AnchorLink, TableOfContents

_VERSIONED = (
    "mkdocs",
    "mkdocs-material",
    "mkdocstrings",
    "mkdocstrings-python",
    "mkdocs-autorefs",
    "griffelib",
    "markdown",
)


def key(content_key: str, lang: str, markdown: str, config_file: Path) -> str:
    """The cache key of one language's API page (see the module's text)."""
    from .content import sources

    h = hashlib.sha256(f"{content_key}\0{lang}\0{markdown}\0".encode())
    for path in sources():  # every module's docstrings, the site's own included
        h.update(path.read_bytes() + b"\0")
    h.update(Path(config_file).read_bytes())
    for dist in _VERSIONED:
        h.update(f"\0{dist}=={_version(dist)}".encode())
    return h.hexdigest()[:16]


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:  # (griffe's distribution was "griffe" before 2.0)
        return "absent"


def _path(cache_root: Path, lang: str, page_key: str) -> Path:
    return Path(cache_root) / "api-page" / f"{lang}-{page_key}.json"


@dataclass
class Rendered:
    """A rendered page: its HTML, its table of contents and its anchors (`Anchors`)."""

    html: str
    toc: TableOfContents
    anchors: list[list]


class Anchors:
    """Records the anchors registered with mkdocs-autorefs (its public ``register_anchor``)
    while a page renders, and registers recorded anchors again for a page that was not rendered."""

    def __init__(self, autorefs: Any) -> None:
        self.autorefs = autorefs
        self.recorded: list[list] = []
        original = autorefs.register_anchor

        def register(page: Any, identifier: str, anchor: str | None = None, *, title=None, primary=True):
            self.recorded.append([identifier, anchor, title, primary])
            original(page, identifier, anchor, title=title, primary=primary)

        autorefs.register_anchor = register  # on this build's instance only

    def stop(self) -> list[list]:
        """Stop recording; the anchors recorded."""
        del self.autorefs.register_anchor
        return self.recorded

    @staticmethod
    def replay(autorefs: Any, page: Any, anchors: list[list]) -> None:
        for identifier, anchor, title, primary in anchors:
            autorefs.register_anchor(page, identifier, anchor, title=title, primary=primary)


def load(cache_root: Path, lang: str, page_key: str) -> Rendered | None:
    """The page stored under ``page_key``, or None."""
    path = _path(cache_root, lang, page_key)
    if not path.exists():
        return None
    stored = json.loads(path.read_text("utf-8"))
    toc = TableOfContents([_link(item) for item in stored["toc"]])
    return Rendered(stored["html"], toc, stored["anchors"])


def store(cache_root: Path, lang: str, page_key: str, page: Rendered) -> None:
    """Keep ``page`` under ``page_key``, replacing the language's older entries."""
    path = _path(cache_root, lang, page_key)
    path.parent.mkdir(parents=True, exist_ok=True)
    for old in path.parent.glob(f"{lang}-*.json"):
        old.unlink(missing_ok=True)
    partial = path.with_name(f"{path.name}.tmp-{os.getpid()}")
    toc = [_plain(item) for item in page.toc]
    partial.write_text(json.dumps({"html": page.html, "toc": toc, "anchors": page.anchors}), encoding="utf-8")
    partial.replace(path)


def _plain(link: AnchorLink) -> dict:
    children = [_plain(child) for child in link.children]
    return {"title": link.title, "id": link.id, "level": link.level, "children": children}


def _link(item: dict) -> AnchorLink:
    link = AnchorLink(item["title"], item["id"], item["level"])
    link.children = [_link(c) for c in item["children"]]
    return link
