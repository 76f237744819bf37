"""The check kit: one validator of returned values (autograder/checks/common.py). Its one
door to the sandbox (autograder/checks/submitted.py) is held by tests/test_layers.py."""

from __future__ import annotations

import numpy as np
import pytest

from autograder.checks.common import returned, returned_tuple


def test_a_tuple_or_list_of_the_right_length_is_unpacked():
    Q, N = np.zeros(2), np.ones(2)
    assert returned_tuple((Q, N), "f()", ("Q_new", "N_new")) == (Q, N)
    assert returned_tuple([Q, N], "f()", ("Q_new", "N_new")) == (Q, N)


@pytest.mark.parametrize(
    "value, said",
    [
        (None, "None (a missing `return` statement?)"),
        (np.zeros(3), "an array of shape (3,)"),
        ((1, 2, 3), "a tuple of 3 values"),
    ],
)
def test_a_wrong_result_says_what_was_expected_and_what_came_back(value, said):
    with pytest.raises(AssertionError) as error:
        returned_tuple(value, "sample_average_update(Q, N, actions, rewards)", ("Q_new", "N_new"))
    message = str(error.value)
    assert "should return a tuple (Q_new, N_new) of 2 values" in message
    assert said in message and "return Q_new, N_new" in message


def test_returned_validates_shape_kind_and_finiteness():
    assert returned(np.float32(2.5), "the loss", shape=()).shape == ()
    with pytest.raises(AssertionError, match="should be a numpy array of shape"):
        returned([1.0, 2.0], "Q", shape=(2,))
    with pytest.raises(AssertionError, match=r"has shape \(3,\); expected \(2,\)"):
        returned(np.zeros(3), "Q", shape=(2,))
    with pytest.raises(AssertionError, match="has dtype bool"):
        returned(np.zeros(2, bool), "Q", shape=(2,))
    with pytest.raises(AssertionError, match="NaN or infinity"):
        returned(np.array([np.nan, 1.0]), "Q", shape=(2,))
