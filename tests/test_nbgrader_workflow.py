"""nbgrader's own commands, end to end, agree with rlgrade on the same notebooks.

generate_assignment -> submitted/<student>/<a>/ -> autograde (gradebook.db) ->
generate_feedback, run with nbgrader's CLI in a scratch course directory.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook
from notebook_variants import REPO, make_variant, solution_notebook

from autograder.grade import grade_notebook

BUG = {
    "ucb_scores": """
    def ucb_scores(Q, N, t, c):
        with np.errstate(divide="ignore", invalid="ignore"):
            bonus = c * np.sqrt(np.log(N) / N)
        return np.where(N == 0, np.inf, Q + bonus)
"""
}


def nbgrader(*args, cwd):
    # nbgrader runs `alembic` (its database migrations) from PATH: use this venv's
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    done = subprocess.run(
        [sys.executable, "-m", "nbgrader", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=1200,
        env=env,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done


def _tamper_with_test_cell(path, grade_id):
    nb = nbformat.read(path, as_version=4)
    cell = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)
    cell.source = "4.0  # full points, please"
    nbformat.write(nb, path)


@pytest.mark.parametrize("assignment", ["bandits"])
def test_nbgrader_autograde_matches_rlgrade(assignment, tmp_path, config):
    course = tmp_path / "course"
    shutil.copytree(REPO / "solutions" / assignment, course / "solutions" / assignment)
    shutil.copy(REPO / "nbgrader_config.py", course)
    nbgrader("generate_assignment", assignment, "--force", cwd=course)

    name = f"{assignment}.ipynb"
    submissions = {
        "alice": shutil.copy(solution_notebook(assignment), tmp_path / "alice.ipynb"),
        "bob": make_variant(solution_notebook(assignment), tmp_path / "bob.ipynb", BUG),
        "carol": make_variant(solution_notebook(assignment), tmp_path / "carol.ipynb", BUG),
    }
    _tamper_with_test_cell(submissions["carol"], "ucb_public")
    for student, path in submissions.items():
        nbgrader("db", "student", "add", student, cwd=course)
        target = course / "submitted" / student / assignment
        target.mkdir(parents=True)
        shutil.copy(path, target / name)

    nbgrader("autograde", assignment, "--force", cwd=course)
    nbgrader("generate_feedback", assignment, "--force", cwd=course)

    expected = {s: grade_notebook(p, assignment, config).score for s, p in submissions.items()}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        scores = {s: gradebook.find_submission(assignment, s).score for s in submissions}
    assert scores == pytest.approx(expected)
    assert scores["alice"] == config.assignments[assignment].max_score
    assert scores["bob"] < scores["alice"]
    assert scores["carol"] == scores["bob"]  # the edited locked cell was restored
    for student in submissions:
        assert (course / "feedback" / student / assignment / f"{assignment}.html").is_file()
