"""The proof every assignment owes, one template fed by grading.yml.

For each assignment grading.yml lists: the reference (solutions/<a>) earns full marks on
every check, a second correct implementation written differently (tests/<a>_alt.py,
``ALT_CELLS``) does too (its threshold checks on their first training seed), the student
skeleton (assignments/<a>) earns zero with a "not implemented yet" row for every check
and no training done, and every expected number of its public checks is what its oracle
computes. A new assignment gets these tests by being in grading.yml and having its
``<a>_alt.py``; what is particular to it (its bug catalogue, its figures) stays in
tests/test_<a>.py.
"""

from __future__ import annotations

import dataclasses
import importlib

import numpy as np
import pytest
from helpers import failed, messages
from notebook_variants import REPO, make_variant, skeleton_notebook, solution_notebook
from platform_runs import one_seed

from autograder.checks.literals import oracle_values, public_modules, source
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
    """Every check, each threshold check on its first training seed: the second
    implementations' pass rate over every seed of the contract, and over shifted seed
    sets, is benchmarks/threshold_reliability.py's (RESULTS.md)."""
    alt = importlib.import_module(f"{assignment}_alt").ALT_CELLS
    notebook = make_variant(solution_notebook(assignment), tmp_path / f"{assignment}.ipynb", alt)
    cut = config.subset(assignment, threshold_update=one_seed)
    assert_full_marks(grade_notebook(notebook, assignment, cut), assignment, cut)


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


def agree(mine, truth, where: str) -> None:
    """``mine`` (a public literal) holds ``truth`` (the oracle's): same structure, same keys
    in the same order (the first matching mistake wins), same shapes, numbers within 1e-8
    (the tightest tolerance a check compares with: a literal that agrees cannot fail
    correct code)."""
    if dataclasses.is_dataclass(truth):
        assert type(mine) is type(truth), where
        for f in dataclasses.fields(truth):
            agree(getattr(mine, f.name), getattr(truth, f.name), f"{where}.{f.name}")
    elif isinstance(truth, dict):
        assert list(mine) == list(truth), where
        for key in truth:
            agree(mine[key], truth[key], f"{where}[{key!r}]")
    elif isinstance(truth, (str, type(None))):
        assert mine == truth, where
    else:
        try:
            want = np.asarray(truth, dtype=np.float64)
            got = np.asarray(mine, dtype=np.float64)
        except (
            TypeError,
            ValueError,
        ):  # ragged or not numbers: a tuple of results, e.g. (V, sweeps)
            assert len(mine) == len(truth), where
            for i, (m, t) in enumerate(zip(mine, truth, strict=True)):
                agree(m, t, f"{where}[{i}]")
            return
        assert got.shape == want.shape, (where, got.shape, want.shape)
        np.testing.assert_allclose(got, want, rtol=1e-8, atol=1e-8, err_msg=where)


@pytest.mark.parametrize("assignment", CONFIG.names)
def test_public_literals_agree_with_the_oracle(assignment):
    """A typo in a number a public check expects would fail correct code: every such number
    is recomputed by the grader's oracle (never shipped). Two forms: a ``Case`` (common.py)
    is ``oracle.<function>(*args)``; ``oracle.public_expected()`` derives the literals of
    longer computations (or a generated module, like dqn's expected.py) by name. The
    oracle's values, as source to paste or to generate: autograder/checks/literals.py."""
    fix = f" (the oracle's values: python -m autograder.checks.literals {assignment})"
    modules = public_modules(assignment)
    computed, derived = oracle_values(assignment)
    assert computed or derived, (
        f"autograder/checks/{assignment}: write the public cases as Case(...) or give "
        "oracle.py a public_expected()"
    )
    for case, truth in computed:
        agree(case.want, truth, case.title + fix)
    for name, truth in derived.items():
        holder = next((m for m in modules if hasattr(m, name)), None)
        assert holder is not None, f"oracle.public_expected() names {name}: no public module has it"
        agree(getattr(holder, name), truth, name + fix)


@pytest.mark.parametrize("assignment", CONFIG.names)
def test_the_literals_tool_writes_what_the_oracle_computes(assignment):
    """`python -m autograder.checks.literals <a>` (what an instructor pastes, or --write
    generates) is Python source that evaluates back to the oracle's values."""
    computed, derived = oracle_values(assignment)
    types = {
        name: value
        for module in public_modules(assignment)
        for name, value in vars(module).items()
        if isinstance(value, type)
    }
    named = [(case.title, value) for case, value in computed] + list(derived.items())
    assert named
    for where, value in named:
        agree(eval(source(value), types), value, where)  # noqa: S307 - our own output
