"""The repository's paths, for the tests (conftest.py holds the fixtures)."""

from pathlib import Path

from lstm_explainer.i18n import ORIGINAL

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
PAGES = sorted(p.name for p in (DOCS / ORIGINAL).glob("*.md"))
"""The original's pages (file names); every language has the same."""
NOTEBOOKS = sorted(p.name for p in (DOCS / ORIGINAL / "notebooks").glob("*.ipynb"))
"""The original's notebooks (file names); every language has the same."""
