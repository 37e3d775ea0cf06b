#!/usr/bin/env python3
"""Translation status: which pages of which language lag behind the Portuguese original.

    python3 scripts/translations.py outdated   # translations older than the original they translate
    python3 scripts/translations.py missing    # pages of the original a language lacks (exit 1 if any)

"Older" compares the dates of the last commits that touched ``docs/pt/<page>`` and
``docs/<lang>/<page>`` (FastAPI's ``translate.py list-outdated`` works the same way). A page
edited but not yet committed counts as edited now. The structural drift checks (same headings,
ids, shortcodes and links in every language) are tests: ``tests/test_site.py``.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
sys.path.insert(0, str(ROOT))
from lstm_explainer.i18n import LANGUAGES, ORIGINAL  # noqa: E402


def last_change(path: Path) -> float:
    """Unix time of the last commit touching ``path``; now if it has uncommitted edits."""
    rel = path.relative_to(ROOT).as_posix()
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--", rel], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()
    if dirty:
        return time.time()
    out = subprocess.run(
        ["git", "log", "-1", "--format=%ct", "--", rel], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()
    return float(out) if out else time.time()


def pages() -> list[str]:
    return sorted(p.name for p in (DOCS / ORIGINAL).glob("*.md"))


def outdated() -> list[tuple[str, str, float]]:
    """(lang, page, days behind) for every translated page older than its original."""
    rows = []
    for page in pages():
        original = last_change(DOCS / ORIGINAL / page)
        for lang in LANGUAGES:
            path = DOCS / lang / page
            if lang != ORIGINAL and path.exists():
                behind = original - last_change(path)
                if behind > 0:
                    rows.append((lang, page, behind / 86400))
    return rows


def missing() -> list[tuple[str, str]]:
    return [
        (lang, page)
        for lang in LANGUAGES
        if lang != ORIGINAL
        for page in pages()
        if not (DOCS / lang / page).exists()
    ]


def main() -> None:
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "outdated":
        rows = outdated()
        for lang, page, days in rows:
            print(f"{lang}  docs/{lang}/{page}  is {days:.1f} days older than docs/{ORIGINAL}/{page}")
        print(f"{len(rows)} outdated translation(s)")
    elif command == "missing":
        rows = missing()
        for lang, page in rows:
            print(f"{lang}  docs/{lang}/{page}  is missing (translate docs/{ORIGINAL}/{page})")
        sys.exit(1 if rows else 0)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
