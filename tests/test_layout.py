"""The package's parts: the core (cells, gradient flow, tasks, training, experiments, figures)
imports nothing of the site's build machinery; the site imports the core."""

import ast

import pytest
from paths import ROOT

PACKAGE = ROOT / "lstm_explainer"
CORE = sorted(p for p in PACKAGE.rglob("*.py") if "site" not in p.relative_to(PACKAGE).parts)


def imported(path, package=PACKAGE):
    """The absolute names of the modules ``path`` (in ``package``) imports, relative ones resolved."""
    parent = ["lstm_explainer", *path.relative_to(package).parent.parts]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = parent[: len(parent) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            yield module
            yield from (f"{module}.{a.name}" for a in node.names)


def site_imports(path, package=PACKAGE):
    return [
        m for m in imported(path, package) if m.split(".")[:2] == ["lstm_explainer", "site"] or m == "mkdocs"
    ]


@pytest.mark.parametrize("path", CORE, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_the_core_imports_nothing_of_the_site(path):
    assert site_imports(path) == []


def test_a_core_module_that_imports_the_site_is_caught(tmp_path):
    probe = tmp_path / "lstm_explainer" / "figures" / "probe.py"
    probe.parent.mkdir(parents=True)
    probe.write_text("import numpy\nfrom . import text\nfrom ..site import render\n")
    assert site_imports(probe, tmp_path / "lstm_explainer") == [
        "lstm_explainer.site",
        "lstm_explainer.site.render",
    ]
