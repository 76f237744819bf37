"""A failure caused by another TODO names that TODO first (grading.yml ``needs``, issue 14).

Proven on every front end that shows messages: ``rlgrade`` (grade_notebook, whose rows
feed the terminal table, the JSON and the HTML page) and the notebook's test cells.
"""

from __future__ import annotations

import contextlib
import io
import re
import textwrap

import numpy as np
import pytest
from notebook_variants import make_variant, solution_notebook

from autograder.config import load_config
from autograder.config.schema import AssignmentSpec
from autograder.grade import grade_notebook
from autograder.reports import html_report
from autograder.test_cells.check_here import check_here

WRONG_SOFTMAX = """
def softmax(H):
    return np.exp(H) / np.exp(H).sum()
"""
NOTE = "Fix `softmax` (it fails `softmax_public`) first"


def _softmax_bug(tmp_path):
    return make_variant(
        solution_notebook("bandits"), tmp_path / "bandits.ipynb", {"softmax": WRONG_SOFTMAX}
    )


def test_rlgrade_names_the_other_todo_first(config, tmp_path):
    keep = {"softmax_public", "gradient_bandit_public", "gradient_bandit_hidden"}
    subset = config.subset("bandits", lambda c: c.id in keep)
    report = grade_notebook(_softmax_bug(tmp_path), "bandits", subset)
    rows = report.by_id
    assert rows["softmax_public"].status == "failed" and rows["softmax_public"].caused_by == []
    for check in ("gradient_bandit_public", "gradient_bandit_hidden"):
        assert rows[check].status == "failed"
        assert rows[check].message.startswith(NOTE), rows[check].message
        assert rows[check].caused_by == ["softmax_public"]
    assert NOTE in html_report(report)  # the feedback page shows the same message
    assert report.to_dict()["results"][1]["caused_by"] == ["softmax_public"]


def test_a_check_that_passes_or_fails_on_its_own_gets_no_note(config, tmp_path):
    wrong_sign = """
    def gradient_bandit_update(H, actions, rewards, baseline, step_size):
        onehot = np.eye(H.shape[1])[actions]
        return H - step_size * (rewards - baseline)[:, None] * (onehot - softmax(H))
    """
    notebook = make_variant(
        solution_notebook("bandits"),
        tmp_path / "bandits.ipynb",
        {"gradient_bandit_update": textwrap.dedent(wrong_sign)},
    )
    keep = {"softmax_public", "gradient_bandit_public"}
    report = grade_notebook(notebook, "bandits", config.subset("bandits", lambda c: c.id in keep))
    rows = report.by_id
    assert rows["softmax_public"].status == "passed"
    assert rows["gradient_bandit_public"].status == "failed"
    assert "Fix `" not in rows["gradient_bandit_public"].message
    assert "wrong sign" in rows["gradient_bandit_public"].message


def _namespace(softmax_source: str) -> dict:
    namespace: dict = {"np": np}
    exec(textwrap.dedent(softmax_source), namespace)  # noqa: S102 - the test's own code
    exec(  # noqa: S102
        textwrap.dedent(
            """
            def gradient_bandit_update(H, actions, rewards, baseline, step_size):
                onehot = np.eye(H.shape[1])[actions]
                return H + step_size * (rewards - baseline)[:, None] * (onehot - softmax(H))
            """
        ),
        namespace,
    )
    return namespace


def test_the_notebook_test_cell_names_the_other_todo_first():
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        check_here("bandits", "gradient_bandit_public", _namespace(WRONG_SOFTMAX))
    text = " ".join(out.getvalue().split())  # check_here wraps prose at 100 columns
    assert text.startswith(f"NOT YET gradient_bandit_public (0/2 points): {NOTE}"), text
    right = """
    def softmax(H):
        z = np.exp(H - H.max(axis=1, keepdims=True))
        return z / z.sum(axis=1, keepdims=True)
    """
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        check_here("bandits", "gradient_bandit_public", _namespace(right))
    assert out.getvalue().startswith("PASSED gradient_bandit_public")


def _spec(checks: list[dict]) -> dict:
    return {"title": "t", "notebook": "t.ipynb", "checks": checks}


@pytest.mark.parametrize(
    ("checks", "words"),
    [
        (
            [{"id": "b", "points": 1, "visibility": "public", "needs": {"f": "a"}},
             {"id": "a", "points": 1, "visibility": "public"}],
            "not a check listed before it",
        ),
        (
            [{"id": "a", "points": 1, "visibility": "hidden"},
             {"id": "b", "points": 1, "visibility": "public", "needs": {"f": "a"}}],
            "a hidden check",
        ),
    ],
)  # fmt: skip
def test_needs_must_name_an_earlier_public_check(checks, words):
    with pytest.raises(ValueError, match=words):
        AssignmentSpec.model_validate(_spec(checks))


def test_needs_name_functions_the_reference_defines():
    """A typo in grading.yml would name a TODO the student cannot find."""
    for assignment, spec in load_config().assignments.items():
        source = solution_notebook(assignment).read_text()
        for check in spec.checks:
            for function in check.needs:
                assert re.search(rf"(def|class) {function}\b", source), (check.id, function)
