"""The site's settings: the environment variables a build reads, and where things are.

One MkDocs build makes one language: ``LSTM_EXPLAINER_LANG`` (default: the original,
Portuguese) picks ``docs/<lang>/``; ``LSTM_EXPLAINER_CACHE_DIR`` holds the generated content
(default ``.cache/`` beside ``mkdocs.yml``); ``LSTM_EXPLAINER_SITE_URL`` is where the site is
published (absolute sitemaps and canonical links).

`REGISTRY_RELEASES` lists the versions that ``.github/workflows/release.yml`` has published on
the Python package index; until a version is there, the site tells readers to install the wheel
it serves itself (`lstm_explainer.site.downloads.install_command`), never the bare name.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..i18n import ORIGINAL, check_lang

LANG_ENV = "LSTM_EXPLAINER_LANG"
CACHE_ENV = "LSTM_EXPLAINER_CACHE_DIR"
URL_ENV = "LSTM_EXPLAINER_SITE_URL"  # e.g. https://example.org/lstm/
API_PAGE = "api.md"  # the API reference every equation links to
DOWNLOAD_PAGE = "download.md"  # the package's files and the install command; the notebooks link to it
REGISTRY_RELEASES: tuple[str, ...] = ()
"""The versions of lstm-explainer on the package index, each added (by hand, in the commit after
the release workflow succeeded) once that version is there: only then does the site tell readers
to install it by name."""


def current_lang() -> str:
    """The language this build makes, from ``LSTM_EXPLAINER_LANG``; ``KeyError`` naming the
    languages if it is not one of them."""
    lang = os.environ.get(LANG_ENV, ORIGINAL)
    try:
        return check_lang(lang)
    except KeyError as err:
        raise KeyError(f"{LANG_ENV}={lang!r}: {err.args[0]}") from None


def cache_dir(root: Path) -> Path:
    """Where generated content is cached: ``$LSTM_EXPLAINER_CACHE_DIR`` or ``<root>/.cache``."""
    return Path(os.environ.get(CACHE_ENV) or root / ".cache")


def site_url() -> str | None:
    """Where the site is published, or None (relative links only)."""
    return os.environ.get(URL_ENV) or None
