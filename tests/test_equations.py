"""The equation registry: one source (docstrings), and every equation independently checked."""

import ast
import importlib
import inspect
import pathlib

import pytest

import lstm_explainer as lx
from lstm_explainer.equations import SOURCES


def _marked_equation_ids() -> set[str]:
    """Ids named by @pytest.mark.equation("...") anywhere in tests/ (read from the source)."""
    ids = set()
    for path in pathlib.Path(__file__).parent.glob("test_*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "equation"
                and ast.unparse(node.func.value) == "pytest.mark"
            ):
                ids.add(node.args[0].value)
    return ids


def test_every_equation_has_an_independent_check():
    marked = _marked_equation_ids()
    registered = set(lx.equations())
    assert registered - marked == set(), "equations without a test marked @pytest.mark.equation"
    assert marked - registered == set(), "tests mark equations that the registry does not know"


def test_registry_points_at_the_function_whose_docstring_holds_the_latex():
    assert len(lx.equations()) >= 10
    for eq in lx.equations().values():
        module, _, name = eq.function.rpartition(".")
        fn = getattr(importlib.import_module(module), name)
        assert fn in SOURCES
        assert eq.latex in inspect.getdoc(fn)
        assert "$$" not in eq.latex
        assert eq.latex.strip() == eq.latex


def test_every_source_declares_an_equation():
    owners = {eq.function for eq in lx.equations().values()}
    for fn in SOURCES:
        assert f"{fn.__module__}.{fn.__qualname__}" in owners


def test_the_seed_article_s_cell_update_is_registered():
    # The seed's equation C_t = f_t * C_{t-1} + i_t * \tilde{C}_t, in LaTeX.
    assert lx.equation("lstm-cell").latex == r"C_t = f_t \odot C_{t-1} + i_t \odot \tilde{C}_t"
    assert lx.equation("lstm-cell").function == "lstm_explainer.lstm.lstm_forward"


def test_unknown_equation_names_the_known_ones():
    with pytest.raises(KeyError, match=r"unknown equation 'lstm-cel'.*lstm-cell"):
        lx.equation("lstm-cel")
