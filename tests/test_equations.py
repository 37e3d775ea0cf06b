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
    assert lx.equation("lstm-cell").function == "lstm_explainer.reference.lstm.lstm_step_forward"


def test_unknown_equation_names_the_known_ones():
    with pytest.raises(KeyError, match=r"unknown equation 'lstm-cel'.*lstm-cell"):
        lx.equation("lstm-cel")


# The equations as the site must show them, written out here by hand as the specification.
# Each is checked numerically by the test marked with its id (finite differences, torch or a
# closed form); this pins the text, so that an edit of a docstring's LaTeX, which no numeric
# test would see, fails here and must be made in both places on purpose.
SPEC = {
    "rnn-state": r"h_t = \tanh\left(x_t W_x + h_{t-1} W_h + b\right)",
    "rnn-grad": r"\frac{\partial L}{\partial h_{t-1}} = \left(\frac{\partial L}{\partial h_t} \odot (1 - h_t^2)\right) W_h^\top",
    "lstm-preactivation": r"a_t = x_t W_x + h_{t-1} W_h + b = \left[a^{i}_t,\ a^{f}_t,\ a^{o}_t,\ a^{g}_t\right]",
    "lstm-gates": r"i_t = \sigma(a^{i}_t),\quad f_t = \sigma(a^{f}_t),\quad o_t = \sigma(a^{o}_t), \quad \tilde{C}_t = \tanh(a^{g}_t)",
    "lstm-cell": r"C_t = f_t \odot C_{t-1} + i_t \odot \tilde{C}_t",
    "lstm-cell-1997": r"C_t = C_{t-1} + i_t \odot \tilde{C}_t",
    "lstm-hidden": r"h_t = o_t \odot \tanh(C_t)",
    "lstm-cell-grad": r"\frac{\partial L}{\partial C_{t-1}} = \frac{\partial L}{\partial C_t} \odot f_t"
    r" + \frac{\partial L}{\partial h_{t-1}} \odot o_{t-1} \odot \left(1 - \tanh^2 C_{t-1}\right)",
    "rnn-jacobian": r"\frac{\partial h_t}{\partial h_{t-1}} = \operatorname{diag}\!\left(1 - h_t^2\right) W_h^\top",
    "lstm-jacobian-cc": r"\frac{\partial C_t}{\partial C_{t-1}} = \operatorname{diag}(f_t)",
    "lstm-jacobian-ch": r"\frac{\partial C_t}{\partial h_{t-1}} ="
    r" \operatorname{diag}\!\big(C_{t-1} \odot f_t \odot (1 - f_t)\big) W_{h,f}^\top"
    r" + \operatorname{diag}\!\big(\tilde{C}_t \odot i_t \odot (1 - i_t)\big) W_{h,i}^\top"
    r" + \operatorname{diag}\!\big(i_t \odot (1 - \tilde{C}_t^2)\big) W_{h,g}^\top",
    "jacobian-product": r"\frac{\partial h_T}{\partial h_k} = \frac{\partial h_T}{\partial h_{T-1}} \frac{\partial h_{T-1}}{\partial h_{T-2}} \cdots \frac{\partial h_{k+1}}{\partial h_k} = \prod_{t=k+1}^{T} \frac{\partial h_t}{\partial h_{t-1}}",
    "pascanu-bound": r"\left\lVert \frac{\partial h_T}{\partial h_k} \right\rVert_2"
    r" \le \left(\gamma\, \sigma_{\max}(W_h)\right)^{T-k}",
    "cell-path": r"\prod_{t=k+1}^{T} \frac{\partial C_t}{\partial C_{t-1}} = \prod_{t=k+1}^{T} \operatorname{diag}(f_t)",
}


@pytest.mark.parametrize("eq_id", sorted(SPEC))
def test_registry_latex_is_the_specified_equation(eq_id):
    assert " ".join(lx.equation(eq_id).latex.split()) == SPEC[eq_id]


def test_every_registered_equation_is_specified():
    assert set(lx.equations()) == set(SPEC)


def test_each_equation_is_a_commented_line_of_its_reference_function():
    """The function an equation links to computes it in a line of its own, marked with its id."""
    for eq in lx.equations().values():
        module, _, name = eq.function.rpartition(".")
        source = inspect.getsource(getattr(importlib.import_module(module), name))
        body = source.split('"""')[-1]  # the code after the docstring
        assert f"# {eq.id}" in body, eq.id


def test_the_fast_layers_name_the_reference_they_implement_and_state_no_equation():
    import lstm_explainer.gradflow as gradflow
    import lstm_explainer.lstm as lstm
    import lstm_explainer.rnn as rnn

    fast = (
        lstm.lstm_forward,
        lstm.lstm_backward,
        rnn.rnn_forward,
        rnn.rnn_backward,
        gradflow.rnn_step_jacobians,
        gradflow.lstm_step_jacobians,
        gradflow.jacobian_products,
        gradflow.pascanu_bound,
        gradflow.cell_path,
    )
    for fn in fast:
        doc = inspect.getdoc(fn)
        assert "lstm_explainer.reference." in doc, fn.__name__
        assert "Computes equation" not in doc, fn.__name__
        assert "$$" not in doc, fn.__name__
