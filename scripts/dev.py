#!/usr/bin/env python3
"""Set up the project's environment and run its tasks. Needs Python >= 3.11 with pip, and npm.

    python3 scripts/dev.py serve [LANG]  # set up, then serve one language with live reload
    python3 scripts/dev.py build         # set up, then build every language (strict) into site/
    python3 scripts/dev.py test    # set up, then lint, check formatting and types, run every test
    python3 scripts/dev.py freeze  # rewrite requirements/constraints.txt from the venv

The environment is ``.venv/`` in the repository; it is (re)installed only when the
requirement files or pyproject.toml change. The site's plotting library (uPlot, for the
interactive figures) is installed by npm into ``node_modules/`` from ``package.json`` (no lock
file), again only when it is missing or package.json changes. ``test`` runs the tools
pyproject.toml configures (ruff check, ruff format --check, mypy) and then pytest with the slow
tests too (a plain ``pytest`` skips them); extra arguments after ``test`` go to pytest.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
REQ = ROOT / "requirements"
NODE_MODULES = ROOT / "node_modules"
GROUPS = {"serve": ["docs"], "build": ["docs"], "test": ["docs", "test"], "freeze": []}


def run(*cmd: str | Path) -> None:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    subprocess.run([str(c) for c in cmd], cwd=ROOT, check=True)


def setup(groups: list[str]) -> None:
    """Create .venv and install the package (editable) with the pinned requirement groups."""
    if not (BIN / "python").exists():
        venv.create(VENV, with_pip=True)
    files = [ROOT / "pyproject.toml", REQ / "constraints.txt"] + [REQ / f"{g}.txt" for g in groups]
    key = hashlib.sha256(b"".join(f.read_bytes() for f in files)).hexdigest()
    stamp = VENV / f".installed-{'-'.join(groups) or 'base'}"
    if stamp.exists() and stamp.read_text() == key:
        return
    run(BIN / "python", "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    reqs = [arg for g in groups for arg in ("-r", REQ / f"{g}.txt")]
    pip = (BIN / "python", "-m", "pip", "install", "--quiet")
    run(*pip, "-c", REQ / "constraints.txt", *reqs, "-e", ".")
    stamp.write_text(key)


def setup_npm() -> None:
    """Install the site's browser dependencies (package.json: uPlot) into node_modules/ with npm."""
    key = hashlib.sha256((ROOT / "package.json").read_bytes()).hexdigest()
    stamp = NODE_MODULES / ".installed-package-json"
    if (NODE_MODULES / "uplot").is_dir() and stamp.exists() and stamp.read_text() == key:
        return
    npm = shutil.which("npm")
    if npm is None:
        sys.exit(
            "npm is needed for the interactive figures' plotting library (uPlot): "
            "install Node.js/npm, e.g. apt-get install npm"
        )
    # No lock file: it would record download addresses, which this repository never holds.
    run(npm, "install", "--no-package-lock", "--no-audit", "--no-fund")
    stamp.write_text(key)


def main() -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 (this script may be started by an older python3)
        sys.exit(f"Python >= 3.11 is required, this is {sys.version.split()[0]}")
    if len(sys.argv) < 2 or sys.argv[1] not in GROUPS:
        sys.exit(__doc__)
    task, extra = sys.argv[1], sys.argv[2:]
    setup(GROUPS[task])
    if "docs" in GROUPS[task]:  # the site's builds copy uPlot from node_modules/
        setup_npm()
    if task == "serve":
        lang = ["--lang", extra.pop(0)] if extra and not extra[0].startswith("-") else []
        run(BIN / "python", "-m", "lstm_explainer.site", "serve", *lang, *extra)
    elif task == "build":
        run(BIN / "python", "-m", "lstm_explainer.site", "build", *extra)
    elif task == "test":
        run(BIN / "ruff", "check", ".")
        run(BIN / "ruff", "format", "--check", ".")
        run(BIN / "mypy")  # the package, as [tool.mypy] in pyproject.toml says
        run(BIN / "python", "-m", "pytest", "-m", "slow or not slow", *extra)
    elif task == "freeze":
        out = subprocess.run(
            [BIN / "python", "-m", "pip", "freeze", "--all", "--exclude-editable"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        # --all: setuptools too (the site's build makes the wheel with it); pip itself is upgraded by setup
        keep = [ln for ln in out.splitlines() if " @ " not in ln and not ln.startswith("pip==")]
        pins = [ln.replace("+cpu", "") for ln in keep]
        head = (REQ / "constraints.txt").read_text().splitlines()[:2]
        (REQ / "constraints.txt").write_text("\n".join(head + pins) + "\n")


if __name__ == "__main__":
    main()
