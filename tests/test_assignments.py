"""The proof every assignment owes, one template fed by grading.yml.

For each assignment grading.yml lists: the reference (solutions/<a>) earns full marks on
every check, a second correct implementation written differently (tests/<a>_alt.py,
``ALT_CELLS``) does too, and the student skeleton (assignments/<a>) earns zero with a
"not implemented yet" row for every check and no training done. A new assignment gets
these tests by being in grading.yml and having its ``<a>_alt.py``; what is particular to
it (its bug catalogue, its oracle literals, its figures) stays in tests/test_<a>.py.
"""

from __future__ import annotations

import importlib

import pytest
from helpers import failed, messages
from notebook_variants import REPO, make_variant, skeleton_notebook, solution_notebook

from autograder.config import load_config
from autograder.grade import grade_notebook

CONFIG = load_config(REPO / "grading.yml")


def trains(assignment: str) -> bool:
    """Whether grading it in full takes minutes (a threshold check with a long limit)."""
    spec = CONFIG.assignments[assignment]
    return any(c.threshold is not None and c.time_limit > 30 for c in spec.checks)


def each_assignment(slow_if_training: bool = True) -> list:
    return [
        pytest.param(a, marks=[pytest.mark.slow] if slow_if_training and trains(a) else [])
        for a in CONFIG.names
    ]


def assert_full_marks(report, assignment: str, config) -> None:
    spec = config.assignments[assignment]
    assert failed(report) == set(), messages(report)
    assert report.score == spec.max_score
    assert [r.id for r in report.results] == [c.id for c in spec.checks]
    for row in report.results:  # every threshold row says what it measured, per seed
        if row.threshold is not None and row.per_seed is not None:
            check = spec.check(row.id)
            assert len(row.per_seed) == len(check.threshold.seeds), row


@pytest.mark.parametrize("assignment", each_assignment())
def test_reference_scores_full_marks(assignment, config, rlgrade):
    assert_full_marks(rlgrade(solution_notebook(assignment), assignment), assignment, config)


@pytest.mark.parametrize("assignment", each_assignment())
def test_second_implementation_scores_full_marks(assignment, config, tmp_path):
    alt = importlib.import_module(f"{assignment}_alt").ALT_CELLS
    notebook = make_variant(solution_notebook(assignment), tmp_path / f"{assignment}.ipynb", alt)
    assert_full_marks(grade_notebook(notebook, assignment, config), assignment, config)


@pytest.mark.parametrize("assignment", each_assignment(slow_if_training=False))
def test_skeleton_scores_zero_with_not_implemented_messages(assignment, config):
    """Nothing trains on the skeleton: the first TODO a training loop needs says so."""
    report = grade_notebook(skeleton_notebook(assignment), assignment, config)
    assert report.score == 0
    assert failed(report) == {c.id for c in config.assignments[assignment].checks}
    for row in report.results:
        assert "is not implemented yet" in row.message, (row.id, row.message)
        assert row.metric is None, row  # no training, no evaluation: nothing measured


def test_every_assignment_has_its_second_implementation():
    missing = [a for a in CONFIG.names if not (REPO / "tests" / f"{a}_alt.py").is_file()]
    assert not missing, f"write tests/<a>_alt.py (ALT_CELLS) for {missing}"
