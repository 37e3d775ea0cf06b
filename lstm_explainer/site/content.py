"""Everything the site computes, generated once per version of the package and cached.

`generate` writes, for every language, the figures as SVG, and, once, the data of the
interactive figures (`lstm_explainer.explore`), the equations (LaTeX, MathML and the
function that computes each) and the raw values of the quoted numbers. `ensure` keeps one
such directory per *content key*: a hash of the package's source files, its label
catalogues, the versions of the libraries that shape the output and the CJK font the
figures' Chinese labels are measured with. A prose edit does not change the key, so
``mkdocs serve`` rebuilds in a second; an edit to the package changes it, so no page ever shows
a stale figure. Generation runs in a fresh Python process, so it always sees the code on disk.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent
_VERSIONED = ("numpy", "matplotlib", "latex2mathml")
KEEP = 4  # content directories kept in the cache


def content_key() -> str:
    """A hash of what the generated content depends on: sources, catalogues, library versions."""
    h = hashlib.sha256()
    for path in sorted(PACKAGE.rglob("*")):
        if path.suffix in (".py", ".json") and "__pycache__" not in path.parts:
            h.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    for dist in _VERSIONED:
        h.update(f"{dist}=={metadata.version(dist)}\0".encode())
    h.update(sys.version.split()[0].encode())
    from ..figures import cjk_font  # Chinese labels are measured with it, when installed

    h.update(f"cjk={cjk_font()}".encode())
    return h.hexdigest()[:16]


def generate(out: Path) -> None:
    """Write figures/<lang>/<name>.svg, texts.json (each figure's alt text and caption in each
    language), explore/<name>.json, equations.json, claims.json (every claim's verdict and the
    claims of each figure), provenance.json (of the stored experiment results) and numbers.json
    (last: its presence marks a complete directory). A catalogue that writes a number by hand
    stops the generation, naming its labels."""
    from latex2mathml.converter import convert

    from .. import claims, experiments, explore, figures, numbers
    from ..equations import equations
    from ..i18n import LANGUAGES, handwritten_numbers

    for lang in LANGUAGES:
        if handwritten := handwritten_numbers(lang):
            raise ValueError(
                f"lstm_explainer/locales/{lang}.json writes numbers by hand in {', '.join(handwritten)}: "
                "write {number:<id>} (lstm_explainer.numbers) or a figure's {field} instead"
            )
    texts: dict[str, dict] = {}
    for lang in LANGUAGES:
        (out / "figures" / lang).mkdir(parents=True, exist_ok=True)
        for name in figures.FIGURES:
            (out / "figures" / lang / f"{name}.svg").write_bytes(figures.render(name, lang, "svg"))
        texts[lang] = {
            n: {"alt": figures.alt_text(n, lang), "caption": figures.caption(n, lang)}
            for n in figures.FIGURES
        }
    (out / "texts.json").write_text(json.dumps(texts, indent=1, ensure_ascii=False), encoding="utf-8")
    verdicts = {
        c.id: {"statement": c.statement, **vars(claims.evaluate(c.id))} for c in claims.CLAIMS.values()
    }
    cited = {name: list(ids) for name, ids in figures.CLAIMS.items()}
    (out / "claims.json").write_text(
        json.dumps({"claims": verdicts, "figures": cited}, indent=1, ensure_ascii=False), encoding="utf-8"
    )
    (out / "explore").mkdir()
    for name in (*explore.EXPLORERS, *explore.STEPPED):
        (out / "explore" / f"{name}.json").write_bytes(explore.to_json(explore.data(name)))
    eqs = {
        eq.id: {"latex": eq.latex, "function": eq.function, "mathml": convert(eq.latex, display="block")}
        for eq in equations().values()
    }
    (out / "equations.json").write_text(json.dumps(eqs, indent=1, ensure_ascii=False), encoding="utf-8")
    origin = {  # under each results table: an experiment's, or a group's (several experiments)
        name: experiments.provenance(*members)
        for name, members in [*((n, (n,)) for n in experiments.EXPERIMENTS), *experiments.GROUPS.items()]
    }
    (out / "provenance.json").write_text(json.dumps(origin, indent=1), encoding="utf-8")
    values = {num_id: numbers.value(num_id) for num_id in numbers.NUMBERS}
    (out / "numbers.json").write_text(json.dumps(values, indent=1), encoding="utf-8")


def ensure(cache_root: Path) -> Path:
    """The content directory for the current code, generating it (in a subprocess) if missing."""
    root = Path(cache_root) / "content"
    target = root / content_key()
    if (target / "numbers.json").exists():
        return target
    tmp = root / f"{target.name}.tmp-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    proc = subprocess.run(
        [sys.executable, "-m", "lstm_explainer.site", "generate", str(tmp)],
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        shutil.rmtree(tmp, ignore_errors=True)
        raise RuntimeError(f"generating the site's figures and numbers failed:\n{proc.stderr}")
    try:
        tmp.rename(target)
    except OSError:  # another build finished the same key first
        shutil.rmtree(tmp, ignore_errors=True)
    # Keep the few newest contents: enough for builds running side by side on other keys.
    done = sorted((d for d in root.iterdir() if ".tmp-" not in d.name), key=lambda d: d.stat().st_mtime)
    for old in done[:-KEEP]:
        if old != target:
            shutil.rmtree(old, ignore_errors=True)
    return target


class Content:
    """The generated content of one directory, read once."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        self.equations: dict[str, dict] = json.loads((self.directory / "equations.json").read_text("utf-8"))
        self.numbers: dict[str, float] = json.loads((self.directory / "numbers.json").read_text("utf-8"))
        self.provenance: dict[str, dict] = json.loads((self.directory / "provenance.json").read_text("utf-8"))
        self.texts: dict[str, dict] = json.loads((self.directory / "texts.json").read_text("utf-8"))
        verdicts = json.loads((self.directory / "claims.json").read_text("utf-8"))
        self.claims: dict[str, dict] = verdicts["claims"]
        self.figure_claims: dict[str, list[str]] = verdicts["figures"]
        self._explore: dict[str, dict] = {}

    def figure_path(self, name: str, lang: str) -> Path:
        return self.directory / "figures" / lang / f"{name}.svg"

    def figure_names(self, lang: str) -> list[str]:
        return sorted(p.stem for p in (self.directory / "figures" / lang).glob("*.svg"))

    def explore_path(self, name: str) -> Path:
        """The interactive data of figure ``name`` (the same file for every language)."""
        return self.directory / "explore" / f"{name}.json"

    def explore_names(self) -> list[str]:
        """The figures that have interactive data."""
        return sorted(p.stem for p in (self.directory / "explore").glob("*.json"))

    def explore_data(self, name: str) -> dict:
        if name not in self._explore:
            self._explore[name] = json.loads(self.explore_path(name).read_text("utf-8"))
        return self._explore[name]
