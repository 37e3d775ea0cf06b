#!/usr/bin/env python3
"""Mutation check: change one equation of the package at a time and confirm the suite fails.

    .venv/bin/python scripts/mutants.py            # every mutant
    .venv/bin/python scripts/mutants.py -k forget  # mutants whose name contains "forget"

Each mutant is a single textual edit of one line of the math. The script copies the
repository to a temporary directory, applies the edit there (the working tree is never
touched), runs the fast part of the suite against the copy and reports whether it failed
("caught") or passed ("SURVIVED"). A mutant whose text is not found is reported as
"stale": update its pattern after refactoring the code it mutates.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# (name, file, text to find (exactly once), replacement)
MUTANTS = [
    (
        "lstm: drop the forget gate from the cell update",
        "lstm_explainer/lstm.py",
        "np.multiply(gate[H : 2 * H], C[t], out=C[t + 1])  # f_t * C_{t-1}",
        "C[t + 1] = C[t]",
    ),
    ("lstm: drop the input gate", "lstm_explainer/lstm.py", "np.multiply(i, g, out=i_g)", "i_g[...] = g"),
    (
        "lstm: drop the output gate",
        "lstm_explainer/lstm.py",
        "np.multiply(o, tanh_C[t], out=Z[:H, t + 1])",
        "Z[:H, t + 1] = tanh_C[t]",
    ),
    ("lstm: sigmoid as 1 / (1 + exp(a))", "lstm_explainer/lstm.py", "    np.negative(a, out=a)\n", ""),
    (
        "lstm: the candidate through a sigmoid, not tanh",
        "lstm_explainer/lstm.py",
        "np.tanh(gate[n_sig:], out=gate[n_sig:])",
        "_sigmoid(gate[n_sig:])",
    ),
    (
        "lstm: h_t = o_t * C_t (no tanh)",
        "lstm_explainer/lstm.py",
        "np.multiply(o, tanh_C[t], out=Z[:H, t + 1])",
        "np.multiply(o, C[t + 1], out=Z[:H, t + 1])",
    ),
    (
        "lstm: swap the input and forget gates' weights",
        "lstm_explainer/lstm.py",
        "W = weights(params.Wh, params.Wx, params.b)",
        "W = weights(np.roll(params.Wh, H, axis=1), params.Wx, params.b)",
    ),
    (
        "lstm and rnn: drop the bias (its constant input is 0)",
        "lstm_explainer/_stacked.py",
        "Z[H + D] = 1.0",
        "Z[H + D] = 0.0",
    ),
    (
        "lstm backward: sigma' for the candidate, not tanh'",
        "lstm_explainer/lstm.py",
        "np.subtract(1.0, slope[n_sig:], out=slope[n_sig:])  # tanh' = 1 - g^2",
        "np.subtract(gate[n_sig:], slope[n_sig:], out=slope[n_sig:])",
    ),
    (
        "rnn: transpose W_h in the recurrence",
        "lstm_explainer/rnn.py",
        "weights(params.Wh, params.Wx, params.b)",
        "weights(params.Wh.T, params.Wx, params.b)",
    ),
    (
        "lstm backward: cell-state path not multiplied by f",
        "lstm_explainer/lstm.py",
        "np.multiply(dc_t, gate[H : 2 * H], out=dc_next)",
        "dc_next[...] = dc_t",
    ),
    (
        "lstm backward: drop the tanh(C) term",
        "lstm_explainer/lstm.py",
        "np.subtract(1.0, tmp, out=tmp)  # back through tanh(C_t)",
        "tmp[...] = 1.0",
    ),
    ("rnn: drop the tanh", "lstm_explainer/rnn.py", "np.tanh(a, out=Z[:H, t + 1])", "Z[:H, t + 1] = a"),
    (
        "rnn backward: use W_h instead of its transpose",
        "lstm_explainer/rnn.py",
        "np.matmul(p.Wh, da_t, out=dh_next)",
        "np.matmul(p.Wh.T, da_t, out=dh_next)",
    ),
    (
        "gradflow: Pascanu bound with sigma_max squared",
        "lstm_explainer/gradflow.py",
        "return (gamma * np.linalg.norm(Wh, 2)) ** distance",
        "return (gamma * np.linalg.norm(Wh, 2) ** 2) ** distance",
    ),
    # The reference cells, one mutant per equation line (tests/test_reference.py holds the fast
    # layers to them, so a wrong reference fails there as well as against torch and differences).
    (
        "reference rnn-state: drop the tanh",
        "lstm_explainer/reference/rnn.py",
        "h = np.tanh(x @ Wx + h_prev @ Wh + b)  # rnn-state",
        "h = x @ Wx + h_prev @ Wh + b  # rnn-state",
    ),
    (
        "reference rnn-grad: W_h untransposed",
        "lstm_explainer/reference/rnn.py",
        "dh_prev = da @ Wh.T  # rnn-grad",
        "dh_prev = da @ Wh  # rnn-grad",
    ),
    (
        "reference lstm-preactivation: drop the bias",
        "lstm_explainer/reference/lstm.py",
        "a = x @ Wx + h_prev @ Wh + b  # lstm-preactivation, (N, 4H)",
        "a = x @ Wx + h_prev @ Wh  # (N, 4H)",
    ),
    (
        "reference lstm-gates: swap i and f",
        "lstm_explainer/reference/lstm.py",
        "i, f, o = sigmoid(a_i), sigmoid(a_f), sigmoid(a_o)  # lstm-gates",
        "i, f, o = sigmoid(a_f), sigmoid(a_i), sigmoid(a_o)  # lstm-gates",
    ),
    (
        "reference lstm-cell: no forget gate",
        "lstm_explainer/reference/lstm.py",
        "c = f * c_prev + i * g  # lstm-cell",
        "c = c_prev + i * g  # lstm-cell",
    ),
    (
        "reference lstm-hidden: no tanh",
        "lstm_explainer/reference/lstm.py",
        "c = f * c_prev + i * g  # lstm-cell\n    h = o * np.tanh(c)  # lstm-hidden",
        "c = f * c_prev + i * g  # lstm-cell\n    h = o * c  # lstm-hidden",
    ),
    (
        "reference lstm-cell-1997: forgets half",
        "lstm_explainer/reference/lstm.py",
        "c = c_prev + i * g  # lstm-cell-1997",
        "c = 0.5 * c_prev + i * g  # lstm-cell-1997",
    ),
    (
        "reference lstm-cell-grad: cell path not multiplied by f",
        "lstm_explainer/reference/lstm.py",
        "dc_prev = dc_total * f  # lstm-cell-grad's first term",
        "dc_prev = dc_total  # lstm-cell-grad's first term",
    ),
    (
        "reference lstm backward: f's gradient through C_t, not C_{t-1}",
        "lstm_explainer/reference/lstm.py",
        "df = dc_total * c_prev  # ... to f_t",
        "df = dc_total * c  # ... to f_t",
    ),
    (
        "reference rnn-jacobian: W_h untransposed",
        "lstm_explainer/reference/jacobians.py",
        "return np.diag(1 - h**2) @ Wh.T  # rnn-jacobian",
        "return np.diag(1 - h**2) @ Wh  # rnn-jacobian",
    ),
    (
        "reference lstm-jacobian-cc: 1 - f",
        "lstm_explainer/reference/jacobians.py",
        "dC_dC = np.diag(f)  # lstm-jacobian-cc",
        "dC_dC = np.diag(1 - f)  # lstm-jacobian-cc",
    ),
    (
        "reference lstm-jacobian-ch: i's derivative without (1 - i)",
        "lstm_explainer/reference/jacobians.py",
        "+ np.diag(g * i * (1 - i)) @ Wh_i.T",
        "+ np.diag(g * i) @ Wh_i.T",
    ),
    (
        "reference jacobian-product: the later step on the right",
        "lstm_explainer/reference/jacobians.py",
        "P = P @ J[t - 1]  # jacobian-product",
        "P = J[t - 1] @ P  # jacobian-product",
    ),
    (
        "reference pascanu-bound: sigma_max squared",
        "lstm_explainer/reference/jacobians.py",
        "return (gamma * np.linalg.norm(Wh, 2)) ** distance  # pascanu-bound",
        "return (gamma * np.linalg.norm(Wh, 2) ** 2) ** distance  # pascanu-bound",
    ),
    (
        "reference cell-path: one gate short",
        "lstm_explainer/reference/jacobians.py",
        "return np.prod(f[k:], axis=0)  # cell-path",
        "return np.prod(f[k + 1 :], axis=0)  # cell-path",
    ),
]


def run(name: str, rel: str, old: str, new: str, pytest_args: list[str]) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "repo"
        skip = (".venv", ".git", "site", ".cache", "*.pyc", "build", "*.egg-info")  # outputs, not sources
        shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(*skip))
        path = copy / rel
        text = path.read_text()
        if old and text.count(old) != 1:
            return "stale"
        path.write_text(text.replace(old, new) if old else text)
        env = {**os.environ, "PYTHONPATH": str(copy), "LSTM_EXPLAINER_REQUIRE_TORCH": ""}
        proc = subprocess.run(
            [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *pytest_args],
            cwd=copy,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        return "caught" if proc.returncode == 1 else ("SURVIVED" if proc.returncode == 0 else "error")


def main() -> None:
    fmt = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=fmt)
    parser.add_argument("-k", default="", help="only mutants whose name contains this")
    args = parser.parse_args()
    # The math's own tests (seconds): the site, figures, claims and notebooks are not needed to catch
    # a changed equation, and each of them takes minutes.
    math = ("reference", "lstm", "rnn", "gradflow", "torch_parity", "equations", "properties", "stacked")
    math += ("exercises", "init", "train", "tasks", "errors")
    pytest_args = [f"tests/test_{name}.py" for name in math]
    baseline = run("baseline", MUTANTS[0][1], "", "", pytest_args)
    if baseline != "SURVIVED":  # the unmutated code must pass, or "caught" would mean nothing
        sys.exit(f"the suite does not pass on the unmutated code ({baseline}); fix that first")
    results = []
    for name, rel, old, new in MUTANTS:
        if args.k in name:
            outcome = run(name, rel, old, new, pytest_args)
            results.append(outcome)
            print(f"{outcome:9s} {name}", flush=True)
    if any(r != "caught" for r in results):
        sys.exit(1)


if __name__ == "__main__":
    main()
