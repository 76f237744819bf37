"""Every known bug of every assignment, one parametrized test: each loses exactly its
numerical checks, and the threshold checks it names.

The table lives in tests/bug_catalogue.py (``python tests/bug_catalogue.py`` prints
it with the per-check coverage). An entry that trains is graded by ``rlgrade grade``
(the sandbox, with its time limits); one that trains nothing is graded in this process,
as the notebook's test cells grade it (tests/in_process.py says why that is the same
decision, without a TensorFlow import per entry).
"""

from __future__ import annotations

import pytest
from bug_catalogue import HIDDEN_ONLY, catalogue, caught_publicly, coverage, thresholds_of
from helpers import failed, messages
from in_process import grade_here
from notebook_variants import REPO, make_variant, solution_notebook
from platform_runs import one_seed

from autograder.config import load_config
from autograder.grade import grade_notebook

BUGS = catalogue()
TEACHING_WORDS = ("expected", "should", "nan", "raised", "not implemented")


def only(config, bug):
    """The checks the entry is graded on (every numerical check, and the threshold checks
    it must fail: bug_catalogue.py says why), its threshold checks on the cheaper setting
    it names, or else on their first training seed (a bug must fail a threshold on any
    one seed)."""
    return config.subset(
        bug.assignment, lambda c: c.id in bug.graded, bug.threshold_update or one_seed
    )


def trains(bug) -> bool:
    """Graded with a threshold check, so an agent is trained (the slow tier)."""
    return bool(bug.graded & thresholds_of(bug.assignment))


def fast(bug) -> bool:
    """In the fast tier: the first entry of each assignment that trains nothing (a grading
    costs seconds, and a hundred of them minutes); the default run grades every entry."""
    first = next((b for b in BUGS if b.assignment == bug.assignment and not trains(b)), None)
    return bug is first


@pytest.mark.parametrize(
    "bug",
    [pytest.param(b, marks=[] if fast(b) else [pytest.mark.slow]) for b in BUGS],
    ids=[b.id for b in BUGS],
)
def test_bug_loses_exactly_its_checks(bug, config, tmp_path):
    notebook = make_variant(
        solution_notebook(bug.assignment), tmp_path / f"{bug.assignment}.ipynb", bug.replace
    )
    grade = grade_notebook if trains(bug) else grade_here
    report = grade(notebook, bug.assignment, only(config, bug))
    lost = failed(report)
    assert lost == bug.must_fail, messages(report)
    if bug.metric_below is not None:  # the agent trained with the bug learned little
        spec = config.assignments[bug.assignment]
        for row in report.results:
            if spec.check(row.id).threshold:
                assert row.metric is not None and row.metric < bug.metric_below, row.message
    for row in report.results:
        if row.status == "failed":
            assert any(w in row.message.lower() for w in TEACHING_WORDS), row
        elif row.status != "passed":
            assert row.status == "timeout" and "time limit" in row.message, row
    if bug.diagnosis:
        assert any(bug.diagnosis in r.message for r in report.results if r.id in lost)


@pytest.mark.parametrize("assignment", load_config(REPO / "grading.yml").names)
def test_every_assignment_catalogues_at_least_10_mistakes(assignment):
    """An assignment's checks are proven by the bugs they catch (tests/test_<a>.py, BUGS)."""
    assert len([b for b in BUGS if b.assignment == assignment]) >= 10


def test_every_check_catches_some_bug():
    uncaught = [key for key, names in coverage(BUGS).items() if not names]
    assert not uncaught, f"checks no catalogue entry proves: {uncaught}"


def test_every_entry_is_caught_by_a_public_check_or_says_why_not():
    """A mistake a student could make must cost points where the student can see it."""
    hidden_only = {b.id for b in BUGS if not caught_publicly(b)}
    assert hidden_only == set(HIDDEN_ONLY), (
        "update HIDDEN_ONLY (with a reason) or add a public case"
    )
    assert all(reason.strip() for reason in HIDDEN_ONLY.values())
