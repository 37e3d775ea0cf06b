"""The numbers the prose quotes, against closed forms and the demonstrations' own physics."""

from __future__ import annotations

import numpy as np
import pytest

from lstm_explainer import demos, numbers


def test_pascanu_bound_number_is_the_closed_form():
    assert numbers.value("rnn-bound-0.9-50") == pytest.approx(0.9**50, rel=1e-12)


@pytest.mark.parametrize("distance", [50, 100, 150])
def test_cell_path_of_the_1997_cell_is_exactly_one(distance):
    assert numbers.value(f"cell-path-1997-{distance}") == 1.0


@pytest.mark.parametrize("f", demos.FORGET_VALUES)
def test_cell_path_decays_like_f_to_the_distance(f):
    # Gates sit near f (weak recurrence, b_f = logit f): the path is within a factor (1 ± 0.1)^d of f^d.
    for d in (50, 100, 150):
        log_ratio = np.log(numbers.value(f"cell-path-{f:g}-{d}")) - d * np.log(f)
        assert abs(log_ratio) < d * np.log(1.1), (f, d)


def test_rnn_numbers_respect_the_pascanu_bound_and_separate_the_regimes():
    for r in demos.RADII:
        for d in (50, 150):
            assert numbers.value(f"rnn-{r:g}-{d}") <= demos.bound_at(r, d) * (1 + 1e-9)
    assert numbers.value("rnn-0.5-150") < 1e-40
    assert numbers.value("rnn-3-150") > 1e15  # explosion, not saturation, at this seed


def test_lstm_forget_bias_slows_the_decay():
    far = [numbers.value(f"lstm-bf{b:g}-150") for b in demos.FORGET_BIASES]
    assert far[0] < 1e-15 < far[1] < 1e-3 < far[2]


def test_every_number_is_finite_and_formats_in_both_languages():
    for num_id in numbers.NUMBERS:
        v = numbers.value(num_id)
        assert np.isfinite(v), num_id
        assert numbers.formatted(num_id, "pt")
        assert numbers.formatted(num_id, "en")


def test_unknown_number_names_the_known_ones():
    with pytest.raises(KeyError, match=r"unknown number 'rnn-9-9'; known numbers: demo-steps"):
        numbers.value("rnn-9-9")
