"""Stored results: run an experiment and keep its result under a key, load it back, pick runs.

A result lives in ``lstm_explainer/results/<name>.json`` with its *key*, a hash of its runs'
keys: each run's key (`run_key`) hashes the run's configuration and the code it executes, the
syntax of every module of the package that `training` imports (the cells, the trainer, the
tasks ...; comments and docstrings aside). `load` refuses a result whose key no longer matches,
naming the command that refreshes it; a change to one experiment's runs leaves the others valid.
Figures, numbers and claims pick runs one way: by their configuration (`select`, `runs`).
"""

from __future__ import annotations

import ast
import dataclasses
import functools
import hashlib
import json
import platform
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from .config import CLIPPING, FINAL_WINDOW, PROBE_SEQUENCES, Run, check

PACKAGE = Path(__file__).resolve().parent.parent
RESULTS = PACKAGE / "results"
REFRESH = "python -m lstm_explainer experiments run"


class StaleResultError(RuntimeError):
    """A stored result was computed by other code or another configuration."""


def _imports(path: Path) -> set[Path]:
    """The package's source files that ``path`` imports (relative imports), transitively."""
    seen: set[Path] = set()
    todo = [path]
    while todo:
        file = todo.pop()
        if file in seen:
            continue
        seen.add(file)
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ImportFrom) or node.level == 0:
                continue
            base = file.parent
            for _ in range(node.level - 1):
                base = base.parent
            parts = node.module.split(".") if node.module else []
            for name in [None] if parts else [a.name for a in node.names]:
                target = base.joinpath(*parts, *([name] if name else []))
                for candidate in (target.with_suffix(".py"), target / "__init__.py"):
                    if candidate.is_file():
                        todo.append(candidate)
                        break
    return seen


def code_files() -> list[Path]:
    """The source files a run executes: `training` and what it imports from the package."""
    return sorted(_imports(PACKAGE / "experiments" / "training.py"))


def _code(file: Path) -> str:
    """What a file computes: its syntax tree without comments and docstrings (editing those does
    not make a result stale)."""
    tree = ast.parse(file.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            if isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str):
                node.body = body[1:] or [ast.Pass()]  # type: ignore[attr-defined]
    return ast.dump(tree)


def _code_hash(package: Path) -> str:
    """A hash of the code a run executes: every file of `code_files` but the configuration
    (`config`, whose runs are hashed one by one), and the constants of `config` a run reads."""
    h = hashlib.sha256(
        json.dumps({"PROBE_SEQUENCES": PROBE_SEQUENCES, "FINAL_WINDOW": FINAL_WINDOW}).encode()
    )
    for file in code_files():
        if file.name == "config.py" and file.parent.name == "experiments":
            continue
        h.update(file.relative_to(package).as_posix().encode())
        h.update(_code(file).encode())
    return h.hexdigest()


def run_key(run: Run, code: str | None = None) -> str:
    """A hash of one run's configuration and of the code it runs: two runs with the same key
    give the same result (they are seeded), whatever experiment they belong to. ``code`` is
    `_code_hash`'s value when the caller has it already (it parses every file of the code)."""
    h = hashlib.sha256(json.dumps(dataclasses.asdict(run), sort_keys=True).encode())
    h.update((code or _code_hash(PACKAGE)).encode())
    return h.hexdigest()[:16]


def run_keys(runs: list[Run]) -> list[str]:
    """`run_key` of each run, the code hashed once."""
    code = _code_hash(PACKAGE)
    return [run_key(r, code) for r in runs]


def key(runs: list[Run]) -> str:
    """An experiment's key: a hash of its runs' keys (`run_key`), in order."""
    return hashlib.sha256(" ".join(run_keys(runs)).encode()).hexdigest()[:16]


def path(name: str) -> Path:
    """Where the result of experiment ``name`` is stored."""
    check(name)
    return RESULTS / f"{name}.json"


def save(name: str, results: list[dict]) -> dict:
    """Store the results of every run of experiment ``name`` (in its configuration's order) with
    the key and the provenance; return what was stored."""
    runs = check(name)
    if len(results) != len(runs):
        raise ValueError(f"experiment {name!r} has {len(runs)} runs, got {len(results)} results")
    out = {
        "experiment": name,
        "key": key(runs),
        "run_keys": run_keys(runs),
        "runs": results,
        "provenance": {
            "config": [dataclasses.asdict(r) for r in runs],
            "computed": datetime.now(UTC).strftime("%Y-%m-%d"),
            "machine": f"{platform.machine()}, {platform.system()}, Python {platform.python_version()}, "
            f"numpy {np.__version__}",
        },
    }
    RESULTS.mkdir(exist_ok=True)
    path(name).write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    stored.cache_clear()
    return out


def load(name: str) -> dict:
    """The stored result of experiment ``name``; `StaleResultError` if its key is outdated."""
    runs, file = check(name), path(name)
    refresh = f"{REFRESH} {name}"
    if not file.exists():
        raise StaleResultError(f"no stored result for experiment {name!r}; compute it with: {refresh}")
    result = json.loads(file.read_text(encoding="utf-8"))
    if result.get("key") != key(runs):
        raise StaleResultError(
            f"the stored result of experiment {name!r} was computed by other code or settings "
            f"(key {result.get('key')} != {key(runs)}); refresh it with: {refresh}"
        )
    return result


@functools.cache
def stored(name: str) -> dict:
    """`load`, once per process: the site's figures, captions and numbers all read the same
    results, and its content is generated in a fresh process, so the code cannot change under it."""
    return load(name)


def _matches(value, wanted) -> bool:
    """A configuration value has what is asked: equal, or for a dict (a run's ``layer`` or
    ``task_options``) every asked item equal."""
    if isinstance(wanted, dict):
        return isinstance(value, dict) and all(value.get(k) == v for k, v in wanted.items())
    return value == wanted


GROUPS = {"adding": ("adding-100", "adding-500", "adding-1000")}
"""Experiments reported together (one table, one figure): the adding problem at its three lengths."""
SETUPS = ("lstm", "1997", "rnn")
"""The cells the experiments compare: the LSTM with a forget gate, the 1997 cell (no forget
gate) and the tanh RNN."""


def setup(config: dict) -> str:
    """Which of `SETUPS` a run's configuration (``provenance["config"]`` entry) trains."""
    if config["cell"] == "rnn":
        return "rnn"
    return "1997" if config["layer"].get("variant") == "no_forget" else "lstm"


def select(name: str, cell_setup: str | None = None, **config) -> list[dict]:
    """The stored runs of experiment ``name`` whose configuration has these values, in order,
    e.g. ``select("clipping", clip=None)`` or ``select("forget-bias", layer={"forget_bias": 0.0})``
    (a dict matches the items it names); ``cell_setup`` picks one of `SETUPS`. Figures and numbers
    pick runs by what they are, not by their position or their labels."""
    if cell_setup is not None and cell_setup not in SETUPS:
        raise KeyError(f"unknown set-up {cell_setup!r}; expected one of {', '.join(SETUPS)}")
    result = stored(name)
    return [
        run
        for run, cfg in zip(result["runs"], result["provenance"]["config"], strict=True)
        if all(k in cfg and _matches(cfg[k], v) for k, v in config.items())
        and (cell_setup is None or setup(cfg) == cell_setup)
    ]


def runs(name: str, cell_setup: str | None = None, **config) -> list[dict]:
    """`select`, for figures, numbers and claims: ``KeyError`` if no stored run has this
    configuration (a page that quotes nothing must not build)."""
    found = select(name, cell_setup, **config)
    if not found:
        raise KeyError(f"no stored run of experiment {name!r} has the set-up {cell_setup} and {config}")
    return found


def one(name: str, cell_setup: str | None = None, **config) -> dict:
    """The one stored run of experiment ``name`` with this configuration (``KeyError`` if not one),
    e.g. ``one("adding-100", "lstm", seed=0)``."""
    found = runs(name, cell_setup, **config)
    if len(found) != 1:
        raise KeyError(
            f"{len(found)} stored runs of experiment {name!r} have the set-up {cell_setup} and {config}"
        )
    return found[0]


def summary(found: list[dict]) -> dict[str, float | int | None]:
    """Runs of one set-up over several seeds, as a table row: how many ``runs``, how many met the
    criterion (``solved``), and over those the ``mean``, ``median``, ``min`` and ``max`` of the
    sequences to the criterion (None if none met it) and of the test errors (``wrong_*``). A run
    that missed its budget counts in ``runs`` and not in the statistics: it is never dropped."""
    solved = [r for r in found if r["solved"]]
    sequences = sorted(r["sequences_to_criterion"] for r in solved)
    wrong = sorted(r["test_wrong"] for r in solved)
    row: dict[str, float | int | None] = {"runs": len(found), "solved": len(solved)}
    for prefix, values in (("", sequences), ("wrong_", wrong)):
        row[f"{prefix}mean"] = float(np.mean(values)) if values else None
        row[f"{prefix}median"] = float(np.median(values)) if values else None
        row[f"{prefix}min"] = values[0] if values else None
        row[f"{prefix}max"] = values[-1] if values else None
    return row


def clipping_runs(setting: str) -> list[dict]:
    """The stored runs of one setting of `CLIPPING` (``"control"``, ``"plain"``, ``"clipped"``)."""
    sigma, clip = CLIPPING[setting]
    return runs("clipping", layer={"max_singular_value": sigma}, clip=clip)


def _seed_text(names: tuple[str, ...], seeds: list[list[int]]) -> str:
    """The seeds of each experiment, as a caption writes them: "0–9", or per experiment when they
    differ ("0–9 (adding-100), 0–4 (adding-500)"): a union would claim seeds some runs do not have."""

    def span(s: list[int]) -> str:
        return (
            f"{s[0]}–{s[-1]}" if len(s) > 2 and s == list(range(s[0], s[-1] + 1)) else ", ".join(map(str, s))
        )

    if all(s == seeds[0] for s in seeds):
        return span(seeds[0])
    return ", ".join(f"{span(s)} ({name})" for name, s in zip(names, seeds, strict=True))


def provenance(*names: str) -> dict:
    """Caption fields of the stored results of experiments ``names``: ``{date}`` (the latest),
    ``{machine}``, ``{hash}`` (their keys), the ``{seeds}`` of their runs, the ``{file}`` that
    holds each one's whole configuration and the ``{command}`` that recomputes them."""
    results = [stored(name) for name in names]
    seeds = [sorted({run["seed"] for run in r["provenance"]["config"]}) for r in results]
    return {
        "date": max(r["provenance"]["computed"] for r in results),
        "machine": " / ".join(sorted({r["provenance"]["machine"] for r in results})),
        "hash": ", ".join(r["key"] for r in results),
        "seeds": _seed_text(names, seeds),
        "file": ", ".join(f"lstm_explainer/results/{name}.json" for name in names),
        "command": f"{REFRESH} {' '.join(names)}",
    }
