"""Everything the site computes, generated once per version of the package and cached.

`generate` writes, for every language, the figures as SVG, and, once, the data of the
interactive figures (`lstm_explainer.explore`), the equations (LaTeX, MathML and the
function that computes each) and the raw values of the quoted numbers. `ensure` keeps one
such directory per *content key*: a hash of the package's source files (those of the site's
build machinery excepted: `GENERATING_SITE_MODULES` alone of them shape the content), its label
catalogues and stored results, the versions of the libraries that shape the output and the CJK
font the figures' Chinese labels are measured with. A prose edit does not change the key, so
``mkdocs serve`` rebuilds in a second; an edit to the package changes it, so no page ever shows
a stale figure. Generation runs in fresh Python processes, so it always sees the code on disk.
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
ONE_THREAD = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
"""The environment of processes that run side by side: one BLAS thread each."""


GENERATING_SITE_MODULES = ("__init__.py", "__main__.py", "content.py", "render.py")
"""The modules of `lstm_explainer.site` that the generation runs; the others (the MkDocs plugin,
the page rendering, the build) only read the content, so editing them keeps it."""


def sources(package: Path | None = None) -> list[Path]:
    """The package's source files, label catalogues and stored results, sorted."""
    package = PACKAGE if package is None else package
    found = package.rglob("*")
    return sorted(p for p in found if p.suffix in (".py", ".json") and "__pycache__" not in p.parts)


def content_key() -> str:
    """A hash of what the generated content depends on: sources, catalogues, library versions."""
    h = hashlib.sha256()
    for path in sources():
        name = path.relative_to(PACKAGE).as_posix()
        if name.startswith("site/") and name.removeprefix("site/") not in GENERATING_SITE_MODULES:
            continue
        h.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    for dist in _VERSIONED:
        h.update(f"{dist}=={metadata.version(dist)}\0".encode())
    h.update(sys.version.split()[0].encode())
    from ..figures import cjk_font  # Chinese labels are measured with it, when installed

    h.update(f"cjk={cjk_font()}".encode())
    return h.hexdigest()[:16]


def _shares(parts: int) -> list[list[tuple[str, ...]]]:
    """The figures and interactive data to write, dealt out to ``parts`` processes: ("explore",
    name) and ("figure", lang, name) items, each part taking every parts-th item. The slider data
    come first (the heaviest items, a few seconds each), then each figure in every language (a
    figure costs about the same in every language), so that the shares come out about equal."""
    from .. import explore, figures
    from ..i18n import LANGUAGES

    items: list[tuple[str, ...]] = [("explore", name) for name in (*explore.EXPLORERS, *explore.STEPPED)]
    items += [("figure", lang, name) for name in figures.FIGURES for lang in LANGUAGES]
    return [items[k::parts] for k in range(parts)]


def generate(out: Path, part: int = 0, parts: int = 1) -> None:
    """Write figures/<lang>/<name>.svg, texts.json (each figure's alt text and caption in each
    language), explore/<name>.json, equations.json, claims.json (every claim's verdict and the
    claims of each figure), provenance.json (of the stored experiment results) and numbers.json.

    With ``parts`` > 1, this call writes share ``part`` of the figures and slider data
    (`_shares`); part 0 also writes the JSON files. `ensure` runs the parts side by side in one
    directory and marks it complete when all have finished. A catalogue that writes a number by
    hand stops the generation, naming its labels."""
    from .. import claims, experiments, explore, figures, numbers
    from ..equations import equations
    from ..i18n import LANGUAGES, handwritten_numbers
    from .render import mathml

    if not (isinstance(parts, int) and parts >= 1 and isinstance(part, int) and 0 <= part < parts):
        raise ValueError(f"expected 0 <= part < parts, got part {part} of {parts}")
    for lang in LANGUAGES:
        if handwritten := handwritten_numbers(lang):
            raise ValueError(
                f"lstm_explainer/locales/{lang}.json writes numbers by hand in {', '.join(handwritten)}: "
                "write {number:<id>} (lstm_explainer.numbers) or a figure's {field} instead"
            )
    for item in _shares(parts)[part]:
        if item[0] == "explore":
            (out / "explore").mkdir(parents=True, exist_ok=True)
            (out / "explore" / f"{item[1]}.json").write_bytes(explore.to_json(explore.data(item[1])))
        else:
            _, lang, name = item
            (out / "figures" / lang).mkdir(parents=True, exist_ok=True)
            (out / "figures" / lang / f"{name}.svg").write_bytes(figures.render(name, lang, "svg"))
    if part != 0:
        return
    texts = {
        lang: {
            name: {"alt": figures.alt_text(name, lang), "caption": figures.caption(name, lang)}
            for name in figures.FIGURES
        }
        for lang in LANGUAGES
    }
    (out / "texts.json").write_text(json.dumps(texts, indent=1, ensure_ascii=False), encoding="utf-8")
    verdicts = {
        c.id: {"statement": c.statement, **vars(claims.evaluate(c.id))} for c in claims.CLAIMS.values()
    }
    cited = {name: list(ids) for name, ids in figures.CLAIMS.items()}
    (out / "claims.json").write_text(
        json.dumps({"claims": verdicts, "figures": cited}, indent=1, ensure_ascii=False), encoding="utf-8"
    )
    eqs = {
        eq.id: {"latex": eq.latex, "function": eq.function, "mathml": mathml(eq.latex, display=True)}
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


def ensure(cache_root: Path, parts: int | None = None) -> Path:
    """The content directory for the current code, generating it if missing: in ``parts``
    subprocesses side by side (default: one a core, at most two), each writing its share."""
    root = Path(cache_root) / "content"
    target = root / content_key()
    if (target / "numbers.json").exists():
        return target
    parts = parts or max(1, min(2, os.cpu_count() or 1))
    tmp = root / f"{target.name}.tmp-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    logs = [tmp / f"part-{k}.log" for k in range(parts)]
    env = {**os.environ, **ONE_THREAD} if parts > 1 else None  # the parts share the cores
    procs = []
    for k, log in enumerate(logs):
        with log.open("w") as stderr:  # files, not pipes: a part never blocks on a full pipe
            cmd = [sys.executable, "-m", "lstm_explainer.site", "generate", str(tmp), f"--part={k}/{parts}"]
            procs.append(subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=stderr, env=env))
    failed = [log.read_text() for proc, log in zip(procs, logs, strict=True) if proc.wait() != 0]
    if failed:
        shutil.rmtree(tmp, ignore_errors=True)
        raise RuntimeError("generating the site's figures and numbers failed:\n" + "\n".join(failed))
    for log in logs:
        log.unlink()
    publish(tmp, target, KEEP)
    return target


def publish(tmp: Path, target: Path, keep: int) -> None:
    """Move the finished directory ``tmp`` to ``target`` (or drop it, if another build published
    the same key first), then keep the ``keep`` newest directories beside it: enough for builds
    running side by side on other keys."""
    try:
        tmp.rename(target)
    except OSError:  # another build finished the same key first
        shutil.rmtree(tmp, ignore_errors=True)
    found = (d for d in target.parent.iterdir() if ".tmp-" not in d.name)
    for old in sorted(found, key=lambda d: d.stat().st_mtime)[:-keep]:
        if old != target:
            shutil.rmtree(old, ignore_errors=True)


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
